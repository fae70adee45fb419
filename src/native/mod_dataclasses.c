/* mod_dataclasses.c — the `dataclasses` module of CPython 3.12: @dataclass
 * (init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots),
 * field(), Field, fields(), asdict(), astuple(), replace(), is_dataclass(),
 * MISSING, KW_ONLY, InitVar and FrozenInstanceError.
 *
 * CPython generates the methods as Python source; here every generated
 * method is a DcMethod descriptor (kind + the class's DcSpec) that binds
 * like a function and behaves as the generated code does: __init__ binds
 * its arguments with the messages of a Python function named
 * "Point.__init__", __repr__ prints `Qualname(x=1, y=2)` with a recursion
 * guard, __eq__/order compare field tuples of the same class only, a
 * frozen class refuses assignment with FrozenInstanceError.  The Field
 * objects stay the source of truth (__dataclass_fields__); DcSpec is their
 * compiled form for one class.
 */
#include "config.h"

#include <string.h>

#include "src/native/modutil.h"
#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

static Obj *missing_obj, *kw_only_obj, *field_cls, *frozen_err_cls, *initvar_cls;
static Obj *ft_field, *ft_classvar, *ft_initvar;   /* _FIELD, _FIELD_CLASSVAR, _FIELD_INITVAR */

/* ---- compiled field specs ---------------------------------------------------------- */

typedef struct DcSpec {
    Obj base;
    Obj *cls;                 /* the dataclass */
    Ssize n;                  /* FIELD and INITVAR entries, in order */
    Obj **names, **defaults, **factories;   /* defaults/factories NULL: missing */
    unsigned char *init, *repr, *compare, *hashf, *kwonly, *initvar;
    bool frozen, has_post_init;
} DcSpec;

TypeObj dcspec_type, dcmethod_type;

static void spec_dealloc(Obj *o)
{
    DcSpec *s = (DcSpec *)o;
    gc_untrack(o);
    XDECREF(s->cls);
    for (Ssize i = 0; i < s->n; i++) {
        XDECREF(s->names[i]);
        XDECREF(s->defaults[i]);
        XDECREF(s->factories[i]);
    }
    free(s->names);
    free(s->defaults);
    free(s->factories);
    free(s->init);
    obj_free(o);
}

static int spec_traverse(Obj *o, VisitFn visit, void *arg)
{
    DcSpec *s = (DcSpec *)o;
    int r;
    if (s->cls && (r = visit(s->cls, arg))) return r;
    for (Ssize i = 0; i < s->n; i++) {
        if (s->defaults[i] && (r = visit(s->defaults[i], arg))) return r;
        if (s->factories[i] && (r = visit(s->factories[i], arg))) return r;
    }
    return 0;
}

static int spec_clear(Obj *o)
{
    CLEAR(((DcSpec *)o)->cls);
    return 0;
}

TypeObj dcspec_type = {
    .base = TYPE_HEAD_INIT, .name = "dataclasses._Spec", .basicsize = sizeof(DcSpec),
    .flags = TPF_GC, .dealloc = spec_dealloc, .traverse = spec_traverse, .clear = spec_clear,
};

enum { DC_INIT, DC_REPR, DC_EQ, DC_LT, DC_LE, DC_GT, DC_GE, DC_HASH, DC_SETATTR, DC_DELATTR };
static const char *const dc_names[] = {"__init__", "__repr__", "__eq__", "__lt__", "__le__",
                                       "__gt__", "__ge__", "__hash__", "__setattr__", "__delattr__"};

typedef struct DcMethod { Obj base; DcSpec *spec; int kind; } DcMethod;

static Obj *getattr_s(Obj *o, const char *name) { return obj_getattr_str(o, name); }

static bool is_missing(Obj *o) { return o == missing_obj; }

/* ---- the generated methods --------------------------------------------------------- */

static const char *class_qualname_c(DcSpec *s, Obj **keep)
{
    *keep = obj_getattr_str(s->cls, "__qualname__");
    if (!*keep || !STR_CHECK(*keep)) {
        vm_err_clear();
        return type_name((TypeObj *)s->cls);
    }
    Ssize n;
    return str_utf8_lossy(*keep, &n);
}

static int set_field(DcSpec *s, Obj *self, Obj *name, Obj *v)
{
    return s->frozen ? obj_generic_setattr(self, name, v) : obj_setattr(self, name, v);
}

/* The __init__ dataclasses compiles from a string has its `def` on line 2,
 * one line per field it assigns, then the __post_init__ call: an error
 * leaving line `line` gets that frame (File "<string>", line N). */
static void init_failed(int line)
{
    _Static_assert(TBG_DATACLASSES_GENERATED_INIT_LINE_42 - TBG_DATACLASSES_GENERATED_INIT_LINE_3 == 39,
                   "tbframes_gen.h: the __init__ lines are consecutive");
    if (line >= 3 && line <= 42)
        tbframe_push(&tbgen_dataclasses_generated, TBG_DATACLASSES_GENERATED_INIT_LINE_3 + (line - 3));
}

static Obj *dc_init(DcSpec *s, Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *keep;
    const char *cq = class_qualname_c(s, &keep);
    char fname[512];
    snprintf(fname, sizeof fname, "%s.__init__", cq);
    XDECREF(keep);
    Ssize npos = 0, nkwonly = 0, minpos = 0;
    for (Ssize i = 0; i < s->n; i++) {
        if (!s->init[i]) continue;
        if (s->kwonly[i]) nkwonly++;
        else {
            npos++;
            if (!s->defaults[i] && !s->factories[i]) minpos = npos;
        }
    }
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    Obj **vals = xmalloc(sizeof(Obj *) * (size_t)(s->n + 1));
    for (Ssize i = 0; i < s->n; i++) vals[i] = NULL;
    Obj *r = NULL;
    if (nargs > npos) {
        Ssize kwgiven = 0;
        for (Ssize k = 0; k < nkw; k++)
            for (Ssize i = 0; i < s->n; i++)
                if (s->init[i] && s->kwonly[i] && str_eq(TUPLE_ITEMS(kwnames)[k], s->names[i])) kwgiven++;
        args_err_too_many_positional(fname, minpos + 1, npos + 1, nargs + 1, kwgiven);
        goto out;
    }
    {
        Ssize p = 0;
        for (Ssize i = 0; i < s->n && p < nargs; i++)
            if (s->init[i] && !s->kwonly[i]) vals[i] = args[p++];
    }
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        Ssize i;
        for (i = 0; i < s->n; i++)
            if (s->init[i] && str_eq(kn, s->names[i])) break;
        if (i == s->n) {
            if (str_eq_cstr(kn, "self")) args_err_multiple_values(fname, kn);
            else args_err_unexpected_kw(fname, kn);
            goto out;
        }
        if (vals[i]) {
            args_err_multiple_values(fname, kn);
            goto out;
        }
        vals[i] = args[nargs + k];
    }
    for (int pass = 0; pass < 2; pass++) {
        Obj *miss[64];
        Ssize nm = 0;
        for (Ssize i = 0; i < s->n; i++)
            if (s->init[i] && (bool)s->kwonly[i] == (bool)pass && !vals[i] && !s->defaults[i] &&
                !s->factories[i] && nm < 64)
                miss[nm++] = s->names[i];
        if (nm) {
            args_err_missing(fname, miss, nm, pass == 1);
            goto out;
        }
    }
    {
        Obj *iv = list_new(0);
        if (!iv) goto out;
        int line = 3;
        for (Ssize i = 0; i < s->n; i++) {
            Obj *v = NULL;
            if (s->init[i]) {
                if (vals[i]) v = INCREF(vals[i]);
                else if (s->factories[i]) v = obj_call(s->factories[i], NULL, 0, NULL);
                else v = INCREF(s->defaults[i]);
            } else if (s->factories[i] && !s->initvar[i]) {
                v = obj_call(s->factories[i], NULL, 0, NULL);
            } else {
                continue;
            }
            if (!v) {
                DECREF(iv);
                init_failed(line);
                goto out;
            }
            int rc = s->initvar[i] ? list_append(iv, v) : set_field(s, self, s->names[i], v);
            DECREF(v);
            if (rc < 0) {
                DECREF(iv);
                if (!s->initvar[i]) init_failed(line);
                goto out;
            }
            if (!s->initvar[i]) line++;
        }
        if (s->has_post_init) {
            Obj *pr = obj_call_method(self, "__post_init__", LIST_ITEMS(iv), LIST_LEN(iv));
            if (!pr) {
                DECREF(iv);
                init_failed(line);
                goto out;
            }
            DECREF(pr);
        }
        DECREF(iv);
        r = INCREF(NONE);
    }
out:
    free(vals);
    return r;
}

static Obj *dc_repr(DcSpec *s, Obj *self)
{
    int rr = repr_enter(self);
    if (rr != 0) return rr > 0 ? str_from_cstr("...") : NULL;
    Obj *qn = obj_getattr_str((Obj *)OBJ_TYPE(self), "__qualname__");
    SBuf b = SBUF_INIT;
    Obj *res = NULL;
    if (qn) {
        Ssize n;
        const char *u = str_utf8_lossy(qn, &n);
        sbuf_put(&b, u, (size_t)n);
        sbuf_putc(&b, '(');
        bool first = true, ok = true;
        for (Ssize i = 0; i < s->n; i++) {
            if (!s->repr[i] || s->initvar[i]) continue;
            Obj *v = obj_getattr(self, s->names[i]);
            Obj *vr = v ? obj_repr(v) : NULL;
            XDECREF(v);
            if (!vr) { ok = false; break; }
            if (!first) sbuf_puts(&b, ", ");
            first = false;
            u = str_utf8_lossy(s->names[i], &n);
            sbuf_put(&b, u, (size_t)n);
            sbuf_putc(&b, '=');
            u = str_utf8_lossy(vr, &n);
            sbuf_put(&b, u, (size_t)n);
            DECREF(vr);
        }
        sbuf_putc(&b, ')');
        if (ok) res = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
        DECREF(qn);
    }
    sbuf_free(&b);
    repr_leave(self);
    return res;
}

/* Tuple of the fields selected by sel (compare or hash flags). */
static Obj *field_tuple(DcSpec *s, Obj *self, const unsigned char *sel)
{
    Obj *l = list_new(0);
    for (Ssize i = 0; l && i < s->n; i++) {
        if (!sel[i] || s->initvar[i]) continue;
        Obj *v = obj_getattr(self, s->names[i]);
        if (!v || list_append(l, v) < 0) CLEAR(l);
        XDECREF(v);
    }
    if (!l) return NULL;
    Obj *t = list_as_tuple(l);
    DECREF(l);
    return t;
}

static Obj *dc_compare(DcSpec *s, Obj *self, Obj *other, int op)
{
    if (OBJ_TYPE(other) != OBJ_TYPE(self)) return INCREF(NOTIMPL);
    Obj *a = field_tuple(s, self, s->compare), *b = a ? field_tuple(s, other, s->compare) : NULL;
    Obj *r = b ? obj_richcompare(a, b, op) : NULL;
    XDECREF(a);
    XDECREF(b);
    return r;
}

static Obj *dc_hash(DcSpec *s, Obj *self)
{
    Obj *t = field_tuple(s, self, s->hashf);
    if (!t) return NULL;
    Hash h = obj_hash(t);
    DECREF(t);
    if (h == -1) return NULL;
    return int_from_i64(h);
}

static bool is_field_name(DcSpec *s, Obj *name)
{
    for (Ssize i = 0; i < s->n; i++)
        if (STR_CHECK(name) && str_eq(name, s->names[i])) return true;
    return false;
}

static Obj *dc_setattr(DcSpec *s, Obj *self, Obj *name, Obj *value)
{
    if ((Obj *)OBJ_TYPE(self) == s->cls || is_field_name(s, name)) {
        Obj *msg = value ? str_from_fmt("cannot assign to field %R", name) : str_from_fmt("cannot delete field %R", name);
        Obj *e = msg ? obj_call(frozen_err_cls, &msg, 1, NULL) : NULL;
        XDECREF(msg);
        if (e) vm_err_restore(e);
        /* the frame of the method dataclasses compiles from a string */
        return tbframe_fail(&tbgen_dataclasses_generated, value ? TBG_DATACLASSES_GENERATED_FROZEN_SETATTR
                                                                : TBG_DATACLASSES_GENERATED_FROZEN_DELATTR);
    }
    if (obj_generic_setattr(self, name, value) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *dcm_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    DcMethod *m = (DcMethod *)o;
    DcSpec *s = m->spec;
    if (nargs < 1) {
        Obj *keep;
        const char *cq = class_qualname_c(s, &keep);
        vm_err_format(&exc_TypeError, "%s.%s() missing 1 required positional argument: 'self'", cq,
                      dc_names[m->kind]);
        XDECREF(keep);
        return NULL;
    }
    Obj *self = args[0];
    args++;
    nargs--;
    if (m->kind == DC_INIT) return dc_init(s, self, args, nargs, kwnames);
    Ssize want = m->kind == DC_SETATTR ? 2 : (m->kind == DC_REPR || m->kind == DC_HASH) ? 0 : 1;
    if (nargs != want || (kwnames && TUPLE_LEN(kwnames))) {
        Obj *keep;
        const char *cq = class_qualname_c(s, &keep);
        vm_err_format(&exc_TypeError, "%s.%s() takes %zd positional argument%s but %zd were given", cq,
                      dc_names[m->kind], want + 1, want ? "s" : "", nargs + 1);
        XDECREF(keep);
        return NULL;
    }
    switch (m->kind) {
    case DC_REPR: return dc_repr(s, self);
    case DC_EQ: return dc_compare(s, self, args[0], CMP_EQ);
    case DC_LT: return dc_compare(s, self, args[0], CMP_LT);
    case DC_LE: return dc_compare(s, self, args[0], CMP_LE);
    case DC_GT: return dc_compare(s, self, args[0], CMP_GT);
    case DC_GE: return dc_compare(s, self, args[0], CMP_GE);
    case DC_HASH: return dc_hash(s, self);
    case DC_SETATTR: return dc_setattr(s, self, args[0], args[1]);
    case DC_DELATTR: return dc_setattr(s, self, args[0], NULL);
    }
    return NULL;
}

static Obj *dcm_get(Obj *o, Obj *obj, Obj *type)
{
    (void)type;
    if (!obj || obj == NONE) return INCREF(o);
    return method_new(o, obj);
}

static Obj *dcm_repr(Obj *o)
{
    DcMethod *m = (DcMethod *)o;
    Obj *keep;
    const char *cq = class_qualname_c(m->spec, &keep);
    Obj *r = str_from_fmt("<function %s.%s at %p>", cq, dc_names[m->kind], (void *)o);
    XDECREF(keep);
    return r;
}

static Obj *dcm_get_name(Obj *o, void *c)
{
    (void)c;
    return str_from_cstr(dc_names[((DcMethod *)o)->kind]);
}

static Obj *dcm_get_qualname(Obj *o, void *c)
{
    (void)c;
    DcMethod *m = (DcMethod *)o;
    Obj *keep;
    const char *cq = class_qualname_c(m->spec, &keep);
    Obj *r = str_from_fmt("%s.%s", cq, dc_names[m->kind]);
    XDECREF(keep);
    return r;
}

static GetSetDef dcm_getset[] = {
    {"__name__", dcm_get_name, NULL, NULL, NULL},
    {"__qualname__", dcm_get_qualname, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static void dcm_dealloc(Obj *o)
{
    gc_untrack(o);
    XDECREF((Obj *)((DcMethod *)o)->spec);
    obj_free(o);
}

static int dcm_traverse(Obj *o, VisitFn visit, void *arg)
{
    DcMethod *m = (DcMethod *)o;
    return m->spec ? visit((Obj *)m->spec, arg) : 0;
}

TypeObj dcmethod_type = {
    .base = TYPE_HEAD_INIT, .name = "function", .basicsize = sizeof(DcMethod),
    .flags = TPF_GC | TPF_METHOD_DESCR, .getattro = obj_generic_getattr, .dealloc = dcm_dealloc,
    .traverse = dcm_traverse, .call = dcm_call, .descr_get = dcm_get, .repr = dcm_repr,
    .getset = dcm_getset,
};

static Obj *dcmethod_new(DcSpec *s, int kind)
{
    DcMethod *m = (DcMethod *)obj_alloc(&dcmethod_type, 0);
    if (!m) return NULL;
    m->spec = (DcSpec *)INCREF((Obj *)s);
    m->kind = kind;
    return (Obj *)m;
}

/* ---- Field ------------------------------------------------------------------------------------ */

static const char *const field_attrs[] = {"name", "type", "default", "default_factory", "init", "repr",
                                          "hash", "compare", "metadata", "kw_only", "_field_type"};

static Obj *make_field(Obj *const vals[11])
{
    Obj *f = obj_call(field_cls, NULL, 0, NULL);
    for (int i = 0; f && i < 11; i++)
        if (obj_setattr(f, id_str(field_attrs[i]), vals[i]) < 0) CLEAR(f);
    return f;
}

static Obj *field_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "Field(");
    for (int i = 0; i < 11; i++) {
        Obj *v = getattr_s(self, field_attrs[i]);
        Obj *r = v ? obj_repr(v) : NULL;
        XDECREF(v);
        if (!r) {
            sbuf_free(&b);
            return NULL;
        }
        Ssize n;
        const char *u = str_utf8_lossy(r, &n);
        sbuf_printf(&b, "%s%s=", i ? "," : "", field_attrs[i]);
        sbuf_put(&b, u, (size_t)n);
        DECREF(r);
    }
    sbuf_putc(&b, ')');
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *field_set_name(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"owner", "name"};
    Obj *v[2];
    if (mh_bind_m("Field.__set_name__", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    args = v;
    /* forward to the default value's __set_name__, as Field does */
    Obj *d = getattr_s(self, "default");
    if (!d) return NULL;
    Obj *fn = NULL;
    if (obj_lookup_attr((Obj *)OBJ_TYPE(d), id_str("__set_name__"), &fn) < 0) {
        DECREF(d);
        return NULL;
    }
    Obj *r = INCREF(NONE);
    if (fn) {
        Obj *a[3] = {d, args[0], args[1]};
        DECREF(r);
        r = obj_call(fn, a, 3, NULL);
        DECREF(fn);
    }
    DECREF(d);
    return r;
}

static const MethodDef field_methods[] = {
    {"__repr__", field_repr, METH_NOARGS, NULL},
    {"__set_name__", field_set_name, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *dc_field(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"default", "default_factory", "init", "repr", "hash",
                                        "compare", "metadata", "kw_only"};
    if (nargs) {
        vm_err_format(&exc_TypeError, "field() takes 0 positional arguments but %zd %s given", nargs,
                      nargs == 1 ? "was" : "were");
        return NULL;
    }
    Obj *v[8];
    if (args_parse("field", args, nargs, kwnames, names, 8, 0, 0, v) < 0) return NULL;
    Obj *dflt = v[0] ? v[0] : missing_obj, *fac = v[1] ? v[1] : missing_obj;
    if (!is_missing(dflt) && !is_missing(fac)) {
        vm_err_set_str(&exc_ValueError, "cannot specify both default and default_factory");
        return NULL;
    }
    Obj *md = v[6] && v[6] != NONE ? INCREF(v[6]) : dict_new();
    Obj *mp = md ? mappingproxy_new(md) : NULL;
    XDECREF(md);
    if (!mp) return NULL;
    Obj *vals[11] = {NONE, NONE, dflt, fac, v[2] ? v[2] : TRUE_, v[3] ? v[3] : TRUE_,
                     v[4] ? v[4] : NONE, v[5] ? v[5] : TRUE_, mp, v[7] ? v[7] : missing_obj, NONE};
    Obj *f = make_field(vals);
    DECREF(mp);
    return f;
}

/* ---- processing a class ------------------------------------------------------------------------- */

typedef struct DcParams {
    bool init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots;
} DcParams;

static bool is_classvar(Obj *type)
{
    if (STR_CHECK(type)) {
        /* string annotations count only once typing is imported, as in CPython */
        if (!vm->modules || !dict_get_str_borrow(vm->modules, "typing")) return false;
        Ssize n;
        const char *s = str_utf8_lossy(type, &n);
        return !strncmp(s, "ClassVar", 8) || !strncmp(s, "typing.ClassVar", 15);
    }
    Obj *tn = NULL;
    int is = 0;
    Obj *origin = NULL;
    if (obj_lookup_attr(type, id_str("__origin__"), &origin) > 0 && origin) {
        Obj *r = obj_repr(origin);
        if (r && str_eq_cstr(r, "typing.ClassVar")) is = 1;
        XDECREF(r);
        DECREF(origin);
    } else {
        vm_err_clear();
    }
    if (!is) {
        tn = obj_repr(type);
        if (tn && str_eq_cstr(tn, "typing.ClassVar")) is = 1;
        XDECREF(tn);
        if (!tn) vm_err_clear();
    }
    return is;
}

static bool is_initvar(Obj *type)
{
    if (!initvar_cls) return false;
    if (type == initvar_cls) return true;
    if (type_is_subtype(OBJ_TYPE(type), (TypeObj *)initvar_cls)) return true;
    if (STR_CHECK(type)) {
        Ssize n;
        const char *s = str_utf8_lossy(type, &n);
        return !strncmp(s, "InitVar", 7) || !strncmp(s, "dataclasses.InitVar", 19);
    }
    return false;
}

static int attr_true(Obj *o, const char *name, bool *out)
{
    Obj *v = getattr_s(o, name);
    if (!v) return -1;
    int t = obj_is_true(v);
    DECREF(v);
    if (t < 0) return -1;
    *out = t;
    return 0;
}

static DcSpec *build_spec(Obj *cls, Obj *fields_dict, bool frozen)
{
    DcSpec *s = (DcSpec *)obj_alloc(&dcspec_type, 0);
    if (!s) return NULL;
    s->cls = INCREF(cls);
    s->frozen = frozen;
    Ssize cap = dict_len(fields_dict);
    s->names = xmalloc(sizeof(Obj *) * (size_t)(cap + 1));
    s->defaults = xmalloc(sizeof(Obj *) * (size_t)(cap + 1));
    s->factories = xmalloc(sizeof(Obj *) * (size_t)(cap + 1));
    s->init = xmalloc((size_t)(cap + 1) * 6);
    s->repr = s->init + (cap + 1);
    s->compare = s->repr + (cap + 1);
    s->hashf = s->compare + (cap + 1);
    s->kwonly = s->hashf + (cap + 1);
    s->initvar = s->kwonly + (cap + 1);
    Ssize pos = 0;
    Obj *k, *f;
    while (dict_next(fields_dict, &pos, &k, &f)) {
        Obj *ft = getattr_s(f, "_field_type");
        if (!ft) goto fail;
        bool skip = ft == ft_classvar, iv = ft == ft_initvar;
        DECREF(ft);
        if (skip) continue;
        Ssize i = s->n;
        s->names[i] = INCREF(k);
        s->defaults[i] = s->factories[i] = NULL;
        s->n++;
        Obj *d = getattr_s(f, "default"), *fac = d ? getattr_s(f, "default_factory") : NULL;
        if (!fac) {
            XDECREF(d);
            goto fail;
        }
        if (!is_missing(d)) s->defaults[i] = d; else DECREF(d);
        if (!is_missing(fac)) s->factories[i] = fac; else DECREF(fac);
        bool b;
        if (attr_true(f, "init", &b) < 0) goto fail;
        s->init[i] = b;
        if (attr_true(f, "repr", &b) < 0) goto fail;
        s->repr[i] = b;
        if (attr_true(f, "compare", &b) < 0) goto fail;
        s->compare[i] = b;
        Obj *h = getattr_s(f, "hash");
        if (!h) goto fail;
        if (h == NONE) s->hashf[i] = s->compare[i];
        else {
            int t = obj_is_true(h);
            if (t < 0) { DECREF(h); goto fail; }
            s->hashf[i] = t;
        }
        DECREF(h);
        if (attr_true(f, "kw_only", &b) < 0) goto fail;
        s->kwonly[i] = b;
        s->initvar[i] = iv;
    }
    Obj *pi = NULL;
    if (obj_lookup_attr(cls, id_str("__post_init__"), &pi) < 0) goto fail;
    s->has_post_init = pi != NULL;
    XDECREF(pi);
    return s;
fail:
    DECREF(s);
    return NULL;
}

static int in_class_dict(Obj *cls, const char *name)
{
    return dict_get_str_borrow(((TypeObj *)cls)->dict, name) != NULL;
}

static int set_method(Obj *cls, DcSpec *s, int kind, bool overwrite_error)
{
    if (in_class_dict(cls, dc_names[kind])) {
        if (overwrite_error) {
            Obj *nm = obj_getattr_str(cls, "__name__");
            if (nm) {
                if (kind >= DC_LT && kind <= DC_GE)
                    vm_err_format(&exc_TypeError,
                                  "Cannot overwrite attribute %s in class %S. Consider using functools.total_ordering",
                                  dc_names[kind], nm);
                else
                    vm_err_format(&exc_TypeError, "Cannot overwrite attribute %s in class %S", dc_names[kind], nm);
                DECREF(nm);
            }
            return -1;
        }
        return 0;
    }
    return mu_type_set((TypeObj *)cls, dc_names[kind], dcmethod_new(s, kind));
}

static Obj *process_class(Obj *cls, const DcParams *p)
{
    if (!TYPE_CHECK(cls)) {
        vm_err_set_str(&exc_TypeError, "dataclass() should be called on a class");
        return NULL;
    }
    if (p->order && !p->eq) {
        vm_err_set_str(&exc_ValueError, "eq must be true if order is true");
        return NULL;
    }
    TypeObj *t = (TypeObj *)cls;
    Obj *fields = dict_new();
    if (!fields) return NULL;
    /* fields of dataclass bases, most basic first */
    Obj *mro = t->mro;
    for (Ssize i = TUPLE_LEN(mro) - 1; i >= 1; i--) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
        Obj *bf = b->dict ? dict_get_str_borrow(b->dict, "__dataclass_fields__") : NULL;
        if (!bf || !DICT_CHECK(bf)) continue;
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(bf, &pos, &k, &v))
            if (dict_set(fields, k, v) < 0) goto fail;
    }
    Obj *ann = dict_get_str_borrow(t->dict, "__annotations__");
    bool kw_only = p->kw_only;
    if (ann && DICT_CHECK(ann)) {
        Obj *items = dict_items_list(ann);
        if (!items) goto fail;
        bool seen_default = false;
        for (Ssize i = 0; i < LIST_LEN(items); i++) {
            Obj *name = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *type = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
            if (type == kw_only_obj || (STR_CHECK(type) && (str_eq_cstr(type, "KW_ONLY") ||
                                                           str_eq_cstr(type, "dataclasses.KW_ONLY")))) {
                kw_only = true;
                continue;
            }
            Obj *dflt = NULL;
            if (obj_lookup_attr(cls, name, &dflt) < 0) { DECREF(items); goto fail; }
            if (dflt && IS_TYPE(dflt, member_descr_type)) CLEAR(dflt);
            Obj *f;
            bool from_field = dflt && type_is_subtype(OBJ_TYPE(dflt), (TypeObj *)field_cls);
            if (from_field) {
                f = INCREF(dflt);
            } else {
                Obj *md = dict_new();
                Obj *mp = md ? mappingproxy_new(md) : NULL;
                XDECREF(md);
                Obj *vals[11] = {NONE, NONE, dflt ? dflt : missing_obj, missing_obj, TRUE_, TRUE_, NONE,
                                 TRUE_, mp, missing_obj, NONE};
                f = mp ? make_field(vals) : NULL;
                XDECREF(mp);
            }
            if (!f) { XDECREF(dflt); DECREF(items); goto fail; }
            Obj *ft = is_classvar(type) ? ft_classvar : is_initvar(type) ? ft_initvar : ft_field;
            int rc = obj_setattr(f, id_str("name"), name);
            if (rc == 0) rc = obj_setattr(f, id_str("type"), type);
            if (rc == 0) rc = obj_setattr(f, id_str("_field_type"), ft);
            Obj *kwo = rc == 0 ? getattr_s(f, "kw_only") : NULL;
            if (kwo && is_missing(kwo)) rc = obj_setattr(f, id_str("kw_only"), kw_only ? TRUE_ : FALSE_);
            XDECREF(kwo);
            Obj *fd = rc == 0 ? getattr_s(f, "default") : NULL;
            Obj *ff = fd ? getattr_s(f, "default_factory") : NULL;
            if (!ff) rc = -1;
            if (rc == 0 && ft == ft_field && !is_missing(fd) && OBJ_TYPE(fd)->hash == hash_not_implemented) {
                vm_err_format(&exc_ValueError,
                              "mutable default %R for field %S is not allowed: use default_factory",
                              (Obj *)OBJ_TYPE(fd), name);
                rc = -1;
            }
            if (rc == 0 && ft == ft_classvar && !is_missing(ff)) {
                vm_err_format(&exc_TypeError, "field %S cannot have a default factory", name);
                rc = -1;
            }
            /* the class attribute becomes the plain default (or goes) */
            if (rc == 0 && from_field) {
                if (is_missing(fd)) {
                    if (dict_get_borrow(t->dict, name) && dict_del(t->dict, name) < 0) rc = -1;
                    type_modified(t);
                } else {
                    rc = obj_setattr(cls, name, fd);
                }
            }
            bool kwf = false;
            if (rc == 0 && ft != ft_classvar && attr_true(f, "kw_only", &kwf) < 0) rc = -1;
            bool initf = true;
            if (rc == 0 && ft != ft_classvar && attr_true(f, "init", &initf) < 0) rc = -1;
            if (rc == 0 && ft != ft_classvar && initf && !kwf) {
                bool has = !is_missing(fd) || !is_missing(ff);
                if (has) seen_default = true;
                else if (seen_default) {
                    vm_err_format(&exc_TypeError, "non-default argument %R follows default argument", name);
                    rc = -1;
                }
            }
            XDECREF(fd);
            XDECREF(ff);
            if (rc == 0) rc = dict_set(fields, name, f);
            DECREF(f);
            XDECREF(dflt);
            if (rc < 0) { DECREF(items); goto fail; }
        }
        DECREF(items);
    }
    /* a Field in the class without an annotation */
    {
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(t->dict, &pos, &k, &v))
            if (type_is_subtype(OBJ_TYPE(v), (TypeObj *)field_cls) && !(ann && dict_get_borrow(ann, k))) {
                vm_err_format(&exc_TypeError, "%R is a field but has no type annotation", k);
                goto fail;
            }
    }
    /* base-class defaults ordering check across inheritance */
    {
        Ssize pos = 0;
        Obj *k, *f;
        bool seen = false;
        while (dict_next(fields, &pos, &k, &f)) {
            Obj *ft = getattr_s(f, "_field_type");
            if (!ft) goto fail;
            bool std = ft != ft_classvar;
            DECREF(ft);
            if (!std) continue;
            bool initf, kwf;
            if (attr_true(f, "init", &initf) < 0 || attr_true(f, "kw_only", &kwf) < 0) goto fail;
            if (!initf || kwf) continue;
            Obj *fd = getattr_s(f, "default"), *ff = fd ? getattr_s(f, "default_factory") : NULL;
            if (!ff) { XDECREF(fd); goto fail; }
            bool has = !is_missing(fd) || !is_missing(ff);
            DECREF(fd);
            DECREF(ff);
            if (has) seen = true;
            else if (seen) {
                vm_err_format(&exc_TypeError, "non-default argument %R follows default argument", k);
                goto fail;
            }
        }
    }
    if (p->slots) {
        /* a new class with __slots__ for the fields */
        Obj *ns = dict_copy(t->dict);
        Obj *names = list_new(0);
        if (!ns || !names) { XDECREF(ns); XDECREF(names); goto fail; }
        Ssize pos = 0;
        Obj *k, *f;
        while (dict_next(fields, &pos, &k, &f)) {
            Obj *ft = getattr_s(f, "_field_type");
            bool std = ft == ft_field;
            XDECREF(ft);
            if (!std) continue;
            if (list_append(names, k) < 0 || (dict_get_borrow(ns, k) && dict_del(ns, k) < 0)) {
                DECREF(ns); DECREF(names); goto fail;
            }
        }
        if (dict_get_str_borrow(ns, "__dict__")) dict_del(ns, id_str("__dict__"));
        if (dict_get_str_borrow(ns, "__weakref__")) dict_del(ns, id_str("__weakref__"));
        Obj *slots = list_as_tuple(names);
        DECREF(names);
        if (!slots || dict_set_str(ns, "__slots__", slots) < 0) { XDECREF(slots); DECREF(ns); goto fail; }
        DECREF(slots);
        Obj *nm = obj_getattr_str(cls, "__name__");
        Obj *qn = nm ? obj_getattr_str(cls, "__qualname__") : NULL;
        if (qn && dict_set_str(ns, "__qualname__", qn) < 0) CLEAR(qn);
        Obj *ncls = qn ? type_new_class(OBJ_TYPE(cls), nm, t->bases, ns, NULL) : NULL;
        XDECREF(nm);
        XDECREF(qn);
        DECREF(ns);
        if (!ncls) goto fail;
        cls = ncls;   /* owned from here */
        t = (TypeObj *)cls;
    } else {
        INCREF(cls);
    }
    if (mu_type_set(t, "__dataclass_fields__", INCREF(fields)) < 0) goto fail_cls;
    DcSpec *s = build_spec(cls, fields, p->frozen);
    if (!s) goto fail_cls;
    int rc = 0;
    if (p->init) rc = set_method(cls, s, DC_INIT, false);
    if (rc == 0 && p->repr) rc = set_method(cls, s, DC_REPR, false);
    if (rc == 0 && p->eq) rc = set_method(cls, s, DC_EQ, false);
    if (rc == 0 && p->order)
        for (int k = DC_LT; rc == 0 && k <= DC_GE; k++) rc = set_method(cls, s, k, true);
    if (rc == 0 && p->frozen) {
        rc = set_method(cls, s, DC_SETATTR, true);
        if (rc == 0) rc = set_method(cls, s, DC_DELATTR, true);
    }
    if (rc == 0) {
        Obj *ch = dict_get_str_borrow(t->dict, "__hash__");
        bool explicit_hash = ch && !(ch == NONE && in_class_dict(cls, "__eq__"));
        if (p->unsafe_hash) {
            if (explicit_hash) {
                Obj *nm = obj_getattr_str(cls, "__name__");
                if (nm) vm_err_format(&exc_TypeError, "Cannot overwrite attribute __hash__ in class %S", nm);
                XDECREF(nm);
                rc = -1;
            } else {
                rc = mu_type_set(t, "__hash__", dcmethod_new(s, DC_HASH));
            }
        } else if (p->eq && p->frozen && !explicit_hash) {
            rc = mu_type_set(t, "__hash__", dcmethod_new(s, DC_HASH));
        } else if (p->eq && !p->frozen && !explicit_hash) {
            rc = mu_type_set(t, "__hash__", INCREF(NONE));
        }
    }
    if (rc == 0 && p->match_args && !in_class_dict(cls, "__match_args__")) {
        Obj *l = list_new(0);
        for (Ssize i = 0; l && i < s->n; i++)
            if (s->init[i] && !s->kwonly[i] && list_append(l, s->names[i]) < 0) CLEAR(l);
        Obj *tup = l ? list_as_tuple(l) : NULL;
        XDECREF(l);
        rc = mu_type_set(t, "__match_args__", tup);
    }
    if (rc == 0) {
        Obj *doc = dict_get_str_borrow(t->dict, "__doc__");
        if (!doc || doc == NONE) {
            SBuf b = SBUF_INIT;
            sbuf_puts(&b, type_name(t));
            sbuf_putc(&b, '(');
            bool first = true, star = false;
            for (Ssize i = 0; i < s->n; i++) {
                if (!s->init[i]) continue;
                Ssize n;
                if (!first) sbuf_puts(&b, ", ");
                first = false;
                if (s->kwonly[i] && !star) {
                    sbuf_puts(&b, "*, ");
                    star = true;
                }
                const char *u = str_utf8_lossy(s->names[i], &n);
                sbuf_put(&b, u, (size_t)n);
                /* the annotation as inspect.formatannotation shows it */
                Obj *f = dict_get_borrow(fields, s->names[i]);
                Obj *ty = f ? getattr_s(f, "type") : NULL;
                Obj *tx = NULL;
                if (ty && TYPE_CHECK(ty)) {
                    Obj *mod = obj_getattr_str(ty, "__module__");
                    Obj *qn = mod ? obj_getattr_str(ty, "__qualname__") : NULL;
                    if (qn) tx = str_eq_cstr(mod, "builtins") ? INCREF(qn) : str_from_fmt("%S.%S", mod, qn);
                    XDECREF(mod);
                    XDECREF(qn);
                } else if (ty && ty != NONE) {
                    Obj *r = obj_repr(ty);
                    Obj *a = str_from_cstr("typing."), *e = str_from_cstr("");
                    if (r && a && e) tx = obj_call_method(r, "replace", (Obj *[]){a, e}, 2);
                    XDECREF(r);
                    XDECREF(a);
                    XDECREF(e);
                } else if (ty == NONE) {
                    tx = str_from_cstr("None");
                }
                XDECREF(ty);
                if (!tx) vm_err_clear();
                if (tx) {
                    u = str_utf8_lossy(tx, &n);
                    sbuf_puts(&b, ": ");
                    sbuf_put(&b, u, (size_t)n);
                    DECREF(tx);
                }
                if (s->defaults[i] || s->factories[i]) {
                    sbuf_puts(&b, tx ? " = " : "=");
                    if (s->factories[i]) {
                        sbuf_puts(&b, "<factory>");
                    } else {
                        Obj *r = obj_repr(s->defaults[i]);
                        if (r) {
                            u = str_utf8_lossy(r, &n);
                            sbuf_put(&b, u, (size_t)n);
                            DECREF(r);
                        } else {
                            vm_err_clear();
                        }
                    }
                }
            }
            sbuf_putc(&b, ')');
            rc = mu_type_set(t, "__doc__", str_from_utf8(sbuf_cstr(&b), (Ssize)b.len));
            sbuf_free(&b);
        }
    }
    DECREF(s);
    DECREF(fields);
    if (rc < 0) {
        DECREF(cls);
        return NULL;
    }
    return cls;
fail_cls:
    DECREF(cls);
fail:
    DECREF(fields);
    return NULL;
}

static int params_from_kw(Obj *const *args, Ssize nargs, Obj *kwnames, DcParams *p)
{
    static const char *const names[] = {"init", "repr", "eq", "order", "unsafe_hash", "frozen",
                                        "match_args", "kw_only", "slots", "weakref_slot"};
    bool *slots[] = {&p->init, &p->repr, &p->eq, &p->order, &p->unsafe_hash, &p->frozen,
                     &p->match_args, &p->kw_only, &p->slots, NULL};
    *p = (DcParams){true, true, true, false, false, false, true, false, false};
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        int i;
        for (i = 0; i < 10; i++)
            if (str_eq_cstr(kn, names[i])) break;
        if (i == 10) {
            vm_err_format(&exc_TypeError, "dataclass() got an unexpected keyword argument '%S'", kn);
            return -1;
        }
        int t = obj_is_true(args[nargs + k]);
        if (t < 0) return -1;
        if (slots[i]) *slots[i] = t;
    }
    return 0;
}

/* The decorator returned by dataclass(...) with keyword arguments: a
 * builtin bound to a tuple of the 9 flags. */
static Obj *dc_wrap(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    DcParams p;
    bool *f[] = {&p.init, &p.repr, &p.eq, &p.order, &p.unsafe_hash, &p.frozen, &p.match_args,
                 &p.kw_only, &p.slots};
    for (int i = 0; i < 9; i++) *f[i] = TUPLE_ITEMS(self)[i] == TRUE_;
    return process_class(args[0], &p);
}
static const MethodDef dc_wrap_def = {"wrap", dc_wrap, METH_O, NULL};

static Obj *dc_dataclass(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    DcParams p;
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "dataclass() takes from 0 to 1 positional arguments but %zd were given", nargs);
        return NULL;
    }
    if (params_from_kw(args, nargs, kwnames, &p) < 0) return NULL;
    if (nargs == 1 && args[0] != NONE) return process_class(args[0], &p);
    Obj *t = tuple_new(9);
    if (!t) return NULL;
    bool f[] = {p.init, p.repr, p.eq, p.order, p.unsafe_hash, p.frozen, p.match_args, p.kw_only, p.slots};
    for (int i = 0; i < 9; i++) TUPLE_ITEMS(t)[i] = bool_from(f[i]);
    Obj *w = builtin_new(&dc_wrap_def, t, NULL);
    DECREF(t);
    return w;
}

/* ---- fields / asdict / astuple / replace / is_dataclass -------------------------------------------- */

static Obj *fields_dict_of(Obj *o)
{
    Obj *cls = TYPE_CHECK(o) ? o : (Obj *)OBJ_TYPE(o);
    Obj *d = NULL;
    if (obj_lookup_attr(cls, id_str("__dataclass_fields__"), &d) < 0) return NULL;
    if (!d || !DICT_CHECK(d)) {
        XDECREF(d);
        vm_err_set_str(&exc_TypeError, "must be called with a dataclass type or instance");
        return NULL;
    }
    return d;
}

static Obj *dc_fields(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *d = fields_dict_of(args[0]);
    if (!d) return tbframe_fail(&tbgen_dataclasses, TBG_DATACLASSES_FIELDS_TYPE);
    Obj *l = list_new(0);
    Ssize pos = 0;
    Obj *k, *f;
    while (l && dict_next(d, &pos, &k, &f)) {
        Obj *ft = getattr_s(f, "_field_type");
        if (!ft) { CLEAR(l); break; }
        if (ft == ft_field && list_append(l, f) < 0) CLEAR(l);
        DECREF(ft);
    }
    DECREF(d);
    if (!l) return NULL;
    Obj *t = list_as_tuple(l);
    DECREF(l);
    return t;
}

static bool is_dc_instance(Obj *o)
{
    if (TYPE_CHECK(o)) return false;
    Obj *d = NULL;
    if (obj_lookup_attr((Obj *)OBJ_TYPE(o), id_str("__dataclass_fields__"), &d) < 0) {
        vm_err_clear();
        return false;
    }
    XDECREF(d);
    return d != NULL;
}

static Obj *as_inner(Obj *o, Obj *factory, bool tuple_mode)
{
    if (vm_enter_c(" in dataclasses.asdict") < 0) return NULL;
    Obj *r = NULL;
    if (is_dc_instance(o)) {
        Obj *fs = dc_fields(NULL, &o, 1, NULL);
        Obj *l = fs ? list_new(0) : NULL;
        for (Ssize i = 0; l && i < TUPLE_LEN(fs); i++) {
            Obj *name = getattr_s(TUPLE_ITEMS(fs)[i], "name");
            Obj *v = name ? obj_getattr(o, name) : NULL;
            Obj *iv = v ? as_inner(v, factory, tuple_mode) : NULL;
            Obj *item = iv ? (tuple_mode ? INCREF(iv) : tuple_pack(2, name, iv)) : NULL;
            if (!item || list_append(l, item) < 0) CLEAR(l);
            XDECREF(name);
            XDECREF(v);
            XDECREF(iv);
            XDECREF(item);
        }
        XDECREF(fs);
        if (l) r = obj_call(factory, &l, 1, NULL);
        XDECREF(l);
    } else if (TUPLE_CHECK(o) && type_lookup(OBJ_TYPE(o), id_str("_fields"))) {
        Obj *l = list_new(TUPLE_LEN(o));
        for (Ssize i = 0; l && i < TUPLE_LEN(o); i++) {
            Obj *v = as_inner(TUPLE_ITEMS(o)[i], factory, tuple_mode);
            if (!v) CLEAR(l);
            else LIST_ITEMS(l)[i] = v;
        }
        if (l) r = obj_call((Obj *)OBJ_TYPE(o), LIST_ITEMS(l), LIST_LEN(l), NULL);
        XDECREF(l);
    } else if (LIST_CHECK(o) || TUPLE_CHECK(o)) {
        Ssize n = LIST_CHECK(o) ? LIST_LEN(o) : TUPLE_LEN(o);
        Obj *l = list_new(n);
        for (Ssize i = 0; l && i < n; i++) {
            Obj *v = as_inner(LIST_CHECK(o) ? LIST_ITEMS(o)[i] : TUPLE_ITEMS(o)[i], factory, tuple_mode);
            if (!v) CLEAR(l);
            else LIST_ITEMS(l)[i] = v;
        }
        if (l) r = obj_call((Obj *)OBJ_TYPE(o), &l, 1, NULL);
        XDECREF(l);
    } else if (DICT_CHECK(o)) {
        Obj *l = list_new(0);
        Ssize pos = 0;
        Obj *k, *v;
        while (l && dict_next(o, &pos, &k, &v)) {
            Obj *ik = as_inner(k, factory, tuple_mode), *iv = ik ? as_inner(v, factory, tuple_mode) : NULL;
            Obj *t = iv ? tuple_pack(2, ik, iv) : NULL;
            if (!t || list_append(l, t) < 0) CLEAR(l);
            XDECREF(ik);
            XDECREF(iv);
            XDECREF(t);
        }
        if (l) r = obj_call((Obj *)OBJ_TYPE(o), &l, 1, NULL);
        XDECREF(l);
    } else {
        /* copy.deepcopy(o): immutable values are themselves */
        Obj *copy = NULL;
        Obj *mod = import_name(id_str("copy"), NULL, NULL, 0);
        if (mod) {
            copy = obj_call_method(mod, "deepcopy", &o, 1);
            DECREF(mod);
        } else {
            vm_err_clear();
            copy = INCREF(o);
        }
        r = copy;
    }
    vm_leave_c();
    return r;
}

static Obj *as_common(Obj *const *args, Ssize nargs, Obj *kwnames, bool tuple_mode)
{
    const char *fn = tuple_mode ? "astuple" : "asdict";
    static const char *const names_d[] = {"obj", "dict_factory"};
    static const char *const names_t[] = {"obj", "tuple_factory"};
    Obj *v[2];
    if (args_parse(fn, args, nargs, kwnames, tuple_mode ? names_t : names_d, 2, 1, 1, v) < 0) return NULL;
    if (!is_dc_instance(v[0])) {
        vm_err_format(&exc_TypeError, "%s() should be called on dataclass instances", fn);
        return tbframe_fail(&tbgen_dataclasses, tuple_mode ? TBG_DATACLASSES_ASTUPLE_TYPE : TBG_DATACLASSES_ASDICT_TYPE);
    }
    Obj *factory = v[1] ? v[1] : (Obj *)(tuple_mode ? &tuple_type : &dict_type);
    return as_inner(v[0], factory, tuple_mode);
}

static Obj *dc_asdict(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return as_common(a, n, k, false); }
static Obj *dc_astuple(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return as_common(a, n, k, true); }

static Obj *dc_replace(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (nargs != 1) {
        vm_err_format(&exc_TypeError, "replace() takes 1 positional argument but %zd were given", nargs);
        return NULL;
    }
    Obj *obj = args[0];
    if (!is_dc_instance(obj)) {
        vm_err_set_str(&exc_TypeError, "replace() should be called on dataclass instances");
        return tbframe_fail(&tbgen_dataclasses, TBG_DATACLASSES_REPLACE_TYPE);
    }
    Obj *changes = dict_new();
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize k = 0; changes && k < nkw; k++)
        if (dict_set(changes, TUPLE_ITEMS(kwnames)[k], args[nargs + k]) < 0) CLEAR(changes);
    Obj *fd = changes ? fields_dict_of(obj) : NULL;
    if (!fd) {
        XDECREF(changes);
        return NULL;
    }
    Ssize pos = 0;
    Obj *name, *f;
    while (dict_next(fd, &pos, &name, &f)) {
        Obj *ft = getattr_s(f, "_field_type");
        if (!ft) goto fail;
        bool cv = ft == ft_classvar, iv = ft == ft_initvar;
        DECREF(ft);
        if (cv) continue;
        bool initf;
        if (attr_true(f, "init", &initf) < 0) goto fail;
        int has = dict_contains(changes, name);
        if (has < 0) goto fail;
        if (!initf) {
            if (has) {
                vm_err_format(&exc_ValueError,
                              "field %S is declared with init=False, it cannot be specified with replace()", name);
                tbframe_push(&tbgen_dataclasses, TBG_DATACLASSES_REPLACE_INIT_FALSE);
                goto fail;
            }
            continue;
        }
        if (!has) {
            if (iv) {
                vm_err_format(&exc_ValueError, "InitVar %R must be specified with replace()", name);
                goto fail;
            }
            Obj *v = obj_getattr(obj, name);
            if (!v || dict_set(changes, name, v) < 0) {
                XDECREF(v);
                goto fail;
            }
            DECREF(v);
        }
    }
    DECREF(fd);
    {
        Obj *names = dict_keys_list(changes), *vals = names ? dict_values_list(changes) : NULL;
        Obj *kwn = vals ? list_as_tuple(names) : NULL;
        Obj *r = kwn ? obj_call((Obj *)OBJ_TYPE(obj), LIST_ITEMS(vals), 0, TUPLE_LEN(kwn) ? kwn : NULL) : NULL;
        XDECREF(names);
        XDECREF(vals);
        XDECREF(kwn);
        DECREF(changes);
        /* dataclasses.py's `return obj.__class__(**changes)` */
        return r ? r : tbframe_fail(&tbgen_dataclasses, TBG_DATACLASSES_REPLACE_CALL);
    }
fail:
    DECREF(fd);
    DECREF(changes);
    return NULL;
}

static Obj *dc_is_dataclass(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *cls = TYPE_CHECK(args[0]) ? args[0] : (Obj *)OBJ_TYPE(args[0]);
    Obj *d = NULL;
    if (obj_lookup_attr(cls, id_str("__dataclass_fields__"), &d) < 0) return NULL;
    XDECREF(d);
    return bool_from(d != NULL);
}

/* ---- small classes ------------------------------------------------------------------------------ */

static Obj *ftype_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return obj_getattr_str(self, "name");
}

static const MethodDef ftype_methods[] = {
    {"__repr__", ftype_repr, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *initvar_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    if (nargs != 1) {
        vm_err_set_str(&exc_TypeError, "InitVar.__init__() missing 1 required positional argument: 'type'");
        return NULL;
    }
    return obj_setattr(self, id_str("type"), args[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *initvar_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *t = obj_getattr_str(self, "type");
    if (!t) return NULL;
    Obj *n = NULL;
    if (TYPE_CHECK(t)) n = obj_getattr_str(t, "__name__");
    else n = obj_repr(t);
    DECREF(t);
    if (!n) return NULL;
    Obj *r = str_from_fmt("dataclasses.InitVar[%S]", n);
    DECREF(n);
    return r;
}

static Obj *initvar_class_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    /* called as a class method of a heap class: args[0] is the class */
    if (nargs < 2) {
        vm_err_set_str(&exc_TypeError,
                       "InitVar.__class_getitem__() missing 1 required positional argument: 'type'");
        return NULL;
    }
    if (nargs > 2) {
        vm_err_format(&exc_TypeError,
                      "InitVar.__class_getitem__() takes 2 positional arguments but %zd were given", nargs);
        return NULL;
    }
    return obj_call(args[0], &args[1], 1, NULL);
}

static const MethodDef initvar_methods[] = {
    {"__init__", initvar_init, METH_FAST, NULL},
    {"__repr__", initvar_repr, METH_NOARGS, NULL},
    {"__class_getitem__", initvar_class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef no_methods[] = {{NULL, NULL, 0, NULL}};

static Obj *ftype_base;   /* _FIELD_BASE */

static Obj *make_ftype(const char *name)
{
    if (!ftype_base && !(ftype_base = mu_class_new("_FIELD_BASE", "dataclasses", NULL, ftype_methods)))
        return NULL;
    Obj *o = obj_call(ftype_base, NULL, 0, NULL);
    Obj *n = str_from_cstr(name);
    if (o && (!n || obj_setattr(o, id_str("name"), n) < 0)) CLEAR(o);
    XDECREF(n);
    return o;
}

static int make_objects(void)
{
    if (missing_obj) return 0;
    if (type_ready(&dcspec_type) < 0 || type_ready(&dcmethod_type) < 0) return -1;
    Obj *mc = mu_class_new("_MISSING_TYPE", "dataclasses", NULL, no_methods);
    Obj *kc = mc ? mu_class_new("_KW_ONLY_TYPE", "dataclasses", NULL, no_methods) : NULL;
    missing_obj = mc ? obj_call(mc, NULL, 0, NULL) : NULL;
    kw_only_obj = kc ? obj_call(kc, NULL, 0, NULL) : NULL;
    XDECREF(mc);
    XDECREF(kc);
    if (!missing_obj || !kw_only_obj) return -1;
    if (!(field_cls = mu_class_new("Field", "dataclasses", NULL, field_methods))) return -1;
    Obj *bases = tuple_pack(1, (Obj *)&exc_AttributeError);
    frozen_err_cls = bases ? mu_class_new("FrozenInstanceError", "dataclasses", bases, no_methods) : NULL;
    XDECREF(bases);
    if (!frozen_err_cls) return -1;
    if (!(initvar_cls = mu_class_new("InitVar", "dataclasses", NULL, initvar_methods))) return -1;
    ft_field = make_ftype("_FIELD");
    ft_classvar = make_ftype("_FIELD_CLASSVAR");
    ft_initvar = make_ftype("_FIELD_INITVAR");
    return ft_field && ft_classvar && ft_initvar ? 0 : -1;
}

static const MethodDef dc_functions[] = {
    {"dataclass", dc_dataclass, METH_FAST, "Add dunder methods based on the fields defined in the class."},
    {"field", dc_field, METH_FAST, "Return an object to identify dataclass fields."},
    {"fields", dc_fields, METH_O, "Return a tuple describing the fields of this dataclass."},
    {"asdict", dc_asdict, METH_FAST, "Return the fields of a dataclass instance as a new dictionary mapping\nfield names to field values."},
    {"astuple", dc_astuple, METH_FAST, "Return the fields of a dataclass instance as a new tuple of field values."},
    {"replace", dc_replace, METH_FAST, "Return a new object replacing specified fields with new values."},
    {"is_dataclass", dc_is_dataclass, METH_O, "Returns True if obj is a dataclass or an instance of a\ndataclass."},
    {NULL, NULL, 0, NULL},
};

static Obj *dataclasses_init(void)
{
    Obj *m = module_new("dataclasses");
    if (!m) return NULL;
    if (make_objects() < 0 || module_add_functions(m, dc_functions) < 0 ||
        module_add(m, "MISSING", INCREF(missing_obj)) < 0 ||
        module_add(m, "KW_ONLY", INCREF(kw_only_obj)) < 0 ||
        module_add(m, "Field", INCREF(field_cls)) < 0 ||
        module_add(m, "FrozenInstanceError", INCREF(frozen_err_cls)) < 0 ||
        module_add(m, "InitVar", INCREF(initvar_cls)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_dataclasses_register(void)
{
    vm_static_roots(&missing_obj, 1);
    vm_static_roots(&kw_only_obj, 1);
    vm_static_roots(&field_cls, 1);
    vm_static_roots(&frozen_err_cls, 1);
    vm_static_roots(&initvar_cls, 1);
    vm_static_roots(&ft_field, 1);
    vm_static_roots(&ft_classvar, 1);
    vm_static_roots(&ft_initvar, 1);
    vm_static_roots(&ftype_base, 1);
    import_register_native("dataclasses", dataclasses_init);
}
