# Control flow through try/finally: return, break and continue inside try,
# finally overriding, exceptions in loops, nested try blocks.

trace = []


def ret_in_try(x):
    try:
        if x:
            return "early"
        trace.append("no early")
    finally:
        trace.append("finally %r" % (x,))
    return "late"


print(ret_in_try(True), ret_in_try(False))


def loop_flow():
    out = []
    for i in range(6):
        try:
            if i == 1:
                continue
            if i == 4:
                break
            out.append(i)
        finally:
            out.append("f%d" % i)
    return out


print(loop_flow())


def nested(n):
    try:
        try:
            if n == 0:
                raise ValueError("zero")
            return 10 // n
        except ValueError:
            trace.append("inner handler")
            raise KeyError("converted")
        finally:
            trace.append("inner finally")
    except KeyError as e:
        trace.append("outer handler %s" % e)
        return -1
    finally:
        trace.append("outer finally")


print(nested(5), nested(0))


def while_with_try():
    n = 0
    attempts = 0
    while n < 3:
        attempts += 1
        try:
            if attempts % 2:
                raise RuntimeError("odd attempt")
            n += 1
        except RuntimeError:
            continue
        else:
            trace.append("success %d" % n)
    return attempts


print(while_with_try())


def finally_overrides():
    for _ in range(3):
        try:
            return "from try"
        finally:
            break
    return "after loop"


print(finally_overrides())
for t in trace:
    print(t)
