/* sys.c — the sys module, plus the two small types it needs: struct
 * sequences (sys.version_info, sys.flags, sys.float_info …: tuple
 * subclasses with named fields, comparable with plain tuples) and
 * types.SimpleNamespace (sys.implementation).
 *
 * Values are those of the CPython release pydbg imitates for vm->ver
 * (3.12 → 3.12.1, the reference build), measured with that interpreter:
 * version_info, hexversion, flags, float_info, int_info, hash_info …
 * sys.path[0] is the real directory of the program, as CPython resolves
 * it; there is no standard library on the path.  sys.getsizeof reports
 * CPython's sizes for the common builtin types.
 */
#include "config.h"

#include <float.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pydbg/vm.h"
#include "src/native/pyprefix.h"

/* ---- struct sequences --------------------------------------------------------- */

typedef struct StructSeqInfo {
    const char *const *fields;   /* NULL-terminated */
    int nfields;
} StructSeqInfo;

static Obj *structseq_get(Obj *self, void *closure)
{
    Ssize i = (Ssize)(intptr_t)closure;
    if (i >= TUPLE_LEN(self)) return INCREF(NONE);
    return INCREF(TUPLE_ITEMS(self)[i]);
}

static Obj *structseq_repr(Obj *self)
{
    TypeObj *t = OBJ_TYPE(self);
    const StructSeqInfo *info = t->native;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, t->name);
    sbuf_putc(&b, '(');
    for (Ssize i = 0; i < TUPLE_LEN(self) && info && i < info->nfields; i++) {
        Obj *r = obj_repr(TUPLE_ITEMS(self)[i]);
        if (!r) {
            sbuf_free(&b);
            return NULL;
        }
        if (i) sbuf_puts(&b, ", ");
        sbuf_puts(&b, info->fields[i]);
        sbuf_putc(&b, '=');
        Ssize n;
        const char *p = str_utf8_lossy(r, &n);
        sbuf_put(&b, p, (size_t)n);
        DECREF(r);
    }
    sbuf_putc(&b, ')');
    Obj *s = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

static Obj *structseq_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    vm_err_format(&exc_TypeError, "cannot create '%s' instances", t->name);
    return NULL;
}

static Obj *structseq_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *tup = tuple_from_array(TUPLE_ITEMS(self), TUPLE_LEN(self));
    if (!tup) return NULL;
    Obj *r = tuple_pack(2, (Obj *)OBJ_TYPE(self), tup);
    DECREF(tup);
    return r;
}

static MethodDef structseq_methods[] = {
    {"__reduce__", structseq_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

#define STRUCTSEQ(var, tname, fieldsvar)                                          \
    static StructSeqInfo var##_info = {fieldsvar, sizeof fieldsvar / sizeof *fieldsvar - 1}; \
    static TypeObj var = {                                                        \
        .base = TYPE_HEAD_INIT, .name = tname, .basicsize = sizeof(TupleObj),     \
        .itemsize = sizeof(Obj *), .tp_base = &tuple_type, .repr = structseq_repr, \
        .new_ = structseq_new, .methods = structseq_methods, .native = &var##_info, \
    }

static const char *const version_info_fields[] = {"major", "minor", "micro", "releaselevel",
                                                  "serial", NULL};
static const char *const flags_fields[] = {
    "debug", "inspect", "interactive", "optimize", "dont_write_bytecode", "no_user_site",
    "no_site", "ignore_environment", "verbose", "bytes_warning", "quiet", "hash_randomization",
    "isolated", "dev_mode", "utf8_mode", "warn_default_encoding", "safe_path",
    "int_max_str_digits", NULL};
static const char *const float_info_fields[] = {"max", "max_exp", "max_10_exp", "min", "min_exp",
                                                "min_10_exp", "dig", "mant_dig", "epsilon",
                                                "radix", "rounds", NULL};
static const char *const int_info_fields[] = {"bits_per_digit", "sizeof_digit",
                                              "default_max_str_digits",
                                              "str_digits_check_threshold", NULL};
static const char *const hash_info_fields[] = {"width", "modulus", "inf", "nan", "imag",
                                               "algorithm", "hash_bits", "seed_bits", "cutoff",
                                               NULL};
static const char *const thread_info_fields[] = {"name", "lock", "version", NULL};

STRUCTSEQ(version_info_type, "sys.version_info", version_info_fields);
STRUCTSEQ(flags_type, "sys.flags", flags_fields);
STRUCTSEQ(float_info_type, "sys.float_info", float_info_fields);
STRUCTSEQ(int_info_type, "sys.int_info", int_info_fields);
STRUCTSEQ(hash_info_type, "sys.hash_info", hash_info_fields);
STRUCTSEQ(thread_info_type, "sys.thread_info", thread_info_fields);

/* The getsets naming the fields are built at start-up from the field lists. */
static int structseq_ready(TypeObj *t)
{
    if (t->flags & TPF_READY) return 0;
    const StructSeqInfo *info = t->native;
    GetSetDef *gs = xcalloc((size_t)info->nfields + 1, sizeof *gs);
    for (int i = 0; i < info->nfields; i++) {
        gs[i].name = info->fields[i];
        gs[i].get = structseq_get;
        gs[i].closure = (void *)(intptr_t)i;
    }
    t->getset = gs;
    return type_ready(t);
}

/* A struct sequence of type t from n values (stolen; NULL values fail). */
static Obj *structseq_make(TypeObj *t, Obj **vals, Ssize n)
{
    bool ok = structseq_ready(t) == 0;
    for (Ssize i = 0; i < n; i++) ok = ok && vals[i];
    Obj *o = ok ? obj_alloc(t, n) : NULL;
    if (!o) {
        for (Ssize i = 0; i < n; i++) XDECREF(vals[i]);
        return NULL;
    }
    ((TupleObj *)o)->hash = -1;
    for (Ssize i = 0; i < n; i++) TUPLE_ITEMS(o)[i] = vals[i];
    return o;
}

/* ---- types.SimpleNamespace -------------------------------------------------------- */

typedef struct NamespaceObj { Obj base; Obj *dict; } NamespaceObj;
TypeObj simplenamespace_type;

static Obj *ns_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    NamespaceObj *ns = (NamespaceObj *)obj_alloc(t, 0);
    if (!ns) return NULL;
    ns->dict = dict_new();
    if (!ns->dict) {
        DECREF(ns);
        return NULL;
    }
    return (Obj *)ns;
}

static int ns_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    NamespaceObj *ns = (NamespaceObj *)self;
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "SimpleNamespace expected at most 1 argument, got %zd", nargs);
        return -1;
    }
    if (nargs == 1) {
        Obj *d = dict_new();
        if (!d) return -1;
        if (dict_update(d, args[0]) < 0) {
            DECREF(d);
            return -1;
        }
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(d, &pos, &k, &v)) {
            if (!STR_CHECK(k)) {
                vm_err_format(&exc_TypeError, "keywords must be strings, not '%s'",
                              type_name(OBJ_TYPE(k)));
                DECREF(d);
                return -1;
            }
            if (dict_set(ns->dict, k, v) < 0) {
                DECREF(d);
                return -1;
            }
        }
        DECREF(d);
    }
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize i = 0; i < nkw; i++)
        if (dict_set(ns->dict, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) return -1;
    return 0;
}

static void ns_dealloc(Obj *o)
{
    gc_untrack(o);
    XDECREF(((NamespaceObj *)o)->dict);
    obj_free(o);
}

static int ns_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *d = ((NamespaceObj *)o)->dict;
    return d ? visit(d, arg) : 0;
}

static int ns_clear(Obj *o)
{
    CLEAR(((NamespaceObj *)o)->dict);
    return 0;
}

static Obj *ns_repr(Obj *self)
{
    NamespaceObj *ns = (NamespaceObj *)self;
    const char *name = OBJ_TYPE(self) == &simplenamespace_type ? "namespace" : type_name(OBJ_TYPE(self));
    /* a namespace that (indirectly) contains itself prints as `namespace(...)` */
    static Obj *active[64];
    static int nactive;
    for (int i = 0; i < nactive; i++)
        if (active[i] == self) return str_from_fmt("%s(...)", name);
    if (nactive >= 64) return str_from_fmt("%s(...)", name);
    active[nactive++] = self;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, name);
    sbuf_putc(&b, '(');
    Ssize pos = 0;
    Obj *k, *v;
    bool first = true;
    Obj *res = NULL;
    while (ns->dict && dict_next(ns->dict, &pos, &k, &v)) {
        if (!STR_CHECK(k)) continue;
        Obj *r = obj_repr(v);
        if (!r) goto out;
        if (!first) sbuf_puts(&b, ", ");
        first = false;
        Ssize n;
        const char *p = str_utf8_lossy(k, &n);
        sbuf_put(&b, p, (size_t)n);
        sbuf_putc(&b, '=');
        p = str_utf8_lossy(r, &n);
        sbuf_put(&b, p, (size_t)n);
        DECREF(r);
    }
    sbuf_putc(&b, ')');
    res = str_from_utf8(b.data, (Ssize)b.len);
out:
    sbuf_free(&b);
    nactive--;
    return res;
}

static Obj *ns_richcompare(Obj *a, Obj *b, int op)
{
    if ((op == CMP_EQ || op == CMP_NE) && type_is_subtype(OBJ_TYPE(a), &simplenamespace_type) &&
        type_is_subtype(OBJ_TYPE(b), &simplenamespace_type))
        return obj_richcompare(((NamespaceObj *)a)->dict, ((NamespaceObj *)b)->dict, op);
    return INCREF(NOTIMPL);
}

static Obj *ns_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *args = tuple_new(0);
    if (!args) return NULL;
    Obj *r = tuple_pack(3, (Obj *)OBJ_TYPE(self), args, ((NamespaceObj *)self)->dict);
    DECREF(args);
    return r;
}

static MethodDef ns_methods[] = {
    {"__reduce__", ns_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj simplenamespace_type = {
    .base = TYPE_HEAD_INIT,
    .name = "types.SimpleNamespace",
    .basicsize = sizeof(NamespaceObj),
    .flags = TPF_BASETYPE | TPF_GC,
    .dealloc = ns_dealloc,
    .repr = ns_repr,
    .hash = hash_not_implemented,
    .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr,
    .richcompare = ns_richcompare,
    .new_ = ns_new,
    .init = ns_init,
    .traverse = ns_traverse,
    .clear = ns_clear,
    .methods = ns_methods,
    .dictoffset = offsetof(NamespaceObj, dict),
    .doc = "A simple attribute-based namespace.",
};

/* ---- helpers ------------------------------------------------------------------------- */

Obj *sys_get_borrow(const char *name)
{
    if (!vm || !vm->sys) return NULL;
    Obj *d = module_dict_borrow(vm->sys);
    if (!d) return NULL;
    Obj *v = dict_get_str_borrow(d, name);
    if (!v && vm_err_occurred()) vm_err_clear();
    return v;
}

/* The release pydbg imitates for each version (the reference builds). */
static int micro_of(PyVer v)
{
    switch (v) {
    case PYV(2, 7): return 18;
    case PYV(3, 6): return 15;
    case PYV(3, 7): return 16;
    case PYV(3, 8): return 18;
    case PYV(3, 9): return 18;
    case PYV(3, 10): return 13;
    case PYV(3, 11): return 7;
    case PYV(3, 12): return 1;
    case PYV(3, 13): return 0;
    case PYV(3, 14): return 2;
    default: return 0;
    }
}

static PyVer cur_ver(void) { return vm && vm->ver ? vm->ver : PYV(3, 12); }

static int as_int_arg(Obj *o, int64_t *out)
{
    if (!INT_CHECK(o)) {
        Obj *i = NULL;
        if (type_lookup(OBJ_TYPE(o), id_str("__index__"))) i = num_index(o);
        if (!i) {
            if (!vm_err_occurred())
                vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                              type_name(OBJ_TYPE(o)));
            return -1;
        }
        int rc = int_as_i64(i, out);
        DECREF(i);
        return rc;
    }
    return int_as_i64(o, out);
}

/* ---- sys functions ----------------------------------------------------------------------- */

static Obj *sys_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("exit", kw) < 0 || args_count("exit", nargs, 0, 1) < 0) return NULL;
    vm_err_set_obj(&exc_SystemExit, nargs ? args[0] : NULL);
    return NULL;
}

static Obj *sys_getrecursionlimit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return int_from_i64(vm ? vm->recursion_limit : 1000);
}

static Obj *sys_setrecursionlimit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *o = args[0];
    if (type_is_subtype(OBJ_TYPE(o), &float_type)) {
        vm_err_set_str(&exc_TypeError, "'float' object cannot be interpreted as an integer");
        return NULL;
    }
    int64_t v;
    if (as_int_arg(o, &v) < 0) {
        if (vm_err_matches(&exc_OverflowError)) {
            vm_err_clear();
            vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C int");
        }
        return NULL;
    }
    if (v > INT_MAX || v < INT_MIN) {
        vm_err_set_str(&exc_OverflowError, v > 0 ? "Python int too large to convert to C int"
                                                 : "Python int too small to convert to C int");
        return NULL;
    }
    if (v < 1) {
        vm_err_set_str(&exc_ValueError, "recursion limit must be greater or equal than 1");
        return NULL;
    }
    if (vm && vm->depth >= v) {
        vm_err_format(&exc_RecursionError,
                      "cannot set the recursion limit to %d at the recursion depth %d: the limit is too low",
                      (int)v, vm->depth);
        return NULL;
    }
    if (vm) vm->recursion_limit = (int)v;
    return INCREF(NONE);
}

static Obj *sys_intern(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *s = args[0];
    if (!IS_TYPE(s, str_type)) {
        if (STR_CHECK(s))
            vm_err_format(&exc_TypeError, "can't intern %s", type_name(OBJ_TYPE(s)));
        else
            vm_err_format(&exc_TypeError, "intern() argument must be str, not %s",
                          type_name(OBJ_TYPE(s)));
        return NULL;
    }
    Obj *r = INCREF(s);
    str_intern_inplace(&r);
    return r;
}

static Obj *sys_getdefaultencoding(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return str_from_cstr("utf-8");
}

static Obj *sys_getfilesystemencodeerrors(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return str_from_cstr("surrogateescape");
}

static Obj *sys_exc_info(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    Obj *e = vm_exc_info();
    if (!e || e == NONE) return tuple_pack(3, NONE, NONE, NONE);
    Obj *tb = EXC_CHECK(e) && ((ExcObj *)e)->traceback ? ((ExcObj *)e)->traceback : NONE;
    return tuple_pack(3, (Obj *)OBJ_TYPE(e), e, tb);
}

static Obj *sys_exception(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    Obj *e = vm_exc_info();
    return INCREF(e ? e : NONE);
}

static Obj *sys_getframe(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("_getframe", kw) < 0 || args_count("_getframe", nargs, 0, 1) < 0) return NULL;
    int64_t depth = 0;
    if (nargs && as_int_arg(args[0], &depth) < 0) return NULL;
    Frame *f = vm ? vm->frame : NULL;
    while (f && depth > 0) {
        f = f->back;
        depth--;
    }
    if (!f || depth < 0) {
        vm_err_set_str(&exc_ValueError, "call stack is not deep enough");
        return NULL;
    }
    return INCREF(f);
}

static Obj *sys_get_int_max_str_digits(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return int_from_i64(int_max_str_digits);
}

static Obj *sys_set_int_max_str_digits(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"maxdigits"};
    Obj *v[1];
    if (args_parse("set_int_max_str_digits", args, nargs, kw, names, 1, 0, 1, v) < 0) return NULL;
    int64_t n;
    if (as_int_arg(v[0], &n) < 0) return NULL;
    if (int_set_max_str_digits(n) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *sys_getrefcount(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Ssize rc = args[0]->refcnt;
    /* 3.12 immortal objects (None, small ints, static types) report 2**32-1 */
    if (rc >= OBJ_STATIC_REFCNT / 2) return int_from_i64(4294967295LL);
    if (INT_CHECK(args[0]) && IS_TYPE(args[0], int_type) && int_fits_i64(args[0])) {
        int64_t v;
        if (int_as_i64(args[0], &v) == 0 && v >= -5 && v <= 256) return int_from_i64(4294967295LL);
        vm_err_clear();
    }
    return int_from_i64(rc);
}

/* sys.getsizeof: type(o).__sizeof__() (CPython's numbers, see
 * src/obj/sizeof.c) plus the pre-header CPython keeps before the object. */
static Obj *sys_getsizeof(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"object", "default"};
    Obj *v[2];
    if (args_parse("getsizeof", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    Obj *o = v[0];
    TypeObj *t = OBJ_TYPE(o);
    Obj *r = NULL;
    Obj *meth = type_lookup(t, id_str("__sizeof__"));
    if (!meth) {
        vm_err_format(&exc_TypeError, "Type %s doesn't define __sizeof__", t->name);
    } else {
        DescrGetFn get = OBJ_TYPE(meth)->descr_get;
        Obj *bound = get ? get(meth, o, (Obj *)t) : INCREF(meth);
        r = bound ? obj_call(bound, NULL, 0, NULL) : NULL;
        XDECREF(bound);
    }
    int64_t n = -1;
    if (r) {
        if (!INT_CHECK(r)) {
            vm_err_set_str(&exc_TypeError, "an integer is required");
        } else if (int_as_i64(r, &n) < 0) {
            n = -1;
        } else if (n < 0) {
            vm_err_set_str(&exc_ValueError, "__sizeof__() should return >= 0");
            n = -1;
        }
        DECREF(r);
    }
    if (n < 0) {
        if (v[1] && vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            return INCREF(v[1]);
        }
        return NULL;
    }
    return int_from_i64(n + obj_cpython_preheader(t));
}

static Obj *sys_excepthook(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("excepthook", kw) < 0 || args_count("excepthook", nargs, 3, 3) < 0) return NULL;
    Obj *value = args[1];
    if (EXC_CHECK(value)) {
        if (args[2] != NONE && IS_TYPE(args[2], traceback_type) &&
            ((ExcObj *)value)->traceback != args[2])
            obj_setref(&((ExcObj *)value)->traceback, INCREF(args[2]));
        traceback_print_exception(value);
    } else {
        Obj *err = sys_get_borrow("stderr");
        Obj *s = str_from_fmt("TypeError: print_exception(): Exception expected for value, %s found\n",
                              type_name(OBJ_TYPE(value)));
        if (s) {
            io_write_str(err && err != NONE ? err : NULL, s);
            DECREF(s);
        }
    }
    return INCREF(NONE);
}

static Obj *sys_displayhook(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *o = args[0];
    if (o == NONE) return INCREF(NONE);
    if (vm && vm->builtins && dict_set_str(vm->builtins, "_", NONE) < 0) return NULL;
    Obj *out = sys_get_borrow("stdout");
    if (!out || out == NONE) {
        vm_err_set_str(&exc_RuntimeError, "lost sys.stdout");
        return NULL;
    }
    Obj *r = obj_repr(o);
    if (!r) return NULL;
    int rc = io_write_str(out, r);
    DECREF(r);
    if (rc < 0 || io_write_cstr(out, "\n") < 0) return NULL;
    if (vm && vm->builtins && dict_set_str(vm->builtins, "_", o) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *trace_func, *profile_func;

static Obj *sys_settrace(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    if (args[0] != NONE) {
        vm_err_set_str(&exc_NotImplementedError,
                       "pydbg: sys.settrace() with a trace function is not supported");
        return NULL;
    }
    CLEAR(trace_func);
    return INCREF(NONE);
}

static Obj *sys_gettrace(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return INCREF(trace_func ? trace_func : NONE);
}

static Obj *sys_setprofile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    if (args[0] != NONE) {
        vm_err_set_str(&exc_NotImplementedError,
                       "pydbg: sys.setprofile() with a profile function is not supported");
        return NULL;
    }
    CLEAR(profile_func);
    return INCREF(NONE);
}

static Obj *sys_getprofile(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return INCREF(profile_func ? profile_func : NONE);
}

static double switch_interval = 0.005;

static Obj *sys_getswitchinterval(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return float_from_double(switch_interval);
}

static Obj *sys_setswitchinterval(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    double d = float_as_double(args[0]);
    if (d == -1.0 && vm_err_occurred()) return NULL;
    if (d <= 0.0) {
        vm_err_set_str(&exc_ValueError, "switch interval must be strictly positive");
        return NULL;
    }
    switch_interval = d;
    return INCREF(NONE);
}

static Obj *sys_false(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return bool_from(false);
}

static Obj *sys_none(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return INCREF(NONE);
}

static Obj *sys_audit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "audit() missing 1 required positional argument: 'event'");
        return NULL;
    }
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "expected str for argument 'event', not %s",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    return INCREF(NONE);
}

static Obj *sys_call_tracing(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    if (args_count("call_tracing", nargs, 2, 2) < 0) return NULL;
    if (!TUPLE_CHECK(args[1])) {
        vm_err_format(&exc_TypeError, "call_tracing() argument 2 must be tuple, not %s",
                      type_name(OBJ_TYPE(args[1])));
        return NULL;
    }
    return obj_call(args[0], TUPLE_ITEMS(args[1]), TUPLE_LEN(args[1]), NULL);
}

static Obj *sys_getallocatedblocks(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return int_from_i64(0);
}

static Obj *sys_breakpointhook(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    /* pydbg's debugger installs itself through vm_trap_hook: breakpoint()
     * makes it stop at the next instruction.  Without a debugger, or with
     * PYTHONBREAKPOINT=0, it does nothing. */
    const char *env = getenv("PYTHONBREAKPOINT");
    if (env && strcmp(env, "0") == 0) return INCREF(NONE);
    if (vm_breakpoint_hook)
        vm_breakpoint_hook();
    return INCREF(NONE);
}

static Obj *asyncgen_firstiter, *asyncgen_finalizer;

static Obj *sys_get_asyncgen_hooks(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return tuple_pack(2, asyncgen_firstiter ? asyncgen_firstiter : NONE,
                      asyncgen_finalizer ? asyncgen_finalizer : NONE);
}

static Obj *sys_set_asyncgen_hooks(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"firstiter", "finalizer"};
    Obj *v[2];
    if (args_parse("set_asyncgen_hooks", args, nargs, kw, names, 2, 0, 0, v) < 0) return NULL;
    for (int i = 0; i < 2; i++)
        if (v[i] && v[i] != NONE && !OBJ_TYPE(v[i])->call) {
            vm_err_format(&exc_TypeError, "callable %s expected, got %s",
                          i == 0 ? "firstiter" : "finalizer", type_name(OBJ_TYPE(v[i])));
            return NULL;
        }
    if (v[0]) obj_setref(&asyncgen_firstiter, v[0] == NONE ? NULL : INCREF(v[0]));
    if (v[1]) obj_setref(&asyncgen_finalizer, v[1] == NONE ? NULL : INCREF(v[1]));
    return INCREF(NONE);
}

static const MethodDef sys_methods[] = {
    {"exit", sys_exit, METH_FAST, "Exit the interpreter by raising SystemExit(status)."},
    {"getrecursionlimit", sys_getrecursionlimit, METH_NOARGS, NULL},
    {"setrecursionlimit", sys_setrecursionlimit, METH_O, NULL},
    {"intern", sys_intern, METH_O, NULL},
    {"getdefaultencoding", sys_getdefaultencoding, METH_NOARGS, NULL},
    {"getfilesystemencoding", sys_getdefaultencoding, METH_NOARGS, NULL},
    {"getfilesystemencodeerrors", sys_getfilesystemencodeerrors, METH_NOARGS, NULL},
    {"exc_info", sys_exc_info, METH_NOARGS, NULL},
    {"exception", sys_exception, METH_NOARGS, NULL},
    {"_getframe", sys_getframe, METH_FAST, NULL},
    {"get_int_max_str_digits", sys_get_int_max_str_digits, METH_NOARGS, NULL},
    {"set_int_max_str_digits", sys_set_int_max_str_digits, METH_FAST, NULL},
    {"getrefcount", sys_getrefcount, METH_O, NULL},
    {"getsizeof", sys_getsizeof, METH_FAST, NULL},
    {"excepthook", sys_excepthook, METH_FAST, NULL},
    {"displayhook", sys_displayhook, METH_O, NULL},
    {"settrace", sys_settrace, METH_O, NULL},
    {"gettrace", sys_gettrace, METH_NOARGS, NULL},
    {"setprofile", sys_setprofile, METH_O, NULL},
    {"getprofile", sys_getprofile, METH_NOARGS, NULL},
    {"getswitchinterval", sys_getswitchinterval, METH_NOARGS, NULL},
    {"setswitchinterval", sys_setswitchinterval, METH_O, NULL},
    {"is_finalizing", sys_false, METH_NOARGS, NULL},
    {"audit", sys_audit, METH_FAST, NULL},
    {"addaudithook", sys_none, METH_O, NULL},
    {"call_tracing", sys_call_tracing, METH_FAST, NULL},
    {"getallocatedblocks", sys_getallocatedblocks, METH_NOARGS, NULL},
    {"breakpointhook", sys_breakpointhook, METH_FAST, NULL},
    {"_clear_type_cache", sys_none, METH_NOARGS, NULL},
    {"get_asyncgen_hooks", sys_get_asyncgen_hooks, METH_NOARGS, NULL},
    {"set_asyncgen_hooks", sys_set_asyncgen_hooks, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ------------------------------------------------------------------------ */

/* sorted(sys.stdlib_module_names) of python3.12 */
static const char *const stdlib_names[] = {
    "__future__", "_abc", "_aix_support", "_ast", "_asyncio", "_bisect", "_blake2", "_bz2",
    "_codecs", "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr",
    "_codecs_tw", "_collections", "_collections_abc", "_compat_pickle", "_compression",
    "_contextvars", "_crypt", "_csv", "_ctypes", "_curses", "_curses_panel", "_datetime",
    "_dbm", "_decimal", "_elementtree", "_frozen_importlib", "_frozen_importlib_external",
    "_functools", "_gdbm", "_hashlib", "_heapq", "_imp", "_io", "_json", "_locale",
    "_lsprof", "_lzma", "_markupbase", "_md5", "_msi", "_multibytecodec",
    "_multiprocessing", "_opcode", "_operator", "_osx_support", "_overlapped", "_pickle",
    "_posixshmem", "_posixsubprocess", "_py_abc", "_pydatetime", "_pydecimal", "_pyio",
    "_pylong", "_queue", "_random", "_scproxy", "_sha1", "_sha2", "_sha3", "_signal",
    "_sitebuiltins", "_socket", "_sqlite3", "_sre", "_ssl", "_stat", "_statistics",
    "_string", "_strptime", "_struct", "_symtable", "_thread", "_threading_local",
    "_tkinter", "_tokenize", "_tracemalloc", "_typing", "_uuid", "_warnings", "_weakref",
    "_weakrefset", "_winapi", "_zoneinfo", "abc", "aifc", "antigravity", "argparse",
    "array", "ast", "asyncio", "atexit", "audioop", "base64", "bdb", "binascii", "bisect",
    "builtins", "bz2", "cProfile", "calendar", "cgi", "cgitb", "chunk", "cmath", "cmd",
    "code", "codecs", "codeop", "collections", "colorsys", "compileall", "concurrent",
    "configparser", "contextlib", "contextvars", "copy", "copyreg", "crypt", "csv",
    "ctypes", "curses", "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis",
    "doctest", "email", "encodings", "ensurepip", "enum", "errno", "faulthandler", "fcntl",
    "filecmp", "fileinput", "fnmatch", "fractions", "ftplib", "functools", "gc",
    "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib", "grp", "gzip",
    "hashlib", "heapq", "hmac", "html", "http", "idlelib", "imaplib", "imghdr", "importlib",
    "inspect", "io", "ipaddress", "itertools", "json", "keyword", "lib2to3", "linecache",
    "locale", "logging", "lzma", "mailbox", "mailcap", "marshal", "math", "mimetypes",
    "mmap", "modulefinder", "msilib", "msvcrt", "multiprocessing", "netrc", "nis",
    "nntplib", "nt", "ntpath", "nturl2path", "numbers", "opcode", "operator", "optparse",
    "os", "ossaudiodev", "pathlib", "pdb", "pickle", "pickletools", "pipes", "pkgutil",
    "platform", "plistlib", "poplib", "posix", "posixpath", "pprint", "profile", "pstats",
    "pty", "pwd", "py_compile", "pyclbr", "pydoc", "pydoc_data", "pyexpat", "queue",
    "quopri", "random", "re", "readline", "reprlib", "resource", "rlcompleter", "runpy",
    "sched", "secrets", "select", "selectors", "shelve", "shlex", "shutil", "signal",
    "site", "smtplib", "sndhdr", "socket", "socketserver", "spwd", "sqlite3", "sre_compile",
    "sre_constants", "sre_parse", "ssl", "stat", "statistics", "string", "stringprep",
    "struct", "subprocess", "sunau", "symtable", "sys", "sysconfig", "syslog", "tabnanny",
    "tarfile", "telnetlib", "tempfile", "termios", "textwrap", "this", "threading", "time",
    "timeit", "tkinter", "token", "tokenize", "tomllib", "trace", "traceback",
    "tracemalloc", "tty", "turtle", "turtledemo", "types", "typing", "unicodedata",
    "unittest", "urllib", "uu", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser",
    "winreg", "winsound", "wsgiref", "xdrlib", "xml", "xmlrpc", "zipapp", "zipfile",
    "zipimport", "zlib", "zoneinfo",
};

static const char *const builtin_names[] = {
    "_abc", "_ast", "_codecs", "_collections", "_functools", "_imp", "_io", "_locale",
    "_operator", "_signal", "_sre", "_stat", "_string", "_symtable", "_thread", "_tokenize",
    "_tracemalloc", "_typing", "_warnings", "_weakref", "atexit", "builtins", "errno",
    "faulthandler", "gc", "itertools", "marshal", "posix", "pwd", "sys", "time",
};

static Obj *str_tuple(const char *const *names, size_t n)
{
    Obj *t = tuple_new((Ssize)n);
    if (!t) return NULL;
    for (size_t i = 0; i < n; i++) {
        Obj *s = str_intern_cstr(names[i]);
        if (!s) {
            DECREF(t);
            return NULL;
        }
        TUPLE_ITEMS(t)[i] = s;
    }
    return t;
}

static Obj *make_version_info(PyVer v)
{
    Obj *vals[5] = {int_from_i64(PYV_MAJOR(v)), int_from_i64(PYV_MINOR(v)),
                    int_from_i64(micro_of(v)), str_from_cstr("final"), int_from_i64(0)};
    return structseq_make(&version_info_type, vals, 5);
}

static Obj *make_flags(void)
{
    const char *seed = getenv("PYTHONHASHSEED");
    bool randomized = !(seed && strcmp(seed, "0") == 0);
    Obj *vals[18];
    for (int i = 0; i < 18; i++) vals[i] = int_from_i64(0);
    obj_setref(&vals[11], int_from_i64(randomized));
    obj_setref(&vals[13], bool_from(false));
    obj_setref(&vals[16], bool_from(false));
    obj_setref(&vals[17], int_from_i64(int_max_str_digits));
    return structseq_make(&flags_type, vals, 18);
}

static Obj *make_float_info(void)
{
    Obj *vals[11] = {float_from_double(DBL_MAX), int_from_i64(DBL_MAX_EXP),
                     int_from_i64(DBL_MAX_10_EXP), float_from_double(DBL_MIN),
                     int_from_i64(DBL_MIN_EXP), int_from_i64(DBL_MIN_10_EXP),
                     int_from_i64(DBL_DIG), int_from_i64(DBL_MANT_DIG),
                     float_from_double(DBL_EPSILON), int_from_i64(FLT_RADIX), int_from_i64(1)};
    return structseq_make(&float_info_type, vals, 11);
}

static Obj *make_int_info(void)
{
    Obj *vals[4] = {int_from_i64(30), int_from_i64(4), int_from_i64(INT_DEFAULT_MAX_STR_DIGITS),
                    int_from_i64(640)};
    return structseq_make(&int_info_type, vals, 4);
}

static Obj *make_hash_info(void)
{
    Obj *vals[9] = {int_from_i64(64), int_from_i64(2305843009213693951LL), int_from_i64(314159),
                    int_from_i64(0), int_from_i64(1000003), str_from_cstr("siphash13"),
                    int_from_i64(64), int_from_i64(128), int_from_i64(0)};
    return structseq_make(&hash_info_type, vals, 9);
}

static Obj *make_thread_info(void)
{
    Obj *vals[3] = {str_from_cstr("pthread"), str_from_cstr("semaphore"),
                    str_from_cstr("NPTL 2.36")};
    return structseq_make(&thread_info_type, vals, 3);
}

static Obj *make_implementation(PyVer v, Obj *version_info, int64_t hexversion)
{
    if (type_ready(&simplenamespace_type) < 0) return NULL;
    Obj *ns = ns_new(&simplenamespace_type, NULL, 0, NULL);
    if (!ns) return NULL;
    Obj *d = ((NamespaceObj *)ns)->dict;
    char tag[32];
    snprintf(tag, sizeof tag, "cpython-%d%d", PYV_MAJOR(v), PYV_MINOR(v));
    Obj *name = str_from_cstr("cpython"), *ct = str_from_cstr(tag);
    Obj *hv = int_from_i64(hexversion), *ma = str_from_cstr("x86_64-linux-gnu");
    int rc = -1;
    if (name && ct && hv && ma && dict_set_str(d, "name", name) == 0 &&
        dict_set_str(d, "cache_tag", ct) == 0 && dict_set_str(d, "version", version_info) == 0 &&
        dict_set_str(d, "hexversion", hv) == 0 && dict_set_str(d, "_multiarch", ma) == 0)
        rc = 0;
    XDECREF(name); XDECREF(ct); XDECREF(hv); XDECREF(ma);
    if (rc < 0) {
        DECREF(ns);
        return NULL;
    }
    return ns;
}

static Obj *make_stdlib_names(void)
{
    Obj *t = str_tuple(stdlib_names, sizeof stdlib_names / sizeof *stdlib_names);
    if (!t) return NULL;
    Obj *fs = frozenset_new(t);
    DECREF(t);
    return fs;
}

static Obj *argv_list(int argc, char **argv)
{
    Obj *l = list_new(0);
    if (!l) return NULL;
    for (int i = 0; i < argc; i++) {
        Obj *s = str_decode(argv[i], (Ssize)strlen(argv[i]), "utf-8", "surrogateescape");
        if (!s || list_append(l, s) < 0) {
            XDECREF(s);
            DECREF(l);
            return NULL;
        }
        DECREF(s);
    }
    return l;
}

/* sys.path[0]: the program's directory with symlinks resolved. */
static Obj *program_dir(const char *program_path)
{
    char *copy = xstrdup(program_path ? program_path : ".");
    char *slash = strrchr(copy, '/');
    const char *dir = ".";
    if (slash == copy) dir = "/";
    else if (slash) {
        *slash = 0;
        dir = copy;
    }
    char *real = realpath(dir, NULL);
    Obj *s = str_decode(real ? real : dir, (Ssize)strlen(real ? real : dir), "utf-8",
                        "surrogateescape");
    free(real);
    free(copy);
    return s;
}

/* sys.path after the program's directory, as CPython 3.12 builds it for
 * its prefix: the zip and lib-dynload entries always, site-packages when it
 * exists.  The standard library directory is how modules pydbg does not
 * implement natively are found: their compiled .pyc files in __pycache__
 * run in the VM like the program's own (doc/design.md, "Standard library"). */
static int add_library_path(Obj *path)
{
    static const char *const tails[] = {
        "/lib/python312.zip", "/lib/python3.12", "/lib/python3.12/lib-dynload",
        "/lib/python3.12/site-packages",
    };
    const char *prefix = pyprefix_find();
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        SBuf b = SBUF_INIT;
        sbuf_puts(&b, prefix);
        sbuf_puts(&b, tails[i]);
        struct stat st;
        bool keep = i < 3 || (stat(sbuf_cstr(&b), &st) == 0 && S_ISDIR(st.st_mode));
        Obj *s = keep ? str_decode(sbuf_cstr(&b), (Ssize)b.len, "utf-8", "surrogateescape") : NULL;
        sbuf_free(&b);
        if (keep && (!s || list_append(path, s) < 0)) {
            XDECREF(s);
            return -1;
        }
        XDECREF(s);
    }
    return 0;
}

static Obj *executable_path(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n < 0) n = 0;
    buf[n] = 0;
    return str_decode(buf, (Ssize)n, "utf-8", "surrogateescape");
}

#if defined(__clang__)
#define COMPILER "[Clang " __clang_version__ "]"
#elif defined(__GNUC__)
#define COMPILER "[GCC " __VERSION__ "]"
#else
#define COMPILER "[C compiler]"
#endif

static int add(Obj *m, const char *name, Obj *v) { return module_add(m, name, v); }

int sys_init(int argc, char **argv, const char *program_path)
{
    static TypeObj *const seqtypes[] = {&version_info_type, &flags_type, &float_info_type,
                                        &int_info_type, &hash_info_type, &thread_info_type};
    vm_static_roots(&trace_func, 1);
    vm_static_roots(&profile_func, 1);
    vm_static_roots(&asyncgen_firstiter, 1);
    vm_static_roots(&asyncgen_finalizer, 1);
    for (size_t i = 0; i < sizeof seqtypes / sizeof *seqtypes; i++)
        if (structseq_ready(seqtypes[i]) < 0) return -1;
    Obj *m = module_new("sys");
    if (!m) return -1;
    PyVer v = cur_ver();
    int maj = PYV_MAJOR(v), min = PYV_MINOR(v), mic = micro_of(v);
    int64_t hexversion = ((int64_t)maj << 24) | (min << 16) | (mic << 8) | 0xF0;
    char version[256];
    snprintf(version, sizeof version, "%d.%d.%d (pydbg " PACKAGE_VERSION ", %s, %s) %s", maj,
             min, mic, __DATE__, __TIME__, COMPILER);
    Obj *vi = make_version_info(v);
    if (!vi) goto fail;
    if (add(m, "version_info", INCREF(vi)) < 0 ||
        add(m, "implementation", make_implementation(v, vi, hexversion)) < 0) {
        DECREF(vi);
        goto fail;
    }
    DECREF(vi);
    Obj *modules = vm && vm->modules ? INCREF(vm->modules) : dict_new();
    if (!modules) goto fail;
    Obj *path = list_new(0);
    Obj *dir = program_dir(program_path);
    if (!path || !dir || list_append(path, dir) < 0 || add_library_path(path) < 0) {
        XDECREF(path);
        XDECREF(dir);
        DECREF(modules);
        goto fail;
    }
    DECREF(dir);
    if (module_add_functions(m, sys_methods) < 0 ||
        add(m, "modules", INCREF(modules)) < 0 ||
        add(m, "path", path) < 0 ||
        add(m, "argv", argv_list(argc, argv)) < 0 ||
        add(m, "orig_argv", argv_list(argc, argv)) < 0 ||
        add(m, "version", str_from_cstr(version)) < 0 ||
        add(m, "hexversion", int_from_i64(hexversion)) < 0 ||
        add(m, "api_version", int_from_i64(1013)) < 0 ||
        add(m, "flags", make_flags()) < 0 ||
        add(m, "float_info", make_float_info()) < 0 ||
        add(m, "int_info", make_int_info()) < 0 ||
        add(m, "hash_info", make_hash_info()) < 0 ||
        add(m, "thread_info", make_thread_info()) < 0 ||
        add(m, "maxsize", int_from_i64(INT64_MAX)) < 0 ||
        add(m, "maxunicode", int_from_i64(0x10FFFF)) < 0 ||
        add(m, "byteorder", str_from_cstr("little")) < 0 ||
        add(m, "platform", str_from_cstr("linux")) < 0 ||
        add(m, "float_repr_style", str_from_cstr("short")) < 0 ||
        add(m, "abiflags", str_from_cstr("")) < 0 ||
        add(m, "platlibdir", str_from_cstr("lib")) < 0 ||
        add(m, "copyright", str_from_cstr("Copyright (c) 2001-2023 Python Software Foundation.\n"
                                          "All Rights Reserved.\n\n"
                                          "Copyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\n"
                                          "Copyright (c) 1995-2001 Corporation for National "
                                          "Research Initiatives.\nAll Rights Reserved.\n\n"
                                          "Copyright (c) 1991-1995 Stichting Mathematisch "
                                          "Centrum, Amsterdam.\nAll Rights Reserved.")) < 0 ||
        add(m, "builtin_module_names",
            str_tuple(builtin_names, sizeof builtin_names / sizeof *builtin_names)) < 0 ||
        add(m, "stdlib_module_names", make_stdlib_names()) < 0 ||
        add(m, "executable", executable_path()) < 0 ||
        add(m, "_base_executable", executable_path()) < 0 ||
        add(m, "prefix", str_from_cstr(pyprefix_find())) < 0 ||
        add(m, "base_prefix", str_from_cstr(pyprefix_find())) < 0 ||
        add(m, "exec_prefix", str_from_cstr(pyprefix_find())) < 0 ||
        add(m, "base_exec_prefix", str_from_cstr(pyprefix_find())) < 0 ||
        add(m, "warnoptions", list_new(0)) < 0 ||
        add(m, "_xoptions", dict_new()) < 0 ||
        add(m, "dont_write_bytecode", bool_from(true)) < 0 ||
        add(m, "pycache_prefix", INCREF(NONE)) < 0 ||
        add(m, "meta_path", list_new(0)) < 0 ||
        add(m, "path_hooks", list_new(0)) < 0 ||
        add(m, "path_importer_cache", dict_new()) < 0 ||
        add(m, "_git", tuple_pack(3, id_str("CPython"), id_str(""), id_str(""))) < 0 ||
        add(m, "_framework", str_from_cstr("")) < 0) {
        DECREF(modules);
        goto fail;
    }
    Obj *d = module_dict_borrow(m);
    static const char *const hooks[][2] = {{"__excepthook__", "excepthook"},
                                           {"__displayhook__", "displayhook"},
                                           {"__breakpointhook__", "breakpointhook"}};
    for (size_t i = 0; i < 3; i++) {
        Obj *f = dict_get_str_borrow(d, hooks[i][1]);
        if (!f || dict_set_str(d, hooks[i][0], f) < 0) {
            DECREF(modules);
            goto fail;
        }
    }
    if (dict_set_str(modules, "sys", m) < 0 ||
        (vm && vm->builtins_module && dict_set_str(modules, "builtins", vm->builtins_module) < 0)) {
        DECREF(modules);
        goto fail;
    }
    if (vm) {
        obj_setref(&vm->modules, modules);
        obj_setref(&vm->sys, m);
    } else {
        DECREF(modules);
        DECREF(m);
    }
    return 0;
fail:
    DECREF(m);
    return -1;
}

/* An uncaught SystemExit: its code decides the exit status. */
int sys_exit_status(Obj *exc)
{
    Obj *code = NULL;
    if (EXC_CHECK(exc) && type_is_subtype(OBJ_TYPE(exc), &exc_SystemExit)) {
        if (obj_lookup_attr(exc, id_str("code"), &code) < 0) vm_err_clear();
    } else {
        code = INCREF(exc);
    }
    if (!code || code == NONE) {
        XDECREF(code);
        return 0;
    }
    if (INT_CHECK(code)) {
        int64_t v;
        if (int_as_i64(code, &v) < 0) {
            vm_err_clear();
            v = -1;
        }
        DECREF(code);
        return (int)(v & 0xFF);
    }
    /* anything else is printed to sys.stderr, status 1 */
    Obj *out = sys_get_borrow("stderr");
    if (out == NONE) out = NULL;
    Obj *s = obj_str(code);
    if (!s) {
        vm_err_clear();
    } else {
        io_write_str(out, s);
        DECREF(s);
        vm_err_clear();
    }
    io_write_cstr(out, "\n");
    vm_err_clear();
    DECREF(code);
    return 1;
}
