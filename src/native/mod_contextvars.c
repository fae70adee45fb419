/* mod_contextvars.c — `contextvars` (and `_contextvars`) of CPython 3.12.
 *
 * A Context holds a dict from ContextVar to value.  One context is current;
 * ContextVar.set/get/reset work on it, copy_context() snapshots it (a new
 * Context with a copy of the dict, so later changes on either side stay
 * apart, as with CPython's immutable mappings), and Context.run(f, …) makes
 * a context current for the call (changes made inside stay in it; entering
 * a context that is already entered is a RuntimeError).  Tokens remember
 * the variable, the previous value (Token.MISSING when there was none) and
 * the context they were made in, with CPython's reset() checks.
 *
 * asyncio tasks copy the current context when created and run each step
 * in their copy (contextvars_copy_current/enter/leave, used by
 * mod_asyncio.c).  Not provided: threads start in the current context,
 * not an empty one.
 */
#include "config.h"

#include <stddef.h>

#include "src/native/modhelp.h"
#include "src/native/modutil.h"
#include "src/native/smallmods.h"

typedef struct {
    Obj base;
    Obj *vars;          /* dict ContextVar -> value */
    Obj *prev;          /* context current before run() entered this one */
    bool entered;
    Obj *weakreflist;
} ContextObj;

typedef struct {
    Obj base;
    Obj *name;
    Obj *dflt;          /* NULL: no default */
    Hash hash;
    Obj *weakreflist;
} CtxVarObj;

typedef struct {
    Obj base;
    Obj *ctx, *var, *old;   /* old NULL: Token.MISSING */
    bool used;
    Obj *weakreflist;
} TokenObj;

static TypeObj context_type, ctxvar_type, token_type, missing_type;
static Obj missing_obj = OBJ_HEAD_INIT(&missing_type);
static Obj *current_ctx;   /* the current Context (created on first use) */

static int ready_types(void)
{
    TypeObj *types[] = {&context_type, &ctxvar_type, &token_type, &missing_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!(types[i]->flags & TPF_READY) && type_ready(types[i]) < 0) return -1;
    return 0;
}

static Obj *context_new_with(Obj *vars)   /* steals vars */
{
    if (!vars || ready_types() < 0) {
        XDECREF(vars);
        return NULL;
    }
    ContextObj *c = (ContextObj *)obj_alloc(&context_type, 0);
    if (!c) {
        DECREF(vars);
        return NULL;
    }
    c->vars = vars;
    return (Obj *)c;
}

static ContextObj *current(void)
{
    if (!current_ctx) current_ctx = context_new_with(dict_new());
    return (ContextObj *)current_ctx;
}

/* ---- Context ---------------------------------------------------------------------------- */

static void context_dealloc(Obj *o)
{
    ContextObj *c = (ContextObj *)o;
    gc_untrack(o);
    weakref_on_dealloc(o);
    CLEAR(c->vars);
    CLEAR(c->prev);
    obj_free(o);
}

static int context_traverse(Obj *o, VisitFn visit, void *arg)
{
    ContextObj *c = (ContextObj *)o;
    if (c->vars && visit(c->vars, arg)) return 1;
    return c->prev ? visit(c->prev, arg) : 0;
}

static int context_clear(Obj *o)
{
    CLEAR(((ContextObj *)o)->vars);
    CLEAR(((ContextObj *)o)->prev);
    return 0;
}

static Obj *context_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)t;
    (void)args;
    if (nargs || mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "Context() does not accept any arguments");
        return NULL;
    }
    return context_new_with(dict_new());
}

static int check_var_key(Obj *key)
{
    if (IS_TYPE(key, ctxvar_type)) return 0;
    vm_err_format(&exc_TypeError, "a ContextVar key was expected, got %R", key);
    return -1;
}

static Obj *context_subscript(Obj *o, Obj *key)
{
    if (check_var_key(key) < 0) return NULL;
    Obj *v = dict_get_borrow(((ContextObj *)o)->vars, key);
    if (!v) {
        if (!vm_err_occurred()) dict_key_error(key);
        return NULL;
    }
    return INCREF(v);
}

static int context_contains(Obj *o, Obj *key)
{
    if (check_var_key(key) < 0) return -1;
    return dict_contains(((ContextObj *)o)->vars, key);
}

static Ssize context_len(Obj *o) { return dict_len(((ContextObj *)o)->vars); }

static Obj *context_iter(Obj *o)
{
    Obj *keys = dict_keys_list(((ContextObj *)o)->vars);
    Obj *it = keys ? obj_getiter(keys) : NULL;
    XDECREF(keys);
    return it;
}

static Obj *context_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(b, context_type)) return INCREF(NOTIMPL);
    return obj_richcompare(((ContextObj *)a)->vars, ((ContextObj *)b)->vars, op);
}

static Obj *context_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("get", "get", nargs, kw, 1, 2) < 0 || check_var_key(args[0]) < 0) return NULL;
    Obj *v = dict_get_borrow(((ContextObj *)self)->vars, args[0]);
    if (!v && vm_err_occurred()) return NULL;
    return INCREF(v ? v : nargs > 1 ? args[1] : NONE);
}

static Obj *context_view(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *what)
{
    (void)args;
    if (mh_no_args(what, nargs, kw) < 0) return NULL;
    Obj *d = ((ContextObj *)self)->vars;
    Obj *l = what[0] == 'k' ? dict_keys_list(d) : what[0] == 'v' ? dict_values_list(d) : dict_items_list(d);
    Obj *it = l ? obj_getiter(l) : NULL;
    XDECREF(l);
    return it;
}

static Obj *context_keys(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return context_view(s, a, n, kw, "keys"); }
static Obj *context_values(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return context_view(s, a, n, kw, "values"); }
static Obj *context_items(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return context_view(s, a, n, kw, "items"); }

static Obj *context_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("copy", nargs, kw) < 0) return NULL;
    return context_new_with(dict_copy(((ContextObj *)self)->vars));
}

static Obj *context_run(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    ContextObj *c = (ContextObj *)self;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "run() missing 1 required positional argument");
        return NULL;
    }
    if (c->entered) {
        vm_err_format(&exc_RuntimeError, "cannot enter context: %R is already entered", self);
        return NULL;
    }
    ContextObj *prev = current();
    if (!prev) return NULL;
    c->entered = true;
    c->prev = INCREF(prev);
    current_ctx = INCREF(self);
    Obj *r = obj_call(args[0], args + 1, nargs - 1, kw);
    Obj *back = c->prev;
    c->prev = NULL;
    c->entered = false;
    obj_setref(&current_ctx, back);
    return r;
}

static const MethodDef context_methods[] = {
    {"run", context_run, METH_FAST, NULL},
    {"copy", context_copy, METH_FAST, NULL},
    {"get", context_get, METH_FAST, NULL},
    {"keys", context_keys, METH_FAST, NULL},
    {"values", context_values, METH_FAST, NULL},
    {"items", context_items, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static MappingMethods context_as_mapping = {.length = context_len, .subscript = context_subscript};
static SequenceMethods context_as_sequence = {.contains = context_contains};

static TypeObj context_type = {
    .base = TYPE_HEAD_INIT, .name = "_contextvars.Context", .basicsize = sizeof(ContextObj),
    .flags = TPF_GC, .dealloc = context_dealloc, .getattro = obj_generic_getattr, .new_ = context_tp_new,
    .traverse = context_traverse, .clear = context_clear, .methods = (MethodDef *)context_methods,
    .as_mapping = &context_as_mapping, .as_sequence = &context_as_sequence, .iter = context_iter,
    .richcompare = context_richcompare, .hash = hash_not_implemented,
    .weaklistoffset = offsetof(ContextObj, weakreflist),
};

/* ---- ContextVar --------------------------------------------------------------------------- */

static void ctxvar_dealloc(Obj *o)
{
    CtxVarObj *v = (CtxVarObj *)o;
    gc_untrack(o);
    weakref_on_dealloc(o);
    CLEAR(v->name);
    CLEAR(v->dflt);
    obj_free(o);
}

static int ctxvar_traverse(Obj *o, VisitFn visit, void *arg)
{
    CtxVarObj *v = (CtxVarObj *)o;
    if (v->name && visit(v->name, arg)) return 1;
    return v->dflt ? visit(v->dflt, arg) : 0;
}

static Obj *ctxvar_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)t;
    static const char *const names[] = {"name", "default"};
    Obj *v[2];
    if (nargs == 0 && !mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "ContextVar() takes exactly 1 positional argument (0 given)");
        return NULL;
    }
    if (mh_bind("ContextVar", args, nargs, kw, names, 2, 1, 1, 1, 0, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_set_str(&exc_TypeError, "context variable name must be a str");
        return NULL;
    }
    CtxVarObj *o = (CtxVarObj *)obj_alloc(&ctxvar_type, 0);
    if (!o) return NULL;
    o->name = INCREF(v[0]);
    o->dflt = xincref(v[1]);
    o->hash = (Hash)(((uintptr_t)o >> 4) | ((uintptr_t)o << (8 * sizeof(void *) - 4)));
    if (o->hash == -1) o->hash = -2;
    return (Obj *)o;
}

static Hash ctxvar_hash(Obj *o) { return ((CtxVarObj *)o)->hash; }

static Obj *ctxvar_repr(Obj *o)
{
    CtxVarObj *v = (CtxVarObj *)o;
    if (v->dflt) return str_from_fmt("<ContextVar name=%R default=%R at %p>", v->name, v->dflt, (void *)o);
    return str_from_fmt("<ContextVar name=%R at %p>", v->name, (void *)o);
}

static Obj *ctxvar_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    CtxVarObj *v = (CtxVarObj *)self;
    if (mh_pos_args("get", "get", nargs, kw, 0, 1) < 0) return NULL;
    ContextObj *c = current();
    if (!c) return NULL;
    Obj *val = dict_get_borrow(c->vars, self);
    if (!val && vm_err_occurred()) return NULL;
    if (!val) val = nargs ? args[0] : v->dflt;
    if (!val) {
        vm_err_set_obj(&exc_LookupError, self);
        return NULL;
    }
    return INCREF(val);
}

static Obj *ctxvar_set(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("ContextVar.set", nargs, kw) < 0) return NULL;
    ContextObj *c = current();
    if (!c) return NULL;
    Obj *old = dict_get_borrow(c->vars, self);
    if (!old && vm_err_occurred()) return NULL;
    TokenObj *t = (TokenObj *)obj_alloc(&token_type, 0);
    if (!t) return NULL;
    t->ctx = INCREF(c);
    t->var = INCREF(self);
    t->old = xincref(old);
    if (dict_set(c->vars, self, args[0]) < 0) {
        DECREF(t);
        return NULL;
    }
    return (Obj *)t;
}

static Obj *ctxvar_reset(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("ContextVar.reset", nargs, kw) < 0) return NULL;
    if (!IS_TYPE(args[0], token_type)) {
        vm_err_format(&exc_TypeError, "expected an instance of Token, got %R", args[0]);
        return NULL;
    }
    TokenObj *t = (TokenObj *)args[0];
    if (t->used) {
        vm_err_format(&exc_RuntimeError, "%R has already been used once", args[0]);
        return NULL;
    }
    if (t->var != self) {
        vm_err_format(&exc_ValueError, "%R was created by a different ContextVar", args[0]);
        return NULL;
    }
    ContextObj *c = current();
    if (!c) return NULL;
    if (t->ctx != (Obj *)c) {
        vm_err_format(&exc_ValueError, "%R was created in a different Context", args[0]);
        return NULL;
    }
    t->used = true;
    if (t->old) {
        if (dict_set(c->vars, self, t->old) < 0) return NULL;
    } else {
        int has = dict_contains(c->vars, self);
        if (has < 0 || (has && dict_del(c->vars, self) < 0)) return NULL;
    }
    return INCREF(NONE);
}

static Obj *ctxvar_name(Obj *self, void *closure)
{
    (void)closure;
    return INCREF(((CtxVarObj *)self)->name);
}

static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__class_getitem__", nargs, kw) < 0) return NULL;
    return generic_alias_new(cls, args[0]);
}

static const MethodDef ctxvar_methods[] = {
    {"get", ctxvar_get, METH_FAST, NULL},
    {"set", ctxvar_set, METH_FAST, NULL},
    {"reset", ctxvar_reset, METH_FAST, NULL},
    {"__class_getitem__", class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef ctxvar_getsets[] = {{"name", ctxvar_name, NULL, NULL, NULL}, {NULL, NULL, NULL, NULL, NULL}};

static TypeObj ctxvar_type = {
    .base = TYPE_HEAD_INIT, .name = "_contextvars.ContextVar", .basicsize = sizeof(CtxVarObj),
    .flags = TPF_GC, .dealloc = ctxvar_dealloc, .getattro = obj_generic_getattr, .new_ = ctxvar_tp_new,
    .traverse = ctxvar_traverse, .repr = ctxvar_repr, .hash = ctxvar_hash,
    .methods = (MethodDef *)ctxvar_methods, .getset = (GetSetDef *)ctxvar_getsets,
    .weaklistoffset = offsetof(CtxVarObj, weakreflist),
};

/* ---- Token -------------------------------------------------------------------------------- */

static void token_dealloc(Obj *o)
{
    TokenObj *t = (TokenObj *)o;
    gc_untrack(o);
    weakref_on_dealloc(o);
    CLEAR(t->ctx);
    CLEAR(t->var);
    CLEAR(t->old);
    obj_free(o);
}

static int token_traverse(Obj *o, VisitFn visit, void *arg)
{
    TokenObj *t = (TokenObj *)o;
    if (t->ctx && visit(t->ctx, arg)) return 1;
    if (t->var && visit(t->var, arg)) return 1;
    return t->old ? visit(t->old, arg) : 0;
}

static Obj *token_repr(Obj *o)
{
    TokenObj *t = (TokenObj *)o;
    return str_from_fmt("<Token%s var=%R at %p>", t->used ? " used" : "", t->var, (void *)o);
}

static Obj *token_var(Obj *self, void *closure)
{
    (void)closure;
    return INCREF(((TokenObj *)self)->var);
}

static Obj *token_old_value(Obj *self, void *closure)
{
    (void)closure;
    Obj *old = ((TokenObj *)self)->old;
    return INCREF(old ? old : &missing_obj);
}

static const GetSetDef token_getsets[] = {
    {"var", token_var, NULL, NULL, NULL},
    {"old_value", token_old_value, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const MethodDef token_methods[] = {
    {"__class_getitem__", class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj token_type = {
    .base = TYPE_HEAD_INIT, .name = "_contextvars.Token", .basicsize = sizeof(TokenObj), .flags = TPF_GC,
    .dealloc = token_dealloc, .getattro = obj_generic_getattr, .traverse = token_traverse, .repr = token_repr,
    .getset = (GetSetDef *)token_getsets, .methods = (MethodDef *)token_methods,
    .weaklistoffset = offsetof(TokenObj, weakreflist),
};

static Obj *missing_repr(Obj *o)
{
    (void)o;
    return str_from_cstr("<Token.MISSING>");
}

static TypeObj missing_type = {
    .base = TYPE_HEAD_INIT, .name = "Token.MISSING", .basicsize = sizeof(Obj), .repr = missing_repr,
    .getattro = obj_generic_getattr,
};

/* ---- asyncio's use ------------------------------------------------------------------------ */

Obj *contextvars_copy_current(void)
{
    ContextObj *c = current();
    return c ? context_new_with(dict_copy(c->vars)) : NULL;
}

Obj *contextvars_enter(Obj *ctx)
{
    if (!ctx) return NULL;
    Obj *prev = current_ctx;   /* the reference moves to the caller */
    current_ctx = INCREF(ctx);
    return prev ? prev : INCREF(NONE);
}

void contextvars_leave(Obj *token)
{
    if (!token) return;
    obj_setref(&current_ctx, token == NONE ? NULL : token);
    if (token == NONE) DECREF(token);
}

/* ---- module ----------------------------------------------------------------------------------- */

static Obj *cv_copy_context(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_no_args("copy_context", nargs, kw) < 0) return NULL;
    ContextObj *c = current();
    return c ? context_new_with(dict_copy(c->vars)) : NULL;
}

static const MethodDef contextvars_methods[] = {
    {"copy_context", cv_copy_context, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *contextvars_init_named(const char *name)
{
    if (ready_types() < 0) return NULL;
    if (!type_lookup(&token_type, id_str("MISSING")) &&
        mu_type_set(&token_type, "MISSING", INCREF(&missing_obj)) < 0)
        return NULL;
    Obj *m = mh_module(name, contextvars_methods);
    if (!m) return NULL;
    if (mh_add_obj(m, "Context", (Obj *)&context_type) < 0 || mh_add_obj(m, "ContextVar", (Obj *)&ctxvar_type) < 0 ||
        mh_add_obj(m, "Token", (Obj *)&token_type) < 0) {
        DECREF(m);
        return NULL;
    }
    if (m && smallmods_set_all(m, "Context ContextVar Token copy_context", true) < 0) CLEAR(m);
    return m;
}

static Obj *contextvars_init(void) { return contextvars_init_named("contextvars"); }
static Obj *contextvars_c_init(void) { return contextvars_init_named("_contextvars"); }

void native_contextvars_register(void)
{
    vm_static_roots(&current_ctx, 1);
    import_register_native("contextvars", contextvars_init);
    import_register_native("_contextvars", contextvars_c_init);
}
