/* mod_shutil.c — `shutil` of CPython 3.12 on Linux: copyfileobj,
 * copyfile, copymode, copystat, copy, copy2, copytree (ignore,
 * copy_function, symlinks, dirs_exist_ok), ignore_patterns, rmtree
 * (ignore_errors, onerror, onexc), move, which, disk_usage,
 * get_terminal_size, and the exception classes (Error, SameFileError …).
 *
 * The steps are shutil.py's, and each goes through the os / os.path / open
 * function shutil.py calls, so errors carry CPython's exact messages and
 * filenames; rmtree reports to onexc the same functions (os.lstat,
 * os.scandir, os.unlink, os.rmdir, os.path.islink) in the same order as
 * the fd-based walk CPython uses on Linux.  Archives (make_archive …) and
 * chown are left out.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "src/native/modhelp.h"
#include "src/native/modutil.h"
#include "src/native/osint.h"

static Obj *classes[7];
#define error_cls classes[0]
#define samefile_cls classes[1]
#define special_cls classes[2]
#define exec_cls classes[3]
#define read_cls classes[4]
#define registry_cls classes[5]
#define usage_cls classes[6]

static Obj *os1(const char *fn, Obj *a) { return fs_call("os", fn, &a, 1, NULL); }
static Obj *path1(const char *fn, Obj *a) { return fs_call("os.path", fn, &a, 1, NULL); }

static Obj *os2(const char *fn, Obj *a, Obj *b)
{
    Obj *v[2] = {a, b};
    return fs_call("os", fn, v, 2, NULL);
}

static Obj *join(Obj *a, Obj *b)
{
    Obj *v[2] = {a, b};
    return fs_call("os.path", "join", v, 2, NULL);
}

/* os.path.FN(a) as a C truth value, -1 on error. */
static int path_test(const char *fn, Obj *a)
{
    Obj *r = path1(fn, a);
    if (!r) return -1;
    int t = obj_is_true(r);
    DECREF(r);
    return t;
}

static int drop(Obj *r)
{
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static Obj *raise_msg(Obj *cls, Obj *msg)   /* steals msg */
{
    if (!msg) return NULL;
    Obj *e = obj_call(cls, &msg, 1, NULL);
    DECREF(msg);
    if (e) vm_err_restore(e);
    return NULL;
}

/* ---- copying files -------------------------------------------------------------- */

static Obj *sh_copyfileobj(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"fsrc", "fdst", "length"};
    Obj *v[3];
    if (mh_bind("copyfileobj", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *len = v[2] && v[2] != NONE ? INCREF(v[2]) : int_from_i64(64 * 1024);
    if (len && v[2] && obj_is_true(len) == 0) obj_setref(&len, int_from_i64(64 * 1024));
    if (!len) return NULL;
    for (;;) {
        Obj *buf = obj_call_method(v[0], "read", &len, 1);
        if (!buf) break;
        int t = obj_is_true(buf);
        if (t <= 0) {
            DECREF(buf);
            if (t < 0) break;
            DECREF(len);
            return INCREF(NONE);
        }
        Obj *w = obj_call_method(v[1], "write", &buf, 1);
        DECREF(buf);
        if (drop(w) < 0) break;
    }
    DECREF(len);
    return NULL;
}

/* shutil._samefile: os.path.samefile, False when either is missing. */
static int same_file(Obj *src, Obj *dst)
{
    Obj *v[2] = {src, dst};
    Obj *r = fs_call("os.path", "samefile", v, 2, NULL);
    if (!r) {
        if (!vm_err_matches(&exc_OSError)) return -1;
        vm_err_clear();
        return 0;
    }
    int t = obj_is_true(r);
    DECREF(r);
    return t;
}

static int follow_arg(Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *f = mu_kwarg(args, nargs, kw, "follow_symlinks");
    return f ? obj_is_true(f) : 1;
}

static Obj *open_file(Obj *path, const char *mode)
{
    Obj *m = str_from_cstr(mode);
    Obj *v[2] = {path, m};
    Obj *f = m ? io_open(v, 2, NULL) : NULL;
    XDECREF(m);
    return f;
}

static Obj *copyfile(Obj *src, Obj *dst, int follow)
{
    int same = same_file(src, dst);
    if (same < 0) return NULL;
    if (same) return raise_msg(samefile_cls, str_from_fmt("%R and %R are the same file", src, dst));
    if (!follow) {
        int link = path_test("islink", src);
        if (link < 0) return NULL;
        if (link) {
            Obj *to = os1("readlink", src);
            if (!to || drop(os2("symlink", to, dst)) < 0) {
                XDECREF(to);
                return NULL;
            }
            DECREF(to);
            return INCREF(dst);
        }
    }
    Obj *fsrc = open_file(src, "rb");
    if (!fsrc) return NULL;
    Obj *fdst = open_file(dst, "wb");
    Obj *r = NULL;
    if (fdst) {
        Obj *data = obj_call_method(fsrc, "read", NULL, 0);
        Obj *w = data ? obj_call_method(fdst, "write", &data, 1) : NULL;
        XDECREF(data);
        Obj *c = obj_call_method(fdst, "close", NULL, 0);
        if (w && c) r = INCREF(dst);
        XDECREF(w);
        XDECREF(c);
        DECREF(fdst);
    } else if (vm_err_matches(&exc_IsADirectoryError)) {
        Obj *e = vm_err_fetch();
        int exists = path_test("exists", dst);
        if (exists == 0) {
            Obj *s = obj_str(dst);
            if (s) {
                raise_msg((Obj *)&exc_FileNotFoundError, str_from_fmt("Directory does not exist: %S", s));
                DECREF(s);
            }
            DECREF(e);
        } else if (exists > 0) {
            vm_err_restore(e);
        } else {
            DECREF(e);
        }
    }
    Obj *c = obj_call_method(fsrc, "close", NULL, 0);
    if (!c) CLEAR(r);
    XDECREF(c);
    DECREF(fsrc);
    return r;
}

static Obj *sh_copyfile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"src", "dst", "follow_symlinks"};
    Obj *v[3];
    if (mh_bind("copyfile", args, nargs, kw, names, 3, 2, 0, 2, 0, v) < 0) return NULL;
    int follow = v[2] ? obj_is_true(v[2]) : 1;
    return follow < 0 ? NULL : copyfile(v[0], v[1], follow);
}

/* chmod(dst, S_IMODE(stat(src).st_mode)); with_times: utime from src first. */
static int copy_meta(Obj *src, Obj *dst, bool with_times)
{
    Obj *st = os1("stat", src);
    if (!st) return -1;
    int64_t mode;
    int rc = int_as_i64(TUPLE_ITEMS(st)[0], &mode);
    if (rc == 0 && with_times) {
        Obj *ns = tuple_new(2);
        Obj *a = ns ? obj_getattr_str(st, "st_atime_ns") : NULL, *m = a ? obj_getattr_str(st, "st_mtime_ns") : NULL;
        if (m) {
            TUPLE_ITEMS(ns)[0] = a;
            TUPLE_ITEMS(ns)[1] = m;
            Obj *kwn = tuple_pack(1, id_str("ns"));
            Obj *v[2] = {dst, ns};
            rc = kwn ? drop(fs_call("os", "utime", v, 1, kwn)) : -1;
            XDECREF(kwn);
        } else {
            XDECREF(a);
            rc = -1;
        }
        XDECREF(ns);
    }
    DECREF(st);
    if (rc < 0) return -1;
    Obj *mo = int_from_i64(mode & 07777);
    rc = mo ? drop(os2("chmod", dst, mo)) : -1;
    XDECREF(mo);
    return rc;
}

static Obj *meta_fn(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool times)
{
    static const char *const names[] = {"src", "dst", "follow_symlinks"};
    Obj *v[3];
    if (mh_bind(fname, args, nargs, kw, names, 3, 2, 0, 2, 0, v) < 0) return NULL;
    return copy_meta(v[0], v[1], times) < 0 ? NULL : INCREF(NONE);
}

static Obj *sh_copymode(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return meta_fn("copymode", a, n, k, false); }
static Obj *sh_copystat(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return meta_fn("copystat", a, n, k, true); }

/* copy / copy2: into a directory under src's name; then mode (and times). */
static Obj *copy_common(Obj *src, Obj *dst, int follow, bool times)
{
    int d = path_test("isdir", dst);
    if (d < 0) return NULL;
    Obj *target = NULL;
    if (d) {
        Obj *base = path1("basename", src);
        target = base ? join(dst, base) : NULL;
        XDECREF(base);
        if (!target) return NULL;
    } else {
        target = INCREF(dst);
    }
    Obj *r = copyfile(src, target, follow);
    if (r && copy_meta(src, target, times) < 0) CLEAR(r);
    DECREF(target);
    return r;
}

static Obj *copy_fn(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool times)
{
    static const char *const names[] = {"src", "dst", "follow_symlinks"};
    Obj *v[3];
    if (mh_bind(fname, args, nargs, kw, names, 3, 2, 0, 2, 0, v) < 0) return NULL;
    int follow = follow_arg(args, nargs, kw);
    return follow < 0 ? NULL : copy_common(v[0], v[1], follow, times);
}

static Obj *sh_copy(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return copy_fn("copy", a, n, k, false); }
static Obj *sh_copy2(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return copy_fn("copy2", a, n, k, true); }

/* ---- copytree ------------------------------------------------------------------- */

typedef struct TreeOpts {
    int symlinks, dangling_ok, exist_ok;
    Obj *ignore, *copy_function;   /* borrowed; NULL: none / copy2 */
} TreeOpts;

static Obj *copytree(Obj *src, Obj *dst, TreeOpts *o);

/* one entry of copytree; -1 with an exception (OSError or Error are the
 * caller's to collect). */
static int copy_entry(Obj *entry, Obj *srcname, Obj *dstname, TreeOpts *o)
{
    Obj *r = obj_call_method(entry, "is_symlink", NULL, 0);
    if (!r) return -1;
    bool link = r == TRUE_;
    DECREF(r);
    if (link) {
        Obj *to = os1("readlink", srcname);
        if (!to) return -1;
        if (o->symlinks) {
            int rc = drop(os2("symlink", to, dstname));
            DECREF(to);
            return rc < 0 ? -1 : copy_meta(srcname, dstname, true);
        }
        int exists = o->dangling_ok ? path_test("exists", to) : 1;
        DECREF(to);
        if (exists <= 0) return exists;
    }
    r = obj_call_method(entry, "is_dir", NULL, 0);
    if (!r) return -1;
    bool dir = r == TRUE_;
    DECREF(r);
    if (dir) return drop(copytree(srcname, dstname, o));
    if (o->copy_function) {
        Obj *v[2] = {srcname, dstname};
        return drop(obj_call(o->copy_function, v, 2, NULL));
    }
    return drop(copy_common(srcname, dstname, 1, true));
}

/* errors.extend(err.args[0]) for shutil.Error, else the (src, dst, str(why)) triple */
static int collect_error(Obj *errors, Obj *srcname, Obj *dstname)
{
    if (!vm_err_matches(&exc_OSError)) return -1;
    Obj *e = vm_err_fetch();
    int rc;
    int is_err = obj_isinstance(e, error_cls);
    Obj *args = is_err > 0 ? obj_getattr_str(e, "args") : NULL;
    if (args && TUPLE_CHECK(args) && TUPLE_LEN(args) > 0 && LIST_CHECK(TUPLE_ITEMS(args)[0])) {
        rc = list_extend(errors, TUPLE_ITEMS(args)[0]);
    } else {
        Obj *why = obj_str(e);
        Obj *t = why ? tuple_pack(3, srcname, dstname, why) : NULL;
        rc = t ? list_append(errors, t) : -1;
        XDECREF(why);
        XDECREF(t);
    }
    XDECREF(args);
    DECREF(e);
    return rc;
}

static Obj *copytree(Obj *src, Obj *dst, TreeOpts *o)
{
    Obj *it = os1("scandir", src);
    if (!it) return NULL;
    Obj *entries = seq_to_list(it);
    DECREF(it);
    if (!entries) return NULL;
    Obj *ignored = NULL, *errors = NULL, *r = NULL;
    if (o->ignore) {
        Obj *names = list_new(0);
        for (Ssize i = 0; names && i < LIST_LEN(entries); i++) {
            Obj *nm = obj_getattr_str(LIST_ITEMS(entries)[i], "name");
            if (!nm || list_append(names, nm) < 0) CLEAR(names);
            XDECREF(nm);
        }
        Obj *s = names ? os1("fspath", src) : NULL;
        Obj *v[2] = {s, names};
        ignored = s ? obj_call(o->ignore, v, 2, NULL) : NULL;
        XDECREF(s);
        XDECREF(names);
        if (!ignored) goto done;
    }
    Obj *kwn = tuple_pack(1, id_str("exist_ok"));
    Obj *mv[2] = {dst, o->exist_ok ? TRUE_ : FALSE_};
    int rc = kwn ? drop(fs_call("os", "makedirs", mv, 1, kwn)) : -1;
    XDECREF(kwn);
    if (rc < 0 || !(errors = list_new(0))) goto done;
    for (Ssize i = 0; i < LIST_LEN(entries); i++) {
        Obj *entry = LIST_ITEMS(entries)[i];
        Obj *nm = obj_getattr_str(entry, "name");
        if (!nm) goto done;
        int skip = ignored ? obj_contains(ignored, nm) : 0;
        Obj *sn = skip == 0 ? join(src, nm) : NULL, *dn = sn ? join(dst, nm) : NULL;
        DECREF(nm);
        if (skip < 0 || (skip == 0 && !dn)) {
            XDECREF(sn);
            goto done;
        }
        rc = skip ? 0 : copy_entry(entry, sn, dn, o);
        if (rc < 0) rc = collect_error(errors, sn, dn);
        XDECREF(sn);
        XDECREF(dn);
        if (rc < 0) goto done;
    }
    if (copy_meta(src, dst, true) < 0 && collect_error(errors, src, dst) < 0) goto done;
    if (LIST_LEN(errors)) {
        Obj *e = obj_call(error_cls, &errors, 1, NULL);
        if (e) vm_err_restore(e);
        goto done;
    }
    r = INCREF(dst);
done:
    XDECREF(ignored);
    XDECREF(errors);
    DECREF(entries);
    return r;
}

static Obj *sh_copytree(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"src", "dst", "symlinks", "ignore", "copy_function",
                                        "ignore_dangling_symlinks", "dirs_exist_ok"};
    Obj *v[7];
    if (mh_bind("copytree", args, nargs, kw, names, 7, 7, 0, 2, 0, v) < 0) return NULL;
    TreeOpts o = {0, 0, 0, v[3] && v[3] != NONE ? v[3] : NULL, v[4]};
    if ((v[2] && (o.symlinks = obj_is_true(v[2])) < 0) || (v[5] && (o.dangling_ok = obj_is_true(v[5])) < 0) ||
        (v[6] && (o.exist_ok = obj_is_true(v[6])) < 0))
        return NULL;
    return copytree(v[0], v[1], &o);
}

/* ignore_patterns(*patterns): a function of (path, names) giving the set
 * of names some pattern matches. */
static Obj *ignore_call(Obj *patterns, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_ignore_patterns", "_ignore_patterns", nargs, kw, 2, 2) < 0) return NULL;
    Obj *out = set_new(NULL);
    for (Ssize i = 0; out && i < TUPLE_LEN(patterns); i++) {
        Obj *v[2] = {args[1], TUPLE_ITEMS(patterns)[i]};
        Obj *m = fs_call("fnmatch", "filter", v, 2, NULL);
        if (!m || set_update(out, m) < 0) CLEAR(out);
        XDECREF(m);
    }
    return out;
}

static const MethodDef ignore_def = {"_ignore_patterns", ignore_call, METH_FAST, NULL};

static Obj *sh_ignore_patterns(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("ignore_patterns", kw) < 0) return NULL;
    Obj *pats = tuple_from_array(args, nargs);
    Obj *f = pats ? builtin_new(&ignore_def, pats, NULL) : NULL;
    XDECREF(pats);
    return f;
}

/* ---- rmtree --------------------------------------------------------------------- */

typedef struct Rm {
    bool ignore;
    Obj *onexc, *onerror;
} Rm;

/* Hand the pending OSError to the handlers (or leave it pending: -1). */
static int rm_report(Rm *r, const char *module, const char *fn, Obj *path)
{
    if (!vm_err_matches(&exc_OSError)) return -1;
    if (r->ignore) {
        vm_err_clear();
        return 0;
    }
    if (!r->onexc && !r->onerror) return -1;
    Obj *e = vm_err_fetch();
    Obj *mod = str_from_cstr(module);
    Obj *m = mod ? import_name(mod, NULL, NULL, 0) : NULL;
    XDECREF(mod);
    if (m && !strcmp(module, "os.path")) {
        Obj *sub = obj_getattr_str(m, "path");
        DECREF(m);
        m = sub;
    }
    Obj *func = m ? obj_getattr_str(m, fn) : NULL;
    XDECREF(m);
    Obj *res = NULL;
    if (func) {
        if (r->onexc) {
            Obj *v[3] = {func, path, e};
            res = obj_call(r->onexc, v, 3, NULL);
        } else {
            Obj *tb = obj_getattr_str(e, "__traceback__");
            Obj *info = tb ? tuple_pack(3, (Obj *)OBJ_TYPE(e), e, tb) : NULL;
            Obj *v[3] = {func, path, info};
            res = info ? obj_call(r->onerror, v, 3, NULL) : NULL;
            XDECREF(tb);
            XDECREF(info);
        }
        DECREF(func);
    }
    DECREF(e);
    return drop(res);
}

static int os_step(const char *fn, Obj *path)
{
    return drop(os1(fn, path));
}

/* The contents of directory `path` (not path itself). */
static int rm_contents(Rm *r, Obj *path)
{
    Obj *it = os1("scandir", path);
    Obj *entries = it ? seq_to_list(it) : NULL;
    XDECREF(it);
    if (!entries) return rm_report(r, "os", "scandir", path);
    int rc = 0;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(entries); i++) {
        Obj *e = LIST_ITEMS(entries)[i];
        Obj *nm = obj_getattr_str(e, "name");
        Obj *full = nm ? join(path, nm) : NULL;
        XDECREF(nm);
        if (!full) {
            rc = -1;
            break;
        }
        Obj *kwn = tuple_pack(1, id_str("follow_symlinks"));
        Obj *fv[1] = {FALSE_};
        Obj *meth = kwn ? obj_getattr_str(e, "is_dir") : NULL;
        Obj *isd = meth ? obj_call(meth, fv, 0, kwn) : NULL;
        XDECREF(meth);
        XDECREF(kwn);
        if (!isd) {
            rc = rm_report(r, "os", "lstat", full);
        } else if (isd == TRUE_) {
            rc = rm_contents(r, full);
            if (rc == 0 && os_step("rmdir", full) < 0) rc = rm_report(r, "os", "rmdir", full);
        } else if (os_step("unlink", full) < 0) {
            rc = rm_report(r, "os", "unlink", full);
        }
        XDECREF(isd);
        DECREF(full);
    }
    DECREF(entries);
    return rc;
}

static Obj *sh_rmtree(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "ignore_errors", "onerror", "onexc", "dir_fd"};
    Obj *v[5];
    if (mh_bind("rmtree", args, nargs, kw, names, 5, 3, 0, 1, 0, v) < 0) return NULL;
    Rm r = {false, v[3] && v[3] != NONE ? v[3] : NULL, v[2] && v[2] != NONE ? v[2] : NULL};
    int t = v[1] ? obj_is_true(v[1]) : 0;
    if (t < 0) return NULL;
    r.ignore = t;
    Obj *path = v[0];
    Obj *st = os1("lstat", path);
    if (!st) return rm_report(&r, "os", "lstat", path) < 0 ? NULL : INCREF(NONE);
    int64_t mode = 0;
    int rc = int_as_i64(TUPLE_ITEMS(st)[0], &mode);
    DECREF(st);
    if (rc < 0) return NULL;
    if (S_ISLNK((mode_t)mode)) {
        vm_err_set_str(&exc_OSError, "Cannot call rmtree on a symbolic link");
        return rm_report(&r, "os.path", "islink", path) < 0 ? NULL : INCREF(NONE);
    }
    if (rm_contents(&r, path) < 0) return NULL;
    if (os_step("rmdir", path) < 0 && rm_report(&r, "os", "rmdir", path) < 0) return NULL;
    return INCREF(NONE);
}

/* ---- move, which, disk_usage, get_terminal_size -------------------------------- */

/* abspath(p) with a trailing '/' */
static Obj *abs_slash(Obj *p)
{
    Obj *a = path1("abspath", p);
    if (!a) return NULL;
    Ssize n;
    const char *s = str_utf8_lossy(a, &n);
    if (n && s[n - 1] == '/') return a;
    Obj *r = str_from_fmt("%S/", a);
    DECREF(a);
    return r;
}

static Obj *sh_move(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"src", "dst", "copy_function"};
    Obj *v[3];
    if (mh_bind("move", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *src = v[0], *dst = v[1];
    int isdir = path_test("isdir", dst);
    if (isdir < 0) return NULL;
    Obj *real = NULL;
    if (isdir) {
        int same = same_file(src, dst);
        if (same < 0) return NULL;
        if (same) return drop(os2("rename", src, dst)) < 0 ? NULL : INCREF(NONE);
        Obj *s = os1("fspath", src);
        Obj *sep = s ? str_from_cstr("/") : NULL;
        Obj *stripped = sep ? obj_call_method(s, "rstrip", &sep, 1) : NULL;
        Obj *base = stripped ? path1("basename", stripped) : NULL;
        real = base ? join(dst, base) : NULL;
        XDECREF(s);
        XDECREF(sep);
        XDECREF(stripped);
        XDECREF(base);
        if (!real) return NULL;
        int ex = path_test("exists", real);
        if (ex) {
            if (ex > 0) raise_msg(error_cls, str_from_fmt("Destination path '%S' already exists", real));
            DECREF(real);
            return NULL;
        }
    } else {
        real = INCREF(dst);
    }
    Obj *r = os2("rename", src, real);
    if (r) {
        DECREF(r);
        return real;
    }
    if (!vm_err_matches(&exc_OSError)) goto fail;
    vm_err_clear();
    int link = path_test("islink", src);
    int dir = link == 0 ? path_test("isdir", src) : 0;
    if (link < 0 || dir < 0) goto fail;
    if (link) {
        Obj *to = os1("readlink", src);
        int rc = to ? drop(os2("symlink", to, real)) : -1;
        XDECREF(to);
        if (rc < 0 || os_step("unlink", src) < 0) goto fail;
    } else if (dir) {
        Obj *a = abs_slash(src), *b = a ? abs_slash(dst) : NULL;
        Obj *sw = b ? obj_call_method(b, "startswith", &a, 1) : NULL;
        XDECREF(a);
        XDECREF(b);
        if (!sw) goto fail;
        DECREF(sw);
        if (sw == TRUE_) {
            raise_msg(error_cls, str_from_fmt("Cannot move a directory '%S' into itself '%S'.", src, dst));
            goto fail;
        }
        TreeOpts o = {1, 0, 0, NULL, v[2]};
        Rm rm = {false, NULL, NULL};
        if (drop(copytree(src, real, &o)) < 0 || rm_contents(&rm, src) < 0 || os_step("rmdir", src) < 0) goto fail;
    } else {
        Obj *cv[2] = {src, real};
        Obj *c = v[2] ? obj_call(v[2], cv, 2, NULL) : copy_common(src, real, 1, true);
        if (drop(c) < 0 || os_step("unlink", src) < 0) goto fail;
    }
    return real;
fail:
    DECREF(real);
    return NULL;
}

static bool access_check(const char *p, int mode)
{
    struct stat st;
    return stat(p, &st) == 0 && access(p, mode) == 0 && !S_ISDIR(st.st_mode);
}

static Obj *sh_which(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"cmd", "mode", "path"};
    Obj *v[3];
    if (mh_bind("which", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    int64_t mode = X_OK;
    if (v[1] && int_as_i64(v[1], &mode) < 0) return NULL;
    Obj *cmd = os_fspath_arg(v[0], "which", NULL);
    if (!cmd) return NULL;
    Ssize n;
    const char *c = str_utf8_lossy(cmd, &n);
    Obj *r = NULL;
    if (strchr(c, '/')) {
        r = access_check(c, (int)mode) ? INCREF(cmd) : INCREF(NONE);
        DECREF(cmd);
        return r;
    }
    char *pathlist;
    if (v[2] && v[2] != NONE) {
        Obj *p = os_fspath_arg(v[2], "which", NULL);
        if (!p) {
            DECREF(cmd);
            return NULL;
        }
        pathlist = xstrdup(str_utf8_lossy(p, &n));
        DECREF(p);
    } else {
        const char *env = getenv("PATH");
        pathlist = xstrdup(env ? env : "/bin:/usr/bin");
    }
    SBuf b = SBUF_INIT;
    char *save = pathlist;
    for (char *dir = pathlist; !r; dir = NULL) {
        char *end = strchr(save, ':');
        if (!*save && !end && dir == NULL) break;
        if (end) *end = 0;
        sbuf_reset(&b);
        if (*save) {
            sbuf_puts(&b, save);
            if (save[strlen(save) - 1] != '/') sbuf_putc(&b, '/');
        }
        sbuf_puts(&b, c);
        if (access_check(sbuf_cstr(&b), (int)mode)) r = str_from_utf8(b.data, (Ssize)b.len);
        if (!end) break;
        save = end + 1;
    }
    sbuf_free(&b);
    free(pathlist);
    DECREF(cmd);
    return r ? r : INCREF(NONE);
}

static Obj *sh_disk_usage(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path"};
    Obj *v[1];
    if (mh_bind("disk_usage", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *p = os_fspath_arg(v[0], "statvfs", "path");
    if (!p) return NULL;
    Ssize n;
    struct statvfs sv;
    if (statvfs(str_utf8_lossy(p, &n), &sv) < 0) {
        os_raise_errno(errno, p);
        DECREF(p);
        return NULL;
    }
    DECREF(p);
    Obj *vals[3] = {int_from_u64((uint64_t)sv.f_blocks * sv.f_frsize),
                    int_from_u64((uint64_t)(sv.f_blocks - sv.f_bfree) * sv.f_frsize),
                    int_from_u64((uint64_t)sv.f_bavail * sv.f_frsize)};
    Obj *r = vals[0] && vals[1] && vals[2] ? obj_call(usage_cls, vals, 3, NULL) : NULL;
    for (int i = 0; i < 3; i++) XDECREF(vals[i]);
    return r;
}

/* COLUMNS / LINES when set to positive numbers, else the terminal of
 * sys.__stdout__, else the fallback. */
static long env_size(const char *name)
{
    const char *s = getenv(name);
    if (!s || !*s) return 0;
    char *end;
    long v = strtol(s, &end, 10);
    return *end ? 0 : v;
}

static Obj *sh_get_terminal_size(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"fallback"};
    Obj *v[1];
    if (mh_bind("get_terminal_size", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *fallback = v[0] ? INCREF(v[0]) : NULL;
    if (!fallback) {
        Obj *a = int_from_i64(80), *b = int_from_i64(24);
        fallback = a && b ? tuple_pack(2, a, b) : NULL;
        XDECREF(a);
        XDECREF(b);
        if (!fallback) return NULL;
    }
    long cols = env_size("COLUMNS"), lines = env_size("LINES");
    Obj *c = NULL, *l = NULL, *r = NULL;
    if (cols <= 0 || lines <= 0) {
        Obj *out = sys_get_borrow("__stdout__");
        Obj *fd = out ? obj_call_method(out, "fileno", NULL, 0) : NULL;
        Obj *size = fd ? fs_call("os", "get_terminal_size", &fd, 1, NULL) : NULL;
        XDECREF(fd);
        if (!size) {
            vm_err_clear();
            size = fs_call("os", "terminal_size", &fallback, 1, NULL);
            if (!size) goto done;
        }
        for (int i = 0; i < 2; i++) {
            Obj *x = TUPLE_ITEMS(size)[i];
            int t = obj_is_true(x);
            Obj *pick = t > 0 ? INCREF(x) : t == 0 ? obj_getitem(fallback, i ? TRUE_ : FALSE_) : NULL;
            if (i == 0) c = pick;
            else l = pick;
        }
        DECREF(size);
        if (!c || !l) goto done;
    }
    if (cols > 0) obj_setref(&c, int_from_i64(cols));
    if (lines > 0) obj_setref(&l, int_from_i64(lines));
    if (c && l) {
        Obj *t = tuple_pack(2, c, l);
        r = t ? fs_call("os", "terminal_size", &t, 1, NULL) : NULL;
        XDECREF(t);
    }
done:
    XDECREF(c);
    XDECREF(l);
    DECREF(fallback);
    return r;
}

static const MethodDef shutil_functions[] = {
    {"copyfileobj", sh_copyfileobj, METH_FAST, NULL},
    {"copyfile", sh_copyfile, METH_FAST, NULL},
    {"copymode", sh_copymode, METH_FAST, NULL},
    {"copystat", sh_copystat, METH_FAST, NULL},
    {"copy", sh_copy, METH_FAST, NULL},
    {"copy2", sh_copy2, METH_FAST, NULL},
    {"copytree", sh_copytree, METH_FAST, NULL},
    {"ignore_patterns", sh_ignore_patterns, METH_FAST, NULL},
    {"rmtree", sh_rmtree, METH_FAST, NULL},
    {"move", sh_move, METH_FAST, NULL},
    {"which", sh_which, METH_FAST, NULL},
    {"disk_usage", sh_disk_usage, METH_FAST, NULL},
    {"get_terminal_size", sh_get_terminal_size, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static int make_classes(void)
{
    static const struct { const char *name; int base; } defs[] = {
        {"Error", -1}, {"SameFileError", 0}, {"SpecialFileError", -1}, {"ExecError", -1},
        {"ReadError", -1}, {"RegistryError", -2},
    };
    for (int i = 0; i < 6; i++) {
        Obj *base = defs[i].base >= 0 ? classes[defs[i].base]
                  : defs[i].base == -1 ? (Obj *)&exc_OSError : (Obj *)&exc_Exception;
        Obj *b = tuple_pack(1, base);
        classes[i] = b ? mh_class("shutil", defs[i].name, b, NULL, NULL, NULL) : NULL;
        XDECREF(b);
        if (!classes[i]) return -1;
    }
    Obj *nm = str_from_cstr("usage"), *fields = str_from_cstr("total used free");
    Obj *v[2] = {nm, fields};
    usage_cls = nm && fields ? fs_call("collections", "namedtuple", v, 2, NULL) : NULL;
    XDECREF(nm);
    XDECREF(fields);
    Obj *mod = usage_cls ? str_from_cstr("shutil") : NULL;
    int rc = mod ? obj_setattr_str(usage_cls, "__module__", mod) : -1;
    XDECREF(mod);
    return rc;
}

static Obj *shutil_init(void)
{
    if (!error_cls && make_classes() < 0) return NULL;
    Obj *m = mh_module("shutil", shutil_functions);
    if (!m) return NULL;
    static const char *const names[] = {"Error", "SameFileError", "SpecialFileError", "ExecError",
                                        "ReadError", "RegistryError"};
    for (int i = 0; i < 6; i++)
        if (mh_add_obj(m, names[i], classes[i]) < 0) {
            DECREF(m);
            return NULL;
        }
    return m;
}

void native_shutil_register(void)
{
    vm_static_roots(classes, sizeof classes / sizeof classes[0]);
    import_register_native("shutil", shutil_init);
}
