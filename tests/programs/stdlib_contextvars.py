# contextvars: ContextVar get/set/reset, defaults, Token, copy_context,
# Context.run and its mapping interface, errors (messages without addresses).
import contextvars
from contextvars import ContextVar, Context, Token, copy_context

request_id = ContextVar('request_id')
user = ContextVar('user', default='anonymous')
print(request_id.name, user.name, user.get(), request_id.get('none'), user.get('override'))
try:
    request_id.get()
except LookupError as e:
    print('LookupError', type(e.args[0]).__name__, e.args[0] is request_id)

t = request_id.set(42)
print(request_id.get(), t.var is request_id, t.old_value is Token.MISSING, repr(Token.MISSING))
t2 = request_id.set(43)
print(request_id.get(), t2.old_value)
request_id.reset(t2)
print(request_id.get())
request_id.reset(t)
print(request_id.get(None))

ctx = copy_context()
print(type(ctx).__name__, len(ctx), request_id in ctx, user in ctx)
user.set('alice')
ctx2 = copy_context()
print(len(ctx2), ctx2[user], ctx2.get(user), ctx2.get(request_id), ctx2.get(request_id, 'dflt'), user in ctx2)
print(list(ctx2.keys()) == [user], list(ctx2.values()), [(k.name, v) for k, v in ctx2.items()], [v.name for v in ctx2])

def handler(n, label='x'):
    user.set('bob-%d' % n)
    request_id.set(n)
    return (user.get(), request_id.get(), label)

print(ctx2.run(handler, 7, label='run'))
print(user.get(), request_id.get('unset'), ctx2[user], ctx2[request_id], len(ctx2))
print(ctx2.run(lambda: (user.get(), request_id.get())))
print(ctx.run(user.get), ctx.run(request_id.get, 'no value'))

c3 = Context()
print(len(c3), c3.run(user.get), c3 == Context(), ctx2 == ctx2.copy(), ctx2 == ctx)

def nested():
    return ctx2.run(user.get)

for f in [lambda: ctx2.run(nested), lambda: ctx2[ 'key'], lambda: ctx2[ContextVar('z')], lambda: ContextVar(3),
          lambda: ContextVar(), lambda: request_id.reset('tok'), lambda: request_id.get(1, 2), lambda: ctx.run(),
          lambda: Context(1), lambda: hash(ctx), lambda: ctx2.get('k'), lambda: user.set()]:
    try:
        print(f())
    except Exception as e:
        msg = str(e)
        print(type(e).__name__, msg[:msg.find(' at 0x')] if ' at 0x' in msg else msg)

tok = user.set('carol')
other = ContextVar('other')
for f in [lambda: other.reset(tok), lambda: ctx2.run(user.reset, tok)]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__, str(e).split(' at 0x')[0])
user.reset(tok)
try:
    user.reset(tok)
except RuntimeError as e:
    print('RuntimeError', 'has already been used once' in str(e), repr(tok).startswith('<Token used var=<ContextVar'))
print(user.get(), repr(user).startswith("<ContextVar name='user' default='anonymous' at 0x"))
print(ContextVar[int], Token[str], [hasattr(contextvars, n) for n in ('Context', 'ContextVar', 'Token', 'copy_context')])
