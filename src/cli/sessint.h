/* sessint.h — what session.c (the loop, stops, value history) and
 * commands.c (the command table) share.  Not for front ends.
 */
#ifndef PYDBG_CLI_SESSINT_H
#define PYDBG_CLI_SESSINT_H

#include "src/cli/session.h"

typedef struct Display {
    int num;
    char *expr;              /* NULL: display/stack */
    bool enabled;
} Display;

struct Session {
    SessionConfig cfg;
    Dbg *dbg;
    FILE *out, *err;
    SessionReader reader;
    void *reader_ud;
    SessionStopObserver observer;
    void *observer_ud;

    /* state of the stopped program */
    const DbgStop *stop;     /* NULL when not stopped */
    int level;               /* selected frame: 0 innermost */
    Frame *shown_frame;      /* frame of the previous stop (to print a frame line on change) */
    int list_next;           /* `list` continues here (0: around the current line) */
    const char *list_file;

    /* requests from commands */
    bool have_resume;
    DbgResume resume;
    char *resume_location;   /* owned copy for DbgResume.location */
    bool quit;
    bool restart;            /* `run`/`start` while running: kill, then start again */
    bool restart_start;      /* ... and stop at the first line */
    bool start_pending;      /* `start`: the entry stop steps on to the first line silently */
    bool exited;             /* the program ran to its end at least once */
    int exit_status;

    char *last_repeatable;   /* empty line repeats it (interactive) */
    bool failed;             /* the last command failed */

    /* value history ($N) */
    Obj **hist;
    size_t nhist, caphist;

    Display *displays;
    size_t ndisplays;
    int next_display;
};

/* session.c */
void sess_error(Session *s, const char *fmt, ...) PYDBG_PRINTF(2, 3);
Frame *sess_frame(Session *s);           /* selected frame or NULL (error printed: "No stack.") */
Frame *sess_frame_quiet(Session *s);
long sess_hist_add(Session *s, Obj *v);  /* steals nothing; returns N of $N */
Obj *sess_hist_get(void *ud, long n);    /* ExprEnv.history */
/* Start the program (entry: stop before the first instruction; start: at
 * the first line); runs until it ends or is killed. */
void sess_run_program(Session *s, bool entry, bool start);
void sess_print_stop_location(Session *s, Frame *f, bool force_frame_line);
void sess_do_displays(Session *s);
/* Read the lines of a `commands` block up to `end`. */
char **sess_read_block(Session *s, size_t *n);
/* The stop function of a running program (reads commands until one resumes). */
DbgResume sess_on_stop(Dbg *d, const DbgStop *stop, void *ud);

/* commands.c */
int cmd_execute(Session *s, const char *line);
bool cmd_is_repeatable(const char *line);

#endif
