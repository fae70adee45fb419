# pathlib's pure side: construction and normalisation, str/repr, parts, name,
# stem, suffix(es), parent(s), with_name/with_stem/with_suffix, joinpath and
# '/', relative_to (walk_up too), match, comparisons and hashing, and the
# ValueError / TypeError messages.
from pathlib import Path, PurePath, PurePosixPath, PosixPath
p = PurePath('a//b/./c.tar.gz')
print(p, repr(p), type(p).__name__, p.parts, p.name, p.stem, p.suffix, p.suffixes, p.parent, list(p.parents))
print(repr(Path('/usr/lib/x.py')), Path(), Path('.'), Path(''), Path('//a/b'), Path('///a'), Path('/a', 'b', '/c', 'd'))
q = Path('/usr') / 'lib' / 'python3'
print(q, q.parts, q.anchor, q.root, q.drive, q.is_absolute(), Path('a').is_absolute())
print('x' / Path('y'), Path('a').joinpath('b', 'c'), Path('a', Path('b')))
print(p.with_name('d.txt'), p.with_suffix('.zip'), p.with_stem('zz'), Path('a.txt').with_suffix(''))
print(Path('/a/b/c').relative_to('/a'), Path('/a/b/c').relative_to(Path('/a/b/c')), Path('a/b').relative_to(''))
print(Path('/a/b').relative_to('/a/c', walk_up=True))
for args in [('/x',), ('b',)]:
    try:
        print(Path('/a/b').relative_to(*args))
    except ValueError as e:
        print('ValueError', e)
try: Path('/a/b').relative_to('c', walk_up=True)
except ValueError as e: print('ValueError', e)
try: Path('/a/b').relative_to('/a/..', walk_up=True)
except ValueError as e: print('ValueError', e)
print(Path('/a/b').is_relative_to('/a'), Path('/a/b').is_relative_to('/c'))
for bad in [lambda: Path('/').with_name('x'), lambda: p.with_name(''), lambda: p.with_name('a/b'), lambda: p.with_suffix('txt'), lambda: p.with_suffix('.'), lambda: p.with_suffix('a/b'), lambda: Path(5), lambda: Path('') .with_suffix('.x'), lambda: Path('a') / 5]:
    try:
        print(bad())
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(Path('a') == Path('a'), Path('a') == PurePath('a'), Path('a') == 'a', Path('a') < Path('b'), sorted([Path('b'), Path('a/c'), Path('a')]))
print(hash(Path('a/b')) == hash(PurePosixPath('a/b')), {Path('a'): 1}[Path('a')])
print(Path('a/b.py').match('*.py'), Path('/a/b/c.py').match('b/*.py'), Path('/a/b/c.py').match('/*.py'), Path('a/b.py').match('/a/*.py'), Path('A.PY').match('*.py', case_sensitive=False))
print(p.as_posix(), str(p), bytes(p), Path('/a b').as_uri())
print(repr(p.parents), len(p.parents), p.parents[0], p.parents[-1], p.parents[1:], Path('/a/b').parents[1])
try: p.parents[5]
except IndexError as e: print('IndexError', e)
print(isinstance(Path('a'), PurePath), isinstance(Path('a'), PosixPath), PosixPath.__mro__)
print(Path('~').expanduser() == Path.home(), Path.cwd() == Path('.').absolute(), Path('.').resolve() == Path.cwd())
print(Path('a.').suffix, Path('.bashrc').suffix, Path('.bashrc').stem, Path('a..b').suffixes, Path('..').name)
import os
print(os.fspath(Path('x/y')), os.path.join(Path('a'), 'b'))
for a, b in [("/", None), ("a", None), ("a", 5), ("", "x")]:
    try: print(Path(a).with_name(b))
    except Exception as e: print(type(e).__name__, e)
