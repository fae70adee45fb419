/* mod_heapq.c — the `heapq` module of CPython 3.12 (_heapq plus what
 * heapq.py adds in Python).
 *
 * The sift loops compare with `<` in exactly CPython's order (siftup moves
 * the smaller child up to a leaf, then siftdown bubbles the item back), and
 * heapify switches to the cache-friendly visiting order for more than 2500
 * items, so __lt__ is called the same number of times on the same pairs
 * and results with ties are identical.  A list that changes size during a
 * comparison is "list changed size during iteration".  nlargest, nsmallest
 * and merge follow heapq.py step by step, decorating with (elem, order)
 * tuples / [value, order, iterator] lists so that ties compare as there.
 */
#include "config.h"

#include "src/native/modhelp.h"

/* ---- sifting ------------------------------------------------------------------------------ */

static int size_changed(void)
{
    vm_err_set_str(&exc_RuntimeError, "list changed size during iteration");
    return -1;
}

/* a < b; max heaps compare the other way round */
static int less(Obj *a, Obj *b, bool max)
{
    INCREF(a);
    INCREF(b);
    int r = max ? obj_richcompare_bool(b, a, CMP_LT) : obj_richcompare_bool(a, b, CMP_LT);
    DECREF(a);
    DECREF(b);
    return r;
}

static int siftdown(Obj *heap, Ssize startpos, Ssize pos, bool max)
{
    Ssize size = LIST_LEN(heap);
    if (pos >= size) return 0;
    while (pos > startpos) {
        Ssize parentpos = (pos - 1) >> 1;
        int cmp = less(LIST_ITEMS(heap)[pos], LIST_ITEMS(heap)[parentpos], max);
        if (cmp < 0) return -1;
        if (size != LIST_LEN(heap)) return size_changed();
        if (cmp == 0) break;
        Obj **arr = LIST_ITEMS(heap);
        Obj *parent = arr[parentpos];
        arr[parentpos] = arr[pos];
        arr[pos] = parent;
        pos = parentpos;
    }
    return 0;
}

static int siftup(Obj *heap, Ssize pos, bool max)
{
    Ssize endpos = LIST_LEN(heap), startpos = pos;
    if (pos >= endpos) return 0;
    Ssize limit = endpos >> 1;
    while (pos < limit) {
        Ssize childpos = 2 * pos + 1;
        if (childpos + 1 < endpos) {
            int cmp = less(LIST_ITEMS(heap)[childpos], LIST_ITEMS(heap)[childpos + 1], max);
            if (cmp < 0) return -1;
            childpos += (Ssize)((unsigned)cmp ^ 1);
            if (endpos != LIST_LEN(heap)) return size_changed();
        }
        Obj **arr = LIST_ITEMS(heap);
        Obj *tmp = arr[childpos];
        arr[childpos] = arr[pos];
        arr[pos] = tmp;
        pos = childpos;
    }
    return siftdown(heap, startpos, pos, max);
}

static int check_list(Obj *o, const char *what)
{
    if (LIST_CHECK(o)) return 0;
    vm_err_format(&exc_TypeError, "%s must be list, not %s", what, type_name(OBJ_TYPE(o)));
    return -1;
}

static Obj *push(Obj *heap, Obj *item, bool max)
{
    if (list_append(heap, item) < 0) return NULL;
    if (siftdown(heap, 0, LIST_LEN(heap) - 1, max) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *pop(Obj *heap, bool max)
{
    Ssize n = LIST_LEN(heap);
    if (n == 0) {
        vm_err_set_str(&exc_IndexError, "index out of range");
        return NULL;
    }
    Obj *last = LIST_ITEMS(heap)[n - 1];
    INCREF(last);
    if (list_set_slice(heap, n - 1, n, NULL) < 0) {
        DECREF(last);
        return NULL;
    }
    if (n - 1 == 0) return last;
    Obj *ret = LIST_ITEMS(heap)[0];
    LIST_ITEMS(heap)[0] = last;   /* the list's reference to ret becomes ours */
    if (siftup(heap, 0, max) < 0) {
        DECREF(ret);
        return NULL;
    }
    return ret;
}

static Obj *replace(Obj *heap, Obj *item, bool max)
{
    if (LIST_LEN(heap) == 0) {
        vm_err_set_str(&exc_IndexError, "index out of range");
        return NULL;
    }
    Obj *ret = LIST_ITEMS(heap)[0];
    LIST_ITEMS(heap)[0] = INCREF(item);
    if (siftup(heap, 0, max) < 0) {
        DECREF(ret);
        return NULL;
    }
    return ret;
}

/* highest power of two <= n */
static Ssize keep_top_bit(Ssize n)
{
    int i = 0;
    while (n > 1) {
        n >>= 1;
        i++;
    }
    return (Ssize)1 << i;
}

static int heapify(Obj *heap, bool max)
{
    Ssize n = LIST_LEN(heap);
    if (n > 2500) {
        /* cache-friendly order: each node still sifted once, after its subtrees */
        Ssize m = n >> 1, leftmost = keep_top_bit(m + 1) - 1, mhalf = m >> 1;
        for (Ssize i = leftmost - 1; i >= mhalf; i--)
            for (Ssize j = i;; j >>= 1) {
                if (siftup(heap, j, max) < 0) return -1;
                if (!(j & 1)) break;
            }
        for (Ssize i = m - 1; i >= leftmost; i--)
            for (Ssize j = i;; j >>= 1) {
                if (siftup(heap, j, max) < 0) return -1;
                if (!(j & 1)) break;
            }
        return 0;
    }
    for (Ssize i = (n >> 1) - 1; i >= 0; i--)
        if (siftup(heap, i, max) < 0) return -1;
    return 0;
}

/* ---- _heapq functions -------------------------------------------------------------------- */

static Obj *h_heappush(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_heapq.heappush", "heappush", n, kw, 2, 2) < 0 ||
        check_list(a[0], "heappush() argument 1") < 0)
        return NULL;
    return push(a[0], a[1], false);
}

static Obj *h_heappop(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("_heapq.heappop", n, kw) < 0 || check_list(a[0], "heappop() argument") < 0) return NULL;
    return pop(a[0], false);
}

static Obj *h_heapreplace(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_heapq.heapreplace", "heapreplace", n, kw, 2, 2) < 0 ||
        check_list(a[0], "heapreplace() argument 1") < 0)
        return NULL;
    return replace(a[0], a[1], false);
}

static Obj *h_heappushpop(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_heapq.heappushpop", "heappushpop", n, kw, 2, 2) < 0 ||
        check_list(a[0], "heappushpop() argument 1") < 0)
        return NULL;
    Obj *heap = a[0], *item = a[1];
    if (LIST_LEN(heap) == 0) return INCREF(item);
    int cmp = less(LIST_ITEMS(heap)[0], item, false);
    if (cmp < 0) return NULL;
    if (cmp == 0) return INCREF(item);
    if (LIST_LEN(heap) == 0) {
        vm_err_set_str(&exc_IndexError, "index out of range");
        return NULL;
    }
    return replace(heap, item, false);
}

static Obj *h_heapify(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("_heapq.heapify", n, kw) < 0 || check_list(a[0], "heapify() argument") < 0) return NULL;
    if (heapify(a[0], false) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *h_heappop_max(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("_heapq._heappop_max", n, kw) < 0 || check_list(a[0], "_heappop_max() argument") < 0)
        return NULL;
    return pop(a[0], true);
}

static Obj *h_heapreplace_max(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_heapq._heapreplace_max", "_heapreplace_max", n, kw, 2, 2) < 0 ||
        check_list(a[0], "_heapreplace_max() argument 1") < 0)
        return NULL;
    return replace(a[0], a[1], true);
}

static Obj *h_heapify_max(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("_heapq._heapify_max", n, kw) < 0 || check_list(a[0], "_heapify_max() argument") < 0)
        return NULL;
    if (heapify(a[0], true) < 0) return NULL;
    return INCREF(NONE);
}

/* heapq.py's _siftdown(heap, startpos, pos) / _siftup(heap, pos) and the
 * max-heap variants: the same comparisons as the C sifts above */
static Obj *sift_common(const char *name, Obj *const *a, Ssize n, Obj *kw, bool down, bool max)
{
    static const char *const dnames[] = {"heap", "startpos", "pos"};
    static const char *const unames[] = {"heap", "pos"};
    Obj *v[3];
    if (mh_bind(name, a, n, kw, down ? dnames : unames, down ? 3 : 2, down ? 3 : 2, 0, down ? 3 : 2, 0, v) < 0)
        return NULL;
    if (check_list(v[0], "heap") < 0) return NULL;
    Ssize start = 0, pos;
    if (down) {
        start = num_as_ssize(v[1], &exc_OverflowError);
        if (start == -1 && vm_err_occurred()) return NULL;
    }
    pos = num_as_ssize(v[down ? 2 : 1], &exc_OverflowError);
    if (pos == -1 && vm_err_occurred()) return NULL;
    if (pos < 0 || pos >= LIST_LEN(v[0])) {
        vm_err_set_str(&exc_IndexError, "list index out of range");
        return NULL;
    }
    int rc = down ? siftdown(v[0], start, pos, max) : siftup(v[0], pos, max);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *h_siftdown(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return sift_common("_siftdown", a, n, kw, true, false); }
static Obj *h_siftup(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return sift_common("_siftup", a, n, kw, false, false); }
static Obj *h_siftdown_max(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return sift_common("_siftdown_max", a, n, kw, true, true); }
static Obj *h_siftup_max(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return sift_common("_siftup_max", a, n, kw, false, true); }

/* ---- nlargest / nsmallest (heapq.py) -------------------------------------------------------- */

static Obj *builtin_call(const char *name, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *f = dict_get_str_borrow(vm->builtins, name);
    if (!f) {
        vm_err_format(&exc_NameError, "name '%s' is not defined", name);
        return NULL;
    }
    return obj_call(f, args, nargs, kwnames);
}

/* min()/max() with default=sentinel and key */
static Obj *n_is_one(Obj *iterable, Obj *key, bool largest)
{
    Obj *it = obj_getiter(iterable);
    if (!it) return NULL;
    Obj *sentinel = obj_alloc(&object_type, 0);
    Obj *kwn = tuple_pack(2, id_str("default"), id_str("key"));
    Obj *r = NULL;
    if (sentinel && kwn) {
        Obj *v[3] = {it, sentinel, key ? key : NONE};
        r = builtin_call(largest ? "max" : "min", v, 1, kwn);
    }
    Obj *res = NULL;
    if (r) res = r == sentinel ? list_new(0) : list_from_array(&r, 1);
    XDECREF(r);
    XDECREF(kwn);
    XDECREF(sentinel);
    DECREF(it);
    return res;
}

/* [elem for ... in result] picking field `field` of each tuple */
static Obj *undecorate(Obj *result, Ssize field)
{
    Obj *out = list_new(LIST_LEN(result));
    if (!out) return NULL;
    for (Ssize i = 0; i < LIST_LEN(result); i++)
        LIST_ITEMS(out)[i] = INCREF(TUPLE_ITEMS(LIST_ITEMS(result)[i])[field]);
    return out;
}

static Obj *nbest(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames, bool largest)
{
    static const char *const names[] = {"n", "iterable", "key"};
    Obj *v[3];
    if (mh_bind(fname, args, nargs, kwnames, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *n = v[0], *iterable = v[1], *key = v[2] && v[2] != NONE ? v[2] : NULL;
    Obj *one = int_from_i64(1);
    int is1 = one ? obj_richcompare_bool(n, one, CMP_EQ) : -1;
    XDECREF(one);
    if (is1 < 0) return NULL;
    if (is1) return n_is_one(iterable, key, largest);
    if (has_len(iterable)) {
        Ssize size = obj_length(iterable);
        if (size < 0) {
            if (!vm_err_matches(&exc_TypeError) && !vm_err_matches(&exc_AttributeError)) return NULL;
            vm_err_clear();
        } else {
            Obj *sz = int_from_i64(size);
            int ge = sz ? obj_richcompare_bool(n, sz, CMP_GE) : -1;
            XDECREF(sz);
            if (ge < 0) return NULL;
            if (ge) {
                Obj *kwn = tuple_pack(2, id_str("key"), id_str("reverse"));
                Obj *sv[3] = {iterable, key ? key : NONE, largest ? TRUE_ : FALSE_};
                Obj *sorted = kwn ? builtin_call("sorted", sv, 1, kwn) : NULL;
                XDECREF(kwn);
                if (!sorted) return NULL;
                Obj *sl = slice_new(NULL, n, NULL);
                Obj *r = sl ? obj_getitem(sorted, sl) : NULL;
                XDECREF(sl);
                DECREF(sorted);
                return r;
            }
        }
    } else {
        /* len() raising TypeError: ignored as heapq.py does */
        if (vm_err_occurred()) return NULL;
    }
    Ssize cnt = mh_as_ssize(n);   /* range(n) */
    if (cnt == -1 && vm_err_occurred()) {
        if (vm_err_matches(&exc_OverflowError)) return NULL;
        return NULL;
    }
    Obj *it = obj_getiter(iterable);
    if (!it) return NULL;
    Obj *result = list_new(0);
    if (!result) goto fail;
    /* result = [(elem, i) / (key(elem), i, elem) for i, elem in zip(range(...), it)] */
    for (Ssize i = 0; i < cnt; i++) {
        Obj *elem = obj_iternext(it);
        if (!elem) break;
        Obj *order = int_from_i64(largest ? -i : i);
        Obj *t = NULL;
        if (order) {
            if (key) {
                Obj *k = obj_call(key, &elem, 1, NULL);
                if (k) t = tuple_pack(3, k, order, elem);
                XDECREF(k);
            } else {
                t = tuple_pack(2, elem, order);
            }
        }
        XDECREF(order);
        DECREF(elem);
        if (!t || list_append(result, t) < 0) {
            XDECREF(t);
            goto fail;
        }
        DECREF(t);
    }
    if (vm_err_occurred()) goto fail;
    if (LIST_LEN(result) == 0) {
        DECREF(it);
        return result;
    }
    if (heapify(result, !largest) < 0) goto fail;
    Obj *top = INCREF(TUPLE_ITEMS(LIST_ITEMS(result)[0])[0]);
    int64_t order = largest ? -cnt : cnt;
    Obj *elem;
    while ((elem = obj_iternext(it))) {
        Obj *k = key ? obj_call(key, &elem, 1, NULL) : INCREF(elem);
        if (!k) {
            DECREF(elem);
            DECREF(top);
            goto fail;
        }
        int better = largest ? obj_richcompare_bool(top, k, CMP_LT) : obj_richcompare_bool(k, top, CMP_LT);
        if (better < 0) {
            DECREF(k);
            DECREF(elem);
            DECREF(top);
            goto fail;
        }
        if (better) {
            Obj *o = int_from_i64(order);
            Obj *t = o ? (key ? tuple_pack(3, k, o, elem) : tuple_pack(2, k, o)) : NULL;
            XDECREF(o);
            Obj *old = t ? replace(result, t, !largest) : NULL;
            XDECREF(t);
            if (!old) {
                DECREF(k);
                DECREF(elem);
                DECREF(top);
                goto fail;
            }
            DECREF(old);
            obj_setref(&top, INCREF(TUPLE_ITEMS(LIST_ITEMS(result)[0])[0]));
            order += largest ? -1 : 1;
        }
        DECREF(k);
        DECREF(elem);
    }
    DECREF(top);
    if (vm_err_occurred()) goto fail;
    DECREF(it);
    if (list_sort(result, NULL, largest) < 0) {
        DECREF(result);
        return NULL;
    }
    Obj *out = undecorate(result, key ? 2 : 0);
    DECREF(result);
    return out;
fail:
    XDECREF(result);
    DECREF(it);
    return NULL;
}

static Obj *h_nlargest(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return nbest("nlargest", a, n, kw, true);
}

static Obj *h_nsmallest(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return nbest("nsmallest", a, n, kw, false);
}

/* ---- merge (a generator in heapq.py) ------------------------------------------------------- */

typedef struct MergeObj {
    Obj base;
    Obj *iterables;      /* tuple, until started */
    Obj *key;            /* NULL: none */
    Obj *h;              /* list of [value, order, it] / [keyvalue, order, value, it] */
    Obj *last;           /* the single remaining iterator, when only one is left */
    Obj *pending;        /* the entry whose value was yielded last */
    bool reverse, started, done;
} MergeObj;

static void merge_dealloc(Obj *o)
{
    MergeObj *m = (MergeObj *)o;
    XDECREF(m->iterables);
    XDECREF(m->key);
    XDECREF(m->h);
    XDECREF(m->last);
    XDECREF(m->pending);
    obj_free(o);
}

static int merge_traverse(Obj *o, VisitFn visit, void *arg)
{
    MergeObj *m = (MergeObj *)o;
    Obj *f[] = {m->iterables, m->key, m->h, m->last, m->pending};
    for (int i = 0; i < 5; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static Obj *merge_repr(Obj *o) { return str_from_fmt("<generator object merge at %p>", (void *)o); }

static int merge_start(MergeObj *m)
{
    m->h = list_new(0);
    if (!m->h) return -1;
    Ssize n = TUPLE_LEN(m->iterables);
    for (Ssize i = 0; i < n; i++) {
        Obj *it = obj_getiter(TUPLE_ITEMS(m->iterables)[i]);
        if (!it) return -1;
        Obj *value = obj_iternext(it);
        if (!value) {
            DECREF(it);
            if (vm_err_occurred()) return -1;
            continue;
        }
        Obj *order = int_from_i64(m->reverse ? -i : i);
        Obj *entry = NULL;
        if (order) {
            if (m->key) {
                Obj *k = obj_call(m->key, &value, 1, NULL);
                if (k) {
                    Obj *items[4] = {k, order, value, it};
                    entry = list_from_array(items, 4);
                    DECREF(k);
                }
            } else {
                Obj *items[3] = {value, order, it};
                entry = list_from_array(items, 3);
            }
        }
        XDECREF(order);
        DECREF(value);
        DECREF(it);
        if (!entry || list_append(m->h, entry) < 0) {
            XDECREF(entry);
            return -1;
        }
        DECREF(entry);
    }
    CLEAR(m->iterables);
    return heapify(m->h, m->reverse);
}

static Obj *merge_next(Obj *o)
{
    MergeObj *m = (MergeObj *)o;
    if (m->done) return NULL;
    if (m->last) {   /* `yield from` the one remaining iterator */
        Obj *v = obj_iternext(m->last);
        if (!v) m->done = true;
        return v;
    }
    if (!m->started) {
        m->started = true;
        if (merge_start(m) < 0) goto fail;
    }
    Ssize vi = m->key ? 2 : 0, ii = m->key ? 3 : 2;
    if (m->pending) {
        /* resumed after yielding the top's value: advance that iterator */
        Obj *s = m->pending;
        Obj *nv = obj_iternext(LIST_ITEMS(s)[ii]);
        if (!nv) {
            CLEAR(m->pending);
            if (vm_err_occurred()) goto fail;
            Obj *p = pop(m->h, m->reverse);
            if (!p) goto fail;
            DECREF(p);
        } else {
            if (m->key) {
                Obj *k = obj_call(m->key, &nv, 1, NULL);
                if (!k) {
                    DECREF(nv);
                    goto fail;
                }
                obj_setref(&LIST_ITEMS(s)[0], k);
                obj_setref(&LIST_ITEMS(s)[2], nv);
            } else {
                obj_setref(&LIST_ITEMS(s)[0], nv);
            }
            Obj *old = replace(m->h, s, m->reverse);
            CLEAR(m->pending);
            if (!old) goto fail;
            DECREF(old);
            /* the inner loop goes on without looking at len(h) */
            m->pending = INCREF(LIST_ITEMS(m->h)[0]);
            return INCREF(LIST_ITEMS(m->pending)[vi]);
        }
    }
    if (LIST_LEN(m->h) > 1) {
        m->pending = INCREF(LIST_ITEMS(m->h)[0]);
        return INCREF(LIST_ITEMS(m->pending)[vi]);
    }
    if (LIST_LEN(m->h) == 1) {
        Obj *s = LIST_ITEMS(m->h)[0];
        m->last = INCREF(LIST_ITEMS(s)[ii]);
        return INCREF(LIST_ITEMS(s)[vi]);
    }
    m->done = true;
    return NULL;
fail:
    m->done = true;
    return NULL;
}

static TypeObj merge_type = {
    .base = TYPE_HEAD_INIT, .name = "generator", .basicsize = sizeof(MergeObj),
    .flags = TPF_GC, .dealloc = merge_dealloc, .repr = merge_repr, .getattro = obj_generic_getattr,
    .iter = iter_self, .iternext = merge_next, .traverse = merge_traverse,
};

static Obj *h_merge(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    Obj *key = NULL;
    bool reverse = false;
    for (Ssize k = 0; k < mh_nkw(kw); k++) {
        Obj *name = TUPLE_ITEMS(kw)[k], *val = a[n + k];
        if (str_eq_cstr(name, "key")) {
            key = val == NONE ? NULL : val;
        } else if (str_eq_cstr(name, "reverse")) {
            int t = obj_is_true(val);
            if (t < 0) return NULL;
            reverse = t;
        } else {
            args_err_unexpected_kw("merge", name);
            return NULL;
        }
    }
    MergeObj *m = (MergeObj *)obj_alloc(&merge_type, 0);
    if (!m) return NULL;
    m->iterables = tuple_from_array(a, n);
    m->key = xincref(key);
    m->reverse = reverse;
    if (!m->iterables) {
        DECREF(m);
        return NULL;
    }
    return (Obj *)m;
}

/* ---- the module --------------------------------------------------------------------------- */

static const MethodDef heapq_methods[] = {
    {"heappush", h_heappush, METH_FAST, "Push item onto heap, maintaining the heap invariant."},
    {"heappushpop", h_heappushpop, METH_FAST, "Push item on the heap, then pop and return the smallest item from the heap."},
    {"heappop", h_heappop, METH_FAST, "Pop the smallest item off the heap, maintaining the heap invariant."},
    {"heapreplace", h_heapreplace, METH_FAST, "Pop and return the current smallest value, and add the new item."},
    {"heapify", h_heapify, METH_FAST, "Transform list into a heap, in-place, in O(len(heap)) time."},
    {"_heappop_max", h_heappop_max, METH_FAST, "Maxheap variant of heappop."},
    {"_heapreplace_max", h_heapreplace_max, METH_FAST, "Maxheap variant of heapreplace."},
    {"_heapify_max", h_heapify_max, METH_FAST, "Maxheap variant of heapify."},
    {"_siftdown", h_siftdown, METH_FAST, NULL},
    {"_siftup", h_siftup, METH_FAST, NULL},
    {"_siftdown_max", h_siftdown_max, METH_FAST, "Maxheap variant of _siftdown"},
    {"_siftup_max", h_siftup_max, METH_FAST, "Maxheap variant of _siftup"},
    {"merge", h_merge, METH_FAST, "Merge multiple sorted inputs into a single sorted output."},
    {"nlargest", h_nlargest, METH_FAST, "Find the n largest elements in a dataset."},
    {"nsmallest", h_nsmallest, METH_FAST, "Find the n smallest elements in a dataset."},
    {NULL, NULL, 0, NULL},
};

static Obj *heapq_init(void)
{
    if (type_ready(&merge_type) < 0) return NULL;
    Obj *m = mh_module("heapq", heapq_methods);
    if (!m) return NULL;
    static const char *const all[] = {"heappush", "heappop", "heapify", "heapreplace", "merge",
                                      "nlargest", "nsmallest", "heappushpop"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof *all; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0) {
        DECREF(m);
        return NULL;
    }
    /* the heap functions come from _heapq, as in CPython */
    Obj *cmod = str_from_cstr("_heapq");
    for (const MethodDef *f = heapq_methods; cmod && f->name; f++) {
        if (f->fn == h_merge || f->fn == h_nlargest || f->fn == h_nsmallest || f->fn == h_siftdown ||
            f->fn == h_siftup || f->fn == h_siftdown_max || f->fn == h_siftup_max)
            continue;
        Obj *fn = dict_get_str_borrow(module_dict_borrow(m), f->name);
        if (fn && obj_setattr(fn, id_str("__module__"), cmod) < 0) CLEAR(cmod);
    }
    if (!cmod) {
        DECREF(m);
        return NULL;
    }
    DECREF(cmod);
    return m;
}

void native_heapq_register(void)
{
    import_register_native("heapq", heapq_init);
    import_register_native("_heapq", heapq_init);
}
