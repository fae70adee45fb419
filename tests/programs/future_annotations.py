# min-version: 3.7
# `from __future__ import annotations` (PEP 563): annotations stay strings,
# the CO_FUTURE_ANNOTATIONS flag is set on every code object.
from __future__ import annotations


class Node:
    next: Node | None = None

    def __init__(self, value: int, nxt: Node | None = None) -> None:
        self.value = value
        self.next = nxt

    def to_list(self) -> list[int]:
        out = []
        node = self
        while node is not None:
            out.append(node.value)
            node = node.next
        return out


def build(*values: int) -> Node | None:
    head = None
    for v in reversed(values):
        head = Node(v, head)
    return head


print(build(1, 2, 3).to_list())
print(Node.__init__.__annotations__)
print(build.__annotations__)
print(Node.__annotations__)
