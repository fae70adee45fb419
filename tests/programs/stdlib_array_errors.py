# min-version: 3.12
# array: conversion, range and argument errors
from array import array as A

def attempt(f, *args, **kw):
    try:
        print('ok', repr(f(*args, **kw)))
    except Exception as e:
        print(type(e).__name__, e)

for tc, vs in [('b', [200, -200, 40000, 2**70]), ('B', [256, -1]), ('h', [40000, -40000]), ('H', [70000, -1, 2**40]),
               ('i', [2**31, -2**31 - 1, 2**70]), ('I', [2**32, -1, 2**70]), ('l', [2**63, -2**70]), ('L', [2**64, -1]),
               ('q', [2**63, -2**63 - 1]), ('Q', [2**64, -1])]:
    for v in vs:
        attempt(A, tc, [v])
    attempt(A, tc, [1.5])
    attempt(A, tc, ['x'])
for tc in 'fd':
    attempt(A, tc, ['x'])
    attempt(A, tc, [2**2000])
    attempt(A, tc, [None])
attempt(A, 'u', [5])
attempt(A, 'u', ['ab'])
attempt(A, 'z')
attempt(A, b'i')
attempt(A, 'ii')
attempt(A, 'i', 'abc')
attempt(A, 'u', b'ab')
attempt(A, 'i', A('u', 'a'))
attempt(A, 'u', A('i', [1]))
attempt(A, 'i', A('d', [1.5]))
attempt(A, 'h', b'\x01')
attempt(A, 'i', 5)
attempt(A)
attempt(A, 'i', [1], 3)
attempt(A, 'i', x=1)
attempt(A('i', [1]).extend, A('h', [1]))
attempt(A('i').pop)
attempt(A('i', [1]).pop, 5)
attempt(A('i', [1]).remove, 3)
attempt(A('i', [1]).index, 3)
attempt(A('i', [1, 2, 3]).index, 2, 0, 1)
attempt(lambda: A('i', [1]) + [1])
attempt(lambda: A('i', [1]) + A('h'))
attempt(lambda: A('i', [1, 2])[5])
attempt(lambda: A('i', [1, 2])['x'])
attempt(A('i', [1, 2]).__setitem__, slice(0, 1), [3])
attempt(A('i', [1, 2]).__setitem__, slice(0, 1), A('h', [3]))
attempt(A('i', range(10)).__setitem__, slice(None, None, 2), A('i', [1]))
attempt(A('i', [1, 2]).__setitem__, 0, 'x')
attempt(A('i', [1]).__setitem__, 5, 1)
attempt(A('i', [1]).__delitem__, 5)
attempt(A('i').tounicode)
attempt(A('i').fromunicode, 'a')
attempt(A('u').fromunicode, 5)
attempt(A('i').fromlist, (1,))
attempt(A('i').frombytes, b'abc')
attempt(A('i').frombytes, 'abcd')
attempt(A('i').insert, 0)
attempt(A('i').append)
attempt(A('i').append, 1, 2)
attempt(hash, A('i'))
attempt(lambda: A('i', [1]) < [1])
def iadd():
    a = A('i')
    a += [1]
attempt(iadd)
bad = A('u')
bad.frombytes(b'\xff\xff\xff\xff')
attempt(bad.tounicode)
attempt(lambda: bad[0])
attempt(repr, bad)
attempt(bad.tolist)
x = A('i', range(10))
x[::3] = A('i')
print(x)
x[1:8:2] = A('i')
print(x)
attempt(A, 'i', None)
a = A('b', [1])
a[0] = 300
