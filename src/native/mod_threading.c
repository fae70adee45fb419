/* mod_threading.c — `threading` of CPython 3.12 on cooperative threads.
 *
 * The VM is one interpreter, so Python threads are green threads: each
 * runs its frames on its own C stack (ucontext) and the VM's per-thread
 * state (current frame, recursion depths, handled-exception chain, C-stack
 * guard) is swapped at every switch.  A thread runs until it blocks —
 * Lock/RLock/Condition/Semaphore acquire, Event.wait, join, time.sleep —
 * or finishes; start() runs the new thread at once.  That is what CPython
 * does in practice with short threads (the GIL stays with a running thread
 * until it blocks or 5 ms pass), so programs whose output CPython makes
 * deterministic print the same; there is no preemption.  The next thread
 * to run is the next runnable one in creation order; when none can run
 * the process sleeps until the nearest deadline (for ever on a deadlock,
 * as CPython would hang).  Other threads finish before atexit runs
 * (threading._shutdown); daemon threads are abandoned.
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

/* Under AddressSanitizer every switch is announced as a fiber switch, and
 * libc's swapcontext is called directly: ASan's own wrapper of it prints a
 * warning on stderr the first time, which would become program output. */
#if defined(__SANITIZE_ADDRESS__)
#define GT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GT_ASAN 1
#endif
#endif
#ifdef GT_ASAN
#include <dlfcn.h>
#include <sanitizer/common_interface_defs.h>
#endif

/* ---- green threads ------------------------------------------------------------------ */

enum { GT_NEW = 0, GT_RUNNING, GT_DONE };
#define GT_STACK_SIZE ((size_t)8 << 20)

typedef struct GThread GThread;
typedef int (*ReadyFn)(GThread *t);
struct GThread {
    ucontext_t ctx;
    void *stack;
    size_t stack_size;
    Obj *obj;                 /* the Thread object (a reference while it runs) */
    int state;
    bool daemon;
    ReadyFn ready;            /* NULL: runnable; else blocked until ready(t) */
    void *wait_on;
    double deadline;          /* < 0: none */
    /* VM state while switched out */
    Frame *frame;
    int depth, c_depth;
    Obj *handled;
    ExcSlot *exc_slot;
    ExcSlot base_slot;
    uintptr_t cs_base, cs_limit;
    uint64_t ident;
    const void *asan_bottom;  /* the stack as ASan knows it (main: learnt at the first switch) */
    size_t asan_size;
};

static GThread **threads;
static Ssize nthreads, cthreads;
static GThread *cur, *main_gt;
static Obj *thread_cls, *mainthread_cls, *timer_cls;
static uint64_t name_counter;
static bool interrupted_main;  /* a signal or --timeout arrived while main was blocked */

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void release_stacks(void)
{
    for (Ssize i = 0; i < nthreads; i++) {
        GThread *t = threads[i];
        if (t->state == GT_DONE && t != cur && t->stack) {
            munmap(t->stack, t->stack_size);
            t->stack = NULL;
        }
    }
}

static void switch_to(GThread *t)
{
    GThread *me = cur;
    me->frame = vm->frame;
    me->depth = vm->depth;
    me->c_depth = vm->c_depth;
    me->handled = vm->handled;
    me->exc_slot = vm_exc_slot;
    vm_c_stack_get(&me->cs_base, &me->cs_limit);
    cur = t;
    vm->frame = t->frame;
    vm->depth = t->depth;
    vm->c_depth = t->c_depth;
    vm->handled = t->handled;
    vm_exc_slot = t->exc_slot;
    vm_c_stack_set(t->cs_base, t->cs_limit);
#ifdef GT_ASAN
    static int (*real_swap)(ucontext_t *, const ucontext_t *);
    if (!real_swap) {
        void *sym = dlsym(RTLD_NEXT, "swapcontext");
        real_swap = sym ? (int (*)(ucontext_t *, const ucontext_t *))sym : swapcontext;
    }
    void *fake = NULL;
    __sanitizer_start_switch_fiber(me->state == GT_DONE ? NULL : &fake, t->asan_bottom, t->asan_size);
    real_swap(&me->ctx, &t->ctx);
    const void *old_bottom;
    size_t old_size;
    __sanitizer_finish_switch_fiber(fake, &old_bottom, &old_size);
    (void)old_bottom;
    (void)old_size;
#else
    swapcontext(&me->ctx, &t->ctx);
#endif
    /* back in `me` (whoever switched here set cur) */
    release_stacks();
}

/* A new thread's first instructions: under ASan, complete the fiber switch
 * and learn the stack of the thread that started it (the main thread's
 * bounds are known only this way). */
static void thread_arrived(void)
{
#ifdef GT_ASAN
    const void *old_bottom = NULL;
    size_t old_size = 0;
    __sanitizer_finish_switch_fiber(NULL, &old_bottom, &old_size);
    if (main_gt && !main_gt->asan_bottom && old_bottom) {
        main_gt->asan_bottom = old_bottom;
        main_gt->asan_size = old_size;
    }
#endif
}

static bool thread_ready(GThread *t, double now)
{
    if (t->state == GT_DONE) return false;
    if (!t->ready) return true;
    if (t == main_gt && interrupted_main) return true;
    if (t->ready(t)) return true;
    return t->deadline >= 0 && now >= t->deadline;
}

static Ssize index_of(GThread *t)
{
    for (Ssize i = 0; i < nthreads; i++)
        if (threads[i] == t) return i;
    return 0;
}

/* The current thread blocked (cur->ready set) or finished: run the next
 * thread that can run, sleeping while none can.  Returns in the current
 * thread once it can run again. */
static void schedule(void)
{
    for (;;) {
        double now = mono(), earliest = -1;
        Ssize start = index_of(cur);
        for (Ssize k = 1; k <= nthreads; k++) {
            GThread *t = threads[(start + k) % nthreads];
            if (thread_ready(t, now)) {
                if (t != cur) switch_to(t);
                return;
            }
            if (t->state != GT_DONE && t->ready && t->deadline >= 0 && (earliest < 0 || t->deadline < earliest))
                earliest = t->deadline;
        }
        if (vm->interrupt || vm_limit_hit()) {
            /* KeyboardInterrupt and --timeout are the main thread's */
            interrupted_main = true;
            if (cur != main_gt) switch_to(main_gt);
            return;
        }
        double wait = earliest < 0 ? 1.0 : earliest - now;
        if (wait > 1.0) wait = 1.0;
        if (wait > 0) {
            struct timespec req = {(time_t)wait, (long)((wait - floor(wait)) * 1e9)};
            nanosleep(&req, NULL);
        }
    }
}

/* Block the current thread until ready(cur) or timeout seconds (< 0: no
 * limit): 1 ready, 0 timed out, -1 with an exception (KeyboardInterrupt or
 * the --timeout stop, main thread only). */
static int block(ReadyFn ready, void *on, double timeout)
{
    cur->wait_on = on;
    if (ready(cur)) return 1;
    if (timeout == 0) return 0;
    cur->ready = ready;
    cur->deadline = timeout < 0 ? -1 : mono() + timeout;
    schedule();
    cur->ready = NULL;
    cur->deadline = -1;
    if (cur == main_gt && interrupted_main) {
        interrupted_main = false;
        if (vm_limit_hit()) return vm_limit_check();
        if (vm->interrupt) {
            vm->interrupt = 0;
            vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
            return -1;
        }
    }
    return ready(cur) ? 1 : 0;
}

static int never_ready(GThread *t)
{
    (void)t;
    return 0;
}

static Ssize alive_others(void)
{
    Ssize n = 0;
    for (Ssize i = 0; i < nthreads; i++)
        if (threads[i] != cur && threads[i]->state == GT_RUNNING) n++;
    return n;
}

/* time.sleep with other threads: they run meanwhile. */
static int sleep_hook(double secs)
{
    if (!alive_others()) return 0;
    return block(never_ready, NULL, secs) < 0 ? -1 : 1;
}

static GThread *gthread_of(Obj *obj)
{
    for (Ssize i = 0; i < nthreads; i++)
        if (threads[i]->obj == obj) return threads[i];
    return NULL;
}

static GThread *gthread_new(Obj *obj)
{
    GThread *t = xcalloc(1, sizeof *t);
    t->obj = xincref(obj);
    t->deadline = -1;
    t->ident = (uint64_t)nthreads + 1;
    if (nthreads == cthreads) {
        cthreads = cthreads ? cthreads * 2 : 8;
        threads = xrealloc(threads, (size_t)cthreads * sizeof *threads);
    }
    threads[nthreads++] = t;
    return t;
}

static void ensure_main(void)
{
    if (main_gt) return;
    main_gt = gthread_new(NULL);
    main_gt->state = GT_RUNNING;
    main_gt->ident = 1;
    cur = main_gt;
}

/* ---- helpers on the Thread object's attributes ------------------------------------------ */

static Obj *attr(Obj *o, const char *name)   /* new ref or NULL (no exception) */
{
    Obj *v = NULL;
    Obj *d = *obj_dict_ptr(o);
    if (d) v = dict_get_str_borrow(d, name);
    return xincref(v);
}

static int set_attr(Obj *o, const char *name, Obj *v)   /* borrows v */
{
    Obj **dp = obj_dict_ptr(o);
    if (!dp) return -1;
    if (!*dp && !(*dp = dict_new())) return -1;
    return dict_set_str(*dp, name, v);
}

static bool attr_true(Obj *o, const char *name)
{
    Obj *v = attr(o, name);
    bool r = v && v == TRUE_;
    XDECREF(v);
    return r;
}

static void thread_report_exception(Obj *thread, Obj *exc)
{
    Obj *name = attr(thread, "_name");
    Obj *head = str_from_fmt("Exception in thread %S:\n", name ? name : NONE);
    XDECREF(name);
    Obj *err = sys_get_borrow("stderr");
    if (head && err && err != NONE) io_write_str(err, head);
    XDECREF(head);
    vm_err_clear();
    traceback_print_exception(exc);
}

static void thread_entry(void)
{
    thread_arrived();
    GThread *t = cur;
    Obj *r = obj_call_method(t->obj, "run", NULL, 0);
    if (r) {
        DECREF(r);
    } else {
        /* threading.py's _bootstrap_inner called run() (tbframes_gen.h) */
        tbframe_push(&tbgen_threading, TBG_THREADING_BOOTSTRAP_INNER_RUN);
        Obj *e = vm_err_fetch();
        if (e && !type_is_subtype(OBJ_TYPE(e), &exc_SystemExit) && !vm_limit_hit()) {
            Obj *hook = NULL;
            Obj *mod = import_name(id_str("threading"), NULL, NULL, 0);
            if (mod) hook = obj_getattr_str(mod, "excepthook");
            XDECREF(mod);
            vm_err_clear();
            thread_report_exception(t->obj, e);
            XDECREF(hook);
        }
        XDECREF(e);
    }
    vm_err_clear();
    if (set_attr(t->obj, "_is_stopped", TRUE_) < 0) vm_err_clear();
    t->state = GT_DONE;
    Obj *o = t->obj;
    t->obj = NULL;
    /* the object may die here; nothing of it is used afterwards */
    DECREF(o);
    vm_err_clear();
    schedule();
    /* nothing could run: hand over to the main thread for good */
    switch_to(main_gt);
    abort();
}

static int thread_done_ready(GThread *t)
{
    GThread *target = t->wait_on;
    return target->state == GT_DONE;
}

static void executors_exit(void);

/* threading._shutdown: wait for every non-daemon thread (thread pools are
 * told to stop first, as concurrent.futures' exit hook does). */
static void shutdown_threads(void)
{
    if (!main_gt || cur != main_gt) return;
    executors_exit();
    /* as threading._shutdown, the main thread counts as stopped from here */
    if (main_gt->obj && set_attr(main_gt->obj, "_is_stopped", TRUE_) < 0) vm_err_clear();
    for (Ssize i = 0; i < nthreads; i++) {
        GThread *t = threads[i];
        if (t == main_gt || t->state != GT_RUNNING || t->daemon) continue;
        if (block(thread_done_ready, t, -1) < 0) {
            vm_err_clear();
            return;
        }
    }
}

/* ---- Thread ------------------------------------------------------------------------------- */

static Obj *current_thread_obj(void);

static Obj *th_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"group", "target", "name", "args", "kwargs", "daemon"};
    Obj *v[6];
    if (mh_bind_m("Thread.__init__", a, n, kw, names, 6, 5, 0, 0, 0, v) < 0) return NULL;
    if (v[0] && v[0] != NONE) {
        vm_err_set_str(&exc_AssertionError, "group argument must be None for now");
        return NULL;
    }
    Obj *name;
    if (v[2] && v[2] != NONE) {
        name = obj_str(v[2]);
    } else {
        name_counter++;
        Obj *tn = NULL;
        if (v[1] && v[1] != NONE && obj_lookup_attr(v[1], id_str("__name__"), &tn) < 0) vm_err_clear();
        name = tn ? str_from_fmt("Thread-%llu (%S)", (unsigned long long)name_counter, tn)
                  : str_from_fmt("Thread-%llu", (unsigned long long)name_counter);
        XDECREF(tn);
    }
    if (!name) return NULL;
    Obj *args = v[3] ? INCREF(v[3]) : tuple_new(0);
    Obj *kwargs = v[4] && v[4] != NONE ? INCREF(v[4]) : dict_new();
    Obj *daemon;
    if (v[5] && v[5] != NONE) {
        int t = obj_is_true(v[5]);
        daemon = t < 0 ? NULL : bool_from(t);
    } else {
        Obj *ct = current_thread_obj();
        daemon = ct ? attr(ct, "_daemonic") : NULL;
        XDECREF(ct);
        if (!daemon && !vm_err_occurred()) daemon = INCREF(FALSE_);
    }
    int rc = args && kwargs && daemon ? 0 : -1;
    if (rc == 0)
        rc = set_attr(self, "_target", v[1] ? v[1] : NONE) | set_attr(self, "_name", name) |
             set_attr(self, "_args", args) | set_attr(self, "_kwargs", kwargs) |
             set_attr(self, "_daemonic", daemon) | set_attr(self, "_ident", NONE) |
             set_attr(self, "_started", FALSE_) | set_attr(self, "_is_stopped", FALSE_) |
             set_attr(self, "_initialized", TRUE_);
    DECREF(name);
    XDECREF(args);
    XDECREF(kwargs);
    XDECREF(daemon);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *th_run(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("run", "run", n, kw, 0, 0) < 0) return NULL;
    Obj *target = attr(self, "_target");
    Obj *r = NULL;
    if (target && target != NONE) {
        Obj *args = attr(self, "_args"), *kwargs = attr(self, "_kwargs");
        r = vm_call_ex(target, args ? args : NONE, kwargs && kwargs != NONE ? kwargs : NULL);
        XDECREF(args);
        XDECREF(kwargs);
        if (!r) tbframe_push(&tbgen_threading, TBG_THREADING_THREAD_RUN_TARGET);
    } else {
        r = INCREF(NONE);
    }
    XDECREF(target);
    Obj **dp = obj_dict_ptr(self);
    if (dp && *dp) {
        Obj *e = vm_err_fetch();
        static const char *const drop[] = {"_target", "_args", "_kwargs"};
        for (int i = 0; i < 3; i++) {
            Obj *k = str_from_cstr(drop[i]);
            if (k && dict_contains(*dp, k) > 0) dict_del(*dp, k);
            XDECREF(k);
        }
        vm_err_clear();
        vm_err_restore(e);
    }
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *th_start(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("start", "start", n, kw, 0, 0) < 0) return NULL;
    ensure_main();
    if (!attr_true(self, "_initialized")) {
        vm_err_set_str(&exc_RuntimeError, "thread.__init__() not called");
        return NULL;
    }
    if (attr_true(self, "_started")) {
        vm_err_set_str(&exc_RuntimeError, "threads can only be started once");
        return NULL;
    }
    GThread *t = gthread_new(self);
    t->daemon = attr_true(self, "_daemonic");
    t->stack_size = GT_STACK_SIZE;
    t->stack = mmap(NULL, t->stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t->stack == MAP_FAILED) {
        t->stack = NULL;
        t->state = GT_DONE;
        CLEAR(t->obj);
        vm_err_set_str(&exc_RuntimeError, "can't start new thread");
        return NULL;
    }
    mprotect(t->stack, 4096, PROT_NONE);   /* a guard page below the stack */
    getcontext(&t->ctx);
    t->ctx.uc_stack.ss_sp = t->stack;
    t->ctx.uc_stack.ss_size = t->stack_size;
    t->ctx.uc_link = NULL;
    makecontext(&t->ctx, thread_entry, 0);
    t->exc_slot = &t->base_slot;
    t->asan_bottom = t->stack;
    t->asan_size = t->stack_size;
    t->cs_base = (uintptr_t)t->stack + t->stack_size;
    t->cs_limit = t->stack_size - (t->stack_size / 4);
    t->state = GT_RUNNING;
    Obj *ident = int_from_u64(t->ident);
    if (!ident || set_attr(self, "_ident", ident) < 0 || set_attr(self, "_started", TRUE_) < 0) {
        XDECREF(ident);
        return NULL;
    }
    DECREF(ident);
    vm_sleep_hook = sleep_hook;
    vm_threads_shutdown_hook = shutdown_threads;
    /* the new thread runs first, until it blocks or ends */
    switch_to(t);
    if (cur == main_gt && interrupted_main) {
        interrupted_main = false;
        if (vm_limit_hit()) return vm_limit_check() < 0 ? NULL : INCREF(NONE);
    }
    return INCREF(NONE);
}

static int number_arg(Obj *o, double *out)
{
    *out = float_as_double(o);
    return *out == -1.0 && vm_err_occurred() ? -1 : 0;
}

static Obj *th_join(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"timeout"};
    Obj *v[1];
    if (mh_bind_m("join", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    if (!attr_true(self, "_initialized")) {
        vm_err_set_str(&exc_RuntimeError, "Thread.__init__() not called");
        return NULL;
    }
    if (!attr_true(self, "_started")) {
        vm_err_set_str(&exc_RuntimeError, "cannot join thread before it is started");
        return NULL;
    }
    GThread *t = gthread_of(self);
    if (t == cur) {
        vm_err_set_str(&exc_RuntimeError, "cannot join current thread");
        return NULL;
    }
    if (!t || t->state == GT_DONE) return INCREF(NONE);
    double timeout = -1;
    if (v[0] && v[0] != NONE) {
        if (number_arg(v[0], &timeout) < 0) return NULL;
        if (timeout < 0) timeout = 0;
    }
    return block(thread_done_ready, t, timeout) < 0 ? NULL : INCREF(NONE);
}

static Obj *th_is_alive(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("is_alive", "is_alive", n, kw, 0, 0) < 0) return NULL;
    if (self == (main_gt ? main_gt->obj : NULL)) return bool_from(!attr_true(self, "_is_stopped"));
    return bool_from(attr_true(self, "_started") && !attr_true(self, "_is_stopped"));
}

static Obj *th_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("__repr__", "__repr__", n, kw, 0, 0) < 0) return NULL;
    Obj *name = attr(self, "_name"), *ident = attr(self, "_ident");
    const char *status = "initial";
    if (attr_true(self, "_started")) status = "started";
    if (attr_true(self, "_is_stopped")) status = "stopped";
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, status);
    if (attr_true(self, "_daemonic")) sbuf_puts(&b, " daemon");
    Obj *r;
    if (ident && ident != NONE)
        r = str_from_fmt("<%s(%S, %s %S)>", type_name(OBJ_TYPE(self)), name ? name : NONE, sbuf_cstr(&b), ident);
    else
        r = str_from_fmt("<%s(%S, %s)>", type_name(OBJ_TYPE(self)), name ? name : NONE, sbuf_cstr(&b));
    sbuf_free(&b);
    XDECREF(name);
    XDECREF(ident);
    return r;
}

static Obj *th_get_name(Obj *self, void *c)
{
    (void)c;
    Obj *v = attr(self, "_name");
    return v ? v : INCREF(NONE);
}

static int th_set_name(Obj *self, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_AttributeError, "can't delete attribute");
        return -1;
    }
    Obj *s = obj_str(v);
    if (!s) return -1;
    int r = set_attr(self, "_name", s);
    DECREF(s);
    return r;
}

static Obj *th_get_ident(Obj *self, void *c)
{
    (void)c;
    Obj *v = attr(self, "_ident");
    return v ? v : INCREF(NONE);
}

static Obj *th_get_daemon(Obj *self, void *c)
{
    (void)c;
    return bool_from(attr_true(self, "_daemonic"));
}

static int th_set_daemon(Obj *self, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_AttributeError, "can't delete attribute");
        return -1;
    }
    if (!attr_true(self, "_initialized")) {
        vm_err_set_str(&exc_RuntimeError, "Thread.__init__() not called");
        return -1;
    }
    if (attr_true(self, "_started")) {
        vm_err_set_str(&exc_RuntimeError, "cannot set daemon status of active thread");
        return -1;
    }
    int t = obj_is_true(v);
    if (t < 0) return -1;
    return set_attr(self, "_daemonic", t ? TRUE_ : FALSE_);
}

static Obj *th_getName(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("getName", "getName", n, kw, 0, 0) < 0) return NULL;
    Obj *m = str_from_cstr("getName() is deprecated, get the name attribute instead");
    int rc = m ? warnings_warn(&exc_DeprecationWarning, m, 1) : -1;
    XDECREF(m);
    return rc < 0 ? NULL : th_get_name(self, NULL);
}

static Obj *th_setName(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("setName", "setName", n, kw, 1, 1) < 0) return NULL;
    Obj *m = str_from_cstr("setName() is deprecated, set the name attribute instead");
    int rc = m ? warnings_warn(&exc_DeprecationWarning, m, 1) : -1;
    XDECREF(m);
    if (rc < 0 || th_set_name(self, a[0], NULL) < 0) return NULL;
    return INCREF(NONE);
}

static const MethodDef thread_methods[] = {
    {"__init__", th_init, METH_FAST, NULL},
    {"run", th_run, METH_FAST, "Method representing the thread's activity."},
    {"start", th_start, METH_FAST, "Start the thread's activity."},
    {"join", th_join, METH_FAST, "Wait until the thread terminates."},
    {"is_alive", th_is_alive, METH_FAST, "Return whether the thread is alive."},
    {"__repr__", th_repr, METH_FAST, NULL},
    {"getName", th_getName, METH_FAST, NULL},
    {"setName", th_setName, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef thread_getset[] = {
    {"name", th_get_name, th_set_name, "A string used for identification purposes only.", NULL},
    {"ident", th_get_ident, NULL, "Thread identifier of this thread or None if it has not been started.", NULL},
    {"native_id", th_get_ident, NULL, "Native integral thread ID of this thread.", NULL},
    {"daemon", th_get_daemon, th_set_daemon, "A boolean value indicating whether this thread is a daemon thread.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *main_thread_obj(void)
{
    ensure_main();
    if (!main_gt->obj) {
        Obj *name = str_from_cstr("MainThread");
        Obj *kwn = tuple_pack(2, id_str("name"), id_str("daemon"));
        Obj *vals[2] = {name, FALSE_};
        Obj *o = name && kwn ? obj_call(mainthread_cls, vals, 0, kwn) : NULL;
        XDECREF(name);
        XDECREF(kwn);
        if (!o) return NULL;
        Obj *ident = int_from_u64(main_gt->ident);
        int rc = ident ? set_attr(o, "_started", TRUE_) | set_attr(o, "_ident", ident) : -1;
        XDECREF(ident);
        if (rc < 0) {
            DECREF(o);
            return NULL;
        }
        main_gt->obj = o;
    }
    return INCREF(main_gt->obj);
}

static Obj *current_thread_obj(void)
{
    ensure_main();
    if (cur == main_gt) return main_thread_obj();
    return INCREF(cur->obj ? cur->obj : NONE);
}

/* ---- Lock, RLock ---------------------------------------------------------------------------- */

typedef struct LockObj {
    Obj base;
    bool locked;
    GThread *owner;           /* RLock */
    Ssize count;              /* RLock */
    bool rlock;
    Obj *weakreflist;
} LockObj;
static TypeObj lock_type, rlock_type;

static void lock_dealloc(Obj *o)
{
    weakref_on_dealloc(o);
    obj_free(o);
}

static Obj *lock_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args(t == &rlock_type ? "RLock" : "lock", t == &rlock_type ? "RLock" : "lock", n, kw, 0, 0) < 0)
        return NULL;
    ensure_main();
    LockObj *l = (LockObj *)obj_alloc(t, 0);
    if (l) l->rlock = type_is_subtype(t, &rlock_type);
    return (Obj *)l;
}

static int lock_free_ready(GThread *t)
{
    LockObj *l = t->wait_on;
    return !l->locked;
}

/* acquire(blocking=True, timeout=-1): 1 acquired, 0 not, -1 error */
static int lock_acquire_impl(LockObj *l, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"blocking", "timeout"};
    Obj *v[2];
    if (mh_bind("acquire", a, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return -1;
    int blocking = v[0] ? obj_is_true(v[0]) : 1;
    if (blocking < 0) return -1;
    double timeout = -1;
    if (v[1] && number_arg(v[1], &timeout) < 0) return -1;
    if (!blocking && timeout != -1) {
        vm_err_set_str(&exc_ValueError, "can't specify a timeout for a non-blocking call");
        return -1;
    }
    if (timeout < 0 && timeout != -1) {
        vm_err_set_str(&exc_ValueError, "timeout value must be a non-negative number");
        return -1;
    }
    ensure_main();
    if (l->rlock && l->locked && l->owner == cur) {
        l->count++;
        return 1;
    }
    if (l->locked) {
        if (!blocking) return 0;
        int r = block(lock_free_ready, l, timeout);
        if (r <= 0) return r;
    }
    l->locked = true;
    l->owner = cur;
    l->count = 1;
    return 1;
}

static int lock_release_impl(LockObj *l)
{
    if (l->rlock) {
        if (!l->locked || l->owner != cur) {
            vm_err_set_str(&exc_RuntimeError, "cannot release un-acquired lock");
            return -1;
        }
        if (--l->count > 0) return 0;
    } else if (!l->locked) {
        vm_err_set_str(&exc_RuntimeError, "release unlocked lock");
        return -1;
    }
    l->locked = false;
    l->owner = NULL;
    l->count = 0;
    return 0;
}

static Obj *lk_acquire(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    int r = lock_acquire_impl((LockObj *)self, a, n, kw);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *lk_release(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("release", "release", n, kw, 0, 0) < 0) return NULL;
    return lock_release_impl((LockObj *)self) < 0 ? NULL : INCREF(NONE);
}

static Obj *lk_exit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    return lock_release_impl((LockObj *)self) < 0 ? NULL : INCREF(NONE);
}

static Obj *lk_locked(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("locked", "locked", n, kw, 0, 0) < 0) return NULL;
    return bool_from(((LockObj *)self)->locked);
}

static Obj *lock_repr(Obj *o)
{
    LockObj *l = (LockObj *)o;
    if (l->rlock)
        return str_from_fmt("<%s _thread.RLock object owner=%llu count=%zd at %p>", l->locked ? "locked" : "unlocked",
                            (unsigned long long)(l->locked && l->owner ? l->owner->ident : 0), l->count, (void *)o);
    return str_from_fmt("<%s _thread.lock object at %p>", l->locked ? "locked" : "unlocked", (void *)o);
}

static MethodDef lock_methods[] = {
    {"acquire", lk_acquire, METH_FAST, NULL},
    {"acquire_lock", lk_acquire, METH_FAST, NULL},
    {"release", lk_release, METH_FAST, NULL},
    {"release_lock", lk_release, METH_FAST, NULL},
    {"locked", lk_locked, METH_FAST, NULL},
    {"locked_lock", lk_locked, METH_FAST, NULL},
    {"__enter__", lk_acquire, METH_FAST, NULL},
    {"__exit__", lk_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static MethodDef rlock_methods[] = {
    {"acquire", lk_acquire, METH_FAST, NULL},
    {"release", lk_release, METH_FAST, NULL},
    {"__enter__", lk_acquire, METH_FAST, NULL},
    {"__exit__", lk_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj lock_type = {
    .base = TYPE_HEAD_INIT, .name = "_thread.lock", .basicsize = sizeof(LockObj), .dealloc = lock_dealloc,
    .repr = lock_repr, .getattro = obj_generic_getattr, .new_ = lock_new, .methods = lock_methods,
    .weaklistoffset = offsetof(LockObj, weakreflist),
    .doc = "A lock object is a synchronization primitive.",
};

static TypeObj rlock_type = {
    .base = TYPE_HEAD_INIT, .name = "_thread.RLock", .basicsize = sizeof(LockObj), .flags = TPF_BASETYPE,
    .dealloc = lock_dealloc, .repr = lock_repr, .getattro = obj_generic_getattr, .new_ = lock_new,
    .methods = rlock_methods, .weaklistoffset = offsetof(LockObj, weakreflist),
};

/* ---- Event, Condition, Semaphore ---------------------------------------------------------------- */

typedef struct EventObj { Obj base; bool flag; Obj *dict; } EventObj;
static TypeObj event_type;

static void plain_dealloc(Obj *o)
{
    Obj **dp = obj_dict_ptr(o);
    if (dp) XDECREF(*dp);
    obj_free(o);
}

/* Arguments are checked by __new__ for the class itself and by __init__
 * for a subclass (whose own __init__ may take others and call
 * super().__init__(…)), as for the Python classes of threading.py. */
static bool heap_subclass(TypeObj *t) { return type_has(t, TPF_HEAPTYPE); }

static int event_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (!heap_subclass(OBJ_TYPE(self))) return 0;
    return mh_pos_args("Event", "Event", n, kw, 0, 0);
}

static Obj *event_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (!heap_subclass(t) && mh_pos_args("Event", "Event", n, kw, 0, 0) < 0) return NULL;
    ensure_main();
    return obj_alloc(t, 0);
}

static int event_ready(GThread *t)
{
    return ((EventObj *)t->wait_on)->flag;
}

static int timeout_arg(Obj *o, double *out)
{
    *out = -1;
    if (!o || o == NONE) return 0;
    if (number_arg(o, out) < 0) return -1;
    if (*out < 0) *out = 0;
    return 0;
}

static Obj *ev_wait(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"timeout"};
    Obj *v[1];
    if (mh_bind_m("wait", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    double t;
    if (timeout_arg(v[0], &t) < 0) return NULL;
    int r = block(event_ready, self, t);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *ev_set(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("set", "set", n, kw, 0, 0) < 0) return NULL;
    ((EventObj *)self)->flag = true;
    return INCREF(NONE);
}

static Obj *ev_clear(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("clear", "clear", n, kw, 0, 0) < 0) return NULL;
    ((EventObj *)self)->flag = false;
    return INCREF(NONE);
}

static Obj *ev_is_set(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("is_set", "is_set", n, kw, 0, 0) < 0) return NULL;
    return bool_from(((EventObj *)self)->flag);
}

static Obj *event_repr(Obj *o)
{
    return str_from_fmt("<threading.Event at %p: %s>", (void *)o, ((EventObj *)o)->flag ? "set" : "unset");
}

static MethodDef event_methods[] = {
    {"wait", ev_wait, METH_FAST, NULL},
    {"set", ev_set, METH_FAST, NULL},
    {"clear", ev_clear, METH_FAST, NULL},
    {"is_set", ev_is_set, METH_FAST, NULL},
    {"isSet", ev_is_set, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj event_type = {
    .base = TYPE_HEAD_INIT, .name = "threading.Event", .basicsize = sizeof(EventObj), .flags = TPF_BASETYPE,
    .dealloc = plain_dealloc, .repr = event_repr, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .new_ = event_new, .init = event_init, .methods = event_methods,
    .dictoffset = offsetof(EventObj, dict), .doc = "Class implementing event objects.",
};

/* Condition: waiters are tokens (a flag each) notified in FIFO order. */
typedef struct Waiter { bool notified; struct Waiter *next; } Waiter;
typedef struct CondObj { Obj base; Obj *lock; Waiter *head; Obj *dict; } CondObj;
static TypeObj cond_type;

static void cond_dealloc(Obj *o)
{
    XDECREF(((CondObj *)o)->lock);
    plain_dealloc(o);
}

static int cond_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (!heap_subclass(OBJ_TYPE(self))) return 0;
    static const char *const names[] = {"lock"};
    Obj *v[1];
    if (mh_bind("Condition", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return -1;
    if (v[0] && v[0] != NONE) obj_setref(&((CondObj *)self)->lock, INCREF(v[0]));
    return 0;
}

static Obj *cond_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"lock"};
    Obj *v[1] = {NULL};
    if (!heap_subclass(t) && mh_bind("Condition", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    ensure_main();
    CondObj *c = (CondObj *)obj_alloc(t, 0);
    if (!c) return NULL;
    c->lock = v[0] && v[0] != NONE ? INCREF(v[0]) : lock_new(&rlock_type, NULL, 0, NULL);
    if (!c->lock) CLEAR(c);
    return (Obj *)c;
}

static bool owns(CondObj *c)
{
    if (IS_TYPE(c->lock, rlock_type)) {
        LockObj *l = (LockObj *)c->lock;
        return l->locked && l->owner == cur;
    }
    if (IS_TYPE(c->lock, lock_type)) return ((LockObj *)c->lock)->locked;
    return true;
}

static int waiter_ready(GThread *t)
{
    return ((Waiter *)t->wait_on)->notified;
}

static int cond_wait_impl(CondObj *c, double timeout)
{
    if (!owns(c)) {
        vm_err_set_str(&exc_RuntimeError, "cannot wait on un-acquired lock");
        return -1;
    }
    Waiter w = {false, NULL};
    Waiter **pp = &c->head;
    while (*pp) pp = &(*pp)->next;
    *pp = &w;
    /* release the lock entirely (an RLock's whole count), re-take it after */
    Ssize saved = 1;
    bool native = IS_TYPE(c->lock, rlock_type) || IS_TYPE(c->lock, lock_type);
    if (native) {
        LockObj *l = (LockObj *)c->lock;
        saved = l->count;
        l->count = 1;
        lock_release_impl(l);
    } else {
        Obj *r = obj_call_method(c->lock, "release", NULL, 0);
        if (!r) {
            *pp = NULL;
            return -1;
        }
        DECREF(r);
    }
    int got = block(waiter_ready, &w, timeout);
    for (pp = &c->head; *pp; pp = &(*pp)->next)
        if (*pp == &w) {
            *pp = w.next;
            break;
        }
    Obj *e = got < 0 ? vm_err_fetch() : NULL;
    if (native) {
        LockObj *l = (LockObj *)c->lock;
        if (l->locked && !(l->rlock && l->owner == cur)) {
            if (block(lock_free_ready, l, -1) < 0) vm_err_clear();
        }
        l->locked = true;
        l->owner = cur;
        l->count = saved;
    } else {
        Obj *r = obj_call_method(c->lock, "acquire", NULL, 0);
        XDECREF(r);
        if (!r && !e) return -1;
        vm_err_clear();
    }
    if (e) {
        vm_err_restore(e);
        return -1;
    }
    return got;
}

static Obj *cd_wait(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"timeout"};
    Obj *v[1];
    if (mh_bind_m("wait", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    double t;
    if (timeout_arg(v[0], &t) < 0) return NULL;
    int r = cond_wait_impl((CondObj *)self, t);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *cd_wait_for(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"predicate", "timeout"};
    Obj *v[2];
    if (mh_bind_m("wait_for", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    double t;
    if (timeout_arg(v[1], &t) < 0) return NULL;
    double end = t >= 0 ? mono() + t : -1;
    for (;;) {
        Obj *r = obj_call(v[0], NULL, 0, NULL);
        if (!r) return NULL;
        int ok = obj_is_true(r);
        if (ok != 0) {
            if (ok < 0) {
                DECREF(r);
                return NULL;
            }
            return r;
        }
        double left = -1;
        if (end >= 0) {
            left = end - mono();
            if (left <= 0) return r;
        }
        DECREF(r);
        if (cond_wait_impl((CondObj *)self, left) < 0) return NULL;
    }
}

static int cond_notify(CondObj *c, Ssize n)
{
    if (!owns(c)) {
        vm_err_set_str(&exc_RuntimeError, "cannot notify on un-acquired lock");
        return -1;
    }
    for (Waiter *w = c->head; w && n > 0; w = w->next)
        if (!w->notified) {
            w->notified = true;
            n--;
        }
    return 0;
}

static Obj *cd_notify(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (mh_bind_m("notify", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Ssize k = 1;
    if (v[0]) {
        k = num_as_ssize(v[0], &exc_OverflowError);
        if (k == -1 && vm_err_occurred()) return NULL;
    }
    return cond_notify((CondObj *)self, k) < 0 ? NULL : INCREF(NONE);
}

static Obj *cd_notify_all(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("notify_all", "notify_all", n, kw, 0, 0) < 0) return NULL;
    return cond_notify((CondObj *)self, (Ssize)1 << 60) < 0 ? NULL : INCREF(NONE);
}

static Obj *cd_acquire(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Obj *lock = ((CondObj *)self)->lock;
    if (IS_TYPE(lock, lock_type) || IS_TYPE(lock, rlock_type)) return lk_acquire(lock, a, n, kw);
    Obj *m = obj_getattr_str(lock, "acquire");
    Obj *r = m ? obj_call(m, a, n, kw) : NULL;
    XDECREF(m);
    return r;
}

static Obj *cd_release(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    Obj *lock = ((CondObj *)self)->lock;
    if (IS_TYPE(lock, lock_type) || IS_TYPE(lock, rlock_type))
        return lock_release_impl((LockObj *)lock) < 0 ? NULL : INCREF(NONE);
    return obj_call_method(lock, "release", NULL, 0);
}

static Obj *cond_repr(Obj *o)
{
    Ssize nw = 0;
    for (Waiter *w = ((CondObj *)o)->head; w; w = w->next) nw++;
    return str_from_fmt("<Condition(%R, %zd)>", ((CondObj *)o)->lock, nw);
}

static MethodDef cond_methods[] = {
    {"wait", cd_wait, METH_FAST, NULL},
    {"wait_for", cd_wait_for, METH_FAST, NULL},
    {"notify", cd_notify, METH_FAST, NULL},
    {"notify_all", cd_notify_all, METH_FAST, NULL},
    {"notifyAll", cd_notify_all, METH_FAST, NULL},
    {"acquire", cd_acquire, METH_FAST, NULL},
    {"release", cd_release, METH_FAST, NULL},
    {"__enter__", cd_acquire, METH_FAST, NULL},
    {"__exit__", cd_release, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj cond_type = {
    .base = TYPE_HEAD_INIT, .name = "threading.Condition", .basicsize = sizeof(CondObj), .flags = TPF_BASETYPE,
    .dealloc = cond_dealloc, .repr = cond_repr, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .new_ = cond_new, .init = cond_init, .methods = cond_methods,
    .dictoffset = offsetof(CondObj, dict), .doc = "Class that implements a condition variable.",
};

typedef struct SemObj { Obj base; Ssize value, bound; bool bounded; Obj *dict; } SemObj;
static TypeObj sem_type, bsem_type;

static Ssize sem_args(Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"value"};
    Obj *v[1];
    if (mh_bind("Semaphore", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return -1;
    Ssize value = 1;
    if (v[0]) {
        value = num_as_ssize(v[0], &exc_OverflowError);
        if (value == -1 && vm_err_occurred()) return -1;
    }
    if (value < 0) {
        vm_err_set_str(&exc_ValueError, "semaphore initial value must be >= 0");
        return -1;
    }
    return value;
}

static int sem_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (!heap_subclass(OBJ_TYPE(self))) return 0;
    Ssize value = sem_args(a, n, kw);
    if (value < 0) return -1;
    ((SemObj *)self)->value = ((SemObj *)self)->bound = value;
    return 0;
}

static Obj *sem_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    Ssize value = heap_subclass(t) ? 1 : sem_args(a, n, kw);
    if (value < 0) return NULL;
    ensure_main();
    SemObj *s = (SemObj *)obj_alloc(t, 0);
    if (!s) return NULL;
    s->value = s->bound = value;
    s->bounded = type_is_subtype(t, &bsem_type);
    return (Obj *)s;
}

static int sem_ready(GThread *t)
{
    return ((SemObj *)t->wait_on)->value > 0;
}

static Obj *sm_acquire(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"blocking", "timeout"};
    Obj *v[2];
    if (mh_bind_m("acquire", a, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    int blocking = v[0] ? obj_is_true(v[0]) : 1;
    if (blocking < 0) return NULL;
    if (!blocking && v[1] && v[1] != NONE) {
        vm_err_set_str(&exc_ValueError, "can't specify timeout for non-blocking acquire");
        return NULL;
    }
    double t;
    if (timeout_arg(v[1], &t) < 0) return NULL;
    SemObj *s = (SemObj *)self;
    if (s->value <= 0) {
        if (!blocking) return INCREF(FALSE_);
        int r = block(sem_ready, s, t);
        if (r < 0) return NULL;
        if (!r) return INCREF(FALSE_);
    }
    s->value--;
    return INCREF(TRUE_);
}

static Obj *sm_release(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (mh_bind_m("release", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Ssize k = 1;
    if (v[0]) {
        k = num_as_ssize(v[0], &exc_OverflowError);
        if (k == -1 && vm_err_occurred()) return NULL;
    }
    if (k < 1) {
        vm_err_set_str(&exc_ValueError, "n must be one or more");
        return NULL;
    }
    SemObj *s = (SemObj *)self;
    if (s->bounded && s->value + k > s->bound) {
        vm_err_set_str(&exc_ValueError, "Semaphore released too many times");
        return NULL;
    }
    s->value += k;
    return INCREF(NONE);
}

static Obj *sm_exit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    return sm_release(self, NULL, 0, NULL);
}

static MethodDef sem_methods[] = {
    {"acquire", sm_acquire, METH_FAST, NULL},
    {"release", sm_release, METH_FAST, NULL},
    {"__enter__", sm_acquire, METH_FAST, NULL},
    {"__exit__", sm_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *sem_repr(Obj *o)
{
    SemObj *s = (SemObj *)o;
    if (s->bounded)
        return str_from_fmt("<threading.BoundedSemaphore at %p: value=%zd/%zd>", (void *)o, s->value, s->bound);
    return str_from_fmt("<threading.Semaphore at %p: value=%zd>", (void *)o, s->value);
}

static TypeObj sem_type = {
    .base = TYPE_HEAD_INIT, .name = "threading.Semaphore", .basicsize = sizeof(SemObj), .flags = TPF_BASETYPE,
    .dealloc = plain_dealloc, .repr = sem_repr, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .new_ = sem_new, .init = sem_init, .methods = sem_methods,
    .dictoffset = offsetof(SemObj, dict), .doc = "This class implements semaphore objects.",
};
static TypeObj bsem_type = {
    .base = TYPE_HEAD_INIT, .name = "threading.BoundedSemaphore", .basicsize = sizeof(SemObj),
    .flags = TPF_BASETYPE, .dealloc = plain_dealloc, .repr = sem_repr, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .new_ = sem_new, .init = sem_init, .tp_base = &sem_type,
    .dictoffset = offsetof(SemObj, dict), .doc = "Implements a bounded semaphore.",
};

/* ---- local ------------------------------------------------------------------------------------- */

typedef struct LocalObj { Obj base; Obj *dict; Obj *dicts; Obj *weakreflist; } LocalObj;
static TypeObj local_type;

static void local_dealloc(Obj *o)
{
    LocalObj *l = (LocalObj *)o;
    gc_untrack(o);
    weakref_on_dealloc(o);
    XDECREF(l->dict);
    XDECREF(l->dicts);
    obj_free(o);
}

static int local_traverse(Obj *o, VisitFn visit, void *arg)
{
    LocalObj *l = (LocalObj *)o;
    if (l->dict && visit(l->dict, arg)) return 1;
    return l->dicts && visit(l->dicts, arg);
}

static Obj *local_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if ((n || mh_nkw(kw)) && t == &local_type) {
        vm_err_set_str(&exc_TypeError, "Initialization arguments are not supported");
        return NULL;
    }
    ensure_main();
    LocalObj *l = (LocalObj *)obj_alloc(t, 0);
    if (!l) return NULL;
    l->dicts = dict_new();
    if (!l->dicts) CLEAR(l);
    return (Obj *)l;
}

/* the instance __dict__ is the current thread's */
static int local_select(LocalObj *l)
{
    ensure_main();
    Obj *key = int_from_u64(cur->ident);
    if (!key) return -1;
    Obj *d = dict_get_borrow(l->dicts, key);
    if (!d) {
        d = dict_new();
        if (!d || dict_set(l->dicts, key, d) < 0) {
            XDECREF(d);
            DECREF(key);
            return -1;
        }
        DECREF(d);
    }
    DECREF(key);
    obj_setref(&l->dict, INCREF(d));
    return 0;
}

static Obj *local_getattro(Obj *o, Obj *name)
{
    if (local_select((LocalObj *)o) < 0) return NULL;
    return obj_generic_getattr(o, name);
}

static int local_setattro(Obj *o, Obj *name, Obj *v)
{
    if (local_select((LocalObj *)o) < 0) return -1;
    return obj_generic_setattr(o, name, v);
}

static TypeObj local_type = {
    .base = TYPE_HEAD_INIT, .name = "_thread._local", .basicsize = sizeof(LocalObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = local_dealloc, .getattro = local_getattro,
    .setattro = local_setattro, .traverse = local_traverse, .new_ = local_new,
    .dictoffset = offsetof(LocalObj, dict), .weaklistoffset = offsetof(LocalObj, weakreflist),
    .doc = "Thread-local data",
};

/* ---- Timer ------------------------------------------------------------------------------------- */

static Obj *tm_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"interval", "function", "args", "kwargs"};
    Obj *v[4];
    if (mh_bind_m("Timer.__init__", a, n, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    Obj *r = th_init(self, NULL, 0, NULL);
    if (!r) return NULL;
    DECREF(r);
    Obj *args = v[2] && v[2] != NONE ? INCREF(v[2]) : list_new(0);
    Obj *kwargs = v[3] && v[3] != NONE ? INCREF(v[3]) : dict_new();
    Obj *fin = obj_alloc(&event_type, 0);
    int rc = args && kwargs && fin ? set_attr(self, "interval", v[0]) | set_attr(self, "function", v[1]) |
                                         set_attr(self, "args", args) | set_attr(self, "kwargs", kwargs) |
                                         set_attr(self, "finished", fin)
                                   : -1;
    XDECREF(args);
    XDECREF(kwargs);
    XDECREF(fin);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *tm_cancel(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("cancel", "cancel", n, kw, 0, 0) < 0) return NULL;
    Obj *fin = attr(self, "finished");
    if (fin && IS_TYPE(fin, event_type)) ((EventObj *)fin)->flag = true;
    XDECREF(fin);
    return INCREF(NONE);
}

static Obj *tm_run(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_pos_args("run", "run", n, kw, 0, 0) < 0) return NULL;
    Obj *fin = attr(self, "finished"), *interval = attr(self, "interval");
    Obj *r = NULL;
    if (fin && interval && IS_TYPE(fin, event_type)) {
        r = ev_wait(fin, &interval, 1, NULL);
        if (r) {
            CLEAR(r);
            if (!((EventObj *)fin)->flag) {
                Obj *f = attr(self, "function"), *args = attr(self, "args"), *kwargs = attr(self, "kwargs");
                r = f ? vm_call_ex(f, args ? args : NONE, kwargs && kwargs != NONE ? kwargs : NULL) : NULL;
                if (f && !r) tbframe_push(&tbgen_threading, TBG_THREADING_TIMER_RUN_FUNCTION);
                XDECREF(f);
                XDECREF(args);
                XDECREF(kwargs);
            } else {
                r = INCREF(NONE);
            }
            ((EventObj *)fin)->flag = true;
        }
    }
    XDECREF(fin);
    XDECREF(interval);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static const MethodDef timer_methods[] = {
    {"__init__", tm_init, METH_FAST, NULL},
    {"cancel", tm_cancel, METH_FAST, "Stop the timer if it hasn't finished yet."},
    {"run", tm_run, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- module functions ------------------------------------------------------------------------------ */

static Obj *f_current_thread(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    (void)a;
    if (mh_pos_args("current_thread", "current_thread", n, kw, 0, 0) < 0) return NULL;
    return current_thread_obj();
}

static Obj *f_main_thread(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    (void)a;
    if (mh_pos_args("main_thread", "main_thread", n, kw, 0, 0) < 0) return NULL;
    return main_thread_obj();
}

static Obj *f_get_ident(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    (void)a;
    if (mh_pos_args("get_ident", "get_ident", n, kw, 0, 0) < 0) return NULL;
    ensure_main();
    return int_from_u64(cur->ident);
}

static Obj *f_enumerate(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    (void)a;
    if (mh_pos_args("enumerate", "enumerate", n, kw, 0, 0) < 0) return NULL;
    Obj *mt = main_thread_obj();
    Obj *l = mt ? list_from_array(&mt, 1) : NULL;
    XDECREF(mt);
    for (Ssize i = 0; l && i < nthreads; i++)
        if (threads[i] != main_gt && threads[i]->state == GT_RUNNING && threads[i]->obj &&
            list_append(l, threads[i]->obj) < 0)
            CLEAR(l);
    return l;
}

static Obj *f_active_count(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    (void)a;
    if (mh_pos_args("active_count", "active_count", n, kw, 0, 0) < 0) return NULL;
    ensure_main();
    Ssize k = 1;
    for (Ssize i = 0; i < nthreads; i++)
        if (threads[i] != main_gt && threads[i]->state == GT_RUNNING) k++;
    return int_from_i64(k);
}

static Obj *f_excepthook(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("excepthook", "excepthook", n, kw, 1, 1) < 0) return NULL;
    Obj *v = obj_getattr_str(a[0], "exc_value");
    Obj *t = v ? obj_getattr_str(a[0], "thread") : NULL;
    if (!t) {
        XDECREF(v);
        return NULL;
    }
    if (v != NONE) thread_report_exception(t, v);
    DECREF(v);
    DECREF(t);
    return INCREF(NONE);
}

static Obj *f_noop(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    (void)a;
    (void)n;
    (void)kw;
    return INCREF(NONE);
}

static Obj *f_stack_size(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    (void)a;
    if (mh_pos_args("stack_size", "stack_size", n, kw, 0, 1) < 0) return NULL;
    return int_from_i64(0);
}

static const MethodDef threading_methods[] = {
    {"current_thread", f_current_thread, METH_FAST, "Return the current Thread object."},
    {"currentThread", f_current_thread, METH_FAST, NULL},
    {"main_thread", f_main_thread, METH_FAST, "Return the main thread object."},
    {"get_ident", f_get_ident, METH_FAST, "Return a non-zero integer that uniquely identifies the current thread."},
    {"get_native_id", f_get_ident, METH_FAST, NULL},
    {"enumerate", f_enumerate, METH_FAST, "Return a list of all Thread objects currently active."},
    {"active_count", f_active_count, METH_FAST, "Return the number of Thread objects currently alive."},
    {"activeCount", f_active_count, METH_FAST, NULL},
    {"excepthook", f_excepthook, METH_FAST, "Handle uncaught Thread.run() exception."},
    {"settrace", f_noop, METH_FAST, NULL},
    {"setprofile", f_noop, METH_FAST, NULL},
    {"settrace_all_threads", f_noop, METH_FAST, NULL},
    {"setprofile_all_threads", f_noop, METH_FAST, NULL},
    {"gettrace", f_noop, METH_FAST, NULL},
    {"getprofile", f_noop, METH_FAST, NULL},
    {"stack_size", f_stack_size, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *threading_init(void)
{
    static TypeObj *types[] = {&lock_type, &rlock_type, &event_type, &cond_type, &sem_type, &bsem_type,
                               &local_type};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (type_ready(types[i]) < 0) return NULL;
    ensure_main();
    if (!thread_cls) {
        thread_cls = mh_class("threading", "Thread", NULL, thread_methods, thread_getset, NULL);
        if (!thread_cls) return NULL;
        Obj *bases = tuple_pack(1, thread_cls);
        mainthread_cls = bases ? mh_class("threading", "_MainThread", bases, NULL, NULL, NULL) : NULL;
        timer_cls = bases ? mh_class("threading", "Timer", bases, timer_methods, NULL, NULL) : NULL;
        XDECREF(bases);
        if (!mainthread_cls || !timer_cls) return NULL;
    }
    Obj *m = mh_module("threading", threading_methods);
    if (!m) return NULL;
    Obj *tmax = float_from_double(9223372036.0);
    struct { const char *name; Obj *v; } attrs[] = {
        {"Thread", thread_cls}, {"Timer", timer_cls}, {"_MainThread", mainthread_cls},
        {"Lock", (Obj *)&lock_type}, {"RLock", (Obj *)&rlock_type}, {"Event", (Obj *)&event_type},
        {"Condition", (Obj *)&cond_type}, {"Semaphore", (Obj *)&sem_type},
        {"BoundedSemaphore", (Obj *)&bsem_type}, {"local", (Obj *)&local_type},
        {"TIMEOUT_MAX", tmax}, {"ThreadError", (Obj *)&exc_RuntimeError},
    };
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
        if (!attrs[i].v || mh_add_obj(m, attrs[i].name, attrs[i].v) < 0) {
            XDECREF(tmax);
            DECREF(m);
            return NULL;
        }
    XDECREF(tmax);
    return m;
}

/* raise cls() (an exception class called without arguments) */
static int raise_cls(Obj *cls)
{
    Obj *e = obj_call(cls, NULL, 0, NULL);
    if (e) vm_err_restore(e);
    return -1;
}

static Obj *q_class_getitem(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("__class_getitem__", "__class_getitem__", n, kw, 1, 1) < 0) return NULL;
    return generic_alias_new(cls, a[0]);
}

/* ---- concurrent.futures (thread pools on the green threads) -------------------------------------- */

enum { CF_PENDING = 0, CF_RUNNING, CF_CANCELLED, CF_FINISHED };
static const char *const cf_state_names[] = {"pending", "running", "cancelled", "finished"};

typedef struct CFutObj {
    Obj base;
    int state;
    Obj *result, *exception, *callbacks, *dict;
    uint64_t done_order;          /* when it finished, for as_completed */
    Obj *weakreflist;
} CFutObj;
static TypeObj cfut_type;
static uint64_t cf_done_counter;
static Obj *cf_cancelled_error, *cf_timeout_error, *cf_invalid_state_error, *cf_broken_error;

static void cfut_dealloc(Obj *o)
{
    CFutObj *f = (CFutObj *)o;
    gc_untrack(o);
    weakref_on_dealloc(o);
    XDECREF(f->result);
    XDECREF(f->exception);
    XDECREF(f->callbacks);
    XDECREF(f->dict);
    obj_free(o);
}

static int cfut_traverse(Obj *o, VisitFn visit, void *arg)
{
    CFutObj *f = (CFutObj *)o;
    Obj *v[] = {f->result, f->exception, f->callbacks, f->dict};
    for (int i = 0; i < 4; i++)
        if (v[i] && visit(v[i], arg)) return 1;
    return 0;
}

static Obj *cfut_new(TypeObj *t, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (!heap_subclass(t) && mh_pos_args("Future", "Future", n, kw, 0, 0) < 0) return NULL;
    ensure_main();
    return obj_alloc(t, 0);
}

static bool cf_done(CFutObj *f) { return f->state == CF_CANCELLED || f->state == CF_FINISHED; }

static int cf_done_ready(GThread *t)
{
    return cf_done((CFutObj *)t->wait_on);
}

/* Run the done callbacks (exceptions are reported, as the module logs them). */
static void cf_invoke_callbacks(CFutObj *f)
{
    Obj *cbs = f->callbacks;
    f->callbacks = NULL;
    for (Ssize i = 0; cbs && i < LIST_LEN(cbs); i++) {
        Obj *fo = (Obj *)f;
        Obj *r = obj_call(LIST_ITEMS(cbs)[i], &fo, 1, NULL);
        if (!r) {
            Obj *e = vm_err_fetch();
            Obj *m = str_from_fmt("exception calling callback for %R\n", fo);
            Obj *err = sys_get_borrow("stderr");
            if (m && err && err != NONE) io_write_str(err, m);
            XDECREF(m);
            vm_err_clear();
            if (e) traceback_print_exception(e);
            XDECREF(e);
        }
        XDECREF(r);
    }
    XDECREF(cbs);
}

static int cf_finish(CFutObj *f, Obj *result, Obj *exc)
{
    if (cf_done(f)) {
        Obj *m = str_from_fmt("%s: %R", cf_state_names[f->state] , (Obj *)f);
        Obj *e = m ? obj_call(cf_invalid_state_error, &m, 1, NULL) : NULL;
        XDECREF(m);
        if (e) vm_err_restore(e);
        return -1;
    }
    if (exc) obj_setref(&f->exception, INCREF(exc));
    else obj_setref(&f->result, INCREF(result));
    f->state = CF_FINISHED;
    f->done_order = ++cf_done_counter;
    cf_invoke_callbacks(f);
    return 0;
}

/* result()/exception() with a timeout: 1 done, -1 error (TimeoutError / CancelledError raised) */
static int cf_wait_done(CFutObj *f, Obj *timeout_o)
{
    if (f->state == CF_CANCELLED) return raise_cls(cf_cancelled_error);
    if (f->state == CF_FINISHED) return 1;
    double t = -1;
    if (timeout_o && timeout_o != NONE && number_arg(timeout_o, &t) < 0) return -1;
    if (t < -0.0 && timeout_o && timeout_o != NONE) t = 0;
    int r = block(cf_done_ready, f, t);
    if (r < 0) return -1;
    if (f->state == CF_CANCELLED) return raise_cls(cf_cancelled_error);
    if (f->state != CF_FINISHED) return raise_cls(cf_timeout_error);
    return 1;
}

static Obj *cf_result(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"timeout"};
    Obj *v[1];
    if (mh_bind_m("result", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    CFutObj *f = (CFutObj *)self;
    bool waited = f->state != CF_FINISHED && f->state != CF_CANCELLED;
    if (cf_wait_done(f, v[0]) < 0) return NULL;
    if (f->exception) {
        /* `raise self._exception` in _base.py's __get_result, called by
         * result(): each raise adds their frames to the same exception */
        vm_err_restore(INCREF(f->exception));
        tbframe_push(&tbgen_concurrent_futures_base, TBG_CONCURRENT_FUTURES_BASE_GET_RESULT_RAISE);
        return tbframe_fail(&tbgen_concurrent_futures_base, waited ? TBG_CONCURRENT_FUTURES_BASE_RESULT_WAIT_GET
                                                                   : TBG_CONCURRENT_FUTURES_BASE_RESULT_GET);
    }
    return INCREF(f->result ? f->result : NONE);
}

static Obj *cf_exception(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"timeout"};
    Obj *v[1];
    if (mh_bind_m("exception", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    CFutObj *f = (CFutObj *)self;
    if (cf_wait_done(f, v[0]) < 0) return NULL;
    return INCREF(f->exception ? f->exception : NONE);
}

#define CF_NOARGS(nm)                                              \
    do {                                                           \
        (void)a;                                                   \
        if (mh_pos_args(nm, nm, n, kw, 0, 0) < 0) return NULL;     \
    } while (0)

static Obj *cf_done_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    CF_NOARGS("done");
    return bool_from(cf_done((CFutObj *)self));
}

static Obj *cf_cancelled_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    CF_NOARGS("cancelled");
    return bool_from(((CFutObj *)self)->state == CF_CANCELLED);
}

static Obj *cf_running_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    CF_NOARGS("running");
    return bool_from(((CFutObj *)self)->state == CF_RUNNING);
}

static Obj *cf_cancel_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    CF_NOARGS("cancel");
    CFutObj *f = (CFutObj *)self;
    if (f->state == CF_RUNNING || f->state == CF_FINISHED) return INCREF(FALSE_);
    if (f->state == CF_CANCELLED) return INCREF(TRUE_);
    f->state = CF_CANCELLED;
    f->done_order = ++cf_done_counter;
    cf_invoke_callbacks(f);
    return INCREF(TRUE_);
}

static Obj *cf_add_done_callback(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("add_done_callback", "add_done_callback", n, kw, 1, 1) < 0) return NULL;
    CFutObj *f = (CFutObj *)self;
    if (cf_done(f)) {
        Obj *r = obj_call(a[0], &self, 1, NULL);
        if (!r) {
            Obj *e = vm_err_fetch();
            if (e) traceback_print_exception(e);
            XDECREF(e);
        }
        XDECREF(r);
        return INCREF(NONE);
    }
    if (!f->callbacks && !(f->callbacks = list_new(0))) return NULL;
    return list_append(f->callbacks, a[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *cf_set_result(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("set_result", "set_result", n, kw, 1, 1) < 0) return NULL;
    return cf_finish((CFutObj *)self, a[0], NULL) < 0 ? NULL : INCREF(NONE);
}

static Obj *cf_set_exception(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("set_exception", "set_exception", n, kw, 1, 1) < 0) return NULL;
    return cf_finish((CFutObj *)self, NULL, a[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *cf_set_running(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    CF_NOARGS("set_running_or_notify_cancel");
    CFutObj *f = (CFutObj *)self;
    if (f->state == CF_CANCELLED) return INCREF(FALSE_);
    f->state = CF_RUNNING;
    return INCREF(TRUE_);
}

static Obj *cfut_repr(Obj *o)
{
    CFutObj *f = (CFutObj *)o;
    if (f->state == CF_FINISHED) {
        if (f->exception)
            return str_from_fmt("<Future at %p state=finished raised %s>", (void *)o, type_name(OBJ_TYPE(f->exception)));
        return str_from_fmt("<Future at %p state=finished returned %s>", (void *)o,
                            type_name(OBJ_TYPE(f->result ? f->result : NONE)));
    }
    return str_from_fmt("<Future at %p state=%s>", (void *)o, cf_state_names[f->state]);
}

static MethodDef cfut_methods[] = {
    {"result", cf_result, METH_FAST, NULL},
    {"exception", cf_exception, METH_FAST, NULL},
    {"done", cf_done_m, METH_FAST, NULL},
    {"cancelled", cf_cancelled_m, METH_FAST, NULL},
    {"running", cf_running_m, METH_FAST, NULL},
    {"cancel", cf_cancel_m, METH_FAST, NULL},
    {"add_done_callback", cf_add_done_callback, METH_FAST, NULL},
    {"set_result", cf_set_result, METH_FAST, NULL},
    {"set_exception", cf_set_exception, METH_FAST, NULL},
    {"set_running_or_notify_cancel", cf_set_running, METH_FAST, NULL},
    {"__class_getitem__", q_class_getitem, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj cfut_type = {
    .base = TYPE_HEAD_INIT, .name = "concurrent.futures._base.Future", .basicsize = sizeof(CFutObj),
    .flags = TPF_GC | TPF_BASETYPE, .dealloc = cfut_dealloc, .repr = cfut_repr,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = cfut_traverse,
    .new_ = cfut_new, .methods = cfut_methods, .dictoffset = offsetof(CFutObj, dict),
    .weaklistoffset = offsetof(CFutObj, weakreflist), .doc = "Represents the result of an asynchronous computation.",
};

/* The executor: a heap class; its state in C (work list, workers). */
typedef struct ExecState {
    Obj *work;        /* list of (future, fn, args tuple, kwargs dict or None) */
    Obj *threads;     /* list of worker Thread objects */
    Ssize max_workers, idle_tokens;   /* _idle_semaphore: released after each work item */
    bool shutdown;
    Obj *prefix;
} ExecState;

static Obj *executor_cls;

/* Each executor's state, found by the object's identity (set by __init__;
 * states are kept for the life of the process: executors are few). */
static Obj **exec_owners;
static ExecState **exec_states;
static Ssize nexec;

static ExecState *exec_state(Obj *self)
{
    for (Ssize i = 0; i < nexec; i++)
        if (exec_owners[i] == self) return exec_states[i];
    vm_err_set_str(&exc_RuntimeError, "ThreadPoolExecutor.__init__() not called");
    return NULL;
}

static void executors_exit(void)
{
    for (Ssize i = 0; i < nexec; i++) exec_states[i]->shutdown = true;
}

static void exec_state_set(Obj *self, ExecState *st)
{
    for (Ssize i = 0; i < nexec; i++)
        if (exec_owners[i] == self) {
            exec_states[i] = st;
            return;
        }
    exec_owners = xrealloc(exec_owners, (size_t)(nexec + 1) * sizeof *exec_owners);
    exec_states = xrealloc(exec_states, (size_t)(nexec + 1) * sizeof *exec_states);
    exec_owners[nexec] = self;
    exec_states[nexec++] = st;
}

static int work_ready(GThread *t)
{
    ExecState *st = t->wait_on;
    return LIST_LEN(st->work) > 0 || st->shutdown;
}

/* the worker's target, bound to the executor */
static Obj *exec_worker(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    ExecState *st = exec_state(self);
    if (!st) return NULL;
    for (;;) {
        if (!LIST_LEN(st->work)) {
            if (st->shutdown) break;
            if (block(work_ready, st, -1) < 0) return NULL;
            continue;
        }
        Obj *item = INCREF(LIST_ITEMS(st->work)[0]);
        if (list_set_slice(st->work, 0, 1, NULL) < 0) {
            DECREF(item);
            return NULL;
        }
        CFutObj *f = (CFutObj *)TUPLE_ITEMS(item)[0];
        if (f->state != CF_CANCELLED) {
            f->state = CF_RUNNING;
            Obj *kwargs = TUPLE_ITEMS(item)[3];
            Obj *r = vm_call_ex(TUPLE_ITEMS(item)[1], TUPLE_ITEMS(item)[2], kwargs == NONE ? NULL : kwargs);
            if (r) {
                cf_finish(f, r, NULL);
                DECREF(r);
            } else {
                /* thread.py's _WorkItem.run called fn */
                tbframe_push(&tbgen_concurrent_futures_thread, TBG_CONCURRENT_FUTURES_THREAD_WORKITEM_RUN);
                Obj *e = vm_err_fetch();
                if (vm_limit_hit()) {
                    vm_err_restore(e);
                    DECREF(item);
                    return NULL;
                }
                cf_finish(f, NULL, e);
                XDECREF(e);
            }
            vm_err_clear();
        }
        DECREF(item);
        st->idle_tokens++;
    }
    return INCREF(NONE);
}
static const MethodDef exec_worker_def = {"_worker", exec_worker, METH_FAST, NULL};

static Obj *ex_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"max_workers", "thread_name_prefix", "initializer", "initargs"};
    Obj *v[4];
    if (mh_bind_m("ThreadPoolExecutor.__init__", a, n, kw, names, 4, 4, 0, 0, 0, v) < 0) return NULL;
    Ssize maxw = 8;   /* min(32, os.cpu_count() + 4) on a 4-core machine; the pool size is not observable here */
    if (v[0] && v[0] != NONE) {
        maxw = num_as_ssize(v[0], &exc_OverflowError);
        if (maxw == -1 && vm_err_occurred()) return NULL;
        if (maxw <= 0) {
            vm_err_set_str(&exc_ValueError, "max_workers must be greater than 0");
            return NULL;
        }
    }
    ExecState *st = xcalloc(1, sizeof *st);
    st->work = list_new(0);
    st->threads = list_new(0);
    st->max_workers = maxw;
    st->prefix = v[1] && v[1] != NONE && VAR_SIZE(v[1]) ? INCREF(v[1])
                                                         : str_from_fmt("ThreadPoolExecutor-%d", 0);
    static int exec_counter;
    if (!(v[1] && v[1] != NONE && VAR_SIZE(v[1]))) {
        XDECREF(st->prefix);
        st->prefix = str_from_fmt("ThreadPoolExecutor-%d", exec_counter++);
    }
    int rc = st->work && st->threads && st->prefix ? 0 : -1;
    if (rc == 0) exec_state_set(self, st);
    if (rc == 0) {
        Obj *mw = int_from_i64(maxw);
        rc = mw ? set_attr(self, "_max_workers", mw) : -1;
        XDECREF(mw);
    }
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *executor_submit(Obj *self, ExecState *st, Obj *fn, Obj *args, Obj *kwargs)
{
    if (st->shutdown) {
        vm_err_set_str(&exc_RuntimeError, "cannot schedule new futures after shutdown");
        return NULL;
    }
    Obj *f = obj_alloc(&cfut_type, 0);
    Obj *item = f ? tuple_pack(4, f, fn, args, kwargs ? kwargs : NONE) : NULL;
    if (!item || list_append(st->work, item) < 0) {
        XDECREF(item);
        XDECREF(f);
        return NULL;
    }
    DECREF(item);
    /* _adjust_thread_count: an idle worker takes it, else a new worker up to max_workers */
    if (st->idle_tokens > 0) {
        st->idle_tokens--;
    } else if (LIST_LEN(st->threads) < st->max_workers) {
        Obj *name = str_from_fmt("%S_%zd", st->prefix, LIST_LEN(st->threads));
        Obj *target = builtin_new(&exec_worker_def, self, NULL);
        Obj *kwn = tuple_pack(2, id_str("name"), id_str("target"));
        Obj *vals[2] = {name, target};
        Obj *t = name && target && kwn ? obj_call(thread_cls, vals, 0, kwn) : NULL;
        XDECREF(name);
        XDECREF(target);
        XDECREF(kwn);
        if (t && set_attr(t, "_daemonic", FALSE_) == 0 && list_append(st->threads, t) == 0) {
            Obj *r = th_start(t, NULL, 0, NULL);
            XDECREF(r);
            if (!r) CLEAR(t);
        } else {
            CLEAR(t);
        }
        if (!t) {
            XDECREF(f);
            return NULL;
        }
        DECREF(t);
    }
    return f;
}

static Obj *ex_submit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (n < 1) {
        vm_err_set_str(&exc_TypeError, "submit expected at least 1 argument, got 0");
        return NULL;
    }
    ExecState *st = exec_state(self);
    if (!st) return NULL;
    Obj *args = tuple_from_array(a + 1, n - 1);
    Obj *kwargs = NULL;
    if (args && mh_nkw(kw)) {
        kwargs = dict_new();
        for (Ssize k = 0; kwargs && k < mh_nkw(kw); k++)
            if (dict_set(kwargs, TUPLE_ITEMS(kw)[k], a[n + k]) < 0) CLEAR(kwargs);
        if (!kwargs) CLEAR(args);
    }
    Obj *f = args ? executor_submit(self, st, a[0], args, kwargs) : NULL;
    XDECREF(args);
    XDECREF(kwargs);
    return f;
}

static int all_workers_done(GThread *t)
{
    ExecState *st = t->wait_on;
    for (Ssize i = 0; i < LIST_LEN(st->threads); i++)
        if (!attr_true(LIST_ITEMS(st->threads)[i], "_is_stopped")) return 0;
    return 1;
}

static int executor_shutdown(ExecState *st, bool wait, bool cancel)
{
    st->shutdown = true;
    if (cancel) {
        for (Ssize i = 0; i < LIST_LEN(st->work); i++) {
            CFutObj *f = (CFutObj *)TUPLE_ITEMS(LIST_ITEMS(st->work)[i])[0];
            if (f->state == CF_PENDING) {
                f->state = CF_CANCELLED;
                cf_invoke_callbacks(f);
            }
        }
        list_set_slice(st->work, 0, LIST_LEN(st->work), NULL);
    }
    if (wait) return block(all_workers_done, st, -1) < 0 ? -1 : 0;
    return 0;
}

static Obj *ex_shutdown(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"wait", "cancel_futures"};
    Obj *v[2];
    if (mh_bind_m("shutdown", a, n, kw, names, 2, 1, 0, 0, 0, v) < 0) return NULL;
    ExecState *st = exec_state(self);
    if (!st) return NULL;
    int w = v[0] ? obj_is_true(v[0]) : 1, c = v[1] ? obj_is_true(v[1]) : 0;
    if (w < 0 || c < 0) return NULL;
    return executor_shutdown(st, w, c) < 0 ? NULL : INCREF(NONE);
}

static Obj *ex_enter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    CF_NOARGS("__enter__");
    return INCREF(self);
}

static Obj *ex_exit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    ExecState *st = exec_state(self);
    if (!st) return NULL;
    return executor_shutdown(st, true, false) < 0 ? NULL : INCREF(FALSE_);
}

/* map's result iterator, lazy as 3.12's result_iterator generator: every
 * call is submitted by map() itself; each next() waits for the next result
 * in order (the timeout counts from the map() call) and cancels that
 * future; when it stops early — an exception, or dropped unfinished — the
 * calls not yet started are cancelled, as the generator's `finally` does. */
typedef struct MapIterObj {
    Obj base;
    Obj *futs;          /* the futures not yet yielded, in order; NULL when over */
    double end;         /* < 0: no timeout */
} MapIterObj;
static TypeObj mapiter_type;

static void mapiter_cancel_rest(MapIterObj *m)
{
    Obj *futs = m->futs;
    m->futs = NULL;
    for (Ssize i = 0; futs && i < LIST_LEN(futs); i++) {
        Obj *r = cf_cancel_m(LIST_ITEMS(futs)[i], NULL, 0, NULL);
        XDECREF(r);
    }
    XDECREF(futs);
}

static void mapiter_dealloc(Obj *o)
{
    gc_untrack(o);
    Obj *e = vm_err_fetch();
    mapiter_cancel_rest((MapIterObj *)o);
    if (vm_err_occurred()) vm_err_clear();
    vm_err_restore(e);
    obj_free(o);
}

static int mapiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *f = ((MapIterObj *)o)->futs;
    return f ? visit(f, arg) : 0;
}

static Obj *mapiter_next(Obj *o)
{
    MapIterObj *m = (MapIterObj *)o;
    if (!m->futs) return NULL;
    if (!LIST_LEN(m->futs)) {
        CLEAR(m->futs);
        return NULL;
    }
    Obj *f = INCREF(LIST_ITEMS(m->futs)[0]);
    if (list_set_slice(m->futs, 0, 1, NULL) < 0) {
        DECREF(f);
        return NULL;
    }
    Obj *t = m->end >= 0 ? float_from_double(m->end - mono()) : NULL;
    Obj *r = m->end < 0 || t ? cf_result(f, t ? &t : NULL, t ? 1 : 0, NULL) : NULL;
    XDECREF(t);
    /* _result_or_cancel: the future is cancelled whatever happened */
    Obj *e = r ? NULL : vm_err_fetch();
    Obj *c = cf_cancel_m(f, NULL, 0, NULL);
    XDECREF(c);
    DECREF(f);
    if (e) {
        vm_err_clear();
        mapiter_cancel_rest(m);
        vm_err_restore(e);
    }
    return r;
}

static TypeObj mapiter_type = {
    .base = TYPE_HEAD_INIT, .name = "concurrent.futures.result_iterator", .basicsize = sizeof(MapIterObj),
    .flags = TPF_GC, .getattro = obj_generic_getattr, .dealloc = mapiter_dealloc,
    .traverse = mapiter_traverse, .iter = iter_self, .iternext = mapiter_next,
};

static Obj *ex_map(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Obj *timeout = NULL;
    for (Ssize k = 0; k < mh_nkw(kw); k++) {
        if (str_eq_cstr(TUPLE_ITEMS(kw)[k], "timeout")) timeout = a[n + k];
        else if (!str_eq_cstr(TUPLE_ITEMS(kw)[k], "chunksize")) {
            args_err_unexpected_kw("map", TUPLE_ITEMS(kw)[k]);
            return NULL;
        }
    }
    if (n < 1) {
        vm_err_set_str(&exc_TypeError, "Executor.map() missing 1 required positional argument: 'fn'");
        return NULL;
    }
    double end = -1;
    if (timeout && timeout != NONE) {
        double t;
        if (number_arg(timeout, &t) < 0) return NULL;
        end = mono() + t;
        if (end < 0) end = 0;
    }
    ExecState *st = exec_state(self);
    if (!st) return NULL;
    Obj *zipped = obj_call((Obj *)&zip_type, a + 1, n - 1, NULL);
    Obj *it = zipped ? obj_getiter(zipped) : NULL;
    XDECREF(zipped);
    if (!it) return NULL;
    Obj *futs = list_new(0), *args;
    while (futs && (args = obj_iternext(it))) {
        Obj *f = executor_submit(self, st, a[0], args, NULL);
        DECREF(args);
        if (!f || list_append(futs, f) < 0) CLEAR(futs);
        XDECREF(f);
    }
    DECREF(it);
    if (!futs || vm_err_occurred()) {
        XDECREF(futs);
        return NULL;
    }
    if (type_ready(&mapiter_type) < 0) {
        DECREF(futs);
        return NULL;
    }
    MapIterObj *m = (MapIterObj *)obj_alloc(&mapiter_type, 0);
    if (!m) {
        DECREF(futs);
        return NULL;
    }
    m->futs = futs;
    m->end = end;
    return (Obj *)m;
}

static const MethodDef executor_methods[] = {
    {"__init__", ex_init, METH_FAST, NULL},
    {"submit", ex_submit, METH_FAST, "Submits a callable to be executed with the given arguments."},
    {"map", ex_map, METH_FAST, "Returns an iterator equivalent to map(fn, iter)."},
    {"shutdown", ex_shutdown, METH_FAST, "Clean-up the resources associated with the Executor."},
    {"__enter__", ex_enter, METH_FAST, NULL},
    {"__exit__", ex_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* as_completed(fs, timeout=None): a list of the futures in the order they finish */
static int any_new_done(GThread *t)
{
    Obj *pending = t->wait_on;
    for (Ssize i = 0; i < LIST_LEN(pending); i++)
        if (cf_done((CFutObj *)LIST_ITEMS(pending)[i])) return 1;
    return 0;
}

static Obj *unique_futures(Obj *fs)
{
    Obj *lst = list_new(0), *seen = set_new(NULL);
    Obj *it = lst && seen ? obj_getiter(fs) : NULL, *x;
    while (it && (x = obj_iternext(it))) {
        int has = set_contains(seen, x);
        if (has == 0 && (!IS_TYPE(x, cfut_type) || set_add(seen, x) < 0 || list_append(lst, x) < 0)) {
            if (!vm_err_occurred()) vm_err_format(&exc_TypeError, "expected a Future, got %s", type_name(OBJ_TYPE(x)));
            has = -1;
        }
        DECREF(x);
        if (has < 0) break;
    }
    XDECREF(it);
    XDECREF(seen);
    if (!lst || vm_err_occurred()) {
        XDECREF(lst);
        return NULL;
    }
    return lst;
}

/* as_completed's iterator: like 3.12's generator it yields each future
 * once it has finished (the finished ones in the order they finished),
 * waiting only when none is ready, so the loop body runs as each future
 * completes; the timeout counts from the first next() and its TimeoutError
 * comes after the futures that finished in time. */
typedef struct AsCompletedObj {
    Obj base;
    Obj *pending;       /* list of futures not yet yielded; NULL once exhausted */
    Ssize total;
    double timeout;     /* < 0: none */
    double end;         /* < 0: not started or no timeout */
} AsCompletedObj;
static TypeObj ascompleted_type;

static void ascompleted_dealloc(Obj *o)
{
    gc_untrack(o);
    XDECREF(((AsCompletedObj *)o)->pending);
    obj_free(o);
}

static int ascompleted_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *p = ((AsCompletedObj *)o)->pending;
    return p ? visit(p, arg) : 0;
}

static Obj *ascompleted_next(Obj *o)
{
    AsCompletedObj *ac = (AsCompletedObj *)o;
    Obj *pending = ac->pending;
    if (!pending) return NULL;
    if (ac->timeout >= 0 && ac->end < 0) ac->end = mono() + ac->timeout;
    while (LIST_LEN(pending)) {
        /* the finished ones, earliest first */
        Ssize best = -1;
        for (Ssize i = 0; i < LIST_LEN(pending); i++) {
            CFutObj *f = (CFutObj *)LIST_ITEMS(pending)[i];
            if (cf_done(f) && (best < 0 || f->done_order < ((CFutObj *)LIST_ITEMS(pending)[best])->done_order))
                best = i;
        }
        if (best >= 0) {
            Obj *f = INCREF(LIST_ITEMS(pending)[best]);
            if (list_set_slice(pending, best, best + 1, NULL) < 0) {
                DECREF(f);
                return NULL;
            }
            return f;
        }
        double left = ac->end >= 0 ? ac->end - mono() : -1;
        if (ac->end >= 0 && left <= 0) {
            Obj *m = str_from_fmt("%zd (of %zd) futures unfinished", LIST_LEN(pending), ac->total);
            Obj *e = m ? obj_call(cf_timeout_error, &m, 1, NULL) : NULL;
            XDECREF(m);
            if (e) vm_err_restore(e);
            CLEAR(ac->pending);
            return NULL;
        }
        if (block(any_new_done, pending, left) < 0) return NULL;
    }
    CLEAR(ac->pending);
    return NULL;
}

static TypeObj ascompleted_type = {
    .base = TYPE_HEAD_INIT, .name = "concurrent.futures.as_completed", .basicsize = sizeof(AsCompletedObj),
    .flags = TPF_GC, .getattro = obj_generic_getattr, .dealloc = ascompleted_dealloc,
    .traverse = ascompleted_traverse, .iter = iter_self, .iternext = ascompleted_next,
};

static Obj *cf_as_completed(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"fs", "timeout"};
    Obj *v[2];
    if (mh_bind("as_completed", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    double t = -1;
    if (v[1] && v[1] != NONE && number_arg(v[1], &t) < 0) return NULL;
    if (v[1] && v[1] != NONE && t < 0) t = 0;   /* already past its end at the first next() */
    Obj *pending = unique_futures(v[0]);
    if (!pending) return NULL;
    if (type_ready(&ascompleted_type) < 0) {
        DECREF(pending);
        return NULL;
    }
    AsCompletedObj *ac = (AsCompletedObj *)obj_alloc(&ascompleted_type, 0);
    if (!ac) {
        DECREF(pending);
        return NULL;
    }
    ac->pending = pending;
    ac->total = LIST_LEN(pending);
    ac->timeout = t;
    ac->end = -1;
    return (Obj *)ac;
}

static int wait_cond_ready(GThread *t)
{
    Obj *st = t->wait_on;   /* (pending list, mode int) */
    Obj *pending = TUPLE_ITEMS(st)[0];
    int64_t mode = 0;
    int_as_i64(TUPLE_ITEMS(st)[1], &mode);
    Ssize ndone = 0;
    for (Ssize i = 0; i < LIST_LEN(pending); i++) {
        CFutObj *f = (CFutObj *)LIST_ITEMS(pending)[i];
        if (!cf_done(f)) continue;
        ndone++;
        if (mode == 0) return 1;
        if (mode == 1 && f->state == CF_FINISHED && f->exception) return 1;
    }
    return ndone == LIST_LEN(pending);
}

static Obj *cf_wait(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"fs", "timeout", "return_when"};
    Obj *v[3];
    if (mh_bind("wait", a, n, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    int mode = 2;
    if (v[2]) {
        if (str_eq_cstr(v[2], "FIRST_COMPLETED")) mode = 0;
        else if (str_eq_cstr(v[2], "FIRST_EXCEPTION")) mode = 1;
    }
    double t = -1;
    if (v[1] && v[1] != NONE && number_arg(v[1], &t) < 0) return NULL;
    Obj *pending = unique_futures(v[0]);
    if (!pending) return NULL;
    Obj *m = int_from_i64(mode);
    Obj *st = m ? tuple_pack(2, pending, m) : NULL;
    XDECREF(m);
    if (!st || block(wait_cond_ready, st, t) < 0) {
        XDECREF(st);
        DECREF(pending);
        return NULL;
    }
    DECREF(st);
    Obj *done = set_new(NULL), *not_done = set_new(NULL);
    for (Ssize i = 0; done && not_done && i < LIST_LEN(pending); i++) {
        Obj *f = LIST_ITEMS(pending)[i];
        if (set_add(cf_done((CFutObj *)f) ? done : not_done, f) < 0) CLEAR(done);
    }
    DECREF(pending);
    Obj *r = NULL;
    if (done && not_done) {
        Obj *nt = NULL;
        Obj *mod = import_name(id_str("collections"), NULL, NULL, 0);
        Obj *namedtuple = mod ? obj_getattr_str(mod, "namedtuple") : NULL;
        XDECREF(mod);
        Obj *nm = str_from_cstr("DoneAndNotDoneFutures"), *fields = str_from_cstr("done not_done");
        Obj *args[2] = {nm, fields};
        if (namedtuple && nm && fields) nt = obj_call(namedtuple, args, 2, NULL);
        XDECREF(namedtuple);
        XDECREF(nm);
        XDECREF(fields);
        Obj *vals[2] = {done, not_done};
        r = nt ? obj_call(nt, vals, 2, NULL) : NULL;
        XDECREF(nt);
    }
    XDECREF(done);
    XDECREF(not_done);
    return r;
}

static const MethodDef futures_functions[] = {
    {"as_completed", cf_as_completed, METH_FAST, "An iterator over the given futures that yields each as it completes."},
    {"wait", cf_wait, METH_FAST, "Wait for the futures in the given sequence to complete."},
    {NULL, NULL, 0, NULL},
};

static Obj *concurrent_init(void)
{
    Obj *m = mh_module("concurrent", NULL);
    if (m && module_add(m, "__path__", list_new(0)) < 0) CLEAR(m);
    return m;
}

static Obj *futures_init(void)
{
    if (type_ready(&cfut_type) < 0) return NULL;
    Obj *thr = import_name(id_str("threading"), NULL, NULL, 0);   /* the Thread class */
    if (!thr) return NULL;
    DECREF(thr);
    if (!executor_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_Exception);
        Obj *tbase = tuple_pack(1, (Obj *)&exc_TimeoutError);
        Obj *rbase = tuple_pack(1, (Obj *)&exc_RuntimeError);
        cf_invalid_state_error = bases ? mh_class("concurrent.futures._base", "InvalidStateError", bases, NULL, NULL, NULL) : NULL;
        cf_broken_error = rbase ? mh_class("concurrent.futures._base", "BrokenExecutor", rbase, NULL, NULL, NULL) : NULL;
        XDECREF(bases);
        XDECREF(tbase);
        XDECREF(rbase);
        cf_timeout_error = (Obj *)&exc_TimeoutError;
        Obj *asy = import_name(id_str("asyncio"), NULL, NULL, 0);
        cf_cancelled_error = asy ? obj_getattr_str(asy, "CancelledError") : NULL;
        XDECREF(asy);
        executor_cls = mh_class("concurrent.futures.thread", "ThreadPoolExecutor", NULL, executor_methods, NULL, NULL);
        if (!cf_invalid_state_error || !cf_broken_error || !cf_cancelled_error || !executor_cls) return NULL;
    }
    Obj *m = mh_module("concurrent.futures", futures_functions);
    if (!m) return NULL;
    struct { const char *name; Obj *v; } attrs[] = {
        {"Future", (Obj *)&cfut_type}, {"ThreadPoolExecutor", executor_cls}, {"Executor", executor_cls},
        {"ProcessPoolExecutor", executor_cls}, {"CancelledError", cf_cancelled_error},
        {"TimeoutError", cf_timeout_error}, {"InvalidStateError", cf_invalid_state_error},
        {"BrokenExecutor", cf_broken_error},
    };
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
        if (mh_add_obj(m, attrs[i].name, attrs[i].v) < 0) {
            DECREF(m);
            return NULL;
        }
    if (mh_add_str(m, "FIRST_COMPLETED", "FIRST_COMPLETED") < 0 ||
        mh_add_str(m, "FIRST_EXCEPTION", "FIRST_EXCEPTION") < 0 ||
        mh_add_str(m, "ALL_COMPLETED", "ALL_COMPLETED") < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_threading_register(void)
{
    import_register_native("threading", threading_init);
    import_register_native("concurrent", concurrent_init);
    import_register_native("concurrent.futures", futures_init);
}
