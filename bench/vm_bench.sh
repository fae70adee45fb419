#!/bin/sh
# vm_bench.sh — CPU-bound programs (bench/vm/*.py) run by `pydbg --run` and
# by python3.12 in the same session.  Each program is compiled by python3.12;
# both outputs must be identical (else the row says MISMATCH).  Prints per
# program the best-of-3 wall time of each, their ratio, peak RSS, and the
# geometric mean of the ratios.
# Usage: bench/vm_bench.sh [PYDBG]     (default: build/pydbg)
set -e
pydbg=${1:-build/pydbg}
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
py=$(ls -d "$root"/versions/3.12.* 2>/dev/null | tail -n 1)/bin/python
[ -x "$py" ] || { echo "vm_bench: no python3.12 found"; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
best() {   # best CMD... : best of 3 wall times in seconds; peak RSS in $tmp/rss
    b=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >"$tmp/out" 2>/dev/null || true
        read -r t m < "$tmp/t"
        if [ -z "$b" ] || awk -v a="$t" -v c="$b" 'BEGIN{exit !(a<c)}'; then b=$t; echo "$m" > "$tmp/rss"; fi
    done
    echo "$b"
}
printf '%-18s %9s %9s %7s %10s %10s\n' program pydbg python ratio "pydbg KiB" "python KiB"
logsum=0; n=0
for src in "$here"/vm/*.py; do
    name=$(basename "$src" .py)
    cp "$src" "$tmp/$name.py"
    (cd "$tmp" && "$py" -c "import py_compile; py_compile.compile('$name.py', '$name.pyc')")
    tp=$(best "$pydbg" --run "$tmp/$name.pyc"); mp=$(cat "$tmp/rss"); cp "$tmp/out" "$tmp/p.out"
    tc=$(best env PYTHONHASHSEED=0 "$py" "$tmp/$name.pyc"); mc=$(cat "$tmp/rss")
    same=""; cmp -s "$tmp/p.out" "$tmp/out" || same="  MISMATCH"
    r=$(awk -v a="$tp" -v b="$tc" 'BEGIN{ if (a <= 0) a = 0.005; if (b <= 0) b = 0.005; printf "%.2f", a / b }')
    logsum=$(awk -v s="$logsum" -v r="$r" 'BEGIN{ printf "%.6f", s + log(r) }'); n=$((n + 1))
    printf '%-18s %8ss %8ss %7s %10s %10s%s\n' "$name" "$tp" "$tc" "$r" "$mp" "$mc" "$same"
done
awk -v s="$logsum" -v n="$n" 'BEGIN{ printf "geometric mean of pydbg/python: %.2f\n", exp(s / n) }'
