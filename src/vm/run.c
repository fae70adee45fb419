/* run.c — running a program as __main__, the way `python FILE.pyc` does.
 *
 * vm_run_main: the eval helper's types and the native modules are set up
 * (builtins, sys, io), a `__main__` module with CPython's globals is made,
 * the module code object is prepared (a refused one is reported as
 * `pydbg: FILE: code object 'f': RULE at offset N`, status 2) and run.  An
 * uncaught exception prints its traceback on sys.stderr (status 1);
 * SystemExit gives its exit status (a non-integer code printed to stderr);
 * an uncaught KeyboardInterrupt ends the process by SIGINT as CPython's
 * does.  Finalisation follows Py_FinalizeEx: flush sys.stdout/sys.stderr,
 * clear the modules' globals (so __del__ methods and generators' `finally`
 * blocks run), collect cycles, flush again; a failed stdout flush makes the
 * status 120.
 *
 * The batch limits (--max-steps, --timeout; vm.h vm_limit_*) live here too:
 * a program stopped by one is abandoned, not finalised, and reported with
 * one line and status 124.
 */
#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include "src/vm/vmint.h"

/* ---- set-up --------------------------------------------------------------------------- */

static void on_sigint(int sig)
{
    (void)sig;
    vm->interrupt = 1;
}

static int ready_types(void)
{
    TypeObj *types[] = {&code_type, &frame_type, &function_type, &method_type, &cell_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!(types[i]->flags & TPF_READY) && type_ready(types[i]) < 0)
            return -1;
    return gen_types_ready() < 0 ? -1 : typevars_ready();
}

static int setup_interpreter(const char *path)
{
    if (ready_types() < 0)
        return -1;
    if (builtins_init() < 0)
        return -1;
    if (sys_init(vm->argc, vm->argv, path) < 0 || io_init() < 0 || import_init() < 0)
        return -1;
    /* Like CPython: SIGINT becomes KeyboardInterrupt unless it was ignored
     * when the program started (a background job keeps ignoring it). */
    struct sigaction old, sa;
    if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN) {
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
    }
    return 0;
}

/* __main__ with the globals `python FILE.pyc` gives it, in CPython's order. */
static Obj *make_main(const char *path)
{
    Obj *m = module_new("__main__");
    if (!m)
        return NULL;
    Obj *d = module_dict_borrow(m);
    char *abs = realpath(path, NULL);
    Obj *file = abs ? str_decode(abs, (Ssize)strlen(abs), "utf-8", "surrogateescape")
                    : str_decode(path, (Ssize)strlen(path), "utf-8", "surrogateescape");
    free(abs);
    Obj *ann = dict_new();
    int rc = file && ann ? 0 : -1;
    if (rc == 0)
        rc = dict_set_str(d, "__package__", NONE);
    if (rc == 0)
        rc = dict_set_str(d, "__loader__", NONE);
    if (rc == 0)
        rc = dict_set_str(d, "__spec__", NONE);
    if (rc == 0)
        rc = dict_set_str(d, "__annotations__", ann);
    if (rc == 0)
        rc = dict_set_str(d, "__builtins__", vm->builtins_module);
    if (rc == 0)
        rc = dict_set_str(d, "__file__", file);
    if (rc == 0)
        rc = dict_set_str(d, "__cached__", NONE);
    if (rc == 0 && vm->modules)
        rc = dict_set_str(vm->modules, "__main__", m);
    XDECREF(file);
    XDECREF(ann);
    if (rc < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

/* ---- finishing ---------------------------------------------------------------------------- */

/* _PyModule_ClearDict: names starting with one underscore become None first,
 * then every name but __builtins__. */
static void clear_module_dict(Obj *d)
{
    for (int pass = 0; pass < 2; pass++) {
        Obj *keys = dict_keys_list(d);
        if (!keys) {
            vm_err_clear();
            return;
        }
        for (Ssize i = 0; i < LIST_LEN(keys); i++) {
            Obj *k = LIST_ITEMS(keys)[i];
            if (!STR_CHECK(k))
                continue;
            Ssize n = VAR_SIZE(k);
            bool under = n >= 1 && str_char(k, 0) == '_' && !(n >= 2 && str_char(k, 1) == '_');
            if (pass == 0 ? !under : str_eq_cstr(k, "__builtins__"))
                continue;
            Obj *v = dict_get_borrow(d, k);
            if (v && v != NONE && dict_set(d, k, NONE) < 0)
                vm_err_write_unraisable("Exception ignored on clearing module", NULL);
            if (vm_err_occurred())
                vm_err_write_unraisable(NULL, NULL);
        }
        DECREF(keys);
    }
}

/* The builtins as they were before the program ran (CPython's
 * interp->builtins_copy): finalisation puts them back first, so what the
 * program added to builtins is released while everything still works. */
static Obj *builtins_copy;

/* finalize_modules_delete_special: sys attributes that go first, and the
 * standard streams back to the original ones. */
static void delete_special(void)
{
    static const char *const sys_deletes[] = {
        "path", "argv", "ps1", "ps2", "last_exc", "last_type", "last_value", "last_traceback",
        "path_hooks", "path_importer_cache", "meta_path", "__interactivehook__"};
    static const char *const sys_files[][2] = {
        {"stdin", "__stdin__"}, {"stdout", "__stdout__"}, {"stderr", "__stderr__"}};
    if (vm->builtins && dict_set_str(vm->builtins, "_", NONE) < 0)
        vm_err_write_unraisable(NULL, NULL);
    if (!vm->sys)
        return;
    Obj *d = module_dict_borrow(vm->sys);
    for (size_t i = 0; i < sizeof sys_deletes / sizeof sys_deletes[0]; i++)
        if (dict_set_str(d, sys_deletes[i], NONE) < 0)
            vm_err_write_unraisable(NULL, NULL);
    for (size_t i = 0; i < sizeof sys_files / sizeof sys_files[0]; i++) {
        Obj *v = dict_get_str_borrow(d, sys_files[i][1]);
        if (dict_set_str(d, sys_files[i][0], v ? v : NONE) < 0)
            vm_err_write_unraisable(NULL, NULL);
    }
}

/* Py_FinalizeEx's module teardown, simplified: the special sys attributes
 * and the builtins the program added go first (CPython's
 * finalize_modules_delete_special and finalize_restore_builtins); from then
 * on imports fail as CPython's do once it has emptied sys.modules.
 * __main__'s globals are not cleared first: they stay intact while the
 * program's objects are finalized (a __del__ still sees the module's
 * names), as in 3.12, where __main__'s dict and everything it holds are
 * collected as one cycle.  A first full collection with __main__ still
 * imported puts the survivors in the order 3.12's collector leaves them in;
 * __main__ then goes from sys.modules, and a second collection finalizes
 * its objects in that order.  Then the other modules in reverse import
 * order, then a last collection. */
static void finalize_modules(void)
{
    if (!vm->modules)
        return;
    vm->finalizing = true;
    delete_special();
    vm_err_clear();
    if (builtins_copy && vm->builtins) {
        Obj *held = dict_copy(vm->builtins);   /* released after the restore */
        dict_clear(vm->builtins);
        if (dict_update(vm->builtins, builtins_copy) < 0)
            vm_err_write_unraisable(NULL, NULL);
        XDECREF(held);
        vm_err_clear();
    }
    CLEAR(builtins_copy);
    gc_collect_at_exit(NULL);
    vm_err_clear();
    Obj *main = dict_get_str_borrow(vm->modules, "__main__");
    if (main && IS_TYPE(main, module_type)) {
        Obj *d = INCREF(module_dict_borrow(main));
        if (dict_set_str(vm->modules, "__main__", NONE) < 0)
            vm_err_clear();
        gc_collect_at_exit(d);
        vm_err_clear();
        /* Still alive (something else holds it): cleared as 3.12 wipes a
         * module that outlived the collection. */
        clear_module_dict(d);
        DECREF(d);
    }
    Obj *mods = dict_keys_list(vm->modules);
    if (mods) {
        for (Ssize i = LIST_LEN(mods) - 1; i >= 0; i--) {
            Obj *k = LIST_ITEMS(mods)[i];
            if (str_eq_cstr(k, "__main__") || str_eq_cstr(k, "builtins") || str_eq_cstr(k, "sys"))
                continue;
            Obj *m = dict_get_borrow(vm->modules, k);
            if (m && IS_TYPE(m, module_type))
                clear_module_dict(module_dict_borrow(m));
        }
        DECREF(mods);
    }
    vm_err_clear();
    if (gc_collect(2) < 0)
        vm_err_clear();
}

/* The status of an uncaught exception (its traceback printed). */
static int report_uncaught(Obj *exc)
{
    if (type_is_subtype(OBJ_TYPE(exc), &exc_SystemExit))
        return sys_exit_status(exc);
    traceback_print_uncaught(exc);   /* through sys.excepthook */
    vm_err_clear();
    if (type_is_subtype(OBJ_TYPE(exc), &exc_KeyboardInterrupt))
        return -SIGINT;
    return 1;
}

/* ---- memory exhaustion where no MemoryError can be raised ------------------------------- */

static const char *main_path;
static void prepare_hard_line(void);

void vm_out_of_memory(size_t n)
{
    static bool inside;
    if (!inside) {
        inside = true;   /* flushing may need memory too: then only report */
        vm_err_clear();
        io_flush_std();
    }
    fflush(stdout);
    fprintf(stderr, "pydbg: %s%sout of memory (allocating %zu bytes)\n",
            main_path ? main_path : "", main_path ? ": " : "", n);
    exit(1);
}

/* How many objects python3.12's unmarshal of the program adds to the
 * collector's allocation count: its tuples the free lists (nearly full for
 * sizes 2 to 20 after start-up) cannot supply, and its non-empty sets and
 * frozensets (an object shared through a marshal reference once).  Code
 * objects and strings are not tracked by 3.12's collector. */
typedef struct SeenSet { const void **v; size_t cap, n; } SeenSet;

static bool seen_add(SeenSet *s, const void *p)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t ncap = s->cap ? 2 * s->cap : 256;
        const void **nv = xcalloc(ncap, sizeof *nv);
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->v[i]) continue;
            size_t h = ((uintptr_t)s->v[i] >> 4) & (ncap - 1);
            while (nv[h]) h = (h + 1) & (ncap - 1);
            nv[h] = s->v[i];
        }
        free(s->v);
        s->v = nv;
        s->cap = ncap;
    }
    size_t h = ((uintptr_t)p >> 4) & (s->cap - 1);
    while (s->v[h]) {
        if (s->v[h] == p) return false;
        h = (h + 1) & (s->cap - 1);
    }
    s->v[h] = p;
    s->n++;
    return true;
}

static size_t count_unmarshal_gc(const PycObj *o, SeenSet *seen, int depth)
{
    if (!o || depth > 200 || !seen_add(seen, o))
        return 0;
    size_t n = 0;
    switch ((PycKind)o->kind) {
    case PYC_CODE: {
        const CodeObj *c = o->v.code;
        n += count_unmarshal_gc(c->consts, seen, depth + 1);
        n += count_unmarshal_gc(c->names, seen, depth + 1);
        n += count_unmarshal_gc(c->localsplusnames, seen, depth + 1);
        break;
    }
    case PYC_TUPLE: case PYC_SET: case PYC_FROZENSET:
        n += o->kind == PYC_TUPLE ? (o->len == 1 || o->len > 20) : o->len > 0;
        for (uint32_t i = 0; i < o->len; i++) n += count_unmarshal_gc(o->v.items[i], seen, depth + 1);
        break;
    default:
        break;
    }
    return n;
}

int vm_main_begin(VmMain *m, const PycFile *pf)
{
    const char *path = pf->path;
    memset(m, 0, sizeof *m);
    vm->finalizing = false;   /* a run ended before (the debugger, the fuzzer) */
    main_path = path;
    diag_oom_hook = vm_out_of_memory;
    if (vm->timeout > 0)
        prepare_hard_line();   /* now with the path */
    if (setup_interpreter(path) < 0) {
        Obj *exc = vm_err_fetch();
        fprintf(stderr, "pydbg: %s: the interpreter could not start\n", path);
        if (exc) {
            traceback_print_exception(exc);
            DECREF(exc);
        }
        return 1;
    }
    Diag d;
    diag_clear(&d);
    m->code = code_load(pf->code, &d);
    if (!m->code) {
        vm_err_clear();
        diag_print(&d, path, stderr);
        return 2;
    }
    m->module = make_main(path);
    if (!m->module) {
        CLEAR(m->code);
        return 1;
    }
    SeenSet seen = {0};
    size_t unmarshalled = count_unmarshal_gc(pf->top, &seen, 0);
    free(seen.v);
    gc_start_program_counts(unmarshalled);
    vm_static_roots(&builtins_copy, 1);   /* an abandoned run leaves it */
    obj_setref(&builtins_copy, vm->builtins ? dict_copy(vm->builtins) : NULL);
    vm_err_clear();
    return 0;
}

Obj *vm_main_exec(VmMain *m)
{
    Obj *globals = module_dict_borrow(m->module);
    Obj *r = vm_run_code((CodeRtObj *)m->code, globals, globals);
    CLEAR(m->code);
    if (r) {
        DECREF(r);
        return NULL;
    }
    Obj *exc = vm_err_fetch();
    return exc ? exc : INCREF(&exc_SystemError);   /* never NULL on failure */
}

int vm_main_report(Obj *exc)
{
    if (!exc)
        return 0;
    if (!EXC_CHECK(exc))
        return 1;
    return report_uncaught(exc);
}

void (*vm_threads_shutdown_hook)(void);

int vm_main_end(VmMain *m, int status)
{
    CLEAR(m->code);
    CLEAR(m->module);
    /* threading._shutdown: the other threads finish before atexit runs */
    if (vm_threads_shutdown_hook && !vm->limit_hit) vm_threads_shutdown_hook();
    atexit_run_callbacks();
    if (io_flush_std() < 0 && status >= 0)
        status = 120;
    vm_err_clear();
    finalize_modules();
    if (io_flush_std() < 0 && status >= 0)
        status = 120;
    vm_err_clear();
    return status;
}

void vm_main_abandon(VmMain *m)
{
    /* What the program wrote so far still reaches its streams; nothing of
     * it runs again (no atexit, no finalisation). */
    vm_err_clear();
    io_flush_std();
    vm_err_clear();
    CLEAR(m->code);
    CLEAR(m->module);
}

/* ---- limits ------------------------------------------------------------------------------- */

/* The line vm_limit_report prints, made beforehand for the hard stop below
 * (no formatting in a signal handler). */
static char hard_line[512];
static size_t hard_len;
static int ticks_late;

static void prepare_hard_line(void)
{
    int n = snprintf(hard_line, sizeof hard_line,
                     "pydbg: %s%sstopped after %g seconds (--timeout %g)\n",
                     main_path ? main_path : "", main_path ? ": " : "", vm->timeout, vm->timeout);
    hard_len = n < 0 ? 0 : (size_t)n < sizeof hard_line ? (size_t)n : sizeof hard_line - 1;
}

static void on_sigalrm(int sig)
{
    (void)sig;
    if (!vm->limit_hit) {
        vm->limit_hit = VM_LIMIT_TIME;
        vm->steps_parked = vm->steps_left;
    }
    /* The eval loop stops before its next instruction.  Should this store
     * fall between the loop's load and store of steps_left, it is lost:
     * the timer repeats every 10 ms to cover that. */
    vm->steps_left = 0;
    /* Still running a second later: one native operation (a huge power, a
     * sort …) does not return.  The timeout must hold: the streams' pending
     * bytes and our line are written raw, and the process ends. */
    if (vm->limit_hit == VM_LIMIT_TIME && ++ticks_late > 100) {
        io_emergency_flush();
        if (hard_len && write(2, hard_line, hard_len) < 0)
            hard_len = 0;
        _exit(VM_LIMIT_STATUS);
    }
}

static void set_timer(double seconds)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    if (seconds > 0) {
        it.it_value.tv_sec = (time_t)seconds;
        it.it_value.tv_usec = (suseconds_t)((seconds - (double)it.it_value.tv_sec) * 1e6);
        if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
            it.it_value.tv_usec = 1;
        it.it_interval.tv_usec = 10000;
    }
    setitimer(ITIMER_REAL, &it, NULL);
}

uint64_t vm_steps(void)
{
    int64_t left = vm->limit_hit == VM_LIMIT_TIME ? vm->steps_parked : vm->steps_left;
    return vm->nsteps + (uint64_t)(vm->steps_armed - left);
}

/* Budget: max_steps more instructions (0: unlimited). */
static void arm_steps(uint64_t max_steps)
{
    vm->nsteps = vm_steps();
    vm->steps_armed = max_steps && max_steps < INT64_MAX ? (int64_t)max_steps : INT64_MAX;
    vm->steps_left = vm->steps_armed;
}

void vm_limit_set(uint64_t max_steps, double timeout)
{
    arm_steps(max_steps);
    vm->limit_hit = VM_LIMIT_NONE;
    vm->max_steps = max_steps;
    vm->timeout = timeout;
    ticks_late = 0;
    if (timeout > 0) {
        prepare_hard_line();
        /* No SA_RESTART: a blocking read or sleep returns EINTR and looks at
         * vm->limit_hit. */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sigalrm;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        set_timer(timeout);
    }
}

void vm_limit_clear(void)
{
    if (vm->timeout > 0) {
        set_timer(0);
        signal(SIGALRM, SIG_DFL);
    }
    arm_steps(0);
    vm->max_steps = 0;
    vm->timeout = 0;
    vm->limit_hit = VM_LIMIT_NONE;
    vm->killing = false;
}

int vm_limit_hit(void)
{
    return vm->limit_hit;
}

int vm_limit_check(void)
{
    if (!vm->limit_hit)
        return 0;
    /* The program cannot catch what ends it: no handler runs while killing,
     * and no further instruction (a finaliser's) runs at all.  SystemExit(124)
     * is what would end the process if anything got past. */
    vm->killing = true;
    vm->steps_left = 0;
    if (!vm_err_occurred() || !vm_err_matches(&exc_SystemExit)) {
        Obj *code = int_from_i64(VM_LIMIT_STATUS);
        if (code) {
            vm_err_set_obj(&exc_SystemExit, code);
            DECREF(code);
        }
        if (!vm_err_occurred())
            vm_err_no_memory();
    }
    return -1;
}

int vm_limit_stop(void)
{
    vm->steps_left++;   /* the instruction about to run does not */
    if (!vm->limit_hit)
        vm->limit_hit = VM_LIMIT_STEPS;
    return vm_limit_check();
}

void vm_limit_report(const char *path)
{
    fflush(stdout);
    if (vm->limit_hit == VM_LIMIT_TIME)
        fprintf(stderr, "pydbg: %s: stopped after %g seconds (--timeout %g)\n", path,
                vm->timeout, vm->timeout);
    else
        fprintf(stderr, "pydbg: %s: stopped after %llu instructions (--max-steps %llu)\n", path,
                (unsigned long long)vm->max_steps, (unsigned long long)vm->max_steps);
}

/* ---- the C stack's last line of defence -------------------------------------------------- */

/* Native code that recurses on the program's data checks vm_c_stack_low;
 * for a path that does not, the overflow is recognised by its address (just
 * below the stack's limit) in a SIGSEGV handler on an alternate stack. */
static uintptr_t segv_top;
static uintptr_t segv_size;
static struct sigaction segv_old;
static char segv_line[512];
static size_t segv_len;
static void (*volatile segv_cleanup)(void);

void vm_guard_c_stack_cleanup(void (*fn)(void))
{
    segv_cleanup = fn;
}

static void on_sigsegv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    uintptr_t a = (uintptr_t)si->si_addr;
    bool fault = si->si_code > 0;   /* not sent by kill(2) or raise(3) */
    if (fault && a < segv_top && segv_top - a > segv_size / 2 &&
        segv_top - a < segv_size + (1u << 20)) {
        void (*cleanup)(void) = segv_cleanup;
        if (cleanup)
            cleanup();   /* the TUI's terminal first: the line must be seen */
        io_emergency_flush();
        if (write(2, segv_line, segv_len) < 0)
            segv_len = 0;
        _exit(1);
    }
    /* Not an overflow: a bug in pydbg.  The fault repeats under the
     * action that was there before (the default, a sanitizer's, the TUI's);
     * a signal someone sent is sent again (delivered when we return). */
    sigaction(SIGSEGV, &segv_old, NULL);
    if (!fault)
        raise(SIGSEGV);
}

void vm_guard_c_stack(const char *path)
{
    static char altstack[256 << 10];
    char here;
    struct rlimit rl;
    segv_size = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        segv_size = (uintptr_t)rl.rlim_cur;
    /* The first call is the nearest to the stack's top (the front end, before
     * it runs anything); later ones (each debugger `run`) keep it. */
    if (!segv_top || (uintptr_t)&here > segv_top)
        segv_top = (uintptr_t)&here;
    int n = snprintf(segv_line, sizeof segv_line,
                     "pydbg: %s: stopped: the C stack is exhausted (a native operation nested "
                     "too deeply)\n", path);
    segv_len = n < 0 ? 0 : (size_t)n < sizeof segv_line ? (size_t)n : sizeof segv_line - 1;
    /* Installed already (another run of the debugger): keep the action it
     * saved, or a fault that is no overflow would come back to us forever.
     * Someone else's handler since (the TUI's, which restores the terminal
     * but cannot run on an exhausted stack) is put behind ours. */
    struct sigaction cur;
    if (sigaction(SIGSEGV, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) &&
        cur.sa_sigaction == on_sigsegv)
        return;
    stack_t ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = altstack;
    ss.ss_size = sizeof altstack;
    if (sigaltstack(&ss, NULL) < 0)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsegv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &segv_old);
}

/* ---- the whole run ------------------------------------------------------------------------ */

int vm_run_main(const PycFile *pf)
{
    VmMain m;
    vm_guard_c_stack(pf->path);
    int status = vm_main_begin(&m, pf);
    if (status)
        return status;
    Obj *exc = vm_main_exec(&m);
    if (vm->limit_hit) {
        /* Stopped by --max-steps/--timeout: what the program wrote so far
         * reaches its streams, then one line of ours; nothing else runs. */
        XDECREF(exc);
        set_timer(0);
        vm_main_abandon(&m);
        vm_limit_report(pf->path);
        vm_fini();
        return VM_LIMIT_STATUS;
    }
    status = vm_main_report(exc);
    XDECREF(exc);
    status = vm_main_end(&m, status);
    vm_fini();
    if (status == -SIGINT) {
        /* Like CPython: die by the signal so the parent sees it. */
        signal(SIGINT, SIG_DFL);
        kill(getpid(), SIGINT);
        status = 128 + SIGINT;
    }
    return status;
}
