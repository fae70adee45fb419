/* mod_tomllib.c — the `tomllib` module of CPython 3.12 (TOML 1.0 reader).
 *
 * loads/load and TOMLDecodeError, following tomllib/_parser.py rule for
 * rule so that the same documents are accepted and the same errors come
 * out at the same places ("Invalid value (at line 3, column 5)", "Cannot
 * overwrite a value (at end of document)" …): statements one at a time,
 * keys as tuples, the Flags tree (FROZEN for inline tables and arrays,
 * EXPLICIT_NEST for declared tables, pending flags for dotted keys), the
 * NestedDict containers, strings with their escape and illegal-character
 * rules, and the three regular expressions (numbers, local times, dates and
 * date-times) matched by hand with the same alternation and backtracking
 * outcome.  Dates and times are the datetime module's objects; offsets
 * share one timezone object per offset, as the library's lru_cache does.
 * The source is kept as code points so positions are str indexes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

static Obj *toml_error, *tz_cache;

enum { FLAG_FROZEN = 0, FLAG_EXPLICIT_NEST = 1 };

typedef struct Parser {
    uint32_t *src;
    Ssize len;
    Obj *parse_float;        /* NULL: float */
    Obj *dt;                 /* the datetime module */
} Parser;

/* ---- errors ---------------------------------------------------------------------------------------- */

/* TOMLDecodeError("msg (at line L, column C)"); always returns -1 */
static int suffixed_err(Parser *p, Ssize pos, Obj *msg)
{
    if (!msg) return -1;
    Obj *coord;
    if (pos >= p->len) {
        coord = str_from_cstr("end of document");
    } else {
        Ssize line = 1, last_nl = -1;
        for (Ssize i = 0; i < pos; i++)
            if (p->src[i] == '\n') {
                line++;
                last_nl = i;
            }
        Ssize column = line == 1 ? pos + 1 : pos - last_nl;
        coord = str_from_fmt("line %zd, column %zd", line, column);
    }
    Obj *full = coord ? str_from_fmt("%U (at %U)", msg, coord) : NULL;
    XDECREF(coord);
    DECREF(msg);
    if (full) {
        Obj *e = obj_call(toml_error, &full, 1, NULL);
        DECREF(full);
        if (e) {
            vm_err_set_obj((TypeObj *)OBJ_TYPE(e), e);
            DECREF(e);
        }
    }
    return -1;
}

static int err_c(Parser *p, Ssize pos, const char *msg) { return suffixed_err(p, pos, str_from_cstr(msg)); }

/* ---- characters ------------------------------------------------------------------------------------- */

static uint32_t at(Parser *p, Ssize pos) { return pos < p->len ? p->src[pos] : 0xffffffffu; }

static bool is_ctrl(uint32_t c) { return c < 32 || c == 127; }
static bool illegal_basic(uint32_t c) { return is_ctrl(c) && c != '\t'; }
static bool illegal_multiline(uint32_t c) { return is_ctrl(c) && c != '\t' && c != '\n'; }
static bool is_ws(uint32_t c) { return c == ' ' || c == '\t'; }
static bool is_bare(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}
static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_hex(uint32_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static Ssize skip_ws(Parser *p, Ssize pos)
{
    while (pos < p->len && is_ws(p->src[pos])) pos++;
    return pos;
}

static Ssize skip_ws_nl(Parser *p, Ssize pos)
{
    while (pos < p->len && (is_ws(p->src[pos]) || p->src[pos] == '\n')) pos++;
    return pos;
}

static bool starts(Parser *p, Ssize pos, const char *s)
{
    for (Ssize i = 0; s[i]; i++)
        if (at(p, pos + i) != (unsigned char)s[i]) return false;
    return true;
}

static Obj *substr(Parser *p, Ssize a, Ssize b) { return str_from_ucs4(p->src + a, b - a); }

static Obj *char_repr(uint32_t c)
{
    Obj *s = str_from_char(c);
    Obj *r = s ? obj_repr(s) : NULL;
    XDECREF(s);
    return r;
}

/* skip_until: the index of expect at or after pos (len when absent); errors on illegal chars before it */
static Ssize skip_until(Parser *p, Ssize pos, const char *expect, bool (*error_on)(uint32_t), bool error_on_eof)
{
    Ssize new_pos = -1;
    for (Ssize i = pos; i < p->len && new_pos < 0; i++)
        if (starts(p, i, expect)) new_pos = i;
    if (new_pos < 0) {
        new_pos = p->len;
        if (error_on_eof) {
            Obj *e = str_from_cstr(expect);
            Obj *r = e ? obj_repr(e) : NULL;
            XDECREF(e);
            suffixed_err(p, new_pos, r ? str_from_fmt("Expected %U", r) : NULL);
            XDECREF(r);
            return -1;
        }
    }
    for (Ssize i = pos; i < new_pos; i++)
        if (error_on(p->src[i])) {
            Obj *r = char_repr(p->src[i]);
            suffixed_err(p, i, r ? str_from_fmt("Found invalid character %U", r) : NULL);
            XDECREF(r);
            return -1;
        }
    return new_pos;
}

static Ssize skip_comment(Parser *p, Ssize pos)
{
    if (at(p, pos) == '#') return skip_until(p, pos + 1, "\n", illegal_basic, false);
    return pos;
}

static Ssize skip_comments_and_array_ws(Parser *p, Ssize pos)
{
    for (;;) {
        Ssize before = pos;
        pos = skip_ws_nl(p, pos);
        pos = skip_comment(p, pos);
        if (pos < 0 || pos == before) return pos;
    }
}

/* ---- Flags: {key: [flags set, recursive flags set, nested dict]} -------------------------------------- */

static Obj *flag_node(void)
{
    Obj *a = set_new(NULL), *b = set_new(NULL), *c = dict_new();
    Obj *node = a && b && c ? list_from_array((Obj *[]){a, b, c}, 3) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    return node;
}

/* cont[k], created when missing (borrowed) */
static Obj *flag_child(Obj *cont, Obj *k)
{
    Obj *node = dict_get_borrow(cont, k);
    if (node || vm_err_occurred()) return node;
    node = flag_node();
    if (!node || dict_set(cont, k, node) < 0) {
        XDECREF(node);
        return NULL;
    }
    DECREF(node);
    return node;
}

static int flags_set(Obj *flags, Obj *key, int flag, bool recursive)
{
    Obj *cont = flags;
    Ssize n = TUPLE_LEN(key);
    for (Ssize i = 0; i < n - 1; i++) {
        Obj *node = flag_child(cont, TUPLE_ITEMS(key)[i]);
        if (!node) return -1;
        cont = LIST_ITEMS(node)[2];
    }
    Obj *node = flag_child(cont, TUPLE_ITEMS(key)[n - 1]);
    if (!node) return -1;
    Obj *f = int_from_i64(flag);
    int r = f ? set_add(LIST_ITEMS(node)[recursive ? 1 : 0], f) : -1;
    XDECREF(f);
    return r;
}

static int flags_is(Obj *flags, Obj *key, int flag)
{
    Ssize n = TUPLE_LEN(key);
    if (!n) return 0;
    Obj *f = int_from_i64(flag);
    if (!f) return -1;
    Obj *cont = flags;
    int r = 0;
    for (Ssize i = 0; i < n - 1; i++) {
        Obj *node = dict_get_borrow(cont, TUPLE_ITEMS(key)[i]);
        if (!node) goto out;
        if ((r = set_contains(LIST_ITEMS(node)[1], f)) != 0) goto out;
        cont = LIST_ITEMS(node)[2];
    }
    Obj *node = dict_get_borrow(cont, TUPLE_ITEMS(key)[n - 1]);
    if (node) {
        r = set_contains(LIST_ITEMS(node)[0], f);
        if (r == 0) r = set_contains(LIST_ITEMS(node)[1], f);
    }
out:
    DECREF(f);
    return r;
}

static int flags_unset_all(Obj *flags, Obj *key)
{
    Obj *cont = flags;
    Ssize n = TUPLE_LEN(key);
    for (Ssize i = 0; i < n - 1; i++) {
        Obj *node = dict_get_borrow(cont, TUPLE_ITEMS(key)[i]);
        if (!node) return 0;
        cont = LIST_ITEMS(node)[2];
    }
    Obj *out = NULL;
    if (dict_pop_opt(cont, TUPLE_ITEMS(key)[n - 1], &out) < 0) return -1;
    XDECREF(out);
    return 0;
}

typedef struct Output {
    Obj *data;      /* the document dict */
    Obj *flags;     /* Flags tree */
    Obj *pending;   /* list of (key, flag) */
} Output;

static int finalize_pending(Output *o)
{
    for (Ssize i = 0; i < LIST_LEN(o->pending); i++) {
        Obj *pair = LIST_ITEMS(o->pending)[i];
        int64_t flag;
        if (int_as_i64(TUPLE_ITEMS(pair)[1], &flag) < 0 ||
            flags_set(o->flags, TUPLE_ITEMS(pair)[0], (int)flag, false) < 0)
            return -1;
    }
    return list_set_slice(o->pending, 0, LIST_LEN(o->pending), NULL);
}

/* NestedDict.get_or_create_nest: borrowed dict; NULL without exception for "no nest" */
static Obj *get_or_create_nest(Obj *root, Obj *key, bool access_lists, bool *no_nest)
{
    Obj *cont = root;
    *no_nest = false;
    for (Ssize i = 0; i < TUPLE_LEN(key); i++) {
        Obj *k = TUPLE_ITEMS(key)[i];
        Obj *next = dict_get_borrow(cont, k);
        if (!next) {
            if (vm_err_occurred()) return NULL;
            Obj *d = dict_new();
            if (!d || dict_set(cont, k, d) < 0) {
                XDECREF(d);
                return NULL;
            }
            DECREF(d);
            next = d;
        }
        cont = next;
        if (access_lists && IS_TYPE(cont, list_type)) cont = LIST_ITEMS(cont)[LIST_LEN(cont) - 1];
        if (!IS_TYPE(cont, dict_type)) {
            *no_nest = true;
            return NULL;
        }
    }
    return cont;
}

/* ---- values ---------------------------------------------------------------------------------------- */

static Ssize parse_value(Parser *p, Ssize pos, Obj **out);
static Ssize parse_key(Parser *p, Ssize pos, Obj **key);

static Ssize parse_hex_char(Parser *p, Ssize pos, int n, SBuf *acc)
{
    int got = 0;
    uint32_t v = 0;
    while (got < n && pos + got < p->len && is_hex(p->src[pos + got])) {
        uint32_t c = p->src[pos + got];
        v = v * 16 + (uint32_t)(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
        got++;
    }
    if (got != n || (pos + n > p->len)) return err_c(p, pos, "Invalid hex value");
    pos += n;
    if (!(v <= 55295 || (v >= 57344 && v <= 1114111)))
        return err_c(p, pos, "Escaped character is not a Unicode scalar value");
    sbuf_put(acc, (const char *)&v, sizeof v);
    return pos;
}

static void acc_char(SBuf *acc, uint32_t c) { sbuf_put(acc, (const char *)&c, sizeof c); }

static Ssize parse_escape(Parser *p, Ssize pos, bool multiline, SBuf *acc)
{
    uint32_t e = at(p, pos + 1);
    pos += 2;
    if (multiline && (e == ' ' || e == '\t' || e == '\n')) {
        if (e != '\n') {
            pos = skip_ws(p, pos);
            if (pos >= p->len) return pos;
            if (p->src[pos] != '\n') return err_c(p, pos, "Unescaped '\\' in a string");
            pos++;
        }
        return skip_ws_nl(p, pos);
    }
    if (e == 'u') return parse_hex_char(p, pos, 4, acc);
    if (e == 'U') return parse_hex_char(p, pos, 8, acc);
    uint32_t r;
    switch (e) {
    case 'b': r = 8; break;
    case 't': r = 9; break;
    case 'n': r = 10; break;
    case 'f': r = 12; break;
    case 'r': r = 13; break;
    case '"': r = '"'; break;
    case '\\': r = '\\'; break;
    default: return err_c(p, pos, "Unescaped '\\' in a string");
    }
    acc_char(acc, r);
    return pos;
}

static Obj *acc_str(SBuf *acc)
{
    Obj *r = str_from_ucs4((const uint32_t *)(acc->data ? acc->data : ""), (Ssize)(acc->len / sizeof(uint32_t)));
    sbuf_free(acc);
    return r;
}

/* pos just after the opening quote(s) */
static Ssize parse_basic_str(Parser *p, Ssize pos, bool multiline, Obj **out)
{
    SBuf acc = SBUF_INIT;
    for (;;) {
        if (pos >= p->len) {
            sbuf_free(&acc);
            return err_c(p, pos, "Unterminated string");
        }
        uint32_t c = p->src[pos];
        if (c == '"') {
            if (!multiline || starts(p, pos, "\"\"\"")) {
                *out = acc_str(&acc);
                return *out ? pos + (multiline ? 3 : 1) : -1;
            }
            acc_char(&acc, c);
            pos++;
            continue;
        }
        if (c == '\\') {
            pos = parse_escape(p, pos, multiline, &acc);
            if (pos < 0) {
                sbuf_free(&acc);
                return -1;
            }
            continue;
        }
        if (multiline ? illegal_multiline(c) : illegal_basic(c)) {
            sbuf_free(&acc);
            Obj *r = char_repr(c);
            return suffixed_err(p, pos, r ? str_from_fmt("Illegal character %U", r) : NULL), XDECREF(r), -1;
        }
        acc_char(&acc, c);
        pos++;
    }
}

static Ssize parse_literal_str(Parser *p, Ssize pos, Obj **out)
{
    pos++;
    Ssize start = pos;
    pos = skip_until(p, pos, "'", illegal_basic, true);
    if (pos < 0) return -1;
    *out = substr(p, start, pos);
    return *out ? pos + 1 : -1;
}

static Ssize parse_multiline_str(Parser *p, Ssize pos, bool literal, Obj **out)
{
    pos += 3;
    if (at(p, pos) == '\n') pos++;
    Obj *result;
    if (literal) {
        Ssize end = skip_until(p, pos, "'''", illegal_multiline, true);
        if (end < 0) return -1;
        result = substr(p, pos, end);
        pos = end + 3;
    } else {
        pos = parse_basic_str(p, pos, true, &result);
        if (pos < 0) return -1;
    }
    if (!result) return -1;
    uint32_t delim = literal ? '\'' : '"';
    int extra = 0;
    while (extra < 2 && at(p, pos) == delim) {
        extra++;
        pos++;
    }
    if (extra) {
        uint32_t d[2] = {delim, delim};
        Obj *tail = str_from_ucs4(d, extra);
        Obj *r = tail ? str_concat(result, tail) : NULL;
        XDECREF(tail);
        DECREF(result);
        result = r;
        if (!r) return -1;
    }
    *out = result;
    return pos;
}

static Ssize parse_array(Parser *p, Ssize pos, Obj **out)
{
    pos++;
    Obj *array = list_new(0);
    if (!array) return -1;
    if ((pos = skip_comments_and_array_ws(p, pos)) < 0) goto fail;
    if (at(p, pos) == ']') {
        *out = array;
        return pos + 1;
    }
    for (;;) {
        Obj *val;
        if ((pos = parse_value(p, pos, &val)) < 0) goto fail;
        int r = list_append(array, val);
        DECREF(val);
        if (r < 0 || (pos = skip_comments_and_array_ws(p, pos)) < 0) goto fail;
        uint32_t c = at(p, pos);
        if (c == ']') {
            *out = array;
            return pos + 1;
        }
        if (c != ',') {
            err_c(p, pos, "Unclosed array");
            goto fail;
        }
        pos++;
        if ((pos = skip_comments_and_array_ws(p, pos)) < 0) goto fail;
        if (at(p, pos) == ']') {
            *out = array;
            return pos + 1;
        }
    }
fail:
    DECREF(array);
    return -1;
}

static Obj *key_repr_msg(const char *fmt, Obj *key)
{
    Obj *r = obj_repr(key);
    Obj *m = r ? str_from_fmt(fmt, r) : NULL;
    XDECREF(r);
    return m;
}

static Ssize parse_key_value_pair(Parser *p, Ssize pos, Obj **key, Obj **value)
{
    if ((pos = parse_key(p, pos, key)) < 0) return -1;
    if (at(p, pos) != '=') {
        CLEAR(*key);
        return err_c(p, pos, "Expected '=' after a key in a key/value pair");
    }
    pos = skip_ws(p, pos + 1);
    if ((pos = parse_value(p, pos, value)) < 0) CLEAR(*key);
    return pos;
}

static Ssize parse_inline_table(Parser *p, Ssize pos, Obj **out)
{
    pos++;
    Obj *d = dict_new(), *flags = dict_new();
    if (!d || !flags) goto fail;
    pos = skip_ws(p, pos);
    if (at(p, pos) == '}') {
        DECREF(flags);
        *out = d;
        return pos + 1;
    }
    for (;;) {
        Obj *key, *value;
        if ((pos = parse_key_value_pair(p, pos, &key, &value)) < 0) goto fail;
        Ssize n = TUPLE_LEN(key);
        Obj *parent = tuple_slice(key, 0, n - 1), *stem = TUPLE_ITEMS(key)[n - 1];
        int frozen = parent ? flags_is(flags, key, FLAG_FROZEN) : -1;
        bool no_nest = false;
        Obj *nest = NULL;
        int rc = -1;
        if (frozen > 0) suffixed_err(p, pos, key_repr_msg("Cannot mutate immutable namespace %U", key));
        else if (frozen == 0 && !(nest = get_or_create_nest(d, parent, false, &no_nest)) && no_nest)
            err_c(p, pos, "Cannot overwrite a value");
        else if (nest) {
            int has = dict_contains(nest, stem);
            if (has > 0) {
                Obj *sr = obj_repr(stem);
                suffixed_err(p, pos, sr ? str_from_fmt("Duplicate inline table key %U", sr) : NULL);
                XDECREF(sr);
            } else if (has == 0) {
                rc = dict_set(nest, stem, value);
            }
        }
        XDECREF(parent);
        if (rc == 0 && (IS_TYPE(value, dict_type) || IS_TYPE(value, list_type))) {
            pos = skip_ws(p, pos);
            uint32_t c = at(p, pos);
            if (c != '}' && c == ',') rc = flags_set(flags, key, FLAG_FROZEN, true);
        }
        DECREF(key);
        DECREF(value);
        if (rc < 0) goto fail;
        pos = skip_ws(p, pos);
        uint32_t c = at(p, pos);
        if (c == '}') {
            DECREF(flags);
            *out = d;
            return pos + 1;
        }
        if (c != ',') {
            err_c(p, pos, "Unclosed inline table");
            goto fail;
        }
        pos = skip_ws(p, pos + 1);
    }
fail:
    XDECREF(d);
    XDECREF(flags);
    return -1;
}

/* (?:_?D)* after a first digit: the end of the digit run */
static Ssize digits_run(Parser *p, Ssize pos, bool (*ok)(uint32_t))
{
    for (;;) {
        if (ok(at(p, pos))) pos++;
        else if (at(p, pos) == '_' && ok(at(p, pos + 1))) pos += 2;
        else return pos;
    }
}

static bool is_bin(uint32_t c) { return c == '0' || c == '1'; }
static bool is_oct(uint32_t c) { return c >= '0' && c <= '7'; }

/* RE_NUMBER: the match end (or -1 for no match); *is_float when the float part is not empty */
static Ssize match_number(Parser *p, Ssize pos, bool *is_float)
{
    *is_float = false;
    if (at(p, pos) == '0') {
        uint32_t t = at(p, pos + 1);
        bool (*ok)(uint32_t) = t == 'x' ? is_hex : t == 'b' ? is_bin : t == 'o' ? is_oct : NULL;
        if (ok && ok(at(p, pos + 2))) return digits_run(p, pos + 3, ok);
    }
    Ssize i = pos;
    if (at(p, i) == '+' || at(p, i) == '-') i++;
    if (at(p, i) == '0') i++;
    else if (at(p, i) >= '1' && at(p, i) <= '9') i = digits_run(p, i + 1, is_digit);
    else return -1;
    Ssize int_end = i;
    if (at(p, i) == '.' && is_digit(at(p, i + 1))) i = digits_run(p, i + 2, is_digit);
    if (at(p, i) == 'e' || at(p, i) == 'E') {
        Ssize j = i + 1;
        if (at(p, j) == '+' || at(p, j) == '-') j++;
        if (is_digit(at(p, j))) i = digits_run(p, j + 1, is_digit);
    }
    *is_float = i > int_end;
    return i;
}

/* two digits at pos within [lo, hi] */
static int two_digits(Parser *p, Ssize pos, int lo, int hi)
{
    uint32_t a = at(p, pos), b = at(p, pos + 1);
    if (!is_digit(a) || !is_digit(b)) return -1;
    int v = (int)(a - '0') * 10 + (int)(b - '0');
    return v >= lo && v <= hi ? v : -1;
}

typedef struct TimeMatch { int h, m, s, micros; Ssize end; } TimeMatch;

/* _TIME_RE_STR at pos */
static bool match_time(Parser *p, Ssize pos, TimeMatch *t)
{
    if ((t->h = two_digits(p, pos, 0, 23)) < 0 || at(p, pos + 2) != ':') return false;
    if ((t->m = two_digits(p, pos + 3, 0, 59)) < 0 || at(p, pos + 5) != ':') return false;
    if ((t->s = two_digits(p, pos + 6, 0, 59)) < 0) return false;
    Ssize i = pos + 8;
    t->micros = 0;
    if (at(p, i) == '.' && is_digit(at(p, i + 1))) {
        int n = 0;
        i++;
        while (n < 6 && is_digit(at(p, i))) {
            t->micros = t->micros * 10 + (int)(at(p, i) - '0');
            n++;
            i++;
        }
        for (; n < 6; n++) t->micros *= 10;
        while (is_digit(at(p, i))) i++;
    }
    t->end = i;
    return true;
}

static Obj *dt_call(Parser *p, const char *cls, Obj *const *args, Ssize n, Obj *kwnames)
{
    Obj *c = obj_getattr_str(p->dt, cls);
    Obj *r = c ? obj_call(c, args, n, kwnames) : NULL;
    XDECREF(c);
    return r;
}

static Obj *ints_tuple(const int *v, int n)
{
    Obj *t = tuple_new(n);
    for (int i = 0; t && i < n; i++)
        if (!(TUPLE_ITEMS(t)[i] = int_from_i64(v[i]))) CLEAR(t);
    return t;
}

/* timezone for +HH:MM / -HH:MM, one object per offset */
static Obj *cached_tz(Parser *p, int sign, int h, int m)
{
    if (!tz_cache && !(tz_cache = dict_new())) return NULL;
    Obj *key = str_from_fmt("%c%02d:%02d", sign > 0 ? '+' : '-', h, m);
    if (!key) return NULL;
    Obj *tz = dict_get_borrow(tz_cache, key);
    if (tz) {
        DECREF(key);
        return INCREF(tz);
    }
    Obj *hh = int_from_i64(sign * h), *mm = int_from_i64(sign * m);
    Obj *kwn = tuple_pack(2, id_str("hours"), id_str("minutes"));
    Obj *args[2] = {hh, mm};
    Obj *delta = hh && mm && kwn ? dt_call(p, "timedelta", args, 0, kwn) : NULL;
    tz = delta ? dt_call(p, "timezone", &delta, 1, NULL) : NULL;
    if (tz && dict_set(tz_cache, key, tz) < 0) CLEAR(tz);
    XDECREF(hh);
    XDECREF(mm);
    XDECREF(kwn);
    XDECREF(delta);
    DECREF(key);
    return tz;
}

/* RE_DATETIME at pos: 1 matched (*out set or exception), 0 no match */
static int match_datetime(Parser *p, Ssize pos, Ssize *end, Obj **out)
{
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (!is_digit(at(p, pos + i))) return 0;
        y = y * 10 + (int)(at(p, pos + i) - '0');
    }
    if (at(p, pos + 4) != '-') return 0;
    int mo = two_digits(p, pos + 5, 1, 12);
    if (mo < 0 || at(p, pos + 7) != '-') return 0;
    int d = two_digits(p, pos + 8, 1, 31);
    if (d < 0) return 0;
    Ssize i = pos + 10;
    TimeMatch t;
    *out = NULL;
    uint32_t sep = at(p, i);
    if ((sep == 'T' || sep == 't' || sep == ' ') && match_time(p, i + 1, &t)) {
        Ssize j = t.end;
        Obj *tz = NULL;
        uint32_t z = at(p, j);
        int oh, om;
        if (z == 'Z' || z == 'z') {
            Obj *tzc = obj_getattr_str(p->dt, "timezone");
            tz = tzc ? obj_getattr_str(tzc, "utc") : NULL;
            XDECREF(tzc);
            if (!tz) return 1;
            j++;
        } else if ((z == '+' || z == '-') && (oh = two_digits(p, j + 1, 0, 23)) >= 0 && at(p, j + 3) == ':' &&
                   (om = two_digits(p, j + 4, 0, 59)) >= 0) {
            if (!(tz = cached_tz(p, z == '+' ? 1 : -1, oh, om))) return 1;
            j += 6;
        }
        int vals[7] = {y, mo, d, t.h, t.m, t.s, t.micros};
        Obj *args = ints_tuple(vals, 7);
        Obj *kwn = tuple_pack(1, id_str("tzinfo"));
        if (args && kwn) {
            Obj *vec[8];
            for (int k = 0; k < 7; k++) vec[k] = TUPLE_ITEMS(args)[k];
            vec[7] = tz ? tz : NONE;
            *out = dt_call(p, "datetime", vec, 7, kwn);
        }
        XDECREF(args);
        XDECREF(kwn);
        XDECREF(tz);
        *end = j;
        return 1;
    }
    int vals[3] = {y, mo, d};
    Obj *args = ints_tuple(vals, 3);
    *out = args ? dt_call(p, "date", TUPLE_ITEMS(args), 3, NULL) : NULL;
    XDECREF(args);
    *end = i;
    return 1;
}

static Obj *call_parse_float(Parser *p, Obj *text)
{
    if (!p->parse_float) return obj_call((Obj *)&float_type, &text, 1, NULL);
    Obj *v = obj_call(p->parse_float, &text, 1, NULL);
    if (v && (DICT_CHECK(v) || LIST_CHECK(v))) {
        DECREF(v);
        vm_err_set_str(&exc_ValueError, "parse_float must not return dicts or lists");
        return NULL;
    }
    return v;
}

static Ssize parse_value(Parser *p, Ssize pos, Obj **out)
{
    uint32_t c = at(p, pos);
    *out = NULL;
    if (c == '"') {
        if (starts(p, pos, "\"\"\"")) return parse_multiline_str(p, pos, false, out);
        return parse_basic_str(p, pos + 1, false, out);
    }
    if (c == '\'') {
        if (starts(p, pos, "'''")) return parse_multiline_str(p, pos, true, out);
        return parse_literal_str(p, pos, out);
    }
    if (c == 't' && starts(p, pos, "true")) {
        *out = bool_from(true);
        return pos + 4;
    }
    if (c == 'f' && starts(p, pos, "false")) {
        *out = bool_from(false);
        return pos + 5;
    }
    if (c == '[') return parse_array(p, pos, out);
    if (c == '{') return parse_inline_table(p, pos, out);
    Ssize end = -1;
    if (match_datetime(p, pos, &end, out)) {
        if (*out) return end;
        if (vm_err_matches(&exc_ValueError)) {
            Obj *cause = vm_err_fetch();
            err_c(p, pos, "Invalid date or datetime");
            Obj *e = vm_err_fetch();
            if (e) {
                ExcObj *x = (ExcObj *)e;
                obj_setref(&x->cause, cause);
                x->suppress_context = true;
                obj_setref(&x->context, INCREF(cause));
                vm_err_restore(e);
            } else {
                XDECREF(cause);
            }
        }
        return -1;
    }
    TimeMatch t;
    if (match_time(p, pos, &t)) {
        int vals[4] = {t.h, t.m, t.s, t.micros};
        Obj *args = ints_tuple(vals, 4);
        *out = args ? dt_call(p, "time", TUPLE_ITEMS(args), 4, NULL) : NULL;
        XDECREF(args);
        return *out ? t.end : -1;
    }
    bool is_float;
    end = match_number(p, pos, &is_float);
    if (end >= 0) {
        Obj *text = substr(p, pos, end);
        if (!text) return -1;
        if (is_float) {
            *out = call_parse_float(p, text);
        } else {
            Ssize n;
            const char *s = str_utf8(text, &n);
            *out = s ? int_from_str(s, n, 0) : NULL;
        }
        DECREF(text);
        return *out ? end : -1;
    }
    static const char *const specials[] = {"inf", "nan", "-inf", "+inf", "-nan", "+nan"};
    for (int k = 0; k < 6; k++) {
        Ssize n = (Ssize)strlen(specials[k]);
        if (starts(p, pos, specials[k])) {
            Obj *text = substr(p, pos, pos + n);
            *out = text ? call_parse_float(p, text) : NULL;
            XDECREF(text);
            return *out ? pos + n : -1;
        }
    }
    return err_c(p, pos, "Invalid value");
}

/* ---- keys ------------------------------------------------------------------------------------------- */

static Ssize parse_key_part(Parser *p, Ssize pos, Obj **part)
{
    uint32_t c = at(p, pos);
    if (pos < p->len && is_bare(c)) {
        Ssize start = pos;
        while (pos < p->len && is_bare(p->src[pos])) pos++;
        *part = substr(p, start, pos);
        return *part ? pos : -1;
    }
    if (c == '\'') return parse_literal_str(p, pos, part);
    if (c == '"') return parse_basic_str(p, pos + 1, false, part);
    return err_c(p, pos, "Invalid initial character for a key part");
}

static Ssize parse_key(Parser *p, Ssize pos, Obj **key)
{
    Obj *parts = list_new(0), *part;
    *key = NULL;
    if (!parts) return -1;
    for (;;) {
        if ((pos = parse_key_part(p, pos, &part)) < 0) goto fail;
        int r = list_append(parts, part);
        DECREF(part);
        if (r < 0) goto fail;
        pos = skip_ws(p, pos);
        if (at(p, pos) != '.') break;
        pos = skip_ws(p, pos + 1);
    }
    *key = list_as_tuple(parts);
    DECREF(parts);
    return *key ? pos : -1;
fail:
    DECREF(parts);
    return -1;
}

/* ---- statements ------------------------------------------------------------------------------------ */

static Obj *concat_keys(Obj *a, Obj *b) { return num_binary(a, b, NB_ADD); }

static Ssize key_value_rule(Parser *p, Ssize pos, Output *o, Obj *header)
{
    Obj *key, *value;
    if ((pos = parse_key_value_pair(p, pos, &key, &value)) < 0) return -1;
    Ssize n = TUPLE_LEN(key);
    Obj *parent = tuple_slice(key, 0, n - 1), *stem = TUPLE_ITEMS(key)[n - 1];
    Obj *abs_parent = parent ? concat_keys(header, parent) : NULL;
    Ssize rc = -1;
    if (!abs_parent) goto out;
    for (Ssize i = 1; i < n; i++) {
        Obj *head = tuple_slice(key, 0, i);
        Obj *cont_key = head ? concat_keys(header, head) : NULL;
        XDECREF(head);
        if (!cont_key) goto out;
        int e = flags_is(o->flags, cont_key, FLAG_EXPLICIT_NEST);
        if (e != 0) {
            if (e > 0) suffixed_err(p, pos, key_repr_msg("Cannot redefine namespace %U", cont_key));
            DECREF(cont_key);
            goto out;
        }
        Obj *f = int_from_i64(FLAG_EXPLICIT_NEST);
        Obj *pair = f ? tuple_pack(2, cont_key, f) : NULL;
        int r = pair ? list_append(o->pending, pair) : -1;
        XDECREF(f);
        XDECREF(pair);
        DECREF(cont_key);
        if (r < 0) goto out;
    }
    int fz = flags_is(o->flags, abs_parent, FLAG_FROZEN);
    if (fz != 0) {
        if (fz > 0) suffixed_err(p, pos, key_repr_msg("Cannot mutate immutable namespace %U", abs_parent));
        goto out;
    }
    bool no_nest;
    Obj *nest = get_or_create_nest(o->data, abs_parent, true, &no_nest);
    if (!nest) {
        if (no_nest) err_c(p, pos, "Cannot overwrite a value");
        goto out;
    }
    int has = dict_contains(nest, stem);
    if (has != 0) {
        if (has > 0) err_c(p, pos, "Cannot overwrite a value");
        goto out;
    }
    if (IS_TYPE(value, dict_type) || IS_TYPE(value, list_type)) {
        Obj *full = concat_keys(header, key);
        int r = full ? flags_set(o->flags, full, FLAG_FROZEN, true) : -1;
        XDECREF(full);
        if (r < 0) goto out;
    }
    if (dict_set(nest, stem, value) < 0) goto out;
    rc = pos;
out:
    XDECREF(parent);
    XDECREF(abs_parent);
    DECREF(key);
    DECREF(value);
    return rc;
}

static Ssize create_dict_rule(Parser *p, Ssize pos, Output *o, Obj **header)
{
    pos = skip_ws(p, pos + 1);
    Obj *key;
    if ((pos = parse_key(p, pos, &key)) < 0) return -1;
    int a = flags_is(o->flags, key, FLAG_EXPLICIT_NEST);
    int b = a == 0 ? flags_is(o->flags, key, FLAG_FROZEN) : 0;
    if (a < 0 || b < 0) goto fail;
    if (a || b) {
        Obj *r = obj_str(key);
        suffixed_err(p, pos, r ? str_from_fmt("Cannot declare %U twice", r) : NULL);
        XDECREF(r);
        goto fail;
    }
    if (flags_set(o->flags, key, FLAG_EXPLICIT_NEST, false) < 0) goto fail;
    bool no_nest;
    if (!get_or_create_nest(o->data, key, true, &no_nest)) {
        if (no_nest) err_c(p, pos, "Cannot overwrite a value");
        goto fail;
    }
    if (at(p, pos) != ']') {
        err_c(p, pos, "Expected ']' at the end of a table declaration");
        goto fail;
    }
    *header = key;
    return pos + 1;
fail:
    DECREF(key);
    return -1;
}

static Ssize create_list_rule(Parser *p, Ssize pos, Output *o, Obj **header)
{
    pos = skip_ws(p, pos + 2);
    Obj *key;
    if ((pos = parse_key(p, pos, &key)) < 0) return -1;
    int fz = flags_is(o->flags, key, FLAG_FROZEN);
    if (fz != 0) {
        if (fz > 0) suffixed_err(p, pos, key_repr_msg("Cannot mutate immutable namespace %U", key));
        goto fail;
    }
    if (flags_unset_all(o->flags, key) < 0 || flags_set(o->flags, key, FLAG_EXPLICIT_NEST, false) < 0) goto fail;
    /* NestedDict.append_nest_to_list */
    Ssize n = TUPLE_LEN(key);
    Obj *parent = tuple_slice(key, 0, n - 1);
    bool no_nest;
    Obj *cont = parent ? get_or_create_nest(o->data, parent, true, &no_nest) : NULL;
    XDECREF(parent);
    if (!cont) {
        if (parent && no_nest) err_c(p, pos, "Cannot overwrite a value");
        goto fail;
    }
    Obj *last = TUPLE_ITEMS(key)[n - 1];
    Obj *lst = dict_get_borrow(cont, last);
    Obj *d = dict_new();
    if (!d) goto fail;
    int r;
    if (lst) {
        if (!IS_TYPE(lst, list_type)) {
            DECREF(d);
            err_c(p, pos, "Cannot overwrite a value");
            goto fail;
        }
        r = list_append(lst, d);
    } else {
        Obj *nl = vm_err_occurred() ? NULL : list_from_array(&d, 1);
        r = nl ? dict_set(cont, last, nl) : -1;
        XDECREF(nl);
    }
    DECREF(d);
    if (r < 0) goto fail;
    if (!starts(p, pos, "]]")) {
        err_c(p, pos, "Expected ']]' at the end of an array declaration");
        goto fail;
    }
    *header = key;
    return pos + 2;
fail:
    DECREF(key);
    return -1;
}

static Obj *parse_document(Parser *p)
{
    Output o = {dict_new(), dict_new(), list_new(0)};
    Obj *header = tuple_new(0);
    Ssize pos = 0;
    if (!o.data || !o.flags || !o.pending || !header) goto fail;
    for (;;) {
        pos = skip_ws(p, pos);
        if (pos >= p->len) break;
        uint32_t c = p->src[pos];
        if (c == '\n') {
            pos++;
            continue;
        }
        if (is_bare(c) || c == '"' || c == '\'') {
            if ((pos = key_value_rule(p, pos, &o, header)) < 0) goto fail;
            pos = skip_ws(p, pos);
        } else if (c == '[') {
            if (finalize_pending(&o) < 0) goto fail;
            Obj *nh = NULL;
            if (at(p, pos + 1) == '[') pos = create_list_rule(p, pos, &o, &nh);
            else pos = create_dict_rule(p, pos, &o, &nh);
            if (pos < 0) goto fail;
            obj_setref(&header, nh);
            pos = skip_ws(p, pos);
        } else if (c != '#') {
            err_c(p, pos, "Invalid statement");
            goto fail;
        }
        if ((pos = skip_comment(p, pos)) < 0) goto fail;
        if (pos >= p->len) break;
        if (p->src[pos] != '\n') {
            err_c(p, pos, "Expected newline or end of document after a statement");
            goto fail;
        }
        pos++;
    }
    XDECREF(o.flags);
    XDECREF(o.pending);
    XDECREF(header);
    return o.data;
fail:
    XDECREF(o.data);
    XDECREF(o.flags);
    XDECREF(o.pending);
    XDECREF(header);
    return NULL;
}

/* ---- module functions ------------------------------------------------------------------------------- */

static Obj *loads_str(Obj *s, Obj *parse_float)
{
    if (!STR_CHECK(s)) {
        if (BYTES_CHECK(s) || IS_TYPE(s, bytearray_type))
            vm_err_set_str(&exc_TypeError, "a bytes-like object is required, not 'str'");
        else
            vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'replace'", OBJ_TYPE(s)->name);
        return NULL;
    }
    Parser p = {0};
    Ssize n = VAR_SIZE(s);
    p.src = malloc(((size_t)n + 1) * sizeof *p.src);
    if (!p.src) {
        vm_err_no_memory();
        return NULL;
    }
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(s, i);
        if (c == '\r' && i + 1 < n && str_char(s, i + 1) == '\n') continue;
        p.src[p.len++] = c;
    }
    p.parse_float = parse_float && parse_float != (Obj *)&float_type ? parse_float : NULL;
    Obj *r = NULL;
    if ((p.dt = import_name(id_str("datetime"), NULL, NULL, 0))) r = parse_document(&p);
    XDECREF(p.dt);
    free(p.src);
    return r;
}

static Obj *toml_loads(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"s", "parse_float"};
    Obj *v[2];
    if (mh_bind("loads", args, nargs, kw, names, 2, 1, 1, 1, 0, v) < 0) return NULL;
    return loads_str(v[0], v[1]);
}

static Obj *toml_load(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"fp", "parse_float"};
    Obj *v[2];
    if (mh_bind("load", args, nargs, kw, names, 2, 1, 1, 1, 0, v) < 0) return NULL;
    Obj *b = obj_call_method(v[0], "read", NULL, 0);
    if (!b) return NULL;
    Obj *dec = NULL;
    if (obj_lookup_attr(b, id_str("decode"), &dec) < 0) {
        DECREF(b);
        return NULL;
    }
    DECREF(b);
    if (!dec) {
        vm_err_set_str(&exc_TypeError, "File must be opened in binary mode, e.g. use `open('foo.toml', 'rb')`");
        return NULL;
    }
    Obj *s = obj_call(dec, NULL, 0, NULL);
    DECREF(dec);
    if (!s) return NULL;
    Obj *r = loads_str(s, v[1]);
    DECREF(s);
    return r;
}

static const MethodDef toml_functions[] = {
    {"loads", toml_loads, METH_FAST, "Parse TOML from a string."},
    {"load", toml_load, METH_FAST, "Parse TOML from a binary file object."},
    {NULL, NULL, 0, NULL},
};

static Obj *tomllib_init(void)
{
    if (!toml_error) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_ValueError);
        toml_error = bases ? mh_class("tomllib", "TOMLDecodeError", bases, NULL, NULL, NULL) : NULL;
        XDECREF(bases);
        if (!toml_error) return NULL;
        if (obj_setattr_str(toml_error, "__doc__", id_str("An error raised if a document is not valid TOML.")) < 0)
            return NULL;
    }
    Obj *m = mh_module("tomllib", toml_functions);
    if (!m) return NULL;
    Obj *all = tuple_pack(3, id_str("loads"), id_str("load"), id_str("TOMLDecodeError"));
    if (mh_add_obj(m, "TOMLDecodeError", toml_error) < 0 || module_add(m, "__all__", all) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_tomllib_register(void)
{
    import_register_native("tomllib", tomllib_init);
    vm_static_roots(&toml_error, 1);
    vm_static_roots(&tz_cache, 1);
}
