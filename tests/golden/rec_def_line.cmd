# program: recursion
# A breakpoint on a def line stops at every call; ignore counts; tbreak.
break 5
continue
continue
ignore 1 2
continue
bt
info args
delete 1
tbreak fib
continue
finish
next
continue
