# needs: cpython-library
# Errors raised inside shlex.py and textwrap.py.
import shlex
import textwrap
import traceback

cases = [
    lambda: shlex.split('echo "unterminated'),
    lambda: shlex.split('trailing backslash \\'),
    lambda: shlex.split(None),
    lambda: shlex.shlex("'open").get_token(),
    lambda: list(shlex.shlex('"open', posix=True)),
    lambda: textwrap.wrap('some text', width=0),
    lambda: textwrap.fill('some text', width=-1),
    lambda: textwrap.shorten('hello wide world', width=4),
    lambda: textwrap.TextWrapper(width=0).wrap('x'),
    lambda: textwrap.fill('alpha beta', width=5, max_lines=1, placeholder=' [...]'),
]
for i, case in enumerate(cases):
    try:
        print(i, case())
    except ValueError as e:
        print(i, type(e).__name__, e)
        print(traceback.format_exc())

print(shlex.split('ls -l "my file"'))
print(shlex.split("grep 'it''s"))
