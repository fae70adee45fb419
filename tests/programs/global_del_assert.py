# py2: yes
# global statements, del of names/items/attributes, and assert.

counter = 0
items = [1, 2, 3, 4, 5]


def bump(n):
    global counter
    counter += n
    return counter


def make_global():
    global created
    created = "made inside"


class Box(object):
    pass


bump(3)
bump(4)
print(str(counter))
make_global()
print(created)

del items[0]
del items[-1]
print(str(items))
del items[:]
print(str(items))

b = Box()
b.x = 1
b.y = 2
del b.x
print(str(hasattr(b, "x")) + " " + str(hasattr(b, "y")))

tmp = 5
del tmp
try:
    print(str(tmp))
except NameError:
    print("tmp is gone")

assert counter == 7, "counter should be 7"
try:
    assert counter == 8, "counter is %d" % counter
except AssertionError as e:
    print("assertion: " + str(e))
try:
    assert False
except AssertionError as e:
    print("bare assertion args: " + str(e.args))


def cleanup():
    global counter
    del counter


cleanup()
print(str("counter" in globals()))
