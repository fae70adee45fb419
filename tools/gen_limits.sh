#!/bin/sh
# gen_limits.sh - regenerates tests/data/limits/ from tests/limits/*.py by
# running tools/gen_limits.py under CPython 3.12 (the newest 3.12.* of
# pyenv, else python3.12 on PATH).  Always PYTHONHASHSEED=0.
# Usage: tools/gen_limits.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
py=
if command -v pyenv >/dev/null 2>&1; then
    v=$(ls "$(pyenv root)/versions" 2>/dev/null | grep -E '^3\.12\.[0-9]+$' |
        sort -t. -k3,3n | tail -n 1)
    [ -n "$v" ] && py=$(pyenv root)/versions/$v/bin/python
fi
[ -n "$py" ] && [ -x "$py" ] || py=$(command -v python3.12) ||
    { echo "gen_limits: no python3.12 found"; exit 1; }
unset PYTHONPATH PYTHONHOME PYTHONSTARTUP 2>/dev/null || true
PYTHONHASHSEED=0 "$py" "$here/gen_limits.py" "$root/tests/limits" "$root/tests/data/limits"
