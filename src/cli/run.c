/* run.c — `--run FILE [ARGS…]`: load the program and hand it to the VM.
 * (placeholder until the VM lands: reports that execution is unavailable) */
#include "config.h"

#include "src/cli/cli.h"

int cli_run(const char *path, const CliOptions *o, int argc, char **argv)
{
    (void)o; (void)argc; (void)argv;
    fprintf(stderr, "pydbg: %s: running programs is not available yet\n", path);
    return 2;
}
