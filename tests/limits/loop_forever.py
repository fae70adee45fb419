# limits: an endless loop that tries to survive being stopped.  Not run by
# CPython (it never ends); pydbg --max-steps / --timeout must stop it with
# no handler or finally block running, the output so far written first.
import sys

print("start")
sys.stderr.write("err-line\n")
n = 0
try:
    while True:
        try:
            n += 1
        except BaseException:
            print("caught!")
finally:
    print("finally ran!")
