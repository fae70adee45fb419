/* modes.c — the non-interactive modes: --dis, --info, --dump-lines,
 * --dump-line-events.
 *
 * Each loads the file, formats everything into one buffer and writes it at
 * once; on a load error nothing but the one-line diagnostic is printed.
 */
#include "config.h"

#include <stdlib.h>

#include "pydbg/decode.h"
#include "pydbg/dis.h"
#include "pydbg/exctable.h"
#include "pydbg/info.h"
#include "pydbg/linetable.h"
#include "src/cli/cli.h"

static PycFile *load(const char *path, const CliOptions *o)
{
    Diag d;
    diag_clear(&d);
    PycFile *f = pyc_load_file(path, o->force_ver, &d);
    if (!f)
        diag_print(&d, path, stderr);
    return f;
}

static int finish(SBuf *out, PycFile *f, const char *path, int rc, Diag *d)
{
    fwrite(sbuf_cstr(out), 1, out->len, stdout);
    fflush(stdout);
    if (rc != 0)
        diag_print(d, path, stderr);
    sbuf_free(out);
    pyc_free(f);
    return rc != 0 ? 2 : 0;
}

int cli_dis(const char *path, const CliOptions *o)
{
    PycFile *f = load(path, o);
    if (!f)
        return 2;
    SBuf out = SBUF_INIT;
    Diag d;
    diag_clear(&d);
    int rc = -1;
    if (!f->code) {
        diag_set(&d, -1, "the file holds no code object");
    } else {
        DisOptions opt = DIS_OPTIONS_DEFAULT;
        opt.show_caches = o->show_caches;
        opt.show_offsets = o->show_offsets;
        rc = dis_code(&out, f->code, &opt, &d);
    }
    return finish(&out, f, path, rc, &d);
}

int cli_info(const char *path, const CliOptions *o)
{
    PycFile *f = load(path, o);
    if (!f)
        return 2;
    SBuf out = SBUF_INIT;
    Diag d;
    diag_clear(&d);
    int rc = info_file(&out, f, &d);
    return finish(&out, f, path, rc, &d);
}

int cli_dump_lines(const char *path, const CliOptions *o)
{
    PycFile *f = load(path, o);
    if (!f)
        return 2;
    SBuf out = SBUF_INIT;
    Diag d;
    diag_clear(&d);
    int rc = linedump_file(&out, f, &d);
    return finish(&out, f, path, rc, &d);
}

/* --dump-line-events: `CODENAME FIRSTLINENO OFFSET LINE` for every point
 * where the file's version can report a 'line' event (the .trace format). */
static int dump_events(SBuf *out, const CodeObj *co, Diag *d)
{
    const OpTable *t = opcode_table(co->ver);
    if (!t) {
        diag_set(d, co->file_offset, "no opcode table for this version");
        return -1;
    }
    Arena a;
    arena_init(&a);
    InsnArray ia;
    LineTable lt;
    uint8_t *ev;
    int rc = -1;
    if (decode_code(co, t, &a, &ia, d) == 0 &&
        linetable_decode(co, &a, &lt, d) == 0 &&
        lines_event_points(co, &ia, &lt, &a, &ev, d) == 0) {
        uint32_t nlen = 0;
        const char *name = co->name ? pyc_text(co->name, &nlen) : NULL;
        for (uint32_t i = 0; i < ia.n; i++) {
            if (!ev[i])
                continue;
            if (name)
                sbuf_put(out, name, nlen);
            sbuf_printf(out, " %ld %lu %ld\n", (long)co->firstlineno,
                        (unsigned long)ia.v[i].offset,
                        (long)lines_event_line(&lt, &ia.v[i]));
        }
        rc = 0;
    }
    arena_free(&a);
    return rc;
}

int cli_dump_line_events(const char *path, const CliOptions *o)
{
    PycFile *f = load(path, o);
    if (!f)
        return 2;
    SBuf out = SBUF_INIT;
    Diag d;
    diag_clear(&d);
    uint32_t n = 0;
    CodeObj **codes = pyc_code_list(f, &n);
    int rc = 0;
    if (!f->code) {
        diag_set(&d, -1, "the file holds no code object");
        rc = -1;
    }
    for (uint32_t i = 0; rc == 0 && i < n; i++)
        rc = dump_events(&out, codes[i], &d);
    return finish(&out, f, path, rc, &d);
}
