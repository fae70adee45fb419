# min-version: 3.12
# Mutual recursion that ends in an uncaught error: alternating frames are
# not collapsed, a run of identical ones is.
def ping(n):
    if n <= 0:
        return [][n]
    return pong(n - 1)


def pong(n):
    return ping(n)


def spin(n):
    if n:
        return spin(n - 1)
    return ping(3)


spin(30)
