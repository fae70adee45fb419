# Bad arguments to the file-system modules (os, os.path, stat, pathlib,
# shutil, glob, tempfile, fileinput, linecache, filecmp): the exception
# each raises, never a crash; os.scandir on a directory descriptor.
import os, pathlib, shutil, glob, tempfile, fileinput, linecache, filecmp, stat
from pathlib import Path
calls = [
 lambda: os.stat(None), lambda: os.scandir(99), lambda: Path(None), lambda: shutil.copy(1.5, 2.5), lambda: glob.glob(5),
 lambda: tempfile.mkstemp(suffix=5), lambda: fileinput.input(['x'], mode='w'), lambda: linecache.getline(5, 1), lambda: filecmp.cmp(1.5, 2.5),
 lambda: Path('a').with_suffix(5), lambda: Path('a').relative_to(5), lambda: Path('a').joinpath(5), lambda: Path('a').match(5),
 lambda: list(Path('a').glob(5)), lambda: os.utime('x', 5), lambda: os.chmod('x', 'a'), lambda: os.access('x', 'r'),
 lambda: os.read(-1, 5), lambda: os.write(-1, b'x'), lambda: os.close(-1), lambda: os.fstat(-1), lambda: stat.filemode(-1),
 lambda: os.path.commonpath([1, 2]), lambda: os.path.expandvars(5), lambda: shutil.rmtree(5), lambda: shutil.move(None, 'x'),
 lambda: shutil.which(5), lambda: os.terminal_size(5), lambda: Path('a').parents['x'], lambda: Path('/').parents[0],
 lambda: Path('a').with_name(None), lambda: Path('a') < 5, lambda: os.DirEntry(), lambda: os.stat_result((1,)*10),
 lambda: tempfile.TemporaryDirectory(dir='/nonexistent'), lambda: Path('a').write_text(), lambda: Path('a').mkdir(parents=5, exist_ok=None),
 lambda: os.readlink(5), lambda: os.symlink(1, 2), lambda: shutil.copytree('nope', 'x', ignore=5), lambda: os.path.samefile('a', 5),
 lambda: os.get_terminal_size('x'), lambda: os.path.realpath(5), lambda: os.lseek(0, 'a', 0), lambda: os.urandom(-1),
]
for i, c in enumerate(calls):
    try:
        r = c()
        print(i, 'ok', type(r).__name__)
    except Exception as e:
        print(i, type(e).__name__)
import os
os.mkdir("sd"); open("sd/x","w").close()
fd = os.open("sd", os.O_RDONLY)
print([(e.name, e.path, e.is_file()) for e in os.scandir(fd)])
os.close(fd); os.remove("sd/x"); os.rmdir("sd")
