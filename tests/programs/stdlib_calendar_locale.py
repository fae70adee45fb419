# min-version: 3.12
# calendar with locales: LocaleTextCalendar / LocaleHTMLCalendar / different_locale in the C and POSIX locales (the only ones every machine has), locale tuples, unknown locales (locale.Error), LC_TIME restored afterwards.
import calendar

def attempt(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__, e)

c = calendar.LocaleTextCalendar(locale='C')
print(c.locale, c.firstweekday, type(calendar.LocaleTextCalendar().locale).__name__)
print(c.formatmonth(2024, 1))
print(calendar.LocaleTextCalendar(6, 'POSIX').formatyear(2024, m=4)[:400])
print(calendar.LocaleHTMLCalendar(locale='C').formatweekheader(), calendar.LocaleHTMLCalendar(locale=('C', None)).formatmonthname(2024, 2))
print(calendar.LocaleHTMLCalendar(0, 'C').formatmonth(2024, 2, withyear=False))
with calendar.different_locale('C') as x:
    print(x, calendar.month_name[3], calendar.day_name[0])
d = calendar.different_locale('POSIX')
print(d.locale, d.oldlocale)
d.__enter__()
print(d.oldlocale, calendar.month_abbr[12])
d.__exit__(None, None, None)
print(issubclass(calendar.LocaleTextCalendar, calendar.TextCalendar), calendar.LocaleHTMLCalendar.__mro__)
for label, f in [
    ('unknown', lambda: calendar.LocaleTextCalendar(locale='xx_YY.NOPE').formatmonth(2024, 1)),
    ('unknown html', lambda: calendar.LocaleHTMLCalendar(locale='xx_YY').formatweekday(1)),
    ('unknown enter', lambda: calendar.different_locale('nope').__enter__()),
    ('tuple 3', lambda: calendar.LocaleTextCalendar(locale=(1, 2, 3)).formatmonthname(2024, 1, 20)),
    ('tuple none', lambda: calendar.LocaleTextCalendar(locale=(None, None)).formatmonthname(2024, 1, 20)),
    ('tuple int', lambda: calendar.LocaleTextCalendar(locale=('C', 5)).formatmonthname(2024, 1, 20)),
    ('init kw', lambda: calendar.LocaleTextCalendar(firstweekday=3, locale='C').formatweekheader(2)),
]:
    attempt(label, f)
try:
    calendar.LocaleTextCalendar(locale='zz_ZZ').prmonth(2024, 1)
except Exception as e:
    print(type(e).__name__, type(e).__module__, e)
print(calendar.month_name[1], calendar.day_abbr[0], calendar.TextCalendar().formatweekheader(3))
