# An uncaught exception inside eval(): the traceback shows the "<string>" frame.
def compute(expr):
    return eval(expr, {"div": lambda a, b: a / b})

print(compute("div(6, 3)"))
print(compute("div(1, 0)"))
