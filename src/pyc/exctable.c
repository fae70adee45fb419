/* exctable.c — decode the 3.11+ co_exceptiontable (spec exceptiontable.md).
 *
 * Each entry is four big-endian 6-bit varints (start, size, target,
 * depth*2+lasti, all in code units); bit 6 of a byte means "more bytes
 * follow" and bit 7 is set on the first byte of an entry only.  Decoded
 * entries hold byte offsets and are checked to lie inside the code, so users
 * (dis, the VM) can trust them: start <= end <= codelen, target < codelen,
 * depth <= co_stacksize.  Table order is kept; exctable_find() returns the
 * first entry covering an offset, which for CPython's sorted, disjoint tables
 * is the only one.
 */
#include "config.h"
#include "pydbg/exctable.h"

/* co_name for messages (kept local so this module needs nothing else
 * from the loader). */
static const char *code_name(const CodeObj *co)
{
    const PycObj *o = co->name;
    if (o && (o->kind == PYC_STR || o->kind == PYC_BYTES) && o->v.s)
        return o->v.s;
    return "?";
}

static int fail(const CodeObj *co, Diag *d, uint32_t at, const char *what)
{
    const char *name = code_name(co);
    diag_set(d, (long)at, "%s in co_exceptiontable of code object '%s'", what,
             name);
    return -1;
}

/* One number of the entry; the first number of an entry starts with the
 * bit-7 byte, every other byte must have bit 7 clear. */
static int read_num(const CodeObj *co, Diag *d, uint32_t *i, int first,
                    uint32_t *out)
{
    const uint8_t *t = co->exctable;
    uint32_t n = co->exctablelen, at = *i;
    uint64_t v = 0;
    for (int k = 0;; k++) {
        if (*i >= n)
            return fail(co, d, *i, "entry truncated at the end of the table");
        uint8_t b = t[(*i)++];
        if ((b & 0x80) && !(first && k == 0))
            return fail(co, d, *i - 1, "entry truncated (byte with bit 7 set)");
        v = v << 6 | (b & 63);
        if (v > UINT32_MAX / 2)     /* keeps byte offsets within uint32 */
            return fail(co, d, at, "varint too large");
        if (!(b & 0x40))
            break;
    }
    *out = (uint32_t)v;
    return 0;
}

int exctable_decode(const CodeObj *co, Arena *a, ExcEntry **out, uint32_t *n,
                    Diag *d)
{
    *out = NULL;
    *n = 0;
    if (co->ver < PYV(3, 11) || !co->exctable || co->exctablelen == 0)
        return 0;
    const uint8_t *t = co->exctable;
    uint32_t len = co->exctablelen, cnt = 0;
    if (!(t[0] & 0x80))
        return fail(co, d, 0, "first entry does not start with bit 7 set");
    for (uint32_t i = 0; i < len; i++)
        cnt += (t[i] & 0x80) != 0;

    ExcEntry *v = arena_alloc(a, (size_t)cnt * sizeof *v);
    uint32_t units = co->codelen / 2, i = 0, k = 0;
    while (i < len) {
        uint32_t at = i, start, size, target, dl;
        if (read_num(co, d, &i, 1, &start) < 0 ||
            read_num(co, d, &i, 0, &size) < 0 ||
            read_num(co, d, &i, 0, &target) < 0 ||
            read_num(co, d, &i, 0, &dl) < 0)
            return -1;
        if (i < len && !(t[i] & 0x80))
            return fail(co, d, i, "stray byte after entry");
        if ((uint64_t)start + size > units)
            return fail(co, d, at, "covered range runs past the end of the code");
        if (target >= units)
            return fail(co, d, at, "handler lies outside the code");
        if ((int64_t)(dl >> 1) > (int64_t)co->stacksize)
            return fail(co, d, at, "handler depth exceeds co_stacksize");
        v[k].start = start * 2;
        v[k].end = (start + size) * 2;
        v[k].target = target * 2;
        v[k].depth = dl >> 1;
        v[k].lasti = dl & 1;
        k++;
    }
    *out = v;
    *n = k;
    return 0;
}

const ExcEntry *exctable_find(const ExcEntry *v, uint32_t n, uint32_t off)
{
    for (uint32_t k = 0; k < n; k++)
        if (v[k].start <= off && off < v[k].end)
            return &v[k];
    return NULL;
}
