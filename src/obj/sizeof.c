/* sizeof.c — the sizes CPython 3.12 reports for objects (object.__sizeof__
 * and what sys.getsizeof adds in front of it), so programs printing them see
 * CPython's numbers, not pydbg's own struct sizes.
 *
 * object.__sizeof__() is the type's basic size: for builtin types the
 * tp_basicsize CPython 3.12 has on x86-64 (a table by tp_name, measured as
 * T.__basicsize__), for classes the builtin base's plus 8 bytes per
 * __slots__ member.  sys.getsizeof adds the pre-header: 16 bytes of GC head
 * for collectable types (every class is; builtins as CPython's flags say)
 * and 16 more for the managed __dict__/__weakref__ pointers of classes.
 * Types with their own __sizeof__ (int, str, list, dict, set, tuple, bytes,
 * bytearray, type) compute it in their files.
 */
#include "config.h"

#include <string.h>

#include "src/obj/objimpl.h"

typedef struct CpySize {
    const char *name;
    Ssize basicsize;
    bool gc;
} CpySize;

/* T.__basicsize__ and T.__flags__ & Py_TPFLAGS_HAVE_GC under python3.12 */
static const CpySize cpy_sizes[] = {
    {"object", 16, false}, {"int", 24, false}, {"bool", 24, false}, {"float", 24, false},
    {"complex", 32, false}, {"str", 64, false}, {"bytes", 33, false}, {"bytearray", 56, false},
    {"tuple", 24, true}, {"list", 40, true}, {"dict", 48, true}, {"set", 200, true},
    {"frozenset", 200, true}, {"range", 48, false}, {"slice", 40, true}, {"NoneType", 16, false},
    {"ellipsis", 16, false}, {"NotImplementedType", 16, false}, {"function", 144, true},
    {"method", 48, true}, {"builtin_function_or_method", 56, true}, {"code", 192, false},
    {"module", 56, true}, {"generator", 144, true}, {"coroutine", 144, true},
    {"async_generator", 144, true}, {"property", 64, true}, {"staticmethod", 32, true},
    {"classmethod", 32, true}, {"list_iterator", 32, true}, {"tuple_iterator", 32, true},
    {"range_iterator", 40, false}, {"dict_keyiterator", 56, true}, {"str_ascii_iterator", 32, true},
    {"bytes_iterator", 32, true}, {"set_iterator", 48, true}, {"dict_keys", 24, true},
    {"dict_values", 24, true}, {"dict_items", 24, true}, {"dict_itemiterator", 56, true},
    {"dict_valueiterator", 56, true}, {"list_reverseiterator", 32, true}, {"type", 920, true},
    {"super", 40, true}, {"cell", 24, true}, {"method-wrapper", 32, true},
    {"wrapper_descriptor", 56, true}, {"method_descriptor", 56, true},
    {"getset_descriptor", 48, true}, {"member_descriptor", 48, true}, {"mappingproxy", 24, true},
    {"types.SimpleNamespace", 24, true}, {"BaseException", 72, true}, {"OSError", 112, true},
    {"StopIteration", 80, true}, {"SyntaxError", 136, true}, {"AttributeError", 88, true},
    {"BaseExceptionGroup", 88, true}, {"ImportError", 104, true}, {"NameError", 80, true},
    {"SystemExit", 80, true}, {"UnicodeDecodeError", 112, true},
    {"UnicodeEncodeError", 112, true}, {"UnicodeTranslateError", 112, true}, {"memoryview", 144, true},
    {"enumerate", 56, true}, {"zip", 48, true}, {"map", 32, true}, {"filter", 32, true},
    {"reversed", 32, true}, {"collections.deque", 216, true}, {"collections.OrderedDict", 112, true},
    {"collections.defaultdict", 56, true}, {"functools.partial", 64, true},
    {"itertools.count", 40, true}, {"traceback", 40, true}, {"frame", 120, true},
    {"datetime.date", 32, false}, {"datetime.datetime", 48, false}, {"datetime.time", 40, false}, {"datetime.timedelta", 40, false}, {"datetime.tzinfo", 16, false}, {"datetime.timezone", 32, false},
};

/* The builtin type an instance's layout comes from (first static type). */
static TypeObj *solid_static(TypeObj *t)
{
    while (t && (t->flags & TPF_HEAPTYPE)) t = t->tp_base;
    return t;
}

static const CpySize *cpy_lookup(TypeObj *t)
{
    for (; t; t = t->tp_base) {
        for (size_t i = 0; i < sizeof cpy_sizes / sizeof cpy_sizes[0]; i++)
            if (strcmp(cpy_sizes[i].name, t->name) == 0) return &cpy_sizes[i];
        /* exception types without fields of their own have BaseException's size */
        if (!type_has(t, TPF_BASE_EXC_SUBCLASS)) break;
    }
    return NULL;
}

Ssize obj_cpython_basicsize(TypeObj *t)
{
    TypeObj *s = solid_static(t);
    if (!s) return t->basicsize;
    const CpySize *c = cpy_lookup(s);
    /* a class adds its __slots__ members to the base's layout */
    return (c ? c->basicsize : s->basicsize) + (t->basicsize - s->basicsize);
}

Ssize obj_cpython_preheader(TypeObj *t)
{
    if (t->flags & TPF_HEAPTYPE)
        return 16 + ((t->flags & (TPF_MANAGED_DICT | TPF_MANAGED_WEAKREF)) ? 16 : 0);
    const CpySize *c = cpy_lookup(t);
    bool gc = c ? c->gc : (t->flags & TPF_GC) != 0;
    return gc ? 16 : 0;
}

Obj *object_sizeof_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    (void)n;
    (void)kw;
    TypeObj *t = OBJ_TYPE(self);
    Ssize size = obj_cpython_basicsize(t);
    TypeObj *s = solid_static(t);
    if (s == &generator_type || s == &coroutine_type || s == &async_generator_type) {
        /* 3.12's gen_sizeof: the object up to its embedded frame, then the
         * frame's locals and value stack */
        Frame *f = ((GenObj *)self)->frame;
        if (f && f->code) size += 8 * (f->code->nlocalsplus + f->code->stacksize);
    } else if (t->itemsize) {
        size += t->itemsize * VAR_SIZE(self);
    }
    return int_from_i64(size);
}
