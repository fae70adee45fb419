# glob: glob / iglob with '*', '?', '[...]', hidden names, recursive '**'
# (with and without a trailing '/'), root_dir, include_hidden, literal
# patterns, escape and has_magic.  Results are sorted: their order is the
# file system's.
import glob, os
os.makedirs('gw/a/b/c')
os.makedirs('gw/.hid')
for p in ['gw/x.py', 'gw/y.txt', 'gw/.h.py', 'gw/a/one.py', 'gw/a/b/two.py', 'gw/a/b/c/three.txt', 'gw/.hid/in.py', 'gw/[br].txt']:
    open(p, 'w').close()
print(sorted(glob.glob('gw/*.py')), sorted(glob.glob('gw/*')), sorted(glob.glob('gw/.*')))
print(sorted(glob.glob('gw/**/*.py')), sorted(glob.glob('gw/**/*.py', recursive=True)))
print(sorted(glob.glob('gw/**', recursive=True)), sorted(glob.glob('gw/**/', recursive=True)))
print(sorted(glob.glob('**/*.txt', recursive=True)), sorted(glob.glob('gw/*/')), sorted(glob.glob('gw/a/*/*')))
print(sorted(glob.glob('*.py', root_dir='gw')), sorted(glob.glob('**', root_dir='gw', recursive=True)))
print(sorted(glob.glob('gw/**/*.py', recursive=True, include_hidden=True)), sorted(glob.glob('gw/*', include_hidden=True)))
print(glob.glob('gw/x.py'), glob.glob('gw/nope.py'), glob.glob('gw/a/'), glob.glob('gw/x.py/'), glob.glob(''), glob.glob('nope/*'))
print(glob.glob(glob.escape('gw/[br].txt')), glob.glob('gw/[br].txt'), glob.escape('a*b?c[d].txt'), glob.has_magic('a*'), glob.has_magic('abc'))
print(sorted(glob.iglob('gw/?.py')), sorted(glob.glob('gw/[xy].*')), sorted(glob.glob('gw/[!x]*')))
print(type(glob.iglob('*')).__name__ in ('generator', 'list_iterator'))
print(sorted(glob.glob(os.path.join('gw', 'a', '**'), recursive=True)))
for root, dirs, files in os.walk('gw', topdown=False):
    for f in files:
        os.remove(os.path.join(root, f))
    for d in dirs:
        os.rmdir(os.path.join(root, d))
os.rmdir('gw')
print(os.path.exists('gw'))
