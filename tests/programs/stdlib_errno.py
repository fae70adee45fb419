# min-version: 3.12
# errno: the Linux constants, errorcode (its order and aliases), use with OSError.
import errno
import os

print(errno.ENOENT, errno.EACCES, errno.EEXIST, errno.EINVAL, errno.EAGAIN, errno.EWOULDBLOCK)
print(errno.errorcode[2], errno.errorcode[errno.EAGAIN], errno.errorcode[errno.EDEADLK],
      errno.errorcode[errno.EOPNOTSUPP])
print(len(errno.errorcode))
print(list(errno.errorcode.items()))
names = [n for n in dir(errno) if n.startswith("E")]
print(len(names), names)
print(sorted((getattr(errno, n), n) for n in names)[:10])
print(errno.__doc__.splitlines()[0])
try:
    open("/nonexistent/dir/file")
except OSError as e:
    print(e.errno == errno.ENOENT, errno.errorcode[e.errno])
try:
    os.mkdir("/")
except FileExistsError as e:
    print(e.errno == errno.EEXIST, errno.errorcode[e.errno])
e = OSError(errno.EACCES, "denied")
print(type(e).__name__, e.errno, e.strerror)
print(type(OSError(errno.ENOENT, "x")).__name__, type(OSError(errno.EPIPE, "x")).__name__,
      type(OSError(errno.ECHILD, "x")).__name__, type(OSError(errno.ETIMEDOUT, "x")).__name__)
print(hasattr(errno, "ENOTSUP"), errno.ENOTSUP == errno.EOPNOTSUPP)
try:
    errno.EFOO
except AttributeError as e:
    print("AttributeError:", e)
