/* pyc.c — a .pyc file: header, the marshalled body, the code-object list.
 *
 * The version comes from the magic number only (magic.c); the header layout
 * follows from the version (8, 12 or 16 bytes, spec pyc.md §2).  The body
 * must be exactly one marshalled object: bytes after it are an error, as
 * CPython never writes any.  Diagnostics carry file offsets (the marshal
 * reader's offsets are shifted by the header size here).
 *
 * After loading, every code object of the tree is numbered in pre-order —
 * the top object first, then each code constant depth first, the order in
 * which 3.7+'s dis prints them — and listed in PycFile.codes.
 */
#include "config.h"
#include "pydbg/pyc.h"

#include <stdlib.h>
#include <string.h>

static uint32_t le32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Header fields for version f->ver; n >= header size.  0 on error. */
static int parse_header(PycFile *f, const unsigned char *b, Diag *d)
{
    PyVer v = f->ver;
    if (v < PYV(3, 7)) {
        f->mtime = le32(b + 4);
        if (v >= PYV(3, 3))            /* 3.3: source size added */
            f->source_size = le32(b + 8);
        return 1;
    }
    /* 3.7+ (PEP 552): bit 0 = hash-based, bit 1 = check the source; any
     * other bit is refused, as importlib refuses it. */
    f->flags = le32(b + 4);
    if (f->flags & ~3u) {
        diag_set(d, 4, "invalid flags 0x%08x in pyc header", f->flags);
        return 0;
    }
    if (f->flags & 1) {
        memcpy(f->source_hash, b + 8, 8);
    } else {
        f->mtime = le32(b + 8);
        f->source_size = le32(b + 12);
    }
    return 1;
}

/* ---- code-object numbering ----------------------------------------------- */

typedef struct CodeList {
    CodeObj **v;
    uint32_t n, cap;
} CodeList;

/* Pre-order walk: a code object is numbered when first met, then its
 * constants are walked; containers are walked so that a code object hidden
 * in a tuple (never written by CPython) still gets a number.  The marshal
 * reader guarantees the tree is acyclic and bounded when expanded. */
static void number_codes(PycObj *o, CodeList *l)
{
    switch ((PycKind)o->kind) {
    case PYC_CODE: {
        CodeObj *c = o->v.code;
        if (c->index != UINT32_MAX)
            return;
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 16;
            l->v = xrealloc(l->v, l->cap * sizeof *l->v);
        }
        c->index = l->n;
        l->v[l->n++] = c;
        number_codes(c->consts, l);
        return;
    }
    case PYC_TUPLE: case PYC_LIST: case PYC_SET: case PYC_FROZENSET: case PYC_SLICE:
        for (uint32_t i = 0; i < o->len; i++)
            number_codes(o->v.items[i], l);
        return;
    case PYC_DICT:
        for (uint32_t i = 0; i < 2 * o->len; i++)
            number_codes(o->v.items[i], l);
        return;
    default:
        return;
    }
}

/* ---- loading ------------------------------------------------------------- */

PycFile *pyc_load_bytes(const unsigned char *data, size_t n, const char *path,
                        PyVer force_ver, Diag *d)
{
    Diag local;
    diag_clear(&local);
    if (!d)
        d = &local;
    int had_error = d->set;
    PycFile *f = xcalloc(1, sizeof *f);
    arena_init(&f->arena);
    f->path = path ? xstrdup(path) : NULL;
    f->size = n;
    size_t hdr = 0;

    if (n == 0) {
        diag_set(d, -1, "empty file");
        goto fail;
    }
    if (force_ver) {
        /* A bare marshalled object, as marshal.dumps(code) writes it. */
        if (!(f->vinfo = pyc_version_info(force_ver))) {
            diag_set(d, -1, "unsupported Python version %d.%d", PYV_MAJOR(force_ver),
                     PYV_MINOR(force_ver));
            goto fail;
        }
        f->ver = force_ver;
        f->magic = f->vinfo->magic;
    } else {
        if (n < 4) {
            diag_set(d, -1, "truncated header (%zu byte%s; the magic number alone needs 4)",
                     n, n == 1 ? "" : "s");
            goto fail;
        }
        if (data[2] != 0x0D || data[3] != 0x0A) {
            diag_set(d, -1, "not a Python bytecode file (bytes 2-3 of the magic are "
                     "%02X %02X, expected 0D 0A)", data[2], data[3]);
            goto fail;
        }
        f->magic = (uint16_t)(data[0] | data[1] << 8);
        if (!(f->ver = pyc_version_from_magic(f->magic))) {
            pyc_magic_diag(f->magic, d);
            goto fail;
        }
        f->vinfo = pyc_version_info(f->ver);
        f->has_header = 1;
        hdr = f->header_size = f->vinfo->header_size;
        if (n < hdr) {
            diag_set(d, -1, "truncated header (%zu bytes, Python %s needs %zu)", n,
                     f->vinfo->name, hdr);
            goto fail;
        }
        if (!parse_header(f, data, d))
            goto fail;
        if (n == hdr) {
            diag_set(d, (long)hdr, "no code object after the %zu-byte header", hdr);
            goto fail;
        }
    }

    size_t used = 0;
    f->top = marshal_read(data + hdr, n - hdr, f->ver, &f->arena, &used, d);
    if (!f->top) {
        if (!had_error && d->offset >= 0)
            d->offset += (long)hdr;
        goto fail;
    }
    if (f->top->kind == PYC_CODE)
        f->code = f->top->v.code;
    if (hdr + used < n) {
        size_t extra = n - hdr - used;
        diag_set(d, (long)(hdr + used), "%zu unexpected byte%s after the %s", extra,
                 extra == 1 ? "" : "s", f->code ? "code object" : "marshalled object");
        goto fail;
    }

    CodeList l = {NULL, 0, 0};
    number_codes(f->top, &l);
    f->ncode = l.n;
    f->codes = l.n ? arena_memdup(&f->arena, l.v, l.n * sizeof *l.v)
                   : arena_alloc(&f->arena, sizeof *l.v);
    free(l.v);
    for (uint32_t i = 0; i < f->ncode; i++)
        f->codes[i]->file_offset += (long)hdr;
    return f;

fail:
    pyc_free(f);
    return NULL;
}

PycFile *pyc_load_file(const char *path, PyVer force_ver, Diag *d)
{
    size_t n = 0;
    unsigned char *data = file_read_all(path, &n, d);
    if (!data)
        return NULL;
    PycFile *f = pyc_load_bytes(data, n, path, force_ver, d);
    free(data);   /* the tree holds copies of everything it needs */
    return f;
}

void pyc_free(PycFile *f)
{
    if (!f)
        return;
    arena_free(&f->arena);
    free(f->path);
    free(f);
}

CodeObj **pyc_code_list(PycFile *f, uint32_t *n)
{
    *n = f->ncode;
    return f->codes;
}

/* ---- small accessors ----------------------------------------------------- */

const char *pyc_text(const PycObj *o, uint32_t *len)
{
    if (!o || (o->kind != PYC_STR && o->kind != PYC_BYTES))
        return NULL;
    if (len)
        *len = o->len;
    return o->v.s;
}

const char *pyc_tuple_text(const PycObj *tuple, uint32_t i)
{
    if (!tuple || tuple->kind != PYC_TUPLE || i >= tuple->len)
        return "";
    const char *s = pyc_text(tuple->v.items[i], NULL);
    return s ? s : "";
}
