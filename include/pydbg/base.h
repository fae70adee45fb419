/* base.h — the project's foundation: diagnostics, arenas, string buffers.
 *
 * Nothing here knows about Python.  Every other module builds on it.
 *
 * Diagnostics: a Diag is a *sticky first error*.  The first call to
 * diag_set() records a message (and optionally a byte offset); later calls
 * are ignored, so the deepest, earliest cause of a failure is what the user
 * sees.  Front ends print it as one line: `pydbg: FILE: MESSAGE (at byte N)`.
 *
 * Arenas: objects that live and die together (everything loaded from one
 * .pyc) come from one Arena and are freed at once; error paths therefore
 * never leak.  arena_alloc() never returns NULL: on exhaustion it aborts with
 * a clear message (memory for a loaded file is bounded by the file's size
 * times a small constant, which the loader enforces).
 *
 * SBuf: a growable NUL-terminated byte string used for all text output.
 */
#ifndef PYDBG_BASE_H
#define PYDBG_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define PYDBG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PYDBG_NORETURN __attribute__((noreturn))
#else
#define PYDBG_PRINTF(f, a)
#define PYDBG_NORETURN
#endif

/* ---- diagnostics ------------------------------------------------------ */

typedef struct Diag {
    int set;          /* 0 until the first diag_set() */
    long offset;      /* byte offset the error refers to, or -1 */
    char msg[512];
} Diag;

/* Record the first error; later calls are ignored.  offset < 0: no offset. */
void diag_set(Diag *d, long offset, const char *fmt, ...) PYDBG_PRINTF(3, 4);
void diag_clear(Diag *d);
/* Print `pydbg: FILE: MSG (at byte N)` (offset part only when >= 0). */
void diag_print(const Diag *d, const char *file, FILE *out);

/* Print `pydbg: MSG` on stderr and exit with status 2 (bad input / usage). */
PYDBG_NORETURN void die(const char *fmt, ...) PYDBG_PRINTF(1, 2);
/* malloc/realloc/calloc that never return NULL (abort with a message). */
void *xmalloc(size_t n);
/* Called (when set) by the x*alloc functions before they give up, with the
 * size they failed to get: the VM flushes the program's output and reports
 * (vm_out_of_memory); it must not return. */
extern void (*diag_oom_hook)(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* ---- arenas ------------------------------------------------------------ */

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;
    size_t total;     /* bytes handed out, for limits and statistics */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
/* Zero-filled, 16-byte aligned; never NULL. */
void *arena_alloc(Arena *a, size_t n);
void *arena_memdup(Arena *a, const void *p, size_t n);
/* Copy of [s, s+n) with a terminating NUL. */
char *arena_strndup(Arena *a, const char *s, size_t n);

/* ---- string buffers ---------------------------------------------------- */

typedef struct SBuf {
    char *data;       /* always NUL-terminated once anything was written */
    size_t len, cap;
} SBuf;

#define SBUF_INIT {NULL, 0, 0}
void sbuf_free(SBuf *b);
void sbuf_reset(SBuf *b);               /* len = 0, keeps the memory */
void sbuf_putc(SBuf *b, char c);
void sbuf_put(SBuf *b, const char *s, size_t n);
void sbuf_puts(SBuf *b, const char *s);
void sbuf_printf(SBuf *b, const char *fmt, ...) PYDBG_PRINTF(2, 3);
void sbuf_vprintf(SBuf *b, const char *fmt, va_list ap);
void sbuf_pad(SBuf *b, char c, size_t n);   /* append n copies of c */
void sbuf_rstrip(SBuf *b);                  /* drop trailing spaces */
/* The contents as a C string ("" when nothing was written). */
const char *sbuf_cstr(const SBuf *b);

/* ---- files ------------------------------------------------------------- */

/* Read a whole regular file.  On failure returns NULL and fills d with a
 * message such as "cannot open: No such file or directory" or
 * "is a directory".  *len receives the size.  Caller frees. */
unsigned char *file_read_all(const char *path, size_t *len, Diag *d);

#endif
