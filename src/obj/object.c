/* object.c — the object header's life cycle (allocation, release), the
 * singletons None / NotImplemented / Ellipsis, the `object` base type, and
 * the generic protocols every object has: repr/str/ascii/format, hash, rich
 * comparison, truth, attribute access through descriptors and instance
 * dicts.
 *
 * Invariants: every object comes from obj_alloc and goes back through
 * obj_free (the pre-header layout is in objimpl.h); instances of heap types
 * hold a reference to their type, released by obj_free.  Error messages are
 * CPython 3.12's, word for word.
 */
#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "src/obj/objimpl.h"

/* ---- allocation ---------------------------------------------------------- */

/* Small objects come from pools carved out of large mmap'ed chunks, as
 * pymalloc does: cheap, and addresses look like CPython's (0x7f…) in default
 * reprs.  Large objects use malloc, and so does every object in a sanitizer
 * build (PYDBG_SANITIZERS). */
#include <sys/mman.h>

#define POOL_SIZE 4096u
#define SMALL_MAX 512u
#define ALIGN 16u
#define NCLASSES (SMALL_MAX / ALIGN)
#define CHUNK_SIZE (256u * 1024u)
#define SSIZE_MAX_ALLOC ((Ssize)(PTRDIFF_MAX / 4))

typedef struct FreeBlock { struct FreeBlock *next; } FreeBlock;
typedef struct PoolHead { uint32_t magic; uint32_t cls; } PoolHead;
#define POOL_MAGIC 0x50796f6fu

static FreeBlock *freelists[NCLASSES];
static char *chunk_cur, *chunk_end;
/* Set of chunk base addresses (open addressing), to tell pool memory from
 * malloc memory on free. */
static uintptr_t *chunk_set;
static size_t chunk_set_cap, chunk_set_len;

static size_t chunk_slot(uintptr_t base, size_t cap)
{
    return (size_t)((base / CHUNK_SIZE) * 0x9E3779B97F4A7C15ull) & (cap - 1);
}

static void chunk_set_add(uintptr_t base)
{
    if ((chunk_set_len + 1) * 2 > chunk_set_cap) {
        size_t ncap = chunk_set_cap ? chunk_set_cap * 2 : 64;
        uintptr_t *n = xcalloc(ncap, sizeof *n);
        for (size_t i = 0; i < chunk_set_cap; i++)
            if (chunk_set[i]) {
                size_t j = chunk_slot(chunk_set[i], ncap);
                while (n[j]) j = (j + 1) & (ncap - 1);
                n[j] = chunk_set[i];
            }
        free(chunk_set);
        chunk_set = n;
        chunk_set_cap = ncap;
    }
    size_t j = chunk_slot(base, chunk_set_cap);
    while (chunk_set[j]) j = (j + 1) & (chunk_set_cap - 1);
    chunk_set[j] = base;
    chunk_set_len++;
}

static bool in_chunks(const void *p)
{
    if (!chunk_set_cap) return false;
    uintptr_t base = (uintptr_t)p & ~(uintptr_t)(CHUNK_SIZE - 1);
    size_t j = chunk_slot(base, chunk_set_cap);
    while (chunk_set[j]) {
        if (chunk_set[j] == base) return true;
        j = (j + 1) & (chunk_set_cap - 1);
    }
    return false;
}

static bool new_chunk(void)
{
    /* Map twice the size and trim, so the chunk is CHUNK_SIZE aligned. */
    size_t len = 2 * CHUNK_SIZE;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return false;
    uintptr_t a = ((uintptr_t)p + CHUNK_SIZE - 1) & ~(uintptr_t)(CHUNK_SIZE - 1);
    char *base = (char *)a;
    if (base > p) munmap(p, (size_t)(base - p));
    char *end = base + CHUNK_SIZE;
    if (end < p + len) munmap(end, (size_t)(p + len - end));
    chunk_set_add(a);
    chunk_cur = base;
    chunk_end = end;
    return true;
}

static void *pool_alloc(size_t n)
{
    size_t cls = (n + ALIGN - 1) / ALIGN - 1;
    FreeBlock *b = freelists[cls];
    if (b) {
        freelists[cls] = b->next;
        memset(b, 0, (cls + 1) * ALIGN);
        return b;
    }
    /* Carve a new pool for this class. */
    if (chunk_cur == chunk_end && !new_chunk()) return NULL;
    char *pool = chunk_cur;
    chunk_cur += POOL_SIZE;
    PoolHead *ph = (PoolHead *)pool;
    ph->magic = POOL_MAGIC;
    ph->cls = (uint32_t)cls;
    size_t bsz = (cls + 1) * ALIGN;
    char *first = pool + ALIGN;     /* the header takes the first 16 bytes */
    /* Push the other blocks highest first, so they come out in address order. */
    size_t nblocks = (POOL_SIZE - ALIGN) / bsz;
    for (size_t k = nblocks - 1; k >= 1; k--) {
        FreeBlock *f = (FreeBlock *)(first + k * bsz);
        f->next = freelists[cls];
        freelists[cls] = f;
    }
    return first;   /* mmap'ed memory is zeroed */
}

#ifdef PYDBG_SANITIZERS
/* Sanitizer builds: each small object is its own calloc block, so
 * LeakSanitizer sees each one (it does not look into mmap'ed pools) — but
 * freed blocks are kept on the same per-size free lists as the pools',
 * poisoned while they wait, so addresses are reused as in a normal build
 * (and as pymalloc reuses them: `id(x) == id(y)` after x was freed, which
 * programs observe) while a use after free is still reported.  Each block
 * has a 16-byte header holding its size class. */
#include <sanitizer/asan_interface.h>

/* Block header: [0] the size class (NCLASSES: a large block), [1] the next
 * block on the free list.  The links stay outside the poisoned part:
 * LeakSanitizer does not follow pointers stored in poisoned memory. */
typedef struct SanHead { size_t cls; char *next; } SanHead;
static char *san_free[NCLASSES];

static void *san_alloc(size_t n)
{
    size_t cls = (n + ALIGN - 1) / ALIGN - 1;
    char *m = san_free[cls];
    if (m) {
        san_free[cls] = ((SanHead *)m)->next;
        ((SanHead *)m)->next = NULL;
        ASAN_UNPOISON_MEMORY_REGION(m + ALIGN, (cls + 1) * ALIGN);
        memset(m + ALIGN, 0, (cls + 1) * ALIGN);
        return m + ALIGN;
    }
    m = calloc(1, ALIGN + (cls + 1) * ALIGN);
    if (!m) return NULL;
    ((SanHead *)m)->cls = cls;
    return m + ALIGN;
}

static bool san_free_block(void *p)
{
    char *m = (char *)p - ALIGN;
    size_t cls = ((SanHead *)m)->cls;
    if (cls >= NCLASSES) return false;
    ((SanHead *)m)->next = san_free[cls];
    san_free[cls] = m;
    ASAN_POISON_MEMORY_REGION(p, (cls + 1) * ALIGN);
    return true;
}
#endif

static void mem_free(void *p)
{
#ifdef PYDBG_SANITIZERS
    if (san_free_block(p)) return;
    free((char *)p - ALIGN);
    return;
#endif
    if (in_chunks(p)) {
        PoolHead *ph = (PoolHead *)((uintptr_t)p & ~(uintptr_t)(POOL_SIZE - 1));
        FreeBlock *f = p;
        f->next = freelists[ph->cls];
        freelists[ph->cls] = f;
    } else {
        free(p);
    }
}

static void *mem_alloc(size_t n)
{
#ifdef PYDBG_SANITIZERS
    (void)pool_alloc;
    if (n <= SMALL_MAX) return san_alloc(n ? n : 1);
    /* large: the header says "not a small block" */
    char *m = calloc(1, ALIGN + n);
    if (!m) return NULL;
    ((SanHead *)m)->cls = NCLASSES;
    return m + ALIGN;
#else
    if (n <= SMALL_MAX) return pool_alloc(n ? n : 1);
#endif
    return calloc(1, n);
}

Obj *obj_alloc(TypeObj *t, Ssize nitems)
{
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return NULL;
    if (nitems < 0 || (t->itemsize && nitems > (SSIZE_MAX_ALLOC - t->basicsize) / t->itemsize)) {
        vm_err_no_memory();
        return NULL;
    }
    size_t pre = obj_prehead_size(t);
    size_t size = pre + (size_t)t->basicsize + (size_t)(nitems * t->itemsize);
    size = (size + 7) & ~(size_t)7;
    char *mem = mem_alloc(size);
    if (!mem) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *o = (Obj *)(mem + pre);
    o->refcnt = 1;
    o->type = t;
    if (t->itemsize) ((VarObj *)o)->size = nitems;
    if (t->flags & TPF_HEAPTYPE) INCREF(t);
    if (t->flags & TPF_GC) gc_on_alloc(o);
    return o;
}

Obj *obj_resize_items(Obj *o, Ssize nitems)
{
    TypeObj *t = o->type;
    if (nitems < 0 || (t->itemsize && nitems > (SSIZE_MAX_ALLOC - t->basicsize) / t->itemsize)) {
        vm_err_no_memory();
        return NULL;
    }
    if (obj_prehead_size(t)) {   /* a caller's mistake: the block starts before o */
        vm_err_set_str(&exc_SystemError, "obj_resize_items: object has a pre-header");
        return NULL;
    }
    size_t need = ((size_t)t->basicsize + (size_t)(nitems * t->itemsize) + 7) & ~(size_t)7;
    size_t have;
    char *mem;
#ifdef PYDBG_SANITIZERS
    /* every block has a SanHead before it (see san_alloc) */
    SanHead *h = (SanHead *)((char *)o - ALIGN);
    have = h->cls < NCLASSES ? (h->cls + 1) * ALIGN : malloc_usable_size(h) - ALIGN;
    if (need <= have) return o;
    mem = mem_alloc(need + need / 8);
    if (!mem) {
        vm_err_no_memory();
        return NULL;
    }
    memcpy(mem, o, have);
    mem_free(o);
    return (Obj *)mem;
#endif
    bool pooled = in_chunks(o);
    if (pooled) have = ((PoolHead *)((uintptr_t)o & ~(uintptr_t)(POOL_SIZE - 1)))->cls * ALIGN + ALIGN;
    else have = malloc_usable_size(o);
    if (need <= have) return o;
    size_t want = need + need / 8;
    if (pooled) {
        mem = mem_alloc(want);
        if (mem) {
            memcpy(mem, o, have);
            mem_free(o);
        }
    } else {
        mem = realloc(o, want);
    }
    if (!mem) {
        vm_err_no_memory();
        return NULL;
    }
    return (Obj *)mem;
}

void obj_free(Obj *o)
{
    TypeObj *t = o->type;
    if (t->flags & TPF_GC) gc_on_free(o);
    mem_free((char *)o - obj_prehead_size(t));
    if (t->flags & TPF_HEAPTYPE) DECREF(t);
}

void obj_dealloc(Obj *o)
{
    /* Untrack first, as CPython's GC deallocators do: a collection started
     * by a __del__ run while o's fields are released must not see o. */
    if (obj_has_gc_head(o)) gc_untrack(o);
    o->type->dealloc(o);
}

/* ---- interned identifiers ------------------------------------------------ */

/* Open-addressing cache from a literal's address to its interned str; the
 * cache owns one reference to each str for the life of the process. */
typedef struct IdSlot { const char *lit; Obj *str; } IdSlot;
static IdSlot *id_table;
static size_t id_cap, id_len;

static size_t id_hash(const char *p, size_t cap)
{
    return (size_t)(((uintptr_t)p >> 3) * 0x9E3779B97F4A7C15ull) & (cap - 1);
}

Obj *id_str(const char *lit)
{
    if (id_cap) {
        size_t j = id_hash(lit, id_cap);
        while (id_table[j].lit) {
            if (id_table[j].lit == lit) return id_table[j].str;
            j = (j + 1) & (id_cap - 1);
        }
    }
    Obj *s = str_intern_cstr(lit);
    if (!s) {
        /* Only memory exhaustion gets here; callers treat NULL as a miss. */
        return NULL;
    }
    if ((id_len + 1) * 2 > id_cap) {
        size_t ncap = id_cap ? id_cap * 2 : 512;
        IdSlot *n = xcalloc(ncap, sizeof *n);
        for (size_t i = 0; i < id_cap; i++)
            if (id_table[i].lit) {
                size_t j = id_hash(id_table[i].lit, ncap);
                while (n[j].lit) j = (j + 1) & (ncap - 1);
                n[j] = id_table[i];
            }
        free(id_table);
        id_table = n;
        id_cap = ncap;
    }
    size_t j = id_hash(lit, id_cap);
    while (id_table[j].lit) j = (j + 1) & (id_cap - 1);
    id_table[j].lit = lit;
    id_table[j].str = s;
    id_len++;
    return s;
}

/* ---- None, NotImplemented, Ellipsis ---------------------------------------- */

static Obj *none_repr(Obj *o) { (void)o; return INCREF(id_str("None")); }
static Obj *notimpl_repr(Obj *o) { (void)o; return INCREF(id_str("NotImplemented")); }
static Obj *ellipsis_repr(Obj *o) { (void)o; return INCREF(id_str("Ellipsis")); }
static int none_bool(Obj *o) { (void)o; return 0; }
static int notimpl_bool(Obj *o)
{
    (void)o;
    /* 3.12: DeprecationWarning only (warnings are not shown by default). */
    return 1;
}
static void static_dealloc(Obj *o)
{
    /* A static singleton's count never reaches 0 in a correct program. */
    (void)o;
}

static bool check_no_args(const char *name, Ssize nargs, Obj *kwnames)
{
    if (nargs || (kwnames && TUPLE_LEN(kwnames))) {
        vm_err_format(&exc_TypeError, "%s takes no arguments", name);
        return false;
    }
    return true;
}
static Obj *none_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)t; (void)a;
    return check_no_args("NoneType", n, kw) ? INCREF(NONE) : NULL;
}
static Obj *notimpl_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)t; (void)a;
    return check_no_args("NotImplementedType", n, kw) ? INCREF(NOTIMPL) : NULL;
}
static Obj *ellipsis_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)t; (void)a;
    return check_no_args("ellipsis", n, kw) ? INCREF(ELLIPSIS) : NULL;
}
static Obj *singleton_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_repr(self);
}

/* Hashes that decide set/dict orders must be CPython's: 3.12's hash(None)
 * is a constant; Ellipsis and NotImplemented hash their address, whose low
 * 12 bits are fixed in a build (measured with id() on 3.12.1: ...320 and
 * ...290), which is all a small table looks at. */
static Hash none_hash(Obj *o) { (void)o; return (Hash)0xFCA86420; }
static Hash addr_hash(uintptr_t low12)
{
    uint64_t y = 0x7f0000000000ULL | low12;
    return (Hash)((y >> 4) | (y << 60));
}
static Hash ellipsis_hash(Obj *o) { (void)o; return addr_hash(0x320); }
static Hash notimpl_hash(Obj *o) { (void)o; return addr_hash(0x290); }

static NumberMethods none_as_number = {.bool_ = none_bool};
static NumberMethods notimpl_as_number = {.bool_ = notimpl_bool};
static MethodDef singleton_methods[] = {
    {"__reduce__", singleton_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj none_type = {
    .base = TYPE_HEAD_INIT, .name = "NoneType", .basicsize = sizeof(Obj),
    .dealloc = static_dealloc, .repr = none_repr, .hash = none_hash, .as_number = &none_as_number,
    .new_ = none_new, .methods = singleton_methods,
};
TypeObj notimpl_type = {
    .base = TYPE_HEAD_INIT, .name = "NotImplementedType", .basicsize = sizeof(Obj),
    .dealloc = static_dealloc, .repr = notimpl_repr, .hash = notimpl_hash,
    .as_number = &notimpl_as_number,
    .new_ = notimpl_new, .methods = singleton_methods,
};
TypeObj ellipsis_type = {
    .base = TYPE_HEAD_INIT, .name = "ellipsis", .basicsize = sizeof(Obj),
    .dealloc = static_dealloc, .repr = ellipsis_repr, .hash = ellipsis_hash, .new_ = ellipsis_new,
    .methods = singleton_methods,
};
Obj none_obj = OBJ_HEAD_INIT(&none_type);
Obj notimpl_obj = OBJ_HEAD_INIT(&notimpl_type);
Obj ellipsis_obj = OBJ_HEAD_INIT(&ellipsis_type);

/* ---- the `object` type ------------------------------------------------------- */

static Hash identity_hash(Obj *o)
{
    uintptr_t y = (uintptr_t)o;
    y = (y >> 4) | (y << (8 * sizeof(uintptr_t) - 4));
    Hash h = (Hash)y;
    return h == -1 ? -2 : h;
}

/* "module.qualname" for heap types (module omitted for builtins), tp_name
 * for static types; new str. */
static Obj *type_qualified_name(TypeObj *t)
{
    if (!(t->flags & TPF_HEAPTYPE)) return str_from_cstr(t->name);
    Obj *mod = t->dict ? dict_get_borrow(t->dict, id_str("__module__")) : NULL;
    Obj *qn = t->ht_qualname ? t->ht_qualname : t->ht_name;
    if (mod && STR_CHECK(mod) && !str_eq_cstr(mod, "builtins"))
        return core_fmt("%U.%U", mod, qn);
    return INCREF(qn);
}

Obj *obj_default_repr(Obj *o)
{
    Obj *n = type_qualified_name(OBJ_TYPE(o));
    if (!n) return NULL;
    Obj *r = core_fmt("<%U object at %p>", n, (void *)o);
    DECREF(n);
    return r;
}

static Obj *object_repr(Obj *o) { return obj_default_repr(o); }
/* object.__str__ calls the repr slot itself (not repr()), so a bad result
 * is reported by str() as "__str__ returned non-string", as in 3.12. */
static Obj *object_str(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return NULL;
    return t->repr ? t->repr(o) : obj_default_repr(o);
}

static Obj *object_richcompare(Obj *a, Obj *b, int op)
{
    switch (op) {
    case CMP_EQ:
        return INCREF(a == b ? TRUE_ : NOTIMPL);
    case CMP_NE: {
        /* By default, != delegates to == and inverts it. */
        RichCmpFn f = OBJ_TYPE(a)->richcompare;
        if (!f) return INCREF(NOTIMPL);
        Obj *r = f(a, b, CMP_EQ);
        if (!r || r == NOTIMPL) return r;
        int t = obj_is_true(r);
        DECREF(r);
        if (t < 0) return NULL;
        return bool_from(!t);
    }
    default:
        return INCREF(NOTIMPL);
    }
}

static bool excess_args(Ssize nargs, Obj *kwnames)
{
    return nargs > 0 || (kwnames && TUPLE_LEN(kwnames) > 0);
}

Obj *object_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args;
    if (excess_args(nargs, kwnames)) {
        if (t->new_ != object_new) {
            vm_err_set_str(&exc_TypeError,
                           "object.__new__() takes exactly one argument (the type to instantiate)");
            return NULL;
        }
        if (t->init == object_init) {
            vm_err_format(&exc_TypeError, "%s() takes no arguments", type_name(t));
            return NULL;
        }
    }
    if (t->flags & TPF_ABSTRACT) {
        Obj *am = t->dict ? dict_get_borrow(t->dict, id_str("__abstractmethods__")) : NULL;
        Obj *sorted = am ? seq_to_list(am) : NULL;
        if (sorted && list_sort(sorted, NULL, false) == 0) {
            Ssize n = LIST_LEN(sorted);
            Obj *joined = str_join(id_str("', '"), sorted);
            if (joined)
                vm_err_format(&exc_TypeError,
                              "Can't instantiate abstract class %s without an implementation "
                              "for abstract method%s '%U'",
                              type_name(t), n > 1 ? "s" : "", joined);
            XDECREF(joined);
        }
        XDECREF(sorted);
        if (!vm_err_occurred())
            vm_err_format(&exc_TypeError, "Can't instantiate abstract class %s", type_name(t));
        return NULL;
    }
    return obj_alloc(t, 0);
}

int object_init(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args;
    TypeObj *t = OBJ_TYPE(o);
    if (excess_args(nargs, kwnames)) {
        if (t->init != object_init) {
            vm_err_set_str(&exc_TypeError,
                           "object.__init__() takes exactly one argument (the instance to initialize)");
            return -1;
        }
        if (t->new_ == object_new) {
            vm_err_format(&exc_TypeError,
                          "%s.__init__() takes exactly one argument (the instance to initialize)",
                          type_name(t));
            return -1;
        }
    }
    return 0;
}

static void object_dealloc(Obj *o) { obj_free(o); }

static Obj *object_get_class(Obj *o, void *c)
{
    (void)c;
    return INCREF(OBJ_TYPE(o));
}

/* Layouts are compatible when both types end up with the same storage. */
static TypeObj *solid_base(TypeObj *t)
{
    while (t->tp_base && t->basicsize == t->tp_base->basicsize && t->itemsize == t->tp_base->itemsize)
        t = t->tp_base;
    return t;
}

static int object_set_class(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "can't delete __class__ attribute");
        return -1;
    }
    if (!TYPE_CHECK(v)) {
        vm_err_format(&exc_TypeError, "__class__ must be set to a class, not '%s' object",
                      type_name(OBJ_TYPE(v)));
        return -1;
    }
    TypeObj *nt = (TypeObj *)v, *ot = OBJ_TYPE(o);
    bool modules = type_is_subtype(nt, &module_type) && type_is_subtype(ot, &module_type);
    if (!modules && (!(nt->flags & TPF_HEAPTYPE) || !(ot->flags & TPF_HEAPTYPE))) {
        vm_err_set_str(&exc_TypeError,
                       "__class__ assignment only supported for mutable types or ModuleType subclasses");
        return -1;
    }
    unsigned managed = TPF_MANAGED_DICT | TPF_MANAGED_WEAKREF;
    if (solid_base(nt) != solid_base(ot) || (nt->flags & managed) != (ot->flags & managed) ||
        nt->weaklistoffset != ot->weaklistoffset ||
        nt->basicsize != ot->basicsize || nt->itemsize != ot->itemsize) {
        vm_err_format(&exc_TypeError, "__class__ assignment: '%s' object layout differs from '%s'",
                      type_name(nt), type_name(ot));
        return -1;
    }
    INCREF(nt);
    o->type = nt;
    DECREF(ot);
    return 0;
}

static Obj *object_format_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    if (args_count("__format__", nargs, 1, 1) < 0) return NULL;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "__format__() argument must be str, not %s",
                      args[0] == NONE ? "None" : type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    if (VAR_SIZE(args[0]) > 0) {
        vm_err_format(&exc_TypeError, "unsupported format string passed to %s.__format__",
                      OBJ_TYPE(self)->name);
        return NULL;
    }
    return obj_str(self);
}

/* Merge the keys of cls.__dict__ and its bases' into dict d (dir()). */
static int merge_class_dict(Obj *d, Obj *cls)
{
    Obj *cd;
    if (obj_lookup_attr(cls, id_str("__dict__"), &cd) < 0) return -1;
    if (cd) {
        int r = dict_update(d, cd);
        DECREF(cd);
        if (r < 0) return -1;
    }
    Obj *bases;
    if (obj_lookup_attr(cls, id_str("__bases__"), &bases) < 0) return -1;
    if (!bases) return 0;
    if (TUPLE_CHECK(bases)) {
        for (Ssize i = 0; i < TUPLE_LEN(bases); i++)
            if (merge_class_dict(d, TUPLE_ITEMS(bases)[i]) < 0) {
                DECREF(bases);
                return -1;
            }
    }
    DECREF(bases);
    return 0;
}

static Obj *object_dir_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *dict;
    if (obj_lookup_attr(self, id_str("__dict__"), &dict) < 0) return NULL;
    Obj *d;
    if (dict && DICT_CHECK(dict)) d = dict_copy(dict);
    else d = dict_new();
    XDECREF(dict);
    if (!d) return NULL;
    Obj *cls;
    if (obj_lookup_attr(self, id_str("__class__"), &cls) < 0) {
        DECREF(d);
        return NULL;
    }
    if (cls && merge_class_dict(d, cls) < 0) {
        DECREF(cls);
        DECREF(d);
        return NULL;
    }
    XDECREF(cls);
    Obj *r = dict_keys_list(d);
    DECREF(d);
    return r;
}

static Obj *object_subclasshook(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)cls; (void)a; (void)n; (void)kw;
    return INCREF(NOTIMPL);
}

static Obj *object_init_subclass(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (n || (kw && TUPLE_LEN(kw))) {
        vm_err_format(&exc_TypeError, "%s.__init_subclass__() takes no keyword arguments",
                      type_name((TypeObj *)cls));
        return NULL;
    }
    return INCREF(NONE);
}

static MethodDef object_methods[] = {
    {"__reduce_ex__", object_reduce_ex_m, METH_FAST, "Helper for pickle."},
    {"__reduce__", object_reduce_m, METH_NOARGS, "Helper for pickle."},
    {"__getstate__", object_getstate_m, METH_NOARGS, "Helper for pickle."},
    {"__subclasshook__", object_subclasshook, METH_FAST | METH_CLASS, NULL},
    {"__init_subclass__", object_init_subclass, METH_FAST | METH_CLASS, NULL},
    {"__format__", object_format_m, METH_FAST, "Default object formatter."},
    {"__sizeof__", object_sizeof_m, METH_NOARGS, "Size of object in memory, in bytes."},
    {"__dir__", object_dir_m, METH_NOARGS, "Default dir() implementation."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef object_getset[] = {
    {"__class__", object_get_class, object_set_class, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj object_type = {
    .base = TYPE_HEAD_INIT,
    .name = "object",
    .basicsize = sizeof(Obj),
    .flags = TPF_BASETYPE,
    .dealloc = object_dealloc,
    .repr = object_repr,
    .str = object_str,
    .hash = identity_hash,
    .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr,
    .richcompare = object_richcompare,
    .new_ = object_new,
    .init = object_init,
    .methods = object_methods,
    .getset = object_getset,
    .doc = "The base class of the class hierarchy.",
};

/* ---- repr / str / ascii / format ------------------------------------------- */

Obj *obj_repr(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return NULL;
    if (!t->repr) return obj_default_repr(o);
    if (vm_enter_c(" while getting the repr of an object") < 0) return NULL;
    Obj *r = t->repr(o);
    vm_leave_c();
    if (r && !STR_CHECK(r)) {
        vm_err_format(&exc_TypeError, "__repr__ returned non-string (type %s)",
                      type_name(OBJ_TYPE(r)));
        DECREF(r);
        return NULL;
    }
    return r;
}

Obj *obj_str(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (t == &str_type) return INCREF(o);
    if (!t->str) return obj_repr(o);
    if (vm_enter_c(" while getting the str of an object") < 0) return NULL;
    Obj *r = t->str(o);
    vm_leave_c();
    if (r && !STR_CHECK(r)) {
        vm_err_format(&exc_TypeError, "__str__ returned non-string (type %s)",
                      type_name(OBJ_TYPE(r)));
        DECREF(r);
        return NULL;
    }
    return r;
}

Obj *obj_ascii(Obj *o)
{
    Obj *r = obj_repr(o);
    if (!r) return NULL;
    if (((StrObj *)r)->ascii) return r;
    Ssize n = VAR_SIZE(r);
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(r, i);
        if (c < 128) sbuf_putc(&b, (char)c);
        else if (c < 256) sbuf_printf(&b, "\\x%02x", c);
        else if (c < 65536) sbuf_printf(&b, "\\u%04x", c);
        else sbuf_printf(&b, "\\U%08x", c);
    }
    DECREF(r);
    Obj *s = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

Obj *obj_format(Obj *o, Obj *spec)
{
    Obj *empty = NULL;
    if (!spec) spec = empty = str_from_cstr("");
    if (!spec) return NULL;
    if (!STR_CHECK(spec)) {   /* a __format__ passing its argument on unchecked */
        vm_err_format(&exc_TypeError, "__format__() argument must be str, not %s",
                      spec == NONE ? "None" : type_name(OBJ_TYPE(spec)));
        return NULL;
    }
    /* Fast paths: exact str/int with an empty spec. */
    if (VAR_SIZE(spec) == 0) {
        if (IS_TYPE(o, str_type)) {
            XDECREF(empty);
            return INCREF(o);
        }
        if (IS_TYPE(o, int_type)) {
            XDECREF(empty);
            return obj_str(o);
        }
    }
    Obj *meth = lookup_special(o, "__format__");
    if (!meth) {
        XDECREF(empty);
        if (!vm_err_occurred())
            vm_err_format(&exc_TypeError, "Type %s doesn't define __format__",
                          type_name(OBJ_TYPE(o)));
        return NULL;
    }
    Obj *r = obj_call(meth, &spec, 1, NULL);
    DECREF(meth);
    XDECREF(empty);
    if (r && !STR_CHECK(r)) {
        vm_err_format(&exc_TypeError, "__format__ must return a str, not %s",
                      type_name(OBJ_TYPE(r)));
        DECREF(r);
        return NULL;
    }
    return r;
}

/* ---- hash ------------------------------------------------------------------------ */

Hash hash_not_implemented(Obj *o)
{
    vm_err_format(&exc_TypeError, "unhashable type: '%s'", OBJ_TYPE(o)->name);
    return -1;
}

Hash obj_hash(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return -1;
    if (!t->hash) return hash_not_implemented(o);
    return t->hash(o);
}

/* ---- rich comparison ------------------------------------------------------------- */

static const int swapped_op[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};
static const char *const op_symbol[] = {"<", "<=", "==", "!=", ">", ">="};

static Obj *do_richcompare(Obj *v, Obj *w, int op)
{
    TypeObj *tv = OBJ_TYPE(v), *tw = OBJ_TYPE(w);
    if ((!(tv->flags & TPF_READY) && type_ready(tv) < 0) ||
        (!(tw->flags & TPF_READY) && type_ready(tw) < 0))
        return NULL;
    bool checked_reverse = false;
    Obj *r;
    if (tv != tw && type_is_subtype(tw, tv) && tw->richcompare) {
        checked_reverse = true;
        r = tw->richcompare(w, v, swapped_op[op]);
        if (r != NOTIMPL) return r;
        DECREF(r);
    }
    if (tv->richcompare) {
        r = tv->richcompare(v, w, op);
        if (r != NOTIMPL) return r;
        DECREF(r);
    }
    if (!checked_reverse && tw->richcompare) {
        r = tw->richcompare(w, v, swapped_op[op]);
        if (r != NOTIMPL) return r;
        DECREF(r);
    }
    switch (op) {
    case CMP_EQ: return bool_from(v == w);
    case CMP_NE: return bool_from(v != w);
    default:
        vm_err_format(&exc_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                      op_symbol[op], tv->name, tw->name);
        return NULL;
    }
}

Obj *obj_richcompare(Obj *a, Obj *b, int op)
{
    if (op < CMP_LT || op > CMP_GE) {
        vm_err_set_str(&exc_SystemError, "bad comparison operator");
        return NULL;
    }
    if (vm_enter_c(" in comparison") < 0) return NULL;
    Obj *r = do_richcompare(a, b, op);
    vm_leave_c();
    return r;
}

int obj_richcompare_bool(Obj *a, Obj *b, int op)
{
    if (a == b) {
        if (op == CMP_EQ) return 1;
        if (op == CMP_NE) return 0;
    }
    Obj *r = obj_richcompare(a, b, op);
    if (!r) return -1;
    int t;
    if (r == TRUE_) t = 1;
    else if (r == FALSE_) t = 0;
    else t = obj_is_true(r);
    DECREF(r);
    return t;
}

/* ---- truth ---------------------------------------------------------------------------- */

int obj_is_true(Obj *o)
{
    if (o == TRUE_) return 1;
    if (o == FALSE_ || o == NONE) return 0;
    TypeObj *t = OBJ_TYPE(o);
    if (t->as_number && t->as_number->bool_) return t->as_number->bool_(o);
    Ssize n;
    if (t->as_mapping && t->as_mapping->length) n = t->as_mapping->length(o);
    else if (t->as_sequence && t->as_sequence->length) n = t->as_sequence->length(o);
    else return 1;
    return n < 0 ? -1 : n > 0;
}

/* ---- attributes ------------------------------------------------------------------------ */

Obj **obj_dict_ptr(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (t->flags & TPF_MANAGED_DICT) return obj_managed_dict(o);
    if (t->dictoffset > 0) return (Obj **)((char *)o + t->dictoffset);
    return NULL;
}

static int check_name(Obj *name)
{
    if (!STR_CHECK(name)) {
        vm_err_format(&exc_TypeError, "attribute name must be string, not '%s'",
                      type_name(OBJ_TYPE(name)));
        return -1;
    }
    return 0;
}

/* AttributeError with .name and .obj set (used for suggestions by the
 * traceback printer). */
static void attr_error(Obj *o, Obj *name)
{
    vm_err_format(&exc_AttributeError, "'%s' object has no attribute '%U'",
                  OBJ_TYPE(o)->name, name);
    if (vm && vm->exc && type_is_subtype(OBJ_TYPE(vm->exc), &exc_AttributeError)) {
        obj_setattr(vm->exc, id_str("name"), name);
        obj_setattr(vm->exc, id_str("obj"), o);
    }
}

Obj *obj_generic_getattr(Obj *o, Obj *name)
{
    if (check_name(name) < 0) return NULL;
    TypeObj *t = OBJ_TYPE(o);
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return NULL;
    Obj *descr = type_lookup(t, name);
    DescrGetFn f = NULL;
    if (descr) {
        INCREF(descr);
        f = OBJ_TYPE(descr)->descr_get;
        if (f && OBJ_TYPE(descr)->descr_set) {
            Obj *r = f(descr, o, (Obj *)t);
            DECREF(descr);
            return r;
        }
    }
    Obj **dp = obj_dict_ptr(o);
    if (dp && *dp) {
        Obj *d = INCREF(*dp);
        Obj *v = dict_get_borrow(d, name);
        if (v) {
            INCREF(v);
            DECREF(d);
            XDECREF(descr);
            return v;
        }
        DECREF(d);
        if (vm_err_occurred()) {
            XDECREF(descr);
            return NULL;
        }
    }
    if (f) {
        Obj *r = f(descr, o, (Obj *)t);
        DECREF(descr);
        return r;
    }
    if (descr) return descr;
    attr_error(o, name);
    return NULL;
}

int obj_generic_setattr(Obj *o, Obj *name, Obj *value)
{
    if (check_name(name) < 0) return -1;
    TypeObj *t = OBJ_TYPE(o);
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return -1;
    Obj *descr = type_lookup(t, name);
    if (descr && OBJ_TYPE(descr)->descr_set) {
        INCREF(descr);
        int r = OBJ_TYPE(descr)->descr_set(descr, o, value);
        DECREF(descr);
        return r;
    }
    Obj **dp = obj_dict_ptr(o);
    if (!dp) {
        if (descr)
            vm_err_format(&exc_AttributeError, "'%s' object attribute '%U' is read-only",
                          type_name(t), name);
        else
            attr_error(o, name);
        return -1;
    }
    if (!*dp) {
        if (!value) {
            attr_error(o, name);
            return -1;
        }
        if (!(*dp = dict_new())) return -1;
        if (OBJ_TYPE(o)->flags & TPF_MANAGED_DICT)
            gc_uncount(*dp);
    }
    Obj *d = INCREF(*dp);
    int r;
    if (value) {
        r = dict_set(d, name, value);
    } else {
        r = dict_del(d, name);
        if (r < 0 && vm_err_matches(&exc_KeyError)) {
            vm_err_clear();
            attr_error(o, name);
        }
    }
    DECREF(d);
    return r;
}

Obj *obj_getattr(Obj *o, Obj *name)
{
    if (check_name(name) < 0) return NULL;
    TypeObj *t = OBJ_TYPE(o);
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return NULL;
    if (t->getattro) return t->getattro(o, name);
    return obj_generic_getattr(o, name);
}

Obj *obj_getattr_str(Obj *o, const char *name)
{
    Obj *n = str_from_cstr(name);
    if (!n) return NULL;
    Obj *r = obj_getattr(o, n);
    DECREF(n);
    return r;
}

int obj_setattr_str(Obj *o, const char *name, Obj *v)
{
    Obj *n = str_from_cstr(name);
    if (!n) return -1;
    int r = obj_setattr(o, n, v);
    DECREF(n);
    return r;
}

int obj_lookup_attr(Obj *o, Obj *name, Obj **out)
{
    *out = obj_getattr(o, name);
    if (*out) return 1;
    if (vm_err_matches(&exc_AttributeError)) {
        vm_err_clear();
        return 0;
    }
    return -1;
}

int obj_setattr(Obj *o, Obj *name, Obj *value)
{
    if (check_name(name) < 0) return -1;
    TypeObj *t = OBJ_TYPE(o);
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return -1;
    Obj *n = INCREF(name);
    if (IS_TYPE(n, str_type)) str_intern_inplace(&n);
    int r;
    if (t->setattro) {
        r = t->setattro(o, n, value);
    } else {
        bool ro = t->getattro == NULL;
        vm_err_format(&exc_TypeError, "'%s' object has %s attributes (%s .%U)", type_name(t),
                      ro ? "no" : "only read-only", value ? "assign to" : "del", n);
        r = -1;
    }
    DECREF(n);
    return r;
}

int obj_get_method(Obj *o, Obj *name, Obj **out)
{
    TypeObj *t = OBJ_TYPE(o);
    *out = NULL;
    if (t->getattro != obj_generic_getattr || !STR_CHECK(name)) {
        *out = obj_getattr(o, name);
        return *out ? 0 : -1;
    }
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return -1;
    Obj *descr = type_lookup(t, name);
    bool meth_found = false;
    DescrGetFn f = NULL;
    if (descr) {
        INCREF(descr);
        if (OBJ_TYPE(descr)->flags & TPF_METHOD_DESCR) {
            meth_found = true;
        } else {
            f = OBJ_TYPE(descr)->descr_get;
            if (f && OBJ_TYPE(descr)->descr_set) {
                *out = f(descr, o, (Obj *)t);
                DECREF(descr);
                return *out ? 0 : -1;
            }
        }
    }
    Obj **dp = obj_dict_ptr(o);
    if (dp && *dp) {
        Obj *d = INCREF(*dp);
        Obj *v = dict_get_borrow(d, name);
        if (v) {
            *out = INCREF(v);
            DECREF(d);
            XDECREF(descr);
            return 0;
        }
        DECREF(d);
        if (vm_err_occurred()) {
            XDECREF(descr);
            return -1;
        }
    }
    if (meth_found) {
        *out = descr;
        return 1;
    }
    if (f) {
        *out = f(descr, o, (Obj *)t);
        DECREF(descr);
        return *out ? 0 : -1;
    }
    if (descr) {
        *out = descr;
        return 0;
    }
    attr_error(o, name);
    return -1;
}

/* ---- special method lookup --------------------------------------------------------- */

Obj *lookup_special(Obj *self, const char *name)
{
    TypeObj *t = OBJ_TYPE(self);
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return NULL;
    Obj *f = type_lookup(t, id_str(name));
    if (!f) return NULL;
    DescrGetFn g = OBJ_TYPE(f)->descr_get;
    if (!g) return INCREF(f);
    return g(f, self, (Obj *)t);
}

Obj *call_special(Obj *self, const char *name, Obj *const *args, Ssize nargs, int *found)
{
    TypeObj *t = OBJ_TYPE(self);
    Obj *f = type_lookup(t, id_str(name));
    if (!f) {
        *found = 0;
        return NULL;
    }
    *found = 1;
    INCREF(f);
    Obj *r;
    if (OBJ_TYPE(f)->flags & TPF_METHOD_DESCR) {
        /* Unbound call with self prepended, no bound-method object. */
        Obj *stackbuf[8];
        Obj **v = nargs + 1 <= 8 ? stackbuf : xmalloc(sizeof(Obj *) * (size_t)(nargs + 1));
        v[0] = self;
        for (Ssize i = 0; i < nargs; i++) v[i + 1] = args[i];
        r = obj_call(f, v, nargs + 1, NULL);
        if (v != stackbuf) free(v);
    } else {
        DescrGetFn g = OBJ_TYPE(f)->descr_get;
        Obj *bound = g ? g(f, self, (Obj *)t) : INCREF(f);
        r = bound ? obj_call(bound, args, nargs, NULL) : NULL;
        XDECREF(bound);
    }
    DECREF(f);
    return r;
}
