# dir() of the core types and their instances: the names every builtin type
# and class dict holds in 3.12 (object, type, exceptions, descriptors).
# min-version: 3.12
class C:
    def m(self): pass
print(dir(object))
print(dir(C()))
print(dir(type))
print(dir(BaseException))
print(dir(ValueError()))
print(dir(property))
print(dir(super))
print(sorted(type.__dict__))
print(sorted(object.__dict__))
print(sorted(C.__dict__))
print(dir(staticmethod), dir(classmethod))
import sys
print(dir(type(sys)))
print(dir(OSError), dir(StopIteration), dir(SyntaxError))
print(dir(ExceptionGroup))
print(dir(type(len)), dir(type(list.append)), dir(type(int.__add__)), dir(type((1).__add__)))
