# A module whose body raises: importing it fails every time.
print("failing_mod starts")
raise ValueError("failing_mod cannot be imported")
