/* mod_pprint.c — the `pprint` module of CPython 3.12, natively.
 *
 * PrettyPrinter keeps its options as the instance attributes pprint.py
 * uses (_width, _indent_per_level, _depth, _compact, _sort_dicts,
 * _underscore_numbers, _stream); formatting follows pprint.py's _format:
 * an object whose one-line safe repr fits in width - indent - allowance is
 * written as is, otherwise the pretty printer chosen by type(obj).__repr__
 * (dict, list, tuple, set/frozenset, str, bytes, bytearray, mappingproxy,
 * SimpleNamespace, OrderedDict, defaultdict, Counter, ChainMap, deque,
 * dataclasses) splits it over lines with the same widths, allowances and
 * delimiters.  _safe_repr is CPython's (depth limits as "...", recursion as
 * "<Recursion on T with id=N>", dict keys sorted by _safe_key, readable and
 * recursive flags); a subclass overriding format() is called for every
 * element as pprint.py does.  The text is built in memory and written to
 * the stream once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

static Obj *printer_cls;

typedef struct P {
    Obj *self;
    Ssize indent_per_level, width, depth;   /* depth 0: None */
    bool compact, sort_dicts, underscore;
    bool readable, recursive;
    bool fmt_overridden;
    Obj **ctx;
    Ssize nctx, cap;
    SBuf out;
} P;

/* ---- the context (ids being formatted) ---------------------------------------------------------- */

static bool in_ctx(P *p, Obj *o)
{
    for (Ssize i = 0; i < p->nctx; i++)
        if (p->ctx[i] == o) return true;
    return false;
}

static void ctx_push(P *p, Obj *o)
{
    if (p->nctx == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 16;
        p->ctx = xrealloc(p->ctx, (size_t)p->cap * sizeof *p->ctx);
    }
    p->ctx[p->nctx++] = o;
}

static void ctx_pop(P *p) { p->nctx--; }

static void put(P *p, Obj *s)
{
    Ssize n;
    const char *u = str_utf8_lossy(s, &n);
    sbuf_put(&p->out, u, (size_t)n);
}

static void put_spaces(P *p, Ssize n)
{
    for (Ssize i = 0; i < n; i++) sbuf_putc(&p->out, ' ');
}

static Obj *type_name_obj(Obj *o)
{
    return obj_getattr((Obj *)OBJ_TYPE(o), id_str("__name__"));
}

static Obj *recursion_str(Obj *o)
{
    Obj *idf = iter_get_builtin("id");
    Obj *id = idf ? obj_call(idf, &o, 1, NULL) : NULL;
    XDECREF(idf);
    Obj *tn = id ? type_name_obj(o) : NULL;
    Obj *r = tn ? str_from_fmt("<Recursion on %S with id=%S>", tn, id) : NULL;
    XDECREF(tn);
    XDECREF(id);
    return r;
}

/* ---- _safe_key -------------------------------------------------------------------------------------- */

typedef struct SafeKey { Obj base; Obj *obj; } SafeKey;

static void sk_dealloc(Obj *o)
{
    XDECREF(((SafeKey *)o)->obj);
    obj_free(o);
}

static Obj *fallback_key(Obj *o)
{
    Obj *ts = obj_str((Obj *)OBJ_TYPE(o));
    Obj *idf = ts ? iter_get_builtin("id") : NULL;
    Obj *id = idf ? obj_call(idf, &o, 1, NULL) : NULL;
    XDECREF(idf);
    Obj *t = id ? tuple_pack(2, ts, id) : NULL;
    XDECREF(ts);
    XDECREF(id);
    return t;
}

static TypeObj safekey_type;

static Obj *sk_richcompare(Obj *a, Obj *b, int op)
{
    if (op != CMP_LT || !IS_TYPE(b, safekey_type)) return INCREF(NOTIMPL);
    Obj *x = ((SafeKey *)a)->obj, *y = ((SafeKey *)b)->obj;
    Obj *r = obj_richcompare(x, y, CMP_LT);
    if (r || !vm_err_matches(&exc_TypeError)) return r;
    vm_err_clear();
    Obj *kx = fallback_key(x), *ky = kx ? fallback_key(y) : NULL;
    r = ky ? obj_richcompare(kx, ky, CMP_LT) : NULL;
    XDECREF(kx);
    XDECREF(ky);
    return r;
}

static TypeObj safekey_type = {
    .base = TYPE_HEAD_INIT, .name = "pprint._safe_key", .basicsize = sizeof(SafeKey),
    .dealloc = sk_dealloc, .richcompare = sk_richcompare,
};

static Obj *safe_key(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s; (void)nargs; (void)kw;
    SafeKey *k = (SafeKey *)obj_alloc(&safekey_type, 0);
    if (!k) return NULL;
    Obj *o = args[0];
    /* dict items sort by their key (the values never decide: the keys differ) */
    if (TUPLE_CHECK(o) && TUPLE_LEN(o) == 2 && s == TRUE_) o = TUPLE_ITEMS(o)[0];
    k->obj = INCREF(o);
    return (Obj *)k;
}

static const MethodDef safe_key_def = {"_safe_key", safe_key, METH_O, NULL};

static Obj *sorted_safe(Obj *iterable, bool items)
{
    Obj *l = seq_to_list(iterable);
    if (!l) return NULL;
    Obj *key = builtin_new(&safe_key_def, items ? TRUE_ : FALSE_, NULL);
    if (!key || list_sort(l, key, false) < 0) CLEAR(l);
    XDECREF(key);
    return l;
}

/* ---- _safe_repr --------------------------------------------------------------------------------------- */

static Obj *fmt_call(P *p, Obj *o, Ssize maxlevels, Ssize level, bool *readable, bool *recursive);

static bool repr_is(Obj *o, TypeObj *base)
{
    if (!type_is_subtype(OBJ_TYPE(o), base)) return false;
    return type_lookup(OBJ_TYPE(o), id_str("__repr__")) == type_lookup(base, id_str("__repr__"));
}

static Obj *safe_repr(P *p, Obj *o, Ssize maxlevels, Ssize level, bool *readable, bool *recursive)
{
    if (vm_c_stack_low()) {   /* nested containers recurse here in C */
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return NULL;
    }
    TypeObj *t = OBJ_TYPE(o);
    *readable = true;
    *recursive = false;
    if (t == &str_type || t == &bytes_type || t == &bytearray_type || t == &float_type || t == &complex_type ||
        t == &bool_type || t == &none_type)
        return obj_repr(o);
    if (repr_is(o, &int_type)) {
        if (p->underscore) {
            Obj *spec = str_from_cstr("_d");
            Obj *r = spec ? obj_format(o, spec) : NULL;
            XDECREF(spec);
            return r;
        }
        return obj_repr(o);
    }
    bool is_dict = repr_is(o, &dict_type);
    bool is_list = !is_dict && repr_is(o, &list_type), is_tuple = !is_dict && !is_list && repr_is(o, &tuple_type);
    if (is_dict || is_list || is_tuple) {
        Ssize n = obj_length(o);
        if (n < 0) return NULL;
        const char *open = is_dict ? "{" : is_list ? "[" : "(";
        const char *close = is_dict ? "}" : is_list ? "]" : n == 1 ? ",)" : ")";
        if (n == 0) return str_from_fmt("%s%s", open, close);
        if (maxlevels && level >= maxlevels) {
            *readable = false;
            *recursive = in_ctx(p, o);
            return str_from_fmt("%s...%s", open, close);
        }
        if (in_ctx(p, o)) {
            *readable = false;
            *recursive = true;
            return recursion_str(o);
        }
        ctx_push(p, o);
        level++;
        Obj *items;
        if (is_dict) {
            Obj *it = obj_call_method(o, "items", NULL, 0);
            items = it ? (p->sort_dicts ? sorted_safe(it, true) : seq_to_list(it)) : NULL;
            XDECREF(it);
        } else {
            items = seq_to_list(o);
        }
        SBuf b = SBUF_INIT;
        sbuf_puts(&b, open);
        bool ok = items != NULL;
        for (Ssize i = 0; ok && i < LIST_LEN(items); i++) {
            if (i) sbuf_puts(&b, ", ");
            Obj *e = LIST_ITEMS(items)[i];
            bool r1, c1, r2 = true, c2 = false;
            Obj *k = fmt_call(p, is_dict ? TUPLE_ITEMS(e)[0] : e, maxlevels, level, &r1, &c1);
            Obj *v = k && is_dict ? fmt_call(p, TUPLE_ITEMS(e)[1], maxlevels, level, &r2, &c2) : NULL;
            if (!k || (is_dict && !v)) {
                ok = false;
            } else {
                Ssize len;
                const char *u = str_utf8_lossy(k, &len);
                sbuf_put(&b, u, (size_t)len);
                if (is_dict) {
                    sbuf_puts(&b, ": ");
                    u = str_utf8_lossy(v, &len);
                    sbuf_put(&b, u, (size_t)len);
                }
                *readable = *readable && r1 && r2;
                if (c1 || c2) *recursive = true;
            }
            XDECREF(k);
            XDECREF(v);
        }
        XDECREF(items);
        ctx_pop(p);
        sbuf_puts(&b, close);
        Obj *r = ok ? str_from_utf8(sbuf_cstr(&b), (Ssize)b.len) : NULL;
        sbuf_free(&b);
        return r;
    }
    Obj *rep = obj_repr(o);
    if (!rep) return NULL;
    *readable = VAR_SIZE(rep) > 0 && str_char(rep, 0) != '<';
    return rep;
}

/* self.format(object, context, maxlevels, level) — the native one, or an override */
/* the formatting in progress, so an overriding format() that calls
 * super().format() goes on with the same context (CPython passes the
 * context dict along) */
static P *active;

static Obj *fmt_call(P *p, Obj *o, Ssize maxlevels, Ssize level, bool *readable, bool *recursive)
{
    if (!p->fmt_overridden) return safe_repr(p, o, maxlevels, level, readable, recursive);
    Obj *ctx = dict_new();
    Obj *idf = ctx ? iter_get_builtin("id") : NULL;
    for (Ssize i = 0; idf && i < p->nctx; i++) {
        Obj *id = obj_call(idf, &p->ctx[i], 1, NULL);
        Obj *one = id ? int_from_i64(1) : NULL;
        if (!one || dict_set(ctx, id, one) < 0) CLEAR(idf);
        XDECREF(one);
        XDECREF(id);
    }
    Obj *ml = idf ? (maxlevels ? int_from_i64(maxlevels) : INCREF(NONE)) : NULL;
    Obj *lv = ml ? int_from_i64(level) : NULL;
    Obj *a[4] = {o, ctx, ml, lv};
    P *saved = active;
    active = p;
    Obj *r = lv ? obj_call_method(p->self, "format", a, 4) : NULL;
    active = saved;
    XDECREF(idf);
    XDECREF(ctx);
    XDECREF(ml);
    XDECREF(lv);
    if (!r) return NULL;
    if (!TUPLE_CHECK(r) || TUPLE_LEN(r) != 3) {
        DECREF(r);
        vm_err_set_str(&exc_TypeError, "format() must return a (repr, readable, recursive) tuple");
        return NULL;
    }
    int rd = obj_is_true(TUPLE_ITEMS(r)[1]), rc = rd < 0 ? -1 : obj_is_true(TUPLE_ITEMS(r)[2]);
    Obj *s = rc < 0 ? NULL : INCREF(TUPLE_ITEMS(r)[0]);
    DECREF(r);
    *readable = rd > 0;
    *recursive = rc > 0;
    return s;
}

/* _repr: the one-line form, recording unreadable/recursive on the printer */
static Obj *prepr(P *p, Obj *o, Ssize level)
{
    bool rd, rc;
    Obj *r = fmt_call(p, o, p->depth, level, &rd, &rc);
    if (r && !STR_CHECK(r)) {
        DECREF(r);
        vm_err_set_str(&exc_TypeError, "format() must return a str repr");
        return NULL;
    }
    if (!rd) p->readable = false;
    if (rc) p->recursive = true;
    return r;
}

/* ---- _format and the pretty printers ---------------------------------------------------------------- */

static int pformat_obj(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level);

static int format_items(P *p, Obj *items, Ssize indent, Ssize allowance, Ssize level)
{
    indent += p->indent_per_level;
    if (p->indent_per_level > 1) put_spaces(p, p->indent_per_level - 1);
    Ssize width = p->width - indent + 1, max_width = width;
    Ssize n = LIST_LEN(items);
    const char *delim = "";
    for (Ssize i = 0; i < n; i++) {
        Obj *ent = LIST_ITEMS(items)[i];
        bool last = i == n - 1;
        if (last) {
            max_width -= allowance;
            width -= allowance;
        }
        if (p->compact) {
            Obj *rep = prepr(p, ent, level);
            if (!rep) return -1;
            Ssize w = VAR_SIZE(rep) + 2;
            if (width < w) {
                width = max_width;
                if (*delim) delim = "\n";   /* marker: delimnl */
            }
            if (width >= w) {
                width -= w;
                if (!strcmp(delim, "\n")) {
                    sbuf_puts(&p->out, ",\n");
                    put_spaces(p, indent);
                } else {
                    sbuf_puts(&p->out, delim);
                }
                delim = ", ";
                put(p, rep);
                DECREF(rep);
                continue;
            }
            DECREF(rep);
        }
        if (!strcmp(delim, "\n")) {
            sbuf_puts(&p->out, ",\n");
            put_spaces(p, indent);
        } else {
            sbuf_puts(&p->out, delim);
        }
        delim = "\n";
        if (pformat_obj(p, ent, indent, last ? allowance : 1, level) < 0) return -1;
    }
    return 0;
}

static int format_dict_items(P *p, Obj *items, Ssize indent, Ssize allowance, Ssize level)
{
    indent += p->indent_per_level;
    Ssize n = LIST_LEN(items);
    for (Ssize i = 0; i < n; i++) {
        Obj *kv = LIST_ITEMS(items)[i];
        bool last = i == n - 1;
        Obj *rep = prepr(p, TUPLE_ITEMS(kv)[0], level);
        if (!rep) return -1;
        put(p, rep);
        sbuf_puts(&p->out, ": ");
        Ssize rl = VAR_SIZE(rep);
        DECREF(rep);
        if (pformat_obj(p, TUPLE_ITEMS(kv)[1], indent + rl + 2, last ? allowance : 1, level) < 0) return -1;
        if (!last) {
            sbuf_puts(&p->out, ",\n");
            put_spaces(p, indent);
        }
    }
    return 0;
}

static int pp_dict(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    sbuf_putc(&p->out, '{');
    if (p->indent_per_level > 1) put_spaces(p, p->indent_per_level - 1);
    Ssize n = obj_length(o);
    if (n < 0) return -1;
    if (n) {
        Obj *it = obj_call_method(o, "items", NULL, 0);
        Obj *items = it ? (p->sort_dicts ? sorted_safe(it, true) : seq_to_list(it)) : NULL;
        XDECREF(it);
        if (!items) return -1;
        int r = format_dict_items(p, items, indent, allowance + 1, level);
        DECREF(items);
        if (r < 0) return -1;
    }
    sbuf_putc(&p->out, '}');
    return 0;
}

static int pp_seq(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level, const char *open, const char *close)
{
    Obj *items = seq_to_list(o);
    if (!items) return -1;
    sbuf_puts(&p->out, open);
    int r = format_items(p, items, indent, allowance + (Ssize)strlen(close), level);
    DECREF(items);
    sbuf_puts(&p->out, close);
    return r;
}

static int write_repr(P *p, Obj *o)
{
    Obj *r = obj_repr(o);
    if (!r) return -1;
    put(p, r);
    DECREF(r);
    return 0;
}

static int pp_set(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Ssize n = obj_length(o);
    if (n <= 0) return n < 0 ? -1 : write_repr(p, o);
    const char *endchar = "}";
    if (OBJ_TYPE(o) == &set_type) {
        sbuf_putc(&p->out, '{');
    } else {
        Obj *tn = type_name_obj(o);
        if (!tn) return -1;
        put(p, tn);
        sbuf_puts(&p->out, "({");
        indent += VAR_SIZE(tn) + 1;
        DECREF(tn);
        endchar = "})";
    }
    Obj *items = sorted_safe(o, false);
    if (!items) return -1;
    int r = format_items(p, items, indent, allowance + (Ssize)strlen(endchar), level);
    DECREF(items);
    sbuf_puts(&p->out, endchar);
    return r;
}

static bool is_ws(uint32_t c) { return (ucd_flags(c) & UCD_SPACE) != 0; }

static int pp_str(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    if (VAR_SIZE(o) == 0) return write_repr(p, o);
    Obj *t = TRUE_;
    Obj *lines = obj_call_method(o, "splitlines", &t, 1);
    Obj *chunks = lines ? list_new(0) : NULL;
    Obj *rep = NULL;
    if (!chunks) goto fail;
    if (level == 1) {
        indent += 1;
        allowance += 1;
    }
    Ssize max_width = p->width - indent, max_width1 = max_width;
    Ssize nl = LIST_LEN(lines);
    for (Ssize i = 0; i < nl; i++) {
        Obj *line = LIST_ITEMS(lines)[i];
        obj_setref(&rep, obj_repr(line));
        if (!rep) goto fail;
        if (i == nl - 1) max_width1 -= allowance;
        if (VAR_SIZE(rep) <= max_width1) {
            if (list_append(chunks, rep) < 0) goto fail;
            continue;
        }
        /* alternating (non-space, space) parts: re.findall(r'\S*\s*', line) minus the empty last */
        Ssize len = VAR_SIZE(line), k = 0;
        Obj *parts = list_new(0);
        if (!parts) goto fail;
        while (k < len) {
            Ssize st = k;
            while (k < len && !is_ws(str_char(line, k))) k++;
            while (k < len && is_ws(str_char(line, k))) k++;
            Obj *part = str_substr(line, st, k);
            if (!part || list_append(parts, part) < 0) {
                XDECREF(part);
                DECREF(parts);
                goto fail;
            }
            DECREF(part);
        }
        Ssize max_width2 = max_width;
        Obj *current = str_from_cstr("");
        Ssize np = LIST_LEN(parts);
        for (Ssize j = 0; current && j < np; j++) {
            Obj *part = LIST_ITEMS(parts)[j];
            Obj *cand = str_concat(current, part);
            if (j == np - 1 && i == nl - 1) max_width2 -= allowance;
            Obj *cr = cand ? obj_repr(cand) : NULL;
            if (!cr) {
                XDECREF(cand);
                CLEAR(current);
                break;
            }
            if (VAR_SIZE(cr) > max_width2) {
                if (VAR_SIZE(current)) {
                    Obj *r2 = obj_repr(current);
                    if (!r2 || list_append(chunks, r2) < 0) {
                        XDECREF(r2);
                        DECREF(cr);
                        DECREF(cand);
                        CLEAR(current);
                        break;
                    }
                    DECREF(r2);
                }
                obj_setref(&current, INCREF(part));
                DECREF(cand);
            } else {
                obj_setref(&current, cand);
            }
            DECREF(cr);
        }
        DECREF(parts);
        if (!current) goto fail;
        if (VAR_SIZE(current)) {
            Obj *r2 = obj_repr(current);
            if (!r2 || list_append(chunks, r2) < 0) {
                XDECREF(r2);
                DECREF(current);
                goto fail;
            }
            DECREF(r2);
        }
        DECREF(current);
    }
    if (LIST_LEN(chunks) == 1) {
        put(p, rep);
    } else {
        if (level == 1) sbuf_putc(&p->out, '(');
        for (Ssize i = 0; i < LIST_LEN(chunks); i++) {
            if (i > 0) {
                sbuf_putc(&p->out, '\n');
                put_spaces(p, indent);
            }
            put(p, LIST_ITEMS(chunks)[i]);
        }
        if (level == 1) sbuf_putc(&p->out, ')');
    }
    XDECREF(rep);
    DECREF(chunks);
    DECREF(lines);
    return 0;
fail:
    XDECREF(rep);
    XDECREF(chunks);
    XDECREF(lines);
    return -1;
}

static int pp_bytes(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Ssize n = VAR_SIZE(o);
    if (n <= 4) return write_repr(p, o);
    bool parens = level == 1;
    if (parens) {
        indent += 1;
        allowance += 1;
        sbuf_putc(&p->out, '(');
    }
    Ssize width = p->width - indent;
    const unsigned char *d = BYTES_DATA(o);
    Ssize cur_start = 0, cur_len = 0, last = n / 4 * 4;
    bool first = true;
    for (Ssize i = 0; i < n; i += 4) {
        Ssize plen = n - i < 4 ? n - i : 4;
        if (i == last) width -= allowance;
        Obj *cand = bytes_from(d + cur_start, cur_len + plen);
        Obj *cr = cand ? obj_repr(cand) : NULL;
        XDECREF(cand);
        if (!cr) return -1;
        if (VAR_SIZE(cr) > width) {
            if (cur_len) {
                Obj *cb = bytes_from(d + cur_start, cur_len);
                Obj *r = cb ? obj_repr(cb) : NULL;
                XDECREF(cb);
                if (!r) {
                    DECREF(cr);
                    return -1;
                }
                if (!first) {
                    sbuf_putc(&p->out, '\n');
                    put_spaces(p, indent);
                }
                first = false;
                put(p, r);
                DECREF(r);
            }
            cur_start = i;
            cur_len = plen;
        } else {
            cur_len += plen;
        }
        DECREF(cr);
    }
    if (cur_len) {
        Obj *cb = bytes_from(d + cur_start, cur_len);
        Obj *r = cb ? obj_repr(cb) : NULL;
        XDECREF(cb);
        if (!r) return -1;
        if (!first) {
            sbuf_putc(&p->out, '\n');
            put_spaces(p, indent);
        }
        put(p, r);
        DECREF(r);
    }
    if (parens) sbuf_putc(&p->out, ')');
    return 0;
}

static int pp_bytearray(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    sbuf_puts(&p->out, "bytearray(");
    Obj *b = obj_call((Obj *)&bytes_type, &o, 1, NULL);
    int r = b ? pp_bytes(p, b, indent + 10, allowance + 1, level + 1) : -1;
    XDECREF(b);
    sbuf_putc(&p->out, ')');
    return r;
}

static int pp_mappingproxy(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    sbuf_puts(&p->out, "mappingproxy(");
    Obj *c = obj_call_method(o, "copy", NULL, 0);
    int r = c ? pformat_obj(p, c, indent + 13, allowance + 1, level) : -1;
    XDECREF(c);
    sbuf_putc(&p->out, ')');
    return r;
}

static int format_namespace_items(P *p, Obj *items, Ssize indent, Ssize allowance, Ssize level)
{
    Ssize n = LIST_LEN(items);
    for (Ssize i = 0; i < n; i++) {
        Obj *kv = LIST_ITEMS(items)[i];
        bool last = i == n - 1;
        Obj *key = TUPLE_ITEMS(kv)[0], *ent = TUPLE_ITEMS(kv)[1];
        put(p, key);
        sbuf_putc(&p->out, '=');
        if (in_ctx(p, ent)) sbuf_puts(&p->out, "...");
        else if (pformat_obj(p, ent, indent + VAR_SIZE(key) + 1, last ? allowance : 1, level) < 0) return -1;
        if (!last) {
            sbuf_puts(&p->out, ",\n");
            put_spaces(p, indent);
        }
    }
    return 0;
}

static int pp_namespace(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Obj *cn = OBJ_TYPE(o) == &simplenamespace_type ? str_from_cstr("namespace") : type_name_obj(o);
    /* the instance dict (the VM's SimpleNamespace has no __dict__ attribute) */
    Obj **dp = obj_dict_ptr(o);
    Obj *d = !cn ? NULL : dp && *dp ? INCREF(*dp) : obj_getattr(o, id_str("__dict__"));
    Obj *it = d ? obj_call_method(d, "items", NULL, 0) : NULL;
    Obj *items = it ? seq_to_list(it) : NULL;
    int r = -1;
    if (items) {
        put(p, cn);
        sbuf_putc(&p->out, '(');
        r = format_namespace_items(p, items, indent + VAR_SIZE(cn) + 1, allowance, level);
        sbuf_putc(&p->out, ')');
    }
    XDECREF(cn);
    XDECREF(d);
    XDECREF(it);
    XDECREF(items);
    return r;
}

static int pp_dataclass(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Obj *cn = type_name_obj(o);
    Obj *fields = cn ? obj_getattr((Obj *)OBJ_TYPE(o), id_str("__dataclass_fields__")) : NULL;
    Obj *vals = fields ? obj_call_method(fields, "values", NULL, 0) : NULL;
    Obj *fl = vals ? seq_to_list(vals) : NULL;
    Obj *items = fl ? list_new(0) : NULL;
    int r = -1;
    for (Ssize i = 0; items && i < LIST_LEN(fl); i++) {
        Obj *f = LIST_ITEMS(fl)[i];
        /* only real fields (not ClassVar / InitVar pseudo-fields) with repr=True */
        Obj *ft = obj_getattr(f, id_str("_field_type"));
        Obj *ftr = ft ? obj_repr(ft) : NULL;
        bool real = !ftr || str_eq_cstr(ftr, "_FIELD");
        if (!ft) vm_err_clear();
        XDECREF(ft);
        XDECREF(ftr);
        Obj *rp = obj_getattr(f, id_str("repr"));
        int show = rp ? obj_is_true(rp) : -1;
        XDECREF(rp);
        if (show < 0) CLEAR(items);
        if (!items || !show || !real) continue;
        Obj *name = obj_getattr(f, id_str("name"));
        Obj *v = name ? obj_getattr(o, name) : NULL;
        Obj *kv = v ? tuple_pack(2, name, v) : NULL;
        if (!kv || list_append(items, kv) < 0) CLEAR(items);
        XDECREF(kv);
        XDECREF(v);
        XDECREF(name);
    }
    if (items) {
        put(p, cn);
        sbuf_putc(&p->out, '(');
        r = format_namespace_items(p, items, indent + VAR_SIZE(cn) + 1, allowance, level);
        sbuf_putc(&p->out, ')');
    }
    XDECREF(cn);
    XDECREF(fields);
    XDECREF(vals);
    XDECREF(fl);
    XDECREF(items);
    return r;
}

static Obj *coll(const char *name)
{
    Obj *m = vm->modules ? dict_get_str_borrow(vm->modules, "collections") : NULL;
    Obj *key = m ? str_from_cstr(name) : NULL;
    Obj *v = NULL;
    if (key && obj_lookup_attr(m, key, &v) < 0) vm_err_clear();
    XDECREF(key);
    return v;
}

static bool repr_of_class(Obj *o, const char *collname)
{
    Obj *c = coll(collname);
    bool r = c && TYPE_CHECK(c) && type_lookup(OBJ_TYPE(o), id_str("__repr__")) == type_lookup((TypeObj *)c, id_str("__repr__")) &&
             type_is_subtype(OBJ_TYPE(o), (TypeObj *)c);
    XDECREF(c);
    return r;
}

static int pp_ordered_dict(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Ssize n = obj_length(o);
    if (n <= 0) return n < 0 ? -1 : write_repr(p, o);
    Obj *cn = type_name_obj(o);
    Obj *it = cn ? obj_call_method(o, "items", NULL, 0) : NULL;
    Obj *items = it ? seq_to_list(it) : NULL;
    int r = -1;
    if (items) {
        put(p, cn);
        sbuf_putc(&p->out, '(');
        r = pformat_obj(p, items, indent + VAR_SIZE(cn) + 1, allowance + 1, level);
        sbuf_putc(&p->out, ')');
    }
    XDECREF(cn);
    XDECREF(it);
    XDECREF(items);
    return r;
}

static int pp_default_dict(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Ssize n = obj_length(o);
    if (n <= 0) return n < 0 ? -1 : write_repr(p, o);
    Obj *df = obj_getattr(o, id_str("default_factory"));
    Obj *rdf = df ? prepr(p, df, level) : NULL;
    XDECREF(df);
    Obj *cn = rdf ? type_name_obj(o) : NULL;
    if (!cn) {
        XDECREF(rdf);
        return -1;
    }
    indent += VAR_SIZE(cn) + 1;
    put(p, cn);
    sbuf_putc(&p->out, '(');
    put(p, rdf);
    sbuf_puts(&p->out, ",\n");
    put_spaces(p, indent);
    DECREF(cn);
    DECREF(rdf);
    int r = pp_dict(p, o, indent, allowance + 1, level);
    sbuf_putc(&p->out, ')');
    return r;
}

static int pp_counter(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Ssize n = obj_length(o);
    if (n <= 0) return n < 0 ? -1 : write_repr(p, o);
    Obj *cn = type_name_obj(o);
    Obj *mc = cn ? obj_call_method(o, "most_common", NULL, 0) : NULL;
    Obj *items = mc ? seq_to_list(mc) : NULL;
    int r = -1;
    if (items) {
        put(p, cn);
        sbuf_puts(&p->out, "({");
        if (p->indent_per_level > 1) put_spaces(p, p->indent_per_level - 1);
        r = format_dict_items(p, items, indent + VAR_SIZE(cn) + 1, allowance + 2, level);
        sbuf_puts(&p->out, "})");
    }
    XDECREF(cn);
    XDECREF(mc);
    XDECREF(items);
    return r;
}

static int pp_chain_map(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Obj *maps = obj_getattr(o, id_str("maps"));
    Obj *ml = maps ? seq_to_list(maps) : NULL;
    XDECREF(maps);
    if (!ml) return -1;
    int r = 0;
    if (!LIST_LEN(ml)) {
        r = write_repr(p, o);
    } else {
        Obj *cn = type_name_obj(o);
        if (!cn) r = -1;
        else {
            put(p, cn);
            sbuf_putc(&p->out, '(');
            indent += VAR_SIZE(cn) + 1;
            DECREF(cn);
            for (Ssize i = 0; r == 0 && i < LIST_LEN(ml); i++) {
                bool last = i == LIST_LEN(ml) - 1;
                r = pformat_obj(p, LIST_ITEMS(ml)[i], indent, last ? allowance + 1 : 1, level);
                if (last) sbuf_putc(&p->out, ')');
                else {
                    sbuf_puts(&p->out, ",\n");
                    put_spaces(p, indent);
                }
            }
        }
    }
    DECREF(ml);
    return r;
}

static int pp_deque(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Ssize n = obj_length(o);
    if (n <= 0) return n < 0 ? -1 : write_repr(p, o);
    Obj *cn = type_name_obj(o);
    Obj *maxlen = cn ? obj_getattr(o, id_str("maxlen")) : NULL;
    Obj *items = maxlen ? seq_to_list(o) : NULL;
    int r = -1;
    if (items) {
        put(p, cn);
        sbuf_putc(&p->out, '(');
        indent += VAR_SIZE(cn) + 1;
        sbuf_putc(&p->out, '[');
        if (maxlen == NONE) {
            r = format_items(p, items, indent, allowance + 2, level);
            sbuf_puts(&p->out, "])");
        } else {
            r = format_items(p, items, indent, 2, level);
            Obj *rml = r == 0 ? prepr(p, maxlen, level) : NULL;
            if (rml) {
                sbuf_puts(&p->out, "],\n");
                put_spaces(p, indent);
                sbuf_puts(&p->out, "maxlen=");
                put(p, rml);
                sbuf_putc(&p->out, ')');
                DECREF(rml);
            } else {
                r = -1;
            }
        }
    }
    XDECREF(cn);
    XDECREF(maxlen);
    XDECREF(items);
    return r;
}

static bool is_dataclass_repr(Obj *o)
{
    if (TYPE_CHECK(o)) return false;
    TypeObj *t = OBJ_TYPE(o);
    Obj *mro = t->mro;
    Obj *key = id_str("__repr__");
    for (Ssize i = 0; mro && i < TUPLE_LEN(mro); i++) {
        TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
        if (!dict_get_borrow(b->dict, key)) continue;
        /* the class that defines __repr__ must be a dataclass that generated it */
        Obj *params = dict_get_borrow(b->dict, id_str("__dataclass_params__"));
        if (!params) return dict_get_borrow(b->dict, id_str("__dataclass_fields__")) != NULL;
        Obj *rp = NULL;
        if (obj_lookup_attr(params, id_str("repr"), &rp) <= 0) {
            vm_err_clear();
            return false;
        }
        int tr = obj_is_true(rp);
        DECREF(rp);
        if (tr < 0) vm_err_clear();
        return tr > 0;
    }
    return false;
}

typedef int (*PpFn)(P *, Obj *, Ssize, Ssize, Ssize);

static PpFn dispatch(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    Obj *r = type_lookup(t, id_str("__repr__"));
    if (!r) return NULL;
    if (r == type_lookup(&dict_type, id_str("__repr__"))) return pp_dict;
    if (r == type_lookup(&list_type, id_str("__repr__"))) return NULL;   /* handled by the caller */
    if (r == type_lookup(&set_type, id_str("__repr__")) || r == type_lookup(&frozenset_type, id_str("__repr__")))
        return pp_set;
    if (r == type_lookup(&str_type, id_str("__repr__"))) return pp_str;
    if (r == type_lookup(&bytes_type, id_str("__repr__"))) return pp_bytes;
    if (r == type_lookup(&bytearray_type, id_str("__repr__"))) return pp_bytearray;
    if (r == type_lookup(&mappingproxy_type, id_str("__repr__"))) return pp_mappingproxy;
    if (r == type_lookup(&simplenamespace_type, id_str("__repr__"))) return pp_namespace;
    if (repr_of_class(o, "OrderedDict")) return pp_ordered_dict;
    if (repr_of_class(o, "defaultdict")) return pp_default_dict;
    if (repr_of_class(o, "Counter")) return pp_counter;
    if (repr_of_class(o, "ChainMap")) return pp_chain_map;
    if (repr_of_class(o, "deque")) return pp_deque;
    return NULL;
}

static int pp_list(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    return pp_seq(p, o, indent, allowance, level, "[", "]");
}

static int pp_tuple(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    Ssize n = obj_length(o);
    if (n < 0) return -1;
    return pp_seq(p, o, indent, allowance, level, "(", n == 1 ? ",)" : ")");
}

static int pformat_obj(P *p, Obj *o, Ssize indent, Ssize allowance, Ssize level)
{
    if (in_ctx(p, o)) {
        Obj *r = recursion_str(o);
        if (!r) return -1;
        put(p, r);
        DECREF(r);
        p->recursive = true;
        p->readable = false;
        return 0;
    }
    Obj *rep = prepr(p, o, level);
    if (!rep) return -1;
    Ssize max_width = p->width - indent - allowance;
    if (VAR_SIZE(rep) > max_width) {
        PpFn fn = NULL;
        Obj *r = type_lookup(OBJ_TYPE(o), id_str("__repr__"));
        if (r && r == type_lookup(&list_type, id_str("__repr__"))) fn = pp_list;
        else if (r && r == type_lookup(&tuple_type, id_str("__repr__"))) fn = pp_tuple;
        else fn = dispatch(o);
        if (vm_err_occurred()) {
            DECREF(rep);
            return -1;
        }
        if (fn || is_dataclass_repr(o)) {
            DECREF(rep);
            if (vm_enter_c(" while pretty-printing") < 0) return -1;
            ctx_push(p, o);
            int rc = fn ? fn(p, o, indent, allowance, level + 1) : pp_dataclass(p, o, indent, allowance, level + 1);
            ctx_pop(p);
            vm_leave_c();
            return rc;
        }
    }
    put(p, rep);
    DECREF(rep);
    return 0;
}

/* ---- PrettyPrinter ---------------------------------------------------------------------------------- */

static Obj *attr(Obj *o, const char *name)
{
    Obj *key = str_from_cstr(name);
    Obj *v = key ? obj_getattr(o, key) : NULL;
    XDECREF(key);
    return v;
}

static int p_load(P *p, Obj *self)
{
    memset(p, 0, sizeof *p);
    p->self = self;
    p->readable = true;
    Obj *v;
    if (!(v = attr(self, "_width"))) return -1;
    p->width = mh_as_ssize(v);
    DECREF(v);
    if (!(v = attr(self, "_indent_per_level"))) return -1;
    p->indent_per_level = mh_as_ssize(v);
    DECREF(v);
    if (!(v = attr(self, "_depth"))) return -1;
    p->depth = v == NONE ? 0 : mh_as_ssize(v);
    DECREF(v);
    const char *flags[] = {"_compact", "_sort_dicts", "_underscore_numbers"};
    bool *out[] = {&p->compact, &p->sort_dicts, &p->underscore};
    for (int i = 0; i < 3; i++) {
        if (!(v = attr(self, flags[i]))) return -1;
        int t = obj_is_true(v);
        DECREF(v);
        if (t < 0) return -1;
        *out[i] = t;
    }
    if (vm_err_occurred()) return -1;
    /* a subclass's format() is called for every element */
    Obj *f = type_lookup(OBJ_TYPE(self), id_str("format"));
    Obj *mine = type_lookup((TypeObj *)printer_cls, id_str("format"));
    p->fmt_overridden = f != mine;
    return 0;
}

static void p_free(P *p)
{
    free(p->ctx);
    sbuf_free(&p->out);
}

static Obj *p_result(P *p) { return str_from_utf8(sbuf_cstr(&p->out), (Ssize)p->out.len); }

static const char *const init_names[] = {"indent", "width", "depth", "stream", "compact", "sort_dicts",
                                         "underscore_numbers"};

static Obj *pp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[7];
    if (mh_bind_m("PrettyPrinter.__init__", args, nargs, kw, init_names, 7, 4, 0, 0, 0, v) < 0) return NULL;
    Obj *indent = v[0] ? obj_call((Obj *)&int_type, &v[0], 1, NULL) : int_from_i64(1);
    Obj *width = indent ? (v[1] ? obj_call((Obj *)&int_type, &v[1], 1, NULL) : int_from_i64(80)) : NULL;
    Obj *res = NULL;
    if (!width) goto out;
    if (int_sign(indent) < 0) {
        vm_err_set_str(&exc_ValueError, "indent must be >= 0");
        goto out;
    }
    if (v[2] && v[2] != NONE) {
        Obj *zero = int_from_i64(0);
        int le = zero ? obj_richcompare_bool(v[2], zero, CMP_LE) : -1;
        XDECREF(zero);
        if (le) {
            if (le > 0) vm_err_set_str(&exc_ValueError, "depth must be > 0");
            goto out;
        }
    }
    if (int_sign(width) == 0) {
        vm_err_set_str(&exc_ValueError, "width must be != 0");
        goto out;
    }
    Obj *stream = v[3] && v[3] != NONE ? INCREF(v[3]) : xincref(sys_get_borrow("stdout"));
    Obj *compact = v[4] ? v[4] : FALSE_;
    int c = obj_is_true(compact);
    Obj *vals[] = {v[2] ? v[2] : NONE, indent, width, stream ? stream : NONE, c > 0 ? TRUE_ : FALSE_,
                   v[5] ? v[5] : TRUE_, v[6] ? v[6] : FALSE_};
    const char *names[] = {"_depth", "_indent_per_level", "_width", "_stream", "_compact", "_sort_dicts",
                           "_underscore_numbers"};
    int rc = c < 0 ? -1 : 0;
    for (int i = 0; rc == 0 && i < 7; i++) {
        Obj *key = str_from_cstr(names[i]);
        rc = key ? obj_setattr(self, key, vals[i]) : -1;
        XDECREF(key);
    }
    XDECREF(stream);
    if (rc == 0) res = INCREF(NONE);
out:
    XDECREF(indent);
    XDECREF(width);
    return res;
}

static Obj *do_pformat(Obj *self, Obj *o, bool *readable, bool *recursive)
{
    P p;
    if (p_load(&p, self) < 0) return NULL;
    Obj *r = pformat_obj(&p, o, 0, 0, 0) < 0 ? NULL : p_result(&p);
    if (readable) *readable = p.readable;
    if (recursive) *recursive = p.recursive;
    p_free(&p);
    return r;
}

static Obj *pp_pformat(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind_m("PrettyPrinter.pformat", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return do_pformat(self, v[0], NULL, NULL);
}

static Obj *pp_pprint(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind_m("PrettyPrinter.pprint", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *stream = attr(self, "_stream");
    if (!stream) return NULL;
    if (stream == NONE) {
        DECREF(stream);
        return INCREF(NONE);
    }
    Obj *s = do_pformat(self, v[0], NULL, NULL);
    int r = s ? io_write_str(stream, s) : -1;
    if (r == 0) r = io_write_cstr(stream, "\n");
    XDECREF(s);
    DECREF(stream);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *pp_flag(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *fname, int which)
{
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind_m(fname, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    P p;
    if (p_load(&p, self) < 0) return NULL;
    bool rd, rc;
    Obj *s = safe_repr(&p, v[0], 0, 0, &rd, &rc);
    p_free(&p);
    if (!s) return NULL;
    DECREF(s);
    return bool_from(which ? rc : rd);
}

static Obj *pp_isreadable(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return pp_flag(self, a, n, kw, "PrettyPrinter.isreadable", 0); }
static Obj *pp_isrecursive(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return pp_flag(self, a, n, kw, "PrettyPrinter.isrecursive", 1); }

/* format(object, context, maxlevels, level) -> (repr, readable, recursive) */
static Obj *pp_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"object", "context", "maxlevels", "level"};
    Obj *v[4];
    if (mh_bind_m("PrettyPrinter.format", args, nargs, kw, names, 4, 4, 0, 4, 0, v) < 0) return NULL;
    P p;
    if (p_load(&p, self) < 0) return NULL;
    if (active && active->self == self)
        for (Ssize i = 0; i < active->nctx; i++) ctx_push(&p, active->ctx[i]);
    Ssize ml = v[2] == NONE ? 0 : mh_as_ssize(v[2]);
    Ssize lv = ml == -1 && vm_err_occurred() ? 0 : mh_as_ssize(v[3]);
    Obj *r = NULL;
    if (!vm_err_occurred()) {
        /* the ids in context: objects being formatted further up (only identity matters) */
        bool rd, rc;
        Obj *s = safe_repr(&p, v[0], ml, lv, &rd, &rc);
        if (s) {
            r = tuple_pack(3, s, rd ? TRUE_ : FALSE_, rc ? TRUE_ : FALSE_);
            DECREF(s);
        }
    }
    p_free(&p);
    return r;
}

static const MethodDef printer_methods[] = {
    {"__init__", pp_init, METH_FAST, NULL},
    {"pformat", pp_pformat, METH_FAST, NULL},
    {"pprint", pp_pprint, METH_FAST, NULL},
    {"isreadable", pp_isreadable, METH_FAST, NULL},
    {"isrecursive", pp_isrecursive, METH_FAST, NULL},
    {"format", pp_format, METH_FAST, "Format object for a specific context, returning a string\n        and flags indicating whether the representation is 'readable'\n        and whether the object represents a recursive construct.\n        "},
    {NULL, NULL, 0, NULL},
};

/* ---- module functions ------------------------------------------------------------------------------------ */

/* PrettyPrinter(**options) from the keyword-ish arguments of pprint/pformat */
static Obj *make_printer(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool with_stream, Obj **object,
                         Obj *sort_default)
{
    static const char *const pnames[] = {"object", "stream", "indent", "width", "depth", "compact", "sort_dicts",
                                         "underscore_numbers"};
    static const char *const fnames[] = {"object", "indent", "width", "depth", "compact", "sort_dicts",
                                         "underscore_numbers"};
    const char *const *names = with_stream ? pnames : fnames;
    int nparams = with_stream ? 8 : 7, npos = with_stream ? 5 : 4;
    Obj *v[8];
    if (mh_bind(fname, args, nargs, kw, names, nparams, npos, 0, 1, 0, v) < 0) return NULL;
    *object = v[0];
    Obj *kn = list_new(0), *kv = list_new(0);
    for (int i = 1; kn && kv && i < nparams; i++) {
        Obj *val = v[i];
        if (!val && !strcmp(names[i], "sort_dicts") && sort_default) val = sort_default;
        if (!val) continue;
        Obj *s = str_from_cstr(names[i]);
        if (!s || list_append(kn, s) < 0 || list_append(kv, val) < 0) CLEAR(kn);
        XDECREF(s);
    }
    Obj *kwn = kn ? list_as_tuple(kn) : NULL;
    Obj *pr = kwn ? obj_call(printer_cls, LIST_ITEMS(kv), 0, kwn) : NULL;
    XDECREF(kwn);
    XDECREF(kn);
    XDECREF(kv);
    return pr;
}

static Obj *m_pprint(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *o;
    Obj *pr = make_printer("pprint", args, nargs, kw, true, &o, NULL);
    Obj *r = pr ? obj_call_method(pr, "pprint", &o, 1) : NULL;
    XDECREF(pr);
    return r;
}

static Obj *m_pp(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *o;
    Obj *pr = make_printer("pp", args, nargs, kw, true, &o, FALSE_);
    Obj *r = pr ? obj_call_method(pr, "pprint", &o, 1) : NULL;
    XDECREF(pr);
    return r;
}

static Obj *m_pformat(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *o;
    Obj *pr = make_printer("pformat", args, nargs, kw, false, &o, NULL);
    Obj *r = pr ? obj_call_method(pr, "pformat", &o, 1) : NULL;
    XDECREF(pr);
    return r;
}

static Obj *safe_triple(Obj *const *args, Ssize nargs, Obj *kw, const char *fname, int which)
{
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind(fname, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *pr = obj_call(printer_cls, NULL, 0, NULL);
    if (!pr) return NULL;
    P p;
    Obj *r = NULL;
    if (p_load(&p, pr) == 0) {
        p.fmt_overridden = false;
        bool rd, rc;
        Obj *s = safe_repr(&p, v[0], 0, 0, &rd, &rc);
        if (s) r = which == 0 ? INCREF(s) : bool_from(which == 1 ? rd : rc);
        XDECREF(s);
        p_free(&p);
    }
    DECREF(pr);
    return r;
}

static Obj *m_saferepr(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return safe_triple(a, n, kw, "saferepr", 0); }
static Obj *m_isreadable(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return safe_triple(a, n, kw, "isreadable", 1); }
static Obj *m_isrecursive(Obj *s, Obj *const *a, Ssize n, Obj *kw) { (void)s; return safe_triple(a, n, kw, "isrecursive", 2); }

static const MethodDef pprint_functions[] = {
    {"pprint", m_pprint, METH_FAST, "Pretty-print a Python object to a stream [default is sys.stdout]."},
    {"pp", m_pp, METH_FAST, "Pretty-print a Python object"},
    {"pformat", m_pformat, METH_FAST, "Format a Python object into a pretty-printed representation."},
    {"saferepr", m_saferepr, METH_FAST, "Version of repr() which can handle recursive data structures."},
    {"isreadable", m_isreadable, METH_FAST, "Determine if saferepr(object) is readable by eval()."},
    {"isrecursive", m_isrecursive, METH_FAST, "Determine if object requires a recursive representation."},
    {NULL, NULL, 0, NULL},
};

static Obj *pprint_init(void)
{
    if (!printer_cls) {
        if (type_ready(&safekey_type) < 0) return NULL;
        /* pprint.py imports collections: its classes are dispatched on */
        Obj *c = import_name(id_str("collections"), NULL, NULL, 0);
        if (!c) return NULL;
        DECREF(c);
        printer_cls = mh_class("pprint", "PrettyPrinter", NULL, printer_methods, NULL, NULL);
        if (!printer_cls) return NULL;
    }
    Obj *m = mh_module("pprint", pprint_functions);
    if (!m) return NULL;
    static const char *const all[] = {"pprint", "pformat", "isreadable", "isrecursive", "saferepr",
                                      "PrettyPrinter", "pp", NULL};
    Obj *l = list_new(0);
    for (const char *const *p = all; l && *p; p++) {
        Obj *s = str_from_cstr(*p);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0 || mh_add_obj(m, "PrettyPrinter", printer_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_pprint_register(void)
{
    import_register_native("pprint", pprint_init);
    vm_static_roots(&printer_cls, 1);
}
