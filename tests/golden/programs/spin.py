# An endless loop for the interactive tests (Ctrl-C must stop it).
def spin():
    n = 0
    while True:
        n += 1
        if n < 0:
            break
    return n


total = 0
for step in range(3):
    total += step
print(total)
spin()
