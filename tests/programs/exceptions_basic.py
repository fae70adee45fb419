# py2: yes
# try/except/else/finally in all combinations, user exception classes,
# re-raising, exceptions crossing function calls.


class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, key):
        AppError.__init__(self, "not found: " + key)
        self.key = key


log = []


def lookup(d, key):
    try:
        return d[key]
    except KeyError:
        raise NotFound(key)


def attempt(f, arg):
    try:
        result = f(arg)
    except (ValueError, TypeError) as e:
        log.append("bad " + type(e).__name__)
        return None
    except AppError as e:
        log.append("app " + str(e))
        return None
    else:
        log.append("ok")
        return result
    finally:
        log.append("finally")


def parse(s):
    return int(s)


print(str(attempt(parse, "12")))
print(str(attempt(parse, "x")))
print(str(attempt(parse, None)))
print(str(attempt(lambda k: lookup({'a': 1}, k), "b")))
print(str(log))

try:
    try:
        1 // 0
    except ZeroDivisionError:
        print("inner caught")
        raise
except ZeroDivisionError:
    print("outer caught re-raised")

try:
    lookup({}, "zzz")
except NotFound as e:
    print("key " + e.key)
    print(str(isinstance(e, AppError)))


def finally_return():
    try:
        return "from try"
    finally:
        print("finally runs before return")


print(finally_return())

count = 0
for i in range(5):
    try:
        if i % 2:
            continue
        count += 10
    finally:
        count += 1
print(str(count))
