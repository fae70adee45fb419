# min-version: 3.12
# Native functions and methods called with missing, extra or wrongly typed
# arguments (found by calling every public callable with odd arguments):
# each must raise CPython's exception, never crash pydbg.
import json
import typing
import enum
import dataclasses
from collections import namedtuple

P = namedtuple("P", "x y")
Q = namedtuple("Q", "a b c", defaults=[3])
calls = [
    ("JSONEncoder().iterencode()", lambda: json.JSONEncoder().iterencode()),
    ("JSONEncoder().iterencode(1, 2, 3)", lambda: json.JSONEncoder().iterencode(1, 2, 3)),
    ("JSONEncoder().iterencode('x', 1)", lambda: list(json.JSONEncoder().iterencode("x", 1))),
    ("NamedTupleMeta(None, None, None)", lambda: typing.NamedTupleMeta(None, None, None)),
    ("Flag._generate_next_value_()", lambda: enum.Flag._generate_next_value_()),
    ("Flag._generate_next_value_('x', 1, 1, [])", lambda: enum.Flag._generate_next_value_("x", 1, 1, [])),
    ("Flag._generate_next_value_('x', 1, 2, [1, 4])", lambda: enum.Flag._generate_next_value_("x", 1, 2, [1, 4])),
    ("StrEnum._generate_next_value_('Ab', 1, 1, [])", lambda: enum.StrEnum._generate_next_value_("Ab", 1, 1, [])),
    ("P.__new__()", lambda: P.__new__()),
    ("Q.__new__()", lambda: Q.__new__()),
    ("P.__new__(y=2)", lambda: P.__new__(y=2)),
    ("P.__new__(P, 1, 2)", lambda: P.__new__(P, 1, 2)),
    ("P.__new__(int, 1, 2)", lambda: P.__new__(int, 1, 2)),
    ("P.__new__(P, 1, 2, 3)", lambda: P.__new__(P, 1, 2, 3)),
    ("InitVar.__class_getitem__()", lambda: dataclasses.InitVar.__class_getitem__()),
    ("InitVar.__class_getitem__(int)", lambda: dataclasses.InitVar.__class_getitem__(int)),
    ("InitVar.__class_getitem__(1, 2)", lambda: dataclasses.InitVar.__class_getitem__(1, 2)),
    ("InitVar[int]", lambda: dataclasses.InitVar[int]),
]
for text, f in calls:
    try:
        print(text, "->", f())
    except Exception as e:
        print(text, "->", type(e).__name__ + ":", e)
