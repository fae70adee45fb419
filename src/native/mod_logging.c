/* mod_logging.c — the `logging` module of CPython 3.12, natively.
 *
 * Loggers, handlers, formatters, filters and records are heap classes
 * whose state is the instance attributes logging/__init__.py gives them
 * (name, level, parent, propagate, handlers, formatter, stream …), and the
 * steps call each other through `self` (Logger.info → _log → makeRecord →
 * handle → filter → callHandlers → Handler.handle → emit → format), so a
 * program's subclasses and overrides see CPython's calls.  A record's
 * caller (pathname, lineno, funcName) is the innermost Python frame, which
 * is what CPython finds after skipping its own logging frames; the
 * exception text of logger.exception is the VM's own traceback printer
 * writing into an io.StringIO.  With no handler anywhere, records of
 * level WARNING and above go to the current sys.stderr as bare messages
 * (lastResort); the module-level functions (logging.warning …) call
 * basicConfig first, hence "WARNING:root:msg".  shutdown() is registered
 * with atexit when the module is imported, as CPython does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>

#include "src/native/attrcall.h"
#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

#define MOD "logging"

static Obj *mod;                       /* the module (its dict holds the shared state) */
static Obj *level_to_name, *name_to_level;
static Obj *record_cls, *pstyle_cls, *fstyle_cls, *tstyle_cls, *formatter_cls, *filter_cls, *filterer_cls,
    *handler_cls, *stream_cls, *file_cls, *stderr_cls, *null_cls, *placeholder_cls, *manager_cls, *logger_cls,
    *root_cls, *adapter_cls, *bufformatter_cls;
static Obj *root_logger, *default_formatter, *handler_list, *handlers_by_name;
static double start_time;

enum { NOTSET = 0, DEBUG = 10, INFO = 20, WARNING = 30, ERROR = 40, CRITICAL = 50 };

/* ---- helpers ----------------------------------------------------------------------------------------- */


static int call_void(Obj *o, const char *name, Obj *const *args, Ssize n)
{
    Obj *x = obj_call_method(o, name, args, n);
    if (!x) return -1;
    DECREF(x);
    return 0;
}

static Obj *import_attr(const char *module, const char *name)
{
    Obj *mn = S(module);
    Obj *fl = mn ? tuple_pack(1, id_str("__name__")) : NULL;
    Obj *m = fl ? import_name(mn, NULL, fl, 0) : NULL;
    XDECREF(mn);
    XDECREF(fl);
    if (!m) return NULL;
    Obj *r = ga(m, name);
    DECREF(m);
    return r;
}

static bool str_is(Obj *o, const char *s) { return o && STR_CHECK(o) && str_eq_cstr(o, s); }

static Obj *sys_stream(const char *name)
{
    Obj *s = sys_get_borrow(name);
    return s ? INCREF(s) : INCREF(NONE);
}

static int64_t int_attr(Obj *o, const char *name, int *err)
{
    Obj *v = ga(o, name);
    int64_t x = 0;
    if (!v || int_as_i64(v, &x) < 0) *err = 1;
    XDECREF(v);
    return x;
}

static bool raise_exceptions(void)
{
    Obj *v = mod ? dict_get_str_borrow(module_dict_borrow(mod), "raiseExceptions") : NULL;
    return !v || obj_is_true(v) > 0;
}

/* ---- levels ------------------------------------------------------------------------------------------- */

static Obj *level_name(Obj *level)
{
    Obj *r = dict_get_borrow(level_to_name, level);
    if (r) return INCREF(r);
    if (vm_err_occurred()) {
        if (!vm_err_matches(&exc_TypeError)) return NULL;
        vm_err_clear();
    }
    r = dict_get_borrow(name_to_level, level);
    if (r) return INCREF(r);
    if (vm_err_occurred()) {
        if (!vm_err_matches(&exc_TypeError)) return NULL;
        vm_err_clear();
    }
    return str_from_fmt("Level %S", level);
}

/* _checkLevel: a new int */
static Obj *check_level(Obj *level)
{
    if (INT_CHECK(level)) return INCREF(level);
    Obj *s = obj_str(level);
    if (!s) return NULL;
    int eq = obj_richcompare_bool(s, level, CMP_EQ);
    DECREF(s);
    if (eq < 0) return NULL;
    if (eq) {
        Obj *v = dict_get_borrow(name_to_level, level);
        if (v) return INCREF(v);
        if (!vm_err_occurred()) vm_err_format(&exc_ValueError, "Unknown level: %R", level);
        return NULL;
    }
    vm_err_format(&exc_TypeError, "Level not an integer or a valid string: %R", level);
    return NULL;
}

static Obj *f_get_level_name(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"level"};
    Obj *v[1];
    if (mh_bind("getLevelName", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return level_name(v[0]);
}

static Obj *f_add_level_name(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"level", "levelName"};
    Obj *v[2];
    if (mh_bind("addLevelName", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (obj_setitem(level_to_name, v[0], v[1]) < 0 || obj_setitem(name_to_level, v[1], v[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *f_get_level_names_mapping(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("getLevelNamesMapping", nargs, kw) < 0) return NULL;
    return dict_copy(name_to_level);
}

/* ---- LogRecord ----------------------------------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* os.path.basename / splitext(...)[0] on str */
static Obj *basename_of(Obj *p)
{
    Ssize n = obj_length(p), cut = 0;
    for (Ssize i = 0; i < n; i++)
        if (str_char(p, i) == '/') cut = i + 1;
    return str_substr(p, cut, n);
}

static Obj *strip_ext(Obj *f)
{
    Ssize n = obj_length(f), dot = -1, lead = 0;
    while (lead < n && str_char(f, lead) == '.') lead++;
    for (Ssize i = lead; i < n; i++)
        if (str_char(f, i) == '.') dot = i;
    return dot < 0 ? INCREF(f) : str_substr(f, 0, dot);
}

static Obj *record_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"name", "level", "pathname", "lineno", "msg", "args", "exc_info",
                                        "func", "sinfo"};
    Obj *v[9];
    /* **kwargs are accepted and ignored, as CPython's signature has them */
    Ssize nk = mh_nkw(kw), keep = 0;
    Obj *kn2 = NULL;
    if (nk) {
        kn2 = tuple_new(nk);
        if (!kn2) return NULL;
        Obj **vals = malloc(sizeof(Obj *) * (size_t)(nargs + nk + 1));
        if (!vals) {
            DECREF(kn2);
            vm_err_no_memory();
            return NULL;
        }
        for (Ssize i = 0; i < nargs; i++) vals[i] = args[i];
        for (Ssize i = 0; i < nk; i++) {
            Obj *k = TUPLE_ITEMS(kw)[i];
            bool known = false;
            for (int j = 0; j < 9; j++) known |= str_eq_cstr(k, names[j]);
            if (known) {
                TUPLE_ITEMS(kn2)[keep] = INCREF(k);
                vals[nargs + keep++] = args[nargs + i];
            }
        }
        Obj *kt = tuple_slice(kn2, 0, keep);
        for (Ssize i = keep; i < nk; i++) TUPLE_ITEMS(kn2)[i] = INCREF(NONE);
        int r = kt ? mh_bind_m("LogRecord.__init__", vals, nargs, keep ? kt : NULL, names, 9, 9, 0, 7, 0, v) : -1;
        XDECREF(kt);
        free(vals);
        DECREF(kn2);
        if (r < 0) return NULL;
    } else if (mh_bind_m("LogRecord.__init__", args, nargs, kw, names, 9, 9, 0, 7, 0, v) < 0) {
        return NULL;
    }
    double ct = now();
    Obj *a = v[5];
    Obj *targs = INCREF(a);
    /* args and len(args) == 1 and isinstance(args[0], Mapping) and args[0] */
    int at = obj_is_true(a);
    Ssize alen = at > 0 ? obj_length(a) : 0;
    if (at < 0 || alen < 0) {
        DECREF(targs);
        return NULL;
    }
    if (alen == 1) {
        Obj *z = int_from_i64(0);
        Obj *a0 = z ? obj_getitem(a, z) : NULL;
        XDECREF(z);
        Obj *mapping = a0 ? import_attr("collections.abc", "Mapping") : NULL;
        int is = mapping ? obj_isinstance(a0, mapping) : -1;
        XDECREF(mapping);
        int t = is > 0 ? obj_is_true(a0) : is;
        if (t < 0) {
            XDECREF(a0);
            DECREF(targs);
            return NULL;
        }
        if (t) obj_setref(&targs, INCREF(a0));
        XDECREF(a0);
    }
    Obj *lname = level_name(v[1]);
    Obj *fn = NULL, *module = NULL;
    if (v[2] && STR_CHECK(v[2])) {
        fn = basename_of(v[2]);
        module = fn ? strip_ext(fn) : NULL;
    } else {
        fn = INCREF(v[2]);
        module = S("Unknown module");
    }
    int rc = lname && fn && module ? 0 : -1;
    if (rc == 0)
        rc = (sa(self, "name", v[0]) < 0 || sa(self, "msg", v[4]) < 0 || sa(self, "args", targs) < 0 ||
              sa(self, "levelname", lname) < 0 || sa(self, "levelno", v[1]) < 0 ||
              sa(self, "pathname", v[2]) < 0 || sa(self, "filename", fn) < 0 || sa(self, "module", module) < 0 ||
              sa(self, "exc_info", v[6]) < 0 || sa(self, "exc_text", NONE) < 0 ||
              sa(self, "stack_info", v[8] ? v[8] : NONE) < 0 || sa(self, "lineno", v[3]) < 0 ||
              sa(self, "funcName", v[7] ? v[7] : NONE) < 0 || sa_steal(self, "created", float_from_double(ct)) < 0 ||
              sa_steal(self, "msecs", float_from_double((double)(long long)((ct - (double)(long long)ct) * 1000))) < 0 ||
              sa_steal(self, "relativeCreated", float_from_double((ct - start_time) * 1000)) < 0 ||
              sa_steal(self, "thread", int_from_u64((uint64_t)pthread_self())) < 0 ||
              sa_steal(self, "threadName", S("MainThread")) < 0 ||
              sa_steal(self, "processName", S("MainProcess")) < 0 ||
              sa_steal(self, "process", int_from_i64(getpid())) < 0 || sa(self, "taskName", NONE) < 0)
                 ? -1
                 : 0;
    XDECREF(targs);
    XDECREF(lname);
    XDECREF(fn);
    XDECREF(module);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *record_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *v[5] = {ga(self, "name"), ga(self, "levelno"), ga(self, "pathname"), ga(self, "lineno"), ga(self, "msg")};
    Obj *r = NULL;
    if (v[0] && v[1] && v[2] && v[3] && v[4])
        r = str_from_fmt("<LogRecord: %S, %S, %S, %S, \"%S\">", v[0], v[1], v[2], v[3], v[4]);
    for (int i = 0; i < 5; i++) XDECREF(v[i]);
    return r;
}

static Obj *get_message(Obj *record)
{
    Obj *m = ga(record, "msg");
    Obj *s = m ? obj_str(m) : NULL;
    XDECREF(m);
    if (!s) return NULL;
    Obj *a = ga(record, "args");
    if (!a) {
        DECREF(s);
        return NULL;
    }
    int t = obj_is_true(a);
    if (t > 0) {
        Obj *r = num_binary(s, a, NB_REMAINDER);
        DECREF(s);
        s = r;
        /* logging/__init__.py's frames in tracebacks (tbframes_gen.h) */
        if (!r) tbframe_push(&tbgen_logging, TBG_LOGGING_GETMESSAGE_FORMAT);
    } else if (t < 0) {
        CLEAR(s);
    }
    DECREF(a);
    return s;
}

static Obj *record_get_message(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("getMessage", nargs, kw) < 0) return NULL;
    return get_message(self);
}

static const MethodDef record_methods[] = {
    {"__init__", record_init, METH_FAST, NULL},
    {"__repr__", record_repr, METH_FAST, NULL},
    {"getMessage", record_get_message, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *record_factory(void)
{
    Obj *f = dict_get_str_borrow(module_dict_borrow(mod), "_logRecordFactory");
    return f ? f : record_cls;
}

static Obj *f_make_log_record(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_one_arg("makeLogRecord", nargs, kw) < 0) return NULL;
    Obj *empty = S(""), *zero = int_from_i64(0), *et = tuple_new(0);
    Obj *a[8] = {NONE, NONE, empty, zero, empty, et, NONE, NONE};
    Obj *rv = empty && zero && et ? obj_call(record_factory(), a, 8, NULL) : NULL;
    XDECREF(empty);
    XDECREF(zero);
    XDECREF(et);
    Obj **dp = rv ? obj_dict_ptr(rv) : NULL;
    if (rv && (!dp || !*dp || dict_update(*dp, args[0]) < 0)) {
        if (!vm_err_occurred()) vm_err_set_str(&exc_TypeError, "record has no __dict__");
        CLEAR(rv);
    }
    return rv;
}

static Obj *f_set_record_factory(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_one_arg("setLogRecordFactory", nargs, kw) < 0) return NULL;
    if (module_add(mod, "_logRecordFactory", INCREF(args[0])) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *f_get_record_factory(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("getLogRecordFactory", nargs, kw) < 0) return NULL;
    return INCREF(record_factory());
}

/* ---- the format styles ------------------------------------------------------------------------------------ */

typedef enum { ST_PERCENT, ST_FORMAT, ST_TEMPLATE } StyleKind;

static StyleKind style_kind(Obj *style)
{
    int r = obj_isinstance(style, tstyle_cls);
    if (r > 0) return ST_TEMPLATE;
    r = obj_isinstance(style, fstyle_cls);
    return r > 0 ? ST_FORMAT : ST_PERCENT;
}

static const char *style_default(StyleKind k)
{
    return k == ST_PERCENT ? "%(message)s" : k == ST_FORMAT ? "{message}" : "${message}";
}

static Obj *style_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"fmt", "defaults"};
    Obj *v[2];
    if (mh_bind_m("PercentStyle.__init__", args, nargs, kw, names, 2, 1, 0, 1, 0, v) < 0) return NULL;
    int t = obj_is_true(v[0]);
    if (t < 0) return NULL;
    StyleKind k = style_kind(self);
    Obj *fmt = t ? INCREF(v[0]) : S(style_default(k));
    if (sa_steal(self, "_fmt", fmt) < 0 || sa(self, "_defaults", v[1] ? v[1] : NONE) < 0) return NULL;
    if (k == ST_TEMPLATE) {
        Obj *tpl = import_attr("string", "Template");
        Obj *f = tpl ? ga(self, "_fmt") : NULL;
        Obj *o = f ? obj_call(tpl, &f, 1, NULL) : NULL;
        XDECREF(tpl);
        XDECREF(f);
        if (sa_steal(self, "_tpl", o) < 0) return NULL;
    }
    return INCREF(NONE);
}

static int str_find(Obj *s, const char *needle)
{
    Obj *n = S(needle);
    int r = n ? obj_contains(s, n) : -1;
    XDECREF(n);
    return r;
}

static Obj *style_uses_time(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("usesTime", nargs, kw) < 0) return NULL;
    Obj *fmt = ga(self, "_fmt");
    if (!fmt) return NULL;
    StyleKind k = style_kind(self);
    int r;
    if (k == ST_PERCENT) r = str_find(fmt, "%(asctime)");
    else if (k == ST_FORMAT) r = str_find(fmt, "{asctime");
    else {
        r = str_find(fmt, "$asctime");
        if (r == 0) r = str_find(fmt, "${asctime}");
    }
    DECREF(fmt);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *re_call(const char *fn, Obj *const *args, Ssize nargs)
{
    Obj *f = import_attr("re", fn);
    if (!f) return NULL;
    Obj *r = obj_call(f, args, nargs, NULL);
    DECREF(f);
    return r;
}

static Obj *style_validate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("validate", nargs, kw) < 0) return NULL;
    Obj *fmt = ga(self, "_fmt");
    if (!fmt) return NULL;
    StyleKind k = style_kind(self);
    Obj *r = NULL;
    if (k == ST_PERCENT) {
        Obj *pat = S("%\\(\\w+\\)[#0+ -]*(\\*|\\d+)?(\\.(\\*|\\d+))?[diouxefgcrsa%]");
        Obj *flags = import_attr("re", "I");
        Obj *a[3] = {pat, fmt, flags};
        Obj *m = pat && flags ? re_call("search", a, 3) : NULL;
        XDECREF(pat);
        XDECREF(flags);
        if (m == NONE) vm_err_format(&exc_ValueError, "Invalid format '%S' for '%%' style", fmt);
        else if (m) r = INCREF(NONE);
        XDECREF(m);
    } else if (k == ST_FORMAT) {
        /* the fields of str.format's own parser: at least one is needed */
        Obj *fm = import_attr("string", "Formatter");
        Obj *inst = fm ? obj_call(fm, NULL, 0, NULL) : NULL;
        XDECREF(fm);
        Obj *parts = inst ? meth1(inst, "parse", fmt) : NULL;
        XDECREF(inst);
        Obj *l = parts ? seq_to_list(parts) : NULL;
        XDECREF(parts);
        if (!l) {
            if (vm_err_matches(&exc_ValueError)) {
                Obj *e = vm_err_fetch();
                vm_err_format(&exc_ValueError, "invalid format: %S", e);
                DECREF(e);
            }
        } else {
            bool any = false;
            for (Ssize i = 0; i < LIST_LEN(l); i++) {
                Obj *fname = TUPLE_ITEMS(LIST_ITEMS(l)[i])[1];
                if (fname != NONE && obj_length(fname) > 0) any = true;
            }
            if (!any) vm_err_set_str(&exc_ValueError, "invalid format: no fields");
            else r = INCREF(NONE);
            DECREF(l);
        }
    } else if (!STR_CHECK(fmt)) {
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", type_name(OBJ_TYPE(fmt)));
    } else {
        bool any = false, bare = false;
        Ssize n = obj_length(fmt);
        for (Ssize i = 0; i < n; i++) {
            if (str_char(fmt, i) != '$') continue;
            uint32_t c = i + 1 < n ? str_char(fmt, i + 1) : 0;
            if (c == '$') {
                i++;
            } else if (c == '{' || c == '_' || (c < 128 && ((c | 32) >= 'a' && (c | 32) <= 'z'))) {
                any = true;
            } else {
                bare = true;
                break;
            }
        }
        if (bare) vm_err_set_str(&exc_ValueError, "invalid format: bare '$' not allowed");
        else if (!any) vm_err_set_str(&exc_ValueError, "invalid format: no fields");
        else r = INCREF(NONE);
    }
    DECREF(fmt);
    return r;
}

static Obj *style_values(Obj *self, Obj *record)
{
    Obj **dp = obj_dict_ptr(record);
    Obj *d = dp && *dp ? INCREF(*dp) : dict_new();
    Obj *defs = d ? ga(self, "_defaults") : NULL;
    if (!defs) {
        XDECREF(d);
        return NULL;
    }
    int t = obj_is_true(defs);
    if (t > 0) {
        Obj *m = num_binary(defs, d, NB_OR);
        DECREF(d);
        d = m;
    } else if (t < 0) {
        CLEAR(d);
    }
    DECREF(defs);
    return d;
}

static Obj *style_format_raw(Obj *self, Obj *record)
{
    Obj *values = style_values(self, record);
    if (!values) return NULL;
    StyleKind k = style_kind(self);
    Obj *r = NULL;
    if (k == ST_PERCENT) {
        Obj *fmt = ga(self, "_fmt");
        r = fmt ? num_binary(fmt, values, NB_REMAINDER) : NULL;
        XDECREF(fmt);
    } else {
        Obj *target = ga(self, k == ST_FORMAT ? "_fmt" : "_tpl");
        Obj *f = target ? ga(target, k == ST_FORMAT ? "format" : "substitute") : NULL;
        Obj *t = f ? tuple_new(0) : NULL;
        r = t ? vm_call_ex(f, t, values) : NULL;
        XDECREF(t);
        XDECREF(f);
        XDECREF(target);
    }
    DECREF(values);
    return r;
}

static Obj *style_underscore_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_format", nargs, kw) < 0) return NULL;
    return style_format_raw(self, args[0]);
}

static Obj *style_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("format", nargs, kw) < 0) return NULL;
    Obj *r = meth1(self, "_format", args[0]);
    if (!r && vm_err_matches(&exc_KeyError)) {
        Obj *e = vm_err_fetch();
        vm_err_format(&exc_ValueError, "Formatting field not found in record: %S", e);
        DECREF(e);
    }
    return r;
}

static const MethodDef style_methods[] = {
    {"__init__", style_init, METH_FAST, NULL},
    {"usesTime", style_uses_time, METH_FAST, NULL},
    {"validate", style_validate, METH_FAST, NULL},
    {"_format", style_underscore_format, METH_FAST, NULL},
    {"format", style_format, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Formatter ------------------------------------------------------------------------------------------- */

static Obj *style_class_for(Obj *style)
{
    if (str_is(style, "%")) return pstyle_cls;
    if (str_is(style, "{")) return fstyle_cls;
    if (str_is(style, "$")) return tstyle_cls;
    return NULL;
}

static Obj *fmt_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"fmt", "datefmt", "style", "validate", "defaults"};
    Obj *v[5];
    if (mh_bind_m("Formatter.__init__", args, nargs, kw, names, 5, 4, 0, 0, 0, v) < 0) return NULL;
    Obj *style = v[2] ? v[2] : id_str("%");
    Obj *cls = STR_CHECK(style) ? style_class_for(style) : NULL;
    if (!cls) {
        int h = obj_hash(style) == -1 ? -1 : 0;
        if (h == 0) vm_err_set_str(&exc_ValueError, "Style must be one of: %,{,$");
        return NULL;
    }
    Obj *kn = tuple_pack(1, id_str("defaults"));
    Obj *a[2] = {v[0] ? v[0] : NONE, v[4] ? v[4] : NONE};
    Obj *st = kn ? obj_call(cls, a, 1, kn) : NULL;
    XDECREF(kn);
    if (!st || sa(self, "_style", st) < 0) {
        XDECREF(st);
        return NULL;
    }
    int val = v[3] ? obj_is_true(v[3]) : 1;
    if (val < 0 || (val && call_void(st, "validate", NULL, 0) < 0)) {
        DECREF(st);
        return NULL;
    }
    int r = sa_steal(self, "_fmt", ga(st, "_fmt"));
    DECREF(st);
    if (r < 0 || sa(self, "datefmt", v[1] ? v[1] : NONE) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *fmt_format_time(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"record", "datefmt"};
    Obj *v[2];
    if (mh_bind_m("Formatter.formatTime", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *conv = ga(self, "converter");
    Obj *created = conv ? ga(v[0], "created") : NULL;
    Obj *ct = created ? obj_call(conv, &created, 1, NULL) : NULL;
    XDECREF(conv);
    XDECREF(created);
    if (!ct) return NULL;
    Obj *strftime = import_attr("time", "strftime");
    Obj *r = NULL;
    int t = v[1] ? obj_is_true(v[1]) : 0;
    if (!strftime || t < 0) goto out;
    if (t) {
        r = obj_call(strftime, (Obj *[]){v[1], ct}, 2, NULL);
    } else {
        Obj *dtf = ga(self, "default_time_format");
        Obj *s = dtf ? obj_call(strftime, (Obj *[]){dtf, ct}, 2, NULL) : NULL;
        XDECREF(dtf);
        Obj *mf = s ? ga(self, "default_msec_format") : NULL;
        int mt = mf ? obj_is_true(mf) : -1;
        if (mt > 0) {
            Obj *ms = ga(v[0], "msecs");
            Obj *tp = ms ? tuple_pack(2, s, ms) : NULL;
            r = tp ? num_binary(mf, tp, NB_REMAINDER) : NULL;
            XDECREF(ms);
            XDECREF(tp);
            XDECREF(s);
        } else if (mt == 0) {
            r = s;
        } else {
            XDECREF(s);
        }
        XDECREF(mf);
    }
out:
    XDECREF(strftime);
    DECREF(ct);
    return r;
}

/* the text traceback.print_exception writes for (type, value, tb) */
static Obj *exception_text(Obj *ei)
{
    Obj *seq = seq_to_tuple(ei);
    if (!seq) return NULL;
    if (TUPLE_LEN(seq) != 3) {
        vm_err_format(&exc_ValueError, "not enough values to unpack (expected 3, got %zd)", TUPLE_LEN(seq));
        DECREF(seq);
        return NULL;
    }
    Obj *value = TUPLE_ITEMS(seq)[1];
    Obj *sio = import_attr("io", "StringIO");
    Obj *f = sio ? obj_call(sio, NULL, 0, NULL) : NULL;
    XDECREF(sio);
    Obj *r = NULL;
    if (f) {
        if (value != NONE && EXC_CHECK(value)) {
            Obj *tb = TUPLE_ITEMS(seq)[2];
            Obj *old = ((ExcObj *)value)->traceback;
            ((ExcObj *)value)->traceback = tb == NONE ? NULL : xincref(tb);
            traceback_print_exception_to(value, f);
            XDECREF(((ExcObj *)value)->traceback);
            ((ExcObj *)value)->traceback = old;
        } else {
            Obj *s = S("NoneType: None\n");
            Obj *x = s ? meth1(f, "write", s) : NULL;
            XDECREF(s);
            XDECREF(x);
        }
        r = vm_err_occurred() ? NULL : meth0(f, "getvalue");
        Obj *c = meth0(f, "close");
        XDECREF(c);
        DECREF(f);
    }
    DECREF(seq);
    if (r && obj_length(r) > 0 && str_char(r, obj_length(r) - 1) == '\n') {
        Obj *x = str_substr(r, 0, obj_length(r) - 1);
        DECREF(r);
        r = x;
    }
    return r;
}

static Obj *fmt_format_exception(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_one_arg("formatException", nargs, kw) < 0) return NULL;
    return exception_text(args[0]);
}

static Obj *fmt_uses_time(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("usesTime", nargs, kw) < 0) return NULL;
    Obj *st = ga(self, "_style");
    Obj *r = st ? meth0(st, "usesTime") : NULL;
    XDECREF(st);
    return r;
}

static Obj *fmt_format_message(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("formatMessage", nargs, kw) < 0) return NULL;
    Obj *st = ga(self, "_style");
    Obj *r = st ? meth1(st, "format", args[0]) : NULL;
    XDECREF(st);
    return r;
}

static Obj *fmt_format_stack(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_one_arg("formatStack", nargs, kw) < 0) return NULL;
    return INCREF(args[0]);
}

static Obj *append_block(Obj *s, Obj *block)   /* s + ("\n" unless s ends so) + block; steals s */
{
    if (!STR_CHECK(s)) {
        vm_err_format(&exc_TypeError, "'%s' object is not subscriptable", type_name(OBJ_TYPE(s)));
        DECREF(s);
        return NULL;
    }
    Ssize n = obj_length(s);
    Obj *r;
    if (n > 0 && str_char(s, n - 1) == '\n') r = str_concat(s, block);
    else r = str_from_fmt("%S\n%S", s, block);
    DECREF(s);
    return r;
}

static Obj *fmt_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("format", nargs, kw) < 0) return NULL;
    Obj *rec = args[0];
    Obj *msg = meth0(rec, "getMessage");
    if (!msg) return tbframe_fail(&tbgen_logging, TBG_LOGGING_FORMATTER_FORMAT_GETMESSAGE);
    if (sa(rec, "message", msg) < 0) {
        DECREF(msg);
        return NULL;
    }
    DECREF(msg);
    Obj *ut = meth0(self, "usesTime");
    int u = ut ? obj_is_true(ut) : -1;
    XDECREF(ut);
    if (u < 0) return NULL;
    if (u) {
        Obj *df = ga(self, "datefmt");
        Obj *at = df ? meth2(self, "formatTime", rec, df) : NULL;
        XDECREF(df);
        if (sa_steal(rec, "asctime", at) < 0) return NULL;
    }
    Obj *s = meth1(self, "formatMessage", rec);
    if (!s) return NULL;
    int t = truth_attr(rec, "exc_info");
    if (t > 0) {
        int et = truth_attr(rec, "exc_text");
        if (et == 0) {
            Obj *ei = ga(rec, "exc_info");
            Obj *txt = ei ? meth1(self, "formatException", ei) : NULL;
            XDECREF(ei);
            if (sa_steal(rec, "exc_text", txt) < 0) et = -1;
        }
        if (et < 0) t = -1;
    }
    if (t >= 0) t = truth_attr(rec, "exc_text");
    if (t > 0) {
        Obj *txt = ga(rec, "exc_text");
        s = txt ? append_block(s, txt) : (DECREF(s), NULL);
        XDECREF(txt);
    }
    if (t < 0 || !s) {
        XDECREF(s);
        return NULL;
    }
    t = truth_attr(rec, "stack_info");
    if (t > 0) {
        Obj *si = ga(rec, "stack_info");
        Obj *fs = si ? meth1(self, "formatStack", si) : NULL;
        XDECREF(si);
        s = fs ? append_block(s, fs) : (DECREF(s), NULL);
        XDECREF(fs);
    }
    if (t < 0) {
        XDECREF(s);
        return NULL;
    }
    return s;
}

static const MethodDef fmt_methods[] = {
    {"__init__", fmt_init, METH_FAST, NULL},
    {"formatTime", fmt_format_time, METH_FAST, NULL},
    {"formatException", fmt_format_exception, METH_FAST, NULL},
    {"usesTime", fmt_uses_time, METH_FAST, NULL},
    {"formatMessage", fmt_format_message, METH_FAST, NULL},
    {"formatStack", fmt_format_stack, METH_FAST, NULL},
    {"format", fmt_format, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* BufferingFormatter */
static Obj *bf_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"linefmt"};
    Obj *v[1];
    if (mh_bind_m("BufferingFormatter.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    int t = v[0] ? obj_is_true(v[0]) : 0;
    if (t < 0 || sa(self, "linefmt", t ? v[0] : default_formatter) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *bf_header(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_one_arg("formatHeader", nargs, kw) < 0) return NULL;
    return S("");
}

static Obj *bf_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("format", nargs, kw) < 0) return NULL;
    Obj *recs = args[0];
    Ssize n = obj_length(recs);
    if (n < 0) return NULL;
    Obj *rv = S("");
    if (!rv || n == 0) return rv;
    Obj *h = meth1(self, "formatHeader", recs);
    Obj *x = h ? str_concat(rv, h) : NULL;
    XDECREF(h);
    DECREF(rv);
    rv = x;
    Obj *lf = rv ? ga(self, "linefmt") : NULL;
    Obj *it = lf ? obj_getiter(recs) : NULL, *r;
    while (it && rv && (r = obj_iternext(it))) {
        Obj *s = meth1(lf, "format", r);
        DECREF(r);
        x = s ? str_concat(rv, s) : NULL;
        XDECREF(s);
        DECREF(rv);
        rv = x;
    }
    XDECREF(it);
    XDECREF(lf);
    if (!rv || vm_err_occurred()) {
        XDECREF(rv);
        return NULL;
    }
    Obj *f = meth1(self, "formatFooter", recs);
    x = f ? str_concat(rv, f) : NULL;
    XDECREF(f);
    DECREF(rv);
    return x;
}

static const MethodDef bf_methods[] = {
    {"__init__", bf_init, METH_FAST, NULL},
    {"formatHeader", bf_header, METH_FAST, NULL},
    {"formatFooter", bf_header, METH_FAST, NULL},
    {"format", bf_format, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Filter, Filterer ------------------------------------------------------------------------------------ */

static Obj *filter_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"name"};
    Obj *v[1];
    if (mh_bind_m("Filter.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *name = v[0] ? INCREF(v[0]) : S("");
    Ssize n = name ? obj_length(name) : -1;
    int r = n >= 0 && sa(self, "name", name) == 0 && sa_steal(self, "nlen", int_from_i64(n)) == 0;
    XDECREF(name);
    return r ? INCREF(NONE) : NULL;
}

static Obj *filter_filter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"record"};
    Obj *v[1];
    if (mh_bind_m("Filter.filter", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    int err = 0;
    int64_t nlen = int_attr(self, "nlen", &err);
    if (err) return NULL;
    if (nlen == 0) return bool_from(true);
    Obj *name = ga(self, "name"), *rn = name ? ga(v[0], "name") : NULL;
    Obj *r = NULL;
    if (rn) {
        int eq = obj_richcompare_bool(name, rn, CMP_EQ);
        if (eq > 0) r = bool_from(true);
        else if (eq == 0) {
            /* record.name.find(self.name, 0, self.nlen) != 0, then record.name[self.nlen] == "." */
            Obj *zero = int_from_i64(0), *nl = int_from_i64(nlen);
            Obj *pos = zero && nl ? obj_call_method(rn, "find", (Obj *[]){name, zero, nl}, 3) : NULL;
            int at0 = pos ? obj_richcompare_bool(pos, zero, CMP_EQ) : -1;
            XDECREF(pos);
            if (at0 == 0) {
                r = bool_from(false);
            } else if (at0 > 0) {
                Obj *ch = obj_getitem(rn, nl);
                if (ch) {
                    int dot = str_is(ch, ".");
                    r = bool_from(dot);
                    DECREF(ch);
                }
            }
            XDECREF(zero);
            XDECREF(nl);
        }
    }
    XDECREF(name);
    XDECREF(rn);
    return r;
}

static const MethodDef filter_methods[] = {
    {"__init__", filter_init, METH_FAST, NULL},
    {"filter", filter_filter, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *filterer_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("Filterer.__init__", nargs, kw) < 0) return NULL;
    return sa_steal(self, "filters", list_new(0)) < 0 ? NULL : INCREF(NONE);
}

static Obj *filterer_add(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("addFilter", nargs, kw) < 0) return NULL;
    Obj *l = ga(self, "filters");
    int in = l ? obj_contains(l, args[0]) : -1;
    if (in == 0) in = list_append(l, args[0]);
    XDECREF(l);
    return in < 0 ? NULL : INCREF(NONE);
}

static Obj *filterer_remove(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("removeFilter", nargs, kw) < 0) return NULL;
    Obj *l = ga(self, "filters");
    int in = l ? obj_contains(l, args[0]) : -1;
    if (in > 0) in = call_void(l, "remove", args, 1);
    XDECREF(l);
    return in < 0 ? NULL : INCREF(NONE);
}

/* Filterer.filter: the record (possibly replaced) or False */
static Obj *run_filters(Obj *self, Obj *record)
{
    Obj *fl = ga(self, "filters");
    Obj *l = fl ? seq_to_list(fl) : NULL;
    XDECREF(fl);
    if (!l) return NULL;
    Obj *rec = INCREF(record);
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *f = LIST_ITEMS(l)[i];
        Obj *meth = ga_opt(f, "filter");
        Obj *res;
        if (meth) {
            res = obj_call(meth, &rec, 1, NULL);
            DECREF(meth);
        } else {
            res = vm_err_occurred() ? NULL : obj_call(f, &rec, 1, NULL);
        }
        if (!res) goto fail;
        int t = obj_is_true(res);
        if (t <= 0) {
            DECREF(res);
            if (t < 0) goto fail;
            DECREF(rec);
            DECREF(l);
            return bool_from(false);
        }
        int isrec = obj_isinstance(res, record_cls);
        if (isrec < 0) {
            DECREF(res);
            goto fail;
        }
        if (isrec) obj_setref(&rec, res);
        else DECREF(res);
    }
    DECREF(l);
    return rec;
fail:
    DECREF(rec);
    DECREF(l);
    return NULL;
}

static Obj *filterer_filter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("filter", nargs, kw) < 0) return NULL;
    return run_filters(self, args[0]);
}

static const MethodDef filterer_methods[] = {
    {"__init__", filterer_init, METH_FAST, NULL},
    {"addFilter", filterer_add, METH_FAST, NULL},
    {"removeFilter", filterer_remove, METH_FAST, NULL},
    {"filter", filterer_filter, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Handler and its subclasses --------------------------------------------------------------------------- */


static int handler_setup(Obj *self, Obj *level)   /* level NULL: NOTSET */
{
    Obj *lv = level ? check_level(level) : int_from_i64(NOTSET);
    if (!lv) return -1;
    int r = sa_steal(self, "filters", list_new(0)) < 0 || sa(self, "_name", NONE) < 0 ||
            sa_steal(self, "level", lv) < 0 || sa(self, "formatter", NONE) < 0 || sa(self, "_closed", FALSE_) < 0 ||
            sa(self, "lock", NONE) < 0;
    if (r) return -1;
    Obj *wr = weakref_new(self, NULL);
    r = wr ? list_append(handler_list, wr) : -1;
    XDECREF(wr);
    return r;
}

static Obj *handler_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"level"};
    Obj *v[1];
    if (mh_bind_m("Handler.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    return handler_setup(self, v[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *handler_get_name(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("get_name", nargs, kw) < 0) return NULL;
    return ga(self, "_name");
}

static Obj *handler_set_name(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("set_name", nargs, kw) < 0) return NULL;
    Obj *old = ga(self, "_name");
    if (!old) return NULL;
    if (old != NONE && dict_get_borrow(handlers_by_name, old) && dict_del(handlers_by_name, old) < 0) {
        DECREF(old);
        return NULL;
    }
    DECREF(old);
    if (sa(self, "_name", args[0]) < 0) return NULL;
    int t = obj_is_true(args[0]);
    if (t < 0 || (t && obj_setitem(handlers_by_name, args[0], self) < 0)) return NULL;
    return INCREF(NONE);
}

static Obj *handler_noop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("flush", nargs, kw) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *handler_set_level(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("setLevel", nargs, kw) < 0) return NULL;
    return sa_steal(self, "level", check_level(args[0])) < 0 ? NULL : INCREF(NONE);
}

static Obj *handler_format(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("format", nargs, kw) < 0) return NULL;
    Obj *f = ga(self, "formatter");
    if (!f) return NULL;
    int t = obj_is_true(f);
    if (t <= 0) {
        DECREF(f);
        if (t < 0) return NULL;
        f = INCREF(default_formatter);
    }
    Obj *r = meth1(f, "format", args[0]);
    DECREF(f);
    return r ? r : tbframe_fail(&tbgen_logging, TBG_LOGGING_HANDLER_FORMAT);
}

static Obj *handler_emit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kw;
    vm_err_set_str(&exc_NotImplementedError, "emit must be implemented by Handler subclasses");
    return NULL;
}

static Obj *handler_handle(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("handle", nargs, kw) < 0) return NULL;
    Obj *rv = meth1(self, "filter", args[0]);
    if (!rv) return NULL;
    Obj *rec = args[0];
    int isrec = obj_isinstance(rv, record_cls);
    int t = isrec >= 0 ? obj_is_true(rv) : -1;
    if (t < 0) {
        DECREF(rv);
        return NULL;
    }
    if (isrec) rec = rv;
    if (t && call_void(self, "emit", &rec, 1) < 0) {
        DECREF(rv);
        return NULL;
    }
    return rv;
}

static Obj *handler_set_formatter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("setFormatter", nargs, kw) < 0) return NULL;
    return sa(self, "formatter", args[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *handler_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("close", nargs, kw) < 0) return NULL;
    if (sa(self, "_closed", TRUE_) < 0) return NULL;
    Obj *name = ga(self, "_name");
    if (!name) return NULL;
    int t = obj_is_true(name);
    if (t > 0 && dict_get_borrow(handlers_by_name, name)) t = dict_del(handlers_by_name, name);
    DECREF(name);
    return t < 0 ? NULL : INCREF(NONE);
}

static Obj *emit_error;   /* the exception emit() caught, while handleError runs */

static int write_err(Obj *err, Obj *s)
{
    Obj *x = s ? meth1(err, "write", s) : NULL;
    XDECREF(s);
    XDECREF(x);
    return x ? 0 : -1;
}

static Obj *handler_handle_error(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_one_arg("handleError", nargs, kw) < 0) return NULL;
    Obj *err = sys_get_borrow("stderr");
    if (!raise_exceptions() || !err || err == NONE || obj_is_true(err) <= 0) {
        vm_err_clear();
        return INCREF(NONE);
    }
    INCREF(err);
    Obj *rec = args[0];
    write_err(err, S("--- Logging error ---\n"));
    if (emit_error) traceback_print_exception_to(emit_error, err);
    else write_err(err, S("NoneType: None\n"));
    write_err(err, S("Call stack:\n"));
    if (vm->frame) {
        /* traceback.print_stack from the innermost Python frame, where the
         * logging call was made (this module has no frames of its own) */
        Obj *tbm = import_name(id_str("traceback"), NULL, NULL, 0);
        Obj *ps = tbm ? obj_getattr_str(tbm, "print_stack") : NULL;
        Obj *kwn = ps ? tuple_pack(1, id_str("file")) : NULL;
        Obj *pa[2] = {(Obj *)vm->frame, err};
        Obj *x = kwn ? obj_call(ps, pa, 1, kwn) : NULL;
        XDECREF(x);
        XDECREF(kwn);
        XDECREF(ps);
        XDECREF(tbm);
        if (!x) vm_err_clear();
    }
    Obj *m = ga(rec, "msg"), *a = m ? ga(rec, "args") : NULL;
    Obj *line = NULL;
    if (a) {
        Obj *as = obj_str(a);
        line = as ? str_from_fmt("Message: %R\nArguments: %S\n", m, as) : NULL;
        XDECREF(as);
    }
    XDECREF(m);
    XDECREF(a);
    if (!line) {
        if (vm_err_matches(&exc_RecursionError)) {
            DECREF(err);
            return NULL;
        }
        vm_err_clear();
        line = S("Unable to print the message and arguments - possible formatting error.\n"
                 "Use the traceback above to help find the error.\n");
    }
    write_err(err, line);
    if (vm_err_matches(&exc_OSError)) vm_err_clear();
    DECREF(err);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *handler_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *lv = ga(self, "level");
    Obj *ln = lv ? level_name(lv) : NULL;
    XDECREF(lv);
    if (!ln) return NULL;
    Obj *r = str_from_fmt("<%s (%S)>", type_name(OBJ_TYPE(self)), ln);
    DECREF(ln);
    return r;
}

static const MethodDef handler_methods[] = {
    {"__init__", handler_init, METH_FAST, NULL},
    {"get_name", handler_get_name, METH_FAST, NULL},
    {"set_name", handler_set_name, METH_FAST, NULL},
    {"createLock", handler_noop, METH_FAST, NULL},
    {"acquire", handler_noop, METH_FAST, NULL},
    {"release", handler_noop, METH_FAST, NULL},
    {"setLevel", handler_set_level, METH_FAST, NULL},
    {"format", handler_format, METH_FAST, NULL},
    {"emit", handler_emit, METH_FAST, NULL},
    {"handle", handler_handle, METH_FAST, NULL},
    {"setFormatter", handler_set_formatter, METH_FAST, NULL},
    {"flush", handler_noop, METH_FAST, NULL},
    {"close", handler_close, METH_FAST, NULL},
    {"handleError", handler_handle_error, METH_FAST, NULL},
    {"__repr__", handler_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* StreamHandler */
static Obj *sh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"stream"};
    Obj *v[1];
    if (mh_bind_m("StreamHandler.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    if (handler_setup(self, NULL) < 0) return NULL;
    Obj *st = v[0] && v[0] != NONE ? INCREF(v[0]) : sys_stream("stderr");
    return sa_steal(self, "stream", st) < 0 ? NULL : INCREF(NONE);
}

static Obj *sh_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("flush", nargs, kw) < 0) return NULL;
    Obj *st = ga(self, "stream");
    if (!st) return NULL;
    int t = obj_is_true(st);
    Obj *f = t > 0 ? ga_opt(st, "flush") : NULL;
    Obj *r = f ? obj_call(f, NULL, 0, NULL) : (vm_err_occurred() || t < 0 ? NULL : INCREF(NONE));
    XDECREF(f);
    DECREF(st);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *sh_emit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("emit", nargs, kw) < 0) return NULL;
    Obj *msg = meth1(self, "format", args[0]);
    if (!msg) tbframe_push(&tbgen_logging, TBG_LOGGING_STREAMHANDLER_EMIT_FORMAT);
    Obj *st = msg ? ga(self, "stream") : NULL;
    Obj *term = st ? ga(self, "terminator") : NULL;
    Obj *full = term ? num_binary(msg, term, NB_ADD) : NULL;
    Obj *x = full ? meth1(st, "write", full) : NULL;
    int ok = x && call_void(self, "flush", NULL, 0) == 0;
    XDECREF(msg);
    XDECREF(st);
    XDECREF(term);
    XDECREF(full);
    XDECREF(x);
    if (ok) return INCREF(NONE);
    if (vm_err_matches(&exc_RecursionError) || !vm_err_matches(&exc_Exception)) return NULL;
    Obj *saved = emit_error;
    emit_error = vm_err_fetch();
    int r = call_void(self, "handleError", args, 1);
    DECREF(emit_error);
    emit_error = saved;
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *sh_set_stream(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("setStream", nargs, kw) < 0) return NULL;
    Obj *old = ga(self, "stream");
    if (!old) return NULL;
    if (old == args[0]) {
        DECREF(old);
        return INCREF(NONE);
    }
    if (call_void(self, "flush", NULL, 0) < 0 || sa(self, "stream", args[0]) < 0) {
        DECREF(old);
        return NULL;
    }
    return old;
}

static Obj *sh_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *lv = ga(self, "level");
    Obj *ln = lv ? level_name(lv) : NULL;
    XDECREF(lv);
    Obj *st = ln ? ga(self, "stream") : NULL;
    if (!st) {
        XDECREF(ln);
        return NULL;
    }
    Obj *name = ga_opt(st, "name");
    DECREF(st);
    if (!name && vm_err_occurred()) {
        DECREF(ln);
        return NULL;
    }
    Obj *ns = name ? obj_str(name) : S("");
    XDECREF(name);
    Obj *r = NULL;
    if (ns) r = obj_length(ns) ? str_from_fmt("<%s %S (%S)>", type_name(OBJ_TYPE(self)), ns, ln)
                               : str_from_fmt("<%s (%S)>", type_name(OBJ_TYPE(self)), ln);
    XDECREF(ns);
    DECREF(ln);
    return r;
}

static const MethodDef sh_methods[] = {
    {"__init__", sh_init, METH_FAST, NULL},
    {"flush", sh_flush, METH_FAST, NULL},
    {"emit", sh_emit, METH_FAST, NULL},
    {"setStream", sh_set_stream, METH_FAST, NULL},
    {"__repr__", sh_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* FileHandler */
static Obj *fh_open(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_open", nargs, kw) < 0) return NULL;
    Obj *fn = ga(self, "baseFilename"), *mode = fn ? ga(self, "mode") : NULL;
    Obj *enc = mode ? ga(self, "encoding") : NULL, *errs = enc ? ga(self, "errors") : NULL;
    Obj *r = NULL;
    if (errs) {
        Obj *e = str_is(enc, "locale") ? NONE : enc;
        Obj *kn = tuple_pack(2, id_str("encoding"), id_str("errors"));
        r = kn ? io_open((Obj *[]){fn, mode, e, errs}, 2, kn) : NULL;
        XDECREF(kn);
    }
    XDECREF(fn);
    XDECREF(mode);
    XDECREF(enc);
    XDECREF(errs);
    return r;
}

static Obj *fh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"filename", "mode", "encoding", "delay", "errors"};
    Obj *v[5];
    if (mh_bind_m("FileHandler.__init__", args, nargs, kw, names, 5, 5, 0, 1, 0, v) < 0) return NULL;
    Obj *fsp = import_attr("os", "fspath");
    Obj *fn = fsp ? obj_call(fsp, v, 1, NULL) : NULL;
    XDECREF(fsp);
    Obj *absf = fn ? import_attr("os.path", "abspath") : NULL;
    Obj *path = absf ? obj_call(absf, &fn, 1, NULL) : NULL;
    XDECREF(absf);
    XDECREF(fn);
    if (!path || sa_steal(self, "baseFilename", path) < 0) return NULL;
    Obj *mode = v[1] ? INCREF(v[1]) : S("a");
    if (sa_steal(self, "mode", mode) < 0) return NULL;
    Obj *enc = v[2] ? v[2] : NONE;
    Obj *b = S("b");
    mode = ga(self, "mode");
    int hasb = b && mode ? obj_contains(mode, b) : -1;
    XDECREF(b);
    XDECREF(mode);
    if (hasb < 0) return NULL;
    Obj *encv = !hasb && enc == NONE ? S("locale") : INCREF(enc);
    if (sa_steal(self, "encoding", encv) < 0 || sa(self, "errors", v[4] ? v[4] : NONE) < 0 ||
        sa(self, "delay", v[3] ? v[3] : FALSE_) < 0)
        return NULL;
    int delay = v[3] ? obj_is_true(v[3]) : 0;
    if (delay < 0 || handler_setup(self, NULL) < 0) return NULL;
    if (delay) return sa(self, "stream", NONE) < 0 ? NULL : INCREF(NONE);
    Obj *st = meth0(self, "_open");
    return sa_steal(self, "stream", st) < 0 ? NULL : INCREF(NONE);
}

static Obj *fh_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("close", nargs, kw) < 0) return NULL;
    Obj *st = ga(self, "stream");
    if (!st) return NULL;
    int t = obj_is_true(st);
    int rc = t < 0 ? -1 : 0;
    if (t > 0) {
        rc = call_void(self, "flush", NULL, 0);
        Obj *saved = rc < 0 ? vm_err_fetch() : NULL;
        if (sa(self, "stream", NONE) == 0) {
            Obj *c = ga_opt(st, "close");
            if (c) {
                Obj *x = obj_call(c, NULL, 0, NULL);
                DECREF(c);
                if (!x) rc = -1;
                XDECREF(x);
            }
        }
        if (saved) {
            vm_err_restore(saved);
            rc = -1;
        }
    }
    DECREF(st);
    Obj *saved = rc < 0 ? vm_err_fetch() : NULL;
    Obj *x = handler_close(self, NULL, 0, NULL);
    XDECREF(x);
    if (saved) vm_err_restore(saved);
    return rc < 0 || !x ? NULL : INCREF(NONE);
}

static Obj *fh_emit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("emit", nargs, kw) < 0) return NULL;
    Obj *st = ga(self, "stream");
    if (!st) return NULL;
    if (st == NONE) {
        Obj *mode = ga(self, "mode");
        int closed = mode ? truth_attr(self, "_closed") : -1;
        if (closed < 0) {
            XDECREF(mode);
            DECREF(st);
            return NULL;
        }
        if (!str_is(mode, "w") || !closed) {
            DECREF(st);
            st = meth0(self, "_open");
            if (!st || sa(self, "stream", st) < 0) {
                XDECREF(st);
                XDECREF(mode);
                return NULL;
            }
        }
        XDECREF(mode);
    }
    int t = obj_is_true(st);
    DECREF(st);
    if (t < 0) return NULL;
    if (t) return sh_emit(self, args, 1, NULL);
    return INCREF(NONE);
}

static Obj *fh_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *lv = ga(self, "level");
    Obj *ln = lv ? level_name(lv) : NULL;
    XDECREF(lv);
    Obj *fn = ln ? ga(self, "baseFilename") : NULL;
    Obj *r = fn ? str_from_fmt("<%s %S (%S)>", type_name(OBJ_TYPE(self)), fn, ln) : NULL;
    XDECREF(ln);
    XDECREF(fn);
    return r;
}

static const MethodDef fh_methods[] = {
    {"__init__", fh_init, METH_FAST, NULL},
    {"_open", fh_open, METH_FAST, NULL},
    {"close", fh_close, METH_FAST, NULL},
    {"emit", fh_emit, METH_FAST, NULL},
    {"__repr__", fh_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* _StderrHandler: its stream is whatever sys.stderr is now */
static Obj *eh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"level"};
    Obj *v[1];
    if (mh_bind_m("_StderrHandler.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    return handler_setup(self, v[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *eh_stream(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("stream", nargs, kw) < 0) return NULL;
    return sys_stream("stderr");
}

static const MethodDef eh_methods[] = {
    {"__init__", eh_init, METH_FAST, NULL},
    {"_get_stream", eh_stream, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* NullHandler */
static Obj *nh_one(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_one_arg("handle", nargs, kw) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *nh_lock(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("createLock", nargs, kw) < 0) return NULL;
    return sa(self, "lock", NONE) < 0 ? NULL : INCREF(NONE);
}

static const MethodDef nh_methods[] = {
    {"handle", nh_one, METH_FAST, NULL},
    {"emit", nh_one, METH_FAST, NULL},
    {"createLock", nh_lock, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- PlaceHolder, Manager --------------------------------------------------------------------------------- */

static Obj *ph_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("PlaceHolder.__init__", nargs, kw) < 0) return NULL;
    Obj *d = dict_new();
    if (!d || dict_set(d, args[0], NONE) < 0) {
        XDECREF(d);
        return NULL;
    }
    return sa_steal(self, "loggerMap", d) < 0 ? NULL : INCREF(NONE);
}

static Obj *ph_append(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("append", nargs, kw) < 0) return NULL;
    Obj *d = ga(self, "loggerMap");
    int in = d ? obj_contains(d, args[0]) : -1;
    if (in == 0) in = obj_setitem(d, args[0], NONE);
    XDECREF(d);
    return in < 0 ? NULL : INCREF(NONE);
}

static const MethodDef ph_methods[] = {
    {"__init__", ph_init, METH_FAST, NULL},
    {"append", ph_append, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *mgr_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("Manager.__init__", nargs, kw) < 0) return NULL;
    if (sa(self, "root", args[0]) < 0 || sa_steal(self, "disable", int_from_i64(0)) < 0 ||
        sa(self, "emittedNoHandlerWarning", FALSE_) < 0 || sa_steal(self, "loggerDict", dict_new()) < 0 ||
        sa(self, "loggerClass", NONE) < 0 || sa(self, "logRecordFactory", NONE) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *logger_class_now(Obj *manager)
{
    Obj *c = ga(manager, "loggerClass");
    if (!c) return NULL;
    int t = obj_is_true(c);
    if (t) return t < 0 ? (DECREF(c), NULL) : c;
    DECREF(c);
    Obj *g = dict_get_str_borrow(module_dict_borrow(mod), "_loggerClass");
    return INCREF(g ? g : logger_cls);
}

static int fixup_parents(Obj *self, Obj *alogger)
{
    Obj *name = ga(alogger, "name");
    Obj *ld = name ? ga(self, "loggerDict") : NULL;
    if (!ld) {
        XDECREF(name);
        return -1;
    }
    Ssize n = STR_CHECK(name) ? obj_length(name) : 0;   /* a name of another type has no parents */
    Obj *rv = NULL;
    int rc = 0;
    Ssize i = n - 1;
    while (i >= 0 && str_char(name, i) != '.') i--;
    while (i > 0 && !rv && rc == 0) {
        Obj *sub = str_substr(name, 0, i);
        if (!sub) {
            rc = -1;
            break;
        }
        Obj *o = dict_get_borrow(ld, sub);
        if (!o) {
            Obj *ph = vm_err_occurred() ? NULL : obj_call(placeholder_cls, &alogger, 1, NULL);
            rc = ph ? dict_set(ld, sub, ph) : -1;
            XDECREF(ph);
        } else {
            int isl = obj_isinstance(o, logger_cls);
            if (isl > 0) rv = INCREF(o);
            else if (isl == 0) rc = call_void(o, "append", &alogger, 1);
            else rc = -1;
        }
        DECREF(sub);
        /* name.rfind(".", 0, i - 1) */
        Ssize j = i - 2;
        while (j >= 0 && str_char(name, j) != '.') j--;
        i = j;
    }
    if (rc == 0 && !rv) rv = ga(self, "root");
    if (rc == 0) rc = rv ? sa(alogger, "parent", rv) : -1;
    XDECREF(rv);
    DECREF(name);
    DECREF(ld);
    return rc;
}

static int fixup_children(Obj *ph, Obj *alogger)
{
    Obj *name = ga(alogger, "name");
    Obj *map = name ? ga(ph, "loggerMap") : NULL;
    Obj *keys = map ? seq_to_list(map) : NULL;
    int rc = keys ? 0 : -1;
    Ssize nl = name ? obj_length(name) : 0;
    for (Ssize i = 0; keys && rc == 0 && i < LIST_LEN(keys); i++) {
        Obj *c = LIST_ITEMS(keys)[i];
        Obj *cp = ga(c, "parent");
        Obj *cpn = cp ? ga(cp, "name") : NULL;
        Obj *pre = cpn ? str_substr(cpn, 0, nl) : NULL;
        int eq = pre ? obj_richcompare_bool(pre, name, CMP_EQ) : -1;
        if (eq == 0) rc = sa(alogger, "parent", cp) < 0 || sa(c, "parent", alogger) < 0 ? -1 : 0;
        else if (eq < 0) rc = -1;
        XDECREF(cp);
        XDECREF(cpn);
        XDECREF(pre);
    }
    XDECREF(keys);
    XDECREF(map);
    XDECREF(name);
    return rc;
}

static Obj *mgr_get_logger(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("getLogger", nargs, kw) < 0) return NULL;
    Obj *name = args[0];
    if (!STR_CHECK(name)) {
        vm_err_set_str(&exc_TypeError, "A logger name must be a string");
        return NULL;
    }
    Obj *ld = ga(self, "loggerDict");
    if (!ld) return NULL;
    Obj *rv = dict_get_borrow(ld, name), *r = NULL;
    if (rv) {
        int isph = obj_isinstance(rv, placeholder_cls);
        if (isph < 0) goto out;
        if (!isph) {
            r = INCREF(rv);
            goto out;
        }
        Obj *ph = INCREF(rv);
        Obj *cls = logger_class_now(self);
        Obj *nl = cls ? obj_call(cls, &name, 1, NULL) : NULL;
        XDECREF(cls);
        if (!nl || sa(nl, "manager", self) < 0 || dict_set(ld, name, nl) < 0 || fixup_children(ph, nl) < 0 ||
            fixup_parents(self, nl) < 0) {
            XDECREF(nl);
            DECREF(ph);
            goto out;
        }
        DECREF(ph);
        r = nl;
    } else if (!vm_err_occurred()) {
        Obj *cls = logger_class_now(self);
        Obj *nl = cls ? obj_call(cls, &name, 1, NULL) : NULL;
        XDECREF(cls);
        if (!nl || sa(nl, "manager", self) < 0 || dict_set(ld, name, nl) < 0 || fixup_parents(self, nl) < 0) {
            XDECREF(nl);
            goto out;
        }
        r = nl;
    }
out:
    DECREF(ld);
    return r;
}

static Obj *mgr_set_logger_class(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("setLoggerClass", nargs, kw) < 0) return NULL;
    if (args[0] != logger_cls) {
        int sub = obj_issubclass(args[0], logger_cls);
        if (sub < 0) return NULL;
        if (!sub) {
            Obj *n = ga(args[0], "__name__");
            if (n) vm_err_format(&exc_TypeError, "logger not derived from logging.Logger: %S", n);
            XDECREF(n);
            return NULL;
        }
    }
    return sa(self, "loggerClass", args[0]) < 0 ? NULL : INCREF(NONE);
}

static int clear_cache(Obj *manager)
{
    Obj *ld = ga(manager, "loggerDict");
    Obj *vals = ld ? dict_values_list(ld) : NULL;
    XDECREF(ld);
    if (!vals) return -1;
    int rc = 0;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(vals); i++) {
        int isl = obj_isinstance(LIST_ITEMS(vals)[i], logger_cls);
        if (isl < 0) rc = -1;
        else if (isl) {
            Obj *c = ga(LIST_ITEMS(vals)[i], "_cache");
            if (!c || !DICT_CHECK(c)) rc = c ? 0 : -1;
            else dict_clear(c);
            XDECREF(c);
        }
    }
    DECREF(vals);
    Obj *root = rc == 0 ? ga(manager, "root") : NULL;
    Obj *c = root ? ga(root, "_cache") : NULL;
    if (c && DICT_CHECK(c)) dict_clear(c);
    if (!c) rc = -1;
    XDECREF(c);
    XDECREF(root);
    return rc;
}

static Obj *mgr_clear_cache(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_clear_cache", nargs, kw) < 0) return NULL;
    return clear_cache(self) < 0 ? NULL : INCREF(NONE);
}

static const MethodDef mgr_methods[] = {
    {"__init__", mgr_init, METH_FAST, NULL},
    {"getLogger", mgr_get_logger, METH_FAST, NULL},
    {"setLoggerClass", mgr_set_logger_class, METH_FAST, NULL},
    {"_clear_cache", mgr_clear_cache, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Logger ------------------------------------------------------------------------------------------------ */

static int logger_setup(Obj *self, Obj *name, Obj *level)
{
    Obj *lv = level ? check_level(level) : int_from_i64(NOTSET);
    if (!lv) return -1;
    if (sa_steal(self, "filters", list_new(0)) < 0 || sa(self, "name", name) < 0 || sa_steal(self, "level", lv) < 0 ||
        sa(self, "parent", NONE) < 0 || sa(self, "propagate", TRUE_) < 0 ||
        sa_steal(self, "handlers", list_new(0)) < 0 || sa(self, "disabled", FALSE_) < 0 ||
        sa_steal(self, "_cache", dict_new()) < 0)
        return -1;
    return 0;
}

static Obj *logger_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"name", "level"};
    Obj *v[2];
    if (mh_bind_m("Logger.__init__", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    return logger_setup(self, v[0], v[1]) < 0 ? NULL : INCREF(NONE);
}

static Obj *root_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"level"};
    Obj *v[1];
    if (mh_bind_m("RootLogger.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *n = S("root");
    int r = n ? logger_setup(self, n, v[0]) : -1;
    XDECREF(n);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *logger_set_level(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("setLevel", nargs, kw) < 0) return NULL;
    if (sa_steal(self, "level", check_level(args[0])) < 0) return NULL;
    Obj *m = ga(self, "manager");
    int r = m ? call_void(m, "_clear_cache", NULL, 0) : -1;
    XDECREF(m);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *effective_level(Obj *self)
{
    Obj *lg = INCREF(self);
    while (lg != NONE) {
        int t = obj_is_true(lg);
        if (t <= 0) break;
        Obj *lv = ga(lg, "level");
        int lt = lv ? obj_is_true(lv) : -1;
        if (lt != 0) {
            DECREF(lg);
            if (lt < 0) {
                XDECREF(lv);
                return NULL;
            }
            return lv;
        }
        DECREF(lv);
        Obj *p = ga(lg, "parent");
        DECREF(lg);
        if (!p) return NULL;
        lg = p;
    }
    DECREF(lg);
    return vm_err_occurred() ? NULL : int_from_i64(NOTSET);
}

static Obj *logger_get_effective_level(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("getEffectiveLevel", nargs, kw) < 0) return NULL;
    return effective_level(self);
}

static Obj *logger_is_enabled_for(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("isEnabledFor", nargs, kw) < 0) return NULL;
    Obj *level = args[0];
    int d = truth_attr(self, "disabled");
    if (d) return d < 0 ? NULL : bool_from(false);
    Obj *cache = ga(self, "_cache");
    if (!cache) return NULL;
    Obj *hit = obj_getitem(cache, level);
    if (hit) {
        DECREF(cache);
        return hit;
    }
    if (!vm_err_matches(&exc_KeyError)) {
        DECREF(cache);
        return NULL;
    }
    vm_err_clear();
    Obj *m = ga(self, "manager");
    Obj *dis = m ? ga(m, "disable") : NULL;
    XDECREF(m);
    Obj *r = NULL;
    int ge = dis ? obj_richcompare_bool(dis, level, CMP_GE) : -1;
    XDECREF(dis);
    if (ge > 0) {
        r = bool_from(false);
    } else if (ge == 0) {
        Obj *eff = effective_level(self);
        int ok = eff ? obj_richcompare_bool(level, eff, CMP_GE) : -1;
        XDECREF(eff);
        if (ok >= 0) r = bool_from(ok);
    }
    if (r && obj_setitem(cache, level, r) < 0) CLEAR(r);
    DECREF(cache);
    return r;
}

/* the caller's frame for a record: innermost Python frame, stacklevel-1 frames further out */
static Frame *caller_frame(int64_t stacklevel)
{
    Frame *f = vm->frame;
    for (int64_t i = 1; f && i < stacklevel && f->back; i++) f = f->back;
    return f;
}

static Obj *stack_text(Frame *f)
{
    SBuf b = {0};
    sbuf_puts(&b, "Stack (most recent call last):\n");
    Frame *chain[512];
    int n = 0;
    for (Frame *g = f; g && n < 512; g = g->back) chain[n++] = g;
    for (int i = n - 1; i >= 0; i--) {
        Ssize l1, l2;
        const char *fn = str_utf8_lossy(chain[i]->code->filename, &l1);
        const char *nm = str_utf8_lossy(chain[i]->code->name, &l2);
        sbuf_printf(&b, "  File \"%.*s\", line %d, in %.*s\n", (int)l1, fn, frame_lineno(chain[i]), (int)l2, nm);
    }
    if (b.len && sbuf_cstr(&b)[b.len - 1] == '\n') b.len--;
    Obj *r = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

/* findCaller(stack_info, stacklevel) -> (fn, lno, func, sinfo) */
static Obj *find_caller(int stack_info, int64_t stacklevel)
{
    Frame *f = caller_frame(stacklevel);
    if (!f) {
        Obj *a = S("(unknown file)"), *b = int_from_i64(0), *c = S("(unknown function)");
        Obj *r = a && b && c ? tuple_pack(4, a, b, c, NONE) : NULL;
        XDECREF(a);
        XDECREF(b);
        XDECREF(c);
        return r;
    }
    Obj *ln = int_from_i64(frame_lineno(f));
    Obj *si = stack_info ? stack_text(f) : INCREF(NONE);
    Obj *r = ln && si ? tuple_pack(4, f->code->filename, ln, f->code->name, si) : NULL;
    XDECREF(ln);
    XDECREF(si);
    return r;
}

static Obj *logger_find_caller(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"stack_info", "stacklevel"};
    Obj *v[2];
    if (mh_bind_m("Logger.findCaller", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    int si = v[0] ? obj_is_true(v[0]) : 0;
    int64_t sl = 1;
    if (si < 0 || (v[1] && int_as_i64(v[1], &sl) < 0)) return NULL;
    return find_caller(si, sl);
}

static Obj *logger_make_record(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"name", "level", "fn", "lno", "msg", "args", "exc_info", "func", "extra",
                                        "sinfo"};
    Obj *v[10];
    if (mh_bind_m("Logger.makeRecord", args, nargs, kw, names, 10, 10, 0, 7, 0, v) < 0) return NULL;
    Obj *a[9] = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7] ? v[7] : NONE, v[9] ? v[9] : NONE};
    Obj *rv = obj_call(record_factory(), a, 9, NULL);
    if (!rv || !v[8] || v[8] == NONE) return rv;
    Obj **dp = obj_dict_ptr(rv);
    if (!dp || !*dp) return rv;
    Obj *it = obj_getiter(v[8]), *key;
    if (!it) {
        DECREF(rv);
        return NULL;
    }
    while ((key = obj_iternext(it))) {
        int bad = str_is(key, "message") || str_is(key, "asctime");
        if (!bad) bad = dict_contains(*dp, key);
        if (bad) {
            if (bad > 0) {
                Obj *m = str_from_fmt("Attempt to overwrite %R in LogRecord", key);
                if (m) vm_err_set_key(m);
                XDECREF(m);
            }
            DECREF(key);
            break;
        }
        Obj *val = obj_getitem(v[8], key);
        int r = val ? dict_set(*dp, key, val) : -1;
        XDECREF(val);
        DECREF(key);
        if (r < 0) break;
    }
    DECREF(it);
    if (vm_err_occurred()) CLEAR(rv);
    return rv;
}

static Obj *logger__log(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"level", "msg", "args", "exc_info", "extra", "stack_info", "stacklevel"};
    Obj *v[7];
    if (mh_bind_m("Logger._log", args, nargs, kw, names, 7, 7, 0, 3, 0, v) < 0) return NULL;
    int si = v[5] ? obj_is_true(v[5]) : 0;
    int64_t sl = 1;
    if (si < 0 || (v[6] && int_as_i64(v[6], &sl) < 0)) return NULL;
    Obj *caller = find_caller(si, sl);
    if (!caller) return NULL;
    Obj *ei = v[3] ? INCREF(v[3]) : INCREF(NONE);
    int t = obj_is_true(ei);
    if (t < 0) goto fail;
    if (t) {
        if (EXC_CHECK(ei)) {
            Obj *tb = ((ExcObj *)ei)->traceback;
            obj_setref(&ei, tuple_pack(3, (Obj *)OBJ_TYPE(ei), ei, tb ? tb : NONE));
        } else if (!TUPLE_CHECK(ei)) {
            Obj *h = vm_exc_info();
            if (h) {
                Obj *tb = ((ExcObj *)h)->traceback;
                obj_setref(&ei, tuple_pack(3, (Obj *)OBJ_TYPE(h), h, tb ? tb : NONE));
            } else {
                obj_setref(&ei, tuple_pack(3, NONE, NONE, NONE));
            }
        }
        if (!ei) goto fail;
    }
    Obj *name = ga(self, "name");
    if (!name) goto fail;
    Obj *ra[10] = {name, v[0], TUPLE_ITEMS(caller)[0], TUPLE_ITEMS(caller)[1], v[1], v[2], ei,
                   TUPLE_ITEMS(caller)[2], v[4] ? v[4] : NONE, TUPLE_ITEMS(caller)[3]};
    Obj *rec = obj_call_method(self, "makeRecord", ra, 10);
    DECREF(name);
    if (!rec) goto fail;
    int r = call_void(self, "handle", &rec, 1);
    DECREF(rec);
    DECREF(ei);
    DECREF(caller);
    return r < 0 ? NULL : INCREF(NONE);
fail:
    XDECREF(ei);
    DECREF(caller);
    return NULL;
}

/* self._log(level, msg, args, **kwargs) when self.isEnabledFor(level) */
static Obj *log_at(Obj *self, Obj *level, Obj *const *args, Ssize nargs, Obj *kw, const char *fname)
{
    if (nargs < 1) {
        Obj *n = S("msg");
        if (n) args_err_missing(fname, &n, 1, false);
        XDECREF(n);
        return NULL;
    }
    Obj *en = meth1(self, "isEnabledFor", level);
    int t = en ? obj_is_true(en) : -1;
    XDECREF(en);
    if (t <= 0) return t < 0 ? NULL : INCREF(NONE);
    Obj *rest = tuple_from_array(args + 1, nargs - 1);
    if (!rest) return NULL;
    Ssize nk = mh_nkw(kw);
    Obj **vec = malloc(sizeof(Obj *) * (size_t)(3 + nk));
    if (!vec) {
        DECREF(rest);
        vm_err_no_memory();
        return NULL;
    }
    vec[0] = level;
    vec[1] = args[0];
    vec[2] = rest;
    for (Ssize i = 0; i < nk; i++) vec[3 + i] = args[nargs + i];
    Obj *f = ga(self, "_log");
    Obj *r = f ? obj_call(f, vec, 3, kw) : NULL;
    XDECREF(f);
    free(vec);
    DECREF(rest);
    return r;
}

static Obj *log_at_i(Obj *self, int level, Obj *const *args, Ssize nargs, Obj *kw, const char *fname)
{
    Obj *lv = int_from_i64(level);
    Obj *r = lv ? log_at(self, lv, args, nargs, kw, fname) : NULL;
    XDECREF(lv);
    return r;
}

static Obj *logger_debug(Obj *s, Obj *const *a, Ssize n, Obj *k) { return log_at_i(s, DEBUG, a, n, k, "Logger.debug"); }
static Obj *logger_info(Obj *s, Obj *const *a, Ssize n, Obj *k) { return log_at_i(s, INFO, a, n, k, "Logger.info"); }
static Obj *logger_warning(Obj *s, Obj *const *a, Ssize n, Obj *k) { return log_at_i(s, WARNING, a, n, k, "Logger.warning"); }
static Obj *logger_error(Obj *s, Obj *const *a, Ssize n, Obj *k) { return log_at_i(s, ERROR, a, n, k, "Logger.error"); }
static Obj *logger_critical(Obj *s, Obj *const *a, Ssize n, Obj *k) { return log_at_i(s, CRITICAL, a, n, k, "Logger.critical"); }

static Obj *logger_fatal(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *f = ga(self, "critical");
    Obj *r = f ? obj_call(f, args, nargs, kw) : NULL;
    XDECREF(f);
    return r;
}

static Obj *logger_warn(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *m = S("The 'warn' method is deprecated, use 'warning' instead");
    int w = m ? warnings_warn(&exc_DeprecationWarning, m, 1) : -1;
    XDECREF(m);
    if (w < 0) return NULL;
    Obj *f = ga(self, "warning");
    Obj *r = f ? obj_call(f, args, nargs, kw) : NULL;
    XDECREF(f);
    return r;
}

/* call self.NAME(*args, exc_info=True, **kw) unless exc_info was given */
static Obj *call_with_exc_info(Obj *target, const char *name, Obj *const *args, Ssize nargs, Obj *kw)
{
    Ssize nk = mh_nkw(kw);
    bool has = false;
    for (Ssize i = 0; i < nk; i++) has |= str_eq_cstr(TUPLE_ITEMS(kw)[i], "exc_info");
    Obj *f = ga(target, name);
    if (!f) return NULL;
    if (has) {
        Obj *r = obj_call(f, args, nargs, kw);
        DECREF(f);
        return r;
    }
    Obj **vec = malloc(sizeof(Obj *) * (size_t)(nargs + nk + 1));
    Obj *kn = tuple_new(nk + 1);
    Obj *r = NULL;
    if (vec && kn) {
        for (Ssize i = 0; i < nargs + nk; i++) vec[i] = args[i];
        vec[nargs + nk] = TRUE_;
        for (Ssize i = 0; i < nk; i++) TUPLE_ITEMS(kn)[i] = INCREF(TUPLE_ITEMS(kw)[i]);
        TUPLE_ITEMS(kn)[nk] = INCREF(id_str("exc_info"));
        r = obj_call(f, vec, nargs, kn);
    } else if (!vm_err_occurred()) {
        vm_err_no_memory();
    }
    free(vec);
    XDECREF(kn);
    DECREF(f);
    return r;
}

static Obj *logger_exception(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return call_with_exc_info(self, "error", args, nargs, kw);
}

static Obj *logger_log(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 2) {
        Obj *miss[2] = {S("level"), S("msg")};
        args_err_missing("Logger.log", miss + nargs, 2 - nargs, false);
        XDECREF(miss[0]);
        XDECREF(miss[1]);
        return NULL;
    }
    if (!INT_CHECK(args[0])) {
        if (raise_exceptions()) {
            vm_err_set_str(&exc_TypeError, "level must be an integer");
            return NULL;
        }
        return INCREF(NONE);
    }
    return log_at(self, args[0], args + 1, nargs - 1, kw, "Logger.log");
}

static Obj *logger_handle(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("handle", nargs, kw) < 0) return NULL;
    int d = truth_attr(self, "disabled");
    if (d) return d < 0 ? NULL : INCREF(NONE);
    Obj *maybe = meth1(self, "filter", args[0]);
    if (!maybe) return NULL;
    int t = obj_is_true(maybe);
    if (t <= 0) {
        DECREF(maybe);
        return t < 0 ? NULL : INCREF(NONE);
    }
    int isrec = obj_isinstance(maybe, record_cls);
    Obj *rec = isrec > 0 ? maybe : args[0];
    int r = isrec < 0 ? -1 : call_void(self, "callHandlers", &rec, 1);
    DECREF(maybe);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *logger_add_handler(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("addHandler", nargs, kw) < 0) return NULL;
    Obj *l = ga(self, "handlers");
    int in = l ? obj_contains(l, args[0]) : -1;
    if (in == 0) in = call_void(l, "append", args, 1);
    XDECREF(l);
    return in < 0 ? NULL : INCREF(NONE);
}

static Obj *logger_remove_handler(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("removeHandler", nargs, kw) < 0) return NULL;
    Obj *l = ga(self, "handlers");
    int in = l ? obj_contains(l, args[0]) : -1;
    if (in > 0) in = call_void(l, "remove", args, 1);
    XDECREF(l);
    return in < 0 ? NULL : INCREF(NONE);
}

static Obj *logger_has_handlers(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("hasHandlers", nargs, kw) < 0) return NULL;
    Obj *c = INCREF(self);
    for (;;) {
        int t = obj_is_true(c);
        if (t <= 0) {
            DECREF(c);
            return t < 0 ? NULL : bool_from(false);
        }
        int h = truth_attr(c, "handlers");
        if (h) {
            DECREF(c);
            return h < 0 ? NULL : bool_from(true);
        }
        int p = truth_attr(c, "propagate");
        if (p <= 0) {
            DECREF(c);
            return p < 0 ? NULL : bool_from(false);
        }
        Obj *n = ga(c, "parent");
        DECREF(c);
        if (!n) return NULL;
        c = n;
    }
}

static Obj *logger_call_handlers(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("callHandlers", nargs, kw) < 0) return NULL;
    Obj *rec = args[0];
    Obj *levelno = ga(rec, "levelno");
    if (!levelno) return NULL;
    Obj *c = INCREF(self);
    Ssize found = 0;
    int rc = 0;
    for (;;) {
        int t = obj_is_true(c);
        if (t <= 0) {
            rc = t;
            break;
        }
        Obj *hs = ga(c, "handlers");
        Obj *l = hs ? seq_to_list(hs) : NULL;
        XDECREF(hs);
        if (!l) {
            rc = -1;
            break;
        }
        for (Ssize i = 0; rc == 0 && i < LIST_LEN(l); i++) {
            Obj *h = LIST_ITEMS(l)[i];
            found++;
            Obj *hl = ga(h, "level");
            int ge = hl ? obj_richcompare_bool(levelno, hl, CMP_GE) : -1;
            XDECREF(hl);
            if (ge > 0) ge = call_void(h, "handle", &rec, 1);
            if (ge < 0) rc = -1;
        }
        DECREF(l);
        if (rc < 0) break;
        int p = truth_attr(c, "propagate");
        if (p <= 0) {
            rc = p;
            break;
        }
        Obj *n = ga(c, "parent");
        DECREF(c);
        c = n;
        if (!c) {
            rc = -1;
            break;
        }
    }
    XDECREF(c);
    if (rc == 0 && found == 0) {
        Obj *lr = dict_get_str_borrow(module_dict_borrow(mod), "lastResort");
        int t = lr ? obj_is_true(lr) : 0;
        if (t > 0) {
            Obj *hl = ga(lr, "level");
            int ge = hl ? obj_richcompare_bool(levelno, hl, CMP_GE) : -1;
            XDECREF(hl);
            if (ge > 0) ge = call_void(lr, "handle", &rec, 1);
            if (ge < 0) rc = -1;
        } else if (t == 0 && raise_exceptions()) {
            Obj *m = ga(self, "manager");
            int w = m ? truth_attr(m, "emittedNoHandlerWarning") : -1;
            if (w == 0) {
                Obj *name = ga(self, "name");
                Obj *err = sys_stream("stderr");
                Obj *s = name ? str_from_fmt("No handlers could be found for logger \"%S\"\n", name) : NULL;
                Obj *x = s ? meth1(err, "write", s) : NULL;
                if (!x || sa(m, "emittedNoHandlerWarning", TRUE_) < 0) w = -1;
                XDECREF(x);
                XDECREF(s);
                XDECREF(err);
                XDECREF(name);
            }
            XDECREF(m);
            if (w < 0) rc = -1;
        } else if (t < 0) {
            rc = -1;
        }
    }
    DECREF(levelno);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *logger_get_child(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("getChild", nargs, kw) < 0) return NULL;
    Obj *root = ga(self, "root");
    if (!root) return NULL;
    Obj *suffix;
    if (root != self) {
        Obj *name = ga(self, "name");
        suffix = name ? str_from_fmt("%S.%S", name, args[0]) : NULL;
        XDECREF(name);
    } else {
        suffix = INCREF(args[0]);
    }
    DECREF(root);
    Obj *m = suffix ? ga(self, "manager") : NULL;
    Obj *r = m ? meth1(m, "getLogger", suffix) : NULL;
    XDECREF(m);
    XDECREF(suffix);
    return r;
}

static Obj *logger_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *lv = meth0(self, "getEffectiveLevel");
    Obj *ln = lv ? level_name(lv) : NULL;
    XDECREF(lv);
    Obj *name = ln ? ga(self, "name") : NULL;
    Obj *r = name ? str_from_fmt("<%s %S (%S)>", type_name(OBJ_TYPE(self)), name, ln) : NULL;
    XDECREF(name);
    XDECREF(ln);
    return r;
}

static const MethodDef logger_methods[] = {
    {"__init__", logger_init, METH_FAST, NULL},
    {"setLevel", logger_set_level, METH_FAST, NULL},
    {"debug", logger_debug, METH_FAST, NULL},
    {"info", logger_info, METH_FAST, NULL},
    {"warning", logger_warning, METH_FAST, NULL},
    {"warn", logger_warn, METH_FAST, NULL},
    {"error", logger_error, METH_FAST, NULL},
    {"exception", logger_exception, METH_FAST, NULL},
    {"critical", logger_critical, METH_FAST, NULL},
    {"fatal", logger_fatal, METH_FAST, NULL},
    {"log", logger_log, METH_FAST, NULL},
    {"findCaller", logger_find_caller, METH_FAST, NULL},
    {"makeRecord", logger_make_record, METH_FAST, NULL},
    {"_log", logger__log, METH_FAST, NULL},
    {"handle", logger_handle, METH_FAST, NULL},
    {"addHandler", logger_add_handler, METH_FAST, NULL},
    {"removeHandler", logger_remove_handler, METH_FAST, NULL},
    {"hasHandlers", logger_has_handlers, METH_FAST, NULL},
    {"callHandlers", logger_call_handlers, METH_FAST, NULL},
    {"getEffectiveLevel", logger_get_effective_level, METH_FAST, NULL},
    {"isEnabledFor", logger_is_enabled_for, METH_FAST, NULL},
    {"getChild", logger_get_child, METH_FAST, NULL},
    {"__repr__", logger_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef root_methods[] = {
    {"__init__", root_init, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- LoggerAdapter ------------------------------------------------------------------------------------------ */

static Obj *ad_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"logger", "extra"};
    Obj *v[2];
    if (mh_bind_m("LoggerAdapter.__init__", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    if (sa(self, "logger", v[0]) < 0 || sa(self, "extra", v[1] ? v[1] : NONE) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *ad_process(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"msg", "kwargs"};
    Obj *v[2];
    if (mh_bind_m("LoggerAdapter.process", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *extra = ga(self, "extra");
    int r = extra ? obj_setitem(v[1], id_str("extra"), extra) : -1;
    XDECREF(extra);
    return r < 0 ? NULL : tuple_pack(2, v[0], v[1]);
}

static Obj *ad_log_impl(Obj *self, Obj *level, Obj *const *args, Ssize nargs, Obj *kw)
{
    /* args: msg, *args; kw: **kwargs */
    if (nargs < 1) {
        Obj *n = S("msg");
        if (n) args_err_missing("LoggerAdapter.log", &n, 1, false);
        XDECREF(n);
        return NULL;
    }
    Obj *en = meth1(self, "isEnabledFor", level);
    int t = en ? obj_is_true(en) : -1;
    XDECREF(en);
    if (t <= 0) return t < 0 ? NULL : INCREF(NONE);
    Obj *kwargs = dict_new();
    if (!kwargs) return NULL;
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(kwargs, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) {
            DECREF(kwargs);
            return NULL;
        }
    Obj *res = meth2(self, "process", args[0], kwargs);
    DECREF(kwargs);
    if (!res) return NULL;
    Obj *pair = seq_to_tuple(res);
    DECREF(res);
    if (!pair) return NULL;
    if (TUPLE_LEN(pair) != 2) {
        vm_err_format(&exc_ValueError, "too many values to unpack (expected 2)");
        DECREF(pair);
        return NULL;
    }
    Obj *pos = tuple_new(nargs + 1);
    if (!pos) {
        DECREF(pair);
        return NULL;
    }
    TUPLE_ITEMS(pos)[0] = INCREF(level);
    TUPLE_ITEMS(pos)[1] = INCREF(TUPLE_ITEMS(pair)[0]);
    for (Ssize i = 1; i < nargs; i++) TUPLE_ITEMS(pos)[i + 1] = INCREF(args[i]);
    Obj *lg = ga(self, "logger");
    Obj *f = lg ? ga(lg, "log") : NULL;
    Obj *r = f ? vm_call_ex(f, pos, TUPLE_ITEMS(pair)[1]) : NULL;
    XDECREF(f);
    XDECREF(lg);
    DECREF(pos);
    DECREF(pair);
    return r;
}

static Obj *ad_at(Obj *self, int level, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *lv = int_from_i64(level);
    Obj *r = lv ? ad_log_impl(self, lv, args, nargs, kw) : NULL;
    XDECREF(lv);
    return r;
}

static Obj *ad_debug(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_at(s, DEBUG, a, n, k); }
static Obj *ad_info(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_at(s, INFO, a, n, k); }
static Obj *ad_warning(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_at(s, WARNING, a, n, k); }
static Obj *ad_error(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_at(s, ERROR, a, n, k); }
static Obj *ad_critical(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_at(s, CRITICAL, a, n, k); }

static Obj *ad_exception(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return call_with_exc_info(self, "error", args, nargs, kw);
}

static Obj *ad_log(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 1) {
        Obj *miss[2] = {S("level"), S("msg")};
        args_err_missing("LoggerAdapter.log", miss, 2, false);
        XDECREF(miss[0]);
        XDECREF(miss[1]);
        return NULL;
    }
    return ad_log_impl(self, args[0], args + 1, nargs - 1, kw);
}

static Obj *ad_forward(Obj *self, const char *name, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *lg = ga(self, "logger");
    Obj *f = lg ? ga(lg, name) : NULL;
    Obj *r = f ? obj_call(f, args, nargs, kw) : NULL;
    XDECREF(f);
    XDECREF(lg);
    return r;
}

static Obj *ad_is_enabled(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_forward(s, "isEnabledFor", a, n, k); }
static Obj *ad_set_level(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_forward(s, "setLevel", a, n, k); }
static Obj *ad_eff(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_forward(s, "getEffectiveLevel", a, n, k); }
static Obj *ad_has(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_forward(s, "hasHandlers", a, n, k); }
static Obj *ad__log(Obj *s, Obj *const *a, Ssize n, Obj *k) { return ad_forward(s, "_log", a, n, k); }

static Obj *ad_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *lg = ga(self, "logger");
    Obj *lv = lg ? meth0(lg, "getEffectiveLevel") : NULL;
    Obj *ln = lv ? level_name(lv) : NULL;
    Obj *name = ln ? ga(lg, "name") : NULL;
    Obj *r = name ? str_from_fmt("<%s %S (%S)>", type_name(OBJ_TYPE(self)), name, ln) : NULL;
    XDECREF(name);
    XDECREF(ln);
    XDECREF(lv);
    XDECREF(lg);
    return r;
}

static Obj *ad_get_manager(Obj *self, void *c)
{
    (void)c;
    Obj *lg = ga(self, "logger");
    Obj *r = lg ? ga(lg, "manager") : NULL;
    XDECREF(lg);
    return r;
}

static int ad_set_manager(Obj *self, Obj *v, void *c)
{
    (void)c;
    Obj *lg = ga(self, "logger");
    int r = lg ? (v ? sa(lg, "manager", v) : -1) : -1;
    XDECREF(lg);
    return r;
}

static Obj *ad_get_name(Obj *self, void *c)
{
    (void)c;
    Obj *lg = ga(self, "logger");
    Obj *r = lg ? ga(lg, "name") : NULL;
    XDECREF(lg);
    return r;
}

static const MethodDef ad_methods[] = {
    {"__init__", ad_init, METH_FAST, NULL},
    {"process", ad_process, METH_FAST, NULL},
    {"debug", ad_debug, METH_FAST, NULL},
    {"info", ad_info, METH_FAST, NULL},
    {"warning", ad_warning, METH_FAST, NULL},
    {"error", ad_error, METH_FAST, NULL},
    {"exception", ad_exception, METH_FAST, NULL},
    {"critical", ad_critical, METH_FAST, NULL},
    {"log", ad_log, METH_FAST, NULL},
    {"isEnabledFor", ad_is_enabled, METH_FAST, NULL},
    {"setLevel", ad_set_level, METH_FAST, NULL},
    {"getEffectiveLevel", ad_eff, METH_FAST, NULL},
    {"hasHandlers", ad_has, METH_FAST, NULL},
    {"_log", ad__log, METH_FAST, NULL},
    {"__repr__", ad_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef ad_getsets[] = {
    {"manager", ad_get_manager, ad_set_manager, NULL, NULL},
    {"name", ad_get_name, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *handler_name_get(Obj *self, void *c)
{
    (void)c;
    return ga(self, "_name");
}

static int handler_name_set(Obj *self, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_AttributeError, "can't delete attribute");
        return -1;
    }
    Obj *r = handler_set_name(self, &v, 1, NULL);
    XDECREF(r);
    return r ? 0 : -1;
}

static const GetSetDef handler_getsets[] = {
    {"name", handler_name_get, handler_name_set, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *eh_stream_get(Obj *self, void *c)
{
    (void)self;
    (void)c;
    return sys_stream("stderr");
}

static const GetSetDef eh_getsets[] = {
    {"stream", eh_stream_get, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- module functions ---------------------------------------------------------------------------------------- */

static Obj *f_get_logger(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"name"};
    Obj *v[1];
    if (mh_bind("getLogger", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *name = v[0];
    int t = name ? obj_is_true(name) : 0;
    if (t < 0) return NULL;
    if (!t) return INCREF(root_logger);
    if (STR_CHECK(name)) {
        Obj *rn = ga(root_logger, "name");
        int eq = rn ? obj_richcompare_bool(name, rn, CMP_EQ) : -1;
        XDECREF(rn);
        if (eq) return eq < 0 ? NULL : INCREF(root_logger);
    }
    Obj *m = ga(logger_cls, "manager");
    Obj *r = m ? meth1(m, "getLogger", name) : NULL;
    XDECREF(m);
    return r;
}

static Obj *pop_kw(Obj *d, const char *k, Obj *dflt)   /* new ref */
{
    Obj *key = S(k), *v = NULL;
    if (!key) return NULL;
    int r = dict_pop_opt(d, key, &v);
    DECREF(key);
    if (r < 0) return NULL;
    return r ? v : INCREF(dflt);
}

static Obj *f_basic_config(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (nargs) {
        vm_err_format(&exc_TypeError, "basicConfig() takes 0 positional arguments but %zd %s given", nargs,
                      nargs == 1 ? "was" : "were");
        return NULL;
    }
    Obj *kwargs = dict_new(), *r = NULL, *handlers = NULL, *fmt = NULL;
    Obj *force = NULL, *encoding = NULL, *errors = NULL;
    if (!kwargs) return NULL;
    for (Ssize i = 0; i < mh_nkw(kw); i++)
        if (dict_set(kwargs, TUPLE_ITEMS(kw)[i], args[i]) < 0) goto out;
    Obj *br = S("backslashreplace");
    force = pop_kw(kwargs, "force", FALSE_);
    encoding = force ? pop_kw(kwargs, "encoding", NONE) : NULL;
    errors = encoding && br ? pop_kw(kwargs, "errors", br) : NULL;
    XDECREF(br);
    if (!errors) goto out;
    int ft = obj_is_true(force);
    if (ft < 0) goto out;
    if (ft) {
        Obj *hs = ga(root_logger, "handlers");
        Obj *l = hs ? seq_to_list(hs) : NULL;
        XDECREF(hs);
        if (!l) goto out;
        for (Ssize i = 0; i < LIST_LEN(l); i++) {
            Obj *h = LIST_ITEMS(l)[i];
            if (call_void(root_logger, "removeHandler", &h, 1) < 0 || call_void(h, "close", NULL, 0) < 0) {
                DECREF(l);
                goto out;
            }
        }
        DECREF(l);
    }
    Obj *hs = ga(root_logger, "handlers");
    Ssize nh = hs ? obj_length(hs) : -1;
    XDECREF(hs);
    if (nh < 0) goto out;
    if (nh == 0) {
        handlers = pop_kw(kwargs, "handlers", NONE);
        if (!handlers) goto out;
        bool has_stream = dict_get_str_borrow(kwargs, "stream") != NULL;
        bool has_file = dict_get_str_borrow(kwargs, "filename") != NULL;
        if (handlers == NONE) {
            if (has_stream && has_file) {
                vm_err_set_str(&exc_ValueError, "'stream' and 'filename' should not be specified together");
                goto out;
            }
        } else if (has_stream || has_file) {
            vm_err_set_str(&exc_ValueError, "'stream' or 'filename' should not be specified together with 'handlers'");
            goto out;
        }
        if (handlers == NONE) {
            Obj *a = S("a");
            Obj *filename = pop_kw(kwargs, "filename", NONE);
            Obj *mode = filename && a ? pop_kw(kwargs, "filemode", a) : NULL;
            XDECREF(a);
            Obj *h = NULL;
            int t = mode ? obj_is_true(filename) : -1;
            if (t > 0) {
                Obj *b = S("b");
                int hasb = b ? obj_contains(mode, b) : -1;
                XDECREF(b);
                if (hasb > 0) obj_setref(&errors, INCREF(NONE));
                Obj *kn = hasb >= 0 ? tuple_pack(2, id_str("encoding"), id_str("errors")) : NULL;
                h = kn ? obj_call(file_cls, (Obj *[]){filename, mode, encoding, errors}, 2, kn) : NULL;
                XDECREF(kn);
            } else if (t == 0) {
                Obj *stream = pop_kw(kwargs, "stream", NONE);
                h = stream ? obj_call(stream_cls, &stream, 1, NULL) : NULL;
                XDECREF(stream);
            }
            XDECREF(filename);
            XDECREF(mode);
            if (!h) goto out;
            obj_setref(&handlers, list_from_array(&h, 1));
            DECREF(h);
            if (!handlers) goto out;
        }
        Obj *dfs = pop_kw(kwargs, "datefmt", NONE);
        Obj *pct = S("%");
        Obj *style = pct ? pop_kw(kwargs, "style", pct) : NULL;
        XDECREF(pct);
        if (!dfs || !style) {
            XDECREF(dfs);
            XDECREF(style);
            goto out;
        }
        const char *dflt = NULL;
        if (str_is(style, "%")) dflt = "%(levelname)s:%(name)s:%(message)s";
        else if (str_is(style, "{")) dflt = "{levelname}:{name}:{message}";
        else if (str_is(style, "$")) dflt = "${levelname}:${name}:${message}";
        if (!dflt) {
            vm_err_set_str(&exc_ValueError, "Style must be one of: %,{,$");
            DECREF(dfs);
            DECREF(style);
            goto out;
        }
        Obj *ds = S(dflt);
        Obj *fs = ds ? pop_kw(kwargs, "format", ds) : NULL;
        XDECREF(ds);
        fmt = fs ? obj_call(formatter_cls, (Obj *[]){fs, dfs, style}, 3, NULL) : NULL;
        XDECREF(fs);
        DECREF(dfs);
        DECREF(style);
        if (!fmt) goto out;
        Obj *it = obj_getiter(handlers), *h;
        if (!it) goto out;
        while ((h = obj_iternext(it))) {
            Obj *hf = ga(h, "formatter");
            int rc = hf ? 0 : -1;
            if (hf == NONE) rc = call_void(h, "setFormatter", &fmt, 1);
            XDECREF(hf);
            if (rc == 0) rc = call_void(root_logger, "addHandler", &h, 1);
            DECREF(h);
            if (rc < 0) break;
        }
        DECREF(it);
        if (vm_err_occurred()) goto out;
        Obj *level = pop_kw(kwargs, "level", NONE);
        if (!level) goto out;
        int rc = level != NONE ? call_void(root_logger, "setLevel", &level, 1) : 0;
        DECREF(level);
        if (rc < 0) goto out;
        if (dict_len(kwargs)) {
            Obj *keys = dict_keys_list(kwargs);
            Obj *sep = keys ? S(", ") : NULL;
            Obj *j = sep ? str_join(sep, keys) : NULL;
            XDECREF(keys);
            XDECREF(sep);
            if (j) vm_err_format(&exc_ValueError, "Unrecognised argument(s): %S", j);
            XDECREF(j);
            goto out;
        }
    }
    r = INCREF(NONE);
out:
    XDECREF(fmt);
    XDECREF(handlers);
    XDECREF(force);
    XDECREF(encoding);
    XDECREF(errors);
    DECREF(kwargs);
    return r;
}

/* logging.debug(...) and friends: basicConfig() when the root has no handler, then root.NAME(...) */
static Obj *module_level(const char *name, Obj *const *args, Ssize nargs, Obj *kw, bool exc_info)
{
    Obj *hs = ga(root_logger, "handlers");
    Ssize n = hs ? obj_length(hs) : -1;
    XDECREF(hs);
    if (n < 0) return NULL;
    if (n == 0) {
        Obj *x = f_basic_config(NULL, NULL, 0, NULL);
        if (!x) return NULL;
        DECREF(x);
    }
    if (exc_info) return call_with_exc_info(root_logger, name, args, nargs, kw);
    Obj *f = ga(root_logger, name);
    Obj *r = f ? obj_call(f, args, nargs, kw) : NULL;
    XDECREF(f);
    return r;
}

static Obj *f_debug(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return module_level("debug", a, n, k, false); }
static Obj *f_info(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return module_level("info", a, n, k, false); }
static Obj *f_warning(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return module_level("warning", a, n, k, false); }
static Obj *f_error(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return module_level("error", a, n, k, false); }
static Obj *f_critical(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return module_level("critical", a, n, k, false); }
static Obj *f_exception(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return module_level("error", a, n, k, true); }
static Obj *f_log(Obj *s, Obj *const *a, Ssize n, Obj *k) { (void)s; return module_level("log", a, n, k, false); }

static Obj *f_warn(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *m = S("The 'warn' function is deprecated, use 'warning' instead");
    int w = m ? warnings_warn(&exc_DeprecationWarning, m, 1) : -1;
    XDECREF(m);
    if (w < 0) return NULL;
    return module_level("warning", args, nargs, kw, false);
}

static Obj *f_disable(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"level"};
    Obj *v[1];
    if (mh_bind("disable", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *lv = v[0] ? check_level(v[0]) : int_from_i64(CRITICAL);
    Obj *m = lv ? ga(root_logger, "manager") : NULL;
    int r = m ? sa(m, "disable", lv) : -1;
    if (r == 0) r = clear_cache(m);
    XDECREF(m);
    XDECREF(lv);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *f_shutdown(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"handlerList"};
    Obj *v[1];
    if (mh_bind("shutdown", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *l = seq_to_list(v[0] ? v[0] : handler_list);
    if (!l) return NULL;
    for (Ssize i = LIST_LEN(l) - 1; i >= 0; i--) {
        Obj *h = obj_call(LIST_ITEMS(l)[i], NULL, 0, NULL);
        if (!h) goto fail;
        int t = obj_is_true(h);
        if (t > 0) {
            int rc = call_void(h, "acquire", NULL, 0);
            Obj *foc = rc == 0 ? ga_opt(h, "flushOnClose") : NULL;
            int doflush = rc == 0 && !vm_err_occurred() ? (foc ? obj_is_true(foc) : 1) : -1;
            XDECREF(foc);
            if (doflush > 0) rc = call_void(h, "flush", NULL, 0);
            else if (doflush < 0) rc = -1;
            if (rc == 0) rc = call_void(h, "close", NULL, 0);
            if (rc < 0 && (vm_err_matches(&exc_OSError) || vm_err_matches(&exc_ValueError))) {
                vm_err_clear();
                rc = 0;
            }
            Obj *saved = rc < 0 ? vm_err_fetch() : NULL;
            call_void(h, "release", NULL, 0);
            if (saved) vm_err_restore(saved);
            if (rc < 0) t = -1;
        }
        DECREF(h);
        if (t < 0) goto fail;
    }
    DECREF(l);
    return INCREF(NONE);
fail:
    DECREF(l);
    if (!raise_exceptions()) {
        vm_err_clear();
        return INCREF(NONE);
    }
    return NULL;
}

static Obj *f_set_logger_class(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_one_arg("setLoggerClass", nargs, kw) < 0) return NULL;
    if (args[0] != logger_cls) {
        int sub = obj_issubclass(args[0], logger_cls);
        if (sub < 0) return NULL;
        if (!sub) {
            Obj *n = ga(args[0], "__name__");
            if (n) vm_err_format(&exc_TypeError, "logger not derived from logging.Logger: %S", n);
            XDECREF(n);
            return NULL;
        }
    }
    return module_add(mod, "_loggerClass", INCREF(args[0])) < 0 ? NULL : INCREF(NONE);
}

static Obj *f_get_logger_class(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("getLoggerClass", nargs, kw) < 0) return NULL;
    Obj *g = dict_get_str_borrow(module_dict_borrow(mod), "_loggerClass");
    return INCREF(g ? g : logger_cls);
}

static Obj *f_get_handler_by_name(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_one_arg("getHandlerByName", nargs, kw) < 0) return NULL;
    Obj *h = dict_get_borrow(handlers_by_name, args[0]);
    return h ? INCREF(h) : vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *f_get_handler_names(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("getHandlerNames", nargs, kw) < 0) return NULL;
    return frozenset_new(handlers_by_name);
}

static Obj *f_current_frame(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("currentframe", nargs, kw) < 0) return NULL;
    return vm->frame ? INCREF(vm->frame) : INCREF(NONE);
}

/* captureWarnings: warnings.showwarning replaced by one that logs to
 * "py.warnings" (a NullHandler added when it has none), the original
 * kept for warnings written to an explicit file */
static Obj *saved_showwarning;

static Obj *f_showwarning(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"message", "category", "filename", "lineno", "file", "line"};
    Obj *v[6];
    if (mh_bind("_showwarning", args, nargs, kw, names, 6, 6, 0, 4, 0, v) < 0) return NULL;
    if (v[4] && v[4] != NONE) {
        if (saved_showwarning)
            return obj_call(saved_showwarning, (Obj *[]){v[0], v[1], v[2], v[3], v[4], v[5] ? v[5] : NONE}, 6, NULL);
        return INCREF(NONE);
    }
    Obj *fw = import_attr("warnings", "formatwarning");
    Obj *s = fw ? obj_call(fw, (Obj *[]){v[0], v[1], v[2], v[3], v[5] ? v[5] : NONE}, 5, NULL) : NULL;
    XDECREF(fw);
    Obj *name = s ? S("py.warnings") : NULL;
    Obj *lg = name ? f_get_logger(NULL, &name, 1, NULL) : NULL;
    XDECREF(name);
    Obj *r = NULL;
    if (lg) {
        int has = truth_attr(lg, "handlers");
        if (has == 0) {
            Obj *nh = obj_call(null_cls, NULL, 0, NULL);
            if (!nh || call_void(lg, "addHandler", &nh, 1) < 0) has = -1;
            XDECREF(nh);
        }
        Obj *str = has >= 0 ? obj_str(s) : NULL;
        r = str ? obj_call_method(lg, "warning", &str, 1) : NULL;
        XDECREF(str);
    }
    XDECREF(lg);
    XDECREF(s);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *f_capture_warnings(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"capture"};
    Obj *v[1];
    if (mh_bind("captureWarnings", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    int t = obj_is_true(v[0]);
    if (t < 0) return NULL;
    Obj *wmod = import_name(id_str("warnings"), NULL, NULL, 0);
    if (!wmod) return NULL;
    int rc = 0;
    if (t && !saved_showwarning) {
        saved_showwarning = ga(wmod, "showwarning");
        Obj *fn = saved_showwarning ? dict_get_str_borrow(module_dict_borrow(mod), "_showwarning") : NULL;
        rc = fn ? sa(wmod, "showwarning", fn) : -1;
    } else if (!t && saved_showwarning) {
        rc = sa(wmod, "showwarning", saved_showwarning);
        CLEAR(saved_showwarning);
    }
    DECREF(wmod);
    return rc < 0 ? NULL : INCREF(NONE);
}

static const MethodDef logging_functions[] = {
    {"getLevelName", f_get_level_name, METH_FAST, NULL},
    {"addLevelName", f_add_level_name, METH_FAST, NULL},
    {"getLevelNamesMapping", f_get_level_names_mapping, METH_FAST, NULL},
    {"makeLogRecord", f_make_log_record, METH_FAST, NULL},
    {"setLogRecordFactory", f_set_record_factory, METH_FAST, NULL},
    {"getLogRecordFactory", f_get_record_factory, METH_FAST, NULL},
    {"getLogger", f_get_logger, METH_FAST, NULL},
    {"basicConfig", f_basic_config, METH_FAST, NULL},
    {"debug", f_debug, METH_FAST, NULL},
    {"info", f_info, METH_FAST, NULL},
    {"warning", f_warning, METH_FAST, NULL},
    {"warn", f_warn, METH_FAST, NULL},
    {"error", f_error, METH_FAST, NULL},
    {"exception", f_exception, METH_FAST, NULL},
    {"critical", f_critical, METH_FAST, NULL},
    {"fatal", f_critical, METH_FAST, NULL},
    {"log", f_log, METH_FAST, NULL},
    {"disable", f_disable, METH_FAST, NULL},
    {"shutdown", f_shutdown, METH_FAST, NULL},
    {"setLoggerClass", f_set_logger_class, METH_FAST, NULL},
    {"getLoggerClass", f_get_logger_class, METH_FAST, NULL},
    {"getHandlerByName", f_get_handler_by_name, METH_FAST, NULL},
    {"getHandlerNames", f_get_handler_names, METH_FAST, NULL},
    {"currentframe", f_current_frame, METH_FAST, NULL},
    {"captureWarnings", f_capture_warnings, METH_FAST, NULL},
    {"_showwarning", f_showwarning, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ---------------------------------------------------------------------------------------------- */

static Obj *mk(const char *name, Obj *bases, const MethodDef *defs, const GetSetDef *gs)   /* steals bases */
{
    if (!bases) return NULL;
    Obj *c = mh_class(MOD, name, bases, defs, gs, NULL);
    DECREF(bases);
    return c;
}

static int set_cls_attr(Obj *cls, const char *name, Obj *v)   /* steals v */
{
    if (!v) return -1;
    Obj *k = S(name);
    int r = k ? obj_setattr(cls, k, v) : -1;
    XDECREF(k);
    DECREF(v);
    return r;
}

/* ---- logging.handlers ------------------------------------------------------------------------------------------
 * The file-based handlers most programs use: RotatingFileHandler (size
 * rollover exactly as CPython: shouldRollover measures the formatted
 * record plus "\n" against the stream's end, doRollover shifts .1 … .N
 * through rotation_filename/rotate so namer and rotator are honoured),
 * TimedRotatingFileHandler (its attributes and validation; the time
 * rollover itself is not performed), WatchedFileHandler (a FileHandler;
 * the file is not reopened when moved), BufferingHandler, MemoryHandler
 * and QueueHandler. */

static Obj *brh_cls, *rfh_cls, *trfh_cls, *wfh_cls, *bufh_cls, *memh_cls, *queueh_cls;

static Obj *os_call(const char *fn, Obj *const *args, Ssize nargs)
{
    const char *dot = strchr(fn, '.');
    Obj *f = dot ? import_attr("os.path", dot + 1) : import_attr("os", fn);
    Obj *r = f ? obj_call(f, args, nargs, NULL) : NULL;
    XDECREF(f);
    return r;
}

static int os_truth(const char *fn, Obj *arg)
{
    Obj *r = os_call(fn, &arg, 1);
    int t = r ? obj_is_true(r) : -1;
    XDECREF(r);
    return t;
}

/* FileHandler.__init__(self, filename, mode, encoding=…, delay=…, errors=…) */
static int file_handler_setup(Obj *self, Obj *filename, Obj *mode, Obj *encoding, Obj *delay, Obj *errors)
{
    Obj *kn = tuple_pack(3, id_str("encoding"), id_str("delay"), id_str("errors"));
    Obj *x = kn ? fh_init(self, (Obj *[]){filename, mode, encoding, delay, errors}, 2, kn) : NULL;
    XDECREF(kn);
    XDECREF(x);
    return x ? 0 : -1;
}

static Obj *text_encoding(Obj *mode, Obj *encoding)
{
    Obj *b = S("b");
    int hasb = b ? obj_contains(mode, b) : -1;
    XDECREF(b);
    if (hasb < 0) return NULL;
    if (!hasb && encoding == NONE) return S("locale");
    return INCREF(encoding);
}

static Obj *brh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"filename", "mode", "encoding", "delay", "errors"};
    Obj *v[5];
    if (mh_bind_m("BaseRotatingHandler.__init__", args, nargs, kw, names, 5, 5, 0, 2, 0, v) < 0) return NULL;
    Obj *enc = v[2] ? v[2] : NONE, *err = v[4] ? v[4] : NONE;
    if (file_handler_setup(self, v[0], v[1], enc, v[3] ? v[3] : FALSE_, err) < 0 || sa(self, "mode", v[1]) < 0 ||
        sa(self, "encoding", enc) < 0 || sa(self, "errors", err) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *brh_emit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("emit", nargs, kw) < 0) return NULL;
    Obj *sr = meth1(self, "shouldRollover", args[0]);
    int t = sr ? obj_is_true(sr) : -1;
    XDECREF(sr);
    int ok = t >= 0 && (!t || call_void(self, "doRollover", NULL, 0) == 0);
    if (ok) {
        Obj *x = fh_emit(self, args, 1, NULL);
        ok = x != NULL;
        XDECREF(x);
    }
    if (ok) return INCREF(NONE);
    if (vm_err_matches(&exc_RecursionError) || !vm_err_matches(&exc_Exception)) return NULL;
    Obj *saved = emit_error;
    emit_error = vm_err_fetch();
    int r = call_void(self, "handleError", args, 1);
    DECREF(emit_error);
    emit_error = saved;
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *brh_rotation_filename(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("rotation_filename", nargs, kw) < 0) return NULL;
    Obj *namer = ga(self, "namer");
    if (!namer) return NULL;
    Obj *r = OBJ_TYPE(namer)->call && namer != NONE ? obj_call(namer, args, 1, NULL) : INCREF(args[0]);
    DECREF(namer);
    return r;
}

static Obj *brh_rotate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("rotate", "rotate", nargs, kw, 2, 2) < 0) return NULL;
    Obj *rot = ga(self, "rotator");
    if (!rot) return NULL;
    Obj *r;
    if (rot != NONE && OBJ_TYPE(rot)->call) {
        r = obj_call(rot, args, 2, NULL);
    } else {
        int ex = os_truth("path.exists", args[0]);
        r = ex < 0 ? NULL : ex ? os_call("rename", args, 2) : INCREF(NONE);
    }
    DECREF(rot);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *rfh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"filename", "mode", "maxBytes", "backupCount", "encoding", "delay", "errors"};
    Obj *v[7];
    if (mh_bind_m("RotatingFileHandler.__init__", args, nargs, kw, names, 7, 7, 0, 1, 0, v) < 0) return NULL;
    Obj *zero = int_from_i64(0);
    Obj *maxb = v[2] ? v[2] : zero, *backup = v[3] ? v[3] : zero;
    Obj *mode = v[1] ? INCREF(v[1]) : S("a");
    int gt = mode && zero ? obj_richcompare_bool(maxb, zero, CMP_GT) : -1;
    if (gt > 0) obj_setref(&mode, S("a"));
    Obj *enc = gt >= 0 && mode ? text_encoding(mode, v[4] ? v[4] : NONE) : NULL;
    Obj *r = NULL;
    if (enc) {
        Obj *kn = tuple_pack(3, id_str("encoding"), id_str("delay"), id_str("errors"));
        Obj *x = kn ? brh_init(self, (Obj *[]){v[0], mode, enc, v[5] ? v[5] : FALSE_, v[6] ? v[6] : NONE}, 2, kn)
                    : NULL;
        XDECREF(kn);
        if (x && sa(self, "maxBytes", maxb) == 0 && sa(self, "backupCount", backup) == 0) r = INCREF(NONE);
        XDECREF(x);
    }
    XDECREF(enc);
    XDECREF(mode);
    XDECREF(zero);
    return r;
}

static Obj *rfh_do_rollover(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("doRollover", nargs, kw) < 0) return NULL;
    Obj *st = ga(self, "stream");
    if (!st) return NULL;
    int t = obj_is_true(st);
    if (t > 0 && (call_void(st, "close", NULL, 0) < 0 || sa(self, "stream", NONE) < 0)) t = -1;
    DECREF(st);
    if (t < 0) return NULL;
    int err = 0;
    int64_t backup = int_attr(self, "backupCount", &err);
    Obj *base = err ? NULL : ga(self, "baseFilename");
    if (!base) return NULL;
    int rc = 0;
    if (backup > 0) {
        for (int64_t i = backup - 1; rc == 0 && i > 0; i--) {
            Obj *s1 = str_from_fmt("%S.%lld", base, (long long)i), *s2 = str_from_fmt("%S.%lld", base, (long long)(i + 1));
            Obj *sfn = s1 ? meth1(self, "rotation_filename", s1) : NULL;
            Obj *dfn = s2 && sfn ? meth1(self, "rotation_filename", s2) : NULL;
            XDECREF(s1);
            XDECREF(s2);
            int ex = dfn ? os_truth("path.exists", sfn) : -1;
            if (ex > 0) {
                int ex2 = os_truth("path.exists", dfn);
                Obj *x = ex2 > 0 ? os_call("remove", &dfn, 1) : ex2 == 0 ? INCREF(NONE) : NULL;
                Obj *y = x ? os_call("rename", (Obj *[]){sfn, dfn}, 2) : NULL;
                if (!y) rc = -1;
                XDECREF(x);
                XDECREF(y);
            } else if (ex < 0) {
                rc = -1;
            }
            XDECREF(sfn);
            XDECREF(dfn);
        }
        Obj *s1 = rc == 0 ? str_from_fmt("%S.1", base) : NULL;
        Obj *dfn = s1 ? meth1(self, "rotation_filename", s1) : NULL;
        XDECREF(s1);
        int ex = dfn ? os_truth("path.exists", dfn) : -1;
        Obj *x = ex > 0 ? os_call("remove", &dfn, 1) : ex == 0 ? INCREF(NONE) : NULL;
        if (!x || call_void(self, "rotate", (Obj *[]){base, dfn}, 2) < 0) rc = -1;
        XDECREF(x);
        XDECREF(dfn);
    }
    DECREF(base);
    if (rc < 0) return NULL;
    int delay = truth_attr(self, "delay");
    if (delay < 0) return NULL;
    if (!delay && sa_steal(self, "stream", meth0(self, "_open")) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *rfh_should_rollover(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("shouldRollover", nargs, kw) < 0) return NULL;
    Obj *base = ga(self, "baseFilename");
    if (!base) return NULL;
    int ex = os_truth("path.exists", base);
    int isf = ex > 0 ? os_truth("path.isfile", base) : 1;
    DECREF(base);
    if (ex < 0 || isf < 0) return NULL;
    if (ex > 0 && !isf) return bool_from(false);
    Obj *st = ga(self, "stream");
    if (!st) return NULL;
    if (st == NONE) {
        DECREF(st);
        st = meth0(self, "_open");
        if (!st || sa(self, "stream", st) < 0) {
            XDECREF(st);
            return NULL;
        }
    }
    int err = 0;
    int64_t maxb = int_attr(self, "maxBytes", &err);
    Obj *r = NULL;
    if (err) goto out;
    if (maxb > 0) {
        Obj *msg = meth1(self, "format", args[0]);
        Obj *line = msg ? str_from_fmt("%S\n", msg) : NULL;
        XDECREF(msg);
        Obj *zero = int_from_i64(0), *two = int_from_i64(2);
        Obj *x = line && zero && two ? obj_call_method(st, "seek", (Obj *[]){zero, two}, 2) : NULL;
        Obj *pos = x ? meth0(st, "tell") : NULL;
        int64_t p = 0;
        int ok = pos && int_as_i64(pos, &p) == 0;
        Ssize ll = line ? obj_length(line) : 0;
        XDECREF(zero);
        XDECREF(two);
        XDECREF(x);
        XDECREF(pos);
        XDECREF(line);
        if (!ok) goto out;
        if (p + ll >= maxb) {
            r = bool_from(true);
            goto out;
        }
    }
    r = bool_from(false);
out:
    DECREF(st);
    return r;
}

static const MethodDef brh_methods[] = {
    {"__init__", brh_init, METH_FAST, NULL},
    {"emit", brh_emit, METH_FAST, NULL},
    {"rotation_filename", brh_rotation_filename, METH_FAST, NULL},
    {"rotate", brh_rotate, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef rfh_methods[] = {
    {"__init__", rfh_init, METH_FAST, NULL},
    {"doRollover", rfh_do_rollover, METH_FAST, NULL},
    {"shouldRollover", rfh_should_rollover, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *trfh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"filename", "when", "interval", "backupCount", "encoding", "delay", "utc",
                                        "atTime", "errors"};
    Obj *v[9];
    if (mh_bind_m("TimedRotatingFileHandler.__init__", args, nargs, kw, names, 9, 9, 0, 1, 0, v) < 0) return NULL;
    Obj *a = S("a");
    Obj *enc = a ? text_encoding(a, v[4] ? v[4] : NONE) : NULL;
    Obj *r = NULL, *when = NULL;
    if (!enc) goto out;
    Obj *kn = tuple_pack(3, id_str("encoding"), id_str("delay"), id_str("errors"));
    Obj *x = kn ? brh_init(self, (Obj *[]){v[0], a, enc, v[5] ? v[5] : FALSE_, v[8] ? v[8] : NONE}, 2, kn) : NULL;
    XDECREF(kn);
    if (!x) goto out;
    DECREF(x);
    Obj *w0 = v[1] ? INCREF(v[1]) : S("h");
    when = w0 ? meth0(w0, "upper") : NULL;
    XDECREF(w0);
    if (!when) goto out;
    int64_t secs = 0;
    const char *suffix = NULL;
    if (str_is(when, "S")) secs = 1, suffix = "%Y-%m-%d_%H-%M-%S";
    else if (str_is(when, "M")) secs = 60, suffix = "%Y-%m-%d_%H-%M";
    else if (str_is(when, "H")) secs = 3600, suffix = "%Y-%m-%d_%H";
    else if (str_is(when, "D") || str_is(when, "MIDNIGHT")) secs = 86400, suffix = "%Y-%m-%d";
    else if (STR_CHECK(when) && obj_length(when) >= 1 && str_char(when, 0) == 'W') {
        if (obj_length(when) != 2) {
            vm_err_format(&exc_ValueError, "You must specify a day for weekly rollover from 0 to 6 (0 is Monday): %S", when);
            goto out;
        }
        uint32_t d = str_char(when, 1);
        if (d < '0' || d > '6') {
            vm_err_format(&exc_ValueError, "Invalid day specified for weekly rollover: %S", when);
            goto out;
        }
        secs = 604800, suffix = "%Y-%m-%d";
    } else {
        vm_err_format(&exc_ValueError, "Invalid rollover interval specified: %S", when);
        goto out;
    }
    int64_t interval = 1;
    if (v[2] && int_as_i64(v[2], &interval) < 0) goto out;
    if (sa(self, "when", when) < 0 || sa_steal(self, "backupCount", v[3] ? INCREF(v[3]) : int_from_i64(0)) < 0 ||
        sa(self, "utc", v[6] ? v[6] : FALSE_) < 0 || sa(self, "atTime", v[7] ? v[7] : NONE) < 0 ||
        sa_steal(self, "suffix", S(suffix)) < 0 || sa_steal(self, "interval", int_from_i64(secs * interval)) < 0 ||
        sa_steal(self, "rolloverAt", int_from_i64((int64_t)now() + secs * interval)) < 0)
        goto out;
    r = INCREF(NONE);
out:
    XDECREF(when);
    XDECREF(enc);
    XDECREF(a);
    return r;
}

static Obj *trfh_should_rollover(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_one_arg("shouldRollover", nargs, kw) < 0) return NULL;
    return bool_from(false);
}

static const MethodDef trfh_methods[] = {
    {"__init__", trfh_init, METH_FAST, NULL},
    {"shouldRollover", trfh_should_rollover, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *bufh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"capacity"};
    Obj *v[1];
    if (mh_bind_m("BufferingHandler.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (handler_setup(self, NULL) < 0 || sa(self, "capacity", v[0]) < 0 || sa_steal(self, "buffer", list_new(0)) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *bufh_should_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_one_arg("shouldFlush", nargs, kw) < 0) return NULL;
    Obj *b = ga(self, "buffer"), *cap = b ? ga(self, "capacity") : NULL;
    Ssize n = cap ? obj_length(b) : -1;
    Obj *nl = n >= 0 ? int_from_i64(n) : NULL;
    int ge = nl ? obj_richcompare_bool(nl, cap, CMP_GE) : -1;
    XDECREF(b);
    XDECREF(cap);
    XDECREF(nl);
    return ge < 0 ? NULL : bool_from(ge);
}

static Obj *bufh_emit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("emit", nargs, kw) < 0) return NULL;
    Obj *b = ga(self, "buffer");
    int r = b ? call_void(b, "append", args, 1) : -1;
    XDECREF(b);
    if (r < 0) return NULL;
    Obj *sf = meth1(self, "shouldFlush", args[0]);
    int t = sf ? obj_is_true(sf) : -1;
    XDECREF(sf);
    if (t < 0 || (t && call_void(self, "flush", NULL, 0) < 0)) return NULL;
    return INCREF(NONE);
}

static Obj *bufh_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("flush", nargs, kw) < 0) return NULL;
    Obj *b = ga(self, "buffer");
    int r = b ? call_void(b, "clear", NULL, 0) : -1;
    XDECREF(b);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *bufh_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("close", nargs, kw) < 0) return NULL;
    int r = call_void(self, "flush", NULL, 0);
    Obj *saved = r < 0 ? vm_err_fetch() : NULL;
    Obj *x = handler_close(self, NULL, 0, NULL);
    XDECREF(x);
    if (saved) vm_err_restore(saved);
    return r < 0 || !x ? NULL : INCREF(NONE);
}

static const MethodDef bufh_methods[] = {
    {"__init__", bufh_init, METH_FAST, NULL},
    {"shouldFlush", bufh_should_flush, METH_FAST, NULL},
    {"emit", bufh_emit, METH_FAST, NULL},
    {"flush", bufh_flush, METH_FAST, NULL},
    {"close", bufh_close, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *memh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"capacity", "flushLevel", "target", "flushOnClose"};
    Obj *v[4];
    if (mh_bind_m("MemoryHandler.__init__", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    Obj *x = bufh_init(self, v, 1, NULL);
    if (!x) return NULL;
    DECREF(x);
    Obj *fl = v[1] ? INCREF(v[1]) : int_from_i64(ERROR);
    if (sa_steal(self, "flushLevel", fl) < 0 || sa(self, "target", v[2] ? v[2] : NONE) < 0 ||
        sa(self, "flushOnClose", v[3] ? v[3] : TRUE_) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *memh_should_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("shouldFlush", nargs, kw) < 0) return NULL;
    Obj *full = bufh_should_flush(self, args, 1, NULL);
    if (!full || full == TRUE_) return full;
    DECREF(full);
    Obj *lv = ga(args[0], "levelno"), *fl = lv ? ga(self, "flushLevel") : NULL;
    int ge = fl ? obj_richcompare_bool(lv, fl, CMP_GE) : -1;
    XDECREF(lv);
    XDECREF(fl);
    return ge < 0 ? NULL : bool_from(ge);
}

static Obj *memh_set_target(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("setTarget", nargs, kw) < 0) return NULL;
    return sa(self, "target", args[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *memh_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("flush", nargs, kw) < 0) return NULL;
    Obj *t = ga(self, "target");
    if (!t) return NULL;
    int tt = obj_is_true(t);
    int rc = tt < 0 ? -1 : 0;
    if (tt > 0) {
        Obj *b = ga(self, "buffer");
        Obj *l = b ? seq_to_list(b) : NULL;
        for (Ssize i = 0; l && rc == 0 && i < LIST_LEN(l); i++) rc = call_void(t, "handle", &LIST_ITEMS(l)[i], 1);
        if (!l) rc = -1;
        if (rc == 0) rc = call_void(b, "clear", NULL, 0);
        XDECREF(l);
        XDECREF(b);
    }
    DECREF(t);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *memh_close(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("close", nargs, kw) < 0) return NULL;
    int foc = truth_attr(self, "flushOnClose");
    int rc = foc < 0 ? -1 : foc ? call_void(self, "flush", NULL, 0) : 0;
    Obj *saved = rc < 0 ? vm_err_fetch() : NULL;
    sa(self, "target", NONE);
    Obj *x = bufh_close(self, NULL, 0, NULL);
    XDECREF(x);
    if (saved) {
        vm_err_clear();
        vm_err_restore(saved);
    }
    return rc < 0 || !x ? NULL : INCREF(NONE);
}

static const MethodDef memh_methods[] = {
    {"__init__", memh_init, METH_FAST, NULL},
    {"shouldFlush", memh_should_flush, METH_FAST, NULL},
    {"setTarget", memh_set_target, METH_FAST, NULL},
    {"flush", memh_flush, METH_FAST, NULL},
    {"close", memh_close, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *queueh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"queue"};
    Obj *v[1];
    if (mh_bind_m("QueueHandler.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (handler_setup(self, NULL) < 0 || sa(self, "queue", v[0]) < 0 || sa(self, "listener", NONE) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *queueh_enqueue(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("enqueue", nargs, kw) < 0) return NULL;
    Obj *q = ga(self, "queue");
    Obj *r = q ? obj_call_method(q, "put_nowait", args, 1) : NULL;
    XDECREF(q);
    return r;
}

static Obj *queueh_prepare(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("prepare", nargs, kw) < 0) return NULL;
    Obj *msg = meth1(self, "format", args[0]);
    Obj *cp = msg ? import_attr("copy", "copy") : NULL;
    Obj *rec = cp ? obj_call(cp, args, 1, NULL) : NULL;
    XDECREF(cp);
    if (!rec || sa(rec, "message", msg) < 0 || sa(rec, "msg", msg) < 0 || sa(rec, "args", NONE) < 0 ||
        sa(rec, "exc_info", NONE) < 0 || sa(rec, "exc_text", NONE) < 0 || sa(rec, "stack_info", NONE) < 0)
        CLEAR(rec);
    XDECREF(msg);
    return rec;
}

static Obj *queueh_emit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("emit", nargs, kw) < 0) return NULL;
    Obj *rec = meth1(self, "prepare", args[0]);
    int ok = rec && call_void(self, "enqueue", &rec, 1) == 0;
    XDECREF(rec);
    if (ok) return INCREF(NONE);
    if (vm_err_matches(&exc_RecursionError) || !vm_err_matches(&exc_Exception)) return NULL;
    Obj *saved = emit_error;
    emit_error = vm_err_fetch();
    int r = call_void(self, "handleError", args, 1);
    DECREF(emit_error);
    emit_error = saved;
    return r < 0 ? NULL : INCREF(NONE);
}

static const MethodDef queueh_methods[] = {
    {"__init__", queueh_init, METH_FAST, NULL},
    {"enqueue", queueh_enqueue, METH_FAST, NULL},
    {"prepare", queueh_prepare, METH_FAST, NULL},
    {"emit", queueh_emit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *handlers_mod;

static Obj *handlers_init(void)
{
    if (handlers_mod) return INCREF(handlers_mod);
    Obj *lg = import_name(id_str("logging"), NULL, NULL, 0);
    if (!lg) return NULL;
    DECREF(lg);
    if (!(brh_cls = mk("BaseRotatingHandler", tuple_pack(1, file_cls), brh_methods, NULL))) return NULL;
    if (!(rfh_cls = mk("RotatingFileHandler", tuple_pack(1, brh_cls), rfh_methods, NULL))) return NULL;
    if (!(trfh_cls = mk("TimedRotatingFileHandler", tuple_pack(1, brh_cls), trfh_methods, NULL))) return NULL;
    if (!(wfh_cls = mk("WatchedFileHandler", tuple_pack(1, file_cls), NULL, NULL))) return NULL;
    if (!(bufh_cls = mk("BufferingHandler", tuple_pack(1, handler_cls), bufh_methods, NULL))) return NULL;
    if (!(memh_cls = mk("MemoryHandler", tuple_pack(1, bufh_cls), memh_methods, NULL))) return NULL;
    if (!(queueh_cls = mk("QueueHandler", tuple_pack(1, handler_cls), queueh_methods, NULL))) return NULL;
    Obj *classes[] = {brh_cls, rfh_cls, trfh_cls, wfh_cls, bufh_cls, memh_cls, queueh_cls};
    for (int i = 0; i < 7; i++) {
        Obj *mn = S("logging.handlers");
        if (!mn || obj_setattr(classes[i], id_str("__module__"), mn) < 0) {
            XDECREF(mn);
            return NULL;
        }
        DECREF(mn);
    }
    if (sa(brh_cls, "namer", NONE) < 0 || sa(brh_cls, "rotator", NONE) < 0) return NULL;
    Obj *m = mh_module("logging.handlers", NULL);
    if (!m) return NULL;
    const char *names[] = {"BaseRotatingHandler", "RotatingFileHandler", "TimedRotatingFileHandler",
                           "WatchedFileHandler", "BufferingHandler", "MemoryHandler", "QueueHandler"};
    for (int i = 0; i < 7; i++)
        if (mh_add_obj(m, names[i], classes[i]) < 0) {
            DECREF(m);
            return NULL;
        }
    static const struct { const char *n; int v; } ports[] = {
        {"DEFAULT_TCP_LOGGING_PORT", 9020}, {"DEFAULT_UDP_LOGGING_PORT", 9021},
        {"DEFAULT_HTTP_LOGGING_PORT", 9022}, {"DEFAULT_SOAP_LOGGING_PORT", 9023}, {"SYSLOG_UDP_PORT", 514},
        {"SYSLOG_TCP_PORT", 514}};
    for (int i = 0; i < 6; i++)
        if (module_add(m, ports[i].n, int_from_i64(ports[i].v)) < 0) {
            DECREF(m);
            return NULL;
        }
    handlers_mod = m;
    return INCREF(m);
}

/* ---- logging.config.dictConfig -------------------------------------------------------------------------------
 * The version-1 schema as config.py's DictConfigurator applies it:
 * existing handlers shut down, formatters, filters, handlers (in sorted
 * name order, MemoryHandler targets deferred), loggers (their children
 * kept, other existing loggers disabled unless disable_existing_loggers is
 * false), root; "()" factories, "class" paths resolved by import, "."
 * properties, ext:// values.  Errors are ValueError("Unable to configure
 * handler 'x'") chained from the cause, as CPython raises them.
 * cfg:// references and fileConfig/listen are left out. */

static Obj *config_mod;

/* resolve("pkg.mod.attr"): import the first part, then getattr or import each further part */
static Obj *cfg_resolve(Obj *name)
{
    Obj *dot = S(".");
    Obj *parts = dot ? obj_call_method(name, "split", &dot, 1) : NULL;
    XDECREF(dot);
    if (!parts || LIST_LEN(parts) == 0) {
        XDECREF(parts);
        return NULL;
    }
    Obj *used = INCREF(LIST_ITEMS(parts)[0]);
    Obj *found = import_name(used, NULL, NULL, 0);
    for (Ssize i = 1; found && i < LIST_LEN(parts); i++) {
        Obj *frag = LIST_ITEMS(parts)[i];
        obj_setref(&used, str_from_fmt("%S.%S", used, frag));
        if (!used) {
            CLEAR(found);
            break;
        }
        Obj *next = NULL;
        if (obj_lookup_attr(found, frag, &next) < 0) {
            CLEAR(found);
            break;
        }
        if (!next) {
            Obj *m = import_name(used, NULL, NULL, 0);
            XDECREF(m);
            if (!m || obj_lookup_attr(found, frag, &next) < 0 || !next) {
                if (!vm_err_occurred()) vm_err_format(&exc_AttributeError, "module has no attribute %R", frag);
                CLEAR(found);
                break;
            }
        }
        obj_setref(&found, next);
    }
    XDECREF(used);
    DECREF(parts);
    if (!found && (vm_err_matches(&exc_ImportError) || vm_err_matches(&exc_AttributeError))) {
        Obj *e = vm_err_fetch();
        vm_err_format(&exc_ValueError, "Cannot resolve %R: %S", name, e);
        Obj *v = vm_err_fetch();
        ((ExcObj *)v)->cause = e;
        ((ExcObj *)v)->suppress_context = true;
        vm_err_restore(v);
    }
    return found;
}

/* ext://… values become the object they name */
static Obj *cfg_convert(Obj *v)
{
    if (STR_CHECK(v) && obj_length(v) > 6) {
        Obj *pre = str_substr(v, 0, 6);
        bool ext = pre && str_eq_cstr(pre, "ext://");
        XDECREF(pre);
        if (ext) {
            Obj *rest = str_substr(v, 6, obj_length(v));
            Obj *r = rest ? cfg_resolve(rest) : NULL;
            XDECREF(rest);
            return r;
        }
    }
    return INCREF(v);
}

/* raise ValueError(fmt % name) from the pending exception */
static void cfg_wrap(const char *fmt, Obj *name)   /* name NULL: fmt is the message */
{
    Obj *cause = vm_err_fetch();
    if (name) vm_err_format(&exc_ValueError, fmt, name);
    else vm_err_set_str(&exc_ValueError, fmt);
    Obj *e = vm_err_fetch();
    if (e && cause) {
        ((ExcObj *)e)->cause = cause;
        ((ExcObj *)e)->suppress_context = true;
        INCREF(cause);
        ((ExcObj *)e)->context = cause;
    } else {
        XDECREF(cause);
    }
    vm_err_restore(e);
}

static Obj *dget(Obj *d, const char *k) { return DICT_CHECK(d) ? dict_get_str_borrow(d, k) : NULL; }

/* factory(**{k: convert(v) for the keys of config but skip}) */
static Obj *cfg_call_factory(Obj *factory, Obj *config, const char *const *skip, int nskip)
{
    Obj *kwargs = dict_new();
    Ssize pos = 0;
    Obj *k, *v;
    while (kwargs && dict_next(config, &pos, &k, &v)) {
        bool drop = !STR_CHECK(k) || !str_isidentifier(k);
        for (int i = 0; i < nskip && !drop; i++) drop = str_eq_cstr(k, skip[i]);
        if (drop) continue;
        Obj *cv = cfg_convert(v);
        if (!cv || dict_set(kwargs, k, cv) < 0) CLEAR(kwargs);
        XDECREF(cv);
    }
    if (!kwargs) return NULL;
    Obj *t = tuple_new(0);
    Obj *r = t ? vm_call_ex(factory, t, kwargs) : NULL;
    XDECREF(t);
    DECREF(kwargs);
    return r;
}

static Obj *cfg_factory_of(Obj *spec)
{
    return OBJ_TYPE(spec)->call && !STR_CHECK(spec) ? INCREF(spec) : cfg_resolve(spec);
}

static Obj *cfg_custom(Obj *config)
{
    Obj *spec = dget(config, "()");
    Obj *f = spec ? cfg_factory_of(spec) : NULL;
    if (!f) return NULL;
    static const char *const skip[] = {"()", "."};
    Obj *r = cfg_call_factory(f, config, skip, 2);
    DECREF(f);
    Obj *props = r ? dget(config, ".") : NULL;
    if (props && DICT_CHECK(props)) {
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(props, &pos, &k, &v))
            if (obj_setattr(r, k, v) < 0) {
                CLEAR(r);
                break;
            }
    }
    return r;
}

static Obj *cfg_formatter(Obj *config)
{
    if (!DICT_CHECK(config)) {
        vm_err_set_str(&exc_TypeError, "formatter configuration must be a dict");
        return NULL;
    }
    if (dget(config, "()")) return cfg_custom(config);
    Obj *fmt = dget(config, "format"), *dfmt = dget(config, "datefmt"), *style = dget(config, "style");
    Obj *cname = dget(config, "class"), *defaults = dget(config, "defaults"), *validate = dget(config, "validate");
    Obj *c = cname && obj_is_true(cname) > 0 ? cfg_resolve(cname) : INCREF(formatter_cls);
    if (!c) return NULL;
    Obj *pct = S("%");
    Obj *a[5] = {fmt ? fmt : NONE, dfmt ? dfmt : NONE, style ? style : pct, validate ? validate : TRUE_, NULL};
    Ssize na = validate ? 4 : 3;
    a[na] = defaults;
    Obj *kn = defaults ? tuple_pack(1, id_str("defaults")) : NULL;
    Obj *r = pct && (!defaults || kn) ? obj_call(c, a, na, kn) : NULL;
    XDECREF(kn);
    XDECREF(pct);
    DECREF(c);
    return r;
}

static int cfg_add_filters(Obj *filterer, Obj *filters, Obj *all_filters)
{
    Obj *it = obj_getiter(filters), *f;
    if (!it) return -1;
    while ((f = obj_iternext(it))) {
        Obj *flt = NULL;
        Obj *meth = ga_opt(f, "filter");
        if (OBJ_TYPE(f)->call || (meth && OBJ_TYPE(meth)->call)) flt = INCREF(f);
        else if (!vm_err_occurred() && all_filters) flt = obj_getitem(all_filters, f);
        XDECREF(meth);
        if (!flt && !vm_err_occurred()) vm_err_set_key(f);
        int rc = flt ? call_void(filterer, "addFilter", &flt, 1) : -1;
        XDECREF(flt);
        if (rc < 0) {
            cfg_wrap("Unable to add filter %R", f);
            DECREF(f);
            break;
        }
        DECREF(f);
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 0;
}

/* configure_handler: a new handler, NULL with *deferred set when its target is not configured yet */
static Obj *cfg_handler(Obj *cfg, Obj *config, bool *deferred)
{
    *deferred = false;
    if (!DICT_CHECK(config)) {
        vm_err_set_str(&exc_TypeError, "handler configuration must be a dict");
        return NULL;
    }
    Obj *formatters = dget(cfg, "formatters"), *filters_all = dget(cfg, "filters"), *handlers = dget(cfg, "handlers");
    Obj *fname = dget(config, "formatter"), *formatter = NULL;
    if (fname && obj_is_true(fname) > 0) {
        formatter = formatters ? obj_getitem(formatters, fname) : NULL;
        if (!formatter) {
            if (!vm_err_occurred()) vm_err_set_key(fname);
            cfg_wrap("Unable to set formatter %R", fname);
            return NULL;
        }
    }
    Obj *level = dget(config, "level"), *filters = dget(config, "filters");
    Obj *factory = NULL, *r = NULL, *extra = NULL;
    static const char *const skip[] = {"formatter", "level", "filters", "()", "class", ".", "target"};
    if (dget(config, "()")) {
        factory = cfg_factory_of(dget(config, "()"));
    } else {
        Obj *cname = dget(config, "class");
        if (!cname) {
            vm_err_set_key(id_str("class"));
            goto out;
        }
        factory = cfg_factory_of(cname);
        if (factory && memh_cls && dget(config, "target")) {
            int sub = obj_issubclass(factory, memh_cls);
            if (sub > 0) {
                Obj *tn = dget(config, "target");
                Obj *th = handlers ? dict_get_borrow(handlers, tn) : NULL;
                int ish = th ? obj_isinstance(th, handler_cls) : 0;
                if (!th || ish <= 0) {
                    if (ish == 0) {
                        vm_err_set_str(&exc_TypeError, "target not configured yet");
                        *deferred = true;
                    }
                    cfg_wrap("Unable to set target handler %R", tn);
                    goto out;
                }
                extra = INCREF(th);
            } else if (sub < 0) {
                goto out;
            }
        }
    }
    if (!factory) goto out;
    if (extra) {
        Obj *cfg2 = dict_copy(config);
        if (!cfg2 || dict_set_str(cfg2, "target", extra) < 0) {
            XDECREF(cfg2);
            goto out;
        }
        static const char *const skip2[] = {"formatter", "level", "filters", "()", "class", "."};
        r = cfg_call_factory(factory, cfg2, skip2, 6);
        DECREF(cfg2);
    } else {
        r = cfg_call_factory(factory, config, skip, 7);
    }
    if (!r) goto out;
    if (formatter && call_void(r, "setFormatter", &formatter, 1) < 0) CLEAR(r);
    if (r && level && level != NONE) {
        Obj *lv = check_level(level);
        if (!lv || call_void(r, "setLevel", &lv, 1) < 0) CLEAR(r);
        XDECREF(lv);
    }
    if (r && filters && obj_is_true(filters) > 0 && cfg_add_filters(r, filters, filters_all) < 0) CLEAR(r);
    Obj *props = r ? dget(config, ".") : NULL;
    if (props && DICT_CHECK(props)) {
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(props, &pos, &k, &v))
            if (obj_setattr(r, k, v) < 0) {
                CLEAR(r);
                break;
            }
    }
out:
    XDECREF(extra);
    XDECREF(factory);
    XDECREF(formatter);
    return r;
}

static int cfg_common_logger(Obj *cfg, Obj *logger, Obj *config, bool incremental)
{
    if (!DICT_CHECK(config)) {
        vm_err_set_str(&exc_TypeError, "logger configuration must be a dict");
        return -1;
    }
    Obj *level = dget(config, "level");
    if (level && level != NONE) {
        Obj *lv = check_level(level);
        int rc = lv ? call_void(logger, "setLevel", &lv, 1) : -1;
        XDECREF(lv);
        if (rc < 0) return -1;
    }
    if (incremental) return 0;
    Obj *hs = ga(logger, "handlers");
    Obj *l = hs ? seq_to_list(hs) : NULL;
    XDECREF(hs);
    if (!l) return -1;
    for (Ssize i = 0; i < LIST_LEN(l); i++)
        if (call_void(logger, "removeHandler", &LIST_ITEMS(l)[i], 1) < 0) {
            DECREF(l);
            return -1;
        }
    DECREF(l);
    Obj *names = dget(config, "handlers");
    if (names) {
        Obj *all = dget(cfg, "handlers");
        Obj *it = obj_getiter(names), *n;
        if (!it) return -1;
        while ((n = obj_iternext(it))) {
            Obj *h = all ? obj_getitem(all, n) : NULL;
            if (!h && !vm_err_occurred()) vm_err_set_key(n);
            int rc = h ? call_void(logger, "addHandler", &h, 1) : -1;
            XDECREF(h);
            if (rc < 0) {
                cfg_wrap("Unable to add handler %R", n);
                DECREF(n);
                break;
            }
            DECREF(n);
        }
        DECREF(it);
        if (vm_err_occurred()) return -1;
    }
    Obj *filters = dget(config, "filters");
    if (filters && cfg_add_filters(logger, filters, dget(cfg, "filters")) < 0) return -1;
    return 0;
}

static Obj *f_dict_config(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"config"};
    Obj *v[1];
    if (mh_bind("dictConfig", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (!DICT_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "dictConfig() argument must be a dict, not %s", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    Obj *cfg = dict_copy(v[0]), *r = NULL, *existing = NULL, *children = NULL;
    if (!cfg) return NULL;
    /* the sub-dicts are converted in place by CPython; work on copies of them */
    static const char *const subs[] = {"formatters", "filters", "handlers", "loggers"};
    for (int i = 0; i < 4; i++) {
        Obj *d = dget(cfg, subs[i]);
        if (d && DICT_CHECK(d)) {
            Obj *c = dict_copy(d);
            if (!c || dict_set_str(cfg, subs[i], c) < 0) {
                XDECREF(c);
                goto out;
            }
            DECREF(c);
        }
    }
    Obj *ver = dget(cfg, "version");
    if (!ver) {
        vm_err_set_str(&exc_ValueError, "dictionary doesn't specify a version");
        goto out;
    }
    Obj *one = int_from_i64(1);
    int ne = one ? obj_richcompare_bool(ver, one, CMP_NE) : -1;
    XDECREF(one);
    if (ne) {
        if (ne > 0) vm_err_format(&exc_ValueError, "Unsupported version: %S", ver);
        goto out;
    }
    Obj *inc = dget(cfg, "incremental");
    int incremental = inc ? obj_is_true(inc) : 0;
    if (incremental < 0) goto out;
    if (incremental) {
        Obj *hs = dget(cfg, "handlers");
        Ssize pos = 0;
        Obj *k, *hc;
        while (hs && dict_next(hs, &pos, &k, &hc)) {
            Obj *h = dict_get_borrow(handlers_by_name, k);
            if (!h) {
                vm_err_format(&exc_ValueError, "No handler found with name %R", k);
                goto out;
            }
            Obj *level = dget(hc, "level");
            if (level && obj_is_true(level) > 0) {
                Obj *lv = check_level(level);
                int rc = lv ? call_void(h, "setLevel", &lv, 1) : -1;
                XDECREF(lv);
                if (rc < 0) {
                    cfg_wrap("Unable to configure handler %R", k);
                    goto out;
                }
            }
        }
        Obj *ls = dget(cfg, "loggers");
        pos = 0;
        while (ls && dict_next(ls, &pos, &k, &hc)) {
            Obj *lg = f_get_logger(NULL, &k, 1, NULL);
            int rc = lg ? cfg_common_logger(cfg, lg, hc, true) : -1;
            XDECREF(lg);
            if (rc < 0) {
                cfg_wrap("Unable to configure logger %R", k);
                goto out;
            }
        }
        Obj *root = dget(cfg, "root");
        if (root && obj_is_true(root) > 0 && cfg_common_logger(cfg, root_logger, root, true) < 0) {
            cfg_wrap("Unable to configure root logger", NULL);
            goto out;
        }
        r = INCREF(NONE);
        goto out;
    }
    Obj *dis = dget(cfg, "disable_existing_loggers");
    int disable = dis ? obj_is_true(dis) : 1;
    if (disable < 0) goto out;
    /* _clearExistingHandlers */
    dict_clear(handlers_by_name);
    Obj *copy = list_slice(handler_list, 0, LIST_LEN(handler_list));
    Obj *x = copy ? f_shutdown(NULL, &copy, 1, NULL) : NULL;
    XDECREF(copy);
    if (!x || list_set_slice(handler_list, 0, LIST_LEN(handler_list), NULL) < 0) {
        XDECREF(x);
        goto out;
    }
    DECREF(x);
    Obj *fmts = dget(cfg, "formatters");
    Obj *mkeys = fmts && DICT_CHECK(fmts) ? dict_keys_list(fmts) : NULL;
    for (Ssize i = 0; mkeys && i < LIST_LEN(mkeys); i++) {
        Obj *f = cfg_formatter(dict_get_borrow(fmts, LIST_ITEMS(mkeys)[i]));
        if (!f || dict_set(fmts, LIST_ITEMS(mkeys)[i], f) < 0) {
            XDECREF(f);
            cfg_wrap("Unable to configure formatter %R", LIST_ITEMS(mkeys)[i]);
            DECREF(mkeys);
            goto out;
        }
        DECREF(f);
    }
    XDECREF(mkeys);
    Obj *flts = dget(cfg, "filters");
    Obj *fkeys = flts && DICT_CHECK(flts) ? dict_keys_list(flts) : NULL;
    for (Ssize i = 0; fkeys && i < LIST_LEN(fkeys); i++) {
        Obj *fc = dict_get_borrow(flts, LIST_ITEMS(fkeys)[i]);
        Obj *f;
        if (DICT_CHECK(fc) && dget(fc, "()")) {
            f = cfg_custom(fc);
        } else {
            Obj *nm = DICT_CHECK(fc) ? dget(fc, "name") : NULL;
            Obj *e = nm ? NULL : S("");
            f = obj_call(filter_cls, nm ? &nm : &e, 1, NULL);
            XDECREF(e);
        }
        if (!f || dict_set(flts, LIST_ITEMS(fkeys)[i], f) < 0) {
            XDECREF(f);
            cfg_wrap("Unable to configure filter %R", LIST_ITEMS(fkeys)[i]);
            DECREF(fkeys);
            goto out;
        }
        DECREF(f);
    }
    XDECREF(fkeys);
    Obj *hs = dget(cfg, "handlers");
    Obj *hkeys = hs && DICT_CHECK(hs) ? dict_keys_list(hs) : NULL;
    if (hkeys && list_sort(hkeys, NULL, false) < 0) {
        DECREF(hkeys);
        goto out;
    }
    Obj *deferred = list_new(0);
    for (int pass = 0; hkeys && deferred && pass < 2; pass++) {
        Obj *todo = pass == 0 ? hkeys : deferred;
        Obj *tl = seq_to_list(todo);
        if (pass == 1) list_set_slice(deferred, 0, LIST_LEN(deferred), NULL);
        for (Ssize i = 0; tl && i < LIST_LEN(tl); i++) {
            Obj *name = LIST_ITEMS(tl)[i];
            bool def;
            Obj *h = cfg_handler(cfg, dict_get_borrow(hs, name), &def);
            if (!h) {
                if (def && pass == 0) {
                    vm_err_clear();
                    list_append(deferred, name);
                    continue;
                }
                cfg_wrap("Unable to configure handler %R", name);
                DECREF(tl);
                DECREF(hkeys);
                DECREF(deferred);
                goto out;
            }
            int rc = obj_setattr(h, id_str("name"), name) < 0 || dict_set(hs, name, h) < 0;
            DECREF(h);
            if (rc) {
                DECREF(tl);
                DECREF(hkeys);
                DECREF(deferred);
                goto out;
            }
        }
        XDECREF(tl);
    }
    XDECREF(hkeys);
    XDECREF(deferred);
    /* loggers, children of configured loggers kept */
    Obj *mgr = ga(root_logger, "manager");
    Obj *ld = mgr ? ga(mgr, "loggerDict") : NULL;
    XDECREF(mgr);
    existing = ld ? dict_keys_list(ld) : NULL;
    if (!existing || list_sort(existing, NULL, false) < 0) {
        XDECREF(ld);
        goto out;
    }
    children = list_new(0);
    Obj *ls = dget(cfg, "loggers");
    Obj *lkeys = ls && DICT_CHECK(ls) ? dict_keys_list(ls) : NULL;
    for (Ssize i = 0; lkeys && children && i < LIST_LEN(lkeys); i++) {
        Obj *name = LIST_ITEMS(lkeys)[i];
        Ssize at = -1;
        for (Ssize j = 0; j < LIST_LEN(existing); j++)
            if (obj_richcompare_bool(LIST_ITEMS(existing)[j], name, CMP_EQ) > 0) {
                at = j;
                break;
            }
        if (at >= 0) {
            Obj *prefixed = str_from_fmt("%S.", name);
            Ssize pl = prefixed ? obj_length(prefixed) : 0;
            for (Ssize j = at + 1; prefixed && j < LIST_LEN(existing); j++) {
                Obj *e = LIST_ITEMS(existing)[j];
                Obj *head = STR_CHECK(e) ? str_substr(e, 0, pl) : NULL;
                if (head && str_eq(head, prefixed)) list_append(children, e);
                XDECREF(head);
            }
            XDECREF(prefixed);
            list_set_slice(existing, at, at + 1, NULL);
        }
        Obj *lg = f_get_logger(NULL, &name, 1, NULL);
        Obj *lc = lg ? dict_get_borrow(ls, name) : NULL;
        int rc = lc ? cfg_common_logger(cfg, lg, lc, false) : -1;
        if (rc == 0) {
            Obj *prop = dget(lc, "propagate");
            if (prop && obj_setattr(lg, id_str("propagate"), prop) < 0) rc = -1;
        }
        XDECREF(lg);
        if (rc < 0) {
            cfg_wrap("Unable to configure logger %R", name);
            XDECREF(lkeys);
            XDECREF(ld);
            goto out;
        }
    }
    XDECREF(lkeys);
    /* _handle_existing_loggers */
    for (Ssize j = 0; ld && j < LIST_LEN(existing); j++) {
        Obj *name = LIST_ITEMS(existing)[j];
        Obj *lg = dict_get_borrow(ld, name);
        if (!lg) continue;
        int child = obj_contains(children, name);
        if (child > 0) {
            if (obj_isinstance(lg, placeholder_cls) == 0) {
                Obj *z = int_from_i64(NOTSET);
                int rc = z ? call_void(lg, "setLevel", &z, 1) : -1;
                XDECREF(z);
                if (rc < 0 || sa_steal(lg, "handlers", list_new(0)) < 0 || sa(lg, "propagate", TRUE_) < 0) {
                    XDECREF(ld);
                    goto out;
                }
            }
        } else if (child == 0) {
            if (sa(lg, "disabled", disable ? TRUE_ : FALSE_) < 0) {
                XDECREF(ld);
                goto out;
            }
        }
    }
    XDECREF(ld);
    Obj *root = dget(cfg, "root");
    if (root && obj_is_true(root) > 0 && cfg_common_logger(cfg, root_logger, root, false) < 0) {
        Obj *cause = vm_err_fetch();
        vm_err_set_str(&exc_ValueError, "Unable to configure root logger");
        Obj *e = vm_err_fetch();
        ((ExcObj *)e)->cause = cause;
        ((ExcObj *)e)->suppress_context = true;
        vm_err_restore(e);
        goto out;
    }
    r = INCREF(NONE);
out:
    XDECREF(existing);
    XDECREF(children);
    DECREF(cfg);
    return r;
}

static const MethodDef config_functions[] = {
    {"dictConfig", f_dict_config, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *config_init(void)
{
    if (config_mod) return INCREF(config_mod);
    Obj *lg = import_name(id_str("logging"), NULL, NULL, 0);
    if (!lg) return NULL;
    DECREF(lg);
    Obj *hm = S("logging.handlers");
    Obj *h = hm ? import_name(hm, NULL, NULL, 0) : NULL;   /* config.py imports logging.handlers */
    XDECREF(hm);
    if (!h) return NULL;
    DECREF(h);
    Obj *m = mh_module("logging.config", config_functions);
    if (!m) return NULL;
    if (module_add(m, "DEFAULT_LOGGING_CONFIG_PORT", int_from_i64(9030)) < 0) {
        DECREF(m);
        return NULL;
    }
    config_mod = m;
    return INCREF(m);
}

static int build(void)
{
    start_time = now();
    level_to_name = dict_new();
    name_to_level = dict_new();
    handler_list = list_new(0);
    handlers_by_name = dict_new();
    if (!level_to_name || !name_to_level || !handler_list || !handlers_by_name) return -1;
    static const struct { const char *n; int v; } lv[] = {
        {"CRITICAL", CRITICAL}, {"ERROR", ERROR}, {"WARNING", WARNING}, {"INFO", INFO}, {"DEBUG", DEBUG},
        {"NOTSET", NOTSET}};
    for (int i = 0; i < 6; i++) {
        Obj *k = S(lv[i].n), *v = int_from_i64(lv[i].v);
        int r = k && v && dict_set(level_to_name, v, k) == 0 && dict_set(name_to_level, k, v) == 0;
        XDECREF(k);
        XDECREF(v);
        if (!r) return -1;
    }
    Obj *k = S("FATAL"), *v = int_from_i64(CRITICAL);
    int r = k && v ? dict_set(name_to_level, k, v) : -1;
    XDECREF(k);
    XDECREF(v);
    k = S("WARN");
    v = int_from_i64(WARNING);
    if (r == 0) r = k && v ? dict_set(name_to_level, k, v) : -1;
    XDECREF(k);
    XDECREF(v);
    if (r < 0) return -1;
    /* _nameToLevel's order as CPython's: CRITICAL FATAL ERROR WARN WARNING INFO DEBUG NOTSET */
    Obj *ordered = dict_new();
    static const char *const order[] = {"CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET"};
    for (int i = 0; ordered && i < 8; i++)
        if (dict_set_str(ordered, order[i], dict_get_str_borrow(name_to_level, order[i])) < 0) CLEAR(ordered);
    if (!ordered) return -1;
    obj_setref(&name_to_level, ordered);

    if (!(record_cls = mk("LogRecord", tuple_new(0), record_methods, NULL))) return -1;
    if (!(pstyle_cls = mk("PercentStyle", tuple_new(0), style_methods, NULL))) return -1;
    if (!(fstyle_cls = mk("StrFormatStyle", tuple_pack(1, pstyle_cls), NULL, NULL))) return -1;
    if (!(tstyle_cls = mk("StringTemplateStyle", tuple_pack(1, pstyle_cls), NULL, NULL))) return -1;
    static const struct { Obj **cls; const char *df, *af, *as; } sty[] = {
        {&pstyle_cls, "%(message)s", "%(asctime)s", "%(asctime)"},
        {&fstyle_cls, "{message}", "{asctime}", "{asctime"},
        {&tstyle_cls, "${message}", "${asctime}", "${asctime}"}};
    for (int i = 0; i < 3; i++)
        if (set_cls_attr(*sty[i].cls, "default_format", S(sty[i].df)) < 0 ||
            set_cls_attr(*sty[i].cls, "asctime_format", S(sty[i].af)) < 0 ||
            set_cls_attr(*sty[i].cls, "asctime_search", S(sty[i].as)) < 0)
            return -1;
    if (!(formatter_cls = mk("Formatter", tuple_new(0), fmt_methods, NULL))) return -1;
    if (set_cls_attr(formatter_cls, "converter", import_attr("time", "localtime")) < 0 ||
        set_cls_attr(formatter_cls, "default_time_format", S("%Y-%m-%d %H:%M:%S")) < 0 ||
        set_cls_attr(formatter_cls, "default_msec_format", S("%s,%03d")) < 0)
        return -1;
    if (!(bufformatter_cls = mk("BufferingFormatter", tuple_new(0), bf_methods, NULL))) return -1;
    if (!(filter_cls = mk("Filter", tuple_new(0), filter_methods, NULL))) return -1;
    if (!(filterer_cls = mk("Filterer", tuple_new(0), filterer_methods, NULL))) return -1;
    if (!(handler_cls = mk("Handler", tuple_pack(1, filterer_cls), handler_methods, handler_getsets))) return -1;
    if (!(stream_cls = mk("StreamHandler", tuple_pack(1, handler_cls), sh_methods, NULL))) return -1;
    if (set_cls_attr(stream_cls, "terminator", S("\n")) < 0) return -1;
    if (!(file_cls = mk("FileHandler", tuple_pack(1, stream_cls), fh_methods, NULL))) return -1;
    if (!(stderr_cls = mk("_StderrHandler", tuple_pack(1, stream_cls), eh_methods, eh_getsets))) return -1;
    if (!(null_cls = mk("NullHandler", tuple_pack(1, handler_cls), nh_methods, NULL))) return -1;
    if (!(placeholder_cls = mk("PlaceHolder", tuple_new(0), ph_methods, NULL))) return -1;
    if (!(manager_cls = mk("Manager", tuple_new(0), mgr_methods, NULL))) return -1;
    if (!(logger_cls = mk("Logger", tuple_pack(1, filterer_cls), logger_methods, NULL))) return -1;
    if (!(root_cls = mk("RootLogger", tuple_pack(1, logger_cls), root_methods, NULL))) return -1;
    if (!(adapter_cls = mk("LoggerAdapter", tuple_new(0), ad_methods, ad_getsets))) return -1;
    return 0;
}

static Obj *logging_init(void)
{
    if (mod) return INCREF(mod);
    if (build() < 0) return NULL;
    Obj *m = mh_module(MOD, logging_functions);
    if (!m) return NULL;
    mod = m;
    default_formatter = obj_call(formatter_cls, NULL, 0, NULL);
    Obj *w = int_from_i64(WARNING);
    root_logger = w ? obj_call(root_cls, &w, 1, NULL) : NULL;
    Obj *mgr = root_logger ? obj_call(manager_cls, &root_logger, 1, NULL) : NULL;
    Obj *last = mgr ? obj_call(stderr_cls, &w, 1, NULL) : NULL;
    XDECREF(w);
    if (!default_formatter || !last || set_cls_attr(logger_cls, "root", INCREF(root_logger)) < 0 ||
        set_cls_attr(logger_cls, "manager", INCREF(mgr)) < 0) {
        XDECREF(mgr);
        XDECREF(last);
        goto fail;
    }
    DECREF(mgr);
    struct { const char *name; Obj *v; } exports[] = {
        {"LogRecord", record_cls}, {"PercentStyle", pstyle_cls}, {"StrFormatStyle", fstyle_cls},
        {"StringTemplateStyle", tstyle_cls}, {"Formatter", formatter_cls}, {"BufferingFormatter", bufformatter_cls},
        {"Filter", filter_cls}, {"Filterer", filterer_cls}, {"Handler", handler_cls},
        {"StreamHandler", stream_cls}, {"FileHandler", file_cls}, {"_StderrHandler", stderr_cls},
        {"NullHandler", null_cls}, {"PlaceHolder", placeholder_cls}, {"Manager", manager_cls},
        {"Logger", logger_cls}, {"RootLogger", root_cls}, {"LoggerAdapter", adapter_cls},
        {"root", root_logger}, {"lastResort", last}, {"_defaultLastResort", last},
        {"_defaultFormatter", default_formatter}, {"_levelToName", level_to_name},
        {"_nameToLevel", name_to_level}, {"_handlerList", handler_list}, {"_handlers", handlers_by_name},
        {"raiseExceptions", TRUE_}, {"logThreads", TRUE_}, {"logMultiprocessing", TRUE_},
        {"logProcesses", TRUE_}, {"logAsyncioTasks", TRUE_}, {"_loggerClass", logger_cls},
        {"_logRecordFactory", record_cls},
    };
    for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++)
        if (mh_add_obj(m, exports[i].name, exports[i].v) < 0) {
            DECREF(last);
            goto fail;
        }
    DECREF(last);
    static const struct { const char *n; int v; } lv[] = {
        {"CRITICAL", CRITICAL}, {"FATAL", CRITICAL}, {"ERROR", ERROR}, {"WARNING", WARNING}, {"WARN", WARNING},
        {"INFO", INFO}, {"DEBUG", DEBUG}, {"NOTSET", NOTSET}};
    for (int i = 0; i < 8; i++)
        if (module_add(m, lv[i].n, int_from_i64(lv[i].v)) < 0) goto fail;
    if (mh_add_str(m, "BASIC_FORMAT", "%(levelname)s:%(name)s:%(message)s") < 0) goto fail;
    if (module_add(m, "__path__", list_new(0)) < 0) goto fail;   /* a package: logging.handlers */
    /* atexit.register(shutdown), as importing logging does */
    Obj *reg = import_attr("atexit", "register");
    Obj *sd = reg ? dict_get_str_borrow(module_dict_borrow(m), "shutdown") : NULL;
    Obj *x = sd ? obj_call(reg, &sd, 1, NULL) : NULL;
    XDECREF(reg);
    if (!x) goto fail;
    DECREF(x);
    return INCREF(m);
fail:
    /* keep `mod` set: the classes exist; a second import retries nothing */
    return NULL;
}

void native_logging_register(void)
{
    import_register_native(MOD, logging_init);
    import_register_native("logging.handlers", handlers_init);
    import_register_native("logging.config", config_init);
}
