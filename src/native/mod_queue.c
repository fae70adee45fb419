/* mod_queue.c — the `queue` module (and `_queue`) of CPython 3.12, natively.
 *
 * Queue, LifoQueue and PriorityQueue are heap classes whose public methods
 * follow queue.py step by step and reach the storage only through the
 * overridable hooks self._init/_qsize/_put/_get, so subclasses (a common
 * way to build custom queues) behave as in CPython; `q.queue` is the deque
 * (Queue), list (LifoQueue) or heap list (PriorityQueue) CPython keeps.
 * SimpleQueue is `_queue.SimpleQueue`, a native type over a deque.
 *
 * As in queue.py, each Queue has a threading.Lock `mutex` and the three
 * Conditions not_empty, not_full and all_tasks_done over it (mod_threading.c's
 * green-thread wait queues): a blocked get()/put()/join() sleeps on its
 * Condition and is woken by the put()/get()/task_done() that notifies it,
 * waiters in the order they began to wait; SimpleQueue's blocking get()
 * waits on a private Condition.  With no other thread a wait lasts for ever
 * (or until its timeout, then Empty/Full) as CPython's does, interruptible
 * by Ctrl-C and --timeout.  Exceptions leaving the
 * methods carry the queue.py frames CPython's tracebacks show (tbframe.h).
 */
#include "config.h"

#include "src/native/modhelp.h"
#include "src/native/tbframe.h"

#include <time.h>

static Obj *cls_empty, *cls_full, *cls_queue, *cls_lifo, *cls_prio;
static TypeObj simplequeue_type;

/* ---- the frames CPython's tracebacks show (tbframe.h): lines of 3.12's queue.py ---------- */
enum {
    TB_TASK_DONE, TB_PUT_FULL, TB_PUT_TIMEOUT, TB_PUT_FULL_WAIT, TB_PUT_HOOK, TB_GET_EMPTY, TB_GET_TIMEOUT, TB_GET_EMPTY_WAIT, TB_GET_HOOK, TB_PUT_NOWAIT, TB_GET_NOWAIT, TB_PRIO_PUT, TB_PRIO_GET, TB__COUNT
};
static const TbLine tb_lines[TB__COUNT] = {
{"task_done", "Queue.task_done", 57, 75, "                    raise ValueError('task_done() called too many times')", NULL},
    {"put", "Queue.put", 122, 137, "                        raise Full", NULL},
    {"put", "Queue.put", 122, 142, "                    raise ValueError(\"'timeout' must be a non-negative number\")", NULL},
    {"put", "Queue.put", 122, 148, "                            raise Full", NULL},
    {"put", "Queue.put", 122, 150, "            self._put(item)", NULL},
    {"get", "Queue.get", 154, 168, "                    raise Empty", NULL},
    {"get", "Queue.get", 154, 173, "                raise ValueError(\"'timeout' must be a non-negative number\")", NULL},
    {"get", "Queue.get", 154, 179, "                        raise Empty", NULL},
    {"get", "Queue.get", 154, 181, "            item = self._get()", "self._get()"},
    {"put_nowait", "Queue.put_nowait", 185, 191, "        return self.put(item, block=False)", "self.put(item, block=False)"},
    {"get_nowait", "Queue.get_nowait", 193, 199, "        return self.get(block=False)", "self.get(block=False)"},
    {"_put", "PriorityQueue._put", 235, 236, "        heappush(self.queue, item)", NULL},
    {"_get", "PriorityQueue._get", 238, 239, "        return heappop(self.queue)", "heappop(self.queue)"},
};
static TbFile tb_file = {"queue.py", tb_lines, TB__COUNT, NULL};

/* The pending exception leaves queue.py at entry `which`: NULL. */
static Obj *tb_fail(int which)
{
    tbframe_push(&tb_file, which);
    return NULL;
}

/* ---- helpers --------------------------------------------------------------------- */

static Obj *getattr_c(Obj *o, const char *name) { return obj_getattr(o, id_str(name)); }

static int setattr_c(Obj *o, const char *name, Obj *v) { return obj_setattr(o, id_str(name), v); }

static Obj *module_attr(const char *mod, const char *name)
{
    Obj *m = import_name(id_str(mod), NULL, NULL, 0);
    if (!m) return NULL;
    Obj *r = obj_getattr(m, id_str(name));
    DECREF(m);
    return r;
}

static Obj *call_module(const char *mod, const char *name, Obj *const *args, Ssize nargs)
{
    Obj *f = module_attr(mod, name);
    if (!f) return NULL;
    Obj *r = obj_call(f, args, nargs, NULL);
    DECREF(f);
    return r;
}

/* Blocking waits are those of queue.py: the queue's threading.Condition
 * objects (mod_threading.c), on which a waiting green thread sleeps until
 * another one notifies it — a consumer blocked in get() becomes runnable
 * exactly when a put() notifies not_empty, waiters are woken in the order
 * they began to wait.  With no other thread the wait lasts until the
 * timeout, Ctrl-C or --timeout, as CPython's does. */
static double monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* `with c:` entry, taking over the reference c: c again, or NULL. */
static Obj *cond_enter_obj(Obj *c)
{
    Obj *r = obj_call_method(c, "__enter__", NULL, 0);
    if (!r) {
        DECREF(c);
        return NULL;
    }
    DECREF(r);
    return c;
}

/* `with self.NAME:` entry — the condition object (new reference), or NULL. */
static Obj *cond_enter(Obj *self, const char *name)
{
    Obj *c = getattr_c(self, name);
    return c ? cond_enter_obj(c) : NULL;
}

/* `with` exit: releases cond (and drops the reference) keeping a pending
 * exception; returns res, or NULL when res is NULL or the release failed. */
static Obj *cond_exit(Obj *cond, Obj *res)
{
    Obj *exc = res ? NULL : vm_err_fetch();
    Obj *a[3] = {NONE, NONE, NONE};
    if (exc) {
        a[0] = (Obj *)OBJ_TYPE(exc);
        a[1] = exc;
    }
    Obj *r = obj_call_method(cond, "__exit__", a, 3);
    DECREF(cond);
    if (!r) {
        XDECREF(res);
        XDECREF(exc);
        return NULL;
    }
    DECREF(r);
    if (exc) vm_err_restore(exc);
    return res;
}

/* cond.wait(timeout) — timeout < 0: none.  0 fine, -1 error. */
static int cond_wait(Obj *cond, double timeout)
{
    Obj *t = timeout < 0 ? INCREF(NONE) : float_from_double(timeout);
    Obj *r = t ? obj_call_method(cond, "wait", &t, 1) : NULL;
    XDECREF(t);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* self.NAME.notify() / notify_all(): 0 fine, -1 error. */
static int cond_notify(Obj *self, const char *name, const char *method)
{
    Obj *c = getattr_c(self, name);
    Obj *r = c ? obj_call_method(c, method, NULL, 0) : NULL;
    XDECREF(c);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* queue.py's wait loops: `while not ready(self): cond.wait(remaining)`
 * (cond held), ready(self) 1 when the wait is over, 0 to go on, -1 with an
 * exception; timeout NONE waits for ever.  Returns 1 ready, 0 timed out,
 * -1 error. */
static int wait_until(int (*ready)(Obj *), Obj *self, Obj *cond, Obj *timeout)
{
    double endtime = -1;
    if (timeout != NONE) {
        double t = float_as_double(timeout);
        if (t == -1.0 && vm_err_occurred()) return -1;
        endtime = monotonic_now() + t;
    }
    for (;;) {
        int r = ready(self);
        if (r != 0) return r;
        double remaining = -1;
        if (endtime >= 0) {
            remaining = endtime - monotonic_now();
            if (remaining <= 0.0) return 0;
        }
        if (cond_wait(cond, remaining) < 0) return -1;
    }
}

static int ready_all_done(Obj *self);

/* timeout < 0 → ValueError; 1: negative/error reported, 0: fine. */
static int bad_timeout(Obj *timeout)
{
    Obj *zero = int_from_i64(0);
    int neg = zero ? obj_richcompare_bool(timeout, zero, CMP_LT) : -1;
    XDECREF(zero);
    if (neg < 0) return 1;
    if (neg) {
        vm_err_set_str(&exc_ValueError, "'timeout' must be a non-negative number");
        return 1;
    }
    return 0;
}

/* self._qsize() as a C size, -1 with an exception. */
static int qsize_truth(Obj *self, Obj **size)
{
    *size = obj_call_method(self, "_qsize", NULL, 0);
    return *size ? 0 : -1;
}

/* ---- Queue -------------------------------------------------------------------------- */

/* threading.NAME(arg?) — new reference or NULL */
static Obj *threading_new(const char *name, Obj *arg)
{
    return call_module("threading", name, arg ? &arg : NULL, arg ? 1 : 0);
}

static Obj *q_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"maxsize"};
    Obj *v[1];
    if (mh_bind_m("Queue.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *maxsize = v[0] ? INCREF(v[0]) : int_from_i64(0);
    if (!maxsize) return NULL;
    int r = setattr_c(self, "maxsize", maxsize);
    Obj *res = r < 0 ? NULL : obj_call_method(self, "_init", &maxsize, 1);
    DECREF(maxsize);
    if (!res) return NULL;
    DECREF(res);
    /* queue.py: one mutex shared by the three conditions */
    Obj *mutex = threading_new("Lock", NULL);
    if (!mutex || setattr_c(self, "mutex", mutex) < 0) {
        XDECREF(mutex);
        return NULL;
    }
    static const char *const conds[] = {"not_empty", "not_full", "all_tasks_done"};
    for (int i = 0; i < 3; i++) {
        Obj *c = threading_new("Condition", mutex);
        r = c ? setattr_c(self, conds[i], c) : -1;
        XDECREF(c);
        if (r < 0) {
            DECREF(mutex);
            return NULL;
        }
    }
    DECREF(mutex);
    Obj *zero = int_from_i64(0);
    r = zero ? setattr_c(self, "unfinished_tasks", zero) : -1;
    XDECREF(zero);
    return r < 0 ? NULL : INCREF(NONE);
}

/* self.unfinished_tasks + delta, stored; the new count (new reference) or NULL */
static Obj *add_unfinished(Obj *self, int delta, bool store)
{
    Obj *u = getattr_c(self, "unfinished_tasks");
    Obj *d = int_from_i64(delta);
    Obj *n = u && d ? num_binary(u, d, NB_ADD) : NULL;
    XDECREF(u);
    XDECREF(d);
    if (n && store && setattr_c(self, "unfinished_tasks", n) < 0) CLEAR(n);
    return n;
}

static Obj *task_done_locked(Obj *self)
{
    Obj *n = add_unfinished(self, -1, false);
    if (!n) return NULL;
    Obj *zero = int_from_i64(0);
    int le = zero ? obj_richcompare_bool(n, zero, CMP_LE) : -1;
    int neg = le > 0 ? obj_richcompare_bool(n, zero, CMP_LT) : le;
    XDECREF(zero);
    if (neg) {
        DECREF(n);
        if (neg > 0) vm_err_set_str(&exc_ValueError, "task_done() called too many times");
        return tb_fail(TB_TASK_DONE);
    }
    if (le && cond_notify(self, "all_tasks_done", "notify_all") < 0) {
        DECREF(n);
        return NULL;
    }
    int r = setattr_c(self, "unfinished_tasks", n);
    DECREF(n);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *q_task_done(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *c = cond_enter(self, "all_tasks_done");
    return c ? cond_exit(c, task_done_locked(self)) : NULL;
}

static Obj *q_join(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *c = cond_enter(self, "all_tasks_done");
    if (!c) return NULL;
    Obj *res = wait_until(ready_all_done, self, c, NONE) < 0 ? NULL : INCREF(NONE);
    return cond_exit(c, res);
}

static Obj *q_qsize(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *c = cond_enter(self, "mutex");
    return c ? cond_exit(c, obj_call_method(self, "_qsize", NULL, 0)) : NULL;
}

static Obj *empty_locked(Obj *self)
{
    Obj *n;
    if (qsize_truth(self, &n) < 0) return NULL;
    int t = obj_is_true(n);
    DECREF(n);
    return t < 0 ? NULL : bool_from(!t);
}

static Obj *q_empty(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *c = cond_enter(self, "mutex");
    return c ? cond_exit(c, empty_locked(self)) : NULL;
}

/* 0 < self.maxsize <= self._qsize(): 1/0/-1 */
static int is_full(Obj *self)
{
    Obj *maxsize = getattr_c(self, "maxsize");
    if (!maxsize) return -1;
    Obj *zero = int_from_i64(0);
    int pos = zero ? obj_richcompare_bool(zero, maxsize, CMP_LT) : -1;
    XDECREF(zero);
    if (pos <= 0) {
        DECREF(maxsize);
        return pos;
    }
    Obj *n;
    if (qsize_truth(self, &n) < 0) {
        DECREF(maxsize);
        return -1;
    }
    int r = obj_richcompare_bool(maxsize, n, CMP_LE);
    DECREF(maxsize);
    DECREF(n);
    return r;
}

static Obj *q_full(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *c = cond_enter(self, "mutex");
    if (!c) return NULL;
    int r = is_full(self);
    return cond_exit(c, r < 0 ? NULL : bool_from(r));
}

/* wait_until conditions */
static int ready_not_full(Obj *self)
{
    /* self._qsize() < self.maxsize, as queue.py asks it */
    Obj *maxsize = getattr_c(self, "maxsize");
    if (!maxsize) return -1;
    Obj *n;
    if (qsize_truth(self, &n) < 0) {
        DECREF(maxsize);
        return -1;
    }
    int r = obj_richcompare_bool(n, maxsize, CMP_GE);
    DECREF(maxsize);
    DECREF(n);
    return r < 0 ? -1 : !r;
}

static int ready_not_empty(Obj *self)
{
    Obj *n;
    if (qsize_truth(self, &n) < 0) return -1;
    int t = obj_is_true(n);
    DECREF(n);
    return t;
}

static int ready_all_done(Obj *self)
{
    Obj *u = getattr_c(self, "unfinished_tasks");
    int t = u ? obj_is_true(u) : -1;
    XDECREF(u);
    return t < 0 ? -1 : !t;
}

/* put()'s body under `with self.not_full:` */
static Obj *put_locked(Obj *self, Obj *cond, Obj *item, Obj *block, Obj *timeout)
{
    Obj *maxsize = getattr_c(self, "maxsize");
    if (!maxsize) return NULL;
    Obj *zero = int_from_i64(0);
    int bounded = zero ? obj_richcompare_bool(maxsize, zero, CMP_GT) : -1;
    XDECREF(zero);
    DECREF(maxsize);
    if (bounded < 0) return NULL;
    if (bounded) {
        int b = obj_is_true(block);
        if (b < 0) return NULL;
        if (!b) {
            int room = ready_not_full(self);
            if (room < 0) return NULL;
            if (!room) {
                vm_err_set_obj((TypeObj *)cls_full, NULL);
                return tb_fail(TB_PUT_FULL);
            }
        } else if (timeout != NONE && bad_timeout(timeout)) {
            return tb_fail(TB_PUT_TIMEOUT);
        } else {
            int r = wait_until(ready_not_full, self, cond, timeout);
            if (r < 0) return NULL;
            if (r == 0) {
                vm_err_set_obj((TypeObj *)cls_full, NULL);
                return tb_fail(TB_PUT_FULL_WAIT);
            }
        }
    }
    Obj *r = obj_call_method(self, "_put", &item, 1);
    if (!r) return tb_fail(TB_PUT_HOOK);
    DECREF(r);
    Obj *n = add_unfinished(self, 1, true);
    if (!n) return NULL;
    DECREF(n);
    return cond_notify(self, "not_empty", "notify") < 0 ? NULL : INCREF(NONE);
}

static Obj *do_put(Obj *self, Obj *item, Obj *block, Obj *timeout)
{
    Obj *c = cond_enter(self, "not_full");
    return c ? cond_exit(c, put_locked(self, c, item, block, timeout)) : NULL;
}

/* get()'s body under `with self.not_empty:` */
static Obj *get_locked(Obj *self, Obj *cond, Obj *block, Obj *timeout)
{
    int b = obj_is_true(block);
    if (b < 0) return NULL;
    if (!b) {
        int t = ready_not_empty(self);
        if (t < 0) return NULL;
        if (!t) {
            vm_err_set_obj((TypeObj *)cls_empty, NULL);
            return tb_fail(TB_GET_EMPTY);
        }
    } else if (timeout != NONE && bad_timeout(timeout)) {
        return tb_fail(TB_GET_TIMEOUT);
    } else {
        int r = wait_until(ready_not_empty, self, cond, timeout);
        if (r < 0) return NULL;
        if (r == 0) {
            vm_err_set_obj((TypeObj *)cls_empty, NULL);
            return tb_fail(TB_GET_EMPTY_WAIT);
        }
    }
    Obj *item = obj_call_method(self, "_get", NULL, 0);
    if (!item) return tb_fail(TB_GET_HOOK);
    if (cond_notify(self, "not_full", "notify") < 0) {
        DECREF(item);
        return NULL;
    }
    return item;
}

static Obj *do_get(Obj *self, Obj *block, Obj *timeout)
{
    Obj *c = cond_enter(self, "not_empty");
    return c ? cond_exit(c, get_locked(self, c, block, timeout)) : NULL;
}

static Obj *q_put(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"item", "block", "timeout"};
    Obj *v[3];
    if (mh_bind_m("Queue.put", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    return do_put(self, v[0], v[1] ? v[1] : TRUE_, v[2] ? v[2] : NONE);
}

static Obj *q_put_nowait(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"item"};
    Obj *v[1];
    if (mh_bind_m("Queue.put_nowait", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *a[2] = {v[0], FALSE_};
    Obj *kn = tuple_pack(1, id_str("block"));
    if (!kn) return NULL;
    Obj *put = getattr_c(self, "put");
    Obj *r = put ? obj_call(put, a, 1, kn) : NULL;
    XDECREF(put);
    DECREF(kn);
    return r ? r : tb_fail(TB_PUT_NOWAIT);
}

static Obj *q_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"block", "timeout"};
    Obj *v[2];
    if (mh_bind_m("Queue.get", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    return do_get(self, v[0] ? v[0] : TRUE_, v[1] ? v[1] : NONE);
}

static Obj *q_get_nowait(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("Queue.get_nowait", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *a[1] = {FALSE_};
    Obj *kn = tuple_pack(1, id_str("block"));
    if (!kn) return NULL;
    Obj *get = getattr_c(self, "get");
    Obj *r = get ? obj_call(get, a, 0, kn) : NULL;
    XDECREF(get);
    DECREF(kn);
    return r ? r : tb_fail(TB_GET_NOWAIT);
}

/* storage hooks: Queue keeps a deque, LifoQueue a list, PriorityQueue a heap list */
static Obj *hook_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, int kind)
{
    static const char *const names[] = {"maxsize"};
    Obj *v[1];
    if (mh_bind_m("Queue._init", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *store = kind == 0 ? call_module("collections", "deque", NULL, 0) : list_new(0);
    int r = store ? setattr_c(self, "queue", store) : -1;
    XDECREF(store);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *q__init(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return hook_init(s, a, n, kw, 0); }
static Obj *l__init(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return hook_init(s, a, n, kw, 1); }

static Obj *q__qsize(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *q = getattr_c(self, "queue");
    if (!q) return NULL;
    Ssize n = obj_length(q);
    DECREF(q);
    return n < 0 ? NULL : int_from_i64(n);
}

static Obj *store_call(Obj *self, const char *method, Obj *item)
{
    Obj *q = getattr_c(self, "queue");
    if (!q) return NULL;
    Obj *r = obj_call_method(q, method, item ? &item : NULL, item ? 1 : 0);
    DECREF(q);
    return r;
}

static Obj *q__put(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"item"};
    Obj *v[1];
    if (mh_bind_m("Queue._put", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *r = store_call(self, "append", v[0]);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *q__get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return store_call(self, "popleft", NULL);
}

static Obj *l__get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return store_call(self, "pop", NULL);
}

static Obj *p__put(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"item"};
    Obj *v[1];
    if (mh_bind_m("PriorityQueue._put", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *q = getattr_c(self, "queue");
    if (!q) return NULL;
    Obj *a[2] = {q, v[0]};
    Obj *r = call_module("heapq", "heappush", a, 2);
    DECREF(q);
    if (!r) return tb_fail(TB_PRIO_PUT);
    DECREF(r);
    return INCREF(NONE);
}

static Obj *p__get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *q = getattr_c(self, "queue");
    if (!q) return NULL;
    Obj *r = call_module("heapq", "heappop", &q, 1);
    DECREF(q);
    return r ? r : tb_fail(TB_PRIO_GET);
}

static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__class_getitem__", "__class_getitem__", nargs, kw, 1, 1) < 0) return NULL;
    return generic_alias_new(cls, args[0]);
}

static const MethodDef queue_methods[] = {
    {"__init__", q_init, METH_FAST, NULL},
    {"task_done", q_task_done, METH_NOARGS, NULL},
    {"join", q_join, METH_NOARGS, NULL},
    {"qsize", q_qsize, METH_NOARGS, "Return the approximate size of the queue (not reliable!)."},
    {"empty", q_empty, METH_NOARGS, NULL},
    {"full", q_full, METH_NOARGS, NULL},
    {"put", q_put, METH_FAST, NULL},
    {"get", q_get, METH_FAST, NULL},
    {"put_nowait", q_put_nowait, METH_FAST, NULL},
    {"get_nowait", q_get_nowait, METH_FAST, NULL},
    {"_init", q__init, METH_FAST, NULL},
    {"_qsize", q__qsize, METH_NOARGS, NULL},
    {"_put", q__put, METH_FAST, NULL},
    {"_get", q__get, METH_NOARGS, NULL},
    {"__class_getitem__", class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef prio_methods[] = {
    {"_init", l__init, METH_FAST, NULL},
    {"_qsize", q__qsize, METH_NOARGS, NULL},
    {"_put", p__put, METH_FAST, NULL},
    {"_get", p__get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef lifo_methods[] = {
    {"_init", l__init, METH_FAST, NULL},
    {"_qsize", q__qsize, METH_NOARGS, NULL},
    {"_put", q__put, METH_FAST, NULL},
    {"_get", l__get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- _queue.SimpleQueue ---------------------------------------------------------------- */

typedef struct SimpleQueueObj {
    Obj base;
    Obj *items;          /* collections.deque */
    Obj *cond;           /* threading.Condition a blocked get() waits on; made at the first wait */
    Obj *weakreflist;
} SimpleQueueObj;

static Obj *sq_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (nargs) {
        vm_err_set_str(&exc_TypeError, "SimpleQueue() takes no positional arguments");
        return NULL;
    }
    if (mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "SimpleQueue() takes no keyword arguments");
        return NULL;
    }
    Obj *d = call_module("collections", "deque", NULL, 0);
    if (!d) return NULL;
    SimpleQueueObj *q = (SimpleQueueObj *)obj_alloc(t, 0);
    if (!q) {
        DECREF(d);
        return NULL;
    }
    q->items = d;
    return (Obj *)q;
}

static void sq_dealloc(Obj *o)
{
    gc_untrack(o);
    weakref_on_dealloc(o);
    CLEAR(((SimpleQueueObj *)o)->items);
    CLEAR(((SimpleQueueObj *)o)->cond);
    obj_free(o);
}

static int sq_traverse(Obj *o, VisitFn visit, void *arg)
{
    SimpleQueueObj *q = (SimpleQueueObj *)o;
    if (q->items && visit(q->items, arg)) return 1;
    return q->cond ? visit(q->cond, arg) : 0;
}

static int sq_clear(Obj *o)
{
    CLEAR(((SimpleQueueObj *)o)->items);
    CLEAR(((SimpleQueueObj *)o)->cond);
    return 0;
}

static Ssize sq_len(SimpleQueueObj *q) { return q->items ? obj_length(q->items) : 0; }

/* Argument clinic: put(item, block=True, timeout=None) */
static int sq_parse(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, const char *const *names,
                    int nparams, int nrequired, Obj **out)
{
    if (nargs > nparams) {
        vm_err_format(&exc_TypeError, "%s() takes at most %d argument%s (%zd given)", fname, nparams,
                      nparams == 1 ? "" : "s", nargs);
        return -1;
    }
    for (int i = 0; i < nparams; i++) out[i] = i < nargs ? args[i] : NULL;
    for (Ssize k = 0; k < mh_nkw(kw); k++) {
        Obj *kn = TUPLE_ITEMS(kw)[k];
        int i;
        for (i = 0; i < nparams; i++)
            if (str_eq_cstr(kn, names[i])) break;
        if (i == nparams) {
            vm_err_format(&exc_TypeError, "%s() got an unexpected keyword argument '%S'", fname, kn);
            return -1;
        }
        if (out[i]) {
            vm_err_format(&exc_TypeError, "argument for %s() given by name ('%s') and position (%d)", fname,
                          names[i], i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (int i = 0; i < nrequired; i++)
        if (!out[i]) {
            vm_err_format(&exc_TypeError, "%s() missing required argument '%s' (pos %d)", fname, names[i], i + 1);
            return -1;
        }
    return 0;
}

static Obj *sq_put(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"item", "block", "timeout"};
    Obj *v[3];
    if (sq_parse("put", args, nargs, kw, names, 3, 1, v) < 0) return NULL;
    SimpleQueueObj *q = (SimpleQueueObj *)self;
    Obj *r = obj_call_method(q->items, "append", v, 1);
    if (!r) return NULL;
    DECREF(r);
    if (!q->cond) return INCREF(NONE);
    /* wake the first get() waiting */
    Obj *c = cond_enter_obj(INCREF(q->cond));
    if (!c) return NULL;
    r = obj_call_method(c, "notify", NULL, 0);
    if (r) {
        DECREF(r);
        r = INCREF(NONE);
    }
    return cond_exit(c, r);
}

static Obj *sq_put_nowait(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"item"};
    Obj *v[1];
    if (sq_parse("put_nowait", args, nargs, kw, names, 1, 1, v) < 0) return NULL;
    return sq_put(self, v, 1, NULL);
}

static int ready_sq(Obj *self)
{
    Ssize n = sq_len((SimpleQueueObj *)self);
    return n < 0 ? -1 : n > 0;
}

static Obj *sq_do_get(Obj *self, Obj *block, Obj *timeout)
{
    SimpleQueueObj *q = (SimpleQueueObj *)self;
    int b = obj_is_true(block);
    if (b < 0) return NULL;
    if (b && timeout != NONE) {
        if (bad_timeout(timeout)) return NULL;
    }
    Ssize n = sq_len(q);
    if (n < 0) return NULL;
    if (n == 0) {
        if (!b) {
            vm_err_set_obj((TypeObj *)cls_empty, NULL);
            return NULL;
        }
        if (!q->cond && !(q->cond = threading_new("Condition", NULL))) return NULL;
        Obj *c = cond_enter_obj(INCREF(q->cond));
        if (!c) return NULL;
        int r = wait_until(ready_sq, self, c, timeout);
        Obj *done = cond_exit(c, r < 0 ? NULL : INCREF(NONE));
        if (!done) return NULL;
        DECREF(done);
        if (r == 0) {
            vm_err_set_obj((TypeObj *)cls_empty, NULL);
            return NULL;
        }
    }
    return obj_call_method(q->items, "popleft", NULL, 0);
}

static Obj *sq_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"block", "timeout"};
    Obj *v[2];
    if (sq_parse("get", args, nargs, kw, names, 2, 0, v) < 0) return NULL;
    return sq_do_get(self, v[0] ? v[0] : TRUE_, v[1] ? v[1] : NONE);
}

static Obj *sq_get_nowait(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return sq_do_get(self, FALSE_, NONE);
}

static Obj *sq_empty(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Ssize n = sq_len((SimpleQueueObj *)self);
    return n < 0 ? NULL : bool_from(n == 0);
}

static Obj *sq_qsize(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Ssize n = sq_len((SimpleQueueObj *)self);
    return n < 0 ? NULL : int_from_i64(n);
}

static MethodDef sq_methods[] = {
    {"put", sq_put, METH_FAST, "Put the item on the queue."},
    {"put_nowait", sq_put_nowait, METH_FAST, "Put an item into the queue without blocking."},
    {"get", sq_get, METH_FAST, "Remove and return an item from the queue."},
    {"get_nowait", sq_get_nowait, METH_NOARGS, "Remove and return an item from the queue without blocking."},
    {"empty", sq_empty, METH_NOARGS, "Return True if the queue is empty, False otherwise (not reliable!)."},
    {"qsize", sq_qsize, METH_NOARGS, "Return the approximate size of the queue (not reliable!)."},
    {"__class_getitem__", class_getitem, METH_FAST | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static TypeObj simplequeue_type = {
    .base = TYPE_HEAD_INIT, .name = "_queue.SimpleQueue", .basicsize = sizeof(SimpleQueueObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = sq_dealloc, .getattro = obj_generic_getattr,
    .new_ = sq_new, .traverse = sq_traverse, .clear = sq_clear, .methods = sq_methods,
    .weaklistoffset = offsetof(SimpleQueueObj, weakreflist),
    .doc = "Simple, unbounded, reentrant FIFO queue.",
};

/* ---- the module ---------------------------------------------------------------------------- */

static Obj *exc_class(const char *module, const char *name, const char *doc)
{
    Obj *b = tuple_pack(1, (Obj *)&exc_Exception);
    Obj *ns = dict_new(), *nm = str_from_cstr(name), *mod = str_from_cstr(module);
    Obj *ds = str_from_cstr(doc);
    Obj *cls = NULL;
    if (b && ns && nm && mod && ds && dict_set_str(ns, "__module__", mod) == 0 &&
        dict_set_str(ns, "__doc__", ds) == 0) {
        Obj *a[3] = {nm, b, ns};
        cls = obj_call((Obj *)&type_type, a, 3, NULL);
    }
    XDECREF(b);
    XDECREF(ns);
    XDECREF(nm);
    XDECREF(mod);
    XDECREF(ds);
    return cls;
}

static int set_doc(Obj *cls, const char *doc)
{
    Obj *d = str_from_cstr(doc);
    int r = d ? setattr_c(cls, "__doc__", d) : -1;
    XDECREF(d);
    return r;
}

static int build(void)
{
    if (cls_queue) return 0;
    if (type_ready(&simplequeue_type) < 0) return -1;
    cls_empty = exc_class("_queue", "Empty", "Exception raised by Queue.get(block=0)/get_nowait().");
    cls_full = cls_empty ? exc_class("queue", "Full", "Exception raised by Queue.put(block=0)/put_nowait().") : NULL;
    Obj *qc = cls_full ? mh_class("queue", "Queue", NULL, queue_methods, NULL, NULL) : NULL;
    if (!qc || set_doc(qc, "Create a queue object with a given maximum size.\n\n"
                           "    If maxsize is <= 0, the queue size is infinite.\n    ") < 0) {
        XDECREF(qc);
        return -1;
    }
    Obj *b = tuple_pack(1, qc);
    cls_prio = b ? mh_class("queue", "PriorityQueue", b, prio_methods, NULL, NULL) : NULL;
    cls_lifo = cls_prio ? mh_class("queue", "LifoQueue", b, lifo_methods, NULL, NULL) : NULL;
    XDECREF(b);
    if (!cls_lifo ||
        set_doc(cls_prio, "Variant of Queue that retrieves open entries in priority order (lowest first).\n\n"
                          "    Entries are typically tuples of the form:  (priority number, data).\n    ") < 0 ||
        set_doc(cls_lifo, "Variant of Queue that retrieves most recently added entries first.") < 0) {
        DECREF(qc);
        return -1;
    }
    cls_queue = qc;
    return 0;
}

static Obj *queue_init(void)
{
    if (build() < 0) return NULL;
    Obj *m = mh_module("queue", NULL);
    if (!m) return NULL;
    if (mh_add_obj(m, "Empty", cls_empty) < 0 || mh_add_obj(m, "Full", cls_full) < 0 ||
        mh_add_obj(m, "Queue", cls_queue) < 0 || mh_add_obj(m, "PriorityQueue", cls_prio) < 0 ||
        mh_add_obj(m, "LifoQueue", cls_lifo) < 0 ||
        mh_add_obj(m, "SimpleQueue", (Obj *)&simplequeue_type) < 0)
        goto fail;
    static const char *const all[] = {"Empty", "Full", "Queue", "PriorityQueue", "LifoQueue", "SimpleQueue"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < 6; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0 ||
        mh_add_str(m, "__doc__", "A multi-producer, multi-consumer queue.") < 0)
        goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

static Obj *queue_c_init(void)
{
    if (build() < 0) return NULL;
    Obj *m = mh_module("_queue", NULL);
    if (!m) return NULL;
    if (mh_add_obj(m, "Empty", cls_empty) < 0 || mh_add_obj(m, "SimpleQueue", (Obj *)&simplequeue_type) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_queue_register(void)
{
    import_register_native("queue", queue_init);
    import_register_native("_queue", queue_c_init);
}
