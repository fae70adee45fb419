/* gc.c — the cycle collector.  Objects of types with TPF_GC are linked into
 * one of three generations when allocated (CPython's thresholds: 700
 * allocations, then every 10th collection of the younger generation).  A
 * collection of generation g:
 *   1. takes every object of generations 0..g, and starts each one's
 *      scratch count at its reference count;
 *   2. subtracts the references coming from inside the set (traverse), so
 *      what remains counts references from outside;
 *   3. marks everything reachable from objects with outside references;
 *   4. runs the finalizers (__del__) of the rest once (PEP 442), then
 *      repeats 1-3 on the rest to spare what a finalizer resurrected;
 *   5. clears (tp_clear) what is still unreachable, which breaks the cycles
 *      so reference counting frees them.
 * Survivors move one generation older.  3.12 runs collections from the
 * eval loop's periodic check (gc_maybe_collect), never inside allocation.
 */
#include "config.h"

#include <stdlib.h>

#include "src/obj/objimpl.h"

#define NGEN 3

typedef struct Gen {
    GcHead head;          /* circular list sentinel */
    int threshold, count;
} Gen;

static Gen gens[NGEN] = {
    {{&gens[0].head, &gens[0].head, 0, 0, 0}, 700, 0},
    {{&gens[1].head, &gens[1].head, 0, 0, 0}, 10, 0},
    {{&gens[2].head, &gens[2].head, 0, 0, 0}, 10, 0},
};
static bool enabled = true;
static bool collecting;
static Ssize long_lived_total, long_lived_pending;
volatile int gc_pending;

#define GCF_REACHABLE 8u

static void glist_remove(GcHead *g)
{
    g->prev->next = g->next;
    g->next->prev = g->prev;
    g->next = g->prev = NULL;
}

static void glist_append(GcHead *g, int gen)
{
    GcHead *h = &gens[gen].head;
    g->prev = h->prev;
    g->next = h;
    h->prev->next = g;
    h->prev = g;
    g->gen = (unsigned)gen;
}

/* 3.12 takes most lists, dicts and small tuples from free lists, which
 * neither count as allocations nor, going back to a list not yet full, as
 * deallocations; generation 0's count, and so when collections run, follows
 * it. */
#define FL_LIST_MAX 80
#define FL_DICT_MAX 80
#define FL_TUPLE_MAX 2000
#define FL_TUPLE_SIZES 20
static int fl_list, fl_dict, fl_tuple[FL_TUPLE_SIZES + 1];   /* set by gc_start_program_counts */

/* The free-list level o's type (and size) goes with, or NULL. */
static int *free_list_of(Obj *o, int *max)
{
    TypeObj *t = OBJ_TYPE(o);
    if (t == &list_type) {
        *max = FL_LIST_MAX;
        return &fl_list;
    }
    if (t == &dict_type) {
        *max = FL_DICT_MAX;
        return &fl_dict;
    }
    if (t == &tuple_type && VAR_SIZE(o) >= 1 && VAR_SIZE(o) <= FL_TUPLE_SIZES) {
        *max = FL_TUPLE_MAX;
        return &fl_tuple[VAR_SIZE(o)];
    }
    return NULL;
}

static int quiet_depth;

void gc_count_phantom(void)
{
    gens[0].count++;
    if (enabled && !collecting && gens[0].count > gens[0].threshold && gens[0].threshold > 0)
        gc_pending = 1;
}

void gc_quiet(bool on)
{
    quiet_depth += on ? 1 : -1;
}

void gc_on_alloc(Obj *o)
{
    GcHead *g = GC_HEAD(o);
    glist_append(g, 0);
    if (quiet_depth > 0) {
        g->flags |= GCF_UNCOUNTED;
        return;
    }
    int max, *fl = free_list_of(o, &max);
    if (fl && *fl > 0) {
        (*fl)--;
        g->flags |= GCF_FROM_FREE_LIST;
        return;
    }
    gens[0].count++;
    if (enabled && !collecting && gens[0].count > gens[0].threshold && gens[0].threshold > 0)
        gc_pending = 1;
}

void gc_on_free(Obj *o)
{
    GcHead *g = GC_HEAD(o);
    if (g->next) glist_remove(g);
    if (g->flags & GCF_UNCOUNTED) return;
    int max, *fl = free_list_of(o, &max);
    if (fl && *fl < max) {
        (*fl)++;
        return;
    }
    if (gens[0].count > 0) gens[0].count--;
}

void gc_uncount(Obj *o)
{
    GcHead *g = GC_HEAD(o);
    if (g->flags & GCF_UNCOUNTED) return;
    g->flags |= GCF_UNCOUNTED;
    int max, *fl = free_list_of(o, &max);
    if (fl && (g->flags & GCF_FROM_FREE_LIST))
        (*fl)++;   /* given back: 3.12 never allocated it */
    else if (gens[0].count > 0)
        gens[0].count--;
}

void gc_track(Obj *o)
{
    if (!obj_has_gc_head(o)) return;
    GcHead *g = GC_HEAD(o);
    if (!g->next) glist_append(g, 0);
}

void gc_untrack(Obj *o)
{
    if (!obj_has_gc_head(o)) return;
    GcHead *g = GC_HEAD(o);
    if (g->next) glist_remove(g);
}

bool gc_is_tracked(Obj *o)
{
    return obj_has_gc_head(o) && GC_HEAD(o)->next != NULL;
}

/* ---- the algorithm ------------------------------------------------------------ */

typedef struct ObjVec { Obj **v; size_t n, cap; } ObjVec;

static void vec_push(ObjVec *a, Obj *o)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 256;
        a->v = xrealloc(a->v, a->cap * sizeof(Obj *));
    }
    a->v[a->n++] = o;
}

/* One reference to this object the collection does not count as coming
 * from outside (gc_collect_at_exit's caller holding __main__'s globals). */
static Obj *uncounted_ref;

/* A referent inside the set being collected. */
static GcHead *in_set(Obj *o)
{
    if (!o || !obj_has_gc_head(o)) return NULL;
    GcHead *g = GC_HEAD(o);
    return g->next && (g->flags & GCF_COLLECTING) ? g : NULL;
}

static int visit_decref(Obj *o, void *arg)
{
    (void)arg;
    GcHead *g = in_set(o);
    if (g) g->refs--;
    return 0;
}

static void traverse(Obj *o, VisitFn fn, void *arg)
{
    TraverseFn t = OBJ_TYPE(o)->traverse;
    if (t) t(o, fn, arg);
}

/* The order a collection visits an object's referents in, for the
 * reachability pass: its own traverse, except that an instance's attributes
 * are visited before the dict holding them, as 3.12 visits its inline values
 * straight from the instance (the survivors' order below depends on it). */
static void traverse_ordered(Obj *o, VisitFn fn, void *arg)
{
    if (OBJ_TYPE(o)->traverse == subtype_traverse) {
        subtype_traverse_inline(o, fn, arg);
        return;
    }
    traverse(o, fn, arg);
}

/* visit_reachable of CPython's move_unreachable: a referent already taken
 * for unreachable goes back to the end of the queue; one not reached yet is
 * only marked. */
static int visit_requeue(Obj *o, void *arg)
{
    GcHead *g = in_set(o);
    if (!g || (g->flags & GCF_REACHABLE))
        return 0;
    if (g->flags & GCF_UNREACHABLE) {
        g->flags &= ~GCF_UNREACHABLE;
        g->refs = 1;
        vec_push(arg, o);
    } else if (g->refs == 0) {
        g->refs = 1;
    }
    return 0;
}

/* Steps 1-3 on set S: counts from refcnt - held, subtract internal
 * references, then CPython's move_unreachable scan: in S's order an object
 * with outside references is reachable and its referents are marked (those
 * taken for unreachable earlier go back to the end of the scan), one without
 * is taken for unreachable until something reaches it.  Unreachable objects
 * are appended to *out in scan order; *surv (if given) gets the reachable
 * ones in the order CPython leaves them in the generation list, which is the
 * order of later collections and so of finalizers at exit. */
static void find_unreachable(ObjVec *S, Ssize held, ObjVec *out, ObjVec *surv)
{
    for (size_t i = 0; i < S->n; i++) {
        GcHead *g = GC_HEAD(S->v[i]);
        g->flags |= GCF_COLLECTING;
        g->flags &= ~(GCF_REACHABLE | GCF_UNREACHABLE);
        g->refs = S->v[i]->refcnt - held - (S->v[i] == uncounted_ref);
    }
    for (size_t i = 0; i < S->n; i++) traverse(S->v[i], visit_decref, NULL);
    ObjVec young = {0}, unr = {0};
    for (size_t i = 0; i < S->n; i++) vec_push(&young, S->v[i]);
    for (size_t i = 0; i < young.n; i++) {
        Obj *o = young.v[i];
        GcHead *g = GC_HEAD(o);
        if (g->flags & (GCF_REACHABLE | GCF_UNREACHABLE))
            continue;
        if (g->refs > 0) {
            g->flags |= GCF_REACHABLE;
            if (surv) vec_push(surv, o);
            traverse_ordered(o, visit_requeue, &young);
        } else {
            g->flags |= GCF_UNREACHABLE;
            vec_push(&unr, o);
        }
    }
    free(young.v);
    for (size_t i = 0; i < unr.n; i++) {
        GcHead *g = GC_HEAD(unr.v[i]);
        if (g->flags & GCF_UNREACHABLE) {
            g->flags &= ~GCF_UNREACHABLE;
            vec_push(out, unr.v[i]);
        }
    }
    free(unr.v);
}

/* In the set being collected and not reachable from outside it. */
static bool is_garbage(Obj *o)
{
    GcHead *g = in_set(o);
    return g && !(g->flags & GCF_REACHABLE);
}

static void clear_flags(ObjVec *S)
{
    for (size_t i = 0; i < S->n; i++) GC_HEAD(S->v[i])->flags &= ~(GCF_COLLECTING | GCF_REACHABLE);
}

static void run_callbacks(const char *phase, int gen, Ssize collected);
static void note_collection(int gen, Ssize n);

/* 3.12 holds no reference to the garbage while finalizers run: an object
 * a finalizer lets go of (a generator's close() clearing its frame) is
 * deallocated at once, its __del__ running there.  Ours are held, so one
 * whose only reference left is that hold goes now, the same way. */
static void release_dropped(ObjVec *U)
{
    for (bool again = true; again;) {
        again = false;
        for (size_t j = 0; j < U->n; j++) {
            Obj *o = U->v[j];
            if (!o || o->refcnt != 1) continue;
            U->v[j] = NULL;
            DECREF(o);
            if (vm_err_occurred()) vm_err_write_unraisable("Exception ignored in", NULL);
            again = true;
        }
    }
}

static Ssize collect_inner(int gen);

static Ssize collect(int gen)
{
    run_callbacks("start", gen, 0);
    Ssize n = collect_inner(gen);
    note_collection(gen, n);
    run_callbacks("stop", gen, n);
    return n;
}

static Ssize collect_inner(int gen)
{
    collecting = true;
    /* Gather generations 0..gen in CPython's merged order: the collected
     * generation first, then the younger ones from generation 0 up. */
    ObjVec S = {0};
    for (int j = 0; j <= gen; j++) {
        int k = j == 0 ? gen : j - 1;
        for (GcHead *g = gens[k].head.next; g != &gens[k].head; g = g->next) vec_push(&S, GC_OBJ(g));
    }
    ObjVec U = {0}, surv = {0};
    find_unreachable(&S, 0, &U, &surv);
    /* 3.12 keeps an instance's attributes inline (no dict object) unless
     * __dict__ was asked for, so its count leaves out managed dicts. */
    Ssize n_unreachable = (Ssize)U.n;
    for (size_t i = 0; i < U.n; i++) {
        Obj *o = U.v[i];
        if (!(OBJ_TYPE(o)->flags & TPF_MANAGED_DICT)) continue;
        Obj *d = *obj_managed_dict(o);
        if (d && obj_has_gc_head(d) && (GC_HEAD(d)->flags & GCF_COLLECTING) &&
            !(GC_HEAD(d)->flags & GCF_REACHABLE))
            n_unreachable--;
    }
    /* Survivors: everything reachable moves one generation older. */
    int older = gen < NGEN - 1 ? gen + 1 : gen;
    for (size_t i = 0; i < surv.n; i++) {
        GcHead *g = GC_HEAD(surv.v[i]);
        glist_remove(g);
        glist_append(g, older);
    }
    free(surv.v);
    /* Weak references to the garbage die now, before any __del__ runs;
     * the callbacks of those that are not garbage themselves run once all
     * are cleared (3.12's handle_weakrefs). */
    Obj **wrcb = NULL;
    size_t nwrcb = 0, capwrcb = 0;
    for (size_t i = 0; i < U.n; i++) weakref_gc_clear(U.v[i], is_garbage, &wrcb, &nwrcb, &capwrcb);
    clear_flags(&S);
    free(S.v);

    /* Hold the unreachable objects while finalizers and clears run. */
    for (size_t i = 0; i < U.n; i++) INCREF(U.v[i]);
    Obj *saved = vm_err_fetch();
    for (size_t i = 0; i < nwrcb; i++) {
        weakref_gc_call(wrcb[i]);
        if (wrcb[i]->refcnt == 1) n_unreachable++;   /* counted when freed, as CPython */
        DECREF(wrcb[i]);
    }
    free(wrcb);
    for (size_t i = 0; i < U.n; i++) {
        Obj *o = U.v[i];
        if (!o) continue;
        GcHead *g = GC_HEAD(o);
        DestructorFn fin = OBJ_TYPE(o)->finalize;
        if (fin && !(g->flags & GCF_FINALIZED)) {
            g->flags |= GCF_FINALIZED;
            fin(o);
            if (vm_err_occurred()) vm_err_write_unraisable("Exception ignored in", o);
            release_dropped(&U);
        }
    }
    /* Spare what the finalizers resurrected. */
    ObjVec still = {0}, tracked = {0};
    for (size_t i = 0; i < U.n; i++)
        if (U.v[i] && GC_HEAD(U.v[i])->next) vec_push(&tracked, U.v[i]);
    find_unreachable(&tracked, 1, &still, NULL);
    for (size_t i = 0; i < tracked.n; i++) {
        GcHead *g = GC_HEAD(tracked.v[i]);
        if (g->flags & GCF_REACHABLE) {
            glist_remove(g);
            glist_append(g, older);
        }
    }
    clear_flags(&tracked);
    free(tracked.v);
    for (size_t i = 0; i < still.n; i++) {
        Obj *o = still.v[i];
        InquiryFn clr = OBJ_TYPE(o)->clear;
        if (clr && GC_HEAD(o)->next) {
            clr(o);
            if (vm_err_occurred()) vm_err_write_unraisable("Exception ignored in", o);
        }
    }
    free(still.v);
    for (size_t i = 0; i < U.n; i++) XDECREF(U.v[i]);
    free(U.v);
    vm_err_restore(saved);
    /* Bookkeeping as CPython: younger counts reset, the next one counts this. */
    for (int k = 0; k <= gen; k++) gens[k].count = 0;
    if (gen < NGEN - 1) gens[gen + 1].count++;
    collecting = false;
    return n_unreachable;
}

Ssize gc_collect(int generation)
{
    if (collecting) return 0;
    if (generation < 0) {
        /* The scheduled collection: the oldest generation over threshold. */
        gc_pending = 0;
        if (!enabled) return 0;
        int g = 0;
        for (int k = NGEN - 1; k >= 0; k--) {
            if (gens[k].count > gens[k].threshold && gens[k].threshold > 0) {
                /* A full collection waits for enough long-lived objects. */
                if (k == NGEN - 1 && long_lived_pending < long_lived_total / 4) continue;
                g = k;
                break;
            }
        }
        Ssize n = collect(g);
        if (g == NGEN - 1) {
            long_lived_pending = 0;
            long_lived_total = 0;
            for (GcHead *h = gens[2].head.next; h != &gens[2].head; h = h->next) long_lived_total++;
        } else if (g == 1) {
            long_lived_pending += gens[2].count;
        }
        return n;
    }
    if (generation >= NGEN) {
        vm_err_set_str(&exc_ValueError, "invalid generation");
        return -1;
    }
    gc_pending = 0;
    Ssize n = collect(generation);
    if (generation == NGEN - 1) long_lived_pending = 0;
    return n;
}

void gc_start_program_counts(size_t unmarshalled)
{
    /* 3.12's start-up ends with its objects (__main__'s globals among them)
     * in generation 1: the program's own come after them. */
    while (gens[0].head.next != &gens[0].head) {
        GcHead *g = gens[0].head.next;
        glist_remove(g);
        glist_append(g, 1);
    }
    /* Measured: gc.get_count() as the first statement of a .pyc run by
     * python3.12 is about (667 + the objects its unmarshal allocated + the
     * import of gc, 4, 0); past
     * the threshold, the collection runs at the module's first RESUME. */
    fl_list = 10;
    fl_dict = 12;
    fl_tuple[1] = 2;
    for (int k = 2; k <= FL_TUPLE_SIZES; k++) fl_tuple[k] = 1000;
    gens[0].count = 667 + (int)(unmarshalled > 100000 ? 100000 : unmarshalled);
    gens[1].count = 4;
    gens[2].count = 0;
    gc_pending = enabled && gens[0].count > gens[0].threshold;
}

void gc_collect_at_exit(Obj *held)
{
    if (collecting) return;
    gc_pending = 0;
    uncounted_ref = held;
    collect_inner(NGEN - 1);
    uncounted_ref = NULL;
    long_lived_pending = 0;
}

void gc_set_enabled(bool on) { enabled = on; }
bool gc_is_enabled(void) { return enabled; }

void gc_get_threshold(int out[3])
{
    for (int k = 0; k < NGEN; k++) out[k] = gens[k].threshold;
}

void gc_set_threshold(const int t[3])
{
    for (int k = 0; k < NGEN; k++) gens[k].threshold = t[k];
}

void gc_get_count(int out[3])
{
    for (int k = 0; k < NGEN; k++) out[k] = gens[k].count;
}

/* ---- the gc module ------------------------------------------------------------------ */

static int debug_flags;
static Obj *gc_callbacks, *gc_garbage;
static Ssize stats_collections[NGEN], stats_collected[NGEN];

static Obj *gcm_collect(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"generation"};
    Obj *g;
    if (args_parse("collect", args, nargs, kwnames, names, 1, 0, 0, &g) < 0) return NULL;
    Ssize gen = 2;
    if (g) {
        gen = num_as_ssize(g, &exc_OverflowError);
        if (gen == -1 && vm_err_occurred()) return NULL;
    }
    if (gen < 0 || gen >= NGEN) {
        vm_err_set_str(&exc_ValueError, "invalid generation");
        return NULL;
    }
    Ssize n = gc_collect((int)gen);
    return n < 0 ? NULL : int_from_i64(n);
}

static Obj *gcm_enable(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)a; (void)n; (void)k; enabled = true; return INCREF(NONE); }
static Obj *gcm_disable(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)a; (void)n; (void)k; enabled = false; return INCREF(NONE); }
static Obj *gcm_isenabled(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)a; (void)n; (void)k; return bool_from(enabled); }

static Obj *triple(int v[3])
{
    Obj *a = int_from_i64(v[0]), *b = int_from_i64(v[1]), *c = int_from_i64(v[2]);
    Obj *t = a && b && c ? tuple_pack(3, a, b, c) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    return t;
}

static Obj *gcm_get_count(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)a; (void)n; (void)k;
    int v[3];
    gc_get_count(v);
    return triple(v);
}

static Obj *gcm_get_threshold(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)a; (void)n; (void)k;
    int v[3];
    gc_get_threshold(v);
    return triple(v);
}

static Obj *gcm_set_threshold(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s;
    if (args_no_kw("set_threshold", k) < 0) return NULL;
    if (n < 1) {
        vm_err_set_str(&exc_TypeError, "set_threshold() takes at least 1 argument (0 given)");
        return NULL;
    }
    if (n > 3) {
        vm_err_format(&exc_TypeError, "set_threshold() takes at most 3 arguments (%zd given)", n);
        return NULL;
    }
    int v[3];
    gc_get_threshold(v);
    for (Ssize i = 0; i < n; i++) {
        int64_t x;
        if (!INT_CHECK(a[i])) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(a[i])));
            return NULL;
        }
        if (int_as_i64(a[i], &x) < 0 || x > INT32_MAX || x < INT32_MIN) {
            vm_err_clear();
            vm_err_set_str(&exc_OverflowError, "signed integer is greater than maximum");
            return NULL;
        }
        v[i] = (int)x;
    }
    gc_set_threshold(v);
    return INCREF(NONE);
}

static Obj *gcm_is_tracked(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)n; (void)k;
    return bool_from(gc_is_tracked(a[0]));
}

static Obj *gcm_is_finalized(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)n; (void)k;
    Obj *o = a[0];
    return bool_from(obj_has_gc_head(o) && (GC_HEAD(o)->flags & GCF_FINALIZED));
}

static Obj *gcm_get_objects(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s;
    static const char *const names[] = {"generation"};
    Obj *g;
    if (args_parse("get_objects", a, n, k, names, 1, 0, 0, &g) < 0) return NULL;
    int lo = 0, hi = NGEN - 1;
    if (g && g != NONE) {
        Ssize gen = num_as_ssize(g, &exc_OverflowError);
        if (gen == -1 && vm_err_occurred()) return NULL;
        if (gen >= NGEN) {
            vm_err_format(&exc_ValueError, "generation parameter must be less than the number of available generations (%i)", NGEN);
            return NULL;
        }
        if (gen < 0) {
            vm_err_set_str(&exc_ValueError, "generation parameter cannot be negative");
            return NULL;
        }
        lo = hi = (int)gen;
    }
    Obj *l = list_new(0);
    if (!l) return NULL;
    for (int gi = lo; gi <= hi; gi++)
        for (GcHead *h = gens[gi].head.next; h != &gens[gi].head; h = h->next) {
            Obj *o = GC_OBJ(h);
            if (o == l) continue;
            if (list_append(l, o) < 0) {
                DECREF(l);
                return NULL;
            }
        }
    return l;
}

static int visit_append(Obj *o, void *arg)
{
    return o && list_append(arg, o) < 0 ? -1 : 0;
}

static Obj *gcm_get_referents(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s;
    if (args_no_kw("get_referents", k) < 0) return NULL;
    Obj *l = list_new(0);
    if (!l) return NULL;
    for (Ssize i = 0; i < n; i++) {
        if (!obj_has_gc_head(a[i])) continue;
        TraverseFn t = OBJ_TYPE(a[i])->traverse;
        if (t && t(a[i], visit_append, l) < 0) {
            DECREF(l);
            return NULL;
        }
    }
    return l;
}

typedef struct RefArgs { Obj *const *objs; Ssize n; bool hit; } RefArgs;
static int visit_find(Obj *o, void *arg)
{
    RefArgs *r = arg;
    for (Ssize i = 0; i < r->n; i++)
        if (o == r->objs[i]) r->hit = true;
    return 0;
}

static Obj *gcm_get_referrers(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s;
    if (args_no_kw("get_referrers", k) < 0) return NULL;
    Obj *l = list_new(0);
    if (!l) return NULL;
    for (int gi = 0; gi < NGEN; gi++)
        for (GcHead *h = gens[gi].head.next; h != &gens[gi].head; h = h->next) {
            Obj *o = GC_OBJ(h);
            TraverseFn t = OBJ_TYPE(o)->traverse;
            if (!t || o == l) continue;
            RefArgs r = {a, n, false};
            t(o, visit_find, &r);
            if (r.hit && list_append(l, o) < 0) {
                DECREF(l);
                return NULL;
            }
        }
    return l;
}

static Obj *gcm_get_stats(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)a; (void)n; (void)k;
    Obj *l = list_new(0);
    for (int gi = 0; l && gi < NGEN; gi++) {
        Obj *d = dict_new();
        Obj *c = int_from_i64(stats_collections[gi]), *x = int_from_i64(stats_collected[gi]),
            *u = int_from_i64(0);
        int r = d && c && x && u ? 0 : -1;
        if (r == 0) r = dict_set_str(d, "collections", c);
        if (r == 0) r = dict_set_str(d, "collected", x);
        if (r == 0) r = dict_set_str(d, "uncollectable", u);
        if (r == 0) r = list_append(l, d);
        XDECREF(d);
        XDECREF(c);
        XDECREF(x);
        XDECREF(u);
        if (r < 0) CLEAR(l);
    }
    return l;
}

static Obj *gcm_set_debug(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)n; (void)k;
    Ssize v = num_as_ssize(a[0], &exc_OverflowError);
    if (v == -1 && vm_err_occurred()) return NULL;
    debug_flags = (int)v;
    return INCREF(NONE);
}

static Obj *gcm_get_debug(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)a; (void)n; (void)k;
    return int_from_i64(debug_flags);
}

static Ssize frozen_count;

/* freeze(): move everything to the permanent generation — here: out of the
 * collector's lists, counted so get_freeze_count works. */
static Obj *gcm_freeze(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)a; (void)n; (void)k;
    for (int gi = 0; gi < NGEN; gi++)
        while (gens[gi].head.next != &gens[gi].head) {
            glist_remove(gens[gi].head.next);
            frozen_count++;
        }
    return INCREF(NONE);
}

static Obj *gcm_unfreeze(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)a; (void)n; (void)k;
    frozen_count = 0;
    return INCREF(NONE);
}

static Obj *gcm_get_freeze_count(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)s; (void)a; (void)n; (void)k;
    return int_from_i64(frozen_count);
}

static const MethodDef gc_functions[] = {
    {"enable", gcm_enable, METH_NOARGS, "Enable automatic garbage collection."},
    {"disable", gcm_disable, METH_NOARGS, "Disable automatic garbage collection."},
    {"isenabled", gcm_isenabled, METH_NOARGS, "Returns true if automatic garbage collection is enabled."},
    {"collect", gcm_collect, METH_FAST, "Run the garbage collector."},
    {"get_count", gcm_get_count, METH_NOARGS, "Return a three-tuple of the current collection counts."},
    {"get_threshold", gcm_get_threshold, METH_NOARGS, "Return the current collection thresholds."},
    {"set_threshold", gcm_set_threshold, METH_FAST, "Set the collection thresholds."},
    {"is_tracked", gcm_is_tracked, METH_O, "Returns true if the object is tracked by the garbage collector."},
    {"is_finalized", gcm_is_finalized, METH_O, "Returns true if the object has been already finalized by the GC."},
    {"get_objects", gcm_get_objects, METH_FAST, "Return a list of objects tracked by the collector."},
    {"get_referents", gcm_get_referents, METH_FAST, "Return the list of objects that are directly referred to by 'objs'."},
    {"get_referrers", gcm_get_referrers, METH_FAST, "Return the list of objects that directly refer to any of 'objs'."},
    {"get_stats", gcm_get_stats, METH_NOARGS, "Return a list of dictionaries containing per-generation statistics."},
    {"set_debug", gcm_set_debug, METH_O, "Set the garbage collection debugging flags."},
    {"get_debug", gcm_get_debug, METH_NOARGS, "Get the garbage collection debugging flags."},
    {"freeze", gcm_freeze, METH_NOARGS, "Freeze all current tracked objects."},
    {"unfreeze", gcm_unfreeze, METH_NOARGS, "Unfreeze all objects in the permanent generation."},
    {"get_freeze_count", gcm_get_freeze_count, METH_NOARGS, "Return the number of objects in the permanent generation."},
    {NULL, NULL, 0, NULL},
};

/* Run gc.callbacks with ("start"|"stop", info). */
static void run_callbacks(const char *phase, int gen, Ssize collected)
{
    if (!gc_callbacks || !LIST_CHECK(gc_callbacks) || LIST_LEN(gc_callbacks) == 0) return;
    Obj *saved = vm_err_fetch();
    Obj *ph = str_from_cstr(phase), *info = dict_new();
    Obj *g = int_from_i64(gen), *c = int_from_i64(collected), *u = int_from_i64(0);
    if (ph && info && g && c && u && dict_set_str(info, "generation", g) == 0 &&
        dict_set_str(info, "collected", c) == 0 && dict_set_str(info, "uncollectable", u) == 0) {
        Obj *cbs = list_as_tuple(gc_callbacks);
        for (Ssize i = 0; cbs && i < TUPLE_LEN(cbs); i++) {
            Obj *args[2] = {ph, info};
            Obj *r = obj_call(TUPLE_ITEMS(cbs)[i], args, 2, NULL);
            if (r) DECREF(r);
            else vm_err_write_unraisable("Exception ignored in garbage collector", TUPLE_ITEMS(cbs)[i]);
        }
        XDECREF(cbs);
    }
    XDECREF(ph);
    XDECREF(info);
    XDECREF(g);
    XDECREF(c);
    XDECREF(u);
    vm_err_clear();
    vm_err_restore(saved);
}

static void note_collection(int gen, Ssize n)
{
    stats_collections[gen]++;
    stats_collected[gen] += n;
}

Obj *gc_module_init(void)
{
    Obj *m = module_new("gc");
    if (!m) return NULL;
    ((ModuleObj *)m)->native = (void *)gc_functions;
    if (!gc_callbacks) gc_callbacks = list_new(0);
    if (!gc_garbage) gc_garbage = list_new(0);
    vm_static_roots(&gc_callbacks, 1);
    vm_static_roots(&gc_garbage, 1);
    if (!gc_callbacks || !gc_garbage || module_add_functions(m, gc_functions) < 0 ||
        module_add(m, "callbacks", INCREF(gc_callbacks)) < 0 ||
        module_add(m, "garbage", INCREF(gc_garbage)) < 0 ||
        module_add(m, "DEBUG_STATS", int_from_i64(1)) < 0 ||
        module_add(m, "DEBUG_COLLECTABLE", int_from_i64(2)) < 0 ||
        module_add(m, "DEBUG_UNCOLLECTABLE", int_from_i64(4)) < 0 ||
        module_add(m, "DEBUG_SAVEALL", int_from_i64(32)) < 0 ||
        module_add(m, "DEBUG_LEAK", int_from_i64(38)) < 0) {
        DECREF(m);
        return NULL;
    }
    Obj *doc = str_from_cstr("This module provides access to the garbage collector for reference cycles.\n");
    if (module_add(m, "__doc__", doc) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}
