# needs: cpython-library
# An uncaught ValueError from collections.namedtuple's field-name checks.
from collections import namedtuple

header = "id,name,class"
Row = namedtuple("Row", header.split(","))
print(Row(1, "x", "y"))
