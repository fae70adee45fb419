/* mod_gettext.c — the `gettext` module of CPython 3.12 without message
 * catalogs.
 *
 * pydbg reads no .mo files: translation() finds none (FileNotFoundError
 * "No translation file found for domain", or NullTranslations with
 * fallback=True), so every lookup returns its message — gettext/ngettext/
 * pgettext/npgettext and their d- variants, NullTranslations (with
 * add_fallback, info, charset, install) and install(), which puts `_` in
 * builtins.  textdomain and bindtextdomain keep their settings as
 * gettext.py does.  GNUTranslations is not provided.
 */
#include "config.h"

#include <errno.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static Obj *null_cls, *current_domain, *bindings;

/* n == 1 ? singular : plural, as gettext.py's default plural rule */
static Obj *plural_choice(Obj *singular, Obj *plural, Obj *n)
{
    Obj *one = int_from_i64(1);
    int eq = one ? obj_richcompare_bool(n, one, CMP_EQ) : -1;
    XDECREF(one);
    return eq < 0 ? NULL : INCREF(eq ? singular : plural);
}

/* NullTranslations methods ask the fallback first when there is one */
static Obj *ask_fallback(Obj *self, const char *meth, Obj *const *args, Ssize n, bool *asked)
{
    *asked = false;
    Obj *fb = obj_getattr_str(self, "_fallback");
    if (!fb) return NULL;
    if (fb == NONE) {
        DECREF(fb);
        return NULL;
    }
    *asked = true;
    Obj *r = obj_call_method(fb, meth, args, n);
    DECREF(fb);
    return r;
}

static Obj *nt_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"fp"};
    Obj *v[1];
    if (mh_bind_m("NullTranslations.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *info = dict_new();
    int ok = info && obj_setattr_str(self, "_info", info) == 0 && obj_setattr_str(self, "_charset", NONE) == 0 &&
             obj_setattr_str(self, "_output_charset", NONE) == 0 && obj_setattr_str(self, "_fallback", NONE) == 0;
    XDECREF(info);
    if (ok && v[0] && v[0] != NONE) {
        Obj *r = obj_call_method(self, "_parse", v, 1);
        ok = r != NULL;
        XDECREF(r);
    }
    return ok ? INCREF(NONE) : NULL;
}

static Obj *nt_parse(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"fp"};
    Obj *v[1];
    (void)self;
    if (mh_bind_m("NullTranslations._parse", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *nt_add_fallback(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"fallback"};
    Obj *v[1];
    if (mh_bind_m("NullTranslations.add_fallback", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *fb = obj_getattr_str(self, "_fallback");
    if (!fb) return NULL;
    Obj *r = fb != NONE ? obj_call_method(fb, "add_fallback", v, 1)
                        : (obj_setattr_str(self, "_fallback", v[0]) < 0 ? NULL : INCREF(NONE));
    DECREF(fb);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *nt_gettext(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"message"};
    Obj *v[1];
    bool asked;
    if (mh_bind_m("NullTranslations.gettext", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *r = ask_fallback(self, "gettext", v, 1, &asked);
    return asked || vm_err_occurred() ? r : INCREF(v[0]);
}

static Obj *nt_ngettext(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"msgid1", "msgid2", "n"};
    Obj *v[3];
    bool asked;
    if (mh_bind_m("NullTranslations.ngettext", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *r = ask_fallback(self, "ngettext", v, 3, &asked);
    return asked || vm_err_occurred() ? r : plural_choice(v[0], v[1], v[2]);
}

static Obj *nt_pgettext(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"context", "message"};
    Obj *v[2];
    bool asked;
    if (mh_bind_m("NullTranslations.pgettext", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *r = ask_fallback(self, "pgettext", v, 2, &asked);
    return asked || vm_err_occurred() ? r : INCREF(v[1]);
}

static Obj *nt_npgettext(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"context", "msgid1", "msgid2", "n"};
    Obj *v[4];
    bool asked;
    if (mh_bind_m("NullTranslations.npgettext", args, nargs, kw, names, 4, 4, 0, 4, 0, v) < 0) return NULL;
    Obj *r = ask_fallback(self, "npgettext", v, 4, &asked);
    return asked || vm_err_occurred() ? r : plural_choice(v[1], v[2], v[3]);
}

static Obj *nt_info(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("NullTranslations.info", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return obj_getattr_str(self, "_info");
}

static Obj *nt_charset(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("NullTranslations.charset", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return obj_getattr_str(self, "_charset");
}

static int set_builtin(const char *name, Obj *v)
{
    Obj *b = import_name(id_str("builtins"), NULL, NULL, 0);
    int r = b ? obj_setattr_str(b, name, v) : -1;
    XDECREF(b);
    return r;
}

static Obj *nt_install(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"names"};
    Obj *v[1];
    if (mh_bind_m("NullTranslations.install", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *g = obj_getattr_str(self, "gettext");
    int r = g ? set_builtin("_", g) : -1;
    XDECREF(g);
    if (r < 0) return NULL;
    if (v[0] && v[0] != NONE) {
        static const char *const allowed[] = {"gettext", "ngettext", "npgettext", "pgettext"};
        for (int i = 0; i < 4; i++) {
            Obj *nm = str_from_cstr(allowed[i]);
            int in = nm ? obj_contains(v[0], nm) : -1;
            XDECREF(nm);
            if (in < 0) return NULL;
            if (!in) continue;
            Obj *f = obj_getattr_str(self, allowed[i]);
            int rr = f ? set_builtin(allowed[i], f) : -1;
            XDECREF(f);
            if (rr < 0) return NULL;
        }
    }
    return INCREF(NONE);
}

static const MethodDef nt_methods[] = {
    {"__init__", nt_init, METH_FAST, NULL},
    {"_parse", nt_parse, METH_FAST, NULL},
    {"add_fallback", nt_add_fallback, METH_FAST, NULL},
    {"gettext", nt_gettext, METH_FAST, NULL},
    {"ngettext", nt_ngettext, METH_FAST, NULL},
    {"pgettext", nt_pgettext, METH_FAST, NULL},
    {"npgettext", nt_npgettext, METH_FAST, NULL},
    {"info", nt_info, METH_FAST, NULL},
    {"charset", nt_charset, METH_FAST, NULL},
    {"install", nt_install, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- module functions -------------------------------------------------------------------------- */

static Obj *g_translation(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"domain", "localedir", "languages", "class_", "fallback"};
    Obj *v[5];
    if (mh_bind("translation", args, nargs, kw, names, 5, 5, 0, 1, 0, v) < 0) return NULL;
    int fb = v[4] ? obj_is_true(v[4]) : 0;
    if (fb < 0) return NULL;
    if (fb) return obj_call(null_cls, NULL, 0, NULL);
    Obj *e = int_from_i64(ENOENT), *msg = str_from_cstr("No translation file found for domain");
    Obj *x = e && msg ? obj_call((Obj *)&exc_FileNotFoundError, (Obj *[]){e, msg, v[0]}, 3, NULL) : NULL;
    XDECREF(e);
    XDECREF(msg);
    if (x) vm_err_restore(x);
    return NULL;
}

static Obj *g_install(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"domain", "localedir", "names"};
    Obj *v[3];
    if (mh_bind("install", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *t = obj_call(null_cls, NULL, 0, NULL);
    Obj *r = t ? obj_call_method(t, "install", v[2] ? &v[2] : NULL, v[2] ? 1 : 0) : NULL;
    XDECREF(t);
    return r;
}

static Obj *g_find(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"domain", "localedir", "languages", "all"};
    Obj *v[4];
    if (mh_bind("find", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    int all = v[3] ? obj_is_true(v[3]) : 0;
    if (all < 0) return NULL;
    return all ? list_new(0) : INCREF(NONE);
}

static Obj *g_textdomain(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"domain"};
    Obj *v[1];
    if (mh_bind("textdomain", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    if (!current_domain && !(current_domain = str_from_cstr("messages"))) return NULL;
    if (v[0] && v[0] != NONE) obj_setref(&current_domain, INCREF(v[0]));
    return INCREF(current_domain);
}

static Obj *g_bindtextdomain(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"domain", "localedir"};
    Obj *v[2];
    if (mh_bind("bindtextdomain", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    if (!bindings && !(bindings = dict_new())) return NULL;
    if (v[1] && v[1] != NONE && dict_set(bindings, v[0], v[1]) < 0) return NULL;
    Obj *r = dict_get_borrow(bindings, v[0]);
    if (r) return INCREF(r);
    if (vm_err_occurred()) return NULL;
    return str_from_cstr("/usr/share/locale");   /* sys.base_prefix/share/locale in CPython */
}

/* gettext(message), dgettext(domain, message), … : the message itself */
static Obj *lookup(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, const char *const *names, int n,
                   bool plural)
{
    Obj *v[5];
    if (mh_bind(fname, args, nargs, kw, names, n, n, 0, n, 0, v) < 0) return NULL;
    if (plural) return plural_choice(v[n - 3], v[n - 2], v[n - 1]);
    return INCREF(v[n - 1]);
}

#define LOOKUP_FN(fn, plural, ...)                                                 \
    static Obj *g_##fn(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)             \
    {                                                                              \
        (void)s;                                                                   \
        static const char *const names[] = {__VA_ARGS__};                          \
        return lookup(#fn, args, nargs, kw, names, sizeof names / sizeof names[0], plural); \
    }
LOOKUP_FN(gettext, false, "message")
LOOKUP_FN(dgettext, false, "domain", "message")
LOOKUP_FN(pgettext, false, "context", "message")
LOOKUP_FN(dpgettext, false, "domain", "context", "message")
LOOKUP_FN(ngettext, true, "msgid1", "msgid2", "n")
LOOKUP_FN(dngettext, true, "domain", "msgid1", "msgid2", "n")
LOOKUP_FN(npgettext, true, "context", "msgid1", "msgid2", "n")
LOOKUP_FN(dnpgettext, true, "domain", "context", "msgid1", "msgid2", "n")

static const MethodDef gettext_methods[] = {
    {"gettext", g_gettext, METH_FAST, NULL},
    {"dgettext", g_dgettext, METH_FAST, NULL},
    {"pgettext", g_pgettext, METH_FAST, NULL},
    {"dpgettext", g_dpgettext, METH_FAST, NULL},
    {"ngettext", g_ngettext, METH_FAST, NULL},
    {"dngettext", g_dngettext, METH_FAST, NULL},
    {"npgettext", g_npgettext, METH_FAST, NULL},
    {"dnpgettext", g_dnpgettext, METH_FAST, NULL},
    {"translation", g_translation, METH_FAST, NULL},
    {"install", g_install, METH_FAST, NULL},
    {"find", g_find, METH_FAST, NULL},
    {"textdomain", g_textdomain, METH_FAST, NULL},
    {"bindtextdomain", g_bindtextdomain, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *gettext_init(void)
{
    Obj *m = mh_module("gettext", gettext_methods);
    if (!m) return NULL;
    if (!null_cls && !(null_cls = mh_class("gettext", "NullTranslations", NULL, nt_methods, NULL, NULL))) {
        DECREF(m);
        return NULL;
    }
    if (mh_add_obj(m, "NullTranslations", null_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    if (m && smallmods_set_all(m,
                               "NullTranslations bindtextdomain find translation install textdomain dgettext dngettext gettext ngettext pgettext dpgettext npgettext dnpgettext",
                               false) < 0)
        CLEAR(m);
    return m;
}

void native_gettext_register(void)
{
    vm_static_roots(&null_cls, 1);
    vm_static_roots(&current_domain, 1);
    vm_static_roots(&bindings, 1);
    import_register_native("gettext", gettext_init);
}
