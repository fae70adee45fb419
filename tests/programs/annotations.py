# Annotations: module-level and class-level variable annotations (3.6+),
# annotated assignments with and without values, function annotations.
# 3.14 evaluates annotations lazily, so this exercises its __annotate__
# functions too.

count: int = 0
label: str
ratio: "float" = 0.5


class Config:
    name: str = "default"
    retries: int
    limits: dict = {}

    def method(self, x: int, *, flag: bool = False) -> "Config":
        local: list = [x]
        return self


def func(a: int, b: float = 1.0) -> str:
    return str(a + b)


print(count, ratio)
print("label" in globals(), "count" in globals())
print(sorted(Config.__annotations__))
print(Config.name, hasattr(Config, "retries"))
print(sorted(func.__annotations__))
print(func.__annotations__["return"].__name__)
print(sorted(Config.method.__annotations__))
print(func(1))
