/* objimpl.h — private plumbing shared by the core object files (object.c,
 * abstract.c, type.c, descr.c, gc.c, exc.c, errors.c).  Not an interface:
 * other modules use obj.h / types.h / vm.h.
 *
 * Memory layout of an object (obj_alloc):
 *   [Obj *dict, Obj *weaklist]   only when the type has TPF_MANAGED_DICT or
 *                                TPF_MANAGED_WEAKREF (each slot used only
 *                                when its flag is set)
 *   [GcHead]                     only when the type has TPF_GC
 *   [the object: Obj header, fields, items]
 * so the pre-header size depends on the type's flags alone; __class__
 * assignment is refused between types whose flags differ here.
 */
#ifndef PYDBG_OBJIMPL_H
#define PYDBG_OBJIMPL_H

#include "pydbg/vm.h"

typedef struct GcHead {
    struct GcHead *next, *prev;   /* generation list; next == NULL: untracked */
    Ssize refs;                   /* scratch count during a collection */
    unsigned gen;                 /* generation the object is in */
    unsigned flags;               /* GCF_* */
} GcHead;
#define GCF_FINALIZED 1u          /* tp_finalize already ran (PEP 442) */
#define GCF_COLLECTING 2u         /* in the set being collected */
#define GCF_UNREACHABLE 4u
#define GCF_UNCOUNTED 16u        /* left out of generation 0's count (gc_uncount) */
#define GCF_FROM_FREE_LIST 32u   /* its allocation stood for a 3.12 free-list reuse */

#define GC_HEAD(o) ((GcHead *)(o) - 1)
#define GC_OBJ(g) ((Obj *)((GcHead *)(g) + 1))

static inline size_t obj_prehead_size(const TypeObj *t)
{
    size_t n = 0;
    if (t->flags & TPF_GC) n += sizeof(GcHead);
    if (t->flags & (TPF_MANAGED_DICT | TPF_MANAGED_WEAKREF)) n += 2 * sizeof(Obj *);
    return n;
}
/* The managed __dict__ / __weakref__ slots (either flag implies TPF_GC). */
static inline Obj **obj_managed_dict(Obj *o) { return (Obj **)GC_HEAD(o) - 2; }
static inline Obj **obj_managed_weaklist(Obj *o) { return (Obj **)GC_HEAD(o) - 1; }

/* weakref.c, for gc.c: o was found unreachable.  Clear every reference
 * to o (and o itself when it is a reference); those with a callback that
 * are not garbage themselves are appended to *pending (new references)
 * for weakref_gc_call once all are cleared. */
void weakref_gc_clear(Obj *o, bool (*is_garbage)(Obj *), Obj ***pending, size_t *n, size_t *cap);
void weakref_gc_call(Obj *wr);

/* gc.c */
void gc_on_alloc(Obj *o);         /* link into generation 0, count */
void gc_on_free(Obj *o);          /* unlink if tracked */
Obj *gc_module_init(void);        /* the `gc` module (registered by vm_init) */

/* ---- heap types (type.c) --------------------------------------------------- */

/* A member of an instance layout (__slots__ entries and builtin members). */
typedef struct MemberDef {
    const char *name;
    Ssize offset;
    int kind;                     /* MEMBER_OBJ: Obj *, AttributeError when NULL */
    bool readonly;
} MemberDef;
enum { MEMBER_OBJ = 0, MEMBER_OBJ_NONE = 1 /* NULL reads as None */ };

typedef struct HeapTypeObj {
    TypeObj type;
    NumberMethods num;
    SequenceMethods seq;
    MappingMethods map;
    MemberDef *members;           /* __slots__ members (malloc'ed), nmembers */
    Ssize nmembers;
    Obj *member_names;            /* str objects kept alive for members[].name */
} HeapTypeObj;

void subtype_dealloc(Obj *o);
int subtype_traverse(Obj *o, VisitFn visit, void *arg);
int subtype_traverse_inline(Obj *o, VisitFn visit, void *arg);
int subtype_clear(Obj *o);
Obj *object_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames);
int object_init(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames);
Obj *type_getattro(Obj *t, Obj *name);
/* Call the special method `name` looked up on type(self) (not the instance),
 * binding it to self.  *found = 0 (and NULL, no exception) when missing. */
Obj *call_special(Obj *self, const char *name, Obj *const *args, Ssize nargs, int *found);
Obj *lookup_special(Obj *self, const char *name);   /* bound, NULL (no exc) when missing */

/* ---- descriptors (descr.c) -------------------------------------------------- */
extern TypeObj builtin_function_type, method_descr_type, classmethod_descr_type,
    getset_descr_type, member_descr_type, wrapper_descr_type, method_wrapper_type;

struct SlotDef;
/* One special-method slot: how to expose a C slot as a method ("slot
 * wrapper") and which Python dunder(s) fill it in a heap type. */
typedef Obj *(*WrapperFn)(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, void *cfunc,
                          const struct SlotDef *def);
typedef struct SlotDef {
    const char *name;             /* "__add__" */
    int where;                    /* SLOT_TYPE / SLOT_NUM / SLOT_SEQ / SLOT_MAP */
    size_t offset;                /* of the function pointer in that struct */
    void *dispatch;               /* heap-type slot function calling the dunder */
    WrapperFn wrapper;            /* calls the C slot for `type.__add__(…)` */
    int arg;                      /* extra: compare op, 1 for reflected wrappers */
    const char *doc;
} SlotDef;
enum { SLOT_TYPE, SLOT_NUM, SLOT_SEQ, SLOT_MAP };
extern const SlotDef slotdefs[];
extern const size_t n_slotdefs;
void **slot_ptr(TypeObj *t, const SlotDef *d);   /* NULL when the sub-struct is missing */

typedef struct WrapperDescrObj {
    Obj base;
    TypeObj *owner;
    const SlotDef *def;
    void *wrapped;
} WrapperDescrObj;
Obj *wrapper_descr_new(TypeObj *owner, const SlotDef *def, void *wrapped);
Obj *member_descr_new(TypeObj *owner, const MemberDef *def);
Obj *classmethod_descr_new(TypeObj *owner, const MethodDef *def);
/* The builtin __new__ of a static type: a builtin bound to the type. */
Obj *new_wrapper_new(TypeObj *t);
bool is_new_wrapper(Obj *o, TypeObj **t);

typedef struct PropertyObj {
    Obj base;
    Obj *fget, *fset, *fdel, *doc, *name;
    bool getter_doc;
} PropertyObj;
typedef struct StaticMethodObj { Obj base; Obj *func; Obj *dict; } StaticMethodObj;   /* also classmethod */

/* ---- exceptions (exc.c) ------------------------------------------------------ */
int exc_init_types(void);
void exc_patch_types(void);     /* idempotent; run before BaseException is readied */
/* Build type(*args) for a builtin exception type without going through
 * type.__call__ (used while raising errors; falls back to obj_call for
 * subclasses with Python-level __init__/__new__). */
Obj *exc_create(TypeObj *type, Obj *const *args, Ssize nargs);

/* errors.c: format into a new str as str_from_vfmt does: printf
 * conversions plus %R / %S (repr / str of an Obj *), %U (a str Obj *),
 * %T (tp_name of an Obj's type). */
Obj *err_vformat(const char *fmt, va_list ap);
Obj *core_fmt(const char *fmt, ...);

/* sizeof.c */
Obj *object_sizeof_m(Obj *self, Obj *const *a, Ssize n, Obj *kw);

/* reduce.c: object's pickle methods */
Obj *object_reduce_ex_m(Obj *self, Obj *const *a, Ssize n, Obj *kw);
Obj *object_reduce_m(Obj *self, Obj *const *a, Ssize n, Obj *kw);
Obj *object_getstate_m(Obj *self, Obj *const *a, Ssize n, Obj *kw);

/* abstract.c */
Obj *num_power3(Obj *a, Obj *b, Obj *c);        /* pow(a, b, c) */
Obj *num_divmod(Obj *a, Obj *b);
int obj_isinstance_plain(Obj *o, Obj *cls);     /* no __instancecheck__ hook */
int obj_issubclass_plain(Obj *derived, Obj *cls);
int seq_iter_search_contains(Obj *seq, Obj *item);   /* `in` by iteration */
/* descr.c: X | Y unions */
Obj *type_or(Obj *a, Obj *b);            /* type.__or__ / __ror__ */
bool union_check(Obj *o);
Obj *union_args_borrow(Obj *o);
/* descr.c: read-only view of a dict (type.__dict__). */
Obj *mappingproxy_new(Obj *mapping);
extern TypeObj mappingproxy_type;

/* A pre-header exists only for objects that came from obj_alloc: static
 * objects (types, singletons) have a huge count and no GcHead. */
static inline bool obj_has_gc_head(Obj *o)
{
    return (o->type->flags & TPF_GC) && o->refcnt < OBJ_STATIC_REFCNT / 2;
}

#endif
