# min-version: 3.12
# max-version: 3.13
# 3.12's C recursion budget: instance creation and __call__ cost a unit each.
class F:
    def __call__(self, n): return 0 if n == 0 else 1 + self(n - 1)
try: F()(100000)
except RecursionError as e: print("A", e)
import sys
sys.setrecursionlimit(100000)
try: F()(100000)
except RecursionError as e: print("B", e)
class G:
    def __init__(self, n): self.c = G(n - 1) if n else None
for n in (400, 499, 500, 501, 700):
    try: G(n); print(n, "ok")
    except RecursionError as e: print(n, "E", e)
class H:
    def __repr__(self): return "H" + repr(H()) 
try: repr(H())
except RecursionError as e: print("C", e)
def deep(n): return [deep(n - 1)] if n else []
try: deep(100000); print("deep ok")
except RecursionError as e: print("D", e)
import sys
sys.setrecursionlimit(200000)
class T:
    def __init__(self, n): self.kids = [T(n - 1)] if n else []
T(20000)
# Not before 3.12: the C stack overflows.  Not 3.14: Pyodide's JavaScript
# stack overflows.
