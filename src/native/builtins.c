/* builtins.c — the builtins module of CPython 3.12: the builtin functions
 * (the iterator types enumerate/filter/map/zip/reversed live in iter.c), a
 * minimal memoryview, the anext() awaitable, site's exit/quit/help/copyright/credits/license objects, and
 * the registration of every builtin type, constant and exception.
 *
 * Error messages are 3.12's word for word (measured with python3.12):
 * argument-count errors follow each function's own wording ("len() takes
 * exactly one argument (2 given)", "divmod expected 2 arguments, got 1",
 * "sum() takes at least 1 positional argument (0 given)").  sum() adds
 * floats with Neumaier compensation as 3.12 does, and takes the int, float
 * and generic paths in CPython's order so results are bit-identical.
 * eval() of source text runs it with the expression engine (expr.h) in a
 * "<string>" frame; compile() and exec() of source text need a compiler
 * pydbg does not have: they raise NotImplementedError naming the
 * limitation; eval/exec of a code object run it.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/vm.h"
#include "pydbg/expr.h"
#include "src/native/tbframe.h"

/* ---- helpers ------------------------------------------------------------------- */

static Ssize nkw(Obj *kwnames) { return kwnames ? TUPLE_LEN(kwnames) : 0; }

static bool kw_is(Obj *kwnames, Ssize i, const char *name)
{
    return str_eq_cstr(TUPLE_ITEMS(kwnames)[i], name);
}

static Obj *current_globals(void)
{
    Frame *f = vm ? vm->frame : NULL;
    return f ? f->globals : NULL;
}

static bool has_index(Obj *o)
{
    return INT_CHECK(o) || type_lookup(OBJ_TYPE(o), id_str("__index__")) != NULL;
}

static void err_not_integer(Obj *o)
{
    vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                  OBJ_TYPE(o)->name);
}

/* The object's value as a C int, with CPython's OverflowError wording. */
static int as_c_int(Obj *o, int64_t *out)
{
    if (!has_index(o)) {
        err_not_integer(o);
        return -1;
    }
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    int rc = int_as_i64(i, &v);
    int sign = int_sign(i);
    DECREF(i);
    if (rc < 0 || v > INT32_MAX || v < INT32_MIN) {
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, sign < 0 ? "Python int too small to convert to C int"
                                                     : "Python int too large to convert to C int");
        return -1;
    }
    *out = v;
    return 0;
}

/* A binary NumberMethods slot with CPython's operand-order rules. */
static Obj *binary_slot(Obj *v, Obj *w, size_t off, const char *opname)
{
    TypeObj *tv = OBJ_TYPE(v), *tw = OBJ_TYPE(w);
    BinaryFn fv = tv->as_number ? *(BinaryFn *)((char *)tv->as_number + off) : NULL;
    BinaryFn fw = tw != tv && tw->as_number ? *(BinaryFn *)((char *)tw->as_number + off) : NULL;
    if (fw == fv) fw = NULL;
    if (fv) {
        if (fw && type_is_subtype(tw, tv)) {
            Obj *x = fw(v, w);
            if (x != NOTIMPL) return x;
            DECREF(x);
            fw = NULL;
        }
        Obj *x = fv(v, w);
        if (x != NOTIMPL) return x;
        DECREF(x);
    }
    if (fw) {
        Obj *x = fw(v, w);
        if (x != NOTIMPL) return x;
        DECREF(x);
    }
    vm_err_format(&exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", opname,
                  tv->name, tw->name);
    return NULL;
}

/* ---- simple functions ------------------------------------------------------------ */

static Obj *bi_abs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *o = args[0];
    NumberMethods *nb = OBJ_TYPE(o)->as_number;
    if (!nb || !nb->absolute) {
        vm_err_format(&exc_TypeError, "bad operand type for abs(): '%s'", OBJ_TYPE(o)->name);
        return NULL;
    }
    return nb->absolute(o);
}

static Obj *all_any(Obj *o, bool want)
{
    Obj *it = obj_getiter(o);
    if (!it) return NULL;
    Obj *x;
    while ((x = obj_iternext(it))) {
        int t = obj_is_true(x);
        DECREF(x);
        if (t < 0) {
            DECREF(it);
            return NULL;
        }
        if ((bool)t == want) {
            DECREF(it);
            return bool_from(want);
        }
    }
    DECREF(it);
    if (vm_err_occurred()) return NULL;
    return bool_from(!want);
}

static Obj *bi_all(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return all_any(args[0], false);
}

static Obj *bi_any(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return all_any(args[0], true);
}

static Obj *bi_ascii(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return obj_ascii(args[0]);
}

static Obj *int_in_base(Obj *o, const char *spec)
{
    if (!has_index(o)) {
        err_not_integer(o);
        return NULL;
    }
    Obj *i = num_index(o);
    if (!i) return NULL;
    Obj *s = str_from_cstr(spec);
    Obj *r = s ? obj_format(i, s) : NULL;
    XDECREF(s);
    DECREF(i);
    return r;
}

static Obj *bi_bin(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return int_in_base(args[0], "#b");
}

static Obj *bi_oct(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return int_in_base(args[0], "#o");
}

static Obj *bi_hex(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return int_in_base(args[0], "#x");
}

static Obj *bi_callable(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return bool_from(OBJ_TYPE(args[0])->call != NULL);
}

static Obj *bi_chr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    int64_t v;
    if (as_c_int(args[0], &v) < 0) return NULL;
    if (v < 0 || v > 0x10FFFF) {
        vm_err_set_str(&exc_ValueError, "chr() arg not in range(0x110000)");
        return NULL;
    }
    return str_from_char((uint32_t)v);
}

static Obj *bi_ord(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *o = args[0];
    Ssize n;
    if (STR_CHECK(o)) {
        n = VAR_SIZE(o);
        if (n == 1) return int_from_i64(str_char(o, 0));
    } else if (BYTES_CHECK(o)) {
        n = VAR_SIZE(o);
        if (n == 1) return int_from_i64(BYTES_DATA(o)[0]);
    } else if (type_is_subtype(OBJ_TYPE(o), &bytearray_type)) {
        n = VAR_SIZE(o);
        if (n == 1) return int_from_i64(((ByteArrayObj *)o)->data[0]);
    } else {
        vm_err_format(&exc_TypeError, "ord() expected string of length 1, but %s found",
                      type_name(OBJ_TYPE(o)));
        return NULL;
    }
    vm_err_format(&exc_TypeError, "ord() expected a character, but string of length %zd found", n);
    return NULL;
}

static Obj *bi_divmod(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("divmod", kw) < 0 || args_count("divmod", nargs, 2, 2) < 0) return NULL;
    return binary_slot(args[0], args[1], offsetof(NumberMethods, divmod), "divmod()");
}

static int check_attr_name(Obj *name)
{
    if (!STR_CHECK(name)) {
        vm_err_format(&exc_TypeError, "attribute name must be string, not '%s'",
                      type_name(OBJ_TYPE(name)));
        return -1;
    }
    return 0;
}

static Obj *bi_getattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("getattr", kw) < 0 || args_count("getattr", nargs, 2, 3) < 0) return NULL;
    if (check_attr_name(args[1]) < 0) return NULL;
    if (nargs == 2) return obj_getattr(args[0], args[1]);
    Obj *v = NULL;
    if (obj_lookup_attr(args[0], args[1], &v) < 0) return NULL;
    return v ? v : INCREF(args[2]);
}

static Obj *bi_hasattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("hasattr", kw) < 0 || args_count("hasattr", nargs, 2, 2) < 0) return NULL;
    if (check_attr_name(args[1]) < 0) return NULL;
    Obj *v = NULL;
    int r = obj_lookup_attr(args[0], args[1], &v);
    if (r < 0) return NULL;
    XDECREF(v);
    return bool_from(r > 0);
}

static Obj *bi_setattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("setattr", kw) < 0 || args_count("setattr", nargs, 3, 3) < 0) return NULL;
    if (check_attr_name(args[1]) < 0) return NULL;
    if (obj_setattr(args[0], args[1], args[2]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *bi_delattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("delattr", kw) < 0 || args_count("delattr", nargs, 2, 2) < 0) return NULL;
    if (check_attr_name(args[1]) < 0) return NULL;
    if (obj_setattr(args[0], args[1], NULL) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *bi_hash(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Hash h = obj_hash(args[0]);
    if (h == -1) return NULL;
    return int_from_i64(h);
}

static Obj *bi_id(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return int_from_u64((uint64_t)(uintptr_t)args[0]);
}

static Obj *bi_isinstance(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("isinstance", kw) < 0 || args_count("isinstance", nargs, 2, 2) < 0) return NULL;
    int r = obj_isinstance(args[0], args[1]);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *bi_issubclass(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("issubclass", kw) < 0 || args_count("issubclass", nargs, 2, 2) < 0) return NULL;
    int r = obj_issubclass(args[0], args[1]);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *bi_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("iter", kw) < 0 || args_count("iter", nargs, 1, 2) < 0) return NULL;
    if (nargs == 1) return obj_getiter(args[0]);
    if (!OBJ_TYPE(args[0])->call) {
        vm_err_set_str(&exc_TypeError, "iter(object, sentinel): object must be callable");
        return NULL;
    }
    return calliter_new(args[0], args[1]);
}

static Obj *bi_next(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("next", kw) < 0 || args_count("next", nargs, 1, 2) < 0) return NULL;
    Obj *it = args[0];
    if (!OBJ_TYPE(it)->iternext) {
        vm_err_format(&exc_TypeError, "'%s' object is not an iterator", OBJ_TYPE(it)->name);
        return NULL;
    }
    /* A class's __next__ is called as such, so the StopIteration it raises
     * (a subclass, a value) reaches the caller unchanged, as in CPython. */
    Obj *r = type_has(OBJ_TYPE(it), TPF_HEAPTYPE) && type_lookup(OBJ_TYPE(it), id_str("__next__"))
                 ? obj_call_method(it, "__next__", NULL, 0)
                 : OBJ_TYPE(it)->iternext(it);
    if (r) return r;
    if (vm_err_occurred()) {
        if (nargs < 2 || !vm_err_matches(&exc_StopIteration)) return NULL;
        vm_err_clear();
        return INCREF(args[1]);
    }
    if (nargs == 2) return INCREF(args[1]);
    vm_err_set_obj(&exc_StopIteration, NULL);
    return NULL;
}

static Obj *bi_len(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Ssize n = obj_length(args[0]);
    if (n < 0) return NULL;
    return int_from_i64(n);
}

static Obj *bi_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return obj_repr(args[0]);
}

static Obj *bi_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"value", "format_spec"};
    Obj *v[2];
    if (nargs == 0 && nkw(kw) == 0) {
        vm_err_set_str(&exc_TypeError, "format expected at least 1 argument, got 0");
        return NULL;
    }
    if (args_parse("format", args, nargs, kw, names, 2, 2, 1, v) < 0) return NULL;
    if (v[1] && !STR_CHECK(v[1])) {
        vm_err_format(&exc_TypeError, "format() argument 2 must be str, not %s",
                      v[1] == NONE ? "None" : type_name(OBJ_TYPE(v[1])));
        return NULL;
    }
    return obj_format(v[0], v[1]);
}

static Obj *bi_globals(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    Obj *g = current_globals();
    return INCREF(g ? g : NONE);
}

static Obj *bi_locals(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    Frame *f = vm ? vm->frame : NULL;
    if (!f) return dict_new();
    return frame_get_locals(f);
}

static Obj *bi_vars(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("vars", kw) < 0 || args_count("vars", nargs, 0, 1) < 0) return NULL;
    if (nargs == 0) return bi_locals(self, NULL, 0, NULL);
    Obj *d = NULL;
    if (obj_lookup_attr(args[0], id_str("__dict__"), &d) < 0) return NULL;
    if (!d) {
        vm_err_set_str(&exc_TypeError, "vars() argument must have __dict__ attribute");
        return NULL;
    }
    return d;
}

static Obj *bi_dir(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("dir", kw) < 0 || args_count("dir", nargs, 0, 1) < 0) return NULL;
    if (nargs == 1) return obj_dir(args[0]);
    Obj *loc = bi_locals(self, NULL, 0, NULL);
    if (!loc) return NULL;
    Obj *keys = DICT_CHECK(loc) ? dict_keys_list(loc) : seq_to_list(loc);
    DECREF(loc);
    if (!keys) return NULL;
    if (list_sort(keys, NULL, false) < 0) {
        DECREF(keys);
        return NULL;
    }
    return keys;
}

/* ---- numbers ------------------------------------------------------------------------ */

static Obj *bi_pow(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"base", "exp", "mod"};
    Obj *v[3];
    if (args_parse("pow", args, nargs, kw, names, 3, 0, 2, v) < 0) return NULL;
    if (!v[2] || v[2] == NONE) return num_binary(v[0], v[1], NB_POWER);
    /* three arguments: the power slot of the operands in turn */
    Obj *ops[3] = {v[0], v[1], v[2]};
    TernaryFn tried[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++) {
        NumberMethods *nb = OBJ_TYPE(ops[i])->as_number;
        TernaryFn fn = nb ? nb->power : NULL;
        if (!fn || fn == tried[0] || fn == tried[1]) continue;
        tried[i] = fn;
        Obj *r = fn(v[0], v[1], v[2]);
        if (r != NOTIMPL) return r;
        DECREF(r);
    }
    vm_err_format(&exc_TypeError, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                  type_name(OBJ_TYPE(v[0])), type_name(OBJ_TYPE(v[1])), type_name(OBJ_TYPE(v[2])));
    return NULL;
}

static Obj *bi_round(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"number", "ndigits"};
    Obj *v[2];
    if (args_parse("round", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    Obj *meth = type_lookup(OBJ_TYPE(v[0]), id_str("__round__"));
    if (!meth) {
        vm_err_format(&exc_TypeError, "type %s doesn't define __round__ method",
                      type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    if (!v[1] || v[1] == NONE) return obj_call_method(v[0], "__round__", NULL, 0);
    return obj_call_method(v[0], "__round__", &v[1], 1);
}

/* sum(): CPython's three loops, in order: exact ints in a machine word, then
 * floats (Neumaier-compensated, ints added plainly), then generic `+`. */
static Obj *bi_sum(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"iterable", "start"};
    Obj *v[2];
    if (nargs == 0) {
        vm_err_set_str(&exc_TypeError, "sum() takes at least 1 positional argument (0 given)");
        return NULL;
    }
    if (args_parse("sum", args, nargs, kw, names, 2, 1, 1, v) < 0) return NULL;
    Obj *start = v[1];
    if (start) {
        if (STR_CHECK(start)) {
            vm_err_set_str(&exc_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
            return NULL;
        }
        if (BYTES_CHECK(start)) {
            vm_err_set_str(&exc_TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
            return NULL;
        }
        if (type_is_subtype(OBJ_TYPE(start), &bytearray_type)) {
            vm_err_set_str(&exc_TypeError, "sum() can't sum bytearray [use b''.join(seq) instead]");
            return NULL;
        }
    }
    Obj *it = obj_getiter(v[0]);
    if (!it) return NULL;
    Obj *result = start ? INCREF(start) : int_from_i64(0);
    if (!result) goto fail;
    Obj *item;

    if (IS_TYPE(result, int_type) && int_fits_i64(result)) {
        int64_t acc;
        int_as_i64(result, &acc);
        CLEAR(result);
        while (!result) {
            item = obj_iternext(it);
            if (!item) {
                if (vm_err_occurred()) goto fail;
                DECREF(it);
                return int_from_i64(acc);
            }
            if ((IS_TYPE(item, int_type) || IS_TYPE(item, bool_type)) && int_fits_i64(item)) {
                int64_t b;
                int_as_i64(item, &b);
                if (acc >= 0 ? b <= INT64_MAX - acc : b >= INT64_MIN - acc) {
                    acc += b;
                    DECREF(item);
                    continue;
                }
            }
            /* overflow or not an int: continue with objects */
            Obj *r = int_from_i64(acc);
            if (!r) {
                DECREF(item);
                goto fail;
            }
            result = num_binary(r, item, NB_ADD);
            DECREF(r);
            DECREF(item);
            if (!result) goto fail;
        }
    }

    if (IS_TYPE(result, float_type)) {
        double f = float_value(result), c = 0.0;
        CLEAR(result);
        while (!result) {
            item = obj_iternext(it);
            if (!item) {
                if (vm_err_occurred()) goto fail;
                DECREF(it);
                /* keep the sign of -0.0 and do not turn inf into nan */
                if (c != 0.0 && isfinite(c)) f += c;
                return float_from_double(f);
            }
            if (IS_TYPE(item, float_type)) {
                double x = float_value(item);
                double t = f + x;
                if (fabs(f) >= fabs(x)) c += (f - t) + x;
                else c += (x - t) + f;
                f = t;
                DECREF(item);
                continue;
            }
            if (INT_CHECK(item) && int_fits_i64(item)) {
                int64_t b;
                int_as_i64(item, &b);
                f += (double)b;
                DECREF(item);
                continue;
            }
            if (c != 0.0 && isfinite(c)) f += c;
            Obj *r = float_from_double(f);
            if (!r) {
                DECREF(item);
                goto fail;
            }
            result = num_binary(r, item, NB_ADD);
            DECREF(r);
            DECREF(item);
            if (!result) goto fail;
        }
    }

    while ((item = obj_iternext(it))) {
        Obj *r = num_binary(result, item, NB_ADD);
        DECREF(item);
        DECREF(result);
        result = r;
        if (!result) goto fail;
    }
    if (vm_err_occurred()) goto fail;
    DECREF(it);
    return result;
fail:
    XDECREF(result);
    DECREF(it);
    return NULL;
}

/* ---- min / max -------------------------------------------------------------------- */

static Obj *min_max(Obj *const *args, Ssize nargs, Obj *kw, int op, const char *name)
{
    Obj *key = NULL, *dflt = NULL;
    Ssize nk = nkw(kw);
    if (nargs == 0) {
        vm_err_format(&exc_TypeError, "%s expected at least 1 argument, got 0", name);
        return NULL;
    }
    for (Ssize i = 0; i < nk; i++) {
        if (kw_is(kw, i, "key")) key = args[nargs + i];
        else if (kw_is(kw, i, "default")) dflt = args[nargs + i];
        else if (nk > 2) {
            vm_err_format(&exc_TypeError, "%s() takes at most 2 keyword arguments (%zd given)",
                          name, nk);
            return NULL;
        } else {
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for %s()",
                          TUPLE_ITEMS(kw)[i], name);
            return NULL;
        }
    }
    if (key == NONE) key = NULL;
    Obj *it = NULL;
    if (nargs == 1) {
        it = obj_getiter(args[0]);
        if (!it) return NULL;
    } else if (dflt) {
        vm_err_format(&exc_TypeError,
                      "Cannot specify a default for %s() with multiple positional arguments", name);
        return NULL;
    }
    Obj *best = NULL, *bestkey = NULL;
    Ssize idx = 0;
    for (;;) {
        Obj *item;
        if (it) {
            item = obj_iternext(it);
            if (!item) {
                if (vm_err_occurred()) goto fail;
                break;
            }
        } else {
            if (idx >= nargs) break;
            item = INCREF(args[idx++]);
        }
        Obj *k = key ? obj_call(key, &item, 1, NULL) : INCREF(item);
        if (!k) {
            DECREF(item);
            goto fail;
        }
        if (!best) {
            best = item;
            bestkey = k;
            continue;
        }
        int c = obj_richcompare_bool(k, bestkey, op);
        if (c < 0) {
            DECREF(item);
            DECREF(k);
            goto fail;
        }
        if (c) {
            obj_setref(&best, item);
            obj_setref(&bestkey, k);
        } else {
            DECREF(item);
            DECREF(k);
        }
    }
    XDECREF(it);
    XDECREF(bestkey);
    if (!best) {
        if (dflt) return INCREF(dflt);
        vm_err_format(&exc_ValueError, "%s() iterable argument is empty", name);
        return NULL;
    }
    return best;
fail:
    XDECREF(it);
    XDECREF(best);
    XDECREF(bestkey);
    return NULL;
}

static Obj *bi_min(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return min_max(args, nargs, kw, CMP_LT, "min");
}

static Obj *bi_max(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return min_max(args, nargs, kw, CMP_GT, "max");
}

static Obj *bi_sorted(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_count("sorted", nargs, 1, 1) < 0) return NULL;
    Obj *key = NULL, *rev = NULL;
    for (Ssize i = 0; i < nkw(kw); i++) {
        if (kw_is(kw, i, "key")) key = args[nargs + i];
        else if (kw_is(kw, i, "reverse")) rev = args[nargs + i];
        else {
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for sort()",
                          TUPLE_ITEMS(kw)[i]);
            return NULL;
        }
    }
    bool reverse = false;
    if (rev) {
        if (!INT_CHECK(rev) && rev != NONE) {
            /* sort(reverse=...) takes an int-like value */
            if (!has_index(rev)) {
                err_not_integer(rev);
                return NULL;
            }
        }
        int t = obj_is_true(rev);
        if (t < 0) return NULL;
        reverse = t;
    }
    Obj *l = seq_to_list(args[0]);
    if (!l) return NULL;
    if (list_sort(l, key == NONE ? NULL : key, reverse) < 0) {
        DECREF(l);
        return NULL;
    }
    return l;
}

/* ---- print / input / open ----------------------------------------------------------- */

static Obj *bi_print(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *sep = NULL, *end = NULL, *file = NULL, *flush = NULL;
    for (Ssize i = 0; i < nkw(kw); i++) {
        Obj *val = args[nargs + i];
        if (kw_is(kw, i, "sep")) sep = val;
        else if (kw_is(kw, i, "end")) end = val;
        else if (kw_is(kw, i, "file")) file = val;
        else if (kw_is(kw, i, "flush")) flush = val;
        else {
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for print()",
                          TUPLE_ITEMS(kw)[i]);
            return NULL;
        }
    }
    if (!file || file == NONE) {
        file = sys_get_borrow("stdout");
        /* sys.stdout None: print does nothing */
        if (!file || file == NONE) return INCREF(NONE);
    }
    if (sep == NONE) sep = NULL;
    if (end == NONE) end = NULL;
    if (sep && !STR_CHECK(sep)) {
        vm_err_format(&exc_TypeError, "sep must be None or a string, not %s",
                      type_name(OBJ_TYPE(sep)));
        return NULL;
    }
    if (end && !STR_CHECK(end)) {
        vm_err_format(&exc_TypeError, "end must be None or a string, not %s",
                      type_name(OBJ_TYPE(end)));
        return NULL;
    }
    INCREF(file);
    for (Ssize i = 0; i < nargs; i++) {
        if (i > 0) {
            if (sep) {
                if (io_write_str(file, sep) < 0) goto fail;
            } else if (io_write_cstr(file, " ") < 0) {
                goto fail;
            }
        }
        Obj *s = STR_CHECK(args[i]) && IS_TYPE(args[i], str_type) ? INCREF(args[i]) : obj_str(args[i]);
        if (!s) goto fail;
        int rc = io_write_str(file, s);
        DECREF(s);
        if (rc < 0) goto fail;
    }
    if (end) {
        if (io_write_str(file, end) < 0) goto fail;
    } else if (io_write_cstr(file, "\n") < 0) {
        goto fail;
    }
    if (flush) {
        int t = obj_is_true(flush);
        if (t < 0) goto fail;
        if (t) {
            Obj *r = obj_call_method(file, "flush", NULL, 0);
            if (!r) goto fail;
            DECREF(r);
        }
    }
    DECREF(file);
    return INCREF(NONE);
fail:
    DECREF(file);
    return NULL;
}

static Obj *bi_input(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("input", kw) < 0 || args_count("input", nargs, 0, 1) < 0) return NULL;
    return io_input(nargs ? args[0] : NULL);
}

static Obj *bi_open(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return io_open(args, nargs, kw);
}

/* ---- compile / eval / exec ----------------------------------------------------------- */

/* The code object of eval()'s "<string>" frame: module code of one line,
 * which tracebacks show as `File "<string>", line 1, in <module>`. */
static CodeRtObj *string_code(void)
{
    static Obj *code;
    if (!code) {
        TbLoc loc = {1, 0, 0, false};
        code = tbframe_code_new("<string>", "<module>", "<module>", 1, 0, &loc, 1);
    }
    return (CodeRtObj *)code;
}

/* eval(str_or_bytes, …): the expression engine runs it in a "<string>"
 * frame, which is the innermost frame meanwhile (globals(), locals(),
 * sys._getframe and tracebacks see it as CPython's). */
static Obj *eval_source(Obj *source, Obj *globals, Obj *builtins, Obj *locals)
{
    const char *src;
    Ssize n;
    if (STR_CHECK(source)) {
        src = str_utf8_lossy(source, &n);
    } else if (BYTES_CHECK(source)) {
        src = (const char *)BYTES_DATA(source);
        n = VAR_SIZE(source);
    } else {
        src = (const char *)((ByteArrayObj *)source)->data;
        n = VAR_SIZE(source);
    }
    if (!src) return NULL;
    if (memchr(src, 0, (size_t)n)) {
        vm_err_set_str(&exc_SyntaxError, "source code string cannot contain null bytes");
        return NULL;
    }
    while (n > 0 && (*src == ' ' || *src == '\t')) src++, n--;
    ExprCode *ec = expr_compile_source(src, (size_t)n, "<string>");
    if (!ec) return NULL;
    CodeRtObj *co = string_code();
    Frame *f = co ? frame_new(co, globals, builtins, locals, NULL) : NULL;
    if (!f) {
        expr_code_free(ec);
        return NULL;
    }
    Obj *r = NULL;
    /* the recursion check of CPython's call into eval's code comes first */
    if (vm->depth >= vm->recursion_limit) {
        vm_err_set_str(&exc_RecursionError,
                       "maximum recursion depth exceeded while calling a Python object");
        DECREF(f);
        expr_code_free(ec);
        return NULL;
    }
    if (vm_enter_c(" while calling a Python object") < 0) {
        DECREF(f);
        expr_code_free(ec);
        return NULL;
    }
    if (vm_frame_enter(f) == 0) {
        /* the debugger and --trace see the frame start (its RESUME) and
         * its line 1 (the NOP), as CPython reports 'call' and 'line' */
        int rc = 0;
        for (int32_t i = 0; i < 2 && rc == 0; i++) {
            int32_t prev = f->lasti;
            f->lasti = f->ip = i;
            if (vm->trap == VM_TRAP_ALL && vm_trap_hook) rc = vm_trap_hook(f, i ? prev : -1);
        }
        f->ip = 2;
        if (rc == 0) r = expr_run_source(ec, f);
        if (r && vm->trap && vm_return_hook) vm_return_hook(f, r);
        vm_frame_leave(f);
    }
    vm_leave_c();
    DECREF(f);
    expr_code_free(ec);
    return r;
}

static Obj *run_code(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool is_eval)
{
    static const char *const names[] = {"source", "globals", "locals"};
    Obj *v[3];
    if (is_eval && kw && TUPLE_LEN(kw)) {
        vm_err_set_str(&exc_TypeError, "eval() takes no keyword arguments");
        return NULL;
    }
    if (is_eval && (nargs < 1 || nargs > 3)) {
        vm_err_format(&exc_TypeError, nargs < 1 ? "eval expected at least 1 argument, got %d"
                                                : "eval expected at most 3 arguments, got %d",
                      (int)nargs);
        return NULL;
    }
    if (args_parse(fname, args, nargs, kw, names, 3, 1, 1, v) < 0) return NULL;
    bool is_source = STR_CHECK(v[0]) || BYTES_CHECK(v[0]) || IS_TYPE(v[0], bytearray_type);
    if (!IS_TYPE(v[0], code_type)) {
        if (is_source && !is_eval)
            vm_err_format(&exc_NotImplementedError,
                          "pydbg: exec() needs a compiler; not supported");
        else if (!is_source)
            vm_err_format(&exc_TypeError,
                          is_eval ? "eval() arg 1 must be a string, bytes or code object"
                                  : "exec() arg 1 must be a string, bytes or code object");
        if (!is_source || !is_eval) return NULL;
    }
    Obj *globals = v[1] && v[1] != NONE ? v[1] : NULL;
    Obj *locals = v[2] && v[2] != NONE ? v[2] : NULL;
    if (globals && !DICT_CHECK(globals)) {
        if (is_eval)
            vm_err_set_str(&exc_TypeError, "globals must be a dict");
        else
            vm_err_format(&exc_TypeError, "%s() globals must be a dict, not %s", fname,
                          type_name(OBJ_TYPE(globals)));
        return NULL;
    }
    if (is_eval && locals && (!OBJ_TYPE(locals)->as_mapping ||
                              !OBJ_TYPE(locals)->as_mapping->subscript)) {
        vm_err_set_str(&exc_TypeError, "locals must be a mapping");
        return NULL;
    }
    Obj *freshloc = NULL;
    if (!globals) {
        globals = current_globals();
        if (!locals) {
            freshloc = bi_locals(NULL, NULL, 0, NULL);
            if (!freshloc) return NULL;
            locals = freshloc;
        }
    } else if (!locals) {
        locals = globals;
    }
    if (!globals) {
        XDECREF(freshloc);
        vm_err_set_str(&exc_SystemError, "globals and locals cannot be NULL");
        return NULL;
    }
    if (!dict_get_str_borrow(globals, "__builtins__")) {
        if (vm_err_occurred() ||
            dict_set_str(globals, "__builtins__",
                         vm->frame && vm->frame->builtins ? vm->frame->builtins : vm->builtins) < 0) {
            XDECREF(freshloc);
            return NULL;
        }
    }
    Obj *b = dict_get_str_borrow(globals, "__builtins__");
    Obj *bdict = b && IS_TYPE(b, module_type) ? module_dict_borrow(b) : b;
    if (!bdict || !DICT_CHECK(bdict)) bdict = vm->builtins;
    if (is_source) {
        Obj *r = eval_source(v[0], globals, bdict, locals);
        XDECREF(freshloc);
        return r;
    }
    CodeRtObj *co = (CodeRtObj *)v[0];
    if (co->nfrees > 0) {
        XDECREF(freshloc);
        vm_err_format(&exc_TypeError,
                      "code object passed to %s() may not contain free variables", fname);
        return NULL;
    }
    Frame *f = frame_new(co, globals, bdict, (co->flags & CO_OPTIMIZED) ? NULL : locals, NULL);
    XDECREF(freshloc);
    if (!f) return NULL;
    Obj *r = vm_eval(f, NULL);
    DECREF(f);
    if (!r) return NULL;
    if (is_eval) return r;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *bi_eval(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return run_code("eval", args, nargs, kw, true);
}

static Obj *bi_exec(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return run_code("exec", args, nargs, kw, false);
}

static Obj *bi_compile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"source", "filename", "mode", "flags",
                                        "dont_inherit", "optimize", "_feature_version"};
    Obj *v[7];
    if (args_parse("compile", args, nargs, kw, names, 7, 0, 3, v) < 0) return NULL;
    vm_err_set_str(&exc_NotImplementedError, "pydbg: compile() needs a compiler; not supported");
    return NULL;
}

/* ---- __import__, breakpoint, aiter, anext ---------------------------------------------- */

static Obj *bi_import(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"name", "globals", "locals", "fromlist", "level"};
    Obj *v[5];
    if (args_parse("__import__", args, nargs, kw, names, 5, 0, 1, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "__import__() argument 1 must be str, not %s",
                      type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    int64_t level = 0;
    if (v[4]) {
        if (as_c_int(v[4], &level) < 0) return NULL;
        if (level < 0) {
            vm_err_set_str(&exc_ValueError, "level must be >= 0");
            return NULL;
        }
    }
    Obj *globals = v[1] && v[1] != NONE ? v[1] : NULL;
    Obj *fromlist = v[3] && v[3] != NONE ? v[3] : NULL;
    return import_name(v[0], globals, fromlist, (int)level);
}

static Obj *bi_breakpoint(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *hook = sys_get_borrow("breakpointhook");
    if (!hook) {
        vm_err_set_str(&exc_RuntimeError, "lost sys.breakpointhook");
        return NULL;
    }
    INCREF(hook);
    Obj *r = obj_call(hook, args, nargs, kw);
    DECREF(hook);
    return r;
}

static Obj *bi_aiter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *o = args[0];
    if (!type_lookup(OBJ_TYPE(o), id_str("__aiter__"))) {
        vm_err_format(&exc_TypeError, "'%s' object is not an async iterable",
                      type_name(OBJ_TYPE(o)));
        return NULL;
    }
    Obj *it = obj_call_method(o, "__aiter__", NULL, 0);
    if (!it) return NULL;
    if (!type_lookup(OBJ_TYPE(it), id_str("__anext__"))) {
        vm_err_format(&exc_TypeError, "aiter() returned not an async iterator of type '%s'",
                      type_name(OBJ_TYPE(it)));
        DECREF(it);
        return NULL;
    }
    return it;
}

/* anext(it, default): an awaitable that turns StopAsyncIteration of the
 * awaited __anext__() into StopIteration(default). */
typedef struct AnextObj { Obj base; Obj *wrapped; Obj *it; Obj *dflt; } AnextObj;
static TypeObj anext_awaitable_type;

static Obj *anext_get_iter(AnextObj *a)
{
    if (a->it) return a->it;
    Obj *w = a->wrapped;
    Obj *it;
    if (gen_check(w)) {
        it = INCREF(w);
    } else {
        if (!type_lookup(OBJ_TYPE(w), id_str("__await__"))) {
            vm_err_format(&exc_TypeError, "'%s' object can't be awaited", type_name(OBJ_TYPE(w)));
            return NULL;
        }
        it = obj_call_method(w, "__await__", NULL, 0);
        if (!it) return NULL;
    }
    a->it = it;
    return it;
}

static Obj *anext_proxy(AnextObj *a, const char *meth, Obj *const *args, Ssize nargs)
{
    Obj *it = anext_get_iter(a);
    if (!it) return NULL;
    Obj *r;
    if (!meth) r = obj_iternext(it);
    else r = obj_call_method(it, meth, args, nargs);
    if (r) return r;
    if (!vm_err_occurred()) {
        vm_err_set_obj(&exc_StopIteration, NULL);
        return NULL;
    }
    if (vm_err_matches(&exc_StopAsyncIteration)) {
        vm_err_clear();
        gen_set_stop_iteration(a->dflt);
    }
    return NULL;
}

static Obj *anext_iternext(Obj *self)
{
    Obj *r = anext_proxy((AnextObj *)self, NULL, NULL, 0);
    return r;
}

static Obj *anext_send(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    AnextObj *a = (AnextObj *)self;
    if (args[0] == NONE) return anext_proxy(a, NULL, NULL, 0);
    return anext_proxy(a, "send", args, 1);
}

static Obj *anext_throw(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    return anext_proxy((AnextObj *)self, "throw", args, nargs);
}

static Obj *anext_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    AnextObj *a = (AnextObj *)self;
    Obj *it = anext_get_iter(a);
    if (!it) return NULL;
    Obj *m = NULL;
    if (obj_lookup_attr(it, id_str("close"), &m) < 0) return NULL;
    if (!m) return INCREF(NONE);
    Obj *r = obj_call(m, NULL, 0, NULL);
    DECREF(m);
    return r;
}

static Obj *anext_await(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return INCREF(self);
}

static Obj *self_iter(Obj *self) { return INCREF(self); }

static void anext_dealloc(Obj *o)
{
    AnextObj *a = (AnextObj *)o;
    gc_untrack(o);
    XDECREF(a->wrapped);
    XDECREF(a->it);
    XDECREF(a->dflt);
    obj_free(o);
}

static int anext_traverse(Obj *o, VisitFn visit, void *arg)
{
    AnextObj *a = (AnextObj *)o;
    if (a->wrapped && visit(a->wrapped, arg)) return 1;
    if (a->it && visit(a->it, arg)) return 1;
    if (a->dflt && visit(a->dflt, arg)) return 1;
    return 0;
}

static MethodDef anext_methods[] = {
    {"send", anext_send, METH_O, NULL},
    {"throw", anext_throw, METH_FAST, NULL},
    {"close", anext_close, METH_NOARGS, NULL},
    {"__await__", anext_await, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj anext_awaitable_type = {
    .base = TYPE_HEAD_INIT, .name = "anext_awaitable", .basicsize = sizeof(AnextObj),
    .flags = TPF_GC, .dealloc = anext_dealloc, .getattro = obj_generic_getattr,
    .iter = self_iter, .iternext = anext_iternext, .traverse = anext_traverse,
    .methods = anext_methods,
};

static Obj *bi_anext(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("anext", kw) < 0 || args_count("anext", nargs, 1, 2) < 0) return NULL;
    Obj *o = args[0];
    if (!type_lookup(OBJ_TYPE(o), id_str("__anext__"))) {
        vm_err_format(&exc_TypeError, "'%s' object is not an async iterator",
                      type_name(OBJ_TYPE(o)));
        return NULL;
    }
    Obj *aw = obj_call_method(o, "__anext__", NULL, 0);
    if (!aw || nargs == 1) return aw;
    AnextObj *a = (AnextObj *)obj_alloc(&anext_awaitable_type, 0);
    if (!a) {
        DECREF(aw);
        return NULL;
    }
    a->wrapped = aw;
    a->dflt = INCREF(args[1]);
    return (Obj *)a;
}

/* ---- memoryview (minimal: one-dimensional views of bytes-like objects) -------------------- */

typedef struct MemViewObj {
    Obj base;
    Obj *obj;            /* bytes or bytearray */
    Ssize start, len;
    bool released;
} MemViewObj;

static const unsigned char *mv_data(MemViewObj *m)
{
    Obj *o = m->obj;
    const unsigned char *p = BYTES_CHECK(o) ? BYTES_DATA(o) : ((ByteArrayObj *)o)->data;
    return p ? p + m->start : (const unsigned char *)"";
}

static int mv_check(MemViewObj *m)
{
    if (m->released) {
        vm_err_set_str(&exc_ValueError, "operation forbidden on released memoryview object");
        return -1;
    }
    return 0;
}

static Obj *mv_make(TypeObj *t, Obj *o, Ssize start, Ssize len)
{
    MemViewObj *m = (MemViewObj *)obj_alloc(t, 0);
    if (!m) return NULL;
    m->obj = INCREF(o);
    m->start = start;
    m->len = len;
    if (!BYTES_CHECK(o)) ((ByteArrayObj *)o)->exports++;
    return (Obj *)m;
}

static Obj *mv_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (args_parse("memoryview", args, nargs, kw, names, 1, 0, 1, v) < 0) return NULL;
    Obj *o = v[0];
    if (IS_TYPE(o, memoryview_type)) {
        MemViewObj *src = (MemViewObj *)o;
        if (mv_check(src) < 0) return NULL;
        return mv_make(t, src->obj, src->start, src->len);
    }
    if (!BYTES_CHECK(o) && !type_is_subtype(OBJ_TYPE(o), &bytearray_type)) {
        vm_err_format(&exc_TypeError, "memoryview: a bytes-like object is required, not '%s'",
                      type_name(OBJ_TYPE(o)));
        return NULL;
    }
    return mv_make(t, o, 0, VAR_SIZE(o));
}

static void mv_release_impl(MemViewObj *m)
{
    if (m->released) return;
    m->released = true;
    if (m->obj && !BYTES_CHECK(m->obj)) ((ByteArrayObj *)m->obj)->exports--;
}

static void mv_dealloc(Obj *o)
{
    MemViewObj *m = (MemViewObj *)o;
    gc_untrack(o);
    mv_release_impl(m);
    XDECREF(m->obj);
    obj_free(o);
}

static int mv_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *x = ((MemViewObj *)o)->obj;
    return x ? visit(x, arg) : 0;
}

static Ssize mv_length(Obj *o)
{
    MemViewObj *m = (MemViewObj *)o;
    if (mv_check(m) < 0) return -1;
    return m->len;
}

static Obj *mv_subscript(Obj *o, Obj *key)
{
    MemViewObj *m = (MemViewObj *)o;
    if (mv_check(m) < 0) return NULL;
    if (IS_TYPE(key, slice_type)) {
        Ssize start, stop, step, n;
        if (slice_indices(key, m->len, &start, &stop, &step, &n) < 0) return NULL;
        if (step != 1) {
            Obj *b = bytes_from(mv_data(m), 0);
            if (!b) return NULL;
            /* non-unit steps copy (views of views with strides are not kept) */
            unsigned char *tmp = xmalloc((size_t)n + 1);
            for (Ssize i = 0; i < n; i++) tmp[i] = mv_data(m)[start + i * step];
            Obj *c = bytes_from(tmp, n);
            free(tmp);
            DECREF(b);
            if (!c) return NULL;
            Obj *r = mv_make(OBJ_TYPE(o), c, 0, n);
            DECREF(c);
            return r;
        }
        return mv_make(OBJ_TYPE(o), m->obj, m->start + start, n);
    }
    if (!has_index(key)) {
        vm_err_set_str(&exc_TypeError, "memoryview: invalid slice key");
        return NULL;
    }
    Ssize i = num_as_ssize(key, &exc_IndexError);
    if (i == -1 && vm_err_occurred()) return NULL;
    if (i < 0) i += m->len;
    if (i < 0 || i >= m->len) {
        vm_err_set_str(&exc_IndexError, "index out of bounds on dimension 1");
        return NULL;
    }
    return int_from_i64(mv_data(m)[i]);
}

static int mv_ass_subscript(Obj *o, Obj *key, Obj *value)
{
    MemViewObj *m = (MemViewObj *)o;
    if (mv_check(m) < 0) return -1;
    if (BYTES_CHECK(m->obj)) {
        vm_err_set_str(&exc_TypeError, "cannot modify read-only memory");
        return -1;
    }
    if (!value) {
        vm_err_set_str(&exc_TypeError, "cannot delete memory");
        return -1;
    }
    unsigned char *data = ((ByteArrayObj *)m->obj)->data + m->start;
    if (IS_TYPE(key, slice_type)) {
        Ssize start, stop, step, n;
        if (slice_indices(key, m->len, &start, &stop, &step, &n) < 0) return -1;
        Obj *b = NULL;
        if (BYTES_CHECK(value)) b = INCREF(value);
        else if (type_is_subtype(OBJ_TYPE(value), &bytearray_type))
            b = bytes_from(((ByteArrayObj *)value)->data, VAR_SIZE(value));
        else if (IS_TYPE(value, memoryview_type))
            b = bytes_from(mv_data((MemViewObj *)value), ((MemViewObj *)value)->len);
        else {
            vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'",
                          type_name(OBJ_TYPE(value)));
            return -1;
        }
        if (!b) return -1;
        if (VAR_SIZE(b) != n) {
            DECREF(b);
            vm_err_set_str(&exc_ValueError,
                           "memoryview assignment: lvalue and rvalue have different structures");
            return -1;
        }
        for (Ssize i = 0; i < n; i++) data[start + i * step] = BYTES_DATA(b)[i];
        DECREF(b);
        return 0;
    }
    Ssize i = num_as_ssize(key, &exc_IndexError);
    if (i == -1 && vm_err_occurred()) return -1;
    if (i < 0) i += m->len;
    if (i < 0 || i >= m->len) {
        vm_err_set_str(&exc_IndexError, "index out of bounds on dimension 1");
        return -1;
    }
    int64_t b;
    if (!INT_CHECK(value) || int_as_i64(value, &b) < 0 || b < 0 || b > 255) {
        vm_err_clear();
        vm_err_set_str(&exc_ValueError, "memoryview: invalid value for format 'B'");
        return -1;
    }
    data[i] = (unsigned char)b;
    return 0;
}

static Obj *mv_tobytes(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    MemViewObj *m = (MemViewObj *)self;
    if (mv_check(m) < 0) return NULL;
    return bytes_from(mv_data(m), m->len);
}

static Obj *mv_tolist(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    MemViewObj *m = (MemViewObj *)self;
    if (mv_check(m) < 0) return NULL;
    Obj *l = list_new(m->len);
    if (!l) return NULL;
    for (Ssize i = 0; i < m->len; i++) {
        Obj *v = int_from_i64(mv_data(m)[i]);
        if (!v) {
            DECREF(l);
            return NULL;
        }
        LIST_ITEMS(l)[i] = v;
    }
    return l;
}

static Obj *mv_hex(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *b = mv_tobytes(self, NULL, 0, NULL);
    if (!b) return NULL;
    Obj *r = obj_call_method(b, "hex", NULL, 0);
    DECREF(b);
    return r;
}

static Obj *mv_release(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    mv_release_impl((MemViewObj *)self);
    return INCREF(NONE);
}

static Obj *mv_enter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    if (mv_check((MemViewObj *)self) < 0) return NULL;
    return INCREF(self);
}

static Obj *mv_exit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    mv_release_impl((MemViewObj *)self);
    return INCREF(NONE);
}

static Obj *mv_richcompare(Obj *a, Obj *b, int op)
{
    if (op != CMP_EQ && op != CMP_NE) return INCREF(NOTIMPL);
    MemViewObj *m = (MemViewObj *)a;
    if (m->released) return bool_from((a == b) == (op == CMP_EQ));
    const unsigned char *pb;
    Ssize nb;
    if (IS_TYPE(b, memoryview_type)) {
        if (((MemViewObj *)b)->released) return bool_from((a == b) == (op == CMP_EQ));
        pb = mv_data((MemViewObj *)b);
        nb = ((MemViewObj *)b)->len;
    } else if (BYTES_CHECK(b)) {
        pb = BYTES_DATA(b);
        nb = VAR_SIZE(b);
    } else if (type_is_subtype(OBJ_TYPE(b), &bytearray_type)) {
        pb = ((ByteArrayObj *)b)->data;
        nb = VAR_SIZE(b);
    } else {
        return INCREF(NOTIMPL);
    }
    bool eq = nb == m->len && (nb == 0 || memcmp(pb, mv_data(m), (size_t)nb) == 0);
    return bool_from(eq == (op == CMP_EQ));
}

static Obj *mv_repr(Obj *o)
{
    MemViewObj *m = (MemViewObj *)o;
    return str_from_fmt(m->released ? "<released memory at %p>" : "<memory at %p>", (void *)o);
}

static Obj *mvg_obj(Obj *self, void *c)
{
    (void)c;
    MemViewObj *m = (MemViewObj *)self;
    if (mv_check(m) < 0) return NULL;
    return INCREF(m->obj);
}
static Obj *mvg_nbytes(Obj *self, void *c)
{
    (void)c;
    MemViewObj *m = (MemViewObj *)self;
    if (mv_check(m) < 0) return NULL;
    return int_from_i64(m->len);
}
static Obj *mvg_readonly(Obj *self, void *c)
{
    (void)c;
    MemViewObj *m = (MemViewObj *)self;
    if (mv_check(m) < 0) return NULL;
    return bool_from(BYTES_CHECK(m->obj));
}
static Obj *mvg_format(Obj *self, void *c)
{
    (void)c;
    if (mv_check((MemViewObj *)self) < 0) return NULL;
    return str_from_cstr("B");
}
static Obj *mvg_one(Obj *self, void *c)
{
    (void)c;
    if (mv_check((MemViewObj *)self) < 0) return NULL;
    return int_from_i64(1);
}
static Obj *mvg_shape(Obj *self, void *c)
{
    (void)c;
    MemViewObj *m = (MemViewObj *)self;
    if (mv_check(m) < 0) return NULL;
    Obj *n = int_from_i64(m->len);
    if (!n) return NULL;
    Obj *t = tuple_pack(1, n);
    DECREF(n);
    return t;
}
static Obj *mvg_released(Obj *self, void *c)
{
    (void)c;
    return bool_from(((MemViewObj *)self)->released);
}

static MappingMethods mv_as_mapping = {mv_length, mv_subscript, mv_ass_subscript};
static SequenceMethods mv_as_sequence = {.length = mv_length};

static MethodDef mv_methods[] = {
    {"tobytes", mv_tobytes, METH_FAST, NULL},
    {"tolist", mv_tolist, METH_NOARGS, NULL},
    {"hex", mv_hex, METH_FAST, NULL},
    {"release", mv_release, METH_NOARGS, NULL},
    {"__enter__", mv_enter, METH_NOARGS, NULL},
    {"__exit__", mv_exit, METH_FAST, NULL},
    {"__bytes__", mv_tobytes, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef mv_getset[] = {
    {"obj", mvg_obj, NULL, NULL, NULL},
    {"nbytes", mvg_nbytes, NULL, NULL, NULL},
    {"readonly", mvg_readonly, NULL, NULL, NULL},
    {"format", mvg_format, NULL, NULL, NULL},
    {"itemsize", mvg_one, NULL, NULL, NULL},
    {"ndim", mvg_one, NULL, NULL, NULL},
    {"shape", mvg_shape, NULL, NULL, NULL},
    {"released", mvg_released, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj memoryview_type = {
    .base = TYPE_HEAD_INIT, .name = "memoryview", .basicsize = sizeof(MemViewObj),
    .flags = TPF_GC | TPF_SEQUENCE, .dealloc = mv_dealloc, .repr = mv_repr,
    .hash = hash_not_implemented, .getattro = obj_generic_getattr,
    .richcompare = mv_richcompare, .new_ = mv_new, .traverse = mv_traverse,
    .as_mapping = &mv_as_mapping, .as_sequence = &mv_as_sequence, .methods = mv_methods,
    .getset = mv_getset, .doc = "Create a new memoryview object which references the given object.",
};

/* ---- site's helpers: exit/quit, help, copyright/credits/license --------------------------- */

typedef struct SiteObj { Obj base; int kind; const char *text; } SiteObj;
enum { SITE_QUIT, SITE_HELP, SITE_PRINTER };

static Obj *site_repr(Obj *o)
{
    return str_from_cstr(((SiteObj *)o)->text);
}

static Obj *site_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    SiteObj *s = (SiteObj *)o;
    if (s->kind == SITE_QUIT) {
        static const char *const names[] = {"code"};
        Obj *v[1];
        if (args_parse("__call__", args, nargs, kw, names, 1, 0, 0, v) < 0) return NULL;
        /* Quitter closes sys.stdin first (errors ignored) */
        Obj *in = sys_get_borrow("stdin");
        if (in && in != NONE) {
            Obj *r = obj_call_method(in, "close", NULL, 0);
            if (!r) vm_err_clear();
            XDECREF(r);
        }
        vm_err_set_obj(&exc_SystemExit, v[0]);
        return NULL;
    }
    if (s->kind == SITE_HELP) {
        if (args_no_kw("help", kw) < 0) return NULL;
        if (nargs > 1) {
            vm_err_format(&exc_TypeError,
                          "Helper.__call__() takes from 1 to 2 positional arguments but %zd were given",
                          nargs + 1);
            return NULL;
        }
        Obj *out = sys_get_borrow("stdout");
        if (!out || out == NONE) return INCREF(NONE);
        if (nargs == 0) {
            if (io_write_cstr(out, "pydbg: interactive help is not available\n") < 0) return NULL;
            return INCREF(NONE);
        }
        /* minimal: the object's docstring */
        Obj *doc = NULL;
        if (obj_lookup_attr(args[0], id_str("__doc__"), &doc) < 0) return NULL;
        Obj *r = obj_repr(args[0]);
        if (!r) {
            XDECREF(doc);
            return NULL;
        }
        Obj *text = str_from_fmt("Help on %U:\n\n%U\n\n", r,
                                 doc && STR_CHECK(doc) ? doc : id_str(""));
        DECREF(r);
        XDECREF(doc);
        if (!text) return NULL;
        int rc = io_write_str(out, text);
        DECREF(text);
        if (rc < 0) return NULL;
        return INCREF(NONE);
    }
    if (args_no_kw("__call__", kw) < 0 || args_count("__call__", nargs, 0, 0) < 0) return NULL;
    Obj *out = sys_get_borrow("stdout");
    if (out && out != NONE) {
        if (io_write_cstr(out, s->text) < 0 || io_write_cstr(out, "\n") < 0) return NULL;
    }
    return INCREF(NONE);
}

static Obj *site_get_eof(Obj *self, void *c)
{
    (void)self; (void)c;
    return str_from_cstr("Ctrl-D (i.e. EOF)");
}

static GetSetDef quitter_getset[] = {
    {"eof", site_get_eof, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj quitter_type = {
    .base = TYPE_HEAD_INIT, .name = "_sitebuiltins.Quitter", .basicsize = sizeof(SiteObj),
    .dealloc = obj_free, .repr = site_repr, .call = site_call, .getattro = obj_generic_getattr,
    .getset = quitter_getset,
};
static TypeObj helper_type = {
    .base = TYPE_HEAD_INIT, .name = "_sitebuiltins._Helper", .basicsize = sizeof(SiteObj),
    .dealloc = obj_free, .repr = site_repr, .call = site_call, .getattro = obj_generic_getattr,
};
static TypeObj printer_type = {
    .base = TYPE_HEAD_INIT, .name = "_sitebuiltins._Printer", .basicsize = sizeof(SiteObj),
    .dealloc = obj_free, .repr = site_repr, .call = site_call, .getattro = obj_generic_getattr,
};

static Obj *site_obj(TypeObj *t, int kind, const char *text)
{
    SiteObj *s = (SiteObj *)obj_alloc(t, 0);
    if (!s) return NULL;
    s->kind = kind;
    s->text = text;
    return (Obj *)s;
}

/* ---- the module ------------------------------------------------------------------------------ */

static const MethodDef builtin_methods[] = {
    {"__import__", bi_import, METH_FAST, NULL},
    {"abs", bi_abs, METH_O, "Return the absolute value of the argument."},
    {"all", bi_all, METH_O, NULL},
    {"any", bi_any, METH_O, NULL},
    {"ascii", bi_ascii, METH_O, NULL},
    {"bin", bi_bin, METH_O, NULL},
    {"breakpoint", bi_breakpoint, METH_FAST, NULL},
    {"callable", bi_callable, METH_O, NULL},
    {"chr", bi_chr, METH_O, NULL},
    {"compile", bi_compile, METH_FAST, NULL},
    {"delattr", bi_delattr, METH_FAST, NULL},
    {"dir", bi_dir, METH_FAST, NULL},
    {"divmod", bi_divmod, METH_FAST, NULL},
    {"eval", bi_eval, METH_FAST, NULL},
    {"exec", bi_exec, METH_FAST, NULL},
    {"format", bi_format, METH_FAST, NULL},
    {"getattr", bi_getattr, METH_FAST, NULL},
    {"globals", bi_globals, METH_NOARGS, NULL},
    {"hasattr", bi_hasattr, METH_FAST, NULL},
    {"hash", bi_hash, METH_O, NULL},
    {"hex", bi_hex, METH_O, NULL},
    {"id", bi_id, METH_O, NULL},
    {"input", bi_input, METH_FAST, NULL},
    {"isinstance", bi_isinstance, METH_FAST, NULL},
    {"issubclass", bi_issubclass, METH_FAST, NULL},
    {"iter", bi_iter, METH_FAST, NULL},
    {"aiter", bi_aiter, METH_O, NULL},
    {"len", bi_len, METH_O, "Return the number of items in a container."},
    {"locals", bi_locals, METH_NOARGS, NULL},
    {"max", bi_max, METH_FAST, NULL},
    {"min", bi_min, METH_FAST, NULL},
    {"next", bi_next, METH_FAST, NULL},
    {"anext", bi_anext, METH_FAST, NULL},
    {"oct", bi_oct, METH_O, NULL},
    {"ord", bi_ord, METH_O, NULL},
    {"pow", bi_pow, METH_FAST, NULL},
    {"print", bi_print, METH_FAST, NULL},
    {"repr", bi_repr, METH_O, NULL},
    {"round", bi_round, METH_FAST, NULL},
    {"setattr", bi_setattr, METH_FAST, NULL},
    {"sorted", bi_sorted, METH_FAST, NULL},
    {"sum", bi_sum, METH_FAST, NULL},
    {"vars", bi_vars, METH_FAST, NULL},
    {"open", bi_open, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const char builtins_doc[] =
    "Built-in functions, types, exceptions, and other objects.\n\n"
    "This module provides direct access to all 'built-in'\n"
    "identifiers of Python; for example, builtins.len is\n"
    "the full name for the built-in function len().\n\n"
    "This module is not normally accessed explicitly by most\n"
    "applications, but can be useful in modules that provide\n"
    "objects with the same name as a built-in value, but in\n"
    "which the built-in value of that name is also needed.";

static const char copyright_text[] =
    "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\n"
    "Copyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\n"
    "Copyright (c) 1995-2001 Corporation for National Research Initiatives.\n"
    "All Rights Reserved.\n\n"
    "Copyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.";

int builtins_init(void)
{
    static TypeObj *const own_types[] = {
        &memoryview_type, &anext_awaitable_type, &quitter_type, &helper_type, &printer_type,
    };
    for (size_t i = 0; i < sizeof own_types / sizeof *own_types; i++)
        if (type_ready(own_types[i]) < 0) return -1;
    Obj *m = module_new("builtins");
    if (!m) return -1;
    Obj *d = module_dict_borrow(m);
    if (module_add_functions(m, builtin_methods) < 0) goto fail;
    if (module_add(m, "__build_class__", builtin_new(&vm_build_class_def, NULL, id_str("builtins"))) < 0)
        goto fail;

    static const struct { const char *name; TypeObj *t; } types[] = {
        {"bool", &bool_type}, {"memoryview", &memoryview_type}, {"bytearray", &bytearray_type},
        {"bytes", &bytes_type}, {"classmethod", &classmethod_type}, {"complex", &complex_type},
        {"dict", &dict_type}, {"enumerate", &enumerate_type}, {"filter", &filter_type},
        {"float", &float_type}, {"frozenset", &frozenset_type}, {"property", &property_type},
        {"int", &int_type}, {"list", &list_type}, {"map", &map_type}, {"object", &object_type},
        {"range", &range_type}, {"reversed", &reversed_type}, {"set", &set_type},
        {"slice", &slice_type}, {"staticmethod", &staticmethod_type}, {"str", &str_type},
        {"super", &super_type}, {"tuple", &tuple_type}, {"type", &type_type}, {"zip", &zip_type},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (!(types[i].t->flags & TPF_READY) && type_ready(types[i].t) < 0) goto fail;
        if (dict_set_str(d, types[i].name, (Obj *)types[i].t) < 0) goto fail;
    }
#define EXC(name, base)                                                       \
    if (dict_set_str(d, #name, (Obj *)&exc_##name) < 0) goto fail;
#include "../obj/exc_types.def"
#undef EXC
    /* the old names of OSError */
    if (dict_set_str(d, "EnvironmentError", (Obj *)&exc_OSError) < 0 ||
        dict_set_str(d, "IOError", (Obj *)&exc_OSError) < 0)
        goto fail;
    if (dict_set_str(d, "None", NONE) < 0 || dict_set_str(d, "Ellipsis", ELLIPSIS) < 0 ||
        dict_set_str(d, "NotImplemented", NOTIMPL) < 0 || dict_set_str(d, "True", TRUE_) < 0 ||
        dict_set_str(d, "False", FALSE_) < 0 || dict_set_str(d, "__debug__", TRUE_) < 0)
        goto fail;
    if (module_add(m, "__doc__", str_from_cstr(builtins_doc)) < 0 ||
        module_add(m, "__package__", str_from_cstr("")) < 0 ||
        dict_set_str(d, "__loader__", NONE) < 0 || dict_set_str(d, "__spec__", NONE) < 0)
        goto fail;
    /* what site.py adds for a normal `python prog` run */
    if (module_add(m, "exit", site_obj(&quitter_type, SITE_QUIT,
                                       "Use exit() or Ctrl-D (i.e. EOF) to exit")) < 0 ||
        module_add(m, "quit", site_obj(&quitter_type, SITE_QUIT,
                                       "Use quit() or Ctrl-D (i.e. EOF) to exit")) < 0 ||
        module_add(m, "help", site_obj(&helper_type, SITE_HELP,
                                       "Type help() for interactive help, or help(object) for "
                                       "help about object.")) < 0 ||
        module_add(m, "copyright", site_obj(&printer_type, SITE_PRINTER, copyright_text)) < 0 ||
        module_add(m, "credits",
                   site_obj(&printer_type, SITE_PRINTER,
                            "    Thanks to CWI, CNRI, BeOpen.com, Zope Corporation and a cast of "
                            "thousands\n    for supporting Python development.  See "
                            "www.python.org for more information.")) < 0 ||
        module_add(m, "license", site_obj(&printer_type, SITE_PRINTER,
                                          "Type license() to see the full license text")) < 0)
        goto fail;
    if (vm) {
        obj_setref(&vm->builtins_module, m);
        obj_setref(&vm->builtins, INCREF(d));
    } else {
        DECREF(m);
    }
    return 0;
fail:
    DECREF(m);
    return -1;
}
