# fileinput with inplace=True: output replaces each file (permissions kept),
# sys.stdout restored, the backup removed or kept (backup='.orig'),
# FileInput as a context manager, the openhook error.
import fileinput, os, sys
os.mkdir('ip')
for n, t in [('ip/a.txt', 'one\ntwo\n'), ('ip/b.txt', 'three\n')]:
    with open(n, 'w') as f: f.write(t)
os.chmod('ip/a.txt', 0o640)
for line in fileinput.input(['ip/a.txt', 'ip/b.txt'], inplace=True):
    print(fileinput.filelineno(), line.upper(), end='')
print('back on stdout', sys.stdout is sys.__stdout__)
print(open('ip/a.txt').read(), open('ip/b.txt').read(), sorted(os.listdir('ip')), oct(os.stat('ip/a.txt').st_mode & 0o777))
with fileinput.input('ip/a.txt', inplace=True, backup='.orig') as f:
    for line in f:
        sys.stdout.write(line.replace('ONE', 'uno'))
print(open('ip/a.txt').read(), open('ip/a.txt.orig').read(), sorted(os.listdir('ip')))
with fileinput.FileInput(files=['ip/b.txt'], inplace=True) as f:
    for line in f:
        if f.isfirstline(): print('header')
        print(line, end='')
print(open('ip/b.txt').read(), end='')
try: fileinput.input(['ip/b.txt'], inplace=True, openhook=open)
except ValueError as e: print('ValueError', e)
for n in os.listdir('ip'): os.remove(os.path.join('ip', n))
os.rmdir('ip')
