/* mod_unicodedata.c — the `unicodedata` module of CPython 3.12 (Unicode 15.0.0).
 *
 * Property look-ups (category … numeric, decomposition), character names
 * both ways (name, lookup: aliases and named sequences included) and the
 * normalization forms NFC/NFD/NFKC/NFKD with is_normalized.  The data is
 * unicodedata_tables.c, generated from CPython 3.12 by
 * tools/gen_unicodedata_mod.py; this file only reads it.  Normalization is
 * the UAX #15 algorithm: full decomposition (Hangul syllables computed),
 * canonical ordering by combining class, then canonical composition from
 * the primary-composite pairs (Hangul L+V(+T) computed).  The UCD class
 * and ucd_3_2_0 (Unicode 3.2.0, used by IDNA) are left out.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

typedef struct UcdProp {
    uint8_t category, bidi, combining, mirror_eaw, decimal, digit, numeric;
} UcdProp;

typedef struct NameRange {
    uint32_t first, last;
    const char *prefix;
    int width;
} NameRange;

typedef struct NameAlias {
    const char *name;
    int len;
    uint32_t cps[4];
} NameAlias;

#include "src/native/unicodedata_tables.c"

#define SBASE 0xAC00u
#define LBASE 0x1100u
#define VBASE 0x1161u
#define TBASE 0x11A7u
#define LCOUNT 19u
#define VCOUNT 21u
#define TCOUNT 28u
#define NCOUNT (VCOUNT * TCOUNT)
#define SCOUNT (LCOUNT * NCOUNT)
#define NAME_MAXLEN 256

static const UcdProp *ucd_prop(uint32_t cp)
{
    if (cp > 0x10ffff) return &PROP_RECORDS[0];
    unsigned blk = PROP_INDEX1[cp >> PROP_SHIFT];
    return &PROP_RECORDS[PROP_INDEX2[(blk << PROP_SHIFT) + (cp & ((1u << PROP_SHIFT) - 1))]];
}

/* Offset into DECOMP_DATA (0: no decomposition). */
static unsigned ucd_decomp(uint32_t cp)
{
    if (cp >= DECOMP_LIMIT) return 0;
    unsigned blk = DECOMP_INDEX1[cp >> DECOMP_SHIFT];
    return DECOMP_INDEX2[(blk << DECOMP_SHIFT) + (cp & ((1u << DECOMP_SHIFT) - 1))];
}

/* ---- argument checks ---------------------------------------------------- */

/* Argument clinic names the type of a wrong argument, None as "None". */
static const char *arg_type_name(Obj *o)
{
    return o == NONE ? "None" : type_name(OBJ_TYPE(o));
}

/* The single-character argument: -1 with CPython's TypeError otherwise. */
static int64_t arg_char(Obj *o, const char *fname, bool numbered)
{
    if (STR_CHECK(o) && VAR_SIZE(o) == 1) return str_char(o, 0);
    vm_err_format(&exc_TypeError, "%s() argument %smust be a unicode character, not %s", fname,
                  numbered ? "1 " : "", arg_type_name(o));
    return -1;
}

static int64_t one_char(const char *fname, Obj *const *args, Ssize nargs, Obj *kw)
{
    char qual[64];
    snprintf(qual, sizeof qual, "unicodedata.%s", fname);
    if (mh_one_arg(qual, nargs, kw) < 0) return -1;
    return arg_char(args[0], fname, false);
}

/* ---- properties --------------------------------------------------------- */

static Obj *u_category(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    int64_t c = one_char("category", a, n, kw);
    return c < 0 ? NULL : str_from_cstr(CATEGORY_NAMES[ucd_prop((uint32_t)c)->category]);
}

static Obj *u_bidirectional(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    int64_t c = one_char("bidirectional", a, n, kw);
    return c < 0 ? NULL : str_from_cstr(BIDI_NAMES[ucd_prop((uint32_t)c)->bidi]);
}

static Obj *u_combining(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    int64_t c = one_char("combining", a, n, kw);
    return c < 0 ? NULL : int_from_i64(ucd_prop((uint32_t)c)->combining);
}

static Obj *u_mirrored(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    int64_t c = one_char("mirrored", a, n, kw);
    return c < 0 ? NULL : int_from_i64(ucd_prop((uint32_t)c)->mirror_eaw & 1);
}

static Obj *u_east_asian_width(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    int64_t c = one_char("east_asian_width", a, n, kw);
    return c < 0 ? NULL : str_from_cstr(EAW_NAMES[ucd_prop((uint32_t)c)->mirror_eaw >> 1]);
}

static Obj *u_decomposition(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    int64_t c = one_char("decomposition", a, n, kw);
    if (c < 0) return NULL;
    unsigned d = ucd_decomp((uint32_t)c);
    char buf[160];
    size_t len = 0;
    buf[0] = 0;
    if (d) {
        uint32_t head = DECOMP_DATA[d];
        const char *tag = DECOMP_TAGS[head >> 8];
        len = (size_t)snprintf(buf, sizeof buf, "%s", tag);
        for (unsigned i = 0; i < (head & 0xff) && len < sizeof buf - 12; i++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%04X", len ? " " : "",
                                    (unsigned)DECOMP_DATA[d + 1 + i]);
    }
    return str_from_cstr(buf);
}

/* decimal/digit/numeric(chr[, default]); which 0, 1, 2. */
static Obj *number_of(const char *fname, Obj *const *a, Ssize n, Obj *kw, int which)
{
    char qual[64];
    snprintf(qual, sizeof qual, "unicodedata.%s", fname);
    if (mh_pos_args(qual, fname, n, kw, 1, 2) < 0) return NULL;
    int64_t c = arg_char(a[0], fname, true);
    if (c < 0) return NULL;
    const UcdProp *p = ucd_prop((uint32_t)c);
    if (which == 0 && p->decimal != 255) return int_from_i64(p->decimal);
    if (which == 1 && p->digit != 255) return int_from_i64(p->digit);
    if (which == 2 && p->numeric) return float_from_double(NUMERIC_VALUES[p->numeric]);
    if (n == 2) return INCREF(a[1]);
    static const char *const msg[] = {"not a decimal", "not a digit", "not a numeric character"};
    vm_err_set_str(&exc_ValueError, msg[which]);
    return NULL;
}

static Obj *u_decimal(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return number_of("decimal", a, n, kw, 0);
}

static Obj *u_digit(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return number_of("digit", a, n, kw, 1);
}

static Obj *u_numeric(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return number_of("numeric", a, n, kw, 2);
}

/* ---- names -------------------------------------------------------------- */

/* Writes cp's name into buf (NUL-terminated); its length, 0 when unnamed. */
static size_t name_of(uint32_t cp, char buf[NAME_MAXLEN + 1])
{
    if (cp >= SBASE && cp < SBASE + SCOUNT) {
        uint32_t s = cp - SBASE;
        return (size_t)snprintf(buf, NAME_MAXLEN + 1, "HANGUL SYLLABLE %s%s%s", HANGUL_L[s / NCOUNT],
                                HANGUL_V[(s % NCOUNT) / TCOUNT], HANGUL_T[s % TCOUNT]);
    }
    for (size_t i = 0; i < sizeof NAME_RANGES / sizeof NAME_RANGES[0]; i++)
        if (cp >= NAME_RANGES[i].first && cp <= NAME_RANGES[i].last)
            return (size_t)snprintf(buf, NAME_MAXLEN + 1, "%s%0*X", NAME_RANGES[i].prefix,
                                    NAME_RANGES[i].width, (unsigned)cp);
    uint32_t blk = cp >> 6;
    size_t lo = 0, hi = NAME_NBLOCKS;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (NAME_BLOCK_IDS[mid] < blk) lo = mid + 1;
        else hi = mid;
    }
    if (lo == NAME_NBLOCKS || NAME_BLOCK_IDS[lo] != blk) return 0;
    uint64_t mask = NAME_BLOCK_MASKS[lo];
    unsigned bit = cp & 63;
    if (!((mask >> bit) & 1)) return 0;
    const uint8_t *p = NAME_BOOK + NAME_BLOCK_OFFSETS[lo];
    for (uint64_t before = mask & ((UINT64_C(1) << bit) - 1); before; before &= before - 1)
        p += 1 + p[0];
    size_t len = 0;
    const uint8_t *end = p + 1 + p[0];
    for (p++; p < end;) {
        unsigned w = *p++;
        if (w >= NAME_SINGLE) w = NAME_SINGLE + ((w - NAME_SINGLE) << 8) + *p++;
        const char *word = LEXICON + LEXICON_OFFSETS[w];
        size_t wl = LEXICON_OFFSETS[w + 1] - LEXICON_OFFSETS[w] - 1;
        if (len) buf[len++] = ' ';
        if (len + wl > NAME_MAXLEN) break;
        memcpy(buf + len, word, wl);
        len += wl;
    }
    buf[len] = 0;
    return len;
}

static Obj *u_name(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("unicodedata.name", "name", n, kw, 1, 2) < 0) return NULL;
    int64_t c = arg_char(a[0], "name", true);
    if (c < 0) return NULL;
    char buf[NAME_MAXLEN + 1];
    if (name_of((uint32_t)c, buf)) return str_from_cstr(buf);
    if (n == 2) return INCREF(a[1]);
    vm_err_set_str(&exc_ValueError, "no such name");
    return NULL;
}

static int ascii_upper(int c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

static bool eq_nocase(const char *a, size_t alen, const char *b)
{
    size_t i = 0;
    for (; i < alen && b[i]; i++)
        if (ascii_upper((unsigned char)a[i]) != ascii_upper((unsigned char)b[i])) return false;
    return i == alen && !b[i];
}

static uint32_t hash_nocase(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (uint32_t)ascii_upper((unsigned char)s[i])) * 16777619u;
    return h;
}

/* Stored names -> code point, built on the first lookup(): open addressing,
 * entries cp + 1 (0 empty). */
#define NAME_HASH_SIZE 65536u
static uint32_t *name_hash;

static int name_hash_build(void)
{
    name_hash = calloc(NAME_HASH_SIZE, sizeof *name_hash);
    if (!name_hash) {
        vm_err_set_str(&exc_MemoryError, "");
        return -1;
    }
    char buf[NAME_MAXLEN + 1];
    for (size_t b = 0; b < NAME_NBLOCKS; b++)
        for (unsigned bit = 0; bit < 64; bit++) {
            if (!((NAME_BLOCK_MASKS[b] >> bit) & 1)) continue;
            uint32_t cp = ((uint32_t)NAME_BLOCK_IDS[b] << 6) | bit;
            size_t len = name_of(cp, buf);
            uint32_t h = hash_nocase(buf, len) & (NAME_HASH_SIZE - 1);
            while (name_hash[h]) h = (h + 1) & (NAME_HASH_SIZE - 1);
            name_hash[h] = cp + 1;
        }
    return 0;
}

/* Hangul short names: the longest match among `count` names, case-sensitive
 * as CPython compares them; -1 when none (the empty name always matches). */
static int find_jamo(const char **pos, const char *end, const char *const *names, int count)
{
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < count; i++) {
        size_t l = strlen(names[i]);
        if (best >= 0 && l <= best_len) continue;
        if ((size_t)(end - *pos) >= l && memcmp(*pos, names[i], l) == 0) {
            best = i;
            best_len = l;
        }
    }
    if (best >= 0) *pos += best_len;
    return best;
}

static int hexval(int c, bool upper_only)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (!upper_only && c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Name -> code points (1, or several for a named sequence); 0 when unknown. */
static int code_of(const char *name, size_t len, uint32_t out[4])
{
    if (len >= 16 && memcmp(name, "HANGUL SYLLABLE ", 16) == 0) {   /* case matters here */
        const char *p = name + 16, *end = name + len;
        int l = find_jamo(&p, end, HANGUL_L, LCOUNT);
        int v = find_jamo(&p, end, HANGUL_V, VCOUNT);
        int t = find_jamo(&p, end, HANGUL_T, TCOUNT);
        if (l < 0 || v < 0 || t < 0 || p != end) return 0;
        out[0] = SBASE + ((uint32_t)l * VCOUNT + (uint32_t)v) * TCOUNT + (uint32_t)t;
        return 1;
    }
    for (size_t i = 0; i < sizeof NAME_RANGES / sizeof NAME_RANGES[0]; i++) {
        const NameRange *r = &NAME_RANGES[i];
        size_t pl = strlen(r->prefix);
        /* CJK unified ideographs are recognised by rule (upper case, 4 or
         * 5 hex digits); the other ranges match like stored names. */
        bool unified = strcmp(r->prefix, "CJK UNIFIED IDEOGRAPH-") == 0;
        if (len <= pl || !(unified ? memcmp(name, r->prefix, pl) == 0 : eq_nocase(name, pl, r->prefix)))
            continue;
        size_t nd = len - pl;
        if (unified ? (nd != 4 && nd != 5) : nd != (size_t)r->width) continue;
        uint32_t v = 0;
        size_t k;
        for (k = pl; k < len; k++) {
            int h = hexval((unsigned char)name[k], unified);
            if (h < 0) break;
            v = v * 16 + (uint32_t)h;
        }
        if (k != len) continue;
        for (size_t j = 0; j < sizeof NAME_RANGES / sizeof NAME_RANGES[0]; j++)
            if (strcmp(NAME_RANGES[j].prefix, r->prefix) == 0 && v >= NAME_RANGES[j].first &&
                v <= NAME_RANGES[j].last) {
                out[0] = v;
                return 1;
            }
        if (unified) return 0;
    }
    if (!name_hash && name_hash_build() < 0) return -1;
    char buf[NAME_MAXLEN + 1];
    for (uint32_t h = hash_nocase(name, len) & (NAME_HASH_SIZE - 1); name_hash[h];
         h = (h + 1) & (NAME_HASH_SIZE - 1)) {
        uint32_t cp = name_hash[h] - 1;
        size_t l = name_of(cp, buf);
        if (l == len && eq_nocase(name, len, buf)) {
            out[0] = cp;
            return 1;
        }
    }
    for (size_t i = 0; i < sizeof NAME_ALIASES / sizeof NAME_ALIASES[0]; i++)
        if (eq_nocase(name, len, NAME_ALIASES[i].name)) {
            memcpy(out, NAME_ALIASES[i].cps, sizeof NAME_ALIASES[i].cps);
            return NAME_ALIASES[i].len;
        }
    return 0;
}

static Obj *u_lookup(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("unicodedata.lookup", n, kw) < 0) return NULL;
    const char *name;
    Ssize len;
    if (STR_CHECK(a[0])) {
        name = str_utf8(a[0], &len);
        if (!name) return NULL;
    } else if (BYTES_CHECK(a[0])) {
        name = (const char *)BYTES_DATA(a[0]);
        len = VAR_SIZE(a[0]);
    } else if (IS_TYPE(a[0], bytearray_type)) {
        vm_err_format(&exc_TypeError, "lookup() argument must be read-only bytes-like object, not %s",
                      type_name(OBJ_TYPE(a[0])));
        return NULL;
    } else {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'",
                      type_name(OBJ_TYPE(a[0])));
        return NULL;
    }
    if (len > NAME_MAXLEN) {
        vm_err_set_str(&exc_KeyError, "name too long");
        return NULL;
    }
    uint32_t cps[4];
    int k = code_of(name, (size_t)len, cps);
    if (k < 0) return NULL;
    if (k == 0) {
        /* CPython formats the name as a C string: it stops at a NUL. */
        vm_err_format(&exc_KeyError, "undefined character name '%s'", name);
        return NULL;
    }
    return str_from_ucs4(cps, k);
}

/* ---- normalization ------------------------------------------------------ */

typedef struct CpBuf {
    uint32_t *p;
    size_t n, cap;
} CpBuf;

static int buf_push(CpBuf *b, uint32_t c)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        uint32_t *p = realloc(b->p, cap * sizeof *p);
        if (!p) {
            vm_err_set_str(&exc_MemoryError, "");
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    b->p[b->n++] = c;
    return 0;
}

static int decompose_into(CpBuf *b, uint32_t c, bool compat)
{
    if (c >= SBASE && c < SBASE + SCOUNT) {
        uint32_t s = c - SBASE;
        if (buf_push(b, LBASE + s / NCOUNT) < 0 || buf_push(b, VBASE + (s % NCOUNT) / TCOUNT) < 0)
            return -1;
        return s % TCOUNT ? buf_push(b, TBASE + s % TCOUNT) : 0;
    }
    unsigned d = ucd_decomp(c);
    if (d && (compat || (DECOMP_DATA[d] >> 8) == 0)) {
        unsigned cnt = DECOMP_DATA[d] & 0xff;
        for (unsigned i = 0; i < cnt; i++)
            if (decompose_into(b, DECOMP_DATA[d + 1 + i], compat) < 0) return -1;
        return 0;
    }
    return buf_push(b, c);
}

static uint32_t compose_pair(uint32_t a, uint32_t b)
{
    if (a >= LBASE && a < LBASE + LCOUNT && b >= VBASE && b < VBASE + VCOUNT)
        return SBASE + ((a - LBASE) * VCOUNT + (b - VBASE)) * TCOUNT;
    if (a >= SBASE && a < SBASE + SCOUNT && (a - SBASE) % TCOUNT == 0 && b > TBASE &&
        b < TBASE + TCOUNT)
        return a + (b - TBASE);
    size_t lo = 0, hi = sizeof COMPOSE_PAIRS / sizeof COMPOSE_PAIRS[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const uint32_t *e = COMPOSE_PAIRS[mid];
        if (e[0] < a || (e[0] == a && e[1] < b)) lo = mid + 1;
        else hi = mid;
    }
    if (lo < sizeof COMPOSE_PAIRS / sizeof COMPOSE_PAIRS[0] && COMPOSE_PAIRS[lo][0] == a &&
        COMPOSE_PAIRS[lo][1] == b)
        return COMPOSE_PAIRS[lo][2];
    return 0;
}

/* The normalized form of s into b. */
static int normalize_into(CpBuf *b, Obj *s, bool compat, bool compose)
{
    Ssize n = VAR_SIZE(s);
    for (Ssize i = 0; i < n; i++)
        if (decompose_into(b, str_char(s, i), compat) < 0) return -1;
    /* Canonical ordering: a stable insertion sort of each run of non-starters. */
    for (size_t i = 1; i < b->n; i++) {
        uint32_t c = b->p[i];
        unsigned cc = ucd_prop(c)->combining;
        if (!cc) continue;
        size_t j = i;
        while (j > 0) {
            unsigned pc = ucd_prop(b->p[j - 1])->combining;
            if (pc <= cc) break;
            b->p[j] = b->p[j - 1];
            j--;
        }
        b->p[j] = c;
    }
    if (!compose || !b->n) return 0;
    /* Canonical composition: each character joins the last starter unless
     * blocked by a character of class 0 or of a class >= its own. */
    size_t starter = 0, out = 1;
    unsigned last = ucd_prop(b->p[0])->combining ? 256 : 0;
    bool have_starter = last == 0;
    for (size_t i = 1; i < b->n; i++) {
        uint32_t c = b->p[i];
        unsigned cc = ucd_prop(c)->combining;
        if (have_starter && (last < cc || last == 0)) {
            uint32_t comp = compose_pair(b->p[starter], c);
            if (comp) {
                b->p[starter] = comp;
                continue;
            }
        }
        if (cc == 0) {
            starter = out;
            have_starter = true;
        }
        last = cc;
        b->p[out++] = c;
    }
    b->n = out;
    return 0;
}

/* form -> 0 NFC, 1 NFKC, 2 NFD, 3 NFKD; -1 with the exception. */
static int parse_form(const char *fname, Obj *const *a, Ssize n, Obj *kw)
{
    char qual[64];
    snprintf(qual, sizeof qual, "unicodedata.%s", fname);
    if (mh_pos_args(qual, fname, n, kw, 2, 2) < 0) return -1;
    for (int i = 0; i < 2; i++)
        if (!STR_CHECK(a[i])) {
            vm_err_format(&exc_TypeError, "%s() argument %d must be str, not %s", fname, i + 1,
                          arg_type_name(a[i]));
            return -1;
        }
    static const char *const forms[] = {"NFC", "NFKC", "NFD", "NFKD"};
    for (int i = 0; i < 4; i++)
        if (str_eq_cstr(a[0], forms[i])) return i;
    vm_err_set_str(&exc_ValueError, "invalid normalization form");
    return -1;
}

static bool buf_equals(const CpBuf *b, Obj *s)
{
    if ((size_t)VAR_SIZE(s) != b->n) return false;
    for (size_t i = 0; i < b->n; i++)
        if (str_char(s, (Ssize)i) != b->p[i]) return false;
    return true;
}

static Obj *u_normalize(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    int form = parse_form("normalize", a, n, kw);
    if (form < 0) return NULL;
    CpBuf b = {NULL, 0, 0};
    Obj *r = NULL;
    if (normalize_into(&b, a[1], form & 1, form < 2) == 0)
        r = buf_equals(&b, a[1]) ? INCREF(a[1]) : str_from_ucs4(b.p, (Ssize)b.n);
    free(b.p);
    return r;
}

static Obj *u_is_normalized(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    int form = parse_form("is_normalized", a, n, kw);
    if (form < 0) return NULL;
    CpBuf b = {NULL, 0, 0};
    Obj *r = NULL;
    if (normalize_into(&b, a[1], form & 1, form < 2) == 0) r = bool_from(buf_equals(&b, a[1]));
    free(b.p);
    return r;
}

static const MethodDef unicodedata_methods[] = {
    {"decimal", u_decimal, METH_FAST,
     "Converts a Unicode character into its equivalent decimal value."},
    {"digit", u_digit, METH_FAST, "Converts a Unicode character into its equivalent digit value."},
    {"numeric", u_numeric, METH_FAST,
     "Converts a Unicode character into its equivalent numeric value."},
    {"category", u_category, METH_FAST,
     "Returns the general category assigned to the character chr as string."},
    {"bidirectional", u_bidirectional, METH_FAST,
     "Returns the bidirectional class assigned to the character chr as string."},
    {"combining", u_combining, METH_FAST,
     "Returns the canonical combining class assigned to the character chr as integer."},
    {"mirrored", u_mirrored, METH_FAST,
     "Returns the mirrored property assigned to the character chr as integer."},
    {"east_asian_width", u_east_asian_width, METH_FAST,
     "Returns the east asian width assigned to the character chr as string."},
    {"decomposition", u_decomposition, METH_FAST,
     "Returns the character decomposition mapping assigned to the character chr as string."},
    {"is_normalized", u_is_normalized, METH_FAST,
     "Return whether the Unicode string unistr is in the normal form 'form'."},
    {"normalize", u_normalize, METH_FAST,
     "Return the normal form 'form' for the Unicode string unistr."},
    {"name", u_name, METH_FAST, "Returns the name assigned to the character chr as a string."},
    {"lookup", u_lookup, METH_FAST, "Look up character by name."},
    {NULL, NULL, 0, NULL},
};

static Obj *unicodedata_init(void)
{
    Obj *m = mh_module("unicodedata", unicodedata_methods);
    if (!m) return NULL;
    if (mh_add_str(m, "unidata_version", "15.0.0") < 0 ||
        mh_add_str(m, "__doc__",
                   "This module provides access to the Unicode Character Database which\n"
                   "defines character properties for all Unicode characters. The data in\n"
                   "this database is based on the UnicodeData.txt file version\n"
                   "15.0.0 which is publicly available from ftp://ftp.unicode.org/.\n\n"
                   "The module uses the same names and symbols as defined by the\n"
                   "UnicodeData File Format 15.0.0.") < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_unicodedata_register(void)
{
    import_register_native("unicodedata", unicodedata_init);
}
