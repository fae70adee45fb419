# needs: cpython-library
# An exception raised inside a module loaded from CPython's library: the
# traceback shows that module's frames, file names, source lines and carets.
import ipaddress


def parse_all(texts):
    return [ipaddress.ip_network(t) for t in texts]


print(parse_all(["10.0.0.0/8", "192.168.0.0/16"]))
parse_all(["10.0.0.1/24"])
