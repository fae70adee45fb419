/* args.c — argument checking for native functions, and the binding errors
 * of Python-level calls, both with CPython 3.12's exact wording.
 *
 * Native (argument-clinic style) messages:
 *   "divmod expected 2 arguments, got 1", "split() takes at most 2 arguments
 *   (3 given)", "'x' is an invalid keyword argument for int()",
 *   "round() missing required argument 'number' (pos 1)".
 * Python function messages (args_err_*), used by the call machinery:
 *   "f() takes 2 positional arguments but 3 were given", "f() missing 1
 *   required positional argument: 'x'", "f() got an unexpected keyword
 *   argument 'y'", "f() got multiple values for argument 'x'".
 */
#include "config.h"

#include <string.h>

#include "src/obj/objimpl.h"

int args_no_kw(const char *fname, Obj *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames) > 0) {
        vm_err_format(&exc_TypeError, "%s() takes no keyword arguments", fname);
        return -1;
    }
    return 0;
}

int args_count(const char *fname, Ssize nargs, Ssize min, Ssize max)
{
    if (nargs < min) {
        vm_err_format(&exc_TypeError, "%s expected %s%zd argument%s, got %zd", fname,
                      min == max ? "" : "at least ", min, min == 1 ? "" : "s", nargs);
        return -1;
    }
    if (nargs > max) {
        vm_err_format(&exc_TypeError, "%s expected %s%zd argument%s, got %zd", fname,
                      min == max ? "" : "at most ", max, max == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

int args_parse(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames,
               const char *const *names, int nparams, int npos_only, int nrequired, Obj **out)
{
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (int i = 0; i < nparams; i++) out[i] = NULL;
    if (nargs > nparams) {
        if (nkw == 0 || nparams == 0)
            vm_err_format(&exc_TypeError, "%s() takes %s %d argument%s (%zd given)", fname,
                          nrequired == nparams ? "exactly" : "at most", nparams,
                          nparams == 1 ? "" : "s", nargs);
        else
            vm_err_format(&exc_TypeError, "%s() takes at most %d argument%s (%zd given)", fname,
                          nparams, nparams == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    for (Ssize i = 0; i < nargs; i++) out[i] = args[i];
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        int i;
        for (i = npos_only; i < nparams; i++)
            if (STR_CHECK(kn) && str_eq_cstr(kn, names[i])) break;
        if (i == nparams) {
            if (nargs + nkw > nparams && nkw > nparams - npos_only) {
                vm_err_format(&exc_TypeError, "%s() takes at most %d keyword argument%s (%zd given)",
                              fname, nparams - npos_only, nparams - npos_only == 1 ? "" : "s", nkw);
                return -1;
            }
            vm_err_format(&exc_TypeError, "'%S' is an invalid keyword argument for %s()", kn, fname);
            return -1;
        }
        if (out[i]) {
            vm_err_format(&exc_TypeError, "argument for %s() given by name ('%s') and position (%d)",
                          fname, names[i], i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (int i = 0; i < nrequired; i++) {
        if (out[i]) continue;
        if (i < npos_only)
            vm_err_format(&exc_TypeError, "%s() takes %s %d positional argument%s (%zd given)", fname,
                          nrequired == nparams ? "exactly" : "at least", npos_only > nrequired ? nrequired : npos_only,
                          (npos_only > nrequired ? nrequired : npos_only) == 1 ? "" : "s", nargs);
        else
            vm_err_format(&exc_TypeError, "%s() missing required argument '%s' (pos %d)", fname,
                          names[i], i + 1);
        return -1;
    }
    return 0;
}

/* ---- Python-level binding errors ---------------------------------------------- */

void args_err_too_many_positional(const char *fname, Ssize min_pos, Ssize max_pos, Ssize given,
                                  Ssize kwonly_given)
{
    SBuf sig = SBUF_INIT, giv = SBUF_INIT;
    bool plural;
    if (min_pos < max_pos) {
        sbuf_printf(&sig, "from %zu to %zu", (size_t)min_pos, (size_t)max_pos);
        plural = true;
    } else {
        sbuf_printf(&sig, "%zu", (size_t)max_pos);
        plural = max_pos != 1;
    }
    if (kwonly_given)
        sbuf_printf(&giv, " positional argument%s (and %zu keyword-only argument%s)",
                    given != 1 ? "s" : "", (size_t)kwonly_given, kwonly_given != 1 ? "s" : "");
    vm_err_format(&exc_TypeError, "%s() takes %s positional argument%s but %zd%s %s given", fname,
                  sbuf_cstr(&sig), plural ? "s" : "", given, sbuf_cstr(&giv),
                  given == 1 && !kwonly_given ? "was" : "were");
    sbuf_free(&sig);
    sbuf_free(&giv);
}

/* 'a' | 'a' and 'b' | 'a', 'b', and 'c' */
static Obj *name_list(Obj *const *names, Ssize n)
{
    Obj *acc = str_from_cstr("");
    for (Ssize i = 0; acc && i < n; i++) {
        const char *sep = i == 0 ? "" : (n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
        Obj *next = core_fmt("%U%s%R", acc, sep, names[i]);
        DECREF(acc);
        acc = next;
    }
    return acc;
}

void args_err_missing(const char *fname, Obj *const *names, Ssize n, bool kwonly)
{
    Obj *l = name_list(names, n);
    if (!l) return;
    vm_err_format(&exc_TypeError, "%s() missing %zd required %s argument%s: %U", fname, n,
                  kwonly ? "keyword-only" : "positional", n == 1 ? "" : "s", l);
    DECREF(l);
}

void args_err_unexpected_kw(const char *fname, Obj *name)
{
    vm_err_format(&exc_TypeError, "%s() got an unexpected keyword argument '%S'", fname, name);
}

void args_err_multiple_values(const char *fname, Obj *name)
{
    vm_err_format(&exc_TypeError, "%s() got multiple values for argument '%S'", fname, name);
}

void args_err_posonly_as_kw(const char *fname, Obj *const *names, Ssize n)
{
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < n; i++) {
        Ssize len;
        const char *u = str_utf8_lossy(names[i], &len);
        if (i) sbuf_puts(&b, ", ");
        sbuf_put(&b, u, (size_t)len);
    }
    vm_err_format(&exc_TypeError,
                  "%s() got some positional-only arguments passed as keyword arguments: '%s'", fname,
                  sbuf_cstr(&b));
    sbuf_free(&b);
}
