#!/bin/sh
# gen_fixtures.sh - regenerates tests/data/X.Y/ for every Python version
# the project targets by running tools/gen_fixtures.py under that version
# itself: 2.7 and 3.6-3.13 from pyenv (the newest installed X.Y.* under
# `pyenv root`, or pythonX.Y on PATH when there is no pyenv), 3.14 through
# the pyodide npm package under Node (tools/run_pyodide.mjs; install it with
# tools/pyodide-setup.sh).  Prints one line per version; a version that is not
# available is skipped with a visible SKIP line and its directory is left
# untouched.  Always PYTHONHASHSEED=0, so the output is reproducible.
# Usage: tools/gen_fixtures.sh [X.Y ...] [-- NAME ...]
#   versions default to all; with NAMEs only those programs of
#   tests/programs are (re)generated (or, when their header tags exclude
#   the version, their old files removed) and their SKIPPED entries
#   updated; the rest of tests/data/X.Y is left as it is (a full run
#   rewrites everything).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
versions=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    versions="$versions $1"
    shift
done
[ $# -gt 0 ] && shift            # the --; what is left are program names
[ -n "$versions" ] || versions="2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13 3.14"
PYTHONHASHSEED=0
export PYTHONHASHSEED
unset PYTHONPATH PYTHONHOME PYTHONSTARTUP 2>/dev/null || true
PYDBG_PYODIDE_DIR=${PYDBG_PYODIDE_DIR:-${HOME:-/nonexistent}/.cache/pydbg-pyodide}
export PYDBG_PYODIDE_DIR

pyroot=
if command -v pyenv >/dev/null 2>&1; then
    pyroot=$(pyenv root 2>/dev/null)
fi

# find_python X.Y: path of an interpreter for X.Y, or nothing.
find_python() {
    found=
    if [ -n "$pyroot" ]; then
        # Newest patch release: sort the X.Y.Z directories numerically.
        found=$(ls "$pyroot/versions" 2>/dev/null |
                grep -E "^$1\.[0-9]+\$" | sort -t. -k3,3n | tail -n 1)
        [ -n "$found" ] && found=$pyroot/versions/$found/bin/python
    fi
    if [ -z "$found" ] || [ ! -x "$found" ]; then
        found=$(command -v "python$1" 2>/dev/null) || found=
    fi
    echo "$found"
}

names=$*
status=0
for v in $versions; do
    out=$root/tests/data/$v
    if [ "$v" = 3.14 ]; then
        if ! command -v node >/dev/null 2>&1; then
            echo "$v: SKIP (node not found)"
            continue
        fi
        if [ ! -f "$PYDBG_PYODIDE_DIR/node_modules/pyodide/pyodide.mjs" ]; then
            echo "$v: SKIP (no pyodide in $PYDBG_PYODIDE_DIR; run tools/pyodide-setup.sh)"
            continue
        fi
        set -- node "$here/run_pyodide.mjs"
    else
        py=$(find_python "$v")
        if [ -z "$py" ]; then
            echo "$v: SKIP (no python$v: not in pyenv, not on PATH)"
            continue
        fi
        set -- "$py" -s
    fi
    if line=$("$@" "$here/gen_fixtures.py" --out "$out" ${names}); then
        echo "$line"
    else
        echo "$v: FAILED (see the messages above)"
        status=1
    fi
done
exit $status
