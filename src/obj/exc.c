/* exc.c — the builtin exception types (one static TypeObj per row of
 * exc_types.def), BaseException's args / str / repr and its attributes
 * (__traceback__, __context__, __cause__, __suppress_context__, __notes__,
 * add_note, with_traceback), the subclasses with fields (StopIteration,
 * SystemExit, ImportError, OSError and its errno mapping, SyntaxError, the
 * Unicode errors, AttributeError, NameError) and BaseExceptionGroup /
 * ExceptionGroup (construction rules, derive, split, subgroup).
 *
 * Invariant: every field of an exception struct is NULL or a new reference;
 * getters show NULL as None.  __notes__ lives in the instance dict, as in
 * CPython (ExcObj.notes stays NULL).  The per-type specifics are patched into the
 * static types by exc_patch_types(), which type_ready() runs before readying
 * BaseException, so an exception type is never used half-filled.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "src/obj/objimpl.h"

/* `object` is the base of the first row. */
#define exc_object object_type
#define EXC(N, B)                                                               \
    TypeObj exc_##N = {                                                         \
        .base = TYPE_HEAD_INIT, .name = #N, .basicsize = sizeof(ExcObj),        \
        .flags = TPF_BASETYPE | TPF_GC, .tp_base = &exc_##B,                    \
        .dictoffset = offsetof(ExcObj, dict),                                   \
    };
#include "src/obj/exc_types.def"
#undef EXC

/* ---- BaseException ---------------------------------------------------------------- */

static Obj *args_tuple(Obj *const *args, Ssize nargs)
{
    return tuple_from_array(args, nargs);
}

static Obj *base_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)kwnames;
    ExcObj *e = (ExcObj *)obj_alloc(t, 0);
    if (!e) return NULL;
    e->args = args_tuple(args, nargs);
    if (!e->args) {
        DECREF(e);
        return NULL;
    }
    if (t == &exc_OSError || type_is_subtype(t, &exc_OSError)) ((OSErrorObj *)e)->written = -1;
    return (Obj *)e;
}

static int no_kw(Obj *self, Obj *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames)) {
        vm_err_format(&exc_TypeError, "%s() takes no keyword arguments", type_name(OBJ_TYPE(self)));
        return -1;
    }
    return 0;
}

static int base_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (no_kw(self, kwnames) < 0) return -1;
    Obj *t = args_tuple(args, nargs);
    if (!t) return -1;
    obj_setref(&((ExcObj *)self)->args, t);
    return 0;
}

static int base_traverse(Obj *o, VisitFn visit, void *arg)
{
    ExcObj *e = (ExcObj *)o;
    Obj *v[] = {e->dict, e->args, e->notes, e->traceback, e->context, e->cause};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        int r;
        if (v[i] && (r = visit(v[i], arg))) return r;
    }
    return 0;
}

static int base_clear(Obj *o)
{
    ExcObj *e = (ExcObj *)o;
    CLEAR(e->dict);
    CLEAR(e->args);
    CLEAR(e->notes);
    CLEAR(e->traceback);
    CLEAR(e->context);
    CLEAR(e->cause);
    return 0;
}

static void base_dealloc(Obj *o)
{
    /* In the trashcan, as 3.12's BaseException_dealloc: a long chain of
     * __context__ / __cause__ is released without deep C recursion. */
    int trash = trash_begin(o, base_dealloc);
    if (trash > 0)
        return;
    base_clear(o);
    obj_free(o);
    if (trash == 0)
        trash_end();
}

static Obj *base_str(Obj *o)
{
    Obj *a = ((ExcObj *)o)->args;
    if (!a || TUPLE_LEN(a) == 0) return str_from_cstr("");
    if (TUPLE_LEN(a) == 1) return obj_str(TUPLE_ITEMS(a)[0]);
    return obj_str(a);
}

static Obj *base_repr(Obj *o)
{
    Obj *a = ((ExcObj *)o)->args;
    const char *n = type_name(OBJ_TYPE(o));
    if (a && TUPLE_LEN(a) == 1) return core_fmt("%s(%R)", n, TUPLE_ITEMS(a)[0]);
    if (!a || TUPLE_LEN(a) == 0) return core_fmt("%s()", n);
    return core_fmt("%s%R", n, a);
}

static Obj *get_args(Obj *o, void *c)
{
    (void)c;
    Obj *a = ((ExcObj *)o)->args;
    return a ? INCREF(a) : tuple_new(0);
}

static int set_args(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "args may not be deleted");
        return -1;
    }
    Obj *t = seq_to_tuple(v);
    if (!t) return -1;
    obj_setref(&((ExcObj *)o)->args, t);
    return 0;
}

static Obj *get_traceback(Obj *o, void *c)
{
    (void)c;
    Obj *t = ((ExcObj *)o)->traceback;
    return INCREF(t ? t : NONE);
}

static int set_traceback(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (v != NONE && !IS_TYPE(v, traceback_type)) {
        vm_err_set_str(&exc_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    obj_setref(&((ExcObj *)o)->traceback, v == NONE ? NULL : INCREF(v));
    return 0;
}

static Obj *get_context(Obj *o, void *c)
{
    (void)c;
    Obj *x = ((ExcObj *)o)->context;
    return INCREF(x ? x : NONE);
}

static int set_context(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "__context__ may not be deleted");
        return -1;
    }
    if (v != NONE && !EXC_CHECK(v)) {
        vm_err_set_str(&exc_TypeError, "exception context must be None or derive from BaseException");
        return -1;
    }
    obj_setref(&((ExcObj *)o)->context, v == NONE ? NULL : INCREF(v));
    return 0;
}

static Obj *get_cause(Obj *o, void *c)
{
    (void)c;
    Obj *x = ((ExcObj *)o)->cause;
    return INCREF(x ? x : NONE);
}

static int set_cause(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "__cause__ may not be deleted");
        return -1;
    }
    if (v != NONE && !EXC_CHECK(v)) {
        vm_err_set_str(&exc_TypeError, "exception cause must be None or derive from BaseException");
        return -1;
    }
    ExcObj *e = (ExcObj *)o;
    e->suppress_context = true;
    obj_setref(&e->cause, v == NONE ? NULL : INCREF(v));
    return 0;
}

static Obj *get_suppress(Obj *o, void *c)
{
    (void)c;
    return bool_from(((ExcObj *)o)->suppress_context);
}

static int set_suppress(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "can't delete numeric/char attribute");
        return -1;
    }
    int t = obj_is_true(v);
    if (t < 0) return -1;
    ((ExcObj *)o)->suppress_context = t;
    return 0;
}

static Obj *get_dict(Obj *o, void *c)
{
    (void)c;
    ExcObj *e = (ExcObj *)o;
    if (!e->dict && !(e->dict = dict_new())) return NULL;
    return INCREF(e->dict);
}

static int set_dict(Obj *o, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_TypeError, "__dict__ may not be deleted");
        return -1;
    }
    if (!DICT_CHECK(v)) {
        vm_err_set_str(&exc_TypeError, "__dict__ must be a dictionary");
        return -1;
    }
    obj_setref(&((ExcObj *)o)->dict, INCREF(v));
    return 0;
}

static GetSetDef base_getset[] = {
    {"__dict__", get_dict, set_dict, NULL, NULL},
    {"args", get_args, set_args, NULL, NULL},
    {"__traceback__", get_traceback, set_traceback, NULL, NULL},
    {"__context__", get_context, set_context, "exception context", NULL},
    {"__cause__", get_cause, set_cause, "exception cause", NULL},
    {"__suppress_context__", get_suppress, set_suppress, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *m_with_traceback(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    if (set_traceback(self, a[0], NULL) < 0) return NULL;
    return INCREF(self);
}

static Obj *m_add_note(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    Obj *note = a[0];
    if (!STR_CHECK(note)) {
        vm_err_format(&exc_TypeError, "note must be a str, not '%s'", type_name(OBJ_TYPE(note)));
        return NULL;
    }
    Obj *notes;
    int r = obj_lookup_attr(self, id_str("__notes__"), &notes);
    if (r < 0) return NULL;
    if (r == 0) {
        notes = list_new(0);
        if (!notes) return NULL;
        if (obj_setattr(self, id_str("__notes__"), notes) < 0) {
            DECREF(notes);
            return NULL;
        }
    } else if (!LIST_CHECK(notes)) {
        DECREF(notes);
        vm_err_set_str(&exc_TypeError, "Cannot add note: __notes__ is not a list");
        return NULL;
    }
    r = list_append(notes, note);
    DECREF(notes);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *m_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    ExcObj *e = (ExcObj *)self;
    Obj *args = e->args ? e->args : NONE;
    if (e->dict && dict_len(e->dict) > 0) return tuple_pack(3, (Obj *)OBJ_TYPE(self), args, e->dict);
    return tuple_pack(2, (Obj *)OBJ_TYPE(self), args);
}

static Obj *m_setstate(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    Obj *st = a[0];
    if (st == NONE) return INCREF(NONE);
    if (!DICT_CHECK(st)) {
        vm_err_set_str(&exc_TypeError, "state is not a dictionary");
        return NULL;
    }
    Ssize pos = 0;
    Obj *k, *v;
    while (dict_next(st, &pos, &k, &v))
        if (obj_setattr(self, k, v) < 0) return NULL;
    return INCREF(NONE);
}

static MethodDef base_methods[] = {
    {"__reduce__", m_reduce, METH_NOARGS, NULL},
    {"__setstate__", m_setstate, METH_O, NULL},
    {"with_traceback", m_with_traceback, METH_O,
     "Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self."},
    {"add_note", m_add_note, METH_O,
     "Exception.add_note(note) --\n    add a note to the exception"},
    {NULL, NULL, 0, NULL},
};

/* ---- field helpers for subclasses ------------------------------------------------- */

#define FIELD(T, f) ((void *)offsetof(T, f))
static Obj *field_get(Obj *o, void *c)
{
    Obj *v = *(Obj **)((char *)o + (uintptr_t)c);
    return INCREF(v ? v : NONE);
}
static int field_set(Obj *o, Obj *v, void *c)
{
    Obj **slot = (Obj **)((char *)o + (uintptr_t)c);
    obj_setref(slot, xincref(v));
    return 0;
}

/* Traverse / clear of the fields between the ExcObj header and basicsize. */
static int fields_traverse(Obj *o, VisitFn visit, void *arg)
{
    int r = base_traverse(o, visit, arg);
    if (r) return r;
    TypeObj *t = OBJ_TYPE(o);
    while (t->flags & TPF_HEAPTYPE) t = t->tp_base;
    size_t end = (size_t)t->basicsize;
    if (type_is_subtype(t, &exc_OSError)) end = offsetof(OSErrorObj, written);
    for (size_t off = sizeof(ExcObj); off + sizeof(Obj *) <= end; off += sizeof(Obj *)) {
        Obj *v = *(Obj **)((char *)o + off);
        if (v && (r = visit(v, arg))) return r;
    }
    return 0;
}

static int fields_clear(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    while (t->flags & TPF_HEAPTYPE) t = t->tp_base;
    size_t end = (size_t)t->basicsize;
    if (type_is_subtype(t, &exc_OSError)) end = offsetof(OSErrorObj, written);
    for (size_t off = sizeof(ExcObj); off + sizeof(Obj *) <= end; off += sizeof(Obj *))
        CLEAR(*(Obj **)((char *)o + off));
    return base_clear(o);
}

static void fields_dealloc(Obj *o)
{
    int trash = trash_begin(o, fields_dealloc);   /* as base_dealloc */
    if (trash > 0)
        return;
    fields_clear(o);
    obj_free(o);
    if (trash == 0)
        trash_end();
}

/* Parse keyword arguments by name into fields; unknown ones are an error
 * in CPython's words for that type. */
static int take_kw(Obj *self, Obj *const *kwvals, Obj *kwnames, const char *const *names,
                   Obj **out, int nnames, const char *tname)
{
    for (int i = 0; i < nnames; i++) out[i] = NULL;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize k = 0; k < nkw; k++) {
        Obj *kn = TUPLE_ITEMS(kwnames)[k];
        int i;
        for (i = 0; i < nnames; i++)
            if (str_eq_cstr(kn, names[i])) break;
        if (i == nnames) {
            vm_err_format(&exc_TypeError, "'%U' is an invalid keyword argument for %s()", kn,
                          tname ? tname : type_name(OBJ_TYPE(self)));
            return -1;
        }
        out[i] = kwvals[k];
    }
    return 0;
}

/* ---- StopIteration, SystemExit, KeyError ------------------------------------------- */

static int stopiter_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (base_init(self, args, nargs, kwnames) < 0) return -1;
    obj_setref(&((StopIterationObj *)self)->value, INCREF(nargs > 0 ? args[0] : NONE));
    return 0;
}
static GetSetDef stopiter_getset[] = {
    {"value", field_get, field_set, "generator return value", FIELD(StopIterationObj, value)},
    {NULL, NULL, NULL, NULL, NULL},
};

static int sysexit_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (base_init(self, args, nargs, kwnames) < 0) return -1;
    Obj *code = nargs == 0 ? INCREF(NONE) : nargs == 1 ? INCREF(args[0]) : INCREF(((ExcObj *)self)->args);
    obj_setref(&((SystemExitObj *)self)->code, code);
    return 0;
}
static GetSetDef sysexit_getset[] = {
    {"code", field_get, field_set, "exception code", FIELD(SystemExitObj, code)},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *keyerror_str(Obj *o)
{
    Obj *a = ((ExcObj *)o)->args;
    if (a && TUPLE_LEN(a) == 1) return obj_repr(TUPLE_ITEMS(a)[0]);
    return base_str(o);
}

/* ---- ImportError ---------------------------------------------------------------------- */

static int import_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"name", "path", "name_from"};
    Obj *kv[3];
    if (take_kw(self, args ? args + nargs : NULL, kwnames, names, kv, 3, NULL) < 0) return -1;
    if (base_init(self, args, nargs, NULL) < 0) return -1;
    ImportErrorObj *e = (ImportErrorObj *)self;
    obj_setref(&e->name, xincref(kv[0]));
    obj_setref(&e->path, xincref(kv[1]));
    obj_setref(&e->name_from, xincref(kv[2]));
    obj_setref(&e->msg, nargs == 1 ? INCREF(args[0]) : NULL);
    return 0;
}

static Obj *import_str(Obj *o)
{
    ImportErrorObj *e = (ImportErrorObj *)o;
    if (e->msg && STR_CHECK(e->msg)) return INCREF(e->msg);
    return base_str(o);
}

static GetSetDef import_getset[] = {
    {"msg", field_get, field_set, "exception message", FIELD(ImportErrorObj, msg)},
    {"name", field_get, field_set, "module name", FIELD(ImportErrorObj, name)},
    {"path", field_get, field_set, "module path", FIELD(ImportErrorObj, path)},
    {"name_from", field_get, field_set, "name imported from module", FIELD(ImportErrorObj, name_from)},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- OSError ---------------------------------------------------------------------------- */

static TypeObj *errno_subclass(int e)
{
    switch (e) {
    case EAGAIN: case EALREADY: case EINPROGRESS:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
        return &exc_BlockingIOError;
    case ECHILD: return &exc_ChildProcessError;
    case EPIPE: case ESHUTDOWN: return &exc_BrokenPipeError;
    case ECONNABORTED: return &exc_ConnectionAbortedError;
    case ECONNREFUSED: return &exc_ConnectionRefusedError;
    case ECONNRESET: return &exc_ConnectionResetError;
    case EEXIST: return &exc_FileExistsError;
    case ENOENT: return &exc_FileNotFoundError;
    case EISDIR: return &exc_IsADirectoryError;
    case ENOTDIR: return &exc_NotADirectoryError;
    case EINTR: return &exc_InterruptedError;
    case EACCES: case EPERM: return &exc_PermissionError;
    case ESRCH: return &exc_ProcessLookupError;
    case ETIMEDOUT: return &exc_TimeoutError;
    default: return NULL;
    }
}

static Obj *oserror_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    /* OSError(errno, …) picks the subclass of that errno. */
    if (t == &exc_OSError && nargs >= 2 && INT_CHECK(args[0])) {
        int64_t e;
        if (int_as_i64(args[0], &e) == 0) {
            TypeObj *sub = e >= INT32_MIN && e <= INT32_MAX ? errno_subclass((int)e) : NULL;
            if (sub) t = sub;
        } else {
            vm_err_clear();
        }
    }
    Obj *o = base_new(t, args, nargs, kwnames);
    if (!o) return NULL;
    OSErrorObj *e = (OSErrorObj *)o;
    if (nargs >= 2 && nargs <= 5) {
        e->myerrno = INCREF(args[0]);
        e->strerror = INCREF(args[1]);
        if (nargs >= 3 && args[2] != NONE) {
            e->filename = INCREF(args[2]);
            if (nargs >= 5 && args[4] != NONE) e->filename2 = INCREF(args[4]);
            if (t == &exc_BlockingIOError || type_is_subtype(t, &exc_BlockingIOError)) {
                /* BlockingIOError(errno, strerror, characters_written) */
                if (nargs == 3 && INT_CHECK(args[2])) {
                    int64_t w;
                    if (int_as_i64(args[2], &w) == 0) e->written = (Ssize)w;
                    else vm_err_clear();
                    CLEAR(e->filename);
                }
            }
            Obj *a = tuple_pack(2, args[0], args[1]);
            if (!a) {
                DECREF(o);
                return NULL;
            }
            obj_setref(&e->e.args, a);
        }
    }
    return o;
}

static int oserror_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)self; (void)args; (void)nargs;
    if (no_kw(self, kwnames) < 0) return -1;
    return 0;
}

static Obj *oserror_str(Obj *o)
{
    OSErrorObj *e = (OSErrorObj *)o;
    if (e->filename) {
        if (e->filename2)
            return core_fmt("[Errno %S] %S: %R -> %R", e->myerrno ? e->myerrno : NONE,
                            e->strerror ? e->strerror : NONE, e->filename, e->filename2);
        return core_fmt("[Errno %S] %S: %R", e->myerrno ? e->myerrno : NONE,
                        e->strerror ? e->strerror : NONE, e->filename);
    }
    if (e->myerrno && e->strerror) return core_fmt("[Errno %S] %S", e->myerrno, e->strerror);
    return base_str(o);
}

static Obj *oserror_get_written(Obj *o, void *c)
{
    (void)c;
    OSErrorObj *e = (OSErrorObj *)o;
    if (e->written < 0) {
        vm_err_set_str(&exc_AttributeError, "characters_written");
        return NULL;
    }
    return int_from_i64(e->written);
}

static int oserror_set_written(Obj *o, Obj *v, void *c)
{
    (void)c;
    OSErrorObj *e = (OSErrorObj *)o;
    if (!v) {
        if (e->written < 0) {
            vm_err_set_str(&exc_AttributeError, "characters_written");
            return -1;
        }
        e->written = -1;
        return 0;
    }
    Ssize n = num_as_ssize(v, &exc_ValueError);
    if (n == -1 && vm_err_occurred()) return -1;
    e->written = n;
    return 0;
}

static GetSetDef oserror_getset[] = {
    {"errno", field_get, field_set, "POSIX exception code", FIELD(OSErrorObj, myerrno)},
    {"strerror", field_get, field_set, "exception strerror", FIELD(OSErrorObj, strerror)},
    {"filename", field_get, field_set, "exception filename", FIELD(OSErrorObj, filename)},
    {"filename2", field_get, field_set, "second exception filename", FIELD(OSErrorObj, filename2)},
    {"characters_written", oserror_get_written, oserror_set_written, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- SyntaxError ------------------------------------------------------------------------- */

static int syntax_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (base_init(self, args, nargs, kwnames) < 0) return -1;
    SyntaxErrorObj *e = (SyntaxErrorObj *)self;
    if (nargs >= 1) obj_setref(&e->msg, INCREF(args[0]));
    if (nargs == 2) {
        Obj *info = seq_to_tuple(args[1]);
        if (!info) return -1;
        Ssize n = TUPLE_LEN(info);
        if (n < 4 || n > 6) {
            DECREF(info);
            vm_err_set_str(&exc_IndexError, "tuple index out of range");
            return -1;
        }
        Obj **slots[] = {&e->filename, &e->lineno, &e->offset, &e->text, &e->end_lineno, &e->end_offset};
        for (Ssize i = 0; i < n; i++) obj_setref(slots[i], INCREF(TUPLE_ITEMS(info)[i]));
        DECREF(info);
    }
    return 0;
}

static Obj *syntax_str(Obj *o)
{
    SyntaxErrorObj *e = (SyntaxErrorObj *)o;
    Obj *msg = e->msg ? e->msg : NONE;
    Obj *fname = NULL;
    if (e->filename && STR_CHECK(e->filename)) {
        /* basename: the part after the last '/' */
        Ssize n = VAR_SIZE(e->filename), i = n;
        while (i > 0 && str_char(e->filename, i - 1) != '/') i--;
        fname = str_substr(e->filename, i, n);
        if (!fname) return NULL;
    }
    bool have_line = e->lineno && INT_CHECK(e->lineno);
    Obj *r;
    if (fname && have_line) r = core_fmt("%S (%U, line %S)", msg, fname, e->lineno);
    else if (fname) r = core_fmt("%S (%U)", msg, fname);
    else if (have_line) r = core_fmt("%S (line %S)", msg, e->lineno);
    else r = obj_str(msg);
    XDECREF(fname);
    return r;
}

static GetSetDef syntax_getset[] = {
    {"msg", field_get, field_set, "exception msg", FIELD(SyntaxErrorObj, msg)},
    {"filename", field_get, field_set, "exception filename", FIELD(SyntaxErrorObj, filename)},
    {"lineno", field_get, field_set, "exception lineno", FIELD(SyntaxErrorObj, lineno)},
    {"offset", field_get, field_set, "exception offset", FIELD(SyntaxErrorObj, offset)},
    {"text", field_get, field_set, "exception text", FIELD(SyntaxErrorObj, text)},
    {"end_lineno", field_get, field_set, "exception end lineno", FIELD(SyntaxErrorObj, end_lineno)},
    {"end_offset", field_get, field_set, "exception end offset", FIELD(SyntaxErrorObj, end_offset)},
    {"print_file_and_line", field_get, field_set, "exception print_file_and_line",
     FIELD(SyntaxErrorObj, print_file_and_line)},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- Unicode errors ------------------------------------------------------------------------ */

static int unicode_init_common(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, int kind)
{
    /* kind 0: decode (str, bytes-like, int, int, str); 1: encode (str, str, …);
     * 2: translate (str, int, int, str). */
    if (base_init(self, args, nargs, kwnames) < 0) return -1;
    UnicodeErrorObj *e = (UnicodeErrorObj *)self;
    Ssize need = kind == 2 ? 4 : 5;
    const char *fn = kind == 0 ? "UnicodeDecodeError" : kind == 1 ? "UnicodeEncodeError"
                                                                   : "UnicodeTranslateError";
    if (nargs != need) {
        vm_err_format(&exc_TypeError, "function takes exactly %zd arguments (%zd given)", need, nargs);
        return -1;
    }
    Ssize i = 0;
    if (kind != 2) {
        if (!STR_CHECK(args[0])) {
            vm_err_format(&exc_TypeError, "%s() argument 1 must be str, not %s", fn,
                          type_name(OBJ_TYPE(args[0])));
            return -1;
        }
        obj_setref(&e->encoding, INCREF(args[i++]));
    }
    Obj *obj = args[i++];
    if (kind == 0) {
        if (!BYTES_CHECK(obj) && !IS_TYPE(obj, bytearray_type)) {
            vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'",
                          type_name(OBJ_TYPE(obj)));
            return -1;
        }
        if (IS_TYPE(obj, bytearray_type)) {
            obj = bytes_from(((ByteArrayObj *)obj)->data, VAR_SIZE(obj));
            if (!obj) return -1;
        } else {
            INCREF(obj);
        }
    } else {
        if (!STR_CHECK(obj)) {
            vm_err_format(&exc_TypeError, "%s() argument %zd must be str, not %s", fn, i,
                          type_name(OBJ_TYPE(obj)));
            return -1;
        }
        INCREF(obj);
    }
    obj_setref(&e->object, obj);
    for (int k = 0; k < 2; k++) {
        Obj *v = args[i++];
        if (!INT_CHECK(v)) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(v)));
            return -1;
        }
        obj_setref(k == 0 ? &e->start : &e->end, INCREF(v));
    }
    Obj *reason = args[i];
    if (!STR_CHECK(reason)) {
        vm_err_format(&exc_TypeError, "%s() argument %zd must be str, not %s", fn, i + 1,
                      type_name(OBJ_TYPE(reason)));
        return -1;
    }
    obj_setref(&e->reason, INCREF(reason));
    return 0;
}

static int udecode_init(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return unicode_init_common(s, a, n, kw, 0); }
static int uencode_init(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return unicode_init_common(s, a, n, kw, 1); }
static int utranslate_init(Obj *s, Obj *const *a, Ssize n, Obj *kw) { return unicode_init_common(s, a, n, kw, 2); }

static Ssize int_or(Obj *o, Ssize dflt)
{
    int64_t v;
    if (!o || !INT_CHECK(o)) return dflt;
    if (int_as_i64(o, &v) < 0) {
        vm_err_clear();
        return dflt;
    }
    return (Ssize)v;
}

static Obj *char_escape(uint32_t c)
{
    if (c < 0x100) return core_fmt("\\x%02x", (unsigned)c);
    if (c < 0x10000) return core_fmt("\\u%04x", (unsigned)c);
    return core_fmt("\\U%08x", (unsigned)c);
}

static Obj *udecode_str(Obj *o)
{
    UnicodeErrorObj *e = (UnicodeErrorObj *)o;
    if (!e->object || !e->encoding || !e->reason) return str_from_cstr("");
    Ssize start = int_or(e->start, 0), end = int_or(e->end, 0), len = VAR_SIZE(e->object);
    if (start < 0) start = 0;
    if (start >= len && len > 0) start = len - 1;
    if (end < 1) end = 1;
    if (end > len) end = len;
    if (end == start + 1 && start < len)
        return core_fmt("'%U' codec can't decode byte 0x%02x in position %zd: %U", e->encoding,
                        (unsigned)BYTES_DATA(e->object)[start], start, e->reason);
    return core_fmt("'%U' codec can't decode bytes in position %zd-%zd: %U", e->encoding, start,
                    end - 1, e->reason);
}

static Obj *uencode_like_str(Obj *o, bool translate)
{
    UnicodeErrorObj *e = (UnicodeErrorObj *)o;
    if (!e->object || !e->reason || (!translate && !e->encoding)) return str_from_cstr("");
    Ssize start = int_or(e->start, 0), end = int_or(e->end, 0), len = VAR_SIZE(e->object);
    if (start < 0) start = 0;
    if (start >= len && len > 0) start = len - 1;
    if (end < 1) end = 1;
    if (end > len) end = len;
    if (end == start + 1 && start < len) {
        Obj *esc = char_escape(str_char(e->object, start));
        if (!esc) return NULL;
        Obj *r = translate
                     ? core_fmt("can't translate character '%U' in position %zd: %U", esc, start, e->reason)
                     : core_fmt("'%U' codec can't encode character '%U' in position %zd: %U",
                                e->encoding, esc, start, e->reason);
        DECREF(esc);
        return r;
    }
    if (translate)
        return core_fmt("can't translate characters in position %zd-%zd: %U", start, end - 1, e->reason);
    return core_fmt("'%U' codec can't encode characters in position %zd-%zd: %U", e->encoding,
                    start, end - 1, e->reason);
}
static Obj *uencode_str(Obj *o) { return uencode_like_str(o, false); }
static Obj *utranslate_str(Obj *o) { return uencode_like_str(o, true); }

static GetSetDef unicode_getset[] = {
    {"encoding", field_get, field_set, "exception encoding", FIELD(UnicodeErrorObj, encoding)},
    {"object", field_get, field_set, "exception object", FIELD(UnicodeErrorObj, object)},
    {"start", field_get, field_set, "exception start", FIELD(UnicodeErrorObj, start)},
    {"end", field_get, field_set, "exception end", FIELD(UnicodeErrorObj, end)},
    {"reason", field_get, field_set, "exception reason", FIELD(UnicodeErrorObj, reason)},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- AttributeError, NameError ----------------------------------------------------------------- */

static int attrerr_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"name", "obj"};
    Obj *kv[2];
    if (take_kw(self, args ? args + nargs : NULL, kwnames, names, kv, 2, NULL) < 0) return -1;
    if (base_init(self, args, nargs, NULL) < 0) return -1;
    AttributeErrorObj *e = (AttributeErrorObj *)self;
    obj_setref(&e->name, xincref(kv[0]));
    obj_setref(&e->obj, xincref(kv[1]));
    return 0;
}
static GetSetDef attrerr_getset[] = {
    {"name", field_get, field_set, "attribute name", FIELD(AttributeErrorObj, name)},
    {"obj", field_get, field_set, "object", FIELD(AttributeErrorObj, obj)},
    {NULL, NULL, NULL, NULL, NULL},
};

static int nameerr_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    static const char *const names[] = {"name"};
    Obj *kv[1];
    if (take_kw(self, args ? args + nargs : NULL, kwnames, names, kv, 1, NULL) < 0) return -1;
    if (base_init(self, args, nargs, NULL) < 0) return -1;
    obj_setref(&((NameErrorObj *)self)->name, xincref(kv[0]));
    return 0;
}
static GetSetDef nameerr_getset[] = {
    {"name", field_get, field_set, "name", FIELD(NameErrorObj, name)},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- BaseExceptionGroup / ExceptionGroup ---------------------------------------------------------- */

static Obj *eg_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (kwnames && TUPLE_LEN(kwnames)) {
        vm_err_format(&exc_TypeError, "%s() takes no keyword arguments", type_name(t));
        return NULL;
    }
    if (nargs != 2) {
        vm_err_format(&exc_TypeError, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%zd given)",
                      nargs);
        return NULL;
    }
    Obj *msg = args[0], *seq = args[1];
    if (!STR_CHECK(msg)) {
        vm_err_format(&exc_TypeError, "BaseExceptionGroup.__new__() argument 1 must be str, not %s",
                      type_name(OBJ_TYPE(msg)));
        return NULL;
    }
    TypeObj *st = OBJ_TYPE(seq);
    bool is_seq = (st->as_sequence && st->as_sequence->item) && !DICT_CHECK(seq);
    if (!is_seq) {
        vm_err_set_str(&exc_TypeError, "second argument (exceptions) must be a sequence");
        return NULL;
    }
    Obj *excs = seq_to_tuple(seq);
    if (!excs) return NULL;
    Ssize n = TUPLE_LEN(excs);
    if (n == 0) {
        DECREF(excs);
        vm_err_set_str(&exc_ValueError, "second argument (exceptions) must be a non-empty sequence");
        return NULL;
    }
    bool nested_base = false;
    for (Ssize i = 0; i < n; i++) {
        Obj *x = TUPLE_ITEMS(excs)[i];
        if (!EXC_CHECK(x)) {
            DECREF(excs);
            vm_err_format(&exc_ValueError, "Item %zd of second argument (exceptions) is not an exception",
                          i);
            return NULL;
        }
        if (!type_is_subtype(OBJ_TYPE(x), &exc_Exception)) nested_base = true;
    }
    if (t == &exc_BaseExceptionGroup) {
        if (!nested_base) t = &exc_ExceptionGroup;
    } else if (t == &exc_ExceptionGroup) {
        if (nested_base) {
            DECREF(excs);
            vm_err_set_str(&exc_TypeError, "Cannot nest BaseExceptions in an ExceptionGroup");
            return NULL;
        }
    } else if (nested_base && !type_is_subtype(t, &exc_Exception) == false) {
        DECREF(excs);
        vm_err_format(&exc_TypeError, "Cannot nest BaseExceptions in '%s'", type_name(t));
        return NULL;
    }
    Obj *o = base_new(t, args, nargs, NULL);
    if (!o) {
        DECREF(excs);
        return NULL;
    }
    ExceptionGroupObj *g = (ExceptionGroupObj *)o;
    g->msg = INCREF(msg);
    g->excs = excs;
    return o;
}

static int eg_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (no_kw(self, kwnames) < 0) return -1;
    return base_init(self, args, nargs, NULL);
}

static Obj *eg_str(Obj *o)
{
    ExceptionGroupObj *g = (ExceptionGroupObj *)o;
    Ssize n = g->excs ? TUPLE_LEN(g->excs) : 0;
    return core_fmt("%S (%zd sub-exception%s)", g->msg ? g->msg : NONE, n, n > 1 ? "s" : "");
}

static Obj *eg_derive(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    ExceptionGroupObj *g = (ExceptionGroupObj *)self;
    Obj *args[2] = {g->msg ? g->msg : NONE, a[0]};
    return obj_call((Obj *)&exc_BaseExceptionGroup, args, 2, NULL);
}

/* Copy traceback, cause, context and notes onto a derived group. */
static int copy_metadata(Obj *from, Obj *to)
{
    ExcObj *f = (ExcObj *)from, *t = (ExcObj *)to;
    obj_setref(&t->traceback, xincref(f->traceback));
    obj_setref(&t->cause, xincref(f->cause));
    obj_setref(&t->context, xincref(f->context));
    t->suppress_context = f->suppress_context;
    /* __notes__ lives in the instance dict (as in 3.12): a sequence is copied. */
    Obj *notes;
    int r = obj_lookup_attr(from, id_str("__notes__"), &notes);
    if (r <= 0) return r;
    TypeObj *nt = OBJ_TYPE(notes);
    if (nt->as_sequence && nt->as_sequence->item && !DICT_CHECK(notes)) {
        Obj *c = seq_to_list(notes);
        r = c ? obj_setattr(to, id_str("__notes__"), c) : -1;
        XDECREF(c);
    }
    DECREF(notes);
    return r;
}

enum { MATCH_TYPE, MATCH_PRED, MATCH_INSTANCE };

static int match_kind(Obj *cond, int *kind)
{
    if (TYPE_CHECK(cond) && type_is_subtype((TypeObj *)cond, &exc_BaseException)) {
        *kind = MATCH_TYPE;
        return 0;
    }
    if (TUPLE_CHECK(cond)) {
        bool ok = true;
        for (Ssize i = 0; i < TUPLE_LEN(cond); i++) {
            Obj *x = TUPLE_ITEMS(cond)[i];
            if (!TYPE_CHECK(x) || !type_is_subtype((TypeObj *)x, &exc_BaseException)) ok = false;
        }
        if (ok) {
            *kind = MATCH_TYPE;
            return 0;
        }
    }
    if (OBJ_TYPE(cond)->call) {
        *kind = MATCH_PRED;
        return 0;
    }
    vm_err_set_str(&exc_TypeError, "expected an exception type, a tuple of exception types, or a callable (other than a class)");
    return -1;
}

static int matches(Obj *exc, Obj *cond, int kind)
{
    if (kind == MATCH_TYPE) return obj_isinstance(exc, cond);
    if (kind == MATCH_INSTANCE) return exc == cond;
    Obj *r = obj_call(cond, &exc, 1, NULL);
    if (!r) return -1;
    int t = obj_is_true(r);
    DECREF(r);
    return t;
}

/* split into (match, rest); either may be NULL (None). */
static int eg_split_rec(Obj *exc, Obj *cond, int kind, bool want_rest, Obj **match, Obj **rest)
{
    *match = *rest = NULL;
    int m = matches(exc, cond, kind);
    if (m < 0) return -1;
    if (m) {
        *match = INCREF(exc);
        return 0;
    }
    if (!type_is_subtype(OBJ_TYPE(exc), &exc_BaseExceptionGroup)) {
        if (want_rest) *rest = INCREF(exc);
        return 0;
    }
    ExceptionGroupObj *g = (ExceptionGroupObj *)exc;
    Obj *ml = list_new(0), *rl = want_rest ? list_new(0) : NULL;
    if (!ml || (want_rest && !rl)) goto fail;
    for (Ssize i = 0; i < TUPLE_LEN(g->excs); i++) {
        Obj *sm, *sr;
        if (eg_split_rec(TUPLE_ITEMS(g->excs)[i], cond, kind, want_rest, &sm, &sr) < 0) goto fail;
        int r = 0;
        if (sm) r = list_append(ml, sm);
        if (sr && r == 0) r = list_append(rl, sr);
        XDECREF(sm);
        XDECREF(sr);
        if (r < 0) goto fail;
    }
    Obj *lists[2] = {ml, rl};
    Obj **outs[2] = {match, rest};
    for (int k = 0; k < 2; k++) {
        if (!lists[k] || LIST_LEN(lists[k]) == 0) continue;
        Obj *d = obj_call_method(exc, "derive", &lists[k], 1);
        if (!d) goto fail;
        if (!EXC_CHECK(d)) {
            vm_err_format(&exc_TypeError, "derive must return an instance of BaseExceptionGroup");
            DECREF(d);
            goto fail;
        }
        if (copy_metadata(exc, d) < 0) {
            DECREF(d);
            goto fail;
        }
        *outs[k] = d;
    }
    XDECREF(ml);
    XDECREF(rl);
    return 0;
fail:
    XDECREF(ml);
    XDECREF(rl);
    CLEAR(*match);
    CLEAR(*rest);
    return -1;
}

static Obj *eg_split(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int kind;
    if (match_kind(a[0], &kind) < 0) return NULL;
    Obj *m, *r;
    if (eg_split_rec(self, a[0], kind, true, &m, &r) < 0) return NULL;
    Obj *t = tuple_pack(2, m ? m : NONE, r ? r : NONE);
    XDECREF(m);
    XDECREF(r);
    return t;
}

static Obj *eg_subgroup(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int kind;
    if (match_kind(a[0], &kind) < 0) return NULL;
    Obj *m, *r;
    if (eg_split_rec(self, a[0], kind, false, &m, &r) < 0) return NULL;
    XDECREF(r);
    return m ? m : INCREF(NONE);
}

static Obj *eg_get_exceptions(Obj *o, void *c)
{
    (void)c;
    ExceptionGroupObj *g = (ExceptionGroupObj *)o;
    return INCREF(g->excs ? g->excs : NONE);
}

static Obj *none_getter_exc(Obj *o, void *c)
{
    (void)o; (void)c;
    return INCREF(NONE);
}

static Obj *eg_class_getitem(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return INCREF(cls);
}

static GetSetDef eg_getset[] = {
    {"message", field_get, NULL, "exception message", FIELD(ExceptionGroupObj, msg)},
    {"exceptions", eg_get_exceptions, NULL, "nested exceptions", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static MethodDef eg_methods[] = {
    {"derive", eg_derive, METH_O, NULL},
    {"split", eg_split, METH_O, NULL},
    {"subgroup", eg_subgroup, METH_O, NULL},
    {"__class_getitem__", eg_class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static GetSetDef eg_weakref_getset[] = {
    {"__weakref__", none_getter_exc, NULL, "list of weak references to the object", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- wiring ------------------------------------------------------------------------------------------ */

static void set_fields(TypeObj *t, Ssize size, GetSetDef *gs)
{
    t->basicsize = size;
    t->getset = gs;
    t->traverse = fields_traverse;
    t->clear = fields_clear;
    t->dealloc = fields_dealloc;
}

static bool patched;

void exc_patch_types(void)
{
    if (patched) return;
    patched = true;
    TypeObj *b = &exc_BaseException;
    b->new_ = base_new;
    b->init = base_init;
    b->dealloc = base_dealloc;
    b->traverse = base_traverse;
    b->clear = base_clear;
    b->repr = base_repr;
    b->str = base_str;
    b->getset = base_getset;
    b->methods = base_methods;
    b->doc = "Common base class for all exceptions";

    set_fields(&exc_StopIteration, sizeof(StopIterationObj), stopiter_getset);
    exc_StopIteration.init = stopiter_init;
    set_fields(&exc_SystemExit, sizeof(SystemExitObj), sysexit_getset);
    exc_SystemExit.init = sysexit_init;
    exc_KeyError.str = keyerror_str;
    set_fields(&exc_ImportError, sizeof(ImportErrorObj), import_getset);
    exc_ImportError.init = import_init;
    exc_ImportError.str = import_str;
    set_fields(&exc_OSError, sizeof(OSErrorObj), oserror_getset);
    exc_OSError.new_ = oserror_new;
    exc_OSError.init = oserror_init;
    exc_OSError.str = oserror_str;
    set_fields(&exc_SyntaxError, sizeof(SyntaxErrorObj), syntax_getset);
    exc_SyntaxError.init = syntax_init;
    exc_SyntaxError.str = syntax_str;
    set_fields(&exc_UnicodeError, sizeof(UnicodeErrorObj), unicode_getset);
    exc_UnicodeDecodeError.init = udecode_init;
    exc_UnicodeDecodeError.str = udecode_str;
    exc_UnicodeEncodeError.init = uencode_init;
    exc_UnicodeEncodeError.str = uencode_str;
    exc_UnicodeTranslateError.init = utranslate_init;
    exc_UnicodeTranslateError.str = utranslate_str;
    set_fields(&exc_AttributeError, sizeof(AttributeErrorObj), attrerr_getset);
    exc_AttributeError.init = attrerr_init;
    set_fields(&exc_NameError, sizeof(NameErrorObj), nameerr_getset);
    exc_NameError.init = nameerr_init;
    set_fields(&exc_BaseExceptionGroup, sizeof(ExceptionGroupObj), eg_getset);
    exc_BaseExceptionGroup.new_ = eg_new;
    exc_BaseExceptionGroup.init = eg_init;
    exc_BaseExceptionGroup.str = eg_str;
    exc_BaseExceptionGroup.methods = eg_methods;
    /* Subclasses of the patched types share their layout. */
#define EXC(name, base)                                                   \
    if (exc_##name.basicsize < exc_##base.basicsize) {                    \
        exc_##name.basicsize = exc_##base.basicsize;                      \
        if (!exc_##name.traverse) exc_##name.traverse = exc_##base.traverse; \
        if (!exc_##name.clear) exc_##name.clear = exc_##base.clear;       \
        if (!exc_##name.dealloc) exc_##name.dealloc = exc_##base.dealloc; \
    }
#undef exc_object
#define exc_object exc_BaseException
#include "src/obj/exc_types.def"
#undef EXC
#undef exc_object
}

int exc_init_types(void)
{
    exc_patch_types();
    /* ExceptionGroup(BaseExceptionGroup, Exception): its second base. */
    if (!exc_ExceptionGroup.bases) {
        if (type_ready(&exc_BaseExceptionGroup) < 0 || type_ready(&exc_Exception) < 0) return -1;
        exc_ExceptionGroup.bases = tuple_pack(2, (Obj *)&exc_BaseExceptionGroup, (Obj *)&exc_Exception);
        if (!exc_ExceptionGroup.bases) return -1;
    }
#define EXC(name, base) \
    if (type_ready(&exc_##name) < 0) return -1;
#include "src/obj/exc_types.def"
#undef EXC
    /* CPython makes ExceptionGroup as a heap type: its dict also has
     * __module__ and __weakref__. */
    TypeObj *eg = &exc_ExceptionGroup;
    if (!dict_get_borrow(eg->dict, id_str("__module__"))) {
        Obj *mod = str_from_cstr("builtins");
        Obj *w = getset_descr_new(eg, &eg_weakref_getset[0]);
        int r = mod && w && dict_set(eg->dict, id_str("__module__"), mod) == 0 &&
                        dict_set(eg->dict, id_str("__weakref__"), w) == 0 ? 0 : -1;
        XDECREF(mod);
        XDECREF(w);
        type_modified(eg);
        if (r < 0) return -1;
    }
    return 0;
}

Obj *exc_create(TypeObj *type, Obj *const *args, Ssize nargs)
{
    if (!patched) exc_init_types();
    if (!(type->flags & TPF_READY) && type_ready(type) < 0) return NULL;
    return obj_call((Obj *)type, args, nargs, NULL);
}
