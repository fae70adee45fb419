/* linetable.c — decode co_lnotab, the 3.10 co_linetable and the 3.11+
 * location table into one LineTable (see linetable.h, spec linetable.md).
 *
 * Invariants of a decoded table:
 *  - pos has exactly nunits entries; units no entry covers are all -1;
 *  - ranges are non-empty, in offset order and contiguous from 0;
 *    for 3.10+ they are exactly what that version's co_lines() yields (the
 *    decoder rejects entries running past the code, so they never do), for
 *    <= 3.9 they are synthesised from the line starts and clipped to the code;
 *  - starts are exactly what that version's dis.findlinestarts() yields,
 *    including (on 2.7-3.7) starts at or past the end of the code.
 * Every read is checked against the table length, line numbers are kept in
 * int32 range, and allocations are bounded by the table and code lengths.
 */
#include "config.h"
#include "pydbg/linetable.h"

#include <string.h>

#define LINE_NONE (-1)

/* Working state shared by the three decoders. */
typedef struct Dec {
    const CodeObj *co;
    Arena *a;
    LineTable *lt;
    Diag *d;
    const uint8_t *t;      /* the table */
    uint32_t n;            /* its length */
    const char *table;     /* field name, for messages */
} Dec;

/* co_name for messages (kept local so this module needs nothing else
 * from the loader). */
static const char *code_name(const CodeObj *co)
{
    const PycObj *o = co->name;
    if (o && (o->kind == PYC_STR || o->kind == PYC_BYTES) && o->v.s)
        return o->v.s;
    return "?";
}

static int fail(Dec *x, uint32_t at, const char *what)
{
    const char *name = code_name(x->co);
    diag_set(x->d, (long)at, "%s in %s of code object '%s'", what, x->table,
             name);
    return -1;
}

static void add_range(LineTable *lt, uint32_t start, uint32_t end, int32_t line)
{
    LineRange *r = &lt->ranges[lt->nranges++];
    r->start = start;
    r->end = end;
    r->line = line;
}

static void add_start(LineTable *lt, uint32_t off, int32_t line)
{
    LineStart *s = &lt->starts[lt->nstarts++];
    s->offset = off;
    s->line = line;
}

/* Set pos for every code unit whose byte offset lies in [start, end). */
static void fill_pos(LineTable *lt, uint32_t start, uint32_t end, SrcPos p)
{
    uint32_t u = start / lt->unit + (start % lt->unit != 0);
    for (; u < lt->nunits && (uint64_t)u * lt->unit < end; u++)
        lt->pos[u] = p;
}

static SrcPos line_only(int32_t line)
{
    SrcPos p = {line, LINE_NONE, LINE_NONE, LINE_NONE};
    return p;
}

static int line_ok(int64_t line)
{
    return line >= INT32_MIN && line <= INT32_MAX;
}

/* ---- co_lnotab (2.7, 3.0-3.9) ------------------------------------------ */

static int decode_lnotab(Dec *x)
{
    LineTable *lt = x->lt;
    uint32_t codelen = x->co->codelen;
    int is_signed = x->co->ver >= PYV(3, 6);   /* 3.6+: signed line steps */
    int stop_at_end = x->co->ver >= PYV(3, 8); /* 3.8+: stop at len(co_code) */

    if (x->n % 2)
        return fail(x, x->n - 1, "odd length");
    /* One start per pair with an address step, plus the final one. */
    lt->starts = arena_alloc(x->a, (x->n / 2 + 1) * sizeof *lt->starts);

    int64_t line = x->co->firstlineno;
    int have_last = 0;
    int32_t last = 0;
    uint64_t addr = 0;
    int stopped = 0;
    for (uint32_t i = 0; i < x->n; i += 2) {
        uint8_t da = x->t[i];
        if (da) {
            if (!have_last || line != last) {
                add_start(lt, (uint32_t)addr, (int32_t)line);
                last = (int32_t)line;
                have_last = 1;
            }
            addr += da;
            if (addr > UINT32_MAX)
                return fail(x, i, "address out of range");
            if (stop_at_end && addr >= codelen) {
                stopped = 1;
                break;
            }
        }
        line += is_signed ? (int8_t)x->t[i + 1] : x->t[i + 1];
        if (!line_ok(line))
            return fail(x, i + 1, "line number out of range");
    }
    if (!stopped && (!have_last || line != last))
        add_start(lt, (uint32_t)addr, (int32_t)line);

    /* No co_lines() before 3.10: one range from each start to the next,
     * clipped to the code.  The line of a unit is that of its range (the
     * lnotab_notes.txt address-to-line walk gives the same answer). */
    lt->ranges = arena_alloc(x->a, (lt->nstarts + 1) * sizeof *lt->ranges);
    for (uint32_t k = 0; k < lt->nstarts; k++) {
        uint32_t s = lt->starts[k].offset;
        uint32_t e = k + 1 < lt->nstarts ? lt->starts[k + 1].offset : codelen;
        if (e > codelen)
            e = codelen;
        if (s >= e)
            continue;
        add_range(lt, s, e, lt->starts[k].line);
        fill_pos(lt, s, e, line_only(lt->starts[k].line));
    }
    return 0;
}

/* ---- co_linetable, 3.10 ------------------------------------------------- */

static int decode_310(Dec *x)
{
    LineTable *lt = x->lt;
    uint32_t codelen = x->co->codelen;

    if (x->n % 2)
        return fail(x, x->n - 1, "odd length");
    lt->ranges = arena_alloc(x->a, (x->n / 2 + 1) * sizeof *lt->ranges);

    int64_t line = x->co->firstlineno;
    uint32_t start = 0;
    for (uint32_t i = 0; i < x->n; i += 2) {
        uint64_t end = (uint64_t)start + x->t[i];
        int8_t dl = (int8_t)x->t[i + 1];
        int32_t l = LINE_NONE;
        if (dl != -128) {       /* -128: no line; the running line stays */
            line += dl;
            if (!line_ok(line))
                return fail(x, i + 1, "line number out of range");
            l = (int32_t)line;
        }
        if (end > codelen)
            return fail(x, i, "entry runs past the end of the code");
        if (end > start) {      /* empty ranges only carry line deltas */
            add_range(lt, start, (uint32_t)end, l);
            fill_pos(lt, start, (uint32_t)end, line_only(l));
        }
        start = (uint32_t)end;
    }
    return 0;
}

/* ---- location table, 3.11+ --------------------------------------------- */

/* The next payload byte of an entry: it must exist and must not have bit 7
 * (which marks the start of the next entry). */
static int next_byte(Dec *x, uint32_t *i, uint32_t *b)
{
    if (*i >= x->n)
        return fail(x, *i, "entry truncated at the end of the table");
    if (x->t[*i] & 0x80)
        return fail(x, *i, "entry truncated (byte with bit 7 set)");
    *b = x->t[(*i)++];
    return 0;
}

/* Unsigned varint: 6-bit chunks, least significant first, 0x40 = more. */
static int read_varint(Dec *x, uint32_t *i, uint32_t *out)
{
    uint32_t at = *i, b, v = 0;
    for (unsigned shift = 0;; shift += 6) {
        if (next_byte(x, i, &b) < 0)
            return -1;
        if (shift >= 32 || (shift > 26 && (b & 63) >> (32 - shift)))
            return fail(x, at, "varint too large");
        v |= (b & 63) << shift;
        if (!(b & 0x40))
            break;
    }
    *out = v;
    return 0;
}

static int read_svarint(Dec *x, uint32_t *i, int64_t *out)
{
    uint32_t u;
    if (read_varint(x, i, &u) < 0)
        return -1;
    *out = (u & 1) ? -(int64_t)(u >> 1) : (int64_t)(u >> 1);
    return 0;
}

enum {
    LOC_ONE_LINE0 = 10, LOC_ONE_LINE2 = 12, LOC_NO_COLUMNS = 13,
    LOC_LONG = 14, LOC_NONE = 15
};

static int decode_locations(Dec *x)
{
    LineTable *lt = x->lt;
    uint32_t codelen = x->co->codelen;
    /* At most one entry per table byte. */
    LineRange *raw = arena_alloc(x->a, (x->n + 1) * sizeof *raw);
    uint32_t nraw = 0;

    int64_t line = x->co->firstlineno;
    uint32_t off = 0;
    uint32_t i = 0;
    while (i < x->n) {
        uint32_t entry = i;
        uint8_t first = x->t[i++];
        if (!(first & 0x80))
            return fail(x, entry, "entry does not start with bit 7 set");
        unsigned code = (first >> 3) & 15;
        uint32_t len = ((first & 7) + 1) * 2u;   /* 1-8 code units */
        SrcPos p = {LINE_NONE, LINE_NONE, LINE_NONE, LINE_NONE};
        uint32_t b1, b2, u;
        int64_t delta;

        if (code < LOC_ONE_LINE0) {            /* short form, same line */
            if (next_byte(x, &i, &b1) < 0)
                return -1;
            p.line = p.end_line = (int32_t)line;
            p.col = (int32_t)(code * 8 + ((b1 >> 4) & 7));
            p.end_col = p.col + (int32_t)(b1 & 15);
        } else if (code <= LOC_ONE_LINE2) {    /* one line, +0..+2 */
            if (next_byte(x, &i, &b1) < 0 ||
                next_byte(x, &i, &b2) < 0)
                return -1;
            line += code - LOC_ONE_LINE0;
            p.col = (int32_t)b1;
            p.end_col = (int32_t)b2;
        } else if (code == LOC_NO_COLUMNS || code == LOC_LONG) {
            if (read_svarint(x, &i, &delta) < 0)
                return -1;
            line += delta;
        }
        if (!line_ok(line))
            return fail(x, entry, "line number out of range");
        if (code >= LOC_ONE_LINE0 && code <= LOC_NO_COLUMNS)
            p.line = p.end_line = (int32_t)line;
        if (code == LOC_LONG) {
            uint32_t c, ec;
            if (read_varint(x, &i, &u) < 0 ||
                read_varint(x, &i, &c) < 0 ||
                read_varint(x, &i, &ec) < 0)
                return -1;
            if (!line_ok(line + u))
                return fail(x, entry, "end line out of range");
            p.line = (int32_t)line;
            p.end_line = (int32_t)(line + u);
            /* columns are stored +1 so that 0 can mean None */
            p.col = c == 0 || c - 1 > INT32_MAX ? LINE_NONE : (int32_t)(c - 1);
            p.end_col = ec == 0 || ec - 1 > INT32_MAX ? LINE_NONE
                                                      : (int32_t)(ec - 1);
        }
        /* code 15 (no location): all None, running line unchanged */
        if (i < x->n && !(x->t[i] & 0x80))
            return fail(x, i, "stray byte after entry");
        if ((uint64_t)off + len > codelen)
            return fail(x, entry, "entry runs past the end of the code");
        raw[nraw].start = off;
        raw[nraw].end = off + len;
        raw[nraw].line = p.line;
        nraw++;
        fill_pos(lt, off, off + len, p);
        off += len;
    }

    if (x->co->ver < PYV(3, 12)) {
        /* 3.11's co_lines(): one range per entry, never merged. */
        lt->ranges = raw;
        lt->nranges = nraw;
        return 0;
    }
    /* 3.12+: neighbours with the same line (None included) are merged. */
    lt->ranges = raw;
    for (uint32_t k = 0; k < nraw; k++) {
        if (lt->nranges && lt->ranges[lt->nranges - 1].line == raw[k].line)
            lt->ranges[lt->nranges - 1].end = raw[k].end;
        else
            lt->ranges[lt->nranges++] = raw[k];
    }
    return 0;
}

int linetable_decode(const CodeObj *co, Arena *a, LineTable *out, Diag *d)
{
    memset(out, 0, sizeof *out);
    Dec x = {co, a, out, d, co->linetable, co->linetable ? co->linetablelen : 0,
             co->ver >= PYV(3, 10) ? "co_linetable" : "co_lnotab"};
    out->unit = co->ver >= PYV(3, 6) ? 2 : 1;   /* 3.6+: wordcode */
    out->nunits = co->codelen / out->unit;
    out->pos = arena_alloc(a, ((size_t)out->nunits + 1) * sizeof *out->pos);
    for (uint32_t u = 0; u < out->nunits; u++)
        out->pos[u] = line_only(LINE_NONE);

    int rc;
    if (co->ver < PYV(3, 10))
        return decode_lnotab(&x);
    rc = co->ver == PYV(3, 10) ? decode_310(&x) : decode_locations(&x);
    if (rc < 0)
        return rc;

    out->starts = arena_alloc(a, ((size_t)out->nranges + 1) * sizeof *out->starts);
    int have_last = 0;
    int32_t last = 0;
    for (uint32_t k = 0; k < out->nranges; k++) {
        int32_t l = out->ranges[k].line;
        if (co->ver >= PYV(3, 13)) {
            /* 3.13+: every change of line, None included ("--" in dis) */
            if (have_last && l == last)
                continue;
        } else {
            /* 3.10-3.12: None never shown, nor a repeat of the last shown */
            if (l == LINE_NONE || (have_last && l == last))
                continue;
        }
        add_start(out, out->ranges[k].start, l);
        last = l;
        have_last = 1;
    }
    return 0;
}

SrcPos linetable_pos_at(const LineTable *lt, uint32_t off)
{
    if (!lt->pos || off / lt->unit >= lt->nunits)
        return line_only(LINE_NONE);
    return lt->pos[off / lt->unit];
}

uint32_t linetable_offsets_for_line(const LineTable *lt, int32_t line,
                                    uint32_t *out, uint32_t max)
{
    uint32_t cnt = 0;
    for (uint32_t k = 0; k < lt->nranges; k++) {
        if (lt->ranges[k].line != line)
            continue;
        if (k > 0 && lt->ranges[k - 1].line == line)
            continue;       /* 3.10/3.11 split one line over several ranges */
        if (cnt < max && out)
            out[cnt] = lt->ranges[k].start;
        cnt++;
    }
    return cnt;
}

int32_t linetable_next_line_with_code(const LineTable *lt, int32_t line)
{
    int32_t best = -1;
    for (uint32_t k = 0; k < lt->nranges; k++) {
        int32_t l = lt->ranges[k].line;
        if (l != LINE_NONE && l >= line && (best == -1 || l < best))
            best = l;
    }
    return best;
}
