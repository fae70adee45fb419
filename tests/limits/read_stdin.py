# limits: --timeout ends a read of stdin that never gets data.
print("reading")
line = input()
print("got", line)
