# needs: cpython-library
# isinstance/issubclass with a Protocol that is not @runtime_checkable:
# typing.py's _ProtocolMeta raises.
import traceback
from typing import Protocol, runtime_checkable


class Drawable(Protocol):
    def draw(self) -> str: ...


@runtime_checkable
class Sized(Protocol):
    def size(self) -> int: ...


class Box:
    def draw(self):
        return "[]"

    def size(self):
        return 1


print(isinstance(Box(), Sized), issubclass(Box, Sized))
try:
    issubclass(Box, Drawable)
except TypeError:
    print(traceback.format_exc())
print(isinstance(Box(), Drawable))
