# needs: cpython-library
# An uncaught ValueError for a value no member has.
from enum import Enum


class Status(Enum):
    ACTIVE = "active"
    CLOSED = "closed"


for raw in ["active", "closed", "archived"]:
    print(Status(raw))
