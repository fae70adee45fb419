/* mod_abc.c — the `abc` module (and `_abc`) of CPython 3.12.
 *
 * ABCMeta is a heap metaclass (a subclass of type, as abc.py makes it)
 * whose methods are native: __new__ creates the class with type.__new__
 * and then computes __abstractmethods__ as _abc's compute_abstract_methods
 * does (the namespace's abstract values, then each base's abstract names
 * still abstract on the class) — assigning it makes the core refuse
 * instantiation with 3.12's "Can't instantiate abstract class X without an
 * implementation for abstract method 'f'".  __abc_tpflags__ sets the
 * sequence/mapping flags (collections.abc), register() propagates them.
 * __instancecheck__/__subclasscheck__ follow _abc's algorithm: positive
 * and negative caches (the latter invalidated by a global counter bumped
 * by register), __subclasshook__, the MRO, the registry and
 * __subclasses__() recursively, with CPython's messages.  The per-class
 * state lives in cls._abc_impl (an _abc._abc_data object); its sets hold
 * the classes strongly, where CPython's hold weak references.
 */
#include "config.h"

#include "src/native/modhelp.h"

static Obj *abcmeta, *abc_cls;
static int64_t invalidation_counter;

/* ---- _abc_data -------------------------------------------------------------------------- */

typedef struct AbcData {
    Obj base;
    Obj *registry, *cache, *negative;   /* sets, created on demand */
    int64_t negative_version;
} AbcData;

static void abcdata_dealloc(Obj *o)
{
    AbcData *d = (AbcData *)o;
    XDECREF(d->registry);
    XDECREF(d->cache);
    XDECREF(d->negative);
    obj_free(o);
}

static int abcdata_traverse(Obj *o, VisitFn visit, void *arg)
{
    AbcData *d = (AbcData *)o;
    Obj *f[] = {d->registry, d->cache, d->negative};
    for (int i = 0; i < 3; i++)
        if (f[i]) {
            int r = visit(f[i], arg);
            if (r) return r;
        }
    return 0;
}

static int abcdata_clear(Obj *o)
{
    AbcData *d = (AbcData *)o;
    CLEAR(d->registry);
    CLEAR(d->cache);
    CLEAR(d->negative);
    return 0;
}

static TypeObj abcdata_type = {
    .base = TYPE_HEAD_INIT, .name = "_abc._abc_data", .basicsize = sizeof(AbcData),
    .flags = TPF_GC, .dealloc = abcdata_dealloc, .getattro = obj_generic_getattr,
    .traverse = abcdata_traverse, .clear = abcdata_clear, .doc = "Internal state held by ABC machinery.",
};

static AbcData *get_impl(Obj *cls)
{
    Obj *impl = obj_getattr(cls, id_str("_abc_impl"));
    if (!impl) return NULL;
    if (!IS_TYPE(impl, abcdata_type)) {
        DECREF(impl);
        vm_err_set_str(&exc_TypeError, "_abc_impl is set to a wrong type");
        return NULL;
    }
    return (AbcData *)impl;
}

static int set_has(Obj **set, Obj *x)
{
    if (!*set) return 0;
    int r = set_contains(*set, x);
    if (r < 0 && vm_err_matches(&exc_TypeError)) {   /* unhashable: not cached */
        vm_err_clear();
        return 0;
    }
    return r;
}

static int set_put(Obj **set, Obj *x)
{
    if (!*set && !(*set = set_new(NULL))) return -1;
    return set_add(*set, x);
}

/* ---- abstract methods --------------------------------------------------------------------- */

static int is_abstract(Obj *v)
{
    Obj *a = NULL;
    if (obj_lookup_attr(v, id_str("__isabstractmethod__"), &a) < 0) return -1;
    if (!a) return 0;
    int r = obj_is_true(a);
    DECREF(a);
    return r;
}

/* abstracts from the class namespace, then the bases' still-abstract names */
static int compute_abstracts(Obj *cls, bool namespace_first)
{
    Obj *abstracts = set_new(NULL);
    if (!abstracts) return -1;
    Obj *ns = obj_getattr(cls, id_str("__dict__"));
    Obj *items = ns ? obj_call_method(ns, "items", NULL, 0) : NULL;
    Obj *list = items ? seq_to_list(items) : NULL;
    XDECREF(items);
    XDECREF(ns);
    Obj *bases = NULL;
    if (!list) goto fail;
    for (int stage = 0; stage < 2; stage++) {
        bool names_stage = namespace_first ? stage == 0 : stage == 1;
        if (names_stage) {
            for (Ssize i = 0; i < LIST_LEN(list); i++) {
                Obj *kv = LIST_ITEMS(list)[i];
                if (!TUPLE_CHECK(kv) || TUPLE_LEN(kv) != 2) continue;
                int a = is_abstract(TUPLE_ITEMS(kv)[1]);
                if (a < 0 || (a && set_add(abstracts, TUPLE_ITEMS(kv)[0]) < 0)) goto fail;
            }
        } else {
            bases = obj_getattr(cls, id_str("__bases__"));
            if (!bases) goto fail;
            if (!TUPLE_CHECK(bases)) {
                vm_err_set_str(&exc_TypeError, "__bases__ is not tuple");
                goto fail;
            }
            for (Ssize i = 0; i < TUPLE_LEN(bases); i++) {
                Obj *ba = NULL;
                if (obj_lookup_attr(TUPLE_ITEMS(bases)[i], id_str("__abstractmethods__"), &ba) < 0) goto fail;
                if (!ba) continue;
                Obj *it = obj_getiter(ba);
                DECREF(ba);
                if (!it) goto fail;
                Obj *key;
                while ((key = obj_iternext(it))) {
                    Obj *value = NULL;
                    int r = obj_lookup_attr(cls, key, &value);
                    int a = r > 0 ? is_abstract(value) : r;
                    XDECREF(value);
                    if (a < 0 || (a && set_add(abstracts, key) < 0)) {
                        DECREF(key);
                        DECREF(it);
                        goto fail;
                    }
                    DECREF(key);
                }
                DECREF(it);
                if (vm_err_occurred()) goto fail;
            }
        }
    }
    Obj *fs = frozenset_new(abstracts);
    int rc = fs ? obj_setattr(cls, id_str("__abstractmethods__"), fs) : -1;
    XDECREF(fs);
    XDECREF(bases);
    DECREF(list);
    DECREF(abstracts);
    return rc;
fail:
    XDECREF(bases);
    XDECREF(list);
    DECREF(abstracts);
    return -1;
}

/* set a collection flag on t and every (heap) subclass */
static void set_collection_flag(TypeObj *t, unsigned flag)
{
    if (!(t->flags & TPF_HEAPTYPE) || (t->flags & (TPF_SEQUENCE | TPF_MAPPING))) return;
    t->flags |= flag;
    Obj *subs = obj_call_method((Obj *)t, "__subclasses__", NULL, 0);
    if (!subs) {
        vm_err_clear();
        return;
    }
    for (Ssize i = 0; LIST_CHECK(subs) && i < LIST_LEN(subs); i++)
        if (TYPE_CHECK(LIST_ITEMS(subs)[i])) set_collection_flag((TypeObj *)LIST_ITEMS(subs)[i], flag);
    DECREF(subs);
}

static int abc_init(Obj *cls)
{
    if (compute_abstracts(cls, true) < 0) return -1;
    AbcData *d = (AbcData *)obj_alloc(&abcdata_type, 0);
    if (!d) return -1;
    d->negative_version = invalidation_counter;
    int rc = obj_setattr(cls, id_str("_abc_impl"), (Obj *)d);
    DECREF(d);
    if (rc < 0) return -1;
    if (TYPE_CHECK(cls)) {
        TypeObj *t = (TypeObj *)cls;
        Obj *flags = dict_get_borrow(t->dict, id_str("__abc_tpflags__"));
        if (flags) {
            if (IS_TYPE(flags, int_type)) {
                int64_t v;
                if (int_as_i64(flags, &v) < 0) return -1;
                const int64_t seq = 1 << 5, map = 1 << 6;
                if ((v & (seq | map)) == (seq | map)) {
                    vm_err_set_str(&exc_TypeError,
                                   "__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING");
                    return -1;
                }
                t->flags &= ~(TPF_SEQUENCE | TPF_MAPPING);
                if (v & seq) t->flags |= TPF_SEQUENCE;
                if (v & map) t->flags |= TPF_MAPPING;
            }
            if (dict_del(t->dict, id_str("__abc_tpflags__")) < 0) return -1;
            type_modified(t);
        }
    } else if (vm_err_occurred()) {
        return -1;
    }
    return 0;
}

/* ---- ABCMeta ----------------------------------------------------------------------------------- */

static Obj *meta_new(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (nargs != 4) {
        if (nargs < 4) {
            static const char *const names[] = {"mcls", "name", "bases", "namespace"};
            Obj *missing[4];
            Ssize nm = 0;
            for (Ssize i = nargs; i < 4; i++) missing[nm++] = str_from_cstr(names[i]);
            args_err_missing("ABCMeta.__new__", missing, nm, false);
            for (Ssize i = 0; i < nm; i++) XDECREF(missing[i]);
        } else {
            args_err_too_many_positional("ABCMeta.__new__", 4, 4, nargs, 0);
        }
        return NULL;
    }
    if (!TYPE_CHECK(args[0])) {
        vm_err_format(&exc_TypeError, "type.__new__(X): X is not a type object (%s)", type_name(OBJ_TYPE(args[0])));
        return NULL;
    }
    Obj *kwds = NULL;
    if (mh_nkw(kw)) {
        kwds = dict_new();
        if (!kwds) return NULL;
        for (Ssize i = 0; i < mh_nkw(kw); i++)
            if (dict_set(kwds, TUPLE_ITEMS(kw)[i], args[nargs + i]) < 0) {
                DECREF(kwds);
                return NULL;
            }
    }
    Obj *cls = type_new_class((TypeObj *)args[0], args[1], args[2], args[3], kwds);
    XDECREF(kwds);
    if (!cls) return NULL;
    if (abc_init(cls) < 0) {
        DECREF(cls);
        return NULL;
    }
    return cls;
}

static Obj *meta_register(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"subclass"};
    Obj *v[1];
    if (mh_bind_m("ABCMeta.register", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *sub = v[0];
    if (!TYPE_CHECK(sub)) {
        vm_err_set_str(&exc_TypeError, "Can only register classes");
        return NULL;
    }
    int r = obj_issubclass(sub, cls);
    if (r < 0) return NULL;
    if (r) return INCREF(sub);
    r = obj_issubclass(cls, sub);
    if (r < 0) return NULL;
    if (r) {
        vm_err_set_str(&exc_RuntimeError, "Refusing to create an inheritance cycle");
        return NULL;
    }
    AbcData *d = get_impl(cls);
    if (!d) return NULL;
    r = set_put(&d->registry, sub);
    DECREF(d);
    if (r < 0) return NULL;
    invalidation_counter++;
    if (TYPE_CHECK(cls)) {
        unsigned flag = ((TypeObj *)cls)->flags & (TPF_SEQUENCE | TPF_MAPPING);
        if (flag) set_collection_flag((TypeObj *)sub, flag);
    }
    return INCREF(sub);
}

static int subclasscheck(Obj *cls, Obj *sub)
{
    if (!TYPE_CHECK(sub)) {
        vm_err_set_str(&exc_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    AbcData *d = get_impl(cls);
    if (!d) return -1;
    int result = -1, r;
    if ((r = set_has(&d->cache, sub)) != 0) {
        result = r > 0 ? 1 : -1;
        goto out;
    }
    if (d->negative_version < invalidation_counter) {
        if (d->negative && set_clear(d->negative) < 0) goto out;
        d->negative_version = invalidation_counter;
    } else if ((r = set_has(&d->negative, sub)) != 0) {
        result = r > 0 ? 0 : -1;
        goto out;
    }
    /* the subclass hook */
    Obj *ok = obj_call_method(cls, "__subclasshook__", &sub, 1);
    if (!ok) goto out;
    if (ok != NOTIMPL) {
        if (ok != TRUE_ && ok != FALSE_) {
            DECREF(ok);
            vm_err_set_str(&exc_AssertionError, "__subclasshook__ must return either False, True, or NotImplemented");
            goto out;
        }
        bool yes = ok == TRUE_;
        DECREF(ok);
        if (set_put(yes ? &d->cache : &d->negative, sub) < 0) goto out;
        result = yes;
        goto out;
    }
    DECREF(ok);
    /* a direct subclass */
    Obj *mro = ((TypeObj *)sub)->mro;
    for (Ssize i = 0; mro && i < TUPLE_LEN(mro); i++)
        if (TUPLE_ITEMS(mro)[i] == cls) {
            result = set_put(&d->cache, sub) < 0 ? -1 : 1;
            goto out;
        }
    /* a registered class itself: true, but (as 3.12's _abc does) not
     * cached, so the next check asks __subclasshook__ again */
    if (d->registry) {
        r = set_contains(d->registry, sub);
        if (r) {
            result = r < 0 ? -1 : 1;
            goto out;
        }
    }
    /* a subclass of a registered class */
    if (d->registry) {
        Obj *reg = seq_to_list(d->registry);
        if (!reg) goto out;
        for (Ssize i = 0; i < LIST_LEN(reg); i++) {
            r = obj_issubclass(sub, LIST_ITEMS(reg)[i]);
            if (r) {
                DECREF(reg);
                result = r < 0 ? -1 : set_put(&d->cache, sub) < 0 ? -1 : 1;
                goto out;
            }
        }
        DECREF(reg);
    }
    /* a subclass of a subclass */
    Obj *subs = obj_call_method(cls, "__subclasses__", NULL, 0);
    if (!subs) goto out;
    if (!LIST_CHECK(subs)) {
        DECREF(subs);
        vm_err_set_str(&exc_TypeError, "__subclasses__() must return a list");
        goto out;
    }
    for (Ssize i = 0; i < LIST_LEN(subs); i++) {
        r = obj_issubclass(sub, LIST_ITEMS(subs)[i]);
        if (r) {
            DECREF(subs);
            result = r < 0 ? -1 : set_put(&d->cache, sub) < 0 ? -1 : 1;
            goto out;
        }
    }
    DECREF(subs);
    result = set_put(&d->negative, sub) < 0 ? -1 : 0;
out:
    DECREF(d);
    return result;
}

static Obj *call_subclasscheck(Obj *cls, Obj *c)
{
    return obj_call_method(cls, "__subclasscheck__", &c, 1);
}

static Obj *meta_subclasscheck(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"subclass"};
    Obj *v[1];
    if (mh_bind_m("ABCMeta.__subclasscheck__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    int r = subclasscheck(cls, v[0]);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *meta_instancecheck(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"instance"};
    Obj *v[1];
    if (mh_bind_m("ABCMeta.__instancecheck__", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *inst = v[0];
    AbcData *d = get_impl(cls);
    if (!d) return NULL;
    Obj *subclass = obj_getattr(inst, id_str("__class__"));
    Obj *res = NULL;
    if (!subclass) goto out;
    int r = set_has(&d->cache, subclass);
    if (r) {
        res = r < 0 ? NULL : bool_from(true);
        goto out;
    }
    Obj *subtype = (Obj *)OBJ_TYPE(inst);
    if (subtype == subclass) {
        if (d->negative_version == invalidation_counter) {
            r = set_has(&d->negative, subclass);
            if (r) {
                res = r < 0 ? NULL : bool_from(false);
                goto out;
            }
        }
        res = call_subclasscheck(cls, subclass);
        goto out;
    }
    res = call_subclasscheck(cls, subclass);
    if (!res) goto out;
    r = obj_is_true(res);
    if (r != 0) {
        if (r < 0) CLEAR(res);
        goto out;
    }
    DECREF(res);
    res = call_subclasscheck(cls, subtype);
out:
    XDECREF(subclass);
    DECREF(d);
    return res;
}

static Obj *meta_registry_clear(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    AbcData *d = get_impl(cls);
    if (!d) return NULL;
    if (d->registry) set_clear(d->registry);
    DECREF(d);
    return INCREF(NONE);
}

static Obj *meta_caches_clear(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    AbcData *d = get_impl(cls);
    if (!d) return NULL;
    if (d->cache) set_clear(d->cache);
    if (d->negative) set_clear(d->negative);
    DECREF(d);
    return INCREF(NONE);
}

static int print_line(Obj *file, Obj *line)
{
    if (!line) return -1;
    Obj *print = dict_get_str_borrow(vm->builtins, "print");
    Obj *kwn = file && file != NONE ? tuple_pack(1, id_str("file")) : NULL;
    Obj *args[2] = {line, file};
    Obj *r = print ? obj_call(print, args, 1, kwn) : NULL;
    XDECREF(kwn);
    DECREF(line);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

static Obj *meta_dump_registry(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"file"};
    Obj *v[1];
    if (mh_bind_m("ABCMeta._dump_registry", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *file = v[0];
    Obj *mod = obj_getattr(cls, id_str("__module__"));
    Obj *qual = mod ? obj_getattr(cls, id_str("__qualname__")) : NULL;
    int rc = qual ? print_line(file, str_from_fmt("Class: %S.%S", mod, qual)) : -1;
    XDECREF(mod);
    XDECREF(qual);
    if (rc < 0 || print_line(file, str_from_fmt("Inv. counter: %lld", (long long)invalidation_counter)) < 0)
        return NULL;
    AbcData *d = get_impl(cls);
    if (!d) return NULL;
    Obj *empty = set_new(NULL);
    rc = empty ? 0 : -1;
    if (rc == 0) rc = print_line(file, str_from_fmt("_abc_registry: %R", d->registry ? d->registry : empty));
    if (rc == 0) rc = print_line(file, str_from_fmt("_abc_cache: %R", d->cache ? d->cache : empty));
    if (rc == 0) rc = print_line(file, str_from_fmt("_abc_negative_cache: %R", d->negative ? d->negative : empty));
    if (rc == 0) rc = print_line(file, str_from_fmt("_abc_negative_cache_version: %lld", (long long)d->negative_version));
    XDECREF(empty);
    DECREF(d);
    return rc < 0 ? NULL : INCREF(NONE);
}

static const MethodDef meta_methods[] = {
    {"__new__", meta_new, METH_FAST | METH_STATIC, NULL},
    {"register", meta_register, METH_FAST, "Register a virtual subclass of an ABC.\n\n        Returns the subclass, to allow usage as a class decorator.\n        "},
    {"__instancecheck__", meta_instancecheck, METH_FAST, "Override for isinstance(instance, cls)."},
    {"__subclasscheck__", meta_subclasscheck, METH_FAST, "Override for issubclass(subclass, cls)."},
    {"_dump_registry", meta_dump_registry, METH_FAST, "Debug helper to print the ABC registry."},
    {"_abc_registry_clear", meta_registry_clear, METH_NOARGS, "Clear the registry (for debugging or testing)."},
    {"_abc_caches_clear", meta_caches_clear, METH_NOARGS, "Clear the caches (for debugging or testing)."},
    {NULL, NULL, 0, NULL},
};

/* ---- module functions ------------------------------------------------------------------------ */

static Obj *a_abstractmethod(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"funcobj"};
    Obj *v[1];
    if (mh_bind("abstractmethod", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (obj_setattr(v[0], id_str("__isabstractmethod__"), TRUE_) < 0) return NULL;
    return INCREF(v[0]);
}

static Obj *a_get_cache_token(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s; (void)a;
    if (mh_no_args("get_cache_token", n, kw) < 0) return NULL;
    return int_from_i64(invalidation_counter);
}

static Obj *a_update_abstractmethods(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"cls"};
    Obj *v[1];
    if (mh_bind("update_abstractmethods", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *cls = v[0], *am = NULL;
    if (obj_lookup_attr(cls, id_str("__abstractmethods__"), &am) < 0) return NULL;
    if (!am) return INCREF(cls);
    DECREF(am);
    if (compute_abstracts(cls, false) < 0) return NULL;
    return INCREF(cls);
}

/* abstractclassmethod / abstractstaticmethod: __init__(self, callable) */
static Obj *abstract_wrapper_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw, TypeObj *base,
                                  const char *qual)
{
    static const char *const names[] = {"callable"};
    Obj *v[1];
    if (mh_bind_m(qual, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (obj_setattr(v[0], id_str("__isabstractmethod__"), TRUE_) < 0) return NULL;
    Obj *init = type_lookup(base, id_str("__init__"));
    if (!init) {
        vm_err_set_str(&exc_AttributeError, "__init__");
        return NULL;
    }
    Obj *a[2] = {self, v[0]};
    return obj_call(init, a, 2, NULL);
}

static Obj *acm_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return abstract_wrapper_init(self, a, n, kw, &classmethod_type, "abstractclassmethod.__init__");
}

static Obj *asm_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    return abstract_wrapper_init(self, a, n, kw, &staticmethod_type, "abstractstaticmethod.__init__");
}

static const MethodDef acm_methods[] = {{"__init__", acm_init, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static const MethodDef asm_methods[] = {{"__init__", asm_init, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};

static const MethodDef abc_methods[] = {
    {"abstractmethod", a_abstractmethod, METH_FAST, "A decorator indicating abstract methods."},
    {"get_cache_token", a_get_cache_token, METH_FAST, "Returns the current ABC cache token."},
    {"update_abstractmethods", a_update_abstractmethods, METH_FAST, "Recalculate the set of abstract methods of an abstract class."},
    {NULL, NULL, 0, NULL},
};

static Obj *wrapper_class(const char *name, TypeObj *base, const MethodDef *methods)
{
    Obj *bases = tuple_pack(1, (Obj *)base);
    Obj *cls = bases ? mh_class("abc", name, bases, methods, NULL, NULL) : NULL;
    XDECREF(bases);
    if (cls && obj_setattr(cls, id_str("__isabstractmethod__"), TRUE_) < 0) CLEAR(cls);
    return cls;
}

static Obj *acm_cls, *asm_cls, *ap_cls;

static int make_classes(void)
{
    if (abcmeta) return 0;
    if (type_ready(&abcdata_type) < 0) return -1;
    Obj *bases = tuple_pack(1, (Obj *)&type_type);
    abcmeta = bases ? mh_class("abc", "ABCMeta", bases, meta_methods, NULL, NULL) : NULL;
    XDECREF(bases);
    if (!abcmeta) return -1;
    /* class ABC(metaclass=ABCMeta): __slots__ = () */
    Obj *name = str_from_cstr("ABC"), *b = tuple_new(0), *ns = dict_new();
    Obj *slots = tuple_new(0), *mod = str_from_cstr("abc");
    Obj *doc = str_from_cstr("Helper class that provides a standard way to create an ABC using\n    inheritance.\n    ");
    if (name && b && ns && slots && mod && doc && dict_set_str(ns, "__module__", mod) == 0 &&
        dict_set_str(ns, "__qualname__", name) == 0 && dict_set_str(ns, "__doc__", doc) == 0 &&
        dict_set_str(ns, "__slots__", slots) == 0) {
        Obj *args[4] = {abcmeta, name, b, ns};
        abc_cls = meta_new(NULL, args, 4, NULL);
    }
    XDECREF(name);
    XDECREF(b);
    XDECREF(ns);
    XDECREF(slots);
    XDECREF(mod);
    XDECREF(doc);
    if (!abc_cls) return -1;
    acm_cls = wrapper_class("abstractclassmethod", &classmethod_type, acm_methods);
    asm_cls = acm_cls ? wrapper_class("abstractstaticmethod", &staticmethod_type, asm_methods) : NULL;
    ap_cls = asm_cls ? wrapper_class("abstractproperty", &property_type, NULL) : NULL;
    return ap_cls ? 0 : -1;
}

static Obj *c_reset_registry(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_abc._reset_registry", "_reset_registry", n, kw, 1, 1) < 0) return NULL;
    return meta_registry_clear(a[0], NULL, 0, NULL);
}

static Obj *c_reset_caches(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_abc._reset_caches", "_reset_caches", n, kw, 1, 1) < 0) return NULL;
    return meta_caches_clear(a[0], NULL, 0, NULL);
}

static Obj *c_get_impl_dump(Obj *s, Obj *const *a, Ssize n, Obj *kw);
static Obj *c_abc_init(Obj *s, Obj *const *a, Ssize n, Obj *kw);
static Obj *c_abc_register(Obj *s, Obj *const *a, Ssize n, Obj *kw);
static Obj *c_abc_instancecheck(Obj *s, Obj *const *a, Ssize n, Obj *kw);
static Obj *c_abc_subclasscheck(Obj *s, Obj *const *a, Ssize n, Obj *kw);
static const MethodDef c_abc_methods[];

static Obj *abc_init_mod(void)
{
    if (make_classes() < 0) return NULL;
    Obj *m = mh_module("abc", abc_methods);
    if (!m) return NULL;
    /* abc.py imports these from _abc */
    if (module_add_functions(m, c_abc_methods) < 0) {
        DECREF(m);
        return NULL;
    }
    if (mh_add_obj(m, "ABCMeta", abcmeta) < 0 || mh_add_obj(m, "ABC", abc_cls) < 0 ||
        mh_add_obj(m, "abstractclassmethod", acm_cls) < 0 || mh_add_obj(m, "abstractstaticmethod", asm_cls) < 0 ||
        mh_add_obj(m, "abstractproperty", ap_cls) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

/* _abc: the C helpers abc.py is built on */
static Obj *c_get_impl_dump(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_abc._get_dump", "_get_dump", n, kw, 1, 1) < 0) return NULL;
    AbcData *d = get_impl(a[0]);
    if (!d) return NULL;
    Obj *e1 = d->registry ? INCREF(d->registry) : set_new(NULL);
    Obj *e2 = d->cache ? INCREF(d->cache) : set_new(NULL);
    Obj *e3 = d->negative ? INCREF(d->negative) : set_new(NULL);
    Obj *ver = int_from_i64(d->negative_version);
    Obj *r = e1 && e2 && e3 && ver ? tuple_pack(4, e1, e2, e3, ver) : NULL;
    XDECREF(e1);
    XDECREF(e2);
    XDECREF(e3);
    XDECREF(ver);
    DECREF(d);
    return r;
}

static Obj *c_abc_init(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_one_arg("_abc._abc_init", n, kw) < 0 || abc_init(a[0]) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *c_abc_register(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_abc._abc_register", "_abc_register", n, kw, 2, 2) < 0) return NULL;
    return meta_register(a[0], a + 1, 1, NULL);
}

static Obj *c_abc_instancecheck(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_abc._abc_instancecheck", "_abc_instancecheck", n, kw, 2, 2) < 0) return NULL;
    return meta_instancecheck(a[0], a + 1, 1, NULL);
}

static Obj *c_abc_subclasscheck(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    (void)s;
    if (mh_pos_args("_abc._abc_subclasscheck", "_abc_subclasscheck", n, kw, 2, 2) < 0) return NULL;
    int r = subclasscheck(a[0], a[1]);
    return r < 0 ? NULL : bool_from(r);
}

static const MethodDef c_abc_methods[] = {
    {"get_cache_token", a_get_cache_token, METH_FAST, "Returns the current ABC cache token."},
    {"_reset_registry", c_reset_registry, METH_FAST, NULL},
    {"_reset_caches", c_reset_caches, METH_FAST, NULL},
    {"_abc_init", c_abc_init, METH_FAST, NULL},
    {"_abc_register", c_abc_register, METH_FAST, NULL},
    {"_abc_instancecheck", c_abc_instancecheck, METH_FAST, NULL},
    {"_abc_subclasscheck", c_abc_subclasscheck, METH_FAST, NULL},
    {"_get_dump", c_get_impl_dump, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *abc_c_init(void)
{
    if (type_ready(&abcdata_type) < 0) return NULL;
    return mh_module("_abc", c_abc_methods);
}

void native_abc_register(void)
{
    vm_static_roots(&abcmeta, 1);
    vm_static_roots(&abc_cls, 1);
    vm_static_roots(&acm_cls, 1);
    vm_static_roots(&asm_cls, 1);
    vm_static_roots(&ap_cls, 1);
    import_register_native("abc", abc_init_mod);
    import_register_native("_abc", abc_c_init);
}
