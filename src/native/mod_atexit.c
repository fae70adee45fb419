/* mod_atexit.c — the `atexit` module of CPython 3.12.
 *
 * register(func, *args, **kwargs) keeps (func, args, kwargs) entries;
 * at interpreter exit (atexit_run_callbacks, called by vm_run_main after
 * the main module finished and before the standard streams are flushed,
 * as Py_FinalizeEx does) they run last-registered first; an exception is
 * reported as "Exception ignored in atexit callback: <func repr>" with its
 * traceback and the next callback runs.  unregister() drops every entry
 * whose function compares equal (leaving holes that _ncallbacks() counts).  The list lives outside the module
 * object, so a re-imported module sees the same callbacks.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/modhelp.h"

static Obj *callbacks;   /* list of (func, args tuple, kwargs dict or None) */

static int ensure(void)
{
    if (!callbacks && !(callbacks = list_new(0))) return -1;
    return 0;
}

static Obj *ax_register(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "register() takes at least 1 argument (%zd given)", nargs);
        return NULL;
    }
    if (!OBJ_TYPE(args[0])->call) {
        vm_err_set_str(&exc_TypeError, "the first argument must be callable");
        return NULL;
    }
    if (ensure() < 0) return NULL;
    Obj *a = tuple_from_array(args + 1, nargs - 1);
    Obj *k = NULL;
    if (a && mh_nkw(kw)) {
        k = dict_new();
        for (Ssize i = 0; k && i < mh_nkw(kw); i++)
            if (dict_set(k, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) CLEAR(k);
        if (!k) CLEAR(a);
    }
    Obj *entry = a ? tuple_pack(3, args[0], a, k ? k : NONE) : NULL;
    XDECREF(a);
    XDECREF(k);
    if (!entry || list_append(callbacks, entry) < 0) {
        XDECREF(entry);
        return NULL;
    }
    DECREF(entry);
    return INCREF(args[0]);
}

/* Matching entries become holes (None): _ncallbacks() still counts them,
 * as CPython's array slots are only cleared. */
static Obj *ax_unregister(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_one_arg("atexit.unregister", nargs, kw) < 0) return NULL;
    for (Ssize i = 0; callbacks && i < LIST_LEN(callbacks); i++) {
        Obj *entry = LIST_ITEMS(callbacks)[i];
        if (entry == NONE) continue;
        INCREF(entry);
        int eq = obj_richcompare_bool(TUPLE_ITEMS(entry)[0], args[0], CMP_EQ);
        DECREF(entry);
        if (eq < 0) return NULL;
        if (eq && i < LIST_LEN(callbacks)) obj_setref(&LIST_ITEMS(callbacks)[i], INCREF(NONE));
    }
    return INCREF(NONE);
}

void atexit_run_callbacks(void)
{
    if (!callbacks) return;
    Obj *saved = vm_err_fetch();
    while (LIST_LEN(callbacks) > 0) {
        Ssize last = LIST_LEN(callbacks) - 1;
        Obj *entry = INCREF(LIST_ITEMS(callbacks)[last]);
        list_set_slice(callbacks, last, last + 1, NULL);
        if (entry == NONE) {
            DECREF(entry);
            continue;
        }
        Obj *func = TUPLE_ITEMS(entry)[0], *a = TUPLE_ITEMS(entry)[1], *k = TUPLE_ITEMS(entry)[2];
        Obj *r;
        if (k == NONE) {
            r = obj_call(func, TUPLE_ITEMS(a), TUPLE_LEN(a), NULL);
        } else {
            Ssize na = TUPLE_LEN(a), nk = dict_len(k), i = 0;
            Obj **v = xmalloc((size_t)(na + nk + 1) * sizeof(Obj *));
            for (Ssize j = 0; j < na; j++) v[j] = TUPLE_ITEMS(a)[j];
            Obj *kwn = tuple_new(nk);
            Ssize pos = 0;
            Obj *key, *val;
            while (kwn && dict_next(k, &pos, &key, &val)) {
                TUPLE_ITEMS(kwn)[i] = INCREF(key);
                v[na + i++] = val;
            }
            r = kwn ? obj_call(func, v, na, kwn) : NULL;
            free(v);
            XDECREF(kwn);
        }
        if (r) DECREF(r);
        else vm_err_write_unraisable("Exception ignored in atexit callback", func);
        vm_err_clear();
        DECREF(entry);
    }
    vm_err_restore(saved);
}

static Obj *ax_run_exitfuncs(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_no_args("atexit._run_exitfuncs", n, kw) < 0) return NULL;
    atexit_run_callbacks();
    return INCREF(NONE);
}

static Obj *ax_clear(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_no_args("atexit._clear", n, kw) < 0) return NULL;
    if (callbacks) list_set_slice(callbacks, 0, LIST_LEN(callbacks), NULL);
    return INCREF(NONE);
}

static Obj *ax_ncallbacks(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_no_args("atexit._ncallbacks", n, kw) < 0) return NULL;
    return int_from_i64(callbacks ? LIST_LEN(callbacks) : 0);
}

static const MethodDef atexit_methods[] = {
    {"register", ax_register, METH_FAST,
     "Register a function to be executed upon normal program termination\n\n"
     "    func - function to be called at exit\n    args - optional arguments to pass to func\n"
     "    kwargs - optional keyword arguments to pass to func\n\n    func is returned to facilitate usage as a decorator."},
    {"unregister", ax_unregister, METH_FAST,
     "Unregister an exit function which was previously registered using\natexit.register\n\n"
     "    func - function to be unregistered"},
    {"_run_exitfuncs", ax_run_exitfuncs, METH_FAST, "Run all registered exit functions.\n\nIf a callback raises an exception, it is logged with sys.unraisablehook."},
    {"_clear", ax_clear, METH_FAST, "Clear the list of previously registered exit functions."},
    {"_ncallbacks", ax_ncallbacks, METH_FAST, "Return the number of registered exit functions."},
    {NULL, NULL, 0, NULL},
};

static Obj *atexit_init(void)
{
    if (ensure() < 0) return NULL;
    return mh_module("atexit", atexit_methods);
}

void native_atexit_register(void)
{
    import_register_native("atexit", atexit_init);
    vm_static_roots(&callbacks, 1);
}
