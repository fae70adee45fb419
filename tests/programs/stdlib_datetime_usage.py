# min-version: 3.12
# datetime and calendar as programs use them: ages and birthdays, business days, session logs parsed with strptime, ISO weeks, aware sorting, formatted calendars.
import datetime as dt
import calendar
from collections import defaultdict

def age(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

today = dt.date(2024, 6, 15)
people = {'ann': dt.date(1990, 6, 16), 'bob': dt.date(1985, 2, 28), 'cy': dt.date(2000, 2, 29)}
for name, born in sorted(people.items(), key=lambda kv: kv[1]):
    nxt = born.replace(year=today.year) if not (born.month == 2 and born.day == 29) else dt.date(today.year, 3, 1)
    if nxt < today:
        nxt = nxt.replace(year=today.year + 1)
    print(f"{name:>5}: {born:%d %b %Y} age {age(born, today):2d}, next birthday in {(nxt - today).days} days ({calendar.day_name[nxt.weekday()]})")

def business_days(start, end, holidays=()):
    d, n = start, 0
    while d <= end:
        if d.weekday() < 5 and d not in holidays:
            n += 1
        d += dt.timedelta(days=1)
    return n
print(business_days(dt.date(2024, 1, 1), dt.date(2024, 12, 31), {dt.date(2024, 12, 25), dt.date(2024, 1, 1)}))

log = """2024-03-01 09:15:02 login alice
2024-03-01 09:47:55 logout alice
2024-03-01 10:02:10 login bob
2024-03-01 17:30:00 logout bob
2024-03-02 08:00:00 login alice
2024-03-02 12:00:30 logout alice"""
sessions = defaultdict(dt.timedelta)
open_ = {}
for line in log.splitlines():
    d, t, ev, user = line.split()
    when = dt.datetime.strptime(f"{d} {t}", "%Y-%m-%d %H:%M:%S")
    if ev == 'login':
        open_[user] = when
    else:
        sessions[user] += when - open_.pop(user)
for user, total in sessions.items():
    h, rem = divmod(int(total.total_seconds()), 3600)
    print(user, total, f"{h}h{rem // 60:02d}m", round(total / dt.timedelta(hours=1), 3))
print(calendar.TextCalendar(calendar.SUNDAY).formatmonth(2024, 3))
weeks = defaultdict(list)
for i in range(40):
    d = dt.date(2024, 12, 1) + dt.timedelta(days=i * 3)
    weeks[d.isocalendar()[:2]].append(d.day)
print(dict(weeks))
events = [dt.datetime(2024, 5, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))), dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)]
print(sorted(events), [e.astimezone(dt.timezone.utc).strftime('%H:%M %Z') for e in events])
print(dt.datetime(2024, 1, 31) + dt.timedelta(days=30), (dt.date(2024, 12, 25) - dt.date(2024, 1, 1)) // 7, dt.timedelta(weeks=1) / 7)
print(dt.datetime.fromisoformat('2024-06-15T08:30:00+05:30').astimezone(dt.timezone.utc).isoformat(timespec='minutes'))
print([calendar.monthrange(2024, m)[1] for m in range(1, 13)], sum(calendar.monthrange(2023, m)[1] for m in range(1, 13)))
print(calendar.weekheader(3), [calendar.month_abbr[m] for m in range(1, 13)])
