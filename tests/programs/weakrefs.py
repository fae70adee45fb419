# min-version: 3.9
# weakref: references with callbacks fired at the last reference or by the
# cycle collector, canonical refs, proxies, WeakMethod, WeakValueDictionary,
# WeakKeyDictionary, WeakSet, finalize (also at exit), what supports weak
# references and what does not.
import gc
import re
import sys
import weakref


def show(label, value):
    print(label, re.sub(r"0x[0-9a-f]+", "0x?", repr(value)))


def attempt(label, fn):
    try:
        show(label, fn())
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", re.sub(r"0x[0-9a-f]+", "0x?", str(e)))


class Node:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Node(%s)" % self.name

    def __del__(self):
        print("  del", self.name)


def cb(tag):
    def callback(wr):
        print("  callback", tag, wr() is None, type(wr).__name__)
    return callback


# ---- ref basics ------------------------------------------------------------
a = Node("a")
r1 = weakref.ref(a)
r2 = weakref.ref(a)
print("canonical", r1 is r2, r1() is a, weakref.getweakrefcount(a))
r3 = weakref.ref(a, cb("r3"))
r4 = weakref.ref(a, cb("r4"))
print("count", weakref.getweakrefcount(a), r3 is r4, r3 == r4, r1 == r3, hash(r1) == hash(a))
print("callback attr", r1.__callback__, r3.__callback__.__name__)
print("getweakrefs", len(weakref.getweakrefs(a)), weakref.getweakrefs(a)[0] is r1)
print("__weakref__", a.__weakref__ is r1)
show("repr", r1)
print("before del")
del a
print("after del", r1(), r3(), r1 == r2, weakref.getweakrefcount(r1))
show("dead repr", r1)
attempt("dead hash", lambda: hash(weakref.ref(Node("tmp"))))
h = hash(r1)
print("hash kept", h == hash(r1))

# callback order: the newest callback first, plain refs never call
b = Node("b")
refs = [weakref.ref(b, cb(i)) for i in range(3)]
plain = weakref.ref(b)
del b
print("order done", [r() for r in refs])

# a callback that raises is reported and ignored
class Bad:
    def __call__(self, wr):
        raise ValueError("boom")

    def __repr__(self):
        return "Bad()"


bad = Bad()


c = Node("c")
rc = weakref.ref(c, bad)
del c
print("after bad callback")

# the weakref dies first: no callback
d = Node("d")
rd = weakref.ref(d, cb("rd"))
del rd
del d

# ---- cycles: callbacks from the collector, before __del__ --------------------
gc.collect()
x = Node("x")
y = Node("y")
x.other, y.other = y, x
wx = weakref.ref(x, cb("wx"))
wy = weakref.ref(y, cb("wy"))
del x, y
print("collecting")
n = gc.collect()
print("collected", n >= 2, wx(), wy())

# a weakref that is itself part of the garbage never calls back
z = Node("z")
z.self_ref = weakref.ref(z, cb("z.self_ref"))
z.loop = z
del z
gc.collect()
print("after z")

# ---- what can be weakly referenced -------------------------------------------
def f():
    pass


class Slotted:
    __slots__ = ("v",)


class SlottedWeak:
    __slots__ = ("v", "__weakref__")


class IntSub(int):
    pass


for obj in (f, Node, Slotted, SlottedWeak(), {1}, frozenset(), sys, len, f.__code__,
            (i for i in ()), Node("t").__repr__, 1, "s", (), [], {}, None, Slotted(), IntSub(5),
            object(), b""):
    try:
        weakref.ref(obj)
        print("ref ok", type(obj).__name__)
    except TypeError as e:
        print("ref !!", e)
print("slotted", hasattr(Slotted(), "__weakref__"), SlottedWeak().__weakref__)

wf = weakref.ref(f, cb("function"))
del f
print("function gone", wf())


class Temp:
    pass


wt = weakref.ref(Temp, cb("class"))
del Temp
gc.collect()
print("class gone", wt())

# ---- ref subclasses ---------------------------------------------------------
class Tagged(weakref.ref):
    def __init__(self, ob, callback=None, **extra):
        super().__init__(ob, callback)
        self.__dict__.update(extra)


e = Node("e")
t1 = Tagged(e, None, tag=1)
t2 = Tagged(e)
print("subclass", t1 is t2, t1.tag, t1() is e, isinstance(t1, weakref.ref), weakref.getweakrefcount(e))
print("ref type", weakref.ref is weakref.ReferenceType, type(t1).__mro__[1].__name__)
attempt("ref no args", lambda: weakref.ref())
attempt("ref 3 args", lambda: weakref.ref(e, None, 3))
attempt("ref int", lambda: weakref.ref(3))
attempt("ref lt", lambda: t1 < t2)
del e

# ---- proxies ------------------------------------------------------------------
class Vec:
    def __init__(self, *v):
        self.v = list(v)

    def __len__(self):
        return len(self.v)

    def __getitem__(self, i):
        return self.v[i]

    def __setitem__(self, i, x):
        self.v[i] = x

    def __add__(self, other):
        return Vec(*(p + q for p, q in zip(self.v, other.v)))

    def __eq__(self, other):
        return isinstance(other, Vec) and self.v == other.v

    def __iter__(self):
        return iter(self.v)

    def __call__(self, k):
        return k * 2

    def __str__(self):
        return "Vec%s" % (self.v,)

    def norm(self):
        return sum(x * x for x in self.v)

    __hash__ = None


v = Vec(1, 2, 3)
p = weakref.proxy(v)
p2 = weakref.proxy(v)
print("proxy", p is p2, type(p).__name__, len(p), p[1], p.norm(), list(p), str(p), p(21))
p[0] = 10
p.extra = "set"
print("through", v.v, v.extra, p == v, (p + v).v, 2 in p, bool(p))
del p.extra
print("deleted", hasattr(v, "extra"), weakref.getweakrefcount(v))
attempt("proxy hash", lambda: hash(p))
show("proxy repr", p)
pn = weakref.proxy(Node("pn"), lambda p: print("  proxy callback", type(p).__name__))
attempt("dead proxy", lambda: pn.name)
attempt("dead proxy str", lambda: str(pn))
print("proxy types", weakref.ProxyTypes == (weakref.ProxyType, weakref.CallableProxyType),
      type(weakref.proxy(len)).__name__)
del v
attempt("proxy after", lambda: len(p))

# ---- WeakMethod -----------------------------------------------------------------
class Greeter:
    def __init__(self, name):
        self.name = name

    def hello(self):
        return "hello " + self.name


g = Greeter("g")
wm = weakref.WeakMethod(g.hello, cb("wm"))
print("weakmethod", wm()(), wm() == g.hello, wm == weakref.WeakMethod(g.hello), type(wm).__name__)
attempt("weakmethod func", lambda: weakref.WeakMethod(len))
del g
print("weakmethod dead", wm())

# ---- WeakValueDictionary -----------------------------------------------------------
wvd = weakref.WeakValueDictionary()
keep = [Node("v%d" % i) for i in range(4)]
for i, nd in enumerate(keep):
    wvd["k%d" % i] = nd
print("wvd", len(wvd), sorted(wvd.keys()), wvd["k1"], "k2" in wvd, wvd.get("nope", "dflt"))
del keep[1]
print("wvd after del", len(wvd), sorted(wvd), "k1" in wvd, wvd.get("k1"))
attempt("wvd missing", lambda: wvd["k1"])
for k, val in sorted(wvd.items()):
    print("  item", k, val)
print("values", sorted(n.name for n in wvd.values()))
print("pop", wvd.pop("k0"), len(wvd), wvd.pop("k0", "gone"))
print("setdefault", wvd.setdefault("k3", None), len(wvd.valuerefs()))
cp = wvd.copy()
print("copy", type(cp).__name__, sorted(cp), isinstance(wvd, weakref.WeakValueDictionary))
show("wvd repr", wvd)
keep.clear()
print("cleared", len(wvd), len(cp), list(wvd.items()))
wvd2 = weakref.WeakValueDictionary({1: Greeter})
print("wvd2", dict(wvd2), wvd2[1].__name__)

# ---- WeakKeyDictionary ---------------------------------------------------------------
wkd = weakref.WeakKeyDictionary()
k1, k2, k3 = Node("kk1"), Node("kk2"), Node("kk3")
wkd[k1] = 1
wkd[k2] = 2
wkd[k3] = 3
print("wkd", len(wkd), wkd[k2], k3 in wkd, 5 in wkd, sorted(n.name for n in wkd))
del k2
print("wkd after del", len(wkd), sorted(wkd.values()), wkd.get(k1))
for kk, val in sorted(wkd.items(), key=lambda kv: kv[1]):
    print("  item", kk, val)
attempt("wkd bad key", lambda: wkd[5])
print("wkd pop", wkd.pop(k3), len(wkd), len(wkd.keyrefs()))
del k1, k3
print("wkd end", len(wkd), list(wkd))

# ---- WeakSet -----------------------------------------------------------------------------
ws = weakref.WeakSet()
m1, m2 = Node("m1"), Node("m2")
ws.add(m1)
ws.add(m2)
ws.add(m1)
print("weakset", len(ws), m1 in ws, 3 in ws, sorted(n.name for n in ws))
del m2
print("weakset after", len(ws), [n.name for n in ws])
ws.discard(m1)
print("discarded", len(ws), bool(ws))
ws2 = weakref.WeakSet([m1])
print("weakset eq", ws2 == weakref.WeakSet([m1]), len(ws2 | ws), ws2.pop().name, len(ws2))
del m1

# ---- finalize --------------------------------------------------------------------------------
def fin(*args, **kw):
    print("  finalize", args, sorted(kw.items()))
    return "result"


o1 = Node("o1")
f1 = weakref.finalize(o1, fin, "o1", key="v")
print("finalize alive", f1.alive, f1.atexit, f1.peek()[1] is fin)
show("finalize repr", f1)
del o1
print("finalize after", f1.alive, f1(), f1.peek())
show("finalize dead repr", f1)
o2 = Node("o2")
f2 = weakref.finalize(o2, fin, "o2")
print("call early", f2(), f2(), f2.alive)
o3 = Node("o3")
f3 = weakref.finalize(o3, fin, "o3")
det = f3.detach()
print("detach", det[0] is o3, det[2], f3.alive, f3.detach())
keep_exit = [Node("exit1"), Node("exit2"), Node("exit3")]
for i, nd in enumerate(keep_exit):
    fe = weakref.finalize(nd, fin, "at exit", i)
    if i == 1:
        fe.atexit = False
print("end of program")
