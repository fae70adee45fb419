/* mod_itertools.c — the `itertools` module of CPython 3.12.
 *
 * Every iterator is a static type named "itertools.X" (subclassable where
 * CPython's are) whose constructor checks its arguments with 3.12's
 * messages and whose __next__ follows CPython's step order exactly — which
 * iterator is advanced first, when an exhausted source is dropped, what is
 * retried after a short batch — since user iterables can observe it.
 * count/repeat have CPython's reprs ("count(5)", "count(0, 2)",
 * "repeat('a', 3)"); tee shares values between its iterators through linked
 * blocks of 57 cells as CPython's teedataobject does.
 *
 * Layout convention: every object starts with ItHead, whose `nobj` says how
 * many Obj * fields follow it directly; one dealloc/traverse/clear serves
 * all types.  Pickling support (__reduce__/__setstate__, deprecated in 3.12)
 * is not provided.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

typedef struct ItHead {
    Obj base;
    Ssize nobj;          /* Obj * fields that follow */
} ItHead;

#define IT_OBJS(o) ((Obj **)((char *)(o) + sizeof(ItHead)))

static void it_dealloc(Obj *o)
{
    Obj **f = IT_OBJS(o);
    for (Ssize i = 0; i < ((ItHead *)o)->nobj; i++) CLEAR(f[i]);
    obj_free(o);
}

static int it_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj **f = IT_OBJS(o);
    for (Ssize i = 0; i < ((ItHead *)o)->nobj; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int it_clear(Obj *o)
{
    Obj **f = IT_OBJS(o);
    for (Ssize i = 0; i < ((ItHead *)o)->nobj; i++) CLEAR(f[i]);
    return 0;
}

static Obj *it_alloc(TypeObj *t, Ssize nobj)
{
    ItHead *h = (ItHead *)obj_alloc(t, 0);
    if (h) h->nobj = nobj;
    return (Obj *)h;
}

#define ITTYPE(var, tname, Struct, flags_, ...)                                    \
    static TypeObj var = {                                                         \
        .base = TYPE_HEAD_INIT, .name = tname, .basicsize = sizeof(Struct),        \
        .flags = TPF_GC | (flags_), .dealloc = it_dealloc,                         \
        .getattro = obj_generic_getattr, .iter = iter_self,                        \
        .traverse = it_traverse, .clear = it_clear, __VA_ARGS__}

/* Iterator exhausted (NULL, no exception) or failed (NULL, exception). */
static bool failed(void) { return vm_err_occurred(); }

/* PyNumber_Check: something int(), float() or complex() accepts. */
static bool number_check(Obj *o)
{
    NumberMethods *nb = OBJ_TYPE(o)->as_number;
    if (type_is_subtype(OBJ_TYPE(o), &complex_type)) return true;
    return nb && (nb->index || nb->int_ || nb->float_);
}

static int no_kw(const char *name, Obj *kw)
{
    return args_no_kw(name, kw);
}

/* ---- count ------------------------------------------------------------------------------- */

typedef struct CountObj {
    ItHead h;
    Obj *cnt;            /* slow mode: the next value; NULL in fast mode */
    Obj *step;
    Ssize fast;          /* fast mode: the next value */
} CountObj;

static Obj *count_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *count_next(Obj *o);
static Obj *count_repr(Obj *o);
ITTYPE(count_type, "itertools.count", CountObj, TPF_BASETYPE, .new_ = count_new,
       .iternext = count_next, .repr = count_repr,
       .doc = "Return a count object whose .__next__() method returns consecutive values.");

static Obj *count_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"start", "step"};
    Obj *v[2];
    if (args_parse("count", args, nargs, kw, names, 2, 0, 0, v) < 0) return NULL;
    if ((v[0] && !number_check(v[0])) || (v[1] && !number_check(v[1]))) {
        vm_err_set_str(&exc_TypeError, "a number is required");
        return NULL;
    }
    bool slow = false;
    Ssize cnt = 0;
    if (v[0]) {
        /* PyLong_AsSsize_t: ints (and bools) only */
        int64_t c;
        if (INT_CHECK(v[0]) && int_fits_i64(v[0]) && int_as_i64(v[0], &c) == 0) cnt = (Ssize)c;
        else slow = true;
    }
    Obj *step = v[1] ? INCREF(v[1]) : int_from_i64(1);
    if (!step) return NULL;
    int64_t s;
    if (!(INT_CHECK(step) && int_fits_i64(step) && int_as_i64(step, &s) == 0 && s == 1)) slow = true;
    CountObj *c = (CountObj *)it_alloc(t, 2);
    if (!c) {
        DECREF(step);
        return NULL;
    }
    c->step = step;
    if (slow) {
        c->cnt = v[0] ? INCREF(v[0]) : int_from_i64(0);
        if (!c->cnt) {
            DECREF(c);
            return NULL;
        }
    } else {
        c->fast = cnt;
    }
    return (Obj *)c;
}

static Obj *count_next(Obj *o)
{
    CountObj *c = (CountObj *)o;
    if (!c->cnt) {
        if (c->fast != INTPTR_MAX) return int_from_i64(c->fast++);
        /* leaving the machine-word range: continue with objects */
        if (!(c->cnt = int_from_i64(INTPTR_MAX))) return NULL;
    }
    Obj *next = num_binary(c->cnt, c->step, NB_ADD);
    if (!next) return NULL;
    Obj *r = c->cnt;
    c->cnt = next;
    return r;
}

static Obj *count_repr(Obj *o)
{
    CountObj *c = (CountObj *)o;
    const char *name = type_name(OBJ_TYPE(o));
    if (!c->cnt) return str_from_fmt("%s(%zd)", name, c->fast);
    int64_t s;
    if (INT_CHECK(c->step) && int_fits_i64(c->step) && int_as_i64(c->step, &s) == 0 && s == 1)
        return str_from_fmt("%s(%R)", name, c->cnt);
    return str_from_fmt("%s(%R, %R)", name, c->cnt, c->step);
}

/* ---- cycle ------------------------------------------------------------------------------- */

typedef struct CycleObj {
    ItHead h;
    Obj *it, *saved;
    Ssize index;
} CycleObj;

static Obj *cycle_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *cycle_next(Obj *o);
ITTYPE(cycle_type, "itertools.cycle", CycleObj, TPF_BASETYPE, .new_ = cycle_new,
       .iternext = cycle_next,
       .doc = "Return elements from the iterable until it is exhausted. Then repeat the sequence indefinitely.");

static Obj *cycle_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (no_kw("cycle", kw) < 0 || args_count("cycle", nargs, 1, 1) < 0) return NULL;
    Obj *it = obj_getiter(args[0]);
    if (!it) return NULL;
    Obj *saved = list_new(0);
    CycleObj *c = saved ? (CycleObj *)it_alloc(t, 2) : NULL;
    if (!c) {
        DECREF(it);
        XDECREF(saved);
        return NULL;
    }
    c->it = it;
    c->saved = saved;
    return (Obj *)c;
}

static Obj *cycle_next(Obj *o)
{
    CycleObj *c = (CycleObj *)o;
    if (c->it) {
        Obj *item = obj_iternext(c->it);
        if (item) {
            if (list_append(c->saved, item) < 0) {
                DECREF(item);
                return NULL;
            }
            return item;
        }
        if (failed()) return NULL;
        CLEAR(c->it);
    }
    Ssize n = LIST_LEN(c->saved);
    if (n == 0) return NULL;
    if (c->index >= n) c->index = 0;
    Obj *item = LIST_ITEMS(c->saved)[c->index++];
    if (c->index >= n) c->index = 0;
    return INCREF(item);
}

/* ---- repeat ------------------------------------------------------------------------------ */

typedef struct RepeatObj {
    ItHead h;
    Obj *element;
    Ssize cnt;           /* -1: forever */
} RepeatObj;

static Obj *repeat_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *repeat_next(Obj *o);
static Obj *repeat_repr(Obj *o);
static Obj *repeat_len_hint(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    RepeatObj *r = (RepeatObj *)self;
    if (r->cnt == -1) {
        vm_err_set_str(&exc_TypeError, "len() of unsized object");
        return NULL;
    }
    return int_from_i64(r->cnt);
}
static MethodDef repeat_methods[] = {
    {"__length_hint__", repeat_len_hint, METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};
ITTYPE(repeat_type, "itertools.repeat", RepeatObj, TPF_BASETYPE, .new_ = repeat_new,
       .iternext = repeat_next, .repr = repeat_repr, .methods = repeat_methods,
       .doc = "repeat(object [,times]) -> create an iterator which returns the object\n"
              "for the specified number of times.  If not specified, returns the object\nendlessly.");

static Obj *repeat_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"object", "times"};
    Obj *v[2];
    if (args_parse("repeat", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    Ssize cnt = -1;
    if (v[1]) {
        cnt = mh_as_ssize(v[1]);
        if (cnt == -1 && vm_err_occurred()) return NULL;
        if (cnt < 0) cnt = 0;
    }
    RepeatObj *r = (RepeatObj *)it_alloc(t, 1);
    if (!r) return NULL;
    r->element = INCREF(v[0]);
    r->cnt = cnt;
    return (Obj *)r;
}

static Obj *repeat_next(Obj *o)
{
    RepeatObj *r = (RepeatObj *)o;
    if (r->cnt == 0) return NULL;
    if (r->cnt > 0) r->cnt--;
    return INCREF(r->element);
}

static Obj *repeat_repr(Obj *o)
{
    RepeatObj *r = (RepeatObj *)o;
    const char *name = type_name(OBJ_TYPE(o));
    if (r->cnt == -1) return str_from_fmt("%s(%R)", name, r->element);
    return str_from_fmt("%s(%R, %zd)", name, r->element, r->cnt);
}

/* ---- accumulate ------------------------------------------------------------------------ */

typedef struct AccObj {
    ItHead h;
    Obj *it, *func, *total, *initial;
} AccObj;

static Obj *acc_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *acc_next(Obj *o);
ITTYPE(accumulate_type, "itertools.accumulate", AccObj, TPF_BASETYPE, .new_ = acc_new,
       .iternext = acc_next, .doc = "Return series of accumulated sums (or other binary function results).");

static Obj *acc_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"iterable", "func", "initial"};
    Obj *v[3];
    if (nargs > 2) {
        vm_err_format(&exc_TypeError, "accumulate() takes at most 2 positional arguments (%zd given)", nargs);
        return NULL;
    }
    if (args_parse("accumulate", args, nargs, kw, names, 3, 0, 1, v) < 0) return NULL;
    Obj *it = obj_getiter(v[0]);
    if (!it) return NULL;
    AccObj *a = (AccObj *)it_alloc(t, 4);
    if (!a) {
        DECREF(it);
        return NULL;
    }
    a->it = it;
    if (v[1] && v[1] != NONE) a->func = INCREF(v[1]);
    if (v[2] && v[2] != NONE) a->initial = INCREF(v[2]);
    return (Obj *)a;
}

static Obj *acc_next(Obj *o)
{
    AccObj *a = (AccObj *)o;
    if (a->initial) {
        a->total = a->initial;
        a->initial = NULL;
        return INCREF(a->total);
    }
    Obj *val = obj_iternext(a->it);
    if (!val) return NULL;
    if (!a->total) {
        a->total = val;
        return INCREF(val);
    }
    Obj *r;
    if (a->func) {
        Obj *argv[2] = {a->total, val};
        r = obj_call(a->func, argv, 2, NULL);
    } else {
        r = num_binary(a->total, val, NB_ADD);
    }
    DECREF(val);
    if (!r) return NULL;
    obj_setref(&a->total, INCREF(r));
    return r;
}

/* ---- batched --------------------------------------------------------------------------- */

typedef struct BatchedObj {
    ItHead h;
    Obj *it;
    Ssize n;
} BatchedObj;

static Obj *batched_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *batched_next(Obj *o);
ITTYPE(batched_type, "itertools.batched", BatchedObj, TPF_BASETYPE, .new_ = batched_new,
       .iternext = batched_next, .doc = "Batch data into tuples of length n. The last batch may be shorter than n.");

static Obj *batched_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"iterable", "n"};
    Obj *v[2];
    if (args_parse("batched", args, nargs, kw, names, 2, 0, 2, v) < 0) return NULL;
    Ssize n = mh_as_ssize(v[1]);
    if (n == -1 && vm_err_occurred()) return NULL;
    if (n < 1) {
        vm_err_set_str(&exc_ValueError, "n must be at least one");
        return NULL;
    }
    Obj *it = obj_getiter(v[0]);
    if (!it) return NULL;
    BatchedObj *b = (BatchedObj *)it_alloc(t, 1);
    if (!b) {
        DECREF(it);
        return NULL;
    }
    b->it = it;
    b->n = n;
    return (Obj *)b;
}

static Obj *batched_next(Obj *o)
{
    BatchedObj *b = (BatchedObj *)o;
    if (!b->it) return NULL;
    Obj *items = list_new(0);
    if (!items) return NULL;
    Ssize i;
    for (i = 0; i < b->n; i++) {
        Obj *item = obj_iternext(b->it);
        if (!item) break;
        int r = list_append(items, item);
        DECREF(item);
        if (r < 0) {
            DECREF(items);
            return NULL;
        }
    }
    if (i < b->n && failed()) {
        CLEAR(b->it);
        DECREF(items);
        return NULL;
    }
    if (i == 0) {
        CLEAR(b->it);
        DECREF(items);
        return NULL;
    }
    Obj *r = list_as_tuple(items);
    DECREF(items);
    return r;
}

/* ---- chain ----------------------------------------------------------------------------- */

typedef struct ChainObj {
    ItHead h;
    Obj *source, *active;
} ChainObj;

static Obj *chain_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *chain_next(Obj *o);
static Obj *chain_from_iterable(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw);
static MethodDef chain_methods[] = {
    {"from_iterable", chain_from_iterable, METH_O | METH_CLASS,
     "Alternative chain() constructor taking a single iterable argument that evaluates lazily."},
    {NULL, NULL, 0, NULL},
};
ITTYPE(chain_type, "itertools.chain", ChainObj, TPF_BASETYPE, .new_ = chain_new,
       .iternext = chain_next, .methods = chain_methods,
       .doc = "Return a chain object whose .__next__() method returns elements from the\n"
              "first iterable until it is exhausted, then elements from the next\n"
              "iterable, until all of the iterables are exhausted.");

static Obj *chain_make(TypeObj *t, Obj *source)   /* steals source */
{
    ChainObj *c = (ChainObj *)it_alloc(t, 2);
    if (!c) {
        DECREF(source);
        return NULL;
    }
    c->source = source;
    return (Obj *)c;
}

static Obj *chain_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (no_kw("chain", kw) < 0) return NULL;
    Obj *tup = tuple_from_array(args, nargs);
    if (!tup) return NULL;
    Obj *src = obj_getiter(tup);
    DECREF(tup);
    return src ? chain_make(t, src) : NULL;
}

static Obj *chain_from_iterable(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *src = obj_getiter(args[0]);
    return src ? chain_make((TypeObj *)cls, src) : NULL;
}

static Obj *chain_next(Obj *o)
{
    ChainObj *c = (ChainObj *)o;
    while (c->source) {
        if (!c->active) {
            Obj *iterable = obj_iternext(c->source);
            if (!iterable) {
                CLEAR(c->source);
                return NULL;
            }
            c->active = obj_getiter(iterable);
            DECREF(iterable);
            if (!c->active) {
                CLEAR(c->source);
                return NULL;
            }
        }
        Obj *item = obj_iternext(c->active);
        if (item) return item;
        if (failed()) return NULL;
        CLEAR(c->active);
    }
    return NULL;
}

/* ---- compress / dropwhile / takewhile / filterfalse / starmap ------------------------- */

typedef struct PairObj {     /* two references plus a state flag */
    ItHead h;
    Obj *a, *b;
    Ssize state;
} PairObj;

static Obj *pair_make(TypeObj *t, Obj *a, Obj *b)   /* steals both */
{
    PairObj *p = (PairObj *)it_alloc(t, 2);
    if (!p) {
        XDECREF(a);
        XDECREF(b);
        return NULL;
    }
    p->a = a;
    p->b = b;
    return (Obj *)p;
}

static Obj *compress_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *compress_next(Obj *o);
ITTYPE(compress_type, "itertools.compress", PairObj, TPF_BASETYPE, .new_ = compress_new,
       .iternext = compress_next,
       .doc = "Return data elements corresponding to true selector elements.");

static Obj *compress_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"data", "selectors"};
    Obj *v[2];
    if (args_parse("compress", args, nargs, kw, names, 2, 0, 2, v) < 0) return NULL;
    Obj *d = obj_getiter(v[0]);
    if (!d) return NULL;
    Obj *s = obj_getiter(v[1]);
    if (!s) {
        DECREF(d);
        return NULL;
    }
    return pair_make(t, d, s);
}

static Obj *compress_next(Obj *o)
{
    PairObj *p = (PairObj *)o;
    for (;;) {
        Obj *datum = obj_iternext(p->a);
        if (!datum) return NULL;
        Obj *sel = obj_iternext(p->b);
        if (!sel) {
            DECREF(datum);
            return NULL;
        }
        int ok = obj_is_true(sel);
        DECREF(sel);
        if (ok > 0) return datum;
        DECREF(datum);
        if (ok < 0) return NULL;
    }
}

/* predicate-style iterators: a = function, b = iterator */
static Obj *pred_new(const char *name, TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (no_kw(name, kw) < 0 || args_count(name, nargs, 2, 2) < 0) return NULL;
    Obj *it = obj_getiter(args[1]);
    if (!it) return NULL;
    return pair_make(t, INCREF(args[0]), it);
}

static Obj *call1(Obj *f, Obj *x) { return obj_call(f, &x, 1, NULL); }

/* 1/0 truth of pred(item) (or of item when pred is None), -1 on error */
static int pred_true(Obj *pred, Obj *item)
{
    if (pred == NONE) return obj_is_true(item);
    Obj *r = call1(pred, item);
    if (!r) return -1;
    int ok = obj_is_true(r);
    DECREF(r);
    return ok;
}

static Obj *dropwhile_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw) { return pred_new("dropwhile", t, a, n, kw); }
static Obj *dropwhile_next(Obj *o)
{
    PairObj *p = (PairObj *)o;
    for (;;) {
        Obj *item = obj_iternext(p->b);
        if (!item) return NULL;
        if (p->state) return item;
        Obj *r = call1(p->a, item);
        if (!r) {
            DECREF(item);
            return NULL;
        }
        int ok = obj_is_true(r);
        DECREF(r);
        if (ok == 0) {
            p->state = 1;
            return item;
        }
        DECREF(item);
        if (ok < 0) return NULL;
    }
}
ITTYPE(dropwhile_type, "itertools.dropwhile", PairObj, TPF_BASETYPE, .new_ = dropwhile_new,
       .iternext = dropwhile_next,
       .doc = "Drop items from the iterable while predicate(item) is true.\n\n"
              "Afterwards, return every element until the iterable is exhausted.");

static Obj *takewhile_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw) { return pred_new("takewhile", t, a, n, kw); }
static Obj *takewhile_next(Obj *o)
{
    PairObj *p = (PairObj *)o;
    if (p->state) return NULL;
    Obj *item = obj_iternext(p->b);
    if (!item) return NULL;
    Obj *r = call1(p->a, item);
    if (!r) {
        DECREF(item);
        return NULL;
    }
    int ok = obj_is_true(r);
    DECREF(r);
    if (ok > 0) return item;
    DECREF(item);
    if (ok == 0) p->state = 1;
    return NULL;
}
ITTYPE(takewhile_type, "itertools.takewhile", PairObj, TPF_BASETYPE, .new_ = takewhile_new,
       .iternext = takewhile_next,
       .doc = "Return successive entries from an iterable as long as the predicate evaluates to true for each entry.");

static Obj *filterfalse_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw) { return pred_new("filterfalse", t, a, n, kw); }
static Obj *filterfalse_next(Obj *o)
{
    PairObj *p = (PairObj *)o;
    for (;;) {
        Obj *item = obj_iternext(p->b);
        if (!item) return NULL;
        int ok = pred_true(p->a, item);
        if (ok == 0) return item;
        DECREF(item);
        if (ok < 0) return NULL;
    }
}
ITTYPE(filterfalse_type, "itertools.filterfalse", PairObj, TPF_BASETYPE, .new_ = filterfalse_new,
       .iternext = filterfalse_next,
       .doc = "Return those items of iterable for which function(item) is false.\n\n"
              "If function is None, return the items that are false.");

static Obj *starmap_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw) { return pred_new("starmap", t, a, n, kw); }
static Obj *starmap_next(Obj *o)
{
    PairObj *p = (PairObj *)o;
    Obj *args = obj_iternext(p->b);
    if (!args) return NULL;
    if (!TUPLE_CHECK(args)) {
        Obj *t = seq_to_tuple(args);
        DECREF(args);
        if (!t) return NULL;
        args = t;
    }
    Obj *r = obj_call(p->a, TUPLE_ITEMS(args), TUPLE_LEN(args), NULL);
    DECREF(args);
    return r;
}
ITTYPE(starmap_type, "itertools.starmap", PairObj, TPF_BASETYPE, .new_ = starmap_new,
       .iternext = starmap_next,
       .doc = "Return an iterator whose values are returned from the function evaluated with an argument tuple taken from the given sequence.");

/* ---- pairwise -------------------------------------------------------------------------- */

static Obj *pairwise_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (no_kw("pairwise", kw) < 0 || args_count("pairwise", nargs, 1, 1) < 0) return NULL;
    Obj *it = obj_getiter(args[0]);
    if (!it) return NULL;
    return pair_make(t, it, NULL);
}

static Obj *pairwise_next(Obj *o)
{
    PairObj *p = (PairObj *)o;   /* a = iterator, b = the previous item */
    if (!p->a) return NULL;
    if (!p->b) {
        p->b = obj_iternext(p->a);
        if (!p->b) {
            CLEAR(p->a);
            return NULL;
        }
    }
    Obj *nw = obj_iternext(p->a);
    if (!nw) {
        CLEAR(p->a);
        CLEAR(p->b);
        return NULL;
    }
    Obj *r = tuple_pack(2, p->b, nw);
    obj_setref(&p->b, nw);
    return r;
}
ITTYPE(pairwise_type, "itertools.pairwise", PairObj, TPF_BASETYPE, .new_ = pairwise_new,
       .iternext = pairwise_next,
       .doc = "Return an iterator of overlapping pairs taken from the input iterator.\n\n"
              "    s -> (s0,s1), (s1,s2), (s2, s3), ...");

/* ---- groupby --------------------------------------------------------------------------- */

typedef struct GroupByObj {
    ItHead h;
    Obj *it, *keyfunc, *tgtkey, *currkey, *currvalue;
    Obj *currgrouper;    /* borrowed: only compared by identity */
} GroupByObj;

typedef struct GrouperObj {
    ItHead h;
    Obj *parent, *tgtkey;
} GrouperObj;

static Obj *groupby_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *groupby_next(Obj *o);
static Obj *grouper_next(Obj *o);
ITTYPE(groupby_type, "itertools.groupby", GroupByObj, TPF_BASETYPE, .new_ = groupby_new,
       .iternext = groupby_next,
       .doc = "make an iterator that returns consecutive keys and groups from the iterable");
ITTYPE(grouper_type, "itertools._grouper", GrouperObj, 0, .iternext = grouper_next);

static Obj *groupby_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"iterable", "key"};
    Obj *v[2];
    if (args_parse("groupby", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    Obj *it = obj_getiter(v[0]);
    if (!it) return NULL;
    GroupByObj *g = (GroupByObj *)it_alloc(t, 5);
    if (!g) {
        DECREF(it);
        return NULL;
    }
    g->it = it;
    g->keyfunc = INCREF(v[1] ? v[1] : NONE);
    return (Obj *)g;
}

static int groupby_step(GroupByObj *g)
{
    Obj *nv = obj_iternext(g->it);
    if (!nv) return -1;   /* exhausted (no exception) or failed */
    Obj *nk;
    if (g->keyfunc == NONE) {
        nk = INCREF(nv);
    } else {
        nk = call1(g->keyfunc, nv);
        if (!nk) {
            DECREF(nv);
            return -1;
        }
    }
    obj_setref(&g->currvalue, nv);
    obj_setref(&g->currkey, nk);
    return 0;
}

static Obj *groupby_next(Obj *o)
{
    GroupByObj *g = (GroupByObj *)o;
    g->currgrouper = NULL;
    for (;;) {
        if (!g->currkey) {
            /* nothing read yet */
        } else if (!g->tgtkey) {
            break;
        } else {
            int eq = obj_richcompare_bool(g->tgtkey, g->currkey, CMP_EQ);
            if (eq < 0) return NULL;
            if (eq == 0) break;
        }
        if (groupby_step(g) < 0) return NULL;
    }
    obj_setref(&g->tgtkey, INCREF(g->currkey));
    GrouperObj *gr = (GrouperObj *)it_alloc(&grouper_type, 2);
    if (!gr) return NULL;
    gr->parent = INCREF(o);
    gr->tgtkey = INCREF(g->tgtkey);
    g->currgrouper = (Obj *)gr;
    Obj *r = tuple_pack(2, g->currkey, (Obj *)gr);
    DECREF(gr);
    return r;
}

static Obj *grouper_next(Obj *o)
{
    GrouperObj *gr = (GrouperObj *)o;
    GroupByObj *g = (GroupByObj *)gr->parent;
    if (g->currgrouper != o) return NULL;
    if (!g->currvalue && groupby_step(g) < 0) return NULL;
    int eq = obj_richcompare_bool(gr->tgtkey, g->currkey, CMP_EQ);
    if (eq <= 0) return NULL;
    Obj *r = g->currvalue;
    g->currvalue = NULL;
    CLEAR(g->currkey);
    return r;
}

/* ---- islice ---------------------------------------------------------------------------- */

typedef struct IsliceObj {
    ItHead h;
    Obj *it;
    Ssize next, stop, step, cnt;
} IsliceObj;

static Obj *islice_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *islice_next(Obj *o);
ITTYPE(islice_type, "itertools.islice", IsliceObj, TPF_BASETYPE, .new_ = islice_new,
       .iternext = islice_next,
       .doc = "islice(iterable, stop) --> islice object\n"
              "islice(iterable, start, stop[, step]) --> islice object\n\n"
              "Return an iterator whose next() method returns selected values from an\n"
              "iterable.  If start is specified, will skip all preceding elements;\n"
              "otherwise, start defaults to zero.  Step defaults to one.  If\n"
              "specified as another value, step determines how many values are\n"
              "skipped between successive calls.  Works like a slice() on a list\n"
              "but returns an iterator.");

/* PyNumber_AsSsize_t(o, NULL): clamped; -1 with the error cleared on failure. */
static Ssize clamp_ssize(Obj *o)
{
    Ssize v = num_as_ssize(o, NULL);
    if (v == -1 && vm_err_occurred()) vm_err_clear();
    return v;
}

static Obj *islice_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (no_kw("islice", kw) < 0 || args_count("islice", nargs, 2, 4) < 0) return NULL;
    Ssize start = 0, stop = -1, step = 1;
    static const char stop_msg[] =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    if (nargs == 2) {
        if (args[1] != NONE) {
            stop = clamp_ssize(args[1]);
            if (stop == -1) {
                vm_err_set_str(&exc_ValueError, stop_msg);
                return NULL;
            }
        }
    } else {
        if (args[1] != NONE) start = clamp_ssize(args[1]);
        if (args[2] != NONE) {
            stop = clamp_ssize(args[2]);
            if (stop == -1) {
                vm_err_set_str(&exc_ValueError, stop_msg);
                return NULL;
            }
        }
    }
    if (start < 0 || stop < -1) {
        vm_err_set_str(&exc_ValueError,
                       "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
        return NULL;
    }
    if (nargs == 4 && args[3] != NONE) step = clamp_ssize(args[3]);
    if (step < 1) {
        vm_err_set_str(&exc_ValueError, "Step for islice() must be a positive integer or None.");
        return NULL;
    }
    Obj *it = obj_getiter(args[0]);
    if (!it) return NULL;
    IsliceObj *s = (IsliceObj *)it_alloc(t, 1);
    if (!s) {
        DECREF(it);
        return NULL;
    }
    s->it = it;
    s->next = start;
    s->stop = stop;
    s->step = step;
    return (Obj *)s;
}

static Obj *islice_next(Obj *o)
{
    IsliceObj *s = (IsliceObj *)o;
    if (!s->it) return NULL;
    while (s->cnt < s->next) {
        Obj *item = obj_iternext(s->it);
        if (!item) goto empty;
        DECREF(item);
        s->cnt++;
    }
    if (s->stop != -1 && s->cnt >= s->stop) goto empty;
    Obj *item = obj_iternext(s->it);
    if (!item) goto empty;
    s->cnt++;
    Ssize old = s->next;
    s->next = (Ssize)((size_t)s->next + (size_t)s->step);
    if (s->next < old || (s->stop != -1 && s->next > s->stop)) s->next = s->stop;
    return item;
empty:
    CLEAR(s->it);
    return NULL;
}

/* ---- combinatorics --------------------------------------------------------------------- */

typedef struct CombObj {
    ItHead h;
    Obj *pool;           /* tuple (product: tuple of tuples) */
    Obj *result;         /* the previous result tuple, NULL before the first */
    Ssize *indices, *cycles;
    Ssize r, npools;
    bool stopped;
} CombObj;

static void comb_dealloc(Obj *o)
{
    CombObj *c = (CombObj *)o;
    free(c->indices);
    free(c->cycles);
    it_dealloc(o);
}

static CombObj *comb_alloc(TypeObj *t, Obj *pool, Ssize r)   /* steals pool */
{
    CombObj *c = (CombObj *)it_alloc(t, 2);
    if (!c) {
        DECREF(pool);
        return NULL;
    }
    c->pool = pool;
    c->r = r;
    return c;
}

/* r as combinations()/permutations() read it */
static int r_arg(Obj *o, Ssize *r)
{
    *r = mh_as_ssize(o);
    if (*r == -1 && vm_err_occurred()) return -1;
    if (*r < 0) {
        vm_err_set_str(&exc_ValueError, "r must be non-negative");
        return -1;
    }
    return 0;
}

/* tuple of pool[indices[0..r)] */
static Obj *pick(Obj *pool, const Ssize *idx, Ssize r)
{
    Obj *t = tuple_new(r);
    if (!t) return NULL;
    for (Ssize i = 0; i < r; i++) TUPLE_ITEMS(t)[i] = INCREF(TUPLE_ITEMS(pool)[idx[i]]);
    return t;
}

static Obj *comb_new_common(const char *name, TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"iterable", "r"};
    Obj *v[2];
    if (args_parse(name, args, nargs, kw, names, 2, 0, 2, v) < 0) return NULL;
    Obj *pool = seq_to_tuple(v[0]);
    if (!pool) return NULL;
    Ssize r;
    if (r_arg(v[1], &r) < 0) {
        DECREF(pool);
        return NULL;
    }
    CombObj *c = comb_alloc(t, pool, r);
    if (!c) return NULL;
    c->indices = xcalloc((size_t)(r ? r : 1), sizeof(Ssize));
    return (Obj *)c;
}

static Obj *combinations_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    CombObj *c = (CombObj *)comb_new_common("combinations", t, a, n, kw);
    if (c)
        for (Ssize i = 0; i < c->r; i++) c->indices[i] = i;
    return (Obj *)c;
}

static Obj *combinations_next(Obj *o)
{
    CombObj *c = (CombObj *)o;
    Ssize n = TUPLE_LEN(c->pool), r = c->r;
    if (c->stopped) return NULL;
    if (!c->result) {
        if (r > n) goto stop;
    } else {
        Ssize i;
        for (i = r - 1; i >= 0 && c->indices[i] == i + n - r; i--) {}
        if (i < 0) goto stop;
        c->indices[i]++;
        for (Ssize j = i + 1; j < r; j++) c->indices[j] = c->indices[j - 1] + 1;
    }
    Obj *res = pick(c->pool, c->indices, r);
    if (!res) return NULL;
    obj_setref(&c->result, INCREF(res));
    return res;
stop:
    c->stopped = true;
    return NULL;
}

static Obj *cwr_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    return comb_new_common("combinations_with_replacement", t, a, n, kw);
}

static Obj *cwr_next(Obj *o)
{
    CombObj *c = (CombObj *)o;
    Ssize n = TUPLE_LEN(c->pool), r = c->r;
    if (c->stopped) return NULL;
    if (!c->result) {
        if (n == 0 && r > 0) goto stop;
    } else {
        Ssize i;
        for (i = r - 1; i >= 0 && c->indices[i] == n - 1; i--) {}
        if (i < 0) goto stop;
        Ssize v = c->indices[i] + 1;
        for (Ssize j = i; j < r; j++) c->indices[j] = v;
    }
    Obj *res = pick(c->pool, c->indices, r);
    if (!res) return NULL;
    obj_setref(&c->result, INCREF(res));
    return res;
stop:
    c->stopped = true;
    return NULL;
}

static Obj *permutations_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"iterable", "r"};
    Obj *v[2];
    if (args_parse("permutations", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    Obj *pool = seq_to_tuple(v[0]);
    if (!pool) return NULL;
    Ssize n = TUPLE_LEN(pool), r = n;
    if (v[1] && v[1] != NONE) {
        if (!INT_CHECK(v[1])) {
            DECREF(pool);
            vm_err_set_str(&exc_TypeError, "Expected int as r");
            return NULL;
        }
        if (r_arg(v[1], &r) < 0) {
            DECREF(pool);
            return NULL;
        }
    }
    CombObj *c = comb_alloc(t, pool, r);
    if (!c) return NULL;
    c->indices = xcalloc((size_t)(n ? n : 1), sizeof(Ssize));
    c->cycles = xcalloc((size_t)(r ? r : 1), sizeof(Ssize));
    for (Ssize i = 0; i < n; i++) c->indices[i] = i;
    for (Ssize i = 0; i < r && i < n; i++) c->cycles[i] = n - i;
    return (Obj *)c;
}

static Obj *permutations_next(Obj *o)
{
    CombObj *c = (CombObj *)o;
    Ssize n = TUPLE_LEN(c->pool), r = c->r;
    if (c->stopped) return NULL;
    if (!c->result) {
        if (r > n) goto stop;
    } else {
        if (n == 0) goto stop;
        Ssize i;
        for (i = r - 1; i >= 0; i--) {
            c->cycles[i]--;
            if (c->cycles[i] == 0) {
                /* rotate indices[i:] left by one */
                Ssize first = c->indices[i];
                for (Ssize j = i; j < n - 1; j++) c->indices[j] = c->indices[j + 1];
                c->indices[n - 1] = first;
                c->cycles[i] = n - i;
            } else {
                Ssize j = c->cycles[i];
                Ssize tmp = c->indices[i];
                c->indices[i] = c->indices[n - j];
                c->indices[n - j] = tmp;
                break;
            }
        }
        if (i < 0) goto stop;
    }
    Obj *res = pick(c->pool, c->indices, r);
    if (!res) return NULL;
    obj_setref(&c->result, INCREF(res));
    return res;
stop:
    c->stopped = true;
    return NULL;
}

static Obj *product_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    Ssize repeat = 1;
    for (Ssize k = 0; k < mh_nkw(kw); k++) {
        Obj *name = TUPLE_ITEMS(kw)[k];
        if (!str_eq_cstr(name, "repeat")) {
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for product()", name);
            return NULL;
        }
        repeat = mh_as_ssize(args[nargs + k]);
        if (repeat == -1 && vm_err_occurred()) return NULL;
        if (repeat < 0) {
            vm_err_set_str(&exc_ValueError, "repeat argument cannot be negative");
            return NULL;
        }
    }
    if (nargs && repeat > INTPTR_MAX / nargs) {
        vm_err_set_str(&exc_OverflowError, "repeat argument too large");
        return NULL;
    }
    Ssize npools = nargs * repeat;
    /* every argument becomes a tuple, even when repeat is 0 */
    Obj *base = list_new(0);
    for (Ssize i = 0; base && i < nargs; i++) {
        Obj *p = seq_to_tuple(args[i]);
        if (!p || list_append(base, p) < 0) CLEAR(base);
        XDECREF(p);
    }
    if (!base) return NULL;
    Obj *pools = tuple_new(npools);
    if (!pools) {
        DECREF(base);
        return NULL;
    }
    for (Ssize i = 0; i < npools; i++) TUPLE_ITEMS(pools)[i] = INCREF(LIST_ITEMS(base)[i % nargs]);
    DECREF(base);
    CombObj *c = comb_alloc(t, pools, npools);
    if (!c) return NULL;
    c->indices = xcalloc((size_t)(npools ? npools : 1), sizeof(Ssize));
    return (Obj *)c;
}

static Obj *product_next(Obj *o)
{
    CombObj *c = (CombObj *)o;
    Ssize np = c->r;
    if (c->stopped) return NULL;
    if (!c->result) {
        for (Ssize i = 0; i < np; i++)
            if (TUPLE_LEN(TUPLE_ITEMS(c->pool)[i]) == 0) goto stop;
    } else {
        Ssize i;
        for (i = np - 1; i >= 0; i--) {
            Obj *pool = TUPLE_ITEMS(c->pool)[i];
            if (++c->indices[i] < TUPLE_LEN(pool)) break;
            c->indices[i] = 0;
        }
        if (i < 0) goto stop;
    }
    Obj *res = tuple_new(np);
    if (!res) return NULL;
    for (Ssize i = 0; i < np; i++)
        TUPLE_ITEMS(res)[i] = INCREF(TUPLE_ITEMS(TUPLE_ITEMS(c->pool)[i])[c->indices[i]]);
    obj_setref(&c->result, INCREF(res));
    return res;
stop:
    c->stopped = true;
    return NULL;
}

#define COMBTYPE(var, tname, newfn, nextfn, doc_)                                   \
    ITTYPE(var, tname, CombObj, TPF_BASETYPE, .new_ = newfn, .iternext = nextfn,   \
           .doc = doc_);
COMBTYPE(combinations_type, "itertools.combinations", combinations_new, combinations_next,
         "Return successive r-length combinations of elements in the iterable.")
COMBTYPE(cwr_type, "itertools.combinations_with_replacement", cwr_new, cwr_next,
         "Return successive r-length combinations of elements in the iterable allowing individual elements to have successive repeats.")
COMBTYPE(permutations_type, "itertools.permutations", permutations_new, permutations_next,
         "Return successive r-length permutations of elements in the iterable.")
COMBTYPE(product_type, "itertools.product", product_new, product_next,
         "Cartesian product of input iterables.  Equivalent to nested for-loops.")

/* ---- zip_longest ----------------------------------------------------------------------- */

typedef struct ZipLongestObj {
    ItHead h;
    Obj *its;            /* list of iterators; None where exhausted */
    Obj *fill;
    Ssize numactive;
} ZipLongestObj;

static Obj *zl_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *fill = NONE;
    for (Ssize k = 0; k < mh_nkw(kw); k++) {
        if (!str_eq_cstr(TUPLE_ITEMS(kw)[k], "fillvalue")) {
            vm_err_set_str(&exc_TypeError, "zip_longest() got an unexpected keyword argument");
            return NULL;
        }
        fill = args[nargs + k];
    }
    Obj *its = list_new(0);
    if (!its) return NULL;
    for (Ssize i = 0; i < nargs; i++) {
        Obj *it = obj_getiter(args[i]);
        if (!it || list_append(its, it) < 0) {
            XDECREF(it);
            DECREF(its);
            return NULL;
        }
        DECREF(it);
    }
    ZipLongestObj *z = (ZipLongestObj *)it_alloc(t, 2);
    if (!z) {
        DECREF(its);
        return NULL;
    }
    z->its = its;
    z->fill = INCREF(fill);
    z->numactive = nargs;
    return (Obj *)z;
}

static Obj *zl_next(Obj *o)
{
    ZipLongestObj *z = (ZipLongestObj *)o;
    Ssize n = LIST_LEN(z->its);
    if (n == 0 || z->numactive == 0) return NULL;
    Obj *res = tuple_new(n);
    if (!res) return NULL;
    for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(res)[i] = NULL;
    for (Ssize i = 0; i < n; i++) {
        Obj *it = LIST_ITEMS(z->its)[i];
        Obj *item;
        if (it == NONE) {
            item = INCREF(z->fill);
        } else {
            item = obj_iternext(it);
            if (!item) {
                z->numactive--;
                if (z->numactive == 0 || failed()) {
                    z->numactive = 0;
                    goto fail;
                }
                item = INCREF(z->fill);
                Obj *old = LIST_ITEMS(z->its)[i];
                LIST_ITEMS(z->its)[i] = INCREF(NONE);
                DECREF(old);
            }
        }
        TUPLE_ITEMS(res)[i] = item;
    }
    return res;
fail:
    for (Ssize i = 0; i < n; i++)
        if (!TUPLE_ITEMS(res)[i]) TUPLE_ITEMS(res)[i] = INCREF(NONE);
    DECREF(res);
    return NULL;
}
ITTYPE(zip_longest_type, "itertools.zip_longest", ZipLongestObj, TPF_BASETYPE, .new_ = zl_new,
       .iternext = zl_next,
       .doc = "Return a zip_longest object whose .__next__() method returns a tuple where\n"
              "the i-th element comes from the i-th iterable argument.");

/* ---- tee ------------------------------------------------------------------------------- */

#define LINKCELLS 57

typedef struct TeeDataObj {
    ItHead h;
    Obj *it, *nextlink;
    Obj *values[LINKCELLS];   /* not counted in nobj: numread of them are set */
    int numread;
    bool running;
} TeeDataObj;

typedef struct TeeObj {
    ItHead h;
    Obj *data;
    Ssize index;
} TeeObj;

static int teedata_traverse(Obj *o, VisitFn visit, void *arg)
{
    TeeDataObj *d = (TeeDataObj *)o;
    int r = it_traverse(o, visit, arg);
    for (int i = 0; !r && i < d->numread; i++) r = visit(d->values[i], arg);
    return r;
}

static int teedata_clear(Obj *o)
{
    TeeDataObj *d = (TeeDataObj *)o;
    int n = d->numread;
    d->numread = 0;
    for (int i = 0; i < n; i++) CLEAR(d->values[i]);
    CLEAR(d->it);
    /* unlink the chain iteratively: a long chain must not recurse */
    Obj *next = d->nextlink;
    d->nextlink = NULL;
    while (next) {
        TeeDataObj *nd = (TeeDataObj *)next;
        if (next->refcnt > 1) {
            DECREF(next);
            break;
        }
        Obj *after = nd->nextlink;
        nd->nextlink = NULL;
        DECREF(next);
        next = after;
    }
    return 0;
}

static void teedata_dealloc(Obj *o)
{
    teedata_clear(o);
    obj_free(o);
}

static TypeObj teedata_type = {
    .base = TYPE_HEAD_INIT, .name = "itertools._tee_dataobject", .basicsize = sizeof(TeeDataObj),
    .flags = TPF_GC, .dealloc = teedata_dealloc, .getattro = obj_generic_getattr,
    .traverse = teedata_traverse, .clear = teedata_clear,
};

static Obj *teedata_new(Obj *it)
{
    TeeDataObj *d = (TeeDataObj *)it_alloc(&teedata_type, 2);
    if (d) d->it = INCREF(it);
    return (Obj *)d;
}

static Obj *tee_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *tee_next(Obj *o);
static Obj *tee_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw);
static MethodDef tee_methods[] = {
    {"__copy__", tee_copy, METH_NOARGS, "Returns an independent iterator."},
    {NULL, NULL, 0, NULL},
};
ITTYPE(tee_type, "itertools._tee", TeeObj, 0, .new_ = tee_new, .iternext = tee_next,
       .methods = tee_methods, .doc = "Iterator wrapped to make it copyable.");

static Obj *tee_from_iterator(Obj *it)
{
    Obj *data = teedata_new(it);
    if (!data) return NULL;
    TeeObj *t = (TeeObj *)it_alloc(&tee_type, 1);
    if (!t) {
        DECREF(data);
        return NULL;
    }
    t->data = data;
    return (Obj *)t;
}

static Obj *tee_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    TeeObj *src = (TeeObj *)self;
    TeeObj *t = (TeeObj *)it_alloc(&tee_type, 1);
    if (!t) return NULL;
    t->data = INCREF(src->data);
    t->index = src->index;
    return (Obj *)t;
}

/* _tee(iterable): iter(iterable) — a _tee is copied, anything else wrapped */
static Obj *tee_from_iterable(Obj *iterable)
{
    Obj *it = obj_getiter(iterable);
    if (!it) return NULL;
    Obj *r = IS_TYPE(it, tee_type) ? tee_copy(it, NULL, 0, NULL) : tee_from_iterator(it);
    DECREF(it);
    return r;
}

static Obj *tee_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)t;
    static const char *const names[] = {"iterable"};
    Obj *v[1];
    if (args_parse("_tee", args, nargs, kw, names, 1, 1, 1, v) < 0) return NULL;
    return tee_from_iterable(v[0]);
}

static Obj *tee_next(Obj *o)
{
    TeeObj *t = (TeeObj *)o;
    TeeDataObj *d = (TeeDataObj *)t->data;
    if (t->index >= LINKCELLS) {
        if (!d->nextlink && !(d->nextlink = teedata_new(d->it))) return NULL;
        obj_setref(&t->data, INCREF(d->nextlink));
        t->index = 0;
        d = (TeeDataObj *)t->data;
    }
    Obj *value;
    if (t->index < d->numread) {
        value = INCREF(d->values[t->index]);
    } else {
        if (d->running) {
            vm_err_set_str(&exc_RuntimeError, "cannot re-enter the tee iterator");
            return NULL;
        }
        if (!d->it) return NULL;
        d->running = true;
        value = obj_iternext(d->it);
        d->running = false;
        if (!value) return NULL;
        d->values[d->numread++] = INCREF(value);
    }
    t->index++;
    return value;
}

static Obj *m_tee(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("tee", "tee", nargs, kw, 1, 2) < 0) return NULL;
    Ssize n = 2;
    if (nargs == 2) {
        n = mh_as_ssize(args[1]);
        if (n == -1 && vm_err_occurred()) return NULL;
    }
    if (n < 0) {
        vm_err_set_str(&exc_ValueError, "n must be >= 0");
        return NULL;
    }
    Obj *result = tuple_new(n);
    if (!result || n == 0) return result;
    for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(result)[i] = NULL;
    Obj *it = obj_getiter(args[0]);
    Obj *copyable = NULL, *copyfunc = NULL;
    if (!it) goto fail;
    if (obj_lookup_attr(it, id_str("__copy__"), &copyfunc) < 0) goto fail;
    if (copyfunc) {
        copyable = INCREF(it);
    } else {
        /* as 3.12: the iterator is wrapped through _tee(it), which asks iter(it) once more */
        copyable = tee_from_iterable(it);
        if (!copyable) goto fail;
        copyfunc = obj_getattr(copyable, id_str("__copy__"));
        if (!copyfunc) goto fail;
    }
    TUPLE_ITEMS(result)[0] = copyable;
    copyable = NULL;
    for (Ssize i = 1; i < n; i++) {
        Obj *c = obj_call(copyfunc, NULL, 0, NULL);
        if (!c) goto fail;
        TUPLE_ITEMS(result)[i] = c;
    }
    DECREF(it);
    DECREF(copyfunc);
    return result;
fail:
    XDECREF(it);
    XDECREF(copyable);
    XDECREF(copyfunc);
    for (Ssize i = 0; i < n; i++)
        if (!TUPLE_ITEMS(result)[i]) TUPLE_ITEMS(result)[i] = INCREF(NONE);
    DECREF(result);
    return NULL;
}

/* ---- the module ------------------------------------------------------------------------ */

static const MethodDef itertools_methods[] = {
    {"tee", m_tee, METH_FAST, "Returns a tuple of n independent iterators."},
    {NULL, NULL, 0, NULL},
};

static Obj *itertools_init(void)
{
    static TypeObj *const types[] = {
        &accumulate_type, &batched_type, &chain_type, &combinations_type, &cwr_type,
        &compress_type, &count_type, &cycle_type, &dropwhile_type, &filterfalse_type,
        &groupby_type, &islice_type, &pairwise_type, &permutations_type, &product_type,
        &repeat_type, &starmap_type, &takewhile_type, &zip_longest_type,
        &grouper_type, &tee_type, &teedata_type,
    };
    static bool fixed;
    if (!fixed) {
        fixed = true;
        combinations_type.dealloc = cwr_type.dealloc = permutations_type.dealloc =
            product_type.dealloc = comb_dealloc;
    }
    Obj *m = mh_module("itertools", itertools_methods);
    if (!m) return NULL;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (type_ready(types[i]) < 0) goto fail;
        if (mh_add_obj(m, type_name(types[i]), (Obj *)types[i]) < 0) goto fail;
    }
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_itertools_register(void) { import_register_native("itertools", itertools_init); }
