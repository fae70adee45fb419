/* osint.h — what mod_os.c shares with the other file-system modules
 * (osfs.c: os.stat, os.scandir …; mod_pathlib.c, mod_shutil.c …): the
 * path-argument converter and the errno → OSError-subclass raiser, both
 * with CPython 3.12's wording.
 */
#ifndef PYDBG_NATIVE_OSINT_H
#define PYDBG_NATIVE_OSINT_H

#include "pydbg/vm.h"

/* os.fspath(o) for str; TypeError "FNAME: ARGNAME should be string, bytes
 * or os.PathLike, not int" (argname NULL: the os.fspath wording). */
Obj *os_fspath_arg(Obj *o, const char *fname, const char *argname);
/* Raise OSError(err, strerror(err), filename[, None, filename2]) — the
 * constructor picks FileNotFoundError …; always returns NULL. */
Obj *os_raise_errno(int err, Obj *filename);
Obj *os_raise_errno2(int err, Obj *filename, Obj *filename2);

/* osfs.c: the file-system functions added to os and os.path. */
int osfs_add_os(Obj *module);
int osfs_add_path(Obj *module);

#endif
