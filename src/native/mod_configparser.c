/* mod_configparser.c — the `configparser` module of CPython 3.12.
 *
 * RawConfigParser / ConfigParser / SectionProxy, the Interpolation classes
 * (none, BasicInterpolation's %(name)s, ExtendedInterpolation's
 * ${section:option}) and the exception hierarchy, written after
 * configparser.py step by step: the parsers keep the library's attributes
 * (_sections, _defaults, _proxies, _interpolation, default_section,
 * optionxform looked up on the instance each time, so `cp.optionxform =
 * str` works), the reader strips inline and full-line comments, joins
 * continuation lines and collects ParsingError lines exactly as _read does,
 * and write() lays sections out as the library does.  The parsers are
 * MutableMapping subclasses (keys/values/items views come from the mixins).
 * Converters other than int/float/boolean, LegacyInterpolation and custom
 * SECTCRE/OPTCRE patterns are left out.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"

#define MAX_INTERPOLATION_DEPTH 10

static Obj *cp_error, *cp_no_section, *cp_dup_section, *cp_dup_option, *cp_no_option, *cp_interp_error,
    *cp_interp_missing, *cp_interp_syntax, *cp_interp_depth, *cp_parsing_error, *cp_missing_header;
static Obj *cls_interpolation, *cls_basic, *cls_extended, *cls_raw, *cls_config, *cls_proxy, *unset_marker;

/* ---- small helpers ------------------------------------------------------------------------------- */

static Obj *ga(Obj *o, const char *name) { return obj_getattr_str(o, name); }

static int sa_steal(Obj *o, const char *name, Obj *v)
{
    if (!v) return -1;
    int r = obj_setattr_str(o, name, v);
    DECREF(v);
    return r;
}

static Obj *xform(Obj *self, Obj *opt) { return obj_call_method(self, "optionxform", &opt, 1); }

static bool is_space(uint32_t c) { return (ucd_flags(c) & UCD_SPACE) != 0; }

static Obj *strip(Obj *s)
{
    Ssize a = 0, b = VAR_SIZE(s);
    while (a < b && is_space(str_char(s, a))) a++;
    while (b > a && is_space(str_char(s, b - 1))) b--;
    return str_substr(s, a, b);
}

static Obj *rstrip(Obj *s)
{
    Ssize b = VAR_SIZE(s);
    while (b > 0 && is_space(str_char(s, b - 1))) b--;
    return str_substr(s, 0, b);
}

/* index of needle in s at or after from, -1 */
static Ssize str_find(Obj *s, Obj *needle, Ssize from)
{
    Ssize n = VAR_SIZE(s), m = VAR_SIZE(needle);
    for (Ssize i = from < 0 ? 0 : from; i + m <= n; i++) {
        Ssize k = 0;
        while (k < m && str_char(s, i + k) == str_char(needle, k)) k++;
        if (k == m) return i;
    }
    return -1;
}

static bool starts_with(Obj *s, Obj *prefix) { return VAR_SIZE(prefix) <= VAR_SIZE(s) && str_find(s, prefix, 0) == 0; }

static Ssize find_char(Obj *s, uint32_t c, Ssize from)
{
    for (Ssize i = from; i < VAR_SIZE(s); i++)
        if (str_char(s, i) == c) return i;
    return -1;
}

/* raise cls(*args) */
static void raise_new(Obj *cls, Obj *const *args, Ssize n)
{
    Obj *e = obj_call(cls, args, n, NULL);
    if (e) {
        vm_err_set_obj((TypeObj *)OBJ_TYPE(e), e);
        DECREF(e);
    }
}

static void raise2(Obj *cls, Obj *a, Obj *b)
{
    Obj *v[2] = {a, b};
    raise_new(cls, v, b ? 2 : 1);
}

/* ---- exceptions ----------------------------------------------------------------------------------
 * Methods are method descriptors of their class: self first, then the call's arguments. */

static int set_message_args(Obj *self, Obj *msg, Obj *args)
{
    int r = msg && args ? obj_setattr_str(self, "message", msg) : -1;
    if (r == 0) r = obj_setattr_str(self, "args", args);
    XDECREF(msg);
    XDECREF(args);
    return r;
}

static Obj *done(int r) { return r < 0 ? NULL : INCREF(NONE); }

static Obj *none_or(Obj *o) { return o ? o : NONE; }

static Obj *err_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"msg"};
    Obj *v[1];
    if (mh_bind_m("Error.__init__", a, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *msg = v[0] ? INCREF(v[0]) : str_from_cstr("");
    Obj *args = msg ? tuple_pack(1, msg) : NULL;
    int r = set_message_args(self, msg ? INCREF(msg) : NULL, args);
    XDECREF(msg);
    return done(r);
}

static Obj *err_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return ga(self, "message");
}

static Obj *no_section_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section"};
    Obj *v[1];
    if (mh_bind_m("NoSectionError.__init__", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (obj_setattr_str(self, "section", v[0]) < 0) return NULL;
    return done(set_message_args(self, str_from_fmt("No section: %R", v[0]), tuple_pack(1, v[0])));
}

/* "While reading from 'src' [line  5]: " + lower, or upper when there is no source */
static Obj *dup_message(Obj *lower, Obj *upper, Obj *source, Obj *lineno)
{
    if (!source || source == NONE) return INCREF(upper);
    Obj *ln = NULL;
    if (lineno && lineno != NONE) {
        Obj *f = obj_format(lineno, id_str("2d"));
        ln = f ? str_from_fmt(" [line %U]", f) : NULL;
        XDECREF(f);
    } else {
        ln = str_from_cstr("");
    }
    Obj *r = ln ? str_from_fmt("While reading from %R%U: %U", source, ln, lower) : NULL;
    XDECREF(ln);
    return r;
}

static int set_fields(Obj *self, const char *const *names, Obj *const *vals, int n)
{
    for (int i = 0; i < n; i++)
        if (obj_setattr_str(self, names[i], none_or(vals[i])) < 0) return -1;
    return 0;
}

static Obj *dup_section_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section", "source", "lineno"};
    Obj *v[3];
    if (mh_bind_m("DuplicateSectionError.__init__", a, n, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    Obj *lo = str_from_fmt("section %R already exists", v[0]);
    Obj *up = str_from_fmt("Section %R already exists", v[0]);
    Obj *msg = lo && up ? dup_message(lo, up, v[1], v[2]) : NULL;
    XDECREF(lo);
    XDECREF(up);
    if (set_fields(self, names, v, 3) < 0) {
        XDECREF(msg);
        return NULL;
    }
    return done(set_message_args(self, msg, tuple_pack(3, v[0], none_or(v[1]), none_or(v[2]))));
}

static Obj *dup_option_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section", "option", "source", "lineno"};
    Obj *v[4];
    if (mh_bind_m("DuplicateOptionError.__init__", a, n, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    Obj *lo = str_from_fmt("option %R in section %R already exists", v[1], v[0]);
    Obj *up = str_from_fmt("Option %R in section %R already exists", v[1], v[0]);
    Obj *msg = lo && up ? dup_message(lo, up, v[2], v[3]) : NULL;
    XDECREF(lo);
    XDECREF(up);
    if (set_fields(self, names, v, 4) < 0) {
        XDECREF(msg);
        return NULL;
    }
    return done(set_message_args(self, msg, tuple_pack(4, v[0], v[1], none_or(v[2]), none_or(v[3]))));
}

static Obj *no_option_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"option", "section"};
    Obj *v[2];
    if (mh_bind_m("NoOptionError.__init__", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (set_fields(self, names, v, 2) < 0) return NULL;
    return done(set_message_args(self, str_from_fmt("No option %R in section: %R", v[0], v[1]), tuple_pack(2, v[0], v[1])));
}

static const char *const interp_names[] = {"option", "section", "msg"};

static Obj *interp_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Obj *v[3];
    if (mh_bind_m("InterpolationError.__init__", a, n, kw, interp_names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    if (set_fields(self, interp_names, v, 2) < 0) return NULL;
    return done(set_message_args(self, INCREF(v[2]), tuple_pack(3, v[0], v[1], v[2])));
}

static Obj *interp_missing_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"option", "section", "rawval", "reference"};
    Obj *v[4];
    if (mh_bind_m("InterpolationMissingOptionError.__init__", a, n, kw, names, 4, 4, 0, 4, 0, v) < 0) return NULL;
    if (set_fields(self, names, v, 2) < 0 || obj_setattr_str(self, "reference", v[3]) < 0) return NULL;
    Obj *msg = str_from_fmt("Bad value substitution: option %R in section %R contains an interpolation key %R "
                            "which is not a valid option name. Raw value: %R", v[0], v[1], v[3], v[2]);
    return done(set_message_args(self, msg, tuple_pack(4, v[0], v[1], v[2], v[3])));
}

static Obj *interp_depth_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"option", "section", "rawval"};
    Obj *v[3];
    if (mh_bind_m("InterpolationDepthError.__init__", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    if (set_fields(self, names, v, 2) < 0) return NULL;
    Obj *msg = str_from_fmt("Recursion limit exceeded in value substitution: option %R in section %R contains "
                            "an interpolation key which cannot be substituted in %d steps. Raw value: %R",
                            v[0], v[1], MAX_INTERPOLATION_DEPTH, v[2]);
    return done(set_message_args(self, msg, tuple_pack(3, v[0], v[1], v[2])));
}

static Obj *parsing_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"source", "filename"};
    Obj *v[2];
    if (mh_bind_m("ParsingError.__init__", a, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *src = v[0] ? v[0] : v[1];
    if (!src) {
        vm_err_set_str(&exc_ValueError, "Required argument `source' not given.");
        return NULL;
    }
    if (obj_setattr_str(self, "source", src) < 0 || sa_steal(self, "errors", list_new(0)) < 0) return NULL;
    return done(set_message_args(self, str_from_fmt("Source contains parsing errors: %R", src), tuple_pack(1, src)));
}

static Obj *parsing_append(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"lineno", "line"};
    Obj *v[2];
    if (mh_bind_m("append", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *errors = ga(self, "errors");
    Obj *pair = errors ? tuple_pack(2, v[0], v[1]) : NULL;
    int r = pair ? list_append(errors, pair) : -1;
    XDECREF(pair);
    XDECREF(errors);
    if (r < 0) return NULL;
    Obj *msg = ga(self, "message");
    Obj *ln = msg ? obj_format(v[0], id_str("2d")) : NULL;
    Obj *nm = ln ? str_from_fmt("%U\n\t[line %U]: %S", msg, ln, v[1]) : NULL;
    XDECREF(msg);
    XDECREF(ln);
    return done(sa_steal(self, "message", nm));
}

static Obj *missing_header_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"filename", "lineno", "line"};
    Obj *v[3];
    if (mh_bind_m("MissingSectionHeaderError.__init__", a, n, kw, names, 3, 3, 0, 3, 0, v) < 0) return NULL;
    Obj *msg = str_from_fmt("File contains no section headers.\nfile: %R, line: %S\n%R", v[0], v[1], v[2]);
    if (obj_setattr_str(self, "source", v[0]) < 0 || obj_setattr_str(self, "lineno", v[1]) < 0 ||
        obj_setattr_str(self, "line", v[2]) < 0 || sa_steal(self, "errors", list_new(0)) < 0) {
        XDECREF(msg);
        return NULL;
    }
    return done(set_message_args(self, msg, tuple_pack(3, v[0], v[1], v[2])));
}

#define INIT_DEF(fn) {{"__init__", fn, METH_FAST, NULL}, {NULL, NULL, 0, NULL}}
static MethodDef error_defs[] = {{"__init__", err_init, METH_FAST, NULL}, {"__repr__", err_repr, METH_FAST, NULL},
                                 {"__str__", err_repr, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static MethodDef no_section_defs[] = INIT_DEF(no_section_init);
static MethodDef dup_section_defs[] = INIT_DEF(dup_section_init);
static MethodDef dup_option_defs[] = INIT_DEF(dup_option_init);
static MethodDef no_option_defs[] = INIT_DEF(no_option_init);
static MethodDef interp_defs[] = INIT_DEF(interp_init);
static MethodDef interp_missing_defs[] = INIT_DEF(interp_missing_init);
static MethodDef interp_depth_defs[] = INIT_DEF(interp_depth_init);
static MethodDef parsing_defs[] = {{"__init__", parsing_init, METH_FAST, NULL},
                                   {"append", parsing_append, METH_FAST, NULL}, {NULL, NULL, 0, NULL}};
static MethodDef missing_header_defs[] = INIT_DEF(missing_header_init);

static Obj *error_class(const char *name, Obj *base, const MethodDef *defs)
{
    Obj *bases = tuple_pack(1, base);
    Obj *cls = bases ? mh_class("configparser", name, bases, defs, NULL, NULL) : NULL;
    XDECREF(bases);
    return cls;
}

static int make_errors(void)
{
    if (!(cp_error = error_class("Error", (Obj *)&exc_Exception, error_defs))) return -1;
    if (!(cp_no_section = error_class("NoSectionError", cp_error, no_section_defs))) return -1;
    if (!(cp_dup_section = error_class("DuplicateSectionError", cp_error, dup_section_defs))) return -1;
    if (!(cp_dup_option = error_class("DuplicateOptionError", cp_error, dup_option_defs))) return -1;
    if (!(cp_no_option = error_class("NoOptionError", cp_error, no_option_defs))) return -1;
    if (!(cp_interp_error = error_class("InterpolationError", cp_error, interp_defs))) return -1;
    if (!(cp_interp_missing = error_class("InterpolationMissingOptionError", cp_interp_error, interp_missing_defs)))
        return -1;
    if (!(cp_interp_syntax = error_class("InterpolationSyntaxError", cp_interp_error, NULL))) return -1;
    if (!(cp_interp_depth = error_class("InterpolationDepthError", cp_interp_error, interp_depth_defs))) return -1;
    if (!(cp_parsing_error = error_class("ParsingError", cp_error, parsing_defs))) return -1;
    if (!(cp_missing_header = error_class("MissingSectionHeaderError", cp_parsing_error, missing_header_defs)))
        return -1;
    return 0;
}

/* ---- interpolation ------------------------------------------------------------------------------- */

/* parser.get(section, option, raw=True[, fallback=fallback]) through the instance (overrides count) */
static Obj *parser_get_raw(Obj *parser, Obj *section, Obj *option, Obj *fallback)
{
    Obj *get = ga(parser, "get");
    if (!get) return NULL;
    Obj *kwn = fallback ? tuple_pack(2, id_str("raw"), id_str("fallback")) : tuple_pack(1, id_str("raw"));
    Obj *args[4] = {section, option, TRUE_, fallback};
    Obj *r = kwn ? obj_call(get, args, 2, kwn) : NULL;
    XDECREF(kwn);
    DECREF(get);
    return r;
}

static Obj *identity_before(Obj *self, Obj *const *a, Ssize n, Obj *kw, Ssize nparams)
{
    (void)self;
    if (args_no_kw("before", kw) < 0) return NULL;
    if (n != nparams) {
        vm_err_format(&exc_TypeError, "takes %zd positional arguments but %zd were given", nparams + 1, n + 1);
        return NULL;
    }
    return INCREF(a[3]);
}

static Obj *interp_before_get(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return identity_before(self, a, n, kw, 5); }
static Obj *interp_before_4(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return identity_before(self, a, n, kw, 4); }

static MethodDef interpolation_defs[] = {
    {"before_get", interp_before_get, METH_FAST, NULL},
    {"before_set", interp_before_4, METH_FAST, NULL},
    {"before_read", interp_before_4, METH_FAST, NULL},
    {"before_write", interp_before_4, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static void syntax_error(Obj *option, Obj *section, Obj *msg)
{
    if (!msg) return;
    Obj *v[3] = {option, section, msg};
    raise_new(cp_interp_syntax, v, 3);
    DECREF(msg);
}

/* the end of a `%(name)s` / `${name}` reference starting at i, or -1 */
static Ssize match_ref(Obj *s, Ssize i, bool extended, Ssize *name_start, Ssize *name_end)
{
    Ssize n = VAR_SIZE(s);
    if (i + 1 >= n || str_char(s, i + 1) != (extended ? '{' : '(')) return -1;
    Ssize j = find_char(s, extended ? '}' : ')', i + 2);
    if (j < 0 || j == i + 2) return -1;
    if (!extended && (j + 1 >= n || str_char(s, j + 1) != 's')) return -1;
    *name_start = i + 2;
    *name_end = j;
    return extended ? j + 1 : j + 2;
}

static int interpolate_some(Obj *parser, Obj *option, Obj *accum, Obj *rest, Obj *section, Obj *map, int depth,
                            bool ext);

/* ExtendedInterpolation's ${section:option} / ${option} lookup: v and the section/option it came from */
static int extended_lookup(Obj *parser, Obj *option, Obj *section, Obj *map, Obj *rawval, Obj *name, Obj *rest,
                           Obj **v, Obj **sect, Obj **opt)
{
    Obj *colon = str_from_cstr(":");
    Obj *path = colon ? obj_call_method(name, "split", &colon, 1) : NULL;
    XDECREF(colon);
    if (!path) return -1;
    *v = NULL;
    *sect = INCREF(section);
    *opt = INCREF(option);
    Ssize np = LIST_LEN(path);
    if (np == 1) {
        obj_setref(opt, xform(parser, LIST_ITEMS(path)[0]));
        *v = *opt ? obj_getitem(map, *opt) : NULL;
    } else if (np == 2) {
        obj_setref(sect, INCREF(LIST_ITEMS(path)[0]));
        obj_setref(opt, xform(parser, LIST_ITEMS(path)[1]));
        *v = *opt ? parser_get_raw(parser, *sect, *opt, NULL) : NULL;
    } else {
        syntax_error(option, section, str_from_fmt("More than one ':' found: %R", rest));
    }
    if (!*v && (vm_err_matches(&exc_KeyError) || vm_err_matches((TypeObj *)cp_no_section) ||
                vm_err_matches((TypeObj *)cp_no_option))) {
        vm_err_clear();
        Obj *joined = str_join(id_str(":"), path);
        if (joined) {
            Obj *args[4] = {option, section, rawval, joined};
            raise_new(cp_interp_missing, args, 4);
            DECREF(joined);
        }
    }
    DECREF(path);
    if (!*v) {
        CLEAR(*sect);
        CLEAR(*opt);
        return -1;
    }
    return 0;
}

static int interpolate_some(Obj *parser, Obj *option, Obj *accum, Obj *rest, Obj *section, Obj *map, int depth,
                            bool ext)
{
    uint32_t mark = ext ? '$' : '%';
    Obj *rawval = parser_get_raw(parser, section, option, rest);
    if (!rawval) return -1;
    int rc = -1;
    if (depth > MAX_INTERPOLATION_DEPTH) {
        Obj *args[3] = {option, section, rawval};
        raise_new(cp_interp_depth, args, 3);
        goto out;
    }
    if (!STR_CHECK(rest)) {
        /* a valueless option (None): `while rest:` does not run */
        int t = obj_is_true(rest);
        if (t > 0) vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'find'", OBJ_TYPE(rest)->name);
        rc = t == 0 ? 0 : -1;
        goto out;
    }
    Ssize i = 0, n = VAR_SIZE(rest);
    while (i < n) {
        Ssize p = find_char(rest, mark, i);
        if (p < 0) {
            Obj *t = str_substr(rest, i, n);
            if (!t || list_append(accum, t) < 0) {
                XDECREF(t);
                goto out;
            }
            DECREF(t);
            break;
        }
        if (p > i) {
            Obj *t = str_substr(rest, i, p);
            if (!t || list_append(accum, t) < 0) {
                XDECREF(t);
                goto out;
            }
            DECREF(t);
            i = p;
        }
        uint32_t c = i + 1 < n ? str_char(rest, i + 1) : 0;
        if (c == mark) {
            if (list_append(accum, ext ? id_str("$") : id_str("%")) < 0) goto out;
            i += 2;
            continue;
        }
        Obj *tail = str_substr(rest, i, n);
        if (!tail) goto out;
        if (c != (ext ? '{' : '(')) {
            syntax_error(option, section,
                         ext ? str_from_fmt("'$' must be followed by '$' or '{', found: %R", tail)
                             : str_from_fmt("'%%' must be followed by '%%' or '(', found: %R", tail));
            DECREF(tail);
            goto out;
        }
        Ssize ns, ne, end = match_ref(rest, i, ext, &ns, &ne);
        if (end < 0) {
            syntax_error(option, section, str_from_fmt("bad interpolation variable reference %R", tail));
            DECREF(tail);
            goto out;
        }
        DECREF(tail);
        Obj *name = str_substr(rest, ns, ne);
        if (!name) goto out;
        i = end;
        Obj *after = str_substr(rest, i, n);
        Obj *v = NULL, *sect = NULL, *opt = NULL;
        int r;
        if (ext) {
            r = after ? extended_lookup(parser, option, section, map, rawval, name, after, &v, &sect, &opt) : -1;
        } else {
            Obj *var = xform(parser, name);
            v = var ? obj_getitem(map, var) : NULL;
            if (!v && vm_err_matches(&exc_KeyError)) {
                vm_err_clear();
                Obj *args[4] = {option, section, rawval, var};
                raise_new(cp_interp_missing, args, 4);
            }
            XDECREF(var);
            r = v ? 0 : -1;
            sect = INCREF(section);
            opt = INCREF(option);
        }
        XDECREF(after);
        DECREF(name);
        if (r < 0) {
            XDECREF(sect);
            XDECREF(opt);
            goto out;
        }
        int has = obj_contains(v, ext ? id_str("$") : id_str("%"));
        if (has > 0) {
            Obj *m2 = NULL;
            if (ext) {
                Obj *kwn = tuple_pack(1, id_str("raw"));
                Obj *items_fn = kwn ? ga(parser, "items") : NULL;
                Obj *args[2] = {sect, TRUE_};
                Obj *items = items_fn ? obj_call(items_fn, args, 1, kwn) : NULL;
                XDECREF(kwn);
                XDECREF(items_fn);
                m2 = items ? obj_call((Obj *)&dict_type, &items, 1, NULL) : NULL;
                XDECREF(items);
            } else {
                m2 = INCREF(map);
            }
            has = m2 ? interpolate_some(parser, opt, accum, v, sect, m2, depth + 1, ext) : -1;
            XDECREF(m2);
        } else if (has == 0) {
            has = list_append(accum, v);
        }
        DECREF(v);
        XDECREF(sect);
        XDECREF(opt);
        if (has < 0) goto out;
    }
    rc = 0;
out:
    DECREF(rawval);
    return rc;
}

static Obj *interp_get_common(Obj *const *a, Ssize n, Obj *kw, bool ext)
{
    static const char *const names[] = {"parser", "section", "option", "value", "defaults"};
    Obj *v[5];
    if (mh_bind_m("before_get", a, n, kw, names, 5, 5, 0, 5, 0, v) < 0) return NULL;
    Obj *accum = list_new(0);
    if (!accum) return NULL;
    Obj *r = NULL;
    if (interpolate_some(v[0], v[2], accum, v[3], v[1], v[4], 1, ext) == 0) r = str_join(id_str(""), accum);
    DECREF(accum);
    return r;
}

static Obj *basic_before_get(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)self; return interp_get_common(a, n, kw, false); }
static Obj *ext_before_get(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)self; return interp_get_common(a, n, kw, true); }

/* before_set: the value without escaped marks and valid references may hold no mark */
static Obj *interp_set_common(Obj *const *a, Ssize n, Obj *kw, bool ext)
{
    static const char *const names[] = {"parser", "section", "option", "value"};
    Obj *v[4];
    if (mh_bind_m("before_set", a, n, kw, names, 4, 4, 0, 4, 0, v) < 0) return NULL;
    Obj *value = v[3];
    if (!STR_CHECK(value)) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'replace'", OBJ_TYPE(value)->name);
        return NULL;
    }
    uint32_t mark = ext ? '$' : '%';
    Ssize len = VAR_SIZE(value);
    uint32_t *t1 = malloc(((size_t)len + 1) * sizeof *t1);
    if (!t1) {
        vm_err_no_memory();
        return NULL;
    }
    Ssize k = 0;
    for (Ssize i = 0; i < len; i++) {
        uint32_t c = str_char(value, i);
        if (c == mark && i + 1 < len && str_char(value, i + 1) == mark) {
            i++;
            continue;
        }
        t1[k++] = c;
    }
    Obj *tmp = str_from_ucs4(t1, k);
    free(t1);
    if (!tmp) return NULL;
    Ssize pos = -1, removed = 0;
    for (Ssize i = 0; i < VAR_SIZE(tmp); i++) {
        if (str_char(tmp, i) != mark) continue;
        Ssize ns, ne, end = match_ref(tmp, i, ext, &ns, &ne);
        if (end >= 0) {
            removed += end - i;
            i = end - 1;
            continue;
        }
        pos = i - removed;
        break;
    }
    DECREF(tmp);
    if (pos >= 0) {
        vm_err_format(&exc_ValueError, "invalid interpolation syntax in %R at position %zd", value, pos);
        return NULL;
    }
    return INCREF(value);
}

static Obj *basic_before_set(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)self; return interp_set_common(a, n, kw, false); }
static Obj *ext_before_set(Obj *self, Obj *const *a, Ssize n, Obj *kw) { (void)self; return interp_set_common(a, n, kw, true); }

static MethodDef basic_defs[] = {
    {"before_get", basic_before_get, METH_FAST, NULL},
    {"before_set", basic_before_set, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};
static MethodDef extended_defs[] = {
    {"before_get", ext_before_get, METH_FAST, NULL},
    {"before_set", ext_before_set, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the parser: state kept in the library's attributes -------------------------------------------- */

static int is_default_section(Obj *self, Obj *section)
{
    Obj *ds = ga(self, "default_section");
    if (!ds) return -1;
    int r = obj_richcompare_bool(section, ds, CMP_EQ);
    DECREF(ds);
    return r;
}

/* self._sections[section] (new ref); NULL without exception when missing */
static Obj *section_dict(Obj *self, Obj *section)
{
    Obj *secs = ga(self, "_sections");
    if (!secs) return NULL;
    Obj *d = obj_getitem(secs, section);
    DECREF(secs);
    if (!d && vm_err_matches(&exc_KeyError)) vm_err_clear();
    return d;
}

static void raise_no_section(Obj *section) { raise2(cp_no_section, section, NULL); }

static Obj *proxy_new(Obj *parser, Obj *name)
{
    Obj *v[2] = {parser, name};
    return obj_call(cls_proxy, v, 2, NULL);
}

static bool is_config_parser(Obj *self) { return obj_isinstance(self, cls_config) > 0; }

/* ConfigParser._validate_value_types */
static int validate_types(Obj *self, Obj *section, Obj *option, Obj *value)
{
    if (section && !STR_CHECK(section)) {
        vm_err_set_str(&exc_TypeError, "section names must be strings");
        return -1;
    }
    if (option && !STR_CHECK(option)) {
        vm_err_set_str(&exc_TypeError, "option keys must be strings");
        return -1;
    }
    if (value) {
        Obj *anv = ga(self, "_allow_no_value");
        if (!anv) return -1;
        int allow = obj_is_true(anv);
        DECREF(anv);
        int truth = obj_is_true(value);
        if (allow < 0 || truth < 0) return -1;
        if ((!allow || truth) && !STR_CHECK(value)) {
            vm_err_set_str(&exc_TypeError, "option values must be strings");
            return -1;
        }
    }
    return 0;
}

static Obj *call_m(Obj *o, const char *name, Obj *const *args, Ssize n) { return obj_call_method(o, name, args, n); }

static int call_m_void(Obj *o, const char *name, Obj *const *args, Ssize n)
{
    Obj *r = call_m(o, name, args, n);
    XDECREF(r);
    return r ? 0 : -1;
}

static Obj *rcp_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"defaults", "dict_type", "allow_no_value", "delimiters", "comment_prefixes",
                                        "inline_comment_prefixes", "strict", "empty_lines_in_values",
                                        "default_section", "interpolation", "converters"};
    Obj *v[11];
    if (mh_bind_m("RawConfigParser.__init__", a, n, kw, names, 11, 3, 0, 0, 0, v) < 0) return NULL;
    Obj *factory = v[1] ? v[1] : (Obj *)&dict_type;
    Obj *ds = v[8] ? INCREF(v[8]) : str_from_cstr("DEFAULT");
    if (!ds || obj_setattr_str(self, "_dict", factory) < 0 ||
        sa_steal(self, "_sections", obj_call(factory, NULL, 0, NULL)) < 0 ||
        sa_steal(self, "_defaults", obj_call(factory, NULL, 0, NULL)) < 0 ||
        sa_steal(self, "_proxies", obj_call(factory, NULL, 0, NULL)) < 0 ||
        obj_setattr_str(self, "default_section", ds) < 0) {
        XDECREF(ds);
        return NULL;
    }
    Obj *proxies = ga(self, "_proxies");
    Obj *px = proxies ? proxy_new(self, ds) : NULL;
    int r = px ? obj_setitem(proxies, ds, px) : -1;
    XDECREF(px);
    XDECREF(proxies);
    DECREF(ds);
    if (r < 0) return NULL;
    Obj *delims = v[3] ? seq_to_tuple(v[3]) : tuple_pack(2, id_str("="), id_str(":"));
    if (sa_steal(self, "_delimiters", delims) < 0) return NULL;
    Obj *cp = v[4] ? v[4] : NULL;
    if (cp) {
        int t = obj_is_true(cp);
        if (t < 0) return NULL;
        if (sa_steal(self, "_comment_prefixes", t ? seq_to_tuple(cp) : tuple_new(0)) < 0) return NULL;
    } else if (sa_steal(self, "_comment_prefixes", tuple_pack(2, id_str("#"), id_str(";"))) < 0) {
        return NULL;
    }
    int it = v[5] ? obj_is_true(v[5]) : 0;
    if (it < 0 || sa_steal(self, "_inline_comment_prefixes", it ? seq_to_tuple(v[5]) : tuple_new(0)) < 0) return NULL;
    if (obj_setattr_str(self, "_strict", v[6] ? v[6] : TRUE_) < 0 ||
        obj_setattr_str(self, "_allow_no_value", v[2] ? v[2] : FALSE_) < 0 ||
        obj_setattr_str(self, "_empty_lines_in_values", v[7] ? v[7] : TRUE_) < 0)
        return NULL;
    Obj *interp;
    if (!v[9] || v[9] == unset_marker) {
        Obj *cls = (Obj *)OBJ_TYPE(self);
        Obj *dflt = ga(cls, "_DEFAULT_INTERPOLATION");
        if (!dflt) return NULL;
        interp = dflt;
    } else {
        interp = INCREF(v[9]);
    }
    if (interp == NONE) obj_setref(&interp, obj_call(cls_interpolation, NULL, 0, NULL));
    if (!interp) return NULL;
    if (obj_isinstance(interp, cls_interpolation) <= 0) {
        vm_err_format(&exc_TypeError,
                      "interpolation= must be None or an instance of Interpolation; got an object of type %R",
                      (Obj *)OBJ_TYPE(interp));
        DECREF(interp);
        return NULL;
    }
    if (sa_steal(self, "_interpolation", interp) < 0) return NULL;
    if (v[0]) {
        int t = obj_is_true(v[0]);
        if (t < 0) return NULL;
        if (t && call_m_void(self, "_read_defaults", &v[0], 1) < 0) return NULL;
    }
    return INCREF(NONE);
}

static Obj *rcp_read_defaults(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("_read_defaults", n, kw) < 0) return NULL;
    if (is_config_parser(self)) {
        /* ConfigParser: through read_dict, without interpolation */
        Obj *hold = ga(self, "_interpolation");
        if (!hold) return NULL;
        Obj *plain = obj_call(cls_interpolation, NULL, 0, NULL);
        Obj *ds = ga(self, "default_section");
        Obj *d = ds ? dict_new() : NULL;
        int r = plain && d && dict_set(d, ds, a[0]) == 0 ? sa_steal(self, "_interpolation", plain) : -1;
        if (r == 0) r = call_m_void(self, "read_dict", &d, 1);
        Obj *exc = r < 0 ? vm_err_fetch() : NULL;
        obj_setattr_str(self, "_interpolation", hold);
        if (exc) vm_err_restore(exc);
        DECREF(hold);
        XDECREF(ds);
        XDECREF(d);
        return done(r);
    }
    Obj *defaults = ga(self, "_defaults");
    Obj *items = defaults ? call_m(a[0], "items", NULL, 0) : NULL;
    Obj *iter = items ? obj_getiter(items) : NULL, *pair;
    XDECREF(items);
    int r = iter ? 0 : -1;
    while (r == 0 && (pair = obj_iternext(iter))) {
        Obj *k = TUPLE_CHECK(pair) && TUPLE_LEN(pair) == 2 ? xform(self, TUPLE_ITEMS(pair)[0]) : NULL;
        r = k ? obj_setitem(defaults, k, TUPLE_ITEMS(pair)[1]) : -1;
        XDECREF(k);
        DECREF(pair);
    }
    if (r == 0 && vm_err_occurred()) r = -1;
    XDECREF(iter);
    XDECREF(defaults);
    return done(r);
}

static Obj *rcp_defaults(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("defaults", n, kw) < 0) return NULL;
    return ga(self, "_defaults");
}

static Obj *rcp_sections(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("sections", n, kw) < 0) return NULL;
    Obj *secs = ga(self, "_sections");
    Obj *r = secs ? seq_to_list(secs) : NULL;
    XDECREF(secs);
    return r;
}

static Obj *rcp_add_section(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section"};
    Obj *v[1];
    if (mh_bind_m("add_section", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *section = v[0];
    if (is_config_parser(self) && validate_types(self, section, NULL, NULL) < 0) return NULL;
    int d = is_default_section(self, section);
    if (d < 0) return NULL;
    if (d) {
        vm_err_format(&exc_ValueError, "Invalid section name: %R", section);
        return NULL;
    }
    Obj *secs = ga(self, "_sections");
    if (!secs) return NULL;
    int has = obj_contains(secs, section);
    if (has != 0) {
        DECREF(secs);
        if (has > 0) raise2(cp_dup_section, section, NULL);
        return NULL;
    }
    Obj *dt = ga(self, "_dict");
    Obj *nd = dt ? obj_call(dt, NULL, 0, NULL) : NULL;
    XDECREF(dt);
    int r = nd ? obj_setitem(secs, section, nd) : -1;
    XDECREF(nd);
    DECREF(secs);
    Obj *proxies = r == 0 ? ga(self, "_proxies") : NULL;
    Obj *px = proxies ? proxy_new(self, section) : NULL;
    r = px ? obj_setitem(proxies, section, px) : -1;
    XDECREF(px);
    XDECREF(proxies);
    return done(r);
}

static Obj *rcp_has_section(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("has_section", n, kw) < 0) return NULL;
    Obj *secs = ga(self, "_sections");
    int r = secs ? obj_contains(secs, a[0]) : -1;
    XDECREF(secs);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *rcp_options(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section"};
    Obj *v[1];
    if (mh_bind_m("options", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *sd = section_dict(self, v[0]);
    if (!sd) {
        if (!vm_err_occurred()) raise_no_section(v[0]);
        return NULL;
    }
    Obj *opts = call_m(sd, "copy", NULL, 0);
    DECREF(sd);
    Obj *defaults = opts ? ga(self, "_defaults") : NULL;
    int r = defaults ? call_m_void(opts, "update", &defaults, 1) : -1;
    XDECREF(defaults);
    Obj *res = r == 0 ? seq_to_list(opts) : NULL;
    XDECREF(opts);
    return res;
}

static int has_option(Obj *self, Obj *section, Obj *option)
{
    int t = obj_is_true(section);
    if (t < 0) return -1;
    int d = t ? is_default_section(self, section) : 1;
    if (d < 0) return -1;
    Obj *opt = xform(self, option);
    if (!opt) return -1;
    Obj *defaults = ga(self, "_defaults");
    int r = -1;
    if (!defaults) goto out;
    if (d) {
        r = obj_contains(defaults, opt);
    } else {
        Obj *sd = section_dict(self, section);
        if (!sd) {
            r = vm_err_occurred() ? -1 : 0;
        } else {
            r = obj_contains(sd, opt);
            if (r == 0) r = obj_contains(defaults, opt);
            DECREF(sd);
        }
    }
    DECREF(defaults);
out:
    DECREF(opt);
    return r;
}

static Obj *rcp_has_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section", "option"};
    Obj *v[2];
    if (mh_bind_m("has_option", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    int r = has_option(self, v[0], v[1]);
    return r < 0 ? NULL : bool_from(r);
}

/* _unify_values: ChainMap(vars, section, defaults) */
static Obj *unify_values(Obj *self, Obj *section, Obj *vars)
{
    Obj *sd = section_dict(self, section);
    if (!sd) {
        if (vm_err_occurred()) return NULL;
        int d = is_default_section(self, section);
        if (d <= 0) {
            if (d == 0) raise_no_section(section);
            return NULL;
        }
        sd = dict_new();
        if (!sd) return NULL;
    }
    Obj *vardict = dict_new();
    int r = vardict ? 0 : -1;
    if (r == 0 && vars && vars != NONE) {
        int t = obj_is_true(vars);
        Obj *items = t > 0 ? call_m(vars, "items", NULL, 0) : NULL;
        Obj *it = items ? obj_getiter(items) : NULL, *pair;
        XDECREF(items);
        if (t < 0 || (t > 0 && !it)) r = -1;
        while (r == 0 && it && (pair = obj_iternext(it))) {
            Obj *k = xform(self, TUPLE_ITEMS(pair)[0]);
            Obj *val = TUPLE_ITEMS(pair)[1];
            Obj *sv = val == NONE ? INCREF(NONE) : obj_str(val);
            r = k && sv ? obj_setitem(vardict, k, sv) : -1;
            XDECREF(k);
            XDECREF(sv);
            DECREF(pair);
        }
        if (r == 0 && vm_err_occurred()) r = -1;
        XDECREF(it);
    }
    Obj *defaults = r == 0 ? ga(self, "_defaults") : NULL;
    Obj *coll = defaults ? import_name(id_str("collections"), NULL, NULL, 0) : NULL;
    Obj *chain = coll ? ga(coll, "ChainMap") : NULL;
    Obj *args[3] = {vardict, sd, defaults};
    Obj *res = chain ? obj_call(chain, args, 3, NULL) : NULL;
    XDECREF(chain);
    XDECREF(coll);
    XDECREF(defaults);
    XDECREF(vardict);
    DECREF(sd);
    return res;
}

static bool given(Obj *o) { return o && o != unset_marker; }

/* RawConfigParser.get with its keyword arguments resolved */
static Obj *get_value(Obj *self, Obj *section, Obj *option, bool raw, Obj *vars, Obj *fallback)
{
    Obj *d = unify_values(self, section, vars);
    if (!d) {
        if (given(fallback) && vm_err_matches((TypeObj *)cp_no_section)) {
            vm_err_clear();
            return INCREF(fallback);
        }
        return NULL;
    }
    Obj *opt = xform(self, option);
    Obj *value = opt ? obj_getitem(d, opt) : NULL;
    if (!value && opt && vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
        if (given(fallback)) {
            DECREF(opt);
            DECREF(d);
            return INCREF(fallback);
        }
        raise2(cp_no_option, opt, section);
    }
    Obj *r = NULL;
    if (value && (raw || value == NONE)) {
        r = INCREF(value);
    } else if (value) {
        Obj *interp = ga(self, "_interpolation");
        Obj *args[5] = {self, section, opt, value, d};
        r = interp ? call_m(interp, "before_get", args, 5) : NULL;
        XDECREF(interp);
    }
    XDECREF(value);
    XDECREF(opt);
    DECREF(d);
    return r;
}

static const char *const get_names[] = {"section", "option", "raw", "vars", "fallback"};

static Obj *rcp_get(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    Obj *v[5];
    if (mh_bind_m("get", a, n, kw, get_names, 5, 2, 0, 2, 0, v) < 0) return NULL;
    int raw = v[2] ? obj_is_true(v[2]) : 0;
    if (raw < 0) return NULL;
    return get_value(self, v[0], v[1], raw, v[3], v[4]);
}

/* getint/getfloat/getboolean: self.get(...) converted; fallback only for missing sections/options */
static Obj *to_boolean(Obj *self, Obj *value)
{
    Obj *low = call_m(value, "lower", NULL, 0);
    Obj *states = low ? ga(self, "BOOLEAN_STATES") : NULL;
    Obj *r = states ? obj_getitem(states, low) : NULL;
    if (!r && states && vm_err_matches(&exc_KeyError)) {
        vm_err_clear();
        vm_err_format(&exc_ValueError, "Not a boolean: %S", value);
    }
    XDECREF(low);
    XDECREF(states);
    return r;
}

static Obj *get_converted(Obj *self, Obj *const *a, Ssize n, Obj *kw, const char *fname, int kind)
{
    Obj *v[5];
    if (mh_bind_m(fname, a, n, kw, get_names, 5, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *get = ga(self, "get");
    if (!get) return NULL;
    Obj *kwn = tuple_pack(2, id_str("raw"), id_str("vars"));
    Obj *args[4] = {v[0], v[1], v[2] ? v[2] : FALSE_, v[3] ? v[3] : NONE};
    Obj *value = kwn ? obj_call(get, args, 2, kwn) : NULL;
    XDECREF(kwn);
    DECREF(get);
    if (!value) {
        if (given(v[4]) && (vm_err_matches((TypeObj *)cp_no_section) || vm_err_matches((TypeObj *)cp_no_option))) {
            vm_err_clear();
            return INCREF(v[4]);
        }
        return NULL;
    }
    Obj *r;
    if (kind == 2) r = to_boolean(self, value);
    else r = obj_call(kind == 0 ? (Obj *)&int_type : (Obj *)&float_type, &value, 1, NULL);
    DECREF(value);
    return r;
}

static Obj *rcp_getint(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return get_converted(self, a, n, kw, "getint", 0); }
static Obj *rcp_getfloat(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return get_converted(self, a, n, kw, "getfloat", 1); }
static Obj *rcp_getboolean(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return get_converted(self, a, n, kw, "getboolean", 2); }

static Obj *rcp_items(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section", "raw", "vars"};
    Obj *v[3];
    if (mh_bind_m("items", a, n, kw, names, 3, 3, 0, 0, 0, v) < 0) return NULL;
    if (!given(v[0])) {
        /* MutableMapping.items(): an ItemsView of (name, proxy) */
        Obj *coll = import_name(id_str("collections.abc"), NULL, NULL, 0);
        Obj *abc = coll ? obj_getattr_str(coll, "abc") : NULL;
        Obj *view = abc ? ga(abc, "ItemsView") : NULL;
        Obj *r = view ? obj_call(view, &self, 1, NULL) : NULL;
        XDECREF(coll);
        XDECREF(abc);
        XDECREF(view);
        return r;
    }
    Obj *section = v[0];
    int raw = v[1] ? obj_is_true(v[1]) : 0;
    if (raw < 0) return NULL;
    Obj *defaults = ga(self, "_defaults");
    Obj *d = defaults ? call_m(defaults, "copy", NULL, 0) : NULL;
    XDECREF(defaults);
    if (!d) return NULL;
    Obj *sd = section_dict(self, section);
    Obj *res = NULL, *keys = NULL, *interp = NULL;
    if (sd) {
        int r = call_m_void(d, "update", &sd, 1);
        DECREF(sd);
        if (r < 0) goto out;
    } else {
        if (vm_err_occurred()) goto out;
        int dflt = is_default_section(self, section);
        if (dflt <= 0) {
            if (dflt == 0) raise_no_section(section);
            goto out;
        }
    }
    if (!(keys = seq_to_list(d))) goto out;
    if (v[2] && v[2] != NONE) {
        int t = obj_is_true(v[2]);
        if (t < 0) goto out;
        if (t) {
            Obj *items = call_m(v[2], "items", NULL, 0);
            Obj *it = items ? obj_getiter(items) : NULL, *pair;
            XDECREF(items);
            if (!it) goto out;
            while ((pair = obj_iternext(it))) {
                Obj *k = xform(self, TUPLE_ITEMS(pair)[0]);
                int r = k ? obj_setitem(d, k, TUPLE_ITEMS(pair)[1]) : -1;
                XDECREF(k);
                DECREF(pair);
                if (r < 0) break;
            }
            DECREF(it);
            if (vm_err_occurred()) goto out;
        }
    }
    if (!raw && !(interp = ga(self, "_interpolation"))) goto out;
    if (!(res = list_new(0))) goto out;
    for (Ssize i = 0; i < LIST_LEN(keys); i++) {
        Obj *opt = LIST_ITEMS(keys)[i];
        Obj *val = obj_getitem(d, opt);
        if (val && !raw) {
            Obj *args[5] = {self, section, opt, val, d};
            obj_setref(&val, call_m(interp, "before_get", args, 5));
        }
        Obj *pair = val ? tuple_pack(2, opt, val) : NULL;
        XDECREF(val);
        if (!pair || list_append(res, pair) < 0) {
            XDECREF(pair);
            CLEAR(res);
            goto out;
        }
        DECREF(pair);
    }
out:
    XDECREF(keys);
    XDECREF(interp);
    DECREF(d);
    return res;
}

static Obj *rcp_optionxform(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"optionstr"};
    Obj *v[1];
    if (mh_bind_m("optionxform", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return call_m(v[0], "lower", NULL, 0);
}

/* the dict an option of section lives in: _defaults for '' and the default section */
static Obj *target_dict(Obj *self, Obj *section)
{
    int t = obj_is_true(section);
    if (t < 0) return NULL;
    int d = t ? is_default_section(self, section) : 1;
    if (d < 0) return NULL;
    if (d) return ga(self, "_defaults");
    Obj *sd = section_dict(self, section);
    if (!sd && !vm_err_occurred()) raise_no_section(section);
    return sd;
}

static Obj *rcp_set(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section", "option", "value"};
    Obj *v[3];
    if (mh_bind_m("set", a, n, kw, names, 3, 3, 0, 2, 0, v) < 0) return NULL;
    Obj *value = v[2] ? v[2] : NONE;
    if (is_config_parser(self) && validate_types(self, NULL, v[1], value) < 0) return NULL;
    int t = obj_is_true(value);
    if (t < 0) return NULL;
    Obj *val = INCREF(value);
    if (t) {
        Obj *interp = ga(self, "_interpolation");
        Obj *args[4] = {self, v[0], v[1], value};
        obj_setref(&val, interp ? call_m(interp, "before_set", args, 4) : NULL);
        XDECREF(interp);
        if (!val) return NULL;
    }
    Obj *sd = target_dict(self, v[0]);
    Obj *opt = sd ? xform(self, v[1]) : NULL;
    int r = opt ? obj_setitem(sd, opt, val) : -1;
    XDECREF(opt);
    XDECREF(sd);
    DECREF(val);
    return done(r);
}

static Obj *rcp_remove_option(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"section", "option"};
    Obj *v[2];
    if (mh_bind_m("remove_option", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *sd = target_dict(self, v[0]);
    Obj *opt = sd ? xform(self, v[1]) : NULL;
    int has = opt ? obj_contains(sd, opt) : -1;
    if (has > 0 && obj_delitem(sd, opt) < 0) has = -1;
    XDECREF(opt);
    XDECREF(sd);
    return has < 0 ? NULL : bool_from(has);
}

static int remove_section(Obj *self, Obj *section)
{
    Obj *secs = ga(self, "_sections");
    int has = secs ? obj_contains(secs, section) : -1;
    if (has > 0) {
        Obj *proxies = ga(self, "_proxies");
        if (obj_delitem(secs, section) < 0 || !proxies || obj_delitem(proxies, section) < 0) has = -1;
        XDECREF(proxies);
    }
    XDECREF(secs);
    return has;
}

static Obj *rcp_remove_section(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("remove_section", n, kw) < 0) return NULL;
    int r = remove_section(self, a[0]);
    return r < 0 ? NULL : bool_from(r);
}

/* ---- reading ------------------------------------------------------------------------------------- */

typedef struct ReadState {
    Obj *self, *fpname;
    Obj *inline_prefixes, *comment_prefixes, *delimiters;   /* tuples of str */
    bool empty_lines_in_values, strict, allow_no_value;
    Obj *sections, *defaults, *proxies, *dict_factory, *default_section;
    Obj *elements_added;                                     /* set */
    Obj *cursect, *sectname, *optname;                       /* NULL: none */
    Ssize indent_level;
    Obj *error;                                              /* the ParsingError being collected */
} ReadState;

static int flag_attr(Obj *self, const char *name, bool *out)
{
    Obj *v = ga(self, name);
    int t = v ? obj_is_true(v) : -1;
    XDECREF(v);
    if (t < 0) return -1;
    *out = t;
    return 0;
}

static int handle_error(ReadState *st, Ssize lineno, Obj *line)
{
    if (!st->error && !(st->error = obj_call(cp_parsing_error, &st->fpname, 1, NULL))) return -1;
    Obj *ln = int_from_i64(lineno);
    Obj *rep = ln ? obj_repr(line) : NULL;
    Obj *args[2] = {ln, rep};
    int r = rep ? call_m_void(st->error, "append", args, 2) : -1;
    XDECREF(ln);
    XDECREF(rep);
    return r;
}

/* where the comment starts in line (-1: none), CPython's inline-prefix scan then full-line prefixes */
static Ssize comment_start(ReadState *st, Obj *line, Obj *stripped)
{
    Ssize np = TUPLE_LEN(st->inline_prefixes), best = -1;
    Ssize *idx = np ? malloc((size_t)np * sizeof *idx) : NULL;
    bool *live = np ? malloc((size_t)np * sizeof *live) : NULL;
    for (Ssize i = 0; i < np && idx && live; i++) {
        idx[i] = -1;
        live[i] = true;
    }
    bool any = np > 0 && idx && live;
    while (best < 0 && any) {
        any = false;
        for (Ssize i = 0; i < np; i++) {
            if (!live[i]) continue;
            Obj *prefix = TUPLE_ITEMS(st->inline_prefixes)[i];
            Ssize at = STR_CHECK(prefix) ? str_find(line, prefix, idx[i] + 1) : -1;
            if (at < 0) {
                live[i] = false;
                continue;
            }
            idx[i] = at;
            any = true;
            if (at == 0 || is_space(str_char(line, at - 1))) best = best < 0 || at < best ? at : best;
        }
    }
    free(idx);
    free(live);
    for (Ssize i = 0; i < TUPLE_LEN(st->comment_prefixes); i++) {
        Obj *prefix = TUPLE_ITEMS(st->comment_prefixes)[i];
        if (STR_CHECK(prefix) && starts_with(stripped, prefix)) return 0;
    }
    return best;
}

/* a section header line `[name]` (value already stripped): the name, or NULL without exception */
static Obj *section_header(Obj *value)
{
    Ssize n = VAR_SIZE(value);
    if (n < 3 || str_char(value, 0) != '[') return NULL;
    Ssize close = -1;
    for (Ssize i = n - 1; i >= 2; i--)
        if (str_char(value, i) == ']') {
            close = i;
            break;
        }
    for (Ssize i = 1; close > 1 && i < close; i++)
        if (str_char(value, i) == '\n' || str_char(value, i) == '\r') return NULL;
    return close > 1 ? str_substr(value, 1, close) : NULL;
}

static int elements_add(ReadState *st, Obj *key)
{
    return set_add(st->elements_added, key);
}

static int start_section(ReadState *st, Obj *name, Ssize lineno)
{
    int in = obj_contains(st->sections, name);
    if (in < 0) return -1;
    CLEAR(st->cursect);
    if (in) {
        int added = set_contains(st->elements_added, name);
        if (added < 0) return -1;
        if (st->strict && added) {
            Obj *ln = int_from_i64(lineno);
            Obj *args[3] = {name, st->fpname, ln};
            if (ln) raise_new(cp_dup_section, args, 3);
            XDECREF(ln);
            return -1;
        }
        if (!(st->cursect = obj_getitem(st->sections, name)) || elements_add(st, name) < 0) return -1;
    } else {
        int d = obj_richcompare_bool(name, st->default_section, CMP_EQ);
        if (d < 0) return -1;
        if (d) {
            st->cursect = INCREF(st->defaults);
        } else {
            if (!(st->cursect = obj_call(st->dict_factory, NULL, 0, NULL))) return -1;
            if (obj_setitem(st->sections, name, st->cursect) < 0) return -1;
            Obj *px = proxy_new(st->self, name);
            int r = px ? obj_setitem(st->proxies, name, px) : -1;
            XDECREF(px);
            if (r < 0 || elements_add(st, name) < 0) return -1;
        }
    }
    obj_setref(&st->sectname, INCREF(name));
    CLEAR(st->optname);
    return 0;
}

/* the first delimiter in value: its position and length, -1 when none */
static Ssize find_delimiter(ReadState *st, Obj *value, Ssize *dlen)
{
    for (Ssize i = 0; i < VAR_SIZE(value); i++)
        for (Ssize k = 0; k < TUPLE_LEN(st->delimiters); k++) {
            Obj *d = TUPLE_ITEMS(st->delimiters)[k];
            if (!STR_CHECK(d) || !VAR_SIZE(d)) continue;
            if (str_find(value, d, i) == i) {
                *dlen = VAR_SIZE(d);
                return i;
            }
        }
    return -1;
}

static int option_line(ReadState *st, Obj *value, Obj *line, Ssize lineno)
{
    Ssize dlen = 0, pos = find_delimiter(st, value, &dlen);
    if (pos < 0 && !st->allow_no_value) return handle_error(st, lineno, line);
    Obj *raw = str_substr(value, 0, pos < 0 ? VAR_SIZE(value) : pos);
    if (!raw) return -1;
    if (VAR_SIZE(raw) == 0 && handle_error(st, lineno, line) < 0) {
        DECREF(raw);
        return -1;
    }
    Obj *rs = rstrip(raw);
    DECREF(raw);
    Obj *opt = rs ? xform(st->self, rs) : NULL;
    XDECREF(rs);
    if (!opt) return -1;
    obj_setref(&st->optname, opt);
    Obj *key = tuple_pack(2, st->sectname ? st->sectname : NONE, opt);
    if (!key) return -1;
    int added = set_contains(st->elements_added, key);
    if (added < 0) {
        DECREF(key);
        return -1;
    }
    if (st->strict && added) {
        DECREF(key);
        Obj *ln = int_from_i64(lineno);
        Obj *args[4] = {st->sectname ? st->sectname : NONE, opt, st->fpname, ln};
        if (ln) raise_new(cp_dup_option, args, 4);
        XDECREF(ln);
        return -1;
    }
    int r = elements_add(st, key);
    DECREF(key);
    if (r < 0) return -1;
    Obj *val;
    if (pos >= 0) {
        Obj *tail = str_substr(value, pos + dlen, VAR_SIZE(value));
        Obj *sv = tail ? strip(tail) : NULL;
        XDECREF(tail);
        val = sv ? list_from_array(&sv, 1) : NULL;
        XDECREF(sv);
        if (!val) return -1;
    } else {
        val = INCREF(NONE);
    }
    r = obj_setitem(st->cursect, opt, val);
    DECREF(val);
    return r;
}

static int read_line(ReadState *st, Obj *line, Ssize lineno)
{
    Obj *stripped = strip(line);
    if (!stripped) return -1;
    Ssize cs = comment_start(st, line, stripped);
    DECREF(stripped);
    Obj *head = str_substr(line, 0, cs < 0 ? VAR_SIZE(line) : cs);
    Obj *value = head ? strip(head) : NULL;
    XDECREF(head);
    if (!value) return -1;
    int rc = -1;
    if (VAR_SIZE(value) == 0) {
        if (st->empty_lines_in_values) {
            if (cs < 0 && st->cursect && st->optname) {
                Obj *cur = obj_getitem(st->cursect, st->optname);
                if (!cur) goto out;
                rc = cur != NONE ? call_m_void(cur, "append", (Obj *[]){id_str("")}, 1) : 0;
                DECREF(cur);
                goto out;
            }
        } else {
            st->indent_level = INTPTR_MAX;
        }
        rc = 0;
        goto out;
    }
    Ssize indent = 0;
    while (indent < VAR_SIZE(line) && is_space(str_char(line, indent))) indent++;
    if (indent == VAR_SIZE(line)) indent = 0;
    if (st->cursect && st->optname && indent > st->indent_level) {
        Obj *cur = obj_getitem(st->cursect, st->optname);
        if (!cur) goto out;
        rc = call_m_void(cur, "append", &value, 1);
        DECREF(cur);
        goto out;
    }
    st->indent_level = indent;
    Obj *name = section_header(value);
    if (name) {
        rc = start_section(st, name, lineno);
        DECREF(name);
    } else if (vm_err_occurred()) {
        rc = -1;
    } else if (!st->cursect) {
        Obj *ln = int_from_i64(lineno);
        Obj *args[3] = {st->fpname, ln, line};
        if (ln) raise_new(cp_missing_header, args, 3);
        XDECREF(ln);
    } else {
        rc = option_line(st, value, line, lineno);
    }
out:
    DECREF(value);
    return rc;
}

/* _join_multiline_values */
static int join_multiline(Obj *self, Obj *defaults, Obj *sections, Obj *default_section)
{
    Obj *interp = ga(self, "_interpolation");
    Obj *all = interp ? dict_items_list(sections) : NULL;
    Obj *first = all ? tuple_pack(2, default_section, defaults) : NULL;
    int rc = first && list_insert(all, 0, first) == 0 ? 0 : -1;
    XDECREF(first);
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(all); i++) {
        Obj *section = TUPLE_ITEMS(LIST_ITEMS(all)[i])[0], *options = TUPLE_ITEMS(LIST_ITEMS(all)[i])[1];
        Obj *items = call_m(options, "items", NULL, 0);
        Obj *lst = items ? seq_to_list(items) : NULL;
        XDECREF(items);
        if (!lst) {
            rc = -1;
            break;
        }
        for (Ssize j = 0; rc == 0 && j < LIST_LEN(lst); j++) {
            Obj *name = TUPLE_ITEMS(LIST_ITEMS(lst)[j])[0];
            Obj *val = INCREF(TUPLE_ITEMS(LIST_ITEMS(lst)[j])[1]);
            if (LIST_CHECK(val)) {
                Obj *joined = str_join(id_str("\n"), val);
                obj_setref(&val, joined ? rstrip(joined) : NULL);
                XDECREF(joined);
            }
            Obj *args[4] = {self, section, name, val};
            Obj *nv = val ? call_m(interp, "before_read", args, 4) : NULL;
            XDECREF(val);
            rc = nv ? obj_setitem(options, name, nv) : -1;
            XDECREF(nv);
        }
        DECREF(lst);
    }
    XDECREF(all);
    XDECREF(interp);
    return rc;
}

static int read_from(Obj *self, Obj *lines, Obj *fpname)
{
    ReadState st = {0};
    st.self = self;
    st.fpname = fpname;
    int rc = -1;
    Obj *it = NULL;
    if (!(st.inline_prefixes = ga(self, "_inline_comment_prefixes")) ||
        !(st.comment_prefixes = ga(self, "_comment_prefixes")) || !(st.delimiters = ga(self, "_delimiters")) ||
        flag_attr(self, "_empty_lines_in_values", &st.empty_lines_in_values) < 0 ||
        flag_attr(self, "_strict", &st.strict) < 0 || flag_attr(self, "_allow_no_value", &st.allow_no_value) < 0 ||
        !(st.sections = ga(self, "_sections")) || !(st.defaults = ga(self, "_defaults")) ||
        !(st.proxies = ga(self, "_proxies")) || !(st.dict_factory = ga(self, "_dict")) ||
        !(st.default_section = ga(self, "default_section")) || !(st.elements_added = set_new(NULL)))
        goto out;
    if (!TUPLE_CHECK(st.inline_prefixes) || !TUPLE_CHECK(st.comment_prefixes) || !TUPLE_CHECK(st.delimiters)) {
        vm_err_set_str(&exc_TypeError, "comment prefixes and delimiters must be tuples");
        goto out;
    }
    if (!(it = obj_getiter(lines))) goto out;
    Obj *line;
    Ssize lineno = 0;
    while ((line = obj_iternext(it))) {
        lineno++;
        int r = STR_CHECK(line) ? read_line(&st, line, lineno) : -1;
        if (!STR_CHECK(line))
            vm_err_format(&exc_TypeError, "a str line is required, not '%s'", OBJ_TYPE(line)->name);
        DECREF(line);
        if (r < 0) goto out;
    }
    if (vm_err_occurred()) goto out;
    if (join_multiline(self, st.defaults, st.sections, st.default_section) < 0) goto out;
    if (st.error) {
        vm_err_set_obj((TypeObj *)OBJ_TYPE(st.error), st.error);
        goto out;
    }
    rc = 0;
out:
    XDECREF(it);
    Obj *refs[] = {st.inline_prefixes, st.comment_prefixes, st.delimiters, st.sections, st.defaults, st.proxies,
                   st.dict_factory, st.default_section, st.elements_added, st.cursect, st.sectname, st.optname,
                   st.error};
    for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) XDECREF(refs[i]);
    return rc;
}

/* the lines of a str as io.StringIO iterates them (split after each '\n') */
static Obj *split_lines(Obj *s)
{
    Obj *l = list_new(0);
    Ssize start = 0, n = VAR_SIZE(s);
    for (Ssize i = 0; l && i < n; i++)
        if (str_char(s, i) == '\n' || i == n - 1) {
            Obj *line = str_substr(s, start, i + 1);
            if (!line || list_append(l, line) < 0) CLEAR(l);
            XDECREF(line);
            start = i + 1;
        }
    return l;
}

static Obj *rcp_read_string(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"string", "source"};
    Obj *v[2];
    if (mh_bind_m("read_string", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "initial_value must be str or None, not %s", OBJ_TYPE(v[0])->name);
        return NULL;
    }
    Obj *src = v[1] ? INCREF(v[1]) : str_from_cstr("<string>");
    Obj *lines = src ? split_lines(v[0]) : NULL;
    int r = lines ? read_from(self, lines, src) : -1;
    XDECREF(lines);
    XDECREF(src);
    return done(r);
}

static Obj *rcp_read_file(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"f", "source"};
    Obj *v[2];
    if (mh_bind_m("read_file", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *src = NULL;
    if (v[1] && v[1] != NONE) {
        src = INCREF(v[1]);
    } else {
        if (obj_lookup_attr(v[0], id_str("name"), &src) < 0) return NULL;
        if (!src) src = str_from_cstr("<\?\?\?>");
    }
    int r = src ? read_from(self, v[0], src) : -1;
    XDECREF(src);
    return done(r);
}

static Obj *rcp_read(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"filenames", "encoding"};
    Obj *v[2];
    if (mh_bind_m("read", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *files = STR_CHECK(v[0]) || BYTES_CHECK(v[0]) ? list_from_array(&v[0], 1) : seq_to_list(v[0]);
    Obj *ok = files ? list_new(0) : NULL;
    if (!ok) {
        XDECREF(files);
        return NULL;
    }
    for (Ssize i = 0; i < LIST_LEN(files); i++) {
        Obj *fn = LIST_ITEMS(files)[i];
        Obj *oargs[3] = {fn, id_str("r"), v[1] ? v[1] : NONE};
        Obj *kwn = tuple_pack(1, id_str("encoding"));
        Obj *f = kwn ? io_open(oargs, 2, kwn) : NULL;
        XDECREF(kwn);
        if (!f) {
            if (vm_err_matches(&exc_OSError)) {
                vm_err_clear();
                continue;
            }
            goto fail;
        }
        int r = read_from(self, f, fn);
        Obj *cl = call_m(f, "close", NULL, 0);
        XDECREF(cl);
        DECREF(f);
        if (r < 0 || !cl) goto fail;
        Obj *p = STR_CHECK(fn) || BYTES_CHECK(fn) ? INCREF(fn) : call_m(fn, "__fspath__", NULL, 0);
        if (!p || list_append(ok, p) < 0) {
            XDECREF(p);
            goto fail;
        }
        DECREF(p);
    }
    DECREF(files);
    return ok;
fail:
    DECREF(files);
    DECREF(ok);
    return NULL;
}

static Obj *rcp_read_dict(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"dictionary", "source"};
    Obj *v[2];
    if (mh_bind_m("read_dict", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *source = v[1] ? INCREF(v[1]) : str_from_cstr("<dict>");
    Obj *added = source ? set_new(NULL) : NULL;
    Obj *items = added ? call_m(v[0], "items", NULL, 0) : NULL;
    Obj *it = items ? obj_getiter(items) : NULL, *pair;
    XDECREF(items);
    int rc = it ? 0 : -1;
    bool strict = false;
    if (rc == 0 && flag_attr(self, "_strict", &strict) < 0) rc = -1;
    while (rc == 0 && (pair = obj_iternext(it))) {
        Obj *section = obj_str(TUPLE_ITEMS(pair)[0]), *keys = TUPLE_ITEMS(pair)[1];
        Obj *r = section ? call_m(self, "add_section", &section, 1) : NULL;
        if (!r && section && (vm_err_matches((TypeObj *)cp_dup_section) || vm_err_matches(&exc_ValueError))) {
            int in = set_contains(added, section);
            if (!(strict && in)) vm_err_clear();
        }
        XDECREF(r);
        if (vm_err_occurred() || !section || set_add(added, section) < 0) rc = -1;
        Obj *kitems = rc == 0 ? call_m(keys, "items", NULL, 0) : NULL;
        Obj *kit = kitems ? obj_getiter(kitems) : NULL, *kv;
        XDECREF(kitems);
        if (rc == 0 && !kit) rc = -1;
        while (rc == 0 && (kv = obj_iternext(kit))) {
            Obj *ks = obj_str(TUPLE_ITEMS(kv)[0]);
            Obj *key = ks ? xform(self, ks) : NULL;
            XDECREF(ks);
            Obj *val = TUPLE_ITEMS(kv)[1];
            val = val == NONE ? INCREF(NONE) : obj_str(val);
            Obj *pk = key && val ? tuple_pack(2, section, key) : NULL;
            int in = pk ? set_contains(added, pk) : -1;
            if (in < 0) rc = -1;
            else if (strict && in) {
                Obj *args[3] = {section, key, source};
                raise_new(cp_dup_option, args, 3);
                rc = -1;
            } else if (set_add(added, pk) < 0) {
                rc = -1;
            } else {
                Obj *args[3] = {section, key, val};
                rc = call_m_void(self, "set", args, 3);
            }
            XDECREF(pk);
            XDECREF(key);
            XDECREF(val);
            DECREF(kv);
        }
        if (rc == 0 && vm_err_occurred()) rc = -1;
        XDECREF(kit);
        XDECREF(section);
        DECREF(pair);
    }
    if (rc == 0 && vm_err_occurred()) rc = -1;
    XDECREF(it);
    XDECREF(added);
    XDECREF(source);
    return done(rc);
}

/* ---- writing ------------------------------------------------------------------------------------- */

static int write_section(Obj *self, Obj *fp, Obj *name, Obj *options, Obj *delim, bool allow_no_value, Obj *interp)
{
    Obj *hdr = str_from_fmt("[%S]\n", name);
    int rc = hdr ? call_m_void(fp, "write", &hdr, 1) : -1;
    XDECREF(hdr);
    Obj *items = rc == 0 ? dict_items_list(options) : NULL;
    if (!items && DICT_CHECK(options)) rc = -1;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(items); i++) {
        Obj *key = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0];
        Obj *args[4] = {self, name, key, TUPLE_ITEMS(LIST_ITEMS(items)[i])[1]};
        Obj *value = call_m(interp, "before_write", args, 4);
        Obj *line = NULL;
        if (value && (value != NONE || !allow_no_value)) {
            Obj *sv = obj_str(value);
            Obj *a2[2] = {id_str("\n"), id_str("\n\t")};
            Obj *rep = sv ? call_m(sv, "replace", a2, 2) : NULL;
            line = rep ? str_from_fmt("%S%U%U\n", key, delim, rep) : NULL;
            XDECREF(sv);
            XDECREF(rep);
        } else if (value) {
            line = str_from_fmt("%S\n", key);
        }
        XDECREF(value);
        rc = line ? call_m_void(fp, "write", &line, 1) : -1;
        XDECREF(line);
    }
    XDECREF(items);
    if (rc == 0) rc = call_m_void(fp, "write", (Obj *[]){id_str("\n")}, 1);
    return rc;
}

static Obj *rcp_write(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"fp", "space_around_delimiters"};
    Obj *v[2];
    if (mh_bind_m("write", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    int space = v[1] ? obj_is_true(v[1]) : 1;
    bool allow = false;
    if (space < 0 || flag_attr(self, "_allow_no_value", &allow) < 0) return NULL;
    Obj *delims = ga(self, "_delimiters");
    if (!delims) return NULL;
    Obj *first = TUPLE_CHECK(delims) && TUPLE_LEN(delims) ? INCREF(TUPLE_ITEMS(delims)[0]) : NULL;
    DECREF(delims);
    if (!first) {
        vm_err_set_str(&exc_IndexError, "tuple index out of range");
        return NULL;
    }
    Obj *d = space ? str_from_fmt(" %S ", first) : obj_str(first);
    DECREF(first);
    Obj *defaults = d ? ga(self, "_defaults") : NULL;
    Obj *sections = defaults ? ga(self, "_sections") : NULL;
    Obj *ds = sections ? ga(self, "default_section") : NULL;
    Obj *interp = ds ? ga(self, "_interpolation") : NULL;
    int rc = interp ? 0 : -1;
    if (rc == 0) {
        int t = obj_is_true(defaults);
        if (t < 0) rc = -1;
        else if (t) rc = write_section(self, v[0], ds, defaults, d, allow, interp);
    }
    Obj *names_l = rc == 0 ? seq_to_list(sections) : NULL;
    if (rc == 0 && !names_l) rc = -1;
    for (Ssize i = 0; rc == 0 && i < LIST_LEN(names_l); i++) {
        Obj *opts = obj_getitem(sections, LIST_ITEMS(names_l)[i]);
        rc = opts ? write_section(self, v[0], LIST_ITEMS(names_l)[i], opts, d, allow, interp) : -1;
        XDECREF(opts);
    }
    XDECREF(names_l);
    XDECREF(d);
    XDECREF(defaults);
    XDECREF(sections);
    XDECREF(ds);
    XDECREF(interp);
    return done(rc);
}

/* ---- the mapping protocol ------------------------------------------------------------------------ */

/* the single key argument of a mapping method: 1 when it names the default section, 0, -1 */
static int key_is_default(const char *fname, Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg(fname, n, kw) < 0) return -1;
    return is_default_section(self, a[0]);
}

static Obj *rcp_getitem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    int d = key_is_default("__getitem__", self, a, n, kw);
    if (d < 0) return NULL;
    if (!d) {
        Obj *sd = section_dict(self, a[0]);
        if (!sd) {
            if (!vm_err_occurred()) vm_err_set_key(a[0]);
            return NULL;
        }
        DECREF(sd);
    }
    Obj *proxies = ga(self, "_proxies");
    Obj *r = proxies ? obj_getitem(proxies, a[0]) : NULL;
    XDECREF(proxies);
    return r;
}

static Obj *rcp_setitem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("__setitem__", "__setitem__", n, kw, 2, 2) < 0) return NULL;
    Obj *key = a[0], *value = a[1];
    int d = is_default_section(self, key);
    if (d < 0) return NULL;
    Obj *cur = NULL;
    if (d) {
        Obj *px = rcp_getitem(self, &key, 1, NULL);
        if (px) {
            DECREF(px);
            if (px == value) return INCREF(NONE);
        } else {
            vm_err_clear();
        }
        cur = ga(self, "_defaults");
    } else {
        Obj *px = rcp_getitem(self, &key, 1, NULL);
        if (px) {
            DECREF(px);
            if (px == value) return INCREF(NONE);
            cur = section_dict(self, key);
            if (!cur) return NULL;
        } else if (vm_err_matches(&exc_KeyError)) {
            vm_err_clear();
        } else {
            return NULL;
        }
    }
    if (cur && call_m_void(cur, "clear", NULL, 0) < 0) {
        DECREF(cur);
        return NULL;
    }
    XDECREF(cur);
    if (d && !cur) return NULL;
    Obj *dd = dict_new();
    int r = dd ? dict_set(dd, key, value) : -1;
    if (r == 0) r = call_m_void(self, "read_dict", &dd, 1);
    XDECREF(dd);
    return done(r);
}

static Obj *rcp_delitem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    int d = key_is_default("__delitem__", self, a, n, kw);
    if (d < 0) return NULL;
    if (d) {
        vm_err_set_str(&exc_ValueError, "Cannot remove the default section.");
        return NULL;
    }
    int r = remove_section(self, a[0]);
    if (r == 0) vm_err_set_key(a[0]);
    return r > 0 ? INCREF(NONE) : NULL;
}

static Obj *rcp_contains(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    int d = key_is_default("__contains__", self, a, n, kw);
    if (d < 0) return NULL;
    if (d) return bool_from(true);
    Obj *secs = ga(self, "_sections");
    int r = secs ? obj_contains(secs, a[0]) : -1;
    XDECREF(secs);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *rcp_len(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__len__", n, kw) < 0) return NULL;
    Obj *secs = ga(self, "_sections");
    Ssize len = secs ? obj_length(secs) : -1;
    XDECREF(secs);
    return len < 0 ? NULL : int_from_i64(len + 1);
}

static Obj *rcp_iter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__iter__", n, kw) < 0) return NULL;
    Obj *ds = ga(self, "default_section");
    Obj *secs = ds ? ga(self, "_sections") : NULL;
    Obj *l = secs ? seq_to_list(secs) : NULL;
    int r = l ? list_insert(l, 0, ds) : -1;
    Obj *it = r == 0 ? obj_getiter(l) : NULL;
    XDECREF(ds);
    XDECREF(secs);
    XDECREF(l);
    return it;
}

static MethodDef raw_defs[] = {
    {"__init__", rcp_init, METH_FAST, NULL},
    {"_read_defaults", rcp_read_defaults, METH_FAST, NULL},
    {"defaults", rcp_defaults, METH_FAST, NULL},
    {"sections", rcp_sections, METH_FAST, "Return a list of section names, excluding [DEFAULT]"},
    {"add_section", rcp_add_section, METH_FAST, NULL},
    {"has_section", rcp_has_section, METH_FAST, NULL},
    {"options", rcp_options, METH_FAST, "Return a list of option names for the given section name."},
    {"read", rcp_read, METH_FAST, NULL},
    {"read_file", rcp_read_file, METH_FAST, NULL},
    {"read_string", rcp_read_string, METH_FAST, "Read configuration from a given string."},
    {"read_dict", rcp_read_dict, METH_FAST, NULL},
    {"get", rcp_get, METH_FAST, NULL},
    {"getint", rcp_getint, METH_FAST, NULL},
    {"getfloat", rcp_getfloat, METH_FAST, NULL},
    {"getboolean", rcp_getboolean, METH_FAST, NULL},
    {"items", rcp_items, METH_FAST, NULL},
    {"optionxform", rcp_optionxform, METH_FAST, NULL},
    {"has_option", rcp_has_option, METH_FAST, NULL},
    {"set", rcp_set, METH_FAST, "Set an option."},
    {"write", rcp_write, METH_FAST, NULL},
    {"remove_option", rcp_remove_option, METH_FAST, "Remove an option."},
    {"remove_section", rcp_remove_section, METH_FAST, "Remove a file section."},
    {"__getitem__", rcp_getitem, METH_FAST, NULL},
    {"__setitem__", rcp_setitem, METH_FAST, NULL},
    {"__delitem__", rcp_delitem, METH_FAST, NULL},
    {"__contains__", rcp_contains, METH_FAST, NULL},
    {"__len__", rcp_len, METH_FAST, NULL},
    {"__iter__", rcp_iter, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- SectionProxy -------------------------------------------------------------------------------- */

static Obj *sp_init(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"parser", "name"};
    Obj *v[2];
    if (mh_bind_m("SectionProxy.__init__", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    return done(obj_setattr_str(self, "_parser", v[0]) < 0 ? -1 : obj_setattr_str(self, "_name", v[1]));
}

static Obj *sp_repr(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *name = ga(self, "_name");
    Obj *r = name ? str_from_fmt("<Section: %S>", name) : NULL;
    XDECREF(name);
    return r;
}

/* self._parser and self._name (new refs) */
static int sp_parts(Obj *self, Obj **parser, Obj **name)
{
    *parser = ga(self, "_parser");
    *name = *parser ? ga(self, "_name") : NULL;
    if (!*name) CLEAR(*parser);
    return *name ? 0 : -1;
}

static Obj *sp_getitem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__getitem__", n, kw) < 0) return NULL;
    Obj *parser, *name;
    if (sp_parts(self, &parser, &name) < 0) return NULL;
    Obj *args[2] = {name, a[0]};
    Obj *has = call_m(parser, "has_option", args, 2);
    int t = has ? obj_is_true(has) : -1;
    XDECREF(has);
    Obj *r = NULL;
    if (t == 0) vm_err_set_key(a[0]);
    else if (t > 0) r = call_m(parser, "get", args, 2);
    DECREF(parser);
    DECREF(name);
    return r;
}

static Obj *sp_setitem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("__setitem__", "__setitem__", n, kw, 2, 2) < 0) return NULL;
    Obj *parser, *name;
    if (sp_parts(self, &parser, &name) < 0) return NULL;
    Obj *r = NULL;
    if (!is_config_parser(parser) || validate_types(parser, NULL, a[0], a[1]) == 0) {
        Obj *args[3] = {name, a[0], a[1]};
        r = call_m(parser, "set", args, 3);
    }
    DECREF(parser);
    DECREF(name);
    return r;
}

static Obj *sp_delitem(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__delitem__", n, kw) < 0) return NULL;
    Obj *parser, *name;
    if (sp_parts(self, &parser, &name) < 0) return NULL;
    Obj *args[2] = {name, a[0]};
    Obj *has = call_m(parser, "has_option", args, 2);
    int t = has ? obj_is_true(has) : -1;
    XDECREF(has);
    if (t > 0) {
        Obj *rm = call_m(parser, "remove_option", args, 2);
        t = rm ? obj_is_true(rm) : -1;
        XDECREF(rm);
    }
    if (t == 0) vm_err_set_key(a[0]);
    DECREF(parser);
    DECREF(name);
    return t > 0 ? INCREF(NONE) : NULL;
}

static Obj *sp_contains(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("__contains__", n, kw) < 0) return NULL;
    Obj *parser, *name;
    if (sp_parts(self, &parser, &name) < 0) return NULL;
    Obj *args[2] = {name, a[0]};
    Obj *r = call_m(parser, "has_option", args, 2);
    DECREF(parser);
    DECREF(name);
    return r;
}

/* SectionProxy._options() */
static Obj *sp_options(Obj *self)
{
    Obj *parser, *name;
    if (sp_parts(self, &parser, &name) < 0) return NULL;
    int d = is_default_section(parser, name);
    Obj *r = d < 0 ? NULL : d ? call_m(parser, "defaults", NULL, 0) : call_m(parser, "options", &name, 1);
    DECREF(parser);
    DECREF(name);
    return r;
}

static Obj *sp_len(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__len__", n, kw) < 0) return NULL;
    Obj *o = sp_options(self);
    Ssize len = o ? obj_length(o) : -1;
    XDECREF(o);
    return len < 0 ? NULL : int_from_i64(len);
}

static Obj *sp_iter(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("__iter__", n, kw) < 0) return NULL;
    Obj *o = sp_options(self);
    Obj *it = o ? obj_getiter(o) : NULL;
    XDECREF(o);
    return it;
}

/* SectionProxy.get(option, fallback=None, *, raw=False, vars=None) through parser.NAME */
static Obj *sp_get_with(Obj *self, Obj *const *a, Ssize n, Obj *kw, const char *fname, const char *method)
{
    static const char *const names[] = {"option", "fallback", "raw", "vars", "_impl"};
    Obj *v[5];
    if (mh_bind_m(fname, a, n, kw, names, 5, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *parser, *name;
    if (sp_parts(self, &parser, &name) < 0) return NULL;
    Obj *impl = v[4] && v[4] != NONE ? INCREF(v[4]) : ga(parser, method);
    Obj *kwn = tuple_pack(3, id_str("raw"), id_str("vars"), id_str("fallback"));
    Obj *args[5] = {name, v[0], v[2] ? v[2] : FALSE_, v[3] ? v[3] : NONE, v[1] ? v[1] : NONE};
    Obj *r = impl && kwn ? obj_call(impl, args, 2, kwn) : NULL;
    XDECREF(impl);
    XDECREF(kwn);
    DECREF(parser);
    DECREF(name);
    return r;
}

static Obj *sp_get(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return sp_get_with(self, a, n, kw, "get", "get"); }
static Obj *sp_getint(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return sp_get_with(self, a, n, kw, "getint", "getint"); }
static Obj *sp_getfloat(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return sp_get_with(self, a, n, kw, "getfloat", "getfloat"); }
static Obj *sp_getboolean(Obj *self, Obj *const *a, Ssize n, Obj *kw) { return sp_get_with(self, a, n, kw, "getboolean", "getboolean"); }

static Obj *sp_parser(Obj *self, void *c)
{
    (void)c;
    return ga(self, "_parser");
}

static Obj *sp_name(Obj *self, void *c)
{
    (void)c;
    return ga(self, "_name");
}

static MethodDef proxy_defs[] = {
    {"__init__", sp_init, METH_FAST, NULL},
    {"__repr__", sp_repr, METH_FAST, NULL},
    {"__getitem__", sp_getitem, METH_FAST, NULL},
    {"__setitem__", sp_setitem, METH_FAST, NULL},
    {"__delitem__", sp_delitem, METH_FAST, NULL},
    {"__contains__", sp_contains, METH_FAST, NULL},
    {"__len__", sp_len, METH_FAST, NULL},
    {"__iter__", sp_iter, METH_FAST, NULL},
    {"get", sp_get, METH_FAST, NULL},
    {"getint", sp_getint, METH_FAST, NULL},
    {"getfloat", sp_getfloat, METH_FAST, NULL},
    {"getboolean", sp_getboolean, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static GetSetDef proxy_getset[] = {
    {"parser", sp_parser, NULL, NULL, NULL},
    {"name", sp_name, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- the module ---------------------------------------------------------------------------------- */

/* a MutableMapping subclass made from C: the mixins, no abstract methods left */
static Obj *mapping_class(const char *name, Obj *base, const MethodDef *defs, const GetSetDef *gs)
{
    Obj *bases = tuple_pack(1, base);
    Obj *cls = bases ? mh_class("configparser", name, bases, defs, gs, OBJ_TYPE(base)) : NULL;
    XDECREF(bases);
    if (cls && sa_steal(cls, "__abstractmethods__", frozenset_new(NULL)) < 0) CLEAR(cls);
    return cls;
}

static Obj *plain_class(const char *name, Obj *base, const MethodDef *defs)
{
    Obj *bases = base ? tuple_pack(1, base) : NULL;
    Obj *cls = mh_class("configparser", name, bases, defs, NULL, NULL);
    XDECREF(bases);
    return cls;
}

static int make_classes(void)
{
    if (make_errors() < 0) return -1;
    Obj *abc = import_name(id_str("collections.abc"), NULL, NULL, 0);
    Obj *mod = abc ? ga(abc, "abc") : NULL;
    Obj *mm = mod ? ga(mod, "MutableMapping") : NULL;
    XDECREF(abc);
    XDECREF(mod);
    if (!mm) return -1;
    int rc = -1;
    if (!(unset_marker = obj_call((Obj *)&object_type, NULL, 0, NULL))) goto out;
    if (!(cls_interpolation = plain_class("Interpolation", NULL, interpolation_defs))) goto out;
    if (!(cls_basic = plain_class("BasicInterpolation", cls_interpolation, basic_defs))) goto out;
    if (!(cls_extended = plain_class("ExtendedInterpolation", cls_interpolation, extended_defs))) goto out;
    if (!(cls_proxy = mapping_class("SectionProxy", mm, proxy_defs, proxy_getset))) goto out;
    if (!(cls_raw = mapping_class("RawConfigParser", mm, raw_defs, NULL))) goto out;
    if (!(cls_config = plain_class("ConfigParser", cls_raw, NULL))) goto out;
    if (sa_steal(cls_raw, "_DEFAULT_INTERPOLATION", obj_call(cls_interpolation, NULL, 0, NULL)) < 0 ||
        sa_steal(cls_config, "_DEFAULT_INTERPOLATION", obj_call(cls_basic, NULL, 0, NULL)) < 0)
        goto out;
    Obj *states = dict_new();
    static const char *const st_names[] = {"1", "yes", "true", "on", "0", "no", "false", "off"};
    for (int i = 0; states && i < 8; i++) {
        Obj *k = str_from_cstr(st_names[i]);
        if (!k || dict_set(states, k, i < 4 ? TRUE_ : FALSE_) < 0) CLEAR(states);
        XDECREF(k);
    }
    if (sa_steal(cls_raw, "BOOLEAN_STATES", states) < 0) goto out;
    rc = 0;
out:
    DECREF(mm);
    return rc;
}

static Obj *configparser_init(void)
{
    if (!cls_raw && make_classes() < 0) return NULL;
    Obj *m = mh_module("configparser", NULL);
    if (!m) return NULL;
    struct { const char *name; Obj *v; } items[] = {
        {"Error", cp_error}, {"NoSectionError", cp_no_section}, {"DuplicateSectionError", cp_dup_section},
        {"DuplicateOptionError", cp_dup_option}, {"NoOptionError", cp_no_option},
        {"InterpolationError", cp_interp_error}, {"InterpolationDepthError", cp_interp_depth},
        {"InterpolationMissingOptionError", cp_interp_missing}, {"InterpolationSyntaxError", cp_interp_syntax},
        {"ParsingError", cp_parsing_error}, {"MissingSectionHeaderError", cp_missing_header},
        {"ConfigParser", cls_config}, {"RawConfigParser", cls_raw}, {"Interpolation", cls_interpolation},
        {"BasicInterpolation", cls_basic}, {"ExtendedInterpolation", cls_extended}, {"SectionProxy", cls_proxy},
        {"_UNSET", unset_marker},
    };
    Obj *all = list_new(0);
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        if (mh_add_obj(m, items[i].name, items[i].v) < 0) goto fail;
        Obj *s = str_from_cstr(items[i].name);
        if (items[i].name[0] != '_' && (!s || !all || list_append(all, s) < 0)) CLEAR(all);
        XDECREF(s);
    }
    if (!all || mh_add_str(m, "DEFAULTSECT", "DEFAULT") < 0 ||
        module_add(m, "MAX_INTERPOLATION_DEPTH", int_from_i64(MAX_INTERPOLATION_DEPTH)) < 0) {
        XDECREF(all);
        goto fail;
    }
    static const char *const more[] = {"DEFAULTSECT", "MAX_INTERPOLATION_DEPTH"};
    for (int i = 0; i < 2; i++) {
        Obj *s = str_from_cstr(more[i]);
        if (!s || list_append(all, s) < 0) {
            XDECREF(s);
            DECREF(all);
            goto fail;
        }
        DECREF(s);
    }
    if (module_add(m, "__all__", all) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_configparser_register(void)
{
    import_register_native("configparser", configparser_init);
    static Obj **roots[] = {&cp_error, &cp_no_section, &cp_dup_section, &cp_dup_option, &cp_no_option,
                            &cp_interp_error, &cp_interp_missing, &cp_interp_syntax, &cp_interp_depth,
                            &cp_parsing_error, &cp_missing_header, &cls_interpolation, &cls_basic, &cls_extended,
                            &cls_raw, &cls_config, &cls_proxy, &unset_marker};
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) vm_static_roots(roots[i], 1);
}
