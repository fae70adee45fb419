# py2: yes
# Import forms: import, import as, dotted import, from-import with aliases,
# star import, and imports inside functions (stdlib modules only).
import math
import os.path
import collections as coll
from string import ascii_lowercase as lower, digits
from math import *


def local_import():
    import json
    from itertools import chain
    return json.dumps(sorted(chain([3, 1], [2])))


Point = coll.namedtuple("Point", "x y")
print(str(math.floor(2.7)) + " " + str(floor(-2.5)) + " " + str(sqrt(16.0)))
print(os.path.join("a", "b") + " " + os.path.basename("/x/y.txt"))
print(repr(Point(1, 2)))
print(lower[:5] + digits[-3:])
print(local_import())
print(str(pi > 3 and e < 3))
print(str(sorted(coll.Counter("abracadabra").most_common(2))))
