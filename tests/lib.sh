# lib.sh - shared helpers for the shell tests (tests/*.test), sourced with
# `. "$srcdir/tests/lib.sh"`.  Every check prints one `PASS: NAME`,
# `FAIL: NAME` or `SKIP: NAME` line and is counted; `finish` prints the
# closing `N passed, N failed` line (`, N skipped` when there were skips)
# and exits 1 if anything failed, 77 (automake's SKIP) if nothing ran, else
# 0.  Defaults for running a test by hand from the build directory:
# PYDBG=./pydbg, srcdir=. (make check exports both).  POSIX sh only; this
# file sets no traps and creates no files, so a test may set its own.

: "${PYDBG:=./pydbg}"
: "${srcdir:=.}"
lib_passed=0
lib_failed=0
lib_skipped=0
lib_diffs=0
# How many failures show a diff, and how many lines of each.
: "${LIB_MAX_DIFFS:=5}"
: "${LIB_DIFF_LINES:=20}"

pass() {    # pass NAME
    lib_passed=$((lib_passed + 1))
    echo "PASS: $1"
}

fail() {    # fail NAME [DETAIL...]: DETAIL lines are printed indented
    lib_failed=$((lib_failed + 1))
    echo "FAIL: $1"
    shift
    for line in "$@"; do
        echo "    $line"
    done
}

skip() {    # skip NAME [WHY]
    lib_skipped=$((lib_skipped + 1))
    echo "SKIP: $1${2:+ ($2)}"
}

check() {   # check NAME CMD [ARG...]: PASS when CMD exits 0
    lib_name=$1
    shift
    if "$@"; then
        pass "$lib_name"
    else
        fail "$lib_name"
    fi
}

show_diff() {   # show_diff EXPECTED ACTUAL: short unified diff, first failures only
    lib_diffs=$((lib_diffs + 1))
    if [ "$lib_diffs" -le "$LIB_MAX_DIFFS" ]; then
        diff -u "$1" "$2" | head -n "$LIB_DIFF_LINES" | sed 's/^/    /'
        if [ "$lib_diffs" -eq "$LIB_MAX_DIFFS" ]; then
            echo "    (no diffs shown for further failures)"
        fi
    fi
}

check_same() {  # check_same NAME EXPECTED-FILE ACTUAL-FILE: PASS when equal
    if cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1"
        show_diff "$2" "$3"
    fi
}

finish() {  # print the summary line and exit with the tests' status
    if [ "$lib_skipped" -gt 0 ]; then
        echo "$lib_passed passed, $lib_failed failed, $lib_skipped skipped"
    else
        echo "$lib_passed passed, $lib_failed failed"
    fi
    [ "$lib_failed" -gt 0 ] && exit 1
    [ "$((lib_passed + lib_skipped))" -eq 0 ] && exit 77
    exit 0
}

# ---- the CPython 3.12 library pydbg borrows modules from (doc/design.md) ----
# find_library PYDBG: sets $library to the directory `PYDBG --version`
# reports (empty when it found none) and says which on stdout.
find_library() {
    library=$("$1" --version | sed -n 's/^CPython 3.12 library: \(\/.*\)/\1/p')
    if [ -n "$library" ]; then
        echo "CPython 3.12 library: $library"
    else
        echo "CPython 3.12 library: none found — programs marked 'needs: cpython-library' skip"
    fi
}

# lacks_library PROGRAM.py: true when the program is marked
# `# needs: cpython-library` and find_library found none.
lacks_library() {
    [ -z "$library" ] && [ -f "$1" ] && grep -q '^# needs: cpython-library' "$1"
}

# with_library RECORD OUT: RECORD with tools/gen_fixtures.py's
# {CPYTHON_LIBRARY} mark replaced by $library, written to OUT.
with_library() {
    sed "s|{CPYTHON_LIBRARY}|$library|g" "$1" >"$2"
}
