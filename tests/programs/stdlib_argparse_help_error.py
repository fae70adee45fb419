# A help text that is not a str: format_help raises CPython's AttributeError
# every time (the formatter's state is stored back without losing the
# exception, whatever the locale).
import argparse
p = argparse.ArgumentParser(prog="b", exit_on_error=False)
p.add_argument("--x")
p.add_argument("--h2", help=5)
kinds = set()
for i in range(100):
    try:
        p.format_help()
    except BaseException as e:
        kinds.add(f"{type(e).__name__}: {e}")
print(sorted(kinds))
