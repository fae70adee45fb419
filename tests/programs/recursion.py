# py2: yes
# Recursion: direct, mutual, with accumulators and memoisation in a dict.


def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


def fib(n, memo={}):
    if n < 2:
        return n
    if n not in memo:
        memo[n] = fib(n - 1) + fib(n - 2)
    return memo[n]


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return moves
    hanoi(n - 1, src, via, dst, moves)
    moves.append((src, dst))
    hanoi(n - 1, via, dst, src, moves)
    return moves


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def flatten(x, out):
    if isinstance(x, (list, tuple)):
        for item in x:
            flatten(item, out)
    else:
        out.append(x)
    return out


print(str(fact(10)))
print(str(fact(25)))
print(str([fib(i) for i in range(15)]))
print(str(fib(80)))
print(str((is_even(10), is_odd(7), is_even(3))))
moves = hanoi(4, 'A', 'C', 'B', [])
print("hanoi moves: %d first %r last %r" % (len(moves), moves[0], moves[-1]))
print(str(ackermann(2, 3)))
print(str(flatten([1, [2, [3, (4, 5)], 6], [[7]]], [])))
