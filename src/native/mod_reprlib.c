/* mod_reprlib.c — the `reprlib` module of CPython 3.12, natively.
 *
 * Repr is a heap class whose limits are plain instance attributes (maxlevel,
 * maxlist, maxstring, fillvalue, indent …) read at each call, and whose
 * methods follow reprlib.py: repr1 dispatches on `'repr_' + type name`
 * through getattr(self, …), so a subclass adding repr_MyType or overriding
 * repr_list is honoured; sets and dict keys are sorted when they can be;
 * long strings, ints and other reprs are cut in the middle with fillvalue
 * at the positions reprlib computes (string cuts slice the string before
 * taking its repr, as CPython does); 3.12's `indent` lays nested
 * containers out one item per line.  recursive_repr returns closures
 * (closure.h) copying the wrapped method's name, qualname, doc, module,
 * annotations and type params.
 */
#include "config.h"

#include <stdio.h>

#include "src/native/closure.h"
#include "src/native/modhelp.h"

static Obj *cls_repr, *a_repr;

/* ---- helpers ---------------------------------------------------------------------------- */

static Obj *getattr_c(Obj *o, const char *name) { return obj_getattr(o, id_str(name)); }

static Obj *cstr(const char *s) { return str_from_cstr(s); }

/* x[lo:hi] with Python's slicing; has_lo/has_hi false mean an omitted bound. */
static Obj *slice_of(Obj *x, bool has_lo, Ssize lo, bool has_hi, Ssize hi)
{
    Obj *l = has_lo ? int_from_i64(lo) : NULL, *h = has_hi ? int_from_i64(hi) : NULL;
    if ((has_lo && !l) || (has_hi && !h)) {
        XDECREF(l);
        XDECREF(h);
        return NULL;
    }
    Obj *s = slice_new(l, h, NULL);
    XDECREF(l);
    XDECREF(h);
    if (!s) return NULL;
    Obj *r = obj_getitem(x, s);
    DECREF(s);
    return r;
}

static Obj *concat3(Obj *a, Obj *b, Obj *c)
{
    Obj *ab = num_binary(a, b, NB_ADD);
    if (!ab) return NULL;
    Obj *r = num_binary(ab, c, NB_ADD);
    DECREF(ab);
    return r;
}

/* self.NAME as a C size; -1 with an exception (check vm_err_occurred). */
static Ssize attr_ssize(Obj *self, const char *name)
{
    Obj *v = getattr_c(self, name);
    if (!v) return -1;
    Ssize r = mh_as_ssize(v);
    DECREF(v);
    return r;
}

static Ssize floordiv2(Ssize a) { return a >= 0 ? a / 2 : -((-a + 1) / 2); }

/* s[:i] + fillvalue + s[len(s)-j:] for the limit m, when len(s) > m. */
static Obj *cut_middle(Obj *self, Obj *s, Ssize m)
{
    Ssize n = obj_length(s);
    if (n < 0) return NULL;
    if (n <= m) return INCREF(s);
    Ssize i = floordiv2(m - 3);
    if (i < 0) i = 0;
    Ssize j = m - 3 - i;
    if (j < 0) j = 0;
    Obj *fill = getattr_c(self, "fillvalue");
    Obj *a = fill ? slice_of(s, false, 0, true, i) : NULL;
    Obj *b = a ? slice_of(s, true, n - j, false, 0) : NULL;
    Obj *r = b ? concat3(a, fill, b) : NULL;
    XDECREF(fill);
    XDECREF(a);
    XDECREF(b);
    return r;
}

/* level <= 0 */
static int level_exhausted(Obj *level)
{
    Obj *zero = int_from_i64(0);
    int r = zero ? obj_richcompare_bool(level, zero, CMP_LE) : -1;
    XDECREF(zero);
    return r;
}

static Obj *repr1_call(Obj *repr1, Obj *x, Obj *level)
{
    Obj *a[2] = {x, level};
    return obj_call(repr1, a, 2, NULL);
}

/* _possibly_sorted(x): sorted(x), or list(x) when sorting raises an Exception. */
static Obj *possibly_sorted(Obj *x)
{
    Obj *l = seq_to_list(x);
    if (!l) goto fallback;
    if (list_sort(l, NULL, false) == 0) return l;
    DECREF(l);
fallback:
    if (!vm_err_matches(&exc_Exception)) return NULL;
    vm_err_clear();
    return seq_to_list(x);
}

/* ---- Repr --------------------------------------------------------------------------------- */

static const char *const limit_names[] = {"maxlevel", "maxtuple", "maxlist", "maxarray", "maxdict",
                                          "maxset", "maxfrozenset", "maxdeque", "maxstring", "maxlong",
                                          "maxother", "fillvalue", "indent"};
static const int limit_defaults[] = {6, 6, 6, 5, 4, 6, 6, 6, 30, 40, 30};

static Obj *r_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[13];
    if (mh_bind_m("Repr.__init__", args, nargs, kw, limit_names, 13, 0, 0, 0, 0, v) < 0) return NULL;
    for (int i = 0; i < 13; i++) {
        Obj *val = v[i] ? INCREF(v[i]) : i < 11 ? int_from_i64(limit_defaults[i]) : i == 11 ? cstr("...") : INCREF(NONE);
        int r = val ? obj_setattr(self, id_str(limit_names[i]), val) : -1;
        XDECREF(val);
        if (r < 0) return NULL;
    }
    return INCREF(NONE);
}

static Obj *r_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"x"};
    Obj *v[1];
    if (mh_bind_m("Repr.repr", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *level = getattr_c(self, "maxlevel");
    Obj *repr1 = level ? getattr_c(self, "repr1") : NULL;
    Obj *r = repr1 ? repr1_call(repr1, v[0], level) : NULL;
    XDECREF(level);
    XDECREF(repr1);
    return r;
}

static Obj *r_repr1(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"x", "level"};
    Obj *v[2];
    if (mh_bind_m("Repr.repr1", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *typename = getattr_c((Obj *)OBJ_TYPE(v[0]), "__name__");
    if (!typename) return NULL;
    Obj *space = cstr(" ");
    int has_space = space ? obj_contains(typename, space) : -1;
    XDECREF(space);
    if (has_space < 0) {
        DECREF(typename);
        return NULL;
    }
    if (has_space) {
        Obj *parts = obj_call_method(typename, "split", NULL, 0);
        Obj *us = parts ? cstr("_") : NULL;
        Obj *joined = us ? str_join(us, parts) : NULL;
        XDECREF(parts);
        XDECREF(us);
        DECREF(typename);
        if (!joined) return NULL;
        typename = joined;
    }
    Obj *prefix = cstr("repr_");
    Obj *name = prefix ? num_binary(prefix, typename, NB_ADD) : NULL;
    XDECREF(prefix);
    DECREF(typename);
    if (!name) return NULL;
    Obj *meth = NULL;
    int found = obj_lookup_attr(self, name, &meth);
    DECREF(name);
    if (found < 0) return NULL;
    if (!found) meth = getattr_c(self, "repr_instance");
    if (!meth) return NULL;
    Obj *r = repr1_call(meth, v[0], v[1]);
    DECREF(meth);
    return r;
}

static Obj *join_pieces(Obj *self, Obj *pieces, Obj *level)
{
    Obj *indent = getattr_c(self, "indent");
    if (!indent) return NULL;
    if (indent == NONE) {
        DECREF(indent);
        Obj *sep = cstr(", ");
        Obj *r = sep ? str_join(sep, pieces) : NULL;
        XDECREF(sep);
        return r;
    }
    if (!LIST_LEN(pieces)) {
        DECREF(indent);
        return cstr("");
    }
    if (INT_CHECK(indent)) {
        int neg = int_sign(indent) < 0;
        if (neg) {
            vm_err_format(&exc_ValueError, "Repr.indent cannot be negative int (was %R)", indent);
            DECREF(indent);
            return NULL;
        }
        Obj *sp = cstr(" ");
        Obj *s = sp ? num_binary(indent, sp, NB_MULTIPLY) : NULL;
        XDECREF(sp);
        DECREF(indent);
        if (!s) return NULL;
        indent = s;
    }
    /* sep = ',\n' + (self.maxlevel - level + 1) * indent */
    Obj *maxlevel = getattr_c(self, "maxlevel");
    Obj *d = maxlevel ? num_binary(maxlevel, level, NB_SUBTRACT) : NULL;
    XDECREF(maxlevel);
    Obj *one = d ? int_from_i64(1) : NULL;
    Obj *cnt = one ? num_binary(d, one, NB_ADD) : NULL;
    XDECREF(d);
    XDECREF(one);
    Obj *rep = cnt ? num_binary(cnt, indent, NB_MULTIPLY) : NULL;
    XDECREF(cnt);
    Obj *sep = NULL;
    if (rep) {
        Obj *nl = cstr(",\n");
        sep = nl ? num_binary(nl, rep, NB_ADD) : NULL;
        XDECREF(nl);
        DECREF(rep);
    }
    if (!sep) {
        if (vm_err_matches(&exc_TypeError)) {
            Obj *cause = vm_err_fetch();
            vm_err_format(&exc_TypeError, "Repr.indent must be a str, int or None, not %R",
                          (Obj *)OBJ_TYPE(indent));
            Obj *e = vm_err_fetch();
            if (e) {
                obj_setref(&((ExcObj *)e)->cause, cause);
                ((ExcObj *)e)->suppress_context = true;
                if (!((ExcObj *)e)->context) ((ExcObj *)e)->context = INCREF(cause);
                vm_err_restore(e);
            } else {
                DECREF(cause);
            }
        }
        DECREF(indent);
        return NULL;
    }
    /* sep.join(('', *pieces, ''))[1:-len(indent) or None] */
    Obj *empty = cstr("");
    Obj *all = empty ? list_from_array(&empty, 1) : NULL;
    if (all && (list_extend(all, pieces) < 0 || list_append(all, empty) < 0)) CLEAR(all);
    XDECREF(empty);
    Obj *joined = all ? str_join(sep, all) : NULL;
    XDECREF(all);
    DECREF(sep);
    Ssize il = joined ? obj_length(indent) : -1;
    DECREF(indent);
    if (il < 0) {
        XDECREF(joined);
        return NULL;
    }
    Obj *r = slice_of(joined, true, 1, il != 0, -il);
    DECREF(joined);
    return r;
}

static Obj *r_join(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"pieces", "level"};
    Obj *v[2];
    if (mh_bind_m("Repr._join", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *l = seq_to_list(v[0]);
    if (!l) return NULL;
    Obj *r = join_pieces(self, l, v[1]);
    DECREF(l);
    return r;
}

/* _repr_iterable(x, level, left, right, maxiter, trail=''); trail may be NULL */
static Obj *iterable_core(Obj *self, Obj *x, Obj *level, Obj *left, Obj *right, Obj *maxiter_o, Obj *trail)
{
    Ssize n = obj_length(x);
    if (n < 0) return NULL;
    int ex = level_exhausted(level);
    if (ex < 0) return NULL;
    if (ex && n) {
        Obj *fill = getattr_c(self, "fillvalue");
        Obj *r = fill ? str_from_fmt("%S%S%S", left, fill, right) : NULL;
        XDECREF(fill);
        return r;
    }
    Ssize maxiter = mh_as_ssize(maxiter_o);
    if (maxiter < 0) {
        if (!vm_err_occurred())
            vm_err_set_str(&exc_ValueError,
                           "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
        return NULL;
    }
    Obj *one = int_from_i64(1);
    Obj *newlevel = one ? num_binary(level, one, NB_SUBTRACT) : NULL;
    XDECREF(one);
    Obj *repr1 = newlevel ? getattr_c(self, "repr1") : NULL;
    Obj *pieces = repr1 ? list_new(0) : NULL;
    Obj *it = pieces ? obj_getiter(x) : NULL;
    Obj *item;
    for (Ssize k = 0; it && k < maxiter && (item = obj_iternext(it)); k++) {
        Obj *p = repr1_call(repr1, item, newlevel);
        DECREF(item);
        if (!p || list_append(pieces, p) < 0) {
            XDECREF(p);
            CLEAR(pieces);
            break;
        }
        DECREF(p);
    }
    XDECREF(it);
    XDECREF(repr1);
    XDECREF(newlevel);
    if (pieces && vm_err_occurred()) CLEAR(pieces);
    if (pieces && n > maxiter) {
        Obj *fill = getattr_c(self, "fillvalue");
        if (!fill || list_append(pieces, fill) < 0) CLEAR(pieces);
        XDECREF(fill);
    }
    Obj *s = pieces ? join_pieces(self, pieces, level) : NULL;
    XDECREF(pieces);
    if (!s) return NULL;
    Obj *r = NULL;
    int t = n == 1 && trail ? obj_is_true(trail) : 0;
    Obj *indent = t > 0 ? getattr_c(self, "indent") : NULL;
    if (t > 0 && indent == NONE) {
        Obj *nr = num_binary(trail, right, NB_ADD);
        r = nr ? str_from_fmt("%S%S%S", left, s, nr) : NULL;
        XDECREF(nr);
    } else if (t >= 0 && (t == 0 || indent)) {
        r = str_from_fmt("%S%S%S", left, s, right);
    }
    XDECREF(indent);
    DECREF(s);
    return r;
}

static Obj *repr_iterable(Obj *self, Obj *x, Obj *level, const char *left, const char *right, const char *maxname,
                          const char *trail)
{
    Obj *l = cstr(left), *r = cstr(right), *t = cstr(trail);
    Obj *maxiter = l && r && t ? getattr_c(self, maxname) : NULL;
    Obj *res = maxiter ? iterable_core(self, x, level, l, r, maxiter, t) : NULL;
    XDECREF(l);
    XDECREF(r);
    XDECREF(t);
    XDECREF(maxiter);
    return res;
}

#define XL_ARGS(fname)                                                                          \
    static const char *const names[] = {"x", "level"};                                          \
    Obj *v[2];                                                                                   \
    if (mh_bind_m(fname, args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;

static Obj *r_repr_iterable(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"x", "level", "left", "right", "maxiter", "trail"};
    Obj *v[6];
    if (mh_bind_m("Repr._repr_iterable", args, nargs, kw, names, 6, 6, 0, 5, 0, v) < 0) return NULL;
    return iterable_core(self, v[0], v[1], v[2], v[3], v[4], v[5]);
}

static Obj *r_repr_tuple(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_tuple")
    return repr_iterable(self, v[0], v[1], "(", ")", "maxtuple", ",");
}

static Obj *r_repr_list(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_list")
    return repr_iterable(self, v[0], v[1], "[", "]", "maxlist", "");
}

static Obj *r_repr_array(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_array")
    Obj *tc = getattr_c(v[0], "typecode");
    if (!tc) return NULL;
    Obj *tcs = obj_str(tc);
    DECREF(tc);
    if (!tcs) return NULL;
    int t = obj_is_true(v[0]);
    Obj *r = NULL;
    if (t == 0) {
        r = str_from_fmt("array('%S')", tcs);
    } else if (t > 0) {
        Obj *header = str_from_fmt("array('%S', [", tcs);
        Ssize hl;
        const char *h = header ? str_utf8_lossy(header, &hl) : NULL;
        r = h ? repr_iterable(self, v[0], v[1], h, "])", "maxarray", "") : NULL;
        XDECREF(header);
    }
    DECREF(tcs);
    return r;
}

static Obj *repr_setlike(Obj *self, Obj *x, Obj *level, const char *empty, const char *left, const char *right,
                         const char *maxname)
{
    int t = obj_is_true(x);
    if (t <= 0) return t < 0 ? NULL : cstr(empty);
    Obj *l = possibly_sorted(x);
    if (!l) return NULL;
    Obj *r = repr_iterable(self, l, level, left, right, maxname, "");
    DECREF(l);
    return r;
}

static Obj *r_repr_set(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_set")
    return repr_setlike(self, v[0], v[1], "set()", "{", "}", "maxset");
}

static Obj *r_repr_frozenset(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_frozenset")
    return repr_setlike(self, v[0], v[1], "frozenset()", "frozenset({", "})", "maxfrozenset");
}

static Obj *r_repr_deque(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_deque")
    return repr_iterable(self, v[0], v[1], "deque([", "])", "maxdeque", "");
}

static Obj *r_repr_dict(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_dict")
    Obj *x = v[0], *level = v[1];
    Ssize n = obj_length(x);
    if (n < 0) return NULL;
    if (n == 0) return cstr("{}");
    int ex = level_exhausted(level);
    if (ex < 0) return NULL;
    if (ex) {
        Obj *fill = getattr_c(self, "fillvalue");
        Obj *r = fill ? str_from_fmt("{%S}", fill) : NULL;
        XDECREF(fill);
        return r;
    }
    Obj *one = int_from_i64(1);
    Obj *newlevel = one ? num_binary(level, one, NB_SUBTRACT) : NULL;
    XDECREF(one);
    Obj *repr1 = newlevel ? getattr_c(self, "repr1") : NULL;
    Ssize maxdict = repr1 ? attr_ssize(self, "maxdict") : -1;
    if (maxdict < 0 && !vm_err_occurred())
        vm_err_set_str(&exc_ValueError, "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
    Obj *keys = maxdict >= 0 ? possibly_sorted(x) : NULL;
    Obj *pieces = keys ? list_new(0) : NULL;
    for (Ssize k = 0; pieces && k < maxdict && k < LIST_LEN(keys); k++) {
        Obj *key = LIST_ITEMS(keys)[k];
        Obj *kr = repr1_call(repr1, key, newlevel);
        Obj *val = kr ? obj_getitem(x, key) : NULL;
        Obj *vr = val ? repr1_call(repr1, val, newlevel) : NULL;
        XDECREF(val);
        Obj *p = vr ? str_from_fmt("%S: %S", kr, vr) : NULL;
        XDECREF(kr);
        XDECREF(vr);
        if (!p || list_append(pieces, p) < 0) CLEAR(pieces);
        XDECREF(p);
    }
    XDECREF(keys);
    XDECREF(repr1);
    XDECREF(newlevel);
    if (pieces && n > maxdict) {
        Obj *fill = getattr_c(self, "fillvalue");
        if (!fill || list_append(pieces, fill) < 0) CLEAR(pieces);
        XDECREF(fill);
    }
    Obj *s = pieces ? join_pieces(self, pieces, level) : NULL;
    XDECREF(pieces);
    if (!s) return NULL;
    Obj *r = str_from_fmt("{%S}", s);
    DECREF(s);
    return r;
}

static Obj *r_repr_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_str")
    Obj *x = v[0];
    Ssize m = attr_ssize(self, "maxstring");
    if (m < 0 && vm_err_occurred()) return NULL;
    Obj *head = slice_of(x, false, 0, true, m);
    Obj *s = head ? obj_repr(head) : NULL;
    XDECREF(head);
    if (!s) return NULL;
    Ssize sl = obj_length(s);
    if (sl < 0 || sl <= m) {
        if (sl < 0) CLEAR(s);
        return s;
    }
    DECREF(s);
    Ssize i = floordiv2(m - 3);
    if (i < 0) i = 0;
    Ssize j = m - 3 - i;
    if (j < 0) j = 0;
    Ssize xl = obj_length(x);
    if (xl < 0) return NULL;
    Obj *a = slice_of(x, false, 0, true, i);
    Obj *b = a ? slice_of(x, true, xl - j, false, 0) : NULL;
    Obj *ab = b ? num_binary(a, b, NB_ADD) : NULL;
    XDECREF(a);
    XDECREF(b);
    s = ab ? obj_repr(ab) : NULL;
    XDECREF(ab);
    if (!s) return NULL;
    sl = obj_length(s);
    Obj *fill = sl >= 0 ? getattr_c(self, "fillvalue") : NULL;
    Obj *p = fill ? slice_of(s, false, 0, true, i) : NULL;
    Obj *q = p ? slice_of(s, true, sl - j, false, 0) : NULL;
    Obj *r = q ? concat3(p, fill, q) : NULL;
    XDECREF(fill);
    XDECREF(p);
    XDECREF(q);
    DECREF(s);
    return r;
}

static Obj *r_repr_int(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_int")
    Obj *s = obj_repr(v[0]);
    if (!s) return NULL;
    Ssize m = attr_ssize(self, "maxlong");
    Obj *r = m < 0 && vm_err_occurred() ? NULL : cut_middle(self, s, m);
    DECREF(s);
    return r;
}

static Obj *r_repr_instance(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    XL_ARGS("Repr.repr_instance")
    Obj *s = obj_repr(v[0]);
    if (!s) {
        if (!vm_err_matches(&exc_Exception)) return NULL;
        vm_err_clear();
        Obj *cls = getattr_c(v[0], "__class__");
        Obj *nm = cls ? getattr_c(cls, "__name__") : NULL;
        XDECREF(cls);
        if (!nm) return NULL;
        char buf[32];
        snprintf(buf, sizeof buf, "%#zx", (size_t)v[0]);
        Obj *r = str_from_fmt("<%S instance at %s>", nm, buf);
        DECREF(nm);
        return r;
    }
    Ssize m = attr_ssize(self, "maxother");
    Obj *r = m < 0 && vm_err_occurred() ? NULL : cut_middle(self, s, m);
    DECREF(s);
    return r;
}

static const MethodDef repr_methods[] = {
    {"__init__", r_init, METH_FAST, NULL},
    {"repr", r_repr, METH_FAST, NULL},
    {"repr1", r_repr1, METH_FAST, NULL},
    {"_join", r_join, METH_FAST, NULL},
    {"_repr_iterable", r_repr_iterable, METH_FAST, NULL},
    {"repr_tuple", r_repr_tuple, METH_FAST, NULL},
    {"repr_list", r_repr_list, METH_FAST, NULL},
    {"repr_array", r_repr_array, METH_FAST, NULL},
    {"repr_set", r_repr_set, METH_FAST, NULL},
    {"repr_frozenset", r_repr_frozenset, METH_FAST, NULL},
    {"repr_deque", r_repr_deque, METH_FAST, NULL},
    {"repr_dict", r_repr_dict, METH_FAST, NULL},
    {"repr_str", r_repr_str, METH_FAST, NULL},
    {"repr_int", r_repr_int, METH_FAST, NULL},
    {"repr_instance", r_repr_instance, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- recursive_repr ------------------------------------------------------------------------- */

/* wrapper(self): state (user_function, fillvalue, running set of id(self)) */
static Obj *rr_wrapper(Obj *st, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"self"};
    Obj *v[1];
    if (mh_bind("recursive_repr.<locals>.decorating_function.<locals>.wrapper", args, nargs, kw, names, 1, 1,
                0, 1, 0, v) < 0)
        return NULL;
    Obj *running = TUPLE_ITEMS(st)[2];
    Obj *key = int_from_u64((uint64_t)(uintptr_t)v[0]);
    if (!key) return NULL;
    int in = set_contains(running, key);
    if (in) {
        DECREF(key);
        return in < 0 ? NULL : INCREF(TUPLE_ITEMS(st)[1]);
    }
    if (set_add(running, key) < 0) {
        DECREF(key);
        return NULL;
    }
    Obj *r = obj_call(TUPLE_ITEMS(st)[0], v, 1, NULL);
    Obj *exc = r ? NULL : vm_err_fetch();
    if (set_discard(running, key) < 0) {
        if (exc) vm_err_clear();
        else CLEAR(r);
    }
    DECREF(key);
    if (exc) vm_err_restore(exc);
    return r;
}

static int copy_attr(Obj *wrapper, Obj *fn, const char *name, Obj *dflt)
{
    Obj *v = NULL;
    if (dflt) {
        if (obj_lookup_attr(fn, id_str(name), &v) < 0) return -1;
        if (!v) v = INCREF(dflt);
    } else {
        v = getattr_c(fn, name);
        if (!v) return -1;
    }
    int r = obj_setattr(wrapper, id_str(name), v);
    DECREF(v);
    return r;
}

/* decorating_function(user_function): state (fillvalue,) */
static Obj *rr_decorating(Obj *st, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"user_function"};
    Obj *v[1];
    if (mh_bind("recursive_repr.<locals>.decorating_function", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0)
        return NULL;
    Obj *running = set_new(NULL);
    Obj *wst = running ? tuple_pack(3, v[0], TUPLE_ITEMS(st)[0], running) : NULL;
    XDECREF(running);
    Obj *w = wst ? closure_new(rr_wrapper, wst, "reprlib", "recursive_repr.<locals>.decorating_function.<locals>.wrapper")
                 : NULL;
    XDECREF(wst);
    if (!w) return NULL;
    Obj *ann = dict_new();
    Obj *tp = ann ? tuple_new(0) : NULL;
    int r = tp && copy_attr(w, v[0], "__module__", NULL) == 0 && copy_attr(w, v[0], "__doc__", NULL) == 0 &&
                    copy_attr(w, v[0], "__name__", NULL) == 0 && copy_attr(w, v[0], "__qualname__", NULL) == 0 &&
                    copy_attr(w, v[0], "__annotations__", ann) == 0 && copy_attr(w, v[0], "__type_params__", tp) == 0
                ? 0
                : -1;
    XDECREF(ann);
    XDECREF(tp);
    if (r < 0) {
        DECREF(w);
        return NULL;
    }
    return w;
}

static Obj *rl_recursive_repr(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"fillvalue"};
    Obj *v[1];
    if (mh_bind("recursive_repr", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *fill = v[0] ? INCREF(v[0]) : cstr("...");
    Obj *st = fill ? tuple_pack(1, fill) : NULL;
    XDECREF(fill);
    Obj *f = st ? closure_new(rr_decorating, st, "reprlib", "recursive_repr.<locals>.decorating_function") : NULL;
    XDECREF(st);
    return f;
}

/* recursive_repr is a Python function in CPython: a closure here. */
static Obj *rl_recursive_repr_fn(Obj *st, Obj *const *args, Ssize nargs, Obj *kw)
{
    return rl_recursive_repr(st, args, nargs, kw);
}

/* ---- the module ---------------------------------------------------------------------------- */

static Obj *reprlib_init(void)
{
    if (!cls_repr) {
        Obj *c = mh_class("reprlib", "Repr", NULL, repr_methods, NULL, NULL);
        Obj *inst = c ? obj_call(c, NULL, 0, NULL) : NULL;
        if (!inst) {
            XDECREF(c);
            return NULL;
        }
        cls_repr = c;
        a_repr = inst;
    }
    Obj *m = mh_module("reprlib", NULL);
    if (!m) return NULL;
    Obj *st = tuple_new(0);
    Obj *rr = st ? closure_new(rl_recursive_repr_fn, st, "reprlib", "recursive_repr") : NULL;
    XDECREF(st);
    Obj *doc = rr ? str_from_cstr("Decorator to make a repr function return fillvalue for a recursive call") : NULL;
    int ok = doc && obj_setattr(rr, id_str("__doc__"), doc) == 0;
    XDECREF(doc);
    if (!ok || module_add(m, "recursive_repr", rr) < 0) {
        if (!ok) XDECREF(rr);
        DECREF(m);
        return NULL;
    }
    Obj *bound = getattr_c(a_repr, "repr");
    Obj *all = tuple_pack(3, id_str("Repr"), id_str("repr"), id_str("recursive_repr"));
    Obj *l = all ? seq_to_list(all) : NULL;
    XDECREF(all);
    if (!bound || !l || module_add(m, "__all__", l) < 0 || module_add(m, "repr", bound) < 0 ||
        mh_add_obj(m, "Repr", cls_repr) < 0 || mh_add_obj(m, "aRepr", a_repr) < 0 ||
        mh_add_str(m, "__doc__", "Redo the builtin repr() (representation) but with limits on most sizes.") < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_reprlib_register(void) { import_register_native("reprlib", reprlib_init); }
