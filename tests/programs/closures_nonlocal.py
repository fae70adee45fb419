# Closures over cells, nonlocal rebinding, closures created in loops, and
# cells shared between sibling functions.


def make_counter(start=0):
    count = start

    def incr(step=1):
        nonlocal count
        count += step
        return count

    def get():
        return count

    return incr, get


inc, get = make_counter(10)
inc()
inc(5)
print(get())


def make_accumulators():
    fs = []
    for i in range(3):
        def f(x, i=i):
            return x + i
        fs.append(f)
    return fs


print([f(100) for f in make_accumulators()])


def shared_cell():
    value = []

    def push(x):
        value.append(x)

    def replace(new):
        nonlocal value
        value = new

    def read():
        return list(value)

    return push, replace, read


push, replace, read = shared_cell()
push(1)
push(2)
replace(["fresh"])
push(3)
print(read())


def cell_before_def():
    total = 0
    items = [1, 2, 3]

    def add_all():
        nonlocal total
        for it in items:
            total += it
    add_all()
    add_all()
    return total


print(cell_before_def())


def arg_is_cell(x):
    def show():
        return "x=%r" % (x,)
    x = x * 2
    return show


print(arg_is_cell(21)())

funcs = {}
for name in ["a", "b"]:
    def handler(n=name):
        return n.upper()
    funcs[name] = handler
print(sorted((k, f()) for k, f in funcs.items()))


def make_multiplier_of(n):
    return lambda x: x * n


times3 = make_multiplier_of(3)
print(times3(7), times3.__closure__ is not None)
print(make_counter.__code__.co_cellvars, inc.__code__.co_freevars)
