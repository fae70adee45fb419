# program: chained_uncaught
# An uncaught exception stops post-mortem in the frame that raised it.
continue
bt
info args
print table
print key
continue
