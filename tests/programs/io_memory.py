# min-version: 3.12
# io.StringIO and io.BytesIO: reading, writing past the end, seek/tell/truncate,
# newline modes, closed-stream messages, print into a StringIO, isinstance
# against the io base classes.
import io
def t(label, f):
    try: print(label, "->", repr(f()))
    except Exception as e: print(label, "!!", type(e).__module__, type(e).__name__, e)
s = io.StringIO("ab\ncd\r\nef")
t("repr", lambda: repr(s)[:20])
t("read2", lambda: s.read(2)); t("tell", s.tell); t("readline", s.readline); t("readlines", s.readlines)
t("getvalue", s.getvalue); t("seek", lambda: s.seek(1)); t("write", lambda: s.write("XY")); t("getvalue", s.getvalue)
t("seek far", lambda: s.seek(20)); t("write far", lambda: s.write("Z")); t("getvalue", s.getvalue)
t("seek neg", lambda: s.seek(-1)); t("seek cur", lambda: s.seek(1, 1)); t("seek end", lambda: s.seek(0, 2)); t("whence", lambda: s.seek(0, 3)); t("seek end nz", lambda: s.seek(1, 2))
t("truncate", lambda: s.truncate(3)); t("tell", s.tell); t("getvalue", s.getvalue); t("truncate neg", lambda: s.truncate(-1))
t("write int", lambda: s.write(5)); t("attrs", lambda: (s.readable(), s.writable(), s.seekable(), s.closed, s.line_buffering, s.newlines, s.encoding, s.errors, s.isatty()))
t("fileno", s.fileno)
t("init int", lambda: io.StringIO(5)); t("init none", lambda: io.StringIO(None).getvalue())
t("newline bad", lambda: io.StringIO(newline="x"))
u = io.StringIO("a\r\nb\rc\n", newline=None); t("univ", lambda: (u.read(), u.getvalue(), u.newlines))
u = io.StringIO(newline=None); u.write("x\r\ny\n"); t("univ write", lambda: u.getvalue())
u = io.StringIO(newline=""); u.write("x\r\ny\rz\n"); u.seek(0); t("nl empty", lambda: (u.readlines(), u.newlines))
u = io.StringIO(newline="\r\n"); u.write("x\ny"); t("nl crlf", lambda: u.getvalue())
u = io.StringIO("a\rb\rc", newline="\r"); t("nl cr", lambda: (u.readlines(), u.getvalue()))
s.close(); t("closed read", s.read); t("closed getvalue", s.getvalue); t("closed write", lambda: s.write("a")); t("closed tell", s.tell); t("closed closed", lambda: s.closed)
with io.StringIO("q") as w: print(w.read())
t("iter", lambda: list(io.StringIO("a\nb\n")))
t("print to", lambda: (lambda o: (print("x", 1, file=o), o.getvalue())[1])(io.StringIO()))
b = io.BytesIO(b"ab\ncd")
t("brepr", lambda: repr(b)[:18]); t("bread", lambda: b.read(2)); t("breadline", b.readline); t("bread1", lambda: b.read1(1)); t("btell", b.tell)
t("bwrite", lambda: b.write(b"XYZ")); t("bgetvalue", b.getvalue); t("bwrite str", lambda: b.write("s")); t("bwrite ba", lambda: b.write(bytearray(b"!")))
t("bseek far", lambda: b.seek(10)); t("bwrite far", lambda: b.write(b"Q")); t("bgetvalue", b.getvalue); t("bseek cur", lambda: b.seek(-2, 1)); t("bseek end", lambda: b.seek(-1, 2)); t("bseek neg", lambda: b.seek(-1))
t("btruncate", lambda: b.truncate(4)); t("bgetvalue", b.getvalue); t("breadinto", lambda: (b.seek(0), b.readinto(bytearray(2))))
t("binit", lambda: io.BytesIO("s")); t("binit int", lambda: io.BytesIO(5))
t("bbuf", lambda: bytes(b.getbuffer()))
t("bread neg", lambda: b.read(-1))
b.close(); t("bclosed", b.getvalue); t("bclosed read", b.read)
t("isinst", lambda: (isinstance(io.StringIO(), io.TextIOBase), isinstance(io.BytesIO(), io.BufferedIOBase), isinstance(open("/dev/null"), io.TextIOBase), isinstance(open("/dev/null","rb"), io.BufferedIOBase), isinstance(io.StringIO(), io.IOBase)))
import sys
old = sys.stdout
sys.stdout = io.StringIO()
print("captured", 42)
val = sys.stdout.getvalue()
sys.stdout = old
print(repr(val))
