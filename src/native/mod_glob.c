/* mod_glob.c — the `glob` module of CPython 3.12: glob, iglob (root_dir,
 * recursive '**', include_hidden), escape and has_magic, following
 * glob.py's algorithm step for step so results come in the same order
 * (directory order, as os.scandir gives it; programs sort).  Names are
 * matched by fnmatch.filter; hidden names ('.' first) are matched only by
 * patterns that start with '.' unless include_hidden.  str patterns only
 * (bytes patterns raise TypeError); dir_fd is not supported.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/native/modhelp.h"
#include "src/native/osint.h"

typedef struct GlobRun {
    const char *root;      /* root_dir or "" */
    bool recursive, hidden;
} GlobRun;

static bool has_magic(const char *s) { return strpbrk(s, "*?[") != NULL; }

/* glob.py's _join: either part alone when the other is empty, else
 * posixpath.join. */
static char *path_join(const char *a, const char *b);

static char *join2(const char *a, const char *b)
{
    if (!*a || !*b) return xstrdup(*a ? a : b);
    return path_join(a, b);
}

/* os.path.join(a, b) (b may be empty: a gets its trailing slash). */
static char *path_join(const char *a, const char *b)
{
    SBuf s = SBUF_INIT;
    if (b[0] == '/') {
        sbuf_puts(&s, b);
    } else {
        sbuf_puts(&s, a);
        if (*a && a[strlen(a) - 1] != '/') sbuf_putc(&s, '/');
        sbuf_puts(&s, b);
    }
    char *r = xstrdup(sbuf_cstr(&s));
    sbuf_free(&s);
    return r;
}

static bool lexists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

static bool isdir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The names in dirname ('' is the current directory), only directories
 * when dironly; an unreadable directory gives an empty list. */
static Obj *list_names(const char *dirname, bool dironly)
{
    Obj *l = list_new(0);
    DIR *d = l ? opendir(*dirname ? dirname : ".") : NULL;
    if (!d) return l;
    struct dirent *e;
    while (l && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (dironly && e->d_type != DT_DIR) {
            if (e->d_type != DT_LNK && e->d_type != DT_UNKNOWN) continue;
            char *full = join2(*dirname ? dirname : ".", e->d_name);
            bool dir = isdir(full);
            free(full);
            if (!dir) continue;
        }
        Obj *s = str_from_utf8(e->d_name, (Ssize)strlen(e->d_name));
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    closedir(d);
    return l;
}

static const char *cstr(Obj *s)
{
    Ssize n;
    return str_utf8_lossy(s, &n);
}

static int append_cstr(Obj *out, const char *s)
{
    Obj *o = str_from_utf8(s, (Ssize)strlen(s));
    int r = o ? list_append(out, o) : -1;
    XDECREF(o);
    return r;
}

/* _glob1: the names of dirname matching pattern. */
static Obj *glob1(GlobRun *g, const char *dirname, const char *pattern, bool dironly)
{
    Obj *names = list_names(dirname, dironly);
    if (!names) return NULL;
    if (g->hidden || pattern[0] != '.') {
        Obj *kept = list_new(0);
        for (Ssize i = 0; kept && i < LIST_LEN(names); i++)
            if ((g->hidden || cstr(LIST_ITEMS(names)[i])[0] != '.') &&
                list_append(kept, LIST_ITEMS(names)[i]) < 0)
                CLEAR(kept);
        DECREF(names);
        if (!(names = kept)) return NULL;
    }
    Obj *pat = str_from_cstr(pattern);
    Obj *v[2] = {names, pat};
    Obj *r = pat ? fs_call("fnmatch", "filter", v, 2, NULL) : NULL;
    XDECREF(pat);
    DECREF(names);
    return r;
}

/* _rlistdir: every name below dirname, depth first, as relative paths. */
static int rlistdir(GlobRun *g, const char *dirname, bool dironly, Obj *out)
{
    Obj *names = list_names(dirname, dironly);
    if (!names) return -1;
    int rc = 0;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(names); i++) {
        const char *x = cstr(LIST_ITEMS(names)[i]);
        if (!g->hidden && x[0] == '.') continue;
        rc = list_append(out, LIST_ITEMS(names)[i]);
        char *path = *dirname ? join2(dirname, x) : xstrdup(x);
        Obj *sub = rc == 0 ? list_new(0) : NULL;
        if (!sub || rlistdir(g, path, dironly, sub) < 0) rc = -1;
        for (Ssize k = 0; rc == 0 && k < LIST_LEN(sub); k++) {
            char *y = join2(x, cstr(LIST_ITEMS(sub)[k]));
            rc = append_cstr(out, y);
            free(y);
        }
        XDECREF(sub);
        free(path);
    }
    DECREF(names);
    return rc;
}

/* _glob2 ('**'): '' for dirname itself (3.12.1 yields it even when dirname
 * is missing), then everything below. */
static Obj *glob2(GlobRun *g, const char *dirname, bool dironly)
{
    Obj *out = list_new(0);
    if (out && append_cstr(out, "") < 0) CLEAR(out);
    if (out && rlistdir(g, dirname, dironly, out) < 0) CLEAR(out);
    return out;
}

/* _glob0: a literal basename. */
static Obj *glob0(const char *dirname, const char *basename)
{
    Obj *out = list_new(0);
    if (!out) return NULL;
    bool hit;
    if (*basename) {
        char *p = join2(dirname, basename);
        hit = lexists(p);
        free(p);
    } else {
        hit = isdir(dirname);
    }
    if (hit && append_cstr(out, basename) < 0) CLEAR(out);
    return out;
}

static int iglob(GlobRun *g, const char *pathname, bool dironly, Obj *out)
{
    /* posixpath.split */
    const char *slash = strrchr(pathname, '/');
    size_t cut = slash ? (size_t)(slash - pathname) + 1 : 0;
    char *dirname = xmalloc(cut + 1);
    memcpy(dirname, pathname, cut);
    dirname[cut] = 0;
    const char *basename = pathname + cut;
    size_t dl = cut;
    while (dl > 0 && dirname[dl - 1] == '/') dl--;
    if (dl > 0) dirname[dl] = 0;
    int rc = 0;
    if (!has_magic(pathname)) {
        char *p = join2(g->root, *basename ? pathname : dirname);
        bool hit = *basename ? lexists(p) : isdir(p);
        free(p);
        if (hit) rc = append_cstr(out, pathname);
        free(dirname);
        return rc;
    }
    if (!*dirname) {
        Obj *names = g->recursive && !strcmp(basename, "**") ? glob2(g, g->root, dironly)
                                                             : glob1(g, g->root, basename, dironly);
        rc = names ? list_extend(out, names) : -1;
        XDECREF(names);
        free(dirname);
        return rc;
    }
    Obj *dirs = list_new(0);
    if (!dirs) rc = -1;
    else if (strcmp(dirname, pathname) && has_magic(dirname)) rc = iglob(g, dirname, true, dirs);
    else rc = append_cstr(dirs, dirname);
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(dirs); i++) {
        const char *d = cstr(LIST_ITEMS(dirs)[i]);
        char *where = join2(g->root, d);
        Obj *names;
        if (!has_magic(basename)) names = glob0(where, basename);
        else if (g->recursive && !strcmp(basename, "**")) names = glob2(g, where, dironly);
        else names = glob1(g, where, basename, dironly);
        free(where);
        for (Ssize k = 0; names && rc == 0 && k < LIST_LEN(names); k++) {
            char *p = path_join(d, cstr(LIST_ITEMS(names)[k]));
            rc = append_cstr(out, p);
            free(p);
        }
        if (!names) rc = -1;
        XDECREF(names);
    }
    XDECREF(dirs);
    free(dirname);
    return rc;
}

/* glob.glob's list (iglob iterates over it). */
static Obj *glob_list(const char *fname, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"pathname", "root_dir", "dir_fd", "recursive", "include_hidden"};
    Obj *v[5];
    if (mh_bind(fname, args, nargs, kw, names, 5, 1, 0, 1, 0, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "expected str pattern, not %s", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    GlobRun g = {"", false, false};
    int t;
    if (v[3] && (t = obj_is_true(v[3])) >= 0) g.recursive = t;
    if (v[4] && (t = obj_is_true(v[4])) >= 0) g.hidden = t;
    if (vm_err_occurred()) return NULL;
    if (v[2] && v[2] != NONE) {
        vm_err_set_str(&exc_NotImplementedError, "glob: dir_fd is not supported");
        return NULL;
    }
    Obj *root = NULL;
    if (v[1] && v[1] != NONE) {
        if (!(root = os_fspath_arg(v[1], fname, NULL))) return NULL;
        g.root = cstr(root);
    }
    const char *pathname = cstr(v[0]);
    Obj *out = list_new(0);
    if (out && iglob(&g, pathname, false, out) < 0) CLEAR(out);
    /* an empty first result (from '' or a leading '**') is dropped */
    if (out && (!*pathname || (g.recursive && !strncmp(pathname, "**", 2) && (pathname[2] == 0 || pathname[2] == '/'))) &&
        LIST_LEN(out) && VAR_SIZE(LIST_ITEMS(out)[0]) == 0 && list_set_slice(out, 0, 1, NULL) < 0)
        CLEAR(out);
    XDECREF(root);
    return out;
}

static Obj *glob_glob(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return glob_list("glob", args, nargs, kw);
}

static Obj *glob_iglob(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *l = glob_list("iglob", args, nargs, kw);
    Obj *it = l ? obj_getiter(l) : NULL;
    XDECREF(l);
    return it;
}

static Obj *glob_has_magic(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_bind("has_magic", args, nargs, kw, (const char *const[]){"s"}, 1, 1, 0, 1, 0, (Obj *[1]){0}) < 0)
        return NULL;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    return bool_from(has_magic(cstr(args[0])));
}

/* escape: each of '*', '?', '[' becomes '[*]' … */
static Obj *glob_escape(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_bind("escape", args, nargs, kw, (const char *const[]){"pathname"}, 1, 1, 0, 1, 0, (Obj *[1]){0}) < 0)
        return NULL;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    Ssize n;
    const char *s = str_utf8_lossy(args[0], &n);
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < n; i++) {
        if (strchr("*?[", s[i]) && s[i]) sbuf_printf(&b, "[%c]", s[i]);
        else sbuf_putc(&b, s[i]);
    }
    Obj *r = str_from_utf8(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static const MethodDef glob_functions[] = {
    {"glob", glob_glob, METH_FAST, NULL},
    {"iglob", glob_iglob, METH_FAST, NULL},
    {"has_magic", glob_has_magic, METH_FAST, NULL},
    {"escape", glob_escape, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *glob_init(void)
{
    return mh_module("glob", glob_functions);
}

void native_glob_register(void)
{
    import_register_native("glob", glob_init);
}
