# min-version: 3.12
# decimal, random operands: every arithmetic operation in random contexts (precision, rounding, exponent limits, clamp), results and flags; the operands from random.Random(seed).
import random
from decimal import *
setcontext(Context())   # a fresh context, whatever this process ran before
import sys
R = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 12345)
def rnum():
    k = R.random()
    if k < 0.03: return R.choice(['Inf', '-Inf', 'NaN', 'sNaN', '-0', '0E-10'])
    digits = ''.join(R.choice('0123456789') for _ in range(R.randint(1, R.choice([3, 10, 40]))))
    e = R.randint(-30, 30) if R.random() < 0.8 else R.randint(-1100000, 1100000)
    return ('-' if R.random() < 0.4 else '') + digits + 'E' + str(e)
ABBR = {'InvalidOperation': 'I', 'FloatOperation': 'F', 'DivisionByZero': 'Z', 'Overflow': 'O',
        'Underflow': 'U', 'Subnormal': 'S', 'Inexact': 'X', 'Rounded': 'R', 'Clamped': 'C'}
def run(c, f):
    try:
        r = f()
    except Exception as e:
        c.clear_flags()
        return '!' + type(e).__name__
    s = ''.join(ABBR[k.__name__] for k, v in c.flags.items() if v)
    c.clear_flags()
    return str(r) + '/' + s
ROUNDS = [ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN, ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_05UP]
OPS = ['+', '-', '*', '/', '//', '%', 'q', 'cmp', 'rn', 'pl', 'norm', 'sqrt', 'fma', 'nt', 'np', 'nm', 'sb', 'ti', 'tie', 'pw', 'lg', 'max_mag', 'ct']
for i in range(int(__import__('sys').argv[1]) if len(__import__('sys').argv) > 1 else 700):
    prec = R.choice([1, 2, 3, 5, 9, 16, 28, 50])
    emax = R.choice([9, 99, 999999])
    c = Context(prec=prec, rounding=R.choice(ROUNDS), Emax=emax, Emin=-emax, clamp=R.randint(0, 1), traps=[])
    setcontext(c)
    a, b = Decimal(rnum()), Decimal(rnum())
    op = R.choice(OPS)
    if op == '+': f = lambda: a + b
    elif op == '-': f = lambda: a - b
    elif op == '*': f = lambda: a * b
    elif op == '/': f = lambda: a / b
    elif op == '//': f = lambda: a // b
    elif op == '%': f = lambda: a % b
    elif op == 'q': f = lambda: a.quantize(Decimal('1E%d' % R.randint(-20, 20)), rounding=R.choice(ROUNDS))
    elif op == 'cmp': f = lambda: (a.compare(b), a.compare_total(b), a.max(b), a.min(b))
    elif op == 'rn': f = lambda: a.remainder_near(b)
    elif op == 'pl': f = lambda: (+a, -a, abs(a))
    elif op == 'norm': f = lambda: a.normalize()
    elif op == 'sqrt': f = lambda: a.sqrt()
    elif op == 'fma': f = lambda: a.fma(b, Decimal(rnum()))
    elif op == 'nt': f = lambda: a.next_toward(b)
    elif op == 'np': f = lambda: a.next_plus()
    elif op == 'nm': f = lambda: a.next_minus()
    elif op == 'sb': f = lambda: a.scaleb(R.randint(-50, 50))
    elif op == 'ti': f = lambda: a.to_integral_value()
    elif op == 'tie': f = lambda: a.to_integral_exact()
    elif op == 'pw': f = lambda: a ** Decimal(R.choice(['2', '3', '-1', '-3', '0.5', '1.5', '-2.5', '7', '13', '0.1']))
    elif op == 'lg': f = lambda: (abs(a).ln(), abs(a).log10(), (a / (abs(a) + 1) * 7).exp() if a.is_finite() else a.exp())
    elif op == 'max_mag': f = lambda: (a.max_mag(b), a.min_mag(b))
    elif op == 'ct': f = lambda: (a.compare_total_mag(b), a.same_quantum(b), a.copy_sign(b), a.number_class(), a.is_normal(), a.is_subnormal(), a.adjusted(), a.logb())
    print(i, prec, c.rounding, emax, c.clamp, a, op, b, run(c, f))
