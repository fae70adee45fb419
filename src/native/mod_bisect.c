/* mod_bisect.c — the `bisect` module of CPython 3.12 (_bisect).
 *
 * bisect_left/bisect_right/insort_left/insort_right with lo, hi (None or -1
 * meaning len(a)) and key; the bisection loop probes the same midpoints and
 * compares `x < a[mid]` (right) or `a[mid] < x` (left) as CPython does, so
 * user __lt__ methods see the same calls.  insort uses list.insert directly
 * for exact lists and a.insert(i, x) otherwise.  bisect and insort are the
 * _right functions under a second name, as in bisect.py.
 */
#include "config.h"

#include "src/native/modhelp.h"

/* PySequence_Size */
static Ssize seq_size(Obj *a)
{
    SequenceMethods *sq = OBJ_TYPE(a)->as_sequence;
    if (sq && sq->length) return sq->length(a);
    MappingMethods *mp = OBJ_TYPE(a)->as_mapping;
    if (mp && mp->length) vm_err_format(&exc_TypeError, "%s is not a sequence", type_name(OBJ_TYPE(a)));
    else vm_err_format(&exc_TypeError, "object of type '%s' has no len()", type_name(OBJ_TYPE(a)));
    return -1;
}

/* PySequence_GetItem */
static Obj *seq_item(Obj *a, Ssize i)
{
    SequenceMethods *sq = OBJ_TYPE(a)->as_sequence;
    if (sq && sq->item) return sq->item(a, i);
    MappingMethods *mp = OBJ_TYPE(a)->as_mapping;
    if (mp && mp->subscript) vm_err_format(&exc_TypeError, "%s is not a sequence", type_name(OBJ_TYPE(a)));
    else vm_err_format(&exc_TypeError, "'%s' object does not support indexing", type_name(OBJ_TYPE(a)));
    return NULL;
}

/* Returns the insertion index, -1 with an exception. */
static Ssize bisect(Obj *a, Obj *x, Ssize lo, Ssize hi, Obj *key, bool right)
{
    if (lo < 0) {
        vm_err_set_str(&exc_ValueError, "lo must be non-negative");
        return -1;
    }
    if (hi == -1 && (hi = seq_size(a)) < 0) return -1;
    while (lo < hi) {
        Ssize mid = (Ssize)(((size_t)lo + (size_t)hi) / 2);
        Obj *item = seq_item(a, mid);
        if (!item) return -1;
        if (key) {
            Obj *k = obj_call(key, &item, 1, NULL);
            DECREF(item);
            if (!k) return -1;
            item = k;
        }
        int r = right ? obj_richcompare_bool(x, item, CMP_LT) : obj_richcompare_bool(item, x, CMP_LT);
        DECREF(item);
        if (r < 0) return -1;
        if (right) {
            if (r) hi = mid;
            else lo = mid + 1;
        } else {
            if (r) lo = mid + 1;
            else hi = mid;
        }
    }
    return lo;
}

static int parse(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, Obj **a, Obj **x,
                 Ssize *lo, Ssize *hi, Obj **key)
{
    static const char *const names[] = {"a", "x", "lo", "hi", "key"};
    Obj *v[5];
    if (nargs > 4) {
        vm_err_format(&exc_TypeError, "%s() takes at most 4 positional arguments (%zd given)", fname, nargs);
        return -1;
    }
    if (args_parse(fname, args, nargs, kw, names, 5, 0, 2, v) < 0) return -1;
    *a = v[0];
    *x = v[1];
    *lo = 0;
    *hi = -1;
    if (v[2]) {
        *lo = mh_as_ssize(v[2]);
        if (*lo == -1 && vm_err_occurred()) return -1;
    }
    if (v[3] && v[3] != NONE) {
        *hi = num_as_ssize(v[3], &exc_OverflowError);
        if (*hi == -1 && vm_err_occurred()) return -1;
    }
    *key = v[4] && v[4] != NONE ? v[4] : NULL;
    return 0;
}

static Obj *do_bisect(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool right)
{
    Obj *a, *x, *key;
    Ssize lo, hi;
    if (parse(fname, args, nargs, kw, &a, &x, &lo, &hi, &key) < 0) return NULL;
    Ssize i = bisect(a, x, lo, hi, key, right);
    return i < 0 ? NULL : int_from_i64(i);
}

static Obj *do_insort(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool right)
{
    Obj *a, *x, *key;
    Ssize lo, hi;
    if (parse(fname, args, nargs, kw, &a, &x, &lo, &hi, &key) < 0) return NULL;
    Ssize i;
    if (key) {
        Obj *kx = obj_call(key, &x, 1, NULL);
        if (!kx) return NULL;
        i = bisect(a, kx, lo, hi, key, right);
        DECREF(kx);
    } else {
        i = bisect(a, x, lo, hi, NULL, right);
    }
    if (i < 0) return NULL;
    if (IS_TYPE(a, list_type)) {
        if (list_insert(a, i, x) < 0) return NULL;
        return INCREF(NONE);
    }
    Obj *idx = int_from_i64(i);
    if (!idx) return NULL;
    Obj *r = obj_call_method(a, "insert", (Obj *[]){idx, x}, 2);
    DECREF(idx);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *b_bisect_right(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return do_bisect("bisect_right", a, n, kw, true);
}

static Obj *b_bisect_left(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return do_bisect("bisect_left", a, n, kw, false);
}

static Obj *b_insort_right(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return do_insort("insort_right", a, n, kw, true);
}

static Obj *b_insort_left(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return do_insort("insort_left", a, n, kw, false);
}

static const MethodDef bisect_methods[] = {
    {"bisect_right", b_bisect_right, METH_FAST,
     "Return the index where to insert item x in list a, assuming a is sorted."},
    {"insort_right", b_insort_right, METH_FAST,
     "Insert item x in list a, and keep it sorted assuming a is sorted."},
    {"bisect_left", b_bisect_left, METH_FAST,
     "Return the index where to insert item x in list a, assuming a is sorted."},
    {"insort_left", b_insort_left, METH_FAST,
     "Insert item x in list a, and keep it sorted assuming a is sorted."},
    {NULL, NULL, 0, NULL},
};

static Obj *bisect_init_named(const char *name)
{
    Obj *m = mh_module(name, bisect_methods);
    if (!m) return NULL;
    Obj *d = module_dict_borrow(m);
    Obj *cmod = str_from_cstr("_bisect");
    for (const MethodDef *f = bisect_methods; cmod && f->name; f++) {
        Obj *fn = dict_get_str_borrow(d, f->name);
        if (fn && obj_setattr(fn, id_str("__module__"), cmod) < 0) CLEAR(cmod);
    }
    if (!cmod) {
        DECREF(m);
        return NULL;
    }
    DECREF(cmod);
    if (dict_set_str(d, "bisect", dict_get_str_borrow(d, "bisect_right")) < 0 ||
        dict_set_str(d, "insort", dict_get_str_borrow(d, "insort_right")) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

static Obj *bisect_init(void) { return bisect_init_named("bisect"); }
static Obj *bisect_c_init(void) { return bisect_init_named("_bisect"); }

void native_bisect_register(void)
{
    import_register_native("bisect", bisect_init);
    import_register_native("_bisect", bisect_c_init);
}
