/* mod_importlib.c — the parts of CPython 3.12's `importlib` that programs
 * call: import_module (absolute and relative names, resolved as
 * importlib._bootstrap._gcd_import does, with its checks and messages) and
 * invalidate_caches.  The import itself is the VM's import statement
 * (import_name), so native modules, the program's modules and the CPython
 * library's .pyc files are found exactly as by `import`.  Not provided:
 * reload, util, machinery, metadata, resources (no spec/loader objects).
 */
#include "config.h"

#include <string.h>

#include "src/native/modhelp.h"

/* importlib._bootstrap._resolve_name: PACKAGE's LEVEL-th parent + NAME. */
static Obj *resolve_relative(Obj *name, Obj *package, Ssize level)
{
    Ssize plen;
    const char *p = str_utf8_lossy(package, &plen);
    Ssize end = plen, dots = 0;
    /* package.rsplit('.', level - 1): drop level-1 trailing components */
    while (dots < level - 1 && end > 0) {
        Ssize i = end - 1;
        while (i >= 0 && p[i] != '.') i--;
        if (i < 0) break;
        end = i;
        dots++;
    }
    if (dots < level - 1) {
        vm_err_set_str(&exc_ImportError, "attempted relative import beyond top-level package");
        return NULL;
    }
    Ssize nlen;
    const char *n = str_utf8_lossy(name, &nlen);
    return nlen ? str_from_fmt("%.*s.%s", (int)end, p, n) : str_from_fmt("%.*s", (int)end, p);
}

static Obj *il_import_module(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"name", "package"};
    Obj *v[2] = {NULL, NULL};
    if (mh_bind("import_module", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *name = v[0], *package = v[1] && v[1] != NONE ? v[1] : NULL;
    if (!STR_CHECK(name)) {
        /* name.startswith('.') on a non-str */
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'startswith'",
                      type_name(OBJ_TYPE(name)));
        return NULL;
    }
    Ssize len;
    const char *s = str_utf8_lossy(name, &len);
    Ssize level = 0;
    while (level < len && s[level] == '.') level++;
    if (level > 0) {
        int truth = package ? obj_is_true(package) : 0;
        if (truth < 0) return NULL;
        if (!truth) {
            vm_err_format(&exc_TypeError,
                          "the 'package' argument is required to perform a relative import for %R", name);
            return NULL;
        }
        if (!STR_CHECK(package)) {
            vm_err_set_str(&exc_TypeError, "__package__ not set to a string");
            return NULL;
        }
    }
    Obj *rest = str_from_utf8(s + level, len - level);
    if (!rest) return NULL;
    if (level == 0 && len == 0) {
        DECREF(rest);
        vm_err_set_str(&exc_ValueError, "Empty module name");
        return NULL;
    }
    Obj *absname = level ? resolve_relative(rest, package, level) : INCREF(rest);
    DECREF(rest);
    if (!absname) return NULL;
    Obj *top = import_name(absname, NULL, NULL, 0);
    if (!top) {
        DECREF(absname);
        return NULL;
    }
    DECREF(top);
    /* the module itself, as sys.modules holds it after the import */
    Obj *mods = sys_get_borrow("modules");
    Obj *mod = mods && DICT_CHECK(mods) ? dict_get_borrow(mods, absname) : NULL;
    if (!mod && !vm_err_occurred())
        vm_err_format(&exc_KeyError, "%R", absname);
    DECREF(absname);
    return xincref(mod);
}

static Obj *il_invalidate_caches(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    (void)args;
    if (kw && TUPLE_LEN(kw)) {
        vm_err_format(&exc_TypeError, "invalidate_caches() got an unexpected keyword argument %R",
                      TUPLE_ITEMS(kw)[0]);
        return NULL;
    }
    if (nargs) {
        vm_err_format(&exc_TypeError, "invalidate_caches() takes 0 positional arguments but %zd %s given",
                      nargs, nargs == 1 ? "was" : "were");
        return NULL;
    }
    return INCREF(NONE);
}

static const MethodDef importlib_methods[] = {
    {"import_module", il_import_module, METH_FAST, "Import a module."},
    {"invalidate_caches", il_invalidate_caches, METH_FAST,
     "Call the invalidate_caches() method on all meta path finders stored in sys.meta_path (where implemented)."},
    {NULL, NULL, 0, NULL},
};

static Obj *importlib_init(void)
{
    return mh_module("importlib", importlib_methods);
}

void native_importlib_register(void)
{
    import_register_native("importlib", importlib_init);
}
