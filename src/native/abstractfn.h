/* abstractfn.h — abstract methods for ABCs built natively (contextlib,
 * numbers): a method descriptor whose __isabstractmethod__ is True, which
 * is what abc.abstractmethod marks on a Python function, so ABCMeta keeps
 * a subclass abstract until it overrides the method.  Ownership as obj.h.
 */
#ifndef PYDBG_NATIVE_ABSTRACTFN_H
#define PYDBG_NATIVE_ABSTRACTFN_H

#include "pydbg/vm.h"

/* The method def of owner, wrapped as an abstract method; def must live as
 * long as the class (a static table). */
Obj *abstract_method_new(TypeObj *owner, const MethodDef *def);

#endif
