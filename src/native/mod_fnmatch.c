/* mod_fnmatch.c — the `fnmatch` module of CPython 3.12, natively:
 * translate builds the very regular expression fnmatch.py builds (bracket
 * ranges with empty ranges removed, set operations escaped, `*` runs as
 * atomic groups, wrapped in (?s:…)\Z), and fnmatch/fnmatchcase/filter
 * match with the VM's `re` (compiled patterns cached, as lru_cache does).
 * str and bytes patterns (bytes through latin-1, as CPython).  On POSIX
 * normcase is the identity, so fnmatch is case-sensitive.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

static Obj *cache;   /* pattern -> compiled .match */

typedef struct Buf { uint32_t *p; Ssize n, cap; } Buf;

static int put(Buf *b, uint32_t c)
{
    if (b->n == b->cap) {
        Ssize cap = b->cap ? b->cap * 2 : 64;
        uint32_t *p = realloc(b->p, sizeof(uint32_t) * (size_t)cap);
        if (!p) {
            vm_err_no_memory();
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    b->p[b->n++] = c;
    return 0;
}

static int puts_(Buf *b, const char *s)
{
    for (; *s; s++)
        if (put(b, (unsigned char)*s) < 0) return -1;
    return 0;
}

static bool re_special(uint32_t c) { return c < 128 && strchr("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", (int)c) && c; }

/* pieces of the translation: a STAR marker or text */
typedef struct Piece { bool star; Buf text; } Piece;

static int piece_add(Piece **ps, Ssize *n, Ssize *cap, bool star)
{
    if (*n == *cap) {
        Ssize c = *cap ? *cap * 2 : 16;
        Piece *p = realloc(*ps, sizeof(Piece) * (size_t)c);
        if (!p) {
            vm_err_no_memory();
            return -1;
        }
        *ps = p;
        *cap = c;
    }
    (*ps)[*n].star = star;
    (*ps)[*n].text = (Buf){0};
    (*n)++;
    return 0;
}

/* s.replace('\\', r'\\') [and .replace('-', r'\-')], then re.sub(r'([&~|])', r'\\\1', …) applied later */
static int add_escaped_chunk(Buf *out, const uint32_t *s, Ssize n, bool hyphens)
{
    for (Ssize i = 0; i < n; i++) {
        if (s[i] == '\\' && puts_(out, "\\\\") < 0) return -1;
        else if (s[i] == '-' && hyphens && puts_(out, "\\-") < 0) return -1;
        else if (s[i] != '\\' && !(s[i] == '-' && hyphens) && put(out, s[i]) < 0) return -1;
    }
    return 0;
}

typedef struct Chunk { Ssize a, b; Buf own; bool owned; } Chunk;

static Obj *translate(Obj *pat)
{
    Ssize n = obj_length(pat);
    uint32_t *p = malloc(sizeof(uint32_t) * (size_t)(n + 1));
    if (!p) {
        vm_err_no_memory();
        return NULL;
    }
    for (Ssize i = 0; i < n; i++) p[i] = str_char(pat, i);
    Piece *ps = NULL;
    Ssize np = 0, cp = 0;
    Obj *r = NULL;
    Ssize i = 0;
    while (i < n) {
        uint32_t c = p[i++];
        if (c == '*') {
            if (np == 0 || !ps[np - 1].star)
                if (piece_add(&ps, &np, &cp, true) < 0) goto out;
            continue;
        }
        if (piece_add(&ps, &np, &cp, false) < 0) goto out;
        Buf *t = &ps[np - 1].text;
        if (c == '?') {
            if (put(t, '.') < 0) goto out;
        } else if (c == '[') {
            Ssize j = i;
            if (j < n && p[j] == '!') j++;
            if (j < n && p[j] == ']') j++;
            while (j < n && p[j] != ']') j++;
            if (j >= n) {
                if (puts_(t, "\\[") < 0) goto out;
                continue;
            }
            Buf stuff = {0};
            bool has_dash = false;
            for (Ssize k = i; k < j; k++) has_dash |= p[k] == '-';
            if (!has_dash) {
                if (add_escaped_chunk(&stuff, p + i, j - i, false) < 0) goto out;
            } else {
                /* split at range hyphens into chunks [a, b) of p, the last possibly with a '-' added */
                Ssize nch = 0, cch = 8;
                Buf *chunks = calloc((size_t)cch, sizeof(Buf));
                if (!chunks) {
                    vm_err_no_memory();
                    goto out;
                }
                Ssize k = p[i] == '!' ? i + 2 : i + 1;
                Ssize ii = i;
                int err = 0;
                for (;;) {
                    Ssize f = -1;
                    for (Ssize q = k; q < j; q++)
                        if (p[q] == '-') {
                            f = q;
                            break;
                        }
                    if (f < 0) break;
                    if (nch == cch) {
                        cch *= 2;
                        Buf *nb = realloc(chunks, sizeof(Buf) * (size_t)cch);
                        if (!nb) {
                            err = 1;
                            break;
                        }
                        chunks = nb;
                    }
                    chunks[nch] = (Buf){0};
                    for (Ssize q = ii; q < f && !err; q++) err = put(&chunks[nch], p[q]) < 0;
                    nch++;
                    ii = f + 1;
                    k = f + 3;
                }
                if (!err) {
                    if (j > ii) {
                        if (nch == cch) {
                            cch *= 2;
                            Buf *nb = realloc(chunks, sizeof(Buf) * (size_t)cch);
                            if (!nb) err = 1;
                            else chunks = nb;
                        }
                        if (!err) {
                            chunks[nch] = (Buf){0};
                            for (Ssize q = ii; q < j && !err; q++) err = put(&chunks[nch], p[q]) < 0;
                            nch++;
                        }
                    } else if (nch > 0) {
                        err = put(&chunks[nch - 1], '-') < 0;
                    }
                }
                /* remove empty ranges: chunks[k-1][-1] > chunks[k][0] merges them */
                for (Ssize q = nch - 1; !err && q > 0; q--) {
                    Buf *a = &chunks[q - 1], *b = &chunks[q];
                    if (a->n == 0 || b->n == 0) {
                        vm_err_set_str(&exc_IndexError, "string index out of range");
                        err = 2;
                        break;
                    }
                    if (a->p[a->n - 1] > b->p[0]) {
                        a->n--;
                        for (Ssize z = 1; z < b->n && !err; z++) err = put(a, b->p[z]) < 0;
                        free(b->p);
                        memmove(&chunks[q], &chunks[q + 1], sizeof(Buf) * (size_t)(nch - q - 1));
                        nch--;
                    }
                }
                for (Ssize q = 0; !err && q < nch; q++) {
                    if (q && put(&stuff, '-') < 0) err = 1;
                    if (!err && add_escaped_chunk(&stuff, chunks[q].p, chunks[q].n, true) < 0) err = 1;
                }
                for (Ssize q = 0; q < nch; q++) free(chunks[q].p);
                free(chunks);
                i = ii;
                if (err) {
                    if (err == 1 && !vm_err_occurred()) vm_err_no_memory();
                    free(stuff.p);
                    goto out;
                }
            }
            /* escape set operations */
            Buf st2 = {0};
            for (Ssize q = 0; q < stuff.n; q++) {
                if ((stuff.p[q] == '&' || stuff.p[q] == '~' || stuff.p[q] == '|') && put(&st2, '\\') < 0) break;
                if (put(&st2, stuff.p[q]) < 0) break;
            }
            free(stuff.p);
            if (vm_err_occurred()) {
                free(st2.p);
                goto out;
            }
            i = j + 1;
            int rc = 0;
            if (st2.n == 0) {
                rc = puts_(t, "(?!)");
            } else if (st2.n == 1 && st2.p[0] == '!') {
                rc = put(t, '.');
            } else {
                rc = put(t, '[');
                Ssize from = 0;
                if (rc == 0 && st2.p[0] == '!') {
                    rc = put(t, '^');
                    from = 1;
                } else if (rc == 0 && (st2.p[0] == '^' || st2.p[0] == '[')) {
                    rc = put(t, '\\');
                }
                for (Ssize q = from; rc == 0 && q < st2.n; q++) rc = put(t, st2.p[q]);
                if (rc == 0) rc = put(t, ']');
            }
            free(st2.p);
            if (rc < 0) goto out;
        } else {
            if (re_special(c) && put(t, '\\') < 0) goto out;
            if (put(t, c) < 0) goto out;
        }
    }
    /* join the pieces: fixed prefix, then STAR fixed pairs */
    Buf res = {0};
    int rc = puts_(&res, "(?s:");
    Ssize k = 0;
    while (rc == 0 && k < np && !ps[k].star) {
        for (Ssize q = 0; rc == 0 && q < ps[k].text.n; q++) rc = put(&res, ps[k].text.p[q]);
        k++;
    }
    while (rc == 0 && k < np) {
        k++;   /* the STAR */
        if (k == np) {
            rc = puts_(&res, ".*");
            break;
        }
        Buf fixed = {0};
        while (rc == 0 && k < np && !ps[k].star) {
            for (Ssize q = 0; rc == 0 && q < ps[k].text.n; q++) rc = put(&fixed, ps[k].text.p[q]);
            k++;
        }
        if (rc == 0) {
            if (k == np) {
                rc = puts_(&res, ".*");
                for (Ssize q = 0; rc == 0 && q < fixed.n; q++) rc = put(&res, fixed.p[q]);
            } else {
                rc = puts_(&res, "(?>.*?");
                for (Ssize q = 0; rc == 0 && q < fixed.n; q++) rc = put(&res, fixed.p[q]);
                if (rc == 0) rc = put(&res, ')');
            }
        }
        free(fixed.p);
    }
    if (rc == 0) rc = puts_(&res, ")\\Z");
    if (rc == 0) r = str_from_ucs4(res.p, res.n);
    free(res.p);
out:
    for (Ssize q = 0; q < np; q++) free(ps[q].text.p);
    free(ps);
    free(p);
    return r;
}

static Obj *f_translate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"pat"};
    Obj *v[1];
    if (mh_bind("translate", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "object of type '%s' has no len()", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    return translate(v[0]);
}

/* _compile_pattern(pat): re.compile(translate(pat)).match, cached */
static Obj *compile_pattern(Obj *pat)
{
    Obj *key = tuple_pack(2, pat, (Obj *)OBJ_TYPE(pat));
    if (!key) return NULL;
    Obj *hit = dict_get_borrow(cache, key);
    if (hit) {
        DECREF(key);
        return INCREF(hit);
    }
    if (vm_err_occurred()) {
        DECREF(key);
        return NULL;
    }
    Obj *res = NULL;
    if (BYTES_CHECK(pat)) {
        Obj *s = str_decode(BYTES_DATA(pat), VAR_SIZE(pat), "latin-1", "strict");
        Obj *t = s ? translate(s) : NULL;
        XDECREF(s);
        res = t ? str_encode(t, "latin-1", "strict") : NULL;
        XDECREF(t);
    } else if (STR_CHECK(pat)) {
        res = translate(pat);
    } else {
        vm_err_format(&exc_TypeError, "object of type '%s' has no len()", type_name(OBJ_TYPE(pat)));
    }
    Obj *re = res ? import_name(id_str("re"), NULL, NULL, 0) : NULL;
    Obj *comp = re ? obj_getattr(re, id_str("compile")) : NULL;
    Obj *rx = comp ? obj_call(comp, &res, 1, NULL) : NULL;
    Obj *m = rx ? obj_getattr(rx, id_str("match")) : NULL;
    XDECREF(re);
    XDECREF(comp);
    XDECREF(rx);
    XDECREF(res);
    if (m && dict_len(cache) < 32768 && dict_set(cache, key, m) < 0) CLEAR(m);
    DECREF(key);
    return m;
}

static int matches(Obj *match, Obj *name)
{
    Obj *r = obj_call(match, &name, 1, NULL);
    if (!r) return -1;
    int t = r != NONE;
    DECREF(r);
    return t;
}

static Obj *f_fnmatchcase(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"name", "pat"};
    Obj *v[2];
    if (mh_bind("fnmatchcase", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *m = compile_pattern(v[1]);
    int t = m ? matches(m, v[0]) : -1;
    XDECREF(m);
    return t < 0 ? NULL : bool_from(t);
}

/* os.path.normcase on POSIX: os.fspath, then the value itself */
static Obj *normcase(Obj *s)
{
    if (STR_CHECK(s) || BYTES_CHECK(s)) return INCREF(s);
    Obj *fsp = obj_getattr(s, id_str("__fspath__"));
    if (!fsp) {
        vm_err_clear();
        vm_err_format(&exc_TypeError, "expected str, bytes or os.PathLike object, not %s", type_name(OBJ_TYPE(s)));
        return NULL;
    }
    Obj *r = obj_call(fsp, NULL, 0, NULL);
    DECREF(fsp);
    return r;
}

static Obj *f_fnmatch(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"name", "pat"};
    Obj *v[2];
    if (mh_bind("fnmatch", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *name = normcase(v[0]);
    Obj *pat = name ? normcase(v[1]) : NULL;
    Obj *m = pat ? compile_pattern(pat) : NULL;
    int t = m ? matches(m, name) : -1;
    XDECREF(m);
    XDECREF(name);
    XDECREF(pat);
    return t < 0 ? NULL : bool_from(t);
}

static Obj *f_filter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"names", "pat"};
    Obj *v[2];
    if (mh_bind("filter", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *pat = normcase(v[1]);
    Obj *m = pat ? compile_pattern(pat) : NULL;
    XDECREF(pat);
    if (!m) return NULL;
    Obj *out = list_new(0);
    Obj *it = out ? obj_getiter(v[0]) : NULL, *name;
    while (it && (name = obj_iternext(it))) {
        int t = matches(m, name);
        if (t < 0 || (t && list_append(out, name) < 0)) {
            DECREF(name);
            break;
        }
        DECREF(name);
    }
    XDECREF(it);
    DECREF(m);
    if (!it || vm_err_occurred()) {
        XDECREF(out);
        return NULL;
    }
    return out;
}

static const MethodDef fnmatch_functions[] = {
    {"fnmatch", f_fnmatch, METH_FAST, NULL},
    {"fnmatchcase", f_fnmatchcase, METH_FAST, NULL},
    {"filter", f_filter, METH_FAST, NULL},
    {"translate", f_translate, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *fnmatch_init(void)
{
    if (!cache && !(cache = dict_new())) return NULL;
    Obj *m = mh_module("fnmatch", fnmatch_functions);
    if (!m) return NULL;
    Obj *all = list_new(0);
    static const char *const names[] = {"filter", "fnmatch", "fnmatchcase", "translate"};
    for (int i = 0; all && i < 4; i++) {
        Obj *s = str_from_cstr(names[i]);
        if (!s || list_append(all, s) < 0) CLEAR(all);
        XDECREF(s);
    }
    if (!all || module_add(m, "__all__", all) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_fnmatch_register(void) { import_register_native("fnmatch", fnmatch_init); }
