/* import.c — the import system: IMPORT_NAME, IMPORT_FROM, `import *`.
 *
 * What CPython's importlib does for a program without a standard library:
 * sys.modules first; then the native modules registered by src/native/
 * (import_register_native); then every directory of sys.path (the first
 * is the program's directory) for a package `name/` (its __init__.pyc or
 * __pycache__/__init__.cpython-XY.pyc) or a module name.pyc /
 * __pycache__/name.cpython-XY.pyc.  Modules run as their own code object
 * with the module dict as globals; sys.modules holds the module while it
 * runs and loses it again when it fails.  Relative imports resolve through
 * __package__ / __name__ / __path__ with CPython's messages; an unknown name
 * is ModuleNotFoundError "No module named 'x'".
 *
 * Loaded files stay in memory as long as the VM (code objects point into
 * them).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/vm/vmint.h"

/* ---- native modules ----------------------------------------------------------------- */

typedef struct NativeMod { char *name; NativeModuleInit init; } NativeMod;
static NativeMod *natives;
static size_t nnatives, natives_cap;

void import_register_native(const char *name, NativeModuleInit init)
{
    for (size_t i = 0; i < nnatives; i++)
        if (strcmp(natives[i].name, name) == 0) {
            natives[i].init = init;
            return;
        }
    if (nnatives == natives_cap) {
        natives_cap = natives_cap ? natives_cap * 2 : 32;
        natives = xrealloc(natives, natives_cap * sizeof *natives);
    }
    natives[nnatives].name = xstrdup(name);
    natives[nnatives].init = init;
    nnatives++;
}

static NativeModuleInit find_native(const char *name)
{
    for (size_t i = 0; i < nnatives; i++)
        if (strcmp(natives[i].name, name) == 0)
            return natives[i].init;
    return NULL;
}

/* Loaded .pyc files: kept for the VM's lifetime. */
static PycFile **files;
static size_t nfiles, files_cap;

static void keep_file(PycFile *f)
{
    if (nfiles == files_cap) {
        files_cap = files_cap ? files_cap * 2 : 16;
        files = xrealloc(files, files_cap * sizeof *files);
    }
    files[nfiles++] = f;
}

void import_release_files(void)
{
    for (size_t i = 0; i < nfiles; i++)
        pyc_free(files[i]);
    free(files);
    files = NULL;
    nfiles = files_cap = 0;
}

/* ---- errors --------------------------------------------------------------------------------- */

static void set_attr_quiet(Obj *o, const char *name, Obj *v)
{
    if (!v)
        return;
    Obj *key = str_from_cstr(name);
    if (key) {
        if (obj_setattr(o, key, v) < 0)
            vm_err_clear();
        DECREF(key);
    }
}

/* ModuleNotFoundError / ImportError with its name (and path) attributes. */
static void import_error(TypeObj *type, Obj *msg, Obj *name, Obj *path, Obj *name_from)
{
    Obj *exc = obj_call((Obj *)type, &msg, 1, NULL);
    if (!exc)
        return;
    set_attr_quiet(exc, "name", name);
    set_attr_quiet(exc, "path", path);
    set_attr_quiet(exc, "name_from", name_from);
    vm_err_set_obj(type, exc);
    DECREF(exc);
}

static void not_found(Obj *name, const char *suffix_fmt, Obj *parent)
{
    Obj *msg = suffix_fmt ? str_from_fmt(suffix_fmt, name, parent)
                          : str_from_fmt("No module named %R", name);
    if (!msg)
        return;
    import_error(&exc_ModuleNotFoundError, msg, name, NULL, NULL);
    DECREF(msg);
}

/* ---- finding files ------------------------------------------------------------------------- */

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

typedef struct Found {
    char *pyc;          /* the file to load */
    char *file;         /* __file__ */
    char *pkgdir;       /* package directory, or NULL for a plain module */
} Found;

static void found_free(Found *f)
{
    free(f->pyc);
    free(f->file);
    free(f->pkgdir);
}

static char *join3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = xmalloc(n);
    snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

/* A module `base` (last name component) in directory dir. */
static bool find_in_dir(const char *dir, const char *base, Found *out)
{
    char tag[32];
    snprintf(tag, sizeof tag, ".cpython-%d%d.pyc", PYV_MAJOR(vm->ver), PYV_MINOR(vm->ver));
    const char *sep = (dir[0] && dir[strlen(dir) - 1] != '/') ? "/" : "";
    char *d = join3(dir, sep, "");
    char *pkg = join3(d, base, "");
    memset(out, 0, sizeof *out);
    if (is_dir(pkg)) {
        char *p1 = join3(pkg, "/__init__", ".pyc");
        char *p2 = join3(pkg, "/__pycache__/__init__", tag);
        if (is_file(p1)) {
            out->pyc = p1;
            out->file = xstrdup(p1);
            free(p2);
        } else if (is_file(p2)) {
            out->pyc = p2;
            out->file = join3(pkg, "/__init__.py", "");
            free(p1);
        } else {
            free(p1);
            free(p2);
        }
        if (out->pyc) {
            out->pkgdir = pkg;
            free(d);
            return true;
        }
    }
    free(pkg);
    char *m1 = join3(d, base, ".pyc");
    char *cache = join3(d, "__pycache__/", base);
    char *m2 = join3(cache, tag, "");
    free(cache);
    bool ok = true;
    if (is_file(m1)) {
        out->pyc = m1;
        out->file = xstrdup(m1);
        free(m2);
    } else if (is_file(m2)) {
        out->pyc = m2;
        out->file = join3(d, base, ".py");
        free(m1);
    } else {
        free(m1);
        free(m2);
        ok = false;
    }
    free(d);
    return ok;
}

/* ---- loading ----------------------------------------------------------------------------------- */

static Obj *modules(void)
{
    if (!vm->modules)
        vm->modules = dict_new();
    return vm->modules;
}

Obj *vm_run_code(CodeRtObj *co, Obj *globals, Obj *locals)
{
    Obj *b = dict_get_str_borrow(globals, "__builtins__");
    if (!b) {
        if (vm_err_occurred())
            return NULL;
        if (vm->builtins_module && dict_set_str(globals, "__builtins__", vm->builtins_module) < 0)
            return NULL;
        b = vm->builtins_module;
    }
    if (b && IS_TYPE(b, module_type))
        b = module_dict_borrow(b);
    if (!b || !DICT_CHECK(b))
        b = vm->builtins;
    Frame *f = frame_new(co, globals, b, locals, NULL);
    if (!f)
        return NULL;
    Obj *r = vm_eval(f, NULL);
    DECREF(f);
    return r;
}

static Obj *str_or_none(const char *s)
{
    return s ? str_from_utf8(s, (Ssize)strlen(s)) : INCREF(NONE);
}

/* Run FILE.pyc as module `name`. */
static Obj *load_pyc_module(Obj *name, const Found *fd)
{
    Diag d;
    diag_clear(&d);
    PycFile *pf = pyc_load_file(fd->pyc, 0, &d);
    if (!pf) {
        Obj *path = str_or_none(fd->pyc);
        Obj *msg = str_from_fmt("%s: %s", fd->pyc, d.msg);
        if (msg)
            import_error(&exc_ImportError, msg, name, path, NULL);
        XDECREF(msg);
        XDECREF(path);
        return NULL;
    }
    if (pf->ver != vm->ver || !pf->code) {
        Obj *path = str_or_none(fd->pyc);
        const unsigned char magic[4] = {(unsigned char)(pf->magic & 0xff),
                                        (unsigned char)(pf->magic >> 8), '\r', '\n'};
        Obj *mb = bytes_from(magic, 4);
        Obj *msg = mb ? str_from_fmt("bad magic number in %R: %R", name, mb) : NULL;
        XDECREF(mb);
        if (msg)
            import_error(&exc_ImportError, msg, name, path, NULL);
        XDECREF(msg);
        XDECREF(path);
        pyc_free(pf);
        return NULL;
    }
    keep_file(pf);
    diag_clear(&d);
    Obj *co = code_load(pf->code, &d);
    if (!co)
        return NULL;
    Ssize nlen;
    const char *nm = str_utf8(name, &nlen);
    Obj *mod = nm ? module_new(nm) : NULL;
    if (!mod) {
        DECREF(co);
        return NULL;
    }
    Obj *dict = module_dict_borrow(mod);
    Obj *pkgname = NULL;
    if (fd->pkgdir) {
        pkgname = INCREF(name);
    } else {
        const char *dot = strrchr(nm, '.');
        pkgname = dot ? str_from_utf8(nm, dot - nm) : str_from_cstr("");
    }
    Obj *file = str_or_none(fd->file), *cached = str_or_none(fd->pyc);
    int rc = pkgname && file && cached ? 0 : -1;
    if (rc == 0)
        rc = dict_set_str(dict, "__package__", pkgname);
    if (rc == 0 && fd->pkgdir) {
        Obj *p = str_or_none(fd->pkgdir);
        Obj *l = p ? list_from_array(&p, 1) : NULL;
        rc = l ? dict_set_str(dict, "__path__", l) : -1;
        XDECREF(l);
        XDECREF(p);
    }
    if (rc == 0)
        rc = dict_set_str(dict, "__file__", file);
    if (rc == 0)
        rc = dict_set_str(dict, "__cached__", cached);
    XDECREF(pkgname);
    XDECREF(file);
    XDECREF(cached);
    if (rc < 0 || dict_set(modules(), name, mod) < 0) {
        DECREF(co);
        DECREF(mod);
        return NULL;
    }
    Obj *r = vm_run_code((CodeRtObj *)co, dict, dict);
    DECREF(co);
    if (!r) {
        Obj *exc = vm_err_fetch();
        if (dict_del(modules(), name) < 0)
            vm_err_clear();
        vm_err_restore(exc);
        DECREF(mod);
        return NULL;
    }
    DECREF(r);
    DECREF(mod);
    Obj *m = dict_get_borrow(modules(), name);
    if (!m) {
        if (!vm_err_occurred())
            vm_err_format(&exc_ImportError, "Loaded module %S not found in sys.modules", name);
        return NULL;
    }
    return INCREF(m);
}

Obj *import_exec_pyc(Obj *name, const char *path, Obj *package_path)
{
    Found fd;
    memset(&fd, 0, sizeof fd);
    fd.pyc = xstrdup(path);
    fd.file = xstrdup(path);
    if (package_path && STR_CHECK(package_path)) {
        Ssize n;
        const char *s = str_utf8(package_path, &n);
        if (s)
            fd.pkgdir = xstrdup(s);
    }
    Obj *r = load_pyc_module(name, &fd);
    found_free(&fd);
    return r;
}

/* Search the directories of `path` (a list of str) for module `name`. */
static Obj *load_from_path(Obj *name, const char *base, Obj *path)
{
    if (!path || !LIST_CHECK(path))
        return NULL;
    for (Ssize i = 0; i < LIST_LEN(path); i++) {
        Obj *entry = LIST_ITEMS(path)[i];
        if (!STR_CHECK(entry))
            continue;
        Ssize n;
        const char *dir = str_utf8(entry, &n);
        if (!dir) {
            vm_err_clear();
            continue;
        }
        Found fd;
        if (find_in_dir(*dir ? dir : ".", base, &fd)) {
            Obj *m = load_pyc_module(name, &fd);
            found_free(&fd);
            return m;
        }
    }
    return NULL;
}

/* importlib's _find_and_load for an absolute dotted name. */
static Obj *find_and_load(Obj *name)
{
    Ssize n;
    const char *s = str_utf8(name, &n);
    if (!s)
        return NULL;
    const char *dot = strrchr(s, '.');
    Obj *parent_mod = NULL, *path = NULL;
    if (dot) {
        Obj *parent = str_from_utf8(s, dot - s);
        if (!parent)
            return NULL;
        Obj *pm = dict_get_borrow(modules(), parent);
        if (!pm) {
            pm = import_name(parent, NULL, NULL, 0);
            if (!pm) {
                DECREF(parent);
                return NULL;
            }
            DECREF(pm);
        }
        /* Importing the parent may have imported us. */
        Obj *again = dict_get_borrow(modules(), name);
        if (again) {
            DECREF(parent);
            return INCREF(again);
        }
        parent_mod = dict_get_borrow(modules(), parent);
        if (!parent_mod) {
            vm_err_format(&exc_KeyError, "%R", parent);
            DECREF(parent);
            return NULL;
        }
        INCREF(parent_mod);
        if (obj_lookup_attr(parent_mod, id_str("__path__"), &path) < 0) {
            DECREF(parent);
            DECREF(parent_mod);
            return NULL;
        }
        if (!path) {
            not_found(name, "No module named %R; %R is not a package", parent);
            DECREF(parent);
            DECREF(parent_mod);
            return NULL;
        }
        DECREF(parent);
    }
    Obj *mod = NULL;
    NativeModuleInit init = dot ? NULL : find_native(s);
    if (!init && dot)
        init = find_native(s);
    if (init) {
        mod = init();
        if (mod && (import_add_std_file(s, mod) < 0 || dict_set(modules(), name, mod) < 0))
            CLEAR(mod);
    } else {
        Obj *search = path ? path : sys_get_borrow("path");
        mod = load_from_path(name, dot ? dot + 1 : s, search);
        if (!mod && !vm_err_occurred())
            not_found(name, NULL, NULL);
    }
    if (mod && parent_mod) {
        Obj *child = str_from_cstr(dot + 1);
        if (!child || obj_setattr(parent_mod, child, mod) < 0)
            CLEAR(mod);
        XDECREF(child);
    }
    XDECREF(path);
    XDECREF(parent_mod);
    return mod;
}

static Obj *import_absolute(Obj *abs_name)
{
    Obj *m = dict_get_borrow(modules(), abs_name);
    if (m && m != NONE)
        return INCREF(m);
    if (vm_err_occurred())
        return NULL;
    if (m == NONE) {
        Obj *msg = str_from_fmt("import of %S halted; None in sys.modules", abs_name);
        if (msg)
            import_error(&exc_ModuleNotFoundError, msg, abs_name, NULL, NULL);
        XDECREF(msg);
        return NULL;
    }
    return find_and_load(abs_name);
}

/* __package__ of the importing module, for relative imports. */
static Obj *calc_package(Obj *globals)
{
    if (!globals || !DICT_CHECK(globals)) {
        vm_err_set_str(&exc_KeyError, "'__name__' not in globals");
        return NULL;
    }
    Obj *package = dict_get_str_borrow(globals, "__package__");
    if (package && package != NONE) {
        if (!STR_CHECK(package)) {
            vm_err_set_str(&exc_TypeError, "package must be a string");
            return NULL;
        }
        return INCREF(package);
    }
    Obj *spec = dict_get_str_borrow(globals, "__spec__");
    if (spec && spec != NONE)
        return obj_getattr(spec, id_str("parent"));
    Obj *name = dict_get_str_borrow(globals, "__name__");
    if (!name) {
        vm_err_set_str(&exc_KeyError, "'__name__' not in globals");
        return NULL;
    }
    if (!STR_CHECK(name)) {
        vm_err_set_str(&exc_TypeError, "__name__ must be a string");
        return NULL;
    }
    if (dict_get_str_borrow(globals, "__path__"))
        return INCREF(name);
    Ssize n;
    const char *s = str_utf8(name, &n);
    const char *dot = s ? strrchr(s, '.') : NULL;
    return dot ? str_from_utf8(s, dot - s) : str_from_cstr("");
}

static Obj *resolve_name(Obj *name, Obj *globals, int level)
{
    Obj *package = calc_package(globals);
    if (!package)
        return NULL;
    if (VAR_SIZE(package) == 0) {
        DECREF(package);
        vm_err_set_str(&exc_ImportError, "attempted relative import with no known parent package");
        return NULL;
    }
    Ssize n;
    const char *s = str_utf8(package, &n);
    Ssize end = n;
    for (int i = 1; i < level; i++) {
        while (end > 0 && s[end - 1] != '.')
            end--;
        if (end == 0) {
            DECREF(package);
            vm_err_set_str(&exc_ImportError, "attempted relative import beyond top-level package");
            return NULL;
        }
        end--;
    }
    Obj *base = str_from_utf8(s, end);
    DECREF(package);
    if (!base)
        return NULL;
    if (VAR_SIZE(name) == 0)
        return base;
    Obj *r = str_from_fmt("%S.%S", base, name);
    DECREF(base);
    return r;
}

static int handle_fromlist(Obj *mod, Obj *fromlist, bool recursive);

Obj *import_name(Obj *name, Obj *globals, Obj *fromlist, int level)
{
    if (!STR_CHECK(name)) {
        vm_err_set_str(&exc_TypeError, "module name must be a string");
        return NULL;
    }
    if (level < 0) {
        vm_err_set_str(&exc_ValueError, "level must be >= 0");
        return NULL;
    }
    if (vm->finalizing) {
        /* CPython has emptied sys.modules and set sys.meta_path to None
         * before a finaliser at exit can run: every import fails. */
        vm_err_set_str(&exc_ImportError, "sys.meta_path is None, Python is likely shutting down");
        return NULL;
    }
    Obj *abs_name;
    if (level > 0) {
        abs_name = resolve_name(name, globals, level);
        if (!abs_name)
            return NULL;
    } else {
        if (VAR_SIZE(name) == 0) {
            vm_err_set_str(&exc_ValueError, "Empty module name");
            return NULL;
        }
        abs_name = INCREF(name);
    }
    Obj *mod = import_absolute(abs_name);
    if (!mod) {
        DECREF(abs_name);
        return NULL;
    }
    bool has_from = fromlist && fromlist != NONE && obj_is_true(fromlist) > 0;
    if (vm_err_occurred()) {
        DECREF(abs_name);
        DECREF(mod);
        return NULL;
    }
    Obj *r;
    if (!has_from) {
        Ssize n;
        const char *s = str_utf8(name, &n);
        const char *dot = s ? memchr(s, '.', (size_t)n) : NULL;
        if (level == 0 || n > 0) {
            if (!dot) {
                r = INCREF(mod);
            } else if (level == 0) {
                Obj *front = str_from_utf8(s, dot - s);
                r = front ? import_name(front, NULL, NULL, 0) : NULL;
                XDECREF(front);
            } else {
                Ssize cut = n - (dot - s);
                Ssize an;
                const char *as = str_utf8(abs_name, &an);
                Obj *to_return = str_from_utf8(as, an - cut);
                r = to_return ? dict_get_borrow(modules(), to_return) : NULL;
                if (r)
                    INCREF(r);
                else if (to_return && !vm_err_occurred())
                    vm_err_format(&exc_KeyError, "%R not in sys.modules as expected", to_return);
                XDECREF(to_return);
            }
        } else {
            r = INCREF(mod);
        }
    } else {
        Obj *path = NULL;
        if (obj_lookup_attr(mod, id_str("__path__"), &path) < 0) {
            r = NULL;
        } else {
            r = INCREF(mod);
            if (path && handle_fromlist(mod, fromlist, false) < 0)
                CLEAR(r);
            XDECREF(path);
        }
    }
    DECREF(abs_name);
    DECREF(mod);
    return r;
}

/* importlib's _handle_fromlist: import submodules named in fromlist. */
static int handle_fromlist(Obj *mod, Obj *fromlist, bool recursive)
{
    Obj *it = obj_getiter(fromlist), *x;
    if (!it)
        return -1;
    int rc = 0;
    while (rc == 0 && (x = obj_iternext(it))) {
        if (!STR_CHECK(x)) {
            if (recursive) {
                Obj *modname = obj_getattr(mod, id_str("__name__"));
                if (modname) {
                    vm_err_format(&exc_TypeError, "Item in %S.__all__ must be str, not %s", modname,
                                  type_name(OBJ_TYPE(x)));
                    DECREF(modname);
                }
            } else {
                vm_err_format(&exc_TypeError, "Item in ``from list'' must be str, not %s",
                              type_name(OBJ_TYPE(x)));
            }
            rc = -1;
        } else if (str_eq_cstr(x, "*")) {
            Obj *all = NULL;
            if (!recursive && obj_lookup_attr(mod, id_str("__all__"), &all) < 0)
                rc = -1;
            else if (all) {
                rc = handle_fromlist(mod, all, true);
                DECREF(all);
            }
        } else {
            Obj *v = NULL;
            if (obj_lookup_attr(mod, x, &v) < 0) {
                rc = -1;
            } else if (!v) {
                Obj *modname = obj_getattr(mod, id_str("__name__"));
                Obj *from_name = modname ? str_from_fmt("%S.%S", modname, x) : NULL;
                XDECREF(modname);
                if (!from_name) {
                    rc = -1;
                } else {
                    Obj *sub = import_name(from_name, NULL, NULL, 0);
                    if (sub) {
                        DECREF(sub);
                    } else if (vm_err_matches(&exc_ModuleNotFoundError)) {
                        /* A missing submodule is fine: IMPORT_FROM reports it. */
                        Obj *exc = vm_err_fetch();
                        Obj *ename = NULL;
                        if (obj_lookup_attr(exc, id_str("name"), &ename) < 0)
                            vm_err_clear();
                        bool same = ename && STR_CHECK(ename) && str_eq(ename, from_name);
                        XDECREF(ename);
                        if (same && dict_get_borrow(modules(), from_name) == NULL)
                            DECREF(exc);
                        else {
                            vm_err_restore(exc);
                            rc = -1;
                        }
                    } else {
                        rc = -1;
                    }
                    DECREF(from_name);
                }
            } else {
                DECREF(v);
            }
        }
        DECREF(x);
    }
    DECREF(it);
    if (rc == 0 && vm_err_occurred())
        rc = -1;
    return rc;
}

Obj *import_from(Obj *module, Obj *name)
{
    Obj *x = NULL;
    if (obj_lookup_attr(module, name, &x) < 0)
        return NULL;
    if (x)
        return x;
    Obj *pkgname = NULL;
    if (obj_lookup_attr(module, id_str("__name__"), &pkgname) < 0)
        vm_err_clear();
    if (pkgname && STR_CHECK(pkgname)) {
        Obj *full = str_from_fmt("%S.%S", pkgname, name);
        if (!full) {
            DECREF(pkgname);
            return NULL;
        }
        x = dict_get_borrow(modules(), full);
        DECREF(full);
        if (x) {
            DECREF(pkgname);
            return INCREF(x);
        }
    } else {
        CLEAR(pkgname);
    }
    vm_err_clear();
    Obj *pkgpath = NULL;
    if (obj_lookup_attr(module, id_str("__file__"), &pkgpath) < 0)
        vm_err_clear();
    Obj *shown = pkgname ? INCREF(pkgname) : str_from_cstr("<unknown module name>");
    Obj *msg;
    if (!pkgpath || !STR_CHECK(pkgpath))
        msg = str_from_fmt("cannot import name %R from %R (unknown location)", name, shown);
    else
        msg = str_from_fmt("cannot import name %R from %R (%S)", name, shown, pkgpath);
    if (msg)
        import_error(&exc_ImportError, msg, pkgname, pkgpath && STR_CHECK(pkgpath) ? pkgpath : NULL,
                     name);
    XDECREF(msg);
    XDECREF(shown);
    XDECREF(pkgpath);
    XDECREF(pkgname);
    return NULL;
}

int import_star(Obj *module, Obj *locals)
{
    Obj *all = NULL, *dict = NULL;
    bool skip_underscore = false;
    if (obj_lookup_attr(module, id_str("__all__"), &all) < 0)
        return -1;
    if (!all) {
        if (obj_lookup_attr(module, id_str("__dict__"), &dict) < 0)
            return -1;
        if (!dict) {
            vm_err_set_str(&exc_ImportError, "from-import-* object has no __dict__ and no __all__");
            return -1;
        }
        all = DICT_CHECK(dict) ? dict_keys_list(dict) : obj_call_method(dict, "keys", NULL, 0);
        DECREF(dict);
        if (!all)
            return -1;
        if (!LIST_CHECK(all)) {
            Obj *l = seq_to_list(all);
            DECREF(all);
            if (!l)
                return -1;
            all = l;
        }
        skip_underscore = true;
    }
    int err = 0;
    for (Ssize pos = 0;; pos++) {
        Obj *idx = int_from_i64(pos);
        Obj *name = idx ? obj_getitem(all, idx) : NULL;
        XDECREF(idx);
        if (!name) {
            if (vm_err_matches(&exc_IndexError))
                vm_err_clear();
            else
                err = -1;
            break;
        }
        if (!STR_CHECK(name)) {
            Obj *modname = obj_getattr(module, id_str("__name__"));
            if (modname) {
                if (!STR_CHECK(modname))
                    vm_err_format(&exc_TypeError, "module __name__ must be a string, not %s",
                                  type_name(OBJ_TYPE(modname)));
                else
                    vm_err_format(&exc_TypeError, "%s in %S.%s must be str, not %s",
                                  skip_underscore ? "Key" : "Item", modname,
                                  skip_underscore ? "__dict__" : "__all__", type_name(OBJ_TYPE(name)));
                DECREF(modname);
            }
            DECREF(name);
            err = -1;
            break;
        }
        if (skip_underscore && VAR_SIZE(name) > 0 && str_char(name, 0) == '_') {
            DECREF(name);
            continue;
        }
        Obj *value = obj_getattr(module, name);
        if (!value)
            err = -1;
        else if (IS_TYPE(locals, dict_type))
            err = dict_set(locals, name, value);
        else
            err = obj_setitem(locals, name, value);
        DECREF(name);
        XDECREF(value);
        if (err)
            break;
    }
    DECREF(all);
    return err;
}

int import_init(void)
{
    return modules() ? 0 : -1;
}
