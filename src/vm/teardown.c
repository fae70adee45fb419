/* teardown.c — releasing what a run of a program left in the VM.
 *
 * After the program ends the way CPython's does (vm_main_end: atexit
 * callbacks, flushing, module clearing, a collection — the observable
 * part), vm_teardown releases everything else the run made: every module
 * and its dict, sys, builtins, the classes and constants native modules
 * built and cached in static slots (vm_static_roots), the last exception
 * and its frames, and then collects the cycles that remain.  No Python
 * code runs any more by then (the VM is in its `killing` state: a __del__
 * or a weakref callback stops at its first instruction, silently), so the
 * teardown changes nothing a program can see; it only gives the memory
 * back.  What stays for the life of the process is what no run owns: the
 * static types and their dicts, interned strings, the small-integer,
 * one-character and one-byte caches.
 *
 * Two users: the end of the process (pydbg --run, --trace, the debugger,
 * so LeakSanitizer can tell a leak from memory still in use), and the
 * debugger's `run` restart, which must start from the state a new
 * python3.12 process starts from (a class registered with an ABC of
 * collections.abc in one run is not registered in the next).
 */
#include "config.h"

#include <stdlib.h>

#include "src/vm/vmint.h"

/* ---- static slots of native code ---------------------------------------------------- */

typedef struct Roots { Obj **slots; size_t n; } Roots;
static Roots *roots;
static size_t nroots, roots_cap;

void vm_static_roots(Obj **slots, size_t n)
{
    for (size_t i = 0; i < nroots; i++)
        if (roots[i].slots == slots)
            return;
    if (nroots == roots_cap) {
        roots_cap = roots_cap ? 2 * roots_cap : 64;
        roots = xrealloc(roots, roots_cap * sizeof *roots);
    }
    roots[nroots].slots = slots;
    roots[nroots].n = n;
    nroots++;
}

/* Latest registered first: a cache made from another's objects goes before
 * them.  The registrations stay, for the next run to fill again. */
static void release_roots(void)
{
    for (size_t i = nroots; i-- > 0;)
        for (size_t k = roots[i].n; k-- > 0;)
            CLEAR(roots[i].slots[k]);
}

/* ---- the modules -------------------------------------------------------------------- */

/* Every module's dict emptied (breaking the cycles through functions'
 * globals at once), then sys.modules itself. */
static void release_modules(void)
{
    if (vm->modules && DICT_CHECK(vm->modules)) {
        Obj *mods = dict_values_list(vm->modules);
        if (mods) {
            for (Ssize i = LIST_LEN(mods) - 1; i >= 0; i--) {
                Obj *m = LIST_ITEMS(mods)[i];
                if (IS_TYPE(m, module_type) && m != vm->sys && m != vm->builtins_module)
                    dict_clear(module_dict_borrow(m));
            }
            DECREF(mods);
        }
        vm_err_clear();
        dict_clear(vm->modules);
    }
    CLEAR(vm->modules);
    /* sys last: its streams are what a dealloc above may still write to. */
    if (vm->sys)
        dict_clear(module_dict_borrow(vm->sys));
    if (vm->builtins)
        dict_clear(vm->builtins);
}

static void collect_all(void)
{
    for (int i = 0; i < 8; i++) {
        Ssize n = gc_collect(2);
        vm_err_clear();
        if (n <= 0)
            break;
    }
}

void vm_teardown(void)
{
    /* From here no Python code runs: as after a limit or a `kill`, the eval
     * loop stops a __del__ or a callback before its first instruction, and
     * what that raises is not reported. */
    vm->killing = true;
    vm->limit_hit = VM_LIMIT_STEPS;
    vm->steps_left = 0;
    vm_err_clear();
    CLEAR(vm->handled);
    release_modules();
    collect_all();
    release_roots();
    collect_all();
    CLEAR(vm->sys);
    CLEAR(vm->builtins_module);
    CLEAR(vm->builtins);
    CLEAR(vm->main_dir);
    collect_all();
    vm_err_clear();
    vm_limit_clear();
    frame_pool_drain();
    vm->finalizing = false;
}

void vm_fini(void)
{
    vm_teardown();
    import_release_files();
}
