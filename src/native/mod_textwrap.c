/* mod_textwrap.c — the `textwrap` module of CPython 3.12, natively.
 *
 * TextWrapper is a heap class (subclassable, its options plain instance
 * attributes) whose methods follow textwrap.py's steps and call each other
 * through `self` — wrap → _split_chunks → _munge_whitespace/_split,
 * _fix_sentence_endings, _wrap_chunks → _handle_long_word — so a subclass
 * overriding one step sees the calls CPython makes.  Word splitting uses
 * CPython's wordsep_re / wordsep_simple_re (the same regular expressions,
 * compiled by the VM's `re`), so chunks, and therefore every line break,
 * are CPython's.  wrap/fill/shorten build a TextWrapper; dedent and indent
 * are the module functions with their exact margin rules.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

static Obj *wrapper_cls;

/* the class attributes CPython defines (patterns compiled once) */
static const char ws_chars[] = "\t\n\x0b\x0c\r ";
#define WS "[\\t\\n\\x0b\\x0c\\r ]"
#define NWS "[^\\t\\n\\x0b\\x0c\\r ]"
#define WP "[\\w!\"'&.,?]"
#define LT "[^\\d\\W]"
static const char wordsep_pat[] =
    "(" WS "+"                                       /* any whitespace */
    "|(?<=" WP ")-{2,}(?=\\w)"                        /* an em-dash between words */
    "|" NWS "+?(?:"                                   /* a word, possibly hyphenated */
        "-(?:(?<=" LT "{2}-)|(?<=" LT "-" LT "-))(?=" LT "-?" LT ")"
        "|(?=" WS "|\\Z)"
        "|(?<=" WP ")(?=-{2,}\\w)"
    "))";
static const char wordsep_simple_pat[] = "(" WS "+)";
static const char sentence_end_pat[] = "[a-z][\\.\\!\\?][\\\"\\']?\\Z";

static Obj *re_call(const char *fn, Obj *const *args, Ssize nargs)
{
    Obj *re = import_name(id_str("re"), NULL, NULL, 0);
    if (!re) return NULL;
    Obj *name = str_from_cstr(fn);
    Obj *f = name ? obj_getattr(re, name) : NULL;
    XDECREF(name);
    DECREF(re);
    if (!f) return NULL;
    Obj *r = obj_call(f, args, nargs, NULL);
    DECREF(f);
    return r;
}

static Obj *re_compile(const char *pat)
{
    Obj *p = str_from_cstr(pat);
    if (!p) return NULL;
    Obj *r = re_call("compile", &p, 1);
    DECREF(p);
    return r;
}

static Obj *get(Obj *self, const char *name)
{
    Obj *key = str_from_cstr(name);
    Obj *v = key ? obj_getattr(self, key) : NULL;
    XDECREF(key);
    return v;
}

static int get_bool(Obj *self, const char *name)
{
    Obj *v = get(self, name);
    if (!v) return -1;
    int r = obj_is_true(v);
    DECREF(v);
    return r;
}

static Obj *call1(Obj *self, const char *name, Obj *arg)
{
    return obj_call_method(self, name, arg ? &arg : NULL, arg ? 1 : 0);
}

/* chunk.strip() == '' */
static int blank(Obj *s)
{
    Obj *t = obj_call_method(s, "strip", NULL, 0);
    if (!t) return -1;
    Ssize n = obj_length(t);
    DECREF(t);
    return n < 0 ? -1 : n == 0;
}

/* ---- TextWrapper --------------------------------------------------------------------------------- */

static const char *const init_names[] = {
    "width", "initial_indent", "subsequent_indent", "expand_tabs", "replace_whitespace",
    "fix_sentence_endings", "break_long_words", "drop_whitespace", "break_on_hyphens", "tabsize",
    "max_lines", "placeholder"};

static Obj *tw_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[12];
    if (mh_bind_m("TextWrapper.__init__", args, nargs, kw, init_names, 12, 10, 0, 0, 0, v) < 0) return NULL;
    Obj *width = v[0] ? INCREF(v[0]) : int_from_i64(70);
    Obj *tabsize = v[9] ? INCREF(v[9]) : int_from_i64(8);
    Obj *empty = str_from_cstr(""), *ph = v[11] ? INCREF(v[11]) : str_from_cstr(" [...]");
    Obj *dflt[12] = {width, empty, empty, TRUE_, TRUE_, FALSE_, TRUE_, TRUE_, TRUE_, tabsize, NONE, ph};
    int rc = width && tabsize && empty && ph ? 0 : -1;
    for (int i = 0; i < 12 && rc == 0; i++) {
        Obj *key = str_from_cstr(init_names[i]);
        rc = key ? obj_setattr(self, key, v[i] ? v[i] : dflt[i]) : -1;
        XDECREF(key);
    }
    XDECREF(width);
    XDECREF(tabsize);
    XDECREF(empty);
    XDECREF(ph);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *tw_munge(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"text"};
    Obj *v[1];
    if (mh_bind_m("TextWrapper._munge_whitespace", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *text = INCREF(v[0]);
    int r = get_bool(self, "expand_tabs");
    if (r < 0) goto fail;
    if (r) {
        Obj *ts = get(self, "tabsize");
        Obj *t = ts ? call1(text, "expandtabs", ts) : NULL;
        XDECREF(ts);
        if (!t) goto fail;
        obj_setref(&text, t);
    }
    r = get_bool(self, "replace_whitespace");
    if (r < 0) goto fail;
    if (r) {
        Obj *table = get(self, "unicode_whitespace_trans");
        Obj *t = table ? call1(text, "translate", table) : NULL;
        XDECREF(table);
        if (!t) goto fail;
        obj_setref(&text, t);
    }
    return text;
fail:
    DECREF(text);
    return NULL;
}

static Obj *tw_split(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"text"};
    Obj *v[1];
    if (mh_bind_m("TextWrapper._split", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    int r = get_bool(self, "break_on_hyphens");
    if (r < 0) return NULL;
    Obj *pat = get(self, r ? "wordsep_re" : "wordsep_simple_re");
    Obj *parts = pat ? call1(pat, "split", v[0]) : NULL;
    XDECREF(pat);
    if (!parts) return NULL;
    Obj *out = list_new(0);
    Obj *it = out ? obj_getiter(parts) : NULL;
    DECREF(parts);
    if (!it) {
        XDECREF(out);
        return NULL;
    }
    Obj *c;
    while ((c = obj_iternext(it))) {
        int t = obj_is_true(c);
        if (t < 0 || (t && list_append(out, c) < 0)) {
            DECREF(c);
            DECREF(it);
            DECREF(out);
            return NULL;
        }
        DECREF(c);
    }
    DECREF(it);
    if (vm_err_occurred()) {
        DECREF(out);
        return NULL;
    }
    return out;
}

static Obj *tw_fix_endings(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"chunks"};
    Obj *v[1];
    if (mh_bind_m("TextWrapper._fix_sentence_endings", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *chunks = v[0];
    Obj *pat = get(self, "sentence_end_re");
    if (!pat) return NULL;
    Ssize i = 0;
    for (;;) {
        Ssize n = obj_length(chunks);
        if (n < 0) goto fail;
        if (i >= n - 1) break;
        Obj *ii = int_from_i64(i), *ij = int_from_i64(i + 1);
        Obj *a = ii ? obj_getitem(chunks, ii) : NULL;
        Obj *b = a && ij ? obj_getitem(chunks, ij) : NULL;
        int adv = 1;
        if (b && STR_CHECK(b) && str_eq_cstr(b, " ")) {
            Obj *m = call1(pat, "search", a);
            if (!m) {
                XDECREF(ii), XDECREF(ij), XDECREF(a), XDECREF(b);
                goto fail;
            }
            if (m != NONE) {
                Obj *two = str_from_cstr("  ");
                int r = two ? obj_setitem(chunks, ij, two) : -1;
                XDECREF(two);
                if (r < 0) {
                    DECREF(m);
                    XDECREF(ii), XDECREF(ij), XDECREF(a), XDECREF(b);
                    goto fail;
                }
                adv = 2;
            }
            DECREF(m);
        }
        bool ok = b != NULL;
        XDECREF(ii);
        XDECREF(ij);
        XDECREF(a);
        XDECREF(b);
        if (!ok) goto fail;
        i += adv;
    }
    DECREF(pat);
    return INCREF(NONE);
fail:
    DECREF(pat);
    return NULL;
}

static Ssize slen(Obj *s) { return obj_length(s); }

/* _handle_long_word(reversed_chunks, cur_line, cur_len, width) */
static Obj *tw_long_word(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"reversed_chunks", "cur_line", "cur_len", "width"};
    Obj *v[4];
    if (mh_bind_m("TextWrapper._handle_long_word", args, nargs, kw, names, 4, 4, 0, 4, 0, v) < 0) return NULL;
    Obj *chunks = v[0], *cur_line = v[1];
    Ssize cur_len = mh_as_ssize(v[2]), width = cur_len == -1 && vm_err_occurred() ? -1 : mh_as_ssize(v[3]);
    if (vm_err_occurred()) return NULL;
    Ssize space_left = width < 1 ? 1 : width - cur_len;
    int brk = get_bool(self, "break_long_words");
    if (brk < 0) return NULL;
    Ssize n = obj_length(chunks);
    if (n < 0) return NULL;
    Obj *last_i = int_from_i64(n - 1);
    if (!last_i) return NULL;
    if (brk) {
        Ssize end = space_left;
        Obj *chunk = obj_getitem(chunks, last_i);
        if (!chunk) {
            DECREF(last_i);
            return NULL;
        }
        int hy = get_bool(self, "break_on_hyphens");
        Ssize clen = slen(chunk);
        if (hy < 0 || clen < 0) {
            DECREF(chunk);
            DECREF(last_i);
            return NULL;
        }
        if (hy && clen > space_left && STR_CHECK(chunk)) {
            Ssize hyphen = -1;
            Ssize lim = space_left < clen ? space_left : clen;
            for (Ssize k = lim - 1; k >= 0; k--)
                if (str_char(chunk, k) == '-') {
                    hyphen = k;
                    break;
                }
            if (hyphen > 0) {
                bool other = false;
                for (Ssize k = 0; k < hyphen && !other; k++) other = str_char(chunk, k) != '-';
                if (other) end = hyphen + 1;
            }
        }
        if (end < 0) end = 0;   /* chunk[:end] with a negative end is never reached here */
        Obj *head = str_substr(chunk, 0, end < clen ? end : clen);
        Obj *tail = str_substr(chunk, end < clen ? end : clen, clen);
        int r = head && tail && list_append(cur_line, head) == 0 ? obj_setitem(chunks, last_i, tail) : -1;
        XDECREF(head);
        XDECREF(tail);
        DECREF(chunk);
        DECREF(last_i);
        return r < 0 ? NULL : INCREF(NONE);
    }
    DECREF(last_i);
    Ssize cl = obj_length(cur_line);
    if (cl < 0) return NULL;
    if (cl == 0) {
        Obj *c = obj_call_method(chunks, "pop", NULL, 0);
        int r = c ? list_append(cur_line, c) : -1;
        XDECREF(c);
        if (r < 0) return NULL;
    }
    return INCREF(NONE);
}

static Obj *join_line(Obj *indent, Obj *parts)
{
    Obj *empty = str_from_cstr("");
    Obj *body = empty ? str_join(empty, parts) : NULL;
    XDECREF(empty);
    Obj *r = body ? str_concat(indent, body) : NULL;
    XDECREF(body);
    return r;
}

static Obj *tw_wrap_chunks(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"chunks"};
    Obj *v[1];
    if (mh_bind_m("TextWrapper._wrap_chunks", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *chunks = v[0];
    if (!LIST_CHECK(chunks)) {
        vm_err_format(&exc_TypeError, "chunks must be a list, not %s", type_name(OBJ_TYPE(chunks)));
        return NULL;
    }
    Obj *widtho = get(self, "width");
    if (!widtho) return NULL;
    Ssize self_width = mh_as_ssize(widtho);
    if (self_width == -1 && vm_err_occurred()) {
        DECREF(widtho);
        return NULL;
    }
    if (self_width <= 0) {
        vm_err_format(&exc_ValueError, "invalid width %R (must be > 0)", widtho);
        DECREF(widtho);
        return tbframe_fail(&tbgen_textwrap, TBG_TEXTWRAP_WRAP_CHUNKS_WIDTH);
    }
    DECREF(widtho);
    Obj *lines = list_new(0);
    Obj *init_ind = get(self, "initial_indent"), *sub_ind = init_ind ? get(self, "subsequent_indent") : NULL;
    Obj *maxo = sub_ind ? get(self, "max_lines") : NULL;
    Obj *ph = maxo ? get(self, "placeholder") : NULL;
    Obj *cur_line = NULL;
    int dropws = ph ? get_bool(self, "drop_whitespace") : -1;
    Ssize max_lines = -1;
    if (!lines || dropws < 0) goto fail;
    if (maxo != NONE) {
        max_lines = mh_as_ssize(maxo);
        if (max_lines == -1 && vm_err_occurred()) goto fail;
        Obj *ind = max_lines > 1 ? sub_ind : init_ind;
        Obj *phs = obj_call_method(ph, "lstrip", NULL, 0);
        Ssize pl = phs ? slen(phs) : -1;
        XDECREF(phs);
        if (pl < 0) goto fail;
        if (slen(ind) + pl > self_width) {
            vm_err_set_str(&exc_ValueError, "placeholder too large for max width");
            tbframe_push(&tbgen_textwrap, TBG_TEXTWRAP_WRAP_CHUNKS_PLACEHOLDER);
            goto fail;
        }
    }
    Ssize phlen = slen(ph);
    if (list_reverse(chunks) < 0) goto fail;
    while (LIST_LEN(chunks)) {
        cur_line = list_new(0);
        if (!cur_line) goto fail;
        Ssize cur_len = 0;
        Obj *indent = LIST_LEN(lines) ? sub_ind : init_ind;
        Ssize width = self_width - slen(indent);
        if (dropws && LIST_LEN(lines)) {
            int b = blank(LIST_ITEMS(chunks)[LIST_LEN(chunks) - 1]);
            if (b < 0) goto fail;
            if (b && list_set_slice(chunks, LIST_LEN(chunks) - 1, LIST_LEN(chunks), NULL) < 0) goto fail;
        }
        while (LIST_LEN(chunks)) {
            Obj *last = LIST_ITEMS(chunks)[LIST_LEN(chunks) - 1];
            Ssize l = slen(last);
            if (l < 0) goto fail;
            if (cur_len + l > width) break;
            if (list_append(cur_line, last) < 0 ||
                list_set_slice(chunks, LIST_LEN(chunks) - 1, LIST_LEN(chunks), NULL) < 0)
                goto fail;
            cur_len += l;
        }
        if (LIST_LEN(chunks) && slen(LIST_ITEMS(chunks)[LIST_LEN(chunks) - 1]) > width) {
            Obj *a[4] = {chunks, cur_line, int_from_i64(cur_len), int_from_i64(width)};
            Obj *r = a[2] && a[3] ? obj_call_method(self, "_handle_long_word", a, 4) : NULL;
            XDECREF(a[2]);
            XDECREF(a[3]);
            if (!r) goto fail;
            DECREF(r);
            cur_len = 0;
            for (Ssize k = 0; k < LIST_LEN(cur_line); k++) cur_len += slen(LIST_ITEMS(cur_line)[k]);
        }
        if (dropws && LIST_LEN(cur_line)) {
            Obj *last = LIST_ITEMS(cur_line)[LIST_LEN(cur_line) - 1];
            int b = blank(last);
            if (b < 0) goto fail;
            if (b) {
                cur_len -= slen(last);
                if (list_set_slice(cur_line, LIST_LEN(cur_line) - 1, LIST_LEN(cur_line), NULL) < 0) goto fail;
            }
        }
        if (LIST_LEN(cur_line)) {
            bool fits = max_lines < 0 || LIST_LEN(lines) + 1 < max_lines;
            if (!fits) {
                bool rest_empty = LIST_LEN(chunks) == 0;
                if (!rest_empty && dropws && LIST_LEN(chunks) == 1) {
                    int b = blank(LIST_ITEMS(chunks)[0]);
                    if (b < 0) goto fail;
                    rest_empty = b;
                }
                fits = rest_empty && cur_len <= width;
            }
            if (fits) {
                Obj *line = join_line(indent, cur_line);
                if (!line || list_append(lines, line) < 0) {
                    XDECREF(line);
                    goto fail;
                }
                DECREF(line);
            } else {
                bool placed = false;
                while (LIST_LEN(cur_line)) {
                    Obj *last = LIST_ITEMS(cur_line)[LIST_LEN(cur_line) - 1];
                    int b = blank(last);
                    if (b < 0) goto fail;
                    if (!b && cur_len + phlen <= width) {
                        Obj *line = list_append(cur_line, ph) == 0 ? join_line(indent, cur_line) : NULL;
                        if (!line || list_append(lines, line) < 0) {
                            XDECREF(line);
                            goto fail;
                        }
                        DECREF(line);
                        placed = true;
                        break;
                    }
                    cur_len -= slen(last);
                    if (list_set_slice(cur_line, LIST_LEN(cur_line) - 1, LIST_LEN(cur_line), NULL) < 0) goto fail;
                }
                if (!placed) {
                    bool done = false;
                    if (LIST_LEN(lines)) {
                        Obj *prev = obj_call_method(LIST_ITEMS(lines)[LIST_LEN(lines) - 1], "rstrip", NULL, 0);
                        if (!prev) goto fail;
                        if (slen(prev) + phlen <= self_width) {
                            Obj *nl = str_concat(prev, ph);
                            DECREF(prev);
                            if (!nl) goto fail;
                            obj_setref(&LIST_ITEMS(lines)[LIST_LEN(lines) - 1], nl);
                            done = true;
                        } else {
                            DECREF(prev);
                        }
                    }
                    if (!done) {
                        Obj *pl = obj_call_method(ph, "lstrip", NULL, 0);
                        Obj *line = pl ? str_concat(indent, pl) : NULL;
                        XDECREF(pl);
                        if (!line || list_append(lines, line) < 0) {
                            XDECREF(line);
                            goto fail;
                        }
                        DECREF(line);
                    }
                }
                CLEAR(cur_line);
                break;
            }
        }
        CLEAR(cur_line);
    }
    XDECREF(init_ind);
    XDECREF(sub_ind);
    XDECREF(maxo);
    XDECREF(ph);
    return lines;
fail:
    XDECREF(cur_line);
    XDECREF(lines);
    XDECREF(init_ind);
    XDECREF(sub_ind);
    XDECREF(maxo);
    XDECREF(ph);
    return NULL;
}

static Obj *tw_split_chunks(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"text"};
    Obj *v[1];
    if (mh_bind_m("TextWrapper._split_chunks", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *t = call1(self, "_munge_whitespace", v[0]);
    Obj *r = t ? call1(self, "_split", t) : NULL;
    XDECREF(t);
    return r;
}

static Obj *tw_wrap(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"text"};
    Obj *v[1];
    if (mh_bind_m("TextWrapper.wrap", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *chunks = call1(self, "_split_chunks", v[0]);
    if (!chunks) return NULL;
    int fix = get_bool(self, "fix_sentence_endings");
    if (fix > 0) {
        Obj *r = call1(self, "_fix_sentence_endings", chunks);
        if (!r) fix = -1;
        XDECREF(r);
    }
    Obj *res = fix < 0 ? NULL : call1(self, "_wrap_chunks", chunks);
    DECREF(chunks);
    /* textwrap.py's frames in tracebacks (tbframes_gen.h) */
    if (!res && fix >= 0) tbframe_push(&tbgen_textwrap, TBG_TEXTWRAP_WRAPPER_WRAP_CHUNKS);
    return res;
}

static Obj *tw_fill(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"text"};
    Obj *v[1];
    if (mh_bind_m("TextWrapper.fill", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *lines = call1(self, "wrap", v[0]);
    if (!lines) return tbframe_fail(&tbgen_textwrap, TBG_TEXTWRAP_WRAPPER_FILL_WRAP);
    Obj *nl = str_from_cstr("\n");
    Obj *r = nl ? str_join(nl, lines) : NULL;
    XDECREF(nl);
    XDECREF(lines);
    return r;
}

static const MethodDef tw_methods[] = {
    {"__init__", tw_init, METH_FAST, NULL},
    {"_munge_whitespace", tw_munge, METH_FAST, NULL},
    {"_split", tw_split, METH_FAST, NULL},
    {"_fix_sentence_endings", tw_fix_endings, METH_FAST, NULL},
    {"_handle_long_word", tw_long_word, METH_FAST, NULL},
    {"_wrap_chunks", tw_wrap_chunks, METH_FAST, NULL},
    {"_split_chunks", tw_split_chunks, METH_FAST, NULL},
    {"wrap", tw_wrap, METH_FAST, NULL},
    {"fill", tw_fill, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- module functions ------------------------------------------------------------------------------ */

/* TextWrapper(width=width, **kwargs) from a call `f(text, width=70, **kwargs)` */
static Obj *make_wrapper(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, Obj **text, bool need_width)
{
    Ssize nkw = mh_nkw(kw);
    if (nargs < 1) {
        Obj *miss = str_from_cstr("text");
        for (Ssize i = 0; i < nkw; i++)
            if (str_eq_cstr(TUPLE_ITEMS(kw)[i], "text")) {
                vm_err_format(&exc_TypeError, "%s() got some positional-only arguments passed as keyword arguments: 'text'", fname);
                XDECREF(miss);
                return NULL;
            }
        args_err_missing(fname, &miss, 1, false);
        XDECREF(miss);
        return NULL;
    }
    if (nargs > 2) {
        args_err_too_many_positional(fname, need_width ? 2 : 1, 2, nargs, 0);
        return NULL;
    }
    *text = args[0];
    Obj *width = nargs == 2 ? args[1] : NULL;
    /* keywords: width may come as a keyword too */
    Obj *vals = list_new(0), *names = list_new(0);
    if (!vals || !names) goto fail;
    for (Ssize i = 0; i < nkw; i++) {
        Obj *k = TUPLE_ITEMS(kw)[i];
        if (str_eq_cstr(k, "width")) {
            if (width) {
                args_err_multiple_values(fname, k);
                goto fail;
            }
            width = args[nargs + i];
            continue;
        }
        if (list_append(names, k) < 0 || list_append(vals, args[nargs + i]) < 0) goto fail;
    }
    if (!width && need_width) {
        Obj *miss = str_from_cstr("width");
        args_err_missing(fname, &miss, 1, false);
        XDECREF(miss);
        goto fail;
    }
    Obj *w70 = width ? INCREF(width) : int_from_i64(70);
    Obj *wkey = str_from_cstr("width");
    if (!w70 || !wkey || list_insert(names, 0, wkey) < 0 || list_insert(vals, 0, w70) < 0) {
        XDECREF(w70);
        XDECREF(wkey);
        goto fail;
    }
    DECREF(w70);
    DECREF(wkey);
    Obj *kwn = list_as_tuple(names);
    Obj *w = kwn ? obj_call(wrapper_cls, LIST_ITEMS(vals), 0, kwn) : NULL;
    XDECREF(kwn);
    DECREF(vals);
    DECREF(names);
    return w;
fail:
    XDECREF(vals);
    XDECREF(names);
    return NULL;
}

static Obj *t_wrap(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *text;
    Obj *w = make_wrapper("wrap", args, nargs, kw, &text, false);
    Obj *r = w ? call1(w, "wrap", text) : NULL;
    if (w && !r) tbframe_push(&tbgen_textwrap, TBG_TEXTWRAP_WRAP_WRAP);
    XDECREF(w);
    return r;
}

static Obj *t_fill(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *text;
    Obj *w = make_wrapper("fill", args, nargs, kw, &text, false);
    Obj *r = w ? call1(w, "fill", text) : NULL;
    if (w && !r) tbframe_push(&tbgen_textwrap, TBG_TEXTWRAP_FILL_FILL);
    XDECREF(w);
    return r;
}

static Obj *t_shorten(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *text;
    Obj *w = make_wrapper("shorten", args, nargs, kw, &text, true);
    if (!w) return NULL;
    Obj *one = int_from_i64(1);
    int rc = one ? obj_setattr(w, id_str("max_lines"), one) : -1;
    XDECREF(one);
    Obj *r = NULL;
    if (rc == 0) {
        /* ' '.join(text.strip().split()) */
        Obj *st = obj_call_method(text, "strip", NULL, 0);
        Obj *parts = st ? obj_call_method(st, "split", NULL, 0) : NULL;
        Obj *sp = parts ? str_from_cstr(" ") : NULL;
        Obj *joined = sp ? str_join(sp, parts) : NULL;
        r = joined ? call1(w, "fill", joined) : NULL;
        if (joined && !r) tbframe_push(&tbgen_textwrap, TBG_TEXTWRAP_SHORTEN_FILL);
        XDECREF(st);
        XDECREF(parts);
        XDECREF(sp);
        XDECREF(joined);
    }
    DECREF(w);
    return r;
}

static bool is_space_tab(uint32_t c) { return c == ' ' || c == '\t'; }

/* dedent: drop whitespace-only lines' blanks, then the longest common margin */
static Obj *t_dedent(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"text"};
    Obj *v[1];
    if (mh_bind("dedent", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *text = v[0];
    if (!STR_CHECK(text)) {
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", type_name(OBJ_TYPE(text)));
        return NULL;
    }
    Ssize n = VAR_SIZE(text);
    uint32_t *buf = xmalloc((size_t)(n + 1) * sizeof *buf);
    Ssize m = 0;
    /* pass 1: lines of only spaces/tabs become empty ('^[ \t]+$' in MULTILINE: before \n or at the end) */
    for (Ssize i = 0; i < n;) {
        Ssize j = i;
        while (j < n && is_space_tab(str_char(text, j))) j++;
        bool at_line_start = i == 0 || str_char(text, i - 1) == '\n';
        if (at_line_start && j > i && (j == n || str_char(text, j) == '\n')) {
            i = j;
            continue;
        }
        Ssize stop = j > i ? j : i + 1;
        for (; i < stop && i < n; i++) buf[m++] = str_char(text, i);
    }
    /* margins: leading [ \t]* of each line followed by a non-blank (not newline) */
    Ssize margin_start = -1, margin_len = 0;
    for (Ssize i = 0; i < m;) {
        Ssize j = i;
        while (j < m && is_space_tab(buf[j])) j++;
        if (j < m && buf[j] != '\n') {
            Ssize len = j - i;
            if (margin_start < 0) {
                margin_start = i;
                margin_len = len;
            } else {
                /* indent startswith margin: keep; margin startswith indent: take indent; else common prefix */
                Ssize k = 0;
                while (k < len && k < margin_len && buf[i + k] == buf[margin_start + k]) k++;
                if (k == margin_len) {
                    /* keep */
                } else if (k == len) {
                    margin_start = i;
                    margin_len = len;
                } else {
                    margin_len = k;
                }
            }
        }
        while (j < m && buf[j] != '\n') j++;
        i = j + 1;
    }
    Obj *r;
    if (margin_start >= 0 && margin_len > 0) {
        uint32_t *margin = xmalloc((size_t)margin_len * sizeof *margin);
        memcpy(margin, buf + margin_start, (size_t)margin_len * sizeof *margin);
        uint32_t *out = xmalloc((size_t)(m + 1) * sizeof *out);
        Ssize o = 0;
        for (Ssize i = 0; i < m;) {
            bool line_start = i == 0 || buf[i - 1] == '\n';
            if (line_start && i + margin_len <= m && !memcmp(buf + i, margin, (size_t)margin_len * sizeof *margin)) {
                i += margin_len;
                continue;
            }
            out[o++] = buf[i++];
        }
        r = str_from_ucs4(out, o);
        free(out);
        free(margin);
    } else {
        r = str_from_ucs4(buf, m);
    }
    free(buf);
    return r;
}

static Obj *t_indent(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"text", "prefix", "predicate"};
    Obj *v[3];
    if (mh_bind("indent", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *t = TRUE_;
    Obj *lines = obj_call_method(v[0], "splitlines", &t, 1);
    if (!lines) return NULL;
    Obj *out = list_new(0);
    Obj *it = out ? obj_getiter(lines) : NULL;
    DECREF(lines);
    if (!it) {
        XDECREF(out);
        return NULL;
    }
    Obj *line;
    while ((line = obj_iternext(it))) {
        int p;
        if (v[2] && v[2] != NONE) {
            Obj *r = obj_call(v[2], &line, 1, NULL);
            p = r ? obj_is_true(r) : -1;
            XDECREF(r);
        } else {
            Obj *st = obj_call_method(line, "strip", NULL, 0);
            p = st ? obj_is_true(st) : -1;
            XDECREF(st);
        }
        Obj *piece = p < 0 ? NULL : p ? num_binary(v[1], line, NB_ADD) : INCREF(line);
        DECREF(line);
        if (!piece || list_append(out, piece) < 0) {
            XDECREF(piece);
            DECREF(it);
            DECREF(out);
            return NULL;
        }
        DECREF(piece);
    }
    DECREF(it);
    if (vm_err_occurred()) {
        DECREF(out);
        return NULL;
    }
    Obj *empty = str_from_cstr("");
    Obj *r = empty ? str_join(empty, out) : NULL;
    XDECREF(empty);
    DECREF(out);
    return r;
}

static const MethodDef textwrap_functions[] = {
    {"wrap", t_wrap, METH_FAST, NULL},
    {"fill", t_fill, METH_FAST, NULL},
    {"shorten", t_shorten, METH_FAST, NULL},
    {"dedent", t_dedent, METH_FAST, NULL},
    {"indent", t_indent, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static int build_class(void)
{
    if (wrapper_cls) return 0;
    Obj *cls = mh_class("textwrap", "TextWrapper", NULL, tw_methods, NULL, NULL);
    if (!cls) return -1;
    Obj *trans = dict_new();
    Obj *space = int_from_i64(' ');
    int rc = trans && space ? 0 : -1;
    for (const char *c = ws_chars; rc == 0 && *c; c++) {
        Obj *k = int_from_i64((unsigned char)*c);
        rc = k ? dict_set(trans, k, space) : -1;
        XDECREF(k);
    }
    Obj *w = rc == 0 ? re_compile(wordsep_pat) : NULL;
    Obj *ws = w ? re_compile(wordsep_simple_pat) : NULL;
    Obj *se = ws ? re_compile(sentence_end_pat) : NULL;
    Obj *wsstr = str_from_cstr(ws_chars);
    if (!se || !wsstr || obj_setattr(cls, id_str("unicode_whitespace_trans"), trans) < 0 ||
        obj_setattr(cls, id_str("wordsep_re"), w) < 0 || obj_setattr(cls, id_str("wordsep_simple_re"), ws) < 0 ||
        obj_setattr(cls, id_str("sentence_end_re"), se) < 0 ||
        obj_setattr(cls, id_str("_whitespace"), wsstr) < 0)
        rc = -1;
    XDECREF(trans);
    XDECREF(space);
    XDECREF(w);
    XDECREF(ws);
    XDECREF(se);
    XDECREF(wsstr);
    if (rc < 0) {
        DECREF(cls);
        return -1;
    }
    wrapper_cls = cls;
    return 0;
}

static Obj *textwrap_init(void)
{
    if (build_class() < 0) return NULL;
    Obj *m = mh_module("textwrap", textwrap_functions);
    if (!m) return NULL;
    Obj *all = list_new(0);
    const char *names[] = {"TextWrapper", "wrap", "fill", "dedent", "indent", "shorten"};
    for (int i = 0; all && i < 6; i++) {
        Obj *s = str_from_cstr(names[i]);
        if (!s || list_append(all, s) < 0) CLEAR(all);
        XDECREF(s);
    }
    if (!all || module_add(m, "__all__", all) < 0 || mh_add_obj(m, "TextWrapper", wrapper_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_textwrap_register(void)
{
    import_register_native("textwrap", textwrap_init);
    vm_static_roots(&wrapper_cls, 1);
}
