/* mod_pickle.c — the `pickle` and `_pickle` modules of CPython 3.12.
 *
 * The Pickler follows _pickle.c's algorithm step for step, because programs
 * print pickled bytes and compare them: the same opcode for each value and
 * protocol, the same memo numbering (an object is memoized after its
 * opening opcode; tuples after their items, which is how recursive tuples
 * are detected), batches of 1000 for APPENDS/SETITEMS/ADDITEMS, protocol 4+
 * framing (a frame is committed when it reaches 64 KiB at the start of a
 * save, frames under 4 bytes lose their header, payloads of 64 KiB or more
 * are written outside frames), and the protocol 0–2 name fixes
 * (_compat_pickle's reverse mappings: builtins → __builtin__ …).  Objects
 * other than the builtin containers and scalars go through the reduce
 * protocol (dispatch_table, copyreg.dispatch_table, __reduce_ex__(proto),
 * __reduce__) and save_reduce's NEWOBJ / NEWOBJ_EX / REDUCE choice.
 *
 * The Unpickler runs every opcode of protocols 0–5 except the extension
 * registry (EXT1/2/4) and out-of-band buffers, with _pickle.c's messages
 * ("invalid load key, 'x'.", "pickle data was truncated", "Ran out of
 * input", "Memo value not found at index 5" …).  Reading from a file asks
 * it for exactly the bytes each opcode needs (a whole frame at a time), so
 * successive load() calls on one file see the same positions as CPython's.
 *
 * Pickler and Unpickler are subclassable (persistent_id, persistent_load,
 * find_class, reducer_override and dispatch_table are looked up on the
 * instance when a dump or load starts).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pydbg/pyfmt.h"
#include "src/native/modhelp.h"
#include "src/native/pickleint.h"

/* opcodes */
enum {
    OP_MARK = '(', OP_STOP = '.', OP_POP = '0', OP_POP_MARK = '1', OP_DUP = '2', OP_FLOAT = 'F',
    OP_INT = 'I', OP_BININT = 'J', OP_BININT1 = 'K', OP_LONG = 'L', OP_BININT2 = 'M', OP_NONE = 'N',
    OP_PERSID = 'P', OP_BINPERSID = 'Q', OP_REDUCE = 'R', OP_STRING = 'S', OP_BINSTRING = 'T',
    OP_SHORT_BINSTRING = 'U', OP_UNICODE = 'V', OP_BINUNICODE = 'X', OP_APPEND = 'a', OP_BUILD = 'b',
    OP_GLOBAL = 'c', OP_DICT = 'd', OP_EMPTY_DICT = '}', OP_APPENDS = 'e', OP_GET = 'g', OP_BINGET = 'h',
    OP_INST = 'i', OP_LONG_BINGET = 'j', OP_LIST = 'l', OP_EMPTY_LIST = ']', OP_OBJ = 'o', OP_PUT = 'p',
    OP_BINPUT = 'q', OP_LONG_BINPUT = 'r', OP_SETITEM = 's', OP_TUPLE = 't', OP_EMPTY_TUPLE = ')',
    OP_SETITEMS = 'u', OP_BINFLOAT = 'G',
    OP_PROTO = 0x80, OP_NEWOBJ = 0x81, OP_EXT1 = 0x82, OP_EXT2 = 0x83, OP_EXT4 = 0x84, OP_TUPLE1 = 0x85,
    OP_TUPLE2 = 0x86, OP_TUPLE3 = 0x87, OP_NEWTRUE = 0x88, OP_NEWFALSE = 0x89, OP_LONG1 = 0x8a,
    OP_LONG4 = 0x8b, OP_BINBYTES = 'B', OP_SHORT_BINBYTES = 'C',
    OP_SHORT_BINUNICODE = 0x8c, OP_BINUNICODE8 = 0x8d, OP_BINBYTES8 = 0x8e, OP_EMPTY_SET = 0x8f,
    OP_ADDITEMS = 0x90, OP_FROZENSET = 0x91, OP_NEWOBJ_EX = 0x92, OP_STACK_GLOBAL = 0x93,
    OP_MEMOIZE = 0x94, OP_FRAME = 0x95, OP_BYTEARRAY8 = 0x96, OP_NEXT_BUFFER = 0x97,
    OP_READONLY_BUFFER = 0x98,
};

#define HIGHEST_PROTOCOL 5
#define DEFAULT_PROTOCOL 4
#define BATCHSIZE 1000
#define FRAME_SIZE_MIN 4
#define FRAME_SIZE_TARGET (64 * 1024)
#define FRAME_HEADER_SIZE 9

static Obj *pickle_error, *pickling_error, *unpickling_error, *codecs_encode_fn;

/* ---- protocol 0-2 name compatibility (_compat_pickle's tables, the entries that name modules
 * pydbg has) ------------------------------------------------------------------------------------ */

static const char *const import_map[][2] = {   /* python 3 module -> python 2 module */
    {"builtins", "__builtin__"}, {"copyreg", "copy_reg"}, {"queue", "Queue"},
    {"socketserver", "SocketServer"}, {"configparser", "ConfigParser"}, {"reprlib", "repr"},
    {"_thread", "thread"}, {"collections.abc", "_abcoll"}, {"_functools", "functools"},
    {"_pickle", "pickle"}, {"subprocess", "commands"}, {"urllib.parse", "urlparse"},
    {"http.client", "httplib"}, {"html.entities", "htmlentitydefs"}, {"html.parser", "HTMLParser"},
    {"http.cookies", "Cookie"}, {"xmlrpc.client", "xmlrpclib"}, {"dbm", "anydbm"},
    {"_markupbase", "markupbase"}, {"winreg", "_winreg"}, {"_bz2", "bz2"},
};

static const char *const name_map[][4] = {   /* (py3 module, name) -> (py2 module, name) */
    {"builtins", "range", "__builtin__", "xrange"}, {"functools", "reduce", "__builtin__", "reduce"},
    {"_functools", "reduce", "__builtin__", "reduce"}, {"builtins", "chr", "__builtin__", "unichr"},
    {"builtins", "str", "__builtin__", "unicode"}, {"builtins", "int", "__builtin__", "long"},
    {"builtins", "zip", "itertools", "izip"}, {"builtins", "map", "itertools", "imap"},
    {"builtins", "filter", "itertools", "ifilter"}, {"itertools", "filterfalse", "itertools", "ifilterfalse"},
    {"itertools", "zip_longest", "itertools", "izip_longest"},
    {"collections", "UserDict", "UserDict", "IterableUserDict"},
    {"collections", "UserList", "UserList", "UserList"},
    {"collections", "UserString", "UserString", "UserString"},
};

/* builtin exceptions pickled under protocols 0-2 live in py2's `exceptions` */
static const char *const py2_exceptions[] = {
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BufferError",
    "BytesWarning", "DeprecationWarning", "EOFError", "EnvironmentError", "Exception",
    "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError", "ImportWarning",
    "IndentationError", "IndexError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
    "NameError", "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning",
    "ReferenceError", "RuntimeError", "RuntimeWarning", "StopIteration", "SyntaxError", "SyntaxWarning",
    "SystemError", "SystemExit", "TabError", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
    "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning",
    "ValueError", "Warning", "ZeroDivisionError", NULL,
};
static const char *const py2_oserrors[] = {
    "BrokenPipeError", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
    "ConnectionRefusedError", "ConnectionResetError", "FileExistsError", "FileNotFoundError",
    "InterruptedError", "IsADirectoryError", "NotADirectoryError", "PermissionError",
    "ProcessLookupError", "TimeoutError", NULL,
};

static bool in_list(const char *const *l, const char *s)
{
    for (; *l; l++)
        if (!strcmp(*l, s)) return true;
    return false;
}
/* (module, name) of a protocol 0-2 GLOBAL as python 2 names it; both are replaced by new refs */
/* The reverse, for find_class under protocols 0 to 2 */
static int compat_3to2(Obj **mod, Obj **name)
{
    if (!STR_CHECK(*mod) || !STR_CHECK(*name)) return 0;
    const char *m = str_utf8_lossy(*mod, NULL), *n = str_utf8_lossy(*name, NULL);
    const char *nm = NULL, *nn = NULL;
    for (size_t i = 0; i < sizeof name_map / sizeof *name_map; i++)
        if (!strcmp(name_map[i][0], m) && !strcmp(name_map[i][1], n)) {
            nm = name_map[i][2];
            nn = name_map[i][3];
        }
    if (!nm && !strcmp(m, "builtins")) {
        if (in_list(py2_exceptions, n)) nm = "exceptions", nn = n;
        else if (in_list(py2_oserrors, n)) nm = "exceptions", nn = "OSError";
        else if (!strcmp(n, "ModuleNotFoundError")) nm = "exceptions", nn = "ImportError";
    }
    if (!nm)
        for (size_t i = 0; i < sizeof import_map / sizeof *import_map; i++)
            if (!strcmp(import_map[i][0], m)) nm = import_map[i][1];
    if (!nm) return 0;
    Obj *a = str_from_cstr(nm), *b = nn ? str_from_cstr(nn) : INCREF(*name);
    if (!a || !b) {
        XDECREF(a);
        XDECREF(b);
        return -1;
    }
    obj_setref(mod, a);
    obj_setref(name, b);
    return 0;
}

/* The reverse, for find_class under protocols 0-2 */
static int compat_2to3(Obj **mod, Obj **name)
{
    if (!STR_CHECK(*mod) || !STR_CHECK(*name)) return 0;
    const char *m = str_utf8_lossy(*mod, NULL), *n = str_utf8_lossy(*name, NULL);
    const char *nm = NULL, *nn = NULL;
    static const char *const extra[][4] = {
        {"__builtin__", "basestring", "builtins", "str"}, {"__builtin__", "intern", "sys", "intern"},
        {"__builtin__", "reduce", "functools", "reduce"}, {"exceptions", "StandardError", "builtins", "Exception"},
        {"UserDict", "UserDict", "collections", "UserDict"}, {"socket", "_socketobject", "socket", "SocketType"},
    };
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        if (!strcmp(extra[i][0], m) && !strcmp(extra[i][1], n)) nm = extra[i][2], nn = extra[i][3];
    for (size_t i = 0; !nm && i < sizeof name_map / sizeof *name_map; i++)
        if (!strcmp(name_map[i][2], m) && !strcmp(name_map[i][3], n) && strcmp(name_map[i][0], "_functools"))
            nm = name_map[i][0], nn = name_map[i][1];
    if (!nm && !strcmp(m, "exceptions")) nm = "builtins";
    static const char *const imports[][2] = {   /* _compat_pickle.IMPORT_MAPPING */
        {"__builtin__", "builtins"}, {"copy_reg", "copyreg"}, {"Queue", "queue"},
        {"SocketServer", "socketserver"}, {"ConfigParser", "configparser"}, {"repr", "reprlib"},
        {"thread", "_thread"}, {"cPickle", "pickle"}, {"_abcoll", "collections.abc"},
        {"UserDict", "collections"}, {"UserList", "collections"}, {"UserString", "collections"},
        {"StringIO", "io"}, {"cStringIO", "io"}, {"commands", "subprocess"}, {"urlparse", "urllib.parse"},
        {"httplib", "http.client"}, {"HTMLParser", "html.parser"}, {"htmlentitydefs", "html.entities"},
        {"Cookie", "http.cookies"}, {"cookielib", "http.cookiejar"}, {"xmlrpclib", "xmlrpc.client"},
        {"anydbm", "dbm"}, {"whichdb", "dbm"}, {"markupbase", "_markupbase"}, {"_winreg", "winreg"},
        {"urllib2", "urllib.request"}, {"robotparser", "urllib.robotparser"},
        {"BaseHTTPServer", "http.server"}, {"SimpleHTTPServer", "http.server"}, {"CGIHTTPServer", "http.server"},
    };
    for (size_t i = 0; !nm && i < sizeof imports / sizeof *imports; i++)
        if (!strcmp(imports[i][0], m)) nm = imports[i][1];
    if (!nm) return 0;
    Obj *a = str_from_cstr(nm), *b = nn ? str_from_cstr(nn) : INCREF(*name);
    if (!a || !b) {
        XDECREF(a);
        XDECREF(b);
        return -1;
    }
    obj_setref(mod, a);
    obj_setref(name, b);
    return 0;
}

/* ---- shared helpers ---------------------------------------------------------------------------- */

static void set_error(Obj *cls, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Obj *msg = str_from_vfmt(fmt, ap);
    va_end(ap);
    if (msg) {
        vm_err_set_obj((TypeObj *)cls, msg);
        DECREF(msg);
    }
}

/* name.split('.') checked for '<locals>' (get_dotted_path) */
static Obj *dotted_path(Obj *obj, Obj *name)
{
    Obj *dot = str_from_cstr(".");
    Obj *parts = dot ? obj_call_method(name, "split", &dot, 1) : NULL;
    XDECREF(dot);
    if (!parts) return NULL;
    for (Ssize i = 0; i < LIST_LEN(parts); i++)
        if (str_eq_cstr(LIST_ITEMS(parts)[i], "<locals>")) {
            if (obj) vm_err_format(&exc_AttributeError, "Can't pickle local attribute %R on %R", name, obj);
            else vm_err_format(&exc_AttributeError, "Can't pickle local object %R", name);
            DECREF(parts);
            return NULL;
        }
    return parts;
}

/* getattr along a dotted path; *parent (optional) gets the object before the last step */
static Obj *deep_attribute(Obj *obj, Obj *path, Obj **parent)
{
    Obj *cur = INCREF(obj);
    if (parent) *parent = NULL;
    for (Ssize i = 0; i < LIST_LEN(path); i++) {
        if (parent) obj_setref(parent, INCREF(cur));
        Obj *next = obj_getattr(cur, LIST_ITEMS(path)[i]);
        DECREF(cur);
        if (!next) {
            if (parent) CLEAR(*parent);
            return NULL;
        }
        cur = next;
    }
    return cur;
}

static Obj *import_module(Obj *name)
{
    Obj *m = import_name(name, NULL, NULL, 0);
    if (!m) return NULL;
    DECREF(m);
    Obj *r = dict_get_borrow(vm->modules, name);
    if (!r) {
        if (!vm_err_occurred()) vm_err_set_key(name);
        return NULL;
    }
    return INCREF(r);
}

/* pydbg keeps some functions whose __module__ names a C accelerator (_functools,
 * _operator …) in the public module only: when `_name` cannot be imported, or does
 * not hold the object, `name` is tried; the pickle still names `_name`, as CPython's does */
static Obj *import_module_or_public(Obj *name)
{
    Obj *m = import_module(name);
    if (m || !STR_CHECK(name) || VAR_SIZE(name) < 2 || str_char(name, 0) != '_') return m;
    Obj *exc = vm_err_fetch();
    Obj *pub = str_substr(name, 1, VAR_SIZE(name));
    m = pub ? import_module(pub) : NULL;
    XDECREF(pub);
    if (m) {
        XDECREF(exc);
    } else {
        vm_err_clear();
        vm_err_restore(exc);
    }
    return m;
}

/* ==== the Pickler ================================================================================ */

typedef struct MemoEntry { Obj *key; Ssize index; } MemoEntry;

typedef struct PicklerObj {
    Obj base;
    Obj *write;              /* file.write, NULL for dumps() */
    int proto;
    bool bin, fix_imports, framing;
    SBuf out;
    Ssize frame_start;       /* -1: no frame open */
    MemoEntry *memo;         /* open addressing on the object's address */
    Ssize memo_cap, memo_len;
    /* looked up when a dump starts */
    Obj *pers_func, *dispatch_table, *reducer_override;
} PicklerObj;

extern TypeObj pickler_type, unpickler_type;

static Ssize memo_slot(PicklerObj *p, Obj *key)
{
    size_t mask = (size_t)p->memo_cap - 1;
    /* addresses come in regular strides: mix them, or linear probing clusters */
    uint64_t h = (uint64_t)(uintptr_t)key;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    size_t i = (size_t)h & mask;
    while (p->memo[i].key && p->memo[i].key != key) i = (i + 1) & mask;
    return (Ssize)i;
}

static Ssize memo_lookup(PicklerObj *p, Obj *key)
{
    if (!p->memo_len) return -1;
    Ssize i = memo_slot(p, key);
    return p->memo[i].key ? p->memo[i].index : -1;
}

static int memo_insert(PicklerObj *p, Obj *key, Ssize index)
{
    if ((p->memo_len + 1) * 3 >= p->memo_cap * 2) {
        Ssize ncap = p->memo_cap ? p->memo_cap * 2 : 64;
        MemoEntry *old = p->memo;
        Ssize ocap = p->memo_cap;
        p->memo = calloc((size_t)ncap, sizeof *p->memo);
        if (!p->memo) {
            p->memo = old;
            vm_err_no_memory();
            return -1;
        }
        p->memo_cap = ncap;
        for (Ssize i = 0; i < ocap; i++)
            if (old[i].key) p->memo[memo_slot(p, old[i].key)] = old[i];
        free(old);
    }
    Ssize i = memo_slot(p, key);
    p->memo[i].key = INCREF(key);
    p->memo[i].index = index;
    p->memo_len++;
    return 0;
}

static void memo_clear(PicklerObj *p)
{
    MemoEntry *m = p->memo;
    Ssize cap = p->memo_cap;
    p->memo = NULL;
    p->memo_cap = p->memo_len = 0;
    for (Ssize i = 0; i < cap; i++) XDECREF(m[i].key);
    free(m);
}

/* _Pickler_Write: a new frame header is reserved when framing and none is open */
static void pwrite(PicklerObj *p, const void *data, size_t n)
{
    if (p->framing && p->frame_start == -1) {
        p->frame_start = (Ssize)p->out.len;
        sbuf_pad(&p->out, (char)0xfe, FRAME_HEADER_SIZE);
    }
    sbuf_put(&p->out, data, n);
}

static void pwrite1(PicklerObj *p, int op)
{
    char c = (char)op;
    pwrite(p, &c, 1);
}

static void put_le(unsigned char *d, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) d[i] = (unsigned char)(v >> (8 * i));
}

static void commit_frame(PicklerObj *p)
{
    if (!p->framing || p->frame_start == -1) return;
    size_t len = p->out.len - (size_t)p->frame_start - FRAME_HEADER_SIZE;
    unsigned char *q = (unsigned char *)p->out.data + p->frame_start;
    if (len >= FRAME_SIZE_MIN) {
        q[0] = OP_FRAME;
        put_le(q + 1, len, 8);
    } else {
        memmove(q, q + FRAME_HEADER_SIZE, len);
        p->out.len -= FRAME_HEADER_SIZE;
        p->out.data[p->out.len] = 0;
    }
    p->frame_start = -1;
}

static int flush_to_file(PicklerObj *p)
{
    if (!p->write || !p->out.len) return 0;
    Obj *b = bytes_from(p->out.data, (Ssize)p->out.len);
    Obj *r = b ? obj_call(p->write, &b, 1, NULL) : NULL;
    XDECREF(b);
    if (!r) return -1;
    DECREF(r);
    sbuf_reset(&p->out);
    return 0;
}

/* _Pickler_OpcodeBoundary */
static int opcode_boundary(PicklerObj *p)
{
    if (!p->framing || p->frame_start == -1) return 0;
    if (p->out.len - (size_t)p->frame_start - FRAME_HEADER_SIZE >= FRAME_SIZE_TARGET) {
        commit_frame(p);
        return flush_to_file(p);
    }
    return 0;
}

/* header + payload; a payload of 64 KiB or more goes outside any frame */
static void write_bytes(PicklerObj *p, const void *hdr, size_t hn, const void *data, size_t n)
{
    bool bypass = n >= FRAME_SIZE_TARGET;
    bool framing = p->framing;
    if (bypass) {
        commit_frame(p);
        p->framing = false;
    }
    pwrite(p, hdr, hn);
    pwrite(p, data, n);
    p->framing = framing;
}

/* a memo index operand: 1-byte or 4-byte binary forms, or the text form "pN\n"/"gN\n" */
static void write_memo_op(PicklerObj *p, Ssize idx, int short_op, int long_op, char text_op)
{
    if (p->bin) {
        unsigned char b[5];
        if (idx < 256) {
            b[0] = (unsigned char)short_op;
            b[1] = (unsigned char)idx;
            pwrite(p, b, 2);
        } else {
            b[0] = (unsigned char)long_op;
            put_le(b + 1, (uint64_t)idx, 4);
            pwrite(p, b, 5);
        }
    } else {
        char b[32];
        int n = snprintf(b, sizeof b, "%c%zd\n", text_op, idx);
        pwrite(p, b, (size_t)n);
    }
}

static int memo_put(PicklerObj *p, Obj *obj)
{
    Ssize idx = p->memo_len;
    if (memo_insert(p, obj, idx) < 0) return -1;
    if (p->proto >= 4) pwrite1(p, OP_MEMOIZE);
    else write_memo_op(p, idx, OP_BINPUT, OP_LONG_BINPUT, 'p');
    return 0;
}

static void memo_get(PicklerObj *p, Ssize idx) { write_memo_op(p, idx, OP_BINGET, OP_LONG_BINGET, 'g'); }

static int save(PicklerObj *p, Obj *obj, int pers_save);
static int save_reduce(PicklerObj *p, Obj *args, Obj *obj);
static int save_global(PicklerObj *p, Obj *obj, Obj *name);

static int save_long(PicklerObj *p, Obj *obj)
{
    int64_t v;
    if (int_fits_i64(obj) && int_as_i64(obj, &v) == 0 && v >= INT32_MIN && v <= INT32_MAX) {
        if (p->bin) {
            unsigned char b[5];
            if (v >= 0 && v <= 0xff) {
                b[0] = OP_BININT1;
                b[1] = (unsigned char)v;
                pwrite(p, b, 2);
            } else if (v >= 0 && v <= 0xffff) {
                b[0] = OP_BININT2;
                put_le(b + 1, (uint64_t)v, 2);
                pwrite(p, b, 3);
            } else {
                b[0] = OP_BININT;
                put_le(b + 1, (uint64_t)(uint32_t)(int32_t)v, 4);
                pwrite(p, b, 5);
            }
        } else {
            char b[32];
            int n = snprintf(b, sizeof b, "I%lld\n", (long long)v);
            pwrite(p, b, (size_t)n);
        }
        return 0;
    }
    if (p->proto >= 2) {
        mpz_t z, m;
        mpz_init(z);
        mpz_init(m);
        int_to_mpz(obj, z);
        size_t nbits = mpz_sgn(z) ? mpz_sizeinbase(z, 2) : 0;
        size_t nbytes = (nbits >> 3) + 1;
        unsigned char *d = calloc(nbytes + 1, 1);
        if (!d) {
            mpz_clear(z);
            mpz_clear(m);
            vm_err_no_memory();
            return -1;
        }
        if (mpz_sgn(z) < 0) {   /* two's complement: 2**(8*nbytes) + z */
            mpz_ui_pow_ui(m, 2, 8 * nbytes);
            mpz_add(m, m, z);
        } else {
            mpz_set(m, z);
        }
        size_t cnt = 0;
        mpz_export(d, &cnt, -1, 1, 0, 0, m);
        if (mpz_sgn(z) < 0 && nbytes > 1 && d[nbytes - 1] == 0xff && (d[nbytes - 2] & 0x80)) nbytes--;
        mpz_clear(z);
        mpz_clear(m);
        unsigned char h[5];
        if (nbytes < 256) {
            h[0] = OP_LONG1;
            h[1] = (unsigned char)nbytes;
            pwrite(p, h, 2);
        } else {
            if (nbytes > 0x7fffffffu) {
                free(d);
                vm_err_set_str(&exc_OverflowError, "int too large to pickle");
                return -1;
            }
            h[0] = OP_LONG4;
            put_le(h + 1, nbytes, 4);
            pwrite(p, h, 5);
        }
        pwrite(p, d, nbytes);
        free(d);
        return 0;
    }
    Obj *r = obj_repr(obj);
    if (!r) return -1;
    Ssize n;
    const char *s = str_utf8(r, &n);
    pwrite1(p, OP_LONG);
    pwrite(p, s, (size_t)n);
    pwrite(p, "L\n", 2);
    DECREF(r);
    return 0;
}

static int save_float(PicklerObj *p, Obj *obj)
{
    double x = float_value(obj);
    if (p->bin) {
        unsigned char b[9];
        uint64_t u;
        memcpy(&u, &x, 8);
        b[0] = OP_BINFLOAT;
        for (int i = 0; i < 8; i++) b[1 + i] = (unsigned char)(u >> (56 - 8 * i));
        pwrite(p, b, 9);
        return 0;
    }
    SBuf s = SBUF_INIT;
    sbuf_putc(&s, OP_FLOAT);
    pyfmt_float_repr(&s, x);
    sbuf_putc(&s, '\n');
    pwrite(p, s.data, s.len);
    sbuf_free(&s);
    return 0;
}

/* save_reduce of (callable, args) built from C values */
static int save_reduce2(PicklerObj *p, Obj *callable, Obj *args, Obj *obj)
{
    if (!args) return -1;
    Obj *rv = tuple_pack(2, callable, args);
    DECREF(args);
    if (!rv) return -1;
    int r = save_reduce(p, rv, obj);
    DECREF(rv);
    return r;
}

static int save_bytes_data(PicklerObj *p, Obj *obj, const unsigned char *data, Ssize n, bool array)
{
    unsigned char h[9];
    size_t hn;
    if (array) {
        h[0] = OP_BYTEARRAY8;
        put_le(h + 1, (uint64_t)n, 8);
        hn = 9;
    } else if (n < 256) {
        h[0] = OP_SHORT_BINBYTES;
        h[1] = (unsigned char)n;
        hn = 2;
    } else if ((uint64_t)n <= 0xffffffffu) {
        h[0] = OP_BINBYTES;
        put_le(h + 1, (uint64_t)n, 4);
        hn = 5;
    } else {
        h[0] = OP_BINBYTES8;
        put_le(h + 1, (uint64_t)n, 8);
        hn = 9;
    }
    write_bytes(p, h, hn, data, (size_t)n);
    return memo_put(p, obj);
}

static int save_bytes(PicklerObj *p, Obj *obj)
{
    if (p->proto < 3) {
        /* no bytes opcode: codecs.encode(latin-1 text, 'latin1'), or bytes() */
        if (VAR_SIZE(obj) == 0) return save_reduce2(p, (Obj *)&bytes_type, tuple_new(0), obj);
        Obj *u = str_from_latin1(BYTES_DATA(obj), VAR_SIZE(obj));
        Obj *enc = u ? INCREF(id_str("latin1")) : NULL;   /* one object, as CPython's interned name: later uses hit the memo */
        Obj *args = enc ? tuple_pack(2, u, enc) : NULL;
        XDECREF(u);
        XDECREF(enc);
        return save_reduce2(p, codecs_encode_fn, args, obj);
    }
    return save_bytes_data(p, obj, BYTES_DATA(obj), VAR_SIZE(obj), false);
}

static int save_bytearray(PicklerObj *p, Obj *obj)
{
    ByteArrayObj *ba = (ByteArrayObj *)obj;
    if (p->proto < 5) {
        if (VAR_SIZE(obj) == 0) return save_reduce2(p, (Obj *)&bytearray_type, tuple_new(0), obj);
        Obj *b = bytes_from(ba->data, VAR_SIZE(obj));
        Obj *args = b ? tuple_pack(1, b) : NULL;
        XDECREF(b);
        return save_reduce2(p, (Obj *)&bytearray_type, args, obj);
    }
    return save_bytes_data(p, obj, ba->data, VAR_SIZE(obj), true);
}

/* pickle's raw-unicode-escape: \uXXXX for 256.., \, NUL, \n, \r, ^Z; \UXXXXXXXX past the BMP */
static void raw_unicode_escape(Obj *s, SBuf *b)
{
    for (Ssize i = 0; i < VAR_SIZE(s); i++) {
        uint32_t c = str_char(s, i);
        if (c >= 0x10000) sbuf_printf(b, "\\U%08x", c);
        else if (c >= 256 || c == '\\' || c == 0 || c == '\n' || c == '\r' || c == 0x1a)
            sbuf_printf(b, "\\u%04x", c);
        else sbuf_putc(b, (char)c);
    }
}

static int save_unicode(PicklerObj *p, Obj *obj)
{
    if (p->bin) {
        Obj *enc = str_encode(obj, "utf-8", "surrogatepass");
        if (!enc) return -1;
        Ssize n = VAR_SIZE(enc);
        unsigned char h[9];
        size_t hn;
        if (n <= 0xff && p->proto >= 4) {
            h[0] = OP_SHORT_BINUNICODE;
            h[1] = (unsigned char)n;
            hn = 2;
        } else if ((uint64_t)n > 0xffffffffu && p->proto >= 4) {
            h[0] = OP_BINUNICODE8;
            put_le(h + 1, (uint64_t)n, 8);
            hn = 9;
        } else {
            h[0] = OP_BINUNICODE;
            put_le(h + 1, (uint64_t)n, 4);
            hn = 5;
        }
        write_bytes(p, h, hn, BYTES_DATA(enc), (size_t)n);
        DECREF(enc);
    } else {
        SBuf b = SBUF_INIT;
        sbuf_putc(&b, OP_UNICODE);
        raw_unicode_escape(obj, &b);
        sbuf_putc(&b, '\n');
        pwrite(p, b.data, b.len);
        sbuf_free(&b);
    }
    return memo_put(p, obj);
}

static int save_tuple(PicklerObj *p, Obj *obj)
{
    Ssize len = TUPLE_LEN(obj);
    if (len == 0) {
        if (p->proto) pwrite1(p, OP_EMPTY_TUPLE);
        else pwrite(p, "(t", 2);
        return 0;
    }
    bool small = len <= 3 && p->proto >= 2;
    if (!small) pwrite1(p, OP_MARK);
    for (Ssize i = 0; i < len; i++)
        if (save(p, TUPLE_ITEMS(obj)[i], 0) < 0) return -1;
    Ssize idx = memo_lookup(p, obj);
    if (idx >= 0) {   /* recursive: throw the items away, fetch it from the memo */
        if (small) {
            for (Ssize i = 0; i < len; i++) pwrite1(p, OP_POP);
        } else if (p->bin) {
            pwrite1(p, OP_POP_MARK);
        } else {
            for (Ssize i = 0; i <= len; i++) pwrite1(p, OP_POP);
        }
        memo_get(p, idx);
        return 0;
    }
    pwrite1(p, small ? OP_TUPLE1 + (int)len - 1 : OP_TUPLE);
    return memo_put(p, obj);
}

/* batch_list over an iterator */
static int batch_list(PicklerObj *p, Obj *iter)
{
    if (p->proto == 0) {
        Obj *x;
        while ((x = obj_iternext(iter))) {
            int r = save(p, x, 0);
            DECREF(x);
            if (r < 0) return -1;
            pwrite1(p, OP_APPEND);
        }
        return vm_err_occurred() ? -1 : 0;
    }
    Ssize n;
    do {
        Obj *first = obj_iternext(iter);
        if (!first) return vm_err_occurred() ? -1 : 0;
        Obj *x = obj_iternext(iter);
        if (!x) {
            int r = vm_err_occurred() ? -1 : save(p, first, 0);
            DECREF(first);
            if (r < 0) return -1;
            pwrite1(p, OP_APPEND);
            return 0;
        }
        pwrite1(p, OP_MARK);
        int r = save(p, first, 0);
        DECREF(first);
        if (r < 0) {
            DECREF(x);
            return -1;
        }
        n = 1;
        while (x) {
            r = save(p, x, 0);
            DECREF(x);
            if (r < 0) return -1;
            n++;
            if (n == BATCHSIZE) break;
            x = obj_iternext(iter);
            if (!x && vm_err_occurred()) return -1;
        }
        pwrite1(p, OP_APPENDS);
    } while (n == BATCHSIZE);
    return 0;
}

static int save_list(PicklerObj *p, Obj *obj)
{
    if (p->bin) pwrite1(p, OP_EMPTY_LIST);
    else pwrite(p, "(l", 2);
    if (memo_put(p, obj) < 0) return -1;
    if (LIST_LEN(obj) == 0) return 0;
    if (IS_TYPE(obj, list_type) && p->proto > 0) {
        if (LIST_LEN(obj) == 1) {
            Obj *x = INCREF(LIST_ITEMS(obj)[0]);
            int r = save(p, x, 0);
            DECREF(x);
            if (r < 0) return -1;
            pwrite1(p, OP_APPEND);
            return 0;
        }
        Ssize total = 0;
        do {
            Ssize batch = 0;
            pwrite1(p, OP_MARK);
            while (total < LIST_LEN(obj)) {
                Obj *x = INCREF(LIST_ITEMS(obj)[total]);
                int r = save(p, x, 0);
                DECREF(x);
                if (r < 0) return -1;
                total++;
                if (++batch == BATCHSIZE) break;
            }
            pwrite1(p, OP_APPENDS);
        } while (total < LIST_LEN(obj));
        return 0;
    }
    Obj *it = obj_getiter(obj);
    if (!it) return -1;
    int r = batch_list(p, it);
    DECREF(it);
    return r;
}

static int save_pair(PicklerObj *p, Obj *k, Obj *v)
{
    INCREF(k);
    INCREF(v);
    int r = save(p, k, 0);
    if (r == 0) r = save(p, v, 0);
    DECREF(k);
    DECREF(v);
    return r;
}

/* next (key, value) of a dict items iterator: 1, 0 at the end, -1 */
static int next_pair(Obj *iter, Obj **item)
{
    *item = obj_iternext(iter);
    if (!*item) return vm_err_occurred() ? -1 : 0;
    if (!TUPLE_CHECK(*item) || TUPLE_LEN(*item) != 2) {
        CLEAR(*item);
        vm_err_set_str(&exc_TypeError, "dict items iterator must return 2-tuples");
        return -1;
    }
    return 1;
}

static int batch_dict(PicklerObj *p, Obj *iter)
{
    Obj *item;
    int r;
    if (p->proto == 0) {
        while ((r = next_pair(iter, &item)) > 0) {
            r = save_pair(p, TUPLE_ITEMS(item)[0], TUPLE_ITEMS(item)[1]);
            DECREF(item);
            if (r < 0) return -1;
            pwrite1(p, OP_SETITEM);
        }
        return r;
    }
    Ssize n;
    do {
        Obj *first;
        if ((r = next_pair(iter, &first)) <= 0) return r;
        if ((r = next_pair(iter, &item)) <= 0) {
            if (r == 0) r = save_pair(p, TUPLE_ITEMS(first)[0], TUPLE_ITEMS(first)[1]);
            DECREF(first);
            if (r < 0) return -1;
            pwrite1(p, OP_SETITEM);
            return 0;
        }
        pwrite1(p, OP_MARK);
        r = save_pair(p, TUPLE_ITEMS(first)[0], TUPLE_ITEMS(first)[1]);
        DECREF(first);
        if (r < 0) {
            DECREF(item);
            return -1;
        }
        n = 1;
        while (item) {
            r = save_pair(p, TUPLE_ITEMS(item)[0], TUPLE_ITEMS(item)[1]);
            DECREF(item);
            if (r < 0) return -1;
            if (++n == BATCHSIZE) break;
            if ((r = next_pair(iter, &item)) < 0) return -1;
        }
        pwrite1(p, OP_SETITEMS);
    } while (n == BATCHSIZE);
    return 0;
}

static int save_dict(PicklerObj *p, Obj *obj)
{
    if (p->bin) pwrite1(p, OP_EMPTY_DICT);
    else pwrite(p, "(d", 2);
    if (memo_put(p, obj) < 0) return -1;
    if (dict_len(obj) == 0) return 0;
    if (IS_TYPE(obj, dict_type) && p->proto > 0) {
        Ssize size = dict_len(obj), pos = 0, i;
        Obj *k, *v;
        if (size == 1) {
            dict_next(obj, &pos, &k, &v);
            if (save_pair(p, k, v) < 0) return -1;
            pwrite1(p, OP_SETITEM);
            return 0;
        }
        do {
            i = 0;
            pwrite1(p, OP_MARK);
            while (dict_next(obj, &pos, &k, &v)) {
                if (save_pair(p, k, v) < 0) return -1;
                if (++i == BATCHSIZE) break;
            }
            pwrite1(p, OP_SETITEMS);
            if (dict_len(obj) != size) {
                vm_err_set_str(&exc_RuntimeError, "dictionary changed size during iteration");
                return -1;
            }
        } while (i == BATCHSIZE);
        return 0;
    }
    Obj *items = obj_call_method(obj, "items", NULL, 0);
    Obj *it = items ? obj_getiter(items) : NULL;
    XDECREF(items);
    if (!it) return -1;
    int r = batch_dict(p, it);
    DECREF(it);
    return r;
}

static int save_set(PicklerObj *p, Obj *obj)
{
    if (p->proto < 4) {
        Obj *items = seq_to_list(obj);
        Obj *args = items ? tuple_pack(1, items) : NULL;
        XDECREF(items);
        return save_reduce2(p, (Obj *)&set_type, args, obj);
    }
    pwrite1(p, OP_EMPTY_SET);
    if (memo_put(p, obj) < 0) return -1;
    Ssize size = set_len(obj), pos = 0, i;
    if (!size) return 0;
    Obj *x;
    do {
        i = 0;
        pwrite1(p, OP_MARK);
        while (set_next(obj, &pos, &x)) {
            INCREF(x);
            int r = save(p, x, 0);
            DECREF(x);
            if (r < 0) return -1;
            if (++i == BATCHSIZE) break;
        }
        pwrite1(p, OP_ADDITEMS);
        if (set_len(obj) != size) {
            vm_err_set_str(&exc_RuntimeError, "set changed size during iteration");
            return -1;
        }
    } while (i == BATCHSIZE);
    return 0;
}

static int save_frozenset(PicklerObj *p, Obj *obj)
{
    if (p->proto < 4) {
        Obj *items = seq_to_list(obj);
        Obj *args = items ? tuple_pack(1, items) : NULL;
        XDECREF(items);
        return save_reduce2(p, (Obj *)&frozenset_type, args, obj);
    }
    pwrite1(p, OP_MARK);
    Obj *it = obj_getiter(obj), *x;
    if (!it) return -1;
    while ((x = obj_iternext(it))) {
        int r = save(p, x, 0);
        DECREF(x);
        if (r < 0) {
            DECREF(it);
            return -1;
        }
    }
    DECREF(it);
    if (vm_err_occurred()) return -1;
    Ssize idx = memo_lookup(p, obj);
    if (idx >= 0) {
        pwrite1(p, OP_POP_MARK);
        memo_get(p, idx);
        return 0;
    }
    pwrite1(p, OP_FROZENSET);
    return memo_put(p, obj);
}

/* whichmodule: obj.__module__, else the module of sys.modules holding it, else __main__ */
static Obj *which_module(Obj *obj, Obj *path)
{
    Obj *m = NULL;
    if (obj_lookup_attr(obj, id_str("__module__"), &m) < 0) return NULL;
    if (m && m != NONE) return m;
    XDECREF(m);
    Obj *items = dict_items_list(vm->modules);
    if (!items) return NULL;
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        Obj *name = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0], *mod = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        if (!STR_CHECK(name) || str_eq_cstr(name, "__main__") || str_eq_cstr(name, "__mp_main__") ||
            !IS_TYPE(mod, module_type))
            continue;
        Obj *cand = deep_attribute(mod, path, NULL);
        if (!cand) {
            vm_err_clear();
            continue;
        }
        DECREF(cand);
        if (cand == obj) {
            INCREF(name);
            DECREF(items);
            return name;
        }
    }
    DECREF(items);
    return str_from_cstr("__main__");
}

static int write_global_text(PicklerObj *p, Obj *module_name, Obj *global_name)
{
    Obj *mod = INCREF(module_name), *name = INCREF(global_name);
    int rc = -1;
    if (p->proto < 3 && p->fix_imports && compat_3to2(&mod, &name) < 0) goto out;
    if (!STR_CHECK(mod) || !STR_CHECK(name)) {
        vm_err_set_str(&exc_TypeError, "module and global names must be strings");
        goto out;
    }
    Ssize mn, nn;
    const char *ms = str_utf8_lossy(mod, &mn), *ns = str_utf8_lossy(name, &nn);
    if (!((StrObj *)mod)->ascii) {
        set_error(pickling_error, "can't pickle module identifier '%U' using pickle protocol %d", mod, p->proto);
        goto out;
    }
    if (!((StrObj *)name)->ascii) {
        set_error(pickling_error, "can't pickle global identifier '%U' using pickle protocol %d", name, p->proto);
        goto out;
    }
    pwrite1(p, OP_GLOBAL);
    pwrite(p, ms, (size_t)mn);
    pwrite1(p, '\n');
    pwrite(p, ns, (size_t)nn);
    pwrite1(p, '\n');
    rc = 0;
out:
    DECREF(mod);
    DECREF(name);
    return rc;
}

/* a reference to module.name: STACK_GLOBAL from protocol 4, else GLOBAL */
static int emit_global(PicklerObj *p, Obj *module_name, Obj *global_name)
{
    if (p->proto < 4) return write_global_text(p, module_name, global_name);
    if (save(p, module_name, 0) < 0 || save(p, global_name, 0) < 0) return -1;
    pwrite1(p, OP_STACK_GLOBAL);
    return 0;
}

static int save_global(PicklerObj *p, Obj *obj, Obj *name)
{
    Obj *global_name = NULL, *module_name = NULL, *path = NULL, *module = NULL, *parent = NULL,
        *cls = NULL, *lastname = NULL;
    int rc = -1;
    if (name) {
        global_name = INCREF(name);
    } else {
        if (obj_lookup_attr(obj, id_str("__qualname__"), &global_name) < 0) goto out;
        if (!global_name && !(global_name = obj_getattr(obj, id_str("__name__")))) goto out;
    }
    if (!(path = dotted_path(NULL, global_name))) goto out;
    if (!(module_name = which_module(obj, path))) goto out;
    if (obj == codecs_encode_fn) {
        /* pydbg has no _codecs module: this function stands for _codecs.encode */
        if (emit_global(p, module_name, global_name) == 0) rc = memo_put(p, obj);
        goto out;
    }
    if (!(module = import_module_or_public(module_name))) {
        vm_err_clear();
        set_error(pickling_error, "Can't pickle %R: import of module %R failed", obj, module_name);
        goto out;
    }
    lastname = INCREF(LIST_ITEMS(path)[LIST_LEN(path) - 1]);
    cls = deep_attribute(module, path, &parent);
    if (!cls) {
        vm_err_clear();
        set_error(pickling_error, "Can't pickle %R: attribute lookup %S on %S failed", obj, global_name,
                  module_name);
        goto out;
    }
    if (cls != obj && str_char(module_name, 0) == '_') {
        /* the public module may hold the very object (operator.add for _operator.add) */
        Obj *pub = str_substr(module_name, 1, VAR_SIZE(module_name));
        Obj *pm = pub ? import_module(pub) : NULL;
        Obj *pparent = NULL, *alt = pm ? deep_attribute(pm, path, &pparent) : NULL;
        if (alt == obj) {
            obj_setref(&module, INCREF(pm));
            obj_setref(&parent, INCREF(pparent));
            obj_setref(&cls, INCREF(alt));
        }
        vm_err_clear();
        XDECREF(pub);
        XDECREF(pm);
        XDECREF(pparent);
        XDECREF(alt);
    }
    if (cls != obj) {
        set_error(pickling_error, "Can't pickle %R: it's not the same object as %S.%S", obj, module_name,
                  global_name);
        goto out;
    }
    if (parent == module) obj_setref(&global_name, INCREF(lastname));
    if (p->proto >= 4) {
        if (emit_global(p, module_name, global_name) < 0) goto out;
    } else if (parent != module) {
        Obj *ga = iter_get_builtin("getattr");
        Obj *args = ga ? tuple_pack(2, parent, lastname) : NULL;
        int r = ga ? save_reduce2(p, ga, args, NULL) : -1;
        XDECREF(ga);
        if (r < 0) goto out;
    } else if (write_global_text(p, module_name, global_name) < 0) {
        goto out;
    }
    rc = memo_put(p, obj);
out:
    XDECREF(global_name);
    XDECREF(module_name);
    XDECREF(path);
    XDECREF(module);
    XDECREF(parent);
    XDECREF(cls);
    XDECREF(lastname);
    return rc;
}

/* type(None), type(...), type(NotImplemented): (type, (singleton,)) */
static int save_type(PicklerObj *p, Obj *obj)
{
    Obj *single = obj == (Obj *)&none_type ? NONE : obj == (Obj *)&ellipsis_type ? ELLIPSIS
                : obj == (Obj *)&notimpl_type ? NOTIMPL : NULL;
    if (single) return save_reduce2(p, (Obj *)&type_type, tuple_pack(1, single), obj);
    return save_global(p, obj, NULL);
}

static int save_pers(PicklerObj *p, Obj *obj)
{
    Obj *pid = obj_call(p->pers_func, &obj, 1, NULL);
    if (!pid) return -1;
    int status = 0;
    if (pid != NONE) {
        if (p->bin) {
            if (save(p, pid, 1) < 0) status = -1;
            else pwrite1(p, OP_BINPERSID);
        } else {
            Obj *s = obj_str(pid);
            if (!s) {
                status = -1;
            } else if (!((StrObj *)s)->ascii) {
                set_error(pickling_error, "persistent IDs in protocol 0 must be ASCII strings");
                status = -1;
            } else {
                Ssize n;
                const char *t = str_utf8(s, &n);
                pwrite1(p, OP_PERSID);
                pwrite(p, t, (size_t)n);
                pwrite1(p, '\n');
            }
            XDECREF(s);
        }
        if (status == 0) status = 1;
    }
    DECREF(pid);
    return status;
}

static bool is_callable(Obj *o) { return OBJ_TYPE(o)->call != NULL; }

static bool is_iterator(Obj *o)
{
    UnaryFn next = OBJ_TYPE(o)->iternext;
    return next != NULL;
}

static int save_reduce(PicklerObj *p, Obj *args, Obj *obj)
{
    Ssize size = TUPLE_LEN(args);
    if (size < 2 || size > 6) {
        set_error(pickling_error, "tuple returned by __reduce__ must contain 2 through 6 elements");
        return -1;
    }
    Obj *const *it = TUPLE_ITEMS(args);
    Obj *callable = it[0], *argtup = it[1];
    Obj *state = size > 2 ? it[2] : NULL, *listitems = size > 3 ? it[3] : NULL;
    Obj *dictitems = size > 4 ? it[4] : NULL, *state_setter = size > 5 ? it[5] : NULL;
    if (!is_callable(callable)) {
        set_error(pickling_error, "first item of the tuple returned by __reduce__ must be callable");
        return -1;
    }
    if (!TUPLE_CHECK(argtup)) {
        set_error(pickling_error, "second item of the tuple returned by __reduce__ must be a tuple");
        return -1;
    }
    if (state == NONE) state = NULL;
    if (listitems == NONE) listitems = NULL;
    else if (listitems && !is_iterator(listitems)) {
        set_error(pickling_error,
                  "fourth element of the tuple returned by __reduce__ must be an iterator, not %s",
                  OBJ_TYPE(listitems)->name);
        return -1;
    }
    if (dictitems == NONE) dictitems = NULL;
    else if (dictitems && !is_iterator(dictitems)) {
        set_error(pickling_error,
                  "fifth element of the tuple returned by __reduce__ must be an iterator, not %s",
                  OBJ_TYPE(dictitems)->name);
        return -1;
    }
    if (state_setter == NONE) state_setter = NULL;
    else if (state_setter && !is_callable(state_setter)) {
        set_error(pickling_error, "sixth element of the tuple returned by __reduce__ must be a function, not %s",
                  OBJ_TYPE(state_setter)->name);
        return -1;
    }
    bool newobj = false, newobj_ex = false;
    if (p->proto >= 2) {
        Obj *name = NULL;
        if (obj_lookup_attr(callable, id_str("__name__"), &name) < 0) return -1;
        if (name && STR_CHECK(name)) {
            newobj_ex = str_eq_cstr(name, "__newobj_ex__");
            newobj = !newobj_ex && str_eq_cstr(name, "__newobj__");
        }
        XDECREF(name);
    }
    if (newobj_ex) {
        if (TUPLE_LEN(argtup) != 3) {
            set_error(pickling_error, "length of the NEWOBJ_EX argument tuple must be exactly 3, not %zd",
                      TUPLE_LEN(argtup));
            return -1;
        }
        Obj *cls = TUPLE_ITEMS(argtup)[0], *a = TUPLE_ITEMS(argtup)[1], *kw = TUPLE_ITEMS(argtup)[2];
        if (!TYPE_CHECK(cls)) {
            set_error(pickling_error, "first item from NEWOBJ_EX argument tuple must be a class, not %s",
                      OBJ_TYPE(cls)->name);
            return -1;
        }
        if (!TUPLE_CHECK(a)) {
            set_error(pickling_error, "second item from NEWOBJ_EX argument tuple must be a tuple, not %s",
                      OBJ_TYPE(a)->name);
            return -1;
        }
        if (!DICT_CHECK(kw)) {
            set_error(pickling_error, "third item from NEWOBJ_EX argument tuple must be a dict, not %s",
                      OBJ_TYPE(kw)->name);
            return -1;
        }
        if (p->proto >= 4) {
            if (save(p, cls, 0) < 0 || save(p, a, 0) < 0 || save(p, kw, 0) < 0) return -1;
            pwrite1(p, OP_NEWOBJ_EX);
        } else {
            /* functools.partial(cls.__new__, cls, *args, **kwargs)() through REDUCE */
            Obj *ft = import_module(id_str("functools"));
            Obj *partial = ft ? obj_getattr_str(ft, "partial") : NULL;
            XDECREF(ft);
            Obj *cls_new = partial ? obj_getattr(cls, id_str("__new__")) : NULL;
            Obj *head = cls_new ? tuple_pack(2, cls_new, cls) : NULL;
            Obj *newargs = head ? num_binary(head, a, NB_ADD) : NULL;
            Obj *fn = newargs ? vm_call_ex(partial, newargs, kw) : NULL;
            Obj *empty = fn ? tuple_new(0) : NULL;
            int r = empty && save(p, fn, 0) == 0 && save(p, empty, 0) == 0 ? 0 : -1;
            XDECREF(partial);
            XDECREF(cls_new);
            XDECREF(head);
            XDECREF(newargs);
            XDECREF(fn);
            XDECREF(empty);
            if (r < 0) return -1;
            pwrite1(p, OP_REDUCE);
        }
    } else if (newobj) {
        if (TUPLE_LEN(argtup) == 0) {
            set_error(pickling_error, "__newobj__ arglist is empty");
            return -1;
        }
        Obj *cls = TUPLE_ITEMS(argtup)[0];
        if (!TYPE_CHECK(cls)) {
            set_error(pickling_error, "args[0] from __newobj__ args is not a type");
            return -1;
        }
        if (obj) {
            Obj *oc = obj_getattr(obj, id_str("__class__"));
            if (!oc) return -1;
            DECREF(oc);
            if (oc != cls) {
                set_error(pickling_error, "args[0] from __newobj__ args has the wrong class");
                return -1;
            }
        }
        if (save(p, cls, 0) < 0) return -1;
        Obj *rest = tuple_slice(argtup, 1, TUPLE_LEN(argtup));
        if (!rest) return -1;
        int r = save(p, rest, 0);
        DECREF(rest);
        if (r < 0) return -1;
        pwrite1(p, OP_NEWOBJ);
    } else {
        if (save(p, callable, 0) < 0 || save(p, argtup, 0) < 0) return -1;
        pwrite1(p, OP_REDUCE);
    }
    if (obj) {
        Ssize idx = memo_lookup(p, obj);
        if (idx >= 0) {
            pwrite1(p, OP_POP);
            memo_get(p, idx);
            return 0;
        }
        if (memo_put(p, obj) < 0) return -1;
    }
    if (listitems && batch_list(p, listitems) < 0) return -1;
    if (dictitems && batch_dict(p, dictitems) < 0) return -1;
    if (state) {
        if (!state_setter) {
            if (save(p, state, 0) < 0) return -1;
            pwrite1(p, OP_BUILD);
        } else {
            if (save(p, state_setter, 0) < 0 || save(p, obj, 0) < 0 || save(p, state, 0) < 0) return -1;
            pwrite1(p, OP_TUPLE2);
            pwrite1(p, OP_REDUCE);
            pwrite1(p, OP_POP);
        }
    }
    return 0;
}

/* The reduce value of an object the pickler has no opcode for */
static Obj *reduce_value_of(PicklerObj *p, Obj *obj, int *done)
{
    TypeObj *type = OBJ_TYPE(obj);
    Obj *func = NULL;
    *done = 0;
    if (p->dispatch_table) {
        func = obj_getitem(p->dispatch_table, (Obj *)type);
        if (!func) {
            if (!vm_err_matches(&exc_KeyError)) return NULL;
            vm_err_clear();
        }
    } else {
        Obj *cr = import_module(id_str("copyreg"));
        Obj *table = cr ? obj_getattr(cr, id_str("dispatch_table")) : NULL;
        XDECREF(cr);
        if (!table) return NULL;
        func = obj_getitem(table, (Obj *)type);
        DECREF(table);
        if (!func) {
            if (!vm_err_matches(&exc_KeyError)) return NULL;
            vm_err_clear();
        }
    }
    if (func) {
        Obj *r = obj_call(func, &obj, 1, NULL);
        DECREF(func);
        return r;
    }
    if (type_is_subtype(type, &type_type)) {
        *done = 1;
        return save_global(p, obj, NULL) < 0 ? NULL : INCREF(NONE);
    }
    if (IS_TYPE(obj, builtin_function_type)) {
        /* builtin functions reduce to their qualified name */
        BuiltinObj *b = (BuiltinObj *)obj;
        if (!b->self || IS_TYPE(b->self, module_type)) {
            *done = 1;
            return save_global(p, obj, NULL) < 0 ? NULL : INCREF(NONE);
        }
    }
    if (obj == ELLIPSIS || obj == NOTIMPL) return str_from_cstr(obj == ELLIPSIS ? "Ellipsis" : "NotImplemented");
    if (obj_lookup_attr(obj, id_str("__reduce_ex__"), &func) < 0) return NULL;
    if (func) {
        Obj *proto = int_from_i64(p->proto);
        Obj *r = proto ? obj_call(func, &proto, 1, NULL) : NULL;
        XDECREF(proto);
        DECREF(func);
        return r;
    }
    if (obj_lookup_attr(obj, id_str("__reduce__"), &func) < 0) return NULL;
    if (!func) {
        set_error(pickling_error, "can't pickle '%s' object: %R", type->name, obj);
        return NULL;
    }
    Obj *r = obj_call(func, NULL, 0, NULL);
    DECREF(func);
    return r;
}

static int save_reduce_value(PicklerObj *p, Obj *obj, Obj *rv)
{
    if (STR_CHECK(rv)) {
        /* a global: builtins.Ellipsis and such are found in builtins */
        if (obj == ELLIPSIS || obj == NOTIMPL) {
            Obj *bm = str_from_cstr("builtins");
            if (!bm) return -1;
            int r = emit_global(p, bm, rv);
            DECREF(bm);
            return r < 0 ? -1 : memo_put(p, obj);
        }
        return save_global(p, obj, rv);
    }
    if (!TUPLE_CHECK(rv)) {
        set_error(pickling_error, "__reduce__ must return a string or tuple");
        return -1;
    }
    return save_reduce(p, rv, obj);
}

static int save(PicklerObj *p, Obj *obj, int pers_save)
{
    if (opcode_boundary(p) < 0) return -1;
    if (!pers_save && p->pers_func) {
        int st = save_pers(p, obj);
        if (st != 0) return st < 0 ? -1 : 0;
    }
    TypeObj *type = OBJ_TYPE(obj);
    if (obj == NONE) {
        pwrite1(p, OP_NONE);
        return 0;
    }
    if (obj == TRUE_ || obj == FALSE_) {
        if (p->proto >= 2) pwrite1(p, obj == TRUE_ ? OP_NEWTRUE : OP_NEWFALSE);
        else pwrite(p, obj == TRUE_ ? "I01\n" : "I00\n", 4);
        return 0;
    }
    if (type == &int_type) return save_long(p, obj);
    if (type == &float_type) return save_float(p, obj);
    Ssize idx = memo_lookup(p, obj);
    if (idx >= 0) {
        memo_get(p, idx);
        return 0;
    }
    if (type == &bytes_type) return save_bytes(p, obj);
    if (type == &str_type) return save_unicode(p, obj);
    if (vm_enter_c(" while pickling an object") < 0) return -1;
    if (vm_c_stack_low()) {
        vm_leave_c();
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded while pickling an object");
        return -1;
    }
    int status;
    Obj *rv = NULL;
    if (type == &dict_type) status = save_dict(p, obj);
    else if (type == &set_type) status = save_set(p, obj);
    else if (type == &frozenset_type) status = save_frozenset(p, obj);
    else if (type == &list_type) status = save_list(p, obj);
    else if (type == &tuple_type) status = save_tuple(p, obj);
    else if (type == &bytearray_type) status = save_bytearray(p, obj);
    else {
        status = -1;
        if (p->reducer_override) {
            rv = obj_call(p->reducer_override, &obj, 1, NULL);
            if (!rv) goto done;
            if (rv != NOTIMPL) {
                status = save_reduce_value(p, obj, rv);
                goto done;
            }
            CLEAR(rv);
        }
        if (type == &type_type) {
            status = save_type(p, obj);
        } else if (type == &function_type) {
            status = save_global(p, obj, NULL);
        } else {
            int done_ = 0;
            rv = reduce_value_of(p, obj, &done_);
            if (rv && !done_) status = save_reduce_value(p, obj, rv);
            else if (rv) status = 0;
        }
    }
done:
    XDECREF(rv);
    vm_leave_c();
    return status;
}

/* ---- Pickler objects ---------------------------------------------------------------------------- */

static int check_protocol(Obj *o, int *out)
{
    if (!o || o == NONE) {
        *out = DEFAULT_PROTOCOL;
        return 0;
    }
    int64_t v;
    if (!INT_CHECK(o)) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer", OBJ_TYPE(o)->name);
        return -1;
    }
    if (int_as_i64(o, &v) < 0) return -1;
    if (v < 0) v = HIGHEST_PROTOCOL;
    else if (v > HIGHEST_PROTOCOL) {
        vm_err_format(&exc_ValueError, "pickle protocol must be <= %d", HIGHEST_PROTOCOL);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int pickler_setup(PicklerObj *p, Obj *file, Obj *protocol, Obj *fix_imports)
{
    int proto;
    if (check_protocol(protocol, &proto) < 0) return -1;
    p->proto = proto;
    p->bin = proto > 0;
    p->fix_imports = true;
    if (fix_imports) {
        int t = obj_is_true(fix_imports);
        if (t < 0) return -1;
        p->fix_imports = t;
    }
    p->frame_start = -1;
    CLEAR(p->write);
    if (file) {
        if (obj_lookup_attr(file, id_str("write"), &p->write) < 0) return -1;
        if (!p->write) {
            vm_err_set_str(&exc_TypeError, "file must have a 'write' attribute");
            return -1;
        }
    }
    return 0;
}

static Obj *pickler_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    PicklerObj *p = (PicklerObj *)obj_alloc(t, 0);
    if (p) p->frame_start = -1;
    return (Obj *)p;
}

static int pickler_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"file", "protocol", "fix_imports", "buffer_callback"};
    Obj *v[4];
    if (args_parse("Pickler", args, nargs, kw, names, 4, 0, 1, v) < 0) return -1;
    return pickler_setup((PicklerObj *)self, v[0], v[1], v[2]);
}

static void pickler_release_hooks(PicklerObj *p)
{
    CLEAR(p->pers_func);
    CLEAR(p->dispatch_table);
    CLEAR(p->reducer_override);
}

static void pickler_dealloc(Obj *o)
{
    PicklerObj *p = (PicklerObj *)o;
    CLEAR(p->write);
    pickler_release_hooks(p);
    memo_clear(p);
    sbuf_free(&p->out);
    obj_free(o);
}

static int pickler_traverse(Obj *o, VisitFn visit, void *arg)
{
    PicklerObj *p = (PicklerObj *)o;
    int rc;
    Obj *refs[] = {p->write, p->pers_func, p->dispatch_table, p->reducer_override};
    for (size_t i = 0; i < 4; i++)
        if (refs[i] && (rc = visit(refs[i], arg))) return rc;
    for (Ssize i = 0; i < p->memo_cap; i++)
        if (p->memo[i].key && (rc = visit(p->memo[i].key, arg))) return rc;
    return 0;
}

static int pickler_clear(Obj *o)
{
    PicklerObj *p = (PicklerObj *)o;
    CLEAR(p->write);
    pickler_release_hooks(p);
    memo_clear(p);
    return 0;
}

/* Pickler.dump: the whole pickle, left in p->out (dumps) or written to the file */
static int pickler_dump(PicklerObj *p, Obj *obj)
{
    pickler_release_hooks(p);
    Obj *self = (Obj *)p;
    if (!IS_TYPE(self, pickler_type)) {
        if (obj_lookup_attr(self, id_str("persistent_id"), &p->pers_func) < 0 ||
            obj_lookup_attr(self, id_str("dispatch_table"), &p->dispatch_table) < 0 ||
            obj_lookup_attr(self, id_str("reducer_override"), &p->reducer_override) < 0)
            return -1;
    }
    sbuf_reset(&p->out);
    p->frame_start = -1;
    if (p->proto >= 2) {
        unsigned char h[2] = {OP_PROTO, (unsigned char)p->proto};
        pwrite(p, h, 2);
        if (p->proto >= 4) p->framing = true;
    }
    int r = save(p, obj, 0);
    if (r == 0) {
        pwrite1(p, OP_STOP);
        commit_frame(p);
    }
    p->framing = false;
    pickler_release_hooks(p);
    if (r == 0) r = flush_to_file(p);
    return r;
}

static Obj *pickler_dump_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("dump", nargs, kw) < 0) return NULL;
    PicklerObj *p = (PicklerObj *)self;
    if (!p->write) {
        vm_err_format(pickling_error ? (TypeObj *)pickling_error : &exc_ValueError,
                      "Pickler.__init__() was not called by %s.__init__()", OBJ_TYPE(self)->name);
        return NULL;
    }
    if (pickler_dump(p, args[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *pickler_clear_memo_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    memo_clear((PicklerObj *)self);
    return INCREF(NONE);
}

static Obj *pickler_get_bin(Obj *self, void *c)
{
    (void)c;
    return int_from_i64(((PicklerObj *)self)->bin);
}

static MethodDef pickler_methods[] = {
    {"dump", pickler_dump_m, METH_FAST, "Write a pickled representation of the given object to the open file."},
    {"clear_memo", pickler_clear_memo_m, METH_NOARGS, "Clears the pickler's \"memo\"."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef pickler_getset[] = {
    {"bin", pickler_get_bin, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj pickler_type = {
    .base = TYPE_HEAD_INIT, .name = "_pickle.Pickler", .basicsize = sizeof(PicklerObj),
    .flags = TPF_BASETYPE | TPF_GC, .dealloc = pickler_dealloc, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .traverse = pickler_traverse, .clear = pickler_clear,
    .new_ = pickler_new, .init = pickler_init, .methods = pickler_methods, .getset = pickler_getset,
    .doc = "This takes a binary file for writing a pickle data stream.",
};

/* ==== the Unpickler ============================================================================== */

typedef struct UnpicklerObj {
    Obj base;
    Obj *read, *readline;    /* file methods, NULL for loads() */
    Obj *data;               /* bytes being read: the loads() argument, or what was read from the file */
    const unsigned char *buf;
    Ssize len, pos;
    Obj **stack;
    Ssize sp, scap;
    Ssize *marks;
    Ssize nmarks, mcap;
    Obj **memo;
    Ssize memo_cap, memo_len;   /* memo_len: entries set (MEMOIZE's next index) */
    int proto;
    bool fix_imports;
    char encoding[32], errors[32];
    Obj *pers_load;          /* looked up when a load starts */
    bool custom_find;        /* a subclass: find_class is called through the instance */
} UnpicklerObj;

static int bad_readline(void)
{
    set_error(unpickling_error, "pickle data was truncated");
    return -1;
}

/* bytes of a[0..an) followed by b[0..bn) */
static Obj *join_bytes(const unsigned char *a, Ssize an, const unsigned char *b, Ssize bn)
{
    unsigned char *t = malloc((size_t)(an + bn) + 1);
    if (!t) {
        vm_err_no_memory();
        return NULL;
    }
    if (an) memcpy(t, a, (size_t)an);
    if (bn) memcpy(t + an, b, (size_t)bn);
    Obj *r = bytes_from(t, an + bn);
    free(t);
    return r;
}

/* n bytes at *out; reads from the file when the buffer has fewer left */
static int u_read(UnpicklerObj *u, Ssize n, const unsigned char **out)
{
    if (n <= u->len - u->pos) {
        *out = u->buf + u->pos;
        u->pos += n;
        return 0;
    }
    if (!u->read) return bad_readline();
    Ssize have = u->len - u->pos;
    Obj *num = int_from_i64(n - have);
    Obj *more = num ? obj_call(u->read, &num, 1, NULL) : NULL;
    XDECREF(num);
    if (!more) return -1;
    if (!BYTES_CHECK(more)) {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", OBJ_TYPE(more)->name);
        DECREF(more);
        return -1;
    }
    if (VAR_SIZE(more) < n - have) {
        DECREF(more);
        return bad_readline();
    }
    Obj *all = more;
    if (have) {
        all = join_bytes(u->buf + u->pos, have, BYTES_DATA(more), n - have);
        DECREF(more);
        if (!all) return -1;
    }
    obj_setref(&u->data, all);
    u->buf = BYTES_DATA(all);
    u->len = VAR_SIZE(all);
    u->pos = n;
    *out = u->buf;
    return 0;
}

/* a line without its '\n' (the text protocol's arguments) */
static int u_readline(UnpicklerObj *u, const char **out, Ssize *n)
{
    const unsigned char *s = u->buf + u->pos;
    const unsigned char *nl = u->pos < u->len ? memchr(s, '\n', (size_t)(u->len - u->pos)) : NULL;
    if (nl) {
        *out = (const char *)s;
        *n = nl - s;
        u->pos += *n + 1;
        return 0;
    }
    if (!u->read) return bad_readline();
    Obj *line = obj_call(u->readline, NULL, 0, NULL);
    if (!line) return -1;
    if (!BYTES_CHECK(line)) {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", OBJ_TYPE(line)->name);
        DECREF(line);
        return -1;
    }
    Ssize have = u->len - u->pos, ln = VAR_SIZE(line);
    if (!ln || BYTES_DATA(line)[ln - 1] != '\n') {
        DECREF(line);
        return bad_readline();
    }
    Obj *all = join_bytes(u->buf + u->pos, have, BYTES_DATA(line), ln);
    DECREF(line);
    if (!all) return -1;
    obj_setref(&u->data, all);
    u->buf = BYTES_DATA(all);
    u->len = VAR_SIZE(all);
    u->pos = u->len;
    *out = (const char *)u->buf;
    *n = u->len - 1;
    return 0;
}

static uint64_t get_le(const unsigned char *d, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | d[i];
    return v;
}

static Ssize fence(UnpicklerObj *u) { return u->nmarks ? u->marks[u->nmarks - 1] : 0; }

static int stack_underflow(UnpicklerObj *u)
{
    set_error(unpickling_error, u->nmarks ? "unexpected MARK found" : "unpickling stack underflow");
    return -1;
}

/* push, stealing v */
static int push(UnpicklerObj *u, Obj *v)
{
    if (!v) return -1;
    if (u->sp == u->scap) {
        Ssize ncap = u->scap ? u->scap * 2 : 16;
        Obj **ns = realloc(u->stack, (size_t)ncap * sizeof *ns);
        if (!ns) {
            DECREF(v);
            vm_err_no_memory();
            return -1;
        }
        u->stack = ns;
        u->scap = ncap;
    }
    u->stack[u->sp++] = v;
    return 0;
}

static Obj *pop(UnpicklerObj *u)
{
    if (u->sp <= fence(u)) {
        stack_underflow(u);
        return NULL;
    }
    return u->stack[--u->sp];
}

static Obj *top(UnpicklerObj *u)
{
    if (u->sp <= fence(u)) {
        stack_underflow(u);
        return NULL;
    }
    return u->stack[u->sp - 1];
}

static Ssize marker(UnpicklerObj *u)
{
    if (!u->nmarks) {
        set_error(unpickling_error, "could not find MARK");
        return -1;
    }
    return u->marks[--u->nmarks];
}

/* stack[start:] as a tuple, popped */
static Obj *pop_tuple(UnpicklerObj *u, Ssize start)
{
    Obj *t = tuple_new(u->sp - start);
    if (!t) return NULL;
    for (Ssize i = start; i < u->sp; i++) TUPLE_ITEMS(t)[i - start] = u->stack[i];
    u->sp = start;
    return t;
}

static Obj *pop_list(UnpicklerObj *u, Ssize start)
{
    Obj *l = list_new(u->sp - start);
    if (!l) return NULL;
    for (Ssize i = start; i < u->sp; i++) LIST_ITEMS(l)[i - start] = u->stack[i];
    u->sp = start;
    return l;
}

static void pop_discard(UnpicklerObj *u, Ssize start)
{
    while (u->sp > start) DECREF(u->stack[--u->sp]);
}

static int memo_set(UnpicklerObj *u, Ssize idx, Obj *v)
{
    if (idx >= u->memo_cap) {
        Ssize ncap = u->memo_cap ? u->memo_cap : 32;
        while (ncap <= idx) ncap *= 2;
        Obj **nm = realloc(u->memo, (size_t)ncap * sizeof *nm);
        if (!nm) {
            vm_err_no_memory();
            return -1;
        }
        memset(nm + u->memo_cap, 0, (size_t)(ncap - u->memo_cap) * sizeof *nm);
        u->memo = nm;
        u->memo_cap = ncap;
    }
    if (!u->memo[idx]) u->memo_len++;
    obj_setref(&u->memo[idx], INCREF(v));
    return 0;
}

static int u_get(UnpicklerObj *u, Ssize idx)
{
    if (idx < 0 || idx >= u->memo_cap || !u->memo[idx]) {
        set_error(unpickling_error, "Memo value not found at index %zd", idx);
        return -1;
    }
    return push(u, INCREF(u->memo[idx]));
}

static int u_put(UnpicklerObj *u, Ssize idx)
{
    Obj *v = top(u);
    if (!v) return -1;
    if (idx < 0) {
        vm_err_set_str(&exc_ValueError, "negative PUT argument");
        return -1;
    }
    return memo_set(u, idx, v);
}

/* the text protocol's decimal arguments (PUT, GET) */
static int line_index(UnpicklerObj *u, Ssize *out)
{
    const char *s;
    Ssize n;
    if (u_readline(u, &s, &n) < 0) return -1;
    Obj *v = int_from_str(s, n, 10);
    if (!v) return -1;
    int64_t x;
    int r = int_as_i64(v, &x);
    DECREF(v);
    *out = (Ssize)x;
    return r;
}

static Obj *codecs_encode(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"obj", "encoding", "errors"};
    Obj *v[3];
    if (args_parse("encode", args, nargs, kw, names, 3, 0, 1, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "utf_8_encode() argument 1 must be str, not %s", OBJ_TYPE(v[0])->name);
        return NULL;
    }
    const char *enc = v[1] && STR_CHECK(v[1]) ? str_utf8_lossy(v[1], NULL) : "utf-8";
    const char *err = v[2] && STR_CHECK(v[2]) ? str_utf8_lossy(v[2], NULL) : "strict";
    return str_encode(v[0], enc, err);
}

static const MethodDef codecs_encode_def = {"encode", codecs_encode, METH_FAST, NULL};

static Obj *find_class_impl(UnpicklerObj *u, Obj *module_name, Obj *global_name)
{
    Obj *mod = INCREF(module_name), *name = INCREF(global_name), *r = NULL, *module = NULL;
    if (u->proto < 3 && u->fix_imports && STR_CHECK(mod) && STR_CHECK(name) && compat_2to3(&mod, &name) < 0)
        goto out;
    if (STR_CHECK(mod) && STR_CHECK(name) && str_eq_cstr(mod, "_codecs") && str_eq_cstr(name, "encode")) {
        r = INCREF(codecs_encode_fn);
        goto out;
    }
    if (!(module = import_module_or_public(mod))) goto out;
    if (u->proto >= 4) {
        Obj *path = dotted_path(module, name);
        if (!path) goto out;
        r = deep_attribute(module, path, NULL);
        DECREF(path);
    } else {
        r = obj_getattr(module, name);
    }
    if (!r && vm_err_matches(&exc_AttributeError)) {
        vm_err_clear();
        vm_err_format(&exc_AttributeError, "Can't get attribute %R on %R", name, module);
    }
out:
    DECREF(mod);
    DECREF(name);
    XDECREF(module);
    return r;
}

static Obj *find_class(UnpicklerObj *u, Obj *module_name, Obj *global_name)
{
    if (!u->custom_find) return find_class_impl(u, module_name, global_name);
    Obj *a[2] = {module_name, global_name};
    return obj_call_method((Obj *)u, "find_class", a, 2);
}

/* the STRING opcodes' Python 2 str: bytes, or decoded with the loads() encoding */
static Obj *decode_py2_string(UnpicklerObj *u, const char *s, Ssize n)
{
    if (!strcmp(u->encoding, "bytes")) return bytes_from(s, n);
    return str_decode(s, n, u->encoding, u->errors);
}

/* Python string-escape decoding of a quoted STRING argument */
Obj *pickle_escape_decode(const char *s, Ssize n)
{
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\\' || i + 1 >= n) {
            sbuf_putc(&b, c);
            continue;
        }
        c = s[++i];
        switch (c) {
        case 'n': sbuf_putc(&b, '\n'); break;
        case 't': sbuf_putc(&b, '\t'); break;
        case 'r': sbuf_putc(&b, '\r'); break;
        case 'a': sbuf_putc(&b, '\a'); break;
        case 'b': sbuf_putc(&b, '\b'); break;
        case 'f': sbuf_putc(&b, '\f'); break;
        case 'v': sbuf_putc(&b, '\v'); break;
        case '\n': break;
        case 'x':
            if (i + 2 < n + 0 && strchr("0123456789abcdefABCDEF", s[i + 1]) && strchr("0123456789abcdefABCDEF", s[i + 2])) {
                char h[3] = {s[i + 1], s[i + 2], 0};
                sbuf_putc(&b, (char)strtol(h, NULL, 16));
                i += 2;
            } else {
                sbuf_free(&b);
                vm_err_format(&exc_ValueError, "invalid \\x escape at position %zd", i - 1);
                return NULL;
            }
            break;
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int k = 0; k < 2 && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7'; k++) v = v * 8 + (s[++i] - '0');
                sbuf_putc(&b, (char)v);
            } else {
                sbuf_putc(&b, '\\');
                sbuf_putc(&b, c);
            }
        }
    }
    Obj *r = bytes_from(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

/* raw-unicode-escape decoding (the UNICODE opcode) */
Obj *pickle_raw_unicode_unescape(const char *s, Ssize n)
{
    uint32_t *cp = malloc(((size_t)n + 1) * sizeof *cp);
    if (!cp) {
        vm_err_no_memory();
        return NULL;
    }
    Ssize k = 0;
    for (Ssize i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' && i + 1 < n && (s[i + 1] == 'u' || s[i + 1] == 'U')) {
            int digits = s[i + 1] == 'u' ? 4 : 8;
            uint32_t v = 0;
            int got = 0;
            for (; got < digits && i + 2 + got < n; got++) {
                char h = s[i + 2 + got];
                int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                      : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (d < 0) break;
                v = v * 16 + (uint32_t)d;
            }
            if (got < digits || v > 0x10ffff) {
                free(cp);
                vm_err_format(&exc_UnicodeDecodeError, "'rawunicodeescape' codec can't decode bytes in position %zd-%zd: %s",
                              i, i + 1 + got, got < digits ? (digits == 4 ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape") : "\\Uxxxxxxxx out of range");
                return NULL;
            }
            cp[k++] = v;
            i += 1 + digits;
        } else {
            cp[k++] = c;
        }
    }
    Obj *r = str_from_ucs4(cp, k);
    free(cp);
    return r;
}

static int load_build(UnpicklerObj *u)
{
    Obj *state = pop(u);
    if (!state) return -1;
    Obj *inst = top(u);
    if (!inst) {
        DECREF(state);
        return -1;
    }
    Obj *setstate = NULL;
    if (obj_lookup_attr(inst, id_str("__setstate__"), &setstate) < 0) {
        DECREF(state);
        return -1;
    }
    if (setstate) {
        Obj *r = obj_call(setstate, &state, 1, NULL);
        DECREF(setstate);
        DECREF(state);
        if (!r) return -1;
        DECREF(r);
        return 0;
    }
    Obj *dstate = state, *slotstate = NULL;
    if (TUPLE_CHECK(state) && TUPLE_LEN(state) == 2) {
        dstate = TUPLE_ITEMS(state)[0];
        slotstate = TUPLE_ITEMS(state)[1];
    }
    int rc = -1;
    if (dstate != NONE) {
        if (!DICT_CHECK(dstate)) {
            set_error(unpickling_error, "state is not a dictionary");
            goto out;
        }
        Obj *d = obj_getattr(inst, id_str("__dict__"));
        if (!d) goto out;
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(dstate, &pos, &k, &v)) {
            INCREF(k);
            if (IS_TYPE(k, str_type)) str_intern_inplace(&k);
            int r = obj_setitem(d, k, v);
            DECREF(k);
            if (r < 0) {
                DECREF(d);
                goto out;
            }
        }
        DECREF(d);
    }
    if (slotstate && slotstate != NONE) {
        if (!DICT_CHECK(slotstate)) {
            set_error(unpickling_error, "slot state is not a dictionary");
            goto out;
        }
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(slotstate, &pos, &k, &v))
            if (obj_setattr(inst, k, v) < 0) goto out;
    }
    rc = 0;
out:
    DECREF(state);
    return rc;
}

/* obj.NAME(item) for each stack item from x up, then pop them (APPENDS and ADDITEMS
 * on objects other than exact lists and sets) */
static int call_each_and_pop(UnpicklerObj *u, Obj *obj, const char *name, Ssize x)
{
    Obj *m = obj_getattr_str(obj, name);
    if (!m) return -1;
    for (Ssize i = x; i < u->sp; i++) {
        Obj *r = obj_call(m, &u->stack[i], 1, NULL);
        if (!r) {
            DECREF(m);
            return -1;
        }
        DECREF(r);
    }
    DECREF(m);
    pop_discard(u, x);
    return 0;
}

/* APPEND/APPENDS: list.extend for exact lists, else extend() or append() */
static int do_append(UnpicklerObj *u, Ssize x)
{
    if (x > u->sp || x <= 0) return stack_underflow(u);
    if (x == u->sp) return 0;
    Obj *list = u->stack[x - 1];
    if (IS_TYPE(list, list_type)) {
        Obj *items = pop_list(u, x);
        if (!items) return -1;
        int r = list_extend(list, items);
        DECREF(items);
        return r;
    }
    Obj *ext = NULL;
    if (obj_lookup_attr(list, id_str("extend"), &ext) < 0) return -1;
    if (ext) {
        Obj *items = pop_list(u, x);
        Obj *r = items ? obj_call(ext, &items, 1, NULL) : NULL;
        XDECREF(items);
        DECREF(ext);
        if (!r) return -1;
        DECREF(r);
        return 0;
    }
    return call_each_and_pop(u, list, "append", x);
}

static int do_setitems(UnpicklerObj *u, Ssize x)
{
    if (x > u->sp || x <= 0) return stack_underflow(u);
    if ((u->sp - x) % 2) {
        set_error(unpickling_error, "odd number of items for SETITEMS");
        return -1;
    }
    Obj *d = u->stack[x - 1];
    for (Ssize i = x; i + 1 < u->sp; i += 2)
        if (obj_setitem(d, u->stack[i], u->stack[i + 1]) < 0) return -1;
    pop_discard(u, x);
    return 0;
}

static int load_additems(UnpicklerObj *u)
{
    Ssize x = marker(u);
    if (x < 0) return -1;
    if (x > u->sp || x <= 0) return stack_underflow(u);
    if (x == u->sp) return 0;
    Obj *set = u->stack[x - 1];
    if (IS_TYPE(set, set_type) || IS_TYPE(set, frozenset_type)) {
        Obj *items = pop_list(u, x);
        int r = items ? set_update(set, items) : -1;
        XDECREF(items);
        return r;
    }
    return call_each_and_pop(u, set, "add", x);
}

static int load_newobj(UnpicklerObj *u, bool ex)
{
    Obj *kwargs = ex ? pop(u) : NULL;
    if (ex && !kwargs) return -1;
    Obj *args = pop(u);
    Obj *cls = args ? pop(u) : NULL;
    int rc = -1;
    if (!cls) goto out;
    const char *op = ex ? "NEWOBJ_EX" : "NEWOBJ";
    if (!TYPE_CHECK(cls)) {
        set_error(unpickling_error, "%s class argument must be a type, not %s", op, OBJ_TYPE(cls)->name);
        goto out;
    }
    if (!TUPLE_CHECK(args)) {
        set_error(unpickling_error, "%s args argument must be a tuple, not %s", op, OBJ_TYPE(args)->name);
        goto out;
    }
    if (ex && !DICT_CHECK(kwargs)) {
        set_error(unpickling_error, "NEWOBJ_EX kwargs argument must be a dict, not %s", OBJ_TYPE(kwargs)->name);
        goto out;
    }
    TypeObj *t = (TypeObj *)cls;
    if (!t->new_) {
        vm_err_format(&exc_TypeError, "cannot create '%s' instances", t->name);
        goto out;
    }
    Ssize na = TUPLE_LEN(args), nk = kwargs ? dict_len(kwargs) : 0;
    Obj **vec = malloc(((size_t)(na + nk) + 1) * sizeof *vec);
    Obj *kwnames = nk ? tuple_new(nk) : NULL;
    if (!vec || (nk && !kwnames)) {
        free(vec);
        XDECREF(kwnames);
        vm_err_no_memory();
        goto out;
    }
    for (Ssize i = 0; i < na; i++) vec[i] = TUPLE_ITEMS(args)[i];
    Ssize pos = 0, j = 0;
    Obj *k, *v;
    while (kwargs && dict_next(kwargs, &pos, &k, &v)) {
        TUPLE_ITEMS(kwnames)[j] = INCREF(k);
        vec[na + j++] = v;
    }
    Obj *obj = t->new_(t, vec, na, kwnames);
    free(vec);
    XDECREF(kwnames);
    rc = push(u, obj);
out:
    XDECREF(kwargs);
    XDECREF(args);
    XDECREF(cls);
    return rc;
}

/* pop the top two items: *below, then *top_ (both new refs); -1 leaves nothing */
static int pop2(UnpicklerObj *u, Obj **below, Obj **top_)
{
    *top_ = pop(u);
    *below = *top_ ? pop(u) : NULL;
    if (!*below) CLEAR(*top_);
    return *below ? 0 : -1;
}

static int load_reduce(UnpicklerObj *u)
{
    Obj *args, *callable;
    if (pop2(u, &callable, &args) < 0) return -1;
    Obj *r = NULL;
    if (!TUPLE_CHECK(args)) vm_err_set_str(&exc_TypeError, "argument list must be a tuple");
    else r = obj_call(callable, TUPLE_ITEMS(args), TUPLE_LEN(args), NULL);
    DECREF(args);
    DECREF(callable);
    return push(u, r);
}

static int load_global_pair(UnpicklerObj *u, Obj *mod, Obj *name)
{
    Obj *cls = find_class(u, mod, name);
    return push(u, cls);
}

static int load_persid(UnpicklerObj *u, Obj *pid)
{
    if (!pid) return -1;
    if (!u->pers_load) {
        DECREF(pid);
        set_error(unpickling_error,
                  "A load persistent id instruction was encountered, but no persistent_load function was specified.");
        return -1;
    }
    Obj *r = obj_call(u->pers_load, &pid, 1, NULL);
    DECREF(pid);
    return push(u, r);
}

static Obj *line_str(UnpicklerObj *u)   /* an ASCII line as str (GLOBAL, INST, PERSID) */
{
    const char *s;
    Ssize n;
    if (u_readline(u, &s, &n) < 0) return NULL;
    return str_decode(s, n, "utf-8", "strict");
}

static int load_inst(UnpicklerObj *u)
{
    Ssize x = marker(u);
    if (x < 0) return -1;
    Obj *mod = line_str(u);
    Obj *name = mod ? line_str(u) : NULL;
    Obj *cls = name ? find_class(u, mod, name) : NULL;
    XDECREF(mod);
    XDECREF(name);
    if (!cls) return -1;
    Obj *args = pop_tuple(u, x);
    Obj *r = args ? obj_call(cls, TUPLE_ITEMS(args), TUPLE_LEN(args), NULL) : NULL;
    XDECREF(args);
    DECREF(cls);
    return push(u, r);
}

static int load_obj(UnpicklerObj *u)
{
    Ssize x = marker(u);
    if (x < 0) return -1;
    if (x >= u->sp) return stack_underflow(u);
    Obj *args = pop_tuple(u, x + 1);
    Obj *cls = args ? pop(u) : NULL;
    Obj *r = cls ? obj_call(cls, TUPLE_ITEMS(args), TUPLE_LEN(args), NULL) : NULL;
    XDECREF(args);
    XDECREF(cls);
    return push(u, r);
}

static int load_counted_str(UnpicklerObj *u, int n, int kind)
{
    const unsigned char *s;
    if (u_read(u, n, &s) < 0) return -1;
    uint64_t size = get_le(s, n);
    if (n == 4 && kind != 2 && size > 0x7fffffffu && 0) return -1;
    if (size > (uint64_t)INT64_MAX / 2) {
        vm_err_format(&exc_OverflowError, "%s exceeds system's maximum size of %zd bytes",
                      kind == 0 ? "BINUNICODE" : "BINBYTES", (Ssize)INTPTR_MAX);
        return -1;
    }
    if (u_read(u, (Ssize)size, &s) < 0) return -1;
    switch (kind) {
    case 0: return push(u, str_decode(s, (Ssize)size, "utf-8", "surrogatepass"));
    case 1: return push(u, bytes_from(s, (Ssize)size));
    case 2: return push(u, bytearray_from(s, (Ssize)size));
    default: return push(u, decode_py2_string(u, (const char *)s, (Ssize)size));
    }
}

static int load_binint(UnpicklerObj *u, int n)
{
    const unsigned char *s;
    if (u_read(u, n, &s) < 0) return -1;
    uint64_t v = get_le(s, n);
    int64_t x = n == 4 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v;
    return push(u, int_from_i64(x));
}

static int load_long_bin(UnpicklerObj *u, int n)
{
    const unsigned char *s;
    if (u_read(u, n, &s) < 0) return -1;
    uint64_t size = get_le(s, n);
    if (n == 4 && (int32_t)(uint32_t)size < 0) {
        set_error(unpickling_error, "LONG pickle has negative byte count");
        return -1;
    }
    if (u_read(u, (Ssize)size, &s) < 0) return -1;
    if (!size) return push(u, int_from_i64(0));
    mpz_t z;
    mpz_init(z);
    mpz_import(z, (size_t)size, -1, 1, 0, 0, s);
    if (s[size - 1] & 0x80) {
        mpz_t m;
        mpz_init(m);
        mpz_ui_pow_ui(m, 2, 8 * (unsigned long)size);
        mpz_sub(z, z, m);
        mpz_clear(m);
    }
    Obj *r = int_from_mpz(z);
    mpz_clear(z);
    return push(u, r);
}

static int load_text_int(UnpicklerObj *u)
{
    const char *s;
    Ssize n;
    if (u_readline(u, &s, &n) < 0) return -1;
    if (n == 2 && s[0] == '0' && (s[1] == '0' || s[1] == '1')) return push(u, bool_from(s[1] == '1'));
    Obj *v = int_from_str(s, n, 0);
    if (!v) {
        vm_err_clear();
        vm_err_set_str(&exc_ValueError, "could not convert string to int");
        return -1;
    }
    return push(u, v);
}

static int load_text_long(UnpicklerObj *u)
{
    const char *s;
    Ssize n;
    if (u_readline(u, &s, &n) < 0) return -1;
    if (n > 0 && s[n - 1] == 'L') n--;
    return push(u, int_from_str(s, n, 0));
}

static int load_text_float(UnpicklerObj *u)
{
    const char *s;
    Ssize n;
    if (u_readline(u, &s, &n) < 0) return -1;
    double d;
    Ssize used = float_parse_prefix(s, n, &d);
    if (used != n || n == 0) {
        vm_err_set_str(&exc_ValueError, "could not convert string to float");
        return -1;
    }
    return push(u, float_from_double(d));
}

static int load_text_string(UnpicklerObj *u)
{
    const char *s;
    Ssize n;
    if (u_readline(u, &s, &n) < 0) return -1;
    if (n < 2 || s[0] != s[n - 1] || (s[0] != '\'' && s[0] != '"')) {
        set_error(unpickling_error, "the STRING opcode argument must be quoted");
        return -1;
    }
    Obj *b = pickle_escape_decode(s + 1, n - 2);
    if (!b) return -1;
    if (!strcmp(u->encoding, "bytes")) return push(u, b);
    Obj *r = str_decode(BYTES_DATA(b), VAR_SIZE(b), u->encoding, u->errors);
    DECREF(b);
    return push(u, r);
}

static int load_frame(UnpicklerObj *u)
{
    const unsigned char *s;
    if (u_read(u, 8, &s) < 0) return -1;
    uint64_t n = get_le(s, 8);
    if (n > (uint64_t)INTPTR_MAX) {
        vm_err_format(&exc_OverflowError, "FRAME length exceeds system's maximum of %zd bytes", (Ssize)INTPTR_MAX);
        return -1;
    }
    if (u_read(u, (Ssize)n, &s) < 0) return -1;
    u->pos -= (Ssize)n;
    return 0;
}

static int load_mark(UnpicklerObj *u)
{
    if (u->nmarks == u->mcap) {
        Ssize ncap = u->mcap ? u->mcap * 2 : 16;
        Ssize *nm = realloc(u->marks, (size_t)ncap * sizeof *nm);
        if (!nm) {
            vm_err_no_memory();
            return -1;
        }
        u->marks = nm;
        u->mcap = ncap;
    }
    u->marks[u->nmarks++] = u->sp;
    return 0;
}

static int load_pop(UnpicklerObj *u)
{
    if (u->nmarks && u->marks[u->nmarks - 1] == u->sp) {
        u->nmarks--;
        return 0;
    }
    Obj *v = pop(u);
    if (!v) return -1;
    DECREF(v);
    return 0;
}

/* one opcode; 1 at STOP */
static int load_op(UnpicklerObj *u, int op)
{
    const unsigned char *s;
    Ssize x;
    switch (op) {
    case OP_NONE: return push(u, INCREF(NONE));
    case OP_NEWTRUE: return push(u, bool_from(true));
    case OP_NEWFALSE: return push(u, bool_from(false));
    case OP_BININT: return load_binint(u, 4);
    case OP_BININT1: return load_binint(u, 1);
    case OP_BININT2: return load_binint(u, 2);
    case OP_INT: return load_text_int(u);
    case OP_LONG: return load_text_long(u);
    case OP_LONG1: return load_long_bin(u, 1);
    case OP_LONG4: return load_long_bin(u, 4);
    case OP_FLOAT: return load_text_float(u);
    case OP_BINFLOAT: {
        if (u_read(u, 8, &s) < 0) return -1;
        uint64_t b = 0;
        for (int i = 0; i < 8; i++) b = b << 8 | s[i];
        double d;
        memcpy(&d, &b, 8);
        return push(u, float_from_double(d));
    }
    case OP_STRING: return load_text_string(u);
    case OP_BINSTRING: return load_counted_str(u, 4, 3);
    case OP_SHORT_BINSTRING: return load_counted_str(u, 1, 3);
    case OP_BINBYTES: return load_counted_str(u, 4, 1);
    case OP_SHORT_BINBYTES: return load_counted_str(u, 1, 1);
    case OP_BINBYTES8: return load_counted_str(u, 8, 1);
    case OP_BYTEARRAY8: return load_counted_str(u, 8, 2);
    case OP_BINUNICODE: return load_counted_str(u, 4, 0);
    case OP_SHORT_BINUNICODE: return load_counted_str(u, 1, 0);
    case OP_BINUNICODE8: return load_counted_str(u, 8, 0);
    case OP_UNICODE: {
        const char *t;
        Ssize n;
        if (u_readline(u, &t, &n) < 0) return -1;
        return push(u, pickle_raw_unicode_unescape(t, n));
    }
    case OP_EMPTY_TUPLE: return push(u, tuple_new(0));
    case OP_TUPLE1: case OP_TUPLE2: case OP_TUPLE3: {
        Ssize n = op - OP_TUPLE1 + 1;
        if (u->sp - fence(u) < n) return stack_underflow(u);
        return push(u, pop_tuple(u, u->sp - n));
    }
    case OP_TUPLE:
        if ((x = marker(u)) < 0) return -1;
        return push(u, pop_tuple(u, x));
    case OP_EMPTY_LIST: return push(u, list_new(0));
    case OP_LIST:
        if ((x = marker(u)) < 0) return -1;
        return push(u, pop_list(u, x));
    case OP_EMPTY_DICT: return push(u, dict_new());
    case OP_DICT: {
        if ((x = marker(u)) < 0) return -1;
        if ((u->sp - x) % 2) {
            set_error(unpickling_error, "odd number of items for DICT");
            return -1;
        }
        Obj *d = dict_new();
        if (!d) return -1;
        for (Ssize i = x; i + 1 < u->sp; i += 2)
            if (dict_set(d, u->stack[i], u->stack[i + 1]) < 0) {
                DECREF(d);
                return -1;
            }
        pop_discard(u, x);
        return push(u, d);
    }
    case OP_EMPTY_SET: return push(u, set_new(NULL));
    case OP_FROZENSET: {
        if ((x = marker(u)) < 0) return -1;
        Obj *items = pop_tuple(u, x);
        Obj *fs = items ? frozenset_new(items) : NULL;
        XDECREF(items);
        return push(u, fs);
    }
    case OP_ADDITEMS: return load_additems(u);
    case OP_APPEND: return do_append(u, u->sp - 1);
    case OP_APPENDS:
        if ((x = marker(u)) < 0) return -1;
        return do_append(u, x);
    case OP_SETITEM: return do_setitems(u, u->sp - 2);
    case OP_SETITEMS:
        if ((x = marker(u)) < 0) return -1;
        return do_setitems(u, x);
    case OP_MARK: return load_mark(u);
    case OP_POP: return load_pop(u);
    case OP_POP_MARK:
        if ((x = marker(u)) < 0) return -1;
        pop_discard(u, x);
        return 0;
    case OP_DUP: {
        if (u->sp <= fence(u)) return stack_underflow(u);
        return push(u, INCREF(u->stack[u->sp - 1]));
    }
    case OP_GET:
        if (line_index(u, &x) < 0) return -1;
        return u_get(u, x);
    case OP_BINGET:
        if (u_read(u, 1, &s) < 0) return -1;
        return u_get(u, s[0]);
    case OP_LONG_BINGET:
        if (u_read(u, 4, &s) < 0) return -1;
        return u_get(u, (Ssize)get_le(s, 4));
    case OP_PUT:
        if (line_index(u, &x) < 0) return -1;
        return u_put(u, x);
    case OP_BINPUT:
        if (u_read(u, 1, &s) < 0) return -1;
        return u_put(u, s[0]);
    case OP_LONG_BINPUT:
        if (u_read(u, 4, &s) < 0) return -1;
        return u_put(u, (Ssize)get_le(s, 4));
    case OP_MEMOIZE: {
        Obj *v = top(u);
        return v ? memo_set(u, u->memo_len, v) : -1;
    }
    case OP_GLOBAL: {
        Obj *mod = line_str(u);
        Obj *name = mod ? line_str(u) : NULL;
        int r = name ? load_global_pair(u, mod, name) : -1;
        XDECREF(mod);
        XDECREF(name);
        return r;
    }
    case OP_STACK_GLOBAL: {
        Obj *name, *mod;
        if (pop2(u, &mod, &name) < 0) return -1;
        int r = -1;
        if (!IS_TYPE(name, str_type) || !IS_TYPE(mod, str_type))
            set_error(unpickling_error, "STACK_GLOBAL requires str");
        else r = load_global_pair(u, mod, name);
        DECREF(mod);
        DECREF(name);
        return r;
    }
    case OP_REDUCE: return load_reduce(u);
    case OP_NEWOBJ: return load_newobj(u, false);
    case OP_NEWOBJ_EX: return load_newobj(u, true);
    case OP_BUILD: return load_build(u);
    case OP_INST: return load_inst(u);
    case OP_OBJ: return load_obj(u);
    case OP_PERSID: return load_persid(u, line_str(u));
    case OP_BINPERSID: return load_persid(u, pop(u));
    case OP_PROTO: {
        if (u_read(u, 1, &s) < 0) return -1;
        if (s[0] > HIGHEST_PROTOCOL) {
            vm_err_format(&exc_ValueError, "unsupported pickle protocol: %d", s[0]);
            return -1;
        }
        u->proto = s[0];
        return 0;
    }
    case OP_FRAME: return load_frame(u);
    case OP_EXT1: case OP_EXT2: case OP_EXT4:
        vm_err_set_str(&exc_ValueError, "unregistered extension code");
        return -1;
    case OP_NEXT_BUFFER:
        set_error(unpickling_error, "pickle stream refers to out-of-band data but no *buffers* argument was given");
        return -1;
    case OP_READONLY_BUFFER:
        return 0;
    case OP_STOP: return 1;
    default: {
        unsigned char c = (unsigned char)op;
        if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
            set_error(unpickling_error, "invalid load key, '%c'.", c);
        else
            set_error(unpickling_error, "invalid load key, '\\x%02x'.", c);
        return -1;
    }
    }
}

static void unpickler_reset(UnpicklerObj *u)
{
    pop_discard(u, 0);
    u->nmarks = 0;
}

static Obj *unpickler_load(UnpicklerObj *u)
{
    unpickler_reset(u);
    u->proto = 0;
    CLEAR(u->pers_load);
    Obj *self = (Obj *)u;
    u->custom_find = !IS_TYPE(self, unpickler_type);
    if (u->custom_find && obj_lookup_attr(self, id_str("persistent_load"), &u->pers_load) < 0) return NULL;
    for (;;) {
        const unsigned char *s;
        if (u_read(u, 1, &s) < 0) {
            if (vm_err_matches((TypeObj *)unpickling_error)) {
                vm_err_clear();
                vm_err_set_str(&exc_EOFError, "Ran out of input");
            }
            break;
        }
        int r = load_op(u, s[0]);
        if (r < 0) break;
        if (r == 1) {
            Obj *v = pop(u);
            unpickler_reset(u);
            CLEAR(u->pers_load);
            return v;
        }
    }
    unpickler_reset(u);
    CLEAR(u->pers_load);
    return NULL;
}

static int unpickler_setup(UnpicklerObj *u, Obj *file, Obj *fix_imports, Obj *encoding, Obj *errors)
{
    u->fix_imports = true;
    if (fix_imports) {
        int t = obj_is_true(fix_imports);
        if (t < 0) return -1;
        u->fix_imports = t;
    }
    snprintf(u->encoding, sizeof u->encoding, "%s", encoding && STR_CHECK(encoding) ? str_utf8_lossy(encoding, NULL) : "ASCII");
    snprintf(u->errors, sizeof u->errors, "%s", errors && STR_CHECK(errors) ? str_utf8_lossy(errors, NULL) : "strict");
    CLEAR(u->read);
    CLEAR(u->readline);
    if (file) {
        if (obj_lookup_attr(file, id_str("read"), &u->read) < 0 ||
            obj_lookup_attr(file, id_str("readline"), &u->readline) < 0)
            return -1;
        if (!u->read || !u->readline) {
            CLEAR(u->read);
            CLEAR(u->readline);
            vm_err_set_str(&exc_TypeError, "file must have 'read' and 'readline' attributes");
            return -1;
        }
    }
    return 0;
}

static Obj *unpickler_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return obj_alloc(t, 0);
}

static const char *const unpickler_names[] = {"file", "fix_imports", "encoding", "errors", "buffers"};

static int unpickler_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[5];
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "Unpickler() takes at most 1 positional argument (%zd given)", nargs);
        return -1;
    }
    if (args_parse("Unpickler", args, nargs, kw, unpickler_names, 5, 0, 1, v) < 0) return -1;
    return unpickler_setup((UnpicklerObj *)self, v[0], v[1], v[2], v[3]);
}

static void unpickler_release(UnpicklerObj *u)
{
    unpickler_reset(u);
    CLEAR(u->read);
    CLEAR(u->readline);
    CLEAR(u->data);
    CLEAR(u->pers_load);
    for (Ssize i = 0; i < u->memo_cap; i++) CLEAR(u->memo[i]);
    u->memo_len = 0;
}

static void unpickler_dealloc(Obj *o)
{
    UnpicklerObj *u = (UnpicklerObj *)o;
    unpickler_release(u);
    free(u->stack);
    free(u->marks);
    free(u->memo);
    obj_free(o);
}

static int unpickler_traverse(Obj *o, VisitFn visit, void *arg)
{
    UnpicklerObj *u = (UnpicklerObj *)o;
    int rc;
    Obj *refs[] = {u->read, u->readline, u->data, u->pers_load};
    for (size_t i = 0; i < 4; i++)
        if (refs[i] && (rc = visit(refs[i], arg))) return rc;
    for (Ssize i = 0; i < u->sp; i++)
        if ((rc = visit(u->stack[i], arg))) return rc;
    for (Ssize i = 0; i < u->memo_cap; i++)
        if (u->memo[i] && (rc = visit(u->memo[i], arg))) return rc;
    return 0;
}

static int unpickler_clear(Obj *o)
{
    unpickler_release((UnpicklerObj *)o);
    return 0;
}

static Obj *unpickler_load_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("load", nargs, kw) < 0) return NULL;
    UnpicklerObj *u = (UnpicklerObj *)self;
    if (!u->read) {
        set_error(unpickling_error, "Unpickler.__init__() was not called by %s.__init__()", OBJ_TYPE(self)->name);
        return NULL;
    }
    return unpickler_load(u);
}

static Obj *unpickler_find_class_m(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("find_class", "find_class", nargs, kw, 2, 2) < 0) return NULL;
    return find_class_impl((UnpicklerObj *)self, args[0], args[1]);
}

static MethodDef unpickler_methods[] = {
    {"load", unpickler_load_m, METH_FAST, "Load a pickle."},
    {"find_class", unpickler_find_class_m, METH_FAST, "Return an object from a specified module."},
    {NULL, NULL, 0, NULL},
};

TypeObj unpickler_type = {
    .base = TYPE_HEAD_INIT, .name = "_pickle.Unpickler", .basicsize = sizeof(UnpicklerObj),
    .flags = TPF_BASETYPE | TPF_GC, .dealloc = unpickler_dealloc, .getattro = obj_generic_getattr,
    .setattro = obj_generic_setattr, .traverse = unpickler_traverse, .clear = unpickler_clear,
    .new_ = unpickler_new, .init = unpickler_init, .methods = unpickler_methods,
    .doc = "This takes a binary file for reading a pickle data stream.",
};

/* ==== module functions ============================================================================ */

static Obj *pk_dumps(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"obj", "protocol", "fix_imports", "buffer_callback"};
    Obj *v[4];
    if (args_parse("dumps", args, nargs, kw, names, 4, 0, 1, v) < 0) return NULL;
    PicklerObj *p = (PicklerObj *)obj_alloc(&pickler_type, 0);
    if (!p) return NULL;
    Obj *r = NULL;
    if (pickler_setup(p, NULL, v[1], v[2]) == 0 && pickler_dump(p, v[0]) == 0)
        r = bytes_from(p->out.data ? p->out.data : "", (Ssize)p->out.len);
    DECREF(p);
    return r;
}

static Obj *pk_dump(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"obj", "file", "protocol", "fix_imports", "buffer_callback"};
    Obj *v[5];
    if (args_parse("dump", args, nargs, kw, names, 5, 0, 2, v) < 0) return NULL;
    PicklerObj *p = (PicklerObj *)obj_alloc(&pickler_type, 0);
    if (!p) return NULL;
    int r = pickler_setup(p, v[1], v[2], v[3]);
    if (r == 0) r = pickler_dump(p, v[0]);
    DECREF(p);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *pk_loads(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    Obj *v[5];
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "loads() takes exactly 1 positional argument (%zd given)", nargs);
        return NULL;
    }
    static const char *const names[] = {"data", "fix_imports", "encoding", "errors", "buffers"};
    if (args_parse("loads", args, nargs, kw, names, 5, 1, 1, v) < 0) return NULL;
    Obj *data;
    if (IS_TYPE(v[0], bytes_type)) data = INCREF(v[0]);
    else if (type_is_subtype(OBJ_TYPE(v[0]), &bytearray_type))
        data = bytes_from(((ByteArrayObj *)v[0])->data, VAR_SIZE(v[0]));
    else if (BYTES_CHECK(v[0])) data = bytes_from(BYTES_DATA(v[0]), VAR_SIZE(v[0]));
    else if (IS_TYPE(v[0], memoryview_type)) data = obj_call((Obj *)&bytes_type, &v[0], 1, NULL);
    else {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", OBJ_TYPE(v[0])->name);
        return NULL;
    }
    if (!data) return NULL;
    UnpicklerObj *u = (UnpicklerObj *)obj_alloc(&unpickler_type, 0);
    Obj *r = NULL;
    if (u && unpickler_setup(u, NULL, v[1], v[2], v[3]) == 0) {
        u->data = INCREF(data);
        u->buf = BYTES_DATA(data);
        u->len = VAR_SIZE(data);
        r = unpickler_load(u);
    }
    XDECREF(u);
    DECREF(data);
    return r;
}

static Obj *pk_load(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    Obj *v[5];
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "load() takes exactly 1 positional argument (%zd given)", nargs);
        return NULL;
    }
    if (args_parse("load", args, nargs, kw, unpickler_names, 5, 0, 1, v) < 0) return NULL;
    UnpicklerObj *u = (UnpicklerObj *)obj_alloc(&unpickler_type, 0);
    Obj *r = NULL;
    if (u && unpickler_setup(u, v[0], v[1], v[2], v[3]) == 0) r = unpickler_load(u);
    XDECREF(u);
    return r;
}

static const MethodDef pickle_functions[] = {
    {"dump", pk_dump, METH_FAST, "Write a pickled representation of obj to the open file object file."},
    {"dumps", pk_dumps, METH_FAST, "Return the pickled representation of the object as a bytes object."},
    {"load", pk_load, METH_FAST, "Read and return an object from the pickle data stored in a file."},
    {"loads", pk_loads, METH_FAST, "Read and return an object from the given pickle data."},
    {NULL, NULL, 0, NULL},
};

static Obj *make_exc(const char *name, Obj *base)
{
    Obj *bases = tuple_pack(1, base);
    Obj *cls = bases ? mh_class("_pickle", name, bases, NULL, NULL, NULL) : NULL;
    XDECREF(bases);
    return cls;
}

static int ensure_globals(void)
{
    if (pickle_error) return 0;
    if (type_ready(&pickler_type) < 0 || type_ready(&unpickler_type) < 0) return -1;
    if (!(pickle_error = make_exc("PickleError", (Obj *)&exc_Exception))) return -1;
    if (!(pickling_error = make_exc("PicklingError", pickle_error))) return -1;
    if (!(unpickling_error = make_exc("UnpicklingError", pickle_error))) return -1;
    if (!(codecs_encode_fn = builtin_new(&codecs_encode_def, NULL, NULL))) return -1;
    Obj *mn = str_from_cstr("_codecs");
    if (!mn) return -1;
    ((BuiltinObj *)codecs_encode_fn)->module = mn;
    return 0;
}

static int add_common(Obj *m)
{
    if (mh_add_obj(m, "PickleError", pickle_error) < 0 || mh_add_obj(m, "PicklingError", pickling_error) < 0 ||
        mh_add_obj(m, "UnpicklingError", unpickling_error) < 0 ||
        mh_add_obj(m, "Pickler", (Obj *)&pickler_type) < 0 || mh_add_obj(m, "Unpickler", (Obj *)&unpickler_type) < 0)
        return -1;
    return 0;
}

static Obj *pickle_c_init(void)
{
    if (ensure_globals() < 0) return NULL;
    Obj *m = mh_module("_pickle", pickle_functions);
    if (m && add_common(m) < 0) CLEAR(m);
    return m;
}

static Obj *pickle_init(void)
{
    if (ensure_globals() < 0) return NULL;
    Obj *m = mh_module("pickle", pickle_functions);
    if (!m) return NULL;
    static const struct { const char *name; unsigned char op; } ops[] = {
        {"MARK", '('}, {"STOP", '.'}, {"POP", '0'}, {"POP_MARK", '1'}, {"DUP", '2'}, {"FLOAT", 'F'},
        {"INT", 'I'}, {"BININT", 'J'}, {"BININT1", 'K'}, {"LONG", 'L'}, {"BININT2", 'M'}, {"NONE", 'N'},
        {"PERSID", 'P'}, {"BINPERSID", 'Q'}, {"REDUCE", 'R'}, {"STRING", 'S'}, {"BINSTRING", 'T'},
        {"SHORT_BINSTRING", 'U'}, {"UNICODE", 'V'}, {"BINUNICODE", 'X'}, {"APPEND", 'a'}, {"BUILD", 'b'},
        {"GLOBAL", 'c'}, {"DICT", 'd'}, {"EMPTY_DICT", '}'}, {"APPENDS", 'e'}, {"GET", 'g'}, {"BINGET", 'h'},
        {"INST", 'i'}, {"LONG_BINGET", 'j'}, {"LIST", 'l'}, {"EMPTY_LIST", ']'}, {"OBJ", 'o'}, {"PUT", 'p'},
        {"BINPUT", 'q'}, {"LONG_BINPUT", 'r'}, {"SETITEM", 's'}, {"TUPLE", 't'}, {"EMPTY_TUPLE", ')'},
        {"SETITEMS", 'u'}, {"BINFLOAT", 'G'}, {"TRUE", 0}, {"FALSE", 0},
        {"PROTO", 0x80}, {"NEWOBJ", 0x81}, {"EXT1", 0x82}, {"EXT2", 0x83}, {"EXT4", 0x84}, {"TUPLE1", 0x85},
        {"TUPLE2", 0x86}, {"TUPLE3", 0x87}, {"NEWTRUE", 0x88}, {"NEWFALSE", 0x89}, {"LONG1", 0x8a},
        {"LONG4", 0x8b}, {"BINBYTES", 'B'}, {"SHORT_BINBYTES", 'C'}, {"SHORT_BINUNICODE", 0x8c},
        {"BINUNICODE8", 0x8d}, {"BINBYTES8", 0x8e}, {"EMPTY_SET", 0x8f}, {"ADDITEMS", 0x90},
        {"FROZENSET", 0x91}, {"NEWOBJ_EX", 0x92}, {"STACK_GLOBAL", 0x93}, {"MEMOIZE", 0x94}, {"FRAME", 0x95},
        {"BYTEARRAY8", 0x96}, {"NEXT_BUFFER", 0x97}, {"READONLY_BUFFER", 0x98},
    };
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        const char *text = !strcmp(ops[i].name, "TRUE") ? "I01\n" : !strcmp(ops[i].name, "FALSE") ? "I00\n" : NULL;
        Obj *b = text ? bytes_from(text, 4) : bytes_from(&ops[i].op, 1);
        if (module_add(m, ops[i].name, b) < 0) goto fail;
    }
    Obj *formats = tuple_new(7);
    static const char *const fmts[] = {"1.0", "1.1", "1.2", "1.3", "2.0", "3.0", "4.0"};
    for (int i = 0; formats && i < 7; i++)
        if (!(TUPLE_ITEMS(formats)[i] = str_from_cstr(fmts[i]))) CLEAR(formats);
    if (add_common(m) < 0 || module_add(m, "HIGHEST_PROTOCOL", int_from_i64(HIGHEST_PROTOCOL)) < 0 ||
        module_add(m, "DEFAULT_PROTOCOL", int_from_i64(DEFAULT_PROTOCOL)) < 0 ||
        mh_add_str(m, "format_version", "4.0") < 0 || module_add(m, "compatible_formats", formats) < 0)
        goto fail;
    static const char *const exported[] = {"PickleError", "PicklingError", "UnpicklingError", "Pickler", "Unpickler",
                                           "dump", "dumps", "load", "loads", "ADDITEMS", "APPEND", "APPENDS",
                                           "BINBYTES", "BINBYTES8", "BINFLOAT", "BINGET", "BININT", "BININT1",
                                           "BININT2", "BINPERSID", "BINPUT", "BINSTRING", "BINUNICODE",
                                           "BINUNICODE8", "BUILD", "BYTEARRAY8", "DEFAULT_PROTOCOL", "DICT",
                                           "DUP", "EMPTY_DICT", "EMPTY_LIST", "EMPTY_SET", "EMPTY_TUPLE", "EXT1",
                                           "EXT2", "EXT4", "FALSE", "FLOAT", "FRAME", "FROZENSET", "GET", "GLOBAL",
                                           "HIGHEST_PROTOCOL", "INST", "INT", "LIST", "LONG", "LONG1", "LONG4",
                                           "LONG_BINGET", "LONG_BINPUT", "MARK", "MEMOIZE", "NEWFALSE", "NEWOBJ",
                                           "NEWOBJ_EX", "NEWTRUE", "NEXT_BUFFER", "NONE", "OBJ", "PERSID", "POP",
                                           "POP_MARK", "PROTO", "PUT", "READONLY_BUFFER", "REDUCE", "SETITEM",
                                           "SETITEMS", "SHORT_BINBYTES", "SHORT_BINSTRING", "SHORT_BINUNICODE",
                                           "STACK_GLOBAL", "STOP", "STRING", "TRUE", "TUPLE", "TUPLE1", "TUPLE2",
                                           "TUPLE3", "UNICODE"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof exported / sizeof *exported; i++) {
        Obj *s = str_from_cstr(exported[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (module_add(m, "__all__", l) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_pickle_register(void)
{
    import_register_native("pickle", pickle_init);
    import_register_native("_pickle", pickle_c_init);
    vm_static_roots(&pickle_error, 1);
    vm_static_roots(&pickling_error, 1);
    vm_static_roots(&unpickling_error, 1);
    vm_static_roots(&codecs_encode_fn, 1);
}
