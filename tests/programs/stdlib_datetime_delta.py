# min-version: 3.12
# datetime.timedelta: construction (ints, floats, huge values, rounding half to even), normalisation, repr/str, arithmetic with ints/floats/timedeltas, comparisons, hashing, errors.
from datetime import timedelta
import datetime

def attempt(label, f):
    try:
        r = f()
        print(label, '->', repr(r))
    except Exception as e:
        print(label, '!!', type(e).__name__, e)

T = timedelta
cases = [T(), T(1), T(-1), T(seconds=1), T(seconds=-1), T(microseconds=-1), T(days=1, seconds=86399, microseconds=999999),
         T(weeks=2, days=3, hours=4, minutes=5, seconds=6, milliseconds=7, microseconds=8),
         T(hours=-25), T(minutes=1.5), T(days=0.1), T(seconds=1e-6), T(microseconds=0.5), T(microseconds=1.5),
         T(microseconds=2.5), T(microseconds=-0.5), T(microseconds=-1.5), T(seconds=0.0000005), T(days=1/3),
         T(milliseconds=1.0000005), T(hours=1e3), T(999999999), T(-999999999), T(True), T(seconds=10**6)]
for t in cases:
    print(repr(t), str(t), t.days, t.seconds, t.microseconds, t.total_seconds(), bool(t))
print(T.min, T.max, T.resolution, repr(T.min), repr(T.max))
print(T(days=-1, seconds=1), T(days=-2), -T(days=2, microseconds=3))

a, b = T(days=2, hours=3), T(hours=5, microseconds=7)
print(a + b, a - b, b - a, -a, +a, abs(-a), abs(a))
print(a * 3, 3 * a, a * -1, a * 0, a * 1.5, 0.25 * a, a * 1e-9)
print(a / 3, a / 7, a / 2.5, a / b, b / a, a // b, a // 7, a % b, divmod(a, b), divmod(-a, b))
print(T(microseconds=3) / 2, T(microseconds=5) / 2, T(microseconds=7) / 2, T(microseconds=-3) / 2)
print(T(microseconds=1) * 0.5, T(microseconds=3) * 0.5, T(microseconds=-1) * 0.5)
print(T(seconds=1) / T(milliseconds=3), T(seconds=1) // T(milliseconds=3), T(seconds=1) % T(milliseconds=3))
print(T(days=1) / 86400000000)
print(a == b, a != b, a < b, a > b, a <= a, a >= b, a == T(days=2, hours=3), a == 5, a != 'x')
print(sorted([T(1), T(-1), T(0), T(seconds=1), T(microseconds=-1)]))
print(hash(T(1)) == hash(T(days=1)), hash(T(0)), hash(T(days=1, seconds=2, microseconds=3)))
d = {T(hours=1): 'h', T(minutes=60): 'm'}
print(d, len({T(1), T(hours=24), T(2)}))
print(max(T(1), T(2)), min([T(5), T(3), T(4)]), sum([T(1), T(2)], T()))
print(T(1).__reduce__())
class MyDelta(timedelta):
    pass
m = MyDelta(days=1, hours=1)
print(repr(m), str(m), type(m + m).__name__, type(-m).__name__, type(m * 2).__name__, isinstance(m, timedelta))
print(f"{T(hours=36)}", "%s" % T(minutes=90), format(T(1)), '{:>20}'.format(str(T(2))))
for label, f in [
    ('str', lambda: T('1')), ('list', lambda: T(days=[])), ('too big', lambda: T(days=10**9)),
    ('too small', lambda: T(days=-10**9)), ('huge', lambda: T(days=10**10)), ('huge2', lambda: T(weeks=10**20)),
    ('kw', lambda: T(years=1)), ('many', lambda: T(1, 2, 3, 4, 5, 6, 7, 8)), ('dup', lambda: T(1, days=2)),
    ('inf', lambda: T(seconds=float('inf'))), ('nan', lambda: T(seconds=float('nan'))),
    ('div0', lambda: T(1) / 0), ('fdiv0', lambda: T(1) // 0), ('tddiv0', lambda: T(1) / T(0)),
    ('tdfdiv0', lambda: T(1) // T(0)), ('mod0', lambda: T(1) % T(0)), ('divmod0', lambda: divmod(T(1), T(0))),
    ('fl0', lambda: T(1) / 0.0), ('mul str', lambda: T(1) * 'a'), ('add int', lambda: T(1) + 1),
    ('sub int', lambda: 1 - T(1)), ('lt int', lambda: T(1) < 1), ('mod int', lambda: T(1) % 2),
    ('overflow mul', lambda: T(days=999999999) * 2), ('overflow add', lambda: T.max + T.resolution),
    ('neg min', lambda: -T.min), ('int div', lambda: 5 / T(1)), ('floordiv float', lambda: T(1) // 2.0),
    ('complex', lambda: T(1) * 1j), ('attr', lambda: T(1).years), ('setattr', lambda: setattr(T(1), 'days', 3)),
]:
    attempt(label, f)
print(datetime.timedelta(hours=1) == datetime.timedelta(minutes=60))
