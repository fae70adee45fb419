# py2: yes
# with statements: context managers that log, suppress exceptions, nest.

log = []


class Managed(object):
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        log.append("enter " + self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            log.append("exit " + self.name)
        else:
            log.append("exit %s with %s" % (self.name, exc_type.__name__))
        return self.suppress


with Managed("a") as m:
    log.append("body " + m.name)

with Managed("outer"):
    with Managed("inner"):
        log.append("nested body")

with Managed("s", suppress=True):
    raise KeyError("swallowed")
log.append("after suppressed")

try:
    with Managed("p"):
        raise ValueError("escapes")
except ValueError:
    log.append("caught outside")

with Managed("x") as x, Managed("y") as y:
    log.append("two managers " + x.name + y.name)


def early_return():
    with Managed("ret"):
        return "returned"


log.append(early_return())

for i in range(3):
    with Managed("loop%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
        log.append("loop body")

for line in log:
    print(line)
