# limits: an allocation that cannot succeed (run under `ulimit -v`):
# MemoryError with CPython's traceback.
print("before")
x = [0] * 10**10
print("after")
