# limits: --max-steps counts every bytecode instruction executed, RESUME
# included.  steps.N = how many python3.12 executes (tools/gen_limits.py).
def f(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


total = 0
for k in range(5):
    total += f(k)
print(total)
