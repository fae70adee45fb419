# tiny.py - the program behind tests/data/loader/*.pyc (pyc loader tests)
def outer(a, b=2):
    def inner():
        return a + b
    return inner


class K(object):
    def method(self, *args):
        return [i * 2 for i in range(3)]


print((outer(1)(), K().method(), 2 ** 70, 1.5, b'x', u'\xe9', frozenset('ab')))
