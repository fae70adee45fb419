# An uncaught SyntaxError from eval(): CPython's layout with the caret line.
print(eval("2 * (3 + 4)"))
eval("2 * (3 + 4))")
