/* session.h — the debugger's command interpreter, shared by every front end.
 *
 * A Session owns a Dbg (the engine) and runs gdb-style command lines
 * (commands.c: the command table, parsing, help).  Front ends differ only
 * in where lines come from and where text goes:
 *   - the readline REPL (repl.c): lines from readline, text to stdout/stderr;
 *   - batch scripts (-x FILE, -ex CMD, --batch): lines from files/argv;
 *   - the TUI (src/tui): lines from its command line, text into its panes.
 *
 * Control flow: session_loop() reads and executes lines until `quit` or
 * the end of input.  A command that runs the program (run, start, continue,
 * step, …) calls into the engine; at every stop the session prints the stop
 * (and the `display` expressions) and reads further lines *from inside the
 * stop*, until a command resumes the program.  So the reader is called
 * both at top level (no program) and while stopped.
 */
#ifndef PYDBG_CLI_SESSION_H
#define PYDBG_CLI_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "pydbg/dbg.h"

typedef struct Session Session;

/* The next command line (malloc'd, no '\n'), or NULL at end of input.
 * prompt: "(pydbg) " (front ends may ignore it). */
typedef char *(*SessionReader)(void *ud, const char *prompt);
/* Told at every stop, after the stop was printed (TUI redraws). */
typedef void (*SessionStopObserver)(void *ud, Session *s, const DbgStop *stop);

typedef struct SessionConfig {
    const char *path;            /* the .pyc (as given) */
    const PycFile *pyc;          /* loaded */
    int argc; char **argv;       /* the program's sys.argv */
    FILE *out, *err;             /* where the debugger writes (program output goes to fds 1/2) */
    bool batch;                  /* --batch: a failing command ends the script, status != 0 */
    bool interactive;            /* empty line repeats the last stepping/listing command */
    unsigned long long max_steps;/* --max-steps (0: none) */
    double timeout;              /* --timeout seconds (0: none) */
} SessionConfig;

Session *session_new(const SessionConfig *cfg);
void session_free(Session *s);
void session_set_reader(Session *s, SessionReader r, void *ud);
void session_set_observer(Session *s, SessionStopObserver o, void *ud);
/* Where the debugger's text goes from now on (NULL: stdout / stderr) — the
 * TUI taking over a REPL session (`tui enable`) and giving it back. */
void session_set_output(Session *s, FILE *out, FILE *err);

/* Execute one command line.  0: done; -1: the command failed (an error
 * was printed); 1: `quit` was given. */
int session_exec(Session *s, const char *line);
/* Read and execute lines until quit or end of input; in batch mode stop at
 * the first failing command.  Returns the status pydbg exits with: the
 * program's exit status if it ran to its end, 1 after a failing command in
 * batch mode, 0 otherwise. */
int session_loop(Session *s);

/* For front ends and completion. */
Dbg *session_dbg(Session *s);
const DbgStop *session_stop(Session *s);   /* NULL when the program is not stopped */
Frame *session_selected_frame(Session *s); /* NULL when the program is not stopped */
bool session_quitting(Session *s);
/* Command names (NULL-terminated) for completion and help. */
const char *const *session_command_names(void);

#endif
