# traceback: extract_tb / format_tb / extract_stack / FrameSummary / StackSummary
# min-version: 3.12
import sys
import traceback


def fail(n):
    if n == 0:
        raise ValueError("bottom")
    return fail(n - 1)


try:
    fail(6)
except ValueError as e:
    tb = e.__traceback__
    frames = traceback.extract_tb(tb)
    print(type(frames).__name__, len(frames))
    for fs in frames:
        print(fs.filename, fs.lineno, fs.name, repr(fs.line))
        print(fs)
    print(frames[0].colno, frames[0].end_colno, frames[-1].lineno, frames[-1].end_lineno)
    f0 = frames[-1]
    filename, lineno, name, line = f0
    print(filename, lineno, name, line, len(f0), f0[2])
    print(f0 == (filename, lineno, name, line))
    for line in traceback.format_tb(tb):
        print(line, end="")
    print(traceback.format_tb(tb, limit=2))
    print(traceback.format_tb(tb, limit=-1))
    traceback.print_tb(tb, file=sys.stdout)
    traceback.print_tb(tb, limit=1, file=sys.stdout)
    print(traceback.format_list(frames[:2]))
    print(traceback.format_list([("a.py", 3, "f", "x = 1"), ("b.py", 7, "g", None)]), end="\n")
    print([(f.f_code.co_name, ln) for f, ln in traceback.walk_tb(tb)])
    st = traceback.StackSummary.from_list([("a.py", 1, "<module>", "pass")])
    print(st.format())
    print(isinstance(frames, list), frames.format()[0] == traceback.format_tb(tb)[0])


def where():
    return traceback.extract_stack()


def show():
    traceback.print_stack(file=sys.stdout)
    print(traceback.format_stack(limit=1))
    s = where()
    print([(f.name, f.lineno, f.line) for f in s])
    print(traceback.extract_stack(limit=2)[-1].name)


show()

fs = traceback.FrameSummary("nofile.py", 12, "func", line="return 1")
print(fs, fs.line, fs.locals, fs.colno)
fs2 = traceback.FrameSummary("nofile.py", 12, "func", lookup_line=False)
print(repr(fs2.line))
print(traceback.StackSummary.format_frame_summary(traceback.StackSummary(), fs), end="")

te = None
try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise ValueError("wrapped") from z
except ValueError as e:
    te = traceback.TracebackException.from_exception(e)
print(te.exc_type.__name__, str(te), te.__suppress_context__)
print(te.__cause__.exc_type.__name__, len(te.stack))
for chunk in te.format():
    print(chunk, end="")
print(list(te.format_exception_only()))
te.print(file=sys.stdout)
te.print(file=sys.stdout, chain=False)


def recurse(n):
    if n == 0:
        raise RecursionError("deep")
    recurse(n - 1)


try:
    recurse(20)
except RecursionError:
    out = traceback.format_exc()
    print(out, end="")
