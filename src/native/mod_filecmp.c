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

static Obj *roots[2];
#define cache roots[0]        /* (f1, f2, sig1, sig2) -> bool */
#define dircmp_cls roots[1]

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


/* ---- dircmp ------------------------------------------------------------------------ */

static Obj *ga(Obj *o, const char *n) { return obj_getattr_str(o, n); }

static int sa_steal(Obj *o, const char *n, Obj *v)
{
    if (!v) return -1;
    int r = obj_setattr_str(o, n, v);
    DECREF(v);
    return r;
}

static Obj *dc_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"a", "b", "ignore", "hide"};
    Obj *v[4];
    if (mh_bind_m("dircmp.__init__", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    Obj *hide = v[3] && v[3] != NONE ? INCREF(v[3]) : NULL;
    if (!hide) {
        Obj *c = str_from_cstr("."), *p = str_from_cstr("..");
        hide = c && p ? list_new(0) : NULL;
        if (hide && (list_append(hide, c) < 0 || list_append(hide, p) < 0)) CLEAR(hide);
        XDECREF(c);
        XDECREF(p);
    }
    Obj *ignore = v[2] && v[2] != NONE ? INCREF(v[2]) : NULL;
    if (!ignore) {
        Obj *m = import_name(id_str("filecmp"), NULL, NULL, 0);
        ignore = m ? ga(m, "DEFAULT_IGNORES") : NULL;
        XDECREF(m);
    }
    if (obj_setattr_str(self, "left", v[0]) < 0 || obj_setattr_str(self, "right", v[1]) < 0 ||
        sa_steal(self, "hide", hide) < 0 || sa_steal(self, "ignore", ignore) < 0)
        return NULL;
    return INCREF(NONE);
}

/* phase0: sorted listings without hide + ignore */
static int dc_phase0(Obj *self)
{
    Obj *hide = ga(self, "hide"), *ignore = hide ? ga(self, "ignore") : NULL;
    Obj *skip = ignore ? num_binary(hide, ignore, NB_ADD) : NULL;
    XDECREF(hide);
    XDECREF(ignore);
    if (!skip) return -1;
    static const char *const sides[2][2] = {{"left", "left_list"}, {"right", "right_list"}};
    int rc = 0;
    for (int i = 0; rc == 0 && i < 2; i++) {
        Obj *d = ga(self, sides[i][0]);
        Obj *names = d ? fs_call("os", "listdir", &d, 1, NULL) : NULL;
        XDECREF(d);
        Obj *kept = names ? list_new(0) : NULL;
        for (Ssize k = 0; kept && k < LIST_LEN(names); k++) {
            int in = obj_contains(skip, LIST_ITEMS(names)[k]);
            if (in < 0 || (!in && list_append(kept, LIST_ITEMS(names)[k]) < 0)) CLEAR(kept);
        }
        XDECREF(names);
        rc = kept && list_sort(kept, NULL, false) == 0 ? sa_steal(self, sides[i][1], kept) : (XDECREF(kept), -1);
    }
    DECREF(skip);
    return rc;
}

/* phase1: common, left_only, right_only (in listing order) */
static int dc_phase1(Obj *self)
{
    Obj *a = ga(self, "left_list"), *b = a ? ga(self, "right_list") : NULL;
    Obj *common = list_new(0), *lo = list_new(0), *ro = list_new(0);
    int rc = b && common && lo && ro ? 0 : -1;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(a); i++) {
        int in = obj_contains(b, LIST_ITEMS(a)[i]);
        rc = in < 0 ? -1 : list_append(in ? common : lo, LIST_ITEMS(a)[i]);
    }
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(b); i++) {
        int in = obj_contains(a, LIST_ITEMS(b)[i]);
        rc = in < 0 ? -1 : in ? 0 : list_append(ro, LIST_ITEMS(b)[i]);
    }
    XDECREF(a);
    XDECREF(b);
    if (rc == 0) rc = obj_setattr_str(self, "common", common) < 0 || obj_setattr_str(self, "left_only", lo) < 0 ||
                      obj_setattr_str(self, "right_only", ro) < 0 ? -1 : 0;
    XDECREF(common);
    XDECREF(lo);
    XDECREF(ro);
    return rc;
}

static Obj *join2(Obj *a, Obj *b)
{
    Obj *v[2] = {a, b};
    return fs_call("os.path", "join", v, 2, NULL);
}

/* S_IFMT of os.stat(path); -2 when it fails with OSError */
static long stat_fmt(Obj *path)
{
    Obj *st = fs_call("os", "stat", &path, 1, NULL);
    if (!st) {
        if (!vm_err_matches(&exc_OSError)) return -1;
        vm_err_clear();
        return -2;
    }
    int64_t mode = 0;
    int rc = int_as_i64(TUPLE_ITEMS(st)[0], &mode);
    DECREF(st);
    return rc < 0 ? -1 : (long)(mode & S_IFMT);
}

/* phase2: common_dirs, common_files, common_funny */
static int dc_phase2(Obj *self)
{
    Obj *common = ga(self, "common");
    Obj *l = common ? ga(self, "left") : NULL, *r = l ? ga(self, "right") : NULL;
    Obj *dirs = list_new(0), *files = list_new(0), *funny = list_new(0);
    int rc = r && dirs && files && funny ? 0 : -1;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(common); i++) {
        Obj *x = LIST_ITEMS(common)[i];
        Obj *ap = join2(l, x), *bp = ap ? join2(r, x) : NULL;
        long ta = bp ? stat_fmt(ap) : -1, tb = ta != -1 ? stat_fmt(bp) : -1;
        XDECREF(ap);
        XDECREF(bp);
        if (ta == -1 || tb == -1) {
            rc = -1;
            break;
        }
        Obj *to = ta < 0 || tb < 0 || ta != tb ? funny : ta == S_IFDIR ? dirs : ta == S_IFREG ? files : funny;
        rc = list_append(to, x);
    }
    if (rc == 0) rc = obj_setattr_str(self, "common_dirs", dirs) < 0 || obj_setattr_str(self, "common_files", files) < 0 ||
                      obj_setattr_str(self, "common_funny", funny) < 0 ? -1 : 0;
    XDECREF(common);
    XDECREF(l);
    XDECREF(r);
    XDECREF(dirs);
    XDECREF(files);
    XDECREF(funny);
    return rc;
}

/* phase3: same_files, diff_files, funny_files from cmpfiles */
static int dc_phase3(Obj *self)
{
    Obj *v[3] = {ga(self, "left"), NULL, NULL};
    v[1] = v[0] ? ga(self, "right") : NULL;
    v[2] = v[1] ? ga(self, "common_files") : NULL;
    Obj *t = v[2] ? fc_cmpfiles(NULL, v, 3, NULL) : NULL;
    for (int i = 0; i < 3; i++) XDECREF(v[i]);
    int rc = t && obj_setattr_str(self, "same_files", TUPLE_ITEMS(t)[0]) == 0 &&
             obj_setattr_str(self, "diff_files", TUPLE_ITEMS(t)[1]) == 0 &&
             obj_setattr_str(self, "funny_files", TUPLE_ITEMS(t)[2]) == 0 ? 0 : -1;
    XDECREF(t);
    return rc;
}

/* phase4: subdirs, a dircmp per common directory */
static int dc_phase4(Obj *self)
{
    Obj *dirs = ga(self, "common_dirs");
    Obj *l = dirs ? ga(self, "left") : NULL, *r = l ? ga(self, "right") : NULL;
    Obj *ign = r ? ga(self, "ignore") : NULL, *hide = ign ? ga(self, "hide") : NULL;
    Obj *sub = hide ? dict_new() : NULL;
    int rc = sub ? 0 : -1;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(dirs); i++) {
        Obj *x = LIST_ITEMS(dirs)[i];
        Obj *ax = join2(l, x), *bx = ax ? join2(r, x) : NULL;
        Obj *args[4] = {ax, bx, ign, hide};
        Obj *d = bx ? obj_call((Obj *)OBJ_TYPE(self), args, 4, NULL) : NULL;
        rc = d ? dict_set(sub, x, d) : -1;
        XDECREF(d);
        XDECREF(ax);
        XDECREF(bx);
    }
    if (rc == 0) rc = obj_setattr_str(self, "subdirs", sub);
    XDECREF(dirs);
    XDECREF(l);
    XDECREF(r);
    XDECREF(ign);
    XDECREF(hide);
    XDECREF(sub);
    return rc;
}

static Obj *dc_getattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__getattr__", nargs, kw) < 0) return NULL;
    static const struct { const char *name; int (*phase)(Obj *); } map[] = {
        {"subdirs", dc_phase4}, {"same_files", dc_phase3}, {"diff_files", dc_phase3},
        {"funny_files", dc_phase3}, {"common_dirs", dc_phase2}, {"common_files", dc_phase2},
        {"common_funny", dc_phase2}, {"common", dc_phase1}, {"left_only", dc_phase1},
        {"right_only", dc_phase1}, {"left_list", dc_phase0}, {"right_list", dc_phase0},
    };
    Obj *name = args[0];
    for (size_t i = 0; STR_CHECK(name) && i < sizeof map / sizeof map[0]; i++)
        if (str_eq_cstr(name, map[i].name)) return map[i].phase(self) < 0 ? NULL : obj_getattr(self, name);
    vm_err_set_obj(&exc_AttributeError, name);
    return NULL;
}

/* print(*items) through the print builtin, so sys.stdout is honoured */
static int say(Obj *const *items, Ssize n)
{
    Obj *b = import_name(id_str("builtins"), NULL, NULL, 0);
    Obj *pr = b ? ga(b, "print") : NULL;
    XDECREF(b);
    Obj *r = pr ? obj_call(pr, items, n, NULL) : NULL;
    XDECREF(pr);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static int report_list(Obj *self, const char *attr, const char *label, const char *side)
{
    Obj *l = ga(self, attr);
    if (!l) return -1;
    int rc = 0;
    int t = obj_is_true(l);
    if (t > 0) {
        rc = LIST_CHECK(l) ? list_sort(l, NULL, false) : 0;
        Obj *lab = str_from_cstr(label);
        if (side) {
            Obj *where = ga(self, side), *colon = str_from_cstr(":");
            Obj *v[4] = {lab, where, colon, l};
            rc = rc == 0 && lab && where && colon ? say(v, 4) : -1;
            XDECREF(where);
            XDECREF(colon);
        } else {
            Obj *v[2] = {lab, l};
            rc = rc == 0 && lab ? say(v, 2) : -1;
        }
        XDECREF(lab);
    } else if (t < 0) {
        rc = -1;
    }
    DECREF(l);
    return rc;
}

static int dc_report_one(Obj *self)
{
    Obj *d = str_from_cstr("diff"), *l = ga(self, "left"), *r = l ? ga(self, "right") : NULL;
    Obj *v[3] = {d, l, r};
    int rc = d && r ? say(v, 3) : -1;
    XDECREF(d);
    XDECREF(l);
    XDECREF(r);
    if (rc == 0) rc = report_list(self, "left_only", "Only in", "left");
    if (rc == 0) rc = report_list(self, "right_only", "Only in", "right");
    if (rc == 0) rc = report_list(self, "same_files", "Identical files :", NULL);
    if (rc == 0) rc = report_list(self, "diff_files", "Differing files :", NULL);
    if (rc == 0) rc = report_list(self, "funny_files", "Trouble with common files :", NULL);
    if (rc == 0) rc = report_list(self, "common_dirs", "Common subdirectories :", NULL);
    if (rc == 0) rc = report_list(self, "common_funny", "Common funny cases :", NULL);
    return rc;
}

/* depth 0: report only; 1: and each subdirectory's; 2: recursively */
static int dc_report_depth(Obj *self, int depth)
{
    if (dc_report_one(self) < 0) return -1;
    if (depth == 0) return 0;
    Obj *sub = ga(self, "subdirs");
    Obj *vals = sub && DICT_CHECK(sub) ? dict_values_list(sub) : NULL;
    XDECREF(sub);
    if (!vals) return -1;
    int rc = 0;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(vals); i++) {
        rc = say(NULL, 0);
        if (rc == 0) rc = depth == 1 ? dc_report_one(LIST_ITEMS(vals)[i]) : dc_report_depth(LIST_ITEMS(vals)[i], 2);
    }
    DECREF(vals);
    return rc;
}

static Obj *dc_report(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)a;
    return mh_no_args("report", n, k) < 0 || dc_report_depth(s, 0) < 0 ? NULL : INCREF(NONE);
}

static Obj *dc_report_partial(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)a;
    return mh_no_args("report_partial_closure", n, k) < 0 || dc_report_depth(s, 1) < 0 ? NULL : INCREF(NONE);
}

static Obj *dc_report_full(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    (void)a;
    return mh_no_args("report_full_closure", n, k) < 0 || dc_report_depth(s, 2) < 0 ? NULL : INCREF(NONE);
}

static const MethodDef dircmp_methods[] = {
    {"__init__", dc_init, METH_FAST, NULL},
    {"__getattr__", dc_getattr, METH_FAST, NULL},
    {"report", dc_report, METH_FAST, NULL},
    {"report_partial_closure", dc_report_partial, METH_FAST, NULL},
    {"report_full_closure", dc_report_full, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef filecmp_functions[] = {
    {"cmp", fc_cmp, METH_FAST, NULL},
    {"cmpfiles", fc_cmpfiles, METH_FAST, NULL},
    {"clear_cache", fc_clear_cache, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *filecmp_init(void)
{
    if (!cache && !(cache = dict_new())) return NULL;
    if (!dircmp_cls && !(dircmp_cls = mh_class("filecmp", "dircmp", NULL, dircmp_methods, NULL, NULL))) return NULL;
    Obj *m = mh_module("filecmp", filecmp_functions);
    if (!m) return NULL;
    static const char *const ignores[] = {"RCS", "CVS", "tags", ".git", ".hg", ".bzr", "_darcs", "__pycache__"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof ignores / sizeof ignores[0]; i++) {
        Obj *s = str_from_cstr(ignores[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (module_add(m, "DEFAULT_IGNORES", l) < 0 || module_add(m, "BUFSIZE", int_from_i64(8 * 1024)) < 0 ||
        mh_add_obj(m, "dircmp", dircmp_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_filecmp_register(void)
{
    vm_static_roots(roots, sizeof roots / sizeof roots[0]);
    import_register_native("filecmp", filecmp_init);
}
