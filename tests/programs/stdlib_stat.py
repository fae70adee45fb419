# stat: S_IS* tests, S_IMODE / S_IFMT, filemode for every file type and the
# set-id / sticky bits, the constants, a real directory mode.
import stat, os
print(stat.filemode(0o100644), stat.filemode(0o40755), stat.filemode(0o120777), stat.filemode(0o4755|0o100000), stat.filemode(0o1777|0o40000), stat.filemode(0), stat.filemode(0o2644 | stat.S_IFREG))
print(stat.S_ISDIR(0o40755), stat.S_ISREG(0o40755), stat.S_IMODE(0o104755), stat.S_IFMT(0o104755), stat.ST_MTIME, stat.S_IRWXU)
print(stat.S_ISDIR, stat.filemode)
os.mkdir('d')
m = os.stat('d').st_mode
print(stat.S_ISDIR(m), stat.filemode(m)[0], os.stat('d')[stat.ST_MODE] == m)
os.rmdir('d')
try: stat.S_ISDIR('x')
except TypeError as e: print(e)
