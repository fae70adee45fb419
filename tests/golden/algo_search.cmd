# program: algorithms
# A breakpoint on a function, stepping over lines, finish with its value.
break binary_search
continue
info args
next 3
print lo, hi, mid
bt
finish
continue
print target
kill
