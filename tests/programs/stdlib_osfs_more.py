# More of os and os.path for files: commonpath, expandvars, normcase,
# splitroot, ismount, samestat, os.PathLike (subclass hook), fsencode /
# fsdecode, umask, strerror, truncate / ftruncate, lseek, fsync, dup, pipe,
# mkfifo.
import os, pathlib
print(os.path.commonpath(['/usr/lib', '/usr/local/lib', '/usr/lib/x']), os.path.commonpath(['a/b/c', 'a/b', 'a/./b/d']), repr(os.path.commonpath(['a', 'b'])), os.path.commonpath(['/a']))
for bad in [[], ['/a', 'b']]:
    try: os.path.commonpath(bad)
    except ValueError as e: print('ValueError', e)
os.environ['FOO'] = 'bar'
print(os.path.expandvars('$FOO/x/${FOO}y/$NOPE/${NOPE}/$/$$FOO/${x'), os.path.expandvars('plain'))
print(os.path.normcase('A/B'), os.path.splitroot('//a/b'), os.path.splitroot('/a'), os.path.splitroot('a'), os.path.splitroot('///a'))
print(os.path.ismount('/'), os.path.ismount('/nonexistent'), os.path.isjunction('.'), os.path.supports_unicode_filenames)
print(os.path.samestat(os.stat('.'), os.stat(os.getcwd())))
print(isinstance(pathlib.Path('a'), os.PathLike), isinstance('a', os.PathLike), issubclass(pathlib.PurePath, os.PathLike))
class P:
    def __fspath__(self): return 'p'
print(isinstance(P(), os.PathLike), os.fspath(P()), os.fsencode('a/é'), os.fsdecode(b'a/\xc3\xa9'), os.fsencode(P()))
old = os.umask(0o022); print(os.umask(old) == 0o022)
print(os.strerror(2), type(os.getuid()).__name__, os.cpu_count() > 0, len(os.urandom(8)), os.isatty(99) if False else '')
with open('t.bin', 'wb') as f: f.write(b'0123456789')
os.truncate('t.bin', 4); print(open('t.bin', 'rb').read())
fd = os.open('t.bin', os.O_RDWR); os.ftruncate(fd, 2); print(os.lseek(fd, 0, os.SEEK_END)); os.fsync(fd); fd2 = os.dup(fd); os.close(fd); print(os.read(fd2, 5) if os.lseek(fd2, 0, 0) == 0 else None); os.close(fd2)
r, w = os.pipe(); os.write(w, b'hi'); os.close(w); print(os.read(r, 10)); os.close(r)
os.mkfifo('ff'); import stat; print(stat.S_ISFIFO(os.stat('ff').st_mode), pathlib.Path('ff').is_fifo()); os.remove('ff'); os.remove('t.bin')
try: os.truncate('nope', 1)
except FileNotFoundError as e: print(e)
