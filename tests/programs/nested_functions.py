# Functions nested three deep, free variables passing through an
# intermediate scope, recursion through a closure, and qualified names.


def outer(a):
    b = a + 1

    def middle(c):
        d = c * 2

        def inner(e):
            return a + b + d + e

        return inner

    return middle


print(outer(1)(2)(3))


def through(x):
    def level1():
        def level2():
            def level3():
                return x * 10
            return level3()
        return level2()
    return level1()


print(through(4))


def make_fact():
    def fact(n):
        return 1 if n <= 1 else n * fact(n - 1)
    return fact


print(make_fact()(10))


def names():
    def f():
        def g():
            pass
        return g
    return f, f()


f, g = names()
print(f.__qualname__, g.__qualname__)
print(f.__name__, g.__name__)


def defaults_eval_once(acc=[]):
    def add(x):
        acc.append(x)
        return len(acc)
    return add


print(defaults_eval_once()(1), defaults_eval_once()(2))


def shadow():
    x = "outer"

    def inner():
        x = "inner"
        return x
    return inner(), x


print(shadow())


class Holder:
    def method(self):
        def helper():
            return type(self).__name__
        return helper()


print(Holder().method(), Holder.method.__qualname__)
