# shutil in a directory of its own: copyfile/copy/copy2 (mode and times),
# copytree (ignore_patterns, dirs_exist_ok, copy_function), copyfileobj,
# move (into a directory, renaming, the errors), rmtree (onerror, onexc,
# ignore_errors, a symlink), which, disk_usage, get_terminal_size, and the
# exact error messages.
import shutil, os
os.makedirs('sw/src/sub/deep')
os.chdir('sw')
for p, t in [('src/a.txt', 'alpha'), ('src/b.py', 'print(1)\n'), ('src/sub/c.txt', 'gamma'), ('src/sub/deep/d.log', 'log')]:
    with open(p, 'w') as f: f.write(t)
os.chmod('src/b.py', 0o755)
os.utime('src/a.txt', (1000000000, 1200000000))
print(shutil.copyfile('src/a.txt', 'a_copy.txt'), open('a_copy.txt').read())
print(shutil.copy('src/b.py', 'b_copy.py'), oct(os.stat('b_copy.py').st_mode & 0o777))
os.mkdir('dest')
print(shutil.copy('src/a.txt', 'dest'), shutil.copy2('src/a.txt', 'dest/a2.txt'), os.stat('dest/a2.txt').st_mtime, os.stat('dest/a.txt').st_mtime != 1200000000)
print(shutil.copytree('src', 'tree'))
print(sorted(os.path.relpath(os.path.join(r, f), 'tree') for r, d, fs in os.walk('tree') for f in fs))
print(os.stat('tree/a.txt').st_mtime, oct(os.stat('tree/b.py').st_mode & 0o777))
print(shutil.copytree('src', 'tree2', ignore=shutil.ignore_patterns('*.log', 'b*')))
print(sorted(os.path.relpath(os.path.join(r, f), 'tree2') for r, d, fs in os.walk('tree2') for f in fs))
print(sorted(shutil.ignore_patterns('*.py', 'x*')('.', ['a.py', 'xy', 'b.txt'])))
shutil.copytree('src', 'tree2', dirs_exist_ok=True)
print(sorted(os.listdir('tree2')))
seen = []
def cf(s, d):
    seen.append((s, d))
    return shutil.copy2(s, d)
shutil.copytree('src/sub', 'tree3', copy_function=cf)
print(sorted(seen))
import io
src, dst = io.StringIO('x' * 10), io.StringIO()
shutil.copyfileobj(src, dst, 3); print(dst.getvalue())
print(shutil.move('a_copy.txt', 'dest'), shutil.move('dest/a_copy.txt', 'moved.txt'), shutil.move('tree3', 'dest'), sorted(os.listdir('dest')))
print(shutil.move('tree2', 'tree2_renamed'))
for fn, a in [(shutil.rmtree, ('nope',)), (shutil.rmtree, ('moved.txt',)), (shutil.copyfile, ('nope', 'x')), (shutil.copyfile, ('moved.txt', 'dest')), (shutil.copyfile, ('moved.txt', 'moved.txt')), (shutil.copytree, ('src', 'tree')), (shutil.copytree, ('nope', 'zz')), (shutil.move, ('nope', 'q')), (shutil.move, ('tree', 'tree/sub')), (shutil.copyfile, ('dest', 'q')), (shutil.copyfile, ('moved.txt', 'nodir/x')), (shutil.copystat, ('moved.txt', 'nope')), (shutil.copy, ('nope', 'dest'))]:
    try: print(fn.__name__, repr(fn(*a)))
    except Exception as e: print(fn.__name__, type(e).__name__, e)
shutil.move('moved.txt', 'dest')
try: shutil.move('src/a.txt', 'dest/a.txt/x')
except OSError as e: print(type(e).__name__, e)
try: shutil.move('dest/a.txt', 'dest')
except shutil.Error as e: print('Error', e)
print(shutil.get_terminal_size(), shutil.get_terminal_size((100, 50)), shutil.which('sh') is not None, shutil.which('no_such_cmd_zz'), shutil.which('sh', path=''))
u = shutil.disk_usage('.'); print(type(u).__name__, u._fields, u.total >= u.free)
print(issubclass(shutil.SameFileError, shutil.Error), issubclass(shutil.Error, OSError), shutil.Error.__module__)
os.symlink('src', 'ld')
try: shutil.rmtree('ld')
except OSError as e: print(type(e).__name__, e)
shutil.rmtree('ld', onerror=lambda *a: print('onerror', a[0].__name__, a[1], a[2][0].__name__))
shutil.rmtree('nope', onexc=lambda *a: print('onexc', a[0].__name__, a[1], type(a[2]).__name__))
shutil.rmtree('dest/moved.txt', onexc=lambda *a: print('onexc', a[0].__name__, a[1], type(a[2]).__name__))
shutil.rmtree('nope', ignore_errors=True)
os.unlink('ld')
for d in ['src', 'tree', 'tree2_renamed', 'dest']:
    shutil.rmtree(d)
print(sorted(os.listdir('.')))
os.chdir('..')
shutil.rmtree('sw')
print(os.path.exists('sw'))
