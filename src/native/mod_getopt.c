/* mod_getopt.c — the `getopt` module of CPython 3.12, natively: getopt,
 * gnu_getopt (with '+' and POSIXLY_CORRECT), GetoptError (alias error)
 * with its msg/opt attributes, the same option matching (unique long
 * prefixes, "option --x not a unique prefix") and messages as getopt.py.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

static Obj *getopt_error;

static Obj *S(const char *s) { return str_from_cstr(s); }

static void raise_getopt(Obj *msg, Obj *opt)   /* steals msg; borrows opt */
{
    if (!msg) return;
    Obj *a[2] = {msg, opt};
    Obj *e = obj_call(getopt_error, a, 2, NULL);
    DECREF(msg);
    if (e) {
        vm_err_set_obj((TypeObj *)getopt_error, e);
        DECREF(e);
    }
}

static Obj *ge_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"msg", "opt"};
    Obj *v[2];
    if (mh_bind_m("GetoptError.__init__", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *opt = v[1] ? INCREF(v[1]) : S("");
    if (!opt) return NULL;
    int r = obj_setattr(self, id_str("msg"), v[0]) < 0 || obj_setattr(self, id_str("opt"), opt) < 0;
    Obj *t = r ? NULL : tuple_pack(2, v[0], opt);
    DECREF(opt);
    if (!t) return NULL;
    obj_setref(&((ExcObj *)self)->args, t);
    return INCREF(NONE);
}

static Obj *ge_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__str__", nargs, kw) < 0) return NULL;
    return obj_getattr(self, id_str("msg"));
}

static const MethodDef ge_methods[] = {
    {"__init__", ge_init, METH_FAST, NULL},
    {"__str__", ge_str, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static bool starts(Obj *s, const char *p)
{
    Ssize n = obj_length(s), k = (Ssize)strlen(p);
    if (n < k) return false;
    for (Ssize i = 0; i < k; i++)
        if (str_char(s, i) != (unsigned char)p[i]) return false;
    return true;
}

static Obj *tail(Obj *s, Ssize from) { return str_substr(s, from, obj_length(s)); }

/* long_has_args: 1/0 with *match the option name (new), -1 on error */
static int long_has_args(Obj *opt, Obj *longopts, Obj **match)
{
    Obj *poss = list_new(0);
    if (!poss) return -1;
    for (Ssize i = 0; i < LIST_LEN(longopts); i++) {
        Obj *o = LIST_ITEMS(longopts)[i];
        Obj *sw = obj_call_method(o, "startswith", &opt, 1);
        if (!sw) goto fail;
        int t = sw == TRUE_;
        DECREF(sw);
        if (t && list_append(poss, o) < 0) goto fail;
    }
    if (LIST_LEN(poss) == 0) {
        raise_getopt(str_from_fmt("option --%S not recognized", opt), opt);
        goto fail;
    }
    int in = obj_contains(poss, opt);
    if (in < 0) goto fail;
    if (in) {
        DECREF(poss);
        *match = INCREF(opt);
        return 0;
    }
    Obj *eq = str_from_fmt("%S=", opt);
    in = eq ? obj_contains(poss, eq) : -1;
    XDECREF(eq);
    if (in < 0) goto fail;
    if (in) {
        DECREF(poss);
        *match = INCREF(opt);
        return 1;
    }
    if (LIST_LEN(poss) > 1) {
        raise_getopt(str_from_fmt("option --%S not a unique prefix", opt), opt);
        goto fail;
    }
    Obj *u = LIST_ITEMS(poss)[0];
    Ssize n = STR_CHECK(u) ? obj_length(u) : 0;
    int has = n > 0 && str_char(u, n - 1) == '=';
    *match = has ? str_substr(u, 0, n - 1) : INCREF(u);
    DECREF(poss);
    return *match ? has : -1;
fail:
    DECREF(poss);
    return -1;
}

/* do_longs: appends to opts; *rest advanced */
static int do_longs(Obj *opts, Obj *opt_in, Obj *longopts, Ssize *pos, Obj *args)
{
    Obj *opt = INCREF(opt_in), *optarg = NULL, *name = NULL;
    Ssize n = obj_length(opt);
    for (Ssize i = 0; i < n; i++)
        if (str_char(opt, i) == '=') {
            optarg = tail(opt, i + 1);
            obj_setref(&opt, str_substr(opt, 0, i));
            break;
        }
    int rc = -1;
    if (!opt) goto out;
    int has = long_has_args(opt, longopts, &name);
    if (has < 0) goto out;
    if (has) {
        if (!optarg) {
            if (*pos >= LIST_LEN(args)) {
                raise_getopt(str_from_fmt("option --%S requires argument", name), name);
                goto out;
            }
            optarg = INCREF(LIST_ITEMS(args)[(*pos)++]);
        }
    } else if (optarg) {
        raise_getopt(str_from_fmt("option --%S must not have an argument", name), name);
        goto out;
    }
    Obj *o = str_from_fmt("--%S", name);
    Obj *val = optarg && obj_length(optarg) ? INCREF(optarg) : S("");
    Obj *t = o && val ? tuple_pack(2, o, val) : NULL;
    XDECREF(o);
    XDECREF(val);
    rc = t ? list_append(opts, t) : -1;
    XDECREF(t);
out:
    XDECREF(opt);
    XDECREF(optarg);
    XDECREF(name);
    return rc;
}

static int short_has_arg(Obj *opt, Obj *shortopts)
{
    uint32_t c = str_char(opt, 0);
    Ssize n = obj_length(shortopts);
    for (Ssize i = 0; i < n; i++)
        if (c == str_char(shortopts, i) && c != ':') return i + 1 < n && str_char(shortopts, i + 1) == ':';
    raise_getopt(str_from_fmt("option -%S not recognized", opt), opt);
    return -1;
}

static int do_shorts(Obj *opts, Obj *optstring_in, Obj *shortopts, Ssize *pos, Obj *args)
{
    Obj *optstring = INCREF(optstring_in);
    int rc = 0;
    while (rc == 0 && obj_length(optstring) > 0) {
        Obj *opt = str_substr(optstring, 0, 1);
        obj_setref(&optstring, tail(optstring, 1));
        if (!opt || !optstring) {
            XDECREF(opt);
            rc = -1;
            break;
        }
        int has = short_has_arg(opt, shortopts);
        Obj *optarg = NULL;
        if (has < 0) {
            rc = -1;
        } else if (has) {
            if (obj_length(optstring) == 0) {
                if (*pos >= LIST_LEN(args)) {
                    raise_getopt(str_from_fmt("option -%S requires argument", opt), opt);
                    rc = -1;
                } else {
                    obj_setref(&optstring, INCREF(LIST_ITEMS(args)[(*pos)++]));
                }
            }
            if (rc == 0) {
                optarg = optstring;
                optstring = S("");
                if (!optstring) rc = -1;
            }
        } else {
            optarg = S("");
        }
        if (rc == 0) {
            Obj *o = str_from_fmt("-%S", opt);
            Obj *t = o && optarg ? tuple_pack(2, o, optarg) : NULL;
            XDECREF(o);
            rc = t ? list_append(opts, t) : -1;
            XDECREF(t);
        }
        XDECREF(optarg);
        DECREF(opt);
    }
    XDECREF(optstring);
    return rc;
}

static Obj *longopts_list(Obj *lo)
{
    if (!lo) return list_new(0);
    if (STR_CHECK(lo)) return list_from_array(&lo, 1);
    return seq_to_list(lo);
}

static Obj *run(bool gnu, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"args", "shortopts", "longopts"};
    Obj *v[3];
    if (mh_bind(gnu ? "gnu_getopt" : "getopt", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *argl = seq_to_list(v[0]);
    Obj *longopts = argl ? longopts_list(v[2]) : NULL;
    Obj *opts = longopts ? list_new(0) : NULL, *prog = NULL, *r = NULL;
    Obj *shortopts = INCREF(v[1]);
    if (!opts) goto out;
    if (!STR_CHECK(shortopts) && obj_length(shortopts) < 0) goto out;   /* len(shortopts)'s TypeError */
    if (!STR_CHECK(shortopts)) {
        vm_err_format(&exc_TypeError, "shortopts must be a str, not %s", type_name(OBJ_TYPE(shortopts)));
        goto out;
    }
    Ssize pos = 0;
    if (!gnu) {
        while (pos < LIST_LEN(argl)) {
            Obj *a = LIST_ITEMS(argl)[pos];
            if (!STR_CHECK(a)) {
                Obj *x = obj_call_method(a, "startswith", (Obj *[]){id_str("-")}, 1);
                XDECREF(x);
                if (!x) goto out;
            }
            if (!STR_CHECK(a) || !starts(a, "-") || str_eq_cstr(a, "-")) break;
            if (str_eq_cstr(a, "--")) {
                pos++;
                break;
            }
            pos++;
            Obj *t = tail(a, starts(a, "--") ? 2 : 1);
            int rc = t ? (starts(a, "--") ? do_longs(opts, t, longopts, &pos, argl)
                                          : do_shorts(opts, t, shortopts, &pos, argl))
                       : -1;
            XDECREF(t);
            if (rc < 0) goto out;
        }
        prog = list_slice(argl, pos, LIST_LEN(argl));
    } else {
        prog = list_new(0);
        if (!prog) goto out;
        bool first = false;
        if (STR_CHECK(shortopts) && starts(shortopts, "+")) {
            obj_setref(&shortopts, tail(shortopts, 1));
            first = true;
        } else {
            const char *pc = getenv("POSIXLY_CORRECT");
            first = pc && *pc;
        }
        while (pos < LIST_LEN(argl)) {
            Obj *a = LIST_ITEMS(argl)[pos];
            if (!STR_CHECK(a)) {
                /* args[0][:2] as getopt.py evaluates it: the natural TypeError, else a plain argument */
                Obj *two = int_from_i64(2);
                Obj *sl = two ? slice_new(NULL, two, NULL) : NULL;
                Obj *x = sl ? obj_getitem(a, sl) : NULL;
                XDECREF(two);
                XDECREF(sl);
                XDECREF(x);
                if (!x || list_append(prog, a) < 0) goto out;
                pos++;
                continue;
            }
            if (str_eq_cstr(a, "--")) {
                Obj *rest = list_slice(argl, pos + 1, LIST_LEN(argl));
                int rc = rest ? list_extend(prog, rest) : -1;
                XDECREF(rest);
                if (rc < 0) goto out;
                break;
            }
            if (starts(a, "--")) {
                pos++;
                Obj *t = tail(a, 2);
                int rc = t ? do_longs(opts, t, longopts, &pos, argl) : -1;
                XDECREF(t);
                if (rc < 0) goto out;
            } else if (starts(a, "-") && !str_eq_cstr(a, "-")) {
                pos++;
                Obj *t = tail(a, 1);
                int rc = t ? do_shorts(opts, t, shortopts, &pos, argl) : -1;
                XDECREF(t);
                if (rc < 0) goto out;
            } else if (first) {
                Obj *rest = list_slice(argl, pos, LIST_LEN(argl));
                int rc = rest ? list_extend(prog, rest) : -1;
                XDECREF(rest);
                if (rc < 0) goto out;
                break;
            } else {
                if (list_append(prog, a) < 0) goto out;
                pos++;
            }
        }
    }
    if (prog) r = tuple_pack(2, opts, prog);
out:
    XDECREF(prog);
    XDECREF(argl);
    XDECREF(longopts);
    XDECREF(opts);
    XDECREF(shortopts);
    return r;
}

static Obj *f_getopt(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return run(false, args, nargs, kw);
}

static Obj *f_gnu_getopt(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return run(true, args, nargs, kw);
}

static const MethodDef getopt_functions[] = {
    {"getopt", f_getopt, METH_FAST, NULL},
    {"gnu_getopt", f_gnu_getopt, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *getopt_init(void)
{
    if (!getopt_error) {
        Obj *b = tuple_pack(1, (Obj *)&exc_Exception);
        getopt_error = b ? mh_class("getopt", "GetoptError", b, ge_methods, NULL, NULL) : NULL;
        XDECREF(b);
        if (!getopt_error) return NULL;
        Obj *e = S("");
        int r = e ? obj_setattr(getopt_error, id_str("opt"), e) : -1;
        if (r == 0) r = obj_setattr(getopt_error, id_str("msg"), e);
        XDECREF(e);
        if (r < 0) return NULL;
    }
    Obj *m = mh_module("getopt", getopt_functions);
    if (!m) return NULL;
    Obj *all = list_new(0);
    static const char *const names[] = {"GetoptError", "error", "getopt", "gnu_getopt"};
    for (int i = 0; all && i < 4; i++) {
        Obj *s = S(names[i]);
        if (!s || list_append(all, s) < 0) CLEAR(all);
        XDECREF(s);
    }
    if (!all || module_add(m, "__all__", all) < 0 || mh_add_obj(m, "GetoptError", getopt_error) < 0 ||
        mh_add_obj(m, "error", getopt_error) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_getopt_register(void) { import_register_native("getopt", getopt_init); }
