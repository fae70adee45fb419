/* listsort.c — list.sort(): CPython 3.12's adaptive merge sort.
 *
 * To give CPython's results even when comparisons are inconsistent, raise,
 * print or mutate the list, this follows the published algorithm of 3.12's
 * listsort step for step, so it makes the same `<` calls in the same order:
 *   - natural runs: strictly descending runs are reversed, runs shorter than
 *     minrun (32..64, from the top 6 bits of n) are extended by binary
 *     insertion;
 *   - runs are merged as "powersort" decides (3.11+): each new run gets a
 *     power from the midpoints of it and its predecessor, and runs of higher
 *     power on the stack are merged first; at the end the stack collapses
 *     right to left, merging the smaller neighbour first;
 *   - merges trim the parts already in place with a gallop on each side,
 *     then merge into the shorter run's copy (merge_lo / merge_hi), switching
 *     to galloping mode when one side wins min_gallop times in a row
 *     (min_gallop starts at 7 and adapts).
 * Only `<` is used.  During the sort the list is empty (size 0, alloc -1);
 * anything the comparisons or key function do to it is discarded and, if
 * the list was touched, "list modified during sort" is raised.  When a
 * comparison raises, every item is still in the list (in a partly sorted
 * order, the same as CPython's).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"

#define MIN_GALLOP 7
#define MAX_MERGE_PENDING 85

/* Keys, and the values that travel with them (NULL without a key function). */
typedef struct SortSlice {
    Obj **keys;
    Obj **values;
} SortSlice;

typedef struct Run {
    SortSlice base;
    Ssize len;
    int power;
} Run;

typedef struct MergeState {
    Ssize min_gallop;
    Ssize listlen;
    Obj **basekeys;
    SortSlice a;          /* temporary storage for merges */
    Ssize alloced;
    bool with_values;     /* a key function is in use: values travel too */
    int n;                /* runs on the stack */
    Run pending[MAX_MERGE_PENDING];
} MergeState;

/* *out = (x < y); -1 on error. */
#define ISLT(X, Y) obj_richcompare_bool((X), (Y), CMP_LT)
#define IFLT(X, Y)                \
    if ((k = ISLT(X, Y)) < 0)     \
        goto fail;                \
    if (k)

static inline void ss_copy(SortSlice *s1, Ssize i, const SortSlice *s2, Ssize j)
{
    s1->keys[i] = s2->keys[j];
    if (s1->values)
        s1->values[i] = s2->values[j];
}

static inline void ss_copy_incr(SortSlice *dst, SortSlice *src)
{
    *dst->keys++ = *src->keys++;
    if (dst->values)
        *dst->values++ = *src->values++;
}

static inline void ss_copy_decr(SortSlice *dst, SortSlice *src)
{
    *dst->keys-- = *src->keys--;
    if (dst->values)
        *dst->values-- = *src->values--;
}

static inline void ss_memcpy(SortSlice *s1, Ssize i, const SortSlice *s2, Ssize j, Ssize n)
{
    memcpy(&s1->keys[i], &s2->keys[j], sizeof(Obj *) * (size_t)n);
    if (s1->values)
        memcpy(&s1->values[i], &s2->values[j], sizeof(Obj *) * (size_t)n);
}

static inline void ss_memmove(SortSlice *s1, Ssize i, const SortSlice *s2, Ssize j, Ssize n)
{
    memmove(&s1->keys[i], &s2->keys[j], sizeof(Obj *) * (size_t)n);
    if (s1->values)
        memmove(&s1->values[i], &s2->values[j], sizeof(Obj *) * (size_t)n);
}

static inline void ss_advance(SortSlice *s, Ssize n)
{
    s->keys += n;
    if (s->values)
        s->values += n;
}

static void reverse_slice(Obj **lo, Obj **hi)
{
    --hi;
    while (lo < hi) {
        Obj *t = *lo;
        *lo++ = *hi;
        *hi-- = t;
    }
}

static void reverse_sortslice(SortSlice *s, Ssize n)
{
    reverse_slice(s->keys, s->keys + n);
    if (s->values)
        reverse_slice(s->values, s->values + n);
}

/* Binary insertion sort of [lo, hi), of which [lo, start) is sorted. */
static int binarysort(SortSlice lo, Obj **hi, Obj **start)
{
    int k;
    Obj **l, **p, **r, *pivot;
    if (lo.keys == start)
        ++start;
    for (; start < hi; ++start) {
        l = lo.keys;
        r = start;
        pivot = *r;
        do {
            p = l + ((r - l) >> 1);
            IFLT(pivot, *p)
                r = p;
            else
                l = p + 1;
        } while (l < r);
        for (p = start; p > l; --p)
            *p = *(p - 1);
        *l = pivot;
        if (lo.values) {
            Ssize offset = lo.values - lo.keys;
            p = start + offset;
            pivot = *p;
            l += offset;
            for (p = start + offset; p > l; --p)
                *p = *(p - 1);
            *l = pivot;
        }
    }
    return 0;
fail:
    return -1;
}

/* Length of the run starting at lo; *descending when strictly descending. */
static Ssize count_run(Obj **lo, Obj **hi, int *descending)
{
    int k;
    Ssize n;
    *descending = 0;
    ++lo;
    if (lo == hi)
        return 1;
    n = 2;
    IFLT(*lo, *(lo - 1)) {
        *descending = 1;
        for (lo = lo + 1; lo < hi; ++lo, ++n) {
            IFLT(*lo, *(lo - 1))
                ;
            else
                break;
        }
    } else {
        for (lo = lo + 1; lo < hi; ++lo, ++n) {
            IFLT(*lo, *(lo - 1))
                break;
        }
    }
    return n;
fail:
    return -1;
}

/* Leftmost position in sorted a[0:n] where key belongs, starting the
 * search at a[hint]. */
static Ssize gallop_left(Obj *key, Obj **a, Ssize n, Ssize hint)
{
    int k;
    Ssize ofs, lastofs;
    a += hint;
    lastofs = 0;
    ofs = 1;
    IFLT(*a, key) {
        const Ssize maxofs = n - hint;
        while (ofs < maxofs) {
            IFLT(a[ofs], key) {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else
                break;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        lastofs += hint;
        ofs += hint;
    } else {
        const Ssize maxofs = hint + 1;
        while (ofs < maxofs) {
            IFLT(*(a - ofs), key)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        Ssize t = lastofs;
        lastofs = hint - ofs;
        ofs = hint - t;
    }
    a -= hint;
    ++lastofs;
    while (lastofs < ofs) {
        Ssize m = lastofs + ((ofs - lastofs) >> 1);
        IFLT(a[m], key)
            lastofs = m + 1;
        else
            ofs = m;
    }
    return ofs;
fail:
    return -1;
}

/* Rightmost position in sorted a[0:n] where key belongs. */
static Ssize gallop_right(Obj *key, Obj **a, Ssize n, Ssize hint)
{
    int k;
    Ssize ofs, lastofs;
    a += hint;
    lastofs = 0;
    ofs = 1;
    IFLT(key, *a) {
        const Ssize maxofs = hint + 1;
        while (ofs < maxofs) {
            IFLT(key, *(a - ofs)) {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else
                break;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        Ssize t = lastofs;
        lastofs = hint - ofs;
        ofs = hint - t;
    } else {
        const Ssize maxofs = n - hint;
        while (ofs < maxofs) {
            IFLT(key, a[ofs])
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        lastofs += hint;
        ofs += hint;
    }
    a -= hint;
    ++lastofs;
    while (lastofs < ofs) {
        Ssize m = lastofs + ((ofs - lastofs) >> 1);
        IFLT(key, a[m])
            ofs = m;
        else
            lastofs = m + 1;
    }
    return ofs;
fail:
    return -1;
}

static void merge_freemem(MergeState *ms)
{
    free(ms->a.keys);
    ms->a.keys = ms->a.values = NULL;
    ms->alloced = 0;
}

/* Temporary room for `need` keys (and values). */
static int merge_getmem(MergeState *ms, Ssize need)
{
    if (need <= ms->alloced)
        return 0;
    int multiplier = ms->with_values ? 2 : 1;
    merge_freemem(ms);
    if ((size_t)need > (size_t)INTPTR_MAX / sizeof(Obj *) / (size_t)multiplier) {
        vm_err_no_memory();
        return -1;
    }
    ms->a.keys = malloc((size_t)multiplier * (size_t)need * sizeof(Obj *));
    if (!ms->a.keys) {
        vm_err_no_memory();
        return -1;
    }
    ms->alloced = need;
    ms->a.values = ms->with_values ? ms->a.keys + need : NULL;
    return 0;
}

static int merge_lo(MergeState *ms, SortSlice ssa, Ssize na, SortSlice ssb, Ssize nb)
{
    int k;
    SortSlice dest;
    int result = -1;
    Ssize min_gallop;
    if (merge_getmem(ms, na) < 0)
        return -1;
    ss_memcpy(&ms->a, 0, &ssa, 0, na);
    dest = ssa;
    ssa = ms->a;

    ss_copy_incr(&dest, &ssb);
    --nb;
    if (nb == 0)
        goto succeed;
    if (na == 1)
        goto copy_b;

    min_gallop = ms->min_gallop;
    for (;;) {
        Ssize acount = 0, bcount = 0;
        for (;;) {
            k = ISLT(ssb.keys[0], ssa.keys[0]);
            if (k) {
                if (k < 0)
                    goto fail;
                ss_copy_incr(&dest, &ssb);
                ++bcount;
                acount = 0;
                --nb;
                if (nb == 0)
                    goto succeed;
                if (bcount >= min_gallop)
                    break;
            } else {
                ss_copy_incr(&dest, &ssa);
                ++acount;
                bcount = 0;
                --na;
                if (na == 1)
                    goto copy_b;
                if (acount >= min_gallop)
                    break;
            }
        }
        ++min_gallop;
        do {
            min_gallop -= min_gallop > 1;
            ms->min_gallop = min_gallop;
            Ssize g = gallop_right(ssb.keys[0], ssa.keys, na, 0);
            acount = g;
            if (g) {
                if (g < 0)
                    goto fail;
                ss_memcpy(&dest, 0, &ssa, 0, g);
                ss_advance(&dest, g);
                ss_advance(&ssa, g);
                na -= g;
                if (na == 1)
                    goto copy_b;
                /* only an inconsistent comparison gets here */
                if (na == 0)
                    goto succeed;
            }
            ss_copy_incr(&dest, &ssb);
            --nb;
            if (nb == 0)
                goto succeed;

            g = gallop_left(ssa.keys[0], ssb.keys, nb, 0);
            bcount = g;
            if (g) {
                if (g < 0)
                    goto fail;
                ss_memmove(&dest, 0, &ssb, 0, g);
                ss_advance(&dest, g);
                ss_advance(&ssb, g);
                nb -= g;
                if (nb == 0)
                    goto succeed;
            }
            ss_copy_incr(&dest, &ssa);
            --na;
            if (na == 1)
                goto copy_b;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++min_gallop;
        ms->min_gallop = min_gallop;
    }
succeed:
    result = 0;
fail:
    if (na)
        ss_memcpy(&dest, 0, &ssa, 0, na);
    return result;
copy_b:
    /* the last item of a belongs at the end of the merge */
    ss_memmove(&dest, 0, &ssb, 0, nb);
    ss_copy(&dest, nb, &ssa, 0);
    return 0;
}

static int merge_hi(MergeState *ms, SortSlice ssa, Ssize na, SortSlice ssb, Ssize nb)
{
    int k;
    SortSlice dest, basea, baseb;
    int result = -1;
    Ssize min_gallop;
    if (merge_getmem(ms, nb) < 0)
        return -1;
    dest = ssb;
    ss_advance(&dest, nb - 1);
    ss_memcpy(&ms->a, 0, &ssb, 0, nb);
    basea = ssa;
    baseb = ms->a;
    ssb.keys = ms->a.keys + nb - 1;
    if (ssb.values)
        ssb.values = ms->a.values + nb - 1;
    ss_advance(&ssa, na - 1);

    ss_copy_decr(&dest, &ssa);
    --na;
    if (na == 0)
        goto succeed;
    if (nb == 1)
        goto copy_a;

    min_gallop = ms->min_gallop;
    for (;;) {
        Ssize acount = 0, bcount = 0;
        for (;;) {
            k = ISLT(ssb.keys[0], ssa.keys[0]);
            if (k) {
                if (k < 0)
                    goto fail;
                ss_copy_decr(&dest, &ssa);
                ++acount;
                bcount = 0;
                --na;
                if (na == 0)
                    goto succeed;
                if (acount >= min_gallop)
                    break;
            } else {
                ss_copy_decr(&dest, &ssb);
                ++bcount;
                acount = 0;
                --nb;
                if (nb == 1)
                    goto copy_a;
                if (bcount >= min_gallop)
                    break;
            }
        }
        ++min_gallop;
        do {
            min_gallop -= min_gallop > 1;
            ms->min_gallop = min_gallop;
            Ssize g = gallop_right(ssb.keys[0], basea.keys, na, na - 1);
            if (g < 0)
                goto fail;
            g = na - g;
            acount = g;
            if (g) {
                ss_advance(&dest, -g);
                ss_advance(&ssa, -g);
                ss_memmove(&dest, 1, &ssa, 1, g);
                na -= g;
                if (na == 0)
                    goto succeed;
            }
            ss_copy_decr(&dest, &ssb);
            --nb;
            if (nb == 1)
                goto copy_a;

            g = gallop_left(ssa.keys[0], baseb.keys, nb, nb - 1);
            if (g < 0)
                goto fail;
            g = nb - g;
            bcount = g;
            if (g) {
                ss_advance(&dest, -g);
                ss_advance(&ssb, -g);
                ss_memcpy(&dest, 1, &ssb, 1, g);
                nb -= g;
                if (nb == 1)
                    goto copy_a;
                /* only an inconsistent comparison gets here */
                if (nb == 0)
                    goto succeed;
            }
            ss_copy_decr(&dest, &ssa);
            --na;
            if (na == 0)
                goto succeed;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++min_gallop;
        ms->min_gallop = min_gallop;
    }
succeed:
    result = 0;
fail:
    if (nb)
        ss_memcpy(&dest, -(nb - 1), &baseb, 0, nb);
    return result;
copy_a:
    /* the first item of b belongs at the front of the merge */
    ss_memmove(&dest, 1 - na, &ssa, 1 - na, na);
    ss_advance(&dest, -na);
    ss_advance(&ssa, -na);
    ss_copy(&dest, 0, &ssb, 0);
    return 0;
}

/* Merge runs i and i+1 of the stack. */
static int merge_at(MergeState *ms, int i)
{
    SortSlice ssa = ms->pending[i].base, ssb = ms->pending[i + 1].base;
    Ssize na = ms->pending[i].len, nb = ms->pending[i + 1].len;
    ms->pending[i].len = na + nb;
    if (i == ms->n - 3)
        ms->pending[i + 1] = ms->pending[i + 2];
    --ms->n;

    /* Items of a before where b[0] goes are already in place. */
    Ssize k = gallop_right(*ssb.keys, ssa.keys, na, 0);
    if (k < 0)
        return -1;
    ss_advance(&ssa, k);
    na -= k;
    if (na == 0)
        return 0;
    /* Items of b after where a[-1] goes are already in place. */
    nb = gallop_left(ssa.keys[na - 1], ssb.keys, nb, nb - 1);
    if (nb <= 0)
        return (int)nb;
    if (na <= nb)
        return merge_lo(ms, ssa, na, ssb, nb);
    return merge_hi(ms, ssa, na, ssb, nb);
}

/* Powersort's "power" of the boundary between runs [s1, s1+n1) and
 * [s1+n1, s1+n1+n2) in a list of n: the first bit where the binary
 * expansions of the two midpoints / n differ. */
static int powerloop(Ssize s1, Ssize n1, Ssize n2, Ssize n)
{
    int result = 0;
    Ssize a = 2 * s1 + n1;    /* twice the first midpoint */
    Ssize b = a + n1 + n2;    /* twice the second */
    for (;;) {
        ++result;
        if (a >= n) {
            a -= n;
            b -= n;
        } else if (b >= n) {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    return result;
}

static int found_new_run(MergeState *ms, Ssize n2)
{
    if (ms->n) {
        Run *p = ms->pending;
        Ssize s1 = p[ms->n - 1].base.keys - ms->basekeys;
        Ssize n1 = p[ms->n - 1].len;
        int power = powerloop(s1, n1, n2, ms->listlen);
        while (ms->n > 1 && p[ms->n - 2].power > power)
            if (merge_at(ms, ms->n - 2) < 0)
                return -1;
        p[ms->n - 1].power = power;
    }
    return 0;
}

static int merge_force_collapse(MergeState *ms)
{
    Run *p = ms->pending;
    while (ms->n > 1) {
        int n = ms->n - 2;
        if (n > 0 && p[n - 1].len < p[n + 1].len)
            --n;
        if (merge_at(ms, n) < 0)
            return -1;
    }
    return 0;
}

/* n itself below 64, else a value in [32, 64] with n/minrun just below a
 * power of two. */
static Ssize merge_compute_minrun(Ssize n)
{
    Ssize r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

int list_sort(Obj *list, Obj *keyfunc, bool reverse)
{
    ListObj *self = (ListObj *)list;
    MergeState ms;
    memset(&ms, 0, sizeof ms);
    Obj **keys = NULL;
    int result = -1;
    Ssize i;

    /* Empty the list while sorting: nothing the comparisons do to it can
     * touch the items being sorted. */
    Ssize saved_size = VAR_SIZE(self);
    Obj **saved_items = self->items;
    Ssize saved_alloc = self->alloc;
    VAR_SIZE(self) = 0;
    self->items = NULL;
    self->alloc = -1;

    SortSlice lo;
    if (!keyfunc) {
        lo.keys = saved_items;
        lo.values = NULL;
    } else {
        keys = malloc((size_t)(saved_size ? saved_size : 1) * sizeof(Obj *));
        if (!keys) {
            vm_err_no_memory();
            goto keyfunc_fail;
        }
        for (i = 0; i < saved_size; i++) {
            keys[i] = obj_call(keyfunc, &saved_items[i], 1, NULL);
            if (!keys[i]) {
                while (--i >= 0)
                    DECREF(keys[i]);
                free(keys);
                keys = NULL;
                goto keyfunc_fail;
            }
        }
        lo.keys = keys;
        lo.values = saved_items;
    }

    ms.min_gallop = MIN_GALLOP;
    ms.listlen = saved_size;
    ms.basekeys = lo.keys;
    ms.with_values = keys != NULL;

    Ssize nremaining = saved_size;
    if (nremaining < 2)
        goto succeed;

    /* A stable descending sort: reverse, sort ascending, reverse back. */
    if (reverse) {
        if (keys)
            reverse_slice(keys, keys + saved_size);
        reverse_slice(saved_items, saved_items + saved_size);
    }

    Ssize minrun = merge_compute_minrun(nremaining);
    do {
        int descending;
        Ssize n = count_run(lo.keys, lo.keys + nremaining, &descending);
        if (n < 0)
            goto fail;
        if (descending)
            reverse_sortslice(&lo, n);
        if (n < minrun) {
            const Ssize force = nremaining <= minrun ? nremaining : minrun;
            if (binarysort(lo, lo.keys + force, lo.keys + n) < 0)
                goto fail;
            n = force;
        }
        if (found_new_run(&ms, n) < 0)
            goto fail;
        ms.pending[ms.n].base = lo;
        ms.pending[ms.n].len = n;
        ++ms.n;
        ss_advance(&lo, n);
        nremaining -= n;
    } while (nremaining);

    if (merge_force_collapse(&ms) < 0)
        goto fail;

succeed:
    result = 0;
fail:
    if (keys) {
        for (i = 0; i < saved_size; i++)
            DECREF(keys[i]);
        free(keys);
    }
    if (self->alloc != -1 && result == 0) {
        vm_err_set_str(&exc_ValueError, "list modified during sort");
        result = -1;
    }
    if (reverse && saved_size > 1)
        reverse_slice(saved_items, saved_items + saved_size);
    merge_freemem(&ms);

keyfunc_fail:;
    /* Put the items back; drop whatever the comparisons stored meanwhile. */
    Obj **final_items = self->items;
    i = VAR_SIZE(self);
    VAR_SIZE(self) = saved_size;
    self->items = saved_items;
    self->alloc = saved_alloc;
    if (final_items) {
        while (--i >= 0)
            XDECREF(final_items[i]);
        free(final_items);
    }
    return result;
}
