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

/* Run a whole debugging session of cfg->pyc full-screen: the program starts
 * stopped before its first instruction, as in the REPL.  cfg->out/err are
 * replaced by the TUI's own.  Returns the status pydbg exits with (as
 * session_loop), or 2 when there is no usable terminal (message printed). */
int tui_main(const SessionConfig *cfg);

#endif
