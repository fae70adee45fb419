# limits: allocations past the memory limit (run under `ulimit -v`) raise
# MemoryError, which the program catches; nothing crashes or stops.
N = 2 * 10**9
ops = [
    ("list * n", lambda: [0] * N),
    ("str * n", lambda: "ab" * N),
    ("bytes * n", lambda: b"ab" * N),
    ("bytearray(n)", lambda: bytearray(N)),
    ("tuple * n", lambda: (1, 2) * N),
    ("str.join", lambda: "".join(["x" * 10**7] * 200)),
    ("str.center", lambda: "a".center(N)),
    ("format width", lambda: "{:>2000000000}".format(1)),
    ("list(range)", lambda: list(range(N))),
    ("dict.fromkeys", lambda: dict.fromkeys(range(N))),
    ("set(range)", lambda: set(range(N))),
    ("int << n", lambda: 1 << (2**32 - 1)),
    ("int * int", lambda: (1 << 2**31) * (1 << 2**31)),
]
for name, f in ops:
    try:
        f()
        print(name, "succeeded")
    except MemoryError as e:
        print(name, "MemoryError", repr(e))
grow = []
try:
    while True:
        grow.append([0] * 1000)
except MemoryError:
    n = len(grow)
    grow = None
    print("growing list: MemoryError", n > 1000)
print("end")
