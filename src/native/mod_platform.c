/* mod_platform.c — the `platform` module of CPython 3.12, natively, for
 * the Linux machine pydbg runs on.
 *
 * The Python-version functions describe the interpreter pydbg stands in
 * for (3.12.1, 'CPython', the compiler and build named in sys.version);
 * the system functions come from uname(2) and glibc, giving the strings
 * platform.py builds from the same sources (platform() as
 * "SYSTEM-RELEASE-MACHINE-with-glibcX.Y").  processor() is '' as on
 * Linux without `uname -p`.  mac_ver/win32_ver/java_ver return platform.py's
 * "not this system" defaults.
 */
#include "config.h"

#include <gnu/libc-version.h>
#include <string.h>
#include <sys/utsname.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static Obj *uname_cls;

enum { U_SYSTEM, U_NODE, U_RELEASE, U_VERSION, U_MACHINE };

static Obj *uname_field(int which)
{
    struct utsname u;
    if (uname(&u) < 0) return str_from_cstr("");
    const char *f[] = {u.sysname, u.nodename, u.release, u.version, u.machine};
    return str_from_cstr(f[which]);
}

static Obj *no_args(const char *fname, Ssize nargs, Obj *kw)
{
    return mh_bind(fname, NULL, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0 ? NULL : NONE;
}

#define UNAME_FN(fn, which)                                           \
    static Obj *p_##fn(Obj *s, Obj *const *args, Ssize nargs, Obj *kw) \
    {                                                                 \
        (void)s;                                                      \
        (void)args;                                                   \
        if (!no_args(#fn, nargs, kw)) return NULL;                    \
        return uname_field(which);                                    \
    }
UNAME_FN(system, U_SYSTEM)
UNAME_FN(node, U_NODE)
UNAME_FN(release, U_RELEASE)
UNAME_FN(version, U_VERSION)
UNAME_FN(machine, U_MACHINE)

static Obj *p_processor(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    return no_args("processor", nargs, kw) ? str_from_cstr("") : NULL;
}

static Obj *p_uname(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (!no_args("uname", nargs, kw)) return NULL;
    Obj *v[5];
    for (int i = 0; i < 5; i++) v[i] = uname_field(i);
    Obj *r = v[0] && v[1] && v[2] && v[3] && v[4] ? obj_call(uname_cls, v, 5, NULL) : NULL;
    for (int i = 0; i < 5; i++) XDECREF(v[i]);
    return r;
}

static Obj *p_python_version(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    return no_args("python_version", nargs, kw) ? str_from_cstr("3.12.1") : NULL;
}

static Obj *p_python_version_tuple(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (!no_args("python_version_tuple", nargs, kw)) return NULL;
    Obj *a = str_from_cstr("3"), *b = str_from_cstr("12"), *c = str_from_cstr("1");
    Obj *t = a && b && c ? tuple_pack(3, a, b, c) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    return t;
}

static Obj *p_python_implementation(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    return no_args("python_implementation", nargs, kw) ? str_from_cstr("CPython") : NULL;
}

static Obj *p_empty(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    return no_args("python_branch", nargs, kw) ? str_from_cstr("") : NULL;
}

/* sys.version's "X.Y.Z (BUILDNO, DATE, TIME) [COMPILER]" pieces */
static Obj *sys_version_part(int which)
{
    Obj *sys = import_name(id_str("sys"), NULL, NULL, 0);
    Obj *ver = sys ? obj_getattr_str(sys, "version") : NULL;
    XDECREF(sys);
    if (!ver) return NULL;
    Ssize len;
    const char *t = STR_CHECK(ver) ? str_utf8(ver, &len) : NULL;
    Obj *r = NULL;
    const char *open = t ? strchr(t, '(') : NULL, *close = open ? strchr(open, ')') : NULL;
    const char *lb = t ? strchr(t, '[') : NULL, *rb = lb ? strchr(lb, ']') : NULL;
    if (which == 0 && lb && rb) {
        r = str_from_utf8(lb + 1, rb - lb - 1);
    } else if (which == 1 && open && close) {
        const char *c1 = memchr(open, ',', (size_t)(close - open));
        const char *start = c1 ? c1 + 1 : close;
        while (start < close && *start == ' ') start++;
        SBuf b = SBUF_INIT;
        for (const char *p = start; p < close; p++) {
            if (*p == ',') {
                sbuf_putc(&b, ' ');
                while (p + 1 < close && p[1] == ' ') p++;
            } else {
                sbuf_putc(&b, *p);
            }
        }
        Obj *no = str_from_utf8(open + 1, (c1 ? c1 : close) - open - 1);
        Obj *date = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
        sbuf_free(&b);
        r = no && date ? tuple_pack(2, no, date) : NULL;
        XDECREF(no);
        XDECREF(date);
    } else {
        r = str_from_cstr("");
    }
    DECREF(ver);
    return r;
}

static Obj *p_python_compiler(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    return no_args("python_compiler", nargs, kw) ? sys_version_part(0) : NULL;
}

static Obj *p_python_build(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    return no_args("python_build", nargs, kw) ? sys_version_part(1) : NULL;
}

static Obj *p_architecture(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"executable", "bits", "linkage"};
    Obj *v[3];
    if (mh_bind("architecture", args, nargs, kw, names, 3, 3, 0, 0, 0, v) < 0) return NULL;
    Obj *bits = v[1] ? INCREF(v[1]) : str_from_cstr(sizeof(void *) == 8 ? "64bit" : "32bit");
    Obj *link = v[2] ? INCREF(v[2]) : str_from_cstr("ELF");
    Obj *t = bits && link ? tuple_pack(2, bits, link) : NULL;
    XDECREF(bits);
    XDECREF(link);
    return t;
}

static Obj *p_libc_ver(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"executable", "lib", "version", "chunksize"};
    Obj *v[4];
    if (mh_bind("libc_ver", args, nargs, kw, names, 4, 4, 0, 0, 0, v) < 0) return NULL;
    Obj *a = str_from_cstr("glibc"), *b = str_from_cstr(gnu_get_libc_version());
    Obj *t = a && b ? tuple_pack(2, a, b) : NULL;
    XDECREF(a);
    XDECREF(b);
    return t;
}

static Obj *p_platform(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"aliased", "terse"};
    Obj *v[2];
    if (mh_bind("platform", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    struct utsname u;
    if (uname(&u) < 0) return str_from_cstr("");
    return str_from_fmt("%s-%s-%s-with-glibc%s", u.sysname, u.release, u.machine, gnu_get_libc_version());
}

/* the defaults platform.py returns on a system that is not theirs */
static Obj *p_mac_ver(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    (void)nargs;
    (void)kw;
    Obj *e = str_from_cstr("");
    Obj *inner = e ? tuple_pack(3, e, e, e) : NULL;
    Obj *t = inner ? tuple_pack(3, e, inner, e) : NULL;
    XDECREF(e);
    XDECREF(inner);
    return t;
}

static Obj *p_win32_ver(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    (void)nargs;
    (void)kw;
    Obj *e = str_from_cstr("");
    Obj *t = e ? tuple_pack(4, e, e, e, e) : NULL;
    XDECREF(e);
    return t;
}

/* uname_result: a 5-field namedtuple whose iteration, length and items
 * add the late 'processor' field, as platform.py's class does */
static Obj *ur_full(Obj *self)
{
    Obj *e = str_from_cstr("");
    Obj *l = e ? list_new(0) : NULL;
    for (Ssize i = 0; l && i < TUPLE_LEN(self); i++)
        if (list_append(l, TUPLE_ITEMS(self)[i]) < 0) CLEAR(l);
    if (l && list_append(l, e) < 0) CLEAR(l);
    XDECREF(e);
    Obj *t = l ? list_as_tuple(l) : NULL;
    XDECREF(l);
    return t;
}

static Obj *ur_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__iter__", nargs, kw) < 0) return NULL;
    Obj *t = ur_full(self);
    Obj *it = t ? obj_getiter(t) : NULL;
    XDECREF(t);
    return it;
}

static Obj *ur_len(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__len__", nargs, kw) < 0) return NULL;
    return int_from_i64(TUPLE_LEN(self) + 1);
}

static Obj *ur_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__getitem__", nargs, kw) < 0) return NULL;
    Obj *t = ur_full(self);
    Obj *r = t ? obj_getitem(t, args[0]) : NULL;
    XDECREF(t);
    return r;
}

static Obj *ur_processor(Obj *self, void *closure)
{
    (void)self;
    (void)closure;
    return str_from_cstr("");
}

static const MethodDef ur_methods[] = {
    {"__iter__", ur_iter, METH_FAST, NULL},
    {"__len__", ur_len, METH_FAST, NULL},
    {"__getitem__", ur_getitem, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef ur_getsets[] = {{"processor", ur_processor, NULL, NULL, NULL}, {NULL, NULL, NULL, NULL, NULL}};

static const MethodDef platform_methods[] = {
    {"system", p_system, METH_FAST, NULL},
    {"node", p_node, METH_FAST, NULL},
    {"release", p_release, METH_FAST, NULL},
    {"version", p_version, METH_FAST, NULL},
    {"machine", p_machine, METH_FAST, NULL},
    {"processor", p_processor, METH_FAST, NULL},
    {"uname", p_uname, METH_FAST, NULL},
    {"python_version", p_python_version, METH_FAST, NULL},
    {"python_version_tuple", p_python_version_tuple, METH_FAST, NULL},
    {"python_implementation", p_python_implementation, METH_FAST, NULL},
    {"python_branch", p_empty, METH_FAST, NULL},
    {"python_revision", p_empty, METH_FAST, NULL},
    {"python_compiler", p_python_compiler, METH_FAST, NULL},
    {"python_build", p_python_build, METH_FAST, NULL},
    {"architecture", p_architecture, METH_FAST, NULL},
    {"libc_ver", p_libc_ver, METH_FAST, NULL},
    {"platform", p_platform, METH_FAST, NULL},
    {"mac_ver", p_mac_ver, METH_FAST, NULL},
    {"win32_ver", p_win32_ver, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *platform_init(void)
{
    Obj *m = mh_module("platform", platform_methods);
    if (!m) return NULL;
    if (!uname_cls) {
        Obj *base = smallmods_namedtuple("uname_result_base", "system node release version machine", "platform");
        Obj *bases = base ? tuple_pack(1, base) : NULL;
        XDECREF(base);
        uname_cls = bases ? mh_class("platform", "uname_result", bases, ur_methods, ur_getsets, NULL) : NULL;
        XDECREF(bases);
        Obj *names[6] = {str_from_cstr("system"), str_from_cstr("node"), str_from_cstr("release"),
                         str_from_cstr("version"), str_from_cstr("machine"), str_from_cstr("processor")};
        Obj *fields = names[5] ? tuple_from_array(names, 6) : NULL;
        for (int i = 0; i < 6; i++) XDECREF(names[i]);
        if (!uname_cls || !fields || obj_setattr_str(uname_cls, "_fields", fields) < 0) {
            XDECREF(fields);
            DECREF(m);
            return NULL;
        }
        DECREF(fields);
    }
    if (mh_add_obj(m, "uname_result", uname_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_platform_register(void)
{
    vm_static_roots(&uname_cls, 1);
    import_register_native("platform", platform_init);
}
