# min-version: 3.12
# fnmatch: translate's exact regular expressions, fnmatch/fnmatchcase/filter, bytes patterns
import fnmatch
for pat in ["*.py", "a?c", "[abc]*", "[!a-c]x", "[a-]", "[]]", "[!]]", "x[", "*a*b*", "**", "[z-a]", "[a-c-e]", "[\\]", "[&~|]", "a.b+c", "", "[!]", "[^a]", "[[x]", "*.[ch]", "?*?"]:
    print(repr(pat), repr(fnmatch.translate(pat)))
names = ["a.py", "b.txt", "abc", "A.PY", "x.c", "y.h", ".hidden", "dir/a.py", "a\nb.py"]
for pat in ["*.py", "*.[ch]", "?bc", "[!ab]*", "*", "*/*", "a*b.py"]:
    print(pat, fnmatch.filter(names, pat), [n for n in names if fnmatch.fnmatch(n, pat)] == fnmatch.filter(names, pat))
print(fnmatch.fnmatchcase("A.PY", "*.py"), fnmatch.fnmatch("A.PY", "*.py"), fnmatch.fnmatch(b"x.c", b"*.c"))
