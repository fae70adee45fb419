# tempfile: gettempdir / tempdir, mkstemp and mkdtemp (suffix, prefix, dir,
# modes), NamedTemporaryFile (text and binary, delete, delete on close and
# exit, iteration), TemporaryFile, TemporaryDirectory (context manager,
# cleanup, removal when collected), mktemp.  Names are random: only
# their shape is printed.
import tempfile, os
print(tempfile.tempdir, tempfile.gettempdir() == '/tmp', tempfile.tempdir == tempfile.gettempdir(), tempfile.gettempprefix(), tempfile.template)
with tempfile.TemporaryDirectory() as d:
    print(type(d).__name__, os.path.isdir(d), os.path.isabs(d), os.path.basename(d).startswith('tmp'), len(os.path.basename(d)))
    fd, p = tempfile.mkstemp(suffix='.txt', prefix='pre_', dir=d)
    print(type(fd).__name__, os.path.dirname(p) == d, os.path.basename(p).startswith('pre_'), p.endswith('.txt'), oct(os.stat(p).st_mode & 0o777))
    os.write(fd, b'data'); os.close(fd)
    print(open(p).read())
    sub = tempfile.mkdtemp(dir=d, suffix='_x')
    print(os.path.isdir(sub), sub.endswith('_x'), oct(os.stat(sub).st_mode & 0o777), len(os.listdir(d)))
    with tempfile.NamedTemporaryFile('w+', dir=d, suffix='.log') as f:
        print(type(f).__name__, f.name.endswith('.log'), os.path.exists(f.name), f.mode)
        f.write('hello\nworld\n'); f.flush(); f.seek(0)
        print(f.read().split(), [l for l in open(f.name)])
        f.seek(0); print(list(f))
        name = f.name
    print(os.path.exists(name))
    f = tempfile.NamedTemporaryFile(dir=d, delete=False)
    f.write(b'keep'); f.close()
    print(os.path.exists(f.name), open(f.name, 'rb').read(), type(f.file).__name__)
    os.unlink(f.name)
    f = tempfile.NamedTemporaryFile(dir=d)
    n = f.name; f.close(); print(os.path.exists(n))
    with tempfile.TemporaryFile() as t:
        t.write(b'abc'); t.seek(0); print(t.read(), type(t).__name__, type(t.name).__name__, t.mode)
    with tempfile.TemporaryFile('w+') as t:
        t.write('text'); t.seek(0); print(t.read(), type(t).__name__)
    print(sorted(os.path.basename(x).startswith('pre_') for x in os.listdir(d)))
print(os.path.exists(d))
td = tempfile.TemporaryDirectory(prefix='zz')
print(repr(td).startswith("<TemporaryDirectory '/tmp/zz"), os.path.isdir(td.name))
td.cleanup(); print(os.path.exists(td.name)); td.cleanup()
td = tempfile.TemporaryDirectory(); n = td.name; del td; print(os.path.exists(n))
m = tempfile.mktemp(); print(os.path.exists(m), m.startswith('/tmp/tmp'))
try: tempfile.mkstemp(dir='/nonexistent_dir_zz')
except FileNotFoundError as e: print(type(e).__name__, e.errno)
print(tempfile.gettempdirb(), tempfile.gettempprefixb())
