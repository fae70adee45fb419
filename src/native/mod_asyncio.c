/* mod_asyncio.c — `asyncio` of CPython 3.12, natively: a single-threaded
 * event loop driving the VM's coroutines.
 *
 * The loop is BaseEventLoop's algorithm step by step, because programs see
 * its order: call_soon appends to a FIFO of handles, call_later/call_at
 * push TimerHandles on a binary heap ordered by deadline with heapq's exact
 * sift rules, and each _run_once sleeps (really, on CLOCK_MONOTONIC — the
 * program may measure time) until the first deadline, moves the due timers
 * to the FIFO and runs exactly the handles queued at that moment.
 * Future, Task and _GatheringFuture follow futures.py/tasks.py: done
 * callbacks are scheduled with call_soon in the order added, Task.__step
 * sends into (or throws into) the coroutine and parks on the future it
 * yields with a task_wakeup callback, cancellation goes through the
 * awaited future, so wake-ups interleave as under CPython.
 *
 * The library's own coroutines (sleep, wait_for, wait, Event.wait,
 * Lock.acquire, Queue.get/put/join, TaskGroup.__aexit__ …) are "native
 * coroutines" (ACoro): a C step function with a state number that awaits
 * a future or coroutine by delegating to it, as `await` would, and sees
 * its result or exception when resumed — the try/finally of the Python
 * original written out per state.
 *
 * Left out: other threads and processes (executors run the function at
 * once), sockets, streams, subprocesses, signals, debug mode, custom
 * policies; uncaught exceptions print no frames for asyncio's own Python
 * files (there are none).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"
#include "src/native/tbframes_gen.h"
#include "src/vm/vmint.h"

/* ---- shared state ---------------------------------------------------------------- */

static Obj *cancelled_error, *invalid_state_error, *queue_empty_error, *queue_full_error;
static Obj *incomplete_read_error, *limit_overrun_error, *broken_barrier_error, *sendfile_error;
static Obj *asyncio_module;
static uint64_t task_name_counter;

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static Obj *new_cancelled_error(Obj *msg)
{
    return obj_call(cancelled_error, msg && msg != NONE ? &msg : NULL, msg && msg != NONE ? 1 : 0, NULL);
}

/* ---- handles ------------------------------------------------------------------------ */

typedef struct HandleObj {
    Obj base;
    Obj *callback, *args;     /* args: tuple */
    Obj *loop;
    double when;
    bool cancelled, scheduled, timer;
    Obj *weakreflist;
} HandleObj;

static TypeObj handle_type, timerhandle_type;

static void handle_dealloc(Obj *o)
{
    HandleObj *h = (HandleObj *)o;
    gc_untrack(o);
    weakref_on_dealloc(o);
    XDECREF(h->callback);
    XDECREF(h->args);
    XDECREF(h->loop);
    obj_free(o);
}

static int handle_traverse(Obj *o, VisitFn visit, void *arg)
{
    HandleObj *h = (HandleObj *)o;
    if (h->callback && visit(h->callback, arg)) return 1;
    if (h->args && visit(h->args, arg)) return 1;
    if (h->loop && visit(h->loop, arg)) return 1;
    return 0;
}

/* CPython's _format_callback_source, reduced: "name()" or "name() at file:line". */
static void format_args(SBuf *b, Obj *args)
{
    sbuf_putc(b, '(');
    for (Ssize i = 0; args && i < TUPLE_LEN(args); i++) {
        if (i) sbuf_puts(b, ", ");
        Obj *r = obj_repr(TUPLE_ITEMS(args)[i]);
        if (!r) {
            vm_err_clear();
            continue;
        }
        Ssize n;
        const char *p = str_utf8_lossy(r, &n);
        if (n > 30) {
            /* reprlib.repr's cut: 13 characters, '...', the last 14 */
            sbuf_put(b, p, 13);
            sbuf_puts(b, "...");
            sbuf_put(b, p + n - 14, 14);
        } else {
            sbuf_put(b, p, (size_t)n);
        }
        DECREF(r);
    }
    sbuf_putc(b, ')');
}

static void format_callback_args(SBuf *b, Obj *cb, Obj *args)
{
    Obj *f = cb;
    if (IS_TYPE(f, method_type)) f = ((MethodObj *)f)->func;
    if (IS_TYPE(f, function_type)) {
        FuncObj *fn = (FuncObj *)f;
        CodeRtObj *co = (CodeRtObj *)fn->code;
        Ssize n;
        const char *p = str_utf8_lossy(fn->qualname, &n);
        sbuf_put(b, p, (size_t)n);
        format_args(b, args);
        sbuf_puts(b, " at ");
        p = str_utf8_lossy(co->filename, &n);
        sbuf_put(b, p, (size_t)n);
        sbuf_printf(b, ":%d", co->firstlineno);
        return;
    }
    if (IS_TYPE(f, builtin_function_type)) {
        BuiltinObj *bf = (BuiltinObj *)f;
        if (bf->self && !IS_TYPE(bf->self, module_type)) {
            const char *tn = type_name(OBJ_TYPE(bf->self));
            sbuf_puts(b, tn);
            sbuf_putc(b, '.');
        }
        sbuf_puts(b, bf->def->name);
        format_args(b, args);
        return;
    }
    Obj *r = obj_repr(cb);
    if (!r) {
        vm_err_clear();
        return;
    }
    Ssize n;
    const char *p = str_utf8_lossy(r, &n);
    sbuf_put(b, p, (size_t)n);
    DECREF(r);
    format_args(b, args);
}

static void format_callback(SBuf *b, Obj *cb)
{
    format_callback_args(b, cb, NULL);
}

static Obj *handle_repr(Obj *o)
{
    HandleObj *h = (HandleObj *)o;
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "<%s", h->timer ? "TimerHandle" : "Handle");
    if (h->cancelled) sbuf_puts(&b, " cancelled");
    if (h->timer) sbuf_printf(&b, " when=%.17g", h->when);
    if (h->callback) {
        sbuf_putc(&b, ' ');
        format_callback_args(&b, h->callback, h->args);
    }
    sbuf_putc(&b, '>');
    Obj *s = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

static int timer_cancelled_note(Obj *loop);

static Obj *handle_cancel(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("cancel", "cancel", n, kw, 0, 0) < 0) return NULL;
    HandleObj *h = (HandleObj *)self;
    if (!h->cancelled) {
        h->cancelled = true;
        if (h->timer && h->scheduled && h->loop) timer_cancelled_note(h->loop);
        CLEAR(h->callback);
        CLEAR(h->args);
    }
    return INCREF(NONE);
}

static Obj *handle_cancelled(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("cancelled", "cancelled", n, kw, 0, 0) < 0) return NULL;
    return bool_from(((HandleObj *)self)->cancelled);
}

static Obj *handle_when(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("when", "when", n, kw, 0, 0) < 0) return NULL;
    return float_from_double(((HandleObj *)self)->when);
}

static Obj *handle_get_context(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    (void)a;
    if (mh_pos_args("get_context", "get_context", n, kw, 0, 0) < 0) return NULL;
    return INCREF(NONE);
}

static MethodDef handle_methods[] = {
    {"cancel", handle_cancel, METH_FAST, NULL},
    {"cancelled", handle_cancelled, METH_FAST, NULL},
    {"get_context", handle_get_context, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static MethodDef timerhandle_methods[] = {
    {"when", handle_when, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj handle_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.events.Handle", .basicsize = sizeof(HandleObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = handle_dealloc, .repr = handle_repr,
    .getattro = obj_generic_getattr, .traverse = handle_traverse, .methods = handle_methods,
    .weaklistoffset = offsetof(HandleObj, weakreflist),
    .doc = "Object returned by callback registration methods.",
};
static TypeObj timerhandle_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.events.TimerHandle", .basicsize = sizeof(HandleObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = handle_dealloc, .repr = handle_repr,
    .getattro = obj_generic_getattr, .traverse = handle_traverse, .methods = timerhandle_methods,
    .tp_base = &handle_type, .weaklistoffset = offsetof(HandleObj, weakreflist),
    .doc = "Object returned by timed callback registration methods.",
};

/* ---- the loop ------------------------------------------------------------------------ */

typedef struct LoopObj {
    Obj base;
    HandleObj **ready;           /* ring buffer of handles (references) */
    Ssize rcap, rhead, rlen;
    HandleObj **heap;            /* timers (references), heapq order */
    Ssize hcap, hlen;
    Ssize timer_cancelled;
    bool stopping, running, closed, debug;
    Obj *exception_handler;
    Obj *current_task;           /* borrowed while a task steps */
    Obj **tasks;                 /* every pending task (borrowed; a task leaves when it dies) */
    Ssize ntasks, tcap;
    Obj *asyncgens;              /* list of weak references to first-iterated async generators */
    Obj *weakreflist;
} LoopObj;

static TypeObj loop_type;
static LoopObj *running_loop;    /* borrowed: the loop inside run_forever */
static Obj *current_loop;        /* set_event_loop's loop (a reference) or NULL */
static bool loop_set_called;

static int timer_cancelled_note(Obj *loop)
{
    ((LoopObj *)loop)->timer_cancelled++;
    return 0;
}

static void loop_dealloc(Obj *o)
{
    LoopObj *l = (LoopObj *)o;
    gc_untrack(o);
    weakref_on_dealloc(o);
    for (Ssize i = 0; i < l->rlen; i++) XDECREF(l->ready[(l->rhead + i) % l->rcap]);
    free(l->ready);
    for (Ssize i = 0; i < l->hlen; i++) XDECREF(l->heap[i]);
    free(l->heap);
    free(l->tasks);
    XDECREF(l->exception_handler);
    XDECREF(l->asyncgens);
    obj_free(o);
}

static int loop_traverse(Obj *o, VisitFn visit, void *arg)
{
    LoopObj *l = (LoopObj *)o;
    for (Ssize i = 0; i < l->rlen; i++)
        if (visit((Obj *)l->ready[(l->rhead + i) % l->rcap], arg)) return 1;
    for (Ssize i = 0; i < l->hlen; i++)
        if (visit((Obj *)l->heap[i], arg)) return 1;
    if (l->exception_handler && visit(l->exception_handler, arg)) return 1;
    if (l->asyncgens && visit(l->asyncgens, arg)) return 1;
    return 0;
}

static void ready_push(LoopObj *l, HandleObj *h)   /* steals h */
{
    if (l->rlen == l->rcap) {
        Ssize ncap = l->rcap ? l->rcap * 2 : 16;
        HandleObj **n = xmalloc((size_t)ncap * sizeof *n);
        for (Ssize i = 0; i < l->rlen; i++) n[i] = l->ready[(l->rhead + i) % l->rcap];
        free(l->ready);
        l->ready = n;
        l->rcap = ncap;
        l->rhead = 0;
    }
    l->ready[(l->rhead + l->rlen) % l->rcap] = h;
    l->rlen++;
}

static HandleObj *ready_pop(LoopObj *l)
{
    HandleObj *h = l->ready[l->rhead];
    l->rhead = (l->rhead + 1) % l->rcap;
    l->rlen--;
    return h;
}

/* heapq.heappush / heappop with TimerHandle.__lt__ (deadline only). */
static void heap_siftdown(LoopObj *l, Ssize start, Ssize pos)
{
    HandleObj *item = l->heap[pos];
    while (pos > start) {
        Ssize parent = (pos - 1) >> 1;
        if (item->when < l->heap[parent]->when) {
            l->heap[pos] = l->heap[parent];
            pos = parent;
            continue;
        }
        break;
    }
    l->heap[pos] = item;
}

static void heap_push(LoopObj *l, HandleObj *h)   /* steals h */
{
    if (l->hlen == l->hcap) {
        l->hcap = l->hcap ? l->hcap * 2 : 16;
        l->heap = xrealloc(l->heap, (size_t)l->hcap * sizeof *l->heap);
    }
    l->heap[l->hlen++] = h;
    heap_siftdown(l, 0, l->hlen - 1);
}

static HandleObj *heap_pop(LoopObj *l)
{
    HandleObj *last = l->heap[--l->hlen];
    if (!l->hlen) return last;
    HandleObj *ret = l->heap[0];
    l->heap[0] = last;
    Ssize end = l->hlen, pos = 0, child = 1;
    HandleObj *item = l->heap[0];
    while (child < end) {
        Ssize right = child + 1;
        if (right < end && !(l->heap[child]->when < l->heap[right]->when)) child = right;
        l->heap[pos] = l->heap[child];
        pos = child;
        child = 2 * pos + 1;
    }
    l->heap[pos] = item;
    heap_siftdown(l, 0, pos);
    return ret;
}

static int check_closed(LoopObj *l)
{
    if (l->closed) {
        vm_err_set_str(&exc_RuntimeError, "Event loop is closed");
        return -1;
    }
    return 0;
}

/* loop.call_soon(cb, *args): a new reference to the handle. */
static Obj *call_soon(LoopObj *l, Obj *cb, Obj *const *args, Ssize nargs)
{
    if (check_closed(l) < 0) return NULL;
    HandleObj *h = (HandleObj *)obj_alloc(&handle_type, 0);
    if (!h) return NULL;
    h->callback = INCREF(cb);
    h->args = tuple_from_array(args, nargs);
    h->loop = INCREF(l);
    if (!h->args) {
        DECREF(h);
        return NULL;
    }
    ready_push(l, (HandleObj *)INCREF(h));
    return (Obj *)h;
}

static int call_soon_void(LoopObj *l, Obj *cb, Obj *const *args, Ssize nargs)
{
    Obj *h = call_soon(l, cb, args, nargs);
    XDECREF(h);
    return h ? 0 : -1;
}

static Obj *call_at(LoopObj *l, double when, Obj *cb, Obj *const *args, Ssize nargs)
{
    if (check_closed(l) < 0) return NULL;
    HandleObj *h = (HandleObj *)obj_alloc(&timerhandle_type, 0);
    if (!h) return NULL;
    h->callback = INCREF(cb);
    h->args = tuple_from_array(args, nargs);
    h->loop = INCREF(l);
    h->when = when;
    h->timer = true;
    h->scheduled = true;
    if (!h->args) {
        DECREF(h);
        return NULL;
    }
    heap_push(l, (HandleObj *)INCREF(h));
    return (Obj *)h;
}

/* ---- exception reports ---------------------------------------------------------------- */

static int write_stderr(const char *s, size_t n)
{
    Obj *err = sys_get_borrow("stderr");
    if (!err || err == NONE) return 0;
    return io_write_utf8(err, s, n);
}

/* BaseEventLoop.default_exception_handler: the message, the other context
 * entries sorted by key as "key: repr", then the exception's traceback —
 * what logging's last-resort handler prints for logger.error(..., exc_info). */
static void default_exception_handler(Obj *context)
{
    if (!DICT_CHECK(context)) {
        /* CPython's handler fails on context.get and logs that failure
         * (without CPython's asyncio frames, which name its install path) */
        SBuf e = SBUF_INIT;
        sbuf_printf(&e, "Exception in default exception handler\nAttributeError: '%s' object has no attribute 'get'\n",
                    OBJ_TYPE(context)->name);
        write_stderr(e.data, e.len);
        sbuf_free(&e);
        return;
    }
    SBuf b = SBUF_INIT;
    Obj *msg = dict_get_str_borrow(context, "message");
    if (!msg || obj_is_true(msg) <= 0) {
        vm_err_clear();
        sbuf_puts(&b, "Unhandled exception in event loop");
    } else {
        Obj *s = obj_str(msg);
        if (s) {
            Ssize n;
            const char *p = str_utf8_lossy(s, &n);
            sbuf_put(&b, p, (size_t)n);
            DECREF(s);
        }
        vm_err_clear();
    }
    Obj *keys = dict_keys_list(context);
    if (keys && list_sort(keys, NULL, false) == 0) {
        for (Ssize i = 0; i < LIST_LEN(keys); i++) {
            Obj *k = LIST_ITEMS(keys)[i];
            if (str_eq_cstr(k, "message") || str_eq_cstr(k, "exception")) continue;
            Obj *line = str_from_fmt("\n%S: %R", k, dict_get_borrow(context, k));
            if (!line) {
                vm_err_clear();
                continue;
            }
            Ssize n;
            const char *p = str_utf8_lossy(line, &n);
            sbuf_put(&b, p, (size_t)n);
            DECREF(line);
        }
    }
    XDECREF(keys);
    vm_err_clear();
    sbuf_putc(&b, '\n');
    Obj *exc = dict_get_str_borrow(context, "exception");
    write_stderr(b.data, b.len);
    sbuf_free(&b);
    if (exc && EXC_CHECK(exc)) {
        TbFormatOpts o = {.chain = true};
        Obj *chunks = traceback_format_chunks(exc, &o);
        Obj *text = chunks ? str_join(id_str(""), chunks) : NULL;
        if (text) {
            Ssize n;
            const char *p = str_utf8_lossy(text, &n);
            write_stderr(p, (size_t)n);
        }
        XDECREF(chunks);
        XDECREF(text);
    }
    vm_err_clear();
}

static void call_exception_handler(LoopObj *l, Obj *context)
{
    Obj *saved = vm_err_fetch();
    if (l && l->exception_handler && l->exception_handler != NONE) {
        Obj *args[2] = {(Obj *)l, context};
        Obj *r = obj_call(l->exception_handler, args, 2, NULL);
        if (!r) {
            Obj *e = vm_err_fetch();
            Obj *ctx = dict_new();
            if (ctx && e) {
                Obj *m = str_from_cstr("Unhandled error in exception handler");
                if (m) dict_set_str(ctx, "message", m);
                XDECREF(m);
                dict_set_str(ctx, "exception", e);
                dict_set_str(ctx, "context", context);
                default_exception_handler(ctx);
            }
            XDECREF(ctx);
            XDECREF(e);
        }
        XDECREF(r);
    } else {
        default_exception_handler(context);
    }
    vm_err_clear();
    vm_err_restore(saved);
}

/* A context dict {message: msg, exception: exc, key: value}. */
static void report(LoopObj *l, const char *message, Obj *msgobj, Obj *exc, const char *key, Obj *value)
{
    Obj *saved = vm_err_fetch();
    Obj *ctx = dict_new();
    Obj *m = msgobj ? INCREF(msgobj) : str_from_cstr(message);
    if (ctx && m && dict_set_str(ctx, "message", m) == 0 &&
        (!exc || dict_set_str(ctx, "exception", exc) == 0) &&
        (!key || dict_set_str(ctx, key, value) == 0))
        call_exception_handler(l, ctx);
    XDECREF(ctx);
    XDECREF(m);
    vm_err_clear();
    vm_err_restore(saved);
}

/* ---- futures and tasks --------------------------------------------------------------- */

enum { FUT_PENDING = 0, FUT_CANCELLED, FUT_FINISHED };

typedef struct FutObj {
    Obj base;
    Obj *loop;
    int state;
    Obj *result, *exception, *exc_tb;
    Obj *callbacks;              /* list or NULL */
    Obj *cancel_msg, *cancelled_exc;
    bool blocking, log_tb;
    Obj *dict, *weakreflist;
    /* Task */
    Obj *coro, *name, *fut_waiter;
    Obj *context;                /* the copy of the contextvars context the task runs in */
    bool must_cancel, log_destroy_pending, registered, finalized;
    Ssize num_cancels;
    /* _GatheringFuture */
    Obj *children;
    Ssize nfuts, nfinished;
    bool return_exceptions, cancel_requested;
} FutObj;

static TypeObj future_type, task_type, gathering_type;
#define FUT(o) ((FutObj *)(o))
static bool is_future(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &future_type); }
static bool is_task(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &task_type); }

static void task_unregister(FutObj *t)
{
    if (!t->registered || !t->loop) return;
    LoopObj *l = (LoopObj *)t->loop;
    for (Ssize i = 0; i < l->ntasks; i++)
        if (l->tasks[i] == (Obj *)t) {
            memmove(l->tasks + i, l->tasks + i + 1, (size_t)(l->ntasks - i - 1) * sizeof(Obj *));
            l->ntasks--;
            break;
        }
    t->registered = false;
}

static Obj *future_repr(Obj *o);

/* Future.__del__ / Task.__del__: the never-retrieved exception and the
 * destroyed pending task are reported through the loop's handler. */
static void future_finalize(Obj *o)
{
    FutObj *f = FUT(o);
    if (f->finalized) return;
    f->finalized = true;
    if (is_task(o) && f->state == FUT_PENDING && f->log_destroy_pending && f->loop) {
        report((LoopObj *)f->loop, "Task was destroyed but it is pending!", NULL, NULL, "task", o);
    }
    if (f->log_tb && f->exception && f->loop) {
        f->log_tb = false;
        Obj *m = str_from_fmt("%s exception was never retrieved", type_name(OBJ_TYPE(o)));
        if (m) report((LoopObj *)f->loop, NULL, m, f->exception, is_task(o) ? "future" : "future", o);
        XDECREF(m);
        vm_err_clear();
    }
}

static int future_clear(Obj *o)
{
    FutObj *f = FUT(o);
    task_unregister(f);      /* while the loop is known: it keeps no dangling task */
    CLEAR(f->loop);
    CLEAR(f->result);
    CLEAR(f->exception);
    CLEAR(f->exc_tb);
    CLEAR(f->callbacks);
    CLEAR(f->cancel_msg);
    CLEAR(f->cancelled_exc);
    CLEAR(f->dict);
    CLEAR(f->coro);
    CLEAR(f->context);
    CLEAR(f->name);
    CLEAR(f->fut_waiter);
    CLEAR(f->children);
    return 0;
}

static bool future_needs_finalize(FutObj *f)
{
    return !f->finalized && f->loop &&
           ((f->log_tb && f->exception) ||
            (is_task((Obj *)f) && f->state == FUT_PENDING && f->log_destroy_pending));
}

static void future_dealloc(Obj *o)
{
    FutObj *f = FUT(o);
    if (future_needs_finalize(f)) {
        /* __del__ runs with the object whole (it may be resurrected) */
        o->refcnt = 1;
        Obj *saved = vm_err_fetch();
        future_finalize(o);
        vm_err_restore(saved);
        if (--o->refcnt > 0) return;
    }
    gc_untrack(o);
    weakref_on_dealloc(o);
    task_unregister(f);
    future_clear(o);
    obj_free(o);
}

static int future_traverse(Obj *o, VisitFn visit, void *arg)
{
    FutObj *f = FUT(o);
    Obj *v[] = {f->loop, f->result, f->exception, f->exc_tb, f->callbacks, f->cancel_msg,
                f->cancelled_exc, f->dict, f->coro, f->name, f->fut_waiter, f->children, f->context};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (v[i] && visit(v[i], arg)) return 1;
    return 0;
}

static Obj *get_running_loop_or_raise(void)
{
    if (!running_loop) {
        vm_err_set_str(&exc_RuntimeError, "no running event loop");
        return NULL;
    }
    return (Obj *)running_loop;
}

static Obj *get_event_loop(int stacklevel);

static Obj *future_alloc(TypeObj *t, Obj *loop)
{
    FutObj *f = (FutObj *)obj_alloc(t, 0);
    if (!f) return NULL;
    f->loop = INCREF(loop);
    return (Obj *)f;
}

/* Schedule the done callbacks (call_soon each, in order), clearing them. */
static int future_schedule_callbacks(FutObj *f)
{
    Obj *cbs = f->callbacks;
    f->callbacks = NULL;
    if (!cbs) return 0;
    int rc = 0;
    for (Ssize i = 0; i < LIST_LEN(cbs) && rc == 0; i++) {
        Obj *fo = (Obj *)f;
        rc = call_soon_void((LoopObj *)f->loop, LIST_ITEMS(cbs)[i], &fo, 1);
    }
    DECREF(cbs);
    return rc;
}

static Obj *state_name(FutObj *f)
{
    return str_from_cstr(f->state == FUT_PENDING ? "PENDING" : f->state == FUT_CANCELLED ? "CANCELLED"
                                                                                        : "FINISHED");
}

/* The C Future's words ("invalid state"), not futures.py's. */
static int invalid_state(FutObj *f)
{
    (void)f;
    Obj *m = str_from_cstr("invalid state");
    if (m) {
        obj_setref(&m, obj_call(invalid_state_error, &m, 1, NULL));
        if (m) vm_err_restore(m);
    }
    return -1;
}

static int future_set_result(FutObj *f, Obj *v)
{
    if (f->state != FUT_PENDING) return invalid_state(f);
    obj_setref(&f->result, INCREF(v));
    f->state = FUT_FINISHED;
    return future_schedule_callbacks(f);
}

static int future_set_exception(FutObj *f, Obj *exc)
{
    if (f->state != FUT_PENDING) return invalid_state(f);
    Obj *e;
    if (TYPE_CHECK(exc)) {
        e = obj_call(exc, NULL, 0, NULL);
        if (!e) return -1;
        if (!EXC_CHECK(e)) {
            DECREF(e);
            vm_err_set_str(&exc_TypeError, "invalid exception object");
            return -1;
        }
    } else {
        e = INCREF(exc);
    }
    if (!EXC_CHECK(e)) {
        DECREF(e);
        vm_err_set_str(&exc_TypeError, "invalid exception object");
        return -1;
    }
    if (IS_TYPE(e, exc_StopIteration)) {
        DECREF(e);
        vm_err_set_str(&exc_TypeError,
                       "StopIteration interacts badly with generators and cannot be raised into a Future");
        return -1;
    }
    obj_setref(&f->exception, e);
    obj_setref(&f->exc_tb, xincref(((ExcObj *)e)->traceback));
    f->state = FUT_FINISHED;
    f->log_tb = true;
    return future_schedule_callbacks(f);
}

/* Future.cancel (the base one: no Task logic). */
static bool future_cancel_base(FutObj *f, Obj *msg)
{
    f->log_tb = false;
    if (f->state != FUT_PENDING) return false;
    f->state = FUT_CANCELLED;
    obj_setref(&f->cancel_msg, xincref(msg && msg != NONE ? msg : NULL));
    if (future_schedule_callbacks(f) < 0) vm_err_clear();
    return true;
}

/* _make_cancelled_error: the CancelledError the coroutine raised (handed
 * over once), else a new one with the cancel message. */
static Obj *make_cancelled_error(FutObj *f)
{
    if (f->cancelled_exc) {
        Obj *e = f->cancelled_exc;
        f->cancelled_exc = NULL;
        return e;
    }
    return new_cancelled_error(f->cancel_msg);
}

/* Future.result(): new ref, or NULL with the exception raised. */
static Obj *future_result(FutObj *f)
{
    if (f->state == FUT_CANCELLED) {
        Obj *e = make_cancelled_error(f);
        if (e) vm_err_restore(e);
        return NULL;
    }
    if (f->state != FUT_FINISHED) {
        Obj *a = str_from_cstr("Result is not set.");
        Obj *e = a ? obj_call(invalid_state_error, &a, 1, NULL) : NULL;
        XDECREF(a);
        if (e) vm_err_restore(e);
        return NULL;
    }
    f->log_tb = false;
    if (f->exception) {
        ExcObj *e = (ExcObj *)f->exception;
        obj_setref(&e->traceback, xincref(f->exc_tb));
        vm_err_restore(INCREF(f->exception));
        return NULL;
    }
    return INCREF(f->result ? f->result : NONE);
}

static Obj *future_exception(FutObj *f)
{
    if (f->state == FUT_CANCELLED) {
        Obj *e = make_cancelled_error(f);
        if (e) vm_err_restore(e);
        return NULL;
    }
    if (f->state != FUT_FINISHED) {
        Obj *a = str_from_cstr("Exception is not set.");
        Obj *e = a ? obj_call(invalid_state_error, &a, 1, NULL) : NULL;
        XDECREF(a);
        if (e) vm_err_restore(e);
        return NULL;
    }
    f->log_tb = false;
    return INCREF(f->exception ? f->exception : NONE);
}

static int future_add_done_callback(FutObj *f, Obj *fn)
{
    if (f->state != FUT_PENDING) {
        Obj *fo = (Obj *)f;
        return call_soon_void((LoopObj *)f->loop, fn, &fo, 1);
    }
    if (!f->callbacks && !(f->callbacks = list_new(0))) return -1;
    return list_append(f->callbacks, fn);
}

static Ssize future_remove_done_callback(FutObj *f, Obj *fn)
{
    if (!f->callbacks) return 0;
    Obj *keep = list_new(0);
    if (!keep) return -1;
    Ssize removed = 0;
    for (Ssize i = 0; i < LIST_LEN(f->callbacks); i++) {
        Obj *c = LIST_ITEMS(f->callbacks)[i];
        int eq = obj_richcompare_bool(c, fn, CMP_EQ);
        if (eq < 0) {
            DECREF(keep);
            return -1;
        }
        if (eq) removed++;
        else if (list_append(keep, c) < 0) {
            DECREF(keep);
            return -1;
        }
    }
    obj_setref(&f->callbacks, keep);
    return removed;
}

static int task_cancel(FutObj *t, Obj *msg);
static int gathering_cancel(FutObj *g, Obj *msg);

/* fut.cancel(msg) with the method the type has (Task, _GatheringFuture, or
 * a Python-level override): 1 cancelled, 0 not, -1 error. */
static int any_cancel(Obj *fut, Obj *msg)
{
    if (IS_TYPE(fut, task_type)) return task_cancel(FUT(fut), msg);
    if (IS_TYPE(fut, gathering_type)) return gathering_cancel(FUT(fut), msg);
    if (IS_TYPE(fut, future_type)) return future_cancel_base(FUT(fut), msg);
    Obj *r = msg && msg != NONE ? obj_call_method(fut, "cancel", &msg, 1) : obj_call_method(fut, "cancel", NULL, 0);
    if (!r) return -1;
    int t = obj_is_true(r);
    DECREF(r);
    return t;
}

static bool fut_done(Obj *f) { return FUT(f)->state != FUT_PENDING; }

/* ---- the awaiting iterator ----------------------------------------------------------------- */

typedef struct FutIterObj { Obj base; Obj *fut; } FutIterObj;
static TypeObj futiter_type;

static void futiter_dealloc(Obj *o)
{
    gc_untrack(o);
    XDECREF(((FutIterObj *)o)->fut);
    obj_free(o);
}

static int futiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *f = ((FutIterObj *)o)->fut;
    return f && visit(f, arg);
}

static Obj *futiter_next(Obj *o)
{
    FutIterObj *it = (FutIterObj *)o;
    if (!it->fut) return NULL;
    FutObj *f = FUT(it->fut);
    if (f->state == FUT_PENDING) {
        if (!f->blocking) {
            f->blocking = true;
            return INCREF(f);
        }
        vm_err_set_str(&exc_RuntimeError, "await wasn't used with future");
        return NULL;
    }
    Obj *fut = it->fut;
    it->fut = NULL;
    Obj *r = future_result(FUT(fut));
    DECREF(fut);
    if (!r) return NULL;
    gen_set_stop_iteration(r);
    DECREF(r);
    return NULL;
}

static Obj *futiter_iternext(Obj *o)
{
    Obj *r = futiter_next(o);
    if (!r && !vm_err_occurred()) gen_set_stop_iteration(NULL);
    return r;
}

static Obj *futiter_send(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("send", "send", n, kw, 1, 1) < 0) return NULL;
    return futiter_iternext(self);
}

static Obj *futiter_throw(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    if (args_no_kw("throw", kw) < 0 || args_count("throw", n, 1, 3) < 0) return NULL;
    Obj *typ = a[0], *val = n > 1 ? a[1] : NONE;
    if (TYPE_CHECK(typ) && val == NONE) {
        Obj *e = obj_call(typ, NULL, 0, NULL);
        if (e) vm_err_restore(e);
        return NULL;
    }
    if (TYPE_CHECK(typ)) {
        vm_err_restore(INCREF(val));
        return NULL;
    }
    vm_err_restore(INCREF(typ));
    return NULL;
}

static Obj *futiter_close(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("close", "close", n, kw, 0, 0) < 0) return NULL;
    CLEAR(((FutIterObj *)self)->fut);
    return INCREF(NONE);
}

static MethodDef futiter_methods[] = {
    {"send", futiter_send, METH_FAST, NULL},
    {"throw", futiter_throw, METH_FAST, NULL},
    {"close", futiter_close, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj futiter_type = {
    .base = TYPE_HEAD_INIT, .name = "_asyncio.FutureIter", .basicsize = sizeof(FutIterObj),
    .flags = TPF_GC, .dealloc = futiter_dealloc, .getattro = obj_generic_getattr,
    .traverse = futiter_traverse, .iter = iter_self, .iternext = futiter_iternext,
    .methods = futiter_methods,
};

static Obj *future_await(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("__await__", "__await__", n, kw, 0, 0) < 0) return NULL;
    FutIterObj *it = (FutIterObj *)obj_alloc(&futiter_type, 0);
    if (!it) return NULL;
    it->fut = INCREF(self);
    return (Obj *)it;
}

/* ---- native coroutines ---------------------------------------------------------------------
 * step(c, val, exc, out): resumed with val (the awaited result, borrowed,
 * may be NULL) or exc (the exception the await raised or that was thrown
 * in, borrowed).  Returns ACO_YIELD (*out: the value to yield),
 * ACO_RETURN (*out: the result), ACO_ERROR (exception pending) or
 * ACO_AWAIT (c->sub set: delegate to it, then resume). */
enum { ACO_ERROR = -1, ACO_RETURN = 0, ACO_YIELD = 1, ACO_AWAIT = 2 };

typedef struct ACoroObj ACoroObj;
typedef int (*ACoroStep)(ACoroObj *c, Obj *val, Obj *exc, Obj **out);
struct ACoroObj {
    Obj base;
    ACoroStep step;
    const char *name;
    int state;                   /* -1: finished */
    bool running;
    Obj *sub;                    /* the awaitable iterator being delegated to */
    Obj *s[6];                   /* the coroutine's variables */
    double d;
    Ssize i;
    Obj *weakreflist;
};

static TypeObj acoro_type;

/* A native coroutine dropped before it ran: "coroutine 'sleep' was never
 * awaited", as for the VM's own coroutines. */
static void acoro_finalize(Obj *o)
{
    ACoroObj *c = (ACoroObj *)o;
    if (c->state != 0 || c->sub || c->running) return;
    c->state = -1;
    Obj *saved = vm_err_fetch();
    Obj *msg = str_from_fmt("coroutine '%s' was never awaited", c->name);
    if (!msg || warnings_warn_source(&exc_RuntimeWarning, msg, 1, o) < 0) vm_err_write_unraisable(NULL, o);
    XDECREF(msg);
    vm_err_clear();
    vm_err_restore(saved);
}

static void acoro_dealloc(Obj *o)
{
    ACoroObj *c = (ACoroObj *)o;
    if (c->state == 0 && !c->sub && !c->running) {
        o->refcnt = 1;
        acoro_finalize(o);
        if (--o->refcnt > 0) return;
    }
    gc_untrack(o);
    weakref_on_dealloc(o);
    XDECREF(c->sub);
    for (int i = 0; i < 6; i++) XDECREF(c->s[i]);
    obj_free(o);
}

static int acoro_traverse(Obj *o, VisitFn visit, void *arg)
{
    ACoroObj *c = (ACoroObj *)o;
    if (c->sub && visit(c->sub, arg)) return 1;
    for (int i = 0; i < 6; i++)
        if (c->s[i] && visit(c->s[i], arg)) return 1;
    return 0;
}

static ACoroObj *acoro_new(const char *name, ACoroStep step)
{
    ACoroObj *c = (ACoroObj *)obj_alloc(&acoro_type, 0);
    if (!c) return NULL;
    c->name = name;
    c->step = step;
    return c;
}

/* Send into (exc == NULL) or throw into an awaitable iterator:
 * ACO_YIELD / ACO_RETURN with *out, or ACO_ERROR. */
static int aco_drive(ACoroObj *c, Obj *exc, Obj **out);

static int delegate(Obj *sub, Obj *exc, Obj **out)
{
    if (IS_TYPE(sub, acoro_type)) return aco_drive((ACoroObj *)sub, exc, out);
    if (!exc && gen_check(sub)) {
        int st = gen_send_ex(sub, NONE, NULL, out);
        return st == GEN_YIELD ? ACO_YIELD : st == GEN_RETURN ? ACO_RETURN : ACO_ERROR;
    }
    Obj *r;
    if (exc) {
        Obj *m;
        if (obj_lookup_attr(sub, id_str("throw"), &m) < 0) return ACO_ERROR;
        if (!m) {
            vm_err_restore(INCREF(exc));
            return ACO_ERROR;
        }
        r = obj_call(m, &exc, 1, NULL);
        DECREF(m);
    } else if (OBJ_TYPE(sub)->iternext) {
        r = OBJ_TYPE(sub)->iternext(sub);
        if (!r && !vm_err_occurred()) gen_set_stop_iteration(NULL);
    } else {
        Obj *none = NONE;
        r = obj_call_method(sub, "send", &none, 1);
    }
    if (r) {
        *out = r;
        return ACO_YIELD;
    }
    r = gen_fetch_stop_iteration_value();
    if (!r) return ACO_ERROR;
    *out = r;
    return ACO_RETURN;
}

static int aco_drive(ACoroObj *c, Obj *exc, Obj **out)
{
    if (c->state < 0) {
        if (exc) {
            vm_err_restore(INCREF(exc));
            return ACO_ERROR;
        }
        vm_err_set_str(&exc_RuntimeError, "cannot reuse already awaited coroutine");
        return ACO_ERROR;
    }
    if (c->running) {
        vm_err_set_str(&exc_ValueError, "coroutine already executing");
        return ACO_ERROR;
    }
    c->running = true;
    INCREF(c);
    Obj *val = NULL;
    exc = xincref(exc);
    int r;
    for (;;) {
        if (c->sub) {
            Obj *v = NULL;
            int d = delegate(c->sub, exc, &v);
            CLEAR(exc);
            if (d == ACO_YIELD) {
                *out = v;
                r = ACO_YIELD;
                break;
            }
            CLEAR(c->sub);
            if (d == ACO_RETURN) val = v;
            else exc = vm_err_fetch();
        }
        r = c->step(c, val, exc, out);
        CLEAR(val);
        CLEAR(exc);
        if (r != ACO_AWAIT) break;
    }
    if (r == ACO_RETURN || r == ACO_ERROR) {
        c->state = -1;
        CLEAR(c->sub);
        for (int i = 0; i < 6; i++) CLEAR(c->s[i]);
    }
    c->running = false;
    DECREF(c);
    return r;
}

/* In a step: `await aw` — becomes ACO_AWAIT with c->sub set. */
static int aco_await(ACoroObj *c, Obj *aw, int next_state)
{
    Obj *it = gen_get_awaitable(aw, 0);
    if (!it) return ACO_ERROR;
    obj_setref(&c->sub, it);
    c->state = next_state;
    return ACO_AWAIT;
}

static int aco_raise(Obj *exc)
{
    vm_err_restore(INCREF(exc));
    return ACO_ERROR;
}

static Obj *acoro_send(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("send", "send", n, kw, 1, 1) < 0) return NULL;
    ACoroObj *c = (ACoroObj *)self;
    if (a[0] != NONE && c->state == 0 && !c->sub) {
        vm_err_set_str(&exc_TypeError, "can't send non-None value to a just-started coroutine");
        return NULL;
    }
    Obj *out = NULL;
    int r = aco_drive(c, NULL, &out);
    if (r == ACO_YIELD) return out;
    if (r == ACO_RETURN) {
        gen_set_stop_iteration(out);
        DECREF(out);
    }
    return NULL;
}

static Obj *acoro_iternext(Obj *self)
{
    Obj *out = NULL;
    int r = aco_drive((ACoroObj *)self, NULL, &out);
    if (r == ACO_YIELD) return out;
    if (r == ACO_RETURN) {
        gen_set_stop_iteration(out);
        DECREF(out);
    }
    return NULL;
}

static Obj *exc_from_throw_args(Obj *const *a, Ssize n)
{
    Obj *typ = a[0], *val = n > 1 ? a[1] : NONE;
    if (TYPE_CHECK(typ)) {
        if (val != NONE && EXC_CHECK(val)) return INCREF(val);
        return val != NONE ? obj_call(typ, &val, 1, NULL) : obj_call(typ, NULL, 0, NULL);
    }
    if (!EXC_CHECK(typ)) {
        vm_err_set_str(&exc_TypeError, "exceptions must be classes or instances deriving from BaseException, not str");
        return NULL;
    }
    return INCREF(typ);
}

static Obj *acoro_throw(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (args_no_kw("throw", kw) < 0 || args_count("throw", n, 1, 3) < 0) return NULL;
    Obj *e = exc_from_throw_args(a, n);
    if (!e) return NULL;
    Obj *out = NULL;
    int r = aco_drive((ACoroObj *)self, e, &out);
    DECREF(e);
    if (r == ACO_YIELD) return out;
    if (r == ACO_RETURN) {
        gen_set_stop_iteration(out);
        DECREF(out);
    }
    return NULL;
}

static Obj *acoro_close(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("close", "close", n, kw, 0, 0) < 0) return NULL;
    ACoroObj *c = (ACoroObj *)self;
    if (c->state < 0 || (c->state == 0 && !c->sub)) {
        c->state = -1;
        return INCREF(NONE);
    }
    Obj *e = obj_call((Obj *)&exc_GeneratorExit, NULL, 0, NULL);
    if (!e) return NULL;
    Obj *out = NULL;
    int r = aco_drive(c, e, &out);
    DECREF(e);
    if (r == ACO_YIELD) {
        DECREF(out);
        vm_err_set_str(&exc_RuntimeError, "coroutine ignored GeneratorExit");
        return NULL;
    }
    if (r == ACO_RETURN) {
        DECREF(out);
        return INCREF(NONE);
    }
    if (vm_err_matches(&exc_GeneratorExit) || vm_err_matches(&exc_StopIteration)) {
        vm_err_clear();
        return INCREF(NONE);
    }
    return NULL;
}

static Obj *acoro_await_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("__await__", "__await__", n, kw, 0, 0) < 0) return NULL;
    return INCREF(self);
}

static Obj *acoro_repr(Obj *o)
{
    return str_from_fmt("<coroutine object %s at %p>", ((ACoroObj *)o)->name, (void *)o);
}

static Obj *acoro_get_name(Obj *o, void *c)
{
    (void)c;
    const char *n = ((ACoroObj *)o)->name;
    const char *dot = strrchr(n, '.');
    return str_from_cstr(dot ? dot + 1 : n);
}

static Obj *acoro_get_qualname(Obj *o, void *c)
{
    (void)c;
    return str_from_cstr(((ACoroObj *)o)->name);
}

static MethodDef acoro_methods[] = {
    {"send", acoro_send, METH_FAST, NULL},
    {"throw", acoro_throw, METH_FAST, NULL},
    {"close", acoro_close, METH_FAST, NULL},
    {"__await__", acoro_await_m, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef acoro_getset[] = {
    {"__name__", acoro_get_name, NULL, NULL, NULL},
    {"__qualname__", acoro_get_qualname, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj acoro_type = {
    .base = TYPE_HEAD_INIT, .name = "coroutine", .basicsize = sizeof(ACoroObj),
    .flags = TPF_GC, .dealloc = acoro_dealloc, .repr = acoro_repr, .getattro = obj_generic_getattr,
    .traverse = acoro_traverse, .iternext = acoro_iternext, .methods = acoro_methods, .finalize = acoro_finalize,
    .getset = acoro_getset, .weaklistoffset = offsetof(ACoroObj, weakreflist),
};

/* Drop a native coroutine that was made but will never be handed out. */
static void acoro_discard(ACoroObj *c)
{
    c->state = -1;
    DECREF(c);
}

/* asyncio.iscoroutine: coroutines, ours, generator-based ones, and the
 * awaitables of async generators (registered as Coroutine in CPython). */
static bool is_coroutine(Obj *o)
{
    if (IS_TYPE(o, coroutine_type) || IS_TYPE(o, acoro_type) || gen_is_coroutine(o)) return true;
    const char *tn = OBJ_TYPE(o)->name;
    return strcmp(tn, "async_generator_athrow") == 0 || strcmp(tn, "async_generator_asend") == 0;
}

/* A native coroutine that returns v at once (or raises exc). */
static int done_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    if (exc) return aco_raise(exc);
    if (c->s[1]) return aco_raise(c->s[1]);
    *out = INCREF(c->s[0] ? c->s[0] : NONE);
    return ACO_RETURN;
}

static Obj *acoro_done(const char *name, Obj *v)   /* v NULL: an exception is pending: raised when awaited */
{
    Obj *e = v ? NULL : vm_err_fetch();
    ACoroObj *c = acoro_new(name, done_step);
    if (!c) {
        XDECREF(e);
        return NULL;
    }
    c->s[0] = xincref(v);
    c->s[1] = e;
    return (Obj *)c;
}

/* ---- Task ------------------------------------------------------------------------------------ */

static void task_step(FutObj *t, Obj *exc);
static Obj *task_wakeup_fn(Obj *self, Obj *const *a, Ssize n, Obj *kw);
static Obj *task_step_fn(Obj *self, Obj *const *a, Ssize n, Obj *kw);
static const MethodDef task_wakeup_def = {"task_wakeup", task_wakeup_fn, METH_FAST, NULL};
static const MethodDef task_step_def = {"task_step", task_step_fn, METH_FAST, NULL};

static int schedule_step(FutObj *t, Obj *exc)
{
    Obj *fn = builtin_new(&task_step_def, (Obj *)t, NULL);
    if (!fn) return -1;
    int rc = call_soon_void((LoopObj *)t->loop, fn, exc ? &exc : NULL, exc ? 1 : 0);
    DECREF(fn);
    return rc;
}

static Obj *task_new_on(LoopObj *l, Obj *coro, Obj *name)
{
    if (!is_coroutine(coro)) {
        vm_err_format(&exc_TypeError, "a coroutine was expected, got %R", coro);
        return NULL;
    }
    if (check_closed(l) < 0) return NULL;
    FutObj *t = (FutObj *)future_alloc(&task_type, (Obj *)l);
    if (!t) return NULL;
    t->coro = INCREF(coro);
    if (!(t->context = contextvars_copy_current())) {
        DECREF(t);
        return NULL;
    }
    t->log_destroy_pending = true;
    ++task_name_counter;
    t->name = name && name != NONE ? obj_str(name) : str_from_fmt("Task-%llu", (unsigned long long)task_name_counter);
    if (!t->name || schedule_step(t, NULL) < 0) {
        t->log_destroy_pending = false;
        DECREF(t);
        return NULL;
    }
    if (l->ntasks == l->tcap) {
        l->tcap = l->tcap ? l->tcap * 2 : 16;
        l->tasks = xrealloc(l->tasks, (size_t)l->tcap * sizeof *l->tasks);
    }
    l->tasks[l->ntasks++] = (Obj *)t;
    t->registered = true;
    return (Obj *)t;
}

static int task_cancel(FutObj *t, Obj *msg)
{
    t->log_tb = false;
    if (t->state != FUT_PENDING) return 0;
    t->num_cancels++;
    if (t->fut_waiter) {
        int r = any_cancel(t->fut_waiter, msg);
        if (r < 0) return -1;
        if (r) return 1;
    }
    t->must_cancel = true;
    obj_setref(&t->cancel_msg, xincref(msg && msg != NONE ? msg : NULL));
    return 1;
}

/* Send into (exc NULL) or throw into the task's coroutine. */
static int coro_resume(Obj *coro, Obj *exc, Obj **out)
{
    if (IS_TYPE(coro, acoro_type)) return aco_drive((ACoroObj *)coro, exc, out);
    return delegate(coro, exc, out);
}

static void task_step(FutObj *t, Obj *exc_in)
{
    LoopObj *l = (LoopObj *)t->loop;
    if (t->state != FUT_PENDING) {
        Obj *r = future_repr((Obj *)t);
        Obj *m = r ? str_from_fmt("_step(): already done: %S, %R", r, exc_in ? exc_in : NONE) : NULL;
        XDECREF(r);
        if (m) {
            obj_setref(&m, obj_call(invalid_state_error, &m, 1, NULL));
            if (m) vm_err_restore(m);
        }
        return;
    }
    Obj *exc = xincref(exc_in);
    if (t->must_cancel) {
        if (!exc || !EXC_CHECK(exc) || !type_is_subtype(OBJ_TYPE(exc), (TypeObj *)cancelled_error)) {
            XDECREF(exc);
            exc = make_cancelled_error(t);
            if (!exc) return;
        }
        t->must_cancel = false;
    }
    CLEAR(t->fut_waiter);
    Obj *prev_task = l->current_task;
    if (prev_task) {
        XDECREF(exc);
        vm_err_format(&exc_RuntimeError, "Cannot enter into task %R while another task %R is being executed.",
                      (Obj *)t, prev_task);
        return;
    }
    l->current_task = (Obj *)t;
    INCREF(t);
    Obj *result = NULL;
    Obj *outer_ctx = contextvars_enter(t->context);   /* each step runs in the task's context */
    int r = coro_resume(t->coro, exc, &result);
    contextvars_leave(outer_ctx);
    XDECREF(exc);
    Obj *new_exc = NULL;
    if (r == ACO_RETURN) {
        if (t->must_cancel) {
            t->must_cancel = false;
            future_cancel_base(t, t->cancel_msg);
        } else if (future_set_result(t, result) < 0) {
            vm_err_clear();
        }
        CLEAR(result);
    } else if (r == ACO_ERROR) {
        Obj *e = vm_err_fetch();
        if (e && type_is_subtype(OBJ_TYPE(e), (TypeObj *)cancelled_error)) {
            obj_setref(&t->cancelled_exc, e);
            future_cancel_base(t, NULL);
        } else if (e && (type_is_subtype(OBJ_TYPE(e), &exc_KeyboardInterrupt) ||
                         type_is_subtype(OBJ_TYPE(e), &exc_SystemExit))) {
            if (future_set_exception(t, e) < 0) vm_err_clear();
            l->current_task = NULL;
            vm_err_restore(e);
            DECREF(t);
            return;
        } else if (e) {
            if (future_set_exception(t, e) < 0) vm_err_clear();
            DECREF(e);
        }
    } else {
        Obj *blocking = NULL;
        if (is_future(result)) {
            blocking = bool_from(FUT(result)->blocking);
        } else if (obj_lookup_attr(result, id_str("_asyncio_future_blocking"), &blocking) < 0) {
            vm_err_clear();
            blocking = NULL;
        }
        if (blocking) {
            int b = obj_is_true(blocking);
            DECREF(blocking);
            if (is_future(result) && FUT(result)->loop != (Obj *)l) {
                new_exc = str_from_fmt("Task %R got Future %R attached to a different loop", (Obj *)t, result);
            } else if (b > 0) {
                if (result == (Obj *)t) {
                    new_exc = str_from_fmt("Task cannot await on itself: %R", (Obj *)t);
                } else {
                    Obj *wake = builtin_new(&task_wakeup_def, (Obj *)t, NULL);
                    int rc;
                    if (is_future(result)) {
                        FUT(result)->blocking = false;
                        rc = wake ? future_add_done_callback(FUT(result), wake) : -1;
                    } else {
                        rc = obj_setattr(result, id_str("_asyncio_future_blocking"), FALSE_);
                        Obj *rr = rc == 0 && wake ? obj_call_method(result, "add_done_callback", &wake, 1) : NULL;
                        rc = rr ? 0 : -1;
                        XDECREF(rr);
                    }
                    XDECREF(wake);
                    if (rc < 0) {
                        vm_err_clear();
                    } else {
                        obj_setref(&t->fut_waiter, INCREF(result));
                        if (t->must_cancel) {
                            int c = any_cancel(t->fut_waiter, t->cancel_msg);
                            if (c < 0) vm_err_clear();
                            else if (c) t->must_cancel = false;
                        }
                    }
                }
            } else {
                new_exc = str_from_fmt("yield was used instead of yield from in task %R with %R", (Obj *)t, result);
            }
        } else if (result == NONE) {
            if (schedule_step(t, NULL) < 0) vm_err_clear();
        } else if (IS_TYPE(result, generator_type)) {
            new_exc = str_from_fmt("yield was used instead of yield from for generator in task %R with %R",
                                   (Obj *)t, result);
        } else {
            new_exc = str_from_fmt("Task got bad yield: %R", result);
        }
        XDECREF(result);
    }
    if (new_exc) {
        Obj *e = obj_call((Obj *)&exc_RuntimeError, &new_exc, 1, NULL);
        DECREF(new_exc);
        if (e && schedule_step(t, e) < 0) vm_err_clear();
        XDECREF(e);
    }
    vm_err_clear();
    l->current_task = NULL;
    DECREF(t);
}

static Obj *task_step_fn(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    task_step(FUT(self), n > 0 ? a[0] : NULL);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *task_wakeup_fn(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    if (n != 1) {
        vm_err_set_str(&exc_TypeError, "task_wakeup() takes exactly one argument");
        return NULL;
    }
    Obj *fut = a[0];
    Obj *r = is_future(fut) ? future_result(FUT(fut)) : obj_call_method(fut, "result", NULL, 0);
    if (r) {
        DECREF(r);
        task_step(FUT(self), NULL);
    } else {
        Obj *e = vm_err_fetch();
        task_step(FUT(self), e);
        XDECREF(e);
    }
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

/* ---- _GatheringFuture -------------------------------------------------------------------------- */

static int gathering_cancel(FutObj *g, Obj *msg)
{
    if (g->state != FUT_PENDING) return 0;
    bool ret = false;
    Obj *children = g->children ? INCREF(g->children) : list_new(0);
    if (!children) return -1;
    for (Ssize i = 0; i < LIST_LEN(children); i++) {
        int r = any_cancel(LIST_ITEMS(children)[i], msg);
        if (r < 0) {
            DECREF(children);
            return -1;
        }
        if (r) ret = true;
    }
    DECREF(children);
    if (ret) g->cancel_requested = true;
    return ret;
}

static Obj *fut_exception_any(Obj *f)
{
    return is_future(f) ? future_exception(FUT(f)) : obj_call_method(f, "exception", NULL, 0);
}

/* gather's _done_callback, bound to the outer future. */
static Obj *gather_done_fn(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    if (n != 1) {
        vm_err_set_str(&exc_TypeError, "_done_callback() takes exactly one argument");
        return NULL;
    }
    FutObj *outer = FUT(self);
    Obj *fut = a[0];
    outer->nfinished++;
    if (outer->state != FUT_PENDING) {
        if (!(is_future(fut) && FUT(fut)->state == FUT_CANCELLED)) {
            Obj *e = fut_exception_any(fut);
            if (!e) return NULL;
            DECREF(e);
        }
        return INCREF(NONE);
    }
    if (!outer->return_exceptions) {
        if (FUT(fut)->state == FUT_CANCELLED) {
            Obj *exc = make_cancelled_error(FUT(fut));
            if (!exc) return NULL;
            int rc = future_set_exception(outer, exc);
            DECREF(exc);
            return rc < 0 ? NULL : INCREF(NONE);
        }
        Obj *exc = fut_exception_any(fut);
        if (!exc) return NULL;
        if (exc != NONE) {
            int rc = future_set_exception(outer, exc);
            DECREF(exc);
            return rc < 0 ? NULL : INCREF(NONE);
        }
        DECREF(exc);
    }
    if (outer->nfinished == outer->nfuts) {
        Obj *results = list_new(0);
        if (!results) return NULL;
        for (Ssize i = 0; i < LIST_LEN(outer->children); i++) {
            FutObj *c = FUT(LIST_ITEMS(outer->children)[i]);
            Obj *res;
            if (c->state == FUT_CANCELLED) {
                Obj *m = c->cancel_msg ? INCREF(c->cancel_msg) : str_from_cstr("");
                res = m ? obj_call(cancelled_error, &m, 1, NULL) : NULL;
                XDECREF(m);
            } else {
                res = future_exception(c);
                if (res == NONE) {
                    DECREF(res);
                    res = future_result(c);
                }
            }
            if (!res || list_append(results, res) < 0) {
                XDECREF(res);
                DECREF(results);
                return NULL;
            }
            DECREF(res);
        }
        int rc;
        if (outer->cancel_requested) {
            Obj *exc = make_cancelled_error(FUT(fut));
            rc = exc ? future_set_exception(outer, exc) : -1;
            XDECREF(exc);
        } else {
            rc = future_set_result(outer, results);
        }
        DECREF(results);
        if (rc < 0) return NULL;
    }
    return INCREF(NONE);
}
static const MethodDef gather_done_def = {"_done_callback", gather_done_fn, METH_FAST, NULL};

static Obj *ensure_future(Obj *o, LoopObj *loop);

static Obj *gather(Obj *const *aws, Ssize n, bool return_exceptions)
{
    if (n == 0) {
        Obj *loop = get_event_loop(2);
        if (!loop) return NULL;
        Obj *outer = future_alloc(&future_type, loop);
        DECREF(loop);
        Obj *empty = list_new(0);
        if (!outer || !empty || future_set_result(FUT(outer), empty) < 0) {
            XDECREF(outer);
            XDECREF(empty);
            return NULL;
        }
        DECREF(empty);
        return outer;
    }
    Obj *arg_to_fut = dict_new();
    Obj *children = list_new(0);
    Obj *done_futs = list_new(0);
    FutObj *outer = NULL;
    Obj *cb = NULL;
    LoopObj *loop = NULL;
    if (!arg_to_fut || !children || !done_futs) goto fail;
    /* the outer future exists from the start here (its callback is bound
     * to it); callbacks only run later, from the loop */
    Ssize nfuts = 0;
    Obj *pending_cb_futs = list_new(0);
    if (!pending_cb_futs) goto fail;
    for (Ssize i = 0; i < n; i++) {
        Obj *arg = aws[i];
        Obj *fut = dict_get_borrow(arg_to_fut, arg);
        if (!fut && vm_err_occurred()) {
            /* unhashable: no dedup possible */
            vm_err_clear();
        }
        if (fut) {
            INCREF(fut);
        } else {
            fut = ensure_future(arg, loop);
            if (!fut) {
                DECREF(pending_cb_futs);
                goto fail;
            }
            if (!loop) loop = (LoopObj *)FUT(fut)->loop;
            if (fut != arg) FUT(fut)->log_destroy_pending = false;
            nfuts++;
            if (dict_set(arg_to_fut, arg, fut) < 0) vm_err_clear();
            if (fut_done(fut)) list_append(done_futs, fut);
            else list_append(pending_cb_futs, fut);
        }
        if (list_append(children, fut) < 0) {
            DECREF(fut);
            DECREF(pending_cb_futs);
            goto fail;
        }
        DECREF(fut);
    }
    outer = (FutObj *)future_alloc(&gathering_type, (Obj *)loop);
    if (!outer) {
        DECREF(pending_cb_futs);
        goto fail;
    }
    outer->children = INCREF(children);
    outer->nfuts = nfuts;
    outer->return_exceptions = return_exceptions;
    cb = builtin_new(&gather_done_def, (Obj *)outer, NULL);
    if (!cb) {
        DECREF(pending_cb_futs);
        goto fail;
    }
    for (Ssize i = 0; i < LIST_LEN(pending_cb_futs); i++)
        if (future_add_done_callback(FUT(LIST_ITEMS(pending_cb_futs)[i]), cb) < 0) {
            DECREF(pending_cb_futs);
            goto fail;
        }
    DECREF(pending_cb_futs);
    for (Ssize i = 0; i < LIST_LEN(done_futs); i++) {
        Obj *r = obj_call(cb, &LIST_ITEMS(done_futs)[i], 1, NULL);
        if (!r) goto fail;
        DECREF(r);
    }
    DECREF(cb);
    DECREF(arg_to_fut);
    DECREF(children);
    DECREF(done_futs);
    return (Obj *)outer;
fail:
    XDECREF(cb);
    XDECREF(outer);
    XDECREF(arg_to_fut);
    XDECREF(children);
    XDECREF(done_futs);
    return NULL;
}

/* ---- Future / Task methods --------------------------------------------------------------------- */

static void put_obj(SBuf *b, Obj *o, bool repr)
{
    Obj *s = repr ? obj_repr(o) : obj_str(o);
    if (!s) {
        vm_err_clear();
        return;
    }
    Ssize n;
    const char *p = str_utf8_lossy(s, &n);
    sbuf_put(b, p, (size_t)n);
    DECREF(s);
}

/* The coroutine part of a Task's repr: "main() running at f.py:3" or
 * "main() done, defined at f.py:1". */
static void format_coro(SBuf *b, Obj *coro)
{
    if (IS_TYPE(coro, coroutine_type)) {
        GenObj *g = (GenObj *)coro;
        put_obj(b, g->qualname, false);
        sbuf_puts(b, "()");
        Frame *f = g->frame;
        CodeRtObj *co = f ? f->code : NULL;
        if (f && f->state < FRAME_COMPLETED) {
            sbuf_puts(b, " running at ");
            put_obj(b, co->filename, false);
            sbuf_printf(b, ":%d", f->state == FRAME_CREATED ? co->firstlineno : frame_lineno(f));
        } else if (co) {
            sbuf_puts(b, " done, defined at ");
            put_obj(b, co->filename, false);
            sbuf_printf(b, ":%d", co->firstlineno);
        }
        return;
    }
    if (IS_TYPE(coro, acoro_type)) {
        sbuf_puts(b, ((ACoroObj *)coro)->name);
        sbuf_puts(b, "()");
        return;
    }
    put_obj(b, coro, true);
}

static void format_callbacks(SBuf *b, FutObj *f)
{
    if (!f->callbacks || !LIST_LEN(f->callbacks)) return;
    Ssize n = LIST_LEN(f->callbacks);
    sbuf_puts(b, " cb=[");
    if (n <= 2) {
        for (Ssize i = 0; i < n; i++) {
            if (i) sbuf_puts(b, ", ");
            format_callback(b, LIST_ITEMS(f->callbacks)[i]);
        }
    } else {
        format_callback(b, LIST_ITEMS(f->callbacks)[0]);
        sbuf_printf(b, ", <%ld more>, ", (long)(n - 2));
        format_callback(b, LIST_ITEMS(f->callbacks)[n - 1]);
    }
    sbuf_putc(b, ']');
}

static Obj *future_repr(Obj *o)
{
    FutObj *f = FUT(o);
    SBuf b = SBUF_INIT;
    bool task = is_task(o);
    sbuf_printf(&b, "<%s ", task ? "Task" : type_name(OBJ_TYPE(o)));
    if (task && f->state == FUT_FINISHED) sbuf_puts(&b, "finished");
    else sbuf_puts(&b, f->state == FUT_PENDING ? "pending" : f->state == FUT_CANCELLED ? "cancelled" : "finished");
    if (task) {
        sbuf_puts(&b, " name=");
        put_obj(&b, f->name, true);
        sbuf_puts(&b, " coro=<");
        format_coro(&b, f->coro);
        sbuf_putc(&b, '>');
    }
    if (f->state == FUT_FINISHED) {
        if (f->exception) {
            sbuf_puts(&b, " exception=");
            put_obj(&b, f->exception, true);
        } else {
            sbuf_puts(&b, " result=");
            SBuf r = SBUF_INIT;
            put_obj(&r, f->result ? f->result : NONE, true);
            if (r.len > 60) {
                sbuf_put(&b, r.data, 57);
                sbuf_puts(&b, "...");
            } else {
                sbuf_put(&b, r.data, r.len);
            }
            sbuf_free(&r);
        }
    }
    if (!task || f->state == FUT_PENDING) format_callbacks(&b, f);
    if (task && f->fut_waiter) {
        sbuf_puts(&b, " wait_for=");
        put_obj(&b, f->fut_waiter, true);
    }
    sbuf_putc(&b, '>');
    Obj *s = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

static Obj *get_event_loop(int stacklevel);

static Obj *future_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"loop"};
    Obj *v[1];
    if (mh_bind("Future", args, nargs, kwnames, names, 1, 0, 0, 0, 0, v) < 0) return NULL;
    Obj *loop = v[0] && v[0] != NONE ? INCREF(v[0]) : get_event_loop(2);
    if (!loop) return NULL;
    Obj *f = future_alloc(t, loop);
    DECREF(loop);
    return f;
}

/* __init__ of the types whose __new__ takes the arguments (a subclass's
 * super().__init__(…) must not fail). */
static int accept_args_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kwnames;
    return 0;
}

#define NOARGS(nm)                                                       \
    do {                                                                 \
        (void)a;                                                         \
        if (mh_pos_args(nm, nm, n, kw, 0, 0) < 0) return NULL;           \
    } while (0)

static Obj *fm_result(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("result");
    return future_result(FUT(self));
}

static Obj *fm_exception(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("exception");
    return future_exception(FUT(self));
}

static Obj *fm_done(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("done");
    return bool_from(FUT(self)->state != FUT_PENDING);
}

static Obj *fm_cancelled(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("cancelled");
    return bool_from(FUT(self)->state == FUT_CANCELLED);
}

static Obj *fm_get_loop(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("get_loop");
    return INCREF(FUT(self)->loop);
}

static Obj *fm_cancel(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"msg"};
    Obj *v[1];
    if (mh_bind("cancel", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    int r;
    if (IS_TYPE(self, task_type) || is_task(self)) r = task_cancel(FUT(self), v[0]);
    else if (IS_TYPE(self, gathering_type)) r = gathering_cancel(FUT(self), v[0]);
    else r = future_cancel_base(FUT(self), v[0]);
    if (r < 0) return NULL;
    return bool_from(r);
}

static Obj *fm_set_result(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("set_result", "set_result", n, kw, 1, 1) < 0) return NULL;
    if (is_task(self)) {
        vm_err_set_str(&exc_RuntimeError, "Task does not support set_result operation");
        return NULL;
    }
    return future_set_result(FUT(self), a[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *fm_set_exception(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("set_exception", "set_exception", n, kw, 1, 1) < 0) return NULL;
    if (is_task(self)) {
        vm_err_set_str(&exc_RuntimeError, "Task does not support set_exception operation");
        return NULL;
    }
    return future_set_exception(FUT(self), a[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *fm_add_done_callback(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"fn", "context"};
    Obj *v[2];
    if (n > 1) {
        vm_err_format(&exc_TypeError, "add_done_callback() takes exactly 1 positional argument (%zd given)", n);
        return NULL;
    }
    if (mh_bind("add_done_callback", a, n, kw, names, 2, 1, 1, 1, 0, v) < 0) return NULL;
    return future_add_done_callback(FUT(self), v[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *fm_remove_done_callback(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("remove_done_callback", "remove_done_callback", n, kw, 1, 1) < 0) return NULL;
    Ssize r = future_remove_done_callback(FUT(self), a[0]);
    return r < 0 ? NULL : int_from_i64(r);
}

static Obj *tm_get_name(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("get_name");
    return INCREF(FUT(self)->name);
}

static Obj *tm_set_name(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("set_name", "set_name", n, kw, 1, 1) < 0) return NULL;
    Obj *s = obj_str(a[0]);
    if (!s) return NULL;
    obj_setref(&FUT(self)->name, s);
    return INCREF(NONE);
}

static Obj *tm_get_coro(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("get_coro");
    return INCREF(FUT(self)->coro ? FUT(self)->coro : NONE);
}

static Obj *tm_cancelling(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("cancelling");
    return int_from_i64(FUT(self)->num_cancels);
}

static Obj *tm_uncancel(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("uncancel");
    FutObj *t = FUT(self);
    if (t->num_cancels > 0) t->num_cancels--;
    return int_from_i64(t->num_cancels);
}

static Obj *tm_get_stack(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    (void)a;
    (void)n;
    (void)kw;
    return list_new(0);
}

static Obj *tm_get_context(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    NOARGS("get_context");
    return INCREF(NONE);
}

static Obj *fg_blocking(Obj *o, void *c)
{
    (void)c;
    return bool_from(FUT(o)->blocking);
}

static int fs_blocking(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_AttributeError, "cannot delete attribute");
        return -1;
    }
    int t = obj_is_true(v);
    if (t < 0) return -1;
    FUT(o)->blocking = t;
    return 0;
}

static Obj *fg_loop(Obj *o, void *c)
{
    (void)c;
    return INCREF(FUT(o)->loop);
}

static Obj *fg_state(Obj *o, void *c)
{
    (void)c;
    return state_name(FUT(o));
}

static Obj *fg_log_tb(Obj *o, void *c)
{
    (void)c;
    return bool_from(FUT(o)->log_tb);
}

static int fs_log_tb(Obj *o, Obj *v, void *c)
{
    (void)c;
    int t = v ? obj_is_true(v) : 0;
    if (t < 0) return -1;
    FUT(o)->log_tb = t;
    return 0;
}

static Obj *fg_coro(Obj *o, void *c)
{
    (void)c;
    return INCREF(FUT(o)->coro ? FUT(o)->coro : NONE);
}

static Obj *fg_fut_waiter(Obj *o, void *c)
{
    (void)c;
    return INCREF(FUT(o)->fut_waiter ? FUT(o)->fut_waiter : NONE);
}

static Obj *fg_must_cancel(Obj *o, void *c)
{
    (void)c;
    return bool_from(FUT(o)->must_cancel);
}

static Obj *fg_log_destroy(Obj *o, void *c)
{
    (void)c;
    return bool_from(FUT(o)->log_destroy_pending);
}

static int fs_log_destroy(Obj *o, Obj *v, void *c)
{
    (void)c;
    int t = v ? obj_is_true(v) : 0;
    if (t < 0) return -1;
    FUT(o)->log_destroy_pending = t;
    return 0;
}

static Obj *fut_class_getitem(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("__class_getitem__", "__class_getitem__", n, kw, 1, 1) < 0) return NULL;
    return generic_alias_new(cls, a[0]);
}

static MethodDef future_methods[] = {
    {"result", fm_result, METH_FAST, "Return the result this future represents."},
    {"exception", fm_exception, METH_FAST, "Return the exception that was set on this future."},
    {"done", fm_done, METH_FAST, "Return True if the future is done."},
    {"cancelled", fm_cancelled, METH_FAST, "Return True if the future was cancelled."},
    {"cancel", fm_cancel, METH_FAST, "Cancel the future and schedule callbacks."},
    {"set_result", fm_set_result, METH_FAST, "Mark the future done and set its result."},
    {"set_exception", fm_set_exception, METH_FAST, "Mark the future done and set an exception."},
    {"add_done_callback", fm_add_done_callback, METH_FAST, "Add a callback to be run when the future becomes done."},
    {"remove_done_callback", fm_remove_done_callback, METH_FAST, "Remove all instances of a callback from the \"call when done\" list."},
    {"get_loop", fm_get_loop, METH_FAST, "Return the event loop the Future is bound to."},
    {"__await__", future_await, METH_FAST, NULL},
    {"__iter__", future_await, METH_FAST, NULL},
    {"__class_getitem__", fut_class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static MethodDef task_methods[] = {
    {"get_name", tm_get_name, METH_FAST, NULL},
    {"set_name", tm_set_name, METH_FAST, NULL},
    {"get_coro", tm_get_coro, METH_FAST, NULL},
    {"get_context", tm_get_context, METH_FAST, NULL},
    {"cancelling", tm_cancelling, METH_FAST, NULL},
    {"uncancel", tm_uncancel, METH_FAST, NULL},
    {"get_stack", tm_get_stack, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef future_getset[] = {
    {"_asyncio_future_blocking", fg_blocking, fs_blocking, NULL, NULL},
    {"_loop", fg_loop, NULL, NULL, NULL},
    {"_state", fg_state, NULL, NULL, NULL},
    {"_log_traceback", fg_log_tb, fs_log_tb, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static GetSetDef task_getset[] = {
    {"_coro", fg_coro, NULL, NULL, NULL},
    {"_fut_waiter", fg_fut_waiter, NULL, NULL, NULL},
    {"_must_cancel", fg_must_cancel, NULL, NULL, NULL},
    {"_log_destroy_pending", fg_log_destroy, fs_log_destroy, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *task_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)t;
    static const char *const names[] = {"coro", "loop", "name", "context", "eager_start"};
    Obj *v[5];
    if (mh_bind("Task", args, nargs, kwnames, names, 5, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *loop = v[1] && v[1] != NONE ? INCREF(v[1]) : get_event_loop(2);
    if (!loop) return NULL;
    if (!IS_TYPE(loop, loop_type)) {
        DECREF(loop);
        vm_err_set_str(&exc_TypeError, "loop must be an event loop made by asyncio");
        return NULL;
    }
    Obj *r = task_new_on((LoopObj *)loop, v[0], v[2]);
    DECREF(loop);
    return r;
}

static TypeObj future_type = {
    .base = TYPE_HEAD_INIT, .name = "_asyncio.Future", .basicsize = sizeof(FutObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = future_dealloc, .repr = future_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = future_traverse,
    .clear = future_clear, .finalize = future_finalize, .new_ = future_new, .init = accept_args_init,
    .methods = future_methods, .getset = future_getset, .dictoffset = offsetof(FutObj, dict),
    .weaklistoffset = offsetof(FutObj, weakreflist), .iter = NULL,
    .doc = "This class is *almost* compatible with concurrent.futures.Future.",
};

static TypeObj task_type = {
    .base = TYPE_HEAD_INIT, .name = "_asyncio.Task", .basicsize = sizeof(FutObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = future_dealloc, .repr = future_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = future_traverse,
    .clear = future_clear, .finalize = future_finalize, .new_ = task_tp_new, .init = accept_args_init,
    .methods = task_methods, .getset = task_getset, .tp_base = &future_type,
    .dictoffset = offsetof(FutObj, dict), .weaklistoffset = offsetof(FutObj, weakreflist),
    .doc = "A coroutine wrapped in a Future.",
};

static TypeObj gathering_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.tasks._GatheringFuture", .basicsize = sizeof(FutObj),
    .flags = TPF_GC, .dealloc = future_dealloc, .repr = future_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = future_traverse,
    .clear = future_clear, .finalize = future_finalize, .tp_base = &future_type,
    .dictoffset = offsetof(FutObj, dict), .weaklistoffset = offsetof(FutObj, weakreflist),
    .doc = "Helper for gather().",
};

/* ---- running the loop ------------------------------------------------------------------------- */

/* Sleep until `timeout` seconds passed (< 0: for ever); a signal (SIGINT,
 * the --timeout alarm) ends it: -1 with the exception the VM raises. */
static int loop_sleep(double timeout)
{
    if (timeout == 0) return 0;
    double end = timeout > 0 ? mono_now() + timeout : 0;
    for (;;) {
        if (vm->interrupt) {
            vm->interrupt = 0;
            vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
            return -1;
        }
        if (vm_limit_hit()) return vm_limit_check();
        double left = timeout > 0 ? end - mono_now() : 3600;
        if (left <= 0) return 0;
        struct timespec req = {(time_t)left, (long)((left - floor(left)) * 1e9)};
        if (nanosleep(&req, NULL) == 0 && timeout > 0) return 0;
    }
}

static int run_handle(LoopObj *l, HandleObj *h)
{
    Obj *cb = INCREF(h->callback);
    Obj *args = INCREF(h->args);
    Obj *r = obj_call(cb, TUPLE_ITEMS(args), TUPLE_LEN(args), NULL);
    DECREF(cb);
    DECREF(args);
    if (r) {
        DECREF(r);
        return 0;
    }
    Obj *e = vm_err_fetch();
    if (e && (type_is_subtype(OBJ_TYPE(e), &exc_KeyboardInterrupt) ||
              type_is_subtype(OBJ_TYPE(e), &exc_SystemExit) || vm_limit_hit())) {
        vm_err_restore(e);
        return -1;
    }
    if (e) {
        SBuf b = SBUF_INIT;
        sbuf_puts(&b, "Exception in callback ");
        format_callback_args(&b, h->callback ? h->callback : NONE, h->args);
        Obj *m = str_from_utf8(b.data, (Ssize)b.len);
        sbuf_free(&b);
        if (m) report(l, NULL, m, e, "handle", (Obj *)h);
        XDECREF(m);
        DECREF(e);
    }
    return 0;
}

static int run_once(LoopObj *l)
{
    /* drop cancelled timers from the head (or all of them when most are) */
    if (l->hlen > 100 && (double)l->timer_cancelled / (double)l->hlen > 0.5) {
        Ssize k = 0;
        for (Ssize i = 0; i < l->hlen; i++) {
            HandleObj *h = l->heap[i];
            if (h->cancelled) {
                h->scheduled = false;
                DECREF(h);
            } else {
                l->heap[k++] = h;
            }
        }
        l->hlen = k;
        /* heapq.heapify */
        for (Ssize i = k / 2 - 1; i >= 0; i--) {
            Ssize pos = i, end = k, child = 2 * pos + 1;
            HandleObj *item = l->heap[pos];
            while (child < end) {
                Ssize right = child + 1;
                if (right < end && !(l->heap[child]->when < l->heap[right]->when)) child = right;
                l->heap[pos] = l->heap[child];
                pos = child;
                child = 2 * pos + 1;
            }
            l->heap[pos] = item;
            heap_siftdown(l, i, pos);
        }
        l->timer_cancelled = 0;
    } else {
        while (l->hlen && l->heap[0]->cancelled) {
            l->timer_cancelled--;
            HandleObj *h = heap_pop(l);
            h->scheduled = false;
            DECREF(h);
        }
    }
    double timeout = -1;
    if (l->rlen || l->stopping) timeout = 0;
    else if (l->hlen) {
        timeout = l->heap[0]->when - mono_now();
        if (timeout > 86400) timeout = 86400;
        else if (timeout < 0) timeout = 0;
    }
    if (loop_sleep(timeout) < 0) return -1;
    double end_time = mono_now() + 1e-9;
    while (l->hlen) {
        if (l->heap[0]->when >= end_time) break;
        HandleObj *h = heap_pop(l);
        h->scheduled = false;
        ready_push(l, h);
    }
    Ssize ntodo = l->rlen;
    for (Ssize i = 0; i < ntodo; i++) {
        HandleObj *h = ready_pop(l);
        if (h->cancelled) {
            DECREF(h);
            continue;
        }
        int rc = run_handle(l, h);
        DECREF(h);
        if (rc < 0) return -1;
    }
    return 0;
}

static Obj *asyncgen_hooks_install(void);
static void asyncgen_hooks_restore(Obj *old);

static int run_forever(LoopObj *l)
{
    if (check_closed(l) < 0) return -1;
    if (l->running) {
        vm_err_set_str(&exc_RuntimeError, "This event loop is already running");
        return -1;
    }
    if (running_loop) {
        vm_err_set_str(&exc_RuntimeError, "Cannot run the event loop while another loop is running");
        return -1;
    }
    l->running = true;
    running_loop = l;
    INCREF(l);
    Obj *old_hooks = asyncgen_hooks_install();
    int rc = 0;
    for (;;) {
        if (run_once(l) < 0) {
            rc = -1;
            break;
        }
        if (l->stopping) break;
    }
    l->stopping = false;
    l->running = false;
    running_loop = NULL;
    asyncgen_hooks_restore(old_hooks);
    DECREF(l);
    return rc;
}

static Obj *run_until_complete_cb(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    (void)kw;
    if (n != 1) return INCREF(NONE);
    Obj *fut = a[0];
    if (is_future(fut) && FUT(fut)->state == FUT_FINISHED && FUT(fut)->exception) {
        Obj *e = FUT(fut)->exception;
        if (type_is_subtype(OBJ_TYPE(e), &exc_SystemExit) || type_is_subtype(OBJ_TYPE(e), &exc_KeyboardInterrupt))
            return INCREF(NONE);
    }
    if (is_future(fut)) ((LoopObj *)FUT(fut)->loop)->stopping = true;
    return INCREF(NONE);
}
static const MethodDef run_until_complete_cb_def = {"_run_until_complete_cb", run_until_complete_cb, METH_FAST, NULL};

static Obj *ensure_future(Obj *o, LoopObj *loop)
{
    if (is_future(o)) return INCREF(o);
    if (is_coroutine(o)) {
        if (!loop) {
            Obj *lp = get_event_loop(3);
            if (!lp) return NULL;
            Obj *t = task_new_on((LoopObj *)lp, o, NULL);
            DECREF(lp);
            return t;
        }
        return task_new_on(loop, o, NULL);
    }
    Obj *aw;
    if (obj_lookup_attr(o, id_str("__await__"), &aw) < 0) return NULL;
    if (aw) {
        DECREF(aw);
        vm_err_set_str(&exc_TypeError, "awaitables other than coroutines and futures are not supported by pydbg's asyncio");
        return NULL;
    }
    vm_err_set_str(&exc_TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
    return NULL;
}

static Obj *run_until_complete(LoopObj *l, Obj *future)
{
    if (check_closed(l) < 0) return NULL;
    if (l->running) {
        vm_err_set_str(&exc_RuntimeError, "This event loop is already running");
        return NULL;
    }
    if (running_loop) {
        vm_err_set_str(&exc_RuntimeError, "Cannot run the event loop while another loop is running");
        return NULL;
    }
    bool new_task = !is_future(future);
    Obj *fut = ensure_future(future, l);
    if (!fut) return NULL;
    if (new_task) FUT(fut)->log_destroy_pending = false;
    Obj *cb = builtin_new(&run_until_complete_cb_def, NULL, NULL);
    if (!cb || future_add_done_callback(FUT(fut), cb) < 0) {
        XDECREF(cb);
        DECREF(fut);
        return NULL;
    }
    int rc = run_forever(l);
    if (rc < 0) {
        if (new_task && FUT(fut)->state == FUT_FINISHED) FUT(fut)->log_tb = false;
        Obj *e = vm_err_fetch();
        future_remove_done_callback(FUT(fut), cb);
        vm_err_clear();
        vm_err_restore(e);
        DECREF(cb);
        DECREF(fut);
        return NULL;
    }
    future_remove_done_callback(FUT(fut), cb);
    DECREF(cb);
    if (FUT(fut)->state == FUT_PENDING) {
        DECREF(fut);
        vm_err_set_str(&exc_RuntimeError, "Event loop stopped before Future completed.");
        return NULL;
    }
    Obj *r = future_result(FUT(fut));
    DECREF(fut);
    /* the future's exception leaves base_events.py's `return
     * future.result()` (tbframes_gen.h) */
    return r ? r : tbframe_fail(&tbgen_asyncio_base_events, TBG_ASYNCIO_BASE_EVENTS_RUN_UNTIL_COMPLETE_RESULT);
}

static Obj *new_loop(void)
{
    LoopObj *l = (LoopObj *)obj_alloc(&loop_type, 0);
    if (!l) return NULL;
    l->asyncgens = list_new(0);
    if (!l->asyncgens) {
        DECREF(l);
        return NULL;
    }
    return (Obj *)l;
}

/* asyncio.get_event_loop(): the running loop, else the one set (made on
 * first use with 3.12's DeprecationWarning). */
static Obj *get_event_loop(int stacklevel)
{
    if (running_loop) return INCREF(running_loop);
    if (!current_loop && !loop_set_called) {
        Obj *m = str_from_cstr("There is no current event loop");
        int rc = m ? warnings_warn(&exc_DeprecationWarning, m, stacklevel) : -1;
        XDECREF(m);
        if (rc < 0) return NULL;
        current_loop = new_loop();
        if (!current_loop) return NULL;
    }
    if (!current_loop) {
        vm_err_set_str(&exc_RuntimeError, "There is no current event loop in thread 'MainThread'.");
        return NULL;
    }
    return INCREF(current_loop);
}

/* Cancel every pending task and let them finish (Runner.close's _cancel_all_tasks). */
static int cancel_all_tasks(LoopObj *l)
{
    if (!l->ntasks) return 0;
    Obj *lst = list_new(0);
    if (!lst) return -1;
    for (Ssize i = 0; i < l->ntasks; i++)
        if (!fut_done(l->tasks[i]) && list_append(lst, l->tasks[i]) < 0) {
            DECREF(lst);
            return -1;
        }
    if (!LIST_LEN(lst)) {
        DECREF(lst);
        return 0;
    }
    for (Ssize i = 0; i < LIST_LEN(lst); i++)
        if (task_cancel(FUT(LIST_ITEMS(lst)[i]), NULL) < 0) vm_err_clear();
    Obj *g = gather(LIST_ITEMS(lst), LIST_LEN(lst), true);
    Obj *r = g ? run_until_complete(l, g) : NULL;
    XDECREF(g);
    if (!r) {
        DECREF(lst);
        return -1;
    }
    DECREF(r);
    for (Ssize i = 0; i < LIST_LEN(lst); i++) {
        FutObj *t = FUT(LIST_ITEMS(lst)[i]);
        if (t->state == FUT_CANCELLED) continue;
        if (t->exception) {
            t->log_tb = false;
            report(l, "unhandled exception during asyncio.run() shutdown", NULL, t->exception, "task", (Obj *)t);
        }
    }
    DECREF(lst);
    return 0;
}

/* loop.shutdown_asyncgens(): aclose() every async generator still alive.
 * Runner.close runs it and shutdown_default_executor() as two tasks of
 * their own; their names are taken from the counter as CPython takes them
 * (Task-N numbering stays the same afterwards). */
static int shutdown_asyncgens(LoopObj *l)
{
    ++task_name_counter;
    Obj *gens = l->asyncgens;
    if (!gens || !LIST_LEN(gens)) return 0;
    l->asyncgens = list_new(0);
    Obj *closers = list_new(0);
    for (Ssize i = 0; closers && i < LIST_LEN(gens); i++) {
        Obj *g = weakref_get_borrow(LIST_ITEMS(gens)[i]);
        if (!g || ((GenObj *)g)->frame->state >= FRAME_COMPLETED) continue;
        Obj *c = obj_call_method(g, "aclose", NULL, 0);
        if (!c || list_append(closers, c) < 0) vm_err_clear();
        XDECREF(c);
    }
    DECREF(gens);
    if (!closers || !LIST_LEN(closers)) {
        XDECREF(closers);
        return 0;
    }
    Obj *g = gather(LIST_ITEMS(closers), LIST_LEN(closers), true);
    Obj *r = g ? run_until_complete(l, g) : NULL;
    XDECREF(g);
    DECREF(closers);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* sys.set_asyncgen_hooks' firstiter while a loop runs: remember the generator. */
static Obj *asyncgen_firstiter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    (void)kw;
    if (n == 1 && running_loop) {
        Obj *w = weakref_new(a[0], NULL);
        if (!w || list_append(running_loop->asyncgens, w) < 0) vm_err_clear();
        XDECREF(w);
    }
    return INCREF(NONE);
}
static const MethodDef asyncgen_firstiter_def = {"_asyncgen_firstiter_hook", asyncgen_firstiter, METH_FAST, NULL};

/* finalizer: an async generator dropped unfinished — its aclose() runs as a
 * task on the loop (BaseEventLoop._asyncgen_finalizer_hook). */
static Obj *asyncgen_finalizer(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    (void)kw;
    LoopObj *l = running_loop ? running_loop : current_loop ? (LoopObj *)current_loop : NULL;
    if (n != 1 || !l || l->closed) return INCREF(NONE);
    Obj *gens = l->asyncgens;
    for (Ssize i = 0; gens && i < LIST_LEN(gens); i++)
        if (weakref_get_borrow(LIST_ITEMS(gens)[i]) == a[0] || !weakref_get_borrow(LIST_ITEMS(gens)[i])) {
            if (list_set_slice(gens, i, i + 1, NULL) < 0) return NULL;
            i--;
        }
    Obj *closer = obj_call_method(a[0], "aclose", NULL, 0);
    Obj *ct = closer ? obj_getattr_str((Obj *)l, "create_task") : NULL;
    Obj *h = ct ? call_soon(l, ct, &closer, 1) : NULL;
    XDECREF(closer);
    XDECREF(ct);
    XDECREF(h);
    return h ? INCREF(NONE) : NULL;
}
static const MethodDef asyncgen_finalizer_def = {"_asyncgen_finalizer_hook", asyncgen_finalizer, METH_FAST, NULL};

/* sys.set_asyncgen_hooks(firstiter=…, finalizer=…) while the loop runs;
 * returns the old hooks (a new reference or NULL). */
static Obj *asyncgen_hooks_install(void)
{
    Obj *get = sys_get_borrow("get_asyncgen_hooks"), *set = sys_get_borrow("set_asyncgen_hooks");
    if (!get || !set) return NULL;
    Obj *old = obj_call(get, NULL, 0, NULL);
    Obj *fi = builtin_new(&asyncgen_firstiter_def, NULL, NULL);
    Obj *fz = builtin_new(&asyncgen_finalizer_def, NULL, NULL);
    Obj *kwn = tuple_pack(2, id_str("firstiter"), id_str("finalizer"));
    if (old && fi && fz && kwn) {
        Obj *vals[2] = {fi, fz};
        Obj *r = obj_call(set, vals, 0, kwn);
        XDECREF(r);
    }
    XDECREF(fi);
    XDECREF(fz);
    XDECREF(kwn);
    vm_err_clear();
    return old;
}

static void asyncgen_hooks_restore(Obj *old)
{
    Obj *set = sys_get_borrow("set_asyncgen_hooks");
    if (old && set) {
        Obj *t = seq_to_tuple(old);
        if (t && TUPLE_LEN(t) == 2) {
            Obj *r = obj_call(set, TUPLE_ITEMS(t), 2, NULL);
            XDECREF(r);
        }
        XDECREF(t);
    }
    XDECREF(old);
    vm_err_clear();
}

static Obj *loop_close_impl(LoopObj *l)
{
    if (l->running) {
        vm_err_set_str(&exc_RuntimeError, "Cannot close a running event loop");
        return NULL;
    }
    if (l->closed) return INCREF(NONE);
    l->closed = true;
    while (l->rlen) DECREF(ready_pop(l));
    while (l->hlen) {
        HandleObj *h = l->heap[--l->hlen];
        h->scheduled = false;
        DECREF(h);
    }
    return INCREF(NONE);
}

/* asyncio.run(main) */
static Obj *aio_run(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"main", "debug"};
    Obj *v[2];
    if (mh_bind("run", args, nargs, kw, names, 2, 1, 0, 1, 0, v) < 0) return NULL;
    if (running_loop) {
        vm_err_set_str(&exc_RuntimeError, "asyncio.run() cannot be called from a running event loop");
        return NULL;
    }
    if (!is_coroutine(v[0])) {
        /* Runner.__enter__ made (and close() shut down) a loop first */
        loop_set_called = true;
        task_name_counter += 2;
        vm_err_format(&exc_ValueError, "a coroutine was expected, got %R", v[0]);
        return NULL;
    }
    Obj *loop = new_loop();
    if (!loop) return NULL;
    LoopObj *l = (LoopObj *)loop;
    obj_setref(&current_loop, INCREF(loop));
    loop_set_called = true;
    Obj *task = task_new_on(l, v[0], NULL);
    Obj *result = NULL;
    if (task) {
        result = run_until_complete(l, task);
        DECREF(task);
        /* runners.py: run() → Runner.run() → run_until_complete() */
        if (!result) {
            tbframe_push(&tbgen_asyncio_runners, TBG_ASYNCIO_RUNNERS_RUNNER_RUN);
            tbframe_push(&tbgen_asyncio_runners, TBG_ASYNCIO_RUNNERS_RUN_RUNNER);
        }
    }
    Obj *exc = result ? NULL : vm_err_fetch();
    /* Runner.close() */
    if (!vm_limit_hit()) {
        if (cancel_all_tasks(l) < 0) vm_err_clear();
        if (shutdown_asyncgens(l) < 0) vm_err_clear();
        ++task_name_counter;   /* shutdown_default_executor's task */
    }
    Obj *r = loop_close_impl(l);
    XDECREF(r);
    vm_err_clear();
    CLEAR(current_loop);
    DECREF(loop);
    if (exc) vm_err_restore(exc);
    return result;
}

/* ---- Runner ------------------------------------------------------------------------------------- */

enum { RUNNER_CREATED = 0, RUNNER_INITIALIZED, RUNNER_CLOSED };
typedef struct RunnerObj { Obj base; int state; Obj *loop; } RunnerObj;
static TypeObj runner_type;

static void runner_dealloc(Obj *o)
{
    gc_untrack(o);
    XDECREF(((RunnerObj *)o)->loop);
    obj_free(o);
}

static int runner_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *l = ((RunnerObj *)o)->loop;
    return l && visit(l, arg);
}

static Obj *runner_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"debug", "loop_factory"};
    Obj *v[2];
    if (mh_bind("Runner", a, n, kw, names, 2, 0, 0, 0, 0, v) < 0) return NULL;
    return obj_alloc(t, 0);
}

static int runner_lazy_init(RunnerObj *r)
{
    if (r->state == RUNNER_CLOSED) {
        vm_err_set_str(&exc_RuntimeError, "Runner is closed");
        return -1;
    }
    if (r->state == RUNNER_INITIALIZED) return 0;
    r->loop = new_loop();
    if (!r->loop) return -1;
    obj_setref(&current_loop, INCREF(r->loop));
    loop_set_called = true;
    r->state = RUNNER_INITIALIZED;
    return 0;
}

static Obj *runner_close_impl(RunnerObj *r)
{
    if (r->state != RUNNER_INITIALIZED) return INCREF(NONE);
    LoopObj *l = (LoopObj *)r->loop;
    Obj *saved = vm_err_fetch();
    if (!vm_limit_hit()) {
        if (cancel_all_tasks(l) < 0) vm_err_clear();
        if (shutdown_asyncgens(l) < 0) vm_err_clear();
        ++task_name_counter;   /* shutdown_default_executor's task */
    }
    Obj *x = loop_close_impl(l);
    XDECREF(x);
    vm_err_clear();
    if (current_loop == r->loop) CLEAR(current_loop);
    CLEAR(r->loop);
    r->state = RUNNER_CLOSED;
    vm_err_restore(saved);
    return INCREF(NONE);
}

static Obj *runner_run_impl(RunnerObj *r, Obj *coro)
{
    if (!is_coroutine(coro)) {
        vm_err_format(&exc_ValueError, "a coroutine was expected, got %R", coro);
        return NULL;
    }
    if (running_loop) {
        vm_err_set_str(&exc_RuntimeError, "Runner.run() cannot be called from a running event loop");
        return NULL;
    }
    if (runner_lazy_init(r) < 0) return NULL;
    Obj *task = task_new_on((LoopObj *)r->loop, coro, NULL);
    if (!task) return NULL;
    Obj *res = run_until_complete((LoopObj *)r->loop, task);
    DECREF(task);
    return res ? res : tbframe_fail(&tbgen_asyncio_runners, TBG_ASYNCIO_RUNNERS_RUNNER_RUN);
}

static Obj *rm_run(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"coro", "context"};
    Obj *v[2];
    if (mh_bind("run", a, n, kw, names, 2, 1, 0, 1, 0, v) < 0) return NULL;
    return runner_run_impl((RunnerObj *)self, v[0]);
}

static Obj *rm_close(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("close");
    return runner_close_impl((RunnerObj *)self);
}

static Obj *rm_get_loop(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("get_loop");
    RunnerObj *r = (RunnerObj *)self;
    if (runner_lazy_init(r) < 0) return NULL;
    return INCREF(r->loop);
}

static Obj *rm_enter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("__enter__");
    if (runner_lazy_init((RunnerObj *)self) < 0) return NULL;
    return INCREF(self);
}

static Obj *rm_exit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (args_no_kw("__exit__", kw) < 0) return NULL;
    (void)n;
    return runner_close_impl((RunnerObj *)self);
}

static MethodDef runner_methods[] = {
    {"run", rm_run, METH_FAST, "Run a coroutine inside the embedded event loop."},
    {"close", rm_close, METH_FAST, "Shutdown and close event loop."},
    {"get_loop", rm_get_loop, METH_FAST, "Return embedded event loop."},
    {"__enter__", rm_enter, METH_FAST, NULL},
    {"__exit__", rm_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj runner_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.runners.Runner", .basicsize = sizeof(RunnerObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = runner_dealloc, .getattro = obj_generic_getattr,
    .traverse = runner_traverse, .new_ = runner_new, .init = accept_args_init, .methods = runner_methods,
    .doc = "A context manager that controls event loop life cycle.",
};

/* ---- the event loop policy (the default one only) ---------------------------------------------------- */

typedef struct PolicyObj { Obj base; } PolicyObj;
static TypeObj policy_type;
static Obj *the_policy;

static Obj *get_event_loop(int stacklevel);
static Obj *pm_get_event_loop(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    NOARGS("get_event_loop");
    return get_event_loop(2);
}

static Obj *pm_new_event_loop(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    NOARGS("new_event_loop");
    return new_loop();
}

static Obj *aio_set_event_loop(Obj *s, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *pm_set_event_loop(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    return aio_set_event_loop(NULL, a, n, kw);
}

static MethodDef policy_methods[] = {
    {"get_event_loop", pm_get_event_loop, METH_FAST, NULL},
    {"new_event_loop", pm_new_event_loop, METH_FAST, NULL},
    {"set_event_loop", pm_set_event_loop, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj policy_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.unix_events._UnixDefaultEventLoopPolicy",
    .basicsize = sizeof(PolicyObj), .flags = TPF_BASETYPE, .getattro = obj_generic_getattr,
    .methods = policy_methods, .doc = "UNIX event loop policy with a watcher for child processes.",
};

static Obj *aio_get_event_loop_policy(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_pos_args("get_event_loop_policy", "get_event_loop_policy", nargs, kw, 0, 0) < 0) return NULL;
    if (!the_policy && !(the_policy = obj_alloc(&policy_type, 0))) return NULL;
    return INCREF(the_policy);
}

static Obj *aio_set_event_loop_policy(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("set_event_loop_policy", "set_event_loop_policy", nargs, kw, 1, 1) < 0) return NULL;
    if (args[0] != NONE && !IS_TYPE(args[0], policy_type)) {
        vm_err_set_str(&exc_NotImplementedError, "pydbg's asyncio has only the default event loop policy");
        return NULL;
    }
    return INCREF(NONE);
}

/* ---- loop methods ---------------------------------------------------------------------------- */

#define LOOP(o) ((LoopObj *)(o))

static Obj *lm_time(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    NOARGS("time");
    return float_from_double(mono_now());
}

static int get_double(Obj *o, double *out)
{
    *out = float_as_double(o);
    return *out == -1.0 && vm_err_occurred() ? -1 : 0;
}

/* call_soon(cb, *args, context=None) and friends: context is accepted. */
static Ssize strip_context(Obj *kw)
{
    Ssize nkw = mh_nkw(kw);
    for (Ssize k = 0; k < nkw; k++)
        if (!str_eq_cstr(TUPLE_ITEMS(kw)[k], "context")) {
            vm_err_format(&exc_TypeError, "call_soon() got an unexpected keyword argument '%S'", TUPLE_ITEMS(kw)[k]);
            return -1;
        }
    return 0;
}

static int check_callback(Obj *cb, const char *meth)
{
    if (!OBJ_TYPE(cb)->call) {
        vm_err_format(&exc_TypeError, "a callable object was expected by %s(), got %R", meth, cb);
        return -1;
    }
    return 0;
}

static Obj *lm_call_soon(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (strip_context(kw) < 0) return NULL;
    if (n < 1) {
        vm_err_set_str(&exc_TypeError, "BaseEventLoop.call_soon() missing 1 required positional argument: 'callback'");
        return NULL;
    }
    if (check_callback(a[0], "call_soon") < 0) return NULL;
    return call_soon(LOOP(self), a[0], a + 1, n - 1);
}

static Obj *lm_call_at(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (strip_context(kw) < 0) return NULL;
    if (n < 2) {
        vm_err_set_str(&exc_TypeError, "BaseEventLoop.call_at() missing required positional arguments");
        return NULL;
    }
    double when;
    if (get_double(a[0], &when) < 0) return NULL;
    if (check_callback(a[1], "call_at") < 0) return NULL;
    return call_at(LOOP(self), when, a[1], a + 2, n - 2);
}

static Obj *lm_call_later(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (strip_context(kw) < 0) return NULL;
    if (n < 2) {
        vm_err_set_str(&exc_TypeError, "BaseEventLoop.call_later() missing required positional arguments");
        return NULL;
    }
    double delay;
    if (get_double(a[0], &delay) < 0) return NULL;
    if (check_callback(a[1], "call_later") < 0) return NULL;
    return call_at(LOOP(self), mono_now() + delay, a[1], a + 2, n - 2);
}

static Obj *lm_create_future(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("create_future");
    return future_alloc(&future_type, self);
}

static Obj *lm_create_task(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"coro", "name", "context"};
    Obj *v[3];
    if (mh_bind("create_task", a, n, kw, names, 3, 1, 0, 1, 0, v) < 0) return NULL;
    return task_new_on(LOOP(self), v[0], v[1]);
}

static Obj *lm_run_until_complete(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("run_until_complete", "run_until_complete", n, kw, 1, 1) < 0) return NULL;
    return run_until_complete(LOOP(self), a[0]);
}

static Obj *lm_run_forever(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("run_forever");
    return run_forever(LOOP(self)) < 0 ? NULL : INCREF(NONE);
}

static Obj *lm_stop(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("stop");
    LOOP(self)->stopping = true;
    return INCREF(NONE);
}

static Obj *lm_close(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("close");
    return loop_close_impl(LOOP(self));
}

static Obj *lm_is_running(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("is_running");
    return bool_from(LOOP(self)->running);
}

static Obj *lm_is_closed(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("is_closed");
    return bool_from(LOOP(self)->closed);
}

static Obj *lm_get_debug(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("get_debug");
    return bool_from(LOOP(self)->debug);
}

static Obj *lm_set_debug(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("set_debug", "set_debug", n, kw, 1, 1) < 0) return NULL;
    int t = obj_is_true(a[0]);
    if (t < 0) return NULL;
    LOOP(self)->debug = t;
    return INCREF(NONE);
}

static Obj *lm_call_exception_handler(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("call_exception_handler", "call_exception_handler", n, kw, 1, 1) < 0) return NULL;
    call_exception_handler(LOOP(self), a[0]);
    return INCREF(NONE);
}

static Obj *lm_default_exception_handler(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    if (mh_pos_args("default_exception_handler", "default_exception_handler", n, kw, 1, 1) < 0) return NULL;
    default_exception_handler(a[0]);
    return INCREF(NONE);
}

static Obj *lm_set_exception_handler(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("set_exception_handler", "set_exception_handler", n, kw, 1, 1) < 0) return NULL;
    if (a[0] != NONE && !OBJ_TYPE(a[0])->call) {
        vm_err_format(&exc_TypeError, "A callable object or None is expected, got %R", a[0]);
        return NULL;
    }
    obj_setref(&LOOP(self)->exception_handler, INCREF(a[0]));
    return INCREF(NONE);
}

static Obj *lm_get_exception_handler(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("get_exception_handler");
    Obj *h = LOOP(self)->exception_handler;
    return INCREF(h ? h : NONE);
}

/* run_in_executor(executor, func, *args): no threads — the call is made at
 * once and its outcome handed back as a finished future. */
static Obj *lm_run_in_executor(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (args_no_kw("run_in_executor", kw) < 0) return NULL;
    if (n < 2) {
        vm_err_set_str(&exc_TypeError, "BaseEventLoop.run_in_executor() missing required positional arguments");
        return NULL;
    }
    Obj *f = future_alloc(&future_type, self);
    if (!f) return NULL;
    Obj *r = obj_call(a[1], a + 2, n - 2, NULL);
    int rc;
    if (r) {
        rc = future_set_result(FUT(f), r);
        DECREF(r);
    } else {
        Obj *e = vm_err_fetch();
        rc = future_set_exception(FUT(f), e);
        XDECREF(e);
    }
    if (rc < 0) CLEAR(f);
    return f;
}

static Obj *lm_shutdown_asyncgens(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    NOARGS("shutdown_asyncgens");
    return acoro_done("BaseEventLoop.shutdown_asyncgens", NONE);
}

static Obj *loop_repr(Obj *o)
{
    LoopObj *l = LOOP(o);
    return str_from_fmt("<_UnixSelectorEventLoop running=%s closed=%s debug=%s>", l->running ? "True" : "False",
                        l->closed ? "True" : "False", l->debug ? "True" : "False");
}

static MethodDef loop_methods[] = {
    {"time", lm_time, METH_FAST, NULL},
    {"call_soon", lm_call_soon, METH_FAST, NULL},
    {"call_later", lm_call_later, METH_FAST, NULL},
    {"call_at", lm_call_at, METH_FAST, NULL},
    {"create_future", lm_create_future, METH_FAST, NULL},
    {"create_task", lm_create_task, METH_FAST, NULL},
    {"run_until_complete", lm_run_until_complete, METH_FAST, NULL},
    {"run_forever", lm_run_forever, METH_FAST, NULL},
    {"stop", lm_stop, METH_FAST, NULL},
    {"close", lm_close, METH_FAST, NULL},
    {"is_running", lm_is_running, METH_FAST, NULL},
    {"is_closed", lm_is_closed, METH_FAST, NULL},
    {"get_debug", lm_get_debug, METH_FAST, NULL},
    {"set_debug", lm_set_debug, METH_FAST, NULL},
    {"call_exception_handler", lm_call_exception_handler, METH_FAST, NULL},
    {"default_exception_handler", lm_default_exception_handler, METH_FAST, NULL},
    {"set_exception_handler", lm_set_exception_handler, METH_FAST, NULL},
    {"get_exception_handler", lm_get_exception_handler, METH_FAST, NULL},
    {"run_in_executor", lm_run_in_executor, METH_FAST, NULL},
    {"shutdown_asyncgens", lm_shutdown_asyncgens, METH_FAST, NULL},
    {"shutdown_default_executor", lm_shutdown_asyncgens, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj loop_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.unix_events._UnixSelectorEventLoop",
    .basicsize = sizeof(LoopObj), .flags = TPF_GC, .dealloc = loop_dealloc, .repr = loop_repr,
    .getattro = obj_generic_getattr, .traverse = loop_traverse, .methods = loop_methods,
    .weaklistoffset = offsetof(LoopObj, weakreflist),
};

/* ---- sleep ------------------------------------------------------------------------------------- */

static Obj *set_result_unless_cancelled(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    (void)kw;
    if (n != 2 || !is_future(a[0])) return INCREF(NONE);
    if (FUT(a[0])->state == FUT_CANCELLED) return INCREF(NONE);
    return future_set_result(FUT(a[0]), a[1]) < 0 ? NULL : INCREF(NONE);
}
static const MethodDef set_result_unless_cancelled_def = {"_set_result_unless_cancelled",
                                                          set_result_unless_cancelled, METH_FAST, NULL};

static Obj *release_waiter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    (void)kw;
    if (n < 1 || !is_future(a[0])) return INCREF(NONE);
    if (FUT(a[0])->state == FUT_PENDING && future_set_result(FUT(a[0]), NONE) < 0) return NULL;
    return INCREF(NONE);
}
static const MethodDef release_waiter_def = {"_release_waiter", release_waiter, METH_FAST, NULL};

static Obj *module_fn(const MethodDef *def)
{
    return builtin_new(def, NULL, NULL);
}

/* s[0] result, s[1] future, s[2] timer handle; d the delay */
static int sleep_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    switch (c->state) {
    case 0: {
        if (!(c->d > 0)) {
            c->state = 2;
            *out = INCREF(NONE);
            return ACO_YIELD;
        }
        Obj *loop = get_running_loop_or_raise();
        if (!loop) return ACO_ERROR;
        c->s[1] = future_alloc(&future_type, loop);
        Obj *fn = c->s[1] ? module_fn(&set_result_unless_cancelled_def) : NULL;
        Obj *args[2] = {c->s[1], c->s[0] ? c->s[0] : NONE};
        c->s[2] = fn ? call_at((LoopObj *)loop, mono_now() + c->d, fn, args, 2) : NULL;
        XDECREF(fn);
        if (!c->s[2]) return ACO_ERROR;
        return aco_await(c, c->s[1], 1);
    }
    case 1: {
        HandleObj *h = (HandleObj *)c->s[2];
        if (!h->cancelled) {
            h->cancelled = true;
            if (h->scheduled) timer_cancelled_note(h->loop);
            CLEAR(h->callback);
            CLEAR(h->args);
        }
        if (exc) {
            /* tasks.py's sleep: `return await future` */
            aco_raise(exc);
            tbframe_push(&tbgen_asyncio_tasks, TBG_ASYNCIO_TASKS_SLEEP_AWAIT);
            return ACO_ERROR;
        }
        *out = INCREF(val ? val : NONE);
        return ACO_RETURN;
    }
    default:
        if (exc) return aco_raise(exc);
        *out = INCREF(c->s[0] ? c->s[0] : NONE);
        return ACO_RETURN;
    }
}

static Obj *aio_sleep(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"delay", "result"};
    Obj *v[2];
    if (mh_bind("sleep", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    ACoroObj *c = acoro_new("sleep", sleep_step);
    if (!c) return NULL;
    Obj *zero = int_from_i64(0);
    int le = zero ? obj_richcompare_bool(v[0], zero, CMP_LE) : -1;
    XDECREF(zero);
    if (le < 0) {
        acoro_discard(c);
        return acoro_done("sleep", NULL);
    }
    c->d = le ? 0 : float_as_double(v[0]);
    if (!le && c->d == -1.0 && vm_err_occurred()) {
        acoro_discard(c);
        return acoro_done("sleep", NULL);
    }
    c->s[0] = xincref(v[1]);
    return (Obj *)c;
}

/* ---- Timeout ------------------------------------------------------------------------------------ */

enum { TO_CREATED = 0, TO_ENTERED, TO_EXPIRING, TO_EXPIRED, TO_EXITED };
static const char *const to_state_names[] = {"created", "active", "expiring", "expired", "finished"};

typedef struct TimeoutObj {
    Obj base;
    int state;
    bool has_when;
    double when;
    Obj *task, *handler;
    Ssize cancelling;
} TimeoutObj;

static TypeObj timeout_type;

static void timeout_dealloc(Obj *o)
{
    TimeoutObj *t = (TimeoutObj *)o;
    gc_untrack(o);
    XDECREF(t->task);
    XDECREF(t->handler);
    obj_free(o);
}

static int timeout_traverse(Obj *o, VisitFn visit, void *arg)
{
    TimeoutObj *t = (TimeoutObj *)o;
    if (t->task && visit(t->task, arg)) return 1;
    if (t->handler && visit(t->handler, arg)) return 1;
    return 0;
}

static Obj *timeout_make(bool has_when, double when)
{
    TimeoutObj *t = (TimeoutObj *)obj_alloc(&timeout_type, 0);
    if (!t) return NULL;
    t->has_when = has_when;
    t->when = when;
    return (Obj *)t;
}

static void cancel_handle(Obj *h)
{
    if (!h) return;
    HandleObj *hh = (HandleObj *)h;
    if (!hh->cancelled) {
        hh->cancelled = true;
        if (hh->timer && hh->scheduled && hh->loop) timer_cancelled_note(hh->loop);
        CLEAR(hh->callback);
        CLEAR(hh->args);
    }
}

static Obj *timeout_on_timeout(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    TimeoutObj *t = (TimeoutObj *)self;
    if (t->task && task_cancel(FUT(t->task), NULL) < 0) return NULL;
    t->state = TO_EXPIRING;
    CLEAR(t->handler);
    return INCREF(NONE);
}
static const MethodDef timeout_on_timeout_def = {"_on_timeout", timeout_on_timeout, METH_FAST, NULL};

static int timeout_reschedule(TimeoutObj *t, bool has_when, double when)
{
    if (t->state != TO_ENTERED) {
        if (t->state == TO_CREATED) vm_err_set_str(&exc_RuntimeError, "Timeout has not been entered");
        else vm_err_format(&exc_RuntimeError, "Cannot change state of %s Timeout", to_state_names[t->state]);
        return -1;
    }
    t->has_when = has_when;
    t->when = when;
    if (t->handler) {
        cancel_handle(t->handler);
        CLEAR(t->handler);
    }
    if (!has_when) return 0;
    Obj *loop = get_running_loop_or_raise();
    if (!loop) return -1;
    Obj *fn = builtin_new(&timeout_on_timeout_def, (Obj *)t, NULL);
    if (!fn) return -1;
    if (when <= mono_now()) t->handler = call_soon((LoopObj *)loop, fn, NULL, 0);
    else t->handler = call_at((LoopObj *)loop, when, fn, NULL, 0);
    DECREF(fn);
    return t->handler ? 0 : -1;
}

static int timeout_enter(TimeoutObj *t)
{
    if (t->state != TO_CREATED) {
        vm_err_set_str(&exc_RuntimeError, "Timeout has already been entered");
        return -1;
    }
    Obj *task = running_loop ? running_loop->current_task : NULL;
    if (!task) {
        vm_err_set_str(&exc_RuntimeError, "Timeout should be used inside a task");
        return -1;
    }
    t->state = TO_ENTERED;
    obj_setref(&t->task, INCREF(task));
    t->cancelling = FUT(task)->num_cancels;
    return timeout_reschedule(t, t->has_when, t->when);
}

/* __aexit__'s work: 0, or -1 with the TimeoutError (from exc) raised. */
static int timeout_exit(TimeoutObj *t, Obj *exc)
{
    if (t->handler) {
        cancel_handle(t->handler);
        CLEAR(t->handler);
    }
    if (t->state == TO_EXPIRING) {
        t->state = TO_EXPIRED;
        FutObj *task = FUT(t->task);
        if (task->num_cancels > 0) task->num_cancels--;
        if (task->num_cancels <= t->cancelling && exc && OBJ_TYPE(exc) == (TypeObj *)cancelled_error) {
            Obj *te = obj_call((Obj *)&exc_TimeoutError, NULL, 0, NULL);
            if (!te) return -1;
            ExcObj *e = (ExcObj *)te;
            obj_setref(&e->cause, INCREF(exc));
            obj_setref(&e->context, INCREF(exc));
            e->suppress_context = true;
            vm_err_restore(te);
            /* timeouts.py: `raise TimeoutError from exc_val` */
            tbframe_push(&tbgen_asyncio_timeouts, TBG_ASYNCIO_TIMEOUTS_TIMEOUT_AEXIT);
            return -1;
        }
    } else if (t->state == TO_ENTERED) {
        t->state = TO_EXITED;
    }
    return 0;
}

static Obj *tom_aenter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("__aenter__");
    if (timeout_enter((TimeoutObj *)self) < 0) return acoro_done("Timeout.__aenter__", NULL);
    return acoro_done("Timeout.__aenter__", self);
}

static Obj *tom_aexit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("__aexit__", "__aexit__", n, kw, 3, 3) < 0) return NULL;
    if (timeout_exit((TimeoutObj *)self, a[1] == NONE ? NULL : a[1]) < 0)
        return acoro_done("Timeout.__aexit__", NULL);
    return acoro_done("Timeout.__aexit__", NONE);
}

static Obj *tom_when(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("when");
    TimeoutObj *t = (TimeoutObj *)self;
    return t->has_when ? float_from_double(t->when) : INCREF(NONE);
}

static Obj *tom_expired(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("expired");
    TimeoutObj *t = (TimeoutObj *)self;
    return bool_from(t->state == TO_EXPIRING || t->state == TO_EXPIRED);
}

static Obj *tom_reschedule(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("reschedule", "reschedule", n, kw, 1, 1) < 0) return NULL;
    double w = 0;
    if (a[0] != NONE && get_double(a[0], &w) < 0) return NULL;
    return timeout_reschedule((TimeoutObj *)self, a[0] != NONE, w) < 0 ? NULL : INCREF(NONE);
}

static Obj *timeout_repr(Obj *o)
{
    TimeoutObj *t = (TimeoutObj *)o;
    if (t->state == TO_ENTERED) {
        if (t->has_when) return str_from_fmt("<Timeout [active] when=%.3f>", t->when);
        return str_from_cstr("<Timeout [active] when=None>");
    }
    return str_from_fmt("<Timeout [%s]>", to_state_names[t->state]);
}

static MethodDef timeout_methods[] = {
    {"__aenter__", tom_aenter, METH_FAST, NULL},
    {"__aexit__", tom_aexit, METH_FAST, NULL},
    {"when", tom_when, METH_FAST, NULL},
    {"expired", tom_expired, METH_FAST, NULL},
    {"reschedule", tom_reschedule, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj timeout_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.timeouts.Timeout", .basicsize = sizeof(TimeoutObj),
    .flags = TPF_GC, .dealloc = timeout_dealloc, .repr = timeout_repr, .getattro = obj_generic_getattr,
    .traverse = timeout_traverse, .methods = timeout_methods,
    .doc = "Asynchronous context manager for cancelling overdue coroutines.",
};

static Obj *aio_timeout(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"delay"};
    Obj *v[1];
    if (mh_bind("timeout", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *loop = get_running_loop_or_raise();
    if (!loop) return NULL;
    if (v[0] == NONE) return timeout_make(false, 0);
    double d;
    if (get_double(v[0], &d) < 0) return NULL;
    return timeout_make(true, mono_now() + d);
}

static Obj *aio_timeout_at(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"when"};
    Obj *v[1];
    if (mh_bind("timeout_at", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (v[0] == NONE) return timeout_make(false, 0);
    double d;
    if (get_double(v[0], &d) < 0) return NULL;
    return timeout_make(true, d);
}

/* ---- wait_for ---------------------------------------------------------------------------------- */

/* s[0] the awaitable, s[1] the Timeout (or, when timeout <= 0, the
 * future, cancelled and awaited) */
static int wait_for_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    switch (c->state) {
    case 0:
        if (!c->s[1]) return aco_await(c, c->s[0], 2);
        if (IS_TYPE(c->s[1], timeout_type)) {
            if (timeout_enter((TimeoutObj *)c->s[1]) < 0) return ACO_ERROR;
            return aco_await(c, c->s[0], 1);
        }
        {
            /* timeout <= 0: cancel and wait for the cancellation */
            FutObj *f = FUT(c->s[1]);
            if (f->state != FUT_PENDING) {
                *out = future_result(f);
                return *out ? ACO_RETURN : ACO_ERROR;
            }
            if (any_cancel(c->s[1], NULL) < 0) return ACO_ERROR;
            return aco_await(c, c->s[1], 3);
        }
    case 1:
        /* tasks.py's wait_for: `return await fut` inside `async with
         * timeouts.timeout(timeout):`, whose exit may turn the
         * cancellation into TimeoutError */
        if (exc) tbframe_push_exc(exc, &tbgen_asyncio_tasks, TBG_ASYNCIO_TASKS_WAIT_FOR_AWAIT);
        if (timeout_exit((TimeoutObj *)c->s[1], exc) < 0) {
            tbframe_push(&tbgen_asyncio_tasks, TBG_ASYNCIO_TASKS_WAIT_FOR_ASYNC_WITH);
            return ACO_ERROR;
        }
        if (exc) return aco_raise(exc);
        *out = INCREF(val ? val : NONE);
        return ACO_RETURN;
    case 2:
        if (exc) tbframe_push_exc(exc, &tbgen_asyncio_tasks, TBG_ASYNCIO_TASKS_WAIT_FOR_AWAIT);
        if (exc) return aco_raise(exc);
        *out = INCREF(val ? val : NONE);
        return ACO_RETURN;
    default: {
        FutObj *f = FUT(c->s[1]);
        if (exc && !(EXC_CHECK(exc) && type_is_subtype(OBJ_TYPE(exc), (TypeObj *)cancelled_error)))
            return aco_raise(exc);
        Obj *r = future_result(f);
        if (r) {
            *out = r;
            return ACO_RETURN;
        }
        if (vm_err_matches((TypeObj *)cancelled_error)) {
            Obj *ce = vm_err_fetch();
            Obj *te = obj_call((Obj *)&exc_TimeoutError, NULL, 0, NULL);
            if (te) {
                obj_setref(&((ExcObj *)te)->cause, INCREF(ce));
                obj_setref(&((ExcObj *)te)->context, INCREF(ce));
                ((ExcObj *)te)->suppress_context = true;
                vm_err_restore(te);
            }
            DECREF(ce);
        }
        return ACO_ERROR;
    }
    }
}

static Obj *aio_wait_for(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"fut", "timeout"};
    Obj *v[2];
    if (mh_bind("wait_for", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    ACoroObj *c = acoro_new("wait_for", wait_for_step);
    if (!c) return NULL;
    c->s[0] = INCREF(v[0]);
    if (v[1] != NONE) {
        /* `timeout <= 0` first, for its TypeError */
        Obj *zero = int_from_i64(0);
        int le = zero ? obj_richcompare_bool(v[1], zero, CMP_LE) : -1;
        XDECREF(zero);
        double d = 0;
        if (le < 0 || (!le && get_double(v[1], &d) < 0)) {
            acoro_discard(c);
            return acoro_done("wait_for", NULL);
        }
        if (le) {
            c->s[1] = ensure_future(v[0], running_loop);
            if (!c->s[1]) {
                acoro_discard(c);
                return acoro_done("wait_for", NULL);
            }
        } else {
            if (!running_loop) {
                acoro_discard(c);
                get_running_loop_or_raise();
                return acoro_done("wait_for", NULL);
            }
            c->s[1] = timeout_make(true, mono_now() + d);
            if (!c->s[1]) {
                acoro_discard(c);
                return NULL;
            }
        }
    }
    return (Obj *)c;
}

/* ---- wait, as_completed ------------------------------------------------------------------------- */

enum { RW_FIRST_COMPLETED = 0, RW_FIRST_EXCEPTION, RW_ALL_COMPLETED };

/* wait's _on_completion, bound to the wait coroutine:
 * s[0] the futures (list), s[1] waiter, s[2] timeout handle, s[3] the callback; i counter; d return_when */
static Obj *wait_on_completion(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    ACoroObj *c = (ACoroObj *)self;
    if (n != 1) return INCREF(NONE);
    Obj *f = a[0];
    c->i--;
    int rw = (int)c->d;
    bool fire = c->i <= 0 || rw == RW_FIRST_COMPLETED;
    if (!fire && rw == RW_FIRST_EXCEPTION && FUT(f)->state != FUT_CANCELLED) {
        Obj *e = future_exception(FUT(f));
        if (!e) return NULL;
        fire = e != NONE;
        DECREF(e);
    }
    if (fire) {
        if (c->s[2]) cancel_handle(c->s[2]);
        if (c->s[1] && FUT(c->s[1])->state == FUT_PENDING && future_set_result(FUT(c->s[1]), NONE) < 0)
            return NULL;
    }
    return INCREF(NONE);
}
static const MethodDef wait_on_completion_def = {"_on_completion", wait_on_completion, METH_FAST, NULL};

static int wait_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    if (c->state == 0) {
        Obj *loop = get_running_loop_or_raise();
        if (!loop) return ACO_ERROR;
        c->s[1] = future_alloc(&future_type, loop);
        if (!c->s[1]) return ACO_ERROR;
        if (c->s[4] && c->s[4] != NONE) {
            double t;
            if (get_double(c->s[4], &t) < 0) return ACO_ERROR;
            Obj *fn = module_fn(&release_waiter_def);
            c->s[2] = fn ? call_at((LoopObj *)loop, mono_now() + t, fn, &c->s[1], 1) : NULL;
            XDECREF(fn);
            if (!c->s[2]) return ACO_ERROR;
        }
        c->i = LIST_LEN(c->s[0]);
        c->s[3] = builtin_new(&wait_on_completion_def, (Obj *)c, NULL);
        if (!c->s[3]) return ACO_ERROR;
        for (Ssize i = 0; i < LIST_LEN(c->s[0]); i++)
            if (future_add_done_callback(FUT(LIST_ITEMS(c->s[0])[i]), c->s[3]) < 0) return ACO_ERROR;
        return aco_await(c, c->s[1], 1);
    }
    if (c->s[2]) cancel_handle(c->s[2]);
    for (Ssize i = 0; i < LIST_LEN(c->s[0]); i++)
        if (future_remove_done_callback(FUT(LIST_ITEMS(c->s[0])[i]), c->s[3]) < 0) vm_err_clear();
    /* the callback refers to this coroutine: break the cycle */
    CLEAR(c->s[3]);
    if (exc) return aco_raise(exc);
    Obj *done = set_new(NULL), *pending = set_new(NULL);
    for (Ssize i = 0; done && pending && i < LIST_LEN(c->s[0]); i++) {
        Obj *f = LIST_ITEMS(c->s[0])[i];
        if (set_add(fut_done(f) ? done : pending, f) < 0) CLEAR(done);
    }
    Obj *r = done && pending ? tuple_pack(2, done, pending) : NULL;
    XDECREF(done);
    XDECREF(pending);
    if (!r) return ACO_ERROR;
    *out = r;
    return ACO_RETURN;
}

static Obj *aio_wait(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"fs", "timeout", "return_when"};
    Obj *v[3];
    if (mh_bind("wait", args, nargs, kw, names, 3, 1, 0, 1, 0, v) < 0) return NULL;
    if (is_future(v[0]) || is_coroutine(v[0])) {
        vm_err_format(&exc_TypeError, "expect a list of futures, not %s", type_name(OBJ_TYPE(v[0])));
        return acoro_done("wait", NULL);
    }
    Obj *set = set_new(v[0]);
    if (!set) return acoro_done("wait", NULL);
    if (set_len(set) == 0) {
        DECREF(set);
        vm_err_set_str(&exc_ValueError, "Set of Tasks/Futures is empty.");
        return acoro_done("wait", NULL);
    }
    int rw = RW_ALL_COMPLETED;
    if (v[2]) {
        if (STR_CHECK(v[2]) && str_eq_cstr(v[2], "FIRST_COMPLETED")) rw = RW_FIRST_COMPLETED;
        else if (STR_CHECK(v[2]) && str_eq_cstr(v[2], "FIRST_EXCEPTION")) rw = RW_FIRST_EXCEPTION;
        else if (STR_CHECK(v[2]) && str_eq_cstr(v[2], "ALL_COMPLETED")) rw = RW_ALL_COMPLETED;
        else {
            DECREF(set);
            vm_err_format(&exc_ValueError, "Invalid return_when value: %S", v[2]);
            return acoro_done("wait", NULL);
        }
    }
    /* keep the futures in the order given (dedup'ed) */
    Obj *lst = list_new(0), *seen = set_new(NULL);
    Obj *it = lst && seen ? obj_getiter(v[0]) : NULL;
    Obj *item;
    bool bad = !it;
    while (it && (item = obj_iternext(it))) {
        if (is_coroutine(item)) {
            DECREF(item);
            vm_err_set_str(&exc_TypeError, "Passing coroutines is forbidden, use tasks explicitly.");
            bad = true;
            break;
        }
        if (!is_future(item)) {
            vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'add_done_callback'",
                          type_name(OBJ_TYPE(item)));
            DECREF(item);
            bad = true;
            break;
        }
        int has = set_contains(seen, item);
        if (has == 0 && (set_add(seen, item) < 0 || list_append(lst, item) < 0)) has = -1;
        DECREF(item);
        if (has < 0) {
            bad = true;
            break;
        }
    }
    XDECREF(it);
    XDECREF(seen);
    DECREF(set);
    if (bad || vm_err_occurred()) {
        XDECREF(lst);
        return acoro_done("wait", NULL);
    }
    ACoroObj *c = acoro_new("wait", wait_step);
    if (!c) {
        DECREF(lst);
        return NULL;
    }
    c->s[0] = lst;
    c->s[4] = xincref(v[1]);
    c->d = rw;
    return (Obj *)c;
}

/* ---- Event -------------------------------------------------------------------------------------- */

typedef struct EventObj { Obj base; Obj *waiters; bool value; Obj *dict; } EventObj;
static TypeObj event_type;

/* The end of the deallocs below, once their fields are released. */
static void simple_dealloc(Obj *o)
{
    gc_untrack(o);
    obj_free(o);
}

static void event_dealloc(Obj *o)
{
    XDECREF(((EventObj *)o)->waiters);
    XDECREF(((EventObj *)o)->dict);
    simple_dealloc(o);
}

static int event_traverse(Obj *o, VisitFn visit, void *arg)
{
    EventObj *e = (EventObj *)o;
    if (e->waiters && visit(e->waiters, arg)) return 1;
    return e->dict && visit(e->dict, arg);
}

/* Arguments are checked by __new__ for the class itself and by __init__
 * for a subclass (whose own __init__ may take others and call
 * super().__init__(…)), as a Python-level class would. */
static bool heap_subclass(TypeObj *t) { return type_has(t, TPF_HEAPTYPE); }

static int event_args(Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"loop"};
    Obj *v[1];
    if (mh_bind("Event", a, n, kw, names, 1, 0, 0, 0, 0, v) < 0) return -1;
    if (v[0]) {
        vm_err_set_str(&exc_TypeError, "Event.__init__() got an unexpected keyword argument 'loop'");
        return -1;
    }
    return 0;
}

static int event_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return heap_subclass(OBJ_TYPE(self)) ? event_args(a, n, kw) : 0;
}

static Obj *event_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    if (!heap_subclass(t) && event_args(a, n, kw) < 0) return NULL;
    EventObj *e = (EventObj *)obj_alloc(t, 0);
    if (!e) return NULL;
    e->waiters = list_new(0);
    if (!e->waiters) CLEAR(e);
    return (Obj *)e;
}

static int event_set(EventObj *e)
{
    if (e->value) return 0;
    e->value = true;
    Obj *ws = list_slice(e->waiters, 0, LIST_LEN(e->waiters));
    if (!ws) return -1;
    for (Ssize i = 0; i < LIST_LEN(ws); i++) {
        FutObj *f = FUT(LIST_ITEMS(ws)[i]);
        if (f->state == FUT_PENDING && future_set_result(f, TRUE_) < 0) {
            DECREF(ws);
            return -1;
        }
    }
    DECREF(ws);
    return 0;
}

static int list_remove_item(Obj *lst, Obj *item)
{
    for (Ssize i = 0; i < LIST_LEN(lst); i++)
        if (LIST_ITEMS(lst)[i] == item) return list_set_slice(lst, i, i + 1, NULL);
    vm_err_set_str(&exc_ValueError, "deque.remove(x): x not in deque");
    return -1;
}

/* s[0] the event, s[1] the future */
static int event_wait_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    EventObj *e = (EventObj *)c->s[0];
    if (c->state == 0) {
        if (e->value) {
            *out = INCREF(TRUE_);
            return ACO_RETURN;
        }
        Obj *loop = get_running_loop_or_raise();
        if (!loop) return ACO_ERROR;
        c->s[1] = future_alloc(&future_type, loop);
        if (!c->s[1] || list_append(e->waiters, c->s[1]) < 0) return ACO_ERROR;
        return aco_await(c, c->s[1], 1);
    }
    if (list_remove_item(e->waiters, c->s[1]) < 0) return ACO_ERROR;
    if (exc) return aco_raise(exc);
    *out = INCREF(TRUE_);
    return ACO_RETURN;
}

static Obj *event_wait_coro(Obj *ev)
{
    ACoroObj *c = acoro_new("Event.wait", event_wait_step);
    if (!c) return NULL;
    c->s[0] = INCREF(ev);
    return (Obj *)c;
}

static Obj *em_wait(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("wait");
    return event_wait_coro(self);
}

static Obj *em_set(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("set");
    return event_set((EventObj *)self) < 0 ? NULL : INCREF(NONE);
}

static Obj *em_clear(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("clear");
    ((EventObj *)self)->value = false;
    return INCREF(NONE);
}

static Obj *em_is_set(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("is_set");
    return bool_from(((EventObj *)self)->value);
}

static Obj *event_repr(Obj *o)
{
    EventObj *e = (EventObj *)o;
    Ssize nw = LIST_LEN(e->waiters);
    if (nw) return str_from_fmt("<asyncio.locks.Event object at %p [%s, waiters:%zd]>", (void *)o, e->value ? "set" : "unset", nw);
    return str_from_fmt("<asyncio.locks.Event object at %p [%s]>", (void *)o, e->value ? "set" : "unset");
}

static MethodDef event_methods[] = {
    {"wait", em_wait, METH_FAST, "Block until the internal flag is true."},
    {"set", em_set, METH_FAST, "Set the internal flag to true."},
    {"clear", em_clear, METH_FAST, "Reset the internal flag to false."},
    {"is_set", em_is_set, METH_FAST, "Return True if and only if the internal flag is true."},
    {NULL, NULL, 0, NULL},
};

static TypeObj event_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.locks.Event", .basicsize = sizeof(EventObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = event_dealloc, .repr = event_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = event_traverse,
    .new_ = event_new, .init = event_init, .methods = event_methods, .dictoffset = offsetof(EventObj, dict),
    .doc = "Asynchronous equivalent to threading.Event.",
};

/* ---- Lock, Semaphore, BoundedSemaphore ------------------------------------------------------------- */

enum { LK_LOCK = 0, LK_SEM, LK_BSEM };
typedef struct LockObj {
    Obj base;
    Obj *waiters;                /* list or NULL */
    Obj *dict;
    int kind;
    bool locked;
    Ssize value, bound;
} LockObj;
static TypeObj lock_type, semaphore_type, bsemaphore_type;

static void lock_dealloc(Obj *o)
{
    XDECREF(((LockObj *)o)->waiters);
    XDECREF(((LockObj *)o)->dict);
    simple_dealloc(o);
}

static int lock_traverse(Obj *o, VisitFn visit, void *arg)
{
    LockObj *l = (LockObj *)o;
    if (l->waiters && visit(l->waiters, arg)) return 1;
    return l->dict && visit(l->dict, arg);
}

/* The initial value from Lock()/Semaphore(value=1) arguments; -1 with an exception. */
static Ssize lock_args(int kind, Obj *const *a, Ssize n, Obj *kw)
{
    Ssize value = 1;
    if (kind == LK_LOCK) {
        (void)a;
        if (mh_pos_args("Lock", "Lock", n, kw, 0, 0) < 0) return -1;
        return 1;
    }
    static const char *const names[] = {"value"};
    Obj *v[1];
    if (mh_bind(kind == LK_SEM ? "Semaphore" : "BoundedSemaphore", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0)
        return -1;
    if (v[0]) {
        value = num_as_ssize(v[0], &exc_OverflowError);
        if (value == -1 && vm_err_occurred()) return -1;
    }
    if (value < 0) {
        vm_err_set_str(&exc_ValueError, "Semaphore initial value must be >= 0");
        return -1;
    }
    return value;
}

static int lock_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    LockObj *l = (LockObj *)self;
    if (!heap_subclass(OBJ_TYPE(self))) return 0;
    Ssize value = lock_args(l->kind, a, n, kw);
    if (value < 0) return -1;
    l->value = l->bound = value;
    return 0;
}

static Obj *lock_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    int kind = type_is_subtype(t, &bsemaphore_type) ? LK_BSEM : type_is_subtype(t, &semaphore_type) ? LK_SEM : LK_LOCK;
    Ssize value = heap_subclass(t) ? 1 : lock_args(kind, a, n, kw);
    if (value < 0) return NULL;
    LockObj *l = (LockObj *)obj_alloc(t, 0);
    if (!l) return NULL;
    l->kind = kind;
    l->value = value;
    l->bound = value;
    return (Obj *)l;
}

static bool all_cancelled(Obj *waiters)
{
    for (Ssize i = 0; waiters && i < LIST_LEN(waiters); i++)
        if (FUT(LIST_ITEMS(waiters)[i])->state != FUT_CANCELLED) return false;
    return true;
}

static bool sem_locked(LockObj *l)
{
    return l->value == 0 || !all_cancelled(l->waiters);
}

static int lock_wake_up_first(LockObj *l)
{
    if (!l->waiters || !LIST_LEN(l->waiters)) return 0;
    FutObj *f = FUT(LIST_ITEMS(l->waiters)[0]);
    if (f->state == FUT_PENDING) return future_set_result(f, TRUE_);
    return 0;
}

/* Semaphore._wake_up_next: 1 woke one, 0 none, -1 error */
static int sem_wake_up_next(LockObj *l)
{
    if (!l->waiters) return 0;
    for (Ssize i = 0; i < LIST_LEN(l->waiters); i++) {
        FutObj *f = FUT(LIST_ITEMS(l->waiters)[i]);
        if (f->state == FUT_PENDING) {
            l->value--;
            if (future_set_result(f, TRUE_) < 0) return -1;
            return 1;
        }
    }
    return 0;
}

static bool is_cancelled_error(Obj *e)
{
    return e && EXC_CHECK(e) && type_is_subtype(OBJ_TYPE(e), (TypeObj *)cancelled_error);
}

/* s[0] the lock, s[1] the future */
static int lock_acquire_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    LockObj *l = (LockObj *)c->s[0];
    if (c->state == 0) {
        if (l->kind == LK_LOCK ? !l->locked && all_cancelled(l->waiters) : !sem_locked(l)) {
            if (l->kind == LK_LOCK) l->locked = true;
            else l->value--;
            *out = INCREF(TRUE_);
            return ACO_RETURN;
        }
        if (!l->waiters && !(l->waiters = list_new(0))) return ACO_ERROR;
        Obj *loop = get_running_loop_or_raise();
        if (!loop) return ACO_ERROR;
        c->s[1] = future_alloc(&future_type, loop);
        if (!c->s[1] || list_append(l->waiters, c->s[1]) < 0) return ACO_ERROR;
        return aco_await(c, c->s[1], 1);
    }
    if (list_remove_item(l->waiters, c->s[1]) < 0) return ACO_ERROR;
    if (l->kind == LK_LOCK) {
        if (exc) {
            if (is_cancelled_error(exc) && !l->locked && lock_wake_up_first(l) < 0) return ACO_ERROR;
            return aco_raise(exc);
        }
        l->locked = true;
        *out = INCREF(TRUE_);
        return ACO_RETURN;
    }
    if (exc && is_cancelled_error(exc)) {
        FutObj *f = FUT(c->s[1]);
        if (f->state == FUT_FINISHED) l->value++;
    }
    while (l->value > 0) {
        int r = sem_wake_up_next(l);
        if (r < 0) return ACO_ERROR;
        if (!r) break;
    }
    if (exc) return aco_raise(exc);
    *out = INCREF(TRUE_);
    return ACO_RETURN;
}

static Obj *lock_acquire_coro(Obj *lock)
{
    ACoroObj *c = acoro_new(((LockObj *)lock)->kind == LK_LOCK ? "Lock.acquire" : "Semaphore.acquire",
                            lock_acquire_step);
    if (!c) return NULL;
    c->s[0] = INCREF(lock);
    return (Obj *)c;
}

static int lock_release(LockObj *l)
{
    if (l->kind == LK_LOCK) {
        if (!l->locked) {
            vm_err_set_str(&exc_RuntimeError, "Lock is not acquired.");
            return -1;
        }
        l->locked = false;
        return lock_wake_up_first(l);
    }
    if (l->kind == LK_BSEM && l->value >= l->bound) {
        vm_err_set_str(&exc_ValueError, "BoundedSemaphore released too many times");
        return -1;
    }
    l->value++;
    return sem_wake_up_next(l) < 0 ? -1 : 0;
}

static Obj *lkm_acquire(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("acquire");
    return lock_acquire_coro(self);
}

static Obj *lkm_release(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("release");
    return lock_release((LockObj *)self) < 0 ? NULL : INCREF(NONE);
}

static Obj *lkm_locked(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("locked");
    LockObj *l = (LockObj *)self;
    return bool_from(l->kind == LK_LOCK ? l->locked : sem_locked(l));
}

/* __aenter__: await self.acquire(); return None */
static int lock_aenter_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    if (c->state == 0) {
        Obj *co = lock_acquire_coro(c->s[0]);
        if (!co) return ACO_ERROR;
        int r = aco_await(c, co, 1);
        DECREF(co);
        return r;
    }
    if (exc) return aco_raise(exc);
    *out = INCREF(NONE);
    return ACO_RETURN;
}

static Obj *lkm_aenter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("__aenter__");
    ACoroObj *c = acoro_new(((LockObj *)self)->kind == LK_LOCK ? "Lock.__aenter__" : "Semaphore.__aenter__",
                            lock_aenter_step);
    if (!c) return NULL;
    c->s[0] = INCREF(self);
    return (Obj *)c;
}

static Obj *lkm_aexit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("__aexit__", "__aexit__", n, kw, 3, 3) < 0) return NULL;
    if (lock_release((LockObj *)self) < 0) return acoro_done("Lock.__aexit__", NULL);
    return acoro_done("Lock.__aexit__", NONE);
}

static Obj *lock_repr(Obj *o)
{
    LockObj *l = (LockObj *)o;
    Ssize nw = l->waiters ? LIST_LEN(l->waiters) : 0;
    const char *tn = l->kind == LK_LOCK ? "Lock" : l->kind == LK_SEM ? "Semaphore" : "BoundedSemaphore";
    SBuf b = SBUF_INIT;
    if (l->kind == LK_LOCK) sbuf_puts(&b, l->locked ? "locked" : "unlocked");
    else if (sem_locked(l)) sbuf_puts(&b, "locked");
    else sbuf_printf(&b, "unlocked, value:%ld", (long)l->value);
    if (nw) sbuf_printf(&b, ", waiters:%ld", (long)nw);
    Obj *r = str_from_fmt("<asyncio.locks.%s object at %p [%s]>", tn, (void *)o, sbuf_cstr(&b));
    sbuf_free(&b);
    return r;
}

static MethodDef lock_methods[] = {
    {"acquire", lkm_acquire, METH_FAST, NULL},
    {"release", lkm_release, METH_FAST, NULL},
    {"locked", lkm_locked, METH_FAST, NULL},
    {"__aenter__", lkm_aenter, METH_FAST, NULL},
    {"__aexit__", lkm_aexit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj lock_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.locks.Lock", .basicsize = sizeof(LockObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = lock_dealloc, .repr = lock_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = lock_traverse,
    .new_ = lock_new, .init = lock_init, .methods = lock_methods, .dictoffset = offsetof(LockObj, dict),
    .doc = "Primitive lock objects.",
};
static TypeObj semaphore_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.locks.Semaphore", .basicsize = sizeof(LockObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = lock_dealloc, .repr = lock_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = lock_traverse,
    .new_ = lock_new, .init = lock_init, .methods = lock_methods, .dictoffset = offsetof(LockObj, dict),
    .doc = "A Semaphore implementation.",
};
static TypeObj bsemaphore_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.locks.BoundedSemaphore", .basicsize = sizeof(LockObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = lock_dealloc, .repr = lock_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = lock_traverse,
    .new_ = lock_new, .init = lock_init, .tp_base = &semaphore_type,
    .dictoffset = offsetof(LockObj, dict), .doc = "A bounded semaphore implementation.",
};

/* ---- Condition ------------------------------------------------------------------------------------------ */

typedef struct CondObj { Obj base; Obj *lock, *waiters, *dict; } CondObj;
static TypeObj condition_type;
#define COND(o) ((CondObj *)(o))

static void cond_dealloc(Obj *o)
{
    XDECREF(COND(o)->lock);
    XDECREF(COND(o)->waiters);
    XDECREF(COND(o)->dict);
    simple_dealloc(o);
}

static int cond_traverse(Obj *o, VisitFn visit, void *arg)
{
    CondObj *c = COND(o);
    if (c->lock && visit(c->lock, arg)) return 1;
    if (c->waiters && visit(c->waiters, arg)) return 1;
    return c->dict && visit(c->dict, arg);
}

static int cond_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (!heap_subclass(OBJ_TYPE(self))) return 0;
    static const char *const names[] = {"lock"};
    Obj *v[1];
    if (mh_bind("Condition", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return -1;
    if (v[0] && v[0] != NONE) obj_setref(&COND(self)->lock, INCREF(v[0]));
    return 0;
}

static Obj *cond_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"lock"};
    Obj *v[1] = {NULL};
    if (!heap_subclass(t) && mh_bind("Condition", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    CondObj *c = (CondObj *)obj_alloc(t, 0);
    if (!c) return NULL;
    c->lock = v[0] && v[0] != NONE ? INCREF(v[0]) : lock_new(&lock_type, NULL, 0, NULL);
    c->waiters = list_new(0);
    if (!c->lock || !c->waiters) CLEAR(c);
    return (Obj *)c;
}

static int cond_locked(CondObj *c)
{
    if (type_is_subtype(OBJ_TYPE(c->lock), &lock_type)) return ((LockObj *)c->lock)->locked;
    Obj *r = obj_call_method(c->lock, "locked", NULL, 0);
    if (!r) return -1;
    int t = obj_is_true(r);
    DECREF(r);
    return t;
}

static Obj *cond_acquire_coro(CondObj *c)
{
    if (type_is_subtype(OBJ_TYPE(c->lock), &lock_type)) return lock_acquire_coro(c->lock);
    return obj_call_method(c->lock, "acquire", NULL, 0);
}

static int cond_release(CondObj *c)
{
    if (type_is_subtype(OBJ_TYPE(c->lock), &lock_type)) return lock_release((LockObj *)c->lock);
    Obj *r = obj_call_method(c->lock, "release", NULL, 0);
    XDECREF(r);
    return r ? 0 : -1;
}

/* wait: s[0] condition, s[1] future, s[2] the wait's exception, s[3] err (a CancelledError while re-acquiring) */
static int cond_wait_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    CondObj *cd = COND(c->s[0]);
    switch (c->state) {
    case 0: {
        int l = cond_locked(cd);
        if (l < 0) return ACO_ERROR;
        if (!l) {
            vm_err_set_str(&exc_RuntimeError, "cannot wait on un-acquired lock");
            return ACO_ERROR;
        }
        if (cond_release(cd) < 0) return ACO_ERROR;
        Obj *loop = get_running_loop_or_raise();
        if (!loop) return ACO_ERROR;
        c->s[1] = future_alloc(&future_type, loop);
        if (!c->s[1] || list_append(cd->waiters, c->s[1]) < 0) return ACO_ERROR;
        return aco_await(c, c->s[1], 1);
    }
    case 1:
        if (list_remove_item(cd->waiters, c->s[1]) < 0) vm_err_clear();
        if (exc) c->s[2] = INCREF(exc);
        break;
    default:
        if (exc) {
            if (!is_cancelled_error(exc)) return aco_raise(exc);
            obj_setref(&c->s[3], INCREF(exc));
            break;
        }
        if (c->s[3]) return aco_raise(c->s[3]);
        if (c->s[2]) return aco_raise(c->s[2]);
        *out = INCREF(TRUE_);
        return ACO_RETURN;
    }
    /* re-acquire the lock, even when cancelled */
    Obj *co = cond_acquire_coro(cd);
    if (!co) return ACO_ERROR;
    int r = aco_await(c, co, 2);
    DECREF(co);
    return r;
}

static Obj *cond_wait_coro(Obj *self)
{
    ACoroObj *c = acoro_new("Condition.wait", cond_wait_step);
    if (!c) return NULL;
    c->s[0] = INCREF(self);
    return (Obj *)c;
}

/* wait_for: s[0] condition, s[1] predicate */
static int cond_wait_for_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    if (exc) return aco_raise(exc);
    Obj *r = obj_call(c->s[1], NULL, 0, NULL);
    if (!r) return ACO_ERROR;
    int t = obj_is_true(r);
    if (t != 0) {
        if (t < 0) {
            DECREF(r);
            return ACO_ERROR;
        }
        *out = r;
        return ACO_RETURN;
    }
    DECREF(r);
    Obj *w = cond_wait_coro(c->s[0]);
    if (!w) return ACO_ERROR;
    int rc = aco_await(c, w, 1);
    DECREF(w);
    return rc;
}

static Obj *cm_wait(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("wait");
    return cond_wait_coro(self);
}

static Obj *cm_wait_for(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("wait_for", "wait_for", n, kw, 1, 1) < 0) return NULL;
    ACoroObj *c = acoro_new("Condition.wait_for", cond_wait_for_step);
    if (!c) return NULL;
    c->s[0] = INCREF(self);
    c->s[1] = INCREF(a[0]);
    return (Obj *)c;
}

static int cond_notify(CondObj *c, Ssize n)
{
    int l = cond_locked(c);
    if (l < 0) return -1;
    if (!l) {
        vm_err_set_str(&exc_RuntimeError, "cannot notify on un-acquired lock");
        return -1;
    }
    Obj *ws = list_slice(c->waiters, 0, LIST_LEN(c->waiters));
    if (!ws) return -1;
    Ssize idx = 0;
    for (Ssize i = 0; i < LIST_LEN(ws) && idx < n; i++) {
        FutObj *f = FUT(LIST_ITEMS(ws)[i]);
        if (f->state == FUT_PENDING) {
            idx++;
            if (future_set_result(f, FALSE_) < 0) {
                DECREF(ws);
                return -1;
            }
        }
    }
    DECREF(ws);
    return 0;
}

static Obj *cm_notify(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (mh_bind("notify", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Ssize k = 1;
    if (v[0]) {
        k = num_as_ssize(v[0], &exc_OverflowError);
        if (k == -1 && vm_err_occurred()) return NULL;
    }
    return cond_notify(COND(self), k) < 0 ? NULL : INCREF(NONE);
}

static Obj *cm_notify_all(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("notify_all");
    return cond_notify(COND(self), LIST_LEN(COND(self)->waiters)) < 0 ? NULL : INCREF(NONE);
}

static Obj *cm_locked(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("locked");
    int l = cond_locked(COND(self));
    return l < 0 ? NULL : bool_from(l);
}

static Obj *cm_acquire(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("acquire");
    return cond_acquire_coro(COND(self));
}

static Obj *cm_release(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("release");
    return cond_release(COND(self)) < 0 ? NULL : INCREF(NONE);
}

static int cond_aenter_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    if (c->state == 0) {
        Obj *co = cond_acquire_coro(COND(c->s[0]));
        if (!co) return ACO_ERROR;
        int r = aco_await(c, co, 1);
        DECREF(co);
        return r;
    }
    if (exc) return aco_raise(exc);
    *out = INCREF(NONE);
    return ACO_RETURN;
}

static Obj *cm_aenter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("__aenter__");
    ACoroObj *c = acoro_new("Condition.__aenter__", cond_aenter_step);
    if (!c) return NULL;
    c->s[0] = INCREF(self);
    return (Obj *)c;
}

static Obj *cm_aexit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("__aexit__", "__aexit__", n, kw, 3, 3) < 0) return NULL;
    if (cond_release(COND(self)) < 0) return acoro_done("Condition.__aexit__", NULL);
    return acoro_done("Condition.__aexit__", NONE);
}

static Obj *cond_repr(Obj *o)
{
    CondObj *c = COND(o);
    int l = cond_locked(c);
    vm_err_clear();
    Ssize nw = LIST_LEN(c->waiters);
    if (nw) return str_from_fmt("<asyncio.locks.Condition object at %p [%s, waiters:%zd]>", (void *)o,
                                l > 0 ? "locked" : "unlocked", nw);
    return str_from_fmt("<asyncio.locks.Condition object at %p [%s]>", (void *)o, l > 0 ? "locked" : "unlocked");
}

static MethodDef condition_methods[] = {
    {"wait", cm_wait, METH_FAST, NULL},
    {"wait_for", cm_wait_for, METH_FAST, NULL},
    {"notify", cm_notify, METH_FAST, NULL},
    {"notify_all", cm_notify_all, METH_FAST, NULL},
    {"locked", cm_locked, METH_FAST, NULL},
    {"acquire", cm_acquire, METH_FAST, NULL},
    {"release", cm_release, METH_FAST, NULL},
    {"__aenter__", cm_aenter, METH_FAST, NULL},
    {"__aexit__", cm_aexit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj condition_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.locks.Condition", .basicsize = sizeof(CondObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = cond_dealloc, .repr = cond_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = cond_traverse,
    .new_ = cond_new, .init = cond_init, .methods = condition_methods, .dictoffset = offsetof(CondObj, dict),
    .doc = "Asynchronous equivalent to threading.Condition.",
};

/* ---- Queue, LifoQueue, PriorityQueue ---------------------------------------------------------------- */

enum { Q_FIFO = 0, Q_LIFO, Q_PRIO };
typedef struct QueueObj {
    Obj base;
    Obj *items, *getters, *putters, *finished, *dict;
    Ssize maxsize, unfinished;
    int kind;
} QueueObj;
static TypeObj queue_type, lifoqueue_type, prioqueue_type;
#define QUEUE(o) ((QueueObj *)(o))

static void queue_dealloc(Obj *o)
{
    QueueObj *q = QUEUE(o);
    XDECREF(q->items);
    XDECREF(q->getters);
    XDECREF(q->putters);
    XDECREF(q->finished);
    XDECREF(q->dict);
    simple_dealloc(o);
}

static int queue_traverse(Obj *o, VisitFn visit, void *arg)
{
    QueueObj *q = QUEUE(o);
    Obj *v[] = {q->items, q->getters, q->putters, q->finished, q->dict};
    for (size_t i = 0; i < 5; i++)
        if (v[i] && visit(v[i], arg)) return 1;
    return 0;
}

/* maxsize from Queue(maxsize=0) arguments (<= 0: unbounded). */
static int queue_args(Obj *const *a, Ssize n, Obj *kw, Ssize *maxsize)
{
    static const char *const names[] = {"maxsize"};
    Obj *v[1];
    if (mh_bind("Queue", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return -1;
    *maxsize = 0;
    if (v[0]) {
        *maxsize = num_as_ssize(v[0], &exc_OverflowError);
        if (*maxsize == -1 && vm_err_occurred()) return -1;
    }
    return 0;
}

static int queue_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (!heap_subclass(OBJ_TYPE(self))) return 0;
    return queue_args(a, n, kw, &QUEUE(self)->maxsize);
}

static Obj *queue_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    Ssize maxsize = 0;
    if (!heap_subclass(t) && queue_args(a, n, kw, &maxsize) < 0) return NULL;
    QueueObj *q = (QueueObj *)obj_alloc(t, 0);
    if (!q) return NULL;
    q->maxsize = maxsize;
    q->kind = type_is_subtype(t, &prioqueue_type) ? Q_PRIO : type_is_subtype(t, &lifoqueue_type) ? Q_LIFO : Q_FIFO;
    q->items = list_new(0);
    q->getters = list_new(0);
    q->putters = list_new(0);
    q->finished = event_new(&event_type, NULL, 0, NULL);
    if (!q->items || !q->getters || !q->putters || !q->finished) CLEAR(q);
    else ((EventObj *)q->finished)->value = true;
    return (Obj *)q;
}

static bool queue_full(QueueObj *q)
{
    return q->maxsize > 0 && LIST_LEN(q->items) >= q->maxsize;
}

static int wakeup_next(Obj *waiters)
{
    while (LIST_LEN(waiters)) {
        Obj *w = INCREF(LIST_ITEMS(waiters)[0]);
        if (list_set_slice(waiters, 0, 1, NULL) < 0) {
            DECREF(w);
            return -1;
        }
        int rc = 0;
        bool woke = false;
        if (FUT(w)->state == FUT_PENDING) {
            rc = future_set_result(FUT(w), NONE);
            woke = true;
        }
        DECREF(w);
        if (rc < 0) return -1;
        if (woke) break;
    }
    return 0;
}

static Obj *heapq_call(const char *fn, Obj *const *args, Ssize n)
{
    Obj *m = import_name(id_str("heapq"), NULL, NULL, 0);
    if (!m) return NULL;
    Obj *f = obj_getattr_str(m, fn);
    DECREF(m);
    if (!f) return NULL;
    Obj *r = obj_call(f, args, n, NULL);
    DECREF(f);
    return r;
}

static int queue_put_nowait(QueueObj *q, Obj *item)
{
    if (queue_full(q)) {
        Obj *e = obj_call(queue_full_error, NULL, 0, NULL);
        if (e) vm_err_restore(e);
        return -1;
    }
    if (q->kind == Q_PRIO) {
        Obj *args[2] = {q->items, item};
        Obj *r = heapq_call("heappush", args, 2);
        if (!r) return -1;
        DECREF(r);
    } else if (list_append(q->items, item) < 0) {
        return -1;
    }
    q->unfinished++;
    ((EventObj *)q->finished)->value = false;
    return wakeup_next(q->getters);
}

static Obj *queue_get_nowait(QueueObj *q)
{
    if (!LIST_LEN(q->items)) {
        Obj *e = obj_call(queue_empty_error, NULL, 0, NULL);
        if (e) vm_err_restore(e);
        return NULL;
    }
    Obj *item;
    if (q->kind == Q_PRIO) {
        item = heapq_call("heappop", &q->items, 1);
        if (!item) return NULL;
    } else {
        Ssize i = q->kind == Q_LIFO ? LIST_LEN(q->items) - 1 : 0;
        item = INCREF(LIST_ITEMS(q->items)[i]);
        if (list_set_slice(q->items, i, i + 1, NULL) < 0) {
            DECREF(item);
            return NULL;
        }
    }
    if (wakeup_next(q->putters) < 0) {
        DECREF(item);
        return NULL;
    }
    return item;
}

/* get: s[0] queue, s[1] getter;  put: s[0] queue, s[1] putter, s[2] item */
static int queue_get_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    QueueObj *q = QUEUE(c->s[0]);
    if (c->state == 1) {
        if (exc) {
            FutObj *g = FUT(c->s[1]);
            future_cancel_base(g, NULL);
            for (Ssize i = 0; i < LIST_LEN(q->getters); i++)
                if (LIST_ITEMS(q->getters)[i] == c->s[1]) {
                    list_set_slice(q->getters, i, i + 1, NULL);
                    break;
                }
            if (LIST_LEN(q->items) && g->state != FUT_CANCELLED && wakeup_next(q->getters) < 0) return ACO_ERROR;
            return aco_raise(exc);
        }
        CLEAR(c->s[1]);
    }
    if (!LIST_LEN(q->items)) {
        Obj *loop = get_running_loop_or_raise();
        if (!loop) return ACO_ERROR;
        c->s[1] = future_alloc(&future_type, loop);
        if (!c->s[1] || list_append(q->getters, c->s[1]) < 0) return ACO_ERROR;
        return aco_await(c, c->s[1], 1);
    }
    *out = queue_get_nowait(q);
    return *out ? ACO_RETURN : ACO_ERROR;
}

static int queue_put_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    QueueObj *q = QUEUE(c->s[0]);
    if (c->state == 1) {
        if (exc) {
            FutObj *p = FUT(c->s[1]);
            future_cancel_base(p, NULL);
            for (Ssize i = 0; i < LIST_LEN(q->putters); i++)
                if (LIST_ITEMS(q->putters)[i] == c->s[1]) {
                    list_set_slice(q->putters, i, i + 1, NULL);
                    break;
                }
            if (!queue_full(q) && p->state != FUT_CANCELLED && wakeup_next(q->putters) < 0) return ACO_ERROR;
            return aco_raise(exc);
        }
        CLEAR(c->s[1]);
    }
    if (queue_full(q)) {
        Obj *loop = get_running_loop_or_raise();
        if (!loop) return ACO_ERROR;
        c->s[1] = future_alloc(&future_type, loop);
        if (!c->s[1] || list_append(q->putters, c->s[1]) < 0) return ACO_ERROR;
        return aco_await(c, c->s[1], 1);
    }
    if (queue_put_nowait(q, c->s[2]) < 0) return ACO_ERROR;
    *out = INCREF(NONE);
    return ACO_RETURN;
}

static int queue_join_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    if (c->state == 0) {
        QueueObj *q = QUEUE(c->s[0]);
        if (q->unfinished > 0) {
            Obj *w = event_wait_coro(q->finished);
            if (!w) return ACO_ERROR;
            int r = aco_await(c, w, 1);
            DECREF(w);
            return r;
        }
    }
    if (exc) return aco_raise(exc);
    *out = INCREF(NONE);
    return ACO_RETURN;
}

static Obj *qm_get(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("get");
    ACoroObj *c = acoro_new("Queue.get", queue_get_step);
    if (!c) return NULL;
    c->s[0] = INCREF(self);
    return (Obj *)c;
}

static Obj *qm_put(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("put", "put", n, kw, 1, 1) < 0) return NULL;
    ACoroObj *c = acoro_new("Queue.put", queue_put_step);
    if (!c) return NULL;
    c->s[0] = INCREF(self);
    c->s[2] = INCREF(a[0]);
    return (Obj *)c;
}

static Obj *qm_join(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("join");
    ACoroObj *c = acoro_new("Queue.join", queue_join_step);
    if (!c) return NULL;
    c->s[0] = INCREF(self);
    return (Obj *)c;
}

static Obj *qm_get_nowait(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("get_nowait");
    Obj *r = queue_get_nowait(QUEUE(self));
    if (!r && vm_err_matches((TypeObj *)queue_empty_error))
        tbframe_push(&tbgen_asyncio_queues, TBG_ASYNCIO_QUEUES_QUEUE_GET_NOWAIT_EMPTY);
    return r;
}

static Obj *qm_put_nowait(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("put_nowait", "put_nowait", n, kw, 1, 1) < 0) return NULL;
    if (queue_put_nowait(QUEUE(self), a[0]) == 0) return INCREF(NONE);
    if (vm_err_matches((TypeObj *)queue_full_error))
        tbframe_push(&tbgen_asyncio_queues, TBG_ASYNCIO_QUEUES_QUEUE_PUT_NOWAIT_FULL);
    return NULL;
}

static Obj *qm_task_done(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("task_done");
    QueueObj *q = QUEUE(self);
    if (q->unfinished <= 0) {
        vm_err_set_str(&exc_ValueError, "task_done() called too many times");
        return NULL;
    }
    q->unfinished--;
    if (q->unfinished == 0 && event_set((EventObj *)q->finished) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *qm_qsize(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("qsize");
    return int_from_i64(LIST_LEN(QUEUE(self)->items));
}

static Obj *qm_empty(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("empty");
    return bool_from(LIST_LEN(QUEUE(self)->items) == 0);
}

static Obj *qm_full(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("full");
    return bool_from(queue_full(QUEUE(self)));
}

static Obj *qg_maxsize(Obj *o, void *c)
{
    (void)c;
    return int_from_i64(QUEUE(o)->maxsize);
}

static Obj *qg_queue(Obj *o, void *c)
{
    (void)c;
    return INCREF(QUEUE(o)->items);
}

static Obj *qg_unfinished(Obj *o, void *c)
{
    (void)c;
    return int_from_i64(QUEUE(o)->unfinished);
}

static Obj *queue_repr(Obj *o)
{
    QueueObj *q = QUEUE(o);
    const char *tn = q->kind == Q_PRIO ? "PriorityQueue" : q->kind == Q_LIFO ? "LifoQueue" : "Queue";
    SBuf b = SBUF_INIT;
    sbuf_printf(&b, "maxsize=%ld", (long)q->maxsize);
    if (LIST_LEN(q->items)) {
        Obj *r = obj_repr(q->items);
        if (r) {
            sbuf_puts(&b, " _queue=");
            Ssize n;
            const char *p = str_utf8_lossy(r, &n);
            sbuf_put(&b, p, (size_t)n);
            DECREF(r);
        }
        vm_err_clear();
    }
    if (LIST_LEN(q->getters)) sbuf_printf(&b, " _getters[%ld]", (long)LIST_LEN(q->getters));
    if (LIST_LEN(q->putters)) sbuf_printf(&b, " _putters[%ld]", (long)LIST_LEN(q->putters));
    if (q->unfinished) sbuf_printf(&b, " tasks=%ld", (long)q->unfinished);
    Obj *r = str_from_fmt("<%s at %p %s>", tn, (void *)o, sbuf_cstr(&b));
    sbuf_free(&b);
    return r;
}

static MethodDef queue_methods[] = {
    {"get", qm_get, METH_FAST, NULL},
    {"put", qm_put, METH_FAST, NULL},
    {"join", qm_join, METH_FAST, NULL},
    {"get_nowait", qm_get_nowait, METH_FAST, NULL},
    {"put_nowait", qm_put_nowait, METH_FAST, NULL},
    {"task_done", qm_task_done, METH_FAST, NULL},
    {"qsize", qm_qsize, METH_FAST, NULL},
    {"empty", qm_empty, METH_FAST, NULL},
    {"full", qm_full, METH_FAST, NULL},
    {"__class_getitem__", fut_class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef queue_getset[] = {
    {"maxsize", qg_maxsize, NULL, NULL, NULL},
    {"_queue", qg_queue, NULL, NULL, NULL},
    {"_unfinished_tasks", qg_unfinished, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj queue_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.queues.Queue", .basicsize = sizeof(QueueObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = queue_dealloc, .repr = queue_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = queue_traverse,
    .new_ = queue_new, .init = queue_init, .methods = queue_methods, .getset = queue_getset,
    .dictoffset = offsetof(QueueObj, dict), .doc = "A queue, useful for coordinating producer and consumer coroutines.",
};
static TypeObj lifoqueue_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.queues.LifoQueue", .basicsize = sizeof(QueueObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = queue_dealloc, .repr = queue_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = queue_traverse,
    .new_ = queue_new, .init = queue_init, .tp_base = &queue_type,
    .dictoffset = offsetof(QueueObj, dict), .doc = "A subclass of Queue that retrieves most recently added entries first.",
};
static TypeObj prioqueue_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.queues.PriorityQueue", .basicsize = sizeof(QueueObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = queue_dealloc, .repr = queue_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = queue_traverse,
    .new_ = queue_new, .init = queue_init, .tp_base = &queue_type,
    .dictoffset = offsetof(QueueObj, dict), .doc = "A subclass of Queue; retrieves entries in priority order (lowest first).",
};

/* ---- as_completed ----------------------------------------------------------------------------------- */

/* the state: an ACoro never run, s[0] todo (list), s[1] done queue, s[2] timeout handle, s[3] callback */
static Obj *asc_on_completion(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    ACoroObj *st = (ACoroObj *)self;
    if (n != 1 || !LIST_LEN(st->s[0])) return INCREF(NONE);
    if (list_remove_item(st->s[0], a[0]) < 0) return NULL;
    if (queue_put_nowait(QUEUE(st->s[1]), a[0]) < 0) return NULL;
    if (!LIST_LEN(st->s[0]) && st->s[2]) cancel_handle(st->s[2]);
    return INCREF(NONE);
}
static const MethodDef asc_on_completion_def = {"_on_completion", asc_on_completion, METH_FAST, NULL};

static Obj *asc_on_timeout(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    ACoroObj *st = (ACoroObj *)self;
    for (Ssize i = 0; i < LIST_LEN(st->s[0]); i++) {
        if (future_remove_done_callback(FUT(LIST_ITEMS(st->s[0])[i]), st->s[3]) < 0) return NULL;
        if (queue_put_nowait(QUEUE(st->s[1]), NONE) < 0) return NULL;
    }
    return list_set_slice(st->s[0], 0, LIST_LEN(st->s[0]), NULL) < 0 ? NULL : INCREF(NONE);
}
static const MethodDef asc_on_timeout_def = {"_on_timeout", asc_on_timeout, METH_FAST, NULL};

static int never_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)c;
    (void)val;
    (void)out;
    if (exc) return aco_raise(exc);
    vm_err_set_str(&exc_RuntimeError, "internal state object");
    return ACO_ERROR;
}

/* _wait_for_one: s[0] the done queue */
static int wait_for_one_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    if (c->state == 0) {
        ACoroObj *g = acoro_new("Queue.get", queue_get_step);
        if (!g) return ACO_ERROR;
        g->s[0] = INCREF(c->s[0]);
        int r = aco_await(c, (Obj *)g, 1);
        DECREF(g);
        return r;
    }
    if (exc) return aco_raise(exc);
    if (val == NONE) {
        vm_err_set_obj(&exc_TimeoutError, NULL);
        return ACO_ERROR;
    }
    *out = future_result(FUT(val));
    if (*out) return ACO_RETURN;
    /* tasks.py's as_completed: `return f.result()` */
    tbframe_push(&tbgen_asyncio_tasks, TBG_ASYNCIO_TASKS_WAIT_FOR_ONE_RESULT);
    return ACO_ERROR;
}

static Obj *aio_as_completed(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"fs", "timeout"};
    Obj *v[2];
    if (mh_bind("as_completed", args, nargs, kw, names, 2, 1, 0, 1, 0, v) < 0) return NULL;
    if (is_future(v[0]) || is_coroutine(v[0])) {
        vm_err_format(&exc_TypeError, "expect an iterable of futures, not %s", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    Obj *loop = get_event_loop(2);
    if (!loop) return NULL;
    ACoroObj *st = acoro_new("as_completed", never_step);
    Obj *result = NULL;
    if (!st) goto out;
    st->state = -1;   /* a state holder, never run */
    st->s[0] = list_new(0);
    st->s[1] = queue_new(&queue_type, NULL, 0, NULL);
    st->s[3] = builtin_new(&asc_on_completion_def, (Obj *)st, NULL);
    if (!st->s[0] || !st->s[1] || !st->s[3]) goto out;
    Obj *seen = set_new(NULL);
    Obj *it = seen ? obj_getiter(v[0]) : NULL;
    Obj *item;
    while (it && (item = obj_iternext(it))) {
        int has = set_contains(seen, item);
        Obj *f = NULL;
        if (has == 0 && set_add(seen, item) == 0) f = ensure_future(item, (LoopObj *)loop);
        DECREF(item);
        if (has == 1) continue;
        if (!f || list_append(st->s[0], f) < 0) {
            XDECREF(f);
            break;
        }
        DECREF(f);
    }
    XDECREF(it);
    XDECREF(seen);
    if (vm_err_occurred()) goto out;
    for (Ssize i = 0; i < LIST_LEN(st->s[0]); i++)
        if (future_add_done_callback(FUT(LIST_ITEMS(st->s[0])[i]), st->s[3]) < 0) goto out;
    if (LIST_LEN(st->s[0]) && v[1] && v[1] != NONE) {
        double t;
        if (get_double(v[1], &t) < 0) goto out;
        Obj *fn = builtin_new(&asc_on_timeout_def, (Obj *)st, NULL);
        st->s[2] = fn ? call_at((LoopObj *)loop, mono_now() + t, fn, NULL, 0) : NULL;
        XDECREF(fn);
        if (!st->s[2]) goto out;
    }
    Obj *coros = list_new(0);
    for (Ssize i = 0; coros && i < LIST_LEN(st->s[0]); i++) {
        ACoroObj *w = acoro_new("as_completed.<locals>._wait_for_one", wait_for_one_step);
        if (!w || list_append(coros, (Obj *)w) < 0) CLEAR(coros);
        if (w) w->s[0] = INCREF(st->s[1]);
        XDECREF(w);
    }
    if (coros) {
        result = obj_getiter(coros);
        DECREF(coros);
    }
out:
    XDECREF(st);
    DECREF(loop);
    return result;
}

/* ---- TaskGroup ------------------------------------------------------------------------------------- */

typedef struct TaskGroupObj {
    Obj base;
    bool entered, exiting, aborting, parent_cancel_requested;
    Obj *loop, *parent_task, *tasks, *errors, *base_error, *on_completed_fut, *on_done, *dict;
} TaskGroupObj;
static TypeObj taskgroup_type;
#define TG(o) ((TaskGroupObj *)(o))

static void tg_dealloc(Obj *o)
{
    TaskGroupObj *g = TG(o);
    XDECREF(g->loop);
    XDECREF(g->parent_task);
    XDECREF(g->tasks);
    XDECREF(g->errors);
    XDECREF(g->base_error);
    XDECREF(g->on_completed_fut);
    XDECREF(g->on_done);
    XDECREF(g->dict);
    simple_dealloc(o);
}

static int tg_traverse(Obj *o, VisitFn visit, void *arg)
{
    TaskGroupObj *g = TG(o);
    Obj *v[] = {g->loop, g->parent_task, g->tasks, g->errors, g->base_error, g->on_completed_fut, g->on_done, g->dict};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (v[i] && visit(v[i], arg)) return 1;
    return 0;
}

static int tg_clear(Obj *o)
{
    TaskGroupObj *g = TG(o);
    CLEAR(g->on_done);
    CLEAR(g->tasks);
    CLEAR(g->parent_task);
    return 0;
}

static Obj *tg_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("TaskGroup", "TaskGroup", n, kw, 0, 0) < 0) return NULL;
    (void)a;
    TaskGroupObj *g = (TaskGroupObj *)obj_alloc(t, 0);
    if (!g) return NULL;
    g->tasks = list_new(0);
    g->errors = list_new(0);
    if (!g->tasks || !g->errors) CLEAR(g);
    return (Obj *)g;
}

static Obj *tg_repr(Obj *o)
{
    TaskGroupObj *g = TG(o);
    SBuf b = SBUF_INIT;
    if (g->tasks && LIST_LEN(g->tasks)) sbuf_printf(&b, " tasks=%ld", (long)LIST_LEN(g->tasks));
    if (g->errors && LIST_LEN(g->errors)) sbuf_printf(&b, " errors=%ld", (long)LIST_LEN(g->errors));
    if (g->aborting) sbuf_puts(&b, " cancelling");
    else if (g->entered) sbuf_puts(&b, " entered");
    Obj *r = str_from_fmt("<TaskGroup%s>", sbuf_cstr(&b));
    sbuf_free(&b);
    return r;
}

static bool is_base_error(Obj *e)
{
    return type_is_subtype(OBJ_TYPE(e), &exc_SystemExit) || type_is_subtype(OBJ_TYPE(e), &exc_KeyboardInterrupt);
}

static int tg_abort(TaskGroupObj *g)
{
    g->aborting = true;
    Obj *ts = list_slice(g->tasks, 0, LIST_LEN(g->tasks));
    if (!ts) return -1;
    for (Ssize i = 0; i < LIST_LEN(ts); i++) {
        Obj *t = LIST_ITEMS(ts)[i];
        if (!fut_done(t) && any_cancel(t, NULL) < 0) {
            DECREF(ts);
            return -1;
        }
    }
    DECREF(ts);
    return 0;
}

static Obj *tg_on_task_done(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    TaskGroupObj *g = TG(self);
    if (n != 1) return INCREF(NONE);
    Obj *task = a[0];
    for (Ssize i = 0; g->tasks && i < LIST_LEN(g->tasks); i++)
        if (LIST_ITEMS(g->tasks)[i] == task) {
            if (list_set_slice(g->tasks, i, i + 1, NULL) < 0) return NULL;
            break;
        }
    if (g->on_completed_fut && !LIST_LEN(g->tasks) && !fut_done(g->on_completed_fut) &&
        future_set_result(FUT(g->on_completed_fut), TRUE_) < 0)
        return NULL;
    if (FUT(task)->state == FUT_CANCELLED) return INCREF(NONE);
    Obj *exc = future_exception(FUT(task));
    if (!exc) return NULL;
    if (exc == NONE) {
        DECREF(exc);
        return INCREF(NONE);
    }
    if (g->errors && list_append(g->errors, exc) < 0) {
        DECREF(exc);
        return NULL;
    }
    if (is_base_error(exc) && !g->base_error) g->base_error = INCREF(exc);
    if (g->parent_task && fut_done(g->parent_task)) {
        Obj *m = str_from_fmt("Task %R has errored out but its parent task %R is already completed", task,
                              g->parent_task);
        if (m) report((LoopObj *)g->loop, NULL, m, exc, "task", task);
        XDECREF(m);
        DECREF(exc);
        return INCREF(NONE);
    }
    DECREF(exc);
    if (!g->aborting && !g->parent_cancel_requested) {
        if (tg_abort(g) < 0) return NULL;
        g->parent_cancel_requested = true;
        if (g->parent_task && any_cancel(g->parent_task, NULL) < 0) return NULL;
    }
    return INCREF(NONE);
}
static const MethodDef tg_on_task_done_def = {"_on_task_done", tg_on_task_done, METH_FAST, NULL};

static Obj *tgm_create_task(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"coro", "name", "context"};
    Obj *v[3];
    if (mh_bind("create_task", a, n, kw, names, 3, 1, 0, 1, 0, v) < 0) return NULL;
    TaskGroupObj *g = TG(self);
    const char *err = !g->entered ? "has not been entered"
                    : g->exiting && !LIST_LEN(g->tasks) ? "is finished"
                    : g->aborting ? "is shutting down" : NULL;
    if (err) {
        vm_err_format(&exc_RuntimeError, "TaskGroup %R %s", self, err);
        return NULL;
    }
    Obj *task = task_new_on((LoopObj *)g->loop, v[0], v[1]);
    if (!task) return NULL;
    if (!g->on_done && !(g->on_done = builtin_new(&tg_on_task_done_def, self, NULL))) {
        DECREF(task);
        return NULL;
    }
    if (list_append(g->tasks, task) < 0 || future_add_done_callback(FUT(task), g->on_done) < 0) {
        DECREF(task);
        return NULL;
    }
    return task;
}

static Obj *tgm_aenter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    NOARGS("__aenter__");
    TaskGroupObj *g = TG(self);
    if (g->entered) {
        vm_err_format(&exc_RuntimeError, "TaskGroup %R has already been entered", self);
        return acoro_done("TaskGroup.__aenter__", NULL);
    }
    if (!g->loop) {
        Obj *l = get_running_loop_or_raise();
        if (!l) return acoro_done("TaskGroup.__aenter__", NULL);
        g->loop = INCREF(l);
    }
    Obj *cur = ((LoopObj *)g->loop)->current_task;
    if (!cur) {
        vm_err_format(&exc_RuntimeError, "TaskGroup %R cannot determine the parent task", self);
        return acoro_done("TaskGroup.__aenter__", NULL);
    }
    obj_setref(&g->parent_task, INCREF(cur));
    g->entered = true;
    return acoro_done("TaskGroup.__aenter__", self);
}

/* __aexit__: s[0] the group, s[1] et, s[2] exc, s[3] propagate_cancellation_error */
static int tg_aexit_step(ACoroObj *c, Obj *val, Obj *exc_in, Obj **out)
{
    (void)val;
    TaskGroupObj *g = TG(c->s[0]);
    Obj *et = c->s[1], *exc = c->s[2];
    if (c->state == 0) {
        g->exiting = true;
        if (exc != NONE && is_base_error(exc) && !g->base_error) g->base_error = INCREF(exc);
        if (et == cancelled_error) c->s[3] = INCREF(exc);
        if (g->parent_cancel_requested) {
            FutObj *p = FUT(g->parent_task);
            if (p->num_cancels > 0) p->num_cancels--;
            if (p->num_cancels == 0) CLEAR(c->s[3]);
        }
        if (et != NONE && !g->aborting && tg_abort(g) < 0) return ACO_ERROR;
    } else {
        if (exc_in) {
            if (!is_cancelled_error(exc_in)) return aco_raise(exc_in);
            if (!g->aborting) {
                obj_setref(&c->s[3], INCREF(exc_in));
                if (tg_abort(g) < 0) return ACO_ERROR;
            }
        }
        CLEAR(g->on_completed_fut);
    }
    if (LIST_LEN(g->tasks)) {
        if (!g->on_completed_fut && !(g->on_completed_fut = future_alloc(&future_type, g->loop))) return ACO_ERROR;
        return aco_await(c, g->on_completed_fut, 1);
    }
    if (g->base_error) return aco_raise(g->base_error);
    if (c->s[3] && (!g->errors || !LIST_LEN(g->errors))) return aco_raise(c->s[3]);
    if (et != NONE && et != cancelled_error && g->errors && list_append(g->errors, exc) < 0) return ACO_ERROR;
    if (g->errors && LIST_LEN(g->errors)) {
        Obj *errs = g->errors;
        g->errors = NULL;
        Obj *msg = str_from_cstr("unhandled errors in a TaskGroup");
        Obj *args[2] = {msg, errs};
        Obj *me = msg ? obj_call((Obj *)&exc_BaseExceptionGroup, args, 2, NULL) : NULL;
        XDECREF(msg);
        DECREF(errs);
        if (!me) return ACO_ERROR;
        ExcObj *e = (ExcObj *)me;
        e->suppress_context = true;
        if (exc != NONE) obj_setref(&e->context, INCREF(exc));
        vm_err_restore(me);
        /* taskgroups.py's `raise me from None` */
        tbframe_push(&tbgen_asyncio_taskgroups, TBG_ASYNCIO_TASKGROUPS_AEXIT_GROUP);
        return ACO_ERROR;
    }
    *out = INCREF(NONE);
    return ACO_RETURN;
}

static Obj *tgm_aexit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("__aexit__", "__aexit__", n, kw, 3, 3) < 0) return NULL;
    ACoroObj *c = acoro_new("TaskGroup.__aexit__", tg_aexit_step);
    if (!c) return NULL;
    c->s[0] = INCREF(self);
    c->s[1] = INCREF(a[0]);
    c->s[2] = INCREF(a[1]);
    return (Obj *)c;
}

static MethodDef taskgroup_methods[] = {
    {"create_task", tgm_create_task, METH_FAST, "Create a new task in this group and return it."},
    {"__aenter__", tgm_aenter, METH_FAST, NULL},
    {"__aexit__", tgm_aexit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj taskgroup_type = {
    .base = TYPE_HEAD_INIT, .name = "asyncio.taskgroups.TaskGroup", .basicsize = sizeof(TaskGroupObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = tg_dealloc, .repr = tg_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = tg_traverse,
    .clear = tg_clear, .new_ = tg_new, .init = accept_args_init, .methods = taskgroup_methods,
    .dictoffset = offsetof(TaskGroupObj, dict), .doc = "Asynchronous context manager for managing groups of tasks.",
};

/* ---- shield ------------------------------------------------------------------------------------------ */

/* outer's children[0] is inner */
static Obj *shield_inner_done(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)kw;
    FutObj *outer = FUT(self);
    if (n != 1) return INCREF(NONE);
    FutObj *inner = FUT(a[0]);
    if (outer->state == FUT_CANCELLED) {
        if (inner->state != FUT_CANCELLED) inner->log_tb = false;
        return INCREF(NONE);
    }
    if (outer->state != FUT_PENDING) return INCREF(NONE);
    int rc;
    if (inner->state == FUT_CANCELLED) {
        future_cancel_base(outer, NULL);
        rc = 0;
    } else if (inner->exception) {
        inner->log_tb = false;
        rc = future_set_exception(outer, inner->exception);
    } else {
        rc = future_set_result(outer, inner->result ? inner->result : NONE);
    }
    return rc < 0 ? NULL : INCREF(NONE);
}
static const MethodDef shield_inner_done_def = {"_inner_done_callback", shield_inner_done, METH_FAST, NULL};

static Obj *shield_outer_done(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    FutObj *outer = FUT(self);
    if (!outer->children || !LIST_LEN(outer->children)) return INCREF(NONE);
    Obj *inner = LIST_ITEMS(outer->children)[0];
    if (!fut_done(inner) && FUT(inner)->callbacks) {
        /* remove the inner callback bound to this outer */
        Obj *keep = list_new(0);
        if (!keep) return NULL;
        for (Ssize i = 0; i < LIST_LEN(FUT(inner)->callbacks); i++) {
            Obj *cb = LIST_ITEMS(FUT(inner)->callbacks)[i];
            bool mine = IS_TYPE(cb, builtin_function_type) && ((BuiltinObj *)cb)->def == &shield_inner_done_def &&
                        ((BuiltinObj *)cb)->self == self;
            if (!mine && list_append(keep, cb) < 0) {
                DECREF(keep);
                return NULL;
            }
        }
        obj_setref(&FUT(inner)->callbacks, keep);
    }
    return INCREF(NONE);
}
static const MethodDef shield_outer_done_def = {"_outer_done_callback", shield_outer_done, METH_FAST, NULL};

static Obj *aio_shield(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("shield", "shield", nargs, kw, 1, 1) < 0) return NULL;
    Obj *inner = ensure_future(args[0], running_loop);
    if (!inner) return NULL;
    if (fut_done(inner)) return inner;
    Obj *outer = future_alloc(&future_type, FUT(inner)->loop);
    Obj *icb = outer ? builtin_new(&shield_inner_done_def, outer, NULL) : NULL;
    Obj *ocb = icb ? builtin_new(&shield_outer_done_def, outer, NULL) : NULL;
    if (ocb) FUT(outer)->children = list_from_array(&inner, 1);
    if (!ocb || !FUT(outer)->children || future_add_done_callback(FUT(inner), icb) < 0 ||
        future_add_done_callback(FUT(outer), ocb) < 0)
        CLEAR(outer);
    XDECREF(icb);
    XDECREF(ocb);
    DECREF(inner);
    return outer;
}

/* ---- module functions --------------------------------------------------------------------------- */

static Obj *aio_create_task(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"coro", "name", "context"};
    Obj *v[3];
    if (mh_bind("create_task", args, nargs, kw, names, 3, 1, 0, 1, 0, v) < 0) return NULL;
    if (!running_loop) return get_running_loop_or_raise();
    return task_new_on(running_loop, v[0], v[1]);
}

static Obj *aio_gather(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    bool rex = false;
    for (Ssize k = 0; k < mh_nkw(kw); k++) {
        Obj *name = TUPLE_ITEMS(kw)[k];
        if (!str_eq_cstr(name, "return_exceptions")) {
            args_err_unexpected_kw("gather", name);
            return NULL;
        }
        int t = obj_is_true(args[nargs + k]);
        if (t < 0) return NULL;
        rex = t;
    }
    return gather(args, nargs, rex);
}

static Obj *aio_ensure_future(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"coro_or_future", "loop"};
    Obj *v[2];
    if (mh_bind("ensure_future", args, nargs, kw, names, 2, 1, 0, 1, 0, v) < 0) return NULL;
    LoopObj *loop = v[1] && v[1] != NONE && IS_TYPE(v[1], loop_type) ? (LoopObj *)v[1] : running_loop;
    return ensure_future(v[0], loop);
}

static Obj *aio_get_event_loop(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_pos_args("get_event_loop", "get_event_loop", nargs, kw, 0, 0) < 0) return NULL;
    return get_event_loop(1);
}

static Obj *aio_get_running_loop(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_pos_args("get_running_loop", "get_running_loop", nargs, kw, 0, 0) < 0) return NULL;
    Obj *l = get_running_loop_or_raise();
    return l ? INCREF(l) : NULL;
}

static Obj *aio_new_event_loop(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_pos_args("new_event_loop", "new_event_loop", nargs, kw, 0, 0) < 0) return NULL;
    return new_loop();
}

static Obj *aio_set_event_loop(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("set_event_loop", "set_event_loop", nargs, kw, 1, 1) < 0) return NULL;
    if (args[0] != NONE && !IS_TYPE(args[0], loop_type)) {
        vm_err_format(&exc_TypeError, "loop must be an instance of AbstractEventLoop or None, not '%s'",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    loop_set_called = true;
    obj_setref(&current_loop, args[0] == NONE ? NULL : INCREF(args[0]));
    return INCREF(NONE);
}

static Obj *aio_current_task(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"loop"};
    Obj *v[1];
    if (mh_bind("current_task", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    LoopObj *l = v[0] && v[0] != NONE && IS_TYPE(v[0], loop_type) ? (LoopObj *)v[0] : running_loop;
    if (!l) return get_running_loop_or_raise();
    return INCREF(l->current_task ? l->current_task : NONE);
}

static Obj *aio_all_tasks(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"loop"};
    Obj *v[1];
    if (mh_bind("all_tasks", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    LoopObj *l = v[0] && v[0] != NONE && IS_TYPE(v[0], loop_type) ? (LoopObj *)v[0] : running_loop;
    if (!l) return get_running_loop_or_raise();
    Obj *set = set_new(NULL);
    for (Ssize i = 0; set && i < l->ntasks; i++)
        if (!fut_done(l->tasks[i]) && set_add(set, l->tasks[i]) < 0) CLEAR(set);
    return set;
}

static Obj *aio_iscoroutine(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("iscoroutine", "iscoroutine", nargs, kw, 1, 1) < 0) return NULL;
    return bool_from(is_coroutine(args[0]) || IS_TYPE(args[0], generator_type) ? is_coroutine(args[0]) : false);
}

static Obj *aio_isfuture(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("isfuture", "isfuture", nargs, kw, 1, 1) < 0) return NULL;
    return bool_from(is_future(args[0]));
}

static Obj *aio_iscoroutinefunction(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("iscoroutinefunction", "iscoroutinefunction", nargs, kw, 1, 1) < 0) return NULL;
    Obj *f = INCREF(args[0]);
    for (int guard = 0; guard < 100; guard++) {
        if (IS_TYPE(f, method_type)) {
            obj_setref(&f, INCREF(((MethodObj *)f)->func));
            continue;
        }
        const char *tn = OBJ_TYPE(f)->name;
        if (strcmp(tn, "functools.partial") == 0) {
            Obj *inner = obj_getattr_str(f, "func");
            if (!inner) {
                vm_err_clear();
                break;
            }
            obj_setref(&f, inner);
            continue;
        }
        break;
    }
    bool r = false;
    if (IS_TYPE(f, function_type)) r = (((CodeRtObj *)((FuncObj *)f)->code)->flags & CO_COROUTINE) != 0;
    if (!r) {
        Obj *mark;
        if (obj_lookup_attr(f, id_str("_is_coroutine"), &mark) < 0) vm_err_clear();
        else if (mark) {
            Obj *ours = asyncio_module ? dict_get_str_borrow(module_dict_borrow(asyncio_module), "_is_coroutine") : NULL;
            r = ours && mark == ours;
            DECREF(mark);
        }
    }
    DECREF(f);
    return bool_from(r);
}

/* to_thread(func, *args): no threads — the call happens when awaited, and
 * the awaiting task gives way once, as it would waiting for the thread. */
static int to_thread_step(ACoroObj *c, Obj *val, Obj *exc, Obj **out)
{
    (void)val;
    if (c->state == 0) {
        Obj *r = obj_call(c->s[0], TUPLE_ITEMS(c->s[1]), TUPLE_LEN(c->s[1]), c->s[2]);
        if (r) c->s[3] = r;
        else c->s[4] = vm_err_fetch();
        c->state = 1;
        *out = INCREF(NONE);
        return ACO_YIELD;
    }
    if (exc) return aco_raise(exc);
    if (c->s[4]) return aco_raise(c->s[4]);
    *out = INCREF(c->s[3]);
    return ACO_RETURN;
}

static Obj *aio_to_thread(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "to_thread() missing 1 required positional argument: 'func'");
        return NULL;
    }
    ACoroObj *c = acoro_new("to_thread", to_thread_step);
    if (!c) return NULL;
    c->s[0] = INCREF(args[0]);
    Ssize nkw = mh_nkw(kw);
    Obj **all = xmalloc((size_t)(nargs - 1 + nkw + 1) * sizeof(Obj *));
    for (Ssize i = 1; i < nargs + nkw; i++) all[i - 1] = args[i];
    c->s[1] = tuple_from_array(all, nargs - 1 + nkw);
    free(all);
    c->s[2] = kw ? INCREF(kw) : NULL;
    if (!c->s[1]) CLEAR(c);
    return (Obj *)c;
}

static const MethodDef asyncio_methods[] = {
    {"run", aio_run, METH_FAST, "Execute the coroutine and return the result."},
    {"sleep", aio_sleep, METH_FAST, "Coroutine that completes after a given time (in seconds)."},
    {"create_task", aio_create_task, METH_FAST, "Schedule the execution of a coroutine object in a spawn task."},
    {"gather", aio_gather, METH_FAST, "Return a future aggregating results from the given coroutines/futures."},
    {"wait_for", aio_wait_for, METH_FAST, "Wait for the single Future or coroutine to complete, with timeout."},
    {"wait", aio_wait, METH_FAST, "Wait for the Futures or Tasks given by fs to complete."},
    {"as_completed", aio_as_completed, METH_FAST, "Return an iterator whose values are coroutines."},
    {"shield", aio_shield, METH_FAST, "Wait for a future, shielding it from cancellation."},
    {"ensure_future", aio_ensure_future, METH_FAST, "Wrap a coroutine or an awaitable in a future."},
    {"get_event_loop", aio_get_event_loop, METH_FAST, "Return an asyncio event loop."},
    {"get_running_loop", aio_get_running_loop, METH_FAST, "Return the running event loop."},
    {"_get_running_loop", aio_get_running_loop, METH_FAST, NULL},
    {"new_event_loop", aio_new_event_loop, METH_FAST, "Equivalent to calling get_event_loop_policy().new_event_loop()."},
    {"set_event_loop", aio_set_event_loop, METH_FAST, "Equivalent to calling get_event_loop_policy().set_event_loop(loop)."},
    {"current_task", aio_current_task, METH_FAST, "Return a currently executed task."},
    {"all_tasks", aio_all_tasks, METH_FAST, "Return a set of all tasks for the loop."},
    {"iscoroutine", aio_iscoroutine, METH_FAST, "Return True if obj is a coroutine object."},
    {"iscoroutinefunction", aio_iscoroutinefunction, METH_FAST, "Return True if func is a decorated coroutine function."},
    {"isfuture", aio_isfuture, METH_FAST, "Check for a Future."},
    {"timeout", aio_timeout, METH_FAST, "Timeout async context manager."},
    {"timeout_at", aio_timeout_at, METH_FAST, "Schedule the timeout at absolute time."},
    {"to_thread", aio_to_thread, METH_FAST, "Asynchronously run function *func* in a separate thread."},
    {"get_event_loop_policy", aio_get_event_loop_policy, METH_FAST, "Get the current event loop policy."},
    {"set_event_loop_policy", aio_set_event_loop_policy, METH_FAST, "Set the current event loop policy."},
    {NULL, NULL, 0, NULL},
};

static Obj *exc_class(const char *module, const char *name, TypeObj *base, const char *doc)
{
    Obj *bases = tuple_pack(1, (Obj *)base);
    Obj *cls = bases ? mh_class(module, name, bases, NULL, NULL, NULL) : NULL;
    XDECREF(bases);
    if (cls && doc) {
        Obj *d = str_from_cstr(doc);
        if (!d || obj_setattr(cls, id_str("__doc__"), d) < 0) CLEAR(cls);
        XDECREF(d);
    }
    return cls;
}

static Obj *asyncio_init(void)
{
    static TypeObj *types[] = {&handle_type, &timerhandle_type, &loop_type, &future_type, &task_type,
                               &gathering_type, &futiter_type, &acoro_type, &timeout_type, &event_type,
                               &lock_type, &semaphore_type, &bsemaphore_type, &queue_type, &lifoqueue_type,
                               &prioqueue_type, &taskgroup_type, &condition_type, &runner_type, &policy_type};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (type_ready(types[i]) < 0) return NULL;
    if (!cancelled_error) {
        cancelled_error = exc_class("asyncio.exceptions", "CancelledError", &exc_BaseException,
                                    "The Future or Task was cancelled.");
        invalid_state_error = exc_class("asyncio.exceptions", "InvalidStateError", &exc_Exception,
                                        "The operation is not allowed in this state.");
        queue_empty_error = exc_class("asyncio.queues", "QueueEmpty", &exc_Exception,
                                "Raised when Queue.get_nowait() is called on an empty Queue.");
        queue_full_error = exc_class("asyncio.queues", "QueueFull", &exc_Exception,
                               "Raised when the Queue.put_nowait() method is called on a full Queue.");
        incomplete_read_error = exc_class("asyncio.exceptions", "IncompleteReadError", &exc_EOFError,
                                          "Incomplete read error.");
        limit_overrun_error = exc_class("asyncio.exceptions", "LimitOverrunError", &exc_Exception,
                                        "Reached the buffer limit while looking for a separator.");
        broken_barrier_error = exc_class("asyncio.exceptions", "BrokenBarrierError", &exc_RuntimeError,
                                         "Barrier is broken by barrier.abort() call.");
        sendfile_error = exc_class("asyncio.exceptions", "SendfileNotAvailableError", &exc_RuntimeError,
                                   "Sendfile syscall is not available.");
        if (!cancelled_error || !invalid_state_error || !queue_empty_error || !queue_full_error ||
            !incomplete_read_error || !limit_overrun_error || !broken_barrier_error || !sendfile_error)
            return NULL;
    }
    Obj *m = mh_module("asyncio", asyncio_methods);
    if (!m) return NULL;
    Obj *marker = obj_call((Obj *)&object_type, NULL, 0, NULL);
    struct { const char *name; Obj *v; } attrs[] = {
        {"Future", (Obj *)&future_type}, {"Task", (Obj *)&task_type},
        {"Handle", (Obj *)&handle_type}, {"TimerHandle", (Obj *)&timerhandle_type},
        {"AbstractEventLoop", (Obj *)&loop_type}, {"BaseEventLoop", (Obj *)&loop_type},
        {"SelectorEventLoop", (Obj *)&loop_type}, {"Timeout", (Obj *)&timeout_type},
        {"Event", (Obj *)&event_type}, {"Lock", (Obj *)&lock_type},
        {"Semaphore", (Obj *)&semaphore_type}, {"Condition", (Obj *)&condition_type}, {"BoundedSemaphore", (Obj *)&bsemaphore_type},
        {"Queue", (Obj *)&queue_type}, {"LifoQueue", (Obj *)&lifoqueue_type},
        {"PriorityQueue", (Obj *)&prioqueue_type}, {"TaskGroup", (Obj *)&taskgroup_type},
        {"CancelledError", cancelled_error}, {"InvalidStateError", invalid_state_error},
        {"QueueEmpty", queue_empty_error}, {"QueueFull", queue_full_error},
        {"TimeoutError", (Obj *)&exc_TimeoutError}, {"_is_coroutine", marker},
        {"Runner", (Obj *)&runner_type}, {"DefaultEventLoopPolicy", (Obj *)&policy_type},
        {"IncompleteReadError", incomplete_read_error}, {"LimitOverrunError", limit_overrun_error},
        {"BrokenBarrierError", broken_barrier_error}, {"SendfileNotAvailableError", sendfile_error},
    };
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
        if (!attrs[i].v || mh_add_obj(m, attrs[i].name, attrs[i].v) < 0) {
            XDECREF(marker);
            DECREF(m);
            return NULL;
        }
    XDECREF(marker);
    if (mh_add_str(m, "FIRST_COMPLETED", "FIRST_COMPLETED") < 0 ||
        mh_add_str(m, "FIRST_EXCEPTION", "FIRST_EXCEPTION") < 0 ||
        mh_add_str(m, "ALL_COMPLETED", "ALL_COMPLETED") < 0) {
        DECREF(m);
        return NULL;
    }
    asyncio_module = m;   /* borrowed: sys.modules keeps it */
    return m;
}

void native_asyncio_register(void) { import_register_native("asyncio", asyncio_init); }
