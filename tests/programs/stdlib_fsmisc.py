# filecmp (cmp shallow and deep, cmpfiles, the cache), fileinput (input over
# several files with filename/lineno/filelineno/isfirstline, binary mode,
# FileInput, readline, nextfile, the RuntimeErrors, a missing file) and
# linecache (getline, getlines, cache, checkcache after a change,
# clearcache), in a directory of their own.
import filecmp, fileinput, linecache, os, sys
os.mkdir('fx')
os.chdir('fx')
for name, text in [('a.txt', 'one\ntwo\n'), ('b.txt', 'one\ntwo\n'), ('c.txt', 'one\nTWO\n'), ('d.txt', 'x'), ('e.txt', ''), ('f.txt', 'last line no newline')]:
    with open(name, 'w') as f:
        f.write(text)
os.utime('a.txt', (1000, 1000)); os.utime('b.txt', (2000, 2000)); os.utime('c.txt', (1000, 1000))
print(filecmp.cmp('a.txt', 'b.txt'), filecmp.cmp('a.txt', 'c.txt'), filecmp.cmp('a.txt', 'c.txt', shallow=False), filecmp.cmp('a.txt', 'd.txt'), filecmp.cmp('a.txt', 'a.txt'))
os.mkdir('sub')
print(filecmp.cmp('a.txt', 'sub'), filecmp.cmpfiles('.', '.', ['a.txt', 'nope.txt', 'sub']))
os.mkdir('other')
for n in ['a.txt', 'c.txt']:
    with open(os.path.join('other', n), 'w') as f: f.write('one\ntwo\n')
print(filecmp.cmpfiles('.', 'other', ['a.txt', 'c.txt', 'd.txt'], shallow=False))
try: filecmp.cmp('nope', 'a.txt')
except FileNotFoundError as e: print(e)
filecmp.clear_cache(); print(filecmp.DEFAULT_IGNORES, filecmp.BUFSIZE)
for line in fileinput.input(['a.txt', 'e.txt', 'c.txt', 'f.txt']):
    print(fileinput.filename(), fileinput.lineno(), fileinput.filelineno(), fileinput.isfirstline(), fileinput.isstdin(), repr(line))
fileinput.close()
with fileinput.input(files=('a.txt', 'b.txt'), mode='rb') as f:
    print([l for l in f], f.lineno())
with fileinput.FileInput('c.txt') as f:
    print(f.filename(), f.lineno(), f.readline(), f.filename(), f.readline(), repr(f.readline()))
fi = fileinput.input(['a.txt', 'c.txt'])
print(next(fi), fi.filename()); fi.nextfile(); print(next(fi), fileinput.filename())
try: fileinput.input(['a.txt'])
except RuntimeError as e: print('RuntimeError', e)
fileinput.close()
try: fileinput.lineno()
except RuntimeError as e: print('RuntimeError', e)
try:
    for l in fileinput.input(['a.txt', 'missing.txt']): print(repr(l))
except FileNotFoundError as e: print(e)
fileinput.close()
try: fileinput.input('a.txt', mode='w')
except ValueError as e: print('ValueError', e)
print(repr(linecache.getline('a.txt', 2)), repr(linecache.getline('a.txt', 3)), repr(linecache.getline('f.txt', 1)), repr(linecache.getline('nope.txt', 1)))
print(linecache.getlines('c.txt'), 'c.txt' in linecache.cache, linecache.cache['c.txt'][:2] == (os.stat('c.txt').st_size, os.stat('c.txt').st_mtime))
with open('c.txt', 'w') as f: f.write('changed\n')
os.utime('c.txt', (5000, 5000))
print(linecache.getline('c.txt', 1)); linecache.checkcache('c.txt'); print(linecache.getline('c.txt', 1), end='')
linecache.clearcache(); print(linecache.cache)
print(repr(linecache.getline('', 1)), repr(linecache.getline('<string>', 1)))
for root, dirs, files in os.walk('.', topdown=False):
    for n in files: os.remove(os.path.join(root, n))
    for n in dirs: os.rmdir(os.path.join(root, n))
os.chdir('..'); os.rmdir('fx')
