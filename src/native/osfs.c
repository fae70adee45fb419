/* osfs.c — the file-metadata part of `os` and `os.path` (CPython 3.12 on
 * Linux): os.stat / lstat / fstat and their os.stat_result, os.scandir and
 * its DirEntry, access, chmod, utime, removedirs, symlink / readlink /
 * link, the descriptor functions (open, close, read, write, fdopen), and
 * os.path's getmtime / getatime / getctime / samefile / realpath.
 * mod_os.c builds the modules and calls osfs_add_os / osfs_add_path.
 *
 * os.stat_result is a tuple of the ten classic fields whose hidden extra
 * items (float times, *_ns, st_blksize, st_blocks, st_rdev) sit past the
 * tuple's visible length, as CPython's struct sequences keep them.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "src/native/modhelp.h"
#include "src/native/modutil.h"
#include "src/native/osint.h"

/* An int argument ("'str' object cannot be interpreted as an integer"). */
static int int_arg(Obj *o, int64_t *out)
{
    if (!INT_CHECK(o)) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer", type_name(OBJ_TYPE(o)));
        return -1;
    }
    return int_as_i64(o, out);
}

/* ---- os.stat_result ------------------------------------------------------------ */

enum { ST_VISIBLE = 10, ST_ALL = 19 };

/* The repr's names of the visible items (integer seconds for the times). */
static const char *const stat_fields[ST_VISIBLE] = {
    "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size",
    "st_atime", "st_mtime", "st_ctime"};

static Obj *stat_get(Obj *self, void *closure)
{
    return INCREF(TUPLE_ITEMS(self)[(intptr_t)closure]);
}

/* Attribute i reads item i, except the three times, which read the floats. */
static GetSetDef stat_getset[] = {
#define F(name, i) {name, stat_get, NULL, NULL, (void *)(intptr_t)(i)}
    F("st_mode", 0), F("st_ino", 1), F("st_dev", 2), F("st_nlink", 3), F("st_uid", 4),
    F("st_gid", 5), F("st_size", 6), F("st_atime", 10), F("st_mtime", 11), F("st_ctime", 12),
    F("st_atime_ns", 13), F("st_mtime_ns", 14), F("st_ctime_ns", 15), F("st_blksize", 16),
    F("st_blocks", 17), F("st_rdev", 18), {NULL, NULL, NULL, NULL, NULL},
#undef F
};

static void stat_dealloc(Obj *o)
{
    VAR_SIZE(o) = ST_ALL;   /* the hidden items are released with the rest */
    tuple_type.dealloc(o);
}

static Obj *stat_repr(Obj *self)
{
    return mu_fields_repr("os.stat_result", TUPLE_ITEMS(self), stat_fields, ST_VISIBLE);
}

static Obj *stat_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    vm_err_format(&exc_TypeError, "cannot create '%s' instances", t->name);
    return NULL;
}

static TypeObj stat_result_type;

/* os.stat_result(sequence): 10 to 19 items; the float times default to
 * the integer ones and the rest to None, as CPython's struct sequence. */
static Obj *stat_result_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)t;
    static const char *const names[] = {"sequence", "dict"};
    Obj *v[2];
    if (args_parse("stat_result", a, n, kw, names, 2, 0, 1, v) < 0) return NULL;
    Obj *seq = seq_to_tuple(v[0]);
    if (!seq) {
        vm_err_clear();
        vm_err_set_str(&exc_TypeError, "constructor requires a sequence");
        return NULL;
    }
    Ssize len = TUPLE_LEN(seq);
    if (len < ST_VISIBLE || len > ST_ALL) {
        vm_err_format(&exc_TypeError, len < ST_VISIBLE ? "os.stat_result() takes an at least 10-sequence (%zd-sequence given)"
                                                       : "os.stat_result() takes an at most 19-sequence (%zd-sequence given)", len);
        DECREF(seq);
        return NULL;
    }
    Obj *o = obj_alloc(&stat_result_type, ST_ALL);
    if (o) {
        ((TupleObj *)o)->hash = -1;
        for (Ssize i = 0; i < ST_ALL; i++)
            TUPLE_ITEMS(o)[i] = INCREF(i < len ? TUPLE_ITEMS(seq)[i] : i < 13 ? TUPLE_ITEMS(seq)[i - 3] : NONE);
        VAR_SIZE(o) = ST_VISIBLE;
    }
    DECREF(seq);
    return o;
}

static TypeObj stat_result_type = {
    .base = TYPE_HEAD_INIT, .name = "os.stat_result", .basicsize = sizeof(TupleObj),
    .itemsize = sizeof(Obj *), .tp_base = &tuple_type, .repr = stat_repr, .new_ = stat_result_new,
    .dealloc = stat_dealloc, .getset = stat_getset,
};

static Obj *ts_float(struct timespec t) { return float_from_double((double)t.tv_sec + (double)t.tv_nsec * 1e-9); }
static Obj *ts_ns(struct timespec t) { return int_from_i64((int64_t)t.tv_sec * 1000000000 + t.tv_nsec); }

static Obj *stat_result_from(const struct stat *st)
{
    Obj *v[ST_ALL] = {
        int_from_i64(st->st_mode), int_from_u64(st->st_ino), int_from_u64(st->st_dev),
        int_from_i64((int64_t)st->st_nlink), int_from_i64(st->st_uid), int_from_i64(st->st_gid),
        int_from_i64(st->st_size), int_from_i64(st->st_atim.tv_sec), int_from_i64(st->st_mtim.tv_sec),
        int_from_i64(st->st_ctim.tv_sec), ts_float(st->st_atim), ts_float(st->st_mtim),
        ts_float(st->st_ctim), ts_ns(st->st_atim), ts_ns(st->st_mtim), ts_ns(st->st_ctim),
        int_from_i64(st->st_blksize), int_from_i64(st->st_blocks), int_from_u64(st->st_rdev)};
    bool ok = true;
    for (int i = 0; i < ST_ALL; i++) ok = ok && v[i];
    Obj *o = ok ? obj_alloc(&stat_result_type, ST_ALL) : NULL;
    if (!o) {
        for (int i = 0; i < ST_ALL; i++) XDECREF(v[i]);
        return NULL;
    }
    ((TupleObj *)o)->hash = -1;
    memcpy(TUPLE_ITEMS(o), v, sizeof v);
    VAR_SIZE(o) = ST_VISIBLE;
    return o;
}

static int fd_arg(Obj *o, int *fd);

/* ---- os.terminal_size and get_terminal_size ------------------------------------ */

static const char *const tsize_fields[] = {"columns", "lines"};

static Obj *tsize_repr(Obj *self)
{
    return mu_fields_repr("os.terminal_size", TUPLE_ITEMS(self), tsize_fields, 2);
}

static GetSetDef tsize_getset[] = {
    {"columns", stat_get, NULL, NULL, (void *)(intptr_t)0},
    {"lines", stat_get, NULL, NULL, (void *)(intptr_t)1},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj terminal_size_type;

static Obj *tsize_make(Obj *cols, Obj *lines)   /* borrows */
{
    Obj *o = obj_alloc(&terminal_size_type, 2);
    if (!o) return NULL;
    ((TupleObj *)o)->hash = -1;
    TUPLE_ITEMS(o)[0] = INCREF(cols);
    TUPLE_ITEMS(o)[1] = INCREF(lines);
    return o;
}

/* os.terminal_size(sequence): exactly two items */
static Obj *tsize_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)t;
    static const char *const names[] = {"sequence", "dict"};
    Obj *v[2];
    if (args_parse("terminal_size", a, n, kw, names, 2, 0, 1, v) < 0) return NULL;
    Obj *seq = seq_to_tuple(v[0]);
    if (!seq) {
        vm_err_clear();
        vm_err_set_str(&exc_TypeError, "constructor requires a sequence");
        return NULL;
    }
    Obj *r = NULL;
    if (TUPLE_LEN(seq) != 2)
        vm_err_format(&exc_TypeError, "os.terminal_size() takes a 2-sequence (%zd-sequence given)", TUPLE_LEN(seq));
    else
        r = tsize_make(TUPLE_ITEMS(seq)[0], TUPLE_ITEMS(seq)[1]);
    DECREF(seq);
    return r;
}

static TypeObj terminal_size_type = {
    .base = TYPE_HEAD_INIT, .name = "os.terminal_size", .basicsize = sizeof(TupleObj),
    .itemsize = sizeof(Obj *), .tp_base = &tuple_type, .repr = tsize_repr, .new_ = tsize_new,
    .getset = tsize_getset,
};

static Obj *os_get_terminal_size(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int fd = 1;
    if (mh_pos_args("get_terminal_size", "get_terminal_size", nargs, kw, 0, 1) < 0 ||
        (nargs && fd_arg(args[0], &fd) < 0))
        return NULL;
    struct winsize w;
    if (ioctl(fd, TIOCGWINSZ, &w) < 0) return os_raise_errno(errno, NULL);
    Obj *c = int_from_i64(w.ws_col), *l = int_from_i64(w.ws_row);
    Obj *r = c && l ? tsize_make(c, l) : NULL;
    XDECREF(c);
    XDECREF(l);
    return r;
}

/* ---- stat, lstat, fstat --------------------------------------------------------- */

static const char *utf8(Obj *s)
{
    Ssize n;
    return str_utf8_lossy(s, &n);
}

/* stat(path) or fstat(fd) for os.stat's path argument (str, PathLike or int). */
static Obj *stat_path(Obj *arg, const char *fname, bool follow)
{
    struct stat st;
    if (INT_CHECK(arg) && !IS_TYPE(arg, bool_type) && follow) {
        int64_t fd;
        if (int_as_i64(arg, &fd) < 0) return NULL;
        if (fstat((int)fd, &st) < 0) return os_raise_errno(errno, NULL);
        return stat_result_from(&st);
    }
    Obj *m = NULL;
    if (!STR_CHECK(arg) && !BYTES_CHECK(arg)) {
        if (obj_lookup_attr((Obj *)OBJ_TYPE(arg), id_str("__fspath__"), &m) < 0) return NULL;
        if (!m) {
            vm_err_format(&exc_TypeError, follow ? "%s: path should be string, bytes, os.PathLike or integer, not %s"
                                                 : "%s: path should be string, bytes or os.PathLike, not %s",
                          fname, type_name(OBJ_TYPE(arg)));
            return NULL;
        }
        DECREF(m);
    }
    Obj *p = os_fspath_arg(arg, fname, "path");
    if (!p) return NULL;
    int rc = follow ? stat(utf8(p), &st) : lstat(utf8(p), &st);
    Obj *r = rc < 0 ? os_raise_errno(errno, p) : stat_result_from(&st);
    DECREF(p);
    return r;
}

/* follow_symlinks keyword of stat/access/chmod/utime: 1, 0, -1 error. */
static int follow_kw(Obj *v)
{
    return v ? obj_is_true(v) : 1;
}

static Obj *os_stat(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "dir_fd", "follow_symlinks"};
    Obj *v[3];
    if (args_parse("stat", args, nargs, kw, names, 3, 0, 1, v) < 0) return NULL;
    int follow = follow_kw(v[2]);
    return follow < 0 ? NULL : stat_path(v[0], "stat", follow);
}

static Obj *os_lstat(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "dir_fd"};
    Obj *v[2];
    if (args_parse("lstat", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    return stat_path(v[0], "lstat", false);
}

static int fd_arg(Obj *o, int *fd)
{
    int64_t v;
    if (!INT_CHECK(o)) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      type_name(OBJ_TYPE(o)));
        return -1;
    }
    if (int_as_i64(o, &v) < 0) return -1;
    *fd = (int)v;
    return 0;
}

static Obj *os_fstat(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"fd"};
    Obj *v[1];
    int fd;
    struct stat st;
    if (args_parse("fstat", args, nargs, kw, names, 1, 0, 1, v) < 0 || fd_arg(v[0], &fd) < 0) return NULL;
    if (fstat(fd, &st) < 0) return os_raise_errno(errno, NULL);
    return stat_result_from(&st);
}

/* ---- access, chmod, utime ------------------------------------------------------ */

static Obj *os_access(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "mode", "dir_fd", "effective_ids", "follow_symlinks"};
    Obj *v[5];
    int64_t mode;
    if (args_parse("access", args, nargs, kw, names, 5, 0, 2, v) < 0) return NULL;
    if (!INT_CHECK(v[1])) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      type_name(OBJ_TYPE(v[1])));
        return NULL;
    }
    if (int_arg(v[1], &mode) < 0) return NULL;
    Obj *p = os_fspath_arg(v[0], "access", "path");
    if (!p) return NULL;
    bool ok = access(utf8(p), (int)mode) == 0;
    DECREF(p);
    return bool_from(ok);
}

static Obj *os_chmod(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "mode", "dir_fd", "follow_symlinks"};
    Obj *v[4];
    int64_t mode;
    if (args_parse("chmod", args, nargs, kw, names, 4, 0, 2, v) < 0 || int_arg(v[1], &mode) < 0)
        return NULL;
    if (INT_CHECK(v[0])) {
        int fd;
        if (fd_arg(v[0], &fd) < 0) return NULL;
        return fchmod(fd, (mode_t)mode) < 0 ? os_raise_errno(errno, NULL) : INCREF(NONE);
    }
    Obj *p = os_fspath_arg(v[0], "chmod", "path");
    if (!p) return NULL;
    Obj *r = chmod(utf8(p), (mode_t)mode) < 0 ? os_raise_errno(errno, p) : INCREF(NONE);
    DECREF(p);
    return r;
}

/* One utime time: int or float seconds, or (ns) int nanoseconds. */
static int utime_value(Obj *o, bool ns, struct timespec *t)
{
    if (ns) {
        if (!INT_CHECK(o)) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(o)));
            return -1;
        }
        int64_t v;
        if (int_as_i64(o, &v) < 0) return -1;
        t->tv_sec = (time_t)(v / 1000000000);
        t->tv_nsec = (long)(v % 1000000000);
        if (t->tv_nsec < 0) {
            t->tv_nsec += 1000000000;
            t->tv_sec--;
        }
        return 0;
    }
    double d;
    if (INT_CHECK(o)) {
        int64_t v;
        if (int_as_i64(o, &v) < 0) return -1;
        t->tv_sec = (time_t)v;
        t->tv_nsec = 0;
        return 0;
    }
    if (!IS_TYPE(o, float_type)) {
        vm_err_format(&exc_TypeError, "unsupported type for timestamp: '%s'", type_name(OBJ_TYPE(o)));
        return -1;
    }
    d = float_as_double(o);
    double sec = (double)(int64_t)d;
    if (sec > d) sec -= 1;
    t->tv_sec = (time_t)sec;
    t->tv_nsec = (long)((d - sec) * 1e9 + 0.5);
    if (t->tv_nsec >= 1000000000) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000;
    }
    return 0;
}

static Obj *os_utime(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "times", "ns", "dir_fd", "follow_symlinks"};
    Obj *v[5];
    if (args_parse("utime", args, nargs, kw, names, 5, 0, 1, v) < 0) return NULL;
    Obj *times = v[1] && v[1] != NONE ? v[1] : NULL, *ns = v[2];
    struct timespec ts[2];
    struct timespec *tp = NULL;
    if (times && ns) {
        vm_err_set_str(&exc_ValueError, "utime: you may specify either 'times' or 'ns' but not both");
        return NULL;
    }
    if (times || ns) {
        Obj *t = times ? times : ns;
        if (!TUPLE_CHECK(t) || TUPLE_LEN(t) != 2) {
            vm_err_set_str(&exc_TypeError, times ? "utime: 'times' must be either a tuple of two ints or None"
                                                 : "utime: 'ns' must be a tuple of two ints");
            return NULL;
        }
        if (utime_value(TUPLE_ITEMS(t)[0], ns != NULL, &ts[0]) < 0 ||
            utime_value(TUPLE_ITEMS(t)[1], ns != NULL, &ts[1]) < 0)
            return NULL;
        tp = ts;
    }
    int follow = follow_kw(v[4]);
    if (follow < 0) return NULL;
    Obj *p = os_fspath_arg(v[0], "utime", "path");
    if (!p) return NULL;
    int rc = utimensat(AT_FDCWD, utf8(p), tp, follow ? 0 : AT_SYMLINK_NOFOLLOW);
    /* CPython 3.12 names no file in utime's errors */
    Obj *r = rc < 0 ? os_raise_errno(errno, NULL) : INCREF(NONE);
    DECREF(p);
    return r;
}

/* ---- removedirs, symlink, readlink, link ---------------------------------------- */

static Obj *os_removedirs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"name"};
    Obj *v[1];
    if (args_parse("removedirs", args, nargs, kw, names, 1, 0, 1, v) < 0) return NULL;
    Obj *p = os_fspath_arg(v[0], "rmdir", "path");
    if (!p) return NULL;
    if (rmdir(utf8(p)) < 0) {
        os_raise_errno(errno, p);
        DECREF(p);
        return NULL;
    }
    /* then each parent in turn, stopping at the first that will not go */
    char *buf = xstrdup(utf8(p));
    DECREF(p);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '/') buf[--n] = 0;
    for (;;) {
        char *slash = strrchr(buf, '/');
        if (!slash) break;
        while (slash > buf && slash[-1] == '/') slash--;
        if (slash == buf) break;
        *slash = 0;
        if (rmdir(buf) < 0) break;
    }
    free(buf);
    return INCREF(NONE);
}

static Obj *two_paths(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, int kind)
{
    static const char *const names[] = {"src", "dst", "target_is_directory", "dir_fd"};
    Obj *v[4];
    if (args_parse(fname, args, nargs, kw, names, 4, 0, 2, v) < 0) return NULL;
    Obj *a = os_fspath_arg(v[0], fname, "src");
    Obj *b = a ? os_fspath_arg(v[1], fname, "dst") : NULL;
    Obj *r = NULL;
    if (b) {
        char *sa = xstrdup(utf8(a));
        int rc = kind == 0 ? symlink(sa, utf8(b)) : link(sa, utf8(b));
        free(sa);
        r = rc < 0 ? os_raise_errno2(errno, a, b) : INCREF(NONE);
    }
    XDECREF(a);
    XDECREF(b);
    return r;
}

static Obj *os_symlink(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return two_paths("symlink", args, nargs, kw, 0);
}

static Obj *os_link(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return two_paths("link", args, nargs, kw, 1);
}

static Obj *os_readlink(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "dir_fd"};
    Obj *v[2];
    if (args_parse("readlink", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    Obj *p = os_fspath_arg(v[0], "readlink", "path");
    if (!p) return NULL;
    char buf[PATH_MAX];
    ssize_t n = readlink(utf8(p), buf, sizeof buf);
    Obj *r = n < 0 ? os_raise_errno(errno, p) : str_from_utf8(buf, (Ssize)n);
    DECREF(p);
    return r;
}

/* ---- descriptors: open, close, read, write, fdopen --------------------------- */

static Obj *os_open(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "flags", "mode", "dir_fd"};
    Obj *v[4];
    int64_t flags, mode = 0777;
    if (args_parse("open", args, nargs, kw, names, 4, 0, 2, v) < 0 || int_arg(v[1], &flags) < 0 ||
        (v[2] && int_arg(v[2], &mode) < 0))
        return NULL;
    Obj *p = os_fspath_arg(v[0], "open", "path");
    if (!p) return NULL;
    int fd = open(utf8(p), (int)flags | O_CLOEXEC, (mode_t)mode);
    Obj *r = fd < 0 ? os_raise_errno(errno, p) : int_from_i64(fd);
    DECREF(p);
    return r;
}

static Obj *os_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"fd"};
    Obj *v[1];
    int fd;
    if (args_parse("close", args, nargs, kw, names, 1, 0, 1, v) < 0 || fd_arg(v[0], &fd) < 0) return NULL;
    return close(fd) < 0 ? os_raise_errno(errno, NULL) : INCREF(NONE);
}

static Obj *os_read(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int fd;
    if (mh_pos_args("read", "read", nargs, kw, 2, 2) < 0 || fd_arg(args[0], &fd) < 0) return NULL;
    Ssize n = mh_as_ssize(args[1]);
    if (n < 0) {
        if (!vm_err_occurred()) vm_err_set_str(&exc_ValueError, "negative count");
        return NULL;
    }
    char *buf = xmalloc((size_t)n + 1);
    ssize_t got = read(fd, buf, (size_t)n);
    Obj *r = got < 0 ? os_raise_errno(errno, NULL) : bytes_from(buf, (Ssize)got);
    free(buf);
    return r;
}

static Obj *os_write(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int fd;
    if (mh_pos_args("write", "write", nargs, kw, 2, 2) < 0 || fd_arg(args[0], &fd) < 0) return NULL;
    if (!BYTES_CHECK(args[1]) && !IS_TYPE(args[1], bytearray_type)) {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'",
                      type_name(OBJ_TYPE(args[1])));
        return NULL;
    }
    bool ba = IS_TYPE(args[1], bytearray_type);
    Ssize n = VAR_SIZE(args[1]);
    const void *data = ba ? (const void *)((ByteArrayObj *)args[1])->data : (const void *)BYTES_DATA(args[1]);
    ssize_t put = write(fd, data, (size_t)n);
    return put < 0 ? os_raise_errno(errno, NULL) : int_from_i64(put);
}

/* os.fdopen(fd, *args, **kwargs) is open(fd, *args, **kwargs). */
static Obj *os_fdopen(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (nargs < 1 || !INT_CHECK(args[0])) {
        vm_err_set_str(&exc_TypeError, "fdopen() requires an integer file descriptor");
        return NULL;
    }
    return io_open(args, nargs, kw);
}

/* ---- os.scandir and DirEntry --------------------------------------------------- */

typedef struct DirEntryObj {
    Obj base;
    Obj *name, *path;
    Obj *stat, *lstat;     /* cached results, NULL until asked */
    unsigned char d_type;
    uint64_t ino;
} DirEntryObj;

static void direntry_dealloc(Obj *o)
{
    DirEntryObj *e = (DirEntryObj *)o;
    XDECREF(e->name);
    XDECREF(e->path);
    XDECREF(e->stat);
    XDECREF(e->lstat);
    obj_free(o);
}

static Obj *direntry_fetch_stat(DirEntryObj *e, bool follow)
{
    Obj **slot = follow ? &e->stat : &e->lstat;
    if (!*slot) {
        if (follow && e->d_type != DT_UNKNOWN && e->d_type != DT_LNK) {
            Obj *l = direntry_fetch_stat(e, false);
            if (!l) return NULL;
            DECREF(l);
            *slot = INCREF(e->lstat);
        } else {
            *slot = stat_path(e->path, "stat", follow);
            if (!*slot) return NULL;
        }
    }
    return INCREF(*slot);
}

static int direntry_follow_kw(const char *fname, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"follow_symlinks"};
    Obj *v[1];
    if (nargs) {
        vm_err_format(&exc_TypeError, "DirEntry.%s() takes no positional arguments", fname);
        return -1;
    }
    if (args_parse(fname, args, nargs, kw, names, 1, 0, 0, v) < 0) return -1;
    return follow_kw(v[0]);
}

/* is_dir / is_file: the d_type when it answers, else a stat whose failure
 * with ENOENT means False. */
static Obj *direntry_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *fname,
                          unsigned char want, mode_t fmt)
{
    DirEntryObj *e = (DirEntryObj *)self;
    int follow = direntry_follow_kw(fname, args, nargs, kw);
    if (follow < 0) return NULL;
    if (e->d_type != DT_UNKNOWN && !(follow && e->d_type == DT_LNK)) return bool_from(e->d_type == want);
    Obj *st = direntry_fetch_stat(e, follow);
    if (!st) {
        if (vm_err_matches(&exc_FileNotFoundError)) {
            vm_err_clear();
            return bool_from(false);
        }
        return NULL;
    }
    int64_t mode;
    int rc = int_as_i64(TUPLE_ITEMS(st)[0], &mode);
    DECREF(st);
    return rc < 0 ? NULL : bool_from(((mode_t)mode & S_IFMT) == fmt);
}

static Obj *direntry_is_dir(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return direntry_test(self, args, nargs, kw, "is_dir", DT_DIR, S_IFDIR);
}

static Obj *direntry_is_file(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return direntry_test(self, args, nargs, kw, "is_file", DT_REG, S_IFREG);
}

static Obj *direntry_is_symlink(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    DirEntryObj *e = (DirEntryObj *)self;
    if (mh_no_args("is_symlink", nargs, kw) < 0) return NULL;
    if (e->d_type != DT_UNKNOWN) return bool_from(e->d_type == DT_LNK);
    struct stat st;
    return bool_from(lstat(utf8(e->path), &st) == 0 && S_ISLNK(st.st_mode));
}

static Obj *direntry_is_junction(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("is_junction", nargs, kw) < 0) return NULL;
    return bool_from(false);
}

static Obj *direntry_stat_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    int follow = direntry_follow_kw("stat", args, nargs, kw);
    return follow < 0 ? NULL : direntry_fetch_stat((DirEntryObj *)self, follow);
}

static Obj *direntry_inode(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("inode", nargs, kw) < 0) return NULL;
    return int_from_u64(((DirEntryObj *)self)->ino);
}

static Obj *direntry_fspath(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__fspath__", nargs, kw) < 0) return NULL;
    return INCREF(((DirEntryObj *)self)->path);
}

static Obj *direntry_repr(Obj *self)
{
    return str_from_fmt("<DirEntry %R>", ((DirEntryObj *)self)->name);
}

static Obj *direntry_name(Obj *self, void *c)
{
    (void)c;
    return INCREF(((DirEntryObj *)self)->name);
}

static Obj *direntry_path(Obj *self, void *c)
{
    (void)c;
    return INCREF(((DirEntryObj *)self)->path);
}

static MethodDef direntry_methods[] = {
    {"is_dir", direntry_is_dir, METH_FAST, NULL},
    {"is_file", direntry_is_file, METH_FAST, NULL},
    {"is_symlink", direntry_is_symlink, METH_FAST, NULL},
    {"is_junction", direntry_is_junction, METH_FAST, NULL},
    {"stat", direntry_stat_m, METH_FAST, NULL},
    {"inode", direntry_inode, METH_FAST, NULL},
    {"__fspath__", direntry_fspath, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef direntry_getset[] = {
    {"name", direntry_name, NULL, NULL, NULL},
    {"path", direntry_path, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj direntry_type = {
    .base = TYPE_HEAD_INIT, .name = "posix.DirEntry", .basicsize = sizeof(DirEntryObj),
    .getattro = obj_generic_getattr, .dealloc = direntry_dealloc, .repr = direntry_repr,
    .methods = direntry_methods, .getset = direntry_getset, .new_ = stat_new,
};

typedef struct ScandirObj {
    Obj base;
    DIR *dir;
    Obj *path;      /* the prefix joined before each name: "" for None */
} ScandirObj;

static void scandir_dealloc(Obj *o)
{
    ScandirObj *s = (ScandirObj *)o;
    if (s->dir) closedir(s->dir);
    XDECREF(s->path);
    obj_free(o);
}

static Obj *scandir_next(Obj *o)
{
    ScandirObj *s = (ScandirObj *)o;
    if (!s->dir) return NULL;
    struct dirent *d;
    errno = 0;
    while ((d = readdir(s->dir)) && (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))) {}
    if (!d) {
        int err = errno;
        closedir(s->dir);
        s->dir = NULL;
        return err ? os_raise_errno(err, s->path) : NULL;
    }
    DirEntryObj *e = (DirEntryObj *)obj_alloc(&direntry_type, 0);
    if (!e) return NULL;
    e->d_type = d->d_type;
    e->ino = d->d_ino;
    e->name = str_from_utf8(d->d_name, (Ssize)strlen(d->d_name));
    Ssize n;
    const char *pre = str_utf8_lossy(s->path, &n);
    SBuf b = SBUF_INIT;
    sbuf_put(&b, pre, (size_t)n);
    if (n > 0 && pre[n - 1] != '/') sbuf_putc(&b, '/');
    sbuf_puts(&b, d->d_name);
    e->path = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    if (!e->name || !e->path) CLEAR(e);
    return (Obj *)e;
}

static Obj *scandir_close(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("close", nargs, kw) < 0) return NULL;
    ScandirObj *s = (ScandirObj *)o;
    if (s->dir) closedir(s->dir);
    s->dir = NULL;
    return INCREF(NONE);
}

static Obj *scandir_enter(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__enter__", nargs, kw) < 0) return NULL;
    return INCREF(o);
}

static Obj *scandir_exit(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return scandir_close(o, NULL, 0, NULL);
}

static MethodDef scandir_methods[] = {
    {"close", scandir_close, METH_FAST, NULL},
    {"__enter__", scandir_enter, METH_FAST, NULL},
    {"__exit__", scandir_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj scandir_type = {
    .base = TYPE_HEAD_INIT, .name = "posix.ScandirIterator", .basicsize = sizeof(ScandirObj),
    .getattro = obj_generic_getattr, .dealloc = scandir_dealloc, .iter = iter_self,
    .iternext = scandir_next, .methods = scandir_methods, .new_ = stat_new,
};

static Obj *os_scandir(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path"};
    Obj *v[1];
    if (args_parse("scandir", args, nargs, kw, names, 1, 0, 0, v) < 0) return NULL;
    if (v[0] && INT_CHECK(v[0]) && !IS_TYPE(v[0], bool_type)) {
        /* a directory descriptor: entries named alone, the descriptor kept */
        int fd;
        if (fd_arg(v[0], &fd) < 0) return NULL;
        int dupfd = dup(fd);
        DIR *d = dupfd < 0 ? NULL : fdopendir(dupfd);
        if (!d) {
            if (dupfd >= 0) close(dupfd);
            return os_raise_errno(errno, NULL);
        }
        rewinddir(d);
        ScandirObj *it = (ScandirObj *)obj_alloc(&scandir_type, 0);
        if (!it) {
            closedir(d);
            return NULL;
        }
        it->dir = d;
        it->path = str_from_cstr("");
        return (Obj *)it;
    }
    Obj *p = v[0] && v[0] != NONE ? os_fspath_arg(v[0], "scandir", "path") : str_from_cstr(".");
    if (!p) return NULL;
    Ssize n;
    const char *s = str_utf8_lossy(p, &n);
    DIR *d = opendir(n ? s : "");
    if (!d) {
        os_raise_errno(errno, p);
        DECREF(p);
        return NULL;
    }
    ScandirObj *it = (ScandirObj *)obj_alloc(&scandir_type, 0);
    if (!it) {
        closedir(d);
        DECREF(p);
        return NULL;
    }
    it->dir = d;
    it->path = p;
    return (Obj *)it;
}

/* ---- os.path: times, samefile, realpath ------------------------------------------ */

static Obj *path_time(Obj *arg, int which)
{
    Obj *p = os_fspath_arg(arg, "stat", "path");
    if (!p) return NULL;
    struct stat st;
    Obj *r;
    if (stat(utf8(p), &st) < 0) r = os_raise_errno(errno, p);
    else r = ts_float(which == 0 ? st.st_mtim : which == 1 ? st.st_atim : st.st_ctim);
    DECREF(p);
    return r;
}

static Obj *pp_getmtime(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)n; (void)k; return path_time(a[0], 0); }
static Obj *pp_getatime(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)n; (void)k; return path_time(a[0], 1); }
static Obj *pp_getctime(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; (void)n; (void)k; return path_time(a[0], 2); }

static Obj *pp_samefile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("samefile", "samefile", nargs, kw, 2, 2) < 0) return NULL;
    Obj *a = stat_path(args[0], "stat", true);
    Obj *b = a ? stat_path(args[1], "stat", true) : NULL;
    Obj *r = NULL;
    if (b) {
        int same = obj_richcompare_bool(TUPLE_ITEMS(a)[1], TUPLE_ITEMS(b)[1], CMP_EQ);
        if (same > 0) same = obj_richcompare_bool(TUPLE_ITEMS(a)[2], TUPLE_ITEMS(b)[2], CMP_EQ);
        r = same < 0 ? NULL : bool_from(same);
    }
    XDECREF(a);
    XDECREF(b);
    return r;
}

/* posixpath.realpath: the longest leading part that exists is resolved by
 * realpath(3); the rest is appended and normalised (non-strict mode). */
static Obj *pp_realpath(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"filename", "strict"};
    Obj *v[2];
    if (args_parse("realpath", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    int strict = v[1] ? obj_is_true(v[1]) : 0;
    if (strict < 0) return NULL;
    Obj *p = os_fspath_arg(v[0], "realpath", NULL);
    if (!p) return NULL;
    SBuf full = SBUF_INIT;
    const char *s = utf8(p);
    if (s[0] != '/') {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) {
            sbuf_free(&full);
            DECREF(p);
            return os_raise_errno(errno, NULL);
        }
        sbuf_puts(&full, cwd);
        sbuf_putc(&full, '/');
    }
    sbuf_puts(&full, s);
    char *buf = xstrdup(sbuf_cstr(&full));
    sbuf_free(&full);
    size_t cut = strlen(buf);
    char resolved[PATH_MAX];
    Obj *r = NULL;
    for (;;) {
        char save = buf[cut];
        buf[cut] = 0;
        bool ok = realpath(cut ? buf : "/", resolved) != NULL;
        int err = errno;
        buf[cut] = save;
        if (ok) break;
        if (strict) {
            r = os_raise_errno(err, p);
            goto done;
        }
        while (cut > 0 && buf[cut - 1] != '/') cut--;
        while (cut > 0 && buf[cut - 1] == '/') cut--;
    }
    SBuf out = SBUF_INIT;
    sbuf_puts(&out, resolved);
    /* the missing rest, normalised component by component */
    for (char *c = strtok(buf + cut, "/"); c; c = strtok(NULL, "/")) {
        if (!strcmp(c, ".")) continue;
        if (!strcmp(c, "..")) {
            while (out.len > 1 && out.data[out.len - 1] != '/') out.len--;
            if (out.len > 1) out.len--;
            continue;
        }
        if (out.len > 1 || out.data[0] != '/') sbuf_putc(&out, '/');
        sbuf_puts(&out, c);
    }
    r = str_from_utf8(sbuf_cstr(&out), (Ssize)out.len);
    sbuf_free(&out);
done:
    free(buf);
    DECREF(p);
    return r;
}

/* ---- more os.path ---------------------------------------------------------------- */

static Obj *fspath_str(Obj *o, const char *fname)
{
    return os_fspath_arg(o, fname, NULL);
}

static Obj *pp_normcase(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    return fspath_str(args[0], "normcase");
}

static Obj *pp_isjunction(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath_str(args[0], "isjunction");
    if (!p) return NULL;
    DECREF(p);
    return bool_from(false);
}

static Obj *pp_splitroot(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath_str(args[0], "splitroot");
    if (!p) return NULL;
    Ssize n;
    const char *t = str_utf8_lossy(p, &n);
    Ssize root = n == 0 || t[0] != '/' ? 0 : (n > 1 && t[1] == '/' && !(n > 2 && t[2] == '/')) ? 2 : 1;
    Obj *e = str_from_cstr(""), *r = str_from_utf8(t, root), *rest = str_from_utf8(t + root, n - root);
    Obj *res = e && r && rest ? tuple_pack(3, e, r, rest) : NULL;
    XDECREF(e);
    XDECREF(r);
    XDECREF(rest);
    DECREF(p);
    return res;
}

static Obj *pp_commonpath(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *l = seq_to_list(args[0]);
    if (!l) return NULL;
    Obj *r = NULL;
    Ssize np = LIST_LEN(l);
    if (np == 0) {
        vm_err_set_str(&exc_ValueError, "commonpath() arg is an empty sequence");
        DECREF(l);
        return NULL;
    }
    /* the common leading components, compared one by one */
    SBuf common = SBUF_INIT;
    int isabs = -1;
    Obj **paths = xcalloc((size_t)np, sizeof(Obj *));
    for (Ssize i = 0; i < np; i++) {
        if (!(paths[i] = fspath_str(LIST_ITEMS(l)[i], "commonpath"))) goto done;
        Ssize n;
        const char *t = str_utf8_lossy(paths[i], &n);
        int a = n > 0 && t[0] == '/';
        if (isabs >= 0 && a != isabs) {
            vm_err_set_str(&exc_ValueError, "Can't mix absolute and relative paths");
            goto done;
        }
        isabs = a;
    }
    Ssize *at = xcalloc((size_t)np, sizeof(Ssize));
    for (;;) {
        /* next non-empty, non-'.' component of every path */
        const char *c0 = NULL;
        Ssize l0 = 0;
        bool same = true;
        for (Ssize i = 0; i < np && same; i++) {
            Ssize n;
            const char *t = str_utf8_lossy(paths[i], &n);
            Ssize k = at[i];
            const char *c = NULL;
            Ssize cl = 0;
            while (k < n) {
                Ssize j = k;
                while (j < n && t[j] != '/') j++;
                if (j > k && !(j - k == 1 && t[k] == '.')) {
                    c = t + k;
                    cl = j - k;
                    k = j;
                    break;
                }
                k = j + 1;
            }
            at[i] = k;
            if (!c) same = false;
            else if (i == 0) {
                c0 = c;
                l0 = cl;
            } else if (cl != l0 || memcmp(c, c0, (size_t)cl)) {
                same = false;
            }
        }
        if (!same) break;
        if (common.len) sbuf_putc(&common, '/');
        sbuf_put(&common, c0, (size_t)l0);
    }
    free(at);
    {
        SBuf out = SBUF_INIT;
        if (isabs) sbuf_putc(&out, '/');
        sbuf_put(&out, common.data ? common.data : "", common.len);
        r = str_from_utf8(out.data ? out.data : "", (Ssize)out.len);
        sbuf_free(&out);
    }
done:
    for (Ssize i = 0; i < np; i++) XDECREF(paths[i]);
    free(paths);
    sbuf_free(&common);
    DECREF(l);
    return r;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* $name and ${name} replaced from the environment; unknown ones kept. */
static Obj *pp_expandvars(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath_str(args[0], "expandvars");
    if (!p) return NULL;
    Ssize n;
    const char *t = str_utf8_lossy(p, &n);
    if (!memchr(t, '$', (size_t)n)) return p;
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < n;) {
        if (t[i] != '$') {
            sbuf_putc(&b, t[i++]);
            continue;
        }
        Ssize j = i + 1, ns, ne;
        if (j < n && t[j] == '{') {
            Ssize k = j + 1;
            while (k < n && t[k] != '}') k++;
            if (k >= n) {
                sbuf_putc(&b, t[i++]);
                continue;
            }
            ns = j + 1;
            ne = k;
            j = k + 1;
        } else {
            while (j < n && name_char(t[j])) j++;
            if (j == i + 1) {
                sbuf_putc(&b, t[i++]);
                continue;
            }
            ns = i + 1;
            ne = j;
        }
        char *name = xmalloc((size_t)(ne - ns) + 1);
        memcpy(name, t + ns, (size_t)(ne - ns));
        name[ne - ns] = 0;
        const char *val = getenv(name);
        free(name);
        if (val) sbuf_puts(&b, val);
        else sbuf_put(&b, t + i, (size_t)(j - i));
        i = j;
    }
    Obj *r = str_from_utf8(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    DECREF(p);
    return r;
}

static Obj *pp_ismount(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *p = fspath_str(args[0], "ismount");
    if (!p) return NULL;
    const char *t = utf8(p);
    struct stat s1, s2;
    bool r = false;
    if (lstat(t, &s1) == 0 && !S_ISLNK(s1.st_mode)) {
        SBuf b = SBUF_INIT;
        sbuf_printf(&b, "%s/..", t);
        char parent[PATH_MAX];
        if (realpath(b.data, parent) && lstat(parent, &s2) == 0)
            r = s1.st_dev != s2.st_dev || s1.st_ino == s2.st_ino;
        sbuf_free(&b);
    }
    DECREF(p);
    return bool_from(r);
}

static Obj *same_stat(Obj *a, Obj *b)
{
    Obj *ia = obj_getattr_str(a, "st_ino"), *ib = ia ? obj_getattr_str(b, "st_ino") : NULL;
    Obj *da = ib ? obj_getattr_str(a, "st_dev") : NULL, *db = da ? obj_getattr_str(b, "st_dev") : NULL;
    int r = db ? obj_richcompare_bool(ia, ib, CMP_EQ) : -1;
    if (r > 0) r = obj_richcompare_bool(da, db, CMP_EQ);
    XDECREF(ia);
    XDECREF(ib);
    XDECREF(da);
    XDECREF(db);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *pp_samestat(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("samestat", "samestat", nargs, kw, 2, 2) < 0) return NULL;
    return same_stat(args[0], args[1]);
}

static Obj *pp_sameopenfile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int a, b;
    if (mh_pos_args("sameopenfile", "sameopenfile", nargs, kw, 2, 2) < 0 || fd_arg(args[0], &a) < 0 ||
        fd_arg(args[1], &b) < 0)
        return NULL;
    struct stat sa, sb;
    if (fstat(a, &sa) < 0 || fstat(b, &sb) < 0) return os_raise_errno(errno, NULL);
    return bool_from(sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

/* ---- more os: descriptors, ids, modes ------------------------------------------- */

#define OS_INT0(cname, expr)                                                \
    static Obj *cname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)   \
    {                                                                      \
        (void)self; (void)args; (void)nargs; (void)kw;                     \
        return int_from_i64((int64_t)(expr));                              \
    }
OS_INT0(os_getuid, getuid())
OS_INT0(os_geteuid, geteuid())
OS_INT0(os_getgid, getgid())
OS_INT0(os_getegid, getegid())
OS_INT0(os_getppid, getppid())
#undef OS_INT0

static Obj *os_cpu_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? INCREF(NONE) : int_from_i64(n);
}

static Obj *os_umask(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int64_t m;
    if (mh_pos_args("umask", "umask", nargs, kw, 1, 1) < 0 || int_arg(args[0], &m) < 0) return NULL;
    return int_from_i64((int64_t)umask((mode_t)m));
}

static Obj *os_strerror(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int64_t e;
    if (mh_pos_args("strerror", "strerror", nargs, kw, 1, 1) < 0 || int_arg(args[0], &e) < 0) return NULL;
    return str_from_cstr(strerror((int)e));
}

static Obj *os_isatty(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int fd;
    if (mh_pos_args("isatty", "isatty", nargs, kw, 1, 1) < 0 || fd_arg(args[0], &fd) < 0) return NULL;
    return bool_from(isatty(fd));
}

static Obj *os_urandom(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("urandom", "urandom", nargs, kw, 1, 1) < 0) return NULL;
    Ssize n = mh_as_ssize(args[0]);
    if (n < 0) {
        if (!vm_err_occurred()) vm_err_set_str(&exc_ValueError, "negative argument not allowed");
        return NULL;
    }
    char *buf = xmalloc((size_t)n + 1);
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = f ? fread(buf, 1, (size_t)n, f) : 0;
    if (f) fclose(f);
    Obj *r = got == (size_t)n ? bytes_from(buf, n) : os_raise_errno(errno ? errno : EIO, NULL);
    free(buf);
    return r;
}

static Obj *os_fsencode(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    if (BYTES_CHECK(args[0])) return INCREF(args[0]);
    Obj *p = os_fspath_arg(args[0], "fsencode", NULL);
    Obj *r = p ? str_encode(p, "utf-8", "surrogateescape") : NULL;
    XDECREF(p);
    return r;
}

static Obj *os_fsdecode(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    if (BYTES_CHECK(args[0]))
        return str_decode(BYTES_DATA(args[0]), VAR_SIZE(args[0]), "utf-8", "surrogateescape");
    return os_fspath_arg(args[0], "fsdecode", NULL);
}

static Obj *os_truncate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "length"};
    Obj *v[2];
    int64_t len;
    if (args_parse("truncate", args, nargs, kw, names, 2, 0, 2, v) < 0 || int_arg(v[1], &len) < 0) return NULL;
    if (INT_CHECK(v[0])) {
        int fd;
        if (fd_arg(v[0], &fd) < 0) return NULL;
        return ftruncate(fd, (off_t)len) < 0 ? os_raise_errno(errno, NULL) : INCREF(NONE);
    }
    Obj *p = os_fspath_arg(v[0], "truncate", "path");
    if (!p) return NULL;
    Obj *r = truncate(utf8(p), (off_t)len) < 0 ? os_raise_errno(errno, p) : INCREF(NONE);
    DECREF(p);
    return r;
}

static Obj *os_ftruncate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int fd;
    int64_t len;
    if (mh_pos_args("ftruncate", "ftruncate", nargs, kw, 2, 2) < 0 || fd_arg(args[0], &fd) < 0 ||
        int_arg(args[1], &len) < 0)
        return NULL;
    return ftruncate(fd, (off_t)len) < 0 ? os_raise_errno(errno, NULL) : INCREF(NONE);
}

static Obj *os_lseek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int fd;
    int64_t pos, how;
    if (mh_pos_args("lseek", "lseek", nargs, kw, 3, 3) < 0 || fd_arg(args[0], &fd) < 0 ||
        int_arg(args[1], &pos) < 0 || int_arg(args[2], &how) < 0)
        return NULL;
    off_t r = lseek(fd, (off_t)pos, (int)how);
    return r < 0 ? os_raise_errno(errno, NULL) : int_from_i64((int64_t)r);
}

static Obj *os_fsync(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int fd;
    if (mh_pos_args("fsync", "fsync", nargs, kw, 1, 1) < 0) return NULL;
    Obj *f = args[0];
    Obj *no = INT_CHECK(f) ? INCREF(f) : obj_call_method(f, "fileno", NULL, 0);
    if (!no) return NULL;
    int rc = fd_arg(no, &fd);
    DECREF(no);
    if (rc < 0) return NULL;
    return fsync(fd) < 0 ? os_raise_errno(errno, NULL) : INCREF(NONE);
}

static Obj *os_dup(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int fd;
    if (mh_pos_args("dup", "dup", nargs, kw, 1, 1) < 0 || fd_arg(args[0], &fd) < 0) return NULL;
    int r = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    return r < 0 ? os_raise_errno(errno, NULL) : int_from_i64(r);
}

static Obj *os_dup2(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    int a, b;
    if (mh_pos_args("dup2", "dup2", nargs, kw, 2, 3) < 0 || fd_arg(args[0], &a) < 0 || fd_arg(args[1], &b) < 0)
        return NULL;
    int r = dup2(a, b);
    return r < 0 ? os_raise_errno(errno, NULL) : int_from_i64(r);
}

static Obj *os_pipe(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("pipe", nargs, kw) < 0) return NULL;
    int fds[2];
    if (pipe(fds) < 0) return os_raise_errno(errno, NULL);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);   /* CPython's descriptors are not inherited */
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    Obj *a = int_from_i64(fds[0]), *b = int_from_i64(fds[1]);
    Obj *r = a && b ? tuple_pack(2, a, b) : NULL;
    XDECREF(a);
    XDECREF(b);
    return r;
}

static Obj *os_mkfifo(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"path", "mode", "dir_fd"};
    Obj *v[3];
    int64_t mode = 0666;
    if (args_parse("mkfifo", args, nargs, kw, names, 3, 0, 1, v) < 0 || (v[1] && int_arg(v[1], &mode) < 0))
        return NULL;
    Obj *p = os_fspath_arg(v[0], "mkfifo", "path");
    if (!p) return NULL;
    Obj *r = mkfifo(utf8(p), (mode_t)mode) < 0 ? os_raise_errno(errno, p) : INCREF(NONE);
    DECREF(p);
    return r;
}

static Obj *chown_common(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool follow)
{
    static const char *const names[] = {"path", "uid", "gid", "dir_fd", "follow_symlinks"};
    Obj *v[5];
    int64_t uid, gid;
    if (args_parse(fname, args, nargs, kw, names, 5, 0, 3, v) < 0 || int_arg(v[1], &uid) < 0 ||
        int_arg(v[2], &gid) < 0)
        return NULL;
    Obj *p = os_fspath_arg(v[0], fname, "path");
    if (!p) return NULL;
    int rc = follow ? chown(utf8(p), (uid_t)uid, (gid_t)gid) : lchown(utf8(p), (uid_t)uid, (gid_t)gid);
    Obj *r = rc < 0 ? os_raise_errno(errno, p) : INCREF(NONE);
    DECREF(p);
    return r;
}

static Obj *os_chown(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return chown_common("chown", a, n, k, true); }
static Obj *os_lchown(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return chown_common("lchown", a, n, k, false); }

/* os.PathLike: an ABC whose subclass hook accepts any class with __fspath__. */
static Obj *pathlike_hook(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)cls;
    if (mh_one_arg("__subclasshook__", nargs, kw) < 0) return NULL;
    if (!TYPE_CHECK(args[0])) return INCREF(NOTIMPL);
    Obj *f = type_lookup((TypeObj *)args[0], id_str("__fspath__"));
    return f && f != NONE ? bool_from(true) : INCREF(NOTIMPL);
}

static const MethodDef pathlike_methods[] = {
    {"__subclasshook__", pathlike_hook, METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *make_pathlike(void)
{
    Obj *abc = import_name(id_str("abc"), NULL, NULL, 0);
    Obj *base = abc ? obj_getattr_str(abc, "ABC") : NULL;
    Obj *meta = base ? obj_getattr_str(abc, "ABCMeta") : NULL;
    XDECREF(abc);
    Obj *bases = meta ? tuple_pack(1, base) : NULL;
    Obj *cls = bases ? mh_class("os", "PathLike", bases, pathlike_methods, NULL, (TypeObj *)meta) : NULL;
    XDECREF(bases);
    XDECREF(base);
    XDECREF(meta);
    return cls;
}

static const MethodDef osfs_path_functions[] = {
    {"normcase", pp_normcase, METH_O, NULL},
    {"isjunction", pp_isjunction, METH_O, NULL},
    {"splitroot", pp_splitroot, METH_O, NULL},
    {"commonpath", pp_commonpath, METH_O, NULL},
    {"expandvars", pp_expandvars, METH_O, NULL},
    {"ismount", pp_ismount, METH_O, NULL},
    {"samestat", pp_samestat, METH_FAST, NULL},
    {"sameopenfile", pp_sameopenfile, METH_FAST, NULL},
    {"getmtime", pp_getmtime, METH_O, NULL},
    {"getatime", pp_getatime, METH_O, NULL},
    {"getctime", pp_getctime, METH_O, NULL},
    {"samefile", pp_samefile, METH_FAST, NULL},
    {"realpath", pp_realpath, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef osfs_os_functions[] = {
    {"stat", os_stat, METH_FAST, NULL},
    {"lstat", os_lstat, METH_FAST, NULL},
    {"fstat", os_fstat, METH_FAST, NULL},
    {"access", os_access, METH_FAST, NULL},
    {"chmod", os_chmod, METH_FAST, NULL},
    {"utime", os_utime, METH_FAST, NULL},
    {"removedirs", os_removedirs, METH_FAST, NULL},
    {"symlink", os_symlink, METH_FAST, NULL},
    {"link", os_link, METH_FAST, NULL},
    {"readlink", os_readlink, METH_FAST, NULL},
    {"scandir", os_scandir, METH_FAST, NULL},
    {"open", os_open, METH_FAST, NULL},
    {"close", os_close, METH_FAST, NULL},
    {"read", os_read, METH_FAST, NULL},
    {"write", os_write, METH_FAST, NULL},
    {"fdopen", os_fdopen, METH_FAST, NULL},
    {"get_terminal_size", os_get_terminal_size, METH_FAST, NULL},
    {"getuid", os_getuid, METH_NOARGS, NULL},
    {"geteuid", os_geteuid, METH_NOARGS, NULL},
    {"getgid", os_getgid, METH_NOARGS, NULL},
    {"getegid", os_getegid, METH_NOARGS, NULL},
    {"getppid", os_getppid, METH_NOARGS, NULL},
    {"cpu_count", os_cpu_count, METH_NOARGS, NULL},
    {"umask", os_umask, METH_FAST, NULL},
    {"strerror", os_strerror, METH_FAST, NULL},
    {"isatty", os_isatty, METH_FAST, NULL},
    {"urandom", os_urandom, METH_FAST, NULL},
    {"fsencode", os_fsencode, METH_O, NULL},
    {"fsdecode", os_fsdecode, METH_O, NULL},
    {"truncate", os_truncate, METH_FAST, NULL},
    {"ftruncate", os_ftruncate, METH_FAST, NULL},
    {"lseek", os_lseek, METH_FAST, NULL},
    {"fsync", os_fsync, METH_FAST, NULL},
    {"dup", os_dup, METH_FAST, NULL},
    {"dup2", os_dup2, METH_FAST, NULL},
    {"pipe", os_pipe, METH_FAST, NULL},
    {"mkfifo", os_mkfifo, METH_FAST, NULL},
    {"chown", os_chown, METH_FAST, NULL},
    {"lchown", os_lchown, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const struct { const char *name; long value; } osfs_consts[] = {
    {"F_OK", F_OK}, {"R_OK", R_OK}, {"W_OK", W_OK}, {"X_OK", X_OK},
    {"O_RDONLY", O_RDONLY}, {"O_WRONLY", O_WRONLY}, {"O_RDWR", O_RDWR}, {"O_APPEND", O_APPEND},
    {"O_CREAT", O_CREAT}, {"O_EXCL", O_EXCL}, {"O_TRUNC", O_TRUNC}, {"O_NOFOLLOW", O_NOFOLLOW},
    {"O_CLOEXEC", O_CLOEXEC}, {"EX_OK", 0}, {"O_DIRECTORY", O_DIRECTORY}, {"O_NONBLOCK", O_NONBLOCK},
};

int osfs_add_os(Obj *m)
{
    if (type_ready(&stat_result_type) < 0 || type_ready(&direntry_type) < 0 ||
        type_ready(&scandir_type) < 0 || type_ready(&terminal_size_type) < 0)
        return -1;
    if (module_add_functions(m, osfs_os_functions) < 0 ||
        mh_add_obj(m, "stat_result", (Obj *)&stat_result_type) < 0 ||
        mh_add_obj(m, "DirEntry", (Obj *)&direntry_type) < 0 ||
        mh_add_obj(m, "terminal_size", (Obj *)&terminal_size_type) < 0)
        return -1;
    if (module_add(m, "PathLike", make_pathlike()) < 0) return -1;
    for (size_t i = 0; i < sizeof osfs_consts / sizeof osfs_consts[0]; i++)
        if (module_add(m, osfs_consts[i].name, int_from_i64(osfs_consts[i].value)) < 0) return -1;
    return 0;
}

int osfs_add_path(Obj *m)
{
    if (module_add(m, "supports_unicode_filenames", bool_from(false)) < 0) return -1;
    return module_add_functions(m, osfs_path_functions);
}
