# SystemExit with an integer code: no traceback, the code is the exit status;
# `finally` blocks run on the way out.
import sys


def main():
    try:
        print("working")
        raise SystemExit(3)
    finally:
        print("cleanup")


print(sys.argv[0][-15:])
main()
print("not reached")
