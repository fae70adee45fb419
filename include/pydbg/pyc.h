/* pyc.h — loading .pyc files: versions, the header, marshal, code objects.
 *
 * The loader turns the bytes of a .pyc (or a bare marshalled object) into an
 * immutable tree of PycObj values allocated in the PycFile's arena.  It knows
 * nothing of the VM's object model: the VM converts constants when it loads a
 * code object.  Everything is bounds-checked; the first error is reported
 * through a Diag with the byte offset where it was found.
 *
 * Versions are identified by PyVer = major * 100 + minor (207, 306 … 314),
 * always derived from the magic number, never from a string in the file.
 */
#ifndef PYDBG_PYC_H
#define PYDBG_PYC_H

#include "pydbg/base.h"

typedef int PyVer;
#define PYV(maj, min) ((maj) * 100 + (min))
#define PYV_MAJOR(v) ((v) / 100)
#define PYV_MINOR(v) ((v) % 100)

/* ---- versions and magic numbers --------------------------------------- */

typedef struct PycVersion {
    PyVer ver;
    uint16_t magic;        /* final-release magic (first two bytes, LE) */
    uint8_t header_size;   /* 8, 12 or 16 */
    uint8_t marshal_ver;   /* marshal format version used for pycs */
    const char *name;      /* "3.12" */
} PycVersion;

/* Information for a version pydbg knows (2.7, 3.0 … 3.14), or NULL. */
const PycVersion *pyc_version_info(PyVer ver);
/* Version of a final-release magic; 0 when unknown.  62212 (2.7 -U) → 2.7,
 * 3350 and 3351 → 3.5. */
PyVer pyc_version_from_magic(uint16_t magic);
/* Parse "3.12" / "2.7"; 0 when malformed or unknown. */
PyVer pyc_version_parse(const char *s);
/* Explain, as one diagnostic in d, a magic that pyc_version_from_magic()
 * does not accept: a pre-release of a known version, an unsupported Python
 * line, or an unknown value (naming the two nearest known versions). */
void pyc_magic_diag(uint16_t magic, Diag *d);

/* ---- marshalled values -------------------------------------------------- */

typedef enum PycKind {
    PYC_NULL = 0,     /* never appears in a finished tree */
    PYC_NONE, PYC_TRUE, PYC_FALSE, PYC_ELLIPSIS, PYC_STOPITER,
    PYC_INT,          /* small: v.i; big (v.big.digits != NULL): base-2**15 digits */
    PYC_FLOAT, PYC_COMPLEX,
    PYC_BYTES,        /* 3.x bytes; 2.x str ('s', 't', 'R') */
    PYC_STR,          /* 3.x str; 2.x unicode ('u') — UTF-8, lone surrogates
                         encoded as 3-byte sequences (surrogatepass) */
    PYC_TUPLE, PYC_LIST, PYC_DICT, PYC_SET, PYC_FROZENSET,
    PYC_SLICE,        /* 3.14 constant slices: items[0..2] = start, stop, step */
    PYC_CODE
} PycKind;

/* PycObj.flags */
#define PYCF_INTERNED 0x01   /* read as an interned string type */
#define PYCF_PY2LONG  0x02   /* 2.x 'l': a `long` (repr ends in L) */
#define PYCF_ASCII    0x04   /* string known to be pure ASCII */

typedef struct CodeObj CodeObj;
typedef struct PycObj PycObj;

struct PycObj {
    uint8_t kind;     /* PycKind */
    uint8_t flags;    /* PYCF_* */
    uint8_t type_code;/* the marshal type byte, FLAG_REF masked off */
    uint32_t len;     /* bytes/str: byte length; containers: item count;
                         dict: number of pairs; big int: number of digits */
    union {
        int64_t i;
        double f;
        struct { double re, im; } c;
        const char *s;        /* bytes/str: len bytes + a NUL */
        PycObj **items;       /* tuple/list/set/frozenset/slice; dict: k0,v0,k1,v1… */
        /* little-endian base 2**15.  `small_` overlays `i`, so `digits` never
         * shares storage with a small int's value: it is NULL for those. */
        struct { int64_t small_; const uint16_t *digits; int neg; } big;
        CodeObj *code;
    } v;
};

/* Shared immutable singletons (kind NONE/TRUE/FALSE/ELLIPSIS/STOPITER). */
extern PycObj pyc_none, pyc_true, pyc_false, pyc_ellipsis, pyc_stopiter;

/* Text of a PYC_STR or PYC_BYTES (2.x identifiers are BYTES); NULL otherwise. */
const char *pyc_text(const PycObj *o, uint32_t *len);
/* Item i of a tuple as text, or "" when out of range / not a string. */
const char *pyc_tuple_text(const PycObj *tuple, uint32_t i);

/* localsplus kinds (3.11+) */
#define CO_FAST_ARG_POS 0x02   /* 3.14 */
#define CO_FAST_ARG_KW  0x04   /* 3.14 */
#define CO_FAST_ARG_VAR 0x08   /* 3.14 */
#define CO_FAST_HIDDEN  0x10   /* 3.12+ */
#define CO_FAST_LOCAL   0x20
#define CO_FAST_CELL    0x40
#define CO_FAST_FREE    0x80

/* co_flags bits (the future-feature bits depend on the version; see pyc_flag_names) */
#define CO_OPTIMIZED          0x0001
#define CO_NEWLOCALS          0x0002
#define CO_VARARGS            0x0004
#define CO_VARKEYWORDS        0x0008
#define CO_NESTED             0x0010
#define CO_GENERATOR          0x0020
#define CO_NOFREE             0x0040
#define CO_COROUTINE          0x0080
#define CO_ITERABLE_COROUTINE 0x0100
#define CO_ASYNC_GENERATOR    0x0200

/* A code object as stored in the file.  For 3.11+ varnames/cellvars/freevars
 * and nlocals are derived from localsplus exactly as CPython derives them;
 * before 3.11 localsplusnames/kinds are NULL.  All tuples are PYC_TUPLE. */
struct CodeObj {
    PyVer ver;
    int32_t argcount, posonlyargcount, kwonlyargcount;
    int32_t nlocals, stacksize, flags, firstlineno;
    const uint8_t *code;             /* co_code, raw (caches included) */
    uint32_t codelen;
    PycObj *consts, *names, *varnames, *freevars, *cellvars;
    PycObj *localsplusnames;         /* 3.11+ */
    const uint8_t *localspluskinds;  /* 3.11+, one byte per localsplus name */
    PycObj *filename, *name, *qualname;   /* qualname: 3.11+, else NULL */
    const uint8_t *linetable;        /* co_lnotab (≤3.9) or co_linetable (3.10+) */
    uint32_t linetablelen;
    const uint8_t *exctable;         /* co_exceptiontable (3.11+), else NULL */
    uint32_t exctablelen;
    long file_offset;                /* offset of the type byte in the file */
    uint32_t index;                  /* pre-order index in the file's code tree */
};

/* ---- the file ------------------------------------------------------------ */

typedef struct PycFile {
    Arena arena;
    char *path;
    PyVer ver;
    const PycVersion *vinfo;
    int has_header;          /* 0 for a bare marshalled object */
    uint16_t magic;
    uint32_t header_size;
    uint32_t flags;          /* 3.7+ flags word */
    uint32_t mtime;          /* timestamp-based pycs */
    uint32_t source_size;    /* 3.3+ timestamp-based pycs */
    uint8_t source_hash[8];  /* hash-based pycs (flags bit 0) */
    PycObj *top;             /* the marshalled object */
    CodeObj *code;           /* top, when it is a code object */
    uint32_t ncode;          /* number of code objects in the tree */
    CodeObj **codes;         /* the ncode code objects in pre-order (pyc_code_list) */
    size_t size;             /* file size in bytes */
} PycFile;

/* Load a .pyc.  force_ver == 0: read the header and take the version from
 * the magic.  force_ver != 0: the file is a bare marshalled object (no
 * header) of that version.  NULL with d set on any error. */
PycFile *pyc_load_file(const char *path, PyVer force_ver, Diag *d);
PycFile *pyc_load_bytes(const unsigned char *data, size_t n, const char *path,
                        PyVer force_ver, Diag *d);
void pyc_free(PycFile *f);

/* Code objects of the tree in pre-order (the top first, then co_consts depth
 * first), as 3.7+'s dis recursion visits them.  Arena-allocated array. */
CodeObj **pyc_code_list(PycFile *f, uint32_t *n);

/* Marshal reader on its own (used by pyc_load_bytes, tests and fuzzers):
 * read one object from [data, data+n) for version ver.  *consumed receives
 * the number of bytes read.  Objects live in arena a. */
PycObj *marshal_read(const unsigned char *data, size_t n, PyVer ver, Arena *a,
                     size_t *consumed, Diag *d);

/* Limits that keep hostile input bounded. */
#define MARSHAL_MAX_DEPTH 2000

#endif
