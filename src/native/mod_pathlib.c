/* mod_pathlib.c — `pathlib` of CPython 3.12 on POSIX: PurePath,
 * PurePosixPath, Path and PosixPath as ordinary classes (so programs can
 * subclass them), with the pure operations done here on the path text and
 * the file-system ones handed to os / os.path / io, as pathlib.py does.
 *
 * A path keeps its normalised text in the instance attribute `_str`
 * (3.12 caches the same string): parsing follows pathlib's _parse_path
 * (a root of '/' or exactly '//', empty and '.' components dropped, '..'
 * kept), so str(), parts, parents, comparisons and hashing all derive
 * from it.  glob/rglob walk the directories in readdir order with
 * pathlib's selectors (wildcard, '**', '..'), matching names with
 * fnmatch.fnmatchcase.  PureWindowsPath / WindowsPath are left out.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "src/native/modhelp.h"
#include "src/native/modutil.h"
#include "src/native/osint.h"

/* The classes, made once (GC roots). */
static Obj *classes[5];
#define purepath_cls classes[0]
#define pureposix_cls classes[1]
#define path_cls classes[2]
#define posixpath_cls classes[3]
#define parents_cls classes[4]

/* ---- parsing ------------------------------------------------------------------- */

/* The parsed form: root "" / "/" / "//" and the components. */
typedef struct Parsed {
    int rootlen;
    Obj *tail;    /* list of str */
} Parsed;

static int parse_text(const char *s, Ssize n, Parsed *out)
{
    Ssize i = 0;
    out->rootlen = 0;
    if (n > 0 && s[0] == '/') {
        out->rootlen = n > 1 && s[1] == '/' && !(n > 2 && s[2] == '/') ? 2 : 1;
        while (i < n && s[i] == '/') i++;
    }
    out->tail = list_new(0);
    while (out->tail && i < n) {
        Ssize j = i;
        while (j < n && s[j] != '/') j++;
        if (j > i && !(j - i == 1 && s[i] == '.')) {
            Obj *c = str_from_utf8(s + i, j - i);
            if (!c || list_append(out->tail, c) < 0) CLEAR(out->tail);
            XDECREF(c);
        }
        i = j + 1;
    }
    return out->tail ? 0 : -1;
}

/* root + '/'.join(tail) (or '.') */
static Obj *format_parts(int rootlen, Obj *tail, Ssize ntail)
{
    SBuf b = SBUF_INIT;
    sbuf_put(&b, "//", (size_t)rootlen);
    for (Ssize k = 0; k < ntail; k++) {
        Ssize n;
        const char *c = str_utf8_lossy(LIST_ITEMS(tail)[k], &n);
        if (k) sbuf_putc(&b, '/');
        sbuf_put(&b, c, (size_t)n);
    }
    if (!b.len) sbuf_putc(&b, '.');
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *pstr(Obj *self) { return obj_getattr_str(self, "_str"); }

static int parse_self(Obj *self, Parsed *p)
{
    Obj *s = pstr(self);
    if (!s) return -1;
    Ssize n;
    const char *t = str_utf8_lossy(s, &n);
    int r = parse_text(t, n, p);
    DECREF(s);
    return r;
}

static int is_purepath(Obj *o) { return obj_isinstance(o, purepath_cls); }

/* type(self)(*args): pathlib's with_segments. */
static Obj *with_segments(Obj *self, Obj *const *args, Ssize n)
{
    return obj_call((Obj *)OBJ_TYPE(self), args, n, NULL);
}

static Obj *with_text(Obj *self, Obj *text)   /* steals text */
{
    if (!text) return NULL;
    Obj *r = with_segments(self, &text, 1);
    DECREF(text);
    return r;
}

/* A path of self's type from parsed parts; its text is the parts joined
 * without normalising again (pathlib's _from_parsed_parts: a '.' name that
 * with_suffix made stays). */
static Obj *from_parts(Obj *self, int rootlen, Obj *tail, Ssize ntail)
{
    Obj *text = format_parts(rootlen, tail, ntail);
    if (!text) return NULL;
    Obj *r = with_segments(self, &text, 1);
    if (r && obj_setattr_str(r, "_str", text) < 0) CLEAR(r);
    DECREF(text);
    return r;
}

/* ---- construction ---------------------------------------------------------------- */

static Obj *new_of(Obj *const *args, Ssize nargs, Obj *base, Obj *concrete)
{
    if (nargs < 1 || !TYPE_CHECK(args[0])) {
        vm_err_set_str(&exc_TypeError, "__new__(): not enough arguments");
        return NULL;
    }
    Obj *cls = args[0] == base ? concrete : args[0];
    return object_type.new_((TypeObj *)cls, NULL, 0, NULL);
}

static Obj *purepath_new(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    return new_of(args, nargs, purepath_cls, pureposix_cls);
}

static Obj *path_new(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    return new_of(args, nargs, path_cls, posixpath_cls);
}

/* The text of one constructor argument (a path's own text, or os.fspath). */
static Obj *segment_text(Obj *a)
{
    int r = is_purepath(a);
    if (r < 0) return NULL;
    if (r) return pstr(a);
    Obj *p = a;
    if (!STR_CHECK(a)) {
        Obj *m = NULL;
        if (obj_lookup_attr((Obj *)OBJ_TYPE(a), id_str("__fspath__"), &m) < 0) return NULL;
        if (m) {
            DECREF(m);
            p = obj_call_method(a, "__fspath__", NULL, 0);
            if (!p) return NULL;
        } else {
            INCREF(p);
        }
    } else {
        INCREF(p);
    }
    if (!STR_CHECK(p)) {
        vm_err_format(&exc_TypeError,
                      "argument should be a str or an os.PathLike object where __fspath__ returns a str, not '%s'",
                      type_name(OBJ_TYPE(p)));
        DECREF(p);
        return NULL;
    }
    return p;
}

static Obj *purepath_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < nargs; i++) {
        Obj *t = segment_text(args[i]);
        if (!t) {
            sbuf_free(&b);
            return NULL;
        }
        Ssize n;
        const char *s = str_utf8_lossy(t, &n);
        /* posixpath.join: an absolute part starts again */
        if (n > 0 && s[0] == '/') sbuf_reset(&b);
        else if (b.len && b.data[b.len - 1] != '/' && n > 0) sbuf_putc(&b, '/');
        sbuf_put(&b, s, (size_t)n);
        DECREF(t);
    }
    Parsed p;
    int rc = parse_text(b.data ? b.data : "", (Ssize)b.len, &p);
    sbuf_free(&b);
    if (rc < 0) return NULL;
    Obj *s = format_parts(p.rootlen, p.tail, LIST_LEN(p.tail));
    DECREF(p.tail);
    if (!s) return NULL;
    rc = obj_setattr_str(self, "_str", s);
    DECREF(s);
    return rc < 0 ? NULL : INCREF(NONE);
}

/* ---- text views ------------------------------------------------------------------ */

static Obj *pp_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__str__", n, kw) < 0) return NULL;
    return pstr(self);
}

static Obj *pp_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__repr__", n, kw) < 0) return NULL;
    Obj *s = pstr(self);
    Obj *r = s ? str_from_fmt("%s(%R)", type_name(OBJ_TYPE(self)), s) : NULL;
    XDECREF(s);
    return r;
}

static Obj *pp_bytes(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__bytes__", n, kw) < 0) return NULL;
    Obj *s = pstr(self);
    Obj *r = s ? str_encode(s, "utf-8", "surrogateescape") : NULL;
    XDECREF(s);
    return r;
}

static Obj *pp_as_uri(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("as_uri", n, kw) < 0) return NULL;
    Obj *s = pstr(self);
    if (!s) return NULL;
    Ssize len;
    const char *t = str_utf8_lossy(s, &len);
    if (len == 0 || t[0] != '/') {
        DECREF(s);
        vm_err_set_str(&exc_ValueError, "relative path can't be expressed as a file URI");
        return NULL;
    }
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "file://");
    for (Ssize i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("_.-~/", c))
            sbuf_putc(&b, (char)c);
        else
            sbuf_printf(&b, "%%%02X", c);
    }
    DECREF(s);
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

/* ---- comparisons ----------------------------------------------------------------- */

static Obj *pp_eq(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__eq__", n, kw) < 0) return NULL;
    int r = is_purepath(a[0]);
    if (r <= 0) return r < 0 ? NULL : INCREF(NOTIMPL);
    Obj *x = pstr(self), *y = x ? pstr(a[0]) : NULL;
    Obj *res = y ? obj_richcompare(x, y, CMP_EQ) : NULL;
    XDECREF(x);
    XDECREF(y);
    return res;
}

static Obj *pp_hash(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__hash__", n, kw) < 0) return NULL;
    Obj *s = pstr(self);
    if (!s) return NULL;
    Hash h = obj_hash(s);
    DECREF(s);
    return h == -1 ? NULL : int_from_i64(h);
}

/* self._parts_normcase: str(self).split('/') */
static Obj *split_text(Obj *self)
{
    Obj *s = pstr(self);
    if (!s) return NULL;
    Obj *sep = str_from_cstr("/");
    Obj *r = sep ? obj_call_method(s, "split", &sep, 1) : NULL;
    XDECREF(sep);
    DECREF(s);
    return r;
}

static Obj *order(Obj *self, Obj *const *a, Ssize n, Obj *kw, int op)
{
    if (mh_one_arg("__lt__", n, kw) < 0) return NULL;
    int r = is_purepath(a[0]);
    if (r <= 0) return r < 0 ? NULL : INCREF(NOTIMPL);
    Obj *x = split_text(self), *y = x ? split_text(a[0]) : NULL;
    Obj *res = y ? obj_richcompare(x, y, op) : NULL;
    XDECREF(x);
    XDECREF(y);
    return res;
}

static Obj *pp_lt(Obj *s, Obj *const *a, Ssize n, Obj *k) { return order(s, a, n, k, CMP_LT); }
static Obj *pp_le(Obj *s, Obj *const *a, Ssize n, Obj *k) { return order(s, a, n, k, CMP_LE); }
static Obj *pp_gt(Obj *s, Obj *const *a, Ssize n, Obj *k) { return order(s, a, n, k, CMP_GT); }
static Obj *pp_ge(Obj *s, Obj *const *a, Ssize n, Obj *k) { return order(s, a, n, k, CMP_GE); }

static Obj *pp_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw);

/* ---- components ------------------------------------------------------------------ */

enum { C_DRIVE, C_ROOT, C_ANCHOR, C_NAME, C_SUFFIX, C_STEM };

/* name's suffix start (len when none): the last dot, not leading, not final. */
static Ssize suffix_at(const char *s, Ssize n)
{
    Ssize i = n - 1;
    while (i >= 0 && s[i] != '.') i--;
    return i > 0 && i < n - 1 ? i : n;
}

static Obj *name_of(Obj *self)
{
    Parsed p;
    if (parse_self(self, &p) < 0) return NULL;
    Ssize n = LIST_LEN(p.tail);
    Obj *r = n ? INCREF(LIST_ITEMS(p.tail)[n - 1]) : str_from_cstr("");
    DECREF(p.tail);
    return r;
}

static Obj *component(Obj *self, void *closure)
{
    int which = (int)(intptr_t)closure;
    if (which <= C_ANCHOR) {
        if (which == C_DRIVE) return str_from_cstr("");
        Parsed p;
        if (parse_self(self, &p) < 0) return NULL;
        DECREF(p.tail);
        return str_from_utf8("//", p.rootlen);
    }
    Obj *name = name_of(self);
    if (!name || which == C_NAME) return name;
    Ssize n;
    const char *s = str_utf8_lossy(name, &n);
    Ssize i = suffix_at(s, n);
    Obj *r = which == C_SUFFIX ? str_from_utf8(s + i, n - i) : str_from_utf8(s, i);
    DECREF(name);
    return r;
}

static Obj *pp_suffixes(Obj *self, void *closure)
{
    (void)closure;
    Obj *name = name_of(self);
    if (!name) return NULL;
    Ssize n;
    const char *s = str_utf8_lossy(name, &n);
    Obj *l = list_new(0);
    if (l && !(n > 0 && s[n - 1] == '.')) {
        Ssize i = 0;
        while (i < n && s[i] == '.') i++;
        for (Ssize j = i; l && j < n; j++) {
            if (s[j] != '.') continue;
            Ssize k = j + 1;
            while (k < n && s[k] != '.') k++;
            Obj *x = str_from_utf8(s + j, k - j);
            if (!x || list_append(l, x) < 0) CLEAR(l);
            XDECREF(x);
        }
    }
    DECREF(name);
    return l;
}

static Obj *pp_parts(Obj *self, void *closure)
{
    (void)closure;
    Parsed p;
    if (parse_self(self, &p) < 0) return NULL;
    if (p.rootlen) {
        Obj *root = str_from_utf8("//", p.rootlen);
        if (!root || list_insert(p.tail, 0, root) < 0) {
            XDECREF(root);
            DECREF(p.tail);
            return NULL;
        }
        DECREF(root);
    }
    Obj *t = list_as_tuple(p.tail);
    DECREF(p.tail);
    return t;
}

static Obj *pp_parent(Obj *self, void *closure)
{
    (void)closure;
    Parsed p;
    if (parse_self(self, &p) < 0) return NULL;
    Ssize n = LIST_LEN(p.tail);
    Obj *r = n ? from_parts(self, p.rootlen, p.tail, n - 1) : INCREF(self);
    DECREF(p.tail);
    return r;
}

static Obj *pp_parents(Obj *self, void *closure)
{
    (void)closure;
    Parsed p;
    if (parse_self(self, &p) < 0) return NULL;
    Ssize n = LIST_LEN(p.tail);
    Obj *t = tuple_new(n);
    for (Ssize k = 0; t && k < n; k++) {
        Obj *x = from_parts(self, p.rootlen, p.tail, n - 1 - k);
        if (!x) CLEAR(t);
        else TUPLE_ITEMS(t)[k] = x;
    }
    DECREF(p.tail);
    if (!t) return NULL;
    Obj *r = object_type.new_((TypeObj *)parents_cls, NULL, 0, NULL);
    if (r && (obj_setattr_str(r, "_parents", t) < 0 || obj_setattr_str(r, "_path", self) < 0)) CLEAR(r);
    DECREF(t);
    return r;
}

static Obj *pp_is_absolute(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("is_absolute", n, kw) < 0) return NULL;
    Obj *s = pstr(self);
    if (!s) return NULL;
    Ssize len;
    const char *t = str_utf8_lossy(s, &len);
    Obj *r = bool_from(len > 0 && t[0] == '/');
    DECREF(s);
    return r;
}

static Obj *pp_is_reserved(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a;
    if (mh_no_args("is_reserved", n, kw) < 0) return NULL;
    return bool_from(false);
}

/* ---- derived paths --------------------------------------------------------------- */

static Obj *pp_joinpath(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "joinpath() got an unexpected keyword argument");
        return NULL;
    }
    Obj **v = xmalloc(sizeof(Obj *) * (size_t)(n + 1));
    v[0] = self;
    for (Ssize i = 0; i < n; i++) v[i + 1] = a[i];
    Obj *r = with_segments(self, v, n + 1);
    free(v);
    return r;
}

static Obj *div_common(Obj *self, Obj *key, bool reflected)
{
    Obj *v[2] = {reflected ? key : self, reflected ? self : key};
    Obj *r = with_segments(self, v, 2);
    if (!r && vm_err_matches(&exc_TypeError)) {
        vm_err_clear();
        return INCREF(NOTIMPL);
    }
    return r;
}

static Obj *pp_truediv(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__truediv__", n, kw) < 0) return NULL;
    return div_common(self, a[0], false);
}

static Obj *pp_rtruediv(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__rtruediv__", n, kw) < 0) return NULL;
    return div_common(self, a[0], true);
}

static Obj *empty_name_error(Obj *self)
{
    vm_err_format(&exc_ValueError, "%R has an empty name", self);
    return NULL;
}

/* self with its last component replaced (no checks: with_suffix may make
 * a name with_name would refuse, as pathlib's _from_parsed_parts does) */
static Obj *replace_name(Obj *self, Parsed *p, Obj *name)
{
    Ssize nt = LIST_LEN(p->tail);
    if (list_set_slice(p->tail, nt - 1, nt, NULL) < 0 || list_append(p->tail, name) < 0) return NULL;
    return from_parts(self, p->rootlen, p->tail, nt);
}

static Obj *pp_with_name(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("with_name", n, kw) < 0) return NULL;
    Obj *name = a[0];
    Parsed p;
    if (parse_self(self, &p) < 0) return NULL;
    Ssize nt = LIST_LEN(p.tail);
    if (!nt) {
        DECREF(p.tail);
        return empty_name_error(self);
    }
    if (!STR_CHECK(name)) {
        /* pathlib tests `not name`, then `'/' in name` */
        DECREF(p.tail);
        int t = obj_is_true(name);
        if (t == 0) vm_err_format(&exc_ValueError, "Invalid name %R", name);
        else if (t > 0) vm_err_format(&exc_TypeError, "argument of type '%s' is not iterable", type_name(OBJ_TYPE(name)));
        return NULL;
    }
    Ssize len;
    const char *s = str_utf8_lossy(name, &len);
    bool bad = len == 0 || memchr(s, '/', (size_t)len) || (len == 1 && s[0] == '.');
    if (bad) {
        DECREF(p.tail);
        vm_err_format(&exc_ValueError, "Invalid name %R", name);
        return NULL;
    }
    Obj *r = replace_name(self, &p, name);
    DECREF(p.tail);
    return r;
}

static Obj *pp_with_stem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("with_stem", n, kw) < 0) return NULL;
    Obj *suf = component(self, (void *)(intptr_t)C_SUFFIX);
    Obj *name = suf ? num_binary(a[0], suf, NB_ADD) : NULL;
    XDECREF(suf);
    if (!name) return NULL;
    Obj *r = pp_with_name(self, &name, 1, NULL);
    DECREF(name);
    return r;
}

static Obj *pp_with_suffix(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("with_suffix", n, kw) < 0) return NULL;
    Obj *suffix = a[0];
    if (!STR_CHECK(suffix)) {
        vm_err_format(&exc_TypeError, "'in <string>' requires string as left operand, not %s",
                      type_name(OBJ_TYPE(suffix)));
        return NULL;
    }
    Ssize sl;
    const char *s = str_utf8_lossy(suffix, &sl);
    if (memchr(s, '/', (size_t)sl) || (sl > 0 && s[0] != '.') || (sl == 1)) {
        vm_err_format(&exc_ValueError, "Invalid suffix %R", suffix);
        return NULL;
    }
    Obj *name = name_of(self);
    if (!name) return NULL;
    Ssize nl;
    const char *nm = str_utf8_lossy(name, &nl);
    if (nl == 0) {
        DECREF(name);
        return empty_name_error(self);
    }
    SBuf b = SBUF_INIT;
    sbuf_put(&b, nm, (size_t)suffix_at(nm, nl));
    sbuf_put(&b, s, (size_t)sl);
    DECREF(name);
    Obj *newname = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    if (!newname) return NULL;
    Parsed p;
    Obj *r = NULL;
    if (parse_self(self, &p) == 0) {
        r = replace_name(self, &p, newname);
        DECREF(p.tail);
    }
    DECREF(newname);
    return r;
}

/* other as a path of self's kind */
static Obj *as_path(Obj *self, Obj *other)
{
    int r = is_purepath(other);
    if (r < 0) return NULL;
    return r ? INCREF(other) : with_segments(self, &other, 1);
}

/* self's tail has other's as a prefix and the roots agree */
static int relative_prefix(const Parsed *a, const Parsed *b)
{
    if (a->rootlen != b->rootlen || LIST_LEN(b->tail) > LIST_LEN(a->tail)) return 0;
    for (Ssize i = 0; i < LIST_LEN(b->tail); i++) {
        int r = obj_richcompare_bool(LIST_ITEMS(a->tail)[i], LIST_ITEMS(b->tail)[i], CMP_EQ);
        if (r <= 0) return r;
    }
    return 1;
}

static Obj *pp_is_relative_to(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_nkw(kw) || n < 1) {
        vm_err_set_str(&exc_TypeError, "PurePath.is_relative_to() missing 1 required positional argument: 'other'");
        return NULL;
    }
    Obj *other = n > 1 ? with_segments(self, a, n) : as_path(self, a[0]);
    if (!other) return NULL;
    Parsed x, y;
    int r = -1;
    if (parse_self(self, &x) == 0) {
        if (parse_self(other, &y) == 0) {
            r = relative_prefix(&x, &y);
            DECREF(y.tail);
        }
        DECREF(x.tail);
    }
    DECREF(other);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *pp_relative_to(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Obj *walk_up = mu_kwarg(a, n, kw, "walk_up");
    if (n < 1 || mh_nkw(kw) > (walk_up ? 1 : 0)) {
        vm_err_set_str(&exc_TypeError, "PurePath.relative_to() missing 1 required positional argument: 'other'");
        return NULL;
    }
    int up = walk_up ? obj_is_true(walk_up) : 0;
    if (up < 0) return NULL;
    Obj *other = n > 1 ? with_segments(self, a, n) : as_path(self, a[0]);
    if (!other) return NULL;
    Parsed x, y;
    Obj *r = NULL;
    if (parse_self(self, &x) < 0) {
        DECREF(other);
        return NULL;
    }
    if (parse_self(other, &y) < 0) {
        DECREF(x.tail);
        DECREF(other);
        return NULL;
    }
    Obj *sx = pstr(self), *sy = pstr(other);
    /* other, then its parents: the first that self lies under */
    Ssize step = 0, ny = LIST_LEN(y.tail);
    for (;;) {
        Parsed cut = {y.rootlen, list_slice(y.tail, 0, ny - step)};
        int rel = cut.tail ? relative_prefix(&x, &cut) : -1;
        XDECREF(cut.tail);
        if (rel < 0) goto done;
        if (rel) break;
        if (!up) {
            vm_err_format(&exc_ValueError, "%R is not in the subpath of %R", sx, sy);
            goto done;
        }
        if (step == ny) {
            vm_err_format(&exc_ValueError, "%R and %R have different anchors", sx, sy);
            goto done;
        }
        if (str_eq_cstr(LIST_ITEMS(y.tail)[ny - 1 - step], "..")) {
            vm_err_format(&exc_ValueError, "'..' segment in %R cannot be walked", sy);
            goto done;
        }
        step++;
    }
    Obj *parts = list_new(0);
    Obj *dd = str_from_cstr("..");
    for (Ssize i = 0; parts && dd && i < step; i++)
        if (list_append(parts, dd) < 0) CLEAR(parts);
    for (Ssize i = ny - step; parts && i < LIST_LEN(x.tail); i++)
        if (list_append(parts, LIST_ITEMS(x.tail)[i]) < 0) CLEAR(parts);
    XDECREF(dd);
    if (parts) {
        r = from_parts(self, 0, parts, LIST_LEN(parts));
        DECREF(parts);
    }
done:
    XDECREF(sx);
    XDECREF(sy);
    DECREF(x.tail);
    DECREF(y.tail);
    DECREF(other);
    return r;
}

static int fnmatch_part(Obj *name, Obj *pat, bool casefold)
{
    Obj *v[2] = {name, pat};
    Obj *low[2] = {NULL, NULL};
    if (casefold) {
        low[0] = obj_call_method(name, "lower", NULL, 0);
        low[1] = low[0] ? obj_call_method(pat, "lower", NULL, 0) : NULL;
        if (!low[1]) {
            XDECREF(low[0]);
            return -1;
        }
        v[0] = low[0];
        v[1] = low[1];
    }
    Obj *r = fs_call("fnmatch", "fnmatchcase", v, 2, NULL);
    XDECREF(low[0]);
    XDECREF(low[1]);
    if (!r) return -1;
    int t = obj_is_true(r);
    DECREF(r);
    return t;
}

static int case_sensitive_kw(Obj *const *a, Ssize n, Obj *kw, bool *casefold)
{
    Obj *cs = mu_kwarg(a, n, kw, "case_sensitive");
    *casefold = false;
    if (cs && cs != NONE) {
        int t = obj_is_true(cs);
        if (t < 0) return -1;
        *casefold = !t;
    }
    return 0;
}

static Obj *pp_match(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    bool casefold;
    if (n != 1) {
        vm_err_format(&exc_TypeError, "PurePath.match() takes 2 positional arguments but %zd were given", n + 1);
        return NULL;
    }
    if (case_sensitive_kw(a, n, kw, &casefold) < 0) return NULL;
    Obj *pat = as_path(self, a[0]);
    if (!pat) return NULL;
    Obj *pp = split_text(pat), *sp = pp ? split_text(self) : NULL;
    /* a path with no components ('.', '/') matches as one empty line */
    Parsed selfp;
    if (sp && parse_self(self, &selfp) == 0) {
        if (LIST_LEN(selfp.tail) == 0 && list_set_slice(sp, 0, LIST_LEN(sp) - 1, NULL) == 0)
            obj_setref(&LIST_ITEMS(sp)[0], str_from_cstr(""));
        DECREF(selfp.tail);
    } else {
        CLEAR(sp);
    }
    Parsed pparsed;
    int rc = pp && sp ? parse_self(pat, &pparsed) : -1;
    DECREF(pat);
    Obj *r = NULL;
    if (rc == 0) {
        bool absolute = pparsed.rootlen > 0;
        if (!absolute && LIST_LEN(pparsed.tail) == 0) {
            vm_err_set_str(&exc_ValueError, "empty pattern");
        } else {
            Ssize np = LIST_LEN(pp), ns = LIST_LEN(sp);
            int ok = absolute ? np == ns : np <= ns;
            for (Ssize i = 1; ok > 0 && i <= np; i++) {
                Obj *name = LIST_ITEMS(sp)[ns - i], *pt = LIST_ITEMS(pp)[np - i];
                /* a lone '*' needs at least one character (pathlib's '.+') */
                if (VAR_SIZE(name) == 0 && str_eq_cstr(pt, "*")) ok = 0;
                else ok = fnmatch_part(name, pt, casefold);
            }
            r = ok < 0 ? NULL : bool_from(ok);
        }
        DECREF(pparsed.tail);
    }
    XDECREF(pp);
    XDECREF(sp);
    return r;
}

static Obj *pp_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__reduce__", n, kw) < 0) return NULL;
    Obj *parts = pp_parts(self, NULL);
    Obj *r = parts ? tuple_pack(2, (Obj *)OBJ_TYPE(self), parts) : NULL;
    XDECREF(parts);
    return r;
}

/* ---- _PathParents ---------------------------------------------------------------- */

static Obj *parents_tuple(Obj *self) { return obj_getattr_str(self, "_parents"); }

static Obj *par_len(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__len__", n, kw) < 0) return NULL;
    Obj *t = parents_tuple(self);
    Obj *r = t ? int_from_i64(TUPLE_LEN(t)) : NULL;
    XDECREF(t);
    return r;
}

static Obj *par_getitem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__getitem__", n, kw) < 0) return NULL;
    Obj *t = parents_tuple(self);
    if (!t) return NULL;
    Obj *r = NULL;
    if (IS_TYPE(a[0], slice_type)) {
        r = obj_getitem(t, a[0]);
    } else {
        Ssize i = mh_as_ssize(a[0]);
        if (!(i == -1 && vm_err_occurred())) {
            Ssize len = TUPLE_LEN(t);
            if (i >= len || i < -len) {
                Obj *x = int_from_i64(i);
                if (x) vm_err_set_obj(&exc_IndexError, x);
                XDECREF(x);
            } else {
                r = INCREF(TUPLE_ITEMS(t)[i < 0 ? i + len : i]);
            }
        }
    }
    DECREF(t);
    return r;
}

static Obj *par_iter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__iter__", n, kw) < 0) return NULL;
    Obj *t = parents_tuple(self);
    Obj *r = t ? obj_getiter(t) : NULL;
    XDECREF(t);
    return r;
}

static Obj *par_contains(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__contains__", n, kw) < 0) return NULL;
    Obj *t = parents_tuple(self);
    int r = t ? obj_contains(t, a[0]) : -1;
    XDECREF(t);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *par_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__repr__", n, kw) < 0) return NULL;
    Obj *p = obj_getattr_str(self, "_path");
    Obj *r = p ? str_from_fmt("<%s.parents>", type_name(OBJ_TYPE(p))) : NULL;
    XDECREF(p);
    return r;
}

static const MethodDef parents_methods[] = {
    {"__len__", par_len, METH_FAST, NULL},
    {"__getitem__", par_getitem, METH_FAST, NULL},
    {"__iter__", par_iter, METH_FAST, NULL},
    {"__contains__", par_contains, METH_FAST, NULL},
    {"__repr__", par_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Path: the file system ------------------------------------------------------ */

/* MODULE.FN(self, *extra, **kw): extra holds nextra positional values
 * followed by the keyword values named by kw (at most 7 in all). */
static Obj *os_on(const char *module, const char *fn, Obj *self, Obj *const *extra, Ssize nextra, Obj *kw)
{
    Obj *v[8];
    Ssize all = nextra + mh_nkw(kw);
    if (all > 7) {
        vm_err_format(&exc_TypeError, "%s() takes too many arguments", fn);
        return NULL;
    }
    v[0] = self;
    for (Ssize i = 0; i < all; i++) v[i + 1] = extra[i];
    return fs_call(module, fn, v, nextra + 1, kw);
}

static Obj *p_cwd(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("cwd", n, kw) < 0) return NULL;
    Obj *s = fs_call("os", "getcwd", NULL, 0, NULL);
    Obj *r = s ? obj_call(cls, &s, 1, NULL) : NULL;
    XDECREF(s);
    return r;
}

static Obj *p_home(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("home", n, kw) < 0) return NULL;
    Obj *t = str_from_cstr("~");
    Obj *s = t ? fs_call("os.path", "expanduser", &t, 1, NULL) : NULL;
    XDECREF(t);
    Obj *r = s ? obj_call(cls, &s, 1, NULL) : NULL;
    XDECREF(s);
    return r;
}

static Obj *p_absolute(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("absolute", n, kw) < 0) return NULL;
    Obj *abs = pp_is_absolute(self, NULL, 0, NULL);
    if (!abs) return NULL;
    DECREF(abs);
    if (abs == TRUE_) return INCREF(self);
    Obj *cwd = fs_call("os", "getcwd", NULL, 0, NULL);
    if (!cwd) return NULL;
    Obj *v[2] = {cwd, self};
    Obj *r = with_segments(self, v, 2);
    DECREF(cwd);
    return r;
}

static Obj *p_resolve(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"strict"};
    Obj *v[1];
    if (mh_bind_m("Path.resolve", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *strict = v[0] ? v[0] : FALSE_;
    Obj *kwn = tuple_pack(1, id_str("strict"));
    Obj *args[2] = {self, strict};
    Obj *s = kwn ? fs_call("os.path", "realpath", args, 1, kwn) : NULL;
    XDECREF(kwn);
    return with_text(self, s);
}

static Obj *p_stat(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (n) {
        vm_err_format(&exc_TypeError, "Path.stat() takes 1 positional argument but %zd were given", n + 1);
        return NULL;
    }
    return os_on("os", "stat", self, a, 0, kw);
}

static Obj *p_lstat(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("lstat", n, kw) < 0) return NULL;
    return os_on("os", "lstat", self, NULL, 0, NULL);
}

/* exists / is_dir / is_file / is_symlink through stat; a missing file
 * (or a name that is not a directory on the way) is False. */
static Obj *p_test(Obj *self, Obj *const *a, Ssize n, Obj *kw, const char *fname, mode_t fmt, bool lstat_)
{
    Obj *follow = mu_kwarg(a, n, kw, "follow_symlinks");
    if (n || mh_nkw(kw) > (follow ? 1 : 0)) {
        vm_err_format(&exc_TypeError, "Path.%s() takes 1 positional argument but %zd were given", fname, n + 1);
        return NULL;
    }
    int f = follow ? obj_is_true(follow) : 1;
    if (f < 0) return NULL;
    Obj *st = os_on("os", lstat_ || !f ? "lstat" : "stat", self, NULL, 0, NULL);
    if (!st) {
        if (vm_err_matches(&exc_OSError) || vm_err_matches(&exc_ValueError)) {
            vm_err_clear();
            return bool_from(false);
        }
        return NULL;
    }
    int64_t mode = 0;
    int rc = int_as_i64(TUPLE_ITEMS(st)[0], &mode);
    DECREF(st);
    if (rc < 0) return NULL;
    return bool_from(fmt == 0 || ((mode_t)mode & S_IFMT) == fmt);
}

static Obj *p_exists(Obj *s, Obj *const *a, Ssize n, Obj *k) { return p_test(s, a, n, k, "exists", 0, false); }
static Obj *p_is_dir(Obj *s, Obj *const *a, Ssize n, Obj *k) { return p_test(s, a, n, k, "is_dir", S_IFDIR, false); }
static Obj *p_is_file(Obj *s, Obj *const *a, Ssize n, Obj *k) { return p_test(s, a, n, k, "is_file", S_IFREG, false); }
static Obj *p_is_symlink(Obj *s, Obj *const *a, Ssize n, Obj *k) { return p_test(s, a, n, k, "is_symlink", S_IFLNK, true); }
static Obj *p_is_fifo(Obj *s, Obj *const *a, Ssize n, Obj *k) { return p_test(s, a, n, k, "is_fifo", S_IFIFO, false); }
static Obj *p_is_socket(Obj *s, Obj *const *a, Ssize n, Obj *k) { return p_test(s, a, n, k, "is_socket", S_IFSOCK, false); }

static Obj *p_samefile(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("samefile", n, kw) < 0) return NULL;
    return os_on("os.path", "samefile", self, a, 1, NULL);
}

static Obj *p_open(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Obj **v = xmalloc(sizeof(Obj *) * (size_t)(n + mh_nkw(kw) + 1));
    v[0] = self;
    memcpy(v + 1, a, sizeof(Obj *) * (size_t)(n + mh_nkw(kw)));
    Obj *r = io_open(v, n + 1, kw);
    free(v);
    return r;
}

/* open(self, mode, encoding=, errors=, newline=) then read() or write(data). */
static Obj *file_io(Obj *self, const char *mode, Obj *enc, Obj *errors, Obj *newline, Obj *data)
{
    Obj *m = str_from_cstr(mode);
    Obj *v[5] = {self, m, enc ? enc : NONE, errors ? errors : NONE, newline ? newline : NONE};
    Obj *kwn = m ? tuple_pack(3, id_str("encoding"), id_str("errors"), id_str("newline")) : NULL;
    Obj *f = kwn ? io_open(v, 2, kwn) : NULL;
    XDECREF(kwn);
    XDECREF(m);
    if (!f) return NULL;
    Obj *r = data ? obj_call_method(f, "write", &data, 1) : obj_call_method(f, "read", NULL, 0);
    Obj *c = obj_call_method(f, "close", NULL, 0);
    DECREF(f);
    if (!c) CLEAR(r);
    XDECREF(c);
    return r;
}

static Obj *p_read_text(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"encoding", "errors"};
    Obj *v[2];
    if (mh_bind_m("Path.read_text", a, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    return file_io(self, "r", v[0], v[1], NULL, NULL);
}

static Obj *p_read_bytes(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("read_bytes", n, kw) < 0) return NULL;
    return file_io(self, "rb", NULL, NULL, NULL, NULL);
}

static Obj *p_write_text(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"data", "encoding", "errors", "newline"};
    Obj *v[4];
    if (mh_bind_m("Path.write_text", a, n, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "data must be str, not %s", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    return file_io(self, "w", v[1], v[2], v[3], v[0]);
}

static Obj *p_write_bytes(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"data"};
    Obj *v[1];
    if (mh_bind_m("Path.write_bytes", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *view = obj_call((Obj *)&memoryview_type, v, 1, NULL);
    if (!view) return NULL;
    Obj *r = file_io(self, "wb", NULL, NULL, NULL, view);
    DECREF(view);
    return r;
}

/* pathlib's _make_child_relpath */
static Obj *child_path(Obj *self, Obj *name)
{
    Obj *s = pstr(self);
    if (!s) return NULL;
    Ssize n, nn;
    const char *t = str_utf8_lossy(s, &n);
    const char *nm = str_utf8_lossy(name, &nn);
    SBuf b = SBUF_INIT;
    if (!(n == 1 && t[0] == '.')) {
        sbuf_put(&b, t, (size_t)n);
        if (t[n - 1] != '/') sbuf_putc(&b, '/');
    }
    sbuf_put(&b, nm, (size_t)nn);
    DECREF(s);
    Obj *r = with_text(self, str_from_utf8(b.data, (Ssize)b.len));
    sbuf_free(&b);
    return r;
}

static Obj *p_iterdir(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("iterdir", n, kw) < 0) return NULL;
    Obj *names = os_on("os", "listdir", self, NULL, 0, NULL);
    if (!names) return NULL;
    for (Ssize i = 0; i < LIST_LEN(names); i++) {
        Obj *c = child_path(self, LIST_ITEMS(names)[i]);
        if (!c) {
            DECREF(names);
            return NULL;
        }
        obj_setref(&LIST_ITEMS(names)[i], c);
    }
    Obj *it = obj_getiter(names);
    DECREF(names);
    return it;
}

/* ---- glob ------------------------------------------------------------------------ */

/* The entries of directory `dir` in readdir order: names, and whether each
 * is a directory (following links when follow).  NULL: not readable. */
static Obj *scan_dir(Obj *dir, bool follow, Obj **isdir)
{
    Obj *s = pstr(dir);
    if (!s) return NULL;
    Ssize n;
    const char *path = str_utf8_lossy(s, &n);
    DIR *d = opendir(path);
    Obj *names = d ? list_new(0) : NULL;
    *isdir = names ? list_new(0) : NULL;
    struct dirent *e;
    while (*isdir && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        bool dirp = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN || (follow && e->d_type == DT_LNK)) {
            SBuf b = SBUF_INIT;
            struct stat st;
            sbuf_printf(&b, "%s/%s", path, e->d_name);
            dirp = (follow ? stat(b.data, &st) : lstat(b.data, &st)) == 0 && S_ISDIR(st.st_mode);
            sbuf_free(&b);
        }
        Obj *nm = str_from_utf8(e->d_name, (Ssize)strlen(e->d_name));
        if (!nm || list_append(names, nm) < 0 || list_append(*isdir, dirp ? TRUE_ : FALSE_) < 0) {
            CLEAR(names);
            CLEAR(*isdir);
        }
        XDECREF(nm);
    }
    if (d) closedir(d);
    DECREF(s);
    if (!*isdir) CLEAR(names);
    return names;
}

typedef struct Glob {
    Obj *parts;     /* list of pattern components; "" terminates (trailing '/') */
    Obj *out;       /* results */
    Obj *seen;      /* set for patterns with several '**', else NULL */
    bool casefold;
} Glob;

static int glob_select(Glob *g, Ssize i, Obj *path);

/* '**': path itself, then every directory below it (walk order: each
 * directory's subdirectories listed, then the first of them walked). */
static int glob_recursive(Glob *g, Ssize next, Obj *path)
{
    Obj *stack = list_new(0);
    if (!stack || list_append(stack, path) < 0 || glob_select(g, next, path) < 0) {
        XDECREF(stack);
        return -1;
    }
    int rc = 0;
    while (rc == 0 && LIST_LEN(stack)) {
        Ssize last = LIST_LEN(stack) - 1;
        Obj *dir = INCREF(LIST_ITEMS(stack)[last]);
        rc = list_set_slice(stack, last, last + 1, NULL);
        Obj *isdir = NULL;
        Obj *names = rc == 0 ? scan_dir(dir, false, &isdir) : NULL;
        Obj *subs = names ? list_new(0) : NULL;
        for (Ssize k = 0; rc == 0 && subs && k < LIST_LEN(names); k++) {
            if (LIST_ITEMS(isdir)[k] != TRUE_) continue;
            Obj *c = child_path(dir, LIST_ITEMS(names)[k]);
            rc = c && list_append(subs, c) == 0 && glob_select(g, next, c) == 0 ? 0 : -1;
            XDECREF(c);
        }
        for (Ssize k = subs ? LIST_LEN(subs) - 1 : -1; rc == 0 && k >= 0; k--)
            rc = list_append(stack, LIST_ITEMS(subs)[k]);
        if (names && !subs) rc = -1;
        XDECREF(subs);
        XDECREF(names);
        XDECREF(isdir);
        DECREF(dir);
    }
    DECREF(stack);
    return rc;
}

static int glob_select(Glob *g, Ssize i, Obj *path)
{
    if (i == LIST_LEN(g->parts) || VAR_SIZE(LIST_ITEMS(g->parts)[i]) == 0) {
        if (g->seen) {
            int r = set_contains(g->seen, path);
            if (r) return r < 0 ? -1 : 0;
            if (set_add(g->seen, path) < 0) return -1;
        }
        return list_append(g->out, path);
    }
    Obj *pat = LIST_ITEMS(g->parts)[i];
    if (str_eq_cstr(pat, "**")) {
        Ssize next = i + 1;
        while (next < LIST_LEN(g->parts) && str_eq_cstr(LIST_ITEMS(g->parts)[next], "**")) next++;
        return glob_recursive(g, next, path);
    }
    if (str_eq_cstr(pat, "..")) {
        Obj *c = child_path(path, pat);
        int r = c ? glob_select(g, i + 1, c) : -1;
        XDECREF(c);
        return r;
    }
    bool dironly = i + 1 < LIST_LEN(g->parts);
    Obj *isdir = NULL;
    Obj *names = scan_dir(path, true, &isdir);
    if (!names) return vm_err_occurred() ? -1 : 0;
    int rc = 0;
    for (Ssize k = 0; rc == 0 && k < LIST_LEN(names); k++) {
        if (dironly && LIST_ITEMS(isdir)[k] != TRUE_) continue;
        int m = fnmatch_part(LIST_ITEMS(names)[k], pat, g->casefold);
        if (m <= 0) {
            rc = m;
            continue;
        }
        Obj *c = child_path(path, LIST_ITEMS(names)[k]);
        rc = c ? glob_select(g, i + 1, c) : -1;
        XDECREF(c);
    }
    DECREF(names);
    DECREF(isdir);
    return rc;
}

static Obj *glob_run(Obj *self, Obj *const *a, Ssize n, Obj *kw, bool recursive)
{
    const char *fname = recursive ? "rglob" : "glob";
    Glob g = {NULL, NULL, NULL, false};
    if (n != 1) {
        vm_err_format(&exc_TypeError, "Path.%s() missing 1 required positional argument: 'pattern'", fname);
        return NULL;
    }
    if (case_sensitive_kw(a, n, kw, &g.casefold) < 0) return NULL;
    Obj *pattern = a[0];
    Obj *text = segment_text(pattern);
    if (!text) return NULL;
    Ssize len;
    const char *s = str_utf8_lossy(text, &len);
    if (!recursive && len == 0) {
        vm_err_format(&exc_ValueError, "Unacceptable pattern: %R", pattern);
        DECREF(text);
        return NULL;
    }
    Parsed p;
    if (parse_text(s, len, &p) < 0) {
        DECREF(text);
        return NULL;
    }
    g.parts = p.tail;
    if (p.rootlen) {
        vm_err_set_str(&exc_NotImplementedError, "Non-relative patterns are unsupported");
        goto fail;
    }
    for (Ssize k = 0; k < LIST_LEN(g.parts); k++) {
        Ssize pl;
        const char *ps = str_utf8_lossy(LIST_ITEMS(g.parts)[k], &pl);
        if (!(pl == 2 && !memcmp(ps, "**", 2)) && strstr(ps, "**")) {
            vm_err_set_str(&exc_ValueError, "Invalid pattern: '**' can only be an entire path component");
            goto fail;
        }
    }
    Obj *empty = str_from_cstr("");
    if (!empty) goto fail;
    if (len > 0 && s[len - 1] == '/' && list_append(g.parts, empty) < 0) {
        DECREF(empty);
        goto fail;
    }
    DECREF(empty);
    if (recursive) {
        Obj *dd = str_from_cstr("**");
        if (!dd || list_insert(g.parts, 0, dd) < 0) {
            XDECREF(dd);
            goto fail;
        }
        DECREF(dd);
    }
    /* several '**' not next to each other: results de-duplicated */
    Ssize nrec = 0;
    for (Ssize k = 0; k < LIST_LEN(g.parts); k++)
        if (str_eq_cstr(LIST_ITEMS(g.parts)[k], "**") && (k == 0 || !str_eq_cstr(LIST_ITEMS(g.parts)[k - 1], "**")))
            nrec++;
    if (nrec > 1 && !(g.seen = set_new(NULL))) goto fail;
    g.out = list_new(0);
    if (!g.out) goto fail;
    Obj *isdir = p_test(self, NULL, 0, NULL, "is_dir", S_IFDIR, false);
    if (!isdir) goto fail;
    DECREF(isdir);
    if (isdir == TRUE_ && glob_select(&g, 0, self) < 0) goto fail;
    DECREF(text);
    DECREF(g.parts);
    XDECREF(g.seen);
    Obj *it = obj_getiter(g.out);
    DECREF(g.out);
    return it;
fail:
    DECREF(text);
    XDECREF(g.parts);
    XDECREF(g.out);
    XDECREF(g.seen);
    return NULL;
}

static Obj *p_glob(Obj *s, Obj *const *a, Ssize n, Obj *k) { return glob_run(s, a, n, k, false); }
static Obj *p_rglob(Obj *s, Obj *const *a, Ssize n, Obj *k) { return glob_run(s, a, n, k, true); }

/* Path.walk: os.walk's triples with the directory as a path.  Computed
 * up front (pruning `dirs` top-down is honoured through os.walk itself
 * only when the caller consumes lazily, which this does not offer). */
static Obj *p_walk(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"top_down", "on_error", "follow_symlinks"};
    Obj *v[3];
    if (mh_bind_m("Path.walk", a, n, kw, names, 3, 3, 0, 0, 0, v) < 0) return NULL;
    Obj *args[4] = {self, v[0] ? v[0] : TRUE_, v[1] ? v[1] : NONE, v[2] ? v[2] : FALSE_};
    Obj *walk = fs_call("os", "walk", args, 4, NULL);
    if (!walk) return NULL;
    Obj *out = list_new(0);
    Obj *t;
    while (out && (t = obj_iternext(walk))) {
        Obj *p = with_segments(self, &TUPLE_ITEMS(t)[0], 1);
        Obj *x = p ? tuple_pack(3, p, TUPLE_ITEMS(t)[1], TUPLE_ITEMS(t)[2]) : NULL;
        if (!x || list_append(out, x) < 0) CLEAR(out);
        XDECREF(x);
        XDECREF(p);
        DECREF(t);
    }
    DECREF(walk);
    if (out && vm_err_occurred()) CLEAR(out);
    Obj *it = out ? obj_getiter(out) : NULL;
    XDECREF(out);
    return it;
}

/* ---- Path: changing the file system -------------------------------------------- */

static Obj *p_mkdir(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"mode", "parents", "exist_ok"};
    Obj *v[3];
    if (mh_bind_m("Path.mkdir", a, n, kw, names, 3, 3, 0, 0, 0, v) < 0) return NULL;
    int parents = v[1] ? obj_is_true(v[1]) : 0, exist_ok = v[2] ? obj_is_true(v[2]) : 0;
    if (parents < 0 || exist_ok < 0) return NULL;
    Obj *mode = v[0] ? INCREF(v[0]) : int_from_i64(0777);
    if (!mode) return NULL;
    Obj *r = os_on("os", "mkdir", self, &mode, 1, NULL);
    if (!r && vm_err_matches(&exc_FileNotFoundError) && parents) {
        /* make the parents (no exception may stay pending meanwhile) */
        Obj *e = vm_err_fetch();
        Obj *parent = pp_parent(self, NULL);
        int same = parent ? obj_richcompare_bool(parent, self, CMP_EQ) : -1;
        if (same == 0) {
            Obj *kwv[2] = {TRUE_, TRUE_};
            Obj *kwn = tuple_pack(2, id_str("parents"), id_str("exist_ok"));
            Obj *pr = kwn ? p_mkdir(parent, kwv, 0, kwn) : NULL;
            XDECREF(kwn);
            if (pr) {
                DECREF(pr);
                Obj *kw2 = tuple_pack(1, id_str("exist_ok"));
                Obj *args2[2] = {mode, exist_ok ? TRUE_ : FALSE_};
                r = kw2 ? p_mkdir(self, args2, 1, kw2) : NULL;
                XDECREF(kw2);
            }
            DECREF(e);
        } else if (same > 0) {
            vm_err_restore(e);
        } else {
            DECREF(e);
        }
        XDECREF(parent);
    } else if (!r && vm_err_matches(&exc_OSError) && exist_ok) {
        Obj *e = vm_err_fetch();
        Obj *d = p_test(self, NULL, 0, NULL, "is_dir", S_IFDIR, false);
        if (d == TRUE_) {
            r = INCREF(NONE);
            DECREF(e);
        } else {
            vm_err_restore(e);
        }
        XDECREF(d);
    }
    DECREF(mode);
    return r;
}

static Obj *p_touch(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"mode", "exist_ok"};
    Obj *v[2];
    if (mh_bind_m("Path.touch", a, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    int exist_ok = v[1] ? obj_is_true(v[1]) : 1;
    if (exist_ok < 0) return NULL;
    if (exist_ok) {
        Obj *r = os_on("os", "utime", self, NULL, 0, NULL);
        if (r) return r;
        if (!vm_err_matches(&exc_OSError)) return NULL;
        vm_err_clear();
    }
    Obj *flags = int_from_i64(O_CREAT | O_WRONLY | (exist_ok ? 0 : O_EXCL));
    Obj *mode = v[0] ? INCREF(v[0]) : int_from_i64(0666);
    Obj *args[2] = {flags, mode};
    Obj *fd = flags && mode ? os_on("os", "open", self, args, 2, NULL) : NULL;
    XDECREF(flags);
    XDECREF(mode);
    if (!fd) return NULL;
    Obj *r = fs_call("os", "close", &fd, 1, NULL);
    DECREF(fd);
    return r;
}

static Obj *p_unlink(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"missing_ok"};
    Obj *v[1];
    if (mh_bind_m("Path.unlink", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    int missing_ok = v[0] ? obj_is_true(v[0]) : 0;
    if (missing_ok < 0) return NULL;
    Obj *r = os_on("os", "unlink", self, NULL, 0, NULL);
    if (!r && missing_ok && vm_err_matches(&exc_FileNotFoundError)) {
        vm_err_clear();
        r = INCREF(NONE);
    }
    return r;
}

static Obj *p_rmdir(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("rmdir", n, kw) < 0) return NULL;
    return os_on("os", "rmdir", self, NULL, 0, NULL);
}

static Obj *move_to(Obj *self, Obj *const *a, Ssize n, Obj *kw, const char *fname)
{
    if (mh_one_arg(fname, n, kw) < 0) return NULL;
    Obj *r = os_on("os", fname, self, a, 1, NULL);
    if (!r) return NULL;
    DECREF(r);
    return with_segments(self, a, 1);
}

static Obj *p_rename(Obj *s, Obj *const *a, Ssize n, Obj *k) { return move_to(s, a, n, k, "rename"); }
static Obj *p_replace(Obj *s, Obj *const *a, Ssize n, Obj *k) { return move_to(s, a, n, k, "replace"); }

static Obj *p_chmod(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("chmod", n, kw) < 0) return NULL;
    return os_on("os", "chmod", self, a, 1, NULL);
}

static Obj *p_symlink_to(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (n < 1 || n > 2 || mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "Path.symlink_to() missing 1 required positional argument: 'target'");
        return NULL;
    }
    Obj *v[2] = {a[0], self};
    return fs_call("os", "symlink", v, 2, NULL);
}

static Obj *p_hardlink_to(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("hardlink_to", n, kw) < 0) return NULL;
    Obj *v[2] = {a[0], self};
    return fs_call("os", "link", v, 2, NULL);
}

static Obj *p_readlink(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("readlink", n, kw) < 0) return NULL;
    return with_text(self, os_on("os", "readlink", self, NULL, 0, NULL));
}

static Obj *p_expanduser(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("expanduser", n, kw) < 0) return NULL;
    Parsed p;
    if (parse_self(self, &p) < 0) return NULL;
    Obj *r = NULL;
    if (p.rootlen || !LIST_LEN(p.tail) || str_char(LIST_ITEMS(p.tail)[0], 0) != '~') {
        r = INCREF(self);
    } else {
        Obj *home = fs_call("os.path", "expanduser", &LIST_ITEMS(p.tail)[0], 1, NULL);
        if (home && VAR_SIZE(home) > 0 && str_char(home, 0) == '~') {
            vm_err_set_str(&exc_RuntimeError, "Could not determine home directory.");
        } else if (home) {
            Obj *rest = list_slice(p.tail, 1, LIST_LEN(p.tail));
            Obj *more = rest ? list_as_tuple(rest) : NULL;
            Obj *v[2] = {home, NULL};
            Obj *first = more ? with_segments(self, v, 1) : NULL;
            if (first) {
                Obj *args = tuple_new(0);
                r = args ? pp_joinpath(first, TUPLE_ITEMS(more), TUPLE_LEN(more), NULL) : NULL;
                XDECREF(args);
                DECREF(first);
            }
            XDECREF(rest);
            XDECREF(more);
        }
        XDECREF(home);
    }
    DECREF(p.tail);
    return r;
}

static Obj *p_owner(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    vm_err_set_str(&exc_NotImplementedError, "Path.owner() is unsupported on this system");
    return NULL;
}

/* ---- the classes ----------------------------------------------------------------- */

#define GS(name, fn, which) {name, fn, NULL, NULL, (void *)(intptr_t)(which)}
static const GetSetDef purepath_getset[] = {
    GS("drive", component, C_DRIVE), GS("root", component, C_ROOT),
    GS("anchor", component, C_ANCHOR), GS("name", component, C_NAME),
    GS("suffix", component, C_SUFFIX), GS("stem", component, C_STEM),
    GS("suffixes", pp_suffixes, 0), GS("parts", pp_parts, 0),
    GS("parent", pp_parent, 0), GS("parents", pp_parents, 0),
    {NULL, NULL, NULL, NULL, NULL},
};
#undef GS

static const MethodDef purepath_methods[] = {
    {"__new__", purepath_new, METH_STATIC, NULL},
    {"__init__", purepath_init, METH_FAST, NULL},
    {"__str__", pp_str, METH_FAST, NULL},
    {"__fspath__", pp_str, METH_FAST, NULL},
    {"as_posix", pp_str, METH_FAST, NULL},
    {"__repr__", pp_repr, METH_FAST, NULL},
    {"__bytes__", pp_bytes, METH_FAST, NULL},
    {"as_uri", pp_as_uri, METH_FAST, NULL},
    {"__eq__", pp_eq, METH_FAST, NULL},
    {"__hash__", pp_hash, METH_FAST, NULL},
    {"__lt__", pp_lt, METH_FAST, NULL},
    {"__le__", pp_le, METH_FAST, NULL},
    {"__gt__", pp_gt, METH_FAST, NULL},
    {"__ge__", pp_ge, METH_FAST, NULL},
    {"__reduce__", pp_reduce, METH_FAST, NULL},
    {"__truediv__", pp_truediv, METH_FAST, NULL},
    {"__rtruediv__", pp_rtruediv, METH_FAST, NULL},
    {"joinpath", pp_joinpath, METH_FAST, NULL},
    {"with_segments", pp_joinpath, METH_FAST, NULL},
    {"with_name", pp_with_name, METH_FAST, NULL},
    {"with_stem", pp_with_stem, METH_FAST, NULL},
    {"with_suffix", pp_with_suffix, METH_FAST, NULL},
    {"relative_to", pp_relative_to, METH_FAST, NULL},
    {"is_relative_to", pp_is_relative_to, METH_FAST, NULL},
    {"is_absolute", pp_is_absolute, METH_FAST, NULL},
    {"is_reserved", pp_is_reserved, METH_FAST, NULL},
    {"match", pp_match, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef path_methods[] = {
    {"__new__", path_new, METH_STATIC, NULL},
    {"cwd", p_cwd, METH_CLASS, NULL},
    {"home", p_home, METH_CLASS, NULL},
    {"absolute", p_absolute, METH_FAST, NULL},
    {"resolve", p_resolve, METH_FAST, NULL},
    {"stat", p_stat, METH_FAST, NULL},
    {"lstat", p_lstat, METH_FAST, NULL},
    {"exists", p_exists, METH_FAST, NULL},
    {"is_dir", p_is_dir, METH_FAST, NULL},
    {"is_file", p_is_file, METH_FAST, NULL},
    {"is_symlink", p_is_symlink, METH_FAST, NULL},
    {"is_fifo", p_is_fifo, METH_FAST, NULL},
    {"is_socket", p_is_socket, METH_FAST, NULL},
    {"samefile", p_samefile, METH_FAST, NULL},
    {"open", p_open, METH_FAST, NULL},
    {"read_text", p_read_text, METH_FAST, NULL},
    {"read_bytes", p_read_bytes, METH_FAST, NULL},
    {"write_text", p_write_text, METH_FAST, NULL},
    {"write_bytes", p_write_bytes, METH_FAST, NULL},
    {"iterdir", p_iterdir, METH_FAST, NULL},
    {"glob", p_glob, METH_FAST, NULL},
    {"rglob", p_rglob, METH_FAST, NULL},
    {"walk", p_walk, METH_FAST, NULL},
    {"mkdir", p_mkdir, METH_FAST, NULL},
    {"touch", p_touch, METH_FAST, NULL},
    {"unlink", p_unlink, METH_FAST, NULL},
    {"rmdir", p_rmdir, METH_FAST, NULL},
    {"rename", p_rename, METH_FAST, NULL},
    {"replace", p_replace, METH_FAST, NULL},
    {"chmod", p_chmod, METH_FAST, NULL},
    {"symlink_to", p_symlink_to, METH_FAST, NULL},
    {"hardlink_to", p_hardlink_to, METH_FAST, NULL},
    {"readlink", p_readlink, METH_FAST, NULL},
    {"expanduser", p_expanduser, METH_FAST, NULL},
    {"owner", p_owner, METH_FAST, NULL},
    {"group", p_owner, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *bases1(Obj *a) { return tuple_pack(1, a); }

static Obj *pathlib_init(void)
{
    Obj *m = mh_module("pathlib", NULL);
    if (!m) return NULL;
    if (!purepath_cls) {
        purepath_cls = mh_class("pathlib", "PurePath", NULL, purepath_methods, purepath_getset, NULL);
        Obj *b = purepath_cls ? bases1(purepath_cls) : NULL;
        pureposix_cls = b ? mh_class("pathlib", "PurePosixPath", b, NULL, NULL, NULL) : NULL;
        path_cls = pureposix_cls ? mh_class("pathlib", "Path", b, path_methods, NULL, NULL) : NULL;
        XDECREF(b);
        b = path_cls ? tuple_pack(2, path_cls, pureposix_cls) : NULL;
        posixpath_cls = b ? mh_class("pathlib", "PosixPath", b, NULL, NULL, NULL) : NULL;
        XDECREF(b);
        parents_cls = posixpath_cls ? mh_class("pathlib", "_PathParents", NULL, parents_methods, NULL, NULL) : NULL;
        if (!parents_cls) {
            DECREF(m);
            return NULL;
        }
    }
    if (mh_add_obj(m, "PurePath", purepath_cls) < 0 || mh_add_obj(m, "PurePosixPath", pureposix_cls) < 0 ||
        mh_add_obj(m, "Path", path_cls) < 0 || mh_add_obj(m, "PosixPath", posixpath_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_pathlib_register(void)
{
    vm_static_roots(classes, sizeof classes / sizeof classes[0]);
    import_register_native("pathlib", pathlib_init);
}
