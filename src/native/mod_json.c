/* mod_json.c — the `json` module of CPython 3.12: dumps/dump (indent,
 * separators, sort_keys, skipkeys, ensure_ascii, allow_nan, default,
 * check_circular, cls=), loads/load (object_hook, object_pairs_hook,
 * parse_float, parse_int, parse_constant, cls=), JSONEncoder,
 * JSONDecoder and JSONDecodeError (json.decoder), with CPython's exact
 * output and error messages.
 *
 * The encoder writes UTF-8 into one SBuf; floats and ints use float.__repr__
 * / int.__repr__ as CPython's encoder does.  The decoder walks the code
 * points of the str with positions in code points, so error positions
 * (line, column, char) equal CPython's.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "src/native/modutil.h"
#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

static Obj *decode_error_cls, *encoder_cls, *decoder_cls;

/* ======================================================================
 * encoding
 * ====================================================================== */

typedef struct Enc {
    SBuf out;
    bool skipkeys, ensure_ascii, check_circular, allow_nan, sort_keys;
    Obj *indent;            /* str or NULL */
    Obj *item_sep, *key_sep;   /* str */
    Obj *default_fn;        /* callable or NULL */
    Obj *markers;           /* dict id -> obj, or NULL */
    int depth;
    bool py_frames;         /* CPython encodes this with json.encoder's Python
                             * generators (indent, dump): their frames show */
} Enc;

/* ---- the frames CPython's tracebacks show (tbframes_gen.h) ---- */

static Obj *tb_fail_init(int which) { return tbframe_fail(&tbgen_json, which); }

/* An entry of the Python encoder's generators, when CPython runs them. */
static void enc_push(Enc *e, int which)
{
    if (e->py_frames) tbframe_push(&tbgen_json_encoder, which);
}

/* The frames of JSONEncoder.encode around a failed encoding: with no
 * indent its C encoder (called through iterencode), else list() over the
 * Python generators. */
static void enc_push_encode(Enc *e)
{
    if (e->py_frames) {
        tbframe_push(&tbgen_json_encoder, TBG_JSON_ENCODER_ENCODE_LIST);
    } else {
        tbframe_push(&tbgen_json_encoder, TBG_JSON_ENCODER_ITERENCODE_C);
        tbframe_push(&tbgen_json_encoder, TBG_JSON_ENCODER_ENCODE_ONE_SHOT);
    }
}

static void put_str_utf8(SBuf *b, Obj *s)
{
    Ssize n;
    const char *u = str_utf8_lossy(s, &n);
    sbuf_put(b, u, (size_t)n);
}

static void put_utf8_cp(SBuf *b, uint32_t c)
{
    char t[4];
    int n;
    if (c < 0x80) { t[0] = (char)c; n = 1; }
    else if (c < 0x800) { t[0] = (char)(0xc0 | (c >> 6)); t[1] = (char)(0x80 | (c & 0x3f)); n = 2; }
    else if (c < 0x10000) {
        t[0] = (char)(0xe0 | (c >> 12)); t[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        t[2] = (char)(0x80 | (c & 0x3f)); n = 3;
    } else {
        t[0] = (char)(0xf0 | (c >> 18)); t[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        t[2] = (char)(0x80 | ((c >> 6) & 0x3f)); t[3] = (char)(0x80 | (c & 0x3f)); n = 4;
    }
    sbuf_put(b, t, (size_t)n);
}

static void encode_string(SBuf *b, Obj *s, bool ensure_ascii)
{
    sbuf_putc(b, '"');
    for (Ssize i = 0; i < VAR_SIZE(s); i++) {
        uint32_t c = str_char(s, i);
        switch (c) {
        case '"': sbuf_puts(b, "\\\""); continue;
        case '\\': sbuf_puts(b, "\\\\"); continue;
        case '\n': sbuf_puts(b, "\\n"); continue;
        case '\r': sbuf_puts(b, "\\r"); continue;
        case '\t': sbuf_puts(b, "\\t"); continue;
        case '\b': sbuf_puts(b, "\\b"); continue;
        case '\f': sbuf_puts(b, "\\f"); continue;
        default: break;
        }
        if (c < 0x20 || (ensure_ascii && c >= 0x7f)) {
            if (c < 0x20 || c >= 0x7f) {
                if (!ensure_ascii && c >= 0x20) {
                    put_utf8_cp(b, c);
                } else if (c >= 0x10000) {
                    uint32_t v = c - 0x10000;
                    sbuf_printf(b, "\\u%04x\\u%04x", 0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
                } else {
                    sbuf_printf(b, "\\u%04x", c);
                }
                continue;
            }
        }
        put_utf8_cp(b, c);
    }
    sbuf_putc(b, '"');
}

static int encode_float(Enc *e, Obj *o)
{
    double d = float_value(o);
    if (isnan(d) || isinf(d)) {
        if (!e->allow_nan) {
            Obj *r = float_type.repr(o);
            if (r) vm_err_format(&exc_ValueError, "Out of range float values are not JSON compliant: %S", r);
            XDECREF(r);
            enc_push(e, TBG_JSON_ENCODER_FLOATSTR_NAN);
            return -1;
        }
        sbuf_puts(&e->out, isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        return 0;
    }
    Obj *r = float_type.repr(o);
    if (!r) return -1;
    put_str_utf8(&e->out, r);
    DECREF(r);
    return 0;
}

static int encode_value(Enc *e, Obj *o, bool top);
static int encode_obj(Enc *e, Obj *o) { return encode_value(e, o, true); }

/* Whether the Python encoder writes `o`, a list item or dict value, on the
 * spot (no generator of its own). */
static bool enc_is_plain(Obj *o)
{
    return o == NONE || o == TRUE_ || o == FALSE_ || STR_CHECK(o) || INT_CHECK(o);
}

/* The entry of a list's or dict's generator where encoding item `o` failed. */
static void enc_push_item(Enc *e, Obj *o, int float_line, int chunks_line)
{
    if (type_is_subtype(OBJ_TYPE(o), &float_type)) enc_push(e, float_line);
    else if (!enc_is_plain(o)) enc_push(e, chunks_line);
}

static void newline_indent(Enc *e)
{
    sbuf_putc(&e->out, '\n');
    for (int i = 0; i < e->depth; i++) put_str_utf8(&e->out, e->indent);
}

static int mark(Enc *e, Obj *o, Obj **key)
{
    *key = NULL;
    if (!e->markers) return 0;
    Obj *k = int_from_u64((uint64_t)(uintptr_t)o);
    if (!k) return -1;
    int c = dict_contains(e->markers, k);
    if (c) {
        DECREF(k);
        if (c > 0) vm_err_set_str(&exc_ValueError, "Circular reference detected");
        return -1;
    }
    if (dict_set(e->markers, k, o) < 0) {
        DECREF(k);
        return -1;
    }
    *key = k;
    return 0;
}

static void unmark(Enc *e, Obj *key)
{
    if (!key) return;
    if (dict_del(e->markers, key) < 0) vm_err_clear();
    DECREF(key);
}

static int encode_list(Enc *e, Obj *seq)
{
    Obj *l = seq_fast(seq, "");
    if (!l) return -1;
    Ssize n = LIST_CHECK(l) ? LIST_LEN(l) : TUPLE_LEN(l);
    if (n == 0) {
        DECREF(l);
        sbuf_puts(&e->out, "[]");
        return 0;
    }
    Obj *key;
    if (mark(e, seq, &key) < 0) {
        DECREF(l);
        enc_push(e, TBG_JSON_ENCODER_ITERENCODE_LIST_CIRCULAR);
        return -1;
    }
    sbuf_putc(&e->out, '[');
    if (e->indent) {
        e->depth++;
        newline_indent(e);
    }
    int rc = 0;
    for (Ssize i = 0; rc == 0 && i < (LIST_CHECK(l) ? LIST_LEN(l) : TUPLE_LEN(l)); i++) {
        if (i) {
            put_str_utf8(&e->out, e->item_sep);
            if (e->indent) newline_indent(e);
        }
        Obj *it = INCREF(LIST_CHECK(l) ? LIST_ITEMS(l)[i] : TUPLE_ITEMS(l)[i]);
        rc = encode_value(e, it, false);
        if (rc < 0)
            enc_push_item(e, it, TBG_JSON_ENCODER_ITERENCODE_LIST_FLOAT,
                          TBG_JSON_ENCODER_ITERENCODE_LIST_CHUNKS);
        DECREF(it);
    }
    if (e->indent) {
        e->depth--;
        newline_indent(e);
    }
    sbuf_putc(&e->out, ']');
    unmark(e, key);
    DECREF(l);
    return rc;
}

/* A dict key as its JSON text (a str), NULL + *skip when skipped. */
static Obj *key_text(Enc *e, Obj *k, bool *skip)
{
    *skip = false;
    if (STR_CHECK(k)) return INCREF(k);
    if (IS_TYPE(k, float_type) || type_is_subtype(OBJ_TYPE(k), &float_type)) {
        double d = float_value(k);
        if (isnan(d) || isinf(d)) {
            if (!e->allow_nan) {
                Obj *r = float_type.repr(k);
                if (r) vm_err_format(&exc_ValueError, "Out of range float values are not JSON compliant: %S", r);
                XDECREF(r);
                enc_push(e, TBG_JSON_ENCODER_FLOATSTR_NAN);
                enc_push(e, TBG_JSON_ENCODER_ITERENCODE_DICT_KEY_FLOAT);
                return NULL;
            }
            return str_from_cstr(isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
        return float_type.repr(k);
    }
    if (k == TRUE_) return str_from_cstr("true");
    if (k == FALSE_) return str_from_cstr("false");
    if (k == NONE) return str_from_cstr("null");
    if (INT_CHECK(k)) return int_type.repr(k);
    if (e->skipkeys) {
        *skip = true;
        return NULL;
    }
    vm_err_format(&exc_TypeError, "keys must be str, int, float, bool or None, not %s",
                  type_name(OBJ_TYPE(k)));
    enc_push(e, TBG_JSON_ENCODER_ITERENCODE_DICT_KEY);
    return NULL;
}

static int encode_dict(Enc *e, Obj *d)
{
    if (dict_len(d) == 0) {
        sbuf_puts(&e->out, "{}");
        return 0;
    }
    Obj *key;
    if (mark(e, d, &key) < 0) {
        enc_push(e, TBG_JSON_ENCODER_ITERENCODE_DICT_CIRCULAR);
        return -1;
    }
    Obj *items = dict_items_list(d);
    if (!items || (e->sort_keys && list_sort(items, NULL, false) < 0)) {
        if (items) enc_push(e, TBG_JSON_ENCODER_ITERENCODE_DICT_SORT);
        XDECREF(items);
        unmark(e, key);
        return -1;
    }
    sbuf_putc(&e->out, '{');
    if (e->indent) {
        e->depth++;
        newline_indent(e);
    }
    bool first = true;
    int rc = 0;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(items); i++) {
        Obj *kv = LIST_ITEMS(items)[i];
        bool skip;
        Obj *kt = key_text(e, TUPLE_ITEMS(kv)[0], &skip);
        if (!kt) {
            if (skip) continue;
            rc = -1;
            break;
        }
        if (!first) {
            put_str_utf8(&e->out, e->item_sep);
            if (e->indent) newline_indent(e);
        }
        first = false;
        encode_string(&e->out, kt, e->ensure_ascii);
        DECREF(kt);
        put_str_utf8(&e->out, e->key_sep);
        rc = encode_value(e, TUPLE_ITEMS(kv)[1], false);
        if (rc < 0)
            enc_push_item(e, TUPLE_ITEMS(kv)[1], TBG_JSON_ENCODER_ITERENCODE_DICT_FLOAT,
                          TBG_JSON_ENCODER_ITERENCODE_DICT_CHUNKS);
    }
    if (e->indent && rc == 0) {
        e->depth--;
        newline_indent(e);
    }
    sbuf_putc(&e->out, '}');
    DECREF(items);
    unmark(e, key);
    return rc;
}

/* Encode `o`; `top`: as the Python encoder's _iterencode (the whole
 * document, or what a default() returned), else as a list item or dict
 * value, whose containers the list's or dict's generator encodes itself. */
static int encode_value(Enc *e, Obj *o, bool top)
{
    if (o == NONE) { sbuf_puts(&e->out, "null"); return 0; }
    if (o == TRUE_) { sbuf_puts(&e->out, "true"); return 0; }
    if (o == FALSE_) { sbuf_puts(&e->out, "false"); return 0; }
    if (STR_CHECK(o)) { encode_string(&e->out, o, e->ensure_ascii); return 0; }
    if (INT_CHECK(o)) {
        Obj *r = int_type.repr(o);
        if (!r) return -1;
        put_str_utf8(&e->out, r);
        DECREF(r);
        return 0;
    }
    if (type_is_subtype(OBJ_TYPE(o), &float_type)) {
        int rc = encode_float(e, o);
        if (rc < 0 && top) enc_push(e, TBG_JSON_ENCODER_ITERENCODE_FLOAT);
        return rc;
    }
    if (vm_enter_c(" while encoding a JSON object") < 0) return -1;
    int rc;
    if (LIST_CHECK(o) || TUPLE_CHECK(o)) {
        rc = encode_list(e, o);
        if (rc < 0 && top) enc_push(e, TBG_JSON_ENCODER_ITERENCODE_TOP_LIST);
    } else if (DICT_CHECK(o)) {
        rc = encode_dict(e, o);
        if (rc < 0 && top) enc_push(e, TBG_JSON_ENCODER_ITERENCODE_TOP_DICT);
    } else {
        Obj *key;
        rc = mark(e, o, &key);
        if (rc < 0) enc_push(e, TBG_JSON_ENCODER_ITERENCODE_CIRCULAR);
        if (rc == 0) {
            Obj *v = NULL;
            if (e->default_fn) {
                v = obj_call(e->default_fn, &o, 1, NULL);
            } else {
                vm_err_format(&exc_TypeError, "Object of type %s is not JSON serializable",
                              type_name(OBJ_TYPE(o)));
                tbframe_push(&tbgen_json_encoder, TBG_JSON_ENCODER_DEFAULT_RAISE);
            }
            if (!v) enc_push(e, TBG_JSON_ENCODER_ITERENCODE_DEFAULT);
            rc = v ? encode_obj(e, v) : -1;
            if (v && rc < 0) enc_push(e, TBG_JSON_ENCODER_ITERENCODE_DEFAULT_RECURSE);
            XDECREF(v);
            unmark(e, key);
        }
    }
    vm_leave_c();
    return rc;
}

/* The encoder options from keyword arguments (shared by dumps and
 * JSONEncoder): skipkeys, ensure_ascii, check_circular, allow_nan,
 * sort_keys, indent, separators, default. */
typedef struct EncOpts {
    Obj *skipkeys, *ensure_ascii, *check_circular, *allow_nan, *sort_keys, *indent, *separators,
        *default_fn;
} EncOpts;

static int truth(Obj *o, bool dflt, bool *out)
{
    if (!o) { *out = dflt; return 0; }
    int t = obj_is_true(o);
    if (t < 0) return -1;
    *out = t;
    return 0;
}

static int enc_setup(Enc *e, const EncOpts *op)
{
    memset(e, 0, sizeof *e);
    if (truth(op->skipkeys, false, &e->skipkeys) < 0 || truth(op->ensure_ascii, true, &e->ensure_ascii) < 0 ||
        truth(op->check_circular, true, &e->check_circular) < 0 ||
        truth(op->allow_nan, true, &e->allow_nan) < 0 || truth(op->sort_keys, false, &e->sort_keys) < 0)
        return -1;
    if (op->indent && op->indent != NONE) {
        if (STR_CHECK(op->indent)) {
            e->indent = INCREF(op->indent);
        } else {
            Ssize n = num_as_ssize(op->indent, &exc_OverflowError);
            if (n == -1 && vm_err_occurred()) return -1;
            SBuf b = SBUF_INIT;
            for (Ssize i = 0; i < n; i++) sbuf_putc(&b, ' ');
            e->indent = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
            sbuf_free(&b);
            if (!e->indent) return -1;
        }
    }
    if (op->separators && op->separators != NONE) {
        Obj *t = seq_to_tuple(op->separators);
        if (!t) return -1;
        if (TUPLE_LEN(t) != 2) {
            vm_err_format(&exc_ValueError, "too many values to unpack (expected 2, got %zd)", TUPLE_LEN(t));
            DECREF(t);
            return -1;
        }
        e->item_sep = INCREF(TUPLE_ITEMS(t)[0]);
        e->key_sep = INCREF(TUPLE_ITEMS(t)[1]);
        DECREF(t);
        if (!STR_CHECK(e->item_sep) || !STR_CHECK(e->key_sep)) {
            vm_err_format(&exc_TypeError, "make_encoder() argument 6 must be str, not %s",
                          type_name(OBJ_TYPE(STR_CHECK(e->item_sep) ? e->key_sep : e->item_sep)));
            return -1;
        }
    } else {
        e->item_sep = str_from_cstr(e->indent ? "," : ", ");
        e->key_sep = str_from_cstr(": ");
        if (!e->item_sep || !e->key_sep) return -1;
    }
    if (op->default_fn && op->default_fn != NONE) e->default_fn = INCREF(op->default_fn);
    if (e->check_circular && !(e->markers = dict_new())) return -1;
    return 0;
}

static void enc_free(Enc *e)
{
    sbuf_free(&e->out);
    XDECREF(e->indent);
    XDECREF(e->item_sep);
    XDECREF(e->key_sep);
    XDECREF(e->default_fn);
    XDECREF(e->markers);
}

static Obj *enc_run(Enc *e, Obj *o)
{
    if (encode_obj(e, o) < 0) return NULL;
    return str_from_utf8(sbuf_cstr(&e->out), (Ssize)e->out.len);
}

static const char *const enc_names[] = {"skipkeys", "ensure_ascii", "check_circular", "allow_nan",
                                        "sort_keys", "indent", "separators", "default"};

/* Split kwnames into the encoder options and the rest (for cls=). */
static int parse_enc_kw(const char *fname, Obj *const *args, Ssize nargs, Obj *kwnames, EncOpts *op,
                        Obj **cls, Obj **extra)
{
    memset(op, 0, sizeof *op);
    *cls = NULL;
    *extra = NULL;
    Obj **slots[] = {&op->skipkeys, &op->ensure_ascii, &op->check_circular, &op->allow_nan,
                     &op->sort_keys, &op->indent, &op->separators, &op->default_fn};
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize k = 0; k < nkw; k++) {
        Obj *name = TUPLE_ITEMS(kwnames)[k];
        Obj *v = args[nargs + k];
        bool done = false;
        for (int i = 0; i < 8; i++)
            if (str_eq_cstr(name, enc_names[i])) {
                *slots[i] = v;
                done = true;
            }
        if (done) continue;
        if (str_eq_cstr(name, "cls")) {
            *cls = v;
            continue;
        }
        if (!*extra && !(*extra = dict_new())) return -1;
        if (dict_set(*extra, name, v) < 0) return -1;
    }
    (void)fname;
    return 0;
}

/* dumps(obj, **kw), or dump's encoding (`fname` "dump"), with json's
 * frames on an error. */
static Obj *json_dumps_impl(const char *fname, Obj *obj, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    bool dump = strcmp(fname, "dump") == 0;
    EncOpts op;
    Obj *cls, *extra;
    if (parse_enc_kw(fname, args, nargs, kwnames, &op, &cls, &extra) < 0) {
        XDECREF(extra);
        return NULL;
    }
    if ((cls && cls != NONE && cls != encoder_cls) || extra) {
        Obj *use = cls && cls != NONE ? cls : encoder_cls;
        /* keyword values must sit in one vector for obj_call */
        Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
        Obj *names = list_new(0);
        Obj *vals[32];
        Ssize n = 0;
        for (Ssize k = 0; names && k < nkw && n < 32; k++) {
            if (str_eq_cstr(TUPLE_ITEMS(kwnames)[k], "cls")) continue;
            if (list_append(names, TUPLE_ITEMS(kwnames)[k]) < 0) CLEAR(names);
            vals[n++] = args[nargs + k];
        }
        XDECREF(extra);
        if (!names) return NULL;
        Obj *kwn = list_as_tuple(names);
        DECREF(names);
        if (!kwn) return NULL;
        Obj *enc = obj_call(use, vals, 0, TUPLE_LEN(kwn) ? kwn : NULL);
        DECREF(kwn);
        if (!enc) return NULL;
        Obj *r = obj_call_method(enc, "encode", &obj, 1);
        DECREF(enc);
        return r ? r : tb_fail_init(dump ? TBG_JSON_DUMP_ITER : TBG_JSON_DUMPS_CLS_ENCODE);
    }
    Enc e;
    if (enc_setup(&e, &op) < 0) {
        enc_free(&e);
        return NULL;
    }
    /* dumps uses its shared encoder only with every option at its default */
    bool shared = !e.skipkeys && e.ensure_ascii && e.check_circular && e.allow_nan && !e.sort_keys &&
                  (!op.indent || op.indent == NONE) && (!op.separators || op.separators == NONE) &&
                  (!op.default_fn || op.default_fn == NONE);
    e.py_frames = dump || e.indent;
    Obj *r = enc_run(&e, obj);
    if (!r) {
        if (dump) {
            tbframe_push(&tbgen_json, TBG_JSON_DUMP_ITER);
        } else {
            enc_push_encode(&e);
            tbframe_push(&tbgen_json, shared ? TBG_JSON_DUMPS_ENCODE : TBG_JSON_DUMPS_CLS_ENCODE);
        }
    }
    enc_free(&e);
    return r;
}

static Obj *json_dumps(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (nargs != 1) {
        if (nargs == 0)
            vm_err_set_str(&exc_TypeError, "dumps() missing 1 required positional argument: 'obj'");
        else
            vm_err_format(&exc_TypeError, "dumps() takes 1 positional argument but %zd were given", nargs);
        return NULL;
    }
    return json_dumps_impl("dumps", args[0], args + 1, 0, kwnames);
}

static Obj *json_dump(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (nargs != 2) {
        if (nargs < 2)
            vm_err_format(&exc_TypeError, "dump() missing %zd required positional argument%s: %s",
                          2 - nargs, nargs == 0 ? "s" : "", nargs == 0 ? "'obj' and 'fp'" : "'fp'");
        else
            vm_err_format(&exc_TypeError, "dump() takes 2 positional arguments but %zd were given", nargs);
        return NULL;
    }
    Obj *s = json_dumps_impl("dump", args[0], args + 2, 0, kwnames);
    if (!s) return NULL;
    Obj *w = obj_getattr_str(args[1], "write");
    Obj *r = w ? obj_call(w, &s, 1, NULL) : NULL;
    XDECREF(w);
    DECREF(s);
    if (!r) return tb_fail_init(TBG_JSON_DUMP_WRITE);
    DECREF(r);
    return INCREF(NONE);
}

/* ---- JSONEncoder (heap class; options kept as attributes as CPython's) ---- */

static Obj *je_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (nargs > 0) {
        vm_err_format(&exc_TypeError, "JSONEncoder.__init__() takes 1 positional argument but %zd were given",
                      nargs + 1);
        return NULL;
    }
    static const char *const attrs[] = {"skipkeys", "ensure_ascii", "check_circular", "allow_nan",
                                        "sort_keys", "indent", "separators", "default"};
    Obj *vals[8] = {FALSE_, TRUE_, TRUE_, TRUE_, FALSE_, NONE, NONE, NONE};
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize k = 0; k < nkw; k++) {
        Obj *name = TUPLE_ITEMS(kwnames)[k];
        int i;
        for (i = 0; i < 8; i++)
            if (str_eq_cstr(name, attrs[i])) break;
        if (i == 8) {
            vm_err_format(&exc_TypeError, "JSONEncoder.__init__() got an unexpected keyword argument '%S'", name);
            return NULL;
        }
        vals[i] = args[k];
    }
    for (int i = 0; i < 5; i++)
        if (obj_setattr(self, id_str(attrs[i]), vals[i]) < 0) return NULL;
    if (obj_setattr(self, id_str("indent"), vals[5]) < 0) return NULL;
    Obj *item = NULL, *key = NULL;
    if (vals[6] != NONE) {
        Obj *t = seq_to_tuple(vals[6]);
        if (!t) return NULL;
        if (TUPLE_LEN(t) != 2) {
            vm_err_format(&exc_ValueError, "too many values to unpack (expected 2, got %zd)", TUPLE_LEN(t));
            DECREF(t);
            return NULL;
        }
        item = INCREF(TUPLE_ITEMS(t)[0]);
        key = INCREF(TUPLE_ITEMS(t)[1]);
        DECREF(t);
    } else {
        item = str_from_cstr(vals[5] != NONE ? "," : ", ");
        key = str_from_cstr(": ");
    }
    int rc = item && key ? 0 : -1;
    if (rc == 0) rc = obj_setattr(self, id_str("item_separator"), item);
    if (rc == 0) rc = obj_setattr(self, id_str("key_separator"), key);
    XDECREF(item);
    XDECREF(key);
    if (rc == 0 && vals[7] != NONE) rc = obj_setattr(self, id_str("default"), vals[7]);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *je_default(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    vm_err_format(&exc_TypeError, "Object of type %s is not JSON serializable", type_name(OBJ_TYPE(args[0])));
    return tbframe_fail(&tbgen_json_encoder, TBG_JSON_ENCODER_DEFAULT_RAISE);
}

static Obj *je_encode(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    EncOpts op;
    memset(&op, 0, sizeof op);
    Obj *got[7] = {NULL};
    static const char *const attrs[] = {"skipkeys", "ensure_ascii", "check_circular", "allow_nan",
                                        "sort_keys", "indent"};
    for (int i = 0; i < 6; i++)
        if (obj_lookup_attr(self, id_str(attrs[i]), &got[i]) < 0) goto fail;
    op.skipkeys = got[0];
    op.ensure_ascii = got[1];
    op.check_circular = got[2];
    op.allow_nan = got[3];
    op.sort_keys = got[4];
    op.indent = got[5];
    Enc e;
    if (enc_setup(&e, &op) < 0) {
        enc_free(&e);
        goto fail;
    }
    Obj *is = NULL, *ks = NULL;
    if (obj_lookup_attr(self, id_str("item_separator"), &is) < 0 ||
        obj_lookup_attr(self, id_str("key_separator"), &ks) < 0) {
        XDECREF(is);
        enc_free(&e);
        goto fail;
    }
    if (is && STR_CHECK(is)) obj_setref(&e.item_sep, is); else XDECREF(is);
    if (ks && STR_CHECK(ks)) obj_setref(&e.key_sep, ks); else XDECREF(ks);
    e.default_fn = obj_getattr_str(self, "default");
    if (!e.default_fn) {
        enc_free(&e);
        goto fail;
    }
    e.py_frames = e.indent != NULL;
    Obj *r = enc_run(&e, args[0]);
    if (!r) enc_push_encode(&e);
    enc_free(&e);
    for (int i = 0; i < 7; i++) XDECREF(got[i]);
    return r;
fail:
    for (int i = 0; i < 7; i++) XDECREF(got[i]);
    return NULL;
}

static Obj *je_iterencode(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    /* iterencode(o, _one_shot=False): the arity is checked here, as
     * je_encode is METH_O and trusts its caller for it */
    if (nargs < 1 || nargs > 2 || (kw && TUPLE_LEN(kw))) {
        if (kw && TUPLE_LEN(kw))
            vm_err_format(&exc_TypeError,
                          "JSONEncoder.iterencode() got an unexpected keyword argument '%S'",
                          TUPLE_ITEMS(kw)[0]);
        else if (nargs < 1)
            vm_err_set_str(&exc_TypeError,
                           "JSONEncoder.iterencode() missing 1 required positional argument: 'o'");
        else
            vm_err_format(&exc_TypeError,
                          "JSONEncoder.iterencode() takes from 2 to 3 positional arguments but %zd were given",
                          nargs + 1);
        return NULL;
    }
    Obj *s = je_encode(self, args, 1, NULL);
    if (!s) return NULL;
    Obj *l = list_from_array(&s, 1);
    DECREF(s);
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static const MethodDef encoder_methods[] = {
    {"__init__", je_init, METH_FAST, NULL},
    {"default", je_default, METH_O, NULL},
    {"encode", je_encode, METH_O, "Return a JSON string representation of a Python data structure."},
    {"iterencode", je_iterencode, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ======================================================================
 * decoding
 * ====================================================================== */

typedef struct Dec {
    Obj *s;                   /* the str being parsed */
    Ssize len;
    Obj *object_hook, *object_pairs_hook, *parse_float, *parse_int, *parse_constant;
    bool strict;
    bool no_value;          /* the error is "Expecting value" (3.12's scanner
                             * raises StopIteration for it: raw_decode's line) */
    bool bom;               /* the error is loads' own BOM check */
} Dec;

static uint32_t ch(Dec *d, Ssize i) { return i < d->len ? str_char(d->s, i) : 0; }

static void raise_decode(Dec *d, const char *msg, Ssize pos)
{
    d->no_value = strcmp(msg, "Expecting value") == 0;
    Obj *m = str_from_cstr(msg), *p = int_from_i64(pos);
    Obj *args[3] = {m, d->s, p};
    Obj *e = m && p ? obj_call(decode_error_cls, args, 3, NULL) : NULL;
    XDECREF(m);
    XDECREF(p);
    if (e) vm_err_restore(e);
}

static Ssize skip_ws(Dec *d, Ssize i)
{
    while (i < d->len) {
        uint32_t c = str_char(d->s, i);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        i++;
    }
    return i;
}

/* Parse the value at i; *end after it.  At no value: "Expecting value". */
static Obj *scan(Dec *d, Ssize i, Ssize *end);

static int hexval(uint32_t c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

static int read_u4(Dec *d, Ssize i, uint32_t *out)
{
    if (i + 4 > d->len) return -1;
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(str_char(d->s, i + k));
        if (h < 0) return -1;
        v = v * 16 + (uint32_t)h;
    }
    *out = v;
    return 0;
}

/* i: index after the opening quote. */
static Obj *scan_string(Dec *d, Ssize i, Ssize *end)
{
    Ssize begin = i - 1;
    Ssize cap = 16, n = 0;
    uint32_t *buf = xmalloc((size_t)cap * sizeof *buf);
    for (;;) {
        if (i >= d->len) {
            free(buf);
            raise_decode(d, "Unterminated string starting at", begin);
            return NULL;
        }
        uint32_t c = str_char(d->s, i);
        if (c == '"') {
            i++;
            break;
        }
        if (c < 0x20 && d->strict) {
            free(buf);
            raise_decode(d, "Invalid control character at", i);
            return NULL;
        }
        if (c == '\\') {
            i++;
            if (i >= d->len) {
                free(buf);
                raise_decode(d, "Unterminated string starting at", begin);
                return NULL;
            }
            uint32_t e = str_char(d->s, i);
            switch (e) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u': {
                uint32_t v;
                if (read_u4(d, i + 1, &v) < 0) {
                    free(buf);
                    raise_decode(d, "Invalid \\uXXXX escape", i);
                    return NULL;
                }
                i += 4;
                if (v >= 0xd800 && v <= 0xdbff && ch(d, i + 1) == '\\' && ch(d, i + 2) == 'u') {
                    uint32_t v2;
                    if (read_u4(d, i + 3, &v2) < 0) {
                        free(buf);
                        raise_decode(d, "Invalid \\uXXXX escape", i + 2);
                        return NULL;
                    }
                    if (v2 >= 0xdc00 && v2 <= 0xdfff) {
                        v = 0x10000 + (((v - 0xd800) << 10) | (v2 - 0xdc00));
                        i += 6;
                    }
                }
                c = v;
                break;
            }
            default:
                free(buf);
                raise_decode(d, "Invalid \\escape", i - 1);
                return NULL;
            }
        }
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, (size_t)cap * sizeof *buf);
        }
        buf[n++] = c;
        i++;
    }
    *end = i;
    Obj *r = str_from_ucs4(buf, n);
    free(buf);
    return r;
}

static bool match_word(Dec *d, Ssize i, const char *w)
{
    for (Ssize k = 0; w[k]; k++)
        if (ch(d, i + k) != (uint32_t)(unsigned char)w[k] || i + k >= d->len) return false;
    return true;
}

static Obj *call_or_default(Obj *hook, Obj *arg, Obj *(*dflt)(Obj *))
{
    if (hook && hook != NONE) return obj_call(hook, &arg, 1, NULL);
    return dflt(arg);
}

static Obj *to_float(Obj *s) { return obj_call((Obj *)&float_type, &s, 1, NULL); }
static Obj *to_int(Obj *s) { return obj_call((Obj *)&int_type, &s, 1, NULL); }

static Obj *scan_number(Dec *d, Ssize i, Ssize *end)
{
    Ssize start = i;
    if (ch(d, i) == '-') i++;
    if (i < d->len && ch(d, i) == '0') {
        i++;
    } else if (i < d->len && ch(d, i) >= '1' && ch(d, i) <= '9') {
        while (i < d->len && ch(d, i) >= '0' && ch(d, i) <= '9') i++;
    } else {
        return NULL;   /* no number */
    }
    bool is_float = false;
    if (ch(d, i) == '.' && i + 1 < d->len && ch(d, i + 1) >= '0' && ch(d, i + 1) <= '9') {
        i += 2;
        while (i < d->len && ch(d, i) >= '0' && ch(d, i) <= '9') i++;
        is_float = true;
    }
    if (i < d->len && (ch(d, i) == 'e' || ch(d, i) == 'E')) {
        Ssize j = i + 1;
        if (j < d->len && (ch(d, j) == '+' || ch(d, j) == '-')) j++;
        if (j < d->len && ch(d, j) >= '0' && ch(d, j) <= '9') {
            while (j < d->len && ch(d, j) >= '0' && ch(d, j) <= '9') j++;
            i = j;
            is_float = true;
        }
    }
    Obj *text = str_substr(d->s, start, i);
    if (!text) return NULL;
    Obj *r = is_float ? call_or_default(d->parse_float, text, to_float)
                      : call_or_default(d->parse_int, text, to_int);
    DECREF(text);
    *end = i;
    return r;
}

static Obj *scan_array(Dec *d, Ssize i, Ssize *end)
{
    Obj *l = list_new(0);
    if (!l) return NULL;
    i = skip_ws(d, i);
    if (i < d->len && ch(d, i) == ']') {
        *end = i + 1;
        return l;
    }
    for (;;) {
        Ssize e;
        Obj *v = scan(d, i, &e);
        if (!v) goto fail;
        int rc = list_append(l, v);
        DECREF(v);
        if (rc < 0) goto fail;
        i = skip_ws(d, e);
        if (i < d->len && ch(d, i) == ']') {
            i++;
            break;
        }
        if (i >= d->len || ch(d, i) != ',') {
            raise_decode(d, "Expecting ',' delimiter", i);
            goto fail;
        }
        i = skip_ws(d, i + 1);
    }
    *end = i;
    return l;
fail:
    DECREF(l);
    return NULL;
}

static Obj *scan_object(Dec *d, Ssize i, Ssize *end)
{
    bool pairs = d->object_pairs_hook && d->object_pairs_hook != NONE;
    Obj *acc = pairs ? list_new(0) : dict_new();
    if (!acc) return NULL;
    i = skip_ws(d, i);
    if (!(i < d->len && ch(d, i) == '}')) {
        for (;;) {
            if (i >= d->len || ch(d, i) != '"') {
                raise_decode(d, "Expecting property name enclosed in double quotes", i);
                goto fail;
            }
            Ssize e;
            Obj *key = scan_string(d, i + 1, &e);
            if (!key) goto fail;
            i = skip_ws(d, e);
            if (i >= d->len || ch(d, i) != ':') {
                DECREF(key);
                raise_decode(d, "Expecting ':' delimiter", i);
                goto fail;
            }
            i = skip_ws(d, i + 1);
            Obj *v = scan(d, i, &e);
            if (!v) {
                DECREF(key);
                goto fail;
            }
            int rc;
            if (pairs) {
                Obj *t = tuple_pack(2, key, v);
                rc = t ? list_append(acc, t) : -1;
                XDECREF(t);
            } else {
                rc = dict_set(acc, key, v);
            }
            DECREF(key);
            DECREF(v);
            if (rc < 0) goto fail;
            i = skip_ws(d, e);
            if (i < d->len && ch(d, i) == '}') break;
            if (i >= d->len || ch(d, i) != ',') {
                raise_decode(d, "Expecting ',' delimiter", i);
                goto fail;
            }
            i = skip_ws(d, i + 1);
        }
    }
    *end = i + 1;
    if (pairs) {
        Obj *r = obj_call(d->object_pairs_hook, &acc, 1, NULL);
        DECREF(acc);
        return r;
    }
    if (d->object_hook && d->object_hook != NONE) {
        Obj *r = obj_call(d->object_hook, &acc, 1, NULL);
        DECREF(acc);
        return r;
    }
    return acc;
fail:
    DECREF(acc);
    return NULL;
}

static Obj *constant(Dec *d, const char *name)
{
    Obj *s = str_from_cstr(name);
    if (!s) return NULL;
    Obj *r = call_or_default(d->parse_constant, s, to_float);
    DECREF(s);
    return r;
}

static Obj *scan(Dec *d, Ssize i, Ssize *end)
{
    if (i >= d->len) {
        raise_decode(d, "Expecting value", i);
        return NULL;
    }
    uint32_t c = str_char(d->s, i);
    Obj *r = NULL;
    /* As _json's scanner: only an object or array counts as C recursion,
     * with its own message. */
    switch (c) {
    case '"': return scan_string(d, i + 1, end);
    case '{':
        if (vm_enter_c(" while decoding a JSON object from a unicode string") < 0) return NULL;
        r = scan_object(d, i + 1, end);
        goto out;
    case '[':
        if (vm_enter_c(" while decoding a JSON array from a unicode string") < 0) return NULL;
        r = scan_array(d, i + 1, end);
        goto out;
    case 'n': if (match_word(d, i, "null")) { *end = i + 4; return INCREF(NONE); } break;
    case 't': if (match_word(d, i, "true")) { *end = i + 4; return INCREF(TRUE_); } break;
    case 'f': if (match_word(d, i, "false")) { *end = i + 5; return INCREF(FALSE_); } break;
    case 'N': if (match_word(d, i, "NaN")) { *end = i + 3; return constant(d, "NaN"); } break;
    case 'I': if (match_word(d, i, "Infinity")) { *end = i + 8; return constant(d, "Infinity"); } break;
    case '-':
        if (match_word(d, i, "-Infinity")) { *end = i + 9; return constant(d, "-Infinity"); }
        break;
    default: break;
    }
    r = scan_number(d, i, end);
    if (!r && !vm_err_occurred()) raise_decode(d, "Expecting value", i);
    return r;
out:
    vm_leave_c();
    return r;
}

/* JSONDecoder.raw_decode's entry for a failed scan. */
static void push_raw_decode(Dec *d)
{
    tbframe_push(&tbgen_json_decoder,
                 d->no_value ? TBG_JSON_DECODER_RAW_DECODE_NO_VALUE : TBG_JSON_DECODER_RAW_DECODE_SCAN);
}

/* JSONDecoder.decode(s), with its frames on an error. */
static Obj *decode_str(Dec *d, Obj *s)
{
    d->s = s;
    d->len = VAR_SIZE(s);
    if (d->len > 0 && str_char(s, 0) == 0xfeff) {
        raise_decode(d, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
        d->bom = true;
        return NULL;
    }
    Ssize e;
    Obj *r = scan(d, skip_ws(d, 0), &e);
    if (!r) {
        push_raw_decode(d);
        return tbframe_fail(&tbgen_json_decoder, TBG_JSON_DECODER_DECODE_RAW);
    }
    e = skip_ws(d, e);
    if (e != d->len) {
        DECREF(r);
        raise_decode(d, "Extra data", e);
        return tbframe_fail(&tbgen_json_decoder, TBG_JSON_DECODER_DECODE_EXTRA);
    }
    return r;
}

static const char *const dec_names[] = {"object_hook", "parse_float", "parse_int", "parse_constant",
                                        "strict", "object_pairs_hook"};

static int dec_from_kw(Dec *d, Obj *const *args, Ssize nargs, Obj *kwnames, Obj **cls, Obj **extra)
{
    memset(d, 0, sizeof *d);
    d->strict = true;
    *cls = NULL;
    *extra = NULL;
    Obj **slots[] = {&d->object_hook, &d->parse_float, &d->parse_int, &d->parse_constant, NULL,
                     &d->object_pairs_hook};
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize k = 0; k < nkw; k++) {
        Obj *name = TUPLE_ITEMS(kwnames)[k], *v = args[nargs + k];
        int i;
        for (i = 0; i < 6; i++)
            if (str_eq_cstr(name, dec_names[i])) break;
        if (i == 4) {
            int t = obj_is_true(v);
            if (t < 0) return -1;
            d->strict = t;
        } else if (i < 6) {
            *slots[i] = v;
        } else if (str_eq_cstr(name, "cls")) {
            *cls = v;
        } else {
            *extra = name;
        }
    }
    return 0;
}

static Obj *as_text(Obj *s)
{
    if (STR_CHECK(s)) return INCREF(s);
    if (BYTES_CHECK(s) || IS_TYPE(s, bytearray_type)) {
        const unsigned char *p = BYTES_CHECK(s) ? BYTES_DATA(s) : ((ByteArrayObj *)s)->data;
        Ssize n = VAR_SIZE(s);
        if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) return str_decode(p + 3, n - 3, "utf-8", "surrogatepass");
        if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
            return str_decode(p, n, n >= 4 && !p[2] && !p[3] ? "utf-32" : "utf-16", "surrogatepass");
        if (n >= 4 && !p[0] && !p[1] && !p[2] && p[3]) return str_decode(p, n, "utf-32-be", "surrogatepass");
        if (n >= 4 && p[0] && !p[1] && !p[2] && !p[3]) return str_decode(p, n, "utf-32-le", "surrogatepass");
        if (n >= 2 && !p[0] && p[1]) return str_decode(p, n, "utf-16-be", "surrogatepass");
        if (n >= 2 && p[0] && !p[1]) return str_decode(p, n, "utf-16-le", "surrogatepass");
        return str_decode(p, n, "utf-8", "surrogatepass");
    }
    vm_err_format(&exc_TypeError, "the JSON object must be str, bytes or bytearray, not %s",
                  type_name(OBJ_TYPE(s)));
    return tb_fail_init(TBG_JSON_LOADS_TYPE);
}

/* Whether loads' keyword arguments leave it its shared decoder: cls and
 * the hooks None, nothing else given. */
static bool loads_defaults(Obj *const *vals, Obj *kwnames)
{
    for (Ssize k = 0; k < TUPLE_LEN(kwnames); k++) {
        Obj *name = TUPLE_ITEMS(kwnames)[k];
        if (str_eq_cstr(name, "strict") || vals[k] != NONE) return false;
        bool known = str_eq_cstr(name, "cls");
        for (int i = 0; i < 6; i++) known = known || str_eq_cstr(name, dec_names[i]);
        if (!known) return false;
    }
    return true;
}

static Obj *loads_impl(Obj *s, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Dec d;
    Obj *cls, *extra;
    if (dec_from_kw(&d, args, nargs, kwnames, &cls, &extra) < 0) return NULL;
    Obj *text = as_text(s);
    if (!text) return NULL;
    Obj *r;
    if ((cls && cls != NONE && cls != decoder_cls) || extra) {
        Obj *use = cls && cls != NONE ? cls : decoder_cls;
        Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
        Obj *names = list_new(0);
        Obj *vals[32];
        Ssize n = 0;
        for (Ssize k = 0; names && k < nkw && n < 32; k++) {
            if (str_eq_cstr(TUPLE_ITEMS(kwnames)[k], "cls")) continue;
            if (list_append(names, TUPLE_ITEMS(kwnames)[k]) < 0) CLEAR(names);
            vals[n++] = args[nargs + k];
        }
        Obj *kwn = names ? list_as_tuple(names) : NULL;
        XDECREF(names);
        Obj *dec = kwn ? obj_call(use, vals, 0, TUPLE_LEN(kwn) ? kwn : NULL) : NULL;
        XDECREF(kwn);
        if (!dec && kwn) tb_fail_init(TBG_JSON_LOADS_CLS);
        r = dec ? obj_call_method(dec, "decode", &text, 1) : NULL;
        if (dec && !r) tb_fail_init(TBG_JSON_LOADS_CLS_DECODE);
        XDECREF(dec);
    } else {
        r = decode_str(&d, text);
        /* loads uses its shared decoder only with no options given */
        if (!r) tb_fail_init(d.bom ? TBG_JSON_LOADS_BOM : kwnames && TUPLE_LEN(kwnames) && !loads_defaults(args + nargs, kwnames)
                                 ? TBG_JSON_LOADS_CLS_DECODE : TBG_JSON_LOADS_DECODE);
    }
    DECREF(text);
    return r;
}

static Obj *json_loads(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (nargs != 1) {
        if (nargs == 0)
            vm_err_set_str(&exc_TypeError, "loads() missing 1 required positional argument: 's'");
        else
            vm_err_format(&exc_TypeError, "loads() takes 1 positional argument but %zd were given", nargs);
        return NULL;
    }
    return loads_impl(args[0], args + 1, 0, kwnames);
}

static Obj *json_load(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    if (nargs != 1) {
        if (nargs == 0)
            vm_err_set_str(&exc_TypeError, "load() missing 1 required positional argument: 'fp'");
        else
            vm_err_format(&exc_TypeError, "load() takes 1 positional argument but %zd were given", nargs);
        return NULL;
    }
    Obj *rd = obj_getattr_str(args[0], "read");
    Obj *s = rd ? obj_call(rd, NULL, 0, NULL) : NULL;
    XDECREF(rd);
    if (!s) return tb_fail_init(TBG_JSON_LOAD_READ);
    Obj *r = loads_impl(s, args + 1, 0, kwnames);
    DECREF(s);
    return r ? r : tb_fail_init(TBG_JSON_LOAD_LOADS);
}

/* ---- JSONDecoder -------------------------------------------------------------------- */

static Obj *jd_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (nargs > 0) {
        vm_err_format(&exc_TypeError, "JSONDecoder.__init__() takes 1 positional argument but %zd were given",
                      nargs + 1);
        return NULL;
    }
    Obj *vals[6] = {NONE, NONE, NONE, NONE, TRUE_, NONE};
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize k = 0; k < nkw; k++) {
        Obj *name = TUPLE_ITEMS(kwnames)[k];
        int i;
        for (i = 0; i < 6; i++)
            if (str_eq_cstr(name, dec_names[i])) break;
        if (i == 6) {
            vm_err_format(&exc_TypeError, "JSONDecoder.__init__() got an unexpected keyword argument '%S'", name);
            return NULL;
        }
        vals[i] = args[k];
    }
    for (int i = 0; i < 6; i++)
        if (obj_setattr(self, id_str(dec_names[i]), vals[i]) < 0) return NULL;
    return INCREF(NONE);
}

static int dec_from_self(Dec *d, Obj *self, Obj **held)
{
    memset(d, 0, sizeof *d);
    d->strict = true;
    Obj **slots[] = {&d->object_hook, &d->parse_float, &d->parse_int, &d->parse_constant, NULL,
                     &d->object_pairs_hook};
    for (int i = 0; i < 6; i++) {
        if (obj_lookup_attr(self, id_str(dec_names[i]), &held[i]) < 0) return -1;
        if (i == 4) {
            if (held[i]) {
                int t = obj_is_true(held[i]);
                if (t < 0) return -1;
                d->strict = t;
            }
        } else {
            *slots[i] = held[i];
        }
    }
    return 0;
}

static Obj *jd_decode(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Dec d;
    Obj *held[6] = {NULL};
    Obj *r = NULL;
    if (!STR_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "the JSON object must be str, bytes or bytearray, not %s",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    if (dec_from_self(&d, self, held) == 0) r = decode_str(&d, args[0]);
    for (int i = 0; i < 6; i++) XDECREF(held[i]);
    return r;
}

static Obj *jd_raw_decode(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"s", "idx"};
    Obj *v[2];
    if (args_parse("raw_decode", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return NULL;
    /* The scanner's own checks (it indexes the string directly). */
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "first argument must be a string, not %s", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    Ssize idx = 0;
    if (v[1] && (idx = mh_as_ssize(v[1])) == -1 && vm_err_occurred()) return NULL;
    if (idx < 0) {
        vm_err_set_str(&exc_ValueError, "idx cannot be negative");
        return NULL;
    }
    Dec d;
    Obj *held[6] = {NULL};
    Obj *r = NULL;
    if (dec_from_self(&d, self, held) == 0) {
        d.s = v[0];
        d.len = VAR_SIZE(v[0]);
        Ssize e;
        Obj *o = scan(&d, idx, &e);
        if (!o) push_raw_decode(&d);
        if (o) {
            Obj *ei = int_from_i64(e);
            r = ei ? tuple_pack(2, o, ei) : NULL;
            XDECREF(ei);
            DECREF(o);
        }
    }
    for (int i = 0; i < 6; i++) XDECREF(held[i]);
    return r;
}

static const MethodDef decoder_methods[] = {
    {"__init__", jd_init, METH_FAST, NULL},
    {"decode", jd_decode, METH_O, "Return the Python representation of ``s`` (a ``str`` instance\ncontaining a JSON document)."},
    {"raw_decode", jd_raw_decode, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- JSONDecodeError(msg, doc, pos) --------------------------------------------- */

static Obj *jde_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"msg", "doc", "pos"};
    Obj *v[3];
    if (args_parse("JSONDecodeError.__init__", args, nargs, kwnames, names, 3, 0, 3, v) < 0) return NULL;
    Ssize pos = num_as_ssize(v[2], &exc_OverflowError);
    if (pos == -1 && vm_err_occurred()) return NULL;
    Ssize lineno = 1, lastnl = -1;
    if (STR_CHECK(v[1])) {
        for (Ssize i = 0; i < pos && i < VAR_SIZE(v[1]); i++)
            if (str_char(v[1], i) == '\n') {
                lineno++;
                lastnl = i;
            }
    }
    Ssize colno = pos - lastnl;
    Obj *full = str_from_fmt("%S: line %zd column %zd (char %zd)", v[0], lineno, colno, pos);
    Obj *args_t = full ? tuple_pack(1, full) : NULL;
    XDECREF(full);
    Obj *ln = int_from_i64(lineno), *cn = int_from_i64(colno);
    int rc = args_t && ln && cn ? 0 : -1;
    if (rc == 0) rc = obj_setattr(self, id_str("args"), args_t);
    if (rc == 0) rc = obj_setattr(self, id_str("msg"), v[0]);
    if (rc == 0) rc = obj_setattr(self, id_str("doc"), v[1]);
    if (rc == 0) rc = obj_setattr(self, id_str("pos"), v[2]);
    if (rc == 0) rc = obj_setattr(self, id_str("lineno"), ln);
    if (rc == 0) rc = obj_setattr(self, id_str("colno"), cn);
    XDECREF(args_t);
    XDECREF(ln);
    XDECREF(cn);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *jde_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    Obj *m = obj_getattr_str(self, "msg"), *d = m ? obj_getattr_str(self, "doc") : NULL;
    Obj *p = d ? obj_getattr_str(self, "pos") : NULL;
    Obj *a = p ? tuple_pack(3, m, d, p) : NULL;
    Obj *r = a ? tuple_pack(2, (Obj *)OBJ_TYPE(self), a) : NULL;
    XDECREF(m);
    XDECREF(d);
    XDECREF(p);
    XDECREF(a);
    return r;
}

static const MethodDef jde_methods[] = {
    {"__init__", jde_init, METH_FAST, NULL},
    {"__reduce__", jde_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ======================================================================
 * modules: json, json.decoder, json.encoder
 * ====================================================================== */

static int make_classes(void)
{
    if (!decode_error_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_ValueError);
        decode_error_cls = bases ? mu_class_new("JSONDecodeError", "json.decoder", bases, jde_methods) : NULL;
        XDECREF(bases);
        if (!decode_error_cls) return -1;
        if (mu_type_set((TypeObj *)decode_error_cls, "__doc__",
                        str_from_cstr("Subclass of ValueError with the following additional properties:\n\n"
                                      "msg: The unformatted error message\n"
                                      "doc: The JSON document being parsed\n"
                                      "pos: The start index of doc where parsing failed\n"
                                      "lineno: The line corresponding to pos\n"
                                      "colno: The column corresponding to pos\n")) < 0)
            return -1;
    }
    if (!encoder_cls && !(encoder_cls = mu_class_new("JSONEncoder", "json.encoder", NULL, encoder_methods)))
        return -1;
    if (!decoder_cls && !(decoder_cls = mu_class_new("JSONDecoder", "json.decoder", NULL, decoder_methods)))
        return -1;
    return 0;
}

static const MethodDef json_functions[] = {
    {"dumps", json_dumps, METH_FAST, "Serialize ``obj`` to a JSON formatted ``str``."},
    {"dump", json_dump, METH_FAST, "Serialize ``obj`` as a JSON formatted stream to ``fp``."},
    {"loads", json_loads, METH_FAST, "Deserialize ``s`` to a Python object."},
    {"load", json_load, METH_FAST, "Deserialize ``fp`` to a Python object."},
    {NULL, NULL, 0, NULL},
};

static Obj *json_decoder_init(void)
{
    Obj *m = module_new("json.decoder");
    if (!m) return NULL;
    if (make_classes() < 0 || module_add(m, "JSONDecodeError", INCREF(decode_error_cls)) < 0 ||
        module_add(m, "JSONDecoder", INCREF(decoder_cls)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

static Obj *json_encoder_init(void)
{
    Obj *m = module_new("json.encoder");
    if (!m) return NULL;
    if (make_classes() < 0 || module_add(m, "JSONEncoder", INCREF(encoder_cls)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

static Obj *json_init(void)
{
    Obj *m = module_new("json");
    if (!m) return NULL;
    if (make_classes() < 0 || module_add_functions(m, json_functions) < 0 ||
        module_add(m, "JSONDecodeError", INCREF(decode_error_cls)) < 0 ||
        module_add(m, "JSONDecoder", INCREF(decoder_cls)) < 0 ||
        module_add(m, "JSONEncoder", INCREF(encoder_cls)) < 0 ||
        module_add(m, "__path__", list_new(0)) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_json_register(void)
{
    vm_static_roots(&decode_error_cls, 1);
    vm_static_roots(&encoder_cls, 1);
    vm_static_roots(&decoder_cls, 1);
    import_register_native("json", json_init);
    import_register_native("json.decoder", json_decoder_init);
    import_register_native("json.encoder", json_encoder_init);
}
