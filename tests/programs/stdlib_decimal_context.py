# min-version: 3.12
# decimal contexts: getcontext/setcontext/localcontext (nesting, keyword arguments, restoring), Context attributes and validation, flags and traps dicts, the templates, signals as exceptions (classes, catching as ZeroDivisionError/TypeError), Decimal subclasses, Fraction/math/copy interplay, and an uncaught InvalidOperation traceback.
import math, copy
from decimal import *
setcontext(Context())   # a fresh context, whatever this process ran before
import decimal
from fractions import Fraction

c = getcontext()
print(c)
print(repr(DefaultContext), repr(BasicContext), repr(ExtendedContext), sep='\n')
print(c.prec, c.rounding, c.Emin, c.Emax, c.capitals, c.clamp, c.Etiny(), c.Etop())
print(Decimal(1) / Decimal(7))
c.prec = 6
print(Decimal(1) / Decimal(7), Decimal('123456789') + 0)
with localcontext() as lc:
    lc.prec = 3
    print('inner', Decimal(2).sqrt(), getcontext() is lc, lc.prec)
    with localcontext(prec=10, rounding=ROUND_DOWN) as lc2:
        print('inner2', Decimal(2) / 3, lc2.rounding)
    print('after inner2', Decimal(2) / 3)
print('outer', Decimal(1) / 3, getcontext().prec)
try:
    with localcontext(Context(prec=2)) as lc:
        print(Decimal(5) / 3)
        raise KeyError('x')
except KeyError:
    print('restored', getcontext().prec)
saved = getcontext()
new = Context(prec=4, rounding=ROUND_HALF_UP, traps=[DivisionByZero], flags=[Inexact])
setcontext(new)
print(getcontext() is new, Decimal(2) / 3, new.flags[Inexact], new.traps[InvalidOperation])
print(Decimal('x'))
print(new)
new.clear_flags()
new.traps[Inexact] = True
try:
    Decimal(1) / 3
except Inexact as e:
    print('Inexact trapped:', e.args)
new.clear_traps()
print(Decimal(1) / 0, Decimal(0) / 0, new)
setcontext(saved)
setcontext(ExtendedContext)
print(getcontext() is ExtendedContext, getcontext().prec, Decimal(1) / 0)
setcontext(DefaultContext)
getcontext().prec = 28
c = getcontext()
for bad in [dict(prec=0), dict(prec='3'), dict(prec=10**20), dict(Emin=1), dict(Emax=-5), dict(rounding='up'), dict(rounding=3),
            dict(capitals=5), dict(clamp=-1), dict(traps=[KeyError]), dict(flags={Inexact: True, 'x': 1})]:
    try:
        Context(**bad)
        print('ok', bad)
    except Exception as e:
        print(type(e).__name__, e)
for attr, val in [('prec', 0), ('prec', 'x'), ('rounding', 'ROUND_SIDEWAYS'), ('Emax', 2**70), ('capitals', 2)]:
    try:
        setattr(c, attr, val)
    except Exception as e:
        print(attr, type(e).__name__, e)
try:
    del c.prec
except AttributeError as e:
    print('del', e)
try:
    c.traps[42] = True
except KeyError as e:
    print('KeyError', e)
print(c.traps)
print(len(c.flags), list(c.flags)[:3], Overflow in c.traps, c.traps.get(Overflow), c.flags == {k: False for k in c.flags})
try:
    c.traps = [InvalidOperation, Overflow]
except TypeError as e:
    print(e)
c.traps = Context(traps=[InvalidOperation, Overflow]).traps
print(c)
try:
    c.traps = {DivisionByZero: True, InvalidOperation: True, Overflow: True}
except KeyError as e:
    print(e)
c.traps = {k: k in (DivisionByZero, InvalidOperation, Overflow) for k in c.traps}
c.flags = {k: k is Rounded for k in c.flags.keys()}
print(c)
c.clear_flags()
cc = c.copy()
cc.prec = 3
print(c.prec, cc.prec, copy.copy(cc).prec)
x = Context(prec=5, capitals=0, clamp=1, Emin=-10, Emax=10)
print(x, x.Etiny(), x.Etop())
print(x.create_decimal('1.23456789E-3'), x.create_decimal('1E+10'), x.to_sci_string(Decimal('1E-3')))
print(x.add(1, 2), x.subtract(Decimal('0.1'), 3), x.multiply(7, 7), x.divide(2, 3), x.divide_int(7, 2), x.remainder(7, 2),
      x.divmod(7, 2), x.power(2, 10), x.power(3, 4, 5), x.sqrt(2), x.exp(1), x.ln(10), x.log10(2), x.abs(-3), x.minus(3), x.plus(Decimal('-0')),
      x.quantize(Decimal('1.2345'), Decimal('0.01')), x.compare(1, 2), x.max(1, 2), x.min_mag(-1, 2), x.normalize(Decimal('1.500')),
      x.to_integral_exact(Decimal('2.5')), x.fma(2, 3, 4), x.is_zero(0), x.number_class(Decimal('1E-12')), x.copy_sign(1, -2), x.scaleb(1, 3),
      x.next_plus(1), x.to_eng_string(Decimal('1E+5')), x.logb(1000), x.same_quantum(Decimal('1.0'), Decimal('2.0')))
for f in [lambda: x.add(1.5, 2), lambda: x.add('1', 2), lambda: x.divide(1), lambda: x.power(2, 0.5)]:
    try:
        f()
    except TypeError as e:
        print('TypeError', e)
print(DecimalException.__mro__)
print(Overflow.__mro__)
print(Underflow.__mro__)
print(DivisionUndefined.__mro__, ConversionSyntax.__mro__, DivisionImpossible.__mro__, InvalidContext.__mro__)
print(FloatOperation.__mro__)
print(decimal.MAX_PREC, decimal.MAX_EMAX, decimal.MIN_EMIN, decimal.MIN_ETINY, decimal.HAVE_THREADS, decimal.HAVE_CONTEXTVAR, decimal.__version__)
print([getattr(decimal, r) for r in dir(decimal) if r.startswith('ROUND')])
print(Decimal, Context, type(localcontext()), InvalidOperation, DecimalTuple)
try:
    setcontext(3)
except TypeError as e:
    print(e)
try:
    localcontext(prec=3, foo=1)
except TypeError as e:
    print(e)
try:
    localcontext(3)
except TypeError as e:
    print(e)



print(math.floor(Decimal('2.5')), math.sqrt(Decimal(2)), math.isclose(Decimal('1.0'), 1))
print(copy.copy(Decimal('1.5')), copy.deepcopy([Decimal('2.5')]))
class Money(Decimal):
    def __repr__(self): return 'Money(%s)' % str(self)
m = Money('1.25')
print(m, repr(m), type(m + 1).__name__, isinstance(m, Decimal), Money(3) * 2)
print(f"{Decimal('1234.5678'):,.2f} {Decimal('0.5'):%} {Decimal('1e3'):e}")
print("{:>10}|{:<10}|".format(Decimal('1.5'), Decimal('-2')))
print(sorted([Decimal('1.5'), 1, 0.5, Decimal('-2'), Fraction(1, 3)]))
print({Decimal('1.0'): 'a', 1: 'b', Decimal('0.5'): 'c', 0.5: 'd'})
print(sum([Decimal('0.1')] * 3, Decimal(0)), sum([Decimal('0.1')] * 3))
print(Decimal(3).__add__(1.5), Decimal(3).__radd__(2), Decimal(2).__rpow__(3), 3 ** Decimal(2), 7 // Decimal(2), 7 % Decimal(-2), divmod(7, Decimal(2)))
print(Decimal('1.1') + Decimal('2.2') == Decimal('3.3'), Decimal(1) == Fraction(1), Decimal('0.5') == Fraction(1, 2), Decimal('0.5') < Fraction(2, 3))
print(DecimalTuple(0, (1,), 0), Decimal(DecimalTuple(1, (2, 5), -1)))
print(Fraction(Decimal('1.1')), Fraction.from_decimal(Decimal('2.5')))
print(bool(Decimal(0)), bool(Decimal('0.1')), bool(Decimal('NaN')))
print(max(Decimal(1), 2), min(Decimal('NaN'), Decimal(1)) if False else '', abs(Decimal('-1.50')))
print(str(Decimal('1E+3')), int(Decimal('1E+3')), float(Decimal('1.1')), complex(Decimal(2)))
print(Decimal.__name__, Decimal.__module__, Decimal.__qualname__, Context.__name__, type(getcontext()).__name__)
print(InvalidOperation.__module__, issubclass(DivisionByZero, ZeroDivisionError), issubclass(FloatOperation, TypeError))
try:
    Decimal('abc')
except InvalidOperation as e:
    print('caught', e, repr(e), e.args)
try:
    Decimal(1) / 0
except ZeroDivisionError as e:
    print('zde', type(e).__name__, e)
c = getcontext()
c.traps[FloatOperation] = True
try:
    Decimal(0.5)
except FloatOperation as e:
    print('fo', e)
try:
    Decimal(1) < 0.5
except TypeError as e:
    print('fo2', type(e).__name__, e)
print(Decimal(1) == 0.5, Decimal.from_float(0.5))
c.traps[FloatOperation] = False
print(c)
c = Context(prec=7, rounding=ROUND_UP, traps=[Overflow], flags=[Inexact, InvalidOperation])
print(c.__reduce__())
d = copy.deepcopy(c)
print(d, d is c, copy.copy(c))
print(copy.deepcopy(getcontext()))
Decimal('1.5') + Decimal('x')
