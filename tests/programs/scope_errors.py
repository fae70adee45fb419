# NameError, UnboundLocalError and free-variable errors with CPython 3.12's
# messages, del of names at every scope, global and nonlocal rebinding.


def use_before_assign():
    print(x)
    x = 1


def free_deleted():
    y = 1

    def inner():
        return y
    del y
    return inner


def del_twice():
    z = 1
    del z
    del z


tests = [use_before_assign, lambda: free_deleted()(), del_twice, lambda: undefined_global]
for t in tests:
    try:
        t()
    except NameError as e:
        print(type(e).__name__ + ":", e, "| name =", repr(getattr(e, "name", None)))

counter = 0


def bump():
    global counter
    counter += 1
    return counter


bump()
bump()
print("counter", counter)


def outer():
    v = "start"

    def set_it(new):
        nonlocal v
        v = new

    def get():
        return v
    set_it("changed")
    return get()


print(outer())
gname = 5
del gname
try:
    print(gname)
except NameError as e:
    print("NameError:", e)
try:
    del gname
except NameError as e:
    print("NameError:", e)


class K:
    a = 1
    del a
    try:
        a
    except NameError as e:
        print("class NameError:", e)
    b = [n for n in range(3)]


print(K.b, hasattr(K, "a"))


def shadow():
    total = 0
    for total in range(3):
        pass
    return total


print(shadow())
print([locals_name for locals_name in ["comprehension", "scope"]])
try:
    print(locals_name)
except NameError as e:
    print("NameError:", e)


def closure_loop():
    fs = [lambda: i for i in range(3)]
    return [f() for f in fs]


print(closure_loop())
