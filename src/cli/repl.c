/* repl.c — `pydbg FILE.pyc [ARGS]`: the debugger's command-line front end.
 *
 * Where command lines come from, in gdb's order: the init files
 * (~/.pydbginit, then ./.pydbginit; not with -nx), then every -x FILE and
 * -ex CMD in the order given, then — unless --batch — the terminal through
 * GNU readline (history kept in $XDG_STATE_HOME/pydbg/history, written
 * atomically; completion of commands, names in scope, breakpoint numbers,
 * functions and files) or, when stdin is not a terminal, stdin's lines.
 * `pydbg FILE.py` first compiles the source with a python3 (or --python)
 * into its __pycache__, as `python3 -m py_compile` does.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "src/cli/cli.h"
#include "src/cli/sessint.h"
#include "src/tui/tui.h"

typedef struct Source {
    bool is_file;
    const char *text;        /* file path or command */
} Source;

typedef struct Reader {
    Source *src;
    size_t nsrc, cur;
    FILE *fp;                /* the script being read */
    const char *fp_name;
    int fp_line;
    bool interactive;        /* read the terminal after the sources */
    bool tty;
    bool done_sources;
    char *history_path;
} Reader;

static volatile sig_atomic_t prompt_sigint;
static Session *completion_session;

static void on_prompt_sigint(int sig)
{
    (void)sig;
    prompt_sigint = 1;
}

/* ---- history ------------------------------------------------------------------------------- */

static char *history_file(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char dir[4096];
    if (state && *state)
        snprintf(dir, sizeof dir, "%s/pydbg", state);
    else if (home && *home)
        snprintf(dir, sizeof dir, "%s/.local/state/pydbg", home);
    else
        return NULL;
    /* mkdir -p */
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(dir, 0700);
            *p = '/';
        }
    mkdir(dir, 0700);
    char path[4200];
    snprintf(path, sizeof path, "%s/history", dir);
    return xstrdup(path);
}

/* Written to a temporary file then renamed: a crash never truncates it. */
static void history_save(const char *path)
{
    if (!path)
        return;
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    stifle_history(1000);
    if (write_history(tmp) == 0) {
        if (rename(tmp, path) != 0)
            unlink(tmp);
    } else {
        unlink(tmp);
    }
}

/* ---- completion ---------------------------------------------------------------------------- */

static char **cands;
static size_t ncands, capcands;

static void cand_add(const char *s)
{
    for (size_t i = 0; i < ncands; i++)
        if (strcmp(cands[i], s) == 0)
            return;
    if (ncands == capcands) {
        capcands = capcands ? 2 * capcands : 64;
        cands = xrealloc(cands, capcands * sizeof *cands);
    }
    cands[ncands++] = xstrdup(s);
}

static void cands_clear(void)
{
    for (size_t i = 0; i < ncands; i++)
        free(cands[i]);
    ncands = 0;
}

static void cand_dict_keys(Obj *d)
{
    if (!d || !DICT_CHECK(d))
        return;
    Obj *keys = dict_keys_list(d);
    if (!keys) {
        vm_err_clear();
        return;
    }
    for (Ssize i = 0; i < LIST_LEN(keys); i++)
        if (STR_CHECK(LIST_ITEMS(keys)[i]))
            cand_add(dbg_cstr(LIST_ITEMS(keys)[i]));
    DECREF(keys);
}

static void cands_names_in_scope(Session *s)
{
    Frame *f = sess_frame_quiet(s);
    if (!f)
        return;
    CodeRtObj *co = f->code;
    for (int i = 0; i < co->nlocalsplus; i++)
        cand_add(dbg_cstr(TUPLE_ITEMS(co->localsplusnames)[i]));
    if (f->locals)
        cand_dict_keys(f->locals);
    cand_dict_keys(f->globals);
    cand_dict_keys(f->builtins);
}

static char *cand_generator(const char *text, int state)
{
    static size_t idx, len;
    if (!state) {
        idx = 0;
        len = strlen(text);
    }
    while (idx < ncands) {
        const char *c = cands[idx++];
        if (strncmp(c, text, len) == 0)
            return xstrdup(c);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    Session *s = completion_session;
    cands_clear();
    rl_attempted_completion_over = 1;
    /* The command word. */
    int i = 0;
    while (i < start && (rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t'))
        i++;
    if (i == start) {
        for (const char *const *n = session_command_names(); *n; n++)
            cand_add(*n);
        return rl_completion_matches(text, cand_generator);
    }
    char cmd[32];
    int k = 0;
    while (i < start && k < 31 && rl_line_buffer[i] != ' ')
        cmd[k++] = rl_line_buffer[i++];
    cmd[k] = 0;
    static const char *const bpcmds[] = {"delete", "d", "disable", "enable", "condition",
                                         "ignore", "commands", NULL};
    for (int j = 0; bpcmds[j]; j++)
        if (strcmp(cmd, bpcmds[j]) == 0) {
            size_t n;
            DbgBp **v = dbg_bp_list(session_dbg(s), &n);
            char num[16];
            for (size_t b = 0; b < n; b++) {
                snprintf(num, sizeof num, "%d", v[b]->num);
                cand_add(num);
            }
            return rl_completion_matches(text, cand_generator);
        }
    static const char *const loccmds[] = {"break", "b", "tbreak", "list", "l", "until", "u",
                                          "advance", "clear", NULL};
    for (int j = 0; loccmds[j]; j++)
        if (strcmp(cmd, loccmds[j]) == 0) {
            const PycFile *pf = dbg_pyc(session_dbg(s));
            for (uint32_t c = 0; c < pf->ncode; c++) {
                uint32_t l;
                const char *q = pf->codes[c]->qualname ? pyc_text(pf->codes[c]->qualname, &l)
                                                       : pyc_text(pf->codes[c]->name, &l);
                if (q && strcmp(q, "<module>") != 0)
                    cand_add(q);
                const char *fn = pyc_text(pf->codes[c]->filename, &l);
                if (fn && c == 0) {
                    char buf[1024];
                    snprintf(buf, sizeof buf, "%s:", fn);
                    cand_add(buf);
                }
            }
            rl_completion_append_character = '\0';
            return rl_completion_matches(text, cand_generator);
        }
    cands_names_in_scope(s);
    return rl_completion_matches(text, cand_generator);
}

/* ---- reading ---------------------------------------------------------------------------------- */

static char *strip_newline(char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
    return line;
}

static char *read_terminal(Reader *r, const char *prompt)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_prompt_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    char *line = NULL;
    for (;;) {
        prompt_sigint = 0;
        if (r->tty) {
            line = readline(prompt);
        } else {
            size_t cap = 0;
            line = NULL;
            if (getline(&line, &cap, stdin) < 0) {
                free(line);
                line = NULL;
            } else {
                strip_newline(line);
            }
        }
        if (prompt_sigint && line) {
            /* Ctrl-C at the prompt drops the line, as gdb does. */
            free(line);
            fputs("Quit\n", stdout);
            continue;
        }
        break;
    }
    sigaction(SIGINT, &old, NULL);
    if (line && r->tty && *line) {
        HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
        if (!last || strcmp(last->line, line) != 0)
            add_history(line);
    }
    return line;
}

static char *reader_next(void *ud, const char *prompt)
{
    Reader *r = ud;
    for (;;) {
        if (r->fp) {
            char *line = NULL;
            size_t cap = 0;
            if (getline(&line, &cap, r->fp) >= 0) {
                r->fp_line++;
                return strip_newline(line);
            }
            free(line);
            if (r->fp != stdin)
                fclose(r->fp);
            r->fp = NULL;
            r->cur++;
            continue;
        }
        if (r->cur < r->nsrc) {
            Source *src = &r->src[r->cur];
            if (!src->is_file) {
                r->cur++;
                return xstrdup(src->text);
            }
            r->fp = fopen(src->text, "r");
            r->fp_name = src->text;
            r->fp_line = 0;
            if (!r->fp) {
                fprintf(stderr, "pydbg: %s: %s\n", src->text, strerror(errno));
                r->cur++;
            }
            continue;
        }
        if (!r->interactive)
            return NULL;
        char *line = read_terminal(r, prompt);
        if (line && r->tty && completion_session && tui_command(line)) {
            /* `tui enable`, `layout NAME`: the TUI reads from now on */
            char *next = tui_take_over(completion_session, line, prompt, reader_next, r);
            free(line);
            return next;
        }
        return line;
    }
}

/* ---- FILE.py ---------------------------------------------------------------------------------- */

/* Compile path (a .py) with python into its __pycache__; the .pyc path or NULL. */
static char *compile_source(const char *path, const char *python)
{
    int pipefd[2];
    if (pipe(pipefd) < 0)
        return NULL;
    pid_t pid = fork();
    if (pid < 0)
        return NULL;
    if (pid == 0) {
        dup2(pipefd[1], 1);
        close(pipefd[0]);
        close(pipefd[1]);
        execlp(python, python, "-c",
               "import py_compile, sys\n"
               "try:\n"
               "    print(py_compile.compile(sys.argv[1], doraise=True))\n"
               "except py_compile.PyCompileError as e:\n"
               "    sys.stderr.write(e.msg.rstrip() + '\\n'); sys.exit(1)\n",
               path, (char *)NULL);
        fprintf(stderr, "pydbg: %s: cannot run %s to compile it: %s\n", path, python,
                strerror(errno));
        _exit(127);
    }
    close(pipefd[1]);
    char buf[4096];
    size_t n = 0;
    ssize_t k;
    while (n < sizeof buf - 1 && (k = read(pipefd[0], buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)k;
    close(pipefd[0]);
    buf[n] = 0;
    int st;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || n == 0)
        return NULL;
    return xstrdup(strip_newline(buf));
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* ---- entry ---------------------------------------------------------------------------------------- */

int cli_debug(const char *path, const DebugOptions *o, int argc, char **argv)
{
    Diag d;
    diag_clear(&d);
    PycFile *pf;
    if (ends_with(path, ".py")) {
        const char *python = o->python ? o->python : "python3";
        if (access(path, R_OK) != 0) {
            fprintf(stderr, "pydbg: %s: %s\n", path, strerror(errno));
            return 2;
        }
        char *pyc = compile_source(path, python);
        if (!pyc) {
            fprintf(stderr, "pydbg: %s: could not be compiled with %s (use --python=PATH to "
                            "name a Python 3 interpreter)\n", path, python);
            return 2;
        }
        pf = pyc_load_file(pyc, 0, &d);
        free(pyc);
        if (pf) {
            free(pf->path);
            pf->path = xstrdup(path);   /* the program is the source file */
        }
    } else {
        pf = pyc_load_file(path, 0, &d);
    }
    if (!pf) {
        diag_print(&d, path, stderr);
        return 2;
    }
    int status = cli_start_program(pf, path, "the debugger", argc, argv);
    if (status)
        return status;

    Reader r;
    memset(&r, 0, sizeof r);
    Source *src = xmalloc((o->nsources + 2) * sizeof *src);
    size_t n = 0;
    static char home_init[4096];
    if (!o->nx) {
        const char *home = getenv("HOME");
        if (home) {
            snprintf(home_init, sizeof home_init, "%s/.pydbginit", home);
            if (access(home_init, R_OK) == 0)
                src[n++] = (Source){true, home_init};
        }
        if (access(".pydbginit", R_OK) == 0)
            src[n++] = (Source){true, ".pydbginit"};
    }
    for (size_t i = 0; i < o->nsources; i++)
        src[n++] = (Source){o->sources[i].is_file, o->sources[i].text};
    r.src = src;
    r.nsrc = n;
    r.interactive = !o->batch;
    r.tty = isatty(0) && isatty(1);

    SessionConfig cfg = {0};
    cfg.path = path;
    cfg.pyc = pf;
    cfg.argc = argc;
    cfg.argv = argv;
    cfg.out = stdout;
    cfg.err = stderr;
    cfg.batch = o->batch;
    cfg.interactive = r.tty && !o->batch;
    cfg.max_steps = o->max_steps;
    cfg.timeout = o->timeout;
    if (o->tui && !o->batch) {
        /* Full screen (src/tui): the init files and -x/-ex lines first, then
         * the TUI's own command line. */
        r.interactive = false;
        status = tui_main(&cfg, reader_next, &r);
        if (r.fp && r.fp != stdin)
            fclose(r.fp);
        free(src);
        vm_fini();
        pyc_free(pf);
        return status;
    }
    Session *s = session_new(&cfg);
    session_set_reader(s, reader_next, &r);
    if (r.tty && r.interactive) {
        completion_session = s;
        rl_readline_name = "pydbg";
        rl_attempted_completion_function = complete;
        rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,[";
        r.history_path = history_file();
        if (r.history_path)
            read_history(r.history_path);
    }
    status = session_loop(s);
    if (r.history_path) {
        history_save(r.history_path);
        free(r.history_path);
    }
    if (r.fp && r.fp != stdin)
        fclose(r.fp);
    cands_clear();
    free(cands);
    session_free(s);
    free(src);
    vm_fini();
    pyc_free(pf);
    fflush(stdout);
    return status;
}
