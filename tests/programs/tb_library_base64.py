# needs: cpython-library
# Decoding and encoding errors raised inside base64.py.
import base64
import binascii
import traceback

cases = [
    lambda: base64.b64decode('abc'),
    lambda: base64.b64decode(b'ab$c', validate=True),
    lambda: base64.b64encode('text'),
    lambda: base64.standard_b64decode('abcde'),
    lambda: base64.urlsafe_b64decode('abc'),
    lambda: base64.standard_b64encode('text'),
    lambda: base64.urlsafe_b64encode('text'),
    lambda: base64.b16decode('zz'),
]
for i, case in enumerate(cases):
    try:
        print(i, case())
    except (binascii.Error, TypeError) as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())

token = base64.b64encode(b'user:secret').decode()
print(token, base64.b64decode(token))
print(base64.b64decode(token[:-1]))
