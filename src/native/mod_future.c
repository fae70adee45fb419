/* mod_future.c — the `__future__` module of CPython 3.12: the _Feature
 * objects (optional and mandatory releases, compiler flag; repr
 * "_Feature((3, 7, 0, 'beta', 1), None, 16777216)"), all_feature_names and
 * the CO_* flags.  `from __future__ import annotations` compiles to a real
 * import of this module, so it must exist even though the flags only
 * matter to the compiler.  _Feature is an ordinary class whose instances
 * keep their fields in their __dict__, as __future__.py's does.
 */
#include "config.h"

#include "src/native/modhelp.h"

static Obj *feature_init_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"optionalRelease", "mandatoryRelease", "compiler_flag"};
    Obj *v[3];
    if (mh_bind_m("_Feature.__init__", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    if (obj_setattr(self, id_str("optional"), v[0]) < 0 || obj_setattr(self, id_str("mandatory"), v[1]) < 0 ||
        obj_setattr(self, id_str("compiler_flag"), v[2]) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *feature_get_optional(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_getattr(self, id_str("optional"));
}

static Obj *feature_get_mandatory(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_getattr(self, id_str("mandatory"));
}

static Obj *feature_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *o = obj_getattr(self, id_str("optional"));
    Obj *m = o ? obj_getattr(self, id_str("mandatory")) : NULL;
    Obj *f = m ? obj_getattr(self, id_str("compiler_flag")) : NULL;
    Obj *t = f ? tuple_pack(3, o, m, f) : NULL;
    Obj *r = t ? str_from_fmt("_Feature%R", t) : NULL;
    XDECREF(o);
    XDECREF(m);
    XDECREF(f);
    XDECREF(t);
    return r;
}

static const MethodDef feature_methods[] = {
    {"__init__", feature_init_m, METH_FAST, NULL},
    {"getOptionalRelease", feature_get_optional, METH_NOARGS,
     "Return first release in which this feature was recognized.\n\n        This is a 5-tuple, of the same form as sys.version_info.\n        "},
    {"getMandatoryRelease", feature_get_mandatory, METH_NOARGS,
     "Return release in which this feature will become mandatory.\n\n        This is a 5-tuple, of the same form as sys.version_info, or, if\n        the feature was dropped, or the release date is undetermined, is None.\n        "},
    {"__repr__", feature_repr, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

typedef struct Release { int major, minor, micro; const char *level; int serial; } Release;

static Obj *release(const Release *r)
{
    if (!r->level) return INCREF(NONE);
    Obj *a = int_from_i64(r->major), *b = int_from_i64(r->minor), *c = int_from_i64(r->micro);
    Obj *d = str_from_cstr(r->level), *e = int_from_i64(r->serial);
    Obj *t = a && b && c && d && e ? tuple_pack(5, a, b, c, d, e) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    XDECREF(d);
    XDECREF(e);
    return t;
}

static Obj *future_init(void)
{
    static const struct {
        const char *name;
        Release opt, mand;
        int64_t flag;
    } features[] = {
        {"nested_scopes", {2, 1, 0, "beta", 1}, {2, 2, 0, "alpha", 0}, 0x0010},
        {"generators", {2, 2, 0, "alpha", 1}, {2, 3, 0, "final", 0}, 0},
        {"division", {2, 2, 0, "alpha", 2}, {3, 0, 0, "alpha", 0}, 0x20000},
        {"absolute_import", {2, 5, 0, "alpha", 1}, {3, 0, 0, "alpha", 0}, 0x40000},
        {"with_statement", {2, 5, 0, "alpha", 1}, {2, 6, 0, "alpha", 0}, 0x80000},
        {"print_function", {2, 6, 0, "alpha", 2}, {3, 0, 0, "alpha", 0}, 0x100000},
        {"unicode_literals", {2, 6, 0, "alpha", 2}, {3, 0, 0, "alpha", 0}, 0x200000},
        {"barry_as_FLUFL", {3, 1, 0, "alpha", 2}, {4, 0, 0, "alpha", 0}, 0x400000},
        {"generator_stop", {3, 5, 0, "beta", 1}, {3, 7, 0, "alpha", 0}, 0x800000},
        {"annotations", {3, 7, 0, "beta", 1}, {0, 0, 0, NULL, 0}, 0x1000000},
    };
    static const struct { const char *name; int64_t v; } flags[] = {
        {"CO_NESTED", 0x0010}, {"CO_GENERATOR_ALLOWED", 0}, {"CO_FUTURE_DIVISION", 0x20000},
        {"CO_FUTURE_ABSOLUTE_IMPORT", 0x40000}, {"CO_FUTURE_WITH_STATEMENT", 0x80000},
        {"CO_FUTURE_PRINT_FUNCTION", 0x100000}, {"CO_FUTURE_UNICODE_LITERALS", 0x200000},
        {"CO_FUTURE_BARRY_AS_BDFL", 0x400000}, {"CO_FUTURE_GENERATOR_STOP", 0x800000},
        {"CO_FUTURE_ANNOTATIONS", 0x1000000},
    };
    const size_t nf = sizeof features / sizeof *features;
    Obj *m = mh_module("__future__", NULL);
    if (!m) return NULL;
    Obj *cls = mh_class("__future__", "_Feature", NULL, feature_methods, NULL, NULL);
    Obj *names = list_new(0);
    if (!cls || !names) goto fail;
    for (size_t i = 0; i < nf; i++) {
        Obj *opt = release(&features[i].opt), *mand = release(&features[i].mand);
        Obj *flag = int_from_i64(features[i].flag);
        Obj *name = str_from_cstr(features[i].name);
        Obj *args[3] = {opt, mand, flag};
        Obj *feat = opt && mand && flag && name ? obj_call(cls, args, 3, NULL) : NULL;
        int rc = feat && list_append(names, name) == 0 ? module_add(m, features[i].name, feat) : -1;
        XDECREF(opt);
        XDECREF(mand);
        XDECREF(flag);
        XDECREF(name);
        if (rc < 0) goto fail;
    }
    Obj *all = list_new(0);
    if (!all || list_append(all, id_str("all_feature_names")) < 0 || list_extend(all, names) < 0) {
        XDECREF(all);
        goto fail;
    }
    if (module_add(m, "all_feature_names", names) < 0) {
        names = NULL;
        DECREF(all);
        goto fail;
    }
    names = NULL;
    if (module_add(m, "__all__", all) < 0 || module_add(m, "_Feature", cls) < 0) {
        cls = NULL;
        goto fail;
    }
    cls = NULL;
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (module_add(m, flags[i].name, int_from_i64(flags[i].v)) < 0) goto fail;
    return m;
fail:
    XDECREF(cls);
    XDECREF(names);
    DECREF(m);
    return NULL;
}

void native_future_register(void) { import_register_native("__future__", future_init); }
