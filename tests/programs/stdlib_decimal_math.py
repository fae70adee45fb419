# min-version: 3.12
# decimal powers, square roots, exp, ln and log10: results and flags in several precisions and rounding modes (correctly rounded exp/ln/log10; powers as libmpdec computes them).
from decimal import *
setcontext(Context())   # a fresh context, whatever this process ran before

ABBR = {'InvalidOperation': 'I', 'FloatOperation': 'F', 'DivisionByZero': 'Z', 'Overflow': 'O',
        'Underflow': 'U', 'Subnormal': 'S', 'Inexact': 'X', 'Rounded': 'R', 'Clamped': 'C'}

def flags(c):
    s = ''.join(ABBR[k.__name__] for k, v in c.flags.items() if v)
    c.clear_flags()
    return s

def run(c, f):
    try:
        r = f()
    except Exception as e:
        c.clear_flags()
        return '!' + type(e).__name__
    return str(r) + '/' + flags(c)

BASES = ['0', '-0', '1', '-1', '2', '-2', '0.5', '1.000', '10', '3.7', '-1.5', '0.001', '123.456', '1E+10', '9', 'Inf', '-Inf', 'NaN']
EXPS = ['0', '1', '2', '3', '-1', '-2', '10', '0.5', '-0.5', '2.5', '1.5', '0.3333', '100', '-7', '1E+3', 'Inf', '-Inf']
for prec, rnd in [(28, ROUND_HALF_EVEN), (9, ROUND_DOWN), (5, ROUND_UP), (16, ROUND_HALF_UP)]:
    c = Context(prec=prec, rounding=rnd, traps=[])
    setcontext(c)
    print('== prec', prec, rnd)
    for x in BASES:
        print(x, ' '.join(y + ':' + run(c, lambda: Decimal(x) ** Decimal(y)) for y in EXPS))
    for x in ['0', '-0', '1', '2', '3', '0.25', '100', '1E-3', '1E-4', '2.000', '12345.6789', '0.0000001', '1E+101', '-4', 'Inf', '15241383936', '1.21']:
        d = Decimal(x)
        print('f', x, 'sqrt', run(c, d.sqrt), 'exp', run(c, d.exp), 'ln', run(c, d.ln), 'log10', run(c, d.log10))
    for x in ['-1E-30', '1E-30', '0.1', '-0.1', '1.5', '-2.75', '20', '-20', '100.5', '-100.5', '700', '2302.5', '-2302.5', '1E+7', '-1E+7',
              '0.999999', '1.000001', '1.0000000000000000000001', '0.99999999999999999999999999999', '1E+1000', '1E-1000', '7.389056098930650227230427461']:
        d = Decimal(x)
        print('g', x, 'exp', run(c, d.exp), 'ln', run(c, d.ln), 'log10', run(c, d.log10))
c = Context(prec=6, Emax=50, Emin=-50, traps=[])
setcontext(c)
for x in ['2', '10', '0.5', '1.1']:
    for y in ['100', '-100', '200', '-200', '49', '-49', '55.5', '-55.5']:
        print('ov', x, y, run(c, lambda: Decimal(x) ** Decimal(y)))
print(pow(Decimal(3), 4, 5), pow(Decimal(-3), 3, 7), pow(Decimal(10), 100, 13))
# high precision (beyond a double's exponent range in the working digits)
for prec in [100, 350, 700]:
    c = Context(prec=prec, traps=[])
    setcontext(c)
    for x in ['2', '10', '1538', '0.5', '1.0000000000000000067', '-3.25']:
        d = Decimal(x)
        print(prec, x, run(c, d.exp), run(c, abs(d).ln), run(c, abs(d).log10), run(c, lambda: abs(d) ** Decimal('1.5')))

# integer powers whose exponents do not fit 64 bits
setcontext(Context())
for a, b in [('1.0000000000000000000000000000000000000001', '1E+30'), ('0.9999999999999999999999999999999999999999', '1E+30'), ('1.0000000000000000000000000000000000000001', '123456789012345678901234567'),
             ('-1.00000000000000000000000000000000000000000000000000001', '1E+40'), ('1.00000000000000000000000000000000000000000000000000001', '-3E+45'), ('2', '18446744073709551617'), ('1.0000000001', '18446744073709551617')]:
    try:
        print(a, b, Decimal(a) ** Decimal(b), getcontext().flags[Inexact])
    except Exception as e:
        print(type(e).__name__)
    getcontext().clear_flags()
