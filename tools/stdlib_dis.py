# stdlib_dis.py - reference `dis` output for every .pyc of an interpreter's
# standard library (run by tools/stdlib_diff.sh, under the Python X.Y whose
# library is compared; runs unchanged on 2.7 and 3.x).
#
#   pythonX.Y tools/stdlib_dis.py [--compile] [--show-caches] [--show-offsets] OUTDIR
#
# Walks the library directory (the one holding os.py, site-packages
# included): on 3.x every .pyc under a __pycache__ directory whose magic
# number is this interpreter's, on 2.7 every .pyc next to its .py.  For each
# it loads the code object with marshal (header skipped) and writes what
# dis.dis(code) prints to OUTDIR/NNNNN.dis, with every ` at 0x...` address
# replaced by ` at 0xADDR`.  OUTDIR/manifest.tsv lists `NNNNN<TAB>PYC`.
#
# --compile is for an interpreter without stdlib pycs (3.14 under Pyodide,
# whose library is a zip of sources): every .py of the library is compiled
# and written to OUTDIR/NNNNN.pyc (header with zero mtime/size), and the
# reference is the disassembly of the code object as marshal loads it back
# (a marshal round trip can change the element order of a frozenset).
#
# Run it with PYTHONHASHSEED=0 so frozenset constants print in a fixed order.
# --show-caches (3.11+) and --show-offsets (3.13+) pass the same-named
# options to dis.dis.
import dis
import io
import marshal
import os
import re
import sys

PY2 = sys.version_info[0] == 2
ADDR = re.compile(r' at 0x[0-9a-f]+')


def magic():
    if PY2:
        import imp
        return imp.get_magic()
    import importlib.util
    return importlib.util.MAGIC_NUMBER


def header_size():
    v = sys.version_info[:2]
    if v < (3, 3):
        return 8
    if v < (3, 7):
        return 12
    return 16


def pyc_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        in_cache = os.path.basename(dirpath) == '__pycache__'
        if not PY2 and not in_cache:
            continue
        for name in sorted(filenames):
            if name.endswith('.pyc'):
                yield os.path.join(dirpath, name)


def sources(root):
    """(path, bytes) of every .py of the library: a directory, or the zip
    file that holds it (Pyodide)."""
    zpath = root
    while zpath and not os.path.exists(zpath):
        zpath = os.path.dirname(zpath)
    if os.path.isfile(zpath):
        import zipfile
        z = zipfile.ZipFile(zpath)
        for name in sorted(z.namelist()):
            if name.endswith('.py'):
                yield os.path.join(zpath, name), z.read(name)
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith('.py'):
                path = os.path.join(dirpath, name)
                with open(path, 'rb') as f:
                    yield path, f.read()


def dis_text(code, options):
    if PY2:
        import StringIO
        buf = StringIO.StringIO()
        saved = sys.stdout
        sys.stdout = buf
        try:
            dis.dis(code)
        finally:
            sys.stdout = saved
        return buf.getvalue()
    buf = io.StringIO()
    dis.dis(code, file=buf, **options)
    return buf.getvalue()


def write_text(path, text):
    text = ADDR.sub(' at 0xADDR', text)
    if PY2:
        with open(path, 'wb') as f:
            f.write(text)
    else:
        with open(path, 'w', encoding='utf-8', errors='surrogatepass',
                  newline='') as f:
            f.write(text)


def main():
    args = sys.argv[1:]
    options = {}
    for flag in ('--show-caches', '--show-offsets'):
        if flag in args:
            args.remove(flag)
            options[flag[2:].replace('-', '_')] = True
    compile_mode = '--compile' in args
    if compile_mode:
        args.remove('--compile')
    outdir = args[0]
    root = os.path.dirname(os.__file__)
    want = magic()
    hsize = header_size()
    manifest = []
    n = 0

    if compile_mode:
        for path, src in sources(root):
            try:
                code = compile(src, path, 'exec', 0, True)
            except (SyntaxError, ValueError) as e:   # e.g. lib2to3 test data
                sys.stderr.write('skipped %s: %s\n' % (path, e))
                continue
            data = marshal.dumps(code)
            n += 1
            name = '%05d' % n
            pyc = os.path.join(outdir, name + '.pyc')
            with open(pyc, 'wb') as f:
                f.write(want + b'\0' * (hsize - len(want)) + data)
            write_text(os.path.join(outdir, name + '.dis'),
                       dis_text(marshal.loads(data), options))
            manifest.append('%s\t%s\n' % (name, pyc))
    else:
        for path in pyc_files(root):
            with open(path, 'rb') as f:
                data = f.read()
            if data[:4] != want:
                continue
            try:
                code = marshal.loads(data[hsize:])
                text = dis_text(code, options)
            except Exception as e:   # a pyc this interpreter cannot load
                sys.stderr.write('skipped %s: %s\n' % (path, e))
                continue
            n += 1
            name = '%05d' % n
            write_text(os.path.join(outdir, name + '.dis'), text)
            manifest.append('%s\t%s\n' % (name, path))
    with open(os.path.join(outdir, 'manifest.tsv'), 'w') as f:
        f.writelines(manifest)


if __name__ == '__main__':
    main()
