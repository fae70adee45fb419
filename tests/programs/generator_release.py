# When a generator's locals are released: at exhaustion, at close(), when an
# exception (thrown in or raised inside) ends it — as soon as nothing holds
# the traceback any more, not when the generator object dies — and, at exit,
# when the collector finalizes a suspended generator.
class Resource:
    def __init__(self, name):
        self.name = name
        print("open", name)

    def __del__(self):
        print("release", self.name)


def reader(name, fail=False):
    res = Resource(name)
    for i in range(3):
        if fail and i == 1:
            raise RuntimeError(f"{name} failed")
        yield f"{name}:{i}"


g = reader("exhausted")
print(list(g))
print("after exhaustion")

g = reader("closed")
print(next(g))
g.close()
print("after close", g.gi_frame)

g = reader("thrown")
print(next(g))
try:
    g.throw(ValueError("stop"))
except ValueError as e:
    print("caught", e)
print("after throw")

g = reader("failing", fail=True)
try:
    for item in g:
        print(item)
except RuntimeError as e:
    print("caught", e, e.__traceback__ is not None)
    saved = e
print("after failure, traceback kept")
del saved
print("traceback dropped")

kept = reader("suspended at exit")
print(next(kept))
last = Resource("global")
print("end of program")
