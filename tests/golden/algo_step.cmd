# program: algorithms
# step walks into calls (a comprehension is inlined in 3.12), next steps over.
break 107
continue
step
step
step 5
next 3
bt
step 20
info locals
continue
