/* mod_warnings.c — the `warnings` module (and `_warnings`) of CPython 3.12.
 *
 * warn() finds the frame `stacklevel` levels up (none left: filename
 * "sys", line 1, sys's globals), keeps the per-module __warningregistry__
 * ({'version': n, (text, category, lineno): True}) in that frame's globals
 * and decides with warnings.filters exactly as _warnings.c does: first
 * matching (action, message regex, category, module regex or exact
 * string, lineno) entry or `defaultaction`; "error" raises, "ignore"
 * drops, "default"/"module"/"once"/"always" record in the registries as
 * CPython does.  Shown warnings go through the module's replaceable hooks:
 * _showwarnmsg → showwarning (when replaced) or _showwarnmsg_impl →
 * formatwarning (when replaced) or "FILE:LINE: Category: message\n" plus
 * the stripped source line read from FILE (relative to the working
 * directory or sys.path[0], as linecache finds it) → sys.stderr.write.
 * Every hook, `filters`, `defaultaction` and `onceregistry` is looked up
 * on the module at each warning, so assigning them (catch_warnings does)
 * takes effect.  filterwarnings compiles its patterns with `re`.
 * warnings_warn() lets native code issue warnings the same way.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

static Obj *wmod;                    /* the warnings module (kept alive) */
static Obj *warnmsg_cls, *catch_cls;
static int64_t filters_version;
static Obj *show_impl_fn, *showwarnmsg_fn;   /* the originals, for identity checks */

static Obj *wattr(const char *name)   /* BORROWED module attribute, NULL when missing */
{
    if (!wmod) return NULL;
    Obj *d = module_dict_borrow(wmod);
    Obj *v = d ? dict_get_str_borrow(d, name) : NULL;
    if (!v && vm_err_occurred()) vm_err_clear();
    return v;
}

/* ---- source lines (linecache.getline) ---------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    SBuf b = SBUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sbuf_put(&b, chunk, n);
    fclose(f);
    *len = b.len;
    sbuf_putc(&b, '\0');
    return b.data;
}

/* line `lineno` of `filename` as a str without its line end, or NULL (no exception) */
static Obj *source_line(Obj *filename, int64_t lineno)
{
    if (!STR_CHECK(filename) || lineno < 1) return NULL;
    Ssize flen;
    const char *fn = str_utf8_lossy(filename, &flen);
    size_t len = 0;
    char *text = read_file(fn, &len);
    if (!text && fn[0] != '/') {
        Obj *path = sys_get_borrow("path");
        if (path && LIST_CHECK(path)) {
            for (Ssize i = 0; !text && i < LIST_LEN(path); i++) {
                Obj *dir = LIST_ITEMS(path)[i];
                if (!STR_CHECK(dir)) continue;
                Ssize dl;
                const char *d = str_utf8_lossy(dir, &dl);
                SBuf p = SBUF_INIT;
                sbuf_put(&p, d, (size_t)dl);
                sbuf_putc(&p, '/');
                sbuf_put(&p, fn, (size_t)flen);
                text = read_file(sbuf_cstr(&p), &len);
                sbuf_free(&p);
            }
        }
    }
    if (!text) return NULL;
    size_t start = 0;
    int64_t cur = 1;
    for (size_t i = 0; i < len && cur < lineno; i++)
        if (text[i] == '\n') {
            cur++;
            start = i + 1;
        }
    Obj *r = NULL;
    if (cur == lineno && start < len) {
        size_t end = start;
        while (end < len && text[end] != '\n') end++;
        r = str_decode(text + start, (Ssize)(end - start), "utf-8", "replace");
        if (!r) vm_err_clear();
    }
    free(text);
    return r;
}

/* ---- formatting and showing ---------------------------------------------------------------- */

static Obj *getattr_or_none(Obj *o, const char *name)
{
    Obj *v = NULL;
    if (obj_lookup_attr(o, id_str(name), &v) < 0) return NULL;
    return v ? v : INCREF(NONE);
}

/* _formatwarnmsg_impl(msg) */
static Obj *format_impl(Obj *msg)
{
    Obj *message = getattr_or_none(msg, "message");
    Obj *category = message ? getattr_or_none(msg, "category") : NULL;
    Obj *filename = category ? getattr_or_none(msg, "filename") : NULL;
    Obj *lineno = filename ? getattr_or_none(msg, "lineno") : NULL;
    Obj *line = lineno ? getattr_or_none(msg, "line") : NULL;
    Obj *cname = line ? obj_getattr(category, id_str("__name__")) : NULL;
    Obj *res = NULL;
    if (!cname) goto out;
    res = str_from_fmt("%S:%S: %S: %S\n", filename, lineno, cname, message);
    if (!res) goto out;
    Obj *src = NULL;
    if (line == NONE) {
        int64_t ln = 0;
        if (INT_CHECK(lineno) && int_fits_i64(lineno)) int_as_i64(lineno, &ln);
        src = source_line(filename, ln);
    } else {
        src = INCREF(line);
    }
    if (src) {
        int t = obj_is_true(src);
        if (t > 0) {
            Obj *stripped = obj_call_method(src, "strip", NULL, 0);
            Obj *more = stripped ? str_from_fmt("%U  %S\n", res, stripped) : NULL;
            XDECREF(stripped);
            obj_setref(&res, more);
        } else if (t < 0) {
            CLEAR(res);
        }
        DECREF(src);
    }
    if (res) {
        /* a warning about an object (source=): tracemalloc is never
         * tracing here, so 3.12's suggestion follows */
        Obj *source = getattr_or_none(msg, "source");
        if (!source) {
            CLEAR(res);
        } else {
            if (source != NONE) {
                Obj *more = str_from_fmt("%U%S: Enable tracemalloc to get the object allocation traceback\n",
                                         res, cname);
                obj_setref(&res, more);
            }
            DECREF(source);
        }
    }
out:
    XDECREF(message);
    XDECREF(category);
    XDECREF(filename);
    XDECREF(lineno);
    XDECREF(line);
    XDECREF(cname);
    return res;
}

/* _formatwarnmsg(msg) */
static Obj *format_msg(Obj *msg)
{
    Obj *fw = wattr("formatwarning"), *orig = wattr("_formatwarning_orig");
    if (fw && fw != orig) {
        static const char *const f[] = {"message", "category", "filename", "lineno", "line"};
        Obj *v[5] = {NULL};
        Obj *r = NULL;
        int i;
        for (i = 0; i < 5; i++)
            if (!(v[i] = getattr_or_none(msg, f[i]))) break;
        if (i == 5) {
            INCREF(fw);
            r = obj_call(fw, v, 5, NULL);
            DECREF(fw);
        }
        for (int j = 0; j < 5; j++) XDECREF(v[j]);
        return r;
    }
    return format_impl(msg);
}

/* _showwarnmsg_impl(msg) */
static int show_impl(Obj *msg)
{
    Obj *file = getattr_or_none(msg, "file");
    if (!file) return -1;
    if (file == NONE) {
        DECREF(file);
        file = sys_get_borrow("stderr");
        if (!file || file == NONE) return 0;
        INCREF(file);
    }
    Obj *text = format_msg(msg);
    if (!text) {
        DECREF(file);
        return -1;
    }
    Obj *r = obj_call_method(file, "write", &text, 1);
    DECREF(text);
    DECREF(file);
    if (!r) {
        if (vm_err_matches(&exc_OSError)) {
            vm_err_clear();
            return 0;
        }
        return -1;
    }
    DECREF(r);
    return 0;
}

/* _showwarnmsg(msg) */
static int show_msg(Obj *msg)
{
    Obj *sw = wattr("showwarning"), *orig = wattr("_showwarning_orig");
    if (sw && sw != orig) {
        if (!OBJ_TYPE(sw)->call) {
            vm_err_set_str(&exc_TypeError, "warnings.showwarning() must be set to a function or method");
            return -1;
        }
        static const char *const f[] = {"message", "category", "filename", "lineno", "file", "line"};
        Obj *v[6] = {NULL};
        Obj *r = NULL;
        int i;
        for (i = 0; i < 6; i++)
            if (!(v[i] = getattr_or_none(msg, f[i]))) break;
        if (i == 6) {
            INCREF(sw);
            r = obj_call(sw, v, 6, NULL);
            DECREF(sw);
        }
        for (int j = 0; j < 6; j++) XDECREF(v[j]);
        if (!r) return -1;
        DECREF(r);
        return 0;
    }
    Obj *impl = wattr("_showwarnmsg_impl");
    if (impl && impl != show_impl_fn) {
        INCREF(impl);
        Obj *r = obj_call(impl, &msg, 1, NULL);
        DECREF(impl);
        if (!r) return -1;
        DECREF(r);
        return 0;
    }
    return show_impl(msg);
}

static Obj *new_warnmsg(Obj *message, Obj *category, Obj *filename, Obj *lineno, Obj *file, Obj *line, Obj *source)
{
    Obj *v[7] = {message, category, filename, lineno, file ? file : NONE, line ? line : NONE,
                 source ? source : NONE};
    return obj_call(warnmsg_cls, v, 7, NULL);
}

/* call_show_warning */
static int call_show(Obj *message, Obj *category, Obj *filename, Obj *lineno, Obj *source)
{
    Obj *msg = new_warnmsg(message, category, filename, lineno, NULL, NULL, source);
    if (!msg) return -1;
    Obj *fn = wattr("_showwarnmsg");
    int rc;
    if (fn && fn != showwarnmsg_fn) {
        if (!OBJ_TYPE(fn)->call) {
            vm_err_set_str(&exc_TypeError, "warnings._showwarnmsg() must be set to a callable");
            DECREF(msg);
            return -1;
        }
        INCREF(fn);
        Obj *r = obj_call(fn, &msg, 1, NULL);
        DECREF(fn);
        rc = r ? 0 : -1;
        XDECREF(r);
    } else {
        rc = show_msg(msg);
    }
    DECREF(msg);
    return rc;
}

/* ---- the filter decision ------------------------------------------------------------------- */

static int check_matched(Obj *pattern, Obj *arg)
{
    if (pattern == NONE) return 1;
    if (IS_TYPE(pattern, str_type)) {
        if (!STR_CHECK(arg)) return 0;
        return str_eq(pattern, arg);
    }
    Obj *r = obj_call_method(pattern, "match", &arg, 1);
    if (!r) return -1;
    int t = obj_is_true(r);
    DECREF(r);
    return t;
}

/* the action (BORROWED) and the matching item (BORROWED, None for the default) */
static Obj *get_filter(Obj *category, Obj *text, int64_t lineno, Obj *module, Obj **item)
{
    Obj *filters = wattr("filters");
    if (filters) {
        if (!LIST_CHECK(filters)) {
            vm_err_set_str(&exc_ValueError, "warnings.filters must be a list");
            return NULL;
        }
        for (Ssize i = 0; i < LIST_LEN(filters); i++) {
            Obj *it = LIST_ITEMS(filters)[i];
            if (!TUPLE_CHECK(it) || TUPLE_LEN(it) != 5) {
                vm_err_format(&exc_ValueError, "warnings.filters item %zd isn't a 5-tuple", i);
                return NULL;
            }
            Obj *action = TUPLE_ITEMS(it)[0];
            if (!STR_CHECK(action)) {
                vm_err_format(&exc_TypeError, "action must be a string, not '%s'", OBJ_TYPE(action)->name);
                return NULL;
            }
            INCREF(it);
            int good_msg = check_matched(TUPLE_ITEMS(it)[1], text);
            int good_mod = good_msg >= 0 ? check_matched(TUPLE_ITEMS(it)[3], module) : -1;
            int is_sub = good_mod >= 0 ? obj_issubclass(category, TUPLE_ITEMS(it)[2]) : -1;
            Ssize ln = 0;
            if (is_sub >= 0) {
                ln = num_as_ssize(TUPLE_ITEMS(it)[4], &exc_OverflowError);
                if (ln == -1 && vm_err_occurred()) is_sub = -1;
            }
            DECREF(it);
            if (good_msg < 0 || good_mod < 0 || is_sub < 0) return NULL;
            if (good_msg && is_sub && good_mod && (ln == 0 || lineno == ln)) {
                *item = it;
                return action;
            }
        }
    }
    Obj *action = wattr("defaultaction");
    if (!action) action = id_str("default");
    if (!STR_CHECK(action)) {
        vm_err_format(&exc_TypeError, "warnings.defaultaction must be a string, not '%s'", OBJ_TYPE(action)->name);
        return NULL;
    }
    *item = NONE;
    return action;
}

/* 1: already warned; 0: not (and, with should_set, now recorded) */
static int already_warned(Obj *registry, Obj *key, bool should_set)
{
    if (!DICT_CHECK(registry)) return 0;
    Obj *ver = dict_get_str_borrow(registry, "version");
    int64_t v;
    if (!ver || !INT_CHECK(ver) || int_as_i64(ver, &v) < 0 || v != filters_version) {
        if (vm_err_occurred()) vm_err_clear();
        dict_clear(registry);
        Obj *nv = int_from_i64(filters_version);
        int rc = nv ? dict_set_str(registry, "version", nv) : -1;
        XDECREF(nv);
        if (rc < 0) return -1;
    } else {
        Obj *w = dict_get_borrow(registry, key);
        if (w) {
            int t = obj_is_true(w);
            if (t != 0) return t;
        } else if (vm_err_occurred()) {
            return -1;
        }
    }
    if (!should_set) return 0;
    return dict_set(registry, key, TRUE_) < 0 ? -1 : 0;
}

static int update_registry(Obj *registry, Obj *text, Obj *category, bool add_zero)
{
    Obj *zero = add_zero ? int_from_i64(0) : NULL;
    Obj *altkey = add_zero ? (zero ? tuple_pack(3, text, category, zero) : NULL) : tuple_pack(2, text, category);
    XDECREF(zero);
    if (!altkey) return -1;
    int r = already_warned(registry, altkey, true);
    DECREF(altkey);
    return r;
}

static int warn_explicit(Obj *category, Obj *message, Obj *filename, int64_t lineno, Obj *module,
                         Obj *registry, Obj *source)
{
    Obj *text, *msg_obj;
    if (obj_isinstance(message, (Obj *)&exc_Warning) > 0) {
        text = obj_str(message);
        if (!text) return -1;
        category = (Obj *)OBJ_TYPE(message);
        msg_obj = INCREF(message);
    } else {
        if (vm_err_occurred()) return -1;
        text = INCREF(message);
        msg_obj = obj_call(category, &message, 1, NULL);
        if (!msg_obj) {
            DECREF(text);
            return -1;
        }
    }
    int rc = -1;
    Obj *lineno_obj = int_from_i64(lineno);
    Obj *key = lineno_obj ? tuple_pack(3, text, category, lineno_obj) : NULL;
    if (!key) goto out;
    if (registry && registry != NONE) {
        int w = already_warned(registry, key, false);
        if (w < 0) goto out;
        if (w) {
            rc = 0;
            goto out;
        }
    }
    Obj *item;
    Obj *action = get_filter(category, text, lineno, module ? module : NONE, &item);
    if (!action) goto out;
    INCREF(action);
    INCREF(item);
    if (str_eq_cstr(action, "error")) {
        vm_err_set_obj((TypeObj *)category, msg_obj);
        goto out2;
    }
    if (str_eq_cstr(action, "ignore")) {
        rc = 0;
        goto out2;
    }
    int r = 0;
    if (!str_eq_cstr(action, "always")) {
        if (registry && registry != NONE && DICT_CHECK(registry) && dict_set(registry, key, TRUE_) < 0) goto out2;
        if (str_eq_cstr(action, "once")) {
            Obj *once = wattr("onceregistry");
            if (!once) {
                vm_err_set_str(&exc_AttributeError, "module 'warnings' has no attribute 'onceregistry'");
                goto out2;
            }
            r = update_registry(once, text, category, false);
        } else if (str_eq_cstr(action, "module")) {
            if (registry && registry != NONE) r = update_registry(registry, text, category, true);
        } else if (!str_eq_cstr(action, "default")) {
            vm_err_format(&exc_RuntimeError, "Unrecognized action (%R) in warnings.filters:\n %R", action, item);
            goto out2;
        }
    }
    if (r < 0) goto out2;
    if (r == 0 && call_show(msg_obj, category, filename, lineno_obj, source) < 0) goto out2;
    rc = 0;
out2:
    DECREF(action);
    DECREF(item);
out:
    XDECREF(key);
    XDECREF(lineno_obj);
    DECREF(text);
    DECREF(msg_obj);
    return rc;
}

/* setup_context: frame `stacklevel` up (1 = the caller of warn) */
static int do_warn(Obj *message, Obj *category, Ssize stacklevel, Obj *source)
{
    Frame *f = vm ? vm->frame : NULL;
    while (--stacklevel > 0 && f) f = f->back;
    Obj *globals, *filename;
    int64_t lineno;
    if (!f) {
        globals = vm && vm->sys ? module_dict_borrow(vm->sys) : NULL;
        filename = str_from_cstr("sys");
        lineno = 1;
    } else {
        globals = f->globals;
        filename = INCREF(f->code->filename);
        lineno = frame_lineno(f);
    }
    if (!filename) return -1;
    Obj *registry = NULL, *module = NULL;
    if (globals && DICT_CHECK(globals)) {
        registry = dict_get_str_borrow(globals, "__warningregistry__");
        if (registry) {
            INCREF(registry);
        } else {
            if (vm_err_occurred() || !(registry = dict_new()) ||
                dict_set_str(globals, "__warningregistry__", registry) < 0) {
                XDECREF(registry);
                DECREF(filename);
                return -1;
            }
        }
        module = dict_get_str_borrow(globals, "__name__");
        if (module && (module == NONE || STR_CHECK(module))) INCREF(module);
        else module = NULL;
    }
    if (!module && !(module = str_from_cstr("<string>"))) {
        XDECREF(registry);
        DECREF(filename);
        return -1;
    }
    int rc = warn_explicit(category, message, filename, lineno, module, registry, source);
    XDECREF(registry);
    XDECREF(module);
    DECREF(filename);
    return rc;
}

static Obj *check_category(Obj *message, Obj *category)
{
    if (obj_isinstance(message, (Obj *)&exc_Warning) > 0) return (Obj *)OBJ_TYPE(message);
    if (vm_err_occurred()) return NULL;
    if (!category || category == NONE) return (Obj *)&exc_UserWarning;
    if (!TYPE_CHECK(category) || obj_issubclass(category, (Obj *)&exc_Warning) <= 0) {
        if (!vm_err_occurred())
            vm_err_format(&exc_TypeError, "category must be a Warning subclass, not '%s'", type_name(OBJ_TYPE(category)));
        return NULL;
    }
    return category;
}

int warnings_warn(TypeObj *category, Obj *message, int stacklevel)
{
    if (!wmod) {
        /* the module is created on first use so the filters exist */
        Obj *m = import_name(id_str("warnings"), NULL, NULL, 0);
        if (!m) return -1;
        DECREF(m);
    }
    return do_warn(message, (Obj *)category, stacklevel, NULL);
}

int warnings_warn_source(TypeObj *category, Obj *message, int stacklevel, Obj *source)
{
    if (!wmod) {
        Obj *m = import_name(id_str("warnings"), NULL, NULL, 0);
        if (!m) return -1;
        DECREF(m);
    }
    return do_warn(message, (Obj *)category, stacklevel, source);
}

/* ---- module functions -------------------------------------------------------------------- */

static Obj *w_warn(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"message", "category", "stacklevel", "source", "skip_file_prefixes"};
    Obj *v[5];
    if (nargs > 4) {
        vm_err_format(&exc_TypeError, "warn() takes at most 4 positional arguments (%zd given)", nargs);
        return NULL;
    }
    if (args_parse("warn", args, nargs, kw, names, 5, 0, 1, v) < 0) return NULL;
    Obj *category = check_category(v[0], v[1]);
    if (!category) return NULL;
    Ssize stacklevel = 1;
    if (v[2]) {
        stacklevel = num_as_ssize(v[2], &exc_OverflowError);
        if (stacklevel == -1 && vm_err_occurred()) return NULL;
    }
    if (v[4] && !TUPLE_CHECK(v[4])) {
        vm_err_format(&exc_TypeError, "warn() argument 'skip_file_prefixes' must be tuple, not %s",
                      type_name(OBJ_TYPE(v[4])));
        return NULL;
    }
    if (v[4] && TUPLE_LEN(v[4]) && stacklevel < 2) stacklevel = 2;
    if (do_warn(v[0], category, stacklevel, v[3] && v[3] != NONE ? v[3] : NULL) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *w_warn_explicit(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"message", "category", "filename", "lineno", "module",
                                        "registry", "module_globals", "source"};
    Obj *v[8];
    if (args_parse("warn_explicit", args, nargs, kw, names, 8, 0, 4, v) < 0) return NULL;
    if (!STR_CHECK(v[2])) {
        vm_err_format(&exc_TypeError, "warn_explicit() argument 3 must be str, not %s", type_name(OBJ_TYPE(v[2])));
        return NULL;
    }
    Obj *li = num_index(v[3]);
    if (!li) return NULL;
    int64_t lineno;
    int rc = int_as_i64(li, &lineno);
    DECREF(li);
    if (rc < 0) return NULL;
    Obj *module = v[4] && v[4] != NONE ? INCREF(v[4]) : NULL;
    if (!module) {
        /* normalize_module: the file name without .py */
        Ssize n = VAR_SIZE(v[2]);
        if (n == 0) {
            module = str_from_cstr("<unknown>");
        } else if (n >= 3 && str_char(v[2], n - 3) == '.' && (str_char(v[2], n - 2) | 0x20) == 'p' &&
                   (str_char(v[2], n - 1) | 0x20) == 'y') {
            module = str_substr(v[2], 0, n - 3);
        } else {
            module = INCREF(v[2]);
        }
        if (!module) return NULL;
    }
    Obj *category = v[1];
    if (obj_isinstance(v[0], (Obj *)&exc_Warning) <= 0) {
        if (vm_err_occurred()) {
            DECREF(module);
            return NULL;
        }
        if (category == NONE) category = (Obj *)&exc_UserWarning;
    }
    rc = warn_explicit(category, v[0], v[2], lineno, module, v[5] ? v[5] : NULL,
                       v[7] && v[7] != NONE ? v[7] : NULL);
    DECREF(module);
    if (rc < 0) return NULL;
    return INCREF(NONE);
}

static Obj *w_showwarning(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"message", "category", "filename", "lineno", "file", "line"};
    Obj *v[6];
    if (mh_bind("showwarning", args, nargs, kw, names, 6, 6, 0, 4, 0, v) < 0) return NULL;
    Obj *msg = new_warnmsg(v[0], v[1], v[2], v[3], v[4], v[5], NULL);
    if (!msg) return NULL;
    Obj *impl = wattr("_showwarnmsg_impl");
    int rc;
    if (impl && impl != show_impl_fn) {
        INCREF(impl);
        Obj *r = obj_call(impl, &msg, 1, NULL);
        DECREF(impl);
        rc = r ? 0 : -1;
        XDECREF(r);
    } else {
        rc = show_impl(msg);
    }
    DECREF(msg);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *w_formatwarning(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"message", "category", "filename", "lineno", "line"};
    Obj *v[5];
    if (mh_bind("formatwarning", args, nargs, kw, names, 5, 5, 0, 4, 0, v) < 0) return NULL;
    Obj *msg = new_warnmsg(v[0], v[1], v[2], v[3], NULL, v[4], NULL);
    if (!msg) return NULL;
    Obj *r = format_impl(msg);
    DECREF(msg);
    return r;
}

static Obj *w_showwarnmsg(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_bind("_showwarnmsg", args, nargs, kw, (const char *const[]){"msg"}, 1, 1, 0, 1, 0, (Obj *[1]){0}) < 0)
        return NULL;
    return show_msg(args[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *w_showwarnmsg_impl(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_bind("_showwarnmsg_impl", args, nargs, kw, (const char *const[]){"msg"}, 1, 1, 0, 1, 0, (Obj *[1]){0}) < 0)
        return NULL;
    return show_impl(args[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *w_formatwarnmsg(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_bind("_formatwarnmsg", args, nargs, kw, (const char *const[]){"msg"}, 1, 1, 0, 1, 0, (Obj *[1]){0}) < 0)
        return NULL;
    return format_msg(args[0]);
}

static Obj *w_formatwarnmsg_impl(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_bind("_formatwarnmsg_impl", args, nargs, kw, (const char *const[]){"msg"}, 1, 1, 0, 1, 0, (Obj *[1]){0}) < 0)
        return NULL;
    return format_impl(args[0]);
}

static Obj *w_filters_mutated(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_no_args("_filters_mutated", n, kw) < 0) return NULL;
    filters_version++;
    return INCREF(NONE);
}

static bool valid_action(Obj *a)
{
    static const char *const actions[] = {"error", "ignore", "always", "default", "module", "once"};
    for (int i = 0; i < 6; i++)
        if (STR_CHECK(a) && str_eq_cstr(a, actions[i])) return true;
    return false;
}

static Obj *assertion(const char *msg)
{
    vm_err_set_str(&exc_AssertionError, msg);
    return NULL;
}

static Obj *add_filter(Obj *item, bool append)
{
    Obj *filters = wattr("filters");
    if (!filters || !LIST_CHECK(filters)) {
        vm_err_set_str(&exc_AttributeError, "module 'warnings' has no attribute 'filters'");
        return NULL;
    }
    INCREF(filters);
    int rc = 0;
    if (!append) {
        Obj *r = obj_call_method(filters, "remove", &item, 1);
        if (r) DECREF(r);
        else if (vm_err_matches(&exc_ValueError)) vm_err_clear();
        else rc = -1;
        if (rc == 0) rc = list_insert(filters, 0, item);
    } else {
        int in = obj_contains(filters, item);
        if (in < 0) rc = -1;
        else if (!in) rc = list_append(filters, item);
    }
    DECREF(filters);
    if (rc < 0) return NULL;
    filters_version++;
    return INCREF(NONE);
}

static Obj *w_simplefilter(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"action", "category", "lineno", "append"};
    Obj *v[4];
    if (mh_bind("simplefilter", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    if (!valid_action(v[0])) {
        Obj *r = str_from_fmt("invalid action: %R", v[0]);
        if (r) vm_err_set_obj(&exc_AssertionError, r);
        XDECREF(r);
        return NULL;
    }
    Obj *lineno = v[2] ? v[2] : NULL;
    if (lineno && (!INT_CHECK(lineno) || int_sign(lineno) < 0)) return assertion("lineno must be an int >= 0");
    int append = v[3] ? obj_is_true(v[3]) : 0;
    if (append < 0) return NULL;
    Obj *zero = lineno ? NULL : int_from_i64(0);
    Obj *item = tuple_pack(5, v[0], NONE, v[1] ? v[1] : (Obj *)&exc_Warning, NONE, lineno ? lineno : zero);
    XDECREF(zero);
    if (!item) return NULL;
    Obj *r = add_filter(item, append);
    DECREF(item);
    return r;
}

static Obj *compile_re(Obj *pattern, bool ignorecase)
{
    Obj *re = import_name(id_str("re"), NULL, NULL, 0);
    if (!re) return NULL;
    Obj *r;
    if (ignorecase) {
        Obj *flag = obj_getattr(re, id_str("I"));
        r = flag ? obj_call_method(re, "compile", (Obj *[]){pattern, flag}, 2) : NULL;
        XDECREF(flag);
    } else {
        r = obj_call_method(re, "compile", &pattern, 1);
    }
    DECREF(re);
    return r;
}

static Obj *w_filterwarnings(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"action", "message", "category", "module", "lineno", "append"};
    Obj *v[6];
    if (mh_bind("filterwarnings", args, nargs, kw, names, 6, 6, 0, 1, 0, v) < 0) return NULL;
    if (!valid_action(v[0])) {
        Obj *r = str_from_fmt("invalid action: %R", v[0]);
        if (r) vm_err_set_obj(&exc_AssertionError, r);
        XDECREF(r);
        return NULL;
    }
    Obj *message = v[1], *category = v[2] ? v[2] : (Obj *)&exc_Warning, *module = v[3], *lineno = v[4];
    if (message && !STR_CHECK(message)) return assertion("message must be a string");
    if (!TYPE_CHECK(category)) return assertion("category must be a class");
    int sub = obj_issubclass(category, (Obj *)&exc_Warning);
    if (sub < 0) return NULL;
    if (!sub) return assertion("category must be a Warning subclass");
    if (module && !STR_CHECK(module)) return assertion("module must be a string");
    if (lineno && (!INT_CHECK(lineno) || int_sign(lineno) < 0)) return assertion("lineno must be an int >= 0");
    int append = v[5] ? obj_is_true(v[5]) : 0;
    if (append < 0) return NULL;
    Obj *mre = message && VAR_SIZE(message) ? compile_re(message, true) : INCREF(NONE);
    Obj *modre = mre && module && VAR_SIZE(module) ? compile_re(module, false) : (mre ? INCREF(NONE) : NULL);
    Obj *zero = int_from_i64(0);
    Obj *item = mre && modre && zero ? tuple_pack(5, v[0], mre, category, modre, lineno ? lineno : zero) : NULL;
    XDECREF(mre);
    XDECREF(modre);
    XDECREF(zero);
    if (!item) return NULL;
    Obj *r = add_filter(item, append);
    DECREF(item);
    return r;
}

static Obj *w_resetwarnings(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_no_args("resetwarnings", n, kw) < 0) return NULL;
    Obj *filters = wattr("filters");
    if (filters && LIST_CHECK(filters) && list_set_slice(filters, 0, LIST_LEN(filters), NULL) < 0) return NULL;
    filters_version++;
    return INCREF(NONE);
}

/* ---- WarningMessage and catch_warnings ------------------------------------------------------- */

static Obj *wm_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"message", "category", "filename", "lineno", "file", "line", "source"};
    Obj *v[7];
    if (mh_bind_m("WarningMessage.__init__", args, nargs, kw, names, 7, 7, 0, 4, 0, v) < 0) return NULL;
    for (int i = 0; i < 7; i++)
        if (obj_setattr(self, id_str(names[i]), v[i] ? v[i] : NONE) < 0) return NULL;
    Obj *cname;
    int t = obj_is_true(v[1]);
    if (t < 0) return NULL;
    cname = t ? obj_getattr(v[1], id_str("__name__")) : INCREF(NONE);
    if (!cname) return NULL;
    int rc = obj_setattr(self, id_str("_category_name"), cname);
    DECREF(cname);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *wm_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    static const char *const f[] = {"message", "_category_name", "filename", "lineno", "line"};
    Obj *v[5] = {NULL};
    Obj *r = NULL;
    int i;
    for (i = 0; i < 5; i++)
        if (!(v[i] = obj_getattr(self, id_str(f[i])))) break;
    if (i == 5)
        r = str_from_fmt("{message : %R, category : %R, filename : %R, lineno : %S, line : %R}", v[0], v[1], v[2],
                         v[3], v[4]);
    for (int j = 0; j < 5; j++) XDECREF(v[j]);
    return r;
}

static const MethodDef wm_methods[] = {
    {"__init__", wm_init, METH_FAST, NULL},
    {"__str__", wm_str, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *cw_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"record", "module", "action", "category", "lineno", "append"};
    Obj *v[6];
    if (mh_bind_m("catch_warnings.__init__", args, nargs, kw, names, 6, 0, 0, 0, 0, v) < 0) return NULL;
    Obj *zero = int_from_i64(0);
    if (!zero) return NULL;
    int rc = obj_setattr(self, id_str("_record"), v[0] ? v[0] : FALSE_);
    if (rc == 0) rc = obj_setattr(self, id_str("_module"), v[1] && v[1] != NONE ? v[1] : wmod);
    if (rc == 0) rc = obj_setattr(self, id_str("_entered"), FALSE_);
    if (rc == 0) {
        if (!v[2] || v[2] == NONE) {
            rc = obj_setattr(self, id_str("_filter"), NONE);
        } else {
            Obj *t = tuple_pack(4, v[2], v[3] ? v[3] : (Obj *)&exc_Warning, v[4] ? v[4] : zero, v[5] ? v[5] : FALSE_);
            rc = t ? obj_setattr(self, id_str("_filter"), t) : -1;
            XDECREF(t);
        }
    }
    DECREF(zero);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *cw_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *record = obj_getattr(self, id_str("_record"));
    Obj *module = record ? obj_getattr(self, id_str("_module")) : NULL;
    if (!module) {
        XDECREF(record);
        return NULL;
    }
    SBuf b = SBUF_INIT;
    int t = obj_is_true(record);
    if (t > 0) sbuf_puts(&b, "record=True");
    Obj *res = NULL;
    if (t >= 0 && module != wmod) {
        Obj *r = obj_repr(module);
        if (r) {
            Ssize len;
            const char *p = str_utf8_lossy(r, &len);
            if (b.len) sbuf_puts(&b, ", ");
            sbuf_puts(&b, "module=");
            sbuf_put(&b, p, (size_t)len);
            DECREF(r);
        } else {
            t = -1;
        }
    }
    if (t >= 0) {
        Obj *inner = str_from_utf8(b.data ? b.data : "", (Ssize)b.len);
        if (inner) res = str_from_fmt("%s(%U)", type_name(OBJ_TYPE(self)), inner);
        XDECREF(inner);
    }
    sbuf_free(&b);
    DECREF(record);
    DECREF(module);
    return res;
}

static int mod_set(Obj *module, const char *name, Obj *v) { return obj_setattr(module, id_str(name), v); }

static Obj *cw_enter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *entered = obj_getattr(self, id_str("_entered"));
    if (!entered) return NULL;
    int t = obj_is_true(entered);
    DECREF(entered);
    if (t < 0) return NULL;
    if (t) {
        Obj *r = obj_repr(self);
        if (r) vm_err_format(&exc_RuntimeError, "Cannot enter %U twice", r);
        XDECREF(r);
        return NULL;
    }
    if (obj_setattr(self, id_str("_entered"), TRUE_) < 0) return NULL;
    Obj *module = obj_getattr(self, id_str("_module"));
    if (!module) return NULL;
    Obj *res = NULL;
    Obj *filters = obj_getattr(module, id_str("filters"));
    Obj *whole = filters ? slice_new(NULL, NULL, NULL) : NULL;   /* filters[:] */
    Obj *copy = whole ? obj_getitem(filters, whole) : NULL;
    XDECREF(whole);
    if (!copy) goto out_f;
    if (obj_setattr(self, id_str("_filters"), filters) < 0 || mod_set(module, "filters", copy) < 0) goto out_c;
    Obj *fm = obj_call_method(module, "_filters_mutated", NULL, 0);
    if (!fm) goto out_c;
    DECREF(fm);
    Obj *sw = obj_getattr(module, id_str("showwarning"));
    Obj *si = sw ? obj_getattr(module, id_str("_showwarnmsg_impl")) : NULL;
    int rc = si && obj_setattr(self, id_str("_showwarning"), sw) == 0 &&
             obj_setattr(self, id_str("_showwarnmsg_impl"), si) == 0 ? 0 : -1;
    XDECREF(sw);
    XDECREF(si);
    if (rc < 0) goto out_c;
    Obj *filter = obj_getattr(self, id_str("_filter"));
    if (!filter) goto out_c;
    if (filter != NONE) {
        Obj *t4 = seq_to_tuple(filter);
        Obj *r = t4 ? w_simplefilter(NULL, TUPLE_ITEMS(t4), TUPLE_LEN(t4), NULL) : NULL;
        XDECREF(t4);
        if (!r) {
            DECREF(filter);
            goto out_c;
        }
        DECREF(r);
    }
    DECREF(filter);
    Obj *record = obj_getattr(self, id_str("_record"));
    int rec = record ? obj_is_true(record) : -1;
    XDECREF(record);
    if (rec < 0) goto out_c;
    if (rec) {
        Obj *log = list_new(0);
        Obj *append = log ? obj_getattr(log, id_str("append")) : NULL;
        Obj *orig = append ? obj_getattr(module, id_str("_showwarning_orig")) : NULL;
        if (orig && mod_set(module, "_showwarnmsg_impl", append) == 0 && mod_set(module, "showwarning", orig) == 0)
            res = INCREF(log);
        XDECREF(log);
        XDECREF(append);
        XDECREF(orig);
    } else {
        res = INCREF(NONE);
    }
out_c:
    DECREF(copy);
out_f:
    XDECREF(filters);
    DECREF(module);
    return res;
}

static Obj *cw_exit(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *entered = obj_getattr(self, id_str("_entered"));
    if (!entered) return NULL;
    int t = obj_is_true(entered);
    DECREF(entered);
    if (t < 0) return NULL;
    if (!t) {
        Obj *r = obj_repr(self);
        if (r) vm_err_format(&exc_RuntimeError, "Cannot exit %U without entering first", r);
        XDECREF(r);
        return NULL;
    }
    Obj *module = obj_getattr(self, id_str("_module"));
    Obj *filters = module ? obj_getattr(self, id_str("_filters")) : NULL;
    Obj *sw = filters ? obj_getattr(self, id_str("_showwarning")) : NULL;
    Obj *si = sw ? obj_getattr(self, id_str("_showwarnmsg_impl")) : NULL;
    Obj *res = NULL;
    if (si && mod_set(module, "filters", filters) == 0) {
        Obj *fm = obj_call_method(module, "_filters_mutated", NULL, 0);
        if (fm && mod_set(module, "showwarning", sw) == 0 && mod_set(module, "_showwarnmsg_impl", si) == 0)
            res = INCREF(NONE);
        XDECREF(fm);
    }
    XDECREF(module);
    XDECREF(filters);
    XDECREF(sw);
    XDECREF(si);
    return res;
}

static const MethodDef cw_methods[] = {
    {"__init__", cw_init, METH_FAST, NULL},
    {"__repr__", cw_repr, METH_NOARGS, NULL},
    {"__enter__", cw_enter, METH_NOARGS, NULL},
    {"__exit__", cw_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ----------------------------------------------------------------------------- */

static const MethodDef warnings_methods[] = {
    {"warn", w_warn, METH_FAST, "Issue a warning, or maybe ignore it or raise an exception."},
    {"warn_explicit", w_warn_explicit, METH_FAST, "Low-level interface to warnings functionality."},
    {"showwarning", w_showwarning, METH_FAST, "Hook to write a warning to a file; replace if you like."},
    {"formatwarning", w_formatwarning, METH_FAST, "Function to format a warning the standard way."},
    {"filterwarnings", w_filterwarnings, METH_FAST, "Insert an entry into the list of warnings filters (at the front)."},
    {"simplefilter", w_simplefilter, METH_FAST, "Insert a simple entry into the list of warnings filters (at the front)."},
    {"resetwarnings", w_resetwarnings, METH_FAST, "Clear the list of warning filters, so that no filters are active."},
    {"_showwarnmsg", w_showwarnmsg, METH_FAST, "Hook to write a warning to a file; replace if you like."},
    {"_showwarnmsg_impl", w_showwarnmsg_impl, METH_FAST, NULL},
    {"_formatwarnmsg", w_formatwarnmsg, METH_FAST, "Function to format a warning the standard way."},
    {"_formatwarnmsg_impl", w_formatwarnmsg_impl, METH_FAST, NULL},
    {"_filters_mutated", w_filters_mutated, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *default_filters(void)
{
    static const struct { const char *action; TypeObj *cat; const char *module; } defs[] = {
        {"default", &exc_DeprecationWarning, "__main__"},
        {"ignore", &exc_DeprecationWarning, NULL},
        {"ignore", &exc_PendingDeprecationWarning, NULL},
        {"ignore", &exc_ImportWarning, NULL},
        {"ignore", &exc_ResourceWarning, NULL},
    };
    Obj *l = list_new(0);
    Obj *zero = int_from_i64(0);
    for (size_t i = 0; l && zero && i < sizeof defs / sizeof *defs; i++) {
        Obj *a = str_from_cstr(defs[i].action);
        Obj *m = defs[i].module ? str_from_cstr(defs[i].module) : INCREF(NONE);
        Obj *t = a && m ? tuple_pack(5, a, NONE, (Obj *)defs[i].cat, m, zero) : NULL;
        if (!t || list_append(l, t) < 0) CLEAR(l);
        XDECREF(a);
        XDECREF(m);
        XDECREF(t);
    }
    XDECREF(zero);
    return l;
}

static Obj *warnings_init(void)
{
    if (wmod) return INCREF(wmod);   /* one module: its state is the warnings state */
    Obj *m = mh_module("warnings", warnings_methods);
    if (!m) return NULL;
    if (!warnmsg_cls) {
        warnmsg_cls = mh_class("warnings", "WarningMessage", NULL, wm_methods, NULL, NULL);
        catch_cls = warnmsg_cls ? mh_class("warnings", "catch_warnings", NULL, cw_methods, NULL, NULL) : NULL;
        if (!catch_cls) goto fail;
        static const char *const details[] = {"message", "category", "filename", "lineno", "file", "line", "source"};
        Obj *t = tuple_new(7);
        for (int i = 0; t && i < 7; i++) TUPLE_ITEMS(t)[i] = str_from_cstr(details[i]);
        if (!t || obj_setattr(warnmsg_cls, id_str("_WARNING_DETAILS"), t) < 0) {
            XDECREF(t);
            goto fail;
        }
        DECREF(t);
    }
    Obj *d = module_dict_borrow(m);
    static const char *const all[] = {"warn", "warn_explicit", "showwarning", "formatwarning",
                                      "filterwarnings", "simplefilter", "resetwarnings", "catch_warnings"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof *all; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0 || module_add(m, "filters", default_filters()) < 0 ||
        mh_add_str(m, "defaultaction", "default") < 0 || module_add(m, "onceregistry", dict_new()) < 0 ||
        mh_add_obj(m, "WarningMessage", warnmsg_cls) < 0 || mh_add_obj(m, "catch_warnings", catch_cls) < 0 ||
        dict_set_str(d, "_showwarning_orig", dict_get_str_borrow(d, "showwarning")) < 0 ||
        dict_set_str(d, "_formatwarning_orig", dict_get_str_borrow(d, "formatwarning")) < 0)
        goto fail;
    /* the module lives as long as the VM (wmod), so these stay valid */
    show_impl_fn = dict_get_str_borrow(d, "_showwarnmsg_impl");
    showwarnmsg_fn = dict_get_str_borrow(d, "_showwarnmsg");
    wmod = INCREF(m);
    return m;
fail:
    DECREF(m);
    return NULL;
}

static Obj *warnings_c_init(void)
{
    Obj *w = warnings_init();
    if (!w) return NULL;
    DECREF(w);
    Obj *m = mh_module("_warnings", NULL);
    if (!m) return NULL;
    Obj *d = module_dict_borrow(wmod);
    static const char *const shared[] = {"warn", "warn_explicit", "filters", "onceregistry", "_filters_mutated"};
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
        if (mh_add_obj(m, shared[i], dict_get_str_borrow(d, shared[i])) < 0) {
            DECREF(m);
            return NULL;
        }
    if (mh_add_str(m, "_defaultaction", "default") < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_warnings_register(void)
{
    import_register_native("warnings", warnings_init);
    import_register_native("_warnings", warnings_c_init);
}
