/* mod_collections.c — the `collections` module of CPython 3.12: deque,
 * defaultdict and OrderedDict as native types (like CPython's
 * _collections), Counter and ChainMap as heap classes (like the library's
 * pure-Python classes, so subclasses and instance dicts behave the same),
 * and namedtuple, which builds a tuple subclass whose fields are
 * _tuplegetter descriptors and whose __new__ binds arguments with the
 * messages of a Python function named "Point.__new__".
 *
 * Invariants: a deque is a ring buffer (items[(head + i) % cap], i < len)
 * with a mutation counter `state` that its iterators check; OrderedDict
 * keeps its order in the dict's own insertion order (move_to_end re-inserts);
 * Counter.most_common is a stable sort by count, so equal counts keep
 * insertion order exactly as CPython's sorted()/heapq.nlargest do.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modutil.h"
#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

/* ======================================================================
 * deque
 * ====================================================================== */

typedef struct DequeObj {
    Obj base;
    Obj **items;
    Ssize cap, head, len;
    Ssize maxlen;            /* -1: unbounded */
    uint64_t state;          /* bumped by every mutation */
    Obj *weakreflist;
} DequeObj;

TypeObj deque_type, deque_iter_type, deque_reviter_type;
#define DQ(o) ((DequeObj *)(o))
#define DQ_AT(d, i) ((d)->items[((d)->head + (i)) % (d)->cap])

static bool deque_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &deque_type); }

static int dq_grow(DequeObj *d)
{
    if (d->len < d->cap) return 0;
    Ssize ncap = d->cap ? d->cap * 2 : 8;
    Obj **n = xmalloc((size_t)ncap * sizeof *n);
    for (Ssize i = 0; i < d->len; i++) n[i] = DQ_AT(d, i);
    free(d->items);
    d->items = n;
    d->cap = ncap;
    d->head = 0;
    return 0;
}

/* Append without the maxlen rule (steals v). */
static void dq_push_right(DequeObj *d, Obj *v)
{
    dq_grow(d);
    d->items[(d->head + d->len) % d->cap] = v;
    d->len++;
    d->state++;
}

static void dq_push_left(DequeObj *d, Obj *v)
{
    dq_grow(d);
    d->head = (d->head - 1 + d->cap) % d->cap;
    d->items[d->head] = v;
    d->len++;
    d->state++;
}

static Obj *dq_pop_right(DequeObj *d)
{
    Obj *v = DQ_AT(d, d->len - 1);
    d->len--;
    d->state++;
    return v;
}

static Obj *dq_pop_left(DequeObj *d)
{
    Obj *v = d->items[d->head];
    d->head = (d->head + 1) % d->cap;
    d->len--;
    d->state++;
    return v;
}

static int dq_append(DequeObj *d, Obj *v)
{
    if (d->maxlen == 0) return 0;
    dq_push_right(d, INCREF(v));
    if (d->maxlen >= 0 && d->len > d->maxlen) DECREF(dq_pop_left(d));
    return 0;
}

static int dq_appendleft(DequeObj *d, Obj *v)
{
    if (d->maxlen == 0) return 0;
    dq_push_left(d, INCREF(v));
    if (d->maxlen >= 0 && d->len > d->maxlen) DECREF(dq_pop_right(d));
    return 0;
}

static void dq_clear(DequeObj *d)
{
    while (d->len > 0) DECREF(dq_pop_right(d));
    d->head = 0;
}

static int dq_extend(DequeObj *d, Obj *iterable, bool left)
{
    if (iterable == (Obj *)d) {
        Obj *l = seq_to_list(iterable);
        if (!l) return -1;
        int r = dq_extend(d, l, left);
        DECREF(l);
        return r;
    }
    Obj *it = obj_getiter(iterable);
    if (!it) return -1;
    Obj *v;
    while ((v = obj_iternext(it))) {
        left ? dq_appendleft(d, v) : dq_append(d, v);
        DECREF(v);
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 0;
}

static Obj *deque_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    DequeObj *d = (DequeObj *)obj_alloc(t, 0);
    if (d) d->maxlen = -1;
    return (Obj *)d;
}

static int deque_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"iterable", "maxlen"};
    Obj *v[2];
    if (args_parse("deque", args, nargs, kwnames, names, 2, 0, 0, v) < 0) return -1;
    DequeObj *d = DQ(self);
    Ssize maxlen = -1;
    if (v[1] && v[1] != NONE) {
        if (!INT_CHECK(v[1])) {
            vm_err_set_str(&exc_TypeError, "an integer is required");
            return -1;
        }
        maxlen = num_as_ssize(v[1], &exc_OverflowError);
        if (maxlen == -1 && vm_err_occurred()) return -1;
        if (maxlen < 0) {
            vm_err_set_str(&exc_ValueError, "maxlen must be non-negative");
            return -1;
        }
    }
    d->maxlen = maxlen;
    if (d->len > 0) dq_clear(d);
    if (v[0] && dq_extend(d, v[0], false) < 0) return -1;
    return 0;
}

static void deque_dealloc(Obj *o)
{
    /* In the trashcan: deques nested a million deep (CPython's own
     * dealloc recurses and crashes there). */
    int trash = trash_begin(o, deque_dealloc);
    if (trash > 0) return;
    DequeObj *d = DQ(o);
    gc_untrack(o);
    if (d->weakreflist) weakref_clear_refs(o);
    dq_clear(d);
    free(d->items);
    d->items = NULL;
    obj_free(o);
    if (trash == 0) trash_end();
}

static int deque_traverse(Obj *o, VisitFn visit, void *arg)
{
    DequeObj *d = DQ(o);
    for (Ssize i = 0; i < d->len; i++) {
        int r = visit(DQ_AT(d, i), arg);
        if (r) return r;
    }
    return 0;
}

static int deque_gc_clear(Obj *o)
{
    dq_clear(DQ(o));
    return 0;
}

static Obj *deque_to_list(DequeObj *d)
{
    Obj *l = list_new(d->len);
    if (!l) return NULL;
    for (Ssize i = 0; i < d->len; i++) LIST_ITEMS(l)[i] = INCREF(DQ_AT(d, i));
    return l;
}

static Obj *deque_repr(Obj *o)
{
    DequeObj *d = DQ(o);
    int r = repr_enter(o);
    if (r != 0) return r > 0 ? str_from_cstr("[...]") : NULL;
    Obj *l = deque_to_list(d);
    Obj *lr = l ? obj_repr(l) : NULL;
    XDECREF(l);
    repr_leave(o);
    if (!lr) return NULL;
    Obj *res = d->maxlen >= 0
                   ? str_from_fmt("%s(%S, maxlen=%zd)", type_name(OBJ_TYPE(o)), lr, d->maxlen)
                   : str_from_fmt("%s(%S)", type_name(OBJ_TYPE(o)), lr);
    DECREF(lr);
    return res;
}

static Obj *deque_richcompare(Obj *a, Obj *b, int op)
{
    if (!deque_check(a) || !deque_check(b)) return INCREF(NOTIMPL);
    Obj *la = deque_to_list(DQ(a)), *lb = la ? deque_to_list(DQ(b)) : NULL;
    Obj *r = lb ? obj_richcompare(la, lb, op) : NULL;
    XDECREF(la);
    XDECREF(lb);
    return r;
}

static Ssize deque_length(Obj *o) { return DQ(o)->len; }

/* CPython names the type with its module here: 'collections.deque'. */
static Hash deque_hash(Obj *o)
{
    vm_err_format(&exc_TypeError, "unhashable type: '%s'", OBJ_TYPE(o)->name);
    return -1;
}

static int norm_index(DequeObj *d, Obj *key, Ssize *out)
{
    if (!index_check(key)) {
        vm_err_format(&exc_TypeError, "sequence index must be integer, not '%s'",
                      type_name(OBJ_TYPE(key)));
        return -1;
    }
    Ssize i = num_as_ssize(key, &exc_IndexError);
    if (i == -1 && vm_err_occurred()) return -1;
    if (i < 0) i += d->len;
    if (i < 0 || i >= d->len) {
        vm_err_set_str(&exc_IndexError, "deque index out of range");
        return -1;
    }
    *out = i;
    return 0;
}

static Obj *deque_subscript(Obj *o, Obj *key)
{
    Ssize i;
    if (norm_index(DQ(o), key, &i) < 0) return NULL;
    return INCREF(DQ_AT(DQ(o), i));
}

/* Remove item i (0 <= i < len). */
static void dq_del_at(DequeObj *d, Ssize i)
{
    Obj *v = DQ_AT(d, i);
    for (Ssize j = i; j < d->len - 1; j++) DQ_AT(d, j) = DQ_AT(d, j + 1);
    d->len--;
    d->state++;
    DECREF(v);
}

static int deque_ass_subscript(Obj *o, Obj *key, Obj *value)
{
    DequeObj *d = DQ(o);
    Ssize i;
    if (norm_index(d, key, &i) < 0) return -1;
    if (!value) {
        dq_del_at(d, i);
        return 0;
    }
    obj_setref(&DQ_AT(d, i), INCREF(value));
    return 0;
}

static int deque_contains(Obj *o, Obj *v)
{
    DequeObj *d = DQ(o);
    uint64_t st = d->state;
    for (Ssize i = 0; i < d->len; i++) {
        Obj *x = INCREF(DQ_AT(d, i));
        int r = obj_richcompare_bool(x, v, CMP_EQ);
        DECREF(x);
        if (r) return r;
        if (d->state != st) {
            vm_err_set_str(&exc_RuntimeError, "deque mutated during iteration");
            return -1;
        }
    }
    return 0;
}

static Obj *dq_copy_of(Obj *o)
{
    DequeObj *d = DQ(o);
    Obj *l = deque_to_list(d);
    if (!l) return NULL;
    Obj *r;
    if (IS_TYPE(o, deque_type)) {
        r = deque_tp_new(&deque_type, NULL, 0, NULL);
        if (r) {
            DQ(r)->maxlen = d->maxlen;
            if (dq_extend(DQ(r), l, false) < 0) CLEAR(r);
        }
    } else if (d->maxlen >= 0) {
        Obj *ml = int_from_i64(d->maxlen);
        Obj *args[2] = {l, ml};
        r = ml ? obj_call((Obj *)OBJ_TYPE(o), args, 2, NULL) : NULL;
        XDECREF(ml);
    } else {
        r = obj_call((Obj *)OBJ_TYPE(o), &l, 1, NULL);
    }
    DECREF(l);
    return r;
}

static Obj *deque_concat(Obj *a, Obj *b)
{
    if (!deque_check(b)) {
        vm_err_format(&exc_TypeError, "can only concatenate deque (not \"%s\") to deque",
                      type_name(OBJ_TYPE(b)));
        return NULL;
    }
    Obj *r = dq_copy_of(a);
    if (r && dq_extend(DQ(r), b, false) < 0) CLEAR(r);
    return r;
}

static Obj *deque_inplace_concat(Obj *a, Obj *b)
{
    if (dq_extend(DQ(a), b, false) < 0) return NULL;
    return INCREF(a);
}

static Obj *deque_inplace_repeat(Obj *a, Ssize n)
{
    DequeObj *d = DQ(a);
    if (n <= 0 || d->len == 0) {
        dq_clear(d);
        return INCREF(a);
    }
    Obj *l = deque_to_list(d);
    if (!l) return NULL;
    for (Ssize k = 1; k < n; k++)
        if (dq_extend(d, l, false) < 0) {
            DECREF(l);
            return NULL;
        }
    DECREF(l);
    return INCREF(a);
}

static Obj *deque_repeat(Obj *a, Ssize n)
{
    Obj *r = dq_copy_of(a);
    if (!r) return NULL;
    DequeObj *d = DQ(r);
    if (n <= 0 || d->len == 0) {
        dq_clear(d);
        return r;
    }
    /* repeat through a list so maxlen keeps the right-most items */
    Obj *l = deque_to_list(d);
    if (!l) {
        DECREF(r);
        return NULL;
    }
    for (Ssize k = 1; k < n; k++)
        if (dq_extend(d, l, false) < 0) {
            DECREF(l);
            DECREF(r);
            return NULL;
        }
    DECREF(l);
    return r;
}

static int deque_bool(Obj *o) { return DQ(o)->len > 0; }

/* ---- methods ---- */

static Obj *dq_m_append(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    dq_append(DQ(self), args[0]);
    return INCREF(NONE);
}

static Obj *dq_m_appendleft(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    dq_appendleft(DQ(self), args[0]);
    return INCREF(NONE);
}

static Obj *dq_m_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (DQ(self)->len == 0) {
        vm_err_set_str(&exc_IndexError, "pop from an empty deque");
        return NULL;
    }
    return dq_pop_right(DQ(self));
}

static Obj *dq_m_popleft(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (DQ(self)->len == 0) {
        vm_err_set_str(&exc_IndexError, "pop from an empty deque");
        return NULL;
    }
    return dq_pop_left(DQ(self));
}

static Obj *dq_m_extend(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return dq_extend(DQ(self), args[0], false) < 0 ? NULL : INCREF(NONE);
}

static Obj *dq_m_extendleft(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return dq_extend(DQ(self), args[0], true) < 0 ? NULL : INCREF(NONE);
}

static Obj *dq_m_clear(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    dq_clear(DQ(self));
    return INCREF(NONE);
}

static Obj *dq_m_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return dq_copy_of(self);
}

static Obj *dq_m_rotate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("rotate", kw) < 0 || args_count("rotate", nargs, 0, 1) < 0) return NULL;
    Ssize n = 1;
    if (nargs == 1) {
        if (!index_check(args[0])) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(args[0])));
            return NULL;
        }
        n = num_as_ssize(args[0], &exc_OverflowError);
        if (n == -1 && vm_err_occurred()) return NULL;
    }
    DequeObj *d = DQ(self);
    if (d->len <= 1) return INCREF(NONE);
    n %= d->len;
    if (n < 0) n += d->len;
    for (Ssize i = 0; i < n; i++) dq_push_left(d, dq_pop_right(d));
    return INCREF(NONE);
}

static Obj *dq_m_reverse(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    DequeObj *d = DQ(self);
    for (Ssize i = 0, j = d->len - 1; i < j; i++, j--) {
        Obj *t = DQ_AT(d, i);
        DQ_AT(d, i) = DQ_AT(d, j);
        DQ_AT(d, j) = t;
    }
    d->state++;
    return INCREF(NONE);
}

static Obj *dq_m_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    DequeObj *d = DQ(self);
    uint64_t st = d->state;
    Ssize c = 0;
    for (Ssize i = 0; i < d->len; i++) {
        Obj *x = INCREF(DQ_AT(d, i));
        int r = obj_richcompare_bool(x, args[0], CMP_EQ);
        DECREF(x);
        if (r < 0) return NULL;
        c += r;
        if (d->state != st) {
            vm_err_set_str(&exc_RuntimeError, "deque mutated during iteration");
            return NULL;
        }
    }
    return int_from_i64(c);
}

static Obj *dq_m_index(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("index", kw) < 0 || args_count("index", nargs, 1, 3) < 0) return NULL;
    DequeObj *d = DQ(self);
    Ssize start = 0, stop = d->len;
    if (nargs > 1 && slice_index_not_none(args[1], &start) < 0) return NULL;
    if (nargs > 2 && slice_index_not_none(args[2], &stop) < 0) return NULL;
    if (start < 0) { start += d->len; if (start < 0) start = 0; }
    if (stop < 0) { stop += d->len; if (stop < 0) stop = 0; }
    if (stop > d->len) stop = d->len;
    uint64_t st = d->state;
    for (Ssize i = start; i < stop; i++) {
        Obj *x = INCREF(DQ_AT(d, i));
        int r = obj_richcompare_bool(x, args[0], CMP_EQ);
        DECREF(x);
        if (r < 0) return NULL;
        if (r) return int_from_i64(i);
        if (d->state != st) {
            vm_err_set_str(&exc_RuntimeError, "deque mutated during iteration");
            return NULL;
        }
    }
    vm_err_format(&exc_ValueError, "%R is not in deque", args[0]);
    return NULL;
}

static Obj *dq_m_insert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("insert", kw) < 0 || args_count("insert", nargs, 2, 2) < 0) return NULL;
    DequeObj *d = DQ(self);
    Ssize i;
    if (!index_check(args[0])) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    i = num_as_ssize(args[0], &exc_OverflowError);
    if (i == -1 && vm_err_occurred()) return NULL;
    if (d->maxlen >= 0 && d->len >= d->maxlen) {
        vm_err_set_str(&exc_IndexError, "deque already at its maximum size");
        return NULL;
    }
    if (i < 0) { i += d->len; if (i < 0) i = 0; }
    if (i > d->len) i = d->len;
    dq_push_right(d, INCREF(args[1]));
    for (Ssize j = d->len - 1; j > i; j--) DQ_AT(d, j) = DQ_AT(d, j - 1);
    DQ_AT(d, i) = args[1];
    return INCREF(NONE);
}

static Obj *dq_m_remove(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    DequeObj *d = DQ(self);
    uint64_t st = d->state;
    for (Ssize i = 0; i < d->len; i++) {
        Obj *x = INCREF(DQ_AT(d, i));
        int r = obj_richcompare_bool(x, args[0], CMP_EQ);
        DECREF(x);
        if (r < 0) return NULL;
        if (d->state != st) {
            vm_err_set_str(&exc_IndexError, "deque mutated during remove().");
            return NULL;
        }
        if (r) {
            dq_del_at(d, i);
            return INCREF(NONE);
        }
    }
    vm_err_format(&exc_ValueError, "%R is not in deque", args[0]);
    return NULL;
}

static Obj *dq_m_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    /* 3.12: (type, () or ((), maxlen), state, iter(self)); pickle appends the items */
    DequeObj *d = DQ(self);
    Obj **dp = obj_dict_ptr(self);
    Obj *state = dp && *dp && dict_len(*dp) ? *dp : NONE;
    Obj *it = obj_getiter(self);
    Obj *empty = tuple_new(0);
    Obj *ml = d->maxlen >= 0 ? int_from_i64(d->maxlen) : NULL;
    Obj *a = !empty ? NULL : d->maxlen < 0 ? INCREF(empty) : ml ? tuple_pack(2, empty, ml) : NULL;
    Obj *r = a && it ? tuple_pack(4, (Obj *)OBJ_TYPE(self), a, state, it) : NULL;
    XDECREF(it);
    XDECREF(empty);
    XDECREF(ml);
    XDECREF(a);
    return r;
}

static Obj *dq_m_class_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return generic_alias_new(self ? self : args[0], self ? args[0] : args[1]);
}

typedef struct DequeIterObj {
    Obj base;
    DequeObj *d;
    Ssize index, counter;
    uint64_t state;
} DequeIterObj;

static Obj *dq_iter_make(Obj *o, TypeObj *t)
{
    DequeIterObj *it = (DequeIterObj *)obj_alloc(t, 0);
    if (!it) return NULL;
    it->d = (DequeObj *)INCREF(o);
    it->state = DQ(o)->state;
    it->counter = DQ(o)->len;
    it->index = 0;
    return (Obj *)it;
}

static Obj *deque_iter(Obj *o) { return dq_iter_make(o, &deque_iter_type); }

static Obj *dq_m_reversed(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return dq_iter_make(self, &deque_reviter_type);
}

static Obj *dqit_next_common(Obj *o, bool rev)
{
    DequeIterObj *it = (DequeIterObj *)o;
    if (!it->d || it->counter == 0) return NULL;
    if (it->d->state != it->state) {
        it->counter = 0;
        vm_err_set_str(&exc_RuntimeError, "deque mutated during iteration");
        return NULL;
    }
    Ssize i = rev ? it->d->len - 1 - it->index : it->index;
    it->index++;
    it->counter--;
    return INCREF(DQ_AT(it->d, i));
}

static Obj *dqit_next(Obj *o) { return dqit_next_common(o, false); }
static Obj *dqrit_next(Obj *o) { return dqit_next_common(o, true); }

static void dqit_dealloc(Obj *o)
{
    XDECREF((Obj *)((DequeIterObj *)o)->d);
    obj_free(o);
}

static int dqit_traverse(Obj *o, VisitFn visit, void *arg)
{
    DequeIterObj *it = (DequeIterObj *)o;
    return it->d ? visit((Obj *)it->d, arg) : 0;
}

static Obj *dqit_length_hint(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return int_from_i64(((DequeIterObj *)self)->counter);
}

static MethodDef dqit_methods[] = {
    {"__length_hint__", dqit_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj deque_iter_type = {
    .base = TYPE_HEAD_INIT, .name = "collections._deque_iterator",
    .basicsize = sizeof(DequeIterObj), .flags = TPF_GC, .getattro = obj_generic_getattr,
    .dealloc = dqit_dealloc, .traverse = dqit_traverse, .iter = iter_self, .iternext = dqit_next,
    .methods = dqit_methods,
};
TypeObj deque_reviter_type = {
    .base = TYPE_HEAD_INIT, .name = "collections._deque_reverse_iterator",
    .basicsize = sizeof(DequeIterObj), .flags = TPF_GC, .getattro = obj_generic_getattr,
    .dealloc = dqit_dealloc, .traverse = dqit_traverse, .iter = iter_self, .iternext = dqrit_next,
    .methods = dqit_methods,
};

static Obj *dq_get_maxlen(Obj *o, void *c)
{
    (void)c;
    return DQ(o)->maxlen < 0 ? INCREF(NONE) : int_from_i64(DQ(o)->maxlen);
}

static GetSetDef deque_getset[] = {
    {"maxlen", dq_get_maxlen, NULL, "maximum size of a deque or None if unbounded", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef deque_methods[] = {
    {"append", dq_m_append, METH_O, "Add an element to the right side of the deque."},
    {"appendleft", dq_m_appendleft, METH_O, "Add an element to the left side of the deque."},
    {"clear", dq_m_clear, METH_NOARGS, "Remove all elements from the deque."},
    {"__copy__", dq_m_copy, METH_NOARGS, "Return a shallow copy of a deque."},
    {"copy", dq_m_copy, METH_NOARGS, "Return a shallow copy of a deque."},
    {"count", dq_m_count, METH_O, "Return number of occurrences of value."},
    {"extend", dq_m_extend, METH_O, "Extend the right side of the deque with elements from the iterable."},
    {"extendleft", dq_m_extendleft, METH_O, "Extend the left side of the deque with elements from the iterable."},
    {"index", dq_m_index, METH_FAST, "Return first index of value."},
    {"insert", dq_m_insert, METH_FAST, "Insert value before index."},
    {"pop", dq_m_pop, METH_NOARGS, "Remove and return the rightmost element."},
    {"popleft", dq_m_popleft, METH_NOARGS, "Remove and return the leftmost element."},
    {"__reduce__", dq_m_reduce, METH_NOARGS, "Return state information for pickling."},
    {"remove", dq_m_remove, METH_O, "Remove first occurrence of value."},
    {"__reversed__", dq_m_reversed, METH_NOARGS, "Return a reverse iterator over the deque."},
    {"reverse", dq_m_reverse, METH_NOARGS, "Reverse *IN PLACE*."},
    {"rotate", dq_m_rotate, METH_FAST, "Rotate the deque n steps to the right.  If n is negative, rotates left."},
    {"__class_getitem__", dq_m_class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static SequenceMethods deque_as_sequence = {
    .length = deque_length, .concat = deque_concat, .repeat = deque_repeat,
    .contains = deque_contains, .inplace_concat = deque_inplace_concat,
    .inplace_repeat = deque_inplace_repeat,
};
static MappingMethods deque_as_mapping = {
    .length = deque_length, .subscript = deque_subscript, .ass_subscript = deque_ass_subscript,
};
static NumberMethods deque_as_number = {.bool_ = deque_bool};

TypeObj deque_type = {
    .base = TYPE_HEAD_INIT, .name = "collections.deque", .basicsize = sizeof(DequeObj),
    .flags = TPF_GC | TPF_BASETYPE | TPF_SEQUENCE, .getattro = obj_generic_getattr,
    .dealloc = deque_dealloc, .repr = deque_repr, .hash = deque_hash,
    .richcompare = deque_richcompare, .iter = deque_iter, .new_ = deque_tp_new,
    .init = deque_tp_init, .traverse = deque_traverse, .clear = deque_gc_clear,
    .as_number = &deque_as_number, .as_sequence = &deque_as_sequence,
    .as_mapping = &deque_as_mapping, .methods = deque_methods, .getset = deque_getset,
    .weaklistoffset = offsetof(DequeObj, weakreflist),
    .doc = "A list-like sequence optimized for data accesses near its endpoints.",
};

/* ======================================================================
 * defaultdict (a dict subtype with one extra field after dict's layout)
 * ====================================================================== */

TypeObj defdict_type;
#define DD_FACTORY(o) (*(Obj **)((char *)(o) + dict_type.basicsize))

static bool defdict_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &defdict_type); }

static void defdict_dealloc(Obj *o)
{
    CLEAR(DD_FACTORY(o));
    dict_type.dealloc(o);
}

static int defdict_traverse(Obj *o, VisitFn visit, void *arg)
{
    if (DD_FACTORY(o)) {
        int r = visit(DD_FACTORY(o), arg);
        if (r) return r;
    }
    return dict_type.traverse(o, visit, arg);
}

static int defdict_gc_clear(Obj *o)
{
    CLEAR(DD_FACTORY(o));
    return dict_type.clear ? dict_type.clear(o) : 0;
}

static int defdict_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *factory = NULL;
    if (nargs > 0) {
        factory = args[0];
        if (factory != NONE && !OBJ_TYPE(factory)->call) {
            vm_err_set_str(&exc_TypeError, "first argument must be callable or None");
            return -1;
        }
        args++;
        nargs--;
    }
    obj_setref(&DD_FACTORY(self), factory && factory != NONE ? INCREF(factory) : NULL);
    return dict_type.init(self, args, nargs, kwnames);
}

static Obj *defdict_missing(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *f = DD_FACTORY(self);
    if (!f) {
        vm_err_set_key(args[0]);
        return NULL;
    }
    Obj *v = obj_call(f, NULL, 0, NULL);
    if (!v) return NULL;
    if (obj_setitem(self, args[0], v) < 0) {
        DECREF(v);
        return NULL;
    }
    return v;
}

static Obj *defdict_repr(Obj *o)
{
    Obj *base = dict_type.repr(o);
    if (!base) return NULL;
    Obj *fr;
    if (!DD_FACTORY(o)) {
        fr = str_from_cstr("None");
    } else {
        int r = repr_enter(DD_FACTORY(o));
        if (r > 0) {
            fr = str_from_cstr("...");
        } else if (r == 0) {
            fr = obj_repr(DD_FACTORY(o));
            repr_leave(DD_FACTORY(o));
        } else {
            fr = NULL;
        }
    }
    Obj *res = fr ? str_from_fmt("%s(%S, %S)", type_name(OBJ_TYPE(o)), fr, base) : NULL;
    XDECREF(fr);
    DECREF(base);
    return res;
}

static Obj *defdict_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *a[2] = {DD_FACTORY(self) ? DD_FACTORY(self) : NONE, self};
    return obj_call((Obj *)OBJ_TYPE(self), a, 2, NULL);
}

static Obj *defdict_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *fa = DD_FACTORY(self) ? tuple_pack(1, DD_FACTORY(self)) : tuple_new(0);
    Obj *items = fa ? obj_call_method(self, "items", NULL, 0) : NULL;
    Obj *it = items ? obj_getiter(items) : NULL;
    Obj *r = it ? tuple_pack(5, (Obj *)OBJ_TYPE(self), fa, NONE, NONE, it) : NULL;
    XDECREF(fa);
    XDECREF(items);
    XDECREF(it);
    return r;
}

static Obj *defdict_or(Obj *a, Obj *b)
{
    Obj *self, *other;
    bool left = defdict_check(a);
    if (left) { self = a; other = b; } else { self = b; other = a; }
    if (!DICT_CHECK(other)) return INCREF(NOTIMPL);
    Obj *r;
    if (left) {
        r = defdict_copy(self, NULL, 0, NULL);
        if (r && dict_update(r, other) < 0) CLEAR(r);
    } else {
        Obj *x[2] = {DD_FACTORY(self) ? DD_FACTORY(self) : NONE, other};
        r = obj_call((Obj *)OBJ_TYPE(self), x, 2, NULL);
        if (r && dict_update(r, self) < 0) CLEAR(r);
    }
    return r;
}

static Obj *dd_get_factory(Obj *o, void *c)
{
    (void)c;
    return INCREF(DD_FACTORY(o) ? DD_FACTORY(o) : NONE);
}

static int dd_set_factory(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&DD_FACTORY(o), v && v != NONE ? INCREF(v) : NULL);
    return 0;
}

static GetSetDef defdict_getset[] = {
    {"default_factory", dd_get_factory, dd_set_factory,
     "Factory for default value called by __missing__().", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef defdict_methods[] = {
    {"__missing__", defdict_missing, METH_O, NULL},
    {"copy", defdict_copy, METH_NOARGS, "D.copy() -> a shallow copy of D."},
    {"__copy__", defdict_copy, METH_NOARGS, "D.copy() -> a shallow copy of D."},
    {"__reduce__", defdict_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__class_getitem__", dq_m_class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static NumberMethods defdict_as_number = {.or_ = defdict_or};

TypeObj defdict_type = {
    .base = TYPE_HEAD_INIT, .name = "collections.defaultdict",
    .flags = TPF_GC | TPF_BASETYPE | TPF_MAPPING, .getattro = obj_generic_getattr,
    .dealloc = defdict_dealloc, .repr = defdict_repr, .init = defdict_init,
    .traverse = defdict_traverse, .clear = defdict_gc_clear, .as_number = &defdict_as_number,
    .methods = defdict_methods, .getset = defdict_getset, .tp_base = &dict_type,
    .doc = "defaultdict(default_factory=None, /, [...]) --> dict with default factory",
};

/* ======================================================================
 * OrderedDict (order = the dict's insertion order)
 * ====================================================================== */

TypeObj odict_type;
static bool odict_check(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &odict_type); }

static Obj *odict_repr(Obj *o)
{
    const char *name = type_name(OBJ_TYPE(o));
    if (dict_len(o) == 0) return str_from_fmt("%s()", name);
    int r = repr_enter(o);
    if (r != 0) return r > 0 ? str_from_cstr("...") : NULL;
    Obj *d = dict_new();
    Obj *items = d ? obj_call_method(o, "items", NULL, 0) : NULL;
    Obj *res = NULL;
    if (items) {
        Obj *it = obj_getiter(items), *kv;
        while (it && (kv = obj_iternext(it))) {
            int ok = TUPLE_CHECK(kv) && TUPLE_LEN(kv) == 2 &&
                     dict_set(d, TUPLE_ITEMS(kv)[0], TUPLE_ITEMS(kv)[1]) == 0;
            DECREF(kv);
            if (!ok) break;
        }
        XDECREF(it);
        if (!vm_err_occurred()) {
            Obj *dr = obj_repr(d);
            res = dr ? str_from_fmt("%s(%S)", name, dr) : NULL;
            XDECREF(dr);
        }
    }
    XDECREF(items);
    XDECREF(d);
    repr_leave(o);
    return res;
}

/* True when both dicts list their keys in the same order. */
static int same_order(Obj *a, Obj *b)
{
    Ssize pa = 0, pb = 0;
    Obj *ka, *kb, *va, *vb;
    while (dict_next(a, &pa, &ka, &va)) {
        if (!dict_next(b, &pb, &kb, &vb)) return 0;
        INCREF(ka);
        INCREF(kb);
        int r = obj_richcompare_bool(ka, kb, CMP_EQ);
        DECREF(ka);
        DECREF(kb);
        if (r <= 0) return r;
    }
    return 1;
}

static Obj *odict_richcompare(Obj *a, Obj *b, int op)
{
    Obj *r = dict_type.richcompare(a, b, op);
    if (!r || r == NOTIMPL || (op != CMP_EQ && op != CMP_NE) || !odict_check(a) || !odict_check(b))
        return r;
    int eq = r == TRUE_ ? 1 : r == FALSE_ ? 0 : obj_is_true(r);
    DECREF(r);
    if (eq < 0) return NULL;
    if (op == CMP_EQ ? eq : !eq) {
        int s = same_order(a, b);
        if (s < 0) return NULL;
        if (op == CMP_EQ) return bool_from(s);
        return bool_from(!s);
    }
    return bool_from(op == CMP_EQ ? false : true);
}

static int odict_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_count("OrderedDict", nargs, 0, 1) < 0) return -1;
    if (nargs == 1) {
        Obj *r = obj_call_method(self, "update", args, 1);
        if (!r) return -1;
        DECREF(r);
    }
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize i = 0; i < nkw; i++)
        if (obj_setitem(self, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) return -1;
    return 0;
}

/* Move key to the front by re-inserting every other item after it. */
static int odict_move_front(Obj *self, Obj *key)
{
    Obj *items = dict_items_list(self);
    if (!items) return -1;
    Obj *val = dict_get_borrow(self, key);
    if (!val) {
        DECREF(items);
        return -1;
    }
    INCREF(val);
    dict_clear(self);
    int rc = dict_set(self, key, val);
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(items); i++) {
        Obj *kv = LIST_ITEMS(items)[i];
        if (TUPLE_ITEMS(kv)[0] == key) continue;
        rc = dict_set(self, TUPLE_ITEMS(kv)[0], TUPLE_ITEMS(kv)[1]);
    }
    DECREF(val);
    DECREF(items);
    return rc;
}

static Obj *odict_move_to_end(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"key", "last"};
    Obj *v[2];
    if (args_parse("move_to_end", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return NULL;
    int last = 1;
    if (v[1] && (last = obj_is_true(v[1])) < 0) return NULL;
    Obj *val;
    int found = dict_pop_opt(self, v[0], &val);
    if (found < 0) return NULL;
    if (!found) {
        vm_err_set_key(v[0]);
        return NULL;
    }
    int rc = dict_set(self, v[0], val);
    DECREF(val);
    if (rc < 0) return NULL;
    if (!last && odict_move_front(self, v[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *odict_popitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"last"};
    Obj *v[1];
    if (args_parse("popitem", args, nargs, kwnames, names, 1, 0, 0, v) < 0) return NULL;
    int last = 1;
    if (v[0] && (last = obj_is_true(v[0])) < 0) return NULL;
    if (dict_len(self) == 0) {
        vm_err_set_str(&exc_KeyError, "dictionary is empty");
        return NULL;
    }
    Ssize pos = 0;
    Obj *k = NULL, *val = NULL, *kk, *vv;
    while (dict_next(self, &pos, &kk, &vv)) {
        k = kk;
        if (!last) break;
    }
    INCREF(k);
    int found = dict_pop_opt(self, k, &val);
    Obj *r = found > 0 ? tuple_pack(2, k, val) : NULL;
    if (found == 0) vm_err_set_key(k);
    XDECREF(val);
    DECREF(k);
    return r;
}

static Obj *odict_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return obj_call((Obj *)OBJ_TYPE(self), &self, 1, NULL);
}

static Obj *odict_reversed(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *keys = dict_keys_list(self);
    if (!keys) return NULL;
    list_reverse(keys);
    Obj *it = obj_getiter(keys);
    DECREF(keys);
    return it;
}

static Obj *odict_setdefault(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (args_parse("setdefault", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return NULL;
    return dict_setdefault(self, v[0], v[1] ? v[1] : NONE);
}

static Obj *odict_or(Obj *a, Obj *b)
{
    if (!DICT_CHECK(a) || !DICT_CHECK(b)) return INCREF(NOTIMPL);
    Obj *self = odict_check(a) ? a : b;
    Obj *r = obj_call((Obj *)OBJ_TYPE(self), &a, 1, NULL);
    if (r && dict_update(r, b) < 0) CLEAR(r);
    return r;
}

static Obj *odict_ior(Obj *a, Obj *b)
{
    Obj *r = obj_call_method(a, "update", &b, 1);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(a);
}

static Obj *odict_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *e = tuple_new(0);
    Obj *items = e ? obj_call_method(self, "items", NULL, 0) : NULL;
    Obj *it = items ? obj_getiter(items) : NULL;
    Obj *r = it ? tuple_pack(5, (Obj *)OBJ_TYPE(self), e, NONE, NONE, it) : NULL;
    XDECREF(e);
    XDECREF(items);
    XDECREF(it);
    return r;
}

static MethodDef odict_methods[] = {
    {"move_to_end", odict_move_to_end, METH_FAST, "Move an existing element to the end (or beginning if last is false)."},
    {"popitem", odict_popitem, METH_FAST, "Remove and return a (key, value) pair from the dictionary."},
    {"copy", odict_copy, METH_NOARGS, "od.copy() -> a shallow copy of od"},
    {"__reversed__", odict_reversed, METH_NOARGS, "od.__reversed__() <==> reversed(od)"},
    {"setdefault", odict_setdefault, METH_FAST, "Insert key with a value of default if key is not in the dictionary."},
    {"__reduce__", odict_reduce, METH_NOARGS, "Return state information for pickling"},
    {NULL, NULL, 0, NULL},
};

static NumberMethods odict_as_number = {.or_ = odict_or, .inplace_or = odict_ior};

static void odict_dealloc(Obj *o)
{
    gc_untrack(o);
    weakref_on_dealloc(o);
    dict_type.dealloc(o);
}

TypeObj odict_type = {
    .base = TYPE_HEAD_INIT, .name = "collections.OrderedDict", .dealloc = odict_dealloc,
    .flags = TPF_GC | TPF_BASETYPE | TPF_MAPPING, .getattro = obj_generic_getattr,
    .repr = odict_repr, .richcompare = odict_richcompare, .init = odict_init,
    .as_number = &odict_as_number, .methods = odict_methods, .tp_base = &dict_type,
    .doc = "Dictionary that remembers insertion order",
};

/* ======================================================================
 * Counter (heap class over dict)
 * ====================================================================== */

static Obj *counter_cls;

static Obj *item1_key(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *t = args[0];
    if (!TUPLE_CHECK(t) || TUPLE_LEN(t) < 2) return obj_getitem(t, int_from_i64(1));
    return INCREF(TUPLE_ITEMS(t)[1]);
}
static const MethodDef item1_def = {"_count_key", item1_key, METH_O, NULL};

static int is_mapping(Obj *o)
{
    if (DICT_CHECK(o)) return 1;
    Obj *m = NULL;
    if (obj_lookup_attr((Obj *)OBJ_TYPE(o), id_str("keys"), &m) < 0) return -1;
    if (!m) return 0;
    DECREF(m);
    if (obj_lookup_attr((Obj *)OBJ_TYPE(o), id_str("__getitem__"), &m) < 0) return -1;
    if (!m) return 0;
    DECREF(m);
    return 1;
}

/* self.get(k, 0) for a Counter: the dict's own value. */
static Obj *cnt_get(Obj *self, Obj *k)
{
    Obj *v = dict_get_borrow(self, k);
    if (v) return INCREF(v);
    if (vm_err_occurred()) return NULL;
    return int_from_i64(0);
}

/* self[k] = self.get(k, 0) + delta (or - delta). */
static int cnt_add(Obj *self, Obj *k, Obj *delta, bool sub)
{
    Obj *cur = cnt_get(self, k);
    if (!cur) return -1;
    Obj *n = num_binary(cur, delta, sub ? NB_SUBTRACT : NB_ADD);
    DECREF(cur);
    if (!n) return -1;
    int r = obj_setitem(self, k, n);
    DECREF(n);
    return r;
}

static int cnt_update_common(Obj *self, Obj *iterable, bool sub)
{
    if (!iterable || iterable == NONE) return 0;
    int m = is_mapping(iterable);
    if (m < 0) return -1;
    if (m) {
        if (!sub && dict_len(self) == 0 && DICT_CHECK(iterable)) {
            /* dict.update(self, iterable) */
            return dict_update(self, iterable);
        }
        Obj *items = obj_call_method(iterable, "items", NULL, 0);
        Obj *it = items ? obj_getiter(items) : NULL;
        XDECREF(items);
        if (!it) return -1;
        Obj *kv;
        while ((kv = obj_iternext(it))) {
            int r = -1;
            if (TUPLE_CHECK(kv) && TUPLE_LEN(kv) == 2)
                r = cnt_add(self, TUPLE_ITEMS(kv)[0], TUPLE_ITEMS(kv)[1], sub);
            DECREF(kv);
            if (r < 0) {
                DECREF(it);
                return -1;
            }
        }
        DECREF(it);
        return vm_err_occurred() ? -1 : 0;
    }
    Obj *it = obj_getiter(iterable);
    if (it) {
        Obj *one = int_from_i64(1), *e;
        while ((e = obj_iternext(it))) {
            int r = cnt_add(self, e, one, sub);
            DECREF(e);
            if (r < 0) break;
        }
        DECREF(one);
        DECREF(it);
    }
    if (!vm_err_occurred()) return 0;
    /* Counter.update's _count_elements(self, iterable) */
    if (!sub) tbframe_push(&tbgen_collections, TBG_COLLECTIONS_COUNTER_UPDATE_COUNT);
    return -1;
}

static int cnt_kwds(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, bool sub)
{
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (!nkw) return 0;
    Obj *d = dict_new();
    if (!d) return -1;
    for (Ssize i = 0; i < nkw; i++)
        if (dict_set(d, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) {
            DECREF(d);
            return -1;
        }
    Obj *r = obj_call_method(self, sub ? "subtract" : "update", &d, 1);
    DECREF(d);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static Obj *cnt_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_count("update", nargs, 0, 1) < 0) return NULL;
    if (nargs == 1 && cnt_update_common(self, args[0], false) < 0) return NULL;
    if (cnt_kwds(self, args, nargs, kwnames, false) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *cnt_subtract(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_count("subtract", nargs, 0, 1) < 0) return NULL;
    if (nargs == 1 && cnt_update_common(self, args[0], true) < 0) return NULL;
    if (cnt_kwds(self, args, nargs, kwnames, true) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *cnt_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "Counter.__init__() takes from 1 to 2 positional arguments but %zd were given",
                      nargs + 1);
        return NULL;
    }
    Obj *r = obj_call_method(self, "update", args, nargs);
    if (!r) return tbframe_fail(&tbgen_collections, TBG_COLLECTIONS_COUNTER_INIT_UPDATE);
    if (kwnames && TUPLE_LEN(kwnames)) {
        DECREF(r);
        r = cnt_kwds(self, args, nargs, kwnames, false) < 0 ? NULL : INCREF(NONE);
    }
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *cnt_missing(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    return int_from_i64(0);
}

/* Counter.__reduce__: (self.__class__, (dict(self),)) */
static Obj *cnt_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *cls = obj_getattr(self, id_str("__class__"));
    Obj *d = cls ? dict_copy(self) : NULL;
    Obj *a = d ? tuple_pack(1, d) : NULL;
    Obj *r = a ? tuple_pack(2, cls, a) : NULL;
    XDECREF(cls);
    XDECREF(d);
    XDECREF(a);
    return r;
}

static Obj *cnt_total(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *acc = int_from_i64(0);
    Ssize pos = 0;
    Obj *k, *v;
    while (acc && dict_next(self, &pos, &k, &v)) {
        Obj *n = num_binary(acc, v, NB_ADD);
        DECREF(acc);
        acc = n;
    }
    return acc;
}

static Obj *sorted_items(Obj *self)
{
    Obj *items = dict_items_list(self);
    Obj *key = items ? builtin_new(&item1_def, NULL, NULL) : NULL;
    if (!key || list_sort(items, key, true) < 0) {
        XDECREF(key);
        XDECREF(items);
        return NULL;
    }
    DECREF(key);
    return items;
}

static Obj *cnt_most_common(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (args_parse("most_common", args, nargs, kwnames, names, 1, 0, 0, v) < 0) return NULL;
    Obj *items = sorted_items(self);
    if (!items || !v[0] || v[0] == NONE) return items;
    Ssize n = num_as_ssize(v[0], &exc_OverflowError);
    if (n == -1 && vm_err_occurred()) {
        DECREF(items);
        return NULL;
    }
    if (n < 0) n = 0;
    Obj *r = list_slice(items, 0, n);
    DECREF(items);
    return r;
}

static Obj *cnt_elements(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *l = list_new(0);
    Ssize pos = 0;
    Obj *k, *v;
    while (l && dict_next(self, &pos, &k, &v)) {
        Ssize n = num_as_ssize(v, &exc_OverflowError);
        if (n == -1 && vm_err_occurred()) {
            CLEAR(l);
            break;
        }
        for (Ssize i = 0; i < n; i++)
            if (list_append(l, k) < 0) {
                CLEAR(l);
                break;
            }
    }
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *cnt_fromkeys(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    vm_err_set_str(&exc_NotImplementedError,
                   "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.");
    return NULL;
}

static Obj *cnt_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return obj_call((Obj *)OBJ_TYPE(self), &self, 1, NULL);
}

static Obj *cnt_delitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    int c = dict_contains(self, args[0]);
    if (c < 0) return NULL;
    if (c && dict_del(self, args[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *cnt_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    const char *name = type_name(OBJ_TYPE(self));
    if (dict_len(self) == 0) return str_from_fmt("%s()", name);
    Obj *items = obj_call_method(self, "most_common", NULL, 0);
    if (!items) {
        if (!vm_err_matches(&exc_TypeError)) return NULL;
        vm_err_clear();
        Obj *dr = dict_type.repr(self);
        Obj *r = dr ? str_from_fmt("%s(%S)", name, dr) : NULL;
        XDECREF(dr);
        return r;
    }
    Obj *d = dict_new();
    for (Ssize i = 0; d && i < LIST_LEN(items); i++) {
        Obj *kv = LIST_ITEMS(items)[i];
        if (dict_set(d, TUPLE_ITEMS(kv)[0], TUPLE_ITEMS(kv)[1]) < 0) CLEAR(d);
    }
    DECREF(items);
    if (!d) return NULL;
    Obj *dr = obj_repr(d);
    DECREF(d);
    Obj *r = dr ? str_from_fmt("%s(%S)", name, dr) : NULL;
    XDECREF(dr);
    return r;
}

static int is_counter(Obj *o) { return counter_cls && type_is_subtype(OBJ_TYPE(o), (TypeObj *)counter_cls); }

static int gt_zero(Obj *v)
{
    Obj *z = int_from_i64(0);
    int r = obj_richcompare_bool(v, z, CMP_GT);
    DECREF(z);
    return r;
}

static int lt_zero(Obj *v)
{
    Obj *z = int_from_i64(0);
    int r = obj_richcompare_bool(v, z, CMP_LT);
    DECREF(z);
    return r;
}

enum { CNT_ADD, CNT_SUB, CNT_OR, CNT_AND };

static Obj *cnt_binop(Obj *self, Obj *other, int op)
{
    if (!is_counter(self) || !is_counter(other)) return INCREF(NOTIMPL);
    Obj *res = obj_call(counter_cls, NULL, 0, NULL);
    if (!res) return NULL;
    Obj *items = dict_items_list(self);
    if (!items) goto fail;
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *e = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *count = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        Obj *oc = obj_getitem(other, e);
        if (!oc) { DECREF(items); goto fail; }
        Obj *nc;
        if (op == CNT_ADD) nc = num_binary(count, oc, NB_ADD);
        else if (op == CNT_SUB) nc = num_binary(count, oc, NB_SUBTRACT);
        else {
            int lt = obj_richcompare_bool(count, oc, CMP_LT);
            nc = lt < 0 ? NULL : INCREF(op == CNT_OR ? (lt ? oc : count) : (lt ? count : oc));
        }
        DECREF(oc);
        int pos = nc ? gt_zero(nc) : -1;
        if (pos > 0 && obj_setitem(res, e, nc) < 0) pos = -1;
        XDECREF(nc);
        if (pos < 0) { DECREF(items); goto fail; }
    }
    DECREF(items);
    if (op == CNT_AND) return res;
    items = dict_items_list(other);
    if (!items) goto fail;
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *e = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *count = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        int in = dict_contains(self, e);
        if (in < 0) { DECREF(items); goto fail; }
        if (in) continue;
        int ok;
        if (op == CNT_SUB) {
            ok = lt_zero(count);
            if (ok > 0) {
                Obj *z = int_from_i64(0);
                Obj *neg = num_binary(z, count, NB_SUBTRACT);
                DECREF(z);
                ok = neg && obj_setitem(res, e, neg) == 0 ? 1 : -1;
                XDECREF(neg);
            }
        } else {
            ok = gt_zero(count);
            if (ok > 0 && obj_setitem(res, e, count) < 0) ok = -1;
        }
        if (ok < 0) { DECREF(items); goto fail; }
    }
    DECREF(items);
    return res;
fail:
    DECREF(res);
    return NULL;
}

static Obj *cnt_add_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_binop(s, a[0], CNT_ADD); }
static Obj *cnt_sub_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_binop(s, a[0], CNT_SUB); }
static Obj *cnt_or_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_binop(s, a[0], CNT_OR); }
static Obj *cnt_and_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_binop(s, a[0], CNT_AND); }

static Obj *cnt_unary(Obj *self, bool neg)
{
    Obj *res = obj_call(counter_cls, NULL, 0, NULL);
    Obj *items = res ? dict_items_list(self) : NULL;
    if (!items) {
        XDECREF(res);
        return NULL;
    }
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *e = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *count = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        int ok = neg ? lt_zero(count) : gt_zero(count);
        if (ok > 0) {
            Obj *v;
            if (neg) {
                Obj *z = int_from_i64(0);
                v = num_binary(z, count, NB_SUBTRACT);
                DECREF(z);
            } else {
                v = INCREF(count);
            }
            ok = v && obj_setitem(res, e, v) == 0 ? 1 : -1;
            XDECREF(v);
        }
        if (ok < 0) {
            DECREF(items);
            DECREF(res);
            return NULL;
        }
    }
    DECREF(items);
    return res;
}

static Obj *cnt_pos_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return cnt_unary(s, false); }
static Obj *cnt_neg_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; (void)n; (void)k; return cnt_unary(s, true); }

static Obj *keep_positive(Obj *self)
{
    Obj *items = dict_items_list(self);
    if (!items) return NULL;
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *e = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *count = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        int p = gt_zero(count);
        if (p < 0 || (p == 0 && dict_del(self, e) < 0)) {
            DECREF(items);
            return NULL;
        }
    }
    DECREF(items);
    return INCREF(self);
}

static Obj *cnt_inplace(Obj *self, Obj *other, int op)
{
    if (!is_counter(other)) return INCREF(NOTIMPL);
    Obj *items = dict_items_list(op == CNT_AND ? self : other);
    if (!items) return NULL;
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *e = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *count = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        int rc = 0;
        if (op == CNT_ADD || op == CNT_SUB) {
            Obj *cur = obj_getitem(self, e);
            Obj *n = cur ? num_binary(cur, count, op == CNT_ADD ? NB_ADD : NB_SUBTRACT) : NULL;
            XDECREF(cur);
            rc = n ? obj_setitem(self, e, n) : -1;
            XDECREF(n);
        } else if (op == CNT_OR) {
            Obj *cur = obj_getitem(self, e);
            int gt = cur ? obj_richcompare_bool(count, cur, CMP_GT) : -1;
            XDECREF(cur);
            rc = gt < 0 ? -1 : gt ? obj_setitem(self, e, count) : 0;
        } else {
            Obj *oc = obj_getitem(other, e);
            int lt = oc ? obj_richcompare_bool(oc, count, CMP_LT) : -1;
            rc = lt < 0 ? -1 : lt ? obj_setitem(self, e, oc) : 0;
            XDECREF(oc);
        }
        if (rc < 0) {
            DECREF(items);
            return NULL;
        }
    }
    DECREF(items);
    return keep_positive(self);
}

static Obj *cnt_iadd_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_inplace(s, a[0], CNT_ADD); }
static Obj *cnt_isub_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_inplace(s, a[0], CNT_SUB); }
static Obj *cnt_ior_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_inplace(s, a[0], CNT_OR); }
static Obj *cnt_iand_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_inplace(s, a[0], CNT_AND); }

/* all(self[e] OP other[e] for c in (self, other) for e in c) */
static int cnt_all(Obj *self, Obj *other, int op)
{
    Obj *both[2] = {self, other};
    for (int j = 0; j < 2; j++) {
        Obj *keys = dict_keys_list(both[j]);
        if (!keys) return -1;
        for (Ssize i = 0; i < LIST_LEN(keys); i++) {
            Obj *e = LIST_ITEMS(keys)[i];
            Obj *a = obj_getitem(self, e), *b = a ? obj_getitem(other, e) : NULL;
            int r = b ? obj_richcompare_bool(a, b, op) : -1;
            XDECREF(a);
            XDECREF(b);
            if (r <= 0) {
                DECREF(keys);
                return r;
            }
        }
        DECREF(keys);
    }
    return 1;
}

static Obj *cnt_compare(Obj *self, Obj *other, int op)
{
    if (!is_counter(other)) return INCREF(NOTIMPL);
    int r;
    switch (op) {
    case CMP_EQ: r = cnt_all(self, other, CMP_EQ); break;
    case CMP_NE: r = cnt_all(self, other, CMP_EQ); if (r >= 0) r = !r; break;
    case CMP_LE: r = cnt_all(self, other, CMP_LE); break;
    case CMP_GE: r = cnt_all(self, other, CMP_GE); break;
    case CMP_LT:
    case CMP_GT:
        r = cnt_all(self, other, op == CMP_LT ? CMP_LE : CMP_GE);
        if (r > 0) {
            r = cnt_all(self, other, CMP_EQ);
            if (r >= 0) r = !r;
        }
        break;
    default: r = -1;
    }
    return r < 0 ? NULL : bool_from(r);
}

static Obj *cnt_eq_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_compare(s, a[0], CMP_EQ); }
static Obj *cnt_ne_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_compare(s, a[0], CMP_NE); }
static Obj *cnt_le_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_compare(s, a[0], CMP_LE); }
static Obj *cnt_lt_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_compare(s, a[0], CMP_LT); }
static Obj *cnt_ge_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_compare(s, a[0], CMP_GE); }
static Obj *cnt_gt_m(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return cnt_compare(s, a[0], CMP_GT); }

static const MethodDef counter_methods[] = {
    {"__init__", cnt_init, METH_FAST, NULL},
    {"__missing__", cnt_missing, METH_O, "The count of elements not in the Counter is zero."},
    {"total", cnt_total, METH_NOARGS, "Sum of the counts"},
    {"__reduce__", cnt_reduce, METH_NOARGS, NULL},
    {"most_common", cnt_most_common, METH_FAST, "List the n most common elements and their counts from the most\ncommon to the least."},
    {"elements", cnt_elements, METH_NOARGS, "Iterator over elements repeating each as many times as its count."},
    {"fromkeys", cnt_fromkeys, METH_FAST | METH_CLASS, NULL},
    {"update", cnt_update, METH_FAST, "Like dict.update() but add counts instead of replacing them."},
    {"subtract", cnt_subtract, METH_FAST, "Like dict.update() but subtracts counts instead of replacing them."},
    {"copy", cnt_copy, METH_NOARGS, "Return a shallow copy."},
    {"__delitem__", cnt_delitem, METH_O, "Like dict.__delitem__() but does not raise KeyError for missing values."},
    {"__repr__", cnt_repr, METH_NOARGS, NULL},
    {"__add__", cnt_add_m, METH_O, NULL},
    {"__sub__", cnt_sub_m, METH_O, NULL},
    {"__or__", cnt_or_m, METH_O, NULL},
    {"__and__", cnt_and_m, METH_O, NULL},
    {"__pos__", cnt_pos_m, METH_NOARGS, NULL},
    {"__neg__", cnt_neg_m, METH_NOARGS, NULL},
    {"__iadd__", cnt_iadd_m, METH_O, NULL},
    {"__isub__", cnt_isub_m, METH_O, NULL},
    {"__ior__", cnt_ior_m, METH_O, NULL},
    {"__iand__", cnt_iand_m, METH_O, NULL},
    {"__eq__", cnt_eq_m, METH_O, NULL},
    {"__ne__", cnt_ne_m, METH_O, NULL},
    {"__le__", cnt_le_m, METH_O, NULL},
    {"__lt__", cnt_lt_m, METH_O, NULL},
    {"__ge__", cnt_ge_m, METH_O, NULL},
    {"__gt__", cnt_gt_m, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* ======================================================================
 * namedtuple
 * ====================================================================== */

typedef struct TupleGetterObj { Obj base; Ssize index; Obj *doc; } TupleGetterObj;
TypeObj tuplegetter_type;

static Obj *tg_get(Obj *self, Obj *obj, Obj *type)
{
    (void)type;
    TupleGetterObj *g = (TupleGetterObj *)self;
    if (!obj || obj == NONE) return INCREF(self);
    if (!TUPLE_CHECK(obj)) {
        vm_err_format(&exc_TypeError, "descriptor for index '%zd' for tuple subclasses doesn't apply to '%s' object",
                      g->index, type_name(OBJ_TYPE(obj)));
        return NULL;
    }
    if (g->index >= TUPLE_LEN(obj)) {
        vm_err_set_str(&exc_IndexError, "tuple index out of range");
        return NULL;
    }
    return INCREF(TUPLE_ITEMS(obj)[g->index]);
}

static int tg_set(Obj *self, Obj *obj, Obj *value)
{
    (void)self; (void)obj;
    vm_err_set_str(&exc_AttributeError, value ? "can't set attribute" : "can't delete attribute");
    return -1;
}

static Obj *tg_repr(Obj *self)
{
    TupleGetterObj *g = (TupleGetterObj *)self;
    return str_from_fmt("%s(%zd, %R)", "_tuplegetter", g->index, g->doc ? g->doc : NONE);
}

static void tg_dealloc(Obj *o)
{
    XDECREF(((TupleGetterObj *)o)->doc);
    obj_free(o);
}

static Obj *tg_get_doc(Obj *o, void *c)
{
    (void)c;
    Obj *d = ((TupleGetterObj *)o)->doc;
    return INCREF(d ? d : NONE);
}

static int tg_set_doc(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&((TupleGetterObj *)o)->doc, xincref(v));
    return 0;
}

static GetSetDef tg_getset[] = {
    {"__doc__", tg_get_doc, tg_set_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj tuplegetter_type = {
    .base = TYPE_HEAD_INIT, .name = "_collections._tuplegetter",
    .basicsize = sizeof(TupleGetterObj), .getattro = obj_generic_getattr, .dealloc = tg_dealloc,
    .repr = tg_repr, .descr_get = tg_get, .descr_set = tg_set, .getset = tg_getset,
};

static Obj *tuplegetter_new(Ssize i, Obj *doc)
{
    TupleGetterObj *g = (TupleGetterObj *)obj_alloc(&tuplegetter_type, 0);
    if (!g) return NULL;
    g->index = i;
    g->doc = xincref(doc);
    return (Obj *)g;
}

/* The info tuple bound to a class's __new__: (qualname "Point.__new__",
 * field names, defaults tuple or None). */
static Obj *nt_new(Obj *info, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Ssize n;
    const char *fname = str_utf8(TUPLE_ITEMS(info)[0], &n);
    Obj *fields = TUPLE_ITEMS(info)[1], *defaults = TUPLE_ITEMS(info)[2];
    Ssize nf = TUPLE_LEN(fields), nd = defaults == NONE ? 0 : TUPLE_LEN(defaults);
    if (nargs < 1) {
        /* like any Python function: every missing required argument named */
        Obj *missing[65];
        Ssize nmiss = 0;
        missing[nmiss++] = id_str("_cls");
        for (Ssize i = 0; i < nf - nd && nmiss < 65; i++) {
            bool given = false;
            for (Ssize k = 0; kwnames && k < TUPLE_LEN(kwnames); k++)
                if (str_eq(TUPLE_ITEMS(kwnames)[k], TUPLE_ITEMS(fields)[i])) given = true;
            if (!given) missing[nmiss++] = TUPLE_ITEMS(fields)[i];
        }
        args_err_missing(fname, missing, nmiss, false);
        return NULL;
    }
    Obj *cls = args[0];
    Ssize npos = nargs - 1;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (npos > nf) {
        args_err_too_many_positional(fname, nf - nd + 1, nf + 1, npos + 1, 0);
        return NULL;
    }
    Obj *vals = tuple_new(nf);
    if (!vals) return NULL;
    for (Ssize i = 0; i < npos; i++) TUPLE_ITEMS(vals)[i] = INCREF(args[1 + i]);
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        Ssize i;
        for (i = 0; i < nf; i++)
            if (str_eq(kn, TUPLE_ITEMS(fields)[i])) break;
        if (i == nf) {
            if (str_eq_cstr(kn, "_cls"))
                args_err_multiple_values(fname, kn);
            else
                args_err_unexpected_kw(fname, kn);
            DECREF(vals);
            return NULL;
        }
        if (TUPLE_ITEMS(vals)[i]) {
            args_err_multiple_values(fname, kn);
            DECREF(vals);
            return NULL;
        }
        TUPLE_ITEMS(vals)[i] = INCREF(args[nargs + k]);
    }
    Obj *missing[64];
    Ssize nmiss = 0;
    for (Ssize i = 0; i < nf; i++) {
        if (TUPLE_ITEMS(vals)[i]) continue;
        if (i >= nf - nd) {
            TUPLE_ITEMS(vals)[i] = INCREF(TUPLE_ITEMS(defaults)[i - (nf - nd)]);
        } else if (nmiss < 64) {
            missing[nmiss++] = TUPLE_ITEMS(fields)[i];
        }
    }
    if (nmiss) {
        args_err_missing(fname, missing, nmiss, false);
        DECREF(vals);
        return NULL;
    }
    /* tuple.__new__'s own checks of cls, which new_ trusts its caller for */
    if (!TYPE_CHECK(cls)) {
        vm_err_format(&exc_TypeError, "tuple.__new__(X): X is not a type object (%s)",
                      OBJ_TYPE(cls)->name);
        DECREF(vals);
        return NULL;
    }
    if (!type_is_subtype((TypeObj *)cls, &tuple_type)) {
        vm_err_format(&exc_TypeError, "tuple.__new__(%s): %s is not a subtype of tuple",
                      ((TypeObj *)cls)->name, ((TypeObj *)cls)->name);
        DECREF(vals);
        return NULL;
    }
    Obj *r = tuple_type.new_((TypeObj *)cls, &vals, 1, NULL);
    DECREF(vals);
    return r;
}
static const MethodDef nt_new_def = {"__new__", nt_new, METH_FAST, "Create new instance"};

static Obj *nt_make(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"cls", "iterable"};
    Obj *v[2];
    if (args_parse("_make", args, nargs, kwnames, names, 2, 0, 2, v) < 0) return NULL;
    Obj *fields = obj_getattr_str(v[0], "_fields");
    if (!fields) return NULL;
    Obj *r = tuple_type.new_((TypeObj *)v[0], &v[1], 1, NULL);
    if (r && TUPLE_CHECK(fields) && TUPLE_LEN(r) != TUPLE_LEN(fields)) {
        vm_err_format(&exc_TypeError, "Expected %zd arguments, got %zd", TUPLE_LEN(fields), TUPLE_LEN(r));
        tbframe_push(&tbgen_collections, TBG_COLLECTIONS_NAMEDTUPLE_MAKE);
        CLEAR(r);
    }
    DECREF(fields);
    return r;
}

static Obj *nt_replace(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (nargs > 0) {
        vm_err_format(&exc_TypeError, "%s._replace() takes 1 positional argument but %zd were given",
                      type_name(OBJ_TYPE(self)), nargs + 1);
        return NULL;
    }
    Obj *fields = obj_getattr_str(self, "_fields");
    if (!fields) return NULL;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    Obj *kw = dict_new();
    for (Ssize i = 0; kw && i < nkw; i++)
        if (dict_set(kw, TUPLE_ITEMS(kwnames)[i], args[i]) < 0) CLEAR(kw);
    Obj *vals = kw ? list_new(0) : NULL;
    Ssize nf = TUPLE_CHECK(fields) ? TUPLE_LEN(fields) : 0;
    for (Ssize i = 0; vals && i < nf && i < TUPLE_LEN(self); i++) {
        Obj *v;
        int f = dict_pop_opt(kw, TUPLE_ITEMS(fields)[i], &v);
        if (f < 0) { CLEAR(vals); break; }
        if (!f) v = INCREF(TUPLE_ITEMS(self)[i]);
        if (list_append(vals, v) < 0) CLEAR(vals);
        DECREF(v);
    }
    DECREF(fields);
    Obj *r = NULL;
    if (vals) r = obj_call_method((Obj *)OBJ_TYPE(self), "_make", &vals, 1);
    XDECREF(vals);
    if (r && dict_len(kw) > 0) {
        Obj *keys = dict_keys_list(kw);
        if (keys) vm_err_format(&exc_ValueError, "Got unexpected field names: %R", keys);
        XDECREF(keys);
        tbframe_push(&tbgen_collections, TBG_COLLECTIONS_NAMEDTUPLE_REPLACE);
        CLEAR(r);
    }
    XDECREF(kw);
    return r;
}

static Obj *nt_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *fields = obj_getattr_str((Obj *)OBJ_TYPE(self), "_fields");
    if (!fields) return NULL;
    int r = repr_enter(self);
    if (r != 0) {
        DECREF(fields);
        return r > 0 ? str_from_cstr("...") : NULL;
    }
    SBuf b = SBUF_INIT;
    Obj *name = obj_getattr_str((Obj *)OBJ_TYPE(self), "__name__");
    Obj *res = NULL;
    if (name) {
        Ssize n;
        const char *u = str_utf8_lossy(name, &n);
        sbuf_put(&b, u, (size_t)n);
        sbuf_putc(&b, '(');
        Ssize nf = TUPLE_CHECK(fields) ? TUPLE_LEN(fields) : 0;
        bool ok = true;
        for (Ssize i = 0; i < nf && i < TUPLE_LEN(self); i++) {
            Obj *vr = obj_repr(TUPLE_ITEMS(self)[i]);
            if (!vr) { ok = false; break; }
            if (i) sbuf_puts(&b, ", ");
            u = str_utf8_lossy(TUPLE_ITEMS(fields)[i], &n);
            sbuf_put(&b, u, (size_t)n);
            sbuf_putc(&b, '=');
            u = str_utf8_lossy(vr, &n);
            sbuf_put(&b, u, (size_t)n);
            DECREF(vr);
        }
        sbuf_putc(&b, ')');
        if (ok) res = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
        DECREF(name);
    }
    sbuf_free(&b);
    repr_leave(self);
    DECREF(fields);
    return res;
}

static Obj *nt_asdict(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *fields = obj_getattr_str(self, "_fields");
    if (!fields) return NULL;
    Obj *d = dict_new();
    Ssize nf = TUPLE_CHECK(fields) ? TUPLE_LEN(fields) : 0;
    for (Ssize i = 0; d && i < nf && i < TUPLE_LEN(self); i++)
        if (dict_set(d, TUPLE_ITEMS(fields)[i], TUPLE_ITEMS(self)[i]) < 0) CLEAR(d);
    DECREF(fields);
    return d;
}

static Obj *nt_getnewargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return tuple_slice(self, 0, TUPLE_LEN(self));
}

static const MethodDef nt_methods[] = {
    {"_make", nt_make, METH_FAST | METH_CLASS, "Make a new object from a sequence or iterable"},
    {"_replace", nt_replace, METH_FAST, "Return a new object replacing specified fields with new values"},
    {"__repr__", nt_repr, METH_NOARGS, "Return a nicely formatted representation string"},
    {"_asdict", nt_asdict, METH_NOARGS, "Return a new dict which maps field names to their values."},
    {"__getnewargs__", nt_getnewargs, METH_NOARGS, "Return self as a plain tuple.  Used by copy and pickle."},
    {NULL, NULL, 0, NULL},
};

static bool is_keyword(Obj *s)
{
    static const char *const kws[] = {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield", NULL};
    for (int i = 0; kws[i]; i++)
        if (str_eq_cstr(s, kws[i])) return true;
    return false;
}

static Obj *namedtuple(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"typename", "field_names", "rename", "defaults", "module"};
    Obj *v[5];
    if (nargs > 2) {
        vm_err_format(&exc_TypeError, "namedtuple() takes 2 positional arguments but %zd were given", nargs);
        return NULL;
    }
    if (args_parse("namedtuple", args, nargs, kwnames, names, 5, 0, 2, v) < 0) return NULL;
    Obj *typename = v[0], *fn = v[1];
    int rename = 0;
    if (v[2] && (rename = obj_is_true(v[2])) < 0) return NULL;
    Obj *fields = NULL, *cls = NULL, *ns = NULL, *defaults = NULL, *fdefaults = NULL;
    if (STR_CHECK(fn)) {
        Obj *comma = str_from_cstr(","), *space = str_from_cstr(" ");
        Obj *rep = comma && space ? obj_call_method(fn, "replace", (Obj *[]){comma, space}, 2) : NULL;
        XDECREF(comma);
        XDECREF(space);
        fn = rep ? obj_call_method(rep, "split", NULL, 0) : NULL;
        XDECREF(rep);
    } else {
        fn = seq_to_list(fn);
        if (!fn) return tbframe_fail(&tbgen_collections, TBG_COLLECTIONS_NAMEDTUPLE_FIELDS);
    }
    if (!fn) return NULL;
    Obj *l = list_new(0);
    for (Ssize i = 0; l && i < LIST_LEN(fn); i++) {
        Obj *s = obj_str(LIST_ITEMS(fn)[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    DECREF(fn);
    if (!l) return NULL;
    Obj *tn = obj_str(typename);
    if (!tn) goto fail;
    if (rename) {
        Obj *seen = set_new(NULL);
        for (Ssize i = 0; seen && i < LIST_LEN(l); i++) {
            Obj *name = LIST_ITEMS(l)[i];
            int in = set_contains(seen, name);
            Ssize n;
            const char *u = str_utf8_lossy(name, &n);
            if (in < 0) { CLEAR(seen); break; }
            if (!str_isidentifier(name) || is_keyword(name) || (n > 0 && u[0] == '_') || in) {
                Obj *nn = str_from_fmt("_%zd", i);
                if (!nn) { CLEAR(seen); break; }
                obj_setref(&LIST_ITEMS(l)[i], nn);
            }
            if (set_add(seen, LIST_ITEMS(l)[i]) < 0) CLEAR(seen);
        }
        if (!seen) goto fail;
        DECREF(seen);
    }
    for (Ssize i = -1; i < LIST_LEN(l); i++) {
        Obj *name = i < 0 ? tn : LIST_ITEMS(l)[i];
        if (!str_isidentifier(name)) {
            vm_err_format(&exc_ValueError, "Type names and field names must be valid identifiers: %R", name);
            tbframe_push(&tbgen_collections, TBG_COLLECTIONS_NAMEDTUPLE_IDENTIFIER);
            goto fail;
        }
        if (is_keyword(name)) {
            vm_err_format(&exc_ValueError, "Type names and field names cannot be a keyword: %R", name);
            tbframe_push(&tbgen_collections, TBG_COLLECTIONS_NAMEDTUPLE_KEYWORD);
            goto fail;
        }
    }
    {
        Obj *seen = set_new(NULL);
        for (Ssize i = 0; seen && i < LIST_LEN(l); i++) {
            Obj *name = LIST_ITEMS(l)[i];
            Ssize n;
            const char *u = str_utf8_lossy(name, &n);
            if (!rename && n > 0 && u[0] == '_') {
                vm_err_format(&exc_ValueError, "Field names cannot start with an underscore: %R", name);
                tbframe_push(&tbgen_collections, TBG_COLLECTIONS_NAMEDTUPLE_UNDERSCORE);
                CLEAR(seen);
                break;
            }
            int in = set_contains(seen, name);
            if (in) {
                if (in > 0) {
                    vm_err_format(&exc_ValueError, "Encountered duplicate field name: %R", name);
                    tbframe_push(&tbgen_collections, TBG_COLLECTIONS_NAMEDTUPLE_DUPLICATE);
                }
                CLEAR(seen);
                break;
            }
            if (set_add(seen, name) < 0) CLEAR(seen);
        }
        if (!seen) goto fail;
        DECREF(seen);
    }
    fields = list_as_tuple(l);
    if (!fields) goto fail;
    Ssize nf = TUPLE_LEN(fields);
    fdefaults = dict_new();
    if (!fdefaults) goto fail;
    if (v[3] && v[3] != NONE) {
        defaults = seq_to_tuple(v[3]);
        if (!defaults) goto fail;
        if (TUPLE_LEN(defaults) > nf) {
            vm_err_set_str(&exc_TypeError, "Got more default values than field names");
            tbframe_push(&tbgen_collections, TBG_COLLECTIONS_NAMEDTUPLE_DEFAULTS);
            goto fail;
        }
        for (Ssize i = 0; i < TUPLE_LEN(defaults); i++)
            if (dict_set(fdefaults, TUPLE_ITEMS(fields)[nf - TUPLE_LEN(defaults) + i],
                         TUPLE_ITEMS(defaults)[i]) < 0)
                goto fail;
    }
    ns = dict_new();
    if (!ns) goto fail;
    {
        /* doc 'Point(x, y)' */
        SBuf b = SBUF_INIT;
        Ssize n;
        const char *u = str_utf8_lossy(tn, &n);
        sbuf_put(&b, u, (size_t)n);
        sbuf_putc(&b, '(');
        for (Ssize i = 0; i < nf; i++) {
            if (i) sbuf_puts(&b, ", ");
            u = str_utf8_lossy(TUPLE_ITEMS(fields)[i], &n);
            sbuf_put(&b, u, (size_t)n);
        }
        sbuf_putc(&b, ')');
        Obj *doc = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
        sbuf_free(&b);
        Obj *empty = tuple_new(0);
        int rc = doc && empty ? 0 : -1;
        if (rc == 0) rc = dict_set_str(ns, "__doc__", doc);
        if (rc == 0) rc = dict_set_str(ns, "__slots__", empty);
        if (rc == 0) rc = dict_set_str(ns, "_fields", fields);
        if (rc == 0) rc = dict_set_str(ns, "_field_defaults", fdefaults);
        if (rc == 0) rc = dict_set_str(ns, "__match_args__", fields);
        XDECREF(doc);
        XDECREF(empty);
        if (rc < 0) goto fail;
        Obj *module = v[4];
        if (module && module != NONE && dict_set_str(ns, "__module__", module) < 0) goto fail;
        if ((!module || module == NONE) && vm->frame && vm->frame->globals) {
            Obj *mn = dict_get_str_borrow(vm->frame->globals, "__name__");
            if (mn && dict_set_str(ns, "__module__", mn) < 0) goto fail;
        }
        for (Ssize i = 0; i < nf; i++) {
            Obj *gdoc = str_from_fmt("Alias for field number %zd", i);
            Obj *g = gdoc ? tuplegetter_new(i, gdoc) : NULL;
            XDECREF(gdoc);
            if (!g || dict_set(ns, TUPLE_ITEMS(fields)[i], g) < 0) {
                XDECREF(g);
                goto fail;
            }
            DECREF(g);
        }
    }
    {
        Obj *bases = tuple_pack(1, (Obj *)&tuple_type);
        cls = bases ? type_new_class(&type_type, tn, bases, ns, NULL) : NULL;
        XDECREF(bases);
        if (!cls) goto fail;
        if (mu_add_methods((TypeObj *)cls, nt_methods) < 0) goto fail;
        Obj *qn = str_from_fmt("%S.__new__", tn);
        Obj *info = qn ? tuple_pack(3, qn, fields, defaults ? defaults : NONE) : NULL;
        XDECREF(qn);
        Obj *b = info ? builtin_new(&nt_new_def, info, NULL) : NULL;
        XDECREF(info);
        Obj *sm = b ? obj_call((Obj *)&staticmethod_type, &b, 1, NULL) : NULL;
        XDECREF(b);
        if (mu_type_set((TypeObj *)cls, "__new__", sm) < 0) goto fail;
    }
    DECREF(l);
    DECREF(tn);
    DECREF(fields);
    DECREF(ns);
    XDECREF(defaults);
    DECREF(fdefaults);
    return cls;
fail:
    XDECREF(l);
    XDECREF(tn);
    XDECREF(fields);
    XDECREF(cls);
    XDECREF(ns);
    XDECREF(defaults);
    XDECREF(fdefaults);
    return NULL;
}

/* ======================================================================
 * ChainMap (heap class; maps is an instance attribute)
 * ====================================================================== */

static Obj *chainmap_cls;

static Obj *cm_maps(Obj *self)
{
    Obj *m = obj_getattr_str(self, "maps");
    if (m && !LIST_CHECK(m)) {
        Obj *l = seq_to_list(m);
        DECREF(m);
        return l;
    }
    return m;
}

static Obj *cm_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("ChainMap", kwnames) < 0) return NULL;
    Obj *l = nargs ? list_from_array(args, nargs) : NULL;
    if (!nargs) {
        Obj *d = dict_new();
        l = d ? list_from_array(&d, 1) : NULL;
        XDECREF(d);
    }
    if (!l) return NULL;
    int r = obj_setattr(self, id_str("maps"), l);
    DECREF(l);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *cm_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *maps = cm_maps(self);
    if (!maps) return NULL;
    for (Ssize i = 0; i < LIST_LEN(maps); i++) {
        Obj *v = obj_getitem(LIST_ITEMS(maps)[i], args[0]);
        if (v) {
            DECREF(maps);
            return v;
        }
        if (!vm_err_matches(&exc_KeyError)) {
            DECREF(maps);
            return NULL;
        }
        vm_err_clear();
    }
    DECREF(maps);
    return obj_call_method(self, "__missing__", args, 1);
}

static Obj *cm_missing(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    vm_err_set_key(args[0]);
    return NULL;
}

static Obj *cm_contains_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *maps = cm_maps(self);
    if (!maps) return NULL;
    for (Ssize i = 0; i < LIST_LEN(maps); i++) {
        int r = obj_contains(LIST_ITEMS(maps)[i], args[0]);
        if (r) {
            DECREF(maps);
            return r < 0 ? NULL : bool_from(true);
        }
    }
    DECREF(maps);
    return bool_from(false);
}

static Obj *cm_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("get", kw) < 0 || args_count("get", nargs, 1, 2) < 0) return NULL;
    Obj *c = cm_contains_m(self, args, 1, NULL);
    if (!c) return NULL;
    bool in = c == TRUE_;
    DECREF(c);
    if (in) return obj_getitem(self, args[0]);
    return INCREF(nargs > 1 ? args[1] : NONE);
}

/* dict of the keys in lookup order (later maps first, as CPython builds it). */
static Obj *cm_merged_keys(Obj *self)
{
    Obj *maps = cm_maps(self);
    if (!maps) return NULL;
    Obj *d = dict_new();
    for (Ssize i = LIST_LEN(maps) - 1; d && i >= 0; i--) {
        Obj *it = obj_getiter(LIST_ITEMS(maps)[i]), *k;
        if (!it) { CLEAR(d); break; }
        while ((k = obj_iternext(it))) {
            if (dict_set(d, k, NONE) < 0) { DECREF(k); break; }
            DECREF(k);
        }
        DECREF(it);
        if (vm_err_occurred()) CLEAR(d);
    }
    DECREF(maps);
    return d;
}

static Obj *cm_len(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *d = cm_merged_keys(self);
    if (!d) return NULL;
    Obj *r = int_from_i64(dict_len(d));
    DECREF(d);
    return r;
}

static Obj *cm_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *d = cm_merged_keys(self);
    if (!d) return NULL;
    Obj *r = obj_getiter(d);
    DECREF(d);
    return r;
}

static Obj *cm_bool(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *maps = cm_maps(self);
    if (!maps) return NULL;
    for (Ssize i = 0; i < LIST_LEN(maps); i++) {
        int t = obj_is_true(LIST_ITEMS(maps)[i]);
        if (t) {
            DECREF(maps);
            return t < 0 ? NULL : bool_from(true);
        }
    }
    DECREF(maps);
    return bool_from(false);
}

static Obj *cm_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    int rr = repr_enter(self);
    if (rr != 0) return rr > 0 ? str_from_cstr("...") : NULL;
    Obj *maps = cm_maps(self);
    Obj *res = NULL;
    if (maps) {
        SBuf b = SBUF_INIT;
        sbuf_puts(&b, type_name(OBJ_TYPE(self)));
        sbuf_putc(&b, '(');
        bool ok = true;
        for (Ssize i = 0; i < LIST_LEN(maps); i++) {
            Obj *r = obj_repr(LIST_ITEMS(maps)[i]);
            if (!r) { ok = false; break; }
            Ssize n;
            const char *u = str_utf8_lossy(r, &n);
            if (i) sbuf_puts(&b, ", ");
            sbuf_put(&b, u, (size_t)n);
            DECREF(r);
        }
        sbuf_putc(&b, ')');
        if (ok) res = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
        sbuf_free(&b);
        DECREF(maps);
    }
    repr_leave(self);
    return res;
}

static Obj *cm_first(Obj *self, Obj **maps_out)
{
    Obj *maps = cm_maps(self);
    if (!maps) return NULL;
    if (LIST_LEN(maps) == 0) {
        DECREF(maps);
        vm_err_set_str(&exc_IndexError, "list index out of range");
        return NULL;
    }
    Obj *f = INCREF(LIST_ITEMS(maps)[0]);
    if (maps_out) *maps_out = maps;
    else DECREF(maps);
    return f;
}

static Obj *cm_setitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "value"};
    Obj *v[2];
    if (mh_bind_m("ChainMap.__setitem__", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *f = cm_first(self, NULL);
    if (!f) return NULL;
    int r = obj_setitem(f, v[0], v[1]);
    DECREF(f);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *cm_delitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *f = cm_first(self, NULL);
    if (!f) return NULL;
    int r = obj_delitem(f, args[0]);
    DECREF(f);
    if (r < 0) {
        if (vm_err_matches(&exc_KeyError)) {
            vm_err_clear();
            vm_err_format(&exc_KeyError, "Key not found in the first mapping: %R", args[0]);
        }
        return NULL;
    }
    return INCREF(NONE);
}

static Obj *cm_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("pop", kw) < 0 || args_count("pop", nargs, 1, 2) < 0) return NULL;
    Obj *f = cm_first(self, NULL);
    if (!f) return NULL;
    Obj *r = obj_call_method(f, "pop", args, 1);
    DECREF(f);
    if (!r && vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
        if (nargs > 1) return INCREF(args[1]);
        vm_err_format(&exc_KeyError, "Key not found in the first mapping: %R", args[0]);
    }
    return r;
}

static Obj *cm_popitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *f = cm_first(self, NULL);
    if (!f) return NULL;
    Obj *r = obj_call_method(f, "popitem", NULL, 0);
    DECREF(f);
    if (!r && vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
        vm_err_set_str(&exc_KeyError, "No keys found in the first mapping.");
    }
    return r;
}

static Obj *cm_clear(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *f = cm_first(self, NULL);
    if (!f) return NULL;
    Obj *r = obj_call_method(f, "clear", NULL, 0);
    DECREF(f);
    return r;
}

static Obj *cm_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *maps = NULL;
    Obj *f = cm_first(self, &maps);
    if (!f) return NULL;
    Obj *fc = obj_call_method(f, "copy", NULL, 0);
    DECREF(f);
    if (!fc) {
        DECREF(maps);
        return NULL;
    }
    obj_setref(&LIST_ITEMS(maps)[0], fc);
    Obj *t = list_as_tuple(maps);
    DECREF(maps);
    if (!t) return NULL;
    Obj *r = obj_call((Obj *)OBJ_TYPE(self), TUPLE_ITEMS(t), TUPLE_LEN(t), NULL);
    DECREF(t);
    return r;
}

static Obj *cm_new_child(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_count("new_child", nargs, 0, 1) < 0) return NULL;
    Obj *m = nargs && args[0] != NONE ? INCREF(args[0]) : dict_new();
    if (!m) return NULL;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    if (nkw) {
        Obj *d = dict_new();
        for (Ssize i = 0; d && i < nkw; i++)
            if (dict_set(d, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) CLEAR(d);
        Obj *r = d ? obj_call_method(m, "update", &d, 1) : NULL;
        XDECREF(d);
        if (!r) {
            DECREF(m);
            return NULL;
        }
        DECREF(r);
    }
    Obj *maps = cm_maps(self);
    if (!maps) {
        DECREF(m);
        return NULL;
    }
    Obj *all = list_new(0);
    if (all && (list_append(all, m) < 0 || list_extend(all, maps) < 0)) CLEAR(all);
    DECREF(m);
    DECREF(maps);
    if (!all) return NULL;
    Obj *r = obj_call((Obj *)OBJ_TYPE(self), LIST_ITEMS(all), LIST_LEN(all), NULL);
    DECREF(all);
    return r;
}

static Obj *cm_parents(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *inst = self ? self : args[0];
    Obj *maps = cm_maps(inst);
    if (!maps) return NULL;
    Obj *r = obj_call((Obj *)OBJ_TYPE(inst), LIST_ITEMS(maps) + (LIST_LEN(maps) > 0),
                      LIST_LEN(maps) > 0 ? LIST_LEN(maps) - 1 : 0, NULL);
    DECREF(maps);
    return r;
}
static const MethodDef cm_parents_def = {"parents", cm_parents, METH_O, "New ChainMap from maps[1:]."};

static Obj *cm_keys(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *d = cm_merged_keys(self);
    if (!d) return NULL;
    Obj *r = obj_call_method(d, "keys", NULL, 0);
    DECREF(d);
    return r;
}

static Obj *cm_items_common(Obj *self, bool values)
{
    Obj *d = cm_merged_keys(self);
    if (!d) return NULL;
    Obj *keys = dict_keys_list(d);
    for (Ssize i = 0; keys && i < LIST_LEN(keys); i++) {
        Obj *v = obj_getitem(self, LIST_ITEMS(keys)[i]);
        if (!v || dict_set(d, LIST_ITEMS(keys)[i], v) < 0) {
            XDECREF(v);
            CLEAR(keys);
            break;
        }
        DECREF(v);
    }
    Obj *r = keys ? obj_call_method(d, values ? "values" : "items", NULL, 0) : NULL;
    XDECREF(keys);
    DECREF(d);
    return r;
}

static Obj *cm_items(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return cm_items_common(self, false);
}

static Obj *cm_values(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return cm_items_common(self, true);
}

static Obj *cm_ior(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *f = cm_first(self, NULL);
    if (!f) return NULL;
    Obj *r = obj_call_method(f, "update", args, 1);
    DECREF(f);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(self);
}

static Obj *cm_or(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (!DICT_CHECK(args[0]) && !is_mapping(args[0])) return INCREF(NOTIMPL);
    Obj *m = cm_copy(self, NULL, 0, NULL);
    if (!m) return NULL;
    Obj *r = cm_ior(m, args, 1, NULL);
    DECREF(m);
    return r;
}

static Obj *cm_fromkeys(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (nargs < 2 || nargs > 3) {
        vm_err_format(&exc_TypeError, "fromkeys expected 1 or 2 arguments, got %zd", nargs - 1);
        return NULL;
    }
    Obj *a[2] = {args[1], nargs > 2 ? args[2] : NONE};
    Obj *d = dict_new();
    Obj *r = d ? obj_call_method((Obj *)&dict_type, "fromkeys", a, 2) : NULL;
    XDECREF(d);
    if (!r) return NULL;
    Obj *res = obj_call(args[0], &r, 1, NULL);
    DECREF(r);
    return res;
}

static const MethodDef chainmap_methods[] = {
    {"__init__", cm_init, METH_FAST, NULL},
    {"__missing__", cm_missing, METH_O, NULL},
    {"__getitem__", cm_getitem, METH_O, NULL},
    {"get", cm_get, METH_FAST, NULL},
    {"__len__", cm_len, METH_NOARGS, NULL},
    {"__iter__", cm_iter, METH_NOARGS, NULL},
    {"__contains__", cm_contains_m, METH_O, NULL},
    {"__bool__", cm_bool, METH_NOARGS, NULL},
    {"__repr__", cm_repr, METH_NOARGS, NULL},
    {"fromkeys", cm_fromkeys, METH_FAST | METH_CLASS, NULL},
    {"copy", cm_copy, METH_NOARGS, "New ChainMap or subclass with a new copy of maps[0] and refs to maps[1:]"},
    {"__copy__", cm_copy, METH_NOARGS, NULL},
    {"new_child", cm_new_child, METH_FAST, NULL},
    {"__setitem__", cm_setitem, METH_FAST, NULL},
    {"__delitem__", cm_delitem, METH_O, NULL},
    {"popitem", cm_popitem, METH_NOARGS, NULL},
    {"pop", cm_pop, METH_FAST, NULL},
    {"clear", cm_clear, METH_NOARGS, NULL},
    {"keys", cm_keys, METH_NOARGS, NULL},
    {"items", cm_items, METH_NOARGS, NULL},
    {"values", cm_values, METH_NOARGS, NULL},
    {"__ior__", cm_ior, METH_O, NULL},
    {"__or__", cm_or, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* ======================================================================
 * the module
 * ====================================================================== */

static const MethodDef collections_functions[] = {
    {"namedtuple", namedtuple, METH_FAST,
     "Returns a new subclass of tuple with named fields."},
    {NULL, NULL, 0, NULL},
};

static int ready_dict_subtypes(void)
{
    if (!(dict_type.flags & TPF_READY) && type_ready(&dict_type) < 0) return -1;
    if (!(defdict_type.flags & TPF_READY)) {
        defdict_type.basicsize = dict_type.basicsize + (Ssize)sizeof(Obj *);
        if (type_ready(&defdict_type) < 0) return -1;
    }
    if (!(odict_type.flags & TPF_READY)) {
        /* dict's layout, then the weak reference list */
        odict_type.basicsize = dict_type.basicsize + (Ssize)sizeof(Obj *);
        odict_type.weaklistoffset = dict_type.basicsize;
        if (type_ready(&odict_type) < 0) return -1;
    }
    return 0;
}

static Obj *collections_init(void)
{
    Obj *m = module_new("collections");
    if (!m) return NULL;
    if (ready_dict_subtypes() < 0 || type_ready(&deque_iter_type) < 0 ||
        type_ready(&deque_reviter_type) < 0 || type_ready(&tuplegetter_type) < 0)
        goto fail;
    if (module_add_functions(m, collections_functions) < 0 || mu_add_type(m, &deque_type) < 0 ||
        mu_add_type(m, &defdict_type) < 0 || mu_add_type(m, &odict_type) < 0)
        goto fail;
    if (!counter_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&dict_type);
        counter_cls = bases ? mu_class_new("Counter", "collections", bases, counter_methods) : NULL;
        XDECREF(bases);
        if (!counter_cls) goto fail;
    }
    if (!chainmap_cls) {
        chainmap_cls = mu_class_new("ChainMap", "collections", NULL, chainmap_methods);
        if (!chainmap_cls) goto fail;
        Obj *g = builtin_new(&cm_parents_def, NULL, NULL);
        Obj *p = g ? obj_call((Obj *)&property_type, &g, 1, NULL) : NULL;
        XDECREF(g);
        if (mu_type_set((TypeObj *)chainmap_cls, "parents", p) < 0) goto fail;
    }
    if (module_add(m, "Counter", INCREF(counter_cls)) < 0 ||
        module_add(m, "ChainMap", INCREF(chainmap_cls)) < 0)
        goto fail;
    /* a package, so `import collections.abc` finds its submodule */
    if (module_add(m, "__path__", list_new(0)) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

static Obj *collections_private_init(void)
{
    Obj *m = module_new("_collections");
    if (!m) return NULL;
    if (ready_dict_subtypes() < 0 || mu_add_type(m, &deque_type) < 0 ||
        mu_add_type(m, &defdict_type) < 0 || mu_add_type(m, &odict_type) < 0 ||
        mu_add_type(m, &tuplegetter_type) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_collections_register(void)
{
    vm_static_roots(&counter_cls, 1);
    vm_static_roots(&chainmap_cls, 1);
    import_register_native("collections", collections_init);
    import_register_native("_collections", collections_private_init);
}
