/* tui.h — the full-screen ncurses front end of the debugger (`pydbg --tui`).
 *
 * Panes for the source, the bytecode, the value stack, the variables, the
 * call stack, the program's output and the debugger's own text, a status
 * line and a readline command line, all driven through the command session
 * (src/cli/session.h): every REPL command works in the command line, and
 * one-key stepping just sends the command it stands for.
 *
 * While the TUI is active the program's fds 1 and 2 go to a pseudo-terminal
 * whose text is shown in the output pane, and its reads of sys.stdin
 * (input()) are typed in the TUI's command line (io_stdin_hook, vm.h).  The
 * terminal is put back on every way out: quit, end of input, SIGTERM and
 * the other fatal signals (the handler restores the terminal, then the
 * signal kills the process as it would have).
 */
#ifndef PYDBG_TUI_TUI_H
#define PYDBG_TUI_TUI_H

#include "src/cli/session.h"

#include <stdbool.h>

/* Run a whole debugging session of cfg->pyc full-screen (`pydbg --tui`):
 * the program starts stopped before its first instruction, as in the REPL;
 * the lines `first` returns (init files, -x FILE, -ex CMD; NULL: none) run
 * before the keyboard's.  cfg->out/err are replaced by the TUI's own.
 * Returns the status pydbg exits with (as session_loop), or 2 when there is
 * no usable terminal (message printed). */
int tui_main(const SessionConfig *cfg, SessionReader first, void *first_ud);

/* Is line one that switches the REPL to the TUI (`tui enable`, `layout NAME`)? */
bool tui_command(const char *line);
/* The REPL read such a line: the TUI takes session s over — its reader,
 * stop observer and text output — until `tui disable`, which gives them
 * back (prev reads again; text to stdout/stderr).  Returns the next command
 * line for the session, as a SessionReader does. */
char *tui_take_over(Session *s, const char *line, const char *prompt, SessionReader prev,
                    void *prev_ud);

#endif
