/* mod_typing_funcs.c — the second half of the native `typing` module
 * (mod_typing.c has the type objects): NewType; cast, assert_type,
 * assert_never, reveal_type, overload/get_overloads/clear_overloads,
 * final, no_type_check, runtime_checkable's neighbours get_origin/get_args,
 * is_typeddict; get_type_hints with a small evaluator for string
 * annotations (the VM has no compiler for eval: names, dotted names,
 * subscriptions, `|`, None, `...`, str and int literals) and Annotated
 * stripping; and the smaller public names (Supports* protocols, IO classes,
 * the module's TypeVars, override, dataclass_transform, re-exports and
 * __all__).  Shared declarations: typingint.h.
 */
#include "config.h"

#include <string.h>

#include "src/native/closure.h"
#include "src/native/typingint.h"

/* ---- NewType ---------------------------------------------------------------------------------------- */

static Obj *newtype_cls;
static const MethodDef ty_newtype_methods[];

Obj *ty_newtype_class(void)
{
    if (!newtype_cls) {
        newtype_cls = mh_class("typing", "NewType", NULL, ty_newtype_methods, NULL, NULL);
        vm_static_roots(&newtype_cls, 1);
    }
    return newtype_cls;
}

static Obj *nt_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"name", "tp"};
    Obj *v[2];
    if (mh_bind_m("NewType.__init__", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *name = v[0];
    Obj *qual = name;
    Obj *mod = vm->frame && vm->frame->globals ? dict_get_str_borrow(vm->frame->globals, "__name__") : NULL;
    if (obj_setattr(self, id_str("__qualname__"), qual) < 0 || obj_setattr(self, id_str("__name__"), name) < 0 ||
        obj_setattr(self, id_str("__supertype__"), v[1]) < 0 ||
        (mod && obj_setattr(self, id_str("__module__"), mod) < 0))
        return NULL;
    return INCREF(NONE);
}

static Obj *nt_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *mod = obj_getattr(self, id_str("__module__"));
    Obj *q = mod ? obj_getattr(self, id_str("__qualname__")) : NULL;
    Obj *r = q ? str_from_fmt("%S.%S", mod, q) : NULL;
    XDECREF(mod);
    XDECREF(q);
    return r;
}

static Obj *nt_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_nkw(kw) || nargs != 1) {
        vm_err_format(&exc_TypeError, "NewType.__call__() takes 2 positional arguments but %zd were given", nargs + 1);
        return NULL;
    }
    return INCREF(args[0]);
}

static Obj *nt_or(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return ty_union_of2(self, args[0]);
}

static Obj *nt_ror(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return ty_union_of2(args[0], self);
}

/* class X(UserId): the error names X, known only once the class is made:
 * a Dummy base whose __init_subclass__ raises, as CPython does it */
static Obj *dummy_init_subclass(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *name = obj_getattr(cls, id_str("__name__"));
    Obj *sup = name ? obj_getattr(cls, id_str("_superclass_name")) : NULL;
    if (sup)
        vm_err_format(&exc_TypeError,
                      "Cannot subclass an instance of NewType. Perhaps you were looking for: `%S = NewType(%R, %S)`",
                      name, name, sup);
    XDECREF(name);
    XDECREF(sup);
    return NULL;
}

static const MethodDef dummy_methods[] = {
    {"__init_subclass__", dummy_init_subclass, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *nt_mro_entries(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *name = obj_getattr(self, id_str("__name__"));
    if (!name) return NULL;
    Obj *dummy = mh_class("typing", "Dummy", NULL, dummy_methods, NULL, NULL);
    if (!dummy || obj_setattr(dummy, id_str("_superclass_name"), name) < 0) {
        XDECREF(dummy);
        DECREF(name);
        return NULL;
    }
    DECREF(name);
    Obj *r = tuple_pack(1, dummy);
    DECREF(dummy);
    return r;
}

static const MethodDef ty_newtype_methods[] = {
    {"__init__", nt_init, METH_FAST, NULL},
    {"__repr__", nt_repr, METH_NOARGS, NULL},
    {"__call__", nt_call, METH_FAST, NULL},
    {"__or__", nt_or, METH_O, NULL},
    {"__ror__", nt_ror, METH_O, NULL},
    {"__mro_entries__", nt_mro_entries, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- functions ---------------------------------------------------------------------------------------- */

static Obj *overload_registry;   /* dict: (module, qualname) -> list of functions, made on first use */

static int registry_ready(void)
{
    if (!overload_registry) {
        overload_registry = dict_new();
        vm_static_roots(&overload_registry, 1);
    }
    return overload_registry ? 0 : -1;
}

static Obj *t_cast(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"typ", "val"};
    Obj *v[2];
    if (mh_bind("cast", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    return INCREF(v[1]);
}

static Obj *t_assert_type(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"val", "typ"};
    Obj *v[2];
    if (mh_bind("assert_type", args, nargs, kw, names, 2, 2, 2, 2, 0, v) < 0) return NULL;
    return INCREF(v[0]);
}

static Obj *t_overload_dummy(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s; (void)args; (void)nargs; (void)kw;
    vm_err_set_str(&exc_NotImplementedError,
                   "You should not call an overloaded function. A series of @overload-decorated "
                   "functions outside a stub module should always be followed by an implementation that "
                   "is not @overload-ed.");
    return NULL;
}

static const MethodDef overload_dummy_def = {"_overload_dummy", t_overload_dummy, METH_FAST, NULL};

static Obj *overload_key(Obj *func)
{
    Obj *mod = NULL, *qn = NULL;
    if (obj_lookup_attr(func, id_str("__module__"), &mod) < 0 ||
        obj_lookup_attr(func, id_str("__qualname__"), &qn) < 0) {
        XDECREF(mod);
        return NULL;
    }
    Obj *k = tuple_pack(2, mod ? mod : NONE, qn ? qn : NONE);
    XDECREF(mod);
    XDECREF(qn);
    return k;
}

static Obj *t_overload(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind("overload", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *key = registry_ready() < 0 ? NULL : overload_key(v[0]);
    if (!key) return NULL;
    Obj *lst = dict_get_borrow(overload_registry, key);
    if (!lst) {
        lst = list_new(0);
        if (!lst || dict_set(overload_registry, key, lst) < 0) {
            XDECREF(lst);
            DECREF(key);
            return NULL;
        }
        DECREF(lst);
    }
    DECREF(key);
    if (list_append(lst, v[0]) < 0) return NULL;
    return builtin_new(&overload_dummy_def, NULL, NULL);
}

static Obj *t_get_overloads(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind("get_overloads", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *key = registry_ready() < 0 ? NULL : overload_key(v[0]);
    if (!key) return NULL;
    Obj *lst = dict_get_borrow(overload_registry, key);
    DECREF(key);
    return lst ? list_from_array(LIST_ITEMS(lst), LIST_LEN(lst)) : list_new(0);
}

static Obj *t_clear_overloads(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s; (void)args;
    if (mh_no_args("clear_overloads", nargs, kw) < 0) return NULL;
    if (overload_registry) dict_clear(overload_registry);
    return INCREF(NONE);
}

/* final / no_type_check: mark and return */
static Obj *mark(Obj *const *args, Ssize nargs, Obj *kw, const char *fname, const char *attr)
{
    static const char *const names[] = {"f"};
    Obj *v[1];
    if (mh_bind(fname, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *key = str_from_cstr(attr);
    if (!key) return NULL;
    if (obj_setattr(v[0], key, TRUE_) < 0) {
        if (!vm_err_matches(&exc_AttributeError) && !vm_err_matches(&exc_TypeError)) {
            DECREF(key);
            return NULL;
        }
        vm_err_clear();
    }
    DECREF(key);
    return INCREF(v[0]);
}

static Obj *t_final(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return mark(a, n, kw, "final", "__final__"); }
static Obj *t_no_type_check(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return mark(a, n, kw, "no_type_check", "__no_type_check__");
}

/* no_type_check_decorator(decorator): functools.wraps(decorator) of a
 * function applying no_type_check to what the decorator returns */
static Obj *ntcd_wrapped(Obj *state, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *f = obj_call(TUPLE_ITEMS(state)[0], args, nargs, kw);
    if (!f) return NULL;
    Obj *r = t_no_type_check(NULL, &f, 1, NULL);
    DECREF(f);
    return r;
}

static Obj *t_no_type_check_decorator(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"decorator"};
    Obj *v[1];
    if (mh_bind("no_type_check_decorator", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *st = tuple_pack(1, v[0]);
    Obj *w = st ? closure_new(ntcd_wrapped, st, "typing", "no_type_check_decorator.<locals>.wrapped_decorator")
                : NULL;
    XDECREF(st);
    Obj *ft = w ? import_name(id_str("functools"), NULL, NULL, 0) : NULL;
    Obj *uw = ft ? obj_getattr_str(ft, "update_wrapper") : NULL;
    XDECREF(ft);
    Obj *a[2] = {w, v[0]};
    Obj *r = uw ? obj_call(uw, a, 2, NULL) : NULL;
    XDECREF(uw);
    XDECREF(w);
    return r;
}

static Obj *t_get_origin(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tp"};
    Obj *v[1];
    if (mh_bind("get_origin", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *tp = v[0];
    if (ty_is_alias(tp) && ALIAS(tp)->kind == AK_ANNOTATED) return INCREF(ty_annotated_cls);
    if (ty_is_alias(tp)) return INCREF(ALIAS(tp)->origin);
    if (IS_TYPE(tp, generic_alias_type)) return obj_getattr(tp, id_str("__origin__"));
    if (IS_TYPE(tp, union_type)) return INCREF((Obj *)&union_type);
    if (tp == (Obj *)typevars_type(4)) return INCREF(tp);
    if (IS_TYPE(tp, *typevars_type(5)) || IS_TYPE(tp, *typevars_type(6))) return obj_getattr(tp, id_str("__origin__"));
    return INCREF(NONE);
}

static Obj *t_get_args(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tp"};
    Obj *v[1];
    if (mh_bind("get_args", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *tp = v[0];
    if (ty_is_alias(tp) && ALIAS(tp)->kind == AK_ANNOTATED) {
        Obj *o = tuple_pack(1, ALIAS(tp)->origin);
        Obj *r = o ? num_binary(o, ALIAS(tp)->meta, NB_ADD) : NULL;
        XDECREF(o);
        return r;
    }
    if (ty_is_alias(tp) && ALIAS(tp)->args) {
        Alias *a = ALIAS(tp);
        if (a->kind == AK_CALLABLE && !(TUPLE_LEN(a->args) == 2 && ty_is_param_expr(TUPLE_ITEMS(a->args)[0]))) {
            Ssize n = TUPLE_LEN(a->args);
            Obj *l = list_from_array(TUPLE_ITEMS(a->args), n - 1);
            Obj *r = l ? tuple_pack(2, l, TUPLE_ITEMS(a->args)[n - 1]) : NULL;
            XDECREF(l);
            return r;
        }
        return INCREF(a->args);
    }
    if (IS_TYPE(tp, generic_alias_type) || IS_TYPE(tp, union_type)) return obj_getattr(tp, id_str("__args__"));
    return tuple_new(0);
}

static Obj *t_is_typeddict(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tp"};
    Obj *v[1];
    if (mh_bind("is_typeddict", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return bool_from(OBJ_TYPE(v[0]) == (TypeObj *)ty_tdmeta);
}

static Obj *t_assert_never(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"arg"};
    Obj *v[1];
    if (mh_bind("assert_never", args, nargs, kw, names, 1, 1, 1, 1, 0, v) < 0) return NULL;
    Obj *r = obj_repr(v[0]);
    if (!r) return NULL;
    if (obj_length(r) > 100) {
        Obj *cut = str_substr(r, 0, 100);
        Obj *dots = str_from_cstr("...");
        Obj *n = cut && dots ? str_concat(cut, dots) : NULL;
        XDECREF(cut);
        XDECREF(dots);
        DECREF(r);
        if (!n) return NULL;
        r = n;
    }
    vm_err_format(&exc_AssertionError, "Expected code to be unreachable, but got: %U", r);
    DECREF(r);
    return NULL;
}

static Obj *t_reveal_type(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"obj"};
    Obj *v[1];
    if (mh_bind("reveal_type", args, nargs, kw, names, 1, 1, 1, 1, 0, v) < 0) return NULL;
    Obj *msg = str_from_fmt("Runtime type is %R", (Obj *)OBJ_TYPE(v[0]));
    Obj *err = sys_get_borrow("stderr");
    int r = msg && err ? io_write_str(err, msg) : -1;
    XDECREF(msg);
    if (r < 0 || io_write_cstr(err, "\n") < 0) return NULL;
    return INCREF(v[0]);
}

/* ---- get_type_hints: a small evaluator for string annotations ----------------------------------- */

typedef struct Ev { const char *s; Ssize i, n; Obj *globals, *locals; } Ev;

static void ev_ws(Ev *e)
{
    while (e->i < e->n && (e->s[e->i] == ' ' || e->s[e->i] == '\t')) e->i++;
}

static Obj *ev_expr(Ev *e);

static Obj *ev_lookup(Ev *e, Obj *name)
{
    Obj *v = e->locals ? dict_get_borrow(e->locals, name) : NULL;
    if (!v && e->globals) v = dict_get_borrow(e->globals, name);
    if (!v) v = dict_get_borrow(vm->builtins, name);
    if (!v) {
        vm_err_format(&exc_NameError, "name '%S' is not defined", name);
        return NULL;
    }
    return INCREF(v);
}

static Obj *ev_atom(Ev *e)
{
    ev_ws(e);
    if (e->i >= e->n) goto bad;
    char c = e->s[e->i];
    if (c == '\'' || c == '"') {
        Ssize st = ++e->i;
        while (e->i < e->n && e->s[e->i] != c) e->i++;
        if (e->i >= e->n) goto bad;
        Obj *str = str_from_utf8(e->s + st, e->i - st);
        e->i++;
        return str;
    }
    if (c == '.' && e->i + 2 < e->n && e->s[e->i + 1] == '.' && e->s[e->i + 2] == '.') {
        e->i += 3;
        return INCREF(ELLIPSIS);
    }
    if (c == '[') {   /* a list of types (Callable's parameters) */
        e->i++;
        Obj *l = list_new(0);
        ev_ws(e);
        while (l && e->i < e->n && e->s[e->i] != ']') {
            Obj *x = ev_expr(e);
            if (!x || list_append(l, x) < 0) CLEAR(l);
            XDECREF(x);
            ev_ws(e);
            if (l && e->i < e->n && e->s[e->i] == ',') e->i++;
        }
        if (!l) return NULL;
        if (e->i >= e->n) {
            DECREF(l);
            goto bad;
        }
        e->i++;
        return l;
    }
    if (c == '(' ) {
        e->i++;
        ev_ws(e);
        if (e->i < e->n && e->s[e->i] == ')') {
            e->i++;
            return tuple_new(0);
        }
        Obj *x = ev_expr(e);
        ev_ws(e);
        if (!x) return NULL;
        if (e->i >= e->n || e->s[e->i] != ')') {
            DECREF(x);
            goto bad;
        }
        e->i++;
        return x;
    }
    if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80) {
        Ssize st = e->i;
        while (e->i < e->n && (e->s[e->i] == '_' || (e->s[e->i] >= 'a' && e->s[e->i] <= 'z') ||
                               (e->s[e->i] >= 'A' && e->s[e->i] <= 'Z') || (e->s[e->i] >= '0' && e->s[e->i] <= '9') ||
                               (unsigned char)e->s[e->i] >= 0x80))
            e->i++;
        Obj *name = str_from_utf8(e->s + st, e->i - st);
        if (!name) return NULL;
        Obj *v;
        if (str_eq_cstr(name, "None")) v = INCREF(NONE);
        else if (str_eq_cstr(name, "True")) v = bool_from(true);
        else if (str_eq_cstr(name, "False")) v = bool_from(false);
        else v = ev_lookup(e, name);
        DECREF(name);
        return v;
    }
    if ((c >= '0' && c <= '9') || c == '-') {
        Ssize st = e->i++;
        while (e->i < e->n && e->s[e->i] >= '0' && e->s[e->i] <= '9') e->i++;
        return int_from_str(e->s + st, e->i - st, 10);
    }
bad:
    vm_err_set_str(&exc_SyntaxError, "invalid syntax");
    return NULL;
}

static Obj *ev_postfix(Ev *e)
{
    Obj *v = ev_atom(e);
    for (;;) {
        if (!v) return NULL;
        ev_ws(e);
        if (e->i < e->n && e->s[e->i] == '.') {
            e->i++;
            ev_ws(e);
            Ssize st = e->i;
            while (e->i < e->n && (e->s[e->i] == '_' || (e->s[e->i] >= 'a' && e->s[e->i] <= 'z') ||
                                   (e->s[e->i] >= 'A' && e->s[e->i] <= 'Z') || (e->s[e->i] >= '0' && e->s[e->i] <= '9')))
                e->i++;
            Obj *name = str_from_utf8(e->s + st, e->i - st);
            Obj *nv = name ? obj_getattr(v, name) : NULL;
            XDECREF(name);
            DECREF(v);
            v = nv;
        } else if (e->i < e->n && e->s[e->i] == '[') {
            e->i++;
            Obj *items = list_new(0);
            while (items) {
                ev_ws(e);
                if (e->i < e->n && e->s[e->i] == ']') break;
                Obj *x = ev_expr(e);
                if (!x || list_append(items, x) < 0) CLEAR(items);
                XDECREF(x);
                ev_ws(e);
                if (items && e->i < e->n && e->s[e->i] == ',') e->i++;
                else break;
            }
            ev_ws(e);
            if (!items || e->i >= e->n || e->s[e->i] != ']') {
                XDECREF(items);
                DECREF(v);
                if (!vm_err_occurred()) vm_err_set_str(&exc_SyntaxError, "invalid syntax");
                return NULL;
            }
            e->i++;
            Obj *key = LIST_LEN(items) == 1 ? INCREF(LIST_ITEMS(items)[0]) : list_as_tuple(items);
            DECREF(items);
            Obj *nv = key ? obj_getitem(v, key) : NULL;
            XDECREF(key);
            DECREF(v);
            v = nv;
        } else {
            return v;
        }
    }
}

static Obj *ev_expr(Ev *e)
{
    Obj *v = ev_postfix(e);
    for (;;) {
        if (!v) return NULL;
        ev_ws(e);
        if (e->i < e->n && e->s[e->i] == '|') {
            e->i++;
            Obj *r = ev_postfix(e);
            Obj *nv = r ? num_binary(v, r, NB_OR) : NULL;
            XDECREF(r);
            DECREF(v);
            v = nv;
        } else {
            return v;
        }
    }
}

static Obj *eval_str(Obj *s, Obj *globals, Obj *locals)
{
    Ssize n;
    const char *u = str_utf8_lossy(s, &n);
    Ev e = {u, 0, n, globals, locals};
    Obj *v = ev_expr(&e);
    ev_ws(&e);
    if (v && e.i != e.n) {
        DECREF(v);
        vm_err_format(&exc_SyntaxError, "Forward reference must be an expression -- got %R", s);
        return NULL;
    }
    return v;
}

/* evaluate str / ForwardRef, also inside aliases; None -> NoneType */
static Obj *eval_hint(Obj *v, Obj *globals, Obj *locals)
{
    if (v == NONE) return INCREF((Obj *)&none_type);
    if (STR_CHECK(v)) {
        Obj *r = eval_str(v, globals, locals);
        if (!r) return NULL;
        Obj *h = eval_hint(r, globals, locals);
        DECREF(r);
        return h;
    }
    if (IS_TYPE(v, ty_fwdref_type)) return eval_hint(((FwdRef *)v)->arg, globals, locals);
    if (ty_is_alias(v) && ALIAS(v)->kind == AK_ANNOTATED) {
        Obj *o = eval_hint(ALIAS(v)->origin, globals, locals);
        Obj *head = o ? tuple_pack(1, o) : NULL;
        Obj *params = head ? num_binary(head, ALIAS(v)->meta, NB_ADD) : NULL;
        Obj *r = params ? ty_make_annotated(params) : NULL;
        XDECREF(o);
        XDECREF(head);
        XDECREF(params);
        return r;
    }
    if (ty_is_alias(v) && ALIAS(v)->args) {
        Alias *a = ALIAS(v);
        bool changed = false;
        Ssize n = TUPLE_LEN(a->args);
        Obj *t = tuple_new(n);
        if (!t) return NULL;
        for (Ssize i = 0; i < n; i++) {
            Obj *x = TUPLE_ITEMS(a->args)[i];
            Obj *y = IS_TYPE(x, ty_fwdref_type) || (ty_is_alias(x) && ALIAS(x)->args) ? eval_hint(x, globals, locals)
                                                                              : INCREF(x);
            if (!y) {
                for (Ssize k = i; k < n; k++) TUPLE_ITEMS(t)[k] = INCREF(NONE);
                DECREF(t);
                return NULL;
            }
            if (y != x) changed = true;
            TUPLE_ITEMS(t)[i] = y;
        }
        if (!changed) {
            DECREF(t);
            return INCREF(v);
        }
        Obj *r;
        if (a->kind == AK_UNION) r = ty_make_union(TUPLE_ITEMS(t), n);
        else r = ty_alias_make(OBJ_TYPE(v), a->kind, a->origin, t, a->name, a->inst);
        DECREF(t);
        return r;
    }
    return INCREF(v);
}

/* _strip_annotations: Annotated[T, ...] -> T, also inside aliases */
static Obj *strip_annotated(Obj *v)
{
    if (!ty_is_alias(v) || !ALIAS(v)->args) return INCREF(v);
    Alias *a = ALIAS(v);
    if (a->kind == AK_ANNOTATED) return strip_annotated(a->origin);
    Ssize n = TUPLE_LEN(a->args);
    Obj *t = tuple_new(n);
    if (!t) return NULL;
    bool changed = false;
    for (Ssize i = 0; i < n; i++) {
        Obj *y = strip_annotated(TUPLE_ITEMS(a->args)[i]);
        if (!y) {
            for (Ssize k = i; k < n; k++) TUPLE_ITEMS(t)[k] = INCREF(NONE);
            DECREF(t);
            return NULL;
        }
        if (y != TUPLE_ITEMS(a->args)[i]) changed = true;
        TUPLE_ITEMS(t)[i] = y;
    }
    if (!changed) {
        DECREF(t);
        return INCREF(v);
    }
    Obj *r = a->kind == AK_UNION ? ty_make_union(TUPLE_ITEMS(t), n)
                                 : ty_alias_make(OBJ_TYPE(v), a->kind, a->origin, t, a->name, a->inst);
    DECREF(t);
    return r;
}

static int strip_all(Obj *hints)
{
    Obj *keys = dict_keys_list(hints);
    if (!keys) return -1;
    for (Ssize i = 0; i < LIST_LEN(keys); i++) {
        Obj *val = dict_get_borrow(hints, LIST_ITEMS(keys)[i]);
        Obj *sv = val ? strip_annotated(val) : NULL;
        int r = sv ? dict_set(hints, LIST_ITEMS(keys)[i], sv) : -1;
        XDECREF(sv);
        if (r < 0) {
            DECREF(keys);
            return -1;
        }
    }
    DECREF(keys);
    return 0;
}

static Obj *module_dict_of(Obj *obj)
{
    Obj *mod = NULL;
    if (obj_lookup_attr(obj, id_str("__module__"), &mod) < 0) return NULL;
    Obj *d = NULL;
    if (mod && STR_CHECK(mod)) {
        Obj *m = dict_get_borrow(vm->modules, mod);
        if (m && IS_TYPE(m, module_type)) d = INCREF(module_dict_borrow(m));
    }
    XDECREF(mod);
    return d ? d : dict_new();
}

static int add_hints(Obj *hints, Obj *ann, Obj *globals, Obj *locals)
{
    Obj *k, *v;
    Ssize pos = 0;
    while (dict_next(ann, &pos, &k, &v)) {
        INCREF(k);
        Obj *h = eval_hint(v, globals, locals);
        int r = h ? dict_set(hints, k, h) : -1;
        XDECREF(h);
        DECREF(k);
        if (r < 0) return -1;
    }
    return 0;
}

static Obj *t_get_type_hints(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"obj", "globalns", "localns", "include_extras"};
    Obj *v[4];
    if (mh_bind("get_type_hints", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    Obj *obj = v[0];
    Obj *gns = v[1] && v[1] != NONE ? v[1] : NULL, *lns = v[2] && v[2] != NONE ? v[2] : NULL;
    Obj *hints = dict_new();
    if (!hints) return NULL;
    if (TYPE_CHECK(obj)) {
        Obj *mro = ((TypeObj *)obj)->mro;
        for (Ssize i = TUPLE_LEN(mro) - 1; i >= 0; i--) {
            TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
            Obj *ann = dict_get_borrow(b->dict, id_str("__annotations__"));
            if (!ann || !DICT_CHECK(ann)) continue;
            Obj *g = gns ? INCREF(gns) : module_dict_of((Obj *)b);
            Obj *l = lns ? lns : b->dict;
            int r = g ? add_hints(hints, ann, g, lns ? l : b->dict) : -1;
            XDECREF(g);
            if (r < 0) {
                DECREF(hints);
                return NULL;
            }
        }
        int extras = v[3] ? obj_is_true(v[3]) : 0;
        if (extras < 0 || (!extras && strip_all(hints) < 0)) CLEAR(hints);
        return hints;
    }
    Obj *ann = NULL;
    if (obj_lookup_attr(obj, id_str("__annotations__"), &ann) < 0) {
        DECREF(hints);
        return NULL;
    }
    if (!ann) {
        DECREF(hints);
        vm_err_format(&exc_TypeError, "%R is not a module, class, method, or function.", obj);
        return NULL;
    }
    Obj *g = gns ? INCREF(gns) : NULL;
    if (!g) {
        if (IS_TYPE(obj, module_type)) g = INCREF(module_dict_borrow(obj));
        else if (IS_TYPE(obj, function_type)) g = INCREF(((FuncObj *)obj)->globals);
        else g = dict_new();
    }
    int r = g && DICT_CHECK(ann) ? add_hints(hints, ann, g, lns) : g ? 0 : -1;
    XDECREF(g);
    DECREF(ann);
    int extras = r < 0 ? -1 : v[3] ? obj_is_true(v[3]) : 0;
    if (extras < 0 || (!extras && strip_all(hints) < 0)) {
        DECREF(hints);
        return NULL;
    }
    return hints;
}

const MethodDef ty_functions[] = {
    {"cast", t_cast, METH_FAST, "Cast a value to a type."},
    {"assert_type", t_assert_type, METH_FAST, NULL},
    {"assert_never", t_assert_never, METH_FAST, NULL},
    {"reveal_type", t_reveal_type, METH_FAST, NULL},
    {"overload", t_overload, METH_FAST, NULL},
    {"get_overloads", t_get_overloads, METH_FAST, NULL},
    {"clear_overloads", t_clear_overloads, METH_FAST, NULL},
    {"final", t_final, METH_FAST, NULL},
    {"no_type_check", t_no_type_check, METH_FAST, NULL},
    {"no_type_check_decorator", t_no_type_check_decorator, METH_FAST, NULL},
    {"runtime_checkable", ty_runtime_checkable, METH_FAST, NULL},
    {"get_origin", t_get_origin, METH_FAST, NULL},
    {"get_args", t_get_args, METH_FAST, NULL},
    {"get_type_hints", t_get_type_hints, METH_FAST, NULL},
    {"is_typeddict", t_is_typeddict, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- SupportsInt & co, IO classes, decorators ------------------------------------------------------ */

static Obj *proto_method_body(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return INCREF(NONE);
}

/* The definition of a Supports* protocol's method, made once per process
 * and kept here: the classes are made again after each teardown. */
static const MethodDef *proto_method_def(const char *method)
{
    static MethodDef *defs[16];
    static size_t n;
    for (size_t i = 0; i < n; i++)
        if (strcmp(defs[i]->name, method) == 0) return defs[i];
    MethodDef *def = xmalloc(sizeof *def);
    def->name = method;
    def->fn = proto_method_body;
    def->flags = METH_FAST;
    def->doc = NULL;
    if (n < sizeof defs / sizeof defs[0]) defs[n++] = def;
    return def;
}

/* a @runtime_checkable Protocol with one abstract method */
static Obj *make_supports(const char *name, const char *method)
{
    Obj *nm = str_from_cstr(name), *ns = dict_new(), *mod = str_from_cstr("typing");
    Obj *bases = tuple_pack(1, ty_protocol_cls), *slots = tuple_new(0), *cls = NULL;
    if (nm && ns && mod && bases && slots && dict_set_str(ns, "__module__", mod) == 0 &&
        dict_set_str(ns, "__qualname__", nm) == 0 && dict_set_str(ns, "__slots__", slots) == 0) {
        Obj *a[3] = {nm, bases, ns};
        cls = obj_call(ty_protometa, a, 3, NULL);
    }
    XDECREF(nm);
    XDECREF(ns);
    XDECREF(mod);
    XDECREF(bases);
    XDECREF(slots);
    if (!cls) return NULL;
    Obj *f = method_descr_new((TypeObj *)cls, proto_method_def(method));
    Obj *key = str_from_cstr(method);
    Obj *names = key ? tuple_pack(1, key) : NULL;
    Obj *fs = names ? frozenset_new(names) : NULL;
    Obj *attrs = names ? set_new(names) : NULL;
    if (!f || !attrs || obj_setattr(cls, key, f) < 0 || obj_setattr(cls, id_str("__abstractmethods__"), fs) < 0 ||
        obj_setattr(cls, id_str("__protocol_attrs__"), attrs) < 0 ||
        obj_setattr(cls, id_str("_is_runtime_protocol"), TRUE_) < 0)
        CLEAR(cls);
    XDECREF(f);
    XDECREF(key);
    XDECREF(names);
    XDECREF(fs);
    XDECREF(attrs);
    return cls;
}

static Obj *t_override(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return mark(args, nargs, kw, "override", "__override__");
}

static Obj *dt_apply(Obj *spec, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("decorator", nargs, kw) < 0) return NULL;
    if (obj_setattr(args[0], id_str("__dataclass_transform__"), spec) < 0) return NULL;
    return INCREF(args[0]);
}

static const MethodDef dt_apply_def = {"decorator", dt_apply, METH_FAST, NULL};

static Obj *t_dataclass_transform(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (nargs) {
        vm_err_format(&exc_TypeError, "dataclass_transform() takes 0 positional arguments but %zd were given", nargs);
        return NULL;
    }
    static const char *const known[] = {"eq_default", "order_default", "kw_only_default", "frozen_default",
                                        "field_specifiers"};
    Obj *vals[5] = {TRUE_, FALSE_, FALSE_, FALSE_, NULL};
    Obj *extra = dict_new(), *spec = extra ? dict_new() : NULL, *empty = tuple_new(0);
    vals[4] = empty;
    int rc = spec && empty ? 0 : -1;
    for (Ssize i = 0; rc == 0 && i < mh_nkw(kw); i++) {
        Obj *k = TUPLE_ITEMS(kw)[i];
        int j = 0;
        while (j < 5 && !str_eq_cstr(k, known[j])) j++;
        if (j < 5) vals[j] = args[i];
        else rc = dict_set(extra, k, args[i]);
    }
    for (int j = 0; rc == 0 && j < 5; j++) rc = dict_set_str(spec, known[j], vals[j]);
    if (rc == 0) rc = dict_set_str(spec, "kwargs", extra);
    Obj *r = rc == 0 ? builtin_new(&dt_apply_def, spec, NULL) : NULL;
    XDECREF(extra);
    XDECREF(spec);
    XDECREF(empty);
    return r;
}

static const MethodDef extra_functions[] = {
    {"override", t_override, METH_FAST, NULL},
    {"dataclass_transform", t_dataclass_transform, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const char *const typing_all[] = {
    "Annotated", "Any", "Callable", "ClassVar", "Concatenate", "Final", "ForwardRef", "Generic", "Literal",
    "Optional", "ParamSpec", "Protocol", "Tuple", "Type", "TypeVar", "TypeVarTuple", "Union", "AbstractSet",
    "ByteString", "Container", "ContextManager", "Hashable", "ItemsView", "Iterable", "Iterator", "KeysView",
    "Mapping", "MappingView", "MutableMapping", "MutableSequence", "MutableSet", "Sequence", "Sized",
    "ValuesView", "Awaitable", "AsyncIterator", "AsyncIterable", "Coroutine", "Collection", "AsyncGenerator",
    "AsyncContextManager", "Reversible", "SupportsAbs", "SupportsBytes", "SupportsComplex", "SupportsFloat",
    "SupportsIndex", "SupportsInt", "SupportsRound", "ChainMap", "Counter", "Deque", "Dict", "DefaultDict",
    "List", "OrderedDict", "Set", "FrozenSet", "NamedTuple", "TypedDict", "Generator", "BinaryIO", "IO",
    "Match", "Pattern", "TextIO", "AnyStr", "assert_type", "assert_never", "cast", "clear_overloads",
    "dataclass_transform", "final", "get_args", "get_origin", "get_overloads", "get_type_hints",
    "is_typeddict", "LiteralString", "Never", "NewType", "no_type_check", "no_type_check_decorator",
    "NoReturn", "NotRequired", "overload", "override", "ParamSpecArgs", "ParamSpecKwargs", "Required",
    "reveal_type", "runtime_checkable", "Self", "Text", "TYPE_CHECKING", "TypeAlias", "TypeGuard",
    "TypeAliasType", "Unpack", NULL};

/* the rest of typing's public names: Annotated, SupportsX, IO, type variables, re-exports, __all__ */
int ty_add_extras(Obj *m)
{
    if (module_add_functions(m, extra_functions) < 0 || mh_add_obj(m, "Annotated", ty_annotated_cls) < 0) return -1;
    static const char *const sup[][2] = {
        {"SupportsInt", "__int__"}, {"SupportsFloat", "__float__"}, {"SupportsComplex", "__complex__"},
        {"SupportsBytes", "__bytes__"}, {"SupportsIndex", "__index__"}, {"SupportsAbs", "__abs__"},
        {"SupportsRound", "__round__"}};
    for (size_t i = 0; i < sizeof sup / sizeof sup[0]; i++)
        if (module_add(m, sup[i][0], make_supports(sup[i][0], sup[i][1])) < 0) return -1;
    Obj *generic = (Obj *)typevars_type(4);
    Obj *b = tuple_pack(1, generic);
    Obj *io = b ? mh_class("typing", "IO", b, NULL, NULL, NULL) : NULL;
    XDECREF(b);
    b = io ? tuple_pack(1, io) : NULL;
    Obj *tio = b ? mh_class("typing", "TextIO", b, NULL, NULL, NULL) : NULL;
    Obj *bio = tio ? mh_class("typing", "BinaryIO", b, NULL, NULL, NULL) : NULL;
    XDECREF(b);
    if (module_add(m, "IO", io) < 0 || module_add(m, "TextIO", tio) < 0 || module_add(m, "BinaryIO", bio) < 0)
        return -1;
    /* the module's own type variables */
    static const struct { const char *name; int variance; bool bound_type; } tvs[] = {
        {"T", 0, false}, {"KT", 0, false}, {"VT", 0, false}, {"T_co", 1, false}, {"V_co", 1, false},
        {"VT_co", 1, false}, {"T_contra", -1, false}, {"CT_co", 1, true}};
    for (size_t i = 0; i < sizeof tvs / sizeof tvs[0]; i++) {
        Obj *nm = str_from_cstr(tvs[i].name);
        Obj *a[3] = {nm, TRUE_, (Obj *)&type_type};
        Obj *kwn = tvs[i].variance == 0 ? NULL
                   : tvs[i].bound_type ? tuple_pack(2, id_str("covariant"), id_str("bound"))
                   : tuple_pack(1, id_str(tvs[i].variance > 0 ? "covariant" : "contravariant"));
        Obj *tv = nm ? obj_call((Obj *)typevars_type(0), a, 1, kwn) : NULL;
        XDECREF(nm);
        XDECREF(kwn);
        if (module_add(m, tvs[i].name, tv) < 0) return -1;
    }
    /* re-exports and the implementation classes programs sometimes name */
    Obj *abcm = ty_attr_of("abc", "ABCMeta"), *absm = abcm ? ty_attr_of("abc", "abstractmethod") : NULL;
    Obj *dd = absm ? ty_attr_of("collections", "defaultdict") : NULL;
    if (module_add(m, "ABCMeta", abcm) < 0 || module_add(m, "abstractmethod", absm) < 0 ||
        module_add(m, "defaultdict", dd) < 0)
        return -1;
    struct { const char *name; Obj *v; } ex[] = {
        {"ParamSpecArgs", (Obj *)typevars_type(5)}, {"ParamSpecKwargs", (Obj *)typevars_type(6)},
        {"GenericAlias", (Obj *)&generic_alias_type}, {"MethodDescriptorType", (Obj *)&method_descr_type},
        {"MethodWrapperType", (Obj *)&method_wrapper_type}, {"WrapperDescriptorType", (Obj *)&wrapper_descr_type},
        {"NamedTupleMeta", ty_ntmeta}, {"_SpecialForm", (Obj *)&ty_specialform_type}, {"_GenericAlias", (Obj *)&ty_ga_type},
        {"_SpecialGenericAlias", (Obj *)&ty_sga_type}, {"_UnionGenericAlias", (Obj *)&ty_uga_type},
        {"_LiteralGenericAlias", (Obj *)&ty_lga_type}, {"_CallableGenericAlias", (Obj *)&ty_cga_type},
        {"_AnnotatedAlias", (Obj *)&ty_aga_type}, {"_ProtocolMeta", ty_protometa}, {"_AnyMeta", ty_anymeta},
        {"_TypedDictMeta", ty_tdmeta}};
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
        if (mh_add_obj(m, ex[i].name, ex[i].v) < 0) return -1;
    Obj *all = list_new(0);
    Obj *d = module_dict_borrow(m);
    for (const char *const *n = typing_all; all && *n; n++) {
        if (!dict_get_str_borrow(d, *n)) continue;   /* only what this module provides */
        Obj *s = str_from_cstr(*n);
        if (!s || list_append(all, s) < 0) CLEAR(all);
        XDECREF(s);
    }
    return all ? module_add(m, "__all__", all) : -1;
}

