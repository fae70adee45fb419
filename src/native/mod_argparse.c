/* mod_argparse.c — the `argparse` module of CPython 3.12, natively.
 *
 * The classes are heap classes (subclassable, their state plain instance
 * attributes named as argparse.py names them), and the steps call each
 * other through `self` where programs override them (error, exit,
 * print_help, format_usage, parse_known_args, an Action's __call__, a
 * formatter's _split_lines/_fill_text/_get_help_string/metavar hooks), so a
 * subclass sees the calls CPython makes.  Parsing follows argparse.py:
 * the arguments become an 'O'/'A'/'-' pattern and the nargs patterns are
 * matched with the VM's `re`; help and usage are laid out by a formatter
 * engine in C that keeps HelpFormatter's arithmetic (help position, usage
 * wrapping with the same part regex, textwrap for help text), reading its
 * settings from the HelpFormatter instance formatter_class(prog=…) made.
 * The width with no terminal is 80 - 2, as shutil.get_terminal_size gives.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "src/native/attrcall.h"
#include "src/native/modhelp.h"

#define MOD "argparse"

static Obj *suppress;                  /* argparse.SUPPRESS, '==SUPPRESS==' */
static Obj *holder_cls, *container_cls, *group_cls, *mutex_cls, *parser_cls;
static Obj *action_cls, *store_cls, *store_const_cls, *store_true_cls, *store_false_cls,
    *append_cls, *append_const_cls, *count_cls, *help_cls, *version_cls, *parsers_cls,
    *extend_cls, *boolopt_cls, *choices_pseudo_cls;
static Obj *namespace_cls, *argerror_cls, *argtypeerror_cls, *filetype_cls;
static Obj *fmt_cls, *rawdesc_cls, *rawtext_cls, *argdefaults_cls, *metavartype_cls;

/* ---- small helpers ----------------------------------------------------------------------------- */


/* callable(**kwargs) */
static Obj *call_kwdict(Obj *callable, Obj *kwargs)
{
    Obj *t = tuple_new(0);
    Obj *r = t ? vm_call_ex(callable, t, kwargs) : NULL;
    XDECREF(t);
    return r;
}

static Obj *re_call(const char *fn, Obj *const *args, Ssize nargs)
{
    Obj *re = import_name(id_str("re"), NULL, NULL, 0);
    if (!re) return NULL;
    Obj *f = ga(re, fn);
    DECREF(re);
    if (!f) return NULL;
    Obj *r = obj_call(f, args, nargs, NULL);
    DECREF(f);
    return r;
}

static Obj *import_call(const char *mod, const char *fn, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *name = str_from_cstr(mod);
    Obj *m = name ? import_name(name, NULL, NULL, 0) : NULL;
    XDECREF(name);
    if (!m) return NULL;
    Obj *f = ga(m, fn);
    DECREF(m);
    if (!f) return NULL;
    Obj *r = obj_call(f, args, nargs, kwnames);
    DECREF(f);
    return r;
}

static bool is_str(Obj *o) { return o && STR_CHECK(o); }
static bool str_is(Obj *o, const char *s) { return is_str(o) && str_eq_cstr(o, s); }

static const char *utf8_of(Obj *s, Ssize *n) { return str_utf8_lossy(s, n); }

/* ArgumentError(action, message) raised */
static void raise_argerror(Obj *action, Obj *msg)   /* borrows both; msg NULL: error pending */
{
    if (!msg) return;
    Obj *args[2] = {action ? action : NONE, msg};
    Obj *e = obj_call(argerror_cls, args, 2, NULL);
    if (!e) return;
    vm_err_set_obj((TypeObj *)argerror_cls, e);
    DECREF(e);
}

static void raise_argerror_steal(Obj *action, Obj *msg)
{
    raise_argerror(action, msg);
    XDECREF(msg);
}

/* _get_action_name(argument): new str or None */
static Obj *action_name(Obj *a)
{
    if (!a || a == NONE) return INCREF(NONE);
    Obj *os = ga(a, "option_strings");
    if (!os) return NULL;
    int t = obj_is_true(os);
    if (t < 0) {
        DECREF(os);
        return NULL;
    }
    if (t) {
        Obj *sep = S("/");
        Obj *r = sep ? str_join(sep, os) : NULL;
        XDECREF(sep);
        DECREF(os);
        return r;
    }
    DECREF(os);
    Obj *mv = ga(a, "metavar");
    if (!mv) return NULL;
    if (mv != NONE && mv != suppress) return mv;
    DECREF(mv);
    Obj *dest = ga(a, "dest");
    if (!dest) return NULL;
    if (dest != NONE && dest != suppress) return dest;
    DECREF(dest);
    Obj *ch = ga(a, "choices");
    if (!ch) return NULL;
    t = obj_is_true(ch);
    if (t <= 0) {
        DECREF(ch);
        return t < 0 ? NULL : INCREF(NONE);
    }
    Obj *sep = S(",");
    Obj *j = sep ? str_join(sep, ch) : NULL;
    XDECREF(sep);
    DECREF(ch);
    if (!j) return NULL;
    Obj *r = str_from_fmt("{%S}", j);
    DECREF(j);
    return r;
}

/* ---- _AttributeHolder ------------------------------------------------------------------------------- */

static Obj *holder_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    SBuf b = {0};
    Obj *star = NULL, *pos = NULL, *kws = NULL, *r = NULL;
    sbuf_puts(&b, type_name(OBJ_TYPE(self)));
    sbuf_putc(&b, '(');
    bool first = true;
    pos = meth0(self, "_get_args");
    if (!pos) goto out;
    Obj *it = obj_getiter(pos), *x;
    if (!it) goto out;
    while ((x = obj_iternext(it))) {
        Obj *rp = obj_repr(x);
        DECREF(x);
        if (!rp) break;
        Ssize n;
        const char *s = utf8_of(rp, &n);
        if (!first) sbuf_puts(&b, ", ");
        first = false;
        sbuf_put(&b, s, (size_t)n);
        DECREF(rp);
    }
    DECREF(it);
    if (vm_err_occurred()) goto out;
    kws = meth0(self, "_get_kwargs");
    if (!kws || !(it = obj_getiter(kws))) goto out;
    while ((x = obj_iternext(it))) {
        Obj *nm = NULL, *val = NULL;
        Obj *i0 = int_from_i64(0), *i1 = int_from_i64(1);
        nm = i0 ? obj_getitem(x, i0) : NULL;
        val = nm && i1 ? obj_getitem(x, i1) : NULL;
        XDECREF(i0);
        XDECREF(i1);
        DECREF(x);
        if (!val) {
            XDECREF(nm);
            break;
        }
        if (STR_CHECK(nm) && str_isidentifier(nm)) {
            Obj *rp = obj_repr(val);
            if (!rp) {
                DECREF(nm);
                DECREF(val);
                break;
            }
            Ssize n1, n2;
            const char *s1 = utf8_of(nm, &n1), *s2 = utf8_of(rp, &n2);
            if (!first) sbuf_puts(&b, ", ");
            first = false;
            sbuf_put(&b, s1, (size_t)n1);
            sbuf_putc(&b, '=');
            sbuf_put(&b, s2, (size_t)n2);
            DECREF(rp);
        } else {
            if (!star) star = dict_new();
            if (!star || obj_setitem(star, nm, val) < 0) {
                DECREF(nm);
                DECREF(val);
                break;
            }
        }
        DECREF(nm);
        DECREF(val);
    }
    DECREF(it);
    if (vm_err_occurred()) goto out;
    if (star) {
        Obj *rp = obj_repr(star);
        if (!rp) goto out;
        Ssize n;
        const char *s = utf8_of(rp, &n);
        if (!first) sbuf_puts(&b, ", ");
        sbuf_puts(&b, "**");
        sbuf_put(&b, s, (size_t)n);
        DECREF(rp);
    }
    sbuf_putc(&b, ')');
    r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
out:
    sbuf_free(&b);
    XDECREF(star);
    XDECREF(pos);
    XDECREF(kws);
    return r;
}

static Obj *holder_get_args(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("_get_args", nargs, kw) < 0) return NULL;
    return list_new(0);
}

static Obj *holder_get_kwargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_get_kwargs", nargs, kw) < 0) return NULL;
    Obj **dp = obj_dict_ptr(self);
    if (!dp || !*dp) return list_new(0);
    return dict_items_list(*dp);
}

/* [(name, getattr(self, name)) for name in names] */
static Obj *named_kwargs(Obj *self, const char *const *names, int n)
{
    Obj *l = list_new(0);
    for (int i = 0; l && i < n; i++) {
        Obj *v = ga(self, names[i]);
        Obj *k = v ? S(names[i]) : NULL;
        Obj *t = k ? tuple_pack(2, k, v) : NULL;
        XDECREF(k);
        XDECREF(v);
        if (!t || list_append(l, t) < 0) CLEAR(l);
        XDECREF(t);
    }
    return l;
}

static const MethodDef holder_methods[] = {
    {"__repr__", holder_repr, METH_FAST, NULL},
    {"_get_args", holder_get_args, METH_FAST, NULL},
    {"_get_kwargs", holder_get_kwargs, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Namespace ---------------------------------------------------------------------------------------- */

static Obj *ns_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs) {
        args_err_too_many_positional("Namespace.__init__", 1, 1, nargs + 1, 0);
        return NULL;
    }
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (obj_setattr(self, TUPLE_ITEMS(kw)[i], args[i]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *ns_eq(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__eq__", nargs, kw) < 0) return NULL;
    int r = obj_isinstance(args[0], namespace_cls);
    if (r < 0) return NULL;
    if (!r) return INCREF(NOTIMPL);
    Obj **a = obj_dict_ptr(self), **b = obj_dict_ptr(args[0]);
    Obj *da = a && *a ? INCREF(*a) : dict_new(), *db = b && *b ? INCREF(*b) : dict_new();
    Obj *res = da && db ? obj_richcompare(da, db, CMP_EQ) : NULL;
    XDECREF(da);
    XDECREF(db);
    return res;
}

static Obj *ns_contains(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__contains__", nargs, kw) < 0) return NULL;
    Obj **d = obj_dict_ptr(self);
    if (!d || !*d) return bool_from(false);
    int r = obj_contains(*d, args[0]);
    return r < 0 ? NULL : bool_from(r);
}

static const MethodDef ns_methods[] = {
    {"__init__", ns_init, METH_FAST, NULL},
    {"__eq__", ns_eq, METH_FAST, NULL},
    {"__contains__", ns_contains, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- ArgumentError / ArgumentTypeError ------------------------------------------------------------------- */

static Obj *argerr_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"argument", "message"};
    Obj *v[2];
    if (mh_bind_m("ArgumentError.__init__", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *nm = action_name(v[0]);
    if (!nm || sa_steal(self, "argument_name", nm) < 0 || sa(self, "message", v[1]) < 0) return NULL;
    Obj *t = tuple_pack(2, v[0], v[1]);
    if (!t) return NULL;
    obj_setref(&((ExcObj *)self)->args, t);
    return INCREF(NONE);
}

static Obj *argerr_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__str__", nargs, kw) < 0) return NULL;
    Obj *nm = ga(self, "argument_name");
    Obj *msg = nm ? ga(self, "message") : NULL;
    Obj *r = NULL;
    if (msg) r = nm == NONE ? str_from_fmt("%S", msg) : str_from_fmt("argument %S: %S", nm, msg);
    XDECREF(nm);
    XDECREF(msg);
    return r;
}

static const MethodDef argerr_methods[] = {
    {"__init__", argerr_init, METH_FAST, NULL},
    {"__str__", argerr_str, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Action and its subclasses ---------------------------------------------------------------------- */

static const char *const action_fields[] = {"option_strings", "dest", "nargs", "const", "default",
                                            "type", "choices", "required", "help", "metavar"};
enum { F_OPTS, F_DEST, F_NARGS, F_CONST, F_DEFAULT, F_TYPE, F_CHOICES, F_REQUIRED, F_HELP, F_METAVAR };

static int action_store_fields(Obj *self, Obj *const *f)   /* f[10]; NULL: default */
{
    for (int i = 0; i < 10; i++) {
        Obj *v = f[i] ? f[i] : i == F_REQUIRED ? FALSE_ : NONE;
        if (sa(self, action_fields[i], v) < 0) return -1;
    }
    return 0;
}

static Obj *action_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[10];
    if (mh_bind_m("Action.__init__", args, nargs, kw, action_fields, 10, 10, 0, 2, 0, v) < 0) return NULL;
    return action_store_fields(self, v) < 0 ? NULL : INCREF(NONE);
}

static Obj *action_get_kwargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_get_kwargs", nargs, kw) < 0) return NULL;
    return named_kwargs(self, action_fields, 10);
}

static Obj *action_format_usage(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("format_usage", nargs, kw) < 0) return NULL;
    Obj *os = ga(self, "option_strings");
    if (!os) return NULL;
    Obj *z = int_from_i64(0);
    Obj *r = z ? obj_getitem(os, z) : NULL;
    XDECREF(z);
    DECREF(os);
    return r;
}

static Obj *action_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kw;
    vm_err_set_str(&exc_NotImplementedError, ".__call__() not defined");
    return NULL;
}

static const MethodDef action_methods[] = {
    {"__init__", action_init, METH_FAST, NULL},
    {"_get_kwargs", action_get_kwargs, METH_FAST, NULL},
    {"format_usage", action_format_usage, METH_FAST, NULL},
    {"__call__", action_call, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* __call__(self, parser, namespace, values, option_string=None) */
static int bind_call(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, Obj **v)
{
    static const char *const names[] = {"parser", "namespace", "values", "option_string"};
    if (mh_bind_m(fname, args, nargs, kw, names, 4, 4, 0, 3, 0, v) < 0) return -1;
    if (!v[3]) v[3] = NONE;
    return 0;
}

static int nargs_is_zero(Obj *n)
{
    if (!n || !INT_CHECK(n)) return 0;
    int64_t x;
    return int_as_i64(n, &x) == 0 && x == 0;
}

/* _StoreAction / _AppendAction __init__ */
static Obj *store_like_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *fname,
                            const char *zero_msg)
{
    Obj *v[10];
    if (mh_bind_m(fname, args, nargs, kw, action_fields, 10, 10, 0, 2, 0, v) < 0) return NULL;
    if (nargs_is_zero(v[F_NARGS])) {
        vm_err_set_str(&exc_ValueError, zero_msg);
        return NULL;
    }
    if (v[F_CONST] && v[F_CONST] != NONE && !(v[F_NARGS] && str_is(v[F_NARGS], "?"))) {
        vm_err_set_str(&exc_ValueError, "nargs must be '?' to supply const");
        return NULL;
    }
    return action_store_fields(self, v) < 0 ? NULL : INCREF(NONE);
}

static Obj *store_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return store_like_init(self, args, nargs, kw, "_StoreAction.__init__",
                           "nargs for store actions must be != 0; if you have nothing to store, "
                           "actions such as store true or store const may be more appropriate");
}

static Obj *append_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return store_like_init(self, args, nargs, kw, "_AppendAction.__init__",
                           "nargs for append actions must be != 0; if arg strings are not supplying "
                           "the value to append, the append const action may be more appropriate");
}

static Obj *store_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("_StoreAction.__call__", args, nargs, kw, v) < 0) return NULL;
    Obj *dest = ga(self, "dest");
    int r = dest ? obj_setattr(v[1], dest, v[2]) : -1;
    XDECREF(dest);
    return r < 0 ? NULL : INCREF(NONE);
}

/* init for the nargs=0 actions: params (a subset of the fields), fixed values */
typedef struct ZeroSpec {
    const char *fname;
    const char *const *names;
    int n;
    Obj **fixed_const;          /* const forced (store_true/false) or NULL */
    Obj *dflt_default;          /* default when not given */
} ZeroSpec;

static int field_index(const char *name)
{
    for (int i = 0; i < 10; i++)
        if (!strcmp(action_fields[i], name)) return i;
    return -1;
}

static Obj *zero_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *fname,
                      const char *const *names, int n, int nreq, Obj *cnst, Obj *dflt)
{
    Obj *v[10], *f[10] = {0};
    if (mh_bind_m(fname, args, nargs, kw, names, n, n, 0, nreq, 0, v) < 0) return NULL;
    for (int i = 0; i < n; i++) {
        int k = field_index(names[i]);
        if (k >= 0) f[k] = v[i];
    }
    Obj *zero = int_from_i64(0);
    if (!zero) return NULL;
    f[F_NARGS] = zero;
    if (cnst) f[F_CONST] = cnst;
    if (!f[F_DEFAULT] && dflt) f[F_DEFAULT] = dflt;
    int r = action_store_fields(self, f);
    DECREF(zero);
    return r < 0 ? NULL : INCREF(NONE);
}

static const char *const sc_names[] = {"option_strings", "dest", "const", "default", "required", "help", "metavar"};
static const char *const st_names[] = {"option_strings", "dest", "default", "required", "help"};

static Obj *store_const_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    /* CPython's _StoreConstAction drops metavar */
    Obj *v[7];
    if (mh_bind_m("_StoreConstAction.__init__", args, nargs, kw, sc_names, 7, 7, 0, 2, 0, v) < 0) return NULL;
    Obj *zero = int_from_i64(0);
    if (!zero) return NULL;
    Obj *f[10] = {v[0], v[1], zero, v[2], v[3], NULL, NULL, v[4], v[5], NULL};
    int r = action_store_fields(self, f);
    DECREF(zero);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *store_true_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return zero_init(self, args, nargs, kw, "_StoreTrueAction.__init__", st_names, 5, 2, TRUE_, FALSE_);
}

static Obj *store_false_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return zero_init(self, args, nargs, kw, "_StoreFalseAction.__init__", st_names, 5, 2, FALSE_, TRUE_);
}

static Obj *append_const_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return zero_init(self, args, nargs, kw, "_AppendConstAction.__init__", sc_names, 7, 2, NULL, NULL);
}

static Obj *count_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return zero_init(self, args, nargs, kw, "_CountAction.__init__", st_names, 5, 2, NULL, NULL);
}

static Obj *help_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"option_strings", "dest", "default", "help"};
    Obj *v[4];
    if (mh_bind_m("_HelpAction.__init__", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    Obj *zero = int_from_i64(0);
    if (!zero) return NULL;
    Obj *f[10] = {v[0], v[1] ? v[1] : suppress, zero, NULL, v[2] ? v[2] : suppress, NULL, NULL, NULL, v[3], NULL};
    int r = action_store_fields(self, f);
    DECREF(zero);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *version_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"option_strings", "version", "dest", "default", "help"};
    Obj *v[5];
    if (mh_bind_m("_VersionAction.__init__", args, nargs, kw, names, 5, 5, 0, 1, 0, v) < 0) return NULL;
    Obj *zero = int_from_i64(0);
    Obj *h = v[4] ? INCREF(v[4]) : S("show program's version number and exit");
    if (!zero || !h) {
        XDECREF(zero);
        XDECREF(h);
        return NULL;
    }
    Obj *f[10] = {v[0], v[2] ? v[2] : suppress, zero, NULL, v[3] ? v[3] : suppress, NULL, NULL, NULL, h, NULL};
    int r = action_store_fields(self, f);
    DECREF(zero);
    DECREF(h);
    if (r < 0 || sa(self, "version", v[1] ? v[1] : NONE) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *store_const_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("_StoreConstAction.__call__", args, nargs, kw, v) < 0) return NULL;
    Obj *dest = ga(self, "dest");
    Obj *c = dest ? ga(self, "const") : NULL;
    int r = c ? obj_setattr(v[1], dest, c) : -1;
    XDECREF(dest);
    XDECREF(c);
    return r < 0 ? NULL : INCREF(NONE);
}

/* _copy_items(getattr(namespace, dest, None)) */
static Obj *copy_items(Obj *ns, Obj *dest)
{
    Obj *items = NULL;
    if (obj_lookup_attr(ns, dest, &items) < 0) return NULL;
    if (!items || items == NONE) {
        XDECREF(items);
        return list_new(0);
    }
    Obj *r;
    if (IS_TYPE(items, list_type)) {
        r = list_slice(items, 0, LIST_LEN(items));
    } else {
        r = import_call("copy", "copy", &items, 1, NULL);
    }
    DECREF(items);
    return r;
}

static Obj *append_common(Obj *self, Obj *ns, Obj *value, bool extend)
{
    Obj *dest = ga(self, "dest");
    if (!dest) return NULL;
    Obj *items = copy_items(ns, dest);
    Obj *r = items ? meth1(items, extend ? "extend" : "append", value) : NULL;
    int rc = r ? obj_setattr(ns, dest, items) : -1;
    XDECREF(r);
    XDECREF(items);
    DECREF(dest);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *append_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("_AppendAction.__call__", args, nargs, kw, v) < 0) return NULL;
    return append_common(self, v[1], v[2], false);
}

static Obj *extend_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("_ExtendAction.__call__", args, nargs, kw, v) < 0) return NULL;
    return append_common(self, v[1], v[2], true);
}

static Obj *append_const_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("_AppendConstAction.__call__", args, nargs, kw, v) < 0) return NULL;
    Obj *c = ga(self, "const");
    if (!c) return NULL;
    Obj *r = append_common(self, v[1], c, false);
    DECREF(c);
    return r;
}

static Obj *count_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("_CountAction.__call__", args, nargs, kw, v) < 0) return NULL;
    Obj *dest = ga(self, "dest");
    if (!dest) return NULL;
    Obj *cnt = NULL;
    if (obj_lookup_attr(v[1], dest, &cnt) < 0) {
        DECREF(dest);
        return NULL;
    }
    if (!cnt || cnt == NONE) {
        XDECREF(cnt);
        cnt = int_from_i64(0);
    }
    Obj *one = int_from_i64(1);
    Obj *n = cnt && one ? num_binary(cnt, one, NB_ADD) : NULL;
    int r = n ? obj_setattr(v[1], dest, n) : -1;
    XDECREF(one);
    XDECREF(cnt);
    XDECREF(n);
    DECREF(dest);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *sys_stream(const char *name)
{
    Obj *s = sys_get_borrow(name);
    if (!s) {
        vm_err_format(&exc_RuntimeError, "lost sys.%s", name);
        return NULL;
    }
    return INCREF(s);
}

static Obj *help_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    (void)self;
    if (bind_call("_HelpAction.__call__", args, nargs, kw, v) < 0) return NULL;
    Obj *r = meth0(v[0], "print_help");
    if (!r) return NULL;
    DECREF(r);
    return meth0(v[0], "exit");
}

static Obj *format_text_alone(Obj *parser, Obj *text);

static Obj *version_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("_VersionAction.__call__", args, nargs, kw, v) < 0) return NULL;
    Obj *ver = ga(self, "version");
    if (ver == NONE) {
        DECREF(ver);
        ver = ga(v[0], "version");
    }
    if (!ver) return NULL;
    Obj *text = format_text_alone(v[0], ver);
    DECREF(ver);
    if (!text) return NULL;
    Obj *out = sys_stream("stdout");
    Obj *r = out ? meth2(v[0], "_print_message", text, out) : NULL;
    XDECREF(out);
    DECREF(text);
    if (!r) return NULL;
    DECREF(r);
    return meth0(v[0], "exit");
}

static Obj *boolopt_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"option_strings", "dest", "default", "type", "choices",
                                        "required", "help", "metavar"};
    Obj *v[8];
    if (mh_bind_m("BooleanOptionalAction.__init__", args, nargs, kw, names, 8, 8, 0, 2, 0, v) < 0) return NULL;
    Obj *opts = list_new(0);
    Obj *it = opts ? obj_getiter(v[0]) : NULL, *o;
    if (!it) {
        XDECREF(opts);
        return NULL;
    }
    while ((o = obj_iternext(it))) {
        int rc = list_append(opts, o);
        if (rc == 0 && STR_CHECK(o)) {
            Ssize n;
            const char *s = utf8_of(o, &n);
            if (n >= 2 && s[0] == '-' && s[1] == '-') {
                Obj *neg = str_from_fmt("--no-%s", s + 2);
                rc = neg ? list_append(opts, neg) : -1;
                XDECREF(neg);
            }
        }
        DECREF(o);
        if (rc < 0) break;
    }
    DECREF(it);
    if (vm_err_occurred()) {
        DECREF(opts);
        return NULL;
    }
    /* CPython warns about type/choices/metavar here, attributed to argparse's own frames, so the
       default filters never show it; nothing is issued */
    Obj *zero = int_from_i64(0);
    Obj *f[10] = {opts, v[1], zero, NULL, v[2], v[3], v[4], v[5], v[6], v[7]};
    int r = zero ? action_store_fields(self, f) : -1;
    XDECREF(zero);
    DECREF(opts);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *boolopt_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("BooleanOptionalAction.__call__", args, nargs, kw, v) < 0) return NULL;
    Obj *opts = ga(self, "option_strings");
    if (!opts) return NULL;
    int in = obj_contains(opts, v[3]);
    DECREF(opts);
    if (in < 0) return NULL;
    if (in) {
        Obj *dest = ga(self, "dest");
        if (!dest) return NULL;
        bool neg = false;
        if (STR_CHECK(v[3])) {
            Ssize n;
            const char *s = utf8_of(v[3], &n);
            neg = n >= 5 && !strncmp(s, "--no-", 5);
        }
        int r = obj_setattr(v[1], dest, neg ? FALSE_ : TRUE_);
        DECREF(dest);
        if (r < 0) return NULL;
    }
    return INCREF(NONE);
}

static Obj *boolopt_format_usage(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("format_usage", nargs, kw) < 0) return NULL;
    Obj *opts = ga(self, "option_strings");
    Obj *sep = opts ? S(" | ") : NULL;
    Obj *r = sep ? str_join(sep, opts) : NULL;
    XDECREF(sep);
    XDECREF(opts);
    return r;
}

/* _SubParsersAction */
static Obj *parsers_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"option_strings", "prog", "parser_class", "dest",
                                        "required", "help", "metavar"};
    Obj *v[7];
    if (mh_bind_m("_SubParsersAction.__init__", args, nargs, kw, names, 7, 7, 0, 3, 0, v) < 0) return NULL;
    Obj *map = dict_new();
    Obj *ca = map ? list_new(0) : NULL;
    Obj *pn = ca ? S("A...") : NULL;
    if (!pn || sa(self, "_prog_prefix", v[1]) < 0 || sa(self, "_parser_class", v[2]) < 0 ||
        sa(self, "_name_parser_map", map) < 0 || sa(self, "_choices_actions", ca) < 0) {
        XDECREF(map);
        XDECREF(ca);
        XDECREF(pn);
        return NULL;
    }
    Obj *f[10] = {v[0], v[3] ? v[3] : suppress, pn, NULL, NULL, NULL, map, v[4], v[5], v[6]};
    int r = action_store_fields(self, f);
    DECREF(map);
    DECREF(ca);
    DECREF(pn);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *pseudo_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"name", "aliases", "help"};
    Obj *v[3];
    if (mh_bind_m("_ChoicesPseudoAction.__init__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *metavar = INCREF(v[0]);
    int t = obj_is_true(v[1]);
    if (t < 0) {
        DECREF(metavar);
        return NULL;
    }
    if (t) {
        Obj *sep = S(", ");
        Obj *j = sep ? str_join(sep, v[1]) : NULL;
        XDECREF(sep);
        Obj *m = j ? str_from_fmt("%S (%S)", metavar, j) : NULL;
        XDECREF(j);
        DECREF(metavar);
        if (!m) return NULL;
        metavar = m;
    }
    Obj *opts = list_new(0);
    Obj *f[10] = {opts, v[0], NULL, NULL, NULL, NULL, NULL, NULL, v[2], metavar};
    int r = opts ? action_store_fields(self, f) : -1;
    XDECREF(opts);
    DECREF(metavar);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *parsers_add_parser(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs != 1) {
        if (nargs == 0)
            vm_err_set_str(&exc_TypeError,
                           "_SubParsersAction.add_parser() missing 1 required positional argument: 'name'");
        else
            args_err_too_many_positional("_SubParsersAction.add_parser", 2, 2, nargs + 1, 0);
        return NULL;
    }
    Obj *name = args[0];
    Obj *kwargs = dict_new();
    if (!kwargs) return NULL;
    Obj *r = NULL, *aliases = NULL, *map = NULL, *parser = NULL;
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(kwargs, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) goto out;
    Obj *prog = dict_get_str_borrow(kwargs, "prog");
    if (!prog || prog == NONE) {
        Obj *pp = ga(self, "_prog_prefix");
        Obj *p = pp ? str_from_fmt("%S %S", pp, name) : NULL;
        XDECREF(pp);
        if (!p || dict_set_str(kwargs, "prog", p) < 0) {
            XDECREF(p);
            goto out;
        }
        DECREF(p);
    }
    Obj *ak = S("aliases");
    if (!ak) goto out;
    if (dict_pop_opt(kwargs, ak, &aliases) == 0) aliases = tuple_new(0);
    DECREF(ak);
    if (!aliases) goto out;
    map = ga(self, "_name_parser_map");
    if (!map) goto out;
    int in = obj_contains(map, name);
    if (in < 0) goto out;
    if (in) {
        raise_argerror_steal(self, str_from_fmt("conflicting subparser: %S", name));
        goto out;
    }
    Obj *it = obj_getiter(aliases), *al;
    if (!it) goto out;
    while ((al = obj_iternext(it))) {
        in = obj_contains(map, al);
        if (in > 0) raise_argerror_steal(self, str_from_fmt("conflicting subparser alias: %S", al));
        DECREF(al);
        if (in != 0) break;
    }
    DECREF(it);
    if (vm_err_occurred()) goto out;
    Obj *hk = S("help"), *help = NULL;
    if (!hk) goto out;
    int had = dict_pop_opt(kwargs, hk, &help);
    DECREF(hk);
    if (had < 0) goto out;
    if (had) {
        Obj *pa[3] = {name, aliases, help};
        Obj *ca = obj_call(choices_pseudo_cls, pa, 3, NULL);
        DECREF(help);
        Obj *lst = ca ? ga(self, "_choices_actions") : NULL;
        int rc = lst ? list_append(lst, ca) : -1;
        XDECREF(lst);
        XDECREF(ca);
        if (rc < 0) goto out;
    }
    Obj *pc = ga(self, "_parser_class");
    parser = pc ? call_kwdict(pc, kwargs) : NULL;
    XDECREF(pc);
    if (!parser || obj_setitem(map, name, parser) < 0) goto out;
    it = obj_getiter(aliases);
    if (!it) goto out;
    while ((al = obj_iternext(it))) {
        int rc = obj_setitem(map, al, parser);
        DECREF(al);
        if (rc < 0) break;
    }
    DECREF(it);
    if (vm_err_occurred()) goto out;
    r = INCREF(parser);
out:
    XDECREF(parser);
    XDECREF(map);
    XDECREF(aliases);
    DECREF(kwargs);
    return r;
}

static Obj *parsers_get_subactions(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_get_subactions", nargs, kw) < 0) return NULL;
    return ga(self, "_choices_actions");
}

static Obj *parsers_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[4];
    if (bind_call("_SubParsersAction.__call__", args, nargs, kw, v) < 0) return NULL;
    Obj *ns = v[1], *values = v[2];
    Obj *zero = int_from_i64(0);
    Obj *pname = zero ? obj_getitem(values, zero) : NULL;
    XDECREF(zero);
    if (!pname) return NULL;
    Obj *n = NULL, *map = NULL, *parser = NULL, *res = NULL, *r = NULL, *rest = NULL;
    Ssize len = obj_length(values);
    if (len < 0) goto out;
    {
        Obj *all = seq_to_list(values);
        rest = all ? list_slice(all, 1, len) : NULL;
        XDECREF(all);
        if (!rest) goto out;
    }
    Obj *dest = ga(self, "dest");
    if (!dest) goto out;
    if (dest != suppress && obj_setattr(ns, dest, pname) < 0) {
        DECREF(dest);
        goto out;
    }
    DECREF(dest);
    map = ga(self, "_name_parser_map");
    if (!map) goto out;
    parser = obj_getitem(map, pname);
    if (!parser) {
        if (!vm_err_matches(&exc_KeyError)) goto out;
        vm_err_clear();
        Obj *keys = seq_to_list(map);
        Obj *sep = keys ? S(", ") : NULL;
        Obj *j = sep ? str_join(sep, keys) : NULL;
        XDECREF(keys);
        XDECREF(sep);
        if (j) raise_argerror_steal(self, str_from_fmt("unknown parser %R (choices: %S)", pname, j));
        XDECREF(j);
        goto out;
    }
    res = meth2(parser, "parse_known_args", rest, NONE);
    if (!res) goto out;
    if (!TUPLE_CHECK(res) || TUPLE_LEN(res) != 2) {
        vm_err_set_str(&exc_TypeError, "parse_known_args() must return a pair");
        goto out;
    }
    Obj *sub = TUPLE_ITEMS(res)[0], *extra = TUPLE_ITEMS(res)[1];
    Obj **dp = obj_dict_ptr(sub);
    if (dp && *dp) {
        Ssize pos = 0;
        Obj *k, *val;
        Obj *items = dict_items_list(*dp);
        if (!items) goto out;
        for (Ssize i = 0; i < LIST_LEN(items); i++) {
            k = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0];
            val = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
            if (obj_setattr(ns, k, val) < 0) {
                DECREF(items);
                goto out;
            }
        }
        (void)pos;
        DECREF(items);
    }
    int t = obj_is_true(extra);
    if (t < 0) goto out;
    if (t) {
        Obj **nd = obj_dict_ptr(ns);
        if (!nd || !*nd) {
            vm_err_set_str(&exc_TypeError, "namespace has no __dict__");
            goto out;
        }
        Obj *empty = list_new(0);
        Obj *cur = empty ? dict_setdefault(*nd, id_str("_unrecognized_args"), empty) : NULL;
        XDECREF(empty);
        if (!cur) goto out;
        DECREF(cur);
        Obj *l = ga(ns, "_unrecognized_args");
        Obj *x = l ? meth1(l, "extend", extra) : NULL;
        XDECREF(l);
        if (!x) goto out;
        DECREF(x);
    }
    r = INCREF(NONE);
out:
    XDECREF(n);
    XDECREF(res);
    XDECREF(parser);
    XDECREF(map);
    XDECREF(rest);
    DECREF(pname);
    return r;
}

#define ACTION_METHODS(name, init, call)                       \
    static const MethodDef name[] = {                          \
        {"__init__", init, METH_FAST, NULL},                   \
        {"__call__", call, METH_FAST, NULL},                   \
        {NULL, NULL, 0, NULL},                                 \
    }
ACTION_METHODS(store_methods, store_init, store_call);
ACTION_METHODS(store_const_methods, store_const_init, store_const_call);
ACTION_METHODS(append_methods, append_init, append_call);
ACTION_METHODS(append_const_methods, append_const_init, append_const_call);
ACTION_METHODS(count_methods, count_init, count_call);
ACTION_METHODS(help_methods, help_init, help_call);
ACTION_METHODS(version_methods, version_init, version_call);
static const MethodDef store_true_methods[] = {{"__init__", store_true_init, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef store_false_methods[] = {{"__init__", store_false_init, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef extend_methods[] = {{"__call__", extend_call, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef pseudo_methods[] = {{"__init__", pseudo_init, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef boolopt_methods[] = {
    {"__init__", boolopt_init, METH_FAST, NULL},
    {"__call__", boolopt_call, METH_FAST, NULL},
    {"format_usage", boolopt_format_usage, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef parsers_methods[] = {
    {"__init__", parsers_init, METH_FAST, NULL},
    {"__call__", parsers_call, METH_FAST, NULL},
    {"add_parser", parsers_add_parser, METH_FAST, NULL},
    {"_get_subactions", parsers_get_subactions, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- FileType ------------------------------------------------------------------------------------------ */

static Obj *ft_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"mode", "bufsize", "encoding", "errors"};
    Obj *v[4];
    if (mh_bind_m("FileType.__init__", args, nargs, kw, names, 4, 4, 0, 0, 0, v) < 0) return NULL;
    Obj *mode = v[0] ? INCREF(v[0]) : S("r");
    Obj *bs = v[1] ? INCREF(v[1]) : int_from_i64(-1);
    int r = mode && bs && sa(self, "_mode", mode) == 0 && sa(self, "_bufsize", bs) == 0 &&
            sa(self, "_encoding", v[2] ? v[2] : NONE) == 0 && sa(self, "_errors", v[3] ? v[3] : NONE) == 0;
    XDECREF(mode);
    XDECREF(bs);
    return r ? INCREF(NONE) : NULL;
}

static Obj *ft_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("FileType.__call__", nargs, kw) < 0) return NULL;
    Obj *string = args[0];
    Obj *mode = ga(self, "_mode");
    if (!mode) return NULL;
    Ssize mn;
    const char *m = utf8_of(mode, &mn);
    if (str_is(string, "-")) {
        bool b = strchr(m, 'b') != NULL;
        Obj *r = NULL;
        if (strchr(m, 'r')) r = sys_stream("stdin");
        else if (strpbrk(m, "wax")) r = sys_stream("stdout");
        else vm_err_format(&exc_ValueError, "argument \"-\" with mode %R", mode);
        DECREF(mode);
        if (r && b) {
            Obj *bb = ga(r, "buffer");
            DECREF(r);
            r = bb;
        }
        return r;
    }
    Obj *a[5] = {string, mode, NULL, NULL, NULL};
    a[2] = ga(self, "_bufsize");
    a[3] = a[2] ? ga(self, "_encoding") : NULL;
    a[4] = a[3] ? ga(self, "_errors") : NULL;
    Obj *f = a[4] ? io_open(a, 5, NULL) : NULL;
    XDECREF(a[2]);
    XDECREF(a[3]);
    XDECREF(a[4]);
    DECREF(mode);
    if (!f && vm_err_matches(&exc_OSError)) {
        Obj *e = vm_err_fetch();
        Obj *msg = str_from_fmt("can't open '%S': %S", string, e);
        DECREF(e);
        if (msg) {
            Obj *ex = obj_call(argtypeerror_cls, &msg, 1, NULL);
            if (ex) vm_err_set_obj((TypeObj *)argtypeerror_cls, ex);
            XDECREF(ex);
            DECREF(msg);
        }
    }
    return f;
}

static Obj *ft_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *v[4] = {ga(self, "_mode"), ga(self, "_bufsize"), ga(self, "_encoding"), ga(self, "_errors")};
    Obj *r = NULL;
    SBuf b = {0};
    if (!v[0] || !v[1] || !v[2] || !v[3]) goto out;
    sbuf_printf(&b, "%s(", type_name(OBJ_TYPE(self)));
    bool first = true;
    for (int i = 0; i < 4; i++) {
        if (i < 2) {
            Obj *m1 = int_from_i64(-1);
            int ne = m1 ? obj_richcompare_bool(v[i], m1, CMP_NE) : -1;
            XDECREF(m1);
            if (ne < 0) goto out;
            if (!ne) continue;
        } else if (v[i] == NONE) {
            continue;
        }
        Obj *rp = obj_repr(v[i]);
        if (!rp) goto out;
        Ssize n;
        const char *s = utf8_of(rp, &n);
        if (!first) sbuf_puts(&b, ", ");
        first = false;
        if (i == 2) sbuf_puts(&b, "encoding=");
        if (i == 3) sbuf_puts(&b, "errors=");
        sbuf_put(&b, s, (size_t)n);
        DECREF(rp);
    }
    sbuf_putc(&b, ')');
    r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
out:
    sbuf_free(&b);
    for (int i = 0; i < 4; i++) XDECREF(v[i]);
    return r;
}

static const MethodDef ft_methods[] = {
    {"__init__", ft_init, METH_FAST, NULL},
    {"__call__", ft_call, METH_FAST, NULL},
    {"__repr__", ft_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- HelpFormatter ------------------------------------------------------------------------------------------
 * The formatter keeps argparse's deferred sections: add_usage/add_text/
 * add_argument/start_section record items (tuples in per-section lists,
 * a section being the list [heading, items, parent]); format_help lays them
 * out once every action's invocation length is known.  The layout state
 * lives in the instance attributes HelpFormatter has (_current_indent,
 * _action_max_length …) and is read into Fmt for the duration of a call. */

typedef struct Fmt {
    Obj *self;
    Obj *prog;                  /* borrowed through self */
    long indent_inc, max_help, width, indent, max_len;
} Fmt;

static long long_attr(Obj *o, const char *name, int *err)
{
    Obj *v = ga(o, name);
    if (!v) {
        *err = 1;
        return 0;
    }
    int64_t x = 0;
    if (!INT_CHECK(v) || int_as_i64(v, &x) < 0) {
        if (!vm_err_occurred()) vm_err_format(&exc_TypeError, "%s must be an integer", name);
        *err = 1;
    }
    DECREF(v);
    return (long)x;
}

static int fmt_load(Fmt *F, Obj *self)
{
    int err = 0;
    F->self = self;
    F->indent_inc = long_attr(self, "_indent_increment", &err);
    F->max_help = long_attr(self, "_max_help_position", &err);
    F->width = long_attr(self, "_width", &err);
    F->indent = long_attr(self, "_current_indent", &err);
    F->max_len = long_attr(self, "_action_max_length", &err);
    F->prog = err ? NULL : ga(self, "_prog");
    return F->prog ? 0 : -1;
}

static int fmt_store(Fmt *F)
{
    /* Callers store the state back also when formatting failed: the
     * pending exception is set aside meanwhile, or the attribute stores
     * could lose it (a format_help that returned NULL with no exception). */
    Obj *pending = vm_err_occurred() ? vm_err_fetch() : NULL;
    int r = sa_steal(F->self, "_current_indent", int_from_i64(F->indent));
    if (r == 0) r = sa_steal(F->self, "_action_max_length", int_from_i64(F->max_len));
    XDECREF(F->prog);
    F->prog = NULL;
    if (pending) {
        if (r < 0) vm_err_clear();
        vm_err_restore(pending);
    }
    return r;
}

static long terminal_columns(void)
{
    const char *c = getenv("COLUMNS");
    if (c && *c) {
        char *end;
        long v = strtol(c, &end, 10);
        if (*end == '\0' && v > 0) return v;
    }
    struct winsize ws;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

static Obj *hf_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"prog", "indent_increment", "max_help_position", "width"};
    Obj *v[4];
    if (mh_bind_m("HelpFormatter.__init__", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    int64_t ii = 2, mh = 24, w;
    if ((v[1] && int_as_i64(v[1], &ii) < 0) || (v[2] && int_as_i64(v[2], &mh) < 0)) return NULL;
    if (v[3] && v[3] != NONE) {
        if (int_as_i64(v[3], &w) < 0) return NULL;
    } else {
        w = terminal_columns() - 2;
    }
    int64_t lim = w - 20 > ii * 2 ? w - 20 : ii * 2;
    if (mh > lim) mh = lim;
    Obj *root = NULL;
    Obj *items = list_new(0);
    if (items) root = list_from_array((Obj *[]){NONE, items, NONE}, 3);
    XDECREF(items);
    if (!root || sa(self, "_prog", v[0]) < 0 || sa_steal(self, "_indent_increment", int_from_i64(ii)) < 0 ||
        sa_steal(self, "_max_help_position", int_from_i64(mh)) < 0 ||
        sa_steal(self, "_width", int_from_i64(w)) < 0 || sa_steal(self, "_current_indent", int_from_i64(0)) < 0 ||
        sa_steal(self, "_level", int_from_i64(0)) < 0 || sa_steal(self, "_action_max_length", int_from_i64(0)) < 0 ||
        sa(self, "_root_section", root) < 0 || sa(self, "_current_section", root) < 0) {
        XDECREF(root);
        return NULL;
    }
    DECREF(root);
    return INCREF(NONE);
}

static int add_item(Obj *self, Obj *item)   /* steals item */
{
    if (!item) return -1;
    Obj *sec = ga(self, "_current_section");
    Obj *one = int_from_i64(1);
    Obj *items = sec && one ? obj_getitem(sec, one) : NULL;
    int r = items ? list_append(items, item) : -1;
    XDECREF(items);
    XDECREF(one);
    XDECREF(sec);
    DECREF(item);
    return r;
}

static int bump_indent(Obj *self, int dir)
{
    int err = 0;
    long ii = long_attr(self, "_indent_increment", &err);
    long ci = long_attr(self, "_current_indent", &err);
    long lv = long_attr(self, "_level", &err);
    if (err) return -1;
    ci += dir * ii;
    if (ci < 0) {
        vm_err_set_str(&exc_AssertionError, "Indent decreased below 0.");
        return -1;
    }
    if (sa_steal(self, "_current_indent", int_from_i64(ci)) < 0) return -1;
    return sa_steal(self, "_level", int_from_i64(lv + dir));
}

static Obj *hf_start_section(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("start_section", nargs, kw) < 0) return NULL;
    if (bump_indent(self, 1) < 0) return NULL;
    Obj *cur = ga(self, "_current_section");
    Obj *items = cur ? list_new(0) : NULL;
    Obj *sec = items ? list_from_array((Obj *[]){args[0], items, cur}, 3) : NULL;
    XDECREF(items);
    XDECREF(cur);
    if (!sec) return NULL;
    if (add_item(self, tuple_pack(2, id_str("s"), sec)) < 0 || sa(self, "_current_section", sec) < 0) {
        DECREF(sec);
        return NULL;
    }
    DECREF(sec);
    return INCREF(NONE);
}

static Obj *hf_end_section(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("end_section", nargs, kw) < 0) return NULL;
    Obj *cur = ga(self, "_current_section");
    Obj *two = int_from_i64(2);
    Obj *parent = cur && two ? obj_getitem(cur, two) : NULL;
    XDECREF(cur);
    XDECREF(two);
    if (!parent) return NULL;
    int r = sa_steal(self, "_current_section", parent);
    if (r < 0 || bump_indent(self, -1) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *hf_add_text(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("add_text", nargs, kw) < 0) return NULL;
    if (args[0] != suppress && args[0] != NONE && add_item(self, tuple_pack(2, id_str("t"), args[0])) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *hf_add_usage(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"usage", "actions", "groups", "prefix"};
    Obj *v[4];
    if (mh_bind_m("HelpFormatter.add_usage", args, nargs, kw, names, 4, 4, 0, 3, 0, v) < 0) return NULL;
    if (v[0] != suppress &&
        add_item(self, tuple_pack(5, id_str("u"), v[0], v[1], v[2], v[3] ? v[3] : NONE)) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *invocation(Fmt *F, Obj *action)
{
    Obj *r = meth1(F->self, "_format_action_invocation", action);
    if (r && !STR_CHECK(r)) {
        vm_err_format(&exc_TypeError, "_format_action_invocation() returned %T", r);
        CLEAR(r);
    }
    return r;
}

/* action._get_subactions() when it has one, else NULL with *has = 0 */
static Obj *subactions(Obj *action, int *has)
{
    *has = 0;
    Obj *f = ga_opt(action, "_get_subactions");
    if (!f) return NULL;
    *has = 1;
    Obj *r = obj_call(f, NULL, 0, NULL);
    DECREF(f);
    return r;
}

static Obj *hf_add_argument(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("add_argument", nargs, kw) < 0) return NULL;
    Obj *action = args[0];
    Obj *help = ga(action, "help");
    if (!help) return NULL;
    DECREF(help);
    if (help == suppress) return INCREF(NONE);
    Fmt F;
    if (fmt_load(&F, self) < 0) return NULL;
    Obj *inv = invocation(&F, action);
    if (!inv) goto fail;
    Ssize maxlen = obj_length(inv);
    DECREF(inv);
    int has;
    Obj *subs = subactions(action, &has);
    if (has) {
        if (!subs) goto fail;
        Obj *it = obj_getiter(subs), *s;
        DECREF(subs);
        if (!it) goto fail;
        while ((s = obj_iternext(it))) {
            Obj *si = invocation(&F, s);
            DECREF(s);
            if (!si) break;
            Ssize n = obj_length(si);
            DECREF(si);
            if (n > maxlen) maxlen = n;
        }
        DECREF(it);
        if (vm_err_occurred()) goto fail;
    }
    if (maxlen + F.indent > F.max_len) F.max_len = maxlen + F.indent;
    if (fmt_store(&F) < 0 || add_item(self, tuple_pack(2, id_str("a"), action)) < 0) return NULL;
    return INCREF(NONE);
fail:
    XDECREF(F.prog);
    return NULL;
}

static Obj *hf_add_arguments(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("add_arguments", nargs, kw) < 0) return NULL;
    Obj *it = obj_getiter(args[0]), *a;
    if (!it) return NULL;
    while ((a = obj_iternext(it))) {
        Obj *r = meth1(self, "add_argument", a);
        DECREF(a);
        if (!r) break;
        DECREF(r);
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

/* _metavar_formatter(action, default)(n): a tuple of n metavars */
static Obj *metavar_tuple(Obj *action, Obj *dflt, Ssize n)
{
    Obj *mv = ga(action, "metavar");
    if (!mv) return NULL;
    Obj *result;
    if (mv != NONE) {
        result = mv;
    } else {
        DECREF(mv);
        Obj *ch = ga(action, "choices");
        if (!ch) return NULL;
        if (ch != NONE) {
            Obj *l = list_new(0);
            Obj *it = l ? obj_getiter(ch) : NULL, *c;
            DECREF(ch);
            if (!it) {
                XDECREF(l);
                return NULL;
            }
            while ((c = obj_iternext(it))) {
                Obj *s = obj_str(c);
                DECREF(c);
                if (!s || list_append(l, s) < 0) {
                    XDECREF(s);
                    break;
                }
                DECREF(s);
            }
            DECREF(it);
            Obj *sep = vm_err_occurred() ? NULL : S(",");
            Obj *j = sep ? str_join(sep, l) : NULL;
            XDECREF(sep);
            DECREF(l);
            result = j ? str_from_fmt("{%S}", j) : NULL;
            XDECREF(j);
            if (!result) return NULL;
        } else {
            DECREF(ch);
            result = INCREF(dflt);
        }
    }
    if (TUPLE_CHECK(result)) return result;
    Obj *t = tuple_new(n);
    if (!t) {
        DECREF(result);
        return NULL;
    }
    for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(t)[i] = INCREF(result);
    DECREF(result);
    return t;
}

static Obj *pct(const char *fmt, Obj *args)   /* fmt % args; steals args */
{
    if (!args) return NULL;
    Obj *f = S(fmt);
    Obj *r = f ? str_percent_format(f, args) : NULL;
    XDECREF(f);
    DECREF(args);
    return r;
}

static Obj *format_args(Obj *action, Obj *dflt)
{
    Obj *nargs = ga(action, "nargs");
    if (!nargs) return NULL;
    Obj *r = NULL;
    if (nargs == NONE) r = pct("%s", metavar_tuple(action, dflt, 1));
    else if (str_is(nargs, "?")) r = pct("[%s]", metavar_tuple(action, dflt, 1));
    else if (str_is(nargs, "*")) {
        Obj *mv = metavar_tuple(action, dflt, 1);
        if (mv) r = pct(TUPLE_LEN(mv) == 2 ? "[%s [%s ...]]" : "[%s ...]", mv);
    } else if (str_is(nargs, "+")) r = pct("%s [%s ...]", metavar_tuple(action, dflt, 2));
    else if (str_is(nargs, "...")) r = S("...");
    else if (str_is(nargs, "A...")) r = pct("%s ...", metavar_tuple(action, dflt, 1));
    else if (str_is(nargs, "==SUPPRESS==")) r = S("");
    else {
        int64_t n;
        if (!INT_CHECK(nargs) || int_as_i64(nargs, &n) < 0) {
            vm_err_clear();
            vm_err_set_str(&exc_ValueError, "invalid nargs value");
        } else {
            SBuf b = {0};
            for (int64_t i = 0; i < n; i++) sbuf_puts(&b, i ? " %s" : "%s");
            r = pct(sbuf_cstr(&b), metavar_tuple(action, dflt, n > 0 ? n : 0));
            sbuf_free(&b);
        }
    }
    DECREF(nargs);
    return r;
}

static Obj *hf_format_args(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("_format_args", "_format_args", nargs, kw, 2, 2) < 0) return NULL;
    return format_args(args[0], args[1]);
}

static Obj *hf_dflt_metavar_opt(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_get_default_metavar_for_optional", nargs, kw) < 0) return NULL;
    int r = obj_isinstance(self, metavartype_cls);
    if (r < 0) return NULL;
    if (r) {
        Obj *t = ga(args[0], "type");
        Obj *n = t ? ga(t, "__name__") : NULL;
        XDECREF(t);
        return n;
    }
    Obj *d = ga(args[0], "dest");
    Obj *u = d ? meth0(d, "upper") : NULL;
    XDECREF(d);
    return u;
}

static Obj *hf_dflt_metavar_pos(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_get_default_metavar_for_positional", nargs, kw) < 0) return NULL;
    int r = obj_isinstance(self, metavartype_cls);
    if (r < 0) return NULL;
    if (r) {
        Obj *t = ga(args[0], "type");
        Obj *n = t ? ga(t, "__name__") : NULL;
        XDECREF(t);
        return n;
    }
    return ga(args[0], "dest");
}

static Obj *hf_invocation(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_format_action_invocation", nargs, kw) < 0) return NULL;
    Obj *action = args[0];
    Obj *opts = ga(action, "option_strings");
    if (!opts) return NULL;
    int t = obj_is_true(opts);
    Obj *r = NULL;
    if (t < 0) goto out;
    if (!t) {
        Obj *d = meth1(self, "_get_default_metavar_for_positional", action);
        Obj *mv = d ? metavar_tuple(action, d, 1) : NULL;
        XDECREF(d);
        if (!mv) goto out;
        if (TUPLE_LEN(mv) != 1) {
            vm_err_format(&exc_ValueError, "too many values to unpack (expected 1)");
            DECREF(mv);
            goto out;
        }
        r = INCREF(TUPLE_ITEMS(mv)[0]);
        DECREF(mv);
        goto out;
    }
    Obj *parts = list_new(0);
    if (!parts) goto out;
    Obj *n = ga(action, "nargs");
    if (!n) {
        DECREF(parts);
        goto out;
    }
    bool isz = nargs_is_zero(n);
    DECREF(n);
    if (isz) {
        if (list_extend(parts, opts) < 0) {
            DECREF(parts);
            goto out;
        }
    } else {
        Obj *d = meth1(self, "_get_default_metavar_for_optional", action);
        Obj *as = d ? meth2(self, "_format_args", action, d) : NULL;
        XDECREF(d);
        Obj *it = as ? obj_getiter(opts) : NULL, *o;
        if (!it) {
            XDECREF(as);
            DECREF(parts);
            goto out;
        }
        while ((o = obj_iternext(it))) {
            Obj *p = str_from_fmt("%S %S", o, as);
            DECREF(o);
            if (!p || list_append(parts, p) < 0) {
                XDECREF(p);
                break;
            }
            DECREF(p);
        }
        DECREF(it);
        DECREF(as);
        if (vm_err_occurred()) {
            DECREF(parts);
            goto out;
        }
    }
    Obj *sep = S(", ");
    r = sep ? str_join(sep, parts) : NULL;
    XDECREF(sep);
    DECREF(parts);
out:
    DECREF(opts);
    return r;
}

/* re.compile(r'\s+', re.ASCII).sub(' ', text).strip() */
static Obj *squash_ws(Obj *text)
{
    if (!STR_CHECK(text)) {   /* re's own complaint */
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", type_name(OBJ_TYPE(text)));
        return NULL;
    }
    Ssize n = obj_length(text);
    if (n < 0) return NULL;
    uint32_t *buf = malloc(sizeof(uint32_t) * (size_t)(n + 1));
    if (!buf) {
        vm_err_no_memory();
        return NULL;
    }
    Ssize k = 0;
    bool prev_ws = false;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(text, i);
        bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        if (!ws) buf[k++] = c;
        else if (!prev_ws) buf[k++] = ' ';
        prev_ws = ws;
    }
    Obj *s = str_from_ucs4(buf, k);
    free(buf);
    if (!s) return NULL;
    Obj *r = meth0(s, "strip");
    DECREF(s);
    return r;
}

static Obj *hf_split_lines(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_split_lines", "_split_lines", nargs, kw, 2, 2) < 0) return NULL;
    int raw = obj_isinstance(self, rawtext_cls);
    if (raw < 0) return NULL;
    if (raw) return meth0(args[0], "splitlines");
    Obj *t = squash_ws(args[0]);
    if (!t) return NULL;
    Obj *a[2] = {t, args[1]};
    Obj *r = import_call("textwrap", "wrap", a, 2, NULL);
    DECREF(t);
    return r;
}

static Obj *hf_fill_text(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_fill_text", "_fill_text", nargs, kw, 3, 3) < 0) return NULL;
    int raw = obj_isinstance(self, rawdesc_cls);
    if (raw < 0) return NULL;
    if (raw) {
        Obj *keep = TRUE_;
        Obj *kn = tuple_pack(1, id_str("keepends"));
        Obj *lines = NULL;
        if (kn) {
            Obj *f = ga(args[0], "splitlines");
            lines = f ? obj_call(f, &keep, 0, kn) : NULL;
            XDECREF(f);
            DECREF(kn);
        }
        if (!lines) return NULL;
        Obj *out = list_new(0);
        for (Ssize i = 0; out && i < LIST_LEN(lines); i++) {
            Obj *s = str_concat(args[2], LIST_ITEMS(lines)[i]);
            if (!s || list_append(out, s) < 0) CLEAR(out);
            XDECREF(s);
        }
        DECREF(lines);
        Obj *e = out ? S("") : NULL;
        Obj *r = e ? str_join(e, out) : NULL;
        XDECREF(e);
        XDECREF(out);
        return r;
    }
    Obj *t = squash_ws(args[0]);
    if (!t) return NULL;
    Obj *kn = tuple_pack(2, id_str("initial_indent"), id_str("subsequent_indent"));
    Obj *a[4] = {t, args[1], args[2], args[2]};
    Obj *r = kn ? import_call("textwrap", "fill", a, 2, kn) : NULL;
    XDECREF(kn);
    DECREF(t);
    return r;
}

static Obj *hf_get_help_string(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_get_help_string", nargs, kw) < 0) return NULL;
    Obj *action = args[0];
    Obj *help = ga(action, "help");
    if (!help) return NULL;
    int ad = obj_isinstance(self, argdefaults_cls);
    if (ad <= 0) return ad < 0 ? (DECREF(help), NULL) : help;
    if (help == NONE) {
        DECREF(help);
        help = S("");
        if (!help) return NULL;
    }
    Obj *needle = S("%(default)");
    int in = needle ? obj_contains(help, needle) : -1;
    XDECREF(needle);
    if (in != 0) return in < 0 ? (DECREF(help), NULL) : help;
    Obj *d = ga(action, "default");
    if (!d) {
        DECREF(help);
        return NULL;
    }
    DECREF(d);
    if (d == suppress) return help;
    int add = truth_attr(action, "option_strings");
    if (add == 0) {
        Obj *n = ga(action, "nargs");
        if (!n) add = -1;
        else add = str_is(n, "?") || str_is(n, "*");
        XDECREF(n);
    }
    if (add < 0) {
        DECREF(help);
        return NULL;
    }
    if (!add) return help;
    Obj *suffix = S(" (default: %(default)s)");
    Obj *r = suffix ? str_concat(help, suffix) : NULL;
    XDECREF(suffix);
    DECREF(help);
    return r;
}

static Obj *fmt_action(Fmt *F, Obj *action);

/* ''.join(parts that are true and not SUPPRESS); parts a list (NULL items skipped) */
static Obj *join_parts(Obj *parts)
{
    Obj *keep = list_new(0);
    for (Ssize i = 0; keep && i < LIST_LEN(parts); i++) {
        Obj *p = LIST_ITEMS(parts)[i];
        if (!p || p == suppress) continue;
        int t = obj_is_true(p);
        if (t < 0 || (t && list_append(keep, p) < 0)) CLEAR(keep);
    }
    Obj *e = keep ? S("") : NULL;
    Obj *r = e ? str_join(e, keep) : NULL;
    XDECREF(e);
    XDECREF(keep);
    return r;
}

static Obj *prog_dict(Obj *prog)
{
    Obj *d = dict_new();
    if (d && dict_set_str(d, "prog", prog) < 0) CLEAR(d);
    return d;
}

static Obj *fmt_text(Fmt *F, Obj *text)
{
    Obj *t = INCREF(text);
    Obj *needle = S("%(prog)");
    int in = needle ? obj_contains(t, needle) : -1;
    XDECREF(needle);
    if (in < 0) goto fail;
    if (in) {
        Obj *d = prog_dict(F->prog);
        Obj *x = d ? num_binary(t, d, NB_REMAINDER) : NULL;
        XDECREF(d);
        if (!x) goto fail;
        obj_setref(&t, x);
    }
    long tw = F->width - F->indent;
    if (tw < 11) tw = 11;
    Obj *w = int_from_i64(tw);
    Obj *ind = w ? str_from_fmt("%*s", (int)F->indent, "") : NULL;
    Obj *a[3] = {t, w, ind};
    Obj *filled = ind ? obj_call_method(F->self, "_fill_text", a, 3) : NULL;
    XDECREF(w);
    XDECREF(ind);
    DECREF(t);
    if (!filled) return NULL;
    Obj *r = str_from_fmt("%S\n\n", filled);
    DECREF(filled);
    return r;
fail:
    DECREF(t);
    return NULL;
}

static Obj *expand_help(Fmt *F, Obj *action)
{
    Obj **dp = obj_dict_ptr(action);
    Obj *params = dp && *dp ? dict_copy(*dp) : dict_new();
    if (!params || dict_set_str(params, "prog", F->prog) < 0) goto fail;
    Obj *items = dict_items_list(params);
    if (!items) goto fail;
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *k = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *v = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        if (v == suppress && dict_del(params, k) < 0) {
            DECREF(items);
            goto fail;
        }
    }
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *k = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *v = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        if (v == suppress) continue;
        Obj *nm = ga_opt(v, "__name__");
        if (!nm && vm_err_occurred()) {
            DECREF(items);
            goto fail;
        }
        if (nm) {
            int r = dict_set(params, k, nm);
            DECREF(nm);
            if (r < 0) {
                DECREF(items);
                goto fail;
            }
        }
    }
    DECREF(items);
    Obj *ch = dict_get_str_borrow(params, "choices");
    if (ch && ch != NONE) {
        Obj *l = list_new(0);
        Obj *it = l ? obj_getiter(ch) : NULL, *c;
        if (!it) {
            XDECREF(l);
            goto fail;
        }
        while ((c = obj_iternext(it))) {
            Obj *s = obj_str(c);
            DECREF(c);
            if (!s || list_append(l, s) < 0) {
                XDECREF(s);
                break;
            }
            DECREF(s);
        }
        DECREF(it);
        Obj *sep = vm_err_occurred() ? NULL : S(", ");
        Obj *j = sep ? str_join(sep, l) : NULL;
        XDECREF(sep);
        DECREF(l);
        if (!j || dict_set_str(params, "choices", j) < 0) {
            XDECREF(j);
            goto fail;
        }
        DECREF(j);
    }
    Obj *hs = meth1(F->self, "_get_help_string", action);
    Obj *r = hs ? num_binary(hs, params, NB_REMAINDER) : NULL;
    XDECREF(hs);
    DECREF(params);
    return r;
fail:
    XDECREF(params);
    return NULL;
}

static Obj *fmt_action(Fmt *F, Obj *action)
{
    long help_pos = F->max_len + 2 < F->max_help ? F->max_len + 2 : F->max_help;
    long help_width = F->width - help_pos > 11 ? F->width - help_pos : 11;
    long action_width = help_pos - F->indent - 2;
    Obj *parts = list_new(0), *help = NULL, *header = NULL, *r = NULL;
    if (!parts) return NULL;
    header = invocation(F, action);
    help = header ? ga(action, "help") : NULL;
    if (!help) goto out;
    int ht = obj_is_true(help);
    if (ht < 0) goto out;
    long indent_first = 0;
    Ssize hl = obj_length(header);
    Obj *h2;
    if (!ht) {
        h2 = str_from_fmt("%*s%S\n", (int)F->indent, "", header);
    } else if (hl <= action_width) {
        Obj *pad = str_from_fmt("%*s", (int)(action_width - hl), "");
        h2 = pad ? str_from_fmt("%*s%S%S  ", (int)F->indent, "", header, pad) : NULL;
        XDECREF(pad);
    } else {
        h2 = str_from_fmt("%*s%S\n", (int)F->indent, "", header);
        indent_first = help_pos;
    }
    if (!h2 || list_append(parts, h2) < 0) {
        XDECREF(h2);
        goto out;
    }
    bool header_nl = false;
    {
        Ssize n;
        const char *s = utf8_of(h2, &n);
        header_nl = n > 0 && s[n - 1] == '\n';
    }
    DECREF(h2);
    int has_text = 0;
    if (ht) {
        Obj *st = meth0(help, "strip");
        if (!st) goto out;
        has_text = obj_is_true(st);
        DECREF(st);
        if (has_text < 0) goto out;
    }
    if (has_text) {
        Obj *text = expand_help(F, action);
        if (!text) goto out;
        int tt = obj_is_true(text);
        if (tt > 0) {
            Obj *w = int_from_i64(help_width);
            Obj *lines = w ? meth2(F->self, "_split_lines", text, w) : NULL;
            XDECREF(w);
            Obj *seq = lines ? seq_to_list(lines) : NULL;
            XDECREF(lines);
            if (!seq) {
                DECREF(text);
                goto out;
            }
            for (Ssize i = 0; i < LIST_LEN(seq); i++) {
                Obj *p = str_from_fmt("%*s%S\n", (int)(i == 0 ? indent_first : help_pos), "", LIST_ITEMS(seq)[i]);
                if (!p || list_append(parts, p) < 0) {
                    XDECREF(p);
                    DECREF(seq);
                    DECREF(text);
                    goto out;
                }
                DECREF(p);
            }
            if (LIST_LEN(seq) == 0) {
                vm_err_set_str(&exc_IndexError, "list index out of range");
                DECREF(seq);
                DECREF(text);
                goto out;
            }
            DECREF(seq);
        }
        DECREF(text);
        if (tt < 0) goto out;
    } else if (!header_nl) {
        Obj *nl = S("\n");
        if (!nl || list_append(parts, nl) < 0) {
            XDECREF(nl);
            goto out;
        }
        DECREF(nl);
    }
    int has;
    Obj *subs = subactions(action, &has);
    if (has) {
        if (!subs) goto out;
        F->indent += F->indent_inc;
        Obj *it = obj_getiter(subs), *s;
        DECREF(subs);
        if (it) {
            while ((s = obj_iternext(it))) {
                Obj *p = fmt_action(F, s);
                DECREF(s);
                if (!p || list_append(parts, p) < 0) {
                    XDECREF(p);
                    break;
                }
                DECREF(p);
            }
            DECREF(it);
        }
        F->indent -= F->indent_inc;
        if (vm_err_occurred()) goto out;
    }
    r = join_parts(parts);
out:
    XDECREF(header);
    XDECREF(help);
    DECREF(parts);
    return r;
}

/* _format_actions_usage(actions, groups) */
static Obj *fmt_actions_usage(Fmt *F, Obj *actions, Obj *groups)
{
    Ssize n = LIST_LEN(actions);
    char **ins = calloc((size_t)n + 2, sizeof(char *));
    Obj **parts = calloc((size_t)n + 1, sizeof(Obj *));
    Obj *gset = set_new(NULL), *r = NULL, *gl = NULL;
    if (!ins || !parts || !gset) {
        if (!vm_err_occurred()) vm_err_no_memory();
        goto out;
    }
    Obj *git = obj_getiter(groups), *g;
    if (!git) goto out;
    while ((g = obj_iternext(git))) {
        gl = ga(g, "_group_actions");
        if (!gl) goto gfail;
        Ssize cnt = obj_length(gl);
        if (cnt < 0) goto gfail;
        if (cnt == 0) {
            vm_err_format(&exc_ValueError, "empty group %S", g);
            goto gfail;
        }
        Ssize start = -1;
        Obj *g0 = seq_to_list(gl);
        if (!g0) goto gfail;
        for (Ssize i = 0; i < n; i++) {
            int eq = obj_richcompare_bool(LIST_ITEMS(actions)[i], LIST_ITEMS(g0)[0], CMP_EQ);
            if (eq < 0) {
                DECREF(g0);
                goto gfail;
            }
            if (eq) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            DECREF(g0);
            CLEAR(gl);
            DECREF(g);
            continue;
        }
        Ssize end = start + cnt;
        Obj *sl = list_slice(actions, start, end);
        int same = sl ? obj_richcompare_bool(sl, g0, CMP_EQ) : -1;
        XDECREF(sl);
        if (same < 0) {
            DECREF(g0);
            goto gfail;
        }
        if (same) {
            Ssize supp = 0;
            for (Ssize i = 0; i < cnt; i++) {
                Obj *a = LIST_ITEMS(g0)[i];
                Obj *h = ga(a, "help");
                if (!h || set_add(gset, a) < 0) {
                    XDECREF(h);
                    DECREF(g0);
                    goto gfail;
                }
                if (h == suppress) supp++;
                DECREF(h);
            }
            int req = truth_attr(g, "required");
            if (req < 0) {
                DECREF(g0);
                goto gfail;
            }
            const char *o = NULL, *c = NULL;
            if (!req) o = "[", c = "]";
            else if (cnt - supp > 1) o = "(", c = ")";
            if (o && start <= n && end <= n) {
                SBuf b = {0};
                if (ins[start]) sbuf_printf(&b, "%s %s", ins[start], o);
                else sbuf_puts(&b, o);
                free(ins[start]);
                ins[start] = strdup(sbuf_cstr(&b));
                sbuf_reset(&b);
                if (ins[end]) sbuf_printf(&b, "%s%s", ins[end], c);
                else sbuf_puts(&b, c);
                free(ins[end]);
                ins[end] = strdup(sbuf_cstr(&b));
                sbuf_free(&b);
            }
            for (Ssize i = start + 1; i < end && i <= n; i++) {
                free(ins[i]);
                ins[i] = strdup("|");
            }
        }
        DECREF(g0);
        CLEAR(gl);
        DECREF(g);
        continue;
    gfail:
        DECREF(g);
        DECREF(git);
        goto out;
    }
    DECREF(git);
    if (vm_err_occurred()) goto out;
    for (Ssize i = 0; i < n; i++) {
        Obj *a = LIST_ITEMS(actions)[i];
        Obj *h = ga(a, "help");
        if (!h) goto out;
        DECREF(h);
        if (h == suppress) {
            if (ins[i] && !strcmp(ins[i], "|")) {
                free(ins[i]);
                ins[i] = NULL;
            } else if (ins[i + 1] && !strcmp(ins[i + 1], "|")) {
                free(ins[i + 1]);
                ins[i + 1] = NULL;
            }
            continue;
        }
        Obj *opts = ga(a, "option_strings");
        if (!opts) goto out;
        int t = obj_is_true(opts);
        int ing = set_contains(gset, a);
        if (t < 0 || ing < 0) {
            DECREF(opts);
            goto out;
        }
        Obj *part = NULL;
        if (!t) {
            Obj *d = meth1(F->self, "_get_default_metavar_for_positional", a);
            part = d ? meth2(F->self, "_format_args", a, d) : NULL;
            XDECREF(d);
            if (part && ing && STR_CHECK(part)) {
                Ssize pl = obj_length(part);
                if (pl >= 1 && str_char(part, 0) == '[' && str_char(part, pl - 1) == ']') {
                    Obj *x = str_substr(part, 1, pl - 1);
                    DECREF(part);
                    part = x;
                }
            }
        } else {
            Obj *z = int_from_i64(0);
            Obj *os0 = z ? obj_getitem(opts, z) : NULL;
            XDECREF(z);
            Obj *na = os0 ? ga(a, "nargs") : NULL;
            if (na && nargs_is_zero(na)) {
                part = meth0(a, "format_usage");
            } else if (na) {
                Obj *d = meth1(F->self, "_get_default_metavar_for_optional", a);
                Obj *as = d ? meth2(F->self, "_format_args", a, d) : NULL;
                XDECREF(d);
                part = as ? str_from_fmt("%S %S", os0, as) : NULL;
                XDECREF(as);
            }
            XDECREF(na);
            XDECREF(os0);
            if (part) {
                int req = truth_attr(a, "required");
                if (req < 0) CLEAR(part);
                else if (!req && !ing) {
                    Obj *x = str_from_fmt("[%S]", part);
                    DECREF(part);
                    part = x;
                }
            }
        }
        DECREF(opts);
        if (!part) goto out;
        parts[i] = part;
    }
    {
        Obj *items = list_new(0);
        if (!items) goto out;
        for (Ssize i = 0; i <= n; i++) {
            if (ins[i]) {
                Obj *s = S(ins[i]);
                if (!s || list_append(items, s) < 0) {
                    XDECREF(s);
                    DECREF(items);
                    goto out;
                }
                DECREF(s);
            }
            if (i < n && parts[i] && list_append(items, parts[i]) < 0) {
                DECREF(items);
                goto out;
            }
        }
        Obj *sp = S(" ");
        Obj *text = sp ? str_join(sp, items) : NULL;
        XDECREF(sp);
        DECREF(items);
        static const char *const subs[3][2] = {
            {"([\\[(]) ", "\\1"}, {" ([\\])])", "\\1"}, {"[\\[(] *[\\])]", ""}};
        for (int k = 0; text && k < 3; k++) {
            Obj *a[3] = {S(subs[k][0]), S(subs[k][1]), text};
            Obj *x = a[0] && a[1] ? re_call("sub", a, 3) : NULL;
            XDECREF(a[0]);
            XDECREF(a[1]);
            DECREF(text);
            text = x;
        }
        r = text ? meth0(text, "strip") : NULL;
        XDECREF(text);
    }
out:
    XDECREF(gl);
    XDECREF(gset);
    if (ins)
        for (Ssize i = 0; i <= n + 1; i++) free(ins[i]);
    free(ins);
    if (parts)
        for (Ssize i = 0; i < n; i++) XDECREF(parts[i]);
    free(parts);
    return r;
}

/* get_lines(parts, indent, prefix) of _format_usage: appends to lines */
static int usage_lines(Obj *lines, Obj *parts, Ssize indent_len, Ssize prefix_len, bool has_prefix,
                       long text_width)
{
    SBuf line = {0};
    Ssize line_len = has_prefix ? prefix_len - 1 : indent_len - 1;
    bool nonempty = false, first_line = true;
    int rc = 0;
    for (Ssize i = 0; i < LIST_LEN(parts) && rc == 0; i++) {
        Obj *p = LIST_ITEMS(parts)[i];
        Ssize pl = obj_length(p);
        if (line_len + 1 + pl > text_width && nonempty) {
            SBuf full = {0};
            if (!(has_prefix && first_line)) sbuf_pad(&full, ' ', (size_t)indent_len);
            sbuf_put(&full, sbuf_cstr(&line), line.len);
            Obj *s = str_from_utf8(sbuf_cstr(&full), (Ssize)full.len);
            sbuf_free(&full);
            rc = s ? list_append(lines, s) : -1;
            XDECREF(s);
            first_line = false;
            sbuf_reset(&line);
            nonempty = false;
            line_len = indent_len - 1;
        }
        Ssize n;
        const char *s = utf8_of(p, &n);
        if (nonempty) sbuf_putc(&line, ' ');
        sbuf_put(&line, s, (size_t)n);
        nonempty = true;
        line_len += pl + 1;
    }
    if (rc == 0 && nonempty) {
        SBuf full = {0};
        if (!(has_prefix && first_line)) sbuf_pad(&full, ' ', (size_t)indent_len);
        sbuf_put(&full, sbuf_cstr(&line), line.len);
        Obj *s = str_from_utf8(sbuf_cstr(&full), (Ssize)full.len);
        sbuf_free(&full);
        rc = s ? list_append(lines, s) : -1;
        XDECREF(s);
    }
    sbuf_free(&line);
    return rc;
}

static Obj *findall_parts(Obj *text)
{
    Obj *pat = S("\\(.*?\\)+(?=\\s|$)|\\[.*?\\]+(?=\\s|$)|\\S+");
    Obj *a[2] = {pat, text};
    Obj *r = pat ? re_call("findall", a, 2) : NULL;
    XDECREF(pat);
    if (!r) return NULL;
    Obj *sp = S(" ");
    Obj *j = sp ? str_join(sp, r) : NULL;
    XDECREF(sp);
    int eq = j ? obj_richcompare_bool(j, text, CMP_EQ) : -1;
    XDECREF(j);
    if (eq <= 0) {
        if (eq == 0) vm_err_set_str(&exc_AssertionError, "");
        CLEAR(r);
    }
    return r;
}

static Obj *fmt_usage(Fmt *F, Obj *usage, Obj *actions, Obj *groups, Obj *prefix)
{
    Obj *pre = prefix == NONE ? S("usage: ") : INCREF(prefix);
    Obj *u = NULL, *r = NULL, *acts = NULL, *opt = NULL, *pos = NULL;
    if (!pre) return NULL;
    if (usage != NONE) {
        Obj *d = prog_dict(F->prog);
        u = d ? num_binary(usage, d, NB_REMAINDER) : NULL;
        XDECREF(d);
        goto done;
    }
    acts = seq_to_list(actions);
    if (!acts) goto out;
    if (LIST_LEN(acts) == 0) {
        u = obj_str(F->prog);
        goto done;
    }
    opt = list_new(0);
    pos = opt ? list_new(0) : NULL;
    if (!pos) goto out;
    for (Ssize i = 0; i < LIST_LEN(acts); i++) {
        int t = truth_attr(LIST_ITEMS(acts)[i], "option_strings");
        if (t < 0 || list_append(t ? opt : pos, LIST_ITEMS(acts)[i]) < 0) goto out;
    }
    Obj *all = list_from_array(LIST_ITEMS(opt), LIST_LEN(opt));
    if (!all || list_extend(all, pos) < 0) {
        XDECREF(all);
        goto out;
    }
    Obj *au = fmt_actions_usage(F, all, groups);
    DECREF(all);
    if (!au) goto out;
    Obj *prog = obj_str(F->prog);
    if (!prog) {
        DECREF(au);
        goto out;
    }
    Ssize aul = obj_length(au), progl = obj_length(prog);
    if (progl && aul) u = str_from_fmt("%S %S", prog, au);
    else u = INCREF(aul ? au : prog);
    DECREF(au);
    long text_width = F->width - F->indent;
    Ssize prel = obj_length(pre);
    if (u && prel + obj_length(u) > text_width) {
        Obj *ou = fmt_actions_usage(F, opt, groups);
        Obj *pu = ou ? fmt_actions_usage(F, pos, groups) : NULL;
        Obj *op = pu ? findall_parts(ou) : NULL;
        Obj *pp = op ? findall_parts(pu) : NULL;
        XDECREF(ou);
        XDECREF(pu);
        Obj *lines = pp ? list_new(0) : NULL;
        int rc = lines ? 0 : -1;
        if (rc == 0 && prel + progl <= 0.75 * text_width) {
            Ssize il = prel + progl + 1;
            if (LIST_LEN(op)) {
                Obj *l1 = list_from_array(&prog, 1);
                rc = l1 ? list_extend(l1, op) : -1;
                if (rc == 0) rc = usage_lines(lines, l1, il, prel, true, text_width);
                XDECREF(l1);
                if (rc == 0) rc = usage_lines(lines, pp, il, 0, false, text_width);
            } else if (LIST_LEN(pp)) {
                Obj *l1 = list_from_array(&prog, 1);
                rc = l1 ? list_extend(l1, pp) : -1;
                if (rc == 0) rc = usage_lines(lines, l1, il, prel, true, text_width);
                XDECREF(l1);
            } else {
                rc = list_append(lines, prog);
            }
        } else if (rc == 0) {
            Obj *both = list_from_array(LIST_ITEMS(op), LIST_LEN(op));
            rc = both ? list_extend(both, pp) : -1;
            Obj *tmp = rc == 0 ? list_new(0) : NULL;
            rc = tmp ? usage_lines(tmp, both, prel, 0, false, text_width) : -1;
            XDECREF(both);
            if (rc == 0) rc = list_append(lines, prog);
            if (rc == 0 && LIST_LEN(tmp) > 1) {
                rc = usage_lines(lines, op, prel, 0, false, text_width);
                if (rc == 0) rc = usage_lines(lines, pp, prel, 0, false, text_width);
            } else if (rc == 0) {
                rc = list_extend(lines, tmp);
            }
            XDECREF(tmp);
        }
        XDECREF(op);
        XDECREF(pp);
        if (rc < 0) {
            XDECREF(lines);
            DECREF(prog);
            CLEAR(u);
            goto out;
        }
        Obj *nl = S("\n");
        Obj *j = nl ? str_join(nl, lines) : NULL;
        XDECREF(nl);
        DECREF(lines);
        obj_setref(&u, j);
    }
    DECREF(prog);
done:
    if (u) r = str_from_fmt("%S%S\n\n", pre, u);
out:
    XDECREF(u);
    XDECREF(pre);
    XDECREF(acts);
    XDECREF(opt);
    XDECREF(pos);
    return r;
}

static Obj *fmt_section(Fmt *F, Obj *sec, bool root)
{
    if (!LIST_CHECK(sec) || LIST_LEN(sec) != 3) {
        vm_err_set_str(&exc_TypeError, "bad formatter section");
        return NULL;
    }
    Obj *heading = LIST_ITEMS(sec)[0], *items = LIST_ITEMS(sec)[1];
    if (!root) F->indent += F->indent_inc;
    Obj *parts = list_new(0);
    for (Ssize i = 0; parts && i < LIST_LEN(items); i++) {
        Obj *it = LIST_ITEMS(items)[i];
        Obj *kind = TUPLE_ITEMS(it)[0], *p = NULL;
        if (str_eq_cstr(kind, "t")) p = fmt_text(F, TUPLE_ITEMS(it)[1]);
        else if (str_eq_cstr(kind, "a")) p = fmt_action(F, TUPLE_ITEMS(it)[1]);
        else if (str_eq_cstr(kind, "s")) p = fmt_section(F, TUPLE_ITEMS(it)[1], false);
        else p = fmt_usage(F, TUPLE_ITEMS(it)[1], TUPLE_ITEMS(it)[2], TUPLE_ITEMS(it)[3], TUPLE_ITEMS(it)[4]);
        if (!p || list_append(parts, p) < 0) CLEAR(parts);
        XDECREF(p);
    }
    if (!root) F->indent -= F->indent_inc;
    Obj *ih = parts ? join_parts(parts) : NULL;
    XDECREF(parts);
    if (!ih) return NULL;
    if (obj_length(ih) == 0) return ih;
    Obj *r;
    if (heading != suppress && heading != NONE)
        r = str_from_fmt("\n%*s%S:\n%S\n", (int)F->indent, "", heading, ih);
    else
        r = str_from_fmt("\n%S\n", ih);
    DECREF(ih);
    return r;
}

static Obj *hf_format_help(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("format_help", nargs, kw) < 0) return NULL;
    Fmt F;
    if (fmt_load(&F, self) < 0) return NULL;
    Obj *root = ga(self, "_root_section");
    Obj *h = root ? fmt_section(&F, root, true) : NULL;
    XDECREF(root);
    if (fmt_store(&F) < 0 || !h) {
        XDECREF(h);
        return NULL;
    }
    if (obj_length(h) == 0) return h;
    Obj *a[3] = {S("\\n\\n\\n+"), S("\n\n"), h};
    Obj *x = a[0] && a[1] ? re_call("sub", a, 3) : NULL;
    XDECREF(a[0]);
    XDECREF(a[1]);
    DECREF(h);
    if (!x) return NULL;
    Obj *nl = S("\n");
    Obj *st = nl ? meth1(x, "strip", nl) : NULL;
    DECREF(x);
    Obj *r = st ? str_concat(st, nl) : NULL;
    XDECREF(st);
    XDECREF(nl);
    return r;
}

static Obj *hf_format_action(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_format_action", nargs, kw) < 0) return NULL;
    Fmt F;
    if (fmt_load(&F, self) < 0) return NULL;
    Obj *r = fmt_action(&F, args[0]);
    XDECREF(F.prog);
    return r;
}

static Obj *hf_format_usage(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_format_usage", "_format_usage", nargs, kw, 4, 4) < 0) return NULL;
    Fmt F;
    if (fmt_load(&F, self) < 0) return NULL;
    Obj *r = fmt_usage(&F, args[0], args[1], args[2], args[3]);
    XDECREF(F.prog);
    return r;
}

static Obj *hf_indent(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_indent", nargs, kw) < 0 || bump_indent(self, 1) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *hf_dedent(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_dedent", nargs, kw) < 0 || bump_indent(self, -1) < 0) return NULL;
    return INCREF(NONE);
}

static const MethodDef hf_methods[] = {
    {"__init__", hf_init, METH_FAST, NULL},
    {"_indent", hf_indent, METH_FAST, NULL},
    {"_dedent", hf_dedent, METH_FAST, NULL},
    {"start_section", hf_start_section, METH_FAST, NULL},
    {"end_section", hf_end_section, METH_FAST, NULL},
    {"add_text", hf_add_text, METH_FAST, NULL},
    {"add_usage", hf_add_usage, METH_FAST, NULL},
    {"add_argument", hf_add_argument, METH_FAST, NULL},
    {"add_arguments", hf_add_arguments, METH_FAST, NULL},
    {"format_help", hf_format_help, METH_FAST, NULL},
    {"_format_usage", hf_format_usage, METH_FAST, NULL},
    {"_format_action", hf_format_action, METH_FAST, NULL},
    {"_format_action_invocation", hf_invocation, METH_FAST, NULL},
    {"_format_args", hf_format_args, METH_FAST, NULL},
    {"_split_lines", hf_split_lines, METH_FAST, NULL},
    {"_fill_text", hf_fill_text, METH_FAST, NULL},
    {"_get_help_string", hf_get_help_string, METH_FAST, NULL},
    {"_get_default_metavar_for_optional", hf_dflt_metavar_opt, METH_FAST, NULL},
    {"_get_default_metavar_for_positional", hf_dflt_metavar_pos, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- _ActionsContainer, _ArgumentGroup, _MutuallyExclusiveGroup ------------------------------------------ */

static int register_value(Obj *self, const char *registry, Obj *value, Obj *object)
{
    Obj *regs = ga(self, "_registries");
    if (!regs) return -1;
    Obj *empty = dict_new();
    Obj *name = empty ? S(registry) : NULL;
    Obj *reg = name ? dict_setdefault(regs, name, empty) : NULL;
    XDECREF(name);
    XDECREF(empty);
    DECREF(regs);
    int r = reg ? obj_setitem(reg, value, object) : -1;
    XDECREF(reg);
    return r;
}

/* self._registries[registry].get(value, dflt): new ref */
static Obj *registry_get(Obj *self, const char *registry, Obj *value, Obj *dflt)
{
    Obj *regs = ga(self, "_registries");
    if (!regs) return NULL;
    Obj *reg = dict_get_str_borrow(regs, registry);
    if (!reg) {
        if (!vm_err_occurred()) {
            Obj *k = S(registry);
            if (k) vm_err_set_key(k);
            XDECREF(k);
        }
        DECREF(regs);
        return NULL;
    }
    Obj *a[2] = {value, dflt};
    Obj *r = meth2(reg, "get", a[0], a[1]);
    DECREF(regs);
    return r;
}

static Obj *get_handler(Obj *self)
{
    Obj *ch = ga(self, "conflict_handler");
    if (!ch) return NULL;
    Obj *nm = str_from_fmt("_handle_conflict_%S", ch);
    Obj *h = NULL;
    if (nm && obj_lookup_attr(self, nm, &h) == 0 && !h)
        vm_err_format(&exc_ValueError, "invalid conflict_resolution value: %R", ch);
    XDECREF(nm);
    DECREF(ch);
    return h;
}

static int container_setup(Obj *self, Obj *description, Obj *prefix_chars, Obj *argument_default,
                           Obj *conflict_handler)
{
    if (sa(self, "description", description) < 0 || sa(self, "argument_default", argument_default) < 0 ||
        sa(self, "prefix_chars", prefix_chars) < 0 || sa(self, "conflict_handler", conflict_handler) < 0 ||
        sa_steal(self, "_registries", dict_new()) < 0)
        return -1;
    static const char *const names[] = {NULL, "store", "store_const", "store_true", "store_false", "append",
                                        "append_const", "count", "help", "version", "parsers", "extend"};
    Obj *classes[] = {store_cls, store_cls, store_const_cls, store_true_cls, store_false_cls, append_cls,
                      append_const_cls, count_cls, help_cls, version_cls, parsers_cls, extend_cls};
    for (int i = 0; i < 12; i++) {
        Obj *k = names[i] ? S(names[i]) : INCREF(NONE);
        int r = k ? register_value(self, "action", k, classes[i]) : -1;
        XDECREF(k);
        if (r < 0) return -1;
    }
    Obj *h = get_handler(self);
    if (!h) return -1;
    DECREF(h);
    Obj *pat = S("^-\\d+$|^-\\d*\\.\\d+$");
    Obj *m = pat ? re_call("compile", &pat, 1) : NULL;
    XDECREF(pat);
    if (sa_steal(self, "_actions", list_new(0)) < 0 || sa_steal(self, "_option_string_actions", dict_new()) < 0 ||
        sa_steal(self, "_action_groups", list_new(0)) < 0 ||
        sa_steal(self, "_mutually_exclusive_groups", list_new(0)) < 0 || sa_steal(self, "_defaults", dict_new()) < 0 ||
        sa_steal(self, "_negative_number_matcher", m) < 0 ||
        sa_steal(self, "_has_negative_number_optionals", list_new(0)) < 0)
        return -1;
    return 0;
}

static Obj *container_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"description", "prefix_chars", "argument_default", "conflict_handler"};
    Obj *v[4];
    if (mh_bind_m("_ActionsContainer.__init__", args, nargs, kw, names, 4, 4, 0, 4, 0, v) < 0) return NULL;
    return container_setup(self, v[0], v[1], v[2], v[3]) < 0 ? NULL : INCREF(NONE);
}

static Obj *container_register(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"registry_name", "value", "object"};
    Obj *v[3];
    if (mh_bind_m("_ActionsContainer.register", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *regs = ga(self, "_registries");
    Obj *empty = regs ? dict_new() : NULL;
    Obj *reg = empty ? dict_setdefault(regs, v[0], empty) : NULL;
    XDECREF(empty);
    XDECREF(regs);
    int r = reg ? obj_setitem(reg, v[1], v[2]) : -1;
    XDECREF(reg);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *container_registry_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"registry_name", "value", "default"};
    Obj *v[3];
    if (mh_bind_m("_ActionsContainer._registry_get", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *regs = ga(self, "_registries");
    Obj *reg = regs ? obj_getitem(regs, v[0]) : NULL;
    XDECREF(regs);
    Obj *r = reg ? meth2(reg, "get", v[1], v[2] ? v[2] : NONE) : NULL;
    XDECREF(reg);
    return r;
}

static Obj *container_set_defaults(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (nargs) {
        args_err_too_many_positional("_ActionsContainer.set_defaults", 1, 1, nargs + 1, 0);
        return NULL;
    }
    Obj *defs = ga(self, "_defaults");
    Obj *acts = defs ? ga(self, "_actions") : NULL;
    Obj *l = acts ? seq_to_list(acts) : NULL;
    XDECREF(acts);
    if (!l) {
        XDECREF(defs);
        return NULL;
    }
    Ssize nk = mh_nkw(kw);
    for (Ssize i = 0; i < nk; i++)
        if (obj_setitem(defs, TUPLE_ITEMS(kw)[i], args[i]) < 0) goto fail;
    for (Ssize j = 0; j < LIST_LEN(l); j++) {
        Obj *a = LIST_ITEMS(l)[j];
        Obj *dest = ga(a, "dest");
        if (!dest) goto fail;
        for (Ssize i = 0; i < nk; i++) {
            int eq = obj_richcompare_bool(dest, TUPLE_ITEMS(kw)[i], CMP_EQ);
            if (eq < 0 || (eq && sa(a, "default", args[i]) < 0)) {
                DECREF(dest);
                goto fail;
            }
        }
        DECREF(dest);
    }
    DECREF(l);
    DECREF(defs);
    return INCREF(NONE);
fail:
    DECREF(l);
    DECREF(defs);
    return NULL;
}

static Obj *container_get_default(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"dest"};
    Obj *v[1];
    if (mh_bind_m("_ActionsContainer.get_default", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *acts = ga(self, "_actions");
    Obj *l = acts ? seq_to_list(acts) : NULL;
    XDECREF(acts);
    if (!l) return NULL;
    for (Ssize j = 0; j < LIST_LEN(l); j++) {
        Obj *a = LIST_ITEMS(l)[j];
        Obj *dest = ga(a, "dest");
        int eq = dest ? obj_richcompare_bool(dest, v[0], CMP_EQ) : -1;
        XDECREF(dest);
        if (eq < 0) {
            DECREF(l);
            return NULL;
        }
        if (eq) {
            Obj *d = ga(a, "default");
            if (!d || d != NONE) {
                DECREF(l);
                return d;
            }
            DECREF(d);
        }
    }
    DECREF(l);
    Obj *defs = ga(self, "_defaults");
    Obj *r = defs ? meth2(defs, "get", v[0], NONE) : NULL;
    XDECREF(defs);
    return r;
}

/* s[0] in chars (IndexError for '') */
static int first_in(Obj *s, Obj *chars, Ssize idx)
{
    Obj *i = int_from_i64(idx);
    Obj *c = i ? obj_getitem(s, i) : NULL;
    XDECREF(i);
    if (!c) return -1;
    int r = obj_contains(chars, c);
    DECREF(c);
    return r;
}

static Obj *container_add_argument(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *kwargs = dict_new(), *chars = NULL, *action = NULL, *cls = NULL, *r = NULL;
    if (!kwargs) return NULL;
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(kwargs, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) goto out;
    chars = ga(self, "prefix_chars");
    if (!chars) goto out;
    int positional = nargs == 0;
    if (nargs == 1) {
        int in = first_in(args[0], chars, 0);
        if (in < 0) goto out;
        positional = !in;
    }
    if (positional) {
        if (nargs && dict_get_str_borrow(kwargs, "dest")) {
            vm_err_set_str(&exc_ValueError, "dest supplied twice for positional argument");
            goto out;
        }
        if (nargs == 0) {
            vm_err_set_str(&exc_TypeError,
                           "_ActionsContainer._get_positional_kwargs() missing 1 required positional argument: 'dest'");
            goto out;
        }
        if (dict_get_str_borrow(kwargs, "required")) {
            vm_err_set_str(&exc_TypeError, "'required' is an invalid argument for positionals");
            goto out;
        }
        Obj *na = dict_get_str_borrow(kwargs, "nargs");
        bool opt_or_star = na && (str_is(na, "?") || str_is(na, "*"));
        if (!opt_or_star || (str_is(na, "*") && !dict_get_str_borrow(kwargs, "default")))
            if (dict_set_str(kwargs, "required", TRUE_) < 0) goto out;
        Obj *opts = list_new(0);
        if (!opts || dict_set_str(kwargs, "dest", args[0]) < 0 || dict_set_str(kwargs, "option_strings", opts) < 0) {
            XDECREF(opts);
            goto out;
        }
        DECREF(opts);
    } else {
        Obj *opts = list_new(0), *longs = list_new(0);
        if (!opts || !longs) {
            XDECREF(opts);
            XDECREF(longs);
            goto out;
        }
        for (Ssize i = 0; i < nargs; i++) {
            int in = first_in(args[i], chars, 0);
            if (in < 0) goto ofail;
            if (!in) {
                vm_err_format(&exc_ValueError, "invalid option string %R: must start with a character %R",
                              args[i], chars);
                goto ofail;
            }
            if (list_append(opts, args[i]) < 0) goto ofail;
            Ssize ln = obj_length(args[i]);
            if (ln > 1) {
                in = first_in(args[i], chars, 1);
                if (in < 0 || (in && list_append(longs, args[i]) < 0)) goto ofail;
            }
        }
        Obj *dk = S("dest"), *dest = NULL;
        if (!dk) goto ofail;
        if (dict_pop_opt(kwargs, dk, &dest) < 0) {
            DECREF(dk);
            goto ofail;
        }
        DECREF(dk);
        if (!dest || dest == NONE) {
            XDECREF(dest);
            Obj *src = LIST_LEN(longs) ? LIST_ITEMS(longs)[0] : LIST_ITEMS(opts)[0];
            Obj *st = meth1(src, "lstrip", chars);
            if (!st) goto ofail;
            if (obj_length(st) == 0) {
                vm_err_format(&exc_ValueError, "dest= is required for options like %R", args[nargs - 1]);
                DECREF(st);
                goto ofail;
            }
            Obj *a1 = S("-"), *a2 = S("_");
            dest = a1 && a2 ? meth2(st, "replace", a1, a2) : NULL;
            XDECREF(a1);
            XDECREF(a2);
            DECREF(st);
            if (!dest) goto ofail;
        }
        int rc = dict_set_str(kwargs, "dest", dest) < 0 || dict_set_str(kwargs, "option_strings", opts) < 0;
        DECREF(dest);
        DECREF(opts);
        DECREF(longs);
        if (rc) goto out;
        goto opts_done;
    ofail:
        DECREF(opts);
        DECREF(longs);
        goto out;
    }
opts_done:
    if (!dict_get_str_borrow(kwargs, "default")) {
        Obj *dest = dict_get_str_borrow(kwargs, "dest");
        Obj *defs = ga(self, "_defaults");
        if (!defs) goto out;
        Obj *dv = dict_get_borrow(defs, dest);
        if (dv) {
            if (dict_set_str(kwargs, "default", dv) < 0) {
                DECREF(defs);
                goto out;
            }
        } else {
            Obj *ad = ga(self, "argument_default");
            if (!ad || (ad != NONE && dict_set_str(kwargs, "default", ad) < 0)) {
                XDECREF(ad);
                DECREF(defs);
                goto out;
            }
            DECREF(ad);
        }
        DECREF(defs);
    }
    Obj *ak = S("action"), *av = NULL;
    if (!ak || dict_pop_opt(kwargs, ak, &av) < 0) {
        XDECREF(ak);
        goto out;
    }
    DECREF(ak);
    if (!av) av = INCREF(NONE);
    cls = registry_get(self, "action", av, av);
    DECREF(av);
    if (!cls) goto out;
    if (!OBJ_TYPE(cls)->call) {
        vm_err_format(&exc_ValueError, "unknown action \"%S\"", cls);
        goto out;
    }
    action = call_kwdict(cls, kwargs);
    if (!action) goto out;
    Obj *tp = ga(action, "type");
    Obj *tf = tp ? registry_get(self, "type", tp, tp) : NULL;
    XDECREF(tp);
    if (!tf) goto out;
    if (!OBJ_TYPE(tf)->call) {
        vm_err_format(&exc_ValueError, "%R is not callable", tf);
        DECREF(tf);
        goto out;
    }
    if (tf == filetype_cls) {
        vm_err_format(&exc_ValueError, "%R is a FileType class object, instance of it must be passed", tf);
        DECREF(tf);
        goto out;
    }
    DECREF(tf);
    Obj *gf = ga_opt(self, "_get_formatter");
    if (vm_err_occurred()) goto out;
    if (gf) {
        Obj *f = obj_call(gf, NULL, 0, NULL);
        DECREF(gf);
        if (!f) goto out;
        Obj *x = meth2(f, "_format_args", action, NONE);
        DECREF(f);
        if (!x) {
            if (!vm_err_matches(&exc_TypeError)) goto out;
            vm_err_clear();
            vm_err_set_str(&exc_ValueError, "length of metavar tuple does not match nargs");
            goto out;
        }
        DECREF(x);
    }
    r = meth1(self, "_add_action", action);
out:
    XDECREF(action);
    XDECREF(cls);
    XDECREF(chars);
    DECREF(kwargs);
    return r;
}

static Obj *call_with_self(Obj *cls, Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Ssize nk = mh_nkw(kw);
    Obj **v = malloc(sizeof(Obj *) * (size_t)(nargs + nk + 1));
    if (!v) {
        vm_err_no_memory();
        return NULL;
    }
    v[0] = self;
    for (Ssize i = 0; i < nargs + nk; i++) v[i + 1] = args[i];
    Obj *r = obj_call(cls, v, nargs + 1, kw);
    free(v);
    return r;
}

static Obj *container_add_group(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *g = call_with_self(group_cls, self, args, nargs, kw);
    Obj *l = g ? ga(self, "_action_groups") : NULL;
    int r = l ? list_append(l, g) : -1;
    XDECREF(l);
    if (r < 0) CLEAR(g);
    return g;
}

static Obj *container_add_mutex(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs) {
        args_err_too_many_positional("_ActionsContainer.add_mutually_exclusive_group", 1, 1, nargs + 1, 0);
        return NULL;
    }
    Obj *g = call_with_self(mutex_cls, self, args, nargs, kw);
    Obj *l = g ? ga(self, "_mutually_exclusive_groups") : NULL;
    int r = l ? list_append(l, g) : -1;
    XDECREF(l);
    if (r < 0) CLEAR(g);
    return g;
}

static Obj *check_conflict(Obj *self, Obj *action)
{
    Obj *opts = ga(action, "option_strings");
    Obj *map = opts ? ga(self, "_option_string_actions") : NULL;
    Obj *confl = map ? list_new(0) : NULL;
    Obj *r = NULL;
    if (!confl) goto out;
    Obj *it = obj_getiter(opts), *o;
    if (!it) goto out;
    while ((o = obj_iternext(it))) {
        Obj *a = dict_get_borrow(map, o);
        Obj *t = a ? tuple_pack(2, o, a) : NULL;
        int rc = a ? (t ? list_append(confl, t) : -1) : 0;
        XDECREF(t);
        DECREF(o);
        if (rc < 0) break;
    }
    DECREF(it);
    if (vm_err_occurred()) goto out;
    if (LIST_LEN(confl)) {
        Obj *h = get_handler(self);
        Obj *x = h ? obj_call(h, (Obj *[]){action, confl}, 2, NULL) : NULL;
        XDECREF(h);
        if (!x) goto out;
        DECREF(x);
    }
    r = INCREF(NONE);
out:
    XDECREF(opts);
    XDECREF(map);
    XDECREF(confl);
    return r;
}

static Obj *container_handle_error(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("_handle_conflict_error", "_handle_conflict_error", nargs, kw, 2, 2) < 0) return NULL;
    Obj *l = seq_to_list(args[1]);
    if (!l) return NULL;
    Obj *names = list_new(0);
    for (Ssize i = 0; names && i < LIST_LEN(l); i++) {
        Obj *z = int_from_i64(0);
        Obj *s = z ? obj_getitem(LIST_ITEMS(l)[i], z) : NULL;
        XDECREF(z);
        if (!s || list_append(names, s) < 0) CLEAR(names);
        XDECREF(s);
    }
    Obj *sep = names ? S(", ") : NULL;
    Obj *j = sep ? str_join(sep, names) : NULL;
    XDECREF(sep);
    XDECREF(names);
    if (j)
        raise_argerror_steal(args[0], str_from_fmt(LIST_LEN(l) == 1 ? "conflicting option string: %S"
                                                                    : "conflicting option strings: %S", j));
    XDECREF(j);
    DECREF(l);
    return NULL;
}

static Obj *container_handle_resolve(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_handle_conflict_resolve", "_handle_conflict_resolve", nargs, kw, 2, 2) < 0) return NULL;
    Obj *l = seq_to_list(args[1]);
    Obj *map = l ? ga(self, "_option_string_actions") : NULL;
    if (!map) {
        XDECREF(l);
        return NULL;
    }
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *t = LIST_ITEMS(l)[i];
        Obj *i0 = int_from_i64(0), *i1 = int_from_i64(1);
        Obj *os = obj_getitem(t, i0), *a = os ? obj_getitem(t, i1) : NULL;
        XDECREF(i0);
        XDECREF(i1);
        Obj *opts = a ? ga(a, "option_strings") : NULL;
        Obj *x = opts ? meth1(opts, "remove", os) : NULL;
        Obj *y = x ? meth2(map, "pop", os, NONE) : NULL;
        int t2 = y ? obj_is_true(opts) : -1;
        int ok = t2 >= 0;
        if (t2 == 0) {
            Obj *c = ga(a, "container");
            Obj *z = c ? meth1(c, "_remove_action", a) : NULL;
            XDECREF(c);
            ok = z != NULL;
            XDECREF(z);
        }
        XDECREF(os);
        XDECREF(a);
        XDECREF(opts);
        XDECREF(x);
        XDECREF(y);
        if (!ok) {
            DECREF(l);
            DECREF(map);
            return NULL;
        }
    }
    DECREF(l);
    DECREF(map);
    return INCREF(NONE);
}

static Obj *container_add_action(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_add_action", nargs, kw) < 0) return NULL;
    Obj *action = args[0];
    Obj *c = check_conflict(self, action);
    if (!c) return NULL;
    DECREF(c);
    Obj *acts = ga(self, "_actions");
    int rc = acts ? list_append(acts, action) : -1;
    XDECREF(acts);
    if (rc < 0 || sa(action, "container", self) < 0) return NULL;
    Obj *opts = ga(action, "option_strings");
    Obj *map = opts ? ga(self, "_option_string_actions") : NULL;
    Obj *matcher = map ? ga(self, "_negative_number_matcher") : NULL;
    Obj *neg = matcher ? ga(self, "_has_negative_number_optionals") : NULL;
    Obj *l = neg ? seq_to_list(opts) : NULL;
    rc = l ? 0 : -1;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(l); i++) rc = obj_setitem(map, LIST_ITEMS(l)[i], action);
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(l); i++) {
        Obj *m = meth1(matcher, "match", LIST_ITEMS(l)[i]);
        if (!m) {
            rc = -1;
            break;
        }
        if (m != NONE && obj_length(neg) == 0) rc = list_append(neg, TRUE_);
        DECREF(m);
    }
    XDECREF(l);
    XDECREF(opts);
    XDECREF(map);
    XDECREF(matcher);
    XDECREF(neg);
    return rc < 0 ? NULL : INCREF(action);
}

static Obj *container_remove_action(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_remove_action", nargs, kw) < 0) return NULL;
    Obj *acts = ga(self, "_actions");
    Obj *r = acts ? meth1(acts, "remove", args[0]) : NULL;
    XDECREF(acts);
    return r;
}

static Obj *container_add_container_actions(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_add_container_actions", nargs, kw) < 0) return NULL;
    Obj *container = args[0];
    Obj *title_map = dict_new(), *group_map = dict_new(), *r = NULL, *l = NULL;
    if (!title_map || !group_map) goto out;
    Obj *mine = ga(self, "_action_groups");
    l = mine ? seq_to_list(mine) : NULL;
    XDECREF(mine);
    if (!l) goto out;
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *t = ga(LIST_ITEMS(l)[i], "title");
        if (!t) goto out;
        int in = dict_contains(title_map, t);
        if (in) {
            if (in > 0) vm_err_format(&exc_ValueError, "cannot merge actions - two groups are named %R", t);
            DECREF(t);
            goto out;
        }
        in = dict_set(title_map, t, LIST_ITEMS(l)[i]);
        DECREF(t);
        if (in < 0) goto out;
    }
    CLEAR(l);
    Obj *theirs = ga(container, "_action_groups");
    l = theirs ? seq_to_list(theirs) : NULL;
    XDECREF(theirs);
    if (!l) goto out;
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *g = LIST_ITEMS(l)[i];
        Obj *t = ga(g, "title");
        if (!t) goto out;
        if (!dict_get_borrow(title_map, t)) {
            Obj *d = ga(g, "description"), *ch = d ? ga(g, "conflict_handler") : NULL;
            Obj *kn = ch ? tuple_pack(3, id_str("title"), id_str("description"), id_str("conflict_handler")) : NULL;
            Obj *ng = NULL;
            if (kn) {
                Obj *f = ga(self, "add_argument_group");
                ng = f ? obj_call(f, (Obj *[]){t, d, ch}, 0, kn) : NULL;
                XDECREF(f);
            }
            XDECREF(d);
            XDECREF(ch);
            XDECREF(kn);
            if (!ng || dict_set(title_map, t, ng) < 0) {
                XDECREF(ng);
                DECREF(t);
                goto out;
            }
            DECREF(ng);
        }
        Obj *target = dict_get_borrow(title_map, t);
        DECREF(t);
        Obj *ga_ = ga(g, "_group_actions");
        Obj *gl = ga_ ? seq_to_list(ga_) : NULL;
        XDECREF(ga_);
        if (!gl) goto out;
        for (Ssize j = 0; j < LIST_LEN(gl); j++)
            if (dict_set(group_map, LIST_ITEMS(gl)[j], target) < 0) {
                DECREF(gl);
                goto out;
            }
        DECREF(gl);
    }
    CLEAR(l);
    Obj *mx = ga(container, "_mutually_exclusive_groups");
    l = mx ? seq_to_list(mx) : NULL;
    XDECREF(mx);
    if (!l) goto out;
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *g = LIST_ITEMS(l)[i];
        Obj *req = ga(g, "required");
        Obj *kn = req ? tuple_pack(1, id_str("required")) : NULL;
        Obj *f = kn ? ga(self, "add_mutually_exclusive_group") : NULL;
        Obj *mg = f ? obj_call(f, &req, 0, kn) : NULL;
        XDECREF(f);
        XDECREF(kn);
        XDECREF(req);
        Obj *ga_ = mg ? ga(g, "_group_actions") : NULL;
        Obj *gl = ga_ ? seq_to_list(ga_) : NULL;
        XDECREF(ga_);
        if (!gl) {
            XDECREF(mg);
            goto out;
        }
        for (Ssize j = 0; j < LIST_LEN(gl); j++)
            if (dict_set(group_map, LIST_ITEMS(gl)[j], mg) < 0) {
                DECREF(gl);
                DECREF(mg);
                goto out;
            }
        DECREF(gl);
        DECREF(mg);
    }
    CLEAR(l);
    Obj *acts = ga(container, "_actions");
    l = acts ? seq_to_list(acts) : NULL;
    XDECREF(acts);
    if (!l) goto out;
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *a = LIST_ITEMS(l)[i];
        Obj *target = dict_get_borrow(group_map, a);
        if (!target && vm_err_occurred()) goto out;
        Obj *x = meth1(target ? target : self, "_add_action", a);
        if (!x) goto out;
        DECREF(x);
    }
    r = INCREF(NONE);
out:
    XDECREF(l);
    XDECREF(title_map);
    XDECREF(group_map);
    return r;
}

static const MethodDef container_methods[] = {
    {"__init__", container_init, METH_FAST, NULL},
    {"register", container_register, METH_FAST, NULL},
    {"_registry_get", container_registry_get, METH_FAST, NULL},
    {"set_defaults", container_set_defaults, METH_FAST, NULL},
    {"get_default", container_get_default, METH_FAST, NULL},
    {"add_argument", container_add_argument, METH_FAST, NULL},
    {"add_argument_group", container_add_group, METH_FAST, NULL},
    {"add_mutually_exclusive_group", container_add_mutex, METH_FAST, NULL},
    {"_add_action", container_add_action, METH_FAST, NULL},
    {"_remove_action", container_remove_action, METH_FAST, NULL},
    {"_add_container_actions", container_add_container_actions, METH_FAST, NULL},
    {"_handle_conflict_error", container_handle_error, METH_FAST, NULL},
    {"_handle_conflict_resolve", container_handle_resolve, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* _ArgumentGroup(container, title=None, description=None, **kwargs) */
static int group_setup(Obj *self, Obj *container, Obj *title, Obj *description, Obj *kwargs)
{
    static const char *const inherit[] = {"conflict_handler", "prefix_chars", "argument_default"};
    Obj *vals[3] = {0};
    int rc = 0;
    for (int i = 0; i < 3 && rc == 0; i++) {
        Obj *v = kwargs ? dict_get_str_borrow(kwargs, inherit[i]) : NULL;
        vals[i] = v ? INCREF(v) : ga(container, inherit[i]);
        if (!vals[i]) rc = -1;
    }
    if (kwargs && rc == 0) {
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(kwargs, &pos, &k, &v)) {
            bool known = false;
            for (int i = 0; i < 3; i++) known |= str_eq_cstr(k, inherit[i]);
            if (!known) {
                args_err_unexpected_kw("_ActionsContainer.__init__", k);
                rc = -1;
                break;
            }
        }
    }
    if (rc == 0) rc = container_setup(self, description ? description : NONE, vals[1], vals[2], vals[0]);
    for (int i = 0; i < 3; i++) XDECREF(vals[i]);
    if (rc < 0) return -1;
    static const char *const shared[] = {"_registries", "_actions", "_option_string_actions", "_defaults",
                                         "_has_negative_number_optionals", "_mutually_exclusive_groups"};
    if (sa(self, "title", title ? title : NONE) < 0 || sa_steal(self, "_group_actions", list_new(0)) < 0)
        return -1;
    for (int i = 0; i < 6; i++)
        if (sa_steal(self, shared[i], ga(container, shared[i])) < 0) return -1;
    return 0;
}

static Obj *group_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[3] = {0};
    Obj *kwargs = dict_new();
    if (!kwargs) return NULL;
    static const char *const names[] = {"container", "title", "description"};
    if (nargs > 3) {
        args_err_too_many_positional("_ArgumentGroup.__init__", 2, 4, nargs + 1, 0);
        DECREF(kwargs);
        return NULL;
    }
    for (Ssize i = 0; i < nargs; i++) v[i] = args[i];
    for (Ssize i = 0; i < mh_nkw(kw); i++) {
        Obj *k = TUPLE_ITEMS(kw)[i];
        int slot = -1;
        for (int j = 0; j < 3; j++)
            if (str_eq_cstr(k, names[j])) slot = j;
        if (slot >= 0) {
            if (v[slot]) {
                args_err_multiple_values("_ArgumentGroup.__init__", k);
                DECREF(kwargs);
                return NULL;
            }
            v[slot] = args[nargs + i];
        } else if (dict_set(kwargs, k, args[nargs + i]) < 0) {
            DECREF(kwargs);
            return NULL;
        }
    }
    if (!v[0]) {
        Obj *n = S("container");
        if (n) args_err_missing("_ArgumentGroup.__init__", &n, 1, false);
        XDECREF(n);
        DECREF(kwargs);
        return NULL;
    }
    int r = group_setup(self, v[0], v[1], v[2], kwargs);
    DECREF(kwargs);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *group_add_action(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_add_action", nargs, kw) < 0) return NULL;
    Obj *a = container_add_action(self, args, 1, NULL);
    Obj *l = a ? ga(self, "_group_actions") : NULL;
    int r = l ? list_append(l, a) : -1;
    XDECREF(l);
    if (r < 0) CLEAR(a);
    return a;
}

static Obj *group_remove_action(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_remove_action", nargs, kw) < 0) return NULL;
    Obj *x = container_remove_action(self, args, 1, NULL);
    if (!x) return NULL;
    DECREF(x);
    Obj *l = ga(self, "_group_actions");
    Obj *r = l ? meth1(l, "remove", args[0]) : NULL;
    XDECREF(l);
    return r;
}

/* add_argument_group on a group / add_mutually_exclusive_group on a mutex group: deprecated in 3.12 */
static Obj *group_add_group(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *m = S("Nesting argument groups is deprecated.");
    int w = m ? warnings_warn(&exc_DeprecationWarning, m, 1) : -1;
    XDECREF(m);
    if (w < 0) return NULL;
    return container_add_group(self, args, nargs, kw);
}

static Obj *mutex_add_mutex(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *m = S("Nesting mutually exclusive groups is deprecated.");
    int w = m ? warnings_warn(&exc_DeprecationWarning, m, 1) : -1;
    XDECREF(m);
    if (w < 0) return NULL;
    return container_add_mutex(self, args, nargs, kw);
}

static const MethodDef group_methods[] = {
    {"__init__", group_init, METH_FAST, NULL},
    {"add_argument_group", group_add_group, METH_FAST, NULL},
    {"_add_action", group_add_action, METH_FAST, NULL},
    {"_remove_action", group_remove_action, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *mutex_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"container", "required"};
    Obj *v[2];
    if (mh_bind_m("_MutuallyExclusiveGroup.__init__", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    if (group_setup(self, v[0], NULL, NULL, NULL) < 0 || sa(self, "required", v[1] ? v[1] : FALSE_) < 0 ||
        sa(self, "_container", v[0]) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *mutex_add_action(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_add_action", nargs, kw) < 0) return NULL;
    int req = truth_attr(args[0], "required");
    if (req < 0) return NULL;
    if (req) {
        vm_err_set_str(&exc_ValueError, "mutually exclusive arguments must be optional");
        return NULL;
    }
    Obj *c = ga(self, "_container");
    Obj *a = c ? meth1(c, "_add_action", args[0]) : NULL;
    XDECREF(c);
    Obj *l = a ? ga(self, "_group_actions") : NULL;
    int r = l ? list_append(l, a) : -1;
    XDECREF(l);
    if (r < 0) CLEAR(a);
    return a;
}

static Obj *mutex_remove_action(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_remove_action", nargs, kw) < 0) return NULL;
    Obj *c = ga(self, "_container");
    Obj *x = c ? meth1(c, "_remove_action", args[0]) : NULL;
    XDECREF(c);
    if (!x) return NULL;
    DECREF(x);
    Obj *l = ga(self, "_group_actions");
    Obj *r = l ? meth1(l, "remove", args[0]) : NULL;
    XDECREF(l);
    return r;
}

static const MethodDef mutex_methods[] = {
    {"__init__", mutex_init, METH_FAST, NULL},
    {"add_mutually_exclusive_group", mutex_add_mutex, METH_FAST, NULL},
    {"_add_action", mutex_add_action, METH_FAST, NULL},
    {"_remove_action", mutex_remove_action, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- ArgumentParser --------------------------------------------------------------------------------------- */

static Obj *identity_fn(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"string"};
    Obj *v[1];
    if (mh_bind("ArgumentParser.__init__.<locals>.identity", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0)
        return NULL;
    return INCREF(v[0]);
}
static const MethodDef identity_def = {"identity", identity_fn, METH_FAST, NULL};

static Obj *default_prog(void)
{
    Obj *argv = sys_get_borrow("argv");
    Obj *z = int_from_i64(0);
    Obj *a0 = argv && z ? obj_getitem(argv, z) : NULL;
    XDECREF(z);
    if (!a0) return NULL;
    if (!STR_CHECK(a0)) {   /* os.path.basename's own complaint */
        vm_err_format(&exc_TypeError, "expected str, bytes or os.PathLike object, not %s",
                      type_name(OBJ_TYPE(a0)));
        DECREF(a0);
        return NULL;
    }
    Ssize n = obj_length(a0), cut = 0;
    for (Ssize i = 0; i < n; i++)
        if (str_char(a0, i) == '/') cut = i + 1;
    Obj *r = str_substr(a0, cut, n);
    DECREF(a0);
    return r;
}

static Obj *parser_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"prog", "usage", "description", "epilog", "parents", "formatter_class",
                                        "prefix_chars", "fromfile_prefix_chars", "argument_default",
                                        "conflict_handler", "add_help", "allow_abbrev", "exit_on_error"};
    Obj *v[13];
    if (mh_bind_m("ArgumentParser.__init__", args, nargs, kw, names, 13, 13, 0, 0, 0, v) < 0) return NULL;
    Obj *pc = v[6] ? INCREF(v[6]) : S("-");
    Obj *ch = v[9] ? INCREF(v[9]) : S("error");
    Obj *prog = NULL, *r = NULL;
    if (!pc || !ch || container_setup(self, v[2] ? v[2] : NONE, pc, v[8] ? v[8] : NONE, ch) < 0) goto out;
    prog = v[0] && v[0] != NONE ? INCREF(v[0]) : default_prog();
    if (!prog || sa(self, "prog", prog) < 0 || sa(self, "usage", v[1] ? v[1] : NONE) < 0 ||
        sa(self, "epilog", v[3] ? v[3] : NONE) < 0 || sa(self, "formatter_class", v[5] ? v[5] : fmt_cls) < 0 ||
        sa(self, "fromfile_prefix_chars", v[7] ? v[7] : NONE) < 0 ||
        sa(self, "add_help", v[10] ? v[10] : TRUE_) < 0 || sa(self, "allow_abbrev", v[11] ? v[11] : TRUE_) < 0 ||
        sa(self, "exit_on_error", v[12] ? v[12] : TRUE_) < 0)
        goto out;
    Obj *t1 = S("positional arguments"), *t2 = S("options");
    Obj *g1 = t1 ? meth1(self, "add_argument_group", t1) : NULL;
    Obj *g2 = g1 && t2 ? meth1(self, "add_argument_group", t2) : NULL;
    XDECREF(t1);
    XDECREF(t2);
    int rc = g2 && sa(self, "_positionals", g1) == 0 && sa(self, "_optionals", g2) == 0 &&
             sa(self, "_subparsers", NONE) == 0;
    XDECREF(g1);
    XDECREF(g2);
    if (!rc) goto out;
    Obj *idf = builtin_new(&identity_def, NULL, NULL);
    rc = idf ? register_value(self, "type", NONE, idf) : -1;
    XDECREF(idf);
    if (rc < 0) goto out;
    Obj *dash = S("-");
    int has_dash = dash ? obj_contains(pc, dash) : -1;
    if (has_dash < 0) {
        XDECREF(dash);
        goto out;
    }
    Obj *dp;
    if (has_dash) {
        dp = dash;
    } else {
        Obj *z = int_from_i64(0);
        dp = z ? obj_getitem(pc, z) : NULL;
        XDECREF(z);
        DECREF(dash);
        if (!dp) goto out;
    }
    int ah = truth_attr(self, "add_help");
    if (ah < 0) {
        DECREF(dp);
        goto out;
    }
    if (ah) {
        Obj *o1 = str_from_fmt("%Sh", dp), *o2 = str_from_fmt("%S%Shelp", dp, dp);
        Obj *act = S("help"), *hlp = S("show this help message and exit");
        Obj *kn = tuple_pack(3, id_str("action"), id_str("default"), id_str("help"));
        Obj *f = ga(self, "add_argument");
        Obj *x = o1 && o2 && act && hlp && kn && f ? obj_call(f, (Obj *[]){o1, o2, act, suppress, hlp}, 2, kn) : NULL;
        XDECREF(o1);
        XDECREF(o2);
        XDECREF(act);
        XDECREF(hlp);
        XDECREF(kn);
        XDECREF(f);
        if (!x) {
            DECREF(dp);
            goto out;
        }
        DECREF(x);
    }
    DECREF(dp);
    if (v[4]) {
        Obj *it = obj_getiter(v[4]), *p;
        if (!it) goto out;
        while ((p = obj_iternext(it))) {
            Obj *x = meth1(self, "_add_container_actions", p);
            if (x) {
                DECREF(x);
                Obj *d = ga_opt(p, "_defaults");
                if (d) {
                    Obj *mine = ga(self, "_defaults");
                    int u = mine ? dict_update(mine, d) : -1;
                    XDECREF(mine);
                    DECREF(d);
                    if (u < 0) x = NULL;
                } else if (vm_err_occurred()) {
                    x = NULL;
                }
            }
            DECREF(p);
            if (!x) break;
        }
        DECREF(it);
        if (vm_err_occurred()) goto out;
    }
    r = INCREF(NONE);
out:
    XDECREF(prog);
    XDECREF(pc);
    XDECREF(ch);
    return r;
}

static Obj *parser_get_kwargs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_get_kwargs", nargs, kw) < 0) return NULL;
    static const char *const names[] = {"prog", "usage", "description", "formatter_class", "conflict_handler",
                                        "add_help"};
    return named_kwargs(self, names, 6);
}

static Obj *actions_filtered(Obj *self, bool optional)
{
    Obj *acts = ga(self, "_actions");
    Obj *l = acts ? seq_to_list(acts) : NULL;
    XDECREF(acts);
    Obj *out = l ? list_new(0) : NULL;
    for (Ssize i = 0; out && i < LIST_LEN(l); i++) {
        int t = truth_attr(LIST_ITEMS(l)[i], "option_strings");
        if (t < 0 || (t == optional && list_append(out, LIST_ITEMS(l)[i]) < 0)) CLEAR(out);
    }
    XDECREF(l);
    return out;
}

static Obj *parser_get_optionals(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_get_optional_actions", nargs, kw) < 0) return NULL;
    return actions_filtered(self, true);
}

static Obj *parser_get_positionals(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_get_positional_actions", nargs, kw) < 0) return NULL;
    return actions_filtered(self, false);
}

static Obj *parser_add_action(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_add_action", nargs, kw) < 0) return NULL;
    int t = truth_attr(args[0], "option_strings");
    if (t < 0) return NULL;
    Obj *g = ga(self, t ? "_optionals" : "_positionals");
    Obj *x = g ? meth1(g, "_add_action", args[0]) : NULL;
    XDECREF(g);
    if (!x) return NULL;
    DECREF(x);
    return INCREF(args[0]);
}

static Obj *get_formatter(Obj *self)
{
    Obj *fc = ga(self, "formatter_class");
    Obj *prog = fc ? ga(self, "prog") : NULL;
    Obj *kn = prog ? tuple_pack(1, id_str("prog")) : NULL;
    Obj *r = kn ? obj_call(fc, &prog, 0, kn) : NULL;
    XDECREF(kn);
    XDECREF(prog);
    XDECREF(fc);
    return r;
}

static Obj *parser_get_formatter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_get_formatter", nargs, kw) < 0) return NULL;
    return get_formatter(self);
}

static Obj *format_text_alone(Obj *parser, Obj *text)
{
    Obj *f = meth0(parser, "_get_formatter");
    if (!f) return NULL;
    Obj *x = meth1(f, "add_text", text);
    Obj *r = x ? meth0(f, "format_help") : NULL;
    XDECREF(x);
    DECREF(f);
    return r;
}

static Obj *parser_add_subparsers(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs) {
        args_err_too_many_positional("ArgumentParser.add_subparsers", 1, 1, nargs + 1, 0);
        return NULL;
    }
    Obj *kwargs = dict_new(), *r = NULL;
    if (!kwargs) return NULL;
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(kwargs, TUPLE_ITEMS(kw)[i], args[i]) < 0) goto out;
    Obj *sp = ga(self, "_subparsers");
    if (!sp) goto out;
    DECREF(sp);
    if (sp != NONE) {
        Obj *m = S("cannot have multiple subparser arguments");
        Obj *x = m ? meth1(self, "error", m) : NULL;
        XDECREF(m);
        if (!x) goto out;
        DECREF(x);
    }
    if (!dict_get_str_borrow(kwargs, "parser_class") &&
        dict_set_str(kwargs, "parser_class", (Obj *)OBJ_TYPE(self)) < 0)
        goto out;
    Obj *group;
    if (dict_get_str_borrow(kwargs, "title") || dict_get_str_borrow(kwargs, "description")) {
        Obj *tk = S("title"), *dk = S("description"), *title = NULL, *desc = NULL;
        if (!tk || !dk || dict_pop_opt(kwargs, tk, &title) < 0 || dict_pop_opt(kwargs, dk, &desc) < 0) {
            XDECREF(tk);
            XDECREF(dk);
            XDECREF(title);
            XDECREF(desc);
            goto out;
        }
        DECREF(tk);
        DECREF(dk);
        if (!title) title = S("subcommands");
        if (!desc) desc = INCREF(NONE);
        group = title ? meth2(self, "add_argument_group", title, desc) : NULL;
        XDECREF(title);
        DECREF(desc);
    } else {
        group = ga(self, "_positionals");
    }
    if (!group || sa(self, "_subparsers", group) < 0) {
        XDECREF(group);
        goto out;
    }
    DECREF(group);
    Obj *pg = dict_get_str_borrow(kwargs, "prog");
    if (!pg || pg == NONE) {
        Obj *f = meth0(self, "_get_formatter");
        Obj *pos = f ? actions_filtered(self, false) : NULL;
        Obj *grps = pos ? ga(self, "_mutually_exclusive_groups") : NULL;
        Obj *usage = grps ? ga(self, "usage") : NULL;
        Obj *empty = usage ? S("") : NULL;
        Obj *x = empty ? obj_call_method(f, "add_usage", (Obj *[]){usage, pos, grps, empty}, 4) : NULL;
        Obj *h = x ? meth0(f, "format_help") : NULL;
        Obj *st = h ? meth0(h, "strip") : NULL;
        int rc = st ? dict_set_str(kwargs, "prog", st) : -1;
        XDECREF(f);
        XDECREF(pos);
        XDECREF(grps);
        XDECREF(usage);
        XDECREF(empty);
        XDECREF(x);
        XDECREF(h);
        XDECREF(st);
        if (rc < 0) goto out;
    }
    Obj *ak = S("action"), *av = NULL;
    if (!ak || dict_pop_opt(kwargs, ak, &av) < 0) {
        XDECREF(ak);
        goto out;
    }
    DECREF(ak);
    if (!av) av = S("parsers");
    Obj *cls = av ? registry_get(self, "action", av, av) : NULL;
    XDECREF(av);
    if (!cls) goto out;
    Obj *opts = list_new(0);
    int rc = opts ? dict_set_str(kwargs, "option_strings", opts) : -1;
    XDECREF(opts);
    Obj *action = rc == 0 ? call_kwdict(cls, kwargs) : NULL;
    DECREF(cls);
    if (!action) goto out;
    Obj *grp = ga(self, "_subparsers");
    Obj *x = grp ? meth1(grp, "_add_action", action) : NULL;
    XDECREF(grp);
    if (!x) {
        DECREF(action);
        goto out;
    }
    DECREF(x);
    r = action;
out:
    DECREF(kwargs);
    return r;
}

/* ---- parsing ---------------------------------------------------------------------------------------------- */

static int call_error(Obj *self, Obj *msg)   /* steals msg; always -1 */
{
    if (!msg) return -1;
    Obj *x = meth1(self, "error", msg);
    DECREF(msg);
    if (x) {
        /* error() returned (a subclass that does not exit): CPython goes on; we stop cleanly */
        DECREF(x);
        vm_err_set_str(&exc_SystemExit, "2");
    }
    return -1;
}

/* _get_nargs_pattern(action) as C text */
static int nargs_pattern(Obj *action, SBuf *out)
{
    Obj *nargs = ga(action, "nargs");
    if (!nargs) return -1;
    int rc = 0;
    SBuf p = {0};
    if (nargs == NONE) sbuf_puts(&p, "(-*A-*)");
    else if (str_is(nargs, "?")) sbuf_puts(&p, "(-*A?-*)");
    else if (str_is(nargs, "*")) sbuf_puts(&p, "(-*[A-]*)");
    else if (str_is(nargs, "+")) sbuf_puts(&p, "(-*A[A-]*)");
    else if (str_is(nargs, "...")) sbuf_puts(&p, "([-AO]*)");
    else if (str_is(nargs, "A...")) sbuf_puts(&p, "(-*A[-AO]*)");
    else if (str_is(nargs, "==SUPPRESS==")) sbuf_puts(&p, "(-*-*)");
    else {
        int64_t n;
        if (!INT_CHECK(nargs)) {
            vm_err_format(&exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                          type_name(OBJ_TYPE(nargs)));
            rc = -1;
        } else if (int_as_i64(nargs, &n) < 0) {
            rc = -1;
        } else {
            sbuf_puts(&p, "(-*");
            for (int64_t i = 0; i < n; i++) sbuf_puts(&p, i ? "-*A" : "A");
            sbuf_puts(&p, "-*)");
        }
    }
    DECREF(nargs);
    if (rc == 0) {
        int t = truth_attr(action, "option_strings");
        if (t < 0) rc = -1;
        else if (t) {
            const char *s = sbuf_cstr(&p);
            for (size_t i = 0; i < p.len; i++) {
                if (s[i] == '-' && s[i + 1] == '*') {
                    i++;
                    continue;
                }
                if (s[i] == '-') continue;
                sbuf_putc(out, s[i]);
            }
        } else {
            sbuf_put(out, sbuf_cstr(&p), p.len);
        }
    }
    sbuf_free(&p);
    return rc;
}

/* re.match(pattern, s): the match or None */
static Obj *re_match(const char *pattern, Obj *s)
{
    Obj *p = S(pattern);
    Obj *a[2] = {p, s};
    Obj *m = p ? re_call("match", a, 2) : NULL;
    XDECREF(p);
    return m;
}

static Ssize match_argument(Obj *action, Obj *pattern)
{
    SBuf b = {0};
    if (nargs_pattern(action, &b) < 0) {
        sbuf_free(&b);
        return -1;
    }
    Obj *m = re_match(sbuf_cstr(&b), pattern);
    sbuf_free(&b);
    if (!m) return -1;
    if (m == NONE) {
        DECREF(m);
        Obj *nargs = ga(action, "nargs");
        if (!nargs) return -1;
        Obj *msg;
        if (nargs == NONE) msg = S("expected one argument");
        else if (str_is(nargs, "?")) msg = S("expected at most one argument");
        else if (str_is(nargs, "+")) msg = S("expected at least one argument");
        else {
            int64_t n = 0;
            if (INT_CHECK(nargs)) int_as_i64(nargs, &n);
            msg = str_from_fmt(n == 1 ? "expected %S argument" : "expected %S arguments", nargs);
        }
        DECREF(nargs);
        raise_argerror_steal(action, msg);
        return -1;
    }
    Obj *one = int_from_i64(1);
    Obj *g = one ? meth1(m, "group", one) : NULL;
    XDECREF(one);
    DECREF(m);
    if (!g) return -1;
    Ssize n = obj_length(g);
    DECREF(g);
    return n;
}

/* _match_arguments_partial: list of counts */
static Obj *match_partial(Obj *actions, Obj *pattern)
{
    Obj *result = list_new(0);
    if (!result) return NULL;
    for (Ssize i = LIST_LEN(actions); i > 0; i--) {
        SBuf b = {0};
        for (Ssize j = 0; j < i; j++)
            if (nargs_pattern(LIST_ITEMS(actions)[j], &b) < 0) {
                sbuf_free(&b);
                DECREF(result);
                return NULL;
            }
        Obj *m = re_match(sbuf_cstr(&b), pattern);
        sbuf_free(&b);
        if (!m) {
            DECREF(result);
            return NULL;
        }
        if (m != NONE) {
            Obj *gs = meth0(m, "groups");
            DECREF(m);
            if (!gs) {
                DECREF(result);
                return NULL;
            }
            for (Ssize k = 0; k < TUPLE_LEN(gs); k++) {
                Obj *n = int_from_i64(obj_length(TUPLE_ITEMS(gs)[k]));
                if (!n || list_append(result, n) < 0) {
                    XDECREF(n);
                    DECREF(gs);
                    DECREF(result);
                    return NULL;
                }
                DECREF(n);
            }
            DECREF(gs);
            break;
        }
        DECREF(m);
    }
    return result;
}

static bool in_chars(Obj *chars, uint32_t c)
{
    if (!STR_CHECK(chars)) {   /* prefix_chars of another type: `in` decides (errors count as no) */
        Obj *ch = str_from_char(c);
        int r = ch ? obj_contains(chars, ch) : -1;
        XDECREF(ch);
        if (r < 0) vm_err_clear();
        return r > 0;
    }
    Ssize n = obj_length(chars);
    for (Ssize i = 0; i < n; i++)
        if (str_char(chars, i) == c) return true;
    return false;
}

static Obj *option_tuple(Obj *action, Obj *opt, Obj *explicit_arg)
{
    return tuple_pack(3, action ? action : NONE, opt, explicit_arg ? explicit_arg : NONE);
}

/* _get_option_tuples */
static Obj *get_option_tuples(Obj *self, Obj *option_string)
{
    Obj *chars = ga(self, "prefix_chars");
    Obj *map = chars ? ga(self, "_option_string_actions") : NULL;
    Obj *result = map ? list_new(0) : NULL;
    Obj *keys = result ? seq_to_list(map) : NULL;
    if (!keys) goto fail;
    Ssize n = obj_length(option_string);
    bool c0 = n > 0 && in_chars(chars, str_char(option_string, 0));
    bool c1 = n > 1 && in_chars(chars, str_char(option_string, 1));
    if (n < 2) {
        vm_err_set_str(&exc_IndexError, "string index out of range");
        goto fail;
    }
    if (c0 && c1) {
        int ab = truth_attr(self, "allow_abbrev");
        if (ab < 0) goto fail;
        if (ab) {
            Obj *prefix, *explicit_arg = NULL;
            Ssize eq = -1;
            for (Ssize i = 0; i < n; i++)
                if (str_char(option_string, i) == '=') {
                    eq = i;
                    break;
                }
            if (eq >= 0) {
                prefix = str_substr(option_string, 0, eq);
                explicit_arg = str_substr(option_string, eq + 1, n);
            } else {
                prefix = INCREF(option_string);
            }
            for (Ssize i = 0; prefix && i < LIST_LEN(keys); i++) {
                Obj *k = LIST_ITEMS(keys)[i];
                Obj *sw = meth1(k, "startswith", prefix);
                if (!sw) break;
                if (sw == TRUE_) {
                    Obj *t = option_tuple(dict_get_borrow(map, k), k, explicit_arg);
                    if (!t || list_append(result, t) < 0) {
                        XDECREF(t);
                        DECREF(sw);
                        break;
                    }
                    DECREF(t);
                }
                DECREF(sw);
            }
            XDECREF(prefix);
            XDECREF(explicit_arg);
            if (vm_err_occurred()) goto fail;
        }
    } else if (c0 && !c1) {
        Obj *sp = str_substr(option_string, 0, 2), *se = sp ? str_substr(option_string, 2, n) : NULL;
        for (Ssize i = 0; se && i < LIST_LEN(keys); i++) {
            Obj *k = LIST_ITEMS(keys)[i];
            Obj *t = NULL;
            if (str_eq(k, sp)) {
                t = option_tuple(dict_get_borrow(map, k), k, se);
                if (!t) break;
            } else {
                Obj *sw = meth1(k, "startswith", option_string);
                if (!sw) break;
                if (sw == TRUE_) t = option_tuple(dict_get_borrow(map, k), k, NULL);
                DECREF(sw);
                if (vm_err_occurred()) break;
            }
            if (t && list_append(result, t) < 0) {
                DECREF(t);
                break;
            }
            XDECREF(t);
        }
        XDECREF(sp);
        XDECREF(se);
        if (vm_err_occurred()) goto fail;
    } else {
        call_error(self, str_from_fmt("unexpected option string: %S", option_string));
        goto fail;
    }
    DECREF(keys);
    DECREF(map);
    DECREF(chars);
    return result;
fail:
    XDECREF(keys);
    XDECREF(result);
    XDECREF(map);
    XDECREF(chars);
    return NULL;
}

/* _parse_optional: a (action, option_string, explicit_arg) tuple or None */
static Obj *parse_optional(Obj *self, Obj *arg)
{
    if (!STR_CHECK(arg)) {
        /* `if not arg_string` then `arg_string[0] in self.prefix_chars`, as argparse.py evaluates them */
        int t = obj_is_true(arg);
        if (t <= 0) return t < 0 ? NULL : INCREF(NONE);
        Obj *z = int_from_i64(0);
        Obj *first = z ? obj_getitem(arg, z) : NULL;
        XDECREF(z);
        Obj *chars = first ? ga(self, "prefix_chars") : NULL;
        int in = chars ? obj_contains(chars, first) : -1;
        XDECREF(first);
        XDECREF(chars);
        if (in < 0) return NULL;
        if (!in) return INCREF(NONE);
        vm_err_format(&exc_TypeError, "argument strings must be str, not %s", type_name(OBJ_TYPE(arg)));
        return NULL;
    }
    Ssize n = obj_length(arg);
    if (n <= 0) return n < 0 ? NULL : INCREF(NONE);
    Obj *chars = ga(self, "prefix_chars");
    if (!chars) return NULL;
    bool c0 = in_chars(chars, str_char(arg, 0));
    DECREF(chars);
    if (!c0) return INCREF(NONE);
    Obj *map = ga(self, "_option_string_actions");
    if (!map) return NULL;
    Obj *a = dict_get_borrow(map, arg);
    if (a) {
        DECREF(map);
        return option_tuple(a, arg, NULL);
    }
    if (n == 1) {
        DECREF(map);
        return INCREF(NONE);
    }
    for (Ssize i = 0; i < n; i++)
        if (str_char(arg, i) == '=') {
            Obj *os = str_substr(arg, 0, i), *ea = os ? str_substr(arg, i + 1, n) : NULL;
            Obj *act = ea ? dict_get_borrow(map, os) : NULL;
            Obj *r = act ? option_tuple(act, os, ea) : NULL;
            XDECREF(os);
            XDECREF(ea);
            if (r || vm_err_occurred()) {
                DECREF(map);
                return r;
            }
            break;
        }
    DECREF(map);
    Obj *tuples = get_option_tuples(self, arg);
    if (!tuples) return NULL;
    if (LIST_LEN(tuples) > 1) {
        Obj *names = list_new(0);
        for (Ssize i = 0; names && i < LIST_LEN(tuples); i++)
            if (list_append(names, TUPLE_ITEMS(LIST_ITEMS(tuples)[i])[1]) < 0) CLEAR(names);
        Obj *sep = names ? S(", ") : NULL;
        Obj *j = sep ? str_join(sep, names) : NULL;
        XDECREF(sep);
        XDECREF(names);
        DECREF(tuples);
        if (j) call_error(self, str_from_fmt("ambiguous option: %S could match %S", arg, j));
        XDECREF(j);
        return NULL;
    }
    if (LIST_LEN(tuples) == 1) {
        Obj *t = INCREF(LIST_ITEMS(tuples)[0]);
        DECREF(tuples);
        return t;
    }
    DECREF(tuples);
    Obj *m = ga(self, "_negative_number_matcher");
    Obj *mm = m ? meth1(m, "match", arg) : NULL;
    XDECREF(m);
    if (!mm) return NULL;
    DECREF(mm);
    if (mm != NONE) {
        int h = truth_attr(self, "_has_negative_number_optionals");
        if (h < 0) return NULL;
        if (!h) return INCREF(NONE);
    }
    for (Ssize i = 0; i < n; i++)
        if (str_char(arg, i) == ' ') return INCREF(NONE);
    return option_tuple(NULL, arg, NULL);
}

static Obj *get_value(Obj *self, Obj *action, Obj *arg)
{
    Obj *tp = ga(action, "type");
    Obj *tf = tp ? registry_get(self, "type", tp, tp) : NULL;
    if (!tf) {
        XDECREF(tp);
        return NULL;
    }
    if (!OBJ_TYPE(tf)->call) {
        raise_argerror_steal(action, str_from_fmt("%R is not callable", tf));
        DECREF(tf);
        DECREF(tp);
        return NULL;
    }
    Obj *r = obj_call(tf, &arg, 1, NULL);
    DECREF(tf);
    if (!r) {
        if (vm_err_matches((TypeObj *)argtypeerror_cls)) {
            Obj *e = vm_err_fetch();
            Obj *msg = obj_str(e);
            DECREF(e);
            raise_argerror_steal(action, msg);
        } else if (vm_err_matches(&exc_TypeError) || vm_err_matches(&exc_ValueError)) {
            vm_err_clear();
            Obj *name = ga_opt(tp, "__name__");
            if (!name && !vm_err_occurred()) name = obj_repr(tp);
            if (name) raise_argerror_steal(action, str_from_fmt("invalid %S value: %R", name, arg));
            XDECREF(name);
        }
    }
    DECREF(tp);
    return r;
}

static int check_value(Obj *action, Obj *value)
{
    Obj *ch = ga(action, "choices");
    if (!ch) return -1;
    if (ch == NONE) {
        DECREF(ch);
        return 0;
    }
    int in = obj_contains(ch, value);
    if (in != 0) {
        DECREF(ch);
        return in < 0 ? -1 : 0;
    }
    Obj *reprs = list_new(0);
    Obj *it = reprs ? obj_getiter(ch) : NULL, *c;
    DECREF(ch);
    if (!it) {
        XDECREF(reprs);
        return -1;
    }
    while ((c = obj_iternext(it))) {
        Obj *rp = obj_repr(c);
        DECREF(c);
        if (!rp || list_append(reprs, rp) < 0) {
            XDECREF(rp);
            break;
        }
        DECREF(rp);
    }
    DECREF(it);
    Obj *sep = vm_err_occurred() ? NULL : S(", ");
    Obj *j = sep ? str_join(sep, reprs) : NULL;
    XDECREF(sep);
    DECREF(reprs);
    if (j) raise_argerror_steal(action, str_from_fmt("invalid choice: %R (choose from %S)", value, j));
    XDECREF(j);
    return -1;
}

/* _get_values(action, arg_strings); arg_strings a fresh list (may be changed) */
static Obj *get_values(Obj *self, Obj *action, Obj *strs)
{
    Obj *nargs = ga(action, "nargs");
    if (!nargs) return NULL;
    Obj *value = NULL;
    bool parser_or_rem = str_is(nargs, "A...") || str_is(nargs, "...");
    if (!parser_or_rem) {
        for (Ssize i = 0; i < LIST_LEN(strs); i++)
            if (str_is(LIST_ITEMS(strs)[i], "--")) {
                if (list_set_slice(strs, i, i + 1, NULL) < 0) goto out;
                break;
            }
    }
    Ssize n = LIST_LEN(strs);
    int has_opts = truth_attr(action, "option_strings");
    if (has_opts < 0) goto out;
    if (n == 0 && str_is(nargs, "?")) {
        value = ga(action, has_opts ? "const" : "default");
        if (value && STR_CHECK(value)) {
            Obj *v2 = get_value(self, action, value);
            DECREF(value);
            value = v2;
            if (value && check_value(action, value) < 0) CLEAR(value);
        }
    } else if (n == 0 && str_is(nargs, "*") && !has_opts) {
        Obj *d = ga(action, "default");
        if (!d) goto out;
        if (d != NONE) {
            value = d;
            if (check_value(action, value) < 0) CLEAR(value);
        } else {
            DECREF(d);
            value = INCREF(strs);
        }
    } else if (n == 1 && (nargs == NONE || str_is(nargs, "?"))) {
        value = get_value(self, action, LIST_ITEMS(strs)[0]);
        if (value && check_value(action, value) < 0) CLEAR(value);
    } else if (str_is(nargs, "==SUPPRESS==")) {
        value = INCREF(suppress);
    } else {
        value = list_new(0);
        for (Ssize i = 0; value && i < n; i++) {
            Obj *v = get_value(self, action, LIST_ITEMS(strs)[i]);
            if (!v || list_append(value, v) < 0) CLEAR(value);
            XDECREF(v);
        }
        if (value && !str_is(nargs, "...")) {
            if (str_is(nargs, "A...")) {
                if (LIST_LEN(value) == 0) {
                    vm_err_set_str(&exc_IndexError, "list index out of range");
                    CLEAR(value);
                } else if (check_value(action, LIST_ITEMS(value)[0]) < 0) {
                    CLEAR(value);
                }
            } else {
                for (Ssize i = 0; value && i < LIST_LEN(value); i++)
                    if (check_value(action, LIST_ITEMS(value)[i]) < 0) CLEAR(value);
            }
        }
    }
out:
    DECREF(nargs);
    return value;
}

static Obj *parser_get_values(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_get_values", "_get_values", nargs, kw, 2, 2) < 0) return NULL;
    Obj *l = seq_to_list(args[1]);
    Obj *r = l ? get_values(self, args[0], l) : NULL;
    XDECREF(l);
    return r;
}

static Obj *parser_get_value(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_get_value", "_get_value", nargs, kw, 2, 2) < 0) return NULL;
    return get_value(self, args[0], args[1]);
}

static Obj *parser_check_value(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("_check_value", "_check_value", nargs, kw, 2, 2) < 0) return NULL;
    return check_value(args[0], args[1]) < 0 ? NULL : INCREF(NONE);
}

typedef struct Parse {
    Obj *self, *ns, *strs;      /* strs: list of the argument strings */
    Obj *pattern;               /* 'O'/'A'/'-' per argument */
    Obj **opt;                  /* option tuple per index or NULL */
    Ssize n;
    Obj *extras, *seen, *seen_nd, *conflicts, *positionals;
} Parse;

static int take_action(Parse *P, Obj *action, Obj *strs, Obj *option_string)
{
    if (set_add(P->seen, action) < 0) return -1;
    Obj *vals = get_values(P->self, action, strs);
    if (!vals) return -1;
    Obj *d = ga(action, "default");
    if (!d) {
        DECREF(vals);
        return -1;
    }
    DECREF(d);
    if (vals != d) {
        if (set_add(P->seen_nd, action) < 0) goto fail;
        Obj *cl = dict_get_borrow(P->conflicts, action);
        for (Ssize i = 0; cl && i < LIST_LEN(cl); i++) {
            int in = set_contains(P->seen_nd, LIST_ITEMS(cl)[i]);
            if (in < 0) goto fail;
            if (in) {
                Obj *nm = action_name(LIST_ITEMS(cl)[i]);
                if (nm) raise_argerror_steal(action, str_from_fmt("not allowed with argument %S", nm));
                XDECREF(nm);
                goto fail;
            }
        }
        if (vm_err_occurred()) goto fail;
    }
    if (vals != suppress) {
        Obj *a[4] = {P->self, P->ns, vals, option_string ? option_string : NONE};
        Obj *x = obj_call(action, a, 4, NULL);
        if (!x) goto fail;
        DECREF(x);
    }
    DECREF(vals);
    return 0;
fail:
    DECREF(vals);
    return -1;
}

static Ssize consume_optional(Parse *P, Ssize start)
{
    Obj *t = P->opt[start];
    Obj *action = INCREF(TUPLE_ITEMS(t)[0]), *os = INCREF(TUPLE_ITEMS(t)[1]), *ea = INCREF(TUPLE_ITEMS(t)[2]);
    Obj *tuples = list_new(0);
    Ssize stop = -1;
    if (!tuples) goto out;
    for (;;) {
        if (action == NONE) {
            if (list_append(P->extras, LIST_ITEMS(P->strs)[start]) < 0) goto out;
            stop = start + 1;
            goto out;
        }
        if (ea != NONE) {
            Obj *A = S("A");
            Ssize cnt = A ? match_argument(action, A) : -1;
            XDECREF(A);
            if (cnt < 0) goto out;
            Obj *chars = ga(P->self, "prefix_chars");
            if (!chars) goto out;
            bool c1 = obj_length(os) > 1 && in_chars(chars, str_char(os, 1));
            DECREF(chars);
            if (cnt == 0 && !c1 && obj_length(ea) > 0) {
                Obj *empty = list_new(0);
                Obj *tp = empty ? tuple_pack(3, action, empty, os) : NULL;
                XDECREF(empty);
                if (!tp || list_append(tuples, tp) < 0) {
                    XDECREF(tp);
                    goto out;
                }
                DECREF(tp);
                uint32_t cps[2] = {str_char(os, 0), str_char(ea, 0)};
                Obj *nos = str_from_ucs4(cps, 2);
                Obj *nea = nos ? str_substr(ea, 1, obj_length(ea)) : NULL;
                if (!nea) {
                    XDECREF(nos);
                    goto out;
                }
                if (obj_length(nea) == 0) obj_setref(&nea, INCREF(NONE));
                Obj *map = ga(P->self, "_option_string_actions");
                Obj *na = map ? dict_get_borrow(map, nos) : NULL;
                if (na) {
                    obj_setref(&action, INCREF(na));
                    obj_setref(&ea, nea);
                    obj_setref(&os, nos);
                    DECREF(map);
                    continue;
                }
                XDECREF(map);
                XDECREF(nos);
                XDECREF(nea);
                if (!vm_err_occurred())
                    raise_argerror_steal(action, str_from_fmt("ignored explicit argument %R", ea));
                goto out;
            } else if (cnt == 1) {
                stop = start + 1;
                Obj *args = list_from_array(&ea, 1);
                Obj *tp = args ? tuple_pack(3, action, args, os) : NULL;
                XDECREF(args);
                if (!tp || list_append(tuples, tp) < 0) {
                    XDECREF(tp);
                    stop = -1;
                    goto out;
                }
                DECREF(tp);
                break;
            } else {
                raise_argerror_steal(action, str_from_fmt("ignored explicit argument %R", ea));
                goto out;
            }
        } else {
            Ssize s = start + 1;
            Obj *sel = str_substr(P->pattern, s, P->n);
            Ssize cnt = sel ? match_argument(action, sel) : -1;
            XDECREF(sel);
            if (cnt < 0) goto out;
            stop = s + cnt;
            Obj *args = list_slice(P->strs, s, stop);
            Obj *tp = args ? tuple_pack(3, action, args, os) : NULL;
            XDECREF(args);
            if (!tp || list_append(tuples, tp) < 0) {
                XDECREF(tp);
                stop = -1;
                goto out;
            }
            DECREF(tp);
            break;
        }
    }
    for (Ssize i = 0; i < LIST_LEN(tuples); i++) {
        Obj *tp = LIST_ITEMS(tuples)[i];
        if (take_action(P, TUPLE_ITEMS(tp)[0], TUPLE_ITEMS(tp)[1], TUPLE_ITEMS(tp)[2]) < 0) {
            stop = -1;
            break;
        }
    }
out:
    XDECREF(tuples);
    DECREF(action);
    DECREF(os);
    DECREF(ea);
    return stop;
}

static Ssize consume_positionals(Parse *P, Ssize start)
{
    Obj *sel = str_substr(P->pattern, start, P->n);
    Obj *counts = sel ? match_partial(P->positionals, sel) : NULL;
    XDECREF(sel);
    if (!counts) return -1;
    Ssize k = LIST_LEN(counts);
    for (Ssize i = 0; i < k && i < LIST_LEN(P->positionals); i++) {
        int64_t c;
        int_as_i64(LIST_ITEMS(counts)[i], &c);
        Obj *args = list_slice(P->strs, start, start + c);
        start += c;
        int r = args ? take_action(P, LIST_ITEMS(P->positionals)[i], args, NULL) : -1;
        XDECREF(args);
        if (r < 0) {
            DECREF(counts);
            return -1;
        }
    }
    DECREF(counts);
    if (list_set_slice(P->positionals, 0, k < LIST_LEN(P->positionals) ? k : LIST_LEN(P->positionals), NULL) < 0)
        return -1;
    return start;
}

static Obj *read_args_from_files(Obj *self, Obj *strs);

/* _parse_known_args(arg_strings, namespace) -> (namespace, extras) */
static Obj *parse_known(Obj *self, Obj *arg_strings, Obj *ns)
{
    Parse P = {0};
    Obj *r = NULL, *acts = NULL, *groups = NULL;
    P.self = self;
    P.ns = ns;
    Obj *ffp = ga(self, "fromfile_prefix_chars");
    if (!ffp) return NULL;
    if (ffp != NONE) P.strs = read_args_from_files(self, arg_strings);
    else P.strs = INCREF(arg_strings);
    DECREF(ffp);
    if (!P.strs) return NULL;
    P.n = LIST_LEN(P.strs);
    P.opt = calloc((size_t)P.n + 1, sizeof(Obj *));
    P.conflicts = dict_new();
    P.extras = list_new(0);
    P.seen = set_new(NULL);
    P.seen_nd = set_new(NULL);
    if (!P.opt || !P.conflicts || !P.extras || !P.seen || !P.seen_nd) {
        if (!vm_err_occurred()) vm_err_no_memory();
        goto out;
    }
    Obj *mg = ga(self, "_mutually_exclusive_groups");
    groups = mg ? seq_to_list(mg) : NULL;
    XDECREF(mg);
    if (!groups) goto out;
    for (Ssize g = 0; g < LIST_LEN(groups); g++) {
        Obj *gaa = ga(LIST_ITEMS(groups)[g], "_group_actions");
        Obj *gl = gaa ? seq_to_list(gaa) : NULL;
        XDECREF(gaa);
        if (!gl) goto out;
        for (Ssize i = 0; i < LIST_LEN(gl); i++) {
            Obj *empty = list_new(0);
            Obj *cl = empty ? dict_setdefault(P.conflicts, LIST_ITEMS(gl)[i], empty) : NULL;
            XDECREF(empty);
            Obj *a = cl ? list_slice(gl, 0, i) : NULL, *b = a ? list_slice(gl, i + 1, LIST_LEN(gl)) : NULL;
            int rc = b && list_extend(cl, a) == 0 && list_extend(cl, b) == 0 ? 0 : -1;
            XDECREF(cl);
            XDECREF(a);
            XDECREF(b);
            if (rc < 0) {
                DECREF(gl);
                goto out;
            }
        }
        DECREF(gl);
    }
    SBuf pat = {0};
    for (Ssize i = 0; i < P.n; i++) {
        Obj *s = LIST_ITEMS(P.strs)[i];
        if (str_is(s, "--")) {
            sbuf_putc(&pat, '-');
            for (i++; i < P.n; i++) sbuf_putc(&pat, 'A');
            break;
        }
        Obj *t = parse_optional(self, s);
        if (!t) {
            sbuf_free(&pat);
            goto out;
        }
        if (t == NONE) {
            DECREF(t);
            sbuf_putc(&pat, 'A');
        } else {
            P.opt[i] = t;
            sbuf_putc(&pat, 'O');
        }
    }
    P.pattern = str_from_utf8(pat.len ? sbuf_cstr(&pat) : "", (Ssize)pat.len);
    sbuf_free(&pat);
    if (!P.pattern) goto out;
    P.positionals = actions_filtered(self, false);
    if (!P.positionals) goto out;
    Ssize max_opt = -1;
    for (Ssize i = 0; i < P.n; i++)
        if (P.opt[i]) max_opt = i;
    Ssize start = 0;
    while (start <= max_opt) {
        Ssize next = start;
        while (!P.opt[next]) next++;
        if (start != next) {
            Ssize pe = consume_positionals(&P, start);
            if (pe < 0) goto out;
            if (pe > start) {
                start = pe;
                continue;
            }
            start = pe;
        }
        if (!P.opt[start]) {
            Obj *sl = list_slice(P.strs, start, next);
            int rc = sl ? list_extend(P.extras, sl) : -1;
            XDECREF(sl);
            if (rc < 0) goto out;
            start = next;
        }
        start = consume_optional(&P, start);
        if (start < 0) goto out;
    }
    Ssize stop = consume_positionals(&P, start);
    if (stop < 0) goto out;
    Obj *rest = list_slice(P.strs, stop, P.n);
    int rc = rest ? list_extend(P.extras, rest) : -1;
    XDECREF(rest);
    if (rc < 0) goto out;
    Obj *aa = ga(self, "_actions");
    acts = aa ? seq_to_list(aa) : NULL;
    XDECREF(aa);
    if (!acts) goto out;
    Obj *required = list_new(0);
    if (!required) goto out;
    for (Ssize i = 0; i < LIST_LEN(acts); i++) {
        Obj *a = LIST_ITEMS(acts)[i];
        int seen = set_contains(P.seen, a);
        if (seen < 0) goto rfail;
        if (seen) continue;
        int req = truth_attr(a, "required");
        if (req < 0) goto rfail;
        if (req) {
            Obj *nm = action_name(a);
            if (!nm || list_append(required, nm) < 0) {
                XDECREF(nm);
                goto rfail;
            }
            DECREF(nm);
            continue;
        }
        Obj *d = ga(a, "default");
        if (!d) goto rfail;
        if (d != NONE && STR_CHECK(d)) {
            Obj *dest = ga(a, "dest"), *cur = NULL;
            if (!dest || obj_lookup_attr(ns, dest, &cur) < 0) {
                XDECREF(dest);
                DECREF(d);
                goto rfail;
            }
            if (cur == d) {
                Obj *v = get_value(self, a, d);
                int r2 = v ? obj_setattr(ns, dest, v) : -1;
                XDECREF(v);
                if (r2 < 0) {
                    XDECREF(cur);
                    DECREF(dest);
                    DECREF(d);
                    goto rfail;
                }
            }
            XDECREF(cur);
            DECREF(dest);
        }
        DECREF(d);
    }
    if (LIST_LEN(required)) {
        Obj *sep = S(", ");
        Obj *j = sep ? str_join(sep, required) : NULL;
        XDECREF(sep);
        if (j) call_error(self, str_from_fmt("the following arguments are required: %S", j));
        XDECREF(j);
        goto rfail;
    }
    DECREF(required);
    for (Ssize g = 0; g < LIST_LEN(groups); g++) {
        Obj *grp = LIST_ITEMS(groups)[g];
        int req = truth_attr(grp, "required");
        if (req < 0) goto out;
        if (!req) continue;
        Obj *gaa = ga(grp, "_group_actions");
        Obj *gl = gaa ? seq_to_list(gaa) : NULL;
        XDECREF(gaa);
        if (!gl) goto out;
        bool found = false;
        for (Ssize i = 0; i < LIST_LEN(gl) && !found; i++) {
            int in = set_contains(P.seen_nd, LIST_ITEMS(gl)[i]);
            if (in < 0) {
                DECREF(gl);
                goto out;
            }
            found = in;
        }
        if (!found) {
            Obj *names = list_new(0);
            for (Ssize i = 0; names && i < LIST_LEN(gl); i++) {
                Obj *h = ga(LIST_ITEMS(gl)[i], "help");
                if (!h) {
                    CLEAR(names);
                    break;
                }
                DECREF(h);
                if (h == suppress) continue;
                Obj *nm = action_name(LIST_ITEMS(gl)[i]);
                if (!nm || list_append(names, nm) < 0) CLEAR(names);
                XDECREF(nm);
            }
            Obj *sp = names ? S(" ") : NULL;
            Obj *j = sp ? str_join(sp, names) : NULL;
            XDECREF(sp);
            XDECREF(names);
            if (j) call_error(self, str_from_fmt("one of the arguments %S is required", j));
            XDECREF(j);
            DECREF(gl);
            goto out;
        }
        DECREF(gl);
    }
    r = tuple_pack(2, ns, P.extras);
    goto out;
rfail:
    DECREF(required);
out:
    if (P.opt)
        for (Ssize i = 0; i < P.n; i++) XDECREF(P.opt[i]);
    free(P.opt);
    XDECREF(P.strs);
    XDECREF(P.pattern);
    XDECREF(P.extras);
    XDECREF(P.seen);
    XDECREF(P.seen_nd);
    XDECREF(P.conflicts);
    XDECREF(P.positionals);
    XDECREF(acts);
    XDECREF(groups);
    return r;
}

static Obj *parser_parse_known_internal(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_parse_known_args", "_parse_known_args", nargs, kw, 2, 2) < 0) return NULL;
    Obj *l = seq_to_list(args[0]);
    Obj *r = l ? parse_known(self, l, args[1]) : NULL;
    XDECREF(l);
    return r;
}

static Obj *read_args_from_files(Obj *self, Obj *strs)
{
    Obj *chars = ga(self, "fromfile_prefix_chars");
    Obj *out = chars ? list_new(0) : NULL;
    if (!out) {
        XDECREF(chars);
        return NULL;
    }
    for (Ssize i = 0; i < LIST_LEN(strs); i++) {
        Obj *s = LIST_ITEMS(strs)[i];
        Ssize n = obj_length(s);
        int pre = n > 0 ? first_in(s, chars, 0) : 0;
        if (pre < 0) goto fail;
        if (!pre) {
            if (list_append(out, s) < 0) goto fail;
            continue;
        }
        Obj *path = str_substr(s, 1, n);
        Obj *kn = tuple_pack(2, id_str("encoding"), id_str("errors"));
        Obj *enc = S("utf-8"), *err = S("surrogateescape");
        Obj *f = NULL;
        if (path && kn && enc && err) f = io_open((Obj *[]){path, enc, err}, 1, kn);
        XDECREF(path);
        XDECREF(kn);
        XDECREF(enc);
        XDECREF(err);
        if (!f) {
            if (vm_err_matches(&exc_OSError)) {
                Obj *e = vm_err_fetch();
                Obj *m = obj_str(e);
                DECREF(e);
                call_error(self, m);
            }
            goto fail;
        }
        Obj *text = meth0(f, "read");
        Obj *c = meth0(f, "close");
        XDECREF(c);
        DECREF(f);
        Obj *lines = text ? meth0(text, "splitlines") : NULL;
        XDECREF(text);
        Obj *got = lines ? list_new(0) : NULL;
        for (Ssize k = 0; got && k < LIST_LEN(lines); k++) {
            Obj *conv = meth1(self, "convert_arg_line_to_args", LIST_ITEMS(lines)[k]);
            if (!conv || list_extend(got, conv) < 0) CLEAR(got);
            XDECREF(conv);
        }
        XDECREF(lines);
        Obj *sub = got ? read_args_from_files(self, got) : NULL;
        XDECREF(got);
        if (!sub || list_extend(out, sub) < 0) {
            XDECREF(sub);
            goto fail;
        }
        DECREF(sub);
    }
    DECREF(chars);
    return out;
fail:
    DECREF(chars);
    DECREF(out);
    return NULL;
}

static Obj *parser_convert_line(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_one_arg("convert_arg_line_to_args", nargs, kw) < 0) return NULL;
    return list_from_array(args, 1);
}

static const char *const pa_names[] = {"args", "namespace"};

static Obj *parser_parse_known_args(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (mh_bind_m("ArgumentParser.parse_known_args", args, nargs, kw, pa_names, 2, 2, 0, 0, 0, v) < 0)
        return NULL;
    Obj *list = NULL, *ns = NULL, *res = NULL, *r = NULL, *acts = NULL;
    if (!v[0] || v[0] == NONE) {
        Obj *argv = sys_get_borrow("argv");
        if (!argv) {
            vm_err_set_str(&exc_RuntimeError, "lost sys.argv");
            return NULL;
        }
        Obj *all = seq_to_list(argv);
        list = all ? list_slice(all, 1, LIST_LEN(all)) : NULL;
        XDECREF(all);
    } else {
        list = seq_to_list(v[0]);
    }
    if (!list) return NULL;
    ns = v[1] && v[1] != NONE ? INCREF(v[1]) : obj_call(namespace_cls, NULL, 0, NULL);
    if (!ns) goto out;
    Obj *aa = ga(self, "_actions");
    acts = aa ? seq_to_list(aa) : NULL;
    XDECREF(aa);
    if (!acts) goto out;
    for (Ssize i = 0; i < LIST_LEN(acts); i++) {
        Obj *a = LIST_ITEMS(acts)[i];
        Obj *dest = ga(a, "dest");
        if (!dest) goto out;
        if (dest != suppress) {
            Obj *cur = NULL;
            if (obj_lookup_attr(ns, dest, &cur) < 0) {
                DECREF(dest);
                goto out;
            }
            if (!cur) {
                Obj *d = ga(a, "default");
                int rc = d ? (d != suppress ? obj_setattr(ns, dest, d) : 0) : -1;
                XDECREF(d);
                if (rc < 0) {
                    DECREF(dest);
                    goto out;
                }
            }
            XDECREF(cur);
        }
        DECREF(dest);
    }
    Obj *defs = ga(self, "_defaults");
    Obj *items = defs ? dict_items_list(defs) : NULL;
    XDECREF(defs);
    if (!items) goto out;
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *k = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *dv = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1], *cur = NULL;
        if (obj_lookup_attr(ns, k, &cur) < 0 || (!cur && obj_setattr(ns, k, dv) < 0)) {
            XDECREF(cur);
            DECREF(items);
            goto out;
        }
        XDECREF(cur);
    }
    DECREF(items);
    int eoe = truth_attr(self, "exit_on_error");
    if (eoe < 0) goto out;
    res = meth2(self, "_parse_known_args", list, ns);
    if (!res) {
        if (eoe && vm_err_matches((TypeObj *)argerror_cls)) {
            Obj *e = vm_err_fetch();
            Obj *m = obj_str(e);
            DECREF(e);
            call_error(self, m);
        }
        goto out;
    }
    if (!TUPLE_CHECK(res) || TUPLE_LEN(res) != 2) {
        vm_err_set_str(&exc_TypeError, "cannot unpack _parse_known_args() result");
        goto out;
    }
    Obj *rns = TUPLE_ITEMS(res)[0], *extras = TUPLE_ITEMS(res)[1];
    Obj *un = NULL;
    Obj *key = id_str("_unrecognized_args");
    if (obj_lookup_attr(rns, key, &un) < 0) goto out;
    if (un) {
        Obj *x = meth1(extras, "extend", un);
        DECREF(un);
        if (!x || obj_setattr(rns, key, NULL) < 0) {
            XDECREF(x);
            goto out;
        }
        DECREF(x);
    }
    r = INCREF(res);
out:
    XDECREF(res);
    XDECREF(acts);
    XDECREF(ns);
    DECREF(list);
    return r;
}

static Obj *parser_parse_args(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (mh_bind_m("ArgumentParser.parse_args", args, nargs, kw, pa_names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *res = meth2(self, "parse_known_args", v[0] ? v[0] : NONE, v[1] ? v[1] : NONE);
    if (!res) return NULL;
    Obj *seq = seq_to_tuple(res);
    DECREF(res);
    if (!seq) return NULL;
    if (TUPLE_LEN(seq) != 2) {
        vm_err_format(&exc_ValueError, "too many values to unpack (expected 2)");
        DECREF(seq);
        return NULL;
    }
    Obj *ns = TUPLE_ITEMS(seq)[0], *argv = TUPLE_ITEMS(seq)[1];
    int t = obj_is_true(argv);
    if (t) {
        if (t > 0) {
            Obj *sp = S(" ");
            Obj *j = sp ? str_join(sp, argv) : NULL;
            XDECREF(sp);
            if (j) call_error(self, str_from_fmt("unrecognized arguments: %S", j));
            XDECREF(j);
        }
        DECREF(seq);
        return NULL;
    }
    Obj *r = INCREF(ns);
    DECREF(seq);
    return r;
}

/* parse_known_intermixed_args: positionals first parsed as SUPPRESS so the
 * optionals are consumed wherever they are, then the rest as positionals
 * with the optionals made non-required, as argparse.py does. */
static int swap_attr(Obj *o, const char *save, const char *name, Obj *v)
{
    Obj *cur = ga(o, name);
    int r = cur && sa(o, save, cur) == 0 && sa(o, name, v) == 0 ? 0 : -1;
    XDECREF(cur);
    return r;
}

static int restore_attr(Obj *o, const char *save, const char *name)
{
    Obj *v = ga(o, save);
    int r = v ? sa(o, name, v) : -1;
    XDECREF(v);
    return r;
}

static Obj *parser_parse_known_intermixed(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (mh_bind_m("ArgumentParser.parse_known_intermixed_args", args, nargs, kw, pa_names, 2, 2, 0, 0, 0, v) < 0)
        return NULL;
    Obj *pos = actions_filtered(self, false), *r = NULL, *save_usage = NULL, *res = NULL, *opts = NULL,
        *groups = NULL;
    if (!pos) return NULL;
    for (Ssize i = 0; i < LIST_LEN(pos); i++) {
        Obj *n = ga(LIST_ITEMS(pos)[i], "nargs");
        if (!n) goto out;
        if (str_is(n, "A...") || str_is(n, "...")) {
            vm_err_format(&exc_TypeError, "parse_intermixed_args: positional arg with nargs=%S", n);
            DECREF(n);
            goto out;
        }
        DECREF(n);
    }
    Obj *mg = ga(self, "_mutually_exclusive_groups");
    groups = mg ? seq_to_list(mg) : NULL;
    XDECREF(mg);
    if (!groups) goto out;
    for (Ssize g = 0; g < LIST_LEN(groups); g++) {
        Obj *gaa = ga(LIST_ITEMS(groups)[g], "_group_actions");
        Obj *gl = gaa ? seq_to_list(gaa) : NULL;
        XDECREF(gaa);
        if (!gl) goto out;
        for (Ssize i = 0; i < LIST_LEN(gl); i++) {
            int in = obj_contains(pos, LIST_ITEMS(gl)[i]);
            if (in) {
                if (in > 0) vm_err_set_str(&exc_TypeError, "parse_intermixed_args: positional in mutuallyExclusiveGroup");
                DECREF(gl);
                goto out;
            }
        }
        DECREF(gl);
    }
    save_usage = ga(self, "usage");
    if (!save_usage) goto out;
    int failed = 0;
    if (save_usage == NONE) {
        Obj *u = meth0(self, "format_usage");
        Obj *u7 = u ? str_substr(u, 7, obj_length(u)) : NULL;
        XDECREF(u);
        if (!u7 || sa(self, "usage", u7) < 0) failed = 1;
        XDECREF(u7);
    }
    Ssize done = 0;
    for (; !failed && done < LIST_LEN(pos); done++) {
        Obj *a = LIST_ITEMS(pos)[done];
        if (swap_attr(a, "save_nargs", "nargs", suppress) < 0 || swap_attr(a, "save_default", "default", suppress) < 0)
            failed = 1;
    }
    if (!failed) {
        res = meth2(self, "parse_known_args", v[0] ? v[0] : NONE, v[1] ? v[1] : NONE);
        if (!res) failed = 1;
    }
    Obj *ns = NULL, *remaining = NULL;
    if (!failed) {
        if (!TUPLE_CHECK(res) || TUPLE_LEN(res) != 2) {
            vm_err_set_str(&exc_TypeError, "cannot unpack parse_known_args() result");
            failed = 1;
        } else {
            ns = TUPLE_ITEMS(res)[0];
            remaining = TUPLE_ITEMS(res)[1];
            for (Ssize i = 0; !failed && i < LIST_LEN(pos); i++) {
                Obj *dest = ga(LIST_ITEMS(pos)[i], "dest"), *cur = NULL;
                if (!dest || obj_lookup_attr(ns, dest, &cur) < 0) {
                    XDECREF(dest);
                    failed = 1;
                    break;
                }
                if (cur && LIST_CHECK(cur) && LIST_LEN(cur) == 0) {
                    Obj *m = str_from_fmt("Do not expect %S in %S", dest, ns);
                    if (!m || warnings_warn(&exc_UserWarning, m, 1) < 0 || obj_setattr(ns, dest, NULL) < 0) failed = 1;
                    XDECREF(m);
                }
                XDECREF(cur);
                DECREF(dest);
            }
        }
    }
    /* finally: restore nargs and default */
    {
        Obj *saved = failed ? vm_err_fetch() : NULL;
        for (Ssize i = 0; i < done; i++) {
            restore_attr(LIST_ITEMS(pos)[i], "save_nargs", "nargs");
            restore_attr(LIST_ITEMS(pos)[i], "save_default", "default");
        }
        if (saved) {
            vm_err_clear();
            vm_err_restore(saved);
        }
    }
    if (!failed) {
        opts = actions_filtered(self, true);
        if (!opts) failed = 1;
        Ssize od = 0, gd = 0;
        for (; !failed && od < LIST_LEN(opts); od++)
            if (swap_attr(LIST_ITEMS(opts)[od], "save_required", "required", FALSE_) < 0) failed = 1;
        for (; !failed && gd < LIST_LEN(groups); gd++)
            if (swap_attr(LIST_ITEMS(groups)[gd], "save_required", "required", FALSE_) < 0) failed = 1;
        Obj *res2 = failed ? NULL : meth2(self, "parse_known_args", remaining, ns);
        Obj *saved = !res2 ? vm_err_fetch() : NULL;
        for (Ssize i = 0; opts && i < od; i++) restore_attr(LIST_ITEMS(opts)[i], "save_required", "required");
        for (Ssize i = 0; i < gd; i++) restore_attr(LIST_ITEMS(groups)[i], "save_required", "required");
        if (saved) {
            vm_err_clear();
            vm_err_restore(saved);
            failed = 1;
        }
        if (res2) r = res2;
    }
    {
        Obj *saved = vm_err_occurred() ? vm_err_fetch() : NULL;
        sa(self, "usage", save_usage);
        if (saved) {
            vm_err_clear();
            vm_err_restore(saved);
            CLEAR(r);
        }
    }
out:
    XDECREF(res);
    XDECREF(opts);
    XDECREF(groups);
    XDECREF(save_usage);
    DECREF(pos);
    return r;
}

static Obj *parser_parse_intermixed(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (mh_bind_m("ArgumentParser.parse_intermixed_args", args, nargs, kw, pa_names, 2, 2, 0, 0, 0, v) < 0)
        return NULL;
    Obj *res = meth2(self, "parse_known_intermixed_args", v[0] ? v[0] : NONE, v[1] ? v[1] : NONE);
    if (!res) return NULL;
    Obj *seq = seq_to_tuple(res);
    DECREF(res);
    if (!seq) return NULL;
    if (TUPLE_LEN(seq) != 2) {
        vm_err_format(&exc_ValueError, "too many values to unpack (expected 2)");
        DECREF(seq);
        return NULL;
    }
    int t = obj_is_true(TUPLE_ITEMS(seq)[1]);
    if (t) {
        if (t > 0) {
            Obj *sp = S(" ");
            Obj *j = sp ? str_join(sp, TUPLE_ITEMS(seq)[1]) : NULL;
            XDECREF(sp);
            if (j) call_error(self, str_from_fmt("unrecognized arguments: %S", j));
            XDECREF(j);
        }
        DECREF(seq);
        return NULL;
    }
    Obj *r = INCREF(TUPLE_ITEMS(seq)[0]);
    DECREF(seq);
    return r;
}

static Obj *parser_format_usage(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("format_usage", nargs, kw) < 0) return NULL;
    Obj *f = meth0(self, "_get_formatter");
    Obj *u = f ? ga(self, "usage") : NULL;
    Obj *a = u ? ga(self, "_actions") : NULL;
    Obj *g = a ? ga(self, "_mutually_exclusive_groups") : NULL;
    Obj *x = g ? obj_call_method(f, "add_usage", (Obj *[]){u, a, g}, 3) : NULL;
    Obj *r = x ? meth0(f, "format_help") : NULL;
    XDECREF(x);
    XDECREF(g);
    XDECREF(a);
    XDECREF(u);
    XDECREF(f);
    return r;
}

static int call_void(Obj *o, const char *name, Obj *const *args, Ssize n)
{
    Obj *x = obj_call_method(o, name, args, n);
    if (!x) return -1;
    DECREF(x);
    return 0;
}

static Obj *parser_format_help(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("format_help", nargs, kw) < 0) return NULL;
    Obj *f = meth0(self, "_get_formatter");
    if (!f) return NULL;
    Obj *u = ga(self, "usage"), *a = u ? ga(self, "_actions") : NULL;
    Obj *g = a ? ga(self, "_mutually_exclusive_groups") : NULL;
    Obj *d = g ? ga(self, "description") : NULL;
    Obj *groups = d ? ga(self, "_action_groups") : NULL;
    Obj *gl = groups ? seq_to_list(groups) : NULL;
    Obj *r = NULL;
    if (!gl || call_void(f, "add_usage", (Obj *[]){u, a, g}, 3) < 0 || call_void(f, "add_text", &d, 1) < 0)
        goto out;
    for (Ssize i = 0; i < LIST_LEN(gl); i++) {
        Obj *grp = LIST_ITEMS(gl)[i];
        Obj *t = ga(grp, "title"), *gd = t ? ga(grp, "description") : NULL, *gaa = gd ? ga(grp, "_group_actions") : NULL;
        int rc = gaa && call_void(f, "start_section", &t, 1) == 0 && call_void(f, "add_text", &gd, 1) == 0 &&
                 call_void(f, "add_arguments", &gaa, 1) == 0 && call_void(f, "end_section", NULL, 0) == 0;
        XDECREF(t);
        XDECREF(gd);
        XDECREF(gaa);
        if (!rc) goto out;
    }
    Obj *ep = ga(self, "epilog");
    int rc = ep ? call_void(f, "add_text", &ep, 1) : -1;
    XDECREF(ep);
    if (rc < 0) goto out;
    r = meth0(f, "format_help");
out:
    XDECREF(gl);
    XDECREF(groups);
    XDECREF(d);
    XDECREF(g);
    XDECREF(a);
    XDECREF(u);
    DECREF(f);
    return r;
}

static Obj *print_something(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *fname,
                            const char *what)
{
    static const char *const names[] = {"file"};
    Obj *v[1];
    if (mh_bind_m(fname, args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *file = v[0] && v[0] != NONE ? INCREF(v[0]) : sys_stream("stdout");
    Obj *text = file ? meth0(self, what) : NULL;
    Obj *r = text ? meth2(self, "_print_message", text, file) : NULL;
    XDECREF(text);
    XDECREF(file);
    return r;
}

static Obj *parser_print_usage(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return print_something(self, args, nargs, kw, "ArgumentParser.print_usage", "format_usage");
}

static Obj *parser_print_help(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return print_something(self, args, nargs, kw, "ArgumentParser.print_help", "format_help");
}

static Obj *parser_print_message(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"message", "file"};
    Obj *v[2];
    if (mh_bind_m("ArgumentParser._print_message", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    int t = obj_is_true(v[0]);
    if (t <= 0) return t < 0 ? NULL : INCREF(NONE);
    Obj *file = NULL;
    if (v[1]) {
        int ft = obj_is_true(v[1]);
        if (ft < 0) return NULL;
        if (ft) file = INCREF(v[1]);
    }
    if (!file) file = sys_stream("stderr");
    if (!file) return NULL;
    Obj *x = meth1(file, "write", v[0]);
    DECREF(file);
    if (!x) {
        if (vm_err_matches(&exc_AttributeError) || vm_err_matches(&exc_OSError)) vm_err_clear();
        else return NULL;
    }
    XDECREF(x);
    return INCREF(NONE);
}

static Obj *parser_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"status", "message"};
    Obj *v[2];
    if (mh_bind_m("ArgumentParser.exit", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    if (v[1]) {
        int t = obj_is_true(v[1]);
        if (t < 0) return NULL;
        if (t) {
            Obj *err = sys_stream("stderr");
            Obj *x = err ? meth2(self, "_print_message", v[1], err) : NULL;
            XDECREF(err);
            if (!x) return NULL;
            DECREF(x);
        }
    }
    Obj *status = v[0] ? INCREF(v[0]) : int_from_i64(0);
    if (!status) return NULL;
    Obj *sys = vm->sys;
    Obj *ex = ga(sys, "exit");
    Obj *r = ex ? obj_call(ex, &status, 1, NULL) : NULL;
    XDECREF(ex);
    DECREF(status);
    return r;
}

static Obj *parser_error(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"message"};
    Obj *v[1];
    if (mh_bind_m("ArgumentParser.error", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *err = sys_stream("stderr");
    Obj *x = err ? meth1(self, "print_usage", err) : NULL;
    XDECREF(err);
    if (!x) return NULL;
    DECREF(x);
    Obj *prog = ga(self, "prog");
    Obj *msg = prog ? str_from_fmt("%S: error: %S\n", prog, v[0]) : NULL;
    XDECREF(prog);
    Obj *two = msg ? int_from_i64(2) : NULL;
    Obj *r = two ? meth2(self, "exit", two, msg) : NULL;
    XDECREF(two);
    XDECREF(msg);
    return r;
}

static const MethodDef parser_methods[] = {
    {"__init__", parser_init, METH_FAST, NULL},
    {"_get_kwargs", parser_get_kwargs, METH_FAST, NULL},
    {"add_subparsers", parser_add_subparsers, METH_FAST, NULL},
    {"_add_action", parser_add_action, METH_FAST, NULL},
    {"_get_optional_actions", parser_get_optionals, METH_FAST, NULL},
    {"_get_positional_actions", parser_get_positionals, METH_FAST, NULL},
    {"parse_args", parser_parse_args, METH_FAST, NULL},
    {"parse_known_args", parser_parse_known_args, METH_FAST, NULL},
    {"_parse_known_args", parser_parse_known_internal, METH_FAST, NULL},
    {"parse_intermixed_args", parser_parse_intermixed, METH_FAST, NULL},
    {"parse_known_intermixed_args", parser_parse_known_intermixed, METH_FAST, NULL},
    {"convert_arg_line_to_args", parser_convert_line, METH_FAST, NULL},
    {"_get_values", parser_get_values, METH_FAST, NULL},
    {"_get_value", parser_get_value, METH_FAST, NULL},
    {"_check_value", parser_check_value, METH_FAST, NULL},
    {"format_usage", parser_format_usage, METH_FAST, NULL},
    {"format_help", parser_format_help, METH_FAST, NULL},
    {"_get_formatter", parser_get_formatter, METH_FAST, NULL},
    {"print_usage", parser_print_usage, METH_FAST, NULL},
    {"print_help", parser_print_help, METH_FAST, NULL},
    {"_print_message", parser_print_message, METH_FAST, NULL},
    {"exit", parser_exit, METH_FAST, NULL},
    {"error", parser_error, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ------------------------------------------------------------------------------------------ */

static Obj *bases1(Obj *a) { return tuple_pack(1, a); }

static Obj *mk(const char *name, Obj *bases, const MethodDef *defs)   /* steals bases */
{
    if (!bases) return NULL;
    Obj *c = mh_class(MOD, name, bases, defs, NULL, NULL);
    DECREF(bases);
    return c;
}

static int build_classes(void)
{
    if (parser_cls) return 0;
    suppress = S("==SUPPRESS==");
    if (!suppress) return -1;
    str_intern_inplace(&suppress);
    if (!(holder_cls = mk("_AttributeHolder", tuple_new(0), holder_methods))) return -1;
    if (!(action_cls = mk("Action", bases1(holder_cls), action_methods))) return -1;
    if (!(store_cls = mk("_StoreAction", bases1(action_cls), store_methods))) return -1;
    if (!(store_const_cls = mk("_StoreConstAction", bases1(action_cls), store_const_methods))) return -1;
    if (!(store_true_cls = mk("_StoreTrueAction", bases1(store_const_cls), store_true_methods))) return -1;
    if (!(store_false_cls = mk("_StoreFalseAction", bases1(store_const_cls), store_false_methods))) return -1;
    if (!(append_cls = mk("_AppendAction", bases1(action_cls), append_methods))) return -1;
    if (!(append_const_cls = mk("_AppendConstAction", bases1(action_cls), append_const_methods))) return -1;
    if (!(count_cls = mk("_CountAction", bases1(action_cls), count_methods))) return -1;
    if (!(help_cls = mk("_HelpAction", bases1(action_cls), help_methods))) return -1;
    if (!(version_cls = mk("_VersionAction", bases1(action_cls), version_methods))) return -1;
    if (!(parsers_cls = mk("_SubParsersAction", bases1(action_cls), parsers_methods))) return -1;
    if (!(choices_pseudo_cls = mk("_ChoicesPseudoAction", bases1(action_cls), pseudo_methods))) return -1;
    if (!(extend_cls = mk("_ExtendAction", bases1(append_cls), extend_methods))) return -1;
    if (!(boolopt_cls = mk("BooleanOptionalAction", bases1(action_cls), boolopt_methods))) return -1;
    if (obj_setattr(parsers_cls, id_str("_ChoicesPseudoAction"), choices_pseudo_cls) < 0) return -1;
    Obj *qn = S("_SubParsersAction._ChoicesPseudoAction");
    if (!qn || obj_setattr(choices_pseudo_cls, id_str("__qualname__"), qn) < 0) {
        XDECREF(qn);
        return -1;
    }
    DECREF(qn);
    if (!(namespace_cls = mk("Namespace", bases1(holder_cls), ns_methods))) return -1;
    if (!(argerror_cls = mk("ArgumentError", bases1((Obj *)&exc_Exception), argerr_methods))) return -1;
    if (!(argtypeerror_cls = mk("ArgumentTypeError", bases1((Obj *)&exc_Exception), NULL))) return -1;
    if (!(filetype_cls = mk("FileType", tuple_new(0), ft_methods))) return -1;
    if (!(fmt_cls = mk("HelpFormatter", tuple_new(0), hf_methods))) return -1;
    if (!(rawdesc_cls = mk("RawDescriptionHelpFormatter", bases1(fmt_cls), NULL))) return -1;
    if (!(rawtext_cls = mk("RawTextHelpFormatter", bases1(rawdesc_cls), NULL))) return -1;
    if (!(argdefaults_cls = mk("ArgumentDefaultsHelpFormatter", bases1(fmt_cls), NULL))) return -1;
    if (!(metavartype_cls = mk("MetavarTypeHelpFormatter", bases1(fmt_cls), NULL))) return -1;
    if (!(container_cls = mk("_ActionsContainer", tuple_new(0), container_methods))) return -1;
    if (!(group_cls = mk("_ArgumentGroup", bases1(container_cls), group_methods))) return -1;
    if (!(mutex_cls = mk("_MutuallyExclusiveGroup", bases1(group_cls), mutex_methods))) return -1;
    if (!(parser_cls = mk("ArgumentParser", tuple_pack(2, holder_cls, container_cls), parser_methods))) return -1;
    return 0;
}

static Obj *argparse_init(void)
{
    if (build_classes() < 0) return NULL;
    Obj *m = mh_module(MOD, NULL);
    if (!m) return NULL;
    struct { const char *name; Obj *v; } exports[] = {
        {"ArgumentParser", parser_cls}, {"ArgumentError", argerror_cls}, {"ArgumentTypeError", argtypeerror_cls},
        {"BooleanOptionalAction", boolopt_cls}, {"FileType", filetype_cls}, {"HelpFormatter", fmt_cls},
        {"ArgumentDefaultsHelpFormatter", argdefaults_cls}, {"RawDescriptionHelpFormatter", rawdesc_cls},
        {"RawTextHelpFormatter", rawtext_cls}, {"MetavarTypeHelpFormatter", metavartype_cls},
        {"Namespace", namespace_cls}, {"Action", action_cls}, {"_AttributeHolder", holder_cls},
        {"_ActionsContainer", container_cls}, {"_ArgumentGroup", group_cls},
        {"_MutuallyExclusiveGroup", mutex_cls}, {"_StoreAction", store_cls},
        {"_StoreConstAction", store_const_cls}, {"_StoreTrueAction", store_true_cls},
        {"_StoreFalseAction", store_false_cls}, {"_AppendAction", append_cls},
        {"_AppendConstAction", append_const_cls}, {"_CountAction", count_cls}, {"_HelpAction", help_cls},
        {"_VersionAction", version_cls}, {"_SubParsersAction", parsers_cls}, {"_ExtendAction", extend_cls},
        {"SUPPRESS", suppress},
    };
    for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++)
        if (mh_add_obj(m, exports[i].name, exports[i].v) < 0) goto fail;
    if (mh_add_str(m, "OPTIONAL", "?") < 0 || mh_add_str(m, "ZERO_OR_MORE", "*") < 0 ||
        mh_add_str(m, "ONE_OR_MORE", "+") < 0 || mh_add_str(m, "PARSER", "A...") < 0 ||
        mh_add_str(m, "REMAINDER", "...") < 0 || mh_add_str(m, "_UNRECOGNIZED_ARGS_ATTR", "_unrecognized_args") < 0 ||
        mh_add_str(m, "__version__", "1.1") < 0)
        goto fail;
    static const char *const all[] = {"ArgumentParser", "ArgumentError", "ArgumentTypeError",
        "BooleanOptionalAction", "FileType", "HelpFormatter", "ArgumentDefaultsHelpFormatter",
        "RawDescriptionHelpFormatter", "RawTextHelpFormatter", "MetavarTypeHelpFormatter", "Namespace",
        "Action", "ONE_OR_MORE", "OPTIONAL", "PARSER", "REMAINDER", "SUPPRESS", "ZERO_OR_MORE"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof all[0]; i++) {
        Obj *s = S(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_argparse_register(void) { import_register_native(MOD, argparse_init); }
