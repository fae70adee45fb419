# limits: memory runs out inside pydbg's own buffers (the repr of a list of
# 300 strings of 10 MB), where no MemoryError can be raised: a clean stop,
# the output so far written first.  (CPython raises MemoryError here; not
# recorded: the line is pydbg's own.)
print("before")
big = "x" * (10**7)
r = repr([big] * 300)
print("after")
