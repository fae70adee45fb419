/* mod_os.c — `os` and `os.path` (posixpath) basics of CPython 3.12 on
 * POSIX: the working directory, directory listing and creation, removal
 * and renaming, the environment (os.environ, a dict subclass whose
 * assignments reach setenv), and the pure path functions, which follow
 * posixpath's algorithms on the UTF-8 text of str paths ('/' and '.' are
 * ASCII, so byte positions are safe to cut at).
 *
 * Errors are OSError(errno, strerror, filename), whose constructor picks
 * the subclass (FileNotFoundError …) as CPython's does.  Only str paths
 * (and objects with __fspath__ returning str) are accepted.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/native/modutil.h"
#include "src/native/modhelp.h"
#include "src/native/osint.h"
#include "src/native/tbframes_gen.h"

extern char **environ;

/* ---- arguments ------------------------------------------------------------- */

/* os.fspath(o) for str (NULL + TypeError for anything else).  fname names
 * the function in the message as CPython's path converter does. */
static Obj *fspath(Obj *o, const char *fname, const char *argname)
{
    if (STR_CHECK(o)) return INCREF(o);
    Obj *m = NULL;
    if (obj_lookup_attr((Obj *)OBJ_TYPE(o), id_str("__fspath__"), &m) < 0) return NULL;
    if (m) {
        DECREF(m);
        Obj *r = obj_call_method(o, "__fspath__", NULL, 0);
        if (r && !STR_CHECK(r)) {
            vm_err_format(&exc_TypeError, "expected %s.__fspath__() to return str or bytes, not %s",
                          type_name(OBJ_TYPE(o)), type_name(OBJ_TYPE(r)));
            CLEAR(r);
        }
        return r;
    }
    if (argname)
        vm_err_format(&exc_TypeError, "%s: %s should be string, bytes or os.PathLike, not %s", fname,
                      argname, type_name(OBJ_TYPE(o)));
    else
        vm_err_format(&exc_TypeError, "expected str, bytes or os.PathLike object, not %s",
                      type_name(OBJ_TYPE(o)));
    return NULL;
}

/* The path functions' TypeError: "join() argument must be str, bytes, or
 * os.PathLike object, not 'int'". */
static Obj *path_arg(Obj *o, const char *fname)
{
    if (STR_CHECK(o)) return INCREF(o);
    Obj *m = NULL;
    if (obj_lookup_attr((Obj *)OBJ_TYPE(o), id_str("__fspath__"), &m) < 0) return NULL;
    if (m) {
        DECREF(m);
        return fspath(o, fname, NULL);
    }
    vm_err_format(&exc_TypeError, "%s() argument must be str, bytes, or os.PathLike object, not '%s'",
                  fname, type_name(OBJ_TYPE(o)));
    return NULL;
}

static const char *utf8_of(Obj *s, Ssize *n) { return str_utf8_lossy(s, n); }

static Obj *os_error(int err, Obj *filename)
{
    Obj *e = int_from_i64(err), *msg = str_from_cstr(strerror(err));
    Obj *args[3] = {e, msg, filename};
    Obj *x = e && msg ? obj_call((Obj *)&exc_OSError, args, filename ? 3 : 2, NULL) : NULL;
    XDECREF(e);
    XDECREF(msg);
    if (x) {
        vm_err_restore(x);
    }
    return NULL;
}

static Obj *os_error2(int err, Obj *f1, Obj *f2)
{
    Obj *e = int_from_i64(err), *msg = str_from_cstr(strerror(err));
    Obj *args[5] = {e, msg, f1, NONE, f2};
    Obj *x = e && msg ? obj_call((Obj *)&exc_OSError, args, 5, NULL) : NULL;
    XDECREF(e);
    XDECREF(msg);
    if (x) vm_err_restore(x);
    return NULL;
}

/* ---- os functions -------------------------------------------------------------- */

static Obj *os_getcwd(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) return os_error(errno, NULL);
    return str_from_utf8(buf, (Ssize)strlen(buf));
}

static Obj *os_listdir(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"path"};
    Obj *v[1];
    if (args_parse("listdir", args, nargs, kwnames, names, 1, 0, 0, v) < 0) return NULL;
    Obj *p = v[0] && v[0] != NONE ? fspath(v[0], "listdir", "path") : str_from_cstr(".");
    if (!p) return NULL;
    Ssize n;
    const char *s = utf8_of(p, &n);
    DIR *d = opendir(s);
    if (!d) {
        Obj *r = os_error(errno, p);
        DECREF(p);
        return r;
    }
    DECREF(p);
    Obj *l = list_new(0);
    struct dirent *e;
    while (l && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        Obj *name = str_from_utf8(e->d_name, (Ssize)strlen(e->d_name));
        if (!name || list_append(l, name) < 0) CLEAR(l);
        XDECREF(name);
    }
    closedir(d);
    return l;
}

static bool is_dir_path(const char *s)
{
    struct stat st;
    return stat(s, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- os.walk ------------------------------------------------------------------- */

/* os.walk(top, topdown=True, onerror=None, followlinks=False): 3.12's
 * iterative walk.  The stack holds paths still to scan and, bottom-up,
 * (top, dirs, nondirs) triples to yield; top-down, the directories of the
 * triple just yielded are pushed at the next step, so names the caller
 * removed from `dirs` are not entered.  Entries come in directory order, as
 * scandir gives them. */
typedef struct WalkObj {
    Obj base;
    Obj *stack, *onerror;
    Obj *pending_top, *pending_dirs;
    bool topdown, followlinks;
} WalkObj;

static void walk_dealloc(Obj *o)
{
    WalkObj *w = (WalkObj *)o;
    XDECREF(w->stack);
    XDECREF(w->onerror);
    XDECREF(w->pending_top);
    XDECREF(w->pending_dirs);
    obj_free(o);
}

static int walk_traverse(Obj *o, VisitFn visit, void *arg)
{
    WalkObj *w = (WalkObj *)o;
    Obj *f[] = {w->stack, w->onerror, w->pending_top, w->pending_dirs};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i] && visit(f[i], arg)) return 1;
    return 0;
}

/* posixpath.join(top, name) for str operands. */
static Obj *walk_join(Obj *top, Obj *name)
{
    Ssize n;
    const char *t = utf8_of(top, &n);
    if (n == 0) return INCREF(name);
    if (t[n - 1] == '/') return str_concat(top, name);
    Obj *slash = str_from_cstr("/");
    Obj *a = slash ? str_concat(top, slash) : NULL;
    XDECREF(slash);
    Obj *r = a ? str_concat(a, name) : NULL;
    XDECREF(a);
    return r;
}

static bool path_is_link(Obj *p)
{
    Ssize n;
    struct stat st;
    return lstat(utf8_of(p, &n), &st) == 0 && S_ISLNK(st.st_mode);
}

/* Scan one directory into a (top, dirs, nondirs) triple; *walk_dirs (when
 * given) gets the paths bottom-up walks into.  NULL with no exception:
 * the directory could not be opened and onerror took the error. */
static Obj *walk_scan(WalkObj *w, Obj *top, Obj *walk_dirs)
{
    Ssize n;
    DIR *d = opendir(utf8_of(top, &n));
    if (!d) {
        os_error(errno, top);
        if (!w->onerror || w->onerror == NONE) {
            vm_err_clear();
            return NULL;
        }
        Obj *err = vm_err_fetch();
        Obj *r = obj_call(w->onerror, &err, 1, NULL);
        DECREF(err);
        XDECREF(r);
        return NULL;
    }
    Obj *dirs = list_new(0), *nondirs = list_new(0);
    struct dirent *e;
    bool ok = dirs && nondirs;
    while (ok && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        Obj *name = str_from_utf8(e->d_name, (Ssize)strlen(e->d_name));
        Obj *path = name ? walk_join(top, name) : NULL;
        if (!path) {
            XDECREF(name);
            ok = false;
            break;
        }
        Ssize pn;
        bool is_dir = is_dir_path(utf8_of(path, &pn));   /* follows links, as entry.is_dir() */
        ok = list_append(is_dir ? dirs : nondirs, name) == 0;
        if (ok && walk_dirs && is_dir && (w->followlinks || !path_is_link(path)))
            ok = list_append(walk_dirs, path) == 0;
        DECREF(name);
        DECREF(path);
    }
    closedir(d);
    Obj *t = ok ? tuple_pack(3, top, dirs, nondirs) : NULL;
    XDECREF(dirs);
    XDECREF(nondirs);
    return t;
}

static Obj *walk_next(Obj *o)
{
    WalkObj *w = (WalkObj *)o;
    if (w->pending_dirs) {
        Obj *top = w->pending_top, *dirs = w->pending_dirs;
        w->pending_top = w->pending_dirs = NULL;
        int rc = 0;
        if (LIST_CHECK(dirs)) {
            for (Ssize i = LIST_LEN(dirs) - 1; i >= 0 && rc == 0; i--) {
                Obj *name = LIST_ITEMS(dirs)[i];
                Obj *path = STR_CHECK(name) ? walk_join(top, name) : NULL;
                if (!path) {
                    if (!vm_err_occurred())
                        vm_err_format(&exc_TypeError, "can only concatenate str (not \"%s\") to str",
                                      type_name(OBJ_TYPE(name)));
                    rc = -1;
                    break;
                }
                if (w->followlinks || !path_is_link(path)) rc = list_append(w->stack, path);
                DECREF(path);
            }
        }
        DECREF(top);
        DECREF(dirs);
        if (rc < 0) return NULL;
    }
    while (LIST_LEN(w->stack) > 0) {
        Ssize last = LIST_LEN(w->stack) - 1;
        Obj *top = INCREF(LIST_ITEMS(w->stack)[last]);
        if (list_set_slice(w->stack, last, last + 1, NULL) < 0) {
            DECREF(top);
            return NULL;
        }
        if (TUPLE_CHECK(top)) return top;
        Obj *walk_dirs = w->topdown ? NULL : list_new(0);
        if (!w->topdown && !walk_dirs) {
            DECREF(top);
            return NULL;
        }
        Obj *t = walk_scan(w, top, walk_dirs);
        if (!t) {
            DECREF(top);
            XDECREF(walk_dirs);
            if (vm_err_occurred()) return NULL;
            continue;
        }
        if (w->topdown) {
            w->pending_top = top;
            w->pending_dirs = INCREF(TUPLE_ITEMS(t)[1]);
            return t;
        }
        DECREF(top);
        int rc = list_append(w->stack, t);
        DECREF(t);
        for (Ssize i = LIST_LEN(walk_dirs) - 1; rc == 0 && i >= 0; i--)
            rc = list_append(w->stack, LIST_ITEMS(walk_dirs)[i]);
        DECREF(walk_dirs);
        if (rc < 0) return NULL;
    }
    return NULL;
}

static TypeObj walk_type = {
    .base = TYPE_HEAD_INIT, .name = "os._walk_iterator",
    .basicsize = sizeof(WalkObj), .flags = TPF_GC, .getattro = obj_generic_getattr,
    .dealloc = walk_dealloc, .traverse = walk_traverse, .iter = iter_self, .iternext = walk_next,
};

static Obj *os_walk(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"top", "topdown", "onerror", "followlinks"};
    Obj *v[4];
    if (args_parse("walk", args, nargs, kwnames, names, 4, 0, 1, v) < 0) return NULL;
    int topdown = v[1] ? obj_is_true(v[1]) : 1;
    int follow = v[3] ? obj_is_true(v[3]) : 0;
    if (topdown < 0 || follow < 0) return NULL;
    Obj *top = fspath(v[0], "walk", NULL);
    if (!top) return NULL;
    WalkObj *w = (WalkObj *)obj_alloc(&walk_type, 0);
    if (!w) {
        DECREF(top);
        return NULL;
    }
    w->stack = list_new(0);
    w->onerror = v[2] ? INCREF(v[2]) : NULL;
    w->pending_top = w->pending_dirs = NULL;
    w->topdown = topdown;
    w->followlinks = follow;
    if (!w->stack || list_append(w->stack, top) < 0) {
        DECREF(top);
        DECREF(w);
        return NULL;
    }
    DECREF(top);
    return (Obj *)w;
}

static Obj *os_mkdir(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"path", "mode"};
    Obj *v[2];
    if (args_parse("mkdir", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return NULL;
    int64_t mode = 0777;
    if (v[1] && int_as_i64(v[1], &mode) < 0) return NULL;
    Obj *p = fspath(v[0], "mkdir", "path");
    if (!p) return NULL;
    Ssize n;
    Obj *r = mkdir(utf8_of(p, &n), (mode_t)mode) < 0 ? os_error(errno, p) : INCREF(NONE);
    DECREF(p);
    return r;
}

static Obj *os_makedirs(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"name", "mode", "exist_ok"};
    Obj *v[3];
    if (args_parse("makedirs", args, nargs, kwnames, names, 3, 0, 1, v) < 0) return NULL;
    int64_t mode = 0777;
    if (v[1] && int_as_i64(v[1], &mode) < 0) return NULL;
    int exist_ok = 0;
    if (v[2] && (exist_ok = obj_is_true(v[2])) < 0) return NULL;
    Obj *p = fspath(v[0], "makedirs", "path");
    if (!p) return NULL;
    Ssize n;
    const char *s = utf8_of(p, &n);
    char *buf = xstrdup(s);
    /* create every missing parent, then the leaf */
    for (char *q = buf + 1; *q; q++) {
        if (*q != '/') continue;
        *q = 0;
        if (!is_dir_path(buf) && mkdir(buf, 0777) < 0 && errno != EEXIST) {
            int err = errno;
            Obj *f = str_from_cstr(buf);
            *q = '/';
            os_error(err, f);
            XDECREF(f);
            /* os.py's makedirs recurses once per missing parent: its
             * frames, innermost (the mkdir that failed) first */
            tbframe_push(&tbgen_frozen_os, TBG_FROZEN_OS_MAKEDIRS_MKDIR);
            for (const char *c = q; *c; c++)
                if (*c == '/' && c[1] && c[1] != '/') tbframe_push(&tbgen_frozen_os, TBG_FROZEN_OS_MAKEDIRS_RECURSE);
            free(buf);
            DECREF(p);
            return NULL;
        }
        *q = '/';
    }
    free(buf);
    Obj *r = INCREF(NONE);
    if (mkdir(s, (mode_t)mode) < 0) {
        int err = errno;
        if (!(err == EEXIST && exist_ok && is_dir_path(s))) {
            DECREF(r);
            r = os_error(err, p);
            tbframe_push(&tbgen_frozen_os, TBG_FROZEN_OS_MAKEDIRS_MKDIR);
        }
    }
    DECREF(p);
    return r;
}

static Obj *path1(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames, int (*fn)(const char *))
{
    static const char *const names[] = {"path"};
    Obj *v[1];
    if (args_parse(fname, args, nargs, kwnames, names, 1, 0, 1, v) < 0) return NULL;
    Obj *p = fspath(v[0], fname, "path");
    if (!p) return NULL;
    Ssize n;
    Obj *r = fn(utf8_of(p, &n)) < 0 ? os_error(errno, p) : INCREF(NONE);
    DECREF(p);
    return r;
}

static Obj *os_remove(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return path1("remove", args, nargs, kw, unlink);
}

static Obj *os_unlink(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return path1("unlink", args, nargs, kw, unlink);
}

static Obj *os_rmdir(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return path1("rmdir", args, nargs, kw, rmdir);
}

static Obj *os_chdir(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return path1("chdir", args, nargs, kw, chdir);
}

static Obj *os_rename(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"src", "dst"};
    Obj *v[2];
    if (args_parse("rename", args, nargs, kwnames, names, 2, 0, 2, v) < 0) return NULL;
    Obj *a = fspath(v[0], "rename", "src"), *b = a ? fspath(v[1], "rename", "dst") : NULL;
    Obj *r = NULL;
    if (b) {
        Ssize n;
        const char *sa = utf8_of(a, &n);
        char *ca = xstrdup(sa);
        r = rename(ca, utf8_of(b, &n)) < 0 ? os_error2(errno, a, b) : INCREF(NONE);
        free(ca);
    }
    XDECREF(a);
    XDECREF(b);
    return r;
}

static Obj *os_getenv(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"key", "default"};
    Obj *v[2];
    if (args_parse("getenv", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "str expected, not %s", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    Ssize n;
    const char *val = getenv(utf8_of(v[0], &n));
    if (!val) return INCREF(v[1] ? v[1] : NONE);
    return str_decode(val, (Ssize)strlen(val), "utf-8", "surrogateescape");
}

static Obj *os_getpid(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    return int_from_i64(getpid());
}

static Obj *os_fspath(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return fspath(args[0], "fspath", NULL);
}

/* os.environ: a dict subclass named _Environ whose repr is environ({...}). */
static Obj *environ_cls;

static Obj *env_setitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"key", "value"};
    Obj *v[2];
    if (mh_bind_m("_Environ.__setitem__", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    args = v;
    for (int i = 0; i < 2; i++)
        if (!STR_CHECK(args[i])) {
            vm_err_format(&exc_TypeError, "str expected, not %s", type_name(OBJ_TYPE(args[i])));
            return NULL;
        }
    Ssize n;
    char *k = xstrdup(utf8_of(args[0], &n));
    int rc = setenv(k, utf8_of(args[1], &n), 1);
    free(k);
    if (rc < 0) return os_error(errno, NULL);
    if (dict_set(self, args[0], args[1]) < 0) return NULL;
    return INCREF(NONE);
}

/* os.environ[key]: a missing key raises in os.py's _Environ.__getitem__,
 * a frozen module: File "<frozen os>" (tbframes_gen.h) */
static Obj *env_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *v = dict_get_borrow(self, args[0]);
    if (v) return INCREF(v);
    if (vm_err_occurred()) return NULL;
    vm_err_set_key(args[0]);
    return tbframe_fail(&tbgen_frozen_os, TBG_FROZEN_OS_ENVIRON_GETITEM);
}

static Obj *env_delitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (dict_del(self, args[0]) < 0) {
        if (vm_err_matches(&exc_KeyError)) tbframe_push(&tbgen_frozen_os, TBG_FROZEN_OS_ENVIRON_DELITEM);
        return NULL;
    }
    if (STR_CHECK(args[0])) {
        Ssize n;
        unsetenv(utf8_of(args[0], &n));
    }
    return INCREF(NONE);
}

static Obj *env_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *dr = dict_type.repr(self);
    Obj *r = dr ? str_from_fmt("environ(%S)", dr) : NULL;
    XDECREF(dr);
    return r;
}

static Obj *env_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return dict_copy(self);
}

static const MethodDef environ_methods[] = {
    {"__setitem__", env_setitem, METH_FAST, NULL},
    {"__getitem__", env_getitem, METH_O, NULL},
    {"__delitem__", env_delitem, METH_O, NULL},
    {"__repr__", env_repr, METH_NOARGS, NULL},
    {"copy", env_copy, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *make_environ(void)
{
    if (!environ_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&dict_type);
        environ_cls = bases ? mu_class_new("_Environ", "os", bases, environ_methods) : NULL;
        XDECREF(bases);
        if (!environ_cls) return NULL;
    }
    Obj *env = obj_call(environ_cls, NULL, 0, NULL);
    for (char **e = environ; env && e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || eq == *e) continue;
        Obj *k = str_decode(*e, eq - *e, "utf-8", "surrogateescape");
        Obj *v = k ? str_decode(eq + 1, (Ssize)strlen(eq + 1), "utf-8", "surrogateescape") : NULL;
        if (!v || dict_set(env, k, v) < 0) CLEAR(env);
        XDECREF(k);
        XDECREF(v);
    }
    return env;
}

/* ---- os.path ------------------------------------------------------------------------ */

static Obj *mkstr(const char *s, size_t n) { return str_from_utf8(s, (Ssize)n); }

static Obj *pp_join(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("join", kw) < 0) return NULL;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "join() missing 1 required positional argument: 'a'");
        return NULL;
    }
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < nargs; i++) {
        Obj *p = i ? path_arg(args[i], "join") : fspath(args[i], "join", NULL);
        /* posixpath.join's own frame, and genericpath's check for later parts */
        if (!p && i) tbframe_push(&tbgen_frozen_genericpath, TBG_FROZEN_GENERICPATH_CHECK_ARG_TYPES_RAISE);
        if (!p) tbframe_push(&tbgen_frozen_posixpath, i ? TBG_FROZEN_POSIXPATH_JOIN_CHECK : TBG_FROZEN_POSIXPATH_JOIN_FSPATH);
        if (!p) {
            sbuf_free(&b);
            return NULL;
        }
        Ssize n;
        const char *s = utf8_of(p, &n);
        if (i > 0 && n > 0 && s[0] == '/') sbuf_reset(&b);
        else if (i > 0 && !(b.len == 0 || b.data[b.len - 1] == '/')) sbuf_putc(&b, '/');
        sbuf_put(&b, s, (size_t)n);
        DECREF(p);
    }
    Obj *r = mkstr(sbuf_cstr(&b), b.len);
    sbuf_free(&b);
    return r;
}

static Ssize last_sep(const char *s, Ssize n)
{
    for (Ssize i = n - 1; i >= 0; i--)
        if (s[i] == '/') return i;
    return -1;
}

/* split into head/tail as posixpath.split. */
static Obj *split_common(Obj *arg, const char *fname, int which)
{
    Obj *p = fspath(arg, fname, NULL);
    if (!p) return NULL;
    Ssize n;
    const char *s = utf8_of(p, &n);
    Ssize i = last_sep(s, n) + 1;
    Ssize hl = i;
    /* strip trailing slashes of head unless it is all slashes */
    Ssize k = hl;
    while (k > 0 && s[k - 1] == '/') k--;
    if (k > 0) hl = k;
    Obj *head = mkstr(s, (size_t)hl), *tail = mkstr(s + i, (size_t)(n - i));
    DECREF(p);
    Obj *r = NULL;
    if (head && tail) r = which == 0 ? tuple_pack(2, head, tail) : INCREF(which == 1 ? head : tail);
    XDECREF(head);
    XDECREF(tail);
    return r;
}

static Obj *pp_split(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return split_common(args[0], "split", 0);
}

static Obj *pp_dirname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return split_common(args[0], "dirname", 1);
}

static Obj *pp_basename(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return split_common(args[0], "basename", 2);
}

static Obj *pp_splitext(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath(args[0], "splitext", NULL);
    if (!p) return NULL;
    Ssize n;
    const char *s = utf8_of(p, &n);
    Ssize sep = last_sep(s, n), dot = -1;
    for (Ssize i = n - 1; i >= 0; i--)
        if (s[i] == '.') { dot = i; break; }
    Ssize cut = n;
    if (dot > sep) {
        for (Ssize f = sep + 1; f < dot; f++)
            if (s[f] != '.') { cut = dot; break; }
    }
    Obj *a = mkstr(s, (size_t)cut), *b = mkstr(s + cut, (size_t)(n - cut));
    Obj *r = a && b ? tuple_pack(2, a, b) : NULL;
    XDECREF(a);
    XDECREF(b);
    DECREF(p);
    return r;
}

static Obj *pp_splitdrive(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath(args[0], "splitdrive", NULL);
    if (!p) return NULL;
    Obj *e = str_from_cstr("");
    Obj *r = e ? tuple_pack(2, e, p) : NULL;
    XDECREF(e);
    DECREF(p);
    return r;
}

static void normpath_buf(const char *s, Ssize n, SBuf *out)
{
    if (n == 0) {
        sbuf_putc(out, '.');
        return;
    }
    int initial = s[0] == '/';
    if (initial && n >= 2 && s[1] == '/' && !(n >= 3 && s[2] == '/')) initial = 2;
    /* components */
    const char **comp = xmalloc(sizeof(char *) * (size_t)(n + 1));
    Ssize *clen = xmalloc(sizeof(Ssize) * (size_t)(n + 1));
    Ssize nc = 0;
    Ssize i = 0;
    while (i <= n) {
        Ssize j = i;
        while (j < n && s[j] != '/') j++;
        const char *c = s + i;
        Ssize l = j - i;
        if (!(l == 0 || (l == 1 && c[0] == '.'))) {
            bool dd = l == 2 && c[0] == '.' && c[1] == '.';
            bool last_dd = nc > 0 && clen[nc - 1] == 2 && comp[nc - 1][0] == '.' && comp[nc - 1][1] == '.';
            if (!dd || (!initial && nc == 0) || last_dd) {
                comp[nc] = c;
                clen[nc++] = l;
            } else if (nc > 0) {
                nc--;
            }
        }
        i = j + 1;
    }
    for (int k = 0; k < initial; k++) sbuf_putc(out, '/');
    for (Ssize k = 0; k < nc; k++) {
        if (k) sbuf_putc(out, '/');
        sbuf_put(out, comp[k], (size_t)clen[k]);
    }
    if (out->len == 0) sbuf_putc(out, '.');
    free(comp);
    free(clen);
}

static Obj *pp_normpath(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath(args[0], "normpath", NULL);
    if (!p) return NULL;
    Ssize n;
    const char *s = utf8_of(p, &n);
    SBuf b = SBUF_INIT;
    normpath_buf(s, n, &b);
    DECREF(p);
    Obj *r = mkstr(sbuf_cstr(&b), b.len);
    sbuf_free(&b);
    return r;
}

static Obj *abspath_of(Obj *p)
{
    Ssize n;
    const char *s = utf8_of(p, &n);
    SBuf in = SBUF_INIT, out = SBUF_INIT;
    if (n == 0 || s[0] != '/') {
        char buf[PATH_MAX];
        if (!getcwd(buf, sizeof buf)) {
            sbuf_free(&in);
            return os_error(errno, NULL);
        }
        sbuf_puts(&in, buf);
        if (n > 0) {
            if (in.len == 0 || in.data[in.len - 1] != '/') sbuf_putc(&in, '/');
            sbuf_put(&in, s, (size_t)n);
        }
    } else {
        sbuf_put(&in, s, (size_t)n);
    }
    normpath_buf(in.data, (Ssize)in.len, &out);
    Obj *r = mkstr(sbuf_cstr(&out), out.len);
    sbuf_free(&in);
    sbuf_free(&out);
    return r;
}

static Obj *pp_abspath(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath(args[0], "abspath", NULL);
    if (!p) return NULL;
    Obj *r = abspath_of(p);
    DECREF(p);
    return r;
}

static Obj *pp_isabs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath(args[0], "isabs", NULL);
    if (!p) return NULL;
    Ssize n;
    const char *s = utf8_of(p, &n);
    Obj *r = bool_from(n > 0 && s[0] == '/');
    DECREF(p);
    return r;
}

/* Split an absolute normalised path into non-empty components. */
static Obj *components(Obj *abs)
{
    Ssize n;
    const char *s = utf8_of(abs, &n);
    Obj *l = list_new(0);
    Ssize i = 0;
    while (l && i < n) {
        Ssize j = i;
        while (j < n && s[j] != '/') j++;
        if (j > i) {
            Obj *c = mkstr(s + i, (size_t)(j - i));
            if (!c || list_append(l, c) < 0) CLEAR(l);
            XDECREF(c);
        }
        i = j + 1;
    }
    return l;
}

static Obj *pp_relpath(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"path", "start"};
    Obj *v[2];
    if (args_parse("relpath", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return NULL;
    Obj *p = fspath(v[0], "relpath", NULL);
    if (!p) return NULL;
    if (VAR_SIZE(p) == 0) {
        DECREF(p);
        vm_err_set_str(&exc_ValueError, "no path specified");
        return NULL;
    }
    Obj *st = v[1] && v[1] != NONE ? fspath(v[1], "relpath", NULL) : str_from_cstr(".");
    if (!st) {
        DECREF(p);
        return NULL;
    }
    Obj *ap = abspath_of(p), *as = ap ? abspath_of(st) : NULL;
    DECREF(p);
    DECREF(st);
    Obj *pl = as ? components(ap) : NULL, *sl = pl ? components(as) : NULL;
    XDECREF(ap);
    XDECREF(as);
    if (!sl) {
        XDECREF(pl);
        return NULL;
    }
    Ssize i = 0;
    while (i < LIST_LEN(pl) && i < LIST_LEN(sl) && str_eq(LIST_ITEMS(pl)[i], LIST_ITEMS(sl)[i])) i++;
    SBuf b = SBUF_INIT;
    for (Ssize k = i; k < LIST_LEN(sl); k++) sbuf_puts(&b, b.len ? "/.." : "..");
    for (Ssize k = i; k < LIST_LEN(pl); k++) {
        Ssize n;
        const char *u = utf8_of(LIST_ITEMS(pl)[k], &n);
        if (b.len) sbuf_putc(&b, '/');
        sbuf_put(&b, u, (size_t)n);
    }
    if (!b.len) sbuf_putc(&b, '.');
    DECREF(pl);
    DECREF(sl);
    Obj *r = mkstr(sbuf_cstr(&b), b.len);
    sbuf_free(&b);
    return r;
}

static Obj *pp_expanduser(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath(args[0], "expanduser", NULL);
    if (!p) return NULL;
    Ssize n;
    const char *s = utf8_of(p, &n);
    if (n == 0 || s[0] != '~') return p;
    Ssize i = 1;
    while (i < n && s[i] != '/') i++;
    const char *home = NULL;
    if (i == 1) {
        home = getenv("HOME");
        if (!home) {
            struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
    } else {
        char *name = xmalloc((size_t)i);
        memcpy(name, s + 1, (size_t)(i - 1));
        name[i - 1] = 0;
        struct passwd *pw = getpwnam(name);
        free(name);
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home) return p;
    SBuf b = SBUF_INIT;
    size_t hl = strlen(home);
    while (hl > 0 && home[hl - 1] == '/') hl--;
    sbuf_put(&b, home, hl);
    sbuf_put(&b, s + i, (size_t)(n - i));
    if (!b.len) sbuf_putc(&b, '/');
    Obj *r = mkstr(sbuf_cstr(&b), b.len);
    sbuf_free(&b);
    DECREF(p);
    return r;
}

static Obj *stat_test(Obj *arg, int kind)
{
    if (!STR_CHECK(arg)) {
        Obj *m = NULL;
        if (obj_lookup_attr((Obj *)OBJ_TYPE(arg), id_str("__fspath__"), &m) < 0) return NULL;
        if (!m) return bool_from(false);
        DECREF(m);
    }
    Obj *p = fspath(arg, "stat", "path");
    if (!p) return NULL;
    Ssize n;
    const char *s = utf8_of(p, &n);
    struct stat st;
    bool ok;
    if (kind == 3) ok = lstat(s, &st) == 0 && S_ISLNK(st.st_mode);
    else if (kind == 4) ok = lstat(s, &st) == 0;
    else {
        ok = stat(s, &st) == 0;
        if (ok && kind == 1) ok = S_ISREG(st.st_mode);
        if (ok && kind == 2) ok = S_ISDIR(st.st_mode);
    }
    DECREF(p);
    return bool_from(ok);
}

static Obj *pp_exists(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)n; (void)k; return stat_test(a[0], 0); }
static Obj *pp_isfile(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)n; (void)k; return stat_test(a[0], 1); }
static Obj *pp_isdir(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)n; (void)k; return stat_test(a[0], 2); }
static Obj *pp_islink(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)n; (void)k; return stat_test(a[0], 3); }
static Obj *pp_lexists(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)n; (void)k; return stat_test(a[0], 4); }

static Obj *pp_getsize(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath(args[0], "stat", "path");
    if (!p) return NULL;
    Ssize n;
    struct stat st;
    Obj *r = stat(utf8_of(p, &n), &st) < 0 ? os_error(errno, p) : int_from_i64((int64_t)st.st_size);
    DECREF(p);
    return r ? r : tbframe_fail(&tbgen_frozen_genericpath, TBG_FROZEN_GENERICPATH_GETSIZE_STAT);
}

static Obj *pp_commonprefix(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *l = seq_to_list(args[0]);
    if (!l) return NULL;
    if (LIST_LEN(l) == 0) {
        DECREF(l);
        return str_from_cstr("");
    }
    Obj *mn = NULL, *mx = NULL;
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *x = LIST_ITEMS(l)[i];
        if (!mn) { mn = mx = x; continue; }
        int lt = obj_richcompare_bool(x, mn, CMP_LT);
        int gt = lt < 0 ? -1 : obj_richcompare_bool(x, mx, CMP_GT);
        if (gt < 0) { DECREF(l); return NULL; }
        if (lt) mn = x;
        if (gt) mx = x;
    }
    Ssize i = 0;
    if (STR_CHECK(mn) && STR_CHECK(mx)) {
        while (i < VAR_SIZE(mn) && i < VAR_SIZE(mx) && str_char(mn, i) == str_char(mx, i)) i++;
    }
    Obj *r = STR_CHECK(mn) ? str_substr(mn, 0, i) : obj_getitem(mn, NONE);
    DECREF(l);
    return r;
}

static const MethodDef path_functions[] = {
    {"join", pp_join, METH_FAST, NULL},
    {"split", pp_split, METH_O, NULL},
    {"dirname", pp_dirname, METH_O, NULL},
    {"basename", pp_basename, METH_O, NULL},
    {"splitext", pp_splitext, METH_O, NULL},
    {"splitdrive", pp_splitdrive, METH_O, NULL},
    {"normpath", pp_normpath, METH_O, NULL},
    {"abspath", pp_abspath, METH_O, NULL},
    {"isabs", pp_isabs, METH_O, NULL},
    {"relpath", pp_relpath, METH_FAST, NULL},
    {"expanduser", pp_expanduser, METH_O, NULL},
    {"exists", pp_exists, METH_O, NULL},
    {"lexists", pp_lexists, METH_O, NULL},
    {"isfile", pp_isfile, METH_O, NULL},
    {"isdir", pp_isdir, METH_O, NULL},
    {"islink", pp_islink, METH_O, NULL},
    {"getsize", pp_getsize, METH_O, NULL},
    {"commonprefix", pp_commonprefix, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef os_functions[] = {
    {"getcwd", os_getcwd, METH_NOARGS, NULL},
    {"listdir", os_listdir, METH_FAST, NULL},
    {"walk", os_walk, METH_FAST, NULL},
    {"mkdir", os_mkdir, METH_FAST, NULL},
    {"makedirs", os_makedirs, METH_FAST, NULL},
    {"remove", os_remove, METH_FAST, NULL},
    {"unlink", os_unlink, METH_FAST, NULL},
    {"rmdir", os_rmdir, METH_FAST, NULL},
    {"rename", os_rename, METH_FAST, NULL},
    {"replace", os_rename, METH_FAST, NULL},
    {"chdir", os_chdir, METH_FAST, NULL},
    {"getenv", os_getenv, METH_FAST, NULL},
    {"getpid", os_getpid, METH_NOARGS, NULL},
    {"fspath", os_fspath, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

Obj *os_fspath_arg(Obj *o, const char *fname, const char *argname) { return fspath(o, fname, argname); }
Obj *os_raise_errno(int err, Obj *filename) { return os_error(err, filename); }
Obj *os_raise_errno2(int err, Obj *f1, Obj *f2) { return os_error2(err, f1, f2); }

static int add_str(Obj *m, const char *name, const char *v)
{
    return module_add(m, name, str_from_cstr(v));
}

static int add_path_consts(Obj *m)
{
    if (add_str(m, "sep", "/") < 0 || add_str(m, "curdir", ".") < 0 || add_str(m, "pardir", "..") < 0 ||
        add_str(m, "extsep", ".") < 0 || add_str(m, "pathsep", ":") < 0 ||
        add_str(m, "defpath", "/bin:/usr/bin") < 0 || add_str(m, "devnull", "/dev/null") < 0 ||
        module_add(m, "altsep", INCREF(NONE)) < 0)
        return -1;
    return 0;
}

static Obj *posixpath_init(void)
{
    Obj *m = module_new("posixpath");
    if (!m) return NULL;
    if (module_add_functions(m, path_functions) < 0 || add_path_consts(m) < 0 || osfs_add_path(m) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

static Obj *os_init(void)
{
    Obj *m = module_new("os");
    if (!m) return NULL;
    Obj *path = NULL;
    if (vm->modules) path = dict_get_str_borrow(vm->modules, "posixpath");
    path = path ? INCREF(path) : posixpath_init();
    if (!path) goto fail;
    if (module_add_functions(m, os_functions) < 0 || add_path_consts(m) < 0 || osfs_add_os(m) < 0 ||
        add_str(m, "name", "posix") < 0 || add_str(m, "linesep", "\n") < 0 ||
        module_add(m, "environ", make_environ()) < 0 ||
        module_add(m, "error", INCREF((Obj *)&exc_OSError)) < 0 ||
        module_add(m, "path", INCREF(path)) < 0 ||
        module_add(m, "SEEK_SET", int_from_i64(0)) < 0 ||
        module_add(m, "SEEK_CUR", int_from_i64(1)) < 0 ||
        module_add(m, "SEEK_END", int_from_i64(2)) < 0) {
        DECREF(path);
        goto fail;
    }
    /* `import os.path` finds the module os made, as CPython's os does */
    if (vm->modules && (dict_set_str(vm->modules, "os.path", path) < 0 ||
                        dict_set_str(vm->modules, "posixpath", path) < 0)) {
        DECREF(path);
        goto fail;
    }
    DECREF(path);
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_os_register(void)
{
    vm_static_roots(&environ_cls, 1);
    import_register_native("os", os_init);
    import_register_native("posixpath", posixpath_init);
    import_register_native("os.path", posixpath_init);
}
