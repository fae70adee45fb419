/* mod_string.c — the `string` module of CPython 3.12: the constants,
 * capwords, Template and Formatter.
 *
 * Template is an ordinary class (subclassable, instances keep `template` in
 * their __dict__).  Substitution with the default pattern — `$$`, `$name`,
 * `${name}` with ASCII identifiers matched case-insensitively, anything
 * else after the delimiter an invalid placeholder — is done here for any
 * literal `delimiter`; a subclass that changes idpattern, braceidpattern,
 * flags or pattern is compiled and matched with the `re` module exactly as
 * string.py's __init_subclass__ does.  Error messages ("Invalid placeholder
 * in string: line 2, col 3") and the ChainMap(kwargs, mapping) lookup order
 * are string.py's.
 *
 * Formatter follows string.py method by method (each step calls the
 * overridable method on self: vformat → parse/get_field/get_value/
 * convert_field/format_field/check_unused_args) with _string's parser:
 * literal/field/spec/conversion splitting and field-name splitting with
 * CPython's error messages.
 */
#include "config.h"

#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

static Obj *template_cls, *formatter_cls;
static Obj *compiled;          /* dict: class -> the pattern __init_subclass__ compiled for it */
static const char default_idpattern[] = "(?a:[_a-z][_a-z0-9]*)";

/* ---- capwords ------------------------------------------------------------------------------ */

static Obj *s_capwords(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"s", "sep"};
    Obj *v[2];
    if (mh_bind("capwords", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *sep = v[1] ? v[1] : NONE;
    Obj *parts = obj_call_method(v[0], "split", &sep, 1);
    if (!parts) return NULL;
    Obj *l = seq_to_list(parts);
    DECREF(parts);
    if (!l) return NULL;
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *c = obj_call_method(LIST_ITEMS(l)[i], "capitalize", NULL, 0);
        if (!c) {
            DECREF(l);
            return NULL;
        }
        obj_setref(&LIST_ITEMS(l)[i], c);
    }
    int t = obj_is_true(sep);
    Obj *joiner = t > 0 ? INCREF(sep) : t == 0 ? str_from_cstr(" ") : NULL;
    Obj *r = joiner ? obj_call_method(joiner, "join", &l, 1) : NULL;
    XDECREF(joiner);
    DECREF(l);
    return r;
}

/* ---- Template ------------------------------------------------------------------------------ */

static bool is_id_start(uint32_t c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_id_char(uint32_t c) { return is_id_start(c) || (c >= '0' && c <= '9'); }

enum { M_ESCAPED, M_NAMED, M_BRACED, M_INVALID };

typedef struct Match {
    int kind;
    Ssize start, end;        /* the whole match */
    Ssize id_start, id_end;  /* the identifier (named/braced), or the invalid group's start */
} Match;

/* Next match of the default pattern with delimiter `delim` at or after pos;
 * false when there is none. */
static bool next_match(Obj *tpl, Obj *delim, Ssize pos, Match *m)
{
    Ssize n = VAR_SIZE(tpl), dl = VAR_SIZE(delim);
    if (dl == 0) return false;
    for (Ssize p = pos; p + dl <= n; p++) {
        Ssize k;
        for (k = 0; k < dl && str_char(tpl, p + k) == str_char(delim, k); k++) {}
        if (k < dl) continue;
        Ssize q = p + dl;
        m->start = p;
        /* (?P<escaped>delim) */
        Ssize j;
        for (j = 0; j < dl && q + j < n && str_char(tpl, q + j) == str_char(delim, j); j++) {}
        if (j == dl) {
            m->kind = M_ESCAPED;
            m->end = q + dl;
            return true;
        }
        /* (?P<named>id) */
        if (q < n && is_id_start(str_char(tpl, q))) {
            Ssize e = q + 1;
            while (e < n && is_id_char(str_char(tpl, e))) e++;
            m->kind = M_NAMED;
            m->id_start = q;
            m->id_end = m->end = e;
            return true;
        }
        /* {(?P<braced>id)} */
        if (q + 1 < n && str_char(tpl, q) == '{' && is_id_start(str_char(tpl, q + 1))) {
            Ssize e = q + 2;
            while (e < n && is_id_char(str_char(tpl, e))) e++;
            if (e < n && str_char(tpl, e) == '}') {
                m->kind = M_BRACED;
                m->id_start = q + 1;
                m->id_end = e;
                m->end = e + 1;
                return true;
            }
        }
        /* (?P<invalid>) */
        m->kind = M_INVALID;
        m->id_start = m->end = q;
        return true;
    }
    return false;
}

/* string.py's frames in tracebacks (tbframes_gen.h): the pending
 * exception left substitute's or safe_substitute's convert() in
 * `str(mapping[named])` — the lookup, or str() when `in_str`. */
static void tb_convert_failed(bool safe, bool in_str)
{
    tbframe_push(&tbgen_string, safe ? (in_str ? TBG_STRING_SAFE_SUBSTITUTE_STR : TBG_STRING_SAFE_SUBSTITUTE_KEY)
                                     : (in_str ? TBG_STRING_SUBSTITUTE_STR : TBG_STRING_SUBSTITUTE_KEY));
}

/* ValueError('Invalid placeholder in string: line %d, col %d') for position
 * i, raised in Template._invalid called from substitute's convert() */
static void invalid_placeholder(Obj *tpl, Ssize i)
{
    Obj *head = str_substr(tpl, 0, i);
    Obj *lines = head ? obj_call_method(head, "splitlines", (Obj *[]){TRUE_}, 1) : NULL;
    XDECREF(head);
    if (!lines) return;
    Ssize nl = LIST_LEN(lines), colno = 1, lineno = 1;
    if (nl) {
        Ssize before = 0;
        for (Ssize k = 0; k < nl - 1; k++) before += VAR_SIZE(LIST_ITEMS(lines)[k]);
        colno = i - before;
        lineno = nl;
    }
    DECREF(lines);
    vm_err_format(&exc_ValueError, "Invalid placeholder in string: line %zd, col %zd", lineno, colno);
    tbframe_push(&tbgen_string, TBG_STRING_INVALID_RAISE);
    tbframe_push(&tbgen_string, TBG_STRING_SUBSTITUTE_INVALID);
}

/* mapping lookup: ChainMap(kws, mapping) when both are given */
static Obj *lookup(Obj *mapping, Obj *kws, Obj *key)
{
    if (kws && dict_len(kws)) {
        Obj *v = dict_get_borrow(kws, key);
        if (v) return INCREF(v);
        if (vm_err_occurred()) return NULL;
        if (!mapping) {
            vm_err_set_key(key);
            return NULL;
        }
    }
    return obj_getitem(mapping ? mapping : kws, key);
}

/* The class-level settings decide between the built-in matcher and `re`. */
static int uses_default_pattern(Obj *self, Obj **delim)
{
    TypeObj *t = OBJ_TYPE(self);
    *delim = NULL;
    for (Ssize i = 0; t->mro && i < TUPLE_LEN(t->mro); i++) {
        TypeObj *c = (TypeObj *)TUPLE_ITEMS(t->mro)[i];
        if ((Obj *)c == template_cls) break;
        Obj *p = c->dict ? dict_get_borrow(c->dict, id_str("pattern")) : NULL;
        if (p) {
            Obj *ours = compiled ? dict_get_borrow(compiled, (Obj *)c) : NULL;
            if (p != ours) return 0;
        }
    }
    Obj *idp = obj_getattr(self, id_str("idpattern"));
    if (!idp) return -1;
    bool ok = STR_CHECK(idp) && str_eq_cstr(idp, default_idpattern);
    DECREF(idp);
    Obj *bid = obj_getattr(self, id_str("braceidpattern"));
    if (!bid) return -1;
    ok = ok && bid == NONE;
    DECREF(bid);
    Obj *flags = obj_getattr(self, id_str("flags"));
    if (!flags) return -1;
    Obj *base_flags = dict_get_borrow(((TypeObj *)template_cls)->dict, id_str("flags"));
    ok = ok && flags == base_flags;
    DECREF(flags);
    if (!ok) return 0;
    Obj *d = obj_getattr(self, id_str("delimiter"));
    if (!d) return -1;
    if (!STR_CHECK(d)) {
        DECREF(d);
        return 0;
    }
    *delim = d;
    return 1;
}

enum { T_SUBSTITUTE, T_SAFE, T_VALID, T_IDS };

/* The regex path: self.pattern.sub / finditer with the same conversions. */
static Obj *regex_convert(Obj *state, Obj *const *args, Ssize nargs, Obj *kw);
static const MethodDef regex_convert_def = {"convert", regex_convert, METH_FAST, NULL};

static void unrecognized(Obj *pat)
{
    Obj *t = tuple_pack(2, id_str("Unrecognized named group in pattern"), pat);
    if (t) vm_err_set_obj(&exc_ValueError, t);
    XDECREF(t);
}

static Obj *group(Obj *mo, const char *name)
{
    Obj *n = str_from_cstr(name);
    Obj *r = n ? obj_call_method(mo, "group", &n, 1) : NULL;
    XDECREF(n);
    return r;
}

/* state: (self, mapping or None, kws dict or None, safe bool) */
static Obj *regex_convert(Obj *state, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *self = TUPLE_ITEMS(state)[0], *mapping = TUPLE_ITEMS(state)[1], *kws = TUPLE_ITEMS(state)[2];
    bool safe = TUPLE_ITEMS(state)[3] == TRUE_;
    Obj *mo = args[0];
    Obj *named = group(mo, "named");
    if (!named) return NULL;
    int t = obj_is_true(named);
    if (t <= 0) {
        DECREF(named);
        if (t < 0 || !(named = group(mo, "braced"))) return NULL;
    }
    if (named != NONE) {
        Obj *v = lookup(mapping == NONE ? NULL : mapping, kws == NONE ? NULL : kws, named);
        DECREF(named);
        if (!v) {
            if (safe && vm_err_matches(&exc_KeyError)) {
                vm_err_clear();
                return obj_call_method(mo, "group", NULL, 0);
            }
            tb_convert_failed(safe, false);
            return NULL;
        }
        Obj *s = obj_str(v);
        DECREF(v);
        if (!s) tb_convert_failed(safe, true);
        return s;
    }
    DECREF(named);
    Obj *esc = group(mo, "escaped");
    if (!esc) return NULL;
    if (esc != NONE) {
        DECREF(esc);
        return obj_getattr(self, id_str("delimiter"));
    }
    DECREF(esc);
    Obj *inv = group(mo, "invalid");
    if (!inv) return NULL;
    if (inv != NONE) {
        DECREF(inv);
        if (safe) return obj_call_method(mo, "group", NULL, 0);
        Obj *gn = str_from_cstr("invalid");
        Obj *st = gn ? obj_call_method(mo, "start", &gn, 1) : NULL;
        XDECREF(gn);
        if (!st) return NULL;
        Ssize i = num_as_ssize(st, &exc_OverflowError);
        DECREF(st);
        Obj *tpl = obj_getattr(self, id_str("template"));
        if (tpl && STR_CHECK(tpl)) invalid_placeholder(tpl, i);
        XDECREF(tpl);
        return NULL;
    }
    DECREF(inv);
    Obj *pat = obj_getattr(self, id_str("pattern"));
    if (pat) unrecognized(pat);
    XDECREF(pat);
    return NULL;
}

static Obj *template_run(Obj *self, Obj *mapping, Obj *kws, int mode)
{
    Obj *delim;
    int dflt = uses_default_pattern(self, &delim);
    if (dflt < 0) return NULL;
    Obj *tpl = obj_getattr(self, id_str("template"));
    if (!tpl) {
        XDECREF(delim);
        return NULL;
    }
    if (!dflt || !STR_CHECK(tpl)) {
        XDECREF(delim);
        Obj *pat = obj_getattr(self, id_str("pattern"));
        Obj *r = NULL;
        if (!pat) goto rdone;
        if (mode == T_SUBSTITUTE || mode == T_SAFE) {
            Obj *state = tuple_pack(4, self, mapping ? mapping : NONE, kws ? kws : NONE,
                                    mode == T_SAFE ? TRUE_ : FALSE_);
            Obj *conv = state ? builtin_new(&regex_convert_def, state, NULL) : NULL;
            XDECREF(state);
            if (conv) r = obj_call_method(pat, "sub", (Obj *[]){conv, tpl}, 2);
            XDECREF(conv);
        } else {
            Obj *it = obj_call_method(pat, "finditer", &tpl, 1);
            Obj *ids = it ? list_new(0) : NULL;
            Obj *mo;
            bool valid = true;
            while (ids && (mo = obj_iternext(it))) {
                Obj *named = group(mo, "named");
                int t = named ? obj_is_true(named) : -1;
                if (t == 0) {
                    DECREF(named);
                    named = group(mo, "braced");
                }
                Obj *inv = named ? group(mo, "invalid") : NULL;
                Obj *esc = inv ? group(mo, "escaped") : NULL;
                if (!esc || t < 0) {
                    XDECREF(named);
                    XDECREF(inv);
                    DECREF(mo);
                    CLEAR(ids);
                    break;
                }
                if (mode == T_VALID) {
                    if (inv != NONE) valid = false;
                    else if (named == NONE && esc == NONE) {
                        unrecognized(pat);
                        CLEAR(ids);
                    }
                } else if (named != NONE) {
                    int in = obj_contains(ids, named);
                    if (in < 0 || (!in && list_append(ids, named) < 0)) CLEAR(ids);
                } else if (inv == NONE && esc == NONE) {
                    unrecognized(pat);
                    CLEAR(ids);
                }
                DECREF(named);
                DECREF(inv);
                DECREF(esc);
                DECREF(mo);
                if (mode == T_VALID && !valid) break;
            }
            XDECREF(it);
            if (ids && !vm_err_occurred()) {
                if (mode == T_VALID) {
                    DECREF(ids);
                    r = bool_from(valid);
                } else {
                    r = ids;
                }
            } else {
                XDECREF(ids);
            }
        }
        XDECREF(pat);
    rdone:
        DECREF(tpl);
        return r;
    }
    /* built-in matcher */
    SBuf out = SBUF_INIT;
    Obj *ids = mode == T_IDS ? list_new(0) : NULL;
    Obj *res = NULL;
    Ssize pos = 0, n = VAR_SIZE(tpl);
    Match m = {0, 0, 0, 0, 0};
    bool valid = true;
    if (mode == T_IDS && !ids) goto done;
    while (next_match(tpl, delim, pos, &m)) {
        if (mode == T_SUBSTITUTE || mode == T_SAFE) {
            Obj *lit = str_substr(tpl, pos, m.start);
            if (!lit) goto done;
            Ssize ll;
            const char *lp = str_utf8_lossy(lit, &ll);
            sbuf_put(&out, lp, (size_t)ll);
            DECREF(lit);
        }
        Obj *piece = NULL;
        if (m.kind == M_NAMED || m.kind == M_BRACED) {
            Obj *name = str_substr(tpl, m.id_start, m.id_end);
            if (!name) goto done;
            if (mode == T_IDS) {
                int in = obj_contains(ids, name);
                int rc = in < 0 ? -1 : in ? 0 : list_append(ids, name);
                DECREF(name);
                if (rc < 0) goto done;
            } else if (mode != T_VALID) {
                Obj *v = lookup(mapping, kws, name);
                DECREF(name);
                if (!v) {
                    if (mode == T_SAFE && vm_err_matches(&exc_KeyError)) {
                        vm_err_clear();
                        piece = str_substr(tpl, m.start, m.end);
                    } else {
                        tb_convert_failed(mode == T_SAFE, false);
                        goto done;
                    }
                } else {
                    piece = obj_str(v);
                    DECREF(v);
                    if (!piece) tb_convert_failed(mode == T_SAFE, true);
                }
                if (!piece) goto done;
            } else {
                DECREF(name);
            }
        } else if (m.kind == M_ESCAPED) {
            piece = INCREF(delim);
        } else {
            if (mode == T_SUBSTITUTE) {
                invalid_placeholder(tpl, m.id_start);
                goto done;
            }
            if (mode == T_VALID) {
                valid = false;
                break;
            }
            piece = str_substr(tpl, m.start, m.end);
            if (!piece) goto done;
        }
        if (piece && (mode == T_SUBSTITUTE || mode == T_SAFE)) {
            Ssize pl;
            const char *pp = str_utf8_lossy(piece, &pl);
            sbuf_put(&out, pp, (size_t)pl);
        }
        XDECREF(piece);
        pos = m.end > m.start ? m.end : m.start + 1;
        if (m.kind == M_INVALID) pos = m.end;
    }
    if (mode == T_VALID) {
        res = bool_from(valid);
    } else if (mode == T_IDS) {
        res = INCREF(ids);
    } else {
        Obj *tail = str_substr(tpl, pos, n);
        if (!tail) goto done;
        Ssize tl;
        const char *tp = str_utf8_lossy(tail, &tl);
        sbuf_put(&out, tp, (size_t)tl);
        DECREF(tail);
        res = str_from_utf8(out.data, (Ssize)out.len);
    }
done:
    sbuf_free(&out);
    XDECREF(ids);
    XDECREF(delim);
    DECREF(tpl);
    return res;
}

static Obj *tpl_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"template"};
    Obj *v[1];
    if (mh_bind_m("Template.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (obj_setattr(self, id_str("template"), v[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *substitute(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool safe)
{
    if (nargs > 1) {
        args_err_too_many_positional(safe ? "Template.safe_substitute" : "Template.substitute", 1, 2,
                                     nargs + 1, 0);
        return NULL;
    }
    Obj *kws = dict_new();
    if (!kws) return NULL;
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(kws, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) {
            DECREF(kws);
            return NULL;
        }
    Obj *r = template_run(self, nargs ? args[0] : NULL, kws, safe ? T_SAFE : T_SUBSTITUTE);
    DECREF(kws);
    if (!r) tbframe_push(&tbgen_string, safe ? TBG_STRING_SAFE_SUBSTITUTE_SUB : TBG_STRING_SUBSTITUTE_SUB);
    return r;
}

static Obj *tpl_substitute(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return substitute(self, a, n, kw, false); }
static Obj *tpl_safe_substitute(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return substitute(self, a, n, kw, true); }

static Obj *tpl_is_valid(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return template_run(self, NULL, NULL, T_VALID);
}

static Obj *tpl_get_identifiers(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return template_run(self, NULL, NULL, T_IDS);
}

/* Compile cls.pattern with `re` as string.py's __init_subclass__ does
 * (when re is available; the built-in matcher needs no pattern). */
static int compile_pattern(Obj *cls)
{
    Obj *re = import_name(id_str("re"), NULL, NULL, 0);
    if (!re) {
        vm_err_clear();
        return 0;
    }
    Obj *pattern = NULL, *res = NULL;
    Obj *own = ((TypeObj *)cls)->dict ? dict_get_borrow(((TypeObj *)cls)->dict, id_str("pattern")) : NULL;
    Obj *ours = compiled ? dict_get_borrow(compiled, cls) : NULL;
    if (own && own != ours) {
        pattern = INCREF(own);
    } else {
        Obj *delimiter = obj_getattr(cls, id_str("delimiter"));
        Obj *delim = delimiter ? obj_call_method(re, "escape", &delimiter, 1) : NULL;
        XDECREF(delimiter);
        Obj *idp = delim ? obj_getattr(cls, id_str("idpattern")) : NULL;
        Obj *bid = idp ? obj_getattr(cls, id_str("braceidpattern")) : NULL;
        if (bid) {
            int t = obj_is_true(bid);
            if (t == 0) obj_setref(&bid, INCREF(idp));
            else if (t < 0) CLEAR(bid);
        }
        if (bid)
            pattern = str_from_fmt("\n            %S(?:\n"
                                   "              (?P<escaped>%S)  |   # Escape sequence of two delimiters\n"
                                   "              (?P<named>%S)       |   # delimiter and a Python identifier\n"
                                   "              {(?P<braced>%S)} |   # delimiter and a braced identifier\n"
                                   "              (?P<invalid>)             # Other ill-formed delimiter exprs\n"
                                   "            )\n            ",
                                   delim, delim, idp, bid);
        XDECREF(delim);
        XDECREF(idp);
        XDECREF(bid);
    }
    Obj *flags = pattern ? obj_getattr(cls, id_str("flags")) : NULL;
    Obj *verbose = flags ? obj_getattr(re, id_str("VERBOSE")) : NULL;
    Obj *fl = verbose ? num_binary(flags, verbose, NB_OR) : NULL;
    Obj *c = fl ? obj_call_method(re, "compile", (Obj *[]){pattern, fl}, 2) : NULL;
    if (c) {
        if (!compiled) compiled = dict_new();
        if (compiled && dict_set(compiled, cls, c) == 0 && obj_setattr(cls, id_str("pattern"), c) == 0)
            res = c;
    }
    XDECREF(pattern);
    XDECREF(flags);
    XDECREF(verbose);
    XDECREF(fl);
    XDECREF(c);
    DECREF(re);
    return res ? 0 : -1;
}

static Obj *tpl_init_subclass(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (n || mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "Template.__init_subclass__() takes no arguments");
        return NULL;
    }
    if (compile_pattern(cls) < 0) return NULL;
    return INCREF(NONE);
}

static const MethodDef template_methods[] = {
    {"__init__", tpl_init, METH_FAST, NULL},
    {"substitute", tpl_substitute, METH_FAST, NULL},
    {"safe_substitute", tpl_safe_substitute, METH_FAST, NULL},
    {"is_valid", tpl_is_valid, METH_NOARGS, NULL},
    {"get_identifiers", tpl_get_identifiers, METH_NOARGS, NULL},
    {"__init_subclass__", tpl_init_subclass, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- _string.formatter_parser / formatter_field_name_split ------------------------------------ */

static Obj *sub(Obj *s, Ssize a, Ssize b) { return str_substr(s, a, b); }

/* One step of CPython's MarkupIterator: 0 end, 1 item, -1 error. */
static int markup_next(Obj *s, Ssize *pos, Obj **item)
{
    Ssize n = VAR_SIZE(s), start = *pos;
    if (start >= n) return 0;
    uint32_t c = 0;
    bool markup = false;
    Ssize p = start;
    while (p < n) {
        c = str_char(s, p++);
        if (c == '{' || c == '}') {
            markup = true;
            break;
        }
    }
    bool at_end = p >= n;
    Ssize len = p - start;
    if (c == '}' && markup && (at_end || str_char(s, p) != c)) {
        vm_err_set_str(&exc_ValueError, "Single '}' encountered in format string");
        return -1;
    }
    if (at_end && c == '{' && markup) {
        vm_err_set_str(&exc_ValueError, "Single '{' encountered in format string");
        return -1;
    }
    if (!at_end && markup) {
        if (str_char(s, p) == c) {
            p++;
            markup = false;   /* an escaped brace ends this literal */
        } else {
            len--;
        }
    }
    Obj *literal = sub(s, start, start + len);
    if (!literal) return -1;
    if (!markup) {
        *pos = p;
        *item = tuple_pack(4, literal, NONE, NONE, NONE);
        DECREF(literal);
        return *item ? 1 : -1;
    }
    /* parse_field: name up to '!' ':' or '}', skipping [...] */
    Ssize fs = p;
    c = 0;
    while (p < n) {
        c = str_char(s, p++);
        if (c == '{') {
            DECREF(literal);
            vm_err_set_str(&exc_ValueError, "unexpected '{' in field name");
            return -1;
        }
        if (c == '[') {
            while (p < n && str_char(s, p) != ']') p++;
            continue;
        }
        if (c == '}' || c == ':' || c == '!') break;
        c = 0;
    }
    Ssize fe = (c == '}' || c == ':' || c == '!') ? p - 1 : p;
    Obj *conv = INCREF(NONE), *spec = NULL;
    if (c == '!' || c == ':') {
        if (c == '!') {
            if (p >= n) {
                DECREF(literal);
                DECREF(conv);
                vm_err_set_str(&exc_ValueError, "end of string while looking for conversion specifier");
                return -1;
            }
            obj_setref(&conv, str_from_char(str_char(s, p++)));
            if (p < n) {
                uint32_t d = str_char(s, p++);
                if (d == '}') {
                    spec = str_from_cstr("");
                    goto got;
                }
                if (d != ':') {
                    DECREF(literal);
                    DECREF(conv);
                    vm_err_set_str(&exc_ValueError, "expected ':' after conversion specifier");
                    return -1;
                }
            }
        }
        Ssize ss = p;
        int count = 1;
        while (p < n) {
            uint32_t d = str_char(s, p++);
            if (d == '{') {
                count++;
            } else if (d == '}' && --count == 0) {
                spec = sub(s, ss, p - 1);
                goto got;
            }
        }
        DECREF(literal);
        DECREF(conv);
        vm_err_set_str(&exc_ValueError, "unmatched '{' in format spec");
        return -1;
    } else if (c != '}') {
        DECREF(literal);
        DECREF(conv);
        vm_err_set_str(&exc_ValueError, "expected '}' before end of string");
        return -1;
    }
    spec = str_from_cstr("");
got:;
    Obj *name = sub(s, fs, fe);
    *pos = p;
    *item = name && spec && conv ? tuple_pack(4, literal, name, spec, conv) : NULL;
    DECREF(literal);
    XDECREF(name);
    XDECREF(spec);
    XDECREF(conv);
    return *item ? 1 : -1;
}

static Obj *formatter_parse_list(Obj *s)
{
    if (!STR_CHECK(s)) {
        vm_err_format(&exc_TypeError, "expected str, got %s", type_name(OBJ_TYPE(s)));
        return NULL;
    }
    Obj *l = list_new(0);
    Ssize pos = 0;
    Obj *item;
    int r;
    while (l && (r = markup_next(s, &pos, &item)) != 0) {
        if (r < 0 || list_append(l, item) < 0) CLEAR(l);
        if (r > 0) DECREF(item);
    }
    return l;
}

/* int for an all-decimal-digit string, else the string; NULL + error when too big */
static Obj *maybe_int(Obj *s)
{
    Ssize n = VAR_SIZE(s);
    if (n == 0) return INCREF(s);
    uint64_t v = 0;
    for (Ssize i = 0; i < n; i++) {
        int d = ucd_decimal(str_char(s, i));
        if (d < 0) return INCREF(s);
        if (v > (uint64_t)(INT64_MAX - d) / 10) {
            vm_err_set_str(&exc_ValueError, "Too many decimal digits in format string");
            return NULL;
        }
        v = v * 10 + (uint64_t)d;
    }
    return int_from_i64((int64_t)v);
}

/* (first, [(is_attr, key), ...]) */
static int field_name_split(Obj *s, Obj **first, Obj **rest)
{
    Ssize n = VAR_SIZE(s), i = 0;
    while (i < n && str_char(s, i) != '.' && str_char(s, i) != '[') i++;
    Obj *f = sub(s, 0, i);
    *first = f ? maybe_int(f) : NULL;
    XDECREF(f);
    if (!*first) return -1;
    *rest = list_new(0);
    if (!*rest) goto fail;
    while (i < n) {
        uint32_t c = str_char(s, i++);
        Ssize a = i, b;
        bool is_attr;
        if (c == '.') {
            is_attr = true;
            while (i < n && str_char(s, i) != '.' && str_char(s, i) != '[') i++;
            b = i;
        } else if (c == '[') {
            is_attr = false;
            while (i < n && str_char(s, i) != ']') i++;
            if (i >= n) {
                vm_err_set_str(&exc_ValueError, "Missing ']' in format string");
                goto fail;
            }
            b = i++;
        } else {
            vm_err_set_str(&exc_ValueError, "Only '.' or '[' may follow ']' in format field specifier");
            goto fail;
        }
        if (a == b) {
            vm_err_set_str(&exc_ValueError, "Empty attribute in format string");
            goto fail;
        }
        Obj *k = sub(s, a, b);
        Obj *key = k ? (is_attr ? INCREF(k) : maybe_int(k)) : NULL;
        XDECREF(k);
        Obj *t = key ? tuple_pack(2, is_attr ? TRUE_ : FALSE_, key) : NULL;
        XDECREF(key);
        if (!t || list_append(*rest, t) < 0) {
            XDECREF(t);
            goto fail;
        }
        DECREF(t);
    }
    return 0;
fail:
    CLEAR(*first);
    CLEAR(*rest);
    return -1;
}

/* ---- Formatter --------------------------------------------------------------------------- */

static Obj *call_m(Obj *self, const char *name, Obj *const *args, Ssize n)
{
    Obj *f = obj_getattr(self, id_str(name));
    if (!f) return NULL;
    Obj *r = obj_call(f, args, n, NULL);
    DECREF(f);
    return r;
}

static Obj *fmt_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 1) {
        Obj *nm = str_from_cstr("format_string");
        if (nm) args_err_missing("Formatter.format", &nm, 1, false);
        XDECREF(nm);
        return NULL;
    }
    Obj *pos = tuple_from_array(args + 1, nargs - 1);
    Obj *kwd = dict_new();
    if (!pos || !kwd) goto fail;
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(kwd, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) goto fail;
    Obj *r = call_m(self, "vformat", (Obj *[]){args[0], pos, kwd}, 3);
    DECREF(pos);
    DECREF(kwd);
    return r;
fail:
    XDECREF(pos);
    XDECREF(kwd);
    return NULL;
}

/* _vformat: returns the string; *auto_idx is the next automatic index (-1: manual numbering) */
static Obj *vformat_rec(Obj *self, Obj *fmt, Obj *args, Obj *kwargs, Obj *used, int depth, int64_t *auto_idx)
{
    if (depth < 0) {
        vm_err_set_str(&exc_ValueError, "Max string recursion exceeded");
        return NULL;
    }
    Obj *items = call_m(self, "parse", &fmt, 1);
    Obj *it = items ? obj_getiter(items) : NULL;
    XDECREF(items);
    if (!it) return NULL;
    Obj *parts = list_new(0);
    Obj *item, *res = NULL;
    while (parts && (item = obj_iternext(it))) {
        Obj *t = seq_to_tuple(item);
        DECREF(item);
        if (!t) goto fail;
        if (TUPLE_LEN(t) != 4) {
            vm_err_format(&exc_ValueError, TUPLE_LEN(t) > 4 ? "too many values to unpack (expected 4)"
                                                          : "not enough values to unpack (expected 4, got %zd)",
                          TUPLE_LEN(t));
            DECREF(t);
            goto fail;
        }
        Obj *literal = TUPLE_ITEMS(t)[0], *field = TUPLE_ITEMS(t)[1];
        Obj *spec = TUPLE_ITEMS(t)[2], *conv = TUPLE_ITEMS(t)[3];
        int lt = obj_is_true(literal);
        if (lt < 0 || (lt && list_append(parts, literal) < 0)) {
            DECREF(t);
            goto fail;
        }
        if (field == NONE) {
            DECREF(t);
            continue;
        }
        Obj *fname = INCREF(field);
        if (STR_CHECK(field) && VAR_SIZE(field) == 0) {
            if (*auto_idx < 0) {
                vm_err_set_str(&exc_ValueError,
                               "cannot switch from manual field specification to automatic field numbering");
                DECREF(fname);
                DECREF(t);
                goto fail;
            }
            obj_setref(&fname, str_from_fmt("%lld", (long long)*auto_idx));
            (*auto_idx)++;
        } else {
            Obj *isd = obj_call_method(field, "isdigit", NULL, 0);
            int d = isd ? obj_is_true(isd) : -1;
            XDECREF(isd);
            if (d < 0) {
                DECREF(fname);
                DECREF(t);
                goto fail;
            }
            if (d) {
                if (*auto_idx > 0) {
                    vm_err_set_str(&exc_ValueError,
                                   "cannot switch from manual field specification to automatic field numbering");
                    DECREF(fname);
                    DECREF(t);
                    goto fail;
                }
                *auto_idx = -1;
            }
        }
        Obj *got = fname ? call_m(self, "get_field", (Obj *[]){fname, args, kwargs}, 3) : NULL;
        XDECREF(fname);
        Obj *gt = got ? seq_to_tuple(got) : NULL;
        XDECREF(got);
        if (!gt || TUPLE_LEN(gt) != 2) {
            if (gt) vm_err_set_str(&exc_ValueError, "not enough values to unpack (expected 2)");
            XDECREF(gt);
            DECREF(t);
            goto fail;
        }
        Obj *obj = TUPLE_ITEMS(gt)[0];
        Obj *added = obj_call_method(used, "add", &TUPLE_ITEMS(gt)[1], 1);
        Obj *conv_obj = added ? call_m(self, "convert_field", (Obj *[]){obj, conv}, 2) : NULL;
        XDECREF(added);
        DECREF(gt);
        Obj *spec2 = conv_obj ? vformat_rec(self, spec, args, kwargs, used, depth - 1, auto_idx) : NULL;
        Obj *piece = spec2 ? call_m(self, "format_field", (Obj *[]){conv_obj, spec2}, 2) : NULL;
        XDECREF(conv_obj);
        XDECREF(spec2);
        DECREF(t);
        if (!piece || list_append(parts, piece) < 0) {
            XDECREF(piece);
            goto fail;
        }
        DECREF(piece);
    }
    if (!parts || vm_err_occurred()) goto fail;
    res = str_join(id_str(""), parts);
fail:
    XDECREF(parts);
    DECREF(it);
    return res;
}

static Obj *fmt_vformat(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"format_string", "args", "kwargs"};
    Obj *v[3];
    if (mh_bind_m("Formatter.vformat", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *used = set_new(NULL);
    if (!used) return NULL;
    int64_t auto_idx = 0;
    Obj *r = vformat_rec(self, v[0], v[1], v[2], used, 2, &auto_idx);
    if (r) {
        Obj *c = call_m(self, "check_unused_args", (Obj *[]){used, v[1], v[2]}, 3);
        if (!c) CLEAR(r);
        XDECREF(c);
    }
    DECREF(used);
    return r;
}

static Obj *fmt_parse(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"format_string"};
    Obj *v[1];
    if (mh_bind_m("Formatter.parse", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *l = formatter_parse_list(v[0]);
    if (!l) return NULL;
    Obj *it = obj_getiter(l);
    DECREF(l);
    return it;
}

static Obj *fmt_get_field(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"field_name", "args", "kwargs"};
    Obj *v[3];
    if (mh_bind_m("Formatter.get_field", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "expected str, got %s", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    Obj *first, *rest;
    if (field_name_split(v[0], &first, &rest) < 0) return NULL;
    Obj *obj = call_m(self, "get_value", (Obj *[]){first, v[1], v[2]}, 3);
    for (Ssize i = 0; obj && i < LIST_LEN(rest); i++) {
        Obj *pair = LIST_ITEMS(rest)[i];
        Obj *key = TUPLE_ITEMS(pair)[1];
        Obj *next = TUPLE_ITEMS(pair)[0] == TRUE_ ? obj_getattr(obj, key) : obj_getitem(obj, key);
        DECREF(obj);
        obj = next;
    }
    Obj *r = obj ? tuple_pack(2, obj, first) : NULL;
    XDECREF(obj);
    DECREF(first);
    DECREF(rest);
    return r;
}

static Obj *fmt_get_value(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"key", "args", "kwargs"};
    Obj *v[3];
    if (mh_bind_m("Formatter.get_value", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    if (INT_CHECK(v[0])) return obj_getitem(v[1], v[0]);
    return obj_getitem(v[2], v[0]);
}

static Obj *fmt_check_unused(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"used_args", "args", "kwargs"};
    Obj *v[3];
    if (mh_bind_m("Formatter.check_unused_args", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *fmt_format_field(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"value", "format_spec"};
    Obj *v[2];
    if (mh_bind_m("Formatter.format_field", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    return obj_format(v[0], v[1]);
}

static Obj *fmt_convert_field(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"value", "conversion"};
    Obj *v[2];
    if (mh_bind_m("Formatter.convert_field", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *c = v[1];
    if (c == NONE) return INCREF(v[0]);
    if (STR_CHECK(c) && str_eq_cstr(c, "s")) return obj_str(v[0]);
    if (STR_CHECK(c) && str_eq_cstr(c, "r")) return obj_repr(v[0]);
    if (STR_CHECK(c) && str_eq_cstr(c, "a")) return obj_ascii(v[0]);
    Obj *s = obj_str(c);
    if (s) vm_err_format(&exc_ValueError, "Unknown conversion specifier %U", s);
    XDECREF(s);
    return NULL;
}

static const MethodDef formatter_methods[] = {
    {"format", fmt_format, METH_FAST, NULL},
    {"vformat", fmt_vformat, METH_FAST, NULL},
    {"parse", fmt_parse, METH_FAST, NULL},
    {"get_field", fmt_get_field, METH_FAST, NULL},
    {"get_value", fmt_get_value, METH_FAST, NULL},
    {"check_unused_args", fmt_check_unused, METH_FAST, NULL},
    {"format_field", fmt_format_field, METH_FAST, NULL},
    {"convert_field", fmt_convert_field, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ------------------------------------------------------------------------------ */

static const MethodDef string_methods[] = {
    {"capwords", s_capwords, METH_FAST,
     "capwords(s [,sep]) -> string\n\n    Split the argument into words using split, capitalize each\n"
     "    word using capitalize, and join the capitalized words using\n    join.  If the optional second argument sep is absent or None,\n"
     "    runs of whitespace characters are replaced by a single space\n    and leading and trailing whitespace are removed, otherwise\n"
     "    sep is used to split and join the words.\n\n    "},
    {NULL, NULL, 0, NULL},
};

static Obj *string_init(void)
{
    Obj *m = mh_module("string", string_methods);
    if (!m) return NULL;
    static const struct { const char *name, *value; } consts[] = {
        {"whitespace", " \t\n\r\v\f"},
        {"ascii_lowercase", "abcdefghijklmnopqrstuvwxyz"},
        {"ascii_uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
        {"ascii_letters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
        {"digits", "0123456789"},
        {"hexdigits", "0123456789abcdefABCDEF"},
        {"octdigits", "01234567"},
        {"punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"},
        {"printable", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\v\f"},
    };
    for (size_t i = 0; i < sizeof consts / sizeof *consts; i++)
        if (mh_add_str(m, consts[i].name, consts[i].value) < 0) goto fail;
    if (!template_cls) {
        /* the class attributes first, so __init_subclass__ (run by the class
         * creation for Template itself in string.py) sees them */
        template_cls = mh_class("string", "Template", NULL, NULL, NULL, NULL);
        if (!template_cls) goto fail;
        Obj *re = import_name(id_str("re"), NULL, NULL, 0);
        Obj *flags = NULL;
        if (re) {
            flags = obj_getattr(re, id_str("IGNORECASE"));
            DECREF(re);
        }
        if (!flags) {
            vm_err_clear();
            flags = int_from_i64(2);
        }
        Obj *delim = str_from_cstr("$"), *idp = str_from_cstr(default_idpattern);
        int rc = delim && idp && flags && obj_setattr(template_cls, id_str("delimiter"), delim) == 0 &&
                 obj_setattr(template_cls, id_str("idpattern"), idp) == 0 &&
                 obj_setattr(template_cls, id_str("braceidpattern"), NONE) == 0 &&
                 obj_setattr(template_cls, id_str("flags"), flags) == 0 ? 0 : -1;
        XDECREF(delim);
        XDECREF(idp);
        XDECREF(flags);
        if (rc < 0) goto fail;
        for (const MethodDef *d = template_methods; d->name; d++) {
            Obj *f = d->flags & METH_CLASS ? classmethod_descr_new((TypeObj *)template_cls, d)
                                            : method_descr_new((TypeObj *)template_cls, d);
            if (!f || obj_setattr(template_cls, id_str(d->name), f) < 0) {
                XDECREF(f);
                goto fail;
            }
            DECREF(f);
        }
        Obj *doc = str_from_cstr("A string class for supporting $-substitutions.");
        if (!doc || obj_setattr(template_cls, id_str("__doc__"), doc) < 0) {
            XDECREF(doc);
            goto fail;
        }
        DECREF(doc);
        if (compile_pattern(template_cls) < 0) vm_err_clear();
        formatter_cls = mh_class("string", "Formatter", NULL, formatter_methods, NULL, NULL);
        if (!formatter_cls) goto fail;
    }
    static const char *const all[] = {
        "ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords", "digits", "hexdigits",
        "octdigits", "printable", "punctuation", "whitespace", "Formatter", "Template",
    };
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof *all; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0 || mh_add_obj(m, "Template", template_cls) < 0 ||
        mh_add_obj(m, "Formatter", formatter_cls) < 0)
        goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_string_register(void)
{
    import_register_native("string", string_init);
    vm_static_roots(&template_cls, 1);
    vm_static_roots(&formatter_cls, 1);
    vm_static_roots(&compiled, 1);
}
