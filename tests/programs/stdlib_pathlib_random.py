# pathlib's pure operations on random paths (fixed seed): str, parts, name,
# stem, suffix(es), parent(s), match, relative_to (walk_up), with_suffix,
# with_name, ordering — the corner cases ('..a', 'd.', '//', empty parts).
import random
from pathlib import PurePath, PurePosixPath, Path
random.seed(5)
comps = ['a', 'b', '..', '.', '', 'c.txt', '.hidden', 'x.tar.gz', 'd.', '...', '/', '//', 'e f']
out = []
for i in range(150):
    s = ''.join(random.choice(comps) + random.choice(['/', '', '//']) for _ in range(random.randint(0, 4)))
    p = PurePath(s)
    r = [repr(s), str(p), p.parts, p.name, p.stem, p.suffix, p.suffixes, str(p.parent), [str(x) for x in p.parents], p.is_absolute(), p.anchor, p.root]
    for pat in ['*', '*.txt', 'a/*', '/a/*', '**', 'b', '*/*']:
        try: r.append(p.match(pat))
        except ValueError as e: r.append(str(e))
    for other in ['a', '/', '', '/a', 'a/b']:
        try: r.append(str(p.relative_to(other)))
        except ValueError as e: r.append(str(e))
        try: r.append(str(p.relative_to(other, walk_up=True)))
        except ValueError as e: r.append(str(e))
    for suf in ['.py', '', '.tar.gz']:
        try: r.append(str(p.with_suffix(suf)))
        except ValueError as e: r.append(str(e))
    try: r.append(str(p.with_name('n')))
    except ValueError as e: r.append(str(e))
    r.append(p < PurePath('m'))
    out.append(r)
for r in out: print(r)
