/* call.c — calling Python functions and building classes.
 *
 * func_make_frame binds a call's arguments to a new frame's parameters the
 * way CPython 3.12 does, in the same order of checks, so the same call
 * fails with the same TypeError text ("f() missing 1 required positional
 * argument: 'x'", "… takes from 1 to 2 positional arguments but 3 were
 * given", positional-only names passed as keywords, …).  func_call runs the
 * frame; the eval loop uses func_make_frame directly for Python-to-Python
 * calls so they need no C recursion.  vm_build_class is
 * builtins.__build_class__: PEP 560 base resolution, the metaclass
 * calculation, __prepare__, running the class body with the namespace as
 * its locals, and the __class__ cell check.
 *
 * Ownership: arguments are borrowed; the frame takes its own references.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/vm/vmint.h"

/* ---- messages ------------------------------------------------------------------- */

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'" */
static Obj *name_list(Obj *const *names, Ssize n)
{
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < n; i++) {
        Ssize len;
        const char *s = str_utf8_lossy(names[i], &len);
        if (i > 0)
            sbuf_puts(&b, n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
        sbuf_putc(&b, '\'');
        sbuf_put(&b, s, (size_t)len);
        sbuf_putc(&b, '\'');
    }
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static void missing_arguments(FuncObj *fn, Frame *f, int start, int end, bool positional,
                              Obj *defaults)
{
    CodeRtObj *co = (CodeRtObj *)fn->code;
    Obj **names = TUPLE_ITEMS(co->localsplusnames);
    Obj *small[16];
    Ssize cap = end - start, n = 0;
    Obj **missing = cap <= 16 ? small : xmalloc((size_t)cap * sizeof *missing);
    for (int i = start; i < end; i++) {
        if (f->localsplus[i])
            continue;
        if (!positional && fn->kwdefaults) {
            Obj *d = dict_get_borrow(fn->kwdefaults, names[i]);
            if (d)
                continue;
        }
        missing[n++] = names[i];
    }
    (void)defaults;
    Obj *list = name_list(missing, n);
    if (list) {
        vm_err_format(&exc_TypeError, "%S() missing %zd required %s argument%s: %S",
                      fn->qualname, n, positional ? "positional" : "keyword-only",
                      n == 1 ? "" : "s", list);
        DECREF(list);
    }
    if (missing != small)
        free(missing);
}

static void too_many_positional(FuncObj *fn, Frame *f, Ssize given)
{
    CodeRtObj *co = (CodeRtObj *)fn->code;
    int argc = co->argcount;
    Ssize defcount = fn->defaults ? TUPLE_LEN(fn->defaults) : 0;
    int kwonly_given = 0;
    for (int i = argc; i < argc + co->kwonlyargcount; i++)
        if (f->localsplus[i])
            kwonly_given++;
    char sig[64], kwsig[96];
    bool plural;
    if (defcount) {
        plural = true;
        snprintf(sig, sizeof sig, "from %d to %d", argc - (int)defcount, argc);
    } else {
        plural = argc != 1;
        snprintf(sig, sizeof sig, "%d", argc);
    }
    if (kwonly_given)
        snprintf(kwsig, sizeof kwsig, " positional argument%s (and %d keyword-only argument%s)",
                 given != 1 ? "s" : "", kwonly_given, kwonly_given != 1 ? "s" : "");
    else
        kwsig[0] = 0;
    vm_err_format(&exc_TypeError, "%S() takes %s positional argument%s but %zd%s %s given",
                  fn->qualname, sig, plural ? "s" : "", given, kwsig,
                  given == 1 && !kwonly_given ? "was" : "were");
}

/* Keyword names that name positional-only parameters (no **kwargs). */
static bool posonly_as_keyword(FuncObj *fn, Obj *kwnames)
{
    CodeRtObj *co = (CodeRtObj *)fn->code;
    Obj **names = TUPLE_ITEMS(co->localsplusnames);
    SBuf b = SBUF_INIT;
    int found = 0;
    for (int i = 0; i < co->posonlyargcount; i++)
        for (Ssize k = 0; k < TUPLE_LEN(kwnames); k++)
            if (str_eq(names[i], TUPLE_ITEMS(kwnames)[k])) {
                Ssize len;
                const char *s = str_utf8_lossy(names[i], &len);
                if (found++)
                    sbuf_puts(&b, ", ");
                sbuf_put(&b, s, (size_t)len);
                break;
            }
    if (found)
        vm_err_format(&exc_TypeError,
                      "%S() got some positional-only arguments passed as keyword arguments: '%s'",
                      fn->qualname, sbuf_cstr(&b));
    sbuf_free(&b);
    return found > 0;
}

/* ---- binding -------------------------------------------------------------------- */

Frame *func_make_frame(Obj *func, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    FuncObj *fn = (FuncObj *)func;
    CodeRtObj *co = (CodeRtObj *)fn->code;
    /* 3.12: a code object without CO_OPTIMIZED runs with the globals as
     * its locals (a class body gets its namespace from __build_class__). */
    Obj *locals = (co->flags & CO_OPTIMIZED) ? NULL : fn->globals;
    Frame *f = frame_new(co, fn->globals, fn->builtins, locals, func);
    if (!f)
        return NULL;
    Obj **lp = f->localsplus;
    int argc = co->argcount, total = argc + co->kwonlyargcount;
    bool varargs = (co->flags & CO_VARARGS) != 0;
    Obj *kwdict = NULL;
    if (co->flags & CO_VARKEYWORDS) {
        kwdict = dict_new();
        if (!kwdict)
            goto fail;
        lp[total + varargs] = kwdict;
    }
    Ssize n = nargs < argc ? nargs : argc;
    for (Ssize i = 0; i < n; i++)
        lp[i] = INCREF(args[i]);
    if (varargs) {
        /* args may be NULL for a call without arguments */
        Obj *u = nargs > n ? tuple_from_array(args + n, nargs - n) : tuple_new(0);
        if (!u)
            goto fail;
        lp[total] = u;
    }
    if (kwnames) {
        Obj **names = TUPLE_ITEMS(co->localsplusnames);
        for (Ssize k = 0; k < TUPLE_LEN(kwnames); k++) {
            Obj *key = TUPLE_ITEMS(kwnames)[k];
            Obj *value = args[nargs + k];
            int j;
            /* Identity first (names are interned), then equality. */
            for (j = co->posonlyargcount; j < total; j++)
                if (names[j] == key)
                    break;
            if (j == total)
                for (j = co->posonlyargcount; j < total; j++)
                    if (str_eq(names[j], key))
                        break;
            if (j == total) {
                if (!kwdict) {
                    if (co->posonlyargcount && posonly_as_keyword(fn, kwnames))
                        goto fail;
                    vm_err_format(&exc_TypeError, "%S() got an unexpected keyword argument '%S'",
                                  fn->qualname, key);
                    goto fail;
                }
                if (dict_set(kwdict, key, value) < 0)
                    goto fail;
                continue;
            }
            if (lp[j]) {
                vm_err_format(&exc_TypeError, "%S() got multiple values for argument '%S'",
                              fn->qualname, key);
                goto fail;
            }
            lp[j] = INCREF(value);
        }
    }
    if (nargs > argc && !varargs) {
        too_many_positional(fn, f, nargs);
        goto fail;
    }
    if (nargs < argc) {
        Ssize defcount = fn->defaults ? TUPLE_LEN(fn->defaults) : 0;
        Ssize m = argc - defcount;
        for (Ssize i = nargs; i < m; i++)
            if (!lp[i]) {
                missing_arguments(fn, f, (int)nargs, (int)m, true, fn->defaults);
                goto fail;
            }
        for (Ssize i = nargs > m ? nargs - m : 0; i < defcount; i++)
            if (!lp[m + i])
                lp[m + i] = INCREF(TUPLE_ITEMS(fn->defaults)[i]);
    }
    if (co->kwonlyargcount) {
        Obj **names = TUPLE_ITEMS(co->localsplusnames);
        bool missing = false;
        for (int i = argc; i < total; i++) {
            if (lp[i])
                continue;
            Obj *d = fn->kwdefaults ? dict_get_borrow(fn->kwdefaults, names[i]) : NULL;
            if (d)
                lp[i] = INCREF(d);
            else if (vm_err_occurred())
                goto fail;
            else
                missing = true;
        }
        if (missing) {
            missing_arguments(fn, f, argc, total, false, NULL);
            goto fail;
        }
    }
    return f;
fail:
    DECREF(f);
    return NULL;
}

Obj *func_call(Obj *func, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Frame *f = func_make_frame(func, args, nargs, kwnames);
    if (!f)
        return NULL;
    Obj *r = vm_eval(f, NULL);
    DECREF(f);
    return r;
}

/* ---- names of callables in messages ---------------------------------------------- */

Obj *vm_function_str(Obj *callable)
{
    Obj *qual = NULL, *mod = NULL;
    if (obj_lookup_attr(callable, id_str("__qualname__"), &qual) < 0)
        return NULL;
    if (!qual || !STR_CHECK(qual)) {
        XDECREF(qual);
        return obj_str(callable);
    }
    if (obj_lookup_attr(callable, id_str("__module__"), &mod) < 0) {
        DECREF(qual);
        return NULL;
    }
    Obj *r;
    if (mod && mod != NONE && STR_CHECK(mod) && !str_eq_cstr(mod, "builtins"))
        r = str_from_fmt("%S.%S()", mod, qual);
    else
        r = str_from_fmt("%S()", qual);
    DECREF(qual);
    XDECREF(mod);
    return r;
}

/* ---- __build_class__ --------------------------------------------------------------- */

/* PEP 560: replace bases that are not classes by what their __mro_entries__
 * returns.  Returns a new reference (bases itself when nothing changed). */
static Obj *update_bases(Obj *bases)
{
    Obj *out = NULL;    /* list, created at the first replaced base */
    Ssize n = TUPLE_LEN(bases);
    for (Ssize i = 0; i < n; i++) {
        Obj *base = TUPLE_ITEMS(bases)[i];
        Obj *meth = NULL;
        if (TYPE_CHECK(base)) {
            if (out && list_append(out, base) < 0)
                goto fail;
            continue;
        }
        if (obj_lookup_attr(base, id_str("__mro_entries__"), &meth) < 0)
            goto fail;
        if (!meth) {
            if (out && list_append(out, base) < 0)
                goto fail;
            continue;
        }
        Obj *arg = bases;
        Obj *entries = obj_call(meth, &arg, 1, NULL);
        DECREF(meth);
        if (!entries)
            goto fail;
        if (!TUPLE_CHECK(entries)) {
            vm_err_set_str(&exc_TypeError, "__mro_entries__ must return a tuple");
            DECREF(entries);
            goto fail;
        }
        if (!out) {
            out = list_from_array(TUPLE_ITEMS(bases), i);
            if (!out) {
                DECREF(entries);
                goto fail;
            }
        }
        int r = list_extend(out, entries);
        DECREF(entries);
        if (r < 0)
            goto fail;
    }
    if (!out)
        return INCREF(bases);
    Obj *t = list_as_tuple(out);
    DECREF(out);
    return t;
fail:
    XDECREF(out);
    return NULL;
}

static bool is_mapping(Obj *o)
{
    if (DICT_CHECK(o))
        return true;
    MappingMethods *m = OBJ_TYPE(o)->as_mapping;
    return m && m->subscript;
}

Obj *vm_build_class(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    Obj *orig_bases = NULL, *bases = NULL, *meta = NULL, *ns = NULL, *cls = NULL;
    Obj *kwvalues[64];
    Obj *kwn = NULL;             /* keyword names without `metaclass` */
    Ssize nkw = 0;
    if (nargs < 2) {
        vm_err_set_str(&exc_TypeError, "__build_class__: not enough arguments");
        return NULL;
    }
    Obj *func = args[0], *name = args[1];
    if (!IS_TYPE(func, function_type)) {
        vm_err_set_str(&exc_TypeError, "__build_class__: func must be a function");
        return NULL;
    }
    if (!STR_CHECK(name)) {
        vm_err_set_str(&exc_TypeError, "__build_class__: name is not a string");
        return NULL;
    }
    orig_bases = tuple_from_array(args + 2, nargs - 2);
    if (!orig_bases)
        return NULL;
    bases = update_bases(orig_bases);
    if (!bases)
        goto out;
    /* Keywords: metaclass=… is taken out, the rest go to __prepare__ and the
     * metaclass call. */
    if (kwnames) {
        Ssize n = TUPLE_LEN(kwnames);
        if (n > 64) {
            vm_err_set_str(&exc_TypeError, "__build_class__: too many keyword arguments");
            goto out;
        }
        Ssize keep = 0;
        for (Ssize i = 0; i < n; i++)
            if (!str_eq_cstr(TUPLE_ITEMS(kwnames)[i], "metaclass"))
                keep++;
        kwn = tuple_new(keep);
        if (!kwn)
            goto out;
        for (Ssize i = 0; i < n; i++) {
            Obj *k = TUPLE_ITEMS(kwnames)[i];
            if (str_eq_cstr(k, "metaclass")) {
                obj_setref(&meta, INCREF(args[nargs + i]));
                continue;
            }
            TUPLE_ITEMS(kwn)[nkw] = INCREF(k);
            kwvalues[nkw++] = args[nargs + i];
        }
    }
    bool isclass;
    if (!meta) {
        meta = INCREF(TUPLE_LEN(bases) ? (Obj *)OBJ_TYPE(TUPLE_ITEMS(bases)[0]) : (Obj *)&type_type);
        isclass = true;
    } else {
        isclass = TYPE_CHECK(meta);
    }
    if (isclass) {
        TypeObj *winner = type_calculate_meta((TypeObj *)meta, bases);
        if (!winner)
            goto out;
        obj_setref(&meta, INCREF(winner));
    }
    /* ns = meta.__prepare__(name, bases, **kwds) */
    Obj *prep = NULL;
    if (obj_lookup_attr(meta, id_str("__prepare__"), &prep) < 0)
        goto out;
    if (!prep) {
        ns = dict_new();
    } else {
        Obj *pargs[2 + 64];
        pargs[0] = name;
        pargs[1] = bases;
        for (Ssize i = 0; i < nkw; i++)
            pargs[2 + i] = kwvalues[i];
        ns = obj_call(prep, pargs, 2, nkw ? kwn : NULL);
        DECREF(prep);
    }
    if (!ns)
        goto out;
    if (!is_mapping(ns)) {
        vm_err_format(&exc_TypeError, "%s.__prepare__() must return a mapping, not %s",
                      isclass ? ((TypeObj *)meta)->name : "<metaclass>",
                      type_name(OBJ_TYPE(ns)));
        goto out;
    }
    /* Run the class body with ns as its locals. */
    Frame *f = func_make_frame(func, NULL, 0, NULL);
    if (!f)
        goto out;
    obj_setref(&f->locals, INCREF(ns));
    Obj *cell = vm_eval(f, NULL);
    DECREF(f);
    if (!cell)
        goto out;
    if (bases != orig_bases) {
        if (obj_setitem(ns, id_str("__orig_bases__"), orig_bases) < 0) {
            DECREF(cell);
            goto out;
        }
    }
    Obj *margs[3 + 64];
    margs[0] = name;
    margs[1] = bases;
    margs[2] = ns;
    for (Ssize i = 0; i < nkw; i++)
        margs[3 + i] = kwvalues[i];
    cls = obj_call(meta, margs, 3, nkw ? kwn : NULL);
    if (cls && TYPE_CHECK(cls) && IS_TYPE(cell, cell_type)) {
        Obj *cell_cls = ((CellObj *)cell)->ref;
        if (cell_cls != cls) {
            if (!cell_cls)
                vm_err_format(&exc_RuntimeError,
                              "__class__ not set defining %R as %R. Was __classcell__ "
                              "propagated to type.__new__?", name, cls);
            else
                vm_err_format(&exc_TypeError, "__class__ set to %R defining %R as %R",
                              cell_cls, name, cls);
            CLEAR(cls);
        }
    }
    DECREF(cell);
out:
    XDECREF(orig_bases);
    XDECREF(bases);
    XDECREF(meta);
    XDECREF(ns);
    XDECREF(kwn);
    return cls;
}

const MethodDef vm_build_class_def = {
    "__build_class__", vm_build_class, METH_FAST,
    "__build_class__(func, name, /, *bases, [metaclass], **kwds) -> class\n\n"
    "Internal helper function used by the class statement.",
};
