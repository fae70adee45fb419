/* modes.c — the non-interactive modes: --dis, --info, --dump-lines.
 *
 * Each loads the file, formats everything into one buffer and writes it at
 * once; on a load error nothing but the one-line diagnostic is printed.
 */
#include "config.h"

#include <stdlib.h>

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
