# Uncaught chained exceptions: implicit context ("During handling ...") and
# explicit `raise ... from` ("The above exception was the direct cause ..."),
# a KeyError whose message is the repr of the key, in nested frames.


def lookup(table, key):
    try:
        return table[key]
    except KeyError as exc:
        raise LookupError("no entry for %s" % key) from exc


def load(table):
    try:
        return lookup(table, "beta")
    except LookupError:
        undefined_name  # noqa: F821 -- a NameError while handling


print(lookup({"alpha": 1}, "alpha"))
load({"alpha": 1})
