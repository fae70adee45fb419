/* closure.h — functions that native modules make on the fly where the
 * library's Python code defines a nested function (contextmanager's
 * helper, ContextDecorator's inner, recursive_repr's wrapper …): a
 * callable holding captured state, with a __dict__ (so functools'
 * update_wrapper and plain attribute assignment work), the repr of a
 * Python function ("<function QUALNAME at 0x…>", QUALNAME read from its
 * __qualname__) and binding as a method when stored on a class.
 * Ownership as obj.h.
 */
#ifndef PYDBG_NATIVE_CLOSURE_H
#define PYDBG_NATIVE_CLOSURE_H

#include "pydbg/vm.h"

/* The body: `state` is the tuple given to closure_new (borrowed). */
typedef Obj *(*ClosureFn)(Obj *state, Obj *const *args, Ssize nargs, Obj *kwnames);

/* A new function running fn with state (a tuple, referenced); module and
 * qualname fill __module__, __qualname__ and __name__ (the part after the
 * last dot); __doc__ is None. */
Obj *closure_new(ClosureFn fn, Obj *state, const char *module, const char *qualname);
/* The state tuple of a closure made by closure_new (BORROWED), NULL when
 * o is not one. */
Obj *closure_state(Obj *o);

#endif
