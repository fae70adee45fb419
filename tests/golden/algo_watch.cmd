# program: algorithms
# A watchpoint stops right after the instruction that changed the value.
break gcd
continue
watch b
continue
continue
continue
delete
continue
