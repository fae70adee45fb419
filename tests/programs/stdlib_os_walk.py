# os.walk: top-down (with pruning through dirs[:]), bottom-up (removing a
# tree), sizes summed over a walk, a missing directory with and without
# onerror.  Directory order is the file system's: the program sorts.
import os
os.makedirs("tree/a/deep", exist_ok=True)
os.makedirs("tree/b", exist_ok=True)
for p in ["tree/top.txt", "tree/a/one.txt", "tree/a/deep/two.txt", "tree/b/three.py"]:
    with open(p, "w") as f:
        f.write(p)
for root, dirs, files in os.walk("tree"):
    dirs.sort()
    print(root, sorted(dirs), sorted(files))
print("--")
for root, dirs, files in os.walk("tree"):
    dirs[:] = [d for d in dirs if d != "a"]
    print(root, sorted(files))
print("--")
res = sorted((r, sorted(d), sorted(f)) for r, d, f in os.walk("tree", topdown=False))
print(res)
total = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk("tree") for f in fs)
print(total)
print(list(os.walk("missing-dir")))
errs = []
print(list(os.walk("missing-dir", onerror=errs.append)), [type(e).__name__ for e in errs], errs[0].filename)
for r, d, f in os.walk("tree", topdown=False):
    for x in f: os.remove(os.path.join(r, x))
    os.rmdir(r)
print(os.path.exists("tree"))
w = os.walk(".")
print(next(iter(w))[0])
