/* types.h — the concrete builtin types: layouts and C constructors/accessors.
 *
 * Ownership as in obj.h (borrowed in, new out) unless the name says
 * `_borrow` (returns a borrowed reference) or `_steal` (takes over the
 * reference of the argument it names).  One file in src/obj/ per type.
 */
#ifndef PYDBG_TYPES_H
#define PYDBG_TYPES_H

#include <gmp.h>

#include "pydbg/obj.h"

/* ---- int / bool (int.c, bool.c) ---------------------------------------
 * An int is a machine word when it fits (big == false), else a GMP mpz.
 * -5..256 are cached, so `is` behaves as in CPython.  bool is an int
 * subclass with the two singletons. */
typedef struct IntObj {
    Obj base;
    bool big;
    int64_t v;          /* valid when !big */
    mpz_t z;            /* valid when big; always normalised back to v when it fits */
} IntObj;

extern IntObj true_obj, false_obj;  /* the bool singletons (bool.c) */
#define TRUE_ ((Obj *)&true_obj)
#define FALSE_ ((Obj *)&false_obj)
static inline Obj *bool_from(bool b) { return incref(b ? TRUE_ : FALSE_); }

Obj *int_from_i64(int64_t v);
Obj *int_from_u64(uint64_t v);
Obj *int_from_mpz(const mpz_t z);       /* copies */
Obj *int_from_double(double d);         /* truncates; OverflowError/ValueError for inf/nan */
Obj *int_from_str(const char *s, Ssize len, int base);   /* int('…', base) rules */
Obj *int_from_digits15(const uint16_t *d, Ssize n, bool neg);   /* marshal digits */
/* Value as int64; -1 with OverflowError when it does not fit. */
int int_as_i64(Obj *o, int64_t *out);
bool int_fits_i64(Obj *o);
void int_to_mpz(Obj *o, mpz_t out);     /* out must be mpz_init'ed */
double int_as_double(Obj *o, int *overflow);
int int_sign(Obj *o);
Obj *int_to_decimal_str(Obj *o);        /* str(int), with the 4300-digit limit */
Hash int_hash(Obj *o);
/* The int<->decimal str digit limit: sys.get/set_int_max_str_digits (0: none). */
#define INT_DEFAULT_MAX_STR_DIGITS 4300
#define INT_MIN_MAX_STR_DIGITS 640
extern int int_max_str_digits;
int int_set_max_str_digits(int64_t n);  /* ValueError "maxdigits must be 0 or larger than 640" */
int int_check_str_digits(Obj *o);       /* -1 + ValueError when str(o) would exceed the limit */
void int_format_abs(Obj *o, int base, SBuf *out);   /* digits of |o|, base 2/8/10/16, lower case */

/* ---- float / complex (float.c, complex.c) ------------------------------ */
typedef struct FloatObj { Obj base; double v; } FloatObj;
typedef struct ComplexObj { Obj base; double re, im; } ComplexObj;
Obj *float_from_double(double v);
static inline double float_value(Obj *o) { return ((FloatObj *)o)->v; }
/* float(o) value for int/float/__float__/__index__; -1.0 + exception on error
 * (check vm_err_occurred). */
double float_as_double(Obj *o);
Obj *complex_from_doubles(double re, double im);
Hash float_hash_double(double v);
/* The longest float literal at the start of s[0..n) (ASCII, underscores
 * already removed): optional sign, digits with an optional '.', optional
 * exponent, or inf/infinity/nan in any case.  Returns the length (0: none)
 * and the correctly rounded value in *out. */
Ssize float_parse_prefix(const char *s, Ssize n, double *out);
/* format(value, spec) for int, bool, float and complex (and subclasses):
 * the format-spec mini-language exactly as 3.12 (numformat.c). */
Obj *num_format(Obj *value, Obj *spec);

/* ---- str (str.c, strformat.c) -------------------------------------------
 * PEP 393 storage: kind 1 (latin-1), 2 (UCS-2) or 4 (UCS-4) bytes per code
 * point, NUL-terminated; `ascii` when every code point < 128.  The UTF-8
 * form is cached on first use (for printing, hashing is on code points as
 * CPython hashes the canonical storage). */
typedef struct StrObj {
    VarObj base;         /* size = number of code points */
    Hash hash;           /* -1 until computed */
    uint8_t kind;        /* 1, 2, 4 */
    bool ascii;
    bool interned;
    /* An ASCII str's code points follow at once (40 bytes of header, as
     * CPython's compact ASCII strings); a non-ASCII str first has one
     * pointer, its cached UTF-8 (STR_UTF8), then kind * (size + 1) bytes
     * of code points.  The cached UTF-8's byte length is stored just before
     * its first byte (STR_UTF8_LEN). */
} StrObj;

#define STR_UTF8(o) (*(char **)((StrObj *)(o) + 1))   /* non-ASCII strs only */
#define STR_DATA(o) \
    ((void *)((char *)((StrObj *)(o) + 1) + (((StrObj *)(o))->ascii ? 0 : sizeof(char *))))
#define STR_UTF8_LEN(o) (((const Ssize *)STR_UTF8(o))[-1])
static inline uint32_t str_char(Obj *o, Ssize i)
{
    StrObj *s = (StrObj *)o;
    switch (s->kind) {
    case 1: return ((const uint8_t *)STR_DATA(o))[i];
    case 2: return ((const uint16_t *)STR_DATA(o))[i];
    default: return ((const uint32_t *)STR_DATA(o))[i];
    }
}
Obj *str_from_utf8(const char *s, Ssize len);      /* surrogates allowed (surrogatepass) */
Obj *str_from_cstr(const char *s);
Obj *str_from_ucs4(const uint32_t *cps, Ssize n);
Obj *str_from_fmt(const char *fmt, ...);           /* printf formats + %R %S (Obj repr/str) %T (type name) */
Obj *str_intern_cstr(const char *s);               /* interned: same object for same text */
void str_intern_inplace(Obj **p);
/* UTF-8 of a str (cached; valid while the str lives).  NULL + UnicodeEncodeError
 * only for lone surrogates when strict. */
const char *str_utf8(Obj *o, Ssize *len);
const char *str_utf8_lossy(Obj *o, Ssize *len);   /* surrogates as-is (never fails) */
bool str_eq_cstr(Obj *o, const char *s);
bool str_eq(Obj *a, Obj *b);
Obj *str_concat(Obj *a, Obj *b);
/* a + b for the eval loop's `s += t` / `s = s + t` when a's only reference
 * is the caller's (exact, not interned str a, exact str b): a is grown in
 * place when its layout allows, as CPython's in-place concatenation does,
 * so a loop appending to a string is linear.  Consumes the reference to a;
 * returns the result, or NULL with an exception (a released). */
Obj *str_append_inplace(Obj *a, Obj *b);
Obj *str_join(Obj *sep, Obj *iterable);
Obj *str_substr(Obj *o, Ssize start, Ssize end);
Hash str_hash(Obj *o);
Obj *str_repr(Obj *o);
/* Format-spec mini-language, %-formatting, str.format (strformat.c). */
Obj *str_format_spec(Obj *value, Obj *spec);        /* format(value, spec) for builtin types */
Obj *str_percent_format(Obj *fmt, Obj *args);       /* fmt % args */
Obj *str_build(Obj *const *pieces, Ssize n);        /* BUILD_STRING */
/* More str constructors and helpers (str.c). */
Obj *str_from_vfmt(const char *fmt, va_list ap);   /* str_from_fmt's engine */
Obj *str_from_latin1(const unsigned char *s, Ssize n);
Obj *str_from_char(uint32_t cp);                   /* chr(cp); cp <= 0x10ffff */
/* A str from ASCII text that is a new object even for one character (the
 * empty string stays shared): 3.12's marshal makes ASCII constants this way,
 * so a one-character constant is not chr()'s cached object. */
Obj *str_new_ascii(const char *s, Ssize n);
int str_compare(Obj *a, Obj *b);                   /* <0, 0, >0 by code points */
bool str_isidentifier(Obj *s);
/* bytes.decode / str.encode with a codec name and error handler name
 * (utf-8, ascii, latin-1, utf-16/32 families and their aliases; strict,
 * ignore, replace, surrogateescape, surrogatepass, backslashreplace,
 * xmlcharrefreplace).  NULL names mean "utf-8" / "strict". */
Obj *str_decode(const void *p, Ssize n, const char *encoding, const char *errors);
Obj *str_encode(Obj *s, const char *encoding, const char *errors);
/* For int()/float()/complex() of a str: non-ASCII decimal digits become
 * '0'..'9' and Unicode white space ' '; at the first other non-ASCII
 * character the result ends with '?'.  Returns an ASCII str. */
Obj *str_to_decimal_ascii(Obj *s);

/* The Unicode character database of CPython 3.12 (unicodedata.c, generated
 * by tools/gen_unicodedata.py from the interpreter's own answers). */
enum {
    UCD_ALPHA = 1u << 0, UCD_DECIMAL = 1u << 1, UCD_DIGIT = 1u << 2,
    UCD_NUMERIC = 1u << 3, UCD_SPACE = 1u << 4, UCD_LOWER = 1u << 5,
    UCD_UPPER = 1u << 6, UCD_TITLE = 1u << 7, UCD_CASED = 1u << 8,
    UCD_CASE_IGNORABLE = 1u << 9, UCD_XID_START = 1u << 10,
    UCD_XID_CONTINUE = 1u << 11, UCD_PRINTABLE = 1u << 12,
    UCD_LINEBREAK = 1u << 13,
    UCD_EXTCASE = 1u << 14        /* internal: mappings in the extended table */
};
unsigned ucd_flags(uint32_t cp);
int ucd_decimal(uint32_t cp);                 /* 0..9, or -1 */
/* Full case mappings (SpecialCasing included): 1..3 code points in out. */
int ucd_to_upper(uint32_t cp, uint32_t out[3]);
int ucd_to_lower(uint32_t cp, uint32_t out[3]);   /* no final-sigma context */
int ucd_to_title(uint32_t cp, uint32_t out[3]);
int ucd_to_fold(uint32_t cp, uint32_t out[3]);

/* ---- bytes / bytearray (bytes.c, bytearray.c) -------------------------- */
typedef struct BytesObj {
    VarObj base;          /* size = number of bytes */
    Hash hash;
    /* bytes follow, NUL-terminated */
} BytesObj;
#define BYTES_DATA(o) ((unsigned char *)((BytesObj *)(o) + 1))
typedef struct ByteArrayObj {
    VarObj base;
    Ssize alloc;
    unsigned char *data;
    Ssize exports;
} ByteArrayObj;
Obj *bytes_from(const void *p, Ssize n);
Obj *bytearray_from(const void *p, Ssize n);

/* ---- tuple / list (tuple.c, list.c, listsort.c) ------------------------ */
typedef struct TupleObj { VarObj base; Hash hash; Obj *items[]; } TupleObj;
typedef struct ListObj { VarObj base; Obj **items; Ssize alloc; } ListObj;
#define TUPLE_ITEMS(o) (((TupleObj *)(o))->items)
#define TUPLE_LEN(o) VAR_SIZE(o)
#define LIST_ITEMS(o) (((ListObj *)(o))->items)
#define LIST_LEN(o) VAR_SIZE(o)
Obj *tuple_new(Ssize n);                    /* items NULL; fill with TUPLE_ITEMS */
Obj *tuple_from_array(Obj *const *v, Ssize n);   /* increfs */
Obj *tuple_pack(Ssize n, ...);              /* increfs */
Obj *list_new(Ssize n);                     /* n NULL items to fill */
Obj *list_from_array(Obj *const *v, Ssize n);
int list_append(Obj *list, Obj *item);
int list_extend(Obj *list, Obj *iterable);
Obj *list_as_tuple(Obj *list);
Obj *seq_to_tuple(Obj *iterable);           /* tuple(iterable) */
Obj *seq_to_list(Obj *iterable);            /* list(iterable) */
int list_sort(Obj *list, Obj *key, bool reverse);   /* stable, CPython's timsort results */
Obj *tuple_slice(Obj *t, Ssize lo, Ssize hi);   /* t[lo:hi] (clamped); t itself when whole */
Hash tuple_hash(Obj *t);
Obj *list_slice(Obj *list, Ssize lo, Ssize hi); /* list(l[lo:hi]) (clamped) */
int list_insert(Obj *list, Ssize where, Obj *item);   /* list.insert semantics */
int list_set_slice(Obj *list, Ssize lo, Ssize hi, Obj *v);   /* l[lo:hi] = v; v NULL: del */
int list_reverse(Obj *list);
/* PySequence_Fast: an exact list or tuple as is (new ref), else list(o);
 * TypeError(msg) when o is not iterable. */
Obj *seq_fast(Obj *o, const char *msg);
extern TypeObj tuple_iter_type, list_iter_type, list_reviter_type;
/* Py_ReprEnter / Py_ReprLeave (list.c): 1 when o's repr is already in
 * progress (print "[...]"), 0 after entering, -1 on error. */
int repr_enter(Obj *o);
void repr_leave(Obj *o);
/* The trashcan (list.c): a dealloc of a nestable container starts with
 * `int t = trash_begin(o, this_dealloc); if (t > 0) return;` and ends with
 * `if (t == 0) trash_end();`.  Past 50 nested deallocs o is parked and
 * released later, so freeing deep structures does not exhaust the C
 * stack.  -1: o's type has another dealloc (a subclass): not parked. */
int trash_begin(Obj *o, DestructorFn dealloc);
void trash_end(void);
/* Py_RETURN_RICHCOMPARE for two sizes. */
static inline Obj *ssize_richcompare(Ssize a, Ssize b, int op)
{
    bool r = op == CMP_LT ? a < b : op == CMP_LE ? a <= b : op == CMP_EQ ? a == b
           : op == CMP_NE ? a != b : op == CMP_GT ? a > b : a >= b;
    return bool_from(r);
}
/* Has __index__ (CPython's _PyIndex_Check). */
static inline bool index_check(Obj *o)
{
    NumberMethods *nb = OBJ_TYPE(o)->as_number;
    return nb && nb->index;
}

/* ---- dict (dict.c) ---------------------------------------------------------
 * Insertion-ordered hash table; growth and iteration as CPython's. */
Obj *dict_new(void);
Obj *dict_get_borrow(Obj *d, Obj *key);          /* NULL: missing or error (check vm_err_occurred) */
/* LOAD_GLOBAL's inline cache (one per instruction): where `name` was last
 * found, so a hit costs a few compares instead of two hash lookups.  A hit
 * is checked against the dicts' current state (the entry must still hold
 * this very name; a builtin also needs the globals to have had no key
 * added since), so no dict mutation can make it stale.  Zero-initialise. */
typedef struct GlobalCache {
    const void *globals, *gkeys, *builtins;
    uint64_t ggen;
    Ssize gnentries;
    Ssize ix;          /* entry index in globals, or in builtins when in_builtins */
    bool in_builtins;
} GlobalCache;
/* globals[name], else builtins[name] (both exact dicts), borrowed; NULL when
 * in neither (no exception) or on error (exception set). */
Obj *dict_load_global(Obj *globals, Obj *builtins, Obj *name, GlobalCache *c);
Obj *dict_get_str_borrow(Obj *d, const char *key);
Obj *dict_get_known_hash_borrow(Obj *d, Obj *key, Hash h);
int dict_set(Obj *d, Obj *key, Obj *value);
int dict_set_str(Obj *d, const char *key, Obj *value);
int dict_del(Obj *d, Obj *key);                  /* KeyError when missing */
int dict_pop_opt(Obj *d, Obj *key, Obj **out);   /* 1 found (*out new ref), 0 missing */
Ssize dict_len(Obj *d);
/* Iterate: pos starts at 0; returns 0 at the end. Borrowed key/value. */
int dict_next(Obj *d, Ssize *pos, Obj **key, Obj **value);
int dict_update(Obj *d, Obj *other);             /* dict.update(other) */
/* PyDict_Merge(d, other): on_dup 0 overwrite, 1 keep the old value, 2 raise
 * KeyError(key) for a key already in d (DICT_MERGE turns that into the
 * "got multiple values for keyword argument" TypeError). */
int dict_merge(Obj *d, Obj *other, int on_dup);
Obj *dict_copy(Obj *d);
Obj *dict_keys_list(Obj *d);
Obj *dict_values_list(Obj *d);
Obj *dict_items_list(Obj *d);                    /* list of (key, value) tuples */
/* {} sized for n items (BUILD_MAP); unicode: all keys will be exact str. */
Obj *dict_new_presized(Ssize n, bool unicode);
/* BUILD_MAP / BUILD_CONST_KEY_MAP: keys[i*kstride], values[i*vstride]. */
Obj *dict_from_items(Obj *const *keys, Ssize kstride, Obj *const *values, Ssize vstride, Ssize n);
int dict_contains(Obj *d, Obj *key);             /* 1/0/-1 */
int dict_contains_known_hash(Obj *d, Obj *key, Hash h);
int dict_set_known_hash(Obj *d, Obj *key, Hash h, Obj *value);
Obj *dict_setdefault(Obj *d, Obj *key, Obj *dflt);   /* dict.setdefault: new ref */
void dict_clear(Obj *d);
/* dict_next that also gives the stored hash (any out pointer may be NULL). */
int dict_next_hash(Obj *d, Ssize *pos, Obj **key, Obj **value, Hash *hash);
void dict_key_error(Obj *key);                   /* raise KeyError(key), key as the only arg */
extern TypeObj dict_keys_type, dict_values_type, dict_items_type;
extern TypeObj dict_keyiter_type, dict_valueiter_type, dict_itemiter_type;
extern TypeObj dict_revkeyiter_type, dict_revvalueiter_type, dict_revitemiter_type;

/* ---- set / frozenset (set.c) --------------------------------------------
 * CPython's open-addressing table (linear probes + perturbation), so
 * iteration order equals CPython's for the same hashes. */
Obj *set_new(Obj *iterable);                     /* iterable may be NULL */
Obj *frozenset_new(Obj *iterable);
int set_add(Obj *set, Obj *key);
int set_contains(Obj *set, Obj *key);
int set_discard(Obj *set, Obj *key);
Ssize set_len(Obj *set);
int set_next(Obj *set, Ssize *pos, Obj **key);   /* borrowed key */
int set_update(Obj *set, Obj *iterable);
int set_next_hash(Obj *set, Ssize *pos, Obj **key, Hash *hash);   /* with the stored hash */
int set_clear(Obj *set);
Obj *set_pop(Obj *set);                          /* KeyError "pop from an empty set" */
extern TypeObj set_iter_type;

/* ---- range / slice / iterators (range.c, slice.c, iter.c) -------------- */
typedef struct SliceObj { Obj base; Obj *start, *stop, *step; } SliceObj;
Obj *slice_new(Obj *start, Obj *stop, Obj *step);   /* NULLs mean None */
/* Resolve a slice against a length: CPython's PySlice_GetIndicesEx. */
int slice_indices(Obj *slice, Ssize len, Ssize *start, Ssize *stop, Ssize *step, Ssize *slicelen);
Obj *range_new(Obj *start, Obj *stop, Obj *step);
Obj *seqiter_new(Obj *seq);                      /* iter() over __getitem__ */
/* The layout shared by the index-based iterators (seqiter, list and tuple
 * iterators): their dealloc and traverse slots are the two below. */
typedef struct IndexIter {
    Obj base;
    Ssize index;
    Obj *seq;          /* NULL once exhausted */
} IndexIter;
void indexiter_dealloc(Obj *o);
int indexiter_traverse(Obj *o, VisitFn visit, void *arg);
Obj *calliter_new(Obj *callable, Obj *sentinel); /* iter(callable, sentinel) */
/* PySlice_Unpack (indexes clamped to Ssize, step 0 refused) and
 * PySlice_AdjustIndices (returns the slice length). */
int slice_unpack(Obj *slice, Ssize *start, Ssize *stop, Ssize *step);
Ssize slice_adjust(Ssize len, Ssize *start, Ssize *stop, Ssize step);
/* _PyEval_SliceIndex: None leaves *out alone; clamps; TypeError "slice
 * indices must be integers or None or have an __index__ method". */
int slice_index(Obj *v, Ssize *out);
int slice_index_not_none(Obj *v, Ssize *out);    /* list.index()/tuple.index() bounds */
/* slice.indices(length) with unbounded ints (mpz's initialised by the caller). */
int slice_indices_mpz(Obj *slice, const mpz_t length, mpz_t start, mpz_t stop, mpz_t step);
extern TypeObj range_iter_type, longrange_iter_type;
extern TypeObj seqiter_type, calliter_type;
extern TypeObj enumerate_type, zip_type, map_type, filter_type, reversed_type;
Obj *iter_self(Obj *o);                          /* tp_iter of iterators: o itself */
bool has_len(Obj *o);                            /* has a length slot (_PyObject_HasLen) */
/* operator.length_hint(o, dflt): len(o), else o.__length_hint__(), else dflt;
 * -1 with an exception. */
Ssize iter_length_hint(Obj *o, Ssize dflt);
/* builtins.NAME (new ref) for __reduce__ tuples. */
Obj *iter_get_builtin(const char *name);
/* (builtins.NAME, (seq,), index), or (builtins.NAME, (exhausted or (),))
 * when seq is NULL. */
Obj *iter_reduce_builtin(const char *name, Obj *seq, Ssize index, Obj *exhausted);
Obj *iter_reduce_seq(Obj *seq, Ssize index, Obj *exhausted);   /* name "iter" */

/* ---- functions, methods, cells, descriptors (func.c, descr.c) ---------- */
typedef struct CellObj { Obj base; Obj *ref; } CellObj;       /* ref NULL: empty */
Obj *cell_new(Obj *value);                        /* value may be NULL */

typedef struct FuncObj {
    Obj base;
    Obj *code;          /* CodeRtObj (vm.h) */
    Obj *globals, *builtins;
    Obj *name, *qualname, *module, *doc;
    Obj *defaults;      /* tuple or NULL */
    Obj *kwdefaults;    /* dict or NULL */
    Obj *closure;       /* tuple of cells or NULL */
    Obj *annotations;   /* dict or NULL */
    Obj *dict;          /* __dict__ or NULL */
    Obj *type_params;
    Obj *weakreflist;
    CallFn vectorcall;
} FuncObj;

typedef struct MethodObj { Obj base; Obj *func, *self; Obj *weakreflist; } MethodObj;   /* bound method */
Obj *method_new(Obj *func, Obj *self);

/* Builtin functions and method descriptors for C code. */
typedef struct BuiltinObj {
    Obj base;
    const MethodDef *def;
    Obj *self;          /* bound object or module, may be NULL */
    Obj *module;        /* module name or NULL */
    Obj *weakreflist;
} BuiltinObj;
Obj *builtin_new(const MethodDef *def, Obj *self, Obj *module);
/* Descriptor wrapping a MethodDef of a builtin type (list.append …). */
Obj *method_descr_new(TypeObj *owner, const MethodDef *def);
Obj *getset_descr_new(TypeObj *owner, const GetSetDef *def);
/* list[int]: types.GenericAlias (descr.c); args a tuple or a single item.
 * For __class_getitem__ of builtin types. */
Obj *generic_alias_new(Obj *origin, Obj *args);
extern TypeObj generic_alias_type, union_type;
/* The descriptor and builtin-callable types (types.BuiltinFunctionType,
 * MethodDescriptorType, …) and types.MappingProxyType. */
extern TypeObj builtin_function_type, method_descr_type, classmethod_descr_type,
    getset_descr_type, member_descr_type, wrapper_descr_type, method_wrapper_type,
    mappingproxy_type;
Obj *mappingproxy_new(Obj *mapping);

/* ---- modules (module.c) ------------------------------------------------- */
typedef struct ModuleObj { Obj base; Obj *dict; Obj *name; void *native; Obj *weakreflist; } ModuleObj;
Obj *module_new(const char *name);
Obj *module_dict_borrow(Obj *m);
int module_add(Obj *m, const char *name, Obj *value);     /* steals value */
int module_add_functions(Obj *m, const MethodDef *defs);

/* ---- weak references (weakref.c) -----------------------------------------
 * A type supports them when its weaklistoffset is set (> 0: a field of the
 * object; < 0 with TPF_MANAGED_WEAKREF: the slot before a class instance).
 * Deallocs of such types call weakref_clear_refs when the list is not
 * empty: the references die and their callbacks run. */
typedef struct WeakRefObj {
    Obj base;
    Obj *object;        /* the referent (not owned), NULL once it died */
    Obj *callback;      /* or NULL */
    Hash hash;          /* hash of the referent, -1 until computed */
    struct WeakRefObj *prev, *next;   /* the referent's list */
} WeakRefObj;
extern TypeObj weakref_type, weakproxy_type, weakcallableproxy_type;
Obj **obj_weaklist_ptr(Obj *o);                /* NULL: o's type has no weak references */
bool weakref_supported(const TypeObj *t);
bool weakref_check(Obj *o);                    /* a ref (or subclass) or a proxy */
Obj *weakref_new(Obj *ob, Obj *callback);      /* weakref.ref(ob, callback); callback may be NULL */
Obj *weakref_new_typed(TypeObj *t, Obj *ob, Obj *callback);   /* ReferenceType.__new__(t, …) */
Obj *weakref_proxy_new(Obj *ob, Obj *callback);
Obj *weakref_get_borrow(Obj *wr);              /* the referent, NULL when dead */
Ssize weakref_count(Obj *o);                   /* weakref.getweakrefcount */
void weakref_detach(Obj *wr);                  /* make wr dead now (keeps its callback) */
void weakref_clear_refs(Obj *o);               /* o is dying: clear its list, run callbacks */
static inline void weakref_on_dealloc(Obj *o)
{
    Obj **l = obj_weaklist_ptr(o);
    if (l && *l) weakref_clear_refs(o);
}

/* ---- CPython's object sizes (sizeof.c) --------------------------------------- */
Ssize obj_cpython_basicsize(TypeObj *t);     /* 3.12's tp_basicsize for instances of t */
Ssize obj_cpython_preheader(TypeObj *t);     /* what sys.getsizeof adds: GC head, managed slots */

/* ---- the pickle protocol (reduce.c) -----------------------------------------
 * object.__reduce_ex__ and the copyreg functions it hands out (builtins
 * named and placed as copyreg's Python functions). */
Obj *obj_reduce_ex(Obj *o, int protocol);          /* object.__reduce_ex__(o, protocol) */
Obj *copyreg_reduce_ex(Obj *o, int protocol);      /* copyreg._reduce_ex (protocols 0 and 1) */
Obj *copyreg_function_borrow(const char *name);    /* "__newobj__", "__newobj_ex__", "_reconstructor" */
Obj *type_slotnames(TypeObj *cls);                 /* copyreg._slotnames: a list, cached */

/* ---- argument parsing helpers for native functions (args.c) ------------- */
/* Check no keywords were given: TypeError "NAME() takes no keyword arguments". */
int args_no_kw(const char *fname, Obj *kwnames);
/* Check min <= nargs <= max positional args with CPython's message wording. */
int args_count(const char *fname, Ssize nargs, Ssize min, Ssize max);
/* Bind positional+keyword args to named parameters (NULL where not given).
 * names: parameter names; npos_only: leading positional-only count;
 * nrequired: how many are required.  out receives BORROWED references. */
int args_parse(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames,
               const char *const *names, int nparams, int npos_only, int nrequired,
               Obj **out);
/* Binding errors of Python-level calls, CPython's wording; fname is the
 * function's __qualname__ as C text.  given/kwonly_given count what the
 * call passed. */
void args_err_too_many_positional(const char *fname, Ssize min_pos, Ssize max_pos, Ssize given,
                                  Ssize kwonly_given);
void args_err_missing(const char *fname, Obj *const *names, Ssize n, bool kwonly);
void args_err_unexpected_kw(const char *fname, Obj *name);
void args_err_multiple_values(const char *fname, Obj *name);
void args_err_posonly_as_kw(const char *fname, Obj *const *names, Ssize n);

#endif
