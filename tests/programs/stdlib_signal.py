# signal: the enums, installing and querying handlers (SIGINT included),
# raise_signal running a Python handler, errors.
import signal

print(signal.SIGINT, repr(signal.SIGINT), repr(signal.SIGTERM), signal.SIGTERM.name, int(signal.SIGKILL))
print(repr(signal.SIG_DFL), repr(signal.SIG_IGN), signal.NSIG, repr(signal.Signals(6)), repr(signal.SIGIOT))
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler, repr(signal.getsignal(signal.SIGTERM)),
      repr(signal.getsignal(signal.SIGPIPE)), repr(signal.SIG_BLOCK), signal.Signals.__name__)

caught = []

def handler(signum, frame):
    caught.append(signum)
    print('handler called with', signum, signal.Signals(signum).name, type(frame).__name__)

old = signal.signal(signal.SIGINT, handler)
print(old is signal.default_int_handler, signal.getsignal(signal.SIGINT) is handler)
signal.raise_signal(signal.SIGINT)
old = signal.signal(signal.SIGUSR1, handler)
print(repr(old))
signal.raise_signal(signal.SIGUSR1)
print(caught)
print(repr(signal.signal(signal.SIGUSR1, signal.SIG_IGN)) == repr(handler), repr(signal.getsignal(signal.SIGUSR1)))
signal.raise_signal(signal.SIGUSR1)
print(repr(signal.signal(signal.SIGUSR1, signal.SIG_DFL)))
signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    signal.raise_signal(signal.SIGINT)
except KeyboardInterrupt:
    print('KeyboardInterrupt')
signal.signal(signal.SIGTERM, lambda s, f: print('term', s))
signal.raise_signal(15)
print(signal.strsignal(signal.SIGINT), signal.strsignal(signal.SIGTERM), signal.SIGALRM in signal.valid_signals())
print(signal.alarm(0), signal.SIGRTMIN > 0, sorted(signal.Handlers.__members__))

for f in [lambda: signal.signal(99, signal.SIG_DFL), lambda: signal.signal(signal.SIGINT, 5),
          lambda: signal.signal(signal.SIGKILL, signal.SIG_IGN), lambda: signal.getsignal(0),
          lambda: signal.signal('x', signal.SIG_IGN), lambda: signal.raise_signal(99), lambda: signal.signal(2),
          lambda: signal.default_int_handler(2, None)]:
    try:
        print(f())
    except BaseException as e:
        print(type(e).__name__, e)
