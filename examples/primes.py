# py2: yes
"""The sieve of Eratosthenes; valid Python 2 and Python 3."""


def primes(limit):
    sieve = [True] * (limit + 1)
    found = []
    for n in range(2, limit + 1):
        if sieve[n]:
            found.append(n)
            for multiple in range(n * n, limit + 1, n):
                sieve[multiple] = False
    return found


class Counter(object):
    def __init__(self):
        self.total = 0

    def add(self, values):
        for v in values:
            self.total += v
        return self.total


if __name__ == "__main__":
    p = primes(50)
    print(p)
    print(Counter().add(p))
