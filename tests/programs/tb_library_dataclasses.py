# needs: cpython-library
# dataclasses' module functions raising in dataclasses.py, and replace()
# running the class's __init__ (and its __post_init__).
import dataclasses
import traceback
from dataclasses import dataclass, field


@dataclass
class Money:
    amount: int
    currency: str = "EUR"
    cents: int = field(default=0, init=False)

    def __post_init__(self):
        if self.amount < 0:
            raise ValueError(f"negative amount {self.amount}")


m = Money(5)
cases = [
    lambda: dataclasses.asdict({"amount": 5}),
    lambda: dataclasses.astuple(5),
    lambda: dataclasses.fields("Money"),
    lambda: dataclasses.replace(object()),
    lambda: dataclasses.replace(m, cents=3),
    lambda: dataclasses.replace(m, amount=-2),
    lambda: dataclasses.replace(m, rate=2),
]
for i, case in enumerate(cases):
    try:
        print(i, case())
    except (TypeError, ValueError):
        print(traceback.format_exc())
print(dataclasses.asdict(dataclasses.replace(m, currency="USD")))
dataclasses.replace(m, amount=-1)
