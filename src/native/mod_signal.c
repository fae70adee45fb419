/* mod_signal.c — the `signal` module of CPython 3.12, natively.
 *
 * The Signals, Handlers and Sigmasks IntEnums, signal()/getsignal() with
 * CPython's checks, messages and returned previous handlers (SIGINT starts
 * with default_int_handler, SIGPIPE and SIGXFSZ ignored as CPython sets
 * them), raise_signal, strsignal, valid_signals and alarm.  SIG_IGN and
 * SIG_DFL change the process's real disposition.  A Python handler runs
 * when the program raises its signal with raise_signal(); a SIGINT from
 * outside still becomes KeyboardInterrupt, and other signals from outside
 * with a Python handler are absorbed (the VM has no point where it could
 * run the handler between two instructions).  Under --timeout the
 * SIGALRM timer belongs to pydbg: alarm() then arms nothing and a SIGALRM
 * handler is only recorded.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

#define N_SIG 65

static Obj *handlers[N_SIG];     /* Python-level handlers (ints 0/1 for SIG_DFL/SIG_IGN) */
static Obj *signals_enum, *handlers_enum, *default_int_fn;
static struct sigaction vm_sigint;   /* the VM's own SIGINT action (KeyboardInterrupt) */
static bool vm_sigint_saved;
static volatile sig_atomic_t pending[N_SIG];

static const struct {
    const char *name;
    int num;
} signal_names[] = {
    {"SIGHUP", SIGHUP},       {"SIGINT", SIGINT},       {"SIGQUIT", SIGQUIT},   {"SIGILL", SIGILL},
    {"SIGTRAP", SIGTRAP},     {"SIGABRT", SIGABRT},     {"SIGIOT", SIGIOT},     {"SIGBUS", SIGBUS},
    {"SIGFPE", SIGFPE},       {"SIGKILL", SIGKILL},     {"SIGUSR1", SIGUSR1},   {"SIGSEGV", SIGSEGV},
    {"SIGUSR2", SIGUSR2},     {"SIGPIPE", SIGPIPE},     {"SIGALRM", SIGALRM},   {"SIGTERM", SIGTERM},
#ifdef SIGSTKFLT
    {"SIGSTKFLT", SIGSTKFLT},
#endif
    {"SIGCHLD", SIGCHLD},     {"SIGCLD", SIGCHLD},      {"SIGCONT", SIGCONT},   {"SIGSTOP", SIGSTOP},
    {"SIGTSTP", SIGTSTP},     {"SIGTTIN", SIGTTIN},     {"SIGTTOU", SIGTTOU},   {"SIGURG", SIGURG},
    {"SIGXCPU", SIGXCPU},     {"SIGXFSZ", SIGXFSZ},     {"SIGVTALRM", SIGVTALRM}, {"SIGPROF", SIGPROF},
    {"SIGWINCH", SIGWINCH},   {"SIGIO", SIGIO},         {"SIGPOLL", SIGIO},
#ifdef SIGPWR
    {"SIGPWR", SIGPWR},
#endif
    {"SIGSYS", SIGSYS},
};

static void on_python_signal(int sig)
{
    if (sig > 0 && sig < N_SIG) pending[sig] = 1;
}

static Obj *os_error(int err)
{
    Obj *e = int_from_i64(err), *msg = str_from_cstr(strerror(err));
    Obj *x = e && msg ? obj_call((Obj *)&exc_OSError, (Obj *[]){e, msg}, 2, NULL) : NULL;
    XDECREF(e);
    XDECREF(msg);
    if (x) vm_err_restore(x);
    return NULL;
}

/* _int_to_enum: klass(value), or value itself when it is no member */
static Obj *to_enum(Obj *value, Obj *klass)
{
    if (!INT_CHECK(value)) return INCREF(value);
    Obj *r = obj_call(klass, &value, 1, NULL);
    if (!r && vm_err_matches(&exc_ValueError)) {
        vm_err_clear();
        r = INCREF(value);
    }
    return r;
}

static int signum_arg(Obj *o, int *out)
{
    Ssize n = mh_as_ssize(o);
    if (n == -1 && vm_err_occurred()) return -1;
    if (n < 1 || n >= N_SIG) {
        vm_err_set_str(&exc_ValueError, "signal number out of range");
        return -1;
    }
    *out = (int)n;
    return 0;
}

static Obj *handler_of(int sig)
{
    if (handlers[sig]) return INCREF(handlers[sig]);
    if (sig == SIGINT) return INCREF(default_int_fn);
    return int_from_i64(sig == SIGPIPE || sig == SIGXFSZ ? 1 : 0);
}

static Obj *sg_getsignal(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"signalnum"};
    Obj *v[1];
    int sig;
    if (mh_bind("getsignal", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0 || signum_arg(v[0], &sig) < 0) return NULL;
    Obj *h = handler_of(sig);
    Obj *r = h ? to_enum(h, handlers_enum) : NULL;
    XDECREF(h);
    return r;
}

static Obj *sg_signal(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"signalnum", "handler"};
    Obj *v[2];
    int sig;
    if (mh_bind("signal", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0 || signum_arg(v[0], &sig) < 0) return NULL;
    Obj *h = v[1];
    int64_t hv = -1;
    if (INT_CHECK(h)) {
        Obj *iv = num_index(h);
        if (!iv || !int_fits_i64(iv) || int_as_i64(iv, &hv) < 0) hv = -1;
        XDECREF(iv);
        vm_err_clear();
    }
    bool callable = OBJ_TYPE(h)->call != NULL;
    if (hv != 0 && hv != 1 && !callable) {
        vm_err_set_str(&exc_TypeError,
                       "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object");
        return NULL;
    }
    /* under --timeout, SIGALRM is pydbg's own stop signal: record the
     * handler, leave the disposition alone */
    bool keep_os = sig == SIGALRM && vm->timeout > 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (hv == 1) sa.sa_handler = SIG_IGN;
    else if (hv == 0) sa.sa_handler = SIG_DFL;
    else if (sig == SIGINT && vm_sigint_saved) sa = vm_sigint;
    else sa.sa_handler = on_python_signal;
    if (!keep_os && sigaction(sig, &sa, NULL) < 0) return os_error(errno);
    Obj *old = handler_of(sig);
    if (!old) return NULL;
    Obj *stored = hv == 0 || hv == 1 ? int_from_i64(hv) : INCREF(h);
    if (!stored) {
        DECREF(old);
        return NULL;
    }
    obj_setref(&handlers[sig], stored);
    Obj *r = to_enum(old, handlers_enum);
    DECREF(old);
    return r;
}

static Obj *sg_default_int_handler(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    (void)nargs;
    (void)kw;
    vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
    return NULL;
}

static Obj *sg_raise_signal(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("raise_signal", "raise_signal", nargs, kw, 1, 1) < 0) return NULL;
    Ssize n = mh_as_ssize(args[0]);
    if (n == -1 && vm_err_occurred()) return NULL;
    if (n < 1 || n >= N_SIG) return os_error(EINVAL);
    int sig = (int)n;
    Obj *h = handler_of(sig);
    if (!h) return NULL;
    if (INT_CHECK(h)) {
        bool ignored = int_sign(h) != 0;
        DECREF(h);
        if (!ignored) raise(sig);   /* SIG_DFL: what the signal does to the process */
        return INCREF(NONE);
    }
    Obj *sys = import_name(id_str("sys"), NULL, NULL, 0);
    Obj *gf = sys ? obj_getattr_str(sys, "_getframe") : NULL;
    Obj *frame = gf ? obj_call(gf, NULL, 0, NULL) : NULL;
    XDECREF(sys);
    XDECREF(gf);
    if (!frame) {
        vm_err_clear();
        frame = INCREF(NONE);
    }
    Obj *num = int_from_i64(sig);
    Obj *r = num ? obj_call(h, (Obj *[]){num, frame}, 2, NULL) : NULL;
    XDECREF(num);
    DECREF(frame);
    DECREF(h);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *sg_strsignal(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    int sig;
    if (mh_pos_args("strsignal", "strsignal", nargs, kw, 1, 1) < 0 || signum_arg(args[0], &sig) < 0) return NULL;
    const char *t = strsignal(sig);
    if (!t || !strncmp(t, "Unknown signal", 14) || !strncmp(t, "Real-time signal", 16)) return INCREF(NONE);
    return str_from_cstr(t);
}

static Obj *sg_valid_signals(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_no_args("valid_signals", nargs, kw) < 0) return NULL;
    Obj *set = set_new(NULL);
    sigset_t all;
    sigfillset(&all);
    for (int sig = 1; set && sig < N_SIG; sig++) {
        if (sigismember(&all, sig) != 1) continue;
        Obj *n = int_from_i64(sig), *e = n ? to_enum(n, signals_enum) : NULL;
        if (!e || set_add(set, e) < 0) CLEAR(set);
        XDECREF(n);
        XDECREF(e);
    }
    return set;
}

static Obj *sg_alarm(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("alarm", "alarm", nargs, kw, 1, 1) < 0) return NULL;
    Ssize n = mh_as_ssize(args[0]);
    if (n == -1 && vm_err_occurred()) return NULL;
    if (vm->timeout > 0) return int_from_i64(0);   /* the timer is --timeout's */
    return int_from_i64(alarm((unsigned)n));
}

static const MethodDef signal_methods[] = {
    {"signal", sg_signal, METH_FAST, "Set the action for the given signal."},
    {"getsignal", sg_getsignal, METH_FAST, "Return the current action for the given signal."},
    {"default_int_handler", sg_default_int_handler, METH_FAST, "The default handler for SIGINT installed by Python."},
    {"raise_signal", sg_raise_signal, METH_FAST, "Send a signal to the executing process."},
    {"strsignal", sg_strsignal, METH_FAST, "Return the system description of the given signal."},
    {"valid_signals", sg_valid_signals, METH_FAST, "Return a set of valid signal numbers on this platform."},
    {"alarm", sg_alarm, METH_FAST, "Arrange for SIGALRM to arrive after the given number of seconds."},
    {NULL, NULL, 0, NULL},
};

/* IntEnum(name, [(member, value), …]) placed in the signal module */
static Obj *int_enum(const char *name, const char *const *names, const int *values, int n)
{
    Obj *enm = import_name(id_str("enum"), NULL, NULL, 0);
    Obj *cls = enm ? obj_getattr_str(enm, "IntEnum") : NULL;
    XDECREF(enm);
    Obj *members = cls ? list_new(0) : NULL;
    for (int i = 0; members && i < n; i++) {
        Obj *k = str_from_cstr(names[i]), *v = int_from_i64(values[i]);
        Obj *p = k && v ? tuple_pack(2, k, v) : NULL;
        if (!p || list_append(members, p) < 0) CLEAR(members);
        XDECREF(k);
        XDECREF(v);
        XDECREF(p);
    }
    Obj *nm = members ? str_from_cstr(name) : NULL;
    Obj *r = nm ? obj_call(cls, (Obj *[]){nm, members}, 2, NULL) : NULL;
    XDECREF(cls);
    XDECREF(members);
    XDECREF(nm);
    Obj *mod = r ? str_from_cstr("signal") : NULL;
    if (r && (!mod || obj_setattr_str(r, "__module__", mod) < 0)) CLEAR(r);
    XDECREF(mod);
    return r;
}

static int cmp_signal(const void *a, const void *b)
{
    const int *x = a, *y = b;
    if (x[1] != y[1]) return x[1] - y[1];
    return strcmp(signal_names[x[0]].name, signal_names[y[0]].name);
}

static Obj *signal_init(void)
{
    Obj *m = mh_module("signal", signal_methods);
    if (!m) return NULL;
    if (!vm_sigint_saved && sigaction(SIGINT, NULL, &vm_sigint) == 0) vm_sigint_saved = true;
    if (!default_int_fn) default_int_fn = xincref(dict_get_str_borrow(module_dict_borrow(m), "default_int_handler"));
    if (!signals_enum) {
        /* members by value, then name: the first name of a value is canonical (SIGABRT, not SIGIOT) */
        enum { NS = sizeof signal_names / sizeof signal_names[0] };
        int order[NS + 2][2];
        const char *names[NS + 2];
        int values[NS + 2];
        for (int i = 0; i < NS; i++) order[i][0] = i, order[i][1] = signal_names[i].num;
        qsort(order, NS, sizeof order[0], cmp_signal);
        int n = 0;
        for (int i = 0; i < NS; i++) names[n] = signal_names[order[i][0]].name, values[n++] = order[i][1];
        names[n] = "SIGRTMIN", values[n++] = SIGRTMIN;
        names[n] = "SIGRTMAX", values[n++] = SIGRTMAX;
        static const char *const hnames[] = {"SIG_DFL", "SIG_IGN"};
        static const int hvals[] = {0, 1};
        if (!(signals_enum = int_enum("Signals", names, values, n)) ||
            !(handlers_enum = int_enum("Handlers", hnames, hvals, 2)))
            goto fail;
    }
    static const char *const mnames[] = {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"};
    static const int mvals[] = {SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK};
    Obj *masks = int_enum("Sigmasks", mnames, mvals, 3);
    if (module_add(m, "Sigmasks", masks) < 0) goto fail;
    if (mh_add_obj(m, "Signals", signals_enum) < 0 || mh_add_obj(m, "Handlers", handlers_enum) < 0 ||
        module_add(m, "NSIG", int_from_i64(N_SIG)) < 0)
        goto fail;
    /* every member of the three enums as a module attribute */
    Obj *enums[3] = {signals_enum, handlers_enum, masks};
    for (int e = 0; e < 3; e++) {
        Obj *mm = obj_getattr_str(enums[e], "__members__");
        Obj *items = mm ? obj_call_method(mm, "items", NULL, 0) : NULL;
        Obj *lst = items ? seq_to_list(items) : NULL;
        XDECREF(mm);
        XDECREF(items);
        if (!lst) goto fail;
        for (Ssize i = 0; i < LIST_LEN(lst); i++) {
            Obj *pair = LIST_ITEMS(lst)[i];
            if (dict_set(module_dict_borrow(m), TUPLE_ITEMS(pair)[0], TUPLE_ITEMS(pair)[1]) < 0) {
                DECREF(lst);
                goto fail;
            }
        }
        DECREF(lst);
    }
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_signal_register(void)
{
    vm_static_roots(handlers, N_SIG);
    vm_static_roots(&signals_enum, 1);
    vm_static_roots(&handlers_enum, 1);
    vm_static_roots(&default_int_fn, 1);
    import_register_native("signal", signal_init);
}
