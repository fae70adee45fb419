/* mod_optparse.c — the `optparse` module of CPython 3.12.
 *
 * Option, Values, OptionGroup, OptionParser, the help formatters
 * (IndentedHelpFormatter, TitledHelpFormatter) and the exception classes,
 * written after optparse.py method for method: every object keeps the
 * library's attributes (option_list, _short_opt, _long_opt, defaults,
 * formatter, usage, prog …) and the methods call each other through the
 * instance, so subclasses overriding error(), check_values(), format_*(),
 * Option.TYPE_CHECKER or take_action() behave as with the library.  Help
 * text is laid out with the library's format strings (applied with str %)
 * and textwrap, so print_help() output is byte for byte the same; error()
 * prints the usage and "prog: error: msg" on stderr and exits with 2.
 * Option.CHECK_METHODS is not consulted (the checks run in C, in the
 * library's order); Values.read_module/read_file are left out.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

static Obj *e_base, *e_option, *e_conflict, *e_value, *e_bad, *e_ambiguous;
static Obj *c_option, *c_values, *c_container, *c_group, *c_parser, *c_formatter, *c_indented, *c_titled;
static Obj *no_default, *suppress_help, *suppress_usage, *f_check_builtin, *f_check_choice;

/* ---- helpers ------------------------------------------------------------------------------------- */

static Obj *GA(Obj *o, const char *name) { return obj_getattr_str(o, name); }

static int SA(Obj *o, const char *name, Obj *v)   /* steals v */
{
    if (!v) return -1;
    int r = obj_setattr_str(o, name, v);
    DECREF(v);
    return r;
}

static int SAb(Obj *o, const char *name, Obj *v) { return obj_setattr_str(o, name, v); }   /* borrows */

static Obj *CM(Obj *o, const char *name, Obj *const *args, Ssize n) { return obj_call_method(o, name, args, n); }

static int CMv(Obj *o, const char *name, Obj *const *args, Ssize n)
{
    Obj *r = CM(o, name, args, n);
    XDECREF(r);
    return r ? 0 : -1;
}

static Obj *S(const char *s) { return str_from_cstr(s); }

/* fmt % (args...) with Python's % formatting */
static Obj *pct(const char *fmt, Ssize n, ...)
{
    va_list ap;
    va_start(ap, n);
    Obj *t = tuple_new(n);
    for (Ssize i = 0; i < n; i++) {
        Obj *a = va_arg(ap, Obj *);
        if (t) TUPLE_ITEMS(t)[i] = INCREF(a);
    }
    va_end(ap);
    Obj *f = t ? S(fmt) : NULL;
    Obj *r = f ? str_percent_format(f, t) : NULL;
    XDECREF(f);
    XDECREF(t);
    return r;
}

static Obj *I(int64_t v) { return int_from_i64(v); }

static int truth(Obj *o)
{
    if (!o) return -1;
    int t = obj_is_true(o);
    DECREF(o);
    return t;
}

static bool str_is(Obj *o, const char *s) { return o && STR_CHECK(o) && str_eq_cstr(o, s); }

/* name in the tuple attribute self.ATTR (class constants like ACTIONS) */
static int in_attr(Obj *self, const char *attr, Obj *v)
{
    Obj *seq = GA(self, attr);
    if (!seq) return -1;
    int r = obj_contains(seq, v);
    DECREF(seq);
    return r;
}

static void raise_obj(Obj *cls, Obj *const *args, Ssize n)
{
    Obj *e = obj_call(cls, args, n, NULL);
    if (e) {
        vm_err_set_obj((TypeObj *)OBJ_TYPE(e), e);
        DECREF(e);
    }
}

/* OptionError(msg, option) with msg already built (stolen) */
static int option_error(Obj *msg, Obj *option)
{
    if (!msg) return -1;
    Obj *args[2] = {msg, option};
    raise_obj(e_option, args, 2);
    DECREF(msg);
    return -1;
}

static Obj *done(int r) { return r < 0 ? NULL : INCREF(NONE); }

/* ---- exceptions ---------------------------------------------------------------------------------- */

static Obj *ope_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"msg"};
    Obj *v[1];
    if (mh_bind_m("__init__", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return done(SAb(self, "msg", v[0]));
}

static Obj *ope_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return GA(self, "msg");
}

static Obj *oe_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"msg", "option"};
    Obj *v[2];
    if (mh_bind_m("__init__", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (SAb(self, "msg", v[0]) < 0) return NULL;
    return done(SA(self, "option_id", obj_str(v[1])));
}

static Obj *oe_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *id = GA(self, "option_id"), *msg = id ? GA(self, "msg") : NULL;
    Obj *r = NULL;
    int t = msg ? obj_is_true(id) : -1;
    if (t > 0) r = pct("option %s: %s", 2, id, msg);
    else if (t == 0) r = INCREF(msg);
    XDECREF(id);
    XDECREF(msg);
    return r;
}

static Obj *bad_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"opt_str"};
    Obj *v[1];
    if (mh_bind_m("__init__", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return done(SAb(self, "opt_str", v[0]));
}

static Obj *bad_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *o = GA(self, "opt_str");
    Obj *r = o ? pct("no such option: %s", 1, o) : NULL;
    XDECREF(o);
    return r;
}

static Obj *amb_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"opt_str", "possibilities"};
    Obj *v[2];
    if (mh_bind_m("__init__", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (SAb(self, "opt_str", v[0]) < 0) return NULL;
    return done(SAb(self, "possibilities", v[1]));
}

static Obj *amb_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *o = GA(self, "opt_str"), *p = o ? GA(self, "possibilities") : NULL;
    Obj *j = p ? str_join(id_str(", "), p) : NULL;
    Obj *r = j ? pct("ambiguous option: %s (%s?)", 2, o, j) : NULL;
    XDECREF(o);
    XDECREF(p);
    XDECREF(j);
    return r;
}

static MethodDef ope_defs[] = {{"__init__", ope_init, METH_FAST, NULL}, {"__str__", ope_str, METH_FAST, NULL},
                               {NULL, NULL, 0, NULL}};
static MethodDef oe_defs[] = {{"__init__", oe_init, METH_FAST, NULL}, {"__str__", oe_str, METH_FAST, NULL},
                              {NULL, NULL, 0, NULL}};
static MethodDef bad_defs[] = {{"__init__", bad_init, METH_FAST, NULL}, {"__str__", bad_str, METH_FAST, NULL},
                               {NULL, NULL, 0, NULL}};
static MethodDef amb_defs[] = {{"__init__", amb_init, METH_FAST, NULL}, {"__str__", amb_str, METH_FAST, NULL},
                               {NULL, NULL, 0, NULL}};

/* ---- type checkers ------------------------------------------------------------------------------- */

/* _parse_num: 0x hex, 0b binary, leading 0 octal, else decimal */
static Obj *parse_int(Obj *val)
{
    Ssize n;
    const char *s = str_utf8(val, &n);
    if (!s) return NULL;
    int radix = 10;
    Ssize skip = 0;
    if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) radix = 16;
    else if (n >= 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        radix = 2;
        skip = 2;
    } else if (n >= 1 && s[0] == '0') radix = 8;
    Obj *txt = skip ? (n > 2 ? str_substr(val, 2, VAR_SIZE(val)) : S("0")) : INCREF(val);
    Obj *b = txt ? I(radix) : NULL;
    Obj *args[2] = {txt, b};
    Obj *r = b ? obj_call((Obj *)&int_type, args, 2, NULL) : NULL;
    XDECREF(txt);
    XDECREF(b);
    return r;
}

static Obj *check_builtin(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    if (mh_pos_args("check_builtin", "check_builtin", n, kw, 3, 3) < 0) return NULL;
    Obj *type = GA(a[0], "type");
    if (!type) return NULL;
    const char *what;
    Obj *r;
    if (str_is(type, "int") || str_is(type, "long")) {
        what = "integer";
        r = STR_CHECK(a[2]) ? parse_int(a[2]) : obj_call((Obj *)&int_type, &a[2], 1, NULL);
    } else if (str_is(type, "float")) {
        what = "floating-point";
        r = obj_call((Obj *)&float_type, &a[2], 1, NULL);
    } else if (str_is(type, "complex")) {
        what = "complex";
        r = obj_call((Obj *)&complex_type, &a[2], 1, NULL);
    } else {
        vm_err_set_key(type);
        DECREF(type);
        return NULL;
    }
    DECREF(type);
    if (!r && vm_err_matches(&exc_ValueError)) {
        vm_err_clear();
        Obj *w = S(what);
        Obj *msg = w ? pct("option %s: invalid %s value: %r", 3, a[1], w, a[2]) : NULL;
        XDECREF(w);
        if (msg) {
            raise_obj(e_value, &msg, 1);
            DECREF(msg);
        }
    }
    return r;
}

static Obj *check_choice(Obj *m, Obj *const *a, Ssize n, Obj *kw)
{
    (void)m;
    if (mh_pos_args("check_choice", "check_choice", n, kw, 3, 3) < 0) return NULL;
    Obj *choices = GA(a[0], "choices");
    if (!choices) return NULL;
    int in = obj_contains(choices, a[2]);
    Obj *r = NULL;
    if (in > 0) {
        r = INCREF(a[2]);
    } else if (in == 0) {
        Obj *reprs = list_new(0), *it = reprs ? obj_getiter(choices) : NULL, *c;
        while (it && (c = obj_iternext(it))) {
            Obj *rp = obj_repr(c);
            DECREF(c);
            if (!rp || list_append(reprs, rp) < 0) {
                XDECREF(rp);
                break;
            }
            DECREF(rp);
        }
        Obj *j = it && !vm_err_occurred() ? str_join(id_str(", "), reprs) : NULL;
        Obj *msg = j ? pct("option %s: invalid choice: %r (choose from %s)", 3, a[1], a[2], j) : NULL;
        if (msg) {
            raise_obj(e_value, &msg, 1);
            DECREF(msg);
        }
        XDECREF(j);
        XDECREF(it);
        XDECREF(reprs);
    }
    DECREF(choices);
    return r;
}

static const MethodDef check_builtin_def = {"check_builtin", check_builtin, METH_FAST, NULL};
static const MethodDef check_choice_def = {"check_choice", check_choice, METH_FAST, NULL};

/* ---- Option -------------------------------------------------------------------------------------- */

static const char *const option_attrs[] = {"action", "type", "dest", "default", "nargs", "const", "choices",
                                           "callback", "callback_args", "callback_kwargs", "help", "metavar"};

static int set_opt_strings(Obj *self, Obj *opts)
{
    Obj *shorts = list_new(0), *longs = list_new(0);
    if (!shorts || !longs || SAb(self, "_short_opts", shorts) < 0 || SAb(self, "_long_opts", longs) < 0) goto fail;
    for (Ssize i = 0; i < LIST_LEN(opts); i++) {
        Obj *opt = LIST_ITEMS(opts)[i];
        Ssize len = obj_length(opt);
        if (len < 0) goto fail;
        if (len < 2) {
            option_error(pct("invalid option string %r: must be at least two characters long", 1, opt), self);
            goto fail;
        }
        bool ok;
        if (len == 2) {
            ok = STR_CHECK(opt) && str_char(opt, 0) == '-' && str_char(opt, 1) != '-';
            if (!ok) {
                option_error(pct("invalid short option string %r: must be of the form -x, (x any non-dash char)", 1,
                                 opt), self);
                goto fail;
            }
            if (list_append(shorts, opt) < 0) goto fail;
        } else {
            ok = STR_CHECK(opt) && str_char(opt, 0) == '-' && str_char(opt, 1) == '-' && str_char(opt, 2) != '-';
            if (!ok) {
                option_error(pct("invalid long option string %r: must start with --, followed by non-dash", 1, opt),
                             self);
                goto fail;
            }
            if (list_append(longs, opt) < 0) goto fail;
        }
    }
    DECREF(shorts);
    DECREF(longs);
    return 0;
fail:
    XDECREF(shorts);
    XDECREF(longs);
    return -1;
}

static int check_option(Obj *self)
{
    Obj *action = GA(self, "action");
    if (!action) return -1;
    int rc = -1;
    Obj *type = NULL, *choices = NULL, *dest = NULL, *cnst = NULL, *nargs = NULL, *cb = NULL;
    /* _check_action */
    if (action == NONE) {
        obj_setref(&action, S("store"));
        if (SAb(self, "action", action) < 0) goto out;
    } else {
        int in = in_attr(self, "ACTIONS", action);
        if (in <= 0) {
            if (in == 0) option_error(pct("invalid action: %r", 1, action), self);
            goto out;
        }
    }
    /* _check_type */
    if (!(type = GA(self, "type")) || !(choices = GA(self, "choices"))) goto out;
    if (type == NONE) {
        int in = in_attr(self, "ALWAYS_TYPED_ACTIONS", action);
        if (in < 0) goto out;
        if (in) {
            obj_setref(&type, S(choices != NONE ? "choice" : "string"));
            if (SAb(self, "type", type) < 0) goto out;
        }
    } else {
        if (TYPE_CHECK(type)) obj_setref(&type, GA(type, "__name__"));
        if (str_is(type, "str")) obj_setref(&type, S("string"));
        if (!type || SAb(self, "type", type) < 0) goto out;
        int in = in_attr(self, "TYPES", type);
        if (in <= 0) {
            if (in == 0) option_error(pct("invalid option type: %r", 1, type), self);
            goto out;
        }
        if ((in = in_attr(self, "TYPED_ACTIONS", action)) <= 0) {
            if (in == 0) option_error(pct("must not supply a type for action %r", 1, action), self);
            goto out;
        }
    }
    /* _check_choice */
    if (str_is(type, "choice")) {
        if (choices == NONE) {
            option_error(S("must supply a list of choices for type 'choice'"), self);
            goto out;
        }
        if (!TUPLE_CHECK(choices) && !LIST_CHECK(choices)) {
            option_error(pct("choices must be a list of strings ('%s' supplied)", 1, id_str(OBJ_TYPE(choices)->name)),
                         self);
            goto out;
        }
    } else if (choices != NONE) {
        option_error(pct("must not supply choices for type %r", 1, type), self);
        goto out;
    }
    /* _check_dest */
    if (!(dest = GA(self, "dest"))) goto out;
    int store = in_attr(self, "STORE_ACTIONS", action);
    if (store < 0) goto out;
    if (dest == NONE && (store || type != NONE)) {
        Obj *longs = GA(self, "_long_opts"), *shorts = longs ? GA(self, "_short_opts") : NULL;
        Obj *d = NULL;
        if (shorts && LIST_LEN(longs)) {
            Obj *tail = str_substr(LIST_ITEMS(longs)[0], 2, VAR_SIZE(LIST_ITEMS(longs)[0]));
            Obj *args[2] = {id_str("-"), id_str("_")};
            d = tail ? CM(tail, "replace", args, 2) : NULL;
            XDECREF(tail);
        } else if (shorts) {
            d = str_substr(LIST_ITEMS(shorts)[0], 1, 2);
        }
        XDECREF(longs);
        XDECREF(shorts);
        if (SA(self, "dest", d) < 0) goto out;
    }
    /* _check_const */
    if (!(cnst = GA(self, "const"))) goto out;
    int ca = in_attr(self, "CONST_ACTIONS", action);
    if (ca < 0) goto out;
    if (!ca && cnst != NONE) {
        option_error(pct("'const' must not be supplied for action %r", 1, action), self);
        goto out;
    }
    /* _check_nargs */
    if (!(nargs = GA(self, "nargs"))) goto out;
    int ta = in_attr(self, "TYPED_ACTIONS", action);
    if (ta < 0) goto out;
    if (ta) {
        if (nargs == NONE && SA(self, "nargs", I(1)) < 0) goto out;
    } else if (nargs != NONE) {
        option_error(pct("'nargs' must not be supplied for action %r", 1, action), self);
        goto out;
    }
    /* _check_callback */
    if (!(cb = GA(self, "callback"))) goto out;
    Obj *cargs = GA(self, "callback_args"), *ckw = cargs ? GA(self, "callback_kwargs") : NULL;
    if (!ckw) {
        XDECREF(cargs);
        goto out;
    }
    int bad = 0;
    if (str_is(action, "callback")) {
        if (!OBJ_TYPE(cb)->call) bad = option_error(pct("callback not callable: %r", 1, cb), self);
        else if (cargs != NONE && !TUPLE_CHECK(cargs))
            bad = option_error(pct("callback_args, if supplied, must be a tuple: not %r", 1, cargs), self);
        else if (ckw != NONE && !DICT_CHECK(ckw))
            bad = option_error(pct("callback_kwargs, if supplied, must be a dict: not %r", 1, ckw), self);
    } else {
        if (cb != NONE) bad = option_error(pct("callback supplied (%r) for non-callback option", 1, cb), self);
        else if (cargs != NONE) bad = option_error(S("callback_args supplied for non-callback option"), self);
        else if (ckw != NONE) bad = option_error(S("callback_kwargs supplied for non-callback option"), self);
    }
    DECREF(cargs);
    DECREF(ckw);
    if (bad < 0) goto out;
    rc = 0;
out:
    XDECREF(action);
    XDECREF(type);
    XDECREF(choices);
    XDECREF(dest);
    XDECREF(cnst);
    XDECREF(nargs);
    XDECREF(cb);
    return rc;
}

static Obj *opt_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Obj *opts = list_new(0);
    if (!opts) return NULL;
    for (Ssize i = 0; i < n; i++) {
        int t = obj_is_true(a[i]);
        if (t < 0 || (t && list_append(opts, a[i]) < 0)) goto fail;
    }
    if (!LIST_LEN(opts)) {
        vm_err_set_str(&exc_TypeError, "at least one option string must be supplied");
        goto fail;
    }
    if (set_opt_strings(self, opts) < 0) goto fail;
    Ssize nkw = kw ? TUPLE_LEN(kw) : 0;
    for (size_t k = 0; k < sizeof option_attrs / sizeof *option_attrs; k++) {
        Obj *val = NULL;
        for (Ssize j = 0; j < nkw; j++)
            if (str_eq_cstr(TUPLE_ITEMS(kw)[j], option_attrs[k])) val = a[n + j];
        if (SAb(self, option_attrs[k], val ? val : !strcmp(option_attrs[k], "default") ? no_default : NONE) < 0)
            goto fail;
    }
    Obj *extra = list_new(0);
    for (Ssize j = 0; extra && j < nkw; j++) {
        bool known = false;
        for (size_t k = 0; k < sizeof option_attrs / sizeof *option_attrs; k++)
            if (str_eq_cstr(TUPLE_ITEMS(kw)[j], option_attrs[k])) known = true;
        if (!known && list_append(extra, TUPLE_ITEMS(kw)[j]) < 0) CLEAR(extra);
    }
    if (!extra) goto fail;
    if (LIST_LEN(extra)) {
        list_sort(extra, NULL, false);
        Obj *j = str_join(id_str(", "), extra);
        option_error(j ? pct("invalid keyword arguments: %s", 1, j) : NULL, self);
        XDECREF(j);
        DECREF(extra);
        goto fail;
    }
    DECREF(extra);
    DECREF(opts);
    return done(check_option(self));
fail:
    DECREF(opts);
    return NULL;
}

static Obj *opt_strs(Obj *self)   /* _short_opts + _long_opts */
{
    Obj *s = GA(self, "_short_opts"), *l = s ? GA(self, "_long_opts") : NULL;
    Obj *r = l ? num_binary(s, l, NB_ADD) : NULL;
    XDECREF(s);
    XDECREF(l);
    return r;
}

static Obj *opt_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *all = opt_strs(self);
    Obj *r = all ? str_join(id_str("/"), all) : NULL;
    XDECREF(all);
    return r;
}

static Obj *opt_takes_value(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *t = GA(self, "type");
    if (!t) return NULL;
    DECREF(t);
    return bool_from(t != NONE);
}

static Obj *opt_get_opt_string(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *l = GA(self, "_long_opts");
    if (!l) return NULL;
    if (LIST_CHECK(l) && LIST_LEN(l)) {
        Obj *r = INCREF(LIST_ITEMS(l)[0]);
        DECREF(l);
        return r;
    }
    DECREF(l);
    Obj *s = GA(self, "_short_opts");
    Obj *r = s && LIST_CHECK(s) && LIST_LEN(s) ? INCREF(LIST_ITEMS(s)[0]) : NULL;
    if (s && !r) vm_err_set_str(&exc_IndexError, "list index out of range");
    XDECREF(s);
    return r;
}

static Obj *opt_check_value(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("check_value", "check_value", n, kw, 2, 2) < 0) return NULL;
    Obj *tc = GA(self, "TYPE_CHECKER"), *type = tc ? GA(self, "type") : NULL;
    Obj *args[2] = {type, NONE};
    Obj *checker = type ? CM(tc, "get", args, 2) : NULL;
    Obj *r = NULL;
    if (checker == NONE) r = INCREF(a[1]);
    else if (checker) {
        Obj *cargs[3] = {self, a[0], a[1]};
        r = obj_call(checker, cargs, 3, NULL);
    }
    XDECREF(tc);
    XDECREF(type);
    XDECREF(checker);
    return r;
}

static Obj *opt_convert_value(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("convert_value", "convert_value", n, kw, 2, 2) < 0) return NULL;
    if (a[1] == NONE) return INCREF(NONE);
    Obj *nargs = GA(self, "nargs");
    if (!nargs) return NULL;
    Obj *onev = I(1);
    int one = onev ? obj_richcompare_bool(nargs, onev, CMP_EQ) : -1;
    XDECREF(onev);
    DECREF(nargs);
    if (one < 0) return NULL;
    if (one) return CM(self, "check_value", a, 2);
    Obj *l = list_new(0), *it = l ? obj_getiter(a[1]) : NULL, *v;
    while (it && (v = obj_iternext(it))) {
        Obj *args[2] = {a[0], v};
        Obj *c = CM(self, "check_value", args, 2);
        DECREF(v);
        if (!c || list_append(l, c) < 0) {
            XDECREF(c);
            CLEAR(l);
            break;
        }
        DECREF(c);
    }
    Obj *r = l && it && !vm_err_occurred() ? list_as_tuple(l) : NULL;
    XDECREF(it);
    XDECREF(l);
    return r;
}

static Obj *opt_process(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"opt", "value", "values", "parser"};
    Obj *v[4];
    if (mh_bind_m("process", a, n, kw, names, 4, 4, 0, 4, 0, v) < 0) return NULL;
    Obj *cargs[2] = {v[0], v[1]};
    Obj *value = CM(self, "convert_value", cargs, 2);
    Obj *action = value ? GA(self, "action") : NULL, *dest = action ? GA(self, "dest") : NULL;
    Obj *r = NULL;
    if (dest) {
        Obj *targs[6] = {action, dest, v[0], value, v[2], v[3]};
        r = CM(self, "take_action", targs, 6);
    }
    XDECREF(value);
    XDECREF(action);
    XDECREF(dest);
    return r;
}

/* values.ensure_value(dest, dflt) */
static Obj *ensure_value(Obj *values, Obj *dest, Obj *dflt)
{
    Obj *args[2] = {dest, dflt};
    return CM(values, "ensure_value", args, 2);
}

static Obj *opt_take_action(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"action", "dest", "opt", "value", "values", "parser"};
    Obj *v[6];
    if (mh_bind_m("take_action", a, n, kw, names, 6, 6, 0, 6, 0, v) < 0) return NULL;
    Obj *action = v[0], *dest = v[1], *opt = v[2], *value = v[3], *values = v[4], *parser = v[5];
    int r = -1;
    if (str_is(action, "store")) r = obj_setattr(values, dest, value);
    else if (str_is(action, "store_const")) {
        Obj *c = GA(self, "const");
        r = c ? obj_setattr(values, dest, c) : -1;
        XDECREF(c);
    } else if (str_is(action, "store_true")) r = obj_setattr(values, dest, TRUE_);
    else if (str_is(action, "store_false")) r = obj_setattr(values, dest, FALSE_);
    else if (str_is(action, "append") || str_is(action, "append_const")) {
        Obj *empty = list_new(0);
        Obj *l = empty ? ensure_value(values, dest, empty) : NULL;
        Obj *item = str_is(action, "append") ? INCREF(value) : GA(self, "const");
        r = l && item ? CMv(l, "append", &item, 1) : -1;
        XDECREF(empty);
        XDECREF(l);
        XDECREF(item);
    } else if (str_is(action, "count")) {
        Obj *zero = I(0);
        Obj *cur = zero ? ensure_value(values, dest, zero) : NULL;
        Obj *one = I(1);
        Obj *next = cur && one ? num_binary(cur, one, NB_ADD) : NULL;
        r = next ? obj_setattr(values, dest, next) : -1;
        XDECREF(zero);
        XDECREF(cur);
        XDECREF(one);
        XDECREF(next);
    } else if (str_is(action, "callback")) {
        Obj *cb = GA(self, "callback"), *cargs = cb ? GA(self, "callback_args") : NULL;
        Obj *ckw = cargs ? GA(self, "callback_kwargs") : NULL;
        if (ckw) {
            Obj *pos = tuple_pack(4, self, opt, value, parser);
            Obj *extra = cargs != NONE ? INCREF(cargs) : tuple_new(0);
            Obj *all = pos && extra ? num_binary(pos, extra, NB_ADD) : NULL;
            Obj *kwd = ckw != NONE ? INCREF(ckw) : dict_new();
            Obj *res = all && kwd ? vm_call_ex(cb, all, kwd) : NULL;
            r = res ? 0 : -1;
            XDECREF(res);
            XDECREF(pos);
            XDECREF(extra);
            XDECREF(all);
            XDECREF(kwd);
        }
        XDECREF(cb);
        XDECREF(cargs);
        XDECREF(ckw);
    } else if (str_is(action, "help") || str_is(action, "version")) {
        r = CMv(parser, str_is(action, "help") ? "print_help" : "print_version", NULL, 0);
        if (r == 0) r = CMv(parser, "exit", NULL, 0);
    } else {
        Obj *act = GA(self, "action");
        if (act) {
            vm_err_format(&exc_ValueError, "unknown action %R", act);
            DECREF(act);
        }
    }
    return r < 0 ? NULL : I(1);
}

static Obj *obj_repr_with_addr(Obj *self)   /* optparse's _repr: <Name at 0x…: str(self)> */
{
    Obj *s = obj_str(self);
    Obj *r = s ? str_from_fmt("<%s at %p: %U>", type_name(OBJ_TYPE(self)), (void *)self, s) : NULL;
    XDECREF(s);
    return r;
}

static Obj *any_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_repr_with_addr(self);
}

static MethodDef option_defs[] = {
    {"__init__", opt_init, METH_FAST, NULL},
    {"__str__", opt_str, METH_FAST, NULL},
    {"__repr__", any_repr, METH_FAST, NULL},
    {"takes_value", opt_takes_value, METH_FAST, NULL},
    {"get_opt_string", opt_get_opt_string, METH_FAST, NULL},
    {"check_value", opt_check_value, METH_FAST, NULL},
    {"convert_value", opt_convert_value, METH_FAST, NULL},
    {"process", opt_process, METH_FAST, NULL},
    {"take_action", opt_take_action, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Values -------------------------------------------------------------------------------------- */

static Obj *values_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"defaults"};
    Obj *v[1];
    if (mh_bind_m("__init__", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    if (!v[0]) return INCREF(NONE);
    int t = obj_is_true(v[0]);
    if (t <= 0) return t < 0 ? NULL : INCREF(NONE);
    Obj *items = CM(v[0], "items", NULL, 0);
    Obj *it = items ? obj_getiter(items) : NULL, *pair;
    XDECREF(items);
    if (!it) return NULL;
    int r = 0;
    while (r == 0 && (pair = obj_iternext(it))) {
        r = obj_setattr(self, TUPLE_ITEMS(pair)[0], TUPLE_ITEMS(pair)[1]);
        DECREF(pair);
    }
    DECREF(it);
    return r < 0 || vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *values_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *d = GA(self, "__dict__");
    Obj *r = d ? obj_str(d) : NULL;
    XDECREF(d);
    return r;
}

static Obj *values_eq(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__eq__", n, kw) < 0) return NULL;
    Obj *mine = GA(self, "__dict__");
    if (!mine) return NULL;
    Obj *r;
    if (obj_isinstance(a[0], c_values) > 0) {
        Obj *theirs = GA(a[0], "__dict__");
        r = theirs ? obj_richcompare(mine, theirs, CMP_EQ) : NULL;
        XDECREF(theirs);
    } else if (DICT_CHECK(a[0])) {
        r = obj_richcompare(mine, a[0], CMP_EQ);
    } else {
        r = INCREF(NOTIMPL);
    }
    DECREF(mine);
    return r;
}

static Obj *values_ensure(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"attr", "value"};
    Obj *v[2];
    if (mh_bind_m("ensure_value", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *cur = NULL;
    if (obj_lookup_attr(self, v[0], &cur) < 0) return NULL;
    if (!cur || cur == NONE) {
        XDECREF(cur);
        if (obj_setattr(self, v[0], v[1]) < 0) return NULL;
        return obj_getattr(self, v[0]);
    }
    return cur;
}

static Obj *values_update_loose(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("_update_loose", n, kw) < 0) return NULL;
    Obj *d = GA(self, "__dict__");
    int r = d ? CMv(d, "update", a, 1) : -1;
    XDECREF(d);
    return done(r);
}

static MethodDef values_defs[] = {
    {"__init__", values_init, METH_FAST, NULL},
    {"__str__", values_str, METH_FAST, NULL},
    {"__repr__", any_repr, METH_FAST, NULL},
    {"__eq__", values_eq, METH_FAST, NULL},
    {"ensure_value", values_ensure, METH_FAST, NULL},
    {"_update_loose", values_update_loose, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- help formatters ----------------------------------------------------------------------------- */

static Obj *textwrap_call(const char *fn, Obj *text, Obj *width, Obj *indent)
{
    Obj *tw = import_name(id_str("textwrap"), NULL, NULL, 0);
    Obj *f = tw ? GA(tw, fn) : NULL;
    XDECREF(tw);
    if (!f) return NULL;
    Obj *r;
    if (indent) {
        Obj *kwn = tuple_pack(2, id_str("initial_indent"), id_str("subsequent_indent"));
        Obj *args[4] = {text, width, indent, indent};
        r = kwn ? obj_call(f, args, 2, kwn) : NULL;
        XDECREF(kwn);
    } else {
        Obj *args[2] = {text, width};
        r = obj_call(f, args, 2, NULL);
    }
    DECREF(f);
    return r;
}

static int64_t int_attr(Obj *o, const char *name, bool *err)
{
    Obj *v = GA(o, name);
    int64_t x = 0;
    if (!v || int_as_i64(v, &x) < 0) *err = true;
    XDECREF(v);
    return x;
}

static Obj *hf_init_common(Obj *self, Obj *const *a, Ssize n, Obj *kw, int dinc, int dshort)
{
    static const char *const names[] = {"indent_increment", "max_help_position", "width", "short_first"};
    Obj *v[4];
    if (mh_bind_m("__init__", a, n, kw, names, 4, 4, 0, dinc < 0 ? 4 : 0, 0, v) < 0) return NULL;
    Obj *inc = v[0] ? INCREF(v[0]) : I(dinc), *maxh = v[1] ? INCREF(v[1]) : I(24);
    Obj *width = v[2] && v[2] != NONE ? INCREF(v[2]) : NULL;
    Obj *sf = v[3] ? INCREF(v[3]) : I(dshort);
    int r = inc && maxh && sf ? 0 : -1;
    if (r == 0 && !width) {
        Obj *os = import_name(id_str("os"), NULL, NULL, 0);
        Obj *env = os ? GA(os, "environ") : NULL;
        XDECREF(os);
        Obj *col = env ? obj_getitem(env, id_str("COLUMNS")) : NULL;
        XDECREF(env);
        int64_t w = 80;
        if (col) {
            Obj *iv = obj_call((Obj *)&int_type, &col, 1, NULL);
            if (iv) {
                if (int_as_i64(iv, &w) < 0) r = -1;
                DECREF(iv);
            } else if (vm_err_matches(&exc_ValueError)) {
                vm_err_clear();
            } else {
                r = -1;
            }
            DECREF(col);
        } else if (vm_err_matches(&exc_KeyError)) {
            vm_err_clear();
        } else {
            r = -1;
        }
        width = r == 0 ? I(w - 2) : NULL;
    }
    if (r == 0 && width) {
        /* help_position = max_help_position = min(max_help_position, max(width - 20, indent_increment * 2)) */
        Obj *twenty = I(20), *two = I(2);
        Obj *w20 = twenty ? num_binary(width, twenty, NB_SUBTRACT) : NULL;
        Obj *i2 = two ? num_binary(inc, two, NB_MULTIPLY) : NULL;
        Obj *hi = NULL, *pos = NULL;
        if (w20 && i2) {
            int gt = obj_richcompare_bool(w20, i2, CMP_GE);
            hi = gt < 0 ? NULL : INCREF(gt ? w20 : i2);
        }
        if (hi) {
            int lt = obj_richcompare_bool(maxh, hi, CMP_LE);
            pos = lt < 0 ? NULL : INCREF(lt ? maxh : hi);
        }
        r = pos && SAb(self, "parser", NONE) == 0 && SAb(self, "indent_increment", inc) == 0 &&
            SAb(self, "width", width) == 0 && SAb(self, "help_position", pos) == 0 &&
            SAb(self, "max_help_position", pos) == 0 && SA(self, "current_indent", I(0)) == 0 &&
            SA(self, "level", I(0)) == 0 && SAb(self, "help_width", NONE) == 0 && SAb(self, "short_first", sf) == 0 &&
            SA(self, "default_tag", S("%default")) == 0 && SA(self, "option_strings", dict_new()) == 0 &&
            SA(self, "_short_opt_fmt", S("%s %s")) == 0 && SA(self, "_long_opt_fmt", S("%s=%s")) == 0
                ? 0 : -1;
        XDECREF(twenty);
        XDECREF(two);
        XDECREF(w20);
        XDECREF(i2);
        XDECREF(hi);
        XDECREF(pos);
    } else {
        r = -1;
    }
    XDECREF(inc);
    XDECREF(maxh);
    XDECREF(width);
    XDECREF(sf);
    return done(r);
}

static Obj *hf_init(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return hf_init_common(self, a, n, kw, -1, 1); }
static Obj *ihf_init(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return hf_init_common(self, a, n, kw, 2, 1); }
static Obj *thf_init(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return hf_init_common(self, a, n, kw, 0, 0); }

static Obj *hf_set_parser(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("set_parser", n, kw) < 0) return NULL;
    return done(SAb(self, "parser", a[0]));
}

static int add_int_attr(Obj *self, const char *name, Obj *delta)
{
    Obj *cur = GA(self, name);
    Obj *nv = cur ? num_binary(cur, delta, NB_ADD) : NULL;
    XDECREF(cur);
    return SA(self, name, nv);
}

static int indent_by(Obj *self, int sign)
{
    Obj *inc = GA(self, "indent_increment");
    Obj *d = inc ? (sign > 0 ? INCREF(inc) : num_unary(inc, UN_NEGATIVE)) : NULL;
    Obj *one = I(sign);
    int r = d && one && add_int_attr(self, "current_indent", d) == 0 ? add_int_attr(self, "level", one) : -1;
    XDECREF(inc);
    XDECREF(d);
    XDECREF(one);
    return r;
}

static Obj *hf_indent(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)a; (void)n; (void)kw; return done(indent_by(self, 1)); }
static Obj *hf_dedent(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)a; (void)n; (void)kw; return done(indent_by(self, -1)); }

static Obj *hf_format_text(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("_format_text", n, kw) < 0) return NULL;
    bool err = false;
    int64_t width = int_attr(self, "width", &err), cur = int_attr(self, "current_indent", &err);
    if (err) return NULL;
    Obj *tw = I(width - cur > 11 ? width - cur : 11);
    Obj *sp = S(" ");
    Obj *curv = I(cur);
    Obj *indent = sp && curv ? num_binary(sp, curv, NB_MULTIPLY) : NULL;
    Obj *r = tw && indent ? textwrap_call("fill", a[0], tw, indent) : NULL;
    XDECREF(tw);
    XDECREF(sp);
    XDECREF(curv);
    XDECREF(indent);
    return r;
}

/* format_description / format_epilog: "" for empty text, else the wrapped text in fmt */
static Obj *format_paragraph(Obj *self, Obj *const *a, Ssize n, Obj *kw, const char *fname, const char *fmt)
{
    if (mh_one_arg(fname, n, kw) < 0) return NULL;
    int t = obj_is_true(a[0]);
    if (t <= 0) return t < 0 ? NULL : S("");
    Obj *f = CM(self, "_format_text", a, 1);
    Obj *r = f ? pct(fmt, 1, f) : NULL;
    XDECREF(f);
    return r;
}

static Obj *hf_format_description(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return format_paragraph(self, a, n, kw, "format_description", "%s\n");
}

static Obj *hf_format_epilog(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return format_paragraph(self, a, n, kw, "format_epilog", "\n%s\n");
}

static Obj *hf_expand_default(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("expand_default", n, kw) < 0) return NULL;
    Obj *option = a[0];
    Obj *parser = GA(self, "parser"), *tag = parser ? GA(self, "default_tag") : NULL;
    Obj *help = tag ? GA(option, "help") : NULL;
    Obj *r = NULL;
    if (!help) goto out;
    int tt = obj_is_true(tag);
    if (tt < 0) goto out;
    if (parser == NONE || !tt) {
        r = INCREF(help);
        goto out;
    }
    Obj *defaults = GA(parser, "defaults"), *dest = defaults ? GA(option, "dest") : NULL;
    Obj *dv = dest ? CM(defaults, "get", &dest, 1) : NULL;
    if (dv && (dv == no_default || dv == NONE)) obj_setref(&dv, GA(self, "NO_DEFAULT_VALUE"));
    Obj *sv = dv ? obj_str(dv) : NULL;
    Obj *args[2] = {tag, sv};
    r = sv ? CM(help, "replace", args, 2) : NULL;
    XDECREF(defaults);
    XDECREF(dest);
    XDECREF(dv);
    XDECREF(sv);
out:
    XDECREF(parser);
    XDECREF(tag);
    XDECREF(help);
    return r;
}

static Obj *hf_format_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_option", n, kw) < 0) return NULL;
    Obj *option = a[0];
    Obj *strings = GA(self, "option_strings");
    Obj *opts = strings ? obj_getitem(strings, option) : NULL;
    XDECREF(strings);
    if (!opts) return NULL;
    bool err = false;
    int64_t help_pos = int_attr(self, "help_position", &err), cur = int_attr(self, "current_indent", &err);
    Ssize olen = obj_length(opts);
    if (err || olen < 0) {
        DECREF(opts);
        return NULL;
    }
    int64_t opt_width = help_pos - cur - 2;
    Obj *curv = I(cur), *empty = S(""), *ow = I(opt_width), *first = NULL;
    Obj *res = list_new(0);
    int64_t indent_first;
    if (olen > opt_width) {
        first = pct("%*s%s\n", 3, curv, empty, opts);
        indent_first = help_pos;
    } else {
        first = pct("%*s%-*s  ", 4, curv, empty, ow, opts);
        indent_first = 0;
    }
    DECREF(opts);
    Obj *r = NULL;
    if (!first || !res || list_append(res, first) < 0) goto out;
    Obj *help = GA(option, "help");
    int ht = help ? obj_is_true(help) : -1;
    XDECREF(help);
    if (ht < 0) goto out;
    if (ht) {
        Obj *text = CM(self, "expand_default", &option, 1);
        Obj *hw = text ? GA(self, "help_width") : NULL;
        Obj *lines = hw ? textwrap_call("wrap", text, hw, NULL) : NULL;
        XDECREF(text);
        XDECREF(hw);
        if (!lines) goto out;
        for (Ssize i = 0; i < LIST_LEN(lines); i++) {
            Obj *ind = I(i == 0 ? indent_first : help_pos);
            Obj *line = ind ? pct("%*s%s\n", 3, ind, empty, LIST_ITEMS(lines)[i]) : NULL;
            XDECREF(ind);
            if (!line || list_append(res, line) < 0) {
                XDECREF(line);
                DECREF(lines);
                goto out;
            }
            DECREF(line);
        }
        if (!LIST_LEN(lines)) vm_err_set_str(&exc_IndexError, "list index out of range");
        DECREF(lines);
        if (vm_err_occurred()) goto out;
    } else if (str_char(first, VAR_SIZE(first) - 1) != '\n' && list_append(res, id_str("\n")) < 0) {
        goto out;
    }
    r = str_join(empty, res);
out:
    XDECREF(curv);
    XDECREF(empty);
    XDECREF(ow);
    XDECREF(first);
    XDECREF(res);
    return r;
}

static Obj *hf_format_option_strings(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_option_strings", n, kw) < 0) return NULL;
    Obj *option = a[0];
    Obj *tv = CM(option, "takes_value", NULL, 0);
    int takes = truth(tv);
    if (takes < 0) return NULL;
    Obj *shorts = GA(option, "_short_opts"), *longs = shorts ? GA(option, "_long_opts") : NULL;
    Obj *r = NULL, *ss = NULL, *ls = NULL;
    if (!longs) goto out;
    if (takes) {
        Obj *metavar = GA(option, "metavar");
        int mt = metavar ? obj_is_true(metavar) : -1;
        if (mt == 0) {
            Obj *dest = GA(option, "dest");
            obj_setref(&metavar, dest ? CM(dest, "upper", NULL, 0) : NULL);
            XDECREF(dest);
        }
        Obj *sf = metavar ? GA(self, "_short_opt_fmt") : NULL, *lf = sf ? GA(self, "_long_opt_fmt") : NULL;
        ss = list_new(0);
        ls = list_new(0);
        for (int k = 0; lf && ss && ls && k < 2; k++) {
            Obj *src = k ? longs : shorts, *dst = k ? ls : ss, *fmt = k ? lf : sf;
            for (Ssize i = 0; i < LIST_LEN(src); i++) {
                Obj *t = tuple_pack(2, LIST_ITEMS(src)[i], metavar);
                Obj *s = t ? str_percent_format(fmt, t) : NULL;
                XDECREF(t);
                if (!s || list_append(dst, s) < 0) {
                    XDECREF(s);
                    CLEAR(ss);
                    break;
                }
                DECREF(s);
            }
        }
        XDECREF(metavar);
        XDECREF(sf);
        XDECREF(lf);
        if (!ss || !ls) goto out;
    } else {
        ss = INCREF(shorts);
        ls = INCREF(longs);
    }
    Obj *sfirst = GA(self, "short_first");
    int t = truth(sfirst);
    if (t < 0) goto out;
    Obj *all = t ? num_binary(ss, ls, NB_ADD) : num_binary(ls, ss, NB_ADD);
    r = all ? str_join(id_str(", "), all) : NULL;
    XDECREF(all);
out:
    XDECREF(shorts);
    XDECREF(longs);
    XDECREF(ss);
    XDECREF(ls);
    return r;
}

/* option_strings[opt] for each option of a list; max_len updated */
static int store_strings_of(Obj *self, Obj *options, Obj *strings, int64_t *max_len)
{
    bool err = false;
    int64_t cur = int_attr(self, "current_indent", &err);
    if (err) return -1;
    for (Ssize i = 0; i < LIST_LEN(options); i++) {
        Obj *opt = LIST_ITEMS(options)[i];
        Obj *s = CM(self, "format_option_strings", &opt, 1);
        if (!s || obj_setitem(strings, opt, s) < 0) {
            XDECREF(s);
            return -1;
        }
        Ssize len = obj_length(s);
        DECREF(s);
        if (len < 0) return -1;
        if (len + cur > *max_len) *max_len = len + cur;
    }
    return 0;
}

static Obj *hf_store_option_strings(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("store_option_strings", n, kw) < 0) return NULL;
    Obj *parser = a[0];
    int64_t max_len = 0;
    Obj *strings = GA(self, "option_strings");
    Obj *ol = strings ? GA(parser, "option_list") : NULL, *groups = ol ? GA(parser, "option_groups") : NULL;
    int r = groups ? CMv(self, "indent", NULL, 0) : -1;
    if (r == 0) r = store_strings_of(self, ol, strings, &max_len);
    if (r == 0) r = CMv(self, "indent", NULL, 0);
    for (Ssize i = 0; r == 0 && i < LIST_LEN(groups); i++) {
        Obj *gl = GA(LIST_ITEMS(groups)[i], "option_list");
        r = gl ? store_strings_of(self, gl, strings, &max_len) : -1;
        XDECREF(gl);
    }
    if (r == 0) r = CMv(self, "dedent", NULL, 0);
    if (r == 0) r = CMv(self, "dedent", NULL, 0);
    bool err = false;
    int64_t maxh = r == 0 ? int_attr(self, "max_help_position", &err) : 0;
    int64_t width = r == 0 ? int_attr(self, "width", &err) : 0;
    if (r == 0 && !err) {
        int64_t hp = max_len + 2 < maxh ? max_len + 2 : maxh;
        r = SA(self, "help_position", I(hp));
        if (r == 0) r = SA(self, "help_width", I(width - hp > 11 ? width - hp : 11));
    } else {
        r = -1;
    }
    XDECREF(strings);
    XDECREF(ol);
    XDECREF(groups);
    return done(r);
}

static Obj *ihf_format_usage(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    if (mh_one_arg("format_usage", n, kw) < 0) return NULL;
    return pct("Usage: %s\n", 1, a[0]);
}

static Obj *ihf_format_heading(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_heading", n, kw) < 0) return NULL;
    Obj *cur = GA(self, "current_indent");
    Obj *r = cur ? pct("%*s%s:\n", 3, cur, id_str(""), a[0]) : NULL;
    XDECREF(cur);
    return r;
}

static Obj *thf_format_heading(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_heading", n, kw) < 0) return NULL;
    bool err = false;
    int64_t level = int_attr(self, "level", &err);
    Ssize len = err ? -1 : obj_length(a[0]);
    if (len < 0) return NULL;
    if (level < 0 || level > 1) {
        vm_err_set_str(&exc_IndexError, "string index out of range");
        return NULL;
    }
    Obj *under = S(level ? "-" : "=");
    Obj *cnt = under ? I(len) : NULL;
    Obj *line = cnt ? num_binary(under, cnt, NB_MULTIPLY) : NULL;
    Obj *r = line ? pct("%s\n%s\n", 2, a[0], line) : NULL;
    XDECREF(under);
    XDECREF(cnt);
    XDECREF(line);
    return r;
}

static Obj *thf_format_usage(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_usage", n, kw) < 0) return NULL;
    Obj *u = S("Usage");
    Obj *h = u ? CM(self, "format_heading", &u, 1) : NULL;
    Obj *r = h ? pct("%s  %s\n", 2, h, a[0]) : NULL;
    XDECREF(u);
    XDECREF(h);
    return r;
}

static MethodDef formatter_defs[] = {
    {"__init__", hf_init, METH_FAST, NULL},
    {"set_parser", hf_set_parser, METH_FAST, NULL},
    {"indent", hf_indent, METH_FAST, NULL},
    {"dedent", hf_dedent, METH_FAST, NULL},
    {"_format_text", hf_format_text, METH_FAST, NULL},
    {"format_description", hf_format_description, METH_FAST, NULL},
    {"format_epilog", hf_format_epilog, METH_FAST, NULL},
    {"expand_default", hf_expand_default, METH_FAST, NULL},
    {"format_option", hf_format_option, METH_FAST, NULL},
    {"store_option_strings", hf_store_option_strings, METH_FAST, NULL},
    {"format_option_strings", hf_format_option_strings, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static MethodDef indented_defs[] = {
    {"__init__", ihf_init, METH_FAST, NULL},
    {"format_usage", ihf_format_usage, METH_FAST, NULL},
    {"format_heading", ihf_format_heading, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static MethodDef titled_defs[] = {
    {"__init__", thf_init, METH_FAST, NULL},
    {"format_usage", thf_format_usage, METH_FAST, NULL},
    {"format_heading", thf_format_heading, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- OptionContainer / OptionGroup --------------------------------------------------------------- */

static int container_init(Obj *self, Obj *option_class, Obj *conflict_handler, Obj *description)
{
    if (CMv(self, "_create_option_list", NULL, 0) < 0 || SAb(self, "option_class", option_class) < 0 ||
        CMv(self, "set_conflict_handler", &conflict_handler, 1) < 0)
        return -1;
    return CMv(self, "set_description", &description, 1);
}

static Obj *oc_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"option_class", "conflict_handler", "description"};
    Obj *v[3];
    if (mh_bind_m("__init__", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    return done(container_init(self, v[0], v[1], v[2]));
}

static Obj *oc_create_mappings(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return done(SA(self, "_short_opt", dict_new()) < 0 || SA(self, "_long_opt", dict_new()) < 0 ? -1
                : SA(self, "defaults", dict_new()));
}

static int share_mappings(Obj *self, Obj *parser)
{
    static const char *const names[] = {"_short_opt", "_long_opt", "defaults"};
    for (int i = 0; i < 3; i++)
        if (SA(self, names[i], GA(parser, names[i])) < 0) return -1;
    return 0;
}

static Obj *oc_set_conflict_handler(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("set_conflict_handler", n, kw) < 0) return NULL;
    if (!str_is(a[0], "error") && !str_is(a[0], "resolve")) {
        vm_err_format(&exc_ValueError, "invalid conflict_resolution value %R", a[0]);
        return NULL;
    }
    return done(SAb(self, "conflict_handler", a[0]));
}

static Obj *oc_set_description(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("set_description", n, kw) < 0) return NULL;
    return done(SAb(self, "description", a[0]));
}

static Obj *oc_get_description(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return GA(self, "description");
}

static int check_conflict(Obj *self, Obj *option)
{
    Obj *so = GA(self, "_short_opt"), *lo = so ? GA(self, "_long_opt") : NULL;
    Obj *shorts = lo ? GA(option, "_short_opts") : NULL, *longs = shorts ? GA(option, "_long_opts") : NULL;
    Obj *conf = longs ? list_new(0) : NULL;   /* [(opt, c_option)] */
    int rc = -1;
    for (int k = 0; conf && k < 2; k++) {
        Obj *src = k ? longs : shorts, *map = k ? lo : so;
        for (Ssize i = 0; i < LIST_LEN(src); i++) {
            Obj *c = dict_get_borrow(map, LIST_ITEMS(src)[i]);
            if (!c) {
                if (vm_err_occurred()) goto out;
                continue;
            }
            Obj *pair = tuple_pack(2, LIST_ITEMS(src)[i], c);
            if (!pair || list_append(conf, pair) < 0) {
                XDECREF(pair);
                goto out;
            }
            DECREF(pair);
        }
    }
    if (!conf) goto out;
    if (LIST_LEN(conf)) {
        Obj *handler = GA(self, "conflict_handler");
        if (!handler) goto out;
        if (str_is(handler, "error")) {
            Obj *names = list_new(0);
            for (Ssize i = 0; names && i < LIST_LEN(conf); i++)
                if (list_append(names, TUPLE_ITEMS(LIST_ITEMS(conf)[i])[0]) < 0) CLEAR(names);
            Obj *j = names ? str_join(id_str(", "), names) : NULL;
            Obj *msg = j ? pct("conflicting option string(s): %s", 1, j) : NULL;
            if (msg) {
                Obj *args[2] = {msg, option};
                raise_obj(e_conflict, args, 2);
                DECREF(msg);
            }
            XDECREF(j);
            XDECREF(names);
            DECREF(handler);
            goto out;
        }
        if (str_is(handler, "resolve")) {
            for (Ssize i = 0; i < LIST_LEN(conf); i++) {
                Obj *opt = TUPLE_ITEMS(LIST_ITEMS(conf)[i])[0], *c = TUPLE_ITEMS(LIST_ITEMS(conf)[i])[1];
                bool is_long = VAR_SIZE(opt) >= 2 && str_char(opt, 0) == '-' && str_char(opt, 1) == '-';
                Obj *l = GA(c, is_long ? "_long_opts" : "_short_opts");
                int r = l ? CMv(l, "remove", &opt, 1) : -1;
                XDECREF(l);
                if (r < 0 || obj_delitem(is_long ? lo : so, opt) < 0) {
                    DECREF(handler);
                    goto out;
                }
                Obj *cs = GA(c, "_short_opts"), *cl = cs ? GA(c, "_long_opts") : NULL;
                bool empty = cl && !LIST_LEN(cs) && !LIST_LEN(cl);
                XDECREF(cs);
                XDECREF(cl);
                if (empty) {
                    Obj *cont = GA(c, "container"), *ol = cont ? GA(cont, "option_list") : NULL;
                    r = ol ? CMv(ol, "remove", &c, 1) : -1;
                    XDECREF(cont);
                    XDECREF(ol);
                    if (r < 0) {
                        DECREF(handler);
                        goto out;
                    }
                }
            }
        }
        DECREF(handler);
    }
    rc = 0;
out:
    XDECREF(so);
    XDECREF(lo);
    XDECREF(shorts);
    XDECREF(longs);
    XDECREF(conf);
    return rc;
}

static Obj *oc_add_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Ssize nkw = kw ? TUPLE_LEN(kw) : 0;
    Obj *option;
    if (n == 0) {
        vm_err_set_str(&exc_IndexError, "tuple index out of range");
        return NULL;
    }
    if (STR_CHECK(a[0])) {
        Obj *cls = GA(self, "option_class");
        option = cls ? obj_call(cls, a, n, kw) : NULL;
        XDECREF(cls);
        if (!option) return NULL;
    } else if (n == 1 && !nkw) {
        if (obj_isinstance(a[0], c_option) <= 0) {
            if (!vm_err_occurred()) vm_err_format(&exc_TypeError, "not an Option instance: %R", a[0]);
            return NULL;
        }
        option = INCREF(a[0]);
    } else {
        vm_err_set_str(&exc_TypeError, "invalid arguments");
        return NULL;
    }
    Obj *ol = NULL, *so = NULL, *lo = NULL, *shorts = NULL, *longs = NULL, *dest = NULL, *dflt = NULL, *defaults = NULL;
    int r = check_conflict(self, option);
    if (r == 0 && (!(ol = GA(self, "option_list")) || list_append(ol, option) < 0 || SAb(option, "container", self) < 0))
        r = -1;
    if (r == 0 && (!(so = GA(self, "_short_opt")) || !(lo = GA(self, "_long_opt")) ||
                   !(shorts = GA(option, "_short_opts")) || !(longs = GA(option, "_long_opts"))))
        r = -1;
    for (int k = 0; r == 0 && k < 2; k++) {
        Obj *src = k ? longs : shorts, *map = k ? lo : so;
        for (Ssize i = 0; r == 0 && i < LIST_LEN(src); i++) r = obj_setitem(map, LIST_ITEMS(src)[i], option);
    }
    if (r == 0 && (!(dest = GA(option, "dest")) || !(dflt = GA(option, "default")) ||
                   !(defaults = GA(self, "defaults"))))
        r = -1;
    if (r == 0 && dest != NONE) {
        if (dflt != no_default) {
            r = obj_setitem(defaults, dest, dflt);
        } else {
            int in = obj_contains(defaults, dest);
            r = in < 0 ? -1 : in ? 0 : obj_setitem(defaults, dest, NONE);
        }
    }
    Obj *refs[] = {ol, so, lo, shorts, longs, dest, dflt, defaults};
    for (size_t i = 0; i < 8; i++) XDECREF(refs[i]);
    if (r < 0) {
        DECREF(option);
        return NULL;
    }
    return option;
}

static Obj *oc_add_options(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("add_options", n, kw) < 0) return NULL;
    Obj *it = obj_getiter(a[0]), *o;
    if (!it) return NULL;
    int r = 0;
    while (r == 0 && (o = obj_iternext(it))) {
        r = CMv(self, "add_option", &o, 1);
        DECREF(o);
    }
    DECREF(it);
    return done(r < 0 || vm_err_occurred() ? -1 : 0);
}

/* _short_opt.get(s) or _long_opt.get(s), borrowed-free: new ref or None */
static Obj *lookup_option(Obj *self, Obj *opt_str)
{
    Obj *so = GA(self, "_short_opt");
    Obj *r = so ? dict_get_borrow(so, opt_str) : NULL;
    XDECREF(so);
    if (r && obj_is_true(r) > 0) return INCREF(r);
    if (vm_err_occurred()) return NULL;
    Obj *lo = GA(self, "_long_opt");
    r = lo ? dict_get_borrow(lo, opt_str) : NULL;
    XDECREF(lo);
    if (!r && vm_err_occurred()) return NULL;
    return INCREF(r ? r : NONE);
}

static Obj *oc_get_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("get_option", n, kw) < 0) return NULL;
    return lookup_option(self, a[0]);
}

static Obj *oc_has_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("has_option", n, kw) < 0) return NULL;
    Obj *so = GA(self, "_short_opt"), *lo = so ? GA(self, "_long_opt") : NULL;
    int r = lo ? obj_contains(so, a[0]) : -1;
    if (r == 0) r = obj_contains(lo, a[0]);
    XDECREF(so);
    XDECREF(lo);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *oc_remove_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("remove_option", n, kw) < 0) return NULL;
    Obj *so = GA(self, "_short_opt"), *lo = so ? GA(self, "_long_opt") : NULL;
    if (!lo) {
        XDECREF(so);
        return NULL;
    }
    Obj *option = dict_get_borrow(so, a[0]);
    if (!option || option == NONE) option = dict_get_borrow(lo, a[0]);
    int r = -1;
    if (!option || option == NONE) {
        if (!vm_err_occurred()) vm_err_format(&exc_ValueError, "no such option %R", a[0]);
    } else {
        INCREF(option);
        Obj *shorts = GA(option, "_short_opts"), *longs = shorts ? GA(option, "_long_opts") : NULL;
        r = longs ? 0 : -1;
        for (Ssize i = 0; r == 0 && i < LIST_LEN(shorts); i++) r = obj_delitem(so, LIST_ITEMS(shorts)[i]);
        for (Ssize i = 0; r == 0 && i < LIST_LEN(longs); i++) r = obj_delitem(lo, LIST_ITEMS(longs)[i]);
        Obj *cont = r == 0 ? GA(option, "container") : NULL, *ol = cont ? GA(cont, "option_list") : NULL;
        r = ol ? CMv(ol, "remove", &option, 1) : -1;
        XDECREF(cont);
        XDECREF(ol);
        XDECREF(shorts);
        XDECREF(longs);
        DECREF(option);
    }
    DECREF(so);
    DECREF(lo);
    return done(r);
}

static Obj *oc_format_option_help(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_option_help", n, kw) < 0) return NULL;
    Obj *ol = GA(self, "option_list");
    if (!ol) return NULL;
    Obj *res = list_new(0);
    for (Ssize i = 0; res && i < LIST_LEN(ol); i++) {
        Obj *opt = LIST_ITEMS(ol)[i];
        Obj *help = GA(opt, "help");
        if (!help) {
            CLEAR(res);
            break;
        }
        DECREF(help);
        if (help == suppress_help) continue;
        Obj *s = CM(a[0], "format_option", &opt, 1);
        if (!s || list_append(res, s) < 0) CLEAR(res);
        XDECREF(s);
    }
    DECREF(ol);
    Obj *r = res ? str_join(id_str(""), res) : NULL;
    XDECREF(res);
    return r;
}

static Obj *oc_format_description(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_description", n, kw) < 0) return NULL;
    Obj *d = CM(self, "get_description", NULL, 0);
    Obj *r = d ? CM(a[0], "format_description", &d, 1) : NULL;
    XDECREF(d);
    return r;
}

static Obj *container_format_help(Obj *self, Obj *formatter)
{
    Obj *res = list_new(0);
    Obj *desc = res ? GA(self, "description") : NULL;
    int t = desc ? obj_is_true(desc) : -1;
    XDECREF(desc);
    if (t > 0) {
        Obj *s = CM(self, "format_description", &formatter, 1);
        if (!s || list_append(res, s) < 0) t = -1;
        XDECREF(s);
    }
    Obj *ol = t >= 0 ? GA(self, "option_list") : NULL;
    if (ol && LIST_LEN(ol)) {
        Obj *s = CM(self, "format_option_help", &formatter, 1);
        if (!s || list_append(res, s) < 0) t = -1;
        XDECREF(s);
    }
    Obj *r = ol && t >= 0 ? str_join(id_str("\n"), res) : NULL;
    XDECREF(ol);
    XDECREF(res);
    return r;
}

static Obj *oc_format_help(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_help", n, kw) < 0) return NULL;
    return container_format_help(self, a[0]);
}

static MethodDef container_defs[] = {
    {"__init__", oc_init, METH_FAST, NULL},
    {"_create_option_mappings", oc_create_mappings, METH_FAST, NULL},
    {"set_conflict_handler", oc_set_conflict_handler, METH_FAST, NULL},
    {"set_description", oc_set_description, METH_FAST, NULL},
    {"get_description", oc_get_description, METH_FAST, NULL},
    {"add_option", oc_add_option, METH_FAST, "add_option(Option)\n           add_option(opt_str, ..., kwarg=val, ...)\n        "},
    {"add_options", oc_add_options, METH_FAST, NULL},
    {"get_option", oc_get_option, METH_FAST, NULL},
    {"has_option", oc_has_option, METH_FAST, NULL},
    {"remove_option", oc_remove_option, METH_FAST, NULL},
    {"format_option_help", oc_format_option_help, METH_FAST, NULL},
    {"format_description", oc_format_description, METH_FAST, NULL},
    {"format_help", oc_format_help, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *og_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"parser", "title", "description"};
    Obj *v[3];
    if (mh_bind_m("__init__", a, n, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    if (SAb(self, "parser", v[0]) < 0) return NULL;
    Obj *oc = GA(v[0], "option_class"), *ch = oc ? GA(v[0], "conflict_handler") : NULL;
    int r = ch ? container_init(self, oc, ch, v[2] ? v[2] : NONE) : -1;
    XDECREF(oc);
    XDECREF(ch);
    return done(r < 0 ? -1 : SAb(self, "title", v[1]));
}

static Obj *og_create_option_list(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *parser = GA(self, "parser");
    int r = parser && SA(self, "option_list", list_new(0)) == 0 ? share_mappings(self, parser) : -1;
    XDECREF(parser);
    return done(r);
}

static Obj *og_set_title(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("set_title", n, kw) < 0) return NULL;
    return done(SAb(self, "title", a[0]));
}

static Obj *og_format_help(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_help", n, kw) < 0) return NULL;
    Obj *title = GA(self, "title");
    Obj *head = title ? CM(a[0], "format_heading", &title, 1) : NULL;
    XDECREF(title);
    Obj *body = head && CMv(a[0], "indent", NULL, 0) == 0 ? container_format_help(self, a[0]) : NULL;
    Obj *r = body && CMv(a[0], "dedent", NULL, 0) == 0 ? str_concat(head, body) : NULL;
    XDECREF(head);
    XDECREF(body);
    return r;
}

static MethodDef group_defs[] = {
    {"__init__", og_init, METH_FAST, NULL},
    {"_create_option_list", og_create_option_list, METH_FAST, NULL},
    {"set_title", og_set_title, METH_FAST, NULL},
    {"format_help", og_format_help, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- OptionParser -------------------------------------------------------------------------------- */

static Obj *op_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"usage", "option_list", "option_class", "version", "conflict_handler",
                                        "description", "formatter", "add_help_option", "prog", "epilog"};
    Obj *v[10];
    if (mh_bind_m("__init__", a, n, kw, names, 10, 10, 0, 0, 0, v) < 0) return NULL;
    Obj *ch = v[4] ? INCREF(v[4]) : S("error");
    int r = ch ? container_init(self, v[2] ? v[2] : c_option, ch, v[5] ? v[5] : NONE) : -1;
    XDECREF(ch);
    Obj *usage = v[0] ? v[0] : NONE;
    if (r == 0) r = CMv(self, "set_usage", &usage, 1);
    if (r == 0 && (SAb(self, "prog", v[8] ? v[8] : NONE) < 0 || SAb(self, "version", v[3] ? v[3] : NONE) < 0 ||
                   SAb(self, "allow_interspersed_args", TRUE_) < 0 || SAb(self, "process_default_values", TRUE_) < 0))
        r = -1;
    Obj *fmt = r == 0 ? (v[6] && v[6] != NONE ? INCREF(v[6]) : obj_call(c_indented, NULL, 0, NULL)) : NULL;
    if (!fmt || SAb(self, "formatter", fmt) < 0 || CMv(fmt, "set_parser", &self, 1) < 0) r = -1;
    XDECREF(fmt);
    if (r == 0 && SAb(self, "epilog", v[9] ? v[9] : NONE) < 0) r = -1;
    if (r == 0) {
        Obj *args[2] = {v[1] ? v[1] : NONE, v[7] ? v[7] : TRUE_};
        Obj *f = GA(self, "_populate_option_list");
        Obj *kwn = tuple_pack(1, id_str("add_help"));
        Obj *rr = f && kwn ? obj_call(f, args, 1, kwn) : NULL;
        XDECREF(f);
        XDECREF(kwn);
        if (!rr) r = -1;
        XDECREF(rr);
    }
    if (r == 0) r = CMv(self, "_init_parsing_state", NULL, 0);
    return done(r);
}

static Obj *op_create_option_list(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return done(SA(self, "option_list", list_new(0)) < 0 || SA(self, "option_groups", list_new(0)) < 0
                ? -1 : CMv(self, "_create_option_mappings", NULL, 0));
}

/* self.add_option(*strs, action=action, help=help) */
static int add_builtin_option(Obj *self, const char *s1, const char *s2, const char *action, const char *help)
{
    Obj *f = GA(self, "add_option");
    Obj *a1 = S(s1), *a2 = s2 ? S(s2) : NULL, *act = S(action), *h = S(help);
    Obj *kwn = tuple_pack(2, id_str("action"), id_str("help"));
    Obj *args[4];
    Ssize np = 0;
    args[np++] = a1;
    if (s2) args[np++] = a2;
    args[np] = act;
    args[np + 1] = h;
    Obj *r = f && a1 && act && h && kwn && (!s2 || a2) ? obj_call(f, args, np, kwn) : NULL;
    XDECREF(f);
    XDECREF(a1);
    XDECREF(a2);
    XDECREF(act);
    XDECREF(h);
    XDECREF(kwn);
    XDECREF(r);
    return r ? 0 : -1;
}

static Obj *op_add_help_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return done(add_builtin_option(self, "-h", "--help", "help", "show this help message and exit"));
}

static Obj *op_add_version_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return done(add_builtin_option(self, "--version", NULL, "version", "show program's version number and exit"));
}

static Obj *op_populate(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"option_list", "add_help"};
    Obj *v[2];
    if (mh_bind_m("_populate_option_list", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *std = GA(self, "standard_option_list");
    int t = std ? obj_is_true(std) : -1;
    int r = t < 0 ? -1 : t ? CMv(self, "add_options", &std, 1) : 0;
    XDECREF(std);
    if (r == 0 && (t = obj_is_true(v[0])) != 0) r = t < 0 ? -1 : CMv(self, "add_options", &v[0], 1);
    if (r == 0) {
        Obj *ver = GA(self, "version");
        t = truth(ver);
        if (t != 0) r = t < 0 ? -1 : CMv(self, "_add_version_option", NULL, 0);
    }
    if (r == 0 && (t = v[1] ? obj_is_true(v[1]) : 1) != 0) r = t < 0 ? -1 : CMv(self, "_add_help_option", NULL, 0);
    return done(r);
}

static Obj *op_init_parsing_state(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return done(SAb(self, "rargs", NONE) < 0 || SAb(self, "largs", NONE) < 0 ? -1 : SAb(self, "values", NONE));
}

static Obj *op_set_usage(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("set_usage", n, kw) < 0) return NULL;
    Obj *u = a[0], *v;
    if (u == NONE) v = S("%prog [options]");
    else if (u == suppress_usage) v = INCREF(NONE);
    else {
        Obj *low = CM(u, "lower", NULL, 0);
        Obj *pre = S("usage: ");
        Obj *sw = low && pre ? CM(low, "startswith", &pre, 1) : NULL;
        XDECREF(low);
        XDECREF(pre);
        int t = truth(sw);
        if (t < 0) return NULL;
        v = t ? str_substr(u, 7, VAR_SIZE(u)) : INCREF(u);
    }
    return done(SA(self, "usage", v));
}

static Obj *op_set_flag(Obj *self, const char *name, Obj *v) { return done(SAb(self, name, v)); }
static Obj *op_enable_inter(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)a; (void)n; (void)kw; return op_set_flag(self, "allow_interspersed_args", TRUE_); }
static Obj *op_disable_inter(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)a; (void)n; (void)kw; return op_set_flag(self, "allow_interspersed_args", FALSE_); }

static Obj *op_set_process_default_values(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("set_process_default_values", n, kw) < 0) return NULL;
    return op_set_flag(self, "process_default_values", a[0]);
}

static Obj *op_set_default(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("set_default", "set_default", n, kw, 2, 2) < 0) return NULL;
    Obj *d = GA(self, "defaults");
    int r = d ? obj_setitem(d, a[0], a[1]) : -1;
    XDECREF(d);
    return done(r);
}

static Obj *op_set_defaults(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (n) {
        vm_err_format(&exc_TypeError, "OptionParser.set_defaults() takes 1 positional argument but %zd were given", n + 1);
        return NULL;
    }
    Obj *d = GA(self, "defaults");
    int r = d ? 0 : -1;
    for (Ssize i = 0; r == 0 && kw && i < TUPLE_LEN(kw); i++) r = obj_setitem(d, TUPLE_ITEMS(kw)[i], a[i]);
    XDECREF(d);
    return done(r);
}

static Obj *all_options(Obj *self)
{
    Obj *ol = GA(self, "option_list"), *groups = ol ? GA(self, "option_groups") : NULL;
    Obj *r = groups ? list_slice(ol, 0, LIST_LEN(ol)) : NULL;
    for (Ssize i = 0; r && i < LIST_LEN(groups); i++) {
        Obj *gl = GA(LIST_ITEMS(groups)[i], "option_list");
        if (!gl || list_extend(r, gl) < 0) CLEAR(r);
        XDECREF(gl);
    }
    XDECREF(ol);
    XDECREF(groups);
    return r;
}

static Obj *op_get_all_options(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)a; (void)n; (void)kw; return all_options(self); }

static Obj *op_get_default_values(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *pdv = GA(self, "process_default_values");
    int t = truth(pdv);
    Obj *defaults = t >= 0 ? GA(self, "defaults") : NULL;
    if (!defaults) return NULL;
    if (!t) {
        Obj *r = obj_call(c_values, &defaults, 1, NULL);
        DECREF(defaults);
        return r;
    }
    Obj *copy = CM(defaults, "copy", NULL, 0);
    DECREF(defaults);
    Obj *opts = copy ? all_options(self) : NULL;
    int r = opts ? 0 : -1;
    for (Ssize i = 0; r == 0 && i < LIST_LEN(opts); i++) {
        Obj *opt = LIST_ITEMS(opts)[i];
        Obj *dest = GA(opt, "dest");
        Obj *dv = dest ? CM(copy, "get", &dest, 1) : NULL;
        if (!dv) r = -1;
        else if (STR_CHECK(dv)) {
            Obj *os = CM(opt, "get_opt_string", NULL, 0);
            Obj *args[2] = {os, dv};
            Obj *cv = os ? CM(opt, "check_value", args, 2) : NULL;
            r = cv ? obj_setitem(copy, dest, cv) : -1;
            XDECREF(os);
            XDECREF(cv);
        }
        XDECREF(dest);
        XDECREF(dv);
    }
    Obj *res = r == 0 ? obj_call(c_values, &copy, 1, NULL) : NULL;
    XDECREF(opts);
    XDECREF(copy);
    return res;
}

static Obj *op_add_option_group(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Ssize nkw = kw ? TUPLE_LEN(kw) : 0;
    if (!n) {
        vm_err_set_str(&exc_IndexError, "tuple index out of range");
        return NULL;
    }
    Obj *group;
    if (STR_CHECK(a[0])) {
        Obj **args = malloc(((size_t)(n + nkw) + 1) * sizeof *args);
        if (!args) {
            vm_err_no_memory();
            return NULL;
        }
        args[0] = self;
        for (Ssize i = 0; i < n + nkw; i++) args[i + 1] = a[i];
        group = obj_call(c_group, args, n + 1, kw);
        free(args);
        if (!group) return NULL;
    } else if (n == 1 && !nkw) {
        if (obj_isinstance(a[0], c_group) <= 0) {
            if (!vm_err_occurred()) vm_err_format(&exc_TypeError, "not an OptionGroup instance: %R", a[0]);
            return NULL;
        }
        Obj *gp = GA(a[0], "parser");
        if (!gp) return NULL;
        DECREF(gp);
        if (gp != self) {
            vm_err_set_str(&exc_ValueError, "invalid OptionGroup (wrong parser)");
            return NULL;
        }
        group = INCREF(a[0]);
    } else {
        vm_err_set_str(&exc_TypeError, "invalid arguments");
        return NULL;
    }
    Obj *groups = GA(self, "option_groups");
    int r = groups ? list_append(groups, group) : -1;
    XDECREF(groups);
    if (r < 0) CLEAR(group);
    return group;
}

static Obj *op_get_option_group(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("get_option_group", n, kw) < 0) return NULL;
    Obj *opt = lookup_option(self, a[0]);
    if (!opt) return NULL;
    Obj *r = INCREF(NONE);
    int t = obj_is_true(opt);
    if (t > 0) {
        Obj *cont = GA(opt, "container");
        if (cont && cont != self) obj_setref(&r, cont);
        else XDECREF(cont);
        if (!cont) CLEAR(r);
    }
    DECREF(opt);
    return t < 0 ? NULL : r;
}

/* self.error(msg): usage and message on stderr, SystemExit(2) (or whatever an override does) */
static int call_error(Obj *self, Obj *msg)
{
    if (!msg) return -1;
    int r = CMv(self, "error", &msg, 1);
    DECREF(msg);
    return r;
}

static Obj *pop_front(Obj *list)
{
    Obj *v = INCREF(LIST_ITEMS(list)[0]);
    if (list_set_slice(list, 0, 1, NULL) < 0) CLEAR(v);
    return v;
}

/* the option's value(s) from rargs: 1 with *value set, 0 after error() returned, -1 */
static int take_values(Obj *self, Obj *option, Obj *opt, Obj *rargs, Obj **value)
{
    Obj *nargs = GA(option, "nargs");
    int64_t na;
    if (!nargs || int_as_i64(nargs, &na) < 0) {
        XDECREF(nargs);
        return -1;
    }
    DECREF(nargs);
    if (LIST_LEN(rargs) < na) {
        Obj *num = I(na);
        Obj *msg = num ? pct(na == 1 ? "%s option requires %d argument" : "%s option requires %d arguments", 2,
                             opt, num) : NULL;
        XDECREF(num);
        return call_error(self, msg) < 0 ? -1 : 0;
    }
    if (na == 1) {
        *value = pop_front(rargs);
    } else {
        Obj *sl = list_slice(rargs, 0, na);
        *value = sl ? list_as_tuple(sl) : NULL;
        XDECREF(sl);
        if (*value && list_set_slice(rargs, 0, na, NULL) < 0) CLEAR(*value);
    }
    return *value ? 1 : -1;
}

static int process_option(Obj *self, Obj *option, Obj *opt, Obj *value, Obj *values)
{
    Obj *args[4] = {opt, value, values, self};
    return CMv(option, "process", args, 4);
}

static int match_abbrev(Obj *s, Obj *wordmap, Obj **out)
{
    int in = obj_contains(wordmap, s);
    if (in) {
        *out = in > 0 ? INCREF(s) : NULL;
        return in > 0 ? 0 : -1;
    }
    Obj *poss = list_new(0), *keys = poss ? seq_to_list(wordmap) : NULL;
    for (Ssize i = 0; keys && i < LIST_LEN(keys); i++) {
        Obj *w = LIST_ITEMS(keys)[i];
        Obj *sw = CM(w, "startswith", &s, 1);
        int t = truth(sw);
        if (t < 0 || (t && list_append(poss, w) < 0)) CLEAR(keys);
    }
    int r = -1;
    if (keys) {
        if (LIST_LEN(poss) == 1) {
            *out = INCREF(LIST_ITEMS(poss)[0]);
            r = 0;
        } else if (!LIST_LEN(poss)) {
            raise_obj(e_bad, &s, 1);
        } else if (list_sort(poss, NULL, false) == 0) {
            Obj *args[2] = {s, poss};
            raise_obj(e_ambiguous, args, 2);
        }
    }
    XDECREF(keys);
    XDECREF(poss);
    return r;
}

static Obj *op_match_long_opt(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("_match_long_opt", n, kw) < 0) return NULL;
    Obj *lo = GA(self, "_long_opt"), *r = NULL;
    if (lo && match_abbrev(a[0], lo, &r) < 0) r = NULL;
    XDECREF(lo);
    return r;
}

static int takes_value(Obj *option)
{
    return truth(CM(option, "takes_value", NULL, 0));
}

static int process_long_opt(Obj *self, Obj *rargs, Obj *values)
{
    Obj *arg = pop_front(rargs);
    if (!arg) return -1;
    Obj *opt = NULL, *option = NULL, *value = NULL;
    bool explicit = false;
    int rc = -1;
    Ssize eq = -1;
    for (Ssize i = 0; i < VAR_SIZE(arg); i++)
        if (str_char(arg, i) == '=') {
            eq = i;
            break;
        }
    if (eq >= 0) {
        opt = str_substr(arg, 0, eq);
        Obj *next = str_substr(arg, eq + 1, VAR_SIZE(arg));
        int r = next ? list_insert(rargs, 0, next) : -1;
        XDECREF(next);
        if (!opt || r < 0) goto out;
        explicit = true;
    } else {
        opt = INCREF(arg);
    }
    obj_setref(&opt, CM(self, "_match_long_opt", &opt, 1));
    Obj *lo = opt ? GA(self, "_long_opt") : NULL;
    option = lo ? obj_getitem(lo, opt) : NULL;
    XDECREF(lo);
    if (!option) goto out;
    int tv = takes_value(option);
    if (tv < 0) goto out;
    if (tv) {
        int r = take_values(self, option, opt, rargs, &value);
        if (r <= 0) {
            rc = r;
            if (r == 0) value = INCREF(NONE);
            else goto out;
        }
    } else if (explicit) {
        if (call_error(self, pct("%s option does not take a value", 1, opt)) < 0) goto out;
    }
    rc = process_option(self, option, opt, value ? value : NONE, values);
out:
    XDECREF(arg);
    XDECREF(opt);
    XDECREF(option);
    XDECREF(value);
    return rc;
}

static int process_short_opts(Obj *self, Obj *rargs, Obj *values)
{
    Obj *arg = pop_front(rargs);
    if (!arg) return -1;
    Obj *so = GA(self, "_short_opt");
    int rc = so ? 0 : -1;
    Ssize len = VAR_SIZE(arg);
    for (Ssize i = 1; rc == 0 && i < len; i++) {
        uint32_t chars[2] = {'-', str_char(arg, i)};
        Obj *opt = str_from_ucs4(chars, 2);
        Obj *option = opt ? dict_get_borrow(so, opt) : NULL;
        bool stop = false;
        if (!opt || (!option && vm_err_occurred())) {
            XDECREF(opt);
            rc = -1;
            break;
        }
        if (!option || obj_is_true(option) <= 0) {
            raise_obj(e_bad, &opt, 1);
            DECREF(opt);
            rc = -1;
            break;
        }
        INCREF(option);
        Obj *value = NULL;
        int tv = takes_value(option);
        if (tv < 0) rc = -1;
        else if (tv) {
            if (i + 1 < len) {
                Obj *rest = str_substr(arg, i + 1, len);
                if (!rest || list_insert(rargs, 0, rest) < 0) rc = -1;
                XDECREF(rest);
                stop = true;
            }
            if (rc == 0) {
                int r = take_values(self, option, opt, rargs, &value);
                if (r < 0) rc = -1;
            }
        }
        if (rc == 0) rc = process_option(self, option, opt, value ? value : NONE, values);
        XDECREF(value);
        DECREF(option);
        DECREF(opt);
        if (stop) break;
    }
    XDECREF(so);
    DECREF(arg);
    return rc;
}

static int process_args(Obj *self, Obj *largs, Obj *rargs, Obj *values)
{
    while (LIST_LEN(rargs)) {
        Obj *arg = LIST_ITEMS(rargs)[0];
        Ssize len = STR_CHECK(arg) ? VAR_SIZE(arg) : -1;
        if (len < 0) {
            vm_err_format(&exc_TypeError, "'%s' object is not subscriptable", OBJ_TYPE(arg)->name);
            return -1;
        }
        int r;
        if (str_eq_cstr(arg, "--")) {
            return list_set_slice(rargs, 0, 1, NULL);
        } else if (len >= 2 && str_char(arg, 0) == '-' && str_char(arg, 1) == '-') {
            r = process_long_opt(self, rargs, values);
        } else if (len > 1 && str_char(arg, 0) == '-') {
            r = process_short_opts(self, rargs, values);
        } else {
            Obj *inter = GA(self, "allow_interspersed_args");
            int t = truth(inter);
            if (t < 0) return -1;
            if (!t) return 0;
            if (list_append(largs, arg) < 0 || list_set_slice(rargs, 0, 1, NULL) < 0) return -1;
            r = 0;
        }
        if (r < 0) return -1;
    }
    return 0;
}

static Obj *op_process_args(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("_process_args", "_process_args", n, kw, 3, 3) < 0) return NULL;
    return done(process_args(self, a[0], a[1], a[2]));
}

static Obj *op_parse_args(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"args", "values"};
    Obj *v[2];
    if (mh_bind_m("parse_args", a, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *rargs;
    if (!v[0] || v[0] == NONE) {
        Obj *argv = sys_get_borrow("argv");
        rargs = argv ? list_slice(argv, 1, LIST_LEN(argv)) : NULL;
        if (!argv) vm_err_set_str(&exc_RuntimeError, "lost sys.argv");
    } else {
        rargs = seq_to_list(v[0]);
    }
    if (!rargs) return NULL;
    Obj *values = v[1] && v[1] != NONE ? INCREF(v[1]) : CM(self, "get_default_values", NULL, 0);
    Obj *largs = values ? list_new(0) : NULL;
    Obj *res = NULL;
    if (!largs || SAb(self, "rargs", rargs) < 0 || SAb(self, "largs", largs) < 0 || SAb(self, "values", values) < 0)
        goto out;
    if (process_args(self, largs, rargs, values) < 0) {
        if (!vm_err_matches((TypeObj *)e_bad) && !vm_err_matches((TypeObj *)e_value)) goto out;
        Obj *err = vm_err_fetch();
        Obj *msg = obj_str(err);
        DECREF(err);
        if (call_error(self, msg) < 0) goto out;
    }
    Obj *args = num_binary(largs, rargs, NB_ADD);
    if (args) {
        Obj *cargs[2] = {values, args};
        res = CM(self, "check_values", cargs, 2);
        DECREF(args);
    }
out:
    XDECREF(rargs);
    XDECREF(values);
    XDECREF(largs);
    return res;
}

static Obj *op_check_values(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    if (mh_pos_args("check_values", "check_values", n, kw, 2, 2) < 0) return NULL;
    return tuple_pack(2, a[0], a[1]);
}

static Obj *op_get_prog_name(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *prog = GA(self, "prog");
    if (!prog || prog != NONE) return prog;
    DECREF(prog);
    Obj *argv = sys_get_borrow("argv");
    if (!argv || !LIST_CHECK(argv) || !LIST_LEN(argv)) {
        vm_err_set_str(&exc_IndexError, "list index out of range");
        return NULL;
    }
    Obj *a0 = LIST_ITEMS(argv)[0];
    if (!STR_CHECK(a0)) return INCREF(a0);
    Ssize i = VAR_SIZE(a0);
    while (i > 0 && str_char(a0, i - 1) != '/') i--;
    return str_substr(a0, i, VAR_SIZE(a0));
}

static Obj *expand_prog(Obj *self, Obj *s)
{
    Obj *name = CM(self, "get_prog_name", NULL, 0);
    Obj *args[2] = {id_str("%prog"), name};
    Obj *r = name ? CM(s, "replace", args, 2) : NULL;
    XDECREF(name);
    return r;
}

static Obj *op_expand_prog_name(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("expand_prog_name", n, kw) < 0) return NULL;
    return expand_prog(self, a[0]);
}

static Obj *op_get_description(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *d = GA(self, "description");
    Obj *r = d ? CM(self, "expand_prog_name", &d, 1) : NULL;
    XDECREF(d);
    return r;
}

static Obj *op_exit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"status", "msg"};
    Obj *v[2];
    if (mh_bind_m("exit", a, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    if (v[1] && v[1] != NONE) {
        int t = obj_is_true(v[1]);
        if (t < 0) return NULL;
        if (t) {
            Obj *err = sys_get_borrow("stderr");
            if (!err || CMv(err, "write", &v[1], 1) < 0) {
                if (!err) vm_err_set_str(&exc_RuntimeError, "lost sys.stderr");
                return NULL;
            }
        }
    }
    Obj *status = v[0] ? INCREF(v[0]) : I(0);
    Obj *e = status ? obj_call((Obj *)&exc_SystemExit, &status, 1, NULL) : NULL;
    XDECREF(status);
    if (e) {
        vm_err_set_obj(&exc_SystemExit, e);
        DECREF(e);
    }
    return NULL;
}

static Obj *op_error(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("error", n, kw) < 0) return NULL;
    Obj *err = sys_get_borrow("stderr");
    if (!err) {
        vm_err_set_str(&exc_RuntimeError, "lost sys.stderr");
        return NULL;
    }
    if (CMv(self, "print_usage", &err, 1) < 0) return NULL;
    Obj *name = CM(self, "get_prog_name", NULL, 0);
    Obj *msg = name ? pct("%s: error: %s\n", 2, name, a[0]) : NULL;
    XDECREF(name);
    if (!msg) return NULL;
    Obj *two = I(2);
    Obj *args[2] = {two, msg};
    Obj *r = two ? CM(self, "exit", args, 2) : NULL;
    XDECREF(two);
    DECREF(msg);
    return r;
}

static Obj *op_get_usage(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *usage = GA(self, "usage");
    int t = usage ? obj_is_true(usage) : -1;
    Obj *r = NULL;
    if (t == 0) r = S("");
    else if (t > 0) {
        Obj *exp = CM(self, "expand_prog_name", &usage, 1);
        Obj *fmt = exp ? GA(self, "formatter") : NULL;
        r = fmt ? CM(fmt, "format_usage", &exp, 1) : NULL;
        XDECREF(exp);
        XDECREF(fmt);
    }
    XDECREF(usage);
    return r;
}

/* print(text, file=file) */
static int print_to(Obj *text, Obj *file)
{
    Obj *pr = dict_get_str_borrow(vm->builtins, "print");
    if (!pr) {
        vm_err_set_str(&exc_RuntimeError, "lost builtins.print");
        return -1;
    }
    Obj *kwn = tuple_pack(1, id_str("file"));
    Obj *args[2] = {text, file ? file : NONE};
    Obj *r = kwn ? obj_call(pr, args, 1, kwn) : NULL;
    XDECREF(kwn);
    XDECREF(r);
    return r ? 0 : -1;
}

static Obj *print_attr_text(Obj *self, Obj *const *a, Ssize n, Obj *kw, const char *attr, const char *getter)
{
    static const char *const names[] = {"file"};
    Obj *v[1];
    if (mh_bind_m(getter, a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *x = GA(self, attr);
    int t = truth(x);
    if (t <= 0) return t < 0 ? NULL : INCREF(NONE);
    Obj *text = CM(self, getter, NULL, 0);
    int r = text ? print_to(text, v[0]) : -1;
    XDECREF(text);
    return done(r);
}

static Obj *op_print_usage(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return print_attr_text(self, a, n, kw, "usage", "get_usage"); }
static Obj *op_print_version(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return print_attr_text(self, a, n, kw, "version", "get_version"); }

static Obj *op_get_version(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *v = GA(self, "version");
    int t = v ? obj_is_true(v) : -1;
    Obj *r = t < 0 ? NULL : t ? CM(self, "expand_prog_name", &v, 1) : S("");
    XDECREF(v);
    return r;
}

static Obj *op_format_option_help(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"formatter"};
    Obj *v[1];
    if (mh_bind_m("format_option_help", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *f = v[0] && v[0] != NONE ? INCREF(v[0]) : GA(self, "formatter");
    if (!f) return NULL;
    Obj *res = list_new(0), *r = NULL, *ol = NULL, *groups = NULL;
    if (!res || CMv(f, "store_option_strings", &self, 1) < 0) goto out;
    Obj *h = S("Options");
    Obj *head = h ? CM(f, "format_heading", &h, 1) : NULL;
    XDECREF(h);
    if (!head || list_append(res, head) < 0 || CMv(f, "indent", NULL, 0) < 0) {
        XDECREF(head);
        goto out;
    }
    DECREF(head);
    if (!(ol = GA(self, "option_list")) || !(groups = GA(self, "option_groups"))) goto out;
    if (LIST_LEN(ol)) {
        Obj *s = oc_format_option_help(self, &f, 1, NULL);
        if (!s || list_append(res, s) < 0 || list_append(res, id_str("\n")) < 0) {
            XDECREF(s);
            goto out;
        }
        DECREF(s);
    }
    for (Ssize i = 0; i < LIST_LEN(groups); i++) {
        Obj *s = CM(LIST_ITEMS(groups)[i], "format_help", &f, 1);
        if (!s || list_append(res, s) < 0 || list_append(res, id_str("\n")) < 0) {
            XDECREF(s);
            goto out;
        }
        DECREF(s);
    }
    if (CMv(f, "dedent", NULL, 0) < 0) goto out;
    Obj *sl = list_slice(res, 0, LIST_LEN(res) - 1);
    r = sl ? str_join(id_str(""), sl) : NULL;
    XDECREF(sl);
out:
    XDECREF(f);
    XDECREF(res);
    XDECREF(ol);
    XDECREF(groups);
    return r;
}

static Obj *op_format_epilog(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("format_epilog", n, kw) < 0) return NULL;
    Obj *ep = GA(self, "epilog");
    Obj *r = ep ? CM(a[0], "format_epilog", &ep, 1) : NULL;
    XDECREF(ep);
    return r;
}

static Obj *op_format_help(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"formatter"};
    Obj *v[1];
    if (mh_bind_m("format_help", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *f = v[0] && v[0] != NONE ? INCREF(v[0]) : GA(self, "formatter");
    Obj *res = f ? list_new(0) : NULL, *r = NULL;
    if (!res) goto out;
    Obj *usage = GA(self, "usage");
    int t = truth(usage);
    if (t < 0) goto out;
    if (t) {
        Obj *u = CM(self, "get_usage", NULL, 0);
        Obj *s = u ? pct("%s\n", 1, u) : NULL;
        XDECREF(u);
        if (!s || list_append(res, s) < 0) {
            XDECREF(s);
            goto out;
        }
        DECREF(s);
    }
    Obj *desc = GA(self, "description");
    if ((t = truth(desc)) < 0) goto out;
    if (t) {
        Obj *d = CM(self, "format_description", &f, 1);
        Obj *s = d ? pct("%s\n", 1, d) : NULL;
        XDECREF(d);
        if (!s || list_append(res, s) < 0) {
            XDECREF(s);
            goto out;
        }
        DECREF(s);
    }
    Obj *oh = CM(self, "format_option_help", &f, 1);
    if (!oh || list_append(res, oh) < 0) {
        XDECREF(oh);
        goto out;
    }
    DECREF(oh);
    Obj *ep = CM(self, "format_epilog", &f, 1);
    if (!ep || list_append(res, ep) < 0) {
        XDECREF(ep);
        goto out;
    }
    DECREF(ep);
    r = str_join(id_str(""), res);
out:
    XDECREF(f);
    XDECREF(res);
    return r;
}

static Obj *op_print_help(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"file"};
    Obj *v[1];
    if (mh_bind_m("print_help", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *file = v[0] && v[0] != NONE ? v[0] : sys_get_borrow("stdout");
    if (!file) {
        vm_err_set_str(&exc_RuntimeError, "lost sys.stdout");
        return NULL;
    }
    INCREF(file);
    Obj *text = CM(self, "format_help", NULL, 0);
    int r = text ? CMv(file, "write", &text, 1) : -1;
    XDECREF(text);
    DECREF(file);
    return done(r);
}

static MethodDef parser_defs[] = {
    {"__init__", op_init, METH_FAST, NULL},
    {"_create_option_list", op_create_option_list, METH_FAST, NULL},
    {"_add_help_option", op_add_help_option, METH_FAST, NULL},
    {"_add_version_option", op_add_version_option, METH_FAST, NULL},
    {"_populate_option_list", op_populate, METH_FAST, NULL},
    {"_init_parsing_state", op_init_parsing_state, METH_FAST, NULL},
    {"set_usage", op_set_usage, METH_FAST, NULL},
    {"enable_interspersed_args", op_enable_inter, METH_FAST, NULL},
    {"disable_interspersed_args", op_disable_inter, METH_FAST, NULL},
    {"set_process_default_values", op_set_process_default_values, METH_FAST, NULL},
    {"set_default", op_set_default, METH_FAST, NULL},
    {"set_defaults", op_set_defaults, METH_FAST, NULL},
    {"_get_all_options", op_get_all_options, METH_FAST, NULL},
    {"get_default_values", op_get_default_values, METH_FAST, NULL},
    {"add_option_group", op_add_option_group, METH_FAST, NULL},
    {"get_option_group", op_get_option_group, METH_FAST, NULL},
    {"parse_args", op_parse_args, METH_FAST, NULL},
    {"check_values", op_check_values, METH_FAST, NULL},
    {"_process_args", op_process_args, METH_FAST, NULL},
    {"_match_long_opt", op_match_long_opt, METH_FAST, NULL},
    {"get_prog_name", op_get_prog_name, METH_FAST, NULL},
    {"expand_prog_name", op_expand_prog_name, METH_FAST, NULL},
    {"get_description", op_get_description, METH_FAST, NULL},
    {"exit", op_exit, METH_FAST, NULL},
    {"error", op_error, METH_FAST, NULL},
    {"get_usage", op_get_usage, METH_FAST, NULL},
    {"print_usage", op_print_usage, METH_FAST, NULL},
    {"get_version", op_get_version, METH_FAST, NULL},
    {"print_version", op_print_version, METH_FAST, NULL},
    {"format_option_help", op_format_option_help, METH_FAST, NULL},
    {"format_epilog", op_format_epilog, METH_FAST, NULL},
    {"format_help", op_format_help, METH_FAST, NULL},
    {"print_help", op_print_help, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ---------------------------------------------------------------------------------- */

static Obj *make_class(const char *name, Obj *base, const MethodDef *defs)
{
    Obj *bases = base ? tuple_pack(1, base) : NULL;
    Obj *cls = mh_class("optparse", name, bases, defs, NULL, NULL);
    XDECREF(bases);
    return cls;
}

static Obj *strs_tuple(const char *const *names, int n)
{
    Obj *t = tuple_new(n);
    for (int i = 0; t && i < n; i++)
        if (!(TUPLE_ITEMS(t)[i] = S(names[i]))) CLEAR(t);
    return t;
}

static int option_class_attrs(Obj *cls)
{
    static const char *const actions[] = {"store", "store_const", "store_true", "store_false", "append",
                                          "append_const", "count", "callback", "help", "version"};
    static const char *const typed[] = {"store", "append", "callback"};
    static const char *const consts[] = {"store_const", "append_const"};
    static const char *const types[] = {"string", "int", "long", "float", "complex", "choice"};
    Obj *tc = dict_new();
    static const char *const builtin_types[] = {"int", "long", "float", "complex"};
    for (int i = 0; tc && i < 4; i++)
        if (dict_set_str(tc, builtin_types[i], f_check_builtin) < 0) CLEAR(tc);
    if (tc && dict_set_str(tc, "choice", f_check_choice) < 0) CLEAR(tc);
    Obj *attrs = list_new(0);
    for (size_t i = 0; attrs && i < sizeof option_attrs / sizeof *option_attrs; i++) {
        Obj *s = S(option_attrs[i]);
        if (!s || list_append(attrs, s) < 0) CLEAR(attrs);
        XDECREF(s);
    }
    if (SA(cls, "ATTRS", attrs) < 0 || SA(cls, "ACTIONS", strs_tuple(actions, 10)) < 0 ||
        SA(cls, "STORE_ACTIONS", strs_tuple(actions, 7)) < 0 || SA(cls, "TYPED_ACTIONS", strs_tuple(typed, 3)) < 0 ||
        SA(cls, "ALWAYS_TYPED_ACTIONS", strs_tuple(typed, 2)) < 0 ||
        SA(cls, "CONST_ACTIONS", strs_tuple(consts, 2)) < 0 || SA(cls, "TYPES", strs_tuple(types, 6)) < 0 ||
        SA(cls, "TYPE_CHECKER", tc) < 0)
        return -1;
    return 0;
}

static int make_all(void)
{
    if (!(e_base = make_class("OptParseError", (Obj *)&exc_Exception, ope_defs))) return -1;
    if (!(e_option = make_class("OptionError", e_base, oe_defs))) return -1;
    if (!(e_conflict = make_class("OptionConflictError", e_option, NULL))) return -1;
    if (!(e_value = make_class("OptionValueError", e_base, NULL))) return -1;
    if (!(e_bad = make_class("BadOptionError", e_base, bad_defs))) return -1;
    if (!(e_ambiguous = make_class("AmbiguousOptionError", e_bad, amb_defs))) return -1;
    if (!(no_default = tuple_pack(2, id_str("NO"), id_str("DEFAULT")))) return -1;
    if (!(suppress_help = S("SUPPRESSHELP")) || !(suppress_usage = S("SUPPRESSUSAGE"))) return -1;
    Obj *mn = S("optparse");
    f_check_builtin = mn ? builtin_new(&check_builtin_def, NULL, mn) : NULL;
    f_check_choice = f_check_builtin ? builtin_new(&check_choice_def, NULL, mn) : NULL;
    XDECREF(mn);
    if (!f_check_choice) return -1;
    if (!(c_option = make_class("Option", NULL, option_defs)) || option_class_attrs(c_option) < 0) return -1;
    if (!(c_values = make_class("Values", NULL, values_defs))) return -1;
    if (!(c_formatter = make_class("HelpFormatter", NULL, formatter_defs)) ||
        SA(c_formatter, "NO_DEFAULT_VALUE", S("none")) < 0)
        return -1;
    if (!(c_indented = make_class("IndentedHelpFormatter", c_formatter, indented_defs))) return -1;
    if (!(c_titled = make_class("TitledHelpFormatter", c_formatter, titled_defs))) return -1;
    if (!(c_container = make_class("OptionContainer", NULL, container_defs))) return -1;
    if (!(c_group = make_class("OptionGroup", c_container, group_defs))) return -1;
    if (!(c_parser = make_class("OptionParser", c_container, parser_defs)) ||
        SA(c_parser, "standard_option_list", list_new(0)) < 0)
        return -1;
    return 0;
}

static Obj *optparse_init(void)
{
    if (!c_parser && make_all() < 0) return NULL;
    Obj *m = mh_module("optparse", NULL);
    if (!m) return NULL;
    struct { const char *name; Obj *v; } items[] = {
        {"Option", c_option}, {"make_option", c_option}, {"SUPPRESS_HELP", suppress_help},
        {"SUPPRESS_USAGE", suppress_usage}, {"Values", c_values}, {"OptionContainer", c_container},
        {"OptionGroup", c_group}, {"OptionParser", c_parser}, {"HelpFormatter", c_formatter},
        {"IndentedHelpFormatter", c_indented}, {"TitledHelpFormatter", c_titled}, {"OptParseError", e_base},
        {"OptionError", e_option}, {"OptionConflictError", e_conflict}, {"OptionValueError", e_value},
        {"BadOptionError", e_bad}, {"AmbiguousOptionError", e_ambiguous}, {"check_choice", f_check_choice},
        {"check_builtin", f_check_builtin}, {"NO_DEFAULT", no_default},
    };
    Obj *all = list_new(0);
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        if (mh_add_obj(m, items[i].name, items[i].v) < 0) goto fail;
        if (i < 17) {
            Obj *s = S(items[i].name);
            if (!s || !all || list_append(all, s) < 0) CLEAR(all);
            XDECREF(s);
        }
    }
    if (mh_add_str(m, "__version__", "1.5.3") < 0 || module_add(m, "__all__", all) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_optparse_register(void)
{
    import_register_native("optparse", optparse_init);
    static Obj **roots[] = {&e_base, &e_option, &e_conflict, &e_value, &e_bad, &e_ambiguous, &c_option, &c_values,
                            &c_container, &c_group, &c_parser, &c_formatter, &c_indented, &c_titled, &no_default,
                            &suppress_help, &suppress_usage, &f_check_builtin, &f_check_choice};
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) vm_static_roots(roots[i], 1);
}
