# min-version: 3.12
# calendar: isleap/leapdays/weekday/monthrange, names tables, Month/Day enums, monthcalendar, TextCalendar text output (month, year, widths, first weekday), Calendar iterators, HTMLCalendar, subclass overrides, module-level interface, errors.
import calendar
from calendar import TextCalendar, HTMLCalendar, Calendar

def attempt(label, f):
    try:
        r = f()
        print(label, '->', repr(r))
    except Exception as e:
        print(label, '!!', type(e).__name__, e)

print([calendar.isleap(y) for y in (1900, 2000, 2023, 2024, 2100, 0, -4)], calendar.leapdays(1, 2025), calendar.leapdays(2000, 2001), calendar.leapdays(2025, 2000))
print(calendar.weekday(2024, 2, 29), repr(calendar.weekday(1, 1, 1)), calendar.weekday(10000, 1, 1), calendar.weekday(-5, 3, 1))
for ym in [(2024, 1), (2024, 2), (2023, 2), (1900, 2), (2000, 2), (2024, 12)]:
    print(ym, calendar.monthrange(*ym), repr(calendar.monthrange(*ym)[0]))
print(list(calendar.month_name), list(calendar.month_abbr), list(calendar.day_name), list(calendar.day_abbr))
print(len(calendar.month_name), len(calendar.day_abbr), calendar.month_name[-1], calendar.day_name[-7], calendar.month_abbr[::3], calendar.day_abbr[5:])
print(repr(calendar.MONDAY), calendar.MONDAY, calendar.SUNDAY + 1, repr(calendar.DECEMBER), calendar.DECEMBER == 12, repr(calendar.Month(2)), repr(calendar.Day(6)))
print(list(calendar.Month)[:3], calendar.Day.FRIDAY.name, calendar.Day.FRIDAY.value, f'{calendar.MAY}', calendar.mdays, calendar.EPOCH, calendar.error)
print(calendar.firstweekday(), calendar.monthcalendar(2024, 9), calendar.weekheader(2), calendar.weekheader(1), calendar.weekheader(3), calendar.weekheader(9), calendar.weekheader(10))
print(calendar.week([(1, 0), (2, 1), (0, 2)], 3) + '|')
calendar.prweek([(5, 3), (6, 4)], 2)
print()
print(calendar.month(2024, 2), end='')
print(calendar.month(2023, 10, 4, 2), end='')
calendar.prmonth(1, 1)
calendar.prmonth(9999, 12, 3)
print(calendar.calendar(2024), end='')
print(calendar.calendar(2025, 3, 1, 2, 4), end='')
calendar.prcal(2026, m=6, c=1, w=1)
calendar.setfirstweekday(calendar.SUNDAY)
print(calendar.firstweekday(), calendar.weekheader(2))
calendar.prmonth(2024, 11)
calendar.setfirstweekday(0)
print(calendar.timegm((2024, 1, 1, 0, 0, 0)), calendar.timegm((1970, 1, 1, 0, 0, 1, 9, 9, 9)), calendar.timegm((1969, 12, 31, 23, 59, 59)))
print(calendar.formatstring(['a', 'bb', 'ccc'], 5, 2) + '|', calendar.formatstring(['x', 'y']) + '|')
calendar.format(['left', 'right'], 8, 3)

c = Calendar()
print(c.firstweekday, c.getfirstweekday(), list(c.iterweekdays()), list(Calendar(3).iterweekdays()), Calendar(9).firstweekday)
print(list(c.itermonthdays(2024, 3)), list(c.itermonthdays2(2024, 3))[:6])
print(list(c.itermonthdays3(2024, 1))[:3], list(c.itermonthdays3(2024, 12))[-3:], list(c.itermonthdays4(2024, 2))[-5:])
print(list(c.itermonthdates(2024, 2))[:2], len(list(c.itermonthdates(2021, 2))), c.monthdatescalendar(2024, 6)[0])
print(c.monthdays2calendar(2024, 4)[-1], c.monthdayscalendar(2015, 2))
print(len(c.yeardatescalendar(2024)), len(c.yeardatescalendar(2024, 4)), c.yeardayscalendar(2024, 12)[0][1][0], c.yeardays2calendar(2024, 5)[2][1][-1])
c.firstweekday = 6
print(c.firstweekday, c._firstweekday, list(c.itermonthdays(2024, 3))[:7])
c.setfirstweekday(13)
print(c.getfirstweekday(), c._firstweekday)

t = TextCalendar(firstweekday=2)
print(t.formatmonth(2024, 7), end='')
print(t.formatmonth(2024, 7, w=5, l=1), end='')
print(repr(t.formatday(0, 1, 4)), repr(t.formatday(7, 1, 5)), repr(t.formatweekday(1, 2)), repr(t.formatweekday(3, 12)), repr(t.formatmonthname(2024, 3, 20)), repr(t.formatmonthname(2024, 3, 10, False)))
print(t.formatyear(2024, m=2, c=3), end='')
t.pryear(2023, 2, 1, 4, 12)

class Marked(TextCalendar):
    def __init__(self, marks):
        super().__init__(calendar.SUNDAY)
        self.marks = marks
    def formatday(self, day, weekday, width):
        s = super().formatday(day, weekday, width - 1)
        return s + ('*' if day in self.marks else ' ')
print(Marked([1, 15, 31]).formatmonth(2024, 8), end='')
class Short(TextCalendar):
    def formatweekday(self, day, width):
        return 'MTWTFSS'[day].center(width)
    def formatmonthname(self, theyear, themonth, width, withyear=True):
        return f'~{themonth}/{theyear}~'.center(width)
print(Short().formatmonth(2024, 5), end='')
print(Short().formatyear(2024, m=6)[:300])

h = HTMLCalendar()
print(h.formatmonth(2024, 2))
print(h.formatmonth(2024, 2, withyear=False)[:200])
print(h.formatweekday(0), h.formatweekheader(), h.formatday(0, 3), h.formatday(9, 3), h.formatmonthname(2024, 1), h.formatweek([(1, 0), (0, 1)]))
print(h.formatyear(2024, 4)[:400])
print(len(h.formatyear(2024)), h.formatyear(2024, 0).count('<tr>'))
page = h.formatyearpage(2024, css=None, encoding='ascii')
print(type(page).__name__, page[:220], len(page))
print(HTMLCalendar(6).formatyearpage(2023)[:300])
class Styled(HTMLCalendar):
    cssclasses = ['a', 'b', 'c', 'd', 'e', 'weekend', 'weekend']
    cssclass_month = 'cal'
    def formatday(self, day, weekday):
        if day == 14:
            return '<td class="today">14</td>'
        return super().formatday(day, weekday)
print(Styled().formatmonth(2024, 3))
print(Styled(firstweekday=6).formatweekheader())

for label, f in [
    ('month 13', lambda: calendar.monthrange(2024, 13)), ('month 0', lambda: calendar.month(2024, 0)),
    ('monthcal', lambda: calendar.monthcalendar(2024, -1)), ('weekday month', lambda: calendar.weekday(2024, 13, 1)),
    ('weekday day', lambda: calendar.weekday(2024, 2, 30)), ('setfirst 7', lambda: calendar.setfirstweekday(7)),
    ('setfirst -1', lambda: calendar.setfirstweekday(-1)), ('setfirst str', lambda: calendar.setfirstweekday('x')),
    ('isleap str', lambda: calendar.isleap('2024')), ('isleap args', lambda: calendar.isleap()),
    ('leapdays args', lambda: calendar.leapdays(1)), ('month name 13', lambda: calendar.month_name[13]),
    ('day name 7', lambda: calendar.day_name[7]), ('day name str', lambda: calendar.day_name['x']),
    ('timegm short', lambda: calendar.timegm((2024, 1))), ('timegm bad', lambda: calendar.timegm((2024, 13, 1, 0, 0, 0))),
    ('itermonthdates y1', lambda: list(Calendar().itermonthdates(1, 1))), ('itermonthdates y9999', lambda: list(Calendar().itermonthdates(9999, 12))),
    ('itermonthdays3 y1', lambda: list(Calendar().itermonthdays3(1, 1))[:2]), ('year width 0', lambda: Calendar().yeardayscalendar(2024, 0)),
    ('formatmonth args', lambda: TextCalendar().formatmonth(2024)), ('formatday args', lambda: TextCalendar().formatday(1, 2)),
    ('html formatday', lambda: HTMLCalendar().formatday(1)), ('calendar kw', lambda: Calendar(firstday=1)),
    ('January', lambda: calendar.January), ('February', lambda: calendar.February), ('missing', lambda: calendar.nothing),
    ('IllegalMonth', lambda: str(calendar.IllegalMonthError(99))),
    ('IllegalWeekday', lambda: (str(calendar.IllegalWeekdayError(-3)), calendar.IllegalWeekdayError(-3).args)),
    ('issubclass', lambda: (issubclass(calendar.IllegalMonthError, ValueError), calendar.error is ValueError)),
]:
    attempt(label, f)
try:
    calendar.monthrange(2024, 14)
except ValueError as e:
    print(type(e).__name__, e, e.month, e.args)
