/* cli.h — the command-line front end's entry points (one per mode).
 *
 * main.c parses argv and calls exactly one of these; each returns the
 * process exit status (0 ok, 1 failure reported by the program, 2 bad input
 * or usage).
 */
#ifndef PYDBG_CLI_H
#define PYDBG_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "pydbg/pyc.h"

typedef struct CliOptions {
    PyVer force_ver;     /* --bytecode-version: the file is a bare marshalled code object */
    int show_caches;     /* --show-caches */
    int show_offsets;    /* --show-offsets (3.13+ dis) */
    unsigned long long max_steps;   /* --max-steps N: stop after N instructions (0: no limit) */
    double timeout;      /* --timeout S: stop after S seconds (0: no limit) */
    const char *const *ignore_dirs;   /* --ignore-dir DIR (--trace), NULL-terminated */
} CliOptions;

int cli_dis(const char *path, const CliOptions *o);
int cli_info(const char *path, const CliOptions *o);
int cli_dump_lines(const char *path, const CliOptions *o);
int cli_dump_line_events(const char *path, const CliOptions *o);
/* Every mode that runs a program (run.c): the file must hold a 3.12 module
 * code object (the version the VM runs); then the interpreter starts with
 * sys.argv = argv.  0, or the exit status after one line on stderr (2: a
 * file the VM cannot run, freed; 1: the interpreter did not start).  `mode`
 * names the option in the refusal ("--run supports 3.12"). */
int cli_start_program(PycFile *f, const char *path, const char *mode, int argc, char **argv);
/* Load path (o->force_ver as --bytecode-version) and cli_start_program it;
 * also arms o's --max-steps / --timeout.  NULL with *status set. */
PycFile *cli_load_program(const char *path, const CliOptions *o, const char *mode, int argc,
                          char **argv, int *status);
/* --run: argv[0] is the program path, the rest its arguments (sys.argv). */
int cli_run(const char *path, const CliOptions *o, int argc, char **argv);
/* --trace (trace.c): --run printing each 'call' and 'line' event as
 * `python3.12 -m trace --trace` does, through the program's sys.stdout. */
int cli_trace(const char *path, const CliOptions *o, int argc, char **argv);
/* --check-stack[=TABLE] (stackcheck.c): --run with the value stack checked
 * against 3.12's dis.stack_effect table at every instruction; table NULL:
 * $PYDBG_STACK_EFFECTS. */
int cli_check_stack(const char *path, const char *table, const CliOptions *o, int argc,
                    char **argv);

/* The debugger (repl.c): FILE.pyc (or FILE.py, compiled first) with the
 * program's sys.argv = argv[0..argc). */
typedef struct DebugSource { bool is_file; const char *text; } DebugSource;
typedef struct DebugOptions {
    DebugSource *sources;        /* -x FILE and -ex CMD, in order */
    size_t nsources;
    bool batch;                  /* --batch */
    bool nx;                     /* -nx: no init files */
    const char *python;          /* --python=PATH for FILE.py */
    unsigned long long max_steps;/* --max-steps */
    double timeout;              /* --timeout */
    bool tui;                    /* --tui: the full-screen front end (src/tui) */
} DebugOptions;
int cli_debug(const char *path, const DebugOptions *o, int argc, char **argv);

#endif
