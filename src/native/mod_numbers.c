/* mod_numbers.c — the `numbers` module of CPython 3.12 (PEP 3141), natively.
 *
 * Number, Complex, Real, Rational and Integral are classes made by
 * abc.ABCMeta with numbers.py's bases, `__slots__ = ()`, docstrings and
 * exactly its __abstractmethods__; abstract methods are marked
 * (abstractfn.h) so a subclass stays abstract until it overrides them, and
 * raise NotImplementedError when reached through super().  The mixin
 * methods compute what numbers.py computes, through the operators, so user
 * classes see the same calls (__sub__ is `self + -other`, __bool__ is
 * `self != 0`, Rational.__float__ is `int(self.numerator) /
 * int(self.denominator)` …).  complex, float and int are registered as
 * numbers.py registers them; fractions.Fraction, a subclass of Rational in
 * CPython, is registered with Rational (the VM's Fraction is native).
 */
#include "config.h"

#include "src/native/abstractfn.h"
#include "src/native/modhelp.h"

static Obj *cls_number, *cls_complex, *cls_real, *cls_rational, *cls_integral;

static Obj *not_implemented(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self; (void)args; (void)nargs; (void)kw;
    vm_err_set_obj(&exc_NotImplementedError, NULL);
    return NULL;
}

static int one_arg(const char *name, Ssize nargs, Obj *kw)
{
    if (!mh_nkw(kw) && nargs == 1) return 0;
    if (mh_nkw(kw)) {
        vm_err_format(&exc_TypeError, "%s() got an unexpected keyword argument '%S'", name, TUPLE_ITEMS(kw)[0]);
        return -1;
    }
    if (nargs == 0) {
        Obj *nm = str_from_cstr("other");
        if (nm) args_err_missing(name, &nm, 1, false);
        XDECREF(nm);
        return -1;
    }
    args_err_too_many_positional(name, 2, 2, nargs + 1, 0);
    return -1;
}

static Obj *c_bool(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *zero = int_from_i64(0);
    if (!zero) return NULL;
    Obj *r = obj_richcompare(self, zero, CMP_NE);
    DECREF(zero);
    return r;
}

static Obj *c_sub(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (one_arg("Complex.__sub__", n, kw) < 0) return NULL;
    Obj *neg = num_unary(a[0], UN_NEGATIVE);
    if (!neg) return NULL;
    Obj *r = num_binary(self, neg, NB_ADD);
    DECREF(neg);
    return r;
}

static Obj *c_rsub(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (one_arg("Complex.__rsub__", n, kw) < 0) return NULL;
    Obj *neg = num_unary(self, UN_NEGATIVE);
    if (!neg) return NULL;
    Obj *r = num_binary(neg, a[0], NB_ADD);
    DECREF(neg);
    return r;
}

static Obj *pair(Obj *x, Obj *y)
{
    Obj *q = num_binary(x, y, NB_FLOOR_DIVIDE);
    Obj *m = q ? num_binary(x, y, NB_REMAINDER) : NULL;
    Obj *r = m ? tuple_pack(2, q, m) : NULL;
    XDECREF(q);
    XDECREF(m);
    return r;
}

static Obj *r_divmod(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (one_arg("Real.__divmod__", n, kw) < 0) return NULL;
    return pair(self, a[0]);
}

static Obj *r_rdivmod(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (one_arg("Real.__rdivmod__", n, kw) < 0) return NULL;
    return pair(a[0], self);
}

static Obj *call_type(TypeObj *t, Obj *v) { return obj_call((Obj *)t, &v, 1, NULL); }

static Obj *r_complex(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *f = call_type(&float_type, self);
    if (!f) return NULL;
    Obj *r = call_type(&complex_type, f);
    DECREF(f);
    return r;
}

static Obj *pos_self(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return num_unary(self, UN_POSITIVE);
}

static Obj *zero_fn(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return int_from_i64(0);
}

static Obj *one_fn(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return int_from_i64(1);
}

static Obj *q_float(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *nu = obj_getattr(self, id_str("numerator"));
    Obj *ni = nu ? call_type(&int_type, nu) : NULL;
    XDECREF(nu);
    Obj *de = ni ? obj_getattr(self, id_str("denominator")) : NULL;
    Obj *di = de ? call_type(&int_type, de) : NULL;
    XDECREF(de);
    Obj *r = di ? num_binary(ni, di, NB_TRUE_DIVIDE) : NULL;
    XDECREF(ni);
    XDECREF(di);
    return r;
}

static Obj *i_index(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return call_type(&int_type, self);
}

static Obj *i_float(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *i = call_type(&int_type, self);
    if (!i) return NULL;
    Obj *r = call_type(&float_type, i);
    DECREF(i);
    return r;
}

/* What each class defines: abstract methods (A), abstract properties (AP),
 * mixin methods (M) and properties (P). */
enum { K_A, K_AP, K_M, K_P };
typedef struct Member { const char *name; int kind; MethodFn fn; } Member;

#define ABS(n) {n, K_A, not_implemented}
static const Member complex_members[] = {
    ABS("__complex__"), {"__bool__", K_M, c_bool}, {"real", K_AP, not_implemented},
    {"imag", K_AP, not_implemented}, ABS("__add__"), ABS("__radd__"), ABS("__neg__"), ABS("__pos__"),
    {"__sub__", K_M, c_sub}, {"__rsub__", K_M, c_rsub}, ABS("__mul__"), ABS("__rmul__"),
    ABS("__truediv__"), ABS("__rtruediv__"), ABS("__pow__"), ABS("__rpow__"), ABS("__abs__"),
    ABS("conjugate"), ABS("__eq__"), {NULL, 0, NULL},
};
static const Member real_members[] = {
    ABS("__float__"), ABS("__trunc__"), ABS("__floor__"), ABS("__ceil__"), ABS("__round__"),
    {"__divmod__", K_M, r_divmod}, {"__rdivmod__", K_M, r_rdivmod}, ABS("__floordiv__"),
    ABS("__rfloordiv__"), ABS("__mod__"), ABS("__rmod__"), ABS("__lt__"), ABS("__le__"),
    {"__complex__", K_M, r_complex}, {"real", K_P, pos_self}, {"imag", K_P, zero_fn},
    {"conjugate", K_M, pos_self}, {NULL, 0, NULL},
};
static const Member rational_members[] = {
    {"numerator", K_AP, not_implemented}, {"denominator", K_AP, not_implemented},
    {"__float__", K_M, q_float}, {NULL, 0, NULL},
};
static const Member integral_members[] = {
    ABS("__int__"), {"__index__", K_M, i_index}, ABS("__pow__"), ABS("__lshift__"), ABS("__rlshift__"),
    ABS("__rshift__"), ABS("__rrshift__"), ABS("__and__"), ABS("__rand__"), ABS("__xor__"),
    ABS("__rxor__"), ABS("__or__"), ABS("__ror__"), ABS("__invert__"), {"__float__", K_M, i_float},
    {"numerator", K_P, pos_self}, {"denominator", K_P, one_fn}, {NULL, 0, NULL},
};

static int add_member(Obj *cls, const Member *m)
{
    TypeObj *t = (TypeObj *)cls;
    MethodDef *def = xmalloc(sizeof *def);   /* lives as long as the class: never freed */
    def->name = m->name;
    def->fn = m->fn;
    def->flags = METH_FAST;
    def->doc = NULL;
    Obj *f = m->kind == K_A || m->kind == K_AP ? abstract_method_new(t, def) : method_descr_new(t, def);
    if (f && (m->kind == K_AP || m->kind == K_P)) {
        Obj *p = obj_call((Obj *)&property_type, &f, 1, NULL);
        DECREF(f);
        f = p;
    }
    Obj *key = f ? str_from_cstr(m->name) : NULL;
    int r = key ? obj_setattr(cls, key, f) : -1;
    XDECREF(key);
    XDECREF(f);
    return r;
}

static Obj *make_abc(Obj *meta, const char *name, Obj *base, const Member *members, bool unhashable,
                     const char *doc, const char *abstracts)
{
    Obj *b = tuple_pack(1, base);
    Obj *ns = dict_new(), *nm = str_from_cstr(name), *mod = str_from_cstr("numbers");
    Obj *ds = str_from_cstr(doc), *slots = tuple_new(0);
    Obj *cls = NULL;
    if (b && ns && nm && mod && ds && slots && dict_set_str(ns, "__module__", mod) == 0 &&
        dict_set_str(ns, "__qualname__", nm) == 0 && dict_set_str(ns, "__doc__", ds) == 0 &&
        dict_set_str(ns, "__slots__", slots) == 0 && (!unhashable || dict_set_str(ns, "__hash__", NONE) == 0)) {
        Obj *a[3] = {nm, b, ns};
        cls = obj_call(meta, a, 3, NULL);
    }
    XDECREF(b);
    XDECREF(ns);
    XDECREF(nm);
    XDECREF(mod);
    XDECREF(ds);
    XDECREF(slots);
    if (!cls) return NULL;
    for (const Member *m = members; m && m->name; m++)
        if (add_member(cls, m) < 0) goto fail;
    Obj *names = str_from_cstr(abstracts);
    Obj *parts = names ? obj_call_method(names, "split", NULL, 0) : NULL;
    XDECREF(names);
    Obj *fs = parts ? frozenset_new(parts) : NULL;
    XDECREF(parts);
    int r = fs ? obj_setattr(cls, id_str("__abstractmethods__"), fs) : -1;
    XDECREF(fs);
    if (r < 0) goto fail;
    return cls;
fail:
    DECREF(cls);
    return NULL;
}

static int reg(Obj *abc, Obj *cls)
{
    Obj *r = obj_call_method(abc, "register", &cls, 1);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

#define COMPLEX_ABS "__abs__ __add__ __complex__ __eq__ __mul__ __neg__ __pos__ __pow__ __radd__ " \
                    "__rmul__ __rpow__ __rtruediv__ __truediv__ conjugate imag real"
#define REAL_ABS "__abs__ __add__ __ceil__ __eq__ __float__ __floor__ __floordiv__ __le__ __lt__ " \
                 "__mod__ __mul__ __neg__ __pos__ __pow__ __radd__ __rfloordiv__ __rmod__ __rmul__ " \
                 "__round__ __rpow__ __rtruediv__ __truediv__ __trunc__"
#define RATIONAL_ABS "__abs__ __add__ __ceil__ __eq__ __floor__ __floordiv__ __le__ __lt__ __mod__ " \
                     "__mul__ __neg__ __pos__ __pow__ __radd__ __rfloordiv__ __rmod__ __rmul__ __round__ " \
                     "__rpow__ __rtruediv__ __truediv__ __trunc__ denominator numerator"
#define INTEGRAL_ABS "__abs__ __add__ __and__ __ceil__ __eq__ __floor__ __floordiv__ __int__ __invert__ " \
                     "__le__ __lshift__ __lt__ __mod__ __mul__ __neg__ __or__ __pos__ __pow__ __radd__ " \
                     "__rand__ __rfloordiv__ __rlshift__ __rmod__ __rmul__ __ror__ __round__ __rpow__ " \
                     "__rrshift__ __rshift__ __rtruediv__ __rxor__ __truediv__ __trunc__ __xor__"

static int build(void)
{
    if (cls_integral) return 0;
    Obj *abc = import_name(id_str("abc"), NULL, NULL, 0);
    Obj *meta = abc ? obj_getattr(abc, id_str("ABCMeta")) : NULL;
    XDECREF(abc);
    if (!meta) return -1;
    cls_number = make_abc(meta, "Number", (Obj *)&object_type, NULL, true,
                          "All numbers inherit from this class.\n\n"
                          "    If you just want to check if an argument x is a number, without\n"
                          "    caring what kind, use isinstance(x, Number).\n    ",
                          "");
    cls_complex = cls_number ? make_abc(meta, "Complex", cls_number, complex_members, true,
                                        "Complex defines the operations that work on the builtin complex type.\n\n"
                                        "    In short, those are: a conversion to complex, .real, .imag, +, -,\n"
                                        "    *, /, **, abs(), .conjugate, ==, and !=.\n\n"
                                        "    If it is given heterogeneous arguments, and doesn't have special\n"
                                        "    knowledge about them, it should fall back to the builtin complex\n"
                                        "    type as described below.\n    ",
                                        COMPLEX_ABS)
                             : NULL;
    cls_real = cls_complex ? make_abc(meta, "Real", cls_complex, real_members, false,
                                      "To Complex, Real adds the operations that work on real numbers.\n\n"
                                      "    In short, those are: a conversion to float, trunc(), divmod,\n"
                                      "    %, <, <=, >, and >=.\n\n"
                                      "    Real also provides defaults for the derived operations.\n    ",
                                      REAL_ABS)
                           : NULL;
    cls_rational = cls_real ? make_abc(meta, "Rational", cls_real, rational_members, false,
                                       ".numerator and .denominator should be in lowest terms.", RATIONAL_ABS)
                            : NULL;
    cls_integral = cls_rational ? make_abc(meta, "Integral", cls_rational, integral_members, false,
                                           "Integral adds methods that work on integral numbers.\n\n"
                                           "    In short, these are conversion to int, pow with modulus, and the\n"
                                           "    bit-string operations.\n    ",
                                           INTEGRAL_ABS)
                                : NULL;
    DECREF(meta);
    if (!cls_integral || reg(cls_complex, (Obj *)&complex_type) < 0 || reg(cls_real, (Obj *)&float_type) < 0 ||
        reg(cls_integral, (Obj *)&int_type) < 0)
        return -1;
    Obj *fr = import_name(id_str("fractions"), NULL, NULL, 0);
    Obj *fc = fr ? obj_getattr(fr, id_str("Fraction")) : NULL;
    XDECREF(fr);
    if (!fc) return -1;
    int r = reg(cls_rational, fc);
    DECREF(fc);
    return r;
}

static Obj *numbers_init(void)
{
    if (build() < 0) return NULL;
    Obj *m = mh_module("numbers", NULL);
    if (!m) return NULL;
    const char *names[] = {"Number", "Complex", "Real", "Rational", "Integral"};
    Obj *cls[] = {cls_number, cls_complex, cls_real, cls_rational, cls_integral};
    Obj *all = list_new(0);
    for (int i = 0; all && i < 5; i++) {
        Obj *s = str_from_cstr(names[i]);
        if (!s || list_append(all, s) < 0 || mh_add_obj(m, names[i], cls[i]) < 0) CLEAR(all);
        XDECREF(s);
    }
    if (!all || module_add(m, "__all__", all) < 0 ||
        mh_add_str(m, "__doc__", "Abstract Base Classes (ABCs) for numbers, according to PEP 3141.\n\n"
                                 "TODO: Fill out more detailed documentation on the operators.") < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_numbers_register(void) { import_register_native("numbers", numbers_init); }
