# min-version: 3.12
# types: type names, SimpleNamespace, new_class/prepare_class/resolve_bases/get_original_bases, coroutine, DynamicClassAttribute.
import types
print(types.__all__ == sorted(types.__all__, key=types.__all__.index), len(types.__all__))
def f(): pass
async def co(): pass
def gen(): yield 1
print(type(f) is types.FunctionType, type(lambda: 0) is types.LambdaType, types.CodeType is type(f.__code__), types.MethodType, types.ModuleType, types.NoneType, types.EllipsisType, types.NotImplementedType, types.GeneratorType is type(gen()), types.BuiltinFunctionType is type(len), types.MappingProxyType(dict(a=1)), types.UnionType is type(int | str), types.GenericAlias is type(list[int]))
ns = types.SimpleNamespace(a=1, b='x'); ns.c = [1]; print(ns, ns == types.SimpleNamespace(a=1, b='x', c=[1]))
A = types.new_class('A'); print(A, A.__mro__, A.__module__)
B = types.new_class('B', (A,), {}, lambda ns: ns.update(x=5, f=lambda self: 'f')); print(B().x, B().f(), B.__bases__)
class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw): print('prepare', name, kw); return {'injected': 1}
    def __new__(mcls, name, bases, ns, **kw): print('new', name, sorted(ns), kw); return super().__new__(mcls, name, bases, ns)
C = types.new_class('C', (), {'metaclass': Meta, 'flag': True}); print(C.injected, type(C).__name__)
print(types.prepare_class('D', (A,)), types.resolve_bases((A, int)))
class E:
    def __mro_entries__(self, bases): return (A,)
print(types.resolve_bases((E(), int)), types.new_class('F', (E(),)).__orig_bases__[0].__class__.__name__, types.get_original_bases(types.new_class('G', (E(),)))[0].__class__.__name__, types.get_original_bases(A))
try: types.new_class('H', (int, str))
except TypeError as e: print(e)
try: types.get_original_bases(5)
except TypeError as e: print(e)
@types.coroutine
def sw(): yield 'tick'
async def main():
    await sw(); return 7
c = main()
print(c.send(None))
try: c.send(None)
except StopIteration as e: print('stop', e.value)
def plain(): return gen()
w = types.coroutine(plain); print(w.__name__, w.__wrapped__ is plain, type(w()).__name__)
class K:
    @types.DynamicClassAttribute
    def name(self): return 'inst'
print(K().name)
try: K.name
except AttributeError as e: print('AttributeError', repr(e))
try: types.coroutine(5)
except TypeError as e: print(e)
