/* bool.c — bool, the int subclass with exactly two instances.
 *
 * True and False are static IntObj values (v = 1 and 0) that are never
 * released; bool(x) is truth testing; `&`, `|` and `^` give a bool when both
 * operands are bools and defer to int otherwise; repr/str are 'True' and
 * 'False'.  bool cannot be subclassed (no TPF_BASETYPE).
 */
#include "config.h"

#include "pydbg/vm.h"

IntObj true_obj = {OBJ_HEAD_INIT(&bool_type), false, 1, {{0, 0, NULL}}};
IntObj false_obj = {OBJ_HEAD_INIT(&bool_type), false, 0, {{0, 0, NULL}}};

static Obj *bool_repr(Obj *o)
{
    return str_from_cstr(o == TRUE_ ? "True" : "False");
}

static Obj *bool_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)t;
    if (kwnames && TUPLE_LEN(kwnames) > 0) {
        vm_err_set_str(&exc_TypeError, "bool() takes no keyword arguments");
        return NULL;
    }
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "bool expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    if (nargs == 0)
        return bool_from(false);
    int r = obj_is_true(args[0]);
    return r < 0 ? NULL : bool_from(r);
}

static bool is_bool(Obj *o)
{
    return IS_TYPE(o, bool_type);
}

static Obj *bool_and(Obj *a, Obj *b)
{
    if (is_bool(a) && is_bool(b))
        return bool_from(a == TRUE_ && b == TRUE_);
    return int_type.as_number->and_(a, b);
}

static Obj *bool_or(Obj *a, Obj *b)
{
    if (is_bool(a) && is_bool(b))
        return bool_from(a == TRUE_ || b == TRUE_);
    return int_type.as_number->or_(a, b);
}

static Obj *bool_xor(Obj *a, Obj *b)
{
    if (is_bool(a) && is_bool(b))
        return bool_from((a == TRUE_) != (b == TRUE_));
    return int_type.as_number->xor_(a, b);
}

static NumberMethods bool_as_number = {
    .and_ = bool_and,
    .xor_ = bool_xor,
    .or_ = bool_or,
};

TypeObj bool_type = {
    .base = TYPE_HEAD_INIT,
    .name = "bool",
    .basicsize = sizeof(IntObj),
    .flags = TPF_INT_SUBCLASS,
    .repr = bool_repr,
    .new_ = bool_new,
    .as_number = &bool_as_number,
    .tp_base = &int_type,
};
