/* mod_typing.c — the `typing` module of CPython 3.12, natively.
 *
 * What ordinary annotations use, with CPython's reprs and errors:
 *   - special forms (typing._SpecialForm): Union, Optional, ClassVar, Final,
 *     Literal, NoReturn, Never, Self, LiteralString, TypeAlias, TypeGuard,
 *     Required, NotRequired, Concatenate, Unpack;
 *   - aliases: the unsubscripted ones (List, Dict, Callable, Iterable …:
 *     typing._SpecialGenericAlias) and what subscription makes
 *     (typing._GenericAlias, _UnionGenericAlias, _LiteralGenericAlias,
 *     _CallableGenericAlias), one C layout; TypeVar substitution
 *     (List[T][int]), Union flattening and de-duplication, Optional's repr,
 *     isinstance() with the unsubscripted aliases and Unions,
 *     "Type List cannot be instantiated; use list() instead";
 *   - Any (a class with metaclass _AnyMeta), ForwardRef for string
 *     arguments, TypeVar/ParamSpec/TypeVarTuple/Generic (the VM's PEP 695
 *     objects, src/vm/typevars.c), Protocol with _ProtocolMeta and
 *     runtime_checkable, NamedTuple and TypedDict (class and call forms),
 *     NewType, cast, overload/get_overloads, final, get_origin, get_args,
 *     get_type_hints (string annotations that are dotted names, subscripts,
 *     `|` unions and None are evaluated in the owner's module), TYPE_CHECKING.
 * This file has the type objects and the classes; mod_typing_funcs.c the
 * module functions, get_type_hints, NewType and the smaller public names
 * (their shared declarations: typingint.h).  Not provided: doc/stdlib.md.
 */
#include "config.h"

#include <string.h>

#include "src/native/tbframes_gen.h"
#include "src/native/typingint.h"

static Obj *typing_mod;   /* borrowed: the module while it is being built, for lookups */

/* ---- _type_repr ------------------------------------------------------------------------------ */

static int type_repr_into(SBuf *b, Obj *a);

static int put_obj_str(SBuf *b, Obj *s)
{
    if (!s) return -1;
    Ssize n;
    const char *u = str_utf8_lossy(s, &n);
    sbuf_put(b, u, (size_t)n);
    DECREF(s);
    return 0;
}

static int type_repr_into(SBuf *b, Obj *a)
{
    if (a == ELLIPSIS) {
        sbuf_puts(b, "...");
        return 0;
    }
    if (TYPE_CHECK(a)) {
        Obj *mod = obj_getattr(a, id_str("__module__"));
        Obj *qn = mod ? obj_getattr(a, id_str("__qualname__")) : NULL;
        if (!qn) {
            XDECREF(mod);
            return -1;
        }
        Obj *s = STR_CHECK(mod) && str_eq_cstr(mod, "builtins") ? INCREF(qn) : str_from_fmt("%S.%S", mod, qn);
        DECREF(mod);
        DECREF(qn);
        return put_obj_str(b, s);
    }
    if (IS_TYPE(a, function_type)) return put_obj_str(b, obj_getattr(a, id_str("__name__")));
    if (TUPLE_CHECK(a)) {
        sbuf_putc(b, '[');
        for (Ssize i = 0; i < TUPLE_LEN(a); i++) {
            if (i) sbuf_puts(b, ", ");
            if (type_repr_into(b, TUPLE_ITEMS(a)[i]) < 0) return -1;
        }
        sbuf_putc(b, ']');
        return 0;
    }
    return put_obj_str(b, obj_repr(a));
}

static Obj *sbuf_to_str(SBuf *b)
{
    Obj *r = str_from_utf8(sbuf_cstr(b), (Ssize)b->len);
    sbuf_free(b);
    return r;
}

/* ---- ForwardRef ------------------------------------------------------------------------------- */


static void fwd_dealloc(Obj *o)
{
    XDECREF(((FwdRef *)o)->arg);
    XDECREF(((FwdRef *)o)->module);
    obj_free(o);
}

static Obj *fwd_repr(Obj *o)
{
    FwdRef *f = (FwdRef *)o;
    if (f->module && f->module != NONE) return str_from_fmt("ForwardRef(%R, module=%R)", f->arg, f->module);
    return str_from_fmt("ForwardRef(%R)", f->arg);
}

TypeObj ty_fwdref_type;

static Obj *fwd_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(b, ty_fwdref_type)) return INCREF(NOTIMPL);
    int r = obj_richcompare_bool(((FwdRef *)a)->arg, ((FwdRef *)b)->arg, CMP_EQ);
    if (r < 0) return NULL;
    return bool_from(op == CMP_EQ ? r : !r);
}

static Hash fwd_hash(Obj *o) { return obj_hash(((FwdRef *)o)->arg); }

static Obj *fwd_get_arg(Obj *o, void *c) { (void)c; return INCREF(((FwdRef *)o)->arg); }
static Obj *fwd_get_module(Obj *o, void *c)
{
    (void)c;
    Obj *m = ((FwdRef *)o)->module;
    return INCREF(m ? m : NONE);
}
static Obj *fwd_get_false(Obj *o, void *c) { (void)o; (void)c; return bool_from(false); }

static GetSetDef fwd_getset[] = {
    {"__forward_arg__", fwd_get_arg, NULL, NULL, NULL},
    {"__forward_module__", fwd_get_module, NULL, NULL, NULL},
    {"__forward_evaluated__", fwd_get_false, NULL, NULL, NULL},
    {"__forward_is_argument__", fwd_get_false, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

Obj *ty_fwd_new_obj(Obj *arg, Obj *module)
{
    FwdRef *f = (FwdRef *)obj_alloc(&ty_fwdref_type, 0);
    if (!f) return NULL;
    f->arg = INCREF(arg);
    f->module = module && module != NONE ? INCREF(module) : NULL;
    return (Obj *)f;
}

static Obj *fwd_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)t;
    static const char *const names[] = {"arg", "is_argument", "module", "is_class"};
    Obj *v[4];
    if (mh_bind_m("ForwardRef.__init__", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "Forward reference must be a string -- got %R", v[0]);
        return NULL;
    }
    return ty_fwd_new_obj(v[0], v[2]);
}

TypeObj ty_fwdref_type = {
    .base = TYPE_HEAD_INIT, .name = "typing.ForwardRef", .basicsize = sizeof(FwdRef),
    .dealloc = fwd_dealloc, .repr = fwd_repr, .richcompare = fwd_richcompare, .hash = fwd_hash,
    .getattro = obj_generic_getattr, .getset = fwd_getset, .new_ = fwd_tp_new, .flags = TPF_BASETYPE,
};

/* ---- special forms ------------------------------------------------------------------------------ */

enum {
    SF_UNION, SF_OPTIONAL, SF_CLASSVAR, SF_FINAL, SF_LITERAL, SF_NORETURN, SF_NEVER, SF_SELF,
    SF_LITERALSTRING, SF_TYPEALIAS, SF_TYPEGUARD, SF_REQUIRED, SF_NOTREQUIRED, SF_CONCATENATE,
    SF_UNPACK, SF__COUNT
};
static const char *const sf_names[SF__COUNT] = {
    "Union", "Optional", "ClassVar", "Final", "Literal", "NoReturn", "Never", "Self",
    "LiteralString", "TypeAlias", "TypeGuard", "Required", "NotRequired", "Concatenate", "Unpack"};

typedef struct SpecialForm { Obj base; int kind; } SpecialForm;
TypeObj ty_specialform_type;
static Obj *forms[SF__COUNT];

/* typing._is_param_expr: ..., a ParamSpec or a Concatenate[...] (tuples
 * and lists do not stay in a Callable's __args__) */
bool ty_is_param_expr(Obj *o)
{
    return o == ELLIPSIS || IS_TYPE(o, *typevars_type(1)) ||
           (ty_is_alias(o) && ALIAS(o)->origin == forms[SF_CONCATENATE]);
}

static bool is_form(Obj *o, int kind) { return o == forms[kind]; }

static Obj *sf_repr(Obj *o) { return str_from_fmt("typing.%s", sf_names[((SpecialForm *)o)->kind]); }

static Obj *sf_call(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    vm_err_format(&exc_TypeError, "Cannot instantiate %R", o);
    return NULL;
}

static Obj *sf_getitem(Obj *o, Obj *key);
Obj *ty_make_union(Obj *const *items, Ssize n);

Obj *ty_union_of2(Obj *a, Obj *b)
{
    Obj *v[2] = {a, b};
    return ty_make_union(v, 2);
}

static Obj *sf_or(Obj *a, Obj *b) { return ty_union_of2(a, b); }

static Obj *sf_instancecheck(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    vm_err_format(&exc_TypeError, "%R cannot be used with isinstance()", self);
    return NULL;
}

static Obj *sf_subclasscheck(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    vm_err_format(&exc_TypeError, "%R cannot be used with issubclass()", self);
    return NULL;
}

static Obj *sf_mro_entries(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    vm_err_format(&exc_TypeError, "Cannot subclass %R", self);
    return NULL;
}

static Obj *sf_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return str_from_cstr(sf_names[((SpecialForm *)self)->kind]);
}

static Obj *sf_get_name(Obj *o, void *c) { (void)c; return str_from_cstr(sf_names[((SpecialForm *)o)->kind]); }

static MethodDef sf_methods[] = {
    {"__instancecheck__", sf_instancecheck, METH_O, NULL},
    {"__subclasscheck__", sf_subclasscheck, METH_O, NULL},
    {"__mro_entries__", sf_mro_entries, METH_O, NULL},
    {"__reduce__", sf_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static GetSetDef sf_getset[] = {
    {"_name", sf_get_name, NULL, NULL, NULL},
    {"__name__", sf_get_name, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static NumberMethods sf_as_number = {.or_ = sf_or};
static MappingMethods sf_as_mapping = {.subscript = sf_getitem};

TypeObj ty_specialform_type = {
    .base = TYPE_HEAD_INIT, .name = "typing._SpecialForm", .basicsize = sizeof(SpecialForm),
    .repr = sf_repr, .call = sf_call, .getattro = obj_generic_getattr, .methods = sf_methods,
    .getset = sf_getset, .as_number = &sf_as_number, .as_mapping = &sf_as_mapping,
};

/* ---- aliases ---------------------------------------------------------------------------------- */


TypeObj ty_ga_type, ty_sga_type, ty_uga_type, ty_lga_type, ty_cga_type, ty_aga_type;
static TypeObj *alias_types[] = {&ty_ga_type, &ty_sga_type, &ty_uga_type, &ty_lga_type, &ty_cga_type, &ty_aga_type};
Obj *ty_annotated_cls;

bool ty_is_alias(Obj *o)
{
    for (size_t i = 0; i < sizeof alias_types / sizeof alias_types[0]; i++)
        if (OBJ_TYPE(o) == alias_types[i]) return true;
    return false;
}


static bool is_typevar_like(Obj *o)
{
    return IS_TYPE(o, *typevars_type(0)) || IS_TYPE(o, *typevars_type(1)) || IS_TYPE(o, *typevars_type(2));
}

/* the TypeVars among args, in order, each once (also inside nested aliases) */
static Obj *collect_params(Obj *args)
{
    Obj *out = list_new(0);
    if (!out) return NULL;
    for (Ssize i = 0; args && i < TUPLE_LEN(args); i++) {
        Obj *a = TUPLE_ITEMS(args)[i];
        Obj *sub = NULL;
        if (is_typevar_like(a)) {
            sub = tuple_pack(1, a);
        } else if (ty_is_alias(a) && ALIAS(a)->params) {
            sub = INCREF(ALIAS(a)->params);
        } else if (IS_TYPE(a, generic_alias_type) || IS_TYPE(a, union_type)) {
            if (obj_lookup_attr(a, id_str("__parameters__"), &sub) < 0) vm_err_clear();
            if (sub && !TUPLE_CHECK(sub)) CLEAR(sub);
        }
        for (Ssize k = 0; sub && k < TUPLE_LEN(sub); k++) {
            int has = 0;
            for (Ssize j = 0; j < LIST_LEN(out) && !has; j++) has = LIST_ITEMS(out)[j] == TUPLE_ITEMS(sub)[k];
            if (!has && list_append(out, TUPLE_ITEMS(sub)[k]) < 0) {
                DECREF(sub);
                DECREF(out);
                return NULL;
            }
        }
        XDECREF(sub);
    }
    Obj *t = list_as_tuple(out);
    DECREF(out);
    return t;
}

Obj *ty_alias_make(TypeObj *t, int kind, Obj *origin, Obj *args, Obj *name, bool inst)
{
    Alias *a = (Alias *)obj_alloc(t, 0);
    if (!a) return NULL;
    a->kind = kind;
    a->origin = INCREF(origin);
    a->args = xincref(args);
    a->name = xincref(name);
    a->inst = inst;
    a->nparams = -1;
    a->params = args ? collect_params(args) : tuple_new(0);
    if (!a->params) {
        DECREF(a);
        return NULL;
    }
    return (Obj *)a;
}

static void alias_dealloc(Obj *o)
{
    Alias *a = ALIAS(o);
    XDECREF(a->origin);
    XDECREF(a->args);
    XDECREF(a->params);
    XDECREF(a->name);
    XDECREF(a->meta);
    obj_free(o);
}

static int alias_traverse(Obj *o, VisitFn visit, void *arg)
{
    Alias *a = ALIAS(o);
    Obj *f[] = {a->origin, a->args, a->params, a->name, a->meta};
    for (int i = 0; i < 5; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static Obj *alias_repr(Obj *o)
{
    Alias *a = ALIAS(o);
    SBuf b = SBUF_INIT;
    if (!a->args) {
        sbuf_puts(&b, "typing.");
        if (put_obj_str(&b, obj_str(a->name)) < 0) goto fail;
        return sbuf_to_str(&b);
    }
    Ssize n = TUPLE_LEN(a->args);
    Obj **v = TUPLE_ITEMS(a->args);
    if (a->kind == AK_ANNOTATED) {
        sbuf_puts(&b, "typing.Annotated[");
        if (type_repr_into(&b, a->origin) < 0) goto fail;
        for (Ssize i = 0; i < TUPLE_LEN(a->meta); i++) {
            sbuf_puts(&b, ", ");
            if (put_obj_str(&b, obj_repr(TUPLE_ITEMS(a->meta)[i])) < 0) goto fail;
        }
        sbuf_putc(&b, ']');
        return sbuf_to_str(&b);
    }
    switch (a->kind) {
    case AK_UNION:
        if (n == 2 && (v[0] == (Obj *)&none_type || v[1] == (Obj *)&none_type)) {
            sbuf_puts(&b, "typing.Optional[");
            if (type_repr_into(&b, v[0] == (Obj *)&none_type ? v[1] : v[0]) < 0) goto fail;
            sbuf_putc(&b, ']');
            return sbuf_to_str(&b);
        }
        sbuf_puts(&b, "typing.Union[");
        break;
    case AK_LITERAL:
        sbuf_puts(&b, "typing.Literal[");
        for (Ssize i = 0; i < n; i++) {
            if (i) sbuf_puts(&b, ", ");
            if (put_obj_str(&b, obj_repr(v[i])) < 0) goto fail;
        }
        sbuf_putc(&b, ']');
        return sbuf_to_str(&b);
    case AK_CALLABLE:
        sbuf_puts(&b, "typing.Callable[");
        if (n == 2 && v[0] == ELLIPSIS) {
            sbuf_puts(&b, "...");
        } else if (n == 2 && ty_is_param_expr(v[0])) {
            /* a parameter expression stands for the whole argument list */
            if (type_repr_into(&b, v[0]) < 0) goto fail;
        } else {
            sbuf_putc(&b, '[');
            for (Ssize i = 0; i < n - 1; i++) {
                if (i) sbuf_puts(&b, ", ");
                if (type_repr_into(&b, v[i]) < 0) goto fail;
            }
            sbuf_putc(&b, ']');
        }
        sbuf_puts(&b, ", ");
        if (n && type_repr_into(&b, v[n - 1]) < 0) goto fail;
        sbuf_putc(&b, ']');
        return sbuf_to_str(&b);
    default:
        if (a->name) {
            sbuf_puts(&b, "typing.");
            if (put_obj_str(&b, obj_str(a->name)) < 0) goto fail;
        } else if (type_repr_into(&b, a->origin) < 0) {
            goto fail;
        }
        sbuf_putc(&b, '[');
        break;
    }
    if (n == 0) sbuf_puts(&b, "()");
    for (Ssize i = 0; i < n; i++) {
        if (i) sbuf_puts(&b, ", ");
        if (type_repr_into(&b, v[i]) < 0) goto fail;
    }
    sbuf_putc(&b, ']');
    return sbuf_to_str(&b);
fail:
    sbuf_free(&b);
    return NULL;
}

static Obj *alias_getattro(Obj *o, Obj *name)
{
    Alias *a = ALIAS(o);
    if (STR_CHECK(name)) {
        if (str_eq_cstr(name, "__origin__")) return INCREF(a->origin);
        if (str_eq_cstr(name, "__args__")) {
            if (a->args) return INCREF(a->args);
        } else if (str_eq_cstr(name, "__parameters__")) {
            return INCREF(a->params);
        } else if (str_eq_cstr(name, "_name") || str_eq_cstr(name, "__name__")) {
            if (a->name) return INCREF(a->name);
            if (str_eq_cstr(name, "_name")) return INCREF(NONE);
        } else if (str_eq_cstr(name, "__metadata__") && a->meta) {
            return INCREF(a->meta);
        } else if (str_eq_cstr(name, "_inst")) {
            return bool_from(a->inst);
        } else if (str_eq_cstr(name, "_nparams") && !a->args) {
            return int_from_i64(a->nparams);
        }
    }
    Obj *r = obj_generic_getattr(o, name);
    if (r || !vm_err_matches(&exc_AttributeError) || !STR_CHECK(name)) return r;
    /* like _BaseGenericAlias.__getattr__: non-dunder names come from the origin */
    Ssize n;
    const char *s = str_utf8_lossy(name, &n);
    bool dunder = n > 4 && s[0] == '_' && s[1] == '_' && s[n - 1] == '_' && s[n - 2] == '_';
    if (dunder || is_form(a->origin, SF_UNION) || IS_TYPE(a->origin, ty_specialform_type)) return NULL;
    vm_err_clear();
    return obj_getattr(a->origin, name);
}

static int alias_setattro(Obj *o, Obj *name, Obj *value)
{
    (void)value;
    vm_err_format(&exc_AttributeError, "'%s' object attribute '%S' is read-only", OBJ_TYPE(o)->name, name);
    return -1;
}

/* set-like equality of Union arguments */
static int same_members(Obj *a, Obj *b)
{
    Obj *sa = frozenset_new(a), *sb = sa ? frozenset_new(b) : NULL;
    int r = sb ? obj_richcompare_bool(sa, sb, CMP_EQ) : -1;
    XDECREF(sa);
    XDECREF(sb);
    return r;
}

static Obj *alias_richcompare(Obj *x, Obj *y, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !ty_is_alias(y)) return INCREF(NOTIMPL);
    Alias *a = ALIAS(x), *b = ALIAS(y);
    int eq;
    if (!a->args || !b->args) {
        eq = x == y || (!a->args && !b->args && a->origin == b->origin);
    } else if (a->kind == AK_UNION && b->kind == AK_UNION) {
        eq = same_members(a->args, b->args);
    } else if (a->kind == AK_LITERAL && b->kind == AK_LITERAL) {
        eq = same_members(a->args, b->args);
    } else if (a->kind == AK_ANNOTATED || b->kind == AK_ANNOTATED) {
        eq = a->kind == b->kind ? obj_richcompare_bool(a->origin, b->origin, CMP_EQ) : 0;
        if (eq > 0) eq = obj_richcompare_bool(a->meta, b->meta, CMP_EQ);
    } else {
        eq = obj_richcompare_bool(a->origin, b->origin, CMP_EQ);
        if (eq > 0) eq = obj_richcompare_bool(a->args, b->args, CMP_EQ);
    }
    if (eq < 0) return NULL;
    return bool_from(op == CMP_EQ ? eq : !eq);
}

static Hash alias_hash(Obj *o)
{
    Alias *a = ALIAS(o);
    if (!a->args) return obj_hash(a->origin) ^ 0x5a5a;
    Obj *key;
    if (a->kind == AK_UNION || a->kind == AK_LITERAL) key = frozenset_new(a->args);
    else if (a->kind == AK_ANNOTATED) key = tuple_pack(2, a->origin, a->meta);
    else key = tuple_pack(2, a->origin, a->args);
    if (!key) return -1;
    Hash h = obj_hash(key);
    DECREF(key);
    return h;
}

static Obj *alias_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    Alias *a = ALIAS(o);
    if (a->kind == AK_UNION || a->kind == AK_LITERAL || a->kind == AK_FORM) {
        vm_err_format(&exc_TypeError, "Cannot instantiate %R", a->origin);
        return NULL;
    }
    if (!a->inst) {
        Obj *on = obj_getattr(a->origin, id_str("__name__"));
        if (on) vm_err_format(&exc_TypeError, "Type %S cannot be instantiated; use %S() instead", a->name, on);
        XDECREF(on);
        return NULL;
    }
    Obj *r = obj_call(a->origin, args, nargs, kw);
    if (r && a->args && obj_setattr(r, id_str("__orig_class__"), o) < 0) vm_err_clear();
    return r;
}

static Obj *alias_or(Obj *a, Obj *b) { return ty_union_of2(a, b); }

/* isinstance/issubclass: only the unsubscripted aliases and Unions of classes */
static int alias_subclass_check(Obj *self, Obj *cls)
{
    Alias *a = ALIAS(self);
    if (a->kind == AK_UNION) {
        for (Ssize i = 0; i < TUPLE_LEN(a->args); i++) {
            int r = obj_issubclass(cls, TUPLE_ITEMS(a->args)[i]);
            if (r) return r;
        }
        return 0;
    }
    if (a->args) {
        vm_err_set_str(&exc_TypeError, "Subscripted generics cannot be used with class and instance checks");
        return -1;
    }
    return obj_issubclass(cls, a->origin);
}

static Obj *alias_instancecheck(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (ALIAS(self)->kind == AK_UNION) {
        for (Ssize i = 0; i < TUPLE_LEN(ALIAS(self)->args); i++) {
            int r = obj_isinstance(args[0], TUPLE_ITEMS(ALIAS(self)->args)[i]);
            if (r) return r < 0 ? NULL : bool_from(true);
        }
        return bool_from(false);
    }
    int r = alias_subclass_check(self, (Obj *)OBJ_TYPE(args[0]));
    return r < 0 ? NULL : bool_from(r);
}

static Obj *alias_subclasscheck(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (!TYPE_CHECK(args[0])) {
        vm_err_set_str(&exc_TypeError, "issubclass() arg 1 must be a class");
        return NULL;
    }
    int r = alias_subclass_check(self, args[0]);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *alias_mro_entries(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Alias *a = ALIAS(self);
    if (a->kind == AK_UNION || a->kind == AK_LITERAL || a->kind == AK_FORM) {
        vm_err_format(&exc_TypeError, "Cannot subclass %R", self);
        return NULL;
    }
    Obj *bases = args[0];
    if (!TUPLE_CHECK(bases)) return tuple_pack(1, a->origin);
    Obj *res = list_new(0);
    if (!res) return NULL;
    bool origin_in = false;
    Ssize me = -1;
    for (Ssize i = 0; i < TUPLE_LEN(bases); i++) {
        if (TUPLE_ITEMS(bases)[i] == a->origin) origin_in = true;
        if (TUPLE_ITEMS(bases)[i] == self && me < 0) me = i;
    }
    if (!origin_in && list_append(res, a->origin) < 0) goto fail;
    /* Generic comes last unless a later base already brings it */
    TypeObj *generic = typevars_type(4);
    bool later = false;
    for (Ssize i = me + 1; i < TUPLE_LEN(bases) && !later; i++) {
        Obj *b = TUPLE_ITEMS(bases)[i];
        if (ty_is_alias(b) || IS_TYPE(b, generic_alias_type)) later = true;
        else if (TYPE_CHECK(b) && type_is_subtype((TypeObj *)b, generic)) later = true;
    }
    if (!later && a->args && list_append(res, (Obj *)generic) < 0) goto fail;
    Obj *t = list_as_tuple(res);
    DECREF(res);
    return t;
fail:
    DECREF(res);
    return NULL;
}

static Obj *alias_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Alias *a = ALIAS(self);
    if (a->name) return INCREF(a->name);
    return obj_repr(self);
}

static MethodDef alias_methods[] = {
    {"__instancecheck__", alias_instancecheck, METH_O, NULL},
    {"__subclasscheck__", alias_subclasscheck, METH_O, NULL},
    {"__mro_entries__", alias_mro_entries, METH_O, NULL},
    {"__reduce__", alias_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *alias_getitem(Obj *o, Obj *key);
static NumberMethods alias_as_number = {.or_ = alias_or};
static MappingMethods alias_as_mapping = {.subscript = alias_getitem};

#define ALIAS_TYPE(var, tpname)                                                                  \
    TypeObj var = {                                                                       \
        .base = TYPE_HEAD_INIT, .name = tpname, .basicsize = sizeof(Alias), .flags = TPF_GC,     \
        .dealloc = alias_dealloc, .traverse = alias_traverse, .repr = alias_repr,                \
        .getattro = alias_getattro, .setattro = alias_setattro, .richcompare = alias_richcompare, \
        .hash = alias_hash, .call = alias_call, .methods = alias_methods,                        \
        .as_number = &alias_as_number, .as_mapping = &alias_as_mapping,                          \
    }
ALIAS_TYPE(ty_ga_type, "typing._GenericAlias");
ALIAS_TYPE(ty_sga_type, "typing._SpecialGenericAlias");
ALIAS_TYPE(ty_uga_type, "typing._UnionGenericAlias");
ALIAS_TYPE(ty_lga_type, "typing._LiteralGenericAlias");
ALIAS_TYPE(ty_cga_type, "typing._CallableGenericAlias");
ALIAS_TYPE(ty_aga_type, "typing._AnnotatedAlias");

/* Annotated[T, x, ...]: nested Annotated flatten into one */
Obj *ty_make_annotated(Obj *params)
{
    if (!TUPLE_CHECK(params) || TUPLE_LEN(params) < 2) {
        vm_err_set_str(&exc_TypeError,
                       "Annotated[...] should be used with at least two arguments (a type and an annotation).");
        return NULL;
    }
    Obj *origin = TUPLE_ITEMS(params)[0];
    Obj *meta = tuple_slice(params, 1, TUPLE_LEN(params));
    if (!meta) return NULL;
    Obj *o = STR_CHECK(origin) ? ty_fwd_new_obj(origin, NULL) : origin == NONE ? INCREF((Obj *)&none_type) : INCREF(origin);
    if (o && ty_is_alias(o) && ALIAS(o)->kind == AK_ANNOTATED) {
        Obj *all = num_binary(ALIAS(o)->meta, meta, NB_ADD);
        Obj *inner = INCREF(ALIAS(o)->origin);
        DECREF(o);
        DECREF(meta);
        o = inner;
        meta = all;
        if (!meta) {
            DECREF(o);
            return NULL;
        }
    }
    if (!o) {
        DECREF(meta);
        return NULL;
    }
    Obj *args = tuple_pack(1, o);
    Obj *r = args ? ty_alias_make(&ty_aga_type, AK_ANNOTATED, o, args, NULL, true) : NULL;
    XDECREF(args);
    DECREF(o);
    if (r) ALIAS(r)->meta = meta;
    else DECREF(meta);
    return r;
}

static Obj *annotated_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)cls;
    if (mh_pos_args("Annotated.__class_getitem__", "__class_getitem__", nargs, kw, 1, 1) < 0) return NULL;
    Obj *p = TUPLE_CHECK(args[0]) ? INCREF(args[0]) : tuple_pack(1, args[0]);
    Obj *r = p ? ty_make_annotated(p) : NULL;
    XDECREF(p);
    return r;
}

static Obj *annotated_new(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s; (void)args; (void)nargs; (void)kw;
    vm_err_set_str(&exc_TypeError, "Type Annotated cannot be instantiated.");
    return NULL;
}

static Obj *annotated_init_subclass(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *mod = obj_getattr(cls, id_str("__module__"));
    if (mod) vm_err_format(&exc_TypeError, "Cannot subclass %S.Annotated", mod);
    XDECREF(mod);
    return NULL;
}

static const MethodDef annotated_methods[] = {
    {"__class_getitem__", annotated_getitem, METH_FAST | METH_CLASS, NULL},
    {"__new__", annotated_new, METH_FAST | METH_STATIC, NULL},
    {"__init_subclass__", annotated_init_subclass, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- type checks of arguments ------------------------------------------------------------------- */

/* _type_convert + the few rejections 3.12's _type_check still makes */
Obj *ty_type_check(Obj *arg, const char *msg)
{
    (void)msg;
    if (arg == NONE) return INCREF((Obj *)&none_type);
    if (STR_CHECK(arg)) return ty_fwd_new_obj(arg, NULL);
    if (ty_is_alias(arg) && ALIAS(arg)->kind == AK_FORM &&
        (is_form(ALIAS(arg)->origin, SF_CLASSVAR) || is_form(ALIAS(arg)->origin, SF_FINAL))) {
        vm_err_format(&exc_TypeError, "%R is not valid as type argument", arg);
        return NULL;
    }
    if (is_form(arg, SF_CLASSVAR) || is_form(arg, SF_FINAL) || is_form(arg, SF_UNION) ||
        is_form(arg, SF_OPTIONAL) || is_form(arg, SF_LITERAL) || is_form(arg, SF_TYPEGUARD) ||
        is_form(arg, SF_CONCATENATE) || is_form(arg, SF_REQUIRED) || is_form(arg, SF_NOTREQUIRED) ||
        is_form(arg, SF_UNPACK)) {
        vm_err_format(&exc_TypeError, "Plain %R is not valid as type argument", arg);
        return NULL;
    }
    return INCREF(arg);
}

static Obj *as_tuple(Obj *key)
{
    return TUPLE_CHECK(key) ? INCREF(key) : tuple_pack(1, key);
}

/* every element through ty_type_check */
static Obj *check_all(Obj *params, const char *msg)
{
    Ssize n = TUPLE_LEN(params);
    Obj *t = tuple_new(n);
    if (!t) return NULL;
    for (Ssize i = 0; i < n; i++) {
        Obj *c = ty_type_check(TUPLE_ITEMS(params)[i], msg);
        if (!c) {
            for (Ssize k = i; k < n; k++) TUPLE_ITEMS(t)[k] = INCREF(NONE);
            DECREF(t);
            return NULL;
        }
        TUPLE_ITEMS(t)[i] = c;
    }
    return t;
}

/* Union: flatten, de-duplicate (by equality, first kept), one arg → itself */
Obj *ty_make_union(Obj *const *items, Ssize n)
{
    if (n == 0) {
        vm_err_set_str(&exc_TypeError, "Cannot take a Union of no types.");
        return NULL;
    }
    Obj *flat = list_new(0);
    if (!flat) return NULL;
    for (Ssize i = 0; i < n; i++) {
        Obj *c = ty_type_check(items[i], "Union[arg, ...]: each arg must be a type.");
        if (!c) goto fail;
        Obj *sub = NULL;
        if (ty_is_alias(c) && ALIAS(c)->kind == AK_UNION) sub = INCREF(ALIAS(c)->args);
        else if (IS_TYPE(c, union_type)) sub = obj_getattr(c, id_str("__args__"));
        int r = sub ? list_extend(flat, sub) : list_append(flat, c);
        XDECREF(sub);
        DECREF(c);
        if (r < 0) goto fail;
    }
    Obj *uniq = list_new(0);
    if (!uniq) goto fail;
    for (Ssize i = 0; i < LIST_LEN(flat); i++) {
        Obj *x = LIST_ITEMS(flat)[i];
        int dup = 0;
        for (Ssize j = 0; j < LIST_LEN(uniq) && !dup; j++) {
            dup = obj_richcompare_bool(LIST_ITEMS(uniq)[j], x, CMP_EQ);
            if (dup < 0) {
                DECREF(uniq);
                goto fail;
            }
        }
        if (!dup && list_append(uniq, x) < 0) {
            DECREF(uniq);
            goto fail;
        }
    }
    DECREF(flat);
    if (LIST_LEN(uniq) == 1) {
        Obj *r = INCREF(LIST_ITEMS(uniq)[0]);
        DECREF(uniq);
        return r;
    }
    Obj *args = list_as_tuple(uniq);
    DECREF(uniq);
    if (!args) return NULL;
    Obj *r = ty_alias_make(&ty_uga_type, AK_UNION, forms[SF_UNION], args, NULL, false);
    DECREF(args);
    return r;
fail:
    DECREF(flat);
    return NULL;
}

static Obj *make_literal(Obj *params)
{
    /* flatten nested Literals, de-duplicate by (value, type) */
    Obj *flat = list_new(0);
    if (!flat) return NULL;
    for (Ssize i = 0; i < TUPLE_LEN(params); i++) {
        Obj *p = TUPLE_ITEMS(params)[i];
        int r = ty_is_alias(p) && ALIAS(p)->kind == AK_LITERAL ? list_extend(flat, ALIAS(p)->args)
                                                              : list_append(flat, p);
        if (r < 0) {
            DECREF(flat);
            return NULL;
        }
    }
    Obj *uniq = list_new(0);
    for (Ssize i = 0; uniq && i < LIST_LEN(flat); i++) {
        Obj *x = LIST_ITEMS(flat)[i];
        int dup = 0;
        for (Ssize j = 0; j < LIST_LEN(uniq) && !dup; j++) {
            Obj *y = LIST_ITEMS(uniq)[j];
            if (OBJ_TYPE(x) != OBJ_TYPE(y)) continue;
            dup = obj_richcompare_bool(x, y, CMP_EQ);
            if (dup < 0) vm_err_clear(), dup = 0;
        }
        if (!dup && list_append(uniq, x) < 0) CLEAR(uniq);
    }
    DECREF(flat);
    if (!uniq) return NULL;
    Obj *args = list_as_tuple(uniq);
    DECREF(uniq);
    if (!args) return NULL;
    Obj *r = ty_alias_make(&ty_lga_type, AK_LITERAL, forms[SF_LITERAL], args, NULL, false);
    DECREF(args);
    return r;
}

static Obj *sf_getitem(Obj *o, Obj *key)
{
    int kind = ((SpecialForm *)o)->kind;
    switch (kind) {
    case SF_UNION: {
        if (TUPLE_CHECK(key)) return ty_make_union(TUPLE_ITEMS(key), TUPLE_LEN(key));
        return ty_make_union(&key, 1);
    }
    case SF_OPTIONAL: {
        Obj *arg = TUPLE_CHECK(key) && TUPLE_LEN(key) == 1 ? TUPLE_ITEMS(key)[0] : key;
        if (TUPLE_CHECK(arg)) {
            vm_err_format(&exc_TypeError, "typing.Optional requires a single type. Got %.100R.", arg);
            return NULL;
        }
        return ty_union_of2(arg, NONE);
    }
    case SF_LITERAL: {
        Obj *p = as_tuple(key);
        if (!p) return NULL;
        Obj *r = make_literal(p);
        DECREF(p);
        return r;
    }
    case SF_CLASSVAR: case SF_FINAL: case SF_TYPEGUARD: case SF_REQUIRED: case SF_NOTREQUIRED:
    case SF_UNPACK: {
        if (TUPLE_CHECK(key) && TUPLE_LEN(key) != 1) {
            if (kind == SF_TYPEGUARD)
                vm_err_format(&exc_TypeError, "typing.TypeGuard accepts only single type. Got %.100R.", key);
            else
                vm_err_format(&exc_TypeError, "%R accepts only single type. Got %.100R.", o, key);
            return NULL;
        }
        Obj *arg = TUPLE_CHECK(key) ? TUPLE_ITEMS(key)[0] : key;
        Obj *c = ty_type_check(arg, "accepts only single type.");
        if (!c) return NULL;
        Obj *args = tuple_pack(1, c);
        DECREF(c);
        if (!args) return NULL;
        Obj *r = ty_alias_make(&ty_ga_type, AK_FORM, o, args, NULL, false);
        DECREF(args);
        return r;
    }
    case SF_CONCATENATE: {
        Obj *p = as_tuple(key);
        if (!p) return NULL;
        if (TUPLE_LEN(p) == 0) {
            DECREF(p);
            vm_err_set_str(&exc_TypeError, "Cannot take a Concatenate of no types.");
            return NULL;
        }
        Obj *r = ty_alias_make(&ty_ga_type, AK_FORM, o, p, NULL, false);
        DECREF(p);
        return r;
    }
    default:
        vm_err_format(&exc_TypeError, "%R is not subscriptable", o);
        return NULL;
    }
}

/* ---- subscription of aliases ------------------------------------------------------------------- */

static Obj *subst(Obj *arg, Obj *params, Obj *values);

static Obj *alias_subst_args(Obj *self, Obj *values)
{
    Alias *a = ALIAS(self);
    Ssize np = TUPLE_LEN(a->params), nv = TUPLE_LEN(values);
    if (np == 0) {
        vm_err_format(&exc_TypeError, "%R is not a generic class", self);
        return NULL;
    }
    if (np != nv) {
        vm_err_format(&exc_TypeError, "Too %s arguments for %R; actual %zd, expected %zd",
                      nv > np ? "many" : "few", self, nv, np);
        return NULL;
    }
    Ssize n = TUPLE_LEN(a->args);
    Obj *t = tuple_new(n);
    if (!t) return NULL;
    for (Ssize i = 0; i < n; i++) {
        Obj *s = subst(TUPLE_ITEMS(a->args)[i], a->params, values);
        if (!s) {
            for (Ssize k = i; k < n; k++) TUPLE_ITEMS(t)[k] = INCREF(NONE);
            DECREF(t);
            return NULL;
        }
        TUPLE_ITEMS(t)[i] = s;
    }
    return t;
}

static Obj *subst(Obj *arg, Obj *params, Obj *values)
{
    for (Ssize i = 0; i < TUPLE_LEN(params); i++)
        if (TUPLE_ITEMS(params)[i] == arg) return ty_type_check(TUPLE_ITEMS(values)[i], "");
    if (ty_is_alias(arg) && ALIAS(arg)->args && TUPLE_LEN(ALIAS(arg)->params)) {
        Alias *a = ALIAS(arg);
        Ssize n = TUPLE_LEN(a->params);
        Obj *sub = tuple_new(n);
        if (!sub) return NULL;
        for (Ssize i = 0; i < n; i++) {
            Obj *s = subst(TUPLE_ITEMS(a->params)[i], params, values);
            if (!s) {
                for (Ssize k = i; k < n; k++) TUPLE_ITEMS(sub)[k] = INCREF(NONE);
                DECREF(sub);
                return NULL;
            }
            TUPLE_ITEMS(sub)[i] = s;
        }
        Obj *r = obj_getitem(arg, n == 1 ? TUPLE_ITEMS(sub)[0] : sub);
        DECREF(sub);
        return r;
    }
    return INCREF(arg);
}

static Obj *callable_args(Obj *key)
{
    if (!TUPLE_CHECK(key) || TUPLE_LEN(key) != 2) {
        vm_err_set_str(&exc_TypeError, "Callable must be used as Callable[[arg, ...], result].");
        return NULL;
    }
    Obj *targs = TUPLE_ITEMS(key)[0], *tres = TUPLE_ITEMS(key)[1];
    Obj *lst = list_new(0);
    if (!lst) return NULL;
    int r;
    if (LIST_CHECK(targs)) r = list_extend(lst, targs);
    else r = list_append(lst, targs);
    if (r < 0 || list_append(lst, tres) < 0) {
        DECREF(lst);
        return NULL;
    }
    Obj *t = list_as_tuple(lst);
    DECREF(lst);
    if (!t) return NULL;
    Obj *c = check_all(t, "Callable[args, result]: result must be a type.");
    DECREF(t);
    return c;
}

static Obj *alias_getitem(Obj *o, Obj *key)
{
    Alias *a = ALIAS(o);
    if (a->args) {
        Obj *vals = as_tuple(key);
        if (!vals) return NULL;
        Obj *nargs = alias_subst_args(o, vals);
        DECREF(vals);
        if (!nargs) return NULL;
        Obj *r;
        if (a->kind == AK_UNION) r = ty_make_union(TUPLE_ITEMS(nargs), TUPLE_LEN(nargs));
        else if (a->kind == AK_LITERAL) r = make_literal(nargs);
        else r = ty_alias_make(OBJ_TYPE(o), a->kind, a->origin, nargs, a->name, a->inst);
        DECREF(nargs);
        return r;
    }
    /* an unsubscripted special alias */
    Obj *args;
    TypeObj *t = &ty_ga_type;
    int kind = AK_GENERIC;
    if (a->kind == AK_CALLABLE_SPECIAL) {
        args = callable_args(key);
        t = &ty_cga_type;
        kind = AK_CALLABLE;
    } else if (a->kind == AK_TUPLE_SPECIAL) {
        Obj *p = as_tuple(key);
        if (!p) return NULL;
        if (TUPLE_LEN(p) == 1 && TUPLE_CHECK(TUPLE_ITEMS(p)[0]) && TUPLE_LEN(TUPLE_ITEMS(p)[0]) == 0) {
            args = tuple_new(0);
        } else {
            args = check_all(p, "Tuple[t0, t1, ...]: each t must be a type.");
        }
        DECREF(p);
    } else {
        Obj *p = as_tuple(key);
        if (!p) return NULL;
        args = check_all(p, "Parameters to generic types must be types.");
        DECREF(p);
        if (args && a->nparams >= 0 && TUPLE_LEN(args) != a->nparams) {
            vm_err_format(&exc_TypeError, "Too %s arguments for %R; actual %zd, expected %d",
                          TUPLE_LEN(args) > a->nparams ? "many" : "few", o, TUPLE_LEN(args), a->nparams);
            CLEAR(args);
        }
    }
    if (!args) return NULL;
    Obj *r = ty_alias_make(t, kind, a->origin, args, a->name, a->inst);
    DECREF(args);
    return r;
}

/* ---- Any ------------------------------------------------------------------------------------------ */

static Obj *any_cls;
Obj *ty_anymeta;

static Obj *anymeta_instancecheck(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (self == any_cls) {
        vm_err_set_str(&exc_TypeError, "typing.Any cannot be used with isinstance()");
        return NULL;
    }
    /* super().__instancecheck__: the plain type check */
    Obj *f = type_lookup(&type_type, id_str("__instancecheck__"));
    if (!f) return bool_from(type_is_subtype(OBJ_TYPE(args[0]), (TypeObj *)self));
    Obj *a[2] = {self, args[0]};
    return obj_call(f, a, 2, NULL);
}

static Obj *anymeta_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (self == any_cls) return str_from_cstr("typing.Any");
    Obj *f = type_lookup(&type_type, id_str("__repr__"));
    return f ? obj_call(f, &self, 1, NULL) : NULL;
}

static Obj *any_new(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s; (void)kw;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "Any.__new__(): not enough arguments");
        return NULL;
    }
    if (args[0] == any_cls) {
        vm_err_set_str(&exc_TypeError, "Any cannot be instantiated");
        return NULL;
    }
    if (!TYPE_CHECK(args[0])) {
        vm_err_set_str(&exc_TypeError, "Any.__new__(X): X is not a type object");
        return NULL;
    }
    return object_type.new_((TypeObj *)args[0], NULL, 0, NULL);
}

static const MethodDef anymeta_methods[] = {
    {"__instancecheck__", anymeta_instancecheck, METH_O, NULL},
    {"__repr__", anymeta_repr, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef any_methods[] = {
    {"__new__", any_new, METH_FAST | METH_STATIC, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Protocol ------------------------------------------------------------------------------------- */

Obj *ty_protometa, *ty_protocol_cls;
/* > 0 while ABCMeta's checks run on behalf of _ProtocolMeta.__instancecheck__:
 * CPython's _allow_reckless_class_checks() sees the abc module as the
 * caller then and skips the protocol restrictions. */
static int reckless;

static const char *const excluded_attrs[] = {
    "__parameters__", "__orig_bases__", "__orig_class__", "_is_protocol", "_is_runtime_protocol",
    "__protocol_attrs__", "__non_callable_proto_members__", "__type_params__", "__abstractmethods__",
    "__annotations__", "__dict__", "__doc__", "__init__", "__module__", "__new__", "__slots__",
    "__subclasshook__", "__weakref__", "__class_getitem__", "_MutableMapping__marker",
    "__qualname__", "__init_subclass__", NULL};

static bool excluded(Obj *name)
{
    if (!STR_CHECK(name)) return true;
    Ssize n;
    const char *s = str_utf8_lossy(name, &n);
    if (!strncmp(s, "_abc_", 5)) return true;
    for (const char *const *e = excluded_attrs; *e; e++)
        if (!strcmp(s, *e)) return true;
    return false;
}

static bool attr_true(Obj *o, const char *name)
{
    Obj *v = NULL;
    Obj *key = str_from_cstr(name);
    int r = key ? obj_lookup_attr(o, key, &v) : -1;
    XDECREF(key);
    if (r <= 0) {
        vm_err_clear();
        return false;
    }
    int t = obj_is_true(v);
    DECREF(v);
    if (t < 0) vm_err_clear();
    return t > 0;
}

/* __protocol_attrs__: names of the protocol classes in the MRO */
static Obj *protocol_attrs(Obj *cls)
{
    Obj *attrs = set_new(NULL);
    Obj *mro = TYPE_CHECK(cls) ? ((TypeObj *)cls)->mro : NULL;
    if (!attrs || !mro) return attrs;
    for (Ssize i = 0; i + 1 < TUPLE_LEN(mro); i++) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
        const char *bn = type_name(b);
        if (!strcmp(bn, "Protocol") || !strcmp(bn, "Generic")) continue;
        Obj *k, *v;
        Ssize pos = 0;
        while (dict_next(b->dict, &pos, &k, &v))
            if (!excluded(k) && set_add(attrs, k) < 0) goto fail;
        Obj *ann = dict_get_borrow(b->dict, id_str("__annotations__"));
        if (ann && DICT_CHECK(ann)) {
            pos = 0;
            while (dict_next(ann, &pos, &k, &v))
                if (!excluded(k) && set_add(attrs, k) < 0) goto fail;
        }
    }
    return attrs;
fail:
    DECREF(attrs);
    return NULL;
}

static Obj *abcmeta_method(const char *name)
{
    Obj *abc = import_name(id_str("abc"), NULL, NULL, 0);
    Obj *meta = abc ? obj_getattr(abc, id_str("ABCMeta")) : NULL;
    XDECREF(abc);
    Obj *key = meta ? str_from_cstr(name) : NULL;
    Obj *f = key ? obj_getattr(meta, key) : NULL;
    XDECREF(key);
    XDECREF(meta);
    return f;
}

static int proto_check_runtime(Obj *cls)
{
    if (attr_true(cls, "_is_protocol") && !attr_true(cls, "_is_runtime_protocol")) {
        vm_err_set_str(&exc_TypeError, "Instance and class checks can only be used with @runtime_checkable protocols");
        return -1;
    }
    return 0;
}

static Obj *proto_instancecheck(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *inst = args[0];
    if (cls == ty_protocol_cls)
        return bool_from(type_is_subtype(OBJ_TYPE(inst), (TypeObj *)cls));
    if (!attr_true(cls, "_is_protocol")) {
        Obj *f = abcmeta_method("__instancecheck__");
        Obj *a[2] = {cls, inst};
        Obj *r = f ? obj_call(f, a, 2, NULL) : NULL;
        XDECREF(f);
        return r;
    }
    /* typing.py's frames in tracebacks (tbframes_gen.h) */
    if (proto_check_runtime(cls) < 0) return tbframe_fail(&tbgen_typing, TBG_TYPING_PROTOCOL_INSTANCECHECK);
    Obj *f = abcmeta_method("__instancecheck__");
    Obj *a[2] = {cls, inst};
    reckless++;
    Obj *r = f ? obj_call(f, a, 2, NULL) : NULL;
    reckless--;
    XDECREF(f);
    if (!r) return NULL;
    int t = obj_is_true(r);
    DECREF(r);
    if (t) return t < 0 ? NULL : bool_from(true);
    Obj *attrs = obj_getattr(cls, id_str("__protocol_attrs__"));
    Obj *it = attrs ? obj_getiter(attrs) : NULL;
    XDECREF(attrs);
    if (!it) return NULL;
    Obj *name;
    bool ok = true;
    while (ok && (name = obj_iternext(it))) {
        Obj *val = NULL;
        int found = obj_lookup_attr(inst, name, &val);
        if (found < 0) {
            DECREF(name);
            DECREF(it);
            return NULL;
        }
        if (!found) {
            ok = false;
        } else if (val == NONE) {
            Obj *cv = NULL;
            if (obj_lookup_attr(cls, name, &cv) > 0 && OBJ_TYPE(cv)->call) ok = false;
            XDECREF(cv);
            vm_err_clear();
        }
        XDECREF(val);
        DECREF(name);
    }
    DECREF(it);
    return bool_from(ok);
}

static Obj *proto_subclasscheck(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *other = args[0];
    if (cls == ty_protocol_cls) {
        if (!TYPE_CHECK(other)) {
            vm_err_set_str(&exc_TypeError, "issubclass() arg 1 must be a class");
            return NULL;
        }
        return bool_from(type_is_subtype((TypeObj *)other, (TypeObj *)cls));
    }
    if (attr_true(cls, "_is_protocol") && !reckless) {
        if (!TYPE_CHECK(other)) {
            vm_err_set_str(&exc_TypeError, "issubclass() arg 1 must be a class");
            return NULL;
        }
        /* non-method members make issubclass() impossible */
        Obj *attrs = obj_getattr(cls, id_str("__protocol_attrs__"));
        Obj *it = attrs ? obj_getiter(attrs) : NULL;
        XDECREF(attrs);
        if (!it) return NULL;
        Obj *name;
        bool nonmethod = false;
        while (!nonmethod && (name = obj_iternext(it))) {
            Obj *v = NULL;
            if (obj_lookup_attr(cls, name, &v) <= 0 || !OBJ_TYPE(v)->call) nonmethod = true;
            vm_err_clear();
            XDECREF(v);
            DECREF(name);
        }
        DECREF(it);
        if (nonmethod) {
            vm_err_set_str(&exc_TypeError, "Protocols with non-method members don't support issubclass()");
            return NULL;
        }
        if (proto_check_runtime(cls) < 0) return tbframe_fail(&tbgen_typing, TBG_TYPING_PROTOCOL_SUBCLASSCHECK);
    }
    Obj *f = abcmeta_method("__subclasscheck__");
    Obj *a[2] = {cls, other};
    Obj *r = f ? obj_call(f, a, 2, NULL) : NULL;
    XDECREF(f);
    return r;
}

/* Protocol.__subclasshook__ (_proto_hook): every protocol attribute somewhere in other's MRO */
static Obj *proto_hook(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (!attr_true(cls, "_is_protocol")) return INCREF(NOTIMPL);
    Obj *other = args[0];
    Obj *attrs = obj_getattr(cls, id_str("__protocol_attrs__"));
    Obj *it = attrs ? obj_getiter(attrs) : NULL;
    XDECREF(attrs);
    if (!it) return NULL;
    Obj *mro = TYPE_CHECK(other) ? ((TypeObj *)other)->mro : NULL;
    Obj *name, *res = TRUE_;
    while (res == TRUE_ && (name = obj_iternext(it))) {
        bool found = false;
        for (Ssize i = 0; mro && i < TUPLE_LEN(mro) && !found; i++) {
            Obj *d = ((TypeObj *)TUPLE_ITEMS(mro)[i])->dict;
            Obj *v = dict_get_borrow(d, name);
            if (v) {
                found = true;
                if (v == NONE) res = NOTIMPL;
            } else {
                Obj *ann = dict_get_borrow(d, id_str("__annotations__"));
                if (ann && DICT_CHECK(ann) && dict_get_borrow(ann, name)) found = true;
            }
        }
        if (!found) res = NOTIMPL;
        DECREF(name);
    }
    DECREF(it);
    return INCREF(res);
}

static Obj *proto_no_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (attr_true((Obj *)OBJ_TYPE(self), "_is_protocol")) {
        vm_err_set_str(&exc_TypeError, "Protocols cannot be instantiated");
        return NULL;
    }
    return INCREF(NONE);
}

static const MethodDef proto_no_init_def = {"_no_init_or_replace_init", proto_no_init, METH_FAST, NULL};

static Obj *proto_init_subclass(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    TypeObj *t = (TypeObj *)cls;
    bool is_proto = false;
    if (!dict_get_borrow(t->dict, id_str("_is_protocol"))) {
        for (Ssize i = 0; t->bases && i < TUPLE_LEN(t->bases); i++)
            if (TUPLE_ITEMS(t->bases)[i] == ty_protocol_cls) is_proto = true;
        if (obj_setattr(cls, id_str("_is_protocol"), is_proto ? TRUE_ : FALSE_) < 0) return NULL;
    } else {
        is_proto = attr_true(cls, "_is_protocol");
    }
    Obj *attrs = protocol_attrs(cls);
    if (!attrs || obj_setattr(cls, id_str("__protocol_attrs__"), attrs) < 0) {
        XDECREF(attrs);
        return NULL;
    }
    DECREF(attrs);
    if (!dict_get_borrow(t->dict, id_str("__subclasshook__"))) {
        static const MethodDef hook = {"_proto_hook", proto_hook, METH_O | METH_CLASS, NULL};
        Obj *f = classmethod_descr_new(t, &hook);
        if (!f || obj_setattr(cls, id_str("__subclasshook__"), f) < 0) {
            XDECREF(f);
            return NULL;
        }
        DECREF(f);
    }
    if (is_proto && !dict_get_borrow(t->dict, id_str("__init__"))) {
        Obj *init = type_lookup(t, id_str("__init__"));
        Obj *objinit = type_lookup(&object_type, id_str("__init__"));
        if (init == objinit || (init && IS_TYPE(init, method_descr_type))) {
            Obj *f = builtin_new(&proto_no_init_def, NULL, NULL);
            Obj *fn = f ? method_descr_new(t, &proto_no_init_def) : NULL;
            XDECREF(f);
            if (!fn || obj_setattr(cls, id_str("__init__"), fn) < 0) {
                XDECREF(fn);
                return NULL;
            }
            DECREF(fn);
        }
    }
    return INCREF(NONE);
}

static const MethodDef protometa_methods[] = {
    {"__instancecheck__", proto_instancecheck, METH_O, NULL},
    {"__subclasscheck__", proto_subclasscheck, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef protocol_methods[] = {
    {"__init_subclass__", proto_init_subclass, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

Obj *ty_runtime_checkable(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"cls"};
    Obj *v[1];
    if (mh_bind("runtime_checkable", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *cls = v[0];
    if (!TYPE_CHECK(cls) || !type_is_subtype((TypeObj *)cls, typevars_type(4)) ||
        !dict_get_borrow(((TypeObj *)cls)->dict, id_str("_is_protocol")) || !attr_true(cls, "_is_protocol")) {
        vm_err_format(&exc_TypeError, "@runtime_checkable can be only applied to protocol classes, got %R", cls);
        return NULL;
    }
    if (obj_setattr(cls, id_str("_is_runtime_protocol"), TRUE_) < 0) return NULL;
    return INCREF(cls);
}

/* ---- NamedTuple and TypedDict -------------------------------------------------------------------- */

static Obj *namedtuple_fn(void)
{
    Obj *coll = import_name(id_str("collections"), NULL, NULL, 0);
    Obj *f = coll ? obj_getattr(coll, id_str("namedtuple")) : NULL;
    XDECREF(coll);
    return f;
}

/* collections.namedtuple(name, fields, defaults=…, module=…) + __annotations__ */
static Obj *make_nt(Obj *name, Obj *types, Obj *defaults, Obj *module)
{
    Obj *fields = dict_keys_list(types);
    Obj *nt = fields ? namedtuple_fn() : NULL;
    Obj *res = NULL;
    if (nt) {
        Obj *args[4] = {name, fields, defaults ? defaults : NONE, module ? module : NONE};
        Obj *kwn = tuple_pack(2, id_str("defaults"), id_str("module"));
        if (kwn) res = obj_call(nt, args, 2, kwn);
        XDECREF(kwn);
    }
    XDECREF(nt);
    XDECREF(fields);
    if (!res) return NULL;
    if (obj_setattr(res, id_str("__annotations__"), types) < 0) CLEAR(res);
    return res;
}

static const char *const nt_prohibited[] = {
    "__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make",
    "_replace", "_asdict", "_source", NULL};
static const char *const nt_special[] = {"__module__", "__name__", "__annotations__", NULL};

static bool in_list(Obj *name, const char *const *l)
{
    for (; *l; l++)
        if (str_eq_cstr(name, *l)) return true;
    return false;
}

static Obj *ntmeta_new(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s; (void)kw;
    if (nargs != 4) {
        vm_err_set_str(&exc_TypeError, "NamedTupleMeta.__new__() takes 4 arguments");
        return NULL;
    }
    Obj *name = args[1], *ns = args[3];
    if (!DICT_CHECK(ns)) {   /* a class body's namespace is always a dict */
        vm_err_format(&exc_TypeError, "argument of type '%s' is not iterable", OBJ_TYPE(ns)->name);
        return NULL;
    }
    Obj *types = dict_get_str_borrow(ns, "__annotations__");
    Obj *own_types = types && DICT_CHECK(types) ? dict_copy(types) : dict_new();
    if (!own_types) return NULL;
    Obj *defaults = list_new(0);
    Obj *k, *v;
    Ssize pos = 0;
    Obj *first_default = NULL;
    while (defaults && dict_next(own_types, &pos, &k, &v)) {
        Obj *dv = dict_get_borrow(ns, k);
        if (dv) {
            if (list_append(defaults, dv) < 0) CLEAR(defaults);
            if (!first_default) first_default = k;
        } else if (first_default) {
            vm_err_format(&exc_TypeError, "Non-default namedtuple field %S cannot follow default field%s %S",
                          k, LIST_LEN(defaults) > 1 ? "s" : "", first_default);
            CLEAR(defaults);
        }
    }
    Obj *res = NULL;
    if (defaults) {
        Obj *dt = list_as_tuple(defaults);
        res = dt ? make_nt(name, own_types, dt, dict_get_str_borrow(ns, "__module__")) : NULL;
        XDECREF(dt);
    }
    XDECREF(defaults);
    DECREF(own_types);
    if (!res) return NULL;
    /* copy the other namespace entries onto the class */
    pos = 0;
    while (dict_next(ns, &pos, &k, &v)) {
        if (in_list(k, nt_prohibited)) {
            vm_err_format(&exc_AttributeError, "Cannot overwrite NamedTuple attribute %S", k);
            DECREF(res);
            return NULL;
        }
        if (in_list(k, nt_special)) continue;
        Obj *fields = obj_getattr(res, id_str("_fields"));
        int isfield = fields ? obj_contains(fields, k) : -1;
        XDECREF(fields);
        if (isfield < 0) {
            DECREF(res);
            return NULL;
        }
        if (isfield) continue;
        if (obj_setattr(res, k, v) < 0) {
            DECREF(res);
            return NULL;
        }
    }
    return res;
}

static const MethodDef ntmeta_methods[] = {
    {"__new__", ntmeta_new, METH_FAST | METH_STATIC, NULL},
    {NULL, NULL, 0, NULL},
};
Obj *ty_ntmeta;
static Obj *nt_base;

/* NamedTuple(typename, fields=None, /, **kwargs) */
static Obj *t_namedtuple(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "NamedTuple() missing 1 required positional argument: 'typename'");
        return NULL;
    }
    if (nargs > 2) {
        vm_err_format(&exc_TypeError, "NamedTuple() takes from 1 to 2 positional arguments but %zd were given", nargs);
        return NULL;
    }
    Obj *types = dict_new();
    if (!types) return NULL;
    if (nargs == 2 && args[1] != NONE) {
        Obj *it = obj_getiter(args[1]);
        Obj *pair;
        while (it && (pair = obj_iternext(it))) {
            Obj *t = seq_to_tuple(pair);
            DECREF(pair);
            Obj *c = t && TUPLE_LEN(t) == 2 ? ty_type_check(TUPLE_ITEMS(t)[1], "field annotation must be a type") : NULL;
            if (t && TUPLE_LEN(t) != 2) vm_err_set_str(&exc_TypeError, "NamedTuple field must be a (name, type) pair");
            int r = c ? dict_set(types, TUPLE_ITEMS(t)[0], c) : -1;
            XDECREF(c);
            XDECREF(t);
            if (r < 0) CLEAR(it);
        }
        if (!it || vm_err_occurred()) {
            XDECREF(it);
            DECREF(types);
            return NULL;
        }
        DECREF(it);
    } else {
        for (Ssize i = 0; kw && i < TUPLE_LEN(kw); i++)
            if (dict_set(types, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) {
                DECREF(types);
                return NULL;
            }
    }
    Obj *mod = vm->frame && vm->frame->globals ? dict_get_str_borrow(vm->frame->globals, "__name__") : NULL;
    Obj *r = make_nt(args[0], types, NULL, mod);
    DECREF(types);
    return r;
}

/* TypedDict: a class whose instances are plain dicts */
Obj *ty_tdmeta;
static Obj *td_base;

static Obj *tdmeta_new(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (nargs != 4) {
        vm_err_set_str(&exc_TypeError, "_TypedDictMeta.__new__() takes 4 arguments");
        return NULL;
    }
    Obj *total = TRUE_;
    for (Ssize i = 0; kw && i < TUPLE_LEN(kw); i++) {
        if (str_eq_cstr(TUPLE_ITEMS(kw)[i], "total")) {
            total = args[nargs + i];
        } else {
            vm_err_format(&exc_TypeError, "_TypedDictMeta.__new__() got an unexpected keyword argument '%S'",
                          TUPLE_ITEMS(kw)[i]);
            return NULL;
        }
    }
    Obj *name = args[1], *bases = args[2], *ns = args[3];
    for (Ssize i = 0; TUPLE_CHECK(bases) && i < TUPLE_LEN(bases); i++) {
        Obj *b = TUPLE_ITEMS(bases)[i];
        if (!(TYPE_CHECK(b) && OBJ_TYPE(b) == (TypeObj *)ty_tdmeta) && b != td_base) {
            vm_err_set_str(&exc_TypeError, "cannot inherit from both a TypedDict type and a non-TypedDict base class");
            return NULL;
        }
    }
    Obj *newbases = tuple_pack(1, (Obj *)&dict_type);
    Obj *cls = newbases ? type_new_class((TypeObj *)ty_tdmeta, name, newbases, ns, NULL) : NULL;
    XDECREF(newbases);
    if (!cls) return NULL;
    Obj *ann = dict_new(), *req = set_new(NULL), *opt = set_new(NULL);
    int rc = ann && req && opt ? 0 : -1;
    for (Ssize i = 0; rc == 0 && TUPLE_CHECK(bases) && i < TUPLE_LEN(bases); i++) {
        Obj *b = TUPLE_ITEMS(bases)[i];
        if (b == td_base) continue;
        Obj *ba = obj_getattr(b, id_str("__annotations__"));
        Obj *br = ba ? obj_getattr(b, id_str("__required_keys__")) : NULL;
        Obj *bo = br ? obj_getattr(b, id_str("__optional_keys__")) : NULL;
        rc = bo && dict_update(ann, ba) == 0 && set_update(req, br) == 0 && set_update(opt, bo) == 0 ? 0 : -1;
        XDECREF(ba);
        XDECREF(br);
        XDECREF(bo);
    }
    int tot = rc == 0 ? obj_is_true(total) : -1;
    if (tot < 0) rc = -1;
    Obj *own = DICT_CHECK(ns) ? dict_get_str_borrow(ns, "__annotations__") : NULL;
    if (rc == 0 && own && DICT_CHECK(own)) {
        Obj *k, *v;
        Ssize pos = 0;
        while (rc == 0 && dict_next(own, &pos, &k, &v)) {
            Obj *c = ty_type_check(v, "TypedDict('Name', {f0: t0, f1: t1, ...}); each t must be a type");
            bool required = tot;
            if (c && ty_is_alias(c) && ALIAS(c)->kind == AK_FORM) {
                if (is_form(ALIAS(c)->origin, SF_REQUIRED)) required = true;
                if (is_form(ALIAS(c)->origin, SF_NOTREQUIRED)) required = false;
            }
            rc = c && dict_set(ann, k, c) == 0 ? 0 : -1;
            XDECREF(c);
            if (rc == 0) {
                rc = set_add(required ? req : opt, k);
                if (rc == 0) rc = set_discard(required ? opt : req, k) < 0 ? -1 : 0;
            }
        }
    }
    Obj *freq = rc == 0 ? frozenset_new(req) : NULL;
    Obj *fopt = freq ? frozenset_new(opt) : NULL;
    if (!fopt || obj_setattr(cls, id_str("__annotations__"), ann) < 0 ||
        obj_setattr(cls, id_str("__required_keys__"), freq) < 0 ||
        obj_setattr(cls, id_str("__optional_keys__"), fopt) < 0 ||
        obj_setattr(cls, id_str("__total__"), tot > 0 ? TRUE_ : FALSE_) < 0)
        CLEAR(cls);
    XDECREF(freq);
    XDECREF(fopt);
    XDECREF(ann);
    XDECREF(req);
    XDECREF(opt);
    return cls;
}

static Obj *tdmeta_call(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)cls;
    return obj_call((Obj *)&dict_type, args, nargs, kw);
}

static Obj *tdmeta_check(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)cls; (void)args; (void)nargs; (void)kw;
    vm_err_set_str(&exc_TypeError, "TypedDict does not support instance and class checks");
    return NULL;
}

static const MethodDef tdmeta_methods[] = {
    {"__new__", tdmeta_new, METH_FAST | METH_STATIC, NULL},
    {"__call__", tdmeta_call, METH_FAST, NULL},
    {"__instancecheck__", tdmeta_check, METH_O, NULL},
    {"__subclasscheck__", tdmeta_check, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* TypedDict('Name', {'a': int}, total=True) */
static Obj *t_typeddict(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"typename", "fields", "total"};
    Obj *v[3];
    if (mh_bind("TypedDict", args, nargs, kw, names, 3, 2, 2, 1, 0, v) < 0) return NULL;
    Obj *fields = v[1] && v[1] != NONE ? dict_copy(v[1]) : dict_new();
    Obj *ns = fields ? dict_new() : NULL;
    Obj *mod = vm->frame && vm->frame->globals ? dict_get_str_borrow(vm->frame->globals, "__name__") : NULL;
    Obj *res = NULL;
    if (ns && dict_set_str(ns, "__annotations__", fields) == 0 &&
        (!mod || dict_set_str(ns, "__module__", mod) == 0)) {
        Obj *bases = tuple_new(0);
        Obj *a[5] = {ty_tdmeta, v[0], bases, ns, v[2] ? v[2] : TRUE_};
        Obj *kwn = tuple_pack(1, id_str("total"));
        if (bases && kwn) res = tdmeta_new(NULL, a, 4, kwn);
        XDECREF(kwn);
        XDECREF(bases);
    }
    XDECREF(ns);
    XDECREF(fields);
    return res;
}

/* NamedTuple / TypedDict are functions with an __mro_entries__ attribute */
typedef struct MroFunc { Obj base; const MethodDef *def; Obj **entry; } MroFunc;

static Obj *mrofunc_call(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    return ((MroFunc *)o)->def->fn(NULL, args, nargs, kw);
}

static Obj *mrofunc_repr(Obj *o)
{
    return str_from_fmt("<function %s at %p>", ((MroFunc *)o)->def->name, (void *)o);
}

static Obj *mrofunc_mro_entries(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    MroFunc *f = (MroFunc *)self;
    if (f->entry == &nt_base && TUPLE_CHECK(args[0]) && TUPLE_LEN(args[0]) > 1) {
        /* only Generic may accompany NamedTuple */
        for (Ssize i = 0; i < TUPLE_LEN(args[0]); i++) {
            Obj *b = TUPLE_ITEMS(args[0])[i];
            if (b != self && b != (Obj *)typevars_type(4) && !IS_TYPE(b, generic_alias_type)) {
                vm_err_set_str(&exc_TypeError, "can only inherit from a NamedTuple type and Generic");
                return NULL;
            }
        }
    }
    return tuple_pack(1, *f->entry);
}

static Obj *mrofunc_get_name(Obj *o, void *c) { (void)c; return str_from_cstr(((MroFunc *)o)->def->name); }

static MethodDef mrofunc_methods[] = {
    {"__mro_entries__", mrofunc_mro_entries, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static GetSetDef mrofunc_getset[] = {
    {"__name__", mrofunc_get_name, NULL, NULL, NULL},
    {"__qualname__", mrofunc_get_name, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj mrofunc_type = {
    .base = TYPE_HEAD_INIT, .name = "function", .basicsize = sizeof(MroFunc),
    .call = mrofunc_call, .repr = mrofunc_repr, .getattro = obj_generic_getattr,
    .methods = mrofunc_methods, .getset = mrofunc_getset,
};

static const MethodDef namedtuple_def = {"NamedTuple", t_namedtuple, METH_FAST, NULL};
static const MethodDef typeddict_def = {"TypedDict", t_typeddict, METH_FAST, NULL};

/* ---- building the module --------------------------------------------------------------------------- */

static int add_special(Obj *m, const char *name, Obj *origin, int nparams, bool inst, int kind)
{
    Obj *nm = str_from_cstr(name);
    Obj *a = nm ? ty_alias_make(&ty_sga_type, kind, origin, NULL, nm, inst) : NULL;
    XDECREF(nm);
    if (!a) return -1;
    ALIAS(a)->nparams = nparams;
    return module_add(m, name, a);
}

Obj *ty_attr_of(const char *module, const char *name)
{
    Obj *mn = str_from_cstr(module);
    Obj *m = mn ? import_name(mn, NULL, NULL, 0) : NULL;
    XDECREF(mn);
    if (m && strchr(module, '.')) {   /* import_name returns the top package */
        Obj *sub = dict_get_str_borrow(vm->modules, module);
        DECREF(m);
        m = sub ? INCREF(sub) : NULL;
    }
    Obj *key = m ? str_from_cstr(name) : NULL;
    Obj *v = key ? obj_getattr(m, key) : NULL;
    XDECREF(key);
    XDECREF(m);
    return v;
}

static int add_abc_alias(Obj *m, const char *name, const char *abcname, int nparams)
{
    Obj *o = ty_attr_of("collections.abc", abcname);
    if (!o) return -1;
    int r = add_special(m, name, o, nparams, true, AK_GENERIC);
    DECREF(o);
    return r;
}

static Obj *make_mrofunc(const MethodDef *def, Obj **entry)
{
    MroFunc *f = (MroFunc *)obj_alloc(&mrofunc_type, 0);
    if (!f) return NULL;
    f->def = def;
    f->entry = entry;
    return (Obj *)f;
}

static int build_classes(void)
{
    if (any_cls) return 0;
    TypeObj *ts[] = {&ty_fwdref_type, &ty_specialform_type, &ty_ga_type, &ty_sga_type, &ty_uga_type, &ty_lga_type,
                     &ty_cga_type, &ty_aga_type, &mrofunc_type};
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
        if (type_ready(ts[i]) < 0) return -1;
    for (int k = 0; k < SF__COUNT; k++) {
        SpecialForm *f = (SpecialForm *)obj_alloc(&ty_specialform_type, 0);
        if (!f) return -1;
        f->kind = k;
        forms[k] = (Obj *)f;
    }
    /* Any */
    Obj *b = tuple_pack(1, (Obj *)&type_type);
    ty_anymeta = b ? mh_class("typing", "_AnyMeta", b, anymeta_methods, NULL, NULL) : NULL;
    XDECREF(b);
    if (!ty_anymeta) return -1;
    any_cls = mh_class("typing", "Any", NULL, any_methods, NULL, (TypeObj *)ty_anymeta);
    if (!any_cls) return -1;
    /* Protocol */
    Obj *abcmeta = ty_attr_of("abc", "ABCMeta");
    b = abcmeta ? tuple_pack(1, abcmeta) : NULL;
    XDECREF(abcmeta);
    ty_protometa = b ? mh_class("typing", "_ProtocolMeta", b, protometa_methods, NULL, NULL) : NULL;
    XDECREF(b);
    if (!ty_protometa) return -1;
    {
        Obj *name = str_from_cstr("Protocol"), *ns = dict_new(), *mod = str_from_cstr("typing");
        Obj *bases = tuple_pack(1, (Obj *)typevars_type(4)), *slots = tuple_new(0);
        if (name && ns && mod && bases && slots && dict_set_str(ns, "__module__", mod) == 0 &&
            dict_set_str(ns, "__qualname__", name) == 0 && dict_set_str(ns, "__slots__", slots) == 0 &&
            dict_set_str(ns, "_is_protocol", TRUE_) == 0) {
            Obj *a[3] = {name, bases, ns};
            ty_protocol_cls = obj_call(ty_protometa, a, 3, NULL);
        }
        XDECREF(name);
        XDECREF(ns);
        XDECREF(mod);
        XDECREF(bases);
        XDECREF(slots);
        if (!ty_protocol_cls) return -1;
        TypeObj *pt = (TypeObj *)ty_protocol_cls;
        for (const MethodDef *d = protocol_methods; d->name; d++) {
            Obj *f = classmethod_descr_new(pt, d);
            if (!f || obj_setattr(ty_protocol_cls, id_str("__init_subclass__"), f) < 0) {
                XDECREF(f);
                return -1;
            }
            DECREF(f);
        }
        Obj *attrs = set_new(NULL);
        if (!attrs || obj_setattr(ty_protocol_cls, id_str("__protocol_attrs__"), attrs) < 0) {
            XDECREF(attrs);
            return -1;
        }
        DECREF(attrs);
    }
    /* NamedTuple and TypedDict metaclasses and their base markers */
    b = tuple_pack(1, (Obj *)&type_type);
    ty_ntmeta = b ? mh_class("typing", "NamedTupleMeta", b, ntmeta_methods, NULL, NULL) : NULL;
    ty_tdmeta = ty_ntmeta ? mh_class("typing", "_TypedDictMeta", b, tdmeta_methods, NULL, NULL) : NULL;
    XDECREF(b);
    if (!ty_tdmeta) return -1;
    {
        Obj *nm = str_from_cstr("NamedTuple"), *bs = tuple_new(0), *ns = dict_new();
        if (nm && bs && ns) nt_base = type_new_class((TypeObj *)ty_ntmeta, nm, bs, ns, NULL);
        XDECREF(nm);
        XDECREF(ns);
        nm = str_from_cstr("TypedDict");
        ns = dict_new();
        if (nm && bs && ns && nt_base) td_base = type_new_class((TypeObj *)ty_tdmeta, nm, bs, ns, NULL);
        XDECREF(nm);
        XDECREF(ns);
        XDECREF(bs);
        if (!td_base) return -1;
    }
    ty_annotated_cls = ty_newtype_class() ? mh_class("typing", "Annotated", NULL, annotated_methods, NULL, NULL) : NULL;
    return ty_annotated_cls ? 0 : -1;
}

static Obj *typing_init(void)
{
    if (build_classes() < 0) return NULL;
    Obj *m = mh_module("typing", ty_functions);
    if (!m) return NULL;
    typing_mod = m;
    for (int k = 0; k < SF__COUNT; k++)
        if (mh_add_obj(m, sf_names[k], forms[k]) < 0) goto fail;
    if (mh_add_obj(m, "Any", any_cls) < 0 || mh_add_obj(m, "Protocol", ty_protocol_cls) < 0 ||
        mh_add_obj(m, "NewType", ty_newtype_class()) < 0 || mh_add_obj(m, "ForwardRef", (Obj *)&ty_fwdref_type) < 0 ||
        mh_add_obj(m, "TypeVar", (Obj *)typevars_type(0)) < 0 ||
        mh_add_obj(m, "ParamSpec", (Obj *)typevars_type(1)) < 0 ||
        mh_add_obj(m, "TypeVarTuple", (Obj *)typevars_type(2)) < 0 ||
        mh_add_obj(m, "TypeAliasType", (Obj *)typevars_type(3)) < 0 ||
        mh_add_obj(m, "Generic", (Obj *)typevars_type(4)) < 0 || mh_add_obj(m, "TYPE_CHECKING", FALSE_) < 0 ||
        mh_add_obj(m, "Text", (Obj *)&str_type) < 0)
        goto fail;
    if (module_add(m, "NamedTuple", make_mrofunc(&namedtuple_def, &nt_base)) < 0 ||
        module_add(m, "TypedDict", make_mrofunc(&typeddict_def, &td_base)) < 0)
        goto fail;
    /* AnyStr = TypeVar('AnyStr', bytes, str) */
    {
        Obj *a[3] = {str_from_cstr("AnyStr"), (Obj *)&bytes_type, (Obj *)&str_type};
        Obj *tv = a[0] ? obj_call((Obj *)typevars_type(0), a, 3, NULL) : NULL;
        XDECREF(a[0]);
        if (!tv) goto fail;
        if (module_add(m, "AnyStr", tv) < 0) goto fail;
    }
    /* the aliases of builtin and collections types */
    struct { const char *name; Obj *origin; int n; bool inst; } builtins_[] = {
        {"List", (Obj *)&list_type, 1, false}, {"Dict", (Obj *)&dict_type, 2, false},
        {"Set", (Obj *)&set_type, 1, false}, {"FrozenSet", (Obj *)&frozenset_type, 1, false},
        {"Type", (Obj *)&type_type, 1, false},
    };
    for (size_t i = 0; i < sizeof builtins_ / sizeof builtins_[0]; i++)
        if (add_special(m, builtins_[i].name, builtins_[i].origin, builtins_[i].n, builtins_[i].inst, AK_GENERIC) < 0)
            goto fail;
    if (add_special(m, "Tuple", (Obj *)&tuple_type, -1, false, AK_TUPLE_SPECIAL) < 0) goto fail;
    {
        Obj *c = ty_attr_of("collections.abc", "Callable");
        int r = c ? add_special(m, "Callable", c, -1, true, AK_CALLABLE_SPECIAL) : -1;
        XDECREF(c);
        if (r < 0) goto fail;
    }
    struct { const char *name, *abc; int n; } abcs[] = {
        {"Hashable", "Hashable", 0}, {"Awaitable", "Awaitable", 1}, {"Coroutine", "Coroutine", 3},
        {"AsyncIterable", "AsyncIterable", 1}, {"AsyncIterator", "AsyncIterator", 1},
        {"Iterable", "Iterable", 1}, {"Iterator", "Iterator", 1}, {"Reversible", "Reversible", 1},
        {"Sized", "Sized", 0}, {"Container", "Container", 1}, {"Collection", "Collection", 1},
        {"AbstractSet", "Set", 1}, {"MutableSet", "MutableSet", 1}, {"Mapping", "Mapping", 2},
        {"MutableMapping", "MutableMapping", 2}, {"Sequence", "Sequence", 1},
        {"MutableSequence", "MutableSequence", 1}, {"ByteString", "ByteString", 0},
        {"MappingView", "MappingView", 1}, {"KeysView", "KeysView", 1}, {"ItemsView", "ItemsView", 2},
        {"ValuesView", "ValuesView", 1}, {"Generator", "Generator", 3},
        {"AsyncGenerator", "AsyncGenerator", 2},
    };
    for (size_t i = 0; i < sizeof abcs / sizeof abcs[0]; i++)
        if (add_abc_alias(m, abcs[i].name, abcs[i].abc, abcs[i].n) < 0) goto fail;
    struct { const char *name, *mod, *attr; int n; } others[] = {
        {"Deque", "collections", "deque", 1}, {"DefaultDict", "collections", "defaultdict", 2},
        {"OrderedDict", "collections", "OrderedDict", 2}, {"Counter", "collections", "Counter", 1},
        {"ChainMap", "collections", "ChainMap", 2}, {"Pattern", "re", "Pattern", 1},
        {"Match", "re", "Match", 1}, {"ContextManager", "contextlib", "AbstractContextManager", 1},
        {"AsyncContextManager", "contextlib", "AbstractAsyncContextManager", 1},
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        Obj *o = ty_attr_of(others[i].mod, others[i].attr);
        if (!o) {
            vm_err_clear();   /* a module without that class: leave the alias out */
            continue;
        }
        int r = add_special(m, others[i].name, o, others[i].n, true, AK_GENERIC);
        DECREF(o);
        if (r < 0) goto fail;
    }
    if (ty_add_extras(m) < 0) goto fail;
    typing_mod = NULL;
    return m;
fail:
    typing_mod = NULL;
    DECREF(m);
    return NULL;
}

void native_typing_register(void)
{
    import_register_native("typing", typing_init);
    vm_static_roots(forms, sizeof forms / sizeof forms[0]);
    vm_static_roots(&any_cls, 1);
    vm_static_roots(&nt_base, 1);
    vm_static_roots(&td_base, 1);
    vm_static_roots(&ty_annotated_cls, 1);
    vm_static_roots(&ty_anymeta, 1);
    vm_static_roots(&ty_protometa, 1);
    vm_static_roots(&ty_protocol_cls, 1);
    vm_static_roots(&ty_ntmeta, 1);
    vm_static_roots(&ty_tdmeta, 1);
}
