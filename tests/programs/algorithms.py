# py2: yes
# Classic algorithms as a VM workload: sorting, searching, sieve, gcd,
# matrix product, string algorithms, a tiny interpreter loop.


def quicksort(xs):
    if len(xs) <= 1:
        return xs
    pivot = xs[len(xs) // 2]
    less = [x for x in xs if x < pivot]
    same = [x for x in xs if x == pivot]
    more = [x for x in xs if x > pivot]
    return quicksort(less) + same + quicksort(more)


def merge_sort(xs):
    if len(xs) < 2:
        return list(xs)
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def binary_search(xs, target):
    lo, hi = 0, len(xs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid
        elif xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    p = 2
    while p * p <= n:
        if flags[p]:
            for m in range(p * p, n + 1, p):
                flags[m] = False
        p += 1
    return [i for i, f in enumerate(flags) if f]


def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b)))
             for j in range(len(b[0]))] for i in range(len(a))]


def lcs(x, y):
    table = [[0] * (len(y) + 1) for _ in range(len(x) + 1)]
    for i in range(1, len(x) + 1):
        for j in range(1, len(y) + 1):
            if x[i - 1] == y[j - 1]:
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    return table[len(x)][len(y)]


def run_stack_machine(program):
    stack = []
    pc = 0
    while pc < len(program):
        op = program[pc]
        pc += 1
        if op == "push":
            stack.append(program[pc])
            pc += 1
        elif op == "add":
            stack.append(stack.pop() + stack.pop())
        elif op == "mul":
            stack.append(stack.pop() * stack.pop())
        elif op == "dup":
            stack.append(stack[-1])
        else:
            raise ValueError(op)
    return stack


seed = 12345
data = []
for _ in range(40):
    seed = (seed * 1103515245 + 12345) % 2147483648
    data.append(seed % 1000)
print(str(quicksort(data)[:10]))
print(str(merge_sort(data) == sorted(data)))
s = sorted(data)
print(str((binary_search(s, s[17]) >= 0, binary_search(s, 1001))))
print(str(sieve(60)))
print(str((gcd(1071, 462), gcd(2 ** 40, 6 ** 20))))
print(str(matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]])))
print(str(lcs("AGGTAB", "GXTXAYB")))
print(str(run_stack_machine(["push", 3, "push", 4, "add", "dup", "mul"])))
