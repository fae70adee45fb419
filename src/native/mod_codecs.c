/* mod_codecs.c — the basics of CPython 3.12's `codecs` module, natively.
 *
 * encode/decode/lookup/getencoder/getdecoder for the text encodings the VM
 * implements (utf-8, ascii, latin-1, utf-16 and utf-32 families, under
 * their usual aliases, with CodecInfo names as the encodings package gives
 * them) and the transforms programs use most: rot13 (str to str), hex and
 * base64 (bytes to bytes, through binascii and base64 as CPython's codecs
 * do).  codecs.open is the built-in open() with the encoding given, no
 * newline translation (as StreamReaderWriter), and the BOM constants are
 * provided.  Incremental and stream classes, register/lookup_error and the
 * other codecs are not.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

typedef enum { K_TEXT, K_ROT13, K_HEX, K_BASE64 } Kind;

typedef struct {
    const char *aliases;   /* normalized names, space separated */
    const char *name;      /* CodecInfo.name */
    const char *func;      /* the _codecs function prefix in messages */
    Kind kind;
} Codec;

static const Codec codecs_table[] = {
    {"utf_8 utf8 u8 utf utf8_ucs2 utf8_ucs4 cp65001", "utf-8", "utf_8", K_TEXT},
    {"ascii us_ascii 646 us ansi_x3.4_1968 ansi_x3_4_1968 iso646_us", "ascii", "ascii", K_TEXT},
    {"latin_1 latin1 latin l1 iso8859_1 iso_8859_1 8859 cp819 iso_ir_100 iso_8859_1:1987", "iso8859-1", "latin_1",
     K_TEXT},
    {"utf_16 utf16 u16", "utf-16", "utf_16", K_TEXT},
    {"utf_16_le utf_16le utf16le", "utf-16-le", "utf_16_le", K_TEXT},
    {"utf_16_be utf_16be utf16be", "utf-16-be", "utf_16_be", K_TEXT},
    {"utf_32 utf32 u32", "utf-32", "utf_32", K_TEXT},
    {"utf_32_le utf_32le utf32le", "utf-32-le", "utf_32_le", K_TEXT},
    {"utf_32_be utf_32be utf32be", "utf-32-be", "utf_32_be", K_TEXT},
    {"rot13 rot_13", "rot-13", "rot13", K_ROT13},
    {"hex hex_codec", "hex", "hex", K_HEX},
    {"base64 base_64 base64_codec", "base64", "base64", K_BASE64},
};

static Obj *codecinfo_cls;

/* encodings.normalize_encoding, lower-cased, then the alias table */
static const Codec *find_codec(Obj *name)
{
    if (!STR_CHECK(name)) {
        vm_err_format(&exc_TypeError, "lookup() argument must be str, not %s", OBJ_TYPE(name)->name);
        return NULL;
    }
    char key[64];
    Ssize n = VAR_SIZE(name), k = 0;
    for (Ssize i = 0; i < n && k < (Ssize)sizeof key - 1; i++) {
        uint32_t c = str_char(name, i);
        if (c >= 128) {
            k = sizeof key;   /* no codec has a non-ASCII name */
            break;
        }
        key[k++] = c == '-' || c == ' ' ? '_' : (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (k < (Ssize)sizeof key) {
        key[k] = 0;
        for (size_t c = 0; c < sizeof codecs_table / sizeof codecs_table[0]; c++) {
            const char *a = codecs_table[c].aliases;
            size_t kl = strlen(key);
            for (const char *p = a; *p;) {
                size_t wl = strcspn(p, " ");
                if (wl == kl && !strncmp(p, key, kl)) return &codecs_table[c];
                p += wl;
                while (*p == ' ') p++;
            }
        }
    }
    vm_err_format(&exc_LookupError, "unknown encoding: %S", name);
    return NULL;
}

static Obj *module_call(const char *module, const char *fn, Obj *arg)
{
    Obj *m = import_name(id_str(module), NULL, NULL, 0);
    Obj *f = m ? obj_getattr_str(m, fn) : NULL;
    XDECREF(m);
    Obj *r = f ? obj_call(f, &arg, 1, NULL) : NULL;
    XDECREF(f);
    return r;
}

static const char *errors_text(Obj *errors)
{
    if (!errors) return "strict";
    if (!STR_CHECK(errors)) {
        vm_err_format(&exc_TypeError, "argument 'errors' must be str, not %s", OBJ_TYPE(errors)->name);
        return NULL;
    }
    Ssize n;
    return str_utf8(errors, &n);
}

static bool bytes_like(Obj *o) { return BYTES_CHECK(o) || IS_TYPE(o, bytearray_type) || IS_TYPE(o, memoryview_type); }

static Obj *rot13(Obj *s)
{
    if (!STR_CHECK(s)) {
        vm_err_format(&exc_TypeError, "descriptor 'translate' for 'str' objects doesn't apply to a '%s' object",
                      OBJ_TYPE(s)->name);
        return NULL;
    }
    Ssize n = VAR_SIZE(s);
    uint32_t *buf = malloc(((size_t)n + 1) * sizeof(uint32_t));
    if (!buf) {
        vm_err_no_memory();
        return NULL;
    }
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(s, i);
        if (c >= 'a' && c <= 'z') c = 'a' + (c - 'a' + 13) % 26;
        else if (c >= 'A' && c <= 'Z') c = 'A' + (c - 'A' + 13) % 26;
        buf[i] = c;
    }
    Obj *r = str_from_ucs4(buf, n);
    free(buf);
    return r;
}

/* codec c applied to obj: encoding when enc, else decoding */
static Obj *apply(const Codec *c, Obj *obj, Obj *errors, bool enc)
{
    const char *err = errors_text(errors);
    if (!err) return NULL;
    switch (c->kind) {
    case K_ROT13: return rot13(obj);
    case K_HEX:
        if (enc && !bytes_like(obj)) break;
        return module_call("binascii", enc ? "b2a_hex" : "a2b_hex", obj);
    case K_BASE64:
        return module_call("base64", enc ? "encodebytes" : "decodebytes", obj);
    case K_TEXT:
        if (enc) {
            if (!STR_CHECK(obj)) {
                vm_err_format(&exc_TypeError, "%s_encode() argument 1 must be str, not %s", c->func,
                              OBJ_TYPE(obj)->name);
                return NULL;
            }
            return str_encode(obj, c->name, err);
        }
        if (BYTES_CHECK(obj)) return str_decode(BYTES_DATA(obj), VAR_SIZE(obj), c->name, err);
        if (IS_TYPE(obj, bytearray_type)) return str_decode(((ByteArrayObj *)obj)->data, VAR_SIZE(obj), c->name, err);
        if (bytes_like(obj)) {
            Obj *b = obj_call((Obj *)&bytes_type, &obj, 1, NULL);
            Obj *r = b ? str_decode(BYTES_DATA(b), VAR_SIZE(b), c->name, err) : NULL;
            XDECREF(b);
            return r;
        }
        break;
    }
    vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", OBJ_TYPE(obj)->name);
    return NULL;
}

static Obj *convert(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool enc)
{
    static const char *const names[] = {"obj", "encoding", "errors"};
    Obj *v[3];
    if (nargs == 0 && !mh_nkw(kw)) {
        vm_err_format(&exc_TypeError, "%s() missing required argument 'obj' (pos 1)", fname);
        return NULL;
    }
    if (mh_bind(fname, args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *dflt = v[1] ? NULL : str_from_cstr("utf-8");
    const Codec *c = v[1] || dflt ? find_codec(v[1] ? v[1] : dflt) : NULL;
    XDECREF(dflt);
    return c ? apply(c, v[0], v[2], enc) : NULL;
}

static Obj *c_encode(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return convert("encode", args, nargs, kw, true);
}

static Obj *c_decode(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return convert("decode", args, nargs, kw, false);
}

/* CodecInfo.encode / .decode: (output, length of the input); self is the
 * codec's name */
static Obj *codec_fn(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool enc)
{
    static const char *const names[] = {"input", "errors"};
    Obj *v[2];
    if (mh_bind(enc ? "encode" : "decode", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    const Codec *c = find_codec(self);
    Obj *out = c ? apply(c, v[0], v[1], enc) : NULL;
    Ssize len = out ? obj_length(v[0]) : -1;
    Obj *n = len >= 0 ? int_from_i64(len) : NULL;
    Obj *t = n ? tuple_pack(2, out, n) : NULL;
    XDECREF(out);
    XDECREF(n);
    return t;
}

static Obj *codec_encode(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return codec_fn(self, args, nargs, kw, true);
}

static Obj *codec_decode(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return codec_fn(self, args, nargs, kw, false);
}

static const MethodDef encode_def = {"encode", codec_encode, METH_FAST, NULL};
static const MethodDef decode_def = {"decode", codec_decode, METH_FAST, NULL};

static Obj *lookup_info(Obj *name)
{
    const Codec *c = find_codec(name);
    if (!c) return NULL;
    Obj *nm = str_from_cstr(c->name);
    Obj *e = nm ? builtin_new(&encode_def, nm, NULL) : NULL, *d = e ? builtin_new(&decode_def, nm, NULL) : NULL;
    Obj *items = d ? tuple_pack(4, e, d, NONE, NONE) : NULL;
    Obj *tnew = items ? obj_getattr_str((Obj *)&tuple_type, "__new__") : NULL;
    Obj *info = tnew ? obj_call(tnew, (Obj *[]){codecinfo_cls, items}, 2, NULL) : NULL;
    if (info && (obj_setattr_str(info, "name", nm) < 0 || obj_setattr_str(info, "encode", e) < 0 ||
                 obj_setattr_str(info, "decode", d) < 0 || obj_setattr_str(info, "_is_text_encoding",
                                                                            c->kind == K_TEXT ? TRUE_ : FALSE_) < 0))
        CLEAR(info);
    Obj *objs[] = {nm, e, d, items, tnew};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) XDECREF(objs[i]);
    return info;
}

static Obj *c_lookup(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_pos_args("lookup", "lookup", nargs, kw, 1, 1) < 0) return NULL;
    return lookup_info(args[0]);
}

static Obj *info_attr(Obj *const *args, Ssize nargs, Obj *kw, const char *fname, const char *attr)
{
    static const char *const names[] = {"encoding"};
    Obj *v[1];
    if (mh_bind(fname, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *info = lookup_info(v[0]);
    Obj *r = info ? obj_getattr_str(info, attr) : NULL;
    XDECREF(info);
    return r;
}

static Obj *c_getencoder(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return info_attr(args, nargs, kw, "getencoder", "encode");
}

static Obj *c_getdecoder(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return info_attr(args, nargs, kw, "getdecoder", "decode");
}

static Obj *c_open(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"filename", "mode", "encoding", "errors", "buffering"};
    Obj *v[5];
    if (mh_bind("open", args, nargs, kw, names, 5, 5, 0, 1, 0, v) < 0) return NULL;
    Obj *bi = import_name(id_str("builtins"), NULL, NULL, 0);
    Obj *open = bi ? obj_getattr_str(bi, "open") : NULL;
    XDECREF(bi);
    if (!open) return NULL;
    Obj *mode = v[1] ? INCREF(v[1]) : str_from_cstr("r"), *buf = v[4] ? INCREF(v[4]) : int_from_i64(-1);
    Obj *r = NULL;
    if (mode && buf) {
        if (!v[2] || v[2] == NONE) {
            r = obj_call(open, (Obj *[]){v[0], mode, buf}, 3, NULL);
        } else {
            const Codec *c = find_codec(v[2]);
            Obj *enc = c ? str_from_cstr(c->name) : NULL, *err = v[3] ? INCREF(v[3]) : str_from_cstr("strict");
            Obj *nl = str_from_cstr(""), *kwn = tuple_pack(3, id_str("encoding"), id_str("errors"), id_str("newline"));
            if (enc && err && nl && kwn) r = obj_call(open, (Obj *[]){v[0], mode, buf, enc, err, nl}, 3, kwn);
            XDECREF(enc);
            XDECREF(err);
            XDECREF(nl);
            XDECREF(kwn);
        }
    }
    XDECREF(mode);
    XDECREF(buf);
    DECREF(open);
    return r;
}

static const MethodDef codecs_methods[] = {
    {"encode", c_encode, METH_FAST, "Encodes obj using the codec registered for encoding."},
    {"decode", c_decode, METH_FAST, "Decodes obj using the codec registered for encoding."},
    {"lookup", c_lookup, METH_FAST, "Looks up a codec tuple in the Python codec registry and returns a CodecInfo object."},
    {"getencoder", c_getencoder, METH_FAST, "Lookup up the codec for the given encoding and return its encoder function."},
    {"getdecoder", c_getdecoder, METH_FAST, "Lookup up the codec for the given encoding and return its decoder function."},
    {"open", c_open, METH_FAST, "Open an encoded file using the given mode and return a wrapped version."},
    {NULL, NULL, 0, NULL},
};

static Obj *ci_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *nm = obj_getattr_str(self, "name");
    Obj *r = nm ? str_from_fmt("<codecs.CodecInfo object for encoding %S at %p>", nm, (void *)self) : NULL;
    XDECREF(nm);
    return r;
}

static const MethodDef ci_methods[] = {{"__repr__", ci_repr, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};

static Obj *codecs_init(void)
{
    Obj *m = mh_module("codecs", codecs_methods);
    if (!m) return NULL;
    if (!codecinfo_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&tuple_type);
        codecinfo_cls = bases ? mh_class("codecs", "CodecInfo", bases, ci_methods, NULL, NULL) : NULL;
        XDECREF(bases);
        if (!codecinfo_cls) goto fail;
    }
    static const struct {
        const char *name;
        const char *bytes;
        Ssize n;
    } boms[] = {{"BOM_UTF8", "\xef\xbb\xbf", 3},      {"BOM_UTF16_LE", "\xff\xfe", 2},
                {"BOM_UTF16_BE", "\xfe\xff", 2},      {"BOM_UTF32_LE", "\xff\xfe\x00\x00", 4},
                {"BOM_UTF32_BE", "\x00\x00\xfe\xff", 4}, {"BOM", "\xff\xfe", 2},
                {"BOM_UTF16", "\xff\xfe", 2},         {"BOM_UTF32", "\xff\xfe\x00\x00", 4},
                {"BOM_LE", "\xff\xfe", 2},            {"BOM_BE", "\xfe\xff", 2},
                {"BOM32_LE", "\xff\xfe", 2},          {"BOM32_BE", "\xfe\xff", 2},
                {"BOM64_LE", "\xff\xfe\x00\x00", 4},  {"BOM64_BE", "\x00\x00\xfe\xff", 4}};
    for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++)
        if (module_add(m, boms[i].name, bytes_from(boms[i].bytes, boms[i].n)) < 0) goto fail;
    if (mh_add_obj(m, "CodecInfo", codecinfo_cls) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_codecs_register(void)
{
    vm_static_roots(&codecinfo_cls, 1);
    import_register_native("codecs", codecs_init);
}
