#!/bin/sh
# gen_opcodes.sh -- regenerate src/bytecode/op_pyXY.def and opnames.def.
#
# Usage: tools/gen_opcodes.sh [OUTDIR]      (default: src/bytecode)
#
# Runs tools/gen_opcodes.py under every interpreter it can find: CPython 2.7
# and 3.6-3.13 from pyenv, 3.14 under Pyodide (tools/run_pyodide.mjs).  A
# version whose interpreter is missing is reported with a SKIP line and its
# file in OUTDIR is left alone; opnames.def is then rebuilt from whatever
# op_py*.def files OUTDIR holds.  Exit status 0 even with SKIPs; 1 when a
# generator run fails.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/src/bytecode}
mkdir -p "$out"
gen=$top/tools/gen_opcodes.py
status=0

# Newest installed pyenv CPython X.Y.N (highest N), or nothing.
find_python() {
    root=$(pyenv root 2>/dev/null) || return 0
    best= bestn=-1
    for d in "$root"/versions/"$1".*; do
        n=${d##*/}; n=${n#"$1".}
        case $n in ''|*[!0-9]*) continue ;; esac
        [ -x "$d/bin/python" ] || continue
        if [ "$n" -gt "$bestn" ]; then best=$d/bin/python bestn=$n; fi
    done
    echo "$best"
}

run() {  # run VERSION-TAG FILE CMD...
    tag=$1 file=$2; shift 2
    if "$@" "$gen" > "$out/$file.tmp"; then
        mv "$out/$file.tmp" "$out/$file"
        echo "gen_opcodes: $tag -> $file"
    else
        rm -f "$out/$file.tmp"
        echo "gen_opcodes: FAILED for $tag" >&2
        status=1
    fi
}

for v in 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13; do
    file=op_py$(echo "$v" | tr -d .).def
    py=$(find_python "$v")
    if [ -z "$py" ]; then
        echo "SKIP: gen_opcodes $v: no CPython $v under pyenv"
        continue
    fi
    run "$v" "$file" "$py"
done

# 3.14 exists here only as Pyodide under Node (tools/pyodide-setup.sh
# installs it where tools/run_pyodide.mjs looks).
pyodide=${PYDBG_PYODIDE_DIR:-${HOME:-/nonexistent}/.cache/pydbg-pyodide}
if command -v node >/dev/null 2>&1 &&
   [ -f "$pyodide/node_modules/pyodide/pyodide.mjs" ]; then
    run 3.14 op_py314.def node "$top/tools/run_pyodide.mjs"
else
    echo "SKIP: gen_opcodes 3.14: no Pyodide in $pyodide (tools/pyodide-setup.sh)"
fi

py3=$(command -v python3 || true)
[ -n "$py3" ] || py3=$(find_python 3.12)
if [ -z "$py3" ]; then
    echo "SKIP: opnames.def: no python3" >&2
    exit 1
fi
"$py3" "$gen" --names "$out"/op_py*.def > "$out/opnames.def.tmp"
mv "$out/opnames.def.tmp" "$out/opnames.def"
echo "gen_opcodes: opnames.def"
exit $status
