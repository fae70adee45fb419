/* linedump.c — `pydbg --dump-lines`: the decoded line and exception tables
 * of every code object, in the `.lines` text format of tests/data/README.md.
 *
 * Code objects come in pre-order (pyc_code_list).  Rows per object:
 * `code`, then `lines` (3.10+: co_lines()), `starts` (findlinestarts),
 * `pos` (3.11+: co_positions() as runs of equal positions) and `exc`
 * (3.11+).  None prints as `None`.  Each object's tables are decoded into a
 * scratch arena freed before the next one, so memory stays bounded by the
 * largest code object.
 */
#include "config.h"
#include "pydbg/exctable.h"
#include "pydbg/linetable.h"

static void put_num(SBuf *out, int32_t v)
{
    if (v < 0)
        sbuf_puts(out, " None");
    else
        sbuf_printf(out, " %ld", (long)v);
}

static int same_pos(SrcPos a, SrcPos b)
{
    return a.line == b.line && a.end_line == b.end_line && a.col == b.col &&
           a.end_col == b.end_col;
}

static int dump_code(SBuf *out, const CodeObj *co, Arena *a, Diag *d)
{
    uint32_t nlen = 0;
    const char *name = co->name ? pyc_text(co->name, &nlen) : NULL;
    sbuf_puts(out, "code ");
    if (name)
        sbuf_put(out, name, nlen);
    sbuf_printf(out, " %ld\n", (long)co->firstlineno);

    LineTable lt;
    if (linetable_decode(co, a, &lt, d) < 0)
        return -1;
    if (co->ver >= PYV(3, 10))
        for (uint32_t k = 0; k < lt.nranges; k++) {
            sbuf_printf(out, "lines %lu %lu", (unsigned long)lt.ranges[k].start,
                        (unsigned long)lt.ranges[k].end);
            put_num(out, lt.ranges[k].line);
            sbuf_putc(out, '\n');
        }
    for (uint32_t k = 0; k < lt.nstarts; k++) {
        sbuf_printf(out, "starts %lu", (unsigned long)lt.starts[k].offset);
        put_num(out, lt.starts[k].line);
        sbuf_putc(out, '\n');
    }
    if (co->ver < PYV(3, 11))
        return 0;

    /* co_positions() stops where the table stops: at the last range's end. */
    uint32_t covered = lt.nranges ? lt.ranges[lt.nranges - 1].end / lt.unit : 0;
    for (uint32_t u = 0; u < covered && u < lt.nunits;) {
        uint32_t v = u + 1;
        while (v < covered && v < lt.nunits && same_pos(lt.pos[v], lt.pos[u]))
            v++;
        sbuf_printf(out, "pos %lu %lu", (unsigned long)u * lt.unit,
                    (unsigned long)v * lt.unit);
        put_num(out, lt.pos[u].line);
        put_num(out, lt.pos[u].end_line);
        put_num(out, lt.pos[u].col);
        put_num(out, lt.pos[u].end_col);
        sbuf_putc(out, '\n');
        u = v;
    }

    ExcEntry *ex;
    uint32_t nex;
    if (exctable_decode(co, a, &ex, &nex, d) < 0)
        return -1;
    for (uint32_t k = 0; k < nex; k++)
        sbuf_printf(out, "exc %lu %lu %lu %lu %d\n", (unsigned long)ex[k].start,
                    (unsigned long)ex[k].end, (unsigned long)ex[k].target,
                    (unsigned long)ex[k].depth, ex[k].lasti);
    return 0;
}

int linedump_file(SBuf *out, PycFile *f, Diag *d)
{
    uint32_t n = 0;
    CodeObj **codes = pyc_code_list(f, &n);
    Arena scratch;
    arena_init(&scratch);
    int rc = 0;
    for (uint32_t i = 0; i < n && rc == 0; i++) {
        rc = dump_code(out, codes[i], &scratch, d);
        arena_free(&scratch);
    }
    return rc;
}
