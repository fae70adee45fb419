# inspect predicates, getmembers, getmro, getdoc, cleandoc, getmodule,
# currentframe and stack.
import inspect

def plain(x):
    """Return x.

    Indented body
        more indented
    """
    return x

def gen():
    yield 1

async def coro():
    return 1

async def agen():
    yield 1

class Base:
    """Base docstring."""
    attr = 1

    def method(self):
        "A method."
        return self

    @staticmethod
    def smeth():
        pass

    @classmethod
    def cmeth(cls):
        pass

    @property
    def prop(self):
        return 1

class Child(Base):
    def extra(self, a, b=2):
        pass

objs = [("plain", plain), ("gen", gen), ("gen()", gen()), ("coro", coro), ("agen", agen),
        ("lambda", lambda: 0), ("Base", Base), ("Base()", Base()), ("Base.method", Base.method),
        ("Base().method", Base().method), ("Base.smeth", Base.smeth), ("Base.cmeth", Base.cmeth),
        ("len", len), ("str.upper", str.upper), ("'a'.upper", "a".upper), ("5", 5), ("int", int), ("plain.__code__", plain.__code__)]
preds = ["isfunction", "ismethod", "isclass", "ismodule", "isgenerator", "isgeneratorfunction",
         "iscoroutinefunction", "isasyncgenfunction", "isbuiltin", "isroutine", "iscode"]
for name, o in objs:
    print(f"{name:15}", " ".join(p[2:] for p in preds if getattr(inspect, p)(o)))
c = coro()
print(inspect.iscoroutine(c), inspect.isasyncgen(agen()), inspect.isframe(inspect.currentframe()))
c.close()

print(inspect.getmro(Child) == (Child, Base, object))
print([n for n, _ in inspect.getmembers(Child, inspect.isfunction)])
print([n for n, _ in inspect.getmembers(Child) if not n.startswith("__")])
print(inspect.getmembers(Base(), lambda v: isinstance(v, int)))

print(repr(inspect.getdoc(plain)))
print(repr(inspect.getdoc(Base)), repr(inspect.getdoc(Child)), repr(inspect.getdoc(Base.method)))
print(repr(inspect.cleandoc("   first\n      second\n    third\n\n  ")))
print(repr(inspect.cleandoc("\n\n  x\n\ty\n")))
print(repr(inspect.cleandoc("")))

print(inspect.getmodule(plain).__name__, inspect.getmodule(Base).__name__,
      inspect.getmodule(5),
      inspect.getmodule(inspect) is inspect)

def where():
    frame = inspect.currentframe()
    return frame.f_code.co_name, frame.f_back.f_code.co_name, frame.f_lineno

print(where())

def deep():
    return [(fi.function, fi.lineno, fi.code_context, fi.index) for fi in inspect.stack()]

def outer():
    return deep()

for row in outer():
    print(row)
print(inspect.stack()[0].filename, inspect.stack()[0][3])
print(inspect.CO_GENERATOR, inspect.CO_COROUTINE, inspect.CO_VARARGS)
