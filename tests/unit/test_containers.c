/* test_containers.c — tuple, list, list.sort, dict, set/frozenset, range,
 * slice and the iterator types, driven from C.
 *
 * Every expected text, number and order below was printed by CPython 3.12.1
 * (PYTHONHASHSEED=0) running the same operations; the generator scripts
 * are summarised next to each test.  Sort traces: the list of (i, j) pairs
 * `<` was called with, reduced to a count and a checksum, for items whose
 * __lt__ records them; the item sequences come from a small LCG that the
 * Python side computes identically.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "pydbg/vm.h"
#include "unit.h"

#include <stdlib.h>

static void setup(void)
{
    setenv("PYTHONHASHSEED", "0", 1);   /* expected values were recorded with seed 0 */
    vm_init(312, 0, NULL, NULL);
}

/* ---- helpers ------------------------------------------------------------------ */

/* The pending exception as "Type: message" (cleared). */
static const char *err_text(void)
{
    static char buf[1024];
    Obj *e = vm_err_fetch();
    if (!e)
        return "(no exception)";
    Obj *s = obj_str(e);
    Ssize n = 0;
    const char *u = s ? str_utf8_lossy(s, &n) : "?";
    snprintf(buf, sizeof buf, "%s: %.*s", OBJ_TYPE(e)->name, (int)n, u);
    XDECREF(s);
    DECREF(e);
    return buf;
}

/* repr(o) as text, or the exception when o is NULL; steals o. */
static const char *R(Obj *o)
{
    static char bufs[4][4096];
    static int k;
    char *buf = bufs[k = (k + 1) % 4];
    if (!o)
        return strcpy(buf, err_text());
    Obj *s = obj_repr(o);
    DECREF(o);
    if (!s)
        return strcpy(buf, err_text());
    Ssize n;
    const char *u = str_utf8_lossy(s, &n);
    snprintf(buf, sizeof bufs[0], "%.*s", (int)n, u);
    DECREF(s);
    return buf;
}

/* repr without stealing */
static const char *Rb(Obj *o) { return R(INCREF(o)); }

/* Objects the checks make inline (S("x") passed where a borrowed argument
 * is expected) are kept here until the test's process ends, so they are
 * neither freed under the call nor reported as leaks. */
static Obj *kept[4096];
static size_t nkept;
static Obj *keep(Obj *o)
{
    if (o && nkept < sizeof kept / sizeof kept[0]) kept[nkept++] = INCREF(o);
    return o;
}

static Obj *I(long v) { return keep(int_from_i64(v)); }
static Obj *S(const char *s) { return keep(str_from_cstr(s)); }

/* list of n ints */
static Obj *ints(int n, ...)
{
    Obj *l = list_new(0);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        Obj *x = I(va_arg(ap, int));
        list_append(l, x);
        DECREF(x);
    }
    va_end(ap);
    return l;
}

/* list(range(n)) built by appending */
static Obj *range_list(long n)
{
    Obj *l = list_new(0);
    for (long i = 0; i < n; i++) {
        Obj *x = I(i);
        list_append(l, x);
        DECREF(x);
    }
    return l;
}

/* o.name(*args); the args are stolen */
static Obj *call(Obj *o, const char *name, int nargs, ...)
{
    Obj *args[8];
    va_list ap;
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++)
        args[i] = va_arg(ap, Obj *);
    va_end(ap);
    Obj *r = obj_call_method(o, name, args, nargs);
    for (int i = 0; i < nargs; i++)
        DECREF(args[i]);
    return r;
}

/* slice(a, b, c) with NULL for None; stolen */
static Obj *SL(Obj *a, Obj *b, Obj *c)
{
    Obj *s = slice_new(a, b, c);
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    return s;
}

static long sizeof_of(Obj *o)
{
    Obj *r = call(o, "__sizeof__", 0);
    int64_t v = -1;
    if (r) {
        int_as_i64(r, &v);
        DECREF(r);
    }
    return (long)v;
}

/* ---- tuple ------------------------------------------------------------------------ */

START_TEST(test_tuple_basics)
{
    Obj *t = tuple_pack(3, I(1), I(2), I(3));   /* the ints leak on purpose: tiny */
    ck_assert_str_eq(Rb(t), "(1, 2, 3)");
    ck_assert_ptr_eq(tuple_new(0), tuple_new(0));
    ck_assert_str_eq(R(tuple_new(0)), "()");
    Obj *one = tuple_pack(1, t);
    ck_assert_str_eq(Rb(one), "((1, 2, 3),)");
    /* (1,2,3,4,5)[::-2], (1,2,3)[-1:-5:-1] */
    Obj *t5 = seq_to_tuple(ints(5, 1, 2, 3, 4, 5));
    ck_assert_str_eq(R(obj_getitem(t5, SL(NULL, NULL, I(-2)))), "(5, 3, 1)");
    ck_assert_str_eq(R(obj_getitem(t, SL(I(-1), I(-5), I(-1)))), "(3, 2, 1)");
    Obj *whole = obj_getitem(t, SL(NULL, NULL, NULL));
    ck_assert_ptr_eq(whole, t);
    DECREF(whole);
    ck_assert_str_eq(R(obj_getitem(t, I(5))), "IndexError: tuple index out of range");
    ck_assert_str_eq(R(obj_getitem(t, S("a"))),
                     "TypeError: tuple indices must be integers or slices, not str");
    ck_assert_str_eq(R(num_binary(t, ints(1, 1), NB_ADD)),
                     "TypeError: can only concatenate tuple (not \"list\") to tuple");
    ck_assert_str_eq(R(call(t, "index", 1, I(9))), "ValueError: tuple.index(x): x not in tuple");
    ck_assert_str_eq(R(call(t, "index", 0)), "TypeError: index expected at least 1 argument, got 0");
    ck_assert_str_eq(R(call(t, "index", 2, I(3), I(-1))), "2");
    ck_assert_str_eq(R(call(t, "count", 1, I(2))), "1");
    ck_assert_str_eq(R(call(t, "__getnewargs__", 0)), "((1, 2, 3),)");
    /* hashes (3.12, 64-bit): hash((1,2,(3,'a'))) and hash(()) */
    Obj *inner = tuple_pack(2, I(3), S("a"));
    Obj *h = tuple_pack(3, I(1), I(2), inner);
    ck_assert_int_eq(obj_hash(h), -4036571249526543595L);
    ck_assert_int_eq(obj_hash(tuple_new(0)), 5740354900026072187L);
    Obj *bad = tuple_pack(2, I(1), list_new(0));
    ck_assert_int_eq(obj_hash(bad), -1);
    ck_assert_str_eq(err_text(), "TypeError: unhashable type: 'list'");
    /* comparisons */
    Obj *a = seq_to_tuple(ints(2, 1, 2)), *b = seq_to_tuple(ints(3, 1, 2, 0));
    ck_assert_int_eq(obj_richcompare_bool(a, b, CMP_LT), 1);
    ck_assert_int_eq(obj_richcompare_bool(b, a, CMP_GE), 1);
    ck_assert_int_eq(obj_richcompare_bool(a, b, CMP_EQ), 0);
    ck_assert_str_eq(R(num_binary(a, I(3), NB_MULTIPLY)), "(1, 2, 1, 2, 1, 2)");
    ck_assert_int_eq(sizeof_of(a), 40);
    ck_assert_int_eq(sizeof_of(tuple_new(0)), 24);
}
END_TEST

/* ---- list ---------------------------------------------------------------------------- */

START_TEST(test_list_growth)
{
    /* l.__sizeof__() after each of 40 appends */
    static const long want[40] = {72, 72, 72, 72, 104, 104, 104, 104, 168, 168, 168, 168, 168,
                                  168, 168, 168, 232, 232, 232, 232, 232, 232, 232, 232, 296,
                                  296, 296, 296, 296, 296, 296, 296, 360, 360, 360, 360, 360,
                                  360, 360, 360};
    Obj *l = list_new(0);
    for (int i = 0; i < 40; i++) {
        Obj *x = I(i);
        list_append(l, x);
        DECREF(x);
        ck_assert_int_eq(sizeof_of(l), want[i]);
    }
    /* list(range(n)).__sizeof__() for n = 0..5: exact, rounded up to even */
    static const long pre[6] = {40, 56, 56, 72, 72, 88};
    for (int n = 0; n < 6; n++) {
        Obj *src = range_list(n);
        Obj *tup = list_as_tuple(src);
        Obj *c = seq_to_list(obj_getiter(tup));   /* iterator: length hint path */
        Obj *args[1] = {tup};
        Obj *d = obj_call((Obj *)&list_type, args, 1, NULL);
        ck_assert_int_eq(sizeof_of(d), pre[n]);
        DECREF(d);
        DECREF(c);
        DECREF(tup);
        DECREF(src);
    }
    Obj *ten = range_new(NULL, I(10), NULL);
    Obj *p = obj_call((Obj *)&list_type, &ten, 1, NULL);
    DECREF(call(p, "pop", 0));
    ck_assert_int_eq(sizeof_of(p), 120);
    Obj *p1 = ints(1, 1);
    DECREF(call(p1, "pop", 0));
    ck_assert_int_eq(sizeof_of(p1), 40);
    Obj *d = range_list(20);
    ck_assert_int_eq(obj_delitem(d, SL(I(2), I(18), NULL)), 0);
    ck_assert_int_eq(sizeof_of(d), 104);
    ck_assert_str_eq(Rb(d), "[0, 1, 18, 19]");
    Obj *m = ints(3, 1, 2, 3);
    Obj *m5 = num_binary(m, I(5), NB_INPLACE_MULTIPLY);
    ck_assert_ptr_eq(m5, m);
    ck_assert_int_eq(sizeof_of(m), 168);
    Obj *rep = num_binary(ints(3, 1, 2, 3), I(5), NB_MULTIPLY);
    ck_assert_int_eq(sizeof_of(rep), 160);
    ck_assert_int_eq(sizeof_of(num_binary(ints(2, 1, 2), ints(1, 3), NB_ADD)), 64);
    ck_assert_int_eq(sizeof_of(obj_getitem(range_list(10), SL(NULL, NULL, I(2)))), 80);
    ck_assert_int_eq(sizeof_of(obj_getitem(range_list(10), SL(I(2), I(5), NULL))), 64);
}
END_TEST

START_TEST(test_list_slices)
{
    Obj *l = range_list(10);
    ck_assert_int_eq(obj_setitem(l, SL(I(2), I(5), NULL), ints(2, 100, 101)), 0);
    ck_assert_str_eq(Rb(l), "[0, 1, 100, 101, 5, 6, 7, 8, 9]");
    ck_assert_int_eq(obj_setitem(l, SL(NULL, NULL, I(3)), ints(3, 0, 0, 0)), 0);
    ck_assert_str_eq(Rb(l), "[0, 1, 100, 0, 5, 6, 0, 8, 9]");
    ck_assert_int_eq(obj_setitem(l, SL(NULL, NULL, I(2)), ints(2, 1, 2)), -1);
    ck_assert_str_eq(err_text(),
                     "ValueError: attempt to assign sequence of size 2 to extended slice of size 5");
    ck_assert_int_eq(obj_delitem(l, SL(NULL, NULL, I(2))), 0);
    ck_assert_str_eq(Rb(l), "[1, 0, 6, 8]");
    ck_assert_int_eq(obj_delitem(l, SL(NULL, NULL, I(-3))), 0);
    ck_assert_str_eq(Rb(l), "[0, 6]");
    Obj *x = range_list(10);
    ck_assert_int_eq(obj_setitem(x, SL(I(5), I(2), NULL), ints(1, 77)), 0);
    ck_assert_str_eq(Rb(x), "[0, 1, 2, 3, 4, 77, 5, 6, 7, 8, 9]");
    Obj *y = range_list(10);
    ck_assert_int_eq(obj_setitem(y, SL(I(8), I(2), I(-2)), ints(3, 70, 71, 72)), 0);
    ck_assert_str_eq(Rb(y), "[0, 1, 2, 3, 72, 5, 71, 7, 70, 9]");
    Obj *z = range_list(10);
    ck_assert_int_eq(obj_setitem(z, SL(I(1), I(3), NULL), z), 0);
    ck_assert_str_eq(Rb(z), "[0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 4, 5, 6, 7, 8, 9]");
    Obj *w = range_list(10);
    ck_assert_int_eq(obj_setitem(w, SL(NULL, NULL, I(-1)), w), 0);
    ck_assert_str_eq(Rb(w), "[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]");
    ck_assert_int_eq(obj_setitem(w, SL(I(0), I(1), NULL), I(5)), -1);
    ck_assert_str_eq(err_text(), "TypeError: can only assign an iterable");
    ck_assert_int_eq(obj_setitem(w, SL(I(0), NULL, I(2)), I(5)), -1);
    ck_assert_str_eq(err_text(), "TypeError: must assign iterable to extended slice");
    ck_assert_str_eq(R(obj_getitem(w, SL(NULL, NULL, I(0)))), "ValueError: slice step cannot be zero");
    ck_assert_str_eq(R(obj_getitem(w, SL(S("a"), NULL, NULL))),
                     "TypeError: slice indices must be integers or None or have an __index__ method");
    /* huge indexes clamp */
    Obj *big = int_from_str("100000000000000000000000", 24, 10);
    ck_assert_str_eq(R(obj_getitem(w, SL(I(7), big, NULL))), "[2, 1, 0]");
    ck_assert_str_eq(R(obj_getitem(w, big)), "IndexError: cannot fit 'int' into an index-sized integer");
}
END_TEST

START_TEST(test_list_methods)
{
    Obj *l = ints(3, 1, 2, 3);
    DECREF(call(l, "insert", 2, I(-10), S("a")));
    DECREF(call(l, "insert", 2, I(10), S("b")));
    DECREF(call(l, "insert", 2, I(1), S("c")));
    ck_assert_str_eq(Rb(l), "['a', 'c', 1, 2, 3, 'b']");
    ck_assert_str_eq(R(call(l, "insert", 1, I(1))), "TypeError: insert expected 2 arguments, got 1");
    ck_assert_str_eq(R(call(l, "insert", 2, S("a"), I(1))),
                     "TypeError: 'str' object cannot be interpreted as an integer");
    Obj *m = ints(3, 1, 2, 3);
    ck_assert_str_eq(R(call(m, "pop", 1, I(-4))), "IndexError: pop index out of range");
    ck_assert_str_eq(R(call(m, "pop", 1, I(-3))), "1");
    ck_assert_str_eq(R(call(m, "pop", 2, I(1), I(2))), "TypeError: pop expected at most 1 argument, got 2");
    ck_assert_str_eq(R(call(list_new(0), "pop", 0)), "IndexError: pop from empty list");
    Obj *n = ints(4, 1, 2, 3, 2);
    DECREF(call(n, "remove", 1, I(2)));
    ck_assert_str_eq(Rb(n), "[1, 3, 2]");
    ck_assert_str_eq(R(call(n, "remove", 1, I(9))), "ValueError: list.remove(x): x not in list");
    ck_assert_str_eq(R(call(n, "index", 1, I(2))), "2");
    ck_assert_str_eq(R(call(n, "count", 1, I(2))), "1");
    ck_assert_str_eq(R(call(n, "index", 3, I(2), I(0), I(2))), "ValueError: 2 is not in list");
    ck_assert_str_eq(R(call(ints(3, 1, 2, 3), "index", 2, I(3), I(-1))), "2");
    ck_assert_str_eq(R(call(ints(3, 1, 2, 3), "index", 3, I(1), I(-10), I(-2))), "0");
    ck_assert_str_eq(R(call(n, "index", 2, I(1), NONE)),
                     "TypeError: slice indices must be integers or have an __index__ method");
    DECREF(call(n, "reverse", 0));
    ck_assert_str_eq(Rb(n), "[2, 3, 1]");
    ck_assert_str_eq(R(call(n, "copy", 0)), "[2, 3, 1]");
    DECREF(call(n, "clear", 0));
    ck_assert_str_eq(Rb(n), "[]");
    ck_assert_int_eq(sizeof_of(n), 40);
    ck_assert_str_eq(R(obj_getitem(ints(1, 1), I(5))), "IndexError: list index out of range");
    ck_assert_str_eq(R(num_binary(ints(1, 1), tuple_new(0), NB_ADD)),
                     "TypeError: can only concatenate list (not \"tuple\") to list");
    ck_assert_int_eq(obj_setitem(ints(1, 1), I(3), I(0)), -1);
    ck_assert_str_eq(err_text(), "IndexError: list assignment index out of range");
    /* comparisons */
    ck_assert_int_eq(obj_richcompare_bool(ints(2, 1, 2), ints(3, 1, 2, 0), CMP_LT), 1);
    ck_assert_int_eq(obj_richcompare_bool(ints(2, 1, 3), ints(3, 1, 2, 5), CMP_GT), 1);
    ck_assert_int_eq(obj_richcompare_bool(list_new(0), list_new(0), CMP_NE), 0);
    ck_assert_str_eq(R(obj_richcompare(ints(1, 1), S("x"), CMP_LT)),
                     "TypeError: '<' not supported between instances of 'list' and 'str'");
    /* recursive repr */
    Obj *r = ints(1, 1);
    list_append(r, r);
    ck_assert_str_eq(Rb(r), "[1, [...]]");
    Obj *t = tuple_pack(1, r);
    list_append(r, t);
    ck_assert_str_eq(Rb(r), "[1, [...], ([...],)]");
    ck_assert_str_eq(Rb(t), "([1, [...], (...)],)");
    ck_assert_int_eq(obj_contains(r, I(1)), 1);
    ck_assert_int_eq(obj_contains(r, I(2)), 0);
    /* iteration and reversed */
    Obj *q = ints(3, 1, 2, 3);
    Obj *it = call(q, "__reversed__", 0);
    ck_assert_str_eq(R(call(it, "__length_hint__", 0)), "3");
    ck_assert_str_eq(R(seq_to_list(it)), "[3, 2, 1]");
    ck_assert_str_eq(R(call(it, "__length_hint__", 0)), "0");
    Obj *fw = obj_getiter(q);
    DECREF(obj_iternext(fw));
    ck_assert_str_eq(R(call(fw, "__length_hint__", 0)), "2");
    list_append(q, q);   /* the iterator sees appends */
    ck_assert_int_eq((int)iter_length_hint(fw, 0), 3);
}
END_TEST

/* ---- list.sort ---------------------------------------------------------------------- */

/* Items whose `<` records the pair of ids it compared. */
typedef struct Item {
    Obj base;
    long v, i;
} Item;

#define TRACE_MAX 40000
static long trace_a[TRACE_MAX], trace_b[TRACE_MAX];
static long ntrace;
static long fail_at = -1;       /* raise on this comparison number */
static Obj *mutate_list;        /* append to it on comparison `mutate_at` */
static long mutate_at = -1;

static void item_dealloc(Obj *o) { obj_free(o); }

static Obj *item_richcompare(Obj *a, Obj *b, int op);

static TypeObj item_type = {
    .base = TYPE_HEAD_INIT,
    .name = "Item",
    .basicsize = sizeof(Item),
    .dealloc = item_dealloc,
    .richcompare = item_richcompare,
};

static Obj *item_richcompare(Obj *a, Obj *b, int op)
{
    if (op != CMP_LT || !IS_TYPE(b, item_type))
        return INCREF(NOTIMPL);
    if (ntrace == fail_at) {
        vm_err_set_str(&exc_ValueError, "bad compare");
        return NULL;
    }
    if (ntrace == mutate_at && mutate_list)
        list_append(mutate_list, a);
    if (ntrace < TRACE_MAX) {
        trace_a[ntrace] = ((Item *)a)->i;
        trace_b[ntrace] = ((Item *)b)->i;
    }
    ntrace++;
    return bool_from(((Item *)a)->v < ((Item *)b)->v);
}

static Obj *item_new(long v, long i)
{
    Item *it = (Item *)obj_alloc(&item_type, 0);
    it->v = v;
    it->i = i;
    return (Obj *)it;
}

static uint64_t trace_sum(void)
{
    uint64_t h = 0;
    for (long k = 0; k < ntrace && k < TRACE_MAX; k++)
        h = h * 1000003u + (uint64_t)trace_a[k] * 4099u + (uint64_t)trace_b[k] + (uint64_t)k;
    return h;
}

static uint64_t order_sum(Obj *l)
{
    uint64_t h = 0;
    for (Ssize k = 0; k < LIST_LEN(l); k++)
        h = h * 31u + (uint64_t)((Item *)LIST_ITEMS(l)[k])->i;
    return h;
}

/* The value sequences of the Python side (same LCG). */
static long shape(const char *name, long *out)
{
    long n = 0;
    uint32_t x;
    if (!strcmp(name, "rand100") || !strcmp(name, "rand2000") || !strcmp(name, "dups500")) {
        long cnt = !strcmp(name, "rand100") ? 100 : !strcmp(name, "rand2000") ? 2000 : 500;
        long m = !strcmp(name, "rand100") ? 1000 : !strcmp(name, "rand2000") ? 100000 : 5;
        x = !strcmp(name, "rand100") ? 1 : !strcmp(name, "rand2000") ? 7 : 3;
        for (long k = 0; k < cnt; k++) {
            x = (x * 1103515245u + 12345u) & 0x7fffffffu;
            out[n++] = (long)(x % (uint32_t)m);
        }
    } else if (!strcmp(name, "saw")) {
        for (long k = 0; k < 1500; k++)
            out[n++] = k % 37;
    } else if (!strcmp(name, "desc")) {
        for (long k = 300; k > 0; k--)
            out[n++] = k;
        for (long k = 0; k < 300; k++)
            out[n++] = k;
    } else if (!strcmp(name, "runs")) {
        for (long j = 0; j < 40; j++)
            for (long k = 0; k < 50; k++)
                out[n++] = j * 3 + (j % 2 ? k : 49 - k);
    } else {   /* gallop */
        for (long k = 0; k < 4000; k += 2)
            out[n++] = k;
        for (long k = 1; k < 200; k += 2)
            out[n++] = k;
        for (long k = 4000; k < 6000; k++)
            out[n++] = k;
    }
    return n;
}

static Obj *items_of(const long *v, long n)
{
    Obj *l = list_new(0);
    for (long i = 0; i < n; i++) {
        Obj *it = item_new(v[i], i);
        list_append(l, it);
        DECREF(it);
    }
    return l;
}

START_TEST(test_sort_trace)
{
    static const struct {
        const char *name;
        int rev;
        long n;
        uint64_t trace, order;
    } cases[] = {
        {"rand100", 0, 534, 15252198751330517861ULL, 13400200767503207014ULL},
        {"rand100", 1, 525, 8615084717529705832ULL, 1766513717037753066ULL},
        {"rand2000", 0, 19310, 18362878403815660130ULL, 601874961269291512ULL},
        {"rand2000", 1, 19319, 5359207394868468241ULL, 5493862947237213768ULL},
        {"dups500", 0, 2847, 3452147916128623356ULL, 13447566270394710646ULL},
        {"dups500", 1, 2878, 11919895051445993334ULL, 3001276440316781712ULL},
        {"saw", 0, 11315, 748398923819236230ULL, 6710678711638482222ULL},
        {"saw", 1, 11371, 5727530618628195715ULL, 4408933545713460442ULL},
        {"desc", 0, 1199, 13949590426507192564ULL, 12586302004766686000ULL},
        {"desc", 1, 1200, 1115631306745189087ULL, 9888626542149635336ULL},
        {"runs", 0, 13954, 1682206464456375297ULL, 15993789469285913520ULL},
        {"runs", 1, 13957, 6015282159484909346ULL, 15217820956743543440ULL},
        {"gallop", 0, 4347, 8023482863560610393ULL, 4064366979701071518ULL},
        {"gallop", 1, 4348, 1931383680498606332ULL, 7185944533170051106ULL},
    };
    static long vals[8000];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        long n = shape(cases[c].name, vals);
        Obj *l = items_of(vals, n);
        ntrace = 0;
        ck_assert_int_eq(list_sort(l, NULL, cases[c].rev), 0);
        ck_assert_msg(ntrace == cases[c].n, "%s/%d: %ld comparisons, want %ld", cases[c].name,
                      cases[c].rev, ntrace, cases[c].n);
        ck_assert_msg(trace_sum() == cases[c].trace, "%s/%d: trace differs", cases[c].name,
                      cases[c].rev);
        ck_assert_msg(order_sum(l) == cases[c].order, "%s/%d: order differs", cases[c].name,
                      cases[c].rev);
        DECREF(l);
    }
}
END_TEST

/* v -> v // 10 as the key (a builtin function) */
static Obj *div10(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)nargs; (void)kw;
    int64_t v;
    int_as_i64(args[0], &v);
    return I((long)(v >= 0 ? v / 10 : -((-v + 9) / 10)));
}
static const MethodDef div10_def = {"div10", div10, METH_O, NULL};

START_TEST(test_sort_misc)
{
    /* l = [(x*37) % 101 for x in range(30)]; l.sort(key=lambda v: v // 10, reverse=True) */
    Obj *l = list_new(0);
    for (long x = 0; x < 30; x++)
        list_append(l, I((x * 37) % 101));
    Obj *key = builtin_new(&div10_def, NULL, NULL);
    ck_assert_int_eq(list_sort(l, key, true), 0);
    ck_assert_str_eq(Rb(l), "[94, 97, 90, 84, 87, 80, 74, 77, 70, 67, 60, 63, 57, 50, 53, 47, "
                            "40, 43, 37, 30, 33, 20, 23, 26, 10, 13, 16, 0, 3, 6]");
    ck_assert_str_eq(R(call(l, "sort", 1, I(1))), "TypeError: sort() takes no positional arguments");
    Obj *mixed = ints(1, 1);
    list_append(mixed, S("a"));
    ck_assert_int_eq(list_sort(mixed, NULL, false), -1);
    ck_assert_str_eq(err_text(), "TypeError: '<' not supported between instances of 'str' and 'int'");
    /* a comparison raising part-way leaves a permutation (as CPython's):
     * vals = [(x*7919) % 1000 for x in range(100)], fail on compare #300 */
    static long vals[100];
    for (long x = 0; x < 100; x++)
        vals[x] = (x * 7919) % 1000;
    Obj *f = items_of(vals, 100);
    ntrace = 0;
    fail_at = 300;
    ck_assert_int_eq(list_sort(f, NULL, false), -1);
    fail_at = -1;
    ck_assert_str_eq(err_text(), "ValueError: bad compare");
    ck_assert_int_eq(LIST_LEN(f), 100);
    ck_assert_msg(order_sum(f) == 14508707506038541160ULL, "partial order differs");
    /* mutation during the sort: appended items vanish, ValueError */
    Obj *g = items_of(vals, 100);
    mutate_list = g;
    mutate_at = 10;
    ntrace = 0;
    ck_assert_int_eq(list_sort(g, NULL, false), -1);
    mutate_list = NULL;
    mutate_at = -1;
    ck_assert_str_eq(err_text(), "ValueError: list modified during sort");
    ck_assert_int_eq(LIST_LEN(g), 100);
    ck_assert_msg(order_sum(g) == 3117979571888098802ULL, "sorted order after mutation differs");
}
END_TEST

/* ---- dict ------------------------------------------------------------------------------ */

static Obj *dict_of_ints(int n, ...)
{
    Obj *d = dict_new();
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        Obj *k = I(va_arg(ap, int)), *v = I(va_arg(ap, int));
        dict_set(d, k, v);
        DECREF(k);
        DECREF(v);
    }
    va_end(ap);
    return d;
}

static void set_si(Obj *d, const char *k, long v)
{
    Obj *key = S(k), *val = I(v);
    dict_set(d, key, val);
    DECREF(key);
    DECREF(val);
}

START_TEST(test_dict_layout)
{
    /* d[i*7] = i for i in range(12): __sizeof__ after each */
    static const long want[12] = {208, 208, 208, 208, 208, 336, 336, 336, 336, 336, 616, 616};
    Obj *d = dict_new();
    ck_assert_int_eq(sizeof_of(d), 48);
    for (int i = 0; i < 12; i++) {
        Obj *k = I(i * 7), *v = I(i);
        dict_set(d, k, v);
        DECREF(k);
        DECREF(v);
        ck_assert_int_eq(sizeof_of(d), want[i]);
    }
    ck_assert_int_eq(obj_delitem(d, I(7)), 0);
    ck_assert_int_eq(obj_delitem(d, I(21)), 0);
    ck_assert_int_eq(obj_setitem(d, I(7), S("again")), 0);
    ck_assert_str_eq(Rb(d), "{0: 0, 14: 2, 28: 4, 35: 5, 42: 6, 49: 7, 56: 8, 63: 9, 70: 10, "
                            "77: 11, 7: 'again'}");
    ck_assert_str_eq(R(call(d, "popitem", 0)), "(7, 'again')");
    ck_assert_str_eq(R(call(d, "popitem", 0)), "(77, 11)");
    ck_assert_int_eq(dict_len(d), 9);
    set_si(d, "s", 1);
    ck_assert_int_eq(sizeof_of(d), 616);
    /* str-only keys use 16-byte entries until another key arrives */
    Obj *ds = dict_new();
    const char *keys[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++)
        set_si(ds, keys[i], 97 + i);
    ck_assert_int_eq(sizeof_of(ds), 256);
    ck_assert_int_eq(obj_setitem(ds, I(1), I(1)), 0);
    ck_assert_int_eq(sizeof_of(ds), 616);
    ck_assert_str_eq(R(call(dict_new(), "popitem", 0)), "KeyError: 'popitem(): dictionary is empty'");
    /* copies: c = {i: i for i in range(10)} minus 0..4; big = 30 items */
    Obj *c = dict_new();
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(obj_setitem(c, I(i), I(i)), 0);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(obj_delitem(c, I(i)), 0);
    ck_assert_int_eq(sizeof_of(dict_copy(c)), 208);
    Obj *big = dict_new();
    for (int i = 0; i < 30; i++)
        ck_assert_int_eq(obj_setitem(big, I(i), I(i)), 0);
    ck_assert_int_eq(sizeof_of(big), 1152);
    ck_assert_int_eq(sizeof_of(dict_copy(big)), 1152);
}
END_TEST

START_TEST(test_dict_iteration)
{
    Obj *d = dict_of_ints(3, 1, 1, 2, 2, 3, 3);
    Obj *it = obj_getiter(d);
    Obj *k = obj_iternext(it);
    ck_assert_int_eq(obj_setitem(d, I(11), I(0)), 0);
    ck_assert_ptr_null(obj_iternext(it));
    ck_assert_str_eq(err_text(), "RuntimeError: dictionary changed size during iteration");
    ck_assert_ptr_null(obj_iternext(it));
    ck_assert_str_eq(err_text(), "RuntimeError: dictionary changed size during iteration");
    DECREF(k);
    DECREF(it);
    /* for k in d: del d[k]; d[k+10] = 0  -> ends quietly */
    Obj *e = dict_of_ints(3, 1, 1, 2, 2, 3, 3);
    it = obj_getiter(e);
    int rounds = 0;
    while ((k = obj_iternext(it))) {
        int64_t kv;
        int_as_i64(k, &kv);
        ck_assert_int_eq(obj_delitem(e, k), 0);
        ck_assert_int_eq(obj_setitem(e, I((long)kv + 10), I(0)), 0);
        DECREF(k);
        rounds++;
    }
    ck_assert(!vm_err_occurred());
    ck_assert_int_eq(rounds, 3);
    DECREF(it);
    /* the same size but other keys: "keys changed" */
    Obj *f = dict_of_ints(2, 1, 1, 2, 2);
    it = obj_getiter(f);
    DECREF(obj_iternext(it));
    DECREF(obj_iternext(it));
    ck_assert_int_eq(obj_delitem(f, I(1)), 0);
    ck_assert_int_eq(obj_setitem(f, I(5), I(5)), 0);
    ck_assert_ptr_null(obj_iternext(it));
    ck_assert_str_eq(err_text(), "RuntimeError: dictionary keys changed during iteration");
    /* length hint and reduce */
    Obj *g = dict_of_ints(2, 1, 2, 3, 4);
    it = obj_getiter(g);
    DECREF(obj_iternext(it));
    ck_assert_str_eq(R(call(it, "__length_hint__", 0)), "1");
}
END_TEST

START_TEST(test_dict_views)
{
    Obj *d = dict_new();
    ck_assert_int_eq(obj_setitem(d, I(1), S("a")), 0);
    ck_assert_int_eq(obj_setitem(d, I(2), S("b")), 0);
    Obj *keys = call(d, "keys", 0), *values = call(d, "values", 0), *items = call(d, "items", 0);
    ck_assert_str_eq(Rb(keys), "dict_keys([1, 2])");
    ck_assert_str_eq(Rb(values), "dict_values(['a', 'b'])");
    ck_assert_str_eq(Rb(items), "dict_items([(1, 'a'), (2, 'b')])");
    ck_assert_str_eq(R(seq_to_list(call(d, "__reversed__", 0))), "[2, 1]");
    ck_assert_str_eq(R(seq_to_list(call(items, "__reversed__", 0))), "[(2, 'b'), (1, 'a')]");
    Obj *s3 = set_new(NULL);
    set_add(s3, I(3));
    ck_assert_str_eq(R(num_binary(keys, s3, NB_OR)), "{1, 2, 3}");
    ck_assert_str_eq(R(num_binary(keys, ints(2, 2, 3), NB_AND)), "{2}");
    Obj *s1 = set_new(NULL);
    set_add(s1, I(1));
    ck_assert_str_eq(R(num_binary(keys, s1, NB_SUBTRACT)), "{2}");
    Obj *s25 = set_new(ints(2, 2, 5));
    ck_assert_str_eq(R(num_binary(keys, s25, NB_XOR)), "{1, 5}");
    Obj *other = dict_new();
    ck_assert_int_eq(obj_setitem(other, I(1), S("a")), 0);
    ck_assert_int_eq(obj_setitem(other, I(2), S("c")), 0);
    ck_assert_str_eq(R(num_binary(items, call(other, "items", 0), NB_XOR)), "{(2, 'c'), (2, 'b')}");
    Obj *s12 = set_new(ints(2, 1, 2)), *s123 = set_new(ints(3, 1, 2, 3));
    ck_assert_int_eq(obj_richcompare_bool(keys, s12, CMP_EQ), 1);
    ck_assert_int_eq(obj_richcompare_bool(keys, s123, CMP_LT), 1);
    ck_assert_str_eq(R(call(keys, "isdisjoint", 1, ints(1, 3))), "True");
    Obj *pair = tuple_pack(2, I(1), S("a")), *pair2 = tuple_pack(2, I(1), S("b"));
    ck_assert_int_eq(obj_contains(items, pair), 1);
    ck_assert_int_eq(obj_contains(items, pair2), 0);
    ck_assert_int_eq(obj_contains(items, ints(1, 1)), 0);
    ck_assert_int_eq(obj_hash(keys), -1);
    ck_assert_str_eq(err_text(), "TypeError: unhashable type: 'dict_keys'");
    ck_assert_int_ne(obj_hash(values), -1);
    ck_assert_str_eq(R(num_binary(keys, I(1), NB_OR)), "TypeError: 'int' object is not iterable");
    /* recursion */
    Obj *r = dict_new();
    set_si(r, "x", 1);
    ck_assert_int_eq(obj_setitem(r, S("self"), r), 0);
    ck_assert_str_eq(Rb(r), "{'x': 1, 'self': {...}}");
}
END_TEST

START_TEST(test_dict_methods)
{
    Obj *abc = S("abc");
    Obj *fk = call((Obj *)&dict_type, "fromkeys", 2, abc, I(0));
    ck_assert_str_eq(Rb(fk), "{'a': 0, 'b': 0, 'c': 0}");
    ck_assert_str_eq(R(call((Obj *)&dict_type, "fromkeys", 1, dict_of_ints(2, 1, 2, 3, 4))),
                     "{1: None, 3: None}");
    Obj *pairs = list_new(0);
    list_append(pairs, tuple_pack(2, I(1), I(2)));
    list_append(pairs, ints(2, 3, 4));
    Obj *args[1] = {pairs};
    ck_assert_str_eq(R(obj_call((Obj *)&dict_type, args, 1, NULL)), "{1: 2, 3: 4}");
    Obj *bad = list_new(0);
    list_append(bad, tuple_pack(3, I(1), I(2), I(3)));
    args[0] = bad;
    ck_assert_str_eq(R(obj_call((Obj *)&dict_type, args, 1, NULL)),
                     "ValueError: dictionary update sequence element #0 has length 3; 2 is required");
    args[0] = ints(1, 1);
    ck_assert_str_eq(R(obj_call((Obj *)&dict_type, args, 1, NULL)),
                     "TypeError: cannot convert dictionary update sequence element #0 to a sequence");
    ck_assert_str_eq(R(num_binary(dict_of_ints(1, 1, 2), dict_of_ints(2, 1, 3, 4, 5), NB_OR)),
                     "{1: 3, 4: 5}");
    Obj *x = dict_of_ints(1, 1, 2);
    Obj *pl = list_new(0);
    list_append(pl, tuple_pack(2, I(3), I(4)));
    ck_assert_ptr_eq(num_binary(x, pl, NB_INPLACE_OR), x);
    ck_assert_str_eq(Rb(x), "{1: 2, 3: 4}");
    ck_assert_int_eq(obj_richcompare_bool(dict_of_ints(1, 1, 2), dict_of_ints(1, 1, 2), CMP_EQ), 1);
    ck_assert_int_eq(obj_richcompare_bool(dict_of_ints(1, 1, 2), dict_of_ints(1, 1, 3), CMP_NE), 1);
    ck_assert_str_eq(R(obj_richcompare(dict_new(), dict_new(), CMP_LT)),
                     "TypeError: '<' not supported between instances of 'dict' and 'dict'");
    ck_assert_str_eq(R(call(dict_new(), "pop", 1, list_new(0))), "KeyError: []");
    ck_assert_str_eq(R(call(dict_of_ints(1, 1, 2), "pop", 1, I(1))), "2");
    ck_assert_str_eq(R(call(dict_of_ints(1, 1, 2), "pop", 2, I(3), S("dflt"))), "'dflt'");
    ck_assert_str_eq(R(call(dict_new(), "pop", 0)), "TypeError: pop expected at least 1 argument, got 0");
    ck_assert_str_eq(R(call(dict_of_ints(1, 1, 2), "setdefault", 2, I(5), I(6))), "6");
    ck_assert_str_eq(R(call(dict_of_ints(1, 1, 2), "get", 1, I(3))), "None");
    ck_assert_str_eq(R(call(dict_of_ints(1, 1, 2), "get", 2, I(1), I(9))), "2");
    ck_assert_str_eq(R(call(dict_new(), "get", 1, list_new(0))), "TypeError: unhashable type: 'list'");
    ck_assert_str_eq(R(obj_getitem(dict_new(), tuple_pack(2, I(1), I(2)))), "KeyError: (1, 2)");
    Obj *kw = tuple_pack(2, S("a"), S("b"));
    Obj *kwv[2] = {NULL, NULL};
    kwv[0] = I(1);
    kwv[1] = I(2);
    ck_assert_str_eq(R(obj_call((Obj *)&dict_type, kwv, 0, kw)), "{'a': 1, 'b': 2}");
    /* dict_merge's duplicate policy */
    Obj *m = dict_of_ints(1, 1, 2);
    ck_assert_int_eq(dict_merge(m, dict_of_ints(2, 1, 5, 2, 6), 1), 0);
    ck_assert_str_eq(Rb(m), "{1: 2, 2: 6}");
    ck_assert_int_eq(dict_merge(m, dict_of_ints(1, 2, 7), 2), -1);
    ck_assert_str_eq(err_text(), "KeyError: 2");
}
END_TEST

/* ---- set ------------------------------------------------------------------------------- */

static Obj *set_ints(int n, const long *v)
{
    Obj *s = set_new(NULL);
    for (int i = 0; i < n; i++) {
        Obj *x = I(v[i]);
        set_add(s, x);
        DECREF(x);
    }
    return s;
}

static Obj *set_range(long a, long b, long step)
{
    Obj *s = set_new(NULL);
    for (long i = a; i < b; i += step) {
        Obj *x = I(i);
        set_add(s, x);
        DECREF(x);
    }
    return s;
}

START_TEST(test_set_order)
{
    static const long v[] = {5, 13, 21, 29, 37, 45, 53, 61, 8, 16, 3, 100, 1000, -1, -2};
    Obj *s = set_ints(15, v);
    ck_assert_str_eq(Rb(s), "{3, 100, 37, 5, 8, 1000, 13, 45, 16, 61, 21, 53, -2, 29, -1}");
    ck_assert_int_eq(sizeof_of(s), 712);
    set_discard(s, I(13));
    set_discard(s, I(29));
    set_add(s, I(77));
    set_add(s, I(13));
    ck_assert_str_eq(Rb(s), "{3, 100, 37, 5, 8, 1000, 77, 45, 13, 16, 61, 21, 53, -2, -1}");
    ck_assert_str_eq(R(set_pop(s)), "3");
    ck_assert_str_eq(R(set_pop(s)), "100");
    ck_assert_str_eq(R(set_pop(s)), "37");
    ck_assert_str_eq(Rb(s), "{5, 8, 1000, 77, 45, 13, 16, 61, 21, 53, -2, -1}");
    Obj *t = set_new(NULL);
    for (long i = 0; i < 20; i++)
        set_add(t, I(i * 8));
    ck_assert_str_eq(Rb(t), "{0, 128, 8, 136, 16, 144, 24, 152, 32, 40, 48, 56, 64, 72, 80, 88, "
                            "96, 104, 112, 120}");
    Obj *u = set_range(0, 200, 3);
    ck_assert_ptr_eq(num_binary(u, set_range(0, 200, 2), NB_INPLACE_SUBTRACT), u);
    ck_assert_str_eq(Rb(u), "{3, 9, 15, 21, 27, 33, 39, 45, 51, 57, 63, 69, 75, 81, 87, 93, 99, "
                            "105, 111, 117, 123, 129, 135, 141, 147, 153, 159, 165, 171, 177, "
                            "183, 189, 195}");
    Obj *w = set_range(0, 50, 1);
    ck_assert_ptr_eq(num_binary(w, set_range(25, 75, 1), NB_INPLACE_AND), w);
    ck_assert_str_eq(Rb(w), "{25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, "
                            "41, 42, 43, 44, 45, 46, 47, 48, 49}");
    Obj *x = set_range(1, 4, 1);
    static const long x2[] = {2, 9};
    ck_assert_ptr_eq(num_binary(x, set_ints(2, x2), NB_INPLACE_XOR), x);
    ck_assert_str_eq(Rb(x), "{1, 3, 9}");
    ck_assert_int_eq(sizeof_of(set_range(0, 100, 1)), 8392);
    /* strings: PYTHONHASHSEED=0 order */
    ck_assert_str_eq(R(set_new(S("abcde"))), "{'d', 'b', 'c', 'a', 'e'}");
    Obj *xyz = list_new(0);
    list_append(xyz, S("x"));
    list_append(xyz, S("y"));
    list_append(xyz, S("z"));
    ck_assert_str_eq(R(frozenset_new(xyz)), "frozenset({'y', 'x', 'z'})");
    ck_assert_int_eq(obj_hash(frozenset_new(S("ab"))), 1679668661828516449L);
    Obj *dq = dict_new();
    set_si(dq, "q", 1);
    set_si(dq, "r", 2);
    ck_assert_str_eq(R(set_new(dq)), "{'q', 'r'}");
    Obj *bac = set_new(NULL);
    set_add(bac, S("b"));
    set_add(bac, S("a"));
    set_add(bac, S("c"));
    ck_assert_str_eq(R(call((Obj *)&dict_type, "fromkeys", 1, bac)), "{'c': None, 'a': None, 'b': None}");
    Obj *dqp = dict_new();
    set_si(dqp, "q", 1);
    set_si(dqp, "p", 2);
    Obj *z = set_new(NULL);
    set_add(z, S("z"));
    ck_assert_str_eq(R(num_binary(call(dqp, "keys", 0), z, NB_OR)), "{'p', 'q', 'z'}");
}
END_TEST

START_TEST(test_set_ops)
{
    Obj *a = set_range(1, 4, 1);
    static const long b34[] = {3, 4}, b234[] = {2, 3, 4}, b2[] = {2};
    ck_assert_str_eq(R(num_binary(a, set_ints(2, b34), NB_OR)), "{1, 2, 3, 4}");
    ck_assert_str_eq(R(num_binary(a, set_ints(3, b234), NB_AND)), "{2, 3}");
    ck_assert_str_eq(R(num_binary(a, set_ints(1, b2), NB_SUBTRACT)), "{1, 3}");
    ck_assert_str_eq(R(num_binary(a, set_ints(2, b34), NB_XOR)), "{1, 2, 4}");
    Obj *s12 = set_range(1, 3, 1), *s1 = set_range(1, 2, 1);
    ck_assert_int_eq(obj_richcompare_bool(s12, a, CMP_LT), 1);
    ck_assert_int_eq(obj_richcompare_bool(s12, s12, CMP_LE), 1);
    ck_assert_int_eq(obj_richcompare_bool(s12, s1, CMP_GT), 1);
    ck_assert_int_eq(obj_richcompare_bool(s12, frozenset_new(s12), CMP_EQ), 1);
    ck_assert_str_eq(R(frozenset_new(a)), "frozenset({1, 2, 3})");
    ck_assert_str_eq(R(frozenset_new(NULL)), "frozenset()");
    ck_assert_str_eq(R(set_new(NULL)), "set()");
    ck_assert_int_eq(obj_hash(frozenset_new(a)), -272375401224217160L);
    ck_assert_int_eq(obj_hash(frozenset_new(NULL)), 133146708735736L);
    /* a set looked up in a set of frozensets */
    Obj *outer = set_new(NULL);
    set_add(outer, frozenset_new(s1));
    ck_assert_int_eq(obj_contains(outer, s1), 1);
    ck_assert_str_eq(R(call(set_new(NULL), "remove", 1, I(5))), "KeyError: 5");
    ck_assert_str_eq(R(call(set_new(NULL), "remove", 1, list_new(0))), "TypeError: unhashable type: 'list'");
    ck_assert_str_eq(R(call(set_new(NULL), "pop", 0)), "KeyError: 'pop from an empty set'");
    ck_assert_str_eq(R(call(a, "isdisjoint", 1, set_range(4, 5, 1))), "True");
    ck_assert_str_eq(R(call(s12, "issubset", 1, ints(3, 1, 2, 3))), "True");
    ck_assert_str_eq(R(call(s12, "issuperset", 1, ints(1, 1))), "True");
    ck_assert_str_eq(R(call(s12, "union", 2, ints(1, 3), seq_to_tuple(ints(1, 4)))), "{1, 2, 3, 4}");
    ck_assert_str_eq(R(call(a, "intersection", 2, ints(2, 2, 3), set_range(3, 4, 1))), "{3}");
    ck_assert_str_eq(R(call(a, "difference", 2, ints(1, 1), ints(1, 2))), "{3}");
    ck_assert_str_eq(R(call(s12, "symmetric_difference", 1, ints(2, 2, 3))), "{1, 3}");
    ck_assert_str_eq(R(num_binary(s1, ints(1, 1), NB_OR)),
                     "TypeError: unsupported operand type(s) for |: 'set' and 'list'");
    ck_assert_str_eq(R(obj_richcompare(s1, ints(1, 1), CMP_LT)),
                     "TypeError: '<' not supported between instances of 'set' and 'list'");
    Obj *it = obj_getiter(a);
    DECREF(obj_iternext(it));
    ck_assert_str_eq(R(call(it, "__length_hint__", 0)), "2");
    Obj *sd = set_range(1, 3, 1);
    it = obj_getiter(sd);
    Obj *k = obj_iternext(it);
    set_add(sd, I(6));
    ck_assert_ptr_null(obj_iternext(it));
    ck_assert_str_eq(err_text(), "RuntimeError: Set changed size during iteration");
    DECREF(k);
    DECREF(it);
}
END_TEST

/* ---- range, slice, iterator builtins --------------------------------------------------------- */

static Obj *B70(long add)   /* 2**70 + add */
{
    Obj *b = int_from_str("1180591620717411303424", 22, 10);
    Obj *r = num_binary(b, I(add), NB_ADD);
    DECREF(b);
    return keep(r);
}

static Obj *new_of(TypeObj *t, int nargs, ...)
{
    Obj *args[8];
    va_list ap;
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++)
        args[i] = va_arg(ap, Obj *);
    va_end(ap);
    Obj *r = obj_call((Obj *)t, args, nargs, NULL);
    for (int i = 0; i < nargs; i++)
        DECREF(args[i]);
    return r;
}

START_TEST(test_range)
{
    Obj *r10 = range_new(NULL, I(10), NULL);
    ck_assert_str_eq(R(obj_getitem(r10, SL(I(2), I(8), I(3)))), "range(2, 8, 3)");
    ck_assert_str_eq(R(obj_getitem(range_new(I(0), I(20), I(3)), SL(NULL, NULL, I(-1)))),
                     "range(18, -3, -3)");
    ck_assert_str_eq(R(obj_getitem(range_new(NULL, I(5), NULL), I(-1))), "4");
    ck_assert_str_eq(R(obj_getitem(range_new(NULL, I(5), NULL), I(5))),
                     "IndexError: range object index out of range");
    Obj *big = range_new(NULL, B70(0), NULL);
    ck_assert_str_eq(R(obj_getitem(big, B70(-1))), "1180591620717411303423");
    ck_assert_str_eq(R(obj_getitem(big, SL(NULL, NULL, int_from_str("1152921504606846976", 19, 10)))),
                     "range(0, 1180591620717411303424, 1152921504606846976)");
    ck_assert_int_eq(obj_length(big), -1);
    ck_assert_str_eq(err_text(), "OverflowError: Python int too large to convert to C ssize_t");
    ck_assert_int_eq(obj_is_true(big), 1);
    ck_assert_int_eq(obj_contains(big, B70(-5)), 1);
    ck_assert_str_eq(R(call(range_new(I(10), I(0), I(-3)), "index", 1, I(4))), "2");
    ck_assert_str_eq(R(call(r10, "count", 1, I(3))), "1");
    ck_assert_str_eq(R(call(r10, "index", 1, I(10))), "ValueError: 10 is not in range");
    ck_assert_str_eq(R(call(r10, "index", 1, S("a"))), "ValueError: sequence.index(x): x not in sequence");
    ck_assert_int_eq(obj_richcompare_bool(range_new(I(0), I(10), I(2)), range_new(I(0), I(9), I(2)), CMP_EQ), 1);
    ck_assert_int_eq(obj_richcompare_bool(range_new(NULL, I(0), NULL), range_new(I(5), I(5), NULL), CMP_EQ), 1);
    ck_assert_str_eq(R(obj_richcompare(r10, r10, CMP_LT)),
                     "TypeError: '<' not supported between instances of 'range' and 'range'");
    ck_assert_int_eq(obj_hash(range_new(NULL, I(0), NULL)), 2676694398852732306L);
    ck_assert_int_eq(obj_hash(range_new(I(1), I(2), NULL)), -1269592299258668772L);
    ck_assert_int_eq(obj_hash(range_new(I(0), I(9), I(3))), -6723910769269383131L);
    ck_assert_str_eq(R(seq_to_list(call(range_new(I(1), I(10), I(4)), "__reversed__", 0))), "[9, 5, 1]");
    Obj *rb = call(range_new(B70(0), B70(3), NULL), "__reversed__", 0);
    ck_assert_str_eq(OBJ_TYPE(rb)->name, "longrange_iterator");
    ck_assert_str_eq(R(seq_to_list(rb)),
                     "[1180591620717411303426, 1180591620717411303425, 1180591620717411303424]");
    ck_assert_str_eq(R(range_new(I(-5), I(5), I(2))), "range(-5, 5, 2)");
    ck_assert_str_eq(R(range_new(I(3), I(7), I(1))), "range(3, 7)");
    ck_assert_str_eq(R(range_new(I(0), I(1), I(0))), "ValueError: range() arg 3 must not be zero");
    ck_assert_str_eq(R(new_of(&range_type, 0)), "TypeError: range expected at least 1 argument, got 0");
    Obj *it = obj_getiter(r10);
    DECREF(obj_iternext(it));
    ck_assert_str_eq(R(call(it, "__length_hint__", 0)), "9");
    Obj *bit = obj_getiter(big);
    DECREF(obj_iternext(bit));
    ck_assert_str_eq(R(call(bit, "__length_hint__", 0)), "1180591620717411303423");
    Obj *edge = range_new(int_from_str("9223372036854775805", 19, 10),
                          int_from_str("9223372036854775810", 19, 10), NULL);
    Obj *eit = obj_getiter(edge);
    ck_assert_str_eq(OBJ_TYPE(eit)->name, "longrange_iterator");
    ck_assert_str_eq(R(seq_to_list(eit)), "[9223372036854775805, 9223372036854775806, "
                                          "9223372036854775807, 9223372036854775808, "
                                          "9223372036854775809]");
    ck_assert_str_eq(R(seq_to_list(range_new(I(-3), I(3), NULL))), "[-3, -2, -1, 0, 1, 2]");
}
END_TEST

START_TEST(test_slice)
{
    ck_assert_str_eq(R(call(SL(I(1), I(2), NULL), "indices", 1, I(10))), "(1, 2, 1)");
    ck_assert_str_eq(R(call(SL(NULL, NULL, I(-1)), "indices", 1, I(10))), "(9, -1, -1)");
    Obj *negb = num_unary(B70(0), UN_NEGATIVE);
    ck_assert_str_eq(R(call(SL(negb, B70(0), I(3)), "indices", 1, B70(0))),
                     "(0, 1180591620717411303424, 3)");
    ck_assert_str_eq(R(call(SL(I(5), I(-30), I(-2)), "indices", 1, I(20))), "(5, -1, -2)");
    ck_assert_str_eq(R(call(SL(I(1), NULL, NULL), "indices", 1, I(-1))),
                     "ValueError: length should not be negative");
    ck_assert_str_eq(R(SL(I(1), S("a"), NULL)), "slice(1, 'a', None)");
    ck_assert_int_eq(obj_richcompare_bool(SL(I(1), I(2), NULL), SL(I(1), I(2), NULL), CMP_EQ), 1);
    ck_assert_int_eq(obj_richcompare_bool(SL(I(1), I(2), NULL), SL(I(1), I(3), NULL), CMP_LT), 1);
    ck_assert_int_eq(obj_hash(SL(I(1), I(2), I(3))), -2340833382717974474L);
    ck_assert_int_eq(obj_hash(SL(NULL, NULL, NULL)), 4032618106351268893L);
    ck_assert_str_eq(R(new_of(&slice_type, 4, I(1), I(2), I(3), I(4))),
                     "TypeError: slice expected at most 3 arguments, got 4");
    Ssize start, stop, step, len;
    ck_assert_int_eq(slice_indices(SL(I(-100), NULL, I(-3)), 10, &start, &stop, &step, &len), 0);
    ck_assert_int_eq(len, 0);
    ck_assert_int_eq(slice_indices(SL(NULL, NULL, I(-3)), 10, &start, &stop, &step, &len), 0);
    ck_assert_int_eq(start, 9);
    ck_assert_int_eq(len, 4);
}
END_TEST

static Obj *pack_args(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)kw;
    return tuple_from_array(args, nargs);
}
static const MethodDef pack_def = {"pack", pack_args, METH_FAST, NULL};

START_TEST(test_iter_builtins)
{
    ck_assert_str_eq(R(seq_to_list(new_of(&enumerate_type, 2, S("ab"), I(5)))), "[(5, 'a'), (6, 'b')]");
    ck_assert_str_eq(R(seq_to_list(new_of(&enumerate_type, 2, S("ab"),
                                          int_from_str("9223372036854775807", 19, 10)))),
                     "[(9223372036854775807, 'a'), (9223372036854775808, 'b')]");
    ck_assert_str_eq(R(new_of(&enumerate_type, 0)),
                     "TypeError: enumerate() missing required argument 'iterable'");
    ck_assert_str_eq(R(new_of(&enumerate_type, 3, list_new(0), I(1), I(2))),
                     "TypeError: enumerate() takes at most 2 arguments (3 given)");
    ck_assert_str_eq(R(seq_to_list(new_of(&zip_type, 2, S("ab"), ints(3, 1, 2, 3)))),
                     "[('a', 1), ('b', 2)]");
    Obj *kw = tuple_pack(1, S("strict"));
    Obj *zargs[3] = {ints(2, 1, 2), ints(1, 1), TRUE_};
    ck_assert_str_eq(R(seq_to_list(obj_call((Obj *)&zip_type, zargs, 2, kw))),
                     "ValueError: zip() argument 2 is shorter than argument 1");
    Obj *zargs3[4] = {ints(1, 1), ints(1, 1), ints(2, 1, 2), TRUE_};
    ck_assert_str_eq(R(seq_to_list(obj_call((Obj *)&zip_type, zargs3, 3, kw))),
                     "ValueError: zip() argument 3 is longer than arguments 1-2");
    Obj *fkw = tuple_pack(1, S("foo"));
    ck_assert_str_eq(R(obj_call((Obj *)&zip_type, zargs, 1, fkw)),
                     "TypeError: 'foo' is an invalid keyword argument for zip()");
    Obj *pack = builtin_new(&pack_def, NULL, NULL);
    ck_assert_str_eq(R(seq_to_list(new_of(&map_type, 3, INCREF(pack), ints(2, 7, 9), ints(3, 2, 4, 6)))),
                     "[(7, 2), (9, 4)]");
    ck_assert_str_eq(R(new_of(&map_type, 1, INCREF(pack))),
                     "TypeError: map() must have at least two arguments.");
    Obj *fl = ints(2, 0, 1);
    list_append(fl, S(""));
    list_append(fl, S("x"));
    ck_assert_str_eq(R(seq_to_list(new_of(&filter_type, 2, INCREF(NONE), fl))), "[1, 'x']");
    ck_assert_str_eq(R(new_of(&filter_type, 1, INCREF(NONE))), "TypeError: filter expected 2 arguments, got 1");
    ck_assert_str_eq(R(seq_to_list(new_of(&reversed_type, 1, S("abc")))), "['c', 'b', 'a']");
    ck_assert_str_eq(R(new_of(&reversed_type, 1, I(1))), "TypeError: 'int' object is not reversible");
    ck_assert_str_eq(R(seq_to_list(new_of(&reversed_type, 1, dict_of_ints(2, 1, 0, 2, 0)))), "[2, 1]");
    Obj *rv = new_of(&reversed_type, 1, S("abc"));
    ck_assert_str_eq(OBJ_TYPE(rv)->name, "reversed");
    ck_assert_str_eq(R(call(rv, "__length_hint__", 0)), "3");
    DECREF(obj_iternext(rv));
    ck_assert_str_eq(R(call(rv, "__length_hint__", 0)), "2");
    /* iter(callable, sentinel) */
    Obj *src = ints(4, 1, 2, 3, 4);
    Obj *pop = obj_getattr_str(src, "pop");
    Obj *ci = calliter_new(pop, I(2));
    ck_assert_str_eq(R(seq_to_list(ci)), "[4, 3]");
    ck_assert_ptr_null(obj_iternext(ci));   /* stays exhausted */
    ck_assert_str_eq(Rb(src), "[1]");
    /* iter() over __getitem__: a str through the sequence protocol */
    Obj *si = seqiter_new(S("xy"));
    ck_assert_str_eq(OBJ_TYPE(si)->name, "iterator");
    ck_assert_str_eq(R(call(si, "__length_hint__", 0)), "2");
    ck_assert_str_eq(R(seq_to_list(si)), "['x', 'y']");
    ck_assert_str_eq(R(call(si, "__length_hint__", 0)), "0");
}
END_TEST

Suite *containers_suite(void)
{
    Suite *s = suite_create("containers");
    TCase *tc = tcase_create("tuple_list");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_tuple_basics);
    tcase_add_test(tc, test_list_growth);
    tcase_add_test(tc, test_list_slices);
    tcase_add_test(tc, test_list_methods);
    tcase_add_test(tc, test_sort_trace);
    tcase_add_test(tc, test_sort_misc);
    suite_add_tcase(s, tc);
    tc = tcase_create("dict_set");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_dict_layout);
    tcase_add_test(tc, test_dict_iteration);
    tcase_add_test(tc, test_dict_views);
    tcase_add_test(tc, test_dict_methods);
    tcase_add_test(tc, test_set_order);
    tcase_add_test(tc, test_set_ops);
    suite_add_tcase(s, tc);
    tc = tcase_create("range_slice_iter");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_range);
    tcase_add_test(tc, test_slice);
    tcase_add_test(tc, test_iter_builtins);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(containers_suite)
