# filecmp.dircmp: listings with hide / ignore, common / only / funny,
# same / different files, subdirs, report and the closures.
import filecmp, os, shutil
os.makedirs('dc/L/sub/deep'); os.makedirs('dc/R/sub/deep'); os.makedirs('dc/L/onlyL'); os.makedirs('dc/R/.git')
def w(p, t):
    with open(p, 'w') as f: f.write(t)
w('dc/L/same.txt', 'x'); w('dc/R/same.txt', 'x')
w('dc/L/diff.txt', 'abc'); w('dc/R/diff.txt', 'abd')
w('dc/L/l.txt', ''); w('dc/R/r.txt', '')
w('dc/L/sub/a', '1'); w('dc/R/sub/a', '2'); w('dc/L/sub/deep/z', 'z'); w('dc/R/sub/deep/z', 'z')
w('dc/L/mixed', ''); os.mkdir('dc/R/mixed')
d = filecmp.dircmp('dc/L', 'dc/R')
print(d.left_list, d.right_list, d.common, d.left_only, d.right_only)
print(d.common_dirs, d.common_files, d.common_funny, d.same_files, d.diff_files, d.funny_files)
print(sorted(d.subdirs), type(d.subdirs['sub']).__name__, d.subdirs['sub'].diff_files)
d.report()
print('--')
d.report_partial_closure()
print('--')
filecmp.dircmp('dc/L', 'dc/R', ignore=['l.txt'], hide=[]).report_full_closure()
try: filecmp.dircmp('dc/nope', 'dc/R').common
except FileNotFoundError as e: print(e)
try: d.nothing
except AttributeError as e: print('AttributeError', e)
shutil.rmtree('dc')
