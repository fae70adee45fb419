#!/bin/sh
# dbg_bench.sh — the cost of a breakpoint that never fires (issue: debugger).
# bench/dbg/hotloop.py runs a 3,000,000-iteration loop; line 5 (the loop
# body) gets the breakpoint `if i < 0` and the debugger continues to the end:
#   pydbg -nx --batch -ex 'break 5 if i < 0' -ex continue hotloop.pyc
#   python3.12 -m pdb -c 'break 5, i < 0' -c continue hotloop.py   (then quit)
# next to `pydbg --run` and `python3.12` without any debugger.  Best of 3
# wall times; the goal: pydbg ≥ 50× faster than pdb, ≤ 1.5× its own plain run.
# Usage: bench/dbg_bench.sh [PYDBG]     (default: build/pydbg)
set -e
pydbg=${1:-build/pydbg}
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
py=$(ls -d "$root"/versions/3.12.* 2>/dev/null | tail -n 1)/bin/python
[ -x "$py" ] || { echo "dbg_bench: no python3.12 found"; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$here/dbg/hotloop.py" "$tmp/"
(cd "$tmp" && "$py" -c "import py_compile; py_compile.compile('hotloop.py', 'hotloop.pyc')")
best() {   # best CMD... : best of 3 wall times in seconds
    b=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e" -o "$tmp/t" "$@" >"$tmp/out" 2>/dev/null </dev/null || true
        t=$(tail -n 1 "$tmp/t")
        if [ -z "$b" ] || awk -v a="$t" -v c="$b" 'BEGIN{exit !(a<c)}'; then b=$t; fi
    done
    echo "$b"
}
cd "$tmp"
t_run=$(best "$pydbg" --run hotloop.pyc)
t_dbg=$(best "$pydbg" -nx --batch -ex 'break 5 if i < 0' -ex continue hotloop.pyc)
grep -q 'Program exited normally' out || { echo "dbg_bench: pydbg did not finish the program"; cat out; exit 1; }
t_py=$(best "$py" hotloop.py)
printf 'quit\n' > quit.txt
b=""
for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o t "$py" -m pdb -c 'break 5, i < 0' -c continue hotloop.py <quit.txt >out 2>&1 || true
    t=$(tail -n 1 t)
    if [ -z "$b" ] || awk -v a="$t" -v c="$b" 'BEGIN{exit !(a<c)}'; then b=$t; fi
done
t_pdb=$b
printf '%-44s %8s\n' "run" "seconds"
printf '%-44s %8s\n' "python3.12 hotloop.py" "$t_py"
printf '%-44s %8s\n' "python3.12 -m pdb (break 5, i < 0; continue)" "$t_pdb"
printf '%-44s %8s\n' "pydbg --run hotloop.pyc" "$t_run"
printf '%-44s %8s\n' "pydbg --batch (break 5 if i < 0; continue)" "$t_dbg"
awk -v p="$t_pdb" -v d="$t_dbg" -v r="$t_run" 'BEGIN{
    if (d <= 0) d = 0.005; if (r <= 0) r = 0.005;
    printf "pdb / pydbg-with-breakpoint: %.1fx faster (goal >= 50x)\n", p / d;
    printf "pydbg with breakpoint / pydbg --run: %.2fx (goal <= 1.5x)\n", d / r }'
