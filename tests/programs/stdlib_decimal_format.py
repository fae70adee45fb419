# min-version: 3.12
# decimal, random values: str, repr, to_eng_string, as_tuple, __format__ with random specs, hash, int, float, round, comparisons with float and Fraction, create_decimal.
import random, sys
from decimal import *
setcontext(Context())   # a fresh context, whatever this process ran before
from fractions import Fraction
R = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
def rnum():
    k = R.random()
    if k < 0.03: return R.choice(['Inf', '-Inf', 'NaN', '-0', '0E-10', '0E+5', 'NaN123', '-sNaN'])
    digits = ''.join(R.choice('0123456789') for _ in range(R.randint(1, R.choice([3, 10, 30]))))
    e = R.randint(-15, 15) if R.random() < 0.9 else R.randint(-100, 100)
    return ('-' if R.random() < 0.4 else '') + digits + 'E' + str(e)
def spec():
    s = ''
    if R.random() < 0.3:
        s += R.choice(['', '*', '0', 'x']) + R.choice('<>^=')
    if R.random() < 0.3: s += R.choice('+- ')
    if R.random() < 0.1: s += 'z'
    if R.random() < 0.2 and not any(ch in s for ch in '<>^='): s += '0'
    if R.random() < 0.5: s += str(R.randint(0, 30))
    if R.random() < 0.3: s += ','
    if R.random() < 0.6: s += '.' + str(R.randint(0, 12))
    if R.random() < 0.8: s += R.choice('eEfFgG%n')
    return s
n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
for i in range(n):
    c = getcontext()
    c.prec = R.choice([28, 28, 5, 12])
    c.rounding = R.choice([ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_DOWN, ROUND_CEILING])
    c.capitals = R.randint(0, 1)
    c.traps[InvalidOperation] = False
    s = rnum()
    d = Decimal(s)
    sp = spec()
    try:
        f = format(d, sp)
    except Exception as e:
        f = '!' + type(e).__name__ + str(e)
    out = [s, str(d), repr(d), d.to_eng_string(), str(d.as_tuple()), sp, f]
    if not d.is_snan():
        out.append(str(hash(d)) if not d.is_nan() else 'nanhash')
    if d.is_finite():
        out += [str(int(d)), repr(float(d)), str(d.as_integer_ratio()), str(round(d)), str(round(d, R.randint(-3, 5))),
                str(d.__floor__()), str(d.__ceil__()), str(d.adjusted()), str(d == float(d)), str(d < float(d)),
                str(d == Fraction(*d.as_integer_ratio())), str(d <= Fraction(1, 3)), str(d > 7), str(hash(d) == hash(Fraction(*d.as_integer_ratio())))]
        out.append(str(Decimal(float(d))))
        out.append(str(Context(prec=R.randint(1, 8), rounding=R.choice([ROUND_UP, ROUND_HALF_DOWN, ROUND_05UP])).create_decimal(d)))
    print(' | '.join(out))
    c.clear_flags()
