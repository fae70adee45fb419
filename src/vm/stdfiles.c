/* stdfiles.c — the file attributes CPython 3.12 gives its standard modules,
 * for pydbg's native implementations of them.
 *
 * Where CPython runs a module from Python source (json, queue, decimal …)
 * the module has __file__ (PREFIX/lib/python3.12/REL.py), __cached__ (the
 * __pycache__ .pyc, except for the modules 3.12 freezes into the
 * interpreter: os, abc, io …) and __builtins__ (the builtins dict); where
 * it loads an extension module (math, array …) only __file__
 * (PREFIX/lib/python3.12/lib-dynload/NAME.cpython-312-TRIPLE.so).  Programs
 * see them through dir(module), vars(module), repr(module), the
 * "cannot import name" message and os.path.dirname(mod.__file__); PREFIX is
 * sys.prefix, the directory tbframe.c's queue.py/contextlib.py frames name
 * too.  The table is CPython 3.12's own (its modules' __file__/__cached__,
 * read under python3.12); built-in modules (sys, time, itertools …) have
 * none and are not listed.
 */
#include "config.h"

#include <string.h>

#include "pydbg/base.h"
#include "src/vm/vmint.h"

enum { STDF_CACHED, STDF_FROZEN, STDF_EXTENSION };

static const struct StdFile {
    const char *module;
    const char *rel;      /* below PREFIX/lib/python3.12; extensions without the .cpython-312-….so */
    int kind;
} std_files[] = {
    {"__future__", "__future__.py", STDF_CACHED},
    {"_bisect", "lib-dynload/_bisect", STDF_EXTENSION},
    {"_collections_abc", "_collections_abc.py", STDF_FROZEN},
    {"_csv", "lib-dynload/_csv", STDF_EXTENSION},
    {"_heapq", "lib-dynload/_heapq", STDF_EXTENSION},
    {"_queue", "lib-dynload/_queue", STDF_EXTENSION},
    {"_random", "lib-dynload/_random", STDF_EXTENSION},
    {"_struct", "lib-dynload/_struct", STDF_EXTENSION},
    {"_weakrefset", "_weakrefset.py", STDF_CACHED},
    {"abc", "abc.py", STDF_FROZEN},
    {"argparse", "argparse.py", STDF_CACHED},
    {"array", "lib-dynload/array", STDF_EXTENSION},
    {"asyncio", "asyncio/__init__.py", STDF_CACHED},
    {"base64", "base64.py", STDF_CACHED},
    {"binascii", "lib-dynload/binascii", STDF_EXTENSION},
    {"bisect", "bisect.py", STDF_CACHED},
    {"calendar", "calendar.py", STDF_CACHED},
    {"collections", "collections/__init__.py", STDF_CACHED},
    {"collections.abc", "collections/abc.py", STDF_CACHED},
    {"concurrent", "concurrent/__init__.py", STDF_CACHED},
    {"concurrent.futures", "concurrent/futures/__init__.py", STDF_CACHED},
    {"contextlib", "contextlib.py", STDF_CACHED},
    {"copy", "copy.py", STDF_CACHED},
    {"copyreg", "copyreg.py", STDF_CACHED},
    {"csv", "csv.py", STDF_CACHED},
    {"dataclasses", "dataclasses.py", STDF_CACHED},
    {"datetime", "datetime.py", STDF_CACHED},
    {"decimal", "decimal.py", STDF_CACHED},
    {"enum", "enum.py", STDF_CACHED},
    {"fnmatch", "fnmatch.py", STDF_CACHED},
    {"fractions", "fractions.py", STDF_CACHED},
    {"functools", "functools.py", STDF_CACHED},
    {"getopt", "getopt.py", STDF_CACHED},
    {"graphlib", "graphlib.py", STDF_CACHED},
    {"hashlib", "hashlib.py", STDF_CACHED},
    {"heapq", "heapq.py", STDF_CACHED},
    {"hmac", "hmac.py", STDF_CACHED},
    {"io", "io.py", STDF_FROZEN},
    {"json", "json/__init__.py", STDF_CACHED},
    {"json.decoder", "json/decoder.py", STDF_CACHED},
    {"json.encoder", "json/encoder.py", STDF_CACHED},
    {"keyword", "keyword.py", STDF_CACHED},
    {"logging", "logging/__init__.py", STDF_CACHED},
    {"logging.config", "logging/config.py", STDF_CACHED},
    {"logging.handlers", "logging/handlers.py", STDF_CACHED},
    {"math", "lib-dynload/math", STDF_EXTENSION},
    {"numbers", "numbers.py", STDF_CACHED},
    {"operator", "operator.py", STDF_CACHED},
    {"os", "os.py", STDF_FROZEN},
    {"os.path", "posixpath.py", STDF_FROZEN},
    {"posixpath", "posixpath.py", STDF_FROZEN},
    {"pprint", "pprint.py", STDF_CACHED},
    {"queue", "queue.py", STDF_CACHED},
    {"random", "random.py", STDF_CACHED},
    {"re", "re/__init__.py", STDF_CACHED},
    {"reprlib", "reprlib.py", STDF_CACHED},
    {"shlex", "shlex.py", STDF_CACHED},
    {"statistics", "statistics.py", STDF_CACHED},
    {"string", "string.py", STDF_CACHED},
    {"struct", "struct.py", STDF_CACHED},
    {"textwrap", "textwrap.py", STDF_CACHED},
    {"threading", "threading.py", STDF_CACHED},
    {"traceback", "traceback.py", STDF_CACHED},
    {"types", "types.py", STDF_CACHED},
    {"typing", "typing.py", STDF_CACHED},
    {"unicodedata", "lib-dynload/unicodedata", STDF_EXTENSION},
    {"warnings", "warnings.py", STDF_CACHED},
    {"weakref", "weakref.py", STDF_CACHED},
    {"zlib", "lib-dynload/zlib", STDF_EXTENSION},
    {"zoneinfo", "zoneinfo/__init__.py", STDF_CACHED},
};

/* CPython's multiarch triple in extension-module names (its SOABI) */
#if defined(__linux__) && defined(__x86_64__)
#define STDF_TRIPLE "x86_64-linux-gnu"
#elif defined(__linux__) && defined(__aarch64__)
#define STDF_TRIPLE "aarch64-linux-gnu"
#elif defined(__linux__) && defined(__i386__)
#define STDF_TRIPLE "i386-linux-gnu"
#elif defined(__linux__) && defined(__arm__)
#define STDF_TRIPLE "arm-linux-gnueabihf"
#endif

static int set_missing(Obj *dict, const char *key, Obj *value)
{
    if (!value) return -1;
    int rc = dict_get_str_borrow(dict, key) ? 0 : dict_set_str(dict, key, value);
    DECREF(value);
    return rc;
}

static Obj *path_str(const char *prefix, const char *rel, const char *tail)
{
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, prefix);
    sbuf_puts(&b, "/lib/python3.12/");
    sbuf_puts(&b, rel);
    sbuf_puts(&b, tail);
    Obj *s = str_from_utf8(sbuf_cstr(&b), (Ssize)b.len);
    sbuf_free(&b);
    return s;
}

int import_add_std_file(const char *name, Obj *module)
{
    const struct StdFile *e = NULL;
    for (size_t i = 0; i < sizeof std_files / sizeof *std_files; i++)
        if (strcmp(std_files[i].module, name) == 0) {
            e = &std_files[i];
            break;
        }
    Obj *dict = e ? module_dict_borrow(module) : NULL;
    Obj *prefix = sys_get_borrow("prefix");
    if (!dict || !DICT_CHECK(dict) || !prefix || !STR_CHECK(prefix)) return 0;
    Ssize pl;
    const char *p = str_utf8_lossy(prefix, &pl);
    if (e->kind == STDF_EXTENSION) {
#ifdef STDF_TRIPLE
        return set_missing(dict, "__file__", path_str(p, e->rel, ".cpython-312-" STDF_TRIPLE ".so"));
#else
        return 0;
#endif
    }
    if (set_missing(dict, "__file__", path_str(p, e->rel, "")) < 0) return -1;
    if (e->kind == STDF_CACHED) {
        /* DIR/BASE.py -> DIR/__pycache__/BASE.cpython-312.pyc */
        const char *slash = strrchr(e->rel, '/');
        size_t dirlen = slash ? (size_t)(slash - e->rel + 1) : 0;
        const char *base = e->rel + dirlen;
        SBuf rel = SBUF_INIT;
        sbuf_put(&rel, e->rel, dirlen);
        sbuf_puts(&rel, "__pycache__/");
        sbuf_put(&rel, base, strlen(base) - 3);
        int rc = set_missing(dict, "__cached__", path_str(p, sbuf_cstr(&rel), ".cpython-312.pyc"));
        sbuf_free(&rel);
        if (rc < 0) return -1;
    }
    return vm->builtins ? set_missing(dict, "__builtins__", INCREF(vm->builtins)) : 0;
}
