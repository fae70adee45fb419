/* osint.h — what mod_os.c shares with the other file-system modules
 * (osfs.c: os.stat, os.scandir …; mod_pathlib.c, mod_shutil.c …): the
 * path-argument converter and the errno → OSError-subclass raiser, both
 * with CPython 3.12's wording.
 */
#ifndef PYDBG_NATIVE_OSINT_H
#define PYDBG_NATIVE_OSINT_H

#include <string.h>

#include "pydbg/vm.h"

/* os.fspath(o) for str; TypeError "FNAME: ARGNAME should be string, bytes
 * or os.PathLike, not int" (argname NULL: the os.fspath wording). */
Obj *os_fspath_arg(Obj *o, const char *fname, const char *argname);
/* Raise OSError(err, strerror(err), filename[, None, filename2]) — the
 * constructor picks FileNotFoundError …; always returns NULL. */
Obj *os_raise_errno(int err, Obj *filename);
Obj *os_raise_errno2(int err, Obj *filename, Obj *filename2);

/* MODULE.FN(*args) (kwnames as obj_call): the file-system modules reuse
 * os, os.path, fnmatch … through their Python-level functions. */
static inline Obj *fs_call(const char *module, const char *fn, Obj *const *args, Ssize nargs,
                           Obj *kwnames)
{
    Obj *name = str_from_cstr(module);
    Obj *m = name ? import_name(name, NULL, NULL, 0) : NULL;
    XDECREF(name);
    /* import_name of "os.path" gives the package; walk to the leaf */
    const char *dot = strchr(module, '.');
    if (m && dot) {
        Obj *sub = obj_getattr_str(m, dot + 1);
        DECREF(m);
        m = sub;
    }
    Obj *f = m ? obj_getattr_str(m, fn) : NULL;
    XDECREF(m);
    Obj *r = f ? obj_call(f, args, nargs, kwnames) : NULL;
    XDECREF(f);
    return r;
}

/* osfs.c: the file-system functions added to os and os.path. */
int osfs_add_os(Obj *module);
int osfs_add_path(Obj *module);

#endif
