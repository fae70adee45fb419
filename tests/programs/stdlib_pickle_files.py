# min-version: 3.12
# pickle: several dumps into one real file (protocols 4, 0, a framed 20000-item list, a Pickler at protocol 2) and loads back with exact file positions, EOFError at the end, a text-mode file, loads of bytearray and memoryview
import pickle, os
fn = 'stdlib_pickle_files.pkl'
with open(fn, 'wb') as f:
    pickle.dump({'a': [1, 2]}, f)
    pickle.dump('second', f, protocol=0)
    pickle.dump(list(range(20000)), f)
    p = pickle.Pickler(f, 2)
    p.dump((1, 2))
print(os.path.getsize(fn))
with open(fn, 'rb') as f:
    print(pickle.load(f))
    print(f.tell())
    print(pickle.load(f), f.tell())
    print(len(pickle.load(f)), f.tell())
    u = pickle.Unpickler(f)
    print(u.load(), f.tell())
    try:
        u.load()
    except EOFError as e:
        print('EOFError', e)
with open(fn, 'r') as f:
    try:
        pickle.load(f)
    except (TypeError, UnicodeDecodeError) as e:
        print(type(e).__name__, e)
with open(fn, 'rb') as f:
    data = f.read()
print(pickle.loads(data), len(data))
print(pickle.loads(bytearray(data)), pickle.loads(memoryview(data)))
os.remove(fn)
