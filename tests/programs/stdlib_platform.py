# platform: the Python version functions and the system ones that do not
# depend on the machine's name or kernel build.
import platform
import sys

print(platform.python_version(), platform.python_version_tuple(), platform.python_implementation())
print(platform.system(), platform.machine() in ('x86_64', 'aarch64'), platform.architecture()[1])
print(type(platform.release()).__name__, type(platform.node()).__name__, type(platform.version()).__name__)
u = platform.uname()
print(type(u).__name__, u.system, u[0], len(u), u.machine == platform.machine(), u._fields)
print(platform.platform().startswith('Linux-' + platform.release() + '-' + platform.machine() + '-with-glibc'))
print(platform.libc_ver()[0], isinstance(platform.python_compiler(), str), len(platform.python_build()))
print(repr(platform.python_branch()), repr(platform.python_revision()), platform.mac_ver(), platform.win32_ver())
print(platform.python_version() == '%d.%d.%d' % sys.version_info[:3])
