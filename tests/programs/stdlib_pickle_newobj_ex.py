# min-version: 3.12
# pickle: __getnewargs_ex__ keyword arguments below protocol 4 (functools.partial of cls.__new__ through REDUCE), the partial and object.__new__ reductions
import pickle, functools
class KwNew:
    def __new__(cls, *, k):
        o = super().__new__(cls)
        o.k = k
        return o
    def __getnewargs_ex__(self):
        return ((), {'k': self.k})
for p in (2, 3):
    try:
        d = pickle.dumps(KwNew(k=1), p); print(d); print(pickle.loads(d).k)
    except Exception as e:
        print(type(e).__name__, e)
print(functools.partial(max, 1, key=abs).__reduce__())
print(object.__new__.__reduce__())
