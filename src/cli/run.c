/* run.c — `--run FILE [ARGS…]`: load the program and hand it to the VM.
 *
 * The file must be a CPython 3.12 .pyc (the only version the VM runs for
 * now; others are refused with one line and status 2).  sys.argv is
 * [FILE, ARGS…] exactly as given; the exit status is the program's.
 */
#include "config.h"

#include "pydbg/vm.h"
#include "src/cli/cli.h"

int cli_start_program(PycFile *f, const char *path, const char *mode, int argc, char **argv)
{
    if (f->ver != PYV(3, 12)) {
        fprintf(stderr, "pydbg: %s: cannot run Python %d.%d bytecode yet (%s supports 3.12)\n",
                path, PYV_MAJOR(f->ver), PYV_MINOR(f->ver), mode);
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
    return 0;
}

PycFile *cli_load_program(const char *path, const CliOptions *o, const char *mode, int argc,
                          char **argv, int *status)
{
    Diag d;
    diag_clear(&d);
    PycFile *f = pyc_load_file(path, o->force_ver, &d);
    if (!f) {
        diag_print(&d, path, stderr);
        *status = 2;
        return NULL;
    }
    *status = cli_start_program(f, path, mode, argc, argv);
    if (*status)
        return NULL;
    /* --max-steps / --timeout count from here (vm_run_main reports a stop). */
    vm_limit_set(o->max_steps, o->timeout);
    return f;
}

int cli_run(const char *path, const CliOptions *o, int argc, char **argv)
{
    int status;
    PycFile *f = cli_load_program(path, o, "--run", argc, argv, &status);
    if (!f)
        return status;
    /* The loaded file stays alive with the VM (code objects point into it);
     * vm_run_main released the VM at its end. */
    status = vm_run_main(f);
    pyc_free(f);
    return status;
}
