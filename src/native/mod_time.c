/* mod_time.c — the `time` module of CPython 3.12 (POSIX).
 *
 * Clocks through clock_gettime (time/time_ns: CLOCK_REALTIME; monotonic
 * and perf_counter: CLOCK_MONOTONIC; process_time: CLOCK_PROCESS_CPUTIME_ID;
 * thread_time: CLOCK_THREAD_CPUTIME_ID) with get_clock_info() as CPython
 * reports them; sleep with CPython's argument rules.  struct_time is a
 * struct sequence: a tuple of the 9 visible fields whose storage holds two
 * more (tm_zone, tm_gmtoff), as CPython's structseq does.  gmtime/localtime
 * floor float timestamps; asctime/ctime use CPython's own format (day
 * space-padded); strftime checks fields with CPython's messages and
 * normalisations, then formats with the C library (C locale for LC_TIME, as
 * a Python program that never calls setlocale has).  timezone, altzone,
 * daylight and tzname are computed from the January and July offsets of
 * the current year, as CPython does.  strptime follows _strptime.py (the
 * same regular expressions per directive, compiled with `re`, C-locale
 * names, the %U/%W/%G/%V/%j date arithmetic and its error messages).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"
#include "src/native/timeint.h"

/* ---- struct_time ------------------------------------------------------------------------ */

#define ST_VISIBLE 9
#define ST_FIELDS 11
static const char *const st_fields[ST_FIELDS] = {
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday",
    "tm_isdst", "tm_zone", "tm_gmtoff",
};
static const char *const st_docs[ST_FIELDS] = {
    "year, for example, 1993", "month of year, range [1, 12]", "day of month, range [1, 31]",
    "hours, range [0, 23]", "minutes, range [0, 59]", "seconds, range [0, 61])",
    "day of week, range [0, 6], Monday is 0", "day of year, range [1, 366]",
    "1 if summer time is in effect, 0 if not, and -1 if unknown", "abbreviation of timezone name",
    "offset from UTC in seconds",
};

static TypeObj struct_time_type;

/* all 11 slots: the hidden ones live after the visible items */
static Obj **st_items(Obj *o) { return TUPLE_ITEMS(o); }

static void st_dealloc(Obj *o)
{
    Obj **it = st_items(o);
    CLEAR(it[9]);
    CLEAR(it[10]);
    tuple_type.dealloc(o);
}

static int st_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj **it = st_items(o);
    for (int i = 0; i < ST_FIELDS; i++)
        if (it[i]) {
            int r = visit(it[i], arg);
            if (r) return r;
        }
    return 0;
}

static Obj *st_alloc(void)
{
    Obj *o = obj_alloc(&struct_time_type, ST_FIELDS);
    if (!o) return NULL;
    ((TupleObj *)o)->hash = -1;
    VAR_SIZE(o) = ST_VISIBLE;
    return o;
}

static Obj *st_get(Obj *self, void *closure)
{
    Obj *v = st_items(self)[(intptr_t)closure];
    return INCREF(v ? v : NONE);
}

static Obj *st_repr(Obj *self)
{
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "time.struct_time(");
    for (int i = 0; i < ST_VISIBLE; i++) {
        Obj *r = obj_repr(st_items(self)[i]);
        if (!r) {
            sbuf_free(&b);
            return NULL;
        }
        Ssize n;
        const char *p = str_utf8_lossy(r, &n);
        if (i) sbuf_puts(&b, ", ");
        sbuf_printf(&b, "%s=", st_fields[i]);
        sbuf_put(&b, p, (size_t)n);
        DECREF(r);
    }
    sbuf_putc(&b, ')');
    Obj *s = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

static Obj *st_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)t;
    static const char *const names[] = {"sequence", "dict"};
    Obj *v[2];
    if (args_parse("struct_time", args, nargs, kw, names, 2, 0, 1, v) < 0) return NULL;
    Obj *seq = seq_fast(v[0], "constructor requires a sequence");
    if (!seq) return NULL;
    Ssize n = VAR_SIZE(seq);
    Obj **items = LIST_CHECK(seq) ? LIST_ITEMS(seq) : TUPLE_ITEMS(seq);
    if (n < ST_VISIBLE) {
        vm_err_format(&exc_TypeError, "time.struct_time() takes an at least 9-sequence (%zd-sequence given)", n);
        DECREF(seq);
        return NULL;
    }
    if (n > ST_FIELDS) {
        vm_err_format(&exc_TypeError, "time.struct_time() takes an at most 11-sequence (%zd-sequence given)", n);
        DECREF(seq);
        return NULL;
    }
    Obj *o = st_alloc();
    if (!o) {
        DECREF(seq);
        return NULL;
    }
    for (Ssize i = 0; i < ST_FIELDS; i++) {
        Obj *x = i < n ? items[i] : NULL;
        if (!x && v[1] && v[1] != NONE && DICT_CHECK(v[1])) x = dict_get_str_borrow(v[1], st_fields[i]);
        st_items(o)[i] = INCREF(x ? x : NONE);
    }
    DECREF(seq);
    return o;
}

static Obj *st_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *tup = tuple_from_array(st_items(self), ST_VISIBLE);
    Obj *d = dict_new();
    if (!tup || !d || dict_set_str(d, "tm_zone", st_items(self)[9]) < 0 ||
        dict_set_str(d, "tm_gmtoff", st_items(self)[10]) < 0) {
        XDECREF(tup);
        XDECREF(d);
        return NULL;
    }
    Obj *args = tuple_pack(2, tup, d);
    DECREF(tup);
    DECREF(d);
    if (!args) return NULL;
    Obj *r = tuple_pack(2, (Obj *)OBJ_TYPE(self), args);
    DECREF(args);
    return r;
}

static MethodDef st_methods[] = {
    {"__reduce__", st_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef st_getset[ST_FIELDS + 1];

static TypeObj struct_time_type = {
    .base = TYPE_HEAD_INIT, .name = "time.struct_time", .basicsize = sizeof(TupleObj),
    .itemsize = sizeof(Obj *), .flags = TPF_GC, .tp_base = &tuple_type, .dealloc = st_dealloc,
    .repr = st_repr, .traverse = st_traverse, .new_ = st_new, .methods = st_methods,
    .getset = st_getset,
    .doc = "The time value as returned by gmtime(), localtime(), and strptime(), and\n"
           " accepted by asctime(), mktime() and strftime().  May be considered as a\n"
           " sequence of 9 integers.\n\n"
           " Note that several fields' values are not the same as those defined by\n"
           " the C language standard for struct tm.  For example, the value of the\n"
           " field tm_year is the actual year, not year - 1900.  See individual\n"
           " fields' descriptions for details.",
};

static Obj *tm_to_struct(const struct tm *p)
{
    Obj *o = st_alloc();
    if (!o) return NULL;
    int64_t vals[ST_VISIBLE] = {(int64_t)p->tm_year + 1900, p->tm_mon + 1, p->tm_mday, p->tm_hour,
                                p->tm_min, p->tm_sec, (p->tm_wday + 6) % 7, p->tm_yday + 1,
                                p->tm_isdst};
    for (int i = 0; i < ST_VISIBLE; i++) st_items(o)[i] = int_from_i64(vals[i]);
    st_items(o)[9] = p->tm_zone ? str_decode(p->tm_zone, (Ssize)strlen(p->tm_zone), "utf-8", "surrogateescape")
                                : INCREF(NONE);
    st_items(o)[10] = int_from_i64(p->tm_gmtoff);
    for (int i = 0; i < ST_FIELDS; i++)
        if (!st_items(o)[i]) {
            for (int j = 0; j < ST_FIELDS; j++)
                if (!st_items(o)[j]) st_items(o)[j] = INCREF(NONE);
            DECREF(o);
            return NULL;
        }
    return o;
}

/* gettmarg: a 9-tuple or struct_time into a struct tm (zone kept alive by *zone_owner). */
static int gettmarg(Obj *t, struct tm *p, const char *fname, Obj **zone_owner)
{
    memset(p, 0, sizeof *p);
    *zone_owner = NULL;
    if (!TUPLE_CHECK(t)) {
        vm_err_set_str(&exc_TypeError, "Tuple or struct_time argument required");
        return -1;
    }
    if (TUPLE_LEN(t) != ST_VISIBLE) {
        vm_err_format(&exc_TypeError, "%s(): illegal time tuple argument", fname);
        return -1;
    }
    int v[ST_VISIBLE];
    for (int i = 0; i < ST_VISIBLE; i++) {
        Obj *x = TUPLE_ITEMS(t)[i];
        if (type_is_subtype(OBJ_TYPE(x), &float_type)) {
            vm_err_set_str(&exc_TypeError, "'float' object cannot be interpreted as an integer");
            return -1;
        }
        Obj *ix = num_index(x);
        if (!ix) return -1;
        int64_t val;
        int rc = int_as_i64(ix, &val);
        DECREF(ix);
        if (rc < 0 || val > INT32_MAX || val < INT32_MIN) {
            if (rc == 0 || vm_err_matches(&exc_OverflowError)) {
                vm_err_clear();
                vm_err_set_str(&exc_OverflowError,
                               val > 0 ? "signed integer is greater than maximum" : "signed integer is less than minimum");
            }
            return -1;
        }
        v[i] = (int)val;
    }
    p->tm_year = v[0] - 1900;
    p->tm_mon = v[1] - 1;
    p->tm_mday = v[2];
    p->tm_hour = v[3];
    p->tm_min = v[4];
    p->tm_sec = v[5];
    p->tm_wday = (v[6] + 1) % 7;
    p->tm_yday = v[7] - 1;
    p->tm_isdst = v[8];
    if (IS_TYPE(t, struct_time_type)) {
        Obj *z = st_items(t)[9], *off = st_items(t)[10];
        if (z && z != NONE && STR_CHECK(z)) {
            p->tm_zone = str_utf8(z, NULL);
            if (!p->tm_zone) return -1;
            *zone_owner = INCREF(z);
        }
        if (off && off != NONE) {
            int64_t g;
            if (!INT_CHECK(off) || int_as_i64(off, &g) < 0) {
                if (!vm_err_occurred()) vm_err_set_str(&exc_TypeError, "an integer is required");
                XDECREF(*zone_owner);
                return -1;
            }
            p->tm_gmtoff = (long)g;
        }
    }
    return 0;
}

static int checktm(const struct tm *b)
{
    const char *msg = NULL;
    if (b->tm_mon < 0 || b->tm_mon > 11) msg = "month out of range";
    else if (b->tm_mday <= 0 || b->tm_mday > 31) msg = "day of month out of range";
    else if (b->tm_hour < 0 || b->tm_hour > 23) msg = "hour out of range";
    else if (b->tm_min < 0 || b->tm_min > 59) msg = "minute out of range";
    else if (b->tm_sec < 0 || b->tm_sec > 61) msg = "seconds out of range";
    else if (b->tm_wday < 0) msg = "day of week out of range";
    else if (b->tm_yday < 0 || b->tm_yday > 365) msg = "day of year out of range";
    if (msg) {
        vm_err_set_str(&exc_ValueError, msg);
        return -1;
    }
    return 0;
}

/* ---- timestamps ------------------------------------------------------------------------ */

/* _PyTime_ObjectToTime_t with ROUND_FLOOR */
static int obj_to_time_t(Obj *o, time_t *out)
{
    if (type_is_subtype(OBJ_TYPE(o), &float_type)) {
        double d = float_value(o);
        if (isnan(d)) {
            vm_err_set_str(&exc_ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
        d = floor(d);
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
            vm_err_set_str(&exc_OverflowError, "timestamp out of range for platform time_t");
            return -1;
        }
        *out = (time_t)d;
        return 0;
    }
    Obj *i = num_index(o);
    if (!i) return -1;
    int64_t v;
    int rc = int_as_i64(i, &v);
    DECREF(i);
    if (rc < 0) {
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "timestamp out of range for platform time_t");
        return -1;
    }
    *out = (time_t)v;
    return 0;
}

static int now_or(Obj *const *args, Ssize nargs, time_t *out)
{
    if (nargs == 0 || args[0] == NONE) {
        *out = time(NULL);
        return 0;
    }
    return obj_to_time_t(args[0], out);
}

static Obj *convert_time(const char *name, Obj *const *args, Ssize nargs, Obj *kw, bool local)
{
    if (args_no_kw(name, kw) < 0) return NULL;
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "%s() takes at most 1 argument (%zd given)", name, nargs);
        return NULL;
    }
    time_t t;
    if (now_or(args, nargs, &t) < 0) return NULL;
    struct tm buf;
    errno = 0;
    if (!(local ? localtime_r(&t, &buf) : gmtime_r(&t, &buf))) {
        if (errno == 0 || errno == EOVERFLOW) vm_err_set_str(&exc_OverflowError, "timestamp out of range for platform time_t");
        else vm_err_format(&exc_OSError, "[Errno %d] %s", errno, strerror(errno));
        return NULL;
    }
    return tm_to_struct(&buf);
}

static Obj *t_gmtime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return convert_time("gmtime", a, n, kw, false);
}

static Obj *t_localtime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return convert_time("localtime", a, n, kw, true);
}

static Obj *t_mktime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("time.mktime", n, kw) < 0) return NULL;
    struct tm buf;
    Obj *zone;
    if (gettmarg(a[0], &buf, "mktime", &zone) < 0) return NULL;
    XDECREF(zone);
    buf.tm_zone = NULL;
    buf.tm_wday = -1;   /* sentinel: mktime() fills it in on success */
    time_t tt = mktime(&buf);
    if (tt == (time_t)-1 && buf.tm_wday == -1) {
        vm_err_set_str(&exc_OverflowError, "mktime argument out of range");
        return NULL;
    }
    return float_from_double((double)tt);
}

static const char *const wday_name[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const mon_name[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static Obj *format_asctime(const struct tm *t)
{
    return str_from_fmt("%s %s%3d %.2d:%.2d:%.2d %d", wday_name[t->tm_wday], mon_name[t->tm_mon],
                        t->tm_mday, t->tm_hour, t->tm_min, t->tm_sec, 1900 + t->tm_year);
}

static Obj *t_asctime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("time.asctime", "asctime", n, kw, 0, 1) < 0) return NULL;
    struct tm buf;
    if (n == 0) {
        time_t now = time(NULL);
        localtime_r(&now, &buf);
    } else {
        Obj *zone;
        if (gettmarg(a[0], &buf, "asctime", &zone) < 0) return NULL;
        XDECREF(zone);
        if (checktm(&buf) < 0) return NULL;
    }
    return format_asctime(&buf);
}

static Obj *t_ctime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("time.ctime", "ctime", n, kw, 0, 1) < 0) return NULL;
    time_t t;
    if (now_or(a, n, &t) < 0) return NULL;
    struct tm buf;
    if (!localtime_r(&t, &buf)) {
        vm_err_set_str(&exc_OverflowError, "timestamp out of range for platform time_t");
        return NULL;
    }
    return format_asctime(&buf);
}

static Obj *t_strftime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("time.strftime", "strftime", n, kw, 1, 2) < 0) return NULL;
    if (!STR_CHECK(a[0])) {
        vm_err_format(&exc_TypeError, "strftime() argument 1 must be str, not %s", type_name(OBJ_TYPE(a[0])));
        return NULL;
    }
    struct tm buf;
    Obj *zone = NULL;
    if (n == 1) {
        time_t now = time(NULL);
        localtime_r(&now, &buf);
    } else {
        if (gettmarg(a[1], &buf, "strftime", &zone) < 0) return NULL;
        const char *msg = NULL;
        if (buf.tm_mon == -1) buf.tm_mon = 0;
        else if (buf.tm_mon < 0 || buf.tm_mon > 11) msg = "month out of range";
        if (!msg) {
            if (buf.tm_mday == 0) buf.tm_mday = 1;
            else if (buf.tm_mday < 0 || buf.tm_mday > 31) msg = "day of month out of range";
        }
        if (!msg && (buf.tm_hour < 0 || buf.tm_hour > 23)) msg = "hour out of range";
        if (!msg && (buf.tm_min < 0 || buf.tm_min > 59)) msg = "minute out of range";
        if (!msg && (buf.tm_sec < 0 || buf.tm_sec > 61)) msg = "seconds out of range";
        if (!msg && buf.tm_wday < 0) msg = "day of week out of range";
        if (!msg) {
            if (buf.tm_yday == -1) buf.tm_yday = 0;
            else if (buf.tm_yday < 0 || buf.tm_yday > 365) msg = "day of year out of range";
        }
        if (msg) {
            XDECREF(zone);
            vm_err_set_str(&exc_ValueError, msg);
            return NULL;
        }
        if (buf.tm_isdst < -1) buf.tm_isdst = -1;
        else if (buf.tm_isdst > 1) buf.tm_isdst = 1;
    }
    Ssize flen;
    const char *fmt = str_utf8(a[0], &flen);
    if (!fmt) {
        XDECREF(zone);
        return NULL;
    }
    if ((Ssize)strlen(fmt) != flen) {
        XDECREF(zone);
        vm_err_set_str(&exc_ValueError, "embedded null character");
        return NULL;
    }
    Obj *res = NULL;
    for (size_t size = 1024;; size += size) {
        char *out = xmalloc(size);
        size_t len = strftime(out, size, fmt, &buf);
        if (len > 0 || size >= 256 * (size_t)(flen + 1)) {
            res = str_decode(out, (Ssize)len, "utf-8", "surrogateescape");
            free(out);
            break;
        }
        free(out);
    }
    XDECREF(zone);
    return res;
}

/* ---- clocks ------------------------------------------------------------------------------- */

static int clock_ns(clockid_t id, int64_t *ns)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) < 0) {
        vm_err_format(&exc_OSError, "[Errno %d] %s", errno, strerror(errno));
        return -1;
    }
    *ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    return 0;
}

static Obj *clock_float(const char *qual, clockid_t id, Ssize n, Obj *kw)
{
    int64_t ns;
    if (mh_no_args(qual, n, kw) < 0 || clock_ns(id, &ns) < 0) return NULL;
    return float_from_double((double)ns * 1e-9);
}

static Obj *clock_int(const char *qual, clockid_t id, Ssize n, Obj *kw)
{
    int64_t ns;
    if (mh_no_args(qual, n, kw) < 0 || clock_ns(id, &ns) < 0) return NULL;
    return int_from_i64(ns);
}

#define CLOCKFN(name, id)                                                          \
    static Obj *t_##name(Obj *s, Obj *const *a, Ssize n, Obj *kw)                 \
    {                                                                              \
        (void)s; (void)a;                                                          \
        return clock_float("time." #name, id, n, kw);                              \
    }                                                                              \
    static Obj *t_##name##_ns(Obj *s, Obj *const *a, Ssize n, Obj *kw)            \
    {                                                                              \
        (void)s; (void)a;                                                          \
        return clock_int("time." #name "_ns", id, n, kw);                          \
    }
CLOCKFN(time, CLOCK_REALTIME)
CLOCKFN(monotonic, CLOCK_MONOTONIC)
CLOCKFN(perf_counter, CLOCK_MONOTONIC)
CLOCKFN(process_time, CLOCK_PROCESS_CPUTIME_ID)
CLOCKFN(thread_time, CLOCK_THREAD_CPUTIME_ID)

int (*vm_sleep_hook)(double secs);

static Obj *t_sleep(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("time.sleep", n, kw) < 0) return NULL;
    double secs;
    if (type_is_subtype(OBJ_TYPE(a[0]), &float_type)) {
        secs = float_value(a[0]);
        if (isnan(secs)) {
            vm_err_set_str(&exc_ValueError, "Invalid value NaN (not a number)");
            return NULL;
        }
    } else {
        Obj *i = num_index(a[0]);
        if (!i) return NULL;
        int ovf;
        secs = int_as_double(i, &ovf);
        DECREF(i);
        if (ovf) {
            vm_err_set_str(&exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
            return NULL;
        }
    }
    if (secs < 0) {
        vm_err_set_str(&exc_ValueError, "sleep length must be non-negative");
        return NULL;
    }
    if (secs > 9.2e9) {
        vm_err_set_str(&exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
        return NULL;
    }
    if (vm_sleep_hook) {
        /* other threads run while this one sleeps */
        int h = vm_sleep_hook(secs);
        if (h < 0) return NULL;
        if (h > 0) return INCREF(NONE);
    }
    struct timespec req;
    req.tv_sec = (time_t)secs;
    req.tv_nsec = (long)((secs - (double)req.tv_sec) * 1e9);
    if (req.tv_nsec >= 1000000000) req.tv_nsec = 999999999;
    /* a SIGINT ends the sleep (the eval loop raises KeyboardInterrupt next),
     * and so does --timeout (the eval loop stops next) */
    while (nanosleep(&req, &req) < 0 && errno == EINTR && !vm->interrupt && !vm->limit_hit) {}
    return INCREF(NONE);
}

static Obj *t_get_clock_info(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("time.get_clock_info", "get_clock_info", n, kw, 1, 1) < 0) return NULL;
    if (!STR_CHECK(a[0])) {
        vm_err_format(&exc_TypeError, "get_clock_info() argument 1 must be str, not %s", type_name(OBJ_TYPE(a[0])));
        return NULL;
    }
    const char *impl;
    bool monotonic, adjustable;
    clockid_t id;
    if (str_eq_cstr(a[0], "time")) {
        impl = "clock_gettime(CLOCK_REALTIME)";
        monotonic = false;
        adjustable = true;
        id = CLOCK_REALTIME;
    } else if (str_eq_cstr(a[0], "monotonic") || str_eq_cstr(a[0], "perf_counter")) {
        impl = "clock_gettime(CLOCK_MONOTONIC)";
        monotonic = true;
        adjustable = false;
        id = CLOCK_MONOTONIC;
    } else if (str_eq_cstr(a[0], "process_time")) {
        impl = "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)";
        monotonic = true;
        adjustable = false;
        id = CLOCK_PROCESS_CPUTIME_ID;
    } else if (str_eq_cstr(a[0], "thread_time")) {
        impl = "clock_gettime(CLOCK_THREAD_CPUTIME_ID)";
        monotonic = true;
        adjustable = false;
        id = CLOCK_THREAD_CPUTIME_ID;
    } else {
        vm_err_set_str(&exc_ValueError, "unknown clock");
        return NULL;
    }
    struct timespec res;
    double resolution = clock_getres(id, &res) == 0 ? (double)res.tv_sec + (double)res.tv_nsec * 1e-9 : 1e-9;
    Obj *impl_o = str_from_cstr(impl);
    Obj *res_o = float_from_double(resolution);
    Obj *kwn = tuple_pack(4, id_str("implementation"), id_str("monotonic"), id_str("adjustable"),
                          id_str("resolution"));
    Obj *ns_type = sys_get_borrow("implementation");
    Obj *r = NULL;
    if (impl_o && res_o && kwn && ns_type) {
        Obj *vals[4] = {impl_o, monotonic ? TRUE_ : FALSE_, adjustable ? TRUE_ : FALSE_, res_o};
        r = obj_call((Obj *)OBJ_TYPE(ns_type), vals, 0, kwn);
    }
    XDECREF(impl_o);
    XDECREF(res_o);
    XDECREF(kwn);
    return r;
}

static Obj *clock_id_arg(Obj *o, clockid_t *id)
{
    int64_t v;
    Obj *i = num_index(o);
    if (!i) return NULL;
    int rc = int_as_i64(i, &v);
    DECREF(i);
    if (rc < 0) return NULL;
    *id = (clockid_t)v;
    return NONE;
}

static Obj *t_clock_gettime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    clockid_t id;
    int64_t ns;
    if (mh_one_arg("time.clock_gettime", n, kw) < 0 || !clock_id_arg(a[0], &id) || clock_ns(id, &ns) < 0)
        return NULL;
    return float_from_double((double)ns * 1e-9);
}

static Obj *t_clock_gettime_ns(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    clockid_t id;
    int64_t ns;
    if (mh_one_arg("time.clock_gettime_ns", n, kw) < 0 || !clock_id_arg(a[0], &id) || clock_ns(id, &ns) < 0)
        return NULL;
    return int_from_i64(ns);
}

static Obj *t_clock_getres(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    clockid_t id;
    struct timespec res;
    if (mh_one_arg("time.clock_getres", n, kw) < 0 || !clock_id_arg(a[0], &id)) return NULL;
    if (clock_getres(id, &res) < 0) {
        vm_err_format(&exc_OSError, "[Errno %d] %s", errno, strerror(errno));
        return NULL;
    }
    return float_from_double((double)res.tv_sec + (double)res.tv_nsec * 1e-9);
}

static Obj *clock_set(const char *qual, const char *name, Obj *const *a, Ssize n, Obj *kw, bool ns)
{
    clockid_t id;
    if (mh_pos_args(qual, name, n, kw, 2, 2) < 0 || !clock_id_arg(a[0], &id)) return NULL;
    struct timespec ts;
    if (ns) {
        Obj *i = num_index(a[1]);
        int64_t v;
        if (!i) return NULL;
        int rc = int_as_i64(i, &v);
        DECREF(i);
        if (rc < 0) return NULL;
        ts.tv_sec = (time_t)(v / 1000000000);
        ts.tv_nsec = (long)(v % 1000000000);
        if (ts.tv_nsec < 0) {
            ts.tv_nsec += 1000000000;
            ts.tv_sec--;
        }
    } else {
        double d = float_as_double(a[1]);
        if (d == -1.0 && vm_err_occurred()) return NULL;
        ts.tv_sec = (time_t)floor(d);
        ts.tv_nsec = (long)((d - floor(d)) * 1e9);
    }
    if (clock_settime(id, &ts) < 0) {
        int e = errno;
        vm_err_format(e == EPERM ? &exc_PermissionError : &exc_OSError, "[Errno %d] %s", e, strerror(e));
        return NULL;
    }
    return INCREF(NONE);
}

static Obj *t_clock_settime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return clock_set("time.clock_settime", "clock_settime", a, n, kw, false);
}

static Obj *t_clock_settime_ns(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    return clock_set("time.clock_settime_ns", "clock_settime_ns", a, n, kw, true);
}

/* ---- strptime (CPython's _strptime.py, C locale) --------------------------------------- */

static const char *const f_weekday[7] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                         "saturday", "sunday"};
static const char *const a_weekday[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const f_month[13] = {"", "january", "february", "march", "april", "may", "june",
                                        "july", "august", "september", "october", "november",
                                        "december"};
static const char *const a_month[13] = {"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                        "sep", "oct", "nov", "dec"};

static int64_t days_in_month(int64_t y, int64_t m)
{
    static const int dim[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m];
}

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* datetime.date(y, m, d) validation with its messages */
static int check_date(int64_t y, int64_t m, int64_t d)
{
    if (y < 1 || y > 9999) {
        vm_err_format(&exc_ValueError, "year %lld is out of range", (long long)y);
        return -1;
    }
    if (m < 1 || m > 12) {
        vm_err_set_str(&exc_ValueError, "month must be in 1..12");
        return -1;
    }
    if (d < 1 || d > days_in_month(y, m)) {
        vm_err_set_str(&exc_ValueError, "day is out of range for month");
        return -1;
    }
    return 0;
}

static int64_t to_ordinal(int64_t y, int64_t m, int64_t d)
{
    int64_t yy = y - 1, days = yy * 365 + yy / 4 - yy / 100 + yy / 400;
    for (int64_t i = 1; i < m; i++) days += days_in_month(y, i);
    return days + d;
}

static int from_ordinal(int64_t n, int64_t *y, int64_t *m, int64_t *d)
{
    if (n < 1) {
        vm_err_set_str(&exc_ValueError, "ordinal must be >= 1");
        return -1;
    }
    if (n > 3652059) {
        vm_err_format(&exc_ValueError, "year %lld is out of range", (long long)10000);
        return -1;
    }
    int64_t yy = (n - 1) / 366 + 1;   /* a lower bound */
    while (to_ordinal(yy + 1, 1, 1) <= n) yy++;
    int64_t rest = n - to_ordinal(yy, 1, 1) + 1, mm = 1;
    while (rest > days_in_month(yy, mm)) rest -= days_in_month(yy, mm++);
    *y = yy;
    *m = mm;
    *d = rest;
    return 0;
}

static int64_t weekday_of(int64_t y, int64_t m, int64_t d) { return (to_ordinal(y, m, d) + 6) % 7; }

/* the regex of one directive (new str), NULL + KeyError-like marker when unknown */
static Obj *strptime_pattern(Obj *format, Obj *tzre, int *bad, uint32_t *badch);

static const char *const fixed_directives[][2] = {
    {"d", "(?P<d>3[0-1]|[1-2]\\d|0[1-9]|[1-9]| [1-9])"},
    {"f", "(?P<f>[0-9]{1,6})"},
    {"H", "(?P<H>2[0-3]|[0-1]\\d|\\d)"},
    {"I", "(?P<I>1[0-2]|0[1-9]|[1-9])"},
    {"G", "(?P<G>\\d\\d\\d\\d)"},
    {"j", "(?P<j>36[0-6]|3[0-5]\\d|[1-2]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])"},
    {"m", "(?P<m>1[0-2]|0[1-9]|[1-9])"},
    {"M", "(?P<M>[0-5]\\d|\\d)"},
    {"S", "(?P<S>6[0-1]|[0-5]\\d|\\d)"},
    {"U", "(?P<U>5[0-3]|[0-4]\\d|\\d)"},
    {"W", "(?P<W>5[0-3]|[0-4]\\d|\\d)"},
    {"w", "(?P<w>[0-6])"},
    {"u", "(?P<u>[1-7])"},
    {"V", "(?P<V>5[0-3]|0[1-9]|[1-4]\\d|\\d)"},
    {"y", "(?P<y>\\d\\d)"},
    {"Y", "(?P<Y>\\d\\d\\d\\d)"},
    {"z", "(?P<z>[+-]\\d\\d:?[0-5]\\d(:?[0-5]\\d(\\.\\d{1,6})?)?|(?-i:Z))"},
    {"A", "(?P<A>wednesday|thursday|saturday|tuesday|monday|friday|sunday)"},
    {"a", "(?P<a>mon|tue|wed|thu|fri|sat|sun)"},
    {"B", "(?P<B>september|february|november|december|january|october|august|march|april|june|july|may)"},
    {"b", "(?P<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"},
    {"p", "(?P<p>am|pm)"},
    {"%", "%"},
};

static Obj *directive(uint32_t c, Obj *tzre, int *bad, uint32_t *badch)
{
    for (size_t i = 0; i < sizeof fixed_directives / sizeof *fixed_directives; i++)
        if ((uint32_t)fixed_directives[i][0][0] == c) return str_from_cstr(fixed_directives[i][1]);
    if (c == 'Z') return INCREF(tzre);
    const char *lc = c == 'c' ? "%a %b %d %H:%M:%S %Y" : c == 'x' ? "%m/%d/%y" : c == 'X' ? "%H:%M:%S" : NULL;
    if (lc) {
        Obj *f = str_from_cstr(lc);
        Obj *r = f ? strptime_pattern(f, tzre, bad, badch) : NULL;
        XDECREF(f);
        return r;
    }
    *bad = 1;
    *badch = c;
    return NULL;
}

/* TimeRE.pattern(format); *bad = 1 for an unknown directive (KeyError),
 * 2 for a '%' at the end (IndexError) */
static Obj *strptime_pattern(Obj *format, Obj *tzre, int *bad, uint32_t *badch)
{
    /* escape regex syntax, then whitespace runs become \s+ */
    Ssize n = VAR_SIZE(format);
    uint32_t *esc = xmalloc((size_t)(2 * n + 1) * sizeof(uint32_t) * 2);
    Ssize k = 0;
    for (Ssize i = 0; i < n;) {
        uint32_t c = str_char(format, i);
        if (ucd_flags(c) & UCD_SPACE) {
            while (i < n && (ucd_flags(str_char(format, i)) & UCD_SPACE)) i++;
            esc[k++] = '\\';
            esc[k++] = 's';
            esc[k++] = '+';
            continue;
        }
        if (c < 128 && strchr("\\.^$*+?(){}[]|", (int)c)) esc[k++] = '\\';
        esc[k++] = c;
        i++;
    }
    Obj *pieces = list_new(0);
    Ssize start = 0;
    for (Ssize i = 0; pieces && i < k; i++) {
        if (esc[i] != '%') continue;
        Obj *lit = str_from_ucs4(esc + start, i - start);
        if (!lit || list_append(pieces, lit) < 0) CLEAR(pieces);
        XDECREF(lit);
        if (!pieces) break;
        if (i + 1 >= k) {
            *bad = 2;
            CLEAR(pieces);
            break;
        }
        Obj *d = directive(esc[i + 1], tzre, bad, badch);
        if (!d || list_append(pieces, d) < 0) CLEAR(pieces);
        XDECREF(d);
        i++;
        start = i + 1;
    }
    Obj *res = NULL;
    if (pieces) {
        Obj *tail = str_from_ucs4(esc + start, k - start);
        if (tail && list_append(pieces, tail) == 0) res = str_join(id_str(""), pieces);
        XDECREF(tail);
        DECREF(pieces);
    }
    free(esc);
    return res;
}

static Obj *strptime_tzre(Obj *module, Obj **nosave, Obj **save)
{
    Obj *tzname = dict_get_str_borrow(module_dict_borrow(module), "tzname");
    Obj *daylight = dict_get_str_borrow(module_dict_borrow(module), "daylight");
    *nosave = *save = NULL;
    if (!tzname || !TUPLE_CHECK(tzname) || TUPLE_LEN(tzname) != 2) {
        vm_err_set_str(&exc_AttributeError, "module 'time' has no attribute 'tzname'");
        return NULL;
    }
    Obj *l0 = obj_call_method(TUPLE_ITEMS(tzname)[0], "lower", NULL, 0);
    Obj *l1 = l0 ? obj_call_method(TUPLE_ITEMS(tzname)[1], "lower", NULL, 0) : NULL;
    Obj *set0 = l1 ? set_new(NULL) : NULL;
    if (set0 && (set_add(set0, id_str("utc")) < 0 || set_add(set0, id_str("gmt")) < 0 || set_add(set0, l0) < 0))
        CLEAR(set0);
    int dl = daylight ? obj_is_true(daylight) : 0;
    Obj *set1 = set0 ? set_new(NULL) : NULL;
    if (set1 && dl > 0 && set_add(set1, l1) < 0) CLEAR(set1);
    XDECREF(l0);
    XDECREF(l1);
    if (!set1) {
        XDECREF(set0);
        return NULL;
    }
    *nosave = frozenset_new(set0);
    *save = frozenset_new(set1);
    /* __seqToRE: names longest first (stable), joined as alternatives */
    Obj *names = *nosave && *save ? seq_to_list(*nosave) : NULL;
    if (names && list_extend(names, *save) < 0) CLEAR(names);
    DECREF(set0);
    DECREF(set1);
    Obj *len = dict_get_str_borrow(vm->builtins, "len");
    if (!names || !len || list_sort(names, len, true) < 0) {
        XDECREF(names);
        return NULL;
    }
    Obj *re = import_name(id_str("re"), NULL, NULL, 0);
    for (Ssize i = 0; re && i < LIST_LEN(names); i++) {
        Obj *e = obj_call_method(re, "escape", &LIST_ITEMS(names)[i], 1);
        if (!e) {
            CLEAR(re);
            break;
        }
        obj_setref(&LIST_ITEMS(names)[i], e);
    }
    Obj *res = NULL;
    if (re) {
        Obj *joined = str_join(id_str("|"), names);
        if (joined) res = str_from_fmt("(?P<Z>%U)", joined);
        XDECREF(joined);
        DECREF(re);
    }
    DECREF(names);
    return res;
}

static int64_t group_int(Obj *s)
{
    Ssize len;
    const char *p = str_utf8_lossy(s, &len);
    Obj *i = int_from_str(p, len, 10);
    int64_t v = 0;
    if (i) {
        int_as_i64(i, &v);
        DECREF(i);
    }
    return v;
}

static int index_of(const char *const *names, int n, Obj *s, int64_t *out)
{
    Obj *low = obj_call_method(s, "lower", NULL, 0);
    if (!low) return -1;
    for (int i = 0; i < n; i++)
        if (str_eq_cstr(low, names[i])) {
            *out = i;
            DECREF(low);
            return 0;
        }
    vm_err_format(&exc_ValueError, "%R is not in list", low);
    DECREF(low);
    return -1;
}

/* _strptime._strptime: a struct_time, and when ex is given the fields
 * datetime.strptime needs besides (the struct_time is then not built) */
static Obj *strptime_core(Obj *s, Obj *data, Obj *format, Obj *fmt_default, TimeStrptime *ex)
{
    Obj *nosave = NULL, *save = NULL, *found = NULL, *gd = NULL, *res = NULL, *compiled = NULL;
    Obj *tzre = strptime_tzre(s, &nosave, &save);
    if (!tzre) goto out;
    int bad = 0;
    uint32_t badch = 0;
    Obj *pat = strptime_pattern(format, tzre, &bad, &badch);
    if (!pat) {
        if (bad == 1) {
            Obj *ch = str_from_char(badch == '\\' ? '%' : badch);
            if (ch) vm_err_format(&exc_ValueError, "'%U' is a bad directive in format '%U'", ch, format);
            XDECREF(ch);
            tbframe_push(&tbgen_strptime, TBG_STRPTIME_STRPTIME_BAD_DIRECTIVE);
        } else if (bad == 2) {
            vm_err_format(&exc_ValueError, "stray %% in format '%U'", format);
            tbframe_push(&tbgen_strptime, TBG_STRPTIME_STRPTIME_STRAY_PERCENT);
        }
        goto out;
    }
    Obj *re = import_name(id_str("re"), NULL, NULL, 0);
    Obj *ic = re ? obj_getattr(re, id_str("IGNORECASE")) : NULL;
    compiled = ic ? obj_call_method(re, "compile", (Obj *[]){pat, ic}, 2) : NULL;
    XDECREF(ic);
    XDECREF(re);
    DECREF(pat);
    if (!compiled) goto out;
    found = obj_call_method(compiled, "match", &data, 1);
    if (!found) goto out;
    if (found == NONE) {
        vm_err_format(&exc_ValueError, "time data %R does not match format %R", data, format);
        tbframe_push(&tbgen_strptime, TBG_STRPTIME_STRPTIME_NO_MATCH);
        goto out;
    }
    Obj *endo = obj_call_method(found, "end", NULL, 0);
    Ssize end = endo ? num_as_ssize(endo, NULL) : -1;
    XDECREF(endo);
    if (end < 0) goto out;
    if (end != VAR_SIZE(data)) {
        Obj *rest = str_substr(data, end, VAR_SIZE(data));
        if (rest) vm_err_format(&exc_ValueError, "unconverted data remains: %U", rest);
        XDECREF(rest);
        tbframe_push(&tbgen_strptime, TBG_STRPTIME_STRPTIME_UNCONVERTED);
        goto out;
    }
    int64_t year = 0, iso_year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    int64_t tz = -1, gmtoff = 0, iso_week = 0, week_of_year = 0, week_start = 0, weekday = 0, julian = 0;
    bool has_year = false, has_iso_year = false, has_gmtoff = false, has_iso_week = false;
    bool has_week = false, has_weekday = false, has_julian = false;
    int64_t fraction = 0, gmtoff_fraction = 0;
    gd = obj_call_method(found, "groupdict", NULL, 0);
    if (!gd) goto out;
    Ssize pos = 0;
    Obj *key, *val;
    while (dict_next(gd, &pos, &key, &val)) {
        if (!STR_CHECK(key) || VAR_SIZE(key) != 1) continue;
        uint32_t k = str_char(key, 0);
        if (val == NONE) continue;
        switch (k) {
        case 'y':
            year = group_int(val);
            year += year <= 68 ? 2000 : 1900;
            has_year = true;
            break;
        case 'Y': year = group_int(val); has_year = true; break;
        case 'G': iso_year = group_int(val); has_iso_year = true; break;
        case 'm': month = group_int(val); break;
        case 'B': if (index_of(f_month, 13, val, &month) < 0) goto out; break;
        case 'b': if (index_of(a_month, 13, val, &month) < 0) goto out; break;
        case 'd': {
            Obj *st = obj_call_method(val, "strip", NULL, 0);
            if (!st) goto out;
            day = group_int(st);
            DECREF(st);
            break;
        }
        case 'H': hour = group_int(val); break;
        case 'f': {
            /* padded on the right to microseconds */
            fraction = group_int(val);
            for (Ssize i = VAR_SIZE(val); i < 6; i++) fraction *= 10;
            break;
        }
        case 'I': {
            hour = group_int(val);
            Obj *p = dict_get_str_borrow(gd, "p");
            Obj *ampm = p && p != NONE ? obj_call_method(p, "lower", NULL, 0) : str_from_cstr("");
            if (!ampm) goto out;
            if (VAR_SIZE(ampm) == 0 || str_eq_cstr(ampm, "am")) {
                if (hour == 12) hour = 0;
            } else if (str_eq_cstr(ampm, "pm")) {
                if (hour != 12) hour += 12;
            }
            DECREF(ampm);
            break;
        }
        case 'M': minute = group_int(val); break;
        case 'S': second = group_int(val); break;
        case 'A': if (index_of(f_weekday, 7, val, &weekday) < 0) goto out; has_weekday = true; break;
        case 'a': if (index_of(a_weekday, 7, val, &weekday) < 0) goto out; has_weekday = true; break;
        case 'w':
            weekday = group_int(val);
            weekday = weekday == 0 ? 6 : weekday - 1;
            has_weekday = true;
            break;
        case 'u': weekday = group_int(val) - 1; has_weekday = true; break;
        case 'j': julian = group_int(val); has_julian = true; break;
        case 'U':
        case 'W':
            week_of_year = group_int(val);
            week_start = k == 'U' ? 6 : 0;
            has_week = true;
            break;
        case 'V': iso_week = group_int(val); has_iso_week = true; break;
        case 'z': {
            Ssize zl = VAR_SIZE(val);
            if (zl == 1) {   /* 'Z' */
                gmtoff = 0;
                has_gmtoff = true;
                break;
            }
            /* drop the optional colons: +HH:MM[:SS[.ffffff]] */
            uint32_t zb[32] = {0};
            Ssize zn = 0;
            for (Ssize i = 0; i < zl && zn < 32; i++) zb[zn++] = str_char(val, i);
            if (zn > 3 && zb[3] == ':') {
                memmove(zb + 3, zb + 4, (size_t)(zn - 4) * sizeof(uint32_t));
                zn--;
                if (zn > 5) {
                    if (zb[5] != ':') {
                        vm_err_format(&exc_ValueError, "Inconsistent use of : in %U", val);
                        goto out;
                    }
                    memmove(zb + 5, zb + 6, (size_t)(zn - 6) * sizeof(uint32_t));
                    zn--;
                }
            }
            int64_t hh = (zb[1] - '0') * 10 + (zb[2] - '0'), mm = (zb[3] - '0') * 10 + (zb[4] - '0');
            int64_t ss = zn >= 7 ? (zb[5] - '0') * 10 + (zb[6] - '0') : 0;
            gmtoff = hh * 3600 + mm * 60 + ss;
            gmtoff_fraction = 0;
            if (zn > 8) {   /* .ffffff after the seconds, padded to microseconds */
                int digits = 0;
                for (Ssize i = 8; i < zn; i++, digits++) gmtoff_fraction = gmtoff_fraction * 10 + (zb[i] - '0');
                for (; digits < 6; digits++) gmtoff_fraction *= 10;
            }
            if (zb[0] == '-') {
                gmtoff = -gmtoff;
                gmtoff_fraction = -gmtoff_fraction;
            }
            has_gmtoff = true;
            break;
        }
        case 'Z': {
            Obj *zone = obj_call_method(val, "lower", NULL, 0);
            if (!zone) goto out;
            Obj *sets[2] = {nosave, save};
            for (int i = 0; i < 2; i++) {
                int in = set_contains(sets[i], zone);
                if (in < 0) {
                    DECREF(zone);
                    goto out;
                }
                if (in) {
                    Obj *tzn = dict_get_str_borrow(module_dict_borrow(s), "tzname");
                    Obj *dl = dict_get_str_borrow(module_dict_borrow(s), "daylight");
                    bool ambiguous = tzn && TUPLE_CHECK(tzn) && TUPLE_LEN(tzn) == 2 &&
                                     str_eq(TUPLE_ITEMS(tzn)[0], TUPLE_ITEMS(tzn)[1]) && dl &&
                                     obj_is_true(dl) > 0 && !str_eq_cstr(zone, "utc") &&
                                     !str_eq_cstr(zone, "gmt");
                    if (!ambiguous) tz = i;
                    break;
                }
            }
            DECREF(zone);
            break;
        }
        default: break;
        }
    }
    if (!has_year && has_iso_year) {
        if (!has_iso_week || !has_weekday) {
            vm_err_set_str(&exc_ValueError, "ISO year directive '%G' must be used with the ISO week directive "
                                            "'%V' and a weekday directive ('%A', '%a', '%w', or '%u').");
            goto out;
        }
        if (has_julian) {
            vm_err_set_str(&exc_ValueError, "Day of the year directive '%j' is not compatible with ISO year "
                                            "directive '%G'. Use '%Y' instead.");
            goto out;
        }
    } else if (!has_week && has_iso_week) {
        if (!has_weekday)
            vm_err_set_str(&exc_ValueError, "ISO week directive '%V' must be used with the ISO year directive "
                                            "'%G' and a weekday directive ('%A', '%a', '%w', or '%u').");
        else
            vm_err_set_str(&exc_ValueError, "ISO week directive '%V' is incompatible with the year directive "
                                            "'%Y'. Use the ISO year '%G' instead.");
        goto out;
    }
    bool leap_fix = false;
    if (!has_year && month == 2 && day == 29) {
        year = 1904;
        leap_fix = true;
    } else if (!has_year) {
        year = 1900;
    }
    if (!has_julian && has_weekday) {
        if (has_week) {
            if (check_date(year, 1, 1) < 0) goto out;
            int64_t first = weekday_of(year, 1, 1), dow = weekday;
            if (week_start != 0) {   /* %U: weeks start on Sunday */
                first = (first + 1) % 7;
                dow = (dow + 1) % 7;
            }
            int64_t week0 = (7 - first) % 7;
            julian = week_of_year == 0 ? 1 + dow - first : 1 + week0 + 7 * (week_of_year - 1) + dow;
            has_julian = true;
        } else if (has_iso_year && has_iso_week) {
            /* date.fromisocalendar(iso_year, iso_week, weekday + 1) */
            if (iso_year < 1 || iso_year > 9999) {
                vm_err_format(&exc_ValueError, "Year is out of range: %lld", (long long)iso_year);
                goto out;
            }
            int64_t jan4 = weekday_of(iso_year, 1, 4);
            /* 53 weeks when January 1st is a Thursday (a Wednesday in leap years) */
            int64_t jan1 = weekday_of(iso_year, 1, 1);
            bool long_year = jan1 == 3 || (jan1 == 2 && is_leap(iso_year));
            if (iso_week <= 0 || iso_week >= 53 + (long_year ? 1 : 0)) {
                vm_err_format(&exc_ValueError, "Invalid week: %lld", (long long)iso_week);
                goto out;
            }
            int64_t wd = weekday + 1;
            if (wd < 1 || wd > 7) {
                vm_err_format(&exc_ValueError, "Invalid weekday: %lld (range is [1, 7])", (long long)wd);
                goto out;
            }
            int64_t week1_monday = to_ordinal(iso_year, 1, 4) - jan4;
            int64_t ord = week1_monday + (iso_week - 1) * 7 + (wd - 1);
            if (from_ordinal(ord, &year, &month, &day) < 0) goto out;
        }
        if (has_julian && julian <= 0) {
            year -= 1;
            julian += is_leap(year) ? 366 : 365;
        }
    }
    if (!has_julian) {
        /* _strptime: datetime_date(year, month, day).toordinal() */
        if (check_date(year, month, day) < 0 || check_date(year, 1, 1) < 0) {
            tbframe_push(&tbgen_strptime, TBG_STRPTIME_STRPTIME_JULIAN);
            goto out;
        }
        julian = to_ordinal(year, month, day) - to_ordinal(year, 1, 1) + 1;
    } else {
        if (check_date(year, 1, 1) < 0) goto out;
        if (from_ordinal(julian - 1 + to_ordinal(year, 1, 1), &year, &month, &day) < 0) goto out;
    }
    if (!has_weekday) {
        if (check_date(year, month, day) < 0) goto out;
        weekday = weekday_of(year, month, day);
    }
    Obj *tzname = dict_get_str_borrow(gd, "Z");
    if (leap_fix) year = 1900;
    if (ex) {
        ex->year = year;
        ex->month = (int)month;
        ex->day = (int)day;
        ex->hour = (int)hour;
        ex->minute = (int)minute;
        ex->second = (int)second;
        ex->fraction = (int)fraction;
        ex->has_gmtoff = has_gmtoff;
        ex->gmtoff = gmtoff;
        ex->gmtoff_fraction = (int)gmtoff_fraction;
        ex->tzname = INCREF(tzname ? tzname : NONE);
        res = INCREF(NONE);
        goto out;
    }
    int64_t vals[9] = {year, month, day, hour, minute, second, weekday, julian, tz};
    res = st_alloc();
    if (!res) goto out;
    for (int i = 0; i < 9; i++) st_items(res)[i] = int_from_i64(vals[i]);
    st_items(res)[9] = INCREF(tzname ? tzname : NONE);
    st_items(res)[10] = has_gmtoff ? int_from_i64(gmtoff) : INCREF(NONE);
    for (int i = 0; i < ST_FIELDS; i++)
        if (!st_items(res)[i]) {
            for (int j = 0; j < ST_FIELDS; j++)
                if (!st_items(res)[j]) st_items(res)[j] = INCREF(NONE);
            CLEAR(res);
            break;
        }
out:
    XDECREF(fmt_default);
    XDECREF(tzre);
    XDECREF(nosave);
    XDECREF(save);
    XDECREF(compiled);
    XDECREF(found);
    XDECREF(gd);
    return res;
}

static Obj *t_strptime(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("time.strptime", "strptime", n, kw, 1, 2) < 0) return NULL;
    Obj *fmt_default = NULL;
    Obj *data = a[0], *format = n > 1 ? a[1] : (fmt_default = str_from_cstr("%a %b %d %H:%M:%S %Y"));
    if (!format) return NULL;
    Obj *args2[2] = {data, format};
    for (int i = 0; i < 2; i++)
        if (!STR_CHECK(args2[i])) {
            vm_err_format(&exc_TypeError, "strptime() argument %d must be str, not %R", i, (Obj *)OBJ_TYPE(args2[i]));
            XDECREF(fmt_default);
            tbframe_push(&tbgen_strptime, TBG_STRPTIME_STRPTIME_TYPE);
            return tbframe_fail(&tbgen_strptime, TBG_STRPTIME_STRPTIME_TIME);
        }
    Obj *r = strptime_core(s, data, format, fmt_default, NULL);
    return r ? r : tbframe_fail(&tbgen_strptime, TBG_STRPTIME_STRPTIME_TIME);
}

int time_strptime_parse(Obj *data, Obj *format, TimeStrptime *out)
{
    Obj *m = import_name(id_str("time"), NULL, NULL, 0);
    if (!m) return -1;
    Obj *r = strptime_core(m, data, format, NULL, out);
    DECREF(m);
    if (!r) {
        tbframe_push(&tbgen_strptime, TBG_STRPTIME_STRPTIME_DATETIME);
        return -1;
    }
    DECREF(r);
    return 0;
}

static Obj *t_tzset(Obj *s, Obj *const *a, Ssize n, Obj *kw);

/* ---- the module ----------------------------------------------------------------------------- */

static const MethodDef time_methods[] = {
    {"time", t_time, METH_FAST, "time() -> floating point number\n\nReturn the current time in seconds since the Epoch.\nFractions of a second may be present if the system clock provides them."},
    {"time_ns", t_time_ns, METH_FAST, "time_ns() -> int\n\nReturn the current time in nanoseconds since the Epoch."},
    {"monotonic", t_monotonic, METH_FAST, "monotonic() -> float\n\nMonotonic clock, cannot go backward."},
    {"monotonic_ns", t_monotonic_ns, METH_FAST, "monotonic_ns() -> int\n\nMonotonic clock, cannot go backward, as nanoseconds."},
    {"perf_counter", t_perf_counter, METH_FAST, "perf_counter() -> float\n\nPerformance counter for benchmarking."},
    {"perf_counter_ns", t_perf_counter_ns, METH_FAST, "perf_counter_ns() -> int\n\nPerformance counter for benchmarking as nanoseconds."},
    {"process_time", t_process_time, METH_FAST, "process_time() -> float\n\nProcess time for profiling: sum of the kernel and user-space CPU time."},
    {"process_time_ns", t_process_time_ns, METH_FAST, "process_time() -> int\n\nProcess time for profiling as nanoseconds:\nsum of the kernel and user-space CPU time."},
    {"thread_time", t_thread_time, METH_FAST, "thread_time() -> float\n\nThread time for profiling: sum of the kernel and user-space CPU time."},
    {"thread_time_ns", t_thread_time_ns, METH_FAST, "thread_time() -> int\n\nThread time for profiling as nanoseconds:\nsum of the kernel and user-space CPU time."},
    {"sleep", t_sleep, METH_FAST, "sleep(seconds)\n\nDelay execution for a given number of seconds.  The argument may be\na floating point number for subsecond precision."},
    {"gmtime", t_gmtime, METH_FAST, "gmtime([seconds]) -> (tm_year, tm_mon, tm_mday, tm_hour, tm_min,\n                       tm_sec, tm_wday, tm_yday, tm_isdst)"},
    {"localtime", t_localtime, METH_FAST, "localtime([seconds]) -> (tm_year,tm_mon,tm_mday,tm_hour,tm_min,\n                          tm_sec,tm_wday,tm_yday,tm_isdst)"},
    {"mktime", t_mktime, METH_FAST, "mktime(tuple) -> floating point number\n\nConvert a time tuple in local time to seconds since the Epoch."},
    {"asctime", t_asctime, METH_FAST, "asctime([tuple]) -> string\n\nConvert a time tuple to a string, e.g. 'Sat Jun 06 16:26:11 1998'."},
    {"ctime", t_ctime, METH_FAST, "ctime(seconds) -> string\n\nConvert a time in seconds since the Epoch to a string in local time."},
    {"strftime", t_strftime, METH_FAST, "strftime(format[, tuple]) -> string\n\nConvert a time tuple to a string according to a format specification."},
    {"get_clock_info", t_get_clock_info, METH_FAST, "get_clock_info(name: str) -> dict\n\nGet information of the specified clock."},
    {"clock_gettime", t_clock_gettime, METH_FAST, "clock_gettime(clk_id) -> float\n\nReturn the time of the specified clock clk_id."},
    {"clock_gettime_ns", t_clock_gettime_ns, METH_FAST, "clock_gettime_ns(clk_id) -> int\n\nReturn the time of the specified clock clk_id as nanoseconds (int)."},
    {"clock_getres", t_clock_getres, METH_FAST, "clock_getres(clk_id) -> floating point number\n\nReturn the resolution (precision) of the specified clock clk_id."},
    {"strptime", t_strptime, METH_FAST, "strptime(string, format) -> struct_time\n\nParse a string to a time tuple according to a format specification."},
    {"clock_settime", t_clock_settime, METH_FAST, "clock_settime(clk_id, time)\n\nSet the time of the specified clock clk_id."},
    {"clock_settime_ns", t_clock_settime_ns, METH_FAST, "clock_settime_ns(clk_id, time)\n\nSet the time of the specified clock clk_id with nanoseconds."},
    {"tzset", t_tzset, METH_FAST, "tzset()\n\nInitialize, or reinitialize, the local timezone to the value of the environment variable TZ."},
    {NULL, NULL, 0, NULL},
};

/* timezone / altzone / daylight / tzname from January and July of this year */
static int init_timezone(Obj *m)
{
    tzset();
    time_t t = time(NULL) / (365 * 24 * 3600) * (365 * 24 * 3600);
    struct tm p;
    localtime_r(&t, &p);
    char janname[10], julyname[10];
    snprintf(janname, sizeof janname, "%s", p.tm_zone ? p.tm_zone : "   ");
    long janzone = -p.tm_gmtoff;
    t += (365 * 24 * 3600) / 2;
    localtime_r(&t, &p);
    snprintf(julyname, sizeof julyname, "%s", p.tm_zone ? p.tm_zone : "   ");
    long julyzone = -p.tm_gmtoff;
    long tz, alt;
    int daylight;
    const char *n0, *n1;
    if (janzone < julyzone) {   /* southern hemisphere: DST in January */
        tz = julyzone;
        alt = janzone;
        daylight = janzone != julyzone;
        n0 = julyname;
        n1 = janname;
    } else {
        tz = janzone;
        alt = julyzone;
        daylight = janzone != julyzone;
        n0 = janname;
        n1 = julyname;
    }
    Obj *a = str_decode(n0, (Ssize)strlen(n0), "utf-8", "surrogateescape");
    Obj *b = str_decode(n1, (Ssize)strlen(n1), "utf-8", "surrogateescape");
    Obj *tzname = a && b ? tuple_pack(2, a, b) : NULL;
    XDECREF(a);
    XDECREF(b);
    if (module_add(m, "timezone", int_from_i64(tz)) < 0 || module_add(m, "altzone", int_from_i64(alt)) < 0 ||
        module_add(m, "daylight", int_from_i64(daylight)) < 0 || module_add(m, "tzname", tzname) < 0)
        return -1;
    return 0;
}

static Obj *t_tzset(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("time.tzset", n, kw) < 0) return NULL;
    if (init_timezone(s) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *time_init(void)
{
    if (!st_getset[0].name) {
        for (int i = 0; i < ST_FIELDS; i++)
            st_getset[i] = (GetSetDef){st_fields[i], st_get, NULL, st_docs[i], (void *)(intptr_t)i};
    }
    if (type_ready(&struct_time_type) < 0) return NULL;
    Obj *d = struct_time_type.dict;
    static const char *const counts[] = {"n_fields", "n_sequence_fields", "n_unnamed_fields"};
    static const int64_t values[] = {ST_FIELDS, ST_VISIBLE, 0};
    for (int i = 0; i < 3; i++) {
        if (dict_get_str_borrow(d, counts[i])) continue;
        Obj *v = int_from_i64(values[i]);
        int rc = v ? dict_set_str(d, counts[i], v) : -1;
        XDECREF(v);
        if (rc < 0) return NULL;
    }
    Obj *m = mh_module("time", time_methods);
    if (!m) return NULL;
    if (mh_add_obj(m, "struct_time", (Obj *)&struct_time_type) < 0 || init_timezone(m) < 0 ||
        module_add(m, "_STRUCT_TM_ITEMS", int_from_i64(ST_FIELDS)) < 0)
        goto fail;
    static const struct { const char *name; int64_t v; } consts[] = {
        {"CLOCK_REALTIME", CLOCK_REALTIME}, {"CLOCK_MONOTONIC", CLOCK_MONOTONIC},
        {"CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW}, {"CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID},
        {"CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID}, {"CLOCK_BOOTTIME", CLOCK_BOOTTIME},
        {"CLOCK_TAI", CLOCK_TAI},
    };
    for (size_t i = 0; i < sizeof consts / sizeof *consts; i++)
        if (module_add(m, consts[i].name, int_from_i64(consts[i].v)) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_time_register(void) { import_register_native("time", time_init); }
