# Exceptions nobody can catch (raised by weakref callbacks while an object
# dies) are printed as 3.12's default unraisablehook prints them: the
# traceback and "Type: message" only — no chained exceptions, no notes, no
# group boxes, ": " even for an empty message.  Then an uncaught exception
# goes through a replaced sys.excepthook.
import sys
import weakref


class Owner:
    pass


class AppError(Exception):
    pass


class Callback:
    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return f"Callback({self.kind!r})"

    def __call__(self, ref):
        if self.kind == "context":
            try:
                {}["missing"]
            except KeyError:
                raise ValueError("while handling a KeyError")
        if self.kind == "cause":
            try:
                int("x")
            except ValueError as e:
                raise RuntimeError("converted") from e
        if self.kind == "empty":
            raise ValueError
        if self.kind == "note":
            err = AppError("with a note")
            err.add_note("this note is not shown")
            raise err
        if self.kind == "group":
            raise ExceptionGroup("several", [TypeError("t"), KeyError("k")])


for kind in ["context", "cause", "empty", "note", "group"]:
    owner = Owner()
    ref = weakref.ref(owner, Callback(kind))
    print("dropping", kind)
    del owner
    print("dropped", kind)


def hook(exc_type, exc, tb):
    while tb.tb_next:
        tb = tb.tb_next
    print("hook:", exc_type.__name__, exc, "in", tb.tb_frame.f_code.co_name, "line", tb.tb_lineno)
    print("chained:", repr(exc.__context__))


sys.excepthook = hook


def fail():
    try:
        return 1 / 0
    except ZeroDivisionError:
        raise LookupError("not found")


fail()
