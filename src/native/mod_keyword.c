/* mod_keyword.c — the `keyword` module of CPython 3.12: kwlist, softkwlist
 * (3.12 adds 'type') and iskeyword/issoftkeyword, which are — as in
 * keyword.py — the __contains__ methods of frozensets of those lists.
 */
#include "config.h"

#include "src/native/modhelp.h"

static Obj *str_list(const char *const *names, size_t n)
{
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < n; i++) {
        Obj *s = str_from_cstr(names[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    return l;
}

/* frozenset(list).__contains__ */
static Obj *contains_of(Obj *list)
{
    Obj *fs = frozenset_new(list);
    if (!fs) return NULL;
    Obj *m = obj_getattr(fs, id_str("__contains__"));
    DECREF(fs);
    return m;
}

static Obj *keyword_init(void)
{
    static const char *const kw[] = {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    };
    static const char *const soft[] = {"_", "case", "match", "type"};
    static const char *const all[] = {"iskeyword", "issoftkeyword", "kwlist", "softkwlist"};
    Obj *m = mh_module("keyword", NULL);
    if (!m) return NULL;
    Obj *kwlist = str_list(kw, sizeof kw / sizeof *kw);
    Obj *softlist = str_list(soft, sizeof soft / sizeof *soft);
    if (!kwlist || !softlist || mh_add_obj(m, "kwlist", kwlist) < 0 ||
        mh_add_obj(m, "softkwlist", softlist) < 0 || module_add(m, "iskeyword", contains_of(kwlist)) < 0 ||
        module_add(m, "issoftkeyword", contains_of(softlist)) < 0 ||
        module_add(m, "__all__", str_list(all, 4)) < 0)
        CLEAR(m);
    XDECREF(kwlist);
    XDECREF(softlist);
    return m;
}

void native_keyword_register(void) { import_register_native("keyword", keyword_init); }
