/* mod_collections_abc.c — `collections.abc` (and `_collections_abc`) of CPython 3.12.
 *
 * The 26 ABCs are classes made by abc.ABCMeta (mod_abc.c), created in
 * _collections_abc's order with its bases, __slots__, abstract methods and
 * mixin methods; their __subclasshook__ classmethods look for the required
 * dunders along C.__mro__ as _check_methods does (a None entry blocks), and
 * the builtin types CPython registers (tuple/str/range/memoryview as
 * Sequence, list/bytearray/deque as MutableSequence, dict as
 * MutableMapping, the builtin iterators as Iterator, …) are registered, so
 * isinstance/issubclass give CPython's answers for builtins, for classes
 * that merely define the methods and for explicit register().
 *
 * The class statement of _collections_abc cannot run here, so methods are
 * native method descriptors added after ABCMeta created the class, and
 * __abstractmethods__ is then set to exactly CPython's set.  Abstract
 * methods are wrapped (AbstractFn) so that `__isabstractmethod__` is true
 * on them and subclasses stay abstract until they override.  Mixins that
 * CPython writes as generators (Sequence.__iter__/__reversed__, the view
 * iterators) return equivalent lazy native iterators, and so do the
 * generator expressions Set's mixins pass to _from_iterable: user methods
 * (__iter__, __contains__, __init__) run in CPython's order.
 */
#include "config.h"

#include "src/native/modhelp.h"

enum {
    A_AWAITABLE, A_COROUTINE, A_ASYNCITERABLE, A_ASYNCITERATOR, A_ASYNCGENERATOR, A_HASHABLE,
    A_ITERABLE, A_ITERATOR, A_GENERATOR, A_REVERSIBLE, A_SIZED, A_CONTAINER, A_CALLABLE,
    A_COLLECTION, A_SET, A_MUTABLESET, A_MAPPING, A_MUTABLEMAPPING, A_MAPPINGVIEW, A_KEYSVIEW,
    A_ITEMSVIEW, A_VALUESVIEW, A_SEQUENCE, A_MUTABLESEQUENCE, A_BYTESTRING, A_BUFFER, A__COUNT
};
static Obj *abcs[A__COUNT];
static Obj *mm_marker;   /* MutableMapping._MutableMapping__marker */

/* ---- AbstractFn: a method descriptor whose __isabstractmethod__ is True ---------------- */

typedef struct AbstractFn { Obj base; Obj *inner; } AbstractFn;

static void afn_dealloc(Obj *o)
{
    XDECREF(((AbstractFn *)o)->inner);
    obj_free(o);
}

static int afn_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *in = ((AbstractFn *)o)->inner;
    return in ? visit(in, arg) : 0;
}

static Obj *afn_get(Obj *o, Obj *obj, Obj *type)
{
    Obj *in = ((AbstractFn *)o)->inner;
    if (!obj) return INCREF(o);
    return OBJ_TYPE(in)->descr_get(in, obj, type);
}

static Obj *afn_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    return obj_call(((AbstractFn *)o)->inner, args, nargs, kwnames);
}

static Obj *afn_repr(Obj *o) { return obj_repr(((AbstractFn *)o)->inner); }

static Obj *afn_getattro(Obj *o, Obj *name)
{
    if (STR_CHECK(name) && str_eq_cstr(name, "__isabstractmethod__")) return bool_from(true);
    return obj_getattr(((AbstractFn *)o)->inner, name);
}

static TypeObj abstractfn_type = {
    .base = TYPE_HEAD_INIT, .name = "method_descriptor", .basicsize = sizeof(AbstractFn),
    .flags = TPF_GC | TPF_METHOD_DESCR, .dealloc = afn_dealloc, .repr = afn_repr,
    .call = afn_call, .descr_get = afn_get, .getattro = afn_getattro, .traverse = afn_traverse,
};

/* ---- helpers ------------------------------------------------------------------------------ */

static int is_inst(Obj *o, int which) { return obj_isinstance(o, abcs[which]); }

/* _check_methods(C, *names): True, or NotImplemented when a name is missing
 * from every class of C.__mro__ or its first definition is None. */
static Obj *check_methods(Obj *C, const char *const *names)
{
    Obj *mro = TYPE_CHECK(C) ? ((TypeObj *)C)->mro : NULL;
    if (!mro) {
        mro = obj_getattr(C, id_str("__mro__"));
        if (!mro) return NULL;
    } else {
        INCREF(mro);
    }
    Obj *res = TRUE_;
    for (; *names && res == TRUE_; names++) {
        Obj *key = str_from_cstr(*names);
        if (!key) {
            DECREF(mro);
            return NULL;
        }
        bool found = false;
        Obj *seq = seq_fast(mro, "mro");
        if (!seq) {
            DECREF(key);
            DECREF(mro);
            return NULL;
        }
        Ssize n = TUPLE_CHECK(seq) ? TUPLE_LEN(seq) : LIST_LEN(seq);
        Obj **items = TUPLE_CHECK(seq) ? TUPLE_ITEMS(seq) : LIST_ITEMS(seq);
        for (Ssize i = 0; i < n && !found; i++) {
            Obj *B = items[i];
            Obj *d = TYPE_CHECK(B) ? ((TypeObj *)B)->dict : NULL;
            Obj *v = d ? dict_get_borrow(d, key) : NULL;
            if (v) {
                found = true;
                if (v == NONE) res = NOTIMPL;
            }
        }
        DECREF(seq);
        DECREF(key);
        if (!found) res = NOTIMPL;
    }
    DECREF(mro);
    return INCREF(res);
}

static Obj *call_m(Obj *o, const char *name, Obj *arg)
{
    return obj_call_method(o, name, arg ? &arg : NULL, arg ? 1 : 0);
}

/* ---- __subclasshook__s ------------------------------------------------------------------ */

#define HOOK(fn, which, ...)                                                                   \
    static Obj *fn(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)                          \
    {                                                                                          \
        static const char *const names[] = {__VA_ARGS__, NULL};                                \
        if (mh_pos_args("__subclasshook__", "__subclasshook__", nargs, kw, 1, 1) < 0)         \
            return NULL;                                                                       \
        if (cls == abcs[which]) return check_methods(args[0], names);                          \
        return INCREF(NOTIMPL);                                                                \
    }
HOOK(hook_hashable, A_HASHABLE, "__hash__")
HOOK(hook_awaitable, A_AWAITABLE, "__await__")
HOOK(hook_coroutine, A_COROUTINE, "__await__", "send", "throw", "close")
HOOK(hook_aiterable, A_ASYNCITERABLE, "__aiter__")
HOOK(hook_aiterator, A_ASYNCITERATOR, "__anext__", "__aiter__")
HOOK(hook_agenerator, A_ASYNCGENERATOR, "__aiter__", "__anext__", "asend", "athrow", "aclose")
HOOK(hook_iterable, A_ITERABLE, "__iter__")
HOOK(hook_iterator, A_ITERATOR, "__iter__", "__next__")
HOOK(hook_reversible, A_REVERSIBLE, "__reversed__", "__iter__")
HOOK(hook_generator, A_GENERATOR, "__iter__", "__next__", "send", "throw", "close")
HOOK(hook_sized, A_SIZED, "__len__")
HOOK(hook_container, A_CONTAINER, "__contains__")
HOOK(hook_collection, A_COLLECTION, "__len__", "__iter__", "__contains__")
HOOK(hook_buffer, A_BUFFER, "__buffer__")
HOOK(hook_callable, A_CALLABLE, "__call__")

/* ---- trivial bodies of abstract methods ---------------------------------------------------- */

static Obj *ret_zero(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; (void)a; (void)n; (void)kw; return int_from_i64(0); }
static Obj *ret_false(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; (void)a; (void)n; (void)kw; return bool_from(false); }
static Obj *ret_self(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)a; (void)n; (void)kw; return INCREF(s); }
static Obj *ret_empty_iter(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a; (void)n; (void)kw;
    Obj *t = tuple_new(0);
    Obj *it = t ? obj_getiter(t) : NULL;
    XDECREF(t);
    return it;
}
static Obj *raise_stop(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; (void)a; (void)n; (void)kw; vm_err_set_obj(&exc_StopIteration, NULL); return NULL; }
static Obj *raise_astop(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; (void)a; (void)n; (void)kw; vm_err_set_obj(&exc_StopAsyncIteration, NULL); return NULL; }
static Obj *raise_index(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; (void)a; (void)n; (void)kw; vm_err_set_obj(&exc_IndexError, NULL); return NULL; }
static Obj *raise_key(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; (void)a; (void)n; (void)kw; vm_err_set_obj(&exc_KeyError, NULL); return NULL; }
static Obj *raise_notimpl(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; (void)a; (void)n; (void)kw; vm_err_set_obj(&exc_NotImplementedError, NULL); return NULL; }

/* Coroutine/Generator/AsyncGenerator.throw(typ, val=None, tb=None) */
static Obj *m_throw(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"typ", "val", "tb"};
    Obj *v[3];
    if (mh_bind_m("throw", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    (void)self;
    Obj *val = v[1] && v[1] != NONE ? INCREF(v[1]) : NULL;
    Obj *tb = v[2] && v[2] != NONE ? v[2] : NULL;
    if (!val) {
        if (!tb) {
            vm_err_raise(v[0], NULL);
            return NULL;
        }
        val = obj_call(v[0], NULL, 0, NULL);
        if (!val) return NULL;
    }
    if (tb) {
        Obj *r = call_m(val, "with_traceback", tb);
        DECREF(val);
        if (!r) return NULL;
        val = r;
    }
    vm_err_raise(val, NULL);
    DECREF(val);
    return NULL;
}

static Obj *close_common(Obj *self, const char *msg)
{
    Obj *ge = (Obj *)&exc_GeneratorExit;
    Obj *r = call_m(self, "throw", ge);
    if (!r) {
        if (vm_err_matches(&exc_GeneratorExit) || vm_err_matches(&exc_StopIteration)) {
            vm_err_clear();
            return INCREF(NONE);
        }
        return NULL;
    }
    DECREF(r);
    vm_err_set_str(&exc_RuntimeError, msg);
    return NULL;
}

static Obj *coro_close(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return close_common(self, "coroutine ignored GeneratorExit");
}

static Obj *gen_close(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return close_common(self, "generator ignored GeneratorExit");
}

static Obj *gen_next(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return call_m(self, "send", NONE);
}

static Obj *agen_anext(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return call_m(self, "asend", NONE);
}

static Obj *agen_aclose(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return call_m(self, "athrow", (Obj *)&exc_GeneratorExit);
}

static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("GenericAlias", "GenericAlias", nargs, kw, 1, 1) < 0) return NULL;
    return generic_alias_new(cls, args[0]);
}

/* ---- Callable[[args], result] ------------------------------------------------------------- */

static TypeObj callable_alias_type;

static Obj *callable_alias_repr(Obj *o)
{
    Obj *args = obj_getattr(o, id_str("__args__"));
    if (!args) return NULL;
    Obj *r = NULL;
    if (TUPLE_LEN(args) == 2 && TUPLE_ITEMS(args)[0] == ELLIPSIS) {
        r = generic_alias_type.repr(o);
    } else {
        /* show the parameters as a list: rebuild a plain alias ([a, b], result) */
        Ssize n = TUPLE_LEN(args);
        Obj *lst = list_from_array(TUPLE_ITEMS(args), n - 1);
        Obj *t = lst ? tuple_pack(2, lst, TUPLE_ITEMS(args)[n - 1]) : NULL;
        Obj *orig = t ? obj_getattr(o, id_str("__origin__")) : NULL;
        Obj *tmp = orig ? generic_alias_new(orig, t) : NULL;
        r = tmp ? obj_repr(tmp) : NULL;
        XDECREF(tmp);
        XDECREF(orig);
        XDECREF(t);
        XDECREF(lst);
    }
    DECREF(args);
    return r;
}

static TypeObj callable_alias_type = {
    .base = TYPE_HEAD_INIT, .name = "collections.abc._CallableGenericAlias",
    .flags = TPF_GC | TPF_BASETYPE, .repr = callable_alias_repr, .tp_base = &generic_alias_type,
};

static Obj *callable_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("GenericAlias", "GenericAlias", nargs, kw, 1, 1) < 0) return NULL;
    Obj *a = args[0];
    if (!TUPLE_CHECK(a) || TUPLE_LEN(a) != 2) {
        vm_err_set_str(&exc_TypeError, "Callable must be used as Callable[[arg, ...], result].");
        return NULL;
    }
    Obj *t_args = TUPLE_ITEMS(a)[0], *t_result = TUPLE_ITEMS(a)[1];
    Obj *flat;
    if (LIST_CHECK(t_args)) {
        flat = list_from_array(LIST_ITEMS(t_args), LIST_LEN(t_args));
        if (flat && list_append(flat, t_result) < 0) CLEAR(flat);
        Obj *tup = flat ? list_as_tuple(flat) : NULL;
        XDECREF(flat);
        flat = tup;
    } else if (t_args == ELLIPSIS) {
        flat = INCREF(a);
    } else {
        Obj *r = obj_repr(t_args);
        if (r) vm_err_format(&exc_TypeError,
                             "Expected a list of types, an ellipsis, ParamSpec, or Concatenate. Got %U", r);
        XDECREF(r);
        return NULL;
    }
    if (!flat) return NULL;
    Obj *al = generic_alias_new(cls, flat);
    DECREF(flat);
    if (al) OBJ_TYPE(al) = &callable_alias_type;   /* same layout: a static subtype */
    return al;
}

/* ---- Set ---------------------------------------------------------------------------------- */

/* elem in other for every elem of self */
static int all_in(Obj *self, Obj *other)
{
    Obj *it = obj_getiter(self);
    if (!it) return -1;
    Obj *x;
    int res = 1;
    while ((x = obj_iternext(it))) {
        int r = obj_contains(other, x);
        DECREF(x);
        if (r <= 0) {
            res = r;
            break;
        }
    }
    DECREF(it);
    if (res == 1 && vm_err_occurred()) return -1;
    return res;
}

static Obj *set_cmp(Obj *self, Obj *other, int op)
{
    int r = is_inst(other, A_SET);
    if (r <= 0) return r < 0 ? NULL : INCREF(NOTIMPL);
    Ssize a = obj_length(self), b = a < 0 ? -1 : obj_length(other);
    if (b < 0) return NULL;
    switch (op) {
    case CMP_LE:
        if (a > b) return bool_from(false);
        r = all_in(self, other);
        return r < 0 ? NULL : bool_from(r);
    case CMP_GE:
        if (a < b) return bool_from(false);
        r = all_in(other, self);
        return r < 0 ? NULL : bool_from(r);
    case CMP_LT:
        if (!(a < b)) return bool_from(false);
        return call_m(self, "__le__", other);
    case CMP_GT:
        if (!(a > b)) return bool_from(false);
        return call_m(self, "__ge__", other);
    default:   /* EQ */
        if (a != b) return bool_from(false);
        return call_m(self, "__le__", other);
    }
}

#define SETCMP(fn, op)                                                                         \
    static Obj *fn(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)                         \
    {                                                                                          \
        (void)nargs; (void)kw;                                                                 \
        return set_cmp(self, args[0], op);                                                     \
    }
SETCMP(set_le, CMP_LE)
SETCMP(set_lt, CMP_LT)
SETCMP(set_gt, CMP_GT)
SETCMP(set_ge, CMP_GE)
SETCMP(set_eq, CMP_EQ)

static Obj *set_from_iterable(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return obj_call(cls, args, 1, NULL);
}

static Obj *view_from_iterable(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)cls; (void)nargs; (void)kw;
    return set_new(args[0]);
}

/* The generator expressions Set's mixins hand to _from_iterable, lazily:
 * `(value for value in src if value in in_)` (want 1) or `... not in in_`
 * (want 0), whose iter(src) runs at once as a generator expression's first
 * iterable does; and `(e for s in (a, b) for e in s)` for __or__ (in_
 * NULL), which asks iter(a), iter(b) only when it gets to them. */
typedef struct SetGen { Obj base; Obj *it, *in, *rest; int want; } SetGen;

static void setgen_dealloc(Obj *o)
{
    SetGen *g = (SetGen *)o;
    gc_untrack(o);
    XDECREF(g->it);
    XDECREF(g->in);
    XDECREF(g->rest);
    obj_free(o);
}

static int setgen_traverse(Obj *o, VisitFn visit, void *arg)
{
    SetGen *g = (SetGen *)o;
    Obj *f[] = {g->it, g->in, g->rest};
    for (int i = 0; i < 3; i++)
        if (f[i] && visit(f[i], arg)) return 1;
    return 0;
}

static Obj *setgen_step(SetGen *g)
{
    for (;;) {
        if (!g->it) {
            /* the chain: on to the next of the remaining iterables */
            if (!g->rest || !LIST_LEN(g->rest)) return NULL;
            g->it = obj_getiter(LIST_ITEMS(g->rest)[0]);
            if (!g->it || list_set_slice(g->rest, 0, 1, NULL) < 0) return NULL;
        }
        Obj *x = obj_iternext(g->it);
        if (!x) {
            if (vm_err_occurred() || !g->rest) return NULL;
            CLEAR(g->it);
            continue;
        }
        if (!g->in) return x;
        int r = obj_contains(g->in, x);
        if (r == g->want) return x;
        DECREF(x);
        if (r < 0) return NULL;
    }
}

static Obj *setgen_next(Obj *o)
{
    SetGen *g = (SetGen *)o;
    Obj *r = setgen_step(g);
    if (!r) {
        /* finished or failed: a generator stays exhausted */
        CLEAR(g->it);
        CLEAR(g->in);
        CLEAR(g->rest);
    }
    return r;
}

static TypeObj setgen_type = {
    .base = TYPE_HEAD_INIT, .name = "generator", .basicsize = sizeof(SetGen), .flags = TPF_GC,
    .dealloc = setgen_dealloc, .traverse = setgen_traverse, .iter = iter_self, .iternext = setgen_next,
};

/* self._from_iterable(the generator), g given over */
static Obj *from_setgen(Obj *self, SetGen *g)
{
    if (!g) return NULL;
    Obj *r = call_m(self, "_from_iterable", (Obj *)g);
    DECREF(g);
    return r;
}

static SetGen *filter_in(Obj *src, Obj *in, int want)
{
    if (!(setgen_type.flags & TPF_READY) && type_ready(&setgen_type) < 0) return NULL;
    Obj *it = obj_getiter(src);
    if (!it) return NULL;
    SetGen *g = (SetGen *)obj_alloc(&setgen_type, 0);
    if (!g) {
        DECREF(it);
        return NULL;
    }
    g->it = it;
    g->in = INCREF(in);
    g->want = want;
    return g;
}

static Obj *set_and(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *other = args[0];
    int r = is_inst(other, A_ITERABLE);
    if (r <= 0) return r < 0 ? NULL : INCREF(NOTIMPL);
    return from_setgen(self, filter_in(other, self, 1));
}

static Obj *set_or(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *other = args[0];
    int r = is_inst(other, A_ITERABLE);
    if (r <= 0) return r < 0 ? NULL : INCREF(NOTIMPL);
    if (!(setgen_type.flags & TPF_READY) && type_ready(&setgen_type) < 0) return NULL;
    Obj *pair[2] = {self, other};
    Obj *rest = list_from_array(pair, 2);
    SetGen *g = rest ? (SetGen *)obj_alloc(&setgen_type, 0) : NULL;
    if (!g) {
        XDECREF(rest);
        return NULL;
    }
    g->rest = rest;
    return from_setgen(self, g);
}

/* other as a Set (or NULL + *notimpl when it is not even iterable) */
static Obj *as_set(Obj *self, Obj *other, bool *notimpl)
{
    *notimpl = false;
    int r = is_inst(other, A_SET);
    if (r < 0) return NULL;
    if (r) return INCREF(other);
    r = is_inst(other, A_ITERABLE);
    if (r <= 0) {
        *notimpl = r == 0;
        return NULL;
    }
    return call_m(self, "_from_iterable", other);
}

static Obj *set_sub_common(Obj *self, Obj *other, bool reflected)
{
    bool ni;
    Obj *o = as_set(self, other, &ni);
    if (!o) return ni ? INCREF(NOTIMPL) : NULL;
    SetGen *g = reflected ? filter_in(o, self, 0) : filter_in(self, o, 0);
    DECREF(o);
    return from_setgen(self, g);
}

static Obj *set_sub(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return set_sub_common(self, args[0], false);
}

static Obj *set_rsub(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return set_sub_common(self, args[0], true);
}

static Obj *set_xor(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    bool ni;
    Obj *o = as_set(self, args[0], &ni);
    if (!o) return ni ? INCREF(NOTIMPL) : NULL;
    Obj *a = num_binary(self, o, NB_SUBTRACT);
    Obj *b = a ? num_binary(o, self, NB_SUBTRACT) : NULL;
    Obj *r = b ? num_binary(a, b, NB_OR) : NULL;
    XDECREF(a);
    XDECREF(b);
    DECREF(o);
    return r;
}

static Obj *set_isdisjoint(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"other"};
    Obj *v[1];
    if (mh_bind_m("Set.isdisjoint", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *it = obj_getiter(v[0]);
    if (!it) return NULL;
    Obj *x;
    while ((x = obj_iternext(it))) {
        int r = obj_contains(self, x);
        DECREF(x);
        if (r) {
            DECREF(it);
            return r < 0 ? NULL : bool_from(false);
        }
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : bool_from(true);
}

/* Set._hash: CPython's frozenset-like hash of the elements, in machine words */
static Obj *set_hash_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("Set._hash", nargs, kw) < 0) return NULL;
    Ssize n = obj_length(self);
    if (n < 0) return NULL;
    uint64_t h = 1927868237u * (uint64_t)(n + 1);
    Obj *it = obj_getiter(self);
    if (!it) return NULL;
    Obj *x;
    while ((x = obj_iternext(it))) {
        Hash hx = obj_hash(x);
        DECREF(x);
        if (hx == -1) {
            DECREF(it);
            return NULL;
        }
        uint64_t u = (uint64_t)hx;
        h ^= (u ^ (u << 16) ^ 89869747u) * 3644798167u;
    }
    DECREF(it);
    if (vm_err_occurred()) return NULL;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069u + 907133923u;
    int64_t s = (int64_t)h;
    if (s == -1) s = 590923713;
    return int_from_i64(s);
}

/* ---- MutableSet ------------------------------------------------------------------------------ */

static Obj *mset_remove(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"value"};
    Obj *v[1];
    if (mh_bind_m("MutableSet.remove", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    int r = obj_contains(self, v[0]);
    if (r < 0) return NULL;
    if (!r) {
        vm_err_set_key(v[0]);
        return NULL;
    }
    return call_m(self, "discard", v[0]);
}

static Obj *mset_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("MutableSet.pop", nargs, kw) < 0) return NULL;
    Obj *it = obj_getiter(self);
    if (!it) return NULL;
    Obj *x = obj_iternext(it);
    DECREF(it);
    if (!x) {
        if (!vm_err_occurred()) vm_err_set_obj(&exc_KeyError, NULL);
        return NULL;
    }
    Obj *r = call_m(self, "discard", x);
    if (!r) {
        DECREF(x);
        return NULL;
    }
    DECREF(r);
    return x;
}

static Obj *clear_by(Obj *self, const char *popname, TypeObj *stop)
{
    for (;;) {
        Obj *r = call_m(self, popname, NULL);
        if (!r) {
            if (vm_err_matches(stop)) {
                vm_err_clear();
                return INCREF(NONE);
            }
            return NULL;
        }
        DECREF(r);
    }
}

static Obj *mset_clear(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("MutableSet.clear", n, kw) < 0) return NULL;
    return clear_by(self, "pop", &exc_KeyError);
}

/* for value in it: self.NAME(value) */
static int each_call(Obj *self, Obj *iterable, const char *name)
{
    Obj *it = obj_getiter(iterable);
    if (!it) return -1;
    Obj *x;
    while ((x = obj_iternext(it))) {
        Obj *r = call_m(self, name, x);
        DECREF(x);
        if (!r) {
            DECREF(it);
            return -1;
        }
        DECREF(r);
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 0;
}

static Obj *mset_ior(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return each_call(self, args[0], "add") < 0 ? NULL : INCREF(self);
}

static Obj *mset_iand(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *d = num_binary(self, args[0], NB_SUBTRACT);
    if (!d) return NULL;
    int r = each_call(self, d, "discard");
    DECREF(d);
    return r < 0 ? NULL : INCREF(self);
}

static Obj *mset_ixor(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *it = args[0];
    if (it == self) {
        Obj *r = call_m(self, "clear", NULL);
        if (!r) return NULL;
        DECREF(r);
        return INCREF(self);
    }
    int r = is_inst(it, A_SET);
    if (r < 0) return NULL;
    Obj *src = r ? INCREF(it) : call_m(self, "_from_iterable", it);
    if (!src) return NULL;
    Obj *iter = obj_getiter(src);
    DECREF(src);
    if (!iter) return NULL;
    Obj *x;
    while ((x = obj_iternext(iter))) {
        int c = obj_contains(self, x);
        Obj *res = c < 0 ? NULL : call_m(self, c ? "discard" : "add", x);
        DECREF(x);
        if (!res) {
            DECREF(iter);
            return NULL;
        }
        DECREF(res);
    }
    DECREF(iter);
    return vm_err_occurred() ? NULL : INCREF(self);
}

static Obj *mset_isub(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (args[0] == self) {
        Obj *r = call_m(self, "clear", NULL);
        if (!r) return NULL;
        DECREF(r);
        return INCREF(self);
    }
    return each_call(self, args[0], "discard") < 0 ? NULL : INCREF(self);
}

/* ---- Mapping and its views ---------------------------------------------------------------- */

static Obj *map_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (mh_bind_m("Mapping.get", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *r = obj_getitem(self, v[0]);
    if (!r && vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
        r = INCREF(v[1] ? v[1] : NONE);
    }
    return r;
}

static Obj *map_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *r = obj_getitem(self, args[0]);
    if (r) {
        DECREF(r);
        return bool_from(true);
    }
    if (vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
        return bool_from(false);
    }
    return NULL;
}

static Obj *make_view(Obj *self, int which)
{
    return obj_call(abcs[which], &self, 1, NULL);
}

static Obj *map_keys(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("Mapping.keys", n, kw) < 0) return NULL;
    return make_view(self, A_KEYSVIEW);
}

static Obj *map_items(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("Mapping.items", n, kw) < 0) return NULL;
    return make_view(self, A_ITEMSVIEW);
}

static Obj *map_values(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("Mapping.values", n, kw) < 0) return NULL;
    return make_view(self, A_VALUESVIEW);
}

static Obj *items_dict(Obj *m)
{
    Obj *items = call_m(m, "items", NULL);
    if (!items) return NULL;
    Obj *d = obj_call((Obj *)&dict_type, &items, 1, NULL);
    DECREF(items);
    return d;
}

static Obj *map_eq(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    int r = is_inst(args[0], A_MAPPING);
    if (r <= 0) return r < 0 ? NULL : INCREF(NOTIMPL);
    Obj *a = items_dict(self);
    Obj *b = a ? items_dict(args[0]) : NULL;
    Obj *res = b ? obj_richcompare(a, b, CMP_EQ) : NULL;
    XDECREF(a);
    XDECREF(b);
    return res;
}

/* The views' __iter__, generators in 3.12: nothing runs until the first
 * next(), which reads self._mapping and iterates it (KeysView: `yield from
 * self._mapping`; ValuesView/ItemsView: `for key in self._mapping: yield
 * self._mapping[key]` / `(key, self._mapping[key])`, reading _mapping
 * again for each value).  An exception ends the iteration, as it ends a
 * generator. */
enum { VIEW_KEYS, VIEW_VALUES, VIEW_ITEMS };
typedef struct ViewIter { Obj base; Obj *view, *keys; int kind; bool done; } ViewIter;

static void viewiter_dealloc(Obj *o)
{
    ViewIter *v = (ViewIter *)o;
    gc_untrack(o);
    XDECREF(v->view);
    XDECREF(v->keys);
    obj_free(o);
}

static int viewiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    ViewIter *v = (ViewIter *)o;
    int r;
    if (v->view && (r = visit(v->view, arg))) return r;
    if (v->keys && (r = visit(v->keys, arg))) return r;
    return 0;
}

static Obj *get_mapping(Obj *self) { return obj_getattr(self, id_str("_mapping")); }

static Obj *viewiter_step(ViewIter *v)
{
    if (!v->keys) {
        Obj *m = get_mapping(v->view);
        v->keys = m ? obj_getiter(m) : NULL;
        XDECREF(m);
        if (!v->keys) return NULL;
    }
    Obj *k = obj_iternext(v->keys);
    if (!k || v->kind == VIEW_KEYS) return k;
    Obj *m = get_mapping(v->view);
    Obj *val = m ? obj_getitem(m, k) : NULL;
    XDECREF(m);
    if (!val || v->kind == VIEW_VALUES) {
        DECREF(k);
        return val;
    }
    Obj *t = tuple_pack(2, k, val);
    DECREF(k);
    DECREF(val);
    return t;
}

static Obj *viewiter_next(Obj *o)
{
    ViewIter *v = (ViewIter *)o;
    if (v->done) return NULL;
    Obj *r = viewiter_step(v);
    if (!r) {
        v->done = true;
        CLEAR(v->keys);
        CLEAR(v->view);
    }
    return r;
}

static TypeObj viewiter_type = {
    .base = TYPE_HEAD_INIT, .name = "generator", .basicsize = sizeof(ViewIter), .flags = TPF_GC,
    .dealloc = viewiter_dealloc, .traverse = viewiter_traverse, .iter = iter_self,
    .iternext = viewiter_next,
};

static Obj *mv_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"mapping"};
    Obj *v[1];
    if (mh_bind_m("MappingView.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (obj_setattr(self, id_str("_mapping"), v[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *mv_len(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *m = get_mapping(self);
    if (!m) return NULL;
    Ssize len = obj_length(m);
    DECREF(m);
    return len < 0 ? NULL : int_from_i64(len);
}

static Obj *mv_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *m = get_mapping(self);
    if (!m) return NULL;
    Obj *cls = obj_getattr(self, id_str("__class__"));
    Obj *name = cls ? obj_getattr(cls, id_str("__name__")) : NULL;
    Obj *r = name ? str_from_fmt("%S(%R)", name, m) : NULL;
    XDECREF(name);
    XDECREF(cls);
    DECREF(m);
    return r;
}

static Obj *kv_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *m = get_mapping(self);
    if (!m) return NULL;
    int r = obj_contains(m, args[0]);
    DECREF(m);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *view_iter(Obj *self, int kind)
{
    ViewIter *v = (ViewIter *)obj_alloc(&viewiter_type, 0);
    if (!v) return NULL;
    v->view = INCREF(self);
    v->kind = kind;
    return (Obj *)v;
}

static Obj *kv_iter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return view_iter(self, VIEW_KEYS);
}

static Obj *iv_iter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return view_iter(self, VIEW_ITEMS);
}

static Obj *vv_iter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return view_iter(self, VIEW_VALUES);
}

static Obj *iv_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *item = args[0];
    /* key, value = item */
    Obj *seq = seq_to_tuple(item);
    if (!seq) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            vm_err_format(&exc_TypeError, "cannot unpack non-iterable %s object", type_name(OBJ_TYPE(item)));
        }
        return NULL;
    }
    if (TUPLE_LEN(seq) != 2) {
        if (TUPLE_LEN(seq) < 2)
            vm_err_format(&exc_ValueError, "not enough values to unpack (expected 2, got %zd)", TUPLE_LEN(seq));
        else
            vm_err_set_str(&exc_ValueError, "too many values to unpack (expected 2)");
        DECREF(seq);
        return NULL;
    }
    Obj *m = get_mapping(self);
    Obj *v = m ? obj_getitem(m, TUPLE_ITEMS(seq)[0]) : NULL;
    XDECREF(m);
    if (!v) {
        DECREF(seq);
        if (vm_err_matches(&exc_KeyError)) {
            vm_err_clear();
            return bool_from(false);
        }
        return NULL;
    }
    int r = obj_richcompare_bool(v, TUPLE_ITEMS(seq)[1], CMP_EQ);
    DECREF(v);
    DECREF(seq);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *vv_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *it = view_iter(self, VIEW_VALUES);
    if (!it) return NULL;
    Obj *x;
    while ((x = obj_iternext(it))) {
        int r = obj_richcompare_bool(x, args[0], CMP_EQ);
        DECREF(x);
        if (r) {
            DECREF(it);
            return r < 0 ? NULL : bool_from(true);
        }
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : bool_from(false);
}

/* ---- MutableMapping ----------------------------------------------------------------------- */

static Obj *mm_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (mh_bind_m("MutableMapping.pop", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *val = obj_getitem(self, v[0]);
    if (!val) {
        if (vm_err_matches(&exc_KeyError) && v[1] && v[1] != mm_marker) {
            vm_err_clear();
            return INCREF(v[1]);
        }
        return NULL;
    }
    if (obj_delitem(self, v[0]) < 0) {
        DECREF(val);
        return NULL;
    }
    return val;
}

static Obj *mm_popitem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("MutableMapping.popitem", n, kw) < 0) return NULL;
    Obj *it = obj_getiter(self);
    if (!it) return NULL;
    Obj *key = obj_iternext(it);
    DECREF(it);
    if (!key) {
        if (!vm_err_occurred()) {
            vm_err_set_obj(&exc_KeyError, NULL);
            /* raise KeyError from None */
            Obj *e = vm_err_fetch();
            ((ExcObj *)e)->suppress_context = true;
            vm_err_restore(e);
        }
        return NULL;
    }
    Obj *val = obj_getitem(self, key);
    if (!val || obj_delitem(self, key) < 0) {
        XDECREF(val);
        DECREF(key);
        return NULL;
    }
    Obj *t = tuple_pack(2, key, val);
    DECREF(key);
    DECREF(val);
    return t;
}

static Obj *mm_clear(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("MutableMapping.clear", n, kw) < 0) return NULL;
    return clear_by(self, "popitem", &exc_KeyError);
}

static int copy_keys(Obj *self, Obj *other, Obj *keys_iterable)
{
    Obj *it = obj_getiter(keys_iterable);
    if (!it) return -1;
    Obj *k;
    while ((k = obj_iternext(it))) {
        Obj *v = obj_getitem(other, k);
        int r = v ? obj_setitem(self, k, v) : -1;
        XDECREF(v);
        DECREF(k);
        if (r < 0) {
            DECREF(it);
            return -1;
        }
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 0;
}

static Obj *mm_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs > 1) {
        args_err_too_many_positional("MutableMapping.update", 1, 2, nargs + 1, 0);
        return NULL;
    }
    if (nargs == 1) {
        Obj *other = args[0];
        int r = is_inst(other, A_MAPPING);
        if (r < 0) return NULL;
        Obj *keys = NULL;
        if (r) {
            if (copy_keys(self, other, other) < 0) return NULL;
        } else if ((r = obj_lookup_attr(other, id_str("keys"), &keys)) != 0) {
            if (r < 0) return NULL;
            DECREF(keys);
            Obj *ks = call_m(other, "keys", NULL);
            if (!ks) return NULL;
            r = copy_keys(self, other, ks);
            DECREF(ks);
            if (r < 0) return NULL;
        } else {
            Obj *it = obj_getiter(other);
            if (!it) return NULL;
            Obj *kv;
            while ((kv = obj_iternext(it))) {
                Obj *t = seq_to_tuple(kv);
                DECREF(kv);
                if (t && TUPLE_LEN(t) != 2) {
                    vm_err_format(&exc_ValueError, TUPLE_LEN(t) < 2
                                  ? "not enough values to unpack (expected 2, got %zd)"
                                  : "too many values to unpack (expected 2)", TUPLE_LEN(t));
                    CLEAR(t);
                }
                int rr = t ? obj_setitem(self, TUPLE_ITEMS(t)[0], TUPLE_ITEMS(t)[1]) : -1;
                XDECREF(t);
                if (rr < 0) {
                    DECREF(it);
                    return NULL;
                }
            }
            DECREF(it);
            if (vm_err_occurred()) return NULL;
        }
    }
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (obj_setitem(self, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *mm_setdefault(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (mh_bind_m("MutableMapping.setdefault", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *r = obj_getitem(self, v[0]);
    if (r || !vm_err_matches(&exc_KeyError)) return r;
    vm_err_clear();
    Obj *d = v[1] ? v[1] : NONE;
    if (obj_setitem(self, v[0], d) < 0) return NULL;
    return INCREF(d);
}

/* ---- Sequence ------------------------------------------------------------------------------ */

/* reversed(range(len(self))) then self[i]: a lazy iterator */
typedef struct RevIter { Obj base; Obj *seq; Ssize i; } RevIter;

static void reviter_dealloc(Obj *o)
{
    XDECREF(((RevIter *)o)->seq);
    obj_free(o);
}

static int reviter_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *s = ((RevIter *)o)->seq;
    return s ? visit(s, arg) : 0;
}

static Obj *reviter_next(Obj *o)
{
    RevIter *r = (RevIter *)o;
    if (!r->seq || r->i < 0) {
        CLEAR(r->seq);
        return NULL;
    }
    Obj *idx = int_from_i64(r->i--);
    Obj *v = idx ? obj_getitem(r->seq, idx) : NULL;
    XDECREF(idx);
    return v;
}

static TypeObj reviter_type = {
    .base = TYPE_HEAD_INIT, .name = "generator", .basicsize = sizeof(RevIter), .flags = TPF_GC,
    .dealloc = reviter_dealloc, .traverse = reviter_traverse, .iter = iter_self,
    .iternext = reviter_next,
};

static Obj *seq_iter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return seqiter_new(self);
}

static Obj *seq_reversed(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Ssize len = obj_length(self);
    if (len < 0) return NULL;
    RevIter *r = (RevIter *)obj_alloc(&reviter_type, 0);
    if (!r) return NULL;
    r->seq = INCREF(self);
    r->i = len - 1;
    return (Obj *)r;
}

static Obj *seq_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *it = obj_getiter(self);
    if (!it) return NULL;
    Obj *x;
    while ((x = obj_iternext(it))) {
        int r = obj_richcompare_bool(x, args[0], CMP_EQ);
        DECREF(x);
        if (r) {
            DECREF(it);
            return r < 0 ? NULL : bool_from(true);
        }
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : bool_from(false);
}

static Obj *seq_index(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"value", "start", "stop"};
    Obj *v[3];
    if (mh_bind_m("Sequence.index", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *start = v[1] ? INCREF(v[1]) : int_from_i64(0);
    Obj *stop = v[2] && v[2] != NONE ? INCREF(v[2]) : NULL;
    Obj *zero = int_from_i64(0), *one = int_from_i64(1), *res = NULL, *i = NULL;
    int r;
    if (start != NONE) {
        r = obj_richcompare_bool(start, zero, CMP_LT);
        if (r < 0) goto out;
        if (r) {
            Ssize len = obj_length(self);
            if (len < 0) goto out;
            Obj *l = int_from_i64(len);
            Obj *s = l ? num_binary(l, start, NB_ADD) : NULL;
            XDECREF(l);
            if (!s) goto out;
            r = obj_richcompare_bool(s, zero, CMP_LT);
            if (r < 0) {
                DECREF(s);
                goto out;
            }
            obj_setref(&start, r ? INCREF(zero) : s);
            if (r) DECREF(s);
        }
    }
    if (stop) {
        r = obj_richcompare_bool(stop, zero, CMP_LT);
        if (r < 0) goto out;
        if (r) {
            Ssize len = obj_length(self);
            if (len < 0) goto out;
            Obj *l = int_from_i64(len);
            Obj *s = l ? num_binary(stop, l, NB_ADD) : NULL;
            XDECREF(l);
            if (!s) goto out;
            obj_setref(&stop, s);
        }
    }
    i = INCREF(start);
    for (;;) {
        if (stop) {
            r = obj_richcompare_bool(i, stop, CMP_LT);
            if (r < 0) goto out;
            if (!r) break;
        }
        Obj *x = obj_getitem(self, i);
        if (!x) {
            if (vm_err_matches(&exc_IndexError)) {
                vm_err_clear();
                break;
            }
            goto out;
        }
        r = obj_richcompare_bool(x, v[0], CMP_EQ);
        DECREF(x);
        if (r < 0) goto out;
        if (r) {
            res = INCREF(i);
            goto out;
        }
        Obj *n = num_binary(i, one, NB_ADD);
        if (!n) goto out;
        obj_setref(&i, n);
    }
    vm_err_set_obj(&exc_ValueError, NULL);
out:
    XDECREF(i);
    XDECREF(start);
    XDECREF(stop);
    XDECREF(zero);
    XDECREF(one);
    return res;
}

static Obj *seq_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"value"};
    Obj *v[1];
    if (mh_bind_m("Sequence.count", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *it = obj_getiter(self);
    if (!it) return NULL;
    Obj *x;
    int64_t n = 0;
    while ((x = obj_iternext(it))) {
        int r = obj_richcompare_bool(x, v[0], CMP_EQ);
        DECREF(x);
        if (r < 0) {
            DECREF(it);
            return NULL;
        }
        n += r;
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : int_from_i64(n);
}

/* ---- MutableSequence ------------------------------------------------------------------------ */

static Obj *ms_append(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"value"};
    Obj *v[1];
    if (mh_bind_m("MutableSequence.append", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Ssize len = obj_length(self);
    if (len < 0) return NULL;
    Obj *a[2] = {int_from_i64(len), v[0]};
    if (!a[0]) return NULL;
    Obj *r = obj_call_method(self, "insert", a, 2);
    DECREF(a[0]);
    return r;
}

static Obj *ms_clear(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("MutableSequence.clear", n, kw) < 0) return NULL;
    return clear_by(self, "pop", &exc_IndexError);
}

static Obj *ms_reverse(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("MutableSequence.reverse", n, kw) < 0) return NULL;
    Ssize len = obj_length(self);
    if (len < 0) return NULL;
    for (Ssize i = 0; i < len / 2; i++) {
        Obj *ia = int_from_i64(i), *ib = int_from_i64(len - i - 1);
        Obj *x = ia && ib ? obj_getitem(self, ib) : NULL;
        Obj *y = x ? obj_getitem(self, ia) : NULL;
        int r = y ? obj_setitem(self, ia, x) : -1;
        if (r == 0) r = obj_setitem(self, ib, y);
        XDECREF(ia);
        XDECREF(ib);
        XDECREF(x);
        XDECREF(y);
        if (r < 0) return NULL;
    }
    return INCREF(NONE);
}

static Obj *ms_extend(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"values"};
    Obj *v[1];
    if (mh_bind_m("MutableSequence.extend", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *vals = v[0] == self ? seq_to_list(v[0]) : INCREF(v[0]);
    if (!vals) return NULL;
    int r = each_call(self, vals, "append");
    DECREF(vals);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *ms_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"index"};
    Obj *v[1];
    if (mh_bind_m("MutableSequence.pop", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *idx = v[0] ? INCREF(v[0]) : int_from_i64(-1);
    if (!idx) return NULL;
    Obj *x = obj_getitem(self, idx);
    if (x && obj_delitem(self, idx) < 0) CLEAR(x);
    DECREF(idx);
    return x;
}

static Obj *ms_remove(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"value"};
    Obj *v[1];
    if (mh_bind_m("MutableSequence.remove", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *i = call_m(self, "index", v[0]);
    if (!i) return NULL;
    int r = obj_delitem(self, i);
    DECREF(i);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *ms_iadd(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *r = call_m(self, "extend", args[0]);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(self);
}

/* ---- the class table ------------------------------------------------------------------------ */

#define ABSTRACT 0x1000   /* MethodDef.flags marker: wrap in AbstractFn (stripped) */
#define END {NULL, NULL, 0, NULL}
#define HOOKDEF(fn) {"__subclasshook__", fn, METH_CLASS, NULL}
#define CGI {"__class_getitem__", class_getitem, METH_CLASS, NULL}

static const MethodDef d_hashable[] = {{"__hash__", ret_zero, ABSTRACT, NULL}, HOOKDEF(hook_hashable), END};
static const MethodDef d_awaitable[] = {{"__await__", ret_empty_iter, ABSTRACT, NULL}, HOOKDEF(hook_awaitable), CGI, END};
static const MethodDef d_coroutine[] = {
    {"send", raise_stop, ABSTRACT, NULL}, {"throw", m_throw, ABSTRACT, NULL},
    {"close", coro_close, 0, NULL}, HOOKDEF(hook_coroutine), END};
static const MethodDef d_aiterable[] = {{"__aiter__", raise_notimpl, ABSTRACT, NULL}, HOOKDEF(hook_aiterable), CGI, END};
static const MethodDef d_aiterator[] = {
    {"__anext__", raise_astop, ABSTRACT, NULL}, {"__aiter__", ret_self, 0, NULL}, HOOKDEF(hook_aiterator), END};
static const MethodDef d_agenerator[] = {
    {"__anext__", agen_anext, 0, NULL}, {"asend", raise_astop, ABSTRACT, NULL},
    {"athrow", m_throw, ABSTRACT, NULL}, {"aclose", agen_aclose, 0, NULL}, HOOKDEF(hook_agenerator), END};
static const MethodDef d_iterable[] = {{"__iter__", ret_empty_iter, ABSTRACT, NULL}, HOOKDEF(hook_iterable), CGI, END};
static const MethodDef d_iterator[] = {
    {"__next__", raise_stop, ABSTRACT, NULL}, {"__iter__", ret_self, 0, NULL}, HOOKDEF(hook_iterator), END};
static const MethodDef d_reversible[] = {{"__reversed__", ret_empty_iter, ABSTRACT, NULL}, HOOKDEF(hook_reversible), END};
static const MethodDef d_generator[] = {
    {"__next__", gen_next, 0, NULL}, {"send", raise_stop, ABSTRACT, NULL},
    {"throw", m_throw, ABSTRACT, NULL}, {"close", gen_close, 0, NULL}, HOOKDEF(hook_generator), END};
static const MethodDef d_sized[] = {{"__len__", ret_zero, ABSTRACT, NULL}, HOOKDEF(hook_sized), END};
static const MethodDef d_container[] = {{"__contains__", ret_false, ABSTRACT, NULL}, HOOKDEF(hook_container), CGI, END};
static const MethodDef d_collection[] = {HOOKDEF(hook_collection), END};
static const MethodDef d_buffer[] = {{"__buffer__", raise_notimpl, ABSTRACT, NULL}, HOOKDEF(hook_buffer), END};
static const MethodDef d_callable[] = {
    {"__call__", ret_false, ABSTRACT, NULL}, HOOKDEF(hook_callable),
    {"__class_getitem__", callable_getitem, METH_CLASS, NULL}, END};
static const MethodDef d_set[] = {
    {"__le__", set_le, METH_O, NULL}, {"__lt__", set_lt, METH_O, NULL},
    {"__gt__", set_gt, METH_O, NULL}, {"__ge__", set_ge, METH_O, NULL},
    {"__eq__", set_eq, METH_O, NULL}, {"_from_iterable", set_from_iterable, METH_CLASS | METH_O, NULL},
    {"__and__", set_and, METH_O, NULL}, {"__rand__", set_and, METH_O, NULL},
    {"isdisjoint", set_isdisjoint, 0, NULL}, {"__or__", set_or, METH_O, NULL},
    {"__ror__", set_or, METH_O, NULL}, {"__sub__", set_sub, METH_O, NULL},
    {"__rsub__", set_rsub, METH_O, NULL}, {"__xor__", set_xor, METH_O, NULL},
    {"__rxor__", set_xor, METH_O, NULL}, {"_hash", set_hash_m, 0, NULL}, END};
static const MethodDef d_mutableset[] = {
    {"add", raise_notimpl, ABSTRACT, NULL}, {"discard", raise_notimpl, ABSTRACT, NULL},
    {"remove", mset_remove, 0, NULL}, {"pop", mset_pop, 0, NULL}, {"clear", mset_clear, 0, NULL},
    {"__ior__", mset_ior, METH_O, NULL}, {"__iand__", mset_iand, METH_O, NULL},
    {"__ixor__", mset_ixor, METH_O, NULL}, {"__isub__", mset_isub, METH_O, NULL}, END};
static const MethodDef d_mapping[] = {
    {"__getitem__", raise_key, ABSTRACT, NULL}, {"get", map_get, 0, NULL},
    {"__contains__", map_contains, METH_O, NULL}, {"keys", map_keys, 0, NULL},
    {"items", map_items, 0, NULL}, {"values", map_values, 0, NULL}, {"__eq__", map_eq, METH_O, NULL}, END};
static const MethodDef d_mutablemapping[] = {
    {"__setitem__", raise_key, ABSTRACT, NULL}, {"__delitem__", raise_key, ABSTRACT, NULL},
    {"pop", mm_pop, 0, NULL}, {"popitem", mm_popitem, 0, NULL}, {"clear", mm_clear, 0, NULL},
    {"update", mm_update, 0, NULL}, {"setdefault", mm_setdefault, 0, NULL}, END};
static const MethodDef d_mappingview[] = {
    {"__init__", mv_init, 0, NULL}, {"__len__", mv_len, METH_NOARGS, NULL},
    {"__repr__", mv_repr, METH_NOARGS, NULL}, CGI, END};
static const MethodDef d_keysview[] = {
    {"_from_iterable", view_from_iterable, METH_CLASS | METH_O, NULL},
    {"__contains__", kv_contains, METH_O, NULL}, {"__iter__", kv_iter, METH_NOARGS, NULL}, END};
static const MethodDef d_itemsview[] = {
    {"_from_iterable", view_from_iterable, METH_CLASS | METH_O, NULL},
    {"__contains__", iv_contains, METH_O, NULL}, {"__iter__", iv_iter, METH_NOARGS, NULL}, END};
static const MethodDef d_valuesview[] = {
    {"__contains__", vv_contains, METH_O, NULL}, {"__iter__", vv_iter, METH_NOARGS, NULL}, END};
static const MethodDef d_sequence[] = {
    {"__getitem__", raise_index, ABSTRACT, NULL}, {"__iter__", seq_iter, METH_NOARGS, NULL},
    {"__contains__", seq_contains, METH_O, NULL}, {"__reversed__", seq_reversed, METH_NOARGS, NULL},
    {"index", seq_index, 0, NULL}, {"count", seq_count, 0, NULL}, END};
static const MethodDef d_mutablesequence[] = {
    {"__setitem__", raise_index, ABSTRACT, NULL}, {"__delitem__", raise_index, ABSTRACT, NULL},
    {"insert", raise_index, ABSTRACT, NULL}, {"append", ms_append, 0, NULL},
    {"clear", ms_clear, 0, NULL}, {"reverse", ms_reverse, 0, NULL}, {"extend", ms_extend, 0, NULL},
    {"pop", ms_pop, 0, NULL}, {"remove", ms_remove, 0, NULL}, {"__iadd__", ms_iadd, METH_O, NULL}, END};
static const MethodDef d_none[] = {END};

typedef struct AbcDef {
    int id;
    const char *name;
    int bases[3];            /* -1 terminated */
    const MethodDef *defs;
    const char *abstracts;   /* space separated: the full __abstractmethods__ */
    int tpflags;             /* __abc_tpflags__ */
    const char *slot;        /* one __slots__ entry or NULL */
} AbcDef;

static const AbcDef defs[] = {
    {A_HASHABLE, "Hashable", {-1}, d_hashable, "__hash__", 0, NULL},
    {A_AWAITABLE, "Awaitable", {-1}, d_awaitable, "__await__", 0, NULL},
    {A_COROUTINE, "Coroutine", {A_AWAITABLE, -1}, d_coroutine, "__await__ send throw", 0, NULL},
    {A_ASYNCITERABLE, "AsyncIterable", {-1}, d_aiterable, "__aiter__", 0, NULL},
    {A_ASYNCITERATOR, "AsyncIterator", {A_ASYNCITERABLE, -1}, d_aiterator, "__anext__", 0, NULL},
    {A_ASYNCGENERATOR, "AsyncGenerator", {A_ASYNCITERATOR, -1}, d_agenerator, "asend athrow", 0, NULL},
    {A_ITERABLE, "Iterable", {-1}, d_iterable, "__iter__", 0, NULL},
    {A_ITERATOR, "Iterator", {A_ITERABLE, -1}, d_iterator, "__next__", 0, NULL},
    {A_REVERSIBLE, "Reversible", {A_ITERABLE, -1}, d_reversible, "__iter__ __reversed__", 0, NULL},
    {A_GENERATOR, "Generator", {A_ITERATOR, -1}, d_generator, "send throw", 0, NULL},
    {A_SIZED, "Sized", {-1}, d_sized, "__len__", 0, NULL},
    {A_CONTAINER, "Container", {-1}, d_container, "__contains__", 0, NULL},
    {A_COLLECTION, "Collection", {A_SIZED, A_ITERABLE, A_CONTAINER}, d_collection,
     "__contains__ __iter__ __len__", 0, NULL},
    {A_BUFFER, "Buffer", {-1}, d_buffer, "__buffer__", 0, NULL},
    {A_CALLABLE, "Callable", {-1}, d_callable, "__call__", 0, NULL},
    {A_SET, "Set", {A_COLLECTION, -1}, d_set, "__contains__ __iter__ __len__", 0, NULL},
    {A_MUTABLESET, "MutableSet", {A_SET, -1}, d_mutableset, "__contains__ __iter__ __len__ add discard", 0, NULL},
    {A_MAPPING, "Mapping", {A_COLLECTION, -1}, d_mapping, "__getitem__ __iter__ __len__", 1 << 6, NULL},
    {A_MAPPINGVIEW, "MappingView", {A_SIZED, -1}, d_mappingview, "", 0, "_mapping"},
    {A_KEYSVIEW, "KeysView", {A_MAPPINGVIEW, A_SET, -1}, d_keysview, "", 0, NULL},
    {A_ITEMSVIEW, "ItemsView", {A_MAPPINGVIEW, A_SET, -1}, d_itemsview, "", 0, NULL},
    {A_VALUESVIEW, "ValuesView", {A_MAPPINGVIEW, A_COLLECTION, -1}, d_valuesview, "", 0, NULL},
    {A_MUTABLEMAPPING, "MutableMapping", {A_MAPPING, -1}, d_mutablemapping,
     "__delitem__ __getitem__ __iter__ __len__ __setitem__", 0, NULL},
    {A_SEQUENCE, "Sequence", {A_REVERSIBLE, A_COLLECTION, -1}, d_sequence, "__getitem__ __len__", 1 << 5, NULL},
    {A_BYTESTRING, "ByteString", {A_SEQUENCE, -1}, d_none, "__getitem__ __len__", 0, NULL},
    {A_MUTABLESEQUENCE, "MutableSequence", {A_SEQUENCE, -1}, d_mutablesequence,
     "__delitem__ __getitem__ __len__ __setitem__ insert", 0, NULL},
};

/* ---- ByteString's metaclass: 3.12 deprecates it on isinstance and on subclassing ---------- */

static Obj *bytestring_meta;

static int warn_bytestring(void)
{
    Obj *msg = str_from_cstr("'collections.abc.ByteString' is deprecated and slated for removal in Python 3.14");
    int r = msg ? warnings_warn(&exc_DeprecationWarning, msg, 1) : -1;
    XDECREF(msg);
    return r;
}

static Obj *dbm_new(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (nargs >= 2 && STR_CHECK(args[1]) && !str_eq_cstr(args[1], "ByteString") && warn_bytestring() < 0)
        return NULL;
    Obj *abc = import_name(id_str("abc"), NULL, NULL, 0);
    Obj *meta = abc ? obj_getattr(abc, id_str("ABCMeta")) : NULL;
    XDECREF(abc);
    Obj *f = meta ? obj_getattr(meta, id_str("__new__")) : NULL;
    XDECREF(meta);
    if (!f) return NULL;
    Obj *r = obj_call(f, args, nargs, kw);
    DECREF(f);
    return r;
}

static Obj *dbm_instancecheck(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (warn_bytestring() < 0) return NULL;
    Obj *abc = import_name(id_str("abc"), NULL, NULL, 0);
    Obj *meta = abc ? obj_getattr(abc, id_str("ABCMeta")) : NULL;
    XDECREF(abc);
    Obj *f = meta ? obj_getattr(meta, id_str("__instancecheck__")) : NULL;
    XDECREF(meta);
    if (!f) return NULL;
    Obj *a[2] = {cls, args[0]};
    Obj *r = obj_call(f, a, 2, NULL);
    DECREF(f);
    return r;
}

static const MethodDef dbm_methods[] = {
    {"__new__", dbm_new, METH_FAST | METH_STATIC, NULL},
    {"__instancecheck__", dbm_instancecheck, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *abcmeta_get(void)
{
    Obj *abc = import_name(id_str("abc"), NULL, NULL, 0);
    if (!abc) return NULL;
    Obj *m = obj_getattr(abc, id_str("ABCMeta"));
    DECREF(abc);
    return m;
}

/* The concrete twin of an ABSTRACT method definition: made once per
 * process and kept in this table (the classes are made again after each
 * teardown, their descriptors only point at it). */
static const MethodDef *unabstract(const MethodDef *d)
{
    static struct { const MethodDef *orig; MethodDef *copy; } *tab;
    static size_t n, cap;
    for (size_t i = 0; i < n; i++)
        if (tab[i].orig == d) return tab[i].copy;
    if (n == cap) {
        cap = cap ? 2 * cap : 32;
        tab = xrealloc(tab, cap * sizeof *tab);
    }
    MethodDef *copy = xmalloc(sizeof *copy);
    *copy = *d;
    copy->flags &= ~ABSTRACT;
    tab[n].orig = d;
    tab[n].copy = copy;
    return tab[n++].copy;
}

static int set_method(Obj *cls, const MethodDef *d)
{
    TypeObj *t = (TypeObj *)cls;
    Obj *f;
    if (d->flags & METH_CLASS) {
        f = classmethod_descr_new(t, d);
    } else if (d->flags & ABSTRACT) {
        Obj *in = method_descr_new(t, unabstract(d));
        AbstractFn *a = in ? (AbstractFn *)obj_alloc(&abstractfn_type, 0) : NULL;
        if (a) a->inner = in;
        else XDECREF(in);
        f = (Obj *)a;
    } else {
        f = method_descr_new(t, d);
    }
    Obj *key = f ? str_from_cstr(d->name) : NULL;
    int r = key ? obj_setattr(cls, key, f) : -1;
    XDECREF(key);
    XDECREF(f);
    return r;
}

static Obj *make_abc(Obj *meta, const AbcDef *def)
{
    Ssize nb = 0;
    while (nb < 3 && def->bases[nb] >= 0) nb++;
    Obj *bases = tuple_new(nb);
    if (!bases) return NULL;
    for (Ssize i = 0; i < nb; i++) TUPLE_ITEMS(bases)[i] = INCREF(abcs[def->bases[i]]);
    Obj *ns = dict_new(), *name = str_from_cstr(def->name);
    Obj *mod = str_from_cstr("collections.abc");
    Obj *slots = def->slot ? tuple_pack(1, str_from_cstr(def->slot)) : tuple_new(0);
    if (def->slot && slots) DECREF(TUPLE_ITEMS(slots)[0]);
    Obj *cls = NULL;
    if (ns && name && mod && slots && dict_set_str(ns, "__module__", mod) == 0 &&
        dict_set_str(ns, "__qualname__", name) == 0 && dict_set_str(ns, "__slots__", slots) == 0) {
        int ok = 0;
        if (def->tpflags) {
            Obj *fl = int_from_i64(def->tpflags);
            ok = fl ? dict_set_str(ns, "__abc_tpflags__", fl) : -1;
            XDECREF(fl);
        }
        if (def->id == A_MUTABLEMAPPING && ok == 0) {
            mm_marker = obj_call((Obj *)&object_type, NULL, 0, NULL);
            ok = mm_marker ? dict_set_str(ns, "_MutableMapping__marker", mm_marker) : -1;
        }
        if (ok == 0) {
            Obj *args[3] = {name, bases, ns};
            cls = obj_call(def->id == A_BYTESTRING ? bytestring_meta : meta, args, 3, NULL);
        }
    }
    XDECREF(ns);
    XDECREF(name);
    XDECREF(mod);
    XDECREF(slots);
    DECREF(bases);
    if (!cls) return NULL;
    for (const MethodDef *d = def->defs; d->name; d++)
        if (set_method(cls, d) < 0) goto fail;
    if (def->id == A_SET || def->id == A_MAPPING) {
        if (obj_setattr(cls, id_str("__hash__"), NONE) < 0) goto fail;
    }
    if (def->id == A_MAPPING && obj_setattr(cls, id_str("__reversed__"), NONE) < 0) goto fail;
    /* __abstractmethods__: exactly CPython's set */
    Obj *names = str_from_cstr(def->abstracts);
    Obj *parts = names ? obj_call_method(names, "split", NULL, 0) : NULL;
    XDECREF(names);
    Obj *fs = parts ? frozenset_new(parts) : NULL;
    XDECREF(parts);
    int r = fs ? obj_setattr(cls, id_str("__abstractmethods__"), fs) : -1;
    XDECREF(fs);
    if (r < 0) goto fail;
    return cls;
fail:
    DECREF(cls);
    return NULL;
}

static int reg(int which, Obj *type)
{
    Obj *r = call_m(abcs[which], "register", type);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* type(iter(sample)) */
static int reg_iter_of(Obj *sample)
{
    if (!sample) return -1;
    Obj *it = obj_getiter(sample);
    DECREF(sample);
    if (!it) return -1;
    int r = reg(A_ITERATOR, (Obj *)OBJ_TYPE(it));
    DECREF(it);
    return r;
}

static int register_builtins(void)
{
    Obj *big = int_from_str("100000000000000000000000", 24, 10);
    Obj *zero = int_from_i64(0);
    Obj *lr = big && zero ? range_new(zero, big, NULL) : NULL;
    XDECREF(big);
    XDECREF(zero);
    Obj *d = dict_new();
    if (!lr || !d) {
        XDECREF(lr);
        XDECREF(d);
        return -1;
    }
    Obj *dk = obj_call_method(d, "keys", NULL, 0), *dv = obj_call_method(d, "values", NULL, 0);
    Obj *di = obj_call_method(d, "items", NULL, 0);
    Obj *z = obj_call((Obj *)&zip_type, NULL, 0, NULL);
    int rc = dk && dv && di && z ? 0 : -1;
    if (rc == 0)
        rc = reg_iter_of(bytes_from("", 0)) | reg_iter_of(bytearray_from("", 0)) |
             reg_iter_of(INCREF(dk)) | reg_iter_of(INCREF(dv)) | reg_iter_of(INCREF(di)) |
             reg_iter_of(list_new(0)) | reg(A_ITERATOR, (Obj *)&list_reviter_type) |
             reg(A_ITERATOR, (Obj *)&range_iter_type) | reg(A_ITERATOR, (Obj *)&longrange_iter_type) |
             reg_iter_of(set_new(NULL)) | reg_iter_of(str_from_cstr("")) | reg_iter_of(tuple_new(0)) |
             reg(A_ITERATOR, (Obj *)OBJ_TYPE(z)) | reg(A_GENERATOR, (Obj *)&generator_type) |
             reg(A_COROUTINE, (Obj *)&coroutine_type) |
             reg(A_ASYNCGENERATOR, (Obj *)&async_generator_type) |
             reg(A_SET, (Obj *)&frozenset_type) | reg(A_MUTABLESET, (Obj *)&set_type) |
             reg(A_MAPPING, (Obj *)&mappingproxy_type) | reg(A_MUTABLEMAPPING, (Obj *)&dict_type) |
             reg(A_KEYSVIEW, (Obj *)OBJ_TYPE(dk)) | reg(A_ITEMSVIEW, (Obj *)OBJ_TYPE(di)) |
             reg(A_VALUESVIEW, (Obj *)OBJ_TYPE(dv)) | reg(A_SEQUENCE, (Obj *)&tuple_type) |
             reg(A_SEQUENCE, (Obj *)&str_type) | reg(A_SEQUENCE, (Obj *)&range_type) |
             reg(A_SEQUENCE, (Obj *)&memoryview_type) | reg(A_BYTESTRING, (Obj *)&bytes_type) |
             reg(A_BYTESTRING, (Obj *)&bytearray_type) | reg(A_MUTABLESEQUENCE, (Obj *)&list_type) |
             reg(A_MUTABLESEQUENCE, (Obj *)&bytearray_type);
    XDECREF(dk);
    XDECREF(dv);
    XDECREF(di);
    XDECREF(z);
    DECREF(lr);
    DECREF(d);
    if (rc) return -1;
    /* the buffer types have __buffer__ in CPython; the VM's may not */
    TypeObj *buf[] = {&bytes_type, &bytearray_type, &memoryview_type};
    for (int i = 0; i < 3; i++)
        if (!type_lookup(buf[i], id_str("__buffer__")) && reg(A_BUFFER, (Obj *)buf[i]) < 0) return -1;
    /* collections registers deque and its OrderedDict views */
    Obj *coll = vm->modules ? dict_get_str_borrow(vm->modules, "collections") : NULL;
    Obj *deque = NULL;
    if (coll && obj_lookup_attr(coll, id_str("deque"), &deque) > 0) {
        /* deque.__hash__ is None in CPython's type dict (Hashable's hook
         * looks there); the VM's deque has only an unhashable hash slot */
        if (TYPE_CHECK(deque)) {
            if (dict_set(((TypeObj *)deque)->dict, id_str("__hash__"), NONE) < 0) {
                DECREF(deque);
                return -1;
            }
            type_modified((TypeObj *)deque);
        }
        rc = reg(A_MUTABLESEQUENCE, deque);
        DECREF(deque);
        if (rc < 0) return -1;
    }
    return vm_err_occurred() ? -1 : 0;
}

static int build_all(void)
{
    if (abcs[0]) return 0;
    if (type_ready(&abstractfn_type) < 0 || type_ready(&viewiter_type) < 0 ||
        type_ready(&reviter_type) < 0)
        return -1;
    callable_alias_type.basicsize = generic_alias_type.basicsize;
    if (type_ready(&callable_alias_type) < 0) return -1;
    Obj *meta = abcmeta_get();
    if (!meta) return -1;
    Obj *mb = tuple_pack(1, meta);
    bytestring_meta = mb ? mh_class("collections.abc", "_DeprecateByteStringMeta", mb, dbm_methods, NULL, NULL) : NULL;
    XDECREF(mb);
    if (!bytestring_meta) {
        DECREF(meta);
        return -1;
    }
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        abcs[defs[i].id] = make_abc(meta, &defs[i]);
        if (!abcs[defs[i].id]) {
            DECREF(meta);
            return -1;
        }
    }
    DECREF(meta);
    return register_builtins();
}

static const char *const all_names[] = {
    "Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator", "Hashable",
    "Iterable", "Iterator", "Generator", "Reversible", "Sized", "Container", "Callable",
    "Collection", "Set", "MutableSet", "Mapping", "MutableMapping", "MappingView", "KeysView",
    "ItemsView", "ValuesView", "Sequence", "MutableSequence", "ByteString", "Buffer", NULL};

static Obj *make_module(const char *modname)
{
    if (build_all() < 0) return NULL;
    Obj *m = mh_module(modname, NULL);
    if (!m) return NULL;
    Obj *all = list_new(0);
    if (!all) goto fail;
    if (module_add(m, "__all__", all) < 0) goto fail;
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        if (mh_add_obj(m, defs[i].name, abcs[defs[i].id]) < 0) goto fail;
    for (const char *const *n = all_names; *n; n++) {
        Obj *s = str_from_cstr(*n);
        if (!s || list_append(all, s) < 0) {
            XDECREF(s);
            goto fail;
        }
        DECREF(s);
    }
    if (mh_add_obj(m, "_CallableGenericAlias", (Obj *)&callable_alias_type) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

static Obj *cabc_init(void) { return make_module("collections.abc"); }
static Obj *private_init(void) { return make_module("_collections_abc"); }

void native_collections_abc_register(void)
{
    vm_static_roots(abcs, sizeof abcs / sizeof abcs[0]);
    vm_static_roots(&mm_marker, 1);
    vm_static_roots(&bytestring_meta, 1);
    import_register_native("collections.abc", cabc_init);
    import_register_native("_collections_abc", private_init);
}
