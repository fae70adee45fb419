# needs: cpython-library
# ipaddress is not one of pydbg's native modules: it is loaded from the
# machine's CPython 3.12 library (its compiled .pyc) and runs in the VM.
import ipaddress
net = ipaddress.ip_network("192.168.1.0/28")
print(net, net.netmask, net.broadcast_address, net.num_addresses, list(net.hosts())[:3])
a = ipaddress.ip_address("10.0.0.1"); print(a, a + 5, a.is_private, a.version, int(a), repr(a))
print(ipaddress.ip_address("::1"), ipaddress.IPv6Address("2001:db8::1").exploded, ipaddress.ip_interface("10.1.2.3/24").network)
print(list(ipaddress.ip_network("10.0.0.0/30").subnets(new_prefix=31)), ipaddress.ip_network("10.0.0.0/8").supernet(new_prefix=4))
print(sorted([ipaddress.ip_address("10.0.0.2"), ipaddress.ip_address("10.0.0.1")]), a in ipaddress.ip_network("10.0.0.0/8"))
try: ipaddress.ip_address("300.1.1.1")
except ValueError as e: print(e)
try: ipaddress.ip_network("10.0.0.1/24")
except ValueError as e: print(e)
