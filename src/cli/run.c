/* run.c — `--run FILE [ARGS…]`: load the program and hand it to the VM.
 *
 * The file must be a CPython 3.12 .pyc (the only version the VM runs for
 * now; others are refused with one line and status 2).  sys.argv is
 * [FILE, ARGS…] exactly as given; the exit status is the program's.
 */
#include "config.h"

#include "pydbg/vm.h"
#include "src/cli/cli.h"

int cli_run(const char *path, const CliOptions *o, int argc, char **argv)
{
    Diag d;
    diag_clear(&d);
    PycFile *f = pyc_load_file(path, o->force_ver, &d);
    if (!f) {
        diag_print(&d, path, stderr);
        return 2;
    }
    if (f->ver != PYV(3, 12)) {
        fprintf(stderr, "pydbg: %s: cannot run Python %d.%d bytecode yet (--run supports 3.12)\n",
                path, PYV_MAJOR(f->ver), PYV_MINOR(f->ver));
        pyc_free(f);
        return 2;
    }
    if (!f->code) {
        fprintf(stderr, "pydbg: %s: the file holds no code object to run\n", path);
        pyc_free(f);
        return 2;
    }
    fflush(stdout);
    if (vm_init(f->ver, argc, argv, path) < 0) {
        fprintf(stderr, "pydbg: %s: the interpreter could not start\n", path);
        return 1;
    }
    /* --max-steps / --timeout count from here (vm_run_main reports a stop). */
    vm_limit_set(o->max_steps, o->timeout);
    /* The loaded file stays alive with the VM: code objects point into it. */
    return vm_run_main(f);
}
