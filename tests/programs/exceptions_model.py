# Exceptions and the collector: subclass args/str/repr, the field-carrying
# builtins, OSError's errno mapping, context/cause chaining, raise errors,
# notes, exception groups (split/subgroup/derive, except*), Unicode errors,
# gc.collect with __del__ and resurrection.
# min-version: 3.12
import gc
def show(f):
    try:
        print(repr(f()))
    except BaseException as e:
        print(type(e).__name__ + ":", e)

class MyErr(Exception):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
e = MyErr("bad", 7)
print(repr(e), str(e), e.args, e.code, e.__dict__)
class Plain(Exception): pass
print(repr(Plain()), repr(Plain(1, 2)), str(Plain(1, 2)), Plain.__mro__[1:3])
class NoInit(Exception):
    def __init__(self, a, b): pass
x = NoInit(1, 2)
print(x.args, str(x), repr(x))
class StrOverride(Exception):
    def __str__(self): return "custom"
print(str(StrOverride()), repr(StrOverride("a")))
print(StopIteration(5).value, SystemExit().code, SystemExit(3).code, KeyError().args)
print(ImportError("m", name="n", path="p").path, ModuleNotFoundError("x").name)
e = OSError(13, "Permission denied")
print(type(e).__name__, e.errno, e.strerror, e.filename, str(e))
print(type(OSError(999, "x")).__name__, str(OSError("just msg")), OSError(1, 2, 3, 4, 5).args)
print(issubclass(FileNotFoundError, OSError), EnvironmentError is OSError, IOError)
try:
    raise ValueError("a")
except ValueError as a:
    try:
        raise TypeError("b")
    except TypeError as b:
        print(b.__context__ is a, b.__cause__, b.__suppress_context__)
try:
    try:
        raise ValueError("a")
    except ValueError:
        raise TypeError("b") from None
except TypeError as t:
    print(t.__cause__, t.__suppress_context__, type(t.__context__).__name__)
show(lambda: (_ for _ in ()).throw(1))
def raiser(x):
    raise x
show(lambda: raiser(5))
show(lambda: raiser(int))
class NotExc: pass
show(lambda: raiser(NotExc))
e = ValueError()
show(lambda: setattr(e, "__traceback__", 5))
show(lambda: setattr(e, "__cause__", 5))
e.__cause__ = KeyError()
print(e.__suppress_context__)
pass
e.add_note("n1"); e.add_note("n2")
print(e.__notes__)
e.__notes__ = "notalist"
show(lambda: e.add_note("x"))
show(lambda: ValueError().add_note(5))
show(lambda: ValueError(x=1))
eg = BaseExceptionGroup("m", [ValueError(1), KeyboardInterrupt()])
print(type(eg).__name__, eg.exceptions, eg.message)
show(lambda: ExceptionGroup("m", [KeyboardInterrupt()]))
eg = ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)])])
print(eg.subgroup(ValueError))
print(eg.split(lambda e: isinstance(e, TypeError)))
print(eg.subgroup(OSError), eg.derive([KeyError()]))
class MyEG(ExceptionGroup): pass
print(repr(MyEG("z", [ValueError()])))
try:
    raise ExceptionGroup("g", [ValueError(1), TypeError(2)])
except* ValueError as ve:
    print("caught", repr(ve))
except* TypeError as te:
    print("caught", repr(te))
print(repr(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")))
print(str(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad")))
show(lambda: b"\xff".decode())
show(lambda: "\u1234".encode("ascii"))
print(SyntaxError("m", ("f.py", 1, 2, "txt", 1, 3)).text)
class Leaky:
    def __init__(self): self.me = self
    def __del__(self): print("leaky del")
Leaky()
print("collected", gc.collect())
print(gc.isenabled(), gc.get_threshold(), len(gc.get_count()))
gc.disable(); print(gc.isenabled()); gc.enable()
print(gc.is_tracked([]), gc.is_tracked(1))
show(lambda: gc.collect(5))
class Resurrect:
    saved = None
    def __del__(self):
        Resurrect.saved = self
r = Resurrect(); r.cycle = r
del r
gc.collect()
print(type(Resurrect.saved).__name__)
Resurrect.saved = None
print(gc.collect() >= 0)
