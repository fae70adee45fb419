# program: recursion
# continue N ignores the breakpoint N-1 more times; condition added later.
break fact
continue
continue 3
print n
condition 1 n == 1
continue
bt
finish
disable 1
continue
