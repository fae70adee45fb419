# A NameError inside eval() that nobody catches.
values = {"a": 1}
print(eval("a + 1", values))
print(eval("a + b", values))
