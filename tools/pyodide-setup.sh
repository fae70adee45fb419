#!/bin/sh
# pyodide-setup.sh - installs the `pyodide` npm package, i.e. CPython 3.14
# built for WebAssembly, the only 3.14 the project can run, into a cache
# directory outside the repository (default $HOME/.cache/pydbg-pyodide,
# override with PYDBG_PYODIDE_DIR), then checks that the installed package
# really is Python 3.14 with bytecode magic 3627.  The version is pinned
# (PYDBG_PYODIDE_VERSION overrides it): pyodide 0.29.x ships 3.13, the
# 314.0.x line ships 3.14 (314.0.7 = Python 3.14.2).  Safe to re-run: an
# existing install of the pinned version is only re-checked.  Needs node and
# npm.  tools/run_pyodide.mjs reads the same directory.
set -eu

dir=${PYDBG_PYODIDE_DIR:-${HOME:?}/.cache/pydbg-pyodide}
version=${PYDBG_PYODIDE_VERSION:-314.0.7}
here=$(cd "$(dirname "$0")" && pwd)

for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "pyodide-setup: $tool not found (install Node.js and npm first)" >&2
        exit 1
    fi
done

pkg=$dir/node_modules/pyodide/package.json
installed=
if [ -f "$pkg" ]; then
    installed=$(node -e 'console.log(require(process.argv[1]).version)' "$pkg")
fi
if [ "$installed" = "$version" ]; then
    echo "pyodide-setup: pyodide $version already in $dir"
else
    mkdir -p "$dir"
    # A private package.json keeps npm from walking up to another project.
    [ -f "$dir/package.json" ] ||
        printf '{ "name": "pydbg-pyodide", "private": true }\n' >"$dir/package.json"
    echo "pyodide-setup: installing pyodide@$version into $dir"
    npm install --prefix "$dir" --no-audit --no-fund --save-exact \
        "pyodide@$version" >&2
fi

# Check: the runner must start it and find 3.14 with magic 3627.
check=$(mktemp "${TMPDIR:-/tmp}/pyodide-check.XXXXXX")
trap 'rm -f "$check"' EXIT
cat >"$check" <<'EOF'
import importlib.util, sys
magic = int.from_bytes(importlib.util.MAGIC_NUMBER[:2], "little")
print("Python %s, magic %d" % (sys.version.split()[0], magic))
sys.exit(0 if sys.version_info[:2] == (3, 14) and magic == 3627 else 1)
EOF
if out=$(PYDBG_PYODIDE_DIR=$dir node "$here/run_pyodide.mjs" "$check"); then
    echo "pyodide-setup: ok: $out"
else
    echo "pyodide-setup: installed package is not CPython 3.14 / magic 3627: $out" >&2
    exit 1
fi
