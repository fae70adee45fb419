# min-version: 3.11
# ExceptionGroup and except*: splitting a group between handlers,
# re-raising the unhandled rest, nested groups.


def raise_group():
    raise ExceptionGroup("many", [ValueError("v1"), TypeError("t1"),
                                  ValueError("v2"), KeyError("k")])


try:
    try:
        raise_group()
    except* ValueError as eg:
        print("values:", [str(e) for e in eg.exceptions])
    except* TypeError as eg:
        print("types:", [str(e) for e in eg.exceptions])
except ExceptionGroup as rest:
    print("unhandled:", [type(e).__name__ for e in rest.exceptions])

try:
    raise ExceptionGroup("outer", [ExceptionGroup("inner", [OSError("o")]),
                                   ZeroDivisionError("z")])
except* OSError as eg:
    print("os errors:", eg.message, len(eg.exceptions))
except* ZeroDivisionError:
    print("zero division handled")

eg = ExceptionGroup("msg", [ValueError(1), ValueError(2), TypeError(3)])
match, rest = eg.split(ValueError)
print(len(match.exceptions), len(rest.exceptions))
print(eg.subgroup(lambda e: isinstance(e, TypeError)).exceptions)

try:
    raise ValueError("naked")
except* ValueError as eg:
    print("naked exception wrapped:", type(eg).__name__, eg.exceptions)


def cleanup():
    state = "unhandled"
    try:
        raise ExceptionGroup("g", [RuntimeError("r")])
    except* RuntimeError:
        state = "handled"
    finally:
        print("finally in except* function")
    return state


print(cleanup())
