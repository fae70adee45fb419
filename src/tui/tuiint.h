/* tuiint.h — what the files of the TUI share (src/tui/); not for others.
 *
 * The TUI is a front end of the command session (src/cli/session.h): it
 * gives the session a reader that runs the curses event loop until a
 * command line is complete, and a stop observer that marks the panes for
 * redrawing.  Panes never draw straight from the VM at draw time: each one
 * first builds its content as rows (UTF-8 text plus style spans, TRows),
 * then the generic row drawer paints the visible part.  So scrolling,
 * clipping, horizontal scroll and the "text continues" mark are written
 * once, and the content code is plain string building.
 *
 * Threads: only the output drainer (term.c) runs beside the main thread; it
 * touches nothing but term.c's buffer of pending output (under its mutex)
 * wake pipe.  Everything else, curses included, belongs to the main thread.
 */
#ifndef PYDBG_TUI_TUIINT_H
#define PYDBG_TUI_TUIINT_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "src/cli/session.h"
#include "src/tui/tui.h"

/* ---- styles (draw.c) ---------------------------------------------------- */
typedef enum TStyle {
    TS_NORMAL = 0,
    TS_TITLE,          /* a pane's title bar */
    TS_TITLE_FOCUS,    /* ... of the focused pane */
    TS_STATUS,         /* the status line */
    TS_CURRENT,        /* the current source line / instruction / selected frame */
    TS_COLUMNS,        /* the current instruction's columns (3.11+ positions) */
    TS_BREAK,          /* enabled breakpoint mark */
    TS_BREAK_OFF,      /* disabled breakpoint mark */
    TS_SHADE,          /* instructions of the current line */
    TS_CHANGED,        /* a variable changed since the last stop */
    TS_PUSHED,         /* stack entries pushed since the last stop */
    TS_DIM,            /* line numbers, types, NULL, notes */
    TS_MARK,           /* the `=>` marker */
    TS_ERROR,          /* debugger error text */
    TS_CURSOR,         /* the cursor of the focused pane */
    TS_GROUP,          /* a group heading in the variables pane */
    TS_HELP,           /* the help overlay */
    TS_PROMPT,         /* the command-line prompt */
    TS__COUNT
} TStyle;

/* Colours (with monochrome attributes when there are none, or NO_COLOR). */
void tui_styles_init(bool color);
attr_t tui_style_attr(int style);
short tui_style_pair(int style);

/* ---- rows ---------------------------------------------------------------- */
#define TROW_MAX_SPANS 6
typedef struct TSpan { uint32_t start, end; uint8_t style; } TSpan;  /* bytes of text */
typedef struct TRow {
    char *text;                 /* UTF-8, owned; no control characters */
    uint8_t style;              /* of the whole row */
    uint8_t nspans;
    TSpan spans[TROW_MAX_SPANS];/* drawn over the row style (later spans win) */
    int32_t key;                /* the pane's meaning: line, instruction, level, variable */
} TRow;
typedef struct TRows { TRow *v; size_t n, cap; } TRows;

void trows_clear(TRows *r);
void trows_free(TRows *r);
/* Append a row (text copied, tabs expanded); returns it for adding spans. */
TRow *trows_add(TRows *r, const char *text, size_t len, int style, int32_t key);
TRow *trows_addf(TRows *r, int style, int32_t key, const char *fmt, ...) PYDBG_PRINTF(4, 5);
void trow_span(TRow *row, size_t start, size_t end, int style);

/* Width in terminal cells of UTF-8 text (invalid bytes count 1). */
int tui_text_width(const char *s, size_t len);
/* Byte length of the longest prefix of s that fits in `cols` cells. */
size_t tui_text_fit(const char *s, size_t len, int cols);
/* Paint row text at (y, x) in w cells, skipping the first `skip` cells
 * (horizontal scroll); cells past the text are blanks of the row style; a
 * row that does not fit ends in a continuation mark. extra: attributes
 * added to every cell (the cursor). */
void tui_draw_row(int y, int x, int w, const TRow *row, int skip, attr_t extra);
/* Plain text in one style, clipped to w cells, padded with blanks. */
void tui_draw_text(int y, int x, int w, const char *s, int style);
bool tui_utf8_locale(void);

/* ---- text logs: program output and the debugger's own text (output.c) --- */
typedef struct TextLine { char *text; uint8_t style; } TextLine;
typedef struct TextLog {
    TextLine *v;
    size_t n, cap;
    SBuf cur;                   /* the unfinished last line */
    uint8_t cur_style;
    int esc;                    /* escape-sequence parser state */
    bool cr;                    /* a '\r' waits for what follows */
    unsigned long version;      /* bumped at every change (redraw) */
} TextLog;

void textlog_append(TextLog *l, const char *p, size_t n, int style);
void textlog_free(TextLog *l);
size_t textlog_nlines(const TextLog *l);   /* the unfinished line included when not empty */
const char *textlog_line(const TextLog *l, size_t i, int *style);

/* ---- terminal and process plumbing (term.c) ------------------------------ */
typedef struct TuiTerm {
    FILE *in, *out;             /* the terminal (/dev/tty) */
    SCREEN *screen;
    bool curses_on;
    bool color;
    int saved_stdout, saved_stderr;   /* the real fds 1 and 2 while redirected */
    bool redirected;
} TuiTerm;

/* Open /dev/tty and start curses on it; 0, or -1 with a message in err. */
int term_start(TuiTerm *t, SBuf *err);
/* Leave curses (the terminal as it was); idempotent, safe after a failure. */
void term_stop(TuiTerm *t);
/* Forget the terminal for good (t is about to be freed). */
void term_release(TuiTerm *t);
/* Back into curses after term_stop (tui enable). */
void term_resume(TuiTerm *t);
/* fds 1 and 2 onto the output pty (and back). 0, or -1 with err. */
int term_redirect(TuiTerm *t, SBuf *err);
void term_unredirect(TuiTerm *t);
/* Move output the drainer collected into log; true when there was some. */
bool term_take_output(TextLog *log);
/* Readable when output arrived (for poll), -1 before the pty exists. */
int term_wake_fd(void);
/* Tell the pty how large the output pane is (programs asking get that). */
void term_set_pty_size(int rows, int cols);
/* Fatal signals and SIGTERM restore the terminal, then kill us as before. */
void term_install_handlers(TuiTerm *t);
void term_remove_handlers(void);
/* SIGINT while the event loop waits: sets *flag (the engine's handler is
 * saved and put back by term_sigint_restore). */
void term_sigint_catch(volatile int *flag);
void term_sigint_restore(void);
/* Write to the real stdout (debugger text while the TUI is disabled). */
void term_write_stdout(TuiTerm *t, const char *p, size_t n);

/* ---- panes ------------------------------------------------------------------ */
typedef enum PaneId {
    PANE_SOURCE, PANE_ASM, PANE_STACK, PANE_VARS, PANE_FRAMES, PANE_OUTPUT, PANE_CONSOLE,
    PANE__COUNT,
    PANE_CMDLINE = PANE__COUNT  /* focus on the command line */
} PaneId;

typedef enum TuiLayout { LAYOUT_SRC, LAYOUT_ASM, LAYOUT_SPLIT } TuiLayout;

typedef struct Rect { int y, x, h, w; } Rect;

typedef struct Pane {
    PaneId id;
    bool visible;
    Rect r;                     /* the whole pane, its title row included */
    int top;                    /* first row shown */
    int left;                   /* cells scrolled to the right */
    int cursor;                 /* row of the cursor, -1: none */
    bool at_end;                /* logs: stay at the newest line */
    unsigned long follow_stop;  /* code panes: stop the cursor was last moved to */
    const void *follow_what;    /* ... and the frame / code it was in */
    TRows rows;
    char title[200];
} Pane;

/* A variable's value as seen at a stop, to highlight what changed. */
typedef struct VarSeen {
    char *name;                 /* group letter, ':', name ("l:x", "c:n", "f:n", "g:x") */
    char *repr;
    char *note;                 /* "(cell shared with: …)" or NULL */
} VarSeen;
typedef struct FrameSeen {
    const Frame *frame;         /* identity only, never dereferenced when gone */
    const void *code;
    unsigned long stop;         /* stop at which `before` was last rotated */
    unsigned long epoch;        /* command epoch at which `now` was computed */
    VarSeen *before; size_t nbefore;   /* at the previous look */
    VarSeen *now; size_t nnow;
    bool have_before;           /* `before` is from an earlier look (else nothing is "changed") */
    /* value stack at the last stop where this frame was innermost */
    void **stack; long depth;   /* stack NULL: never seen as innermost */
    long pushed_from;           /* entries >= this were pushed since then (-1: none) */
    unsigned long stack_stop;   /* stop at which pushed_from was computed */
    bool live;
} FrameSeen;

/* Source files, read once. */
typedef struct SrcFile {
    char *co_filename;
    char *data;                 /* NULL: not found */
    size_t len;
    size_t *line_start;         /* nlines+1 entries */
    int nlines;
} SrcFile;

/* A code object's disassembly, made once (asm.c). */
typedef struct AsmCache {
    const CodeObj *co;
    char **lines; int32_t *insn; size_t nlines;   /* row → instruction index or -1 */
    uint32_t *offsets; int32_t *line_of; uint32_t ninsns;
    uint8_t *bytes; uint32_t nbytes;   /* co_code as cached: a freed and reused
                                          CodeObj address must not match */
    Arena arena;                /* the decoded instructions and line table */
    LineTable lt;
    bool have_lt;
    struct AsmCache *next;
} AsmCache;

typedef struct Tui {
    Session *s;
    SessionConfig cfg;
    const PycFile *pf;
    char *pyc_dir;
    TuiTerm term;
    bool enabled;               /* full screen (false after `tui disable`) */
    int W, H;
    bool too_small;
    TuiLayout layout;
    Pane panes[PANE__COUNT];
    PaneId focus, last_pane_focus;
    bool help_shown;
    char *confirm;              /* a y/n question on the status line, or NULL */
    TextLog console, output;
    FILE *out_file, *err_file;  /* the session's text goes through these */

    /* the stop being shown */
    unsigned long stopno;
    unsigned long epoch;        /* bumped before every command line: values may change */
    bool rebuild;               /* pane rows must be built again */
    DbgStopKind stop_kind;
    int stop_bpnum;
    bool had_stop;
    char exit_note[120];        /* "[Program exited normally]" after the end */
    FrameSeen *seen; size_t nseen;
    bool show_globals;
    char **expanded; size_t nexpanded;   /* variables shown in full */
    SrcFile *srcs; size_t nsrcs;
    AsmCache *asms;

    /* the command line */
    bool input_mode;            /* the program reads a line (input()) */
    char *input_rest; size_t input_rest_len, input_rest_pos;
    volatile int sigint;
    char *status_note;          /* one-shot message on the status line */

    /* where command lines come from besides the keyboard */
    SessionReader first;        /* init files, -x, -ex: read before the keyboard */
    void *first_ud;
    SessionReader prev_reader;  /* the REPL's, when `tui enable` took its session over */
    void *prev_ud;
} Tui;

/* tui.c */
extern Tui *tui_current;
void tui_redraw(Tui *t);
Frame *tui_frame(Tui *t);       /* selected frame, NULL when not running */
Frame *tui_code_frame(Tui *t);  /* ... or where the program waits for input */
const DbgStop *tui_stop(Tui *t);
FrameSeen *tui_seen(Tui *t, const Frame *f, bool create);

/* layout.c */
void layout_compute(Tui *t);
int layout_parse(const char *name);     /* -1 when unknown */
void layout_draw_frame(Tui *t);          /* titles, separators */
void layout_draw_status(Tui *t);
void layout_draw_too_small(Tui *t);
void layout_draw_help(Tui *t);
PaneId layout_next_focus(Tui *t, PaneId from, int dir);
void pane_draw(Tui *t, Pane *p);
void pane_scroll(Pane *p, int delta);    /* cursor (or view) up/down */
void pane_scroll_to(Pane *p, int row);   /* make row visible, a third from the top */
int pane_height(const Pane *p);          /* content rows */

/* the panes: build rows for what is shown now */
void source_build(Tui *t, Pane *p);
int source_cursor_line(Tui *t, const char **file);  /* line under the cursor, -1 */
void source_free(Tui *t);
void asm_build(Tui *t, Pane *p);
int asm_cursor_offset(Tui *t);                      /* offset under the cursor, -1 */
void asm_free(Tui *t);
void stack_build(Tui *t, Pane *p);
void stack_note_stop(Tui *t, Frame *innermost);
void vars_build(Tui *t, Pane *p);
void vars_toggle_expand(Tui *t, Pane *p);
void vars_free(Tui *t);
void frames_build(Tui *t, Pane *p);
void output_build(Tui *t, Pane *p, TextLog *log);

/* Breakpoint marks for code object co: for line (>= 0) or instruction
 * offset (>= 0): 0 none, 1 enabled, 2 only disabled ones (source.c). */
int tui_bp_mark(Tui *t, const CodeObj *co, const char *filename, int line, long offset);
/* Text of a str object ("" for others). */
const char *tui_str(Obj *o);

/* cmdline.c */
void cmdline_init(Tui *t);
void cmdline_begin(Tui *t, const char *prompt);   /* a new line */
/* Feed one key; returns a finished line (malloc'd) or NULL; *eof set at Ctrl-D. */
char *cmdline_key(Tui *t, int is_key, wint_t ch, bool *eof);
bool cmdline_empty(void);
void cmdline_clear(void);
void cmdline_draw(Tui *t);
void cmdline_end(void);
void cmdline_history_add(const char *line, bool program_input);
void cmdline_plain_mode(bool on);                 /* readline on the real terminal */
char *cmdline_read_plain(const char *prompt);

#endif
