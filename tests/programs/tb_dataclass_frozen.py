# A frozen dataclass refuses assignment in the __setattr__ that dataclasses
# compiles from a string: its frame is File "<string>", line 4.
import traceback
from dataclasses import FrozenInstanceError, dataclass


@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0


p = Point(1, 2)
print(p)
try:
    del p.y
except FrozenInstanceError:
    print(traceback.format_exc())
p.x = 10
