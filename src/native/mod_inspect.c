/* mod_inspect.c — the basics of CPython 3.12's `inspect` module.
 *
 * Predicates (isfunction, ismethod, isclass, ismodule, isgenerator,
 * isgeneratorfunction, iscoroutinefunction, isasyncgenfunction,
 * iscoroutine, isasyncgen, isbuiltin, isroutine, ismethoddescriptor,
 * isabstract, iscode, isframe, istraceback), getmro, getmembers, cleandoc,
 * getdoc, getmodule, getfile/getsourcefile, getsourcelines/getsource
 * (the source file read as tracebacks read it; the block after the `def`
 * or `class` line found by indentation), currentframe, stack, and
 * signature() of Python functions, methods, classes (their __init__ or
 * __new__) and callable objects, with Signature, Parameter (kinds as the
 * _ParameterKind IntEnum) and BoundArguments (bind, args, kwargs,
 * apply_defaults).  Messages are 3.12's.  Builtins carry no text
 * signature in pydbg: signature(len) is ValueError "no signature found for
 * builtin …".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/closure.h"
#include "src/native/modhelp.h"

static Obj *empty_cls, *kind_cls, *param_cls, *sig_cls, *bound_cls, *frameinfo_cls;
static Obj *kinds[5];       /* the _ParameterKind members */
enum { K_POSONLY, K_POS_OR_KW, K_VARARGS, K_KWONLY, K_VARKW };
static const char *const kind_names[] = {"POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD",
                                         "VAR_POSITIONAL", "KEYWORD_ONLY", "VAR_KEYWORD"};
static const char *const kind_descr[] = {"positional-only", "positional or keyword",
                                         "variadic positional", "keyword-only",
                                         "variadic keyword"};

static Obj *bool_obj(bool b) { return INCREF(b ? TRUE_ : FALSE_); }

/* ---- predicates ------------------------------------------------------------------------ */

static int code_flags_of(Obj *o)
{
    /* ismethod → __func__; functools.partial → its func */
    for (int i = 0; i < 8; i++) {
        if (IS_TYPE(o, method_type)) o = ((MethodObj *)o)->func;
        else break;
    }
    if (!IS_TYPE(o, function_type)) return 0;
    return ((CodeRtObj *)((FuncObj *)o)->code)->flags;
}

static bool is_builtin(Obj *o) { return !strcmp(OBJ_TYPE(o)->name, "builtin_function_or_method"); }

static bool is_method_descriptor(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    if (type_is_subtype(t, &type_type) || IS_TYPE(o, method_type) || IS_TYPE(o, function_type))
        return false;
    return t->descr_get && !t->descr_set;
}

typedef bool (*Pred)(Obj *o);
static bool p_function(Obj *o) { return IS_TYPE(o, function_type); }
static bool p_method(Obj *o) { return IS_TYPE(o, method_type); }
static bool p_class(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &type_type); }
static bool p_module(Obj *o) { return type_is_subtype(OBJ_TYPE(o), &module_type); }
static bool p_code(Obj *o) { return IS_TYPE(o, code_type); }
static bool p_frame(Obj *o) { return IS_TYPE(o, frame_type); }
static bool p_traceback(Obj *o) { return IS_TYPE(o, traceback_type); }
static bool p_type_named(Obj *o, const char *n) { return !strcmp(OBJ_TYPE(o)->name, n); }
static bool p_generator(Obj *o) { return p_type_named(o, "generator"); }
static bool p_coroutine(Obj *o) { return p_type_named(o, "coroutine"); }
static bool p_asyncgen(Obj *o) { return p_type_named(o, "async_generator"); }
static bool p_genfunc(Obj *o) { return (code_flags_of(o) & 0x20) != 0; }
static bool p_corofunc(Obj *o) { return (code_flags_of(o) & 0x80) != 0; }
static bool p_asyncgenfunc(Obj *o) { return (code_flags_of(o) & 0x200) != 0; }
static bool p_builtin(Obj *o) { return is_builtin(o); }
static bool p_methoddescr(Obj *o) { return is_method_descriptor(o); }
static bool p_routine(Obj *o)
{
    return is_builtin(o) || IS_TYPE(o, function_type) || IS_TYPE(o, method_type) ||
           is_method_descriptor(o);
}
static bool p_abstract(Obj *o)
{
    if (!p_class(o)) return false;
    Obj *a = NULL;
    if (obj_lookup_attr(o, id_str("__abstractmethods__"), &a) < 0) vm_err_clear();
    bool r = a && obj_is_true(a) > 0;
    XDECREF(a);
    vm_err_clear();
    return r;
}

static const struct { const char *name; Pred fn; } predicates[] = {
    {"isfunction", p_function}, {"ismethod", p_method}, {"isclass", p_class},
    {"ismodule", p_module}, {"iscode", p_code}, {"isframe", p_frame},
    {"istraceback", p_traceback}, {"isgenerator", p_generator}, {"iscoroutine", p_coroutine},
    {"isasyncgen", p_asyncgen}, {"isgeneratorfunction", p_genfunc},
    {"iscoroutinefunction", p_corofunc}, {"isasyncgenfunction", p_asyncgenfunc},
    {"isbuiltin", p_builtin}, {"ismethoddescriptor", p_methoddescr}, {"isroutine", p_routine},
    {"isabstract", p_abstract},
};

static Obj *call_predicate(Obj *state, Obj *const *args, Ssize nargs, Obj *kw)
{
    int64_t i = 0;
    if (int_as_i64(TUPLE_ITEMS(state)[0], &i) < 0) return NULL;
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind(predicates[i].name, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return bool_obj(predicates[i].fn(v[0]));
}

/* ---- getmro, getmembers, cleandoc, getdoc, getmodule ------------------------------------------ */

static Obj *i_getmro(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"cls"};
    Obj *v[1];
    if (mh_bind("getmro", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return obj_getattr_str(v[0], "__mro__");
}

static Obj *i_getmembers(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"object", "predicate"};
    Obj *v[2];
    if (mh_bind("getmembers", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *dir = obj_dir(v[0]);
    if (!dir) return NULL;
    Obj *out = list_new(0);
    for (Ssize i = 0; out && i < LIST_LEN(dir); i++) {
        Obj *key = LIST_ITEMS(dir)[i];
        Obj *val = obj_getattr(v[0], key);
        if (!val) {
            if (!vm_err_matches(&exc_AttributeError)) {
                CLEAR(out);
                break;
            }
            vm_err_clear();
            continue;
        }
        bool keep = true;
        if (v[1] && v[1] != NONE) {
            Obj *r = obj_call(v[1], &val, 1, NULL);
            int t = r ? obj_is_true(r) : -1;
            XDECREF(r);
            if (t < 0) {
                DECREF(val);
                CLEAR(out);
                break;
            }
            keep = t > 0;
        }
        if (keep) {
            Obj *pair = tuple_pack(2, key, val);
            if (!pair || list_append(out, pair) < 0) CLEAR(out);
            XDECREF(pair);
        }
        DECREF(val);
    }
    DECREF(dir);
    if (out && list_sort(out, NULL, false) < 0) CLEAR(out);
    return out;
}

/* inspect.cleandoc, on str methods so whitespace is Python's. */
static Obj *cleandoc(Obj *doc)
{
    Obj *exp = obj_call_method(doc, "expandtabs", NULL, 0);
    Obj *nl = str_from_cstr("\n");
    Obj *lines = exp && nl ? obj_call_method(exp, "split", &nl, 1) : NULL;
    XDECREF(exp);
    if (!lines) {
        XDECREF(nl);
        return NULL;
    }
    Ssize n = LIST_LEN(lines), margin = -1;
    for (Ssize i = 1; i < n; i++) {
        Obj *l = LIST_ITEMS(lines)[i];
        Obj *s = obj_call_method(l, "lstrip", NULL, 0);
        if (!s) goto fail;
        Ssize content = VAR_SIZE(s);
        DECREF(s);
        if (content) {
            Ssize indent = VAR_SIZE(l) - content;
            if (margin < 0 || indent < margin) margin = indent;
        }
    }
    if (n) {
        Obj *s = obj_call_method(LIST_ITEMS(lines)[0], "lstrip", NULL, 0);
        if (!s) goto fail;
        obj_setref(&LIST_ITEMS(lines)[0], s);
    }
    if (margin >= 0)
        for (Ssize i = 1; i < n; i++) {
            Obj *l = LIST_ITEMS(lines)[i];
            Obj *s = str_substr(l, margin < VAR_SIZE(l) ? margin : VAR_SIZE(l), VAR_SIZE(l));
            if (!s) goto fail;
            obj_setref(&LIST_ITEMS(lines)[i], s);
        }
    Ssize lo = 0, hi = n;
    while (hi > lo && VAR_SIZE(LIST_ITEMS(lines)[hi - 1]) == 0) hi--;
    while (lo < hi && VAR_SIZE(LIST_ITEMS(lines)[lo]) == 0) lo++;
    Obj *part = list_new(0);
    for (Ssize i = lo; part && i < hi; i++)
        if (list_append(part, LIST_ITEMS(lines)[i]) < 0) CLEAR(part);
    Obj *r = part ? obj_call_method(nl, "join", &part, 1) : NULL;
    XDECREF(part);
    DECREF(lines);
    DECREF(nl);
    return r;
fail:
    DECREF(lines);
    DECREF(nl);
    return NULL;
}

static Obj *i_cleandoc(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"doc"};
    Obj *v[1];
    if (mh_bind("cleandoc", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return cleandoc(v[0]);
}

static Obj *i_getdoc(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind("getdoc", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *doc = NULL;
    if (obj_lookup_attr(v[0], id_str("__doc__"), &doc) < 0) vm_err_clear();
    if ((!doc || doc == NONE) && p_class(v[0])) {
        /* a class without its own doc: the first base's (not object's) */
        XDECREF(doc);
        doc = NULL;
        Obj *mro = obj_getattr_str(v[0], "__mro__");
        for (Ssize i = 0; mro && TUPLE_CHECK(mro) && i < TUPLE_LEN(mro) && !doc; i++) {
            Obj *b = TUPLE_ITEMS(mro)[i];
            if (b == (Obj *)&object_type) continue;
            Obj *d = dict_get_str_borrow(((TypeObj *)b)->dict, "__doc__");
            if (d && STR_CHECK(d)) doc = INCREF(d);
        }
        XDECREF(mro);
        vm_err_clear();
    }
    if (!doc || !STR_CHECK(doc)) {
        XDECREF(doc);
        return INCREF(NONE);
    }
    Obj *r = cleandoc(doc);
    DECREF(doc);
    return r;
}

static Obj *i_getmodule(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"object", "_filename"};
    Obj *v[2];
    if (mh_bind("getmodule", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    if (p_module(v[0])) return INCREF(v[0]);
    Obj *mod = NULL;
    if (obj_lookup_attr(v[0], id_str("__module__"), &mod) < 0) return NULL;
    Obj *r = NULL;
    if (mod && STR_CHECK(mod) && vm->modules) r = dict_get_borrow(vm->modules, mod);
    XDECREF(mod);
    return INCREF(r ? r : NONE);
}

/* ---- getfile, getsource ------------------------------------------------------------------- */

/* The code object behind a function/method/frame/traceback/code, BORROWED. */
static Obj *code_behind(Obj *o)
{
    if (IS_TYPE(o, method_type)) o = ((MethodObj *)o)->func;
    if (IS_TYPE(o, function_type)) return ((FuncObj *)o)->code;
    if (IS_TYPE(o, traceback_type)) o = (Obj *)((TracebackObj *)o)->frame;
    if (IS_TYPE(o, frame_type)) return (Obj *)((Frame *)o)->code;
    if (IS_TYPE(o, code_type)) return o;
    return NULL;
}

/* inspect.getfile: a new str, or NULL with TypeError as 3.12 words it. */
static Obj *file_of(Obj *o)
{
    Obj *co = code_behind(o);
    if (co) return INCREF(((CodeRtObj *)co)->filename);
    Obj *mod = o;
    if (p_class(o)) {
        Obj *name = NULL;
        if (obj_lookup_attr(o, id_str("__module__"), &name) < 0) return NULL;
        mod = name && STR_CHECK(name) && vm->modules ? dict_get_borrow(vm->modules, name) : NULL;
        XDECREF(name);
        if (!mod) {
            vm_err_format(&exc_TypeError, "source code not available");
            return NULL;
        }
    }
    if (p_module(mod)) {
        Obj *f = NULL;
        if (obj_lookup_attr(mod, id_str("__file__"), &f) < 0) return NULL;
        if (f && f != NONE) return f;
        XDECREF(f);
        if (mod == o)
            vm_err_format(&exc_TypeError, "%R is a built-in module", o);
        else
            vm_err_format(&exc_TypeError, "%R is a built-in class", o);
        return NULL;
    }
    vm_err_format(&exc_TypeError,
                  "module, class, method, function, traceback, frame, or code object was "
                  "expected, got %s", type_name(OBJ_TYPE(o)));
    return NULL;
}

static Obj *i_getfile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind("getfile", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return file_of(v[0]);
}

static Obj *source_name(Obj *o);

static Obj *i_getsourcefile(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind("getsourcefile", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *f = source_name(v[0]);
    if (!f) return NULL;
    SBuf line = SBUF_INIT;
    bool ok = traceback_source_line(f, 1, &line);
    sbuf_free(&line);
    if (ok) return f;
    DECREF(f);
    return INCREF(NONE);
}

static int indent_of(const char *s, size_t n)
{
    int i = 0;
    while ((size_t)i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    return (size_t)i == n ? -1 : i;   /* -1: blank */
}

/* The lines of the block starting at line `first` (1-based): that line, and
 * the following blank or more indented lines (trailing blanks dropped). */
static Obj *block_lines(Obj *file, int32_t first)
{
    Obj *list = list_new(0);
    int base = -1;
    Ssize keep = 0;
    bool open_paren = false;
    for (int32_t l = first; list; l++) {
        SBuf b = SBUF_INIT;
        if (!traceback_source_line(file, l, &b)) {
            sbuf_free(&b);
            break;
        }
        int ind = indent_of(b.data ? b.data : "", b.len);
        if (l == first) {
            base = ind < 0 ? 0 : ind;
        } else if (ind >= 0 && ind <= base && !open_paren) {
            /* a decorator line continues into its def; else the block ends */
            sbuf_free(&b);
            break;
        }
        int depth = 0;
        for (size_t k = 0; k < b.len; k++) {
            if (strchr("([{", b.data[k])) depth++;
            else if (strchr(")]}", b.data[k])) depth--;
        }
        bool decorator = ind >= 0 && b.len > (size_t)ind && b.data[ind] == '@';
        open_paren = depth > 0 || decorator || (open_paren && depth >= 0 && l == first);
        sbuf_putc(&b, '\n');
        Obj *s = str_from_utf8(b.data, (Ssize)b.len);
        sbuf_free(&b);
        if (!s || list_append(list, s) < 0) CLEAR(list);
        XDECREF(s);
        if (list && ind >= 0) keep = LIST_LEN(list);
        /* a one-line def/class: `def f(): return 1` */
        if (l == first && !decorator && depth <= 0) {
            Obj *t = list ? LIST_ITEMS(list)[0] : NULL;
            Ssize tl;
            const char *ts = t ? str_utf8_lossy(t, &tl) : "";
            const char *colon = strrchr(ts, ':');
            if (colon) {
                const char *q = colon + 1;
                while (*q == ' ' || *q == '\t') q++;
                if (*q && *q != '\n' && *q != '#') break;
            }
        }
    }
    if (list && LIST_LEN(list) > keep) {
        Obj *cut = list_new(0);
        for (Ssize i = 0; cut && i < keep; i++)
            if (list_append(cut, LIST_ITEMS(list)[i]) < 0) CLEAR(cut);
        DECREF(list);
        list = cut;
    }
    return list;
}

/* getsourcefile's name: a compiled file's source beside it (X.pyc → X.py). */
static Obj *source_name(Obj *o)
{
    Obj *file = file_of(o);
    if (!file || !STR_CHECK(file)) return file;
    Ssize n;
    const char *s = str_utf8_lossy(file, &n);
    if (n > 4 && !strcmp(s + n - 4, ".pyc")) {
        Obj *r = str_from_utf8(s, n - 1);
        DECREF(file);
        return r;
    }
    return file;
}

/* (lines, first line number) as getsourcelines returns them; NULL with OSError. */
static Obj *source_lines(Obj *o)
{
    Obj *file = source_name(o);
    if (!file) return NULL;
    int32_t first = -1;
    Obj *co = code_behind(o);
    SBuf probe = SBUF_INIT;
    bool have = traceback_source_line(file, 1, &probe);
    sbuf_free(&probe);
    if (!have) {
        DECREF(file);
        vm_err_set_str(&exc_OSError, "could not get source code");
        return NULL;
    }
    if (p_module(o)) {
        first = 1;
    } else if (co) {
        first = ((CodeRtObj *)co)->firstlineno;
    } else if (p_class(o)) {
        /* the first `class NAME` line */
        Obj *nm = obj_getattr_str(o, "__name__");
        if (!nm) {
            DECREF(file);
            return NULL;
        }
        const char *name = str_utf8_lossy(nm, NULL);
        size_t nl = strlen(name);
        for (int32_t l = 1; first < 0; l++) {
            SBuf b = SBUF_INIT;
            if (!traceback_source_line(file, l, &b)) {
                sbuf_free(&b);
                break;
            }
            const char *text = sbuf_cstr(&b);
            int ind = indent_of(text, b.len);
            const char *s = ind >= 0 ? text + ind : "";
            if (ind >= 0 && !strncmp(s, "class", 5) && (s[5] == ' ' || s[5] == '\t')) {
                s += 5;
                while (*s == ' ' || *s == '\t') s++;
                if (!strncmp(s, name, nl) && !(s[nl] == '_' || (s[nl] >= 'a' && s[nl] <= 'z') ||
                                               (s[nl] >= 'A' && s[nl] <= 'Z') ||
                                               (s[nl] >= '0' && s[nl] <= '9')))
                    first = l;
            }
            sbuf_free(&b);
        }
        DECREF(nm);
        if (first < 0) {
            DECREF(file);
            vm_err_set_str(&exc_OSError, "could not find class definition");
            return NULL;
        }
    }
    Obj *lines;
    if (p_module(o)) {
        lines = list_new(0);
        for (int32_t l = 1; lines; l++) {
            SBuf b = SBUF_INIT;
            if (!traceback_source_line(file, l, &b)) {
                sbuf_free(&b);
                break;
            }
            sbuf_putc(&b, '\n');
            Obj *s = str_from_utf8(b.data, (Ssize)b.len);
            sbuf_free(&b);
            if (!s || list_append(lines, s) < 0) CLEAR(lines);
            XDECREF(s);
        }
        first = 0;
    } else {
        lines = block_lines(file, first);
    }
    DECREF(file);
    if (!lines) return NULL;
    Obj *n = int_from_i64(first);
    Obj *r = n ? tuple_pack(2, lines, n) : NULL;
    XDECREF(n);
    DECREF(lines);
    return r;
}

static Obj *i_getsourcelines(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind("getsourcelines", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return source_lines(v[0]);
}

static Obj *i_getsource(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"object"};
    Obj *v[1];
    if (mh_bind("getsource", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *t = source_lines(v[0]);
    if (!t) return NULL;
    Obj *empty = str_from_cstr("");
    Obj *r = empty ? obj_call_method(empty, "join", &TUPLE_ITEMS(t)[0], 1) : NULL;
    XDECREF(empty);
    DECREF(t);
    return r;
}

/* ---- frames ------------------------------------------------------------------------------ */

static Obj *i_currentframe(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("currentframe", nargs, kw) < 0) return NULL;
    return INCREF(vm->frame ? (Obj *)vm->frame : NONE);
}

static Obj *i_stack(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"context"};
    Obj *v[1];
    if (mh_bind("stack", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *list = list_new(0);
    for (Frame *f = vm->frame; list && f; f = f->back) {
        int line = frame_lineno(f);
        SBuf b = SBUF_INIT;
        Obj *ctx = NULL, *idx = NULL;
        if (traceback_source_line(f->code->filename, line, &b)) {
            sbuf_putc(&b, '\n');
            Obj *s = str_from_utf8(b.data, (Ssize)b.len);
            ctx = s ? list_new(0) : NULL;
            if (ctx && list_append(ctx, s) < 0) CLEAR(ctx);
            XDECREF(s);
            idx = int_from_i64(0);
        } else {
            ctx = INCREF(NONE);
            idx = INCREF(NONE);
        }
        sbuf_free(&b);
        Obj *ln = int_from_i64(line);
        Obj *fields[6] = {(Obj *)f, f->code->filename, ln, f->code->name, ctx, idx};
        Obj *fi = ln && ctx && idx ? obj_call(frameinfo_cls, fields, 6, NULL) : NULL;
        XDECREF(ln);
        XDECREF(ctx);
        XDECREF(idx);
        if (!fi || list_append(list, fi) < 0) CLEAR(list);
        XDECREF(fi);
    }
    return list;
}

/* ---- Parameter ------------------------------------------------------------------------------ */

static int kind_index(Obj *kind)
{
    for (int i = 0; i < 5; i++)
        if (kinds[i] == kind) return i;
    int64_t k;
    if (INT_CHECK(kind) && int_as_i64(kind, &k) == 0 && k >= 0 && k < 5) return (int)k;
    vm_err_clear();
    return -1;
}

/* formatannotation */
static int put_annotation(SBuf *b, Obj *ann)
{
    if (p_class(ann)) {
        Obj *mod = NULL, *qual = obj_getattr_str(ann, "__qualname__");
        if (!qual) return -1;
        if (obj_lookup_attr(ann, id_str("__module__"), &mod) < 0) {
            DECREF(qual);
            return -1;
        }
        if (mod && STR_CHECK(mod) && !str_eq_cstr(mod, "builtins"))
            sbuf_printf(b, "%s.", str_utf8_lossy(mod, NULL));
        sbuf_puts(b, str_utf8_lossy(qual, NULL));
        XDECREF(mod);
        DECREF(qual);
        return 0;
    }
    Obj *r = obj_repr(ann);
    if (!r) return -1;
    sbuf_puts(b, str_utf8_lossy(r, NULL));
    DECREF(r);
    return 0;
}

static Obj *attr(Obj *o, const char *name) { return obj_getattr_str(o, name); }

/* Parameter.__str__ into b. */
static int put_param(SBuf *b, Obj *p)
{
    Obj *name = attr(p, "name"), *kind = attr(p, "kind"), *def = attr(p, "default"),
        *ann = attr(p, "annotation");
    int rc = name && kind && def && ann ? 0 : -1;
    if (rc == 0) {
        int k = kind_index(kind);
        sbuf_puts(b, k == K_VARARGS ? "*" : k == K_VARKW ? "**" : "");
        sbuf_puts(b, str_utf8_lossy(name, NULL));
        if (ann != empty_cls) {
            sbuf_puts(b, ": ");
            rc = put_annotation(b, ann);
        }
        if (rc == 0 && def != empty_cls) {
            Obj *r = obj_repr(def);
            if (!r) rc = -1;
            else {
                sbuf_printf(b, ann != empty_cls ? " = %s" : "=%s", str_utf8_lossy(r, NULL));
                DECREF(r);
            }
        }
    }
    XDECREF(name);
    XDECREF(kind);
    XDECREF(def);
    XDECREF(ann);
    return rc;
}

static Obj *sbuf_to_str(SBuf *b)
{
    Obj *r = str_from_utf8(b->data ? b->data : "", (Ssize)b->len);
    sbuf_free(b);
    return r;
}

static Obj *param_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"name", "kind", "default", "annotation"};
    Obj *v[4];
    if (mh_bind_m("__init__", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    int k = kind_index(v[1]);
    if (k < 0) {
        Obj *r = obj_repr(v[1]);
        if (r) {
            vm_err_format(&exc_ValueError, "value %U is not a valid Parameter.kind", r);
            DECREF(r);
        }
        return NULL;
    }
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "name must be a str, not a %s", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    if (obj_setattr_str(self, "name", v[0]) < 0 || obj_setattr_str(self, "kind", kinds[k]) < 0 ||
        obj_setattr_str(self, "default", v[2] ? v[2] : empty_cls) < 0 ||
        obj_setattr_str(self, "annotation", v[3] ? v[3] : empty_cls) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *param_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__str__", nargs, kw) < 0) return NULL;
    SBuf b = SBUF_INIT;
    if (put_param(&b, self) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_to_str(&b);
}

static Obj *param_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "<Parameter \"");
    if (put_param(&b, self) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    sbuf_puts(&b, "\">");
    return sbuf_to_str(&b);
}

static const MethodDef param_methods[] = {
    {"__init__", param_init, METH_FAST, NULL},
    {"__str__", param_str, METH_FAST, NULL},
    {"__repr__", param_repr, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *new_param(Obj *name, int kind, Obj *def, Obj *ann)
{
    Obj *a[4] = {name, kinds[kind], def ? def : empty_cls, ann ? ann : empty_cls};
    return obj_call(param_cls, a, 4, NULL);
}

/* ---- Signature ------------------------------------------------------------------------------ */

/* The Parameter list of a signature (a new list). */
static Obj *sig_params(Obj *sig)
{
    Obj *p = attr(sig, "parameters");
    if (!p) return NULL;
    Obj *vals = obj_call_method(p, "values", NULL, 0);
    DECREF(p);
    Obj *l = vals ? seq_to_list(vals) : NULL;
    XDECREF(vals);
    return l;
}

static Obj *sig_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"parameters", "return_annotation", "__validate_parameters__"};
    Obj *v[3];
    if (mh_bind_m("__init__", args, nargs, kw, names, 3, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *d = dict_new();
    if (!d) return NULL;
    if (v[0] && v[0] != NONE) {
        Obj *l = seq_to_list(v[0]);
        for (Ssize i = 0; l && i < LIST_LEN(l); i++) {
            Obj *name = attr(LIST_ITEMS(l)[i], "name");
            if (!name || dict_get_borrow(d, name)) {
                if (name) vm_err_format(&exc_ValueError, "duplicate parameter name: %R", name);
                XDECREF(name);
                CLEAR(l);
                break;
            }
            if (dict_set(d, name, LIST_ITEMS(l)[i]) < 0) CLEAR(l);
            DECREF(name);
        }
        if (!l) {
            DECREF(d);
            return NULL;
        }
        DECREF(l);
    }
    Obj *proxy = mappingproxy_new(d);
    DECREF(d);
    if (!proxy) return NULL;
    int rc = obj_setattr_str(self, "parameters", proxy);
    DECREF(proxy);
    if (rc < 0 || obj_setattr_str(self, "return_annotation", v[1] ? v[1] : empty_cls) < 0)
        return NULL;
    return INCREF(NONE);
}

static int put_signature(SBuf *b, Obj *sig)
{
    Obj *params = sig_params(sig);
    if (!params) return -1;
    sbuf_putc(b, '(');
    bool first = true, render_pos_only = false, render_kw_sep = true;
    int rc = 0;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(params); i++) {
        Obj *p = LIST_ITEMS(params)[i];
        Obj *kind = attr(p, "kind");
        int k = kind ? kind_index(kind) : -1;
        XDECREF(kind);
        if (k < 0) {
            rc = -1;
            break;
        }
        if (k == K_POSONLY) {
            render_pos_only = true;
        } else if (render_pos_only) {
            sbuf_puts(b, first ? "/" : ", /");
            first = false;
            render_pos_only = false;
        }
        if (k == K_VARARGS) {
            render_kw_sep = false;
        } else if (k == K_KWONLY && render_kw_sep) {
            sbuf_puts(b, first ? "*" : ", *");
            first = false;
            render_kw_sep = false;
        }
        if (!first) sbuf_puts(b, ", ");
        first = false;
        rc = put_param(b, p);
    }
    if (rc == 0 && render_pos_only) sbuf_puts(b, first ? "/" : ", /");
    sbuf_putc(b, ')');
    DECREF(params);
    if (rc == 0) {
        Obj *ret = attr(sig, "return_annotation");
        if (!ret) return -1;
        if (ret != empty_cls) {
            sbuf_puts(b, " -> ");
            rc = put_annotation(b, ret);
        }
        DECREF(ret);
    }
    return rc;
}

static Obj *sig_str(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__str__", nargs, kw) < 0) return NULL;
    SBuf b = SBUF_INIT;
    if (put_signature(&b, self) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_to_str(&b);
}

static Obj *sig_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "<Signature ");
    if (put_signature(&b, self) < 0) {
        sbuf_free(&b);
        return NULL;
    }
    sbuf_putc(&b, '>');
    return sbuf_to_str(&b);
}

/* Signature.bind: the arguments dict, as 3.12's _bind fills it. */
static Obj *bind_arguments(Obj *sig, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    Obj *params = sig_params(sig);
    if (!params) return NULL;
    Obj *out = dict_new();
    Obj *kwargs = dict_new();
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize i = 0; kwargs && i < nkw; i++)
        if (dict_set(kwargs, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0) CLEAR(kwargs);
    Ssize np = LIST_LEN(params), pi = 0, ai = 0;
    Obj *varkw_name = NULL;
    if (!out || !kwargs) goto fail;
    /* positional arguments */
    for (; pi < np; pi++) {
        Obj *p = LIST_ITEMS(params)[pi];
        Obj *kind = attr(p, "kind"), *name = attr(p, "name"), *def = attr(p, "default");
        int k = kind ? kind_index(kind) : -1;
        XDECREF(kind);
        bool stop = false;
        if (k < 0 || !name || !def) {
            XDECREF(name);
            XDECREF(def);
            goto fail;
        }
        if (k == K_VARARGS) {
            Obj *rest = tuple_new(nargs - ai);
            for (Ssize j = ai; rest && j < nargs; j++) TUPLE_ITEMS(rest)[j - ai] = INCREF(args[j]);
            int r = rest ? dict_set(out, name, rest) : -1;
            XDECREF(rest);
            ai = nargs;
            pi++;
            DECREF(name);
            DECREF(def);
            if (r < 0) goto fail;
            break;
        }
        if (k == K_KWONLY || k == K_VARKW || ai >= nargs) stop = true;
        if (stop) {
            DECREF(name);
            DECREF(def);
            break;
        }
        if (dict_get_borrow(kwargs, name) && k != K_POSONLY) {
            vm_err_format(&exc_TypeError, "multiple values for argument %R", name);
            DECREF(name);
            DECREF(def);
            goto fail;
        }
        int r = dict_set(out, name, args[ai++]);
        DECREF(name);
        DECREF(def);
        if (r < 0) goto fail;
    }
    if (ai < nargs) {
        vm_err_set_str(&exc_TypeError, "too many positional arguments");
        goto fail;
    }
    /* the rest by keyword */
    for (; pi < np; pi++) {
        Obj *p = LIST_ITEMS(params)[pi];
        Obj *kind = attr(p, "kind"), *name = attr(p, "name"), *def = attr(p, "default");
        int k = kind ? kind_index(kind) : -1;
        XDECREF(kind);
        if (k < 0 || !name || !def) {
            XDECREF(name);
            XDECREF(def);
            goto fail;
        }
        int rc = 0;
        if (k == K_VARKW) {
            varkw_name = INCREF(name);
        } else if (k == K_VARARGS) {
            /* *args left empty is not bound */
        } else if (k == K_POSONLY) {
            if (dict_get_borrow(kwargs, name)) {
                vm_err_format(&exc_TypeError,
                              "%R parameter is positional only, but was passed as a keyword", name);
                rc = -1;
            } else if (def == empty_cls) {
                vm_err_format(&exc_TypeError, "missing a required argument: %R", name);
                rc = -1;
            }
        } else {
            Obj *val = dict_get_borrow(kwargs, name);
            if (val) {
                rc = dict_set(out, name, val);
                if (rc == 0) rc = dict_del(kwargs, name);
            } else if (def == empty_cls) {
                vm_err_format(&exc_TypeError, "missing a required argument: %R", name);
                rc = -1;
            }
        }
        DECREF(name);
        DECREF(def);
        if (rc < 0) goto fail;
    }
    if (dict_len(kwargs)) {
        if (varkw_name) {
            if (dict_set(out, varkw_name, kwargs) < 0) goto fail;
        } else {
            Obj *keys = dict_keys_list(kwargs);
            if (keys) {
                vm_err_format(&exc_TypeError, "got an unexpected keyword argument %R",
                              LIST_ITEMS(keys)[0]);
                DECREF(keys);
            }
            goto fail;
        }
    }
    XDECREF(varkw_name);
    DECREF(kwargs);
    DECREF(params);
    return out;
fail:
    XDECREF(varkw_name);
    XDECREF(out);
    XDECREF(kwargs);
    DECREF(params);
    return NULL;
}

static Obj *sig_bind(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *arguments = bind_arguments(self, args, nargs, kw);
    if (!arguments) return NULL;
    Obj *a[2] = {self, arguments};
    Obj *r = obj_call(bound_cls, a, 2, NULL);
    DECREF(arguments);
    return r;
}

static const MethodDef sig_methods[] = {
    {"__init__", sig_init, METH_FAST, NULL},
    {"__str__", sig_str, METH_FAST, NULL},
    {"__repr__", sig_repr, METH_FAST, NULL},
    {"bind", sig_bind, METH_FAST, "Get a BoundArguments object, that maps the passed `args`\n"
                                  "and `kwargs` to the function's signature."},
    {NULL, NULL, 0, NULL},
};

/* ---- BoundArguments ------------------------------------------------------------------------- */

static Obj *ba_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"signature", "arguments"};
    Obj *v[2];
    if (mh_bind_m("__init__", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (obj_setattr_str(self, "_signature", v[0]) < 0 ||
        obj_setattr_str(self, "arguments", v[1]) < 0)
        return NULL;
    return INCREF(NONE);
}

/* args (want_kwargs false) or kwargs, as 3.12's properties compute them. */
static Obj *ba_split(Obj *self, bool want_kwargs)
{
    Obj *sig = attr(self, "_signature");
    Obj *arguments = sig ? attr(self, "arguments") : NULL;
    Obj *params = arguments ? sig_params(sig) : NULL;
    XDECREF(sig);
    Obj *out = params ? (want_kwargs ? dict_new() : list_new(0)) : NULL;
    bool kw_started = false;
    for (Ssize i = 0; out && i < LIST_LEN(params); i++) {
        Obj *p = LIST_ITEMS(params)[i];
        Obj *kind = attr(p, "kind"), *name = attr(p, "name");
        int k = kind ? kind_index(kind) : -1;
        XDECREF(kind);
        if (k < 0 || !name) {
            XDECREF(name);
            CLEAR(out);
            break;
        }
        Obj *val = dict_get_borrow(arguments, name);
        bool kwpart = kw_started || k == K_VARKW || k == K_KWONLY || !val;
        if (!kw_started && kwpart) {
            kw_started = true;
            if (!val && k != K_VARKW && k != K_KWONLY) {
                DECREF(name);
                if (!want_kwargs) break;
                continue;
            }
        }
        int rc = 0;
        if (!want_kwargs && !kwpart) {
            if (k == K_VARARGS) {
                Obj *l = seq_to_list(val);
                for (Ssize j = 0; l && rc == 0 && j < LIST_LEN(l); j++)
                    rc = list_append(out, LIST_ITEMS(l)[j]);
                if (!l) rc = -1;
                XDECREF(l);
            } else {
                rc = list_append(out, val);
            }
        } else if (want_kwargs && kwpart && val) {
            if (k == K_VARKW) {
                Obj *r = obj_call_method(out, "update", &val, 1);
                rc = r ? 0 : -1;
                XDECREF(r);
            } else {
                rc = dict_set(out, name, val);
            }
        }
        DECREF(name);
        if (rc < 0) CLEAR(out);
        if (!want_kwargs && kwpart) break;
    }
    XDECREF(params);
    XDECREF(arguments);
    if (out && !want_kwargs) {
        Obj *t = list_as_tuple(out);
        DECREF(out);
        out = t;
    }
    return out;
}

static Obj *ba_args(Obj *self, void *closure)
{
    (void)closure;
    return ba_split(self, false);
}

static Obj *ba_kwargs(Obj *self, void *closure)
{
    (void)closure;
    return ba_split(self, true);
}

static Obj *ba_apply_defaults(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("apply_defaults", nargs, kw) < 0) return NULL;
    Obj *sig = attr(self, "_signature");
    Obj *arguments = sig ? attr(self, "arguments") : NULL;
    Obj *params = arguments ? sig_params(sig) : NULL;
    XDECREF(sig);
    Obj *fresh = params ? dict_new() : NULL;
    for (Ssize i = 0; fresh && i < LIST_LEN(params); i++) {
        Obj *p = LIST_ITEMS(params)[i];
        Obj *kind = attr(p, "kind"), *name = attr(p, "name"), *def = attr(p, "default");
        int k = kind ? kind_index(kind) : -1;
        XDECREF(kind);
        Obj *val = name ? dict_get_borrow(arguments, name) : NULL;
        Obj *made = NULL;
        if (!val && def && def != empty_cls) val = def;
        else if (!val && k == K_VARARGS) val = made = tuple_new(0);
        else if (!val && k == K_VARKW) val = made = dict_new();
        if (k < 0 || !name || !def || (val && dict_set(fresh, name, val) < 0)) CLEAR(fresh);
        XDECREF(made);
        XDECREF(name);
        XDECREF(def);
    }
    int rc = fresh ? obj_setattr_str(self, "arguments", fresh) : -1;
    XDECREF(fresh);
    XDECREF(params);
    XDECREF(arguments);
    return rc < 0 ? NULL : INCREF(NONE);
}

static Obj *ba_repr(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__repr__", nargs, kw) < 0) return NULL;
    Obj *arguments = attr(self, "arguments");
    Obj *items = arguments ? obj_call_method(arguments, "items", NULL, 0) : NULL;
    Obj *l = items ? seq_to_list(items) : NULL;
    XDECREF(items);
    XDECREF(arguments);
    if (!l) return NULL;
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "<BoundArguments (");
    for (Ssize i = 0; i < LIST_LEN(l); i++) {
        Obj *pair = LIST_ITEMS(l)[i];
        Obj *r = obj_repr(TUPLE_ITEMS(pair)[1]);
        if (!r) {
            sbuf_free(&b);
            DECREF(l);
            return NULL;
        }
        sbuf_printf(&b, "%s%s=%s", i ? ", " : "", str_utf8_lossy(TUPLE_ITEMS(pair)[0], NULL),
                    str_utf8_lossy(r, NULL));
        DECREF(r);
    }
    DECREF(l);
    sbuf_puts(&b, ")>");
    return sbuf_to_str(&b);
}

static const MethodDef ba_methods[] = {
    {"__init__", ba_init, METH_FAST, NULL},
    {"__repr__", ba_repr, METH_FAST, NULL},
    {"apply_defaults", ba_apply_defaults, METH_FAST, "Set default values for missing arguments."},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef ba_getset[] = {
    {"args", ba_args, NULL, NULL, NULL},
    {"kwargs", ba_kwargs, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- signature() ------------------------------------------------------------------------------ */

/* The Signature of a Python function; skip_first drops `self` (bound). */
static Obj *signature_of_function(Obj *fn, bool skip_first)
{
    FuncObj *f = (FuncObj *)fn;
    CodeRtObj *co = (CodeRtObj *)f->code;
    Obj *names = obj_getattr_str((Obj *)co, "co_varnames");
    Obj *defaults = obj_getattr_str(fn, "__defaults__");
    Obj *kwdefaults = defaults ? obj_getattr_str(fn, "__kwdefaults__") : NULL;
    Obj *ann = kwdefaults ? obj_getattr_str(fn, "__annotations__") : NULL;
    Obj *params = ann ? list_new(0) : NULL;
    if (!params) goto done;
    int npos = co->argcount, nkw = co->kwonlyargcount;
    int ndef = defaults && TUPLE_CHECK(defaults) ? (int)TUPLE_LEN(defaults) : 0;
    bool varargs = co->flags & 0x4, varkw = co->flags & 0x8;
    int total = npos + nkw + varargs + varkw;
    for (int i = 0; params && i < total && i < TUPLE_LEN(names); i++) {
        Obj *name = TUPLE_ITEMS(names)[i];
        int kind;
        Obj *def = NULL;
        if (i < npos) {
            kind = i < co->posonlyargcount ? K_POSONLY : K_POS_OR_KW;
            if (i >= npos - ndef) def = TUPLE_ITEMS(defaults)[i - (npos - ndef)];
        } else if (i < npos + nkw) {
            /* keyword-only names come after the positional ones (the *args
             * name follows them in co_varnames) */
            kind = K_KWONLY;
            if (kwdefaults && DICT_CHECK(kwdefaults)) def = dict_get_borrow(kwdefaults, name);
        } else if (varargs && i == npos + nkw) {
            kind = K_VARARGS;
        } else {
            kind = K_VARKW;
        }
        Obj *a = DICT_CHECK(ann) ? dict_get_borrow(ann, name) : NULL;
        Obj *p = new_param(name, kind, def, a);
        if (!p || list_append(params, p) < 0) CLEAR(params);
        XDECREF(p);
    }
    /* order: positional, *args, keyword-only, **kw */
    if (params && varargs && nkw) {
        Obj *va = LIST_ITEMS(params)[npos + nkw];
        memmove(&LIST_ITEMS(params)[npos + 1], &LIST_ITEMS(params)[npos], (size_t)nkw * sizeof(Obj *));
        LIST_ITEMS(params)[npos] = va;
    }
    if (params && skip_first && LIST_LEN(params) > 0) {
        Obj *first = LIST_ITEMS(params)[0];
        Obj *kind = attr(first, "kind");
        int k = kind ? kind_index(kind) : -1;
        XDECREF(kind);
        if (k == K_POSONLY || k == K_POS_OR_KW) {
            Obj *rest = list_new(0);
            for (Ssize i = 1; rest && i < LIST_LEN(params); i++)
                if (list_append(rest, LIST_ITEMS(params)[i]) < 0) CLEAR(rest);
            DECREF(params);
            params = rest;
        } else if (k != K_VARARGS) {
            vm_err_set_str(&exc_ValueError, "invalid method signature");
            CLEAR(params);
        }
    }
done:;
    Obj *r = NULL;
    if (params) {
        Obj *ret = DICT_CHECK(ann) ? dict_get_str_borrow(ann, "return") : NULL;
        Obj *a[2] = {params, ret ? ret : empty_cls};
        r = obj_call(sig_cls, a, 2, NULL);
    }
    XDECREF(names);
    XDECREF(defaults);
    XDECREF(kwdefaults);
    XDECREF(ann);
    XDECREF(params);
    return r;
}

static Obj *signature_of(Obj *o, bool skip_first, int depth)
{
    if (depth > 20) {
        vm_err_set_str(&exc_RecursionError, "maximum recursion depth exceeded");
        return NULL;
    }
    if (!OBJ_TYPE(o)->call) {
        vm_err_format(&exc_TypeError, "%R is not a callable object", o);
        return NULL;
    }
    if (IS_TYPE(o, method_type))
        return signature_of(((MethodObj *)o)->func, true, depth + 1);
    Obj *wrapped = NULL;
    if (obj_lookup_attr(o, id_str("__wrapped__"), &wrapped) < 0) return NULL;
    if (wrapped) {
        Obj *r = signature_of(wrapped, skip_first, depth + 1);
        DECREF(wrapped);
        return r;
    }
    if (IS_TYPE(o, function_type)) return signature_of_function(o, skip_first);
    if (p_class(o)) {
        /* a user __init__ or __new__ (the first found along the MRO) */
        static const char *const which[] = {"__init__", "__new__"};
        Obj *mro = obj_getattr_str(o, "__mro__");
        for (Ssize i = 0; mro && i < TUPLE_LEN(mro); i++) {
            TypeObj *b = (TypeObj *)TUPLE_ITEMS(mro)[i];
            for (int w = 0; w < 2; w++) {
                Obj *m = b->dict ? dict_get_str_borrow(b->dict, which[w]) : NULL;
                if (m && IS_TYPE(m, function_type)) {
                    DECREF(mro);
                    return signature_of_function(m, true);
                }
            }
        }
        XDECREF(mro);
        if (((TypeObj *)o)->flags & TPF_HEAPTYPE)   /* a class with object's (): no arguments */
            return obj_call(sig_cls, NULL, 0, NULL);
        vm_err_format(&exc_ValueError, "no signature found for builtin type %R", o);
        return NULL;
    }
    if (is_builtin(o) || is_method_descriptor(o)) {
        vm_err_format(&exc_ValueError, "no signature found for builtin %R", o);
        return NULL;
    }
    Obj *call = type_lookup(OBJ_TYPE(o), id_str("__call__"));
    if (call && IS_TYPE(call, function_type)) return signature_of_function(call, true);
    vm_err_format(&exc_ValueError, "callable %R is not supported by signature", o);
    return NULL;
}

static Obj *i_signature(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"obj", "follow_wrapped", "globals", "locals", "eval_str"};
    Obj *v[5];
    if (mh_bind("signature", args, nargs, kw, names, 5, 1, 0, 1, 0, v) < 0) return NULL;
    return signature_of(v[0], false, 0);
}

/* ---- the module ------------------------------------------------------------------------------ */

static const MethodDef inspect_methods[] = {
    {"getmro", i_getmro, METH_FAST, "Return tuple of base classes (including cls) in method resolution order."},
    {"getmembers", i_getmembers, METH_FAST, "Return all members of an object as (name, value) pairs sorted by name."},
    {"cleandoc", i_cleandoc, METH_FAST, "Clean up indentation from docstrings."},
    {"getdoc", i_getdoc, METH_FAST, "Get the documentation string for an object."},
    {"getmodule", i_getmodule, METH_FAST, "Return the module an object was defined in, or None if not found."},
    {"getfile", i_getfile, METH_FAST, "Work out which source or compiled file an object was defined in."},
    {"getsourcefile", i_getsourcefile, METH_FAST, "Return the filename that can be used to locate an object's source."},
    {"getsourcelines", i_getsourcelines, METH_FAST, "Return a list of source lines and starting line number for an object."},
    {"getsource", i_getsource, METH_FAST, "Return the text of the source code for an object."},
    {"currentframe", i_currentframe, METH_FAST, "Return the frame of the caller or None if this is not possible."},
    {"stack", i_stack, METH_FAST, "Return a list of records for the stack above the caller's frame."},
    {"signature", i_signature, METH_FAST, "Get a signature object for the passed callable."},
    {NULL, NULL, 0, NULL},
};

static Obj *kind_str(Obj *state, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)state;
    if (args_no_kw("__str__", kw) < 0 || args_count("__str__", nargs, 1, 1) < 0) return NULL;
    return obj_getattr_str(args[0], "_name_");
}

static Obj *kind_description(Obj *state, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)state;
    if (args_no_kw("description", kw) < 0 || args_count("description", nargs, 1, 1) < 0) return NULL;
    int k = kind_index(args[0]);
    return str_from_cstr(k >= 0 ? kind_descr[k] : "");
}

/* _ParameterKind: an IntEnum whose str() is the member name, with .description. */
static int make_kind_enum(void)
{
    Obj *en = import_name(id_str("enum"), NULL, NULL, 0);
    Obj *ie = en ? obj_getattr_str(en, "IntEnum") : NULL;
    XDECREF(en);
    Obj *members = list_new(0);
    for (int i = 0; members && i < 5; i++) {
        Obj *n = str_from_cstr(kind_names[i]), *v = int_from_i64(i);
        Obj *pair = n && v ? tuple_pack(2, n, v) : NULL;
        if (!pair || list_append(members, pair) < 0) CLEAR(members);
        XDECREF(n);
        XDECREF(v);
        XDECREF(pair);
    }
    Obj *name = str_from_cstr("_ParameterKind"), *mod = str_from_cstr("inspect");
    Obj *kwn = tuple_pack(1, id_str("module"));
    Obj *a[3] = {name, members, mod};
    if (ie && members && name && mod && kwn) kind_cls = obj_call(ie, a, 2, kwn);
    XDECREF(ie);
    XDECREF(members);
    XDECREF(name);
    XDECREF(mod);
    XDECREF(kwn);
    if (!kind_cls) return -1;
    Obj *none = tuple_new(0);
    Obj *s = none ? closure_new(kind_str, none, "inspect", "_ParameterKind.__str__") : NULL;
    Obj *dfn = none ? closure_new(kind_description, none, "inspect", "_ParameterKind.description") : NULL;
    XDECREF(none);
    Obj *prop = dfn ? obj_call((Obj *)&property_type, &dfn, 1, NULL) : NULL;
    XDECREF(dfn);
    int rc = s && prop ? 0 : -1;
    if (rc == 0) rc = obj_setattr_str(kind_cls, "__str__", s);
    if (rc == 0) rc = obj_setattr_str(kind_cls, "description", prop);
    XDECREF(s);
    XDECREF(prop);
    for (int i = 0; rc == 0 && i < 5; i++) {
        kinds[i] = obj_getattr_str(kind_cls, kind_names[i]);
        if (!kinds[i]) rc = -1;
    }
    return rc;
}

static int build_classes(void)
{
    if (sig_cls) return 0;
    empty_cls = mh_class("inspect", "_empty", NULL, NULL, NULL, NULL);
    if (!empty_cls || make_kind_enum() < 0) return -1;
    param_cls = mh_class("inspect", "Parameter", NULL, param_methods, NULL, NULL);
    bound_cls = mh_class("inspect", "BoundArguments", NULL, ba_methods, ba_getset, NULL);
    Obj *s = mh_class("inspect", "Signature", NULL, sig_methods, NULL, NULL);
    if (!param_cls || !bound_cls || !s) {
        XDECREF(s);
        return -1;
    }
    int rc = obj_setattr_str(param_cls, "empty", empty_cls);
    for (int i = 0; rc == 0 && i < 5; i++) rc = obj_setattr_str(param_cls, kind_names[i], kinds[i]);
    if (rc == 0) rc = obj_setattr_str(s, "empty", empty_cls);
    Obj *coll = import_name(id_str("collections"), NULL, NULL, 0);
    Obj *nt = coll ? obj_getattr_str(coll, "namedtuple") : NULL;
    XDECREF(coll);
    Obj *n = str_from_cstr("FrameInfo"),
        *f = str_from_cstr("frame filename lineno function code_context index"),
        *mod = str_from_cstr("inspect"), *kwn = tuple_pack(1, id_str("module"));
    Obj *a[3] = {n, f, mod};
    if (rc == 0 && nt && n && f && mod && kwn) frameinfo_cls = obj_call(nt, a, 2, kwn);
    XDECREF(nt);
    XDECREF(n);
    XDECREF(f);
    XDECREF(mod);
    XDECREF(kwn);
    if (rc < 0 || !frameinfo_cls) {
        DECREF(s);
        return -1;
    }
    sig_cls = s;
    return 0;
}

static Obj *inspect_init(void)
{
    if (build_classes() < 0) return NULL;
    Obj *m = mh_module("inspect", inspect_methods);
    if (!m) return NULL;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof predicates / sizeof predicates[0]; i++) {
        Obj *idx = int_from_i64((int64_t)i);
        Obj *state = idx ? tuple_pack(1, idx) : NULL;
        XDECREF(idx);
        Obj *fn = state ? closure_new(call_predicate, state, "inspect", predicates[i].name) : NULL;
        XDECREF(state);
        rc = fn ? module_add(m, predicates[i].name, fn) : -1;
    }
    if (rc == 0) rc = mh_add_obj(m, "Signature", sig_cls);
    if (rc == 0) rc = mh_add_obj(m, "Parameter", param_cls);
    if (rc == 0) rc = mh_add_obj(m, "BoundArguments", bound_cls);
    if (rc == 0) rc = mh_add_obj(m, "_empty", empty_cls);
    if (rc == 0) rc = mh_add_obj(m, "_ParameterKind", kind_cls);
    if (rc == 0) rc = mh_add_obj(m, "FrameInfo", frameinfo_cls);
    static const struct { const char *n; int v; } co_flags[] = {
        {"CO_OPTIMIZED", 1}, {"CO_NEWLOCALS", 2}, {"CO_VARARGS", 4}, {"CO_VARKEYWORDS", 8},
        {"CO_NESTED", 16}, {"CO_GENERATOR", 32}, {"CO_NOFREE", 64}, {"CO_COROUTINE", 128},
        {"CO_ITERABLE_COROUTINE", 256}, {"CO_ASYNC_GENERATOR", 512},
    };
    for (size_t i = 0; rc == 0 && i < sizeof co_flags / sizeof co_flags[0]; i++)
        rc = module_add(m, co_flags[i].n, int_from_i64(co_flags[i].v));
    if (rc < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

void native_inspect_register(void)
{
    import_register_native("inspect", inspect_init);
}
