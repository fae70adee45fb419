/* mod_csv.c — the `_csv` and `csv` modules of CPython 3.12, natively.
 *
 * _csv: Dialect (validated parameters), reader (CPython's character state
 * machine, so quoting, escapes, doubled quotes, strict mode and every
 * csv.Error read exactly as CPython's), writer (the same quoting decisions
 * per field: lineterminator characters, the delimiter and the quote
 * character force quotes under QUOTE_MINIMAL, escapes under QUOTE_NONE),
 * the dialect registry and field_size_limit.  csv: the Python layer —
 * Dialect, excel, excel_tab, unix_dialect, DictReader, DictWriter — as
 * heap classes following csv.py.  Sniffer is left out (see doc/stdlib.md).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

enum { QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE, QUOTE_STRINGS, QUOTE_NOTNULL };
#define NOT_SET ((uint32_t)-1)
#define EOL ((uint32_t)-2)

static Obj *csv_error;        /* _csv.Error */
static Obj *registry;         /* name -> Dialect */
static int64_t field_limit = 128 * 1024;

static Obj *S(const char *s) { return str_from_cstr(s); }

static void csv_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Obj *m = str_from_vfmt(fmt, ap);
    va_end(ap);
    if (!m) return;
    Obj *e = obj_call(csv_error, &m, 1, NULL);
    DECREF(m);
    if (e) {
        vm_err_set_obj((TypeObj *)csv_error, e);
        DECREF(e);
    }
}

/* ---- Dialect ---------------------------------------------------------------------------------------------- */

typedef struct DialectObj {
    Obj base;
    bool doublequote, skipinitialspace, strict;
    int quoting;
    uint32_t delimiter, quotechar, escapechar;
    Obj *lineterminator;      /* str */
} DialectObj;

extern TypeObj csv_dialect_type;

static void dialect_dealloc(Obj *o)
{
    XDECREF(((DialectObj *)o)->lineterminator);
    obj_free(o);
}

static int set_char(const char *name, uint32_t *target, Obj *src, uint32_t dflt, bool or_none)
{
    if (!src) {
        *target = dflt;
        return 0;
    }
    if (or_none && src == NONE) {
        *target = NOT_SET;
        return 0;
    }
    if (!STR_CHECK(src)) {
        vm_err_format(&exc_TypeError, or_none ? "\"%s\" must be string or None, not %s" : "\"%s\" must be string, not %s",
                      name, type_name(OBJ_TYPE(src)));
        return -1;
    }
    if (obj_length(src) != 1) {
        vm_err_format(&exc_TypeError, "\"%s\" must be a 1-character string", name);
        return -1;
    }
    *target = str_char(src, 0);
    return 0;
}

static int set_bool(bool *target, Obj *src, bool dflt)
{
    if (!src) {
        *target = dflt;
        return 0;
    }
    int t = obj_is_true(src);
    if (t < 0) return -1;
    *target = t;
    return 0;
}

static Obj *dialect_from_registry(Obj *name)
{
    Obj *d = dict_get_borrow(registry, name);
    if (d) return INCREF(d);
    if (!vm_err_occurred()) csv_err("unknown dialect");
    return NULL;
}

static const char *const dialect_names[] = {"delimiter", "doublequote", "escapechar", "lineterminator",
                                            "quotechar", "quoting", "skipinitialspace", "strict"};

/* Dialect(dialect, **kwargs) as _csv's dialect_new: v[8] the keyword values (NULL: not given) */
static Obj *dialect_make(TypeObj *type, Obj *dialect, Obj **v)
{
    Obj *own = NULL;
    if (dialect) {
        if (STR_CHECK(dialect)) {
            own = dialect_from_registry(dialect);
            if (!own) return NULL;
        } else {
            own = INCREF(dialect);
        }
        bool none = true;
        for (int i = 0; i < 8; i++) none &= v[i] == NULL;
        if (IS_TYPE(own, csv_dialect_type) && none && type == &csv_dialect_type) return own;
    }
    Obj *got[8];
    for (int i = 0; i < 8; i++) {
        got[i] = v[i] ? INCREF(v[i]) : NULL;
        if (!got[i] && own) {
            Obj *k = S(dialect_names[i]);
            if (k && obj_lookup_attr(own, k, &got[i]) < 0) vm_err_clear();
            XDECREF(k);
            if (vm_err_occurred()) vm_err_clear();
        }
    }
    XDECREF(own);
    DialectObj *d = (DialectObj *)obj_alloc(type, 0);
    Obj *r = NULL;
    if (!d) goto out;
    int64_t quoting = QUOTE_MINIMAL;
    if (set_char("delimiter", &d->delimiter, got[0], ',', false) < 0 ||
        set_bool(&d->doublequote, got[1], true) < 0 ||
        set_char("escapechar", &d->escapechar, got[2], NOT_SET, true) < 0)
        goto out;
    if (!got[3]) {
        d->lineterminator = S("\r\n");
    } else if (got[3] == NONE) {
        d->lineterminator = NULL;
    } else if (!STR_CHECK(got[3])) {
        vm_err_set_str(&exc_TypeError, "\"lineterminator\" must be a string");
        goto out;
    } else {
        d->lineterminator = INCREF(got[3]);
    }
    if (set_char("quotechar", &d->quotechar, got[4], '"', true) < 0) goto out;
    if (got[5]) {
        if (!IS_TYPE(got[5], int_type)) {
            vm_err_set_str(&exc_TypeError, "\"quoting\" must be an integer");
            goto out;
        }
        if (int_as_i64(got[5], &quoting) < 0) goto out;
    }
    if (set_bool(&d->skipinitialspace, got[6], false) < 0 || set_bool(&d->strict, got[7], false) < 0) goto out;
    if (quoting < QUOTE_MINIMAL || quoting > QUOTE_NOTNULL) {
        vm_err_set_str(&exc_TypeError, "bad \"quoting\" value");
        goto out;
    }
    d->quoting = (int)quoting;
    if (got[4] == NONE && !got[5]) d->quoting = QUOTE_NONE;
    if (d->quoting != QUOTE_NONE && d->quotechar == NOT_SET) {
        vm_err_set_str(&exc_TypeError, "quotechar must be set if quoting enabled");
        goto out;
    }
    if (!d->lineterminator) {
        vm_err_set_str(&exc_TypeError, "lineterminator must be set");
        goto out;
    }
    r = INCREF(d);
out:
    XDECREF(d);
    for (int i = 0; i < 8; i++) XDECREF(got[i]);
    return r;
}

/* split (dialect, **kwargs) of a call: 'name' is an invalid keyword … */
static int dialect_kwargs(Obj *const *args, Ssize nargs, Obj *kw, Obj **v, Obj **dialect_kw)
{
    for (int i = 0; i < 8; i++) v[i] = NULL;
    *dialect_kw = NULL;
    for (Ssize i = 0; i < mh_nkw(kw); i++) {
        Obj *k = TUPLE_ITEMS(kw)[i];
        int slot = -1;
        for (int j = 0; j < 8; j++)
            if (str_eq_cstr(k, dialect_names[j])) slot = j;
        if (slot < 0 && str_eq_cstr(k, "dialect")) {
            *dialect_kw = args[nargs + i];
            continue;
        }
        if (slot < 0) {
            vm_err_format(&exc_TypeError, "%R is an invalid keyword argument for this function", k);
            return -1;
        }
        v[slot] = args[nargs + i];
    }
    return 0;
}

static Obj *dialect_new(TypeObj *type, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[8], *dk;
    if (dialect_kwargs(args, nargs, kw, v, &dk) < 0) return NULL;
    if (nargs > 1) {
        vm_err_format(&exc_TypeError, "Dialect() takes at most 1 argument (%zd given)", nargs);
        return NULL;
    }
    return dialect_make(type, nargs ? args[0] : dk, v);
}

static Obj *char_or_none(uint32_t c) { return c == NOT_SET ? INCREF(NONE) : str_from_char(c); }
static Obj *dg_delimiter(Obj *o, void *c) { (void)c; return str_from_char(((DialectObj *)o)->delimiter); }
static Obj *dg_quotechar(Obj *o, void *c) { (void)c; return char_or_none(((DialectObj *)o)->quotechar); }
static Obj *dg_escapechar(Obj *o, void *c) { (void)c; return char_or_none(((DialectObj *)o)->escapechar); }
static Obj *dg_lineterminator(Obj *o, void *c) { (void)c; return INCREF(((DialectObj *)o)->lineterminator); }
static Obj *dg_quoting(Obj *o, void *c) { (void)c; return int_from_i64(((DialectObj *)o)->quoting); }
static Obj *dg_doublequote(Obj *o, void *c) { (void)c; return bool_from(((DialectObj *)o)->doublequote); }
static Obj *dg_skipinitialspace(Obj *o, void *c) { (void)c; return bool_from(((DialectObj *)o)->skipinitialspace); }
static Obj *dg_strict(Obj *o, void *c) { (void)c; return bool_from(((DialectObj *)o)->strict); }

static GetSetDef dialect_getset[] = {
    {"delimiter", dg_delimiter, NULL, NULL, NULL},
    {"doublequote", dg_doublequote, NULL, NULL, NULL},
    {"escapechar", dg_escapechar, NULL, NULL, NULL},
    {"lineterminator", dg_lineterminator, NULL, NULL, NULL},
    {"quotechar", dg_quotechar, NULL, NULL, NULL},
    {"quoting", dg_quoting, NULL, NULL, NULL},
    {"skipinitialspace", dg_skipinitialspace, NULL, NULL, NULL},
    {"strict", dg_strict, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj csv_dialect_type = {
    .base = TYPE_HEAD_INIT, .name = "_csv.Dialect", .basicsize = sizeof(DialectObj),
    .flags = TPF_BASETYPE, .dealloc = dialect_dealloc, .getattro = obj_generic_getattr,
    .new_ = dialect_new, .getset = dialect_getset,
    .doc = "CSV dialect\n\nThe Dialect type records CSV parsing and generation options.\n",
};

/* a Dialect for reader()/writer(): dialect and keywords */
static Obj *call_dialect(Obj *dialect, Obj **v)
{
    return dialect_make(&csv_dialect_type, dialect, v);
}

/* ---- reader -------------------------------------------------------------------------------------------------- */

typedef enum {
    START_RECORD, START_FIELD, ESCAPED_CHAR, IN_FIELD, IN_QUOTED_FIELD, ESCAPE_IN_QUOTED_FIELD,
    QUOTE_IN_QUOTED_FIELD, EAT_CRNL, AFTER_ESCAPED_CRNL
} ParserState;

typedef struct ReaderObj {
    Obj base;
    Obj *input_iter;
    DialectObj *dialect;
    Obj *fields;               /* list being built, or NULL */
    ParserState state;
    uint32_t *field;
    Ssize field_size, field_len;
    bool numeric_field;
    int64_t line_num;
} ReaderObj;

extern TypeObj csv_reader_type;

static int reader_traverse(Obj *o, VisitFn visit, void *arg)
{
    ReaderObj *r = (ReaderObj *)o;
    if (r->input_iter && visit(r->input_iter, arg)) return 1;
    if (r->dialect && visit((Obj *)r->dialect, arg)) return 1;
    if (r->fields && visit(r->fields, arg)) return 1;
    return 0;
}

static int reader_clear(Obj *o)
{
    ReaderObj *r = (ReaderObj *)o;
    CLEAR(r->input_iter);
    CLEAR(r->dialect);
    CLEAR(r->fields);
    return 0;
}

static void reader_dealloc(Obj *o)
{
    reader_clear(o);
    free(((ReaderObj *)o)->field);
    obj_free(o);
}

static int parse_save_field(ReaderObj *self)
{
    Obj *field = str_from_ucs4(self->field, self->field_len);
    if (!field) return -1;
    self->field_len = 0;
    if (self->numeric_field) {
        self->numeric_field = false;
        Obj *f = obj_call((Obj *)&float_type, &field, 1, NULL);
        DECREF(field);
        if (!f) return -1;
        field = f;
    }
    int r = list_append(self->fields, field);
    DECREF(field);
    return r;
}

static int parse_add_char(ReaderObj *self, uint32_t c)
{
    if (self->field_len >= field_limit) {
        csv_err("field larger than field limit (%lld)", (long long)field_limit);
        return -1;
    }
    if (self->field_len == self->field_size) {
        Ssize n = self->field_size ? self->field_size * 2 : 4096;
        uint32_t *p = realloc(self->field, sizeof(uint32_t) * (size_t)n);
        if (!p) {
            vm_err_no_memory();
            return -1;
        }
        self->field = p;
        self->field_size = n;
    }
    self->field[self->field_len++] = c;
    return 0;
}

static int parse_process_char(ReaderObj *self, uint32_t c)
{
    DialectObj *d = self->dialect;
    switch (self->state) {
    case START_RECORD:
        if (c == EOL) break;
        if (c == '\n' || c == '\r') {
            self->state = EAT_CRNL;
            break;
        }
        self->state = START_FIELD;
        /* fall through */
    case START_FIELD:
        if (c == '\n' || c == '\r' || c == EOL) {
            if (parse_save_field(self) < 0) return -1;
            self->state = c == EOL ? START_RECORD : EAT_CRNL;
        } else if (c == d->quotechar && d->quoting != QUOTE_NONE) {
            self->state = IN_QUOTED_FIELD;
        } else if (c == d->escapechar) {
            self->state = ESCAPED_CHAR;
        } else if (c == ' ' && d->skipinitialspace) {
            /* leading spaces are dropped */
        } else if (c == d->delimiter) {
            if (parse_save_field(self) < 0) return -1;
        } else {
            if (d->quoting == QUOTE_NONNUMERIC) self->numeric_field = true;
            if (parse_add_char(self, c) < 0) return -1;
            self->state = IN_FIELD;
        }
        break;
    case ESCAPED_CHAR:
        if (c == '\n' || c == '\r') {
            if (parse_add_char(self, c) < 0) return -1;
            self->state = AFTER_ESCAPED_CRNL;
            break;
        }
        if (c == EOL) c = '\n';
        if (parse_add_char(self, c) < 0) return -1;
        self->state = IN_FIELD;
        break;
    case AFTER_ESCAPED_CRNL:
        if (c == EOL) break;
        /* fall through */
    case IN_FIELD:
        if (c == '\n' || c == '\r' || c == EOL) {
            if (parse_save_field(self) < 0) return -1;
            self->state = c == EOL ? START_RECORD : EAT_CRNL;
        } else if (c == d->escapechar) {
            self->state = ESCAPED_CHAR;
        } else if (c == d->delimiter) {
            if (parse_save_field(self) < 0) return -1;
            self->state = START_FIELD;
        } else if (parse_add_char(self, c) < 0) {
            return -1;
        }
        break;
    case IN_QUOTED_FIELD:
        if (c == EOL) {
        } else if (c == d->escapechar) {
            self->state = ESCAPE_IN_QUOTED_FIELD;
        } else if (c == d->quotechar && d->quoting != QUOTE_NONE) {
            self->state = d->doublequote ? QUOTE_IN_QUOTED_FIELD : IN_FIELD;
        } else if (parse_add_char(self, c) < 0) {
            return -1;
        }
        break;
    case ESCAPE_IN_QUOTED_FIELD:
        if (c == EOL) c = '\n';
        if (parse_add_char(self, c) < 0) return -1;
        self->state = IN_QUOTED_FIELD;
        break;
    case QUOTE_IN_QUOTED_FIELD:
        if (d->quoting != QUOTE_NONE && c == d->quotechar) {
            if (parse_add_char(self, c) < 0) return -1;
            self->state = IN_QUOTED_FIELD;
        } else if (c == d->delimiter) {
            if (parse_save_field(self) < 0) return -1;
            self->state = START_FIELD;
        } else if (c == '\n' || c == '\r' || c == EOL) {
            if (parse_save_field(self) < 0) return -1;
            self->state = c == EOL ? START_RECORD : EAT_CRNL;
        } else if (!d->strict) {
            if (parse_add_char(self, c) < 0) return -1;
            self->state = IN_FIELD;
        } else {
            Obj *a = str_from_char(d->delimiter), *b = str_from_char(d->quotechar);
            if (a && b) csv_err("'%S' expected after '%S'", a, b);
            XDECREF(a);
            XDECREF(b);
            return -1;
        }
        break;
    case EAT_CRNL:
        if (c == '\n' || c == '\r') {
        } else if (c == EOL) {
            self->state = START_RECORD;
        } else {
            csv_err("new-line character seen in unquoted field - do you need to open the file in "
                    "universal-newline mode?");
            return -1;
        }
        break;
    }
    return 0;
}

static int parse_reset(ReaderObj *self)
{
    obj_setref(&self->fields, list_new(0));
    if (!self->fields) return -1;
    self->field_len = 0;
    self->state = START_RECORD;
    self->numeric_field = false;
    return 0;
}

static Obj *reader_next(Obj *o)
{
    ReaderObj *self = (ReaderObj *)o;
    if (parse_reset(self) < 0) return NULL;
    do {
        Obj *line = obj_iternext(self->input_iter);
        if (!line) {
            if (!vm_err_occurred() && (self->field_len != 0 || self->state == IN_QUOTED_FIELD)) {
                if (self->dialect->strict) csv_err("unexpected end of data");
                else if (parse_save_field(self) >= 0) break;
            }
            return NULL;
        }
        if (!STR_CHECK(line)) {
            csv_err("iterator should return strings, not %s (the file should be opened in text mode)",
                    type_name(OBJ_TYPE(line)));
            DECREF(line);
            return NULL;
        }
        self->line_num++;
        Ssize n = obj_length(line);
        for (Ssize i = 0; i < n; i++)
            if (parse_process_char(self, str_char(line, i)) < 0) {
                DECREF(line);
                return NULL;
            }
        DECREF(line);
        if (parse_process_char(self, EOL) < 0) return NULL;
    } while (self->state != START_RECORD);
    Obj *fields = self->fields;
    self->fields = NULL;
    return fields;
}

static Obj *rg_dialect(Obj *o, void *c) { (void)c; return INCREF(((ReaderObj *)o)->dialect); }
static Obj *rg_line_num(Obj *o, void *c) { (void)c; return int_from_i64(((ReaderObj *)o)->line_num); }

static GetSetDef reader_getset[] = {
    {"dialect", rg_dialect, NULL, NULL, NULL},
    {"line_num", rg_line_num, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

TypeObj csv_reader_type = {
    .base = TYPE_HEAD_INIT, .name = "_csv.reader", .basicsize = sizeof(ReaderObj), .flags = TPF_GC,
    .dealloc = reader_dealloc, .getattro = obj_generic_getattr, .traverse = reader_traverse,
    .clear = reader_clear, .iter = iter_self, .iternext = reader_next, .getset = reader_getset,
    .doc = "CSV reader\n\nReader objects are responsible for reading and parsing tabular data\nin CSV format.\n",
};

static Obj *csv_reader(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *v[8], *dk;
    if (nargs < 1 || nargs > 2) {
        vm_err_format(&exc_TypeError, nargs < 1 ? " expected at least 1 argument, got %zd"
                                                : " expected at most 2 arguments, got %zd", nargs);
        return NULL;
    }
    if (dialect_kwargs(args, nargs, kw, v, &dk) < 0) return NULL;
    ReaderObj *r = (ReaderObj *)obj_alloc(&csv_reader_type, 0);
    if (!r) return NULL;
    r->state = START_RECORD;
    r->input_iter = obj_getiter(args[0]);
    if (!r->input_iter) {
        DECREF(r);
        return NULL;
    }
    r->dialect = (DialectObj *)call_dialect(nargs > 1 ? args[1] : dk, v);
    if (!r->dialect) {
        DECREF(r);
        return NULL;
    }
    return (Obj *)r;
}

/* ---- writer -------------------------------------------------------------------------------------------------- */

typedef struct WriterObj {
    Obj base;
    Obj *write;
    DialectObj *dialect;
    uint32_t *rec;
    Ssize rec_size, rec_len;
    int num_fields;
} WriterObj;

extern TypeObj csv_writer_type;

static int writer_traverse(Obj *o, VisitFn visit, void *arg)
{
    WriterObj *w = (WriterObj *)o;
    if (w->write && visit(w->write, arg)) return 1;
    if (w->dialect && visit((Obj *)w->dialect, arg)) return 1;
    return 0;
}

static int writer_clear(Obj *o)
{
    WriterObj *w = (WriterObj *)o;
    CLEAR(w->write);
    CLEAR(w->dialect);
    return 0;
}

static void writer_dealloc(Obj *o)
{
    writer_clear(o);
    free(((WriterObj *)o)->rec);
    obj_free(o);
}

static int rec_add(WriterObj *w, uint32_t c)
{
    if (w->rec_len == w->rec_size) {
        Ssize n = w->rec_size ? w->rec_size * 2 : 256;
        uint32_t *p = realloc(w->rec, sizeof(uint32_t) * (size_t)n);
        if (!p) {
            vm_err_no_memory();
            return -1;
        }
        w->rec = p;
        w->rec_size = n;
    }
    w->rec[w->rec_len++] = c;
    return 0;
}

static bool in_lineterminator(DialectObj *d, uint32_t c)
{
    Ssize n = obj_length(d->lineterminator);
    for (Ssize i = 0; i < n; i++)
        if (str_char(d->lineterminator, i) == c) return true;
    return false;
}

/* join_append: field NULL is None (an empty field) */
static int join_append(WriterObj *w, Obj *field, bool quoted)
{
    DialectObj *d = w->dialect;
    Ssize n = field ? obj_length(field) : 0;
    /* first pass: decide on quoting (and refuse what cannot be written) */
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(field, i);
        if (c == d->delimiter || c == d->escapechar || c == d->quotechar || in_lineterminator(d, c)) {
            bool want_escape = false;
            if (d->quoting == QUOTE_NONE) {
                want_escape = true;
            } else {
                if (c == d->quotechar) {
                    if (!d->doublequote) want_escape = true;
                } else if (c == d->escapechar) {
                    want_escape = true;
                }
                if (!want_escape) quoted = true;
            }
            if (want_escape && d->escapechar == NOT_SET) {
                csv_err("need to escape, but no escapechar set");
                return -1;
            }
        }
    }
    if (w->num_fields > 0 && rec_add(w, d->delimiter) < 0) return -1;
    if (quoted && rec_add(w, d->quotechar) < 0) return -1;
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(field, i);
        if (c == d->delimiter || c == d->escapechar || c == d->quotechar || in_lineterminator(d, c)) {
            bool want_escape = false;
            if (d->quoting == QUOTE_NONE) {
                want_escape = true;
            } else {
                if (c == d->quotechar) {
                    if (d->doublequote) {
                        if (rec_add(w, d->quotechar) < 0) return -1;
                    } else {
                        want_escape = true;
                    }
                } else if (c == d->escapechar) {
                    want_escape = true;
                }
            }
            if (want_escape && rec_add(w, d->escapechar) < 0) return -1;
        }
        if (rec_add(w, c) < 0) return -1;
    }
    if (quoted && rec_add(w, d->quotechar) < 0) return -1;
    w->num_fields++;
    return 0;
}

static Obj *writer_writerow(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    WriterObj *w = (WriterObj *)o;
    if (mh_one_arg("writer.writerow", nargs, kw) < 0) return NULL;
    DialectObj *d = w->dialect;
    Obj *it = obj_getiter(args[0]);
    if (!it) {
        if (vm_err_matches(&exc_TypeError)) {
            vm_err_clear();
            csv_err("iterable expected, not %s", type_name(OBJ_TYPE(args[0])));
        }
        return NULL;
    }
    w->rec_len = 0;
    w->num_fields = 0;
    Obj *field;
    while ((field = obj_iternext(it))) {
        bool quoted;
        switch (d->quoting) {
        case QUOTE_NONNUMERIC: {
            NumberMethods *nb = OBJ_TYPE(field)->as_number;
            quoted = !((nb && (nb->index || nb->int_ || nb->float_)) || type_is_subtype(OBJ_TYPE(field), &complex_type));
            break;
        }
        case QUOTE_ALL: quoted = true; break;
        case QUOTE_STRINGS: quoted = STR_CHECK(field); break;
        case QUOTE_NOTNULL: quoted = field != NONE; break;
        default: quoted = false; break;
        }
        int rc;
        if (STR_CHECK(field)) {
            rc = join_append(w, field, quoted);
        } else if (field == NONE) {
            rc = join_append(w, NULL, quoted);
        } else {
            Obj *s = obj_str(field);
            rc = s ? join_append(w, s, quoted) : -1;
            XDECREF(s);
        }
        DECREF(field);
        if (rc < 0) {
            DECREF(it);
            return NULL;
        }
    }
    DECREF(it);
    if (vm_err_occurred()) return NULL;
    if (w->num_fields > 0 && w->rec_len == 0) {
        if (d->quoting == QUOTE_NONE) {
            csv_err("single empty field record must be quoted");
            return NULL;
        }
        w->num_fields--;
        if (join_append(w, NULL, true) < 0) return NULL;
    }
    Ssize n = obj_length(d->lineterminator);
    for (Ssize i = 0; i < n; i++)
        if (rec_add(w, str_char(d->lineterminator, i)) < 0) return NULL;
    Obj *line = str_from_ucs4(w->rec, w->rec_len);
    if (!line) return NULL;
    Obj *r = obj_call(w->write, &line, 1, NULL);
    DECREF(line);
    return r;
}

static Obj *writer_writerows(Obj *o, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("writer.writerows", nargs, kw) < 0) return NULL;
    Obj *it = obj_getiter(args[0]), *row;
    if (!it) return NULL;
    while ((row = obj_iternext(it))) {
        Obj *r = writer_writerow(o, &row, 1, NULL);
        DECREF(row);
        if (!r) {
            DECREF(it);
            return NULL;
        }
        DECREF(r);
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *wg_dialect(Obj *o, void *c) { (void)c; return INCREF(((WriterObj *)o)->dialect); }

static GetSetDef writer_getset[] = {
    {"dialect", wg_dialect, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef writer_methods[] = {
    {"writerow", writer_writerow, METH_FAST, NULL},
    {"writerows", writer_writerows, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

TypeObj csv_writer_type = {
    .base = TYPE_HEAD_INIT, .name = "_csv.writer", .basicsize = sizeof(WriterObj), .flags = TPF_GC,
    .dealloc = writer_dealloc, .getattro = obj_generic_getattr, .traverse = writer_traverse,
    .clear = writer_clear, .methods = writer_methods, .getset = writer_getset,
    .doc = "CSV writer\n\nWriter objects are responsible for generating tabular data\nin CSV format from sequence input.\n",
};

static Obj *csv_writer(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *v[8], *dk;
    if (nargs < 1 || nargs > 2) {
        vm_err_format(&exc_TypeError, nargs < 1 ? " expected at least 1 argument, got %zd"
                                                : " expected at most 2 arguments, got %zd", nargs);
        return NULL;
    }
    if (dialect_kwargs(args, nargs, kw, v, &dk) < 0) return NULL;
    WriterObj *w = (WriterObj *)obj_alloc(&csv_writer_type, 0);
    if (!w) return NULL;
    Obj *k = S("write");
    if (!k || obj_lookup_attr(args[0], k, &w->write) < 0 || !w->write) {
        XDECREF(k);
        if (!vm_err_occurred()) vm_err_set_str(&exc_TypeError, "argument 1 must have a \"write\" method");
        DECREF(w);
        return NULL;
    }
    DECREF(k);
    w->dialect = (DialectObj *)call_dialect(nargs > 1 ? args[1] : dk, v);
    if (!w->dialect) {
        DECREF(w);
        return NULL;
    }
    return (Obj *)w;
}

/* ---- the registry ------------------------------------------------------------------------------------------- */

static Obj *csv_register_dialect(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    Obj *v[8], *dk;
    if (nargs < 1 || nargs > 2) {
        vm_err_format(&exc_TypeError, nargs < 1 ? " expected at least 1 argument, got %zd"
                                                : " expected at most 2 arguments, got %zd", nargs);
        return NULL;
    }
    if (!STR_CHECK(args[0])) {
        vm_err_set_str(&exc_TypeError, "dialect name must be a string");
        return NULL;
    }
    if (dialect_kwargs(args, nargs, kw, v, &dk) < 0) return NULL;
    Obj *d = call_dialect(nargs > 1 ? args[1] : dk, v);
    if (!d) return NULL;
    int r = dict_set(registry, args[0], d);
    DECREF(d);
    return r < 0 ? NULL : INCREF(NONE);
}

static Obj *csv_unregister_dialect(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"name"};
    Obj *v[1];
    if (mh_bind("unregister_dialect", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *old = NULL;
    int r = dict_pop_opt(registry, v[0], &old);
    if (r < 0) return NULL;
    if (!r) {
        csv_err("unknown dialect");
        return NULL;
    }
    DECREF(old);
    return INCREF(NONE);
}

static Obj *csv_get_dialect(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"name"};
    Obj *v[1];
    if (mh_bind("get_dialect", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return dialect_from_registry(v[0]);
}

static Obj *csv_list_dialects(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    (void)args;
    if (mh_no_args("list_dialects", nargs, kw) < 0) return NULL;
    return dict_keys_list(registry);
}

static Obj *csv_field_size_limit(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"new_limit"};
    Obj *v[1];
    if (mh_bind("field_size_limit", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    int64_t old = field_limit;
    if (v[0]) {
        if (!IS_TYPE(v[0], int_type) && !INT_CHECK(v[0])) {
            vm_err_set_str(&exc_TypeError, "limit must be an integer");
            return NULL;
        }
        int64_t n;
        if (int_as_i64(v[0], &n) < 0) return NULL;
        field_limit = n;
    }
    return int_from_i64(old);
}

static const MethodDef csv_functions[] = {
    {"reader", csv_reader, METH_FAST, NULL},
    {"writer", csv_writer, METH_FAST, NULL},
    {"register_dialect", csv_register_dialect, METH_FAST, NULL},
    {"unregister_dialect", csv_unregister_dialect, METH_FAST, NULL},
    {"get_dialect", csv_get_dialect, METH_FAST, NULL},
    {"list_dialects", csv_list_dialects, METH_FAST, NULL},
    {"field_size_limit", csv_field_size_limit, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- csv.py: Dialect classes, DictReader, DictWriter --------------------------------------------------------- */

static Obj *dialect_cls, *dictreader_cls, *dictwriter_cls;

static Obj *ga(Obj *o, const char *name) { return obj_getattr_str(o, name); }

static int sa(Obj *o, const char *name, Obj *v) { return obj_setattr_str(o, name, v); }   /* borrows v */

static Obj *pydialect_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("Dialect.__init__", nargs, kw) < 0) return NULL;
    if ((Obj *)OBJ_TYPE(self) != dialect_cls && sa(self, "_valid", TRUE_) < 0) return NULL;
    Obj *x = obj_call_method(self, "_validate", NULL, 0);
    if (!x) return NULL;
    DECREF(x);
    return INCREF(NONE);
}

static Obj *pydialect_validate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("Dialect._validate", nargs, kw) < 0) return NULL;
    Obj *v[8] = {0};
    Obj *d = dialect_make(&csv_dialect_type, self, v);
    if (d) {
        DECREF(d);
        return INCREF(NONE);
    }
    if (vm_err_matches(&exc_TypeError)) {
        Obj *e = vm_err_fetch();
        Obj *m = obj_str(e);
        DECREF(e);
        if (m) {
            Obj *ex = obj_call(csv_error, &m, 1, NULL);
            DECREF(m);
            if (ex) {
                ((ExcObj *)ex)->suppress_context = true;
                vm_err_set_obj((TypeObj *)csv_error, ex);
                DECREF(ex);
            }
        }
    }
    return NULL;
}

static const MethodDef pydialect_methods[] = {
    {"__init__", pydialect_init, METH_FAST, NULL},
    {"_validate", pydialect_validate, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* a list from fieldnames when it is an iterator (iter(x) is x) */
static Obj *fieldnames_arg(Obj *fn)
{
    if (!fn || fn == NONE) return INCREF(NONE);
    Obj *it = obj_getiter(fn);
    if (!it) return NULL;
    bool same = it == fn;
    DECREF(it);
    return same ? seq_to_list(fn) : INCREF(fn);
}

/* reader(f, dialect, *args, **kwds) / writer(...) for the Dict classes */
static Obj *make_rw(bool writer, Obj *f, Obj *dialect, Obj *const *rest, Ssize nrest, Obj *const *kwv, Obj *kwn)
{
    Ssize nk = kwn ? TUPLE_LEN(kwn) : 0;
    Obj **vec = malloc(sizeof(Obj *) * (size_t)(2 + nrest + nk));
    if (!vec) {
        vm_err_no_memory();
        return NULL;
    }
    vec[0] = f;
    vec[1] = dialect;
    for (Ssize i = 0; i < nrest; i++) vec[2 + i] = rest[i];
    for (Ssize i = 0; i < nk; i++) vec[2 + nrest + i] = kwv[i];
    Obj *r = writer ? csv_writer(NULL, vec, 2 + nrest, nk ? kwn : NULL) : csv_reader(NULL, vec, 2 + nrest, nk ? kwn : NULL);
    free(vec);
    return r;
}

/* split keywords into the named parameters (names[0..n)) and the rest */
static int split_kw(Obj *const *args, Ssize nargs, Obj *kw, const char *const *names, int n, Obj **named,
                    Obj **restv, Obj **restn)
{
    Ssize nk = mh_nkw(kw), k = 0;
    *restn = NULL;
    Obj *kn = tuple_new(nk);
    if (!kn) return -1;
    for (Ssize i = 0; i < nk; i++) {
        Obj *key = TUPLE_ITEMS(kw)[i];
        int slot = -1;
        for (int j = 0; j < n; j++)
            if (str_eq_cstr(key, names[j])) slot = j;
        if (slot >= 0) {
            named[slot] = args[nargs + i];
        } else {
            TUPLE_ITEMS(kn)[k] = INCREF(key);
            restv[k++] = args[nargs + i];
        }
    }
    for (Ssize i = k; i < nk; i++) TUPLE_ITEMS(kn)[i] = INCREF(NONE);
    *restn = tuple_slice(kn, 0, k);
    DECREF(kn);
    return *restn ? 0 : -1;
}

static Obj *dr_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"f", "fieldnames", "restkey", "restval", "dialect"};
    Obj *v[5] = {0};
    Ssize npos = nargs < 5 ? nargs : 5;
    for (Ssize i = 0; i < npos; i++) v[i] = args[i];
    Obj **restv = malloc(sizeof(Obj *) * (size_t)(mh_nkw(kw) + 1)), *restn = NULL;
    if (!restv) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *named[5] = {0};
    Obj *r = NULL, *fn = NULL, *rd = NULL, *dflt = NULL;
    if (split_kw(args, nargs, kw, names, 5, named, restv, &restn) < 0) goto out;
    for (int i = 0; i < 5; i++)
        if (named[i]) {
            if (v[i]) {
                Obj *k = S(names[i]);
                if (k) args_err_multiple_values("DictReader.__init__", k);
                XDECREF(k);
                goto out;
            }
            v[i] = named[i];
        }
    if (!v[0]) {
        Obj *k = S("f");
        if (k) args_err_missing("DictReader.__init__", &k, 1, false);
        XDECREF(k);
        goto out;
    }
    dflt = S("excel");
    Obj *dialect = v[4] ? v[4] : dflt;
    fn = fieldnames_arg(v[1]);
    rd = fn ? make_rw(false, v[0], dialect, args + npos, nargs - npos, restv, restn) : NULL;
    if (!rd || sa(self, "_fieldnames", fn) < 0 || sa(self, "restkey", v[2] ? v[2] : NONE) < 0 ||
        sa(self, "restval", v[3] ? v[3] : NONE) < 0 || sa(self, "reader", rd) < 0 ||
        sa(self, "dialect", dialect) < 0)
        goto out;
    Obj *z = int_from_i64(0);
    if (!z || sa(self, "line_num", z) < 0) {
        XDECREF(z);
        goto out;
    }
    DECREF(z);
    r = INCREF(NONE);
out:
    XDECREF(fn);
    XDECREF(rd);
    XDECREF(dflt);
    XDECREF(restn);
    free(restv);
    return r;
}

static Obj *dr_iter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__iter__", nargs, kw) < 0) return NULL;
    return INCREF(self);
}

/* next(reader): NULL with StopIteration pending at the end */
static Obj *next_or_stop(Obj *it)
{
    Obj *r = obj_iternext(it);
    if (!r && !vm_err_occurred()) gen_set_stop_iteration(NULL);
    return r;
}

static Obj *dr_get_fieldnames(Obj *self, void *c)
{
    (void)c;
    Obj *fn = ga(self, "_fieldnames");
    if (!fn) return NULL;
    Obj *rd = ga(self, "reader");
    if (!rd) {
        DECREF(fn);
        return NULL;
    }
    if (fn == NONE) {
        Obj *row = next_or_stop(rd);
        if (row) {
            obj_setref(&fn, row);
            if (sa(self, "_fieldnames", fn) < 0) goto fail;
        } else if (vm_err_matches(&exc_StopIteration)) {
            vm_err_clear();
        } else {
            goto fail;
        }
    }
    Obj *ln = ga(rd, "line_num");
    if (!ln || sa(self, "line_num", ln) < 0) {
        XDECREF(ln);
        goto fail;
    }
    DECREF(ln);
    DECREF(rd);
    return fn;
fail:
    DECREF(rd);
    DECREF(fn);
    return NULL;
}

static int dr_set_fieldnames(Obj *self, Obj *v, void *c)
{
    (void)c;
    if (!v) {
        vm_err_set_str(&exc_AttributeError, "can't delete attribute");
        return -1;
    }
    return sa(self, "_fieldnames", v);
}

static Obj *dr_next(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("__next__", nargs, kw) < 0) return NULL;
    Obj *ln = ga(self, "line_num");
    if (!ln) return NULL;
    int zero = ln != NULL && INT_CHECK(ln) && int_sign(ln) == 0;
    DECREF(ln);
    if (zero) {
        Obj *x = ga(self, "fieldnames");
        if (!x) return NULL;
        DECREF(x);
    }
    Obj *rd = ga(self, "reader");
    if (!rd) return NULL;
    Obj *row = next_or_stop(rd), *d = NULL, *fns = NULL, *fl = NULL;
    if (!row) goto out;
    ln = ga(rd, "line_num");
    if (!ln || sa(self, "line_num", ln) < 0) {
        XDECREF(ln);
        goto out;
    }
    DECREF(ln);
    while (LIST_CHECK(row) && LIST_LEN(row) == 0) {
        DECREF(row);
        row = next_or_stop(rd);
        if (!row) goto out;
    }
    fns = ga(self, "fieldnames");
    fl = fns ? seq_to_list(fns) : NULL;
    Obj *rl = fl ? seq_to_list(row) : NULL;
    if (!rl) goto out;
    d = dict_new();
    Ssize lf = LIST_LEN(fl), lr = LIST_LEN(rl);
    for (Ssize i = 0; d && i < lf && i < lr; i++)
        if (obj_setitem(d, LIST_ITEMS(fl)[i], LIST_ITEMS(rl)[i]) < 0) CLEAR(d);
    if (d && lf < lr) {
        Obj *rk = ga(self, "restkey"), *extra = list_slice(rl, lf, lr);
        if (!rk || !extra || obj_setitem(d, rk, extra) < 0) CLEAR(d);
        XDECREF(rk);
        XDECREF(extra);
    } else if (d && lf > lr) {
        Obj *rv = ga(self, "restval");
        for (Ssize i = lr; d && i < lf; i++)
            if (!rv || obj_setitem(d, LIST_ITEMS(fl)[i], rv) < 0) CLEAR(d);
        XDECREF(rv);
    }
    DECREF(rl);
out:
    XDECREF(fl);
    XDECREF(fns);
    XDECREF(row);
    DECREF(rd);
    return d;
}

static const MethodDef dr_methods[] = {
    {"__init__", dr_init, METH_FAST, NULL},
    {"__iter__", dr_iter, METH_FAST, NULL},
    {"__next__", dr_next, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef dr_getsets[] = {
    {"fieldnames", dr_get_fieldnames, dr_set_fieldnames, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static Obj *dw_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"f", "fieldnames", "restval", "extrasaction", "dialect"};
    Obj *v[5] = {0};
    Ssize npos = nargs < 5 ? nargs : 5;
    for (Ssize i = 0; i < npos; i++) v[i] = args[i];
    Obj **restv = malloc(sizeof(Obj *) * (size_t)(mh_nkw(kw) + 1)), *restn = NULL;
    if (!restv) {
        vm_err_no_memory();
        return NULL;
    }
    Obj *named[5] = {0};
    Obj *r = NULL, *fn = NULL, *wr = NULL, *dflt = NULL, *ea = NULL;
    if (split_kw(args, nargs, kw, names, 5, named, restv, &restn) < 0) goto out;
    for (int i = 0; i < 5; i++)
        if (named[i]) {
            if (v[i]) {
                Obj *k = S(names[i]);
                if (k) args_err_multiple_values("DictWriter.__init__", k);
                XDECREF(k);
                goto out;
            }
            v[i] = named[i];
        }
    if (!v[0] || !v[1]) {
        Obj *miss[2];
        int nm = 0;
        if (!v[0]) miss[nm++] = S("f");
        if (!v[1]) miss[nm++] = S("fieldnames");
        args_err_missing("DictWriter.__init__", miss, nm, false);
        for (int i = 0; i < nm; i++) XDECREF(miss[i]);
        goto out;
    }
    fn = fieldnames_arg(v[1]);
    Obj *empty = S("");
    if (!fn || !empty || sa(self, "fieldnames", fn) < 0 || sa(self, "restval", v[2] ? v[2] : empty) < 0) {
        XDECREF(empty);
        goto out;
    }
    DECREF(empty);
    Obj *raise = S("raise");
    ea = raise ? obj_call_method(v[3] ? v[3] : raise, "lower", NULL, 0) : NULL;
    XDECREF(raise);
    if (!ea) goto out;
    if (!(STR_CHECK(ea) && (str_eq_cstr(ea, "raise") || str_eq_cstr(ea, "ignore")))) {
        vm_err_format(&exc_ValueError, "extrasaction (%S) must be 'raise' or 'ignore'", ea);
        goto out;
    }
    if (sa(self, "extrasaction", ea) < 0) goto out;
    dflt = S("excel");
    wr = dflt ? make_rw(true, v[0], v[4] ? v[4] : dflt, args + npos, nargs - npos, restv, restn) : NULL;
    if (!wr || sa(self, "writer", wr) < 0) goto out;
    r = INCREF(NONE);
out:
    XDECREF(fn);
    XDECREF(wr);
    XDECREF(ea);
    XDECREF(dflt);
    XDECREF(restn);
    free(restv);
    return r;
}

static Obj *dict_to_list(Obj *self, Obj *rowdict)
{
    Obj *ea = ga(self, "extrasaction");
    Obj *fns = ea ? ga(self, "fieldnames") : NULL;
    Obj *out = NULL;
    if (!fns) goto done;
    if (str_eq_cstr(ea, "raise")) {
        Obj *keys = obj_call_method(rowdict, "keys", NULL, 0);
        Obj *wrong = keys ? num_binary(keys, fns, NB_SUBTRACT) : NULL;
        XDECREF(keys);
        if (!wrong) goto done;
        int t = obj_is_true(wrong);
        if (t) {
            if (t > 0) {
                Obj *l = list_new(0);
                Obj *it = l ? obj_getiter(wrong) : NULL, *x;
                while (it && (x = obj_iternext(it))) {
                    Obj *rp = obj_repr(x);
                    DECREF(x);
                    if (!rp || list_append(l, rp) < 0) {
                        XDECREF(rp);
                        break;
                    }
                    DECREF(rp);
                }
                XDECREF(it);
                Obj *sep = l && !vm_err_occurred() ? S(", ") : NULL;
                Obj *j = sep ? str_join(sep, l) : NULL;
                if (j) vm_err_format(&exc_ValueError, "dict contains fields not in fieldnames: %S", j);
                /* csv.py's frames in tracebacks (tbframes_gen.h) */
                if (j) tbframe_push(&tbgen_csv, TBG_CSV_DICT_TO_LIST_RAISE);
                XDECREF(j);
                XDECREF(sep);
                XDECREF(l);
            }
            DECREF(wrong);
            goto done;
        }
        DECREF(wrong);
    }
    Obj *rv = ga(self, "restval");
    Obj *it = rv ? obj_getiter(fns) : NULL, *key;
    out = it ? list_new(0) : NULL;
    while (out && (key = obj_iternext(it))) {
        Obj *val = obj_call_method(rowdict, "get", (Obj *[]){key, rv}, 2);
        DECREF(key);
        if (!val || list_append(out, val) < 0) CLEAR(out);
        XDECREF(val);
    }
    XDECREF(it);
    XDECREF(rv);
    if (out && vm_err_occurred()) CLEAR(out);
done:
    XDECREF(ea);
    XDECREF(fns);
    return out;
}

static Obj *dw_dict_to_list(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_one_arg("_dict_to_list", nargs, kw) < 0) return NULL;
    return dict_to_list(self, args[0]);
}

/* writer.writerow(self._dict_to_list(rowdict)); `caller`: the csv.py
 * entry (writerow's or writerows') a failed _dict_to_list leaves */
static Obj *dict_writerow(Obj *self, Obj *rowdict, int caller)
{
    Obj *row = obj_call_method(self, "_dict_to_list", &rowdict, 1);
    if (!row) return tbframe_fail(&tbgen_csv, caller);
    Obj *w = ga(self, "writer");
    Obj *r = w ? obj_call_method(w, "writerow", &row, 1) : NULL;
    XDECREF(w);
    DECREF(row);
    return r;
}

static Obj *dw_writerow(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"rowdict"};
    Obj *v[1];
    if (mh_bind_m("DictWriter.writerow", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return dict_writerow(self, v[0], TBG_CSV_WRITEROW_DICT_TO_LIST);
}

static Obj *dw_writerows(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"rowdicts"};
    Obj *v[1];
    if (mh_bind_m("DictWriter.writerows", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *it = obj_getiter(v[0]), *d;
    if (!it) return NULL;
    while ((d = obj_iternext(it))) {
        Obj *r = dict_writerow(self, d, TBG_CSV_WRITEROWS_MAP);
        DECREF(d);
        if (!r) break;
        DECREF(r);
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *dw_writeheader(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("writeheader", nargs, kw) < 0) return NULL;
    Obj *fns = ga(self, "fieldnames");
    Obj *d = fns ? dict_new() : NULL;
    Obj *it = d ? obj_getiter(fns) : NULL, *k;
    while (it && (k = obj_iternext(it))) {
        int r = obj_setitem(d, k, k);
        DECREF(k);
        if (r < 0) break;
    }
    XDECREF(it);
    XDECREF(fns);
    Obj *r = d && !vm_err_occurred() ? obj_call_method(self, "writerow", &d, 1) : NULL;
    XDECREF(d);
    return r;
}

static const MethodDef dw_methods[] = {
    {"__init__", dw_init, METH_FAST, NULL},
    {"writeheader", dw_writeheader, METH_FAST, NULL},
    {"_dict_to_list", dw_dict_to_list, METH_FAST, NULL},
    {"writerow", dw_writerow, METH_FAST, NULL},
    {"writerows", dw_writerows, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the modules ---------------------------------------------------------------------------------------------- */

static Obj *csvmod_private, *excel_cls, *tab_cls, *unix_cls;

static int add_quote_constants(Obj *m)
{
    static const char *const names[] = {"QUOTE_MINIMAL", "QUOTE_ALL", "QUOTE_NONNUMERIC", "QUOTE_NONE",
                                        "QUOTE_STRINGS", "QUOTE_NOTNULL"};
    for (int i = 0; i < 6; i++)
        if (module_add(m, names[i], int_from_i64(i)) < 0) return -1;
    return 0;
}

static Obj *private_init(void)
{
    if (csvmod_private) return INCREF(csvmod_private);
    TypeObj *types[] = {&csv_dialect_type, &csv_reader_type, &csv_writer_type};
    for (int i = 0; i < 3; i++)
        if (type_ready(types[i]) < 0) return NULL;
    Obj *m = mh_module("_csv", csv_functions);
    if (!m) return NULL;
    Obj *bases = tuple_pack(1, (Obj *)&exc_Exception);
    csv_error = bases ? mh_class("_csv", "Error", bases, NULL, NULL, NULL) : NULL;
    XDECREF(bases);
    registry = dict_new();
    if (!csv_error || !registry || add_quote_constants(m) < 0 || mh_add_obj(m, "Error", csv_error) < 0 ||
        mh_add_obj(m, "Dialect", (Obj *)&csv_dialect_type) < 0 || mh_add_str(m, "__version__", "1.0") < 0 ||
        mh_add_obj(m, "_dialects", registry) < 0 ||
        mh_add_obj(m, "Reader", (Obj *)&csv_reader_type) < 0 || mh_add_obj(m, "Writer", (Obj *)&csv_writer_type) < 0) {
        DECREF(m);
        return NULL;
    }
    csvmod_private = m;
    return INCREF(m);
}

static int set_attr_steal(Obj *o, const char *name, Obj *v)
{
    if (!v) return -1;
    int r = sa(o, name, v);
    DECREF(v);
    return r;
}

static Obj *register_class(const char *name, Obj *cls)
{
    Obj *n = S(name);
    Obj *r = n ? csv_register_dialect(NULL, (Obj *[]){n, cls}, 2, NULL) : NULL;
    XDECREF(n);
    return r;
}

/* ---- Sniffer ------------------------------------------------------------------------------------------------
 * csv.py's heuristics, step for step: quoted fields with the same character
 * on both sides (four regular expressions through the VM's `re`, the most
 * frequent quote and delimiter winning in first-seen order), else the
 * character whose per-line frequency is most consistent over chunks of ten
 * lines (the same float arithmetic for the consistency threshold). */

static Obj *sniffer_cls;

static Obj *re_fn(const char *name)
{
    Obj *re = import_name(id_str("re"), NULL, NULL, 0);
    Obj *f = re ? ga(re, name) : NULL;
    XDECREF(re);
    return f;
}

static Obj *sn_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_no_args("Sniffer.__init__", nargs, kw) < 0) return NULL;
    static const char *const pref[] = {",", "\t", ";", " ", ":"};
    Obj *l = list_new(0);
    for (int i = 0; l && i < 5; i++) {
        Obj *c = S(pref[i]);
        if (!c || list_append(l, c) < 0) CLEAR(l);
        XDECREF(c);
    }
    if (!l || sa(self, "preferred", l) < 0) {
        XDECREF(l);
        return NULL;
    }
    DECREF(l);
    return INCREF(NONE);
}

/* dict[key] += 1 */
static int bump(Obj *d, Obj *key)
{
    Obj *cur = dict_get_borrow(d, key);
    int64_t n = 0;
    if (cur) int_as_i64(cur, &n);
    else if (vm_err_occurred()) return -1;
    Obj *v = int_from_i64(n + 1);
    int r = v ? dict_set(d, key, v) : -1;
    XDECREF(v);
    return r;
}

/* max(d, key=d.get): the first key with the largest value */
static Obj *dict_argmax(Obj *d)
{
    Ssize pos = 0;
    Obj *k, *v, *best = NULL, *bestv = NULL;
    while (dict_next(d, &pos, &k, &v)) {
        if (!best) {
            best = k;
            bestv = v;
            continue;
        }
        int gt = obj_richcompare_bool(v, bestv, CMP_GT);
        if (gt < 0) return NULL;
        if (gt) {
            best = k;
            bestv = v;
        }
    }
    if (!best) {
        vm_err_set_str(&exc_ValueError, "max() iterable argument is empty");
        return NULL;
    }
    return INCREF(best);
}

/* (quotechar, doublequote, delimiter, skipinitialspace) */
static Obj *guess_quote_and_delimiter(Obj *data, Obj *delimiters)
{
    static const char *const pats[] = {
        "(?P<delim>[^\\w\\n\"'])(?P<space> ?)(?P<quote>[\"']).*?(?P=quote)(?P=delim)",
        "(?:^|\\n)(?P<quote>[\"']).*?(?P=quote)(?P<delim>[^\\w\\n\"'])(?P<space> ?)",
        "(?P<delim>[^\\w\\n\"'])(?P<space> ?)(?P<quote>[\"']).*?(?P=quote)(?:$|\\n)",
        "(?:^|\\n)(?P<quote>[\"']).*?(?P=quote)(?:$|\\n)"};
    Obj *compile = re_fn("compile"), *dotall = compile ? re_fn("DOTALL") : NULL;
    Obj *multi = dotall ? re_fn("MULTILINE") : NULL;
    Obj *flags = multi ? num_binary(dotall, multi, NB_OR) : NULL;
    Obj *matches = NULL, *regexp = NULL, *r = NULL, *quotes = NULL, *delims = NULL;
    if (!flags) goto out;
    for (int i = 0; i < 4; i++) {
        Obj *ps = S(pats[i]);
        Obj *rx = ps ? obj_call(compile, (Obj *[]){ps, flags}, 2, NULL) : NULL;
        XDECREF(ps);
        Obj *m = rx ? obj_call_method(rx, "findall", &data, 1) : NULL;
        if (!m) {
            XDECREF(rx);
            goto out;
        }
        obj_setref(&regexp, rx);
        obj_setref(&matches, m);
        if (obj_length(m) > 0) break;
    }
    if (obj_length(matches) == 0) {
        Obj *e = S(""), *z = int_from_i64(0);
        r = e && z ? tuple_pack(4, e, FALSE_, NONE, z) : NULL;
        XDECREF(e);
        XDECREF(z);
        goto out;
    }
    quotes = dict_new();
    delims = dict_new();
    Obj *gi = ga(regexp, "groupindex");
    if (!quotes || !delims || !gi) {
        XDECREF(gi);
        goto out;
    }
    int64_t iq = -1, id = -1, is = -1, tmp;
    Obj *x;
    if ((x = obj_getitem(gi, id_str("quote"))) && int_as_i64(x, &tmp) == 0) iq = tmp - 1;
    XDECREF(x);
    vm_err_clear();
    if ((x = obj_getitem(gi, id_str("delim"))) && int_as_i64(x, &tmp) == 0) id = tmp - 1;
    XDECREF(x);
    vm_err_clear();
    if ((x = obj_getitem(gi, id_str("space"))) && int_as_i64(x, &tmp) == 0) is = tmp - 1;
    XDECREF(x);
    vm_err_clear();
    DECREF(gi);
    int64_t spaces = 0;
    Obj *ml = seq_to_list(matches);
    if (!ml) goto out;
    for (Ssize i = 0; i < LIST_LEN(ml); i++) {
        Obj *m = LIST_ITEMS(ml)[i];
        Obj *key = TUPLE_CHECK(m) && iq >= 0 && iq < TUPLE_LEN(m) ? TUPLE_ITEMS(m)[iq] : m;
        if (obj_is_true(key) > 0 && bump(quotes, key) < 0) {
            DECREF(ml);
            goto out;
        }
        if (id < 0 || !TUPLE_CHECK(m)) continue;
        key = TUPLE_ITEMS(m)[id];
        int ok = obj_is_true(key) > 0;
        if (ok && delimiters && delimiters != NONE) {
            int in = obj_contains(delimiters, key);
            if (in < 0) {
                DECREF(ml);
                goto out;
            }
            ok = in;
        }
        if (ok && bump(delims, key) < 0) {
            DECREF(ml);
            goto out;
        }
        if (is < 0) continue;
        if (obj_is_true(TUPLE_ITEMS(m)[is]) > 0) spaces++;
    }
    DECREF(ml);
    Obj *quotechar = dict_argmax(quotes);
    if (!quotechar) goto out;
    Obj *delim;
    Obj *skip;
    if (dict_len(delims)) {
        delim = dict_argmax(delims);
        if (!delim) {
            DECREF(quotechar);
            goto out;
        }
        int64_t cnt = 0;
        int_as_i64(dict_get_borrow(delims, delim), &cnt);
        skip = bool_from(cnt == spaces);
        if (STR_CHECK(delim) && str_eq_cstr(delim, "\n")) obj_setref(&delim, S(""));
    } else {
        delim = S("");
        skip = int_from_i64(0);
    }
    Obj *esc = re_fn("escape");
    Obj *ed = esc && delim ? obj_call(esc, &delim, 1, NULL) : NULL;
    XDECREF(esc);
    Obj *dq = ed ? str_from_fmt("((%S)|^)\\W*%S[^%S\\n]*%S[^%S\\n]*%S\\W*((%S)|$)", ed, quotechar, ed, quotechar, ed,
                                quotechar, ed)
                 : NULL;
    XDECREF(ed);
    Obj *ml2 = dq ? re_fn("MULTILINE") : NULL;
    Obj *rx = ml2 ? obj_call(compile, (Obj *[]){dq, ml2}, 2, NULL) : NULL;
    Obj *found = rx ? obj_call_method(rx, "search", &data, 1) : NULL;
    XDECREF(dq);
    XDECREF(ml2);
    XDECREF(rx);
    if (found) r = tuple_pack(4, quotechar, found != NONE ? TRUE_ : FALSE_, delim, skip);
    XDECREF(found);
    DECREF(quotechar);
    XDECREF(delim);
    XDECREF(skip);
out:
    XDECREF(quotes);
    XDECREF(delims);
    XDECREF(matches);
    XDECREF(regexp);
    XDECREF(compile);
    XDECREF(dotall);
    XDECREF(multi);
    XDECREF(flags);
    return r;
}

typedef struct FreqMap { Ssize n, cap; int64_t *freq, *count; } FreqMap;

static int fm_bump(FreqMap *m, int64_t freq)
{
    for (Ssize i = 0; i < m->n; i++)
        if (m->freq[i] == freq) {
            m->count[i]++;
            return 0;
        }
    if (m->n == m->cap) {
        Ssize cap = m->cap ? m->cap * 2 : 8;
        int64_t *f = realloc(m->freq, sizeof(int64_t) * (size_t)cap);
        if (!f) return -1;
        m->freq = f;
        int64_t *c = realloc(m->count, sizeof(int64_t) * (size_t)cap);
        if (!c) return -1;
        m->count = c;
        m->cap = cap;
    }
    m->freq[m->n] = freq;
    m->count[m->n] = 1;
    m->n++;
    return 0;
}

/* data[0].count(d) == data[0].count(d + ' ') */
static Obj *skip_space(Obj *line0, uint32_t d)
{
    Ssize n = obj_length(line0), a = 0, b = 0;
    for (Ssize i = 0; i < n; i++)
        if (str_char(line0, i) == d) {
            a++;
            if (i + 1 < n && str_char(line0, i + 1) == ' ') {
                b++;
            }
        }
    /* count of "d " is non-overlapping; with d == ' ' the pairs overlap */
    if (d == ' ') {
        b = 0;
        for (Ssize i = 0; i + 1 < n; i++)
            if (str_char(line0, i) == ' ' && str_char(line0, i + 1) == ' ') {
                b++;
                i++;
            }
    }
    return bool_from(a == b);
}

static Obj *guess_delimiter(Obj *self, Obj *data, Obj *delimiters)
{
    Obj *nl = S("\n");
    Obj *parts = nl ? obj_call_method(data, "split", &nl, 1) : NULL;
    XDECREF(nl);
    if (!parts) return NULL;
    Obj *lines = list_new(0);
    for (Ssize i = 0; lines && i < LIST_LEN(parts); i++)
        if (obj_length(LIST_ITEMS(parts)[i]) > 0 && list_append(lines, LIST_ITEMS(parts)[i]) < 0) CLEAR(lines);
    DECREF(parts);
    if (!lines) return NULL;
    Ssize nd = LIST_LEN(lines);
    Ssize chunk = nd < 10 ? nd : 10;
    FreqMap fm[127] = {{0}};
    bool has_mode[127] = {0};
    int64_t mode_f[127], mode_c[127];
    int order[127], norder = 0;
    int dorder[127], ndelims = 0;
    bool in_delims[127] = {0};
    int64_t del_f[127], del_c[127];
    Ssize start = 0, end = chunk;
    int64_t iteration = 0;
    Obj *r = NULL;
    while (start < nd) {
        iteration++;
        for (Ssize li = start; li < end && li < nd; li++) {
            Obj *line = LIST_ITEMS(lines)[li];
            Ssize n = obj_length(line);
            int64_t cnt[127] = {0};
            for (Ssize i = 0; i < n; i++) {
                uint32_t c = str_char(line, i);
                if (c < 127) cnt[c]++;
            }
            for (int c = 0; c < 127; c++)
                if (fm_bump(&fm[c], cnt[c]) < 0) {
                    vm_err_no_memory();
                    goto out;
                }
        }
        for (int c = 0; c < 127; c++) {
            FreqMap *m = &fm[c];
            if (m->n == 1 && m->freq[0] == 0) continue;
            int64_t f, k;
            if (m->n > 1) {
                Ssize best = 0;
                for (Ssize i = 1; i < m->n; i++)
                    if (m->count[i] > m->count[best]) best = i;
                int64_t others = 0;
                for (Ssize i = 0; i < m->n; i++)
                    if (i != best) others += m->count[i];
                f = m->freq[best];
                k = m->count[best] - others;
            } else {
                f = m->freq[0];
                k = m->count[0];
            }
            if (!has_mode[c]) {
                has_mode[c] = true;
                order[norder++] = c;
            }
            mode_f[c] = f;
            mode_c[c] = k;
        }
        double total = (double)(chunk * iteration < nd ? chunk * iteration : nd);
        double consistency = 1.0, threshold = 0.9;
        while (ndelims == 0 && consistency >= threshold) {
            for (int oi = 0; oi < norder; oi++) {
                int c = order[oi];
                if (mode_f[c] > 0 && mode_c[c] > 0 && (double)mode_c[c] / total >= consistency) {
                    int ok = 1;
                    if (delimiters && delimiters != NONE) {
                        Obj *ch = str_from_char((uint32_t)c);
                        ok = ch ? obj_contains(delimiters, ch) : -1;
                        XDECREF(ch);
                        if (ok < 0) goto out;
                    }
                    if (ok) {
                        if (!in_delims[c]) {
                            in_delims[c] = true;
                            dorder[ndelims++] = c;
                        }
                        del_f[c] = mode_f[c];
                        del_c[c] = mode_c[c];
                    }
                }
            }
            consistency -= 0.01;
        }
        if (ndelims == 1) {
            uint32_t d = (uint32_t)dorder[0];
            Obj *ds = str_from_char(d);
            Obj *sk = ds ? skip_space(LIST_ITEMS(lines)[0], d) : NULL;
            r = sk ? tuple_pack(2, ds, sk) : NULL;
            XDECREF(ds);
            XDECREF(sk);
            goto out;
        }
        start = end;
        end += chunk;
    }
    if (ndelims == 0) {
        Obj *e = S(""), *z = int_from_i64(0);
        r = e && z ? tuple_pack(2, e, z) : NULL;
        XDECREF(e);
        XDECREF(z);
        goto out;
    }
    if (ndelims > 1) {
        Obj *pref = ga(self, "preferred");
        Obj *pl = pref ? seq_to_list(pref) : NULL;
        XDECREF(pref);
        if (!pl) goto out;
        for (Ssize i = 0; i < LIST_LEN(pl); i++) {
            Obj *d = LIST_ITEMS(pl)[i];
            if (STR_CHECK(d) && obj_length(d) == 1 && str_char(d, 0) < 127 && in_delims[str_char(d, 0)]) {
                Obj *sk = skip_space(LIST_ITEMS(lines)[0], str_char(d, 0));
                r = sk ? tuple_pack(2, d, sk) : NULL;
                XDECREF(sk);
                DECREF(pl);
                goto out;
            }
        }
        DECREF(pl);
    }
    /* items.sort() on ((freq, count), char): the largest */
    int best = dorder[0];
    for (int i = 1; i < ndelims; i++) {
        int c = dorder[i];
        if (del_f[c] > del_f[best] || (del_f[c] == del_f[best] && (del_c[c] > del_c[best] ||
                                                                  (del_c[c] == del_c[best] && c > best))))
            best = c;
    }
    Obj *ds = str_from_char((uint32_t)best);
    Obj *sk = ds ? skip_space(LIST_ITEMS(lines)[0], (uint32_t)best) : NULL;
    r = sk ? tuple_pack(2, ds, sk) : NULL;
    XDECREF(ds);
    XDECREF(sk);
out:
    for (int c = 0; c < 127; c++) {
        free(fm[c].freq);
        free(fm[c].count);
    }
    DECREF(lines);
    return r;
}

static Obj *sn_guess_qd(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)self;
    if (mh_pos_args("_guess_quote_and_delimiter", "_guess_quote_and_delimiter", nargs, kw, 2, 2) < 0) return NULL;
    return guess_quote_and_delimiter(args[0], args[1]);
}

static Obj *sn_guess_d(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("_guess_delimiter", "_guess_delimiter", nargs, kw, 2, 2) < 0) return NULL;
    return guess_delimiter(self, args[0], args[1]);
}

static Obj *sn_sniff(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"sample", "delimiters"};
    Obj *v[2];
    if (mh_bind_m("Sniffer.sniff", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *dl = v[1] ? v[1] : NONE;
    Obj *qd = obj_call_method(self, "_guess_quote_and_delimiter", (Obj *[]){v[0], dl}, 2);
    Obj *t = qd ? seq_to_tuple(qd) : NULL;
    XDECREF(qd);
    if (!t) return NULL;
    if (TUPLE_LEN(t) != 4) {
        vm_err_set_str(&exc_ValueError, "_guess_quote_and_delimiter() must return 4 values");
        DECREF(t);
        return NULL;
    }
    Obj *quotechar = INCREF(TUPLE_ITEMS(t)[0]), *doublequote = INCREF(TUPLE_ITEMS(t)[1]);
    Obj *delimiter = INCREF(TUPLE_ITEMS(t)[2]), *skip = INCREF(TUPLE_ITEMS(t)[3]);
    DECREF(t);
    Obj *r = NULL;
    int dt = obj_is_true(delimiter);
    if (dt == 0) {
        Obj *g = obj_call_method(self, "_guess_delimiter", (Obj *[]){v[0], dl}, 2);
        Obj *gt = g ? seq_to_tuple(g) : NULL;
        XDECREF(g);
        if (!gt || TUPLE_LEN(gt) != 2) {
            if (gt) vm_err_set_str(&exc_ValueError, "_guess_delimiter() must return 2 values");
            XDECREF(gt);
            goto out;
        }
        obj_setref(&delimiter, INCREF(TUPLE_ITEMS(gt)[0]));
        obj_setref(&skip, INCREF(TUPLE_ITEMS(gt)[1]));
        DECREF(gt);
        dt = obj_is_true(delimiter);
    }
    if (dt < 0) goto out;
    if (!dt) {
        csv_err("Could not determine delimiter");
        goto out;
    }
    Obj *b = tuple_pack(1, dialect_cls);
    Obj *cls = b ? mh_class("csv", "dialect", b, NULL, NULL, NULL) : NULL;
    XDECREF(b);
    if (!cls) goto out;
    int qt = obj_is_true(quotechar);
    Obj *qn = S("Sniffer.sniff.<locals>.dialect");
    Obj *qc = qt > 0 ? INCREF(quotechar) : S("\"");
    if (!qn || !qc || qt < 0 || obj_setattr(cls, id_str("__qualname__"), qn) < 0 ||
        set_attr_steal(cls, "_name", S("sniffed")) < 0 || set_attr_steal(cls, "lineterminator", S("\r\n")) < 0 ||
        set_attr_steal(cls, "quoting", int_from_i64(QUOTE_MINIMAL)) < 0 || sa(cls, "doublequote", doublequote) < 0 ||
        sa(cls, "delimiter", delimiter) < 0 || sa(cls, "quotechar", qc) < 0 ||
        sa(cls, "skipinitialspace", skip) < 0) {
        XDECREF(qn);
        XDECREF(qc);
        DECREF(cls);
        goto out;
    }
    XDECREF(qn);
    XDECREF(qc);
    r = cls;
out:
    DECREF(quotechar);
    DECREF(doublequote);
    DECREF(delimiter);
    DECREF(skip);
    return r;
}

static Obj *sn_has_header(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"sample"};
    Obj *v[1];
    if (mh_bind_m("Sniffer.has_header", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *dialect = obj_call_method(self, "sniff", v, 1);
    Obj *sio = NULL, *rdr = NULL, *header = NULL, *types = NULL, *r = NULL, *row = NULL;
    if (!dialect) return NULL;
    Obj *io = import_name(id_str("io"), NULL, NULL, 0);
    Obj *sc = io ? ga(io, "StringIO") : NULL;
    XDECREF(io);
    sio = sc ? obj_call(sc, v, 1, NULL) : NULL;
    XDECREF(sc);
    rdr = sio ? csv_reader(NULL, (Obj *[]){sio, dialect}, 2, NULL) : NULL;
    if (!rdr) goto out;
    header = obj_iternext(rdr);
    if (!header) {
        if (!vm_err_occurred()) gen_set_stop_iteration(NULL);
        goto out;
    }
    Ssize columns = obj_length(header);
    types = dict_new();
    for (Ssize i = 0; types && i < columns; i++) {
        Obj *k = int_from_i64(i);
        if (!k || dict_set(types, k, NONE) < 0) CLEAR(types);
        XDECREF(k);
    }
    if (!types) goto out;
    int checked = 0;
    while ((row = obj_iternext(rdr))) {
        if (checked > 20) break;
        checked++;
        if (obj_length(row) != columns) {
            CLEAR(row);
            continue;
        }
        Obj *keys = dict_keys_list(types);
        if (!keys) goto out;
        for (Ssize i = 0; i < LIST_LEN(keys); i++) {
            Obj *col = LIST_ITEMS(keys)[i];
            Obj *cell = obj_getitem(row, col);
            if (!cell) {
                DECREF(keys);
                goto out;
            }
            Obj *this_type;
            Obj *cv = obj_call((Obj *)&complex_type, &cell, 1, NULL);
            if (cv) {
                DECREF(cv);
                this_type = INCREF(&complex_type);
            } else if (vm_err_matches(&exc_ValueError) || vm_err_matches(&exc_OverflowError)) {
                vm_err_clear();
                this_type = int_from_i64(obj_length(cell));
            } else {
                DECREF(cell);
                DECREF(keys);
                goto out;
            }
            DECREF(cell);
            Obj *cur = dict_get_borrow(types, col);
            int ne = cur ? obj_richcompare_bool(this_type, cur, CMP_NE) : -1;
            int rc = ne < 0 ? -1 : 0;
            if (ne > 0) rc = cur == NONE ? dict_set(types, col, this_type) : dict_del(types, col);
            DECREF(this_type);
            if (rc < 0) {
                DECREF(keys);
                goto out;
            }
        }
        DECREF(keys);
        CLEAR(row);
    }
    if (vm_err_occurred()) goto out;
    int64_t has = 0;
    Ssize pos = 0;
    Obj *col, *ct;
    Obj *items = dict_items_list(types);
    if (!items) goto out;
    for (Ssize i = 0; i < LIST_LEN(items); i++) {
        col = TUPLE_ITEMS(LIST_ITEMS(items)[i])[0];
        ct = TUPLE_ITEMS(LIST_ITEMS(items)[i])[1];
        Obj *h = obj_getitem(header, col);
        if (!h) {
            DECREF(items);
            goto out;
        }
        if (INT_CHECK(ct)) {
            Obj *l = int_from_i64(obj_length(h));
            int ne = l ? obj_richcompare_bool(l, ct, CMP_NE) : -1;
            XDECREF(l);
            if (ne < 0) {
                DECREF(h);
                DECREF(items);
                goto out;
            }
            has += ne ? 1 : -1;
        } else {
            Obj *x = obj_call(ct, &h, 1, NULL);
            if (x) {
                DECREF(x);
                has--;
            } else if (vm_err_matches(&exc_ValueError) || vm_err_matches(&exc_TypeError)) {
                vm_err_clear();
                has++;
            } else {
                DECREF(h);
                DECREF(items);
                goto out;
            }
        }
        DECREF(h);
    }
    (void)pos;
    DECREF(items);
    r = bool_from(has > 0);
out:
    XDECREF(row);
    XDECREF(types);
    XDECREF(header);
    XDECREF(rdr);
    XDECREF(sio);
    DECREF(dialect);
    return r;
}

static const MethodDef sn_methods[] = {
    {"__init__", sn_init, METH_FAST, NULL},
    {"sniff", sn_sniff, METH_FAST, NULL},
    {"_guess_quote_and_delimiter", sn_guess_qd, METH_FAST, NULL},
    {"_guess_delimiter", sn_guess_d, METH_FAST, NULL},
    {"has_header", sn_has_header, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *csv_init(void)
{
    Obj *priv = private_init();
    if (!priv) return NULL;
    DECREF(priv);
    Obj *m = mh_module("csv", csv_functions);
    if (!m) return NULL;
    if (!dialect_cls) {
        dialect_cls = mh_class("csv", "Dialect", NULL, pydialect_methods, NULL, NULL);
        if (!dialect_cls) goto fail;
        static const char *const ph[] = {"delimiter", "quotechar", "escapechar", "doublequote",
                                         "skipinitialspace", "lineterminator", "quoting"};
        for (int i = 0; i < 7; i++)
            if (sa(dialect_cls, ph[i], NONE) < 0) goto fail;
        if (set_attr_steal(dialect_cls, "_name", S("")) < 0 || sa(dialect_cls, "_valid", FALSE_) < 0) goto fail;
        Obj *b = tuple_pack(1, dialect_cls);
        Obj *excel = b ? mh_class("csv", "excel", b, NULL, NULL, NULL) : NULL;
        XDECREF(b);
        if (!excel || set_attr_steal(excel, "delimiter", S(",")) < 0 ||
            set_attr_steal(excel, "quotechar", S("\"")) < 0 || sa(excel, "doublequote", TRUE_) < 0 ||
            sa(excel, "skipinitialspace", FALSE_) < 0 || set_attr_steal(excel, "lineterminator", S("\r\n")) < 0 ||
            set_attr_steal(excel, "quoting", int_from_i64(QUOTE_MINIMAL)) < 0)
            goto fail;
        b = tuple_pack(1, excel);
        Obj *tab = b ? mh_class("csv", "excel_tab", b, NULL, NULL, NULL) : NULL;
        XDECREF(b);
        if (!tab || set_attr_steal(tab, "delimiter", S("\t")) < 0) goto fail;
        b = tuple_pack(1, dialect_cls);
        Obj *unix_d = b ? mh_class("csv", "unix_dialect", b, NULL, NULL, NULL) : NULL;
        XDECREF(b);
        if (!unix_d || set_attr_steal(unix_d, "delimiter", S(",")) < 0 ||
            set_attr_steal(unix_d, "quotechar", S("\"")) < 0 || sa(unix_d, "doublequote", TRUE_) < 0 ||
            sa(unix_d, "skipinitialspace", FALSE_) < 0 || set_attr_steal(unix_d, "lineterminator", S("\n")) < 0 ||
            set_attr_steal(unix_d, "quoting", int_from_i64(QUOTE_ALL)) < 0)
            goto fail;
        Obj *x = register_class("excel", excel);
        Obj *y = x ? register_class("excel-tab", tab) : NULL;
        Obj *z = y ? register_class("unix", unix_d) : NULL;
        XDECREF(x);
        XDECREF(y);
        if (!z) goto fail;
        DECREF(z);
        excel_cls = excel;
        tab_cls = tab;
        unix_cls = unix_d;
        sniffer_cls = mh_class("csv", "Sniffer", NULL, sn_methods, NULL, NULL);
        if (!sniffer_cls) goto fail;
        dictreader_cls = mh_class("csv", "DictReader", NULL, dr_methods, dr_getsets, NULL);
        dictwriter_cls = dictreader_cls ? mh_class("csv", "DictWriter", NULL, dw_methods, NULL, NULL) : NULL;
        if (!dictwriter_cls) goto fail;
    }
    if (mh_add_obj(m, "excel", excel_cls) < 0 || mh_add_obj(m, "excel_tab", tab_cls) < 0 ||
        mh_add_obj(m, "unix_dialect", unix_cls) < 0)
        goto fail;
    if (add_quote_constants(m) < 0 || mh_add_obj(m, "Error", csv_error) < 0 ||
        mh_add_obj(m, "Dialect", dialect_cls) < 0 || mh_add_obj(m, "_Dialect", (Obj *)&csv_dialect_type) < 0 ||
        mh_add_obj(m, "DictReader", dictreader_cls) < 0 || mh_add_obj(m, "DictWriter", dictwriter_cls) < 0 ||
        mh_add_obj(m, "Sniffer", sniffer_cls) < 0 ||
        mh_add_str(m, "__version__", "1.0") < 0)
        goto fail;
    static const char *const all[] = {"QUOTE_MINIMAL", "QUOTE_ALL", "QUOTE_NONNUMERIC", "QUOTE_NONE",
        "QUOTE_STRINGS", "QUOTE_NOTNULL", "Error", "Dialect", "__doc__", "excel", "excel_tab",
        "field_size_limit", "reader", "writer", "register_dialect", "get_dialect", "list_dialects", "Sniffer",
        "unregister_dialect", "__version__", "DictReader", "DictWriter", "unix_dialect"};
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof all[0]; i++) {
        Obj *s = S(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_csv_register(void)
{
    import_register_native("_csv", private_init);
    import_register_native("csv", csv_init);
}
