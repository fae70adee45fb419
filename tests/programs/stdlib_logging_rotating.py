# min-version: 3.12
# logging.handlers: RotatingFileHandler size rollover and backups, TimedRotatingFileHandler settings, MemoryHandler flushing
import logging
import logging.handlers
import os
print(logging.handlers.RotatingFileHandler.__mro__)
h = logging.handlers.RotatingFileHandler("rot.log", maxBytes=40, backupCount=2)
h.setFormatter(logging.Formatter("%(message)s"))
lg = logging.getLogger("rot")
lg.addHandler(h)
lg.propagate = False
for i in range(8):
    lg.warning("message number %d", i)
h.close()
for name in sorted(os.listdir(".")):
    if name.startswith("rot.log"):
        with open(name) as f:
            print(name, repr(f.read()))
        os.remove(name)
print(h.maxBytes, h.backupCount, h.mode, h.encoding, repr(h).replace(os.getcwd(), "CWD"))
t = logging.handlers.TimedRotatingFileHandler("timed.log", when="midnight", backupCount=3)
print(t.when, t.interval, t.suffix, t.backupCount, t.utc)
t.close(); os.remove("timed.log")
try:
    logging.handlers.TimedRotatingFileHandler("x.log", when="Q")
except ValueError as e:
    print("ValueError", e)
class ListH(logging.Handler):
    def __init__(self):
        super().__init__(); self.got = []
    def emit(self, r): self.got.append(r.getMessage())
target = ListH()
m = logging.handlers.MemoryHandler(3, flushLevel=logging.ERROR, target=target)
ml = logging.getLogger("mem"); ml.addHandler(m); ml.propagate = False
ml.warning("a"); ml.warning("b"); print(target.got)
ml.warning("c"); print(target.got)
ml.warning("d"); ml.error("e"); print(target.got)
ml.warning("f"); m.close(); print(target.got)
