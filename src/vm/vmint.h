/* vmint.h — private plumbing shared by the eval helper's files (code.c,
 * frame.c, eval.c, call.c, gen.c, import.c, run.c, typevars.c).  Not an
 * interface: other modules use vm.h.
 */
#ifndef PYDBG_VMINT_H
#define PYDBG_VMINT_H

#include "pydbg/vm.h"

/* gen.c: the wrapper an async generator's `yield v` puts around v
 * (INTRINSIC_ASYNC_GEN_WRAP) so asend() can tell yields from awaits. */
Obj *gen_async_wrap(Obj *value);
/* gen.c: the awaitable behind `await o` (GET_AWAITABLE): a coroutine, an
 * iterable-coroutine generator, or what o.__await__() returns.  `where` is
 * GET_AWAITABLE's oparg (1: after __aenter__, 2: after __aexit__) for the
 * error message. */
Obj *gen_get_awaitable(Obj *o, int where);
/* gen.c: GET_AITER / GET_ANEXT. */
Obj *gen_get_aiter(Obj *o);
Obj *gen_get_anext(Obj *aiter);
/* gen.c: ready the generator types. */
int gen_types_ready(void);
/* gen.c: a generator whose code has CO_ITERABLE_COROUTINE (types.coroutine):
 * awaitable like a coroutine. */
bool gen_is_coroutine(Obj *o);

/* typevars.c: CALL_INTRINSIC_1/2 for PEP 695 (TypeVar, ParamSpec,
 * TypeVarTuple, Generic[...], TypeAliasType); kind as documented there. */
Obj *vm_intrinsic_typevar(Obj *name, Obj *bound, Obj *constraints, int kind);
int typevars_ready(void);

/* import.c: run a module-level code object with these globals and locals
 * (adds __builtins__ to the globals when missing). */
Obj *vm_run_code(CodeRtObj *co, Obj *globals, Obj *locals);
int import_init(void);
/* stdfiles.c: give a native module the __file__ (__cached__, __builtins__)
 * CPython 3.12's module of that name has; 0, or -1 with an exception. */
int import_add_std_file(const char *name, Obj *module);
/* import.c: free the imported .pyc files (teardown.c, at the very end). */
void import_release_files(void);

/* run.c: the eval loop's vm->steps_left went below zero before an
 * instruction (which does not run: its unit is given back): mark the limit
 * hit and raise the stop.  Always -1. */
int vm_limit_stop(void);

#endif
