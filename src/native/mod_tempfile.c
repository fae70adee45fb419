/* mod_tempfile.c — `tempfile` of CPython 3.12 on Linux: gettempdir (the
 * first usable of $TMPDIR, $TEMP, $TMP, /tmp, /var/tmp, /usr/tmp and the
 * working directory, kept in tempfile.tempdir), gettempprefix, mkstemp,
 * mkdtemp, mktemp, TemporaryFile (an unlinked file: the io object itself,
 * named by its descriptor), NamedTemporaryFile (a _TemporaryFileWrapper
 * delegating to the file and deleting it on close / exit), and
 * TemporaryDirectory (name, cleanup, context manager, removed when
 * collected).  Names are tmp + 8 random characters from CPython's
 * alphabet.  SpooledTemporaryFile keeps its data in a BytesIO / StringIO
 * until max_size is passed.  Bytes name arguments are left out.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "src/native/modhelp.h"
#include "src/native/modutil.h"
#include "src/native/osint.h"

static Obj *classes[3];
#define spooled_cls classes[2]
#define wrapper_cls classes[0]
#define tmpdir_cls classes[1]

/* ---- names ------------------------------------------------------------------------ */

static unsigned long long rng_state;

static unsigned next_random(void)
{
    if (!rng_state) {
        struct timeval tv;
        gettimeofday(&tv, NULL);
        rng_state = ((unsigned long long)tv.tv_sec << 20) ^ (unsigned long long)tv.tv_usec ^
                    ((unsigned long long)getpid() << 32) ^ 0x9e3779b97f4a7c15ULL;
    }
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 2685821657736338717ULL) >> 33);
}

static void random_name(char out[9])
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789_";
    for (int i = 0; i < 8; i++) out[i] = chars[next_random() % (sizeof chars - 1)];
    out[8] = 0;
}

static bool dir_usable(const char *d)
{
    struct stat st;
    return d && *d && stat(d, &st) == 0 && S_ISDIR(st.st_mode) && access(d, W_OK | X_OK) == 0;
}

static Obj *module_borrow(void)
{
    Obj *m = import_name(id_str("tempfile"), NULL, NULL, 0);
    if (m) DECREF(m);   /* sys.modules keeps it */
    return m;
}

/* gettempdir(): tempfile.tempdir, computed once when None. */
static Obj *tempdir_get(void)
{
    Obj *m = module_borrow();
    if (!m) return NULL;
    Obj *cur = obj_getattr_str(m, "tempdir");
    if (!cur || cur != NONE) return cur;
    DECREF(cur);
    const char *cands[] = {getenv("TMPDIR"), getenv("TEMP"), getenv("TMP"), "/tmp", "/var/tmp", "/usr/tmp"};
    const char *pick = NULL;
    for (size_t i = 0; i < sizeof cands / sizeof cands[0] && !pick; i++)
        if (dir_usable(cands[i])) pick = cands[i];
    Obj *p;
    if (pick) {
        Obj *s = str_from_cstr(pick);
        p = s ? fs_call("os.path", "abspath", &s, 1, NULL) : NULL;
        XDECREF(s);
    } else {
        p = fs_call("os", "getcwd", NULL, 0, NULL);
    }
    if (p && obj_setattr_str(m, "tempdir", p) < 0) CLEAR(p);
    return p;
}

typedef struct NameArgs {
    Obj *suffix, *prefix, *dir;   /* borrowed, NULL or None: defaults */
} NameArgs;

/* dir/prefixXXXXXXXXsuffix for attempt n; *dir_out the directory used. */
static Obj *candidate(NameArgs *a, Obj *dir)
{
    char nm[9];
    random_name(nm);
    Obj *pre = a->prefix && a->prefix != NONE ? INCREF(a->prefix) : str_from_cstr("tmp");
    Obj *suf = a->suffix && a->suffix != NONE ? INCREF(a->suffix) : str_from_cstr("");
    Obj *r = NULL;
    if (pre && suf) {
        if (!STR_CHECK(pre) || !STR_CHECK(suf)) {
            vm_err_set_str(&exc_TypeError, "Can't mix strings and bytes in path components");
        } else {
            Obj *base = str_from_fmt("%S%s%S", pre, nm, suf);
            Obj *v[2] = {dir, base};
            r = base ? fs_call("os.path", "join", v, 2, NULL) : NULL;
            XDECREF(base);
        }
    }
    XDECREF(pre);
    XDECREF(suf);
    return r;
}

static Obj *dir_of(NameArgs *a)
{
    return a->dir && a->dir != NONE ? os_fspath_arg(a->dir, "mkstemp", NULL) : tempdir_get();
}

/* Create a file (dir: a directory) under a fresh name: the absolute path,
 * and *fd the open descriptor for a file. */
static Obj *make_temp(NameArgs *a, bool dir, int *fd)
{
    Obj *d = dir_of(a);
    if (!d) return NULL;
    for (int attempt = 0; attempt < 10000; attempt++) {
        Obj *path = candidate(a, d);
        if (!path) break;
        Ssize n;
        const char *p = str_utf8_lossy(path, &n);
        int rc = dir ? mkdir(p, 0700) : (*fd = open(p, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (rc >= 0) {
            DECREF(d);
            Obj *abs = fs_call("os.path", "abspath", &path, 1, NULL);
            DECREF(path);
            return abs;
        }
        if (errno != EEXIST) {
            os_raise_errno(errno, path);
            DECREF(path);
            DECREF(d);
            return NULL;
        }
        DECREF(path);
    }
    if (!vm_err_occurred()) vm_err_set_str(&exc_FileExistsError, "No usable temporary file name found");
    DECREF(d);
    return NULL;
}

/* ---- functions -------------------------------------------------------------------- */

static Obj *tf_gettempdir(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("gettempdir", nargs, kw) < 0) return NULL;
    return tempdir_get();
}

static Obj *tf_gettempprefix(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("gettempprefix", nargs, kw) < 0) return NULL;
    return str_from_cstr("tmp");
}

static Obj *tf_gettempdirb(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("gettempdirb", nargs, kw) < 0) return NULL;
    Obj *d = tempdir_get();
    Obj *r = d ? str_encode(d, "utf-8", "surrogateescape") : NULL;
    XDECREF(d);
    return r;
}

static Obj *tf_gettempprefixb(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("gettempprefixb", nargs, kw) < 0) return NULL;
    return bytes_from("tmp", 3);
}

static const char *const name_params[] = {"suffix", "prefix", "dir", "text"};

static Obj *tf_mkstemp(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *v[4];
    if (mh_bind("mkstemp", args, nargs, kw, name_params, 4, 4, 0, 0, 0, v) < 0) return NULL;
    NameArgs a = {v[0], v[1], v[2]};
    int fd = -1;
    Obj *path = make_temp(&a, false, &fd);
    if (!path) return NULL;
    Obj *f = int_from_i64(fd);
    Obj *r = f ? tuple_pack(2, f, path) : NULL;
    XDECREF(f);
    DECREF(path);
    return r;
}

static Obj *tf_mkdtemp(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *v[3];
    if (mh_bind("mkdtemp", args, nargs, kw, name_params, 3, 3, 0, 0, 0, v) < 0) return NULL;
    NameArgs a = {v[0], v[1], v[2]};
    return make_temp(&a, true, NULL);
}

static Obj *tf_mktemp(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *v[3];
    if (mh_bind("mktemp", args, nargs, kw, name_params, 3, 3, 0, 0, 0, v) < 0) return NULL;
    NameArgs a = {v[0], v[1], v[2]};
    Obj *d = dir_of(&a);
    Obj *r = d ? candidate(&a, d) : NULL;
    XDECREF(d);
    return r;
}

/* open(file, mode, buffering, newline=, encoding=, errors=) for a
 * descriptor (fd >= 0) or a path. */
static Obj *open_fd(int fd, Obj *path, Obj *const *v)   /* v: mode, buffering, encoding, newline, errors */
{
    Obj *f = fd >= 0 ? int_from_i64(fd) : INCREF(path);
    Obj *mode = v[0] ? INCREF(v[0]) : str_from_cstr("w+b");
    Obj *kwn = tuple_pack(4, id_str("buffering"), id_str("encoding"), id_str("newline"), id_str("errors"));
    Obj *args[6] = {f, mode, v[1] ? v[1] : NULL, v[2] ? v[2] : NONE, v[3] ? v[3] : NONE, v[4] ? v[4] : NONE};
    Obj *r = NULL;
    if (f && mode && kwn) {
        Obj *mone = args[2] ? NULL : int_from_i64(-1);
        if (!args[2]) args[2] = mone;
        r = args[2] ? io_open(args, 2, kwn) : NULL;
        XDECREF(mone);
    }
    XDECREF(f);
    XDECREF(mode);
    XDECREF(kwn);
    if (!r && fd >= 0) close(fd);
    return r;
}

static const char *const file_params[] = {"mode", "buffering", "encoding", "newline", "suffix",
                                          "prefix", "dir", "delete", "errors", "delete_on_close"};

static Obj *tf_TemporaryFile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *v[10];
    if (mh_bind("TemporaryFile", args, nargs, kw, file_params, 9, 7, 0, 0, 0, v) < 0) return NULL;
    NameArgs a = {v[4], v[5], v[6]};
    int fd = -1;
    Obj *path = make_temp(&a, false, &fd);
    if (!path) return NULL;
    Ssize n;
    unlink(str_utf8_lossy(path, &n));
    DECREF(path);
    Obj *ov[5] = {v[0], v[1], v[2], v[3], v[7]};
    return open_fd(fd, NULL, ov);
}

static Obj *tf_NamedTemporaryFile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *v[10];
    if (mh_bind("NamedTemporaryFile", args, nargs, kw, file_params, 10, 8, 0, 0, 0, v) < 0) return NULL;
    NameArgs a = {v[4], v[5], v[6]};
    int fd = -1;
    Obj *path = make_temp(&a, false, &fd);
    if (!path) return NULL;
    /* opened again by its path, so file.name is the path as in CPython */
    Obj *ov[5] = {v[0], v[1], v[2], v[3], v[8]};
    close(fd);
    Obj *file = open_fd(-1, path, ov);
    Obj *r = NULL;
    if (file) {
        Obj *wa[4] = {file, path, v[7] ? v[7] : TRUE_, v[9] ? v[9] : TRUE_};
        r = obj_call(wrapper_cls, wa, 4, NULL);
        DECREF(file);
    } else {
        Ssize n;
        unlink(str_utf8_lossy(path, &n));
    }
    DECREF(path);
    return r;
}

/* ---- _TemporaryFileWrapper ------------------------------------------------------------ */

static Obj *ga(Obj *o, const char *n) { return obj_getattr_str(o, n); }

static Obj *w_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"file", "name", "delete", "delete_on_close"};
    Obj *v[4];
    if (mh_bind_m("_TemporaryFileWrapper.__init__", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    if (obj_setattr_str(self, "file", v[0]) < 0 || obj_setattr_str(self, "name", v[1]) < 0 ||
        obj_setattr_str(self, "delete", v[2] ? v[2] : TRUE_) < 0 ||
        obj_setattr_str(self, "_delete_on_close", v[3] ? v[3] : TRUE_) < 0 ||
        obj_setattr_str(self, "_closed", FALSE_) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *w_getattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__getattr__", nargs, kw) < 0) return NULL;
    Obj **dp = obj_dict_ptr(self);
    Obj *file = dp && *dp ? dict_get_str_borrow(*dp, "file") : NULL;
    if (!file) {
        vm_err_format(&exc_AttributeError, "'_TemporaryFileWrapper' object has no attribute %R", args[0]);
        return NULL;
    }
    return obj_getattr(file, args[0]);
}

/* Close the file; unlink it when `unlink_too` and delete is set. */
static int w_cleanup(Obj *self, bool unlink_too)
{
    Obj *closed = ga(self, "_closed");
    if (!closed) return -1;
    bool was = closed == TRUE_;
    DECREF(closed);
    Obj *file = ga(self, "file");
    if (!file) return -1;
    Obj *r = obj_call_method(file, "close", NULL, 0);
    DECREF(file);
    if (!r) return -1;
    DECREF(r);
    if (was) return 0;
    Obj *del = ga(self, "delete");
    int d = del ? obj_is_true(del) : -1;
    XDECREF(del);
    if (d < 0) return -1;
    if (d && unlink_too) {
        if (obj_setattr_str(self, "_closed", TRUE_) < 0) return -1;
        Obj *name = ga(self, "name");
        if (!name) return -1;
        Ssize n;
        if (STR_CHECK(name)) unlink(str_utf8_lossy(name, &n));
        DECREF(name);
    }
    return 0;
}

static Obj *w_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("close", nargs, kw) < 0) return NULL;
    Obj *doc = ga(self, "_delete_on_close");
    int t = doc ? obj_is_true(doc) : -1;
    XDECREF(doc);
    if (t < 0) return NULL;
    return w_cleanup(self, t) < 0 ? NULL : INCREF(NONE);
}

static Obj *w_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__enter__", nargs, kw) < 0) return NULL;
    Obj *file = ga(self, "file");
    Obj *r = file ? obj_call_method(file, "__enter__", NULL, 0) : NULL;
    XDECREF(file);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(self);
}

static Obj *w_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (w_cleanup(self, true) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *w_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__iter__", nargs, kw) < 0) return NULL;
    Obj *file = ga(self, "file");
    Obj *r = file ? obj_getiter(file) : NULL;
    XDECREF(file);
    return r;
}

static Obj *w_del(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (w_cleanup(self, true) < 0) vm_err_clear();
    return INCREF(NONE);
}

static const MethodDef wrapper_methods[] = {
    {"__init__", w_init, METH_FAST, NULL},
    {"__getattr__", w_getattr, METH_FAST, NULL},
    {"close", w_close, METH_FAST, NULL},
    {"__enter__", w_enter, METH_FAST, NULL},
    {"__exit__", w_exit, METH_FAST, NULL},
    {"__iter__", w_iter, METH_FAST, NULL},
    {"__del__", w_del, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- TemporaryDirectory ---------------------------------------------------------- */

static Obj *d_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"suffix", "prefix", "dir", "ignore_cleanup_errors", "delete"};
    Obj *v[5];
    if (mh_bind_m("TemporaryDirectory.__init__", args, nargs, kw, names, 5, 4, 0, 0, 0, v) < 0) return NULL;
    NameArgs a = {v[0], v[1], v[2]};
    Obj *name = make_temp(&a, true, NULL);
    if (!name) return NULL;
    int rc = obj_setattr_str(self, "name", name);
    DECREF(name);
    if (rc < 0 || obj_setattr_str(self, "_ignore_cleanup_errors", v[3] ? v[3] : FALSE_) < 0 ||
        obj_setattr_str(self, "_delete", v[4] ? v[4] : TRUE_) < 0 ||
        obj_setattr_str(self, "_cleaned", FALSE_) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *d_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *name = ga(self, "name");
    Obj *r = name ? str_from_fmt("<%s %R>", type_name(OBJ_TYPE(self)), name) : NULL;
    XDECREF(name);
    return r;
}

static Obj *d_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__enter__", nargs, kw) < 0) return NULL;
    return ga(self, "name");
}

static int d_cleanup_now(Obj *self)
{
    Obj *done = ga(self, "_cleaned");
    if (!done) return -1;
    DECREF(done);
    if (done == TRUE_) return 0;
    if (obj_setattr_str(self, "_cleaned", TRUE_) < 0) return -1;
    Obj *name = ga(self, "name");
    Obj *ign = name ? ga(self, "_ignore_cleanup_errors") : NULL;
    if (!ign) {
        XDECREF(name);
        return -1;
    }
    Obj *exists = fs_call("os.path", "lexists", &name, 1, NULL);
    int rc = exists ? 0 : -1;
    if (exists == TRUE_) {
        Obj *v[2] = {name, ign};
        Obj *res = fs_call("shutil", "rmtree", v, 2, NULL);
        rc = res ? 0 : -1;
        XDECREF(res);
    }
    XDECREF(exists);
    DECREF(name);
    DECREF(ign);
    return rc;
}

static Obj *d_cleanup(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("cleanup", nargs, kw) < 0) return NULL;
    return d_cleanup_now(self) < 0 ? NULL : INCREF(NONE);
}

static Obj *d_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *del = ga(self, "_delete");
    int t = del ? obj_is_true(del) : -1;
    XDECREF(del);
    if (t < 0 || (t && d_cleanup_now(self) < 0)) return NULL;
    return INCREF(NONE);
}

static Obj *d_del(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *del = ga(self, "_delete");
    if (del == TRUE_ && d_cleanup_now(self) < 0) vm_err_clear();
    XDECREF(del);
    if (!del) vm_err_clear();
    return INCREF(NONE);
}

static const MethodDef tmpdir_methods[] = {
    {"__init__", d_init, METH_FAST, NULL},
    {"__repr__", d_repr, METH_FAST, NULL},
    {"__enter__", d_enter, METH_FAST, NULL},
    {"__exit__", d_exit, METH_FAST, NULL},
    {"cleanup", d_cleanup, METH_FAST, NULL},
    {"__del__", d_del, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};


/* ---- SpooledTemporaryFile ---------------------------------------------------------- */

/* In memory (a BytesIO, or a StringIO in text mode) until a write takes it
 * past max_size, then a TemporaryFile holding the same data and position. */
static Obj *sp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"max_size", "mode", "buffering", "encoding", "newline",
                                        "suffix", "prefix", "dir", "errors"};
    Obj *v[9];
    if (mh_bind_m("SpooledTemporaryFile.__init__", args, nargs, kw, names, 9, 8, 0, 0, 0, v) < 0) return NULL;
    Obj *mode = v[1] ? INCREF(v[1]) : str_from_cstr("w+b");
    if (!mode) return NULL;
    Ssize n = 0;
    /* two statements: the length is read after str_utf8_lossy has set it */
    const char *ms = STR_CHECK(mode) ? str_utf8_lossy(mode, &n) : NULL;
    bool binary = ms && memchr(ms, 'b', (size_t)n);
    Obj *file;
    if (binary) {
        file = fs_call("io", "BytesIO", NULL, 0, NULL);
    } else {
        Obj *kwn = tuple_pack(1, id_str("newline"));
        Obj *a[2] = {NONE, v[4] ? v[4] : str_from_cstr("\n")};
        file = kwn ? fs_call("io", "StringIO", a, 1, kwn) : NULL;
        if (!v[4]) XDECREF(a[1]);
        XDECREF(kwn);
    }
    /* the TemporaryFile arguments, for the rollover */
    Obj *targs = dict_new();
    static const int keys[] = {1, 2, 3, 4, 5, 6, 7, 8};
    for (size_t i = 0; targs && i < sizeof keys / sizeof keys[0]; i++) {
        Obj *val = keys[i] == 1 ? mode : v[keys[i]] ? v[keys[i]] : NONE;
        if (keys[i] == 2 && !v[2]) continue;
        if (dict_set_str(targs, names[keys[i]], val) < 0) CLEAR(targs);
    }
    Obj *maxs = v[0] ? INCREF(v[0]) : int_from_i64(0);
    int rc = file && targs && maxs && obj_setattr_str(self, "_file", file) == 0 &&
             obj_setattr_str(self, "_max_size", maxs) == 0 && obj_setattr_str(self, "_rolled", FALSE_) == 0 &&
             obj_setattr_str(self, "_TemporaryFileArgs", targs) == 0 ? 0 : -1;
    XDECREF(file);
    XDECREF(targs);
    XDECREF(maxs);
    DECREF(mode);
    return rc < 0 ? NULL : INCREF(NONE);
}

static int sp_rollover_now(Obj *self)
{
    Obj *rolled = ga(self, "_rolled");
    if (!rolled) return -1;
    DECREF(rolled);
    if (rolled == TRUE_) return 0;
    Obj *file = ga(self, "_file"), *targs = file ? ga(self, "_TemporaryFileArgs") : NULL;
    if (!targs) {
        XDECREF(file);
        return -1;
    }
    Obj *kwn = dict_keys_list(targs), *vals = dict_values_list(targs);
    Obj *kt = kwn ? list_as_tuple(kwn) : NULL;
    Obj *newfile = kt && vals ? tf_TemporaryFile(NULL, LIST_ITEMS(vals), 0, kt) : NULL;
    XDECREF(kwn);
    XDECREF(vals);
    XDECREF(kt);
    DECREF(targs);
    Obj *pos = newfile ? obj_call_method(file, "tell", NULL, 0) : NULL;
    Obj *data = pos ? obj_call_method(file, "getvalue", NULL, 0) : NULL;
    Obj *w = data ? obj_call_method(newfile, "write", &data, 1) : NULL;
    Obj *sk = w ? obj_call_method(newfile, "seek", &pos, 1) : NULL;
    int rc = sk && obj_setattr_str(self, "_file", newfile) == 0 && obj_setattr_str(self, "_rolled", TRUE_) == 0 ? 0 : -1;
    if (rc == 0) {
        Obj *dn = str_from_cstr("_TemporaryFileArgs");
        if (!dn || obj_setattr(self, dn, NULL) < 0) rc = -1;
        XDECREF(dn);
    }
    XDECREF(pos);
    XDECREF(data);
    XDECREF(w);
    XDECREF(sk);
    XDECREF(newfile);
    DECREF(file);
    return rc;
}

/* roll over once the file's position passes max_size (0: never) */
static int sp_check(Obj *self)
{
    Obj *rolled = ga(self, "_rolled");
    if (!rolled) return -1;
    DECREF(rolled);
    if (rolled == TRUE_) return 0;
    Obj *maxs = ga(self, "_max_size"), *file = maxs ? ga(self, "_file") : NULL;
    Obj *pos = file ? obj_call_method(file, "tell", NULL, 0) : NULL;
    int rc = -1;
    if (pos) {
        int t = obj_is_true(maxs);
        int gt = t > 0 ? obj_richcompare_bool(pos, maxs, CMP_GT) : t;
        rc = gt < 0 ? -1 : gt ? sp_rollover_now(self) : 0;
    }
    XDECREF(maxs);
    XDECREF(file);
    XDECREF(pos);
    return rc;
}

static Obj *sp_write_common(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *meth)
{
    if (mh_one_arg(meth, nargs, kw) < 0) return NULL;
    Obj *file = ga(self, "_file");
    Obj *r = file ? obj_call_method(file, meth, args, 1) : NULL;
    XDECREF(file);
    if (r && sp_check(self) < 0) CLEAR(r);
    return r;
}

static Obj *sp_write(Obj *s, Obj *const *a, Ssize n, Obj *k) { return sp_write_common(s, a, n, k, "write"); }
static Obj *sp_writelines(Obj *s, Obj *const *a, Ssize n, Obj *k) { return sp_write_common(s, a, n, k, "writelines"); }

static Obj *sp_rollover(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("rollover", nargs, kw) < 0) return NULL;
    return sp_rollover_now(self) < 0 ? NULL : INCREF(NONE);
}

static Obj *sp_fileno(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("fileno", nargs, kw) < 0 || sp_rollover_now(self) < 0) return NULL;
    Obj *file = ga(self, "_file");
    Obj *r = file ? obj_call_method(file, "fileno", NULL, 0) : NULL;
    XDECREF(file);
    return r;
}

/* name / mode and everything else: the file's, with name None and mode
 * from the arguments while in memory */
static Obj *sp_getattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__getattr__", nargs, kw) < 0) return NULL;
    Obj **dp = obj_dict_ptr(self);
    Obj *file = dp && *dp ? dict_get_str_borrow(*dp, "_file") : NULL;
    if (!file || !STR_CHECK(args[0])) {
        vm_err_set_obj(&exc_AttributeError, args[0]);
        return NULL;
    }
    Obj *r = obj_getattr(file, args[0]);
    if (!r && vm_err_matches(&exc_AttributeError)) {
        if (str_eq_cstr(args[0], "name")) {
            vm_err_clear();
            return INCREF(NONE);
        }
        Obj *targs = str_eq_cstr(args[0], "mode") ? dict_get_str_borrow(*dp, "_TemporaryFileArgs") : NULL;
        Obj *m = targs ? dict_get_str_borrow(targs, "mode") : NULL;
        if (m) {
            vm_err_clear();
            return INCREF(m);
        }
    }
    return r;
}

static Obj *sp_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__enter__", nargs, kw) < 0) return NULL;
    Obj *file = ga(self, "_file");
    Obj *closed = file ? ga(file, "closed") : NULL;
    XDECREF(file);
    if (!closed) return NULL;
    DECREF(closed);
    if (closed == TRUE_) {
        vm_err_set_str(&exc_ValueError, "Cannot enter context with closed file");
        return NULL;
    }
    return INCREF(self);
}

static Obj *sp_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *file = ga(self, "_file");
    Obj *r = file ? obj_call_method(file, "close", NULL, 0) : NULL;
    XDECREF(file);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *sp_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__iter__", nargs, kw) < 0) return NULL;
    Obj *file = ga(self, "_file");
    Obj *r = file ? obj_getiter(file) : NULL;
    XDECREF(file);
    return r;
}

static const MethodDef spooled_methods[] = {
    {"__init__", sp_init, METH_FAST, NULL},
    {"__getattr__", sp_getattr, METH_FAST, NULL},
    {"__enter__", sp_enter, METH_FAST, NULL},
    {"__exit__", sp_close, METH_FAST, NULL},
    {"__iter__", sp_iter, METH_FAST, NULL},
    {"close", sp_close, METH_FAST, NULL},
    {"write", sp_write, METH_FAST, NULL},
    {"writelines", sp_writelines, METH_FAST, NULL},
    {"rollover", sp_rollover, METH_FAST, NULL},
    {"fileno", sp_fileno, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef tempfile_functions[] = {
    {"gettempdir", tf_gettempdir, METH_FAST, NULL},
    {"gettempprefix", tf_gettempprefix, METH_FAST, NULL},
    {"gettempdirb", tf_gettempdirb, METH_FAST, NULL},
    {"gettempprefixb", tf_gettempprefixb, METH_FAST, NULL},
    {"mkstemp", tf_mkstemp, METH_FAST, NULL},
    {"mkdtemp", tf_mkdtemp, METH_FAST, NULL},
    {"mktemp", tf_mktemp, METH_FAST, NULL},
    {"TemporaryFile", tf_TemporaryFile, METH_FAST, NULL},
    {"NamedTemporaryFile", tf_NamedTemporaryFile, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *tempfile_init(void)
{
    if (!wrapper_cls) {
        wrapper_cls = mh_class("tempfile", "_TemporaryFileWrapper", NULL, wrapper_methods, NULL, NULL);
        tmpdir_cls = wrapper_cls ? mh_class("tempfile", "TemporaryDirectory", NULL, tmpdir_methods, NULL, NULL) : NULL;
        spooled_cls = tmpdir_cls ? mh_class("tempfile", "SpooledTemporaryFile", NULL, spooled_methods, NULL, NULL) : NULL;
        if (!spooled_cls) return NULL;
    }
    Obj *m = mh_module("tempfile", tempfile_functions);
    if (!m) return NULL;
    if (mh_add_obj(m, "_TemporaryFileWrapper", wrapper_cls) < 0 ||
        mh_add_obj(m, "TemporaryDirectory", tmpdir_cls) < 0 ||
        mh_add_obj(m, "SpooledTemporaryFile", spooled_cls) < 0 || mh_add_obj(m, "tempdir", NONE) < 0 ||
        mh_add_str(m, "template", "tmp") < 0 || module_add(m, "TMP_MAX", int_from_i64(10000)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_tempfile_register(void)
{
    vm_static_roots(classes, sizeof classes / sizeof classes[0]);
    import_register_native("tempfile", tempfile_init);
}
