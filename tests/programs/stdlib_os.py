# min-version: 3.12
# os and os.path basics: path algebra, files and directories, errors, environ.
import os, os.path
import posixpath
from os.path import join
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__+':', e)
print(os.path is posixpath, os.path.__name__, os.sep, os.linesep, os.name, os.curdir, os.pardir, os.pathsep, os.extsep)
for a in [('a','b'), ('a/','b'), ('/a','/b','c'), ('',), ('','a'), ('a',''), ('a','','b')]:
    print(a, join(*a))
for p in ['', '/', 'a', 'a/', '/a/b', 'a/b/', '//a', '///a//b/', 'a/b.txt', '.bashrc', 'a/.b.c', 'x..', 'a.b/c', '..', '.', 'a/..b']:
    print(repr(p), os.path.split(p), os.path.dirname(p), os.path.basename(p), os.path.splitext(p), os.path.normpath(p), os.path.isabs(p))
for p in ['a/./b/../c', '/../a', '../../a/b/..', '//x/./y', './', 'a//b///c/']:
    print(p, os.path.normpath(p))
t(lambda: join('a', 1))
t(lambda: join(1))
t(lambda: os.path.basename(3))
t(lambda: os.listdir('/nonexistent'))
t(lambda: os.remove('/nonexistent/x'))
t(lambda: os.mkdir('/'))
t(lambda: os.rename('/nonexistent/a', '/nonexistent/b'))
t(lambda: os.path.relpath(''))
print(os.path.relpath('/a/b/c', '/a/d'), os.path.relpath('/a', '/a'), os.path.relpath('/a/b', '/'))
os.makedirs('sub/dir/x', exist_ok=True)
t(lambda: os.makedirs('sub/dir/x'))
with open('sub/f.txt', 'w') as f: f.write('hi')
print(sorted(os.listdir('sub')), os.path.exists('sub/f.txt'), os.path.isfile('sub/f.txt'), os.path.isdir('sub'), os.path.isfile('sub'), os.path.getsize('sub/f.txt'))
os.rename('sub/f.txt', 'sub/g.txt')
print(sorted(os.listdir('sub')))
os.remove('sub/g.txt')
os.rmdir('sub/dir/x'); os.rmdir('sub/dir'); os.rmdir('sub')
print(os.path.exists('sub'), os.path.exists(42))
print(os.path.abspath('x') == os.path.join(os.getcwd(), 'x'), os.path.abspath('/a/../b'))
print(os.getenv('NOPE_NOT_SET'), os.getenv('NOPE_NOT_SET', 'dflt'), 'PATH' in os.environ, isinstance(os.environ, dict) or True)
os.environ['PYDBG_T'] = 'v'
print(os.getenv('PYDBG_T'), os.environ['PYDBG_T'], os.environ.get('PYDBG_T'))
t(lambda: os.environ['NOPE_NOT_SET'])
print(os.path.expanduser('x/~'), os.path.commonprefix(['/usr/lib', '/usr/local']), os.path.commonprefix([]))
print(os.path.splitdrive('/a/b'))
