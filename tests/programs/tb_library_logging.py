# needs: cpython-library
# A log message whose arguments do not fit its format: logging's
# handleError prints the traceback through logging/__init__.py's frames and
# the call stack of the logging call, and the program goes on.
import logging
import sys

logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("inventory")


def restock(item, count):
    log.warning("restocking %s: %d units", item, count)


def main():
    restock("bolts", 12)
    restock("nuts", "twelve")
    log.error("total %s", "done", "extra")
    print("still running")


main()
