# gettext without catalogs (identity lookups, NullTranslations, install)
# and sched with a simulated clock (deterministic timefunc/delayfunc).
import gettext
import sched

print(gettext.gettext('Hello'), gettext.ngettext('file', 'files', 1), gettext.ngettext('file', 'files', 3))
print(gettext.pgettext('menu', 'Open'), gettext.npgettext('ctx', 'a', 'as', 0), gettext.dgettext('dom', 'msg'))
print(gettext.dngettext('dom', 'one', 'many', 1), gettext.textdomain(), gettext.textdomain('myapp'), gettext.textdomain())
t = gettext.translation('nope', fallback=True)
print(type(t).__name__, t.gettext('x'), t.ngettext('a', 'b', 2), t.info(), t.charset(), gettext.find('nope'))
t.install()
print(_('installed'))
gettext.install('app', names=['ngettext'])
print(_('again'), ngettext('x', 'y', 5))

class Upper(gettext.NullTranslations):
    def gettext(self, message):
        return message.upper()

n = gettext.NullTranslations()
n.add_fallback(Upper())
print(n.gettext('fallback used'), n.ngettext('s', 'p', 1))
try:
    gettext.translation('nope')
except FileNotFoundError as e:
    print('FileNotFoundError', e.errno, e)

clock = [0.0]
def now():
    return clock[0]
def sleep(d):
    print('  sleep', d)
    clock[0] += d

log = []
s = sched.scheduler(now, sleep)
def task(name, when=None):
    print('run', name, 'at', clock[0], when)
    log.append(name)

e1 = s.enter(5, 1, task, ('five',))
e2 = s.enter(2, 2, task, argument=('two-low',))
e3 = s.enter(2, 1, task, ('two-high',), {'when': 'kw'})
e4 = s.enterabs(3, 0, task, ('abs3',))
e5 = s.enter(10, 0, task, ('cancelled',))
print(s.empty(), len(s.queue), [ev.argument[0] for ev in s.queue], e1.time, e1.priority, type(e1).__name__)
s.cancel(e5)
print([ev.time for ev in s.queue])
s.run()
print(log, s.empty(), clock[0])
s.enter(1, 0, task, ('later',))
print(s.run(blocking=False))
clock[0] = 100
print(s.run(blocking=False), log[-1])
try:
    s.cancel(e1)
except ValueError as e:
    print('ValueError', e)
print(sched.Event._fields)
