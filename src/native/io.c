/* io.c — file objects: the binary layer (_io.FileIO and the buffered
 * _io.BufferedReader/Writer/Random, one C struct) and the text layer
 * (_io.TextIOWrapper) over it; open(); sys.stdin/stdout/stderr.
 *
 * Behaviour is CPython 3.12's as measured: stdout is line-buffered on a
 * terminal and block-buffered otherwise, stderr is always line-buffered
 * (errors='backslashreplace'), stdin/stdout use errors='surrogateescape'
 * (the UTF-8 locale), PYTHONUNBUFFERED makes both write through; open()
 * defaults to encoding 'UTF-8'.  Like CPython's TextIOWrapper, encoded text
 * collects in a pending chunk that reaches the binary layer only when it
 * grows to 8192 bytes, on a line end when line-buffered, on flush and
 * before any read or seek — so `.buffer` writes can overtake earlier text
 * exactly as they do in CPython.
 * Text reading decodes line by line (or character by character for
 * read(n)) from the binary buffer, so tell() is simply the byte position;
 * codecs that are not ASCII-compatible (UTF-16/32) are decoded whole into
 * a pending str instead.  Files are flushed and closed when their last
 * reference goes (dealloc), std streams never close their fds.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pydbg/vm.h"

#define IO_BUFSIZE 8192

/* ---- the binary layer --------------------------------------------------------- */

typedef struct FileObj {
    Obj base;
    int fd;
    bool readable, writable, appending, created, plus;
    bool closefd, closed, buffered;
    int seekable;              /* -1 unknown */
    Obj *name;                 /* str, bytes or int */
    unsigned char *rbuf;       /* read-ahead: rbuf[rpos..rlen) not yet consumed */
    Ssize rpos, rlen;
    unsigned fills;            /* read-ahead refills so far (text newline bookkeeping) */
    unsigned char *wbuf;       /* pending writes */
    Ssize wlen;
    Obj *dict;
    Obj *weakreflist;
} FileObj;

/* Text layer */
enum { NL_UNIVERSAL, NL_NONE_TRANSLATE /* '' */, NL_LF, NL_CR, NL_CRLF };
enum { CODEC_UTF8, CODEC_ASCII, CODEC_LATIN1, CODEC_OTHER };
enum { SEEN_CR = 1, SEEN_LF = 2, SEEN_CRLF = 4 };

typedef struct TextObj {
    Obj base;
    Obj *buffer;               /* FileObj */
    Obj *encoding, *errors;    /* str */
    int codec;
    int newline;               /* NL_* */
    bool line_buffering, write_through;
    bool detached;
    unsigned seen;             /* SEEN_* for .newlines */
    unsigned scanned_fill;     /* f->fills when the read-ahead was last scanned */
    bool read_since_seek;      /* the text layer pulled from the read-ahead */
    Obj *pending;              /* CODEC_OTHER: decoded text not yet consumed */
    Ssize ppos;
    SBuf wpending;             /* encoded text not yet handed to the buffer */
    Obj *dict;                 /* __dict__ (holds `mode`) */
    Obj *weakreflist;
} TextObj;

static TypeObj fileio_type, bufreader_type, bufwriter_type, bufrandom_type, textio_type;
static TypeObj stringio_type, bytesio_type;
static Obj *std_objs[2];   /* sys.__stdout__, sys.__stderr__ (io_emergency_flush) */

/* The abstract bases, for isinstance(f, io.TextIOBase) and friends (CPython's
 * io.* ABCs register the _io classes; here they are the bases themselves). */
static TypeObj iobase_type = {
    .base = TYPE_HEAD_INIT, .name = "_io._IOBase", .basicsize = sizeof(Obj),
    .flags = TPF_BASETYPE, .getattro = obj_generic_getattr, .setattro = obj_generic_setattr,
    .doc = "The abstract base class for all I/O classes.",
};
static TypeObj rawiobase_type = {
    .base = TYPE_HEAD_INIT, .name = "_io._RawIOBase", .basicsize = sizeof(Obj),
    .flags = TPF_BASETYPE, .tp_base = &iobase_type, .doc = "Base class for raw binary I/O.",
};
static TypeObj bufferediobase_type = {
    .base = TYPE_HEAD_INIT, .name = "_io._BufferedIOBase", .basicsize = sizeof(Obj),
    .flags = TPF_BASETYPE, .tp_base = &iobase_type, .doc = "Base class for buffered IO objects.",
};
static TypeObj textiobase_type = {
    .base = TYPE_HEAD_INIT, .name = "_io._TextIOBase", .basicsize = sizeof(Obj),
    .flags = TPF_BASETYPE, .tp_base = &iobase_type, .doc = "Base class for text I/O.",
};
static Obj *unsupported_exc;   /* io.UnsupportedOperation */

static bool is_file(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    return type_is_subtype(t, &fileio_type) || type_is_subtype(t, &bufreader_type) ||
           type_is_subtype(t, &bufwriter_type) || type_is_subtype(t, &bufrandom_type);
}
static bool is_text(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &textio_type); }

static void err_closed(void) { vm_err_set_str(&exc_ValueError, "I/O operation on closed file."); }

static void err_unsupported(const char *msg)
{
    if (unsupported_exc) vm_err_set_str((TypeObj *)unsupported_exc, msg);
    else vm_err_set_str(&exc_OSError, msg);
}

/* OSError(errno, strerror[, filename]) — the constructor picks the subclass
 * (FileNotFoundError …) from the errno. */
static void err_errno(int err, Obj *filename)
{
    Obj *args[3];
    args[0] = int_from_i64(err);
    args[1] = str_from_cstr(strerror(err));
    if (!args[0] || !args[1]) {
        XDECREF(args[0]);
        XDECREF(args[1]);
        return;
    }
    args[2] = filename;
    Obj *e = obj_call((Obj *)&exc_OSError, args, filename ? 3 : 2, NULL);
    DECREF(args[0]);
    DECREF(args[1]);
    if (e) vm_err_restore(e);
}

static int check_open(FileObj *f)
{
    if (f->closed) {
        err_closed();
        return -1;
    }
    return 0;
}

/* Write all of [p, p+n) to the fd (EINTR retried; errors raise OSError). */
static int raw_write_all(FileObj *f, const unsigned char *p, Ssize n)
{
    while (n > 0) {
        ssize_t w = write(f->fd, p, (size_t)n);
        if (w < 0) {
            if (errno == EINTR) continue;
            err_errno(errno, NULL);
            return -1;
        }
        p += w;
        n -= w;
    }
    return 0;
}

static int file_flush_impl(FileObj *f)
{
    if (f->wlen == 0) return 0;
    Ssize n = f->wlen;
    f->wlen = 0;
    /* On error the data is dropped, as a failed flush in CPython keeps
     * nothing either for a broken pipe. */
    return raw_write_all(f, f->wbuf, n);
}

/* The raw position is ahead of the logical one by the unread read-ahead;
 * move it back before writing or seeking. */
static int drop_readahead(FileObj *f)
{
    Ssize ahead = f->rlen - f->rpos;
    f->rpos = f->rlen = 0;
    if (ahead > 0 && lseek(f->fd, -(off_t)ahead, SEEK_CUR) < 0) {
        err_errno(errno, NULL);
        return -1;
    }
    return 0;
}

static int file_write_impl(FileObj *f, const void *p, Ssize n)
{
    if (check_open(f) < 0) return -1;
    if (!f->writable) {
        err_unsupported(f->buffered ? "write" : "File not open for writing");
        return -1;
    }
    if (f->rlen > f->rpos && drop_readahead(f) < 0) return -1;
    f->rpos = f->rlen = 0;
    if (!f->buffered) return raw_write_all(f, p, n);
    if (f->wlen + n > IO_BUFSIZE) {
        if (file_flush_impl(f) < 0) return -1;
        if (n >= IO_BUFSIZE) return raw_write_all(f, p, n);
    }
    if (!f->wbuf) f->wbuf = xmalloc(IO_BUFSIZE);
    memcpy(f->wbuf + f->wlen, p, (size_t)n);
    f->wlen += n;
    return 0;
}

Ssize (*io_stdin_hook)(void *buf, size_t n);

/* Make read-ahead available: >0 bytes available, 0 at EOF, -1 error. */
static Ssize file_fill(FileObj *f)
{
    if (f->rpos < f->rlen) return f->rlen - f->rpos;
    if (f->wlen && file_flush_impl(f) < 0) return -1;
    if (!f->rbuf) f->rbuf = xmalloc(IO_BUFSIZE);
    for (;;) {
        ssize_t r = f->fd == 0 && io_stdin_hook ? (ssize_t)io_stdin_hook(f->rbuf, IO_BUFSIZE)
                                                : read(f->fd, f->rbuf, IO_BUFSIZE);
        if (r < 0) {
            if (errno == EINTR) {
                if (vm && vm->interrupt) {
                    vm->interrupt = 0;
                    vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
                    return -1;
                }
                if (vm && vm_limit_check() < 0)   /* --timeout while waiting for input */
                    return -1;
                continue;
            }
            err_errno(errno, NULL);
            return -1;
        }
        /* at EOF the consumed chunk stays (text tell() scans it) */
        if (r == 0) return 0;
        f->rpos = 0;
        f->rlen = r;
        f->fills++;
        return r;
    }
}

static int check_readable(FileObj *f)
{
    if (check_open(f) < 0) return -1;
    if (!f->readable) {
        err_unsupported(f->buffered ? "read" : "File not open for reading");
        return -1;
    }
    return 0;
}

/* Read up to n bytes (n < 0: to EOF) into b. */
static int file_read_into(FileObj *f, Ssize n, SBuf *b)
{
    while (n < 0 || (Ssize)b->len < n) {
        Ssize avail = file_fill(f);
        if (avail < 0) return -1;
        if (avail == 0) break;
        Ssize take = avail;
        if (n >= 0 && take > n - (Ssize)b->len) take = n - (Ssize)b->len;
        sbuf_put(b, (const char *)f->rbuf + f->rpos, (size_t)take);
        f->rpos += take;
    }
    return 0;
}

static int file_peek(FileObj *f)      /* next byte, -1 at EOF, -2 error */
{
    Ssize a = file_fill(f);
    if (a < 0) return -2;
    if (a == 0) return -1;
    return f->rbuf[f->rpos];
}

static int64_t file_tell_impl(FileObj *f)
{
    off_t pos = lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0) {
        err_errno(errno, NULL);
        return -1;
    }
    return (int64_t)pos - (f->rlen - f->rpos) + f->wlen;
}

static int64_t file_seek_impl(FileObj *f, int64_t off, int whence)
{
    if (file_flush_impl(f) < 0) return -1;
    if (whence == SEEK_CUR) off -= f->rlen - f->rpos;
    f->rpos = f->rlen = 0;
    off_t r = lseek(f->fd, (off_t)off, whence);
    if (r < 0) {
        err_errno(errno, NULL);
        return -1;
    }
    return (int64_t)r;
}

static int file_close_impl(FileObj *f)
{
    if (f->closed) return 0;
    int rc = 0;
    if (f->wlen && file_flush_impl(f) < 0) rc = -1;
    f->closed = true;
    if (f->closefd && f->fd >= 0) {
        if (close(f->fd) < 0 && rc == 0) {
            err_errno(errno, NULL);
            rc = -1;
        }
    }
    f->fd = -1;
    return rc;
}

static Obj *file_new_obj(TypeObj *t, int fd, Obj *name, bool r, bool w, bool a, bool x,
                         bool plus, bool closefd)
{
    FileObj *f = (FileObj *)obj_alloc(t, 0);
    if (!f) return NULL;
    f->fd = fd;
    f->readable = r;
    f->writable = w;
    f->appending = a;
    f->created = x;
    f->plus = plus;
    f->closefd = closefd;
    f->buffered = t != &fileio_type;
    f->seekable = -1;
    f->name = INCREF(name);
    return (Obj *)f;
}

static void file_dealloc(Obj *o)
{
    FileObj *f = (FileObj *)o;
    if (!f->closed) {
        Obj *saved = vm_err_fetch();
        if (file_close_impl(f) < 0) vm_err_write_unraisable("Exception ignored in", o);
        vm_err_restore(saved);
    }
    if (f->weakreflist) weakref_clear_refs(o);
    XDECREF(f->name);
    XDECREF(f->dict);
    free(f->rbuf);
    free(f->wbuf);
    obj_free(o);
}

/* FileIO mode string as 3.12 reports it: 'rb', 'wb', 'ab', 'xb', 'rb+' … */
static void file_mode_str(FileObj *f, char *buf)
{
    size_t k = 0;
    if (f->created) { buf[k++] = 'x'; }
    else if (f->appending) { buf[k++] = 'a'; }
    else if (f->readable && f->plus) { buf[k++] = 'r'; }
    else if (f->readable) { buf[k++] = 'r'; }
    else { buf[k++] = 'w'; }
    buf[k++] = 'b';
    if (f->plus) buf[k++] = '+';
    buf[k] = 0;
}

static Obj *file_repr(Obj *o)
{
    FileObj *f = (FileObj *)o;
    const char *tn = OBJ_TYPE(o)->name;
    if (!f->buffered) {
        char mode[8];
        file_mode_str(f, mode);
        if (f->closed) return str_from_fmt("<%s [closed]>", tn);
        return str_from_fmt("<%s name=%R mode='%s' closefd=%s>", tn, f->name, mode,
                            f->closefd ? "True" : "False");
    }
    return str_from_fmt("<%s name=%R>", tn, f->name);
}

static int file_traverse(Obj *o, VisitFn visit, void *arg)
{
    FileObj *f = (FileObj *)o;
    if (f->dict && visit(f->dict, arg)) return 1;
    return 0;
}

/* ---- binary methods --------------------------------------------------------------- */

static int get_size_arg(Obj *a, Ssize *n)
{
    if (!a || a == NONE) {
        *n = -1;
        return 0;
    }
    if (!INT_CHECK(a) && !type_lookup(OBJ_TYPE(a), id_str("__index__"))) {
        vm_err_format(&exc_TypeError, "argument should be integer or None, not '%s'",
                      type_name(OBJ_TYPE(a)));
        return -1;
    }
    Ssize v = num_as_ssize(a, &exc_OverflowError);
    if (v == -1 && vm_err_occurred()) return -1;
    *n = v < 0 ? -1 : v;
    return 0;
}

static Obj *fm_read(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    FileObj *f = (FileObj *)self;
    if (args_no_kw("read", kw) < 0 || args_count("read", nargs, 0, 1) < 0) return NULL;
    Ssize n;
    if (get_size_arg(nargs ? args[0] : NULL, &n) < 0 || check_readable(f) < 0) return NULL;
    SBuf b = SBUF_INIT;
    if (file_read_into(f, n, &b) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    Obj *r = bytes_from(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *fm_read1(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    FileObj *f = (FileObj *)self;
    if (args_no_kw("read1", kw) < 0 || args_count("read1", nargs, 0, 1) < 0) return NULL;
    Ssize n;
    if (get_size_arg(nargs ? args[0] : NULL, &n) < 0 || check_readable(f) < 0) return NULL;
    Ssize avail = file_fill(f);
    if (avail < 0) return NULL;
    if (n < 0 || n > avail) n = avail;
    Obj *r = bytes_from(f->rbuf ? (const char *)f->rbuf + f->rpos : "", n);
    if (r) f->rpos += n;
    return r;
}

static Obj *fm_peek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    FileObj *f = (FileObj *)self;
    (void)args;
    if (args_no_kw("peek", kw) < 0 || args_count("peek", nargs, 0, 1) < 0) return NULL;
    if (check_readable(f) < 0) return NULL;
    Ssize avail = file_fill(f);
    if (avail < 0) return NULL;
    return bytes_from(f->rbuf ? (const char *)f->rbuf + f->rpos : "", avail);
}

/* One line of bytes ending with b'\n' (limit < 0: no limit). */
static int file_readline_into(FileObj *f, Ssize limit, SBuf *b)
{
    while (limit < 0 || (Ssize)b->len < limit) {
        Ssize avail = file_fill(f);
        if (avail < 0) return -1;
        if (avail == 0) break;
        const unsigned char *p = f->rbuf + f->rpos;
        Ssize take = avail;
        if (limit >= 0 && take > limit - (Ssize)b->len) take = limit - (Ssize)b->len;
        const unsigned char *nl = memchr(p, '\n', (size_t)take);
        if (nl) take = nl - p + 1;
        sbuf_put(b, (const char *)p, (size_t)take);
        f->rpos += take;
        if (nl) break;
    }
    return 0;
}

static Obj *fm_readline(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    FileObj *f = (FileObj *)self;
    if (args_no_kw("readline", kw) < 0 || args_count("readline", nargs, 0, 1) < 0) return NULL;
    Ssize n;
    if (get_size_arg(nargs ? args[0] : NULL, &n) < 0 || check_readable(f) < 0) return NULL;
    SBuf b = SBUF_INIT;
    if (file_readline_into(f, n, &b) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    Obj *r = bytes_from(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *generic_readlines(Obj *self, Obj *hint_arg)
{
    Ssize hint = -1;
    if (get_size_arg(hint_arg, &hint) < 0) return NULL;
    if (hint == 0) hint = -1;
    Obj *l = list_new(0);
    if (!l) return NULL;
    Ssize total = 0;
    for (;;) {
        Obj *line = obj_call_method(self, "readline", NULL, 0);
        if (!line) {
            DECREF(l);
            return NULL;
        }
        Ssize n = obj_length(line);
        if (n <= 0) {
            DECREF(line);
            if (n < 0) {
                DECREF(l);
                return NULL;
            }
            break;
        }
        int rc = list_append(l, line);
        DECREF(line);
        if (rc < 0) {
            DECREF(l);
            return NULL;
        }
        total += n;
        if (hint > 0 && total >= hint) break;
    }
    return l;
}

static Obj *m_readlines(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("readlines", kw) < 0 || args_count("readlines", nargs, 0, 1) < 0) return NULL;
    return generic_readlines(self, nargs ? args[0] : NULL);
}

/* A bytes-like argument's bytes (bytes, bytearray, memoryview via bytes()). */
static Obj *as_bytes(Obj *o)
{
    if (BYTES_CHECK(o)) return INCREF(o);
    if (type_is_subtype(OBJ_TYPE(o), &bytearray_type)) {
        ByteArrayObj *ba = (ByteArrayObj *)o;
        return bytes_from(ba->data ? (const char *)ba->data : "", VAR_SIZE(o));
    }
    if (type_is_subtype(OBJ_TYPE(o), &memoryview_type)) {
        Obj *a[1] = {o};
        return obj_call((Obj *)&bytes_type, a, 1, NULL);
    }
    vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'",
                  type_name(OBJ_TYPE(o)));
    return NULL;
}

static Obj *fm_write(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (check_open(f) < 0) return NULL;
    Obj *b = as_bytes(args[0]);
    if (!b) return NULL;
    int rc = file_write_impl(f, BYTES_DATA(b), VAR_SIZE(b));
    Ssize n = VAR_SIZE(b);
    DECREF(b);
    return rc < 0 ? NULL : int_from_i64(n);
}

static Obj *m_writelines(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    if (is_file(self) && check_open((FileObj *)self) < 0) return NULL;
    Obj *it = obj_getiter(args[0]);
    if (!it) return NULL;
    Obj *x;
    while ((x = obj_iternext(it))) {
        Obj *r = obj_call_method(self, "write", &x, 1);
        DECREF(x);
        if (!r) {
            DECREF(it);
            return NULL;
        }
        DECREF(r);
    }
    DECREF(it);
    if (vm_err_occurred()) return NULL;
    return INCREF(NONE);
}

static Obj *fm_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (f->closed) {
        if (!f->buffered) return INCREF(NONE);
        vm_err_set_str(&exc_ValueError, "flush of closed file");
        return NULL;
    }
    if (file_flush_impl(f) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *fm_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (file_close_impl((FileObj *)self) < 0) return NULL;
    return INCREF(NONE);
}

static int parse_whence(Obj *const *args, Ssize nargs, int64_t *off, int *whence)
{
    Obj *o = args[0];
    if (!INT_CHECK(o) && !type_lookup(OBJ_TYPE(o), id_str("__index__"))) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      type_name(OBJ_TYPE(o)));
        return -1;
    }
    Obj *i = num_index(o);
    if (!i) return -1;
    int rc = int_as_i64(i, off);
    DECREF(i);
    if (rc < 0) return -1;
    *whence = 0;
    if (nargs > 1) {
        int64_t w;
        if (!INT_CHECK(args[1])) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(args[1])));
            return -1;
        }
        if (int_as_i64(args[1], &w) < 0) return -1;
        if (w < 0 || w > 2) {
            vm_err_format(&exc_ValueError, "invalid whence (%ld, should be 0, 1 or 2)", (long)w);
            return -1;
        }
        *whence = (int)w;
    }
    return 0;
}

static Obj *fm_seek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    FileObj *f = (FileObj *)self;
    if (args_no_kw("seek", kw) < 0 || args_count("seek", nargs, 1, 2) < 0) return NULL;
    if (check_open(f) < 0) return NULL;
    int64_t off;
    int whence;
    if (parse_whence(args, nargs, &off, &whence) < 0) return NULL;
    if (whence == 0 && off < 0) {
        vm_err_format(&exc_ValueError, "negative seek position %ld", (long)off);
        return NULL;
    }
    int64_t r = file_seek_impl(f, off, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END);
    return r < 0 ? NULL : int_from_i64(r);
}

static Obj *fm_tell(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (check_open(f) < 0) return NULL;
    int64_t r = file_tell_impl(f);
    return r < 0 ? NULL : int_from_i64(r);
}

static Obj *fm_truncate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    FileObj *f = (FileObj *)self;
    if (args_no_kw("truncate", kw) < 0 || args_count("truncate", nargs, 0, 1) < 0) return NULL;
    if (check_open(f) < 0) return NULL;
    if (!f->writable) {
        err_unsupported(f->buffered ? "truncate" : "File not open for writing");
        return NULL;
    }
    if (file_flush_impl(f) < 0) return NULL;
    int64_t size;
    if (nargs && args[0] != NONE) {
        if (!INT_CHECK(args[0])) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(args[0])));
            return NULL;
        }
        if (int_as_i64(args[0], &size) < 0) return NULL;
    } else {
        size = file_tell_impl(f);
        if (size < 0) return NULL;
    }
    if (drop_readahead(f) < 0) return NULL;
    if (ftruncate(f->fd, (off_t)size) < 0) {
        err_errno(errno, NULL);
        return NULL;
    }
    return int_from_i64(size);
}

static Obj *fm_readinto(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (check_readable(f) < 0) return NULL;
    if (!type_is_subtype(OBJ_TYPE(args[0]), &bytearray_type)) {
        vm_err_format(&exc_TypeError, "readinto() argument must be read-write bytes-like object, not %s",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    ByteArrayObj *ba = (ByteArrayObj *)args[0];
    SBuf b = SBUF_INIT;
    if (file_read_into(f, VAR_SIZE(ba), &b) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    if (b.len) memcpy(ba->data, b.data, b.len);
    Ssize n = (Ssize)b.len;
    sbuf_free(&b);
    return int_from_i64(n);
}

static Obj *fm_fileno(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (f->closed) {
        vm_err_set_str(&exc_ValueError, "I/O operation on closed file");
        return NULL;
    }
    return int_from_i64(f->fd);
}

static Obj *fm_isatty(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (check_open(f) < 0) return NULL;
    return bool_from(isatty(f->fd));
}

static Obj *fm_readable(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (check_open(f) < 0) return NULL;
    return bool_from(f->readable);
}

static Obj *fm_writable(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (check_open(f) < 0) return NULL;
    return bool_from(f->writable);
}

static bool fd_seekable(FileObj *f)
{
    if (f->seekable < 0) f->seekable = lseek(f->fd, 0, SEEK_CUR) >= 0;
    return f->seekable > 0;
}

static Obj *fm_seekable(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    FileObj *f = (FileObj *)self;
    if (check_open(f) < 0) return NULL;
    return bool_from(fd_seekable(f));
}

static Obj *m_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    bool closed = is_file(self) ? ((FileObj *)self)->closed
                                : ((FileObj *)((TextObj *)self)->buffer)->closed;
    if (closed) {
        err_closed();
        return NULL;
    }
    return INCREF(self);
}

static Obj *m_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return obj_call_method(self, "close", NULL, 0);
}

static Obj *m_iter(Obj *self)
{
    bool closed = is_file(self) ? ((FileObj *)self)->closed
                                : ((FileObj *)((TextObj *)self)->buffer)->closed;
    if (closed) {
        err_closed();
        return NULL;
    }
    return INCREF(self);
}

static Obj *m_iternext(Obj *self)
{
    Obj *line = obj_call_method(self, "readline", NULL, 0);
    if (!line) return NULL;
    Ssize n = obj_length(line);
    if (n <= 0) {
        DECREF(line);
        return NULL;
    }
    return line;
}

static Obj *fg_closed(Obj *self, void *c)
{
    (void)c;
    return bool_from(((FileObj *)self)->closed);
}
static Obj *fg_name(Obj *self, void *c)
{
    (void)c;
    return INCREF(((FileObj *)self)->name);
}
static Obj *fg_mode(Obj *self, void *c)
{
    (void)c;
    char mode[8];
    file_mode_str((FileObj *)self, mode);
    return str_from_cstr(mode);
}
static Obj *fg_closefd(Obj *self, void *c)
{
    (void)c;
    return bool_from(((FileObj *)self)->closefd);
}
static Obj *fg_raw(Obj *self, void *c)
{
    (void)c;
    /* the raw layer is this object's own fd; a FileIO view is not kept */
    return INCREF(self);
}
static Obj *fg_dict(Obj *self, void *c)
{
    (void)c;
    FileObj *f = (FileObj *)self;
    if (!f->dict && !(f->dict = dict_new())) return NULL;
    return INCREF(f->dict);
}

static MethodDef file_methods[] = {
    {"read", fm_read, METH_FAST, NULL},
    {"read1", fm_read1, METH_FAST, NULL},
    {"peek", fm_peek, METH_FAST, NULL},
    {"readline", fm_readline, METH_FAST, NULL},
    {"readlines", m_readlines, METH_FAST, NULL},
    {"readinto", fm_readinto, METH_O, NULL},
    {"write", fm_write, METH_O, NULL},
    {"writelines", m_writelines, METH_O, NULL},
    {"flush", fm_flush, METH_NOARGS, NULL},
    {"close", fm_close, METH_NOARGS, NULL},
    {"seek", fm_seek, METH_FAST, NULL},
    {"tell", fm_tell, METH_NOARGS, NULL},
    {"truncate", fm_truncate, METH_FAST, NULL},
    {"fileno", fm_fileno, METH_NOARGS, NULL},
    {"isatty", fm_isatty, METH_NOARGS, NULL},
    {"readable", fm_readable, METH_NOARGS, NULL},
    {"writable", fm_writable, METH_NOARGS, NULL},
    {"seekable", fm_seekable, METH_NOARGS, NULL},
    {"__enter__", m_enter, METH_NOARGS, NULL},
    {"__exit__", m_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef file_getset[] = {
    {"closed", fg_closed, NULL, NULL, NULL},
    {"name", fg_name, NULL, NULL, NULL},
    {"mode", fg_mode, NULL, NULL, NULL},
    {"closefd", fg_closefd, NULL, NULL, NULL},
    {"raw", fg_raw, NULL, NULL, NULL},
    {"__dict__", fg_dict, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* Files and text wrappers are made only by open(): their state (fd, buffers,
 * codec) has no "uninitialised" form, so neither they nor their subclasses
 * may be instantiated (object.__new__ would hand out zeroed ones — fd 0, no
 * name — that every method would trust). */
static Obj *io_refuse_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    vm_err_format(&exc_TypeError, "cannot create '%s' instances", t->name);
    return NULL;
}

#define FILE_TYPE(var, tname, basetype)                                         \
    static TypeObj var = {                                                      \
        .base = TYPE_HEAD_INIT, .name = tname, .basicsize = sizeof(FileObj),    \
        .weaklistoffset = offsetof(FileObj, weakreflist),                       \
        .tp_base = &basetype,                                                   \
        .flags = TPF_BASETYPE | TPF_GC, .dealloc = file_dealloc,                \
        .repr = file_repr, .getattro = obj_generic_getattr,                     \
        .setattro = obj_generic_setattr, .iter = m_iter,                        \
        .iternext = m_iternext, .traverse = file_traverse,                      \
        .methods = file_methods, .getset = file_getset,                         \
        .dictoffset = offsetof(FileObj, dict), .new_ = io_refuse_new,           \
    }
FILE_TYPE(fileio_type, "_io.FileIO", rawiobase_type);
FILE_TYPE(bufreader_type, "_io.BufferedReader", bufferediobase_type);
FILE_TYPE(bufwriter_type, "_io.BufferedWriter", bufferediobase_type);
FILE_TYPE(bufrandom_type, "_io.BufferedRandom", bufferediobase_type);

/* ---- the text layer ------------------------------------------------------------------ */

static FileObj *tbuf(TextObj *t) { return (FileObj *)t->buffer; }

#define TEXT_CHUNK 8192

/* The kinds of line ends in raw bytes (a lone '\r' at the end counts as
 * '\r', as CPython's decoder sees a chunk). */
static unsigned newline_kinds(const unsigned char *p, Ssize n)
{
    unsigned k = 0;
    for (Ssize i = 0; i < n; i++) {
        if (p[i] == '\n') k |= SEEN_LF;
        else if (p[i] == '\r') {
            if (i + 1 < n && p[i + 1] == '\n') { k |= SEEN_CRLF; i++; }
            else k |= SEEN_CR;
        }
    }
    return k;
}

/* newline=None and newline='' read through CPython's newline decoder,
 * which keeps .newlines; the explicit line ends do not. */
static bool tracks_newlines(const TextObj *t)
{
    return t->newline == NL_UNIVERSAL || t->newline == NL_NONE_TRANSLATE;
}

/* CPython decodes a whole chunk at a time, so .newlines reports every line
 * end of the chunks read so far; our chunks are the read-ahead fills. */
static void note_chunk(TextObj *t)
{
    FileObj *f = (FileObj *)t->buffer;
    if (t->scanned_fill == f->fills) return;
    t->scanned_fill = f->fills;
    if (tracks_newlines(t)) t->seen |= newline_kinds(f->rbuf + f->rpos, f->rlen - f->rpos);
}

/* Next byte for the text layer (-1 at EOF, -2 error). */
static int text_peek(TextObj *t)
{
    int c = file_peek((FileObj *)t->buffer);
    if (c >= 0) {
        note_chunk(t);
        t->read_since_seek = true;
    }
    return c;
}

/* Hand the pending encoded text to the binary layer. */
static int text_writeflush(TextObj *t)
{
    if (!t->wpending.len) return 0;
    int rc = file_write_impl(tbuf(t), t->wpending.data, (Ssize)t->wpending.len);
    sbuf_reset(&t->wpending);
    return rc;
}

static int text_check(TextObj *t)
{
    if (t->detached) {
        vm_err_set_str(&exc_ValueError, "underlying buffer has been detached");
        return -1;
    }
    return check_open(tbuf(t));
}

static int codec_of(const char *enc)
{
    char n[32];
    size_t k = 0;
    for (const char *p = enc; *p && k < sizeof n - 1; p++) {
        char c = *p;
        if (c == '-' || c == '_' || c == ' ') continue;
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        n[k++] = c;
    }
    n[k] = 0;
    if (!strcmp(n, "utf8") || !strcmp(n, "u8") || !strcmp(n, "utf") || !strcmp(n, "cp65001"))
        return CODEC_UTF8;
    if (!strcmp(n, "ascii") || !strcmp(n, "usascii") || !strcmp(n, "646"))
        return CODEC_ASCII;
    if (!strcmp(n, "latin1") || !strcmp(n, "latin") || !strcmp(n, "l1") ||
        !strcmp(n, "iso88591") || !strcmp(n, "8859") || !strcmp(n, "cp819") ||
        !strcmp(n, "iso8859"))
        return CODEC_LATIN1;
    return CODEC_OTHER;
}

/* Encode and hand text to the binary layer. */
static int text_write_impl(TextObj *t, Obj *s)
{
    if (text_check(t) < 0) return -1;
    FileObj *f = tbuf(t);
    if (!f->writable) {
        err_unsupported("not writable");
        return -1;
    }
    /* CPython decodes whole chunks: after reading, a write lands after the
     * chunk the text layer pulled, not at the character position read to */
    if (f->rpos < f->rlen && t->scanned_fill == f->fills && t->read_since_seek) f->rpos = f->rlen;
    t->read_since_seek = false;
    Obj *tr = NULL;
    bool has_nl = false;
    Ssize n = VAR_SIZE(s);
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(s, i);
        if (c == '\n' || c == '\r') { has_nl = true; break; }
    }
    if (has_nl && (t->newline == NL_CR || t->newline == NL_CRLF)) {
        /* '\n' becomes the chosen line end */
        Obj *from = str_from_cstr("\n");
        Obj *to = str_from_cstr(t->newline == NL_CR ? "\r" : "\r\n");
        if (from && to) {
            Obj *a[2] = {from, to};
            tr = obj_call_method(s, "replace", a, 2);
        }
        XDECREF(from);
        XDECREF(to);
        if (!tr) return -1;
        s = tr;
    }
    const char *errs = str_utf8_lossy(t->errors, NULL);
    Obj *b = NULL;
    const char *data;
    Ssize len;
    if (((StrObj *)s)->ascii && t->codec != CODEC_OTHER) {
        data = STR_DATA(s);
        len = VAR_SIZE(s);
    } else {
        const char *enc = str_utf8_lossy(t->encoding, NULL);
        b = str_encode(s, enc, errs);
        if (!b) {
            XDECREF(tr);
            return -1;
        }
        data = (const char *)BYTES_DATA(b);
        len = VAR_SIZE(b);
    }
    int rc = 0;
    /* as 3.12: a piece that would take the pending text past the chunk
     * size first pushes out what is pending */
    if ((Ssize)t->wpending.len + len > TEXT_CHUNK) rc = text_writeflush(t);
    if (rc == 0) sbuf_put(&t->wpending, data, (size_t)len);
    XDECREF(b);
    XDECREF(tr);
    if (rc < 0) return -1;
    bool needflush = t->line_buffering && has_nl;
    if ((Ssize)t->wpending.len >= TEXT_CHUNK || needflush || t->write_through)
        rc = text_writeflush(t);
    if (rc == 0 && needflush) rc = file_flush_impl(f);
    return rc;
}

static Obj *decode_bytes(TextObj *t, const char *p, Ssize n)
{
    return str_decode(p, n, str_utf8_lossy(t->encoding, NULL), str_utf8_lossy(t->errors, NULL));
}

static Obj *translate_newlines(TextObj *t, Obj *s, bool record);

/* CODEC_OTHER: decode everything that is left into t->pending. */
static int text_load_pending(TextObj *t)
{
    if (t->pending) return 0;
    SBuf b = SBUF_INIT;
    if (file_read_into(tbuf(t), -1, &b) < 0) {
        sbuf_free(&b);
        return -1;
    }
    Obj *s = decode_bytes(t, b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    if (!s) return -1;
    Obj *tr = translate_newlines(t, s, true);   /* only to note the kinds */
    XDECREF(tr);
    t->pending = s;
    t->ppos = 0;
    return 0;
}

/* Universal-newline translation of decoded text (\r\n and \r → \n);
 * record: note the kinds seen (text decoded in one piece). */
static Obj *translate_newlines(TextObj *t, Obj *s, bool record)
{
    Ssize n = VAR_SIZE(s);
    bool any = false;
    unsigned seen = 0;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(s, i);
        if (c == '\r') {
            any = true;
            if (i + 1 < n && str_char(s, i + 1) == '\n') { seen |= SEEN_CRLF; i++; }
            else seen |= SEEN_CR;
        } else if (c == '\n') {
            seen |= SEEN_LF;
        }
    }
    if (record) t->seen |= seen;
    if (!any || t->newline != NL_UNIVERSAL) return INCREF(s);
    uint32_t *v = xmalloc((size_t)(n + 1) * sizeof *v);
    Ssize k = 0;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(s, i);
        if (c == '\r') {
            if (i + 1 < n && str_char(s, i + 1) == '\n') i++;
            c = '\n';
        }
        v[k++] = c;
    }
    Obj *r = str_from_ucs4(v, k);
    free(v);
    return r;
}

/* Does byte c end a line for this newline mode? (\r handled by the caller.) */
/* Does b end inside a UTF-8 sequence (a lead byte whose continuation
 * bytes are not all there)? */
static bool utf8_cut(const SBuf *b)
{
    size_t i = b->len, cont = 0;
    while (i > 0 && cont < 3 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80) {
        i--;
        cont++;
    }
    if (i == 0)
        return false;
    unsigned char lead = (unsigned char)b->data[i - 1];
    size_t need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    return cont < need;
}

static Obj *text_readline_impl(TextObj *t, Ssize limit)
{
    /* pending writes are not pushed out first: 3.12 reads what the buffer
     * holds and writes the pending text later, where the buffer then is */
    if (text_check(t) < 0) return NULL;
    FileObj *f = tbuf(t);
    if (!f->readable) {
        err_unsupported("not readable");
        return NULL;
    }
    if (t->codec == CODEC_OTHER) {
        if (text_load_pending(t) < 0) return NULL;
        Ssize n = VAR_SIZE(t->pending), i = t->ppos;
        Ssize end = i;
        while (end < n && (limit < 0 || end - i < limit)) {
            uint32_t c = str_char(t->pending, end++);
            if (c == '\n' && t->newline != NL_CR && t->newline != NL_CRLF) break;
            if (c == '\r' && t->newline != NL_LF) {
                if (end < n && str_char(t->pending, end) == '\n' && t->newline != NL_CR) end++;
                if (t->newline != NL_CRLF || str_char(t->pending, end - 1) == '\n') break;
            }
        }
        Obj *piece = str_substr(t->pending, i, end);
        t->ppos = end;
        if (!piece) return NULL;
        Obj *r = translate_newlines(t, piece, false);
        DECREF(piece);
        return r;
    }
    SBuf b = SBUF_INIT;
    Ssize nchars = 0;
    for (;;) {
        if (limit >= 0 && nchars >= limit) break;
        int c = text_peek(t);
        if (c == -2) goto fail;
        if (c == -1) break;
        f->rpos++;
        /* count characters: UTF-8 continuation bytes do not start one */
        if (!(t->codec == CODEC_UTF8 && (c & 0xC0) == 0x80)) nchars++;
        if (c == '\r' && t->newline != NL_LF) {
            int d = text_peek(t);
            if (d == -2) goto fail;
            if (d == '\n' && t->newline != NL_CR) {
                f->rpos++;
                if (t->newline == NL_UNIVERSAL) {
                    sbuf_putc(&b, '\n');
                } else {
                    sbuf_put(&b, "\r\n", 2);
                }
                break;
            }
            if (t->newline == NL_CRLF) {
                sbuf_putc(&b, '\r');
                continue;
            }
            if (t->newline == NL_UNIVERSAL) {
                sbuf_putc(&b, '\n');
            } else {
                sbuf_putc(&b, '\r');
            }
            break;
        }
        sbuf_putc(&b, (char)c);
        if (c == '\n' && t->newline != NL_CR && t->newline != NL_CRLF) break;
    }
    /* a limit may have cut a UTF-8 sequence: complete it — only then, as
     * peeking past a line end would wait for the next line on a terminal */
    if (t->codec == CODEC_UTF8 && utf8_cut(&b)) {
        for (;;) {
            int c = text_peek(t);
            if (c == -2) goto fail;
            if (c < 0 || (c & 0xC0) != 0x80) break;
            f->rpos++;
            sbuf_putc(&b, (char)c);
        }
    }
    Obj *r = decode_bytes(t, b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    return r;
fail:
    sbuf_free(&b);
    return NULL;
}

static Obj *text_read_impl(TextObj *t, Ssize n)
{
    if (text_check(t) < 0) return NULL;
    FileObj *f = tbuf(t);
    if (!f->readable) {
        err_unsupported("not readable");
        return NULL;
    }
    if (t->codec == CODEC_OTHER) {
        if (text_load_pending(t) < 0) return NULL;
        Ssize len = VAR_SIZE(t->pending);
        Ssize end = n < 0 || t->ppos + n > len ? len : t->ppos + n;
        Obj *piece = str_substr(t->pending, t->ppos, end);
        t->ppos = end;
        if (!piece) return NULL;
        Obj *r = translate_newlines(t, piece, false);
        DECREF(piece);
        return r;
    }
    SBuf b = SBUF_INIT;
    if (n < 0) {
        for (;;) {
            int c = text_peek(t);
            if (c == -2) goto fail;
            if (c == -1) break;
            sbuf_put(&b, (const char *)f->rbuf + f->rpos, (size_t)(f->rlen - f->rpos));
            f->rpos = f->rlen;
        }
    } else {
        Ssize chars = 0;
        while (chars < n) {
            int c = text_peek(t);
            if (c == -2) goto fail;
            if (c == -1) break;
            f->rpos++;
            sbuf_putc(&b, (char)c);
            if (t->codec == CODEC_UTF8 && c >= 0xC0) {
                int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
                for (int k = 0; k < more; k++) {
                    int d = text_peek(t);
                    if (d == -2) goto fail;
                    if (d < 0 || (d & 0xC0) != 0x80) break;
                    f->rpos++;
                    sbuf_putc(&b, (char)d);
                }
            }
            if (c == '\r' && t->newline == NL_UNIVERSAL) {
                int d = text_peek(t);
                if (d == -2) goto fail;
                if (d == '\n') {
                    f->rpos++;
                    sbuf_putc(&b, '\n');
                }
            }
            chars++;
        }
    }
    Obj *s = decode_bytes(t, b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    if (!s) return NULL;
    Obj *r = translate_newlines(t, s, false);
    DECREF(s);
    return r;
fail:
    sbuf_free(&b);
    return NULL;
}

static int text_flush_impl(TextObj *t)
{
    if (text_check(t) < 0) return -1;
    if (text_writeflush(t) < 0) return -1;
    return file_flush_impl(tbuf(t));
}

static Obj *tm_write(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *s = args[0];
    if (!STR_CHECK(s)) {
        vm_err_format(&exc_TypeError, "write() argument must be str, not %s",
                      type_name(OBJ_TYPE(s)));
        return NULL;
    }
    if (text_write_impl((TextObj *)self, s) < 0) return NULL;
    return int_from_i64(VAR_SIZE(s));
}

static Obj *tm_read(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("read", kw) < 0 || args_count("read", nargs, 0, 1) < 0) return NULL;
    Ssize n;
    if (get_size_arg(nargs ? args[0] : NULL, &n) < 0) return NULL;
    return text_read_impl((TextObj *)self, n);
}

static Obj *tm_readline(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("readline", kw) < 0 || args_count("readline", nargs, 0, 1) < 0) return NULL;
    Ssize n = -1;
    if (nargs) {
        if (!INT_CHECK(args[0])) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(args[0])));
            return NULL;
        }
        n = num_as_ssize(args[0], &exc_OverflowError);
        if (n == -1 && vm_err_occurred()) return NULL;
        if (n < 0) n = -1;
    }
    return text_readline_impl((TextObj *)self, n);
}

static Obj *tm_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (text_flush_impl((TextObj *)self) < 0) return NULL;
    return INCREF(NONE);
}

static int text_close_impl(TextObj *t)
{
    if (t->detached) {
        vm_err_set_str(&exc_ValueError, "underlying buffer has been detached");
        return -1;
    }
    FileObj *f = tbuf(t);
    if (f->closed) return 0;
    int rc = text_writeflush(t);
    if (file_close_impl(f) < 0) rc = -1;
    return rc;
}

static Obj *tm_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    if (text_close_impl((TextObj *)self) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *tm_tell(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    TextObj *t = (TextObj *)self;
    if (text_check(t) < 0 || text_writeflush(t) < 0) return NULL;
    if (!fd_seekable(tbuf(t))) {
        err_unsupported("underlying stream is not seekable");
        return NULL;
    }
    int64_t r = file_tell_impl(tbuf(t));
    if (r < 0) return NULL;
    /* CPython's tell() replays the decoder over the consumed part of the
     * current chunk: .newlines then reflects just that part */
    if (tracks_newlines(t) && t->codec != CODEC_OTHER) {
        FileObj *f = tbuf(t);
        t->seen = f->rbuf ? newline_kinds(f->rbuf, f->rpos) : 0;
    }
    if (t->pending) {
        /* decoded ahead: report the position of what was consumed */
        Obj *rest = str_substr(t->pending, t->ppos, VAR_SIZE(t->pending));
        if (!rest) return NULL;
        Obj *b = str_encode(rest, str_utf8_lossy(t->encoding, NULL), "strict");
        DECREF(rest);
        if (!b) return NULL;
        r -= VAR_SIZE(b);
        DECREF(b);
    }
    return int_from_i64(r);
}

static Obj *tm_seek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    TextObj *t = (TextObj *)self;
    if (args_no_kw("seek", kw) < 0 || args_count("seek", nargs, 1, 2) < 0) return NULL;
    if (text_check(t) < 0) return NULL;
    int64_t off;
    int whence;
    if (parse_whence(args, nargs, &off, &whence) < 0) return NULL;
    if (whence == 1 && off != 0) {
        err_unsupported("can't do nonzero cur-relative seeks");
        return NULL;
    }
    if (whence == 2 && off != 0) {
        err_unsupported("can't do nonzero end-relative seeks");
        return NULL;
    }
    if (whence == 0 && off < 0) {
        vm_err_format(&exc_ValueError, "negative seek position %ld", (long)off);
        return NULL;
    }
    if (whence == 1) return tm_tell(self, NULL, 0, NULL);
    if (text_writeflush(t) < 0) return NULL;
    CLEAR(t->pending);
    t->read_since_seek = false;
    t->seen = 0;   /* the decoder is reset: .newlines starts over */
    int64_t r = file_seek_impl(tbuf(t), off, whence == 0 ? SEEK_SET : SEEK_END);
    return r < 0 ? NULL : int_from_i64(r);
}

static Obj *tm_truncate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    TextObj *t = (TextObj *)self;
    if (text_check(t) < 0) return NULL;
    if (!tbuf(t)->writable) {
        err_unsupported("truncate");
        return NULL;
    }
    if (text_writeflush(t) < 0) return NULL;
    return fm_truncate(t->buffer, args, nargs, kw);
}

static Obj *tm_fileno(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    TextObj *t = (TextObj *)self;
    if (text_check(t) < 0 && t->detached) return NULL;
    vm_err_clear();
    return fm_fileno(t->buffer, args, nargs, kw);
}

#define TEXT_FORWARD(fn, target)                                            \
    static Obj *fn(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)       \
    {                                                                       \
        TextObj *t = (TextObj *)self;                                       \
        if (text_check(t) < 0) return NULL;                                 \
        return target(t->buffer, args, nargs, kw);                          \
    }
TEXT_FORWARD(tm_isatty, fm_isatty)
TEXT_FORWARD(tm_readable, fm_readable)
TEXT_FORWARD(tm_writable, fm_writable)
TEXT_FORWARD(tm_seekable, fm_seekable)

static Obj *tm_detach(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    TextObj *t = (TextObj *)self;
    if (text_flush_impl(t) < 0) return NULL;
    t->detached = true;
    return INCREF(t->buffer);
}

static int parse_newline(Obj *nl, int *out)
{
    if (!nl || nl == NONE) { *out = NL_UNIVERSAL; return 0; }
    if (!STR_CHECK(nl)) {
        vm_err_format(&exc_TypeError, "open() argument 'newline' must be str or None, not %s",
                      type_name(OBJ_TYPE(nl)));
        return -1;
    }
    if (str_eq_cstr(nl, "")) *out = NL_NONE_TRANSLATE;
    else if (str_eq_cstr(nl, "\n")) *out = NL_LF;
    else if (str_eq_cstr(nl, "\r")) *out = NL_CR;
    else if (str_eq_cstr(nl, "\r\n")) *out = NL_CRLF;
    else {
        vm_err_format(&exc_ValueError, "illegal newline value: %S", nl);
        return -1;
    }
    return 0;
}

static Obj *tm_reconfigure(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    TextObj *t = (TextObj *)self;
    static const char *const names[] = {"encoding", "errors", "newline", "line_buffering",
                                        "write_through"};
    Obj *v[5];
    if (nargs) {
        vm_err_format(&exc_TypeError, "reconfigure() takes no positional arguments");
        return NULL;
    }
    if (args_parse("reconfigure", args, nargs, kw, names, 5, 0, 0, v) < 0) return NULL;
    if (text_flush_impl(t) < 0) return NULL;
    if (v[0] && v[0] != NONE) {
        if (!STR_CHECK(v[0])) {
            vm_err_format(&exc_TypeError, "reconfigure() argument 'encoding' must be str or None, not %s",
                          type_name(OBJ_TYPE(v[0])));
            return NULL;
        }
        Obj *chk = str_decode("a", 1, str_utf8_lossy(v[0], NULL), "ignore");
        if (!chk) return NULL;
        DECREF(chk);
        obj_setref(&t->encoding, INCREF(v[0]));
        t->codec = codec_of(str_utf8_lossy(v[0], NULL));
        if (!v[1] || v[1] == NONE) obj_setref(&t->errors, str_from_cstr("strict"));
    }
    if (v[1] && v[1] != NONE) {
        if (!STR_CHECK(v[1])) {
            vm_err_format(&exc_TypeError, "reconfigure() argument 'errors' must be str or None, not %s",
                          type_name(OBJ_TYPE(v[1])));
            return NULL;
        }
        obj_setref(&t->errors, INCREF(v[1]));
    }
    if (v[2] && parse_newline(v[2], &t->newline) < 0) return NULL;
    if (v[3] && v[3] != NONE) {
        int b = obj_is_true(v[3]);
        if (b < 0) return NULL;
        t->line_buffering = b;
    }
    if (v[4] && v[4] != NONE) {
        int b = obj_is_true(v[4]);
        if (b < 0) return NULL;
        t->write_through = b;
    }
    return INCREF(NONE);
}

static Obj *text_repr(Obj *o)
{
    TextObj *t = (TextObj *)o;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "<");
    sbuf_puts(&b, OBJ_TYPE(o)->name);
    Obj *parts[3] = {NULL, NULL, NULL};
    Obj *name = NULL;
    if (obj_lookup_attr(o, id_str("name"), &name) < 0) {
        /* only AttributeError/ValueError are ignored, as 3.12 does */
        if (!vm_err_matches(&exc_ValueError)) {
            sbuf_free(&b);
            return NULL;
        }
        vm_err_clear();
    }
    if (name) {
        parts[0] = str_from_fmt(" name=%R", name);
        DECREF(name);
        if (!parts[0]) {
            sbuf_free(&b);
            return NULL;
        }
    }
    Obj *mode = t->dict ? dict_get_str_borrow(t->dict, "mode") : NULL;
    if (mode) {
        parts[1] = str_from_fmt(" mode=%R", mode);
        if (!parts[1]) goto fail;
    }
    parts[2] = str_from_fmt(" encoding=%R>", t->encoding);
    if (!parts[2]) goto fail;
    for (int i = 0; i < 3; i++)
        if (parts[i]) {
            Ssize n;
            const char *p = str_utf8_lossy(parts[i], &n);
            sbuf_put(&b, p, (size_t)n);
        }
    for (int i = 0; i < 3; i++) XDECREF(parts[i]);
    Obj *r = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return r;
fail:
    for (int i = 0; i < 3; i++) XDECREF(parts[i]);
    sbuf_free(&b);
    return NULL;
}

static void text_dealloc(Obj *o)
{
    TextObj *t = (TextObj *)o;
    gc_untrack(o);
    if (t->buffer && !t->detached && !tbuf(t)->closed) {
        Obj *saved = vm_err_fetch();
        if (text_close_impl(t) < 0) vm_err_write_unraisable("Exception ignored in", o);
        vm_err_restore(saved);
    }
    if (t->weakreflist) weakref_clear_refs(o);
    XDECREF(t->buffer);
    XDECREF(t->encoding);
    XDECREF(t->errors);
    XDECREF(t->pending);
    XDECREF(t->dict);
    sbuf_free(&t->wpending);
    obj_free(o);
}

static int text_traverse(Obj *o, VisitFn visit, void *arg)
{
    TextObj *t = (TextObj *)o;
    if (t->buffer && visit(t->buffer, arg)) return 1;
    if (t->dict && visit(t->dict, arg)) return 1;
    return 0;
}

static int text_clear(Obj *o)
{
    TextObj *t = (TextObj *)o;
    CLEAR(t->dict);
    return 0;
}

static Obj *tg_closed(Obj *self, void *c)
{
    (void)c;
    TextObj *t = (TextObj *)self;
    if (t->detached) {
        text_check(t);
        return NULL;
    }
    return bool_from(tbuf(t)->closed);
}
static Obj *tg_name(Obj *self, void *c)
{
    (void)c;
    TextObj *t = (TextObj *)self;
    if (t->detached) {
        text_check(t);
        return NULL;
    }
    return INCREF(tbuf(t)->name);
}
static Obj *tg_buffer(Obj *self, void *c)
{
    (void)c;
    TextObj *t = (TextObj *)self;
    if (t->detached) {
        text_check(t);
        return NULL;
    }
    return INCREF(t->buffer);
}
static Obj *tg_encoding(Obj *self, void *c) { (void)c; return INCREF(((TextObj *)self)->encoding); }
static Obj *tg_errors(Obj *self, void *c) { (void)c; return INCREF(((TextObj *)self)->errors); }
static Obj *tg_line_buffering(Obj *self, void *c) { (void)c; return bool_from(((TextObj *)self)->line_buffering); }
static Obj *tg_write_through(Obj *self, void *c) { (void)c; return bool_from(((TextObj *)self)->write_through); }
static Obj *tg_newlines(Obj *self, void *c)
{
    (void)c;
    unsigned s = ((TextObj *)self)->seen;
    if (!tracks_newlines((TextObj *)self)) s = 0;
    const char *names[3] = {"\r", "\n", "\r\n"};
    Obj *items[3];
    int k = 0;
    for (int i = 0; i < 3; i++)
        if (s & (1u << i)) items[k++] = str_from_cstr(names[i]);
    for (int i = 0; i < k; i++)
        if (!items[i]) {
            for (int j = 0; j < k; j++) XDECREF(items[j]);
            return NULL;
        }
    if (k == 0) return INCREF(NONE);
    if (k == 1) return items[0];
    Obj *tup = tuple_new(k);
    if (!tup) {
        for (int j = 0; j < k; j++) DECREF(items[j]);
        return NULL;
    }
    for (int i = 0; i < k; i++) TUPLE_ITEMS(tup)[i] = items[i];
    return tup;
}
static Obj *tg_dict(Obj *self, void *c)
{
    (void)c;
    TextObj *t = (TextObj *)self;
    if (!t->dict && !(t->dict = dict_new())) return NULL;
    return INCREF(t->dict);
}

static MethodDef text_methods[] = {
    {"write", tm_write, METH_O, NULL},
    {"writelines", m_writelines, METH_O, NULL},
    {"read", tm_read, METH_FAST, NULL},
    {"readline", tm_readline, METH_FAST, NULL},
    {"readlines", m_readlines, METH_FAST, NULL},
    {"flush", tm_flush, METH_NOARGS, NULL},
    {"close", tm_close, METH_NOARGS, NULL},
    {"seek", tm_seek, METH_FAST, NULL},
    {"tell", tm_tell, METH_NOARGS, NULL},
    {"truncate", tm_truncate, METH_FAST, NULL},
    {"fileno", tm_fileno, METH_NOARGS, NULL},
    {"isatty", tm_isatty, METH_NOARGS, NULL},
    {"readable", tm_readable, METH_NOARGS, NULL},
    {"writable", tm_writable, METH_NOARGS, NULL},
    {"seekable", tm_seekable, METH_NOARGS, NULL},
    {"detach", tm_detach, METH_NOARGS, NULL},
    {"reconfigure", tm_reconfigure, METH_FAST, NULL},
    {"__enter__", m_enter, METH_NOARGS, NULL},
    {"__exit__", m_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef text_getset[] = {
    {"closed", tg_closed, NULL, NULL, NULL},
    {"name", tg_name, NULL, NULL, NULL},
    {"buffer", tg_buffer, NULL, NULL, NULL},
    {"encoding", tg_encoding, NULL, NULL, NULL},
    {"errors", tg_errors, NULL, NULL, NULL},
    {"line_buffering", tg_line_buffering, NULL, NULL, NULL},
    {"write_through", tg_write_through, NULL, NULL, NULL},
    {"newlines", tg_newlines, NULL, NULL, NULL},
    {"__dict__", tg_dict, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj textio_type = {
    .base = TYPE_HEAD_INIT,
    .new_ = io_refuse_new,
    .tp_base = &textiobase_type,
    .name = "_io.TextIOWrapper",
    .basicsize = sizeof(TextObj),
    .weaklistoffset = offsetof(TextObj, weakreflist),
    .flags = TPF_BASETYPE | TPF_GC,
    .dealloc = text_dealloc,
    .repr = text_repr,
    .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr,
    .iter = m_iter,
    .iternext = m_iternext,
    .traverse = text_traverse,
    .clear = text_clear,
    .methods = text_methods,
    .getset = text_getset,
    .dictoffset = offsetof(TextObj, dict),
    .doc = "Character and line based layer over a BufferedIOBase object, buffer.",
};

static Obj *text_new(Obj *buffer, Obj *encoding, Obj *errors, int newline, bool line_buffering,
                     bool write_through, Obj *mode)
{
    TextObj *t = (TextObj *)obj_alloc(&textio_type, 0);
    if (!t) return NULL;
    t->buffer = INCREF(buffer);
    t->encoding = INCREF(encoding);
    t->errors = INCREF(errors);
    t->codec = codec_of(str_utf8_lossy(encoding, NULL));
    t->newline = newline;
    t->line_buffering = line_buffering;
    t->write_through = write_through;
    if (mode) {
        t->dict = dict_new();
        if (!t->dict || dict_set_str(t->dict, "mode", mode) < 0) {
            DECREF(t);
            return NULL;
        }
    }
    return (Obj *)t;
}

/* ---- open() ----------------------------------------------------------------------------- */

Obj *io_open(Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"file", "mode", "buffering", "encoding", "errors",
                                        "newline", "closefd", "opener"};
    Obj *v[8];
    if (args_parse("open", args, nargs, kwnames, names, 8, 0, 1, v) < 0) return NULL;
    Obj *file = v[0];
    Obj *mode_obj = v[1];
    const char *mode = "r";
    if (mode_obj) {
        if (!STR_CHECK(mode_obj)) {
            vm_err_format(&exc_TypeError, "open() argument 'mode' must be str, not %s",
                          type_name(OBJ_TYPE(mode_obj)));
            return NULL;
        }
        mode = str_utf8_lossy(mode_obj, NULL);
    }
    int64_t buffering = -1;
    if (v[2]) {
        if (!INT_CHECK(v[2])) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(v[2])));
            return NULL;
        }
        if (int_as_i64(v[2], &buffering) < 0) return NULL;
    }
    for (int i = 3; i <= 5; i++)
        if (v[i] && v[i] != NONE && !STR_CHECK(v[i])) {
            vm_err_format(&exc_TypeError, "open() argument '%s' must be str or None, not %s",
                          names[i], type_name(OBJ_TYPE(v[i])));
            return NULL;
        }
    bool closefd = true;
    if (v[6]) {
        int b = obj_is_true(v[6]);
        if (b < 0) return NULL;
        closefd = b;
    }
    if (v[7] && v[7] != NONE) {
        vm_err_set_str(&exc_NotImplementedError, "pydbg: open(opener=...) is not supported");
        return NULL;
    }

    /* the mode string */
    bool r = false, w = false, a = false, x = false, plus = false, bin = false, txt = false;
    bool bad = false;
    for (const char *p = mode; *p; p++) {
        bool *flag;
        switch (*p) {
        case 'r': flag = &r; break;
        case 'w': flag = &w; break;
        case 'a': flag = &a; break;
        case 'x': flag = &x; break;
        case '+': flag = &plus; break;
        case 'b': flag = &bin; break;
        case 't': flag = &txt; break;
        default: flag = NULL; break;
        }
        if (!flag || *flag) { bad = true; break; }
        *flag = true;
    }
    if (bad) {
        vm_err_format(&exc_ValueError, "invalid mode: '%s'", mode);
        return NULL;
    }
    if (txt && bin) {
        vm_err_set_str(&exc_ValueError, "can't have text and binary mode at once");
        return NULL;
    }
    int nmodes = r + w + a + x;
    if (nmodes > 1) {
        vm_err_set_str(&exc_ValueError, "must have exactly one of create/read/write/append mode");
        return NULL;
    }
    if (nmodes == 0) {
        vm_err_set_str(&exc_ValueError,
                       "Must have exactly one of create/read/write/append mode and at most one plus");
        return NULL;
    }
    if (bin && v[3] && v[3] != NONE) {
        vm_err_set_str(&exc_ValueError, "binary mode doesn't take an encoding argument");
        return NULL;
    }
    if (bin && v[4] && v[4] != NONE) {
        vm_err_set_str(&exc_ValueError, "binary mode doesn't take an errors argument");
        return NULL;
    }
    if (bin && v[5] && v[5] != NONE) {
        vm_err_set_str(&exc_ValueError, "binary mode doesn't take a newline argument");
        return NULL;
    }
    if (!bin && buffering == 0) {
        vm_err_set_str(&exc_ValueError, "can't have unbuffered text I/O");
        return NULL;
    }
    int newline = NL_UNIVERSAL;
    if (!bin && parse_newline(v[5], &newline) < 0) return NULL;
    Obj *encoding = NULL;
    if (!bin) {
        if (v[3] && v[3] != NONE) {
            Obj *chk = str_decode("a", 1, str_utf8_lossy(v[3], NULL), "ignore");
            if (!chk) return NULL;
            DECREF(chk);
            encoding = INCREF(v[3]);
        } else {
            encoding = str_from_cstr("UTF-8");
            if (!encoding) return NULL;
        }
    }

    /* the file itself: a path (str/bytes) or an fd */
    int fd;
    Obj *name = file;
    if (INT_CHECK(file) && !type_is_subtype(OBJ_TYPE(file), &bool_type)) {
        int64_t n;
        if (int_as_i64(file, &n) < 0) goto fail;
        if (n < 0) {
            vm_err_set_str(&exc_ValueError, "negative file descriptor");
            goto fail;
        }
        fd = (int)n;
        struct stat st;
        if (fstat(fd, &st) < 0) {
            err_errno(errno, NULL);
            goto fail;
        }
    } else {
        if (!closefd) {
            vm_err_set_str(&exc_ValueError, "Cannot use closefd=False with file name");
            goto fail;
        }
        const char *path;
        Ssize plen;
        if (STR_CHECK(file)) {
            path = str_utf8(file, &plen);
            if (!path) goto fail;
        } else if (BYTES_CHECK(file)) {
            path = (const char *)BYTES_DATA(file);
            plen = VAR_SIZE(file);
        } else {
            Obj *fs = NULL;
            if (obj_lookup_attr(file, id_str("__fspath__"), &fs) < 0) goto fail;
            if (!fs) {
                vm_err_format(&exc_TypeError, "expected str, bytes or os.PathLike object, not %s",
                              type_name(OBJ_TYPE(file)));
                goto fail;
            }
            Obj *p = obj_call(fs, NULL, 0, NULL);
            DECREF(fs);
            if (!p) goto fail;
            /* re-enter with the path, keeping every other argument by keyword */
            Obj *res = NULL;
            {
                Obj *kwv[7];
                const char *kn[7];
                int nk = 0;
                for (int i = 1; i < 8; i++)
                    if (v[i]) { kwv[nk] = v[i]; kn[nk] = names[i]; nk++; }
                Obj *kwt = tuple_new(nk);
                if (kwt) {
                    Obj *argv[8];
                    argv[0] = p;
                    for (int i = 0; i < nk; i++) {
                        TUPLE_ITEMS(kwt)[i] = INCREF(id_str(kn[i]));
                        argv[1 + i] = kwv[i];
                    }
                    res = io_open(argv, 1, kwt);
                    DECREF(kwt);
                }
            }
            DECREF(p);
            XDECREF(encoding);
            return res;
        }
        if ((Ssize)strlen(path) != plen) {
            vm_err_set_str(&exc_ValueError, "embedded null byte");
            goto fail;
        }
        int flags = O_CLOEXEC;
        if (plus) flags |= O_RDWR;
        else if (r) flags |= O_RDONLY;
        else flags |= O_WRONLY;
        if (w) flags |= O_CREAT | O_TRUNC;
        if (a) flags |= O_CREAT | O_APPEND;
        if (x) flags |= O_CREAT | O_EXCL;
        do {
            fd = open(path, flags, 0666);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0) {
            err_errno(errno, file);
            goto fail;
        }
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            err_errno(EISDIR, file);
            goto fail;
        }
        if (a) lseek(fd, 0, SEEK_END);
    }
    bool readable = r || plus, writable = w || a || x || plus;
    TypeObj *bt = buffering == 0 ? &fileio_type
                  : plus         ? &bufrandom_type
                  : readable     ? &bufreader_type
                                 : &bufwriter_type;
    Obj *raw = file_new_obj(bt, fd, name, readable, writable, a, x, plus, closefd);
    if (!raw) {
        if (closefd) close(fd);
        goto fail;
    }
    if (bin) {
        XDECREF(encoding);
        return raw;
    }
    Obj *errors = v[4] && v[4] != NONE ? INCREF(v[4]) : str_from_cstr("strict");
    if (!errors) {
        DECREF(raw);
        goto fail;
    }
    bool line_buffering = buffering == 1 || (buffering < 0 && isatty(fd));
    Obj *t = text_new(raw, encoding, errors, newline, line_buffering, false, mode_obj ? mode_obj : id_str("r"));
    DECREF(raw);
    DECREF(errors);
    DECREF(encoding);
    return t;
fail:
    XDECREF(encoding);
    return NULL;
}

/* ---- writing from C -------------------------------------------------------------------- */

static int write_fd2(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

int io_write_str(Obj *file, Obj *s)
{
    if (!file) {
        Ssize n;
        const char *p = str_utf8_lossy(s, &n);
        return write_fd2(p, (size_t)n);
    }
    if (is_text(file) && OBJ_TYPE(file) == &textio_type) return text_write_impl((TextObj *)file, s);
    Obj *r = obj_call_method(file, "write", &s, 1);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

int io_write_utf8(Obj *file, const char *s, size_t n)
{
    if (!file) return write_fd2(s, n);
    Obj *str = str_from_utf8(s, (Ssize)n);
    if (!str) return -1;
    int rc = io_write_str(file, str);
    DECREF(str);
    return rc;
}

int io_write_cstr(Obj *file, const char *s) { return io_write_utf8(file, s, strlen(s)); }

/* ---- std streams --------------------------------------------------------------------------- */

static Obj *std_stream(int fd, const char *name, bool write, const char *errors, bool unbuffered)
{
    /* a closed descriptor gives None (`python prog >&-` prints nothing) */
    struct stat st;
    if (fstat(fd, &st) < 0 && errno == EBADF) return INCREF(NONE);
    Obj *nm = str_from_cstr(name);
    if (!nm) return NULL;
    Obj *raw = file_new_obj(unbuffered && write ? &fileio_type : write ? &bufwriter_type : &bufreader_type,
                            fd, nm, !write, write, false, false, false, false);
    DECREF(nm);
    if (!raw) return NULL;
    Obj *enc = str_from_cstr("utf-8");
    Obj *err = str_from_cstr(errors);
    Obj *mode = str_from_cstr(write ? "w" : "r");
    Obj *t = NULL;
    if (enc && err && mode) {
        /* stdout: line-buffered on a terminal; stderr: always (3.9+) */
        bool lb = fd == 2 || (fd == 1 && isatty(fd));
        /* POSIX std streams: newline="\n", no translation either way */
        t = text_new(raw, enc, err, NL_LF, write && lb, write && unbuffered, mode);
    }
    XDECREF(enc);
    XDECREF(err);
    XDECREF(mode);
    DECREF(raw);
    return t;
}

static Obj *make_unsupported(void)
{
    Obj *name = str_from_cstr("UnsupportedOperation");
    Obj *bases = tuple_pack(2, (Obj *)&exc_OSError, (Obj *)&exc_ValueError);
    Obj *ns = dict_new();
    Obj *mod = str_from_cstr("io");
    Obj *r = NULL;
    if (name && bases && ns && mod && dict_set_str(ns, "__module__", mod) == 0) {
        Obj *a[3] = {name, bases, ns};
        r = obj_call((Obj *)&type_type, a, 3, NULL);
    }
    XDECREF(name);
    XDECREF(bases);
    XDECREF(ns);
    XDECREF(mod);
    return r;
}


/* ---- io.StringIO and io.BytesIO ------------------------------------------------------
 * In-memory streams.  StringIO keeps code points and applies its newline
 * mode on write as CPython's does (newline=None translates \r\n and \r to
 * \n as the text is stored; '\r' / '\r\n' turn '\n' into that on write).
 * Writing past the end pads with NULs.  Their closed-file messages differ
 * (StringIO's has no final period), as in 3.12. */

typedef struct StringIOObj {
    Obj base;
    uint32_t *buf;
    Ssize len, cap, pos;
    int newline;               /* NL_* */
    unsigned seen;
    bool closed;
    Obj *dict;
    Obj *weakreflist;
} StringIOObj;

typedef struct BytesIOObj {
    Obj base;
    unsigned char *buf;
    Ssize len, cap, pos;
    bool closed;
    Obj *dict;
    Obj *weakreflist;
} BytesIOObj;

static int sio_check(StringIOObj *s)
{
    if (s->closed) {
        vm_err_set_str(&exc_ValueError, "I/O operation on closed file");
        return -1;
    }
    return 0;
}

static int bio_check(BytesIOObj *b)
{
    if (b->closed) {
        err_closed();
        return -1;
    }
    return 0;
}

static void sio_reserve(StringIOObj *s, Ssize need)
{
    if (need <= s->cap) return;
    Ssize cap = s->cap ? s->cap : 16;
    while (cap < need) cap *= 2;
    s->buf = xrealloc(s->buf, (size_t)cap * sizeof(uint32_t));
    s->cap = cap;
}

/* Store code points at the position (padding with NULs past the end). */
static void sio_put(StringIOObj *s, const uint32_t *cp, Ssize n)
{
    sio_reserve(s, s->pos + n);
    if (s->pos > s->len) {
        for (Ssize i = s->len; i < s->pos; i++) s->buf[i] = 0;
        s->len = s->pos;
    }
    if (n > 0) memcpy(s->buf + s->pos, cp, (size_t)n * sizeof(uint32_t));   /* buf is NULL while empty */
    s->pos += n;
    if (s->pos > s->len) s->len = s->pos;
}

static int sio_write_str(StringIOObj *s, Obj *str)
{
    Ssize n = VAR_SIZE(str);
    uint32_t *v = xmalloc((size_t)(2 * n + 1) * sizeof(uint32_t));
    Ssize k = 0;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(str, i);
        if (s->newline == NL_UNIVERSAL || s->newline == NL_NONE_TRANSLATE) {
            if (c == '\r' && i + 1 < n && str_char(str, i + 1) == '\n') {
                s->seen |= SEEN_CRLF;
                if (s->newline == NL_NONE_TRANSLATE) v[k++] = '\r';
                i++;
                c = '\n';
            } else if (c == '\r') {
                s->seen |= SEEN_CR;
                if (s->newline == NL_UNIVERSAL) c = '\n';
            } else if (c == '\n') {
                s->seen |= SEEN_LF;
            }
        } else if (c == '\n' && s->newline == NL_CR) {
            c = '\r';
        } else if (c == '\n' && s->newline == NL_CRLF) {
            v[k++] = '\r';
        }
        v[k++] = c;
    }
    sio_put(s, v, k);
    free(v);
    return 0;
}

static Obj *sio_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"initial_value", "newline"};
    Obj *v[2];
    if (args_parse("StringIO", args, nargs, kw, names, 2, 0, 0, v) < 0) return NULL;
    Obj *init = v[0] && v[0] != NONE ? v[0] : NULL;
    if (init && !STR_CHECK(init)) {
        vm_err_format(&exc_TypeError, "initial_value must be str or None, not %s",
                      type_name(OBJ_TYPE(init)));
        return NULL;
    }
    int nl = NL_LF;
    if (v[1]) {
        if (v[1] != NONE && !STR_CHECK(v[1])) {
            vm_err_format(&exc_TypeError, "newline must be str or None, not %s",
                          type_name(OBJ_TYPE(v[1])));
            return NULL;
        }
        if (v[1] != NONE && !str_eq_cstr(v[1], "") && !str_eq_cstr(v[1], "\n") &&
            !str_eq_cstr(v[1], "\r") && !str_eq_cstr(v[1], "\r\n")) {
            vm_err_format(&exc_ValueError, "illegal newline value: %R", v[1]);
            return NULL;
        }
        if (parse_newline(v[1], &nl) < 0) return NULL;
    }
    StringIOObj *s = (StringIOObj *)obj_alloc(t, 0);
    if (!s) return NULL;
    s->newline = nl;
    if (init) {
        sio_write_str(s, init);
        s->pos = 0;
    }
    return (Obj *)s;
}

static void sio_dealloc(Obj *o)
{
    StringIOObj *s = (StringIOObj *)o;
    gc_untrack(o);
    if (s->weakreflist) weakref_clear_refs(o);
    free(s->buf);
    XDECREF(s->dict);
    obj_free(o);
}

static Obj *sio_substr(StringIOObj *s, Ssize a, Ssize b)
{
    if (b > s->len) b = s->len;
    if (a >= b) return str_from_cstr("");
    return str_from_ucs4(s->buf + a, b - a);
}

static Obj *sio_write(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    StringIOObj *s = (StringIOObj *)self;
    if (sio_check(s) < 0) return NULL;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "string argument expected, got '%s'",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    Ssize n = VAR_SIZE(args[0]);
    if (n > 0) sio_write_str(s, args[0]);
    return int_from_i64(n);
}

static Obj *sio_read(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    StringIOObj *s = (StringIOObj *)self;
    if (args_no_kw("read", kw) < 0 || args_count("read", nargs, 0, 1) < 0) return NULL;
    if (sio_check(s) < 0) return NULL;
    Ssize n;
    if (get_size_arg(nargs ? args[0] : NULL, &n) < 0) return NULL;
    Ssize start = s->pos < s->len ? s->pos : s->len;
    Ssize end = n < 0 || start + n > s->len ? s->len : start + n;
    Obj *r = sio_substr(s, start, end);
    if (r && end > s->pos) s->pos = end;
    return r;
}

/* End of the line starting at i (after its line end), limit < 0: none. */
static Ssize sio_line_end(StringIOObj *s, Ssize i, Ssize limit)
{
    Ssize end = i;
    while (end < s->len && (limit < 0 || end - i < limit)) {
        uint32_t c = s->buf[end++];
        if (s->newline == NL_CR) {
            if (c == '\r') break;
        } else if (s->newline == NL_CRLF) {
            if (c == '\r' && end < s->len && s->buf[end] == '\n' && (limit < 0 || end - i < limit)) {
                end++;
                break;
            }
        } else if (s->newline == NL_NONE_TRANSLATE) {
            if (c == '\n') break;
            if (c == '\r') {
                if (end < s->len && s->buf[end] == '\n' && (limit < 0 || end - i < limit)) end++;
                break;
            }
        } else if (c == '\n') {
            break;
        }
    }
    return end;
}

static Obj *sio_readline(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    StringIOObj *s = (StringIOObj *)self;
    if (args_no_kw("readline", kw) < 0 || args_count("readline", nargs, 0, 1) < 0) return NULL;
    if (sio_check(s) < 0) return NULL;
    Ssize limit;
    if (get_size_arg(nargs ? args[0] : NULL, &limit) < 0) return NULL;
    if (s->pos >= s->len) return str_from_cstr("");
    Ssize end = sio_line_end(s, s->pos, limit);
    Obj *r = sio_substr(s, s->pos, end);
    if (r) s->pos = end;
    return r;
}

static Obj *sio_getvalue(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    StringIOObj *s = (StringIOObj *)self;
    if (sio_check(s) < 0) return NULL;
    return sio_substr(s, 0, s->len);
}

static Obj *sio_tell(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    StringIOObj *s = (StringIOObj *)self;
    if (sio_check(s) < 0) return NULL;
    return int_from_i64(s->pos);
}

static Obj *sio_seek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    StringIOObj *s = (StringIOObj *)self;
    if (args_no_kw("seek", kw) < 0 || args_count("seek", nargs, 1, 2) < 0) return NULL;
    int64_t off;
    int whence;
    if (parse_whence(args, nargs, &off, &whence) < 0) {
        if (vm_err_matches(&exc_ValueError)) {
            vm_err_clear();
            int64_t w = 0;
            if (nargs > 1) int_as_i64(args[1], &w);
            vm_err_format(&exc_ValueError, "Invalid whence (%ld, should be 0, 1 or 2)", (long)w);
        }
        return NULL;
    }
    if (sio_check(s) < 0) return NULL;
    if (whence == 0 && off < 0) {
        vm_err_format(&exc_ValueError, "Negative seek position %ld", (long)off);
        return NULL;
    }
    if (whence != 0 && off != 0) {
        /* (3.12 words both cases this way) */
        vm_err_set_str(&exc_OSError, "Can't do nonzero cur-relative seeks");
        return NULL;
    }
    if (whence == 2) s->pos = s->len;
    else if (whence == 0) s->pos = (Ssize)off;
    return int_from_i64(s->pos);
}

static Obj *sio_truncate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    StringIOObj *s = (StringIOObj *)self;
    if (args_no_kw("truncate", kw) < 0 || args_count("truncate", nargs, 0, 1) < 0) return NULL;
    if (sio_check(s) < 0) return NULL;
    Ssize size = s->pos;
    if (nargs && args[0] != NONE) {
        size = num_as_ssize(args[0], &exc_OverflowError);
        if (size == -1 && vm_err_occurred()) return NULL;
        if (size < 0) {
            vm_err_format(&exc_ValueError, "Negative size value %zd", size);
            return NULL;
        }
    }
    if (size < s->len) s->len = size;
    return int_from_i64(size);
}

static Obj *sio_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    StringIOObj *s = (StringIOObj *)self;
    s->closed = true;
    free(s->buf);
    s->buf = NULL;
    s->len = s->cap = 0;
    return INCREF(NONE);
}

static Obj *mem_true(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    bool closed = IS_TYPE(self, stringio_type) || type_is_subtype(OBJ_TYPE(self), &stringio_type)
                      ? ((StringIOObj *)self)->closed : ((BytesIOObj *)self)->closed;
    if (closed) {
        if (type_is_subtype(OBJ_TYPE(self), &stringio_type)) sio_check((StringIOObj *)self);
        else err_closed();
        return NULL;
    }
    return bool_from(true);
}

static Obj *mem_false(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *r = mem_true(self, args, nargs, kw);
    if (!r) return NULL;
    DECREF(r);
    return bool_from(false);
}

static Obj *mem_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *r = mem_true(self, args, nargs, kw);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *mem_fileno(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    err_unsupported("fileno");
    return NULL;
}

static Obj *mem_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *r = mem_true(self, args, nargs, kw);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(self);
}

static Obj *mem_iter(Obj *self)
{
    Obj *r = mem_true(self, NULL, 0, NULL);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(self);
}

static Obj *sio_closed(Obj *self, void *c) { (void)c; return bool_from(((StringIOObj *)self)->closed); }
static Obj *sio_newlines(Obj *self, void *c)
{
    (void)c;
    StringIOObj *s = (StringIOObj *)self;
    if (sio_check(s) < 0) return NULL;
    if (s->newline != NL_UNIVERSAL && s->newline != NL_NONE_TRANSLATE) return INCREF(NONE);
    const char *names[3] = {"\r", "\n", "\r\n"};
    Obj *items[3];
    int k = 0;
    for (int i = 0; i < 3; i++)
        if (s->seen & (1u << i)) items[k++] = str_from_cstr(names[i]);
    if (k == 0) return INCREF(NONE);
    if (k == 1) return items[0];
    Obj *t = tuple_new(k);
    for (int i = 0; i < k; i++) {
        if (t) TUPLE_ITEMS(t)[i] = items[i];
        else XDECREF(items[i]);
    }
    return t;
}
static Obj *mem_none(Obj *self, void *c) { (void)self; (void)c; return INCREF(NONE); }
static Obj *mem_false_get(Obj *self, void *c) { (void)self; (void)c; return bool_from(false); }
static Obj *sio_dict(Obj *self, void *c)
{
    (void)c;
    StringIOObj *s = (StringIOObj *)self;
    if (!s->dict && !(s->dict = dict_new())) return NULL;
    return INCREF(s->dict);
}

static MethodDef sio_methods[] = {
    {"write", sio_write, METH_O, NULL},
    {"writelines", m_writelines, METH_O, NULL},
    {"read", sio_read, METH_FAST, NULL},
    {"readline", sio_readline, METH_FAST, NULL},
    {"readlines", m_readlines, METH_FAST, NULL},
    {"getvalue", sio_getvalue, METH_NOARGS, NULL},
    {"tell", sio_tell, METH_NOARGS, NULL},
    {"seek", sio_seek, METH_FAST, NULL},
    {"truncate", sio_truncate, METH_FAST, NULL},
    {"close", sio_close, METH_NOARGS, NULL},
    {"flush", mem_flush, METH_NOARGS, NULL},
    {"readable", mem_true, METH_NOARGS, NULL},
    {"writable", mem_true, METH_NOARGS, NULL},
    {"seekable", mem_true, METH_NOARGS, NULL},
    {"isatty", mem_false, METH_NOARGS, NULL},
    {"fileno", mem_fileno, METH_NOARGS, NULL},
    {"__enter__", mem_enter, METH_NOARGS, NULL},
    {"__exit__", m_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef sio_getset[] = {
    {"closed", sio_closed, NULL, NULL, NULL},
    {"newlines", sio_newlines, NULL, NULL, NULL},
    {"line_buffering", mem_false_get, NULL, NULL, NULL},
    {"encoding", mem_none, NULL, NULL, NULL},
    {"errors", mem_none, NULL, NULL, NULL},
    {"__dict__", sio_dict, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static int mem_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *d = IS_TYPE(o, stringio_type) || type_is_subtype(OBJ_TYPE(o), &stringio_type)
                 ? ((StringIOObj *)o)->dict : ((BytesIOObj *)o)->dict;
    return d ? visit(d, arg) : 0;
}

static TypeObj stringio_type = {
    .base = TYPE_HEAD_INIT, .name = "_io.StringIO", .basicsize = sizeof(StringIOObj),
    .weaklistoffset = offsetof(StringIOObj, weakreflist),
    .tp_base = &textiobase_type, .flags = TPF_BASETYPE | TPF_GC, .dealloc = sio_dealloc,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .iter = mem_iter,
    .iternext = m_iternext, .new_ = sio_new, .traverse = mem_traverse, .methods = sio_methods,
    .getset = sio_getset, .dictoffset = offsetof(StringIOObj, dict),
    .doc = "Text I/O implementation using an in-memory buffer.",
};

static void bio_reserve(BytesIOObj *b, Ssize need)
{
    if (need <= b->cap) return;
    Ssize cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->buf = xrealloc(b->buf, (size_t)cap);
    b->cap = cap;
}

static void bio_put(BytesIOObj *b, const void *p, Ssize n)
{
    bio_reserve(b, b->pos + n);
    if (b->pos > b->len) {
        memset(b->buf + b->len, 0, (size_t)(b->pos - b->len));
        b->len = b->pos;
    }
    if (n) memcpy(b->buf + b->pos, p, (size_t)n);
    b->pos += n;
    if (b->pos > b->len) b->len = b->pos;
}

static Obj *bio_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"initial_bytes"};
    Obj *v[1];
    if (args_parse("BytesIO", args, nargs, kw, names, 1, 0, 0, v) < 0) return NULL;
    Obj *data = NULL;
    if (v[0] && v[0] != NONE) {
        data = as_bytes(v[0]);
        if (!data) return NULL;
    }
    BytesIOObj *b = (BytesIOObj *)obj_alloc(t, 0);
    if (!b) {
        XDECREF(data);
        return NULL;
    }
    if (data) {
        bio_put(b, BYTES_DATA(data), VAR_SIZE(data));
        b->pos = 0;
        DECREF(data);
    }
    return (Obj *)b;
}

static void bio_dealloc(Obj *o)
{
    BytesIOObj *b = (BytesIOObj *)o;
    gc_untrack(o);
    if (b->weakreflist) weakref_clear_refs(o);
    free(b->buf);
    XDECREF(b->dict);
    obj_free(o);
}

static Obj *bio_slice(BytesIOObj *b, Ssize a, Ssize e)
{
    if (e > b->len) e = b->len;
    if (a >= e) return bytes_from("", 0);
    return bytes_from(b->buf + a, e - a);
}

static Obj *bio_write(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    BytesIOObj *b = (BytesIOObj *)self;
    if (bio_check(b) < 0) return NULL;
    Obj *data = as_bytes(args[0]);
    if (!data) return NULL;
    Ssize n = VAR_SIZE(data);
    if (n) bio_put(b, BYTES_DATA(data), n);
    DECREF(data);
    return int_from_i64(n);
}

static Obj *bio_read(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    BytesIOObj *b = (BytesIOObj *)self;
    if (args_no_kw("read", kw) < 0 || args_count("read", nargs, 0, 1) < 0) return NULL;
    if (bio_check(b) < 0) return NULL;
    Ssize n;
    if (get_size_arg(nargs ? args[0] : NULL, &n) < 0) return NULL;
    Ssize start = b->pos < b->len ? b->pos : b->len;
    Ssize end = n < 0 || start + n > b->len ? b->len : start + n;
    Obj *r = bio_slice(b, start, end);
    if (r && end > b->pos) b->pos = end;
    return r;
}

static Obj *bio_readline(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    BytesIOObj *b = (BytesIOObj *)self;
    if (args_no_kw("readline", kw) < 0 || args_count("readline", nargs, 0, 1) < 0) return NULL;
    if (bio_check(b) < 0) return NULL;
    Ssize limit;
    if (get_size_arg(nargs ? args[0] : NULL, &limit) < 0) return NULL;
    if (b->pos >= b->len) return bytes_from("", 0);
    Ssize end = b->pos;
    while (end < b->len && (limit < 0 || end - b->pos < limit))
        if (b->buf[end++] == '\n') break;
    Obj *r = bio_slice(b, b->pos, end);
    if (r) b->pos = end;
    return r;
}

static Obj *bio_readinto(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    BytesIOObj *b = (BytesIOObj *)self;
    if (bio_check(b) < 0) return NULL;
    if (!type_is_subtype(OBJ_TYPE(args[0]), &bytearray_type)) {
        vm_err_format(&exc_TypeError, "readinto() argument must be read-write bytes-like object, not %s",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    ByteArrayObj *ba = (ByteArrayObj *)args[0];
    Ssize n = VAR_SIZE(ba);
    Ssize avail = b->len > b->pos ? b->len - b->pos : 0;
    if (n > avail) n = avail;
    if (n) memcpy(ba->data, b->buf + b->pos, (size_t)n);
    b->pos += n;
    return int_from_i64(n);
}

static Obj *bio_getvalue(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    BytesIOObj *b = (BytesIOObj *)self;
    if (bio_check(b) < 0) return NULL;
    return bio_slice(b, 0, b->len);
}

static Obj *bio_getbuffer(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    /* a read-only view of a copy (pydbg's memoryview is minimal) */
    Obj *v = bio_getvalue(self, args, nargs, kw);
    if (!v) return NULL;
    Obj *mv = obj_call((Obj *)&memoryview_type, &v, 1, NULL);
    DECREF(v);
    return mv;
}

static Obj *bio_tell(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    BytesIOObj *b = (BytesIOObj *)self;
    if (bio_check(b) < 0) return NULL;
    return int_from_i64(b->pos);
}

static Obj *bio_seek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    BytesIOObj *b = (BytesIOObj *)self;
    if (args_no_kw("seek", kw) < 0 || args_count("seek", nargs, 1, 2) < 0) return NULL;
    if (bio_check(b) < 0) return NULL;
    int64_t off;
    int whence;
    if (parse_whence(args, nargs, &off, &whence) < 0) return NULL;
    if (whence == 0 && off < 0) {
        vm_err_format(&exc_ValueError, "negative seek value %ld", (long)off);
        return NULL;
    }
    int64_t base = whence == 0 ? 0 : whence == 1 ? b->pos : b->len;
    int64_t pos = base + off;
    if (pos < 0) pos = 0;
    b->pos = (Ssize)pos;
    return int_from_i64(pos);
}

static Obj *bio_truncate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    BytesIOObj *b = (BytesIOObj *)self;
    if (args_no_kw("truncate", kw) < 0 || args_count("truncate", nargs, 0, 1) < 0) return NULL;
    if (bio_check(b) < 0) return NULL;
    Ssize size = b->pos;
    if (nargs && args[0] != NONE) {
        size = num_as_ssize(args[0], &exc_OverflowError);
        if (size == -1 && vm_err_occurred()) return NULL;
        if (size < 0) {
            vm_err_format(&exc_ValueError, "negative size value %zd", size);
            return NULL;
        }
    }
    if (size < b->len) b->len = size;
    return int_from_i64(size);
}

static Obj *bio_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    BytesIOObj *b = (BytesIOObj *)self;
    b->closed = true;
    free(b->buf);
    b->buf = NULL;
    b->len = b->cap = 0;
    return INCREF(NONE);
}

static Obj *bio_closed(Obj *self, void *c) { (void)c; return bool_from(((BytesIOObj *)self)->closed); }
static Obj *bio_dict(Obj *self, void *c)
{
    (void)c;
    BytesIOObj *b = (BytesIOObj *)self;
    if (!b->dict && !(b->dict = dict_new())) return NULL;
    return INCREF(b->dict);
}

static MethodDef bio_methods[] = {
    {"write", bio_write, METH_O, NULL},
    {"writelines", m_writelines, METH_O, NULL},
    {"read", bio_read, METH_FAST, NULL},
    {"read1", bio_read, METH_FAST, NULL},
    {"readline", bio_readline, METH_FAST, NULL},
    {"readlines", m_readlines, METH_FAST, NULL},
    {"readinto", bio_readinto, METH_O, NULL},
    {"getvalue", bio_getvalue, METH_NOARGS, NULL},
    {"getbuffer", bio_getbuffer, METH_NOARGS, NULL},
    {"tell", bio_tell, METH_NOARGS, NULL},
    {"seek", bio_seek, METH_FAST, NULL},
    {"truncate", bio_truncate, METH_FAST, NULL},
    {"close", bio_close, METH_NOARGS, NULL},
    {"flush", mem_flush, METH_NOARGS, NULL},
    {"readable", mem_true, METH_NOARGS, NULL},
    {"writable", mem_true, METH_NOARGS, NULL},
    {"seekable", mem_true, METH_NOARGS, NULL},
    {"isatty", mem_false, METH_NOARGS, NULL},
    {"fileno", mem_fileno, METH_NOARGS, NULL},
    {"__enter__", mem_enter, METH_NOARGS, NULL},
    {"__exit__", m_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef bio_getset[] = {
    {"closed", bio_closed, NULL, NULL, NULL},
    {"__dict__", bio_dict, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj bytesio_type = {
    .base = TYPE_HEAD_INIT, .name = "_io.BytesIO", .basicsize = sizeof(BytesIOObj),
    .weaklistoffset = offsetof(BytesIOObj, weakreflist),
    .tp_base = &bufferediobase_type, .flags = TPF_BASETYPE | TPF_GC, .dealloc = bio_dealloc,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .iter = mem_iter,
    .iternext = m_iternext, .new_ = bio_new, .traverse = mem_traverse, .methods = bio_methods,
    .getset = bio_getset, .dictoffset = offsetof(BytesIOObj, dict),
    .doc = "Buffered I/O implementation using an in-memory bytes buffer.",
};

static Obj *io_text_encoding(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (args_no_kw("text_encoding", kw) < 0 || args_count("text_encoding", nargs, 1, 2) < 0) return NULL;
    if (args[0] != NONE) return INCREF(args[0]);
    return str_from_cstr("locale");
}

/* ---- the io module --------------------------------------------------------------------- */
static Obj *io_open_fn(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    return io_open(args, nargs, kw);
}

static const MethodDef io_module_methods[] = {
    {"open", io_open_fn, METH_FAST, "Open file and return a stream."},
    {"text_encoding", io_text_encoding, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *io_module_init(void)
{
    Obj *m = module_new("io");
    if (!m) return NULL;
    if (module_add_functions(m, io_module_methods) < 0) goto fail;
    if (unsupported_exc && module_add(m, "UnsupportedOperation", INCREF(unsupported_exc)) < 0) goto fail;
    if (module_add(m, "TextIOWrapper", INCREF((Obj *)&textio_type)) < 0 ||
        module_add(m, "FileIO", INCREF((Obj *)&fileio_type)) < 0 ||
        module_add(m, "BufferedReader", INCREF((Obj *)&bufreader_type)) < 0 ||
        module_add(m, "BufferedWriter", INCREF((Obj *)&bufwriter_type)) < 0 ||
        module_add(m, "BufferedRandom", INCREF((Obj *)&bufrandom_type)) < 0 ||
        module_add(m, "StringIO", INCREF((Obj *)&stringio_type)) < 0 ||
        module_add(m, "BytesIO", INCREF((Obj *)&bytesio_type)) < 0 ||
        module_add(m, "IOBase", INCREF((Obj *)&iobase_type)) < 0 ||
        module_add(m, "RawIOBase", INCREF((Obj *)&rawiobase_type)) < 0 ||
        module_add(m, "BufferedIOBase", INCREF((Obj *)&bufferediobase_type)) < 0 ||
        module_add(m, "TextIOBase", INCREF((Obj *)&textiobase_type)) < 0 ||
        module_add(m, "DEFAULT_BUFFER_SIZE", int_from_i64(IO_BUFSIZE)) < 0 ||
        module_add(m, "SEEK_SET", int_from_i64(0)) < 0 ||
        module_add(m, "SEEK_CUR", int_from_i64(1)) < 0 ||
        module_add(m, "SEEK_END", int_from_i64(2)) < 0)
        goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

int io_init(void)
{
    /* CPython ignores SIGPIPE: writes to a closed pipe raise BrokenPipeError. */
    signal(SIGPIPE, SIG_IGN);
    TypeObj *types[] = {&iobase_type, &rawiobase_type, &bufferediobase_type, &textiobase_type,
                        &fileio_type, &bufreader_type, &bufwriter_type, &bufrandom_type,
                        &textio_type, &stringio_type, &bytesio_type};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (type_ready(types[i]) < 0) return -1;
    if (!unsupported_exc && !(unsupported_exc = make_unsupported())) return -1;
    vm_static_roots(&unsupported_exc, 1);
    vm_static_roots(std_objs, 2);
    const char *ub = getenv("PYTHONUNBUFFERED");
    bool unbuffered = ub && *ub;
    Obj *in = std_stream(0, "<stdin>", false, "surrogateescape", unbuffered);
    Obj *out = std_stream(1, "<stdout>", true, "surrogateescape", unbuffered);
    Obj *err = std_stream(2, "<stderr>", true, "backslashreplace", unbuffered);
    int rc = -1;
    if (in && out && err && vm && vm->sys) {
        Obj *d = module_dict_borrow(vm->sys);
        if (dict_set_str(d, "stdin", in) == 0 && dict_set_str(d, "stdout", out) == 0 &&
            dict_set_str(d, "stderr", err) == 0 && dict_set_str(d, "__stdin__", in) == 0 &&
            dict_set_str(d, "__stdout__", out) == 0 && dict_set_str(d, "__stderr__", err) == 0)
            rc = 0;
    }
    /* The streams io_emergency_flush empties (a reference each). */
    obj_setref(&std_objs[0], out ? INCREF(out) : NULL);
    obj_setref(&std_objs[1], err ? INCREF(err) : NULL);
    XDECREF(in);
    XDECREF(out);
    XDECREF(err);
    if (rc == 0) {
        import_register_native("io", io_module_init);
        import_register_native("_io", io_module_init);
    }
    return rc;
}

static int flush_one(const char *name)
{
    Obj *f = sys_get_borrow(name);
    if (!f || f == NONE) return 0;
    if (is_text(f) && !((TextObj *)f)->detached && tbuf((TextObj *)f)->closed) return 0;
    Obj *r = obj_call_method(f, "flush", NULL, 0);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* Raw write(2) of one buffer, EINTR retried; errors end it. */
static void emergency_write(int fd, const unsigned char *p, Ssize n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, (size_t)n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= w;
    }
}

void io_emergency_flush(void)
{
    for (int i = 0; i < 2; i++) {
        Obj *o = std_objs[i];
        if (!o || !is_text(o))
            continue;
        TextObj *t = (TextObj *)o;
        TypeObj *bt = t->buffer ? OBJ_TYPE(t->buffer) : NULL;
        if (t->detached || !(bt == &fileio_type || bt == &bufwriter_type ||
                             bt == &bufrandom_type || bt == &bufreader_type))
            continue;
        FileObj *f = tbuf(t);
        if (f->closed || f->fd < 0)
            continue;
        if (f->wbuf)
            emergency_write(f->fd, f->wbuf, f->wlen);
        emergency_write(f->fd, (const unsigned char *)t->wpending.data, (Ssize)t->wpending.len);
    }
}

int io_flush_std(void)
{
    if (!vm || !vm->sys) return 0;
    Obj *saved = vm_err_fetch();
    int status = 0;
    if (flush_one("stdout") < 0) {
        vm_err_write_unraisable("Exception ignored in", sys_get_borrow("stdout"));
        status = -1;
    }
    if (flush_one("stderr") < 0) vm_err_clear();
    vm_err_restore(saved);
    return status;
}

void io_flush_io(void)
{
    if (!vm || !vm->sys) return;
    Obj *saved = vm_err_fetch();
    if (flush_one("stderr") < 0) vm_err_clear();
    if (flush_one("stdout") < 0) vm_err_clear();
    vm_err_restore(saved);
}

/* input([prompt]): the prompt to sys.stdout, a line from sys.stdin. */
Obj *io_input(Obj *prompt)
{
    Obj *in = sys_get_borrow("stdin");
    Obj *out = sys_get_borrow("stdout");
    Obj *err = sys_get_borrow("stderr");
    if (!in || in == NONE) {
        vm_err_set_str(&exc_RuntimeError, "input(): lost sys.stdin");
        return NULL;
    }
    if (!out || out == NONE) {
        vm_err_set_str(&exc_RuntimeError, "input(): lost sys.stdout");
        return NULL;
    }
    /* stderr is flushed first, as CPython does */
    if (err && err != NONE) {
        Obj *r = obj_call_method(err, "flush", NULL, 0);
        if (!r) vm_err_clear();
        XDECREF(r);
    }
    if (prompt) {
        Obj *s = obj_str(prompt);
        if (!s) return NULL;
        int rc = io_write_str(out, s);
        DECREF(s);
        if (rc < 0) return NULL;
    }
    Obj *r = obj_call_method(out, "flush", NULL, 0);
    if (!r) vm_err_clear();
    XDECREF(r);
    Obj *line = obj_call_method(in, "readline", NULL, 0);
    if (!line) return NULL;
    if (!STR_CHECK(line)) {
        DECREF(line);
        vm_err_set_str(&exc_TypeError, "object.readline() returned non-string");
        return NULL;
    }
    Ssize n = VAR_SIZE(line);
    if (n == 0) {
        DECREF(line);
        vm_err_set_str(&exc_EOFError, "EOF when reading a line");
        return NULL;
    }
    if (str_char(line, n - 1) == '\n') {
        Obj *s = str_substr(line, 0, n - 1);
        DECREF(line);
        return s;
    }
    return line;
}
