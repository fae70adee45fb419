# os.stat / lstat / fstat and os.stat_result (fields, hidden float and _ns
# times, tuple view), os.utime with seconds and ns, chmod, access, the
# os.path time and size functions, and the OSError subclasses with their
# exact messages.  Works in a directory of its own under the current one.
import os
import stat

os.mkdir("osfs_stat")
os.chdir("osfs_stat")
with open("a.txt", "w") as f:
    f.write("hello")
os.chmod("a.txt", 0o644)
st = os.stat("a.txt")
print(type(st).__name__, type(st), st.st_size, len(st), st[6], st[stat.ST_SIZE])
print(type(st.st_mtime).__name__, type(st[8]).__name__, type(st.st_mtime_ns).__name__)
print(oct(st.st_mode), stat.S_ISREG(st.st_mode), stat.filemode(st.st_mode))
print(st.st_nlink, st.st_blksize > 0, st.st_blocks >= 0, st.st_rdev)
print(isinstance(st, tuple), st == tuple(st), st.st_mode == st[0])
print(os.path.getsize("a.txt"), os.path.getmtime("a.txt") == st.st_mtime)
os.utime("a.txt", (1000000, 2000000.5))
s = os.stat("a.txt")
print(s.st_atime, s.st_mtime, s[7], s[8], s.st_mtime_ns)
print(os.path.getatime("a.txt"), os.path.getmtime("a.txt"))
os.utime("a.txt", ns=(1500000000123456789, 1600000000987654321))
s = os.stat("a.txt")
print(s.st_atime_ns, s.st_mtime_ns, s[8])
r = repr(s)
print(r[:r.index("st_mode=") + 8], r.count("="), r.endswith(", st_ctime=%d)" % s[9]))
os.utime("a.txt")
print(os.stat("a.txt").st_mtime > 1600000001)
try:
    os.utime("a.txt", (1, 2), ns=(1, 2))
except ValueError as e:
    print("ValueError", e)
try:
    os.utime("a.txt", [1, 2])
except TypeError as e:
    print("TypeError", e)
os.chmod("a.txt", 0o600)
print(oct(os.stat("a.txt").st_mode & 0o777), stat.filemode(os.stat("a.txt").st_mode))
print(os.access("a.txt", os.F_OK), os.access("a.txt", os.R_OK | os.W_OK), os.access("nope", os.F_OK))
print(os.F_OK, os.R_OK, os.W_OK, os.X_OK)
os.mkdir("sub")
print(stat.S_ISDIR(os.stat("sub").st_mode), stat.filemode(os.lstat("sub").st_mode)[0])
with open("a.txt") as f:
    print(os.fstat(f.fileno()).st_size)
os.symlink("a.txt", "ln")
print(os.path.islink("ln"), os.readlink("ln"), stat.S_ISLNK(os.lstat("ln").st_mode),
      os.stat("ln").st_size, os.path.samefile("a.txt", "ln"), os.path.samefile("a.txt", "sub"))
print(os.path.realpath("ln") == os.path.join(os.getcwd(), "a.txt"))
print(os.path.realpath("x/../y/./z") == os.getcwd() + "/y/z")
for fn, args in [(os.stat, ("missing",)), (os.lstat, ("missing",)), (os.mkdir, ("sub",)),
                 (os.listdir, ("a.txt",)), (os.rename, ("missing", "x")),
                 (os.remove, ("sub",)), (os.chdir, ("a.txt",)), (os.utime, ("zz",)),
                 (os.chmod, ("zz", 0o777)), (os.readlink, ("a.txt",)),
                 (os.symlink, ("a.txt", "ln")), (os.path.getsize, ("zz",)),
                 (os.path.getmtime, ("zz",)), (os.rmdir, ("a.txt",))]:
    try:
        fn(*args)
    except OSError as e:
        print(fn.__name__, type(e).__name__, e, e.errno, e.filename, e.filename2)
with open("sub/f", "w"):
    pass
try:
    os.rmdir("sub")
except OSError as e:
    print(type(e).__name__, e)
try:
    os.stat(3.5)
except TypeError as e:
    print("TypeError", e)
try:
    open("missing.txt")
except FileNotFoundError as e:
    print(e)
os.remove("sub/f")
os.rmdir("sub")
os.unlink("ln")
os.remove("a.txt")
os.chdir("..")
os.rmdir("osfs_stat")
print(os.path.exists("osfs_stat"))
