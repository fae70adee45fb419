/* breakpoints.c — the breakpoint table, LOCATION resolution, and marking.
 *
 * Resolution is static: a LOCATION is looked up in the code objects of the
 * program's file (and of module files beside it, loaded for the purpose),
 * using the line-event points of bytecode/lines.c to know which lines have
 * code.  A resolved breakpoint names a file (co_filename as stored) and a
 * line, or a function (qualname + co_firstlineno) it stops on entering, or
 * an instruction (qualname + byte offset).
 *
 * Marking is dynamic: every runtime code object of the run is registered
 * (vm_code_hook) and gets a breakpoint byte per instruction where some
 * enabled breakpoint may stop (line starts of its line, the function's line
 * starts for an entry breakpoint, the instruction itself); the VM traps
 * only there, and dbg_bp_hits decides with the run-time line-event rule.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/expr.h"
#include "pydbg/linev.h"
#include "src/dbg/dbgint.h"

const char *dbg_cstr(Obj *s)
{
    if (!s || !STR_CHECK(s))
        return "";
    Ssize n;
    const char *c = str_utf8_lossy(s, &n);
    return c ? c : "";
}

/* ---- static code knowledge --------------------------------------------------------- */

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static const char *pyc_cstr(Arena *a, const PycObj *o)
{
    uint32_t n = 0;
    const char *s = o ? pyc_text(o, &n) : NULL;
    if (!s)
        return "";
    char *c = arena_alloc(a, n + 1);
    memcpy(c, s, n);
    c[n] = 0;
    return c;
}

static void know_code(Dbg *d, const CodeObj *co)
{
    for (size_t k = 0; k < d->nknown; k++)
        if (d->known[k].co == co)
            return;
    if (d->nknown == d->capknown) {
        d->capknown = d->capknown ? 2 * d->capknown : 64;
        d->known = xrealloc(d->known, d->capknown * sizeof *d->known);
    }
    KnownCode *kc = &d->known[d->nknown];
    memset(kc, 0, sizeof *kc);
    kc->co = co;
    kc->file = pyc_cstr(&d->arena, co->filename);
    kc->name = pyc_cstr(&d->arena, co->name);
    kc->qualname = co->qualname ? pyc_cstr(&d->arena, co->qualname) : kc->name;
    kc->firstlineno = co->firstlineno;
    kc->is_module = strcmp(kc->name, "<module>") == 0;
    kc->first_body_line = -1;
    Arena tmp;
    arena_init(&tmp);
    Diag dg;
    diag_clear(&dg);
    InsnArray ia;
    LineTable lt;
    uint8_t *ev = NULL;
    const OpTable *t = opcode_table(co->ver);
    if (t && decode_code(co, t, &tmp, &ia, &dg) == 0 && linetable_decode(co, &tmp, &lt, &dg) == 0 &&
        lines_event_points(co, &ia, &lt, &tmp, &ev, &dg) == 0) {
        int32_t *ls = arena_alloc(&d->arena, (ia.n ? ia.n : 1) * sizeof *ls);
        size_t n = 0;
        for (uint32_t i = 0; i < ia.n; i++) {
            if (!ev[i])
                continue;
            int32_t line = lines_event_line(&lt, &ia.v[i]);
            if (line < 0)
                continue;
            if (kc->first_body_line < 0)
                kc->first_body_line = line;
            ls[n++] = line;
        }
        qsort(ls, n, sizeof *ls, cmp_i32);
        size_t u = 0;
        for (size_t i = 0; i < n; i++)
            if (u == 0 || ls[u - 1] != ls[i])
                ls[u++] = ls[i];
        kc->lines = ls;
        kc->nlines = u;
    }
    arena_free(&tmp);
    d->nknown++;
}

static void know_pyc(Dbg *d, const PycFile *pf)
{
    for (uint32_t i = 0; i < pf->ncode; i++)
        know_code(d, pf->codes[i]);
}

/* Does co_filename `file` name the user's FILE? */
static bool file_matches(const char *file, const char *user)
{
    if (strcmp(file, user) == 0)
        return true;
    size_t lf = strlen(file), lu = strlen(user);
    if (lf > lu && file[lf - lu - 1] == '/' && strcmp(file + lf - lu, user) == 0)
        return true;
    const char *bu = strrchr(user, '/');
    const char *bf = strrchr(file, '/');
    return bu && strcmp(bu + 1, bf ? bf + 1 : file) == 0;
}

/* The file name as known from code objects, loading FILE's module .pyc
 * beside the program if needed; NULL when unknown. */
static const char *known_file(Dbg *d, const char *user)
{
    for (size_t k = 0; k < d->nknown; k++)
        if (file_matches(d->known[k].file, user))
            return d->known[k].file;
    /* A module beside the program: NAME.py → NAME.pyc or __pycache__. */
    const char *base = strrchr(user, '/');
    base = base ? base + 1 : user;
    size_t bl = strlen(base);
    if (bl > 3 && strcmp(base + bl - 3, ".py") == 0)
        bl -= 3;
    char path[PATH_MAX];
    const char *pats[] = {"%s/%.*s.pyc", "%s/__pycache__/%.*s.cpython-%d%d.pyc"};
    for (int p = 0; p < 2; p++) {
        snprintf(path, sizeof path, pats[p], d->dir, (int)bl, base, d->pf->ver / 100,
                 d->pf->ver % 100);
        Diag dg;
        diag_clear(&dg);
        PycFile *pf = pyc_load_file(path, 0, &dg);
        if (!pf)
            continue;
        if (!pf->code || pf->ver != d->pf->ver) {
            pyc_free(pf);
            continue;
        }
        d->extra_pycs = xrealloc(d->extra_pycs, (d->nextra + 1) * sizeof *d->extra_pycs);
        d->extra_pycs[d->nextra++] = pf;
        know_pyc(d, pf);
        for (size_t k = 0; k < d->nknown; k++)
            if (file_matches(d->known[k].file, user))
                return d->known[k].file;
    }
    return NULL;
}

static const char *main_file(Dbg *d)
{
    return d->nknown ? d->known[0].file : "";
}

/* The file of the frame the user is looking at (else the program's). */
static const char *default_file(Dbg *d)
{
    if (d->running && d->stop.frame)
        return dbg_cstr(d->stop.frame->code->filename);
    return main_file(d);
}

static bool has_line(const KnownCode *kc, int line)
{
    for (size_t i = 0; i < kc->nlines; i++)
        if (kc->lines[i] == line)
            return true;
    return false;
}

static const KnownCode *find_function(Dbg *d, const char *file, const char *name)
{
    const KnownCode *byname = NULL;
    for (size_t k = 0; k < d->nknown; k++) {
        const KnownCode *kc = &d->known[k];
        if (kc->is_module || (file && strcmp(kc->file, file) != 0))
            continue;
        if (strcmp(kc->qualname, name) == 0)
            return kc;
        size_t lq = strlen(kc->qualname), ln = strlen(name);
        if (!byname && (strcmp(kc->name, name) == 0 ||
                        (lq > ln && kc->qualname[lq - ln - 1] == '.' &&
                         strcmp(kc->qualname + lq - ln, name) == 0)))
            byname = kc;
    }
    return byname;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    char *r = xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

static DbgBp *bp_alloc(const char *location)
{
    DbgBp *bp = xmalloc(sizeof *bp);
    memset(bp, 0, sizeof *bp);
    bp->type = DBG_BP_BREAK;
    bp->enabled = true;
    bp->location = xstrdup(location);
    bp->line = -1;
    bp->offset = -1;
    return bp;
}

void dbg_bp_free(DbgBp *bp)
{
    if (!bp)
        return;
    free(bp->location);
    free(bp->file);
    free(bp->func);
    free(bp->cond);
    free(bp->expr);
    expr_code_free(bp->cond_code);
    expr_code_free(bp->expr_code);
    for (size_t i = 0; i < bp->ncommands; i++)
        free(bp->commands[i]);
    free(bp->commands);
    XDECREF(bp->scope);
    XDECREF(bp->old_value);
    free(bp);
}

/* A line in file: the line itself when it has code, else the next line
 * with code (noted); a def line also stops on entering the function. */
static int resolve_line(Dbg *d, DbgBp *bp, const char *file, long line, SBuf *note, SBuf *err)
{
    int best = INT_MAX;
    bool exact = false;
    for (size_t k = 0; k < d->nknown; k++) {
        const KnownCode *kc = &d->known[k];
        if (strcmp(kc->file, file) != 0)
            continue;
        if (has_line(kc, (int)line))
            exact = true;
        for (size_t i = 0; i < kc->nlines; i++)
            if (kc->lines[i] > line && kc->lines[i] < best)
                best = kc->lines[i];
    }
    int at = exact ? (int)line : best;
    if (at == INT_MAX) {
        sbuf_printf(err, "Line %ld is out of range for \"%s\".", line, file);
        return -1;
    }
    bp->file = xstrdup(file);
    bp->line = at;
    /* A function whose def (or decorator) line this is stops at every call. */
    for (size_t k = 0; k < d->nknown; k++) {
        const KnownCode *kc = &d->known[k];
        if (kc->is_module || strcmp(kc->file, file) != 0 || kc->first_body_line < 0)
            continue;
        if (kc->firstlineno <= line && line < kc->first_body_line) {
            bp->entry = bp->def_line = true;
            bp->func = xstrdup(kc->qualname);
            bp->firstlineno = kc->firstlineno;
            break;
        }
    }
    if (!exact)
        sbuf_printf(note, " (line %ld has no code; moved to line %d)", line, at);
    return 0;
}

static int resolve_function(Dbg *d, DbgBp *bp, const char *file, const char *name, SBuf *err)
{
    const KnownCode *kc = find_function(d, file, name);
    if (!kc) {
        sbuf_printf(err, "Function \"%s\" not defined%s%s.", name, file ? " in " : "",
                    file ? file : "");
        return -1;
    }
    bp->file = xstrdup(kc->file);
    bp->func = xstrdup(kc->qualname);
    bp->firstlineno = kc->firstlineno;
    bp->entry = true;
    bp->line = kc->first_body_line;
    return 0;
}

/* *OFFSET (frame's code, or the module) or FUNC@OFFSET. */
static int resolve_offset(Dbg *d, DbgBp *bp, const char *func, const char *num, SBuf *err)
{
    char *end;
    errno = 0;
    long off = strtol(num, &end, 0);
    if (*num == 0 || *end || errno || off < 0 || off > INT32_MAX) {
        sbuf_printf(err, "Invalid instruction offset \"%s\".", num);
        return -1;
    }
    const KnownCode *kc = NULL;
    if (func) {
        kc = find_function(d, NULL, func);
        if (!kc && strcmp(func, "<module>") == 0 && d->nknown)
            kc = &d->known[0];
        if (!kc) {
            sbuf_printf(err, "Function \"%s\" not defined.", func);
            return -1;
        }
    } else if (d->running && d->stop.frame) {
        const CodeObj *src = d->stop.frame->code->src;
        for (size_t k = 0; k < d->nknown && !kc; k++)
            if (d->known[k].co == src)
                kc = &d->known[k];
        if (!kc) {
            know_code(d, src);
            kc = &d->known[d->nknown - 1];
        }
    } else {
        kc = &d->known[0];
    }
    /* The offset must start an instruction of that code object. */
    Arena tmp;
    arena_init(&tmp);
    Diag dg;
    diag_clear(&dg);
    InsnArray ia;
    int ok = decode_code(kc->co, opcode_table(kc->co->ver), &tmp, &ia, &dg) == 0 &&
             decode_index_at(&ia, (uint32_t)off) >= 0;
    arena_free(&tmp);
    if (!ok) {
        sbuf_printf(err, "No instruction starts at offset %ld of %s.", off, kc->qualname);
        return -1;
    }
    bp->file = xstrdup(kc->file);
    bp->func = xstrdup(kc->qualname);
    bp->firstlineno = kc->firstlineno;
    bp->offset = (int32_t)off;
    return 0;
}

DbgBp *dbg_bp_resolve(Dbg *d, const char *location, SBuf *note, SBuf *err)
{
    char *loc = trim_dup(location, strlen(location));
    DbgBp *bp = bp_alloc(loc);
    int rc = -1;
    char *colon = strrchr(loc, ':');
    char *at = strchr(loc, '@');
    if (!*loc) {
        if (!d->running || !d->stop.frame) {
            sbuf_puts(err, "No default breakpoint location: the program is not being run.");
        } else {
            bp->file = xstrdup(default_file(d));
            bp->line = d->stop.line;
            rc = bp->line >= 0 ? 0 : -1;
            if (rc < 0)
                sbuf_puts(err, "The current instruction has no line.");
        }
    } else if (loc[0] == '*') {
        rc = resolve_offset(d, bp, NULL, loc + 1, err);
    } else if (at) {
        *at = 0;
        rc = resolve_offset(d, bp, loc, at + 1, err);
    } else if (all_digits(loc)) {
        rc = resolve_line(d, bp, default_file(d), strtol(loc, NULL, 10), note, err);
    } else if (colon) {
        *colon = 0;
        const char *file = known_file(d, loc);
        const char *what = colon + 1;
        if (!file) {
            if (all_digits(what)) {
                /* Not loaded yet and not beside the program: pending. */
                bp->file = xstrdup(loc);
                bp->line = (int)strtol(what, NULL, 10);
                bp->pending = true;
                rc = 0;
            } else {
                sbuf_printf(err, "No source file named %s.", loc);
            }
        } else if (all_digits(what)) {
            rc = resolve_line(d, bp, file, strtol(what, NULL, 10), note, err);
        } else {
            rc = resolve_function(d, bp, file, what, err);
        }
    } else {
        rc = resolve_function(d, bp, NULL, loc, err);
    }
    free(loc);
    if (rc < 0) {
        dbg_bp_free(bp);
        return NULL;
    }
    return bp;
}

/* ---- the table ------------------------------------------------------------------- */

static void table_add(Dbg *d, DbgBp *bp)
{
    if (d->nbps == d->capbps) {
        d->capbps = d->capbps ? 2 * d->capbps : 16;
        d->bps = xrealloc(d->bps, d->capbps * sizeof *d->bps);
    }
    bp->num = ++d->next_num;
    d->bps[d->nbps++] = bp;
}

static void describe(const DbgBp *bp, SBuf *out)
{
    if (bp->pending)
        sbuf_printf(out, "%s:%d (pending: the file is not loaded yet)", bp->file, bp->line);
    else if (bp->offset >= 0)
        sbuf_printf(out, "%s, offset %d (%s)", bp->func, bp->offset, bp->file);
    else if (bp->entry && !bp->def_line)
        sbuf_printf(out, "%s:%d (entry of %s)", bp->file, bp->line, bp->func);
    else
        sbuf_printf(out, "%s:%d", bp->file, bp->line);
}

int dbg_break_add(Dbg *d, const char *location, const char *cond, bool temporary, SBuf *note,
                  SBuf *err)
{
    SBuf moved = SBUF_INIT;
    DbgBp *bp = dbg_bp_resolve(d, location, &moved, err);
    if (!bp) {
        sbuf_free(&moved);
        return -1;
    }
    if (cond && *cond) {
        bp->cond_code = expr_compile(cond, err);
        if (!bp->cond_code) {
            dbg_bp_free(bp);
            sbuf_free(&moved);
            return -1;
        }
        bp->cond = xstrdup(cond);
    }
    bp->temporary = temporary;
    table_add(d, bp);
    sbuf_printf(note, "%s %d at ", temporary ? "Temporary breakpoint" : "Breakpoint", bp->num);
    describe(bp, note);
    sbuf_puts(note, sbuf_cstr(&moved));
    if (bp->def_line)
        sbuf_printf(note, "; also stops at every call of %s", bp->func);
    sbuf_free(&moved);
    dbg_bps_changed(d);
    return bp->num;
}

int dbg_watch_add(Dbg *d, const char *expr, Frame *frame, SBuf *note, SBuf *err)
{
    ExprCode *code = expr_compile(expr, err);
    if (!code)
        return -1;
    DbgBp *bp = bp_alloc(expr);
    bp->type = DBG_BP_WATCH;
    bp->expr = xstrdup(expr);
    bp->expr_code = code;
    /* A module frame's names live as long as the program: no scope. */
    if (frame && frame->locals == NULL)
        bp->scope = (Frame *)INCREF(frame);
    ExprEnv env = {frame, NULL, NULL};
    SBuf e2 = SBUF_INIT;
    bp->old_value = expr_eval(&env, expr, &e2);   /* NULL: not evaluable yet */
    sbuf_free(&e2);
    table_add(d, bp);
    sbuf_printf(note, "Watchpoint %d: %s", bp->num, expr);
    dbg_bps_changed(d);
    return bp->num;
}

DbgBp *dbg_bp_get(Dbg *d, int num)
{
    for (size_t i = 0; i < d->nbps; i++)
        if (d->bps[i]->num == num)
            return d->bps[i];
    return NULL;
}

DbgBp **dbg_bp_list(Dbg *d, size_t *n)
{
    *n = d->nbps;
    return d->bps;
}

int dbg_bp_delete(Dbg *d, int num)
{
    for (size_t i = 0; i < d->nbps; i++)
        if (d->bps[i]->num == num) {
            dbg_bp_free(d->bps[i]);
            memmove(d->bps + i, d->bps + i + 1, (d->nbps - i - 1) * sizeof *d->bps);
            d->nbps--;
            dbg_bps_changed(d);
            return 0;
        }
    return -1;
}

void dbg_bp_delete_all(Dbg *d)
{
    for (size_t i = 0; i < d->nbps; i++)
        dbg_bp_free(d->bps[i]);
    d->nbps = 0;
    dbg_bps_changed(d);
}

int dbg_bp_enable(Dbg *d, int num, bool on)
{
    DbgBp *bp = dbg_bp_get(d, num);
    if (!bp)
        return -1;
    bp->enabled = on;
    dbg_bps_changed(d);
    return 0;
}

int dbg_bp_condition(Dbg *d, int num, const char *cond, SBuf *err)
{
    DbgBp *bp = dbg_bp_get(d, num);
    if (!bp) {
        sbuf_printf(err, "No breakpoint number %d.", num);
        return -1;
    }
    ExprCode *code = NULL;
    if (cond && *cond && !(code = expr_compile(cond, err)))
        return -1;
    free(bp->cond);
    expr_code_free(bp->cond_code);
    bp->cond = cond && *cond ? xstrdup(cond) : NULL;
    bp->cond_code = code;
    return 0;
}

int dbg_bp_ignore(Dbg *d, int num, long count)
{
    DbgBp *bp = dbg_bp_get(d, num);
    if (!bp)
        return -1;
    bp->ignore = count < 0 ? 0 : count;
    return 0;
}

int dbg_locate(Dbg *d, const char *location, char **file, int *line, SBuf *err)
{
    SBuf note = SBUF_INIT;
    DbgBp *bp = dbg_bp_resolve(d, location, &note, err);
    sbuf_free(&note);
    if (!bp)
        return -1;
    *file = xstrdup(bp->file);
    *line = bp->line;
    dbg_bp_free(bp);
    return 0;
}

bool dbg_has_watch(const Dbg *d)
{
    for (size_t i = 0; i < d->nbps; i++)
        if (d->bps[i]->type == DBG_BP_WATCH && d->bps[i]->enabled)
            return true;
    return false;
}

bool dbg_has_breaks(const Dbg *d)
{
    for (size_t i = 0; i < d->nbps; i++)
        if (d->bps[i]->type == DBG_BP_BREAK && d->bps[i]->enabled)
            return true;
    return d->advance != NULL;
}

/* ---- marking runtime code objects ------------------------------------------------ */

static bool code_is_slow(const DbgBp *bp, CodeRtObj *co)
{
    if (!file_matches(dbg_cstr(co->filename), bp->file))
        return false;
    if (bp->pending)
        return true;
    return strcmp(dbg_cstr(co->filename), bp->file) == 0;
}

/* Cached per breakpoint: the VM asks again and again about the same code
 * object (which the engine keeps alive for the run). */
static bool code_is(const DbgBp *bp, CodeRtObj *co)
{
    DbgBp *w = (DbgBp *)bp;
    if (w->seen_code != co) {
        w->seen_code = co;
        w->seen_match = code_is_slow(bp, co);
    }
    return w->seen_match;
}

static bool func_is(const DbgBp *bp, CodeRtObj *co)
{
    return bp->func && strcmp(dbg_cstr(co->qualname), bp->func) == 0 &&
           co->firstlineno == bp->firstlineno;
}

/* Does breakpoint bp (enabled or not) stop at instruction i of co?  The
 * static half of dbg_bp_hits: a line breakpoint's line starts, an entry
 * breakpoint's first line start after RESUME 0, an instruction breakpoint's
 * instruction.  Also what `disassemble` marks. */
bool dbg_bp_at(const DbgBp *bp, CodeRtObj *co, int32_t i)
{
    if (bp->type != DBG_BP_BREAK || !code_is(bp, co))
        return false;
    if (bp->offset >= 0)
        return func_is(bp, co) && co->code[i].offset == (uint32_t)bp->offset;
    if (!linev_is_start(co, i))
        return false;
    if ((!bp->entry || bp->def_line) && co->code[i].line == bp->line)
        return true;
    return bp->entry && func_is(bp, co) && i > 0 && co->insns.v[i - 1].op == OP_RESUME &&
           co->insns.v[i - 1].arg == 0;
}

static void mark_one(const DbgBp *bp, CodeRtObj *co, uint8_t *m)
{
    if (!bp->enabled)
        return;
    for (uint32_t i = 0; i < co->insns.n; i++)
        if (dbg_bp_at(bp, co, (int32_t)i))
            m[i] = 1;
}

static void mark_code(Dbg *d, CodeRtObj *co)
{
    uint32_t n = co->insns.n;
    uint8_t *m = co->breakpoints;
    if (!m) {
        m = xmalloc(n ? n : 1);
    }
    memset(m, 0, n ? n : 1);
    bool any = false;
    for (size_t k = 0; k < d->nbps; k++)
        mark_one(d->bps[k], co, m);
    if (d->advance)
        mark_one(d->advance, co, m);
    /* With breakpoint trapping the line-event rule still has to see every
     * run of the attribute/subscript sites whose specialisation it models
     * (linev.h); line starts need no hook of their own (the rule reads the
     * previous instruction from the frame). */
    if (dbg_has_breaks(d))
        for (uint32_t i = 0; i < n; i++) {
            uint16_t op = co->insns.v[i].op;
            if ((op == OP_LOAD_ATTR || op == OP_BINARY_SUBSCR) && linev_needs_hook(co, (int32_t)i))
                m[i] = 1;
        }
    for (uint32_t i = 0; i < n && !any; i++)
        any = m[i] != 0;
    if (any) {
        co->breakpoints = m;
    } else {
        free(m);
        co->breakpoints = NULL;
    }
}

void dbg_code_created(Dbg *d, CodeRtObj *co)
{
    if (d->ncodes == d->capcodes) {
        d->capcodes = d->capcodes ? 2 * d->capcodes : 64;
        d->codes = xrealloc(d->codes, d->capcodes * sizeof *d->codes);
    }
    d->codes[d->ncodes++] = (CodeRtObj *)INCREF(co);
    know_code(d, co->src);
    mark_code(d, co);
}

void dbg_bps_changed(Dbg *d)
{
    for (size_t i = 0; i < d->nbps; i++)
        d->bps[i]->seen_code = NULL;
    for (size_t i = 0; i < d->ncodes; i++)
        mark_code(d, d->codes[i]);
}

void dbg_codes_release(Dbg *d)
{
    for (size_t i = 0; i < d->nbps; i++)
        d->bps[i]->seen_code = NULL;
    for (size_t i = 0; i < d->ncodes; i++) {
        free(d->codes[i]->breakpoints);
        d->codes[i]->breakpoints = NULL;
        DECREF(d->codes[i]);
    }
    d->ncodes = 0;
}

bool dbg_bp_hits(const DbgBp *bp, Frame *f, int32_t prev, int32_t i, bool is_line, int line)
{
    if (bp->type != DBG_BP_BREAK || !bp->enabled || !code_is(bp, f->code))
        return false;
    if (bp->offset >= 0)
        return func_is(bp, f->code) && f->code->code[i].offset == (uint32_t)bp->offset;
    if (!is_line)
        return false;
    if ((!bp->entry || bp->def_line) && line == bp->line)
        return true;
    if (bp->entry && func_is(bp, f->code) && prev >= 0 && f->code->insns.v[prev].op == OP_RESUME &&
        f->code->insns.v[prev].arg == 0)
        return true;
    return false;
}

/* Called by dbg_new. */
void dbg_know_program(Dbg *d);
void dbg_know_program(Dbg *d)
{
    know_pyc(d, d->pf);
}
