# The program tests/tui.test drives in pydbg's full-screen TUI (inside
# tmux).  Its first statements are plain constants, so stepping one
# instruction at a time shows them pushed on the value stack; a function is
# called in a loop (its locals change at every stop); it prints on stdout
# and stderr, with non-ASCII text; given the argument "ask" it reads a line
# with input(), given "spin" it loops until interrupted.
x = 1
y = x + 41
import sys


def square(n):
    result = n * n
    return result


def main(args):
    total = 0
    names = ["alpha", "βeta", "γamma"]
    for i in range(3):
        total += square(i)
        print("step", i, names[i], total)
    print("to stderr", file=sys.stderr)
    if args and args[0] == "ask":
        who = input("Your name? ")
        print("Hello,", who)
    if args and args[0] == "spin":
        n = 0
        while True:
            n += 1
    return total


z = main(sys.argv[1:])
print("total:", z, y)
