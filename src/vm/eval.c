/* eval.c — the eval loop: executes lowered instructions (VmInsn) of frames.
 *
 * One C activation of vm_eval runs its entry frame and every Python
 * function that frame calls directly: CALL of a Python function pushes a
 * new Frame and continues in the same loop, RETURN_VALUE pops back, so deep
 * Python recursion uses no C stack.  C code calling Python (slots, builtins,
 * generators) re-enters vm_eval; that C nesting is bounded by measuring the
 * C stack.  The recursion limit (vm->recursion_limit, 1000) counts Python
 * frames as CPython 3.12's does.
 *
 * Dispatch is computed goto (GNU C) or a switch (VM_COMPUTED_GOTO=0); both
 * run the same handler bodies.  Hot state lives in locals: the instruction
 * pointer, the stack pointer, the constants and names arrays.  The frame
 * records the instruction being executed (f->lasti) and the stack pointer at
 * every fetch, so tracebacks, the cycle collector and the debugger always
 * see CPython's picture: the value stack holds exactly the items (NULL
 * slots included) CPython 3.12 has before that instruction.
 *
 * Exceptions: the first error in a frame adds a traceback entry for it
 * (unless the instruction re-raises), then the frame's exception table
 * (VmHandler, instruction indexes) picks the handler; with none the frame is
 * popped and the caller continues at its own error path.
 *
 * The debugger hook costs one predictable branch per instruction when off:
 * `if (vm->trap)` at fetch.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "src/vm/vmint.h"

#ifndef VM_COMPUTED_GOTO
#if defined(__GNUC__)
#define VM_COMPUTED_GOTO 1
#else
#define VM_COMPUTED_GOTO 0
#endif
#endif

/* ---- exception-state slots ------------------------------------------------------ */

static ExcSlot base_slot;
ExcSlot *vm_exc_slot = &base_slot;

void vm_exc_slot_changed(void)
{
    ExcSlot *s = vm_exc_slot;
    while (s && !s->value)
        s = s->prev;
    vm->handled = s ? s->value : NULL;
}

Obj *vm_exc_info(void)
{
    return vm->handled;
}

/* ---- C stack guard ----------------------------------------------------------------- */

static uintptr_t stack_base, stack_limit_bytes;

/* True when the C stack has less than a safety margin left.  The first call
 * records where the stack starts; the limit comes from RLIMIT_STACK. */
static bool c_stack_low(void)
{
    char here;
    uintptr_t p = (uintptr_t)&here;
    if (!stack_base) {
        struct rlimit rl;
        uintptr_t lim = 8u << 20;
        if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
            rl.rlim_cur < ((rlim_t)1 << 32))
            lim = (uintptr_t)rl.rlim_cur;
        stack_base = p;
        /* Keep a quarter (at least 256 KiB) for the C code between checks. */
        uintptr_t margin = lim / 4 > (256u << 10) ? lim / 4 : (256u << 10);
        stack_limit_bytes = lim > margin ? lim - margin : lim / 2;
        return false;
    }
    uintptr_t used = stack_base > p ? stack_base - p : p - stack_base;
    return used > stack_limit_bytes;
}

bool vm_c_stack_low(void)
{
    return c_stack_low();
}

void vm_c_stack_get(uintptr_t *base, uintptr_t *limit)
{
    (void)c_stack_low();     /* measured on first use */
    *base = stack_base;
    *limit = stack_limit_bytes;
}

void vm_c_stack_set(uintptr_t base, uintptr_t limit)
{
    stack_base = base;
    stack_limit_bytes = limit;
}

/* ---- small helpers ------------------------------------------------------------------- */

static void set_name_attr(Obj *name)
{
    Obj *exc = vm_err_fetch();
    if (!exc)
        return;
    if (obj_setattr(exc, id_str("name"), name) < 0)
        vm_err_clear();
    vm_err_restore(exc);
}

static void name_error(Obj *name)
{
    vm_err_format(&exc_NameError, "name '%S' is not defined", name);
    set_name_attr(name);
}

/* An unbound local or cell/free variable slot i. */
static void unbound_error(CodeRtObj *co, int i)
{
    if (vm_err_occurred())
        return;
    Obj *name = TUPLE_ITEMS(co->localsplusnames)[i];
    if (i < co->nlocalsplus - co->nfrees) {
        vm_err_format(&exc_UnboundLocalError,
                      "cannot access local variable '%S' where it is not associated with a value",
                      name);
    } else {
        vm_err_format(&exc_NameError,
                      "cannot access free variable '%S' where it is not associated with a value "
                      "in enclosing scope", name);
        set_name_attr(name);
    }
}

/* The special method `name` of type(o), bound to o; NULL (no exception)
 * when the type has none. */
static Obj *special_lookup(Obj *o, Obj *name)
{
    Obj *d = type_lookup(OBJ_TYPE(o), name);
    if (!d)
        return NULL;
    DescrGetFn get = OBJ_TYPE(d)->descr_get;
    if (get)
        return get(d, o, (Obj *)OBJ_TYPE(o));
    return INCREF(d);
}

static int exc_class_check(Obj *x)
{
    return TYPE_CHECK(x) && type_is_subtype((TypeObj *)x, &exc_BaseException);
}

/* CHECK_EXC_MATCH's validation of the `except` operand: a class or a tuple
 * of classes deriving from BaseException. */
static int check_exc_match_type(Obj *type)
{
    static const char msg[] = "catching classes that do not inherit from BaseException is not allowed";
    if (TUPLE_CHECK(type)) {
        for (Ssize i = 0; i < TUPLE_LEN(type); i++)
            if (!exc_class_check(TUPLE_ITEMS(type)[i])) {
                vm_err_set_str(&exc_TypeError, msg);
                return -1;
            }
        return 0;
    }
    if (!exc_class_check(type)) {
        vm_err_set_str(&exc_TypeError, msg);
        return -1;
    }
    return 0;
}

/* PyErr_GivenExceptionMatches: exc (instance or class) against a class or a
 * tuple of classes (nested tuples allowed). */
static bool exc_matches(Obj *exc, Obj *type)
{
    if (TUPLE_CHECK(type)) {
        for (Ssize i = 0; i < TUPLE_LEN(type); i++)
            if (exc_matches(exc, TUPLE_ITEMS(type)[i]))
                return true;
        return false;
    }
    TypeObj *et = EXC_CHECK(exc) ? OBJ_TYPE(exc) : (TYPE_CHECK(exc) ? (TypeObj *)exc : NULL);
    if (!et || !TYPE_CHECK(type))
        return exc == type;
    return type_is_subtype(et, (TypeObj *)type);
}

/* ---- unpacking ------------------------------------------------------------------------- */

/* Unpack v into sp[0..argcnt) (+ a list + argcntafter items when
 * argcntafter >= 0), stored top-first as UNPACK_* leave them: the first item
 * ends up on top.  `out` points at the stack slot where the lowest pushed
 * item goes.  0, or -1 with an exception. */
static int unpack_iterable(Obj *v, int argcnt, int argcntafter, Obj **out)
{
    int total = argcnt + (argcntafter >= 0 ? 1 + argcntafter : 0);
    Obj *it = NULL, *w;
    int i = 0;
    if (!vm_is_iterable_or_seq(v)) {
        vm_err_format(&exc_TypeError, "cannot unpack non-iterable %s object", type_name(OBJ_TYPE(v)));
        return -1;
    }
    it = obj_getiter(v);
    if (!it)
        return -1;
    /* Item k of the sequence goes to out[total - 1 - k]. */
    for (; i < argcnt; i++) {
        w = obj_iternext(it);
        if (!w) {
            if (!vm_err_occurred()) {
                if (argcntafter < 0)
                    vm_err_format(&exc_ValueError, "not enough values to unpack (expected %d, got %d)",
                                  argcnt, i);
                else
                    vm_err_format(&exc_ValueError,
                                  "not enough values to unpack (expected at least %d, got %d)",
                                  argcnt + argcntafter, i);
            }
            goto fail;
        }
        out[total - 1 - i] = w;
    }
    if (argcntafter < 0) {
        w = obj_iternext(it);
        if (!w) {
            if (vm_err_occurred())
                goto fail;
            DECREF(it);
            return 0;
        }
        DECREF(w);
        vm_err_format(&exc_ValueError, "too many values to unpack (expected %d)", argcnt);
        goto fail;
    }
    Obj *l = seq_to_list(it);
    if (!l)
        goto fail;
    out[total - 1 - i] = l;
    i++;
    Ssize ll = LIST_LEN(l);
    if (ll < argcntafter) {
        vm_err_format(&exc_ValueError, "not enough values to unpack (expected at least %d, got %zd)",
                      argcnt + argcntafter, argcnt + ll);
        goto fail;
    }
    /* Move the tail of the list into the trailing targets. */
    for (int j = argcntafter; j > 0; j--, i++)
        out[total - 1 - i] = LIST_ITEMS(l)[ll - j];
    VAR_SIZE(l) = ll - argcntafter;
    DECREF(it);
    return 0;
fail:
    for (int k = 0; k < i; k++)
        CLEAR(out[total - 1 - k]);
    XDECREF(it);
    return -1;
}

/* ---- calls with *args / **kwargs ------------------------------------------------------ */

Obj *vm_call_ex(Obj *func, Obj *callargs, Obj *kwargs)
{
    Obj *tuple = NULL;
    if (!TUPLE_CHECK(callargs)) {
        if (!vm_is_iterable_or_seq(callargs)) {
            Obj *fs = vm_function_str(func);
            if (fs) {
                vm_err_format(&exc_TypeError, "%S argument after * must be an iterable, not %s",
                              fs, OBJ_TYPE(callargs)->name);
                DECREF(fs);
            }
            return NULL;
        }
        tuple = seq_to_tuple(callargs);
        if (!tuple)
            return NULL;
        callargs = tuple;
    }
    Obj *kwdict = NULL;
    if (kwargs && !DICT_CHECK(kwargs)) {
        /* The compiler always passes a dict (DICT_MERGE made it). */
        kwdict = dict_new();
        if (!kwdict || dict_merge(kwdict, kwargs, 2) < 0) {
            XDECREF(kwdict);
            XDECREF(tuple);
            return NULL;
        }
        kwargs = kwdict;
    }
    Ssize npos = TUPLE_LEN(callargs);
    Ssize nkw = kwargs ? dict_len(kwargs) : 0;
    Obj *small[16];
    Obj **argv = npos + nkw <= 16 ? small : xmalloc((size_t)(npos + nkw) * sizeof *argv);
    Obj *kwnames = NULL, *r = NULL;
    for (Ssize i = 0; i < npos; i++)
        argv[i] = TUPLE_ITEMS(callargs)[i];
    if (nkw) {
        kwnames = tuple_new(nkw);
        if (!kwnames)
            goto out;
        Ssize pos = 0, k = 0;
        Obj *key, *value;
        while (k < nkw && dict_next(kwargs, &pos, &key, &value)) {
            if (!STR_CHECK(key)) {
                vm_err_set_str(&exc_TypeError, "keywords must be strings");
                goto out;
            }
            TUPLE_ITEMS(kwnames)[k] = INCREF(key);
            argv[npos + k] = value;
            k++;
        }
    }
    r = obj_call(func, argv, npos, kwnames);
out:
    XDECREF(kwnames);
    XDECREF(tuple);
    XDECREF(kwdict);
    if (argv != small)
        free(argv);
    return r;
}

/* DICT_MERGE: dict.update(update) refusing duplicate keys, with CPython's
 * messages naming the called function. */
int vm_merge_kwargs(Obj *dict, Obj *update, Obj *func)
{
    Obj *keys = NULL, *it = NULL, *key;
    if (DICT_CHECK(update)) {
        Ssize pos = 0;
        Obj *k, *v;
        while (dict_next(update, &pos, &k, &v)) {
            Obj *old = dict_get_borrow(dict, k);
            if (!old && vm_err_occurred())
                return -1;
            if (old) {
                key = k;
                goto dup;
            }
            if (dict_set(dict, k, v) < 0)
                return -1;
        }
        return 0;
    }
    if (obj_lookup_attr(update, id_str("keys"), &keys) < 0)
        return -1;
    if (!keys) {
        Obj *fs = vm_function_str(func);
        if (fs) {
            vm_err_format(&exc_TypeError, "%S argument after ** must be a mapping, not %s", fs,
                          OBJ_TYPE(update)->name);
            DECREF(fs);
        }
        return -1;
    }
    Obj *klist = obj_call(keys, NULL, 0, NULL);
    DECREF(keys);
    if (!klist)
        return -1;
    it = obj_getiter(klist);
    DECREF(klist);
    if (!it)
        return -1;
    while ((key = obj_iternext(it))) {
        Obj *old = dict_get_borrow(dict, key);
        if (!old && vm_err_occurred()) {
            DECREF(key);
            goto fail;
        }
        if (old) {
            Obj *fs = vm_function_str(func);
            if (fs) {
                vm_err_format(&exc_TypeError, "%S got multiple values for keyword argument '%S'",
                              fs, key);
                DECREF(fs);
            }
            DECREF(key);
            goto fail;
        }
        Obj *v = obj_getitem(update, key);
        int r = v ? dict_set(dict, key, v) : -1;
        XDECREF(v);
        DECREF(key);
        if (r < 0)
            goto fail;
    }
    if (vm_err_occurred())
        goto fail;
    DECREF(it);
    return 0;
fail:
    XDECREF(it);
    return -1;
dup: {
        Obj *fs = vm_function_str(func);
        if (fs) {
            vm_err_format(&exc_TypeError, "%S got multiple values for keyword argument '%S'", fs, key);
            DECREF(fs);
        }
        return -1;
    }
}

/* ---- pattern matching ----------------------------------------------------------------- */

static Obj *match_keys(Obj *subject, Obj *keys)
{
    Ssize nkeys = TUPLE_LEN(keys);
    if (!nkeys)
        return tuple_new(0);
    Obj *get = NULL, *seen = NULL, *values = NULL, *dummy = NULL, *r = NULL;
    get = obj_getattr(subject, id_str("get"));
    if (!get)
        goto out;
    dummy = obj_call((Obj *)&object_type, NULL, 0, NULL);
    seen = set_new(NULL);
    values = list_new(0);
    if (!dummy || !seen || !values)
        goto out;
    for (Ssize i = 0; i < nkeys; i++) {
        Obj *key = TUPLE_ITEMS(keys)[i];
        int c = set_contains(seen, key);
        if (c < 0)
            goto out;
        if (c) {
            vm_err_format(&exc_ValueError, "mapping pattern checks duplicate key (%R)", key);
            goto out;
        }
        if (set_add(seen, key) < 0)
            goto out;
        Obj *args[2] = {key, dummy};
        Obj *v = obj_call(get, args, 2, NULL);
        if (!v)
            goto out;
        if (v == dummy) {
            DECREF(v);
            r = INCREF(NONE);
            goto out;
        }
        int rc = list_append(values, v);
        DECREF(v);
        if (rc < 0)
            goto out;
    }
    r = list_as_tuple(values);
out:
    XDECREF(get);
    XDECREF(seen);
    XDECREF(values);
    XDECREF(dummy);
    return r;
}

static Obj *match_class_attr(Obj *subject, TypeObj *type, Obj *name, Obj *seen)
{
    int c = set_contains(seen, name);
    if (c < 0)
        return NULL;
    if (c || set_add(seen, name) < 0) {
        if (!vm_err_occurred())
            vm_err_format(&exc_TypeError, "%s() got multiple sub-patterns for attribute %R",
                          type->name, name);
        return NULL;
    }
    Obj *attr = NULL;
    if (obj_lookup_attr(subject, name, &attr) < 0)
        return NULL;
    return attr;    /* NULL without exception: no match */
}

/* The builtin types a positional class pattern matches as a whole. */
static bool match_self_type(TypeObj *t)
{
    static TypeObj *const selfs[] = {&bool_type, &bytearray_type, &bytes_type, &dict_type,
                                     &float_type, &frozenset_type, &int_type, &list_type,
                                     &set_type, &str_type, &tuple_type};
    for (size_t i = 0; i < sizeof selfs / sizeof selfs[0]; i++)
        if (type_is_subtype(t, selfs[i]))
            return true;
    return false;
}

/* Attributes for a class pattern, NULL (no exception) when it does not match. */
static Obj *match_class(Obj *subject, Obj *type, Ssize nargs, Obj *kwargs)
{
    if (!TYPE_CHECK(type)) {
        vm_err_set_str(&exc_TypeError, "called match pattern must be a class");
        return NULL;
    }
    TypeObj *t = (TypeObj *)type;
    int inst = obj_isinstance(subject, type);
    if (inst <= 0)
        return NULL;
    Obj *seen = set_new(NULL), *attrs = list_new(0), *match_args = NULL, *r = NULL;
    if (!seen || !attrs)
        goto out;
    if (nargs) {
        bool match_self = false;
        if (obj_lookup_attr(type, id_str("__match_args__"), &match_args) < 0)
            goto out;
        if (match_args) {
            if (!IS_TYPE(match_args, tuple_type)) {
                vm_err_format(&exc_TypeError, "%s.__match_args__ must be a tuple (got %s)",
                              t->name, type_name(OBJ_TYPE(match_args)));
                goto out;
            }
        } else {
            match_args = tuple_new(0);
            if (!match_args)
                goto out;
            match_self = match_self_type(t);
        }
        Ssize allowed = match_self ? 1 : TUPLE_LEN(match_args);
        if (allowed < nargs) {
            vm_err_format(&exc_TypeError, "%s() accepts %zd positional sub-pattern%s (%zd given)",
                          t->name, allowed, allowed == 1 ? "" : "s", nargs);
            goto out;
        }
        if (match_self) {
            if (list_append(attrs, subject) < 0)
                goto out;
        } else {
            for (Ssize i = 0; i < nargs; i++) {
                Obj *name = TUPLE_ITEMS(match_args)[i];
                if (!IS_TYPE(name, str_type)) {
                    vm_err_format(&exc_TypeError, "__match_args__ elements must be strings (got %s)",
                                  type_name(OBJ_TYPE(name)));
                    goto out;
                }
                Obj *attr = match_class_attr(subject, t, name, seen);
                if (!attr)
                    goto out;
                int rc = list_append(attrs, attr);
                DECREF(attr);
                if (rc < 0)
                    goto out;
            }
        }
    }
    for (Ssize i = 0; i < TUPLE_LEN(kwargs); i++) {
        Obj *attr = match_class_attr(subject, t, TUPLE_ITEMS(kwargs)[i], seen);
        if (!attr)
            goto out;
        int rc = list_append(attrs, attr);
        DECREF(attr);
        if (rc < 0)
            goto out;
    }
    r = list_as_tuple(attrs);
out:
    XDECREF(seen);
    XDECREF(attrs);
    XDECREF(match_args);
    return r;
}

/* ---- exception groups (except*) ------------------------------------------------------- */

static bool is_exc_group(Obj *o)
{
    return EXC_CHECK(o) && type_is_subtype(OBJ_TYPE(o), &exc_BaseExceptionGroup);
}

static int check_except_star_type(Obj *type)
{
    if (check_exc_match_type(type) < 0)
        return -1;
    Obj *const *items = TUPLE_CHECK(type) ? TUPLE_ITEMS(type) : &type;
    Ssize n = TUPLE_CHECK(type) ? TUPLE_LEN(type) : 1;
    for (Ssize i = 0; i < n; i++)
        if (type_is_subtype((TypeObj *)items[i], &exc_BaseExceptionGroup)) {
            vm_err_set_str(&exc_TypeError,
                           "catching ExceptionGroup with except* is not allowed. Use except instead.");
            return -1;
        }
    return 0;
}

static Obj *make_group(Obj *excs_seq)
{
    Obj *msg = str_from_cstr("");
    if (!msg)
        return NULL;
    Obj *args[2] = {msg, excs_seq};
    Obj *eg = obj_call((Obj *)&exc_BaseExceptionGroup, args, 2, NULL);
    DECREF(msg);
    return eg;
}

/* CHECK_EG_MATCH's split: *match and *rest (None when empty). */
static int exception_group_match(Obj *exc, Obj *type, Obj **match, Obj **rest)
{
    if (exc == NONE) {
        *match = INCREF(NONE);
        *rest = INCREF(NONE);
        return 0;
    }
    if (!EXC_CHECK(exc)) {
        vm_err_set_str(&exc_SystemError, "CHECK_EG_MATCH without an exception");
        return -1;
    }
    if (exc_matches(exc, type)) {
        if (is_exc_group(exc)) {
            *match = INCREF(exc);
        } else {
            Obj *excs = tuple_pack(1, exc);
            Obj *wrapped = excs ? make_group(excs) : NULL;
            XDECREF(excs);
            if (!wrapped)
                return -1;
            Obj *tb = ((ExcObj *)exc)->traceback;
            obj_setref(&((ExcObj *)wrapped)->traceback, xincref(tb));
            *match = wrapped;
        }
        *rest = INCREF(NONE);
        return 0;
    }
    if (is_exc_group(exc)) {
        Obj *pair = obj_call_method(exc, "split", &type, 1);
        if (!pair)
            return -1;
        if (!TUPLE_CHECK(pair) || TUPLE_LEN(pair) != 2) {
            vm_err_format(&exc_TypeError, "%s.split must return a 2-tuple, got %s",
                          type_name(OBJ_TYPE(exc)), type_name(OBJ_TYPE(pair)));
            DECREF(pair);
            return -1;
        }
        *match = INCREF(TUPLE_ITEMS(pair)[0]);
        *rest = INCREF(TUPLE_ITEMS(pair)[1]);
        DECREF(pair);
        return 0;
    }
    *match = INCREF(NONE);
    *rest = INCREF(exc);
    return 0;
}

static Obj *id_of(Obj *o) { return int_from_u64((uint64_t)(uintptr_t)o); }

static int collect_leaf_ids(Obj *exc, Obj *ids)
{
    if (exc == NONE)
        return 0;
    if (!is_exc_group(exc)) {
        Obj *id = id_of(exc);
        int r = id ? set_add(ids, id) : -1;
        XDECREF(id);
        return r;
    }
    Obj *subs = obj_getattr(exc, id_str("exceptions"));
    if (!subs)
        return -1;
    int r = 0;
    if (TUPLE_CHECK(subs))
        for (Ssize i = 0; i < TUPLE_LEN(subs) && r == 0; i++)
            r = collect_leaf_ids(TUPLE_ITEMS(subs)[i], ids);
    DECREF(subs);
    return r;
}

static bool same_metadata(Obj *a, Obj *b)
{
    ExcObj *x = (ExcObj *)a, *y = (ExcObj *)b;
    return x->notes == y->notes && x->traceback == y->traceback && x->cause == y->cause &&
           x->context == y->context;
}

/* The predicate eg.split() uses to keep the leaves whose id is in a set. */
static Obj *leaf_id_pred(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)kwnames;
    if (nargs != 1)
        return INCREF(FALSE_);
    Obj *id = id_of(args[0]);
    if (!id)
        return NULL;
    int c = set_contains(self, id);
    DECREF(id);
    return c < 0 ? NULL : bool_from(c);
}
static const MethodDef leaf_id_pred_def = {"_leaf_id_pred", leaf_id_pred, METH_FAST, NULL};

/* INTRINSIC_PREP_RERAISE_STAR: what an except* statement re-raises. */
static Obj *prep_reraise_star(Obj *orig, Obj *excs)
{
    if (!LIST_CHECK(excs)) {
        vm_err_set_str(&exc_SystemError, "bad except* state");
        return NULL;
    }
    Ssize n = LIST_LEN(excs);
    if (n == 0)
        return INCREF(NONE);
    if (!is_exc_group(orig))
        return INCREF(LIST_ITEMS(excs)[0]);
    Obj *raised = list_new(0), *reraised = list_new(0), *ids = set_new(NULL);
    Obj *keep_eg = NULL, *result = NULL;
    if (!raised || !reraised || !ids)
        goto out;
    for (Ssize i = 0; i < n; i++) {
        Obj *e = LIST_ITEMS(excs)[i];
        if (e == NONE)
            continue;
        if (list_append(EXC_CHECK(e) && same_metadata(e, orig) ? reraised : raised, e) < 0)
            goto out;
    }
    /* Project orig onto the leaves that were re-raised. */
    for (Ssize i = 0; i < LIST_LEN(reraised); i++)
        if (collect_leaf_ids(LIST_ITEMS(reraised)[i], ids) < 0)
            goto out;
    if (LIST_LEN(reraised) == 0) {
        keep_eg = INCREF(NONE);
    } else {
        Obj *pred = builtin_new(&leaf_id_pred_def, ids, NULL);
        if (!pred)
            goto out;
        Obj *pair = obj_call_method(orig, "split", &pred, 1);
        DECREF(pred);
        if (!pair)
            goto out;
        keep_eg = INCREF(TUPLE_CHECK(pair) && TUPLE_LEN(pair) == 2 ? TUPLE_ITEMS(pair)[0] : NONE);
        DECREF(pair);
    }
    if (LIST_LEN(raised) == 0) {
        result = INCREF(keep_eg);
    } else {
        if (keep_eg != NONE && list_append(raised, keep_eg) < 0)
            goto out;
        if (LIST_LEN(raised) > 1)
            result = make_group(raised);
        else
            result = INCREF(LIST_ITEMS(raised)[0]);
    }
out:
    XDECREF(raised);
    XDECREF(reraised);
    XDECREF(ids);
    XDECREF(keep_eg);
    return result;
}

/* ---- intrinsics ------------------------------------------------------------------------- */

static Obj *stopiteration_error(Frame *f, Obj *exc)
{
    int flags = f->code->flags;
    const char *msg = NULL;
    if (exc_matches(exc, (Obj *)&exc_StopIteration)) {
        msg = "generator raised StopIteration";
        if (flags & CO_ASYNC_GENERATOR)
            msg = "async generator raised StopIteration";
        else if (flags & CO_COROUTINE)
            msg = "coroutine raised StopIteration";
    } else if ((flags & CO_ASYNC_GENERATOR) && exc_matches(exc, (Obj *)&exc_StopAsyncIteration)) {
        msg = "async generator raised StopAsyncIteration";
    }
    if (!msg)
        return INCREF(exc);
    Obj *m = str_from_cstr(msg);
    if (!m)
        return NULL;
    Obj *err = obj_call((Obj *)&exc_RuntimeError, &m, 1, NULL);
    DECREF(m);
    if (!err)
        return NULL;
    ExcObj *e = (ExcObj *)err;
    obj_setref(&e->cause, INCREF(exc));
    e->suppress_context = true;
    obj_setref(&e->context, INCREF(exc));
    return err;
}

static Obj *intrinsic1(Frame *f, int which, Obj *v)
{
    switch (which) {
    case 1: {   /* INTRINSIC_PRINT: the interactive display hook */
        Obj *hook = sys_get_borrow("displayhook");
        if (!hook) {
            vm_err_set_str(&exc_RuntimeError, "lost sys.displayhook");
            return NULL;
        }
        return obj_call(hook, &v, 1, NULL);
    }
    case 2: {   /* INTRINSIC_IMPORT_STAR */
        if (!f->locals) {
            vm_err_set_str(&exc_SystemError, "no locals found during 'import *'");
            return NULL;
        }
        return import_star(v, f->locals) < 0 ? NULL : INCREF(NONE);
    }
    case 3: return stopiteration_error(f, v);
    case 4: return gen_async_wrap(v);
    case 5: return num_unary(v, UN_POSITIVE);
    case 6:
        if (!LIST_CHECK(v)) {
            vm_err_set_str(&exc_SystemError, "INTRINSIC_LIST_TO_TUPLE of a non-list");
            return NULL;
        }
        return list_as_tuple(v);
    case 7: return vm_intrinsic_typevar(v, NULL, NULL, 0);
    case 8: return vm_intrinsic_typevar(v, NULL, NULL, 1);
    case 9: return vm_intrinsic_typevar(v, NULL, NULL, 2);
    case 10: return vm_intrinsic_typevar(v, NULL, NULL, 3);
    case 11: return vm_intrinsic_typevar(v, NULL, NULL, 4);
    default:
        vm_err_set_str(&exc_SystemError, "invalid intrinsic function");
        return NULL;
    }
}

static Obj *intrinsic2(int which, Obj *a, Obj *b)
{
    switch (which) {
    case 1: return prep_reraise_star(a, b);
    case 2: return vm_intrinsic_typevar(a, b, NULL, 5);
    case 3: return vm_intrinsic_typevar(a, NULL, b, 6);
    case 4:
        if (IS_TYPE(a, function_type))
            obj_setref(&((FuncObj *)a)->type_params, INCREF(b));
        return INCREF(a);
    default:
        vm_err_set_str(&exc_SystemError, "invalid intrinsic function");
        return NULL;
    }
}

/* ---- frames entering and leaving the loop -------------------------------------------------- */

/* Push f as the innermost frame (RecursionError beyond the limit). */
static int enter_frame(Frame *f)
{
    if (vm->depth >= vm->recursion_limit) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return -1;
    }
    vm->depth++;
    f->back = vm->frame;
    f->back_owned = false;
    f->state = FRAME_EXECUTING;
    f->executing = true;
    vm->frame = f;
    return 0;
}

/* f stops executing: suspended (generator) or completed.  A completed frame
 * that outlives this (a traceback holds it) keeps its caller as f_back. */
static void leave_frame(Frame *f, int state)
{
    vm->depth--;
    vm->frame = f->back;
    f->state = (uint8_t)state;
    f->executing = false;
    if (state == FRAME_COMPLETED) {
        frame_clear_stack(f);
        if (f->back && !f->gen && f->base.refcnt > 1) {
            INCREF(f->back);
            f->back_owned = true;
        } else {
            f->back = NULL;
        }
    } else {
        f->back = NULL;
    }
}

int vm_frame_enter(Frame *f) { return enter_frame(f); }
void vm_frame_leave(Frame *f) { leave_frame(f, FRAME_COMPLETED); }

/* Add f's current instruction to the pending exception's traceback (not for
 * a frame that has not reached its first traceable instruction). */
static void add_traceback(Frame *f)
{
    if (!vm->exc) {
        vm_err_set_str(&exc_SystemError, "error return without exception set");
        if (!vm->exc)
            return;
    }
    if (f->lasti < f->code->first_traceable)
        return;
    ExcObj *e = (ExcObj *)vm->exc;
    Obj *tb = traceback_add(e->traceback, f);
    if (tb)
        obj_setref(&e->traceback, tb);
}

static const VmHandler *find_handler(const CodeRtObj *co, int32_t i)
{
    for (uint32_t h = 0; h < co->nexc; h++) {
        const VmHandler *hd = &co->handlers[h];
        if (i >= hd->start && i < hd->end)
            return hd;
    }
    return NULL;
}

/* ---- the loop ---------------------------------------------------------------------------- */

/* Release n stack items from `from` upwards: 3.12 releases an instruction's
 * inputs in stack order (DECREF_INPUTS), which decides the order in which
 * __del__ methods run. */
static inline void release_inputs(Obj **from, int n)
{
    for (int i = 0; i < n; i++) {
        Obj *v = from[i];
        from[i] = NULL;
        XDECREF(v);
    }
}

/* Every op with a handler (the computed-goto table is built from this). */
#define VM_OPS(X)                                                                           \
    X(NOP) X(RESUME) X(LOAD_CONST) X(LOAD_FAST) X(LOAD_FAST_CHECK) X(LOAD_FAST_AND_CLEAR)    \
    X(STORE_FAST) X(DELETE_FAST) X(POP_TOP) X(PUSH_NULL) X(END_FOR) X(COPY) X(SWAP)          \
    X(LOAD_GLOBAL) X(LOAD_NAME) X(STORE_NAME) X(DELETE_NAME) X(STORE_GLOBAL)                 \
    X(DELETE_GLOBAL) X(LOAD_LOCALS) X(LOAD_FROM_DICT_OR_GLOBALS) X(MAKE_CELL)                \
    X(COPY_FREE_VARS) X(LOAD_CLOSURE) X(LOAD_DEREF) X(LOAD_FROM_DICT_OR_DEREF)               \
    X(STORE_DEREF) X(DELETE_DEREF) X(LOAD_ATTR) X(STORE_ATTR) X(DELETE_ATTR)                 \
    X(LOAD_SUPER_ATTR) X(BINARY_OP) X(COMPARE_OP) X(IS_OP) X(CONTAINS_OP)                    \
    X(UNARY_NEGATIVE) X(UNARY_INVERT) X(UNARY_NOT) X(BINARY_SUBSCR) X(STORE_SUBSCR)          \
    X(DELETE_SUBSCR) X(BINARY_SLICE) X(STORE_SLICE) X(BUILD_TUPLE) X(BUILD_LIST)             \
    X(BUILD_SET) X(BUILD_MAP) X(BUILD_CONST_KEY_MAP) X(BUILD_STRING) X(BUILD_SLICE)          \
    X(LIST_APPEND) X(SET_ADD) X(MAP_ADD) X(LIST_EXTEND) X(SET_UPDATE) X(DICT_UPDATE)         \
    X(DICT_MERGE) X(UNPACK_SEQUENCE) X(UNPACK_EX) X(GET_ITER) X(GET_YIELD_FROM_ITER)         \
    X(FOR_ITER) X(JUMP_FORWARD) X(JUMP_BACKWARD) X(JUMP_BACKWARD_NO_INTERRUPT)               \
    X(POP_JUMP_IF_FALSE) X(POP_JUMP_IF_TRUE) X(POP_JUMP_IF_NONE) X(POP_JUMP_IF_NOT_NONE)     \
    X(KW_NAMES) X(CALL) X(CALL_FUNCTION_EX) X(CALL_INTRINSIC_1) X(CALL_INTRINSIC_2)          \
    X(MAKE_FUNCTION) X(LOAD_BUILD_CLASS) X(SETUP_ANNOTATIONS) X(FORMAT_VALUE)                \
    X(RETURN_CONST) X(RETURN_VALUE) X(RETURN_GENERATOR) X(YIELD_VALUE) X(SEND) X(END_SEND)   \
    X(GET_AWAITABLE) X(GET_AITER) X(GET_ANEXT) X(END_ASYNC_FOR) X(CLEANUP_THROW)             \
    X(BEFORE_WITH) X(BEFORE_ASYNC_WITH) X(WITH_EXCEPT_START) X(PUSH_EXC_INFO) X(POP_EXCEPT)  \
    X(CHECK_EXC_MATCH) X(CHECK_EG_MATCH) X(LOAD_ASSERTION_ERROR) X(RAISE_VARARGS)            \
    X(RERAISE) X(GET_LEN) X(MATCH_MAPPING) X(MATCH_SEQUENCE) X(MATCH_KEYS) X(MATCH_CLASS)      \
    X(IMPORT_NAME) X(IMPORT_FROM)

Obj *vm_eval(Frame *entry, Obj *throwflag_exc)
{
    static int c_nesting;
    Frame *f = entry;
    const VmInsn *code, *insn = NULL;
    Obj **lp, **sp, *const *consts, *const *names;
    Obj *kwnames = NULL;        /* set by KW_NAMES for the next CALL */
    int32_t ip;
    Obj *retval = NULL;

    if (c_stack_low() || c_nesting > 100000) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return NULL;
    }
    /* 3.12: an entry into the eval loop from C costs two units of the C
     * recursion budget (PY_EVAL_C_STACK_UNITS). */
    vm->c_depth++;
    if (vm_enter_c("") < 0) {
        vm->c_depth--;
        return NULL;
    }
    if (enter_frame(f) < 0) {
        vm->c_depth -= 2;
        return NULL;
    }
    c_nesting++;

#define LOAD_FRAME()                                     \
    do {                                                 \
        code = f->code->code;                            \
        lp = f->localsplus;                              \
        sp = f->sp;                                      \
        consts = TUPLE_ITEMS(f->code->consts);           \
        names = TUPLE_ITEMS(f->code->names);             \
        ip = f->ip;                                      \
    } while (0)
#define SAVE_FRAME() (f->sp = sp, f->ip = ip)
#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define THIRD() (sp[-3])
#define PEEK(n) (sp[-(n)])
#define JUMPTO(i) (ip = (i))

    LOAD_FRAME();
    if (throwflag_exc) {
        /* gen.throw(): the exception appears at the instruction the frame
         * last executed (its YIELD_VALUE, or RETURN_GENERATOR if never run). */
        vm_err_restore(INCREF(throwflag_exc));
        insn = &code[f->lasti >= 0 ? f->lasti : 0];
        goto error;
    }

#if VM_COMPUTED_GOTO
    static void *labels[OP__COUNT];
    if (!labels[0]) {
        for (int i = 0; i < OP__COUNT; i++)
            labels[i] = &&op_unknown;
#define VM_LABEL(name) labels[OP_##name] = &&op_##name;
        VM_OPS(VM_LABEL)
#undef VM_LABEL
    }
#define TARGET(name) op_##name:
#define DISPATCH() goto dispatch
#else
#define TARGET(name) case OP_##name:
#define DISPATCH() goto dispatch
#endif

dispatch:
    insn = &code[ip];
    if (vm->trap) {
        /* The debugger: every instruction in step mode, else only where the
         * code object's breakpoint bitmap is set.  The hook sees the
         * instruction executed before this one in the frame (f->lasti still
         * holds it) to apply the line-event rules. */
        if (vm->trap > VM_TRAP_BREAKPOINTS ||
            (f->code->breakpoints && f->code->breakpoints[ip])) {
            int32_t prev = f->lasti;
            f->lasti = ip;
            f->ip = ip;
            f->sp = sp;
            int rc = vm_trap_hook ? vm_trap_hook(f, prev) : 0;
            f->inline_call = false;
            if (rc < 0)
                goto error;
        } else {
            /* Not hooked here: the flag is about this instruction's
             * predecessor only, so it must not reach a later hook. */
            f->inline_call = false;
        }
    }
    f->lasti = ip;
    f->sp = sp;
    /* --max-steps / --timeout (run.c): one decrement and test per
     * instruction makes the stop exact and needs no check elsewhere. */
    if (--vm->steps_left < 0) {
        vm_limit_stop();
        goto error;
    }
    ip++;
#if VM_COMPUTED_GOTO
    goto *labels[insn->op];
#else
    switch (insn->op) {
#endif

    TARGET(NOP) DISPATCH();
    TARGET(RESUME) {
        if (vm->interrupt) {
            vm->interrupt = 0;
            vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
            goto error;
        }
        gc_maybe_collect();
        DISPATCH();
    }
    TARGET(LOAD_CONST) {
        PUSH(INCREF(consts[insn->arg]));
        DISPATCH();
    }
    TARGET(LOAD_FAST)
    TARGET(LOAD_FAST_CHECK) {
        Obj *v = lp[insn->arg];
        if (!v) {
            unbound_error(f->code, insn->arg);
            goto error;
        }
        PUSH(INCREF(v));
        DISPATCH();
    }
    TARGET(LOAD_FAST_AND_CLEAR) {
        PUSH(lp[insn->arg]);   /* may be NULL */
        lp[insn->arg] = NULL;
        DISPATCH();
    }
    TARGET(STORE_FAST) {
        Obj *v = POP();
        Obj *old = lp[insn->arg];
        lp[insn->arg] = v;
        XDECREF(old);
        DISPATCH();
    }
    TARGET(DELETE_FAST) {
        Obj *old = lp[insn->arg];
        if (!old) {
            unbound_error(f->code, insn->arg);
            goto error;
        }
        lp[insn->arg] = NULL;
        DECREF(old);
        DISPATCH();
    }
    TARGET(POP_TOP) {
        Obj *v = POP();
        XDECREF(v);
        DISPATCH();
    }
    TARGET(PUSH_NULL) {
        PUSH(NULL);
        DISPATCH();
    }
    TARGET(END_FOR) {
        Obj *v = POP();
        XDECREF(v);
        v = POP();
        XDECREF(v);
        DISPATCH();
    }
    TARGET(COPY) {
        Obj *v = PEEK(insn->arg);
        PUSH(INCREF(v));
        DISPATCH();
    }
    TARGET(SWAP) {
        Obj *t = TOP();
        TOP() = PEEK(insn->arg);
        PEEK(insn->arg) = t;
        DISPATCH();
    }

    /* ---- names ---- */
    TARGET(LOAD_GLOBAL) {
        Obj *name = names[insn->arg];
        Obj *v;
        CodeRtObj *co = f->code;
        if (IS_TYPE(f->globals, dict_type) && IS_TYPE(f->builtins, dict_type) &&
            (co->gcache || (co->gcache = calloc(co->insns.n, sizeof(GlobalCache))))) {
            v = dict_load_global(f->globals, f->builtins, name, &co->gcache[insn - code]);
            if (!v) {
                if (!vm_err_occurred())
                    name_error(name);
                goto error;
            }
            INCREF(v);
        } else if (!(v = dict_get_borrow(f->globals, name))) {
            if (vm_err_occurred())
                goto error;
            if (DICT_CHECK(f->builtins)) {
                v = dict_get_borrow(f->builtins, name);
                if (!v) {
                    if (!vm_err_occurred())
                        name_error(name);
                    goto error;
                }
                INCREF(v);
            } else {
                v = obj_getitem(f->builtins, name);
                if (!v) {
                    if (vm_err_matches(&exc_KeyError)) {
                        vm_err_clear();
                        name_error(name);
                    }
                    goto error;
                }
            }
        } else {
            INCREF(v);
        }
        if (insn->flags & VMF_PUSH_NULL)
            PUSH(NULL);
        PUSH(v);
        DISPATCH();
    }
    TARGET(LOAD_NAME) {
        Obj *name = names[insn->arg], *v;
        if (!f->locals) {
            vm_err_format(&exc_SystemError, "no locals when loading %R", name);
            goto error;
        }
        if (IS_TYPE(f->locals, dict_type)) {
            v = dict_get_borrow(f->locals, name);
            if (v)
                INCREF(v);
            else if (vm_err_occurred())
                goto error;
        } else {
            v = obj_getitem(f->locals, name);
            if (!v) {
                if (!vm_err_matches(&exc_KeyError))
                    goto error;
                vm_err_clear();
            }
        }
        if (!v) {
            v = dict_get_borrow(f->globals, name);
            if (v)
                INCREF(v);
            else if (vm_err_occurred())
                goto error;
        }
        if (!v) {
            if (DICT_CHECK(f->builtins)) {
                v = dict_get_borrow(f->builtins, name);
                if (v)
                    INCREF(v);
                else if (vm_err_occurred())
                    goto error;
            } else {
                v = obj_getitem(f->builtins, name);
                if (!v) {
                    if (!vm_err_matches(&exc_KeyError))
                        goto error;
                    vm_err_clear();
                }
            }
        }
        if (!v) {
            name_error(name);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }
    TARGET(STORE_NAME) {
        Obj *name = names[insn->arg];
        if (!f->locals) {
            vm_err_format(&exc_SystemError, "no locals found when storing %R", name);
            goto error;
        }
        Obj *v = TOP();
        int r = IS_TYPE(f->locals, dict_type) ? dict_set(f->locals, name, v)
                                               : obj_setitem(f->locals, name, v);
        (void)POP();
        DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DELETE_NAME) {
        Obj *name = names[insn->arg];
        if (!f->locals) {
            vm_err_format(&exc_SystemError, "no locals when deleting %R", name);
            goto error;
        }
        if (obj_delitem(f->locals, name) < 0) {
            if (vm_err_matches(&exc_KeyError)) {
                vm_err_clear();
                name_error(name);
            }
            goto error;
        }
        DISPATCH();
    }
    TARGET(STORE_GLOBAL) {
        Obj *v = TOP();
        int r = dict_set(f->globals, names[insn->arg], v);
        (void)POP();
        DECREF(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DELETE_GLOBAL) {
        Obj *name = names[insn->arg];
        if (dict_del(f->globals, name) < 0) {
            if (vm_err_matches(&exc_KeyError)) {
                vm_err_clear();
                name_error(name);
            }
            goto error;
        }
        DISPATCH();
    }
    TARGET(LOAD_LOCALS) {
        if (!f->locals) {
            vm_err_set_str(&exc_SystemError, "no locals found");
            goto error;
        }
        PUSH(INCREF(f->locals));
        DISPATCH();
    }
    TARGET(LOAD_FROM_DICT_OR_GLOBALS) {
        Obj *mapping = TOP(), *name = names[insn->arg], *v;
        v = obj_getitem(mapping, name);
        if (!v) {
            if (!vm_err_matches(&exc_KeyError))
                goto error;
            vm_err_clear();
            v = dict_get_borrow(f->globals, name);
            if (v) {
                INCREF(v);
            } else if (vm_err_occurred()) {
                goto error;
            } else {
                v = obj_getitem(f->builtins, name);
                if (!v) {
                    if (vm_err_matches(&exc_KeyError)) {
                        vm_err_clear();
                        name_error(name);
                    }
                    goto error;
                }
            }
        }
        TOP() = v;
        DECREF(mapping);
        DISPATCH();
    }

    /* ---- cells ---- */
    TARGET(MAKE_CELL) {
        if (insn - code < f->code->first_traceable)
            vm->steps_left++;   /* the frame's prefix: not counted (vm.h, limits) */
        Obj *initial = lp[insn->arg];
        Obj *cell = cell_new(initial);
        if (!cell)
            goto error;
        lp[insn->arg] = cell;
        XDECREF(initial);
        DISPATCH();
    }
    TARGET(COPY_FREE_VARS) {
        if (insn - code < f->code->first_traceable)
            vm->steps_left++;   /* the frame's prefix: not counted */
        FuncObj *fn = (FuncObj *)f->func;
        Obj *closure = fn && IS_TYPE(fn, function_type) ? fn->closure : NULL;
        int n = insn->arg;
        if (!closure || TUPLE_LEN(closure) != n) {
            vm_err_set_str(&exc_SystemError, "closure does not match the code's free variables");
            goto error;
        }
        int off = f->code->nlocalsplus - n;
        for (int i = 0; i < n; i++)
            obj_setref(&lp[off + i], INCREF(TUPLE_ITEMS(closure)[i]));
        DISPATCH();
    }
    TARGET(LOAD_CLOSURE) {
        Obj *cell = lp[insn->arg];
        if (!cell) {
            unbound_error(f->code, insn->arg);
            goto error;
        }
        PUSH(INCREF(cell));
        DISPATCH();
    }
    TARGET(LOAD_DEREF) {
        Obj *cell = lp[insn->arg];
        if (!cell || !IS_TYPE(cell, cell_type)) {
            vm_err_set_str(&exc_SystemError, "LOAD_DEREF of a slot without a cell");
            goto error;
        }
        Obj *v = ((CellObj *)cell)->ref;
        if (!v) {
            unbound_error(f->code, insn->arg);
            goto error;
        }
        PUSH(INCREF(v));
        DISPATCH();
    }
    TARGET(LOAD_FROM_DICT_OR_DEREF) {
        Obj *mapping = TOP(), *name = TUPLE_ITEMS(f->code->localsplusnames)[insn->arg];
        Obj *v = obj_getitem(mapping, name);
        if (!v) {
            if (!vm_err_matches(&exc_KeyError))
                goto error;
            vm_err_clear();
            Obj *cell = lp[insn->arg];
            if (!cell || !IS_TYPE(cell, cell_type)) {
                vm_err_set_str(&exc_SystemError, "LOAD_FROM_DICT_OR_DEREF of a slot without a cell");
                goto error;
            }
            v = xincref(((CellObj *)cell)->ref);
            if (!v) {
                unbound_error(f->code, insn->arg);
                goto error;
            }
        }
        TOP() = v;
        DECREF(mapping);
        DISPATCH();
    }
    TARGET(STORE_DEREF) {
        Obj *cell = lp[insn->arg];
        if (!cell || !IS_TYPE(cell, cell_type)) {
            vm_err_set_str(&exc_SystemError, "STORE_DEREF of a slot without a cell");
            goto error;
        }
        Obj *v = POP();
        obj_setref(&((CellObj *)cell)->ref, v);
        DISPATCH();
    }
    TARGET(DELETE_DEREF) {
        Obj *cell = lp[insn->arg];
        if (!cell || !IS_TYPE(cell, cell_type)) {
            vm_err_set_str(&exc_SystemError, "DELETE_DEREF of a slot without a cell");
            goto error;
        }
        if (!((CellObj *)cell)->ref) {
            unbound_error(f->code, insn->arg);
            goto error;
        }
        CLEAR(((CellObj *)cell)->ref);
        DISPATCH();
    }

    /* ---- attributes ---- */
    TARGET(LOAD_ATTR) {
        Obj *owner = TOP(), *name = names[insn->arg];
        if (insn->flags & VMF_METHOD) {
            Obj *meth = NULL;
            int r = obj_get_method(owner, name, &meth);
            if (r < 0)
                goto error;
            if (r == 1) {
                TOP() = meth;          /* (meth, self) */
                PUSH(owner);
            } else {
                TOP() = NULL;          /* (NULL, attr) */
                PUSH(meth);
                DECREF(owner);
            }
        } else {
            Obj *v = obj_getattr(owner, name);
            if (!v)
                goto error;
            TOP() = v;
            DECREF(owner);
        }
        DISPATCH();
    }
    TARGET(STORE_ATTR) {
        Obj *owner = TOP(), *v = SECOND();
        int r = obj_setattr(owner, names[insn->arg], v);
        sp -= 2;
        DECREF(v);
        DECREF(owner);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DELETE_ATTR) {
        Obj *owner = TOP();
        int r = obj_setattr(owner, names[insn->arg], NULL);
        (void)POP();
        DECREF(owner);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(LOAD_SUPER_ATTR) {
        Obj *gsuper = THIRD(), *cls = SECOND(), *self = TOP(), *name = names[insn->arg];
        bool want_method = (insn->flags & VMF_METHOD) != 0;
        Obj *attr;
        int is_method = 0;
        if (gsuper == (Obj *)&super_type && TYPE_CHECK(cls)) {
            attr = super_lookup((TypeObj *)cls, self, name,
                                want_method && OBJ_TYPE(self)->getattro == obj_generic_getattr
                                    ? &is_method : NULL);
        } else {
            Obj *sargs[2] = {cls, self};
            Obj *sup = obj_call(gsuper, sargs, (insn->flags & VMF_SUPER_2ARG) ? 2 : 0, NULL);
            attr = sup ? obj_getattr(sup, name) : NULL;
            XDECREF(sup);
        }
        if (!attr)
            goto error;
        sp -= 3;
        DECREF(gsuper);
        DECREF(cls);
        if (want_method) {
            if (is_method) {
                PUSH(attr);
                PUSH(self);
            } else {
                PUSH(NULL);
                PUSH(attr);
                DECREF(self);
            }
        } else {
            DECREF(self);
            PUSH(attr);
        }
        DISPATCH();
    }

    /* ---- operators ---- */
    TARGET(BINARY_OP) {
        Obj *rhs = TOP(), *lhs = SECOND();
        /* `s += t` / `s = s + t` on a local str that nothing else holds:
         * grow it in place and do the STORE_FAST here (CPython 3.12's
         * BINARY_OP_INPLACE_ADD_UNICODE), else a loop appending to a string
         * copies it every time.  Not under the debugger's trap, which must
         * see the STORE_FAST as an instruction of its own; the skipped
         * instruction still counts against --max-steps. */
        if ((insn->arg == NB_ADD || insn->arg == NB_INPLACE_ADD) && IS_TYPE(lhs, str_type) &&
            IS_TYPE(rhs, str_type) && (uint32_t)ip < f->code->insns.n && code[ip].op == OP_STORE_FAST && lp[code[ip].arg] == lhs &&
            lhs->refcnt == 2 && !vm->trap && vm->steps_left > 0) {
            lp[code[ip].arg] = NULL;
            lhs->refcnt--;
            Obj *res = str_append_inplace(lhs, rhs);
            sp -= 2;
            DECREF(rhs);
            if (!res)
                goto error;
            lp[code[ip].arg] = res;
            vm->steps_left--;
            f->lasti = ip;
            ip++;
            DISPATCH();
        }
        Obj *res;
        /* word-sized int + and - without the generic dispatch (the most
         * common arithmetic: counters, indexes); overflow takes the
         * general path, which goes to GMP */
        int64_t small;
        if (IS_TYPE(lhs, int_type) && IS_TYPE(rhs, int_type) && !((IntObj *)lhs)->big &&
            !((IntObj *)rhs)->big &&
            (((insn->arg == NB_ADD || insn->arg == NB_INPLACE_ADD) &&
              !__builtin_add_overflow(((IntObj *)lhs)->v, ((IntObj *)rhs)->v, &small)) ||
             ((insn->arg == NB_SUBTRACT || insn->arg == NB_INPLACE_SUBTRACT) &&
              !__builtin_sub_overflow(((IntObj *)lhs)->v, ((IntObj *)rhs)->v, &small))))
            res = int_from_i64(small);
        else
            res = num_binary(lhs, rhs, insn->arg);
        if (!res)
            goto error;
        sp -= 2;
        DECREF(lhs);
        DECREF(rhs);
        PUSH(res);
        DISPATCH();
    }
    TARGET(COMPARE_OP) {
        Obj *rhs = TOP(), *lhs = SECOND();
        if (IS_TYPE(lhs, int_type) && IS_TYPE(rhs, int_type) && !((IntObj *)lhs)->big &&
            !((IntObj *)rhs)->big) {
            /* word-sized ints: no rich-comparison dispatch (the result is
             * a bool either way, so VMF_TO_BOOL has nothing to do) */
            int64_t a = ((IntObj *)lhs)->v, b = ((IntObj *)rhs)->v;
            bool r;
            switch (insn->arg) {
            case CMP_LT: r = a < b; break;
            case CMP_LE: r = a <= b; break;
            case CMP_EQ: r = a == b; break;
            case CMP_NE: r = a != b; break;
            case CMP_GT: r = a > b; break;
            default: r = a >= b; break;
            }
            sp -= 2;
            DECREF(lhs);
            DECREF(rhs);
            PUSH(bool_from(r));
            DISPATCH();
        }
        Obj *res = obj_richcompare(lhs, rhs, insn->arg);
        if (!res)
            goto error;
        if (insn->flags & VMF_TO_BOOL) {
            int t = obj_is_true(res);
            DECREF(res);
            if (t < 0)
                goto error;
            res = bool_from(t);
        }
        sp -= 2;
        DECREF(lhs);
        DECREF(rhs);
        PUSH(res);
        DISPATCH();
    }
    TARGET(IS_OP) {
        Obj *rhs = POP(), *lhs = POP();
        bool r = (lhs == rhs) ^ (insn->arg != 0);
        DECREF(lhs);
        DECREF(rhs);
        PUSH(bool_from(r));
        DISPATCH();
    }
    TARGET(CONTAINS_OP) {
        Obj *rhs = TOP(), *lhs = SECOND();
        int r = obj_contains(rhs, lhs);
        if (r < 0)
            goto error;
        sp -= 2;
        DECREF(lhs);
        DECREF(rhs);
        PUSH(bool_from((r != 0) ^ (insn->arg != 0)));
        DISPATCH();
    }
    TARGET(UNARY_NEGATIVE) {
        Obj *v = TOP(), *r = num_unary(v, UN_NEGATIVE);
        if (!r)
            goto error;
        TOP() = r;
        DECREF(v);
        DISPATCH();
    }
    TARGET(UNARY_INVERT) {
        Obj *v = TOP(), *r = num_unary(v, UN_INVERT);
        if (!r)
            goto error;
        TOP() = r;
        DECREF(v);
        DISPATCH();
    }
    TARGET(UNARY_NOT) {
        Obj *v = TOP();
        int t = obj_is_true(v);
        if (t < 0)
            goto error;
        TOP() = bool_from(!t);
        DECREF(v);
        DISPATCH();
    }
    TARGET(BINARY_SUBSCR) {
        Obj *sub = TOP(), *container = SECOND();
        Obj *r = obj_getitem(container, sub);
        if (!r)
            goto error;
        sp -= 2;
        DECREF(container);
        DECREF(sub);
        PUSH(r);
        DISPATCH();
    }
    TARGET(STORE_SUBSCR) {
        Obj *sub = TOP(), *container = SECOND(), *v = THIRD();
        int r = obj_setitem(container, sub, v);
        sp -= 3;
        DECREF(v);
        DECREF(container);
        DECREF(sub);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(DELETE_SUBSCR) {
        Obj *sub = TOP(), *container = SECOND();
        int r = obj_delitem(container, sub);
        sp -= 2;
        DECREF(container);
        DECREF(sub);
        if (r < 0)
            goto error;
        DISPATCH();
    }
    TARGET(BINARY_SLICE) {
        Obj *stop = TOP(), *start = SECOND(), *container = THIRD();
        Obj *slice = slice_new(start, stop, NULL);
        Obj *r = slice ? obj_getitem(container, slice) : NULL;
        XDECREF(slice);
        if (!r)
            goto error;
        sp -= 3;
        DECREF(start);      /* the slice's items go first, then the container */
        DECREF(stop);
        DECREF(container);
        PUSH(r);
        DISPATCH();
    }
    TARGET(STORE_SLICE) {
        Obj *stop = TOP(), *start = SECOND(), *container = THIRD(), *v = PEEK(4);
        Obj *slice = slice_new(start, stop, NULL);
        int r = slice ? obj_setitem(container, slice, v) : -1;
        XDECREF(slice);
        sp -= 4;
        DECREF(start);
        DECREF(stop);
        DECREF(v);
        DECREF(container);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    /* ---- building ---- */
    TARGET(BUILD_TUPLE) {
        int n = insn->arg;
        Obj *t = tuple_new(n);
        if (!t)
            goto error;
        sp -= n;
        for (int i = 0; i < n; i++)
            TUPLE_ITEMS(t)[i] = sp[i];
        PUSH(t);
        DISPATCH();
    }
    TARGET(BUILD_LIST) {
        int n = insn->arg;
        Obj *l = list_new(n);
        if (!l)
            goto error;
        sp -= n;
        for (int i = 0; i < n; i++)
            LIST_ITEMS(l)[i] = sp[i];
        PUSH(l);
        DISPATCH();
    }
    TARGET(BUILD_SET) {
        int n = insn->arg, err = 0;
        Obj *s = set_new(NULL);
        if (!s)
            goto error;
        for (int i = n; i > 0; i--)
            if (!err && set_add(s, PEEK(i)) < 0)
                err = 1;
        sp -= n;
        release_inputs(sp, n);
        if (err) {
            DECREF(s);
            goto error;
        }
        PUSH(s);
        DISPATCH();
    }
    TARGET(BUILD_MAP) {
        int n = insn->arg, err = 0;
        Obj *d = dict_new();
        if (!d)
            goto error;
        for (int i = 2 * n; i > 0; i -= 2)
            if (!err && dict_set(d, PEEK(i), PEEK(i - 1)) < 0)
                err = 1;
        sp -= 2 * n;
        release_inputs(sp, 2 * n);
        if (err) {
            DECREF(d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }
    TARGET(BUILD_CONST_KEY_MAP) {
        int n = insn->arg, err = 0;
        Obj *keys = TOP();
        if (!TUPLE_CHECK(keys) || TUPLE_LEN(keys) != n) {
            vm_err_set_str(&exc_SystemError, "bad BUILD_CONST_KEY_MAP keys argument");
            goto error;
        }
        Obj *d = dict_new();
        if (!d)
            goto error;
        for (int i = 0; i < n; i++)
            if (!err && dict_set(d, TUPLE_ITEMS(keys)[i], PEEK(n + 1 - i)) < 0)
                err = 1;
        sp -= n + 1;
        release_inputs(sp, n + 1);
        if (err) {
            DECREF(d);
            goto error;
        }
        PUSH(d);
        DISPATCH();
    }
    TARGET(BUILD_STRING) {
        int n = insn->arg;
        for (int i = 1; i <= n; i++)
            if (!STR_CHECK(PEEK(i))) {
                vm_err_set_str(&exc_SystemError, "BUILD_STRING of a non-string");
                goto error;
            }
        Obj *s = str_build(sp - n, n);
        if (!s)
            goto error;
        sp -= n;
        release_inputs(sp, n);
        PUSH(s);
        DISPATCH();
    }
    TARGET(BUILD_SLICE) {
        Obj *step = insn->arg == 3 ? TOP() : NULL;
        Obj *stop = PEEK(insn->arg == 3 ? 2 : 1), *start = PEEK(insn->arg);
        Obj *s = slice_new(start, stop, step);
        if (!s)
            goto error;
        sp -= insn->arg;
        release_inputs(sp, insn->arg);
        PUSH(s);
        DISPATCH();
    }
    TARGET(LIST_APPEND) {
        Obj *v = TOP(), *list = PEEK(insn->arg + 1);
        if (!LIST_CHECK(list)) {
            vm_err_set_str(&exc_SystemError, "LIST_APPEND to a non-list");
            goto error;
        }
        if (list_append(list, v) < 0)
            goto error;
        (void)POP();
        DECREF(v);
        DISPATCH();
    }
    TARGET(SET_ADD) {
        Obj *v = TOP(), *set = PEEK(insn->arg + 1);
        if (!IS_TYPE(set, set_type)) {
            vm_err_set_str(&exc_SystemError, "SET_ADD to a non-set");
            goto error;
        }
        if (set_add(set, v) < 0)
            goto error;
        (void)POP();
        DECREF(v);
        DISPATCH();
    }
    TARGET(MAP_ADD) {
        Obj *v = TOP(), *k = SECOND(), *dict = PEEK(insn->arg + 2);
        if (!DICT_CHECK(dict)) {
            vm_err_set_str(&exc_SystemError, "MAP_ADD to a non-dict");
            goto error;
        }
        if (dict_set(dict, k, v) < 0)
            goto error;
        sp -= 2;
        DECREF(k);
        DECREF(v);
        DISPATCH();
    }
    TARGET(LIST_EXTEND) {
        Obj *it = TOP(), *list = PEEK(insn->arg + 1);
        if (!LIST_CHECK(list)) {
            vm_err_set_str(&exc_SystemError, "LIST_EXTEND to a non-list");
            goto error;
        }
        if (list_extend(list, it) < 0) {
            if (vm_err_matches(&exc_TypeError) && !vm_is_iterable_or_seq(it)) {
                vm_err_clear();
                vm_err_format(&exc_TypeError, "Value after * must be an iterable, not %s",
                              OBJ_TYPE(it)->name);
            }
            goto error;
        }
        (void)POP();
        DECREF(it);
        DISPATCH();
    }
    TARGET(SET_UPDATE) {
        Obj *it = TOP(), *set = PEEK(insn->arg + 1);
        if (!IS_TYPE(set, set_type)) {
            vm_err_set_str(&exc_SystemError, "SET_UPDATE to a non-set");
            goto error;
        }
        if (set_update(set, it) < 0)
            goto error;
        (void)POP();
        DECREF(it);
        DISPATCH();
    }
    TARGET(DICT_UPDATE) {
        Obj *upd = TOP(), *dict = PEEK(insn->arg + 1);
        if (!DICT_CHECK(dict)) {
            vm_err_set_str(&exc_SystemError, "DICT_UPDATE to a non-dict");
            goto error;
        }
        if (dict_merge(dict, upd, 0) < 0) {
            if (vm_err_matches(&exc_AttributeError)) {
                vm_err_clear();
                vm_err_format(&exc_TypeError, "'%s' object is not a mapping",
                              type_name(OBJ_TYPE(upd)));
            }
            goto error;
        }
        (void)POP();
        DECREF(upd);
        DISPATCH();
    }
    TARGET(DICT_MERGE) {
        Obj *upd = TOP(), *dict = PEEK(insn->arg + 1);
        int fpos = insn->arg + 3;
        Obj *func = sp - fpos >= FRAME_STACK_BASE(f) ? PEEK(fpos) : NULL;
        if (!DICT_CHECK(dict)) {
            vm_err_set_str(&exc_SystemError, "DICT_MERGE to a non-dict");
            goto error;
        }
        if (vm_merge_kwargs(dict, upd, func ? func : NONE) < 0)
            goto error;
        (void)POP();
        DECREF(upd);
        DISPATCH();
    }

    /* ---- unpacking ---- */
    TARGET(UNPACK_SEQUENCE) {
        Obj *seq = TOP();
        int n = insn->arg;
        if ((IS_TYPE(seq, tuple_type) && TUPLE_LEN(seq) == n) ||
            (IS_TYPE(seq, list_type) && LIST_LEN(seq) == n)) {
            Obj **items = IS_TYPE(seq, tuple_type) ? TUPLE_ITEMS(seq) : LIST_ITEMS(seq);
            (void)POP();
            for (int i = n - 1; i >= 0; i--)
                PUSH(INCREF(items[i]));
            DECREF(seq);
            DISPATCH();
        }
        (void)POP();
        if (unpack_iterable(seq, n, -1, sp) < 0) {
            DECREF(seq);
            goto error;
        }
        sp += n;
        DECREF(seq);
        DISPATCH();
    }
    TARGET(UNPACK_EX) {
        Obj *seq = POP();
        int before = insn->arg & 0xff, after = insn->arg >> 8;
        if (unpack_iterable(seq, before, after, sp) < 0) {
            DECREF(seq);
            goto error;
        }
        sp += before + 1 + after;
        DECREF(seq);
        DISPATCH();
    }

    /* ---- iteration ---- */
    TARGET(GET_ITER) {
        Obj *v = TOP(), *it = obj_getiter(v);
        if (!it)
            goto error;
        TOP() = it;
        DECREF(v);
        DISPATCH();
    }
    TARGET(GET_YIELD_FROM_ITER) {
        Obj *v = TOP();
        if (IS_TYPE(v, coroutine_type)) {
            if (!(f->code->flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE))) {
                vm_err_set_str(&exc_TypeError,
                               "cannot 'yield from' a coroutine object in a non-coroutine generator");
                goto error;
            }
        } else if (!IS_TYPE(v, generator_type)) {
            Obj *it = obj_getiter(v);
            if (!it)
                goto error;
            TOP() = it;
            DECREF(v);
        }
        DISPATCH();
    }
    TARGET(FOR_ITER) {
        Obj *it = TOP();
        UnaryFn next = OBJ_TYPE(it)->iternext;
        Obj *v = next ? next(it) : obj_iternext(it);
        if (v) {
            PUSH(v);
            DISPATCH();
        }
        if (vm_err_occurred()) {
            if (!vm_err_matches(&exc_StopIteration))
                goto error;
            vm_err_clear();
        }
        (void)POP();
        DECREF(it);
        JUMPTO(insn->target);
        DISPATCH();
    }

    /* ---- jumps ---- */
    TARGET(JUMP_FORWARD) {
        JUMPTO(insn->target);
        DISPATCH();
    }
    TARGET(JUMP_BACKWARD) {
        JUMPTO(insn->target);
        if (vm->interrupt) {
            vm->interrupt = 0;
            vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
            goto error;
        }
        if (gc_pending) {
            f->sp = sp;
            gc_maybe_collect();
        }
        DISPATCH();
    }
    TARGET(JUMP_BACKWARD_NO_INTERRUPT) {
        JUMPTO(insn->target);
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_FALSE) {
        Obj *v = TOP();
        int t;
        if (v == TRUE_)
            t = 1;
        else if (v == FALSE_)
            t = 0;
        else if ((t = obj_is_true(v)) < 0)
            goto error;
        (void)POP();
        DECREF(v);
        if (!t)
            JUMPTO(insn->target);
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_TRUE) {
        Obj *v = TOP();
        int t;
        if (v == TRUE_)
            t = 1;
        else if (v == FALSE_)
            t = 0;
        else if ((t = obj_is_true(v)) < 0)
            goto error;
        (void)POP();
        DECREF(v);
        if (t)
            JUMPTO(insn->target);
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_NONE) {
        Obj *v = POP();
        bool none = v == NONE;
        DECREF(v);
        if (none)
            JUMPTO(insn->target);
        DISPATCH();
    }
    TARGET(POP_JUMP_IF_NOT_NONE) {
        Obj *v = POP();
        bool none = v == NONE;
        DECREF(v);
        if (!none)
            JUMPTO(insn->target);
        DISPATCH();
    }

    /* ---- calls ---- */
    TARGET(KW_NAMES) {
        kwnames = consts[insn->arg];
        DISPATCH();
    }
    TARGET(CALL) {
        int n = insn->arg;
        Obj **base = sp - n - 2;
        Obj *callable = base[0];
        Obj **argv = base + 1;
        Ssize nargs = n + 1;
        Obj *kw = kwnames;
        kwnames = NULL;
        if (!callable) {
            callable = base[1];
            argv = base + 2;
            nargs = n;
            if (IS_TYPE(callable, method_type)) {
                /* Unpack a bound method in place: (NULL, m, args) -> (func, self, args). */
                MethodObj *m = (MethodObj *)callable;
                base[0] = INCREF(m->func);
                base[1] = INCREF(m->self);
                DECREF(callable);
                callable = base[0];
                argv = base + 1;
                nargs = n + 1;
            }
        }
        Ssize npos = nargs - (kw ? TUPLE_LEN(kw) : 0);
        if (npos < 0) {
            vm_err_set_str(&exc_SystemError, "CALL has fewer arguments than keyword names");
            goto error;
        }
        if (IS_TYPE(callable, function_type) && ((FuncObj *)callable)->vectorcall == func_call) {
            /* Python to Python: a new frame in this same loop. */
            Frame *nf = func_make_frame(callable, argv, npos, kw);
            if (!nf)
                goto error;
            while (sp > base) {
                Obj *v = POP();
                XDECREF(v);
            }
            SAVE_FRAME();
            if (enter_frame(nf) < 0) {
                DECREF(nf);
                goto error;
            }
            f->inline_call = true;   /* 3.12 tracing: the caller's previous
                                        instruction becomes a CACHE unit */
            f = nf;
            LOAD_FRAME();
            DISPATCH();
        }
        Obj *res = obj_call(callable, argv, npos, kw);
        sp = base;
        release_inputs(base, n + 2);
        if (!res)
            goto error;
        PUSH(res);
        if (vm->interrupt) {
            vm->interrupt = 0;
            vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
            goto error;
        }
        if (gc_pending) {   /* 3.12's CALL ends with CHECK_EVAL_BREAKER */
            f->sp = sp;
            gc_maybe_collect();
        }
        DISPATCH();
    }
    TARGET(CALL_FUNCTION_EX) {
        bool haskw = insn->arg & 1;
        Obj **base = sp - (haskw ? 4 : 3);
        Obj *func = base[1], *callargs = base[2], *kwargs = haskw ? base[3] : NULL;
        if (!TUPLE_CHECK(callargs) && vm_is_iterable_or_seq(callargs)) {
            /* 3.12 converts *args to a tuple first; the original goes now. */
            Obj *t = seq_to_tuple(callargs);
            if (!t)
                goto error;
            base[2] = t;
            DECREF(callargs);
            callargs = t;
        }
        Obj *res = vm_call_ex(func, callargs, kwargs);
        sp = base;
        release_inputs(base + 1, haskw ? 3 : 2);
        release_inputs(base, 1);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }
    TARGET(CALL_INTRINSIC_1) {
        Obj *v = TOP();
        SAVE_FRAME();
        Obj *r = intrinsic1(f, insn->arg, v);
        if (!r)
            goto error;
        TOP() = r;
        DECREF(v);
        DISPATCH();
    }
    TARGET(CALL_INTRINSIC_2) {
        Obj *b = TOP(), *a = SECOND();
        Obj *r = intrinsic2(insn->arg, a, b);
        if (!r)
            goto error;
        sp -= 2;
        DECREF(a);
        DECREF(b);
        PUSH(r);
        DISPATCH();
    }
    TARGET(MAKE_FUNCTION) {
        Obj *codeobj = TOP();
        int fl = insn->arg;
        if (!IS_TYPE(codeobj, code_type)) {
            vm_err_set_str(&exc_SystemError, "MAKE_FUNCTION without a code object");
            goto error;
        }
        /* Hostile code must not smuggle wrong types into the function. */
        {
            Obj **q = sp - 1;
            bool bad = false;
            if (fl & 0x08)
                bad |= !TUPLE_CHECK(*--q);
            if (fl & 0x04) {
                --q;
                bad |= !TUPLE_CHECK(*q) && !DICT_CHECK(*q);
            }
            if (fl & 0x02)
                bad |= !DICT_CHECK(*--q);
            if (fl & 0x01)
                bad |= !TUPLE_CHECK(*--q);
            if (bad) {
                vm_err_set_str(&exc_SystemError, "MAKE_FUNCTION with attributes of the wrong type");
                goto error;
            }
        }
        FuncObj *fn = (FuncObj *)func_new(codeobj, f->globals);
        if (!fn)
            goto error;
        (void)POP();
        DECREF(codeobj);
        if (fl & 0x08) {
            Obj *c = POP();
            fn->closure = c;
        }
        if (fl & 0x04) {
            Obj *a = POP();
            fn->annotations = a;
        }
        if (fl & 0x02) {
            Obj *k = POP();
            fn->kwdefaults = k;
        }
        if (fl & 0x01) {
            Obj *d = POP();
            fn->defaults = d;
        }
        PUSH((Obj *)fn);
        DISPATCH();
    }
    TARGET(LOAD_BUILD_CLASS) {
        Obj *bc;
        if (DICT_CHECK(f->builtins)) {
            bc = dict_get_str_borrow(f->builtins, "__build_class__");
            if (!bc) {
                if (!vm_err_occurred())
                    vm_err_set_str(&exc_NameError, "__build_class__ not found");
                goto error;
            }
            INCREF(bc);
        } else {
            bc = obj_getitem(f->builtins, id_str("__build_class__"));
            if (!bc) {
                if (vm_err_matches(&exc_KeyError)) {
                    vm_err_clear();
                    vm_err_set_str(&exc_NameError, "__build_class__ not found");
                }
                goto error;
            }
        }
        PUSH(bc);
        DISPATCH();
    }
    TARGET(SETUP_ANNOTATIONS) {
        if (!f->locals) {
            vm_err_set_str(&exc_SystemError, "no locals found when setting up annotations");
            goto error;
        }
        Obj *key = id_str("__annotations__");
        int has;
        if (IS_TYPE(f->locals, dict_type)) {
            Obj *a = dict_get_borrow(f->locals, key);
            if (!a && vm_err_occurred())
                goto error;
            has = a != NULL;
        } else {
            Obj *a = obj_getitem(f->locals, key);
            if (!a) {
                if (!vm_err_matches(&exc_KeyError))
                    goto error;
                vm_err_clear();
            }
            has = a != NULL;
            XDECREF(a);
        }
        if (!has) {
            Obj *d = dict_new();
            int r = d ? obj_setitem(f->locals, key, d) : -1;
            XDECREF(d);
            if (r < 0)
                goto error;
        }
        DISPATCH();
    }
    TARGET(FORMAT_VALUE) {
        int which = insn->arg & 3;
        bool have_spec = (insn->arg & 4) != 0;
        Obj *spec = have_spec ? TOP() : NULL;
        Obj *v = PEEK(have_spec ? 2 : 1), *res;
        if (spec && !STR_CHECK(spec)) {
            vm_err_set_str(&exc_SystemError, "FORMAT_VALUE with a non-string format spec");
            goto error;
        }
        sp -= have_spec ? 2 : 1;
        if (which) {
            /* The converted value replaces the original, which goes now. */
            Obj *conv = which == 1 ? obj_str(v) : which == 2 ? obj_repr(v) : obj_ascii(v);
            DECREF(v);
            if (!conv) {
                XDECREF(spec);
                goto error;
            }
            v = conv;
        }
        res = (IS_TYPE(v, str_type) && !spec) ? INCREF(v) : obj_format(v, spec);
        DECREF(v);
        XDECREF(spec);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    /* ---- returning ---- */
    TARGET(RETURN_CONST) {
        retval = INCREF(consts[insn->arg]);
        goto return_value;
    }
    TARGET(RETURN_VALUE) {
        retval = POP();
        goto return_value;
    }
    TARGET(RETURN_GENERATOR) {
        if (insn - code < f->code->first_traceable)
            vm->steps_left++;   /* the frame's prefix: not counted */
        if (!(f->code->flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR)) || f->gen ||
            !f->func) {
            vm_err_set_str(&exc_SystemError, "RETURN_GENERATOR outside a generator function");
            goto error;
        }
        Obj *gen = gen_new(f, f->func);
        if (!gen)
            goto error;
        SAVE_FRAME();
        retval = gen;
        /* The frame now belongs to the generator, not yet started. */
        {
            Frame *done = f;
            Frame *parent = f->back;
            leave_frame(done, FRAME_CREATED);
            if (done == entry)
                goto exit_return;
            f = parent;
            DECREF(done);
            LOAD_FRAME();
            PUSH(retval);
            retval = NULL;
            DISPATCH();
        }
    }
    TARGET(YIELD_VALUE) {
        if (f != entry || !f->gen) {
            vm_err_set_str(&exc_SystemError, "YIELD_VALUE outside a running generator");
            goto error;
        }
        retval = POP();
        SAVE_FRAME();
        leave_frame(f, FRAME_SUSPENDED);
        goto exit_return;
    }
    TARGET(SEND) {
        Obj *v = TOP(), *receiver = SECOND(), *r = NULL;
        bool done = false;
        if (gen_check(receiver)) {
            /* 3.12 runs a generator or coroutine that is not running
             * inline, like a CALL of a Python function (tracing rule). */
            f->inline_call = ((GenObj *)receiver)->frame->state < FRAME_EXECUTING;
            int st = gen_send_ex(receiver, v, NULL, &r);
            if (st == GEN_ERROR)
                goto error;
            done = st == GEN_RETURN;
        } else {
            if (v == NONE && OBJ_TYPE(receiver)->iternext)
                r = OBJ_TYPE(receiver)->iternext(receiver);
            else
                r = obj_call_method(receiver, "send", &v, 1);
            if (!r) {
                r = gen_fetch_stop_iteration_value();
                if (!r)
                    goto error;
                done = true;
            }
        }
        TOP() = r;
        DECREF(v);
        if (done)
            JUMPTO(insn->target);
        DISPATCH();
    }
    TARGET(END_SEND) {
        Obj *v = POP(), *receiver = TOP();
        TOP() = v;
        DECREF(receiver);
        DISPATCH();
    }
    TARGET(GET_AWAITABLE) {
        Obj *v = TOP(), *it = gen_get_awaitable(v, insn->arg);
        if (!it)
            goto error;
        TOP() = it;
        DECREF(v);
        DISPATCH();
    }
    TARGET(GET_AITER) {
        Obj *v = TOP(), *it = gen_get_aiter(v);
        if (!it)
            goto error;
        TOP() = it;
        DECREF(v);
        DISPATCH();
    }
    TARGET(GET_ANEXT) {
        Obj *aw = gen_get_anext(TOP());
        if (!aw)
            goto error;
        PUSH(aw);
        DISPATCH();
    }
    TARGET(END_ASYNC_FOR) {
        Obj *exc = TOP(), *awaitable = SECOND();
        if (EXC_CHECK(exc) && type_is_subtype(OBJ_TYPE(exc), &exc_StopAsyncIteration)) {
            sp -= 2;
            DECREF(awaitable);
            DECREF(exc);
            DISPATCH();
        }
        if (!EXC_CHECK(exc)) {
            vm_err_set_str(&exc_SystemError, "END_ASYNC_FOR without an exception");
            goto error;
        }
        vm_err_restore(INCREF(exc));
        goto exception_unwind;
    }
    TARGET(CLEANUP_THROW) {
        Obj *exc = TOP(), *last_sent = SECOND(), *sub = THIRD();
        if (EXC_CHECK(exc) && type_is_subtype(OBJ_TYPE(exc), &exc_StopIteration)) {
            Obj *value = obj_getattr(exc, id_str("value"));
            if (!value)
                goto error;
            sp -= 3;
            DECREF(sub);
            DECREF(last_sent);
            DECREF(exc);
            PUSH(INCREF(NONE));
            PUSH(value);
            DISPATCH();
        }
        if (!EXC_CHECK(exc)) {
            vm_err_set_str(&exc_SystemError, "CLEANUP_THROW without an exception");
            goto error;
        }
        vm_err_restore(INCREF(exc));
        goto exception_unwind;
    }

    /* ---- with ---- */
    TARGET(BEFORE_WITH)
    TARGET(BEFORE_ASYNC_WITH) {
        bool async = insn->op == OP_BEFORE_ASYNC_WITH;
        Obj *mgr = TOP();
        Obj *enter = special_lookup(mgr, id_str(async ? "__aenter__" : "__enter__"));
        if (!enter) {
            if (!vm_err_occurred())
                vm_err_format(&exc_TypeError, async
                              ? "'%s' object does not support the asynchronous context manager protocol"
                              : "'%s' object does not support the context manager protocol",
                              OBJ_TYPE(mgr)->name);
            goto error;
        }
        Obj *exitf = special_lookup(mgr, id_str(async ? "__aexit__" : "__exit__"));
        if (!exitf) {
            if (!vm_err_occurred())
                vm_err_format(&exc_TypeError, async
                              ? "'%s' object does not support the asynchronous context manager "
                                "protocol (missed __aexit__ method)"
                              : "'%s' object does not support the context manager protocol "
                                "(missed __exit__ method)",
                              OBJ_TYPE(mgr)->name);
            DECREF(enter);
            goto error;
        }
        TOP() = exitf;
        DECREF(mgr);
        Obj *res = obj_call(enter, NULL, 0, NULL);
        DECREF(enter);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }
    TARGET(WITH_EXCEPT_START) {
        Obj *val = TOP(), *exit_func = PEEK(4);
        if (!EXC_CHECK(val)) {
            vm_err_set_str(&exc_SystemError, "WITH_EXCEPT_START without an exception");
            goto error;
        }
        Obj *tb = ((ExcObj *)val)->traceback;
        Obj *args[3] = {(Obj *)OBJ_TYPE(val), val, tb ? tb : NONE};
        Obj *res = obj_call(exit_func, args, 3, NULL);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    /* ---- exceptions ---- */
    TARGET(PUSH_EXC_INFO) {
        Obj *exc = TOP();
        Obj *prev = vm_exc_slot->value;
        vm_exc_slot->value = INCREF(exc);
        vm_exc_slot_changed();
        TOP() = prev ? prev : INCREF(NONE);
        PUSH(exc);
        DISPATCH();
    }
    TARGET(POP_EXCEPT) {
        Obj *v = POP();
        Obj *old = vm_exc_slot->value;
        if (v == NONE) {
            vm_exc_slot->value = NULL;
            DECREF(v);
        } else {
            vm_exc_slot->value = v;
        }
        vm_exc_slot_changed();
        XDECREF(old);
        DISPATCH();
    }
    TARGET(CHECK_EXC_MATCH) {
        Obj *type = TOP(), *exc = SECOND();
        if (check_exc_match_type(type) < 0)
            goto error;
        bool m = exc_matches(exc, type);
        TOP() = bool_from(m);
        DECREF(type);
        DISPATCH();
    }
    TARGET(CHECK_EG_MATCH) {
        Obj *type = TOP(), *exc = SECOND(), *match = NULL, *rest = NULL;
        if (check_except_star_type(type) < 0)
            goto error;
        if (exception_group_match(exc, type, &match, &rest) < 0)
            goto error;
        sp -= 2;
        DECREF(exc);
        DECREF(type);
        PUSH(rest);
        PUSH(match);
        if (match != NONE) {
            obj_setref(&vm_exc_slot->value, INCREF(match));
            vm_exc_slot_changed();
        }
        DISPATCH();
    }
    TARGET(LOAD_ASSERTION_ERROR) {
        PUSH(INCREF(&exc_AssertionError));
        DISPATCH();
    }
    TARGET(RAISE_VARARGS) {
        Obj *cause = NULL, *exc = NULL;
        switch (insn->arg) {
        case 2: cause = TOP(); exc = SECOND(); break;
        case 1: exc = TOP(); break;
        default: break;
        }
        if (!exc) {
            Obj *cur = vm_exc_info();
            if (!cur || cur == NONE) {
                vm_err_set_str(&exc_RuntimeError, "No active exception to reraise");
                goto error;
            }
            vm_err_restore(INCREF(cur));
            goto exception_unwind;
        }
        vm_err_raise(exc, cause);
        for (int i = 0; i < insn->arg; i++) {
            Obj *v = POP();
            DECREF(v);
        }
        goto error;
    }
    TARGET(RERAISE) {
        Obj *exc = POP();
        if (!EXC_CHECK(exc)) {
            DECREF(exc);
            vm_err_set_str(&exc_SystemError, "RERAISE without an exception");
            goto error;
        }
        if (insn->arg) {
            Obj *lasti = PEEK(insn->arg);
            int64_t unit;
            if (!lasti || !INT_CHECK(lasti) || int_as_i64(lasti, &unit) < 0 || unit < 0 ||
                unit > UINT32_MAX / 2) {
                vm_err_clear();
                DECREF(exc);
                vm_err_set_str(&exc_SystemError, "lasti is not an int");
                goto error;
            }
            int32_t k = code_index_at(f->code, (uint32_t)unit * 2);
            if (k >= 0)
                f->lasti = k;
        }
        vm_err_restore(exc);
        goto exception_unwind;
    }

    /* ---- imports ---- */
    TARGET(IMPORT_NAME) {
        Obj *fromlist = TOP(), *levelobj = SECOND(), *name = names[insn->arg], *res;
        int64_t level = 0;
        if (!INT_CHECK(levelobj) || int_as_i64(levelobj, &level) < 0 || level < 0 ||
            level > INT32_MAX) {
            if (!vm_err_occurred())
                vm_err_set_str(&exc_ValueError, "level must be >= 0");
            goto error;
        }
        Obj *imp = DICT_CHECK(f->builtins) ? dict_get_str_borrow(f->builtins, "__import__") : NULL;
        if (imp && IS_TYPE(imp, function_type)) {
            /* A Python-level __import__ override gets the classic call. */
            Obj *args[5] = {name, f->globals, f->locals ? f->locals : NONE, fromlist, levelobj};
            res = obj_call(imp, args, 5, NULL);
        } else {
            res = import_name(name, f->globals, fromlist, (int)level);
        }
        if (!res)
            goto error;
        sp -= 2;
        DECREF(levelobj);
        DECREF(fromlist);
        PUSH(res);
        DISPATCH();
    }
    TARGET(IMPORT_FROM) {
        Obj *res = import_from(TOP(), names[insn->arg]);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    /* ---- pattern matching ---- */
    TARGET(GET_LEN) {
        Ssize n = obj_length(TOP());
        if (n < 0)
            goto error;
        Obj *len = int_from_i64(n);
        if (!len)
            goto error;
        PUSH(len);
        DISPATCH();
    }
    TARGET(MATCH_MAPPING) {
        Obj *r = bool_from(type_has(OBJ_TYPE(TOP()), TPF_MAPPING));
        PUSH(r);
        DISPATCH();
    }
    TARGET(MATCH_SEQUENCE) {
        Obj *r = bool_from(type_has(OBJ_TYPE(TOP()), TPF_SEQUENCE));
        PUSH(r);
        DISPATCH();
    }
    TARGET(MATCH_KEYS) {
        Obj *keys = TOP(), *subject = SECOND();
        if (!TUPLE_CHECK(keys)) {
            vm_err_set_str(&exc_SystemError, "MATCH_KEYS without a tuple of keys");
            goto error;
        }
        Obj *values = match_keys(subject, keys);
        if (!values)
            goto error;
        PUSH(values);
        DISPATCH();
    }
    TARGET(MATCH_CLASS) {
        Obj *kw = TOP(), *type = SECOND(), *subject = THIRD();
        if (!TUPLE_CHECK(kw)) {
            vm_err_set_str(&exc_SystemError, "MATCH_CLASS without a tuple of names");
            goto error;
        }
        Obj *attrs = match_class(subject, type, insn->arg, kw);
        if (!attrs) {
            if (vm_err_occurred())
                goto error;
            attrs = INCREF(NONE);
        }
        sp -= 3;
        DECREF(subject);
        DECREF(type);
        DECREF(kw);
        PUSH(attrs);
        DISPATCH();
    }

#if !VM_COMPUTED_GOTO
    default:
        goto op_unknown;
    }
#endif

op_unknown:
    vm_err_format(&exc_SystemError, "unknown opcode %s", opcode_name((OpId)insn->op));
    goto error;

return_value: {
        /* retval holds the result of frame f. */
        Frame *done = f;
        Frame *parent = f->back;
        SAVE_FRAME();
        if (vm->trap && vm_return_hook)
            vm_return_hook(f, retval);
        leave_frame(done, FRAME_COMPLETED);
        if (done == entry)
            goto exit_return;
        f = parent;
        DECREF(done);
        LOAD_FRAME();
        PUSH(retval);
        retval = NULL;
        if (vm->interrupt) {
            vm->interrupt = 0;
            vm_err_set_obj(&exc_KeyboardInterrupt, NULL);
            goto error;
        }
        DISPATCH();
    }

error:
    kwnames = NULL;
    add_traceback(f);

exception_unwind: {
        int32_t cur = (int32_t)(insn - code);
        /* A debugger `kill` unwinds every frame without running handlers. */
        const VmHandler *h = vm->killing ? NULL : find_handler(f->code, cur);
        if (h) {
            Obj **newtop = FRAME_STACK_BASE(f) + h->depth;
            if (sp < newtop) {
                vm_err_set_str(&exc_SystemError, "exception table depth above the stack");
                h = NULL;
            } else {
                while (sp > newtop) {
                    Obj *v = POP();
                    XDECREF(v);
                }
                if (h->lasti) {
                    int32_t li = f->lasti >= 0 ? f->lasti : cur;
                    Obj *lasti = int_from_i64(code[li].offset / 2);
                    if (!lasti) {
                        h = NULL;
                    } else {
                        PUSH(lasti);
                    }
                }
                if (h) {
                    PUSH(vm_err_fetch());
                    JUMPTO(h->target);
                    DISPATCH();
                }
            }
        }
        /* No handler: the frame is done; its caller continues at `error`. */
        Frame *done = f;
        Frame *parent = f->back;
        SAVE_FRAME();
        leave_frame(done, FRAME_COMPLETED);
        if (done == entry) {
            retval = NULL;
            goto exit_return;
        }
        f = parent;
        DECREF(done);
        LOAD_FRAME();
        insn = &code[f->lasti];
        goto error;
    }

exit_return:
    c_nesting--;
    vm->c_depth -= 2;
    return retval;

#undef LOAD_FRAME
#undef SAVE_FRAME
#undef PUSH
#undef POP
#undef TOP
#undef SECOND
#undef THIRD
#undef PEEK
#undef JUMPTO
#undef TARGET
#undef DISPATCH
}
