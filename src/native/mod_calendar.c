/* mod_calendar.c — the `calendar` module of CPython 3.12, natively.
 *
 * CPython writes calendar in Python; this follows calendar.py step by
 * step so programs observe the same calls: the classes (Calendar,
 * TextCalendar, HTMLCalendar) are heap classes whose methods are method
 * descriptors calling one another through `self` (a subclass overriding
 * formatday or itermonthdays changes what the others produce, as in
 * CPython), text is built with the str methods calendar.py uses (center,
 * rstrip, %-formatting), and the module-level functions are bound methods
 * of the module's TextCalendar instance `c`.  Month and Day are IntEnums
 * made through the VM's enum module, shown as calendar.MONDAY as
 * global_enum shows them.  Names come from datetime.date.strftime, i.e.
 * the C locale.  The iterators (itermonthdays …) return iterators over
 * the computed values rather than generators.  LocaleTextCalendar,
 * LocaleHTMLCalendar and different_locale switch LC_TIME with the C
 * library's setlocale as calendar.py does through the locale module (which
 * the VM does not have: its Error is made here as locale.Error).  Not
 * provided: main (the command line).
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

static Obj *day_cls, *month_cls, *illegal_month_cls, *illegal_weekday_cls;
static Obj *date_cls;          /* datetime.date */

static Obj *iobj(int64_t v) { return int_from_i64(v); }

/* "%…" % (args…) with str's own %-formatting */
static Obj *pct(const char *fmt, Ssize n, Obj *const *args)
{
    Obj *f = str_from_cstr(fmt);
    Obj *t = f ? tuple_from_array(args, n) : NULL;
    Obj *r = t ? str_percent_format(f, t) : NULL;
    XDECREF(f);
    XDECREF(t);
    return r;
}

static Obj *meth0(Obj *o, const char *name) { return obj_call_method(o, name, NULL, 0); }
static Obj *meth1(Obj *o, const char *name, Obj *a) { return obj_call_method(o, name, &a, 1); }
static Obj *meth2(Obj *o, const char *name, Obj *a, Obj *b)
{
    Obj *v[2] = {a, b};
    return obj_call_method(o, name, v, 2);
}

/* s.center(width) then optionally .rstrip(), stealing s */
static Obj *center_steal(Obj *s, Obj *width)
{
    if (!s) return NULL;
    Obj *r = meth1(s, "center", width);
    DECREF(s);
    return r;
}

static Obj *rstrip_steal(Obj *s)
{
    if (!s) return NULL;
    Obj *r = meth0(s, "rstrip");
    DECREF(s);
    return r;
}

/* a += b for strs, stealing b; a may be NULL (error already) */
static int append_steal(Obj **a, Obj *b)
{
    if (!b || !*a) {
        XDECREF(b);
        CLEAR(*a);
        return -1;
    }
    Obj *r = str_concat(*a, b);
    DECREF(b);
    obj_setref(a, r);
    return r ? 0 : -1;
}

static Obj *newlines(Ssize l)
{
    if (l < 0) l = 0;
    char *buf = xmalloc((size_t)l + 1);
    memset(buf, '\n', (size_t)l);
    Obj *r = str_from_utf8(buf, l);
    free(buf);
    return r;
}

/* Python's a % b for ints (floor), b > 0 */
static int64_t pymod(int64_t a, int64_t b)
{
    int64_t r = a % b;
    return r < 0 ? r + b : r;
}

static int as_i64(Obj *o, int64_t *out)
{
    Obj *i = num_index(o);
    if (!i) return -1;
    int r = int_as_i64(i, out);
    DECREF(i);
    return r;
}

/* ---- module functions -------------------------------------------------------------------------- */

static const int mdays_tab[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static bool leap(int64_t y) { return pymod(y, 4) == 0 && (pymod(y, 100) != 0 || pymod(y, 400) == 0); }

/* isleap(year): year % 4 == 0 and (year % 100 != 0 or year % 400 == 0), on any numbers */
static Obj *isleap_obj(Obj *year)
{
    static const int64_t mods[3] = {4, 100, 400};
    Obj *res[3] = {NULL, NULL, NULL};
    int truth[3];
    for (int i = 0; i < 3; i++) {
        Obj *m = iobj(mods[i]);
        Obj *r = m ? num_binary(year, m, NB_REMAINDER) : NULL;
        XDECREF(m);
        if (!r) return NULL;
        Obj *z = iobj(0);
        truth[i] = z ? obj_richcompare_bool(r, z, CMP_EQ) : -1;
        XDECREF(z);
        DECREF(r);
        if (truth[i] < 0) return NULL;
        (void)res;
    }
    return bool_from(truth[0] && (!truth[1] || truth[2]));
}

static Obj *c_isleap(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"year"};
    Obj *v[1];
    if (mh_bind("isleap", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return isleap_obj(v[0]);
}

static Obj *c_leapdays(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"y1", "y2"};
    Obj *v[2];
    if (mh_bind("leapdays", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    /* (y2//4 - y1//4) - (y2//100 - y1//100) + (y2//400 - y1//400) on y-1 */
    Obj *one = iobj(1);
    Obj *a = one ? num_binary(v[0], one, NB_SUBTRACT) : NULL, *b = a ? num_binary(v[1], one, NB_SUBTRACT) : NULL;
    XDECREF(one);
    Obj *total = b ? iobj(0) : NULL;
    static const int64_t divs[3] = {4, 100, 400};
    for (int i = 0; total && i < 3; i++) {
        Obj *d = iobj(divs[i]);
        Obj *qb = d ? num_binary(b, d, NB_FLOOR_DIVIDE) : NULL, *qa = qb ? num_binary(a, d, NB_FLOOR_DIVIDE) : NULL;
        Obj *diff = qa ? num_binary(qb, qa, NB_SUBTRACT) : NULL;
        Obj *t = diff ? num_binary(total, diff, i == 1 ? NB_SUBTRACT : NB_ADD) : NULL;
        XDECREF(d);
        XDECREF(qb);
        XDECREF(qa);
        XDECREF(diff);
        obj_setref(&total, t);
    }
    XDECREF(a);
    XDECREF(b);
    return total;
}

/* Day(datetime.date(year, month, day).weekday()) with years outside 1..9999 moved into the 400-year cycle */
static Obj *weekday_obj(Obj *year, Obj *month, Obj *day)
{
    Obj *y = INCREF(year);
    Obj *lo = iobj(1), *hi = iobj(9999);
    int in = lo && hi ? obj_richcompare_bool(lo, y, CMP_LE) : -1;
    if (in > 0) in = obj_richcompare_bool(y, hi, CMP_LE);
    XDECREF(lo);
    XDECREF(hi);
    if (in < 0) {
        DECREF(y);
        return NULL;
    }
    if (!in) {
        Obj *m = iobj(400), *base = iobj(2000);
        Obj *r = m ? num_binary(y, m, NB_REMAINDER) : NULL;
        Obj *ny = r && base ? num_binary(base, r, NB_ADD) : NULL;
        XDECREF(m);
        XDECREF(base);
        XDECREF(r);
        DECREF(y);
        if (!ny) return NULL;
        y = ny;
    }
    Obj *a[3] = {y, month, day};
    Obj *d = obj_call(date_cls, a, 3, NULL);
    DECREF(y);
    /* calendar.py's weekday: Day(datetime.date(year, month, day).weekday()) */
    if (!d) return tbframe_fail(&tbgen_calendar, TBG_CALENDAR_WEEKDAY_DATE);
    Obj *wd = meth0(d, "weekday");
    DECREF(d);
    if (!wd) return NULL;
    Obj *r = obj_call(day_cls, &wd, 1, NULL);
    DECREF(wd);
    return r;
}

static Obj *c_weekday(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"year", "month", "day"};
    Obj *v[3];
    if (mh_bind("weekday", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    return weekday_obj(v[0], v[1], v[2]);
}

/* raise cls(arg) (IllegalMonthError / IllegalWeekdayError) */
static void raise_illegal(Obj *cls, Obj *arg)
{
    Obj *e = obj_call(cls, &arg, 1, NULL);
    if (e) vm_err_restore(e);
}

/* monthrange(year, month) as C values; day1 is the Day member (new ref) */
static int monthrange_c(Obj *year, Obj *month, Obj **day1, int64_t *ndays)
{
    Obj *lo = iobj(1), *hi = iobj(12);
    int ok = lo && hi ? obj_richcompare_bool(lo, month, CMP_LE) : -1;
    if (ok > 0) ok = obj_richcompare_bool(month, hi, CMP_LE);
    Obj *one = lo;
    if (ok < 0) {
        XDECREF(lo);
        XDECREF(hi);
        return -1;
    }
    if (!ok) {
        XDECREF(lo);
        XDECREF(hi);
        raise_illegal(illegal_month_cls, month);
        return -1;
    }
    *day1 = weekday_obj(year, month, one);
    XDECREF(lo);
    XDECREF(hi);
    if (!*day1) return -1;
    int64_t m;
    if (as_i64(month, &m) < 0) {
        CLEAR(*day1);
        return -1;
    }
    Obj *lp = m == 2 ? isleap_obj(year) : NULL;
    if (m == 2 && !lp) {
        CLEAR(*day1);
        return -1;
    }
    *ndays = mdays_tab[m] + (lp == TRUE_ ? 1 : 0);
    XDECREF(lp);
    return 0;
}

static Obj *c_monthrange(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"year", "month"};
    Obj *v[2];
    if (mh_bind("monthrange", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *day1;
    int64_t nd;
    if (monthrange_c(v[0], v[1], &day1, &nd) < 0) {
        /* calendar.py's frame in tracebacks (tbframes_gen.h) */
        if (vm_err_matches((TypeObj *)illegal_month_cls)) tbframe_push(&tbgen_calendar, TBG_CALENDAR_MONTHRANGE_MONTH);
        return NULL;
    }
    Obj *n = iobj(nd);
    Obj *r = n ? tuple_pack(2, day1, n) : NULL;
    DECREF(day1);
    XDECREF(n);
    return r;
}

static Obj *formatstring_c(Obj *cols, Obj *colwidth, Obj *spacing)
{
    Obj *sp = str_from_cstr(" ");
    Obj *sep = sp ? num_binary(spacing, sp, NB_MULTIPLY) : NULL;
    XDECREF(sp);
    if (!sep) return NULL;
    Obj *it = obj_getiter(cols);
    Obj *parts = it ? list_new(0) : NULL;
    Obj *x;
    while (parts && (x = obj_iternext(it))) {
        Obj *c = meth1(x, "center", colwidth);
        DECREF(x);
        if (!c || list_append(parts, c) < 0) CLEAR(parts);
        XDECREF(c);
    }
    if (parts && vm_err_occurred()) CLEAR(parts);
    XDECREF(it);
    Obj *r = parts ? str_join(sep, parts) : NULL;
    XDECREF(parts);
    DECREF(sep);
    return r;
}

static Obj *c_formatstring(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"cols", "colwidth", "spacing"};
    Obj *v[3];
    if (mh_bind("formatstring", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *cw = v[1] ? INCREF(v[1]) : iobj(20), *spc = v[2] ? INCREF(v[2]) : iobj(6);
    Obj *r = cw && spc ? formatstring_c(v[0], cw, spc) : NULL;
    XDECREF(cw);
    XDECREF(spc);
    return r;
}

/* print(*args, end=end) through the builtin */
static Obj *py_print(Obj *text, const char *end)
{
    Obj *pr = dict_get_str_borrow(vm->builtins, "print");
    if (!pr) {
        vm_err_set_str(&exc_RuntimeError, "lost builtins.print");
        return NULL;
    }
    if (!end) return obj_call(pr, &text, 1, NULL);
    Obj *e = str_from_cstr(end), *kn = tuple_pack(1, id_str("end"));
    Obj *a[2] = {text, e};
    Obj *r = e && kn ? obj_call(pr, a, 1, kn) : NULL;
    XDECREF(e);
    XDECREF(kn);
    return r;
}

static Obj *c_format(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"cols", "colwidth", "spacing"};
    Obj *v[3];
    if (mh_bind("format", args, nargs, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *cw = v[1] ? INCREF(v[1]) : iobj(20), *spc = v[2] ? INCREF(v[2]) : iobj(6);
    Obj *t = cw && spc ? formatstring_c(v[0], cw, spc) : NULL;
    XDECREF(cw);
    XDECREF(spc);
    if (!t) return NULL;
    Obj *r = py_print(t, NULL);
    DECREF(t);
    return r;
}

static Obj *c_timegm(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"tuple"};
    Obj *v[1];
    if (mh_bind("timegm", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *six = iobj(6);
    Obj *sl = six ? slice_new(NULL, six, NULL) : NULL;
    XDECREF(six);
    Obj *part = sl ? obj_getitem(v[0], sl) : NULL;
    XDECREF(sl);
    if (!part) return NULL;
    Obj *t = seq_to_tuple(part);
    DECREF(part);
    if (!t) return NULL;
    if (TUPLE_LEN(t) != 6) {
        if (TUPLE_LEN(t) < 6)
            vm_err_format(&exc_ValueError, "not enough values to unpack (expected 6, got %zd)", TUPLE_LEN(t));
        else
            vm_err_set_str(&exc_ValueError, "too many values to unpack (expected 6)");
        DECREF(t);
        return NULL;
    }
    Obj **f = TUPLE_ITEMS(t);
    Obj *one = iobj(1);
    Obj *a[3] = {f[0], f[1], one};
    Obj *d = one ? obj_call(date_cls, a, 3, NULL) : NULL;
    Obj *ord = d ? meth0(d, "toordinal") : NULL;
    XDECREF(d);
    Obj *epoch = iobj(719163);
    Obj *days = ord && epoch ? num_binary(ord, epoch, NB_SUBTRACT) : NULL;
    XDECREF(ord);
    XDECREF(epoch);
    if (days) obj_setref(&days, num_binary(days, f[2], NB_ADD));
    if (days) obj_setref(&days, num_binary(days, one, NB_SUBTRACT));
    XDECREF(one);
    static const int64_t mul[3] = {24, 60, 60};
    Obj *acc = days;
    for (int i = 0; acc && i < 3; i++) {
        Obj *m = iobj(mul[i]);
        Obj *p = m ? num_binary(acc, m, NB_MULTIPLY) : NULL;
        XDECREF(m);
        Obj *q = p ? num_binary(p, f[3 + i], NB_ADD) : NULL;
        XDECREF(p);
        obj_setref(&acc, q);
    }
    DECREF(t);
    return acc;
}

static Obj *module_getattr(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"name"};
    Obj *v[1];
    if (mh_bind("__getattr__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *name = v[0];
    if (STR_CHECK(name) && (str_eq_cstr(name, "January") || str_eq_cstr(name, "February"))) {
        bool jan = str_eq_cstr(name, "January");
        Obj *msg = str_from_fmt("The '%s' attribute is deprecated, use '%s' instead", jan ? "January" : "February",
                                jan ? "JANUARY" : "FEBRUARY");
        int w = msg ? warnings_warn(&exc_DeprecationWarning, msg, 1) : -1;   /* no frame of our own */
        XDECREF(msg);
        if (w < 0) return NULL;
        return iobj(jan ? 1 : 2);
    }
    vm_err_format(&exc_AttributeError, "module 'calendar' has no attribute '%S'", name);
    return NULL;
}

/* ---- exceptions --------------------------------------------------------------------------------- */

static Obj *illegal_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *fname, const char *attr)
{
    static const char *const mnames[] = {"month"}, *const wnames[] = {"weekday"};
    Obj *v[1];
    if (mh_bind_m(fname, args, nargs, kw, attr[0] == 'm' ? mnames : wnames, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *key = str_from_cstr(attr);
    int r = key ? obj_setattr(self, key, v[0]) : -1;
    XDECREF(key);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *imonth_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return illegal_init(self, a, n, kw, "IllegalMonthError.__init__", "month");
}

static Obj *iweekday_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return illegal_init(self, a, n, kw, "IllegalWeekdayError.__init__", "weekday");
}

static Obj *imonth_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_bind_m("IllegalMonthError.__str__", a, n, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *m = obj_getattr_str(self, "month");
    Obj *r = m ? pct("bad month number %r; must be 1-12", 1, &m) : NULL;
    XDECREF(m);
    return r;
}

static Obj *iweekday_str(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_bind_m("IllegalWeekdayError.__str__", a, n, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *m = obj_getattr_str(self, "weekday");
    Obj *r = m ? pct("bad weekday number %r; must be 0 (Monday) to 6 (Sunday)", 1, &m) : NULL;
    XDECREF(m);
    return r;
}

static const MethodDef imonth_methods[] = {
    {"__init__", imonth_init, METH_FAST, NULL},
    {"__str__", imonth_str, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef iweekday_methods[] = {
    {"__init__", iweekday_init, METH_FAST, NULL},
    {"__str__", iweekday_str, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- _localized_month / _localized_day ------------------------------------------------------------- */

/* date(2001, month, day).strftime(format) */
static Obj *name_of(int month, int day, Obj *format)
{
    Obj *y = iobj(2001), *m = iobj(month), *d = iobj(day);
    Obj *a[3] = {y, m, d};
    Obj *dt = y && m && d ? obj_call(date_cls, a, 3, NULL) : NULL;
    XDECREF(y);
    XDECREF(m);
    XDECREF(d);
    Obj *r = dt ? meth1(dt, "strftime", format) : NULL;
    XDECREF(dt);
    return r;
}

/* item i (0..n-1) of a localized table */
static Obj *localized_item(bool months, Ssize i, Obj *format)
{
    if (months) {
        if (i == 0) return str_from_cstr("");
        return name_of((int)i, 1, format);
    }
    return name_of(1, (int)i + 1, format);   /* 2001-01-01 was a Monday */
}

static Obj *localized_getitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool months)
{
    static const char *const names[] = {"i"};
    Obj *v[1];
    if (mh_bind_m(months ? "_localized_month.__getitem__" : "_localized_day.__getitem__", args, nargs, kw, names, 1,
                  1, 0, 1, 0, v) < 0)
        return NULL;
    Ssize n = months ? 13 : 7;
    Obj *format = obj_getattr_str(self, "format");
    if (!format) return NULL;
    Obj *r = NULL;
    if (IS_TYPE(v[0], slice_type)) {
        Ssize start, stop, step, len;
        if (slice_indices(v[0], n, &start, &stop, &step, &len) < 0) goto out;
        r = list_new(0);
        for (Ssize k = 0, i = start; r && k < len; k++, i += step) {
            Obj *x = localized_item(months, i, format);
            if (!x || list_append(r, x) < 0) CLEAR(r);
            XDECREF(x);
        }
    } else {
        if (!index_check(v[0])) {
            vm_err_format(&exc_TypeError, "list indices must be integers or slices, not %s",
                          type_name(OBJ_TYPE(v[0])));
            goto out;
        }
        Ssize i = num_as_ssize(v[0], &exc_IndexError);
        if (i == -1 && vm_err_occurred()) {
            if (vm_err_matches(&exc_IndexError)) {
                vm_err_clear();
                vm_err_format(&exc_IndexError, "cannot fit 'int' into an index-sized integer");
            }
            goto out;
        }
        if (i < 0) i += n;
        if (i < 0 || i >= n) {
            vm_err_set_str(&exc_IndexError, "list index out of range");
            goto out;
        }
        r = localized_item(months, i, format);
    }
out:
    DECREF(format);
    /* calendar.py's _localized_month/_localized_day: `funcs = self._months[i]` */
    if (!r && !IS_TYPE(v[0], slice_type))
        tbframe_push(&tbgen_calendar, months ? TBG_CALENDAR_LOCALIZED_MONTH_GETITEM : TBG_CALENDAR_LOCALIZED_DAY_GETITEM);
    return r;
}

static Obj *lmonth_getitem(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return localized_getitem(s, a, n, kw, true); }
static Obj *lday_getitem(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return localized_getitem(s, a, n, kw, false); }

static Obj *localized_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *fname)
{
    static const char *const names[] = {"format"};
    Obj *v[1];
    if (mh_bind_m(fname, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *key = str_from_cstr("format");
    int r = key ? obj_setattr(self, key, v[0]) : -1;
    XDECREF(key);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *lmonth_init(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return localized_init(s, a, n, kw, "_localized_month.__init__"); }
static Obj *lday_init(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return localized_init(s, a, n, kw, "_localized_day.__init__"); }

static Obj *lmonth_len(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_bind_m("_localized_month.__len__", a, n, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return iobj(13);
}

static Obj *lday_len(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_bind_m("_localized_day.__len__", a, n, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return iobj(7);
}

static const MethodDef lmonth_methods[] = {
    {"__init__", lmonth_init, METH_FAST, NULL},
    {"__getitem__", lmonth_getitem, METH_FAST, NULL},
    {"__len__", lmonth_len, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef lday_methods[] = {
    {"__init__", lday_init, METH_FAST, NULL},
    {"__getitem__", lday_getitem, METH_FAST, NULL},
    {"__len__", lday_len, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- Calendar ------------------------------------------------------------------------------------ */

static Obj *mod_dict;   /* the calendar module's namespace (owned): day_name & co. as calendar.py looks them up */

static Obj *global(const char *name)
{
    Obj *v = mod_dict ? dict_get_str_borrow(mod_dict, name) : NULL;
    if (!v) {
        vm_err_format(&exc_NameError, "name '%s' is not defined", name);
        return NULL;
    }
    return INCREF(v);
}

static Obj *callv(Obj *self, const char *name, Ssize n, ...)
{
    Obj *a[8];
    va_list ap;
    va_start(ap, n);
    for (Ssize i = 0; i < n; i++) a[i] = va_arg(ap, Obj *);
    va_end(ap);
    return obj_call_method(self, name, a, n);
}

static int get_fw(Obj *self, int64_t *fw)
{
    Obj *f = obj_getattr_str(self, "firstweekday");
    if (!f) return -1;
    int r = as_i64(f, fw);
    DECREF(f);
    return r;
}

static Obj *cal_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"firstweekday"};
    Obj *v[1];
    if (mh_bind_m("Calendar.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *fw = v[0] ? INCREF(v[0]) : iobj(0);
    int r = fw ? obj_setattr(self, id_str("firstweekday"), fw) : -1;
    XDECREF(fw);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *cal_getfirstweekday(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("Calendar.getfirstweekday", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *f = obj_getattr_str(self, "_firstweekday");
    Obj *seven = f ? iobj(7) : NULL;
    Obj *r = seven ? num_binary(f, seven, NB_REMAINDER) : NULL;
    XDECREF(f);
    XDECREF(seven);
    return r;
}

static Obj *cal_setfirstweekday(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"firstweekday"};
    Obj *v[1];
    if (mh_bind_m("Calendar.setfirstweekday", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *key = str_from_cstr("_firstweekday");
    int r = key ? obj_setattr(self, key, v[0]) : -1;
    XDECREF(key);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *iter_steal(Obj *list)
{
    if (!list) return NULL;
    Obj *it = obj_getiter(list);
    DECREF(list);
    return it;
}

static int append_int(Obj *list, int64_t v)
{
    Obj *x = iobj(v);
    int r = x ? list_append(list, x) : -1;
    XDECREF(x);
    return r;
}

static Obj *cal_iterweekdays(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("Calendar.iterweekdays", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    int64_t fw;
    if (get_fw(self, &fw) < 0) return NULL;
    Obj *l = list_new(0);
    for (int64_t i = fw; l && i < fw + 7; i++)
        if (append_int(l, pymod(i, 7)) < 0) CLEAR(l);
    return iter_steal(l);
}

static int ym_args(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, Obj **v)
{
    static const char *const names[] = {"year", "month"};
    return mh_bind_m(fname, args, nargs, kw, names, 2, 2, 0, 2, 0, v);
}

/* the day numbers of itermonthdays as a list */
static Obj *monthdays_list(Obj *self, Obj *year, Obj *month)
{
    Obj *day1;
    int64_t nd, d1, fw;
    if (monthrange_c(year, month, &day1, &nd) < 0) return NULL;
    int r = as_i64(day1, &d1);
    DECREF(day1);
    if (r < 0 || get_fw(self, &fw) < 0) return NULL;
    int64_t before = pymod(d1 - fw, 7);
    Obj *l = list_new(0);
    for (int64_t i = 0; l && i < before; i++)
        if (append_int(l, 0) < 0) CLEAR(l);
    for (int64_t i = 1; l && i <= nd; i++)
        if (append_int(l, i) < 0) CLEAR(l);
    if (l && get_fw(self, &fw) < 0) CLEAR(l);
    int64_t after = pymod(fw - d1 - nd, 7);
    for (int64_t i = 0; l && i < after; i++)
        if (append_int(l, 0) < 0) CLEAR(l);
    return l;
}

static Obj *cal_itermonthdays(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (ym_args("Calendar.itermonthdays", args, nargs, kw, v) < 0) return NULL;
    return iter_steal(monthdays_list(self, v[0], v[1]));
}

/* list(self.NAME(year, month)) */
static Obj *list_of_call(Obj *self, const char *name, Obj *year, Obj *month)
{
    Obj *it = callv(self, name, 2, year, month);
    if (!it) return NULL;
    Obj *l = seq_to_list(it);
    DECREF(it);
    return l;
}

static Obj *cal_itermonthdays2(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (ym_args("Calendar.itermonthdays2", args, nargs, kw, v) < 0) return NULL;
    Obj *days = list_of_call(self, "itermonthdays", v[0], v[1]);
    int64_t fw;
    if (!days || get_fw(self, &fw) < 0) {
        XDECREF(days);
        return NULL;
    }
    Obj *l = list_new(0);
    for (Ssize i = 0; l && i < LIST_LEN(days); i++) {
        Obj *wd = iobj(pymod(fw + i, 7));
        Obj *t = wd ? tuple_pack(2, LIST_ITEMS(days)[i], wd) : NULL;
        XDECREF(wd);
        if (!t || list_append(l, t) < 0) CLEAR(l);
        XDECREF(t);
    }
    DECREF(days);
    return iter_steal(l);
}

static Obj *ymd_tuple(Obj *y, Obj *m, int64_t d)
{
    Obj *dd = iobj(d);
    Obj *t = dd ? tuple_pack(3, y, m, dd) : NULL;
    XDECREF(dd);
    return t;
}

static int append_steal_list(Obj *l, Obj *x)
{
    int r = x ? list_append(l, x) : -1;
    XDECREF(x);
    return r;
}

static Obj *cal_itermonthdays3(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (ym_args("Calendar.itermonthdays3", args, nargs, kw, v) < 0) return NULL;
    Obj *year = v[0], *month = v[1];
    Obj *day1;
    int64_t nd, d1, fw, y, m;
    if (monthrange_c(year, month, &day1, &nd) < 0) return NULL;
    int r = as_i64(day1, &d1);
    DECREF(day1);
    if (r < 0 || get_fw(self, &fw) < 0) return NULL;
    int64_t before = pymod(d1 - fw, 7);
    if (get_fw(self, &fw) < 0) return NULL;
    int64_t after = pymod(fw - d1 - nd, 7);
    if (as_i64(year, &y) < 0 || as_i64(month, &m) < 0) return NULL;
    Obj *l = list_new(0);
    /* the previous month's tail */
    int64_t py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
    int64_t end = mdays_tab[pm] + (pm == 2 && leap(py)) + 1;
    Obj *pyo = iobj(py), *pmo = iobj(pm);
    for (int64_t d = end - before; l && pyo && pmo && d < end; d++)
        if (append_steal_list(l, ymd_tuple(pyo, pmo, d)) < 0) CLEAR(l);
    XDECREF(pyo);
    XDECREF(pmo);
    for (int64_t d = 1; l && d <= nd; d++)
        if (append_steal_list(l, ymd_tuple(year, month, d)) < 0) CLEAR(l);
    int64_t ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    Obj *nyo = iobj(ny), *nmo = iobj(nm);
    for (int64_t d = 1; l && nyo && nmo && d <= after; d++)
        if (append_steal_list(l, ymd_tuple(nyo, nmo, d)) < 0) CLEAR(l);
    XDECREF(nyo);
    XDECREF(nmo);
    return iter_steal(l);
}

static Obj *cal_itermonthdays4(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (ym_args("Calendar.itermonthdays4", args, nargs, kw, v) < 0) return NULL;
    Obj *ymd = list_of_call(self, "itermonthdays3", v[0], v[1]);
    if (!ymd) return NULL;
    Obj *l = list_new(0);
    for (Ssize i = 0; l && i < LIST_LEN(ymd); i++) {
        Obj *t = seq_to_tuple(LIST_ITEMS(ymd)[i]);
        int64_t fw;
        if (!t || TUPLE_LEN(t) != 3 || get_fw(self, &fw) < 0) {
            if (t && TUPLE_LEN(t) != 3 && !vm_err_occurred())
                vm_err_format(&exc_ValueError, "not enough values to unpack (expected 3, got %zd)", TUPLE_LEN(t));
            XDECREF(t);
            CLEAR(l);
            break;
        }
        Obj *wd = iobj(pymod(fw + i, 7));
        Obj *q = wd ? tuple_pack(4, TUPLE_ITEMS(t)[0], TUPLE_ITEMS(t)[1], TUPLE_ITEMS(t)[2], wd) : NULL;
        XDECREF(wd);
        DECREF(t);
        if (append_steal_list(l, q) < 0) CLEAR(l);
    }
    DECREF(ymd);
    return iter_steal(l);
}

static Obj *cal_itermonthdates(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (ym_args("Calendar.itermonthdates", args, nargs, kw, v) < 0) return NULL;
    Obj *ymd = list_of_call(self, "itermonthdays3", v[0], v[1]);
    if (!ymd) return NULL;
    Obj *l = list_new(0);
    for (Ssize i = 0; l && i < LIST_LEN(ymd); i++) {
        Obj *t = seq_to_tuple(LIST_ITEMS(ymd)[i]);
        Obj *d = t && TUPLE_LEN(t) == 3 ? obj_call(date_cls, TUPLE_ITEMS(t), 3, NULL) : NULL;
        XDECREF(t);
        if (append_steal_list(l, d) < 0) CLEAR(l);
    }
    DECREF(ymd);
    return iter_steal(l);
}

/* [items[i:i+7] for i in range(0, len(items), 7)], stealing items */
static Obj *weeks_steal(Obj *items)
{
    if (!items) return NULL;
    Obj *r = list_new(0);
    for (Ssize i = 0; r && i < LIST_LEN(items); i += 7)
        if (append_steal_list(r, list_slice(items, i, i + 7)) < 0) CLEAR(r);
    DECREF(items);
    return r;
}

static Obj *cal_monthdatescalendar(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (ym_args("Calendar.monthdatescalendar", args, nargs, kw, v) < 0) return NULL;
    return weeks_steal(list_of_call(self, "itermonthdates", v[0], v[1]));
}

static Obj *cal_monthdays2calendar(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (ym_args("Calendar.monthdays2calendar", args, nargs, kw, v) < 0) return NULL;
    return weeks_steal(list_of_call(self, "itermonthdays2", v[0], v[1]));
}

static Obj *cal_monthdayscalendar(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[2];
    if (ym_args("Calendar.monthdayscalendar", args, nargs, kw, v) < 0) return NULL;
    return weeks_steal(list_of_call(self, "itermonthdays", v[0], v[1]));
}

/* [self.NAME(year, m) for m in Month] in rows of width */
static Obj *year_rows(Obj *self, const char *fname, const char *name, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"year", "width"};
    Obj *v[2];
    if (mh_bind_m(fname, args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *width = v[1] ? INCREF(v[1]) : iobj(3);
    if (!width) return NULL;
    Obj *months = list_new(0);
    Obj *it = months ? obj_getiter(month_cls) : NULL;
    Obj *m;
    while (it && months && (m = obj_iternext(it))) {
        Obj *x = callv(self, name, 2, v[0], m);
        DECREF(m);
        if (append_steal_list(months, x) < 0) CLEAR(months);
    }
    if (!it || vm_err_occurred()) CLEAR(months);
    XDECREF(it);
    Obj *r = NULL;
    if (months) {
        Ssize w = mh_as_ssize(width);
        if (w == -1 && vm_err_occurred()) {
            /* range() refuses it as CPython's comprehension would */
        } else if (w == 0) {
            vm_err_set_str(&exc_ValueError, "range() arg 3 must not be zero");
        } else {
            r = list_new(0);
            Ssize n = LIST_LEN(months);
            for (Ssize i = 0; r && (w > 0 ? i < n : i > n); i += w) {
                Ssize hi = w > 0 && i + w > n ? n : i + w;
                if (append_steal_list(r, list_slice(months, i, hi < i ? i : hi)) < 0) CLEAR(r);
            }
        }
    }
    XDECREF(months);
    DECREF(width);
    return r;
}

static Obj *cal_yeardatescalendar(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return year_rows(self, "Calendar.yeardatescalendar", "monthdatescalendar", a, n, kw);
}
static Obj *cal_yeardays2calendar(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return year_rows(self, "Calendar.yeardays2calendar", "monthdays2calendar", a, n, kw);
}
static Obj *cal_yeardayscalendar(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return year_rows(self, "Calendar.yeardayscalendar", "monthdayscalendar", a, n, kw);
}

static const MethodDef calendar_methods[] = {
    {"__init__", cal_init, METH_FAST, NULL},
    {"getfirstweekday", cal_getfirstweekday, METH_FAST, NULL},
    {"setfirstweekday", cal_setfirstweekday, METH_FAST, NULL},
    {"iterweekdays", cal_iterweekdays, METH_FAST, "Return an iterator for one week of weekday numbers starting with the\nconfigured first one."},
    {"itermonthdates", cal_itermonthdates, METH_FAST, NULL},
    {"itermonthdays", cal_itermonthdays, METH_FAST, NULL},
    {"itermonthdays2", cal_itermonthdays2, METH_FAST, NULL},
    {"itermonthdays3", cal_itermonthdays3, METH_FAST, NULL},
    {"itermonthdays4", cal_itermonthdays4, METH_FAST, NULL},
    {"monthdatescalendar", cal_monthdatescalendar, METH_FAST, NULL},
    {"monthdays2calendar", cal_monthdays2calendar, METH_FAST, NULL},
    {"monthdayscalendar", cal_monthdayscalendar, METH_FAST, NULL},
    {"yeardatescalendar", cal_yeardatescalendar, METH_FAST, NULL},
    {"yeardays2calendar", cal_yeardays2calendar, METH_FAST, NULL},
    {"yeardayscalendar", cal_yeardayscalendar, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- TextCalendar ------------------------------------------------------------------------------------ */

static Obj *print_steal(Obj *text)
{
    if (!text) return NULL;
    Obj *r = py_print(text, "");
    DECREF(text);
    return r;
}

static Obj *tc_prweek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theweek", "width"};
    Obj *v[2];
    if (mh_bind_m("TextCalendar.prweek", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    return print_steal(callv(self, "formatweek", 2, v[0], v[1]));
}

static int is_zero(Obj *o)
{
    Obj *z = iobj(0);
    int r = z ? obj_richcompare_bool(o, z, CMP_EQ) : -1;
    XDECREF(z);
    return r;
}

static Obj *tc_formatday(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"day", "weekday", "width"};
    Obj *v[3];
    if (mh_bind_m("TextCalendar.formatday", args, nargs, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    int z = is_zero(v[0]);
    if (z < 0) return NULL;
    Obj *s = z ? str_from_cstr("") : pct("%2i", 1, &v[0]);
    return center_steal(s, v[2]);
}

/* SEP.join(self.NAME(d, wd[, width]) for (d, wd) in theweek) */
static Obj *join_days(Obj *self, Obj *theweek, Obj *width, const char *sep)
{
    Obj *it = obj_getiter(theweek);
    if (!it) return NULL;
    Obj *parts = list_new(0), *x;
    while (parts && (x = obj_iternext(it))) {
        Obj *t = seq_to_tuple(x);
        DECREF(x);
        if (t && TUPLE_LEN(t) != 2) {
            vm_err_format(&exc_ValueError, TUPLE_LEN(t) < 2 ? "not enough values to unpack (expected 2, got %zd)"
                                                            : "too many values to unpack (expected 2)",
                          TUPLE_LEN(t));
            CLEAR(t);
        }
        Obj *s = !t ? NULL : width ? callv(self, "formatday", 3, TUPLE_ITEMS(t)[0], TUPLE_ITEMS(t)[1], width)
                                   : callv(self, "formatday", 2, TUPLE_ITEMS(t)[0], TUPLE_ITEMS(t)[1]);
        XDECREF(t);
        if (append_steal_list(parts, s) < 0) CLEAR(parts);
    }
    if (parts && vm_err_occurred()) CLEAR(parts);
    DECREF(it);
    if (!parts) return NULL;
    Obj *sp = str_from_cstr(sep);
    Obj *r = sp ? str_join(sp, parts) : NULL;
    XDECREF(sp);
    DECREF(parts);
    return r;
}

static Obj *tc_formatweek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theweek", "width"};
    Obj *v[2];
    if (mh_bind_m("TextCalendar.formatweek", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    return join_days(self, v[0], v[1], " ");
}

static Obj *tc_formatweekday(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"day", "width"};
    Obj *v[2];
    if (mh_bind_m("TextCalendar.formatweekday", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *nine = iobj(9);
    int wide = nine ? obj_richcompare_bool(v[1], nine, CMP_GE) : -1;
    XDECREF(nine);
    if (wide < 0) return NULL;
    Obj *names_obj = global(wide ? "day_name" : "day_abbr");
    Obj *name = names_obj ? obj_getitem(names_obj, v[0]) : NULL;
    XDECREF(names_obj);
    Obj *sl = name ? slice_new(NULL, v[1], NULL) : NULL;
    Obj *cut = sl ? obj_getitem(name, sl) : NULL;
    XDECREF(sl);
    XDECREF(name);
    return center_steal(cut, v[1]);
}

/* SEP.join(self.formatweekday(i[, width]) for i in self.iterweekdays()) */
static Obj *join_weekdays(Obj *self, Obj *width, const char *sep)
{
    Obj *it = meth0(self, "iterweekdays");
    Obj *iter = it ? obj_getiter(it) : NULL;
    XDECREF(it);
    if (!iter) return NULL;
    Obj *parts = list_new(0), *x;
    while (parts && (x = obj_iternext(iter))) {
        Obj *s = width ? callv(self, "formatweekday", 2, x, width) : callv(self, "formatweekday", 1, x);
        DECREF(x);
        if (append_steal_list(parts, s) < 0) CLEAR(parts);
    }
    if (parts && vm_err_occurred()) CLEAR(parts);
    DECREF(iter);
    if (!parts) return NULL;
    Obj *sp = str_from_cstr(sep);
    Obj *r = sp ? str_join(sp, parts) : NULL;
    XDECREF(sp);
    DECREF(parts);
    return r;
}

static Obj *tc_formatweekheader(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"width"};
    Obj *v[1];
    if (mh_bind_m("TextCalendar.formatweekheader", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return join_weekdays(self, v[0], " ");
}

static Obj *tc_formatmonthname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"theyear", "themonth", "width", "withyear"};
    Obj *v[4];
    if (mh_bind_m("TextCalendar.formatmonthname", args, nargs, kw, names, 4, 4, 0, 3, 0, v) < 0) return NULL;
    Obj *mn = global("month_name");
    Obj *s = mn ? obj_getitem(mn, v[1]) : NULL;
    XDECREF(mn);
    if (!s) return NULL;
    int with = v[3] ? obj_is_true(v[3]) : 1;
    if (with < 0) {
        DECREF(s);
        return NULL;
    }
    if (with) {
        Obj *a[2] = {s, v[0]};
        Obj *t = pct("%s %r", 2, a);
        DECREF(s);
        s = t;
    }
    return center_steal(s, v[2]);
}

static Obj *tc_prmonth(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theyear", "themonth", "w", "l"};
    Obj *v[4];
    if (mh_bind_m("TextCalendar.prmonth", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    Obj *zero = iobj(0);
    if (!zero) return NULL;
    Obj *r = print_steal(callv(self, "formatmonth", 4, v[0], v[1], v[2] ? v[2] : zero, v[3] ? v[3] : zero));
    DECREF(zero);
    return r;
}

/* max(lo, x) for an int-like x (dflt when not given), as a C value */
static int clamp_min_d(Obj *x, Ssize dflt, Ssize lo, Ssize *out)
{
    if (!x) {
        *out = dflt > lo ? dflt : lo;
        return 0;
    }
    Ssize v = mh_as_ssize(x);
    if (v == -1 && vm_err_occurred()) return -1;
    *out = v > lo ? v : lo;
    return 0;
}

static Obj *tc_formatmonth(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theyear", "themonth", "w", "l"};
    Obj *v[4];
    if (mh_bind_m("TextCalendar.formatmonth", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    Ssize w, l;
    if (clamp_min_d(v[2], 0, 2, &w) < 0 || clamp_min_d(v[3], 0, 1, &l) < 0) return NULL;
    Obj *wo = iobj(w), *width = iobj(7 * (w + 1) - 1);
    Obj *s = wo && width ? rstrip_steal(callv(self, "formatmonthname", 3, v[0], v[1], width)) : NULL;
    XDECREF(width);
    append_steal(&s, newlines(l));
    if (s) append_steal(&s, rstrip_steal(callv(self, "formatweekheader", 1, wo)));
    if (s) append_steal(&s, newlines(l));
    Obj *weeks = s ? callv(self, "monthdays2calendar", 2, v[0], v[1]) : NULL;
    Obj *it = weeks ? obj_getiter(weeks) : NULL;
    XDECREF(weeks);
    if (!it) CLEAR(s);
    Obj *week;
    while (s && (week = obj_iternext(it))) {
        append_steal(&s, rstrip_steal(callv(self, "formatweek", 2, week, wo)));
        DECREF(week);
        if (s) append_steal(&s, newlines(l));
    }
    if (s && vm_err_occurred()) CLEAR(s);
    XDECREF(it);
    XDECREF(wo);
    return s;
}

static Obj *tc_formatyear(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theyear", "w", "l", "c", "m"};
    Obj *v[5];
    if (mh_bind_m("TextCalendar.formatyear", args, nargs, kw, names, 5, 5, 0, 1, 0, v) < 0) return NULL;
    Ssize w, l, c, m;
    if (clamp_min_d(v[1], 2, 2, &w) < 0 || clamp_min_d(v[2], 1, 1, &l) < 0 || clamp_min_d(v[3], 6, 2, &c) < 0)
        return NULL;
    if (v[4]) {
        m = mh_as_ssize(v[4]);
        if (m == -1 && vm_err_occurred()) return NULL;
    } else {
        m = 3;
    }
    Ssize colwidth = (w + 1) * 7 - 1;
    Obj *wo = iobj(w), *cw = iobj(colwidth), *co = iobj(c), *mo = iobj(m), *total = iobj(colwidth * m + c * (m - 1));
    Obj *out = list_new(0);
    Obj *header = NULL, *rows = NULL;
    if (!wo || !cw || !co || !mo || !total || !out) goto fail;
    if (append_steal_list(out, rstrip_steal(center_steal(obj_repr(v[0]), total))) < 0) goto fail;
    if (append_steal_list(out, newlines(l)) < 0) goto fail;
    header = callv(self, "formatweekheader", 1, wo);
    rows = header ? callv(self, "yeardays2calendar", 2, v[0], mo) : NULL;
    Obj *rl = rows ? seq_to_list(rows) : NULL;
    if (!rl) goto fail;
    for (Ssize i = 0; i < LIST_LEN(rl); i++) {
        Obj *row = seq_to_list(LIST_ITEMS(rl)[i]);
        if (!row) {
            DECREF(rl);
            goto fail;
        }
        Ssize lo = m * i + 1, hi = m * (i + 1) + 1 < 13 ? m * (i + 1) + 1 : 13;
        Obj *names_l = list_new(0), *heads = list_new(0);
        bool ok = names_l && heads && append_steal_list(out, newlines(l)) == 0;
        for (Ssize k = lo; ok && k < hi; k++) {
            Obj *ko = iobj(k);
            ok = ko && append_steal_list(names_l, callv(self, "formatmonthname", 4, v[0], ko, cw, FALSE_)) == 0 &&
                 list_append(heads, header) == 0;
            XDECREF(ko);
        }
        ok = ok && append_steal_list(out, rstrip_steal(formatstring_c(names_l, cw, co))) == 0 &&
             append_steal_list(out, newlines(l)) == 0 &&
             append_steal_list(out, rstrip_steal(formatstring_c(heads, cw, co))) == 0 &&
             append_steal_list(out, newlines(l)) == 0;
        XDECREF(names_l);
        XDECREF(heads);
        Ssize height = 0;
        for (Ssize k = 0; ok && k < LIST_LEN(row); k++) {
            Ssize len = obj_length(LIST_ITEMS(row)[k]);
            if (len < 0) ok = false;
            else if (len > height) height = len;
        }
        if (ok && LIST_LEN(row) == 0) {
            vm_err_set_str(&exc_ValueError, "max() arg is an empty sequence");
            ok = false;
        }
        for (Ssize j = 0; ok && j < height; j++) {
            Obj *weeks = list_new(0);
            ok = weeks != NULL;
            for (Ssize k = 0; ok && k < LIST_LEN(row); k++) {
                Obj *cal = LIST_ITEMS(row)[k];
                Ssize len = obj_length(cal);
                Obj *x;
                if (len < 0) {
                    ok = false;
                    break;
                }
                if (j >= len) {
                    x = str_from_cstr("");
                } else {
                    Obj *wk = obj_getitem(cal, (Obj *)(x = iobj(j)));
                    XDECREF(x);
                    x = wk ? callv(self, "formatweek", 2, wk, wo) : NULL;
                    XDECREF(wk);
                }
                ok = append_steal_list(weeks, x) == 0;
            }
            ok = ok && append_steal_list(out, rstrip_steal(formatstring_c(weeks, cw, co))) == 0 &&
                 append_steal_list(out, newlines(l)) == 0;
            XDECREF(weeks);
        }
        DECREF(row);
        if (!ok) {
            DECREF(rl);
            goto fail;
        }
    }
    DECREF(rl);
    Obj *r = str_join(id_str(""), out);
    XDECREF(header);
    XDECREF(rows);
    DECREF(out);
    DECREF(wo);
    DECREF(cw);
    DECREF(co);
    DECREF(mo);
    DECREF(total);
    return r;
fail:
    XDECREF(header);
    XDECREF(rows);
    XDECREF(out);
    XDECREF(wo);
    XDECREF(cw);
    XDECREF(co);
    XDECREF(mo);
    XDECREF(total);
    return NULL;
}

static Obj *tc_pryear(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theyear", "w", "l", "c", "m"};
    Obj *v[5];
    if (mh_bind_m("TextCalendar.pryear", args, nargs, kw, names, 5, 5, 0, 1, 0, v) < 0) return NULL;
    Obj *zero = iobj(0), *six = iobj(6), *three = iobj(3);
    Obj *r = zero && six && three ? print_steal(callv(self, "formatyear", 5, v[0], v[1] ? v[1] : zero, v[2] ? v[2] : zero,
                                                      v[3] ? v[3] : six, v[4] ? v[4] : three))
                                  : NULL;
    XDECREF(zero);
    XDECREF(six);
    XDECREF(three);
    return r;
}

static const MethodDef textcal_methods[] = {
    {"prweek", tc_prweek, METH_FAST, "Print a single week (no newline)."},
    {"formatday", tc_formatday, METH_FAST, "Returns a formatted day."},
    {"formatweek", tc_formatweek, METH_FAST, "Returns a single week in a string (no newline)."},
    {"formatweekday", tc_formatweekday, METH_FAST, "Returns a formatted week day name."},
    {"formatweekheader", tc_formatweekheader, METH_FAST, "Return a header for a week."},
    {"formatmonthname", tc_formatmonthname, METH_FAST, "Return a formatted month name."},
    {"prmonth", tc_prmonth, METH_FAST, "Print a month's calendar."},
    {"formatmonth", tc_formatmonth, METH_FAST, "Return a month's calendar string (multi-line)."},
    {"formatyear", tc_formatyear, METH_FAST, "Returns a year's calendar as a multi-line string."},
    {"pryear", tc_pryear, METH_FAST, "Print a year's calendar."},
    {NULL, NULL, 0, NULL},
};

/* ---- HTMLCalendar ------------------------------------------------------------------------------------ */

static Obj *attr_item(Obj *self, const char *attr, Obj *key)
{
    Obj *a = obj_getattr_str(self, attr);
    Obj *r = a ? obj_getitem(a, key) : NULL;
    XDECREF(a);
    return r;
}

static Obj *hc_formatday(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"day", "weekday"};
    Obj *v[2];
    if (mh_bind_m("HTMLCalendar.formatday", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    int z = is_zero(v[0]);
    if (z < 0) return NULL;
    if (z) {
        Obj *c = obj_getattr_str(self, "cssclass_noday");
        Obj *r = c ? pct("<td class=\"%s\">&nbsp;</td>", 1, &c) : NULL;
        XDECREF(c);
        return r;
    }
    Obj *c = attr_item(self, "cssclasses", v[1]);
    Obj *a[2] = {c, v[0]};
    Obj *r = c ? pct("<td class=\"%s\">%d</td>", 2, a) : NULL;
    XDECREF(c);
    return r;
}

static Obj *wrap_steal(const char *fmt, Obj *s)
{
    if (!s) return NULL;
    Obj *r = pct(fmt, 1, &s);
    DECREF(s);
    return r;
}

static Obj *hc_formatweek(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theweek"};
    Obj *v[1];
    if (mh_bind_m("HTMLCalendar.formatweek", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return wrap_steal("<tr>%s</tr>", join_days(self, v[0], NULL, ""));
}

static Obj *hc_formatweekday(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"day"};
    Obj *v[1];
    if (mh_bind_m("HTMLCalendar.formatweekday", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *c = attr_item(self, "cssclasses_weekday_head", v[0]);
    Obj *abbr = c ? global("day_abbr") : NULL;
    Obj *name = abbr ? obj_getitem(abbr, v[0]) : NULL;
    XDECREF(abbr);
    Obj *a[2] = {c, name};
    Obj *r = name ? pct("<th class=\"%s\">%s</th>", 2, a) : NULL;
    XDECREF(c);
    XDECREF(name);
    return r;
}

static Obj *hc_formatweekheader(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("HTMLCalendar.formatweekheader", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return wrap_steal("<tr>%s</tr>", join_weekdays(self, NULL, ""));
}

static Obj *hc_formatmonthname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theyear", "themonth", "withyear"};
    Obj *v[3];
    if (mh_bind_m("HTMLCalendar.formatmonthname", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    int with = v[2] ? obj_is_true(v[2]) : 1;
    if (with < 0) return NULL;
    Obj *mn = global("month_name");
    Obj *name = mn ? obj_getitem(mn, v[1]) : NULL;
    XDECREF(mn);
    if (!name) return NULL;
    Obj *a[2] = {name, v[0]};
    Obj *s = with ? pct("%s %s", 2, a) : pct("%s", 1, a);
    DECREF(name);
    Obj *c = s ? obj_getattr_str(self, "cssclass_month_head") : NULL;
    Obj *b[2] = {c, s};
    Obj *r = c ? pct("<tr><th colspan=\"7\" class=\"%s\">%s</th></tr>", 2, b) : NULL;
    XDECREF(c);
    XDECREF(s);
    return r;
}

static int add_cstr(Obj *list, const char *s) { return append_steal_list(list, str_from_cstr(s)); }

static Obj *hc_formatmonth(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theyear", "themonth", "withyear"};
    Obj *v[3];
    if (mh_bind_m("HTMLCalendar.formatmonth", args, nargs, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *out = list_new(0);
    if (!out) return NULL;
    Obj *cm = obj_getattr_str(self, "cssclass_month");
    bool ok = cm && append_steal_list(out, wrap_steal("<table border=\"0\" cellpadding=\"0\" cellspacing=\"0\" class=\"%s\">",
                                                      INCREF(cm))) == 0 &&
              add_cstr(out, "\n") == 0;
    XDECREF(cm);
    if (ok) {
        Obj *kn = tuple_pack(1, id_str("withyear"));
        Obj *a[3] = {v[0], v[1], v[2] ? v[2] : TRUE_};
        Obj *f = kn ? obj_getattr_str(self, "formatmonthname") : NULL;
        Obj *s = f ? obj_call(f, a, 2, kn) : NULL;
        XDECREF(f);
        XDECREF(kn);
        ok = append_steal_list(out, s) == 0 && add_cstr(out, "\n") == 0 &&
             append_steal_list(out, meth0(self, "formatweekheader")) == 0 && add_cstr(out, "\n") == 0;
    }
    Obj *weeks = ok ? callv(self, "monthdays2calendar", 2, v[0], v[1]) : NULL;
    Obj *it = weeks ? obj_getiter(weeks) : NULL;
    XDECREF(weeks);
    Obj *wk;
    ok = it != NULL;
    while (ok && (wk = obj_iternext(it))) {
        ok = append_steal_list(out, callv(self, "formatweek", 1, wk)) == 0 && add_cstr(out, "\n") == 0;
        DECREF(wk);
    }
    if (ok && vm_err_occurred()) ok = false;
    XDECREF(it);
    ok = ok && add_cstr(out, "</table>") == 0 && add_cstr(out, "\n") == 0;
    Obj *r = ok ? str_join(id_str(""), out) : NULL;
    DECREF(out);
    return r;
}

static Obj *hc_formatyear(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theyear", "width"};
    Obj *v[2];
    if (mh_bind_m("HTMLCalendar.formatyear", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Ssize width;
    if (clamp_min_d(v[1], 3, 1, &width) < 0) return NULL;
    Obj *out = list_new(0);
    if (!out) return NULL;
    Obj *cy = obj_getattr_str(self, "cssclass_year");
    bool ok = cy && append_steal_list(out, wrap_steal("<table border=\"0\" cellpadding=\"0\" cellspacing=\"0\" class=\"%s\">",
                                                      INCREF(cy))) == 0 &&
              add_cstr(out, "\n") == 0;
    XDECREF(cy);
    if (ok) {
        Obj *wo = iobj(width), *head = obj_getattr_str(self, "cssclass_year_head");
        Obj *a[3] = {wo, head, v[0]};
        ok = wo && head && append_steal_list(out, pct("<tr><th colspan=\"%d\" class=\"%s\">%s</th></tr>", 3, a)) == 0;
        XDECREF(wo);
        XDECREF(head);
    }
    Obj *kn = tuple_pack(1, id_str("withyear"));
    ok = ok && kn;
    for (Ssize i = 1; ok && i < 13; i += width) {
        ok = add_cstr(out, "<tr>") == 0;
        for (Ssize m = i; ok && m < (i + width < 13 ? i + width : 13); m++) {
            Obj *mo = iobj(m);
            Obj *f = mo ? obj_getattr_str(self, "formatmonth") : NULL;
            Obj *a[3] = {v[0], mo, FALSE_};
            Obj *s = f ? obj_call(f, a, 2, kn) : NULL;
            XDECREF(f);
            XDECREF(mo);
            ok = add_cstr(out, "<td>") == 0 && append_steal_list(out, s) == 0 && add_cstr(out, "</td>") == 0;
        }
        ok = ok && add_cstr(out, "</tr>") == 0;
    }
    XDECREF(kn);
    ok = ok && add_cstr(out, "</table>") == 0;
    Obj *r = ok ? str_join(id_str(""), out) : NULL;
    DECREF(out);
    return r;
}

static Obj *hc_formatyearpage(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"theyear", "width", "css", "encoding"};
    Obj *v[4];
    if (mh_bind_m("HTMLCalendar.formatyearpage", args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    Obj *enc = v[3] && v[3] != NONE ? INCREF(v[3]) : str_from_cstr("utf-8");
    Obj *css = v[2] ? INCREF(v[2]) : str_from_cstr("calendar.css");
    Obj *width = v[1] ? INCREF(v[1]) : iobj(3);
    Obj *out = list_new(0);
    bool ok = enc && css && width && out;
    ok = ok && append_steal_list(out, pct("<?xml version=\"1.0\" encoding=\"%s\"?>\n", 1, &enc)) == 0 &&
         add_cstr(out, "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
                       "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n") == 0 &&
         add_cstr(out, "<html>\n") == 0 && add_cstr(out, "<head>\n") == 0 &&
         append_steal_list(out, pct("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\" />\n", 1,
                                    &enc)) == 0;
    if (ok && css != NONE)
        ok = append_steal_list(out, pct("<link rel=\"stylesheet\" type=\"text/css\" href=\"%s\" />\n", 1, &css)) == 0;
    ok = ok && append_steal_list(out, pct("<title>Calendar for %d</title>\n", 1, &v[0])) == 0 &&
         add_cstr(out, "</head>\n") == 0 && add_cstr(out, "<body>\n") == 0 &&
         append_steal_list(out, callv(self, "formatyear", 2, v[0], width)) == 0 && add_cstr(out, "</body>\n") == 0 &&
         add_cstr(out, "</html>\n") == 0;
    Obj *text = ok ? str_join(id_str(""), out) : NULL;
    Obj *r = NULL;
    if (text) {
        Obj *x = str_from_cstr("xmlcharrefreplace");
        r = x ? meth2(text, "encode", enc, x) : NULL;
        XDECREF(x);
        DECREF(text);
    }
    XDECREF(enc);
    XDECREF(css);
    XDECREF(width);
    XDECREF(out);
    return r;
}

static const MethodDef htmlcal_methods[] = {
    {"formatday", hc_formatday, METH_FAST, "Return a day as a table cell."},
    {"formatweek", hc_formatweek, METH_FAST, "Return a complete week as a table row."},
    {"formatweekday", hc_formatweekday, METH_FAST, "Return a weekday name as a table header."},
    {"formatweekheader", hc_formatweekheader, METH_FAST, "Return a header for a week as a table row."},
    {"formatmonthname", hc_formatmonthname, METH_FAST, "Return a month name as a table row."},
    {"formatmonth", hc_formatmonth, METH_FAST, "Return a formatted month as a table."},
    {"formatyear", hc_formatyear, METH_FAST, "Return a formatted year as a table of tables."},
    {"formatyearpage", hc_formatyearpage, METH_FAST, "Return a formatted year as a complete HTML page."},
    {NULL, NULL, 0, NULL},
};

/* ---- locales: different_locale, LocaleTextCalendar, LocaleHTMLCalendar ---------------------------------- */

static Obj *locale_error_cls;   /* stands for locale.Error (there is no locale module) */

/* locale.setlocale(LC_TIME, loc): loc None queries; a (language, encoding) pair is joined as
 * locale._build_localename joins it.  A new str, or NULL with locale.Error. */
static Obj *set_lc_time(Obj *loc)
{
    const char *name = NULL;
    Obj *joined = NULL;
    if (loc && loc != NONE) {
        if (STR_CHECK(loc)) {
            joined = INCREF(loc);
        } else {
            Obj *t = seq_to_tuple(loc);
            if (!t) return NULL;
            if (TUPLE_LEN(t) != 2) {
                DECREF(t);
                vm_err_set_str(&exc_TypeError, "Locale must be None, a string, or an iterable of two strings -- language code, encoding.");
                return NULL;
            }
            Obj *lang = TUPLE_ITEMS(t)[0], *enc = TUPLE_ITEMS(t)[1];
            if (lang == NONE) lang = NULL;
            if (!STR_CHECK(enc) && enc != NONE) lang = NULL, enc = NULL;   /* str + '.' + x fails */
            else if (lang && !STR_CHECK(lang)) lang = NULL, enc = NULL;
            else if (!lang) lang = id_str("C");
            joined = !lang ? NULL : enc == NONE ? INCREF(lang) : str_from_fmt("%S.%S", lang, enc);
            DECREF(t);
            if (!joined) {
                if (!vm_err_occurred()) vm_err_set_str(&exc_TypeError, "Locale must be None, a string, or an iterable of two strings -- language code, encoding.");
                return NULL;
            }
        }
        Ssize n;
        name = str_utf8(joined, &n);
        if (!name) {
            DECREF(joined);
            return NULL;
        }
    }
    const char *r = setlocale(LC_TIME, name);
    XDECREF(joined);
    if (!r) {
        Obj *msg = str_from_cstr("unsupported locale setting");
        Obj *e = msg ? obj_call(locale_error_cls, &msg, 1, NULL) : NULL;
        XDECREF(msg);
        if (e) vm_err_restore(e);
        return NULL;
    }
    return str_from_cstr(r);
}

static Obj *dl_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"locale"};
    Obj *v[1];
    if (mh_bind_m("different_locale.__init__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (obj_setattr(self, id_str("locale"), v[0]) < 0 || obj_setattr(self, id_str("oldlocale"), NONE) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *dl_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("different_locale.__enter__", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *old = set_lc_time(NULL);
    if (!old) return NULL;
    int r = obj_setattr(self, id_str("oldlocale"), old);
    DECREF(old);
    Obj *loc = r < 0 ? NULL : obj_getattr_str(self, "locale");
    Obj *now = loc ? set_lc_time(loc) : NULL;
    XDECREF(loc);
    if (!now) return NULL;
    DECREF(now);
    return INCREF(NONE);
}

static Obj *dl_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    if (mh_nkw(kw)) {
        vm_err_set_str(&exc_TypeError, "different_locale.__exit__() got an unexpected keyword argument");
        return NULL;
    }
    Obj *old = obj_getattr_str(self, "oldlocale");
    if (!old) return NULL;
    Obj *r = old == NONE ? INCREF(NONE) : set_lc_time(old);
    DECREF(old);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static const MethodDef difflocale_methods[] = {
    {"__init__", dl_init, METH_FAST, NULL},
    {"__enter__", dl_enter, METH_FAST, NULL},
    {"__exit__", dl_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* _get_default_locale(): LC_TIME's setting, or the user's preferred one when it is "C" */
static Obj *default_locale(void)
{
    Obj *loc = set_lc_time(NULL);
    if (!loc || !str_eq_cstr(loc, "C")) return loc;
    Obj *empty = str_from_cstr("");
    Obj *now = empty ? set_lc_time(empty) : NULL;
    XDECREF(empty);
    if (!now) {
        DECREF(loc);
        return NULL;
    }
    DECREF(now);
    Obj *pref = set_lc_time(NULL);
    Obj *back = set_lc_time(loc);
    XDECREF(back);
    DECREF(loc);
    return pref;
}

static Obj *c_get_default_locale(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_bind("_get_default_locale", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return default_locale();
}

static int locale_cal_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *fname)
{
    static const char *const names[] = {"firstweekday", "locale"};
    Obj *v[2];
    if (mh_bind_m(fname, args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return -1;
    Obj *fw = v[0] ? INCREF(v[0]) : iobj(0);
    int r = fw ? obj_setattr(self, id_str("firstweekday"), fw) : -1;
    XDECREF(fw);
    if (r < 0) return -1;
    Obj *loc = v[1] && v[1] != NONE ? INCREF(v[1]) : default_locale();
    r = loc ? obj_setattr(self, id_str("locale"), loc) : -1;
    XDECREF(loc);
    return r;
}

static Obj *ltc_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return locale_cal_init(self, a, n, kw, "LocaleTextCalendar.__init__") < 0 ? NULL : INCREF(NONE);
}

static Obj *lhc_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return locale_cal_init(self, a, n, kw, "LocaleHTMLCalendar.__init__") < 0 ? NULL : INCREF(NONE);
}

/* with different_locale(self.locale): return fn(self, …) */
static Obj *in_locale(Obj *self, MethodFn fn, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *loc = obj_getattr_str(self, "locale");
    if (!loc) return NULL;
    Obj *old = set_lc_time(NULL);
    Obj *now = old ? set_lc_time(loc) : NULL;
    DECREF(loc);
    if (!now) {
        XDECREF(old);
        return NULL;
    }
    DECREF(now);
    Obj *r = fn(self, args, nargs, kw);
    Obj *exc = vm_err_fetch();
    Obj *back = set_lc_time(old);
    DECREF(old);
    if (!back) {
        XDECREF(exc);
        XDECREF(r);
        return NULL;
    }
    DECREF(back);
    if (exc) vm_err_restore(exc);
    return r;
}

static Obj *ltc_formatweekday(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return in_locale(s, tc_formatweekday, a, n, kw); }
static Obj *ltc_formatmonthname(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return in_locale(s, tc_formatmonthname, a, n, kw); }
static Obj *lhc_formatweekday(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return in_locale(s, hc_formatweekday, a, n, kw); }
static Obj *lhc_formatmonthname(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return in_locale(s, hc_formatmonthname, a, n, kw); }

static const MethodDef localetext_methods[] = {
    {"__init__", ltc_init, METH_FAST, NULL},
    {"formatweekday", ltc_formatweekday, METH_FAST, NULL},
    {"formatmonthname", ltc_formatmonthname, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef localehtml_methods[] = {
    {"__init__", lhc_init, METH_FAST, NULL},
    {"formatweekday", lhc_formatweekday, METH_FAST, NULL},
    {"formatmonthname", lhc_formatmonthname, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ---------------------------------------------------------------------------------------- */

static Obj *c_setfirstweekday(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"firstweekday"};
    Obj *v[1];
    if (mh_bind("setfirstweekday", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *lo = global("MONDAY"), *hi = lo ? global("SUNDAY") : NULL;
    int ok = hi ? obj_richcompare_bool(lo, v[0], CMP_LE) : -1;
    if (ok > 0) ok = obj_richcompare_bool(v[0], hi, CMP_LE);
    XDECREF(lo);
    XDECREF(hi);
    if (ok < 0) return NULL;
    if (!ok) {
        raise_illegal(illegal_weekday_cls, v[0]);
        return NULL;
    }
    Obj *c = global("c");
    int r = c ? obj_setattr(c, id_str("firstweekday"), v[0]) : -1;
    XDECREF(c);
    return r < 0 ? NULL : INCREF(NONE);
}

/* global_enum's __repr__: calendar.NAME */
static Obj *enum_global_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("global_enum_repr", nargs, kw) < 0) return NULL;
    Obj *name = obj_getattr_str(self, "_name_");
    Obj *r = name ? str_from_fmt("calendar.%S", name) : NULL;
    XDECREF(name);
    return r;
}

static const MethodDef enum_repr_def = {"__repr__", enum_global_repr, METH_FAST, NULL};

/* IntEnum(name, [(member, value) …]) as calendar.py's @global_enum classes */
static Obj *make_enum(Obj *intenum, const char *name, const char *const *members, int n, int first)
{
    Obj *pairs = list_new(0);
    for (int i = 0; pairs && i < n; i++) {
        Obj *k = str_from_cstr(members[i]), *v = iobj(first + i);
        Obj *t = k && v ? tuple_pack(2, k, v) : NULL;
        XDECREF(k);
        XDECREF(v);
        if (append_steal_list(pairs, t) < 0) CLEAR(pairs);
    }
    Obj *nm = pairs ? str_from_cstr(name) : NULL;
    Obj *a[2] = {nm, pairs};
    Obj *cls = nm ? obj_call(intenum, a, 2, NULL) : NULL;
    XDECREF(nm);
    XDECREF(pairs);
    if (!cls) return NULL;
    Obj *mod = str_from_cstr("calendar");
    Obj *rep = method_descr_new((TypeObj *)cls, &enum_repr_def);
    if (!mod || !rep || obj_setattr(cls, id_str("__module__"), mod) < 0 ||
        obj_setattr(cls, id_str("__repr__"), rep) < 0) {
        XDECREF(mod);
        XDECREF(rep);
        DECREF(cls);
        return NULL;
    }
    DECREF(mod);
    DECREF(rep);
    return cls;
}

static const char *const month_members[12] = {"JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
                                              "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"};
static const char *const day_members[7] = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
                                           "SUNDAY"};

static const MethodDef calendar_functions[] = {
    {"isleap", c_isleap, METH_FAST, "Return True for leap years, False for non-leap years."},
    {"leapdays", c_leapdays, METH_FAST, "Return number of leap years in range [y1, y2).\n   Assume y1 <= y2."},
    {"weekday", c_weekday, METH_FAST, "Return weekday (0-6 ~ Mon-Sun) for year, month (1-12), day (1-31)."},
    {"monthrange", c_monthrange, METH_FAST, "Return weekday (0-6 ~ Mon-Sun) and number of days (28-31) for\n   year, month."},
    {"setfirstweekday", c_setfirstweekday, METH_FAST, NULL},
    {"format", c_format, METH_FAST, "Prints multi-column formatting for year calendars"},
    {"formatstring", c_formatstring, METH_FAST, "Returns a string formatted from n strings, centered within n columns."},
    {"timegm", c_timegm, METH_FAST, "Unrelated but handy function to calculate Unix timestamp from GMT."},
    {"__getattr__", module_getattr, METH_FAST, NULL},
    {"_get_default_locale", c_get_default_locale, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static int add_class(Obj *m, const char *name, Obj *bases, const MethodDef *defs, Obj **out)
{
    Obj *cls = mh_class("calendar", name, bases, defs, NULL, NULL);
    if (!cls) return -1;
    if (out) *out = INCREF(cls);
    return module_add(m, name, cls);
}

static int add_bound(Obj *m, const char *name, Obj *c, const char *method)
{
    Obj *b = obj_getattr_str(c, method);
    return b ? module_add(m, name, b) : -1;
}

static Obj *calendar_init(void)
{
    Obj *m = mh_module("calendar", calendar_functions);
    if (!m) return NULL;
    Obj *dtm = import_name(id_str("datetime"), NULL, NULL, 0);
    Obj *enm = dtm ? import_name(id_str("enum"), NULL, NULL, 0) : NULL;
    Obj *intenum = enm ? obj_getattr_str(enm, "IntEnum") : NULL;
    Obj *calc = NULL, *textc = NULL, *htmlc = NULL, *lmonth = NULL, *lday = NULL;
    if (!intenum) goto fail;
    obj_setref(&date_cls, obj_getattr_str(dtm, "date"));
    if (!date_cls) goto fail;
    obj_setref(&mod_dict, INCREF(module_dict_borrow(m)));
    obj_setref(&month_cls, make_enum(intenum, "Month", month_members, 12, 1));
    obj_setref(&day_cls, month_cls ? make_enum(intenum, "Day", day_members, 7, 0) : NULL);
    if (!day_cls || mh_add_obj(m, "Month", month_cls) < 0 || mh_add_obj(m, "Day", day_cls) < 0) goto fail;
    for (int i = 0; i < 12; i++) {
        Obj *v = obj_getattr_str(month_cls, month_members[i]);
        if (!v || module_add(m, month_members[i], v) < 0) goto fail;
    }
    for (int i = 0; i < 7; i++) {
        Obj *v = obj_getattr_str(day_cls, day_members[i]);
        if (!v || module_add(m, day_members[i], v) < 0) goto fail;
    }
    Obj *veb = tuple_pack(1, (Obj *)&exc_ValueError);
    if (!veb) goto fail;
    Obj *im = NULL, *iw = NULL;
    int rc = add_class(m, "IllegalMonthError", veb, imonth_methods, &im);
    if (rc == 0) rc = add_class(m, "IllegalWeekdayError", veb, iweekday_methods, &iw);
    DECREF(veb);
    obj_setref(&illegal_month_cls, im);
    obj_setref(&illegal_weekday_cls, iw);
    if (rc < 0 || mh_add_obj(m, "error", (Obj *)&exc_ValueError) < 0) goto fail;
    if (add_class(m, "_localized_month", NULL, lmonth_methods, &lmonth) < 0 ||
        add_class(m, "_localized_day", NULL, lday_methods, &lday) < 0)
        goto fail;
    static const struct { const char *name, *fmt; bool month; } tables[] = {
        {"day_name", "%A", false}, {"day_abbr", "%a", false}, {"month_name", "%B", true}, {"month_abbr", "%b", true},
    };
    for (size_t i = 0; i < 4; i++) {
        Obj *f = str_from_cstr(tables[i].fmt);
        Obj *t = f ? obj_call(tables[i].month ? lmonth : lday, &f, 1, NULL) : NULL;
        XDECREF(f);
        if (!t || module_add(m, tables[i].name, t) < 0) goto fail;
    }
    Obj *md = list_new(13);
    if (!md) goto fail;
    for (int i = 0; i < 13; i++) LIST_ITEMS(md)[i] = iobj(mdays_tab[i]);
    if (module_add(m, "mdays", md) < 0) goto fail;
    /* Calendar, with firstweekday = property(getfirstweekday, setfirstweekday) */
    if (add_class(m, "Calendar", NULL, calendar_methods, &calc) < 0) goto fail;
    {
        Obj *g = obj_getattr_str(calc, "getfirstweekday"), *s = g ? obj_getattr_str(calc, "setfirstweekday") : NULL;
        Obj *a[2] = {g, s};
        Obj *p = s ? obj_call((Obj *)&property_type, a, 2, NULL) : NULL;
        int r = p ? obj_setattr(calc, id_str("firstweekday"), p) : -1;
        XDECREF(g);
        XDECREF(s);
        XDECREF(p);
        if (r < 0) goto fail;
    }
    Obj *cb = tuple_pack(1, calc);
    if (!cb) goto fail;
    rc = add_class(m, "TextCalendar", cb, textcal_methods, &textc);
    if (rc == 0) rc = add_class(m, "HTMLCalendar", cb, htmlcal_methods, &htmlc);
    DECREF(cb);
    if (rc < 0) goto fail;
    {
        Obj *tb = tuple_pack(1, textc), *hb = tb ? tuple_pack(1, htmlc) : NULL;
        rc = hb ? add_class(m, "LocaleTextCalendar", tb, localetext_methods, NULL) : -1;
        if (rc == 0) rc = add_class(m, "LocaleHTMLCalendar", hb, localehtml_methods, NULL);
        if (rc == 0) rc = add_class(m, "different_locale", NULL, difflocale_methods, NULL);
        XDECREF(tb);
        XDECREF(hb);
        if (rc == 0 && !locale_error_cls) {
            Obj *eb = tuple_pack(1, (Obj *)&exc_Exception);
            locale_error_cls = eb ? mh_class("locale", "Error", eb, NULL, NULL, NULL) : NULL;
            XDECREF(eb);
            if (!locale_error_cls) rc = -1;
        }
        if (rc < 0) goto fail;
    }
    {
        static const char *const css[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        Obj *l = list_new(7);
        if (!l) goto fail;
        for (int i = 0; i < 7; i++) LIST_ITEMS(l)[i] = str_from_cstr(css[i]);
        static const char *const attrs[][2] = {
            {"cssclass_noday", "noday"}, {"cssclass_month_head", "month"}, {"cssclass_month", "month"},
            {"cssclass_year_head", "year"}, {"cssclass_year", "year"},
        };
        int r = obj_setattr(htmlc, id_str("cssclasses"), l);
        if (r == 0) r = obj_setattr(htmlc, id_str("cssclasses_weekday_head"), l);
        DECREF(l);
        for (size_t i = 0; r == 0 && i < sizeof attrs / sizeof *attrs; i++) {
            Obj *k = str_from_cstr(attrs[i][0]), *v = str_from_cstr(attrs[i][1]);
            r = k && v ? obj_setattr(htmlc, k, v) : -1;
            XDECREF(k);
            XDECREF(v);
        }
        if (r < 0) goto fail;
    }
    /* the old module-level interface: bound methods of one TextCalendar */
    Obj *c = obj_call(textc, NULL, 0, NULL);
    if (!c || mh_add_obj(m, "c", c) < 0) {
        XDECREF(c);
        goto fail;
    }
    static const char *const bound[][2] = {
        {"firstweekday", "getfirstweekday"}, {"monthcalendar", "monthdayscalendar"}, {"prweek", "prweek"},
        {"week", "formatweek"}, {"weekheader", "formatweekheader"}, {"prmonth", "prmonth"},
        {"month", "formatmonth"}, {"calendar", "formatyear"}, {"prcal", "pryear"},
    };
    for (size_t i = 0; i < sizeof bound / sizeof *bound; i++)
        if (add_bound(m, bound[i][0], c, bound[i][1]) < 0) {
            DECREF(c);
            goto fail;
        }
    DECREF(c);
    if (module_add(m, "EPOCH", iobj(1970)) < 0 || module_add(m, "_EPOCH_ORD", iobj(719163)) < 0 ||
        module_add(m, "_colwidth", iobj(20)) < 0 || module_add(m, "_spacing", iobj(6)) < 0)
        goto fail;
    static const char *const all[] = {
        "IllegalMonthError", "IllegalWeekdayError", "setfirstweekday", "firstweekday", "isleap", "leapdays",
        "weekday", "monthrange", "monthcalendar", "prmonth", "month", "prcal", "calendar", "timegm", "month_name",
        "month_abbr", "day_name", "day_abbr", "Calendar", "TextCalendar", "HTMLCalendar", "LocaleTextCalendar",
        "LocaleHTMLCalendar", "weekheader", "Day", "Month", "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY",
        "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER", "MONDAY", "TUESDAY",
        "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY",
    };
    Obj *al = list_new(0);
    for (size_t i = 0; al && i < sizeof all / sizeof *all; i++)
        if (append_steal_list(al, str_from_cstr(all[i])) < 0) CLEAR(al);
    if (!al || module_add(m, "__all__", al) < 0) goto fail;
    XDECREF(calc);
    XDECREF(textc);
    XDECREF(htmlc);
    XDECREF(lmonth);
    XDECREF(lday);
    DECREF(intenum);
    DECREF(enm);
    DECREF(dtm);
    return m;
fail:
    XDECREF(calc);
    XDECREF(textc);
    XDECREF(htmlc);
    XDECREF(lmonth);
    XDECREF(lday);
    XDECREF(intenum);
    XDECREF(enm);
    XDECREF(dtm);
    DECREF(m);
    return NULL;
}

void native_calendar_register(void) { import_register_native("calendar", calendar_init); }
