# min-version: 3.12
# PEP 695 generics: type parameters on functions and classes, bounds,
# constraints, `type` aliases (lazily evaluated), TypeVarTuple/ParamSpec.


def first[T](items: list[T]) -> T:
    return items[0]


class Box[T]:
    def __init__(self, item: T):
        self.item = item

    def get(self) -> T:
        return self.item

    def map[U](self, f: "Callable[[T], U]") -> "Box[U]":
        return Box(f(self.item))


class Bounded[N: (int, float), S: str]:
    pass


def star[*Ts](*args: *Ts) -> tuple[*Ts]:
    return args


def params[**P](f):
    return f


type Pair[K] = tuple[K, K]
type Alias = list[int]

print(first([3, 2, 1]))
print(Box(5).map(lambda x: x * 2).get())
print(Box.__type_params__, first.__type_params__)
print([p.__name__ for p in Bounded.__type_params__])
print(Bounded.__type_params__[0].__constraints__)
print(Pair.__name__, Pair.__value__, Alias.__value__)
print(star(1, "a"), params(len)("abc"))
