# sys.exit with a string: the message goes to stderr and the status is 1;
# output printed before it is flushed in order.
import sys

for i in range(3):
    print("line", i)
try:
    sys.exit(0)
except SystemExit as e:
    print("caught", repr(e.code), e.args)
sys.exit("fatal: cannot continue")
