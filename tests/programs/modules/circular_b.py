import circular_a
B_VALUE = "b"


def peek_a():
    return getattr(circular_a, "A_VALUE", "<not yet>")


EARLY = peek_a()
