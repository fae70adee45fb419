/* mod_html.c — the `html` and `html.entities` modules of CPython 3.12.
 *
 * html.escape replaces & < > (and " ' with quote=True) as html/__init__.py
 * does; html.unescape finds the same references its regular expression
 * finds (&#digits;?, &#xhex;?, &name;? with up to 32 name characters) and
 * replaces them by the same rules: numeric references through the table of
 * remapped code points, surrogates and values past U+10FFFF as U+FFFD, the
 * disallowed code points dropped; named references by exact name, else by
 * the longest known prefix (the HTML5 "no semicolon" rule).  The tables
 * come from python3.12 itself (tools/gen_html_entities.py).  html.parser is
 * not provided.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"
#include "src/native/html_entities.h"

#define NELEMS(a) ((Ssize)(sizeof(a) / sizeof((a)[0])))

static Obj *html5_dict;   /* html.entities.html5, built once */

/* ---- escape ------------------------------------------------------------------------------- */

static Obj *str_replace_all(Obj *s, const char *from, const char *to)
{
    Obj *f = str_from_cstr(from), *t = str_from_cstr(to);
    Obj *r = f && t ? obj_call_method(s, "replace", (Obj *[]){f, t}, 2) : NULL;
    XDECREF(f);
    XDECREF(t);
    return r;
}

static Obj *h_escape(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"s", "quote"};
    static const char *const pairs[][2] = {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#x27;"}};
    Obj *v[2];
    if (mh_bind("escape", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    int quote = v[1] ? obj_is_true(v[1]) : 1;
    if (quote < 0) return NULL;
    Obj *s = INCREF(v[0]);
    for (int i = 0; s && i < (quote ? 5 : 3); i++) obj_setref(&s, str_replace_all(s, pairs[i][0], pairs[i][1]));
    return s;
}

/* ---- unescape ----------------------------------------------------------------------------- */

typedef struct {
    uint32_t *v;
    Ssize n, cap;
} CpBuf;

static int cp_put(CpBuf *b, uint32_t c)
{
    if (b->n == b->cap) {
        Ssize cap = b->cap ? b->cap * 2 : 64;
        uint32_t *nv = realloc(b->v, (size_t)cap * sizeof(uint32_t));
        if (!nv) {
            vm_err_no_memory();
            return -1;
        }
        b->v = nv;
        b->cap = cap;
    }
    b->v[b->n++] = c;
    return 0;
}

static int cmp_entity(const void *key, const void *elt)
{
    return strcmp(key, html5_entities[*(const uint16_t *)elt].name);
}

static const Html5Entity *html5_find(const char *name)
{
    const uint16_t *i = bsearch(name, html5_sorted, (size_t)NELEMS(html5_sorted), sizeof(uint16_t), cmp_entity);
    return i ? &html5_entities[*i] : NULL;
}

static uint32_t numeric_ref(Obj *s, Ssize from, Ssize to, int base, bool *drop)
{
    uint64_t num = 0;
    for (Ssize i = from; i < to; i++) {
        uint32_t c = str_char(s, i);
        unsigned d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        num = num * (unsigned)base + d;
        if (num > 0x10FFFF) return 0xFFFD;   /* and it only grows */
    }
    *drop = false;
    for (Ssize i = 0; i < NELEMS(html_invalid_charrefs); i++)
        if (html_invalid_charrefs[i][0] == num) return html_invalid_charrefs[i][1];
    if (num >= 0xD800 && num <= 0xDFFF) return 0xFFFD;
    for (Ssize i = 0; i < NELEMS(html_invalid_codepoints); i++)
        if (html_invalid_codepoints[i] == num) *drop = true;
    return (uint32_t)num;
}

static bool is_digit_base(uint32_t c, int base)
{
    if (c >= '0' && c <= '9') return true;
    return base == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

/* The reference starting at s[amp] == '&': appends its replacement to out
 * and returns the index after it; amp + 1 (with '&' appended) when the
 * text there is not a reference. */
static Ssize unescape_one(Obj *s, Ssize amp, CpBuf *out)
{
    Ssize n = VAR_SIZE(s), i = amp + 1;
    if (i < n && str_char(s, i) == '#') {
        int base = 10;
        Ssize start = i + 1;
        if (start < n && (str_char(s, start) | 0x20) == 'x') base = 16, start++;
        Ssize end = start;
        while (end < n && is_digit_base(str_char(s, end), base)) end++;
        if (end > start) {
            bool drop = false;
            uint32_t c = numeric_ref(s, start, end, base, &drop);
            if (end < n && str_char(s, end) == ';') end++;
            if (!drop && cp_put(out, c) < 0) return -1;
            return end;
        }
        /* "&#" without digits is not a numeric reference; as a name it
         * cannot start with '#' either */
        return cp_put(out, '&') < 0 ? -1 : amp + 1;
    }
    /* [^\t\n\f <&#;]{1,32};? */
    Ssize end = i;
    while (end < n && end - i < 32) {
        uint32_t c = str_char(s, end);
        if (c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' || c == ';') break;
        end++;
    }
    if (end == i) return cp_put(out, '&') < 0 ? -1 : amp + 1;
    if (end < n && str_char(s, end) == ';') end++;
    Ssize len = end - i;
    /* the exact name, else its longest known prefix of at least two
     * characters (names are ASCII: no prefix past a non-ASCII one) */
    char name[40];
    Ssize lim = len;
    for (Ssize k = 0; k < len; k++) {
        uint32_t c = str_char(s, i + k);
        if (c >= 128) {
            lim = k;
            break;
        }
        name[k] = (char)c;
    }
    for (Ssize x = lim; x >= 2; x--) {
        name[x] = 0;
        const Html5Entity *e = html5_find(name);
        if (e) {
            for (int k = 0; k < e->n; k++)
                if (cp_put(out, e->cp[k]) < 0) return -1;
            return i + x;   /* the rest of the name stays as text */
        }
    }
    if (cp_put(out, '&') < 0) return -1;
    for (Ssize k = i; k < end; k++)
        if (cp_put(out, str_char(s, k)) < 0) return -1;
    return end;
}

static Obj *h_unescape(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"s"};
    Obj *v[1];
    if (mh_bind("unescape", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *s = v[0];
    if (!STR_CHECK(s)) {
        Obj *amp = str_from_cstr("&");
        int has = amp ? obj_contains(s, amp) : -1;
        XDECREF(amp);
        if (has < 0) return NULL;
        if (!has) return INCREF(s);
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", OBJ_TYPE(s)->name);
        return NULL;
    }
    Ssize n = VAR_SIZE(s), i = 0;
    bool any = false;
    for (Ssize k = 0; k < n && !any; k++) any = str_char(s, k) == '&';
    if (!any) return INCREF(s);
    CpBuf out = {0};
    while (i < n) {
        uint32_t c = str_char(s, i);
        if (c != '&') {
            if (cp_put(&out, c) < 0) goto fail;
            i++;
            continue;
        }
        if ((i = unescape_one(s, i, &out)) < 0) goto fail;
    }
    Obj *r = str_from_ucs4(out.v, out.n);
    free(out.v);
    return r;
fail:
    free(out.v);
    return NULL;
}

static const MethodDef html_methods[] = {
    {"escape", h_escape, METH_FAST, "Replace special characters \"&\", \"<\" and \">\" to HTML-safe sequences."},
    {"unescape", h_unescape, METH_FAST, "Convert all named and numeric character references in the string s to the corresponding unicode characters."},
    {NULL, NULL, 0, NULL},
};

/* ---- html.entities ------------------------------------------------------------------------ */

static Obj *build_html5(void)
{
    Obj *d = dict_new();
    for (Ssize i = 0; d && i < NELEMS(html5_entities); i++) {
        const Html5Entity *e = &html5_entities[i];
        Obj *v = str_from_ucs4(e->cp, e->n);
        int r = v ? dict_set_str(d, e->name, v) : -1;
        XDECREF(v);
        if (r < 0) CLEAR(d);
    }
    return d;
}

static Obj *entities_init(void)
{
    Obj *m = mh_module("html.entities", NULL);
    Obj *n2c = dict_new(), *c2n = dict_new(), *defs = dict_new();
    if (!m || !n2c || !c2n || !defs) goto fail;
    if (!html5_dict && !(html5_dict = build_html5())) goto fail;
    for (Ssize i = 0; i < NELEMS(html4_entities); i++) {
        Obj *name = str_from_cstr(html4_entities[i].name), *cp = int_from_i64(html4_entities[i].cp);
        Obj *ch = str_from_char(html4_entities[i].cp);
        int r = name && cp && ch && dict_set(n2c, name, cp) == 0 && dict_set(c2n, cp, name) == 0 &&
                dict_set(defs, name, ch) == 0 ? 0 : -1;
        XDECREF(name);
        XDECREF(cp);
        XDECREF(ch);
        if (r < 0) goto fail;
    }
    if (module_add(m, "name2codepoint", n2c) < 0 || module_add(m, "codepoint2name", c2n) < 0 ||
        module_add(m, "entitydefs", defs) < 0) {
        n2c = c2n = defs = NULL;
        goto fail;
    }
    if (mh_add_obj(m, "html5", html5_dict) < 0) {
        DECREF(m);
        return NULL;
    }
    if (m && smallmods_set_all(m, "html5 name2codepoint codepoint2name entitydefs", false) < 0) CLEAR(m);
    return m;
fail:
    XDECREF(m);
    XDECREF(n2c);
    XDECREF(c2n);
    XDECREF(defs);
    return NULL;
}

static Obj *html_init(void)
{
    Obj *m = mh_module("html", html_methods);
    if (!m) return NULL;
    if (smallmods_set_all(m, "escape unescape", false) < 0) {
        DECREF(m);
        return NULL;
    }
    /* a package whose html.entities is loaded with it, as html/__init__.py
     * imports it (sys.modules gets it unless it is there already) */
    if (module_add(m, "__path__", list_new(0)) < 0) {
        DECREF(m);
        return NULL;
    }
    Obj *sub = dict_get_str_borrow(vm->modules, "html.entities");
    Obj *ent = sub ? INCREF(sub) : entities_init();
    if (!ent || (!sub && dict_set_str(vm->modules, "html.entities", ent) < 0) || mh_add_obj(m, "entities", ent) < 0) {
        XDECREF(ent);
        DECREF(m);
        return NULL;
    }
    DECREF(ent);
    return m;
}

void native_html_register(void)
{
    vm_static_roots(&html5_dict, 1);
    import_register_native("html", html_init);
    import_register_native("html.entities", entities_init);
}
