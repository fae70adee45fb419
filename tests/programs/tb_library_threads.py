# needs: cpython-library
# A thread's uncaught exception as threading's excepthook prints it
# (threading.py's _bootstrap_inner and run frames), and a worker's exception
# re-raised by Future.result() (concurrent/futures frames).
import concurrent.futures
import threading
import traceback


def parse(text):
    return int(text)


t = threading.Thread(target=parse, args=("x1",), name="parser")
t.start()
t.join()


class Checker(threading.Thread):
    def run(self):
        raise RuntimeError(f"{self.name} failed")


c = Checker(name="checker")
c.start()
c.join()

timer = threading.Timer(0, parse, args=("",))
timer.start()
timer.join()

with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    futures = [pool.submit(parse, s) for s in ["1", "2", "three"]]
for f in futures:
    try:
        print(f.result())
    except ValueError:
        print(traceback.format_exc())
print(sum(f.result() for f in futures))
