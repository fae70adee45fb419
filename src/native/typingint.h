/* typingint.h — what mod_typing.c and mod_typing_funcs.c (the native
 * `typing` module) share: the alias layout, the implementation types and
 * classes, and the helpers that build Unions, Annotated and aliases.
 * Private to those two files; ownership as in obj.h.
 */
#ifndef PYDBG_NATIVE_TYPINGINT_H
#define PYDBG_NATIVE_TYPINGINT_H

#include "src/native/modhelp.h"

/* src/vm/typevars.c: 0 TypeVar, 1 ParamSpec, 2 TypeVarTuple, 3 TypeAliasType, 4 Generic */
TypeObj *typevars_type(int which);

/* typing.ForwardRef */
typedef struct FwdRef { Obj base; Obj *arg; Obj *module; } FwdRef;

/* One layout for every alias kind (typing._GenericAlias and friends). */
enum { AK_GENERIC, AK_SPECIAL, AK_UNION, AK_LITERAL, AK_CALLABLE, AK_TUPLE_SPECIAL, AK_CALLABLE_SPECIAL,
       AK_FORM, AK_ANNOTATED };   /* AK_FORM: ClassVar[int], Final[int] … (a _GenericAlias of a form) */

typedef struct Alias {
    Obj base;
    Obj *origin;        /* class, or the special form (Union, Literal, ClassVar …) */
    Obj *args;          /* tuple; NULL for the unsubscripted special aliases */
    Obj *params;        /* tuple of the TypeVars among args */
    Obj *name;          /* str ("List") or NULL */
    int kind;
    int nparams;        /* special aliases: expected argument count, -1 any */
    bool inst;
    Obj *meta;          /* Annotated[T, *meta]: the metadata tuple (origin is T) */
} Alias;
#define ALIAS(o) ((Alias *)(o))

/* mod_typing.c: types and classes */
extern TypeObj ty_fwdref_type, ty_specialform_type;
extern TypeObj ty_ga_type, ty_sga_type, ty_uga_type, ty_lga_type, ty_cga_type, ty_aga_type;
extern Obj *ty_annotated_cls, *ty_anymeta, *ty_protometa, *ty_protocol_cls, *ty_ntmeta, *ty_tdmeta;

/* mod_typing.c: helpers */
bool ty_is_alias(Obj *o);
bool ty_is_param_expr(Obj *o);                            /* ..., a ParamSpec, Concatenate[...] */
Obj *ty_make_union(Obj *const *items, Ssize n);          /* Union[items…], flattened and de-duplicated */
Obj *ty_union_of2(Obj *a, Obj *b);
Obj *ty_make_annotated(Obj *params);                     /* Annotated[params] (a tuple) */
Obj *ty_alias_make(TypeObj *t, int kind, Obj *origin, Obj *args, Obj *name, bool inst);
Obj *ty_attr_of(const char *module, const char *name);   /* import module; getattr */
Obj *ty_type_check(Obj *arg, const char *msg);           /* None → NoneType, str → ForwardRef */
Obj *ty_fwd_new_obj(Obj *arg, Obj *module);
Obj *ty_runtime_checkable(Obj *s, Obj *const *args, Ssize nargs, Obj *kw);   /* the decorator */

/* mod_typing_funcs.c */
extern const MethodDef ty_functions[];                   /* cast, overload, get_type_hints … */
Obj *ty_newtype_class(void);                             /* typing.NewType (BORROWED, made once) */
int ty_add_extras(Obj *m);                               /* Annotated, Supports*, IO, TypeVars, __all__ */

#endif
