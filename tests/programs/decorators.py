# Decorators: plain, with arguments, stacked, preserving metadata with
# functools.wraps, class decorators, and decorators that register.
import functools

calls = []


def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        calls.append(fn.__name__)
        return fn(*args, **kwargs)
    return wrapper


def repeat(times):
    def deco(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(times)]
        return wrapper
    return deco


registry = {}


def register(name):
    def deco(fn):
        registry[name] = fn
        return fn
    return deco


def add_greeting(cls):
    cls.greet = lambda self: "hello from " + type(self).__name__
    return cls


@trace
def add(a, b):
    """Add two things."""
    return a + b


@repeat(3)
@trace
def ping():
    return "pong"


@register("sq")
def square(x):
    return x * x


@add_greeting
class Widget:
    pass


def memoize(fn):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper


@memoize
def slow_fib(n):
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)


print(add(2, 3), add.__name__, add.__doc__)
print(ping())
print(calls)
print(registry["sq"](9))
print(Widget().greet())
print(slow_fib(60), len(slow_fib.cache))


class Counter:
    def __init__(self, fn):
        self.fn = fn
        self.n = 0

    def __call__(self, *a):
        self.n += 1
        return self.fn(*a)


@Counter
def hello(name):
    return "hi " + name


hello("a")
hello("b")
print(hello.n)
