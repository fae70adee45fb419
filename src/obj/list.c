/* list.c — the `list` type, its iterators, and the repr recursion guard.
 *
 * A list is a VarObj whose size is the number of items, with a separately
 * allocated vector `items` of `alloc` slots (alloc >= size; items NULL when
 * alloc == 0).  Growth follows CPython 3.12's list_resize exactly (new
 * capacity n + n/8 + 6 rounded down to a multiple of 4, no over-allocation
 * when the jump is large, shrinking only below half), and list(sized) /
 * [*tuple] preallocate exactly (rounded up to even) — so __sizeof__ agrees
 * with CPython's.
 *
 * Every operation that can run Python code (comparisons, repr, __index__,
 * iteration of an argument) re-reads the size and items afterwards: such
 * code may mutate the list.  Removed items are released only once the list
 * is consistent again, in CPython's order (the last item first when a list
 * is cleared or freed).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"

#define L(o) ((ListObj *)(o))

/* ---- repr recursion guard (Py_ReprEnter / Py_ReprLeave) ------------------- */

/* Objects whose repr is in progress, innermost last (borrowed). */
static Obj **repr_stack;
static Ssize repr_len, repr_cap;

int repr_enter(Obj *o)
{
    for (Ssize i = repr_len; --i >= 0;)
        if (repr_stack[i] == o)
            return 1;
    if (repr_len == repr_cap) {
        Ssize ncap = repr_cap ? repr_cap * 2 : 16;
        Obj **n = realloc(repr_stack, (size_t)ncap * sizeof *n);
        if (!n) {
            vm_err_no_memory();
            return -1;
        }
        repr_stack = n;
        repr_cap = ncap;
    }
    repr_stack[repr_len++] = o;
    return 0;
}

void repr_leave(Obj *o)
{
    for (Ssize i = repr_len; --i >= 0;)
        if (repr_stack[i] == o) {
            memmove(repr_stack + i, repr_stack + i + 1, (size_t)(repr_len - i - 1) * sizeof(Obj *));
            repr_len--;
            return;
        }
}

/* ---- the trashcan (Py_TRASHCAN_BEGIN / END) ------------------------------------ */

/* Releasing a deeply nested structure would recurse through the deallocs
 * as deep as the nesting and overflow the C stack.  As in CPython, past
 * TRASH_UNWIND_LEVEL nested container deallocs the object is parked on a
 * list (linked through its dead reference count) and released when the
 * outermost dealloc unwinds, in CPython's order. */
#define TRASH_UNWIND_LEVEL 50
static int trash_nesting;
static Obj *trash_later;

int trash_begin(Obj *o, DestructorFn dealloc)
{
    /* subclass instances come here from their own dealloc: not ours to park */
    if (OBJ_TYPE(o)->dealloc != dealloc)
        return -1;
    if (trash_nesting >= TRASH_UNWIND_LEVEL) {
        gc_untrack(o);
        o->refcnt = (Ssize)(intptr_t)trash_later;
        trash_later = o;
        return 1;
    }
    trash_nesting++;
    return 0;
}

void trash_end(void)
{
    --trash_nesting;
    if (trash_later && trash_nesting <= 0) {
        ++trash_nesting;
        while (trash_later) {
            Obj *o = trash_later;
            trash_later = (Obj *)(intptr_t)o->refcnt;
            o->refcnt = 0;
            OBJ_TYPE(o)->dealloc(o);
        }
        --trash_nesting;
    }
}

/* ---- storage ---------------------------------------------------------------- */

static int list_resize(ListObj *self, Ssize newsize)
{
    Ssize allocated = self->alloc;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        VAR_SIZE(self) = newsize;
        return 0;
    }
    size_t new_allocated = ((size_t)newsize + ((size_t)newsize >> 3) + 6) & ~(size_t)3;
    /* No over-allocation when the new size is closer to it than to the old. */
    if (newsize - VAR_SIZE(self) > (Ssize)(new_allocated - (size_t)newsize))
        new_allocated = ((size_t)newsize + 3) & ~(size_t)3;
    if (newsize == 0)
        new_allocated = 0;
    if (new_allocated > (size_t)INTPTR_MAX / sizeof(Obj *)) {
        vm_err_no_memory();
        return -1;
    }
    /* Shrinking to nothing keeps a (one-slot) block, as CPython's
     * PyMem_Realloc(p, 0) does: a list in that state is not "fresh", so a
     * later extend() over-allocates instead of sizing exactly. */
    Obj **items = realloc(self->items, (new_allocated ? new_allocated : 1) * sizeof(Obj *));
    if (!items) {
        vm_err_no_memory();
        return -1;
    }
    self->items = items;
    VAR_SIZE(self) = newsize;
    self->alloc = (Ssize)new_allocated;
    return 0;
}

/* Room for exactly n items (rounded up to even) in a list with no storage. */
static int list_preallocate_exact(ListObj *self, Ssize n)
{
    size_t alloc = ((size_t)n + 1) & ~(size_t)1;
    if (alloc > (size_t)INTPTR_MAX / sizeof(Obj *)) {
        vm_err_no_memory();
        return -1;
    }
    Obj **items = calloc(alloc, sizeof(Obj *));
    if (!items) {
        vm_err_no_memory();
        return -1;
    }
    self->items = items;
    self->alloc = (Ssize)alloc;
    return 0;
}

/* An empty exact list with room for exactly n items. */
static ListObj *list_new_prealloc(Ssize n)
{
    ListObj *l = (ListObj *)obj_alloc(&list_type, 0);
    if (!l || n == 0)
        return l;
    if ((size_t)n > (size_t)INTPTR_MAX / sizeof(Obj *)) {
        DECREF(l);
        vm_err_no_memory();
        return NULL;
    }
    l->items = calloc((size_t)n, sizeof(Obj *));
    if (!l->items) {
        DECREF(l);
        vm_err_no_memory();
        return NULL;
    }
    l->alloc = n;
    return l;
}

Obj *list_new(Ssize n)
{
    if (n < 0) {
        vm_err_set_str(&exc_SystemError, "negative list size");
        return NULL;
    }
    ListObj *l = list_new_prealloc(n);
    if (l)
        VAR_SIZE(l) = n;
    return (Obj *)l;
}

Obj *list_from_array(Obj *const *v, Ssize n)
{
    ListObj *l = list_new_prealloc(n);
    if (!l)
        return NULL;
    for (Ssize i = 0; i < n; i++)
        l->items[i] = INCREF(v[i]);
    VAR_SIZE(l) = n;
    return (Obj *)l;
}

/* Empty the list first, then release the items, last first. */
static void list_clear_items(ListObj *a)
{
    Obj **item = a->items;
    if (!item)
        return;
    Ssize i = VAR_SIZE(a);
    VAR_SIZE(a) = 0;
    a->items = NULL;
    a->alloc = 0;
    while (--i >= 0)
        XDECREF(item[i]);
    free(item);
}

int list_append(Obj *list, Obj *item)
{
    ListObj *self = L(list);
    Ssize n = VAR_SIZE(self);
    if (n < self->alloc) {
        self->items[n] = INCREF(item);
        VAR_SIZE(self) = n + 1;
        return 0;
    }
    if (list_resize(self, n + 1) < 0)
        return -1;
    self->items[n] = INCREF(item);
    return 0;
}

int list_insert(Obj *list, Ssize where, Obj *v)
{
    ListObj *self = L(list);
    Ssize n = VAR_SIZE(self);
    if (list_resize(self, n + 1) < 0)
        return -1;
    if (where < 0) {
        where += n;
        if (where < 0)
            where = 0;
    }
    if (where > n)
        where = n;
    Obj **items = self->items;
    memmove(items + where + 1, items + where, (size_t)(n - where) * sizeof(Obj *));
    items[where] = INCREF(v);
    return 0;
}

Obj *list_slice(Obj *list, Ssize ilow, Ssize ihigh)
{
    Ssize n = LIST_LEN(list);
    if (ilow < 0)
        ilow = 0;
    else if (ilow > n)
        ilow = n;
    if (ihigh < ilow)
        ihigh = ilow;
    else if (ihigh > n)
        ihigh = n;
    /* an empty list may have no item array at all: no pointer arithmetic on NULL */
    return list_from_array(ihigh > ilow ? LIST_ITEMS(list) + ilow : NULL, ihigh - ilow);
}

Obj *list_as_tuple(Obj *list)
{
    return tuple_from_array(LIST_ITEMS(list), LIST_LEN(list));
}

Obj *seq_fast(Obj *v, const char *msg)
{
    if (IS_TYPE(v, list_type) || IS_TYPE(v, tuple_type))
        return INCREF(v);
    Obj *it = obj_getiter(v);
    if (!it) {
        if (vm_err_matches(&exc_TypeError))
            vm_err_set_str(&exc_TypeError, msg);
        return NULL;
    }
    Obj *l = list_new(0);
    if (l && list_extend(l, it) < 0)
        CLEAR(l);
    DECREF(it);
    return l;
}

static inline Obj **fast_items(Obj *seq)
{
    return IS_TYPE(seq, tuple_type) ? TUPLE_ITEMS(seq) : LIST_ITEMS(seq);
}
static inline Ssize fast_len(Obj *seq)
{
    return IS_TYPE(seq, tuple_type) ? TUPLE_LEN(seq) : LIST_LEN(seq);
}

/* a[ilow:ihigh] = v (v NULL deletes): CPython's list_ass_slice. */
int list_set_slice(Obj *list, Ssize ilow, Ssize ihigh, Obj *v)
{
    ListObj *a = L(list);
    Obj *seq = NULL;
    Obj **vitem = NULL;
    Ssize n = 0;
    if (v) {
        if (v == list) {
            /* a[i:j] = a: copy first */
            Obj *copy = list_slice(list, 0, LIST_LEN(list));
            if (!copy)
                return -1;
            int r = list_set_slice(list, ilow, ihigh, copy);
            DECREF(copy);
            return r;
        }
        seq = seq_fast(v, "can only assign an iterable");
        if (!seq)
            return -1;
        n = fast_len(seq);
        vitem = fast_items(seq);
    }
    Ssize size = VAR_SIZE(a);
    if (ilow < 0)
        ilow = 0;
    else if (ilow > size)
        ilow = size;
    if (ihigh < ilow)
        ihigh = ilow;
    else if (ihigh > size)
        ihigh = size;
    Ssize norig = ihigh - ilow;
    Ssize d = n - norig;
    if (size + d == 0) {
        XDECREF(seq);
        list_clear_items(a);
        return 0;
    }
    /* Keep the items being replaced until the list is consistent again. */
    Obj *recycle_small[8];
    Obj **recycle = recycle_small;
    if (norig > 8) {
        recycle = malloc((size_t)norig * sizeof(Obj *));
        if (!recycle) {
            XDECREF(seq);
            vm_err_no_memory();
            return -1;
        }
    }
    if (norig)
        memcpy(recycle, a->items + ilow, (size_t)norig * sizeof(Obj *));
    if (d < 0) {
        memmove(a->items + ihigh + d, a->items + ihigh, (size_t)(size - ihigh) * sizeof(Obj *));
        (void)list_resize(a, size + d);   /* shrinking cannot fail for lack of memory */
    } else if (d > 0) {
        if (list_resize(a, size + d) < 0) {
            if (recycle != recycle_small)
                free(recycle);
            XDECREF(seq);
            return -1;
        }
        memmove(a->items + ihigh + d, a->items + ihigh, (size_t)(size - ihigh) * sizeof(Obj *));
    }
    for (Ssize k = 0; k < n; k++, ilow++)
        a->items[ilow] = INCREF(vitem[k]);
    for (Ssize k = norig - 1; k >= 0; --k)
        XDECREF(recycle[k]);
    if (recycle != recycle_small)
        free(recycle);
    XDECREF(seq);
    return 0;
}

int list_extend(Obj *list, Obj *iterable)
{
    ListObj *self = L(list);
    if (IS_TYPE(iterable, list_type) || IS_TYPE(iterable, tuple_type) || iterable == list) {
        Obj *seq = INCREF(iterable);
        Ssize n = fast_len(seq);
        if (n == 0) {
            DECREF(seq);
            return 0;
        }
        Ssize m = VAR_SIZE(self);
        if (self->items == NULL) {
            if (list_preallocate_exact(self, n) < 0) {
                DECREF(seq);
                return -1;
            }
            VAR_SIZE(self) = n;
        } else if (list_resize(self, m + n) < 0) {
            DECREF(seq);
            return -1;
        }
        /* list_resize may have moved our own items (l.extend(l)): read now */
        Obj **src = fast_items(seq);
        for (Ssize i = 0; i < n; i++)
            self->items[m + i] = INCREF(src[i]);
        DECREF(seq);
        return 0;
    }
    Obj *it = obj_getiter(iterable);
    if (!it)
        return -1;
    Ssize n = iter_length_hint(iterable, 8);
    if (n < 0) {
        DECREF(it);
        return -1;
    }
    Ssize m = VAR_SIZE(self);
    if (m > INTPTR_MAX - n) {
        /* the hint lied or memory will run out in the loop */
    } else if (self->items == NULL) {
        if (n && list_preallocate_exact(self, n) < 0)
            goto error;
    } else {
        if (list_resize(self, m + n) < 0)
            goto error;
        VAR_SIZE(self) = m;
    }
    for (;;) {
        Obj *item = obj_iternext(it);
        if (!item) {
            if (vm_err_occurred()) {
                if (!vm_err_matches(&exc_StopIteration))
                    goto error;
                vm_err_clear();
            }
            break;
        }
        Ssize k = VAR_SIZE(self);
        if (k < self->alloc) {
            self->items[k] = item;
            VAR_SIZE(self) = k + 1;
        } else {
            int r = list_append(list, item);
            DECREF(item);
            if (r < 0)
                goto error;
        }
    }
    /* Give back what the guess over-allocated. */
    if (VAR_SIZE(self) < self->alloc && list_resize(self, VAR_SIZE(self)) < 0)
        goto error;
    DECREF(it);
    return 0;
error:
    DECREF(it);
    return -1;
}

Obj *seq_to_list(Obj *iterable)
{
    Obj *l = list_new(0);
    if (l && list_extend(l, iterable) < 0)
        CLEAR(l);
    return l;
}

int list_reverse(Obj *list)
{
    if (LIST_LEN(list) < 2)
        return 0;
    Obj **lo = LIST_ITEMS(list), **hi = lo + LIST_LEN(list) - 1;
    while (lo < hi) {
        Obj *t = *lo;
        *lo++ = *hi;
        *hi-- = t;
    }
    return 0;
}

/* ---- slots ------------------------------------------------------------------- */

static void list_dealloc(Obj *o)
{
    ListObj *l = L(o);
    gc_untrack(o);
    int trash = trash_begin(o, list_dealloc);
    if (trash > 0)
        return;
    if (l->items) {
        Ssize i = VAR_SIZE(l);
        while (--i >= 0)
            XDECREF(l->items[i]);
        free(l->items);
        l->items = NULL;
    }
    obj_free(o);
    if (trash == 0)
        trash_end();
}

static int list_traverse(Obj *o, VisitFn visit, void *arg)
{
    for (Ssize i = LIST_LEN(o); --i >= 0;) {
        Obj *x = LIST_ITEMS(o)[i];
        if (x) {
            int r = visit(x, arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static int list_gc_clear(Obj *o)
{
    list_clear_items(L(o));
    return 0;
}

static Obj *list_repr(Obj *o)
{
    if (LIST_LEN(o) == 0)
        return str_from_cstr("[]");
    int r = repr_enter(o);
    if (r != 0)
        return r > 0 ? str_from_cstr("[...]") : NULL;
    SBuf b = SBUF_INIT;
    sbuf_putc(&b, '[');
    /* The size is re-read each time: a repr may change the list. */
    for (Ssize i = 0; i < LIST_LEN(o); i++) {
        if (i)
            sbuf_puts(&b, ", ");
        Obj *item = INCREF(LIST_ITEMS(o)[i]);
        Obj *s = obj_repr(item);
        DECREF(item);
        if (!s) {
            sbuf_free(&b);
            repr_leave(o);
            return NULL;
        }
        Ssize len;
        const char *u = str_utf8_lossy(s, &len);
        sbuf_put(&b, u, (size_t)len);
        DECREF(s);
    }
    sbuf_putc(&b, ']');
    repr_leave(o);
    Obj *res = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return res;
}

static Obj *list_richcompare(Obj *v, Obj *w, int op)
{
    if (!LIST_CHECK(v) || !LIST_CHECK(w))
        return INCREF(NOTIMPL);
    if (LIST_LEN(v) != LIST_LEN(w) && (op == CMP_EQ || op == CMP_NE))
        return bool_from(op == CMP_NE);
    Ssize i;
    for (i = 0; i < LIST_LEN(v) && i < LIST_LEN(w); i++) {
        Obj *vi = LIST_ITEMS(v)[i], *wi = LIST_ITEMS(w)[i];
        if (vi == wi)
            continue;
        INCREF(vi);
        INCREF(wi);
        int k = obj_richcompare_bool(vi, wi, CMP_EQ);
        DECREF(vi);
        DECREF(wi);
        if (k < 0)
            return NULL;
        if (!k)
            break;
    }
    if (i >= LIST_LEN(v) || i >= LIST_LEN(w))
        return ssize_richcompare(LIST_LEN(v), LIST_LEN(w), op);
    if (op == CMP_EQ)
        return bool_from(false);
    if (op == CMP_NE)
        return bool_from(true);
    Obj *vi = INCREF(LIST_ITEMS(v)[i]), *wi = INCREF(LIST_ITEMS(w)[i]);
    Obj *res = obj_richcompare(vi, wi, op);
    DECREF(vi);
    DECREF(wi);
    return res;
}

static Ssize list_length(Obj *o) { return LIST_LEN(o); }

static Obj *list_item(Obj *o, Ssize i)
{
    if (i < 0 || i >= LIST_LEN(o)) {
        vm_err_set_str(&exc_IndexError, "list index out of range");
        return NULL;
    }
    return INCREF(LIST_ITEMS(o)[i]);
}

static Obj *list_concat(Obj *a, Obj *b)
{
    if (!LIST_CHECK(b)) {
        vm_err_format(&exc_TypeError, "can only concatenate list (not \"%s\") to list",
                      OBJ_TYPE(b)->name);
        return NULL;
    }
    Ssize na = LIST_LEN(a), nb = LIST_LEN(b);
    if (na > INTPTR_MAX / 8 - nb) {
        vm_err_no_memory();
        return NULL;
    }
    ListObj *np = list_new_prealloc(na + nb);
    if (!np)
        return NULL;
    for (Ssize i = 0; i < na; i++)
        np->items[i] = INCREF(LIST_ITEMS(a)[i]);
    for (Ssize i = 0; i < nb; i++)
        np->items[na + i] = INCREF(LIST_ITEMS(b)[i]);
    VAR_SIZE(np) = na + nb;
    return (Obj *)np;
}

static Obj *list_repeat(Obj *a, Ssize n)
{
    Ssize len = LIST_LEN(a);
    if (len == 0 || n <= 0)
        return list_new(0);
    if (len > INTPTR_MAX / 8 / n) {
        vm_err_no_memory();
        return NULL;
    }
    ListObj *np = list_new_prealloc(len * n);
    if (!np)
        return NULL;
    Obj **dst = np->items;
    for (Ssize k = 0; k < n; k++)
        for (Ssize i = 0; i < len; i++)
            *dst++ = INCREF(LIST_ITEMS(a)[i]);
    VAR_SIZE(np) = len * n;
    return (Obj *)np;
}

static Obj *list_inplace_concat(Obj *self, Obj *other)
{
    if (list_extend(self, other) < 0)
        return NULL;
    return INCREF(self);
}

static Obj *list_inplace_repeat(Obj *o, Ssize n)
{
    ListObj *self = L(o);
    Ssize len = VAR_SIZE(self);
    if (len == 0 || n == 1)
        return INCREF(o);
    if (n < 1) {
        list_clear_items(self);
        return INCREF(o);
    }
    if (len > INTPTR_MAX / 8 / n) {
        vm_err_no_memory();
        return NULL;
    }
    if (list_resize(self, len * n) < 0)
        return NULL;
    Obj **items = self->items;
    for (Ssize k = 1; k < n; k++)
        for (Ssize i = 0; i < len; i++)
            items[k * len + i] = INCREF(items[i]);
    return INCREF(o);
}

static int list_contains(Obj *o, Obj *el)
{
    int cmp = 0;
    for (Ssize i = 0; cmp == 0 && i < LIST_LEN(o); i++) {
        Obj *item = INCREF(LIST_ITEMS(o)[i]);
        cmp = obj_richcompare_bool(item, el, CMP_EQ);
        DECREF(item);
    }
    return cmp;
}

static Obj *list_subscript(Obj *o, Obj *item)
{
    if (index_check(item)) {
        Ssize i = num_as_ssize(item, &exc_IndexError);
        if (i == -1 && vm_err_occurred())
            return NULL;
        if (i < 0)
            i += LIST_LEN(o);
        return list_item(o, i);
    }
    if (IS_TYPE(item, slice_type)) {
        Ssize start, stop, step;
        if (slice_unpack(item, &start, &stop, &step) < 0)
            return NULL;
        Ssize n = slice_adjust(LIST_LEN(o), &start, &stop, step);
        if (n <= 0)
            return list_new(0);
        if (step == 1)
            return list_slice(o, start, stop);
        ListObj *r = list_new_prealloc(n);
        if (!r)
            return NULL;
        for (Ssize i = 0, cur = start; i < n; i++, cur += step)
            r->items[i] = INCREF(LIST_ITEMS(o)[cur]);
        VAR_SIZE(r) = n;
        return (Obj *)r;
    }
    vm_err_format(&exc_TypeError, "list indices must be integers or slices, not %s",
                  OBJ_TYPE(item)->name);
    return NULL;
}

static int list_ass_item(Obj *o, Ssize i, Obj *v)
{
    if (i < 0 || i >= LIST_LEN(o)) {
        vm_err_set_str(&exc_IndexError, "list assignment index out of range");
        return -1;
    }
    if (!v)
        return list_set_slice(o, i, i + 1, NULL);
    obj_setref(&LIST_ITEMS(o)[i], INCREF(v));
    return 0;
}

/* del a[start:stop:step] for step != 1 (slicelen items, already adjusted). */
static int list_del_extended(ListObj *self, Ssize start, Ssize stop, Ssize step, Ssize slicelen)
{
    if (slicelen <= 0)
        return 0;
    if (step < 0) {
        stop = start + 1;
        start = stop + step * (slicelen - 1) - 1;
        step = -step;
    }
    Obj **garbage = malloc((size_t)slicelen * sizeof(Obj *));
    if (!garbage) {
        vm_err_no_memory();
        return -1;
    }
    Ssize size = VAR_SIZE(self), i;
    size_t cur;
    /* Slide the kept runs down over the removed items. */
    for (cur = (size_t)start, i = 0; cur < (size_t)stop; cur += (size_t)step, i++) {
        Ssize lim = step - 1;
        garbage[i] = self->items[cur];
        if (cur + (size_t)step >= (size_t)size)
            lim = size - (Ssize)cur - 1;
        memmove(self->items + cur - i, self->items + cur + 1, (size_t)lim * sizeof(Obj *));
    }
    cur = (size_t)start + (size_t)slicelen * (size_t)step;
    if (cur < (size_t)size)
        memmove(self->items + cur - slicelen, self->items + cur,
                ((size_t)size - cur) * sizeof(Obj *));
    VAR_SIZE(self) = size - slicelen;
    int res = list_resize(self, VAR_SIZE(self));
    for (i = 0; i < slicelen; i++)
        DECREF(garbage[i]);
    free(garbage);
    return res;
}

static int list_ass_subscript(Obj *o, Obj *item, Obj *value)
{
    ListObj *self = L(o);
    if (index_check(item)) {
        Ssize i = num_as_ssize(item, &exc_IndexError);
        if (i == -1 && vm_err_occurred())
            return -1;
        if (i < 0)
            i += LIST_LEN(o);
        return list_ass_item(o, i, value);
    }
    if (!IS_TYPE(item, slice_type)) {
        vm_err_format(&exc_TypeError, "list indices must be integers or slices, not %s",
                      OBJ_TYPE(item)->name);
        return -1;
    }
    Ssize start, stop, step;
    if (slice_unpack(item, &start, &stop, &step) < 0)
        return -1;
    Ssize slicelen = slice_adjust(LIST_LEN(o), &start, &stop, step);
    if (step == 1)
        return list_set_slice(o, start, stop, value);
    /* s[5:2] = … inserts before 5, not before 2 */
    if ((step < 0 && start < stop) || (step > 0 && start > stop))
        stop = start;
    if (!value)
        return list_del_extended(self, start, stop, step, slicelen);
    Obj *seq = value == o ? list_slice(o, 0, LIST_LEN(o))
                          : seq_fast(value, "must assign iterable to extended slice");
    if (!seq)
        return -1;
    if (fast_len(seq) != slicelen) {
        vm_err_format(&exc_ValueError,
                      "attempt to assign sequence of size %zd to extended slice of size %zd",
                      fast_len(seq), slicelen);
        DECREF(seq);
        return -1;
    }
    if (!slicelen) {
        DECREF(seq);
        return 0;
    }
    /* Iterating the value may have run code that shrank the list. */
    Ssize last = start + (slicelen - 1) * step;
    if (start >= LIST_LEN(o) || last >= LIST_LEN(o) || last < 0) {
        DECREF(seq);
        vm_err_set_str(&exc_IndexError, "list assignment index out of range");
        return -1;
    }
    Obj **garbage = malloc((size_t)slicelen * sizeof(Obj *));
    if (!garbage) {
        DECREF(seq);
        vm_err_no_memory();
        return -1;
    }
    Obj **seqitems = fast_items(seq);
    Ssize cur = start;
    for (Ssize i = 0; i < slicelen; cur += step, i++) {
        garbage[i] = self->items[cur];
        self->items[cur] = INCREF(seqitems[i]);
    }
    for (Ssize i = 0; i < slicelen; i++)
        DECREF(garbage[i]);
    free(garbage);
    DECREF(seq);
    return 0;
}

/* list.__new__: an empty list whatever the arguments (__init__ takes them). */
static Obj *list_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return obj_alloc(t, 0);
}

static int list_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if ((IS_TYPE(self, list_type) || OBJ_TYPE(self)->new_ == list_type.new_) &&
        args_no_kw("list", kwnames) < 0)
        return -1;
    if (args_count("list", nargs, 0, 1) < 0)
        return -1;
    /* __init__ may be called twice: empty the list first. */
    list_clear_items(L(self));
    if (nargs == 0)
        return 0;
    /* 3.12 asks no __len__ up front: list_extend calls __iter__, then the
     * length hint (observable: tracing shows the order of the calls). */
    return list_extend(self, args[0]);
}

/* ---- methods ------------------------------------------------------------------- */

static Obj *meth_append(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (list_append(self, args[0]) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *meth_extend(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (list_extend(self, args[0]) < 0)
        return NULL;
    return INCREF(NONE);
}

/* A Py_ssize_t argument as argument clinic converts it. */
static int ssize_arg(Obj *o, Ssize *out)
{
    Obj *i = num_index(o);
    if (!i)
        return -1;
    int64_t v;
    int r = int_as_i64(i, &v);
    DECREF(i);
    if (r < 0) {
        if (vm_err_matches(&exc_OverflowError))
            vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    *out = (Ssize)v;
    return 0;
}

static Obj *meth_insert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("list.insert", kw) < 0 || args_count("insert", nargs, 2, 2) < 0)
        return NULL;
    Ssize where;
    if (ssize_arg(args[0], &where) < 0)
        return NULL;
    if (list_insert(self, where, args[1]) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *meth_pop(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("list.pop", kw) < 0 || args_count("pop", nargs, 0, 1) < 0)
        return NULL;
    Ssize index = -1;
    if (nargs && ssize_arg(args[0], &index) < 0)
        return NULL;
    ListObj *self = L(o);
    Ssize size = VAR_SIZE(self);
    if (size == 0) {
        vm_err_set_str(&exc_IndexError, "pop from empty list");
        return NULL;
    }
    if (index < 0)
        index += size;
    if (index < 0 || index >= size) {
        vm_err_set_str(&exc_IndexError, "pop index out of range");
        return NULL;
    }
    Obj *v = self->items[index];
    Ssize after = size - 1;
    if (after == 0) {
        INCREF(v);
        list_clear_items(self);
        return v;
    }
    memmove(self->items + index, self->items + index + 1, (size_t)(after - index) * sizeof(Obj *));
    (void)list_resize(self, after);
    return v;   /* the list's reference passes to the caller */
}

static Obj *meth_remove(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    for (Ssize i = 0; i < LIST_LEN(self); i++) {
        Obj *item = INCREF(LIST_ITEMS(self)[i]);
        int cmp = obj_richcompare_bool(item, args[0], CMP_EQ);
        DECREF(item);
        if (cmp > 0) {
            if (list_set_slice(self, i, i + 1, NULL) < 0)
                return NULL;
            return INCREF(NONE);
        }
        if (cmp < 0)
            return NULL;
    }
    vm_err_set_str(&exc_ValueError, "list.remove(x): x not in list");
    return NULL;
}

static Obj *meth_index(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("list.index", kw) < 0 || args_count("index", nargs, 1, 3) < 0)
        return NULL;
    Ssize start = 0, stop = INTPTR_MAX;
    if (nargs > 1 && slice_index_not_none(args[1], &start) < 0)
        return NULL;
    if (nargs > 2 && slice_index_not_none(args[2], &stop) < 0)
        return NULL;
    if (start < 0) {
        start += LIST_LEN(self);
        if (start < 0)
            start = 0;
    }
    if (stop < 0) {
        stop += LIST_LEN(self);
        if (stop < 0)
            stop = 0;
    }
    for (Ssize i = start; i < stop && i < LIST_LEN(self); i++) {
        Obj *item = INCREF(LIST_ITEMS(self)[i]);
        int cmp = obj_richcompare_bool(item, args[0], CMP_EQ);
        DECREF(item);
        if (cmp > 0)
            return int_from_i64(i);
        if (cmp < 0)
            return NULL;
    }
    vm_err_format(&exc_ValueError, "%R is not in list", args[0]);
    return NULL;
}

static Obj *meth_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Ssize count = 0;
    for (Ssize i = 0; i < LIST_LEN(self); i++) {
        Obj *item = LIST_ITEMS(self)[i];
        if (item == args[0]) {
            count++;
            continue;
        }
        INCREF(item);
        int cmp = obj_richcompare_bool(item, args[0], CMP_EQ);
        DECREF(item);
        if (cmp > 0)
            count++;
        else if (cmp < 0)
            return NULL;
    }
    return int_from_i64(count);
}

static Obj *meth_clear(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    list_clear_items(L(self));
    return INCREF(NONE);
}

static Obj *meth_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return list_slice(self, 0, LIST_LEN(self));
}

static Obj *meth_reverse(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    list_reverse(self);
    return INCREF(NONE);
}

static Obj *meth_sort(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (nargs > 0) {
        vm_err_set_str(&exc_TypeError, "sort() takes no positional arguments");
        return NULL;
    }
    Obj *key = NULL;
    int reverse = 0;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize i = 0; i < nkw; i++) {
        Obj *name = TUPLE_ITEMS(kwnames)[i];
        if (str_eq_cstr(name, "key")) {
            key = args[i];
        } else if (str_eq_cstr(name, "reverse")) {
            reverse = obj_is_true(args[i]);
            if (reverse < 0)
                return NULL;
        } else {
            vm_err_format(&exc_TypeError, "'%U' is an invalid keyword argument for sort()", name);
            return NULL;
        }
    }
    if (key == NONE)
        key = NULL;
    if (list_sort(self, key, reverse != 0) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *meth_sizeof(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    /* CPython: 40-byte object + 8 per allocated slot (sys.getsizeof adds
     * the 16-byte GC header). */
    Ssize extra = OBJ_TYPE(self)->basicsize - (Ssize)sizeof(ListObj);
    return int_from_i64(40 + extra + 8 * L(self)->alloc);
}

static Obj *list_reversed(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);

/* list[int] and friends: types.GenericAlias (PEP 585). */
static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return generic_alias_new(cls, args[0]);
}

static MethodDef list_methods[] = {
    {"__reversed__", list_reversed, METH_NOARGS, "Return a reverse iterator over the list."},
    {"__sizeof__", meth_sizeof, METH_NOARGS, "Return the size of the list in memory, in bytes."},
    {"clear", meth_clear, METH_NOARGS, "Remove all items from list."},
    {"copy", meth_copy, METH_NOARGS, "Return a shallow copy of the list."},
    {"append", meth_append, METH_O, "Append object to the end of the list."},
    {"insert", meth_insert, METH_FAST, "Insert object before index."},
    {"extend", meth_extend, METH_O, "Extend list by appending elements from the iterable."},
    {"pop", meth_pop, METH_FAST,
     "Remove and return item at index (default last).\n\n"
     "Raises IndexError if list is empty or index is out of range."},
    {"remove", meth_remove, METH_O,
     "Remove first occurrence of value.\n\nRaises ValueError if the value is not present."},
    {"index", meth_index, METH_FAST,
     "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {"count", meth_count, METH_O, "Return number of occurrences of value."},
    {"reverse", meth_reverse, METH_NOARGS, "Reverse *IN PLACE*."},
    {"sort", meth_sort, METH_FAST,
     "Sort the list in ascending order and return None.\n\n"
     "The sort is in-place (i.e. the list itself is modified) and stable (i.e. the\n"
     "order of two equal elements is maintained).\n\n"
     "If a key function is given, apply it once to each list item and sort them,\n"
     "ascending or descending, according to their function values.\n\n"
     "The reverse flag can be set to sort in descending order."},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static SequenceMethods list_as_sequence = {
    .length = list_length,
    .concat = list_concat,
    .repeat = list_repeat,
    .item = list_item,
    .contains = list_contains,
    .inplace_concat = list_inplace_concat,
    .inplace_repeat = list_inplace_repeat,
};

static MappingMethods list_as_mapping = {
    .length = list_length,
    .subscript = list_subscript,
    .ass_subscript = list_ass_subscript,
};

/* ---- iterators ------------------------------------------------------------------ */

typedef IndexIter ListIter;

static Obj *list_iter(Obj *o)
{
    ListIter *it = (ListIter *)obj_alloc(&list_iter_type, 0);
    if (!it)
        return NULL;
    it->index = 0;
    it->seq = INCREF(o);
    return (Obj *)it;
}

static Obj *list_reversed(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    ListIter *it = (ListIter *)obj_alloc(&list_reviter_type, 0);
    if (!it)
        return NULL;
    it->index = LIST_LEN(self) - 1;
    it->seq = INCREF(self);
    return (Obj *)it;
}

static Obj *listiter_next(Obj *o)
{
    ListIter *it = (ListIter *)o;
    if (!it->seq)
        return NULL;
    if (it->index < LIST_LEN(it->seq))
        return INCREF(LIST_ITEMS(it->seq)[it->index++]);
    CLEAR(it->seq);
    return NULL;
}

static Obj *listiter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ListIter *it = (ListIter *)o;
    Ssize len = it->seq ? LIST_LEN(it->seq) - it->index : 0;
    return int_from_i64(len > 0 ? len : 0);
}

static Obj *listiter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ListIter *it = (ListIter *)o;
    if (it->seq)
        return iter_reduce_seq(it->seq, it->index, NULL);
    Obj *empty = list_new(0);
    if (!empty)
        return NULL;
    Obj *r = iter_reduce_seq(NULL, 0, empty);
    DECREF(empty);
    return r;
}

static Obj *listiter_setstate(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    ListIter *it = (ListIter *)o;
    Ssize index = num_as_ssize(a[0], &exc_OverflowError);
    if (index == -1 && vm_err_occurred())
        return NULL;
    if (it->seq) {
        if (index < 0)
            index = 0;
        else if (index > LIST_LEN(it->seq))
            index = LIST_LEN(it->seq);
        it->index = index;
    }
    return INCREF(NONE);
}

static Obj *listreviter_next(Obj *o)
{
    ListIter *it = (ListIter *)o;
    if (!it->seq)
        return NULL;
    if (it->index >= 0 && it->index < LIST_LEN(it->seq))
        return INCREF(LIST_ITEMS(it->seq)[it->index--]);
    it->index = -1;
    CLEAR(it->seq);
    return NULL;
}

static Obj *listreviter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ListIter *it = (ListIter *)o;
    Ssize len = it->index + 1;
    if (!it->seq || LIST_LEN(it->seq) < len)
        len = 0;
    return int_from_i64(len);
}

static Obj *listreviter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ListIter *it = (ListIter *)o;
    if (it->seq)
        return iter_reduce_builtin("reversed", it->seq, it->index, NULL);
    Obj *empty = list_new(0);
    if (!empty)
        return NULL;
    Obj *r = iter_reduce_seq(NULL, 0, empty);
    DECREF(empty);
    return r;
}

static Obj *listreviter_setstate(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    ListIter *it = (ListIter *)o;
    Ssize index = num_as_ssize(a[0], &exc_OverflowError);
    if (index == -1 && vm_err_occurred())
        return NULL;
    if (it->seq) {
        if (index < -1)
            index = -1;
        else if (index > LIST_LEN(it->seq) - 1)
            index = LIST_LEN(it->seq) - 1;
        it->index = index;
    }
    return INCREF(NONE);
}

static MethodDef listiter_methods[] = {
    {"__length_hint__", listiter_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", listiter_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__setstate__", listiter_setstate, METH_O, "Set state information for unpickling."},
    {NULL, NULL, 0, NULL},
};

static MethodDef listreviter_methods[] = {
    {"__length_hint__", listreviter_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", listreviter_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__setstate__", listreviter_setstate, METH_O, "Set state information for unpickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj list_iter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "list_iterator",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(ListIter),
    .flags = TPF_GC,
    .dealloc = indexiter_dealloc,
    .traverse = indexiter_traverse,
    .iter = iter_self,
    .iternext = listiter_next,
    .methods = listiter_methods,
};

TypeObj list_reviter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "list_reverseiterator",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(ListIter),
    .flags = TPF_GC,
    .dealloc = indexiter_dealloc,
    .traverse = indexiter_traverse,
    .iter = iter_self,
    .iternext = listreviter_next,
    .methods = listreviter_methods,
};

TypeObj list_type = {
    .base = TYPE_HEAD_INIT,
    .name = "list",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(ListObj),
    .flags = TPF_BASETYPE | TPF_GC | TPF_LIST_SUBCLASS | TPF_SEQUENCE,
    .dealloc = list_dealloc,
    .repr = list_repr,
    .hash = hash_not_implemented,
    .richcompare = list_richcompare,
    .iter = list_iter,
    .new_ = list_tp_new,
    .init = list_tp_init,
    .traverse = list_traverse,
    .clear = list_gc_clear,
    .as_sequence = &list_as_sequence,
    .as_mapping = &list_as_mapping,
    .methods = list_methods,
    .doc = "Built-in mutable sequence.\n\n"
           "If no argument is given, the constructor creates a new empty list.\n"
           "The argument must be an iterable if specified.",
};
