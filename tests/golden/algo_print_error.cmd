# program: algorithms
# A failing command ends a batch script with status 1 (the program is killed).
break gcd
continue
print a % b
print undefined_name + 1
print "not reached"
