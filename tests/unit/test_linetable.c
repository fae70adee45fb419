/* test_linetable.c — unit tests for the line-table and exception-table
 * decoders (src/pyc/linetable.c, src/pyc/exctable.c).
 *
 * Every expected value below was printed by the real interpreter named in
 * the comment above it (co_lnotab / co_linetable / co_exceptiontable as hex,
 * list(co_lines()), list(dis.findlinestarts(c)), list(co_positions()) folded
 * into runs of equal positions, dis._parse_exception_table(c)) for these
 * small functions, compiled with compile(src, "t.py", "exec"):
 *
 *   f:        def f(x):                 longline: def longline(a):
 *                 y = x + 1                           x = [a, a, ..., a]  (200 a's)
 *                 if y > 2:                           return x
 *                     return y
 *                 return 0              jump:     def jump(a):
 *                                                     b = a
 *   dead:     def dead():                             <299 empty lines>
 *                 return 1                            return b
 *                 x = 2
 *                 return x              neg:      def neg(a):
 *                                                     return a(
 *   attr:     def attr(o):                            <200 empty lines>
 *                 return o.b                              a)
 *
 *   cell outer:  def outer(a):          outer of dis-format.md:
 *                    def inner():         def outer(items, limit=10):
 *                        return a             total = 0
 *                    try:                     def add(x):
 *                        a = inner()              return total + x
 *                    except ValueError:       for i in items:
 *                        a = 2                    if i > limit:
 *                    return a                         break
 *                                                 try:
 *                                                     total = add(i)
 *                                                 except ValueError as e:
 *                                                     log("bad", str(e).upper(), sep=":")
 *                                             return total
 *
 * "module of f.py" is the module code object of the f source.  N = None.
 */
#include "config.h"
#include "unit.h"

#include <string.h>

#include "pydbg/exctable.h"
#include "pydbg/linetable.h"

#define N (-1)

typedef struct Case {
    const char *what;
    PyVer ver;
    int32_t first;
    uint32_t codelen;
    int32_t stacksize;
    const char *table, *exc;     /* hex */
    const int32_t *lines;        /* co_lines(): start end line (3.10+) */
    uint32_t nlines;
    const int32_t *starts;       /* findlinestarts(): offset line */
    uint32_t nstarts;
    const int32_t *pos;          /* co_positions() runs: start end l el c ec */
    uint32_t npos;
    const int32_t *excs;         /* start end target depth lasti */
    uint32_t nexc;
} Case;

static const Case CASES[] = {
    /* f, measured with CPython 2.7.18 */
    {"f", 207, 1, 30, 2, "00010a010c010401", "",
     NULL, 0,
     (const int32_t[]){0, 2, 10, 3, 22, 4, 26, 5}, 4,
     NULL, 0,
     NULL, 0},
    /* f, measured with CPython 3.6.15 */
    {"f", 306, 1, 24, 2, "0001080108010401", "",
     NULL, 0,
     (const int32_t[]){0, 2, 8, 3, 16, 4, 20, 5}, 4,
     NULL, 0,
     NULL, 0},
    /* f, measured with CPython 3.8.18 */
    {"f", 308, 1, 24, 2, "0001080108010401", "",
     NULL, 0,
     (const int32_t[]){0, 2, 8, 3, 16, 4, 20, 5}, 4,
     NULL, 0,
     NULL, 0},
    /* f, measured with CPython 3.9.18 */
    {"f", 309, 1, 24, 2, "0001080108010401", "",
     NULL, 0,
     (const int32_t[]){0, 2, 8, 3, 16, 4, 20, 5}, 4,
     NULL, 0,
     NULL, 0},
    /* f, measured with CPython 3.10.13 */
    {"f", 310, 1, 24, 2, "0801080104010401", "",
     (const int32_t[]){0, 8, 2, 8, 16, 3, 16, 20, 4, 20, 24, 5}, 4,
     (const int32_t[]){0, 2, 8, 3, 16, 4, 20, 5}, 4,
     NULL, 0,
     NULL, 0},
    /* f, measured with CPython 3.11.7 */
    {"f", 311, 1, 32, 2, "8000d80809884189058041d80708883182758075d80f108808d80b0c8831", "",
     (const int32_t[]){0, 2, 1, 2, 4, 2, 4, 6, 2, 6, 10, 2, 10, 12, 2, 12, 14, 3, 14, 16, 3, 16, 22, 3, 22, 24, 3, 24, 26, 4, 26, 28, 4, 28, 30, 5, 30, 32, 5}, 13,
     (const int32_t[]){0, 1, 2, 2, 12, 3, 24, 4, 28, 5}, 5,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 4, 2, 2, 8, 9, 4, 6, 2, 2, 12, 13, 6, 10, 2, 2, 8, 13, 10, 12, 2, 2, 4, 5, 12, 14, 3, 3, 7, 8, 14, 16, 3, 3, 11, 12, 16, 24, 3, 3, 7, 12, 24, 26, 4, 4, 15, 16, 26, 28, 4, 4, 8, 16, 28, 32, 5, 5, 11, 12}, 11,
     NULL, 0},
    /* f, measured with CPython 3.12.1 */
    {"f", 312, 1, 28, 2, "8000d80809884189058041d8070888318275d80f108808d80b0c", "",
     (const int32_t[]){0, 2, 1, 2, 12, 2, 12, 22, 3, 22, 26, 4, 26, 28, 5}, 5,
     (const int32_t[]){0, 1, 2, 2, 12, 3, 22, 4, 26, 5}, 5,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 4, 2, 2, 8, 9, 4, 6, 2, 2, 12, 13, 6, 10, 2, 2, 8, 13, 10, 12, 2, 2, 4, 5, 12, 14, 3, 3, 7, 8, 14, 16, 3, 3, 11, 12, 16, 22, 3, 3, 7, 12, 22, 24, 4, 4, 15, 16, 24, 26, 4, 4, 8, 16, 26, 28, 5, 5, 11, 12}, 11,
     NULL, 0},
    /* f, measured with CPython 3.13.0 */
    {"f", 313, 1, 30, 2, "8000d80809884189058041d8070888318375d80f108808d80b0c", "",
     (const int32_t[]){0, 2, 1, 2, 12, 2, 12, 24, 3, 24, 28, 4, 28, 30, 5}, 5,
     (const int32_t[]){0, 1, 2, 2, 12, 3, 24, 4, 28, 5}, 5,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 4, 2, 2, 8, 9, 4, 6, 2, 2, 12, 13, 6, 10, 2, 2, 8, 13, 10, 12, 2, 2, 4, 5, 12, 14, 3, 3, 7, 8, 14, 16, 3, 3, 11, 12, 16, 24, 3, 3, 7, 12, 24, 26, 4, 4, 15, 16, 26, 28, 4, 4, 8, 16, 28, 30, 5, 5, 11, 12}, 11,
     NULL, 0},
    /* module of f.py, measured with CPython 2.7.18 */
    {"module of f.py", 207, 1, 13, 1, "", "",
     NULL, 0,
     (const int32_t[]){0, 1}, 1,
     NULL, 0,
     NULL, 0},
    /* module of f.py, measured with CPython 3.6.15 */
    {"module of f.py", 306, 1, 12, 2, "", "",
     NULL, 0,
     (const int32_t[]){0, 1}, 1,
     NULL, 0,
     NULL, 0},
    /* module of f.py, measured with CPython 3.10.13 */
    {"module of f.py", 310, 1, 12, 2, "0c00", "",
     (const int32_t[]){0, 12, 1}, 1,
     (const int32_t[]){0, 1}, 1,
     NULL, 0,
     NULL, 0},
    /* module of f.py, measured with CPython 3.11.7 */
    {"module of f.py", 311, 1, 12, 1, "f003010101f00204010df00004010df00004010df00004010df00004010d", "",
     (const int32_t[]){0, 2, 0, 2, 4, 1, 4, 6, 1, 6, 8, 1, 8, 10, 1, 10, 12, 1}, 6,
     (const int32_t[]){0, 0, 2, 1}, 2,
     (const int32_t[]){0, 2, 0, 1, 0, 0, 2, 12, 1, 5, 0, 12}, 2,
     NULL, 0},
    /* module of f.py, measured with CPython 3.12.1 */
    {"module of f.py", 312, 1, 10, 1, "f003010101f30204010d", "",
     (const int32_t[]){0, 2, 0, 2, 10, 1}, 2,
     (const int32_t[]){0, 0, 2, 1}, 2,
     (const int32_t[]){0, 2, 0, 1, 0, 0, 2, 10, 1, 5, 0, 12}, 2,
     NULL, 0},
    /* module of f.py, measured with CPython 3.13.0 */
    {"module of f.py", 313, 1, 10, 1, "f003010101f30204010d", "",
     (const int32_t[]){0, 2, 0, 2, 10, 1}, 2,
     (const int32_t[]){0, 0, 2, 1}, 2,
     (const int32_t[]){0, 2, 0, 1, 0, 0, 2, 10, 1, 5, 0, 12}, 2,
     NULL, 0},
    /* longline (400+ byte line), measured with CPython 2.7.18 */
    {"longline (400+ byte line)", 207, 1, 610, 200, "0001ff00ff006001", "",
     NULL, 0,
     (const int32_t[]){0, 2, 606, 3}, 2,
     NULL, 0,
     NULL, 0},
    /* longline (400+ byte line), measured with CPython 3.6.15 */
    {"longline (400+ byte line)", 306, 1, 408, 200, "0001ff009501", "",
     NULL, 0,
     (const int32_t[]){0, 2, 404, 3}, 2,
     NULL, 0,
     NULL, 0},
    /* longline (400+ byte line), measured with CPython 3.9.18 */
    {"longline (400+ byte line)", 309, 1, 408, 200, "0001ff009501", "",
     NULL, 0,
     (const int32_t[]){0, 2, 404, 3}, 2,
     NULL, 0,
     NULL, 0},
    /* longline (400+ byte line), measured with CPython 3.10.13 */
    {"longline (400+ byte line)", 310, 1, 808, 2, "fe01fe00fe002a000401", "",
     (const int32_t[]){0, 254, 2, 254, 508, 2, 508, 762, 2, 762, 804, 2, 804, 808, 3}, 5,
     (const int32_t[]){0, 2, 804, 3}, 2,
     NULL, 0,
     NULL, 0},
    /* jump (+300 lines), measured with CPython 2.7.18 */
    {"jump (+300 lines)", 207, 1, 10, 1, "000106ff002d", "",
     NULL, 0,
     (const int32_t[]){0, 2, 6, 302}, 2,
     NULL, 0,
     NULL, 0},
    /* jump (+300 lines), measured with CPython 3.6.15 */
    {"jump (+300 lines)", 306, 1, 8, 1, "0001047f007f002e", "",
     NULL, 0,
     (const int32_t[]){0, 2, 4, 302}, 2,
     NULL, 0,
     NULL, 0},
    /* jump (+300 lines), measured with CPython 3.9.18 */
    {"jump (+300 lines)", 309, 1, 8, 1, "0001047f007f002e", "",
     NULL, 0,
     (const int32_t[]){0, 2, 4, 302}, 2,
     NULL, 0,
     NULL, 0},
    /* jump (+300 lines), measured with CPython 3.10.13 */
    {"jump (+300 lines)", 310, 1, 8, 1, "0401007f007f042e", "",
     (const int32_t[]){0, 4, 2, 4, 8, 302}, 2,
     (const int32_t[]){0, 2, 4, 302}, 2,
     NULL, 0,
     NULL, 0},
    /* jump (+300 lines), measured with CPython 3.11.7 */
    {"jump (+300 lines)", 311, 1, 10, 1, "8000d808098041f05809000c0d8048", "",
     (const int32_t[]){0, 2, 1, 2, 4, 2, 4, 6, 2, 6, 8, 302, 8, 10, 302}, 5,
     (const int32_t[]){0, 1, 2, 2, 6, 302}, 3,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 4, 2, 2, 8, 9, 4, 6, 2, 2, 4, 5, 6, 8, 302, 302, 11, 12, 8, 10, 302, 302, 4, 12}, 5,
     NULL, 0},
    /* jump (+300 lines), measured with CPython 3.12.1 */
    {"jump (+300 lines)", 312, 1, 10, 1, "8000d808098041f05809000c0d8048", "",
     (const int32_t[]){0, 2, 1, 2, 6, 2, 6, 10, 302}, 3,
     (const int32_t[]){0, 1, 2, 2, 6, 302}, 3,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 4, 2, 2, 8, 9, 4, 6, 2, 2, 4, 5, 6, 8, 302, 302, 11, 12, 8, 10, 302, 302, 4, 12}, 5,
     NULL, 0},
    /* neg (call spanning 201 lines), measured with CPython 2.7.18 */
    {"neg (call spanning 201 lines)", 207, 1, 10, 2, "000103c9", "",
     NULL, 0,
     (const int32_t[]){0, 2, 3, 203}, 2,
     NULL, 0,
     NULL, 0},
    /* neg (call spanning 201 lines), measured with CPython 3.6.15 */
    {"neg (call spanning 201 lines)", 306, 1, 8, 2, "0001027f004a", "",
     NULL, 0,
     (const int32_t[]){0, 2, 2, 203}, 2,
     NULL, 0,
     NULL, 0},
    /* neg (call spanning 201 lines), measured with CPython 3.8.18 */
    {"neg (call spanning 201 lines)", 308, 1, 8, 2, "0001027f004a028000b7", "",
     NULL, 0,
     (const int32_t[]){0, 2, 2, 203, 4, 2}, 3,
     NULL, 0,
     NULL, 0},
    /* neg (call spanning 201 lines), measured with CPython 3.10.13 */
    {"neg (call spanning 201 lines)", 310, 1, 8, 2, "0201007f024a008104b6", "",
     (const int32_t[]){0, 2, 2, 2, 4, 203, 4, 8, 2}, 3,
     (const int32_t[]){0, 2, 2, 203, 4, 2}, 3,
     NULL, 0,
     NULL, 0},
    /* neg (call spanning 201 lines), measured with CPython 3.11.7 */
    {"neg (call spanning 201 lines)", 311, 1, 24, 3, "8000d80b0c8831f0520600090af1530649030c0bf40049030c0bf0004903050b", "",
     (const int32_t[]){0, 2, 1, 2, 4, 2, 4, 6, 2, 6, 8, 203, 8, 12, 2, 12, 22, 2, 22, 24, 2}, 7,
     (const int32_t[]){0, 1, 2, 2, 6, 203, 8, 2}, 4,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 6, 2, 2, 11, 12, 6, 8, 203, 203, 8, 9, 8, 22, 2, 203, 11, 10, 22, 24, 2, 203, 4, 10}, 5,
     NULL, 0},
    /* neg (call spanning 201 lines), measured with CPython 3.12.1 */
    {"neg (call spanning 201 lines)", 312, 1, 18, 3, "8000d90b0cf0520600090af3530649030c0bf0004903050b", "",
     (const int32_t[]){0, 2, 1, 2, 6, 2, 6, 8, 203, 8, 18, 2}, 4,
     (const int32_t[]){0, 1, 2, 2, 6, 203, 8, 2}, 4,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 6, 2, 2, 11, 12, 6, 8, 203, 203, 8, 9, 8, 16, 2, 203, 11, 10, 16, 18, 2, 203, 4, 10}, 5,
     NULL, 0},
    /* dead (code after return), measured with CPython 2.7.18 */
    {"dead (code after return)", 207, 1, 14, 1, "000104010601", "",
     NULL, 0,
     (const int32_t[]){0, 2, 4, 3, 10, 4}, 3,
     NULL, 0,
     NULL, 0},
    /* dead (code after return), measured with CPython 3.7.16 */
    {"dead (code after return)", 307, 1, 4, 1, "000104010001", "",
     NULL, 0,
     (const int32_t[]){0, 2, 4, 4}, 2,
     NULL, 0,
     NULL, 0},
    /* dead (code after return), measured with CPython 3.8.18 */
    {"dead (code after return)", 308, 1, 4, 1, "000104010001", "",
     NULL, 0,
     (const int32_t[]){0, 2}, 1,
     NULL, 0,
     NULL, 0},
    /* attr (LOAD_ATTR + caches), measured with CPython 3.11.7 */
    {"attr (LOAD_ATTR + caches)", 311, 1, 16, 1, "8000d80b0c8c33804a", "",
     (const int32_t[]){0, 2, 1, 2, 4, 2, 4, 14, 2, 14, 16, 2}, 4,
     (const int32_t[]){0, 1, 2, 2}, 2,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 4, 2, 2, 11, 12, 4, 14, 2, 2, 11, 14, 14, 16, 2, 2, 4, 14}, 4,
     NULL, 0},
    /* attr (LOAD_ATTR + caches), measured with CPython 3.12.1 */
    {"attr (LOAD_ATTR + caches)", 312, 1, 26, 1, "8000d80b0c8f338933804a", "",
     (const int32_t[]){0, 2, 1, 2, 26, 2}, 2,
     (const int32_t[]){0, 1, 2, 2}, 2,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 4, 2, 2, 11, 12, 4, 24, 2, 2, 11, 14, 24, 26, 2, 2, 4, 14}, 4,
     NULL, 0},
    /* attr (LOAD_ATTR + caches), measured with CPython 3.13.0 */
    {"attr (LOAD_ATTR + caches)", 313, 1, 26, 1, "8000d80b0c8f338933804a", "",
     (const int32_t[]){0, 2, 1, 2, 26, 2}, 2,
     (const int32_t[]){0, 1, 2, 2}, 2,
     (const int32_t[]){0, 2, 1, 1, 0, 0, 2, 4, 2, 2, 11, 12, 4, 24, 2, 2, 11, 14, 24, 26, 2, 2, 4, 14}, 4,
     NULL, 0},
    /* cell outer (MAKE_CELL, try/except), measured with CPython 3.10.13 */
    {"cell outer (MAKE_CELL, try/except)", 310, 1, 50, 8, "0c010202080104030cfe0601040102fe", "",
     (const int32_t[]){0, 12, 2, 12, 14, 4, 14, 22, 5, 22, 26, 8, 26, 38, 6, 38, 44, 7, 44, 48, 8, 48, 50, 6}, 8,
     (const int32_t[]){0, 2, 12, 4, 14, 5, 22, 8, 26, 6, 38, 7, 44, 8, 48, 6}, 8,
     NULL, 0,
     NULL, 0},
    /* cell outer (MAKE_CELL, try/except), measured with CPython 3.11.7 */
    {"cell outer (MAKE_CELL, try/except)", 311, 1, 78, 4, "f88000f002010511f000010511f000010511f000010511f000010511f00403050ed80c11884589478c4788018801f8dd0b15f00001050ef00001050ef00001050ed80c0d880188018801f00301050ef8f8f8e00b0c8048", "880a1300930c2203a1012203",
     (const int32_t[]){0, 2, N, 2, 4, 1, 4, 6, 2, 6, 8, 2, 8, 10, 2, 10, 12, 2, 12, 14, 2, 14, 16, 4, 16, 18, 5, 18, 20, 5, 20, 24, 5, 24, 34, 5, 34, 36, 5, 36, 38, 5, 38, 40, N, 40, 52, 6, 52, 54, 6, 54, 56, 6, 56, 58, 6, 58, 60, 7, 60, 62, 7, 62, 64, 7, 64, 66, 7, 66, 68, 6, 68, 70, N, 70, 72, N, 72, 74, N, 74, 76, 8, 76, 78, 8}, 29,
     (const int32_t[]){2, 1, 4, 2, 14, 4, 16, 5, 40, 6, 58, 7, 66, 6, 74, 8}, 8,
     (const int32_t[]){0, 2, N, N, N, N, 2, 4, 1, 1, 0, 0, 4, 14, 2, 3, 4, 16, 14, 16, 4, 7, 4, 13, 16, 20, 5, 5, 12, 17, 20, 34, 5, 5, 12, 19, 34, 38, 5, 5, 8, 9, 38, 40, N, N, N, N, 40, 52, 6, 6, 11, 21, 52, 58, 6, 7, 4, 13, 58, 60, 7, 7, 12, 13, 60, 66, 7, 7, 8, 9, 66, 68, 6, 7, 4, 13, 68, 74, N, N, N, N, 74, 76, 8, 8, 11, 12, 76, 78, 8, 8, 4, 12}, 16,
     (const int32_t[]){16, 36, 38, 0, 0, 38, 62, 68, 1, 1, 66, 68, 68, 1, 1}, 3},
    /* cell outer (MAKE_CELL, try/except), measured with CPython 3.12.1 */
    {"cell outer (MAKE_CELL, try/except)", 312, 1, 70, 4, "f88000f402010511f00403050ed90c118b478801f006000c0d8048f8f405000c16f20001050ed80c0d8901d80b0c8048f00501050efa", "88071100910b20039f012003",
     (const int32_t[]){0, 2, N, 2, 4, 1, 4, 14, 2, 14, 16, 4, 16, 30, 5, 30, 34, 8, 34, 36, N, 36, 52, 6, 52, 58, 7, 58, 62, 8, 62, 64, 6, 64, 70, N}, 12,
     (const int32_t[]){2, 1, 4, 2, 14, 4, 16, 5, 30, 8, 36, 6, 52, 7, 58, 8, 62, 6}, 9,
     (const int32_t[]){0, 2, N, N, N, N, 2, 4, 1, 1, 0, 0, 4, 14, 2, 3, 4, 16, 14, 16, 4, 7, 4, 13, 16, 20, 5, 5, 12, 17, 20, 28, 5, 5, 12, 19, 28, 30, 5, 5, 8, 9, 30, 32, 8, 8, 11, 12, 32, 34, 8, 8, 4, 12, 34, 36, N, N, N, N, 36, 46, 6, 6, 11, 21, 46, 52, 6, 7, 4, 13, 52, 54, 7, 7, 12, 13, 54, 58, 7, 7, 8, 9, 58, 60, 8, 8, 11, 12, 60, 62, 8, 8, 4, 12, 62, 64, 6, 7, 4, 13, 64, 70, N, N, N, N}, 18,
     (const int32_t[]){16, 30, 34, 0, 0, 34, 56, 64, 1, 1, 62, 64, 64, 1, 1}, 3},
    /* cell outer (MAKE_CELL, try/except), measured with CPython 3.13.0 */
    {"cell outer (MAKE_CELL, try/except)", 313, 1, 74, 4, "f88000f502010511f00403050ed90c118b478801f006000c0d8048f8f405000c16f30001050ed80c0d8901d80b0c8048f00501050efa", "89071200920c2203a1012203",
     (const int32_t[]){0, 2, N, 2, 4, 1, 4, 16, 2, 16, 18, 4, 18, 32, 5, 32, 36, 8, 36, 38, N, 38, 56, 6, 56, 62, 7, 62, 66, 8, 66, 68, 6, 68, 74, N}, 12,
     (const int32_t[]){0, N, 2, 1, 4, 2, 16, 4, 18, 5, 32, 8, 36, N, 38, 6, 56, 7, 62, 8, 66, 6, 68, N}, 12,
     (const int32_t[]){0, 2, N, N, N, N, 2, 4, 1, 1, 0, 0, 4, 16, 2, 3, 4, 16, 16, 18, 4, 7, 4, 13, 18, 22, 5, 5, 12, 17, 22, 30, 5, 5, 12, 19, 30, 32, 5, 5, 8, 9, 32, 34, 8, 8, 11, 12, 34, 36, 8, 8, 4, 12, 36, 38, N, N, N, N, 38, 48, 6, 6, 11, 21, 48, 56, 6, 7, 4, 13, 56, 58, 7, 7, 12, 13, 58, 62, 7, 7, 8, 9, 62, 64, 8, 8, 11, 12, 64, 66, 8, 8, 4, 12, 66, 68, 6, 7, 4, 13, 68, 74, N, N, N, N}, 18,
     (const int32_t[]){18, 32, 36, 0, 0, 36, 60, 68, 1, 1, 66, 68, 68, 1, 1}, 3},
    /* outer of dis-format.md, measured with CPython 3.10.13 */
    {"outer of dis-format.md", 310, 1, 114, 11, "04010c01080208010201040502fc0c010e012201088002ff0402", "",
     (const int32_t[]){0, 4, 2, 4, 16, 3, 16, 24, 5, 24, 32, 6, 32, 34, 7, 34, 38, 12, 38, 40, 8, 40, 52, 9, 52, 66, 10, 66, 100, 11, 100, 108, N, 108, 110, 10, 110, 114, 12}, 13,
     (const int32_t[]){0, 2, 4, 3, 16, 5, 24, 6, 32, 7, 34, 12, 38, 8, 40, 9, 52, 10, 66, 11, 108, 10, 110, 12}, 12,
     NULL, 0,
     NULL, 0},
    /* outer of dis-format.md, measured with CPython 3.11.7 */
    {"outer of dis-format.md", 311, 1, 216, 8, "f88000d80c0d8045f002010519f000010519f000010519f000010519f000010519e00d12f000060530f0000605308801d80b0c88758a398839d80c118845f002030930d81417904398019146944688458845f8dd0f19f000010930f000010930f000010930dd0c0f90059573983191769476977c927c917e947ea833d00c2fd10c2fd40c2fd00c2fd00c2fd00c2fd00c2fd00c2fd00c2ff8f8f8f8f003010930f8f8f8e00b10804c", "960b2202a20a412705ac31412205c12205412705",
     (const int32_t[]){0, 2, N, 2, 4, 1, 4, 6, 2, 6, 8, 2, 8, 10, 3, 10, 12, 3, 12, 14, 3, 14, 16, 3, 16, 18, 3, 18, 20, 5, 20, 22, 5, 22, 24, 5, 24, 26, 5, 26, 28, 6, 28, 30, 6, 30, 36, 6, 36, 38, 6, 38, 40, 7, 40, 42, 7, 42, 44, 8, 44, 46, 9, 46, 48, 9, 48, 50, 9, 50, 54, 9, 54, 64, 9, 64, 66, 9, 66, 68, 9, 68, 70, N, 70, 82, 10, 82, 84, 10, 84, 86, 10, 86, 88, 10, 88, 100, 11, 100, 102, 11, 102, 114, 11, 114, 116, 11, 116, 120, 11, 120, 130, 11, 130, 146, 11, 146, 152, 11, 152, 156, 11, 156, 166, 11, 166, 168, 11, 168, 170, 11, 170, 174, 11, 174, 184, 11, 184, 186, 11, 186, 188, 11, 188, 190, 11, 190, 192, 11, 192, 194, 11, 194, 196, 11, 196, 198, N, 198, 200, N, 200, 202, N, 202, 204, N, 204, 206, 10, 206, 208, N, 208, 210, N, 210, 212, N, 212, 214, 12, 214, 216, 12}, 62,
     (const int32_t[]){2, 1, 4, 2, 8, 3, 18, 5, 26, 6, 38, 7, 42, 8, 44, 9, 70, 10, 88, 11, 204, 10, 212, 12}, 12,
     (const int32_t[]){0, 2, N, N, N, N, 2, 4, 1, 1, 0, 0, 4, 6, 2, 2, 12, 13, 6, 8, 2, 2, 4, 9, 8, 18, 3, 4, 4, 24, 18, 20, 5, 5, 13, 18, 20, 24, 5, 11, 4, 47, 24, 26, 5, 5, 8, 9, 26, 28, 6, 6, 11, 12, 28, 30, 6, 6, 15, 20, 30, 38, 6, 6, 11, 20, 38, 42, 7, 7, 12, 17, 42, 44, 8, 11, 8, 47, 44, 48, 9, 9, 20, 23, 48, 50, 9, 9, 24, 25, 50, 64, 9, 9, 20, 26, 64, 68, 9, 9, 12, 17, 68, 70, N, N, N, N, 70, 82, 10, 10, 15, 25, 82, 88, 10, 11, 8, 47, 88, 100, 11, 11, 12, 15, 100, 102, 11, 11, 16, 21, 102, 114, 11, 11, 23, 26, 114, 116, 11, 11, 27, 28, 116, 130, 11, 11, 23, 29, 130, 152, 11, 11, 23, 35, 152, 166, 11, 11, 23, 37, 166, 168, 11, 11, 43, 46, 168, 196, 11, 11, 12, 47, 196, 204, N, N, N, N, 204, 206, 10, 11, 8, 47, 206, 212, N, N, N, N, 212, 214, 12, 12, 11, 16, 214, 216, 12, 12, 4, 16}, 34,
     (const int32_t[]){44, 66, 68, 1, 0, 68, 88, 206, 2, 1, 88, 186, 196, 2, 1, 196, 206, 206, 2, 1}, 4},
    /* outer of dis-format.md, measured with CPython 3.12.1 */
    {"outer of dis-format.md", 312, 1, 188, 8, "f88000d80c0d8045f402010519e00d12f2000605308801d80b0c88758a39d80c11f00a000c11804cf009030930d91417980193468945f009060530f00e000c11804cf8f40500101af200010930dc0c0f9005947398319376977c917c937ea833d70c2fd20c2ffbf003010930fa", "97082302a309411b05ac25411605c11605411b05",
     (const int32_t[]){0, 2, N, 2, 4, 1, 4, 8, 2, 8, 18, 3, 18, 28, 5, 28, 38, 6, 38, 40, 7, 40, 44, 12, 44, 46, 8, 46, 64, 9, 64, 66, 5, 66, 70, 12, 70, 72, N, 72, 88, 10, 88, 172, 11, 172, 180, N, 180, 182, 10, 182, 188, N}, 18,
     (const int32_t[]){2, 1, 4, 2, 8, 3, 18, 5, 28, 6, 38, 7, 40, 12, 44, 8, 46, 9, 64, 5, 66, 12, 72, 10, 88, 11, 180, 10}, 14,
     (const int32_t[]){0, 2, N, N, N, N, 2, 4, 1, 1, 0, 0, 4, 6, 2, 2, 12, 13, 6, 8, 2, 2, 4, 9, 8, 18, 3, 4, 4, 24, 18, 20, 5, 5, 13, 18, 20, 26, 5, 11, 4, 47, 26, 28, 5, 5, 8, 9, 28, 30, 6, 6, 11, 12, 30, 32, 6, 6, 15, 20, 32, 38, 6, 6, 11, 20, 38, 40, 7, 7, 12, 17, 40, 42, 12, 12, 11, 16, 42, 44, 12, 12, 4, 16, 44, 46, 8, 11, 8, 47, 46, 50, 9, 9, 20, 23, 50, 52, 9, 9, 24, 25, 52, 60, 9, 9, 20, 26, 60, 64, 9, 9, 12, 17, 64, 66, 5, 11, 4, 47, 66, 68, 12, 12, 11, 16, 68, 70, 12, 12, 4, 16, 70, 72, N, N, N, N, 72, 82, 10, 10, 15, 25, 82, 88, 10, 11, 8, 47, 88, 98, 11, 11, 12, 15, 98, 100, 11, 11, 16, 21, 100, 110, 11, 11, 23, 26, 110, 112, 11, 11, 27, 28, 112, 120, 11, 11, 23, 29, 120, 140, 11, 11, 23, 35, 140, 148, 11, 11, 23, 37, 148, 150, 11, 11, 43, 46, 150, 172, 11, 11, 12, 47, 172, 180, N, N, N, N, 180, 182, 10, 11, 8, 47, 182, 188, N, N, N, N}, 37,
     (const int32_t[]){46, 62, 70, 1, 0, 70, 88, 182, 2, 1, 88, 162, 172, 2, 1, 172, 182, 182, 2, 1}, 4},
    /* outer of dis-format.md, measured with CPython 3.13.0 */
    {"outer of dis-format.md", 313, 1, 192, 8, "f88000d80c0d8045f502010519e30d128801d80b0c8b39d80c11f00a000c11804cf009030930d91417980193468a45f109000e13f00e000c11804cf8f40500101af300010930dc0c0f9005947398319376977c917c937ea833d70c2fd00c2ffbf003010930fa", "98082602a60a411d05b022411805c11805411d05",
     (const int32_t[]){0, 2, N, 2, 4, 1, 4, 8, 2, 8, 20, 3, 20, 30, 5, 30, 40, 6, 40, 42, 7, 42, 46, 12, 46, 48, 8, 48, 68, 9, 68, 72, 5, 72, 76, 12, 76, 78, N, 78, 96, 10, 96, 176, 11, 176, 184, N, 184, 186, 10, 186, 192, N}, 18,
     (const int32_t[]){0, N, 2, 1, 4, 2, 8, 3, 20, 5, 30, 6, 40, 7, 42, 12, 46, 8, 48, 9, 68, 5, 72, 12, 76, N, 78, 10, 96, 11, 176, N, 184, 10, 186, N}, 18,
     (const int32_t[]){0, 2, N, N, N, N, 2, 4, 1, 1, 0, 0, 4, 6, 2, 2, 12, 13, 6, 8, 2, 2, 4, 9, 8, 20, 3, 4, 4, 24, 20, 28, 5, 5, 13, 18, 28, 30, 5, 5, 8, 9, 30, 32, 6, 6, 11, 12, 32, 40, 6, 6, 11, 20, 40, 42, 7, 7, 12, 17, 42, 44, 12, 12, 11, 16, 44, 46, 12, 12, 4, 16, 46, 48, 8, 11, 8, 47, 48, 52, 9, 9, 20, 23, 52, 54, 9, 9, 24, 25, 54, 62, 9, 9, 20, 26, 62, 68, 9, 9, 12, 17, 68, 72, 5, 5, 13, 18, 72, 74, 12, 12, 11, 16, 74, 76, 12, 12, 4, 16, 76, 78, N, N, N, N, 78, 88, 10, 10, 15, 25, 88, 96, 10, 11, 8, 47, 96, 106, 11, 11, 12, 15, 106, 108, 11, 11, 16, 21, 108, 118, 11, 11, 23, 26, 118, 120, 11, 11, 27, 28, 120, 128, 11, 11, 23, 29, 128, 148, 11, 11, 23, 35, 148, 156, 11, 11, 23, 37, 156, 158, 11, 11, 43, 46, 158, 176, 11, 11, 12, 47, 176, 184, N, N, N, N, 184, 186, 10, 11, 8, 47, 186, 192, N, N, N, N}, 35,
     (const int32_t[]){48, 64, 76, 1, 0, 76, 96, 186, 2, 1, 96, 164, 176, 2, 1, 176, 186, 186, 2, 1}, 4},
    /* f with -X no_debug_ranges, measured with CPython 3.12.1 */
    {"f with -X no_debug_ranges", 312, 1, 28, 2, "e800e802e800e900e800e802e800ea00e802e800e802", "",
     (const int32_t[]){0, 2, 1, 2, 12, 2, 12, 22, 3, 22, 26, 4, 26, 28, 5}, 5,
     (const int32_t[]){0, 1, 2, 2, 12, 3, 22, 4, 26, 5}, 5,
     (const int32_t[]){0, 2, 1, 1, N, N, 2, 12, 2, 2, N, N, 12, 22, 3, 3, N, N, 22, 26, 4, 4, N, N, 26, 28, 5, 5, N, N}, 5,
     NULL, 0},
};

/* ---- building code objects by hand --------------------------------------- */

static uint8_t zero_code[4096];

typedef struct TCode {
    CodeObj co;
    PycObj name;
    uint8_t tab[2048];
    uint8_t exc[512];
} TCode;

static uint32_t unhex(const char *h, uint8_t *out, size_t cap)
{
    uint32_t n = 0;
    for (; h[0] && h[1]; h += 2) {
        unsigned v;
        ck_assert(n < cap);
        ck_assert(sscanf(h, "%2x", &v) == 1);
        out[n++] = (uint8_t)v;
    }
    return n;
}

static CodeObj *mk(TCode *t, PyVer ver, int32_t first, uint32_t codelen,
                   const char *table, const char *exc)
{
    memset(t, 0, sizeof *t);
    t->name.kind = PYC_STR;
    t->name.v.s = "testfn";
    t->name.len = 6;
    t->co.ver = ver;
    t->co.firstlineno = first;
    t->co.stacksize = 8;
    t->co.name = &t->name;
    ck_assert(codelen <= sizeof zero_code);
    t->co.code = zero_code;
    t->co.codelen = codelen;
    t->co.linetable = t->tab;
    t->co.linetablelen = unhex(table, t->tab, sizeof t->tab);
    if (exc) {
        t->co.exctable = t->exc;
        t->co.exctablelen = unhex(exc, t->exc, sizeof t->exc);
    }
    return &t->co;
}

static int decode_ok(CodeObj *co, Arena *a, LineTable *lt)
{
    Diag d;
    diag_clear(&d);
    int rc = linetable_decode(co, a, lt, &d);
    if (rc != 0)
        fprintf(stderr, "unexpected error: %s (at %ld)\n", d.msg, d.offset);
    return rc;
}

/* ---- the measured cases --------------------------------------------------- */

START_TEST(measured_case)
{
    const Case *c = &CASES[_i];
    TCode t;
    Arena a;
    arena_init(&a);
    CodeObj *co = mk(&t, c->ver, c->first, c->codelen, c->table, c->exc);
    co->stacksize = c->stacksize;
    LineTable lt;
    ck_assert_msg(decode_ok(co, &a, &lt) == 0, "%s %d", c->what, c->ver);
    ck_assert_uint_eq(lt.unit, c->ver >= 306 ? 2 : 1);
    ck_assert_uint_eq(lt.nunits, c->codelen / lt.unit);

    ck_assert_msg(lt.nstarts == c->nstarts, "%s %d: %u starts, want %u",
                  c->what, c->ver, lt.nstarts, c->nstarts);
    for (uint32_t k = 0; k < c->nstarts; k++) {
        ck_assert_int_eq(lt.starts[k].offset, c->starts[2 * k]);
        ck_assert_int_eq(lt.starts[k].line, c->starts[2 * k + 1]);
    }

    if (c->ver >= 310) {
        ck_assert_msg(lt.nranges == c->nlines, "%s %d: %u ranges, want %u",
                      c->what, c->ver, lt.nranges, c->nlines);
        for (uint32_t k = 0; k < c->nlines; k++) {
            ck_assert_int_eq(lt.ranges[k].start, c->lines[3 * k]);
            ck_assert_int_eq(lt.ranges[k].end, c->lines[3 * k + 1]);
            ck_assert_int_eq(lt.ranges[k].line, c->lines[3 * k + 2]);
        }
    } else {
        /* No co_lines(): ranges run from each start (inside the code) to the
         * next one, the last to the end of the code. */
        uint32_t r = 0;
        for (uint32_t k = 0; k < c->nstarts; k++) {
            uint32_t s = (uint32_t)c->starts[2 * k];
            if (s >= c->codelen)
                continue;
            uint32_t e = k + 1 < c->nstarts ? (uint32_t)c->starts[2 * k + 2]
                                            : c->codelen;
            if (e > c->codelen)
                e = c->codelen;
            ck_assert_uint_lt(r, lt.nranges);
            ck_assert_uint_eq(lt.ranges[r].start, s);
            ck_assert_uint_eq(lt.ranges[r].end, e);
            ck_assert_int_eq(lt.ranges[r].line, c->starts[2 * k + 1]);
            r++;
        }
        ck_assert_uint_eq(r, lt.nranges);
    }

    if (c->ver >= 311) {
        /* co_positions(), unit by unit */
        uint32_t units = 0;
        for (uint32_t k = 0; k < c->npos; k++) {
            const int32_t *p = &c->pos[6 * k];
            for (int32_t off = p[0]; off < p[1]; off += 2, units++) {
                SrcPos q = linetable_pos_at(&lt, (uint32_t)off);
                ck_assert_msg(q.line == p[2] && q.end_line == p[3] &&
                                  q.col == p[4] && q.end_col == p[5],
                              "%s %d: position at %d", c->what, c->ver, off);
            }
        }
        ck_assert_uint_eq(units, lt.nunits);
    } else {
        /* <= 3.10: the line of every unit is that of its range; no columns */
        for (uint32_t k = 0; k < lt.nranges; k++)
            for (uint32_t off = lt.ranges[k].start; off < lt.ranges[k].end;
                 off += lt.unit) {
                SrcPos q = linetable_pos_at(&lt, off);
                ck_assert_int_eq(q.line, lt.ranges[k].line);
                ck_assert_int_eq(q.end_line, N);
                ck_assert_int_eq(q.col, N);
                ck_assert_int_eq(q.end_col, N);
            }
    }

    ExcEntry *ex;
    uint32_t nex;
    Diag d;
    diag_clear(&d);
    ck_assert_int_eq(exctable_decode(co, &a, &ex, &nex, &d), 0);
    ck_assert_uint_eq(nex, c->nexc);
    for (uint32_t k = 0; k < nex; k++) {
        ck_assert_uint_eq(ex[k].start, c->excs[5 * k]);
        ck_assert_uint_eq(ex[k].end, c->excs[5 * k + 1]);
        ck_assert_uint_eq(ex[k].target, c->excs[5 * k + 2]);
        ck_assert_uint_eq(ex[k].depth, c->excs[5 * k + 3]);
        ck_assert_uint_eq(ex[k].lasti, c->excs[5 * k + 4]);
    }
    arena_free(&a);
}
END_TEST

/* ---- queries ------------------------------------------------------------- */

static const Case *find_case(const char *what, PyVer ver)
{
    for (size_t k = 0; k < sizeof CASES / sizeof CASES[0]; k++)
        if (CASES[k].ver == ver && strcmp(CASES[k].what, what) == 0)
            return &CASES[k];
    ck_abort_msg("no case %s %d", what, ver);
    return NULL;
}

static void decode_case(const char *what, PyVer ver, TCode *t, Arena *a,
                        LineTable *lt)
{
    const Case *c = find_case(what, ver);
    CodeObj *co = mk(t, c->ver, c->first, c->codelen, c->table, c->exc);
    co->stacksize = c->stacksize;
    ck_assert_int_eq(decode_ok(co, a, lt), 0);
}

START_TEST(pos_at_lnotab)
{
    TCode t;
    Arena a;
    LineTable lt;
    arena_init(&a);
    /* 2.7 f: 1-byte units, starts (0,2) (10,3) (22,4) (26,5), 30 bytes */
    decode_case("f", 207, &t, &a, &lt);
    ck_assert_int_eq(linetable_line_at(&lt, 0), 2);
    ck_assert_int_eq(linetable_line_at(&lt, 9), 2);
    ck_assert_int_eq(linetable_line_at(&lt, 10), 3);
    ck_assert_int_eq(linetable_line_at(&lt, 29), 5);
    ck_assert_int_eq(linetable_line_at(&lt, 30), N);
    ck_assert_int_eq(linetable_pos_at(&lt, 1000).end_col, N);
    /* 3.7 dead: the start (4, 4) lies at the end of the 4-byte code */
    decode_case("dead (code after return)", 307, &t, &a, &lt);
    ck_assert_uint_eq(lt.nranges, 1);
    ck_assert_int_eq(linetable_line_at(&lt, 2), 2);
    ck_assert_int_eq(linetable_line_at(&lt, 4), N);
    arena_free(&a);
}
END_TEST

START_TEST(pos_at_310_no_line)
{
    TCode t;
    Arena a;
    LineTable lt;
    arena_init(&a);
    /* 3.10 outer: (66, 100, 11), (100, 108, None), (108, 110, 10) */
    decode_case("outer of dis-format.md", 310, &t, &a, &lt);
    ck_assert_int_eq(linetable_line_at(&lt, 98), 11);
    ck_assert_int_eq(linetable_line_at(&lt, 100), N);
    ck_assert_int_eq(linetable_line_at(&lt, 106), N);
    ck_assert_int_eq(linetable_line_at(&lt, 108), 10);
    arena_free(&a);
}
END_TEST

START_TEST(offsets_for_line)
{
    TCode t;
    Arena a;
    LineTable lt;
    uint32_t offs[8];
    arena_init(&a);

    /* 3.11 neg: (2,4,2) (4,6,2) (6,8,203) (8,12,2) (12,22,2) (22,24,2) */
    decode_case("neg (call spanning 201 lines)", 311, &t, &a, &lt);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 2, offs, 8), 2);
    ck_assert_uint_eq(offs[0], 2);
    ck_assert_uint_eq(offs[1], 8);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 203, offs, 8), 1);
    ck_assert_uint_eq(offs[0], 6);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 1, offs, 8), 1);
    ck_assert_uint_eq(offs[0], 0);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 3, offs, 8), 0);
    /* max limits what is written, not the count */
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 2, offs, 1), 2);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 2, NULL, 0), 2);

    /* 3.13 cell outer: line 6 at (38,56) and again at (66,68) after line 8 */
    decode_case("cell outer (MAKE_CELL, try/except)", 313, &t, &a, &lt);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 6, offs, 8), 2);
    ck_assert_uint_eq(offs[0], 38);
    ck_assert_uint_eq(offs[1], 66);

    /* 3.10 longline: line 2 split over four unmerged ranges */
    decode_case("longline (400+ byte line)", 310, &t, &a, &lt);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 2, offs, 8), 1);
    ck_assert_uint_eq(offs[0], 0);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 3, offs, 8), 1);
    ck_assert_uint_eq(offs[0], 804);

    /* 2.7 f, from the synthesised ranges */
    decode_case("f", 207, &t, &a, &lt);
    ck_assert_uint_eq(linetable_offsets_for_line(&lt, 4, offs, 8), 1);
    ck_assert_uint_eq(offs[0], 22);
    arena_free(&a);
}
END_TEST

START_TEST(next_line_with_code)
{
    TCode t;
    Arena a;
    LineTable lt;
    arena_init(&a);
    decode_case("jump (+300 lines)", 312, &t, &a, &lt);
    ck_assert_int_eq(linetable_next_line_with_code(&lt, 0), 1);
    ck_assert_int_eq(linetable_next_line_with_code(&lt, 2), 2);
    ck_assert_int_eq(linetable_next_line_with_code(&lt, 3), 302);
    ck_assert_int_eq(linetable_next_line_with_code(&lt, 303), -1);
    decode_case("module of f.py", 312, &t, &a, &lt);
    ck_assert_int_eq(linetable_next_line_with_code(&lt, 0), 0);
    decode_case("jump (+300 lines)", 306, &t, &a, &lt);
    ck_assert_int_eq(linetable_next_line_with_code(&lt, 3), 302);
    arena_free(&a);
}
END_TEST

START_TEST(exc_find)
{
    TCode t;
    Arena a;
    arena_init(&a);
    const Case *c = find_case("cell outer (MAKE_CELL, try/except)", 312);
    CodeObj *co = mk(&t, c->ver, c->first, c->codelen, c->table, c->exc);
    co->stacksize = c->stacksize;
    ExcEntry *ex;
    uint32_t n;
    Diag d;
    diag_clear(&d);
    ck_assert_int_eq(exctable_decode(co, &a, &ex, &n, &d), 0);
    /* (16,30)->34 [0], (34,56)->64 [1] lasti, (62,64)->64 [1] lasti */
    ck_assert_ptr_null(exctable_find(ex, n, 14));
    ck_assert_ptr_eq(exctable_find(ex, n, 16), &ex[0]);
    ck_assert_ptr_eq(exctable_find(ex, n, 28), &ex[0]);
    ck_assert_ptr_null(exctable_find(ex, n, 30));
    ck_assert_ptr_eq(exctable_find(ex, n, 55), &ex[1]);
    ck_assert_ptr_null(exctable_find(ex, n, 58));
    ck_assert_ptr_eq(exctable_find(ex, n, 62), &ex[2]);
    ck_assert_ptr_null(exctable_find(ex, n, 64));
    ck_assert_ptr_null(exctable_find(NULL, 0, 0));

    /* before 3.11 there is no table, whatever the field holds */
    co->ver = 310;
    ck_assert_int_eq(exctable_decode(co, &a, &ex, &n, &d), 0);
    ck_assert_uint_eq(n, 0);
    arena_free(&a);
}
END_TEST

START_TEST(exc_spec_example)
{
    /* exceptiontable.md: 3.12 outer of dis-format.md (also measured above) */
    TCode t;
    Arena a;
    arena_init(&a);
    CodeObj *co = mk(&t, 312, 1, 188, "", "97082302a309411b05ac25411605c11605411b05");
    ExcEntry *ex;
    uint32_t n;
    Diag d;
    diag_clear(&d);
    ck_assert_int_eq(exctable_decode(co, &a, &ex, &n, &d), 0);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(ex[1].start, 70);
    ck_assert_uint_eq(ex[1].end, 88);
    ck_assert_uint_eq(ex[1].target, 182);
    ck_assert_uint_eq(ex[1].depth, 2);
    ck_assert_uint_eq(ex[1].lasti, 1);
    ck_assert_uint_eq(ex[3].start, 172);
    arena_free(&a);
}
END_TEST

/* ---- malformed tables ------------------------------------------------------ */

typedef struct Bad {
    PyVer ver;
    uint32_t codelen;
    const char *table;
    long offset;            /* byte of the table the error names */
    const char *needle;     /* part of the message */
} Bad;

static const Bad BAD_LINES[] = {
    {308, 24, "000108", 2, "odd length"},
    {207, 24, "00", 0, "odd length"},
    {310, 24, "080108", 2, "odd length"},
    /* second range [8, 16) with only 10 bytes of code */
    {310, 10, "08010801", 2, "past the end of the code"},
    /* long form: svarint 0x58 says "more bytes follow", then the table ends */
    {311, 10, "8000f058", 4, "truncated"},
    /* one-line form needs two bytes */
    {312, 10, "8000d808", 4, "truncated"},
    /* a payload byte with bit 7 set */
    {313, 10, "8000d80880", 4, "truncated"},
    {312, 10, "00", 0, "bit 7"},
    {312, 10, "800000", 2, "stray byte"},
    /* 8 code units (16 bytes) over 10 bytes of code */
    {311, 10, "8000870a", 2, "past the end of the code"},
    {312, 10, "f07f7f7f7f7f7f7f01000000", 1, "too large"},
};

START_TEST(malformed_lines)
{
    const Bad *b = &BAD_LINES[_i];
    TCode t;
    Arena a;
    arena_init(&a);
    CodeObj *co = mk(&t, b->ver, 1, b->codelen, b->table, NULL);
    LineTable lt;
    Diag d;
    diag_clear(&d);
    ck_assert_int_eq(linetable_decode(co, &a, &lt, &d), -1);
    ck_assert(d.set);
    ck_assert_msg(d.offset == b->offset, "case %d: offset %ld, want %ld (%s)",
                  _i, d.offset, b->offset, d.msg);
    ck_assert_msg(strstr(d.msg, b->needle) != NULL, "case %d: %s", _i, d.msg);
    ck_assert_msg(strstr(d.msg, "testfn") != NULL, "case %d: %s", _i, d.msg);
    arena_free(&a);
}
END_TEST

static const Bad BAD_EXC[] = {
    {311, 40, "08041000", 0, "bit 7"},
    {311, 40, "880410", 3, "truncated"},
    {312, 40, "8804", 2, "truncated"},
    {312, 40, "88049000", 2, "bit 7"},
    {312, 40, "88041040", 4, "truncated"},     /* varint "more" at the end */
    {312, 40, "880410004f", 4, "stray byte"},
    {313, 40, "8810100a", 0, "past the end of the code"},   /* 8+16 > 20 units */
    {313, 40, "88041400", 0, "outside the code"},           /* target unit 20 */
    {313, 40, "88041012", 0, "co_stacksize"},               /* depth 9 > 8 */
    {313, 40, "ff7f7f7f7f7f7f010100", 0, "too large"},
};

START_TEST(malformed_exc)
{
    const Bad *b = &BAD_EXC[_i];
    TCode t;
    Arena a;
    arena_init(&a);
    CodeObj *co = mk(&t, b->ver, 1, b->codelen, "", b->table);
    ExcEntry *ex;
    uint32_t n;
    Diag d;
    diag_clear(&d);
    ck_assert_int_eq(exctable_decode(co, &a, &ex, &n, &d), -1);
    ck_assert_msg(d.offset == b->offset, "case %d: offset %ld, want %ld (%s)",
                  _i, d.offset, b->offset, d.msg);
    ck_assert_msg(strstr(d.msg, b->needle) != NULL, "case %d: %s", _i, d.msg);
    ck_assert_msg(strstr(d.msg, "co_exceptiontable") != NULL, "%s", d.msg);
    arena_free(&a);
}
END_TEST

/* Random tables for every format: decoding must never crash or read out of
 * bounds, and whatever decodes must satisfy the LineTable invariants. */
START_TEST(random_tables)
{
    static const PyVer vers[] = {207, 306, 308, 310, 311, 312, 313, 314};
    uint32_t seed = 12345;
    for (int iter = 0; iter < 20000; iter++) {
        TCode t;
        Arena a;
        arena_init(&a);
        memset(&t, 0, sizeof t);
        t.name.kind = PYC_STR;
        t.name.v.s = "r";
        t.co.name = &t.name;
        t.co.ver = vers[iter % 8];
        t.co.stacksize = 4;
        seed = seed * 1103515245u + 12345u;
        t.co.firstlineno = (int32_t)(seed >> 20) % 50;
        seed = seed * 1103515245u + 12345u;
        t.co.codelen = (seed >> 16) % 128;
        t.co.code = zero_code;
        seed = seed * 1103515245u + 12345u;
        uint32_t len = (seed >> 16) % 24;
        for (uint32_t k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            t.tab[k] = (uint8_t)(seed >> 16);
            t.exc[k] = (uint8_t)(seed >> 24);
        }
        /* favour well-formed entry starts so decoding gets deep */
        if (len && (iter & 1)) {
            t.tab[0] |= 0x80;
            t.exc[0] |= 0x80;
        }
        t.co.linetable = t.tab;
        t.co.linetablelen = len;
        t.co.exctable = t.exc;
        t.co.exctablelen = len;
        LineTable lt;
        Diag d;
        diag_clear(&d);
        if (linetable_decode(&t.co, &a, &lt, &d) == 0) {
            uint32_t prev = 0;
            for (uint32_t k = 0; k < lt.nranges; k++) {
                ck_assert_uint_eq(lt.ranges[k].start, prev);
                ck_assert_uint_lt(lt.ranges[k].start, lt.ranges[k].end);
                ck_assert_uint_le(lt.ranges[k].end, t.co.codelen);
                prev = lt.ranges[k].end;
            }
            for (uint32_t k = 0; k < lt.nstarts; k++)
                (void)linetable_pos_at(&lt, lt.starts[k].offset);
            uint32_t offs[4];
            (void)linetable_offsets_for_line(&lt, t.co.firstlineno, offs, 4);
            (void)linetable_next_line_with_code(&lt, 0);
        } else {
            ck_assert(d.set);
            ck_assert(d.offset >= 0 && d.offset <= (long)len);
        }
        ExcEntry *ex;
        uint32_t n;
        diag_clear(&d);
        if (exctable_decode(&t.co, &a, &ex, &n, &d) == 0) {
            for (uint32_t k = 0; k < n; k++) {
                ck_assert_uint_le(ex[k].end, t.co.codelen);
                ck_assert_uint_lt(ex[k].target, t.co.codelen);
            }
        } else {
            ck_assert(d.offset >= 0 && d.offset <= (long)len);
        }
        arena_free(&a);
    }
}
END_TEST

static Suite *linetable_suite(void)
{
    Suite *s = suite_create("linetable");
    TCase *tc = tcase_create("measured");
    tcase_add_loop_test(tc, measured_case, 0,
                        (int)(sizeof CASES / sizeof CASES[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("queries");
    tcase_add_test(tc, pos_at_lnotab);
    tcase_add_test(tc, pos_at_310_no_line);
    tcase_add_test(tc, offsets_for_line);
    tcase_add_test(tc, next_line_with_code);
    tcase_add_test(tc, exc_find);
    tcase_add_test(tc, exc_spec_example);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_add_loop_test(tc, malformed_lines, 0,
                        (int)(sizeof BAD_LINES / sizeof BAD_LINES[0]));
    tcase_add_loop_test(tc, malformed_exc, 0,
                        (int)(sizeof BAD_EXC / sizeof BAD_EXC[0]));
    tcase_add_test(tc, random_tables);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(linetable_suite)
