#!/bin/sh
# gen_traces.sh - regenerates tests/data/3.12/NAME.pytrace (what
# `python3.12 -m trace --trace` prints for each program) by running
# tools/gen_traces.py under CPython 3.12: the newest 3.12.* under `pyenv
# root`, else python3.12 on PATH.  Run it after tools/gen_fixtures.sh 3.12
# (it traces the programs that have a tests/data/3.12/NAME.pyc).
# Usage: tools/gen_traces.sh [NAME ...]   (default: every program)
set -u

here=$(cd "$(dirname "$0")" && pwd)
PYTHONHASHSEED=0
export PYTHONHASHSEED
unset PYTHONPATH PYTHONHOME PYTHONSTARTUP 2>/dev/null || true

py=
if command -v pyenv >/dev/null 2>&1; then
    pyroot=$(pyenv root 2>/dev/null)
    v=$(ls "$pyroot/versions" 2>/dev/null | grep -E '^3\.12\.[0-9]+$' |
        sort -t. -k3,3n | tail -n 1)
    [ -n "$v" ] && py=$pyroot/versions/$v/bin/python3.12
fi
if [ -z "$py" ] || [ ! -x "$py" ]; then
    py=$(command -v python3.12 2>/dev/null) || py=
fi
if [ -z "$py" ]; then
    echo "gen_traces: no python3.12 (not in pyenv, not on PATH)" >&2
    exit 1
fi
exec "$py" -s "$here/gen_traces.py" "$@"
