# min-version: 3.12
# decimal as programs use it: money with quantize(ROUND_HALF_UP), an amortization schedule, compound interest, the documentation's recipes (moneyfmt, pi, exp, cos, sin), high-precision sqrt and Newton iterations, averages, sorting and grouping, f-strings.  Decimals in math, %-formatting and statistics (mean, median, variance, stdev), json parse_float=Decimal.
from decimal import Decimal, getcontext, localcontext, ROUND_HALF_UP, ROUND_DOWN, InvalidOperation, DivisionByZero
import decimal
decimal.setcontext(decimal.Context())   # a fresh context, whatever this process ran before

def moneyfmt(value, places=2, curr='', sep=',', dp='.', pos='', neg='-', trailneg=''):
    q = Decimal(10) ** -places
    sign, digits, exp = value.quantize(q).as_tuple()
    result = []
    digits = list(map(str, digits))
    build, next = result.append, digits.pop
    if sign:
        build(trailneg)
    for i in range(places):
        build(next() if digits else '0')
    if places:
        build(dp)
    if not digits:
        build('0')
    i = 0
    while digits:
        build(next())
        i += 1
        if i == 3 and digits:
            i = 0
            build(sep)
    build(curr)
    build(neg if sign else pos)
    return ''.join(reversed(result))

def pi():
    getcontext().prec += 2
    three = Decimal(3)
    lasts, t, s, n, na, d, da = 0, three, 3, 1, 0, 0, 24
    while s != lasts:
        lasts = s
        n, na = n + na, na + 8
        d, da = d + da, da + 32
        t = (t * n) / d
        s += t
    getcontext().prec -= 2
    return +s

def exp(x):
    getcontext().prec += 2
    i, lasts, s, fact, num = 0, 0, 1, 1, 1
    while s != lasts:
        lasts = s
        i += 1
        fact *= i
        num *= x
        s += num / fact
    getcontext().prec -= 2
    return +s

def cos(x):
    getcontext().prec += 2
    i, lasts, s, fact, num, sign = 0, 0, 1, 1, 1, 1
    while s != lasts:
        lasts = s
        i += 2
        fact *= i * (i - 1)
        num *= x * x
        sign *= -1
        s += num / fact * sign
    getcontext().prec -= 2
    return +s

def sin(x):
    getcontext().prec += 2
    i, lasts, s, fact, num, sign = 1, 0, x, 1, x, 1
    while s != lasts:
        lasts = s
        i += 2
        fact *= i * (i - 1)
        num *= x * x
        sign *= -1
        s += num / fact * sign
    getcontext().prec -= 2
    return +s

d = Decimal('-1234567.8901')
print(moneyfmt(d, curr='$'), moneyfmt(d, places=0, sep='.', dp='', neg='', trailneg='-'),
      moneyfmt(Decimal(123456789), sep=' '), moneyfmt(Decimal('-0.02'), neg='<', trailneg='>'))
print(pi())
getcontext().prec = 60
print(pi())
getcontext().prec = 28
print(exp(Decimal(1)), exp(Decimal(2)), exp(2))
print(cos(Decimal('0.5')), cos(0.5 if False else Decimal(0)), sin(Decimal('0.5')))
with localcontext() as ctx:
    ctx.prec = 100
    print(Decimal(2).sqrt())
    x = Decimal(2)
    g = Decimal(1)
    for _ in range(12):
        g = (g + x / g) / 2
    print(g, g == x.sqrt())

CENT = Decimal('0.01')
def amortize(principal, annual_rate, months):
    r = annual_rate / 12 / 100
    payment = (principal * r / (1 - (1 + r) ** -months)).quantize(CENT, ROUND_HALF_UP)
    balance = principal
    rows = []
    for m in range(1, months + 1):
        interest = (balance * r).quantize(CENT, ROUND_HALF_UP)
        princ = payment - interest
        if m == months:
            princ = balance
            payment = princ + interest
        balance -= princ
        rows.append((m, payment, interest, princ, balance))
    return rows
for row in amortize(Decimal('25000'), Decimal('6.5'), 12):
    print('{:>3} {:>9} {:>8} {:>9} {:>10}'.format(*row))

total = Decimal('1000.00')
for year in range(1, 6):
    total = (total * (1 + Decimal('0.035'))).quantize(CENT, rounding=ROUND_HALF_UP)
    print(f'year {year}: {total:>12,.2f}')

prices = [Decimal(p) for p in ['19.99', '5.49', '0.99', '100', '12.50', '7.25', '5.49']]
print(sum(prices), sum(prices) / len(prices), max(prices), min(prices), sorted(set(prices)))
print((sum(prices) / len(prices)).quantize(CENT), round(sum(prices) / len(prices), 2), round(Decimal('2.675'), 2), round(2.675, 2))
tax = Decimal('0.0825')
for p in prices[:4]:
    t = (p * tax).quantize(CENT, ROUND_HALF_UP)
    print(f'{p!s:>8} + {t!s:>6} = {p + t:8.2f} | {p:<8}| {p:^10.3f}| {p:+.1e} | {p:.0%}')
by_dollar = {}
for p in prices:
    by_dollar.setdefault(int(p), []).append(p)
print(by_dollar)
print(Decimal(str(0.1)) + Decimal(str(0.2)), Decimal(0.1) + Decimal(0.2), Decimal('0.1') * 3 == Decimal('0.3'))
print([str(Decimal(1) / n) for n in range(1, 12)])
print([Decimal(n).sqrt() for n in range(10)])
print(Decimal('10') ** Decimal('0.5'), Decimal(10).log10(), Decimal('1000').log10(), Decimal(1).exp().ln())
try:
    Decimal('abc')
except InvalidOperation:
    print('bad input')
try:
    Decimal(1) / Decimal(0)
except DivisionByZero as e:
    print('division by zero', e)
with localcontext(traps=[]) as ctx:
    print(Decimal(1) / 0, Decimal(0) / 0, Decimal('abc'))
    print(ctx.flags[DivisionByZero], ctx.flags[InvalidOperation])
print(decimal.getcontext().prec, getcontext().rounding)

# Decimal in other modules: math, %-formatting, str.format, statistics
from decimal import Decimal as D
import math, statistics
print(round(D('2.5'), None), "%s %r %.2f %d %e" % (D('1.005'), D('1.5'), D('1.005'), D('7.9'), D('12345')))
print(math.floor(D('-2.5')), math.ceil(D('2.1')), math.trunc(D('-2.7')), math.isfinite(D(1)), math.fsum([D('0.1')] * 3))
print('{0} {0!r} {0:>8}'.format(D('3.14')))
print(statistics.mean([D('1.5'), D('2.5'), D('4')]))
print(statistics.median([D('1.5'), D('2.5'), D('4')]))
print(statistics.fmean([D('1.5'), D('2.5')]))
print(statistics.stdev([D('1.5'), D('2.5'), D('4')]))
print(statistics.variance([D('1.5'), D('2.5'), D('4')]), statistics.pvariance([D(1), D(2), D(4)]), statistics.pstdev([D(1), D(2), D(4)]))
print(statistics.stdev([D('0.1'), D('0.2'), D('0.35'), D('0.4')]), statistics.median_low([D(1), D(3)]), statistics.mode([D(1), D(1), D(2)]))
print(statistics.mean([D(1), 2, D('3.5')]), statistics.harmonic_mean([D(1), D(2)]) if False else '', statistics.median([D(1), D(2)]))
try:
    statistics.mean([D(1), 2.5])
except TypeError as e:
    print(e)

# mixed operand types
from decimal import Decimal as D
from fractions import Fraction as F
import enum
class E(enum.IntEnum):
    A = 3
for f in [lambda: D(1) + F(1, 2), lambda: F(1, 2) + D(1), lambda: F(1, 2) < D(1), lambda: F(1, 2) == D('0.5'), lambda: D(1) * 1j,
          lambda: 1j + D(1), lambda: D(E.A), lambda: D(1) + E.A, lambda: D(True) + True, lambda: [1, 2][D(1)], lambda: range(D(3)),
          lambda: D(2) ** F(1, 2), lambda: hex(D(3)), lambda: D('1.5').__index__(), lambda: F(D('0.75')) + 1, lambda: float(D('1e-400')),
          lambda: D(1) / F(1), lambda: divmod(D(7), 2.0), lambda: D(7) // 2.0, lambda: max(D(1), 1.5), lambda: D('1.5') in {1.5}, lambda: 1.5 in {D('1.5')}]:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

# with json and %-formatting
import json
from decimal import Decimal
print(json.loads('{"a": 1.10, "b": [2.5e3, 3]}', parse_float=Decimal))
print(json.loads('1.1', parse_float=Decimal) + 1, json.loads('10', parse_int=Decimal))
try:
    json.dumps({'x': Decimal('1.5')})
except TypeError as e:
    print(e)
print(json.dumps({'x': Decimal('1.5')}, default=str))
print(json.dumps([float(Decimal('1.5'))]))

print(sorted([Decimal('2'), Decimal('1.0'), Decimal('1')]), [str(x) for x in sorted({Decimal('1.0'), Decimal('1')})])
print('%5.1f|%-8s|%r' % (Decimal('2.25'), Decimal('3.0'), Decimal('4')))
print(str(Decimal('1.23')).rjust(8, '*'), Decimal('1.23').__str__().split('.'))

# sizes as CPython reports them
import sys
from decimal import Decimal as D
print([sys.getsizeof(D(x)) for x in ['1', '1'*19, '1'*76, '1'*77, '1'*100, '1'*200, '1'*1000, 'NaN', '1e999']], sys.getsizeof(D(1)/3), sys.getsizeof(D(2).sqrt()))
