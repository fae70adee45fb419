# min-version: 3.12
# decimal arithmetic: + - * / // % divmod ** and compare over operand pairs (signs, exponents, zeros, specials) in several contexts; results and the flags each raises.
from decimal import *
setcontext(Context())   # a fresh context, whatever this process ran before

VALS = ['0', '-0', '0E+3', '1', '-1', '7', '-3', '2.5', '0.1', '-0.75', '123456789',
        '1.000', '9.99', '1E-5', '-2E-3', '98765.4321', '1E+26', 'Inf', '-Inf', 'NaN']
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
        return '!' + type(e).__name__ + str([k.__name__ for k in e.args[0]] if e.args and isinstance(e.args[0], list) else e.args)
    return str(r) + '/' + flags(c)

OPS = [('+', lambda a, b: a + b), ('-', lambda a, b: a - b), ('*', lambda a, b: a * b),
       ('/', lambda a, b: a / b), ('//', lambda a, b: a // b), ('%', lambda a, b: a % b),
       ('dm', lambda a, b: divmod(a, b)), ('cmp', lambda a, b: a.compare(b)),
       ('rn', lambda a, b: a.remainder_near(b)), ('max', lambda a, b: a.max(b)), ('min', lambda a, b: a.min(b))]

def table(c, vals):
    setcontext(c)
    c.clear_flags()
    for x in vals:
        for y in vals:
            a, b = Decimal(x), Decimal(y)
            print(x, y, ' '.join(n + '=' + run(c, lambda: f(a, b)) for n, f in OPS))

print('== default')
table(Context(), VALS)
print('== prec 5 ROUND_DOWN, small exponents, no traps')
table(Context(prec=5, rounding=ROUND_DOWN, Emin=-9, Emax=9, traps=[]), ['0', '-0', '1', '-3', '2.5', '0.1', '123456789', '9.99', '1E-5', '98765.4321', '1E+26', 'Inf'])
print('== prec 3 ROUND_HALF_UP clamp')
table(Context(prec=3, rounding=ROUND_HALF_UP, Emin=-5, Emax=5, clamp=1, traps=[]), ['0', '-0', '0E+3', '1', '-3', '2.5', '0.1', '9.99', '1E-5', '123456789'])
print('== prec 4 ROUND_CEILING / ROUND_FLOOR / ROUND_05UP / ROUND_UP / ROUND_HALF_DOWN')
for rnd in [ROUND_CEILING, ROUND_FLOOR, ROUND_05UP, ROUND_UP, ROUND_HALF_DOWN]:
    print('--', rnd)
    table(Context(prec=4, rounding=rnd, traps=[]), ['0', '-0', '1', '-3', '2.5', '9.99', '-98765.4321', '1E-5'])
