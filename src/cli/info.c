/* info.c — `pydbg --info`: everything a .pyc stores, as a teacher shows it.
 *
 * Output: a header summary, then one block per code object in pre-order
 * (pyc_code_list): a title line and one `  co_NAME = REPR` line per stored
 * attribute, in the order and with the set of tests/data/README.md (`.attrs`),
 * REPR being exactly what the file's own Python version prints.  The fixture
 * check compares those lines after dropping a trailing `  # …` comment, so
 * invariants: every explanation is either such a trailing comment or a line
 * that does not match `^  co_[a-z]+ = ` (decoded tables are indented four
 * spaces, the 3.11+ localsplus line starts with `  localsplus:`).
 *
 * Nothing here reads outside the loaded tree: counts and tuple items are
 * bounds-checked, text from the file is printed with control characters
 * replaced unless it goes through repr_obj().  A table that cannot be decoded
 * is reported inline, recorded in the Diag, and the listing goes on.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/exctable.h"
#include "pydbg/info.h"
#include "pydbg/linetable.h"
#include "pydbg/repr.h"

/* ---- small helpers -------------------------------------------------------- */

/* File text outside a repr: keep UTF-8, neutralise control characters so a
 * hostile name cannot drive the terminal. */
static void put_plain(SBuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        sbuf_putc(out, (c < 0x20 || c == 0x7f) ? '?' : (char)c);
    }
}

static void put_obj_text(SBuf *out, const PycObj *o)
{
    uint32_t n = 0;
    const char *s = o ? pyc_text(o, &n) : NULL;
    if (s)
        put_plain(out, s, n);
    else
        sbuf_puts(out, "?");
}

static uint32_t tuple_len(const PycObj *t)
{
    return (t && t->kind == PYC_TUPLE) ? t->len : 0;
}

/* repr of a raw byte string (co_code, tables): bytes in 3.x, str in 2.x. */
static void repr_raw_bytes(SBuf *out, const uint8_t *p, uint32_t n, PyVer ver)
{
    PycObj tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.kind = PYC_BYTES;
    tmp.type_code = 's';
    tmp.len = p ? n : 0;
    tmp.v.s = p ? (const char *)p : "";
    repr_obj(out, &tmp, ver);
}

/* ---- header --------------------------------------------------------------- */

/* UTC calendar date of a Unix time (no libc time zone machinery). */
static void put_utc(SBuf *out, uint32_t t)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    uint32_t days = t / 86400, secs = t % 86400;
    int year = 1970, month = 0;
    for (;;) {
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        uint32_t ylen = leap ? 366 : 365;
        if (days < ylen)
            break;
        days -= ylen;
        year++;
    }
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    for (;;) {
        uint32_t mlen = (uint32_t)mdays[month] + (month == 1 && leap);
        if (days < mlen)
            break;
        days -= mlen;
        month++;
    }
    sbuf_printf(out, "%04d-%02d-%02d %02u:%02u:%02u UTC", year, month + 1,
                (int)days + 1, (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60),
                (unsigned)(secs % 60));
}

static const char *version_name(PyVer v, const PycVersion *vi, char *buf, size_t n)
{
    if (vi && vi->name)
        return vi->name;
    snprintf(buf, n, "%d.%d", PYV_MAJOR(v), PYV_MINOR(v));
    return buf;
}

void info_header(SBuf *out, const PycFile *f)
{
    char vbuf[16];
    const char *vname = version_name(f->ver, f->vinfo, vbuf, sizeof vbuf);

    sbuf_puts(out, "File:         ");
    if (f->path)
        put_plain(out, f->path, strlen(f->path));
    sbuf_printf(out, " (%zu bytes)\n", f->size);

    if (!f->has_header) {
        sbuf_printf(out, "Header:       none: a bare marshalled object, read as "
                         "Python %s (--bytecode-version %s)\n", vname, vname);
    } else {
        sbuf_printf(out, "Magic:        %u (0x%04x; bytes %02x %02x 0d 0a) = Python %s",
                    (unsigned)f->magic, (unsigned)f->magic, (unsigned)(f->magic & 0xff),
                    (unsigned)(f->magic >> 8), vname);
        /* Two magics share a layout with their version's usual one. */
        if (f->magic == 62212)
            sbuf_puts(out, " (written by python2.7 -U)");
        else if (f->magic == 3350)
            sbuf_puts(out, " (3.5.0 or 3.5.1)");
        sbuf_putc(out, '\n');
        sbuf_printf(out, "Header size:  %u bytes\n", (unsigned)f->header_size);

        int hashed = 0;
        if (f->ver >= PYV(3, 7)) {
            /* PEP 552: bit 0 = hash-based, bit 1 = check the source (read
             * only together with bit 0). */
            sbuf_printf(out, "Flags:        0x%08x = ", (unsigned)f->flags);
            if ((f->flags & 3) == 3)
                sbuf_puts(out, "hash-based, checked (importlib hashes the source to validate)");
            else if (f->flags & 1)
                sbuf_puts(out, "hash-based, unchecked (used without looking at the source)");
            else if (f->flags & 2)
                sbuf_puts(out, "timestamp-based (bit 1 means nothing without bit 0)");
            else
                sbuf_puts(out, "timestamp-based");
            sbuf_putc(out, '\n');
            hashed = f->flags & 1;
        }
        if (hashed) {
            sbuf_puts(out, "Source hash:  ");
            for (int i = 0; i < 8; i++)
                sbuf_printf(out, "%02x", (unsigned)f->source_hash[i]);
            /* 3.7-3.10 SipHash-2-4, 3.11+ SipHash-1-3; key = the magic word. */
            sbuf_printf(out, " (SipHash-%s of the source bytes, keyed with the magic)\n",
                        f->ver >= PYV(3, 11) ? "1-3" : "2-4");
        } else {
            sbuf_printf(out, "Timestamp:    %lu = ", (unsigned long)f->mtime);
            put_utc(out, f->mtime);
            sbuf_puts(out, " (source modification time)\n");
            if (f->ver >= PYV(3, 3))
                sbuf_printf(out, "Source size:  %lu bytes (modulo 2**32)\n",
                            (unsigned long)f->source_size);
        }
    }
    if (f->vinfo)
        sbuf_printf(out, "Marshal:      format version %u\n", (unsigned)f->vinfo->marshal_ver);
    sbuf_printf(out, "Code objects: %lu\n", (unsigned long)f->ncode);
}

/* ---- co_flags --------------------------------------------------------------- */

typedef struct FlagName {
    uint32_t bit;
    PyVer from, to;      /* versions that give the bit this meaning */
    const char *name;
} FlagName;

/* Checked against inspect.CO_* and __future__.*.compiler_flag of 2.7 and
 * 3.6-3.13 (3.14 from the spec): the __future__ bits moved up 4 places in
 * 3.8 to make room for PyCF_* compiler flags. */
static const FlagName flag_names[] = {
    {0x0001, PYV(2, 0), PYV(9, 99), "OPTIMIZED"},
    {0x0002, PYV(2, 0), PYV(9, 99), "NEWLOCALS"},
    {0x0004, PYV(2, 0), PYV(9, 99), "VARARGS"},
    {0x0008, PYV(2, 0), PYV(9, 99), "VARKEYWORDS"},
    {0x0010, PYV(2, 0), PYV(9, 99), "NESTED"},
    {0x0020, PYV(2, 0), PYV(9, 99), "GENERATOR"},
    {0x0040, PYV(2, 0), PYV(9, 99), "NOFREE"},
    {0x0080, PYV(3, 5), PYV(9, 99), "COROUTINE"},
    {0x0100, PYV(3, 5), PYV(9, 99), "ITERABLE_COROUTINE"},
    {0x0200, PYV(3, 6), PYV(9, 99), "ASYNC_GENERATOR"},
    /* __future__ features, 2.7 and 3.0-3.7 */
    {0x2000, PYV(2, 0), PYV(3, 7), "FUTURE_DIVISION"},
    {0x4000, PYV(2, 0), PYV(3, 7), "FUTURE_ABSOLUTE_IMPORT"},
    {0x8000, PYV(2, 0), PYV(3, 7), "FUTURE_WITH_STATEMENT"},
    {0x10000, PYV(2, 0), PYV(3, 7), "FUTURE_PRINT_FUNCTION"},
    {0x20000, PYV(2, 0), PYV(3, 7), "FUTURE_UNICODE_LITERALS"},
    {0x40000, PYV(3, 0), PYV(3, 7), "FUTURE_BARRY_AS_BDFL"},
    {0x80000, PYV(3, 5), PYV(3, 7), "FUTURE_GENERATOR_STOP"},
    {0x100000, PYV(3, 7), PYV(3, 7), "FUTURE_ANNOTATIONS"},
    /* __future__ features, 3.8+ */
    {0x20000, PYV(3, 8), PYV(9, 99), "FUTURE_DIVISION"},
    {0x40000, PYV(3, 8), PYV(9, 99), "FUTURE_ABSOLUTE_IMPORT"},
    {0x80000, PYV(3, 8), PYV(9, 99), "FUTURE_WITH_STATEMENT"},
    {0x100000, PYV(3, 8), PYV(9, 99), "FUTURE_PRINT_FUNCTION"},
    {0x200000, PYV(3, 8), PYV(9, 99), "FUTURE_UNICODE_LITERALS"},
    {0x400000, PYV(3, 8), PYV(9, 99), "FUTURE_BARRY_AS_BDFL"},
    {0x800000, PYV(3, 8), PYV(9, 99), "FUTURE_GENERATOR_STOP"},
    {0x1000000, PYV(3, 8), PYV(9, 99), "FUTURE_ANNOTATIONS"},
    {0x4000000, PYV(3, 14), PYV(9, 99), "HAS_DOCSTRING"},
    {0x8000000, PYV(3, 14), PYV(9, 99), "METHOD"},
};

static void put_flag_names(SBuf *out, uint32_t flags, PyVer ver)
{
    uint32_t rest = flags;
    int any = 0;
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
        const FlagName *fn = &flag_names[i];
        if (ver < fn->from || ver > fn->to || !(flags & fn->bit))
            continue;
        sbuf_puts(out, any ? " | " : "");
        sbuf_puts(out, fn->name);
        rest &= ~fn->bit;
        any = 1;
    }
    if (rest)
        sbuf_printf(out, "%s0x%x (unknown)", any ? " | " : "", (unsigned)rest);
    else if (!any)
        sbuf_puts(out, "no flags");
}

/* ---- 3.11+ localsplus kinds ------------------------------------------------- */

static void put_kind(SBuf *out, uint8_t k, PyVer ver)
{
    static const struct { uint8_t bit; PyVer from; const char *name; } kinds[] = {
        {CO_FAST_LOCAL, PYV(3, 11), "LOCAL"},
        {CO_FAST_CELL, PYV(3, 11), "CELL"},
        {CO_FAST_FREE, PYV(3, 11), "FREE"},
        {CO_FAST_HIDDEN, PYV(3, 12), "HIDDEN"},
        {CO_FAST_ARG_POS, PYV(3, 14), "ARG_POS"},
        {CO_FAST_ARG_KW, PYV(3, 14), "ARG_KW"},
        {CO_FAST_ARG_VAR, PYV(3, 14), "ARG_VAR"},
    };
    uint8_t rest = k;
    int any = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (ver < kinds[i].from || !(k & kinds[i].bit))
            continue;
        sbuf_printf(out, "%s%s", any ? "|" : "", kinds[i].name);
        rest &= (uint8_t)~kinds[i].bit;
        any = 1;
    }
    if (rest || !any)
        sbuf_printf(out, "%s0x%02x", any ? "|" : "", (unsigned)rest);
}

static void put_localsplus(SBuf *out, const CodeObj *co)
{
    uint32_t n = tuple_len(co->localsplusnames);
    sbuf_puts(out, "  localsplus: ");
    if (n == 0) {
        sbuf_puts(out, "(empty)");
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len = 0;
        const PycObj *o = co->localsplusnames->v.items[i];
        const char *s = o ? pyc_text(o, &len) : NULL;
        sbuf_printf(out, "%s%u:", i ? ", " : "", (unsigned)i);
        if (s)
            put_plain(out, s, len);
        else
            sbuf_puts(out, "?");
        sbuf_putc(out, '=');
        put_kind(out, co->localspluskinds ? co->localspluskinds[i] : 0, co->ver);
    }
    if (n)
        sbuf_puts(out, "  # co_localsplusnames/kinds as index:name=kind; "
                       "LOAD_FAST & co. use the index");
    sbuf_putc(out, '\n');
}

/* ---- signature -------------------------------------------------------------- */

static void put_arg(SBuf *out, const PycObj *varnames, uint32_t i, int *first)
{
    uint32_t len = 0;
    const char *s = NULL;
    if (i < tuple_len(varnames) && varnames->v.items[i])
        s = pyc_text(varnames->v.items[i], &len);
    sbuf_puts(out, *first ? "" : ", ");
    *first = 0;
    if (s)
        put_plain(out, s, len);
    else
        sbuf_puts(out, "?");
}

/* `(a, /, b, *args, c, **kw)` from the counts, the flags and co_varnames,
 * whose order is: positional (pos-only first), keyword-only, *args, **kw. */
static void put_signature(SBuf *out, const CodeObj *co)
{
    const PycObj *vn = co->varnames;
    int first = 1;
    uint32_t argc = co->argcount > 0 ? (uint32_t)co->argcount : 0;
    uint32_t posonly = co->posonlyargcount > 0 ? (uint32_t)co->posonlyargcount : 0;
    uint32_t kwonly = co->kwonlyargcount > 0 ? (uint32_t)co->kwonlyargcount : 0;
    /* Hostile counts: never list more names than the tuple could hold. */
    uint32_t cap = tuple_len(vn) + 2;
    if (argc > cap) argc = cap;
    if (kwonly > cap) kwonly = cap;
    if (posonly > argc) posonly = argc;

    sbuf_putc(out, '(');
    for (uint32_t i = 0; i < argc; i++) {
        put_arg(out, vn, i, &first);
        if (i + 1 == posonly)
            sbuf_puts(out, ", /");
    }
    uint32_t next = argc + kwonly;
    if (co->flags & CO_VARARGS) {
        sbuf_puts(out, first ? "*" : ", *");
        first = 1;           /* the name follows the star directly */
        put_arg(out, vn, next++, &first);
    } else if (kwonly) {
        sbuf_puts(out, first ? "*" : ", *");
        first = 0;
    }
    for (uint32_t i = 0; i < kwonly; i++)
        put_arg(out, vn, argc + i, &first);
    if (co->flags & CO_VARKEYWORDS) {
        sbuf_puts(out, first ? "**" : ", **");
        first = 1;
        put_arg(out, vn, next, &first);
    }
    sbuf_putc(out, ')');
}

/* ---- line and exception tables --------------------------------------------- */

static void put_range(char *buf, size_t n, uint32_t a, uint32_t b)
{
    snprintf(buf, n, "[%lu, %lu)", (unsigned long)a, (unsigned long)b);
}

/* `line 2:8-2:13`, `line 3` (no columns), `no location`. */
static void put_pos(SBuf *out, SrcPos p)
{
    if (p.line < 0) {
        sbuf_puts(out, "no location");
        return;
    }
    sbuf_printf(out, "line %ld", (long)p.line);
    if (p.col < 0 && p.end_col < 0) {
        if (p.end_line >= 0 && p.end_line != p.line)
            sbuf_printf(out, "-%ld", (long)p.end_line);
        return;
    }
    sbuf_putc(out, ':');
    if (p.col >= 0) sbuf_printf(out, "%ld", (long)p.col); else sbuf_puts(out, "?");
    sbuf_printf(out, "-%ld:", (long)(p.end_line >= 0 ? p.end_line : p.line));
    if (p.end_col >= 0) sbuf_printf(out, "%ld", (long)p.end_col); else sbuf_puts(out, "?");
}

static int same_pos(SrcPos a, SrcPos b)
{
    return a.line == b.line && a.end_line == b.end_line && a.col == b.col &&
           a.end_col == b.end_col;
}

static void put_line_rows(SBuf *out, const CodeObj *co, const LineTable *lt)
{
    char buf[64];
    if (co->ver <= PYV(3, 9)) {
        /* co_lnotab stores exactly the line starts. */
        int w = 1;
        for (uint32_t i = 0; i < lt->nstarts; i++) {
            int k = snprintf(buf, sizeof buf, "%lu", (unsigned long)lt->starts[i].offset);
            if (k > w) w = k;
        }
        for (uint32_t i = 0; i < lt->nstarts; i++)
            sbuf_printf(out, "    offset %*lu → line %ld\n", w,
                        (unsigned long)lt->starts[i].offset, (long)lt->starts[i].line);
        return;
    }
    if (co->ver == PYV(3, 10)) {
        int w = 1;
        for (uint32_t i = 0; i < lt->nranges; i++) {
            put_range(buf, sizeof buf, lt->ranges[i].start, lt->ranges[i].end);
            if ((int)strlen(buf) > w) w = (int)strlen(buf);
        }
        for (uint32_t i = 0; i < lt->nranges; i++) {
            put_range(buf, sizeof buf, lt->ranges[i].start, lt->ranges[i].end);
            sbuf_printf(out, "    %-*s → ", w, buf);
            if (lt->ranges[i].line < 0)
                sbuf_puts(out, "no line\n");
            else
                sbuf_printf(out, "line %ld\n", (long)lt->ranges[i].line);
        }
        return;
    }
    /* 3.11+: runs of code units with identical positions. */
    uint32_t u = lt->unit ? lt->unit : 2;
    int w = 1;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < lt->nunits;) {
            uint32_t j = i + 1;
            while (j < lt->nunits && same_pos(lt->pos[j], lt->pos[i]))
                j++;
            put_range(buf, sizeof buf, i * u, j * u);
            if (pass == 0) {
                if ((int)strlen(buf) > w) w = (int)strlen(buf);
            } else {
                sbuf_printf(out, "    %-*s → ", w, buf);
                put_pos(out, lt->pos[i]);
                sbuf_putc(out, '\n');
            }
            i = j;
        }
    }
}

static void note_error(SBuf *out, Diag *d, const Diag *local, const char *what)
{
    sbuf_printf(out, "    (cannot decode the %s: %s)\n", what, local->msg);
    diag_set(d, local->offset, "%s", local->msg);
}

/* ---- one code object ------------------------------------------------------ */

/* One attribute line is built as `  co_NAME = REPR`, its explanation goes to
 * a separate buffer, and end_attr() joins them.  The fixture check drops
 * everything from the last "  # " on both its sides, so a line whose repr
 * itself holds "  # " (hostile names, odd bytes in co_code) gets no comment
 * at all, and a comment never holds "  # " (runs of spaces are collapsed). */
typedef struct Line {
    SBuf *out;
    size_t start;      /* offset of the line in out */
    SBuf note;         /* the explanation, without the "  # " */
} Line;

static void begin_attr(Line *l, SBuf *out, const char *name)
{
    l->out = out;
    l->start = out->len;
    sbuf_reset(&l->note);
    sbuf_printf(out, "  %s = ", name);
}

static void end_attr(Line *l)
{
    SBuf *out = l->out;
    if (l->note.len && !strstr(out->data + l->start, "  # ")) {
        sbuf_puts(out, "  # ");
        char prev = ' ';
        for (size_t i = 0; i < l->note.len; i++) {
            char c = l->note.data[i];
            if (c == ' ' && prev == ' ')
                continue;
            sbuf_putc(out, c);
            prev = c;
        }
    }
    sbuf_putc(out, '\n');
}

static void put_repr(SBuf *out, const PycObj *o, PyVer ver)
{
    if (o)
        repr_obj(out, o, ver);
    else
        sbuf_puts(out, "None");
}

/* `co_NAME = REPR  # note` for an object attribute; note may be NULL. */
static void obj_attr(Line *l, SBuf *out, const char *name, const PycObj *o,
                     PyVer ver, const char *note)
{
    begin_attr(l, out, name);
    put_repr(out, o, ver);
    if (note)
        sbuf_puts(&l->note, note);
    end_attr(l);
}

static void int_attr(Line *l, SBuf *out, const char *name, long v, const char *note)
{
    begin_attr(l, out, name);
    sbuf_printf(out, "%ld", v);
    if (note)
        sbuf_puts(&l->note, note);
    end_attr(l);
}

/* Note naming the code objects among co_consts (`#3 inner`), so the
 * listing can be followed from parent to child. */
static void put_const_codes(SBuf *note, const PycObj *consts)
{
    uint32_t n = tuple_len(consts), shown = 0;
    for (uint32_t i = 0; i < n; i++) {
        const PycObj *c = consts->v.items[i];
        if (!c || c->kind != PYC_CODE || !c->v.code)
            continue;
        sbuf_puts(note, shown ? ", " : "; code objects ");
        sbuf_printf(note, "#%lu ", (unsigned long)c->v.code->index + 1);
        put_obj_text(note, c->v.code->name);
        shown++;
    }
}

static void exc_rows(SBuf *out, const ExcEntry *ex, uint32_t nex)
{
    for (uint32_t i = 0; i < nex; i++) {
        /* dis 3.11/3.12 style: the end shown inclusive (end - 2). */
        uint32_t last = ex[i].end >= ex[i].start + 2 ? ex[i].end - 2 : ex[i].start;
        sbuf_printf(out, "    %lu to %lu -> %lu [%lu]%s\n",
                    (unsigned long)ex[i].start, (unsigned long)last,
                    (unsigned long)ex[i].target, (unsigned long)ex[i].depth,
                    ex[i].lasti ? " lasti" : "");
    }
}

int info_code(SBuf *out, const CodeObj *co, Diag *d)
{
    PyVer v = co->ver;
    int rc = 0;
    int derived = v >= PYV(3, 11);   /* varnames/cellvars/freevars/nlocals */
    Line l = {out, 0, SBUF_INIT};

    obj_attr(&l, out, "co_name", co->name, v, NULL);
    if (v >= PYV(3, 11))
        obj_attr(&l, out, "co_qualname", co->qualname, v, NULL);

    begin_attr(&l, out, "co_argcount");
    sbuf_printf(out, "%ld", (long)co->argcount);
    if (co->flags & CO_OPTIMIZED) {
        sbuf_puts(&l.note, "signature ");
        put_signature(&l.note, co);
    }
    end_attr(&l);
    if (v >= PYV(3, 8))
        int_attr(&l, out, "co_posonlyargcount", (long)co->posonlyargcount, NULL);
    if (v >= PYV(3, 0))
        int_attr(&l, out, "co_kwonlyargcount", (long)co->kwonlyargcount, NULL);
    int_attr(&l, out, "co_nlocals", (long)co->nlocals,
             derived ? "derived: len(co_varnames)" : NULL);
    int_attr(&l, out, "co_stacksize", (long)co->stacksize, NULL);

    begin_attr(&l, out, "co_flags");
    sbuf_printf(out, "%ld", (long)co->flags);
    sbuf_printf(&l.note, "0x%04lx = ", (unsigned long)(uint32_t)co->flags);
    put_flag_names(&l.note, (uint32_t)co->flags, v);
    end_attr(&l);

    begin_attr(&l, out, "co_code");
    repr_raw_bytes(out, co->code, co->codelen, v);
    sbuf_printf(&l.note, "%lu bytes", (unsigned long)co->codelen);
    if (v >= PYV(3, 6))
        sbuf_printf(&l.note, " = %lu code units", (unsigned long)co->codelen / 2);
    end_attr(&l);

    begin_attr(&l, out, "co_consts");
    put_repr(out, co->consts, v);
    sbuf_printf(&l.note, "%lu item%s", (unsigned long)tuple_len(co->consts),
                tuple_len(co->consts) == 1 ? "" : "s");
    put_const_codes(&l.note, co->consts);
    end_attr(&l);

    obj_attr(&l, out, "co_names", co->names, v, NULL);
    if (derived)
        put_localsplus(out, co);
    obj_attr(&l, out, "co_varnames", co->varnames, v,
             derived ? "derived: names with kind LOCAL" : NULL);
    obj_attr(&l, out, "co_freevars", co->freevars, v,
             derived ? "derived: names with kind FREE" : NULL);
    /* ≤3.10: cell and free variables share one index space. */
    obj_attr(&l, out, "co_cellvars", co->cellvars, v,
             derived ? "derived: names with kind CELL"
             : tuple_len(co->cellvars) + tuple_len(co->freevars)
                 ? "LOAD_DEREF & co. index co_cellvars + co_freevars" : NULL);
    obj_attr(&l, out, "co_filename", co->filename, v, NULL);
    int_attr(&l, out, "co_firstlineno", (long)co->firstlineno, NULL);

    /* Line table, then its decoded form. */
    Arena a;
    arena_init(&a);
    LineTable lt;
    Diag ld;
    diag_clear(&ld);
    begin_attr(&l, out, v <= PYV(3, 9) ? "co_lnotab" : "co_linetable");
    repr_raw_bytes(out, co->linetable, co->linetablelen, v);
    sbuf_printf(&l.note, "%lu bytes", (unsigned long)co->linetablelen);
    if (v <= PYV(3, 9))
        sbuf_puts(&l.note, " of (offset, line) increments; line starts:");
    else if (v == PYV(3, 10))
        sbuf_puts(&l.note, " of (length, line) deltas; co_lines():");
    else
        sbuf_puts(&l.note, " of location entries; co_positions():");
    end_attr(&l);
    memset(&lt, 0, sizeof lt);
    if (linetable_decode(co, &a, &lt, &ld) == 0) {
        put_line_rows(out, co, &lt);
    } else {
        note_error(out, d, &ld, "line table");
        rc = -1;
    }

    if (v >= PYV(3, 11)) {
        ExcEntry *ex = NULL;
        uint32_t nex = 0;
        diag_clear(&ld);
        begin_attr(&l, out, "co_exceptiontable");
        repr_raw_bytes(out, co->exctable, co->exctablelen, v);
        int ok = exctable_decode(co, &a, &ex, &nex, &ld) == 0;
        if (!ok)
            sbuf_printf(&l.note, "%lu bytes", (unsigned long)co->exctablelen);
        else if (nex == 0)
            sbuf_puts(&l.note, "no handlers");
        else
            sbuf_printf(&l.note, "%lu bytes, %lu entr%s: first to last offset "
                                 "-> handler [stack depth], lasti = push the offset",
                        (unsigned long)co->exctablelen, (unsigned long)nex,
                        nex == 1 ? "y" : "ies");
        end_attr(&l);
        if (ok) {
            exc_rows(out, ex, nex);
        } else {
            note_error(out, d, &ld, "exception table");
            rc = -1;
        }
    }
    arena_free(&a);
    sbuf_free(&l.note);
    return rc;
}

/* ---- the whole file ------------------------------------------------------- */

/* Parent of each code object (index into the pre-order list, or -1), found by
 * scanning co_consts and the containers in it. */
static void mark_children(const PycObj *o, uint32_t parent, CodeObj **list,
                          uint32_t n, int32_t *par, int depth)
{
    if (!o || depth > MARSHAL_MAX_DEPTH)
        return;
    switch (o->kind) {
    case PYC_CODE:
        if (o->v.code && o->v.code->index < n && list[o->v.code->index] == o->v.code &&
            par[o->v.code->index] < 0 && o->v.code->index != parent)
            par[o->v.code->index] = (int32_t)parent;
        break;
    case PYC_TUPLE: case PYC_LIST: case PYC_SET: case PYC_FROZENSET: case PYC_SLICE:
        for (uint32_t i = 0; i < o->len; i++)
            mark_children(o->v.items[i], parent, list, n, par, depth + 1);
        break;
    case PYC_DICT:
        for (uint32_t i = 0; i < 2 * o->len; i++)
            mark_children(o->v.items[i], parent, list, n, par, depth + 1);
        break;
    default:
        break;
    }
}

static void put_title(SBuf *out, const CodeObj *co, uint32_t k, const CodeObj *parent)
{
    sbuf_printf(out, "Code object #%lu: ", (unsigned long)k + 1);
    put_obj_text(out, co->name);
    if (co->qualname) {
        sbuf_puts(out, " (qualname ");
        repr_obj(out, co->qualname, co->ver);
        sbuf_putc(out, ')');
    }
    sbuf_printf(out, ", line %ld, file \"", (long)co->firstlineno);
    put_obj_text(out, co->filename);
    sbuf_putc(out, '"');
    if (parent) {
        sbuf_printf(out, ", in #%lu ", (unsigned long)parent->index + 1);
        put_obj_text(out, parent->name);
    }
    sbuf_putc(out, '\n');
}

int info_file(SBuf *out, PycFile *f, Diag *d)
{
    info_header(out, f);
    uint32_t n = 0;
    CodeObj **list = f->code ? pyc_code_list(f, &n) : NULL;
    if (!list || n == 0) {
        /* Not a code object: show what the file holds instead. */
        sbuf_puts(out, "Top object:   ");
        if (f->top)
            repr_obj(out, f->top, f->ver);
        else
            sbuf_puts(out, "(none)");
        sbuf_putc(out, '\n');
        return 0;
    }
    int32_t *par = xmalloc((size_t)n * sizeof *par);
    for (uint32_t i = 0; i < n; i++)
        par[i] = -1;
    for (uint32_t i = 0; i < n; i++)
        mark_children(list[i]->consts, list[i]->index, list, n, par, 0);

    int rc = 0;
    for (uint32_t i = 0; i < n; i++) {
        const CodeObj *co = list[i];
        const CodeObj *parent = NULL;
        if (co->index < n && list[co->index] == co && par[co->index] >= 0)
            parent = list[par[co->index]];
        sbuf_putc(out, '\n');
        put_title(out, co, i, parent);
        if (info_code(out, co, d) != 0)
            rc = -1;
    }
    free(par);
    return rc;
}
