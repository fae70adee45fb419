# limits: recursion limit a million, plain Python recursion: Python frames
# use no C stack in CPython 3.12 or pydbg, so it ends in RecursionError at
# the limit.
import sys

sys.setrecursionlimit(10**6)


def down(n):
    return down(n + 1) + 1


print("start")
down(0)
