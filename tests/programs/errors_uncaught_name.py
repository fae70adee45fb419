# min-version: 3.12
# An uncaught NameError inside nested calls: the suggestion comes from the
# innermost frame's local names, stdout printed before is flushed first.
def outer(items):
    total = 0
    for item in items:
        total += inner(item)
    return total


def inner(item):
    scaled_value = item * 2
    return scaled_valeu + 1


print("starting")
print(outer([1, 2, 3]))
