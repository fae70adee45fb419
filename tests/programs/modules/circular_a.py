import circular_b
A_VALUE = "a"


def use_b():
    return circular_b.B_VALUE
