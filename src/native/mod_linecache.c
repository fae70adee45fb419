/* mod_linecache.c — `linecache` of CPython 3.12: getline, getlines,
 * updatecache, checkcache, clearcache and the `cache` dict (filename ->
 * (size, mtime, lines, fullname)).  A relative name not found as given is
 * looked for along sys.path, as linecache does; source is read as UTF-8
 * and a missing final newline is added.  Unreadable files give [] / ''.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/native/modhelp.h"
#include "src/native/osint.h"

static Obj *module_cache(void)
{
    Obj *m = import_name(id_str("linecache"), NULL, NULL, 0);
    Obj *c = m ? obj_getattr_str(m, "cache") : NULL;
    XDECREF(m);
    return c;
}

/* Read filename (or a sys.path entry joined with it): its lines, or NULL
 * with no exception when there is nothing readable. */
static Obj *read_lines(Obj *filename, Obj **fullname, struct stat *st)
{
    Ssize n;
    const char *f = str_utf8_lossy(filename, &n);
    char *path = NULL;
    if (stat(f, st) == 0) {
        path = xstrdup(f);
    } else if (f[0] != '/' && n > 0 && !(f[0] == '<' && f[n - 1] == '>')) {
        Obj *sp = sys_get_borrow("path");
        for (Ssize i = 0; sp && LIST_CHECK(sp) && i < LIST_LEN(sp) && !path; i++) {
            Obj *d = LIST_ITEMS(sp)[i];
            if (!STR_CHECK(d)) continue;
            Ssize dn;
            const char *ds = str_utf8_lossy(d, &dn);
            SBuf b = SBUF_INIT;
            sbuf_printf(&b, "%s/%s", ds, f);
            if (stat(b.data, st) == 0 && S_ISREG(st->st_mode)) path = xstrdup(b.data);
            sbuf_free(&b);
        }
    }
    if (!path) return NULL;
    FILE *fp = S_ISREG(st->st_mode) ? fopen(path, "rb") : NULL;
    if (!fp) {
        free(path);
        return NULL;
    }
    SBuf b = SBUF_INIT;
    char buf[8192];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0) sbuf_put(&b, buf, got);
    fclose(fp);
    if (b.len && b.data[b.len - 1] != '\n') sbuf_putc(&b, '\n');
    Obj *text = str_decode(b.data ? b.data : "", (Ssize)b.len, "utf-8", "replace");
    sbuf_free(&b);
    Obj *t = TRUE_;
    Obj *lines = text ? obj_call_method(text, "splitlines", &t, 1) : NULL;
    XDECREF(text);
    *fullname = lines ? str_from_cstr(path) : NULL;
    free(path);
    if (lines && !*fullname) CLEAR(lines);
    return lines;
}

static Obj *update_cache(Obj *filename)
{
    Obj *cache = module_cache();
    if (!cache) return NULL;
    if (DICT_CHECK(cache) && dict_contains(cache, filename) > 0) dict_del(cache, filename);
    struct stat st;
    Obj *full = NULL;
    if (!STR_CHECK(filename)) {
        /* linecache tests `not filename`, then calls filename.startswith */
        int t = obj_is_true(filename);
        DECREF(cache);
        if (t > 0)
            vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'startswith'",
                          type_name(OBJ_TYPE(filename)));
        return t ? NULL : list_new(0);
    }
    Obj *lines = VAR_SIZE(filename) ? read_lines(filename, &full, &st) : NULL;
    if (!lines) {
        DECREF(cache);
        return vm_err_occurred() ? NULL : list_new(0);
    }
    Obj *size = int_from_i64(st.st_size);
    Obj *mtime = float_from_double((double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec * 1e-9);
    Obj *entry = size && mtime ? tuple_pack(4, size, mtime, lines, full) : NULL;
    int rc = entry ? obj_setitem(cache, filename, entry) : -1;
    XDECREF(size);
    XDECREF(mtime);
    XDECREF(entry);
    XDECREF(full);
    DECREF(cache);
    if (rc < 0) CLEAR(lines);
    return lines;
}

static Obj *get_lines(Obj *filename)
{
    Obj *cache = module_cache();
    if (!cache) return NULL;
    Obj *e = DICT_CHECK(cache) ? dict_get_borrow(cache, filename) : NULL;
    if (e && TUPLE_CHECK(e) && TUPLE_LEN(e) >= 3) {
        Obj *l = INCREF(TUPLE_ITEMS(e)[2]);
        DECREF(cache);
        return l;
    }
    DECREF(cache);
    if (vm_err_occurred()) return NULL;
    return update_cache(filename);
}

static Obj *lc_getlines(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"filename", "module_globals"};
    Obj *v[2];
    if (mh_bind("getlines", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    return get_lines(v[0]);
}

static Obj *lc_getline(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"filename", "lineno", "module_globals"};
    Obj *v[3];
    if (mh_bind("getline", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *lines = get_lines(v[0]);
    if (!lines) return NULL;
    int64_t i;
    Obj *r = NULL;
    if (!INT_CHECK(v[1])) {
        vm_err_format(&exc_TypeError, "'<=' not supported between instances of 'int' and '%s'",
                      type_name(OBJ_TYPE(v[1])));
    } else if (int_as_i64(v[1], &i) == 0) {
        r = i >= 1 && i <= LIST_LEN(lines) ? INCREF(LIST_ITEMS(lines)[i - 1]) : str_from_cstr("");
    }
    DECREF(lines);
    return r;
}

static Obj *lc_updatecache(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"filename", "module_globals"};
    Obj *v[2];
    if (mh_bind("updatecache", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    return update_cache(v[0]);
}

static Obj *lc_clearcache(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("clearcache", nargs, kw) < 0) return NULL;
    Obj *cache = module_cache();
    if (!cache) return NULL;
    if (DICT_CHECK(cache)) dict_clear(cache);
    DECREF(cache);
    return INCREF(NONE);
}

/* checkcache(filename=None): drop entries whose file changed or vanished. */
static Obj *lc_checkcache(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"filename"};
    Obj *v[1];
    if (mh_bind("checkcache", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *cache = module_cache();
    if (!cache) return NULL;
    Obj *keys = DICT_CHECK(cache) ? dict_keys_list(cache) : list_new(0);
    for (Ssize i = 0; keys && i < LIST_LEN(keys); i++) {
        Obj *k = LIST_ITEMS(keys)[i];
        if (v[0] && v[0] != NONE && obj_richcompare_bool(k, v[0], CMP_EQ) <= 0) continue;
        Obj *e = dict_get_borrow(cache, k);
        if (!e || !TUPLE_CHECK(e) || TUPLE_LEN(e) != 4) continue;
        Ssize n;
        struct stat st;
        bool keep = STR_CHECK(TUPLE_ITEMS(e)[3]) && stat(str_utf8_lossy(TUPLE_ITEMS(e)[3], &n), &st) == 0;
        if (keep) {
            Obj *size = int_from_i64(st.st_size);
            Obj *mt = float_from_double((double)st.st_mtim.tv_sec + st.st_mtim.tv_nsec * 1e-9);
            keep = size && mt && obj_richcompare_bool(size, TUPLE_ITEMS(e)[0], CMP_EQ) > 0 &&
                   obj_richcompare_bool(mt, TUPLE_ITEMS(e)[1], CMP_EQ) > 0;
            XDECREF(size);
            XDECREF(mt);
        }
        if (!keep && dict_del(cache, k) < 0) CLEAR(keys);
    }
    DECREF(cache);
    if (!keys) return NULL;
    DECREF(keys);
    return INCREF(NONE);
}

static const MethodDef linecache_functions[] = {
    {"getline", lc_getline, METH_FAST, NULL},
    {"getlines", lc_getlines, METH_FAST, NULL},
    {"updatecache", lc_updatecache, METH_FAST, NULL},
    {"clearcache", lc_clearcache, METH_FAST, NULL},
    {"checkcache", lc_checkcache, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *linecache_init(void)
{
    Obj *m = mh_module("linecache", linecache_functions);
    if (m && module_add(m, "cache", dict_new()) < 0) CLEAR(m);
    return m;
}

void native_linecache_register(void)
{
    import_register_native("linecache", linecache_init);
}
