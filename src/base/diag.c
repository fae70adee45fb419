/* diag.c — sticky first-error diagnostics and the never-NULL allocators.
 *
 * Bad input must produce exactly one clear line; keeping only the first
 * error means the message names the real cause, not a consequence of it.
 */
#include "config.h"
#include "pydbg/base.h"

#include <stdlib.h>
#include <string.h>

void diag_set(Diag *d, long offset, const char *fmt, ...)
{
    if (!d || d->set)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    d->offset = offset;
    d->set = 1;
}

void diag_clear(Diag *d)
{
    d->set = 0;
    d->offset = -1;
    d->msg[0] = '\0';
}

void diag_print(const Diag *d, const char *file, FILE *out)
{
    fprintf(out, "pydbg: ");
    if (file)
        fprintf(out, "%s: ", file);
    fputs(d->set ? d->msg : "unknown error", out);
    if (d->set && d->offset >= 0)
        fprintf(out, " (at byte %ld)", d->offset);
    fputc('\n', out);
}

void die(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("pydbg: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

void (*diag_oom_hook)(size_t n);

static void out_of_memory(size_t n)
{
    if (diag_oom_hook)
        diag_oom_hook(n);
    fflush(stdout);
    fprintf(stderr, "pydbg: out of memory (allocating %zu bytes)\n", n);
    exit(2);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}
