# program: algorithms
# Conditional breakpoint inside a loop, until to leave the loop, displays.
break 62 if b < 100
continue
display a
display b
next
next
until
delete
break run_stack_machine
continue
next 4
step 3
continue
