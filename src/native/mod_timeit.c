/* mod_timeit.c — the `timeit` module of CPython 3.12, natively, for callables.
 *
 * Timer(stmt, setup, timer, globals) runs setup() once, then stmt() `number`
 * times between two calls of the timer (time.perf_counter by default), with
 * the cycle collector disabled during the loop as timeit.py does.  A str
 * statement or setup would have to be compiled; pydbg's VM has no compiler,
 * so any str other than "pass" (the default, which does nothing) raises
 * NotImplementedError, as compile() and exec() do.  timeit(), repeat(),
 * Timer.autorange() and default_timer are those of timeit.py.
 */
#include "config.h"

#include <string.h>

#include "src/native/modhelp.h"

static Obj *timer_cls;

enum { DEFAULT_NUMBER = 1000000, DEFAULT_REPEAT = 5 };

static Obj *default_timer(void) { return mh_import_attr("time", "perf_counter"); }

/* stmt/setup: a callable, or a str that is only "pass" (NONE: nothing to run). */
static Obj *check_code(Obj *code, const char *what)
{
    if (STR_CHECK(code)) {
        Obj *st = obj_call_method(code, "strip", NULL, 0);
        if (!st) return NULL;
        bool trivial = str_eq_cstr(st, "pass") || str_eq_cstr(st, "");
        DECREF(st);
        if (trivial) return INCREF(NONE);
        vm_err_format(&exc_NotImplementedError,
                      "pydbg: timeit with a str %s needs a compiler; not supported (pass a callable)", what);
        return NULL;
    }
    if (OBJ_TYPE(code)->call) return INCREF(code);
    vm_err_format(&exc_ValueError, "%s is neither a string nor callable", what);
    return NULL;
}

static int timer_setup(Obj *self, Obj *stmt, Obj *setup, Obj *timer)
{
    Obj *s = check_code(stmt ? stmt : (Obj *)id_str("pass"), "stmt");
    if (!s) return -1;
    Obj *u = check_code(setup ? setup : (Obj *)id_str("pass"), "setup");
    if (!u) {
        DECREF(s);
        return -1;
    }
    Obj *t = timer ? INCREF(timer) : default_timer();
    int r = t && obj_setattr_str(self, "_stmt", s) == 0 && obj_setattr_str(self, "_setup", u) == 0 &&
                    obj_setattr_str(self, "timer", t) == 0
                ? 0
                : -1;
    DECREF(s);
    DECREF(u);
    XDECREF(t);
    return r;
}

static Obj *timer_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"stmt", "setup", "timer", "globals"};
    Obj *v[4];
    if (mh_bind_m("__init__", args, nargs, kw, names, 4, 4, 0, 0, 0, v) < 0) return NULL;
    return timer_setup(self, v[0], v[1], v[2]) < 0 ? NULL : INCREF(NONE);
}

static int parse_count(Obj *o, Ssize dflt, Ssize *out)
{
    if (!o) {
        *out = dflt;
        return 0;
    }
    Ssize n = mh_as_ssize(o);
    if (n == -1 && vm_err_occurred()) return -1;
    *out = n;
    return 0;
}

/* One timing: setup(); t0 = timer(); stmt() number times; timer() - t0. */
static Obj *time_it(Obj *self, Ssize number)
{
    Obj *stmt = obj_getattr_str(self, "_stmt");
    Obj *setup = stmt ? obj_getattr_str(self, "_setup") : NULL;
    Obj *timer = setup ? obj_getattr_str(self, "timer") : NULL;
    Obj *res = NULL;
    if (!timer) goto out;
    bool gcold = gc_is_enabled();
    gc_set_enabled(false);
    Obj *t0 = NULL, *t1 = NULL;
    Obj *r = setup == NONE ? INCREF(NONE) : obj_call(setup, NULL, 0, NULL);
    if (r) {
        DECREF(r);
        t0 = obj_call(timer, NULL, 0, NULL);
        bool ok = t0 != NULL;
        for (Ssize i = 0; ok && i < number; i++) {
            if (stmt == NONE) continue;
            Obj *x = obj_call(stmt, NULL, 0, NULL);
            if (x) DECREF(x);
            else ok = false;
        }
        t1 = ok ? obj_call(timer, NULL, 0, NULL) : NULL;
        res = t1 ? num_binary(t1, t0, NB_SUBTRACT) : NULL;
    }
    if (gcold) gc_set_enabled(true);
    XDECREF(t0);
    XDECREF(t1);
out:
    XDECREF(stmt);
    XDECREF(setup);
    XDECREF(timer);
    return res;
}

static Obj *timer_timeit_impl(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);

static Obj *timer_repeat(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"repeat", "number"};
    Obj *v[2];
    Ssize rep, number;
    if (mh_bind_m("repeat", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0 ||
        parse_count(v[0], DEFAULT_REPEAT, &rep) < 0 || parse_count(v[1], DEFAULT_NUMBER, &number) < 0)
        return NULL;
    Obj *out = list_new(0);
    Obj *n = out ? int_from_i64(number) : NULL;
    for (Ssize i = 0; n && i < rep; i++) {
        Obj *t = obj_call_method(self, "timeit", &n, 1);
        if (!t || list_append(out, t) < 0) CLEAR(out);
        XDECREF(t);
        if (!out) break;
    }
    XDECREF(n);
    return out;
}

static Obj *timer_autorange(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"callback"};
    Obj *v[1];
    if (mh_bind_m("autorange", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *cb = v[0] && v[0] != NONE ? v[0] : NULL;
    for (Ssize i = 1;; i *= 10) {
        static const int mult[] = {1, 2, 5};
        for (int k = 0; k < 3; k++) {
            Obj *n = int_from_i64(i * mult[k]);
            Obj *t = n ? obj_call_method(self, "timeit", &n, 1) : NULL;
            if (!t) {
                XDECREF(n);
                return NULL;
            }
            if (cb) {
                Obj *x = obj_call(cb, (Obj *[]){n, t}, 2, NULL);
                if (!x) {
                    DECREF(n);
                    DECREF(t);
                    return NULL;
                }
                DECREF(x);
            }
            double taken = IS_TYPE(t, float_type) ? float_as_double(t) : 0.2;
            if (taken >= 0.2) {
                Obj *r = tuple_pack(2, n, t);
                DECREF(n);
                DECREF(t);
                return r;
            }
            DECREF(n);
            DECREF(t);
        }
    }
}

static Obj *timer_print_exc(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *f = mh_import_attr("traceback", "print_exc");
    Obj *r = f ? obj_call(f, args, nargs, kw) : NULL;
    XDECREF(f);
    return r;
}

static Obj *timer_timeit_impl(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"number"};
    Obj *v[1];
    Ssize number;
    if (mh_bind_m("timeit", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0 ||
        parse_count(v[0], DEFAULT_NUMBER, &number) < 0)
        return NULL;
    return time_it(self, number);
}

static const MethodDef timer_methods[] = {
    {"__init__", timer_init, METH_FAST, NULL},
    {"timeit", timer_timeit_impl, METH_FAST, NULL},
    {"repeat", timer_repeat, METH_FAST, NULL},
    {"autorange", timer_autorange, METH_FAST, NULL},
    {"print_exc", timer_print_exc, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* Timer(stmt, setup, timer, globals) from the module functions' arguments. */
static Obj *make_timer(Obj *stmt, Obj *setup, Obj *timer)
{
    Obj *a[3] = {stmt ? stmt : (Obj *)id_str("pass"), setup ? setup : (Obj *)id_str("pass"), timer};
    return obj_call(timer_cls, a, timer ? 3 : 2, NULL);
}

static Obj *f_timeit(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"stmt", "setup", "timer", "number", "globals"};
    Obj *v[5];
    if (mh_bind("timeit", args, nargs, kw, names, 5, 5, 0, 0, 0, v) < 0) return NULL;
    Obj *t = make_timer(v[0], v[1], v[2]);
    Obj *r = NULL;
    if (t) {
        Obj *n = v[3] ? INCREF(v[3]) : int_from_i64(DEFAULT_NUMBER);
        r = n ? obj_call_method(t, "timeit", &n, 1) : NULL;
        XDECREF(n);
        DECREF(t);
    }
    return r;
}

static Obj *f_repeat(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"stmt", "setup", "timer", "repeat", "number", "globals"};
    Obj *v[6];
    if (mh_bind("repeat", args, nargs, kw, names, 6, 6, 0, 0, 0, v) < 0) return NULL;
    Obj *t = make_timer(v[0], v[1], v[2]);
    Obj *r = NULL;
    if (t) {
        Obj *rp = v[3] ? INCREF(v[3]) : int_from_i64(DEFAULT_REPEAT);
        Obj *n = v[4] ? INCREF(v[4]) : int_from_i64(DEFAULT_NUMBER);
        r = rp && n ? obj_call_method(t, "repeat", (Obj *[]){rp, n}, 2) : NULL;
        XDECREF(rp);
        XDECREF(n);
        DECREF(t);
    }
    return r;
}

static const MethodDef timeit_functions[] = {
    {"timeit", f_timeit, METH_FAST, NULL},
    {"repeat", f_repeat, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *timeit_init(void)
{
    if (!timer_cls) {
        vm_static_roots(&timer_cls, 1);
        Obj *bases = tuple_new(0);
        timer_cls = bases ? mh_class("timeit", "Timer", bases, timer_methods, NULL, NULL) : NULL;
        XDECREF(bases);
        if (!timer_cls) return NULL;
    }
    Obj *m = mh_module("timeit", timeit_functions);
    Obj *dt = m ? default_timer() : NULL;
    if (!dt || mh_add_obj(m, "Timer", timer_cls) < 0 || module_add(m, "default_timer", dt) < 0 ||
        module_add(m, "default_number", int_from_i64(DEFAULT_NUMBER)) < 0 ||
        module_add(m, "default_repeat", int_from_i64(DEFAULT_REPEAT)) < 0 ||
        mh_add_str(m, "dummy_src_name", "<timeit-src>") < 0) {
        XDECREF(m);
        return NULL;
    }
    return m;
}

void native_timeit_register(void) { import_register_native("timeit", timeit_init); }
