/* mod_locale.c — the `locale` module of CPython 3.12 for the C locale.
 *
 * pydbg never changes the C library's locale (its own number formatting
 * depends on it), so this module keeps the locale names itself: at start
 * LC_CTYPE comes from the environment (LC_ALL, LC_CTYPE, LANG) as CPython
 * sets it, every other category is "C"; setlocale() accepts the names the
 * C library knows (checked with newlocale), "" taking each category from
 * the environment, and reports LC_ALL as glibc does (one name, or the
 * "LC_CTYPE=…;LC_NUMERIC=…;…" list).  Conventions are always the C
 * locale's: localeconv() is its table, format_string() is the % operator
 * (no grouping characters exist), currency() refuses, atof/atoi/str/
 * delocalize/localize change nothing, strcoll compares code points,
 * strxfrm is the identity.  getlocale() parses the C-family names only.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

/* glibc's categories in its LC_ALL listing order, with their numbers */
static const struct {
    const char *name;
    int cat;
} categories[] = {
    {"LC_CTYPE", LC_CTYPE},         {"LC_NUMERIC", LC_NUMERIC},   {"LC_TIME", LC_TIME},
    {"LC_COLLATE", LC_COLLATE},     {"LC_MONETARY", LC_MONETARY}, {"LC_MESSAGES", LC_MESSAGES},
    {"LC_PAPER", LC_PAPER},         {"LC_NAME", LC_NAME},         {"LC_ADDRESS", LC_ADDRESS},
    {"LC_TELEPHONE", LC_TELEPHONE}, {"LC_MEASUREMENT", LC_MEASUREMENT}, {"LC_IDENTIFICATION", LC_IDENTIFICATION},
};
enum { NCAT = sizeof categories / sizeof categories[0] };

static char cur[NCAT][128];
static bool started, utf8_mode;
static Obj *locale_error;

static int cat_index(int cat)
{
    for (int i = 0; i < NCAT; i++)
        if (categories[i].cat == cat) return i;
    return -1;
}

/* the environment's choice for category i: LC_ALL, LC_<name>, LANG, "C" */
static const char *env_raw(int i)
{
    const char *v = getenv("LC_ALL");
    if (v && *v) return v;
    v = getenv(categories[i].name);
    if (!v || !*v) v = getenv("LANG");
    return v && *v ? v : "C";
}

static bool c_or_posix(const char *v) { return !strcmp(v, "C") || !strcmp(v, "POSIX"); }

static const char *env_name(int i)
{
    const char *v = env_raw(i), *all = getenv("LC_ALL");
    /* PEP 538: CPython turns a C or POSIX LC_CTYPE into C.UTF-8 (not under LC_ALL) */
    if (categories[i].cat == LC_CTYPE && c_or_posix(v) && !(all && *all)) return "C.UTF-8";
    return v;
}

static void start(void)
{
    if (started) return;
    started = true;
    for (int i = 0; i < NCAT; i++) strcpy(cur[i], "C");
    const char *ct = env_name(0);
    /* PEP 540: a C or POSIX locale at start turns on the UTF-8 mode */
    utf8_mode = c_or_posix(env_raw(0));
    locale_t probe = strlen(ct) < sizeof cur[0] ? newlocale(LC_CTYPE_MASK, ct, (locale_t)0) : (locale_t)0;
    if (probe) {
        strcpy(cur[0], ct);
        freelocale(probe);
    }
}

static bool known(const char *name)
{
    if (strlen(name) >= sizeof cur[0] || strchr(name, ';')) return false;
    locale_t l = newlocale(LC_ALL_MASK, name, (locale_t)0);
    if (l) freelocale(l);
    return l != (locale_t)0;
}

static Obj *current_name(int cat)
{
    if (cat == LC_ALL) {
        bool same = true;
        for (int i = 1; i < NCAT; i++) same &= !strcmp(cur[i], cur[0]);
        if (same) return str_from_cstr(cur[0]);
        SBuf b = SBUF_INIT;
        for (int i = 0; i < NCAT; i++) sbuf_printf(&b, "%s%s=%s", i ? ";" : "", categories[i].name, cur[i]);
        Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
        sbuf_free(&b);
        return r;
    }
    return str_from_cstr(cur[cat_index(cat)]);
}

static int category_arg(Obj *o, int *cat, bool query)
{
    Ssize c = mh_as_ssize(o);
    if (c == -1 && vm_err_occurred()) return -1;
    if (c != LC_ALL && cat_index((int)c) < 0) {
        Obj *msg = str_from_cstr(query ? "locale query failed" : "unsupported locale setting");
        if (msg) vm_err_set_obj((TypeObj *)locale_error, msg);
        XDECREF(msg);
        return -1;
    }
    *cat = (int)c;
    return 0;
}

static Obj *l_setlocale(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"category", "locale"};
    Obj *v[2];
    int cat;
    if (mh_bind("setlocale", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0 ||
        category_arg(v[0], &cat, !v[1] || v[1] == NONE) < 0)
        return NULL;
    start();
    if (!v[1] || v[1] == NONE) return current_name(cat);
    Obj *name = NULL;
    if (STR_CHECK(v[1])) {
        name = INCREF(v[1]);
    } else {
        /* (language, encoding) as _build_localename joins them */
        Obj *t = seq_fast(v[1], "Locale must be None, a string, or an iterable of two strings -- language code, encoding.");
        if (!t) return NULL;
        Obj **it = TUPLE_CHECK(t) ? TUPLE_ITEMS(t) : LIST_ITEMS(t);
        if (VAR_SIZE(t) != 2) {
            DECREF(t);
            vm_err_set_str(&exc_TypeError, "Locale must be None, a string, or an iterable of two strings -- language code, encoding.");
            return NULL;
        }
        if (it[0] == NONE) name = str_from_cstr("C");
        else if (it[1] == NONE) name = INCREF(it[0]);
        else name = str_from_fmt("%S.%S", it[0], it[1]);
        DECREF(t);
        if (!name) return NULL;
    }
    Ssize len;
    const char *want = str_utf8(name, &len);
    int first = cat == LC_ALL ? 0 : cat_index(cat), last = cat == LC_ALL ? NCAT : first + 1;
    char chosen[NCAT][128];
    bool ok = want != NULL && (Ssize)strlen(want) == len;
    for (int i = first; ok && i < last; i++) {
        const char *n = *want ? want : env_name(i);
        ok = known(n);
        if (ok) strcpy(chosen[i], strcmp(n, "POSIX") ? n : "C");   /* glibc reports POSIX as C */
    }
    DECREF(name);
    if (!ok) {
        Obj *msg = str_from_cstr("unsupported locale setting");
        if (msg) vm_err_set_obj((TypeObj *)locale_error, msg);
        XDECREF(msg);
        return NULL;
    }
    for (int i = first; i < last; i++) strcpy(cur[i], chosen[i]);
    return current_name(cat);
}

/* _parse_localename for the C family of names */
static Obj *parse_name(const char *n)
{
    if (!strcmp(n, "C") || !strcmp(n, "POSIX")) return tuple_pack(2, NONE, NONE);
    const char *dot = strchr(n, '.');
    if (!dot) {
        vm_err_format(&exc_ValueError, "unknown locale: %s", n);
        return NULL;
    }
    Obj *lang = str_from_utf8(n, dot - n);
    const char *enc = dot + 1;
    Obj *e = !strcasecmp(enc, "utf8") || !strcasecmp(enc, "utf-8") ? str_from_cstr("UTF-8") : str_from_cstr(enc);
    Obj *t = lang && e ? tuple_pack(2, lang, e) : NULL;
    XDECREF(lang);
    XDECREF(e);
    return t;
}

static Obj *l_getlocale(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"category"};
    Obj *v[1];
    int cat = LC_CTYPE;
    if (mh_bind("getlocale", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    if (v[0] && category_arg(v[0], &cat, true) < 0) return NULL;
    start();
    Obj *nm = current_name(cat);
    if (!nm) return NULL;
    Ssize len;
    const char *t = str_utf8(nm, &len);
    Obj *r = NULL;
    if (cat == LC_ALL && strchr(t, ';')) vm_err_set_str(&exc_TypeError, "category LC_ALL is not supported");
    else r = parse_name(t);
    DECREF(nm);
    return r;
}

static Obj *l_localeconv(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_no_args("localeconv", nargs, kw) < 0) return NULL;
    static const char *const strs[][2] = {{"int_curr_symbol", ""}, {"currency_symbol", ""}, {"mon_decimal_point", ""},
                                          {"mon_thousands_sep", ""}};
    static const char *const chars[] = {"int_frac_digits", "frac_digits", "p_cs_precedes", "p_sep_by_space",
                                        "n_cs_precedes", "n_sep_by_space", "p_sign_posn", "n_sign_posn"};
    Obj *d = dict_new();
    int ok = d != NULL;
    for (int i = 0; ok && i < 4; i++) {
        Obj *v = str_from_cstr(strs[i][1]);
        ok = v && dict_set_str(d, strs[i][0], v) == 0;
        XDECREF(v);
    }
    Obj *items[] = {list_new(0), str_from_cstr(""), str_from_cstr(""), NULL};
    const char *keys[] = {"mon_grouping", "positive_sign", "negative_sign"};
    for (int i = 0; i < 3; i++) {
        if (ok) ok = items[i] && dict_set_str(d, keys[i], items[i]) == 0;
        XDECREF(items[i]);
    }
    for (int i = 0; ok && i < 8; i++) {
        Obj *c = int_from_i64(127);
        ok = c && dict_set_str(d, chars[i], c) == 0;
        XDECREF(c);
    }
    Obj *dp = str_from_cstr("."), *ts = str_from_cstr(""), *gr = list_new(0);
    if (ok) ok = dp && ts && gr && dict_set_str(d, "decimal_point", dp) == 0 && dict_set_str(d, "thousands_sep", ts) == 0 &&
                 dict_set_str(d, "grouping", gr) == 0;
    XDECREF(dp);
    XDECREF(ts);
    XDECREF(gr);
    if (!ok) CLEAR(d);
    return d;
}

/* format_string(f, val, monetary=True): each conversion formatted alone,
 * the float ones with the C locale's monetary decimal point (none) */
static Obj *format_monetary(Obj *f, Obj *val)
{
    bool mapping = !TUPLE_CHECK(val) && OBJ_TYPE(val)->as_mapping && OBJ_TYPE(val)->as_mapping->subscript &&
                   !STR_CHECK(val);
    Obj *tuple = TUPLE_CHECK(val) ? INCREF(val) : mapping ? NULL : tuple_pack(1, val);
    Obj *parts = list_new(0);
    Ssize n = VAR_SIZE(f), i = 0, lit = 0, argi = 0;
    int rc = parts && (tuple || mapping) ? 0 : -1;
    while (rc == 0 && i < n) {
        if (str_char(f, i) != '%') {
            i++;
            continue;
        }
        Ssize j = i + 1;
        if (j < n && str_char(f, j) == '(') {
            while (j < n && str_char(f, j) != ')') j++;
            j++;
        }
        while (j < n && strchr("-#0123456789 +*.hlL", (int)str_char(f, j)) && str_char(f, j)) j++;
        if (j >= n) break;
        uint32_t conv = str_char(f, j);
        Obj *lits = str_substr(f, lit, i), *spec = str_substr(f, i, j + 1), *piece = NULL;
        if (lits && spec) {
            if (conv == '%') piece = num_binary(spec, tuple ? tuple : val, NB_REMAINDER);
            else if (mapping) piece = num_binary(spec, val, NB_REMAINDER);
            else if (argi < TUPLE_LEN(tuple)) piece = num_binary(spec, TUPLE_ITEMS(tuple)[argi++], NB_REMAINDER);
            else vm_err_set_str(&exc_TypeError, "not enough arguments for format string");
        }
        if (piece && strchr("eEfFgG", (int)conv)) {
            Obj *dot = str_from_cstr("."), *none = str_from_cstr("");
            obj_setref(&piece, dot && none ? obj_call_method(piece, "replace", (Obj *[]){dot, none}, 2) : NULL);
            XDECREF(dot);
            XDECREF(none);
        }
        if (!piece || list_append(parts, lits) < 0 || list_append(parts, piece) < 0) rc = -1;
        XDECREF(lits);
        XDECREF(spec);
        XDECREF(piece);
        i = lit = j + 1;
    }
    Obj *tail = rc == 0 ? str_substr(f, lit, n) : NULL;
    if (!tail || list_append(parts, tail) < 0) rc = -1;
    XDECREF(tail);
    Obj *empty = rc == 0 ? str_from_cstr("") : NULL;
    Obj *r = empty ? str_join(empty, parts) : NULL;
    XDECREF(empty);
    XDECREF(parts);
    XDECREF(tuple);
    return r;
}

static Obj *l_format_string(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"f", "val", "grouping", "monetary"};
    Obj *v[4];
    if (mh_bind("format_string", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    int monetary = v[3] ? obj_is_true(v[3]) : 0;
    if (monetary < 0) return NULL;
    if (!monetary || !STR_CHECK(v[0])) return num_binary(v[0], v[1], NB_REMAINDER);
    return format_monetary(v[0], v[1]);
}

static Obj *l_currency(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"val", "symbol", "grouping", "international"};
    Obj *v[4];
    if (mh_bind("currency", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    vm_err_set_str(&exc_ValueError, "Currency formatting is not possible using the 'C' locale.");
    return NULL;
}

static Obj *l_str(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"val"};
    Obj *v[1];
    if (mh_bind("str", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *f = str_from_cstr("%.12g");
    Obj *r = f ? num_binary(f, v[0], NB_REMAINDER) : NULL;
    XDECREF(f);
    return r;
}

static Obj *l_identity(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, int nparams)
{
    static const char *const names[] = {"string", "grouping", "monetary"};
    Obj *v[3];
    if (mh_bind(fname, args, nargs, kw, names, nparams, nparams, 0, 1, 0, v) < 0) return NULL;
    return INCREF(v[0]);
}

static Obj *l_delocalize(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return l_identity("delocalize", args, nargs, kw, 1);
}

static Obj *l_localize(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return l_identity("localize", args, nargs, kw, 3);
}

static Obj *l_atof(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"string", "func"};
    Obj *v[2];
    if (mh_bind("atof", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    return obj_call(v[1] ? v[1] : (Obj *)&float_type, v, 1, NULL);
}

static Obj *l_atoi(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"string"};
    Obj *v[1];
    if (mh_bind("atoi", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return obj_call((Obj *)&int_type, v, 1, NULL);
}

static Obj *l_strcoll(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("strcoll", "strcoll", nargs, kw, 2, 2) < 0) return NULL;
    for (int i = 0; i < 2; i++)
        if (!STR_CHECK(args[i])) {
            vm_err_format(&exc_TypeError, "strcoll() argument %d must be str, not %s", i + 1, OBJ_TYPE(args[i])->name);
            return NULL;
        }
    int c = str_compare(args[0], args[1]);
    return int_from_i64(c < 0 ? -1 : c > 0);
}

static Obj *l_strxfrm(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("strxfrm", "strxfrm", nargs, kw, 1, 1) < 0) return NULL;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "strxfrm() argument must be str, not %s", OBJ_TYPE(args[0])->name);
        return NULL;
    }
    return INCREF(args[0]);
}

/* nl_langinfo(CODESET) of a C-family locale name */
static Obj *codeset_of(const char *name)
{
    const char *dot = strchr(name, '.');
    if (!dot) return str_from_cstr("ANSI_X3.4-1968");
    if (!strcasecmp(dot + 1, "utf8") || !strcasecmp(dot + 1, "utf-8")) return str_from_cstr("UTF-8");
    return str_from_cstr(dot + 1);
}

static Obj *l_getpreferredencoding(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"do_setlocale"};
    Obj *v[1];
    if (mh_bind("getpreferredencoding", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    int set = v[0] ? obj_is_true(v[0]) : 1;
    if (set < 0) return NULL;
    start();
    if (utf8_mode) return str_from_cstr("utf-8");
    /* with do_setlocale, LC_CTYPE is set from the environment for the query */
    return codeset_of(set ? env_name(0) : cur[0]);
}

static Obj *l_getencoding(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_no_args("getencoding", nargs, kw) < 0) return NULL;
    start();
    return codeset_of(cur[0]);
}

static const MethodDef locale_methods[] = {
    {"setlocale", l_setlocale, METH_FAST, NULL},
    {"getlocale", l_getlocale, METH_FAST, NULL},
    {"localeconv", l_localeconv, METH_FAST, NULL},
    {"format_string", l_format_string, METH_FAST, NULL},
    {"currency", l_currency, METH_FAST, NULL},
    {"str", l_str, METH_FAST, NULL},
    {"delocalize", l_delocalize, METH_FAST, NULL},
    {"localize", l_localize, METH_FAST, NULL},
    {"atof", l_atof, METH_FAST, NULL},
    {"atoi", l_atoi, METH_FAST, NULL},
    {"strcoll", l_strcoll, METH_FAST, NULL},
    {"strxfrm", l_strxfrm, METH_FAST, NULL},
    {"getpreferredencoding", l_getpreferredencoding, METH_FAST, NULL},
    {"getencoding", l_getencoding, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *locale_init(void)
{
    Obj *m = mh_module("locale", locale_methods);
    if (!m) return NULL;
    if (!locale_error) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_Exception);
        locale_error = bases ? mh_class("locale", "Error", bases, NULL, NULL, NULL) : NULL;
        XDECREF(bases);
        if (!locale_error) goto fail;
    }
    static const struct {
        const char *name;
        int v;
    } consts[] = {{"LC_CTYPE", LC_CTYPE},       {"LC_NUMERIC", LC_NUMERIC}, {"LC_TIME", LC_TIME},
                  {"LC_COLLATE", LC_COLLATE},   {"LC_MONETARY", LC_MONETARY}, {"LC_MESSAGES", LC_MESSAGES},
                  {"LC_ALL", LC_ALL},           {"CHAR_MAX", 127}};
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
        if (module_add(m, consts[i].name, int_from_i64(consts[i].v)) < 0) goto fail;
    if (mh_add_obj(m, "Error", locale_error) < 0) goto fail;
    if (m && smallmods_set_all(m,
                               "getlocale getpreferredencoding Error setlocale localeconv strcoll strxfrm str atof atoi format_string currency LC_CTYPE LC_COLLATE LC_TIME LC_MONETARY LC_NUMERIC LC_ALL CHAR_MAX getencoding LC_MESSAGES",
                               false) < 0)
        CLEAR(m);
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_locale_register(void)
{
    vm_static_roots(&locale_error, 1);
    import_register_native("locale", locale_init);
}
