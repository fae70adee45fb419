/* mod_errno.c — the `errno` module of CPython 3.12 on Linux, natively.
 *
 * Each symbol is the platform's own <errno.h> macro (the 133 names CPython
 * 3.12 exports on Linux, all of which glibc and musl define), added in the
 * order CPython's errnomodule.c adds them: `errorcode` maps each code to the last name added for
 * it (EAGAIN over EWOULDBLOCK, EDEADLOCK over EDEADLK, ENOTSUP over
 * EOPNOTSUPP) while keeping the position where the code first appeared, so
 * the dict prints and iterates as CPython's.
 */
#include "config.h"

#include <errno.h>

#include "src/native/modhelp.h"

/* CPython's order of the names (errnomodule.c), one X-macro each. */
#define ERRNO_NAMES \
    E(ENODEV) E(ENOCSI) E(EHOSTUNREACH) E(ENOMSG) E(EUCLEAN) E(EL2NSYNC) E(EL2HLT) E(ENODATA) \
    E(ENOTBLK) E(ENOSYS) E(EPIPE) E(EINVAL) E(EOVERFLOW) E(EADV) E(EINTR) E(EUSERS) E(ENOTEMPTY) \
    E(ENOBUFS) E(EPROTO) E(EREMOTE) E(ENAVAIL) E(ECHILD) E(ELOOP) E(EXDEV) E(E2BIG) E(ESRCH) \
    E(EMSGSIZE) E(EAFNOSUPPORT) E(EBADR) E(EHOSTDOWN) E(EPFNOSUPPORT) E(ENOPROTOOPT) E(EBUSY) \
    E(EWOULDBLOCK) E(EBADFD) E(EDOTDOT) E(EISCONN) E(ENOANO) E(ESHUTDOWN) E(ECHRNG) E(ELIBBAD) \
    E(ENONET) E(EBADE) E(EBADF) E(EMULTIHOP) E(EIO) E(EUNATCH) E(EPROTOTYPE) E(ENOSPC) E(ENOEXEC) \
    E(EALREADY) E(ENETDOWN) E(ENOTNAM) E(EACCES) E(ELNRNG) E(EILSEQ) E(ENOTDIR) E(ENOTUNIQ) E(EPERM) \
    E(EDOM) E(EXFULL) E(ECONNREFUSED) E(EISDIR) E(EPROTONOSUPPORT) E(EROFS) E(EADDRNOTAVAIL) \
    E(EIDRM) E(ECOMM) E(ESRMNT) E(EREMOTEIO) E(EL3RST) E(EBADMSG) E(ENFILE) E(ELIBMAX) E(ESPIPE) \
    E(ENOLINK) E(ENETRESET) E(ETIMEDOUT) E(ENOENT) E(EEXIST) E(EDQUOT) E(ENOSTR) E(EBADSLT) \
    E(EBADRQC) E(ELIBACC) E(EFAULT) E(EFBIG) E(EDEADLK) E(ENOTCONN) E(EDESTADDRREQ) E(ELIBSCN) \
    E(ENOLCK) E(EISNAM) E(ECONNABORTED) E(ENETUNREACH) E(ESTALE) E(ENOSR) E(ENOMEM) E(ENOTSOCK) \
    E(ESTRPIPE) E(EMLINK) E(ERANGE) E(ELIBEXEC) E(EL3HLT) E(ECONNRESET) E(EADDRINUSE) E(EOPNOTSUPP) \
    E(EREMCHG) E(EAGAIN) E(ENAMETOOLONG) E(ENOTTY) E(ERESTART) E(ESOCKTNOSUPPORT) E(ETIME) E(EBFONT) \
    E(EDEADLOCK) E(ETOOMANYREFS) E(EMFILE) E(ETXTBSY) E(EINPROGRESS) E(ENXIO) E(ENOPKG) E(ENOMEDIUM) \
    E(EMEDIUMTYPE) E(ECANCELED) E(ENOKEY) E(EKEYEXPIRED) E(EKEYREVOKED) E(EKEYREJECTED) \
    E(EOWNERDEAD) E(ENOTRECOVERABLE) E(ERFKILL) E(ENOTSUP)

static int add_code(Obj *m, Obj *codes, const char *name, int value)
{
    Obj *v = int_from_i64(value);
    Obj *n = v ? str_from_cstr(name) : NULL;
    int r = n && dict_set(codes, v, n) == 0 ? mh_add_obj(m, name, v) : -1;
    XDECREF(v);
    XDECREF(n);
    return r;
}

/* No functions; a non-NULL table marks the module built-in, as CPython's is. */
static const MethodDef errno_functions[] = {{NULL, NULL, 0, NULL}};

static Obj *errno_init(void)
{
    Obj *m = mh_module("errno", errno_functions);
    Obj *codes = m ? dict_new() : NULL;
    if (!codes || mh_add_obj(m, "errorcode", codes) < 0) goto fail;
#define E(name) \
    if (add_code(m, codes, #name, name) < 0) goto fail;
    ERRNO_NAMES
#undef E
    if (mh_add_str(m, "__doc__",
                   "This module makes available standard errno system symbols.\n\n"
                   "The value of each symbol is the corresponding integer value,\n"
                   "e.g., on most systems, errno.ENOENT equals the integer 2.\n\n"
                   "The dictionary errno.errorcode maps numeric codes to symbol names,\n"
                   "e.g., errno.errorcode[2] could be the string 'ENOENT'.\n\n"
                   "Symbols that are not relevant to the underlying system are not defined.\n\n"
                   "To map error codes to error messages, use the function os.strerror(),\n"
                   "e.g. os.strerror(2) could return 'No such file or directory'.") < 0)
        goto fail;
    DECREF(codes);
    return m;
fail:
    XDECREF(codes);
    XDECREF(m);
    return NULL;
}

void native_errno_register(void) { import_register_native("errno", errno_init); }
