/* modutil.h — helpers for the standard-library modules (modutil.c).
 * NOTE: reconstructed from modutil.c's definitions by the stdlib1 helper,
 * whose editor overwrote this file by accident at the moment it was
 * created (stdlib1 now uses its own src/native/modhelp.h); the owner of
 * modutil.c should replace this with the original text.
 */
#ifndef PYDBG_NATIVE_MODUTIL_H
#define PYDBG_NATIVE_MODUTIL_H

#include <stdlib.h>

#include "pydbg/vm.h"

Obj *mu_builtin(const MethodDef *def, Obj *self, const char *module);
int mu_type_set(TypeObj *t, const char *name, Obj *v);   /* steals v */
int mu_add_methods(TypeObj *t, const MethodDef *defs);
Obj *mu_class_new(const char *name, const char *module, Obj *bases, const MethodDef *defs);
Obj *mu_call_method(Obj *o, const char *name, Obj *const *args, Ssize nargs);
Obj *mu_call1(Obj *callable, Obj *a);
Obj *mu_call2(Obj *callable, Obj *a, Obj *b);
Obj *mu_kwarg(Obj *const *args, Ssize nargs, Obj *kwnames, const char *name);
int mu_add_type(Obj *module, TypeObj *t);
/* "TNAME(name0=repr0, name1=repr1, ...)" of n items: struct sequences' repr. */
Obj *mu_fields_repr(const char *tname, Obj *const *items, const char *const *names, int n);

#endif
