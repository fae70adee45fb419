/* fuzz_vm.c — libFuzzer target: mutated 3.12 code objects through the
 * loader, the verifier and the VM.
 *
 * The first input byte picks the form: even = a .pyc (header, then
 * marshal), odd = a bare marshalled code object read as 3.12.  A 3.12 module
 * code object is then run as __main__ exactly as `pydbg --run` runs it
 * (vm_main_begin: the builtins, sys and io are made afresh, the code object
 * is verified; vm_main_exec; report; end), with an instruction budget
 * (--max-steps) so infinite loops end.  What the harness adds, and why:
 *
 *  - No state accumulates between inputs: sys.modules starts empty, the
 *    recursion limit and the limits are reset, and afterwards the VM must
 *    be back at rest (no frame, depth 0, C depth 0, no pending exception) —
 *    anything else aborts, as a finding.
 *  - The loaded file is freed only when no runtime code object made from it
 *    survives the run (vm_code_hook keeps a reference to each); a survivor
 *    (held by some native cache) keeps its file, which is then never freed.
 *  - The program runs in a scratch directory and gets its cwd and fds 0-2
 *    back afterwards; stdin is /dev/null; time.sleep never really sleeps
 *    (its argument checks still run) so a mutated constant cannot hang it.
 *  - Memory: allocations above FUZZ_VM_MAX_ALLOC_MB fail (ASan's
 *    max_allocation_size_mb with allocator_may_return_null), so huge
 *    requests exercise the MemoryError paths instead of ending the run.
 *  Run it with -close_fd_mask=3 (tests/fuzz/run.sh does): the program's
 *  output then goes to /dev/null while libFuzzer keeps its own stderr.
 *  Files the program writes stay in the scratch directory; run.sh runs the
 *  target as an unprivileged user when started as root.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pydbg/pyc.h"
#include "pydbg/vm.h"

#ifndef FUZZ_VM_STEPS
#define FUZZ_VM_STEPS 200000
#endif
#ifndef FUZZ_VM_MAX_ALLOC_MB
#define FUZZ_VM_MAX_ALLOC_MB 256
#endif
#define STR(x) #x
#define XSTR(x) STR(x)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

const char *__asan_default_options(void)
{
    return "detect_leaks=0:allocator_may_return_null=1:max_allocation_size_mb=" XSTR(FUZZ_VM_MAX_ALLOC_MB);
}

static int scratch_fd = -1;
static int saved_fd[3] = {-1, -1, -1};
static char *fake_argv[] = {"fuzz.pyc", NULL};

/* ---- runtime code objects made from the current input ---------------------------- */

static Obj **codes;
static size_t ncodes, codes_cap;
/* Files whose code objects outlived their run (kept reachable: not a leak). */
static PycFile **kept_files;
static size_t nkept;
static Obj **kept_codes;   /* references held forever (see release_codes) */
static size_t nkept_codes;

static void keep_code(CodeRtObj *co)
{
    if (ncodes == codes_cap) {
        codes_cap = codes_cap ? codes_cap * 2 : 64;
        codes = realloc(codes, codes_cap * sizeof *codes);
        if (!codes)
            abort();
    }
    codes[ncodes++] = INCREF(co);
}

/* References to codes[i] from the co_consts of the others. */
static Ssize internal_refs(size_t i)
{
    Ssize n = 0;
    for (size_t j = 0; j < ncodes; j++) {
        Obj *consts = ((CodeRtObj *)codes[j])->consts;
        if (!consts)
            continue;
        for (Ssize k = 0; k < VAR_SIZE(consts); k++)
            if (TUPLE_ITEMS(consts)[k] == codes[i])
                n++;
    }
    return n;
}

/* True when the code objects made from the input are referenced only by us
 * and by each other's co_consts; then they are released.  Otherwise they
 * (and the file) stay. */
static bool release_codes(void)
{
    for (size_t i = 0; i < ncodes; i++)
        if (codes[i]->refcnt > 1 + internal_refs(i)) {
            if (getenv("FUZZ_VM_STATS"))
                for (size_t j = 0; j < ncodes; j++)
                    fprintf(stderr, "fuzz_vm: code %s refcnt %ld\n",
                            str_utf8_lossy(((CodeRtObj *)codes[j])->qualname, NULL),
                            (long)codes[j]->refcnt);
            /* Our references stay, reachable, with the file (keep_file). */
            Obj **k = realloc(kept_codes, (nkept_codes + ncodes) * sizeof *k);
            if (!k)
                abort();
            kept_codes = k;
            memcpy(kept_codes + nkept_codes, codes, ncodes * sizeof *k);
            nkept_codes += ncodes;
            ncodes = 0;
            return false;
        }
    for (size_t i = 0; i < ncodes; i++)
        DECREF(codes[i]);
    ncodes = 0;
    return true;
}

/* ---- time.sleep that does not sleep -------------------------------------------------- */

static Obj *real_sleep;

static Obj *quick_sleep(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (nargs == 1 && !kwnames) {
        double d = -1;
        int ovf = 0;
        if (IS_TYPE(args[0], float_type))
            d = float_as_double(args[0]);
        else if (IS_TYPE(args[0], int_type))
            d = int_as_double(args[0], &ovf);
        if (!ovf && d > 0 && d < 9e9) {   /* larger values raise OverflowError */
            Obj *zero = float_from_double(0.0);
            if (!zero)
                return NULL;
            Obj *r = obj_call(real_sleep, &zero, 1, NULL);
            DECREF(zero);
            return r;
        }
    }
    return obj_call(real_sleep, args, nargs, kwnames);
}

static const MethodDef quick_sleep_def = {"sleep", quick_sleep, METH_FAST, NULL};

static void patch_time_module(void)
{
    Obj *name = str_from_cstr("time");
    Obj *mod = name ? import_name(name, vm->builtins, NULL, 0) : NULL;
    XDECREF(name);
    if (mod) {
        CLEAR(real_sleep);
        real_sleep = obj_getattr_str(mod, "sleep");
        Obj *fn = real_sleep ? builtin_new(&quick_sleep_def, NULL, NULL) : NULL;
        if (!fn || obj_setattr(mod, id_str("sleep"), fn) < 0)
            abort();   /* the harness itself must work */
        DECREF(fn);
        DECREF(mod);
    }
    vm_err_clear();
}

/* ---- the run ----------------------------------------------------------------------------- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char dir[] = "/tmp/fuzz_vm.XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) < 0)
        abort();
    scratch_fd = open(".", O_RDONLY | O_DIRECTORY);
    int null = open("/dev/null", O_RDWR);
    if (scratch_fd < 0 || null < 0)
        abort();
    dup2(null, 0);
    close(null);
    if (vm_init(PYV(3, 12), 1, fake_argv, "fuzz.pyc") < 0)
        abort();
    vm_code_hook = keep_code;
    return 0;
}

static void keep_file(PycFile *f)
{
    PycFile **k = realloc(kept_files, (nkept + 1) * sizeof *k);
    if (!k)
        abort();
    kept_files = k;
    kept_files[nkept++] = f;
    if (getenv("FUZZ_VM_STATS"))   /* how often the harness cannot free an input */
        fprintf(stderr, "fuzz_vm: %zu files kept alive by surviving code objects\n", nkept);
}

static void run_main(const PycFile *f)
{
    struct sigaction old_int;
    sigaction(SIGINT, NULL, &old_int);   /* vm_main_begin installs its own */
    CLEAR(vm->modules);                  /* sys_init makes a fresh sys.modules */
    vm->recursion_limit = 1000;
    vm_limit_set(FUZZ_VM_STEPS, 0);      /* no timer: SIGALRM is libFuzzer's */
    VmMain m;
    int status = vm_main_begin(&m, f);
    if (status == 0) {
        patch_time_module();
        Obj *exc = vm_main_exec(&m);
        if (vm_limit_hit()) {
            XDECREF(exc);
            vm_main_abandon(&m);
        } else {
            status = vm_main_report(exc);
            XDECREF(exc);
            vm_main_end(&m, status);
        }
    }
    /* Drop what the program left behind while the limit (if hit) still
     * stops any finaliser at its first instruction. */
    CLEAR(real_sleep);
    CLEAR(vm->modules);
    /* sys (sys.last_exc with its frames, sys.modules …) is made afresh by the
     * next run; empty it now so what it holds can be freed. */
    if (vm->sys)
        dict_clear(module_dict_borrow(vm->sys));
    /* The preallocated MemoryError keeps its last traceback (frames, so
     * code objects) until it is raised again: raising it clears that. */
    vm_err_no_memory();
    vm_err_clear();
    gc_collect(2);
    vm_err_clear();
    vm_limit_clear();
    sigaction(SIGINT, &old_int, NULL);
    if (vm->frame || vm->depth || vm->c_depth || vm->exc) {
        fprintf(stderr, "fuzz_vm: VM not at rest after the run: frame %p depth %d c_depth %d exc %p\n",
                (void *)vm->frame, vm->depth, vm->c_depth, (void *)vm->exc);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (saved_fd[0] < 0)   /* now, after libFuzzer's -close_fd_mask took effect */
        for (int fd = 0; fd < 3; fd++)
            saved_fd[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 100);
    Diag d;
    diag_clear(&d);
    PycFile *f = pyc_load_bytes(data + 1, size - 1, "fuzz.pyc", data[0] & 1 ? PYV(3, 12) : 0, &d);
    if (!f)
        return 0;
    if (f->ver == PYV(3, 12) && f->code) {
        run_main(f);
        if (fchdir(scratch_fd) < 0)
            abort();
        for (int fd = 0; fd < 3; fd++)
            dup2(saved_fd[fd], fd);
        if (!release_codes()) {
            keep_file(f);   /* still referenced: the file must stay */
            return 0;
        }
    }
    pyc_free(f);
    return 0;
}
