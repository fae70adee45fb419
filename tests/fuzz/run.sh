#!/bin/sh
# run.sh — build and run the libFuzzer targets (`make fuzz` calls this).
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD-DIR] [TARGET...]
#   SECONDS    how long each target runs (default 60); the targets run in
#              parallel, one process each
#   BUILD-DIR  clang + ASan/UBSan + libFuzzer build (default ./build-fuzz)
#   TARGET     pyc (loader, dis, info, line tables: fuzz_pyc.c) and/or
#              vm (loader, verifier and VM with an instruction budget:
#              fuzz_vm.c); default both
# Environment: FUZZ_RSS_MB (default 4096), FUZZ_TIMEOUT (seconds per input,
# default 60: a loaded machine makes a 10 s limit report false timeouts).
#
# Corpora start from every fixture .pyc (fuzz_vm: the 3.12 ones) in both
# input forms: first byte 0 and the .pyc with its header, or first byte
# 2*i+1 and the bare marshalled code object (i: the version's index in
# fuzz_pyc.c's list; fuzz_vm reads any odd first byte as 3.12), plus the
# regression inputs; they grow
# in BUILD-DIR/corpus-TARGET.  Crashes, leaks, timeouts and out-of-memory
# inputs are written to BUILD-DIR/crashes-TARGET/; each real one is fixed
# and copied to tests/fuzz/regressions/TARGET-NAME, which
# tests/fuzzregress.test replays in `make check`.  The last lines of
# BUILD-DIR/fuzz-TARGET.log hold libFuzzer's final statistics
# (number_of_executed_units, …); a summary is printed at the end.
#
# Started as root, the vm target runs as `nobody` (setpriv): programs it runs
# may write or remove files, and must not reach anything of ours.
set -e
pids=
secs=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
bdir=${2:-$PWD/build-fuzz}
if [ $# -ge 2 ]; then shift 2; else set --; fi
targets=${*:-pyc vm}
rss=${FUZZ_RSS_MB:-4096}
tmo=${FUZZ_TIMEOUT:-60}
mkdir -p "$bdir"
bdir=$(cd "$bdir" && pwd)
[ -f "$top/configure" ] || (cd "$top" && autoreconf -fi)
if [ ! -f "$bdir/config.h" ]; then
    (cd "$bdir" && "$top/configure" -q CC=clang \
        CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined")
fi
(cd "$bdir" && make -j"$(nproc)" libpydbg.a >/dev/null)
libs=$(sed -n 's/^LIBS = //p' "$bdir/Makefile")
gmp=$(sed -n 's/^GMP_LIBS = //p' "$bdir/Makefile")

for t in $targets; do
    clang -O1 -g -fsanitize=fuzzer,address,undefined -I"$top/include" -I"$bdir" -I"$top" \
        "$top/tests/fuzz/fuzz_$t.c" "$bdir/libpydbg.a" $gmp $libs -o "$bdir/fuzz_$t"
    corpus=$bdir/corpus-$t
    mkdir -p "$corpus" "$bdir/crashes-$t"
    for f in "$top"/tests/data/*/*.pyc; do
        ver=$(basename "$(dirname "$f")")
        [ "$t" = vm ] && [ "$ver" != 3.12 ] && continue
        # the bare form: the header's size and the version byte of fuzz_pyc.c
        case $ver in
        2.7) hdr=8 byte='\001' ;;     3.6) hdr=12 byte='\003' ;;
        3.7) hdr=16 byte='\005' ;;    3.8) hdr=16 byte='\007' ;;
        3.9) hdr=16 byte='\011' ;;    3.10) hdr=16 byte='\013' ;;
        3.11) hdr=16 byte='\015' ;;   3.12) hdr=16 byte='\017' ;;
        3.13) hdr=16 byte='\021' ;;   3.14) hdr=16 byte='\023' ;;
        *) continue ;;
        esac
        name=$ver-$(basename "$f" .pyc)
        [ -f "$corpus/pyc-$name" ] || { printf '\000'; cat "$f"; } > "$corpus/pyc-$name"
        [ -f "$corpus/bare-$name" ] ||
            { printf "$byte"; tail -c +$((hdr + 1)) "$f"; } > "$corpus/bare-$name"
    done
    for f in "$top"/tests/fuzz/regressions/"$t"-*; do
        [ -f "$f" ] && cp "$f" "$corpus/"
    done
done

as_user=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
for t in $targets; do
    extra=
    run=
    if [ "$t" = vm ]; then
        extra=-close_fd_mask=3      # the programs' output goes to /dev/null
        if [ -n "$as_user" ]; then
            chown -R nobody "$bdir/corpus-vm" "$bdir/crashes-vm"
            run=$as_user
        fi
    fi
    echo "fuzz_$t: ${secs}s, log $bdir/fuzz-$t.log"
    (cd "$bdir" && $run "./fuzz_$t" -max_total_time="$secs" -rss_limit_mb="$rss" \
        -timeout="$tmo" -artifact_prefix="$bdir/crashes-$t/" -print_final_stats=1 $extra \
        "$bdir/corpus-$t" >"$bdir/fuzz-$t.log" 2>&1) &
    pids="$pids $!"
done
status=0
for pid in $pids; do
    wait "$pid" || status=$?
done
for t in $targets; do
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$bdir/fuzz-$t.log" | tail -n 1)
    found=$(ls "$bdir/crashes-$t" | wc -l)
    echo "fuzz_$t: ${execs:-?} executions in ${secs}s; $found input(s) in $bdir/crashes-$t/"
done
exit $status
