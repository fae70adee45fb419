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

void gc_on_alloc(Obj *o)
{
    GcHead *g = GC_HEAD(o);
    glist_append(g, 0);
    gens[0].count++;
    if (enabled && !collecting && gens[0].count > gens[0].threshold && gens[0].threshold > 0)
        gc_pending = 1;
}

void gc_on_free(Obj *o)
{
    GcHead *g = GC_HEAD(o);
    if (g->next) glist_remove(g);
    if (gens[0].count > 0) gens[0].count--;
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

static int visit_reach(Obj *o, void *arg)
{
    GcHead *g = in_set(o);
    if (g && !(g->flags & GCF_REACHABLE)) {
        g->flags |= GCF_REACHABLE;
        vec_push(arg, o);
    }
    return 0;
}

static void traverse(Obj *o, VisitFn fn, void *arg)
{
    TraverseFn t = OBJ_TYPE(o)->traverse;
    if (t) t(o, fn, arg);
}

/* Steps 1-3 on set S: counts from refcnt - held, subtract internal
 * references, mark what outside references reach.  Unreachable objects are
 * appended to *out. */
static void find_unreachable(ObjVec *S, Ssize held, ObjVec *out)
{
    for (size_t i = 0; i < S->n; i++) {
        GcHead *g = GC_HEAD(S->v[i]);
        g->flags |= GCF_COLLECTING;
        g->flags &= ~GCF_REACHABLE;
        g->refs = S->v[i]->refcnt - held;
    }
    for (size_t i = 0; i < S->n; i++) traverse(S->v[i], visit_decref, NULL);
    ObjVec work = {0};
    for (size_t i = 0; i < S->n; i++) {
        GcHead *g = GC_HEAD(S->v[i]);
        if (g->refs > 0 && !(g->flags & GCF_REACHABLE)) {
            g->flags |= GCF_REACHABLE;
            vec_push(&work, S->v[i]);
        }
    }
    while (work.n) {
        Obj *o = work.v[--work.n];
        traverse(o, visit_reach, &work);
    }
    free(work.v);
    for (size_t i = 0; i < S->n; i++) {
        GcHead *g = GC_HEAD(S->v[i]);
        if (!(g->flags & GCF_REACHABLE)) vec_push(out, S->v[i]);
    }
}

static void clear_flags(ObjVec *S)
{
    for (size_t i = 0; i < S->n; i++) GC_HEAD(S->v[i])->flags &= ~(GCF_COLLECTING | GCF_REACHABLE);
}

static Ssize collect(int gen)
{
    collecting = true;
    /* Gather generations 0..gen. */
    ObjVec S = {0};
    for (int k = 0; k <= gen; k++)
        for (GcHead *g = gens[k].head.next; g != &gens[k].head; g = g->next) vec_push(&S, GC_OBJ(g));
    ObjVec U = {0};
    find_unreachable(&S, 0, &U);
    /* Survivors: everything reachable moves one generation older. */
    int older = gen < NGEN - 1 ? gen + 1 : gen;
    for (size_t i = 0; i < S.n; i++) {
        GcHead *g = GC_HEAD(S.v[i]);
        if (g->flags & GCF_REACHABLE) {
            glist_remove(g);
            glist_append(g, older);
        }
    }
    clear_flags(&S);
    free(S.v);
    Ssize n_unreachable = (Ssize)U.n;
    /* Hold the unreachable objects while finalizers and clears run. */
    for (size_t i = 0; i < U.n; i++) INCREF(U.v[i]);
    Obj *saved = vm_err_fetch();
    for (size_t i = 0; i < U.n; i++) {
        Obj *o = U.v[i];
        GcHead *g = GC_HEAD(o);
        DestructorFn fin = OBJ_TYPE(o)->finalize;
        if (fin && !(g->flags & GCF_FINALIZED)) {
            g->flags |= GCF_FINALIZED;
            fin(o);
            if (vm_err_occurred()) vm_err_write_unraisable("Exception ignored in", o);
        }
    }
    /* Spare what the finalizers resurrected. */
    ObjVec still = {0}, tracked = {0};
    for (size_t i = 0; i < U.n; i++)
        if (GC_HEAD(U.v[i])->next) vec_push(&tracked, U.v[i]);
    find_unreachable(&tracked, 1, &still);
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
    for (size_t i = 0; i < U.n; i++) DECREF(U.v[i]);
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
