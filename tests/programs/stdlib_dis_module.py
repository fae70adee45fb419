# dis.dis of a whole module and of code with nested code objects (the lines
# holding a code object's address are filtered out), distb, show_caches.
import dis
import io

def outer(n):
    squares = [i * i for i in range(n)]
    def helper(k):
        return k + n
    return sum(map(helper, squares)), (lambda: n)

class Shape:
    sides = 0
    def area(self):
        raise NotImplementedError

    class Inner:
        def hello(self):
            return "hi"

def without_addresses(text):
    return "\n".join(l for l in text.splitlines() if " at 0x" not in l)

buf = io.StringIO()
dis.dis(outer, file=buf)
print(without_addresses(buf.getvalue()))
print("=== module")
import types
mod = types.ModuleType("shapes")
mod.outer, mod.Shape, mod.without_addresses, mod.value = outer, Shape, without_addresses, 3
buf = io.StringIO()
dis.dis(mod, file=buf)
print(without_addresses(buf.getvalue()))
print("=== depth 0")
buf = io.StringIO()
dis.dis(outer, file=buf, depth=0)
print(without_addresses(buf.getvalue()))
print("=== caches")
def attr(o):
    return o.x + o.y
dis.dis(attr, show_caches=True)
print("=== distb")
def fails(d):
    return d["missing"] + 1
try:
    fails({})
except KeyError as e:
    tb = e.__traceback__
    while tb.tb_next:
        tb = tb.tb_next
    dis.distb(tb)
print("=== no last traceback")
try:
    dis.distb()
except RuntimeError as e:
    print("RuntimeError:", e)
