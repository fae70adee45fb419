/* mod_filecmp.c — `filecmp` of CPython 3.12: cmp (shallow: equal
 * (type, size, mtime) signatures are enough; else the bytes are
 * compared, and the outcome cached by both signatures, as filecmp.py
 * does), cmpfiles, clear_cache, BUFSIZE and DEFAULT_IGNORES.  The dircmp
 * class is left out.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "src/native/modhelp.h"
#include "src/native/osint.h"

static Obj *cache;   /* (f1, f2, sig1, sig2) -> bool */

/* (S_IFMT(mode), size, mtime) of os.stat(f) */
static Obj *signature(Obj *f)
{
    Obj *st = fs_call("os", "stat", &f, 1, NULL);
    if (!st) return NULL;
    int64_t mode;
    Obj *fmt = int_as_i64(TUPLE_ITEMS(st)[0], &mode) == 0 ? int_from_i64(mode & S_IFMT) : NULL;
    Obj *mtime = fmt ? obj_getattr_str(st, "st_mtime") : NULL;
    Obj *r = mtime ? tuple_pack(3, fmt, TUPLE_ITEMS(st)[6], mtime) : NULL;
    XDECREF(fmt);
    XDECREF(mtime);
    DECREF(st);
    return r;
}

/* byte-for-byte comparison; -1 with OSError */
static int same_bytes(Obj *f1, Obj *f2)
{
    Obj *s1 = fs_call("os", "fspath", &f1, 1, NULL), *s2 = s1 ? fs_call("os", "fspath", &f2, 1, NULL) : NULL;
    if (!s2) {
        XDECREF(s1);
        return -1;
    }
    Ssize n;
    FILE *a = fopen(str_utf8_lossy(s1, &n), "rb");
    FILE *b = a ? fopen(str_utf8_lossy(s2, &n), "rb") : NULL;
    int r = -1;
    if (!a || !b) {
        os_raise_errno(errno, a ? s2 : s1);
    } else {
        char ba[8192], bb[8192];
        for (;;) {
            size_t x = fread(ba, 1, sizeof ba, a), y = fread(bb, 1, sizeof bb, b);
            if (x != y || memcmp(ba, bb, x)) {
                r = 0;
                break;
            }
            if (!x) {
                r = 1;
                break;
            }
        }
    }
    if (a) fclose(a);
    if (b) fclose(b);
    DECREF(s1);
    DECREF(s2);
    return r;
}

static int cmp_files(Obj *f1, Obj *f2, int shallow)
{
    Obj *a = signature(f1), *b = a ? signature(f2) : NULL;
    int r = -1;
    if (!b) goto out;
    int64_t t1, t2;
    if (int_as_i64(TUPLE_ITEMS(a)[0], &t1) < 0 || int_as_i64(TUPLE_ITEMS(b)[0], &t2) < 0) goto out;
    if (t1 != S_IFREG || t2 != S_IFREG) {
        r = 0;
        goto out;
    }
    if (shallow) {
        r = obj_richcompare_bool(a, b, CMP_EQ);
        if (r != 0) goto out;
    }
    r = obj_richcompare_bool(TUPLE_ITEMS(a)[1], TUPLE_ITEMS(b)[1], CMP_EQ);
    if (r <= 0) goto out;
    Obj *key = tuple_pack(4, f1, f2, a, b);
    Obj *hit = key ? dict_get_borrow(cache, key) : NULL;
    if (hit) {
        r = hit == TRUE_;
    } else if (key && !vm_err_occurred()) {
        r = same_bytes(f1, f2);
        if (r >= 0 && dict_set(cache, key, r ? TRUE_ : FALSE_) < 0) r = -1;
    } else {
        r = -1;
    }
    XDECREF(key);
out:
    XDECREF(a);
    XDECREF(b);
    return r;
}

static Obj *fc_cmp(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"f1", "f2", "shallow"};
    Obj *v[3];
    if (mh_bind("cmp", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    int shallow = v[2] ? obj_is_true(v[2]) : 1;
    int r = shallow < 0 ? -1 : cmp_files(v[0], v[1], shallow);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *fc_cmpfiles(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"a", "b", "common", "shallow"};
    Obj *v[4];
    if (mh_bind("cmpfiles", args, nargs, kw, names, 4, 4, 0, 3, 0, v) < 0) return NULL;
    int shallow = v[3] ? obj_is_true(v[3]) : 1;
    if (shallow < 0) return NULL;
    Obj *res[3] = {list_new(0), list_new(0), list_new(0)};
    Obj *it = res[2] ? obj_getiter(v[2]) : NULL;
    Obj *x, *r = NULL;
    while (it && (x = obj_iternext(it))) {
        Obj *ja[2] = {v[0], x}, *jb[2] = {v[1], x};
        Obj *ax = fs_call("os.path", "join", ja, 2, NULL), *bx = ax ? fs_call("os.path", "join", jb, 2, NULL) : NULL;
        int c = bx ? cmp_files(ax, bx, shallow) : -1;
        if (c < 0 && vm_err_matches(&exc_OSError)) {
            vm_err_clear();
            c = 2;
        }
        int rc = c < 0 ? -1 : list_append(res[c == 1 ? 0 : c == 0 ? 1 : 2], x);
        XDECREF(ax);
        XDECREF(bx);
        DECREF(x);
        if (rc < 0) goto done;
    }
    if (it && !vm_err_occurred()) r = tuple_pack(3, res[0], res[1], res[2]);
done:
    XDECREF(it);
    for (int i = 0; i < 3; i++) XDECREF(res[i]);
    return r;
}

static Obj *fc_clear_cache(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args;
    if (mh_no_args("clear_cache", nargs, kw) < 0) return NULL;
    dict_clear(cache);
    return INCREF(NONE);
}

static const MethodDef filecmp_functions[] = {
    {"cmp", fc_cmp, METH_FAST, NULL},
    {"cmpfiles", fc_cmpfiles, METH_FAST, NULL},
    {"clear_cache", fc_clear_cache, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *filecmp_init(void)
{
    if (!cache && !(cache = dict_new())) return NULL;
    Obj *m = mh_module("filecmp", filecmp_functions);
    if (!m) return NULL;
    static const char *const ignores[] = {"RCS", "CVS", "tags", ".git", ".hg", ".bzr", "_darcs", "__pycache__"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof ignores / sizeof ignores[0]; i++) {
        Obj *s = str_from_cstr(ignores[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (module_add(m, "DEFAULT_IGNORES", l) < 0 || module_add(m, "BUFSIZE", int_from_i64(8 * 1024)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_filecmp_register(void)
{
    vm_static_roots(&cache, 1);
    import_register_native("filecmp", filecmp_init);
}
