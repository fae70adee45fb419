# Errors raised in os and os.path code that CPython 3.12 runs frozen: its
# frames read File "<frozen os>", line N (no source line).
import os
import traceback

cases = [
    lambda: os.environ['PYDBG_SURELY_UNSET_VARIABLE'],
    lambda: os.environ.__delitem__('PYDBG_SURELY_UNSET_VARIABLE'),
    lambda: os.makedirs('/'),
    lambda: os.path.getsize('/pydbg/surely/missing'),
    lambda: os.path.join('base', None),
    lambda: os.path.join(None, 'x'),
]
for i, case in enumerate(cases):
    try:
        print(i, case())
    except (OSError, KeyError, TypeError) as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())

print(os.environ.get('PYDBG_SURELY_UNSET_VARIABLE', 'default'))
home = os.environ['PYDBG_SURELY_UNSET_VARIABLE']
