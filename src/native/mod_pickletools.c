/* mod_pickletools.c — `pickletools.dis` of CPython 3.12.
 *
 * dis(pickle, out=None, memo=None, indentlevel=4, annotate=0) prints the
 * symbolic disassembly exactly as pickletools does: "%5d: " positions
 * from tell(), the opcode's code as repr shows it, one indent chunk per
 * open MARK, the name, the argument's repr after a mild alignment,
 * "(MARK at N)" / "(as N)" notes, and the closing "highest protocol among
 * opcodes = N" line; the stack is emulated as pickletools does (marks,
 * memo keys) with its ValueError messages.  The per-opcode facts (code,
 * protocol, argument kind, stack effect) are pickletools' opcode table.
 * Annotations (annotate > 0), genops and optimize are not provided.
 */
#include "config.h"

#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/pickleint.h"

typedef struct PickleOp {
    const char *name;
    int code, proto;
    const char *arg;       /* argument kind, "" for none */
    int npop;              /* items popped (before the mark when mark) */
    int pops_mark;         /* consumes a MARK and everything above it */
    int npush, pushes_mark;
} PickleOp;

static const PickleOp ops[] = {
    {"INT", 73, 0, "decimalnl_short", 0, 0, 1, 0}, {"BININT", 74, 1, "int4", 0, 0, 1, 0},
    {"BININT1", 75, 1, "uint1", 0, 0, 1, 0}, {"BININT2", 77, 1, "uint2", 0, 0, 1, 0},
    {"LONG", 76, 0, "decimalnl_long", 0, 0, 1, 0}, {"LONG1", 138, 2, "long1", 0, 0, 1, 0},
    {"LONG4", 139, 2, "long4", 0, 0, 1, 0}, {"STRING", 83, 0, "stringnl", 0, 0, 1, 0},
    {"BINSTRING", 84, 1, "string4", 0, 0, 1, 0}, {"SHORT_BINSTRING", 85, 1, "string1", 0, 0, 1, 0},
    {"BINBYTES", 66, 3, "bytes4", 0, 0, 1, 0}, {"SHORT_BINBYTES", 67, 3, "bytes1", 0, 0, 1, 0},
    {"BINBYTES8", 142, 4, "bytes8", 0, 0, 1, 0}, {"BYTEARRAY8", 150, 5, "bytearray8", 0, 0, 1, 0},
    {"NEXT_BUFFER", 151, 5, "", 0, 0, 1, 0}, {"READONLY_BUFFER", 152, 5, "", 1, 0, 1, 0},
    {"NONE", 78, 0, "", 0, 0, 1, 0}, {"NEWTRUE", 136, 2, "", 0, 0, 1, 0}, {"NEWFALSE", 137, 2, "", 0, 0, 1, 0},
    {"UNICODE", 86, 0, "unicodestringnl", 0, 0, 1, 0}, {"SHORT_BINUNICODE", 140, 4, "unicodestring1", 0, 0, 1, 0},
    {"BINUNICODE", 88, 1, "unicodestring4", 0, 0, 1, 0}, {"BINUNICODE8", 141, 4, "unicodestring8", 0, 0, 1, 0},
    {"FLOAT", 70, 0, "floatnl", 0, 0, 1, 0}, {"BINFLOAT", 71, 1, "float8", 0, 0, 1, 0},
    {"EMPTY_LIST", 93, 1, "", 0, 0, 1, 0}, {"APPEND", 97, 0, "", 2, 0, 1, 0}, {"APPENDS", 101, 1, "", 1, 1, 1, 0},
    {"LIST", 108, 0, "", 0, 1, 1, 0}, {"EMPTY_TUPLE", 41, 1, "", 0, 0, 1, 0}, {"TUPLE", 116, 0, "", 0, 1, 1, 0},
    {"TUPLE1", 133, 2, "", 1, 0, 1, 0}, {"TUPLE2", 134, 2, "", 2, 0, 1, 0}, {"TUPLE3", 135, 2, "", 3, 0, 1, 0},
    {"EMPTY_DICT", 125, 1, "", 0, 0, 1, 0}, {"DICT", 100, 0, "", 0, 1, 1, 0}, {"SETITEM", 115, 0, "", 3, 0, 1, 0},
    {"SETITEMS", 117, 1, "", 1, 1, 1, 0}, {"EMPTY_SET", 143, 4, "", 0, 0, 1, 0},
    {"ADDITEMS", 144, 4, "", 1, 1, 1, 0}, {"FROZENSET", 145, 4, "", 0, 1, 1, 0}, {"POP", 48, 0, "", 1, 0, 0, 0},
    {"DUP", 50, 0, "", 1, 0, 2, 0}, {"MARK", 40, 0, "", 0, 0, 1, 1}, {"POP_MARK", 49, 1, "", 0, 1, 0, 0},
    {"GET", 103, 0, "decimalnl_short", 0, 0, 1, 0}, {"BINGET", 104, 1, "uint1", 0, 0, 1, 0},
    {"LONG_BINGET", 106, 1, "uint4", 0, 0, 1, 0}, {"PUT", 112, 0, "decimalnl_short", 0, 0, 0, 0},
    {"BINPUT", 113, 1, "uint1", 0, 0, 0, 0}, {"LONG_BINPUT", 114, 1, "uint4", 0, 0, 0, 0},
    {"MEMOIZE", 148, 4, "", 1, 0, 1, 0}, {"EXT1", 130, 2, "uint1", 0, 0, 1, 0}, {"EXT2", 131, 2, "uint2", 0, 0, 1, 0},
    {"EXT4", 132, 2, "int4", 0, 0, 1, 0}, {"GLOBAL", 99, 0, "stringnl_noescape_pair", 0, 0, 1, 0},
    {"STACK_GLOBAL", 147, 4, "", 2, 0, 1, 0}, {"REDUCE", 82, 0, "", 2, 0, 1, 0}, {"BUILD", 98, 0, "", 2, 0, 1, 0},
    {"INST", 105, 0, "stringnl_noescape_pair", 0, 1, 1, 0}, {"OBJ", 111, 1, "", 0, 1, 1, 0},
    {"NEWOBJ", 129, 2, "", 2, 0, 1, 0}, {"NEWOBJ_EX", 146, 4, "", 3, 0, 1, 0}, {"PROTO", 128, 2, "uint1", 0, 0, 0, 0},
    {"STOP", 46, 0, "", 1, 0, 0, 0}, {"FRAME", 149, 4, "uint8", 0, 0, 0, 0},
    {"PERSID", 80, 0, "stringnl_noescape", 0, 0, 1, 0}, {"BINPERSID", 81, 1, "", 1, 0, 1, 0},
};

/* each opcode's stack_after item (pickletools' StackObject names; "" pushes nothing) */
static const char *const after_names[][2] = {
    {"INT", "int_or_bool"}, {"BININT", "int"}, {"BININT1", "int"}, {"BININT2", "int"},
    {"LONG", "int"}, {"LONG1", "int"}, {"LONG4", "int"}, {"STRING", "bytes_or_str"},
    {"BINSTRING", "bytes_or_str"}, {"SHORT_BINSTRING", "bytes_or_str"}, {"BINBYTES", "bytes"}, {"SHORT_BINBYTES", "bytes"},
    {"BINBYTES8", "bytes"}, {"BYTEARRAY8", "bytearray"}, {"NEXT_BUFFER", "buffer"}, {"READONLY_BUFFER", "buffer"},
    {"NONE", "None"}, {"NEWTRUE", "bool"}, {"NEWFALSE", "bool"}, {"UNICODE", "str"},
    {"SHORT_BINUNICODE", "str"}, {"BINUNICODE", "str"}, {"BINUNICODE8", "str"}, {"FLOAT", "float"},
    {"BINFLOAT", "float"}, {"EMPTY_LIST", "list"}, {"APPEND", "list"}, {"APPENDS", "list"},
    {"LIST", "list"}, {"EMPTY_TUPLE", "tuple"}, {"TUPLE", "tuple"}, {"TUPLE1", "tuple"},
    {"TUPLE2", "tuple"}, {"TUPLE3", "tuple"}, {"EMPTY_DICT", "dict"}, {"DICT", "dict"},
    {"SETITEM", "dict"}, {"SETITEMS", "dict"}, {"EMPTY_SET", "set"}, {"ADDITEMS", "set"},
    {"FROZENSET", "frozenset"}, {"POP", ""}, {"DUP", "any"}, {"MARK", "mark"},
    {"POP_MARK", ""}, {"GET", "any"}, {"BINGET", "any"}, {"LONG_BINGET", "any"},
    {"PUT", ""}, {"BINPUT", ""}, {"LONG_BINPUT", ""}, {"MEMOIZE", "any"},
    {"EXT1", "any"}, {"EXT2", "any"}, {"EXT4", "any"}, {"GLOBAL", "any"},
    {"STACK_GLOBAL", "any"}, {"REDUCE", "any"}, {"BUILD", "any"}, {"INST", "any"},
    {"OBJ", "any"}, {"NEWOBJ", "any"}, {"NEWOBJ_EX", "any"}, {"PROTO", ""},
    {"STOP", ""}, {"FRAME", ""}, {"PERSID", "any"}, {"BINPERSID", "any"},
};

static const char *after_name(const char *op)
{
    for (size_t i = 0; i < sizeof after_names / sizeof *after_names; i++)
        if (!strcmp(after_names[i][0], op)) return after_names[i][1];
    return "any";
}

static Obj *CM(Obj *o, const char *name, Obj *const *args, Ssize n) { return obj_call_method(o, name, args, n); }

/* f.read(n) as bytes, ValueError "not enough data in stream to read KIND" when short */
static Obj *read_exact(Obj *f, Ssize n, const char *kind)
{
    Obj *num = int_from_i64(n);
    Obj *b = num ? CM(f, "read", &num, 1) : NULL;
    XDECREF(num);
    if (b && (!BYTES_CHECK(b) || VAR_SIZE(b) < n)) {
        DECREF(b);
        vm_err_format(&exc_ValueError, "not enough data in stream to read %s", kind);
        return NULL;
    }
    return b;
}

static int64_t le_value(Obj *b, bool is_signed)
{
    Ssize n = VAR_SIZE(b);
    uint64_t v = 0;
    for (Ssize i = n - 1; i >= 0; i--) v = v << 8 | BYTES_DATA(b)[i];
    if (is_signed && n == 4) return (int32_t)(uint32_t)v;
    return (int64_t)v;
}

/* f.readline() without its newline; ValueError when there is none */
static Obj *read_line(Obj *f, const char *what)
{
    Obj *b = CM(f, "readline", NULL, 0);
    if (!b) return NULL;
    if (!BYTES_CHECK(b) || !VAR_SIZE(b) || BYTES_DATA(b)[VAR_SIZE(b) - 1] != '\n') {
        DECREF(b);
        vm_err_format(&exc_ValueError, "no newline found when trying to read %s", what);
        return NULL;
    }
    Obj *r = bytes_from(BYTES_DATA(b), VAR_SIZE(b) - 1);
    DECREF(b);
    return r;
}

/* repr-quoted, escape-decoded text (STRING, GLOBAL parts) */
static Obj *read_stringnl(Obj *f, bool stripquotes)
{
    Obj *line = read_line(f, "stringnl");
    if (!line) return NULL;
    const unsigned char *d = BYTES_DATA(line);
    Ssize n = VAR_SIZE(line);
    Obj *body = NULL;
    if (stripquotes) {
        if (n && (d[0] == '"' || d[0] == '\'')) {
            if (n < 2 || d[n - 1] != d[0]) {
                vm_err_format(&exc_ValueError, "strinq quote %R not found at both ends of %R",
                              d[0] == '"' ? id_str("b'\"'") : id_str("b\"'\""), line);
                DECREF(line);
                return NULL;
            }
            body = bytes_from(d + 1, n - 2);
        } else {
            Obj *rp = obj_repr(line);
            if (rp) vm_err_format(&exc_ValueError, "no string quotes around %U", rp);
            XDECREF(rp);
            DECREF(line);
            return NULL;
        }
    } else {
        body = INCREF(line);
    }
    DECREF(line);
    if (!body) return NULL;
    /* codecs.escape_decode, then ascii */
    Obj *dec = pickle_escape_decode((const char *)BYTES_DATA(body), VAR_SIZE(body));
    DECREF(body);
    Obj *r = dec ? str_decode(BYTES_DATA(dec), VAR_SIZE(dec), "ascii", NULL) : NULL;
    XDECREF(dec);
    return r;
}

static Obj *read_counted(Obj *f, int width, const char *kind, int how)   /* how: 0 str latin-1, 1 bytes, 2 bytearray, 3 utf-8 */
{
    char what[16];
    snprintf(what, sizeof what, "%s", width == 1 ? "uint1" : width == 4 ? "uint4" : "uint8");
    Obj *hdr = read_exact(f, width, width == 4 && how == 0 ? "int4" : what);
    if (!hdr) return NULL;
    int64_t n = le_value(hdr, width == 4 && how == 0);
    DECREF(hdr);
    if (n < 0) {
        vm_err_format(&exc_ValueError, "%s byte count < 0: %lld", kind, (long long)n);
        return NULL;
    }
    Obj *num = int_from_i64(n);
    Obj *b = num ? CM(f, "read", &num, 1) : NULL;
    XDECREF(num);
    if (!b) return NULL;
    if (!BYTES_CHECK(b) || VAR_SIZE(b) < n) {
        vm_err_format(&exc_ValueError, "expected %lld bytes in a %s, but only %zd remain", (long long)n, kind,
                      BYTES_CHECK(b) ? VAR_SIZE(b) : (Ssize)0);
        DECREF(b);
        return NULL;
    }
    Obj *r;
    if (how == 0) r = str_decode(BYTES_DATA(b), VAR_SIZE(b), "latin-1", NULL);
    else if (how == 1) r = INCREF(b);
    else if (how == 2) r = bytearray_from(BYTES_DATA(b), VAR_SIZE(b));
    else r = str_decode(BYTES_DATA(b), VAR_SIZE(b), "utf-8", "surrogatepass");
    DECREF(b);
    return r;
}

static Obj *read_arg(Obj *f, const char *kind)
{
    if (!strcmp(kind, "uint1") || !strcmp(kind, "uint2") || !strcmp(kind, "int4") || !strcmp(kind, "uint4") ||
        !strcmp(kind, "uint8")) {
        int n = kind[strlen(kind) - 1] - '0';
        Obj *b = read_exact(f, n, kind);
        if (!b) return NULL;
        int64_t v = le_value(b, kind[0] == 'i');
        Obj *r = n == 8 ? int_from_u64((uint64_t)v) : int_from_i64(v);
        DECREF(b);
        return r;
    }
    if (!strcmp(kind, "decimalnl_short") || !strcmp(kind, "decimalnl_long") || !strcmp(kind, "floatnl")) {
        Obj *line = read_line(f, kind);
        if (!line) return NULL;
        const char *s = (const char *)BYTES_DATA(line);
        Ssize n = VAR_SIZE(line);
        Obj *r;
        if (kind[0] == 'f') {
            double d;
            r = float_parse_prefix(s, n, &d) == n && n ? float_from_double(d) : NULL;
            if (!r) vm_err_format(&exc_ValueError, "could not convert string to float: %R", line);
        } else if (!strcmp(kind, "decimalnl_short") && n == 2 && s[0] == '0' && (s[1] == '0' || s[1] == '1')) {
            r = bool_from(s[1] == '1');
        } else {
            if (kind[8] == 'l' && n && s[n - 1] == 'L') n--;
            r = int_from_str(s, n, 10);
        }
        DECREF(line);
        return r;
    }
    if (!strcmp(kind, "float8")) {
        Obj *b = read_exact(f, 8, "float8");
        if (!b) return NULL;
        uint64_t u = 0;
        for (int i = 0; i < 8; i++) u = u << 8 | BYTES_DATA(b)[i];
        DECREF(b);
        double d;
        memcpy(&d, &u, 8);
        return float_from_double(d);
    }
    if (!strcmp(kind, "long1") || !strcmp(kind, "long4")) {
        int w = kind[4] - '0';
        Obj *hdr = read_exact(f, w, w == 1 ? "uint1" : "int4");
        if (!hdr) return NULL;
        int64_t n = le_value(hdr, w == 4);
        DECREF(hdr);
        if (n < 0) {
            vm_err_format(&exc_ValueError, "long4 byte count < 0: %lld", (long long)n);
            return NULL;
        }
        Obj *b = read_exact(f, (Ssize)n, kind);
        if (!b) return NULL;
        Obj *kwn = tuple_pack(1, id_str("signed"));
        Obj *all[3] = {b, id_str("little"), TRUE_};
        Obj *fb = obj_getattr_str((Obj *)&int_type, "from_bytes");
        Obj *r = fb && kwn ? obj_call(fb, all, 2, kwn) : NULL;
        XDECREF(fb);
        XDECREF(kwn);
        DECREF(b);
        return r;
    }
    if (!strcmp(kind, "stringnl")) return read_stringnl(f, true);
    if (!strcmp(kind, "stringnl_noescape")) return read_stringnl(f, false);
    if (!strcmp(kind, "stringnl_noescape_pair")) {
        Obj *a = read_stringnl(f, false);
        Obj *b = a ? read_stringnl(f, false) : NULL;
        Obj *r = b ? str_from_fmt("%U %U", a, b) : NULL;
        XDECREF(a);
        XDECREF(b);
        return r;
    }
    if (!strcmp(kind, "string1")) return read_counted(f, 1, "string1", 0);
    if (!strcmp(kind, "string4")) return read_counted(f, 4, "string4", 0);
    if (!strcmp(kind, "bytes1")) return read_counted(f, 1, "bytes1", 1);
    if (!strcmp(kind, "bytes4")) return read_counted(f, 4, "bytes4", 1);
    if (!strcmp(kind, "bytes8")) return read_counted(f, 8, "bytes8", 1);
    if (!strcmp(kind, "bytearray8")) return read_counted(f, 8, "bytearray8", 2);
    if (!strcmp(kind, "unicodestring1")) return read_counted(f, 1, "unicodestring1", 3);
    if (!strcmp(kind, "unicodestring4")) return read_counted(f, 4, "unicodestring4", 3);
    if (!strcmp(kind, "unicodestring8")) return read_counted(f, 8, "unicodestring8", 3);
    if (!strcmp(kind, "unicodestringnl")) {
        Obj *line = read_line(f, "unicodestringnl");
        Obj *r = line ? pickle_raw_unicode_unescape((const char *)BYTES_DATA(line), VAR_SIZE(line)) : NULL;
        XDECREF(line);
        return r;
    }
    vm_err_format(&exc_SystemError, "unknown argument kind %s", kind);
    return NULL;
}

static int print_line(Obj *text, Obj *out, bool newline)
{
    Obj *pr = dict_get_str_borrow(vm->builtins, "print");
    if (!pr) {
        vm_err_set_str(&exc_RuntimeError, "lost builtins.print");
        return -1;
    }
    Obj *kwn = newline ? tuple_pack(1, id_str("file")) : tuple_pack(2, id_str("end"), id_str("file"));
    Obj *args[3] = {text, newline ? out : id_str(" "), out};
    Obj *r = kwn ? obj_call(pr, args, 1, kwn) : NULL;
    XDECREF(kwn);
    XDECREF(r);
    return r ? 0 : -1;
}

/* the disassembly loop; stack holds 1 for a mark, 0 for any other item */
static int disassemble(Obj *f, Obj *out, Obj *memo, int indentlevel)
{
    Obj *stack = list_new(0);     /* StackObject names; "mark" for a MARK */
    Obj *markstack = stack ? list_new(0) : NULL;
    int maxproto = -1, rc = -1;
    Obj *tell = NULL;
    if (!markstack || obj_lookup_attr(f, id_str("tell"), &tell) < 0) goto out;
    for (;;) {
        Obj *pos = tell ? obj_call(tell, NULL, 0, NULL) : INCREF(NONE);
        if (!pos) goto out;
        Obj *one = int_from_i64(1);
        Obj *code = one ? CM(f, "read", &one, 1) : NULL;
        XDECREF(one);
        if (!code) {
            DECREF(pos);
            goto out;
        }
        const PickleOp *op = NULL;
        if (BYTES_CHECK(code) && VAR_SIZE(code) == 1)
            for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
                if (ops[i].code == BYTES_DATA(code)[0]) op = &ops[i];
        if (!op) {
            if (BYTES_CHECK(code) && VAR_SIZE(code) == 0) vm_err_set_str(&exc_ValueError, "pickle exhausted before seeing STOP");
            else vm_err_format(&exc_ValueError, "at position %S, opcode %R unknown", pos == NONE ? id_str("<unknown>") : pos, code);
            DECREF(code);
            DECREF(pos);
            goto out;
        }
        Obj *arg = op->arg[0] ? read_arg(f, op->arg) : INCREF(NONE);
        if (!arg) {
            DECREF(code);
            DECREF(pos);
            goto out;
        }
        if (pos != NONE) {
            Obj *five = obj_format(pos, id_str("5d"));
            Obj *lead = five ? str_from_fmt("%U:", five) : NULL;
            XDECREF(five);
            int r = lead ? print_line(lead, out, false) : -1;
            XDECREF(lead);
            if (r < 0) {
                DECREF(code);
                DECREF(pos);
                DECREF(arg);
                goto out;
            }
        }
        Obj *crepr = obj_repr(code);
        Obj *cr = crepr ? str_substr(crepr, 2, VAR_SIZE(crepr) - 1) : NULL;
        XDECREF(crepr);
        SBuf line = SBUF_INIT;
        Ssize crl;
        const char *cs = cr ? str_utf8(cr, &crl) : NULL;
        if (cs) {
            sbuf_put(&line, cs, (size_t)crl);
            if (crl < 4) sbuf_pad(&line, ' ', (size_t)(4 - crl));
        }
        XDECREF(cr);
        sbuf_putc(&line, ' ');
        sbuf_pad(&line, ' ', (size_t)indentlevel * (size_t)LIST_LEN(markstack));
        sbuf_puts(&line, op->name);
        if (op->proto > maxproto) maxproto = op->proto;
        int numtopop = op->npop;
        Obj *markmsg = NULL, *errormsg = NULL, *got = NULL;
        Ssize sl = LIST_LEN(stack);
        bool top_is_mark = sl && str_eq_cstr(LIST_ITEMS(stack)[sl - 1], "mark");
        bool mark_pop = op->pops_mark || (!strcmp(op->name, "POP") && top_is_mark);
        if (mark_pop) {
            if (LIST_LEN(markstack)) {
                Obj *mp = INCREF(LIST_ITEMS(markstack)[LIST_LEN(markstack) - 1]);
                list_set_slice(markstack, LIST_LEN(markstack) - 1, LIST_LEN(markstack), NULL);
                markmsg = mp == NONE ? str_from_cstr("(MARK at unknown opcode offset)") : str_from_fmt("(MARK at %S)", mp);
                DECREF(mp);
                Ssize k = LIST_LEN(stack);
                while (k && !str_eq_cstr(LIST_ITEMS(stack)[k - 1], "mark")) k--;
                if (k) k--;
                list_set_slice(stack, k, LIST_LEN(stack), NULL);
                numtopop = op->pops_mark ? op->npop : 0;
            } else {
                errormsg = str_from_cstr("no MARK exists on stack");
                markmsg = errormsg ? INCREF(errormsg) : NULL;
            }
        }
        bool is_put = !strcmp(op->name, "PUT") || !strcmp(op->name, "BINPUT") || !strcmp(op->name, "LONG_BINPUT");
        if (is_put || !strcmp(op->name, "MEMOIZE")) {
            Obj *idx = is_put ? INCREF(arg) : int_from_i64(dict_len(memo));
            if (!is_put) markmsg = str_from_fmt("(as %S)", idx);
            int in = dict_contains(memo, idx);
            if (in > 0) errormsg = str_from_fmt("memo key %R already defined", arg);
            else if (!LIST_LEN(stack)) errormsg = str_from_cstr("stack is empty -- can't store into memo");
            else if (str_eq_cstr(LIST_ITEMS(stack)[LIST_LEN(stack) - 1], "mark"))
                errormsg = str_from_cstr("can't store markobject in the memo");
            else dict_set(memo, idx, LIST_ITEMS(stack)[LIST_LEN(stack) - 1]);
            DECREF(idx);
        } else if (!strcmp(op->name, "GET") || !strcmp(op->name, "BINGET") || !strcmp(op->name, "LONG_BINGET")) {
            Obj *stored = dict_get_borrow(memo, arg);
            if (!stored) errormsg = str_from_fmt("memo key %R has never been stored into", arg);
            else got = STR_CHECK(stored) ? stored : NULL;
        }
        if (arg != NONE || markmsg) {
            Ssize nl = (Ssize)strlen(op->name);
            if (nl < 10) sbuf_pad(&line, ' ', (size_t)(10 - nl));
            if (arg != NONE) {
                Obj *ar = obj_repr(arg);
                Ssize al;
                const char *as = ar ? str_utf8_lossy(ar, &al) : NULL;
                sbuf_putc(&line, ' ');
                if (as) sbuf_put(&line, as, (size_t)al);
                XDECREF(ar);
            }
            if (markmsg) {
                Ssize ml;
                const char *ms = str_utf8(markmsg, &ml);
                sbuf_putc(&line, ' ');
                if (ms) sbuf_put(&line, ms, (size_t)ml);
            }
        }
        Obj *text = str_from_utf8(line.data ? line.data : "", (Ssize)line.len);
        sbuf_free(&line);
        int r = text ? print_line(text, out, true) : -1;
        XDECREF(text);
        XDECREF(markmsg);
        bool stop = op->code == '.';
        DECREF(code);
        DECREF(arg);
        if (r < 0) {
            XDECREF(errormsg);
            DECREF(pos);
            goto out;
        }
        if (errormsg) {
            vm_err_set_obj(&exc_ValueError, errormsg);
            DECREF(errormsg);
            DECREF(pos);
            goto out;
        }
        if (LIST_LEN(stack) < numtopop) {
            vm_err_format(&exc_ValueError, "tries to pop %d items from stack with only %zd items", numtopop,
                          LIST_LEN(stack));
            DECREF(pos);
            goto out;
        }
        list_set_slice(stack, LIST_LEN(stack) - numtopop, LIST_LEN(stack), NULL);
        if (op->pushes_mark && list_append(markstack, pos) < 0) {
            DECREF(pos);
            goto out;
        }
        DECREF(pos);
        const char *an = after_name(op->name);
        for (int k = 0; k < op->npush; k++) {
            Obj *item = got ? INCREF(got) : str_from_cstr(an);
            int ar = item ? list_append(stack, item) : -1;
            XDECREF(item);
            if (ar < 0) goto out;
        }
        if (stop) break;
    }
    {
        Obj *line = str_from_fmt("highest protocol among opcodes = %d", maxproto);
        int r = line ? print_line(line, out, true) : -1;
        XDECREF(line);
        if (r < 0) goto out;
    }
    if (LIST_LEN(stack)) {
        Obj *j = str_join(id_str(", "), stack);
        if (j) vm_err_format(&exc_ValueError, "stack not empty after STOP: [%U]", j);
        XDECREF(j);
        goto out;
    }
    rc = 0;
out:
    XDECREF(stack);
    XDECREF(markstack);
    XDECREF(tell);
    return rc;
}

static Obj *pt_dis(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"pickle", "out", "memo", "indentlevel", "annotate"};
    Obj *v[5];
    if (mh_bind("dis", args, nargs, kw, names, 5, 5, 0, 1, 0, v) < 0) return NULL;
    int64_t indent = 4;
    if (v[3] && int_as_i64(v[3], &indent) < 0) return NULL;
    Obj *f;
    if (BYTES_CHECK(v[0]) || IS_TYPE(v[0], bytearray_type)) {
        Obj *io = import_name(id_str("io"), NULL, NULL, 0);
        Obj *bio = io ? obj_getattr_str(io, "BytesIO") : NULL;
        XDECREF(io);
        f = bio ? obj_call(bio, &v[0], 1, NULL) : NULL;
        XDECREF(bio);
    } else {
        f = INCREF(v[0]);
    }
    Obj *memo = v[2] && v[2] != NONE ? INCREF(v[2]) : dict_new();
    Obj *out = v[1] ? v[1] : NONE;
    int r = f && memo && DICT_CHECK(memo) ? disassemble(f, out, memo, (int)indent) : -1;
    if (memo && !DICT_CHECK(memo) && !vm_err_occurred()) vm_err_set_str(&exc_TypeError, "memo must be a dict");
    XDECREF(f);
    XDECREF(memo);
    return r < 0 ? NULL : INCREF(NONE);
}

static const MethodDef pickletools_functions[] = {
    {"dis", pt_dis, METH_FAST, "Produce a symbolic disassembly of a pickle."},
    {NULL, NULL, 0, NULL},
};

static Obj *pickletools_init(void)
{
    Obj *m = mh_module("pickletools", pickletools_functions);
    if (m && module_add(m, "__all__", tuple_pack(1, id_str("dis"))) < 0) CLEAR(m);
    return m;
}

void native_pickletools_register(void) { import_register_native("pickletools", pickletools_init); }
