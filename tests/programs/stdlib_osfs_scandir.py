# os.scandir (DirEntry: name, path, is_file/is_dir/is_symlink with and
# without follow_symlinks, stat, repr, __fspath__; the iterator as a
# context manager), os.listdir, makedirs(exist_ok), removedirs, rename,
# replace, descriptor functions (open/read/write/close/fdopen).  Listings
# are sorted: their order is the file system's.
import os

os.makedirs("osfs_scan/sub/deep/er")
os.chdir("osfs_scan")
for name, text in [("b.txt", "bb"), ("a.py", "a = 1\n"), ("sub/c.txt", "c")]:
    with open(name, "w") as f:
        f.write(text)
os.symlink("sub", "link_to_sub")
os.symlink("nowhere", "dangling")
with os.scandir(".") as it:
    entries = sorted(it, key=lambda e: e.name)
for e in entries:
    print(repr(e), e.name, e.path, e.is_file(), e.is_dir(), e.is_symlink(),
          e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False), os.fspath(e))
print([e.stat().st_size for e in entries if e.is_file()])
print(entries[0].stat(follow_symlinks=False) == os.lstat(entries[0].path))
print(sorted(e.path for e in os.scandir("sub")))
print(sorted(e.name for e in os.scandir()))
print(sorted(os.listdir()), sorted(os.listdir("sub")), os.listdir("sub/deep/er"))
it = os.scandir("sub")
print(type(it).__name__, next(iter(it)).name in ("c.txt", "deep"))
it.close()
print(list(it))
print(os.path.isdir(entries[0]), os.path.exists(entries[1]))
os.makedirs("sub/deep/er", exist_ok=True)
try:
    os.makedirs("sub/deep/er")
except FileExistsError as e:
    print("FileExistsError", e)
try:
    os.makedirs("b.txt/x")
except OSError as e:
    print(type(e).__name__, e)
try:
    os.scandir("missing")
except FileNotFoundError as e:
    print("FileNotFoundError", e)
try:
    os.scandir("b.txt")
except NotADirectoryError as e:
    print("NotADirectoryError", e)
os.removedirs("sub/deep/er")
print(sorted(os.listdir("sub")))
os.rename("b.txt", "sub/b2.txt")
os.replace("a.py", "sub/b2.txt")
print(sorted(os.listdir("sub")), open("sub/b2.txt").read())
try:
    os.replace("sub", "sub/c.txt")
except OSError as e:
    print(type(e).__name__, e)
fd = os.open("raw.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
print(os.write(fd, b"abc"), os.write(fd, bytearray(b"de")))
os.close(fd)
fd = os.open("raw.bin", os.O_RDONLY)
print(os.read(fd, 3), os.read(fd, 10), os.read(fd, 10), os.fstat(fd).st_size)
os.close(fd)
with os.fdopen(os.open("raw.bin", os.O_RDONLY), "rb") as f:
    print(f.read())
try:
    os.open("missing/x", os.O_RDONLY)
except FileNotFoundError as e:
    print(e)
try:
    os.close(fd)
except OSError as e:
    print(type(e).__name__, e)
for p in ["raw.bin", "sub/b2.txt", "sub/c.txt", "link_to_sub", "dangling"]:
    os.remove(p)
os.rmdir("sub")
os.chdir("..")
os.removedirs("osfs_scan")
print(os.path.exists("osfs_scan"))
