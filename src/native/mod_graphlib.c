/* mod_graphlib.c — the `graphlib` module of CPython 3.12, natively.
 *
 * TopologicalSorter is a heap class whose state lives in the instance
 * attributes graphlib.py uses (_node2info: node → _NodeInfo in insertion
 * order, _ready_nodes, _npassedout, _nfinished), and whose methods take the
 * library's steps in its order: ready nodes are listed in the order nodes
 * were first mentioned, a node's successors in the order the edges were
 * added, and the cycle search walks nodes and successors in that same
 * order, so get_ready() groups, static_order() and the cycle a CycleError
 * carries are CPython's.  static_order() is lazy like the generator it is
 * in CPython (prepare() runs at the first next(), done() for a group when
 * the iterator is resumed after its last node).  Exceptions carry the
 * graphlib.py frames CPython's tracebacks show (tbframe.h).
 */
#include "config.h"

#include <stddef.h>

#include "src/native/modhelp.h"
#include "src/native/tbframe.h"

#define NODE_OUT (-1)
#define NODE_DONE (-2)

static Obj *cls_cycle_error, *cls_sorter;

/* ---- the frames CPython's tracebacks show (tbframe.h): lines of 3.12's graphlib.py ------- */
enum {
    TB_INIT_ITEMS, TB_INIT_ADD, TB_NODEINFO, TB_ADD_PREPARED, TB_ADD_NODE, TB_ADD_PRED, TB_PREPARE_TWICE, TB_PREPARE_CYCLE, TB_GET_READY, TB_IS_ACTIVE, TB_BOOL, TB_DONE_PREPARE, TB_DONE_NOT_ADDED, TB_DONE_NOT_READY, TB_DONE_TWICE, TB_STATIC_PREPARE, TB__COUNT
};
static const TbLine tb_lines[TB__COUNT] = {
{"__init__", "TopologicalSorter.__init__", 44, 51, "            for node, predecessors in graph.items():", "graph.items"},
    {"__init__", "TopologicalSorter.__init__", 44, 52, "                self.add(node, *predecessors)", NULL},
    {"_get_nodeinfo", "TopologicalSorter._get_nodeinfo", 54, 55, "        if (result := self._node2info.get(node)) is None:", "self._node2info.get(node)"},
    {"add", "TopologicalSorter.add", 59, 75, "            raise ValueError(\"Nodes cannot be added after a call to prepare()\")", NULL},
    {"add", "TopologicalSorter.add", 59, 78, "        nodeinfo = self._get_nodeinfo(node)", "self._get_nodeinfo(node)"},
    {"add", "TopologicalSorter.add", 59, 83, "            pred_info = self._get_nodeinfo(pred)", "self._get_nodeinfo(pred)"},
    {"prepare", "TopologicalSorter.prepare", 86, 95, "            raise ValueError(\"cannot prepare() more than once\")", NULL},
    {"prepare", "TopologicalSorter.prepare", 86, 106, "            raise CycleError(f\"nodes are in a cycle\", cycle)", NULL},
    {"get_ready", "TopologicalSorter.get_ready", 108, 119, "            raise ValueError(\"prepare() must be called first\")", NULL},
    {"is_active", "TopologicalSorter.is_active", 134, 145, "            raise ValueError(\"prepare() must be called first\")", NULL},
    {"__bool__", "TopologicalSorter.__bool__", 148, 149, "        return self.is_active()", "self.is_active()"},
    {"done", "TopologicalSorter.done", 151, 164, "            raise ValueError(\"prepare() must be called first\")", NULL},
    {"done", "TopologicalSorter.done", 151, 172, "                raise ValueError(f\"node {node!r} was not added using add()\")", NULL},
    {"done", "TopologicalSorter.done", 151, 178, "                    raise ValueError(", NULL},
    {"done", "TopologicalSorter.done", 151, 182, "                    raise ValueError(f\"node {node!r} was already marked done\")", NULL},
    {"static_order", "TopologicalSorter.static_order", 235, 244, "        self.prepare()", NULL},
};
static TbFile tb_file = {"graphlib.py", tb_lines, TB__COUNT, NULL};

/* The pending exception leaves graphlib.py at entry `which`. */
static void tb_push(int which) { tbframe_push(&tb_file, which); }

/* ---- _NodeInfo ------------------------------------------------------------------- */

typedef struct NodeInfo {
    Obj base;
    Obj *node;
    Ssize npred;
    Obj *successors;     /* list */
} NodeInfo;

static TypeObj nodeinfo_type;

static void ni_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((NodeInfo *)o)->node);
    CLEAR(((NodeInfo *)o)->successors);
    obj_free(o);
}

static int ni_traverse(Obj *o, VisitFn visit, void *arg)
{
    NodeInfo *n = (NodeInfo *)o;
    int r = n->node ? visit(n->node, arg) : 0;
    return r ? r : n->successors ? visit(n->successors, arg) : 0;
}

static int ni_clear(Obj *o)
{
    CLEAR(((NodeInfo *)o)->node);
    CLEAR(((NodeInfo *)o)->successors);
    return 0;
}

static Obj *ni_get_node(Obj *o, void *c)
{
    (void)c;
    return INCREF(((NodeInfo *)o)->node);
}

static Obj *ni_get_npred(Obj *o, void *c)
{
    (void)c;
    return int_from_i64(((NodeInfo *)o)->npred);
}

static Obj *ni_get_succ(Obj *o, void *c)
{
    (void)c;
    return INCREF(((NodeInfo *)o)->successors);
}

static GetSetDef ni_getset[] = {
    {"node", ni_get_node, NULL, NULL, NULL},
    {"npredecessors", ni_get_npred, NULL, NULL, NULL},
    {"successors", ni_get_succ, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj nodeinfo_type = {
    .base = TYPE_HEAD_INIT, .name = "graphlib._NodeInfo", .basicsize = sizeof(NodeInfo),
    .flags = TPF_GC, .dealloc = ni_dealloc, .getattro = obj_generic_getattr,
    .traverse = ni_traverse, .clear = ni_clear, .getset = ni_getset,
};

static NodeInfo *ni_new(Obj *node)
{
    Obj *succ = list_new(0);
    NodeInfo *n = succ ? (NodeInfo *)obj_alloc(&nodeinfo_type, 0) : NULL;
    if (!n) {
        XDECREF(succ);
        return NULL;
    }
    n->node = INCREF(node);
    n->successors = succ;
    return n;
}

/* ---- state ---------------------------------------------------------------------------- */

static Obj *getattr_c(Obj *o, const char *name) { return obj_getattr(o, id_str(name)); }

static int setattr_c(Obj *o, const char *name, Obj *v) { return obj_setattr(o, id_str(name), v); }

static int set_int(Obj *o, const char *name, Ssize v)
{
    Obj *i = int_from_i64(v);
    int r = i ? setattr_c(o, name, i) : -1;
    XDECREF(i);
    return r;
}

/* self.NAME as a C size, -1 with an exception. */
static Ssize get_int(Obj *o, const char *name)
{
    Obj *v = getattr_c(o, name);
    if (!v) return -1;
    Ssize r = mh_as_ssize(v);
    DECREF(v);
    return r;
}

static Obj *node2info(Obj *self)
{
    Obj *d = getattr_c(self, "_node2info");
    if (d && !DICT_CHECK(d)) {
        vm_err_set_str(&exc_TypeError, "_node2info must be a dict");
        CLEAR(d);
    }
    return d;
}

/* self._ready_nodes; NULL with ValueError "prepare() must be called first"
 * when None, raised at traceback entry `which`. */
static Obj *ready_nodes(Obj *self, int which)
{
    Obj *r = getattr_c(self, "_ready_nodes");
    if (r == NONE) {
        DECREF(r);
        vm_err_set_str(&exc_ValueError, "prepare() must be called first");
        tb_push(which);
        return NULL;
    }
    return r;
}

/* _get_nodeinfo: BORROWED from the dict */
static NodeInfo *get_nodeinfo(Obj *n2i, Obj *node)
{
    Obj *r = dict_get_borrow(n2i, node);
    if (r) return (NodeInfo *)r;
    if (vm_err_occurred()) {
        tb_push(TB_NODEINFO);
        return NULL;
    }
    NodeInfo *n = ni_new(node);
    if (!n) return NULL;
    int rc = dict_set(n2i, node, (Obj *)n);
    DECREF(n);
    return rc < 0 ? NULL : n;
}

/* ---- TopologicalSorter -------------------------------------------------------------------- */

static int do_add(Obj *self, Obj *node, Obj *const *preds, Ssize npreds)
{
    Obj *ready = getattr_c(self, "_ready_nodes");
    if (!ready) return -1;
    bool prepared = ready != NONE;
    DECREF(ready);
    if (prepared) {
        vm_err_set_str(&exc_ValueError, "Nodes cannot be added after a call to prepare()");
        tb_push(TB_ADD_PREPARED);
        return -1;
    }
    Obj *n2i = node2info(self);
    if (!n2i) return -1;
    NodeInfo *info = get_nodeinfo(n2i, node);
    if (!info) {
        tb_push(TB_ADD_NODE);
        goto fail;
    }
    INCREF(info);
    info->npred += npreds;
    for (Ssize i = 0; i < npreds; i++) {
        NodeInfo *p = get_nodeinfo(n2i, preds[i]);
        if (!p) tb_push(TB_ADD_PRED);
        if (!p || list_append(p->successors, node) < 0) {
            DECREF(info);
            goto fail;
        }
    }
    DECREF(info);
    DECREF(n2i);
    return 0;
fail:
    DECREF(n2i);
    return -1;
}

static Obj *ts_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"graph"};
    Obj *v[1];
    if (mh_bind_m("TopologicalSorter.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *d = dict_new();
    int r = d ? setattr_c(self, "_node2info", d) : -1;
    XDECREF(d);
    if (r < 0 || setattr_c(self, "_ready_nodes", NONE) < 0 || set_int(self, "_npassedout", 0) < 0 ||
        set_int(self, "_nfinished", 0) < 0)
        return NULL;
    if (!v[0] || v[0] == NONE) return INCREF(NONE);
    Obj *items = obj_call_method(v[0], "items", NULL, 0);
    Obj *it = items ? obj_getiter(items) : NULL;
    XDECREF(items);
    if (!it) {
        tb_push(TB_INIT_ITEMS);
        return NULL;
    }
    Obj *add = getattr_c(self, "add");
    Obj *pair;
    while (add && (pair = obj_iternext(it))) {
        Obj *t = seq_to_tuple(pair);
        DECREF(pair);
        if (t && TUPLE_LEN(t) != 2) {
            vm_err_format(&exc_ValueError, TUPLE_LEN(t) < 2 ? "not enough values to unpack (expected 2, got %zd)"
                                                            : "too many values to unpack (expected 2)",
                          TUPLE_LEN(t));
            CLEAR(t);
        }
        if (!t) break;
        Obj *call = NULL;
        if (!vm_is_iterable_or_seq(TUPLE_ITEMS(t)[1])) {
            vm_err_format(&exc_TypeError, "Value after * must be an iterable, not %s",
                          type_name(OBJ_TYPE(TUPLE_ITEMS(t)[1])));
        } else {
            Obj *l = list_from_array(TUPLE_ITEMS(t), 1);
            if (l && list_extend(l, TUPLE_ITEMS(t)[1]) == 0) call = list_as_tuple(l);
            XDECREF(l);
        }
        DECREF(t);
        Obj *r = call ? obj_call(add, TUPLE_ITEMS(call), TUPLE_LEN(call), NULL) : NULL;
        XDECREF(call);
        if (!r) {
            tb_push(TB_INIT_ADD);
            break;
        }
        DECREF(r);
    }
    XDECREF(add);
    DECREF(it);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *ts_add(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_nkw(kw)) {
        vm_err_format(&exc_TypeError, "TopologicalSorter.add() got an unexpected keyword argument '%S'",
                      TUPLE_ITEMS(kw)[0]);
        return NULL;
    }
    if (nargs < 1) {
        Obj *nm = str_from_cstr("node");
        if (nm) args_err_missing("TopologicalSorter.add", &nm, 1, false);
        XDECREF(nm);
        return NULL;
    }
    return do_add(self, args[0], args + 1, nargs - 1) < 0 ? NULL : INCREF(NONE);
}

/* _find_cycle: the cycle as a list, NONE when there is none. */
static Obj *find_cycle(Obj *n2i)
{
    Obj *stack = list_new(0), *itstack = list_new(0), *seen = set_new(NULL), *stacki = dict_new();
    Obj *result = NULL;
    Obj *nodes = dict_keys_list(n2i);
    if (!stack || !itstack || !seen || !stacki || !nodes) goto done;
    for (Ssize k = 0; k < LIST_LEN(nodes); k++) {
        Obj *node = INCREF(LIST_ITEMS(nodes)[k]);
        int s = set_contains(seen, node);
        if (s) {
            DECREF(node);
            if (s < 0) goto done;
            continue;
        }
        for (;;) {
            s = set_contains(seen, node);
            if (s < 0) {
                DECREF(node);
                goto done;
            }
            if (s) {
                Obj *i = dict_get_borrow(stacki, node);
                if (i) {
                    Ssize at = mh_as_ssize(i);
                    result = list_slice(stack, at, LIST_LEN(stack));
                    if (result && list_append(result, node) < 0) CLEAR(result);
                    DECREF(node);
                    goto done;
                }
                if (vm_err_occurred()) {
                    DECREF(node);
                    goto done;
                }
            } else {
                NodeInfo *info = (NodeInfo *)dict_get_borrow(n2i, node);
                Obj *it = info ? obj_getiter(info->successors) : NULL;
                Obj *pos = int_from_i64(LIST_LEN(stack));
                if (!info && !vm_err_occurred()) vm_err_set_key(node);
                int rc = it && pos && set_add(seen, node) == 0 && list_append(itstack, it) == 0 &&
                                 dict_set(stacki, node, pos) == 0 && list_append(stack, node) == 0
                             ? 0
                             : -1;
                XDECREF(it);
                XDECREF(pos);
                if (rc < 0) {
                    DECREF(node);
                    goto done;
                }
            }
            DECREF(node);
            node = NULL;
            while (LIST_LEN(stack)) {
                Obj *it = LIST_ITEMS(itstack)[LIST_LEN(itstack) - 1];
                node = obj_iternext(it);
                if (node) break;
                if (vm_err_occurred()) goto done;
                Ssize top = LIST_LEN(stack) - 1;
                Obj *popped = INCREF(LIST_ITEMS(stack)[top]);
                int rc = list_set_slice(stack, top, top + 1, NULL);
                if (rc == 0) rc = dict_del(stacki, popped);
                DECREF(popped);
                if (rc == 0) rc = list_set_slice(itstack, top, top + 1, NULL);
                if (rc < 0) goto done;
            }
            if (!node) break;
        }
    }
    result = INCREF(NONE);
done:
    XDECREF(stack);
    XDECREF(itstack);
    XDECREF(seen);
    XDECREF(stacki);
    XDECREF(nodes);
    return result;
}

static int do_prepare(Obj *self)
{
    Obj *ready = getattr_c(self, "_ready_nodes");
    if (!ready) return -1;
    bool prepared = ready != NONE;
    DECREF(ready);
    if (prepared) {
        vm_err_set_str(&exc_ValueError, "cannot prepare() more than once");
        tb_push(TB_PREPARE_TWICE);
        return -1;
    }
    Obj *n2i = node2info(self);
    if (!n2i) return -1;
    Obj *l = list_new(0);
    Ssize pos = 0;
    Obj *k, *v;
    while (l && dict_next(n2i, &pos, &k, &v)) {
        NodeInfo *info = (NodeInfo *)v;
        if (info->npred == 0 && list_append(l, info->node) < 0) CLEAR(l);
    }
    int r = l ? setattr_c(self, "_ready_nodes", l) : -1;
    XDECREF(l);
    Obj *cycle = r == 0 ? find_cycle(n2i) : NULL;
    DECREF(n2i);
    if (!cycle) return -1;
    if (cycle == NONE) {
        DECREF(cycle);
        return 0;
    }
    Obj *msg = str_from_cstr("nodes are in a cycle");
    Obj *a[2] = {msg, cycle};
    Obj *e = msg ? obj_call(cls_cycle_error, a, 2, NULL) : NULL;
    XDECREF(msg);
    DECREF(cycle);
    if (e) {
        vm_err_raise(e, NULL);
        DECREF(e);
        tb_push(TB_PREPARE_CYCLE);
    }
    return -1;
}

static Obj *ts_prepare(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return do_prepare(self) < 0 ? NULL : INCREF(NONE);
}

static Obj *do_get_ready(Obj *self)
{
    Obj *ready = ready_nodes(self, TB_GET_READY);
    if (!ready) return NULL;
    Obj *result = seq_to_tuple(ready);
    Obj *n2i = result ? node2info(self) : NULL;
    if (!n2i) {
        XDECREF(result);
        DECREF(ready);
        return NULL;
    }
    for (Ssize i = 0; i < TUPLE_LEN(result); i++) {
        Obj *info = dict_get_borrow(n2i, TUPLE_ITEMS(result)[i]);
        if (!info) {
            if (!vm_err_occurred()) vm_err_set_key(TUPLE_ITEMS(result)[i]);
            goto fail;
        }
        ((NodeInfo *)info)->npred = NODE_OUT;
    }
    Obj *r = obj_call_method(ready, "clear", NULL, 0);
    if (!r) goto fail;
    DECREF(r);
    Ssize out = get_int(self, "_npassedout");
    if (out < 0 && vm_err_occurred()) goto fail;
    if (set_int(self, "_npassedout", out + TUPLE_LEN(result)) < 0) goto fail;
    DECREF(n2i);
    DECREF(ready);
    return result;
fail:
    DECREF(n2i);
    DECREF(ready);
    DECREF(result);
    return NULL;
}

static Obj *ts_get_ready(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return do_get_ready(self);
}

/* 1/0, -1 with an exception */
static int do_is_active(Obj *self)
{
    Obj *ready = ready_nodes(self, TB_IS_ACTIVE);
    if (!ready) return -1;
    Ssize fin = get_int(self, "_nfinished");
    Ssize out = fin < 0 && vm_err_occurred() ? -1 : get_int(self, "_npassedout");
    if (vm_err_occurred()) {
        DECREF(ready);
        return -1;
    }
    if (fin < out) {
        DECREF(ready);
        return 1;
    }
    int t = obj_is_true(ready);
    DECREF(ready);
    return t;
}

static Obj *ts_is_active(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    int r = do_is_active(self);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *ts_bool(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *r = obj_call_method(self, "is_active", NULL, 0);
    if (!r) tb_push(TB_BOOL);
    return r;
}

static int do_done(Obj *self, Obj *const *nodes, Ssize n)
{
    Obj *ready = ready_nodes(self, TB_DONE_PREPARE);
    if (!ready) return -1;
    Obj *n2i = node2info(self);
    if (!n2i) {
        DECREF(ready);
        return -1;
    }
    int rc = -1;
    for (Ssize i = 0; i < n; i++) {
        Obj *node = nodes[i];
        NodeInfo *info = (NodeInfo *)dict_get_borrow(n2i, node);
        if (!info) {
            if (!vm_err_occurred()) vm_err_format(&exc_ValueError, "node %R was not added using add()", node);
            tb_push(TB_DONE_NOT_ADDED);
            goto done;
        }
        if (info->npred != NODE_OUT) {
            if (info->npred >= 0) {
                vm_err_format(&exc_ValueError, "node %R was not passed out (still not ready)", node);
                tb_push(TB_DONE_NOT_READY);
            } else if (info->npred == NODE_DONE) {
                vm_err_format(&exc_ValueError, "node %R was already marked done", node);
                tb_push(TB_DONE_TWICE);
            } else {
                vm_err_format(&exc_AssertionError, "node %R: unknown status %zd", node, info->npred);
            }
            goto done;
        }
        info->npred = NODE_DONE;
        Obj *succ = INCREF(info->successors);
        for (Ssize j = 0; j < LIST_LEN(succ); j++) {
            Obj *s = LIST_ITEMS(succ)[j];
            NodeInfo *si = (NodeInfo *)dict_get_borrow(n2i, s);
            if (!si) {
                if (!vm_err_occurred()) vm_err_set_key(s);
                DECREF(succ);
                goto done;
            }
            si->npred -= 1;
            if (si->npred == 0) {
                Obj *r = obj_call_method(ready, "append", &s, 1);
                if (!r) {
                    DECREF(succ);
                    goto done;
                }
                DECREF(r);
            }
        }
        DECREF(succ);
        Ssize fin = get_int(self, "_nfinished");
        if ((fin < 0 && vm_err_occurred()) || set_int(self, "_nfinished", fin + 1) < 0) goto done;
    }
    rc = 0;
done:
    DECREF(n2i);
    DECREF(ready);
    return rc;
}

static Obj *ts_done(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_nkw(kw)) {
        vm_err_format(&exc_TypeError, "TopologicalSorter.done() got an unexpected keyword argument '%S'",
                      TUPLE_ITEMS(kw)[0]);
        return NULL;
    }
    return do_done(self, args, nargs) < 0 ? NULL : INCREF(NONE);
}

/* ---- static_order(): a lazy iterator standing for the generator ----------------------------- */

typedef struct OrderIter {
    Obj base;
    Obj *sorter;
    Obj *group;          /* the tuple being yielded, NULL between groups */
    Ssize index;
    bool started, finished;
} OrderIter;

static void oi_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((OrderIter *)o)->sorter);
    CLEAR(((OrderIter *)o)->group);
    obj_free(o);
}

static int oi_traverse(Obj *o, VisitFn visit, void *arg)
{
    OrderIter *it = (OrderIter *)o;
    int r = it->sorter ? visit(it->sorter, arg) : 0;
    return r ? r : it->group ? visit(it->group, arg) : 0;
}

static Obj *oi_finish(OrderIter *it)
{
    it->finished = true;
    CLEAR(it->group);
    CLEAR(it->sorter);
    return NULL;
}

static Obj *oi_next(Obj *o)
{
    OrderIter *it = (OrderIter *)o;
    if (it->finished) return NULL;
    if (!it->started) {
        it->started = true;
        Obj *r = obj_call_method(it->sorter, "prepare", NULL, 0);
        if (!r) {
            tb_push(TB_STATIC_PREPARE);
            return oi_finish(it);
        }
        DECREF(r);
    }
    for (;;) {
        if (it->group && it->index < TUPLE_LEN(it->group)) return INCREF(TUPLE_ITEMS(it->group)[it->index++]);
        if (it->group) {
            Obj *g = it->group;
            it->group = NULL;
            Obj *done = obj_getattr(it->sorter, id_str("done"));
            Obj *r = done ? obj_call(done, TUPLE_ITEMS(g), TUPLE_LEN(g), NULL) : NULL;
            XDECREF(done);
            DECREF(g);
            if (!r) return oi_finish(it);
            DECREF(r);
        }
        Obj *act = obj_call_method(it->sorter, "is_active", NULL, 0);
        int t = act ? obj_is_true(act) : -1;
        XDECREF(act);
        if (t <= 0) return oi_finish(it);
        Obj *g = obj_call_method(it->sorter, "get_ready", NULL, 0);
        if (!g) return oi_finish(it);
        if (!TUPLE_CHECK(g)) {
            Obj *t2 = seq_to_tuple(g);
            DECREF(g);
            if (!t2) return oi_finish(it);
            g = t2;
        }
        it->group = g;
        it->index = 0;
    }
}

static Obj *oi_repr(Obj *o)
{
    return str_from_fmt("<generator object TopologicalSorter.static_order at %p>", (void *)o);
}

static TypeObj orderiter_type = {
    .base = TYPE_HEAD_INIT, .name = "generator", .basicsize = sizeof(OrderIter),
    .flags = TPF_GC, .dealloc = oi_dealloc, .repr = oi_repr, .getattro = obj_generic_getattr,
    .iter = iter_self, .iternext = oi_next, .traverse = oi_traverse,
};

static Obj *ts_static_order(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    OrderIter *it = (OrderIter *)obj_alloc(&orderiter_type, 0);
    if (!it) return NULL;
    it->sorter = INCREF(self);
    return (Obj *)it;
}

static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__class_getitem__", "__class_getitem__", nargs, kw, 1, 1) < 0) return NULL;
    return generic_alias_new(cls, args[0]);
}

static const MethodDef ts_methods[] = {
    {"__init__", ts_init, METH_FAST, NULL},
    {"add", ts_add, METH_FAST, NULL},
    {"prepare", ts_prepare, METH_NOARGS, NULL},
    {"get_ready", ts_get_ready, METH_NOARGS, NULL},
    {"is_active", ts_is_active, METH_NOARGS, NULL},
    {"__bool__", ts_bool, METH_NOARGS, NULL},
    {"done", ts_done, METH_FAST, NULL},
    {"static_order", ts_static_order, METH_NOARGS, NULL},
    {"__class_getitem__", class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ------------------------------------------------------------------------------ */

static int build(void)
{
    if (cls_sorter) return 0;
    if (type_ready(&nodeinfo_type) < 0 || type_ready(&orderiter_type) < 0) return -1;
    Obj *b = tuple_pack(1, (Obj *)&exc_ValueError);
    Obj *ce = b ? mh_class("graphlib", "CycleError", b, NULL, NULL, NULL) : NULL;
    XDECREF(b);
    Obj *doc = ce ? str_from_cstr(
                        "Subclass of ValueError raised by TopologicalSorter.prepare if cycles\n"
                        "    exist in the working graph.\n\n"
                        "    If multiple cycles exist, only one undefined choice among them will be reported\n"
                        "    and included in the exception. The detected cycle can be accessed via the second\n"
                        "    element in the *args* attribute of the exception instance and consists in a list\n"
                        "    of nodes, such that each node is, in the graph, an immediate predecessor of the\n"
                        "    next node in the list. In the reported list, the first and the last node will be\n"
                        "    the same, to make it clear that it is cyclic.\n    ")
                  : NULL;
    if (!doc || obj_setattr(ce, id_str("__doc__"), doc) < 0) {
        XDECREF(doc);
        XDECREF(ce);
        return -1;
    }
    DECREF(doc);
    Obj *ts = mh_class("graphlib", "TopologicalSorter", NULL, ts_methods, NULL, NULL);
    doc = ts ? str_from_cstr("Provides functionality to topologically sort a graph of hashable nodes") : NULL;
    if (!doc || obj_setattr(ts, id_str("__doc__"), doc) < 0) {
        XDECREF(doc);
        XDECREF(ts);
        DECREF(ce);
        return -1;
    }
    DECREF(doc);
    cls_cycle_error = ce;
    cls_sorter = ts;
    return 0;
}

static Obj *graphlib_init(void)
{
    if (build() < 0) return NULL;
    Obj *m = mh_module("graphlib", NULL);
    if (!m) return NULL;
    Obj *all = tuple_pack(2, id_str("TopologicalSorter"), id_str("CycleError"));
    Obj *l = all ? seq_to_list(all) : NULL;
    XDECREF(all);
    if (!l || module_add(m, "__all__", l) < 0 || mh_add_obj(m, "TopologicalSorter", cls_sorter) < 0 ||
        mh_add_obj(m, "CycleError", cls_cycle_error) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_graphlib_register(void) { import_register_native("graphlib", graphlib_init); }
