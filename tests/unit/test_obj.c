/* test_obj.c — the core object model from C: type readiness, C3 MRO and its
 * error, attribute lookup through descriptors and instance dicts, rich
 * comparison dispatch and its TypeError, exception str/repr, heap-type slot
 * dispatch, args messages and the cycle collector.  Expected texts were
 * recorded from CPython 3.12.1.
 */
#include "config.h"

#include <string.h>

#include "pydbg/vm.h"
#include "unit.h"

#include <stdlib.h>

static void setup(void)
{
    setenv("PYTHONHASHSEED", "0", 1);   /* expected values were recorded with seed 0 */
    vm_init(312, 0, NULL, NULL);
}

/* The pending exception's "Type: message" (and clear it). */
static char *err_text(void)
{
    static char buf[512];
    Obj *e = vm_err_fetch();
    if (!e) return strcpy(buf, "(no exception)");
    Obj *s = obj_str(e);
    Ssize n = 0;
    const char *u = s ? str_utf8_lossy(s, &n) : "?";
    snprintf(buf, sizeof buf, "%s: %.*s", type_name(OBJ_TYPE(e)), (int)n, u);
    XDECREF(s);
    DECREF(e);
    return buf;
}

static char *repr_text(Obj *o)
{
    static char buf[512];
    Obj *s = obj_repr(o);
    if (!s) return err_text();
    Ssize n;
    const char *u = str_utf8_lossy(s, &n);
    snprintf(buf, sizeof buf, "%.*s", (int)n, u);
    DECREF(s);
    return buf;
}

/* class NAME(*bases): pass */
static Obj *make_class(const char *name, int nbases, ...)
{
    Obj *bases = tuple_new(nbases);
    va_list ap;
    va_start(ap, nbases);
    for (int i = 0; i < nbases; i++) TUPLE_ITEMS(bases)[i] = INCREF(va_arg(ap, Obj *));
    va_end(ap);
    Obj *ns = dict_new();
    Obj *mod = str_from_cstr("__main__");
    dict_set_str(ns, "__module__", mod);
    DECREF(mod);
    Obj *n = str_from_cstr(name);
    Obj *c = type_new_class(&type_type, n, bases, ns, NULL);
    DECREF(n);
    DECREF(ns);
    DECREF(bases);
    return c;
}

static Obj *call0(Obj *c) { return obj_call(c, NULL, 0, NULL); }

START_TEST(test_singletons)
{
    ck_assert_str_eq(repr_text(NONE), "None");
    ck_assert_str_eq(repr_text(NOTIMPL), "NotImplemented");
    ck_assert_str_eq(repr_text(ELLIPSIS), "Ellipsis");
    ck_assert_str_eq(repr_text((Obj *)&object_type), "<class 'object'>");
    ck_assert_str_eq(repr_text((Obj *)&type_type), "<class 'type'>");
    ck_assert_int_eq(obj_is_true(NONE), 0);
    ck_assert(OBJ_TYPE(&type_type) == &type_type);
    ck_assert(type_is_subtype(&type_type, &object_type));
}
END_TEST

START_TEST(test_mro)
{
    Obj *A = make_class("A", 0);
    Obj *B = make_class("B", 1, A);
    Obj *C = make_class("C", 1, A);
    Obj *D = make_class("D", 2, B, C);
    ck_assert_ptr_nonnull(D);
    ck_assert_str_eq(repr_text(((TypeObj *)D)->mro),
                     "(<class '__main__.D'>, <class '__main__.B'>, <class '__main__.C'>, "
                     "<class '__main__.A'>, <class 'object'>)");
    /* class E(A, B): inconsistent */
    Obj *E = make_class("E", 2, A, B);
    ck_assert_ptr_null(E);
    ck_assert_str_eq(err_text(), "TypeError: Cannot create a consistent method resolution\n"
                                 "order (MRO) for bases A, B");
    Obj *F = make_class("F", 2, A, A);
    ck_assert_ptr_null(F);
    ck_assert_str_eq(err_text(), "TypeError: duplicate base class A");
    Obj *G = make_class("G", 1, (Obj *)&bool_type);
    ck_assert_ptr_null(G);
    ck_assert_str_eq(err_text(), "TypeError: type 'bool' is not an acceptable base type");
    DECREF(D);
    DECREF(C);
    DECREF(B);
    DECREF(A);
}
END_TEST

START_TEST(test_attributes)
{
    Obj *C = make_class("C", 0);
    Obj *c = call0(C);
    ck_assert_ptr_nonnull(c);
    Obj *x = str_from_cstr("x");
    ck_assert_ptr_null(obj_getattr(c, x));
    ck_assert_str_eq(err_text(), "AttributeError: 'C' object has no attribute 'x'");
    Obj *one = int_from_i64(1);
    ck_assert_int_eq(obj_setattr(c, x, one), 0);
    Obj *v = obj_getattr(c, x);
    ck_assert_ptr_eq(v, one);
    DECREF(v);
    /* class attribute shadowed by the instance dict (non-data) */
    Obj *two = int_from_i64(2);
    ck_assert_int_eq(obj_setattr(C, x, two), 0);
    v = obj_getattr(c, x);
    ck_assert_ptr_eq(v, one);
    DECREF(v);
    ck_assert_int_eq(obj_setattr(c, x, NULL), 0);
    v = obj_getattr(c, x);
    ck_assert_ptr_eq(v, two);
    DECREF(v);
    /* type attribute errors */
    Obj *y = str_from_cstr("y");
    ck_assert_ptr_null(obj_getattr(C, y));
    ck_assert_str_eq(err_text(), "AttributeError: type object 'C' has no attribute 'y'");
    ck_assert_int_eq(obj_setattr((Obj *)&int_type, y, one), -1);
    ck_assert_str_eq(err_text(), "TypeError: cannot set 'y' attribute of immutable type 'int'");
    ck_assert_int_eq(obj_setattr(one, y, one), -1);
    ck_assert_str_eq(err_text(), "AttributeError: 'int' object has no attribute 'y'");
    /* a getset without a setter */
    Obj *real = str_from_cstr("__class__");
    v = obj_getattr(c, real);
    ck_assert_ptr_eq(v, C);
    DECREF(v);
    DECREF(real);
    DECREF(x);
    DECREF(y);
    DECREF(one);
    DECREF(two);
    DECREF(c);
    DECREF(C);
}
END_TEST

START_TEST(test_compare)
{
    Obj *one = int_from_i64(1);
    ck_assert_ptr_null(obj_richcompare(NONE, one, CMP_LT));
    ck_assert_str_eq(err_text(), "TypeError: '<' not supported between instances of 'NoneType' and 'int'");
    Obj *r = obj_richcompare(NONE, one, CMP_EQ);
    ck_assert_ptr_eq(r, FALSE_);
    DECREF(r);
    r = obj_richcompare(NONE, NONE, CMP_NE);
    ck_assert_ptr_eq(r, FALSE_);
    DECREF(r);
    Obj *l = list_new(0);
    ck_assert_ptr_null(obj_richcompare(l, one, CMP_GE));
    ck_assert_str_eq(err_text(), "TypeError: '>=' not supported between instances of 'list' and 'int'");
    ck_assert_int_eq((int)obj_hash(l), -1);
    ck_assert_str_eq(err_text(), "TypeError: unhashable type: 'list'");
    /* identity hash as CPython: address rotated by 4 bits; 3.12's hash(None)
     * is the constant 4238894112 */
    Obj *o = obj_call((Obj *)&object_type, NULL, 0, NULL);
    Hash h = obj_hash(o);
    uintptr_t p = (uintptr_t)o;
    ck_assert(h == (Hash)((p >> 4) | (p << (8 * sizeof p - 4))));
    DECREF(o);
    ck_assert(obj_hash(NONE) == (Hash)4238894112);
    DECREF(l);
    DECREF(one);
}
END_TEST

START_TEST(test_numbers)
{
    Obj *one = int_from_i64(1);
    Obj *s = str_from_cstr("a");
    ck_assert_ptr_null(num_binary(one, s, NB_ADD));
    ck_assert_str_eq(err_text(), "TypeError: unsupported operand type(s) for +: 'int' and 'str'");
    ck_assert_ptr_null(num_binary(one, s, NB_POWER));
    ck_assert_str_eq(err_text(), "TypeError: unsupported operand type(s) for ** or pow(): 'int' and 'str'");
    ck_assert_ptr_null(num_binary(one, s, NB_INPLACE_ADD));
    ck_assert_str_eq(err_text(), "TypeError: unsupported operand type(s) for +=: 'int' and 'str'");
    ck_assert_ptr_null(num_unary(s, UN_NEGATIVE));
    ck_assert_str_eq(err_text(), "TypeError: bad operand type for unary -: 'str'");
    Obj *l = list_new(0);
    Obj *f = float_from_double(1.5);
    ck_assert_ptr_null(num_binary(l, f, NB_MULTIPLY));
    ck_assert_str_eq(err_text(), "TypeError: can't multiply sequence by non-int of type 'float'");
    ck_assert_ptr_null(obj_getitem(one, one));
    ck_assert_str_eq(err_text(), "TypeError: 'int' object is not subscriptable");
    ck_assert_int_eq((int)obj_length(one), -1);
    ck_assert_str_eq(err_text(), "TypeError: object of type 'int' has no len()");
    ck_assert_ptr_null(obj_getiter(one));
    ck_assert_str_eq(err_text(), "TypeError: 'int' object is not iterable");
    ck_assert_int_eq(obj_contains(one, one), -1);
    ck_assert_str_eq(err_text(), "TypeError: argument of type 'int' is not iterable");
    DECREF(f);
    DECREF(l);
    DECREF(s);
    DECREF(one);
}
END_TEST

START_TEST(test_exceptions)
{
    Obj *x = str_from_cstr("x");
    Obj *e = obj_call((Obj *)&exc_ValueError, &x, 1, NULL);
    ck_assert_str_eq(repr_text(e), "ValueError('x')");
    DECREF(e);
    e = obj_call((Obj *)&exc_ValueError, NULL, 0, NULL);
    ck_assert_str_eq(repr_text(e), "ValueError()");
    DECREF(e);
    vm_err_set_obj(&exc_KeyError, x);
    ck_assert_str_eq(err_text(), "KeyError: 'x'");
    Obj *args[3] = {int_from_i64(2), str_from_cstr("No such file"), str_from_cstr("f")};
    e = obj_call((Obj *)&exc_OSError, args, 3, NULL);
    ck_assert_ptr_eq(OBJ_TYPE(e), &exc_FileNotFoundError);
    Obj *s = obj_str(e);
    ck_assert(str_eq_cstr(s, "[Errno 2] No such file: 'f'"));
    DECREF(s);
    DECREF(e);
    for (int i = 0; i < 3; i++) DECREF(args[i]);
    vm_err_format(&exc_TypeError, "%s() takes %d positional arguments but %zd were given", "f", 2, (Ssize)3);
    ck_assert_str_eq(err_text(), "TypeError: f() takes 2 positional arguments but 3 were given");
    ck_assert(type_is_subtype(&exc_ExceptionGroup, &exc_Exception));
    ck_assert_str_eq(repr_text(((TypeObj *)&exc_ExceptionGroup)->mro),
                     "(<class 'ExceptionGroup'>, <class 'BaseExceptionGroup'>, <class 'Exception'>, "
                     "<class 'BaseException'>, <class 'object'>)");
    DECREF(x);
}
END_TEST

START_TEST(test_args)
{
    ck_assert_int_eq(args_count("divmod", 1, 2, 2), -1);
    ck_assert_str_eq(err_text(), "TypeError: divmod expected 2 arguments, got 1");
    ck_assert_int_eq(args_count("get", 3, 1, 2), -1);
    ck_assert_str_eq(err_text(), "TypeError: get expected at most 2 arguments, got 3");
    Obj *names[3] = {str_from_cstr("a"), str_from_cstr("b"), str_from_cstr("c")};
    args_err_missing("f", names, 1, false);
    ck_assert_str_eq(err_text(), "TypeError: f() missing 1 required positional argument: 'a'");
    args_err_missing("f", names, 2, false);
    ck_assert_str_eq(err_text(), "TypeError: f() missing 2 required positional arguments: 'a' and 'b'");
    args_err_missing("f", names, 3, true);
    ck_assert_str_eq(err_text(),
                     "TypeError: f() missing 3 required keyword-only arguments: 'a', 'b', and 'c'");
    args_err_too_many_positional("g", 1, 2, 3, 1);
    ck_assert_str_eq(err_text(), "TypeError: g() takes from 1 to 2 positional arguments but 3 "
                                 "positional arguments (and 1 keyword-only argument) were given");
    args_err_unexpected_kw("f", names[2]);
    ck_assert_str_eq(err_text(), "TypeError: f() got an unexpected keyword argument 'c'");
    args_err_multiple_values("f", names[0]);
    ck_assert_str_eq(err_text(), "TypeError: f() got multiple values for argument 'a'");
    for (int i = 0; i < 3; i++) DECREF(names[i]);
}
END_TEST

static Obj *attr(Obj *o, const char *name)
{
    Obj *n = str_from_cstr(name);
    Obj *r = obj_getattr(o, n);
    DECREF(n);
    return r;
}

START_TEST(test_descriptors)
{
    Obj *w = attr((Obj *)&int_type, "__add__");
    ck_assert_str_eq(repr_text(w), "<slot wrapper '__add__' of 'int' objects>");
    Obj *args[2] = {int_from_i64(1), int_from_i64(2)};
    Obj *r = obj_call(w, args, 2, NULL);
    ck_assert_str_eq(repr_text(r), "3");
    DECREF(r);
    Obj *s = str_from_cstr("a");
    Obj *bad[2] = {s, args[0]};
    ck_assert_ptr_null(obj_call(w, bad, 2, NULL));
    ck_assert_str_eq(err_text(), "TypeError: descriptor '__add__' requires a 'int' object but received a 'str'");
    ck_assert_ptr_null(obj_call(w, NULL, 0, NULL));
    ck_assert_str_eq(err_text(), "TypeError: descriptor '__add__' of 'int' object needs an argument");
    DECREF(w);
    Obj *l = list_new(0);
    Obj *m = attr((Obj *)&list_type, "append");
    ck_assert_str_eq(repr_text(m), "<method 'append' of 'list' objects>");
    ck_assert_ptr_null(obj_call(m, NULL, 0, NULL));
    ck_assert_str_eq(err_text(), "TypeError: unbound method list.append() needs an argument");
    ck_assert_ptr_null(obj_call(m, args, 2, NULL));
    ck_assert_str_eq(err_text(), "TypeError: descriptor 'append' for 'list' objects doesn't apply to a 'int' object");
    DECREF(m);
    m = attr(l, "append");
    ck_assert_ptr_null(obj_call(m, NULL, 0, NULL));
    ck_assert_str_eq(err_text(), "TypeError: list.append() takes exactly one argument (0 given)");
    r = obj_call(m, args, 1, NULL);
    ck_assert_ptr_eq(r, NONE);
    DECREF(r);
    ck_assert_str_eq(repr_text(l), "[1]");
    DECREF(m);
    Obj *nw = attr((Obj *)&object_type, "__new__");
    ck_assert_ptr_null(obj_call(nw, args, 1, NULL));
    ck_assert_str_eq(err_text(), "TypeError: object.__new__(X): X is not a type object (int)");
    Obj *it = (Obj *)&int_type;
    ck_assert_ptr_null(obj_call(nw, &it, 1, NULL));
    ck_assert_str_eq(err_text(), "TypeError: object.__new__(int) is not safe, use int.__new__()");
    DECREF(nw);
    Obj *cl = attr(args[0], "__class__");
    ck_assert_ptr_eq(cl, &int_type);
    DECREF(cl);
    Obj *real = str_from_cstr("real");
    ck_assert_int_eq(obj_setattr(args[0], real, args[1]), -1);
    ck_assert_str_eq(err_text(), "AttributeError: attribute 'real' of 'int' objects is not writable");
    DECREF(real);
    /* int | None, list[int] */
    Obj *u = num_binary((Obj *)&int_type, NONE, NB_OR);
    ck_assert_str_eq(repr_text(u), "int | None");
    ck_assert_int_eq(obj_isinstance(args[0], u), 1);
    ck_assert_int_eq(obj_isinstance(s, u), 0);
    DECREF(u);
    Obj *ga = generic_alias_new((Obj *)&list_type, (Obj *)&int_type);
    ck_assert_str_eq(repr_text(ga), "list[int]");
    ck_assert_int_eq(obj_isinstance(l, ga), -1);
    ck_assert_str_eq(err_text(), "TypeError: isinstance() argument 2 cannot be a parameterized generic");
    DECREF(ga);
    DECREF(l);
    DECREF(s);
    DECREF(args[0]);
    DECREF(args[1]);
}
END_TEST

START_TEST(test_builtin_subclasses)
{
    Obj *ML = make_class("MyList", 1, (Obj *)&list_type);
    ck_assert_ptr_nonnull(ML);
    Obj *one = int_from_i64(1);
    Obj *ml = obj_call(ML, NULL, 0, NULL);
    ck_assert(LIST_CHECK(ml));
    ck_assert_int_eq(list_append(ml, one), 0);
    Obj *tag = str_from_cstr("tag");
    ck_assert_int_eq(obj_setattr(ml, tag, one), 0);
    Obj *v = obj_getattr(ml, tag);
    ck_assert_ptr_eq(v, one);
    DECREF(v);
    ck_assert_str_eq(repr_text(ml), "[1]");
    ck_assert_int_eq(obj_isinstance(ml, (Obj *)&list_type), 1);
    ck_assert_int_eq((int)obj_length(ml), 1);
    DECREF(ml);
    Obj *E = make_class("MyError", 1, (Obj *)&exc_ValueError);
    Obj *x = str_from_cstr("bad");
    Obj *e = obj_call(E, &x, 1, NULL);
    ck_assert(EXC_CHECK(e));
    ck_assert_str_eq(repr_text(e), "MyError('bad')");
    ck_assert_int_eq(obj_setattr(e, tag, one), 0);
    vm_err_restore(INCREF(e));
    ck_assert(vm_err_matches(&exc_ValueError));
    ck_assert_str_eq(err_text(), "MyError: bad");
    DECREF(e);
    /* class S: __slots__ = ('a',) */
    Obj *ns = dict_new();
    Obj *slots = tuple_pack(1, tag);
    dict_set_str(ns, "__slots__", slots);
    Obj *bases = tuple_new(0), *n = str_from_cstr("S");
    Obj *S = type_new_class(&type_type, n, bases, ns, NULL);
    ck_assert_ptr_nonnull(S);
    Obj *s = obj_call(S, NULL, 0, NULL);
    ck_assert_ptr_null(obj_getattr(s, tag));
    ck_assert_str_eq(err_text(), "AttributeError: 'S' object has no attribute 'tag'");
    ck_assert_int_eq(obj_setattr(s, tag, one), 0);
    v = obj_getattr(s, tag);
    ck_assert_ptr_eq(v, one);
    DECREF(v);
    ck_assert_int_eq(obj_setattr(s, x, one), -1);
    ck_assert_str_eq(err_text(), "AttributeError: 'S' object has no attribute 'bad'");
    ck_assert_ptr_null(obj_dict_ptr(s));
    DECREF(s);
    DECREF(S);
    DECREF(n);
    DECREF(bases);
    DECREF(slots);
    DECREF(ns);
    DECREF(x);
    DECREF(E);
    DECREF(tag);
    DECREF(one);
    DECREF(ML);
}
END_TEST

START_TEST(test_gc_cycle)
{
    Obj *C = make_class("C", 0);
    gc_collect(2);
    Obj *a = call0(C), *b = call0(C);
    Obj *other = str_from_cstr("other");
    obj_setattr(a, other, b);
    obj_setattr(b, other, a);
    ck_assert(gc_is_tracked(a));
    DECREF(a);
    DECREF(b);
    /* two instances (their dicts are inline in 3.12, so not counted) */
    ck_assert_int_eq((int)gc_collect(2), 2);
    ck_assert_int_eq((int)gc_collect(2), 0);
    DECREF(other);
    DECREF(C);
}
END_TEST

static Suite *obj_suite(void)
{
    Suite *s = suite_create("obj");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_singletons);
    tcase_add_test(tc, test_mro);
    tcase_add_test(tc, test_attributes);
    tcase_add_test(tc, test_compare);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_exceptions);
    tcase_add_test(tc, test_args);
    tcase_add_test(tc, test_descriptors);
    tcase_add_test(tc, test_builtin_subclasses);
    tcase_add_test(tc, test_gc_cycle);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(obj_suite)
