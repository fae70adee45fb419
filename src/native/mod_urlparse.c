/* mod_urlparse.c — `urllib.parse` of CPython 3.12 (and the empty `urllib`
 * package), natively.
 *
 * URL splitting follows urllib/parse.py step by step: leading C0 controls
 * and spaces stripped, tab/CR/LF removed, the scheme taken only when every
 * character before the first ':' is a scheme character and the first is an
 * ASCII letter, the netloc up to the first of '/?#', the bracket checks for
 * IPv6 and IPvFuture hosts, then the fragment and the query, and ';'
 * params for the schemes of uses_params (the module's own lists are
 * consulted, so a program extending them is honoured).  urljoin resolves
 * '.' and '..' segments by the same rules.  quote/unquote work on bytes as
 * the Python code does (per-ASCII-run decoding in unquote), parse_qs(l)
 * and urlencode follow its field rules and messages.
 *
 * The result classes are namedtuple subclasses with username, password,
 * hostname and port properties and geturl().  Only str URLs are handled:
 * bytes arguments raise TypeError (the *Bytes result classes and the
 * deprecated split*() helpers are not provided).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static Obj *split_cls, *parse_cls, *defrag_cls;
static Obj *uses_relative, *uses_netloc, *uses_params, *quote_plus_fn;

#define NELEMS(a) ((Ssize)(sizeof(a) / sizeof((a)[0])))

static Obj *cat(Obj *a, Obj *b) { return num_binary(a, b, NB_ADD); }

static Obj *cat3(Obj *a, Obj *b, Obj *c)
{
    Obj *ab = cat(a, b);
    Obj *r = ab ? cat(ab, c) : NULL;
    XDECREF(ab);
    return r;
}

static Obj *c_cat(const char *a, Obj *b)
{
    Obj *s = str_from_cstr(a);
    Obj *r = s ? cat(s, b) : NULL;
    XDECREF(s);
    return r;
}

static Ssize find_cp(Obj *s, uint32_t c, Ssize start)
{
    for (Ssize i = start; i < VAR_SIZE(s); i++)
        if (str_char(s, i) == c) return i;
    return -1;
}

static Ssize rfind_cp(Obj *s, uint32_t c)
{
    for (Ssize i = VAR_SIZE(s) - 1; i >= 0; i--)
        if (str_char(s, i) == c) return i;
    return -1;
}

static Obj *substr_to_end(Obj *s, Ssize from) { return str_substr(s, from, VAR_SIZE(s)); }

static Obj *method_call(Obj *o, const char *name, int n, ...)
{
    Obj *args[3];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) args[i] = va_arg(ap, Obj *);
    va_end(ap);
    return obj_call_method(o, name, args, n);
}

static void unsupported_bytes(void)
{
    vm_err_set_str(&exc_TypeError, "urllib.parse in pydbg handles str URLs only, not bytes");
}

/* _coerce_args for str arguments: every non-empty argument must be a str
 * when the first is. */
static int check_str_args(Obj *const *args, Ssize n)
{
    if (!STR_CHECK(args[0])) {
        if (BYTES_CHECK(args[0]) || IS_TYPE(args[0], bytearray_type)) {
            unsupported_bytes();
            return -1;
        }
    }
    bool str_input = STR_CHECK(args[0]);
    for (Ssize i = 1; i < n; i++) {
        int t = obj_is_true(args[i]);
        if (t < 0) return -1;
        if (t && STR_CHECK(args[i]) != str_input) {
            vm_err_set_str(&exc_TypeError, "Cannot mix str and non-str arguments");
            return -1;
        }
    }
    if (!str_input) {
        int t = obj_is_true(args[0]);
        if (t < 0) return -1;
        if (t) {
            vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'decode'", OBJ_TYPE(args[0])->name);
            return -1;
        }
    }
    return 0;
}

/* s stripped of leading (and, with both, trailing) C0 controls and spaces,
 * then without tabs, CRs and LFs */
static Obj *clean_url_text(Obj *s, bool both)
{
    Ssize n = VAR_SIZE(s), lo = 0, hi = n;
    while (lo < hi && str_char(s, lo) <= 0x20) lo++;
    while (both && hi > lo && str_char(s, hi - 1) <= 0x20) hi--;
    uint32_t *buf = malloc(((size_t)(hi - lo) + 1) * sizeof(uint32_t));
    if (!buf) {
        vm_err_no_memory();
        return NULL;
    }
    Ssize k = 0;
    for (Ssize i = lo; i < hi; i++) {
        uint32_t c = str_char(s, i);
        if (c != '\t' && c != '\r' && c != '\n') buf[k++] = c;
    }
    Obj *r = str_from_ucs4(buf, k);
    free(buf);
    return r;
}

static int hexval(unsigned c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 'a' && c <= 'f') return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (int)(c - 'A' + 10);
    return -1;
}

static bool is_scheme_char(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
}

static int bad_address(Obj *host)
{
    vm_err_format(&exc_ValueError, "%R does not appear to be an IPv4 or IPv6 address", host);
    return -1;
}

/* _check_bracketed_host: IPvFuture (v<hex>.<text>) or an IPv6 address */
static int check_bracketed_host(Obj *host)
{
    Ssize n = VAR_SIZE(host);
    if (n && str_char(host, 0) == 'v') {
        Ssize i = 1;
        while (i < n && hexval(str_char(host, i)) >= 0) i++;
        bool ok = i > 1 && i < n && str_char(host, i) == '.' && i + 1 < n;
        for (Ssize k = i + 1; ok && k < n; k++)
            if (str_char(host, k) == '\n') ok = false;
        if (!ok) vm_err_set_str(&exc_ValueError, "IPvFuture address is invalid");
        return ok ? 0 : -1;
    }
    Ssize len;
    const char *u = str_utf8(host, &len);
    if (!u) return -1;
    if ((Ssize)strlen(u) != len || len > 200) return bad_address(host);
    char buf[256];
    unsigned char addr[16];
    memcpy(buf, u, (size_t)len + 1);
    if (inet_pton(AF_INET, buf, addr) == 1) {
        vm_err_set_str(&exc_ValueError, "An IPv4 address cannot be in brackets");
        return -1;
    }
    char *pct = strchr(buf, '%');
    if (pct) {
        if (!pct[1] || strchr(pct + 1, '%')) return bad_address(host);
        *pct = 0;
    }
    if (inet_pton(AF_INET6, buf, addr) != 1) return bad_address(host);
    return 0;
}

/* _checknetloc: a non-ASCII netloc must not gain URL delimiters under NFKC */
static int check_netloc(Obj *netloc)
{
    bool ascii = true;
    for (Ssize i = 0; i < VAR_SIZE(netloc) && ascii; i++) ascii = str_char(netloc, i) < 128;
    if (ascii) return 0;
    uint32_t *buf = malloc((size_t)VAR_SIZE(netloc) * sizeof(uint32_t) + 4);
    if (!buf) {
        vm_err_no_memory();
        return -1;
    }
    Ssize k = 0;
    for (Ssize i = 0; i < VAR_SIZE(netloc); i++) {
        uint32_t c = str_char(netloc, i);
        if (c != '@' && c != ':' && c != '#' && c != '?') buf[k++] = c;
    }
    Obj *n = str_from_ucs4(buf, k);
    free(buf);
    Obj *ud = n ? import_name(id_str("unicodedata"), NULL, NULL, 0) : NULL;
    Obj *form = ud ? str_from_cstr("NFKC") : NULL;
    Obj *n2 = form ? method_call(ud, "normalize", 2, form, n) : NULL;
    XDECREF(ud);
    XDECREF(form);
    int rc = n2 ? 0 : -1;
    if (n2 && !str_eq(n, n2)) {
        for (const char *c = "/?#@:"; *c; c++)
            if (find_cp(n2, (uint32_t)*c, 0) >= 0) {
                vm_err_format(&exc_ValueError, "netloc '%S' contains invalid characters under NFKC normalization",
                              netloc);
                rc = -1;
                break;
            }
    }
    XDECREF(n);
    XDECREF(n2);
    return rc;
}

/* urlsplit into out[5] (scheme, netloc, path, query, fragment) */
static int split_url(Obj *url_in, Obj *scheme_in, bool allow_fragments, Obj *out[5])
{
    for (int i = 0; i < 5; i++) out[i] = NULL;
    if (check_str_args((Obj *[]){url_in, scheme_in}, 2) < 0) return -1;
    if (STR_CHECK(url_in) && !STR_CHECK(scheme_in)) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'strip'", OBJ_TYPE(scheme_in)->name);
        return -1;
    }
    if (!STR_CHECK(url_in)) {
        /* falsy non-str arguments: CPython decodes them to '' and returns bytes results */
        unsupported_bytes();
        return -1;
    }
    Obj *url = clean_url_text(url_in, false), *scheme = url ? clean_url_text(scheme_in, true) : NULL;
    Obj *netloc = str_from_cstr(""), *query = NULL, *fragment = NULL;
    if (!scheme || !netloc) goto fail;
    Ssize i = find_cp(url, ':', 0);
    if (i > 0 && ((str_char(url, 0) | 0x20) >= 'a' && (str_char(url, 0) | 0x20) <= 'z')) {
        bool all = true;
        for (Ssize k = 0; k < i && all; k++) all = is_scheme_char(str_char(url, k));
        if (all) {
            Obj *head = str_substr(url, 0, i);
            obj_setref(&scheme, head ? obj_call_method(head, "lower", NULL, 0) : NULL);
            XDECREF(head);
            obj_setref(&url, substr_to_end(url, i + 1));
            if (!scheme || !url) goto fail;
        }
    }
    if (VAR_SIZE(url) >= 2 && str_char(url, 0) == '/' && str_char(url, 1) == '/') {
        Ssize delim = VAR_SIZE(url);
        for (const char *c = "/?#"; *c; c++) {
            Ssize w = find_cp(url, (uint32_t)*c, 2);
            if (w >= 0 && w < delim) delim = w;
        }
        obj_setref(&netloc, str_substr(url, 2, delim));
        obj_setref(&url, substr_to_end(url, delim));
        if (!netloc || !url) goto fail;
        Ssize ob = find_cp(netloc, '[', 0), cb = find_cp(netloc, ']', 0);
        if ((ob >= 0) != (cb >= 0)) {
            vm_err_set_str(&exc_ValueError, "Invalid IPv6 URL");
            goto fail;
        }
        if (ob >= 0) {
            Ssize end = find_cp(netloc, ']', ob + 1);
            Obj *host = str_substr(netloc, ob + 1, end < 0 ? VAR_SIZE(netloc) : end);
            int r = host ? check_bracketed_host(host) : -1;
            XDECREF(host);
            if (r < 0) goto fail;
        }
    }
    Ssize h = allow_fragments ? find_cp(url, '#', 0) : -1;
    if (h >= 0) {
        fragment = substr_to_end(url, h + 1);
        obj_setref(&url, str_substr(url, 0, h));
    } else {
        fragment = str_from_cstr("");
    }
    if (!fragment || !url) goto fail;
    Ssize q = find_cp(url, '?', 0);
    if (q >= 0) {
        query = substr_to_end(url, q + 1);
        obj_setref(&url, str_substr(url, 0, q));
    } else {
        query = str_from_cstr("");
    }
    if (!query || !url || check_netloc(netloc) < 0) goto fail;
    out[0] = scheme, out[1] = netloc, out[2] = url, out[3] = query, out[4] = fragment;
    return 0;
fail:
    XDECREF(url);
    XDECREF(scheme);
    XDECREF(netloc);
    XDECREF(query);
    XDECREF(fragment);
    return -1;
}

/* urlparse into out[6] (scheme, netloc, path, params, query, fragment) */
static int parse_url(Obj *url, Obj *scheme, bool allow_fragments, Obj *out[6])
{
    Obj *p[5];
    if (split_url(url, scheme, allow_fragments, p) < 0) return -1;
    Obj *path = p[2], *params = NULL;
    int up = obj_contains(uses_params, p[0]);
    if (up < 0) goto fail;
    if (up && find_cp(path, ';', 0) >= 0) {
        Ssize slash = rfind_cp(path, '/'), i;
        if (slash >= 0) i = find_cp(path, ';', slash);
        else i = find_cp(path, ';', 0);
        if (i < 0) {
            params = str_from_cstr("");
        } else {
            params = substr_to_end(path, i + 1);
            path = str_substr(p[2], 0, i);
            DECREF(p[2]);
            p[2] = path;
        }
    } else {
        params = str_from_cstr("");
    }
    if (!params || !path) goto fail;
    out[0] = p[0], out[1] = p[1], out[2] = p[2], out[3] = params, out[4] = p[3], out[5] = p[4];
    return 0;
fail:
    for (int i = 0; i < 5; i++) XDECREF(p[i]);
    XDECREF(params);
    return -1;
}

static Obj *make_result(Obj *cls, Obj **items, int n)   /* steals items */
{
    Obj *r = NULL;
    bool ok = true;
    for (int i = 0; i < n; i++) ok &= items[i] != NULL;
    if (ok) r = obj_call(cls, items, n, NULL);
    for (int i = 0; i < n; i++) XDECREF(items[i]);
    return r;
}

/* urlunsplit of five objects (borrowed), with the Python code's operators */
static Obj *unsplit(Obj *scheme, Obj *netloc, Obj *url_in, Obj *query, Obj *fragment)
{
    if (check_str_args((Obj *[]){scheme, netloc, url_in, query, fragment}, 5) < 0) return NULL;
    Obj *url = INCREF(url_in);
    int tn = obj_is_true(netloc), ts = obj_is_true(scheme);
    if (tn < 0 || ts < 0) goto fail;
    bool add_netloc = tn;
    if (!tn && ts) {
        int in = obj_contains(uses_netloc, scheme);
        if (in < 0) goto fail;
        if (in) {
            Obj *sl = slice_new(NULL, int_from_i64(2), NULL);
            Obj *head = sl ? obj_getitem(url, sl) : NULL;
            XDECREF(sl);
            if (!head) goto fail;
            add_netloc = !(STR_CHECK(head) && str_eq_cstr(head, "//"));
            DECREF(head);
        }
    }
    if (add_netloc) {
        int tu = obj_is_true(url);
        if (tu < 0) goto fail;
        if (tu && !(STR_CHECK(url) && VAR_SIZE(url) && str_char(url, 0) == '/')) {
            if (!STR_CHECK(url)) {
                Obj *sl = slice_new(NULL, int_from_i64(1), NULL);
                Obj *head = sl ? obj_getitem(url, sl) : NULL;
                XDECREF(sl);
                if (!head) goto fail;
                DECREF(head);
            }
            obj_setref(&url, c_cat("/", url));
            if (!url) goto fail;
        }
        Obj *empty = str_from_cstr(""), *slashes = str_from_cstr("//");
        Obj *nl = tn ? netloc : empty;
        obj_setref(&url, empty && slashes ? cat3(slashes, nl, url) : NULL);
        XDECREF(empty);
        XDECREF(slashes);
        if (!url) goto fail;
    }
    if (ts) {
        Obj *colon = str_from_cstr(":");
        obj_setref(&url, colon ? cat3(scheme, colon, url) : NULL);
        XDECREF(colon);
        if (!url) goto fail;
    }
    Obj *tails[2] = {query, fragment};
    const char *seps[2] = {"?", "#"};
    for (int k = 0; k < 2; k++) {
        int t = obj_is_true(tails[k]);
        if (t < 0) goto fail;
        if (t) {
            Obj *sep = str_from_cstr(seps[k]);
            obj_setref(&url, sep ? cat3(url, sep, tails[k]) : NULL);
            XDECREF(sep);
            if (!url) goto fail;
        }
    }
    return url;
fail:
    XDECREF(url);
    return NULL;
}

static Obj *unparse(Obj *const *c)   /* six components, borrowed */
{
    if (check_str_args(c, 6) < 0) return NULL;
    int tp = obj_is_true(c[3]);
    if (tp < 0) return NULL;
    Obj *url = tp ? str_from_fmt("%S;%S", c[2], c[3]) : INCREF(c[2]);
    if (!url) return NULL;
    Obj *r = unsplit(c[0], c[1], url, c[4], c[5]);
    DECREF(url);
    return r;
}

/* The n items of an iterable, unpacked as `a, b, … = components` does;
 * coerce: as `*_, coerce = _coerce_args(*components)` (one more item, and
 * its message for a non-iterable). */
static int unpack_ex(Obj *seq, Obj **out, Ssize n, bool coerce)
{
    Obj *t = seq_fast(seq, "cannot unpack non-iterable object");
    if (!t) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            if (coerce)
                vm_err_format(&exc_TypeError,
                              "urllib.parse._coerce_args() argument after * must be an iterable, not %s",
                              OBJ_TYPE(seq)->name);
            else
                vm_err_format(&exc_TypeError, "cannot unpack non-iterable %s object", OBJ_TYPE(seq)->name);
        }
        return -1;
    }
    Ssize len = VAR_SIZE(t), extra = coerce;
    if (len != n) {
        if (len < n)
            vm_err_format(&exc_ValueError, "not enough values to unpack (expected %zd, got %zd)", n + extra,
                          len + extra);
        else vm_err_format(&exc_ValueError, "too many values to unpack (expected %zd)", n + extra);
        DECREF(t);
        return -1;
    }
    for (Ssize i = 0; i < n; i++) out[i] = INCREF((TUPLE_CHECK(t) ? TUPLE_ITEMS(t) : LIST_ITEMS(t))[i]);
    DECREF(t);
    return 0;
}

static int unpack(Obj *seq, Obj **out, Ssize n) { return unpack_ex(seq, out, n, false); }

/* ---- module functions: splitting and joining ------------------------------------------------ */

static int bind_url_args(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, Obj **url, Obj **scheme,
                         bool *allow, Obj **empty)
{
    static const char *const names[] = {"url", "scheme", "allow_fragments"};
    Obj *v[3];
    if (mh_bind(fname, args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return -1;
    int a = v[2] ? obj_is_true(v[2]) : 1;
    if (a < 0 || !(*empty = str_from_cstr(""))) return -1;
    *url = v[0];
    *scheme = v[1] ? v[1] : *empty;
    *allow = a;
    return 0;
}

/* urlsplit (5 parts) or urlparse (6 parts) */
static Obj *split_or_parse(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool parse)
{
    Obj *url, *scheme, *empty = NULL, *p[6];
    bool allow;
    if (bind_url_args(fname, args, nargs, kw, &url, &scheme, &allow, &empty) < 0) {
        XDECREF(empty);
        return NULL;
    }
    int r = parse ? parse_url(url, scheme, allow, p) : split_url(url, scheme, allow, p);
    DECREF(empty);
    return r < 0 ? NULL : make_result(parse ? parse_cls : split_cls, p, parse ? 6 : 5);
}

static Obj *u_urlsplit(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return split_or_parse("urlsplit", args, nargs, kw, false);
}

static Obj *u_urlparse(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return split_or_parse("urlparse", args, nargs, kw, true);
}

static Obj *unsplit_or_unparse(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, Ssize n)
{
    static const char *const names[] = {"components"};
    Obj *v[1], *c[6];
    if (mh_bind(fname, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0 || unpack_ex(v[0], c, n, true) < 0)
        return NULL;
    Obj *r = n == 5 ? unsplit(c[0], c[1], c[2], c[3], c[4]) : unparse(c);
    for (Ssize i = 0; i < n; i++) DECREF(c[i]);
    return r;
}

static Obj *u_urlunsplit(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return unsplit_or_unparse("urlunsplit", args, nargs, kw, 5);
}

static Obj *u_urlunparse(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return unsplit_or_unparse("urlunparse", args, nargs, kw, 6);
}

static void release(Obj **v, int n)
{
    for (int i = 0; i < n; i++) XDECREF(v[i]);
}

/* urljoin's path merge: base directory + relative path, dot segments resolved */
static Obj *join_paths(Obj *bpath, Obj *path)
{
    Obj *slash = str_from_cstr("/");
    Obj *base_parts = slash ? method_call(bpath, "split", 1, slash) : NULL, *segments = NULL, *resolved = NULL;
    Obj *r = NULL;
    if (!base_parts) goto done;
    Ssize nb = LIST_LEN(base_parts);
    if (nb && VAR_SIZE(LIST_ITEMS(base_parts)[nb - 1]) != 0 && list_set_slice(base_parts, nb - 1, nb, NULL) < 0)
        goto done;
    if (!(segments = method_call(path, "split", 1, slash))) goto done;
    if (!(VAR_SIZE(path) && str_char(path, 0) == '/')) {
        Obj *all = list_new(0);
        if (!all || list_extend(all, base_parts) < 0 || list_extend(all, segments) < 0) {
            XDECREF(all);
            goto done;
        }
        obj_setref(&segments, all);
        /* segments[1:-1] = filter(None, segments[1:-1]) */
        Ssize n = LIST_LEN(segments);
        if (n > 2) {
            Obj *mid = list_new(0);
            for (Ssize i = 1; mid && i < n - 1; i++)
                if (VAR_SIZE(LIST_ITEMS(segments)[i]) && list_append(mid, LIST_ITEMS(segments)[i]) < 0) CLEAR(mid);
            int rr = mid ? list_set_slice(segments, 1, n - 1, mid) : -1;
            XDECREF(mid);
            if (rr < 0) goto done;
        }
    }
    if (!(resolved = list_new(0))) goto done;
    for (Ssize i = 0; i < LIST_LEN(segments); i++) {
        Obj *seg = LIST_ITEMS(segments)[i];
        if (str_eq_cstr(seg, "..")) {
            if (LIST_LEN(resolved) && list_set_slice(resolved, LIST_LEN(resolved) - 1, LIST_LEN(resolved), NULL) < 0)
                goto done;
        } else if (!str_eq_cstr(seg, ".") && list_append(resolved, seg) < 0) {
            goto done;
        }
    }
    Obj *last = LIST_ITEMS(segments)[LIST_LEN(segments) - 1];
    if (str_eq_cstr(last, ".") || str_eq_cstr(last, "..")) {
        Obj *e = str_from_cstr("");
        int rr = e ? list_append(resolved, e) : -1;
        XDECREF(e);
        if (rr < 0) goto done;
    }
    r = str_join(slash, resolved);
    if (r && VAR_SIZE(r) == 0) obj_setref(&r, INCREF(slash));
done:
    XDECREF(slash);
    XDECREF(base_parts);
    XDECREF(segments);
    XDECREF(resolved);
    return r;
}

static Obj *urljoin_impl(Obj *base, Obj *url, bool allow)
{
    int tb = obj_is_true(base), tu = tb > 0 ? obj_is_true(url) : 0;
    if (tb < 0 || tu < 0) return NULL;
    if (!tb) return INCREF(url);
    if (!tu) return INCREF(base);
    if (check_str_args((Obj *[]){base, url}, 2) < 0) return NULL;
    Obj *empty = str_from_cstr(""), *b[6], *u[6] = {NULL};
    if (!empty || parse_url(base, empty, allow, b) < 0) {
        XDECREF(empty);
        return NULL;
    }
    DECREF(empty);
    Obj *r = NULL;
    if (parse_url(url, b[0], allow, u) < 0) {
        release(b, 6);
        return NULL;
    }
    int rel = obj_contains(uses_relative, u[0]);
    if (rel < 0) goto done;
    if (!str_eq(u[0], b[0]) || !rel) {
        r = INCREF(url);
        goto done;
    }
    int net = obj_contains(uses_netloc, u[0]);
    if (net < 0) goto done;
    if (net) {
        if (VAR_SIZE(u[1])) {
            r = unparse(u);
            goto done;
        }
        obj_setref(&u[1], INCREF(b[1]));
    }
    if (!VAR_SIZE(u[2]) && !VAR_SIZE(u[3])) {
        obj_setref(&u[2], INCREF(b[2]));
        obj_setref(&u[3], INCREF(b[3]));
        if (!VAR_SIZE(u[4])) obj_setref(&u[4], INCREF(b[4]));
        r = unparse(u);
        goto done;
    }
    Obj *joined = join_paths(b[2], u[2]);
    if (!joined) goto done;
    obj_setref(&u[2], joined);
    r = unparse(u);
done:
    release(b, 6);
    release(u, 6);
    return r;
}

static Obj *u_urljoin(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"base", "url", "allow_fragments"};
    Obj *v[3];
    if (mh_bind("urljoin", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    int a = v[2] ? obj_is_true(v[2]) : 1;
    return a < 0 ? NULL : urljoin_impl(v[0], v[1], a);
}

static Obj *u_urldefrag(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"url"};
    Obj *v[1];
    if (mh_bind("urldefrag", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (check_str_args(v, 1) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        unsupported_bytes();
        return NULL;
    }
    Obj *items[2];
    if (find_cp(v[0], '#', 0) >= 0) {
        Obj *empty = str_from_cstr(""), *p[6];
        if (!empty || parse_url(v[0], empty, true, p) < 0) {
            XDECREF(empty);
            return NULL;
        }
        items[1] = p[5];
        p[5] = empty;
        items[0] = unparse(p);
        release(p, 6);
    } else {
        items[0] = INCREF(v[0]);
        items[1] = str_from_cstr("");
    }
    return make_result(defrag_cls, items, 2);
}

/* ---- quoting ------------------------------------------------------------------------------- */

static bool always_safe(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-' || c == '~';
}

/* the `safe` argument as a 128-entry table */
static int safe_table(Obj *safe, bool table[128])
{
    memset(table, 0, 128);
    for (unsigned c = 0; c < 128; c++) table[c] = always_safe(c);
    if (STR_CHECK(safe)) {
        for (Ssize i = 0; i < VAR_SIZE(safe); i++)
            if (str_char(safe, i) < 128) table[str_char(safe, i)] = true;
        return 0;
    }
    Obj *it = obj_getiter(safe);
    if (!it) return -1;
    for (Obj *c; (c = obj_iternext(it));) {
        int64_t v = -1;
        if (INT_CHECK(c) && int_fits_i64(c)) int_as_i64(c, &v);
        else if (!vm_err_occurred())
            vm_err_format(&exc_TypeError, "'<' not supported between instances of '%s' and 'int'", OBJ_TYPE(c)->name);
        DECREF(c);
        if (vm_err_occurred()) {
            DECREF(it);
            return -1;
        }
        if (v >= 0 && v < 128) table[v] = true;
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 0;
}

static Obj *quote_bytes(Obj *bs, Obj *safe)
{
    const unsigned char *p;
    Ssize n;
    if (BYTES_CHECK(bs)) {
        p = BYTES_DATA(bs);
        n = VAR_SIZE(bs);
    } else if (IS_TYPE(bs, bytearray_type)) {
        p = ((ByteArrayObj *)bs)->data;
        n = VAR_SIZE(bs);
    } else {
        vm_err_set_str(&exc_TypeError, "quote_from_bytes() expected bytes");
        return NULL;
    }
    bool table[128];
    if (n == 0) return str_from_cstr("");
    if (safe_table(safe, table) < 0) return NULL;
    SBuf b = SBUF_INIT;
    for (Ssize i = 0; i < n; i++) {
        if (p[i] < 128 && table[p[i]]) sbuf_putc(&b, (char)p[i]);
        else sbuf_printf(&b, "%%%02X", p[i]);
    }
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static Obj *quote_impl(Obj *string, Obj *safe, Obj *encoding, Obj *errors)
{
    if (STR_CHECK(string)) {
        if (!VAR_SIZE(string)) return INCREF(string);
        Obj *enc = encoding && encoding != NONE ? INCREF(encoding) : str_from_cstr("utf-8");
        Obj *err = errors && errors != NONE ? INCREF(errors) : str_from_cstr("strict");
        Obj *bs = enc && err ? method_call(string, "encode", 2, enc, err) : NULL;
        XDECREF(enc);
        XDECREF(err);
        if (!bs) return NULL;
        Obj *r = quote_bytes(bs, safe);
        DECREF(bs);
        return r;
    }
    if (encoding && encoding != NONE) {
        vm_err_set_str(&exc_TypeError, "quote() doesn't support 'encoding' for bytes");
        return NULL;
    }
    if (errors && errors != NONE) {
        vm_err_set_str(&exc_TypeError, "quote() doesn't support 'errors' for bytes");
        return NULL;
    }
    return quote_bytes(string, safe);
}

static const char *const quote_names[] = {"string", "safe", "encoding", "errors"};

static Obj *u_quote(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *v[4];
    if (mh_bind("quote", args, nargs, kw, quote_names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    Obj *dflt = v[1] ? NULL : str_from_cstr("/");
    Obj *r = v[1] || dflt ? quote_impl(v[0], v[1] ? v[1] : dflt, v[2], v[3]) : NULL;
    XDECREF(dflt);
    return r;
}

static Obj *u_quote_plus(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *v[4];
    if (mh_bind("quote_plus", args, nargs, kw, quote_names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    Obj *safe = v[1] ? INCREF(v[1]) : str_from_cstr("");
    if (!safe) return NULL;
    bool has_space;
    if (STR_CHECK(v[0])) {
        has_space = find_cp(v[0], ' ', 0) >= 0;
    } else if (BYTES_CHECK(v[0])) {
        has_space = memchr(BYTES_DATA(v[0]), ' ', (size_t)VAR_SIZE(v[0])) != NULL;
    } else {
        has_space = true;
    }
    Obj *r;
    if (!has_space) {
        r = quote_impl(v[0], safe, v[2], v[3]);
    } else {
        Obj *space = STR_CHECK(safe) ? str_from_cstr(" ") : bytes_from(" ", 1);
        Obj *safe2 = space ? cat(safe, space) : NULL;
        XDECREF(space);
        r = safe2 ? quote_impl(v[0], safe2, v[2], v[3]) : NULL;
        XDECREF(safe2);
        if (r) {
            Obj *sp = str_from_cstr(" "), *plus = str_from_cstr("+");
            obj_setref(&r, sp && plus ? method_call(r, "replace", 2, sp, plus) : NULL);
            XDECREF(sp);
            XDECREF(plus);
        }
    }
    DECREF(safe);
    return r;
}

static Obj *u_quote_from_bytes(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"bs", "safe"};
    Obj *v[2];
    if (mh_bind("quote_from_bytes", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *dflt = v[1] ? NULL : str_from_cstr("/");
    Obj *r = v[1] || dflt ? quote_bytes(v[0], v[1] ? v[1] : dflt) : NULL;
    XDECREF(dflt);
    return r;
}

/* _unquote_impl on bytes p[0..n): %XX sequences decoded */
static void unquote_raw(const unsigned char *p, Ssize n, SBuf *out)
{
    for (Ssize i = 0; i < n; i++) {
        int h = p[i] == '%' && i + 2 < n ? hexval(p[i + 1]) : -1, l = h >= 0 ? hexval(p[i + 2]) : -1;
        if (l >= 0) {
            sbuf_putc(out, (char)(h * 16 + l));
            i += 2;
        } else {
            sbuf_putc(out, (char)p[i]);
        }
    }
}

static Obj *decode_with(SBuf *b, Obj *encoding, Obj *errors)
{
    Obj *bs = bytes_from(sbuf_cstr(b), (Ssize)b->len);
    Obj *r = bs ? method_call(bs, "decode", 2, encoding, errors) : NULL;
    XDECREF(bs);
    return r;
}

static Obj *unquote_impl(Obj *string, Obj *encoding, Obj *errors)
{
    Obj *enc = encoding && encoding != NONE ? INCREF(encoding) : str_from_cstr("utf-8");
    Obj *err = errors && errors != NONE ? INCREF(errors) : str_from_cstr("replace");
    Obj *r = NULL, *parts = NULL;
    if (!enc || !err) goto done;
    if (BYTES_CHECK(string)) {
        SBuf b = SBUF_INIT;
        unquote_raw(BYTES_DATA(string), VAR_SIZE(string), &b);
        r = decode_with(&b, enc, err);
        sbuf_free(&b);
        goto done;
    }
    Obj *pct = str_from_cstr("%");
    int has = pct ? obj_contains(string, pct) : -1;
    XDECREF(pct);
    if (has < 0) goto done;
    if (!has) {
        if (!STR_CHECK(string)) {
            Obj *sp = obj_getattr_str(string, "split");
            if (!sp) goto done;
            DECREF(sp);
        }
        r = INCREF(string);
        goto done;
    }
    if (!STR_CHECK(string)) {
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", OBJ_TYPE(string)->name);
        goto done;
    }
    /* ASCII runs are percent-decoded and decoded; other characters pass */
    if (!(parts = list_new(0))) goto done;
    Ssize n = VAR_SIZE(string), i = 0;
    while (i < n) {
        Ssize j = i;
        bool ascii = str_char(string, i) < 128;
        while (j < n && (str_char(string, j) < 128) == ascii) j++;
        Obj *piece;
        if (ascii) {
            SBuf raw = SBUF_INIT, b = SBUF_INIT;
            for (Ssize k = i; k < j; k++) sbuf_putc(&raw, (char)str_char(string, k));
            unquote_raw((const unsigned char *)sbuf_cstr(&raw), (Ssize)raw.len, &b);
            piece = decode_with(&b, enc, err);
            sbuf_free(&raw);
            sbuf_free(&b);
        } else {
            piece = str_substr(string, i, j);
        }
        if (!piece || list_append(parts, piece) < 0) {
            XDECREF(piece);
            goto done;
        }
        DECREF(piece);
        i = j;
    }
    Obj *empty = str_from_cstr("");
    r = empty ? str_join(empty, parts) : NULL;
    XDECREF(empty);
done:
    XDECREF(enc);
    XDECREF(err);
    XDECREF(parts);
    return r;
}

static const char *const unquote_names[] = {"string", "encoding", "errors"};

static Obj *u_unquote(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *v[3];
    if (mh_bind("unquote", args, nargs, kw, unquote_names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    return unquote_impl(v[0], v[1], v[2]);
}

static Obj *plus_to_space(Obj *string)
{
    Obj *plus = str_from_cstr("+"), *sp = str_from_cstr(" ");
    Obj *r = plus && sp ? method_call(string, "replace", 2, plus, sp) : NULL;
    XDECREF(plus);
    XDECREF(sp);
    return r;
}

static Obj *u_unquote_plus(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *v[3];
    if (mh_bind("unquote_plus", args, nargs, kw, unquote_names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *t = plus_to_space(v[0]);
    Obj *r = t ? unquote_impl(t, v[1], v[2]) : NULL;
    XDECREF(t);
    return r;
}

static Obj *u_unquote_to_bytes(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"string"};
    Obj *v[1];
    if (mh_bind("unquote_to_bytes", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *b = STR_CHECK(v[0]) ? str_encode(v[0], "utf-8", "strict") : INCREF(v[0]);
    if (!b) return NULL;
    Obj *r = NULL;
    if (!BYTES_CHECK(b)) {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", OBJ_TYPE(b)->name);
    } else {
        SBuf out = SBUF_INIT;
        unquote_raw(BYTES_DATA(b), VAR_SIZE(b), &out);
        r = bytes_from(sbuf_cstr(&out), (Ssize)out.len);
        sbuf_free(&out);
    }
    DECREF(b);
    return r;
}

/* ---- query strings ------------------------------------------------------------------------- */

static const char *const qs_names[] = {"qs", "keep_blank_values", "strict_parsing", "encoding", "errors",
                                       "max_num_fields", "separator"};

static Obj *parse_qsl_impl(Obj *const *v)
{
    Obj *qs = v[0];
    int keep = v[1] ? obj_is_true(v[1]) : 0, strict = v[2] ? obj_is_true(v[2]) : 0;
    if (keep < 0 || strict < 0) return NULL;
    if (!STR_CHECK(qs)) {
        if (BYTES_CHECK(qs)) {
            unsupported_bytes();
            return NULL;
        }
        if (check_str_args(&qs, 1) < 0) return NULL;
        return list_new(0);   /* a false non-str query: no fields */
    }
    Obj *sep = v[6] ? INCREF(v[6]) : str_from_cstr("&");
    if (!sep) return NULL;
    if (!STR_CHECK(sep) || !VAR_SIZE(sep)) {
        DECREF(sep);
        vm_err_set_str(&exc_ValueError, "Separator must be of type string or bytes.");
        return NULL;
    }
    Obj *fields = NULL, *r = NULL, *eq = NULL;
    if (v[5] && v[5] != NONE) {
        Obj *cnt = VAR_SIZE(qs) ? method_call(qs, "count", 1, sep) : int_from_i64(-1);
        Obj *one = int_from_i64(1);
        Obj *num = cnt && one ? num_binary(cnt, one, NB_ADD) : NULL;
        XDECREF(cnt);
        XDECREF(one);
        int over = num ? obj_richcompare_bool(v[5], num, CMP_LT) : -1;
        XDECREF(num);
        if (over < 0) goto done;
        if (over) {
            vm_err_set_str(&exc_ValueError, "Max number of fields exceeded");
            goto done;
        }
    }
    r = list_new(0);
    fields = VAR_SIZE(qs) ? method_call(qs, "split", 1, sep) : list_new(0);
    eq = str_from_cstr("=");
    if (!r || !fields || !eq) goto fail;
    Obj *one = int_from_i64(1);
    for (Ssize i = 0; one && i < LIST_LEN(fields); i++) {
        Obj *nv_s = LIST_ITEMS(fields)[i];
        if (!VAR_SIZE(nv_s) && !strict) continue;
        Obj *nv = method_call(nv_s, "split", 2, eq, one);
        if (!nv) goto fail_one;
        Obj *name_raw = LIST_ITEMS(nv)[0], *value_raw = NULL;
        if (LIST_LEN(nv) != 2) {
            if (strict) {
                vm_err_format(&exc_ValueError, "bad query field: %R", nv_s);
                DECREF(nv);
                goto fail_one;
            }
            if (!keep) {
                DECREF(nv);
                continue;
            }
        } else {
            value_raw = LIST_ITEMS(nv)[1];
        }
        if ((value_raw && VAR_SIZE(value_raw)) || keep) {
            Obj *empty = value_raw ? NULL : str_from_cstr("");
            Obj *n1 = plus_to_space(name_raw), *v1 = plus_to_space(value_raw ? value_raw : empty);
            Obj *name = n1 ? unquote_impl(n1, v[3], v[4]) : NULL, *value = v1 ? unquote_impl(v1, v[3], v[4]) : NULL;
            Obj *pair = name && value ? tuple_pack(2, name, value) : NULL;
            int rr = pair ? list_append(r, pair) : -1;
            XDECREF(empty);
            XDECREF(n1);
            XDECREF(v1);
            XDECREF(name);
            XDECREF(value);
            XDECREF(pair);
            if (rr < 0) {
                DECREF(nv);
                goto fail_one;
            }
        }
        DECREF(nv);
    }
    XDECREF(one);
    if (!one) goto fail;
    goto done;
fail_one:
    XDECREF(one);
fail:
    CLEAR(r);
done:
    XDECREF(sep);
    XDECREF(fields);
    XDECREF(eq);
    return r;
}

static Obj *u_parse_qsl(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *v[7];
    if (mh_bind("parse_qsl", args, nargs, kw, qs_names, 7, 7, 0, 1, 0, v) < 0) return NULL;
    return parse_qsl_impl(v);
}

static Obj *u_parse_qs(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *v[7];
    if (mh_bind("parse_qs", args, nargs, kw, qs_names, 7, 7, 0, 1, 0, v) < 0) return NULL;
    Obj *pairs = parse_qsl_impl(v), *d = pairs ? dict_new() : NULL;
    if (!d) {
        XDECREF(pairs);
        return NULL;
    }
    for (Ssize i = 0; i < LIST_LEN(pairs); i++) {
        Obj *k = TUPLE_ITEMS(LIST_ITEMS(pairs)[i])[0], *val = TUPLE_ITEMS(LIST_ITEMS(pairs)[i])[1];
        Obj *lst = dict_get_borrow(d, k);
        int rr;
        if (lst) {
            rr = list_append(lst, val);
        } else {
            Obj *nl = list_from_array(&val, 1);
            rr = nl ? dict_set(d, k, nl) : -1;
            XDECREF(nl);
        }
        if (rr < 0) {
            DECREF(pairs);
            DECREF(d);
            return NULL;
        }
    }
    DECREF(pairs);
    return d;
}

/* quote_via(x, safe[, encoding, errors]) for one key or value */
static Obj *encode_part(Obj *via, Obj *x, Obj *safe, Obj *encoding, Obj *errors)
{
    if (BYTES_CHECK(x)) return obj_call(via, (Obj *[]){x, safe}, 2, NULL);
    Obj *s = obj_str(x);
    Obj *r = s ? obj_call(via, (Obj *[]){s, safe, encoding, errors}, 4, NULL) : NULL;
    XDECREF(s);
    return r;
}

static int append_pair(Obj *l, Obj *k, Obj *v)   /* l.append(k + '=' + v), steals v */
{
    if (!v) return -1;
    Obj *eq = str_from_cstr("=");
    Obj *s = eq ? cat3(k, eq, v) : NULL;
    XDECREF(eq);
    DECREF(v);
    if (!s) return -1;
    int r = list_append(l, s);
    DECREF(s);
    return r;
}

static Obj *u_urlencode(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"query", "doseq", "safe", "encoding", "errors", "quote_via"};
    Obj *v[6];
    if (mh_bind("urlencode", args, nargs, kw, names, 6, 6, 0, 1, 0, v) < 0) return NULL;
    int doseq = v[1] ? obj_is_true(v[1]) : 0;
    if (doseq < 0) return NULL;
    Obj *safe = v[2] ? INCREF(v[2]) : str_from_cstr(""), *enc = v[3] ? v[3] : NONE, *err = v[4] ? v[4] : NONE;
    Obj *via = v[5] ? v[5] : quote_plus_fn;
    Obj *query = NULL, *it = NULL, *l = list_new(0), *r = NULL;
    if (!safe || !l) goto done;
    Obj *items_m;
    if (obj_lookup_attr(v[0], id_str("items"), &items_m) < 0) goto done;
    if (items_m) {
        query = obj_call(items_m, NULL, 0, NULL);
        DECREF(items_m);
        if (!query) goto done;
    } else {
        Ssize n = obj_length(v[0]);
        bool bad = n < 0;
        if (!bad && n) {
            Obj *zero = int_from_i64(0);
            Obj *first = zero ? obj_getitem(v[0], zero) : NULL;
            XDECREF(zero);
            bad = !first || !TUPLE_CHECK(first);
            XDECREF(first);
        }
        if (bad) {
            if (vm_err_occurred() && !vm_err_matches(&exc_TypeError)) goto done;
            Obj *cause = vm_err_occurred() ? vm_err_fetch() : obj_call((Obj *)&exc_TypeError, NULL, 0, NULL);
            vm_err_set_str(&exc_TypeError, "not a valid non-string sequence or mapping object");
            if (cause) {
                Obj *exc = vm_err_fetch();
                obj_setattr_str(exc, "__cause__", cause);
                vm_err_restore(exc);
                DECREF(cause);
            }
            goto done;
        }
        query = INCREF(v[0]);
    }
    if (!(it = obj_getiter(query))) goto done;
    for (Obj *item; (item = obj_iternext(it));) {
        Obj *kv[2];
        int rr = unpack(item, kv, 2);
        DECREF(item);
        if (rr < 0) goto done;
        Obj *k = encode_part(via, kv[0], safe, enc, err);
        if (!k) {
            release(kv, 2);
            goto done;
        }
        Obj *val = kv[1];
        if (!doseq || BYTES_CHECK(val) || STR_CHECK(val)) {
            rr = append_pair(l, k, encode_part(via, val, safe, enc, err));
        } else {
            Ssize n = has_len(val) ? obj_length(val) : -2;
            if (n == -1) {
                rr = -1;
            } else if (n == -2) {
                rr = append_pair(l, k, encode_part(via, val, safe, enc, err));
            } else {
                Obj *eit = obj_getiter(val);
                rr = eit ? 0 : -1;
                for (Obj *elt; rr == 0 && (elt = obj_iternext(eit));) {
                    rr = append_pair(l, k, encode_part(via, elt, safe, enc, err));
                    DECREF(elt);
                }
                if (rr == 0 && vm_err_occurred()) rr = -1;
                XDECREF(eit);
            }
        }
        DECREF(k);
        release(kv, 2);
        if (rr < 0) goto done;
    }
    if (vm_err_occurred()) goto done;
    Obj *amp = str_from_cstr("&");
    r = amp ? str_join(amp, l) : NULL;
    XDECREF(amp);
done:
    XDECREF(safe);
    XDECREF(query);
    XDECREF(it);
    XDECREF(l);
    return r;
}

static Obj *u_unwrap(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"url"};
    Obj *v[1];
    if (mh_bind("unwrap", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *t = obj_str(v[0]);
    Obj *u = t ? obj_call_method(t, "strip", NULL, 0) : NULL;
    XDECREF(t);
    if (!u) return NULL;
    Ssize n = VAR_SIZE(u);
    if (n >= 2 && str_char(u, 0) == '<' && str_char(u, n - 1) == '>') {
        Obj *in = str_substr(u, 1, n - 1);
        obj_setref(&u, in ? obj_call_method(in, "strip", NULL, 0) : NULL);
        XDECREF(in);
        if (!u) return NULL;
    }
    if (VAR_SIZE(u) >= 4 && str_char(u, 0) == 'U' && str_char(u, 1) == 'R' && str_char(u, 2) == 'L' &&
        str_char(u, 3) == ':') {
        Obj *in = substr_to_end(u, 4);
        obj_setref(&u, in ? obj_call_method(in, "strip", NULL, 0) : NULL);
        XDECREF(in);
    }
    return u;
}

static Obj *u_clear_cache(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_bind("clear_cache", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return INCREF(NONE);
}

static const MethodDef urlparse_methods[] = {
    {"urlparse", u_urlparse, METH_FAST, "Parse a URL into 6 components."},
    {"urlsplit", u_urlsplit, METH_FAST, "Parse a URL into 5 components."},
    {"urlunparse", u_urlunparse, METH_FAST, "Put a parsed URL back together again."},
    {"urlunsplit", u_urlunsplit, METH_FAST, "Combine the elements of a tuple as returned by urlsplit()."},
    {"urljoin", u_urljoin, METH_FAST, "Join a base URL and a possibly relative URL."},
    {"urldefrag", u_urldefrag, METH_FAST, "Removes any existing fragment from URL."},
    {"quote", u_quote, METH_FAST, "quote('abc def') -> 'abc%20def'"},
    {"quote_plus", u_quote_plus, METH_FAST, "Like quote(), but also replace ' ' with '+'."},
    {"quote_from_bytes", u_quote_from_bytes, METH_FAST, "Like quote(), but accepts a bytes object."},
    {"unquote", u_unquote, METH_FAST, "Replace %xx escapes by their single-character equivalent."},
    {"unquote_plus", u_unquote_plus, METH_FAST, "Like unquote(), but also replace plus signs by spaces."},
    {"unquote_to_bytes", u_unquote_to_bytes, METH_FAST, "unquote_to_bytes('abc%20def') -> b'abc def'."},
    {"parse_qs", u_parse_qs, METH_FAST, "Parse a query given as a string argument."},
    {"parse_qsl", u_parse_qsl, METH_FAST, "Parse a query given as a string argument."},
    {"urlencode", u_urlencode, METH_FAST, "Encode a dict or sequence of two-element tuples into a URL query string."},
    {"unwrap", u_unwrap, METH_FAST, "Transform a string like '<URL:scheme://host/path>' into 'scheme://host/path'."},
    {"clear_cache", u_clear_cache, METH_FAST, "Clear internal performance caches. Undocumented; some tests want it."},
    {NULL, NULL, 0, NULL},
};

/* ---- result classes --------------------------------------------------------------------------- */

static Obj *netloc_of(Obj *self)
{
    Obj *n = TUPLE_CHECK(self) && TUPLE_LEN(self) > 1 ? TUPLE_ITEMS(self)[1] : NULL;
    if (!n || !STR_CHECK(n)) {
        vm_err_set_str(&exc_TypeError, "netloc must be a str");
        return NULL;
    }
    return n;
}

/* username / password (which = 0 / 1) from netloc.rpartition('@')[0] */
static Obj *userinfo_part(Obj *self, int which)
{
    Obj *netloc = netloc_of(self);
    if (!netloc) return NULL;
    Ssize at = rfind_cp(netloc, '@');
    if (at < 0) return INCREF(NONE);
    Ssize colon = find_cp(netloc, ':', 0);
    if (colon > at) colon = -1;
    if (which == 0) return str_substr(netloc, 0, colon >= 0 ? colon : at);
    return colon >= 0 ? str_substr(netloc, colon + 1, at) : INCREF(NONE);
}

/* hostname and port text of _hostinfo; port NULL when empty */
static int hostinfo(Obj *self, Obj **host, Obj **port)
{
    *host = *port = NULL;
    Obj *netloc = netloc_of(self);
    if (!netloc) return -1;
    Ssize start = rfind_cp(netloc, '@') + 1, n = VAR_SIZE(netloc);
    Ssize ob = find_cp(netloc, '[', start), pstart = -1;
    if (ob >= 0) {
        Ssize cb = find_cp(netloc, ']', ob + 1);
        *host = str_substr(netloc, ob + 1, cb >= 0 ? cb : n);
        if (cb >= 0) {
            Ssize c = find_cp(netloc, ':', cb + 1);
            if (c >= 0) pstart = c + 1;
        }
    } else {
        Ssize c = find_cp(netloc, ':', start);
        *host = str_substr(netloc, start, c >= 0 ? c : n);
        if (c >= 0) pstart = c + 1;
    }
    if (!*host) return -1;
    if (pstart >= 0 && pstart < n && !(*port = substr_to_end(netloc, pstart))) {
        CLEAR(*host);
        return -1;
    }
    return 0;
}

static Obj *r_username(Obj *self, void *c)
{
    (void)c;
    return userinfo_part(self, 0);
}

static Obj *r_password(Obj *self, void *c)
{
    (void)c;
    return userinfo_part(self, 1);
}

static Obj *r_hostname(Obj *self, void *c)
{
    (void)c;
    Obj *host, *port;
    if (hostinfo(self, &host, &port) < 0) return NULL;
    XDECREF(port);
    if (!VAR_SIZE(host)) {
        DECREF(host);
        return INCREF(NONE);
    }
    Ssize pct = find_cp(host, '%', 0);
    Obj *name = str_substr(host, 0, pct >= 0 ? pct : VAR_SIZE(host));
    Obj *low = name ? obj_call_method(name, "lower", NULL, 0) : NULL;
    Obj *rest = pct >= 0 ? substr_to_end(host, pct) : str_from_cstr("");
    Obj *r = low && rest ? cat(low, rest) : NULL;
    XDECREF(name);
    XDECREF(low);
    XDECREF(rest);
    DECREF(host);
    return r;
}

static Obj *r_port(Obj *self, void *c)
{
    (void)c;
    Obj *host, *port;
    if (hostinfo(self, &host, &port) < 0) return NULL;
    DECREF(host);
    if (!port) return INCREF(NONE);
    bool digits = VAR_SIZE(port) > 0;
    for (Ssize i = 0; i < VAR_SIZE(port) && digits; i++) digits = str_char(port, i) >= '0' && str_char(port, i) <= '9';
    if (!digits) {
        vm_err_format(&exc_ValueError, "Port could not be cast to integer value as %R", port);
        DECREF(port);
        return NULL;
    }
    Obj *num = obj_call((Obj *)&int_type, &port, 1, NULL);
    DECREF(port);
    if (!num) return NULL;
    int64_t v = -1;
    if (!int_fits_i64(num) || int_as_i64(num, &v) < 0 || v > 65535) {
        vm_err_clear();
        DECREF(num);
        vm_err_set_str(&exc_ValueError, "Port out of range 0-65535");
        return NULL;
    }
    return num;
}

static const GetSetDef netloc_getsets[] = {
    {"username", r_username, NULL, NULL, NULL},
    {"password", r_password, NULL, NULL, NULL},
    {"hostname", r_hostname, NULL, NULL, NULL},
    {"port", r_port, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *split_geturl(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("SplitResult.geturl", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *c[5];
    if (unpack(self, c, 5) < 0) return NULL;
    Obj *r = unsplit(c[0], c[1], c[2], c[3], c[4]);
    release(c, 5);
    return r;
}

static Obj *parse_geturl(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("ParseResult.geturl", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *c[6];
    if (unpack(self, c, 6) < 0) return NULL;
    Obj *r = unparse(c);
    release(c, 6);
    return r;
}

static Obj *defrag_geturl(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("DefragResult.geturl", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *c[2];
    if (unpack(self, c, 2) < 0) return NULL;
    int t = obj_is_true(c[1]);
    Obj *r = t < 0 ? NULL : !t ? INCREF(c[0]) : NULL;
    if (t > 0) {
        Obj *hash = str_from_cstr("#");
        r = hash ? cat3(c[0], hash, c[1]) : NULL;
        XDECREF(hash);
    }
    release(c, 2);
    return r;
}

static const MethodDef split_methods[] = {{"geturl", split_geturl, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef parse_methods[] = {{"geturl", parse_geturl, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef defrag_methods[] = {{"geturl", defrag_geturl, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};

/* class NAME(namedtuple(NAME, FIELDS), …) in urllib.parse */
static Obj *result_class(const char *name, const char *fields, const MethodDef *methods, const GetSetDef *getsets)
{
    Obj *base = smallmods_namedtuple(name, fields, "urllib.parse");
    Obj *bases = base ? tuple_pack(1, base) : NULL;
    XDECREF(base);
    Obj *cls = bases ? mh_class("urllib.parse", name, bases, methods, getsets, NULL) : NULL;
    XDECREF(bases);
    return cls;
}

static Obj *str_list(const char *const *items, Ssize n)
{
    Obj *l = list_new(0);
    for (Ssize i = 0; l && i < n; i++) {
        Obj *s = str_from_cstr(items[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    return l;
}

static const char *const uses_relative_v[] = {"", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https",
                                              "shttp", "mms", "prospero", "rtsp", "rtspu", "sftp", "svn", "svn+ssh",
                                              "ws", "wss"};
static const char *const uses_netloc_v[] = {"", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file",
                                            "mms", "https", "shttp", "snews", "prospero", "rtsp", "rtspu", "rsync",
                                            "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss",
                                            "itms-services"};
static const char *const uses_params_v[] = {"", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp",
                                            "rtspu", "sip", "sips", "mms", "sftp", "tel"};
static const char *const non_hierarchical_v[] = {"gopher", "hdl", "mailto", "news", "telnet", "wais", "imap",
                                                 "snews", "sip", "sips"};
static const char *const uses_query_v[] = {"", "http", "wais", "imap", "https", "shttp", "mms", "gopher", "rtsp",
                                           "rtspu", "sip", "sips"};
static const char *const uses_fragment_v[] = {"", "ftp", "hdl", "http", "gopher", "news", "nntp", "wais", "https",
                                              "shttp", "snews", "file", "prospero"};

static Obj *urlparse_init(void)
{
    Obj *m = mh_module("urllib.parse", urlparse_methods);
    if (!m) return NULL;
    if (!split_cls) {
        defrag_cls = result_class("DefragResult", "url fragment", defrag_methods, NULL);
        split_cls = defrag_cls ? result_class("SplitResult", "scheme netloc path query fragment", split_methods,
                                              netloc_getsets)
                               : NULL;
        parse_cls = split_cls ? result_class("ParseResult", "scheme netloc path params query fragment",
                                             parse_methods, netloc_getsets)
                              : NULL;
        if (!parse_cls) goto fail;
    }
    Obj *rel = str_list(uses_relative_v, NELEMS(uses_relative_v));
    Obj *net = str_list(uses_netloc_v, NELEMS(uses_netloc_v));
    Obj *par = str_list(uses_params_v, NELEMS(uses_params_v));
    if (!rel || !net || !par) {
        XDECREF(rel);
        XDECREF(net);
        XDECREF(par);
        goto fail;
    }
    obj_setref(&uses_relative, rel);
    obj_setref(&uses_netloc, net);
    obj_setref(&uses_params, par);
    obj_setref(&quote_plus_fn, xincref(dict_get_str_borrow(module_dict_borrow(m), "quote_plus")));
    if (mh_add_obj(m, "uses_relative", uses_relative) < 0 || mh_add_obj(m, "uses_netloc", uses_netloc) < 0 ||
        mh_add_obj(m, "uses_params", uses_params) < 0 ||
        module_add(m, "non_hierarchical", str_list(non_hierarchical_v, NELEMS(non_hierarchical_v))) < 0 ||
        module_add(m, "uses_query", str_list(uses_query_v, NELEMS(uses_query_v))) < 0 ||
        module_add(m, "uses_fragment", str_list(uses_fragment_v, NELEMS(uses_fragment_v))) < 0 ||
        mh_add_str(m, "scheme_chars", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") < 0 ||
        mh_add_obj(m, "SplitResult", split_cls) < 0 || mh_add_obj(m, "ParseResult", parse_cls) < 0 ||
        mh_add_obj(m, "DefragResult", defrag_cls) < 0)
        goto fail;
    if (m && smallmods_set_all(m,
                               "urlparse urlunparse urljoin urldefrag urlsplit urlunsplit urlencode parse_qs parse_qsl quote quote_plus quote_from_bytes unquote unquote_plus unquote_to_bytes DefragResult ParseResult SplitResult",
                               false) < 0)
        CLEAR(m);
    return m;
fail:
    DECREF(m);
    return NULL;
}

static Obj *urllib_init(void)
{
    Obj *m = mh_module("urllib", NULL);
    if (m && module_add(m, "__path__", list_new(0)) < 0) CLEAR(m);
    return m;
}

void native_urlparse_register(void)
{
    vm_static_roots(&split_cls, 1);
    vm_static_roots(&parse_cls, 1);
    vm_static_roots(&defrag_cls, 1);
    vm_static_roots(&uses_relative, 1);
    vm_static_roots(&uses_netloc, 1);
    vm_static_roots(&uses_params, 1);
    vm_static_roots(&quote_plus_fn, 1);
    import_register_native("urllib", urllib_init);
    import_register_native("urllib.parse", urlparse_init);
}
