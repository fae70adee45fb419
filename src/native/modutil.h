/* modutil.h — small helpers shared by the standard-library modules
 * (modutil.c): native functions and heap classes made from MethodDef tables,
 * and one-line calls.  The argument-binding and module-building helpers are
 * in modhelp.h.
 */
#ifndef PYDBG_NATIVE_MODUTIL_H
#define PYDBG_NATIVE_MODUTIL_H

#include <stdlib.h>

#include "pydbg/vm.h"

/* A builtin function object for DEF bound to SELF, __module__ MODULE. */
Obj *mu_builtin(const MethodDef *def, Obj *self, const char *module);
/* Sets T.NAME = V in the type's dict (steals V); 0 or -1. */
int mu_type_set(TypeObj *t, const char *name, Obj *v);
/* Adds DEFS (NULL-terminated) to T as methods; 0 or -1. */
int mu_add_methods(TypeObj *t, const MethodDef *defs);
/* A heap class NAME in MODULE with BASES (NULL: none) and native methods
 * DEFS, made as a `class` statement would make it (user code may subclass it). */
Obj *mu_class_new(const char *name, const char *module, Obj *bases, const MethodDef *defs);
/* O.NAME(*ARGS); new reference or NULL. */
Obj *mu_call_method(Obj *o, const char *name, Obj *const *args, Ssize nargs);
Obj *mu_call1(Obj *callable, Obj *a);
Obj *mu_call2(Obj *callable, Obj *a, Obj *b);
/* The keyword argument NAME of a vectorcall (borrowed), or NULL if absent. */
Obj *mu_kwarg(Obj *const *args, Ssize nargs, Obj *kwnames, const char *name);
/* Readies T and adds it to MODULE under its unqualified name; 0 or -1. */
int mu_add_type(Obj *module, TypeObj *t);
/* "TNAME(name0=repr0, name1=repr1, ...)" of n items: struct sequences' repr. */
Obj *mu_fields_repr(const char *tname, Obj *const *items, const char *const *names, int n);

#endif
