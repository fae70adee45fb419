/* weakref.c — weak references: weakref.ref (ReferenceType), the proxies
 * (ProxyType, CallableProxyType), the list of references each weakly
 * referenceable object carries, and what happens to it when the object dies.
 *
 * Every referenceable object has a list head (obj_weaklist_ptr: a field at
 * the type's weaklistoffset, or the managed slot before a class instance).
 * The list is ordered as CPython orders it: the canonical callback-less ref
 * first, then the canonical callback-less proxy, then every other reference
 * newest first — so callbacks run newest first, which programs can see.
 *
 * When the last reference to an object goes, its dealloc calls
 * weakref_clear_refs: every reference is cleared (calling it now gives
 * None) and then the callbacks run, each with its reference (3.12's
 * PyObject_ClearWeakRefs).  A heap class instance clears after __del__ ran,
 * functions, sets, modules … at the start of their dealloc.  Objects the
 * cycle collector finds unreachable have their references cleared and the
 * callbacks of reachable references called before any __del__ (gc.c,
 * weakref_gc_clear below), as 3.12's handle_weakrefs does.
 */
#include "config.h"

#include <stdlib.h>

#include "src/obj/objimpl.h"

#define WR(o) ((WeakRefObj *)(o))

/* ---- the list of references of an object ------------------------------------ */

Obj **obj_weaklist_ptr(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (t->weaklistoffset > 0) return (Obj **)((char *)o + t->weaklistoffset);
    if (t->weaklistoffset < 0 && (t->flags & TPF_MANAGED_WEAKREF)) return obj_managed_weaklist(o);
    return NULL;
}

bool weakref_supported(const TypeObj *t)
{
    return t->weaklistoffset > 0 || (t->weaklistoffset < 0 && (t->flags & TPF_MANAGED_WEAKREF));
}

bool weakref_check(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    return t == &weakproxy_type || t == &weakcallableproxy_type || type_is_subtype(t, &weakref_type);
}

static bool is_proxy(Obj *o)
{
    return IS_TYPE(o, weakproxy_type) || IS_TYPE(o, weakcallableproxy_type);
}

Ssize weakref_count(Obj *o)
{
    Obj **l = obj_weaklist_ptr(o);
    Ssize n = 0;
    for (WeakRefObj *w = l ? WR(*l) : NULL; w; w = w->next) n++;
    return n;
}

/* Unlink wr from its referent's list; the referent reads as dead.  The
 * callback stays (CPython's _PyWeakref_ClearRef). */
void weakref_detach(Obj *wr)
{
    WeakRefObj *w = WR(wr);
    if (w->object) {
        Obj **l = obj_weaklist_ptr(w->object);
        if (l && *l == wr) *l = (Obj *)w->next;
        if (w->prev) w->prev->next = w->next;
        if (w->next) w->next->prev = w->prev;
        w->object = NULL;
        w->prev = w->next = NULL;
    }
}

/* Detach and drop the callback (clear_weakref). */
static void clear_ref(WeakRefObj *w)
{
    weakref_detach((Obj *)w);
    CLEAR(w->callback);
}

/* The canonical callback-less ref and proxy at the head of a list. */
static void basic_refs(Obj *head, WeakRefObj **ref, WeakRefObj **proxy)
{
    *ref = *proxy = NULL;
    WeakRefObj *w = WR(head);
    if (w && !w->callback) {
        if (IS_TYPE(head, weakref_type)) {
            *ref = w;
            w = w->next;
        }
        if (w && !w->callback && is_proxy((Obj *)w)) *proxy = w;
    }
}

static void insert_head(WeakRefObj *w, Obj **list)
{
    WeakRefObj *next = WR(*list);
    w->prev = NULL;
    w->next = next;
    if (next) next->prev = w;
    *list = (Obj *)w;
}

static void insert_after(WeakRefObj *w, WeakRefObj *prev)
{
    w->prev = prev;
    w->next = prev->next;
    if (prev->next) prev->next->prev = w;
    prev->next = w;
}

/* Link a fresh reference (canonical when `canonical`) into ob's list. */
static void link_ref(WeakRefObj *w, Obj *ob, bool canonical)
{
    Obj **list = obj_weaklist_ptr(ob);
    if (canonical && IS_TYPE(w, weakref_type)) {
        insert_head(w, list);
        return;
    }
    WeakRefObj *ref, *proxy;
    basic_refs(*list, &ref, &proxy);
    if (canonical && proxy == NULL && is_proxy((Obj *)w)) {
        /* the canonical proxy goes right after the canonical ref */
        if (ref) insert_after(w, ref);
        else insert_head(w, list);
        return;
    }
    WeakRefObj *prev = proxy ? proxy : ref;
    if (prev) insert_after(w, prev);
    else insert_head(w, list);
}

static int check_referenceable(Obj *ob)
{
    if (!weakref_supported(OBJ_TYPE(ob))) {
        vm_err_format(&exc_TypeError, "cannot create weak reference to '%s' object",
                      OBJ_TYPE(ob)->name);
        return -1;
    }
    return 0;
}

Obj *weakref_new_typed(TypeObj *t, Obj *ob, Obj *callback)
{
    if (check_referenceable(ob) < 0) return NULL;
    if (callback == NONE) callback = NULL;
    Obj **list = obj_weaklist_ptr(ob);
    if (!callback && t == &weakref_type) {
        WeakRefObj *ref, *proxy;
        basic_refs(*list, &ref, &proxy);
        if (ref) return INCREF(ref);
    }
    WeakRefObj *w = (WeakRefObj *)obj_alloc(t, 0);
    if (!w) return NULL;
    w->object = ob;
    w->callback = xincref(callback);
    w->hash = -1;
    link_ref(w, ob, !callback && t == &weakref_type);
    return (Obj *)w;
}

Obj *weakref_new(Obj *ob, Obj *callback) { return weakref_new_typed(&weakref_type, ob, callback); }

Obj *weakref_get_borrow(Obj *wr) { return WR(wr)->object; }

/* ---- the object dies --------------------------------------------------------- */

static void call_callback(Obj *wr, Obj *callback)
{
    Obj *r = obj_call(callback, &wr, 1, NULL);
    if (r) DECREF(r);
    else vm_err_write_unraisable("Exception ignored in", callback);
}

void weakref_clear_refs(Obj *o)
{
    Obj **list = obj_weaklist_ptr(o);
    if (!list || !*list) return;
    Obj *saved = vm_err_fetch();
    Ssize count = weakref_count(o);
    if (count == 1) {
        WeakRefObj *w = WR(*list);
        Obj *callback = w->callback;
        w->callback = NULL;
        weakref_detach((Obj *)w);
        if (callback) {
            if (((Obj *)w)->refcnt > 0) call_callback((Obj *)w, callback);
            DECREF(callback);
        }
    } else {
        /* Clear them all first, so no callback sees a live reference to
         * the dying object; then call back in list order. */
        Obj **pairs = xcalloc((size_t)count * 2, sizeof(Obj *));
        WeakRefObj *w = WR(*list);
        for (Ssize i = 0; i < count && w; i++) {
            WeakRefObj *next = w->next;
            if (((Obj *)w)->refcnt > 0 && w->callback) {
                pairs[2 * i] = INCREF(w);
                pairs[2 * i + 1] = w->callback;
            } else {
                XDECREF(w->callback);
            }
            w->callback = NULL;
            weakref_detach((Obj *)w);
            w = next;
        }
        for (Ssize i = 0; i < count; i++)
            if (pairs[2 * i + 1]) call_callback(pairs[2 * i], pairs[2 * i + 1]);
        for (Ssize i = 0; i < 2 * count; i++) XDECREF(pairs[i]);
        free(pairs);
    }
    vm_err_restore(saved);
}

/* ---- weakref.ref --------------------------------------------------------------- */

static void weakref_dealloc(Obj *o)
{
    gc_untrack(o);
    clear_ref(WR(o));
    obj_free(o);
}

static int weakref_traverse(Obj *o, VisitFn visit, void *arg)
{
    return WR(o)->callback ? visit(WR(o)->callback, arg) : 0;
}

static int weakref_tp_clear(Obj *o)
{
    clear_ref(WR(o));
    return 0;
}

static Obj *weakref_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)kwnames;   /* ignored, so subclasses may take keywords */
    if (args_count("__new__", nargs, 1, 2) < 0) return NULL;
    return weakref_new_typed(t, args[0], nargs > 1 ? args[1] : NULL);
}

static int weakref_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    (void)args;
    (void)kwnames;
    return args_count("__init__", nargs, 1, 2);
}

static Obj *weakref_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args;
    if (args_no_kw("weakref", kwnames) < 0 || args_count("weakref", nargs, 0, 0) < 0) return NULL;
    Obj *o = WR(self)->object;
    return INCREF(o ? o : NONE);
}

static Hash weakref_hash(Obj *self)
{
    WeakRefObj *w = WR(self);
    if (w->hash != -1) return w->hash;
    if (!w->object) {
        vm_err_set_str(&exc_TypeError, "weak object has gone away");
        return -1;
    }
    w->hash = obj_hash(w->object);
    return w->hash;
}

/* __name__ looked up on the type and bound (_PyObject_LookupSpecial). */
static Obj *special_name(Obj *o)
{
    Obj *d = type_lookup(OBJ_TYPE(o), id_str("__name__"));
    if (!d) return NULL;
    DescrGetFn get = OBJ_TYPE(d)->descr_get;
    Obj *r = get ? get(d, o, (Obj *)OBJ_TYPE(o)) : INCREF(d);
    if (!r) vm_err_clear();
    return r;
}

static Obj *weakref_repr(Obj *self)
{
    Obj *o = WR(self)->object;
    if (!o) return core_fmt("<weakref at %p; dead>", (void *)self);
    INCREF(o);
    Obj *name = special_name(o);
    Obj *r;
    if (name && STR_CHECK(name))
        r = core_fmt("<weakref at %p; to '%s' at %p (%U)>", (void *)self, OBJ_TYPE(o)->name,
                     (void *)o, name);
    else
        r = core_fmt("<weakref at %p; to '%s' at %p>", (void *)self, OBJ_TYPE(o)->name, (void *)o);
    XDECREF(name);
    DECREF(o);
    return r;
}

static Obj *weakref_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !type_is_subtype(OBJ_TYPE(a), &weakref_type) ||
        !type_is_subtype(OBJ_TYPE(b), &weakref_type))
        return INCREF(NOTIMPL);
    Obj *x = WR(a)->object, *y = WR(b)->object;
    if (!x || !y) {
        bool same = a == b;
        return bool_from(op == CMP_EQ ? same : !same);
    }
    INCREF(x);
    INCREF(y);
    Obj *r = obj_richcompare(x, y, op);
    DECREF(x);
    DECREF(y);
    return r;
}

static Obj *weakref_get_callback(Obj *self, void *c)
{
    (void)c;
    Obj *cb = WR(self)->callback;
    return INCREF(cb ? cb : NONE);
}

static Obj *weakref_class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs;
    (void)kw;
    return generic_alias_new(cls, args[0]);
}

static GetSetDef weakref_getset[] = {
    {"__callback__", weakref_get_callback, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef weakref_methods[] = {
    {"__class_getitem__", weakref_class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

TypeObj weakref_type = {
    .base = TYPE_HEAD_INIT, .name = "weakref.ReferenceType", .basicsize = sizeof(WeakRefObj),
    .flags = TPF_GC | TPF_BASETYPE, .getattro = obj_generic_getattr,
    .dealloc = weakref_dealloc, .repr = weakref_repr, .hash = weakref_hash,
    .call = weakref_call, .richcompare = weakref_richcompare, .new_ = weakref_tp_new,
    .init = weakref_tp_init, .traverse = weakref_traverse, .clear = weakref_tp_clear,
    .methods = weakref_methods, .getset = weakref_getset,
};

/* ---- proxies ------------------------------------------------------------------------ */

/* The referent of a proxy (NEW), ReferenceError when it died; any other
 * object as it is. */
static Obj *unwrap(Obj *o)
{
    if (!is_proxy(o)) return INCREF(o);
    Obj *r = WR(o)->object;
    if (!r) {
        vm_err_set_str(&exc_ReferenceError, "weakly-referenced object no longer exists");
        return NULL;
    }
    return INCREF(r);
}

Obj *weakref_proxy_new(Obj *ob, Obj *callback)
{
    if (check_referenceable(ob) < 0) return NULL;
    if (callback == NONE) callback = NULL;
    Obj **list = obj_weaklist_ptr(ob);
    if (!callback) {
        WeakRefObj *ref, *proxy;
        basic_refs(*list, &ref, &proxy);
        if (proxy) return INCREF(proxy);
    }
    TypeObj *t = OBJ_TYPE(ob)->call ? &weakcallableproxy_type : &weakproxy_type;
    WeakRefObj *w = (WeakRefObj *)obj_alloc(t, 0);
    if (!w) return NULL;
    w->object = ob;
    w->callback = xincref(callback);
    w->hash = -1;
    link_ref(w, ob, !callback);
    return (Obj *)w;
}

static Obj *proxy_repr(Obj *self)
{
    Obj *o = WR(self)->object;
    if (!o) return core_fmt("<weakproxy at %p; dead>", (void *)self);
    return core_fmt("<weakproxy at %p to %s at %p>", (void *)self, OBJ_TYPE(o)->name, (void *)o);
}

#define UNWRAP_OR(o, v, fail) Obj *v = unwrap(o); if (!v) return fail

static Obj *proxy_str(Obj *self)
{
    UNWRAP_OR(self, o, NULL);
    Obj *r = obj_str(o);
    DECREF(o);
    return r;
}

static Obj *proxy_getattr(Obj *self, Obj *name)
{
    UNWRAP_OR(self, o, NULL);
    Obj *r = obj_getattr(o, name);
    DECREF(o);
    return r;
}

static int proxy_setattr(Obj *self, Obj *name, Obj *value)
{
    UNWRAP_OR(self, o, -1);
    int r = obj_setattr(o, name, value);
    DECREF(o);
    return r;
}

static Hash proxy_hash(Obj *self)
{
    vm_err_format(&exc_TypeError, "unhashable type: '%s'", OBJ_TYPE(self)->name);
    return -1;
}

static Obj *proxy_richcompare(Obj *a, Obj *b, int op)
{
    UNWRAP_OR(a, x, NULL);
    Obj *y = unwrap(b);
    if (!y) {
        DECREF(x);
        return NULL;
    }
    Obj *r = obj_richcompare(x, y, op);
    DECREF(x);
    DECREF(y);
    return r;
}

static Obj *proxy_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    UNWRAP_OR(self, o, NULL);
    Obj *r = obj_call(o, args, nargs, kwnames);
    DECREF(o);
    return r;
}

static Obj *proxy_iter(Obj *self)
{
    UNWRAP_OR(self, o, NULL);
    Obj *r = obj_getiter(o);
    DECREF(o);
    return r;
}

static Obj *proxy_iternext(Obj *self)
{
    UNWRAP_OR(self, o, NULL);
    if (!OBJ_TYPE(o)->iternext) {
        vm_err_format(&exc_TypeError, "Weakref proxy referenced a non-iterator '%s' object",
                      OBJ_TYPE(o)->name);
        DECREF(o);
        return NULL;
    }
    Obj *r = obj_iternext(o);
    DECREF(o);
    return r;
}

static Obj *proxy_binop(Obj *a, Obj *b, int op)
{
    UNWRAP_OR(a, x, NULL);
    Obj *y = unwrap(b);
    if (!y) {
        DECREF(x);
        return NULL;
    }
    Obj *r = op < 0 ? num_divmod(x, y) : num_binary(x, y, op);
    DECREF(x);
    DECREF(y);
    return r;
}

#define PROXY_BIN(fn, op) static Obj *fn(Obj *a, Obj *b) { return proxy_binop(a, b, op); }
PROXY_BIN(proxy_add, NB_ADD)
PROXY_BIN(proxy_sub, NB_SUBTRACT)
PROXY_BIN(proxy_mul, NB_MULTIPLY)
PROXY_BIN(proxy_mod, NB_REMAINDER)
PROXY_BIN(proxy_divmod, -1)
PROXY_BIN(proxy_lshift, NB_LSHIFT)
PROXY_BIN(proxy_rshift, NB_RSHIFT)
PROXY_BIN(proxy_and, NB_AND)
PROXY_BIN(proxy_xor, NB_XOR)
PROXY_BIN(proxy_or, NB_OR)
PROXY_BIN(proxy_floordiv, NB_FLOOR_DIVIDE)
PROXY_BIN(proxy_truediv, NB_TRUE_DIVIDE)
PROXY_BIN(proxy_matmul, NB_MATRIX_MULTIPLY)
PROXY_BIN(proxy_iadd, NB_INPLACE_ADD)
PROXY_BIN(proxy_isub, NB_INPLACE_SUBTRACT)
PROXY_BIN(proxy_imul, NB_INPLACE_MULTIPLY)
PROXY_BIN(proxy_imod, NB_INPLACE_REMAINDER)
PROXY_BIN(proxy_ilshift, NB_INPLACE_LSHIFT)
PROXY_BIN(proxy_irshift, NB_INPLACE_RSHIFT)
PROXY_BIN(proxy_iand, NB_INPLACE_AND)
PROXY_BIN(proxy_ixor, NB_INPLACE_XOR)
PROXY_BIN(proxy_ior, NB_INPLACE_OR)
PROXY_BIN(proxy_ifloordiv, NB_INPLACE_FLOOR_DIVIDE)
PROXY_BIN(proxy_itruediv, NB_INPLACE_TRUE_DIVIDE)
PROXY_BIN(proxy_imatmul, NB_INPLACE_MATRIX_MULTIPLY)

static Obj *proxy_pow3(Obj *a, Obj *b, Obj *c, bool inplace)
{
    UNWRAP_OR(a, x, NULL);
    Obj *y = unwrap(b), *z = y ? unwrap(c) : NULL;
    Obj *r = NULL;
    if (z) {
        if (z == NONE) r = num_binary(x, y, inplace ? NB_INPLACE_POWER : NB_POWER);
        else r = num_power3(x, y, z);
    }
    DECREF(x);
    XDECREF(y);
    XDECREF(z);
    return r;
}
static Obj *proxy_pow(Obj *a, Obj *b, Obj *c) { return proxy_pow3(a, b, c, false); }
static Obj *proxy_ipow(Obj *a, Obj *b, Obj *c) { return proxy_pow3(a, b, c, true); }

static Obj *proxy_unop(Obj *a, int op)
{
    UNWRAP_OR(a, x, NULL);
    Obj *r;
    switch (op) {
    case 100: r = obj_call((Obj *)&int_type, &x, 1, NULL); break;
    case 101: r = obj_call((Obj *)&float_type, &x, 1, NULL); break;
    case 102: r = num_index(x); break;
    default: r = num_unary(x, op); break;
    }
    DECREF(x);
    return r;
}
static Obj *proxy_neg(Obj *a) { return proxy_unop(a, UN_NEGATIVE); }
static Obj *proxy_pos(Obj *a) { return proxy_unop(a, UN_POSITIVE); }
static Obj *proxy_invert(Obj *a) { return proxy_unop(a, UN_INVERT); }
static Obj *proxy_int(Obj *a) { return proxy_unop(a, 100); }
static Obj *proxy_float(Obj *a) { return proxy_unop(a, 101); }
static Obj *proxy_index(Obj *a) { return proxy_unop(a, 102); }

static Obj *proxy_abs(Obj *a)
{
    UNWRAP_OR(a, x, NULL);
    NumberMethods *nb = OBJ_TYPE(x)->as_number;
    Obj *r;
    if (nb && nb->absolute) {
        r = nb->absolute(x);
    } else {
        vm_err_format(&exc_TypeError, "bad operand type for abs(): '%s'", OBJ_TYPE(x)->name);
        r = NULL;
    }
    DECREF(x);
    return r;
}

static int proxy_bool(Obj *a)
{
    UNWRAP_OR(a, x, -1);
    int r = obj_is_true(x);
    DECREF(x);
    return r;
}

static Ssize proxy_length(Obj *a)
{
    UNWRAP_OR(a, x, -1);
    Ssize r = obj_length(x);
    DECREF(x);
    return r;
}

static int proxy_contains(Obj *a, Obj *v)
{
    UNWRAP_OR(a, x, -1);
    int r = obj_contains(x, v);
    DECREF(x);
    return r;
}

static Obj *proxy_getitem(Obj *a, Obj *k)
{
    UNWRAP_OR(a, x, NULL);
    Obj *r = obj_getitem(x, k);
    DECREF(x);
    return r;
}

static int proxy_setitem(Obj *a, Obj *k, Obj *v)
{
    UNWRAP_OR(a, x, -1);
    int r = v ? obj_setitem(x, k, v) : obj_delitem(x, k);
    DECREF(x);
    return r;
}

static Obj *proxy_call_method(Obj *self, const char *name)
{
    UNWRAP_OR(self, o, NULL);
    Obj *r = obj_call_method(o, name, NULL, 0);
    DECREF(o);
    return r;
}

static Obj *proxy_bytes(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return proxy_call_method(self, "__bytes__");
}

static Obj *proxy_reversed(Obj *self, Obj *const *a, Ssize n, Obj *k)
{
    (void)a; (void)n; (void)k;
    return proxy_call_method(self, "__reversed__");
}

static void proxy_dealloc(Obj *o) { weakref_dealloc(o); }

static NumberMethods proxy_as_number = {
    .add = proxy_add, .subtract = proxy_sub, .multiply = proxy_mul, .remainder = proxy_mod,
    .divmod = proxy_divmod, .power = proxy_pow, .negative = proxy_neg, .positive = proxy_pos,
    .absolute = proxy_abs, .bool_ = proxy_bool, .invert = proxy_invert,
    .lshift = proxy_lshift, .rshift = proxy_rshift, .and_ = proxy_and, .xor_ = proxy_xor,
    .or_ = proxy_or, .int_ = proxy_int, .float_ = proxy_float,
    .inplace_add = proxy_iadd, .inplace_subtract = proxy_isub, .inplace_multiply = proxy_imul,
    .inplace_remainder = proxy_imod, .inplace_power = proxy_ipow,
    .inplace_lshift = proxy_ilshift, .inplace_rshift = proxy_irshift,
    .inplace_and = proxy_iand, .inplace_xor = proxy_ixor, .inplace_or = proxy_ior,
    .floor_divide = proxy_floordiv, .true_divide = proxy_truediv,
    .inplace_floor_divide = proxy_ifloordiv, .inplace_true_divide = proxy_itruediv,
    .index = proxy_index, .matrix_multiply = proxy_matmul,
    .inplace_matrix_multiply = proxy_imatmul,
};
static SequenceMethods proxy_as_sequence = {.contains = proxy_contains};
static MappingMethods proxy_as_mapping = {
    .length = proxy_length, .subscript = proxy_getitem, .ass_subscript = proxy_setitem,
};
static MethodDef proxy_methods[] = {
    {"__bytes__", proxy_bytes, METH_NOARGS, NULL},
    {"__reversed__", proxy_reversed, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

#define PROXY_TYPE_FIELDS                                                                        \
    .base = TYPE_HEAD_INIT, .basicsize = sizeof(WeakRefObj), .flags = TPF_GC,                   \
    .dealloc = proxy_dealloc, .repr = proxy_repr, .str = proxy_str, .hash = proxy_hash,         \
    .getattro = proxy_getattr, .setattro = proxy_setattr, .richcompare = proxy_richcompare,     \
    .iter = proxy_iter, .iternext = proxy_iternext, .traverse = weakref_traverse,               \
    .clear = weakref_tp_clear, .as_number = &proxy_as_number,                                   \
    .as_sequence = &proxy_as_sequence, .as_mapping = &proxy_as_mapping, .methods = proxy_methods

TypeObj weakproxy_type = {PROXY_TYPE_FIELDS, .name = "weakref.ProxyType"};
TypeObj weakcallableproxy_type = {PROXY_TYPE_FIELDS, .name = "weakref.CallableProxyType",
                                  .call = proxy_call};

/* ---- the cycle collector's part (gc.c) ----------------------------------------------- */

void weakref_gc_clear(Obj *o, bool (*is_garbage)(Obj *), Obj ***pending, size_t *n, size_t *cap)
{
    /* A reference that is garbage itself is cleared whatever its referent:
     * its callback must never see objects being torn down (bpo-38006). */
    if (weakref_check(o)) weakref_detach(o);
    Obj **list = obj_weaklist_ptr(o);
    if (!list) return;
    while (*list) {
        Obj *wr = *list;
        weakref_detach(wr);
        if (!WR(wr)->callback || is_garbage(wr)) continue;
        if (*n == *cap) {
            *cap = *cap ? 2 * *cap : 16;
            *pending = xrealloc(*pending, *cap * sizeof(Obj *));
        }
        (*pending)[(*n)++] = INCREF(wr);
    }
}

void weakref_gc_call(Obj *wr)
{
    Obj *callback = WR(wr)->callback;
    if (callback) {
        INCREF(callback);
        call_callback(wr, callback);
        DECREF(callback);
    }
}
