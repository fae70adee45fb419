# tempfile.SpooledTemporaryFile: in memory until max_size is passed (write,
# writelines), rollover, fileno, name and mode before and after, text mode,
# iteration, the closed-file error.
import tempfile
with tempfile.SpooledTemporaryFile(max_size=10) as f:
    print(f._rolled, f.name, f.mode)
    f.write(b'hello')
    print(f._rolled, f.tell())
    f.write(b' world!!')
    print(f._rolled, type(f.name).__name__, f.mode, f.tell())
    f.seek(0); print(f.read())
s = tempfile.SpooledTemporaryFile(mode='w+')
s.write('abc\ndef\n'); s.seek(0); print(s.readline(), list(s), s._rolled, s.mode, s.name)
s.rollover(); print(s._rolled, s.tell(), type(s.fileno()).__name__); s.seek(0); print(s.read())
s.close(); print(s.closed)
try:
    with s: pass
except ValueError as e: print(e)
t = tempfile.SpooledTemporaryFile(5)
t.writelines([b'ab', b'cdefg']); print(t._rolled)
t.close()
