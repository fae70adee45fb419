# Slicing: simple and extended slices with constant and variable bounds,
# negative steps, slice objects, slice assignment and deletion.

s = list(range(10))
t = "abcdefghij"
print(s[2:5], s[:3], s[7:], s[-3:], s[:-7], s[::2], s[::-1], s[8:2:-2])
print(t[1:3], t[::-1], t[-1], t[2:-2:3])
lo, hi, step = 1, 8, 3
print(s[lo:hi], s[lo:hi:step], s[hi:lo:-step], t[lo:])
sl = slice(2, 9, 2)
print(s[sl], t[sl], sl.indices(5))
print(s[slice(None, 3)], s[slice(-2, None)])
u = s[:]
u[2:4] = ["x", "y", "z"]
print(u)
u[::3] = [0] * len(u[::3])
print(u)
del u[1::2]
print(u)
del u[:2]
print(u)
m = [[1, 2, 3], [4, 5, 6]]
print([row[1:] for row in m], m[-1][::-1])
print((1, 2, 3, 4)[1:3], b"bytes"[1:3], bytearray(b"xyz")[::-1])


class Seq:
    def __getitem__(self, key):
        return repr(key)


q = Seq()
print(q[1:2], q[::], q[1:2, 3], q[..., 1:], q[:, None])
print(t[100:], t[-100:2], s[5:100:50])
