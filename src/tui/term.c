/* term.c — the terminal and the process around the TUI.
 *
 * Curses runs on /dev/tty (newterm), not on fds 0-2: those belong to the
 * program being debugged.  While the TUI is active, fds 1 and 2 are dup2'ed
 * onto a pseudo-terminal, so the program's output (and anything else
 * written there) never scribbles over the screen; a pty rather than a pipe
 * because the program then sees a terminal, and CPython line-buffers
 * sys.stdout on a terminal — a print() shows at the next stop, as it would
 * in a shell.  A drainer thread reads the pty's master side all the time
 * (a program printing more than the pty buffers between two stops must not
 * block), keeps the bytes under a mutex, and pokes the main loop through a
 * pipe.  It blocks every signal, so SIGINT and SIGWINCH reach the main
 * thread.
 *
 * Restoring the terminal: term_stop on the normal paths and from an atexit
 * handler; for SIGTERM, SIGHUP, SIGQUIT and the crash signals (SIGSEGV in
 * pydbg itself included) a handler writes the terminal's "leave full
 * screen" sequences precomputed at start and puts the saved termios back —
 * both async-signal-safe, unlike endwin() — then re-raises the signal under
 * the action that was there before (the default, or a sanitizer's).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "src/tui/tuiint.h"

/* Program output kept while nobody looks is bounded: past this, the oldest
 * part is dropped (the output pane keeps its own bounded history anyway). */
#define PENDING_MAX (8u << 20)

/* ---- what the signal handlers need (set before they are installed) --------- */
static char restore_seq[512];
static size_t restore_len;
static struct termios restore_tio;
static bool restore_tio_ok;
static volatile sig_atomic_t restore_fd = -1;
static volatile sig_atomic_t real_stdout = -1, real_stderr = -1;
static const int fatal_signals[] = {SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction old_actions[NFATAL];
static bool handlers_installed;
static struct sigaction old_sigint;
static TuiTerm *atexit_term;

static void restore_terminal_now(void)
{
    int fd = restore_fd;
    if (fd >= 0) {
        if (restore_len) {
            ssize_t w = write(fd, restore_seq, restore_len);
            (void)w;
        }
        if (restore_tio_ok)
            tcsetattr(fd, TCSANOW, &restore_tio);
    }
    /* a crash report (sanitizers, abort messages) should reach the user */
    if (real_stdout >= 0)
        dup2(real_stdout, 1);
    if (real_stderr >= 0)
        dup2(real_stderr, 2);
}

static void fatal_handler(int sig)
{
    int saved = errno;
    restore_terminal_now();
    restore_fd = -1;
    for (size_t i = 0; i < NFATAL; i++) {
        if (fatal_signals[i] == sig) {
            sigaction(sig, &old_actions[i], NULL);
            break;
        }
    }
    errno = saved;
    raise(sig);
}

static void on_sigint(int sig);

/* Before newterm: ncurses installs its own SIGINT and SIGTERM handlers
 * (endwin, then exit(1)) only where it finds the default action, and ours
 * must be the ones that run — SIGTERM has to end the process *by SIGTERM*,
 * and Ctrl-C must never quit pydbg, only stop the program. */
void term_install_handlers(TuiTerm *t)
{
    (void)t;
    if (handlers_installed)
        return;
    struct sigaction si;
    memset(&si, 0, sizeof si);
    si.sa_handler = on_sigint;
    sigemptyset(&si.sa_mask);
    sigaction(SIGINT, &si, &old_sigint);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fatal_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NODEFER;
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &sa, &old_actions[i]);
    vm_guard_c_stack_cleanup(restore_terminal_now);
    handlers_installed = true;
}

void term_remove_handlers(void)
{
    if (!handlers_installed)
        return;
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_signals[i], &old_actions[i], NULL);
    sigaction(SIGINT, &old_sigint, NULL);
    vm_guard_c_stack_cleanup(NULL);
    handlers_installed = false;
}

static volatile int *sigint_flag;
static struct sigaction sigint_saved;
static bool sigint_caught;

static void on_sigint(int sig)
{
    (void)sig;
    if (sigint_flag)
        *sigint_flag = 1;
}

void term_sigint_catch(volatile int *flag)
{
    if (sigint_caught)
        return;
    sigint_flag = flag;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;       /* no SA_RESTART: poll() must wake up */
    sigaction(SIGINT, &sa, &sigint_saved);
    sigint_caught = true;
}

void term_sigint_restore(void)
{
    if (!sigint_caught)
        return;
    sigaction(SIGINT, &sigint_saved, NULL);
    sigint_caught = false;
}

/* ---- curses on /dev/tty ------------------------------------------------------- */

static void add_cap(const char *name)
{
    char *s = tigetstr((char *)name);
    if (!s || s == (char *)-1)
        return;
    size_t n = strlen(s);
    if (restore_len + n < sizeof restore_seq) {
        memcpy(restore_seq + restore_len, s, n);
        restore_len += n;
    }
}

/* The program-output pty and its drainer: one per process and never
 * freed — the thread blocks in read(2) for the process's lifetime, and a
 * TUI taken down and started again (tui disable / tui enable) reuses it. */
static struct OutPty {
    int master, slave;
    int wake[2];                /* drainer → main loop: output arrived */
    pthread_t thread;
    bool started;
    pthread_mutex_t lock;
    SBuf pending;               /* output not yet moved into the log (locked) */
} opty = {-1, -1, {-1, -1}, 0, false, PTHREAD_MUTEX_INITIALIZER, SBUF_INIT};

static void term_atexit(void)
{
    if (atexit_term) {
        term_unredirect(atexit_term);
        term_stop(atexit_term);
    }
}

int term_start(TuiTerm *t, SBuf *err)
{
    const char *termname = getenv("TERM");
    if (!termname || !*termname) {
        sbuf_puts(err, "the TERM environment variable is not set");
        return -1;
    }
    t->in = fopen("/dev/tty", "r");
    t->out = t->in ? fopen("/dev/tty", "w") : NULL;
    if (!t->in || !t->out) {
        sbuf_printf(err, "cannot open the terminal /dev/tty: %s", strerror(errno));
        if (t->in)
            fclose(t->in);
        t->in = t->out = NULL;
        return -1;
    }
    int fd = fileno(t->out);
    fcntl(fileno(t->in), F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    restore_tio_ok = tcgetattr(fd, &restore_tio) == 0;
    t->screen = newterm(NULL, t->out, t->in);
    if (!t->screen) {
        sbuf_printf(err, "cannot use terminal type '%s'", termname);
        fclose(t->in);
        fclose(t->out);
        t->in = t->out = NULL;
        return -1;
    }
    set_term(t->screen);
    const char *cup = tigetstr("cup");
    if (!cup || cup == (char *)-1) {
        /* a printing terminal ("dumb", Emacs' shell): no full screen there */
        endwin();
        delscreen(t->screen);
        t->screen = NULL;
        fclose(t->in);
        fclose(t->out);
        t->in = t->out = NULL;
        sbuf_printf(err, "terminal type '%s' cannot move the cursor (a full-screen terminal "
                    "is needed; the plain debugger works without --tui)", termname);
        return -1;
    }
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    const char *nc = getenv("NO_COLOR");
    t->color = has_colors() && !(nc && *nc);
    if (t->color) {
        start_color();
        use_default_colors();
    }
    tui_styles_init(t->color);
    /* what a signal handler writes to leave full screen */
    restore_len = 0;
    add_cap("sgr0");
    add_cap("cnorm");
    add_cap("rmkx");
    add_cap("rmcup");
    restore_fd = fd;
    t->curses_on = true;
    if (!atexit_term) {
        atexit_term = t;
        atexit(term_atexit);
    }
    return 0;
}

void term_stop(TuiTerm *t)
{
    if (!t->curses_on)
        return;
    endwin();
    fflush(t->out);
    t->curses_on = false;
    restore_fd = -1;
}

void term_release(TuiTerm *t)
{
    term_unredirect(t);
    term_stop(t);
    if (atexit_term == t)
        atexit_term = NULL;
    if (t->screen) {
        delscreen(t->screen);
        t->screen = NULL;
    }
    if (t->in)
        fclose(t->in);
    if (t->out)
        fclose(t->out);
    t->in = t->out = NULL;
}

void term_resume(TuiTerm *t)
{
    if (t->curses_on || !t->screen)
        return;
    restore_tio_ok = tcgetattr(fileno(t->out), &restore_tio) == 0;
    set_term(t->screen);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
    restore_fd = fileno(t->out);
    t->curses_on = true;
}

/* ---- the output pty and its drainer ----------------------------------------- */

static void *drain_main(void *arg)
{
    (void)arg;
    char buf[4096];
    for (;;) {
        ssize_t n = read(opty.master, buf, sizeof buf);
        if (n > 0) {
            pthread_mutex_lock(&opty.lock);
            if (opty.pending.len + (size_t)n > PENDING_MAX) {
                /* keep the newer half */
                size_t drop = opty.pending.len / 2;
                memmove(opty.pending.data, opty.pending.data + drop, opty.pending.len - drop);
                opty.pending.len -= drop;
                opty.pending.data[opty.pending.len] = 0;
            }
            sbuf_put(&opty.pending, buf, (size_t)n);
            pthread_mutex_unlock(&opty.lock);
            char c = 1;
            ssize_t w = write(opty.wake[1], &c, 1);   /* full pipe: a wake-up is pending anyway */
            (void)w;
        } else if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        } else {
            break;
        }
    }
    return NULL;
}

static int open_pty(SBuf *err)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0) {
        sbuf_printf(err, "cannot open a pseudo-terminal for the program's output: %s", strerror(errno));
        if (m >= 0)
            close(m);
        return -1;
    }
    const char *name = ptsname(m);
    int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
    if (s < 0) {
        sbuf_printf(err, "cannot open the pseudo-terminal %s: %s", name ? name : "?", strerror(errno));
        close(m);
        return -1;
    }
    /* Plain bytes through: no "\n" -> "\r\n", no echo, no line editing. */
    struct termios tio;
    if (tcgetattr(s, &tio) == 0) {
        tio.c_oflag &= ~(tcflag_t)OPOST;
        tio.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG | IEXTEN);
        tcsetattr(s, TCSANOW, &tio);
    }
    fcntl(m, F_SETFD, FD_CLOEXEC);
    fcntl(s, F_SETFD, FD_CLOEXEC);
    if (pipe(opty.wake) < 0) {
        sbuf_printf(err, "cannot make a pipe: %s", strerror(errno));
        close(m);
        close(s);
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(opty.wake[i], F_SETFD, FD_CLOEXEC);
        fcntl(opty.wake[i], F_SETFL, fcntl(opty.wake[i], F_GETFL) | O_NONBLOCK);
    }
    opty.master = m;
    opty.slave = s;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&opty.thread, NULL, drain_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        sbuf_printf(err, "cannot start the output reader: %s", strerror(rc));
        return -1;
    }
    pthread_detach(opty.thread);   /* it lives as long as the process */
    opty.started = true;
    return 0;
}

int term_redirect(TuiTerm *t, SBuf *err)
{
    if (t->redirected)
        return 0;
    if (!opty.started && open_pty(err) < 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    t->saved_stdout = fcntl(1, F_DUPFD_CLOEXEC, 3);
    t->saved_stderr = fcntl(2, F_DUPFD_CLOEXEC, 3);
    if (t->saved_stdout < 0 || t->saved_stderr < 0 || dup2(opty.slave, 1) < 0 ||
        dup2(opty.slave, 2) < 0) {
        sbuf_printf(err, "cannot redirect the program's output: %s", strerror(errno));
        return -1;
    }
    real_stdout = t->saved_stdout;
    real_stderr = t->saved_stderr;
    t->redirected = true;
    return 0;
}

void term_unredirect(TuiTerm *t)
{
    if (!t->redirected)
        return;
    fflush(stdout);
    fflush(stderr);
    real_stdout = real_stderr = -1;
    dup2(t->saved_stdout, 1);
    dup2(t->saved_stderr, 2);
    close(t->saved_stdout);
    close(t->saved_stderr);
    t->saved_stdout = t->saved_stderr = -1;
    t->redirected = false;
}

bool term_take_output(TextLog *log)
{
    if (!opty.started)
        return false;
    char c[64];
    while (read(opty.wake[0], c, sizeof c) > 0)
        ;
    bool any = false;
    pthread_mutex_lock(&opty.lock);
    if (opty.pending.len) {
        textlog_append(log, opty.pending.data, opty.pending.len, TS_NORMAL);
        sbuf_reset(&opty.pending);
        any = true;
    }
    pthread_mutex_unlock(&opty.lock);
    return any;
}

int term_wake_fd(void) { return opty.started ? opty.wake[0] : -1; }

void term_set_pty_size(int rows, int cols)
{
    if (opty.slave < 0 || rows <= 0 || cols <= 0)
        return;
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = (unsigned short)rows;
    ws.ws_col = (unsigned short)cols;
    ioctl(opty.slave, TIOCSWINSZ, &ws);
}

void term_write_stdout(TuiTerm *t, const char *p, size_t n)
{
    int fd = t->redirected ? t->saved_stdout : 1;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        p += w;
        n -= (size_t)w;
    }
}
