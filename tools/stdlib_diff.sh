#!/bin/sh
# stdlib_diff.sh — differential test of `pydbg --dis` against the real `dis`
# over the whole installed standard library of each interpreter.
#
#   tools/stdlib_diff.sh [-k] [-c] [-o] [-n N] [X.Y ...]
#                                           (default: 2.7 3.6 ... 3.14)
#
# For each version, tools/stdlib_dis.py runs under that interpreter (found
# through pyenv) and writes the reference disassembly of every stdlib .pyc.
# 3.14 has no installed stdlib pycs: it runs under Pyodide (node
# tools/run_pyodide.mjs, see tools/pyodide-setup.sh), which compiles every
# .py of its library to a pyc first (stdlib_dis.py --compile).
# Then pydbg --dis runs on each .pyc and both are compared after replacing
# ` at 0x…` addresses by ` at 0xADDR`.  Prints `X.Y: identical/total files`
# and the first N (default 5) differing files with the start of their diff.
# PYDBG names the binary (default: ./pydbg).  -k keeps the work directory;
# -c compares with show_caches (--show-caches, 3.11+ only), -o with
# show_offsets (--show-offsets, 3.13+ only).
# Exit status: 0 when every file of every version was identical.
set -u

here=$(cd "$(dirname "$0")" && pwd)
PYDBG=${PYDBG:-./pydbg}
keep=0
show=5
opts=
while [ $# -gt 0 ]; do
    case $1 in
    -k) keep=1; shift ;;
    -c) opts="$opts --show-caches"; shift ;;
    -o) opts="$opts --show-offsets"; shift ;;
    -n) show=$2; shift 2 ;;
    -*) echo "usage: $0 [-k] [-c] [-o] [-n N] [X.Y ...]" >&2; exit 2 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || set -- 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13 3.14
pyodide=${PYDBG_PYODIDE_DIR:-${HOME:-/nonexistent}/.cache/pydbg-pyodide}

if [ ! -x "$PYDBG" ]; then
    echo "$0: no pydbg binary at $PYDBG (set PYDBG)" >&2
    exit 2
fi

find_python() {
    prefix=$(pyenv prefix "$1" 2>/dev/null) || prefix=
    if [ -z "$prefix" ]; then
        root=$(pyenv root 2>/dev/null) || root=
        for d in "$root"/versions/"$1".*; do
            [ -d "$d" ] && prefix=$d
        done
    fi
    [ -n "$prefix" ] && [ -x "$prefix/bin/python$1" ] && echo "$prefix/bin/python$1"
}

work=$(mktemp -d "${TMPDIR:-/tmp}/stdlib_diff.XXXXXX")
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
status=0

# (the loop list is expanded once: "set --" below only builds the command)
for ver in "$@"; do
    dir=$work/$ver
    mkdir -p "$dir"
    if [ "$ver" = 3.14 ]; then
        if [ ! -f "$pyodide/node_modules/pyodide/pyodide.mjs" ]; then
            echo "$ver: no Pyodide in $pyodide (tools/pyodide-setup.sh), skipped"
            continue
        fi
        set -- node "$here/run_pyodide.mjs" "$here/stdlib_dis.py" --compile
    else
        py=$(find_python "$ver") || py=
        if [ -z "$py" ]; then
            echo "$ver: no interpreter found, skipped"
            continue
        fi
        set -- "$py" "$here/stdlib_dis.py"
    fi
    if ! PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 "$@" $opts "$dir" \
            2>"$dir/skipped.log"; then
        echo "$ver: $* failed:"
        tail -n 3 "$dir/skipped.log"
        status=1
        continue
    fi
    total=0 same=0
    : >"$dir/differ.txt"
    while IFS='	' read -r name pyc; do
        total=$((total + 1))
        "$PYDBG" --dis $opts "$pyc" 2>"$dir/$name.err" |
            sed 's/ at 0x[0-9a-f][0-9a-f]*/ at 0xADDR/g' >"$dir/$name.out"
        if cmp -s "$dir/$name.out" "$dir/$name.dis"; then
            same=$((same + 1))
            rm -f "$dir/$name.out" "$dir/$name.err" "$dir/$name.dis"
        else
            echo "$name	$pyc" >>"$dir/differ.txt"
        fi
    done <"$dir/manifest.tsv"
    echo "$ver: $same/$total files identical"
    [ "$same" = "$total" ] || status=1
    head -n "$show" "$dir/differ.txt" | while IFS='	' read -r name pyc; do
        echo "  differs: $pyc"
        if [ -s "$dir/$name.err" ]; then
            sed 's/^/    /' "$dir/$name.err" | head -n 3
        fi
        diff "$dir/$name.dis" "$dir/$name.out" | head -n 8 | sed 's/^/    /'
    done
done
[ "$keep" = 1 ] && echo "work directory kept: $work"
exit $status
