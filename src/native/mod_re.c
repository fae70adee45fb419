/* mod_re.c — the `re` module of CPython 3.12 over PCRE2 (the 32-bit code
 * unit library, so a str's code points are the subject's code units and
 * every offset PCRE2 reports is a Python index).
 *
 * Python's regex syntax is translated to PCRE2's first (translate()):
 * \Z becomes \z, \uXXXX / \UXXXXXXXX become \x{…}, {,n} becomes {0,n},
 * global inline flags (?aiLmsux) are folded into the pattern's flags; the
 * translator also reports the common syntax errors with Python's messages
 * and positions ("missing ), unterminated subpattern at position 0" …).
 * str patterns use UTF + UCP (Unicode \d \w \s \b) unless ASCII is given;
 * bytes patterns match bytes as code units 0..255 without UTF.
 *
 * Iteration (findall, finditer, sub, split) follows Python 3.7+: after an
 * empty match the next match may not be empty at the same position
 * (PCRE2_NOTEMPTY_ATSTART), but may start there.
 */
#include "config.h"

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 32
#include <pcre2.h>

#include "src/native/modutil.h"

enum {
    RE_TEMPLATE = 1, RE_IGNORECASE = 2, RE_LOCALE = 4, RE_MULTILINE = 8, RE_DOTALL = 16,
    RE_UNICODE = 32, RE_VERBOSE = 64, RE_DEBUG = 128, RE_ASCII = 256,
};

static Obj *error_cls, *flag_cls;
TypeObj pattern_type, match_type, scanner_type;

typedef struct PatternObj {
    Obj base;
    pcre2_code *code;
    Obj *pattern;            /* the source str or bytes */
    int flags;               /* Python flags, UNICODE included for str */
    bool is_bytes;
    Ssize groups;
    Obj *groupindex;         /* dict name -> int */
    Obj *indexgroup;         /* tuple index -> name or None (index 0 unused) */
    Obj *weakreflist;
} PatternObj;

typedef struct MatchObj {
    Obj base;
    PatternObj *pat;
    Obj *string;
    Ssize pos, endpos;
    Ssize ngroups;           /* groups + 1 */
    Ssize *offs;             /* 2 * ngroups, -1 when unset */
    Ssize lastindex;         /* -1: None */
} MatchObj;

/* ---- the subject as code units ---------------------------------------------------- */

typedef struct Subject {
    uint32_t *buf;
    Ssize len;
} Subject;

static int subject_get(PatternObj *p, Obj *s, Subject *out)
{
    out->buf = NULL;
    out->len = 0;
    if (p->is_bytes) {
        const unsigned char *data;
        Ssize n;
        if (BYTES_CHECK(s)) {
            data = BYTES_DATA(s);
            n = VAR_SIZE(s);
        } else if (IS_TYPE(s, bytearray_type)) {
            data = ((ByteArrayObj *)s)->data;
            n = VAR_SIZE(s);
        } else {
            if (STR_CHECK(s))
                vm_err_set_str(&exc_TypeError, "cannot use a bytes pattern on a string-like object");
            else
                vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'",
                              type_name(OBJ_TYPE(s)));
            return -1;
        }
        out->buf = xmalloc(sizeof(uint32_t) * (size_t)(n + 1));
        for (Ssize i = 0; i < n; i++) out->buf[i] = data[i];
        out->len = n;
        return 0;
    }
    if (!STR_CHECK(s)) {
        if (BYTES_CHECK(s) || IS_TYPE(s, bytearray_type))
            vm_err_set_str(&exc_TypeError, "cannot use a string pattern on a bytes-like object");
        else
            vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'",
                          type_name(OBJ_TYPE(s)));
        return -1;
    }
    Ssize n = VAR_SIZE(s);
    out->buf = xmalloc(sizeof(uint32_t) * (size_t)(n + 1));
    for (Ssize i = 0; i < n; i++) out->buf[i] = str_char(s, i);
    out->len = n;
    return 0;
}

/* ---- errors ------------------------------------------------------------------------ */

static void re_error(const char *msg, Obj *pattern, Ssize pos)
{
    Obj *m = str_from_cstr(msg);
    Obj *p = pos >= 0 ? int_from_i64(pos) : INCREF(NONE);
    Obj *args[3] = {m, pattern ? pattern : NONE, p};
    Obj *e = m && p ? obj_call(error_cls, args, 3, NULL) : NULL;
    XDECREF(m);
    XDECREF(p);
    if (e) vm_err_restore(e);
}

/* re.error(msg, pattern=None, pos=None): msg gets " at position N" (and
 * line/column when the pattern has several lines), as sre's error does. */
static Obj *err_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"msg", "pattern", "pos"};
    Obj *v[3];
    if (args_parse("error", args, nargs, kwnames, names, 3, 0, 1, v) < 0) return NULL;
    Obj *pattern = v[1] ? v[1] : NONE, *pos = v[2] ? v[2] : NONE;
    Obj *full = INCREF(v[0]);
    Obj *lineno = INCREF(NONE), *colno = INCREF(NONE);
    if (pattern != NONE && pos != NONE && STR_CHECK(v[0])) {
        Ssize p = num_as_ssize(pos, &exc_OverflowError);
        if (p == -1 && vm_err_occurred()) goto fail;
        Ssize line = 1, col = p + 1;
        bool multi = false;
        if (STR_CHECK(pattern) || BYTES_CHECK(pattern)) {
            Ssize n = VAR_SIZE(pattern), last = -1;
            for (Ssize i = 0; i < n; i++) {
                uint32_t c = STR_CHECK(pattern) ? str_char(pattern, i) : BYTES_DATA(pattern)[i];
                if (c == '\n') {
                    multi = true;
                    if (i < p) {
                        line++;
                        last = i;
                    }
                }
            }
            col = p - last;
        }
        DECREF(full);
        full = multi ? str_from_fmt("%S at position %zd (line %zd, column %zd)", v[0], p, line, col)
                     : str_from_fmt("%S at position %zd", v[0], p);
        if (!full) goto fail;
        obj_setref(&lineno, int_from_i64(line));
        obj_setref(&colno, int_from_i64(col));
    }
    Obj *t = tuple_pack(1, full);
    int rc = t ? obj_setattr(self, id_str("args"), t) : -1;
    XDECREF(t);
    if (rc == 0) rc = obj_setattr(self, id_str("msg"), v[0]);
    if (rc == 0) rc = obj_setattr(self, id_str("pattern"), pattern);
    if (rc == 0) rc = obj_setattr(self, id_str("pos"), pos);
    if (rc == 0) rc = obj_setattr(self, id_str("lineno"), lineno ? lineno : NONE);
    if (rc == 0) rc = obj_setattr(self, id_str("colno"), colno ? colno : NONE);
    DECREF(full);
    XDECREF(lineno);
    XDECREF(colno);
    return rc < 0 ? NULL : INCREF(NONE);
fail:
    XDECREF(full);
    XDECREF(lineno);
    XDECREF(colno);
    return NULL;
}

static const MethodDef error_methods[] = {
    {"__init__", err_init, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- translation ------------------------------------------------------------------------ */

typedef struct Out {
    uint32_t *buf;
    Ssize len, cap;
} Out;

static void out_put(Out *o, uint32_t c)
{
    if (o->len == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 64;
        o->buf = xrealloc(o->buf, sizeof(uint32_t) * (size_t)o->cap);
    }
    o->buf[o->len++] = c;
}

static void out_puts(Out *o, const char *s)
{
    while (*s) out_put(o, (unsigned char)*s++);
}

static bool is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Is there a {m,n} quantifier at i?  Sets *end after it. */
static bool quant_at(const uint32_t *p, Ssize n, Ssize i, Ssize *end)
{
    if (i >= n || p[i] != '{') return false;
    Ssize j = i + 1;
    while (j < n && is_digit(p[j])) j++;
    if (j < n && p[j] == ',') {
        j++;
        while (j < n && is_digit(p[j])) j++;
    }
    if (j < n && p[j] == '}' && j > i + 1 && !(j == i + 2 && p[i + 1] == ',')) {
        *end = j + 1;
        return true;
    }
    return false;
}

static int hexv(uint32_t c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

static int translate(Obj *pattern, const uint32_t *p, Ssize n, int *flags, Out *o, bool is_bytes)
{
    Ssize i = 0;
    /* global flags at the start: (?aiLmsux) */
    while (i + 2 < n && p[i] == '(' && p[i + 1] == '?') {
        Ssize j = i + 2;
        int f = 0;
        while (j < n && strchr("aiLmsux", (int)p[j]) && p[j]) {
            switch (p[j]) {
            case 'a': f |= RE_ASCII; break;
            case 'i': f |= RE_IGNORECASE; break;
            case 'L': f |= RE_LOCALE; break;
            case 'm': f |= RE_MULTILINE; break;
            case 's': f |= RE_DOTALL; break;
            case 'u': f |= RE_UNICODE; break;
            case 'x': f |= RE_VERBOSE; break;
            }
            j++;
        }
        if (j == i + 2 || j >= n || p[j] != ')') break;
        *flags |= f;
        i = j + 1;
    }
    Ssize *opens = xmalloc(sizeof(Ssize) * (size_t)(n + 1));
    Ssize nopen = 0;
    Obj *names = set_new(NULL);     /* group names defined so far */
    if (!names) {
        free(opens);
        return -1;
    }
    bool can_repeat = false;     /* the previous item may take a quantifier */
    bool after_quant = false;
    bool verbose = (*flags & RE_VERBOSE) != 0;
    while (i < n) {
        uint32_t c = p[i];
        if (verbose && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')) {
            i++;
            continue;
        }
        if (verbose && c == '#') {
            while (i < n && p[i] != '\n') i++;
            continue;
        }
        Ssize qend;
        if (c == '*' || c == '+' || c == '?' || quant_at(p, n, i, &qend)) {
            if (c != '{') qend = i + 1;
            if (after_quant && (c == '?' || c == '+') && qend == i + 1) {
                out_put(o, c);            /* lazy / possessive suffix */
                after_quant = false;
                i++;
                continue;
            }
            if (after_quant) {
                free(opens);
                XDECREF(names);
                re_error("multiple repeat", pattern, i);
                return -1;
            }
            if (!can_repeat) {
                free(opens);
                XDECREF(names);
                re_error("nothing to repeat", pattern, i);
                return -1;
            }
            if (c == '{') {
                /* {m,n}: check m <= n; {,n} -> {0,n} */
                Ssize j = i + 1;
                int64_t lo = 0, hi = -1;
                bool has_lo = false;
                while (is_digit(p[j])) { lo = lo * 10 + (p[j] - '0'); j++; has_lo = true; }
                bool comma = p[j] == ',';
                if (comma) {
                    j++;
                    if (is_digit(p[j])) {
                        hi = 0;
                        while (is_digit(p[j])) { hi = hi * 10 + (p[j] - '0'); j++; }
                    }
                }
                if (comma && hi >= 0 && lo > hi) {
                    free(opens);
                    XDECREF(names);
                    re_error("min repeat greater than max repeat", pattern, i + 1);
                    return -1;
                }
                out_put(o, '{');
                if (!has_lo) out_put(o, '0');
                for (Ssize k = i + 1; k < qend; k++) out_put(o, p[k]);
            } else {
                out_put(o, c);
            }
            i = qend;
            after_quant = true;
            continue;
        }
        after_quant = false;
        if (c == '\\') {
            if (i + 1 >= n) {
                free(opens);
                XDECREF(names);
                re_error("bad escape (end of pattern)", pattern, i);
                return -1;
            }
            uint32_t e = p[i + 1];
            if (e == 'Z') {
                out_puts(o, "\\z");
            } else if ((e == 'u' || e == 'U') && !is_bytes) {
                int nd = e == 'u' ? 4 : 8;
                uint32_t v = 0;
                for (int k = 0; k < nd; k++) {
                    int h = i + 2 + k < n ? hexv(p[i + 2 + k]) : -1;
                    if (h < 0) {
                        free(opens);
                        XDECREF(names);
                        Obj *esc = str_from_ucs4(p + i, (i + 2 + k < n ? k + 3 : n - i));
                        Obj *m = esc ? str_from_fmt("incomplete escape %S", esc) : NULL;
                        XDECREF(esc);
                        if (m) {
                            Ssize len;
                            re_error(str_utf8_lossy(m, &len), pattern, i);
                            DECREF(m);
                        }
                        return -1;
                    }
                    v = v * 16 + (uint32_t)h;
                }
                char tmp[24];
                snprintf(tmp, sizeof tmp, "\\x{%x}", v);
                out_puts(o, tmp);
                i += 2 + nd;
                can_repeat = true;
                continue;
            } else if (e < 128 && ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) &&
                       !strchr("AbBdDsSwWZafnrtvx", (int)e)) {
                free(opens);
                XDECREF(names);
                char m[32];
                snprintf(m, sizeof m, "bad escape \\%c", (char)e);
                re_error(m, pattern, i);
                return -1;
            } else if (is_digit(e) && e != '0') {
                /* group reference: must name an already closed group */
                Ssize j = i + 1;
                int64_t g = 0;
                while (j < n && is_digit(p[j]) && j < i + 3) { g = g * 10 + (p[j] - '0'); j++; }
                (void)g;
                out_put(o, '\\');
                for (Ssize k = i + 1; k < j; k++) out_put(o, p[k]);
                i = j;
                can_repeat = true;
                continue;
            } else {
                out_put(o, '\\');
                out_put(o, e);
            }
            i += 2;
            can_repeat = !(e == 'A' || e == 'b' || e == 'B' || e == 'Z');
            continue;
        }
        if (c == '[') {
            Ssize start = i;
            out_put(o, '[');
            i++;
            if (i < n && p[i] == '^') out_put(o, p[i++]);
            if (i < n && p[i] == ']') out_put(o, p[i++]);
            while (i < n && p[i] != ']') {
                if (p[i] == '\\' && i + 1 < n) {
                    uint32_t e = p[i + 1];
                    if ((e == 'u' || e == 'U') && !is_bytes) {
                        int nd = e == 'u' ? 4 : 8;
                        uint32_t v = 0;
                        bool ok = i + 2 + nd <= n;
                        for (int k = 0; ok && k < nd; k++) {
                            int h = hexv(p[i + 2 + k]);
                            if (h < 0) ok = false;
                            else v = v * 16 + (uint32_t)h;
                        }
                        if (ok) {
                            char tmp[24];
                            snprintf(tmp, sizeof tmp, "\\x{%x}", v);
                            out_puts(o, tmp);
                            i += 2 + nd;
                            continue;
                        }
                    }
                    if (e < 128 && ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) &&
                        !strchr("bdDsSwWafnrtvx", (int)e)) {
                        free(opens);
                        XDECREF(names);
                        char m[32];
                        snprintf(m, sizeof m, "bad escape \\%c", (char)e);
                        re_error(m, pattern, i);
                        return -1;
                    }
                    out_put(o, p[i]);
                    out_put(o, p[i + 1]);
                    i += 2;
                    continue;
                }
                if (p[i] == '[' && i + 1 < n && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
                    out_put(o, '\\');   /* Python has no POSIX classes: literal '[' */
                }
                out_put(o, p[i++]);
            }
            if (i >= n) {
                free(opens);
                XDECREF(names);
                re_error("unterminated character set", pattern, start);
                return -1;
            }
            out_put(o, ']');
            i++;
            can_repeat = true;
            continue;
        }
        if (c == '(') {
            opens[nopen++] = i;
            out_put(o, '(');
            i++;
            if (i < n && p[i] == '?') {
                /* copy the group's prefix up to its body */
                out_put(o, '?');
                i++;
                if (i < n && p[i] == '#') {
                    /* comment: skip to ')' */
                    o->len -= 2;
                    nopen--;
                    while (i < n && p[i] != ')') i++;
                    if (i >= n) {
                        free(opens);
                        XDECREF(names);
                        re_error("missing ), unterminated comment", pattern, i);
                        return -1;
                    }
                    i++;
                    continue;
                }
                if (i < n && p[i] == 'P' && i + 1 < n && p[i + 1] == '<') {
                    Ssize j = i + 2;
                    Ssize ns = j;
                    while (j < n && p[j] != '>') j++;
                    Obj *name = str_from_ucs4(p + ns, j - ns);
                    bool ok = name && VAR_SIZE(name) > 0 && str_isidentifier(name);
                    if (!ok) {
                        if (name) {
                            Obj *m = str_from_fmt(VAR_SIZE(name) ? "bad character in group name %R"
                                                                 : "missing group name", name);
                            if (m) {
                                Ssize len;
                                re_error(str_utf8_lossy(m, &len), pattern, ns);
                                DECREF(m);
                            }
                        }
                        XDECREF(name);
                        free(opens);
                        DECREF(names);
                        return -1;
                    }
                    set_add(names, name);
                    DECREF(name);
                }
                if (i < n && p[i] == 'P' && i + 1 < n && p[i + 1] == '=') {
                    /* (?P=name) is a whole item; the name must be defined */
                    Ssize ns = i + 2, j = ns;
                    while (j < n && p[j] != ')') j++;
                    Obj *name = str_from_ucs4(p + ns, j - ns);
                    int known = name ? set_contains(names, name) : -1;
                    if (known <= 0) {
                        Obj *m = name ? str_from_fmt("unknown group name %R", name) : NULL;
                        if (m) {
                            Ssize len;
                            re_error(str_utf8_lossy(m, &len), pattern, ns);
                            DECREF(m);
                        }
                        XDECREF(name);
                        free(opens);
                        DECREF(names);
                        return -1;
                    }
                    DECREF(name);
                    while (i < n && p[i] != ')') out_put(o, p[i++]);
                    if (i < n) out_put(o, p[i++]);
                    nopen--;
                    can_repeat = true;
                    continue;
                }
                /* scoped flags (?i:...) and (?-i:...): drop a, L, u */
                if (i < n && (strchr("aiLmsux-", (int)p[i]) && p[i])) {
                    while (i < n && p[i] != ':' && p[i] != ')') {
                        if (p[i] != 'a' && p[i] != 'L' && p[i] != 'u') out_put(o, p[i]);
                        i++;
                    }
                }
            }
            can_repeat = false;
            continue;
        }
        if (c == ')') {
            if (nopen == 0) {
                free(opens);
                XDECREF(names);
                re_error("unbalanced parenthesis", pattern, i);
                return -1;
            }
            nopen--;
            out_put(o, ')');
            i++;
            can_repeat = true;
            continue;
        }
        if (c == '|') {
            out_put(o, '|');
            i++;
            can_repeat = false;
            continue;
        }
        out_put(o, c);
        i++;
        can_repeat = !(c == '^' || c == '$');
        if (c == '^' || c == '$') can_repeat = true;   /* Python allows '^*' */
    }
    if (nopen > 0) {
        Ssize at = opens[nopen - 1];
        free(opens);
        XDECREF(names);
        re_error("missing ), unterminated subpattern", pattern, at);
        return -1;
    }
    free(opens);
    XDECREF(names);
    return 0;
}

/* ---- compiling ------------------------------------------------------------------------------- */

static Obj *cache;

static void pattern_dealloc(Obj *o)
{
    PatternObj *p = (PatternObj *)o;
    if (p->weakreflist) weakref_clear_refs(o);
    if (p->code) pcre2_code_free(p->code);
    XDECREF(p->pattern);
    XDECREF(p->groupindex);
    XDECREF(p->indexgroup);
    obj_free(o);
}

static Obj *compile_pattern(Obj *pattern, int flags)
{
    bool is_bytes;
    const uint32_t *src;
    Subject s;
    if (STR_CHECK(pattern)) {
        is_bytes = false;
        if (flags & RE_LOCALE) {
            vm_err_set_str(&exc_ValueError, "cannot use LOCALE flag with a str pattern");
            return NULL;
        }
    } else if (BYTES_CHECK(pattern)) {
        is_bytes = true;
        if (flags & RE_UNICODE) {
            vm_err_set_str(&exc_ValueError, "cannot use UNICODE flag with a bytes pattern");
            return NULL;
        }
    } else {
        vm_err_set_str(&exc_TypeError, "first argument must be string or compiled pattern");
        return NULL;
    }
    if ((flags & RE_ASCII) && (flags & RE_UNICODE)) {
        vm_err_set_str(&exc_ValueError, "ASCII and UNICODE flags are incompatible");
        return NULL;
    }
    Ssize n = VAR_SIZE(pattern);
    s.buf = xmalloc(sizeof(uint32_t) * (size_t)(n + 1));
    for (Ssize i = 0; i < n; i++) s.buf[i] = is_bytes ? BYTES_DATA(pattern)[i] : str_char(pattern, i);
    src = s.buf;
    Out o = {NULL, 0, 0};
    int f = flags;
    if (translate(pattern, src, n, &f, &o, is_bytes) < 0) {
        free(s.buf);
        free(o.buf);
        return NULL;
    }
    free(s.buf);
    if (!is_bytes && !(f & RE_ASCII)) f |= RE_UNICODE;
    if (!is_bytes && (f & RE_ASCII)) f &= ~RE_UNICODE;
    uint32_t opts = 0;
    if (f & RE_IGNORECASE) opts |= PCRE2_CASELESS;
    if (f & RE_MULTILINE) opts |= PCRE2_MULTILINE;
    if (f & RE_DOTALL) opts |= PCRE2_DOTALL;
    if (!is_bytes) {
        opts |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
        if (!(f & RE_ASCII)) opts |= PCRE2_UCP;
    }
    int errcode;
    PCRE2_SIZE erroff;
    out_put(&o, 0);
    pcre2_code *code = pcre2_compile(o.buf, (PCRE2_SIZE)(o.len - 1), opts, &errcode, &erroff, NULL);
    free(o.buf);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, 256);
        char m8[256];
        size_t k;
        for (k = 0; k < 255 && msg[k]; k++) m8[k] = msg[k] < 128 ? (char)msg[k] : '?';
        m8[k] = 0;
        /* the common PCRE2 errors in Python's words */
        if (errcode == 115) snprintf(m8, sizeof m8, "invalid group reference");
        re_error(m8, pattern, (Ssize)erroff);
        return NULL;
    }
    PatternObj *p = (PatternObj *)obj_alloc(&pattern_type, 0);
    if (!p) {
        pcre2_code_free(code);
        return NULL;
    }
    p->code = code;
    p->pattern = INCREF(pattern);
    p->flags = f;
    p->is_bytes = is_bytes;
    uint32_t cap = 0, namecount = 0, entrysize = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &cap);
    pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &namecount);
    pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entrysize);
    pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
    p->groups = cap;
    p->groupindex = dict_new();
    p->indexgroup = tuple_new(cap + 1);
    if (!p->groupindex || !p->indexgroup) {
        DECREF(p);
        return NULL;
    }
    for (Ssize i = 0; i <= (Ssize)cap; i++) TUPLE_ITEMS(p->indexgroup)[i] = INCREF(NONE);
    /* names in group order */
    for (uint32_t g = 1; g <= cap; g++) {
        for (uint32_t k = 0; k < namecount; k++) {
            PCRE2_SPTR e = table + (size_t)k * entrysize;
            if (e[0] != g) continue;
            Ssize len = 0;
            while (len < (Ssize)entrysize - 1 && e[1 + len]) len++;
            Obj *name = str_from_ucs4(e + 1, len);
            Obj *gi = int_from_i64(g);
            if (!name || !gi || dict_set(p->groupindex, name, gi) < 0) {
                XDECREF(name);
                XDECREF(gi);
                DECREF(p);
                return NULL;
            }
            obj_setref(&TUPLE_ITEMS(p->indexgroup)[g], INCREF(name));
            DECREF(name);
            DECREF(gi);
        }
    }
    return (Obj *)p;
}

static int flags_of(Obj *o, int *out)
{
    if (!o) {
        *out = 0;
        return 0;
    }
    int64_t v;
    if (!INT_CHECK(o)) {
        vm_err_format(&exc_TypeError, "unsupported operand type(s) for &: '%s' and 'int'",
                      type_name(OBJ_TYPE(o)));
        return -1;
    }
    if (int_as_i64(o, &v) < 0) return -1;
    *out = (int)v;
    return 0;
}

/* re._compile: patterns are cached by (type, pattern, flags). */
static Obj *re_compile_obj(Obj *pattern, int flags)
{
    if (IS_TYPE(pattern, pattern_type)) {
        if (flags) {
            vm_err_set_str(&exc_ValueError, "cannot process flags argument with a compiled pattern");
            return NULL;
        }
        return INCREF(pattern);
    }
    if (!cache && !(cache = dict_new())) return NULL;
    Obj *fl = int_from_i64(flags);
    Obj *key = fl && (STR_CHECK(pattern) || BYTES_CHECK(pattern))
                   ? tuple_pack(3, (Obj *)OBJ_TYPE(pattern), pattern, fl) : NULL;
    XDECREF(fl);
    if (key) {
        Obj *hit = dict_get_borrow(cache, key);
        if (hit) {
            DECREF(key);
            return INCREF(hit);
        }
    }
    Obj *p = compile_pattern(pattern, flags);
    if (p && key) {
        if (dict_len(cache) >= 512) dict_clear(cache);
        if (dict_set(cache, key, p) < 0) CLEAR(p);
    }
    XDECREF(key);
    return p;
}

/* ---- matching -------------------------------------------------------------------------------- */

/* One match attempt: 1 found (offsets in *m), 0 none, -1 error. */
static int do_match(PatternObj *p, Subject *s, Ssize start, Ssize end, uint32_t opts,
                    pcre2_match_data *md)
{
    if (start > end) return 0;
    int rc = pcre2_match(p->code, s->buf, (PCRE2_SIZE)end, (PCRE2_SIZE)start, opts, md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(rc, msg, 256);
        char m8[256];
        size_t k;
        for (k = 0; k < 255 && msg[k]; k++) m8[k] = msg[k] < 128 ? (char)msg[k] : '?';
        m8[k] = 0;
        vm_err_format(&exc_RuntimeError, "regular expression matching failed: %s", m8);
        return -1;
    }
    return 1;
}

static Obj *match_new(PatternObj *p, Obj *string, Ssize pos, Ssize endpos, pcre2_match_data *md)
{
    MatchObj *m = (MatchObj *)obj_alloc(&match_type, 0);
    if (!m) return NULL;
    m->pat = (PatternObj *)INCREF((Obj *)p);
    m->string = INCREF(string);
    m->pos = pos;
    m->endpos = endpos;
    m->ngroups = p->groups + 1;
    m->offs = xmalloc(sizeof(Ssize) * 2 * (size_t)m->ngroups);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t novec = pcre2_get_ovector_count(md);
    m->lastindex = -1;
    Ssize best_end = -1;
    for (Ssize g = 0; g < m->ngroups; g++) {
        if ((uint32_t)g < novec && ov[2 * g] != PCRE2_UNSET) {
            m->offs[2 * g] = (Ssize)ov[2 * g];
            m->offs[2 * g + 1] = (Ssize)ov[2 * g + 1];
            /* lastindex: the group that closed last (largest end; the
             * outermost for nested groups ending together) */
            if (g > 0 && m->offs[2 * g + 1] > best_end) {
                best_end = m->offs[2 * g + 1];
                m->lastindex = g;
            }
        } else {
            m->offs[2 * g] = m->offs[2 * g + 1] = -1;
        }
    }
    return (Obj *)m;
}

static void match_dealloc(Obj *o)
{
    MatchObj *m = (MatchObj *)o;
    XDECREF((Obj *)m->pat);
    XDECREF(m->string);
    free(m->offs);
    obj_free(o);
}

static Obj *slice_of(Obj *string, Ssize a, Ssize b)
{
    if (STR_CHECK(string)) return str_substr(string, a, b);
    if (BYTES_CHECK(string)) return bytes_from(BYTES_DATA(string) + a, b - a);
    return bytes_from(((ByteArrayObj *)string)->data + a, b - a);
}

static Ssize clamp(Ssize v, Ssize len)
{
    if (v < 0) v = 0;
    if (v > len) v = len;
    return v;
}

enum { M_MATCH, M_SEARCH, M_FULL };

static Obj *pattern_do(PatternObj *p, Obj *string, Obj *pos_o, Obj *end_o, int kind)
{
    Subject s;
    if (subject_get(p, string, &s) < 0) return NULL;
    Ssize pos = 0, endpos = s.len;
    if (pos_o && (pos = num_as_ssize(pos_o, &exc_OverflowError)) == -1 && vm_err_occurred()) goto fail;
    if (end_o && (endpos = num_as_ssize(end_o, &exc_OverflowError)) == -1 && vm_err_occurred()) goto fail;
    pos = clamp(pos, s.len);
    endpos = clamp(endpos, s.len);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(p->code, NULL);
    uint32_t opts = kind == M_MATCH ? PCRE2_ANCHORED : kind == M_FULL ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0;
    int rc = do_match(p, &s, pos, endpos, opts, md);
    Obj *r = rc < 0 ? NULL : rc == 0 ? INCREF(NONE) : match_new(p, string, pos, endpos, md);
    pcre2_match_data_free(md);
    free(s.buf);
    return r;
fail:
    free(s.buf);
    return NULL;
}

static Obj *pat_match_common(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, const char *name, int kind)
{
    static const char *const names[] = {"string", "pos", "endpos"};
    Obj *v[3];
    if (args_parse(name, args, nargs, kwnames, names, 3, 0, 1, v) < 0) return NULL;
    return pattern_do((PatternObj *)self, v[0], v[1], v[2], kind);
}

static Obj *pat_match(Obj *s, Obj *const *a, Ssize n, Obj *k) { return pat_match_common(s, a, n, k, "match", M_MATCH); }
static Obj *pat_search(Obj *s, Obj *const *a, Ssize n, Obj *k) { return pat_match_common(s, a, n, k, "search", M_SEARCH); }
static Obj *pat_fullmatch(Obj *s, Obj *const *a, Ssize n, Obj *k) { return pat_match_common(s, a, n, k, "fullmatch", M_FULL); }

/* Iterate the matches of p over string[pos:endpos]: cb per match; stop
 * after max matches (0: all). */
typedef int (*MatchCb)(void *ctx, PatternObj *p, Obj *string, Subject *s, pcre2_match_data *md,
                       Ssize pos, Ssize endpos);

static int each_match(PatternObj *p, Obj *string, Subject *s, Ssize pos, Ssize endpos, Ssize max,
                      MatchCb cb, void *ctx)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(p->code, NULL);
    Ssize at = pos, count = 0;
    bool must_advance = false;
    int rc = 0;
    while (at <= endpos && (max == 0 || count < max)) {
        int r = do_match(p, s, at, endpos, must_advance ? PCRE2_NOTEMPTY_ATSTART : 0, md);
        if (r < 0) { rc = -1; break; }
        if (r == 0) break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (cb(ctx, p, string, s, md, pos, endpos) < 0) { rc = -1; break; }
        count++;
        must_advance = ov[0] == ov[1];
        at = (Ssize)ov[1];
    }
    pcre2_match_data_free(md);
    return rc;
}

static Obj *group_value(Obj *string, PCRE2_SIZE *ov, uint32_t novec, Ssize g, Obj *dflt)
{
    if ((uint32_t)g >= novec || ov[2 * g] == PCRE2_UNSET) return INCREF(dflt);
    return slice_of(string, (Ssize)ov[2 * g], (Ssize)ov[2 * g + 1]);
}

static int findall_cb(void *ctx, PatternObj *p, Obj *string, Subject *s, pcre2_match_data *md,
                      Ssize pos, Ssize endpos)
{
    (void)s; (void)pos; (void)endpos;
    Obj *l = ctx;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t nv = pcre2_get_ovector_count(md);
    Obj *empty = p->is_bytes ? bytes_from("", 0) : str_from_cstr("");
    if (!empty) return -1;
    Obj *item;
    if (p->groups == 0) {
        item = group_value(string, ov, nv, 0, empty);
    } else if (p->groups == 1) {
        item = group_value(string, ov, nv, 1, empty);
    } else {
        item = tuple_new(p->groups);
        for (Ssize g = 1; item && g <= p->groups; g++) {
            Obj *v = group_value(string, ov, nv, g, empty);
            if (!v) { CLEAR(item); break; }
            TUPLE_ITEMS(item)[g - 1] = v;
        }
    }
    DECREF(empty);
    if (!item) return -1;
    int r = list_append(l, item);
    DECREF(item);
    return r;
}

static int parse_range(Obj *const *v, Subject *s, Ssize *pos, Ssize *endpos)
{
    *pos = 0;
    *endpos = s->len;
    if (v[0] && (*pos = num_as_ssize(v[0], &exc_OverflowError)) == -1 && vm_err_occurred()) return -1;
    if (v[1] && (*endpos = num_as_ssize(v[1], &exc_OverflowError)) == -1 && vm_err_occurred()) return -1;
    *pos = clamp(*pos, s->len);
    *endpos = clamp(*endpos, s->len);
    return 0;
}

static Obj *pat_findall(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"string", "pos", "endpos"};
    Obj *v[3];
    if (args_parse("findall", args, nargs, kwnames, names, 3, 0, 1, v) < 0) return NULL;
    PatternObj *p = (PatternObj *)self;
    Subject s;
    if (subject_get(p, v[0], &s) < 0) return NULL;
    Ssize pos, endpos;
    Obj *l = NULL;
    if (parse_range(v + 1, &s, &pos, &endpos) == 0 && (l = list_new(0)) &&
        each_match(p, v[0], &s, pos, endpos, 0, findall_cb, l) < 0)
        CLEAR(l);
    free(s.buf);
    return l;
}

static int finditer_cb(void *ctx, PatternObj *p, Obj *string, Subject *s, pcre2_match_data *md,
                       Ssize pos, Ssize endpos)
{
    (void)s;
    Obj *m = match_new(p, string, pos, endpos, md);
    if (!m) return -1;
    int r = list_append((Obj *)ctx, m);
    DECREF(m);
    return r;
}

static Obj *pat_finditer(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"string", "pos", "endpos"};
    Obj *v[3];
    if (args_parse("finditer", args, nargs, kwnames, names, 3, 0, 1, v) < 0) return NULL;
    PatternObj *p = (PatternObj *)self;
    Subject s;
    if (subject_get(p, v[0], &s) < 0) return NULL;
    Ssize pos, endpos;
    Obj *l = NULL;
    if (parse_range(v + 1, &s, &pos, &endpos) == 0 && (l = list_new(0)) &&
        each_match(p, v[0], &s, pos, endpos, 0, finditer_cb, l) < 0)
        CLEAR(l);
    free(s.buf);
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

/* ---- split ---- */

typedef struct SplitCtx { Obj *list; Ssize last; } SplitCtx;

static int split_cb(void *ctx, PatternObj *p, Obj *string, Subject *s, pcre2_match_data *md,
                    Ssize pos, Ssize endpos)
{
    (void)s; (void)pos; (void)endpos;
    SplitCtx *c = ctx;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t nv = pcre2_get_ovector_count(md);
    Obj *piece = slice_of(string, c->last, (Ssize)ov[0]);
    if (!piece || list_append(c->list, piece) < 0) {
        XDECREF(piece);
        return -1;
    }
    DECREF(piece);
    for (Ssize g = 1; g <= p->groups; g++) {
        Obj *v = group_value(string, ov, nv, g, NONE);
        if (!v || list_append(c->list, v) < 0) {
            XDECREF(v);
            return -1;
        }
        DECREF(v);
    }
    c->last = (Ssize)ov[1];
    return 0;
}

static Obj *split_impl(PatternObj *p, Obj *string, Ssize maxsplit)
{
    Subject s;
    if (subject_get(p, string, &s) < 0) return NULL;
    SplitCtx c = {list_new(0), 0};
    if (c.list && maxsplit >= 0 && each_match(p, string, &s, 0, s.len, maxsplit, split_cb, &c) < 0) CLEAR(c.list);
    if (c.list) {
        Obj *rest = slice_of(string, c.last, s.len);
        if (!rest || list_append(c.list, rest) < 0) CLEAR(c.list);
        XDECREF(rest);
    }
    free(s.buf);
    return c.list;
}

static Obj *pat_split(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"string", "maxsplit"};
    Obj *v[2];
    if (args_parse("split", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return NULL;
    Ssize maxsplit = 0;
    if (v[1] && (maxsplit = num_as_ssize(v[1], &exc_OverflowError)) == -1 && vm_err_occurred()) return NULL;
    if (maxsplit < 0) return list_from_array(&v[0], 1);
    return split_impl((PatternObj *)self, v[0], maxsplit);
}

/* ---- sub ---- */

/* A parsed replacement template: literal pieces and group numbers. */
typedef struct Tmpl {
    Obj **lits;       /* literal pieces (str/bytes), one before each group, plus the tail */
    Ssize *groups;
    Ssize n;          /* number of group refs */
} Tmpl;

static void tmpl_free(Tmpl *t)
{
    for (Ssize i = 0; i <= t->n && t->lits; i++) XDECREF(t->lits[i]);
    free(t->lits);
    free(t->groups);
}

static int tmpl_parse(PatternObj *p, Obj *repl, Tmpl *t)
{
    memset(t, 0, sizeof *t);
    Ssize n = VAR_SIZE(repl);
    bool isb = p->is_bytes;
    uint32_t *lit = xmalloc(sizeof(uint32_t) * (size_t)(n + 1));
    Ssize nl = 0, cap = 4;
    t->lits = xmalloc(sizeof(Obj *) * (size_t)(cap + 1));
    t->groups = xmalloc(sizeof(Ssize) * (size_t)cap);
#define RC(i) (isb ? (uint32_t)BYTES_DATA(repl)[i] : str_char(repl, i))
    Ssize i = 0;
    while (i < n) {
        uint32_t c = RC(i);
        if (c != '\\') {
            lit[nl++] = c;
            i++;
            continue;
        }
        if (i + 1 >= n) {
            re_error("bad escape (end of pattern)", repl, i);
            goto fail;
        }
        uint32_t e = RC(i + 1);
        Ssize g = -1;
        Ssize at = i;
        if (e == 'g') {
            Ssize j = i + 2;
            if (j >= n || RC(j) != '<') {
                re_error("missing <", repl, j);
                goto fail;
            }
            Ssize ns = j + 1, k = ns;
            while (k < n && RC(k) != '>') k++;
            if (k >= n) {
                re_error("missing >, unterminated name", repl, ns);
                goto fail;
            }
            Obj *name = isb ? str_decode(BYTES_DATA(repl) + ns, k - ns, "latin-1", NULL)
                            : str_substr(repl, ns, k);
            if (!name) goto fail;
            if (VAR_SIZE(name) == 0) {
                DECREF(name);
                re_error("missing group name", repl, ns);
                goto fail;
            }
            bool digits = true;
            for (Ssize q = 0; q < VAR_SIZE(name); q++)
                if (!is_digit(str_char(name, q))) digits = false;
            if (digits) {
                g = 0;
                for (Ssize q = 0; q < VAR_SIZE(name); q++) g = g * 10 + (str_char(name, q) - '0');
                if (g > p->groups) {
                    Obj *m = str_from_fmt("invalid group reference %zd", g);
                    DECREF(name);
                    if (m) {
                        Ssize len;
                        re_error(str_utf8_lossy(m, &len), repl, ns);
                        DECREF(m);
                    }
                    goto fail;
                }
            } else {
                Obj *gi = dict_get_borrow(p->groupindex, name);
                if (!gi) {
                    if (!str_isidentifier(name)) {
                        Obj *m = str_from_fmt("bad character in group name %R", name);
                        DECREF(name);
                        if (m) {
                            Ssize len;
                            re_error(str_utf8_lossy(m, &len), repl, ns);
                            DECREF(m);
                        }
                        goto fail;
                    }
                    vm_err_format(&exc_IndexError, "unknown group name %R", name);
                    DECREF(name);
                    goto fail;
                }
                g = num_as_ssize(gi, &exc_OverflowError);
            }
            DECREF(name);
            i = k + 1;
        } else if (e == '0') {
            /* octal escape \0, \0o, \0oo */
            Ssize j = i + 2;
            uint32_t v = 0;
            while (j < n && j < i + 4 && RC(j) >= '0' && RC(j) <= '7') v = v * 8 + (RC(j++) - '0');
            lit[nl++] = v;
            i = j;
            continue;
        } else if (is_digit(e)) {
            Ssize j = i + 1;
            g = 0;
            while (j < n && j < i + 3 && is_digit(RC(j))) g = g * 10 + (RC(j++) - '0');
            if (g > p->groups) {
                Obj *m = str_from_fmt("invalid group reference %zd", g);
                if (m) {
                    Ssize len;
                    re_error(str_utf8_lossy(m, &len), repl, at + 1);
                    DECREF(m);
                }
                goto fail;
            }
            i = j;
        } else {
            uint32_t v;
            switch (e) {
            case 'n': v = '\n'; break;
            case 't': v = '\t'; break;
            case 'r': v = '\r'; break;
            case 'a': v = '\a'; break;
            case 'b': v = '\b'; break;
            case 'f': v = '\f'; break;
            case 'v': v = '\v'; break;
            case '\\': v = '\\'; break;
            default:
                if (e < 128 && ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z'))) {
                    char m[32];
                    snprintf(m, sizeof m, "bad escape \\%c", (char)e);
                    re_error(m, repl, i);
                    goto fail;
                }
                lit[nl++] = '\\';
                v = e;
            }
            lit[nl++] = v;
            i += 2;
            continue;
        }
        /* a group reference */
        if (t->n == cap) {
            cap *= 2;
            t->lits = xrealloc(t->lits, sizeof(Obj *) * (size_t)(cap + 1));
            t->groups = xrealloc(t->groups, sizeof(Ssize) * (size_t)cap);
        }
        Obj *piece;
        if (isb) {
            unsigned char *b = xmalloc((size_t)nl + 1);
            for (Ssize q = 0; q < nl; q++) b[q] = (unsigned char)lit[q];
            piece = bytes_from(b, nl);
            free(b);
        } else {
            piece = str_from_ucs4(lit, nl);
        }
        if (!piece) goto fail;
        t->lits[t->n] = piece;
        t->groups[t->n++] = g;
        nl = 0;
    }
    {
        Obj *piece;
        if (isb) {
            unsigned char *b = xmalloc((size_t)nl + 1);
            for (Ssize q = 0; q < nl; q++) b[q] = (unsigned char)lit[q];
            piece = bytes_from(b, nl);
            free(b);
        } else {
            piece = str_from_ucs4(lit, nl);
        }
        if (!piece) goto fail;
        t->lits[t->n] = piece;
    }
#undef RC
    free(lit);
    return 0;
fail:
    free(lit);
    for (Ssize q = 0; q < t->n; q++) XDECREF(t->lits[q]);
    free(t->lits);
    free(t->groups);
    memset(t, 0, sizeof *t);
    return -1;
}

typedef struct SubCtx {
    Obj *pieces;      /* list */
    Ssize last, count;
    Obj *callable;
    Tmpl tmpl;
} SubCtx;

static int sub_cb(void *ctx, PatternObj *p, Obj *string, Subject *s, pcre2_match_data *md,
                  Ssize pos, Ssize endpos)
{
    (void)s;
    SubCtx *c = ctx;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t nv = pcre2_get_ovector_count(md);
    Obj *before = slice_of(string, c->last, (Ssize)ov[0]);
    if (!before || list_append(c->pieces, before) < 0) {
        XDECREF(before);
        return -1;
    }
    DECREF(before);
    if (c->callable) {
        Obj *m = match_new(p, string, pos, endpos, md);
        Obj *r = m ? obj_call(c->callable, &m, 1, NULL) : NULL;
        XDECREF(m);
        if (!r) return -1;
        if (p->is_bytes ? !BYTES_CHECK(r) : !STR_CHECK(r)) {
            if (r == NONE) {
                DECREF(r);
            } else {
                vm_err_format(&exc_TypeError, "expected %s instance, %s found",
                              p->is_bytes ? "a bytes-like object" : "str", type_name(OBJ_TYPE(r)));
                DECREF(r);
                return -1;
            }
        } else {
            int rc = list_append(c->pieces, r);
            DECREF(r);
            if (rc < 0) return -1;
        }
    } else {
        Obj *empty = p->is_bytes ? bytes_from("", 0) : str_from_cstr("");
        if (!empty) return -1;
        for (Ssize k = 0; k <= c->tmpl.n; k++) {
            if (list_append(c->pieces, c->tmpl.lits[k]) < 0) {
                DECREF(empty);
                return -1;
            }
            if (k == c->tmpl.n) break;
            Obj *v = group_value(string, ov, nv, c->tmpl.groups[k], empty);
            if (!v || list_append(c->pieces, v) < 0) {
                XDECREF(v);
                DECREF(empty);
                return -1;
            }
            DECREF(v);
        }
        DECREF(empty);
    }
    c->last = (Ssize)ov[1];
    c->count++;
    return 0;
}

static Obj *join_pieces(Obj *pieces, bool is_bytes)
{
    if (!is_bytes) {
        Obj *sep = str_from_cstr("");
        Obj *r = sep ? str_join(sep, pieces) : NULL;
        XDECREF(sep);
        return r;
    }
    Obj *sep = bytes_from("", 0);
    Obj *r = sep ? obj_call_method(sep, "join", &pieces, 1) : NULL;
    XDECREF(sep);
    return r;
}

static Obj *subn_impl(PatternObj *p, Obj *repl, Obj *string, Ssize count, bool want_n)
{
    SubCtx c;
    memset(&c, 0, sizeof c);
    bool callable = OBJ_TYPE(repl)->call != NULL && !STR_CHECK(repl) && !BYTES_CHECK(repl);
    if (callable) {
        c.callable = repl;
    } else {
        if (p->is_bytes ? !(BYTES_CHECK(repl) || IS_TYPE(repl, bytearray_type)) : !STR_CHECK(repl)) {
            if (STR_CHECK(repl) || BYTES_CHECK(repl))
                vm_err_set_str(&exc_TypeError, p->is_bytes ? "expected a bytes-like object, str found"
                                                          : "expected str instance, bytes found");
            else if (!p->is_bytes)
                vm_err_format(&exc_TypeError, "decoding to str: need a bytes-like object, %s found",
                              type_name(OBJ_TYPE(repl)));
            else
                vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'",
                              type_name(OBJ_TYPE(repl)));
            return NULL;
        }
        if (tmpl_parse(p, repl, &c.tmpl) < 0) return NULL;
    }
    Subject s;
    if (subject_get(p, string, &s) < 0) {
        if (!callable) tmpl_free(&c.tmpl);
        return NULL;
    }
    c.pieces = list_new(0);
    Obj *r = NULL;
    if (c.pieces && each_match(p, string, &s, 0, s.len, count, sub_cb, &c) == 0) {
        Obj *rest = slice_of(string, c.last, s.len);
        if (rest && list_append(c.pieces, rest) == 0) r = join_pieces(c.pieces, p->is_bytes);
        XDECREF(rest);
    }
    XDECREF(c.pieces);
    if (!callable) tmpl_free(&c.tmpl);
    free(s.buf);
    if (r && want_n) {
        Obj *n = int_from_i64(c.count);
        Obj *t = n ? tuple_pack(2, r, n) : NULL;
        XDECREF(n);
        DECREF(r);
        r = t;
    }
    return r;
}

static Obj *sub_common(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, bool want_n)
{
    static const char *const names[] = {"repl", "string", "count"};
    Obj *v[3];
    if (args_parse(want_n ? "subn" : "sub", args, nargs, kwnames, names, 3, 0, 2, v) < 0) return NULL;
    Ssize count = 0;
    if (v[2] && (count = num_as_ssize(v[2], &exc_OverflowError)) == -1 && vm_err_occurred()) return NULL;
    if (count < 0) count = 0;
    return subn_impl((PatternObj *)self, v[0], v[1], count, want_n);
}

static Obj *pat_sub(Obj *s, Obj *const *a, Ssize n, Obj *k) { return sub_common(s, a, n, k, false); }
static Obj *pat_subn(Obj *s, Obj *const *a, Ssize n, Obj *k) { return sub_common(s, a, n, k, true); }

/* ---- Pattern attributes and repr ---- */

static const struct { int bit; const char *name; } flag_names[] = {
    {RE_TEMPLATE, "re.TEMPLATE"}, {RE_IGNORECASE, "re.IGNORECASE"}, {RE_LOCALE, "re.LOCALE"},
    {RE_MULTILINE, "re.MULTILINE"}, {RE_DOTALL, "re.DOTALL"}, {RE_UNICODE, "re.UNICODE"},
    {RE_VERBOSE, "re.VERBOSE"}, {RE_DEBUG, "re.DEBUG"}, {RE_ASCII, "re.ASCII"},
};

static Obj *pattern_repr(Obj *o)
{
    PatternObj *p = (PatternObj *)o;
    Obj *pr = obj_repr(p->pattern);
    if (!pr) return NULL;
    if (VAR_SIZE(pr) > 200) {
        Obj *cut = str_substr(pr, 0, 200);
        DECREF(pr);
        if (!cut) return NULL;
        pr = cut;
    }
    int f = p->flags;
    if (!p->is_bytes) f &= ~RE_UNICODE;
    Obj *r;
    if (!f) {
        r = str_from_fmt("re.compile(%S)", pr);
    } else {
        SBuf b = SBUF_INIT;
        for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
            if (f & flag_names[i].bit) {
                if (b.len) sbuf_putc(&b, '|');
                sbuf_puts(&b, flag_names[i].name);
                f &= ~flag_names[i].bit;
            }
        if (f) sbuf_printf(&b, "%s0x%x", b.len ? "|" : "", (unsigned)f);
        r = str_from_fmt("re.compile(%S, %s)", pr, sbuf_cstr(&b));
        sbuf_free(&b);
    }
    DECREF(pr);
    return r;
}

static Obj *pat_get_pattern(Obj *o, void *c) { (void)c; return INCREF(((PatternObj *)o)->pattern); }
static Obj *pat_get_flags(Obj *o, void *c) { (void)c; return int_from_i64(((PatternObj *)o)->flags); }
static Obj *pat_get_groups(Obj *o, void *c) { (void)c; return int_from_i64(((PatternObj *)o)->groups); }
static Obj *pat_get_groupindex(Obj *o, void *c)
{
    (void)c;
    Obj *d = dict_copy(((PatternObj *)o)->groupindex);
    if (!d) return NULL;
    Obj *r = mappingproxy_new(d);
    DECREF(d);
    return r;
}

static Obj *pattern_richcompare(Obj *a, Obj *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || !IS_TYPE(b, pattern_type)) return INCREF(NOTIMPL);
    PatternObj *x = (PatternObj *)a, *y = (PatternObj *)b;
    int eq = x->flags == y->flags && x->is_bytes == y->is_bytes ? obj_richcompare_bool(x->pattern, y->pattern, CMP_EQ) : 0;
    if (eq < 0) return NULL;
    return bool_from(op == CMP_EQ ? eq : !eq);
}

static Hash pattern_hash(Obj *o)
{
    PatternObj *p = (PatternObj *)o;
    Hash h = obj_hash(p->pattern);
    if (h == -1) return -1;
    h ^= (Hash)p->flags * 1000003;
    return h == -1 ? -2 : h;
}

static Obj *pat_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return INCREF(self);
}

static Obj *class_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return generic_alias_new(self ? self : args[0], self ? args[0] : args[1]);
}

/* Pattern.__reduce__: (re._compile, (pattern, flags)), what copyreg's entry for patterns gives */
static Obj *pat_reduce(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    PatternObj *p = (PatternObj *)self;
    Obj *re = import_name(id_str("re"), NULL, NULL, 0);
    Obj *fn = re ? obj_getattr_str(re, "_compile") : NULL;
    XDECREF(re);
    Obj *flags = fn ? int_from_i64(p->flags) : NULL;
    Obj *a = flags ? tuple_pack(2, p->pattern, flags) : NULL;
    Obj *r = a ? tuple_pack(2, fn, a) : NULL;
    XDECREF(fn);
    XDECREF(flags);
    XDECREF(a);
    return r;
}

static MethodDef pattern_methods[] = {
    {"__reduce__", pat_reduce, METH_NOARGS, NULL},
    {"match", pat_match, METH_FAST, "Matches zero or more characters at the beginning of the string."},
    {"search", pat_search, METH_FAST, "Scan through string looking for a match, and return a corresponding match object instance."},
    {"fullmatch", pat_fullmatch, METH_FAST, "Matches against all of the string."},
    {"findall", pat_findall, METH_FAST, "Return a list of all non-overlapping matches of pattern in string."},
    {"finditer", pat_finditer, METH_FAST, "Return an iterator over all non-overlapping matches for the RE pattern in string."},
    {"split", pat_split, METH_FAST, "Split string by the occurrences of pattern."},
    {"sub", pat_sub, METH_FAST, "Return the string obtained by replacing the leftmost non-overlapping occurrences of pattern in string by the replacement repl."},
    {"subn", pat_subn, METH_FAST, "Return the tuple (new_string, number_of_subs_made) found by replacing the leftmost non-overlapping occurrences of pattern with the replacement repl."},
    {"__copy__", pat_copy, METH_NOARGS, NULL},
    {"__deepcopy__", pat_copy, METH_O, NULL},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static GetSetDef pattern_getset[] = {
    {"pattern", pat_get_pattern, NULL, "The pattern string from which the RE object was compiled.", NULL},
    {"flags", pat_get_flags, NULL, "The regex matching flags.", NULL},
    {"groups", pat_get_groups, NULL, "The number of capturing groups in the pattern.", NULL},
    {"groupindex", pat_get_groupindex, NULL, "A dictionary mapping group names to group numbers.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj pattern_type = {
    .base = TYPE_HEAD_INIT, .name = "re.Pattern", .basicsize = sizeof(PatternObj),
    .weaklistoffset = offsetof(PatternObj, weakreflist),
    .getattro = obj_generic_getattr, .dealloc = pattern_dealloc, .repr = pattern_repr,
    .richcompare = pattern_richcompare, .hash = pattern_hash, .methods = pattern_methods,
    .getset = pattern_getset, .doc = "Compiled regular expression object.",
};

/* ---- Match ---- */

static int group_index(MatchObj *m, Obj *g, Ssize *out)
{
    if (INT_CHECK(g) || index_check(g)) {
        Ssize i = num_as_ssize(g, NULL);
        if (i == -1 && vm_err_occurred()) {
            vm_err_clear();
            i = -1;
        }
        if (i < 0 || i >= m->ngroups) {
            vm_err_set_str(&exc_IndexError, "no such group");
            return -1;
        }
        *out = i;
        return 0;
    }
    if (STR_CHECK(g)) {
        Obj *gi = dict_get_borrow(m->pat->groupindex, g);
        if (gi) {
            *out = num_as_ssize(gi, &exc_OverflowError);
            return 0;
        }
    }
    vm_err_set_str(&exc_IndexError, "no such group");
    return -1;
}

static Obj *m_group_value(MatchObj *m, Ssize g, Obj *dflt)
{
    if (m->offs[2 * g] < 0) return INCREF(dflt);
    return slice_of(m->string, m->offs[2 * g], m->offs[2 * g + 1]);
}

static Obj *m_group(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("group", kw) < 0) return NULL;
    MatchObj *m = (MatchObj *)self;
    if (nargs == 0) return m_group_value(m, 0, NONE);
    if (nargs == 1) {
        Ssize g;
        if (group_index(m, args[0], &g) < 0) return NULL;
        return m_group_value(m, g, NONE);
    }
    Obj *t = tuple_new(nargs);
    for (Ssize i = 0; t && i < nargs; i++) {
        Ssize g;
        Obj *v = group_index(m, args[i], &g) < 0 ? NULL : m_group_value(m, g, NONE);
        if (!v) CLEAR(t);
        else TUPLE_ITEMS(t)[i] = v;
    }
    return t;
}

static Obj *m_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Ssize g;
    MatchObj *m = (MatchObj *)self;
    if (group_index(m, args[0], &g) < 0) return NULL;
    return m_group_value(m, g, NONE);
}

static Obj *m_groups(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"default"};
    Obj *v[1];
    if (args_parse("groups", args, nargs, kwnames, names, 1, 0, 0, v) < 0) return NULL;
    MatchObj *m = (MatchObj *)self;
    Obj *t = tuple_new(m->ngroups - 1);
    for (Ssize g = 1; t && g < m->ngroups; g++) {
        Obj *x = m_group_value(m, g, v[0] ? v[0] : NONE);
        if (!x) CLEAR(t);
        else TUPLE_ITEMS(t)[g - 1] = x;
    }
    return t;
}

static Obj *m_groupdict(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"default"};
    Obj *v[1];
    if (args_parse("groupdict", args, nargs, kwnames, names, 1, 0, 0, v) < 0) return NULL;
    MatchObj *m = (MatchObj *)self;
    Obj *d = dict_new();
    Ssize pos = 0;
    Obj *k, *gi;
    while (d && dict_next(m->pat->groupindex, &pos, &k, &gi)) {
        Ssize g = num_as_ssize(gi, &exc_OverflowError);
        Obj *x = m_group_value(m, g, v[0] ? v[0] : NONE);
        if (!x || dict_set(d, k, x) < 0) CLEAR(d);
        XDECREF(x);
    }
    return d;
}

static int opt_group(MatchObj *m, Obj *const *args, Ssize nargs, const char *name, Ssize *g)
{
    if (args_count(name, nargs, 0, 1) < 0) return -1;
    *g = 0;
    if (nargs == 1) return group_index(m, args[0], g);
    return 0;
}

static Obj *m_start(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    Ssize g;
    MatchObj *m = (MatchObj *)self;
    if (opt_group(m, args, nargs, "start", &g) < 0) return NULL;
    return int_from_i64(m->offs[2 * g]);
}

static Obj *m_end(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    Ssize g;
    MatchObj *m = (MatchObj *)self;
    if (opt_group(m, args, nargs, "end", &g) < 0) return NULL;
    return int_from_i64(m->offs[2 * g + 1]);
}

static Obj *span_tuple(MatchObj *m, Ssize g)
{
    Obj *a = int_from_i64(m->offs[2 * g]), *b = a ? int_from_i64(m->offs[2 * g + 1]) : NULL;
    Obj *t = b ? tuple_pack(2, a, b) : NULL;
    XDECREF(a);
    XDECREF(b);
    return t;
}

static Obj *m_span(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)kw;
    Ssize g;
    MatchObj *m = (MatchObj *)self;
    if (opt_group(m, args, nargs, "span", &g) < 0) return NULL;
    return span_tuple(m, g);
}

static Obj *m_expand(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    MatchObj *m = (MatchObj *)self;
    Tmpl t;
    if (!(m->pat->is_bytes ? BYTES_CHECK(args[0]) : STR_CHECK(args[0]))) {
        vm_err_format(&exc_TypeError, "expected %s, got '%s'", m->pat->is_bytes ? "a bytes-like object" : "str instance",
                      type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    if (tmpl_parse(m->pat, args[0], &t) < 0) return NULL;
    Obj *pieces = list_new(0);
    Obj *empty = m->pat->is_bytes ? bytes_from("", 0) : str_from_cstr("");
    for (Ssize k = 0; pieces && empty && k <= t.n; k++) {
        if (list_append(pieces, t.lits[k]) < 0) { CLEAR(pieces); break; }
        if (k == t.n) break;
        Obj *v = m_group_value(m, t.groups[k], empty);
        if (!v || list_append(pieces, v) < 0) CLEAR(pieces);
        XDECREF(v);
    }
    tmpl_free(&t);
    XDECREF(empty);
    if (!pieces) return NULL;
    Obj *r = join_pieces(pieces, m->pat->is_bytes);
    DECREF(pieces);
    return r;
}

static Obj *match_repr(Obj *o)
{
    MatchObj *m = (MatchObj *)o;
    Obj *g = m_group_value(m, 0, NONE);
    if (!g) return NULL;
    Obj *r = str_from_fmt("<re.Match object; span=(%zd, %zd), match=%R>", m->offs[0], m->offs[1], g);
    DECREF(g);
    return r;
}

static Obj *m_get_lastindex(Obj *o, void *c)
{
    (void)c;
    MatchObj *m = (MatchObj *)o;
    return m->lastindex < 0 ? INCREF(NONE) : int_from_i64(m->lastindex);
}

static Obj *m_get_lastgroup(Obj *o, void *c)
{
    (void)c;
    MatchObj *m = (MatchObj *)o;
    if (m->lastindex < 0) return INCREF(NONE);
    return INCREF(TUPLE_ITEMS(m->pat->indexgroup)[m->lastindex]);
}

static Obj *m_get_regs(Obj *o, void *c)
{
    (void)c;
    MatchObj *m = (MatchObj *)o;
    Obj *t = tuple_new(m->ngroups);
    for (Ssize g = 0; t && g < m->ngroups; g++) {
        Obj *s = span_tuple(m, g);
        if (!s) CLEAR(t);
        else TUPLE_ITEMS(t)[g] = s;
    }
    return t;
}

static Obj *m_get_string(Obj *o, void *c) { (void)c; return INCREF(((MatchObj *)o)->string); }
static Obj *m_get_re(Obj *o, void *c) { (void)c; return INCREF((Obj *)((MatchObj *)o)->pat); }
static Obj *m_get_pos(Obj *o, void *c) { (void)c; return int_from_i64(((MatchObj *)o)->pos); }
static Obj *m_get_endpos(Obj *o, void *c) { (void)c; return int_from_i64(((MatchObj *)o)->endpos); }

static int match_bool(Obj *o) { (void)o; return 1; }

static MethodDef match_methods[] = {
    {"group", m_group, METH_FAST, "group([group1, ...]) -> str or tuple."},
    {"__getitem__", m_getitem, METH_O, "Return self[key]."},
    {"groups", m_groups, METH_FAST, "Return a tuple containing all the subgroups of the match."},
    {"groupdict", m_groupdict, METH_FAST, "Return a dictionary containing all the named subgroups of the match."},
    {"start", m_start, METH_FAST, "Return index of the start of the substring matched by group."},
    {"end", m_end, METH_FAST, "Return index of the end of the substring matched by group."},
    {"span", m_span, METH_FAST, "For match object m, return the 2-tuple (m.start(group), m.end(group))."},
    {"expand", m_expand, METH_O, "Return the string obtained by doing backslash substitution on the string template."},
    {"__copy__", pat_copy, METH_NOARGS, NULL},
    {"__deepcopy__", pat_copy, METH_O, NULL},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static GetSetDef match_getset[] = {
    {"lastindex", m_get_lastindex, NULL, NULL, NULL},
    {"lastgroup", m_get_lastgroup, NULL, NULL, NULL},
    {"regs", m_get_regs, NULL, NULL, NULL},
    {"string", m_get_string, NULL, NULL, NULL},
    {"re", m_get_re, NULL, NULL, NULL},
    {"pos", m_get_pos, NULL, NULL, NULL},
    {"endpos", m_get_endpos, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *match_subscript(Obj *o, Obj *key)
{
    Ssize g;
    if (group_index((MatchObj *)o, key, &g) < 0) return NULL;
    return m_group_value((MatchObj *)o, g, NONE);
}

static MappingMethods match_as_mapping = {.subscript = match_subscript};
static NumberMethods match_as_number = {.bool_ = match_bool};

TypeObj match_type = {
    .base = TYPE_HEAD_INIT, .name = "re.Match", .basicsize = sizeof(MatchObj),
    .getattro = obj_generic_getattr, .dealloc = match_dealloc, .repr = match_repr,
    .as_mapping = &match_as_mapping, .as_number = &match_as_number, .methods = match_methods,
    .getset = match_getset, .doc = "The result of re.match() and re.search().",
};

/* ---- module functions ---------------------------------------------------------------------- */

static Obj *compiled_from(Obj *pattern, Obj *flags_o)
{
    int flags;
    if (flags_of(flags_o, &flags) < 0) return NULL;
    return re_compile_obj(pattern, flags);
}

static Obj *re_match_common(Obj *const *args, Ssize nargs, Obj *kwnames, const char *name, int kind)
{
    static const char *const names[] = {"pattern", "string", "flags"};
    Obj *v[3];
    if (args_parse(name, args, nargs, kwnames, names, 3, 0, 2, v) < 0) return NULL;
    Obj *p = compiled_from(v[0], v[2]);
    if (!p) return NULL;
    Obj *r = pattern_do((PatternObj *)p, v[1], NULL, NULL, kind);
    DECREF(p);
    return r;
}

static Obj *re_match(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return re_match_common(a, n, k, "match", M_MATCH); }
static Obj *re_search(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return re_match_common(a, n, k, "search", M_SEARCH); }
static Obj *re_fullmatch(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return re_match_common(a, n, k, "fullmatch", M_FULL); }

static Obj *re_compile(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"pattern", "flags"};
    Obj *v[2];
    if (args_parse("compile", args, nargs, kwnames, names, 2, 0, 1, v) < 0) return NULL;
    return compiled_from(v[0], v[1]);
}

static Obj *re_iter_common(Obj *const *args, Ssize nargs, Obj *kwnames, const char *name, bool iter)
{
    static const char *const names[] = {"pattern", "string", "flags"};
    Obj *v[3];
    if (args_parse(name, args, nargs, kwnames, names, 3, 0, 2, v) < 0) return NULL;
    Obj *p = compiled_from(v[0], v[2]);
    if (!p) return NULL;
    Obj *r = iter ? pat_finditer(p, &v[1], 1, NULL) : pat_findall(p, &v[1], 1, NULL);
    DECREF(p);
    return r;
}

static Obj *re_findall(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return re_iter_common(a, n, k, "findall", false); }
static Obj *re_finditer(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return re_iter_common(a, n, k, "finditer", true); }

static Obj *re_sub_common(Obj *const *args, Ssize nargs, Obj *kwnames, bool want_n)
{
    static const char *const names[] = {"pattern", "repl", "string", "count", "flags"};
    Obj *v[5];
    if (args_parse(want_n ? "subn" : "sub", args, nargs, kwnames, names, 5, 0, 3, v) < 0) return NULL;
    Obj *p = compiled_from(v[0], v[4]);
    if (!p) return NULL;
    Ssize count = 0;
    Obj *r = NULL;
    if (!v[3] || (count = num_as_ssize(v[3], &exc_OverflowError)) != -1 || !vm_err_occurred())
        r = subn_impl((PatternObj *)p, v[1], v[2], count < 0 ? 0 : count, want_n);
    DECREF(p);
    return r;
}

static Obj *re_sub(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return re_sub_common(a, n, k, false); }
static Obj *re_subn(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return re_sub_common(a, n, k, true); }

static Obj *re_split(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self;
    static const char *const names[] = {"pattern", "string", "maxsplit", "flags"};
    Obj *v[4];
    if (args_parse("split", args, nargs, kwnames, names, 4, 0, 2, v) < 0) return NULL;
    Obj *p = compiled_from(v[0], v[3]);
    if (!p) return NULL;
    Obj *a[2] = {v[1], v[2] ? v[2] : NULL};
    Obj *r = pat_split(p, a, v[2] ? 2 : 1, NULL);
    DECREF(p);
    return r;
}

static Obj *re_escape(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    Obj *s = args[0];
    static const char special[] = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
    if (STR_CHECK(s)) {
        Ssize n = VAR_SIZE(s);
        uint32_t *b = xmalloc(sizeof(uint32_t) * (size_t)(2 * n + 1));
        Ssize k = 0;
        for (Ssize i = 0; i < n; i++) {
            uint32_t c = str_char(s, i);
            if (c < 128 && c && strchr(special, (int)c)) b[k++] = '\\';
            b[k++] = c;
        }
        Obj *r = str_from_ucs4(b, k);
        free(b);
        return r;
    }
    if (BYTES_CHECK(s)) {
        Ssize n = VAR_SIZE(s);
        unsigned char *b = xmalloc((size_t)(2 * n + 1));
        Ssize k = 0;
        for (Ssize i = 0; i < n; i++) {
            unsigned char c = BYTES_DATA(s)[i];
            if (c < 128 && c && strchr(special, c)) b[k++] = '\\';
            b[k++] = c;
        }
        Obj *r = bytes_from(b, k);
        free(b);
        return r;
    }
    vm_err_format(&exc_TypeError, "expected str or bytes, got '%s'", type_name(OBJ_TYPE(s)));
    return NULL;
}

static Obj *re_purge(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    if (cache) dict_clear(cache);
    return INCREF(NONE);
}

/* RegexFlag: an int subclass whose repr/str name the flags
 * ("re.IGNORECASE|re.MULTILINE") and whose | & ^ keep the class. */
static Obj *flag_names_str(int64_t f)
{
    if (f == 0) return str_from_cstr("re.NOFLAG");
    SBuf b = SBUF_INIT;
    int64_t rest = f;
    if (f > 0) {
        for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++)
            if (rest & flag_names[i].bit) {
                if (b.len) sbuf_putc(&b, '|');
                sbuf_puts(&b, flag_names[i].name);
                rest &= ~(int64_t)flag_names[i].bit;
            }
        if (rest) sbuf_printf(&b, "%s0x%llx", b.len ? "|" : "", (unsigned long long)rest);
    } else {
        sbuf_printf(&b, "%lld", (long long)f);
    }
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *rf_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    int64_t v;
    if (int_as_i64(self, &v) < 0) return NULL;
    return flag_names_str(v);
}

static Obj *rf_binop(Obj *self, Obj *other, int op)
{
    if (!INT_CHECK(other)) return INCREF(NOTIMPL);
    /* int's own operator (num_binary would come back here) */
    NumberMethods *nb = int_type.as_number;
    Obj *r = (op == NB_OR ? nb->or_ : op == NB_AND ? nb->and_ : nb->xor_)(self, other);
    if (!r || r == NOTIMPL) return r;
    Obj *f = obj_call(flag_cls, &r, 1, NULL);
    DECREF(r);
    return f;
}

static Obj *rf_or(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return rf_binop(s, a[0], NB_OR); }
static Obj *rf_and(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return rf_binop(s, a[0], NB_AND); }
static Obj *rf_xor(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)n; (void)k; return rf_binop(s, a[0], NB_XOR); }

static const MethodDef flag_methods[] = {
    {"__repr__", rf_repr, METH_NOARGS, NULL},
    {"__str__", rf_repr, METH_NOARGS, NULL},
    {"__or__", rf_or, METH_O, NULL},
    {"__ror__", rf_or, METH_O, NULL},
    {"__and__", rf_and, METH_O, NULL},
    {"__rand__", rf_and, METH_O, NULL},
    {"__xor__", rf_xor, METH_O, NULL},
    {"__rxor__", rf_xor, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef re_functions[] = {
    {"compile", re_compile, METH_FAST, "Compile a regular expression pattern, returning a Pattern object."},
    {"_compile", re_compile, METH_FAST, NULL},
    {"match", re_match, METH_FAST, "Try to apply the pattern at the start of the string, returning\na Match object, or None if no match was found."},
    {"search", re_search, METH_FAST, "Scan through string looking for a match to the pattern, returning\na Match object, or None if no match was found."},
    {"fullmatch", re_fullmatch, METH_FAST, "Try to apply the pattern to all of the string, returning\na Match object, or None if no match was found."},
    {"findall", re_findall, METH_FAST, "Return a list of all non-overlapping matches in the string."},
    {"finditer", re_finditer, METH_FAST, "Return an iterator over all non-overlapping matches in the\nstring."},
    {"sub", re_sub, METH_FAST, "Return the string obtained by replacing the leftmost\nnon-overlapping occurrences of the pattern in string by the\nreplacement repl."},
    {"subn", re_subn, METH_FAST, "Return a 2-tuple containing (new_string, number)."},
    {"split", re_split, METH_FAST, "Split the source string by the occurrences of the pattern,\nreturning a list containing the resulting substrings."},
    {"escape", re_escape, METH_O, "Escape special characters in a string."},
    {"purge", re_purge, METH_NOARGS, "Clear the regular expression caches"},
    {NULL, NULL, 0, NULL},
};

static Obj *re_init(void)
{
    Obj *m = module_new("re");
    if (!m) return NULL;
    if (type_ready(&pattern_type) < 0 || type_ready(&match_type) < 0) goto fail;
    if (!error_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_Exception);
        error_cls = bases ? mu_class_new("error", "re", bases, error_methods) : NULL;
        XDECREF(bases);
        if (!error_cls) goto fail;
    }
    if (module_add_functions(m, re_functions) < 0 || module_add(m, "error", INCREF(error_cls)) < 0 ||
        module_add(m, "Pattern", INCREF((Obj *)&pattern_type)) < 0 ||
        module_add(m, "Match", INCREF((Obj *)&match_type)) < 0)
        goto fail;
    static const struct { const char *name; int v; } consts[] = {
        {"A", RE_ASCII}, {"ASCII", RE_ASCII}, {"I", RE_IGNORECASE}, {"IGNORECASE", RE_IGNORECASE},
        {"L", RE_LOCALE}, {"LOCALE", RE_LOCALE}, {"M", RE_MULTILINE}, {"MULTILINE", RE_MULTILINE},
        {"S", RE_DOTALL}, {"DOTALL", RE_DOTALL}, {"U", RE_UNICODE}, {"UNICODE", RE_UNICODE},
        {"X", RE_VERBOSE}, {"VERBOSE", RE_VERBOSE}, {"T", RE_TEMPLATE}, {"TEMPLATE", RE_TEMPLATE},
        {"DEBUG", RE_DEBUG}, {"NOFLAG", 0},
    };
    if (!flag_cls) {
        Obj *bases = tuple_pack(1, (Obj *)&int_type);
        flag_cls = bases ? mu_class_new("RegexFlag", "re", bases, flag_methods) : NULL;
        XDECREF(bases);
        if (!flag_cls) goto fail;
    }
    if (module_add(m, "RegexFlag", INCREF(flag_cls)) < 0) goto fail;
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
        Obj *v = int_from_i64(consts[i].v);
        Obj *f = v ? obj_call(flag_cls, &v, 1, NULL) : NULL;
        XDECREF(v);
        if (module_add(m, consts[i].name, f) < 0) goto fail;
    }
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_re_register(void)
{
    vm_static_roots(&error_cls, 1);
    vm_static_roots(&flag_cls, 1);
    vm_static_roots(&cache, 1);
    import_register_native("re", re_init);
}
