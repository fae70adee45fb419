/* mod_shlex.c — the `shlex` module of CPython 3.12, natively: the shlex
 * lexer class (a heap class whose settings are its attributes, read at
 * every token so a program may change wordchars, whitespace_split,
 * commenters … between tokens; the input read one character at a time
 * from instream, as shlex.py reads it, including punctuation_chars and
 * push_source), split (posix, whitespace-split, comments off unless
 * asked), quote and join, with shlex.py's errors ("No closing quotation",
 * "No escaped character").
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

static Obj *shlex_cls;

static Obj *S(const char *s) { return str_from_cstr(s); }

static Obj *ga(Obj *o, const char *name) { return obj_getattr_str(o, name); }

static int sa(Obj *o, const char *name, Obj *v) { return obj_setattr_str(o, name, v); }   /* borrows v */

static int sa_steal(Obj *o, const char *name, Obj *v)
{
    if (!v) return -1;
    int r = sa(o, name, v);
    DECREF(v);
    return r;
}

static Obj *new_deque(void)
{
    Obj *c = import_name(id_str("collections"), NULL, NULL, 0);
    Obj *d = c ? obj_getattr(c, id_str("deque")) : NULL;
    Obj *r = d ? obj_call(d, NULL, 0, NULL) : NULL;
    XDECREF(c);
    XDECREF(d);
    return r;
}

static Obj *string_io(Obj *s)
{
    Obj *io = import_name(id_str("io"), NULL, NULL, 0);
    Obj *f = io ? obj_getattr(io, id_str("StringIO")) : NULL;
    Obj *r = f ? obj_call(f, &s, 1, NULL) : NULL;
    XDECREF(io);
    XDECREF(f);
    return r;
}

static const char WORDCHARS[] = "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
static const char POSIX_EXTRA[] = "ßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ";

static Obj *sh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"instream", "infile", "posix", "punctuation_chars"};
    Obj *v[4];
    if (mh_bind_m("shlex.__init__", args, nargs, kw, names, 4, 4, 0, 0, 0, v) < 0) return NULL;
    Obj *in = v[0] ? INCREF(v[0]) : INCREF(NONE);
    if (STR_CHECK(in)) obj_setref(&in, string_io(in));
    if (!in) return NULL;
    int rc;
    if (in != NONE) {
        rc = sa(self, "instream", in) < 0 || sa(self, "infile", v[1] ? v[1] : NONE) < 0;
    } else {
        Obj *stdin_ = sys_get_borrow("stdin");
        rc = sa(self, "instream", stdin_ ? stdin_ : NONE) < 0 || sa(self, "infile", NONE) < 0;
    }
    DECREF(in);
    if (rc) return NULL;
    Obj *posix = v[2] ? v[2] : FALSE_;
    int px = obj_is_true(posix);
    if (px < 0 || sa(self, "posix", posix) < 0) return NULL;
    if (px ? sa(self, "eof", NONE) < 0 : sa_steal(self, "eof", S("")) < 0) return NULL;
    SBuf wc = {0};
    sbuf_puts(&wc, WORDCHARS);
    if (px) sbuf_puts(&wc, POSIX_EXTRA);
    Obj *wordchars = str_from_utf8(sbuf_cstr(&wc), (Ssize)wc.len);
    sbuf_free(&wc);
    if (sa_steal(self, "commenters", S("#")) < 0 || !wordchars || sa(self, "wordchars", wordchars) < 0 ||
        sa_steal(self, "whitespace", S(" \t\r\n")) < 0 || sa(self, "whitespace_split", FALSE_) < 0 ||
        sa_steal(self, "quotes", S("'\"")) < 0 || sa_steal(self, "escape", S("\\")) < 0 ||
        sa_steal(self, "escapedquotes", S("\"")) < 0 || sa_steal(self, "state", S(" ")) < 0 ||
        sa_steal(self, "pushback", new_deque()) < 0 || sa_steal(self, "lineno", int_from_i64(1)) < 0 ||
        sa_steal(self, "debug", int_from_i64(0)) < 0 || sa_steal(self, "token", S("")) < 0 ||
        sa_steal(self, "filestack", new_deque()) < 0 || sa(self, "source", NONE) < 0) {
        XDECREF(wordchars);
        return NULL;
    }
    Obj *pc = v[3] ? v[3] : FALSE_;
    int pt = obj_is_true(pc);
    if (pt < 0) {
        DECREF(wordchars);
        return NULL;
    }
    Obj *punct = !pt ? S("") : pc == TRUE_ ? S("();<>|&") : INCREF(pc);
    if (sa_steal(self, "_punctuation_chars", punct) < 0) {
        DECREF(wordchars);
        return NULL;
    }
    if (pt) {
        Obj *p = ga(self, "_punctuation_chars");
        Obj *extra = S("~-./*?=");
        Obj *w2 = extra ? str_concat(wordchars, extra) : NULL;
        XDECREF(extra);
        Obj *out = NULL;
        if (p && w2) {
            /* wordchars without the punctuation characters */
            Ssize n = obj_length(w2);
            uint32_t *buf = malloc(sizeof(uint32_t) * (size_t)(n + 1));
            Ssize k = 0;
            if (buf) {
                for (Ssize i = 0; i < n; i++) {
                    Obj *c = str_from_char(str_char(w2, i));
                    int in2 = c ? obj_contains(p, c) : -1;
                    XDECREF(c);
                    if (in2 < 0) {
                        k = -1;
                        break;
                    }
                    if (!in2) buf[k++] = str_char(w2, i);
                }
                if (k >= 0) out = str_from_ucs4(buf, k);
                free(buf);
            } else {
                vm_err_no_memory();
            }
        }
        XDECREF(p);
        XDECREF(w2);
        if (!out || sa(self, "wordchars", out) < 0 || sa_steal(self, "_pushback_chars", new_deque()) < 0) {
            XDECREF(out);
            DECREF(wordchars);
            return NULL;
        }
        DECREF(out);
    }
    DECREF(wordchars);
    return INCREF(NONE);
}

static Obj *sh_punct(Obj *self, void *c)
{
    (void)c;
    return ga(self, "_punctuation_chars");
}

/* c in s for an attribute string (any container works, as `in` does) */
static int in_attr(Obj *s, uint32_t c)
{
    if (STR_CHECK(s)) {
        Ssize n = obj_length(s);
        for (Ssize i = 0; i < n; i++)
            if (str_char(s, i) == c) return 1;
        return 0;
    }
    Obj *ch = str_from_char(c);
    int r = ch ? obj_contains(s, ch) : -1;
    XDECREF(ch);
    return r;
}

typedef struct Lex {
    Obj *self, *instream, *commenters, *wordchars, *whitespace, *quotes, *escape, *escapedquotes, *punct,
        *pbchars, *pushback;
    bool posix, wsplit;
} Lex;

static void lex_free(Lex *L)
{
    Obj **f[] = {&L->instream, &L->commenters, &L->wordchars, &L->whitespace, &L->quotes, &L->escape,
                 &L->escapedquotes, &L->punct, &L->pbchars, &L->pushback};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) CLEAR(*f[i]);
}

static int lex_load(Lex *L, Obj *self)
{
    memset(L, 0, sizeof *L);
    L->self = self;
    Obj *px = ga(self, "posix"), *ws = px ? ga(self, "whitespace_split") : NULL;
    int a = px ? obj_is_true(px) : -1, b = ws ? obj_is_true(ws) : -1;
    XDECREF(px);
    XDECREF(ws);
    if (a < 0 || b < 0) return -1;
    L->posix = a;
    L->wsplit = b;
    if (!(L->instream = ga(self, "instream")) || !(L->commenters = ga(self, "commenters")) ||
        !(L->wordchars = ga(self, "wordchars")) || !(L->whitespace = ga(self, "whitespace")) ||
        !(L->quotes = ga(self, "quotes")) || !(L->escape = ga(self, "escape")) ||
        !(L->escapedquotes = ga(self, "escapedquotes")) || !(L->punct = ga(self, "punctuation_chars")) ||
        !(L->pushback = ga(self, "pushback")))
        return -1;
    int pt = obj_is_true(L->punct);
    if (pt < 0) return -1;
    if (pt && !(L->pbchars = ga(self, "_pushback_chars"))) return -1;
    return 0;
}

static int bump_lineno(Obj *self)
{
    Obj *l = ga(self, "lineno");
    Obj *one = l ? int_from_i64(1) : NULL;
    Obj *n = one ? num_binary(l, one, NB_ADD) : NULL;
    XDECREF(l);
    XDECREF(one);
    return sa_steal(self, "lineno", n);
}

#define ST_NONE 0xFFFFFFFFu
#define NOCHAR 0xFFFFFFFEu

typedef struct Tok { uint32_t *p; Ssize n, cap; } Tok;

static int tok_put(Tok *t, uint32_t c)
{
    if (t->n == t->cap) {
        Ssize cap = t->cap ? t->cap * 2 : 32;
        uint32_t *p = realloc(t->p, sizeof(uint32_t) * (size_t)cap);
        if (!p) {
            vm_err_no_memory();
            return -1;
        }
        t->p = p;
        t->cap = cap;
    }
    t->p[t->n++] = c;
    return 0;
}

/* the next character: NOCHAR at end of input */
static int next_char(Lex *L, uint32_t *out)
{
    if (L->pbchars) {
        Ssize n = obj_length(L->pbchars);
        if (n < 0) return -1;
        if (n > 0) {
            Obj *c = obj_call_method(L->pbchars, "pop", NULL, 0);
            if (!c) return -1;
            *out = STR_CHECK(c) && obj_length(c) == 1 ? str_char(c, 0) : NOCHAR;
            DECREF(c);
            return 0;
        }
    }
    Obj *one = int_from_i64(1);
    Obj *c = one ? obj_call_method(L->instream, "read", &one, 1) : NULL;
    XDECREF(one);
    if (!c) return -1;
    if (!STR_CHECK(c)) {
        vm_err_format(&exc_TypeError, "shlex input must be text, not %s", type_name(OBJ_TYPE(c)));
        DECREF(c);
        return -1;
    }
    *out = obj_length(c) ? str_char(c, 0) : NOCHAR;
    DECREF(c);
    return 0;
}

static Obj *read_token(Obj *self)
{
    Lex L;
    Tok tok = {0};
    Obj *r = NULL;
    if (lex_load(&L, self) < 0) goto out;
    Obj *st = ga(self, "state"), *t0 = st ? ga(self, "token") : NULL;
    if (!t0) {
        XDECREF(st);
        goto out;
    }
    uint32_t state = st == NONE ? ST_NONE : STR_CHECK(st) && obj_length(st) == 1 ? str_char(st, 0) : ' ';
    DECREF(st);
    if (STR_CHECK(t0))
        for (Ssize i = 0; i < obj_length(t0); i++) tok_put(&tok, str_char(t0, i));
    DECREF(t0);
    bool quoted = false;
    uint32_t escapedstate = ' ';
    int err = 0;
#define IN(s, c) ((err = in_attr((s), (c))) > 0 ? 1 : (err < 0 ? (goto_fail = 1, 0) : 0))
    int goto_fail = 0;
    for (;;) {
        uint32_t c;
        if (next_char(&L, &c) < 0) goto fail;
        bool eof = c == NOCHAR;
        if (c == '\n' && bump_lineno(self) < 0) goto fail;
        if (state == ST_NONE) {
            tok.n = 0;
            break;
        } else if (state == ' ') {
            if (eof) {
                state = ST_NONE;
                break;
            } else if (IN(L.whitespace, c)) {
                if (tok.n || (L.posix && quoted)) break;
                continue;
            } else if (IN(L.commenters, c)) {
                Obj *x = obj_call_method(L.instream, "readline", NULL, 0);
                if (!x) goto fail;
                DECREF(x);
                if (bump_lineno(self) < 0) goto fail;
            } else if (L.posix && IN(L.escape, c)) {
                escapedstate = 'a';
                state = c;
            } else if (IN(L.wordchars, c)) {
                tok.n = 0;
                if (tok_put(&tok, c) < 0) goto fail;
                state = 'a';
            } else if (IN(L.punct, c)) {
                tok.n = 0;
                if (tok_put(&tok, c) < 0) goto fail;
                state = 'c';
            } else if (IN(L.quotes, c)) {
                if (!L.posix) {
                    tok.n = 0;
                    if (tok_put(&tok, c) < 0) goto fail;
                }
                state = c;
            } else if (L.wsplit) {
                tok.n = 0;
                if (tok_put(&tok, c) < 0) goto fail;
                state = 'a';
            } else {
                tok.n = 0;
                if (tok_put(&tok, c) < 0) goto fail;
                if (tok.n || (L.posix && quoted)) break;
                continue;
            }
        } else if (IN(L.quotes, state)) {
            quoted = true;
            if (eof) {
                vm_err_set_str(&exc_ValueError, "No closing quotation");
                tbframe_push(&tbgen_shlex, TBG_SHLEX_READ_TOKEN_QUOTE);
                goto fail_state;
            }
            if (c == state) {
                if (!L.posix) {
                    if (tok_put(&tok, c) < 0) goto fail;
                    state = ' ';
                    break;
                }
                state = 'a';
            } else if (L.posix && IN(L.escape, c) && IN(L.escapedquotes, state)) {
                escapedstate = state;
                state = c;
            } else if (tok_put(&tok, c) < 0) {
                goto fail;
            }
        } else if (IN(L.escape, state)) {
            if (eof) {
                vm_err_set_str(&exc_ValueError, "No escaped character");
                tbframe_push(&tbgen_shlex, TBG_SHLEX_READ_TOKEN_ESCAPE);
                goto fail_state;
            }
            if (IN(L.quotes, escapedstate) && c != state && c != escapedstate && tok_put(&tok, state) < 0) goto fail;
            if (tok_put(&tok, c) < 0) goto fail;
            state = escapedstate;
        } else if (state == 'a' || state == 'c') {
            if (eof) {
                state = ST_NONE;
                break;
            } else if (IN(L.whitespace, c)) {
                state = ' ';
                if (tok.n || (L.posix && quoted)) break;
                continue;
            } else if (IN(L.commenters, c)) {
                Obj *x = obj_call_method(L.instream, "readline", NULL, 0);
                if (!x) goto fail;
                DECREF(x);
                if (bump_lineno(self) < 0) goto fail;
                if (L.posix) {
                    state = ' ';
                    if (tok.n || (L.posix && quoted)) break;
                    continue;
                }
            } else if (state == 'c') {
                if (IN(L.punct, c)) {
                    if (tok_put(&tok, c) < 0) goto fail;
                } else {
                    if (!IN(L.whitespace, c)) {
                        Obj *ch = str_from_char(c);
                        Obj *x = ch ? obj_call_method(L.pbchars, "append", &ch, 1) : NULL;
                        XDECREF(ch);
                        if (!x) goto fail;
                        DECREF(x);
                    }
                    state = ' ';
                    break;
                }
            } else if (L.posix && IN(L.quotes, c)) {
                state = c;
            } else if (L.posix && IN(L.escape, c)) {
                escapedstate = 'a';
                state = c;
            } else if (IN(L.wordchars, c) || IN(L.quotes, c) || (L.wsplit && !IN(L.punct, c))) {
                if (tok_put(&tok, c) < 0) goto fail;
            } else {
                Obj *ch = str_from_char(c);
                Obj *x = ch ? obj_call_method(L.pbchars ? L.pbchars : L.pushback, L.pbchars ? "append" : "appendleft",
                                              &ch, 1)
                            : NULL;
                XDECREF(ch);
                if (!x) goto fail;
                DECREF(x);
                state = ' ';
                if (tok.n || (L.posix && quoted)) break;
                continue;
            }
        }
        if (goto_fail) goto fail;
    }
    if (goto_fail) goto fail;
    Obj *stv = state == ST_NONE ? INCREF(NONE) : str_from_char(state);
    if (sa_steal(self, "state", stv) < 0 || sa_steal(self, "token", S("")) < 0) goto out;
    if (L.posix && !quoted && tok.n == 0) r = INCREF(NONE);
    else r = str_from_ucs4(tok.p, tok.n);
    goto out;
fail_state: {
        /* keep the lexer's state as CPython leaves it */
        Obj *saved = vm_err_fetch();
        Obj *stv2 = state == ST_NONE ? INCREF(NONE) : str_from_char(state);
        sa_steal(self, "state", stv2);
        sa_steal(self, "token", str_from_ucs4(tok.p, tok.n));
        vm_err_restore(saved);
    }
fail:
out:
#undef IN
    free(tok.p);
    lex_free(&L);
    return r;
}

static Obj *sh_read_token(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("read_token", nargs, kw) < 0) return NULL;
    return read_token(self);
}

static int eq_obj(Obj *a, Obj *b)
{
    return obj_richcompare_bool(a, b, CMP_EQ);
}

static Obj *sh_pop_source(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);
static Obj *sh_push_source(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);

static Obj *sh_get_token(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("get_token", nargs, kw) < 0) return NULL;
    Obj *pb = ga(self, "pushback");
    if (!pb) return NULL;
    Ssize n = obj_length(pb);
    if (n) {
        Obj *r = n > 0 ? obj_call_method(pb, "popleft", NULL, 0) : NULL;
        DECREF(pb);
        return r;
    }
    DECREF(pb);
    Obj *raw = obj_call_method(self, "read_token", NULL, 0);
    if (!raw) return tbframe_fail(&tbgen_shlex, TBG_SHLEX_GET_TOKEN_READ);
    Obj *source = ga(self, "source");
    if (!source) {
        DECREF(raw);
        return NULL;
    }
    if (source != NONE) {
        for (;;) {
            int e = eq_obj(raw, source);
            if (e <= 0) {
                if (e < 0) CLEAR(raw);
                break;
            }
            Obj *nt = obj_call_method(self, "read_token", NULL, 0);
            Obj *spec = nt ? obj_call_method(self, "sourcehook", &nt, 1) : NULL;
            XDECREF(nt);
            int t = spec ? obj_is_true(spec) : -1;
            if (t > 0) {
                Obj *tp = seq_to_tuple(spec);
                Obj *x = tp && TUPLE_LEN(tp) == 2 ? sh_push_source(self, (Obj *[]){TUPLE_ITEMS(tp)[1], TUPLE_ITEMS(tp)[0]}, 2, NULL) : NULL;
                XDECREF(tp);
                if (!x) t = -1;
                XDECREF(x);
            }
            XDECREF(spec);
            DECREF(raw);
            raw = t < 0 ? NULL : obj_call_method(self, "get_token", NULL, 0);
            if (!raw) break;
        }
    }
    DECREF(source);
    if (!raw) return NULL;
    for (;;) {
        Obj *eof = ga(self, "eof");
        int e = eof ? eq_obj(raw, eof) : -1;
        if (e <= 0) {
            XDECREF(eof);
            if (e < 0) CLEAR(raw);
            return raw;
        }
        Obj *fs = ga(self, "filestack");
        Ssize fl = fs ? obj_length(fs) : -1;
        XDECREF(fs);
        if (fl <= 0) {
            DECREF(raw);
            return fl < 0 ? (XDECREF(eof), NULL) : eof;
        }
        DECREF(eof);
        Obj *x = sh_pop_source(self, NULL, 0, NULL);
        DECREF(raw);
        if (!x) return NULL;
        DECREF(x);
        raw = obj_call_method(self, "get_token", NULL, 0);
        if (!raw) return NULL;
    }
}

static Obj *sh_push_token(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("push_token", nargs, kw) < 0) return NULL;
    Obj *pb = ga(self, "pushback");
    Obj *r = pb ? obj_call_method(pb, "appendleft", args, 1) : NULL;
    XDECREF(pb);
    return r;
}

static Obj *sh_push_source(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"newstream", "newfile"};
    Obj *v[2];
    if (mh_bind_m("shlex.push_source", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *ns = STR_CHECK(v[0]) ? string_io(v[0]) : INCREF(v[0]);
    Obj *inf = ns ? ga(self, "infile") : NULL, *ins = inf ? ga(self, "instream") : NULL;
    Obj *ln = ins ? ga(self, "lineno") : NULL;
    Obj *t = ln ? tuple_pack(3, inf, ins, ln) : NULL;
    Obj *fs = t ? ga(self, "filestack") : NULL;
    Obj *x = fs ? obj_call_method(fs, "appendleft", &t, 1) : NULL;
    int ok = x && sa(self, "infile", v[1] ? v[1] : NONE) == 0 && sa(self, "instream", ns) == 0 &&
             sa_steal(self, "lineno", int_from_i64(1)) == 0;
    XDECREF(x);
    XDECREF(fs);
    XDECREF(t);
    XDECREF(ln);
    XDECREF(ins);
    XDECREF(inf);
    XDECREF(ns);
    return ok ? INCREF(NONE) : NULL;
}

static Obj *sh_pop_source(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("pop_source", nargs, kw) < 0) return NULL;
    Obj *ins = ga(self, "instream");
    Obj *x = ins ? obj_call_method(ins, "close", NULL, 0) : NULL;
    XDECREF(ins);
    if (!x) return NULL;
    DECREF(x);
    Obj *fs = ga(self, "filestack");
    Obj *t = fs ? obj_call_method(fs, "popleft", NULL, 0) : NULL;
    XDECREF(fs);
    Obj *tp = t ? seq_to_tuple(t) : NULL;
    XDECREF(t);
    if (!tp) return NULL;
    int ok = TUPLE_LEN(tp) == 3 && sa(self, "infile", TUPLE_ITEMS(tp)[0]) == 0 &&
             sa(self, "instream", TUPLE_ITEMS(tp)[1]) == 0 && sa(self, "lineno", TUPLE_ITEMS(tp)[2]) == 0 &&
             sa_steal(self, "state", S(" ")) == 0;
    DECREF(tp);
    return ok ? INCREF(NONE) : NULL;
}

static Obj *sh_sourcehook(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("sourcehook", nargs, kw) < 0) return NULL;
    Obj *nf = INCREF(args[0]);
    if (STR_CHECK(nf) && obj_length(nf) > 0 && str_char(nf, 0) == '"') obj_setref(&nf, str_substr(nf, 1, obj_length(nf) - 1));
    if (!nf) return NULL;
    Obj *inf = ga(self, "infile");
    if (inf && STR_CHECK(inf) && STR_CHECK(nf) && (obj_length(nf) == 0 || str_char(nf, 0) != '/')) {
        Ssize n = obj_length(inf), cut = 0;
        for (Ssize i = 0; i < n; i++)
            if (str_char(inf, i) == '/') cut = i;
        Obj *dir = str_substr(inf, 0, cut);
        Obj *j = dir ? (obj_length(dir) ? str_from_fmt("%S/%S", dir, nf) : INCREF(nf)) : NULL;
        XDECREF(dir);
        obj_setref(&nf, j);
    }
    XDECREF(inf);
    if (!nf) return NULL;
    Obj *mode = S("r");
    Obj *f = mode ? io_open((Obj *[]){nf, mode}, 2, NULL) : NULL;
    XDECREF(mode);
    Obj *r = f ? tuple_pack(2, nf, f) : NULL;
    XDECREF(f);
    DECREF(nf);
    return r;
}

static Obj *sh_error_leader(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"infile", "lineno"};
    Obj *v[2];
    if (mh_bind_m("shlex.error_leader", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *inf = v[0] && v[0] != NONE ? INCREF(v[0]) : ga(self, "infile");
    Obj *ln = v[1] && v[1] != NONE ? INCREF(v[1]) : ga(self, "lineno");
    Obj *t = inf && ln ? tuple_pack(2, inf, ln) : NULL;
    Obj *f = t ? S("\"%s\", line %d: ") : NULL;
    Obj *r = f ? str_percent_format(f, t) : NULL;
    XDECREF(f);
    XDECREF(t);
    XDECREF(inf);
    XDECREF(ln);
    return r;
}

static Obj *sh_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__iter__", nargs, kw) < 0) return NULL;
    return INCREF(self);
}

static Obj *sh_next(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__next__", nargs, kw) < 0) return NULL;
    Obj *tok = obj_call_method(self, "get_token", NULL, 0);
    if (!tok) return tbframe_fail(&tbgen_shlex, TBG_SHLEX_NEXT_GET_TOKEN);
    Obj *eof = ga(self, "eof");
    int e = eof ? eq_obj(tok, eof) : -1;
    XDECREF(eof);
    if (e != 0) {
        XDECREF(tok);
        if (e > 0) gen_set_stop_iteration(NULL);
        return NULL;
    }
    return tok;
}

static const MethodDef sh_methods[] = {
    {"__init__", sh_init, METH_FAST, NULL},
    {"push_token", sh_push_token, METH_FAST, NULL},
    {"push_source", sh_push_source, METH_FAST, NULL},
    {"pop_source", sh_pop_source, METH_FAST, NULL},
    {"get_token", sh_get_token, METH_FAST, NULL},
    {"read_token", sh_read_token, METH_FAST, NULL},
    {"sourcehook", sh_sourcehook, METH_FAST, NULL},
    {"error_leader", sh_error_leader, METH_FAST, NULL},
    {"__iter__", sh_iter, METH_FAST, NULL},
    {"__next__", sh_next, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef sh_getsets[] = {
    {"punctuation_chars", sh_punct, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *f_split(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"s", "comments", "posix"};
    Obj *v[3];
    if (mh_bind("split", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    if (v[0] == NONE) {
        vm_err_set_str(&exc_ValueError, "s argument must not be None");
        return tbframe_fail(&tbgen_shlex, TBG_SHLEX_SPLIT_NONE);
    }
    Obj *kn = tuple_pack(1, id_str("posix"));
    Obj *lex = kn ? obj_call(shlex_cls, (Obj *[]){v[0], v[2] ? v[2] : TRUE_}, 1, kn) : NULL;
    XDECREF(kn);
    if (!lex) return NULL;
    int c = v[1] ? obj_is_true(v[1]) : 0;
    Obj *r = NULL;
    if (c >= 0 && sa(lex, "whitespace_split", TRUE_) == 0 && (c || sa_steal(lex, "commenters", S("")) == 0))
        if (!(r = seq_to_list(lex))) tbframe_push(&tbgen_shlex, TBG_SHLEX_SPLIT_LIST);
    DECREF(lex);
    return r;
}

static Obj *quote(Obj *s)
{
    int t = obj_is_true(s);
    if (t <= 0) return t < 0 ? NULL : S("''");
    if (!STR_CHECK(s)) {
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", type_name(OBJ_TYPE(s)));
        return NULL;
    }
    Ssize n = obj_length(s);
    bool unsafe = false;
    for (Ssize i = 0; i < n && !unsafe; i++) {
        uint32_t c = str_char(s, i);
        bool ok = (c < 128 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                               strchr("_@%+=:,./-", (int)c)) && c != 0);
        unsafe = !ok;
    }
    if (!unsafe) return INCREF(s);
    SBuf b = {0};
    Ssize len;
    const char *u = str_utf8_lossy(s, &len);
    sbuf_putc(&b, '\'');
    for (Ssize i = 0; i < len; i++) {
        if (u[i] == '\'') sbuf_puts(&b, "'\"'\"'");
        else sbuf_putc(&b, u[i]);
    }
    sbuf_putc(&b, '\'');
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *f_quote(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (mh_bind("quote", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return quote(v[0]);
}

static Obj *f_join(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"split_command"};
    Obj *v[1];
    if (mh_bind("join", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *l = list_new(0);
    Obj *it = l ? obj_getiter(v[0]) : NULL, *a;
    while (it && (a = obj_iternext(it))) {
        Obj *q = quote(a);
        DECREF(a);
        if (!q || list_append(l, q) < 0) {
            XDECREF(q);
            break;
        }
        DECREF(q);
    }
    XDECREF(it);
    Obj *sp = l && !vm_err_occurred() && it ? S(" ") : NULL;
    Obj *r = sp ? str_join(sp, l) : NULL;
    XDECREF(sp);
    XDECREF(l);
    return r;
}

static const MethodDef shlex_functions[] = {
    {"split", f_split, METH_FAST, NULL},
    {"quote", f_quote, METH_FAST, NULL},
    {"join", f_join, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *shlex_init(void)
{
    if (!shlex_cls && !(shlex_cls = mh_class("shlex", "shlex", NULL, sh_methods, sh_getsets, NULL))) return NULL;
    Obj *m = mh_module("shlex", shlex_functions);
    if (!m) return NULL;
    Obj *all = list_new(0);
    static const char *const names[] = {"shlex", "split", "quote", "join"};
    for (int i = 0; all && i < 4; i++) {
        Obj *s = S(names[i]);
        if (!s || list_append(all, s) < 0) CLEAR(all);
        XDECREF(s);
    }
    if (!all || module_add(m, "__all__", all) < 0 || mh_add_obj(m, "shlex", shlex_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_shlex_register(void) { import_register_native("shlex", shlex_init); }
