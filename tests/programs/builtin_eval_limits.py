# eval() at the limits: deep brackets, unary chains, long sums, with
# CPython's errors.  (Endless eval() recursion — RecursionError "maximum
# recursion depth exceeded while calling a Python object" — is left out:
# its depth differs under the tracer and it crashes 3.14's pyodide.)
deep = "(" * 150 + "1" + ")" * 150
print(eval(deep))
try:
    eval("(" * 300 + "1" + ")" * 300)
except SyntaxError as e:
    print("SyntaxError", e.msg)
except MemoryError as e:
    print("MemoryError")
print(eval("-" * 100 + "1"))
print(eval("1" + "+1" * 500))
