# Errors inside a dataclass's generated __init__ (File "<string>", line 3 +
# the fields it assigns): __post_init__ validation, default factories; and
# ClassVar[...] annotations, which are not fields.
import traceback
from dataclasses import InitVar, dataclass, field, fields
from typing import ClassVar


def no_default():
    raise LookupError("no default available")


@dataclass
class Order:
    item: str
    qty: int = 1
    tags: list = field(default_factory=list)
    registry: ClassVar[dict] = {}

    def __post_init__(self):
        if self.qty <= 0:
            raise ValueError(f"qty must be positive, got {self.qty}")


@dataclass(frozen=True)
class Config:
    name: str
    secret: InitVar[str] = ""
    version: int = field(default=1, init=False)
    extras: dict = field(default_factory=dict, init=False)

    def __post_init__(self, secret):
        if not secret:
            raise PermissionError("a secret is required")


@dataclass
class Lazy:
    value: list = field(default_factory=no_default)


print([f.name for f in fields(Order)], Order("pen"))
for make in (lambda: Config("app"), lambda: Lazy(), lambda: Order("ink", 0)):
    try:
        make()
    except Exception:
        print(traceback.format_exc())
print(Order("cup", 2, ["x"]))
Order("book", -3)
