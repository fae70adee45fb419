/* mod_unittest.c — the `unittest` module of CPython 3.12, natively.
 *
 * TestCase, TestSuite, TestLoader, TestResult, TextTestResult,
 * TextTestRunner and TestProgram (unittest.main) are heap classes whose
 * state is the instance attributes unittest's own classes keep
 * (_testMethodName, _outcome, failures, errors, testsRun, shouldStop …),
 * and each step calls the next through `self` (run → startTest → setUp →
 * the test method → tearDown → doCleanups → addSuccess/addFailure →
 * stopTest), so a program's subclasses and overrides see CPython's calls.
 * Tracebacks of failures are the VM's own printer's text
 * (traceback_format_chunks) of the caught exception: CPython strips the
 * frames of unittest's Python code, and this module has none, so the
 * exception already starts at the test's own frame.  Class and module
 * fixtures (setUpClass, setUpModule …) run where TestSuite.run runs them.
 * The runner's text (dots, verbose lines, separators, "Ran N tests in
 * T.TTTs", OK / FAILED (…)) is written to the stream exactly as
 * runner.py writes it.  The diffs of assertEqual on strings, sequences and
 * dicts come from a small ndiff (difflib's SequenceMatcher and
 * Differ._fancy_replace rules) further down.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/native/modhelp.h"
#include "src/native/modutil.h"
#include "src/native/tbframe.h"

#define MOD "unittest"

static Obj *skiptest_cls, *shouldstop_cls, *testcase_cls, *subtest_cls, *outcome_cls, *basesuite_cls,
    *suite_cls, *loader_cls, *result_cls, *textresult_cls, *runner_cls, *writeln_cls, *program_cls,
    *errholder_cls, *raisesctx_cls, *warnsctx_cls, *subctx_cls, *skipdeco_cls, *default_loader;
static Obj *subtest_sentinel, *ftc_cls, *iatc_cls;

/* ---- helpers --------------------------------------------------------------------------------- */

static Obj *S(const char *s) { return str_from_cstr(s); }
#define ga obj_getattr_str
#define sa obj_setattr_str              /* borrows v */
#define sa_steal mh_setattr_steal
#define gad mh_getattr_default
#define import_attr mh_import_attr

/* bool(getattr(o, name, False)): -1 on error. */
static int truth_attr(Obj *o, const char *name)
{
    Obj *v = gad(o, name, FALSE_);
    if (!v) return -1;
    int r = obj_is_true(v);
    DECREF(v);
    return r;
}

static int set_bool(Obj *o, const char *name, bool b) { return sa(o, name, b ? TRUE_ : FALSE_); }

static int call_void(Obj *o, const char *name, Obj *const *args, Ssize n)
{
    Obj *x = obj_call_method(o, name, args, n);
    if (!x) return -1;
    DECREF(x);
    return 0;
}

/* getattr(o, name, None) and call it when it exists. */
static int call_if_exists(Obj *o, const char *name, Obj *const *args, Ssize n)
{
    Obj *f = gad(o, name, NONE);
    if (!f) return -1;
    Obj *r = f == NONE ? INCREF(NONE) : obj_call(f, args, n, NULL);
    DECREF(f);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static int isinst(Obj *o, Obj *cls) { return obj_isinstance(o, cls); }

/* util.strclass: "module.qualname". */
static Obj *strclass(Obj *cls)
{
    Obj *m = ga(cls, "__module__");
    Obj *q = m ? ga(cls, "__qualname__") : NULL;
    Obj *r = q ? str_from_fmt("%S.%S", m, q) : NULL;
    XDECREF(m);
    XDECREF(q);
    return r;
}

static Obj *type_of(Obj *o) { return (Obj *)OBJ_TYPE(o); }

/* util.safe_repr (short=False). */
static Obj *safe_repr(Obj *o)
{
    Obj *r = obj_repr(o);
    if (!r && vm_err_matches(&exc_Exception)) {
        vm_err_clear();
        r = obj_default_repr(o);
    }
    return r;
}

static double perf_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* (type(e), e, e.__traceback__) */
static Obj *exc_info_of(Obj *e)
{
    Obj *tb = gad(e, "__traceback__", NONE);
    if (!tb) return NULL;
    Obj *t = tuple_pack(3, type_of(e), e, tb);
    DECREF(tb);
    return t;
}

static Obj *str_steal_join(const char *sep, Obj *list)   /* steals list */
{
    if (!list) return NULL;
    Obj *s = S(sep);
    Obj *r = s ? str_join(s, list) : NULL;
    XDECREF(s);
    DECREF(list);
    return r;
}

/* Raise cls(msg) (msg borrowed). */
static void raise_with(Obj *cls, Obj *msg)
{
    Obj *e = obj_call(cls, &msg, 1, NULL);
    if (!e) return;
    vm_err_raise(e, NULL);
    DECREF(e);
}

/* ---- messages (util.py's shortening, TestCase._formatMessage) --------------------------------- */

enum { MAX_LENGTH = 80, PLACEHOLDER_LEN = 12, MIN_BEGIN_LEN = 5, MIN_END_LEN = 5, MIN_COMMON_LEN = 5,
       MIN_DIFF_LEN = MAX_LENGTH - (MIN_BEGIN_LEN + PLACEHOLDER_LEN + MIN_COMMON_LEN + PLACEHOLDER_LEN +
                                    MIN_END_LEN) };

/* util._shorten: s with its middle replaced by "[N chars]" (new ref). */
static Obj *shorten(Obj *s, Ssize prefixlen, Ssize suffixlen)
{
    Ssize n = VAR_SIZE(s), skip = n - prefixlen - suffixlen;
    if (skip <= PLACEHOLDER_LEN) return INCREF(s);
    Obj *a = str_substr(s, 0, prefixlen), *b = str_substr(s, n - suffixlen, n);
    Obj *r = a && b ? str_from_fmt("%S[%zd chars]%S", a, skip, b) : NULL;
    XDECREF(a);
    XDECREF(b);
    return r;
}

/* "%s != %s" % _common_shorten_repr(a, b), with sep in the middle. */
static Obj *shortened_pair(Obj *x, Obj *y, const char *sep)
{
    Obj *r[2] = {safe_repr(x), NULL}, *out = NULL;
    if (!r[0] || !(r[1] = safe_repr(y))) goto done;
    Ssize l0 = VAR_SIZE(r[0]), l1 = VAR_SIZE(r[1]), maxlen = l0 > l1 ? l0 : l1;
    if (maxlen <= MAX_LENGTH) {
        out = str_from_fmt("%S%s%S", r[0], sep, r[1]);
        goto done;
    }
    Ssize p = 0;
    while (p < l0 && p < l1 && str_char(r[0], p) == str_char(r[1], p)) p++;
    Obj *prefix = str_substr(r[0], 0, p);
    if (!prefix) goto done;
    Ssize common_len = MAX_LENGTH - (maxlen - p + MIN_BEGIN_LEN + PLACEHOLDER_LEN);
    Obj *parts[2] = {NULL, NULL};
    bool wide = common_len > MIN_COMMON_LEN;
    Obj *sp = shorten(prefix, MIN_BEGIN_LEN, wide ? common_len : MIN_COMMON_LEN);
    DECREF(prefix);
    if (!sp) goto done;
    for (int i = 0; i < 2; i++) {
        Obj *rest = str_substr(r[i], p, VAR_SIZE(r[i]));
        Obj *rs = rest ? (wide ? INCREF(rest) : shorten(rest, MIN_DIFF_LEN, MIN_END_LEN)) : NULL;
        parts[i] = rs ? str_concat(sp, rs) : NULL;
        XDECREF(rest);
        XDECREF(rs);
    }
    if (parts[0] && parts[1]) out = str_from_fmt("%S%s%S", parts[0], sep, parts[1]);
    XDECREF(parts[0]);
    XDECREF(parts[1]);
    DECREF(sp);
done:
    XDECREF(r[0]);
    XDECREF(r[1]);
    return out;
}

/* TestCase._formatMessage(msg, standardMsg); steals std. */
static Obj *format_message(Obj *self, Obj *msg, Obj *std)
{
    if (!std) return NULL;
    int lm = truth_attr(self, "longMessage");
    if (lm < 0) {
        DECREF(std);
        return NULL;
    }
    if (!lm) {
        int t = msg ? obj_is_true(msg) : 0;
        if (t > 0) {
            DECREF(std);
            return INCREF(msg);
        }
        return std;
    }
    if (!msg || msg == NONE) return std;
    Obj *r = str_from_fmt("%S : %S", std, msg);
    DECREF(std);
    return r;
}

/* raise self.failureException(self._formatMessage(msg, std)); always NULL.  Steals std. */
static Obj *fail_with(Obj *self, Obj *msg, Obj *std)
{
    Obj *m = format_message(self, msg, std);
    Obj *fe = m ? ga(self, "failureException") : NULL;
    if (fe) raise_with(fe, m);
    XDECREF(fe);
    XDECREF(m);
    return NULL;
}

/* _truncateMessage(message, diff): steals both. */
static Obj *truncate_message(Obj *self, Obj *message, Obj *diff)
{
    if (!message || !diff) {
        XDECREF(message);
        XDECREF(diff);
        return NULL;
    }
    Obj *md = ga(self, "maxDiff"), *r = NULL;
    if (md) {
        Ssize n = VAR_SIZE(diff);
        int64_t lim = 0;
        if (md == NONE || (INT_CHECK(md) && int_as_i64(md, &lim) == 0 && n <= lim))
            r = str_concat(message, diff);
        else if (!vm_err_occurred())
            r = str_from_fmt("%S\nDiff is %zd characters long. Set self.maxDiff to None to see it.", message,
                             n);
        DECREF(md);
    }
    DECREF(message);
    DECREF(diff);
    return r;
}

/* ---- assertions -------------------------------------------------------------------------------- */

static Obj *ndiff_join(Obj *a, Obj *b, const char *sep);   /* sep.join(difflib.ndiff(a, b)) */

#define BIND(fname, names, np, npos, nreq, v) \
    if (mh_bind_m(fname, args, nargs, kw, names, np, npos, 0, nreq, 0, v) < 0) return NULL

static Obj *tc_fail(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"msg"};
    Obj *v[1];
    BIND("fail", names, 1, 1, 0, v);
    Obj *fe = ga(self, "failureException");
    if (fe) raise_with(fe, v[0] ? v[0] : NONE);
    XDECREF(fe);
    return NULL;
}

/* "FMT" % safe_repr(a) as a failure. */
static Obj *fail1(Obj *self, Obj *msg, const char *fmt, Obj *a)
{
    Obj *r = safe_repr(a);
    Obj *std = r ? str_from_fmt(fmt, r) : NULL;
    XDECREF(r);
    return fail_with(self, msg, std);
}

/* "FMT" % (safe_repr(a), safe_repr(b)) as a failure (fmt has two %S). */
static Obj *fail2(Obj *self, Obj *msg, const char *fmt, Obj *a, Obj *b)
{
    Obj *ra = safe_repr(a), *rb = ra ? safe_repr(b) : NULL;
    Obj *std = rb ? str_from_fmt(fmt, ra, rb) : NULL;
    XDECREF(ra);
    XDECREF(rb);
    return fail_with(self, msg, std);
}

static Obj *truth_assert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool want)
{
    static const char *const names[] = {"expr", "msg"};
    Obj *v[2];
    BIND(want ? "assertTrue" : "assertFalse", names, 2, 2, 1, v);
    int t = obj_is_true(v[0]);
    if (t < 0) return NULL;
    if (t == want) return INCREF(NONE);
    return fail1(self, v[1], want ? "%S is not true" : "%S is not false", v[0]);
}
static Obj *tc_assert_true(Obj *s, Obj *const *a, Ssize n, Obj *k) { return truth_assert(s, a, n, k, true); }
static Obj *tc_assert_false(Obj *s, Obj *const *a, Ssize n, Obj *k) { return truth_assert(s, a, n, k, false); }

/* assertIsInstance(o, t, msg) failing: "REPR is not an instance of <class 't'> : msg" */
static Obj *not_instance(Obj *self, Obj *o, TypeObj *t, const char *msg)
{
    Obj *r = safe_repr(o), *m = S(msg);
    Obj *std = r && m ? str_from_fmt("%S is not an instance of %R", r, (Obj *)t) : NULL;
    XDECREF(r);
    Obj *res = m ? fail_with(self, m, std) : NULL;
    XDECREF(m);
    return res;
}

static Obj *base_assert_equal(Obj *self, Obj *first, Obj *second, Obj *msg)
{
    int eq = obj_richcompare_bool(first, second, CMP_EQ);
    if (eq < 0) return NULL;
    if (eq) return INCREF(NONE);
    return fail_with(self, msg, shortened_pair(first, second, " != "));
}

static Obj *splitlines_keep(Obj *s)
{
    Obj *a[1] = {TRUE_};
    return obj_call_method(s, "splitlines", a, 1);
}

static Obj *multiline_equal(Obj *self, Obj *first, Obj *second, Obj *msg)
{
    if (!STR_CHECK(first)) return not_instance(self, first, &str_type, "First argument is not a string");
    if (!STR_CHECK(second)) return not_instance(self, second, &str_type, "Second argument is not a string");
    int eq = obj_richcompare_bool(first, second, CMP_EQ);
    if (eq < 0) return NULL;
    if (eq) return INCREF(NONE);
    if (VAR_SIZE(first) > 65536 || VAR_SIZE(second) > 65536) return base_assert_equal(self, first, second, msg);
    /* a line end is added to both when either lacks one (neither when empty), so ndiff shows it */
    Ssize n1 = VAR_SIZE(first), n2 = VAR_SIZE(second);
    bool nl1 = n1 && str_char(first, n1 - 1) == '\n', nl2 = n2 && str_char(second, n2 - 1) == '\n';
    bool add1 = false, add2 = false;
    if (n1 && n2) add1 = add2 = !nl1 || !nl2;
    else if (n2) add2 = !nl2;
    else if (n1) add1 = !nl1;
    Obj *f2 = add1 ? str_from_fmt("%S\n", first) : INCREF(first);
    Obj *s2 = f2 ? (add2 ? str_from_fmt("%S\n", second) : INCREF(second)) : NULL;
    Obj *fl = s2 ? splitlines_keep(f2) : NULL, *sl = fl ? splitlines_keep(s2) : NULL;
    XDECREF(f2);
    XDECREF(s2);
    if (!sl) {
        XDECREF(fl);
        return NULL;
    }
    Obj *std = shortened_pair(first, second, " != ");
    Obj *d = std ? ndiff_join(fl, sl, "") : NULL;
    Obj *diff = d ? str_from_fmt("\n%S", d) : NULL;
    XDECREF(d);
    DECREF(fl);
    DECREF(sl);
    return fail_with(self, msg, truncate_message(self, std, diff));
}

/* pprint.pformat(o).splitlines() */
static Obj *pformat_lines(Obj *o)
{
    Obj *pf = import_attr("pprint", "pformat");
    Obj *s = pf ? obj_call(pf, &o, 1, NULL) : NULL;
    XDECREF(pf);
    if (!s) return NULL;
    Obj *l = obj_call_method(s, "splitlines", NULL, 0);
    DECREF(s);
    return l;
}

/* "\n" + "\n".join(ndiff(pformat(a).splitlines(), pformat(b).splitlines())) */
static Obj *pformat_diff(Obj *a, Obj *b)
{
    Obj *la = pformat_lines(a), *lb = la ? pformat_lines(b) : NULL;
    Obj *d = lb ? ndiff_join(la, lb, "\n") : NULL;
    Obj *r = d ? str_from_fmt("\n%S", d) : NULL;
    XDECREF(d);
    XDECREF(la);
    XDECREF(lb);
    return r;
}

static Obj *dict_equal(Obj *self, Obj *d1, Obj *d2, Obj *msg)
{
    if (!DICT_CHECK(d1)) return not_instance(self, d1, &dict_type, "First argument is not a dictionary");
    if (!DICT_CHECK(d2)) return not_instance(self, d2, &dict_type, "Second argument is not a dictionary");
    int eq = obj_richcompare_bool(d1, d2, CMP_EQ);
    if (eq < 0) return NULL;
    if (eq) return INCREF(NONE);
    Obj *std = shortened_pair(d1, d2, " != ");
    return fail_with(self, msg, truncate_message(self, std, std ? pformat_diff(d1, d2) : NULL));
}

static Obj *set_equal(Obj *self, Obj *s1, Obj *s2, Obj *msg)
{
    Obj *d1 = obj_call_method(s1, "difference", &s2, 1);
    if (!d1) {
        bool te = vm_err_matches(&exc_TypeError), ae = vm_err_matches(&exc_AttributeError);
        if (!te && !ae) return NULL;
        Obj *e = vm_err_fetch();
        Obj *std = str_from_fmt(te ? "invalid type when attempting set difference: %S"
                                   : "first argument does not support set difference: %S", e);
        DECREF(e);
        return fail_with(self, msg, std);
    }
    Obj *d2 = obj_call_method(s2, "difference", &s1, 1);
    if (!d2) {
        DECREF(d1);
        bool te = vm_err_matches(&exc_TypeError), ae = vm_err_matches(&exc_AttributeError);
        if (!te && !ae) return NULL;
        Obj *e = vm_err_fetch();
        Obj *std = str_from_fmt(te ? "invalid type when attempting set difference: %S"
                                   : "second argument does not support set difference: %S", e);
        DECREF(e);
        return fail_with(self, msg, std);
    }
    Ssize n1 = obj_length(d1), n2 = obj_length(d2);
    Obj *lines = (n1 || n2) ? list_new(0) : NULL;
    Obj *res = NULL;
    if (!n1 && !n2) {
        res = INCREF(NONE);
        goto out;
    }
    if (!lines) goto out;
    Obj *ds[2] = {d1, d2};
    const char *heads[2] = {"Items in the first set but not the second:",
                            "Items in the second set but not the first:"};
    for (int k = 0; k < 2; k++) {
        if (!(k ? n2 : n1)) continue;
        Obj *h = S(heads[k]);
        if (!h || list_append(lines, h) < 0) {
            XDECREF(h);
            goto out;
        }
        DECREF(h);
        Obj *it = obj_getiter(ds[k]), *x;
        if (!it) goto out;
        while ((x = obj_iternext(it))) {
            Obj *r = obj_repr(x);
            DECREF(x);
            if (!r || list_append(lines, r) < 0) {
                XDECREF(r);
                DECREF(it);
                goto out;
            }
            DECREF(r);
        }
        DECREF(it);
        if (vm_err_occurred()) goto out;
    }
    res = fail_with(self, msg, str_steal_join("\n", INCREF(lines)));
out:
    XDECREF(lines);
    DECREF(d1);
    DECREF(d2);
    return res;
}

/* acc += str_from_fmt(fmt, ...); acc NULL after an error. */
static void app(Obj **acc, const char *fmt, ...)
{
    if (!*acc) return;
    va_list ap;
    va_start(ap, fmt);
    Obj *p = str_from_vfmt(fmt, ap);
    va_end(ap);
    Obj *r = p ? str_concat(*acc, p) : NULL;
    XDECREF(p);
    DECREF(*acc);
    *acc = r;
}

static bool index_error(void)
{
    return vm_err_matches(&exc_TypeError) || vm_err_matches(&exc_IndexError) ||
           vm_err_matches(&exc_NotImplementedError);
}

static Obj *sequence_equal(Obj *self, Obj *seq1, Obj *seq2, Obj *msg, Obj *seq_type)
{
    Obj *tname = NULL, *differing = NULL;
    if (seq_type && seq_type != NONE) {
        tname = ga(seq_type, "__name__");
        if (!tname) return NULL;
        Obj *seqs[2] = {seq1, seq2};
        for (int k = 0; k < 2; k++) {
            int ok = isinst(seqs[k], seq_type);
            if (ok < 0) goto err;
            if (!ok) {
                Obj *r = safe_repr(seqs[k]);
                Obj *m = r ? str_from_fmt("%s sequence is not a %S: %S", k ? "Second" : "First", tname, r) : NULL;
                XDECREF(r);
                Obj *fe = m ? ga(self, "failureException") : NULL;
                if (fe) raise_with(fe, m);
                XDECREF(fe);
                XDECREF(m);
                goto err;
            }
        }
    } else {
        tname = S("sequence");
        if (!tname) return NULL;
    }
    Ssize len1 = obj_length(seq1), len2 = -1;
    if (len1 < 0) {
        if (!vm_err_matches(&exc_TypeError) && !vm_err_matches(&exc_NotImplementedError)) goto err;
        vm_err_clear();
        differing = str_from_fmt("First %S has no length.    Non-sequence?", tname);
    } else if ((len2 = obj_length(seq2)) < 0) {
        if (!vm_err_matches(&exc_TypeError) && !vm_err_matches(&exc_NotImplementedError)) goto err;
        vm_err_clear();
        differing = str_from_fmt("Second %S has no length.    Non-sequence?", tname);
    } else {
        int eq = obj_richcompare_bool(seq1, seq2, CMP_EQ);
        if (eq < 0) goto err;
        if (eq) {
            DECREF(tname);
            return INCREF(NONE);
        }
        Obj *cap = obj_call_method(tname, "capitalize", NULL, 0);
        Obj *pair = cap ? shortened_pair(seq1, seq2, " != ") : NULL;
        differing = pair ? str_from_fmt("%Ss differ: %S\n", cap, pair) : NULL;
        XDECREF(cap);
        XDECREF(pair);
        if (!differing) goto err;
        Ssize n = len1 < len2 ? len1 : len2, i;
        bool broke = false;
        for (i = 0; i < n; i++) {
            Obj *ii = int_from_i64(i);
            Obj *a = ii ? obj_getitem(seq1, ii) : NULL;
            if (!a) {
                XDECREF(ii);
                if (!index_error()) goto err;
                vm_err_clear();
                app(&differing, "\nUnable to index element %zd of first %S\n", i, tname);
                broke = true;
                break;
            }
            Obj *b = obj_getitem(seq2, ii);
            DECREF(ii);
            if (!b) {
                DECREF(a);
                if (!index_error()) goto err;
                vm_err_clear();
                app(&differing, "\nUnable to index element %zd of second %S\n", i, tname);
                broke = true;
                break;
            }
            int ne = obj_richcompare_bool(a, b, CMP_NE);
            if (ne > 0) {
                Obj *p1 = shortened_pair(a, b, "\n");
                if (p1) app(&differing, "\nFirst differing element %zd:\n%S\n", i, p1);
                else CLEAR(differing);
                XDECREF(p1);
            }
            DECREF(a);
            DECREF(b);
            if (ne < 0 || !differing) goto err;
            if (ne) {
                broke = true;
                break;
            }
        }
        if (!broke && len1 == len2 && (!seq_type || seq_type == NONE) && OBJ_TYPE(seq1) != OBJ_TYPE(seq2)) {
            DECREF(tname);
            DECREF(differing);
            return INCREF(NONE);
        }
        if (len1 != len2) {
            bool first_longer = len1 > len2;
            Ssize at = first_longer ? len2 : len1;
            app(&differing, "\n%s %S contains %zd additional elements.\n", first_longer ? "First" : "Second",
                tname, first_longer ? len1 - len2 : len2 - len1);
            Obj *ii = int_from_i64(at);
            Obj *x = ii ? obj_getitem(first_longer ? seq1 : seq2, ii) : NULL;
            XDECREF(ii);
            if (x) {
                Obj *r = safe_repr(x);
                DECREF(x);
                if (r) app(&differing, "First extra element %zd:\n%S\n", at, r);
                else CLEAR(differing);
                XDECREF(r);
            } else {
                if (!index_error()) goto err;
                vm_err_clear();
                app(&differing, "Unable to index element %zd of %s %S\n", at, first_longer ? "first" : "second",
                    tname);
            }
            if (!differing) goto err;
        }
    }
    if (!differing) goto err;
    DECREF(tname);
    Obj *diff = pformat_diff(seq1, seq2);
    return fail_with(self, msg, truncate_message(self, differing, diff));
err:
    XDECREF(tname);
    XDECREF(differing);
    return NULL;
}

static Obj *tc_assert_sequence_equal(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"seq1", "seq2", "msg", "seq_type"};
    Obj *v[4];
    BIND("assertSequenceEqual", names, 4, 4, 2, v);
    return sequence_equal(self, v[0], v[1], v[2] ? v[2] : NONE, v[3]);
}

#define TYPED_EQUAL(cname, pyname, p0, p1, body)                                   \
    static Obj *cname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)             \
    {                                                                                \
        static const char *const names[] = {p0, p1, "msg"};                         \
        Obj *v[3];                                                                   \
        BIND(pyname, names, 3, 3, 2, v);                                             \
        Obj *msg = v[2] ? v[2] : NONE;                                               \
        return body;                                                                 \
    }
TYPED_EQUAL(tc_assert_list_equal, "assertListEqual", "list1", "list2",
            sequence_equal(self, v[0], v[1], msg, (Obj *)&list_type))
TYPED_EQUAL(tc_assert_tuple_equal, "assertTupleEqual", "tuple1", "tuple2",
            sequence_equal(self, v[0], v[1], msg, (Obj *)&tuple_type))
TYPED_EQUAL(tc_assert_set_equal, "assertSetEqual", "set1", "set2", set_equal(self, v[0], v[1], msg))
TYPED_EQUAL(tc_assert_dict_equal, "assertDictEqual", "d1", "d2", dict_equal(self, v[0], v[1], msg))
TYPED_EQUAL(tc_assert_multiline_equal, "assertMultiLineEqual", "first", "second",
            multiline_equal(self, v[0], v[1], msg))

static Obj *tc_assert_equal(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"first", "second", "msg"};
    Obj *v[3];
    BIND("assertEqual", names, 3, 3, 2, v);
    Obj *a = v[0], *b = v[1], *msg = v[2] ? v[2] : NONE;
    if (OBJ_TYPE(a) == OBJ_TYPE(b)) {
        Obj *funcs = gad(self, "_type_equality_funcs", NONE);
        if (!funcs) return NULL;
        Obj *f = DICT_CHECK(funcs) ? dict_get_borrow(funcs, type_of(a)) : NULL;
        if (f) {
            INCREF(f);
            DECREF(funcs);
            Obj *call[3] = {a, b, msg};
            Obj *r;
            if (STR_CHECK(f)) {
                Obj *m = obj_getattr(self, f);
                r = m ? obj_call(m, call, 3, NULL) : NULL;
                XDECREF(m);
            } else {
                r = obj_call(f, call, 3, NULL);
            }
            DECREF(f);
            return r;
        }
        DECREF(funcs);
        if (vm_err_occurred()) return NULL;
        TypeObj *t = OBJ_TYPE(a);
        if (t == &dict_type) return dict_equal(self, a, b, msg);
        if (t == &list_type) return sequence_equal(self, a, b, msg, (Obj *)&list_type);
        if (t == &tuple_type) return sequence_equal(self, a, b, msg, (Obj *)&tuple_type);
        if (t == &set_type || t == &frozenset_type) return set_equal(self, a, b, msg);
        if (t == &str_type) return multiline_equal(self, a, b, msg);
    }
    return base_assert_equal(self, a, b, msg);
}

static Obj *tc_add_type_equality_func(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"typeobj", "function"};
    Obj *v[2];
    BIND("addTypeEqualityFunc", names, 2, 2, 2, v);
    Obj *funcs = ga(self, "_type_equality_funcs");
    if (!funcs) return NULL;
    int r = obj_setitem(funcs, v[0], v[1]);
    DECREF(funcs);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *tc_assert_not_equal(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"first", "second", "msg"};
    Obj *v[3];
    BIND("assertNotEqual", names, 3, 3, 2, v);
    int ne = obj_richcompare_bool(v[0], v[1], CMP_NE);
    if (ne < 0) return NULL;
    if (ne) return INCREF(NONE);
    return fail2(self, v[2], "%S == %S", v[0], v[1]);
}

/* Binary assertions whose test is one comparison or membership and whose message is FMT % (safe_repr(a), safe_repr(b)). */
enum { K_LT, K_LE, K_GT, K_GE, K_IN, K_NOTIN, K_IS, K_ISNOT };
static Obj *binary_assert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, int kind)
{
    static const char *const fnames[] = {"assertLess", "assertLessEqual", "assertGreater", "assertGreaterEqual",
                                         "assertIn", "assertNotIn", "assertIs", "assertIsNot"};
    static const char *const fmts[] = {"%S not less than %S", "%S not less than or equal to %S",
                                       "%S not greater than %S", "%S not greater than or equal to %S",
                                       "%S not found in %S", "%S unexpectedly found in %S", "%S is not %S", NULL};
    static const char *const n_cmp[] = {"a", "b", "msg"};
    static const char *const n_in[] = {"member", "container", "msg"};
    static const char *const n_is[] = {"expr1", "expr2", "msg"};
    const char *const *names = kind <= K_GE ? n_cmp : kind <= K_NOTIN ? n_in : n_is;
    Obj *v[3];
    BIND(fnames[kind], names, 3, 3, 2, v);
    int ok;
    switch (kind) {
    case K_LT: ok = obj_richcompare_bool(v[0], v[1], CMP_LT); break;
    case K_LE: ok = obj_richcompare_bool(v[0], v[1], CMP_LE); break;
    case K_GT: ok = obj_richcompare_bool(v[0], v[1], CMP_GT); break;
    case K_GE: ok = obj_richcompare_bool(v[0], v[1], CMP_GE); break;
    case K_IN: ok = obj_contains(v[1], v[0]); break;
    case K_NOTIN: ok = obj_contains(v[1], v[0]); ok = ok < 0 ? ok : !ok; break;
    case K_IS: ok = v[0] == v[1]; break;
    default: ok = v[0] != v[1]; break;
    }
    if (ok < 0) return NULL;
    if (ok) return INCREF(NONE);
    if (kind == K_ISNOT) return fail1(self, v[2], "unexpectedly identical: %S", v[0]);
    return fail2(self, v[2], fmts[kind], v[0], v[1]);
}
#define BINARY(cname, kind) \
    static Obj *cname(Obj *s, Obj *const *a, Ssize n, Obj *k) { return binary_assert(s, a, n, k, kind); }
BINARY(tc_assert_less, K_LT)
BINARY(tc_assert_less_equal, K_LE)
BINARY(tc_assert_greater, K_GT)
BINARY(tc_assert_greater_equal, K_GE)
BINARY(tc_assert_in, K_IN)
BINARY(tc_assert_not_in, K_NOTIN)
BINARY(tc_assert_is, K_IS)
BINARY(tc_assert_is_not, K_ISNOT)

static Obj *none_assert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool want_none)
{
    static const char *const names[] = {"obj", "msg"};
    Obj *v[2];
    BIND(want_none ? "assertIsNone" : "assertIsNotNone", names, 2, 2, 1, v);
    if ((v[0] == NONE) == want_none) return INCREF(NONE);
    if (!want_none) return fail_with(self, v[1], S("unexpectedly None"));
    return fail1(self, v[1], "%S is not None", v[0]);
}
static Obj *tc_assert_is_none(Obj *s, Obj *const *a, Ssize n, Obj *k) { return none_assert(s, a, n, k, true); }
static Obj *tc_assert_is_not_none(Obj *s, Obj *const *a, Ssize n, Obj *k) { return none_assert(s, a, n, k, false); }

static Obj *instance_assert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool want)
{
    static const char *const names[] = {"obj", "cls", "msg"};
    Obj *v[3];
    BIND(want ? "assertIsInstance" : "assertNotIsInstance", names, 3, 3, 2, v);
    int r = isinst(v[0], v[1]);
    if (r < 0) return NULL;
    if (r == want) return INCREF(NONE);
    Obj *o = safe_repr(v[0]);
    Obj *std = o ? str_from_fmt(want ? "%S is not an instance of %R" : "%S is an instance of %R", o, v[1]) : NULL;
    XDECREF(o);
    return fail_with(self, v[2], std);
}
static Obj *tc_assert_is_instance(Obj *s, Obj *const *a, Ssize n, Obj *k) { return instance_assert(s, a, n, k, true); }
static Obj *tc_assert_not_is_instance(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    return instance_assert(s, a, n, k, false);
}

static Obj *builtin_call(const char *name, Obj *const *args, Ssize n)
{
    Obj *f = import_attr("builtins", name);
    Obj *r = f ? obj_call(f, args, n, NULL) : NULL;
    XDECREF(f);
    return r;
}

static Obj *almost_assert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool want)
{
    static const char *const names[] = {"first", "second", "places", "msg", "delta"};
    Obj *v[5];
    BIND(want ? "assertAlmostEqual" : "assertNotAlmostEqual", names, 5, 4, 2, v);
    Obj *a = v[0], *b = v[1], *places = v[2] && v[2] != NONE ? v[2] : NULL, *msg = v[3] ? v[3] : NONE;
    Obj *delta = v[4] && v[4] != NONE ? v[4] : NULL;
    int eq = 0;
    if (want) {
        eq = obj_richcompare_bool(a, b, CMP_EQ);
        if (eq < 0) return NULL;
        if (eq) return INCREF(NONE);
    }
    if (delta && places) {
        vm_err_set_str(&exc_TypeError, "specify delta or places not both");
        return NULL;
    }
    Obj *d0 = num_binary(a, b, NB_SUBTRACT);
    Obj *diff = d0 ? builtin_call("abs", &d0, 1) : NULL;
    XDECREF(d0);
    if (!diff) return NULL;
    if (!want) {
        eq = obj_richcompare_bool(a, b, CMP_EQ);
        if (eq < 0) goto err;
    }
    Obj *std = NULL;
    Obj *ra = safe_repr(a), *rb = ra ? safe_repr(b) : NULL;
    if (!rb) {
        XDECREF(ra);
        goto err;
    }
    if (delta) {
        int le = obj_richcompare_bool(diff, delta, want ? CMP_LE : CMP_GT);
        if (le > 0 && (want || !eq)) {
            DECREF(ra);
            DECREF(rb);
            DECREF(diff);
            return INCREF(NONE);
        }
        Obj *rd = le >= 0 ? safe_repr(delta) : NULL, *rdiff = rd ? safe_repr(diff) : NULL;
        if (rdiff)
            std = str_from_fmt(want ? "%S != %S within %S delta (%S difference)" : "%S == %S within %S delta (%S difference)",
                               ra, rb, rd, rdiff);
        XDECREF(rd);
        XDECREF(rdiff);
    } else {
        Obj *pl = places ? INCREF(places) : int_from_i64(7);
        Obj *rargs[2] = {diff, pl};
        Obj *rounded = pl ? builtin_call("round", rargs, 2) : NULL;
        Obj *zero = int_from_i64(0);
        int z = rounded && zero ? obj_richcompare_bool(rounded, zero, CMP_EQ) : -1;
        XDECREF(rounded);
        XDECREF(zero);
        if (z >= 0 && (want ? z : (!eq && !z))) {
            DECREF(ra);
            DECREF(rb);
            DECREF(diff);
            DECREF(pl);
            return INCREF(NONE);
        }
        Obj *rdiff = z >= 0 ? safe_repr(diff) : NULL;
        if (rdiff)
            std = want ? str_from_fmt("%S != %S within %R places (%S difference)", ra, rb, pl, rdiff)
                       : str_from_fmt("%S == %S within %R places", ra, rb, pl);
        XDECREF(rdiff);
        XDECREF(pl);
    }
    DECREF(ra);
    DECREF(rb);
    DECREF(diff);
    return fail_with(self, msg, std);
err:
    DECREF(diff);
    return NULL;
}
static Obj *tc_assert_almost_equal(Obj *s, Obj *const *a, Ssize n, Obj *k) { return almost_assert(s, a, n, k, true); }
static Obj *tc_assert_not_almost_equal(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    return almost_assert(s, a, n, k, false);
}

/* _count_diff_all_purpose: [(cnt_first, cnt_second, elem)] for the elements counted differently. */
static Obj *count_diff(Obj *s, Obj *t)
{
    Obj *result = list_new(0);
    Obj *lists[2] = {s, t};
    if (!result) return NULL;
    for (int pass = 0; pass < 2; pass++) {
        Obj *src = lists[pass];
        for (Ssize i = 0; i < LIST_LEN(src); i++) {
            Obj *elem = LIST_ITEMS(src)[i];
            if (elem == NULL || elem == NOTIMPL) continue;   /* NOTIMPL marks a counted slot */
            INCREF(elem);
            Ssize cnt[2] = {0, 0};
            for (int k = pass; k < 2; k++) {
                Obj *l = lists[k];
                for (Ssize j = (k == pass ? i : 0); j < LIST_LEN(l); j++) {
                    Obj *o = LIST_ITEMS(l)[j];
                    if (o == NOTIMPL) continue;
                    int eq = obj_richcompare_bool(o, elem, CMP_EQ);
                    if (eq < 0) {
                        DECREF(elem);
                        DECREF(result);
                        return NULL;
                    }
                    if (eq) {
                        cnt[k]++;
                        LIST_ITEMS(l)[j] = INCREF(NOTIMPL);
                        DECREF(o);
                    }
                }
            }
            if (cnt[0] != cnt[1]) {
                Obj *c0 = int_from_i64(cnt[0]), *c1 = int_from_i64(cnt[1]);
                Obj *tup = c0 && c1 ? tuple_pack(3, c0, c1, elem) : NULL;
                XDECREF(c0);
                XDECREF(c1);
                if (!tup || list_append(result, tup) < 0) {
                    XDECREF(tup);
                    DECREF(elem);
                    DECREF(result);
                    return NULL;
                }
                DECREF(tup);
            }
            DECREF(elem);
        }
    }
    return result;
}

static Obj *tc_assert_count_equal(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"first", "second", "msg"};
    Obj *v[3];
    BIND("assertCountEqual", names, 3, 3, 2, v);
    Obj *a = obj_call((Obj *)&list_type, &v[0], 1, NULL);
    Obj *b = a ? obj_call((Obj *)&list_type, &v[1], 1, NULL) : NULL;
    Obj *diffs = b ? count_diff(a, b) : NULL;
    XDECREF(a);
    XDECREF(b);
    if (!diffs) return NULL;
    if (!LIST_LEN(diffs)) {
        DECREF(diffs);
        return INCREF(NONE);
    }
    Obj *lines = list_new(0);
    for (Ssize i = 0; lines && i < LIST_LEN(diffs); i++) {
        Obj **t = TUPLE_ITEMS(LIST_ITEMS(diffs)[i]);
        Obj *line = str_from_fmt("First has %S, Second has %S:  %R", t[0], t[1], t[2]);
        if (!line || list_append(lines, line) < 0) CLEAR(lines);
        XDECREF(line);
    }
    DECREF(diffs);
    Obj *std = S("Element counts were not equal:\n");
    return fail_with(self, v[2] ? v[2] : NONE, truncate_message(self, std, str_steal_join("\n", lines)));
}

/* re.compile(r) when r is str/bytes (with the empty-pattern assertion), else r. */
static Obj *compile_regex(Obj *r)
{
    if (STR_CHECK(r) || BYTES_CHECK(r)) {
        if (!obj_length(r)) {
            vm_err_set_str(&exc_AssertionError, "expected_regex must not be empty.");
            return NULL;
        }
        Obj *c = import_attr("re", "compile");
        Obj *res = c ? obj_call(c, &r, 1, NULL) : NULL;
        XDECREF(c);
        return res;
    }
    return INCREF(r);
}

static Obj *regex_assert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool want)
{
    static const char *const n1[] = {"text", "expected_regex", "msg"};
    static const char *const n2[] = {"text", "unexpected_regex", "msg"};
    Obj *v[3];
    BIND(want ? "assertRegex" : "assertNotRegex", want ? n1 : n2, 3, 3, 2, v);
    Obj *re = compile_regex(v[1]);
    if (!re) return NULL;
    Obj *m = obj_call_method(re, "search", &v[0], 1);
    Obj *pat = m ? ga(re, "pattern") : NULL;
    DECREF(re);
    if (!pat) {
        XDECREF(m);
        return NULL;
    }
    Obj *std = NULL, *res = NULL;
    if (want && m == NONE) {
        std = str_from_fmt("Regex didn't match: %R not found in %R", pat, v[0]);
    } else if (!want && m != NONE) {
        Obj *g = obj_call_method(m, "group", NULL, 0);
        std = g ? str_from_fmt("Regex matched: %R matches %R in %R", g, pat, v[0]) : NULL;
        XDECREF(g);
    } else {
        res = INCREF(NONE);
    }
    DECREF(m);
    DECREF(pat);
    if (res) return res;
    return fail_with(self, v[2] ? v[2] : NONE, std);
}
static Obj *tc_assert_regex(Obj *s, Obj *const *a, Ssize n, Obj *k) { return regex_assert(s, a, n, k, true); }
static Obj *tc_assert_not_regex(Obj *s, Obj *const *a, Ssize n, Obj *k) { return regex_assert(s, a, n, k, false); }

/* ---- assertRaises / assertWarns contexts (_AssertRaisesContext, _AssertWarnsContext) ----------- */

/* The frames of 3.12's unittest/case.py that a traceback shows when the callable given to
 * assertRaises(exc, callable, ...) raises something else (tbframe.h). */
enum { TB_HANDLE, TB_ASSERT_RAISES, TB_ASSERT_WARNS, TB_ASSERT_RAISES_REGEX, TB_ASSERT_WARNS_REGEX, TB__COUNT };
static const TbLine tb_lines[TB__COUNT] = {
    {"handle", "_AssertRaisesBaseContext.handle", 214, 238, "                callable_obj(*args, **kwargs)", NULL},
    {"assertRaises", "TestCase.assertRaises", 752, 780, "            return context.handle('assertRaises', args, kwargs)",
     "context.handle('assertRaises', args, kwargs)"},
    {"assertWarns", "TestCase.assertWarns", 785, 814, "        return context.handle('assertWarns', args, kwargs)",
     "context.handle('assertWarns', args, kwargs)"},
    {"assertRaisesRegex", "TestCase.assertRaisesRegex", 1304, 1318,
     "        return context.handle('assertRaisesRegex', args, kwargs)", "context.handle('assertRaisesRegex', args, kwargs)"},
    {"assertWarnsRegex", "TestCase.assertWarnsRegex", 1320, 1337,
     "        return context.handle('assertWarnsRegex', args, kwargs)", "context.handle('assertWarnsRegex', args, kwargs)"},
};
static TbFile tb_file = {"unittest/case.py", tb_lines, TB__COUNT, NULL};

/* _is_subtype(expected, basetype) */
static int is_subtype(Obj *expected, TypeObj *base)
{
    if (TUPLE_CHECK(expected)) {
        for (Ssize i = 0; i < TUPLE_LEN(expected); i++) {
            int r = is_subtype(TUPLE_ITEMS(expected)[i], base);
            if (r <= 0) return r;
        }
        return 1;
    }
    return TYPE_CHECK(expected) && type_is_subtype((TypeObj *)expected, base);
}

static Obj *ctx_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"expected", "test_case", "expected_regex"};
    Obj *v[3];
    BIND("__init__", names, 3, 3, 2, v);
    if (sa(self, "test_case", v[1]) < 0 || sa(self, "expected", v[0]) < 0) return NULL;
    Obj *re = v[2] && v[2] != NONE ? compile_regex(v[2]) : INCREF(NONE);
    if (sa_steal(self, "expected_regex", re) < 0 || sa(self, "obj_name", NONE) < 0 || sa(self, "msg", NONE) < 0)
        return NULL;
    return INCREF(NONE);
}

/* _raiseFailure(standardMsg): steals std. */
static Obj *ctx_raise_failure(Obj *self, Obj *std)
{
    Obj *tc = ga(self, "test_case"), *msg = tc ? ga(self, "msg") : NULL;
    if (msg) fail_with(tc, msg, std);
    else XDECREF(std);
    XDECREF(tc);
    XDECREF(msg);
    return NULL;
}

static Obj *expected_name(Obj *self)
{
    Obj *exp = ga(self, "expected");
    if (!exp) return NULL;
    Obj *n = gad(exp, "__name__", NULL);
    if (!n && !vm_err_occurred()) n = obj_str(exp);
    DECREF(exp);
    return n;
}

/* "{} not raised[ by {}]" / "{} not triggered[ by {}]" */
static Obj *ctx_not_happened(Obj *self, const char *what)
{
    Obj *en = expected_name(self);
    Obj *on = en ? ga(self, "obj_name") : NULL;
    if (!on) {
        XDECREF(en);
        return NULL;
    }
    int t = obj_is_true(on);
    Obj *std = t < 0 ? NULL : t ? str_from_fmt("%S not %s by %S", en, what, on) : str_from_fmt("%S not %s", en, what);
    DECREF(en);
    DECREF(on);
    return ctx_raise_failure(self, std);
}

static Obj *ctx_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw);

static Obj *raises_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"exc_type", "exc_value", "tb"};
    Obj *v[3];
    BIND("__exit__", names, 3, 3, 3, v);
    if (v[0] == NONE) return ctx_not_happened(self, "raised");
    Obj *exp = ga(self, "expected");
    if (!exp) return NULL;
    int sub = obj_issubclass(v[0], exp);
    DECREF(exp);
    if (sub <= 0) return sub < 0 ? NULL : INCREF(FALSE_);
    Obj *e = obj_call_method(v[1], "with_traceback", (Obj *[]){NONE}, 1);
    if (sa_steal(self, "exception", e) < 0) return NULL;
    Obj *re = ga(self, "expected_regex");
    if (!re) return NULL;
    if (re == NONE) {
        DECREF(re);
        return INCREF(TRUE_);
    }
    Obj *s = obj_str(v[1]);
    Obj *m = s ? obj_call_method(re, "search", &s, 1) : NULL;
    Obj *res = NULL;
    if (m == NONE) {
        Obj *pat = ga(re, "pattern");
        if (pat) ctx_raise_failure(self, str_from_fmt("\"%S\" does not match \"%S\"", pat, s));
        XDECREF(pat);
    } else if (m) {
        res = INCREF(TRUE_);
    }
    XDECREF(m);
    XDECREF(s);
    DECREF(re);
    return res;
}

static Obj *warnings_attr(const char *name) { return import_attr("warnings", name); }

static Obj *ctx_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__enter__", nargs, kw) < 0) return NULL;
    int warns = isinst(self, warnsctx_cls);
    if (warns <= 0) return warns < 0 ? NULL : INCREF(self);
    /* for v in list(sys.modules.values()): if getattr(v, '__warningregistry__', None): v.__warningregistry__ = {} */
    Obj *mods = sys_get_borrow("modules");
    Obj *vals = mods ? obj_call_method(mods, "values", NULL, 0) : NULL;
    Obj *lst = vals ? obj_call((Obj *)&list_type, &vals, 1, NULL) : NULL;
    XDECREF(vals);
    if (!lst) return NULL;
    for (Ssize i = 0; i < LIST_LEN(lst); i++) {
        Obj *reg = gad(LIST_ITEMS(lst)[i], "__warningregistry__", NONE);
        int t = reg ? obj_is_true(reg) : -1;
        XDECREF(reg);
        if (t < 0 || (t > 0 && sa_steal(LIST_ITEMS(lst)[i], "__warningregistry__", dict_new()) < 0)) {
            DECREF(lst);
            return NULL;
        }
    }
    DECREF(lst);
    Obj *cw = warnings_attr("catch_warnings");
    Obj *kn = cw ? tuple_pack(1, id_str("record")) : NULL;
    Obj *mgr = kn ? obj_call(cw, (Obj *[]){TRUE_}, 0, kn) : NULL;
    XDECREF(cw);
    XDECREF(kn);
    if (sa(self, "warnings_manager", mgr) < 0) {
        XDECREF(mgr);
        return NULL;
    }
    Obj *rec = obj_call_method(mgr, "__enter__", NULL, 0);
    DECREF(mgr);
    if (sa_steal(self, "warnings", rec) < 0) return NULL;
    Obj *sf = warnings_attr("simplefilter");
    Obj *exp = sf ? ga(self, "expected") : NULL;
    Obj *always = exp ? S("always") : NULL;
    Obj *r = always ? obj_call(sf, (Obj *[]){always, exp}, 2, NULL) : NULL;
    XDECREF(sf);
    XDECREF(exp);
    XDECREF(always);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(self);
}

static Obj *warns_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"exc_type", "exc_value", "tb"};
    Obj *v[3];
    BIND("__exit__", names, 3, 3, 3, v);
    Obj *mgr = ga(self, "warnings_manager");
    Obj *r = mgr ? obj_call_method(mgr, "__exit__", v, 3) : NULL;
    XDECREF(mgr);
    if (!r) return NULL;
    DECREF(r);
    if (v[0] != NONE) return INCREF(NONE);
    Obj *exp = ga(self, "expected"), *re = exp ? ga(self, "expected_regex") : NULL;
    Obj *ws = re ? ga(self, "warnings") : NULL;
    Obj *it = ws ? obj_getiter(ws) : NULL, *m, *first = NULL, *res = NULL;
    if (!it) goto out;
    while ((m = obj_iternext(it))) {
        Obj *w = ga(m, "message");
        int ok = w ? isinst(w, exp) : -1;
        if (ok > 0) {
            if (!first) first = INCREF(w);
            if (re != NONE) {
                Obj *s = obj_str(w);
                Obj *mt = s ? obj_call_method(re, "search", &s, 1) : NULL;
                XDECREF(s);
                ok = mt ? mt != NONE : -1;
                XDECREF(mt);
            }
            if (ok > 0) {
                Obj *fn = ga(m, "filename"), *ln = fn ? ga(m, "lineno") : NULL;
                int e = ln && sa(self, "warning", w) == 0 && sa(self, "filename", fn) == 0 && sa(self, "lineno", ln) == 0;
                XDECREF(fn);
                XDECREF(ln);
                DECREF(w);
                DECREF(m);
                if (e) res = INCREF(NONE);
                goto out;
            }
        }
        XDECREF(w);
        DECREF(m);
        if (ok < 0) goto out;
    }
    if (vm_err_occurred()) goto out;
    if (first) {
        Obj *pat = ga(re, "pattern");
        Obj *s = pat ? obj_str(first) : NULL;
        if (s) ctx_raise_failure(self, str_from_fmt("\"%S\" does not match \"%S\"", pat, s));
        XDECREF(pat);
        XDECREF(s);
    } else {
        ctx_not_happened(self, "triggered");
    }
out:
    XDECREF(it);
    XDECREF(first);
    XDECREF(exp);
    XDECREF(re);
    XDECREF(ws);
    return res;
}

/* handle(name, args, kwargs) */
static Obj *ctx_handle(Obj *self, const char *name, Obj *const *args, Ssize nargs, Obj *kw)
{
    int warns = isinst(self, warnsctx_cls);
    if (warns < 0) return NULL;
    Obj *exp = ga(self, "expected");
    if (!exp) return NULL;
    int st = is_subtype(exp, warns ? &exc_Warning : &exc_BaseException);
    DECREF(exp);
    if (!st) {
        vm_err_format(&exc_TypeError, "%s() arg 1 must be %s", name,
                      warns ? "a warning type or tuple of warning types"
                            : "an exception type or tuple of exception types");
        return NULL;
    }
    Ssize nkw = mh_nkw(kw);
    if (!nargs) {
        Ssize rest = nkw;
        for (Ssize k = 0; k < nkw; k++)
            if (str_eq_cstr(TUPLE_ITEMS(kw)[k], "msg")) {
                if (sa(self, "msg", args[k]) < 0) return NULL;
                rest--;
            }
        for (Ssize k = 0; rest && k < nkw; k++)
            if (!str_eq_cstr(TUPLE_ITEMS(kw)[k], "msg")) {
                vm_err_format(&exc_TypeError, "%R is an invalid keyword argument for this function",
                              TUPLE_ITEMS(kw)[k]);
                return NULL;
            }
        return INCREF(self);
    }
    Obj *callable = args[0];
    Obj *on = gad(callable, "__name__", NULL);
    if (!on && !vm_err_occurred()) on = obj_str(callable);
    if (sa_steal(self, "obj_name", on) < 0) return NULL;
    Obj *en = ctx_enter(self, NULL, 0, NULL);
    if (!en) return NULL;
    DECREF(en);
    Obj *r = obj_call(callable, args + 1, nargs - 1, kw);
    Obj *exit_args[3] = {NONE, NONE, NONE}, *e = NULL;
    if (!r) {
        e = vm_err_fetch();
        exit_args[0] = type_of(e);
        exit_args[1] = e;
        exit_args[2] = gad(e, "__traceback__", NONE);
        if (!exit_args[2]) exit_args[2] = INCREF(NONE);
    } else {
        DECREF(r);
    }
    Obj *x = warns ? warns_exit(self, exit_args, 3, NULL) : raises_exit(self, exit_args, 3, NULL);
    if (e) DECREF(exit_args[2]);
    if (!x) {
        XDECREF(e);
        return NULL;
    }
    int t = e ? obj_is_true(x) : 1;
    DECREF(x);
    if (t < 0) {
        XDECREF(e);
        return NULL;
    }
    if (!t) {
        vm_err_restore(e);
        tbframe_push(&tb_file, TB_HANDLE);
        for (int i = TB_ASSERT_RAISES; i < TB__COUNT; i++)
            if (!strcmp(name, tb_lines[i].func)) tbframe_push(&tb_file, i);
        return NULL;
    }
    XDECREF(e);
    return INCREF(NONE);
}

/* assertRaises(expected_exception, *args, **kwargs) and friends. */
static Obj *make_ctx(Obj *self, Obj *cls, Obj *expected, Obj *regex)
{
    Obj *a[3] = {expected, self, regex};
    return obj_call(cls, a, regex ? 3 : 2, NULL);
}

static Obj *assert_ctx(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *name, bool warns, bool rx)
{
    Ssize need = rx ? 2 : 1;
    if (nargs < need) {
        if (rx)
            vm_err_format(&exc_TypeError, "TestCase.%s() missing %zd required positional argument%s: %s", name,
                          need - nargs, need - nargs == 1 ? "" : "s",
                          nargs ? "'expected_regex'" : "'expected_exception' and 'expected_regex'");
        else
            vm_err_format(&exc_TypeError, "TestCase.%s() missing 1 required positional argument: '%s'", name,
                          warns ? "expected_warning" : "expected_exception");
        return NULL;
    }
    Obj *ctx = make_ctx(self, warns ? warnsctx_cls : raisesctx_cls, args[0], rx ? args[1] : NULL);
    if (!ctx) return NULL;
    Obj *r = ctx_handle(ctx, name, args + need, nargs - need, kw);
    DECREF(ctx);
    return r;
}
static Obj *tc_assert_raises(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    return assert_ctx(s, a, n, k, "assertRaises", false, false);
}
static Obj *tc_assert_raises_regex(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    return assert_ctx(s, a, n, k, "assertRaisesRegex", false, true);
}
static Obj *tc_assert_warns(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    return assert_ctx(s, a, n, k, "assertWarns", true, false);
}
static Obj *tc_assert_warns_regex(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    return assert_ctx(s, a, n, k, "assertWarnsRegex", true, true);
}

static const MethodDef raisesctx_methods[] = {
    {"__init__", ctx_init, METH_FAST, NULL},
    {"__enter__", ctx_enter, METH_FAST, NULL},
    {"__exit__", raises_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef warnsctx_methods[] = {
    {"__init__", ctx_init, METH_FAST, NULL},
    {"__enter__", ctx_enter, METH_FAST, NULL},
    {"__exit__", warns_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- assertLogs / assertNoLogs (_log.py) and enterContext ------------------------------------------------- */

static Obj *capture_cls, *watcher_cls, *logsctx_cls;   /* built on first use: they need logging */
static Obj *mk(const char *modname, const char *name, Obj *base, const MethodDef *defs);

/* unittest/_log.py has no __unittest marker, so CPython's tracebacks keep its frame (tbframe.h). */
enum { TB_LOG_NO_LOGS, TB_LOG_UNEXPECTED, TB_LOG__COUNT };
static const TbLine tb_log_lines[TB_LOG__COUNT] = {
    {"__exit__", "_AssertLogsContext.__exit__", 62, 84, "                self._raiseFailure(", NULL},
    {"__exit__", "_AssertLogsContext.__exit__", 62, 75, "                self._raiseFailure(", NULL},
};
static TbFile tb_log_file = {"unittest/_log.py", tb_log_lines, TB_LOG__COUNT, NULL};

static Obj *capture_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_CapturingHandler", nargs, kw) < 0) return NULL;
    Obj *h = import_attr("logging", "Handler");
    Obj *init = h ? ga(h, "__init__") : NULL;
    Obj *r = init ? obj_call(init, &self, 1, NULL) : NULL;
    XDECREF(h);
    XDECREF(init);
    if (!r) return NULL;
    DECREF(r);
    Obj *a = list_new(0), *b = a ? list_new(0) : NULL;
    Obj *w = b ? obj_call(watcher_cls, (Obj *[]){a, b}, 2, NULL) : NULL;
    XDECREF(a);
    XDECREF(b);
    return sa_steal(self, "watcher", w) < 0 ? NULL : INCREF(NONE);
}

static Obj *capture_flush(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("flush", nargs, kw) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *capture_emit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("emit", nargs, kw) < 0) return NULL;
    Obj *w = ga(self, "watcher");
    Obj *recs = w ? ga(w, "records") : NULL;
    int r = recs ? list_append(recs, args[0]) : -1;
    XDECREF(recs);
    Obj *msg = r == 0 ? obj_call_method(self, "format", args, 1) : NULL;
    Obj *out = msg ? ga(w, "output") : NULL;
    r = out ? list_append(out, msg) : -1;
    XDECREF(out);
    XDECREF(msg);
    XDECREF(w);
    return r < 0 ? NULL : INCREF(NONE);
}

static const MethodDef capture_methods[] = {
    {"__init__", capture_init, METH_FAST, NULL},
    {"flush", capture_flush, METH_FAST, NULL},
    {"emit", capture_emit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *logsctx_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_AssertLogsContext", "_AssertLogsContext", nargs, kw, 4, 4) < 0) return NULL;
    if (sa(self, "test_case", args[0]) < 0 || sa(self, "logger_name", args[1]) < 0 || sa(self, "msg", NONE) < 0 ||
        sa(self, "no_logs", args[3]) < 0)
        return NULL;
    int t = obj_is_true(args[2]);
    if (t < 0) return NULL;
    Obj *level;
    if (t) {
        Obj *map = import_attr("logging", "_nameToLevel");
        level = map ? obj_call_method(map, "get", (Obj *[]){args[2], args[2]}, 2) : NULL;
        XDECREF(map);
    } else {
        level = import_attr("logging", "INFO");
    }
    return sa_steal(self, "level", level) < 0 ? NULL : INCREF(NONE);
}

static Obj *logsctx_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__enter__", nargs, kw) < 0) return NULL;
    Obj *name = ga(self, "logger_name"), *lcls = name ? import_attr("logging", "Logger") : NULL, *logger = NULL;
    int is_logger = lcls ? isinst(name, lcls) : -1;
    if (is_logger > 0) logger = INCREF(name);
    else if (is_logger == 0) {
        Obj *gl = import_attr("logging", "getLogger");
        logger = gl ? obj_call(gl, &name, 1, NULL) : NULL;
        XDECREF(gl);
    }
    XDECREF(name);
    XDECREF(lcls);
    if (sa_steal(self, "logger", logger) < 0) return NULL;
    Obj *fc = import_attr("logging", "Formatter");
    Obj *fmt = fc ? S("%(levelname)s:%(name)s:%(message)s") : NULL;
    Obj *formatter = fmt ? obj_call(fc, &fmt, 1, NULL) : NULL;
    XDECREF(fc);
    XDECREF(fmt);
    Obj *handler = formatter ? obj_call(capture_cls, NULL, 0, NULL) : NULL;
    Obj *level = handler ? ga(self, "level") : NULL, *res = NULL, *w = NULL, *hl = NULL;
    if (!level || call_void(handler, "setLevel", &level, 1) < 0 || call_void(handler, "setFormatter", &formatter, 1) < 0)
        goto out;
    w = ga(handler, "watcher");
    Obj *handlers = w ? ga(logger, "handlers") : NULL;
    Obj *copy = handlers ? obj_call((Obj *)&list_type, &handlers, 1, NULL) : NULL;
    XDECREF(handlers);
    Obj *ol = copy ? ga(logger, "level") : NULL, *op = ol ? ga(logger, "propagate") : NULL;
    int bad = !op || sa(self, "watcher", w) < 0 || sa(self, "old_handlers", copy) < 0 || sa(self, "old_level", ol) < 0 ||
              sa(self, "old_propagate", op) < 0;
    XDECREF(copy);
    XDECREF(ol);
    XDECREF(op);
    hl = bad ? NULL : list_from_array(&handler, 1);
    if (!hl || sa(logger, "handlers", hl) < 0 || call_void(logger, "setLevel", &level, 1) < 0 ||
        set_bool(logger, "propagate", false) < 0)
        goto out;
    int nl = truth_attr(self, "no_logs");
    if (nl >= 0) res = nl ? INCREF(NONE) : INCREF(w);
out:
    XDECREF(formatter);
    XDECREF(handler);
    XDECREF(level);
    XDECREF(w);
    XDECREF(hl);
    return res;
}

static Obj *logsctx_exit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__exit__", "__exit__", nargs, kw, 3, 3) < 0) return NULL;
    Obj *logger = ga(self, "logger");
    Obj *oh = logger ? ga(self, "old_handlers") : NULL, *op = oh ? ga(self, "old_propagate") : NULL;
    Obj *ol = op ? ga(self, "old_level") : NULL;
    int bad = !ol || sa(logger, "handlers", oh) < 0 || sa(logger, "propagate", op) < 0 ||
              call_void(logger, "setLevel", &ol, 1) < 0;
    XDECREF(oh);
    XDECREF(op);
    XDECREF(ol);
    if (bad) {
        XDECREF(logger);
        return NULL;
    }
    if (args[0] != NONE) {
        DECREF(logger);
        return INCREF(FALSE_);
    }
    int nl = truth_attr(self, "no_logs");
    Obj *w = nl >= 0 ? ga(self, "watcher") : NULL;
    Obj *recs = w ? ga(w, "records") : NULL;
    Ssize n = recs ? obj_length(recs) : -1;
    XDECREF(recs);
    Obj *res = NULL;
    if (n >= 0) {
        if (nl && n > 0) {
            Obj *out = ga(w, "output");
            if (out) ctx_raise_failure(self, str_from_fmt("Unexpected logs found: %R", out));
            tbframe_push(&tb_log_file, TB_LOG_UNEXPECTED);
            XDECREF(out);
        } else if (!nl && n == 0) {
            Obj *gln = import_attr("logging", "getLevelName");
            Obj *lv = gln ? ga(self, "level") : NULL;
            Obj *lname = lv ? obj_call(gln, &lv, 1, NULL) : NULL;
            Obj *lgname = lname ? ga(logger, "name") : NULL;
            if (lgname) {
                ctx_raise_failure(self, str_from_fmt("no logs of level %S or higher triggered on %S", lname, lgname));
                tbframe_push(&tb_log_file, TB_LOG_NO_LOGS);
            }
            XDECREF(gln);
            XDECREF(lv);
            XDECREF(lname);
            XDECREF(lgname);
        } else {
            res = INCREF(NONE);
        }
    }
    XDECREF(w);
    DECREF(logger);
    return res;
}

static const MethodDef logsctx_methods[] = {
    {"__init__", logsctx_init, METH_FAST, NULL},
    {"__enter__", logsctx_enter, METH_FAST, NULL},
    {"__exit__", logsctx_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static int build_log_classes(void)
{
    if (logsctx_cls) return 0;
    Obj **roots[] = {&capture_cls, &watcher_cls, &logsctx_cls};
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) vm_static_roots(roots[i], 1);
    Obj *nt = import_attr("collections", "namedtuple");
    Obj *n = nt ? S("_LoggingWatcher") : NULL, *f = n ? S("records output") : NULL;
    watcher_cls = f ? obj_call(nt, (Obj *[]){n, f}, 2, NULL) : NULL;
    XDECREF(nt);
    XDECREF(n);
    XDECREF(f);
    Obj *handler = watcher_cls ? import_attr("logging", "Handler") : NULL;
    if (!handler) return -1;
    capture_cls = mk("unittest._log", "_CapturingHandler", handler, capture_methods);
    DECREF(handler);
    if (!capture_cls) return -1;
    logsctx_cls = mk("unittest._log", "_AssertLogsContext", NULL, logsctx_methods);
    return logsctx_cls ? 0 : -1;
}

static Obj *logs_assert(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, bool no_logs)
{
    static const char *const names[] = {"logger", "level"};
    Obj *v[2];
    BIND(no_logs ? "assertNoLogs" : "assertLogs", names, 2, 2, 0, v);
    if (build_log_classes() < 0) return NULL;
    Obj *a[4] = {self, v[0] ? v[0] : NONE, v[1] ? v[1] : NONE, no_logs ? TRUE_ : FALSE_};
    return obj_call(logsctx_cls, a, 4, NULL);
}
static Obj *tc_assert_logs(Obj *s, Obj *const *a, Ssize n, Obj *k) { return logs_assert(s, a, n, k, false); }
static Obj *tc_assert_no_logs(Obj *s, Obj *const *a, Ssize n, Obj *k) { return logs_assert(s, a, n, k, true); }

/* enterContext(cm): cm.__enter__() with cm.__exit__(None, None, None) as a cleanup. */
static Obj *enter_context(Obj *owner, Obj *cm, const char *adder)
{
    TypeObj *t = OBJ_TYPE(cm);
    Obj *enter = type_lookup(t, id_str("__enter__")), *exit = enter ? type_lookup(t, id_str("__exit__")) : NULL;
    if (!exit) {
        Obj *mod = ga((Obj *)t, "__module__"), *qn = mod ? ga((Obj *)t, "__qualname__") : NULL;
        if (qn)
            vm_err_format(&exc_TypeError, "'%S.%S' object does not support the context manager protocol", mod, qn);
        XDECREF(mod);
        XDECREF(qn);
        return NULL;
    }
    INCREF(exit);
    Obj *r = obj_call(enter, &cm, 1, NULL);
    if (r) {
        Obj *x = obj_call_method(owner, adder, (Obj *[]){exit, cm, NONE, NONE, NONE}, 5);
        if (x) DECREF(x);
        else CLEAR(r);
    }
    DECREF(exit);
    return r;
}

static Obj *tc_enter_context(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("enterContext", nargs, kw) < 0) return NULL;
    return enter_context(self, args[0], "addCleanup");
}

static Obj *tc_enter_class_context(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("enterClassContext", nargs, kw) < 0) return NULL;
    return enter_context(cls, args[0], "addClassCleanup");
}

/* ---- TestCase ------------------------------------------------------------------------------------- */

static Obj *tc_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"methodName"};
    Obj *v[1];
    BIND("__init__", names, 1, 1, 0, v);
    Obj *name = v[0] ? INCREF(v[0]) : S("runTest");
    if (sa(self, "_testMethodName", name) < 0 || sa(self, "_outcome", NONE) < 0 ||
        sa_steal(self, "_testMethodDoc", S("No test")) < 0)
        goto err;
    Obj *m = NULL;
    int found = obj_lookup_attr(self, name, &m);
    if (found < 0) goto err;
    if (!found) {
        if (!str_eq_cstr(name, "runTest")) {
            vm_err_format(&exc_ValueError, "no such test method in %S: %S", type_of(self), name);
            goto err;
        }
    } else {
        Obj *doc = gad(m, "__doc__", NONE);
        DECREF(m);
        if (sa_steal(self, "_testMethodDoc", doc) < 0) goto err;
    }
    DECREF(name);
    if (sa_steal(self, "_cleanups", list_new(0)) < 0 || sa(self, "_subtest", NONE) < 0 ||
        sa_steal(self, "_type_equality_funcs", dict_new()) < 0)
        return NULL;
    return INCREF(NONE);
err:
    DECREF(name);
    return NULL;
}

static Obj *tc_noop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("method", nargs, kw) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *tc_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("countTestCases", nargs, kw) < 0) return NULL;
    return int_from_i64(1);
}

static Obj *tc_default_result(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("defaultTestResult", nargs, kw) < 0) return NULL;
    return obj_call(result_cls, NULL, 0, NULL);
}

static Obj *tc_short_description(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("shortDescription", nargs, kw) < 0) return NULL;
    Obj *doc = ga(self, "_testMethodDoc");
    if (!doc) return NULL;
    int t = obj_is_true(doc);
    if (t <= 0) {
        DECREF(doc);
        return t < 0 ? NULL : INCREF(NONE);
    }
    Obj *s = obj_call_method(doc, "strip", NULL, 0);
    DECREF(doc);
    Obj *nl = s ? S("\n") : NULL;
    Obj *parts = nl ? obj_call_method(s, "split", &nl, 1) : NULL;
    XDECREF(s);
    XDECREF(nl);
    if (!parts) return NULL;
    Obj *r = obj_call_method(LIST_ITEMS(parts)[0], "strip", NULL, 0);
    DECREF(parts);
    return r;
}

/* fmt % (util.strclass(type(self)), x); steals x. */
static Obj *with_class(Obj *self, Obj *x, const char *fmt)
{
    Obj *c = x ? strclass(type_of(self)) : NULL;
    Obj *r = c ? str_from_fmt(fmt, c, x) : NULL;
    XDECREF(c);
    XDECREF(x);
    return r;
}

static Obj *tc_id(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("id", nargs, kw) < 0) return NULL;
    return with_class(self, ga(self, "_testMethodName"), "%S.%S");
}

static Obj *tc_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__str__", nargs, kw) < 0) return NULL;
    Obj *n = ga(self, "_testMethodName");
    Obj *id = n ? with_class(self, INCREF(n), "%S.%S") : NULL;
    Obj *r = id ? str_from_fmt("%S (%S)", n, id) : NULL;
    XDECREF(n);
    XDECREF(id);
    return r;
}

static Obj *tc_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    return with_class(self, ga(self, "_testMethodName"), "<%S testMethod=%S>");
}

static Obj *tc_eq(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__eq__", nargs, kw) < 0) return NULL;
    if (OBJ_TYPE(self) != OBJ_TYPE(args[0])) return INCREF(NOTIMPL);
    Obj *a = ga(self, "_testMethodName"), *b = a ? ga(args[0], "_testMethodName") : NULL;
    Obj *r = b ? obj_richcompare(a, b, CMP_EQ) : NULL;
    XDECREF(a);
    XDECREF(b);
    return r;
}

static Obj *tc_hash(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__hash__", nargs, kw) < 0) return NULL;
    Obj *n = ga(self, "_testMethodName");
    Obj *t = n ? tuple_pack(2, type_of(self), n) : NULL;
    XDECREF(n);
    if (!t) return NULL;
    Hash h = obj_hash(t);
    DECREF(t);
    if (h == -1 && vm_err_occurred()) return NULL;
    return int_from_i64(h);
}

static Obj *tc_skip_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"reason"};
    Obj *v[1];
    BIND("skipTest", names, 1, 1, 1, v);
    raise_with(skiptest_cls, v[0]);
    return NULL;
}

/* (function, args, kwargs) of addCleanup(function, /, *args, **kwargs). */
static Obj *cleanup_entry(const char *fname, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 1) {
        vm_err_format(&exc_TypeError, "%s() missing 1 required positional argument: 'function'", fname);
        return NULL;
    }
    Obj *pos = tuple_from_array(args + 1, nargs - 1);
    Obj *kwd = pos ? dict_new() : NULL;
    for (Ssize k = 0; kwd && k < mh_nkw(kw); k++)
        if (dict_set(kwd, TUPLE_ITEMS(kw)[k], args[nargs + k]) < 0) CLEAR(kwd);
    Obj *t = kwd ? tuple_pack(3, args[0], pos, kwd) : NULL;
    XDECREF(pos);
    XDECREF(kwd);
    return t;
}

static int append_attr(Obj *o, const char *name, Obj *item)   /* steals item */
{
    if (!item) return -1;
    Obj *l = ga(o, name);
    int r = l ? list_append(l, item) : -1;
    XDECREF(l);
    DECREF(item);
    return r;
}

static Obj *tc_add_cleanup(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return append_attr(self, "_cleanups", cleanup_entry("TestCase.addCleanup", args, nargs, kw)) < 0 ? NULL
                                                                                                  : INCREF(NONE);
}

static Obj *tc_add_class_cleanup(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    return append_attr(cls, "_class_cleanups", cleanup_entry("TestCase.addClassCleanup", args, nargs, kw)) < 0
               ? NULL
               : INCREF(NONE);
}

/* Pop and call the last cleanup of list attribute `name`: 1 called (*err_out set to the
 * exception it raised, or NULL), 0 none left, -1 error. */
static int pop_cleanup(Obj *o, const char *name, Obj **err_out)
{
    *err_out = NULL;
    Obj *via = NULL;   /* a test's cleanups run through self._callCleanup(function, *args, **kwargs) */
    if (!strcmp(name, "_cleanups") && !(via = ga(o, "_callCleanup"))) return -1;
    Obj *l = ga(o, name);
    if (!l) return -1;
    if (!LIST_CHECK(l) || !LIST_LEN(l)) {
        DECREF(l);
        return 0;
    }
    Obj *e = obj_call_method(l, "pop", NULL, 0);
    DECREF(l);
    if (!e || !TUPLE_CHECK(e) || TUPLE_LEN(e) != 3 || !TUPLE_CHECK(TUPLE_ITEMS(e)[1])) {
        if (e) vm_err_set_str(&exc_ValueError, "bad cleanup entry");
        XDECREF(e);
        XDECREF(via);
        return -1;
    }
    Obj *r;
    if (via) {
        Obj *fn = TUPLE_ITEMS(e)[0], *pos = TUPLE_ITEMS(e)[1];
        Obj *all = tuple_new(TUPLE_LEN(pos) + 1);
        if (all) {
            TUPLE_ITEMS(all)[0] = INCREF(fn);
            for (Ssize i = 0; i < TUPLE_LEN(pos); i++) TUPLE_ITEMS(all)[i + 1] = INCREF(TUPLE_ITEMS(pos)[i]);
        }
        r = all ? vm_call_ex(via, all, TUPLE_ITEMS(e)[2]) : NULL;
        XDECREF(all);
        DECREF(via);
    } else {
        r = vm_call_ex(TUPLE_ITEMS(e)[0], TUPLE_ITEMS(e)[1], TUPLE_ITEMS(e)[2]);
    }
    DECREF(e);
    if (r) DECREF(r);
    else *err_out = vm_err_fetch();
    return 1;
}

/* Run one part of a test (testPartExecutor): exc the exception the part raised (NULL: none). */
static int outcome_part(Obj *outcome, Obj *test_case, bool subtest, Obj *exc, int old_success);

static Obj *tc_do_cleanups(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("doCleanups", nargs, kw) < 0) return NULL;
    Obj *outcome = ga(self, "_outcome");
    if (!outcome) return NULL;
    if (outcome == NONE) {
        DECREF(outcome);
        outcome = obj_call(outcome_cls, NULL, 0, NULL);
        if (!outcome) return NULL;
    }
    for (;;) {
        Obj *err;
        int old = truth_attr(outcome, "success");
        int r = old < 0 ? -1 : pop_cleanup(self, "_cleanups", &err);
        if (r < 0) {
            DECREF(outcome);
            return NULL;
        }
        if (!r) break;
        if (set_bool(outcome, "success", true) < 0 || outcome_part(outcome, self, false, err, old) < 0) {
            XDECREF(err);
            DECREF(outcome);
            return NULL;
        }
        XDECREF(err);
    }
    Obj *s = ga(outcome, "success");
    DECREF(outcome);
    return s;
}

/* __init_subclass__: each test class gets its own _class_cleanups list and _classSetupFailed. */
static Obj *tc_init_subclass(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (nargs || mh_nkw(kw)) {
        vm_err_format(&exc_TypeError, "%s.__init_subclass__() takes no keyword arguments", type_name((TypeObj *)cls));
        return NULL;
    }
    if (set_bool(cls, "_classSetupFailed", false) < 0 || sa_steal(cls, "_class_cleanups", list_new(0)) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *tc_do_class_cleanups(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("doClassCleanups", nargs, kw) < 0) return NULL;
    Obj *excs = list_new(0);
    if (sa(cls, "tearDown_exceptions", excs) < 0) {
        XDECREF(excs);
        return NULL;
    }
    for (;;) {
        Obj *err;
        int r = pop_cleanup(cls, "_class_cleanups", &err);
        if (r < 0) {
            DECREF(excs);
            return NULL;
        }
        if (!r) break;
        if (err) {
            if (!type_is_subtype(OBJ_TYPE(err), &exc_Exception)) {
                vm_err_restore(err);
                DECREF(excs);
                return NULL;
            }
            if (append_attr(cls, "tearDown_exceptions", exc_info_of(err)) < 0) {
                DECREF(err);
                DECREF(excs);
                return NULL;
            }
            DECREF(err);
        }
    }
    DECREF(excs);
    return INCREF(NONE);
}

/* ---- _Outcome and TestCase.run -------------------------------------------------------------------- */

static Obj *outcome_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"result"};
    Obj *v[1];
    BIND("__init__", names, 1, 1, 0, v);
    Obj *result = v[0] ? v[0] : NONE;
    Obj *k = S("addSubTest"), *x = NULL;
    int has = k ? obj_lookup_attr(result, k, &x) : -1;
    XDECREF(k);
    XDECREF(x);
    if (has < 0 || set_bool(self, "expecting_failure", false) < 0 || sa(self, "result", result) < 0 ||
        set_bool(self, "result_supports_subtests", has) < 0 || set_bool(self, "success", true) < 0 ||
        sa(self, "expectedFailure", NONE) < 0)
        return NULL;
    return INCREF(NONE);
}

static int add_skip(Obj *result, Obj *test, Obj *reason)
{
    Obj *f = gad(result, "addSkip", NONE);
    if (!f) return -1;
    Obj *r = f != NONE ? obj_call(f, (Obj *[]){test, reason}, 2, NULL) : obj_call_method(result, "addSuccess", &test, 1);
    DECREF(f);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static int add_error(Obj *result, Obj *test, Obj *info)
{
    if (result == NONE) return 0;
    Obj *fe = ga(test, "failureException");
    if (!fe) return -1;
    int sub = obj_issubclass(TUPLE_ITEMS(info)[0], fe);
    DECREF(fe);
    if (sub < 0) return -1;
    return call_void(result, sub ? "addFailure" : "addError", (Obj *[]){test, info}, 2);
}

static int outcome_part(Obj *outcome, Obj *test_case, bool subtest, Obj *exc, int old_success)
{
    int rc = 0;
    Obj *result = ga(outcome, "result");
    if (!result) return -1;
    if (exc) {
        if (type_is_subtype(OBJ_TYPE(exc), &exc_KeyboardInterrupt)) {
            rc = -2;
        } else if (type_is_subtype(OBJ_TYPE(exc), (TypeObj *)skiptest_cls)) {
            Obj *why = obj_str(exc);
            rc = why && set_bool(outcome, "success", false) == 0 ? add_skip(result, test_case, why) : -1;
            XDECREF(why);
        } else if (type_is_subtype(OBJ_TYPE(exc), (TypeObj *)shouldstop_cls)) {
            /* nothing */
        } else {
            Obj *info = exc_info_of(exc);
            int ef = info ? truth_attr(outcome, "expecting_failure") : -1;
            if (ef < 0) rc = -1;
            else if (ef) rc = sa(outcome, "expectedFailure", info);
            else if (set_bool(outcome, "success", false) < 0) rc = -1;
            else if (subtest) {
                Obj *parent = ga(test_case, "test_case");
                rc = parent ? call_void(result, "addSubTest", (Obj *[]){parent, test_case, info}, 3) : -1;
                XDECREF(parent);
            } else {
                rc = add_error(result, test_case, info);
            }
            XDECREF(info);
        }
    } else if (subtest) {
        int s = truth_attr(outcome, "success");
        if (s < 0) rc = -1;
        else if (s) {
            Obj *parent = ga(test_case, "test_case");
            rc = parent ? call_void(result, "addSubTest", (Obj *[]){parent, test_case, NONE}, 3) : -1;
            XDECREF(parent);
        }
    }
    DECREF(result);
    /* finally: self.success = self.success and old_success */
    Obj *pending = rc == -1 ? vm_err_fetch() : NULL;
    int s = truth_attr(outcome, "success");
    if (s < 0 || set_bool(outcome, "success", s && old_success) < 0) {
        XDECREF(pending);
        if (rc == -2) vm_err_restore(INCREF(exc));
        return -1;
    }
    if (pending) vm_err_restore(pending);
    if (rc == -2) {
        vm_err_restore(INCREF(exc));
        return -1;
    }
    return rc;
}

/* with outcome.testPartExecutor(test): fn(*args) */
static int run_part(Obj *outcome, Obj *test, Obj *fn, Obj *const *args, Ssize nargs)
{
    int old = truth_attr(outcome, "success");
    if (old < 0 || set_bool(outcome, "success", true) < 0) return -1;
    Obj *r = obj_call(fn, args, nargs, NULL);
    Obj *exc = NULL;
    if (r) DECREF(r);
    else exc = vm_err_fetch();
    int rc = outcome_part(outcome, test, false, exc, old);
    XDECREF(exc);
    return rc;
}

static int run_part_method(Obj *outcome, Obj *test, const char *name)
{
    Obj *m = ga(test, name);
    if (!m) return -1;
    int rc = run_part(outcome, test, m, NULL, 0);
    DECREF(m);
    return rc;
}

/* getattr(cls, '__unittest_skip_why__', '') or getattr(method, '__unittest_skip_why__', '') */
static Obj *skip_why(Obj *cls, Obj *method)
{
    Obj *empty = S("");
    Obj *w = empty ? gad(cls, "__unittest_skip_why__", empty) : NULL;
    int t = w ? obj_is_true(w) : -1;
    if (t == 0) {
        DECREF(w);
        w = gad(method, "__unittest_skip_why__", empty);
    } else if (t < 0) {
        CLEAR(w);
    }
    XDECREF(empty);
    return w;
}

/* The hooks run() calls each part through (subclasses such as async test cases override them). */
static Obj *tc_call_set_up(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_callSetUp", nargs, kw) < 0) return NULL;
    return obj_call_method(self, "setUp", NULL, 0);
}

static Obj *tc_call_tear_down(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_callTearDown", nargs, kw) < 0) return NULL;
    return obj_call_method(self, "tearDown", NULL, 0);
}

static Obj *tc_call_test_method(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"method"};
    Obj *v[1];
    BIND("_callTestMethod", names, 1, 1, 1, v);
    Obj *r = obj_call(v[0], NULL, 0, NULL);
    if (!r) return NULL;
    DECREF(r);   /* CPython warns (DeprecationWarning) when it is not None */
    return INCREF(NONE);
}

static Obj *tc_call_cleanup(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "TestCase._callCleanup() missing 1 required positional argument: 'function'");
        return NULL;
    }
    return obj_call(args[0], args + 1, nargs - 1, kw);
}

static Obj *tc_run(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"result"};
    Obj *v[1];
    BIND("run", names, 1, 1, 0, v);
    Obj *result = v[0] && v[0] != NONE ? INCREF(v[0]) : NULL, *stop_run = NULL;
    if (!result) {
        result = obj_call_method(self, "defaultTestResult", NULL, 0);
        if (!result || call_if_exists(result, "startTestRun", NULL, 0) < 0) {
            XDECREF(result);
            return NULL;
        }
        stop_run = gad(result, "stopTestRun", NONE);
        if (!stop_run) {
            DECREF(result);
            return NULL;
        }
    }
    Obj *ret = NULL, *method = NULL, *outcome = NULL;
    bool started = false;
    Obj *name = ga(self, "_testMethodName");
    method = name ? obj_getattr(self, name) : NULL;
    XDECREF(name);
    if (!method) goto finally;
    int skip = truth_attr(type_of(self), "__unittest_skip__");
    if (skip == 0) skip = truth_attr(method, "__unittest_skip__");
    if (skip < 0) goto finally;
    if (skip) {
        Obj *why = skip_why(type_of(self), method);
        if (why && add_skip(result, self, why) == 0) ret = INCREF(result);
        XDECREF(why);
        goto finally;
    }
    if (call_void(result, "startTest", &self, 1) < 0) goto finally;
    started = true;
    int expecting = truth_attr(self, "__unittest_expecting_failure__");
    if (expecting == 0) expecting = truth_attr(method, "__unittest_expecting_failure__");
    if (expecting < 0) goto finally;
    outcome = obj_call(outcome_cls, &result, 1, NULL);
    if (!outcome) goto finally;
    double start = perf_now();
    if (sa(self, "_outcome", outcome) < 0) goto clear;
    if (run_part_method(outcome, self, "_callSetUp") < 0) goto clear;
    int ok = truth_attr(outcome, "success");
    if (ok < 0) goto clear;
    if (ok) {
        Obj *call_test = ga(self, "_callTestMethod");
        int bad = !call_test || set_bool(outcome, "expecting_failure", expecting) < 0 ||
                  run_part(outcome, self, call_test, &method, 1) < 0;
        XDECREF(call_test);
        if (bad || set_bool(outcome, "expecting_failure", false) < 0 ||
            run_part_method(outcome, self, "_callTearDown") < 0)
            goto clear;
    }
    if (call_void(self, "doCleanups", NULL, 0) < 0) goto clear;
    Obj *el = float_from_double(perf_now() - start);
    Obj *add_dur = el ? gad(result, "addDuration", NONE) : NULL;
    Obj *r = add_dur && add_dur != NONE ? obj_call(add_dur, (Obj *[]){self, el}, 2, NULL) : xincref(add_dur);
    XDECREF(el);
    XDECREF(add_dur);
    if (!r) goto clear;
    DECREF(r);
    ok = truth_attr(outcome, "success");
    if (ok < 0) goto clear;
    if (ok) {
        int rc;
        if (expecting) {
            Obj *ef = ga(outcome, "expectedFailure");
            if (!ef) goto clear;
            if (ef != NONE) rc = call_void(result, "addExpectedFailure", (Obj *[]){self, ef}, 2);
            else rc = call_void(result, "addUnexpectedSuccess", &self, 1);
            DECREF(ef);
        } else {
            rc = call_void(result, "addSuccess", &self, 1);
        }
        if (rc < 0) goto clear;
    }
    ret = INCREF(result);
clear: {
        Obj *pending = vm_err_occurred() ? vm_err_fetch() : NULL;
        if (sa(outcome, "expectedFailure", NONE) < 0 || sa(self, "_outcome", NONE) < 0) {
            XDECREF(pending);
            CLEAR(ret);
        } else if (pending) {
            vm_err_restore(pending);
        }
    }
finally: {
        Obj *pending = vm_err_occurred() ? vm_err_fetch() : NULL;
        int bad = 0;
        if (started && call_void(result, "stopTest", &self, 1) < 0) bad = 1;
        if (!bad && stop_run && stop_run != NONE) {
            Obj *x = obj_call(stop_run, NULL, 0, NULL);
            if (x) DECREF(x);
            else bad = 1;
        }
        if (bad) {
            XDECREF(pending);
            CLEAR(ret);
        } else if (pending) {
            vm_err_restore(pending);
        }
    }
    XDECREF(outcome);
    XDECREF(method);
    XDECREF(stop_run);
    DECREF(result);
    return ret;
}

static Obj *tc_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *m = ga(self, "run");
    Obj *r = m ? obj_call(m, args, nargs, kw) : NULL;
    XDECREF(m);
    return r;
}

static Obj *tc_debug(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("debug", nargs, kw) < 0) return NULL;
    Obj *name = ga(self, "_testMethodName");
    Obj *method = name ? obj_getattr(self, name) : NULL;
    XDECREF(name);
    if (!method) return NULL;
    int skip = truth_attr(type_of(self), "__unittest_skip__");
    if (skip == 0) skip = truth_attr(method, "__unittest_skip__");
    if (skip) {
        Obj *why = skip > 0 ? skip_why(type_of(self), method) : NULL;
        if (why) raise_with(skiptest_cls, why);
        XDECREF(why);
        DECREF(method);
        return NULL;
    }
    Obj *r = obj_call_method(self, "_callSetUp", NULL, 0);
    Obj *r2 = r ? obj_call_method(self, "_callTestMethod", &method, 1) : NULL;
    Obj *r3 = r2 ? obj_call_method(self, "_callTearDown", NULL, 0) : NULL;
    XDECREF(r);
    XDECREF(r2);
    DECREF(method);
    if (!r3) return NULL;
    DECREF(r3);
    for (;;) {
        Obj *err;
        int c = pop_cleanup(self, "_cleanups", &err);
        if (c < 0) return NULL;
        if (err) {
            vm_err_restore(err);
            return NULL;
        }
        if (!c) break;
    }
    return INCREF(NONE);
}

/* ---- subTest ------------------------------------------------------------------------------------------ */

static Obj *tc_sub_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "TestCase.subTest() takes from 1 to 2 positional arguments but %zd were given",
                      nargs + 1);
        return NULL;
    }
    Obj *msg = nargs ? args[0] : subtest_sentinel;
    Obj *params = dict_new();
    for (Ssize k = 0; params && k < mh_nkw(kw); k++) {
        if (str_eq_cstr(TUPLE_ITEMS(kw)[k], "msg") && !nargs) msg = args[nargs + k];
        else if (dict_set(params, TUPLE_ITEMS(kw)[k], args[nargs + k]) < 0) CLEAR(params);
    }
    if (!params) return NULL;
    Obj *ctx = obj_call(subctx_cls, NULL, 0, NULL);
    if (!ctx || sa(ctx, "test", self) < 0 || sa(ctx, "msg", msg) < 0 || sa(ctx, "params", params) < 0) CLEAR(ctx);
    DECREF(params);
    return ctx;
}

static Obj *subctx_enter(Obj *ctx, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__enter__", nargs, kw) < 0) return NULL;
    Obj *test = ga(ctx, "test"), *outcome = test ? ga(test, "_outcome") : NULL, *ret = NULL;
    Obj *parent = NULL, *params = NULL, *merged = NULL, *sub = NULL;
    if (!outcome) goto out;
    int sup = outcome == NONE ? 0 : truth_attr(outcome, "result_supports_subtests");
    if (sup < 0) goto out;
    if (!sup) {
        if (set_bool(ctx, "passthrough", true) == 0) ret = INCREF(NONE);
        goto out;
    }
    parent = ga(test, "_subtest");
    params = parent ? ga(ctx, "params") : NULL;
    merged = params ? dict_copy(params) : NULL;
    if (!merged) goto out;
    if (parent != NONE) {
        Obj *pp = ga(parent, "params");
        Ssize pos = 0;
        Obj *k, *v;
        while (pp && DICT_CHECK(pp) && dict_next(pp, &pos, &k, &v)) {
            int c = dict_contains(merged, k);
            if (c < 0 || (!c && dict_set(merged, k, v) < 0)) CLEAR(pp);
        }
        if (!pp) goto out;
        DECREF(pp);
    }
    Obj *msg = ga(ctx, "msg");
    sub = msg ? obj_call(subtest_cls, (Obj *[]){test, msg, merged}, 3, NULL) : NULL;
    XDECREF(msg);
    if (!sub) goto out;
    Obj *old = ga(outcome, "success");
    if (!old || set_bool(ctx, "passthrough", false) < 0 || sa(ctx, "parent", parent) < 0 ||
        sa(ctx, "old_success", old) < 0 || sa(ctx, "subtest", sub) < 0 || sa(test, "_subtest", sub) < 0 ||
        set_bool(outcome, "success", true) < 0) {
        XDECREF(old);
        goto out;
    }
    DECREF(old);
    ret = INCREF(NONE);
out:
    XDECREF(test);
    XDECREF(outcome);
    XDECREF(parent);
    XDECREF(params);
    XDECREF(merged);
    XDECREF(sub);
    return ret;
}

static Obj *subctx_exit(Obj *ctx, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("__exit__", "__exit__", nargs, kw, 3, 3) < 0) return NULL;
    int pass = truth_attr(ctx, "passthrough");
    if (pass) return pass < 0 ? NULL : INCREF(FALSE_);
    Obj *test = ga(ctx, "test"), *outcome = test ? ga(test, "_outcome") : NULL;
    Obj *sub = outcome ? ga(ctx, "subtest") : NULL;
    int old = sub ? truth_attr(ctx, "old_success") : -1;
    int rc = old < 0 ? -1 : outcome_part(outcome, sub, true, args[1] == NONE ? NULL : args[1], old);
    if (rc == 0) {
        int ok = truth_attr(outcome, "success");
        int stop = 0;
        if (ok < 0) rc = -1;
        else if (!ok) {
            Obj *res = ga(outcome, "result");
            if (!res) rc = -1;
            else if (res != NONE) stop = truth_attr(res, "failfast");
            XDECREF(res);
        } else {
            Obj *ef = ga(outcome, "expectedFailure");
            stop = ef ? obj_is_true(ef) : -1;
            XDECREF(ef);
        }
        if (stop < 0) rc = -1;
        else if (stop) {
            Obj *e = obj_call(shouldstop_cls, NULL, 0, NULL);
            if (e) {
                vm_err_raise(e, NULL);
                DECREF(e);
            }
            rc = -1;
        }
    }
    /* finally: self._subtest = parent */
    Obj *pending = vm_err_occurred() ? vm_err_fetch() : NULL;
    Obj *parent = test ? ga(ctx, "parent") : NULL;
    if (!parent || sa(test, "_subtest", parent) < 0) rc = -1, XDECREF(pending), pending = NULL;
    XDECREF(parent);
    if (pending) vm_err_restore(pending);
    XDECREF(test);
    XDECREF(outcome);
    XDECREF(sub);
    return rc < 0 ? NULL : INCREF(TRUE_);
}

static const MethodDef subctx_methods[] = {
    {"__enter__", subctx_enter, METH_FAST, NULL},
    {"__exit__", subctx_exit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* _SubTest */
static Obj *sub_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_SubTest", "_SubTest", nargs, kw, 3, 3) < 0) return NULL;
    Obj *r = tc_init(self, NULL, 0, NULL);
    if (!r) return NULL;
    DECREF(r);
    Obj *fe = ga(args[0], "failureException");
    if (sa(self, "_message", args[1]) < 0 || sa(self, "test_case", args[0]) < 0 || sa(self, "params", args[2]) < 0 ||
        sa_steal(self, "failureException", fe) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *sub_run_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kw;
    vm_err_set_str(&exc_NotImplementedError, "subtests cannot be run directly");
    return NULL;
}

static Obj *sub_description(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_subDescription", nargs, kw) < 0) return NULL;
    Obj *parts = list_new(0), *m = parts ? ga(self, "_message") : NULL, *p = m ? ga(self, "params") : NULL;
    Obj *res = NULL;
    if (!p) goto out;
    if (m != subtest_sentinel) {
        Obj *s = str_from_fmt("[%S]", m);
        if (!s || list_append(parts, s) < 0) {
            XDECREF(s);
            goto out;
        }
        DECREF(s);
    }
    if (DICT_CHECK(p) && dict_len(p)) {
        Obj *items = list_new(0);
        Ssize pos = 0;
        Obj *k, *v;
        while (items && dict_next(p, &pos, &k, &v)) {
            Obj *s = str_from_fmt("%S=%R", k, v);
            if (!s || list_append(items, s) < 0) CLEAR(items);
            XDECREF(s);
        }
        Obj *j = str_steal_join(", ", items);
        Obj *s = j ? str_from_fmt("(%S)", j) : NULL;
        XDECREF(j);
        if (!s || list_append(parts, s) < 0) {
            XDECREF(s);
            goto out;
        }
        DECREF(s);
    }
    if (LIST_LEN(parts)) res = str_steal_join(" ", INCREF(parts));
    else res = S("(<subtest>)");
out:
    XDECREF(parts);
    XDECREF(m);
    XDECREF(p);
    return res;
}

static Obj *sub_join(Obj *self, Obj *first)   /* "{} {}".format(first, self._subDescription()); steals first */
{
    Obj *d = first ? obj_call_method(self, "_subDescription", NULL, 0) : NULL;
    Obj *r = d ? str_from_fmt("%S %S", first, d) : NULL;
    XDECREF(first);
    XDECREF(d);
    return r;
}

static Obj *sub_id(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("id", nargs, kw) < 0) return NULL;
    Obj *tc = ga(self, "test_case");
    Obj *id = tc ? obj_call_method(tc, "id", NULL, 0) : NULL;
    XDECREF(tc);
    return sub_join(self, id);
}

static Obj *sub_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__str__", nargs, kw) < 0) return NULL;
    Obj *tc = ga(self, "test_case");
    Obj *s = tc ? obj_str(tc) : NULL;
    XDECREF(tc);
    return sub_join(self, s);
}

static Obj *sub_short_description(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("shortDescription", nargs, kw) < 0) return NULL;
    Obj *tc = ga(self, "test_case");
    Obj *r = tc ? obj_call_method(tc, "shortDescription", NULL, 0) : NULL;
    XDECREF(tc);
    return r;
}

static const MethodDef subtest_methods[] = {
    {"__init__", sub_init, METH_FAST, NULL},
    {"runTest", sub_run_test, METH_FAST, NULL},
    {"_subDescription", sub_description, METH_FAST, NULL},
    {"id", sub_id, METH_FAST, NULL},
    {"__str__", sub_str, METH_FAST, NULL},
    {"shortDescription", sub_short_description, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- skip decorators ---------------------------------------------------------------------------------- */

static Obj *skipdeco_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("decorator", nargs, kw) < 0) return NULL;
    Obj *item = args[0];
    Obj *why = ga(self, "reason");
    if (!why) return NULL;
    if (why == NONE) {   /* _id */
        DECREF(why);
        return INCREF(item);
    }
    int r = set_bool(item, "__unittest_skip__", true) < 0 || sa(item, "__unittest_skip_why__", why) < 0;
    DECREF(why);
    return r ? NULL : INCREF(item);
}

static const MethodDef skipdeco_methods[] = {
    {"__call__", skipdeco_call, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *make_skipdeco(Obj *reason)
{
    Obj *d = obj_call(skipdeco_cls, NULL, 0, NULL);
    if (d && sa(d, "reason", reason) < 0) CLEAR(d);
    return d;
}

static Obj *f_skip(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"reason"};
    Obj *v[1];
    if (mh_bind("skip", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (IS_TYPE(v[0], function_type)) {
        Obj *empty = S("");
        Obj *d = empty ? make_skipdeco(empty) : NULL;
        XDECREF(empty);
        Obj *r = d ? skipdeco_call(d, v, 1, NULL) : NULL;
        XDECREF(d);
        return r;
    }
    return make_skipdeco(v[0]);
}

static Obj *skip_cond(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, bool when)
{
    static const char *const names[] = {"condition", "reason"};
    Obj *v[2];
    if (mh_bind(fname, args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    int t = obj_is_true(v[0]);
    if (t < 0) return NULL;
    return make_skipdeco(t == when ? v[1] : NONE);
}
static Obj *f_skip_if(Obj *m, Obj *const *a, Ssize n, Obj *k)
{
    (void)m;
    return skip_cond("skipIf", a, n, k, true);
}
static Obj *f_skip_unless(Obj *m, Obj *const *a, Ssize n, Obj *k)
{
    (void)m;
    return skip_cond("skipUnless", a, n, k, false);
}

static Obj *f_expected_failure(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    static const char *const names[] = {"test_item"};
    Obj *v[1];
    if (mh_bind("expectedFailure", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (set_bool(v[0], "__unittest_expecting_failure__", true) < 0) return NULL;
    return INCREF(v[0]);
}

/* ---- TestResult --------------------------------------------------------------------------------------- */

static Obj *res_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"stream", "descriptions", "verbosity"};
    Obj *v[3];
    BIND("__init__", names, 3, 3, 0, v);
    static const char *const lists[] = {"failures", "errors", "skipped", "expectedFailures", "unexpectedSuccesses",
                                        "collectedDurations"};
    if (set_bool(self, "failfast", false) < 0) return NULL;
    for (int i = 0; i < 6; i++)
        if (sa_steal(self, lists[i], list_new(0)) < 0) return NULL;
    if (sa_steal(self, "testsRun", int_from_i64(0)) < 0 || set_bool(self, "shouldStop", false) < 0 ||
        set_bool(self, "buffer", false) < 0 || set_bool(self, "tb_locals", false) < 0 ||
        sa(self, "_stdout_buffer", NONE) < 0 || sa(self, "_stderr_buffer", NONE) < 0 ||
        sa(self, "_original_stdout", sys_get_borrow("stdout")) < 0 ||
        sa(self, "_original_stderr", sys_get_borrow("stderr")) < 0 || set_bool(self, "_mirrorOutput", false) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *res_noop1(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (args_count("method", nargs, 0, 1) < 0 || mh_no_args("method", 0, kw) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *sys_module(void)
{
    Obj *mods = sys_get_borrow("modules");
    Obj *m = mods ? dict_get_str_borrow(mods, "sys") : NULL;
    if (!m && !vm_err_occurred()) vm_err_set_str(&exc_RuntimeError, "lost sys");
    return m ? INCREF(m) : NULL;
}

/* sys.stdout/stderr swapping of buffer=True (_setupStdout / _restoreStdout). */
static Obj *res_setup_stdout(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_setupStdout", nargs, kw) < 0) return NULL;
    int b = truth_attr(self, "buffer");
    if (b <= 0) return b < 0 ? NULL : INCREF(NONE);
    Obj *eb = ga(self, "_stderr_buffer");
    if (!eb) return NULL;
    if (eb == NONE) {
        Obj *sio = import_attr("io", "StringIO");
        Obj *a = sio ? obj_call(sio, NULL, 0, NULL) : NULL, *o = a ? obj_call(sio, NULL, 0, NULL) : NULL;
        XDECREF(sio);
        int r = o && sa(self, "_stderr_buffer", a) == 0 && sa(self, "_stdout_buffer", o) == 0 ? 0 : -1;
        XDECREF(a);
        XDECREF(o);
        if (r < 0) {
            DECREF(eb);
            return NULL;
        }
    }
    DECREF(eb);
    Obj *ob = ga(self, "_stdout_buffer"), *e2 = ob ? ga(self, "_stderr_buffer") : NULL;
    Obj *sys = e2 ? sys_module() : NULL;
    int r = sys && sa(sys, "stdout", ob) == 0 && sa(sys, "stderr", e2) == 0 ? 0 : -1;
    XDECREF(ob);
    XDECREF(e2);
    XDECREF(sys);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *res_restore_stdout(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_restoreStdout", nargs, kw) < 0) return NULL;
    int b = truth_attr(self, "buffer");
    if (b <= 0) return b < 0 ? NULL : INCREF(NONE);
    Obj *sys = sys_module();
    if (!sys) return NULL;
    int mirror = truth_attr(self, "_mirrorOutput");
    if (mirror < 0) goto err;
    if (mirror) {
        static const char *const cur[] = {"stdout", "stderr"}, *const orig[] = {"_original_stdout", "_original_stderr"};
        static const char *const fmts[] = {"\nStdout:\n%S", "\nStderr:\n%S"};
        for (int i = 0; i < 2; i++) {
            Obj *s = ga(sys, cur[i]);
            Obj *out = s ? obj_call_method(s, "getvalue", NULL, 0) : NULL;
            XDECREF(s);
            if (!out) goto err;
            if (VAR_SIZE(out)) {
                if (str_char(out, VAR_SIZE(out) - 1) != '\n') {
                    Obj *o2 = str_from_fmt("%S\n", out);
                    DECREF(out);
                    if (!(out = o2)) goto err;
                }
                Obj *line = str_from_fmt(fmts[i], out);
                Obj *dst = line ? ga(self, orig[i]) : NULL;
                int r = dst ? call_void(dst, "write", &line, 1) : -1;
                XDECREF(line);
                XDECREF(dst);
                if (r < 0) {
                    DECREF(out);
                    goto err;
                }
            }
            DECREF(out);
        }
    }
    Obj *o1 = ga(self, "_original_stdout"), *o2 = o1 ? ga(self, "_original_stderr") : NULL;
    int r = o2 && sa(sys, "stdout", o1) == 0 && sa(sys, "stderr", o2) == 0 ? 0 : -1;
    XDECREF(o1);
    XDECREF(o2);
    if (r < 0) goto err;
    static const char *const bufs[] = {"_stdout_buffer", "_stderr_buffer"};
    for (int i = 0; i < 2; i++) {
        Obj *bf = ga(self, bufs[i]);
        if (!bf) goto err;
        if (bf != NONE) {
            Obj *zero = int_from_i64(0);
            int rr = zero ? call_void(bf, "seek", &zero, 1) : -1;
            XDECREF(zero);
            if (rr == 0) rr = call_void(bf, "truncate", NULL, 0);
            if (rr < 0) {
                DECREF(bf);
                goto err;
            }
        }
        DECREF(bf);
    }
    DECREF(sys);
    return INCREF(NONE);
err:
    DECREF(sys);
    return NULL;
}

static Obj *res_start_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("startTest", nargs, kw) < 0) return NULL;
    (void)args;
    Obj *n = ga(self, "testsRun");
    Obj *one = n ? int_from_i64(1) : NULL;
    Obj *n2 = one ? num_binary(n, one, NB_INPLACE_ADD) : NULL;
    XDECREF(n);
    XDECREF(one);
    if (sa_steal(self, "testsRun", n2) < 0 || set_bool(self, "_mirrorOutput", false) < 0 ||
        call_void(self, "_setupStdout", NULL, 0) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *res_stop_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("stopTest", nargs, kw) < 0) return NULL;
    (void)args;
    if (call_void(self, "_restoreStdout", NULL, 0) < 0 || set_bool(self, "_mirrorOutput", false) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *exc_info_to_string(Obj *self, Obj *err)
{
    if (!TUPLE_CHECK(err) || TUPLE_LEN(err) != 3) {
        vm_err_set_str(&exc_TypeError, "cannot unpack exc_info");
        return NULL;
    }
    Obj *value = TUPLE_ITEMS(err)[1], *tb = TUPLE_ITEMS(err)[2];
    Obj *chunks;
    if (EXC_CHECK(value)) {
        TbFormatOpts o = {.chain = true, .tb = tb};
        chunks = traceback_format_chunks(value, &o);
    } else {
        Obj *s = str_from_fmt("%T: %S\n", value, value);
        chunks = s ? list_from_array(&s, 1) : NULL;
        XDECREF(s);
    }
    if (!chunks) return NULL;
    int b = truth_attr(self, "buffer");
    if (b > 0) {
        static const char *const cur[] = {"stdout", "stderr"}, *const fmts[] = {"\nStdout:\n%S", "\nStderr:\n%S"};
        for (int i = 0; i < 2 && b > 0; i++) {
            Obj *s = sys_get_borrow(cur[i]);
            Obj *out = s ? obj_call_method(s, "getvalue", NULL, 0) : NULL;
            if (!out) {
                b = -1;
                break;
            }
            if (VAR_SIZE(out)) {
                Obj *line = str_char(out, VAR_SIZE(out) - 1) == '\n' ? str_from_fmt(fmts[i], out) : NULL;
                if (!line) {
                    Obj *o2 = str_from_fmt("%S\n", out);
                    line = o2 ? str_from_fmt(fmts[i], o2) : NULL;
                    XDECREF(o2);
                }
                if (!line || list_append(chunks, line) < 0) b = -1;
                XDECREF(line);
            }
            DECREF(out);
        }
    }
    if (b < 0) {
        DECREF(chunks);
        return NULL;
    }
    return str_steal_join("", chunks);
}

static Obj *res_exc_info_to_string(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_exc_info_to_string", "_exc_info_to_string", nargs, kw, 2, 2) < 0) return NULL;
    return exc_info_to_string(self, args[0]);
}

static int failfast_check(Obj *self)
{
    int ff = truth_attr(self, "failfast");
    if (ff <= 0) return ff;
    return call_void(self, "stop", NULL, 0);
}

/* self.<list>.append((test, self._exc_info_to_string(err, test))) */
static int append_formatted(Obj *self, const char *list, Obj *test, Obj *err)
{
    Obj *s = obj_call_method(self, "_exc_info_to_string", (Obj *[]){err, test}, 2);
    Obj *t = s ? tuple_pack(2, test, s) : NULL;
    XDECREF(s);
    return append_attr(self, list, t);
}

static Obj *res_add_err_or_fail(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, const char *list)
{
    if (mh_pos_args(list, list, nargs, kw, 2, 2) < 0) return NULL;
    if (failfast_check(self) < 0 || append_formatted(self, list, args[0], args[1]) < 0 ||
        set_bool(self, "_mirrorOutput", true) < 0)
        return NULL;
    return INCREF(NONE);
}
static Obj *res_add_error(Obj *s, Obj *const *a, Ssize n, Obj *k) { return res_add_err_or_fail(s, a, n, k, "errors"); }
static Obj *res_add_failure(Obj *s, Obj *const *a, Ssize n, Obj *k)
{
    return res_add_err_or_fail(s, a, n, k, "failures");
}

static Obj *res_add_sub_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("addSubTest", "addSubTest", nargs, kw, 3, 3) < 0) return NULL;
    Obj *err = args[2];
    if (err == NONE) return INCREF(NONE);
    if (failfast_check(self) < 0) return NULL;
    Obj *fe = ga(args[0], "failureException");
    Obj *et = fe && TUPLE_CHECK(err) && TUPLE_LEN(err) == 3 ? TUPLE_ITEMS(err)[0] : NULL;
    int sub = et ? obj_issubclass(et, fe) : -1;
    XDECREF(fe);
    if (sub < 0) {
        if (!vm_err_occurred()) vm_err_set_str(&exc_TypeError, "bad exc_info");
        return NULL;
    }
    Obj *s = obj_call_method(self, "_exc_info_to_string", (Obj *[]){err, args[0]}, 2);
    Obj *t = s ? tuple_pack(2, args[1], s) : NULL;
    XDECREF(s);
    if (append_attr(self, sub ? "failures" : "errors", t) < 0 || set_bool(self, "_mirrorOutput", true) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *res_add_success(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_pos_args("addSuccess", "addSuccess", nargs, kw, 1, 1) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *res_add_skip(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("addSkip", "addSkip", nargs, kw, 2, 2) < 0) return NULL;
    return append_attr(self, "skipped", tuple_from_array(args, 2)) < 0 ? NULL : INCREF(NONE);
}

static Obj *res_add_expected_failure(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("addExpectedFailure", "addExpectedFailure", nargs, kw, 2, 2) < 0) return NULL;
    return append_formatted(self, "expectedFailures", args[0], args[1]) < 0 ? NULL : INCREF(NONE);
}

static Obj *res_add_unexpected_success(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("addUnexpectedSuccess", "addUnexpectedSuccess", nargs, kw, 1, 1) < 0) return NULL;
    if (failfast_check(self) < 0) return NULL;
    return append_attr(self, "unexpectedSuccesses", INCREF(args[0])) < 0 ? NULL : INCREF(NONE);
}

static Obj *res_add_duration(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("addDuration", "addDuration", nargs, kw, 2, 2) < 0) return NULL;
    Obj *l = gad(self, "collectedDurations", NULL);
    if (!l) return vm_err_occurred() ? NULL : INCREF(NONE);
    Obj *s = obj_str(args[0]);
    Obj *t = s ? tuple_pack(2, s, args[1]) : NULL;
    int r = t ? list_append(l, t) : -1;
    XDECREF(s);
    XDECREF(t);
    DECREF(l);
    return r < 0 ? NULL : INCREF(NONE);
}

static Ssize len_attr(Obj *o, const char *name)
{
    Obj *l = ga(o, name);
    Ssize n = l ? obj_length(l) : -1;
    XDECREF(l);
    return n;
}

static Obj *res_was_successful(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("wasSuccessful", nargs, kw) < 0) return NULL;
    Ssize f = len_attr(self, "failures"), e = f < 0 ? -1 : len_attr(self, "errors");
    if (e < 0) return NULL;
    if (f || e) return INCREF(FALSE_);
    Obj *u = gad(self, "unexpectedSuccesses", NULL);
    if (!u) return vm_err_occurred() ? NULL : INCREF(TRUE_);
    Ssize n = obj_length(u);
    DECREF(u);
    return n < 0 ? NULL : bool_from(n == 0);
}

static Obj *res_stop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("stop", nargs, kw) < 0) return NULL;
    return set_bool(self, "shouldStop", true) < 0 ? NULL : INCREF(NONE);
}

static Obj *res_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *c = strclass(type_of(self)), *n = c ? ga(self, "testsRun") : NULL;
    Ssize e = n ? len_attr(self, "errors") : -1, f = e < 0 ? -1 : len_attr(self, "failures");
    Obj *r = f >= 0 ? str_from_fmt("<%S run=%S errors=%zd failures=%zd>", c, n, e, f) : NULL;
    XDECREF(c);
    XDECREF(n);
    return r;
}

static const MethodDef result_methods[] = {
    {"__init__", res_init, METH_FAST, NULL},
    {"printErrors", res_noop1, METH_FAST, NULL},
    {"startTest", res_start_test, METH_FAST, NULL},
    {"_setupStdout", res_setup_stdout, METH_FAST, NULL},
    {"startTestRun", res_noop1, METH_FAST, NULL},
    {"stopTest", res_stop_test, METH_FAST, NULL},
    {"_restoreStdout", res_restore_stdout, METH_FAST, NULL},
    {"stopTestRun", res_noop1, METH_FAST, NULL},
    {"addError", res_add_error, METH_FAST, NULL},
    {"addFailure", res_add_failure, METH_FAST, NULL},
    {"addSubTest", res_add_sub_test, METH_FAST, NULL},
    {"addSuccess", res_add_success, METH_FAST, NULL},
    {"addSkip", res_add_skip, METH_FAST, NULL},
    {"addExpectedFailure", res_add_expected_failure, METH_FAST, NULL},
    {"addUnexpectedSuccess", res_add_unexpected_success, METH_FAST, NULL},
    {"addDuration", res_add_duration, METH_FAST, NULL},
    {"wasSuccessful", res_was_successful, METH_FAST, NULL},
    {"stop", res_stop, METH_FAST, NULL},
    {"_exc_info_to_string", res_exc_info_to_string, METH_FAST, NULL},
    {"__repr__", res_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- runner.py: _WritelnDecorator, TextTestResult, TextTestRunner ----------------------------------- */

static Obj *wd_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_WritelnDecorator", "_WritelnDecorator", nargs, kw, 1, 1) < 0) return NULL;
    return sa(self, "stream", args[0]) < 0 ? NULL : INCREF(NONE);
}

static Obj *wd_getattr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__getattr__", nargs, kw) < 0) return NULL;
    if (STR_CHECK(args[0]) && (str_eq_cstr(args[0], "stream") || str_eq_cstr(args[0], "__getstate__"))) {
        vm_err_set_obj(&exc_AttributeError, args[0]);
        return NULL;
    }
    Obj *s = ga(self, "stream");
    Obj *r = s ? obj_getattr(s, args[0]) : NULL;
    XDECREF(s);
    return r;
}

static Obj *wd_writeln(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"arg"};
    Obj *v[1];
    BIND("writeln", names, 1, 1, 0, v);
    int t = v[0] ? obj_is_true(v[0]) : 0;
    if (t < 0 || (t && call_void(self, "write", v, 1) < 0)) return NULL;
    Obj *nl = S("\n");
    int r = nl ? call_void(self, "write", &nl, 1) : -1;
    XDECREF(nl);
    return r < 0 ? NULL : INCREF(NONE);
}

static const MethodDef writeln_methods[] = {
    {"__init__", wd_init, METH_FAST, NULL},
    {"__getattr__", wd_getattr, METH_FAST, NULL},
    {"writeln", wd_writeln, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* self.stream.write(text) / writeln(text) / flush(); text NULL for writeln() */
static int sw(Obj *self, const char *meth, Obj *text)
{
    Obj *st = ga(self, "stream");
    if (!st) return -1;
    int r = call_void(st, meth, &text, text ? 1 : 0);
    DECREF(st);
    return r;
}
static int sw_c(Obj *self, const char *meth, const char *text)
{
    Obj *t = text ? S(text) : NULL;
    if (text && !t) return -1;
    int r = sw(self, meth, t);
    XDECREF(t);
    return r;
}

static Obj *tr_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"stream", "descriptions", "verbosity", "durations"};
    Obj *v[4];
    if (mh_bind_m("__init__", args, nargs, kw, names, 4, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *r = res_init(self, v, 3, NULL);
    if (!r) return NULL;
    DECREF(r);
    Obj *two = int_from_i64(2), *one = int_from_i64(1);
    int gt = two && one ? obj_richcompare_bool(v[2], one, CMP_GT) : -1;
    int eq = gt >= 0 ? obj_richcompare_bool(v[2], one, CMP_EQ) : -1;
    XDECREF(two);
    XDECREF(one);
    if (eq < 0 || sa(self, "stream", v[0]) < 0 || set_bool(self, "showAll", gt) < 0 || set_bool(self, "dots", eq) < 0 ||
        sa(self, "descriptions", v[1]) < 0 || set_bool(self, "_newline", true) < 0 ||
        sa(self, "durations", v[3] ? v[3] : NONE) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *tr_get_description(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("getDescription", nargs, kw) < 0) return NULL;
    Obj *doc = obj_call_method(args[0], "shortDescription", NULL, 0);
    if (!doc) return NULL;
    int d = truth_attr(self, "descriptions");
    int t = d > 0 ? obj_is_true(doc) : d;
    Obj *s = t >= 0 ? obj_str(args[0]) : NULL;
    Obj *r = s && t ? str_from_fmt("%S\n%S", s, doc) : xincref(s);
    XDECREF(s);
    DECREF(doc);
    return r;
}

static int write_description(Obj *self, Obj *test)
{
    Obj *d = obj_call_method(self, "getDescription", &test, 1);
    int r = d ? sw(self, "write", d) : -1;
    XDECREF(d);
    return r;
}

static Obj *super_call(Obj *self, Obj *cls, const char *name, Obj *const *args, Ssize nargs)
{
    /* super(cls, self).name(*args) through the MRO after cls */
    Obj *key = str_intern_cstr(name);
    int is_method = 0;
    Obj *f = key ? super_lookup((TypeObj *)cls, self, key, &is_method) : NULL;
    XDECREF(key);
    if (!f) return NULL;
    Obj *r;
    if (is_method) {
        Obj *all[8];
        all[0] = self;
        for (Ssize i = 0; i < nargs && i < 7; i++) all[i + 1] = args[i];
        r = obj_call(f, all, nargs + 1, NULL);
    } else {
        r = obj_call(f, args, nargs, NULL);
    }
    DECREF(f);
    return r;
}

static int super_void(Obj *self, const char *name, Obj *const *args, Ssize nargs)
{
    Obj *r = super_call(self, textresult_cls, name, args, nargs);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static Obj *tr_start_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("startTest", nargs, kw) < 0 || super_void(self, "startTest", args, 1) < 0) return NULL;
    int all = truth_attr(self, "showAll");
    if (all < 0) return NULL;
    if (all && (write_description(self, args[0]) < 0 || sw_c(self, "write", " ... ") < 0 ||
                sw_c(self, "flush", NULL) < 0 || set_bool(self, "_newline", false) < 0))
        return NULL;
    return INCREF(NONE);
}

static int write_status(Obj *self, Obj *test, Obj *status)
{
    int is_sub = isinst(test, subtest_cls);
    int nl = is_sub < 0 ? -1 : truth_attr(self, "_newline");
    if (nl < 0) return -1;
    if (is_sub || nl) {
        if (!nl && sw(self, "writeln", NULL) < 0) return -1;
        if (is_sub && sw_c(self, "write", "  ") < 0) return -1;
        if (write_description(self, test) < 0 || sw_c(self, "write", " ... ") < 0) return -1;
    }
    if (sw(self, "writeln", status) < 0 || sw_c(self, "flush", NULL) < 0) return -1;
    return set_bool(self, "_newline", true);
}

static int write_status_c(Obj *self, Obj *test, const char *status)
{
    Obj *s = S(status);
    int r = s ? write_status(self, test, s) : -1;
    XDECREF(s);
    return r;
}

/* Verbose: status (write_status, or writeln when plain); dots: the character. */
static Obj *tr_report(Obj *self, Obj *test, const char *status, const char *dot, bool plain)
{
    int all = truth_attr(self, "showAll");
    if (all < 0) return NULL;
    if (all) {
        if ((plain ? sw_c(self, "writeln", status) : write_status_c(self, test, status)) < 0) return NULL;
        if (plain && sw_c(self, "flush", NULL) < 0) return NULL;
        return INCREF(NONE);
    }
    int dots = truth_attr(self, "dots");
    if (dots < 0) return NULL;
    if (dots && (sw_c(self, "write", dot) < 0 || sw_c(self, "flush", NULL) < 0)) return NULL;
    return INCREF(NONE);
}

static Obj *tr_add_sub_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("addSubTest", "addSubTest", nargs, kw, 3, 3) < 0) return NULL;
    if (args[2] != NONE) {
        Obj *fe = ga(args[1], "failureException");
        Obj *et = fe && TUPLE_CHECK(args[2]) && TUPLE_LEN(args[2]) ? TUPLE_ITEMS(args[2])[0] : NULL;
        int sub = et ? obj_issubclass(et, fe) : -1;
        XDECREF(fe);
        if (sub < 0) {
            if (!vm_err_occurred()) vm_err_set_str(&exc_TypeError, "bad exc_info");
            return NULL;
        }
        Obj *r = tr_report(self, args[1], sub ? "FAIL" : "ERROR", sub ? "F" : "E", false);
        if (!r) return NULL;
        DECREF(r);
    }
    return super_void(self, "addSubTest", args, 3) < 0 ? NULL : INCREF(NONE);
}

#define TR_ADD(cname, pyname, n, status, dot, plain)                                     \
    static Obj *cname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)                  \
    {                                                                                     \
        if (mh_pos_args(pyname, pyname, nargs, kw, n, n) < 0) return NULL;                \
        if (super_void(self, pyname, args, n) < 0) return NULL;                           \
        return tr_report(self, args[0], status, dot, plain);                              \
    }
TR_ADD(tr_add_success, "addSuccess", 1, "ok", ".", false)
TR_ADD(tr_add_error, "addError", 2, "ERROR", "E", false)
TR_ADD(tr_add_failure, "addFailure", 2, "FAIL", "F", false)
TR_ADD(tr_add_expected_failure, "addExpectedFailure", 2, "expected failure", "x", true)
TR_ADD(tr_add_unexpected_success, "addUnexpectedSuccess", 1, "unexpected success", "u", true)

static Obj *tr_add_skip(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("addSkip", "addSkip", nargs, kw, 2, 2) < 0) return NULL;
    if (super_void(self, "addSkip", args, 2) < 0) return NULL;
    int all = truth_attr(self, "showAll");
    if (all < 0) return NULL;
    if (all) {
        Obj *st = str_from_fmt("skipped %R", args[1]);
        int r = st ? write_status(self, args[0], st) : -1;
        XDECREF(st);
        return r < 0 ? NULL : INCREF(NONE);
    }
    return tr_report(self, args[0], "", "s", false);
}

static int print_error_list(Obj *self, const char *flavour, Obj *errors)
{
    Obj *it = obj_getiter(errors), *pair;
    if (!it) return -1;
    while ((pair = obj_iternext(it))) {
        int ok = TUPLE_CHECK(pair) && TUPLE_LEN(pair) == 2;
        Obj *d = ok ? obj_call_method(self, "getDescription", &TUPLE_ITEMS(pair)[0], 1) : NULL;
        Obj *head = d ? str_from_fmt("%s: %S", flavour, d) : NULL;
        Obj *err = head ? obj_str(TUPLE_ITEMS(pair)[1]) : NULL;
        int r = err && sw_c(self, "writeln", "======================================================================") == 0 &&
                        sw(self, "writeln", head) == 0 &&
                        sw_c(self, "writeln", "----------------------------------------------------------------------") == 0 &&
                        sw(self, "writeln", err) == 0 && sw_c(self, "flush", NULL) == 0
                    ? 0
                    : -1;
        if (!ok && !vm_err_occurred()) vm_err_set_str(&exc_ValueError, "too many values to unpack (expected 2)");
        XDECREF(d);
        XDECREF(head);
        XDECREF(err);
        DECREF(pair);
        if (r < 0) {
            DECREF(it);
            return -1;
        }
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 0;
}

static Obj *tr_print_errors(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("printErrors", nargs, kw) < 0) return NULL;
    int dots = truth_attr(self, "dots"), all = dots < 0 ? -1 : truth_attr(self, "showAll");
    if (all < 0) return NULL;
    if ((dots || all) && (sw(self, "writeln", NULL) < 0 || sw_c(self, "flush", NULL) < 0)) return NULL;
    Obj *errs = ga(self, "errors");
    int r = errs ? print_error_list(self, "ERROR", errs) : -1;
    XDECREF(errs);
    if (r < 0) return NULL;
    Obj *fails = ga(self, "failures");
    r = fails ? print_error_list(self, "FAIL", fails) : -1;
    XDECREF(fails);
    if (r < 0) return NULL;
    Obj *us = gad(self, "unexpectedSuccesses", NULL);
    if (!us) return vm_err_occurred() ? NULL : INCREF(NONE);
    int t = obj_is_true(us);
    if (t > 0) {
        if (sw_c(self, "writeln", "======================================================================") < 0) t = -1;
        Obj *it = t > 0 ? obj_getiter(us) : NULL, *test;
        while (it && (test = obj_iternext(it))) {
            Obj *d = obj_call_method(self, "getDescription", &test, 1);
            Obj *line = d ? str_from_fmt("UNEXPECTED SUCCESS: %S", d) : NULL;
            if (!line || sw(self, "writeln", line) < 0) t = -1;
            XDECREF(d);
            XDECREF(line);
            DECREF(test);
            if (t < 0) break;
        }
        XDECREF(it);
        if (vm_err_occurred() || (t > 0 && sw_c(self, "flush", NULL) < 0)) t = -1;
    }
    DECREF(us);
    return t < 0 ? NULL : INCREF(NONE);
}

static const MethodDef textresult_methods[] = {
    {"__init__", tr_init, METH_FAST, NULL},
    {"getDescription", tr_get_description, METH_FAST, NULL},
    {"startTest", tr_start_test, METH_FAST, NULL},
    {"addSubTest", tr_add_sub_test, METH_FAST, NULL},
    {"addSuccess", tr_add_success, METH_FAST, NULL},
    {"addError", tr_add_error, METH_FAST, NULL},
    {"addFailure", tr_add_failure, METH_FAST, NULL},
    {"addSkip", tr_add_skip, METH_FAST, NULL},
    {"addExpectedFailure", tr_add_expected_failure, METH_FAST, NULL},
    {"addUnexpectedSuccess", tr_add_unexpected_success, METH_FAST, NULL},
    {"printErrors", tr_print_errors, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *runner_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"stream", "descriptions", "verbosity", "failfast", "buffer", "resultclass",
                                        "warnings", "tb_locals", "durations"};
    Obj *v[9];
    if (mh_bind_m("__init__", args, nargs, kw, names, 9, 7, 0, 0, 0, v) < 0) return NULL;
    Obj *stream = v[0] && v[0] != NONE ? INCREF(v[0]) : xincref(sys_get_borrow("stderr"));
    if (!stream) {
        vm_err_set_str(&exc_RuntimeError, "lost sys.stderr");
        return NULL;
    }
    Obj *wd = obj_call(writeln_cls, &stream, 1, NULL);
    DECREF(stream);
    Obj *one = int_from_i64(1);
    int r = sa_steal(self, "stream", wd) < 0 || !one ||
            sa(self, "descriptions", v[1] ? v[1] : TRUE_) < 0 || sa(self, "verbosity", v[2] ? v[2] : one) < 0 ||
            sa(self, "failfast", v[3] ? v[3] : FALSE_) < 0 || sa(self, "buffer", v[4] ? v[4] : FALSE_) < 0 ||
            sa(self, "tb_locals", v[7] ? v[7] : FALSE_) < 0 || sa(self, "durations", v[8] ? v[8] : NONE) < 0 ||
            sa(self, "warnings", v[6] ? v[6] : NONE) < 0 ||
            (v[5] && v[5] != NONE && sa(self, "resultclass", v[5]) < 0);
    XDECREF(one);
    return r ? NULL : INCREF(NONE);
}

static Obj *runner_make_result(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_makeResult", nargs, kw) < 0) return NULL;
    Obj *rc = ga(self, "resultclass"), *st = rc ? ga(self, "stream") : NULL;
    Obj *de = st ? ga(self, "descriptions") : NULL, *vb = de ? ga(self, "verbosity") : NULL;
    Obj *du = vb ? ga(self, "durations") : NULL, *r = NULL;
    if (du) {
        Obj *kn = tuple_pack(1, id_str("durations"));
        Obj *a[4] = {st, de, vb, du};
        r = kn ? obj_call(rc, a, 3, kn) : NULL;
        XDECREF(kn);
        if (!r && vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            r = obj_call(rc, a, 3, NULL);
        }
    }
    XDECREF(rc);
    XDECREF(st);
    XDECREF(de);
    XDECREF(vb);
    XDECREF(du);
    return r;
}

/* warnings.catch_warnings() entered, and simplefilter(w) when w is true; NULL on error. */
static Obj *enter_warnings(Obj *w)
{
    Obj *cw = warnings_attr("catch_warnings");
    Obj *mgr = cw ? obj_call(cw, NULL, 0, NULL) : NULL;
    XDECREF(cw);
    Obj *e = mgr ? obj_call_method(mgr, "__enter__", NULL, 0) : NULL;
    if (!e) {
        XDECREF(mgr);
        return NULL;
    }
    DECREF(e);
    int t = obj_is_true(w);
    if (t > 0) {
        Obj *sf = warnings_attr("simplefilter");
        Obj *r = sf ? obj_call(sf, &w, 1, NULL) : NULL;
        XDECREF(sf);
        if (r) DECREF(r);
        else t = -1;
    }
    if (t < 0) {
        Obj *x = obj_call_method(mgr, "__exit__", (Obj *[]){NONE, NONE, NONE}, 3);
        XDECREF(x);
        DECREF(mgr);
        return NULL;
    }
    return mgr;
}

static int print_durations(Obj *self, Obj *result)
{
    Obj *cd = ga(result, "collectedDurations");
    int t = cd ? obj_is_true(cd) : -1;
    if (t <= 0) {
        XDECREF(cd);
        return t;
    }
    Obj *ls = obj_call((Obj *)&list_type, &cd, 1, NULL);
    DECREF(cd);
    if (!ls) return -1;
    /* sorted by elapsed, reverse (stable) */
    Obj *ig = import_attr("operator", "itemgetter");
    Obj *one = int_from_i64(1);
    Obj *key = ig && one ? obj_call(ig, &one, 1, NULL) : NULL;
    XDECREF(ig);
    XDECREF(one);
    int rc = key ? list_sort(ls, key, true) : -1;
    XDECREF(key);
    Obj *du = rc == 0 ? ga(self, "durations") : NULL, *vb = du ? ga(self, "verbosity") : NULL;
    int64_t n = 0, verb = 1;
    if (!vb || int_as_i64(du, &n) < 0 || int_as_i64(vb, &verb) < 0) rc = -1;
    XDECREF(du);
    XDECREF(vb);
    if (rc == 0 && n > 0 && n < LIST_LEN(ls)) rc = list_set_slice(ls, n, LIST_LEN(ls), NULL);
    if (rc == 0) rc = sw_c(self, "writeln", "Slowest test durations");
    if (rc == 0) {
        Obj *s2 = gad(result, "separator2", NULL);
        if (s2) rc = sw(self, "writeln", s2);
        else if (vm_err_occurred()) rc = -1;
        XDECREF(s2);
    }
    bool hidden = false;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(ls); i++) {
        Obj *p = LIST_ITEMS(ls)[i];
        if (!TUPLE_CHECK(p) || TUPLE_LEN(p) != 2) {
            vm_err_set_str(&exc_ValueError, "collectedDurations items must be (test, elapsed) pairs");
            rc = -1;
            break;
        }
        double el = float_as_double(TUPLE_ITEMS(p)[1]);
        if (el == -1.0 && vm_err_occurred()) {
            rc = -1;
            break;
        }
        if (verb < 2 && el < 0.001) {
            hidden = true;
            continue;
        }
        char buf[64], col[80];
        snprintf(buf, sizeof buf, "%.3fs", el);
        snprintf(col, sizeof col, "%-10s", buf);
        Obj *line = str_from_fmt("%s %S", col, TUPLE_ITEMS(p)[0]);
        rc = line ? sw(self, "writeln", line) : -1;
        XDECREF(line);
    }
    DECREF(ls);
    if (rc == 0) rc = sw_c(self, "writeln", hidden ? "\n(durations < 0.001s were hidden; use -v to show these durations)" : "");
    return rc;
}

static Obj *runner_run(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("run", nargs, kw) < 0) return NULL;
    Obj *test = args[0];
    Obj *result = obj_call_method(self, "_makeResult", NULL, 0);
    if (!result) return NULL;
    Obj *ff = ga(self, "failfast"), *bf = ff ? ga(self, "buffer") : NULL, *tl = bf ? ga(self, "tb_locals") : NULL;
    int bad = !tl || sa(result, "failfast", ff) < 0 || sa(result, "buffer", bf) < 0 || sa(result, "tb_locals", tl) < 0;
    XDECREF(ff);
    XDECREF(bf);
    XDECREF(tl);
    Obj *w = bad ? NULL : ga(self, "warnings");
    Obj *mgr = w ? enter_warnings(w) : NULL;
    XDECREF(w);
    if (!mgr) {
        DECREF(result);
        return NULL;
    }
    double start = perf_now();
    int rc = call_if_exists(result, "startTestRun", NULL, 0);
    if (rc == 0) {
        Obj *r = obj_call(test, &result, 1, NULL);
        if (r) DECREF(r);
        else rc = -1;
        Obj *pending = rc < 0 ? vm_err_fetch() : NULL;
        if (call_if_exists(result, "stopTestRun", NULL, 0) < 0) {
            XDECREF(pending);
            rc = -1;
        } else if (pending) {
            vm_err_restore(pending);
        }
    }
    {
        Obj *pending = rc < 0 ? vm_err_fetch() : NULL;
        Obj *info[3] = {NONE, NONE, NONE};
        if (pending) {
            info[0] = type_of(pending);
            info[1] = pending;
        }
        Obj *x = obj_call_method(mgr, "__exit__", info, 3);
        DECREF(mgr);
        if (!x) {
            XDECREF(pending);
            DECREF(result);
            return NULL;
        }
        DECREF(x);
        if (pending) {
            vm_err_restore(pending);
            DECREF(result);
            return NULL;
        }
    }
    double taken = perf_now() - start;
    Obj *ret = NULL;
    if (call_void(result, "printErrors", NULL, 0) < 0) goto out;
    Obj *du = ga(self, "durations");
    if (!du) goto out;
    int pd = du != NONE ? print_durations(self, result) : 0;
    DECREF(du);
    if (pd < 0) goto out;
    Obj *s2 = gad(result, "separator2", NULL);
    if (s2) {
        int r = sw(self, "writeln", s2);
        DECREF(s2);
        if (r < 0) goto out;
    } else if (vm_err_occurred()) {
        goto out;
    }
    Obj *runo = ga(result, "testsRun");
    int64_t run = 0;
    if (!runo || int_as_i64(runo, &run) < 0) {
        XDECREF(runo);
        goto out;
    }
    char secs[64];
    snprintf(secs, sizeof secs, "%.3f", taken);
    Obj *line = str_from_fmt("Ran %S test%s in %ss", runo, run != 1 ? "s" : "", secs);
    DECREF(runo);
    int r = line ? sw(self, "writeln", line) : -1;
    XDECREF(line);
    if (r < 0 || sw(self, "writeln", NULL) < 0) goto out;
    Ssize counts[3] = {0, 0, 0};
    static const char *const cn[] = {"expectedFailures", "unexpectedSuccesses", "skipped"};
    for (int i = 0; i < 3; i++) {
        Obj *l = gad(result, cn[i], NULL);
        if (!l) {
            if (vm_err_occurred()) goto out;
            counts[0] = counts[1] = counts[2] = 0;
            break;
        }
        counts[i] = obj_length(l);
        DECREF(l);
        if (counts[i] < 0) goto out;
    }
    Obj *infos = list_new(0);
    if (!infos) goto out;
    Obj *ok = obj_call_method(result, "wasSuccessful", NULL, 0);
    int succ = ok ? obj_is_true(ok) : -1;
    XDECREF(ok);
    if (succ < 0) goto out_infos;
    if (!succ) {
        if (sw_c(self, "write", "FAILED") < 0) goto out_infos;
        Ssize f = len_attr(result, "failures"), e = f < 0 ? -1 : len_attr(result, "errors");
        if (e < 0) goto out_infos;
        if (f) {
            Obj *s = str_from_fmt("failures=%zd", f);
            if (!s || list_append(infos, s) < 0) {
                XDECREF(s);
                goto out_infos;
            }
            DECREF(s);
        }
        if (e) {
            Obj *s = str_from_fmt("errors=%zd", e);
            if (!s || list_append(infos, s) < 0) {
                XDECREF(s);
                goto out_infos;
            }
            DECREF(s);
        }
    } else if (sw_c(self, "write", run == 0 ? "NO TESTS RAN" : "OK") < 0) {
        goto out_infos;
    }
    static const char *const labels[] = {"skipped=%zd", "expected failures=%zd", "unexpected successes=%zd"};
    Ssize vals[3] = {counts[2], counts[0], counts[1]};
    for (int i = 0; i < 3; i++)
        if (vals[i]) {
            Obj *s = str_from_fmt(labels[i], vals[i]);
            if (!s || list_append(infos, s) < 0) {
                XDECREF(s);
                goto out_infos;
            }
            DECREF(s);
        }
    if (LIST_LEN(infos)) {
        Obj *j = str_steal_join(", ", INCREF(infos));
        Obj *l2 = j ? str_from_fmt(" (%S)", j) : NULL;
        XDECREF(j);
        r = l2 ? sw(self, "writeln", l2) : -1;
        XDECREF(l2);
    } else {
        r = sw_c(self, "write", "\n");
    }
    if (r == 0 && sw_c(self, "flush", NULL) == 0) ret = INCREF(result);
out_infos:
    DECREF(infos);
out:
    DECREF(result);
    return ret;
}

static const MethodDef runner_methods[] = {
    {"__init__", runner_init, METH_FAST, NULL},
    {"_makeResult", runner_make_result, METH_FAST, NULL},
    {"run", runner_run, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- suite.py: BaseTestSuite, TestSuite, _ErrorHolder ------------------------------------------------- */

static Obj *suite_add_test(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("addTest", nargs, kw) < 0) return NULL;
    Obj *test = args[0];
    if (!OBJ_TYPE(test)->call) {
        vm_err_format(&exc_TypeError, "%R is not callable", test);
        return NULL;
    }
    if (TYPE_CHECK(test) && (type_is_subtype((TypeObj *)test, (TypeObj *)testcase_cls) ||
                             type_is_subtype((TypeObj *)test, (TypeObj *)suite_cls))) {
        vm_err_set_str(&exc_TypeError, "TestCases and TestSuites must be instantiated before passing them to addTest()");
        return NULL;
    }
    return append_attr(self, "_tests", INCREF(test)) < 0 ? NULL : INCREF(NONE);
}

static Obj *suite_add_tests(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("addTests", nargs, kw) < 0) return NULL;
    if (STR_CHECK(args[0])) {
        vm_err_set_str(&exc_TypeError, "tests must be an iterable of tests, not a string");
        return NULL;
    }
    Obj *it = obj_getiter(args[0]), *t;
    if (!it) return NULL;
    while ((t = obj_iternext(it))) {
        int r = call_void(self, "addTest", &t, 1);
        DECREF(t);
        if (r < 0) {
            DECREF(it);
            return NULL;
        }
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *suite_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"tests"};
    Obj *v[1];
    BIND("__init__", names, 1, 1, 0, v);
    Obj *zero = int_from_i64(0);
    if (sa_steal(self, "_tests", list_new(0)) < 0 || sa_steal(self, "_removed_tests", zero) < 0) return NULL;
    Obj *tests = v[0] ? v[0] : NULL;
    if (!tests) return INCREF(NONE);
    Obj *r = obj_call_method(self, "addTests", &tests, 1);
    XDECREF(r);
    return r ? INCREF(NONE) : NULL;
}

static Obj *suite_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__iter__", nargs, kw) < 0) return NULL;
    Obj *t = ga(self, "_tests");
    Obj *it = t ? obj_getiter(t) : NULL;
    XDECREF(t);
    return it;
}

static Obj *suite_list(Obj *self) { return obj_call((Obj *)&list_type, &self, 1, NULL); }

static Obj *suite_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *c = strclass(type_of(self)), *l = c ? suite_list(self) : NULL;
    Obj *r = l ? str_from_fmt("<%S tests=%R>", c, l) : NULL;
    XDECREF(c);
    XDECREF(l);
    return r;
}

static Obj *suite_eq(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__eq__", nargs, kw) < 0) return NULL;
    int i = isinst(args[0], type_of(self));
    if (i <= 0) return i < 0 ? NULL : INCREF(NOTIMPL);
    Obj *a = suite_list(self), *b = a ? suite_list(args[0]) : NULL;
    Obj *r = b ? obj_richcompare(a, b, CMP_EQ) : NULL;
    XDECREF(a);
    XDECREF(b);
    return r;
}

static Obj *suite_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("countTestCases", nargs, kw) < 0) return NULL;
    Obj *total = ga(self, "_removed_tests");
    Obj *it = total ? obj_getiter(self) : NULL, *t;
    if (!it) {
        XDECREF(total);
        return NULL;
    }
    while (total && (t = obj_iternext(it))) {
        Obj *c = t == NONE ? int_from_i64(0) : obj_call_method(t, "countTestCases", NULL, 0);
        DECREF(t);
        Obj *s = c ? num_binary(total, c, NB_ADD) : NULL;
        XDECREF(c);
        DECREF(total);
        total = s;
    }
    DECREF(it);
    if (total && vm_err_occurred()) CLEAR(total);
    return total;
}

static int remove_test_at(Obj *self, Ssize index)
{
    Obj *tests = ga(self, "_tests");
    if (!tests) return -1;
    int rc = 0;
    if (LIST_CHECK(tests) && index < LIST_LEN(tests)) {
        Obj *test = INCREF(LIST_ITEMS(tests)[index]);
        Obj *k = S("countTestCases"), *f = NULL;
        int has = k ? obj_lookup_attr(test, k, &f) : -1;
        XDECREF(k);
        if (has > 0) {
            Obj *c = obj_call(f, NULL, 0, NULL);
            Obj *rm = c ? ga(self, "_removed_tests") : NULL;
            Obj *s = rm ? num_binary(rm, c, NB_ADD) : NULL;
            rc = sa_steal(self, "_removed_tests", s);
            XDECREF(c);
            XDECREF(rm);
        } else if (has < 0) {
            rc = -1;
        }
        XDECREF(f);
        DECREF(test);
        if (rc == 0) {
            Obj *old = LIST_ITEMS(tests)[index];
            LIST_ITEMS(tests)[index] = INCREF(NONE);
            DECREF(old);
        }
    }
    DECREF(tests);
    return rc;
}

static int is_not_suite(Obj *test)
{
    Obj *it = obj_getiter(test);
    if (it) {
        DECREF(it);
        return 0;
    }
    if (!vm_err_matches(&exc_TypeError)) return -1;
    vm_err_clear();
    return 1;
}

/* _ErrorHolder(description) */
static Obj *add_class_or_module_error(Obj *result, Obj *exc, const char *method, Obj *parent, Obj *info)
{
    Obj *name = str_from_fmt("%s (%S)", method, parent);
    Obj *holder = name ? obj_call(errholder_cls, &name, 1, NULL) : NULL;
    XDECREF(name);
    if (!holder) return NULL;
    Obj *add_skip_f = gad(result, "addSkip", NONE);
    Obj *r = NULL;
    if (add_skip_f && add_skip_f != NONE && type_is_subtype(OBJ_TYPE(exc), (TypeObj *)skiptest_cls)) {
        Obj *s = obj_str(exc);
        r = s ? obj_call(add_skip_f, (Obj *[]){holder, s}, 2, NULL) : NULL;
        XDECREF(s);
    } else if (add_skip_f) {
        Obj *i = info ? INCREF(info) : exc_info_of(exc);
        r = i ? obj_call_method(result, "addError", (Obj *[]){holder, i}, 2) : NULL;
        XDECREF(i);
    }
    XDECREF(add_skip_f);
    DECREF(holder);
    return r;
}

static int fixture_error(Obj *result, Obj *exc, const char *method, Obj *parent, Obj *info)
{
    Obj *r = add_class_or_module_error(result, exc, method, parent, info);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* Call fn(); an Exception is reported as METHOD (parent) on result: 1; BaseException propagates. */
static int call_fixture(Obj *fn, Obj *result, const char *method, Obj *parent)
{
    Obj *r = obj_call(fn, NULL, 0, NULL);
    if (r) {
        DECREF(r);
        return 0;
    }
    if (!vm_err_matches(&exc_Exception)) return -1;
    Obj *e = vm_err_fetch();
    /* the exception is being handled while it is reported (sys.exc_info() in CPython) */
    int rc = fixture_error(result, e, method, parent, NULL);
    DECREF(e);
    return rc < 0 ? -1 : 1;
}

/* finally: result._restoreStdout() — keeps rc and a pending error unless the call fails. */
static int restore_stdout_after(Obj *result, int rc)
{
    Obj *pending = rc < 0 ? vm_err_fetch() : NULL;
    if (call_if_exists(result, "_restoreStdout", NULL, 0) < 0) {
        XDECREF(pending);
        return -1;
    }
    if (pending) vm_err_restore(pending);
    return rc;
}

static int do_module_cleanups(void);

/* case.doModuleCleanups(), an Exception reported as METHOD (modname). */
static int module_cleanups_reported(Obj *result, const char *method, Obj *modname)
{
    if (do_module_cleanups() == 0) return 0;
    if (!vm_err_matches(&exc_Exception)) return -1;
    Obj *e = vm_err_fetch();
    int rc = fixture_error(result, e, method, modname, NULL);
    DECREF(e);
    return rc;
}

static Obj *previous_class(Obj *result) { return gad(result, "_previousTestClass", NONE); }

static int do_class_cleanups_report(Obj *cls, Obj *result, const char *method)
{
    Obj *dcc = gad(cls, "doClassCleanups", NONE);
    if (!dcc) return -1;
    if (dcc == NONE) {
        DECREF(dcc);
        return 0;
    }
    Obj *r = obj_call(dcc, NULL, 0, NULL);
    DECREF(dcc);
    if (!r) return -1;
    DECREF(r);
    Obj *excs = ga(cls, "tearDown_exceptions");
    Obj *it = excs ? obj_getiter(excs) : NULL, *info;
    XDECREF(excs);
    if (!it) return -1;
    Obj *name = strclass(cls);
    int rc = name ? 0 : -1;
    while (rc == 0 && (info = obj_iternext(it))) {
        Obj *e = TUPLE_CHECK(info) && TUPLE_LEN(info) == 3 ? TUPLE_ITEMS(info)[1] : NULL;
        rc = e ? fixture_error(result, e, method, name, info) : -1;
        DECREF(info);
    }
    XDECREF(name);
    DECREF(it);
    return rc < 0 || vm_err_occurred() ? -1 : 0;
}

static int handle_class_setup(Obj *test, Obj *result)
{
    Obj *prev = previous_class(result);
    if (!prev) return -1;
    Obj *cur = type_of(test);
    int same = obj_richcompare_bool(cur, prev, CMP_EQ);
    DECREF(prev);
    if (same) return same < 0 ? -1 : 0;
    int msf = truth_attr(result, "_moduleSetUpFailed");
    if (msf) return msf < 0 ? -1 : 0;
    int skip = truth_attr(cur, "__unittest_skip__");
    if (skip) return skip < 0 ? -1 : 0;
    if (set_bool(cur, "_classSetupFailed", false) < 0) {
        if (!vm_err_matches(&exc_TypeError)) return -1;
        vm_err_clear();
    }
    Obj *setup = gad(cur, "setUpClass", NONE);
    if (!setup) return -1;
    int rc = 0;
    if (setup != NONE) {
        if (call_if_exists(result, "_setupStdout", NULL, 0) < 0) {
            DECREF(setup);
            return -1;
        }
        Obj *name = strclass(cur);
        rc = name ? call_fixture(setup, result, "setUpClass", name) : -1;
        if (rc == 1) {
            if (set_bool(cur, "_classSetupFailed", true) < 0) {
                if (vm_err_matches(&exc_TypeError)) vm_err_clear();
                else rc = -1;
            }
            if (rc == 1) rc = do_class_cleanups_report(cur, result, "setUpClass");
        }
        XDECREF(name);
        rc = restore_stdout_after(result, rc);
    }
    DECREF(setup);
    return rc < 0 ? -1 : 0;
}

static Obj *module_of_class(Obj *cls) { return ga(cls, "__module__"); }

static Obj *sys_modules_get(Obj *name)
{
    Obj *mods = sys_get_borrow("modules");
    Obj *m = mods && DICT_CHECK(mods) ? dict_get_borrow(mods, name) : NULL;
    return xincref(m);
}

static Obj *previous_module(Obj *result)
{
    Obj *prev = previous_class(result);
    if (!prev || prev == NONE) return prev;
    Obj *m = module_of_class(prev);
    DECREF(prev);
    return m;
}

static int handle_module_teardown(Obj *result)
{
    Obj *pm = previous_module(result);
    if (!pm) return -1;
    if (pm == NONE) {
        DECREF(pm);
        return 0;
    }
    int f = truth_attr(result, "_moduleSetUpFailed");
    Obj *module = f == 0 ? sys_modules_get(pm) : NULL;
    if (!module) {
        DECREF(pm);
        return f < 0 || vm_err_occurred() ? -1 : 0;
    }
    int rc = call_if_exists(result, "_setupStdout", NULL, 0);
    Obj *td = rc == 0 ? gad(module, "tearDownModule", NONE) : NULL;
    if (!td) rc = -1;
    else if (td != NONE) rc = call_fixture(td, result, "tearDownModule", pm) < 0 ? -1 : 0;
    XDECREF(td);
    if (rc == 0) rc = module_cleanups_reported(result, "tearDownModule", pm);
    rc = restore_stdout_after(result, rc);
    DECREF(module);
    DECREF(pm);
    return rc;
}

static int handle_module_fixture(Obj *test, Obj *result)
{
    Obj *pm = previous_module(result);
    Obj *cm = pm ? module_of_class(type_of(test)) : NULL;
    if (!cm) {
        XDECREF(pm);
        return -1;
    }
    int same = obj_richcompare_bool(cm, pm, CMP_EQ);
    DECREF(pm);
    if (same) {
        DECREF(cm);
        return same < 0 ? -1 : 0;
    }
    if (handle_module_teardown(result) < 0 || set_bool(result, "_moduleSetUpFailed", false) < 0) {
        DECREF(cm);
        return -1;
    }
    Obj *module = sys_modules_get(cm);
    if (!module) {
        DECREF(cm);
        return vm_err_occurred() ? -1 : 0;
    }
    Obj *su = gad(module, "setUpModule", NONE);
    int rc = su ? 0 : -1;
    if (su && su != NONE) {
        rc = call_if_exists(result, "_setupStdout", NULL, 0);
        if (rc == 0) rc = call_fixture(su, result, "setUpModule", cm);
        if (rc == 1) {
            rc = set_bool(result, "_moduleSetUpFailed", true);
            if (rc == 0) rc = module_cleanups_reported(result, "setUpModule", cm);
        }
        rc = restore_stdout_after(result, rc);
    }
    XDECREF(su);
    DECREF(module);
    DECREF(cm);
    return rc;
}

static int teardown_previous_class(Obj *test, Obj *result)
{
    Obj *prev = previous_class(result);
    if (!prev) return -1;
    int rc = 0;
    if (prev == NONE) goto out;
    int same = test ? obj_richcompare_bool(type_of(test), prev, CMP_EQ) : 0;
    if (same) {
        rc = same < 0 ? -1 : 0;
        goto out;
    }
    int t;
    if ((t = truth_attr(prev, "_classSetupFailed")) || (t = truth_attr(result, "_moduleSetUpFailed")) ||
        (t = truth_attr(prev, "__unittest_skip__"))) {
        rc = t < 0 ? -1 : 0;
        goto out;
    }
    Obj *td = gad(prev, "tearDownClass", NONE);
    if (!td) {
        rc = -1;
        goto out;
    }
    rc = call_if_exists(result, "_setupStdout", NULL, 0);
    if (rc == 0 && td != NONE) {
        Obj *name = strclass(prev);
        rc = name ? call_fixture(td, result, "tearDownClass", name) : -1;
        if (rc == 1) rc = 0;
        XDECREF(name);
    }
    DECREF(td);
    if (rc == 0) rc = do_class_cleanups_report(prev, result, "tearDownClass");
    rc = restore_stdout_after(result, rc);
out:
    DECREF(prev);
    return rc;
}

static Obj *suite_run_impl(Obj *self, Obj *result, bool with_fixtures, bool debug)
{
    int top = 0;
    if (with_fixtures) {
        Obj *e = gad(result, "_testRunEntered", FALSE_);
        if (!e) return NULL;
        if (e == FALSE_) {
            top = 1;
            if (set_bool(result, "_testRunEntered", true) < 0) {
                DECREF(e);
                return NULL;
            }
        }
        DECREF(e);
    }
    Obj *it = obj_getiter(self), *test;
    if (!it) return NULL;
    Ssize index = 0;
    int rc = 0;
    while ((test = obj_iternext(it))) {
        int stop = truth_attr(result, "shouldStop");
        if (stop) {
            DECREF(test);
            rc = stop < 0 ? -1 : 0;
            break;
        }
        bool skip = false;
        if (with_fixtures) {
            int ns = is_not_suite(test);
            if (ns < 0) rc = -1;
            else if (ns) {
                if (teardown_previous_class(test, result) < 0 || handle_module_fixture(test, result) < 0 ||
                    handle_class_setup(test, result) < 0 || sa(result, "_previousTestClass", type_of(test)) < 0)
                    rc = -1;
                else {
                    int f = truth_attr(type_of(test), "_classSetupFailed");
                    if (f == 0) f = truth_attr(result, "_moduleSetUpFailed");
                    if (f < 0) rc = -1;
                    skip = f > 0;
                }
            }
        }
        if (rc == 0 && !skip) {
            Obj *r = debug ? obj_call_method(test, "debug", NULL, 0) : obj_call(test, &result, 1, NULL);
            if (r) DECREF(r);
            else rc = -1;
            if (rc == 0) {
                int cl = truth_attr(self, "_cleanup");
                if (cl < 0 || (cl && remove_test_at(self, index) < 0)) rc = -1;
            }
        }
        DECREF(test);
        index++;
        if (rc < 0) break;
    }
    DECREF(it);
    if (rc < 0 || vm_err_occurred()) return NULL;
    if (top && (teardown_previous_class(NULL, result) < 0 || handle_module_teardown(result) < 0 ||
                set_bool(result, "_testRunEntered", false) < 0))
        return NULL;
    return INCREF(result);
}

static Obj *basesuite_run(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("run", "run", nargs, kw, 1, 1) < 0) return NULL;
    return suite_run_impl(self, args[0], false, false);
}

static Obj *suite_run(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"result", "debug"};
    Obj *v[2];
    BIND("run", names, 2, 2, 1, v);
    int d = v[1] ? obj_is_true(v[1]) : 0;
    if (d < 0) return NULL;
    return suite_run_impl(self, v[0], true, d);
}

static Obj *suite_call(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *m = ga(self, "run");
    Obj *r = m ? obj_call(m, args, nargs, kw) : NULL;
    XDECREF(m);
    return r;
}

static Obj *suite_debug(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("debug", nargs, kw) < 0) return NULL;
    Obj *res = obj_call(result_cls, NULL, 0, NULL);
    Obj *r = res ? suite_run_impl(self, res, true, true) : NULL;
    XDECREF(res);
    XDECREF(r);
    return r ? INCREF(NONE) : NULL;
}

static const MethodDef basesuite_methods[] = {
    {"__init__", suite_init, METH_FAST, NULL},
    {"__repr__", suite_repr, METH_FAST, NULL},
    {"__eq__", suite_eq, METH_FAST, NULL},
    {"__iter__", suite_iter, METH_FAST, NULL},
    {"countTestCases", suite_count, METH_FAST, NULL},
    {"addTest", suite_add_test, METH_FAST, NULL},
    {"addTests", suite_add_tests, METH_FAST, NULL},
    {"run", basesuite_run, METH_FAST, NULL},
    {"__call__", suite_call, METH_FAST, NULL},
    {"debug", suite_debug, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static const MethodDef suite_methods[] = {
    {"run", suite_run, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* _ErrorHolder: stands for a class or module fixture in a result. */
static Obj *eh_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_ErrorHolder", "_ErrorHolder", nargs, kw, 1, 1) < 0) return NULL;
    return sa(self, "description", args[0]) < 0 ? NULL : INCREF(NONE);
}
static Obj *eh_id(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("id", nargs, kw) < 0) return NULL;
    return ga(self, "description");
}
static Obj *eh_short(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("shortDescription", nargs, kw) < 0) return NULL;
    return INCREF(NONE);
}
static Obj *eh_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *d = ga(self, "description");
    Obj *r = d ? str_from_fmt("<ErrorHolder description=%R>", d) : NULL;
    XDECREF(d);
    return r;
}
static Obj *eh_count(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("countTestCases", nargs, kw) < 0) return NULL;
    return int_from_i64(0);
}
static const MethodDef errholder_methods[] = {
    {"__init__", eh_init, METH_FAST, NULL},
    {"id", eh_id, METH_FAST, NULL},
    {"shortDescription", eh_short, METH_FAST, NULL},
    {"__repr__", eh_repr, METH_FAST, NULL},
    {"__str__", eh_id, METH_FAST, NULL},
    {"countTestCases", eh_count, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* module cleanups (addModuleCleanup / doModuleCleanups) */
static Obj *module_cleanups;

static Obj *f_add_module_cleanup(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    Obj *e = cleanup_entry("addModuleCleanup", args, nargs, kw);
    if (!e) return NULL;
    int r = list_append(module_cleanups, e);
    DECREF(e);
    return r < 0 ? NULL : INCREF(NONE);
}

static int do_module_cleanups(void)
{
    Obj *first = NULL;
    while (LIST_LEN(module_cleanups)) {
        Obj *e = obj_call_method(module_cleanups, "pop", NULL, 0);
        if (!e) return -1;
        Obj *r = vm_call_ex(TUPLE_ITEMS(e)[0], TUPLE_ITEMS(e)[1], TUPLE_ITEMS(e)[2]);
        DECREF(e);
        if (r) {
            DECREF(r);
            continue;
        }
        if (!vm_err_matches(&exc_Exception)) {
            XDECREF(first);
            return -1;
        }
        Obj *x = vm_err_fetch();
        if (!first) first = x;
        else DECREF(x);
    }
    if (first) {
        vm_err_restore(first);
        return -1;
    }
    return 0;
}

static Obj *f_do_module_cleanups(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    (void)args;
    if (mh_no_args("doModuleCleanups", nargs, kw) < 0) return NULL;
    return do_module_cleanups() < 0 ? NULL : INCREF(NONE);
}

/* ---- loader.py: TestLoader ------------------------------------------------------------------------------ */

static Obj *loader_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("TestLoader", nargs, kw) < 0) return NULL;
    return sa_steal(self, "errors", list_new(0)) < 0 ? NULL : INCREF(NONE);
}

static Obj *loader_get_names(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("getTestCaseNames", nargs, kw) < 0) return NULL;
    Obj *cls = args[0];
    Obj *prefix = ga(self, "testMethodPrefix");
    Obj *pats = prefix ? ga(self, "testNamePatterns") : NULL;
    Obj *names = pats ? obj_dir(cls) : NULL;
    Obj *out = names ? list_new(0) : NULL;
    Obj *fnm = NULL;
    if (!out) goto err;
    if (pats != NONE && !(fnm = import_attr("fnmatch", "fnmatchcase"))) goto err;
    for (Ssize i = 0; i < LIST_LEN(names); i++) {
        Obj *n = LIST_ITEMS(names)[i];
        Obj *sw = obj_call_method(n, "startswith", &prefix, 1);
        int t = sw ? obj_is_true(sw) : -1;
        XDECREF(sw);
        if (t < 0) goto err;
        if (!t) continue;
        Obj *f = obj_getattr(cls, n);
        if (!f) goto err;
        bool callable = OBJ_TYPE(f)->call != NULL;
        DECREF(f);
        if (!callable) continue;
        if (fnm) {
            Obj *full = NULL, *mod = ga(cls, "__module__"), *qn = mod ? ga(cls, "__qualname__") : NULL;
            if (qn) full = str_from_fmt("%S.%S.%S", mod, qn, n);
            XDECREF(mod);
            XDECREF(qn);
            if (!full) goto err;
            Obj *it = obj_getiter(pats), *p;
            bool any = false;
            while (it && !any && (p = obj_iternext(it))) {
                Obj *m = obj_call(fnm, (Obj *[]){full, p}, 2, NULL);
                DECREF(p);
                int mt = m ? obj_is_true(m) : -1;
                XDECREF(m);
                if (mt < 0) break;
                any = mt;
            }
            XDECREF(it);
            DECREF(full);
            if (vm_err_occurred()) goto err;
            if (!any) continue;
        }
        if (list_append(out, n) < 0) goto err;
    }
    Obj *sortf = ga(self, "sortTestMethodsUsing");
    if (!sortf) goto err;
    int st = obj_is_true(sortf);
    int rc = 0;
    if (st > 0) {
        Obj *ck = import_attr("functools", "cmp_to_key");
        Obj *key = ck ? obj_call(ck, &sortf, 1, NULL) : NULL;
        XDECREF(ck);
        rc = key ? list_sort(out, key, false) : -1;
        XDECREF(key);
    }
    DECREF(sortf);
    if (st < 0 || rc < 0) goto err;
    XDECREF(fnm);
    DECREF(prefix);
    DECREF(pats);
    DECREF(names);
    return out;
err:
    XDECREF(fnm);
    XDECREF(prefix);
    XDECREF(pats);
    XDECREF(names);
    XDECREF(out);
    return NULL;
}

static Obj *make_suite(Obj *self, Obj *tests)   /* self.suiteClass(tests); steals tests */
{
    if (!tests) return NULL;
    Obj *sc = ga(self, "suiteClass");
    Obj *r = sc ? obj_call(sc, &tests, 1, NULL) : NULL;
    XDECREF(sc);
    DECREF(tests);
    return r;
}

static Obj *load_from_case(Obj *self, Obj *cls)
{
    if (TYPE_CHECK(cls) && type_is_subtype((TypeObj *)cls, (TypeObj *)suite_cls)) {
        vm_err_set_str(&exc_TypeError,
                       "Test cases should not be derived from TestSuite. Maybe you meant to derive from TestCase?");
        return NULL;
    }
    bool base = cls == testcase_cls || cls == ftc_cls;   /* base types load no tests */
    Obj *names = base ? list_new(0) : obj_call_method(self, "getTestCaseNames", &cls, 1);
    if (!names) return NULL;
    int t = base ? 1 : obj_is_true(names);
    if (t == 0) {
        Obj *k = S("runTest"), *x = NULL;
        int has = k ? obj_lookup_attr(cls, k, &x) : -1;
        XDECREF(x);
        if (has > 0) {
            DECREF(names);
            names = list_from_array(&k, 1);
        } else if (has < 0) {
            t = -1;
        }
        XDECREF(k);
    }
    if (t < 0 || !names) {
        XDECREF(names);
        return NULL;
    }
    Obj *tests = list_new(0);
    Obj *it = tests ? obj_getiter(names) : NULL, *n;
    DECREF(names);
    while (it && (n = obj_iternext(it))) {
        Obj *inst = obj_call(cls, &n, 1, NULL);
        DECREF(n);
        if (!inst || list_append(tests, inst) < 0) {
            XDECREF(inst);
            CLEAR(it);
            break;
        }
        DECREF(inst);
    }
    if (!it || vm_err_occurred()) {
        XDECREF(it);
        XDECREF(tests);
        return NULL;
    }
    DECREF(it);
    return make_suite(self, tests);
}

static Obj *loader_from_case(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("loadTestsFromTestCase", nargs, kw) < 0) return NULL;
    return load_from_case(self, args[0]);
}

static Obj *load_from_module(Obj *self, Obj *module, Obj *pattern)
{
    Obj *names = obj_dir(module);
    Obj *tests = names ? list_new(0) : NULL;
    if (!tests) {
        XDECREF(names);
        return NULL;
    }
    for (Ssize i = 0; i < LIST_LEN(names); i++) {
        Obj *o = obj_getattr(module, LIST_ITEMS(names)[i]);
        if (!o) goto err;
        if (TYPE_CHECK(o) && type_is_subtype((TypeObj *)o, (TypeObj *)testcase_cls) && o != testcase_cls &&
            o != ftc_cls) {
            Obj *s = obj_call_method(self, "loadTestsFromTestCase", &o, 1);
            if (!s || list_append(tests, s) < 0) {
                XDECREF(s);
                DECREF(o);
                goto err;
            }
            DECREF(s);
        }
        DECREF(o);
    }
    DECREF(names);
    names = NULL;
    Obj *lt = gad(module, "load_tests", NONE);
    if (!lt) goto err;
    Obj *suite = make_suite(self, tests);
    tests = NULL;
    if (suite && lt != NONE) {
        Obj *r = obj_call(lt, (Obj *[]){self, suite, pattern}, 3, NULL);
        DECREF(suite);
        suite = r;
    }
    DECREF(lt);
    return suite;
err:
    XDECREF(names);
    XDECREF(tests);
    return NULL;
}

static Obj *loader_from_module(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"module", "pattern"};
    Obj *v[2];
    if (mh_bind_m("loadTestsFromModule", args, nargs, kw, names, 2, 1, 0, 1, 0, v) < 0) return NULL;
    return load_from_module(self, v[0], v[1] ? v[1] : NONE);
}

static Obj *load_from_name(Obj *self, Obj *name, Obj *module)
{
    Obj *dot = S(".");
    Obj *parts = dot ? obj_call_method(name, "split", &dot, 1) : NULL;
    XDECREF(dot);
    if (!parts) return NULL;
    Obj *obj = NULL, *parent = NULL, *res = NULL;
    Ssize start = 0;
    if (module && module != NONE) {
        obj = INCREF(module);
    } else {
        /* import the longest importable prefix */
        for (Ssize n = LIST_LEN(parts); n > 0 && !obj; n--) {
            Obj *sl = list_slice(parts, 0, n);
            Obj *mn = sl ? str_steal_join(".", sl) : NULL;
            Obj *fl = mn ? tuple_pack(1, id_str("__name__")) : NULL;
            Obj *m = fl ? import_name(mn, NULL, fl, 0) : NULL;
            XDECREF(mn);
            XDECREF(fl);
            if (m) {
                obj = m;
                start = n;
            } else if (vm_err_matches(&exc_ImportError) && n > 1) {
                vm_err_clear();
            } else {
                goto out;
            }
        }
    }
    for (Ssize i = start; i < LIST_LEN(parts); i++) {
        Obj *next = obj_getattr(obj, LIST_ITEMS(parts)[i]);
        if (!next) goto out;
        XDECREF(parent);
        parent = obj;
        obj = next;
    }
    if (IS_TYPE(obj, module_type)) {
        res = load_from_module(self, obj, NONE);
    } else if (TYPE_CHECK(obj) && type_is_subtype((TypeObj *)obj, (TypeObj *)testcase_cls) && obj != testcase_cls &&
               obj != ftc_cls) {
        res = obj_call_method(self, "loadTestsFromTestCase", &obj, 1);
    } else if (IS_TYPE(obj, function_type) && parent && TYPE_CHECK(parent) &&
               type_is_subtype((TypeObj *)parent, (TypeObj *)testcase_cls)) {
        Obj *last = LIST_ITEMS(parts)[LIST_LEN(parts) - 1];
        Obj *inst = obj_call(parent, &last, 1, NULL);
        if (inst) res = make_suite(self, list_from_array(&inst, 1));
        XDECREF(inst);
    } else if (isinst(obj, basesuite_cls) > 0) {
        res = INCREF(obj);
    } else if (OBJ_TYPE(obj)->call) {
        Obj *test = obj_call(obj, NULL, 0, NULL);
        if (test) {
            if (isinst(test, basesuite_cls) > 0) res = INCREF(test);
            else if (isinst(test, testcase_cls) > 0) res = make_suite(self, list_from_array(&test, 1));
            else vm_err_format(&exc_TypeError, "calling %S returned %S, not a test", obj, test);
            DECREF(test);
        }
    } else {
        vm_err_format(&exc_TypeError, "don't know how to make test from: %S", obj);
    }
out:
    XDECREF(obj);
    XDECREF(parent);
    DECREF(parts);
    return res;
}

static Obj *loader_from_name(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"name", "module"};
    Obj *v[2];
    BIND("loadTestsFromName", names, 2, 2, 1, v);
    return load_from_name(self, v[0], v[1]);
}

static Obj *loader_from_names(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"names", "module"};
    Obj *v[2];
    BIND("loadTestsFromNames", names, 2, 2, 1, v);
    Obj *suites = list_new(0);
    Obj *it = suites ? obj_getiter(v[0]) : NULL, *n;
    while (it && (n = obj_iternext(it))) {
        Obj *args2[2] = {n, v[1] ? v[1] : NONE};
        Obj *s = obj_call_method(self, "loadTestsFromName", args2, 2);
        DECREF(n);
        if (!s || list_append(suites, s) < 0) {
            XDECREF(s);
            CLEAR(it);
            break;
        }
        DECREF(s);
    }
    if (!it || vm_err_occurred()) {
        XDECREF(it);
        XDECREF(suites);
        return NULL;
    }
    DECREF(it);
    return make_suite(self, suites);
}

static const MethodDef loader_methods[] = {
    {"__init__", loader_init, METH_FAST, NULL},
    {"getTestCaseNames", loader_get_names, METH_FAST, NULL},
    {"loadTestsFromTestCase", loader_from_case, METH_FAST, NULL},
    {"loadTestsFromModule", loader_from_module, METH_FAST, NULL},
    {"loadTestsFromName", loader_from_name, METH_FAST, NULL},
    {"loadTestsFromNames", loader_from_names, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* util.three_way_cmp, the loader's default sortTestMethodsUsing */
static Obj *f_three_way_cmp(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_pos_args("three_way_cmp", "three_way_cmp", nargs, kw, 2, 2) < 0) return NULL;
    int gt = obj_richcompare_bool(args[0], args[1], CMP_GT);
    int lt = gt < 0 ? -1 : obj_richcompare_bool(args[0], args[1], CMP_LT);
    if (lt < 0) return NULL;
    return int_from_i64(gt - lt);
}

/* ---- the deprecated module functions (loader.py; removed in 3.13) ------------------------------------------ */

/* _makeLoader(prefix, sortUsing, suiteClass, testNamePatterns) after the DeprecationWarning. */
static Obj *deprecated_loader(const char *fname, const char *instead, Obj *prefix, Obj *sort_using, Obj *suite_class,
                              Obj *patterns)
{
    Obj *m = str_from_fmt("unittest.%s() is deprecated and will be removed in Python 3.13. Please use %s instead.",
                          fname, instead);
    int w = m ? warnings_warn(&exc_DeprecationWarning, m, 1) : -1;
    XDECREF(m);
    if (w < 0) return NULL;
    Obj *loader = obj_call(loader_cls, NULL, 0, NULL);
    if (!loader) return NULL;
    Obj *cmp = sort_using ? NULL : obj_getattr_str(loader_cls, "sortTestMethodsUsing");
    Obj *pre = prefix ? INCREF(prefix) : S("test");
    int bad = (!sort_using && !cmp) || !pre || sa(loader, "sortTestMethodsUsing", sort_using ? sort_using : cmp) < 0 ||
              sa(loader, "testMethodPrefix", pre) < 0 || sa(loader, "testNamePatterns", patterns ? patterns : NONE) < 0;
    XDECREF(cmp);
    XDECREF(pre);
    if (!bad && suite_class && suite_class != NONE) {
        int t = obj_is_true(suite_class);
        bad = t < 0 || (t && sa(loader, "suiteClass", suite_class) < 0);
    }
    if (bad) CLEAR(loader);
    return loader;
}

static Obj *f_get_test_case_names(Obj *mod, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)mod;
    static const char *const names[] = {"testCaseClass", "prefix", "sortUsing", "testNamePatterns"};
    Obj *v[4];
    if (mh_bind("getTestCaseNames", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    Obj *l = deprecated_loader("getTestCaseNames", "unittest.TestLoader.getTestCaseNames()", v[1], v[2], NULL, v[3]);
    Obj *r = l ? obj_call_method(l, "getTestCaseNames", &v[0], 1) : NULL;
    XDECREF(l);
    return r;
}

static Obj *deprecated_load(const char *fname, const char *meth, Obj *const *args, Ssize nargs, Obj *kw,
                            const char *first)
{
    const char *names[] = {first, "prefix", "sortUsing", "suiteClass"};
    Obj *v[4];
    if (mh_bind(fname, args, nargs, kw, names, 4, 4, 0, 1, 0, v) < 0) return NULL;
    Obj *instead = str_from_fmt("unittest.TestLoader.%s()", meth);
    const char *ins = instead ? str_utf8(instead, NULL) : NULL;
    Obj *l = ins ? deprecated_loader(fname, ins, v[1], v[2], v[3], NULL) : NULL;
    XDECREF(instead);
    Obj *r = l ? obj_call_method(l, meth, &v[0], 1) : NULL;
    XDECREF(l);
    return r;
}

static Obj *f_make_suite(Obj *m, Obj *const *a, Ssize n, Obj *k)
{
    (void)m;
    return deprecated_load("makeSuite", "loadTestsFromTestCase", a, n, k, "testCaseClass");
}

static Obj *f_find_test_cases(Obj *m, Obj *const *a, Ssize n, Obj *k)
{
    (void)m;
    return deprecated_load("findTestCases", "loadTestsFromModule", a, n, k, "module");
}

/* ---- main.py: TestProgram (unittest.main) ----------------------------------------------------------------- */

static Obj *basename_of(Obj *path)
{
    Obj *sep = S("/");
    Obj *r = sep ? obj_call_method(path, "rpartition", &sep, 1) : NULL;
    XDECREF(sep);
    if (!r) return NULL;
    Obj *b = INCREF(TUPLE_ITEMS(r)[2]);
    DECREF(r);
    return b;
}

/* main._convert_select_pattern: -k PATTERN matches as *PATTERN* unless it has a '*'. */
static Obj *f_convert_select_pattern(Obj *m, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)m;
    if (mh_one_arg("_convert_select_pattern", nargs, kw) < 0) return NULL;
    int star = obj_contains(args[0], (Obj *)id_str("*"));
    if (star < 0) return NULL;
    return star ? INCREF(args[0]) : str_from_fmt("*%S*", args[0]);
}
static const MethodDef select_pattern_def = {"_convert_select_pattern", f_convert_select_pattern, METH_FAST, NULL};

/* parser.add_argument(n1[, n2], **{keys[i]: vals[i]}) */
static int add_arg(Obj *parser, const char *n1, const char *n2, const char *const *keys, Obj *const *vals, int nkw)
{
    Obj *a[12];
    int n = 0, rc = -1;
    a[n++] = S(n1);
    if (n2) a[n++] = S(n2);
    Obj *kn = tuple_new(nkw);
    for (int i = 0; kn && i < nkw; i++) {
        TUPLE_ITEMS(kn)[i] = S(keys[i]);
        if (!TUPLE_ITEMS(kn)[i]) CLEAR(kn);
    }
    for (int i = 0; i < nkw; i++) a[n + i] = vals[i];
    if (kn && a[0] && (!n2 || a[1])) {
        Obj *f = ga(parser, "add_argument");
        Obj *r = f ? obj_call(f, a, n, kn) : NULL;
        XDECREF(f);
        if (r) rc = 0;
        XDECREF(r);
    }
    for (int i = 0; i < n; i++) XDECREF(a[i]);
    XDECREF(kn);
    return rc;
}

/* add_arg for a flag with dest, action and help (and const when not NULL). */
static int add_flag(Obj *parser, const char *n1, const char *n2, const char *dest, const char *action, Obj *cnst,
                    const char *help)
{
    static const char *const keys[] = {"dest", "action", "help", "const"};
    Obj *v[4] = {S(dest), S(action), S(help), cnst};
    int rc = v[0] && v[1] && v[2] ? add_arg(parser, n1, n2, keys, v, cnst ? 4 : 3) : -1;
    for (int i = 0; i < 3; i++) XDECREF(v[i]);
    return rc;
}

/* An option of the parent parser that only exists when the program did not set it (None):
 * then it defaults to False. */
static int add_optional_flag(Obj *self, Obj *parser, const char *attr, const char *n1, const char *n2,
                             const char *help)
{
    Obj *x = ga(self, attr);
    if (!x) return -1;
    int none = x == NONE;
    DECREF(x);
    if (!none) return 0;
    if (add_flag(parser, n1, n2, attr, "store_true", NULL, help) < 0) return -1;
    return set_bool(self, attr, false);
}

/* TestProgram._print_help: the parser's help and the examples, on stdout. */
static Obj *prog_print_help(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    Obj *parser = ga(self, "_main_parser"), *prog = parser ? ga(self, "progName") : NULL;
    Obj *help = prog ? obj_call_method(parser, "format_help", NULL, 0) : NULL;
    Obj *ex = help ? str_from_fmt("Examples:\n"
                                  "  %S                           - run default set of tests\n"
                                  "  %S MyTestSuite               - run suite 'MyTestSuite'\n"
                                  "  %S MyTestCase.testSomething  - run MyTestCase.testSomething\n"
                                  "  %S MyTestCase                - run all 'test*' test methods\n"
                                  "                                       in MyTestCase\n",
                                  prog, prog, prog, prog)
                 : NULL;
    Obj *pr = ex ? import_attr("builtins", "print") : NULL;
    Obj *r1 = pr ? obj_call(pr, &help, 1, NULL) : NULL;
    Obj *r2 = r1 ? obj_call(pr, &ex, 1, NULL) : NULL;
    XDECREF(parser);
    XDECREF(prog);
    XDECREF(help);
    XDECREF(ex);
    XDECREF(pr);
    XDECREF(r1);
    if (!r2) return NULL;
    DECREF(r2);
    return INCREF(NONE);
}
static const MethodDef print_help_def = {"_print_help", prog_print_help, METH_FAST, NULL};

/* parseArgs for a program with a module: unittest's own argparse parsers (so usage, -h and the
 * error messages are argparse's), parsed into the TestProgram itself. */
static int parse_args(Obj *self, Obj *argv)
{
    Obj *apcls = import_attr("argparse", "ArgumentParser");
    if (!apcls) return -1;
    Obj *kn = tuple_pack(1, id_str("add_help"));
    Obj *parent = kn ? obj_call(apcls, (Obj *[]){FALSE_}, 0, kn) : NULL;
    XDECREF(kn);
    Obj *main_parser = NULL, *tests = NULL;
    int rc = -1;
    if (!parent) goto out;
    Obj *two = int_from_i64(2), *zero = int_from_i64(0);
    int bad = !two || !zero || add_flag(parent, "-v", "--verbose", "verbosity", "store_const", two, "Verbose output") < 0 ||
              add_flag(parent, "-q", "--quiet", "verbosity", "store_const", zero, "Quiet output") < 0 ||
              add_flag(parent, "--locals", NULL, "tb_locals", "store_true", NULL, "Show local variables in tracebacks") < 0;
    XDECREF(two);
    XDECREF(zero);
    if (bad) goto out;
    {
        static const char *const keys[] = {"dest", "type", "default", "metavar", "help"};
        Obj *v[5] = {S("durations"), (Obj *)&int_type, NONE, S("N"), S("Show the N slowest test cases (N=0 for all)")};
        bad = !v[0] || !v[3] || !v[4] || add_arg(parent, "--durations", NULL, keys, v, 5) < 0;
        XDECREF(v[0]);
        XDECREF(v[3]);
        XDECREF(v[4]);
        if (bad) goto out;
    }
    if (add_optional_flag(self, parent, "failfast", "-f", "--failfast", "Stop on first fail or error") < 0 ||
        add_optional_flag(self, parent, "catchbreak", "-c", "--catch", "Catch Ctrl-C and display results so far") < 0 ||
        add_optional_flag(self, parent, "buffer", "-b", "--buffer", "Buffer stdout and stderr during tests") < 0)
        goto out;
    Obj *pats = ga(self, "testNamePatterns");
    if (!pats) goto out;
    if (pats == NONE) {
        static const char *const keys[] = {"dest", "action", "type", "help"};
        Obj *v[4] = {S("testNamePatterns"), S("append"), mu_builtin(&select_pattern_def, NULL, "unittest.main"),
                     S("Only run tests which match the given substring")};
        bad = !v[0] || !v[1] || !v[2] || !v[3] || add_arg(parent, "-k", NULL, keys, v, 4) < 0 ||
              sa_steal(self, "testNamePatterns", list_new(0)) < 0;
        for (int i = 0; i < 4; i++) XDECREF(v[i]);
    }
    DECREF(pats);
    if (bad) goto out;
    Obj *parents = list_from_array(&parent, 1);
    kn = parents ? tuple_pack(1, id_str("parents")) : NULL;
    main_parser = kn ? obj_call(apcls, &parents, 0, kn) : NULL;
    XDECREF(kn);
    XDECREF(parents);
    if (!main_parser || sa(self, "_main_parser", main_parser) < 0) goto out;
    Obj *prog = ga(self, "progName");
    Obj *ph = prog ? mu_builtin(&print_help_def, self, "unittest.main") : NULL;
    bad = !ph || sa(main_parser, "prog", prog) < 0 || sa(main_parser, "print_help", ph) < 0;
    XDECREF(prog);
    XDECREF(ph);
    if (bad) goto out;
    {
        static const char *const keys[] = {"nargs", "help"};
        Obj *v[2] = {S("*"), S("a list of any number of test modules, classes and test methods.")};
        bad = !v[0] || !v[1] || add_arg(main_parser, "tests", NULL, keys, v, 2) < 0;
        XDECREF(v[0]);
        XDECREF(v[1]);
        if (bad) goto out;
    }
    Obj *one = int_from_i64(1);
    Obj *sl = one ? slice_new(one, NULL, NULL) : NULL;
    Obj *rest = sl ? obj_getitem(argv, sl) : NULL;   /* argv[1:] */
    XDECREF(one);
    XDECREF(sl);
    Obj *r = rest ? obj_call_method(main_parser, "parse_args", (Obj *[]){rest, self}, 2) : NULL;
    XDECREF(rest);
    if (!r) goto out;
    DECREF(r);
    tests = gad(self, "tests", NONE);
    int t = tests ? obj_is_true(tests) : -1;
    if (t < 0) goto out;
    if (t) {
        rc = sa(self, "testNames", tests);   /* _convert_names: only paths of existing .py files change */
    } else {
        Obj *dt = ga(self, "defaultTest");
        if (!dt) goto out;
        if (dt == NONE) rc = sa(self, "testNames", NONE);
        else if (STR_CHECK(dt)) rc = sa_steal(self, "testNames", tuple_pack(1, dt));
        else rc = sa_steal(self, "testNames", obj_call((Obj *)&list_type, &dt, 1, NULL));
        DECREF(dt);
    }
out:
    XDECREF(tests);
    XDECREF(main_parser);
    XDECREF(parent);
    DECREF(apcls);
    return rc;
}

static Obj *prog_create_tests(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    Obj *loader = ga(self, "testLoader");
    if (!loader) return NULL;
    Obj *pats = ga(self, "testNamePatterns");
    int t = pats ? obj_is_true(pats) : -1;
    if (t > 0 && sa(loader, "testNamePatterns", pats) < 0) t = -1;
    XDECREF(pats);
    Obj *names = t >= 0 ? ga(self, "testNames") : NULL;
    Obj *module = names ? ga(self, "module") : NULL, *test = NULL;
    if (module) {
        if (names == NONE) test = obj_call_method(loader, "loadTestsFromModule", &module, 1);
        else test = obj_call_method(loader, "loadTestsFromNames", (Obj *[]){names, module}, 2);
    }
    XDECREF(names);
    XDECREF(module);
    DECREF(loader);
    if (sa_steal(self, "test", test) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *prog_run_tests(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    Obj *tr = ga(self, "testRunner");
    if (!tr) return NULL;
    if (tr == NONE) {
        DECREF(tr);
        tr = INCREF(runner_cls);
    }
    Obj *runner = NULL;
    if (TYPE_CHECK(tr)) {
        static const char *const keys[] = {"verbosity", "failfast", "buffer", "warnings", "tb_locals", "durations"};
        Obj *vals[6] = {NULL};
        int ok = 1;
        for (int i = 0; i < 6; i++)
            if (!(vals[i] = ga(self, keys[i]))) ok = 0;
        Obj *kn6 = ok ? tuple_pack(6, id_str("verbosity"), id_str("failfast"), id_str("buffer"), id_str("warnings"),
                                   id_str("tb_locals"), id_str("durations"))
                      : NULL;
        runner = kn6 ? obj_call(tr, vals, 0, kn6) : NULL;
        if (!runner && kn6 && vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            Obj *kn4 = tuple_slice(kn6, 0, 4);
            runner = kn4 ? obj_call(tr, vals, 0, kn4) : NULL;
            XDECREF(kn4);
            if (!runner && vm_err_matches(&exc_TypeError)) {
                vm_err_clear();
                runner = obj_call(tr, NULL, 0, NULL);
            }
        }
        XDECREF(kn6);
        for (int i = 0; i < 6; i++) XDECREF(vals[i]);
    } else {
        runner = INCREF(tr);
    }
    DECREF(tr);
    if (!runner) return NULL;
    Obj *test = ga(self, "test");
    Obj *result = test ? obj_call_method(runner, "run", &test, 1) : NULL;
    XDECREF(test);
    DECREF(runner);
    if (sa(self, "result", result) < 0) {
        XDECREF(result);
        return NULL;
    }
    int ex = truth_attr(self, "exit");
    if (ex <= 0) {
        DECREF(result);
        return ex < 0 ? NULL : INCREF(NONE);
    }
    int code;
    Obj *runo = ga(result, "testsRun");
    int64_t run = 0;
    if (!runo || int_as_i64(runo, &run) < 0) {
        XDECREF(runo);
        DECREF(result);
        return NULL;
    }
    DECREF(runo);
    if (run == 0) code = 5;
    else {
        Obj *ok = obj_call_method(result, "wasSuccessful", NULL, 0);
        int t = ok ? obj_is_true(ok) : -1;
        XDECREF(ok);
        if (t < 0) {
            DECREF(result);
            return NULL;
        }
        code = t ? 0 : 1;
    }
    DECREF(result);
    Obj *c = int_from_i64(code);
    if (c) vm_err_set_obj(&exc_SystemExit, c);
    XDECREF(c);
    return NULL;
}

static Obj *prog_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"module", "defaultTest", "argv", "testRunner", "testLoader", "exit",
                                        "verbosity", "failfast", "catchbreak", "buffer", "warnings", "tb_locals",
                                        "durations"};
    Obj *v[13];
    if (mh_bind_m("__init__", args, nargs, kw, names, 13, 11, 0, 0, 0, v) < 0) return NULL;
    Obj *module = v[0] ? INCREF(v[0]) : S("__main__");
    if (!module) return NULL;
    if (STR_CHECK(module)) {
        Obj *dot = S(".");
        Obj *parts = dot ? obj_call_method(module, "split", &dot, 1) : NULL;
        XDECREF(dot);
        Obj *m = parts ? import_name(module, NULL, NULL, 0) : NULL;
        for (Ssize i = 1; m && i < LIST_LEN(parts); i++) {
            Obj *x = obj_getattr(m, LIST_ITEMS(parts)[i]);
            DECREF(m);
            m = x;
        }
        XDECREF(parts);
        DECREF(module);
        if (!m) return NULL;
        module = m;
    }
    if (sa_steal(self, "module", module) < 0) return NULL;
    Obj *argv = v[2] && v[2] != NONE ? INCREF(v[2]) : xincref(sys_get_borrow("argv"));
    if (!argv) {
        vm_err_set_str(&exc_RuntimeError, "lost sys.argv");
        return NULL;
    }
    Obj *one = int_from_i64(1);
    int bad = !one || sa(self, "exit", v[5] ? v[5] : TRUE_) < 0 || sa(self, "failfast", v[7] ? v[7] : NONE) < 0 ||
              sa(self, "catchbreak", v[8] ? v[8] : NONE) < 0 || sa(self, "verbosity", v[6] ? v[6] : one) < 0 ||
              sa(self, "buffer", v[9] ? v[9] : NONE) < 0 || sa(self, "tb_locals", v[11] ? v[11] : FALSE_) < 0 ||
              sa(self, "durations", v[12] ? v[12] : NONE) < 0;
    XDECREF(one);
    if (!bad) {
        Obj *w = v[10] ? v[10] : NONE;
        Obj *wo = sys_get_borrow("warnoptions");
        int has_opts = wo ? obj_is_true(wo) : 0;
        if (w == NONE && has_opts <= 0) bad = sa_steal(self, "warnings", S("default")) < 0;
        else bad = sa(self, "warnings", w) < 0;
    }
    if (!bad)
        bad = sa(self, "defaultTest", v[1] ? v[1] : NONE) < 0 || sa(self, "testRunner", v[3] ? v[3] : NONE) < 0 ||
              sa(self, "testLoader", v[4] ? v[4] : default_loader) < 0;
    Obj *a0 = NULL;
    if (!bad) {
        Obj *zero = int_from_i64(0);
        a0 = zero ? obj_getitem(argv, zero) : NULL;
        XDECREF(zero);
        bad = !a0 || sa_steal(self, "progName", basename_of(a0)) < 0;
    }
    XDECREF(a0);
    if (bad || parse_args(self, argv) < 0 || call_void(self, "createTests", NULL, 0) < 0 ||
        call_void(self, "runTests", NULL, 0) < 0) {
        DECREF(argv);
        return NULL;
    }
    DECREF(argv);
    return INCREF(NONE);
}

static const MethodDef program_methods[] = {
    {"__init__", prog_init, METH_FAST, NULL},
    {"createTests", prog_create_tests, METH_FAST, NULL},
    {"runTests", prog_run_tests, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- ndiff: difflib.ndiff(a, b) with charjunk IS_CHARACTER_JUNK, no linejunk -------------------------------
 * Sequences are arrays of uint32 (a line's code points, or line numbers standing for lines:
 * equal lines get the same number).  The matcher follows SequenceMatcher: the longest block
 * of non-junk, non-popular elements (autojunk when len(b) >= 200; ties go to the block that
 * ends first in a, then first in b), extended over equal non-junk then junk neighbours, found
 * recursively; opcodes and ratios from the matching blocks. */

typedef struct Seq { const uint32_t *v; Ssize n; } Seq;
typedef struct MBlock { Ssize i, j, k; } MBlock;
typedef struct Matcher {
    Seq a, b;
    bool chars;            /* elements are characters: ' ' and '\t' are junk */
    uint8_t *startable;    /* b[j] may start a match (not junk, not popular) */
    uint8_t *junk;         /* b[j] is junk */
    Ssize *row, *prev;     /* DP rows, len(b) + 1 */
} Matcher;

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

static int matcher_init(Matcher *m, Seq a, Seq b, bool chars)
{
    m->a = a;
    m->b = b;
    m->chars = chars;
    Ssize n = b.n;
    m->startable = malloc((size_t)n + 1);
    m->junk = malloc((size_t)n + 1);
    m->row = malloc(sizeof(Ssize) * ((size_t)n + 1));
    m->prev = malloc(sizeof(Ssize) * ((size_t)n + 1));
    uint32_t *sorted = n >= 200 ? malloc(sizeof(uint32_t) * (size_t)n) : NULL;
    if (!m->startable || !m->junk || !m->row || !m->prev || (n >= 200 && !sorted)) {
        free(sorted);
        return -1;
    }
    for (Ssize j = 0; j < n; j++) {
        bool jk = chars && (b.v[j] == ' ' || b.v[j] == '\t');
        m->junk[j] = jk;
        m->startable[j] = !jk;
    }
    if (sorted) {
        memcpy(sorted, b.v, sizeof(uint32_t) * (size_t)n);
        qsort(sorted, (size_t)n, sizeof(uint32_t), cmp_u32);
        Ssize ntest = n / 100 + 1;
        for (Ssize j = 0; j < n; j++) {
            if (!m->startable[j]) continue;
            uint32_t x = b.v[j];
            /* count of x in b by binary search bounds */
            Ssize lo = 0, hi = n;
            while (lo < hi) {
                Ssize mid = (lo + hi) / 2;
                if (sorted[mid] < x) lo = mid + 1;
                else hi = mid;
            }
            Ssize first = lo;
            hi = n;
            while (lo < hi) {
                Ssize mid = (lo + hi) / 2;
                if (sorted[mid] <= x) lo = mid + 1;
                else hi = mid;
            }
            if (lo - first > ntest) m->startable[j] = 0;
        }
        free(sorted);
    }
    return 0;
}

static void matcher_free(Matcher *m)
{
    free(m->startable);
    free(m->junk);
    free(m->row);
    free(m->prev);
}

static MBlock longest_match(Matcher *m, Ssize alo, Ssize ahi, Ssize blo, Ssize bhi)
{
    const uint32_t *a = m->a.v, *b = m->b.v;
    Ssize besti = alo, bestj = blo, bestsize = 0;
    for (Ssize j = blo; j <= bhi; j++) m->prev[j] = 0;
    for (Ssize i = alo; i < ahi; i++) {
        for (Ssize j = blo; j < bhi; j++) {
            Ssize k = 0;
            if (m->startable[j] && a[i] == b[j]) k = (j > blo ? m->prev[j - 1] : 0) + 1;
            m->row[j] = k;
            if (k > bestsize) {
                besti = i - k + 1;
                bestj = j - k + 1;
                bestsize = k;
            }
        }
        Ssize *t = m->prev;
        m->prev = m->row;
        m->row = t;
    }
    while (besti > alo && bestj > blo && !m->junk[bestj - 1] && a[besti - 1] == b[bestj - 1])
        besti--, bestj--, bestsize++;
    while (besti + bestsize < ahi && bestj + bestsize < bhi && !m->junk[bestj + bestsize] &&
           a[besti + bestsize] == b[bestj + bestsize])
        bestsize++;
    while (besti > alo && bestj > blo && m->junk[bestj - 1] && a[besti - 1] == b[bestj - 1])
        besti--, bestj--, bestsize++;
    while (besti + bestsize < ahi && bestj + bestsize < bhi && m->junk[bestj + bestsize] &&
           a[besti + bestsize] == b[bestj + bestsize])
        bestsize++;
    return (MBlock){besti, bestj, bestsize};
}

static int cmp_block(const void *x, const void *y)
{
    const MBlock *p = x, *q = y;
    if (p->i != q->i) return p->i < q->i ? -1 : 1;
    if (p->j != q->j) return p->j < q->j ? -1 : 1;
    return p->k < q->k ? -1 : p->k > q->k;
}

/* get_matching_blocks(): *out malloc'ed, ends with (la, lb, 0); count returned, -1 on memory error. */
static Ssize matching_blocks(Matcher *m, MBlock **out)
{
    Ssize la = m->a.n, lb = m->b.n, cap = 16, nq = 1, nb = 0;
    Ssize (*queue)[4] = malloc(sizeof *queue * (size_t)(la + lb + 2));
    MBlock *blocks = malloc(sizeof *blocks * (size_t)cap);
    if (!queue || !blocks) {
        free(queue);
        free(blocks);
        return -1;
    }
    queue[0][0] = 0, queue[0][1] = la, queue[0][2] = 0, queue[0][3] = lb;
    while (nq) {
        nq--;
        Ssize alo = queue[nq][0], ahi = queue[nq][1], blo = queue[nq][2], bhi = queue[nq][3];
        MBlock x = longest_match(m, alo, ahi, blo, bhi);
        if (!x.k) continue;
        if (nb + 1 >= cap) {
            cap *= 2;
            MBlock *nbk = realloc(blocks, sizeof *blocks * (size_t)cap);
            if (!nbk) {
                free(queue);
                free(blocks);
                return -1;
            }
            blocks = nbk;
        }
        blocks[nb++] = x;
        if (alo < x.i && blo < x.j) queue[nq][0] = alo, queue[nq][1] = x.i, queue[nq][2] = blo, queue[nq][3] = x.j, nq++;
        if (x.i + x.k < ahi && x.j + x.k < bhi)
            queue[nq][0] = x.i + x.k, queue[nq][1] = ahi, queue[nq][2] = x.j + x.k, queue[nq][3] = bhi, nq++;
    }
    free(queue);
    qsort(blocks, (size_t)nb, sizeof *blocks, cmp_block);
    Ssize w = 0, i1 = 0, j1 = 0, k1 = 0;
    for (Ssize r = 0; r < nb; r++) {
        MBlock x = blocks[r];
        if (i1 + k1 == x.i && j1 + k1 == x.j) {
            k1 += x.k;
        } else {
            if (k1) blocks[w++] = (MBlock){i1, j1, k1};
            i1 = x.i, j1 = x.j, k1 = x.k;
        }
    }
    if (k1) blocks[w++] = (MBlock){i1, j1, k1};
    blocks[w++] = (MBlock){la, lb, 0};
    *out = blocks;
    return w;
}

typedef struct Opcode { char tag; Ssize i1, i2, j1, j2; } Opcode;   /* tag: r d i e */

static Ssize get_opcodes(Matcher *m, Opcode **out)
{
    MBlock *bl;
    Ssize nb = matching_blocks(m, &bl);
    if (nb < 0) return -1;
    Opcode *ops = malloc(sizeof *ops * (size_t)(2 * nb + 1));
    if (!ops) {
        free(bl);
        return -1;
    }
    Ssize n = 0, i = 0, j = 0;
    for (Ssize r = 0; r < nb; r++) {
        char tag = 0;
        if (i < bl[r].i && j < bl[r].j) tag = 'r';
        else if (i < bl[r].i) tag = 'd';
        else if (j < bl[r].j) tag = 'i';
        if (tag) ops[n++] = (Opcode){tag, i, bl[r].i, j, bl[r].j};
        i = bl[r].i + bl[r].k;
        j = bl[r].j + bl[r].k;
        if (bl[r].k) ops[n++] = (Opcode){'e', bl[r].i, i, bl[r].j, j};
    }
    free(bl);
    *out = ops;
    return n;
}

static double calc_ratio(Ssize matches, Ssize length) { return length ? 2.0 * (double)matches / (double)length : 1.0; }

static double full_ratio(Matcher *m)
{
    MBlock *bl;
    Ssize nb = matching_blocks(m, &bl), matches = 0;
    if (nb < 0) return -1;
    for (Ssize r = 0; r < nb; r++) matches += bl[r].k;
    free(bl);
    return calc_ratio(matches, m->a.n + m->b.n);
}

static double quick_ratio(Seq a, Seq b)
{
    uint32_t *x = malloc(sizeof(uint32_t) * (size_t)(a.n + 1)), *y = malloc(sizeof(uint32_t) * (size_t)(b.n + 1));
    if (!x || !y) {
        free(x);
        free(y);
        return -1;
    }
    memcpy(x, a.v, sizeof(uint32_t) * (size_t)a.n);
    memcpy(y, b.v, sizeof(uint32_t) * (size_t)b.n);
    qsort(x, (size_t)a.n, sizeof(uint32_t), cmp_u32);
    qsort(y, (size_t)b.n, sizeof(uint32_t), cmp_u32);
    Ssize i = 0, j = 0, matches = 0;
    while (i < a.n && j < b.n) {
        if (x[i] == y[j]) matches++, i++, j++;
        else if (x[i] < y[j]) i++;
        else j++;
    }
    free(x);
    free(y);
    return calc_ratio(matches, a.n + b.n);
}

/* The code points of a str (malloc'ed). */
static uint32_t *str_cps(Obj *s, Ssize *n)
{
    *n = VAR_SIZE(s);
    uint32_t *v = malloc(sizeof(uint32_t) * (size_t)(*n + 1));
    if (!v) return NULL;
    for (Ssize i = 0; i < *n; i++) v[i] = str_char(s, i);
    return v;
}

typedef struct Differ {
    Obj *a, *b;            /* lists of str */
    uint32_t *ia, *ib;     /* line numbers: equal lines share one */
    Obj *out;              /* list of output lines */
} Differ;

static int emit(Differ *d, const char *tag, Obj *line)
{
    Obj *s = str_from_fmt("%s %S", tag, line);
    int r = s ? list_append(d->out, s) : -1;
    XDECREF(s);
    return r;
}

static int dump(Differ *d, const char *tag, Obj *x, Ssize lo, Ssize hi)
{
    for (Ssize i = lo; i < hi; i++)
        if (emit(d, tag, LIST_ITEMS(x)[i]) < 0) return -1;
    return 0;
}

static int plain_replace(Differ *d, Ssize alo, Ssize ahi, Ssize blo, Ssize bhi)
{
    if (bhi - blo < ahi - alo) return dump(d, "+", d->b, blo, bhi) < 0 ? -1 : dump(d, "-", d->a, alo, ahi);
    return dump(d, "-", d->a, alo, ahi) < 0 ? -1 : dump(d, "+", d->b, blo, bhi);
}

static int fancy_replace(Differ *d, Ssize alo, Ssize ahi, Ssize blo, Ssize bhi);

static int fancy_helper(Differ *d, Ssize alo, Ssize ahi, Ssize blo, Ssize bhi)
{
    if (alo < ahi) return blo < bhi ? fancy_replace(d, alo, ahi, blo, bhi) : dump(d, "-", d->a, alo, ahi);
    if (blo < bhi) return dump(d, "+", d->b, blo, bhi);
    return 0;
}

/* _keep_original_ws(line, tags).rstrip() as a str */
static Obj *tag_line(Obj *line, const char *tags, Ssize n)
{
    char *t = malloc((size_t)n + 1);
    if (!t) {
        vm_err_no_memory();
        return NULL;
    }
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = i < VAR_SIZE(line) ? str_char(line, i) : 0;
        bool sp = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
        t[i] = tags[i] == ' ' && sp ? (char)c : tags[i];
    }
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n' || t[n - 1] == '\r' ||
                     t[n - 1] == '\v' || t[n - 1] == '\f'))
        n--;
    Obj *r = str_from_utf8(t, n);
    free(t);
    return r;
}

static int qformat(Differ *d, Obj *aline, Obj *bline, const char *atags, Ssize na, const char *btags, Ssize nb)
{
    Obj *at = tag_line(aline, atags, na), *bt = at ? tag_line(bline, btags, nb) : NULL;
    int rc = bt ? 0 : -1;
    if (rc == 0) rc = emit(d, "-", aline);
    if (rc == 0 && VAR_SIZE(at)) {
        Obj *s = str_from_fmt("? %S\n", at);
        rc = s ? list_append(d->out, s) : -1;
        XDECREF(s);
    }
    if (rc == 0) rc = emit(d, "+", bline);
    if (rc == 0 && VAR_SIZE(bt)) {
        Obj *s = str_from_fmt("? %S\n", bt);
        rc = s ? list_append(d->out, s) : -1;
        XDECREF(s);
    }
    XDECREF(at);
    XDECREF(bt);
    return rc;
}

/* The intraline tags of two similar lines. */
static int mark_pair(Differ *d, Obj *aelt, Obj *belt)
{
    Seq sa, sb;
    uint32_t *va = str_cps(aelt, &sa.n), *vb = va ? str_cps(belt, &sb.n) : NULL;
    char *atags = vb ? malloc((size_t)sa.n + 1) : NULL, *btags = atags ? malloc((size_t)sb.n + 1) : NULL;
    Matcher m = {0};
    Opcode *ops = NULL;
    Ssize nops = -1, na = 0, nb = 0;
    if (btags) {
        sa.v = va;
        sb.v = vb;
        if (matcher_init(&m, sa, sb, true) == 0) nops = get_opcodes(&m, &ops);
        matcher_free(&m);
    }
    for (Ssize r = 0; r < nops; r++) {
        Ssize la = ops[r].i2 - ops[r].i1, lb = ops[r].j2 - ops[r].j1;
        char ca = ops[r].tag == 'r' ? '^' : ops[r].tag == 'd' ? '-' : ops[r].tag == 'e' ? ' ' : 0;
        char cb = ops[r].tag == 'r' ? '^' : ops[r].tag == 'i' ? '+' : ops[r].tag == 'e' ? ' ' : 0;
        if (ca) memset(atags + na, ca, (size_t)la), na += la;
        if (cb) memset(btags + nb, cb, (size_t)lb), nb += lb;
    }
    int rc = nops < 0 ? -1 : qformat(d, aelt, belt, atags, na, btags, nb);
    if (nops < 0) vm_err_no_memory();
    free(ops);
    free(va);
    free(vb);
    free(atags);
    free(btags);
    return rc;
}

static int fancy_replace(Differ *d, Ssize alo, Ssize ahi, Ssize blo, Ssize bhi)
{
    double best_ratio = 0.74, cutoff = 0.75;
    Ssize eqi = -1, eqj = -1, best_i = -1, best_j = -1;
    for (Ssize j = blo; j < bhi; j++) {
        Seq sb;
        uint32_t *vb = str_cps(LIST_ITEMS(d->b)[j], &sb.n);
        if (!vb) goto nomem;
        sb.v = vb;
        Matcher m = {0};
        bool ok = false;
        for (Ssize i = alo; i < ahi; i++) {
            if (d->ia[i] == d->ib[j]) {
                if (eqi < 0) eqi = i, eqj = j;
                continue;
            }
            Seq sa;
            uint32_t *va = str_cps(LIST_ITEMS(d->a)[i], &sa.n);
            if (!va) {
                free(vb);
                goto nomem;
            }
            sa.v = va;
            Ssize mn = sa.n < sb.n ? sa.n : sb.n;
            if (calc_ratio(mn, sa.n + sb.n) > best_ratio && quick_ratio(sa, sb) > best_ratio) {
                if (!ok && matcher_init(&m, sa, sb, true) < 0) {
                    matcher_free(&m);
                    free(va);
                    free(vb);
                    goto nomem;
                }
                ok = true;
                m.a = sa;
                double r = full_ratio(&m);
                if (r > best_ratio) best_ratio = r, best_i = i, best_j = j;
            }
            free(va);
        }
        if (ok) matcher_free(&m);
        free(vb);
    }
    if (best_ratio < cutoff) {
        if (eqi < 0) return plain_replace(d, alo, ahi, blo, bhi);
        best_i = eqi, best_j = eqj;
    } else {
        eqi = -1;
    }
    if (fancy_helper(d, alo, best_i, blo, best_j) < 0) return -1;
    Obj *aelt = LIST_ITEMS(d->a)[best_i], *belt = LIST_ITEMS(d->b)[best_j];
    if (eqi < 0) {
        if (mark_pair(d, aelt, belt) < 0) return -1;
    } else if (emit(d, " ", aelt) < 0) {
        return -1;
    }
    return fancy_helper(d, best_i + 1, ahi, best_j + 1, bhi);
nomem:
    vm_err_no_memory();
    return -1;
}

/* Number each line of both lists: equal lines get the same number. */
static int number_lines(Differ *d)
{
    Obj *ids = dict_new();
    if (!ids) return -1;
    Obj *lists[2] = {d->a, d->b};
    uint32_t **outs[2] = {&d->ia, &d->ib};
    int rc = 0;
    for (int k = 0; k < 2 && rc == 0; k++) {
        Ssize n = LIST_LEN(lists[k]);
        *outs[k] = malloc(sizeof(uint32_t) * (size_t)(n + 1));
        if (!*outs[k]) {
            vm_err_no_memory();
            rc = -1;
            break;
        }
        for (Ssize i = 0; i < n && rc == 0; i++) {
            Obj *line = LIST_ITEMS(lists[k])[i];
            Obj *id = dict_get_borrow(ids, line);
            if (!id && vm_err_occurred()) {
                rc = -1;
                break;
            }
            int64_t v = dict_len(ids);
            if (id) int_as_i64(id, &v);
            else {
                Obj *nid = int_from_i64(v);
                rc = nid ? dict_set(ids, line, nid) : -1;
                XDECREF(nid);
            }
            (*outs[k])[i] = (uint32_t)v;
        }
    }
    DECREF(ids);
    return rc;
}

static Obj *ndiff_join(Obj *a, Obj *b, const char *sep)
{
    Differ d = {.a = a, .b = b};
    if (!LIST_CHECK(a) || !LIST_CHECK(b)) {
        vm_err_set_str(&exc_TypeError, "ndiff needs lists of lines");
        return NULL;
    }
    for (int k = 0; k < 2; k++)
        for (Ssize i = 0; i < LIST_LEN(k ? b : a); i++)
            if (!STR_CHECK(LIST_ITEMS(k ? b : a)[i])) {
                vm_err_set_str(&exc_TypeError, "ndiff needs lists of str");
                return NULL;
            }
    d.out = list_new(0);
    Obj *res = NULL;
    if (!d.out || number_lines(&d) < 0) goto out;
    Matcher m = {0};
    Opcode *ops = NULL;
    Seq sa = {d.ia, LIST_LEN(a)}, sb = {d.ib, LIST_LEN(b)};
    Ssize nops = matcher_init(&m, sa, sb, false) == 0 ? get_opcodes(&m, &ops) : -1;
    matcher_free(&m);
    if (nops < 0) {
        vm_err_no_memory();
        goto out;
    }
    int rc = 0;
    for (Ssize r = 0; rc == 0 && r < nops; r++) {
        Opcode o = ops[r];
        switch (o.tag) {
        case 'r': rc = fancy_replace(&d, o.i1, o.i2, o.j1, o.j2); break;
        case 'd': rc = dump(&d, "-", a, o.i1, o.i2); break;
        case 'i': rc = dump(&d, "+", b, o.j1, o.j2); break;
        default: rc = dump(&d, " ", a, o.i1, o.i2); break;
        }
    }
    free(ops);
    if (rc == 0) res = str_steal_join(sep, INCREF(d.out));
out:
    XDECREF(d.out);
    free(d.ia);
    free(d.ib);
    return res;
}

/* ---- FunctionTestCase -------------------------------------------------------------------------------- */


static Obj *ftc_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"testFunc", "setUp", "tearDown", "description"};
    Obj *v[4];
    BIND("__init__", names, 4, 4, 1, v);
    Obj *r = tc_init(self, NULL, 0, NULL);
    if (!r) return NULL;
    DECREF(r);
    if (sa(self, "_setUpFunc", v[1] ? v[1] : NONE) < 0 || sa(self, "_tearDownFunc", v[2] ? v[2] : NONE) < 0 ||
        sa(self, "_testFunc", v[0]) < 0 || sa(self, "_description", v[3] ? v[3] : NONE) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *ftc_call_attr(Obj *self, const char *attr, bool optional)
{
    Obj *f = ga(self, attr);
    if (!f) return NULL;
    Obj *r = optional && f == NONE ? INCREF(NONE) : obj_call(f, NULL, 0, NULL);
    DECREF(f);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

#define FTC_CALL(cname, pyname, attr, optional)                              \
    static Obj *cname(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)     \
    {                                                                        \
        (void)args;                                                          \
        if (mh_no_args(pyname, nargs, kw) < 0) return NULL;                  \
        return ftc_call_attr(self, attr, optional);                          \
    }
FTC_CALL(ftc_set_up, "setUp", "_setUpFunc", true)
FTC_CALL(ftc_tear_down, "tearDown", "_tearDownFunc", true)
FTC_CALL(ftc_run_test, "runTest", "_testFunc", false)

static Obj *ftc_func_name(Obj *self)
{
    Obj *f = ga(self, "_testFunc");
    Obj *n = f ? ga(f, "__name__") : NULL;
    XDECREF(f);
    return n;
}

static Obj *ftc_id(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("id", nargs, kw) < 0) return NULL;
    return ftc_func_name(self);
}

/* (type(self), setUp, tearDown, testFunc, description) */
static Obj *ftc_key(Obj *self)
{
    static const char *const attrs[] = {"_setUpFunc", "_tearDownFunc", "_testFunc", "_description"};
    Obj *t = tuple_new(5);
    if (!t) return NULL;
    TUPLE_ITEMS(t)[0] = INCREF(type_of(self));
    for (int i = 0; i < 4; i++)
        if (!(TUPLE_ITEMS(t)[i + 1] = ga(self, attrs[i]))) {
            for (int k = i + 2; k < 5; k++) TUPLE_ITEMS(t)[k] = INCREF(NONE);
            DECREF(t);
            return NULL;
        }
    return t;
}

static Obj *ftc_eq(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("__eq__", nargs, kw) < 0) return NULL;
    int i = isinst(args[0], type_of(self));
    if (i <= 0) return i < 0 ? NULL : INCREF(NOTIMPL);
    Obj *a = ftc_key(self), *b = a ? ftc_key(args[0]) : NULL;
    Obj *ta = a ? tuple_slice(a, 1, 5) : NULL, *tb = b ? tuple_slice(b, 1, 5) : NULL;
    Obj *r = ta && tb ? obj_richcompare(ta, tb, CMP_EQ) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(ta);
    XDECREF(tb);
    return r;
}

static Obj *ftc_hash(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__hash__", nargs, kw) < 0) return NULL;
    Obj *k = ftc_key(self);
    if (!k) return NULL;
    Hash h = obj_hash(k);
    DECREF(k);
    if (h == -1 && vm_err_occurred()) return NULL;
    return int_from_i64(h);
}

static Obj *ftc_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__str__", nargs, kw) < 0) return NULL;
    return with_class(self, ftc_func_name(self), "%S (%S)");
}

static Obj *ftc_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    return with_class(self, ga(self, "_testFunc"), "<%S tec=%S>");
}

static Obj *ftc_short_description(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("shortDescription", nargs, kw) < 0) return NULL;
    Obj *d = ga(self, "_description");
    if (!d || d != NONE) return d;
    DECREF(d);
    Obj *f = ga(self, "_testFunc"), *doc = f ? gad(f, "__doc__", NONE) : NULL;
    XDECREF(f);
    if (!doc) return NULL;
    int t = obj_is_true(doc);
    if (t <= 0) {
        DECREF(doc);
        return t < 0 ? NULL : INCREF(NONE);
    }
    Obj *nl = S("\n");
    Obj *parts = nl ? obj_call_method(doc, "split", &nl, 1) : NULL;
    XDECREF(nl);
    DECREF(doc);
    Obj *first = parts ? obj_call_method(LIST_ITEMS(parts)[0], "strip", NULL, 0) : NULL;
    XDECREF(parts);
    if (!first) return NULL;
    if (VAR_SIZE(first)) return first;
    DECREF(first);
    return INCREF(NONE);
}

static const MethodDef ftc_methods[] = {
    {"__init__", ftc_init, METH_FAST, NULL},
    {"setUp", ftc_set_up, METH_FAST, NULL},
    {"tearDown", ftc_tear_down, METH_FAST, NULL},
    {"runTest", ftc_run_test, METH_FAST, NULL},
    {"id", ftc_id, METH_FAST, NULL},
    {"__eq__", ftc_eq, METH_FAST, NULL},
    {"__hash__", ftc_hash, METH_FAST, NULL},
    {"__str__", ftc_str, METH_FAST, NULL},
    {"__repr__", ftc_repr, METH_FAST, NULL},
    {"shortDescription", ftc_short_description, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- IsolatedAsyncioTestCase (async_case.py) ------------------------------------------------------------
 * Each test runs in its own asyncio.Runner(debug=True): the parts go through the _call* hooks,
 * and a part that is a coroutine function (or returns a coroutine) is run to completion in it.
 * asyncSetUp/asyncTearDown are awaited when the class overrides them. */


/* The frames CPython's tracebacks keep when an async test method raises: async_case.py has no
 * __unittest marker, and the runner's frames follow (tbframe.h). */
static const TbLine tb_async_lines[] = {
    {"_callTestMethod", "IsolatedAsyncioTestCase._callTestMethod", 89, 90,
     "        if self._callMaybeAsync(method) is not None:", "self._callMaybeAsync(method)"},
    {"_callMaybeAsync", "IsolatedAsyncioTestCase._callMaybeAsync", 109, 112,
     "            return self._asyncioRunner.run(", "self._asyncioRunner.run("},
    {"_callMaybeAsync", "IsolatedAsyncioTestCase._callMaybeAsync", 109, 117,
     "            return self._asyncioTestContext.run(func, *args, **kwargs)",
     "self._asyncioTestContext.run(func, *args, **kwargs)"},
};
static TbFile tb_async_file = {"unittest/async_case.py", tb_async_lines, 3, NULL};

/* TestCase.NAME bound to self (super(IsolatedAsyncioTestCase, self).NAME). */
static Obj *super_call_lookup(Obj *self, const char *name)
{
    Obj *f = type_lookup((TypeObj *)testcase_cls, id_str(name));
    if (!f) {
        vm_err_format(&exc_AttributeError, "'super' object has no attribute '%s'", name);
        return NULL;
    }
    DescrGetFn get = OBJ_TYPE(f)->descr_get;
    return get ? get(f, self, type_of(self)) : INCREF(f);
}

static Obj *iatc_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *r = tc_init(self, args, nargs, kw);
    if (!r) return NULL;
    DECREF(r);
    return sa(self, "_asyncioRunner", NONE) < 0 ? NULL : INCREF(NONE);
}

/* _callMaybeAsync: func(*args, **kw), a coroutine result run in the test's runner. */
static Obj *call_maybe_async(Obj *self, Obj *func, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *r = obj_call(func, args, nargs, kw);
    if (!r || !IS_TYPE(r, coroutine_type)) return r;
    Obj *runner = ga(self, "_asyncioRunner");
    Obj *res = NULL;
    if (runner == NONE) vm_err_set_str(&exc_AssertionError, "asyncio runner is not initialized");
    else if (runner) res = obj_call_method(runner, "run", &r, 1);
    XDECREF(runner);
    DECREF(r);
    return res;
}

/* Await self.NAME() when the class overrides the default coroutine method. */
static int call_async_hook(Obj *self, const char *name)
{
    Obj *key = str_intern_cstr(name);
    Obj *f = key ? type_lookup(OBJ_TYPE(self), key) : NULL;
    Obj *base = key ? type_lookup((TypeObj *)iatc_cls, key) : NULL;
    XDECREF(key);
    if (!f || f == base) return 0;
    Obj *m = ga(self, name);
    Obj *r = m ? call_maybe_async(self, m, NULL, 0, NULL) : NULL;
    XDECREF(m);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static Obj *iatc_call_set_up(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_callSetUp", nargs, kw) < 0 || call_void(self, "setUp", NULL, 0) < 0 ||
        call_async_hook(self, "asyncSetUp") < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *iatc_call_tear_down(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("_callTearDown", nargs, kw) < 0 || call_async_hook(self, "asyncTearDown") < 0 ||
        call_void(self, "tearDown", NULL, 0) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *iatc_call_test_method(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_callTestMethod", "_callTestMethod", nargs, kw, 1, 1) < 0) return NULL;
    Obj *runner = ga(self, "_asyncioRunner");
    if (!runner) return NULL;
    if (runner == NONE) {
        DECREF(runner);
        vm_err_set_str(&exc_AssertionError, "asyncio runner is not initialized");
        return NULL;
    }
    bool is_async = false;
    Obj *r = obj_call(args[0], NULL, 0, NULL);
    if (r && IS_TYPE(r, coroutine_type)) {
        Obj *coro = r;
        is_async = true;
        /* asyncio's Runner.run adds its own runners.py / base_events.py frames */
        r = obj_call_method(runner, "run", &coro, 1);
        DECREF(coro);
    }
    DECREF(runner);
    if (!r) {
        tbframe_push(&tb_async_file, is_async ? 1 : 2);
        tbframe_push(&tb_async_file, 0);
        return NULL;
    }
    DECREF(r);
    return INCREF(NONE);
}

static Obj *iatc_call_cleanup(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (nargs < 1) {
        vm_err_set_str(&exc_TypeError, "IsolatedAsyncioTestCase._callCleanup() missing 1 required positional argument: 'function'");
        return NULL;
    }
    Obj *r = call_maybe_async(self, args[0], args + 1, nargs - 1, kw);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

/* run/debug inside a fresh asyncio.Runner(debug=True), closed afterwards. */
static Obj *iatc_with_runner(Obj *self, const char *meth, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *rc = import_attr("asyncio", "Runner");
    Obj *kn = rc ? tuple_pack(1, id_str("debug")) : NULL;
    Obj *runner = kn ? obj_call(rc, (Obj *[]){TRUE_}, 0, kn) : NULL;
    XDECREF(rc);
    XDECREF(kn);
    if (sa(self, "_asyncioRunner", runner) < 0) {
        XDECREF(runner);
        return NULL;
    }
    Obj *f = super_call_lookup(self, meth);
    Obj *r = f ? obj_call(f, args, nargs, kw) : NULL;
    XDECREF(f);
    Obj *pending = r ? NULL : vm_err_fetch();
    if (call_void(runner, "close", NULL, 0) < 0) {
        XDECREF(pending);
        CLEAR(r);
    } else if (pending) {
        vm_err_restore(pending);
    }
    DECREF(runner);
    return r;
}

static Obj *iatc_run(Obj *s, Obj *const *a, Ssize n, Obj *k) { return iatc_with_runner(s, "run", a, n, k); }
static Obj *iatc_debug(Obj *s, Obj *const *a, Ssize n, Obj *k) { return iatc_with_runner(s, "debug", a, n, k); }

static Obj *iatc_async_noop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("asyncSetUp", nargs, kw) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *iatc_add_async_cleanup(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return tc_add_cleanup(self, args, nargs, kw);
}

static const MethodDef iatc_methods[] = {
    {"__init__", iatc_init, METH_FAST, NULL},
    {"asyncSetUp", iatc_async_noop, METH_FAST, NULL},
    {"asyncTearDown", iatc_async_noop, METH_FAST, NULL},
    {"addAsyncCleanup", iatc_add_async_cleanup, METH_FAST, NULL},
    {"_callSetUp", iatc_call_set_up, METH_FAST, NULL},
    {"_callTestMethod", iatc_call_test_method, METH_FAST, NULL},
    {"_callTearDown", iatc_call_tear_down, METH_FAST, NULL},
    {"_callCleanup", iatc_call_cleanup, METH_FAST, NULL},
    {"run", iatc_run, METH_FAST, NULL},
    {"debug", iatc_debug, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ---------------------------------------------------------------------------------------------- */

static const MethodDef testcase_methods[] = {
    {"__init__", tc_init, METH_FAST, NULL},
    {"setUp", tc_noop, METH_FAST, NULL},
    {"tearDown", tc_noop, METH_FAST, NULL},
    {"setUpClass", tc_noop, METH_FAST | METH_CLASS, NULL},
    {"tearDownClass", tc_noop, METH_FAST | METH_CLASS, NULL},
    {"countTestCases", tc_count, METH_FAST, NULL},
    {"defaultTestResult", tc_default_result, METH_FAST, NULL},
    {"shortDescription", tc_short_description, METH_FAST, NULL},
    {"id", tc_id, METH_FAST, NULL},
    {"__eq__", tc_eq, METH_FAST, NULL},
    {"__hash__", tc_hash, METH_FAST, NULL},
    {"__str__", tc_str, METH_FAST, NULL},
    {"__repr__", tc_repr, METH_FAST, NULL},
    {"subTest", tc_sub_test, METH_FAST, NULL},
    {"run", tc_run, METH_FAST, NULL},
    {"_callSetUp", tc_call_set_up, METH_FAST, NULL},
    {"_callTestMethod", tc_call_test_method, METH_FAST, NULL},
    {"_callTearDown", tc_call_tear_down, METH_FAST, NULL},
    {"_callCleanup", tc_call_cleanup, METH_FAST, NULL},
    {"__call__", tc_call, METH_FAST, NULL},
    {"debug", tc_debug, METH_FAST, NULL},
    {"doCleanups", tc_do_cleanups, METH_FAST, NULL},
    {"addCleanup", tc_add_cleanup, METH_FAST, NULL},
    {"addClassCleanup", tc_add_class_cleanup, METH_FAST | METH_CLASS, NULL},
    {"__init_subclass__", tc_init_subclass, METH_FAST | METH_CLASS, NULL},
    {"doClassCleanups", tc_do_class_cleanups, METH_FAST | METH_CLASS, NULL},
    {"skipTest", tc_skip_test, METH_FAST, NULL},
    {"fail", tc_fail, METH_FAST, NULL},
    {"addTypeEqualityFunc", tc_add_type_equality_func, METH_FAST, NULL},
    {"assertTrue", tc_assert_true, METH_FAST, NULL},
    {"assertFalse", tc_assert_false, METH_FAST, NULL},
    {"assertEqual", tc_assert_equal, METH_FAST, NULL},
    {"assertNotEqual", tc_assert_not_equal, METH_FAST, NULL},
    {"assertAlmostEqual", tc_assert_almost_equal, METH_FAST, NULL},
    {"assertNotAlmostEqual", tc_assert_not_almost_equal, METH_FAST, NULL},
    {"assertSequenceEqual", tc_assert_sequence_equal, METH_FAST, NULL},
    {"assertListEqual", tc_assert_list_equal, METH_FAST, NULL},
    {"assertTupleEqual", tc_assert_tuple_equal, METH_FAST, NULL},
    {"assertSetEqual", tc_assert_set_equal, METH_FAST, NULL},
    {"assertDictEqual", tc_assert_dict_equal, METH_FAST, NULL},
    {"assertMultiLineEqual", tc_assert_multiline_equal, METH_FAST, NULL},
    {"assertCountEqual", tc_assert_count_equal, METH_FAST, NULL},
    {"assertLess", tc_assert_less, METH_FAST, NULL},
    {"assertLessEqual", tc_assert_less_equal, METH_FAST, NULL},
    {"assertGreater", tc_assert_greater, METH_FAST, NULL},
    {"assertGreaterEqual", tc_assert_greater_equal, METH_FAST, NULL},
    {"assertIn", tc_assert_in, METH_FAST, NULL},
    {"assertNotIn", tc_assert_not_in, METH_FAST, NULL},
    {"assertIs", tc_assert_is, METH_FAST, NULL},
    {"assertIsNot", tc_assert_is_not, METH_FAST, NULL},
    {"assertIsNone", tc_assert_is_none, METH_FAST, NULL},
    {"assertIsNotNone", tc_assert_is_not_none, METH_FAST, NULL},
    {"assertIsInstance", tc_assert_is_instance, METH_FAST, NULL},
    {"assertNotIsInstance", tc_assert_not_is_instance, METH_FAST, NULL},
    {"assertRaises", tc_assert_raises, METH_FAST, NULL},
    {"assertRaisesRegex", tc_assert_raises_regex, METH_FAST, NULL},
    {"assertWarns", tc_assert_warns, METH_FAST, NULL},
    {"assertWarnsRegex", tc_assert_warns_regex, METH_FAST, NULL},
    {"assertRegex", tc_assert_regex, METH_FAST, NULL},
    {"assertNotRegex", tc_assert_not_regex, METH_FAST, NULL},
    {"assertLogs", tc_assert_logs, METH_FAST, NULL},
    {"assertNoLogs", tc_assert_no_logs, METH_FAST, NULL},
    {"enterContext", tc_enter_context, METH_FAST, NULL},
    {"enterClassContext", tc_enter_class_context, METH_FAST | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef outcome_methods[] = {
    {"__init__", outcome_init, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef unittest_functions[] = {
    {"skip", f_skip, METH_FAST, NULL},
    {"skipIf", f_skip_if, METH_FAST, NULL},
    {"skipUnless", f_skip_unless, METH_FAST, NULL},
    {"expectedFailure", f_expected_failure, METH_FAST, NULL},
    {"addModuleCleanup", f_add_module_cleanup, METH_FAST, NULL},
    {"doModuleCleanups", f_do_module_cleanups, METH_FAST, NULL},
    {"getTestCaseNames", f_get_test_case_names, METH_FAST, NULL},
    {"makeSuite", f_make_suite, METH_FAST, NULL},
    {"findTestCases", f_find_test_cases, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const MethodDef cmp_def = {"three_way_cmp", f_three_way_cmp, METH_FAST, NULL};

/* class NAME(base) in module modname; steals nothing, returns the new class. */
static Obj *mk(const char *modname, const char *name, Obj *base, const MethodDef *defs)
{
    Obj *bases = base ? tuple_pack(1, base) : NULL;
    if (base && !bases) return NULL;
    Obj *c = mh_class(modname, name, bases, defs, NULL, NULL);
    XDECREF(bases);
    return c;
}

static int set_cls_attr(Obj *cls, const char *name, Obj *v)   /* steals v */
{
    return sa_steal(cls, name, v);
}

static int build_classes(void)
{
    Obj **roots[] = {&skiptest_cls, &shouldstop_cls, &testcase_cls, &subtest_cls, &outcome_cls, &basesuite_cls,
                     &suite_cls, &loader_cls, &result_cls, &textresult_cls, &runner_cls, &writeln_cls, &program_cls,
                     &errholder_cls, &raisesctx_cls, &warnsctx_cls, &subctx_cls, &skipdeco_cls, &default_loader,
                     &subtest_sentinel, &module_cleanups, &ftc_cls, &iatc_cls};
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) vm_static_roots(roots[i], 1);
    if (!(skiptest_cls = mk("unittest.case", "SkipTest", (Obj *)&exc_Exception, NULL)) ||
        !(shouldstop_cls = mk("unittest.case", "_ShouldStop", (Obj *)&exc_Exception, NULL)) ||
        !(outcome_cls = mk("unittest.case", "_Outcome", NULL, outcome_methods)) ||
        !(testcase_cls = mk("unittest.case", "TestCase", NULL, testcase_methods)) ||
        !(subtest_cls = mk("unittest.case", "_SubTest", testcase_cls, subtest_methods)) ||
        !(ftc_cls = mk("unittest.case", "FunctionTestCase", testcase_cls, ftc_methods)) ||
        !(iatc_cls = mk("unittest.async_case", "IsolatedAsyncioTestCase", testcase_cls, iatc_methods)) ||
        !(raisesctx_cls = mk("unittest.case", "_AssertRaisesContext", NULL, raisesctx_methods)) ||
        !(warnsctx_cls = mk("unittest.case", "_AssertWarnsContext", NULL, warnsctx_methods)) ||
        !(subctx_cls = mk("unittest.case", "_SubTestContext", NULL, subctx_methods)) ||
        !(skipdeco_cls = mk("unittest.case", "_SkipDecorator", NULL, skipdeco_methods)) ||
        !(basesuite_cls = mk("unittest.suite", "BaseTestSuite", NULL, basesuite_methods)) ||
        !(suite_cls = mk("unittest.suite", "TestSuite", basesuite_cls, suite_methods)) ||
        !(errholder_cls = mk("unittest.suite", "_ErrorHolder", NULL, errholder_methods)) ||
        !(loader_cls = mk("unittest.loader", "TestLoader", NULL, loader_methods)) ||
        !(result_cls = mk("unittest.result", "TestResult", NULL, result_methods)) ||
        !(writeln_cls = mk("unittest.runner", "_WritelnDecorator", NULL, writeln_methods)) ||
        !(textresult_cls = mk("unittest.runner", "TextTestResult", result_cls, textresult_methods)) ||
        !(runner_cls = mk("unittest.runner", "TextTestRunner", NULL, runner_methods)) ||
        !(program_cls = mk("unittest.main", "TestProgram", NULL, program_methods)))
        return -1;
    Obj *maxdiff = int_from_i64(80 * 8);
    if (set_cls_attr(testcase_cls, "failureException", INCREF(&exc_AssertionError)) < 0 ||
        set_cls_attr(testcase_cls, "longMessage", INCREF(TRUE_)) < 0 ||
        set_cls_attr(testcase_cls, "maxDiff", maxdiff) < 0 ||
        set_cls_attr(testcase_cls, "_diffThreshold", int_from_i64(1 << 16)) < 0 ||
        set_cls_attr(basesuite_cls, "_cleanup", INCREF(TRUE_)) < 0 ||
        set_cls_attr(result_cls, "_previousTestClass", INCREF(NONE)) < 0 ||
        set_cls_attr(result_cls, "_testRunEntered", INCREF(FALSE_)) < 0 ||
        set_cls_attr(result_cls, "_moduleSetUpFailed", INCREF(FALSE_)) < 0 ||
        set_cls_attr(textresult_cls, "separator1", S("======================================================================")) < 0 ||
        set_cls_attr(textresult_cls, "separator2", S("----------------------------------------------------------------------")) < 0 ||
        set_cls_attr(runner_cls, "resultclass", INCREF(textresult_cls)) < 0 ||
        set_cls_attr(loader_cls, "testMethodPrefix", S("test")) < 0 ||
        set_cls_attr(loader_cls, "sortTestMethodsUsing", mu_builtin(&cmp_def, NULL, "unittest.util")) < 0 ||
        set_cls_attr(loader_cls, "suiteClass", INCREF(suite_cls)) < 0 ||
        set_cls_attr(loader_cls, "testNamePatterns", INCREF(NONE)) < 0 ||
        set_cls_attr(program_cls, "module", INCREF(NONE)) < 0 ||
        set_cls_attr(program_cls, "verbosity", int_from_i64(1)) < 0)
        return -1;
    static const char *const program_nones[] = {"failfast", "catchbreak", "buffer", "progName", "warnings",
                                                "testNamePatterns"};
    for (size_t i = 0; i < sizeof program_nones / sizeof *program_nones; i++)
        if (set_cls_attr(program_cls, program_nones[i], INCREF(NONE)) < 0) return -1;
    if (!(subtest_sentinel = obj_call((Obj *)&object_type, NULL, 0, NULL))) return -1;
    if (!(module_cleanups = list_new(0))) return -1;
    if (!(default_loader = obj_call(loader_cls, NULL, 0, NULL))) return -1;
    return 0;
}

/* The package's modules a program may name (unittest.case.SkipTest, from unittest.result import
 * TestResult): made with the package, holding its objects, and entered in sys.modules. */
static int add_submodules(Obj *pkg)
{
    static const struct {
        const char *name;
        const char *names[12];
    } subs[] = {
        {"case", {"TestCase", "FunctionTestCase", "SkipTest", "skip", "skipIf", "skipUnless", "expectedFailure", "addModuleCleanup",
                  "doModuleCleanups", NULL}},
        {"suite", {"TestSuite", "BaseTestSuite", NULL}},
        {"loader", {"TestLoader", "defaultTestLoader", "getTestCaseNames", "makeSuite", "findTestCases", NULL}},
        {"result", {"TestResult", NULL}},
        {"runner", {"TextTestRunner", "TextTestResult", NULL}},
        {"util", {NULL}},
    };
    Obj *mods = sys_get_borrow("modules");
    Obj *d = module_dict_borrow(pkg);
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
        Obj *full = str_from_fmt("unittest.%s", subs[i].name);
        const char *fn = full ? str_utf8(full, NULL) : NULL;
        Obj *sub = fn ? mh_module(fn, NULL) : NULL;
        int bad = !sub;
        for (int k = 0; !bad && subs[i].names[k]; k++)
            bad = mh_add_obj(sub, subs[i].names[k], dict_get_str_borrow(d, subs[i].names[k])) < 0;
        if (!bad && !strcmp(subs[i].name, "util")) {
            Obj *cmp = obj_getattr_str(loader_cls, "sortTestMethodsUsing");
            bad = module_add(sub, "three_way_cmp", cmp) < 0;
        }
        if (!bad) bad = mh_add_obj(pkg, subs[i].name, sub) < 0 || (mods && DICT_CHECK(mods) && dict_set(mods, full, sub) < 0);
        XDECREF(full);
        XDECREF(sub);
        if (bad) return -1;
    }
    return 0;
}

static Obj *unittest_init(void)
{
    if (!testcase_cls && build_classes() < 0) return NULL;
    Obj *m = mh_module(MOD, unittest_functions);
    if (!m) return NULL;
    struct {
        const char *name;
        Obj *v;
    } exports[] = {
        {"SkipTest", skiptest_cls},       {"TestCase", testcase_cls},       {"TestSuite", suite_cls},
        {"BaseTestSuite", basesuite_cls}, {"TestLoader", loader_cls},       {"TestResult", result_cls},
        {"TextTestResult", textresult_cls}, {"TextTestRunner", runner_cls}, {"TestProgram", program_cls},
        {"main", program_cls},            {"defaultTestLoader", default_loader}, {"FunctionTestCase", ftc_cls},
        {"IsolatedAsyncioTestCase", iatc_cls},
    };
    for (size_t i = 0; i < sizeof exports / sizeof *exports; i++)
        if (mh_add_obj(m, exports[i].name, exports[i].v) < 0) {
            DECREF(m);
            return NULL;
        }
    if (module_add(m, "__path__", list_new(0)) < 0 || add_submodules(m) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_unittest_register(void) { import_register_native("unittest", unittest_init); }
