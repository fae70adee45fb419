/* typevars.c — the objects of PEP 695 type-parameter syntax (3.12+):
 * TypeVar, ParamSpec, TypeVarTuple, TypeAliasType and typing.Generic, as
 * far as a program without the typing module needs them.
 *
 * The compiler creates them through CALL_INTRINSIC_1/2 (eval.c calls
 * vm_intrinsic_typevar); bounds, constraints and alias values are computed
 * lazily by calling the function the compiler made for them, on first
 * access, as CPython does.  Reprs are CPython's: a PEP 695 TypeVar (variance
 * inferred) shows its bare name, `*Ts` for an unpacked TypeVarTuple.
 *
 * Invariants: name is a str; the lazily computed fields are NULL until
 * evaluated.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/vm/vmint.h"

typedef struct TypeVarObj {
    Obj base;
    Obj *name;
    Obj *bound, *evaluate_bound;
    Obj *constraints, *evaluate_constraints;
    Obj *module;
    bool covariant, contravariant, infer_variance;
} TypeVarObj;

typedef struct AliasObj {
    Obj base;
    Obj *name, *type_params, *compute_value, *value, *module;
} AliasObj;

typedef struct UnpackObj { Obj base; Obj *tvt; } UnpackObj;

static TypeObj typevar_type, paramspec_type, typevartuple_type, typealias_type, unpack_type;
static TypeObj generic_type;
static TypeObj psargs_type, pskwargs_type;

/* ---- shared plumbing ---------------------------------------------------------------- */

static void tv_dealloc(Obj *o)
{
    TypeVarObj *t = (TypeVarObj *)o;
    gc_untrack(o);
    CLEAR(t->name);
    CLEAR(t->bound);
    CLEAR(t->evaluate_bound);
    CLEAR(t->constraints);
    CLEAR(t->evaluate_constraints);
    CLEAR(t->module);
    obj_free(o);
}

static int tv_traverse(Obj *o, VisitFn visit, void *arg)
{
    TypeVarObj *t = (TypeVarObj *)o;
    Obj *f[] = {t->name, t->bound, t->evaluate_bound, t->constraints, t->evaluate_constraints,
                t->module};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i] && visit(f[i], arg))
            return 1;
    return 0;
}

static Obj *caller_module(void)
{
    Frame *f = vm->frame;
    Obj *m = f && f->globals ? dict_get_str_borrow(f->globals, "__name__") : NULL;
    return m ? INCREF(m) : NULL;
}

static Obj *tv_make(TypeObj *t, Obj *name, bool infer)
{
    if (!STR_CHECK(name)) {
        vm_err_set_str(&exc_TypeError, "type parameter name must be a string");
        return NULL;
    }
    TypeVarObj *v = (TypeVarObj *)obj_alloc(t, 0);
    if (!v)
        return NULL;
    v->name = INCREF(name);
    v->infer_variance = infer;
    v->module = caller_module();
    return (Obj *)v;
}

static Obj *tv_repr(Obj *o)
{
    TypeVarObj *t = (TypeVarObj *)o;
    if (IS_TYPE(o, typevartuple_type) || t->infer_variance)
        return INCREF(t->name);
    const char *prefix = t->covariant ? "+" : t->contravariant ? "-" : "~";
    return str_from_fmt("%s%S", prefix, t->name);
}

#define TV(o) ((TypeVarObj *)(o))
static Obj *tv_get_name(Obj *o, void *c) { (void)c; return INCREF(TV(o)->name); }
static Obj *tv_get_module(Obj *o, void *c) { (void)c; return INCREF(TV(o)->module ? TV(o)->module : NONE); }
static Obj *tv_get_cov(Obj *o, void *c) { (void)c; return bool_from(TV(o)->covariant); }
static Obj *tv_get_contra(Obj *o, void *c) { (void)c; return bool_from(TV(o)->contravariant); }
static Obj *tv_get_infer(Obj *o, void *c) { (void)c; return bool_from(TV(o)->infer_variance); }

static Obj *tv_get_bound(Obj *o, void *c)
{
    (void)c;
    TypeVarObj *t = TV(o);
    if (!t->bound && t->evaluate_bound) {
        t->bound = obj_call(t->evaluate_bound, NULL, 0, NULL);
        if (!t->bound)
            return NULL;
    }
    return INCREF(t->bound ? t->bound : NONE);
}

static Obj *tv_get_constraints(Obj *o, void *c)
{
    (void)c;
    TypeVarObj *t = TV(o);
    if (!t->constraints && t->evaluate_constraints) {
        t->constraints = obj_call(t->evaluate_constraints, NULL, 0, NULL);
        if (!t->constraints)
            return NULL;
    }
    return t->constraints ? INCREF(t->constraints) : tuple_new(0);
}
#undef TV

static Obj *tv_or(Obj *a, Obj *b)
{
    Obj *args = tuple_pack(2, a, b);
    if (!args)
        return NULL;
    Obj *r = obj_call((Obj *)&union_type, &args, 1, NULL);
    DECREF(args);
    return r;
}

static NumberMethods tv_as_number = {.or_ = tv_or};

static Obj *tv_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    return INCREF(((TypeVarObj *)self)->name);
}

static MethodDef tv_methods[] = {
    {"__reduce__", tv_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef typevar_getset[] = {
    {"__name__", tv_get_name, NULL, NULL, NULL},
    {"__module__", tv_get_module, NULL, NULL, NULL},
    {"__bound__", tv_get_bound, NULL, NULL, NULL},
    {"__constraints__", tv_get_constraints, NULL, NULL, NULL},
    {"__covariant__", tv_get_cov, NULL, NULL, NULL},
    {"__contravariant__", tv_get_contra, NULL, NULL, NULL},
    {"__infer_variance__", tv_get_infer, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- P.args / P.kwargs: typing.ParamSpecArgs / ParamSpecKwargs ----------------------- */

typedef struct PsAttrObj { Obj base; Obj *origin; } PsAttrObj;

static Obj *psattr_make(TypeObj *t, Obj *origin)
{
    PsAttrObj *a = (PsAttrObj *)obj_alloc(t, 0);
    if (a)
        a->origin = INCREF(origin);
    return (Obj *)a;
}

static Obj *psattr_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"origin"};
    Obj *v[1];
    const char *fn = t == &psargs_type ? "paramspecargs" : "paramspeckwargs";
    if (args_parse(fn, args, nargs, kw, names, 1, 0, 1, v) < 0)
        return NULL;
    return psattr_make(t, v[0]);
}

static void psattr_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((PsAttrObj *)o)->origin);
    obj_free(o);
}

static int psattr_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *origin = ((PsAttrObj *)o)->origin;
    return origin ? visit(origin, arg) : 0;
}

/* P.args for a ParamSpec origin, else repr(origin).args */
static Obj *psattr_repr(Obj *o)
{
    Obj *origin = ((PsAttrObj *)o)->origin;
    const char *which = IS_TYPE(o, psargs_type) ? "args" : "kwargs";
    if (IS_TYPE(origin, paramspec_type))
        return str_from_fmt("%S.%s", ((TypeVarObj *)origin)->name, which);
    return str_from_fmt("%R.%s", origin, which);
}

static Obj *psattr_richcompare(Obj *a, Obj *b, int op)
{
    if (OBJ_TYPE(a) != OBJ_TYPE(b) || (op != CMP_EQ && op != CMP_NE))
        return INCREF(NOTIMPL);
    return obj_richcompare(((PsAttrObj *)a)->origin, ((PsAttrObj *)b)->origin, op);
}

static Obj *psattr_mro_entries(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    vm_err_format(&exc_TypeError, "Cannot subclass an instance of %s",
                  IS_TYPE(self, psargs_type) ? "ParamSpecArgs" : "ParamSpecKwargs");
    return NULL;
}

static Obj *psattr_get_origin(Obj *o, void *c)
{
    (void)c;
    return INCREF(((PsAttrObj *)o)->origin);
}

static MethodDef psattr_methods[] = {
    {"__mro_entries__", psattr_mro_entries, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef psattr_getset[] = {
    {"__origin__", psattr_get_origin, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj psargs_type = {
    .base = TYPE_HEAD_INIT, .name = "typing.ParamSpecArgs", .basicsize = sizeof(PsAttrObj), .flags = TPF_GC,
    .dealloc = psattr_dealloc, .repr = psattr_repr, .traverse = psattr_traverse,
    .richcompare = psattr_richcompare, .hash = hash_not_implemented, .methods = psattr_methods,
    .getset = psattr_getset, .new_ = psattr_new,
    .doc = "The args for a ParamSpec object.",
};

static TypeObj pskwargs_type = {
    .base = TYPE_HEAD_INIT, .name = "typing.ParamSpecKwargs", .basicsize = sizeof(PsAttrObj), .flags = TPF_GC,
    .dealloc = psattr_dealloc, .repr = psattr_repr, .traverse = psattr_traverse,
    .richcompare = psattr_richcompare, .hash = hash_not_implemented, .methods = psattr_methods,
    .getset = psattr_getset, .new_ = psattr_new,
    .doc = "The kwargs for a ParamSpec object.",
};

static Obj *ps_get_args(Obj *o, void *c)
{
    (void)c;
    return psattr_make(&psargs_type, o);
}

static Obj *ps_get_kwargs(Obj *o, void *c)
{
    (void)c;
    return psattr_make(&pskwargs_type, o);
}

static GetSetDef paramspec_getset[] = {
    {"args", ps_get_args, NULL, NULL, NULL},
    {"kwargs", ps_get_kwargs, NULL, NULL, NULL},
    {"__name__", tv_get_name, NULL, NULL, NULL},
    {"__module__", tv_get_module, NULL, NULL, NULL},
    {"__bound__", tv_get_bound, NULL, NULL, NULL},
    {"__covariant__", tv_get_cov, NULL, NULL, NULL},
    {"__contravariant__", tv_get_contra, NULL, NULL, NULL},
    {"__infer_variance__", tv_get_infer, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static GetSetDef typevartuple_getset[] = {
    {"__name__", tv_get_name, NULL, NULL, NULL},
    {"__module__", tv_get_module, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* *Ts: iterating a TypeVarTuple gives its unpacked form once. */
static Obj *tvt_iter(Obj *o)
{
    UnpackObj *u = (UnpackObj *)obj_alloc(&unpack_type, 0);
    if (!u)
        return NULL;
    u->tvt = INCREF(o);
    Obj *t = tuple_pack(1, (Obj *)u);
    DECREF(u);
    if (!t)
        return NULL;
    Obj *it = obj_getiter(t);
    DECREF(t);
    return it;
}

static Obj *tv_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw);

static TypeObj typevar_type = {
    .base = TYPE_HEAD_INIT,
    .name = "typing.TypeVar",
    .basicsize = sizeof(TypeVarObj),
    .flags = TPF_GC,
    .dealloc = tv_dealloc,
    .repr = tv_repr,
    .traverse = tv_traverse,
    .as_number = &tv_as_number,
    .methods = tv_methods,
    .getset = typevar_getset,
    .new_ = tv_tp_new,
};

static TypeObj paramspec_type = {
    .base = TYPE_HEAD_INIT,
    .name = "typing.ParamSpec",
    .basicsize = sizeof(TypeVarObj),
    .flags = TPF_GC,
    .dealloc = tv_dealloc,
    .repr = tv_repr,
    .traverse = tv_traverse,
    .as_number = &tv_as_number,
    .methods = tv_methods,
    .getset = paramspec_getset,
    .new_ = tv_tp_new,
};

static TypeObj typevartuple_type = {
    .base = TYPE_HEAD_INIT,
    .name = "typing.TypeVarTuple",
    .basicsize = sizeof(TypeVarObj),
    .flags = TPF_GC,
    .dealloc = tv_dealloc,
    .repr = tv_repr,
    .traverse = tv_traverse,
    .iter = tvt_iter,
    .methods = tv_methods,
    .getset = typevartuple_getset,
    .new_ = tv_tp_new,
};

/* typing.TypeVar(name, *constraints, bound=None, covariant=False,
 * contravariant=False, infer_variance=False) and ParamSpec /
 * TypeVarTuple called from Python (the typing module exports these types),
 * with 3.12's messages. */
static int tv_flag(Obj *v, bool *out)
{
    if (!v) return 0;
    int r = obj_is_true(v);
    if (r < 0) return -1;
    *out = r;
    return 0;
}

static Obj *tv_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    bool is_tv = t == &typevar_type, is_tvt = t == &typevartuple_type;
    const char *fname = is_tv ? "typevar" : is_tvt ? "typevartuple" : "paramspec";
    static const char *const names[] = {"name", "bound", "covariant", "contravariant", "infer_variance"};
    Ssize npos = nargs < 1 ? nargs : 1;
    if (!is_tv && nargs > 1) {
        vm_err_format(&exc_TypeError, "%s() takes exactly 1 positional argument (%zd given)", fname, nargs);
        return NULL;
    }
    /* keywords follow the positional values in args */
    Ssize nkw = kw ? TUPLE_LEN(kw) : 0;
    Obj **vec = xmalloc((size_t)(npos + nkw + 1) * sizeof *vec);
    Obj *v[5];
    if (npos) vec[0] = args[0];
    for (Ssize i = 0; i < nkw; i++) vec[npos + i] = args[nargs + i];
    int pr = args_parse(fname, vec, npos, kw, names, is_tvt ? 1 : 5, 0, 1, v);
    free(vec);
    if (pr < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "%s() argument 'name' must be str, not %s", fname,
                      type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    bool cov = false, contra = false, infer = false;
    if (!is_tvt && (tv_flag(v[2], &cov) < 0 || tv_flag(v[3], &contra) < 0 || tv_flag(v[4], &infer) < 0))
        return NULL;
    if (cov && contra) {
        vm_err_set_str(&exc_ValueError, "Bivariant types are not supported.");
        return NULL;
    }
    if (infer && (cov || contra)) {
        vm_err_set_str(&exc_ValueError, "Variance cannot be specified with infer_variance.");
        return NULL;
    }
    Obj *bound = !is_tvt && v[1] && v[1] != NONE ? v[1] : NULL;
    Obj *constraints = NULL;
    if (is_tv && nargs > 1) {
        if (bound) {
            vm_err_set_str(&exc_TypeError, "Constraints cannot be combined with bound=...");
            return NULL;
        }
        if (nargs == 2) {
            vm_err_set_str(&exc_TypeError, "A single constraint is not allowed");
            return NULL;
        }
        constraints = tuple_from_array(args + 1, nargs - 1);
        if (!constraints) return NULL;
    }
    TypeVarObj *tv = (TypeVarObj *)tv_make(t, v[0], infer);
    if (!tv) {
        XDECREF(constraints);
        return NULL;
    }
    tv->covariant = cov;
    tv->contravariant = contra;
    tv->bound = bound ? INCREF(bound) : NULL;
    tv->constraints = constraints;
    return (Obj *)tv;
}


/* ---- Unpack[Ts] -------------------------------------------------------------------------- */

static void unpack_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((UnpackObj *)o)->tvt);
    obj_free(o);
}
static int unpack_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *t = ((UnpackObj *)o)->tvt;
    return t ? visit(t, arg) : 0;
}
static Obj *unpack_repr(Obj *o) { return str_from_fmt("*%R", ((UnpackObj *)o)->tvt); }

static TypeObj unpack_type = {
    .base = TYPE_HEAD_INIT,
    .name = "typing._UnpackGenericAlias",
    .basicsize = sizeof(UnpackObj),
    .flags = TPF_GC,
    .dealloc = unpack_dealloc,
    .repr = unpack_repr,
    .traverse = unpack_traverse,
};

/* ---- TypeAliasType ------------------------------------------------------------------------ */

static void alias_dealloc(Obj *o)
{
    AliasObj *a = (AliasObj *)o;
    gc_untrack(o);
    CLEAR(a->name);
    CLEAR(a->type_params);
    CLEAR(a->compute_value);
    CLEAR(a->value);
    CLEAR(a->module);
    obj_free(o);
}

static int alias_traverse(Obj *o, VisitFn visit, void *arg)
{
    AliasObj *a = (AliasObj *)o;
    Obj *f[] = {a->name, a->type_params, a->compute_value, a->value, a->module};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i] && visit(f[i], arg))
            return 1;
    return 0;
}

#define AL(o) ((AliasObj *)(o))
static Obj *alias_repr(Obj *o) { return INCREF(AL(o)->name); }
static Obj *al_get_name(Obj *o, void *c) { (void)c; return INCREF(AL(o)->name); }
static Obj *al_get_module(Obj *o, void *c) { (void)c; return INCREF(AL(o)->module ? AL(o)->module : NONE); }
static Obj *al_get_params(Obj *o, void *c)
{
    (void)c;
    Obj *p = AL(o)->type_params;
    return p && p != NONE ? INCREF(p) : tuple_new(0);
}
static Obj *al_get_value(Obj *o, void *c)
{
    (void)c;
    AliasObj *a = AL(o);
    if (!a->value) {
        a->value = obj_call(a->compute_value, NULL, 0, NULL);
        if (!a->value)
            return NULL;
    }
    return INCREF(a->value);
}
#undef AL

static Obj *alias_getitem(Obj *o, Obj *key)
{
    return generic_alias_new(o, key);
}

static Obj *alias_or(Obj *a, Obj *b) { return tv_or(a, b); }

static MappingMethods alias_as_mapping = {.subscript = alias_getitem};
static NumberMethods alias_as_number = {.or_ = alias_or};

static GetSetDef alias_getset[] = {
    {"__name__", al_get_name, NULL, NULL, NULL},
    {"__module__", al_get_module, NULL, NULL, NULL},
    {"__type_params__", al_get_params, NULL, NULL, NULL},
    {"__parameters__", al_get_params, NULL, NULL, NULL},
    {"__value__", al_get_value, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj typealias_type = {
    .base = TYPE_HEAD_INIT,
    .name = "typing.TypeAliasType",
    .basicsize = sizeof(AliasObj),
    .flags = TPF_GC,
    .dealloc = alias_dealloc,
    .repr = alias_repr,
    .traverse = alias_traverse,
    .as_mapping = &alias_as_mapping,
    .as_number = &alias_as_number,
    .getset = alias_getset,
};

/* ---- typing.Generic ------------------------------------------------------------------------ */

static Obj *generic_class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    if (nargs != 1) {
        vm_err_set_str(&exc_TypeError, "__class_getitem__ expects one argument");
        return NULL;
    }
    return generic_alias_new(cls, args[0]);
}

static MethodDef generic_methods[] = {
    {"__class_getitem__", generic_class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj generic_type = {
    .base = TYPE_HEAD_INIT,
    .name = "typing.Generic",
    .basicsize = sizeof(Obj),
    .flags = TPF_BASETYPE,
    .methods = generic_methods,
    .doc = "Abstract base class for generic types.",
};

/* ---- the intrinsics ------------------------------------------------------------------------ */

int typevars_ready(void)
{
    TypeObj *types[] = {&typevar_type, &paramspec_type, &typevartuple_type, &typealias_type,
                        &unpack_type, &generic_type, &psargs_type, &pskwargs_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!(types[i]->flags & TPF_READY) && type_ready(types[i]) < 0)
            return -1;
    return 0;
}

/* The typing module's view of these types: 0 TypeVar, 1 ParamSpec,
 * 2 TypeVarTuple, 3 TypeAliasType, 4 Generic, 5 ParamSpecArgs,
 * 6 ParamSpecKwargs. */
TypeObj *typevars_type(int which)
{
    TypeObj *types[] = {&typevar_type, &paramspec_type, &typevartuple_type, &typealias_type,
                        &generic_type, &psargs_type, &pskwargs_type};
    if (typevars_ready() < 0 || which < 0 || which > 6) return NULL;
    return types[which];
}

/* kind: 0 TypeVar, 1 ParamSpec, 2 TypeVarTuple, 3 Generic[params],
 * 4 TypeAliasType((name, params, compute)), 5 TypeVar with lazy bound,
 * 6 TypeVar with lazy constraints. */
Obj *vm_intrinsic_typevar(Obj *name, Obj *bound, Obj *constraints, int kind)
{
    if (typevars_ready() < 0)
        return NULL;
    switch (kind) {
    case 0: return tv_make(&typevar_type, name, true);
    case 1: return tv_make(&paramspec_type, name, true);
    case 2: return tv_make(&typevartuple_type, name, false);
    case 3: {
        /* Generic[*params]: one argument, or a tuple of them */
        Obj *args = name;
        if (TUPLE_CHECK(args) && TUPLE_LEN(args) == 1)
            args = TUPLE_ITEMS(args)[0];
        return generic_alias_new((Obj *)&generic_type, args);
    }
    case 4: {
        Obj *t = name;
        if (!TUPLE_CHECK(t) || TUPLE_LEN(t) != 3) {
            vm_err_set_str(&exc_SystemError, "bad type alias arguments");
            return NULL;
        }
        AliasObj *a = (AliasObj *)obj_alloc(&typealias_type, 0);
        if (!a)
            return NULL;
        a->name = INCREF(TUPLE_ITEMS(t)[0]);
        a->type_params = INCREF(TUPLE_ITEMS(t)[1]);
        a->compute_value = INCREF(TUPLE_ITEMS(t)[2]);
        a->module = caller_module();
        return (Obj *)a;
    }
    case 5: {
        Obj *v = tv_make(&typevar_type, name, true);
        if (v)
            ((TypeVarObj *)v)->evaluate_bound = INCREF(bound);
        return v;
    }
    case 6: {
        Obj *v = tv_make(&typevar_type, name, true);
        if (v)
            ((TypeVarObj *)v)->evaluate_constraints = INCREF(constraints);
        return v;
    }
    default:
        vm_err_set_str(&exc_SystemError, "invalid type parameter intrinsic");
        return NULL;
    }
}
