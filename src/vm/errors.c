/* errors.c — the interpreter state `vm`, the pending-exception API of vm.h
 * (raise, fetch, restore, match, context chaining as CPython's
 * _PyErr_SetObject does), message formatting for C callers, unraisable
 * exception reports, and the start-up of the object model (vm_init readies
 * every type the core knows).
 *
 * Invariant: vm->exc is NULL or a normalised exception instance; `vm` is
 * never NULL (a static state exists before vm_init, so unit tests can raise
 * and catch without an interpreter).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/pyhash.h"
#include "src/obj/objimpl.h"

static Vm vm_state = {.recursion_limit = 1000, .steps_left = INT64_MAX, .steps_armed = INT64_MAX};
Vm *vm = &vm_state;
int (*vm_trap_hook)(Frame *f, int32_t prev);
void (*vm_return_hook)(Frame *f, Obj *retval);
void (*vm_code_hook)(CodeRtObj *co);
void (*vm_breakpoint_hook)(void);

int vm_enter_c(const char *where)
{
    if (++vm->c_depth > VM_C_RECURSION_LIMIT) {
        vm->c_depth--;
        vm_err_format(&exc_RecursionError, "maximum recursion depth exceeded%s", where ? where : "");
        return -1;
    }
    return 0;
}

/* ---- formatting ----------------------------------------------------------- */

/* One formatter for every message: the strings module's (printf
 * conversions plus %R %S %A %U %V %T). */
Obj *err_vformat(const char *fmt, va_list ap)
{
    return str_from_vfmt(fmt, ap);
}

Obj *core_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Obj *r = err_vformat(fmt, ap);
    va_end(ap);
    return r;
}

/* ---- the pending exception ---------------------------------------------------- */

bool vm_err_occurred(void) { return vm->exc != NULL; }

void vm_err_restore(Obj *exc)
{
    Obj *old = vm->exc;
    vm->exc = exc;
    XDECREF(old);
}

void vm_err_clear(void) { vm_err_restore(NULL); }

Obj *vm_err_fetch(void)
{
    Obj *e = vm->exc;
    vm->exc = NULL;
    return e;
}

bool vm_err_matches(TypeObj *type)
{
    return vm->exc && type_is_subtype(OBJ_TYPE(vm->exc), type);
}

/* Make exc the pending exception, chaining the exception being handled as
 * its __context__ (breaking a cycle the way CPython does). */
static void set_pending(Obj *exc)
{
    Obj *handled = vm->handled;
    if (handled && handled != exc && EXC_CHECK(handled) && EXC_CHECK(exc)) {
        /* Walk handled's context chain; cut it where it reaches exc. */
        Obj *o = handled;
        int steps = 0;
        while (o && steps++ < 100000) {
            ExcObj *e = (ExcObj *)o;
            if (e->context == exc) {
                CLEAR(e->context);
                break;
            }
            o = e->context;
        }
        ExcObj *x = (ExcObj *)exc;
        if (x->context != handled) obj_setref(&x->context, INCREF(handled));
    }
    vm_err_restore(exc);
}

void vm_err_set_obj(TypeObj *type, Obj *value)
{
    Obj *exc;
    if (value && EXC_CHECK(value) && type_is_subtype(OBJ_TYPE(value), type)) {
        exc = INCREF(value);
    } else {
        Obj *saved = vm_err_fetch();
        if (!value || value == NONE) exc = exc_create(type, NULL, 0);
        else if (TUPLE_CHECK(value)) exc = exc_create(type, TUPLE_ITEMS(value), TUPLE_LEN(value));
        else exc = exc_create(type, &value, 1);
        if (!exc) {
            /* Creating the exception failed: that failure is what propagates. */
            XDECREF(saved);
            return;
        }
        XDECREF(saved);
        if (!EXC_CHECK(exc)) {
            vm_err_format(&exc_TypeError,
                          "calling %R should have returned an instance of BaseException, not %s",
                          (Obj *)type, type_name(OBJ_TYPE(exc)));
            DECREF(exc);
            return;
        }
    }
    set_pending(exc);
}

void vm_err_set_str(TypeObj *type, const char *msg)
{
    Obj *s = str_from_cstr(msg);
    if (!s) return;
    vm_err_set_obj(type, s);
    DECREF(s);
}

void vm_err_format(TypeObj *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Obj *s = err_vformat(fmt, ap);
    va_end(ap);
    if (!s) return;
    vm_err_set_obj(type, s);
    DECREF(s);
}

void vm_err_set_key(Obj *key)
{
    Obj *t = tuple_pack(1, key);
    if (!t) return;
    vm_err_set_obj(&exc_KeyError, t);
    DECREF(t);
}

static Obj *memory_error_obj;

void vm_err_no_memory(void)
{
    /* A preallocated instance: creating one might itself fail. */
    static bool making;
    if (!memory_error_obj && !making) {
        making = true;
        memory_error_obj = obj_alloc(&exc_MemoryError, 0);
        making = false;
        if (memory_error_obj) ((ExcObj *)memory_error_obj)->args = tuple_new(0);
    }
    if (!memory_error_obj) {
        fputs("pydbg: out of memory\n", stderr);
        abort();
    }
    CLEAR(((ExcObj *)memory_error_obj)->traceback);
    vm_err_restore(INCREF(memory_error_obj));
}

/* Instantiate a `raise` operand: a class is called without arguments. */
static Obj *make_exception(Obj *x, bool for_cause)
{
    if (TYPE_CHECK(x) && type_is_subtype((TypeObj *)x, &exc_BaseException)) {
        Obj *e = obj_call(x, NULL, 0, NULL);
        if (!e) return NULL;
        if (!EXC_CHECK(e)) {
            vm_err_format(&exc_TypeError,
                          "calling %R should have returned an instance of BaseException, not %s",
                          x, type_name(OBJ_TYPE(e)));
            DECREF(e);
            return NULL;
        }
        return e;
    }
    if (EXC_CHECK(x)) return INCREF(x);
    vm_err_set_str(&exc_TypeError, for_cause ? "exception causes must derive from BaseException"
                                             : "exceptions must derive from BaseException");
    return NULL;
}

int vm_err_raise(Obj *exc, Obj *cause)
{
    Obj *e = make_exception(exc, false);
    if (!e) return -1;
    if (cause) {
        Obj *c = NULL;
        if (cause != NONE) {
            c = make_exception(cause, true);
            if (!c) {
                DECREF(e);
                return -1;
            }
        }
        ExcObj *x = (ExcObj *)e;
        obj_setref(&x->cause, c);
        x->suppress_context = true;
    }
    set_pending(e);
    return -1;
}

void vm_err_write_unraisable(const char *msg, Obj *obj)
{
    Obj *exc = vm_err_fetch();
    if (!exc) return;
    if (vm->killing) {
        /* A limit or the debugger's kill stops the program: whatever its
         * __del__ or generator finalisers raise now is not its own doing. */
        DECREF(exc);
        return;
    }
    if (vm->finalizing && vm->sys) {
        /* Once finalisation emptied sys, CPython's hook has no sys.stderr
         * to write to: the report is lost. */
        Obj *e = dict_get_str_borrow(module_dict_borrow(vm->sys), "stderr");
        if (!e || e == NONE) {
            DECREF(exc);
            return;
        }
    }
    fflush(stdout);
    Obj *r = obj ? obj_repr(obj) : NULL;
    if (!r) vm_err_clear();
    if (r) {
        Ssize n;
        const char *u = str_utf8_lossy(r, &n);
        fprintf(stderr, "%s: %.*s\n", msg ? msg : "Exception ignored in", (int)n, u);
        DECREF(r);
    } else if (msg) {
        fprintf(stderr, "%s\n", msg);
    }
    traceback_print_unraisable(exc);
    fflush(stderr);
    DECREF(exc);
}

/* ---- start-up ------------------------------------------------------------------ */

static TypeObj *const core_types[] = {
    &object_type, &type_type, &none_type, &notimpl_type, &ellipsis_type,
    &builtin_function_type, &method_descr_type, &classmethod_descr_type, &getset_descr_type,
    &member_descr_type, &wrapper_descr_type, &method_wrapper_type, &mappingproxy_type,
    &property_type, &staticmethod_type, &classmethod_type, &super_type, &module_type,
    &generic_alias_type, &union_type,
    /* the other modules' builtin types, so static objects of types never
     * allocated (True/False…) have their inherited slots */
    &int_type, &bool_type, &float_type, &complex_type, &str_type, &bytes_type, &bytearray_type,
    &tuple_type, &list_type, &dict_type, &set_type, &frozenset_type, &range_type, &slice_type,
    &memoryview_type, &function_type, &method_type, &cell_type, &code_type, &frame_type,
    &generator_type, &coroutine_type, &async_generator_type, &traceback_type,
};

int vm_init(PyVer ver, int argc, char **argv, const char *program_path)
{
    (void)program_path;
    /* Hashing first: every str/bytes hash computed from here on uses the
     * key PYTHONHASHSEED selects, as CPython's start-up does. */
    static bool hash_ready;   /* once per process: cached hashes must stay valid */
    if (!hash_ready) {
        hash_ready = true;
        pyhash_cfg_init(&pyhash_vm, ver);
        if (pyhash_cfg_seed(&pyhash_vm, getenv("PYTHONHASHSEED")) < 0) {
            fputs("Fatal Python error: config_init_hash_seed: PYTHONHASHSEED must be "
                  "\"random\" or an integer in range [0; 4294967295]\n"
                  "Python runtime state: preinitialized\n\n", stderr);
            exit(1);
        }
    }
    vm->ver = ver;
    vm->argc = argc;
    vm->argv = argv;
    if (!vm->recursion_limit) vm->recursion_limit = 1000;
    for (size_t i = 0; i < sizeof core_types / sizeof core_types[0]; i++)
        if (type_ready(core_types[i]) < 0) return -1;
    if (exc_init_types() < 0) return -1;
    vm_static_roots(&memory_error_obj, 1);
    import_register_native("gc", gc_module_init);
    native_collections_register();
    native_os_register();
    native_json_register();
    native_re_register();
    native_dataclasses_register();
    native_enum_register();
    native_math_register(); native_random_register(); native_time_register();
    native_itertools_register(); native_functools_register(); native_operator_register();
    native_heapq_register(); native_bisect_register(); native_string_register();
    native_copy_register(); native_types_register(); native_future_register();
    native_keyword_register(); native_abc_register(); native_warnings_register();
    native_atexit_register(); native_weakref_register(); native_copyreg_register();
    native_collections_abc_register();
    native_pprint_register();
    native_statistics_register();
    native_fractions_register();
    native_textwrap_register();
    native_typing_register();
    native_contextlib_register();
    native_queue_register();
    native_errno_register();
    native_numbers_register();
    native_graphlib_register();
    native_reprlib_register();
    native_datetime_register();
    native_calendar_register();
    native_zoneinfo_register();
    native_decimal_register();
    native_struct_register();
    native_binascii_register();
    native_base64_register();
    native_hashlib_register();
    native_hmac_register();
    native_zlib_register();
    native_array_register();
    native_argparse_register();
    native_logging_register();
    native_csv_register();
    native_getopt_register();
    native_fnmatch_register();
    native_shlex_register();
    native_unicodedata_register();
    native_traceback_register();
    native_asyncio_register();
    native_threading_register();
    native_ast_register();
    native_dis_register();
    native_inspect_register();
    native_stat_register();
    native_pathlib_register();
    native_glob_register();
    native_shutil_register();
    native_tempfile_register();
    native_filecmp_register();
    native_linecache_register();
    native_fileinput_register();
    native_smallmods_register();
    native_unittest_register();
    native_timeit_register();
    native_importlib_register();
    native_pickle_register();
    native_configparser_register();
    native_tomllib_register();
    native_optparse_register();
    native_pickletools_register();
    return 0;
}
