/* expr_eval.c — the tree walker of the debugger's expressions (expr.h):
 * evaluates an ExprTree on the VM's objects with names resolved as a frame
 * resolves them, and `set var` assignments.
 *
 * Every operation goes through the VM's abstract object API (num_binary,
 * obj_richcompare, obj_getattr, obj_call …), so results, reflected
 * operators and error messages are the VM's — which are CPython 3.12's.
 * Where CPython's compiler shapes an error (which check runs first in
 * `f(*a, **k)`, the wording of "Value after * must be an iterable"), the
 * walker follows the code 3.12 generates for that expression.
 *
 * Name resolution (load_name): the comprehensions being run (innermost
 * first; their variables are their own, as in Python 3), then the frame:
 * fast locals, cells and free variables of optimized code; the locals
 * mapping of module and class code (also inside comprehensions, as for
 * eval(expr, globals, f_locals)); the globals; the builtins.
 *
 * Generator expressions are lazy, as Python's: the first iterable is
 * evaluated at once, the rest when the generator is advanced; the object
 * keeps the syntax tree (reference counted) and the frame alive.
 *
 * Errors: an exception raised while evaluating becomes one line
 * "TYPE: str(exc)" in err and is cleared; an exception that was already
 * pending when the debugger called in is put back untouched.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/expr.h"
#include "src/expr/expr_ast.h"

/* The variables of the comprehensions being run, innermost first. */
typedef struct Scope {
    struct Scope *up;
    const ExprComp *comp;
    Obj **values;        /* comp->nvars slots; NULL: not bound yet */
} Scope;

/* What an evaluation needs besides the tree (copied into generator objects). */
typedef struct Ev {
    Frame *frame;        /* NULL: builtins only */
    Obj *globals;        /* NULL without a frame */
    Obj *builtins;
    Obj *(*history)(void *ud, long n);
    void *ud;
    ExprTree *tree;
} Ev;

static Obj *ev(Ev *e, Scope *sc, const ExprNode *n);

/* ---- helpers ------------------------------------------------------------------------ */

static Obj *name_obj(const ExprNode *n) { return str_from_utf8(n->s, (Ssize)n->slen); }

/* An immutable object for node n (literal or name), made once per tree. */
static Obj *node_cached(Ev *e, const ExprNode *n, Obj *made)
{
    if (!made || !e->tree)
        return made;
    ExprTree *t = e->tree;
    if (t->ncached == t->capcached) {
        t->capcached = t->capcached ? 2 * t->capcached : 8;
        t->cached = xrealloc(t->cached, t->capcached * sizeof *t->cached);
    }
    t->cached[t->ncached++] = INCREF(made);
    ((ExprNode *)n)->cache = made;
    return made;
}

static Obj *literal(Ev *e, const ExprNode *n)
{
    if (n->cache)
        return INCREF(n->cache);
    Obj *v;
    switch (n->kind) {
    case EK_INT: v = int_from_str(n->s, (Ssize)n->slen, n->op); break;
    case EK_FLOAT: v = float_from_double(n->d); break;
    case EK_IMAG: v = complex_from_doubles(0.0, n->d); break;
    case EK_STR: v = str_from_utf8(n->s, (Ssize)n->slen); break;
    default: v = bytes_from(n->s, (Ssize)n->slen); break;
    }
    return node_cached(e, n, v);
}

/* Index of name in co's localsplusnames, -1 when absent. */
static int slot_of(const CodeRtObj *co, const char *name, size_t len)
{
    for (int i = 0; i < co->nlocalsplus; i++) {
        Ssize n;
        const char *s = str_utf8_lossy(TUPLE_ITEMS(co->localsplusnames)[i], &n);
        if ((size_t)n == len && !memcmp(s, name, len))
            return i;
    }
    return -1;
}

/* The value in slot i (cells and free variables dereferenced); BORROWED,
 * NULL when unbound.  Before COPY_FREE_VARS ran the closure has the cell. */
static Obj *slot_value(Frame *f, int i)
{
    const CodeRtObj *co = f->code;
    uint8_t kind = co->localspluskinds[i];
    Obj *v = f->localsplus[i];
    if (!(kind & (CO_FAST_CELL | CO_FAST_FREE)))
        return v;
    if (!v && (kind & CO_FAST_FREE) && f->func && IS_TYPE(f->func, function_type)) {
        Obj *cl = ((FuncObj *)f->func)->closure;
        int idx = i - (co->nlocalsplus - co->nfrees);
        if (cl && idx >= 0 && idx < TUPLE_LEN(cl))
            v = TUPLE_ITEMS(cl)[idx];
    }
    if (v && IS_TYPE(v, cell_type))
        v = ((CellObj *)v)->ref;
    return v;
}

/* CPython's errors for an unbound local (or cell) and free variable. */
static void unbound_error(const CodeRtObj *co, int i)
{
    Obj *name = TUPLE_ITEMS(co->localsplusnames)[i];
    if (i < co->nlocalsplus - co->nfrees)
        vm_err_format(&exc_UnboundLocalError,
                      "cannot access local variable '%S' where it is not associated with a value",
                      name);
    else
        vm_err_format(&exc_NameError,
                      "cannot access free variable '%S' where it is not associated with a value "
                      "in enclosing scope", name);
}

/* mapping[name]: 1 found (*out new), 0 missing, -1 error. */
static int mapping_get(Obj *map, Obj *name, Obj **out)
{
    if (DICT_CHECK(map)) {
        Obj *v = dict_get_borrow(map, name);
        if (v) {
            *out = INCREF(v);
            return 1;
        }
        return vm_err_occurred() ? -1 : 0;
    }
    Obj *v = obj_getitem(map, name);
    if (v) {
        *out = v;
        return 1;
    }
    if (!vm_err_matches(&exc_KeyError))
        return -1;
    vm_err_clear();
    return 0;
}

static bool interrupted(void)
{
    if (!vm->interrupt)
        return false;
    vm->interrupt = 0;
    vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
    return true;
}

/* ---- names ----------------------------------------------------------------------- */

static Obj *load_name(Ev *e, Scope *sc, const ExprNode *n)
{
    for (Scope *s = sc; s; s = s->up)
        for (int i = 0; i < s->comp->nvars; i++)
            if (!strcmp(s->comp->vars[i], n->s)) {
                if (s->values[i])
                    return INCREF(s->values[i]);
                vm_err_format(&exc_UnboundLocalError,
                              "cannot access local variable '%s' where it is not associated "
                              "with a value", n->s);
                return NULL;
            }
    Obj *name = n->cache ? INCREF(n->cache) : node_cached(e, n, name_obj(n)), *v = NULL;
    if (!name)
        return NULL;
    Frame *f = e->frame;
    if (f) {
        const CodeRtObj *co = f->code;
        bool optimized = (co->flags & CO_OPTIMIZED) != 0;
        if (n->slot_code != co) {
            ((ExprNode *)n)->slot = slot_of(co, n->s, n->slen);
            ((ExprNode *)n)->slot_code = co;
        }
        int i = n->slot;
        uint8_t kind = i >= 0 ? co->localspluskinds[i] : 0;
        /* Fast locals; in module code only the hidden variables of an
         * inlined comprehension that is running. */
        if (i >= 0 && (optimized || (kind & CO_FAST_HIDDEN))) {
            v = slot_value(f, i);
            if (v)
                goto found;
            if (!(kind & CO_FAST_HIDDEN)) {
                unbound_error(co, i);
                goto fail;
            }
        }
        /* The locals mapping of module and class code; comprehensions see it
         * too, as in eval(expr, globals, f_locals) (pdb's view, not the
         * class body's own comprehensions'). */
        if (!optimized && f->locals) {
            int r = mapping_get(f->locals, name, &v);
            if (r < 0)
                goto fail;
            if (r) {
                DECREF(name);
                return v;
            }
        }
        if (i >= 0 && !optimized && (kind & (CO_FAST_CELL | CO_FAST_FREE))) {
            v = slot_value(f, i);
            if (v)
                goto found;
            unbound_error(co, i);
            goto fail;
        }
        v = dict_get_borrow(e->globals, name);
        if (v)
            goto found;
        if (vm_err_occurred())
            goto fail;
    }
    {
        int r = mapping_get(e->builtins, name, &v);
        if (r < 0)
            goto fail;
        if (r) {
            DECREF(name);
            return v;
        }
    }
    vm_err_format(&exc_NameError, "name '%S' is not defined", name);
    {   /* NameError.name, for the traceback's "Did you mean" */
        Obj *exc = vm_err_fetch();
        if (exc && obj_setattr(exc, id_str("name"), name) < 0)
            vm_err_clear();
        vm_err_restore(exc);
    }
fail:
    DECREF(name);
    return NULL;
found:
    DECREF(name);
    return INCREF(v);
}

/* `set var NAME = v` as the frame's own code would store NAME. */
static int store_name(Ev *e, const ExprNode *n, Obj *v)
{
    Frame *f = e->frame;
    if (!f) {
        vm_err_format(&exc_NameError, "cannot assign to '%s' without a frame", n->s);
        return -1;
    }
    const CodeRtObj *co = f->code;
    bool optimized = (co->flags & CO_OPTIMIZED) != 0;
    int i = slot_of(co, n->s, n->slen);
    uint8_t kind = i >= 0 ? co->localspluskinds[i] : 0;
    /* A hidden slot (an inlined comprehension's variable) is the name only
     * while that comprehension runs, i.e. while it is bound. */
    bool use_slot = i >= 0 && ((kind & CO_FAST_HIDDEN) ? f->localsplus[i] != NULL : optimized);
    if (use_slot) {
        Obj **slot = &f->localsplus[i];
        if ((kind & CO_FAST_FREE) && !*slot && f->func && IS_TYPE(f->func, function_type)) {
            Obj *cl = ((FuncObj *)f->func)->closure;
            int idx = i - (co->nlocalsplus - co->nfrees);
            if (cl && idx >= 0 && idx < TUPLE_LEN(cl))
                slot = &TUPLE_ITEMS(cl)[idx];
        }
        if ((kind & (CO_FAST_CELL | CO_FAST_FREE)) && *slot && IS_TYPE(*slot, cell_type))
            obj_setref(&((CellObj *)*slot)->ref, INCREF(v));
        else
            obj_setref(slot, INCREF(v));
        return 0;
    }
    Obj *name = name_obj(n);
    if (!name)
        return -1;
    int r;
    if (!optimized && f->locals)
        r = DICT_CHECK(f->locals) ? dict_set(f->locals, name, v) : obj_setitem(f->locals, name, v);
    else
        r = dict_set(f->globals, name, v);
    DECREF(name);
    return r;
}

/* ---- comprehensions and generator expressions --------------------------------------- */

static int bind_target(Ev *e, Scope *sc, const ExprNode *t, Obj *v);

/* Unpack v into the targets of a tuple/list target, as UNPACK_SEQUENCE /
 * UNPACK_EX do (their messages included). */
static int bind_unpack(Ev *e, Scope *sc, const ExprNode *t, Obj *v)
{
    int star = -1;
    for (int i = 0; i < t->n; i++)
        if (t->kids[i]->kind == EK_STARRED)
            star = i;
    int before = star < 0 ? t->n : star, after = star < 0 ? 0 : t->n - star - 1;
    if (!vm_is_iterable_or_seq(v)) {
        vm_err_format(&exc_TypeError, "cannot unpack non-iterable %s object", type_name(OBJ_TYPE(v)));
        return -1;
    }
    Obj *it = obj_getiter(v);
    if (!it)
        return -1;
    Obj **items = xcalloc((size_t)t->n + 1, sizeof *items);
    int got = 0, rc = -1;
    for (; got < before; got++) {
        Obj *w = obj_iternext(it);
        if (!w) {
            if (!vm_err_occurred()) {
                if (star < 0)
                    vm_err_format(&exc_ValueError, "not enough values to unpack (expected %d, got %d)",
                                  before, got);
                else
                    vm_err_format(&exc_ValueError,
                                  "not enough values to unpack (expected at least %d, got %d)",
                                  before + after, got);
            }
            goto out;
        }
        items[got] = w;
    }
    if (star < 0) {
        Obj *w = obj_iternext(it);
        if (w) {
            DECREF(w);
            vm_err_format(&exc_ValueError, "too many values to unpack (expected %d)", before);
            goto out;
        }
        if (vm_err_occurred())
            goto out;
    } else {
        Obj *rest = seq_to_list(it);
        if (!rest)
            goto out;
        Ssize ll = LIST_LEN(rest);
        if (ll < after) {
            vm_err_format(&exc_ValueError, "not enough values to unpack (expected at least %d, got %zd)",
                          before + after, (Ssize)before + ll);
            DECREF(rest);
            goto out;
        }
        for (int j = 0; j < after; j++)
            items[star + 1 + j] = INCREF(LIST_ITEMS(rest)[ll - after + j]);
        if (after && list_set_slice(rest, ll - after, ll, NULL) < 0) {
            DECREF(rest);
            goto out;
        }
        items[star] = rest;
    }
    rc = 0;
    for (int i = 0; i < t->n && rc == 0; i++) {
        const ExprNode *k = t->kids[i]->kind == EK_STARRED ? t->kids[i]->kids[0] : t->kids[i];
        rc = bind_target(e, sc, k, items[i]);
    }
out:
    for (int i = 0; i < t->n; i++)
        XDECREF(items[i]);
    free(items);
    DECREF(it);
    return rc;
}

static int bind_target(Ev *e, Scope *sc, const ExprNode *t, Obj *v)
{
    if (t->kind == EK_NAME) {
        for (int i = 0; i < sc->comp->nvars; i++)
            if (!strcmp(sc->comp->vars[i], t->s)) {
                obj_setref(&sc->values[i], INCREF(v));
                return 0;
            }
        vm_err_set_str(&exc_SystemError, "comprehension target not in its scope");
        return -1;
    }
    return bind_unpack(e, sc, t, v);
}

/* A comprehension in progress: its scope and one iterator per clause. */
typedef struct CompRun {
    const ExprNode *node;
    Scope scope;
    Obj **iters;
    int level;           /* innermost clause with a live iterator; -1: done */
} CompRun;

/* Start: the first iterable is evaluated in the enclosing scope. */
static int comp_start(Ev *e, Scope *sc, const ExprNode *n, CompRun *r)
{
    const ExprComp *c = n->comp;
    memset(r, 0, sizeof *r);
    r->node = n;
    r->scope.up = sc;
    r->scope.comp = c;
    r->level = -1;
    Obj *first = ev(e, sc, c->clauses[0].iter);
    if (!first)
        return -1;
    Obj *it = obj_getiter(first);
    DECREF(first);
    if (!it)
        return -1;
    r->scope.values = xcalloc((size_t)c->nvars + 1, sizeof(Obj *));
    r->iters = xcalloc((size_t)c->nclauses, sizeof(Obj *));
    r->iters[0] = it;
    r->level = 0;
    return 0;
}

static void comp_clear(CompRun *r)
{
    if (r->iters)
        for (int i = 0; i < r->node->comp->nclauses; i++)
            CLEAR(r->iters[i]);
    if (r->scope.values)
        for (int i = 0; i < r->node->comp->nvars; i++)
            CLEAR(r->scope.values[i]);
    r->level = -1;
}

static void comp_free(CompRun *r)
{
    comp_clear(r);
    free(r->iters);
    free(r->scope.values);
    r->iters = NULL;
    r->scope.values = NULL;
}

/* The next element: 1 with *key (and *value for dicts) new, 0 when
 * exhausted, -1 with an exception. */
static int comp_next(Ev *e, CompRun *r, Obj **key, Obj **value)
{
    const ExprComp *c = r->node->comp;
    int lvl = r->level;
    while (lvl >= 0) {
        if (interrupted())
            return -1;
        Obj *item = obj_iternext(r->iters[lvl]);
        if (!item) {
            if (vm_err_occurred())
                return -1;
            CLEAR(r->iters[lvl]);
            r->level = --lvl;
            continue;
        }
        const ExprClause *cl = &c->clauses[lvl];
        int rc = bind_target(e, &r->scope, cl->target, item);
        DECREF(item);
        if (rc < 0)
            return -1;
        bool pass = true;
        for (int i = 0; i < cl->nifs && pass; i++) {
            Obj *t = ev(e, &r->scope, cl->ifs[i]);
            if (!t)
                return -1;
            int b = obj_is_true(t);
            DECREF(t);
            if (b < 0)
                return -1;
            pass = b;
        }
        if (!pass)
            continue;
        if (lvl + 1 < c->nclauses) {
            Obj *src = ev(e, &r->scope, c->clauses[lvl + 1].iter);
            if (!src)
                return -1;
            Obj *it = obj_getiter(src);
            DECREF(src);
            if (!it)
                return -1;
            r->iters[++lvl] = it;
            r->level = lvl;
            continue;
        }
        *key = ev(e, &r->scope, r->node->kids[0]);
        if (!*key)
            return -1;
        if (value) {
            *value = ev(e, &r->scope, r->node->kids[1]);
            if (!*value) {
                CLEAR(*key);
                return -1;
            }
        }
        return 1;
    }
    return 0;
}

/* List, set and dict comprehensions run to the end at once. */
static Obj *eval_comp_eager(Ev *e, Scope *sc, const ExprNode *n)
{
    CompRun r;
    if (comp_start(e, sc, n, &r) < 0)
        return NULL;
    Obj *res = n->op == ECK_LIST ? list_new(0) : n->op == ECK_SET ? set_new(NULL) : dict_new();
    if (!res)
        goto fail;
    for (;;) {
        Obj *k = NULL, *v = NULL;
        int got = comp_next(e, &r, &k, n->op == ECK_DICT ? &v : NULL);
        if (got < 0)
            goto fail;
        if (!got)
            break;
        int rc = n->op == ECK_LIST ? list_append(res, k)
               : n->op == ECK_SET ? set_add(res, k) : dict_set(res, k, v);
        DECREF(k);
        XDECREF(v);
        if (rc < 0)
            goto fail;
    }
    comp_free(&r);
    return res;
fail:
    XDECREF(res);
    comp_free(&r);
    return NULL;
}

/* A generator expression: the tree, the frame and the enclosing
 * comprehensions' values (copied when it was created) stay with it. */
typedef struct GenExprObj {
    Obj base;
    Ev ev;               /* frame, globals, builtins referenced; tree referenced */
    CompRun run;
    Scope *outer;        /* copies of the enclosing scopes (values referenced) */
    bool running;
} GenExprObj;

static int genexpr_traverse(Obj *o, VisitFn visit, void *arg)
{
    GenExprObj *g = (GenExprObj *)o;
    int r;
#define VISIT(x) do { if ((x) && (r = visit((Obj *)(x), arg))) return r; } while (0)
    VISIT(g->ev.frame);
    VISIT(g->ev.globals);
    VISIT(g->ev.builtins);
    if (g->run.node) {
        const ExprComp *c = g->run.node->comp;
        if (g->run.iters)
            for (int i = 0; i < c->nclauses; i++)
                VISIT(g->run.iters[i]);
        if (g->run.scope.values)
            for (int i = 0; i < c->nvars; i++)
                VISIT(g->run.scope.values[i]);
    }
    for (Scope *s = g->outer; s; s = s->up)
        for (int i = 0; i < s->comp->nvars; i++)
            VISIT(s->values[i]);
#undef VISIT
    return 0;
}

static int genexpr_clear(Obj *o)
{
    GenExprObj *g = (GenExprObj *)o;
    if (g->run.node)
        comp_clear(&g->run);
    for (Scope *s = g->outer; s; s = s->up)
        for (int i = 0; i < s->comp->nvars; i++)
            CLEAR(s->values[i]);
    Frame *f = g->ev.frame;
    g->ev.frame = NULL;
    XDECREF(f);
    CLEAR(g->ev.globals);
    CLEAR(g->ev.builtins);
    return 0;
}

static void genexpr_dealloc(Obj *o)
{
    GenExprObj *g = (GenExprObj *)o;
    gc_untrack(o);
    genexpr_clear(o);
    if (g->run.node)
        comp_free(&g->run);
    while (g->outer) {
        Scope *up = g->outer->up;
        free(g->outer->values);
        free(g->outer);
        g->outer = up;
    }
    expr_tree_unref(g->ev.tree);
    obj_free(o);
}

static Obj *genexpr_next(Obj *o)
{
    GenExprObj *g = (GenExprObj *)o;
    if (g->run.level < 0)
        return NULL;
    if (g->running) {
        vm_err_set_str(&exc_ValueError, "generator already executing");
        return NULL;
    }
    if (!g->ev.builtins) {
        g->run.level = -1;
        return NULL;
    }
    g->running = true;
    Obj *k = NULL;
    int got = comp_next(&g->ev, &g->run, &k, NULL);
    g->running = false;
    if (got <= 0) {
        /* Finished or raised: a generator that raised is exhausted. */
        comp_clear(&g->run);
        return NULL;
    }
    return k;
}

static Obj *genexpr_repr(Obj *o) { return str_from_fmt("<generator object <genexpr> at %p>", (void *)o); }

static TypeObj genexpr_type = {
    .base = TYPE_HEAD_INIT,
    .name = "generator",
    .basicsize = sizeof(GenExprObj),
    .flags = TPF_GC,
    .dealloc = genexpr_dealloc,
    .traverse = genexpr_traverse,
    .clear = genexpr_clear,
    .repr = genexpr_repr,
    .getattro = obj_generic_getattr,
    .iter = iter_self,
    .iternext = genexpr_next,
    .doc = "A generator expression evaluated by the debugger (pydbg's tree walker).",
};

static Obj *eval_genexpr(Ev *e, Scope *sc, const ExprNode *n)
{
    CompRun r;
    if (comp_start(e, sc, n, &r) < 0)
        return NULL;
    GenExprObj *g = (GenExprObj *)obj_alloc(&genexpr_type, 0);
    if (!g) {
        comp_free(&r);
        return NULL;
    }
    g->ev = *e;
    xincref((Obj *)g->ev.frame);
    xincref(g->ev.globals);
    xincref(g->ev.builtins);
    expr_tree_ref(g->ev.tree);
    /* Copy the enclosing comprehensions' current values. */
    Scope **tail = &g->outer;
    for (Scope *s = sc; s; s = s->up) {
        Scope *c = xcalloc(1, sizeof *c);
        c->comp = s->comp;
        c->values = xcalloc((size_t)s->comp->nvars + 1, sizeof(Obj *));
        for (int i = 0; i < s->comp->nvars; i++)
            c->values[i] = xincref(s->values[i]);
        *tail = c;
        tail = &c->up;
    }
    r.scope.up = g->outer;
    g->run = r;
    return (Obj *)g;
}

/* ---- calls --------------------------------------------------------------------------- */

/* list.extend(v) for `*v` in a display or call, with 3.12's message. */
static int extend_starred(Obj *list, Obj *v)
{
    if (list_extend(list, v) == 0)
        return 0;
    if (vm_err_matches(&exc_TypeError) && !vm_is_iterable_or_seq(v)) {
        vm_err_clear();
        vm_err_format(&exc_TypeError, "Value after * must be an iterable, not %s",
                      type_name(OBJ_TYPE(v)));
    }
    return -1;
}

static Obj *eval_call(Ev *e, Scope *sc, const ExprNode *n)
{
    Obj *func = ev(e, sc, n->kids[0]);
    if (!func)
        return NULL;
    int nargs = n->n - 1, npos = 0, nkw = 0, nstar = 0;
    bool dstar = false;
    ExprNode *const *a = n->kids + 1;
    for (int i = 0; i < nargs; i++) {
        if (a[i]->kind == EK_STARRED)
            nstar++;
        else if (a[i]->kind == EK_KEYWORD && a[i]->s)
            nkw++;
        else if (a[i]->kind == EK_KEYWORD)
            dstar = true;
        else
            npos++;
    }
    Obj *r = NULL;
    if (!nstar && !dstar) {
        /* The plain form: a vector and the keyword names. */
        Obj **argv = xcalloc((size_t)nargs + 1, sizeof *argv);
        Obj *kwnames = nkw ? tuple_new(nkw) : NULL;
        int got = 0;
        if (nkw && !kwnames)
            goto plain_out;
        for (; got < nargs; got++) {
            argv[got] = ev(e, sc, a[got]->kind == EK_KEYWORD ? a[got]->kids[0] : a[got]);
            if (!argv[got])
                goto plain_out;
            if (a[got]->kind == EK_KEYWORD) {
                Obj *k = name_obj(a[got]);
                if (!k)
                    goto plain_out;
                TUPLE_ITEMS(kwnames)[got - npos] = k;
            }
        }
        r = obj_call(func, argv, npos, kwnames);
    plain_out:
        for (int i = 0; i < got; i++)
            XDECREF(argv[i]);
        free(argv);
        XDECREF(kwnames);
        DECREF(func);
        return r;
    }
    /* Positional and starred arguments first (3.12 evaluates them before
     * any keyword), then the keyword dict; `f(*a)` alone passes a as is. */
    Obj *callargs = NULL, *kwargs = NULL;
    if (nstar == 1 && npos == 0) {
        for (int i = 0; i < nargs; i++)
            if (a[i]->kind == EK_STARRED)
                callargs = ev(e, sc, a[i]->kids[0]);
        if (!callargs)
            goto out;
    } else {
        callargs = list_new(0);
        if (!callargs)
            goto out;
        for (int i = 0; i < nargs; i++) {
            if (a[i]->kind == EK_KEYWORD)
                continue;
            Obj *v = ev(e, sc, a[i]->kind == EK_STARRED ? a[i]->kids[0] : a[i]);
            if (!v)
                goto out;
            int rc = a[i]->kind == EK_STARRED ? extend_starred(callargs, v) : list_append(callargs, v);
            DECREF(v);
            if (rc < 0)
                goto out;
        }
    }
    if (nkw || dstar) {
        kwargs = dict_new();
        if (!kwargs)
            goto out;
        for (int i = 0; i < nargs; i++) {
            if (a[i]->kind != EK_KEYWORD)
                continue;
            Obj *v = ev(e, sc, a[i]->kids[0]);
            if (!v)
                goto out;
            int rc;
            if (a[i]->s) {
                Obj *k = name_obj(a[i]);
                rc = -1;
                if (k) {
                    int has = dict_contains(kwargs, k);
                    if (has > 0) {
                        Obj *fs = vm_function_str(func);
                        if (fs) {
                            vm_err_format(&exc_TypeError,
                                          "%S got multiple values for keyword argument '%S'", fs, k);
                            DECREF(fs);
                        }
                    } else if (has == 0) {
                        rc = dict_set(kwargs, k, v);
                    }
                    DECREF(k);
                }
            } else {
                rc = vm_merge_kwargs(kwargs, v, func);
            }
            DECREF(v);
            if (rc < 0)
                goto out;
        }
    }
    r = vm_call_ex(func, callargs, kwargs);
out:
    XDECREF(callargs);
    XDECREF(kwargs);
    DECREF(func);
    return r;
}

/* ---- displays, f-strings, operators --------------------------------------------------- */

static Obj *eval_display(Ev *e, Scope *sc, const ExprNode *n)
{
    bool set = n->kind == EK_SET;
    Obj *acc = set ? set_new(NULL) : list_new(0);
    if (!acc)
        return NULL;
    for (int i = 0; i < n->n; i++) {
        bool star = n->kids[i]->kind == EK_STARRED;
        Obj *v = ev(e, sc, star ? n->kids[i]->kids[0] : n->kids[i]);
        if (!v)
            goto fail;
        int rc = set ? (star ? set_update(acc, v) : set_add(acc, v))
                     : (star ? extend_starred(acc, v) : list_append(acc, v));
        DECREF(v);
        if (rc < 0)
            goto fail;
    }
    if (n->kind == EK_TUPLE) {
        Obj *t = list_as_tuple(acc);
        DECREF(acc);
        return t;
    }
    return acc;
fail:
    DECREF(acc);
    return NULL;
}

static Obj *eval_dict(Ev *e, Scope *sc, const ExprNode *n)
{
    Obj *d = dict_new();
    if (!d)
        return NULL;
    for (int i = 0; i + 1 < n->n; i += 2) {
        if (!n->kids[i]) {
            Obj *m = ev(e, sc, n->kids[i + 1]);
            if (!m)
                goto fail;
            int rc = dict_merge(d, m, 0);
            if (rc < 0 && vm_err_matches(&exc_AttributeError)) {
                vm_err_clear();
                vm_err_format(&exc_TypeError, "'%s' object is not a mapping", type_name(OBJ_TYPE(m)));
            }
            DECREF(m);
            if (rc < 0)
                goto fail;
            continue;
        }
        Obj *k = ev(e, sc, n->kids[i]);
        if (!k)
            goto fail;
        Obj *v = ev(e, sc, n->kids[i + 1]);
        if (!v) {
            DECREF(k);
            goto fail;
        }
        int rc = dict_set(d, k, v);
        DECREF(k);
        DECREF(v);
        if (rc < 0)
            goto fail;
    }
    return d;
fail:
    DECREF(d);
    return NULL;
}

/* One replacement field: FORMAT_VALUE. */
static Obj *eval_field(Ev *e, Scope *sc, const ExprNode *n)
{
    Obj *v = ev(e, sc, n->kids[0]);
    if (!v)
        return NULL;
    if (n->op) {
        Obj *c = n->op == 's' ? obj_str(v) : n->op == 'r' ? obj_repr(v) : obj_ascii(v);
        DECREF(v);
        if (!c)
            return NULL;
        v = c;
    }
    Obj *spec = NULL;
    if (n->kids[1]) {
        spec = ev(e, sc, n->kids[1]);
        if (!spec) {
            DECREF(v);
            return NULL;
        }
    }
    Obj *r = IS_TYPE(v, str_type) && !spec ? INCREF(v) : obj_format(v, spec);
    DECREF(v);
    XDECREF(spec);
    return r;
}

static Obj *eval_fstring(Ev *e, Scope *sc, const ExprNode *n)
{
    if (!n->n)
        return str_from_cstr("");
    Obj **pieces = xcalloc((size_t)n->n, sizeof *pieces);
    Obj *r = NULL;
    int i;
    for (i = 0; i < n->n; i++) {
        const ExprNode *k = n->kids[i];
        pieces[i] = k->kind == EK_STR ? str_from_utf8(k->s, (Ssize)k->slen) : eval_field(e, sc, k);
        if (!pieces[i])
            goto out;
    }
    r = str_build(pieces, n->n);
out:
    for (int j = 0; j < i; j++)
        DECREF(pieces[j]);
    free(pieces);
    return r;
}

static Obj *compare(Obj *a, Obj *b, int op)
{
    switch (op) {
    case EC_IS: return bool_from(a == b);
    case EC_IS_NOT: return bool_from(a != b);
    case EC_IN: case EC_NOT_IN: {
        int r = obj_contains(b, a);
        if (r < 0)
            return NULL;
        return bool_from((r != 0) ^ (op == EC_NOT_IN));
    }
    default:
        return obj_richcompare(a, b, op);
    }
}

/* a < b < c …: each operand evaluated once; the first false result (or the
 * last result) is the value, as the compiled chain leaves it. */
static Obj *eval_compare(Ev *e, Scope *sc, const ExprNode *n)
{
    Obj *left = ev(e, sc, n->kids[0]);
    if (!left)
        return NULL;
    for (int i = 0; i + 1 < n->n; i++) {
        Obj *right = ev(e, sc, n->kids[i + 1]);
        if (!right) {
            DECREF(left);
            return NULL;
        }
        Obj *r = compare(left, right, n->ops[i]);
        DECREF(left);
        if (!r || i + 2 == n->n) {
            DECREF(right);
            return r;
        }
        int t = obj_is_true(r);
        if (t <= 0) {
            DECREF(right);
            if (t < 0)
                CLEAR(r);
            return r;
        }
        DECREF(r);
        left = right;
    }
    return left;   /* not reached: a comparison has an operator */
}

static Obj *eval_history(Ev *e, const ExprNode *n)
{
    long k = n->num;
    Obj *v = e->history ? e->history(e->ud, k) : NULL;
    if (v)
        return INCREF(v);
    if (k > 0)
        vm_err_format(&exc_LookupError, "History has not yet reached $%ld.", k);
    else
        vm_err_format(&exc_LookupError, "History is empty%s.",
                      k == 0 ? "" : " or too short for $$");
    return NULL;
}

static Obj *ev(Ev *e, Scope *sc, const ExprNode *n)
{
    switch (n->kind) {
    case EK_NAME: return load_name(e, sc, n);
    case EK_INT: case EK_FLOAT: case EK_IMAG: case EK_STR: case EK_BYTES:
        return literal(e, n);
    case EK_FSTR: return eval_fstring(e, sc, n);
    case EK_FIELD: return eval_field(e, sc, n);
    case EK_CONST:
        return INCREF(n->op == EC_NONE ? NONE : n->op == EC_TRUE ? TRUE_
                      : n->op == EC_FALSE ? FALSE_ : ELLIPSIS);
    case EK_HISTORY: return eval_history(e, n);
    case EK_TUPLE: case EK_LIST: case EK_SET: return eval_display(e, sc, n);
    case EK_DICT: return eval_dict(e, sc, n);
    case EK_ATTR: {
        Obj *o = ev(e, sc, n->kids[0]);
        if (!o)
            return NULL;
        Obj *name = name_obj(n);
        Obj *r = name ? obj_getattr(o, name) : NULL;
        XDECREF(name);
        DECREF(o);
        return r;
    }
    case EK_SUBSCR: {
        Obj *o = ev(e, sc, n->kids[0]);
        if (!o)
            return NULL;
        Obj *k = ev(e, sc, n->kids[1]);
        Obj *r = k ? obj_getitem(o, k) : NULL;
        XDECREF(k);
        DECREF(o);
        return r;
    }
    case EK_SLICE: {
        Obj *p[3] = {NULL, NULL, NULL};
        for (int i = 0; i < 3; i++)
            if (n->kids[i] && !(p[i] = ev(e, sc, n->kids[i]))) {
                for (int j = 0; j < i; j++)
                    XDECREF(p[j]);
                return NULL;
            }
        Obj *r = slice_new(p[0], p[1], p[2]);
        for (int i = 0; i < 3; i++)
            XDECREF(p[i]);
        return r;
    }
    case EK_CALL: return eval_call(e, sc, n);
    case EK_UNARY: {
        Obj *v = ev(e, sc, n->kids[0]);
        if (!v)
            return NULL;
        Obj *r = num_unary(v, n->op);
        DECREF(v);
        return r;
    }
    case EK_NOT: {
        Obj *v = ev(e, sc, n->kids[0]);
        if (!v)
            return NULL;
        int t = obj_is_true(v);
        DECREF(v);
        return t < 0 ? NULL : bool_from(!t);
    }
    case EK_BINARY: {
        Obj *a = ev(e, sc, n->kids[0]);
        if (!a)
            return NULL;
        Obj *b = ev(e, sc, n->kids[1]);
        Obj *r = b ? num_binary(a, b, n->op) : NULL;
        DECREF(a);
        XDECREF(b);
        return r;
    }
    case EK_BOOLOP: {
        Obj *v = NULL;
        for (int i = 0; i < n->n; i++) {
            v = ev(e, sc, n->kids[i]);
            if (!v || i + 1 == n->n)
                return v;
            int t = obj_is_true(v);
            if (t < 0) {
                DECREF(v);
                return NULL;
            }
            if ((n->op == EB_OR) == (t != 0))
                return v;
            DECREF(v);
        }
        return v;
    }
    case EK_COMPARE: return eval_compare(e, sc, n);
    case EK_IFEXP: {
        Obj *t = ev(e, sc, n->kids[1]);
        if (!t)
            return NULL;
        int b = obj_is_true(t);
        DECREF(t);
        if (b < 0)
            return NULL;
        return ev(e, sc, n->kids[b ? 0 : 2]);
    }
    case EK_COMP:
        return n->op == ECK_GEN ? eval_genexpr(e, sc, n) : eval_comp_eager(e, sc, n);
    default:
        vm_err_format(&exc_SystemError, "pydbg: expression node %d out of place", n->kind);
        return NULL;
    }
}

/* ---- entry points ---------------------------------------------------------------------- */

/* The pending exception as "TYPE: message" (cleared); the type named as a
 * traceback's last line names it. */
static void report_exception(SBuf *err)
{
    Obj *exc = vm_err_fetch();
    sbuf_reset(err);
    if (!exc) {
        sbuf_puts(err, "SystemError: error return without exception set");
        return;
    }
    TypeObj *t = OBJ_TYPE(exc);
    Obj *mod = NULL, *qual = NULL;
    if (obj_lookup_attr((Obj *)t, id_str("__module__"), &mod) < 0)
        vm_err_clear();
    if (obj_lookup_attr((Obj *)t, id_str("__qualname__"), &qual) < 0)
        vm_err_clear();
    if (mod && STR_CHECK(mod) && !str_eq_cstr(mod, "builtins") && !str_eq_cstr(mod, "__main__"))
        sbuf_printf(err, "%s.", str_utf8_lossy(mod, NULL));
    sbuf_puts(err, qual && STR_CHECK(qual) ? str_utf8_lossy(qual, NULL) : type_name(t));
    XDECREF(mod);
    XDECREF(qual);
    Obj *s = obj_str(exc);
    if (!s) {
        vm_err_clear();
        sbuf_puts(err, ": <exception str() failed>");
    } else {
        Ssize n;
        const char *m = str_utf8_lossy(s, &n);
        if (n) {
            sbuf_puts(err, ": ");
            for (Ssize i = 0; i < n; i++)
                sbuf_putc(err, m[i] == '\n' ? ' ' : m[i]);
        }
        DECREF(s);
    }
    DECREF(exc);
}

static int ready(SBuf *err)
{
    if (!vm || !vm->builtins) {
        sbuf_reset(err);
        sbuf_puts(err, "no program is running");
        return -1;
    }
    if (!(genexpr_type.flags & TPF_READY) && type_ready(&genexpr_type) < 0) {
        report_exception(err);
        return -1;
    }
    return 0;
}

static void ev_init(Ev *e, const ExprEnv *env, ExprTree *t)
{
    memset(e, 0, sizeof *e);
    e->frame = env ? env->frame : NULL;
    e->globals = e->frame ? e->frame->globals : NULL;
    e->builtins = e->frame ? e->frame->builtins : vm->builtins;
    if (env) {
        e->history = env->history;
        e->ud = env->ud;
    }
    e->tree = t;
}

ExprCode *expr_compile(const char *src, SBuf *err)
{
    return (ExprCode *)expr_parse(src, err);
}

void expr_code_free(ExprCode *c)
{
    if (c)
        expr_tree_unref((ExprTree *)c);
}

Obj *expr_run(const ExprEnv *env, ExprCode *c, SBuf *err)
{
    ExprTree *t = (ExprTree *)c;
    if (ready(err) < 0)
        return NULL;
    Obj *pending = vm_err_fetch();   /* the debugger may stop with one pending */
    Ev e;
    ev_init(&e, env, t);
    Obj *r = ev(&e, NULL, t->root);
    if (!r)
        report_exception(err);
    else
        vm_err_clear();
    if (pending)
        vm_err_restore(pending);
    return r;
}

Obj *expr_constant(ExprTree *t, const ExprNode *n)
{
    if (n->kind == EK_CONST)
        return INCREF(n->op == EC_NONE ? NONE : n->op == EC_TRUE ? TRUE_
                      : n->op == EC_FALSE ? FALSE_ : ELLIPSIS);
    Ev e;
    memset(&e, 0, sizeof e);
    e.tree = t;
    return literal(&e, n);
}

Obj *expr_run_tree(ExprTree *t, Frame *f)
{
    if (!(genexpr_type.flags & TPF_READY) && type_ready(&genexpr_type) < 0)
        return NULL;
    ExprEnv env = {f, NULL, NULL};
    Ev e;
    ev_init(&e, &env, t);
    return ev(&e, NULL, t->root);
}

Obj *expr_eval(const ExprEnv *env, const char *src, SBuf *err)
{
    ExprCode *c = expr_compile(src, err);
    if (!c)
        return NULL;
    Obj *r = expr_run(env, c, err);
    expr_code_free(c);
    return r;
}

int expr_assign(const ExprEnv *env, const char *target, const char *value, SBuf *err)
{
    ExprTree *tt = expr_parse(target, err);
    if (!tt)
        return -1;
    const ExprNode *tn = tt->root;
    if (tn->kind != EK_NAME && tn->kind != EK_ATTR && tn->kind != EK_SUBSCR) {
        sbuf_reset(err);
        sbuf_printf(err, "syntax error at column %d: cannot assign to %s", expr_column(tt, tn),
                    tn->kind == EK_CALL ? "function call" : tn->kind == EK_CONST ? "a constant"
                    : tn->kind == EK_TUPLE ? "a tuple (one target at a time)" : "expression");
        expr_tree_unref(tt);
        return -1;
    }
    ExprTree *vt = expr_parse(value, err);
    if (!vt) {
        expr_tree_unref(tt);
        return -1;
    }
    if (ready(err) < 0) {
        expr_tree_unref(tt);
        expr_tree_unref(vt);
        return -1;
    }
    Obj *pending = vm_err_fetch();
    Ev e;
    ev_init(&e, env, vt);
    int rc = -1;
    /* As `TARGET = VALUE` runs: the value first, then the target's parts. */
    Obj *v = ev(&e, NULL, vt->root);
    if (v) {
        e.tree = tt;
        if (tn->kind == EK_NAME) {
            rc = store_name(&e, tn, v);
        } else {
            Obj *o = ev(&e, NULL, tn->kids[0]);
            if (o) {
                if (tn->kind == EK_ATTR) {
                    Obj *name = name_obj(tn);
                    rc = name ? obj_setattr(o, name, v) : -1;
                    XDECREF(name);
                } else {
                    Obj *k = ev(&e, NULL, tn->kids[1]);
                    rc = k ? obj_setitem(o, k, v) : -1;
                    XDECREF(k);
                }
                DECREF(o);
            }
        }
        DECREF(v);
    }
    if (rc < 0)
        report_exception(err);
    else
        vm_err_clear();
    if (pending)
        vm_err_restore(pending);
    expr_tree_unref(tt);
    expr_tree_unref(vt);
    return rc;
}
