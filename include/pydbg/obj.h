/* obj.h — the VM's Python object model: object header, type objects and
 * their slots, reference counting, and the abstract protocols.
 *
 * OWNERSHIP RULE (the one rule, stated once): arguments are borrowed;
 * returned Obj * are NEW references.  Functions that break the rule say so
 * in their name (`_borrow`) or steal an argument (`_steal`).
 *
 * ERRORS: a function returning Obj * returns NULL with an exception pending
 * (vm_err_* in vm.h); one returning int returns -1 with an exception pending.
 * Exception: iternext slots return NULL *without* an exception when the
 * iterator is exhausted.
 *
 * Lifetimes follow CPython: reference counting releases an object at its last
 * reference (so __del__, file flushing and generator finalisation happen when
 * CPython's do), and a cycle collector (gc.c) reclaims unreachable cycles of
 * objects whose type has TPF_GC and a traverse slot.
 *
 * Types are objects (TypeObj, itself an Obj whose type is `type`).  Builtin
 * types are static TypeObj values filled in their own file (int.c, str.c …)
 * and readied by type_ready() at start-up; classes made by `class` are heap
 * types whose slots dispatch to the Python-level dunder methods (type.c).
 */
#ifndef PYDBG_OBJ_H
#define PYDBG_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pydbg/base.h"

typedef intptr_t Ssize;     /* Py_ssize_t */
typedef intptr_t Hash;      /* Py_hash_t; -1 means error */

typedef struct Obj Obj;
typedef struct TypeObj TypeObj;

struct Obj {
    Ssize refcnt;
    TypeObj *type;
};

/* Objects of variable size (int digits, tuple items, bytes…) start with this. */
typedef struct VarObj {
    Obj base;
    Ssize size;
} VarObj;

#define OBJ_TYPE(o) (((Obj *)(o))->type)
#define VAR_SIZE(o) (((VarObj *)(o))->size)

/* ---- reference counting ------------------------------------------------ */

void obj_dealloc(Obj *o);   /* called when refcnt reaches 0 */

static inline Obj *incref(Obj *o) { o->refcnt++; return o; }
static inline Obj *xincref(Obj *o) { if (o) o->refcnt++; return o; }
static inline void decref(Obj *o) { if (--o->refcnt == 0) obj_dealloc(o); }
static inline void xdecref(Obj *o) { if (o && --o->refcnt == 0) obj_dealloc(o); }
/* Replace *slot with v (stealing v), releasing the old value afterwards. */
static inline void obj_setref(Obj **slot, Obj *v) { Obj *old = *slot; *slot = v; xdecref(old); }
#define CLEAR(p) do { Obj *tmp_ = (Obj *)(p); (p) = NULL; xdecref(tmp_); } while (0)
#define INCREF(o) incref((Obj *)(o))
#define DECREF(o) decref((Obj *)(o))
#define XDECREF(o) xdecref((Obj *)(o))

/* Statically allocated objects (types, singletons) start with a huge count
 * so they are never released: `OBJ_HEAD_INIT(&none_type)` in an Obj
 * initialiser, `TYPE_HEAD_INIT` as the first member of a static TypeObj. */
#define OBJ_STATIC_REFCNT ((Ssize)1 << 40)
#define OBJ_HEAD_INIT(t) {OBJ_STATIC_REFCNT, (t)}
#define TYPE_HEAD_INIT {OBJ_HEAD_INIT(&type_type), 0}

/* ---- allocation: the one entry point --------------------------------- */

/* New object of type t with `nitems` variable items (itemsize from t);
 * refcnt 1, memory zeroed, tracked by the GC when t has TPF_GC.  NULL with
 * MemoryError pending when memory runs out. */
Obj *obj_alloc(TypeObj *t, Ssize nitems);
/* Give o (of a type with no pre-header: no GC head, no instance dict)
 * room for nitems items, moving it when its block is too small; a block
 * that must grow gets an eighth more than asked, so repeated appends cost
 * amortised O(1).  Returns o's new address (VAR_SIZE is the caller's to
 * set), or NULL with MemoryError set and o unchanged. */
Obj *obj_resize_items(Obj *o, Ssize nitems);
/* Free memory of an object whose dealloc slot has released its fields. */
void obj_free(Obj *o);

/* ---- slots --------------------------------------------------------------- */

/* Rich comparison operators (CPython's numbering, used by COMPARE_OP). */
enum { CMP_LT = 0, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE };

/* Every callable takes a vector of positional arguments followed by the
 * keyword argument values, and a tuple of keyword names (or NULL):
 * args[0..nargs) positional, args[nargs..nargs+len(kwnames)) keyword values. */
typedef Obj *(*CallFn)(Obj *callable, Obj *const *args, Ssize nargs, Obj *kwnames);
typedef Obj *(*UnaryFn)(Obj *);
typedef Obj *(*BinaryFn)(Obj *, Obj *);
typedef Obj *(*TernaryFn)(Obj *, Obj *, Obj *);
typedef int (*InquiryFn)(Obj *);
typedef Ssize (*LenFn)(Obj *);
typedef Hash (*HashFn)(Obj *);
typedef Obj *(*RichCmpFn)(Obj *, Obj *, int op);
typedef Obj *(*GetAttrFn)(Obj *, Obj *name);
typedef int (*SetAttrFn)(Obj *, Obj *name, Obj *value);     /* value NULL: delete */
typedef Obj *(*DescrGetFn)(Obj *descr, Obj *obj, Obj *type);  /* obj may be NULL */
typedef int (*DescrSetFn)(Obj *descr, Obj *obj, Obj *value);  /* value NULL: delete */
typedef Obj *(*SsizeArgFn)(Obj *, Ssize);
typedef int (*ObjObjFn)(Obj *, Obj *);                       /* contains: 1/0/-1 */
typedef int (*ObjObjArgFn)(Obj *, Obj *key, Obj *value);     /* value NULL: delete */
typedef int (*VisitFn)(Obj *, void *arg);
typedef int (*TraverseFn)(Obj *, VisitFn, void *arg);
typedef Obj *(*NewFn)(TypeObj *, Obj *const *args, Ssize nargs, Obj *kwnames);
typedef int (*InitFn)(Obj *, Obj *const *args, Ssize nargs, Obj *kwnames);
typedef void (*DestructorFn)(Obj *);

typedef struct NumberMethods {
    BinaryFn add, subtract, multiply, remainder, divmod;
    TernaryFn power;
    UnaryFn negative, positive, absolute;
    InquiryFn bool_;
    UnaryFn invert;
    BinaryFn lshift, rshift, and_, xor_, or_;
    UnaryFn int_, float_;
    BinaryFn inplace_add, inplace_subtract, inplace_multiply, inplace_remainder;
    TernaryFn inplace_power;
    BinaryFn inplace_lshift, inplace_rshift, inplace_and, inplace_xor, inplace_or;
    BinaryFn floor_divide, true_divide, inplace_floor_divide, inplace_true_divide;
    UnaryFn index;
    BinaryFn matrix_multiply, inplace_matrix_multiply;
} NumberMethods;

typedef struct SequenceMethods {
    LenFn length;
    BinaryFn concat;
    SsizeArgFn repeat;
    SsizeArgFn item;
    ObjObjFn contains;
    BinaryFn inplace_concat;
    SsizeArgFn inplace_repeat;
} SequenceMethods;

typedef struct MappingMethods {
    LenFn length;
    BinaryFn subscript;
    ObjObjArgFn ass_subscript;
} MappingMethods;

/* Methods of builtin types, exposed as method descriptors (descr.c).
 * METH_FAST: CallFn-style (self, args, nargs, kwnames) — kwnames must be
 * rejected by the method if it takes no keywords.  METH_CLASS / METH_STATIC
 * as in CPython. */
typedef Obj *(*MethodFn)(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames);
typedef struct MethodDef {
    const char *name;
    MethodFn fn;
    int flags;
    const char *doc;
} MethodDef;
#define METH_FAST 0x0
#define METH_NOARGS 0x1    /* fn called with nargs == 0 checked by the descriptor */
#define METH_O 0x2         /* exactly one positional argument checked by the descriptor */
#define METH_CLASS 0x10
#define METH_STATIC 0x20

typedef Obj *(*GetterFn)(Obj *self, void *closure);
typedef int (*SetterFn)(Obj *self, Obj *value, void *closure);
typedef struct GetSetDef {
    const char *name;
    GetterFn get;
    SetterFn set;          /* NULL: read-only */
    const char *doc;
    void *closure;
} GetSetDef;

/* Type flags */
#define TPF_HEAPTYPE      (1u << 0)   /* made by `class` / type() */
#define TPF_BASETYPE      (1u << 1)   /* may be subclassed */
#define TPF_GC            (1u << 2)   /* instances tracked by the cycle collector */
#define TPF_READY         (1u << 3)
#define TPF_ABSTRACT      (1u << 4)
#define TPF_IMMUTABLE     (1u << 5)   /* attributes of the type cannot be set */
#define TPF_SEQUENCE      (1u << 6)   /* match: sequence pattern */
#define TPF_MAPPING       (1u << 7)   /* match: mapping pattern */
#define TPF_MANAGED_DICT  (1u << 8)   /* heap types: __dict__/__weakref__ slots precede the object */
#define TPF_FINALIZED_ONCE (1u << 9)  /* internal (gc.c) */
#define TPF_METHOD_DESCR  (1u << 10)  /* descriptor binds like a function (LOAD_ATTR method calls) */
#define TPF_MANAGED_WEAKREF (1u << 11) /* heap types: the __weakref__ slot before the object (weakref.c) */
/* Fast subclass checks (set by type_ready on the builtin and every subclass) */
#define TPF_INT_SUBCLASS      (1u << 16)
#define TPF_LIST_SUBCLASS     (1u << 17)
#define TPF_TUPLE_SUBCLASS    (1u << 18)
#define TPF_BYTES_SUBCLASS    (1u << 19)
#define TPF_STR_SUBCLASS      (1u << 20)
#define TPF_DICT_SUBCLASS     (1u << 21)
#define TPF_BASE_EXC_SUBCLASS (1u << 22)
#define TPF_TYPE_SUBCLASS     (1u << 23)

struct TypeObj {
    VarObj base;
    const char *name;          /* tp_name: "int", "collections.OrderedDict" */
    Ssize basicsize, itemsize;
    unsigned flags;
    DestructorFn dealloc;
    UnaryFn repr, str;
    HashFn hash;               /* NULL: inherit; hash_not_implemented: unhashable */
    CallFn call;
    GetAttrFn getattro;
    SetAttrFn setattro;
    RichCmpFn richcompare;
    UnaryFn iter;
    UnaryFn iternext;
    DescrGetFn descr_get;
    DescrSetFn descr_set;
    NewFn new_;
    InitFn init;
    TraverseFn traverse;
    InquiryFn clear;
    DestructorFn finalize;     /* __del__ (tp_finalize) */
    NumberMethods *as_number;
    SequenceMethods *as_sequence;
    MappingMethods *as_mapping;
    MethodDef *methods;
    GetSetDef *getset;
    TypeObj *tp_base;          /* primary base */
    Obj *bases;                /* tuple */
    Obj *mro;                  /* tuple, C3 order */
    Obj *dict;                 /* the type's namespace (a dict) */
    Obj *subclasses;           /* list of weak refs or NULL */
    Ssize dictoffset;          /* offset of the instance __dict__ slot, 0: none */
    Ssize weaklistoffset;
    Obj *ht_name, *ht_qualname, *ht_module;   /* heap types */
    Obj *slots;                /* __slots__ tuple (heap types) */
    const char *doc;
    unsigned version_tag;      /* attribute-cache tag; 0 = none (type_modified resets) */
    void *native;              /* per-type extra data for native modules */
    Obj *weakreflist;          /* weak references to this type (weakref.c) */
};

/* ---- core singletons and builtin types -------------------------------- */

extern Obj none_obj, notimpl_obj, ellipsis_obj;
#define NONE (&none_obj)
#define NOTIMPL (&notimpl_obj)
#define ELLIPSIS (&ellipsis_obj)

extern TypeObj type_type, object_type, none_type, notimpl_type, ellipsis_type;
extern TypeObj int_type, bool_type, float_type, complex_type;
extern TypeObj str_type, bytes_type, bytearray_type;
extern TypeObj tuple_type, list_type, dict_type, set_type, frozenset_type;
extern TypeObj range_type, slice_type, memoryview_type;
extern TypeObj function_type, method_type, cell_type, code_type, frame_type;
extern TypeObj module_type, property_type, staticmethod_type, classmethod_type;
extern TypeObj super_type, generator_type, coroutine_type, async_generator_type;
extern TypeObj traceback_type;

static inline bool type_has(const TypeObj *t, unsigned f) { return (t->flags & f) != 0; }
#define IS_TYPE(o, t) (OBJ_TYPE(o) == &(t))
#define INT_CHECK(o) type_has(OBJ_TYPE(o), TPF_INT_SUBCLASS)
#define STR_CHECK(o) type_has(OBJ_TYPE(o), TPF_STR_SUBCLASS)
#define TUPLE_CHECK(o) type_has(OBJ_TYPE(o), TPF_TUPLE_SUBCLASS)
#define LIST_CHECK(o) type_has(OBJ_TYPE(o), TPF_LIST_SUBCLASS)
#define DICT_CHECK(o) type_has(OBJ_TYPE(o), TPF_DICT_SUBCLASS)
#define BYTES_CHECK(o) type_has(OBJ_TYPE(o), TPF_BYTES_SUBCLASS)
#define TYPE_CHECK(o) type_has(OBJ_TYPE(o), TPF_TYPE_SUBCLASS)
#define EXC_CHECK(o) type_has(OBJ_TYPE(o), TPF_BASE_EXC_SUBCLASS)

/* ---- the abstract protocols (object.c, abstract.c) ---------------------- */

Obj *obj_repr(Obj *o);
Obj *obj_str(Obj *o);
Obj *obj_ascii(Obj *o);
Obj *obj_format(Obj *o, Obj *spec);          /* format(o, spec); spec may be NULL */
Hash obj_hash(Obj *o);
Obj *obj_richcompare(Obj *a, Obj *b, int op);
int obj_richcompare_bool(Obj *a, Obj *b, int op);   /* identity shortcut for EQ/NE */
int obj_is_true(Obj *o);                     /* 1/0/-1 */
Obj *obj_getattr(Obj *o, Obj *name);
Obj *obj_getattr_str(Obj *o, const char *name);
int obj_setattr_str(Obj *o, const char *name, Obj *v);   /* v borrowed */
/* Like obj_getattr but AttributeError → *out = NULL, returns 0; found → 1. */
int obj_lookup_attr(Obj *o, Obj *name, Obj **out);
int obj_setattr(Obj *o, Obj *name, Obj *value);      /* value NULL: delete */
Obj *obj_generic_getattr(Obj *o, Obj *name);         /* object.__getattribute__ */
int obj_generic_setattr(Obj *o, Obj *name, Obj *value);
Obj *obj_call(Obj *callable, Obj *const *args, Ssize nargs, Obj *kwnames);
Obj *obj_call_method(Obj *o, const char *name, Obj *const *args, Ssize nargs);
Obj *obj_getiter(Obj *o);
Obj *obj_iternext(Obj *it);                  /* NULL without exception: exhausted */
Ssize obj_length(Obj *o);
Obj *obj_getitem(Obj *o, Obj *key);
int obj_setitem(Obj *o, Obj *key, Obj *value);
int obj_delitem(Obj *o, Obj *key);
int obj_contains(Obj *container, Obj *item);   /* 1/0/-1 */
int obj_isinstance(Obj *o, Obj *cls);          /* 1/0/-1; honours __instancecheck__ */
int obj_issubclass(Obj *derived, Obj *cls);
bool type_is_subtype(const TypeObj *a, const TypeObj *b);   /* MRO walk, no hooks */
Obj *type_lookup(TypeObj *t, Obj *name);       /* MRO lookup; BORROWED, no exception */
Obj *obj_dir(Obj *o);

/* Binary / unary number operations, with CPython's reflected-operand rules.
 * `op` values are BINARY_OP's oparg numbering (NB_ADD …), see below. */
Obj *num_binary(Obj *a, Obj *b, int op);
Obj *num_unary(Obj *a, int op);              /* UNARY_NEGATIVE/POSITIVE/INVERT */
Obj *num_index(Obj *o);                      /* operator.index */
Ssize num_as_ssize(Obj *o, TypeObj *overflow_exc);  /* -1 + exception on error */

/* BINARY_OP opargs (3.11+ numbering; older versions are mapped onto these). */
enum {
    NB_ADD = 0, NB_AND, NB_FLOOR_DIVIDE, NB_LSHIFT, NB_MATRIX_MULTIPLY,
    NB_MULTIPLY, NB_REMAINDER, NB_OR, NB_POWER, NB_RSHIFT, NB_SUBTRACT,
    NB_TRUE_DIVIDE, NB_XOR,
    NB_INPLACE_ADD, NB_INPLACE_AND, NB_INPLACE_FLOOR_DIVIDE, NB_INPLACE_LSHIFT,
    NB_INPLACE_MATRIX_MULTIPLY, NB_INPLACE_MULTIPLY, NB_INPLACE_REMAINDER,
    NB_INPLACE_OR, NB_INPLACE_POWER, NB_INPLACE_RSHIFT, NB_INPLACE_SUBTRACT,
    NB_INPLACE_TRUE_DIVIDE, NB_INPLACE_XOR,
    NB_SUBSCR,        /* 3.14 BINARY_OP 26 */
    NB__COUNT
};
enum { UN_NEGATIVE = 0, UN_POSITIVE, UN_INVERT, UN_NOT };

/* ---- type machinery (type.c) --------------------------------------------- */

/* Fill inherited slots, MRO, dict of methods/getsets; once per static type. */
int type_ready(TypeObj *t);
/* type(name, bases, ns) as `class` creates it (metaclass already chosen). */
Obj *type_new_class(TypeObj *meta, Obj *name, Obj *bases, Obj *ns, Obj *kwnames_and_values);
Hash hash_not_implemented(Obj *o);   /* raises TypeError: unhashable type: 'X' */
const char *type_name(const TypeObj *t);   /* tp_name without module prefix */

/* A BORROWED interned str for a C string *literal* (cached by the literal's
 * address, so pass only literals / static strings): id_str("__init__"). */
Obj *id_str(const char *lit);
/* obj.name for a method call (CPython's _PyObject_GetMethod): returns 1 with
 * *out = the unbound function when name is a plain method found on the type
 * (call it with o prepended), 0 with *out = the attribute value otherwise,
 * -1 with an exception. */
int obj_get_method(Obj *o, Obj *name, Obj **out);
/* Address of the instance __dict__ slot of o, NULL when o has none. */
Obj **obj_dict_ptr(Obj *o);
/* Default repr `<mod.Name object at 0x…>`; id(o) as CPython shows it. */
Obj *obj_default_repr(Obj *o);
/* super(type, obj).name for LOAD_SUPER_ATTR: looks past `type` in the MRO of
 * obj's type (or obj itself when it is a type).  When is_method is non-NULL
 * and the attribute is a plain function, returns it unbound with
 * *is_method = 1 (call with obj prepended). */
Obj *super_lookup(TypeObj *type, Obj *obj, Obj *name, int *is_method);
/* Pick the most derived metaclass of meta and the metaclasses of bases
 * (TypeError "metaclass conflict: …" otherwise); BORROWED result. */
TypeObj *type_calculate_meta(TypeObj *meta, Obj *bases);
/* Call after changing t->dict directly (not through setattr): invalidates
 * the attribute cache of t and its subclasses. */
void type_modified(TypeObj *t);
/* Update heap-type slots after `name` was set/deleted in t's dict. */
int type_update_slot(TypeObj *t, Obj *name);
Obj *type_call(Obj *type, Obj *const *args, Ssize nargs, Obj *kwnames);

/* ---- the cycle collector (gc.c) ------------------------------------------ */
void gc_track(Obj *o);          /* obj_alloc tracks; for re-tracking only */
void gc_untrack(Obj *o);
/* Leave a just-allocated object out of the allocation count that triggers
 * collections (an instance's attribute dict, which 3.12 does not allocate:
 * its attributes are inline values). */
void gc_uncount(Obj *o);
/* Count an allocation 3.12 makes and pydbg does not (the weak reference a
 * new class leaves in each base's __subclasses__). */
void gc_count_phantom(void);
/* While on (nesting), allocations are left out of that count. */
void gc_quiet(bool on);
bool gc_is_tracked(Obj *o);
/* Collect generation 0..2 (gc.collect(gen)); returns the number of
 * unreachable objects found, -1 with an exception. */
Ssize gc_collect(int generation);
/* The allocation counter passed a threshold: collect now (called by the
 * eval loop at safe points, like CPython 3.12's eval breaker). */
extern volatile int gc_pending;
static inline void gc_maybe_collect(void) { if (gc_pending) gc_collect(-1); }
void gc_set_enabled(bool on);
bool gc_is_enabled(void);
void gc_get_threshold(int out[3]);
void gc_set_threshold(const int t[3]);
void gc_get_count(int out[3]);
/* The generation counts python3.12 has when a program's first instruction
 * runs (its start-up leaves generation 0 near the threshold, and unmarshal
 * adds the program's constant tuples), so automatic collections come at
 * about the same points of the program. */
void gc_start_program_counts(size_t unmarshalled);
/* A full collection as the interpreter's own at exit: no gc.callbacks, runs
 * even when the collector is disabled.  One reference the caller holds to
 * `held` (may be NULL) does not keep it alive. */
void gc_collect_at_exit(Obj *held);

#endif
