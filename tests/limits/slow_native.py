# limits: one native operation that runs for many seconds (a huge power):
# --timeout must hold all the same.
print("computing")
x = 3 ** (10 ** 9)
print("done")
