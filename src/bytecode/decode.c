/* decode.c — co_code bytes → one Insn per instruction, as `dis` lists them.
 *
 * Encodings (spec: opcodes/README.md):
 *   2.7   1-byte opcode, plus a 16-bit little-endian oparg when the opcode
 *         takes one; EXTENDED_ARG x adds x * 65536 to the next oparg.
 *   3.6+  2-byte words (opcode, oparg); EXTENDED_ARG shifts left by 8.
 *   3.11+ the word is followed by the opcode's inline CACHE words, which
 *         belong to the instruction (counted in `size`, never decoded).
 * EXTENDED_ARG is an Insn of its own and the instruction after it carries
 * the combined oparg, because that is what `dis` shows.  Jump targets are
 * computed exactly as each version's `dis` does, relative to the jump
 * itself (never to its EXTENDED_ARG prefix), and must land on an
 * instruction inside the code.
 *
 * Invariants: never reads outside [code, code+codelen); memory is one
 * arena block of at most codelen/unit Insns; the first error wins (Diag).
 */
#include "config.h"
#include "pydbg/decode.h"

#include <limits.h>

/* Byte offset an instruction's jump lands on, as `dis` computes it.  `off`
 * is the instruction's own offset, `arg` its full oparg. */
static int64_t jump_target(PyVer ver, const OpInfo *info, uint32_t off,
                           int64_t arg)
{
    /* 2.7: after the 3-byte instruction, in bytes.  3.6-3.9: after the
     * word, in bytes.  3.10+: opargs count 2-byte instructions.  3.12+:
     * relative to the end of the inline caches (3.11 jumps have none). */
    int64_t next = off + (ver < PYV(3, 0) ? 3 : 2);
    int64_t scale = ver >= PYV(3, 10) ? 2 : 1;
    if (ver >= PYV(3, 12))
        next += 2 * (int64_t)info->ncache;
    switch (info->jump) {
    case OPJ_REL_FWD: return next + scale * arg;
    case OPJ_REL_BACK: return next - scale * arg;   /* 3.11+ only */
    case OPJ_ABS: return scale * arg;
    default: return -1;
    }
}

int32_t decode_index_at(const InsnArray *ia, uint32_t off)
{
    if (!ia || !ia->v)
        return -1;
    uint32_t lo = 0, hi = ia->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t o = ia->v[mid].offset;
        if (o == off)
            return (int32_t)mid;
        if (o < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int decode_code(const CodeObj *co, const OpTable *t, Arena *a, InsnArray *out,
                Diag *d)
{
    out->v = NULL;
    out->n = 0;
    if (!co || !t) {
        diag_set(d, -1, "no opcode table for this Python version");
        return -1;
    }
    const uint8_t *code = co->code;
    uint32_t len = co->codelen;
    if (len == 0)
        return 0;
    if (!code) {
        diag_set(d, -1, "code object has no bytecode");
        return -1;
    }
    PyVer ver = t->ver;
    int wide = t->unit == 2;        /* 3.6+ wordcode */
    Insn *v = arena_alloc(a, (size_t)(len / t->unit + 1) * sizeof *v);
    uint32_t n = 0;
    /* Pending EXTENDED_ARG value; each decoded oparg is <= INT32_MAX, so
     * this stays below 2**47 and int64 arithmetic cannot overflow. */
    int64_t ext = 0;

    for (uint32_t i = 0; i < len;) {
        uint8_t op = code[i];
        const OpInfo *info = t->by_number[op];
        if (!info) {
            diag_set(d, -1, "invalid opcode 0x%02x at offset %u", op, i);
            return -1;
        }
        uint32_t size = wide ? 2u : (info->has_arg ? 3u : 1u);
        if (len - i < size) {
            diag_set(d, -1, "truncated instruction %s at offset %u",
                     info->name, i);
            return -1;
        }
        int64_t arg = -1;
        if (info->has_arg) {
            int64_t low = wide ? code[i + 1] : code[i + 1] | code[i + 2] << 8;
            /* 2.7 adds, 3.x ors the shifted prefix in: same for real code. */
            arg = wide ? (low | ext) : low + ext;
            if (arg > INT32_MAX) {
                diag_set(d, -1, "oparg of %s too large at offset %u",
                         info->name, i);
                return -1;
            }
            if (op == t->extended_arg)
                ext = wide ? arg << 8 : arg * 65536;
            else
                ext = 0;
        } else if (ver >= PYV(3, 10)) {
            /* 2.7-3.9's dis keeps a pending EXTENDED_ARG across
             * instructions without an oparg; 3.10+ drops it. */
            ext = 0;
        }
        /* 3.11+: the inline caches follow and are part of the instruction. */
        if (info->ncache) {
            uint32_t cache_bytes = 2u * info->ncache;
            if (len - i - size < cache_bytes) {
                diag_set(d, -1, "truncated instruction %s at offset %u "
                         "(%u cache units missing)", info->name, i,
                         (cache_bytes - (len - i - size)) / 2);
                return -1;
            }
            size += cache_bytes;
        }
        Insn *in = &v[n++];
        in->offset = i;
        in->size = size;
        in->info = info;
        in->op = info->id;
        in->opcode = op;
        in->ncache = info->ncache;
        in->arg = (int32_t)arg;
        in->target = -1;
        in->target_index = -1;
        if (info->jump != OPJ_NONE && arg >= 0) {
            int64_t tg = jump_target(ver, info, i, arg);
            if (tg < 0 || tg >= len) {
                diag_set(d, -1, "%s at offset %u jumps to %lld, outside the "
                         "code (%u bytes)", info->name, i, (long long)tg, len);
                return -1;
            }
            in->target = (int32_t)tg;
        }
        i += size;
    }

    out->v = v;
    out->n = n;
    for (uint32_t k = 0; k < n; k++) {
        Insn *in = &v[k];
        if (in->target < 0)
            continue;
        in->target_index = decode_index_at(out, (uint32_t)in->target);
        if (in->target_index < 0) {
            diag_set(d, -1, "%s at offset %u jumps to %d, not the start of "
                     "an instruction", in->info->name, in->offset, in->target);
            out->v = NULL;
            out->n = 0;
            return -1;
        }
    }
    return 0;
}
