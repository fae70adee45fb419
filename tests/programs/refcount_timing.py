# min-version: 3.10
# When temporaries die: every instruction must release its operands at the
# moment CPython 3.12 does, so __del__ output interleaves identically.
class T:
    count = 0

    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        print("  del", self.tag)

    def __add__(self, other):
        return T(self.tag + "+" + other.tag)

    def __getitem__(self, i):
        return T("%s[%r]" % (self.tag, i))

    def __iter__(self):
        return iter([T(self.tag + ".0"), T(self.tag + ".1")])

    def __enter__(self):
        return T(self.tag + ".enter")

    def __exit__(self, *a):
        return False

    def __str__(self):
        return "T(%s)" % self.tag

    def __format__(self, spec):
        return "fmt(%s)" % self.tag

    def method(self, *args, **kwargs):
        return len(args) + len(kwargs)


def step(label):
    print(label)


step("binary")
x = T("a") + T("b")
step("after binary")
del x
step("subscript")
T("s")[1:2]
step("unpack")
p, q = T("u")
del p, q
step("call kwargs")
T("m").method(T("arg"), k=T("kw"))
step("star call")
T("m2").method(*[T("sa")], **{"k": T("skw")})
step("with")
with T("ctx") as v:
    step("inside with")
del v
step("fstring")
s = f"{T('f')} and {T('g')!r:.3}"
step("comprehension")
lst = [t.tag for t in T("c")]
step("generator expression")
print(sum(1 for t in T("gx")))
step("exception")
try:
    raise ValueError(T("exc-arg"))
except ValueError:
    step("in handler")
step("after handler")
step("conditional")
if T("cond"):
    step("truthy")
step("attribute chain")
T("attr").tag.upper()
step("return value")


def make():
    t = T("local")
    return T("ret")


r = make()
step("after make")
del r
step("loop")
for t in [T("l0"), T("l1")]:
    step("body " + t.tag)
del t
step("dict/set")
d = {T("k").tag: T("v")}
del d
step("end")
step("store subscript")
holder = {}
holder[T("key").tag] = T("stored")
holder[T("key2").tag] = T("replaced")
holder["key2"] = T("replacement")
step("delete subscript")
del holder["key2"]
step("slices")
data = list(range(5))
data[T("lo").tag.__len__():T("hi").tag.__len__()] = [T("sl0"), T("sl1")]
del data
step("build set/map")
st = {T("s1").tag, T("s2").tag}
mp = {"a": T("m1"), "a": T("m2")}
print(sorted(st), list(mp))
del st, mp
step("f-string conversions")
print(f"{T('conv')!s:>3}{T('plain')}")
step("match")
match T("subj"):
    case T(tag="subj"):
        step("matched")
step("chained compare")
print(T("c1").tag < T("c2").tag < T("c3").tag)
step("nested call")
print(len([T("n1"), T("n2")]))
step("generator closing")


def gen():
    local = T("gen-local")
    yield 1
    yield 2


g = gen()
next(g)
del g
step("exception chain")
try:
    try:
        raise KeyError(T("inner"))
    except KeyError as e:
        raise ValueError(T("outer")) from e
except ValueError:
    step("caught chain")
step("final")
