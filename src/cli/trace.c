/* trace.c — `--trace FILE.pyc [ARGS…]`: run the program in the VM printing
 * every line as it executes, exactly as `python3.12 -m trace --trace` does.
 *
 * The VM traps every instruction; linev.c decides where 3.12's sys.settrace
 * reports a 'call' or a 'line' event, and this file prints what trace.py's
 * tracer prints for it:
 *
 *   'call'  ` --- modulename: MOD, funcname: CO_NAME` — MOD is trace.py's
 *           _modname(frame.f_globals['__file__']): the base name without
 *           its extension.  A frame whose globals have no (or an empty)
 *           __file__, or whose module name is `<string>`, is not traced
 *           (no line events), as trace.py's global trace function returns
 *           None for it; the decision is remembered in the frame (f_trace)
 *           like CPython keeps the returned local trace function.
 *   'line'  `BASENAME(LINE): SOURCE` — BASENAME of co_filename, SOURCE the
 *           line as linecache.getline returns it: with its '\n', or ''
 *           (and so no line end at all) when the file cannot be read.
 *
 * Both go through the VM's sys.stdout, as trace.py's print() does (a write
 * of the text, then one of the `end` string), so they interleave with the
 * program's own output exactly as under CPython, whatever stdout is.  While
 * a trace line is written no event is reported (CPython does not trace its
 * tracer); if writing fails, tracing stops and the exception propagates
 * into the program at that instruction, as when a trace function raises.
 *
 * `--ignore-dir DIR` (repeatable) leaves out the modules under DIR, as
 * trace.py's option does (its $prefix spelling is not expanded).
 *
 * Everything else is `--run`: same sys.argv, stdout/stderr, exit status.
 * Tracing ends when the module's code finishes (trace.py's runctx calls
 * sys.settrace(None) then), before the uncaught-exception report, atexit
 * callbacks and finalisation.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pydbg/linev.h"
#include "pydbg/vm.h"
#include "src/cli/cli.h"

/* ---- linecache ------------------------------------------------------------
 * getline(filename, n): the file named co_filename (relative to the working
 * directory, else joined to each sys.path entry), decoded as UTF-8 (a BOM
 * skipped), split in universal-newline lines that keep their '\n' (one is
 * added to a last line without it).  Files read once are kept for the run,
 * as linecache caches them; a file that cannot be read gives ''. */

typedef struct SrcFile {
    struct SrcFile *next;
    char *name;
    char *text;              /* normalised: every line ends in '\n' */
    size_t *starts;          /* offset of each line in text */
    size_t nlines, len;
} SrcFile;

static SrcFile *src_files;

static char *src_read(const char *path, size_t *len)
{
    struct stat st;
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return NULL;
    Diag d;
    diag_clear(&d);
    return (char *)file_read_all(path, len, &d);
}

/* linecache.updatecache's search: the name itself, then (for a relative
 * name) os.path.join(entry, name) for each str entry of sys.path; the
 * first candidate that exists decides (read as a regular file, or none). */
static char *src_find(const char *name, size_t *len)
{
    struct stat st;
    if (stat(name, &st) == 0)
        return src_read(name, len);
    if (name[0] == '/')
        return NULL;
    Obj *path = sys_get_borrow("path");
    if (!path || !LIST_CHECK(path))
        return NULL;
    for (Ssize i = 0; i < LIST_LEN(path); i++) {
        Obj *dir = LIST_ITEMS(path)[i];
        if (!STR_CHECK(dir))
            continue;
        Ssize dl;
        const char *ds = str_utf8_lossy(dir, &dl);
        SBuf b = SBUF_INIT;
        sbuf_put(&b, ds, (size_t)dl);
        if (dl && ds[dl - 1] != '/')
            sbuf_putc(&b, '/');
        sbuf_puts(&b, name);
        char *data = NULL;
        bool exists = stat(sbuf_cstr(&b), &st) == 0;
        if (exists)
            data = src_read(sbuf_cstr(&b), len);
        sbuf_free(&b);
        if (exists)
            return data;    /* the first existing candidate decides */
    }
    return NULL;
}

static SrcFile *src_load(const char *name)
{
    for (SrcFile *s = src_files; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return s;
    /* `<string>`-style names are never files. */
    size_t nl = strlen(name);
    if (nl == 0 || (name[0] == '<' && name[nl - 1] == '>'))
        return NULL;
    size_t len;
    char *raw = src_find(name, &len);
    if (!raw)
        return NULL;
    const char *p = raw, *e = raw + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    /* tokenize.open decodes strictly: undecodable text reads as no file. */
    Obj *check = str_from_utf8(p, (Ssize)(e - p));
    if (!check) {
        vm_err_clear();
        free(raw);
        return NULL;
    }
    DECREF(check);
    SrcFile *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(name);
    s->text = xmalloc((size_t)(e - p) + 2);
    size_t n = 0, cap = 16;
    s->starts = xmalloc(cap * sizeof *s->starts);
    bool at_start = true;
    while (p < e) {
        if (at_start) {
            if (s->nlines == cap)
                s->starts = xrealloc(s->starts, (cap *= 2) * sizeof *s->starts);
            s->starts[s->nlines++] = n;
            at_start = false;
        }
        char c = *p++;
        if (c == '\r') {
            if (p < e && *p == '\n')
                p++;
            c = '\n';
        }
        s->text[n++] = c;
        if (c == '\n')
            at_start = true;
    }
    if (n && s->text[n - 1] != '\n')
        s->text[n++] = '\n';
    s->text[n] = 0;
    s->len = n;
    free(raw);
    s->next = src_files;
    src_files = s;
    return s;
}

/* Line `lineno` with its '\n', or "" (n = 0). */
static const char *src_getline(const char *name, int lineno, size_t *n)
{
    *n = 0;
    SrcFile *s = src_load(name);
    if (!s || lineno < 1 || (size_t)lineno > s->nlines)
        return "";
    size_t a = s->starts[lineno - 1];
    size_t b = (size_t)lineno < s->nlines ? s->starts[lineno] : s->len;
    *n = b - a;
    return s->text + a;
}

static void src_free_all(void)
{
    while (src_files) {
        SrcFile *s = src_files;
        src_files = s->next;
        free(s->name);
        free(s->text);
        free(s->starts);
        free(s);
    }
}

/* ---- the tracer ----------------------------------------------------------- */

static bool in_tracer;       /* writing a trace line: report nothing */
static const char *const *ignore_dirs;   /* --ignore-dir: NULL-terminated */
static Obj *traced_marker;   /* f_trace of frames trace.py would trace */

/* print(text, end=end) to sys.stdout: -1 with an exception. */
static int trace_print(const char *text, size_t n, const char *end)
{
    Obj *out = sys_get_borrow("stdout");
    if (!out) {
        vm_err_set_str(&exc_RuntimeError, "lost sys.stdout");
        return -1;
    }
    if (out == NONE)
        return 0;
    if (io_write_utf8(out, text, n) < 0)
        return -1;
    return io_write_utf8(out, end, strlen(end));
}

/* os.path.basename: what follows the last '/'. */
static const char *path_base(const char *p, size_t n, size_t *bn)
{
    const char *b = p;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '/')
            b = p + i + 1;
    *bn = (size_t)(p + n - b);
    return b;
}

/* trace.py's _modname: os.path.splitext(os.path.basename(path))[0]
 * (leading dots of the base name never start an extension). */
static void module_name(SBuf *out, const char *path, size_t n)
{
    size_t bn;
    const char *b = path_base(path, n, &bn);
    size_t cut = bn;
    for (size_t i = bn; i-- > 0;)
        if (b[i] == '.') {
            size_t k = 0;
            while (k < i && b[k] == '.')
                k++;
            if (k < i)
                cut = i;
            break;
        }
    sbuf_put(out, b, cut);
}

/* A file of the standard library (sys.prefix/lib/python3.12/…, the
 * __file__ pydbg's native modules have, see stdfiles.c): trace.py runs
 * with --ignore-dir at CPython's, so their frames are not traced. */
static bool in_stdlib(const char *file, size_t len)
{
    Obj *prefix = sys_get_borrow("prefix");
    if (!prefix || !STR_CHECK(prefix))
        return false;
    Ssize pl;
    const char *p = str_utf8_lossy(prefix, &pl);
    static const char lib[] = "/lib/python3.12/";
    size_t need = (size_t)pl + sizeof lib - 1;
    return len > need && memcmp(file, p, (size_t)pl) == 0 && memcmp(file + pl, lib, sizeof lib - 1) == 0;
}

/* The 'call' event: trace.py's globaltrace_lt.  Returns -1 with an exception. */
static int trace_call(Frame *f)
{
    Obj *file = f->globals && DICT_CHECK(f->globals)
                    ? dict_get_str_borrow(f->globals, "__file__") : NULL;
    if (!file) {
        vm_err_clear();
        return 0;
    }
    int truth = obj_is_true(file);
    if (truth <= 0) {
        vm_err_clear();
        return 0;
    }
    if (!STR_CHECK(file))
        return 0;           /* os.path would raise: CPython stops tracing */
    Ssize fl;
    const char *fs = str_utf8_lossy(file, &fl);
    if (in_stdlib(fs, (size_t)fl))
        return 0;
    /* trace.py's Ignore.names: a module whose __file__ lies under an
     * --ignore-dir is not traced. */
    for (const char *const *d = ignore_dirs; d && *d; d++) {
        size_t dl = strlen(*d);
        while (dl > 1 && (*d)[dl - 1] == '/')
            dl--;
        if ((size_t)fl > dl && strncmp(fs, *d, dl) == 0 && fs[dl] == '/')
            return 0;
    }
    SBuf mod = SBUF_INIT;
    module_name(&mod, fs, (size_t)fl);
    if (strcmp(sbuf_cstr(&mod), "<string>") == 0) {
        sbuf_free(&mod);
        return 0;
    }
    Ssize nl;
    const char *ns = str_utf8_lossy(f->code->name, &nl);
    SBuf line = SBUF_INIT;
    sbuf_puts(&line, " --- modulename: ");
    sbuf_put(&line, mod.data, mod.len);
    sbuf_puts(&line, ", funcname: ");
    sbuf_put(&line, ns, (size_t)nl);
    sbuf_free(&mod);
    int rc = trace_print(line.data, line.len, "\n");
    sbuf_free(&line);
    if (rc < 0)
        return -1;
    obj_setref(&f->trace, INCREF(traced_marker));
    return 0;
}

/* The 'line' event: trace.py's localtrace_trace. */
static int trace_line(Frame *f, int line)
{
    Ssize fl;
    const char *fs = str_utf8_lossy(f->code->filename, &fl);
    SBuf name = SBUF_INIT;
    sbuf_put(&name, fs, (size_t)fl);
    size_t bn;
    const char *b = path_base(name.data ? name.data : "", name.len, &bn);
    SBuf out = SBUF_INIT;
    sbuf_put(&out, b, bn);
    sbuf_printf(&out, "(%d): ", line);
    size_t sn;
    const char *src = src_getline(sbuf_cstr(&name), line, &sn);
    sbuf_put(&out, src, sn);
    int rc = trace_print(out.data ? out.data : "", out.len, "");
    sbuf_free(&out);
    sbuf_free(&name);
    return rc;
}

static int trace_hook(Frame *f, int32_t prev)
{
    int32_t i = f->lasti;
    int line;
    /* Always asked, also for the tracer's own Python code (a user's
     * sys.stdout): linev's model of CPython's specialiser sees every run. */
    bool line_ev = linev_line_event(f, prev, i, &line);
    if (in_tracer)
        return 0;
    in_tracer = true;
    int rc = 0;
    if (linev_call_event(f, prev, i))
        rc = trace_call(f);
    if (rc == 0 && line_ev && f->trace == traced_marker)
        rc = trace_line(f, line);
    in_tracer = false;
    if (rc < 0) {
        /* A failing trace function: sys.settrace(None), then the error
         * propagates from here. */
        vm->trap = VM_TRAP_OFF;
        vm_trap_hook = NULL;
    }
    return rc;
}

int cli_trace(const char *path, const CliOptions *o, int argc, char **argv)
{
    int status;
    PycFile *pf = cli_load_program(path, o, "--trace", argc, argv, &status);
    if (!pf)
        return status;
    VmMain m;
    status = vm_main_begin(&m, pf);
    if (status)
        return status;
    ignore_dirs = o->ignore_dirs;
    traced_marker = str_from_cstr("<pydbg --trace>");
    if (!traced_marker) {
        vm_main_abandon(&m);
        vm_fini();
        pyc_free(pf);
        return 1;
    }
    vm_trap_hook = trace_hook;
    vm->trap = VM_TRAP_ALL;
    Obj *exc = vm_main_exec(&m);
    vm->trap = VM_TRAP_OFF;
    vm_trap_hook = NULL;
    status = vm_main_report(exc);
    XDECREF(exc);
    status = vm_main_end(&m, status);
    CLEAR(traced_marker);
    vm_fini();
    pyc_free(pf);
    src_free_all();
    if (status == -SIGINT) {
        /* As --run: die by the signal so the parent sees it. */
        signal(SIGINT, SIG_DFL);
        kill(getpid(), SIGINT);
        status = 128 + SIGINT;
    }
    return status;
}
