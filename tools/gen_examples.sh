#!/bin/sh
# gen_examples.sh — compile examples/*.py with every available interpreter
# into examples/X.Y/NAME.pyc, using the same pyc recipe as the test fixtures
# (tools/gen_fixtures.py: fixed mtime, co_filename = NAME.py).  Only the .pyc
# files are kept.  Usage: tools/gen_examples.sh [X.Y ...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/programs"
cp "$root"/examples/*.py "$tmp/programs/"
# gen_fixtures.sh writes into $root/tests/data; point it at a scratch copy.
mkdir -p "$tmp/repo/tools" "$tmp/repo/tests"
cp "$here"/gen_fixtures.sh "$here"/gen_fixtures.py "$here"/run_pyodide.mjs "$tmp/repo/tools/"
cp -r "$tmp/programs" "$tmp/repo/tests/programs"
sh "$tmp/repo/tools/gen_fixtures.sh" "$@"
for d in "$tmp"/repo/tests/data/*/; do
    v=$(basename "$d")
    ls "$d"*.pyc >/dev/null 2>&1 || continue
    mkdir -p "$root/examples/$v"
    cp "$d"*.pyc "$root/examples/$v/"
done
