/* mod_contextlib.c — the `contextlib` module of CPython 3.12, natively.
 *
 * contextlib.py is a set of small classes; here each is a heap class made
 * by abc.ABCMeta (or type) with native methods that follow the library's
 * steps and go through `self` where it does (self.gen, self._recreate_cm,
 * self._exit_callbacks, self.__exit__ …), so subclasses and programs that
 * poke at those attributes see what CPython shows.  The functions the
 * library makes on the fly (contextmanager's `helper`, ContextDecorator's
 * `inner`, ExitStack.callback's `_exit_wrapper`) are closures (closure.h)
 * that look like functions: repr "<function QUALNAME at 0x…>", a __dict__
 * that functools.update_wrapper fills, binding as a method.
 *
 * Exceptions follow the library's try/except/finally exactly: what
 * _GeneratorContextManager.__exit__ swallows, re-raises or replaces
 * ("generator didn't yield", "generator didn't stop", "... after
 * throw()"), the __traceback__ it restores, and ExitStack.__exit__'s
 * rewriting of __context__ chains.  Where the Python code runs something
 * inside an `except`/`finally` block, the exception is made the handled one
 * (the frame's exception-state slot) for that call, so chaining is
 * CPython's.  CPython's tracebacks show frames of contextlib.py (e.g.
 * `__enter__ … return next(self.gen)`); a native method has none, so the
 * entries CPython would add are pushed where its frames would add them
 * (tbframe.h, the tb_lines table below).  The `async def` methods
 * (asynccontextmanager, AsyncExitStack, aclosing …) are native coroutines
 * (ncoro.h) that await what the library awaits.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "src/native/abstractfn.h"
#include "src/native/closure.h"
#include "src/native/modhelp.h"
#include "src/native/ncoro.h"
#include "src/native/tbframe.h"

static Obj *cls_acm, *cls_aacm, *cls_decorator, *cls_gcm_base, *cls_gcm, *cls_agcm, *cls_closing,
    *cls_redirect, *cls_redirect_out, *cls_redirect_err, *cls_suppress, *cls_base_stack,
    *cls_exit_stack, *cls_nullcontext, *cls_chdir, *cls_async_decorator, *cls_aclosing, *cls_async_exit_stack;

/* ---- the frames CPython's tracebacks show (tbframe.h) ------------------------------------------
 * Lines of 3.12's contextlib.py where its frames appear in tracebacks. */
enum {
    TB_ENTER_NEXT, TB_ENTER_NO_YIELD, TB_EXIT_NEXT, TB_EXIT_NO_STOP, TB_EXIT_CLOSE, TB_EXIT_THROW,
    TB_EXIT_NO_STOP_THROW, TB_EXIT_CLOSE_THROW, TB_INNER_WITH, TB_INNER_CALL, TB_CLOSING_EXIT,
    TB_CB_WRAPPER, TB_ENTER_CONTEXT, TB_STACK_CB, TB_STACK_RAISE, TB__COUNT
};
static const TbLine tb_lines[TB__COUNT] = {
    {"__enter__", "_GeneratorContextManager.__enter__", 132, 137, "            return next(self.gen)", "next(self.gen)"},
    {"__enter__", "_GeneratorContextManager.__enter__", 132, 139, "            raise RuntimeError(\"generator didn't yield\") from None", NULL},
    {"__exit__", "_GeneratorContextManager.__exit__", 141, 144, "                next(self.gen)", NULL},
    {"__exit__", "_GeneratorContextManager.__exit__", 141, 149, "                    raise RuntimeError(\"generator didn't stop\")", NULL},
    {"__exit__", "_GeneratorContextManager.__exit__", 141, 151, "                    self.gen.close()", NULL},
    {"__exit__", "_GeneratorContextManager.__exit__", 141, 158, "                self.gen.throw(value)", NULL},
    {"__exit__", "_GeneratorContextManager.__exit__", 141, 194, "                raise RuntimeError(\"generator didn't stop after throw()\")", NULL},
    {"__exit__", "_GeneratorContextManager.__exit__", 141, 196, "                self.gen.close()", NULL},
    {"inner", "ContextDecorator.__call__.<locals>.inner", 79, 80, "            with self._recreate_cm():", NULL},
    {"inner", "ContextDecorator.__call__.<locals>.inner", 79, 81, "                return func(*args, **kwds)", "func(*args, **kwds)"},
    {"__exit__", "closing.__exit__", 359, 360, "        self.thing.close()", NULL},
    {"_exit_wrapper", "_BaseExitStack._create_cb_wrapper.<locals>._exit_wrapper", 477, 478, "            callback(*args, **kwds)", NULL},
    {"enter_context", "_BaseExitStack.enter_context", 511, 526, "        result = _enter(cm)", "_enter(cm)"},
    {"__exit__", "ExitStack.__exit__", 567, 595, "                if cb(*exc_details):", "cb(*exc_details)"},
    {"__exit__", "ExitStack.__exit__", 567, 610, "                raise exc_details[1]", NULL},
};
static TbFile tb_file = {"contextlib.py", tb_lines, TB__COUNT, NULL};

/* The pending exception leaves contextlib.py at entry `which`: NULL. */
static Obj *tb_fail(int which)
{
    tbframe_push(&tb_file, which);
    return NULL;
}

/* ---- small helpers ------------------------------------------------------------------- */

static Obj *getattr_c(Obj *o, const char *name) { return obj_getattr(o, id_str(name)); }

static int setattr_c(Obj *o, const char *name, Obj *v) { return obj_setattr(o, id_str(name), v); }

static Obj *call_c(Obj *o, const char *name, Obj *const *args, Ssize nargs)
{
    return obj_call_method(o, name, args, nargs);
}

/* Run what follows as inside `except` handling exc: exc becomes the handled
 * exception of the current exception-state slot (PUSH_EXC_INFO's effect);
 * handling_end puts the previous one back (POP_EXCEPT's). */
static Obj *handling_begin(Obj *exc)
{
    Obj *prev = vm_exc_slot->value;
    vm_exc_slot->value = INCREF(exc);
    vm_exc_slot_changed();
    return prev;
}

static void handling_end(Obj *prev)
{
    Obj *cur = vm_exc_slot->value;
    vm_exc_slot->value = prev;
    vm_exc_slot_changed();
    XDECREF(cur);
}

/* type(o).NAME bound to o (the with statement's lookup); NULL without an
 * exception when missing. */
static Obj *special(Obj *o, const char *name)
{
    Obj *d = type_lookup(OBJ_TYPE(o), id_str(name));
    if (!d) return NULL;
    DescrGetFn get = OBJ_TYPE(d)->descr_get;
    return get ? get(d, o, (Obj *)OBJ_TYPE(o)) : INCREF(d);
}

/* next(it): 1 with *out, 0 when exhausted (no exception), -1 with one. */
static int next_of(Obj *it, Obj **out)
{
    *out = NULL;
    if (!OBJ_TYPE(it)->iternext) {
        vm_err_format(&exc_TypeError, "'%s' object is not an iterator", type_name(OBJ_TYPE(it)));
        return -1;
    }
    Obj *r = OBJ_TYPE(it)->iternext(it);
    if (r) {
        *out = r;
        return 1;
    }
    if (!vm_err_occurred()) return 0;
    if (vm_err_matches(&exc_StopIteration)) {
        vm_err_clear();
        return 0;
    }
    return -1;
}

/* The positional vector and keyword names of a call as (tuple, dict). */
static int pack_call(Obj *const *args, Ssize nargs, Obj *kwnames, Obj **tup, Obj **kwd)
{
    *tup = tuple_from_array(args, nargs);
    *kwd = dict_new();
    if (!*tup || !*kwd) goto fail;
    for (Ssize i = 0; i < mh_nkw(kwnames); i++)
        if (dict_set(*kwd, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) goto fail;
    return 0;
fail:
    CLEAR(*tup);
    CLEAR(*kwd);
    return -1;
}

/* `raise RuntimeError(msg)` followed by `finally: gen.close()`: close runs
 * while the RuntimeError is being handled; its own failure wins. */
static Obj *raise_then_close(Obj *gen, const char *msg, int raise_line, int close_line)
{
    vm_err_set_str(&exc_RuntimeError, msg);
    tbframe_push(&tb_file, raise_line);
    Obj *err = vm_err_fetch();
    if (!err) return NULL;
    Obj *prev = handling_begin(err);
    Obj *r = call_c(gen, "close", NULL, 0);
    handling_end(prev);
    if (!r) {
        DECREF(err);
        return tb_fail(close_line);
    }
    DECREF(r);
    vm_err_restore(err);
    return NULL;
}

static Obj *exc_get_context(Obj *e) { return EXC_CHECK(e) ? ((ExcObj *)e)->context : NULL; }

/* ---- functions made on the fly (closure.h) ------------------------------------------------ */

/* contextmanager's helper(*args, **kwds): _GeneratorContextManager(func, args, kwds) */
static Obj *helper_body(Obj *cls, Obj *func, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *tup, *kwd;
    if (pack_call(args, nargs, kwnames, &tup, &kwd) < 0) return NULL;
    Obj *a[3] = {func, tup, kwd};
    Obj *r = obj_call(cls, a, 3, NULL);
    DECREF(tup);
    DECREF(kwd);
    return r;
}

static Obj *cm_helper(Obj *st, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    return helper_body(cls_gcm, TUPLE_ITEMS(st)[0], args, nargs, kwnames);
}

static Obj *acm_helper(Obj *st, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    return helper_body(cls_agcm, TUPLE_ITEMS(st)[0], args, nargs, kwnames);
}

/* ContextDecorator's inner: `with self._recreate_cm(): return func(*args, **kwds)`. */
static Obj *deco_inner(Obj *st, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *cm = call_c(TUPLE_ITEMS(st)[0], "_recreate_cm", NULL, 0);
    if (!cm) return tb_fail(TB_INNER_WITH);
    Obj *enter = special(cm, "__enter__");
    if (!enter) {
        if (!vm_err_occurred())
            vm_err_format(&exc_TypeError, "'%s' object does not support the context manager protocol",
                          OBJ_TYPE(cm)->name);
        DECREF(cm);
        return tb_fail(TB_INNER_WITH);
    }
    Obj *exitf = special(cm, "__exit__");
    if (!exitf) {
        if (!vm_err_occurred())
            vm_err_format(&exc_TypeError,
                          "'%s' object does not support the context manager protocol (missed __exit__ method)",
                          OBJ_TYPE(cm)->name);
        DECREF(cm);
        DECREF(enter);
        return tb_fail(TB_INNER_WITH);
    }
    DECREF(cm);
    Obj *e = obj_call(enter, NULL, 0, NULL);
    DECREF(enter);
    if (!e) {
        DECREF(exitf);
        return tb_fail(TB_INNER_WITH);
    }
    DECREF(e);
    Obj *res = obj_call(TUPLE_ITEMS(st)[1], args, nargs, kwnames);
    if (res) {
        Obj *none3[3] = {NONE, NONE, NONE};
        Obj *x = obj_call(exitf, none3, 3, NULL);
        DECREF(exitf);
        if (!x) {
            DECREF(res);
            return tb_fail(TB_INNER_WITH);
        }
        DECREF(x);
        return res;
    }
    tbframe_push(&tb_file, TB_INNER_CALL);
    Obj *exc = vm_err_fetch();
    Obj *tb = ((ExcObj *)exc)->traceback;
    Obj *prev = handling_begin(exc);
    Obj *xa[3] = {(Obj *)OBJ_TYPE(exc), exc, tb ? tb : NONE};
    Obj *x = obj_call(exitf, xa, 3, NULL);
    DECREF(exitf);
    int t = x ? obj_is_true(x) : -1;
    XDECREF(x);
    handling_end(prev);
    if (t < 0) {
        DECREF(exc);
        return tb_fail(TB_INNER_WITH);
    }
    if (t) {
        DECREF(exc);
        return INCREF(NONE);
    }
    vm_err_restore(exc);
    return NULL;
}

#define CB_WRAPPER_QUALNAME "_BaseExitStack._create_cb_wrapper.<locals>._exit_wrapper"

/* ExitStack.callback's `def _exit_wrapper(exc_type, exc, tb): callback(*args, **kwds)` */
static Obj *cb_wrapper(Obj *st, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"exc_type", "exc", "tb"};
    Obj *v[3];
    if (mh_bind(CB_WRAPPER_QUALNAME, args, nargs, kwnames, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *r = vm_call_ex(TUPLE_ITEMS(st)[0], TUPLE_ITEMS(st)[1], TUPLE_ITEMS(st)[2]);
    if (!r) return tb_fail(TB_CB_WRAPPER);
    DECREF(r);
    return INCREF(NONE);
}

static Obj *new_closure(ClosureFn fn, const char *qualname, Ssize n, Obj *a, Obj *b, Obj *c)
{
    Obj *st = n == 1 ? tuple_pack(1, a) : n == 2 ? tuple_pack(2, a, b) : tuple_pack(3, a, b, c);
    if (!st) return NULL;
    Obj *f = closure_new(fn, st, "contextlib", qualname);
    DECREF(st);
    return f;
}

/* functools.wraps(wrapped)(wrapper) */
static Obj *wraps(Obj *wrapper, Obj *wrapped)
{
    Obj *ft = import_name(id_str("functools"), NULL, NULL, 0);
    Obj *uw = ft ? getattr_c(ft, "update_wrapper") : NULL;
    XDECREF(ft);
    if (!uw) return NULL;
    Obj *a[2] = {wrapper, wrapped};
    Obj *r = obj_call(uw, a, 2, NULL);
    DECREF(uw);
    return r;
}

static Obj *wrapped_func(ClosureFn fn, const char *qualname, Ssize n, Obj *a, Obj *b, Obj *wrapped)
{
    Obj *f = new_closure(fn, qualname, n, a, b, NULL);
    if (!f) return NULL;
    Obj *r = wraps(f, wrapped);
    DECREF(f);
    return r;
}

#define ABSTRACT 0x1000   /* MethodDef flag here: wrap as an abstract method */

/* ---- class building ---------------------------------------------------------------------- */

static Obj *abcmeta;

static int add_method(Obj *cls, const MethodDef *d)
{
    TypeObj *t = (TypeObj *)cls;
    Obj *f;
    if (d->flags & METH_CLASS) {
        f = classmethod_descr_new(t, d);
    } else if (d->flags & METH_STATIC) {
        Obj *b = builtin_new(d, NULL, NULL);
        f = b ? obj_call((Obj *)&staticmethod_type, &b, 1, NULL) : NULL;
        XDECREF(b);
    } else if (d->flags & ABSTRACT) {
        MethodDef *copy = xmalloc(sizeof *copy);   /* lives as long as the class: never freed */
        *copy = *d;
        copy->flags &= ~ABSTRACT;
        f = abstract_method_new(t, copy);
    } else {
        f = method_descr_new(t, d);
    }
    Obj *key = f ? str_from_cstr(d->name) : NULL;
    int r = key ? obj_setattr(cls, key, f) : -1;
    XDECREF(key);
    XDECREF(f);
    return r;
}

/* `class NAME(*bases): "doc"` in contextlib, made by meta (NULL: the one
 * the bases call for), methods added afterwards; abstracts: the
 * __abstractmethods__ it ends with (NULL: leave ABCMeta's answer). */
static Obj *make_class(const char *name, Obj *const *bases, Ssize nbases, const MethodDef *defs,
                       const char *doc, Obj *meta, const char *abstracts)
{
    Obj *b = tuple_from_array(bases, nbases);
    Obj *ns = dict_new(), *nm = str_from_cstr(name), *mod = str_from_cstr("contextlib");
    Obj *ds = doc ? str_from_cstr(doc) : INCREF(NONE);
    Obj *cls = NULL;
    if (b && ns && nm && mod && ds && dict_set_str(ns, "__module__", mod) == 0 &&
        dict_set_str(ns, "__qualname__", nm) == 0 && dict_set_str(ns, "__doc__", ds) == 0) {
        Obj *m = meta;
        if (!m) m = nbases ? (Obj *)type_calculate_meta(&type_type, b) : (Obj *)&type_type;
        Obj *a[3] = {nm, b, ns};
        if (m) cls = obj_call(m, a, 3, NULL);
    }
    XDECREF(b);
    XDECREF(ns);
    XDECREF(nm);
    XDECREF(mod);
    XDECREF(ds);
    if (!cls) return NULL;
    for (const MethodDef *d = defs; d && d->name; d++)
        if (add_method(cls, d) < 0) goto fail;
    if (abstracts) {
        Obj *names = str_from_cstr(abstracts);
        Obj *parts = names ? obj_call_method(names, "split", NULL, 0) : NULL;
        XDECREF(names);
        Obj *fs = parts ? frozenset_new(parts) : NULL;
        XDECREF(parts);
        int r = fs ? setattr_c(cls, "__abstractmethods__", fs) : -1;
        XDECREF(fs);
        if (r < 0) goto fail;
    }
    return cls;
fail:
    DECREF(cls);
    return NULL;
}

/* ---- AbstractContextManager / AbstractAsyncContextManager -------------------------------------- */

static Obj *acm_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return INCREF(self);
}

static Obj *acm_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"exc_type", "exc_value", "traceback"};
    Obj *v[3];
    if (mh_bind_m("AbstractContextManager.__exit__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0)
        return NULL;
    return INCREF(NONE);
}

/* _collections_abc._check_methods(C, *names) */
static Obj *check_methods(Obj *C, const char *const *names)
{
    Obj *mro = getattr_c(C, "__mro__");
    if (!mro) return NULL;
    Obj *seq = seq_fast(mro, "mro");
    DECREF(mro);
    if (!seq) return NULL;
    Ssize n = TUPLE_CHECK(seq) ? TUPLE_LEN(seq) : LIST_LEN(seq);
    Obj **items = TUPLE_CHECK(seq) ? TUPLE_ITEMS(seq) : LIST_ITEMS(seq);
    Obj *res = TRUE_;
    for (; *names && res == TRUE_; names++) {
        bool found = false;
        for (Ssize i = 0; i < n && !found; i++) {
            Obj *B = items[i];
            Obj *d = TYPE_CHECK(B) ? ((TypeObj *)B)->dict : NULL;
            Obj *v = d ? dict_get_str_borrow(d, *names) : NULL;
            if (v) {
                found = true;
                if (v == NONE) res = NOTIMPL;
            }
        }
        if (!found) res = NOTIMPL;
    }
    DECREF(seq);
    return INCREF(res);
}

static Obj *acm_subclasshook(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__subclasshook__", "__subclasshook__", nargs, kw, 1, 1) < 0) return NULL;
    static const char *const sync_names[] = {"__enter__", "__exit__", NULL};
    static const char *const async_names[] = {"__aenter__", "__aexit__", NULL};
    if (cls == cls_acm) return check_methods(args[0], sync_names);
    if (cls == cls_aacm) return check_methods(args[0], async_names);
    return INCREF(NOTIMPL);
}

static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__class_getitem__", "__class_getitem__", nargs, kw, 1, 1) < 0) return NULL;
    return generic_alias_new(cls, args[0]);
}

static const MethodDef acm_methods[] = {
    {"__enter__", acm_enter, METH_NOARGS, "Return `self` upon entering the runtime context."},
    {"__exit__", acm_exit, METH_FAST | ABSTRACT, "Raise any exception triggered within the runtime context."},
    {"__subclasshook__", acm_subclasshook, METH_FAST | METH_CLASS, NULL},
    {"__class_getitem__", class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *aacm_aenter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *aacm_aexit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);
static const MethodDef aacm_methods[] = {
    {"__aenter__", aacm_aenter, METH_NOARGS, "Return `self` upon entering the runtime context."},
    {"__aexit__", aacm_aexit, METH_FAST | ABSTRACT, "Raise any exception triggered within the runtime context."},
    {"__subclasshook__", acm_subclasshook, METH_FAST | METH_CLASS, NULL},
    {"__class_getitem__", class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- ContextDecorator ------------------------------------------------------------------------ */

static Obj *deco_recreate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return INCREF(self);
}

static Obj *deco_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind_m("ContextDecorator.__call__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return wrapped_func(deco_inner, "ContextDecorator.__call__.<locals>.inner", 2, self, v[0], v[0]);
}

static const MethodDef deco_methods[] = {
    {"_recreate_cm", deco_recreate, METH_NOARGS, "Return a recreated instance of self."},
    {"__call__", deco_call, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- _GeneratorContextManager ------------------------------------------------------------------ */

static Obj *gcmb_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"func", "args", "kwds"};
    Obj *v[3];
    if (mh_bind_m("_GeneratorContextManagerBase.__init__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0)
        return NULL;
    Obj *gen = vm_call_ex(v[0], v[1], v[2]);
    if (!gen) return NULL;
    int r = setattr_c(self, "gen", gen);
    DECREF(gen);
    if (r < 0 || setattr_c(self, "func", v[0]) < 0 || setattr_c(self, "args", v[1]) < 0 ||
        setattr_c(self, "kwds", v[2]) < 0)
        return NULL;
    Obj *doc = NULL;
    if (obj_lookup_attr(v[0], id_str("__doc__"), &doc) < 0) return NULL;
    if (!doc || doc == NONE) {
        XDECREF(doc);
        doc = getattr_c((Obj *)OBJ_TYPE(self), "__doc__");
        if (!doc) return NULL;
    }
    r = setattr_c(self, "__doc__", doc);
    DECREF(doc);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *gcmb_recreate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *cls = getattr_c(self, "__class__");
    Obj *f = cls ? getattr_c(self, "func") : NULL;
    Obj *a = f ? getattr_c(self, "args") : NULL;
    Obj *k = a ? getattr_c(self, "kwds") : NULL;
    Obj *r = NULL;
    if (k) {
        Obj *v[3] = {f, a, k};
        r = obj_call(cls, v, 3, NULL);
    }
    XDECREF(cls);
    XDECREF(f);
    XDECREF(a);
    XDECREF(k);
    return r;
}

static const MethodDef gcmb_methods[] = {
    {"__init__", gcmb_init, METH_FAST, NULL},
    {"_recreate_cm", gcmb_recreate, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *gcm_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    /* del self.args, self.kwds, self.func */
    if (setattr_c(self, "args", NULL) < 0 || setattr_c(self, "kwds", NULL) < 0 ||
        setattr_c(self, "func", NULL) < 0)
        return NULL;
    Obj *gen = getattr_c(self, "gen");
    if (!gen) return NULL;
    Obj *v;
    int r = next_of(gen, &v);
    DECREF(gen);
    if (r > 0) return v;
    if (r < 0) return tb_fail(TB_ENTER_NEXT);
    /* except StopIteration: raise RuntimeError("generator didn't yield") from None */
    vm_err_set_str(&exc_RuntimeError, "generator didn't yield");
    Obj *e = vm_err_fetch();
    if (!e) return NULL;
    ExcObj *x = (ExcObj *)e;
    CLEAR(x->cause);
    x->suppress_context = true;
    Obj *stop = obj_call((Obj *)&exc_StopIteration, NULL, 0, NULL);
    if (!stop) vm_err_clear();
    if (stop) obj_setref(&x->context, stop);
    vm_err_restore(e);
    return tb_fail(TB_ENTER_NO_YIELD);
}

static Obj *gcm_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"typ", "value", "traceback"};
    Obj *v[3];
    if (mh_bind_m("_GeneratorContextManager.__exit__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0)
        return NULL;
    Obj *typ = v[0], *tb = v[2];
    Obj *gen = getattr_c(self, "gen");
    if (!gen) return NULL;
    if (typ == NONE) {
        Obj *y;
        int r = next_of(gen, &y);
        if (r <= 0) {
            DECREF(gen);
            return r < 0 ? tb_fail(TB_EXIT_NEXT) : bool_from(false);
        }
        DECREF(y);
        Obj *res = raise_then_close(gen, "generator didn't stop", TB_EXIT_NO_STOP, TB_EXIT_CLOSE);
        DECREF(gen);
        return res;
    }
    Obj *value = v[1] == NONE ? obj_call(typ, NULL, 0, NULL) : INCREF(v[1]);
    if (!value) {
        DECREF(gen);
        return NULL;
    }
    Obj *y = call_c(gen, "throw", &value, 1);
    if (y) {
        DECREF(y);
        Obj *res = raise_then_close(gen, "generator didn't stop after throw()", TB_EXIT_NO_STOP_THROW,
                                    TB_EXIT_CLOSE_THROW);
        DECREF(gen);
        DECREF(value);
        return res;
    }
    DECREF(gen);
    tbframe_push(&tb_file, TB_EXIT_THROW);
    Obj *exc = vm_err_fetch();
    Obj *res = NULL;
    if (type_is_subtype(OBJ_TYPE(exc), &exc_StopIteration)) {
        res = bool_from(exc != value);
    } else if (type_is_subtype(OBJ_TYPE(exc), &exc_RuntimeError)) {
        if (exc == value) {
            if (setattr_c(exc, "__traceback__", tb) == 0) res = bool_from(false);
        } else if (EXC_CHECK(value) && type_is_subtype(OBJ_TYPE(value), &exc_StopIteration) &&
                   ((ExcObj *)exc)->cause == value) {
            if (setattr_c(value, "__traceback__", tb) == 0) res = bool_from(false);
        } else {
            vm_err_restore(exc);
            exc = NULL;
        }
    } else if (exc != value) {
        vm_err_restore(exc);
        exc = NULL;
    } else if (setattr_c(exc, "__traceback__", tb) == 0) {
        res = bool_from(false);
    }
    XDECREF(exc);
    DECREF(value);
    return res;
}

static const MethodDef gcm_methods[] = {
    {"__enter__", gcm_enter, METH_NOARGS, NULL},
    {"__exit__", gcm_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *cl_contextmanager(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind("contextmanager", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return wrapped_func(cm_helper, "contextmanager.<locals>.helper", 1, v[0], NULL, v[0]);
}

static Obj *cl_asynccontextmanager(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind("asynccontextmanager", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return wrapped_func(acm_helper, "asynccontextmanager.<locals>.helper", 1, v[0], NULL, v[0]);
}

/* ---- closing, nullcontext, chdir, redirect_*, suppress ------------------------------------------- */

static Obj *closing_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"thing"};
    Obj *v[1];
    if (mh_bind_m("closing.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return setattr_c(self, "thing", v[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *closing_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return getattr_c(self, "thing");
}

static int no_kwargs(const char *qual, Obj *kw)
{
    if (!mh_nkw(kw)) return 0;
    vm_err_format(&exc_TypeError, "%s() got an unexpected keyword argument '%S'", qual, TUPLE_ITEMS(kw)[0]);
    return -1;
}

static Obj *closing_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs;
    if (no_kwargs("closing.__exit__", kw) < 0) return NULL;
    Obj *thing = getattr_c(self, "thing");
    Obj *r = thing ? call_c(thing, "close", NULL, 0) : NULL;
    XDECREF(thing);
    if (!r) return tb_fail(TB_CLOSING_EXIT);
    DECREF(r);
    return INCREF(NONE);
}

static const MethodDef closing_methods[] = {
    {"__init__", closing_init, METH_FAST, NULL},
    {"__enter__", closing_enter, METH_NOARGS, NULL},
    {"__exit__", closing_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *null_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"enter_result"};
    Obj *v[1];
    if (mh_bind_m("nullcontext.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    return setattr_c(self, "enter_result", v[0] ? v[0] : NONE) < 0 ? NULL : INCREF(NONE);
}

static Obj *null_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return getattr_c(self, "enter_result");
}

static Obj *null_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs;
    if (no_kwargs("nullcontext.__exit__", kw) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *null_aenter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *null_aexit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);
static const MethodDef null_methods[] = {
    {"__init__", null_init, METH_FAST, NULL},
    {"__enter__", null_enter, METH_NOARGS, NULL},
    {"__exit__", null_exit, METH_FAST, NULL},
    {"__aenter__", null_aenter, METH_NOARGS, NULL},
    {"__aexit__", null_aexit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *os_call(const char *fn, Obj *const *args, Ssize nargs)
{
    Obj *os = import_name(id_str("os"), NULL, NULL, 0);
    if (!os) return NULL;
    Obj *r = call_c(os, fn, args, nargs);
    DECREF(os);
    return r;
}

static Obj *chdir_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"path"};
    Obj *v[1];
    if (mh_bind_m("chdir.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *l = list_new(0);
    int r = l && setattr_c(self, "path", v[0]) == 0 ? setattr_c(self, "_old_cwd", l) : -1;
    XDECREF(l);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *chdir_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *old = getattr_c(self, "_old_cwd");
    Obj *cwd = old ? os_call("getcwd", NULL, 0) : NULL;
    Obj *r = cwd ? call_c(old, "append", &cwd, 1) : NULL;
    XDECREF(old);
    XDECREF(cwd);
    if (!r) return NULL;
    DECREF(r);
    Obj *path = getattr_c(self, "path");
    r = path ? os_call("chdir", &path, 1) : NULL;
    XDECREF(path);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *chdir_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs;
    if (no_kwargs("chdir.__exit__", kw) < 0) return NULL;
    Obj *old = getattr_c(self, "_old_cwd");
    Obj *p = old ? call_c(old, "pop", NULL, 0) : NULL;
    XDECREF(old);
    Obj *r = p ? os_call("chdir", &p, 1) : NULL;
    XDECREF(p);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static const MethodDef chdir_methods[] = {
    {"__init__", chdir_init, METH_FAST, NULL},
    {"__enter__", chdir_enter, METH_NOARGS, NULL},
    {"__exit__", chdir_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *redirect_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"new_target"};
    Obj *v[1];
    if (mh_bind_m("_RedirectStream.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *l = list_new(0);
    int r = l && setattr_c(self, "_new_target", v[0]) == 0 ? setattr_c(self, "_old_targets", l) : -1;
    XDECREF(l);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *redirect_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *stream = getattr_c(self, "_stream");
    Obj *old = stream ? obj_getattr(vm->sys, stream) : NULL;
    Obj *olds = old ? getattr_c(self, "_old_targets") : NULL;
    Obj *r = olds ? call_c(olds, "append", &old, 1) : NULL;
    XDECREF(old);
    XDECREF(olds);
    Obj *target = r ? getattr_c(self, "_new_target") : NULL;
    XDECREF(r);
    if (!target || obj_setattr(vm->sys, stream, target) < 0) {
        XDECREF(stream);
        XDECREF(target);
        return NULL;
    }
    DECREF(stream);
    Obj *ret = getattr_c(self, "_new_target");
    DECREF(target);
    return ret;
}

static Obj *redirect_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"exctype", "excinst", "exctb"};
    Obj *v[3];
    if (mh_bind_m("_RedirectStream.__exit__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *stream = getattr_c(self, "_stream");
    Obj *olds = stream ? getattr_c(self, "_old_targets") : NULL;
    Obj *old = olds ? call_c(olds, "pop", NULL, 0) : NULL;
    XDECREF(olds);
    int r = old ? obj_setattr(vm->sys, stream, old) : -1;
    XDECREF(old);
    XDECREF(stream);
    return r < 0 ? NULL : INCREF(NONE);
}

static const MethodDef redirect_methods[] = {
    {"__init__", redirect_init, METH_FAST, NULL},
    {"__enter__", redirect_enter, METH_NOARGS, NULL},
    {"__exit__", redirect_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *suppress_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (no_kwargs("suppress.__init__", kw) < 0) return NULL;
    Obj *t = tuple_from_array(args, nargs);
    int r = t ? setattr_c(self, "_exceptions", t) : -1;
    XDECREF(t);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *suppress_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    return INCREF(NONE);
}

static Obj *suppress_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"exctype", "excinst", "exctb"};
    Obj *v[3];
    if (mh_bind_m("suppress.__exit__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    if (v[0] == NONE) return INCREF(NONE);
    Obj *excs = getattr_c(self, "_exceptions");
    if (!excs) return NULL;
    int r = obj_issubclass(v[0], excs);
    if (r) {
        DECREF(excs);
        return r < 0 ? NULL : bool_from(true);
    }
    r = obj_issubclass(v[0], (Obj *)&exc_BaseExceptionGroup);
    if (r <= 0) {
        DECREF(excs);
        return r < 0 ? NULL : bool_from(false);
    }
    Obj *parts = call_c(v[1], "split", &excs, 1);
    DECREF(excs);
    if (!parts) return NULL;
    if (!TUPLE_CHECK(parts) || TUPLE_LEN(parts) != 2) {
        DECREF(parts);
        vm_err_set_str(&exc_TypeError, "cannot unpack the result of split()");
        return NULL;
    }
    Obj *rest = TUPLE_ITEMS(parts)[1];
    if (rest == NONE) {
        DECREF(parts);
        return bool_from(true);
    }
    vm_err_raise(rest, NULL);
    DECREF(parts);
    return NULL;
}

static const MethodDef suppress_methods[] = {
    {"__init__", suppress_init, METH_FAST, NULL},
    {"__enter__", suppress_enter, METH_NOARGS, NULL},
    {"__exit__", suppress_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- ExitStack ---------------------------------------------------------------------------------- */

static Obj *new_deque(void)
{
    Obj *c = import_name(id_str("collections"), NULL, NULL, 0);
    Obj *d = c ? getattr_c(c, "deque") : NULL;
    XDECREF(c);
    Obj *r = d ? obj_call(d, NULL, 0, NULL) : NULL;
    XDECREF(d);
    return r;
}

static Obj *bes_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("_BaseExitStack.__init__", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *d = new_deque();
    int r = d ? setattr_c(self, "_exit_callbacks", d) : -1;
    XDECREF(d);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *bes_pop_all(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *ns = obj_call((Obj *)OBJ_TYPE(self), NULL, 0, NULL);
    if (!ns) return NULL;
    Obj *cbs = getattr_c(self, "_exit_callbacks");
    Obj *d = cbs && setattr_c(ns, "_exit_callbacks", cbs) == 0 ? new_deque() : NULL;
    int r = d ? setattr_c(self, "_exit_callbacks", d) : -1;
    XDECREF(cbs);
    XDECREF(d);
    if (r < 0) {
        DECREF(ns);
        return NULL;
    }
    return ns;
}

static int push_exit_callback(Obj *self, Obj *cb, bool is_sync)
{
    Obj *cbs = getattr_c(self, "_exit_callbacks");
    Obj *pair = cbs ? tuple_pack(2, is_sync ? TRUE_ : FALSE_, cb) : NULL;
    Obj *r = pair ? call_c(cbs, "append", &pair, 1) : NULL;
    XDECREF(cbs);
    XDECREF(pair);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static int push_cm_exit(Obj *self, Obj *cm, Obj *cm_exit, bool is_sync)
{
    Obj *w = method_new(cm_exit, cm);
    int r = w ? push_exit_callback(self, w, is_sync) : -1;
    XDECREF(w);
    return r;
}

static Obj *bes_push(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"exit"};
    Obj *v[1];
    if (mh_bind_m("_BaseExitStack.push", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *m = NULL;
    if (obj_lookup_attr((Obj *)OBJ_TYPE(v[0]), id_str("__exit__"), &m) < 0) return NULL;
    int r = m ? push_cm_exit(self, v[0], m, true) : push_exit_callback(self, v[0], true);
    XDECREF(m);
    return r < 0 ? NULL : INCREF(v[0]);
}

static Obj *bes_enter_context(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"cm"};
    Obj *v[1];
    if (mh_bind_m("_BaseExitStack.enter_context", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *cls = (Obj *)OBJ_TYPE(v[0]);
    Obj *enter = NULL, *exitf = NULL;
    if (obj_lookup_attr(cls, id_str("__enter__"), &enter) < 0) return NULL;
    if (enter && obj_lookup_attr(cls, id_str("__exit__"), &exitf) < 0) {
        DECREF(enter);
        return NULL;
    }
    if (!enter || !exitf) {
        XDECREF(enter);
        Obj *mod = getattr_c(cls, "__module__");
        Obj *qn = mod ? getattr_c(cls, "__qualname__") : NULL;
        if (qn) {
            Obj *msg = str_from_fmt("'%S.%S' object does not support the context manager protocol", mod, qn);
            if (msg) {
                vm_err_set_obj(&exc_TypeError, msg);
                Obj *e = vm_err_fetch();
                ((ExcObj *)e)->suppress_context = true;
                vm_err_restore(e);
                DECREF(msg);
            }
        }
        XDECREF(mod);
        XDECREF(qn);
        return NULL;
    }
    Obj *result = obj_call(enter, v, 1, NULL);
    DECREF(enter);
    if (!result) tbframe_push(&tb_file, TB_ENTER_CONTEXT);
    if (!result || push_cm_exit(self, v[0], exitf, true) < 0) {
        XDECREF(result);
        DECREF(exitf);
        return NULL;
    }
    DECREF(exitf);
    return result;
}

static Obj *bes_callback(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 1) {
        Obj *nm = str_from_cstr("callback");
        if (nm) args_err_missing("_BaseExitStack.callback", &nm, 1, false);
        XDECREF(nm);
        return NULL;
    }
    Obj *tup, *kwd;
    if (pack_call(args + 1, nargs - 1, kw, &tup, &kwd) < 0) return NULL;
    Obj *w = new_closure(cb_wrapper, CB_WRAPPER_QUALNAME, 3, args[0], tup, kwd);
    DECREF(tup);
    DECREF(kwd);
    if (!w) return NULL;
    int r = setattr_c(w, "__wrapped__", args[0]);
    if (r == 0) r = push_exit_callback(self, w, true);
    DECREF(w);
    return r < 0 ? NULL : INCREF(args[0]);
}

static const MethodDef bes_methods[] = {
    {"__init__", bes_init, METH_FAST, NULL},
    {"pop_all", bes_pop_all, METH_NOARGS, "Preserve the context stack by transferring it to a new instance."},
    {"push", bes_push, METH_FAST, NULL},
    {"enter_context", bes_enter_context, METH_FAST, NULL},
    {"callback", bes_callback, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *es_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return INCREF(self);
}

/* ExitStack.__exit__'s _fix_exception_context: make the end of new_exc's
 * context chain (where it reaches frame_exc) point at old_exc. */
static void fix_exception_context(Obj *new_exc, Obj *old_exc, Obj *frame_exc)
{
    for (int guard = 0; guard < 1000000; guard++) {
        Obj *ctx = exc_get_context(new_exc);
        if (!ctx || ctx == old_exc) return;
        if (ctx == frame_exc) break;
        new_exc = ctx;
    }
    if (!EXC_CHECK(new_exc)) return;
    obj_setref(&((ExcObj *)new_exc)->context, old_exc == NONE ? NULL : xincref(old_exc));
}

static Obj *es_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (no_kwargs("ExitStack.__exit__", kw) < 0) return NULL;
    if (nargs < 1) {
        vm_err_set_str(&exc_IndexError, "tuple index out of range");
        return NULL;
    }
    bool received = args[0] != NONE;
    Obj *frame_exc = xincref(vm_exc_info());
    Obj *details = tuple_from_array(args, nargs);
    if (!details) {
        XDECREF(frame_exc);
        return NULL;
    }
    bool suppressed = false, pending = false;
    for (;;) {
        Obj *cbs = getattr_c(self, "_exit_callbacks");
        int t = cbs ? obj_is_true(cbs) : -1;
        if (t <= 0) {
            XDECREF(cbs);
            if (t < 0) goto fail;
            break;
        }
        Obj *pair = call_c(cbs, "pop", NULL, 0);
        DECREF(cbs);
        if (!pair) goto fail;
        if (!TUPLE_CHECK(pair) || TUPLE_LEN(pair) != 2) {
            DECREF(pair);
            vm_err_set_str(&exc_TypeError, "cannot unpack non-sequence");
            goto fail;
        }
        Obj *r = obj_call(TUPLE_ITEMS(pair)[1], TUPLE_ITEMS(details), TUPLE_LEN(details), NULL);
        DECREF(pair);
        int truth = r ? obj_is_true(r) : -1;
        XDECREF(r);
        if (truth > 0) {
            suppressed = true;
            pending = false;
            Obj *n3 = tuple_pack(3, NONE, NONE, NONE);
            if (!n3) goto fail;
            obj_setref(&details, n3);
        } else if (truth < 0) {
            tbframe_push(&tb_file, TB_STACK_CB);
            Obj *new_exc = vm_err_fetch();
            Obj *old_exc = TUPLE_LEN(details) > 1 ? TUPLE_ITEMS(details)[1] : NONE;
            fix_exception_context(new_exc, old_exc, frame_exc);
            pending = true;
            Obj *tb = ((ExcObj *)new_exc)->traceback;
            Obj *nd = tuple_pack(3, (Obj *)OBJ_TYPE(new_exc), new_exc, tb ? tb : NONE);
            DECREF(new_exc);
            if (!nd) goto fail;
            obj_setref(&details, nd);
        }
    }
    XDECREF(frame_exc);
    if (pending) {
        /* raise exc_details[1] with its context as fixed above */
        vm_err_restore(INCREF(TUPLE_ITEMS(details)[1]));
        DECREF(details);
        return tb_fail(TB_STACK_RAISE);
    }
    DECREF(details);
    return bool_from(received && suppressed);
fail:
    XDECREF(frame_exc);
    DECREF(details);
    return NULL;
}

static Obj *es_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *a[3] = {NONE, NONE, NONE};
    Obj *r = call_c(self, "__exit__", a, 3);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static const MethodDef es_methods[] = {
    {"__enter__", es_enter, METH_NOARGS, NULL},
    {"__exit__", es_exit, METH_FAST, NULL},
    {"close", es_close, METH_NOARGS, "Immediately unwind the context stack."},
    {NULL, NULL, 0, NULL},
};

/* ---- the async side (ncoro.h: each `async def` is a native coroutine) ----------------------- */

/* `async def f(...): return result` */
static Obj *step_return_state(NCoro *co, Obj *value, Obj *exc)
{
    (void)value; (void)exc;
    return INCREF(co->state ? co->state : NONE);
}

static Obj *immediate(Obj *result, const char *qualname)
{
    return ncoro_new(step_return_state, result, qualname);
}

/* re-raise a borrowed exception from a step */
static Obj *reraise(Obj *exc)
{
    vm_err_restore(INCREF(exc));
    return NULL;
}

static Obj *await_owned(NCoro *co, Obj *aw, int next)
{
    if (!aw) return NULL;
    Obj *r = ncoro_await(co, aw, next);
    DECREF(aw);
    return r;
}

static Obj *anext_of(Obj *gen)
{
    if (!type_lookup(OBJ_TYPE(gen), id_str("__anext__"))) {
        vm_err_format(&exc_TypeError, "'%s' object is not an async iterator", type_name(OBJ_TYPE(gen)));
        return NULL;
    }
    return call_c(gen, "__anext__", NULL, 0);
}

static Obj *aacm_aenter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return immediate(self, "AbstractAsyncContextManager.__aenter__");
}

static Obj *aacm_aexit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"exc_type", "exc_value", "traceback"};
    Obj *v[3];
    if (mh_bind_m("AbstractAsyncContextManager.__aexit__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0)
        return NULL;
    return immediate(NONE, "AbstractAsyncContextManager.__aexit__");
}

/* _AsyncGeneratorContextManager.__aenter__ */
static Obj *agcm_enter_step(NCoro *co, Obj *value, Obj *exc)
{
    Obj *self = co->state;
    if (co->phase == 0) {
        if (setattr_c(self, "args", NULL) < 0 || setattr_c(self, "kwds", NULL) < 0 ||
            setattr_c(self, "func", NULL) < 0)
            return NULL;
        Obj *gen = getattr_c(self, "gen");
        Obj *aw = gen ? anext_of(gen) : NULL;
        XDECREF(gen);
        return await_owned(co, aw, 1);
    }
    if (!exc) return INCREF(value);
    if (!type_is_subtype(OBJ_TYPE(exc), &exc_StopAsyncIteration)) return reraise(exc);
    vm_err_set_str(&exc_RuntimeError, "generator didn't yield");
    Obj *e = vm_err_fetch();
    if (!e) return NULL;
    CLEAR(((ExcObj *)e)->cause);
    ((ExcObj *)e)->suppress_context = true;
    obj_setref(&((ExcObj *)e)->context, INCREF(exc));
    vm_err_restore(e);
    return NULL;
}

static Obj *agcm_aenter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return ncoro_new(agcm_enter_step, self, "_AsyncGeneratorContextManager.__aenter__");
}

/* `raise RuntimeError(msg)` then `finally: await self.gen.aclose()` */
static Obj *araise_then_close(NCoro *co, const char *msg)
{
    vm_err_set_str(&exc_RuntimeError, msg);
    ncoro_set(co, 2, vm_err_fetch());
    if (!co->slot[2]) return NULL;
    return await_owned(co, call_c(co->slot[0], "aclose", NULL, 0), 3);
}

/* _AsyncGeneratorContextManager.__aexit__: state (self, typ, value, traceback);
 * slots: 0 the generator, 1 the exception thrown in, 2 the pending RuntimeError */
static Obj *agcm_exit_step(NCoro *co, Obj *value, Obj *exc)
{
    (void)value;
    Obj *self = TUPLE_ITEMS(co->state)[0], *typ = TUPLE_ITEMS(co->state)[1];
    Obj *tb = TUPLE_ITEMS(co->state)[3];
    switch (co->phase) {
    case 0: {
        ncoro_set(co, 0, getattr_c(self, "gen"));
        if (!co->slot[0]) return NULL;
        if (typ == NONE) return await_owned(co, anext_of(co->slot[0]), 1);
        Obj *v = TUPLE_ITEMS(co->state)[2];
        ncoro_set(co, 1, v == NONE ? obj_call(typ, NULL, 0, NULL) : INCREF(v));
        if (!co->slot[1]) return NULL;
        return await_owned(co, call_c(co->slot[0], "athrow", &co->slot[1], 1), 2);
    }
    case 1:
        if (exc) return type_is_subtype(OBJ_TYPE(exc), &exc_StopAsyncIteration) ? bool_from(false) : reraise(exc);
        return araise_then_close(co, "generator didn't stop");
    case 2: {
        if (!exc) return araise_then_close(co, "generator didn't stop after athrow()");
        Obj *val = co->slot[1];
        if (type_is_subtype(OBJ_TYPE(exc), &exc_StopAsyncIteration)) return bool_from(exc != val);
        if (type_is_subtype(OBJ_TYPE(exc), &exc_RuntimeError)) {
            if (exc == val) return setattr_c(exc, "__traceback__", tb) < 0 ? NULL : bool_from(false);
            if ((type_is_subtype(OBJ_TYPE(val), &exc_StopIteration) ||
                 type_is_subtype(OBJ_TYPE(val), &exc_StopAsyncIteration)) &&
                ((ExcObj *)exc)->cause == val)
                return setattr_c(val, "__traceback__", tb) < 0 ? NULL : bool_from(false);
            return reraise(exc);
        }
        if (exc != val) return reraise(exc);
        return setattr_c(exc, "__traceback__", tb) < 0 ? NULL : bool_from(false);
    }
    default:
        if (exc) {
            if (!((ExcObj *)exc)->context && exc != co->slot[2])
                ((ExcObj *)exc)->context = INCREF(co->slot[2]);
            return reraise(exc);
        }
        return reraise(co->slot[2]);
    }
}

static Obj *agcm_aexit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"typ", "value", "traceback"};
    Obj *v[3];
    if (mh_bind_m("_AsyncGeneratorContextManager.__aexit__", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0)
        return NULL;
    Obj *st = tuple_pack(4, self, v[0], v[1], v[2]);
    if (!st) return NULL;
    Obj *r = ncoro_new(agcm_exit_step, st, "_AsyncGeneratorContextManager.__aexit__");
    DECREF(st);
    return r;
}

static const MethodDef agcm_methods[] = {
    {"__aenter__", agcm_aenter, METH_NOARGS, NULL},
    {"__aexit__", agcm_aexit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* AsyncContextDecorator's inner: state (cm owner, func, args, kwds);
 * slots: 0 __aexit__ bound, 1 the result, 2 the body's exception */
static Obj *adeco_step(NCoro *co, Obj *value, Obj *exc)
{
    Obj **st = TUPLE_ITEMS(co->state);
    switch (co->phase) {
    case 0: {
        Obj *cm = call_c(st[0], "_recreate_cm", NULL, 0);
        if (!cm) return NULL;
        Obj *enter = special(cm, "__aenter__");
        Obj *exitf = enter ? special(cm, "__aexit__") : NULL;
        if (!enter || !exitf) {
            if (!vm_err_occurred())
                vm_err_format(&exc_TypeError, enter ? "'%s' object does not support the asynchronous context "
                                                      "manager protocol (missed __aexit__ method)"
                                                    : "'%s' object does not support the asynchronous context "
                                                      "manager protocol",
                              OBJ_TYPE(cm)->name);
            XDECREF(enter);
            DECREF(cm);
            return NULL;
        }
        DECREF(cm);
        ncoro_set(co, 0, exitf);
        Obj *aw = obj_call(enter, NULL, 0, NULL);
        DECREF(enter);
        return await_owned(co, aw, 1);
    }
    case 1: {
        if (exc) return reraise(exc);
        Obj *aw = vm_call_ex(st[1], st[2], st[3]);
        if (aw) return await_owned(co, aw, 2);
        Obj *e = vm_err_fetch();
        co->phase = 2;
        Obj *r = adeco_step(co, NONE, e);
        DECREF(e);
        return r;
    }
    case 2: {
        if (!exc) {
            ncoro_set(co, 1, INCREF(value));
            Obj *n3[3] = {NONE, NONE, NONE};
            return await_owned(co, obj_call(co->slot[0], n3, 3, NULL), 3);
        }
        ncoro_set(co, 2, INCREF(exc));
        Obj *tb = ((ExcObj *)exc)->traceback;
        Obj *a[3] = {(Obj *)OBJ_TYPE(exc), exc, tb ? tb : NONE};
        return await_owned(co, obj_call(co->slot[0], a, 3, NULL), 4);
    }
    case 3:
        return exc ? reraise(exc) : INCREF(co->slot[1]);
    default: {
        if (exc) {
            if (!((ExcObj *)exc)->context && exc != co->slot[2]) ((ExcObj *)exc)->context = INCREF(co->slot[2]);
            return reraise(exc);
        }
        int t = obj_is_true(value);
        if (t < 0) return NULL;
        return t ? INCREF(NONE) : reraise(co->slot[2]);
    }
    }
}

static Obj *adeco_inner(Obj *st, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *tup, *kwd;
    if (pack_call(args, nargs, kwnames, &tup, &kwd) < 0) return NULL;
    Obj *cst = tuple_pack(4, TUPLE_ITEMS(st)[0], TUPLE_ITEMS(st)[1], tup, kwd);
    DECREF(tup);
    DECREF(kwd);
    if (!cst) return NULL;
    Obj *r = ncoro_new(adeco_step, cst, "AsyncContextDecorator.__call__.<locals>.inner");
    DECREF(cst);
    return r;
}

static Obj *adeco_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"func"};
    Obj *v[1];
    if (mh_bind_m("AsyncContextDecorator.__call__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return wrapped_func(adeco_inner, "AsyncContextDecorator.__call__.<locals>.inner", 2, self, v[0], v[0]);
}

static const MethodDef adeco_methods[] = {
    {"_recreate_cm", deco_recreate, METH_NOARGS, "Return a recreated instance of self."},
    {"__call__", adeco_call, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* aclosing */
static Obj *aclosing_aenter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *thing = getattr_c(self, "thing");
    if (!thing) return NULL;
    Obj *r = immediate(thing, "aclosing.__aenter__");
    DECREF(thing);
    return r;
}

static Obj *aclosing_exit_step(NCoro *co, Obj *value, Obj *exc)
{
    (void)value;
    if (co->phase == 0) {
        Obj *thing = getattr_c(co->state, "thing");
        Obj *aw = thing ? call_c(thing, "aclose", NULL, 0) : NULL;
        XDECREF(thing);
        return await_owned(co, aw, 1);
    }
    return exc ? reraise(exc) : INCREF(NONE);
}

static Obj *aclosing_aexit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs;
    if (no_kwargs("aclosing.__aexit__", kw) < 0) return NULL;
    return ncoro_new(aclosing_exit_step, self, "aclosing.__aexit__");
}

static const MethodDef aclosing_methods[] = {
    {"__init__", closing_init, METH_FAST, NULL},
    {"__aenter__", aclosing_aenter, METH_NOARGS, NULL},
    {"__aexit__", aclosing_aexit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* nullcontext's async methods */
static Obj *null_aenter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *v = getattr_c(self, "enter_result");
    if (!v) return NULL;
    Obj *r = immediate(v, "nullcontext.__aenter__");
    DECREF(v);
    return r;
}

static Obj *null_aexit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs;
    if (no_kwargs("nullcontext.__aexit__", kw) < 0) return NULL;
    return immediate(NONE, "nullcontext.__aexit__");
}

/* AsyncExitStack */
static Obj *aes_aenter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return immediate(self, "AsyncExitStack.__aenter__");
}

/* enter_async_context: state (self, cm); slot 0 the __aexit__ function */
static Obj *aes_enter_step(NCoro *co, Obj *value, Obj *exc)
{
    Obj *self = TUPLE_ITEMS(co->state)[0], *cm = TUPLE_ITEMS(co->state)[1];
    if (co->phase == 0) {
        Obj *cls = (Obj *)OBJ_TYPE(cm);
        Obj *enter = NULL, *exitf = NULL;
        if (obj_lookup_attr(cls, id_str("__aenter__"), &enter) < 0) return NULL;
        if (enter && obj_lookup_attr(cls, id_str("__aexit__"), &exitf) < 0) {
            DECREF(enter);
            return NULL;
        }
        if (!enter || !exitf) {
            XDECREF(enter);
            Obj *mod = getattr_c(cls, "__module__");
            Obj *qn = mod ? getattr_c(cls, "__qualname__") : NULL;
            if (qn) {
                vm_err_format(&exc_TypeError,
                              "'%S.%S' object does not support the asynchronous context manager protocol", mod, qn);
                Obj *e = vm_err_fetch();
                if (e) {
                    ((ExcObj *)e)->suppress_context = true;
                    vm_err_restore(e);
                }
            }
            XDECREF(mod);
            XDECREF(qn);
            return NULL;
        }
        ncoro_set(co, 0, exitf);
        Obj *aw = obj_call(enter, &cm, 1, NULL);
        DECREF(enter);
        return await_owned(co, aw, 1);
    }
    if (exc) return reraise(exc);
    if (push_cm_exit(self, cm, co->slot[0], false) < 0) return NULL;
    return INCREF(value);
}

static Obj *aes_enter_async_context(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"cm"};
    Obj *v[1];
    if (mh_bind_m("AsyncExitStack.enter_async_context", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *st = tuple_pack(2, self, v[0]);
    if (!st) return NULL;
    Obj *r = ncoro_new(aes_enter_step, st, "AsyncExitStack.enter_async_context");
    DECREF(st);
    return r;
}

static Obj *aes_push_async_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"exit"};
    Obj *v[1];
    if (mh_bind_m("AsyncExitStack.push_async_exit", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *m = NULL;
    if (obj_lookup_attr((Obj *)OBJ_TYPE(v[0]), id_str("__aexit__"), &m) < 0) return NULL;
    int r = m ? push_cm_exit(self, v[0], m, false) : push_exit_callback(self, v[0], false);
    XDECREF(m);
    return r < 0 ? NULL : INCREF(v[0]);
}

/* `async def _exit_wrapper(exc_type, exc, tb): await callback(*args, **kwds)` */
static Obj *acb_step(NCoro *co, Obj *value, Obj *exc)
{
    (void)value;
    if (co->phase == 0) {
        Obj **st = TUPLE_ITEMS(co->state);
        return await_owned(co, vm_call_ex(st[0], st[1], st[2]), 1);
    }
    return exc ? reraise(exc) : INCREF(NONE);
}

#define ACB_WRAPPER_QUALNAME "AsyncExitStack._create_async_cb_wrapper.<locals>._exit_wrapper"

static Obj *acb_wrapper(Obj *st, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"exc_type", "exc", "tb"};
    Obj *v[3];
    if (mh_bind(ACB_WRAPPER_QUALNAME, args, nargs, kwnames, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    return ncoro_new(acb_step, st, ACB_WRAPPER_QUALNAME);
}

static Obj *aes_push_async_callback(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 1) {
        Obj *nm = str_from_cstr("callback");
        if (nm) args_err_missing("AsyncExitStack.push_async_callback", &nm, 1, false);
        XDECREF(nm);
        return NULL;
    }
    Obj *tup, *kwd;
    if (pack_call(args + 1, nargs - 1, kw, &tup, &kwd) < 0) return NULL;
    Obj *w = new_closure(acb_wrapper, ACB_WRAPPER_QUALNAME, 3, args[0], tup, kwd);
    DECREF(tup);
    DECREF(kwd);
    if (!w) return NULL;
    int r = setattr_c(w, "__wrapped__", args[0]);
    if (r == 0) r = push_exit_callback(self, w, false);
    DECREF(w);
    return r < 0 ? NULL : INCREF(args[0]);
}

static Obj *aes_aclose_step(NCoro *co, Obj *value, Obj *exc)
{
    (void)value;
    if (co->phase == 0) {
        Obj *n3[3] = {NONE, NONE, NONE};
        return await_owned(co, call_c(co->state, "__aexit__", n3, 3), 1);
    }
    return exc ? reraise(exc) : INCREF(NONE);
}

static Obj *aes_aclose(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return ncoro_new(aes_aclose_step, self, "AsyncExitStack.aclose");
}

enum { AES_RECEIVED = 1, AES_SUPPRESSED = 2, AES_PENDING = 4 };

/* One callback's outcome: r its result (stolen) or NULL with its exception. */
static int aes_outcome(NCoro *co, Obj *r)
{
    int truth = r ? obj_is_true(r) : -1;
    XDECREF(r);
    if (truth > 0) {
        co->flags = (co->flags | AES_SUPPRESSED) & ~(unsigned)AES_PENDING;
        ncoro_set(co, 0, tuple_pack(3, NONE, NONE, NONE));
        return co->slot[0] ? 0 : -1;
    }
    if (truth == 0) return 0;
    Obj *new_exc = vm_err_fetch();
    Obj *details = co->slot[0];
    fix_exception_context(new_exc, TUPLE_LEN(details) > 1 ? TUPLE_ITEMS(details)[1] : NONE, co->slot[1]);
    co->flags |= AES_PENDING;
    Obj *tb = ((ExcObj *)new_exc)->traceback;
    ncoro_set(co, 0, tuple_pack(3, (Obj *)OBJ_TYPE(new_exc), new_exc, tb ? tb : NONE));
    DECREF(new_exc);
    return co->slot[0] ? 0 : -1;
}

/* AsyncExitStack.__aexit__: state (self, exc_details); slots: 0 the current
 * details, 1 the exception being handled when it was called */
static Obj *aes_exit_step(NCoro *co, Obj *value, Obj *exc)
{
    Obj *self = TUPLE_ITEMS(co->state)[0];
    if (co->phase == 0) {
        Obj *details = TUPLE_ITEMS(co->state)[1];
        if (TUPLE_LEN(details) < 1) {
            vm_err_set_str(&exc_IndexError, "tuple index out of range");
            return NULL;
        }
        if (TUPLE_ITEMS(details)[0] != NONE) co->flags |= AES_RECEIVED;
        ncoro_set(co, 0, INCREF(details));
        ncoro_set(co, 1, xincref(vm_exc_info()));
    } else {
        if (exc) vm_err_restore(INCREF(exc));
        if (aes_outcome(co, exc ? NULL : INCREF(value)) < 0) return NULL;
    }
    for (;;) {
        Obj *cbs = getattr_c(self, "_exit_callbacks");
        int t = cbs ? obj_is_true(cbs) : -1;
        if (t <= 0) {
            XDECREF(cbs);
            if (t < 0) return NULL;
            break;
        }
        Obj *pair = call_c(cbs, "pop", NULL, 0);
        DECREF(cbs);
        if (!pair) return NULL;
        if (!TUPLE_CHECK(pair) || TUPLE_LEN(pair) != 2) {
            DECREF(pair);
            vm_err_set_str(&exc_TypeError, "cannot unpack non-sequence");
            return NULL;
        }
        int is_sync = obj_is_true(TUPLE_ITEMS(pair)[0]);
        Obj *details = co->slot[0];
        Obj *r = is_sync < 0 ? NULL : obj_call(TUPLE_ITEMS(pair)[1], TUPLE_ITEMS(details), TUPLE_LEN(details), NULL);
        DECREF(pair);
        if (is_sync == 0 && r) return await_owned(co, r, 1);
        if (aes_outcome(co, r) < 0) return NULL;
    }
    if (co->flags & AES_PENDING) return reraise(TUPLE_ITEMS(co->slot[0])[1]);
    return bool_from((co->flags & AES_RECEIVED) && (co->flags & AES_SUPPRESSED));
}

static Obj *aes_aexit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (no_kwargs("AsyncExitStack.__aexit__", kw) < 0) return NULL;
    Obj *details = tuple_from_array(args, nargs);
    Obj *st = details ? tuple_pack(2, self, details) : NULL;
    XDECREF(details);
    if (!st) return NULL;
    Obj *r = ncoro_new(aes_exit_step, st, "AsyncExitStack.__aexit__");
    DECREF(st);
    return r;
}

static const MethodDef aes_methods[] = {
    {"enter_async_context", aes_enter_async_context, METH_FAST, NULL},
    {"push_async_exit", aes_push_async_exit, METH_FAST, NULL},
    {"push_async_callback", aes_push_async_callback, METH_FAST, NULL},
    {"aclose", aes_aclose, METH_NOARGS, "Immediately unwind the context stack."},
    {"__aenter__", aes_aenter, METH_NOARGS, NULL},
    {"__aexit__", aes_aexit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ---------------------------------------------------------------------------------- */

/* contextmanager and asynccontextmanager are Python functions in CPython:
 * closures here, so they repr and bind as functions. */
static Obj *cl_contextmanager_fn(Obj *st, Obj *const *args, Ssize nargs, Obj *kw)
{
    return cl_contextmanager(st, args, nargs, kw);
}

static Obj *cl_asynccontextmanager_fn(Obj *st, Obj *const *args, Ssize nargs, Obj *kw)
{
    return cl_asynccontextmanager(st, args, nargs, kw);
}

static int add_function(Obj *m, ClosureFn fn, const char *name, const char *doc)
{
    Obj *st = tuple_new(0);
    Obj *f = st ? closure_new(fn, st, "contextlib", name) : NULL;
    XDECREF(st);
    Obj *d = f ? str_from_cstr(doc) : NULL;
    int r = d ? obj_setattr(f, id_str("__doc__"), d) : -1;
    XDECREF(d);
    if (r < 0) {
        XDECREF(f);
        return -1;
    }
    return module_add(m, name, f);
}

static int build_classes(void)
{
    if (cls_exit_stack) return 0;
    Obj *abc = import_name(id_str("abc"), NULL, NULL, 0);
    abcmeta = abc ? getattr_c(abc, "ABCMeta") : NULL;
    Obj *abc_base = abcmeta ? getattr_c(abc, "ABC") : NULL;
    XDECREF(abc);
    if (!abc_base) return -1;
    Obj *obj = (Obj *)&object_type;
    cls_acm = make_class("AbstractContextManager", &abc_base, 1, acm_methods,
                         "An abstract base class for context managers.", abcmeta, "__exit__");
    cls_aacm = cls_acm ? make_class("AbstractAsyncContextManager", &abc_base, 1, aacm_methods,
                                    "An abstract base class for asynchronous context managers.", abcmeta,
                                    "__aexit__")
                       : NULL;
    DECREF(abc_base);
    cls_decorator = cls_aacm ? make_class("ContextDecorator", &obj, 1, deco_methods,
                                          "A base class or mixin that enables context managers to work as decorators.",
                                          NULL, NULL)
                             : NULL;
    cls_gcm_base = cls_decorator ? make_class("_GeneratorContextManagerBase", &obj, 1, gcmb_methods,
                                              "Shared functionality for @contextmanager and @asynccontextmanager.",
                                              NULL, NULL)
                                 : NULL;
    if (!cls_gcm_base) return -1;
    Obj *gb[3] = {cls_gcm_base, cls_acm, cls_decorator};
    cls_gcm = make_class("_GeneratorContextManager", gb, 3, gcm_methods, "Helper for @contextmanager decorator.",
                         NULL, "");
    cls_async_decorator = cls_gcm ? make_class("AsyncContextDecorator", &obj, 1, adeco_methods,
                                               "A base class or mixin that enables async context managers to "
                                               "work as decorators.",
                                               NULL, NULL)
                                  : NULL;
    Obj *agb[3] = {cls_gcm_base, cls_aacm, cls_async_decorator};
    cls_agcm = cls_async_decorator ? make_class("_AsyncGeneratorContextManager", agb, 3, agcm_methods,
                                                "Helper for @asynccontextmanager decorator.", NULL, "")
                                   : NULL;
    cls_closing = cls_agcm ? make_class("closing", &cls_acm, 1, closing_methods,
                                        "Context to automatically close something at the end of a block.", NULL, "")
                           : NULL;
    cls_redirect = cls_closing ? make_class("_RedirectStream", &cls_acm, 1, redirect_methods, NULL, NULL, "")
                               : NULL;
    if (!cls_redirect || setattr_c(cls_redirect, "_stream", NONE) < 0) return -1;
    cls_redirect_out = make_class("redirect_stdout", &cls_redirect, 1, NULL,
                                  "Context manager for temporarily redirecting stdout to another file.", NULL, "");
    cls_redirect_err = cls_redirect_out ? make_class("redirect_stderr", &cls_redirect, 1, NULL,
                                                     "Context manager for temporarily redirecting stderr to another file.",
                                                     NULL, "")
                                        : NULL;
    if (!cls_redirect_err) return -1;
    Obj *so = str_from_cstr("stdout"), *se = str_from_cstr("stderr");
    int r = so && se && setattr_c(cls_redirect_out, "_stream", so) == 0 ? setattr_c(cls_redirect_err, "_stream", se) : -1;
    XDECREF(so);
    XDECREF(se);
    if (r < 0) return -1;
    cls_suppress = make_class("suppress", &cls_acm, 1, suppress_methods,
                              "Context manager to suppress specified exceptions", NULL, "");
    cls_base_stack = cls_suppress ? make_class("_BaseExitStack", &obj, 1, bes_methods,
                                               "A base class for ExitStack and AsyncExitStack.", NULL, NULL)
                                  : NULL;
    Obj *esb[2] = {cls_base_stack, cls_acm};
    cls_exit_stack = cls_base_stack ? make_class("ExitStack", esb, 2, es_methods,
                                                 "Context manager for dynamic management of a stack of exit callbacks.",
                                                 NULL, "")
                                    : NULL;
    Obj *nb[2] = {cls_acm, cls_aacm};
    cls_nullcontext = cls_exit_stack ? make_class("nullcontext", nb, 2, null_methods,
                                                  "Context manager that does no additional processing.", NULL, "")
                                     : NULL;
    cls_chdir = cls_nullcontext ? make_class("chdir", &cls_acm, 1, chdir_methods,
                                             "Non thread-safe context manager to change the current working directory.",
                                             NULL, "")
                                : NULL;
    cls_aclosing = cls_chdir ? make_class("aclosing", &cls_aacm, 1, aclosing_methods,
                                          "Async context manager for safely finalizing an asynchronously cleaned-up\n"
                                          "    resource such as an async generator, calling its ``aclose()`` method.",
                                          NULL, "")
                             : NULL;
    Obj *aesb[2] = {cls_base_stack, cls_aacm};
    cls_async_exit_stack = cls_aclosing ? make_class("AsyncExitStack", aesb, 2, aes_methods,
                                                     "Async context manager for dynamic management of a stack of exit\n"
                                                     "    callbacks.",
                                                     NULL, "")
                                        : NULL;
    return cls_async_exit_stack ? 0 : -1;
}

static Obj *contextlib_init(void)
{
    if (build_classes() < 0) return NULL;
    Obj *m = mh_module("contextlib", NULL);
    if (!m) return NULL;
    if (add_function(m, cl_contextmanager_fn, "contextmanager", "@contextmanager decorator.") < 0 ||
        add_function(m, cl_asynccontextmanager_fn, "asynccontextmanager", "@asynccontextmanager decorator.") < 0)
        goto fail;
    struct { const char *name; Obj *v; } exports[] = {
        {"AbstractContextManager", cls_acm}, {"AbstractAsyncContextManager", cls_aacm},
        {"ContextDecorator", cls_decorator}, {"_GeneratorContextManagerBase", cls_gcm_base},
        {"_GeneratorContextManager", cls_gcm}, {"_AsyncGeneratorContextManager", cls_agcm},
        {"closing", cls_closing}, {"_RedirectStream", cls_redirect},
        {"redirect_stdout", cls_redirect_out}, {"redirect_stderr", cls_redirect_err},
        {"suppress", cls_suppress}, {"_BaseExitStack", cls_base_stack}, {"ExitStack", cls_exit_stack},
        {"nullcontext", cls_nullcontext}, {"chdir", cls_chdir}, {"AsyncContextDecorator", cls_async_decorator},
        {"aclosing", cls_aclosing}, {"AsyncExitStack", cls_async_exit_stack},
    };
    for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++)
        if (mh_add_obj(m, exports[i].name, exports[i].v) < 0) goto fail;
    static const char *const all[] = {"asynccontextmanager", "contextmanager", "closing", "nullcontext",
                                      "AbstractContextManager", "AbstractAsyncContextManager",
                                      "AsyncExitStack", "ContextDecorator", "ExitStack",
                                      "redirect_stdout", "redirect_stderr", "suppress", "aclosing", "chdir"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof all[0]; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0) goto fail;
    Obj *doc = str_from_cstr("Utilities for with-statement contexts.  See PEP 343.");
    if (!doc || module_add(m, "__doc__", doc) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_contextlib_register(void) { import_register_native("contextlib", contextlib_init); }
