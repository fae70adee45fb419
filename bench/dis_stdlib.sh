#!/bin/sh
# dis_stdlib.sh — benchmark: disassemble every .pyc of one installed standard
# library with `pydbg --dis` — once with one process per file, once with all
# files given to one process — and with that CPython's own `dis` doing the
# same work in one process.  Prints the wall times, the ratios, and the peak
# resident memory of each side.
#
# Usage: bench/dis_stdlib.sh [X.Y] [PYDBG]      (defaults: 3.12, build/pydbg)
set -e
ver=${1:-3.12}
pydbg=${2:-build/pydbg}
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
py=$(ls -d "$root"/versions/"$ver".* 2>/dev/null | head -n 1)/bin/python
[ -x "$py" ] || { echo "dis_stdlib: no Python $ver found under $root/versions"; exit 1; }
[ -x "$pydbg" ] || { echo "dis_stdlib: $pydbg not built (run scripts/setup)"; exit 1; }
tag=$("$py" -c 'import sys; print("cpython-%d%d" % sys.version_info[:2])')
lib=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
list=$(mktemp); trap 'rm -f "$list"' EXIT
find "$lib" -name "*.$tag.pyc" -not -path "*/site-packages/*" | sort > "$list"
n=$(wc -l < "$list")
echo "Python $ver standard library: $n pyc files"

now() { date +%s.%N; }
t0=$(now)
/usr/bin/time -f "%M" -o /tmp/pydbg-bench-mem sh -c '
    while read -r f; do "$0" --dis "$f" >/dev/null 2>&1 || true; done < "$1"' "$pydbg" "$list"
t1=$(now)
PYTHONHASHSEED=0 /usr/bin/time -f "%M" -o /tmp/cpython-bench-mem "$py" - "$list" <<'PY'
import dis, io, marshal, sys
for path in open(sys.argv[1]).read().split():
    with open(path, "rb") as fp:
        data = fp.read()
    code = marshal.loads(data[16:])
    dis.dis(code, file=io.StringIO())
PY
t2=$(now)
# shellcheck disable=SC2046
/usr/bin/time -f "%M" -o /tmp/pydbg-bench-mem1 "$pydbg" --dis $(cat "$list") >/dev/null 2>&1 || true
t3=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" \
    -v mp="$(cat /tmp/pydbg-bench-mem)" -v mc="$(cat /tmp/cpython-bench-mem)" \
    -v m1="$(cat /tmp/pydbg-bench-mem1)" 'BEGIN {
    p = b - a; c2 = c - b; p1 = d - c;
    printf "pydbg --dis, one process per file:  %8.2f s  peak RSS %6d KiB (largest process)\n", p, mp;
    printf "pydbg --dis, all files, one process:%8.2f s  peak RSS %6d KiB\n", p1, m1;
    printf "CPython dis, one process:           %8.2f s  peak RSS %6d KiB\n", c2, mc;
    printf "ratio CPython / pydbg (per file):   %8.1fx\n", c2 / p;
    printf "ratio CPython / pydbg (one process):%8.1fx\n", c2 / p1;
}'
