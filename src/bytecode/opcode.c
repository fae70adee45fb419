/* opcode.c — the per-version opcode tables, built at compile time.
 *
 * Every row comes from src/bytecode/op_pyXY.def (generated from that
 * interpreter's own opcode/dis modules by tools/gen_opcodes.py); this file
 * only expands them.  Each .def is included three times: for the rows
 * (placed straight into by_number[] as static compound literals, so a
 * duplicate number is a compile-time -Woverride-init warning), for the
 * OPMETA fields and for the cmp_op strings.  Nothing here is mutable, so the
 * tables are safe to share between threads and need no initialisation.
 */
#include "config.h"
#include "pydbg/opcode.h"

#include <string.h>

/* ---- names ---------------------------------------------------------------- */

/* Indexed by OpId; the identifiers are sorted, so opcode_lookup bisects. */
static const char *const op_idents[OP__COUNT] = {
    "<invalid>",
#define OPNAME(name) #name,
#include "opnames.def"
#undef OPNAME
};

/* Names that are no C identifier (2.7's SLICE+1 is OP_SLICE_1). */
static const struct {
    uint16_t id;
    const char *name;
} op_spelled[] = {
#define OPNAME(name)
#define OPSPELL(ident, name) {OP_##ident, name},
#include "opnames.def"
#undef OPNAME
    {OP_INVALID, NULL}
};

const char *opcode_name(OpId id)
{
    if ((unsigned)id >= OP__COUNT)
        return op_idents[OP_INVALID];
    for (size_t i = 0; op_spelled[i].name; i++)
        if (op_spelled[i].id == id)
            return op_spelled[i].name;
    return op_idents[id];
}

OpId opcode_lookup(const char *name)
{
    if (!name)
        return OP_INVALID;
    for (size_t i = 0; op_spelled[i].name; i++)
        if (strcmp(op_spelled[i].name, name) == 0)
            return (OpId)op_spelled[i].id;
    size_t lo = 1, hi = OP__COUNT;          /* [lo, hi) over real OpIds */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(op_idents[mid], name);
        if (c == 0)
            return (OpId)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return OP_INVALID;
}

/* ---- tables --------------------------------------------------------------- */

/* One .def row as a by_number[] entry. */
#define OP_ROW(ident, name, num, has_arg, jump, kind, ncache, layout,       \
               se, sem, sej, sejm, special)                                 \
    [num] = &(const OpInfo){name, OP_##ident, num, has_arg, OPJ_##jump,      \
                            OPA_##kind, ncache, layout, se, sem, sej, sejm,  \
                            special},
#define OP_META(unit, have_argument, extended_arg, cache)                   \
    unit, have_argument, extended_arg, cache,
#define OP_CMP(text) text,

/* The cmp_op array and the OpTable of one version.  (#include cannot sit
 * inside a macro, hence the repeated blocks below.) */
#define CMP_COUNT(arr) ((uint8_t)(sizeof arr / sizeof arr[0]))

static const char *const cmp_py27[] = {
#define CMPOP OP_CMP
#include "op_py27.def"
};
static const OpTable table_py27 = {
    PYV(2, 7),
    {
#define OP OP_ROW
#include "op_py27.def"
    },
#define OPMETA OP_META
#include "op_py27.def"
    cmp_py27, CMP_COUNT(cmp_py27)
};

static const char *const cmp_py36[] = {
#define CMPOP OP_CMP
#include "op_py36.def"
};
static const OpTable table_py36 = {
    PYV(3, 6),
    {
#define OP OP_ROW
#include "op_py36.def"
    },
#define OPMETA OP_META
#include "op_py36.def"
    cmp_py36, CMP_COUNT(cmp_py36)
};

static const char *const cmp_py37[] = {
#define CMPOP OP_CMP
#include "op_py37.def"
};
static const OpTable table_py37 = {
    PYV(3, 7),
    {
#define OP OP_ROW
#include "op_py37.def"
    },
#define OPMETA OP_META
#include "op_py37.def"
    cmp_py37, CMP_COUNT(cmp_py37)
};

static const char *const cmp_py38[] = {
#define CMPOP OP_CMP
#include "op_py38.def"
};
static const OpTable table_py38 = {
    PYV(3, 8),
    {
#define OP OP_ROW
#include "op_py38.def"
    },
#define OPMETA OP_META
#include "op_py38.def"
    cmp_py38, CMP_COUNT(cmp_py38)
};

static const char *const cmp_py39[] = {
#define CMPOP OP_CMP
#include "op_py39.def"
};
static const OpTable table_py39 = {
    PYV(3, 9),
    {
#define OP OP_ROW
#include "op_py39.def"
    },
#define OPMETA OP_META
#include "op_py39.def"
    cmp_py39, CMP_COUNT(cmp_py39)
};

static const char *const cmp_py310[] = {
#define CMPOP OP_CMP
#include "op_py310.def"
};
static const OpTable table_py310 = {
    PYV(3, 10),
    {
#define OP OP_ROW
#include "op_py310.def"
    },
#define OPMETA OP_META
#include "op_py310.def"
    cmp_py310, CMP_COUNT(cmp_py310)
};

static const char *const cmp_py311[] = {
#define CMPOP OP_CMP
#include "op_py311.def"
};
static const OpTable table_py311 = {
    PYV(3, 11),
    {
#define OP OP_ROW
#include "op_py311.def"
    },
#define OPMETA OP_META
#include "op_py311.def"
    cmp_py311, CMP_COUNT(cmp_py311)
};

static const char *const cmp_py312[] = {
#define CMPOP OP_CMP
#include "op_py312.def"
};
static const OpTable table_py312 = {
    PYV(3, 12),
    {
#define OP OP_ROW
#include "op_py312.def"
    },
#define OPMETA OP_META
#include "op_py312.def"
    cmp_py312, CMP_COUNT(cmp_py312)
};

static const char *const cmp_py313[] = {
#define CMPOP OP_CMP
#include "op_py313.def"
};
static const OpTable table_py313 = {
    PYV(3, 13),
    {
#define OP OP_ROW
#include "op_py313.def"
    },
#define OPMETA OP_META
#include "op_py313.def"
    cmp_py313, CMP_COUNT(cmp_py313)
};

static const char *const cmp_py314[] = {
#define CMPOP OP_CMP
#include "op_py314.def"
};
static const OpTable table_py314 = {
    PYV(3, 14),
    {
#define OP OP_ROW
#include "op_py314.def"
    },
#define OPMETA OP_META
#include "op_py314.def"
    cmp_py314, CMP_COUNT(cmp_py314)
};

const OpTable *opcode_table(PyVer ver)
{
    switch (ver) {
    case PYV(2, 7): return &table_py27;
    case PYV(3, 6): return &table_py36;
    case PYV(3, 7): return &table_py37;
    case PYV(3, 8): return &table_py38;
    case PYV(3, 9): return &table_py39;
    case PYV(3, 10): return &table_py310;
    case PYV(3, 11): return &table_py311;
    case PYV(3, 12): return &table_py312;
    case PYV(3, 13): return &table_py313;
    case PYV(3, 14): return &table_py314;
    default: return NULL;   /* 3.0-3.5: no interpreter to take tables from */
    }
}
