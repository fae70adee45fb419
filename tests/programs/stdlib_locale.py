# locale in the C locale: setlocale/getlocale, localeconv, format_string,
# currency's refusal, atof/atoi/str, strcoll/strxfrm, errors.
import locale

print(locale.setlocale(locale.LC_NUMERIC), locale.getlocale(locale.LC_NUMERIC), locale.getlocale(locale.LC_TIME))
print(locale.setlocale(locale.LC_ALL, 'C'), locale.setlocale(locale.LC_ALL), locale.getlocale())
print(locale.setlocale(locale.LC_ALL, 'C.UTF-8'), locale.getlocale(), locale.setlocale(locale.LC_NUMERIC, 'C'))
print(locale.setlocale(locale.LC_ALL))
print(locale.setlocale(locale.LC_ALL, 'POSIX'), locale.getlocale(locale.LC_COLLATE), locale.setlocale(locale.LC_ALL, ('C', None)))
print(sorted(locale.localeconv().items()))
print(locale.format_string('%d items, %.2f, %s', (1234567, 1234.5, 'x'), grouping=True), locale.format_string('%5d', 42))
print(locale.format_string('%(n)d', {'n': 7}), locale.format_string('%.3f', 2.5, monetary=True), locale.format_string('%%', ()))
print(locale.str(3.14159265358979), locale.str(10), locale.atof('1.5'), locale.atof('2', int), locale.atoi('42'))
print(locale.delocalize('1,234.5'), locale.localize('1234.5'), locale.localize('1234.5', grouping=True))
print(locale.strcoll('a', 'b'), locale.strcoll('b', 'a'), locale.strcoll('x', 'x'), locale.strxfrm('abc'))
print(sorted(['b', 'A', 'a', 'B'], key=locale.strxfrm), sorted(['é', 'e', 'z'], key=locale.strxfrm))
print(locale.CHAR_MAX, type(locale.getpreferredencoding()).__name__, type(locale.getencoding()).__name__)
print(locale.LC_ALL, locale.LC_CTYPE, locale.LC_NUMERIC, issubclass(locale.Error, Exception))
for f in [lambda: locale.currency(5), lambda: locale.setlocale(locale.LC_ALL, 'xx_XX'), lambda: locale.setlocale(99),
          lambda: locale.atof('abc'), lambda: locale.strcoll(1, 'a'), lambda: locale.format_string('%d', 'x'),
          lambda: locale.setlocale(locale.LC_ALL, ('C', 'UTF-8', 'x'))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
