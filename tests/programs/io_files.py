# min-version: 3.12
# Files: text and binary modes, newline translation, reading APIs, seek and
# tell, context managers, closed-file errors, OSError subclasses and their
# attributes, flushing at the last reference.
import sys


def attempt(label, fn):
    try:
        print(label, "->", repr(fn()))
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)


with open("data.txt", "w") as f:
    print(repr(f), f.mode, f.name, f.encoding, f.closed)
    print(f.write("line one\n"), f.write("line two\r\nline three\rlast"))
    f.writelines(["\n", "tail\n"])
print(f.closed, repr(f))

with open("data.txt") as f:
    print(repr(f.readline()), repr(f.readline()), repr(f.newlines))
    print(repr(f.read(5)), f.tell())
    print(repr(f.read()), repr(f.newlines))
    print(repr(f.read()), repr(f.readline()))

with open("data.txt", newline="") as f:
    print(f.readlines())
with open("data.txt", "rb") as f:
    print(repr(f), f.read())
with open("data.txt", "r", newline="\r") as f:
    print(list(f))

for i, line in enumerate(open("data.txt")):
    print(i, repr(line))

with open("data.txt", "a") as f:
    f.write("appended\n")
    print(f.tell() > 0)
print(open("data.txt").read().splitlines()[-2:])

with open("bin.dat", "wb") as f:
    print(f.write(b"\x00\x01\x02abc"), f.write(bytearray(b"xyz")))
with open("bin.dat", "rb") as f:
    print(f.read(2), f.tell(), f.seek(1), f.read(3), f.seek(-2, 2), f.read())
    print(f.seek(0), f.readline(), f.readable(), f.writable(), f.seekable())

with open("bin.dat", "r+b") as f:
    f.seek(3)
    f.write(b"ABC")
    f.seek(0)
    print(f.read())

with open("utf8.txt", "w", encoding="utf-8") as f:
    f.write("héllo wörld ☃ 😀\n")
with open("utf8.txt", encoding="utf-8") as f:
    print(f.read(7), f.read())
with open("utf8.txt", "rb") as f:
    print(f.read())
with open("latin.txt", "w", encoding="latin-1") as f:
    f.write("café\n")
print(open("latin.txt", "rb").read(), open("latin.txt", encoding="latin-1").read())
attempt("decode error", lambda: open("latin.txt", encoding="utf-8").read())
attempt("encode error", lambda: open("x.txt", "w", encoding="ascii").write("é"))

g = open("flushed.txt", "w")
g.write("written without close\n")
del g
print(open("flushed.txt").read(), end="")

f = open("data.txt")
f.close()
f.close()
attempt("read closed", lambda: f.read())
attempt("write closed", lambda: f.write("x"))
attempt("iter closed", lambda: next(f))
attempt("with closed", lambda: f.__enter__())
attempt("fileno closed", lambda: f.fileno())
attempt("write read-only", lambda: open("data.txt").write("x"))
attempt("read write-only", lambda: open("w.txt", "w").read())
attempt("write str to binary", lambda: open("w.bin", "wb").write("text"))
attempt("write bytes to text", lambda: open("w.txt", "w").write(b"bytes"))
attempt("write int", lambda: open("w.txt", "w").write(5))
attempt("seek text", lambda: open("data.txt").seek(1, 1))
attempt("seek whence", lambda: open("data.txt").seek(0, 5))
attempt("seek negative", lambda: open("data.txt").seek(-1))

for mode in ("z", "rw", "rr", "", "+", "tb", "U"):
    attempt("mode %r" % mode, lambda: open("data.txt", mode))
attempt("binary encoding", lambda: open("data.txt", "rb", encoding="utf-8"))
attempt("binary newline", lambda: open("data.txt", "rb", newline=""))
attempt("bad newline", lambda: open("data.txt", newline="x"))
attempt("unbuffered text", lambda: open("data.txt", buffering=0))
attempt("bad encoding", lambda: open("data.txt", encoding="no-such-codec"))
attempt("bad file type", lambda: open(3.5))
attempt("mode type", lambda: open("data.txt", 5))

try:
    open("missing/file.txt")
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, repr(e.filename), e.args)
try:
    open(".", "w")
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror, repr(e.filename))
try:
    open("data.txt", "x")
except FileExistsError as e:
    print(type(e).__name__, e)
attempt("unsupported", lambda: open("data.txt").truncate())

print(sys.stdout.writable(), sys.stdin.readable(), sys.stderr.mode, sys.stdout.name)
print(repr(sys.stdout), sys.stdout.encoding, sys.stderr.errors, sys.stdout.line_buffering)
sys.stdout.write("via write\n")
sys.stdout.buffer.write(b"via buffer\n")
sys.stdout.flush()
sys.stderr.write("to stderr\n")
print("after", file=sys.stderr)
print(sys.stdin.read() == "", sys.stdin.readline() == "")
