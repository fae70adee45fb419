# glob.glob (recursive / include_hidden combinations, root_dir) and
# Path.glob / Path.rglob on random relative patterns (fixed seed) over a
# small tree with hidden names and a symlink; results sorted.
import glob, os, random
from pathlib import Path
random.seed(7)
os.makedirs('gr/a/b/c'); os.makedirs('gr/.h/x'); os.makedirs('gr/d')
for f in ['gr/1.py', 'gr/a/2.py', 'gr/a/b/3.txt', 'gr/a/b/c/4.py', 'gr/.h/5.py', 'gr/.h/x/6.txt', 'gr/d/.7.py', 'gr/d/8']:
    open(f, 'w').close()
os.symlink('a', 'gr/lnk')
parts = ['*', '**', '*.py', '?', 'a', 'b', '.*', '[ab]', 'x', '*.txt', '']
for i in range(120):
    pat = '/'.join(random.choice(parts) for _ in range(random.randint(1, 3)))
    if random.random() < 0.2: pat += '/'
    if pat.startswith('/'): continue   # absolute: would walk the whole disk
    res = []
    for rec in (False, True):
        for hid in (False, True):
            try: res.append(sorted(glob.glob(pat, root_dir='gr', recursive=rec, include_hidden=hid)))
            except Exception as e: res.append(type(e).__name__)
    try: res.append(sorted(str(p) for p in Path('gr').glob(pat)))
    except Exception as e: res.append(type(e).__name__ + str(e))
    try: res.append(sorted(str(p) for p in Path('gr').rglob(pat)))
    except Exception as e: res.append(type(e).__name__ + str(e))
    print(repr(pat), res)
import shutil; shutil.rmtree('gr')
