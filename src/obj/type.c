/* type.c — type objects: readying static types (slot inheritance, MRO, the
 * type dict filled with method / getset / slot-wrapper descriptors), `type`
 * itself (attribute lookup with metaclass descriptors, calling a class,
 * type(name, bases, ns)), heap types made by `class` (C3 MRO, metaclass
 * selection, instance layout with __dict__/__weakref__ or __slots__, slot
 * functions that call the Python dunders, __set_name__/__init_subclass__),
 * and super().
 *
 * Invariants: t->mro is a tuple starting with t; type_lookup() walks it and
 * returns borrowed references.  A heap type's slots are recomputed from its
 * MRO whenever a dunder is set or deleted on it or on a base (the SlotDef
 * table below pairs every slot with its dunder names), so a slot is the
 * C function of a builtin base when the dunder resolves to that base's slot
 * wrapper, and the Python dispatcher otherwise.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/obj/objimpl.h"

/* ---- MRO lookup ------------------------------------------------------------- */

bool type_is_subtype(const TypeObj *a, const TypeObj *b)
{
    if (a == b) return true;
    Obj *mro = a->mro;
    if (mro) {
        for (Ssize i = 0; i < TUPLE_LEN(mro); i++)
            if (TUPLE_ITEMS(mro)[i] == (Obj *)b) return true;
        return false;
    }
    /* Not readied yet: walk the primary bases. */
    for (const TypeObj *t = a; t; t = t->tp_base)
        if (t == b) return true;
    return b == &object_type;
}

/* ---- the method cache ---------------------------------------------------------
 * (version tag, name) -> result of the MRO walk, as CPython's.  A type's tag
 * is 0 until a lookup assigns one, and goes back to 0 (with all its
 * subclasses') whenever its dict or MRO changes (type_modified); a valid
 * tag implies valid tags on every base, so invalidating downwards is
 * enough.  Names are held by the cache so a pointer cannot be reused. */
#define MCACHE_BITS 12
#define MCACHE_SIZE (1u << MCACHE_BITS)
typedef struct MCacheEntry { unsigned tag; Obj *name; Obj *value; } MCacheEntry;
static MCacheEntry mcache[MCACHE_SIZE];
static unsigned next_version_tag = 1;

static void sub_modified(TypeObj *t, int depth);

void type_modified(TypeObj *t)
{
    sub_modified(t, 0);
}

static bool assign_version_tag(TypeObj *t)
{
    if (t->version_tag) return true;
    if (!t->mro) return false;
    for (Ssize i = 1; i < TUPLE_LEN(t->mro); i++)
        if (!assign_version_tag((TypeObj *)TUPLE_ITEMS(t->mro)[i])) return false;
    if (next_version_tag == 0) {
        /* Wrapped: forget everything and start over. */
        for (size_t i = 0; i < MCACHE_SIZE; i++) {
            mcache[i].tag = 0;
            mcache[i].value = NULL;
        }
        next_version_tag = 1;
    }
    t->version_tag = next_version_tag++;
    return true;
}

static Obj *lookup_mro(TypeObj *t, Obj *name);

Obj *type_lookup(TypeObj *t, Obj *name)
{
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) {
        vm_err_clear();
        return NULL;
    }
    if (IS_TYPE(name, str_type) && assign_version_tag(t)) {
        size_t h = (size_t)((((uintptr_t)name >> 4) ^ (uintptr_t)t->version_tag * 0x9E3779B1u)) &
                   (MCACHE_SIZE - 1);
        MCacheEntry *e = &mcache[h];
        if (e->tag == t->version_tag && e->name == name) return e->value;
        Obj *v = lookup_mro(t, name);
        e->tag = t->version_tag;
        obj_setref(&e->name, INCREF(name));
        e->value = v;
        return v;
    }
    return lookup_mro(t, name);
}

static Obj *lookup_mro(TypeObj *t, Obj *name)
{
    Obj *mro = t->mro;
    if (!mro) return NULL;
    /* A lookup never reports an error (_PyType_Lookup), but only an error
     * raised by this lookup is ours to clear: native code may look up
     * attributes while its caller's exception is pending (cleanup paths),
     * and clearing that one lost it whenever the method cache missed. */
    bool pending = vm_err_occurred();
    for (Ssize i = 0; i < TUPLE_LEN(mro); i++) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
        if (!b->dict) continue;
        Obj *v = dict_get_borrow(b->dict, name);
        if (v) return v;
        if (!pending && vm_err_occurred()) {
            vm_err_clear();
            return NULL;
        }
    }
    return NULL;
}

const char *type_name(const TypeObj *t)
{
    if (t->flags & TPF_HEAPTYPE) return t->name;
    const char *d = strrchr(t->name, '.');
    return d ? d + 1 : t->name;
}

/* ---- slot table ---------------------------------------------------------------- */

void **slot_ptr(TypeObj *t, const SlotDef *d)
{
    char *base;
    switch (d->where) {
    case SLOT_TYPE: base = (char *)t; break;
    case SLOT_NUM: base = (char *)t->as_number; break;
    case SLOT_SEQ: base = (char *)t->as_sequence; break;
    default: base = (char *)t->as_mapping; break;
    }
    return base ? (void **)(base + d->offset) : NULL;
}

/* Look a dunder up on the type of self and call it bound; *found = 0 when
 * the type has no such attribute. */
static Obj *vcall(Obj *self, const char *name, int *found, Ssize nargs, ...)
{
    Obj *args[4];
    va_list ap;
    va_start(ap, nargs);
    for (Ssize i = 0; i < nargs && i < 4; i++) args[i] = va_arg(ap, Obj *);
    va_end(ap);
    return call_special(self, name, args, nargs, found);
}

/* Call a dunder that must exist (it resolved when the slot was set), and
 * give AttributeError-like behaviour when it was deleted since. */
static Obj *vcall_req(Obj *self, const char *name, Ssize nargs, ...)
{
    Obj *args[4];
    va_list ap;
    va_start(ap, nargs);
    for (Ssize i = 0; i < nargs && i < 4; i++) args[i] = va_arg(ap, Obj *);
    va_end(ap);
    int found;
    Obj *r = call_special(self, name, args, nargs, &found);
    if (!found) vm_err_set_obj(&exc_AttributeError, id_str(name));
    return r;
}

/* Call the dunder, NotImplemented when missing. */
static Obj *vcall_ni(Obj *self, const char *name, Ssize nargs, Obj *a, Obj *b)
{
    int found;
    Obj *args[2] = {a, b};
    Obj *r = call_special(self, name, args, nargs, &found);
    if (!found) return INCREF(NOTIMPL);
    return r;
}

static Obj *slot_tp_repr(Obj *self)
{
    int found;
    Obj *r = vcall(self, "__repr__", &found, 0);
    if (!found) return obj_default_repr(self);
    return r;
}

static Obj *slot_tp_str(Obj *self)
{
    int found;
    Obj *r = vcall(self, "__str__", &found, 0);
    if (!found) return obj_repr(self);
    return r;
}

static Hash slot_tp_hash(Obj *self)
{
    Obj *f = type_lookup(OBJ_TYPE(self), id_str("__hash__"));
    if (!f || f == NONE) return hash_not_implemented(self);
    int found;
    Obj *r = vcall(self, "__hash__", &found, 0);
    if (!r) return -1;
    if (!INT_CHECK(r)) {
        DECREF(r);
        vm_err_set_str(&exc_TypeError, "__hash__ method should return an integer");
        return -1;
    }
    Hash h;
    int64_t v;
    if (int_fits_i64(r) && int_as_i64(r, &v) == 0) h = (Hash)v;
    else h = int_hash(r);
    DECREF(r);
    if (h == -1 && !vm_err_occurred()) h = -2;
    return h;
}

static Obj *slot_tp_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *f = lookup_special(self, "__call__");
    if (!f) {
        if (!vm_err_occurred())
            vm_err_format(&exc_TypeError, "'%s' object is not callable", OBJ_TYPE(self)->name);
        return NULL;
    }
    /* an instance's __call__: reached through _PyObject_MakeTpCall in
     * 3.12, one unit of the C recursion budget (see type_call) */
    Obj *r = NULL;
    if (vm_enter_c(" while calling a Python object") == 0) {
        r = obj_call(f, args, nargs, kwnames);
        vm_leave_c();
    }
    DECREF(f);
    return r;
}

static Obj *slot_tp_getattr_hook(Obj *self, Obj *name)
{
    TypeObj *t = OBJ_TYPE(self);
    Obj *getattr = type_lookup(t, id_str("__getattr__"));
    Obj *getattribute = type_lookup(t, id_str("__getattribute__"));
    Obj *r;
    if (!getattribute || (IS_TYPE(getattribute, wrapper_descr_type) &&
                          ((WrapperDescrObj *)getattribute)->wrapped == (void *)obj_generic_getattr)) {
        r = obj_generic_getattr(self, name);
    } else {
        INCREF(getattribute);
        DescrGetFn g = OBJ_TYPE(getattribute)->descr_get;
        Obj *bound = g ? g(getattribute, self, (Obj *)t) : INCREF(getattribute);
        DECREF(getattribute);
        r = bound ? obj_call(bound, &name, 1, NULL) : NULL;
        XDECREF(bound);
    }
    if (r || !getattr || !vm_err_matches(&exc_AttributeError)) return r;
    vm_err_clear();
    INCREF(getattr);
    DescrGetFn g = OBJ_TYPE(getattr)->descr_get;
    Obj *bound = g ? g(getattr, self, (Obj *)t) : INCREF(getattr);
    DECREF(getattr);
    r = bound ? obj_call(bound, &name, 1, NULL) : NULL;
    XDECREF(bound);
    return r;
}

static int slot_tp_setattro(Obj *self, Obj *name, Obj *value)
{
    Obj *r = value ? vcall_req(self, "__setattr__", 2, name, value)
                   : vcall_req(self, "__delattr__", 1, name);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static const char *const cmp_names[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};

static Obj *slot_tp_richcompare(Obj *self, Obj *other, int op)
{
    return vcall_ni(self, cmp_names[op], 1, other, NULL);
}

static Obj *slot_tp_iter(Obj *self)
{
    Obj *f = type_lookup(OBJ_TYPE(self), id_str("__iter__"));
    if (f == NONE) {
        vm_err_format(&exc_TypeError, "'%s' object is not iterable", type_name(OBJ_TYPE(self)));
        return NULL;
    }
    if (f) {
        int found;
        return vcall(self, "__iter__", &found, 0);
    }
    if (type_lookup(OBJ_TYPE(self), id_str("__getitem__"))) return seqiter_new(self);
    vm_err_format(&exc_TypeError, "'%s' object is not iterable", type_name(OBJ_TYPE(self)));
    return NULL;
}

static Obj *slot_tp_iternext(Obj *self)
{
    Obj *r = vcall_req(self, "__next__", 0);
    if (!r && vm_err_matches(&exc_StopIteration)) {
        /* The exhausted-iterator convention; the value is only wanted by
         * `yield from`, which calls __next__ through obj_iternext_value. */
        vm_err_clear();
    }
    return r;
}

static Obj *slot_tp_descr_get(Obj *self, Obj *obj, Obj *type)
{
    Obj *f = type_lookup(OBJ_TYPE(self), id_str("__get__"));
    if (!f) return INCREF(self);
    return vcall_req(self, "__get__", 2, obj ? obj : NONE, type ? type : NONE);
}

static int slot_tp_descr_set(Obj *self, Obj *obj, Obj *value)
{
    Obj *r = value ? vcall_req(self, "__set__", 2, obj, value) : vcall_req(self, "__delete__", 1, obj);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static int slot_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *f = lookup_special(self, "__init__");
    if (!f) {
        if (!vm_err_occurred()) vm_err_set_obj(&exc_AttributeError, id_str("__init__"));
        return -1;
    }
    Obj *r = obj_call(f, args, nargs, kwnames);
    DECREF(f);
    if (!r) return -1;
    if (r != NONE) {
        vm_err_format(&exc_TypeError, "__init__() should return None, not '%s'",
                      type_name(OBJ_TYPE(r)));
        DECREF(r);
        return -1;
    }
    DECREF(r);
    return 0;
}

static Obj *slot_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    /* __new__ is a static method: look it up on the type and pass the type. */
    Obj *f = obj_getattr((Obj *)t, id_str("__new__"));
    if (!f) return NULL;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    Obj *stackbuf[8];
    Obj **v = nargs + nkw + 1 <= 8 ? stackbuf : xmalloc(sizeof(Obj *) * (size_t)(nargs + nkw + 1));
    v[0] = (Obj *)t;
    for (Ssize i = 0; i < nargs + nkw; i++) v[i + 1] = args[i];
    Obj *r = obj_call(f, v, nargs + 1, kwnames);
    if (v != stackbuf) free(v);
    DECREF(f);
    return r;
}

static void slot_tp_finalize(Obj *self)
{
    Obj *saved = vm_err_fetch();
    Obj *del = type_lookup(OBJ_TYPE(self), id_str("__del__"));
    if (del) {
        INCREF(del);
        int found;
        Obj *r = vcall(self, "__del__", &found, 0);
        if (r) DECREF(r);
        else vm_err_write_unraisable("Exception ignored in", del);
        DECREF(del);
    }
    vm_err_restore(saved);
}

/* Binary number dispatch: CPython's rules for a slot shared by __op__ and
 * __rop__ (the reflected method of the right operand is tried first when its
 * type is a subclass that overrides it). */
static bool method_overrides(TypeObj *sub, TypeObj *base, const char *rname)
{
    Obj *a = type_lookup(sub, id_str(rname));
    Obj *b = type_lookup(base, id_str(rname));
    return a && a != b;
}

/* me: the dispatcher itself, to tell which operand's type uses it. */
static Obj *binary_dispatch(Obj *self, Obj *other, const char *name, const char *rname, size_t off,
                            void *me)
{
    TypeObj *ta = OBJ_TYPE(self), *tb = OBJ_TYPE(other);
    bool a_is = ta->as_number && *(void **)((char *)ta->as_number + off) == me;
    bool b_is = tb->as_number && *(void **)((char *)tb->as_number + off) == me;
    bool do_other = ta != tb && b_is && rname && type_lookup(tb, id_str(rname));
    if (a_is) {
        if (do_other && type_is_subtype(tb, ta) && method_overrides(tb, ta, rname)) {
            Obj *r = vcall_ni(other, rname, 1, self, NULL);
            if (r != NOTIMPL) return r;
            DECREF(r);
            do_other = false;
        }
        Obj *r = vcall_ni(self, name, 1, other, NULL);
        if (r != NOTIMPL || ta == tb) return r;
        DECREF(r);
    }
    if (do_other) return vcall_ni(other, rname, 1, self, NULL);
    return INCREF(NOTIMPL);
}

#define NBOFF(f) offsetof(NumberMethods, f)
#define BINSLOT(fn, slot, n, rn) \
    static Obj *fn(Obj *a, Obj *b) { return binary_dispatch(a, b, n, rn, NBOFF(slot), (void *)fn); }
BINSLOT(slot_nb_add, add, "__add__", "__radd__")
BINSLOT(slot_nb_subtract, subtract, "__sub__", "__rsub__")
BINSLOT(slot_nb_multiply, multiply, "__mul__", "__rmul__")
BINSLOT(slot_nb_remainder, remainder, "__mod__", "__rmod__")
BINSLOT(slot_nb_divmod, divmod, "__divmod__", "__rdivmod__")
BINSLOT(slot_nb_lshift, lshift, "__lshift__", "__rlshift__")
BINSLOT(slot_nb_rshift, rshift, "__rshift__", "__rrshift__")
BINSLOT(slot_nb_and, and_, "__and__", "__rand__")
BINSLOT(slot_nb_xor, xor_, "__xor__", "__rxor__")
BINSLOT(slot_nb_or, or_, "__or__", "__ror__")
BINSLOT(slot_nb_floor_divide, floor_divide, "__floordiv__", "__rfloordiv__")
BINSLOT(slot_nb_true_divide, true_divide, "__truediv__", "__rtruediv__")
BINSLOT(slot_nb_matrix_multiply, matrix_multiply, "__matmul__", "__rmatmul__")

static Obj *slot_nb_power(Obj *a, Obj *b, Obj *c)
{
    if (c == NONE) return binary_dispatch(a, b, "__pow__", "__rpow__", NBOFF(power), (void *)slot_nb_power);
    /* Three-argument pow() only tries the left operand. */
    TypeObj *ta = OBJ_TYPE(a);
    if (ta->as_number && ta->as_number->power == slot_nb_power)
        return vcall_req(a, "__pow__", 2, b, c);   /* AttributeError when only __rpow__ */
    return INCREF(NOTIMPL);
}

#define INPLACESLOT(fn, n) \
    static Obj *fn(Obj *a, Obj *b) { return vcall_ni(a, n, 1, b, NULL); }
INPLACESLOT(slot_nb_inplace_add, "__iadd__")
INPLACESLOT(slot_nb_inplace_subtract, "__isub__")
INPLACESLOT(slot_nb_inplace_multiply, "__imul__")
INPLACESLOT(slot_nb_inplace_remainder, "__imod__")
INPLACESLOT(slot_nb_inplace_lshift, "__ilshift__")
INPLACESLOT(slot_nb_inplace_rshift, "__irshift__")
INPLACESLOT(slot_nb_inplace_and, "__iand__")
INPLACESLOT(slot_nb_inplace_xor, "__ixor__")
INPLACESLOT(slot_nb_inplace_or, "__ior__")
INPLACESLOT(slot_nb_inplace_floor_divide, "__ifloordiv__")
INPLACESLOT(slot_nb_inplace_true_divide, "__itruediv__")
INPLACESLOT(slot_nb_inplace_matrix_multiply, "__imatmul__")
static Obj *slot_nb_inplace_power(Obj *a, Obj *b, Obj *c)
{
    (void)c;
    return vcall_ni(a, "__ipow__", 1, b, NULL);
}

#define UNSLOT(fn, n) \
    static Obj *fn(Obj *a) { return vcall_req(a, n, 0); }
UNSLOT(slot_nb_negative, "__neg__")
UNSLOT(slot_nb_positive, "__pos__")
UNSLOT(slot_nb_absolute, "__abs__")
UNSLOT(slot_nb_invert, "__invert__")
UNSLOT(slot_nb_int, "__int__")
UNSLOT(slot_nb_float, "__float__")
UNSLOT(slot_nb_index, "__index__")

/* Python's len() result checks, shared by __len__ and __bool__'s fallback. */
static Ssize len_result(Obj *r)
{
    if (!r) return -1;
    Obj *i = num_index(r);
    DECREF(r);
    if (!i) return -1;
    if (int_sign(i) < 0) {
        DECREF(i);
        vm_err_set_str(&exc_ValueError, "__len__() should return >= 0");
        return -1;
    }
    int64_t v;
    if (!int_fits_i64(i) || int_as_i64(i, &v) < 0) {
        DECREF(i);
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    DECREF(i);
    return (Ssize)v;
}

static int slot_nb_bool(Obj *self)
{
    int found;
    Obj *r = vcall(self, "__bool__", &found, 0);
    if (found) {
        if (!r) return -1;
        if (r == TRUE_ || r == FALSE_) {
            DECREF(r);
            return r == TRUE_;
        }
        vm_err_format(&exc_TypeError, "__bool__ should return bool, returned %s",
                      type_name(OBJ_TYPE(r)));
        DECREF(r);
        return -1;
    }
    r = vcall(self, "__len__", &found, 0);
    if (!found) return 1;
    Ssize n = len_result(r);
    return n < 0 ? -1 : n > 0;
}

static Ssize slot_sq_length(Obj *self)
{
    return len_result(vcall_req(self, "__len__", 0));
}

static Obj *slot_mp_subscript(Obj *self, Obj *key)
{
    return vcall_req(self, "__getitem__", 1, key);
}

static Obj *slot_sq_item(Obj *self, Ssize i)
{
    Obj *k = int_from_i64(i);
    if (!k) return NULL;
    Obj *r = vcall_req(self, "__getitem__", 1, k);
    DECREF(k);
    return r;
}

static int slot_mp_ass_subscript(Obj *self, Obj *key, Obj *value)
{
    Obj *r = value ? vcall_req(self, "__setitem__", 2, key, value)
                   : vcall_req(self, "__delitem__", 1, key);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static int slot_sq_contains(Obj *self, Obj *item)
{
    Obj *f = type_lookup(OBJ_TYPE(self), id_str("__contains__"));
    if (f == NONE) {
        vm_err_format(&exc_TypeError, "'%s' object is not a container", type_name(OBJ_TYPE(self)));
        return -1;
    }
    if (!f) return seq_iter_search_contains(self, item);
    Obj *r = vcall_req(self, "__contains__", 1, item);
    if (!r) return -1;
    int t = obj_is_true(r);
    DECREF(r);
    return t;
}

/* ---- slot wrappers: calling a C slot as a method ------------------------------- */

static bool wrap_nargs(const SlotDef *d, Ssize nargs, Obj *kwnames, Ssize n)
{
    if (kwnames && TUPLE_LEN(kwnames)) {
        vm_err_format(&exc_TypeError, "wrapper %s() takes no keyword arguments", d->name);
        return false;
    }
    if (nargs != n) {
        vm_err_format(&exc_TypeError, "expected %zd argument%s, got %zd", n, n == 1 ? "" : "s",
                      nargs);
        return false;
    }
    return true;
}

static Obj *wrap_unary(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)a;
    if (!wrap_nargs(d, n, kw, 0)) return NULL;
    return ((UnaryFn)f)(self);
}

static Obj *wrap_next(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)a;
    if (!wrap_nargs(d, n, kw, 0)) return NULL;
    Obj *r = ((UnaryFn)f)(self);
    if (!r && !vm_err_occurred()) vm_err_set_obj(&exc_StopIteration, NULL);
    return r;
}

static Obj *wrap_binary_l(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    return ((BinaryFn)f)(self, a[0]);
}

static Obj *wrap_binary_r(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    return ((BinaryFn)f)(a[0], self);
}

static Obj *wrap_ternary(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (kw && TUPLE_LEN(kw)) return wrap_nargs(d, n, kw, 1) ? NULL : NULL;
    if (n < 1 || n > 2) {
        vm_err_format(&exc_TypeError, "expected 1 or 2 arguments, got %zd", n);
        return NULL;
    }
    Obj *third = n == 2 ? a[1] : NONE;
    if (d->arg) return ((TernaryFn)f)(a[0], self, third);
    return ((TernaryFn)f)(self, a[0], third);
}

static Obj *wrap_inquiry(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)a;
    if (!wrap_nargs(d, n, kw, 0)) return NULL;
    int r = ((InquiryFn)f)(self);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *wrap_len(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)a;
    if (!wrap_nargs(d, n, kw, 0)) return NULL;
    Ssize r = ((LenFn)f)(self);
    return r < 0 ? NULL : int_from_i64(r);
}

static Obj *wrap_hash(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)a;
    if (!wrap_nargs(d, n, kw, 0)) return NULL;
    Hash h = ((HashFn)f)(self);
    return h == -1 && vm_err_occurred() ? NULL : int_from_i64(h);
}

static Obj *wrap_call(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)d;
    return ((CallFn)f)(self, a, n, kw);
}

static Obj *wrap_richcmp(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    return ((RichCmpFn)f)(self, a[0], d->arg);
}

static Obj *wrap_getattr(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    if (!STR_CHECK(a[0])) {
        vm_err_format(&exc_TypeError, "attribute name must be string, not '%s'",
                      type_name(OBJ_TYPE(a[0])));
        return NULL;
    }
    return ((GetAttrFn)f)(self, a[0]);
}

/* CPython refuses object.__setattr__(int_instance, …) style calls that would
 * bypass a builtin type's own setattr ("can't apply this __setattr__ to
 * int object"). */
static bool hackcheck(Obj *self, void *f, const char *what)
{
    TypeObj *t = OBJ_TYPE(self);
    while (t && (t->flags & TPF_HEAPTYPE)) t = t->tp_base;
    if (t && (void *)t->setattro != f) {
        vm_err_format(&exc_TypeError, "can't apply this %s to %s object", what, t->name);
        return false;
    }
    return true;
}

static Obj *wrap_setattr(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 2)) return NULL;
    if (!STR_CHECK(a[0])) {
        vm_err_format(&exc_TypeError, "attribute name must be string, not '%s'",
                      type_name(OBJ_TYPE(a[0])));
        return NULL;
    }
    if (!hackcheck(self, f, "__setattr__")) return NULL;
    return ((SetAttrFn)f)(self, a[0], a[1]) < 0 ? NULL : INCREF(NONE);
}

static Obj *wrap_delattr(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    if (!STR_CHECK(a[0])) {
        vm_err_format(&exc_TypeError, "attribute name must be string, not '%s'",
                      type_name(OBJ_TYPE(a[0])));
        return NULL;
    }
    if (!hackcheck(self, f, "__delattr__")) return NULL;
    return ((SetAttrFn)f)(self, a[0], NULL) < 0 ? NULL : INCREF(NONE);
}

static Obj *wrap_descr_get(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)d;
    if (kw && TUPLE_LEN(kw)) return wrap_nargs(d, n, kw, 1) ? NULL : NULL;
    if (n < 1 || n > 2) {
        vm_err_format(&exc_TypeError, "expected 1 or 2 arguments, got %zd", n);
        return NULL;
    }
    Obj *obj = a[0] == NONE ? NULL : a[0];
    Obj *type = n == 2 && a[1] != NONE ? a[1] : NULL;
    if (!obj && !type) {
        vm_err_set_str(&exc_TypeError, "__get__(None, None) is invalid");
        return NULL;
    }
    return ((DescrGetFn)f)(self, obj, type);
}

static Obj *wrap_descr_set(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 2)) return NULL;
    return ((DescrSetFn)f)(self, a[0], a[1]) < 0 ? NULL : INCREF(NONE);
}

static Obj *wrap_descr_delete(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    return ((DescrSetFn)f)(self, a[0], NULL) < 0 ? NULL : INCREF(NONE);
}

static Obj *wrap_init(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)d;
    return ((InitFn)f)(self, a, n, kw) < 0 ? NULL : INCREF(NONE);
}

static Obj *wrap_del(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)a;
    if (!wrap_nargs(d, n, kw, 0)) return NULL;
    ((DestructorFn)f)(self);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *wrap_objobjarg(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 2)) return NULL;
    return ((ObjObjArgFn)f)(self, a[0], a[1]) < 0 ? NULL : INCREF(NONE);
}

static Obj *wrap_delitem(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    return ((ObjObjArgFn)f)(self, a[0], NULL) < 0 ? NULL : INCREF(NONE);
}

static Obj *wrap_contains(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    int r = ((ObjObjFn)f)(self, a[0]);
    return r < 0 ? NULL : bool_from(r);
}

/* sq_item as __getitem__: an index (negative ones count from the end). */
static Obj *wrap_sq_item(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    Ssize i = num_as_ssize(a[0], &exc_IndexError);
    if (i == -1 && vm_err_occurred()) return NULL;
    if (i < 0) {
        SequenceMethods *sq = OBJ_TYPE(self)->as_sequence;
        if (sq && sq->length) {
            Ssize len = sq->length(self);
            if (len < 0) return NULL;
            i += len;
        }
    }
    return ((SsizeArgFn)f)(self, i);
}

static Obj *wrap_repeat(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    if (!wrap_nargs(d, n, kw, 1)) return NULL;
    Ssize i = num_as_ssize(a[0], &exc_OverflowError);
    if (i == -1 && vm_err_occurred()) return NULL;
    return ((SsizeArgFn)f)(self, i);
}

static Obj *wrap_new_dummy(Obj *self, Obj *const *a, Ssize n, Obj *kw, void *f, const SlotDef *d)
{
    (void)self; (void)a; (void)n; (void)kw; (void)f; (void)d;
    vm_err_set_str(&exc_SystemError, "__new__ wrapper");
    return NULL;
}

#define TOFF(f) offsetof(TypeObj, f)
#define SQOFF(f) offsetof(SequenceMethods, f)
#define MPOFF(f) offsetof(MappingMethods, f)
#define TP(n, f, disp, w, arg) {n, SLOT_TYPE, TOFF(f), (void *)(disp), w, arg, NULL}
#define NB(n, f, disp, w, arg) {n, SLOT_NUM, NBOFF(f), (void *)(disp), w, arg, NULL}
#define SQ(n, f, disp, w, arg) {n, SLOT_SEQ, SQOFF(f), (void *)(disp), w, arg, NULL}
#define MP(n, f, disp, w, arg) {n, SLOT_MAP, MPOFF(f), (void *)(disp), w, arg, NULL}
#define BIN(n, rn, f, disp) NB(n, f, disp, wrap_binary_l, 0), NB(rn, f, disp, wrap_binary_r, 1)

/* Order matters as in CPython: the first wrapper for a name wins when a
 * static type fills several slots with one name (mapping before sequence). */
const SlotDef slotdefs[] = {
    TP("__getattribute__", getattro, slot_tp_getattr_hook, wrap_getattr, 0),
    TP("__getattr__", getattro, slot_tp_getattr_hook, NULL, 0),
    TP("__setattr__", setattro, slot_tp_setattro, wrap_setattr, 0),
    TP("__delattr__", setattro, slot_tp_setattro, wrap_delattr, 0),
    TP("__repr__", repr, slot_tp_repr, wrap_unary, 0),
    TP("__hash__", hash, slot_tp_hash, wrap_hash, 0),
    TP("__call__", call, slot_tp_call, wrap_call, 0),
    TP("__str__", str, slot_tp_str, wrap_unary, 0),
    TP("__lt__", richcompare, slot_tp_richcompare, wrap_richcmp, CMP_LT),
    TP("__le__", richcompare, slot_tp_richcompare, wrap_richcmp, CMP_LE),
    TP("__eq__", richcompare, slot_tp_richcompare, wrap_richcmp, CMP_EQ),
    TP("__ne__", richcompare, slot_tp_richcompare, wrap_richcmp, CMP_NE),
    TP("__gt__", richcompare, slot_tp_richcompare, wrap_richcmp, CMP_GT),
    TP("__ge__", richcompare, slot_tp_richcompare, wrap_richcmp, CMP_GE),
    TP("__iter__", iter, slot_tp_iter, wrap_unary, 0),
    TP("__next__", iternext, slot_tp_iternext, wrap_next, 0),
    TP("__get__", descr_get, slot_tp_descr_get, wrap_descr_get, 0),
    TP("__set__", descr_set, slot_tp_descr_set, wrap_descr_set, 0),
    TP("__delete__", descr_set, slot_tp_descr_set, wrap_descr_delete, 0),
    TP("__init__", init, slot_tp_init, wrap_init, 0),
    TP("__new__", new_, slot_tp_new, wrap_new_dummy, 0),
    TP("__del__", finalize, slot_tp_finalize, wrap_del, 0),
    BIN("__add__", "__radd__", add, slot_nb_add),
    BIN("__sub__", "__rsub__", subtract, slot_nb_subtract),
    BIN("__mul__", "__rmul__", multiply, slot_nb_multiply),
    BIN("__mod__", "__rmod__", remainder, slot_nb_remainder),
    BIN("__divmod__", "__rdivmod__", divmod, slot_nb_divmod),
    NB("__pow__", power, slot_nb_power, wrap_ternary, 0),
    NB("__rpow__", power, slot_nb_power, wrap_ternary, 1),
    NB("__neg__", negative, slot_nb_negative, wrap_unary, 0),
    NB("__pos__", positive, slot_nb_positive, wrap_unary, 0),
    NB("__abs__", absolute, slot_nb_absolute, wrap_unary, 0),
    NB("__bool__", bool_, slot_nb_bool, wrap_inquiry, 0),
    NB("__invert__", invert, slot_nb_invert, wrap_unary, 0),
    BIN("__lshift__", "__rlshift__", lshift, slot_nb_lshift),
    BIN("__rshift__", "__rrshift__", rshift, slot_nb_rshift),
    BIN("__and__", "__rand__", and_, slot_nb_and),
    BIN("__xor__", "__rxor__", xor_, slot_nb_xor),
    BIN("__or__", "__ror__", or_, slot_nb_or),
    NB("__int__", int_, slot_nb_int, wrap_unary, 0),
    NB("__float__", float_, slot_nb_float, wrap_unary, 0),
    NB("__iadd__", inplace_add, slot_nb_inplace_add, wrap_binary_l, 0),
    NB("__isub__", inplace_subtract, slot_nb_inplace_subtract, wrap_binary_l, 0),
    NB("__imul__", inplace_multiply, slot_nb_inplace_multiply, wrap_binary_l, 0),
    NB("__imod__", inplace_remainder, slot_nb_inplace_remainder, wrap_binary_l, 0),
    NB("__ipow__", inplace_power, slot_nb_inplace_power, wrap_ternary, 0),
    NB("__ilshift__", inplace_lshift, slot_nb_inplace_lshift, wrap_binary_l, 0),
    NB("__irshift__", inplace_rshift, slot_nb_inplace_rshift, wrap_binary_l, 0),
    NB("__iand__", inplace_and, slot_nb_inplace_and, wrap_binary_l, 0),
    NB("__ixor__", inplace_xor, slot_nb_inplace_xor, wrap_binary_l, 0),
    NB("__ior__", inplace_or, slot_nb_inplace_or, wrap_binary_l, 0),
    BIN("__floordiv__", "__rfloordiv__", floor_divide, slot_nb_floor_divide),
    BIN("__truediv__", "__rtruediv__", true_divide, slot_nb_true_divide),
    NB("__ifloordiv__", inplace_floor_divide, slot_nb_inplace_floor_divide, wrap_binary_l, 0),
    NB("__itruediv__", inplace_true_divide, slot_nb_inplace_true_divide, wrap_binary_l, 0),
    NB("__index__", index, slot_nb_index, wrap_unary, 0),
    BIN("__matmul__", "__rmatmul__", matrix_multiply, slot_nb_matrix_multiply),
    NB("__imatmul__", inplace_matrix_multiply, slot_nb_inplace_matrix_multiply, wrap_binary_l, 0),
    MP("__len__", length, slot_sq_length, wrap_len, 0),
    MP("__getitem__", subscript, slot_mp_subscript, wrap_binary_l, 0),
    MP("__setitem__", ass_subscript, slot_mp_ass_subscript, wrap_objobjarg, 0),
    MP("__delitem__", ass_subscript, slot_mp_ass_subscript, wrap_delitem, 0),
    SQ("__len__", length, slot_sq_length, wrap_len, 0),
    SQ("__add__", concat, NULL, wrap_binary_l, 0),
    SQ("__mul__", repeat, NULL, wrap_repeat, 0),
    SQ("__rmul__", repeat, NULL, wrap_repeat, 0),
    SQ("__getitem__", item, slot_sq_item, wrap_sq_item, 0),
    SQ("__contains__", contains, slot_sq_contains, wrap_contains, 0),
    SQ("__iadd__", inplace_concat, NULL, wrap_binary_l, 0),
    SQ("__imul__", inplace_repeat, NULL, wrap_repeat, 0),
};
const size_t n_slotdefs = sizeof slotdefs / sizeof slotdefs[0];

/* Give a static type's dict a slot wrapper for each slot it defines itself. */
static int add_operators(TypeObj *t)
{
    for (size_t i = 0; i < n_slotdefs; i++) {
        const SlotDef *d = &slotdefs[i];
        if (!d->wrapper || d->wrapper == wrap_new_dummy) continue;
        void **p = slot_ptr(t, d);
        if (!p || !*p) continue;
        Obj *name = id_str(d->name);
        if (dict_get_borrow(t->dict, name)) continue;
        Obj *w;
        if (*p == (void *)hash_not_implemented) w = INCREF(NONE);
        else w = wrapper_descr_new(t, d, *p);
        if (!w || dict_set(t->dict, name, w) < 0) {
            XDECREF(w);
            return -1;
        }
        DECREF(w);
    }
    return 0;
}

/* Recompute one heap-type slot from what its dunder names resolve to. */
static void update_one_slot(TypeObj *t, const SlotDef *first)
{
    void *specific = NULL, *generic = NULL;
    bool use_generic = false;
    for (size_t i = 0; i < n_slotdefs; i++) {
        const SlotDef *d = &slotdefs[i];
        if (d->where != first->where || d->offset != first->offset) continue;
        Obj *descr = type_lookup(t, id_str(d->name));
        if (!descr) continue;
        if (IS_TYPE(descr, wrapper_descr_type)) {
            const SlotDef *wd = ((WrapperDescrObj *)descr)->def;
            void *w = ((WrapperDescrObj *)descr)->wrapped;
            if (wd->where == d->where && wd->offset == d->offset) {
                if (!specific || specific == w) specific = w;
                else use_generic = true;
                continue;
            }
            use_generic = true;
            generic = d->dispatch;
        } else if (descr == NONE && d->where == SLOT_TYPE && d->offset == TOFF(hash)) {
            specific = (void *)hash_not_implemented;
        } else if (d->where == SLOT_TYPE && d->offset == TOFF(new_) && is_new_wrapper(descr, NULL)) {
            /* CPython keeps the type's current tp_new here (inherited at
             * creation; still the Python dispatcher after `del C.__new__`). */
            TypeObj *owner;
            is_new_wrapper(descr, &owner);
            specific = t->new_ ? (void *)t->new_ : (void *)owner->new_;
        } else {
            use_generic = true;
            if (d->dispatch) generic = d->dispatch;
        }
    }
    void **p = slot_ptr(t, first);
    if (!p) return;
    if (specific && !use_generic) *p = specific;
    else *p = use_generic ? generic : NULL;
}

static void fixup_slots(TypeObj *t)
{
    for (size_t i = 0; i < n_slotdefs; i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            if (slotdefs[j].where == slotdefs[i].where && slotdefs[j].offset == slotdefs[i].offset) {
                seen = true;
                break;
            }
        if (!seen) update_one_slot(t, &slotdefs[i]);
    }
}

/* ---- subclass registry ----------------------------------------------------------
 * A base keeps borrowed pointers to its heap subclasses (removed when they
 * die), so slot updates can propagate and __subclasses__() works. */
typedef struct SubList { Obj base; Ssize n, cap; TypeObj **v; } SubList;
static void sublist_dealloc(Obj *o)
{
    free(((SubList *)o)->v);
    obj_free(o);
}
static TypeObj sublist_type = {
    .base = TYPE_HEAD_INIT, .name = "subclass_list", .basicsize = sizeof(SubList),
    .dealloc = sublist_dealloc,
};

static int add_subclass(TypeObj *base, TypeObj *sub)
{
    if (!base->subclasses) {
        /* The first allocation readies sublist_type, which adds it to
         * object's subclasses: base may have a list by the time it returns. */
        Obj *l = obj_alloc(&sublist_type, 0);
        if (!l) return -1;
        if (base->subclasses)
            DECREF(l);
        else
            base->subclasses = l;
    }
    SubList *l = (SubList *)base->subclasses;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 4;
        l->v = xrealloc(l->v, sizeof(TypeObj *) * (size_t)l->cap);
    }
    l->v[l->n++] = sub;
    return 0;
}

static void remove_subclass(TypeObj *base, TypeObj *sub)
{
    SubList *l = (SubList *)base->subclasses;
    if (!l) return;
    for (Ssize i = 0; i < l->n; i++)
        if (l->v[i] == sub) {
            memmove(l->v + i, l->v + i + 1, sizeof(TypeObj *) * (size_t)(l->n - i - 1));
            l->n--;
            return;
        }
}

static void sub_modified(TypeObj *t, int depth)
{
    if (!t->version_tag || depth > 1000) return;
    t->version_tag = 0;
    SubList *l = (SubList *)t->subclasses;
    if (!l) return;
    for (Ssize i = 0; i < l->n; i++) sub_modified(l->v[i], depth + 1);
}

static void update_subclass_slots(TypeObj *t, const SlotDef *d, int depth)
{
    if (depth > 1000) return;
    if (t->flags & TPF_HEAPTYPE) update_one_slot(t, d);
    SubList *l = (SubList *)t->subclasses;
    if (!l) return;
    for (Ssize i = 0; i < l->n; i++) update_subclass_slots(l->v[i], d, depth + 1);
}

int type_update_slot(TypeObj *t, Obj *name)
{
    if (!STR_CHECK(name)) return 0;
    for (size_t i = 0; i < n_slotdefs; i++) {
        if (!str_eq_cstr(name, slotdefs[i].name)) continue;
        /* Update the group of this slot (first def with the same offset). */
        const SlotDef *first = &slotdefs[i];
        for (size_t j = 0; j < i; j++)
            if (slotdefs[j].where == first->where && slotdefs[j].offset == first->offset) {
                first = &slotdefs[j];
                break;
            }
        update_subclass_slots(t, first, 0);
    }
    return 0;
}

/* ---- MRO ----------------------------------------------------------------------- */

static bool tuple_contains_ptr(Obj *t, Ssize from, Obj *x)
{
    for (Ssize i = from; i < TUPLE_LEN(t); i++)
        if (TUPLE_ITEMS(t)[i] == x) return true;
    return false;
}

/* C3 linearisation of t over its bases' MROs. */
static Obj *mro_c3(TypeObj *t)
{
    Obj *bases = t->bases;
    Ssize nb = TUPLE_LEN(bases);
    if (nb == 1 && !((TypeObj *)TUPLE_ITEMS(bases)[0])->mro) {
        /* Bootstrap: the base is itself being readied (object while the
         * first tuples and strs are made); follow the primary bases. */
        Ssize n = 1;
        for (TypeObj *b = t->tp_base; b; b = b->tp_base) n++;
        Obj *r = tuple_new(n);
        if (!r) return NULL;
        Ssize i = 0;
        for (TypeObj *b = t; b; b = b->tp_base) TUPLE_ITEMS(r)[i++] = INCREF(b);
        return r;
    }
    if (nb == 1) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(bases)[0];
        Ssize n = TUPLE_LEN(b->mro);
        Obj *r = tuple_new(n + 1);
        if (!r) return NULL;
        TUPLE_ITEMS(r)[0] = INCREF(t);
        for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(r)[i + 1] = INCREF(TUPLE_ITEMS(b->mro)[i]);
        return r;
    }
    for (Ssize i = 0; i < nb; i++)
        for (Ssize j = i + 1; j < nb; j++)
            if (TUPLE_ITEMS(bases)[i] == TUPLE_ITEMS(bases)[j]) {
                vm_err_format(&exc_TypeError, "duplicate base class %s",
                              type_name((TypeObj *)TUPLE_ITEMS(bases)[i]));
                return NULL;
            }
    /* Lists to merge: each base's MRO, then the bases tuple. */
    Ssize nl = nb + 1;
    Obj **lists = xmalloc(sizeof(Obj *) * (size_t)nl);
    Ssize *pos = xcalloc((size_t)nl, sizeof(Ssize));
    for (Ssize i = 0; i < nb; i++) lists[i] = ((TypeObj *)TUPLE_ITEMS(bases)[i])->mro;
    lists[nb] = bases;
    Obj *out = list_new(0);
    if (!out || list_append(out, (Obj *)t) < 0) goto fail;
    for (;;) {
        bool empty = true, found = false;
        for (Ssize i = 0; i < nl; i++) {
            if (pos[i] >= TUPLE_LEN(lists[i])) continue;
            empty = false;
            Obj *cand = TUPLE_ITEMS(lists[i])[pos[i]];
            bool in_tail = false;
            for (Ssize j = 0; j < nl && !in_tail; j++)
                if (tuple_contains_ptr(lists[j], pos[j] + 1, cand)) in_tail = true;
            if (in_tail) continue;
            if (list_append(out, cand) < 0) goto fail;
            for (Ssize j = 0; j < nl; j++)
                if (pos[j] < TUPLE_LEN(lists[j]) && TUPLE_ITEMS(lists[j])[pos[j]] == cand) pos[j]++;
            found = true;
            break;
        }
        if (empty) break;
        if (!found) {
            /* Name the heads that remain, in order, without repeats. */
            SBuf b = SBUF_INIT;
            Obj *seen[64];
            int ns = 0;
            for (Ssize i = 0; i < nl; i++) {
                if (pos[i] >= TUPLE_LEN(lists[i])) continue;
                Obj *c = TUPLE_ITEMS(lists[i])[pos[i]];
                bool dup = false;
                for (int k = 0; k < ns; k++) dup |= seen[k] == c;
                if (dup || ns == 64) continue;
                seen[ns++] = c;
                sbuf_printf(&b, "%s%s", b.len ? ", " : "", type_name((TypeObj *)c));
            }
            vm_err_format(&exc_TypeError,
                          "Cannot create a consistent method resolution\norder (MRO) for bases %s",
                          sbuf_cstr(&b));
            sbuf_free(&b);
            goto fail;
        }
    }
    free(lists);
    free(pos);
    Obj *r = list_as_tuple(out);
    DECREF(out);
    return r;
fail:
    free(lists);
    free(pos);
    XDECREF(out);
    return NULL;
}

static int mro_internal(TypeObj *t)
{
    Obj *mro = NULL;
    TypeObj *meta = OBJ_TYPE(t);
    if (meta != &type_type && (t->flags & TPF_HEAPTYPE)) {
        /* A metaclass may override mro(). */
        Obj *f = type_lookup(meta, id_str("mro"));
        Obj *deflt = type_lookup(&type_type, id_str("mro"));
        if (f && f != deflt) {
            int found;
            Obj *r = call_special((Obj *)t, "mro", NULL, 0, &found);
            if (!r) return -1;
            mro = seq_to_tuple(r);
            DECREF(r);
            if (!mro) return -1;
            for (Ssize i = 0; i < TUPLE_LEN(mro); i++)
                if (!TYPE_CHECK(TUPLE_ITEMS(mro)[i])) {
                    vm_err_format(&exc_TypeError, "mro() returned a non-class ('%s')",
                                  type_name(OBJ_TYPE(TUPLE_ITEMS(mro)[i])));
                    DECREF(mro);
                    return -1;
                }
        }
    }
    if (!mro) mro = mro_c3(t);
    if (!mro) return -1;
    obj_setref(&t->mro, mro);
    type_modified(t);
    return 0;
}

/* ---- readying ------------------------------------------------------------------- */

static void inherit_slots(TypeObj *t, TypeObj *b)
{
#define COPY(f) do { if (!t->f) t->f = b->f; } while (0)
    if (t->as_number && b->as_number && t->as_number != b->as_number) {
        NumberMethods *n = t->as_number, *m = b->as_number;
        void **dst = (void **)n, **src = (void **)m;
        for (size_t i = 0; i < sizeof(NumberMethods) / sizeof(void *); i++)
            if (!dst[i]) dst[i] = src[i];
    }
    if (t->as_sequence && b->as_sequence && t->as_sequence != b->as_sequence) {
        void **dst = (void **)t->as_sequence, **src = (void **)b->as_sequence;
        for (size_t i = 0; i < sizeof(SequenceMethods) / sizeof(void *); i++)
            if (!dst[i]) dst[i] = src[i];
    }
    if (t->as_mapping && b->as_mapping && t->as_mapping != b->as_mapping) {
        void **dst = (void **)t->as_mapping, **src = (void **)b->as_mapping;
        for (size_t i = 0; i < sizeof(MappingMethods) / sizeof(void *); i++)
            if (!dst[i]) dst[i] = src[i];
    }
    COPY(as_number);
    COPY(as_sequence);
    COPY(as_mapping);
    COPY(dealloc);
    COPY(repr);
    COPY(str);
    COPY(call);
    COPY(getattro);
    COPY(setattro);
    /* hash and richcompare go together: inherit both only when the type
     * defines neither (and its dict does not say otherwise). */
    if (!t->richcompare && !t->hash) {
        bool has_eq = t->dict && dict_get_borrow(t->dict, id_str("__eq__"));
        bool has_hash = t->dict && dict_get_borrow(t->dict, id_str("__hash__"));
        if (!has_eq && !has_hash) {
            t->richcompare = b->richcompare;
            t->hash = b->hash;
        }
    }
    COPY(iter);
    COPY(iternext);
    COPY(descr_get);
    COPY(descr_set);
    COPY(init);
    COPY(finalize);
    if (!(t->flags & TPF_GC) && (b->flags & TPF_GC) && !t->traverse && !t->clear) {
        t->flags |= TPF_GC;
        t->traverse = b->traverse;
        t->clear = b->clear;
    } else if ((t->flags & TPF_GC) && (b->flags & TPF_GC)) {
        /* Both collectable (e.g. the static exception subclasses): missing
         * traverse/clear come from the base, as CPython's inherit_slots does. */
        if (!t->traverse) t->traverse = b->traverse;
        if (!t->clear) t->clear = b->clear;
    }
    if (!t->dictoffset) t->dictoffset = b->dictoffset;
    if (!t->weaklistoffset) t->weaklistoffset = b->weaklistoffset;
#undef COPY
}

static const struct { TypeObj *t; unsigned flag; } subclass_flags[] = {
    {&int_type, TPF_INT_SUBCLASS}, {&list_type, TPF_LIST_SUBCLASS},
    {&tuple_type, TPF_TUPLE_SUBCLASS}, {&bytes_type, TPF_BYTES_SUBCLASS},
    {&str_type, TPF_STR_SUBCLASS}, {&dict_type, TPF_DICT_SUBCLASS},
    {&exc_BaseException, TPF_BASE_EXC_SUBCLASS}, {&type_type, TPF_TYPE_SUBCLASS},
};

static int add_methods(TypeObj *t)
{
    for (const MethodDef *m = t->methods; m && m->name; m++) {
        Obj *name = id_str(m->name);
        if (dict_get_borrow(t->dict, name)) continue;
        Obj *d;
        if (m->flags & METH_CLASS) {
            d = classmethod_descr_new(t, m);
        } else if (m->flags & METH_STATIC) {
            Obj *f = builtin_new(m, NULL, NULL);
            if (!f) return -1;
            d = obj_alloc(&staticmethod_type, 0);
            if (d) ((StaticMethodObj *)d)->func = f;
            else DECREF(f);
        } else {
            d = method_descr_new(t, m);
        }
        if (!d || dict_set(t->dict, name, d) < 0) {
            XDECREF(d);
            return -1;
        }
        DECREF(d);
    }
    for (const GetSetDef *g = t->getset; g && g->name; g++) {
        Obj *name = id_str(g->name);
        if (dict_get_borrow(t->dict, name)) continue;
        Obj *d = getset_descr_new(t, g);
        if (!d || dict_set(t->dict, name, d) < 0) {
            XDECREF(d);
            return -1;
        }
        DECREF(d);
    }
    return 0;
}

static int type_ready_impl(TypeObj *t);

int type_ready(TypeObj *t)
{
    if (t->flags & TPF_READY) return 0;
    /* A static type readied on first use here was readied at start-up by
     * 3.12: what it allocates is left out of the collector's count. */
    bool quiet = !(t->flags & TPF_HEAPTYPE);
    if (quiet) gc_quiet(true);
    int r = type_ready_impl(t);
    if (quiet) gc_quiet(false);
    return r;
}

static int type_ready_impl(TypeObj *t)
{
    if (t == &exc_BaseException) exc_patch_types();
    if (t == &exc_ExceptionGroup && !t->bases) {
        /* ExceptionGroup(BaseExceptionGroup, Exception) */
        if (type_ready(&exc_BaseExceptionGroup) < 0 || type_ready(&exc_Exception) < 0) return -1;
        t->bases = tuple_pack(2, (Obj *)&exc_BaseExceptionGroup, (Obj *)&exc_Exception);
        if (!t->bases) return -1;
    }
    t->flags |= TPF_READY;
    if (!t->base.base.type) t->base.base.type = &type_type;
    if (!t->base.base.refcnt) t->base.base.refcnt = OBJ_STATIC_REFCNT;
    if (t != &object_type && !t->tp_base) t->tp_base = &object_type;
    TypeObj *b = t->tp_base;
    if (b && !(b->flags & TPF_READY) && type_ready(b) < 0) goto fail;
    if (!t->bases) {
        t->bases = b ? tuple_pack(1, (Obj *)b) : tuple_new(0);
        if (!t->bases) goto fail;
    }
    for (Ssize i = 0; i < TUPLE_LEN(t->bases); i++) {
        TypeObj *bb = (TypeObj *)TUPLE_ITEMS(t->bases)[i];
        if (!(bb->flags & TPF_READY) && type_ready(bb) < 0) goto fail;
    }
    if (!t->dict && !(t->dict = dict_new())) goto fail;
    if (!(t->flags & TPF_HEAPTYPE)) {
        if (add_operators(t) < 0) goto fail;
        if (add_methods(t) < 0) goto fail;
        if (t->new_ && !dict_get_borrow(t->dict, id_str("__new__"))) {
            Obj *w = new_wrapper_new(t);
            if (!w || dict_set(t->dict, id_str("__new__"), w) < 0) {
                XDECREF(w);
                goto fail;
            }
            DECREF(w);
        }
        if (!dict_get_borrow(t->dict, id_str("__doc__"))) {
            Obj *doc = t->doc ? str_from_cstr(t->doc) : INCREF(NONE);
            if (!doc || dict_set(t->dict, id_str("__doc__"), doc) < 0) {
                XDECREF(doc);
                goto fail;
            }
            DECREF(doc);
        }
    }
    if (!t->mro && mro_internal(t) < 0) goto fail;
    if (!t->new_ && b && !(b == &object_type && !(t->flags & TPF_HEAPTYPE))) t->new_ = b->new_;
    if (b) {
        if (!t->basicsize) t->basicsize = b->basicsize;
        if (!t->itemsize) t->itemsize = b->itemsize;
        t->flags |= b->flags & (TPF_INT_SUBCLASS | TPF_LIST_SUBCLASS | TPF_TUPLE_SUBCLASS |
                                TPF_BYTES_SUBCLASS | TPF_STR_SUBCLASS | TPF_DICT_SUBCLASS |
                                TPF_BASE_EXC_SUBCLASS | TPF_TYPE_SUBCLASS);
        if (!(t->flags & TPF_HEAPTYPE)) t->flags |= b->flags & (TPF_SEQUENCE | TPF_MAPPING);
    }
    for (size_t i = 0; i < sizeof subclass_flags / sizeof subclass_flags[0]; i++)
        if (t == subclass_flags[i].t) t->flags |= subclass_flags[i].flag;
    for (Ssize i = 1; i < TUPLE_LEN(t->mro); i++) inherit_slots(t, (TypeObj *)TUPLE_ITEMS(t->mro)[i]);
    if (!(t->flags & TPF_HEAPTYPE)) {
        /* A static type that defines comparison but not hashing is unhashable. */
        if (!t->hash) t->hash = hash_not_implemented;
        if (t->hash == hash_not_implemented && !dict_get_borrow(t->dict, id_str("__hash__")))
            if (dict_set(t->dict, id_str("__hash__"), NONE) < 0) goto fail;
        t->flags |= TPF_IMMUTABLE;
    }
    if (!t->dealloc) t->dealloc = obj_free;
    for (Ssize i = 0; i < TUPLE_LEN(t->bases); i++)
        if (add_subclass((TypeObj *)TUPLE_ITEMS(t->bases)[i], t) < 0) goto fail;
    return 0;
fail:
    t->flags &= ~TPF_READY;
    return -1;
}

/* ---- the `type` type ---------------------------------------------------------------- */

static Obj *type_repr(Obj *o)
{
    TypeObj *t = (TypeObj *)o;
    if (!(t->flags & TPF_HEAPTYPE)) return core_fmt("<class '%s'>", t->name);
    Obj *mod = t->dict ? dict_get_borrow(t->dict, id_str("__module__")) : NULL;
    Obj *qn = t->ht_qualname ? t->ht_qualname : t->ht_name;
    if (mod && STR_CHECK(mod) && !str_eq_cstr(mod, "builtins"))
        return core_fmt("<class '%U.%U'>", mod, qn);
    return core_fmt("<class '%U'>", qn);
}

Obj *type_getattro(Obj *o, Obj *name)
{
    TypeObj *t = (TypeObj *)o, *meta = OBJ_TYPE(o);
    if (!STR_CHECK(name)) {
        vm_err_format(&exc_TypeError, "attribute name must be string, not '%s'",
                      type_name(OBJ_TYPE(name)));
        return NULL;
    }
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return NULL;
    Obj *meta_attr = type_lookup(meta, name);
    DescrGetFn meta_get = NULL;
    if (meta_attr) {
        INCREF(meta_attr);
        meta_get = OBJ_TYPE(meta_attr)->descr_get;
        if (meta_get && OBJ_TYPE(meta_attr)->descr_set) {
            Obj *r = meta_get(meta_attr, o, (Obj *)meta);
            DECREF(meta_attr);
            return r;
        }
    }
    Obj *attr = type_lookup(t, name);
    if (attr) {
        INCREF(attr);
        DescrGetFn g = OBJ_TYPE(attr)->descr_get;
        XDECREF(meta_attr);
        if (g) {
            Obj *r = g(attr, NULL, o);
            DECREF(attr);
            return r;
        }
        return attr;
    }
    if (meta_get) {
        Obj *r = meta_get(meta_attr, o, (Obj *)meta);
        DECREF(meta_attr);
        return r;
    }
    if (meta_attr) return meta_attr;
    vm_err_format(&exc_AttributeError, "type object '%s' has no attribute '%U'", t->name, name);
    if (vm && vm->exc && EXC_CHECK(vm->exc) && type_is_subtype(OBJ_TYPE(vm->exc), &exc_AttributeError)) {
        obj_setattr(vm->exc, id_str("name"), name);
        obj_setattr(vm->exc, id_str("obj"), o);
    }
    return NULL;
}

static int type_setattro(Obj *o, Obj *name, Obj *value)
{
    TypeObj *t = (TypeObj *)o;
    if (!STR_CHECK(name)) {
        vm_err_format(&exc_TypeError, "attribute name must be string, not '%s'",
                      type_name(OBJ_TYPE(name)));
        return -1;
    }
    if (!(t->flags & TPF_HEAPTYPE) || (t->flags & TPF_IMMUTABLE)) {
        vm_err_format(&exc_TypeError, "cannot set '%U' attribute of immutable type '%s'", name,
                      t->name);
        return -1;
    }
    TypeObj *meta = OBJ_TYPE(o);
    Obj *meta_attr = type_lookup(meta, name);
    if (meta_attr && OBJ_TYPE(meta_attr)->descr_set) {
        INCREF(meta_attr);
        int r = OBJ_TYPE(meta_attr)->descr_set(meta_attr, o, value);
        DECREF(meta_attr);
        return r;
    }
    Obj *n = INCREF(name);
    if (IS_TYPE(n, str_type)) str_intern_inplace(&n);
    int r;
    if (value) {
        r = dict_set(t->dict, n, value);
    } else {
        r = dict_del(t->dict, n);
        if (r < 0 && vm_err_matches(&exc_KeyError)) {
            vm_err_clear();
            vm_err_format(&exc_AttributeError, "type object '%s' has no attribute '%U'",
                          t->name, n);
        }
    }
    if (r == 0) {
        type_modified(t);
        Ssize len = VAR_SIZE(n);
        if (len > 4 && str_char(n, 0) == '_' && str_char(n, 1) == '_' &&
            str_char(n, len - 1) == '_' && str_char(n, len - 2) == '_')
            r = type_update_slot(t, n);
    }
    DECREF(n);
    return r;
}

/* Creating an instance of a class: type's tp_call, reached in 3.12 through
 * _PyObject_MakeTpCall for classes (they have no vectorcall), which costs
 * one unit of the C recursion budget — so deep recursion through __init__
 * stops at CPython's depth. */
static Obj *type_call_impl(Obj *callable, Obj *const *args, Ssize nargs, Obj *kwnames);

Obj *type_call(Obj *callable, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (!(((TypeObj *)callable)->flags & TPF_HEAPTYPE))
        return type_call_impl(callable, args, nargs, kwnames);
    if (vm_enter_c(" while calling a Python object") < 0) return NULL;
    Obj *r = type_call_impl(callable, args, nargs, kwnames);
    vm_leave_c();
    return r;
}

static Obj *type_call_impl(Obj *callable, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    TypeObj *t = (TypeObj *)callable;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (t == &type_type && nargs == 1 && nkw == 0) return INCREF(OBJ_TYPE(args[0]));
    if (t == &type_type && nargs != 3) {
        vm_err_set_str(&exc_TypeError, "type() takes 1 or 3 arguments");
        return NULL;
    }
    if (!(t->flags & TPF_READY) && type_ready(t) < 0) return NULL;
    if (!t->new_) {
        vm_err_format(&exc_TypeError, "cannot create '%s' instances", t->name);
        return NULL;
    }
    Obj *obj = t->new_(t, args, nargs, kwnames);
    if (!obj) return NULL;
    if (!type_is_subtype(OBJ_TYPE(obj), t)) return obj;
    TypeObj *ot = OBJ_TYPE(obj);
    if (ot->init) {
        if (ot->init(obj, args, nargs, kwnames) < 0) {
            DECREF(obj);
            return NULL;
        }
    }
    return obj;
}

/* ---- heap types: instances ----------------------------------------------------------- */

static TypeObj *static_base(TypeObj *t)
{
    while (t && (t->flags & TPF_HEAPTYPE)) t = t->tp_base;
    return t;
}

int subtype_traverse(Obj *o, VisitFn visit, void *arg)
{
    TypeObj *t = OBJ_TYPE(o);
    int r;
    for (TypeObj *b = t; b && (b->flags & TPF_HEAPTYPE); b = b->tp_base) {
        HeapTypeObj *h = (HeapTypeObj *)b;
        for (Ssize i = 0; i < h->nmembers; i++) {
            Obj *v = *(Obj **)((char *)o + h->members[i].offset);
            if (v && (r = visit(v, arg))) return r;
        }
    }
    if (t->flags & TPF_MANAGED_DICT) {
        Obj *d = *obj_managed_dict(o);
        if (d && (r = visit(d, arg))) return r;
    }
    if ((r = visit((Obj *)t, arg))) return r;
    TypeObj *sb = static_base(t);
    if (sb && sb->traverse) return sb->traverse(o, visit, arg);
    return 0;
}

/* subtype_traverse in the order 3.12's visits: an instance's attributes
 * are inline values there, visited before the type; here they sit in a
 * managed dict, so its values come first, then the dict itself.  Used by the
 * collector's reachability pass, whose order decides the order objects are
 * finalized in at exit. */
int subtype_traverse_inline(Obj *o, VisitFn visit, void *arg)
{
    TypeObj *t = OBJ_TYPE(o);
    int r;
    for (TypeObj *b = t; b && (b->flags & TPF_HEAPTYPE); b = b->tp_base) {
        HeapTypeObj *h = (HeapTypeObj *)b;
        for (Ssize i = 0; i < h->nmembers; i++) {
            Obj *v = *(Obj **)((char *)o + h->members[i].offset);
            if (v && (r = visit(v, arg))) return r;
        }
    }
    if (t->flags & TPF_MANAGED_DICT) {
        Obj *d = *obj_managed_dict(o);
        if (d && IS_TYPE(d, dict_type) && (r = dict_type.traverse(d, visit, arg))) return r;
        if (d && (r = visit(d, arg))) return r;
    }
    if ((r = visit((Obj *)t, arg))) return r;
    TypeObj *sb = static_base(t);
    if (sb && sb->traverse) return sb->traverse(o, visit, arg);
    return 0;
}

int subtype_clear(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    for (TypeObj *b = t; b && (b->flags & TPF_HEAPTYPE); b = b->tp_base) {
        HeapTypeObj *h = (HeapTypeObj *)b;
        for (Ssize i = 0; i < h->nmembers; i++) CLEAR(*(Obj **)((char *)o + h->members[i].offset));
    }
    if (t->flags & TPF_MANAGED_DICT) CLEAR(*obj_managed_dict(o));
    TypeObj *sb = static_base(t);
    if (sb && sb->clear) return sb->clear(o);
    return 0;
}

void subtype_dealloc(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    /* As 3.12's subtype_dealloc, inside the trashcan: a long chain of
     * instances (a linked list of 100000 nodes) is released without a C
     * stack frame per node, parked objects going in CPython's order. */
    int trash = trash_begin(o, subtype_dealloc);
    if (trash > 0) return;
    if (t->finalize) {
        GcHead *g = (t->flags & TPF_GC) ? GC_HEAD(o) : NULL;
        if (!g || !(g->flags & GCF_FINALIZED)) {
            if (g) g->flags |= GCF_FINALIZED;
            o->refcnt = 1;           /* resurrect while __del__ runs */
            t->finalize(o);
            if (--o->refcnt > 0) {
                /* __del__ stored a reference: the object lives on. */
                if (t->flags & TPF_GC) gc_track(o);
                if (trash == 0) trash_end();
                return;
            }
        }
    }
    /* Weak references die after __del__ and before the slots and the
     * __dict__ are released (callbacks run now); a list inherited from a
     * builtin base is that base's dealloc's business. */
    if (t->flags & TPF_MANAGED_WEAKREF) weakref_on_dealloc(o);
    INCREF(t);   /* keep the type alive while the base dealloc frees o */
    for (TypeObj *b = t; b && (b->flags & TPF_HEAPTYPE); b = b->tp_base) {
        HeapTypeObj *h = (HeapTypeObj *)b;
        for (Ssize i = 0; i < h->nmembers; i++) CLEAR(*(Obj **)((char *)o + h->members[i].offset));
    }
    if (t->flags & TPF_MANAGED_DICT) {
        Obj *d = *obj_managed_dict(o);
        *obj_managed_dict(o) = NULL;
        /* 3.12 keeps the attributes inline in the instance: they go here,
         * not through a dict's own (trashcan-counted) dealloc */
        if (d && d->refcnt == 1 && IS_TYPE(d, dict_type)) dict_clear(d);
        XDECREF(d);
    }
    TypeObj *sb = static_base(t);
    if (sb && sb->dealloc && sb->dealloc != subtype_dealloc) sb->dealloc(o);
    else obj_free(o);
    DECREF(t);
    if (trash == 0) trash_end();
}

static Obj *subtype_get_dict(Obj *o, void *c)
{
    (void)c;
    Obj **dp = obj_dict_ptr(o);
    if (!dp) {
        vm_err_set_str(&exc_AttributeError, "This object has no __dict__");
        return NULL;
    }
    if (!*dp && !(*dp = dict_new())) return NULL;
    return INCREF(*dp);
}

static int subtype_set_dict(Obj *o, Obj *v, void *c)
{
    (void)c;
    Obj **dp = obj_dict_ptr(o);
    if (!dp) {
        vm_err_set_str(&exc_AttributeError, "This object has no __dict__");
        return -1;
    }
    if (v && !DICT_CHECK(v)) {
        vm_err_format(&exc_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                      type_name(OBJ_TYPE(v)));
        return -1;
    }
    obj_setref(dp, xincref(v));
    return 0;
}

static Obj *subtype_get_weakref(Obj *o, void *c)
{
    (void)c;
    Obj **l = obj_weaklist_ptr(o);
    Obj *w = l ? *l : NULL;
    return INCREF(w ? w : NONE);
}

static GetSetDef subtype_dict_getset[] = {
    {"__dict__", subtype_get_dict, subtype_set_dict, "dictionary for instance variables", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static GetSetDef subtype_weakref_getset[] = {
    {"__weakref__", subtype_get_weakref, NULL, "list of weak references to the object", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- heap types: creation ---------------------------------------------------------- */

TypeObj *type_calculate_meta(TypeObj *meta, Obj *bases)
{
    TypeObj *winner = meta;
    for (Ssize i = 0; i < TUPLE_LEN(bases); i++) {
        TypeObj *bt = OBJ_TYPE(TUPLE_ITEMS(bases)[i]);
        if (type_is_subtype(winner, bt)) continue;
        if (type_is_subtype(bt, winner)) {
            winner = bt;
            continue;
        }
        vm_err_set_str(&exc_TypeError,
                       "metaclass conflict: the metaclass of a derived class must be a (non-strict) "
                       "subclass of the metaclasses of all its bases");
        return NULL;
    }
    return winner;
}

/* The base whose layout the new type extends (CPython's best_base). */
static TypeObj *best_base(Obj *bases)
{
    TypeObj *base = NULL, *winner = NULL;
    for (Ssize i = 0; i < TUPLE_LEN(bases); i++) {
        Obj *bo = TUPLE_ITEMS(bases)[i];
        if (!TYPE_CHECK(bo)) {
            vm_err_set_str(&exc_TypeError, "bases must be types");
            return NULL;
        }
        TypeObj *bt = (TypeObj *)bo;
        if (!(bt->flags & TPF_READY) && type_ready(bt) < 0) return NULL;
        if (!(bt->flags & TPF_BASETYPE)) {
            vm_err_format(&exc_TypeError, "type '%s' is not an acceptable base type", bt->name);
            return NULL;
        }
        /* The solid base: walk up while the layout is the same as the base's
         * (ValueError's is BaseException's, OSError's its own). */
        TypeObj *cand = bt;
        while (cand->tp_base && cand->basicsize == cand->tp_base->basicsize &&
               cand->itemsize == cand->tp_base->itemsize)
            cand = cand->tp_base;
        if (!winner) {
            winner = cand;
            base = bt;
        } else if (type_is_subtype(winner, cand)) {
            /* keep */
        } else if (type_is_subtype(cand, winner)) {
            winner = cand;
            base = bt;
        } else {
            vm_err_set_str(&exc_TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    return base;
}

static bool is_identifier(Obj *s)
{
    Ssize n = VAR_SIZE(s);
    if (n == 0) return false;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(s, i);
        bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 128 ||
                  (i > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

/* "__x" inside class C becomes "_C__x" (private name mangling). */
static Obj *mangle(Obj *cls_name, Obj *name)
{
    Ssize n = VAR_SIZE(name);
    if (n < 2 || str_char(name, 0) != '_' || str_char(name, 1) != '_') return INCREF(name);
    if (n >= 4 && str_char(name, n - 1) == '_' && str_char(name, n - 2) == '_') return INCREF(name);
    Ssize cn = VAR_SIZE(cls_name), i = 0;
    while (i < cn && str_char(cls_name, i) == '_') i++;
    if (i == cn) return INCREF(name);
    Obj *stripped = str_substr(cls_name, i, cn);
    if (!stripped) return NULL;
    Obj *r = core_fmt("_%U%U", stripped, name);
    DECREF(stripped);
    return r;
}

static int set_names(TypeObj *t)
{
    Obj *d = dict_copy(t->dict);
    if (!d) return -1;
    Ssize pos = 0;
    Obj *k, *v;
    while (dict_next(d, &pos, &k, &v)) {
        Obj *f = type_lookup(OBJ_TYPE(v), id_str("__set_name__"));
        if (!f) continue;
        Obj *args[2] = {(Obj *)t, k};
        int found;
        Obj *r = call_special(v, "__set_name__", args, 2, &found);
        if (!r) {
            Obj *exc = vm_err_fetch();
            Obj *note = core_fmt("Error calling __set_name__ on '%s' instance %R in '%s'",
                                 type_name(OBJ_TYPE(v)), k, type_name(t));
            if (note && exc) {
                Obj *res = obj_call_method(exc, "add_note", &note, 1);
                XDECREF(res);
                vm_err_clear();
            }
            XDECREF(note);
            vm_err_restore(exc);
            DECREF(d);
            return -1;
        }
        DECREF(r);
    }
    DECREF(d);
    return 0;
}

static int init_subclass(TypeObj *t, Obj *kwds)
{
    Obj *sup = super_lookup(t, (Obj *)t, id_str("__init_subclass__"), NULL);
    if (!sup) return -1;
    Obj *r;
    if (kwds && dict_len(kwds) > 0) {
        Ssize n = dict_len(kwds), pos = 0, i = 0;
        Obj *names = tuple_new(n);
        Obj **vals = xmalloc(sizeof(Obj *) * (size_t)n);
        Obj *k, *v;
        while (dict_next(kwds, &pos, &k, &v)) {
            TUPLE_ITEMS(names)[i] = INCREF(k);
            vals[i++] = v;
        }
        r = obj_call(sup, vals, 0, names);
        free(vals);
        DECREF(names);
    } else {
        r = obj_call(sup, NULL, 0, NULL);
    }
    DECREF(sup);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static Obj *type_new(TypeObj *meta, Obj *const *args, Ssize nargs, Obj *kwnames);
static void heaptype_dealloc(Obj *o);
static int type_traverse(Obj *o, VisitFn visit, void *arg);
static int type_clear(Obj *o);

Obj *type_new_class(TypeObj *meta, Obj *name, Obj *bases, Obj *ns, Obj *kwds)
{
    if (!STR_CHECK(name)) {
        vm_err_format(&exc_TypeError, "type.__new__() argument 1 must be str, not %s",
                      type_name(OBJ_TYPE(name)));
        return NULL;
    }
    if (!TUPLE_CHECK(bases)) {
        vm_err_format(&exc_TypeError, "type.__new__() argument 2 must be tuple, not %s",
                      type_name(OBJ_TYPE(bases)));
        return NULL;
    }
    if (!DICT_CHECK(ns)) {
        vm_err_format(&exc_TypeError, "type.__new__() argument 3 must be dict, not %s",
                      type_name(OBJ_TYPE(ns)));
        return NULL;
    }
    TypeObj *winner = type_calculate_meta(meta, bases);
    if (!winner) return NULL;
    if (winner != meta && winner->new_ != type_new) {
        Obj *args[3] = {name, bases, ns};
        return winner->new_(winner, args, 3, NULL);
    }
    meta = winner;
    Obj *own_bases = NULL;
    if (TUPLE_LEN(bases) == 0) own_bases = tuple_pack(1, (Obj *)&object_type);
    else own_bases = INCREF(bases);
    if (!own_bases) return NULL;
    TypeObj *base = best_base(own_bases);
    if (!base) {
        DECREF(own_bases);
        return NULL;
    }
    Obj *dict = dict_copy(ns);
    if (!dict) {
        DECREF(own_bases);
        return NULL;
    }
    HeapTypeObj *h = NULL;
    Obj *slots = NULL, *slot_list = NULL;
    bool add_dict = base->dictoffset == 0 && !(base->flags & TPF_MANAGED_DICT);
    /* CPython: no __weakref__ for variable-size bases (int, tuple, bytes) */
    bool add_weak = base->weaklistoffset == 0 && base->itemsize == 0 &&
                    !type_is_subtype(base, &int_type);   /* variable-size in CPython */
    Obj *slots_obj = dict_get_borrow(dict, id_str("__slots__"));
    if (slots_obj) {
        if (STR_CHECK(slots_obj)) slots = tuple_pack(1, slots_obj);
        else slots = seq_to_tuple(slots_obj);
        if (!slots) goto fail;
        bool may_dict = add_dict, may_weak = add_weak;
        add_dict = add_weak = false;
        slot_list = list_new(0);
        if (!slot_list) goto fail;
        for (Ssize i = 0; i < TUPLE_LEN(slots); i++) {
            Obj *s = TUPLE_ITEMS(slots)[i];
            if (!STR_CHECK(s)) {
                vm_err_format(&exc_TypeError, "__slots__ items must be strings, not '%s'",
                              type_name(OBJ_TYPE(s)));
                goto fail;
            }
            if (!is_identifier(s)) {
                vm_err_set_str(&exc_TypeError, "__slots__ must be identifiers");
                goto fail;
            }
            if (str_eq_cstr(s, "__dict__")) {
                if (!may_dict || add_dict) {
                    vm_err_set_str(&exc_TypeError, "__dict__ slot disallowed: we already got one");
                    goto fail;
                }
                add_dict = true;
                continue;
            }
            if (str_eq_cstr(s, "__weakref__")) {
                if (!may_weak || add_weak) {
                    vm_err_set_str(&exc_TypeError, "__weakref__ slot disallowed: we already got one");
                    goto fail;
                }
                add_weak = true;
                continue;
            }
            Obj *m = mangle(name, s);
            if (!m) goto fail;
            if (dict_get_borrow(dict, m)) {
                vm_err_format(&exc_ValueError, "%R in __slots__ conflicts with class variable", s);
                DECREF(m);
                goto fail;
            }
            int r = list_append(slot_list, m);
            DECREF(m);
            if (r < 0) goto fail;
        }
        if (LIST_LEN(slot_list) > 0 && (base->itemsize || type_is_subtype(base, &int_type))) {
            vm_err_format(&exc_TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                          base->name);
            goto fail;
        }
        if (list_sort(slot_list, NULL, false) < 0) goto fail;
    }
    h = (HeapTypeObj *)obj_alloc(meta, 0);
    if (!h) goto fail;
    TypeObj *t = &h->type;
    t->flags = TPF_HEAPTYPE | TPF_BASETYPE | TPF_GC |
               (base->flags & (TPF_MANAGED_DICT | TPF_MANAGED_WEAKREF | TPF_SEQUENCE | TPF_MAPPING));
    if (add_dict) t->flags |= TPF_MANAGED_DICT;
    t->ht_name = INCREF(name);
    t->name = str_utf8_lossy(name, NULL);
    Obj *qualname = dict_get_borrow(dict, id_str("__qualname__"));
    if (qualname) {
        if (!STR_CHECK(qualname)) {
            vm_err_format(&exc_TypeError, "type __qualname__ must be a str, not %s",
                          type_name(OBJ_TYPE(qualname)));
            goto fail;
        }
        t->ht_qualname = INCREF(qualname);
        if (dict_del(dict, id_str("__qualname__")) < 0) goto fail;
    } else {
        t->ht_qualname = INCREF(name);
    }
    t->tp_base = base;
    INCREF(base);
    t->bases = own_bases;
    own_bases = NULL;
    t->dict = dict;
    dict = NULL;
    t->as_number = &h->num;
    t->as_sequence = &h->seq;
    t->as_mapping = &h->map;
    t->slots = slots;
    slots = NULL;
    t->itemsize = base->itemsize;
    t->basicsize = base->basicsize;
    if (slot_list && LIST_LEN(slot_list)) {
        h->nmembers = LIST_LEN(slot_list);
        h->members = xcalloc((size_t)h->nmembers, sizeof(MemberDef));
        h->member_names = INCREF(slot_list);
        for (Ssize i = 0; i < h->nmembers; i++) {
            Obj *m = LIST_ITEMS(slot_list)[i];
            h->members[i].name = str_utf8_lossy(m, NULL);
            h->members[i].offset = t->basicsize;
            h->members[i].kind = MEMBER_OBJ;
            t->basicsize += (Ssize)sizeof(Obj *);
            Obj *d = member_descr_new(t, &h->members[i]);
            if (!d || dict_set(t->dict, m, d) < 0) {
                XDECREF(d);
                goto fail;
            }
            DECREF(d);
        }
    }
    if (add_dict || add_weak) {
        if (add_dict) {
            Obj *d = getset_descr_new(t, &subtype_dict_getset[0]);
            if (!d || dict_set(t->dict, id_str("__dict__"), d) < 0) {
                XDECREF(d);
                goto fail;
            }
            DECREF(d);
        }
        if (add_weak) {
            t->weaklistoffset = -1;   /* the managed slot before the object */
            t->flags |= TPF_MANAGED_WEAKREF;
            Obj *w = getset_descr_new(t, &subtype_weakref_getset[0]);
            if (!w || dict_set(t->dict, id_str("__weakref__"), w) < 0) {
                XDECREF(w);
                goto fail;
            }
            DECREF(w);
        }
    }
    /* __module__ from the calling frame's globals when the body did not set it. */
    if (!dict_get_borrow(t->dict, id_str("__module__")) && vm && vm->frame && vm->frame->globals) {
        Obj *mn = dict_get_borrow(vm->frame->globals, id_str("__name__"));
        if (mn && dict_set(t->dict, id_str("__module__"), mn) < 0) goto fail;
    }
    if (!dict_get_borrow(t->dict, id_str("__doc__")) && dict_set(t->dict, id_str("__doc__"), NONE) < 0)
        goto fail;
    /* __new__ is a static method, __init_subclass__ / __class_getitem__ class methods. */
    Obj *nw = dict_get_borrow(t->dict, id_str("__new__"));
    if (nw && IS_TYPE(nw, function_type)) {
        StaticMethodObj *sm = (StaticMethodObj *)obj_alloc(&staticmethod_type, 0);
        if (!sm) goto fail;
        sm->func = INCREF(nw);
        int r = dict_set(t->dict, id_str("__new__"), (Obj *)sm);
        DECREF(sm);
        if (r < 0) goto fail;
    }
    static const char *const cms[] = {"__init_subclass__", "__class_getitem__"};
    for (int i = 0; i < 2; i++) {
        Obj *f = dict_get_borrow(t->dict, id_str(cms[i]));
        if (f && IS_TYPE(f, function_type)) {
            StaticMethodObj *cm = (StaticMethodObj *)obj_alloc(&classmethod_type, 0);
            if (!cm) goto fail;
            cm->func = INCREF(f);
            int r = dict_set(t->dict, id_str(cms[i]), (Obj *)cm);
            DECREF(cm);
            if (r < 0) goto fail;
        }
    }
    if (dict_get_borrow(t->dict, id_str("__eq__")) && !dict_get_borrow(t->dict, id_str("__hash__")))
        if (dict_set(t->dict, id_str("__hash__"), NONE) < 0) goto fail;
    t->dealloc = subtype_dealloc;
    t->traverse = subtype_traverse;
    t->clear = subtype_clear;
    if (type_ready(t) < 0) goto fail;
    fixup_slots(t);
    t->dealloc = subtype_dealloc;
    /* __classcell__: the cell behind zero-argument super() / __class__. */
    Obj *cell = dict_get_borrow(t->dict, id_str("__classcell__"));
    if (cell) {
        if (!IS_TYPE(cell, cell_type)) {
            vm_err_format(&exc_TypeError, "__classcell__ must be a nonlocal cell, not %s",
                          type_name(OBJ_TYPE(cell)));
            goto fail;
        }
        obj_setref(&((CellObj *)cell)->ref, INCREF(t));
        if (dict_del(t->dict, id_str("__classcell__")) < 0) goto fail;
    }
    XDECREF(slot_list);
    /* 3.12 records the class in each base's subclasses with a weak
     * reference, an allocation its collector counts. */
    for (Ssize i = 0; t->bases && i < TUPLE_LEN(t->bases); i++) gc_count_phantom();
    if (set_names(t) < 0 || init_subclass(t, kwds) < 0) {
        DECREF(t);
        return NULL;
    }
    return (Obj *)t;
fail:
    XDECREF(own_bases);
    XDECREF(dict);
    XDECREF(slots);
    XDECREF(slot_list);
    XDECREF(h);
    return NULL;
}

/* type.__new__(meta, name, bases, ns, **kwds) */
static Obj *type_new(TypeObj *meta, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (meta == &type_type && nargs == 1 && nkw == 0) return INCREF(OBJ_TYPE(args[0]));
    if (nargs != 3) {
        vm_err_set_str(&exc_TypeError, "type() takes 1 or 3 arguments");
        return NULL;
    }
    Obj *kwds = NULL;
    if (nkw) {
        kwds = dict_new();
        if (!kwds) return NULL;
        for (Ssize i = 0; i < nkw; i++)
            if (dict_set(kwds, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) {
                DECREF(kwds);
                return NULL;
            }
    }
    Obj *r = type_new_class(meta, args[0], args[1], args[2], kwds);
    XDECREF(kwds);
    return r;
}

static int type_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self; (void)args;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (nargs == 1 && nkw) {
        vm_err_set_str(&exc_TypeError, "type.__init__() takes no keyword arguments");
        return -1;
    }
    if (nargs != 1 && nargs != 3) {
        vm_err_set_str(&exc_TypeError, "type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    return 0;
}

static void heaptype_dealloc(Obj *o)
{
    TypeObj *t = (TypeObj *)o;
    if (!(t->flags & TPF_HEAPTYPE)) return;   /* static types are never released */
    if (t->weakreflist) weakref_clear_refs(o);
    HeapTypeObj *h = (HeapTypeObj *)o;
    if (t->bases)
        for (Ssize i = 0; i < TUPLE_LEN(t->bases); i++)
            remove_subclass((TypeObj *)TUPLE_ITEMS(t->bases)[i], t);
    CLEAR(t->bases);
    CLEAR(t->mro);
    CLEAR(t->dict);
    CLEAR(t->subclasses);
    CLEAR(t->ht_name);
    CLEAR(t->ht_qualname);
    CLEAR(t->ht_module);
    CLEAR(t->slots);
    CLEAR(h->member_names);
    free(h->members);
    h->members = NULL;
    if (t->tp_base) {
        TypeObj *b = t->tp_base;
        t->tp_base = NULL;
        DECREF(b);
    }
    /* A subclass of type may carry a managed dict / slots of its own. */
    TypeObj *meta = OBJ_TYPE(o);
    if (meta->flags & TPF_HEAPTYPE) {
        for (TypeObj *b = meta; b && (b->flags & TPF_HEAPTYPE); b = b->tp_base) {
            HeapTypeObj *mh = (HeapTypeObj *)b;
            for (Ssize i = 0; i < mh->nmembers; i++) CLEAR(*(Obj **)((char *)o + mh->members[i].offset));
        }
        if (meta->flags & TPF_MANAGED_DICT) CLEAR(*obj_managed_dict(o));
    }
    obj_free(o);
}

static int type_traverse(Obj *o, VisitFn visit, void *arg)
{
    TypeObj *t = (TypeObj *)o;
    if (!(t->flags & TPF_HEAPTYPE)) return 0;
    int r;
    if (t->dict && (r = visit(t->dict, arg))) return r;
    if (t->mro && (r = visit(t->mro, arg))) return r;
    if (t->bases && (r = visit(t->bases, arg))) return r;
    if (t->tp_base && (r = visit((Obj *)t->tp_base, arg))) return r;
    TypeObj *meta = OBJ_TYPE(o);
    if (meta->flags & TPF_HEAPTYPE) {
        if ((r = visit((Obj *)meta, arg))) return r;
        for (TypeObj *b = meta; b && (b->flags & TPF_HEAPTYPE); b = b->tp_base) {
            HeapTypeObj *mh = (HeapTypeObj *)b;
            for (Ssize i = 0; i < mh->nmembers; i++) {
                Obj *v = *(Obj **)((char *)o + mh->members[i].offset);
                if (v && (r = visit(v, arg))) return r;
            }
        }
        if (meta->flags & TPF_MANAGED_DICT) {
            Obj *d = *obj_managed_dict(o);
            if (d && (r = visit(d, arg))) return r;
        }
    }
    return 0;
}

static int type_clear(Obj *o)
{
    TypeObj *t = (TypeObj *)o;
    if (!(t->flags & TPF_HEAPTYPE)) return 0;
    /* Break the cycles through class attributes and the type's own MRO (which
     * holds the type).  An unreachable type has only unreachable instances
     * and subclasses; lookups on them see an empty dict and no MRO. */
    type_modified(t);
    if (t->dict) {
        Obj *d = t->dict;
        t->dict = dict_new();
        DECREF(d);
    }
    CLEAR(t->mro);
    return 0;
}

/* ---- type attributes ----------------------------------------------------------------- */

static Obj *type_get_name(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (t->flags & TPF_HEAPTYPE) return INCREF(t->ht_name);
    return str_from_cstr(type_name(t));
}

static int check_set_special(TypeObj *t, Obj *v, const char *what)
{
    if (!(t->flags & TPF_HEAPTYPE)) {
        vm_err_format(&exc_TypeError, "cannot set '%s' attribute of immutable type '%s'", what,
                      t->name);
        return -1;
    }
    if (!v) {
        vm_err_format(&exc_TypeError, "cannot delete '%s' attribute of immutable type '%s'", what,
                      t->name);
        return -1;
    }
    return 0;
}

static int type_set_name(Obj *o, Obj *v, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (check_set_special(t, v, "__name__") < 0) return -1;
    if (!STR_CHECK(v)) {
        vm_err_format(&exc_TypeError, "can only assign string to %s.__name__, not '%s'",
                      t->name, type_name(OBJ_TYPE(v)));
        return -1;
    }
    Ssize ulen;
    const char *u = str_utf8(v, &ulen);
    if (!u) return -1;
    if (strlen(u) != (size_t)ulen) {
        vm_err_set_str(&exc_ValueError, "type name must not contain null characters");
        return -1;
    }
    obj_setref(&t->ht_name, INCREF(v));
    t->name = u;
    return 0;
}

static Obj *type_get_qualname(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (t->flags & TPF_HEAPTYPE) return INCREF(t->ht_qualname ? t->ht_qualname : t->ht_name);
    return str_from_cstr(type_name(t));
}

static int type_set_qualname(Obj *o, Obj *v, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (check_set_special(t, v, "__qualname__") < 0) return -1;
    if (!STR_CHECK(v)) {
        vm_err_format(&exc_TypeError, "can only assign string to %s.__qualname__, not '%s'",
                      t->name, type_name(OBJ_TYPE(v)));
        return -1;
    }
    obj_setref(&t->ht_qualname, INCREF(v));
    return 0;
}

static Obj *type_get_module(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (t->flags & TPF_HEAPTYPE) {
        Obj *m = dict_get_borrow(t->dict, id_str("__module__"));
        if (!m) {
            vm_err_set_str(&exc_AttributeError, "__module__");
            return NULL;
        }
        return INCREF(m);
    }
    const char *d = strrchr(t->name, '.');
    if (d) return str_from_utf8(t->name, d - t->name);
    return str_from_cstr("builtins");
}

static int type_set_module(Obj *o, Obj *v, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (check_set_special(t, v, "__module__") < 0) return -1;
    type_modified(t);
    return dict_set(t->dict, id_str("__module__"), v);
}

static Obj *type_get_bases(Obj *o, void *c)
{
    (void)c;
    return INCREF(((TypeObj *)o)->bases);
}

/* After __bases__ changed: the subclasses' MROs and slots follow. */
static int remro_subclasses(TypeObj *t, int depth)
{
    SubList *l = (SubList *)t->subclasses;
    if (!l || depth > 1000) return 0;
    for (Ssize i = 0; i < l->n; i++) {
        TypeObj *sub = l->v[i];
        if (mro_internal(sub) < 0) return -1;
        if (sub->flags & TPF_HEAPTYPE) fixup_slots(sub);
        if (remro_subclasses(sub, depth + 1) < 0) return -1;
    }
    return 0;
}

static int type_set_bases(Obj *o, Obj *v, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (check_set_special(t, v, "__bases__") < 0) return -1;
    if (!TUPLE_CHECK(v)) {
        vm_err_format(&exc_TypeError, "can only assign tuple to %s.__bases__, not %s", t->name,
                      type_name(OBJ_TYPE(v)));
        return -1;
    }
    if (TUPLE_LEN(v) == 0) {
        vm_err_format(&exc_TypeError, "can only assign non-empty tuple to %s.__bases__, not ()",
                      t->name);
        return -1;
    }
    for (Ssize i = 0; i < TUPLE_LEN(v); i++) {
        Obj *b = TUPLE_ITEMS(v)[i];
        if (!TYPE_CHECK(b)) {
            vm_err_format(&exc_TypeError, "%s.__bases__ must be tuple of classes, not '%s'",
                          t->name, type_name(OBJ_TYPE(b)));
            return -1;
        }
        if (type_is_subtype((TypeObj *)b, t)) {
            vm_err_set_str(&exc_TypeError, "a __bases__ item causes an inheritance cycle");
            return -1;
        }
    }
    TypeObj *nb = best_base(v);
    if (!nb) return -1;
    TypeObj *ob = t->tp_base;
    /* CPython's compatible_for_assignment: same deallocator (GC or not) and
     * the same solid layout. */
    if ((nb->flags & TPF_GC) != (ob->flags & TPF_GC)) {
        vm_err_format(&exc_TypeError, "__bases__ assignment: '%s' deallocator differs from '%s'",
                      nb->name, ob->name);
        return -1;
    }
    TypeObj *ns = nb, *os = ob;
    while (ns->tp_base && ns->basicsize == ns->tp_base->basicsize && ns->itemsize == ns->tp_base->itemsize)
        ns = ns->tp_base;
    while (os->tp_base && os->basicsize == os->tp_base->basicsize && os->itemsize == os->tp_base->itemsize)
        os = os->tp_base;
    if (ns != os || obj_prehead_size(nb) != obj_prehead_size(ob)) {
        vm_err_format(&exc_TypeError, "__bases__ assignment: '%s' object layout differs from '%s'",
                      nb->name, ob->name);
        return -1;
    }
    Obj *old_bases = t->bases, *old_mro = t->mro;
    for (Ssize i = 0; i < TUPLE_LEN(old_bases); i++) remove_subclass((TypeObj *)TUPLE_ITEMS(old_bases)[i], t);
    t->bases = INCREF(v);
    t->mro = NULL;
    if (mro_internal(t) < 0) {
        DECREF(t->bases);
        t->bases = old_bases;
        t->mro = old_mro;
        for (Ssize i = 0; i < TUPLE_LEN(old_bases); i++) add_subclass((TypeObj *)TUPLE_ITEMS(old_bases)[i], t);
        return -1;
    }
    for (Ssize i = 0; i < TUPLE_LEN(v); i++) add_subclass((TypeObj *)TUPLE_ITEMS(v)[i], t);
    INCREF(nb);
    t->tp_base = nb;
    DECREF(ob);
    DECREF(old_bases);
    XDECREF(old_mro);
    fixup_slots(t);
    return remro_subclasses(t, 0);
}

static Obj *type_get_mro(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    return INCREF(t->mro ? t->mro : NONE);
}

static Obj *type_get_dict(Obj *o, void *c)
{
    (void)c;
    return mappingproxy_new(((TypeObj *)o)->dict);
}

static Obj *type_get_doc(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (!(t->flags & TPF_HEAPTYPE)) return t->doc ? str_from_cstr(t->doc) : INCREF(NONE);
    Obj *d = dict_get_borrow(t->dict, id_str("__doc__"));
    if (!d) return INCREF(NONE);
    DescrGetFn g = OBJ_TYPE(d)->descr_get;
    if (g) return g(d, NULL, o);
    return INCREF(d);
}

static int type_set_doc(Obj *o, Obj *v, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (check_set_special(t, v, "__doc__") < 0) return -1;
    type_modified(t);
    return dict_set(t->dict, id_str("__doc__"), v);
}

static Obj *type_get_abstractmethods(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    Obj *v = t != &type_type && t->dict ? dict_get_borrow(t->dict, id_str("__abstractmethods__")) : NULL;
    if (!v) {
        vm_err_set_obj(&exc_AttributeError, id_str("__abstractmethods__"));
        return NULL;
    }
    return INCREF(v);
}

static int type_set_abstractmethods(Obj *o, Obj *v, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    int r, abstract = 0;
    if (v) {
        abstract = obj_is_true(v);
        if (abstract < 0) return -1;
        r = dict_set(t->dict, id_str("__abstractmethods__"), v);
    } else {
        r = dict_del(t->dict, id_str("__abstractmethods__"));
        if (r < 0 && vm_err_matches(&exc_KeyError)) {
            vm_err_clear();
            vm_err_set_obj(&exc_AttributeError, id_str("__abstractmethods__"));
        }
    }
    if (r < 0) return -1;
    if (abstract) t->flags |= TPF_ABSTRACT;
    else t->flags &= ~TPF_ABSTRACT;
    type_modified(t);
    return 0;
}

static Obj *type_get_annotations(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (!(t->flags & TPF_HEAPTYPE)) {
        vm_err_format(&exc_AttributeError, "type object '%s' has no attribute '__annotations__'",
                      t->name);
        return NULL;
    }
    Obj *a = dict_get_borrow(t->dict, id_str("__annotations__"));
    if (a) {
        DescrGetFn g = OBJ_TYPE(a)->descr_get;
        return g ? g(a, NULL, o) : INCREF(a);
    }
    a = dict_new();
    if (!a) return NULL;
    if (dict_set(t->dict, id_str("__annotations__"), a) < 0) {
        DECREF(a);
        return NULL;
    }
    return a;
}

static int type_set_annotations(Obj *o, Obj *v, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (!(t->flags & TPF_HEAPTYPE)) {
        vm_err_format(&exc_TypeError, "cannot set '__annotations__' attribute of immutable type '%s'",
                      t->name);
        return -1;
    }
    type_modified(t);
    if (v) return dict_set(t->dict, id_str("__annotations__"), v);
    int r = dict_del(t->dict, id_str("__annotations__"));
    if (r < 0 && vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
        vm_err_set_obj(&exc_AttributeError, id_str("__annotations__"));
    }
    return r;
}

static Obj *type_get_basicsize(Obj *o, void *c)
{
    (void)c;
    return int_from_i64(((TypeObj *)o)->basicsize);
}
static Obj *type_get_itemsize(Obj *o, void *c)
{
    (void)c;
    return int_from_i64(((TypeObj *)o)->itemsize);
}
static Obj *type_get_flags(Obj *o, void *c)
{
    (void)c;
    /* CPython's flag bits for the ones programs test. */
    TypeObj *t = (TypeObj *)o;
    int64_t f = 0;
    if (t->flags & TPF_HEAPTYPE) f |= 1L << 9;
    if (t->flags & TPF_BASETYPE) f |= 1L << 10;
    if (t->flags & TPF_READY) f |= 1L << 12;
    if (t->flags & TPF_GC) f |= 1L << 14;
    if (t->flags & TPF_ABSTRACT) f |= 1L << 20;
    if (t->flags & TPF_SEQUENCE) f |= 1L << 5;
    if (t->flags & TPF_MAPPING) f |= 1L << 6;
    if (t->flags & TPF_IMMUTABLE) f |= 1L << 8;
    if (t->flags & TPF_INT_SUBCLASS) f |= 1L << 24;
    if (t->flags & TPF_LIST_SUBCLASS) f |= 1L << 25;
    if (t->flags & TPF_TUPLE_SUBCLASS) f |= 1L << 26;
    if (t->flags & TPF_BYTES_SUBCLASS) f |= 1L << 27;
    if (t->flags & TPF_STR_SUBCLASS) f |= 1L << 28;
    if (t->flags & TPF_DICT_SUBCLASS) f |= 1L << 29;
    if (t->flags & TPF_BASE_EXC_SUBCLASS) f |= 1L << 30;
    if (t->flags & TPF_TYPE_SUBCLASS) f |= 1L << 31;
    return int_from_i64(f);
}
static Obj *type_get_weakrefoffset(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    /* 3.12 reports its managed slot as -4 * sizeof(PyObject *) */
    if (t->flags & TPF_MANAGED_WEAKREF) return int_from_i64(-32);
    return int_from_i64(t->weaklistoffset > 0 ? t->weaklistoffset : 0);
}
static Obj *type_get_base(Obj *o, void *c)
{
    (void)c;
    TypeObj *b = ((TypeObj *)o)->tp_base;
    return INCREF(b ? (Obj *)b : NONE);
}
static Obj *type_get_dictoffset(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    return int_from_i64((t->flags & TPF_MANAGED_DICT) ? -1 : t->dictoffset);
}
static Obj *type_get_text_signature(Obj *o, void *c)
{
    (void)o; (void)c;
    return INCREF(NONE);
}
static Obj *type_get_type_params(Obj *o, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    Obj *p = (t->flags & TPF_HEAPTYPE) ? dict_get_borrow(t->dict, id_str("__type_params__")) : NULL;
    return p ? INCREF(p) : tuple_new(0);
}
static int type_set_type_params(Obj *o, Obj *v, void *c)
{
    (void)c;
    TypeObj *t = (TypeObj *)o;
    if (check_set_special(t, v, "__type_params__") < 0) return -1;
    return dict_set(t->dict, id_str("__type_params__"), v);
}

static GetSetDef type_getset[] = {
    {"__name__", type_get_name, type_set_name, NULL, NULL},
    {"__qualname__", type_get_qualname, type_set_qualname, NULL, NULL},
    {"__bases__", type_get_bases, type_set_bases, NULL, NULL},
    {"__mro__", type_get_mro, NULL, NULL, NULL},
    {"__module__", type_get_module, type_set_module, NULL, NULL},
    {"__abstractmethods__", type_get_abstractmethods, type_set_abstractmethods, NULL, NULL},
    {"__dict__", type_get_dict, NULL, NULL, NULL},
    {"__doc__", type_get_doc, type_set_doc, NULL, NULL},
    {"__text_signature__", type_get_text_signature, NULL, NULL, NULL},
    {"__annotations__", type_get_annotations, type_set_annotations, NULL, NULL},
    {"__type_params__", type_get_type_params, type_set_type_params, NULL, NULL},
    {"__basicsize__", type_get_basicsize, NULL, NULL, NULL},
    {"__itemsize__", type_get_itemsize, NULL, NULL, NULL},
    {"__flags__", type_get_flags, NULL, NULL, NULL},
    {"__base__", type_get_base, NULL, NULL, NULL},
    {"__dictoffset__", type_get_dictoffset, NULL, NULL, NULL},
    {"__weakrefoffset__", type_get_weakrefoffset, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *type_mro_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *saved = ((TypeObj *)self)->mro;
    Obj *r = mro_c3((TypeObj *)self);
    (void)saved;
    if (!r) return NULL;
    Obj *l = seq_to_list(r);
    DECREF(r);
    return l;
}

static Obj *type_subclasses_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *l = list_new(0);
    SubList *s = (SubList *)((TypeObj *)self)->subclasses;
    if (!l || !s) return l;
    for (Ssize i = 0; i < s->n; i++)
        if (list_append(l, (Obj *)s->v[i]) < 0) {
            DECREF(l);
            return NULL;
        }
    return l;
}

static Obj *type_instancecheck_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    if (args_count("__instancecheck__", n, 1, 1) < 0) return NULL;
    int r = obj_isinstance_plain(a[0], self);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *type_subclasscheck_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    if (args_count("__subclasscheck__", n, 1, 1) < 0) return NULL;
    int r = obj_issubclass_plain(a[0], self);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *type_prepare_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return dict_new();
}

static Obj *type_dir_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *d = dict_new();
    if (!d) return NULL;
    TypeObj *t = (TypeObj *)self;
    for (Ssize i = TUPLE_LEN(t->mro) - 1; i >= 0; i--) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(t->mro)[i];
        if (b->dict && dict_update(d, b->dict) < 0) {
            DECREF(d);
            return NULL;
        }
    }
    Obj *r = dict_keys_list(d);
    DECREF(d);
    return r;
}

static Obj *type_sizeof_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    TypeObj *t = (TypeObj *)self;
    /* 3.12: PyTypeObject is 416 bytes, PyHeapTypeObject 920, plus the
     * 64-slot shared keys (768 bytes) of a class with a managed __dict__ */
    if (!(t->flags & TPF_HEAPTYPE)) return int_from_i64(416);
    return int_from_i64(920 + ((t->flags & TPF_MANAGED_DICT) ? 768 : 0));
}

static NumberMethods type_as_number = {.or_ = type_or};

static MethodDef type_methods[] = {
    {"mro", type_mro_m, METH_NOARGS, "Return a type's method resolution order."},
    {"__subclasses__", type_subclasses_m, METH_NOARGS, "Return a list of immediate subclasses."},
    {"__prepare__", type_prepare_m, METH_FAST | METH_CLASS, NULL},
    {"__instancecheck__", type_instancecheck_m, METH_FAST, "Check if an object is an instance."},
    {"__subclasscheck__", type_subclasscheck_m, METH_FAST, "Check if a class is a subclass."},
    {"__dir__", type_dir_m, METH_NOARGS, "Specialized __dir__ implementation for types."},
    {"__sizeof__", type_sizeof_m, METH_NOARGS, "Return memory consumption of the type object."},
    {NULL, NULL, 0, NULL},
};

TypeObj type_type = {
    .base = TYPE_HEAD_INIT,
    .name = "type",
    .basicsize = sizeof(HeapTypeObj),
    .flags = TPF_BASETYPE | TPF_GC,
    .dealloc = heaptype_dealloc,
    .repr = type_repr,
    .call = type_call,
    .getattro = type_getattro,
    .setattro = type_setattro,
    .traverse = type_traverse,
    .clear = type_clear,
    .as_number = &type_as_number,
    .new_ = type_new,
    .init = type_init,
    .methods = type_methods,
    .getset = type_getset,
    .dictoffset = offsetof(TypeObj, dict),
    .weaklistoffset = offsetof(TypeObj, weakreflist),
    .doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type",
};

/* ---- super ------------------------------------------------------------------------- */

typedef struct SuperObj { Obj base; TypeObj *type; Obj *obj; TypeObj *obj_type; } SuperObj;

/* The type whose MRO super() walks: obj itself when it is a subclass of
 * type, else type(obj) (or obj.__class__). */
static TypeObj *supercheck(TypeObj *type, Obj *obj)
{
    if (TYPE_CHECK(obj) && type_is_subtype((TypeObj *)obj, type)) return (TypeObj *)INCREF(obj);
    if (type_is_subtype(OBJ_TYPE(obj), type)) return (TypeObj *)INCREF(OBJ_TYPE(obj));
    Obj *cls;
    if (obj_lookup_attr(obj, id_str("__class__"), &cls) < 0) return NULL;
    if (cls && TYPE_CHECK(cls) && cls != (Obj *)OBJ_TYPE(obj) && type_is_subtype((TypeObj *)cls, type))
        return (TypeObj *)cls;
    XDECREF(cls);
    vm_err_set_str(&exc_TypeError, "super(type, obj): obj must be an instance or subtype of type");
    return NULL;
}

/* Find name in the MRO of start after `type`; BORROWED, NULL when missing. */
static Obj *super_find(TypeObj *type, TypeObj *start, Obj *name)
{
    Obj *mro = start->mro;
    if (!mro) return NULL;
    Ssize n = TUPLE_LEN(mro), i;
    for (i = 0; i + 1 < n; i++)
        if (TUPLE_ITEMS(mro)[i] == (Obj *)type) break;
    for (i++; i < n; i++) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
        Obj *v = b->dict ? dict_get_borrow(b->dict, name) : NULL;
        if (v) return v;
    }
    return NULL;
}

static void super_attr_error(Obj *name)
{
    vm_err_format(&exc_AttributeError, "'super' object has no attribute '%U'", name);
}

Obj *super_lookup(TypeObj *type, Obj *obj, Obj *name, int *is_method)
{
    if (is_method) *is_method = 0;
    TypeObj *start = supercheck(type, obj);
    if (!start) return NULL;
    Obj *res = super_find(type, start, name);
    if (!res) {
        DECREF(start);
        super_attr_error(name);
        return NULL;
    }
    INCREF(res);
    /* As CPython: the method form does not ask whether obj is the start
     * type itself (so a classmethod's super().f() passes the class). */
    if (is_method && (OBJ_TYPE(res)->flags & TPF_METHOD_DESCR)) {
        DECREF(start);
        *is_method = 1;
        return res;
    }
    DescrGetFn g = OBJ_TYPE(res)->descr_get;
    if (g) {
        Obj *r = g(res, obj == (Obj *)start ? NULL : obj, (Obj *)start);
        DECREF(res);
        res = r;
    }
    DECREF(start);
    return res;
}

static Obj *super_getattro(Obj *o, Obj *name)
{
    SuperObj *s = (SuperObj *)o;
    if (s->obj_type && !(STR_CHECK(name) && str_eq_cstr(name, "__class__"))) {
        Obj *res = super_find(s->type, s->obj_type, name);
        if (res) {
            INCREF(res);
            DescrGetFn g = OBJ_TYPE(res)->descr_get;
            if (g) {
                Obj *r = g(res, s->obj == (Obj *)s->obj_type ? NULL : s->obj, (Obj *)s->obj_type);
                DECREF(res);
                return r;
            }
            return res;
        }
    }
    Obj *r = obj_generic_getattr(o, name);
    if (!r && vm_err_matches(&exc_AttributeError)) {
        vm_err_clear();
        super_attr_error(name);
    }
    return r;
}

static Obj *super_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return obj_alloc(t, 0);
}

/* super() without arguments: the frame's first argument and its
 * __class__ cell (3.12 kinds: 0x40 cell, 0x80 free). */
static int super_zero_args(TypeObj **type, Obj **obj)
{
    Frame *f = vm->frame;
    if (!f || !f->code) {
        vm_err_set_str(&exc_RuntimeError, "super(): no current frame");
        return -1;
    }
    CodeRtObj *co = f->code;
    if (co->argcount == 0) {
        vm_err_set_str(&exc_RuntimeError, "super(): no arguments");
        return -1;
    }
    Obj *first = f->localsplus[0];
    if (first && co->localspluskinds && (co->localspluskinds[0] & 0x40) && IS_TYPE(first, cell_type))
        first = ((CellObj *)first)->ref;
    if (!first) {
        vm_err_set_str(&exc_RuntimeError, "super(): arg[0] deleted");
        return -1;
    }
    for (int i = 0; i < co->nlocalsplus; i++) {
        Obj *n = TUPLE_ITEMS(co->localsplusnames)[i];
        if (!(co->localspluskinds[i] & 0x80) || !str_eq_cstr(n, "__class__")) continue;
        Obj *cell = f->localsplus[i];
        Obj *cls = cell && IS_TYPE(cell, cell_type) ? ((CellObj *)cell)->ref : NULL;
        if (!cls) {
            vm_err_set_str(&exc_RuntimeError, "super(): empty __class__ cell");
            return -1;
        }
        if (!TYPE_CHECK(cls)) {
            vm_err_format(&exc_RuntimeError, "super(): __class__ is not a type (%s)",
                          type_name(OBJ_TYPE(cls)));
            return -1;
        }
        *type = (TypeObj *)cls;
        *obj = first;
        return 0;
    }
    vm_err_set_str(&exc_RuntimeError, "super(): __class__ cell not found");
    return -1;
}

static int super_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    SuperObj *s = (SuperObj *)self;
    if (args_no_kw("super", kwnames) < 0) return -1;
    if (args_count("super", nargs, 0, 2) < 0) return -1;
    TypeObj *type;
    Obj *obj = NULL;
    if (nargs == 0) {
        if (super_zero_args(&type, &obj) < 0) return -1;
    } else {
        if (!TYPE_CHECK(args[0])) {
            vm_err_format(&exc_TypeError, "super() argument 1 must be a type, not %s",
                          type_name(OBJ_TYPE(args[0])));
            return -1;
        }
        type = (TypeObj *)args[0];
        obj = nargs == 2 && args[1] != NONE ? args[1] : NULL;
    }
    TypeObj *ot = NULL;
    if (obj && !(ot = supercheck(type, obj))) return -1;
    obj_setref((Obj **)&s->type, INCREF(type));
    obj_setref(&s->obj, xincref(obj));
    obj_setref((Obj **)&s->obj_type, (Obj *)ot);
    return 0;
}

static Obj *super_descr_get(Obj *o, Obj *obj, Obj *type)
{
    (void)type;
    SuperObj *s = (SuperObj *)o;
    if (!obj || s->obj) return INCREF(o);
    if (!s->type) {   /* super.__new__(super) never initialised: CPython's supercheck fails */
        vm_err_set_str(&exc_TypeError, "super(type, obj): obj must be an instance or subtype of type");
        return NULL;
    }
    Obj *args[2] = {(Obj *)s->type, obj};
    return obj_call((Obj *)OBJ_TYPE(o), args, 2, NULL);
}

static Obj *super_repr(Obj *o)
{
    SuperObj *s = (SuperObj *)o;
    const char *tn = s->type ? type_name(s->type) : "NULL";
    if (s->obj_type) return core_fmt("<super: <class '%s'>, <%s object>>", tn, type_name(s->obj_type));
    return core_fmt("<super: <class '%s'>, NULL>", tn);
}

static void super_dealloc(Obj *o)
{
    SuperObj *s = (SuperObj *)o;
    XDECREF(s->type);
    XDECREF(s->obj);
    XDECREF(s->obj_type);
    obj_free(o);
}

static int super_traverse(Obj *o, VisitFn visit, void *arg)
{
    SuperObj *s = (SuperObj *)o;
    int r;
    if (s->type && (r = visit((Obj *)s->type, arg))) return r;
    if (s->obj && (r = visit(s->obj, arg))) return r;
    if (s->obj_type && (r = visit((Obj *)s->obj_type, arg))) return r;
    return 0;
}

static Obj *super_get_thisclass(Obj *o, void *c)
{
    (void)c;
    SuperObj *s = (SuperObj *)o;
    return INCREF(s->type ? (Obj *)s->type : NONE);
}
static Obj *super_get_self(Obj *o, void *c)
{
    (void)c;
    SuperObj *s = (SuperObj *)o;
    return INCREF(s->obj ? s->obj : NONE);
}
static Obj *super_get_self_class(Obj *o, void *c)
{
    (void)c;
    SuperObj *s = (SuperObj *)o;
    return INCREF(s->obj_type ? (Obj *)s->obj_type : NONE);
}

static GetSetDef super_getset[] = {
    {"__thisclass__", super_get_thisclass, NULL, "the class invoking super()", NULL},
    {"__self__", super_get_self, NULL, "the instance invoking super(); may be None", NULL},
    {"__self_class__", super_get_self_class, NULL, "the type of the instance invoking super(); may be None", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj super_type = {
    .base = TYPE_HEAD_INIT, .name = "super", .basicsize = sizeof(SuperObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = super_dealloc, .repr = super_repr,
    .getattro = super_getattro, .traverse = super_traverse, .descr_get = super_descr_get,
    .new_ = super_new, .init = super_init, .getset = super_getset,
};
