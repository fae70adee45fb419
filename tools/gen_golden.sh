#!/bin/sh
# gen_golden.sh — record the expected debugger transcripts from CPython 3.12.
#
# For every tests/golden/NAME.cmd (its `# program: PROG` line names a test
# program), run tools/gen_golden.py under python3.12 in a fresh directory
# holding PROG.py, with PYTHONHASHSEED=0, and store its stdout as
# tests/golden/NAME.out and its exit status as tests/golden/NAME.status.
# The stops and values come from CPython's own tracing (see gen_golden.py).
# Usage: tools/gen_golden.sh [NAME...]
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON312:-$(ls -d "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.12*/bin/python3.12 2>/dev/null | head -n 1)}
[ -x "$py" ] || { echo "gen_golden: python3.12 not found (set PYTHON312)" >&2; exit 2; }
cd "$top/tests/golden"
# Programs only the debugger's own tests use (tests/repl.test): compiled the
# way tests/data fixtures are (fixed mtime, co_filename NAME.py).
for src in programs/*.py; do
    "$py" - "$src" <<'PY'
import importlib.util, marshal, os, sys
path = sys.argv[1]
src = open(path, "rb").read()
co = compile(src, os.path.basename(path), "exec", dont_inherit=True)
head = importlib.util.MAGIC_NUMBER + (0).to_bytes(4, "little")
head += (1700000000).to_bytes(4, "little") + len(src).to_bytes(4, "little")
open(path[:-3] + ".pyc", "wb").write(head + marshal.dumps(co))
PY
done
names=$*
[ -n "$names" ] || names=$(ls *.cmd | sed 's/\.cmd$//')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in $names; do
    prog=$(sed -n 's/^# program: //p' "$n.cmd")
    rm -rf "$tmp/run" && mkdir "$tmp/run"
    cp "$top/tests/programs/$prog.py" "$tmp/run/"
    st=0
    (cd "$tmp/run" && env -i PATH="$PATH" PYTHONHASHSEED=0 "$py" "$top/tools/gen_golden.py" \
        "$top/tests/golden/$n.cmd" "$prog.py" >"$tmp/out" 2>"$tmp/err") || st=$?
    if [ "$st" -ne 0 ] && [ "$st" -ne 1 ] || grep -q '^gen_golden:' "$tmp/err"; then
        echo "gen_golden: $n: the emulator failed:" >&2
        cat "$tmp/err" >&2
        exit 1
    fi
    cp "$tmp/out" "$n.out"
    echo "$st" >"$n.status"
    echo "$n: $(wc -l <"$n.out") lines, status $st"
done
