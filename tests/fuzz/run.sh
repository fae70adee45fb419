#!/bin/sh
# run.sh — build and run the libFuzzer targets (`make fuzz` calls this).
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD-DIR]   (defaults: 60, build-fuzz)
# The corpus starts from every fixture .pyc (a leading 0x00 byte = "read the
# header"); crashes are written to BUILD-DIR/crashes/ and must become
# regression inputs under tests/fuzz/regress/.
set -e
secs=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
bdir=${2:-$top/build-fuzz}
mkdir -p "$bdir/corpus" "$bdir/crashes"
[ -f "$top/configure" ] || (cd "$top" && autoreconf -fi)
if [ ! -f "$bdir/config.h" ]; then
    (cd "$bdir" && "$top/configure" -q CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined")
fi
(cd "$bdir" && make -j"$(nproc)" libpydbg.a >/dev/null)
clang -O1 -g -fsanitize=fuzzer,address,undefined -I"$top/include" -I"$bdir" -I"$top" \
    "$top/tests/fuzz/fuzz_pyc.c" "$bdir/libpydbg.a" -lgmp -lm -o "$bdir/fuzz_pyc"
for f in "$top"/tests/data/*/*.pyc "$top"/tests/fuzz/regress/*; do
    [ -f "$f" ] || continue
    out="$bdir/corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
    [ -f "$out" ] || { printf '\000' > "$out"; cat "$f" >> "$out"; }
done
"$bdir/fuzz_pyc" -max_total_time="$secs" -artifact_prefix="$bdir/crashes/" \
    -print_final_stats=1 "$bdir/corpus"
