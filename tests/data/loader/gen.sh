#!/bin/sh
# gen.sh - regenerate tests/data/loader/ with the real interpreters (pyenv).
# tiny-X.Y.pyc: py_compile of tiny.py (timestamp-based, source mtime forced to
# 1700000000, co_filename "tiny.py"); tiny-3.12-checked.pyc and
# tiny-3.12-unchecked.pyc: hash-based; tiny-3.12.bin: marshal.dumps(code)
# without a header.  Run from anywhere; needs pyenv with those versions.
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loader-gen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$here/tiny.py" "$tmp/tiny.py"
python_of() {   # python_of X.Y: the newest pyenv interpreter of that version
    py=
    for d in "$(pyenv root)/versions/$1".*; do
        py=$d/bin/python
    done
    [ -x "$py" ] || { echo "gen.sh: no Python $1 under pyenv" >&2; exit 1; }
    echo "$py"
}
for v in 2.7 3.6 3.8 3.10 3.11 3.12 3.13; do
    py=$(python_of $v)
    "$py" - "$tmp/tiny.py" "$here/tiny-$v.pyc" <<'PY'
import os, sys, py_compile
src, out = sys.argv[1], sys.argv[2]
os.utime(src, (1700000000, 1700000000))
py_compile.compile(src, cfile=out, dfile='tiny.py', doraise=True)
PY
done
py=$(python_of 3.12)
"$py" - "$tmp/tiny.py" "$here" <<'PY'
import os, sys, marshal, py_compile
src, here = sys.argv[1], sys.argv[2]
os.utime(src, (1700000000, 1700000000))
M = py_compile.PycInvalidationMode
for name, mode in (('checked', M.CHECKED_HASH), ('unchecked', M.UNCHECKED_HASH)):
    py_compile.compile(src, cfile=os.path.join(here, 'tiny-3.12-%s.pyc' % name),
                       dfile='tiny.py', doraise=True, invalidation_mode=mode)
code = compile(open(src, 'rb').read(), 'tiny.py', 'exec')
open(os.path.join(here, 'tiny-3.12.bin'), 'wb').write(marshal.dumps(code))
PY
