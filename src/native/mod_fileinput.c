/* mod_fileinput.c — `fileinput` of CPython 3.12: FileInput (iteration,
 * readline, filename, lineno, filelineno, isfirstline, isstdin, fileno,
 * nextfile, close, context manager) over the named files, '-' meaning
 * sys.stdin and no names meaning sys.argv[1:] (or stdin); input() and the
 * module-level functions working on the active instance.  Files are opened
 * with open(name, mode, encoding=, errors=) or openhook(name, mode).
 * inplace=True renames each file to its backup (name + backup, '.bak' by
 * default, removed afterwards unless backup was given), reads that, and
 * sends sys.stdout to a new file of the old name, as fileinput.py does.
 */
#include "config.h"

#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/osint.h"

static Obj *roots[2];
#define fileinput_cls roots[0]
#define state roots[1]   /* the instance input() made, or NULL */

static Obj *ga(Obj *o, const char *n) { return obj_getattr_str(o, n); }
static int sa(Obj *o, const char *n, Obj *v) { return obj_setattr_str(o, n, v); }

static int sa_int(Obj *o, const char *n, int64_t v)
{
    Obj *x = int_from_i64(v);
    int r = x ? sa(o, n, x) : -1;
    XDECREF(x);
    return r;
}

static int64_t ga_int(Obj *o, const char *n)
{
    Obj *x = ga(o, n);
    int64_t v = -1;
    if (x) int_as_i64(x, &v);
    XDECREF(x);
    return v;
}

static Obj *fi_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"files", "inplace", "backup", "mode", "openhook", "encoding", "errors"};
    Obj *v[7];
    if (mh_bind_m("FileInput.__init__", args, nargs, kw, names, 7, 3, 0, 0, 0, v) < 0) return NULL;
    int inplace = v[1] ? obj_is_true(v[1]) : 0;
    if (inplace < 0) return NULL;
    if (sa(self, "_inplace", inplace ? TRUE_ : FALSE_) < 0 || sa(self, "_backup", v[2] ? v[2] : NONE) < 0 ||
        sa(self, "_output", NONE) < 0 || sa(self, "_savestdout", NONE) < 0 ||
        sa(self, "_backupfilename", NONE) < 0)
        return NULL;
    Obj *files = NULL;
    if (!v[0] || v[0] == NONE) {
        Obj *argv = sys_get_borrow("argv");
        files = argv && LIST_CHECK(argv) && LIST_LEN(argv) > 1 ? list_slice(argv, 1, LIST_LEN(argv)) : NULL;
        if (!files) {
            Obj *dash = str_from_cstr("-");
            files = dash ? list_from_array(&dash, 1) : NULL;
            XDECREF(dash);
        }
    } else if (STR_CHECK(v[0])) {
        files = list_from_array(&v[0], 1);
    } else {
        Obj *m = NULL;
        if (obj_lookup_attr((Obj *)OBJ_TYPE(v[0]), id_str("__fspath__"), &m) < 0) return NULL;
        if (m) {
            DECREF(m);
            Obj *p = fs_call("os", "fspath", &v[0], 1, NULL);
            files = p ? list_from_array(&p, 1) : NULL;
            XDECREF(p);
        } else {
            files = seq_to_list(v[0]);
        }
    }
    if (!files) return NULL;
    Obj *t = list_as_tuple(files);
    DECREF(files);
    Obj *mode = v[3] ? INCREF(v[3]) : str_from_cstr("r");
    int rc = t && mode ? 0 : -1;
    if (rc == 0 && STR_CHECK(mode)) {
        Ssize n;
        const char *m = str_utf8_lossy(mode, &n);
        if (strcmp(m, "r") && strcmp(m, "rb")) {
            vm_err_format(&exc_ValueError, "FileInput opening mode must be 'r' or 'rb'");
            rc = -1;
        }
    }
    if (rc == 0 && inplace && v[4] && v[4] != NONE) {
        vm_err_set_str(&exc_ValueError, "FileInput cannot use an opening hook in inplace mode");
        rc = -1;
    }
    if (rc == 0 && (sa(self, "_files", t) < 0 || sa(self, "_mode", mode) < 0 ||
                    sa(self, "_openhook", v[4] ? v[4] : NONE) < 0 ||
                    sa(self, "_encoding", v[5] ? v[5] : NONE) < 0 || sa(self, "_errors", v[6] ? v[6] : NONE) < 0 ||
                    sa(self, "_file", NONE) < 0 || sa(self, "_filename", NONE) < 0 ||
                    sa_int(self, "_index", 0) < 0 || sa_int(self, "_lineno", 0) < 0 ||
                    sa_int(self, "_filelineno", 0) < 0 || sa(self, "_isstdin", FALSE_) < 0))
        rc = -1;
    XDECREF(t);
    XDECREF(mode);
    return rc < 0 ? NULL : INCREF(NONE);
}

/* Close the current file (not stdin) and forget it. */
/* In-place editing: put sys.stdout back, close the output, and remove the
 * backup unless one was asked for. */
static int finish_inplace(Obj *self)
{
    Obj *save = ga(self, "_savestdout");
    if (!save) return -1;
    int rc = sa(self, "_savestdout", NONE);
    if (rc == 0 && save != NONE) rc = sa(vm->sys, "stdout", save);
    DECREF(save);
    Obj *out = rc == 0 ? ga(self, "_output") : NULL;
    if (!out) return -1;
    rc = sa(self, "_output", NONE);
    if (rc == 0 && out != NONE) {
        Obj *r = obj_call_method(out, "close", NULL, 0);
        rc = r ? 0 : -1;
        XDECREF(r);
    }
    DECREF(out);
    return rc;
}

static int drop_backup(Obj *self)
{
    Obj *bak = ga(self, "_backupfilename"), *keep = bak ? ga(self, "_backup") : NULL;
    int rc = keep ? sa(self, "_backupfilename", NONE) : -1;
    if (rc == 0 && bak != NONE && obj_is_true(keep) == 0) {
        Obj *r = fs_call("os", "unlink", &bak, 1, NULL);
        if (!r) vm_err_clear();
        XDECREF(r);
    }
    XDECREF(bak);
    XDECREF(keep);
    return rc;
}

static int next_file(Obj *self)
{
    if (finish_inplace(self) < 0) return -1;
    Obj *f = ga(self, "_file");
    Obj *isstdin = f ? ga(self, "_isstdin") : NULL;
    if (!isstdin) {
        XDECREF(f);
        return -1;
    }
    int rc = sa(self, "_file", NONE);
    if (rc == 0 && f != NONE && isstdin != TRUE_) {
        Obj *r = obj_call_method(f, "close", NULL, 0);
        rc = r ? 0 : -1;
        XDECREF(r);
    }
    DECREF(f);
    DECREF(isstdin);
    if (rc == 0) rc = drop_backup(self);
    if (rc == 0) rc = sa(self, "_isstdin", FALSE_);
    if (rc == 0) rc = sa_int(self, "_filelineno", 0);
    return rc;
}

/* open(path, mode, encoding=, errors=) with this FileInput's settings */
static Obj *open_with(Obj *self, Obj *path, Obj *mode)
{
    Obj *enc = ga(self, "_encoding"), *err = enc ? ga(self, "_errors") : NULL;
    Obj *kwn = err ? tuple_pack(2, id_str("encoding"), id_str("errors")) : NULL;
    Obj *v[4] = {path, mode, enc, err};
    Obj *f = kwn ? io_open(v, 2, kwn) : NULL;
    XDECREF(kwn);
    XDECREF(enc);
    XDECREF(err);
    return f;
}

/* inplace: rename NAME to its backup, read the backup, and send
 * sys.stdout to a new NAME with the old permissions. */
static int open_inplace(Obj *self, Obj *name, Obj **fp)
{
    Obj *backup = ga(self, "_backup");
    if (!backup) return -1;
    Obj *bak = obj_is_true(backup) > 0 ? str_from_fmt("%S%S", name, backup) : str_from_fmt("%S.bak", name);
    DECREF(backup);
    if (!bak) return -1;
    Obj *r = fs_call("os", "unlink", &bak, 1, NULL);
    if (!r) vm_err_clear();
    XDECREF(r);
    Obj *v[2] = {name, bak};
    r = fs_call("os", "rename", v, 2, NULL);
    int rc = r && sa(self, "_backupfilename", bak) == 0 && sa(self, "_filename", name) == 0 ? 0 : -1;
    XDECREF(r);
    Obj *mode = rc == 0 ? ga(self, "_mode") : NULL;
    Obj *f = mode ? open_with(self, bak, mode) : NULL;
    DECREF(bak);
    if (!f) {
        XDECREF(mode);
        return -1;
    }
    Obj *fd = obj_call_method(f, "fileno", NULL, 0);
    Obj *st = fd ? fs_call("os", "fstat", &fd, 1, NULL) : NULL;
    XDECREF(fd);
    Obj *wmode = str_from_cstr(str_eq_cstr(mode, "rb") ? "wb" : "w");
    XDECREF(mode);
    Obj *out = st && wmode ? open_with(self, name, wmode) : NULL;
    XDECREF(wmode);
    if (out) {
        Obj *cv[2] = {name, TUPLE_ITEMS(st)[0]};
        Obj *c = fs_call("os", "chmod", cv, 2, NULL);
        if (!c) vm_err_clear();
        XDECREF(c);
    }
    XDECREF(st);
    Obj *cur = out ? obj_getattr_str(vm->sys, "stdout") : NULL;
    if (!cur || sa(self, "_output", out) < 0 || sa(self, "_savestdout", cur) < 0 || sa(vm->sys, "stdout", out) < 0) {
        XDECREF(cur);
        XDECREF(out);
        DECREF(f);
        return -1;
    }
    DECREF(cur);
    DECREF(out);
    *fp = f;
    return 0;
}

/* Open the next file of the list: 1, 0 at the end, -1 error. */
static int open_next(Obj *self)
{
    Obj *files = ga(self, "_files");
    int64_t i = ga_int(self, "_index");
    if (!files) return -1;
    if (i >= TUPLE_LEN(files)) {
        DECREF(files);
        return 0;
    }
    Obj *name = INCREF(TUPLE_ITEMS(files)[i]);
    DECREF(files);
    int rc = sa_int(self, "_index", i + 1);
    Obj *f = NULL;
    bool isstdin = STR_CHECK(name) && str_eq_cstr(name, "-");
    if (rc == 0 && isstdin) {
        Obj *in = sys_get_borrow("stdin");
        Obj *mode = ga(self, "_mode");
        if (in && mode && str_eq_cstr(mode, "rb")) f = obj_getattr_str(in, "buffer");
        else if (in) f = INCREF(in);
        XDECREF(mode);
        Obj *label = str_from_cstr("<stdin>");
        if (!label || sa(self, "_filename", label) < 0) CLEAR(f);
        XDECREF(label);
    } else if (rc == 0) {
        Obj *inplace = ga(self, "_inplace");
        if (inplace == TRUE_) {
            DECREF(inplace);
            rc = open_inplace(self, name, &f);
            DECREF(name);
            if (rc < 0) return -1;
            rc = sa(self, "_file", f) < 0 || sa(self, "_isstdin", FALSE_) < 0 ? -1 : 1;
            DECREF(f);
            return rc;
        }
        XDECREF(inplace);
        Obj *hook = ga(self, "_openhook"), *mode = hook ? ga(self, "_mode") : NULL;
        if (mode && hook != NONE) {
            Obj *v[2] = {name, mode};
            f = obj_call(hook, v, 2, NULL);
        } else if (mode) {
            Obj *enc = ga(self, "_encoding"), *err = enc ? ga(self, "_errors") : NULL;
            Obj *kwn = err ? tuple_pack(2, id_str("encoding"), id_str("errors")) : NULL;
            Obj *v[4] = {name, mode, enc, err};
            f = kwn ? io_open(v, 2, kwn) : NULL;
            XDECREF(kwn);
            XDECREF(enc);
            XDECREF(err);
        }
        XDECREF(hook);
        XDECREF(mode);
        if (f && sa(self, "_filename", name) < 0) CLEAR(f);
    }
    DECREF(name);
    if (!f) return -1;
    rc = sa(self, "_file", f) < 0 || sa(self, "_isstdin", isstdin ? TRUE_ : FALSE_) < 0 ? -1 : 1;
    DECREF(f);
    return rc;
}

/* The next line, or NULL (no exception) at the end of every file. */
static Obj *read_line(Obj *self)
{
    for (;;) {
        Obj *f = ga(self, "_file");
        if (!f) return NULL;
        if (f != NONE) {
            Obj *line = obj_call_method(f, "readline", NULL, 0);
            DECREF(f);
            if (!line) return NULL;
            int t = obj_is_true(line);
            if (t > 0) {
                if (sa_int(self, "_lineno", ga_int(self, "_lineno") + 1) < 0 ||
                    sa_int(self, "_filelineno", ga_int(self, "_filelineno") + 1) < 0) {
                    DECREF(line);
                    return NULL;
                }
                return line;
            }
            DECREF(line);
            if (t < 0 || next_file(self) < 0) return NULL;
            continue;
        }
        DECREF(f);
        int r = open_next(self);
        if (r <= 0) return NULL;
    }
}

static Obj *fi_next(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__next__", nargs, kw) < 0) return NULL;
    Obj *line = read_line(self);
    if (!line && !vm_err_occurred()) vm_err_set_obj(&exc_StopIteration, NONE);
    return line;
}

static Obj *fi_readline(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("readline", nargs, kw) < 0) return NULL;
    Obj *line = read_line(self);
    if (line || vm_err_occurred()) return line;
    Obj *mode = ga(self, "_mode");
    bool b = mode && STR_CHECK(mode) && str_eq_cstr(mode, "rb");
    XDECREF(mode);
    return b ? bytes_from("", 0) : str_from_cstr("");
}

static Obj *fi_self(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return INCREF(self);
}

static Obj *fi_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (next_file(self) < 0) return NULL;
    Obj *empty = tuple_new(0);
    int rc = empty ? sa(self, "_files", empty) : -1;
    XDECREF(empty);
    return rc < 0 ? NULL : INCREF(NONE);
}

/* __del__: close quietly, even when __init__ failed half-way */
static Obj *fi_del(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *r = fi_close(self, args, nargs, kw);
    if (!r) vm_err_clear();
    XDECREF(r);
    return INCREF(NONE);
}

static Obj *fi_nextfile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("nextfile", nargs, kw) < 0) return NULL;
    return next_file(self) < 0 ? NULL : INCREF(NONE);
}

static Obj *fi_attr(Obj *self, const char *fname, Ssize nargs, Obj *kw, const char *attr)
{
    if (mh_no_args(fname, nargs, kw) < 0) return NULL;
    return ga(self, attr);
}

static Obj *fi_filename(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; return fi_attr(s, "filename", n, k, "_filename"); }
static Obj *fi_lineno(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; return fi_attr(s, "lineno", n, k, "_lineno"); }
static Obj *fi_filelineno(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; return fi_attr(s, "filelineno", n, k, "_filelineno"); }
static Obj *fi_isstdin(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)a; return fi_attr(s, "isstdin", n, k, "_isstdin"); }

static Obj *fi_isfirstline(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("isfirstline", nargs, kw) < 0) return NULL;
    int64_t n = ga_int(self, "_filelineno");
    return vm_err_occurred() ? NULL : bool_from(n == 1);
}

static Obj *fi_fileno(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("fileno", nargs, kw) < 0) return NULL;
    Obj *f = ga(self, "_file");
    if (!f) return NULL;
    Obj *r = f == NONE ? int_from_i64(-1) : obj_call_method(f, "fileno", NULL, 0);
    if (!r && vm_err_matches(&exc_ValueError)) {
        vm_err_clear();
        r = int_from_i64(-1);
    }
    DECREF(f);
    return r;
}

static const MethodDef fileinput_methods[] = {
    {"__init__", fi_init, METH_FAST, NULL},
    {"__iter__", fi_self, METH_FAST, NULL},
    {"__next__", fi_next, METH_FAST, NULL},
    {"__enter__", fi_self, METH_FAST, NULL},
    {"__exit__", fi_close, METH_FAST, NULL},
    {"__del__", fi_del, METH_FAST, NULL},
    {"close", fi_close, METH_FAST, NULL},
    {"readline", fi_readline, METH_FAST, NULL},
    {"nextfile", fi_nextfile, METH_FAST, NULL},
    {"filename", fi_filename, METH_FAST, NULL},
    {"lineno", fi_lineno, METH_FAST, NULL},
    {"filelineno", fi_filelineno, METH_FAST, NULL},
    {"isfirstline", fi_isfirstline, METH_FAST, NULL},
    {"isstdin", fi_isstdin, METH_FAST, NULL},
    {"fileno", fi_fileno, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- module functions ----------------------------------------------------------- */

static Obj *fm_input(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (state) {
        Obj *f = ga(state, "_file");
        bool active = f && f != NONE;
        XDECREF(f);
        if (active) {
            vm_err_set_str(&exc_RuntimeError, "input() already active");
            return NULL;
        }
    }
    Obj *inst = obj_call(fileinput_cls, args, nargs, kw);
    if (!inst) return NULL;
    obj_setref(&state, INCREF(inst));
    return inst;
}

static Obj *active(void)
{
    if (!state) vm_err_set_str(&exc_RuntimeError, "no active input()");
    return state;
}

#define DELEGATE(cname, method)                                                       \
    static Obj *cname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)             \
    {                                                                                \
        (void)self; (void)args;                                                      \
        if (mh_no_args(#method, nargs, kw) < 0 || !active()) return NULL;            \
        return obj_call_method(state, #method, NULL, 0);                             \
    }
DELEGATE(fm_filename, filename)
DELEGATE(fm_lineno, lineno)
DELEGATE(fm_filelineno, filelineno)
DELEGATE(fm_isfirstline, isfirstline)
DELEGATE(fm_isstdin, isstdin)
DELEGATE(fm_fileno, fileno)
DELEGATE(fm_nextfile, nextfile)
#undef DELEGATE

static Obj *fm_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("close", nargs, kw) < 0) return NULL;
    Obj *s = state;
    state = NULL;
    if (!s) return INCREF(NONE);
    Obj *r = obj_call_method(s, "close", NULL, 0);
    DECREF(s);
    return r;
}

static const MethodDef fileinput_functions[] = {
    {"input", fm_input, METH_FAST, NULL},
    {"close", fm_close, METH_FAST, NULL},
    {"nextfile", fm_nextfile, METH_FAST, NULL},
    {"filename", fm_filename, METH_FAST, NULL},
    {"lineno", fm_lineno, METH_FAST, NULL},
    {"filelineno", fm_filelineno, METH_FAST, NULL},
    {"fileno", fm_fileno, METH_FAST, NULL},
    {"isfirstline", fm_isfirstline, METH_FAST, NULL},
    {"isstdin", fm_isstdin, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *fileinput_init(void)
{
    if (!fileinput_cls && !(fileinput_cls = mh_class("fileinput", "FileInput", NULL, fileinput_methods, NULL, NULL)))
        return NULL;
    Obj *m = mh_module("fileinput", fileinput_functions);
    if (m && mh_add_obj(m, "FileInput", fileinput_cls) < 0) CLEAR(m);
    return m;
}

void native_fileinput_register(void)
{
    vm_static_roots(roots, sizeof roots / sizeof roots[0]);
    import_register_native("fileinput", fileinput_init);
}
