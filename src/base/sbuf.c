/* sbuf.c — growable strings for all text output.
 *
 * Invariant: once anything was appended, data[len] == '\0'.
 */
#include "config.h"
#include "pydbg/base.h"

#include <stdlib.h>
#include <string.h>

static void grow(SBuf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void sbuf_free(SBuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sbuf_reset(SBuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sbuf_putc(SBuf *b, char c)
{
    grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void sbuf_put(SBuf *b, const char *s, size_t n)
{
    grow(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sbuf_puts(SBuf *b, const char *s)
{
    sbuf_put(b, s, strlen(s));
}

void sbuf_vprintf(SBuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void sbuf_printf(SBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void sbuf_pad(SBuf *b, char c, size_t n)
{
    grow(b, n);
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sbuf_rstrip(SBuf *b)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->len--;
    if (b->data)
        b->data[b->len] = '\0';
}

const char *sbuf_cstr(const SBuf *b)
{
    return b->data ? b->data : "";
}
