/* cryptolib.c — opens libcrypto and libb2 on hashlib's first import and
 * resolves the functions hashlib calls (why: cryptolib.h). */
#include "config.h"

#include <dlfcn.h>
#include <stdbool.h>

#include "pydbg/vm.h"
#include "src/native/cryptolib.h"

CryptoLib cryptolib;

/* Sonames found by configure from the libraries it checked. */
static const char *const lib_sonames[] = {CRYPTO_SONAME, B2_SONAME};
enum { LIB_crypto, LIB_b2, NLIBS };

static void *lib_open(int which)
{
    void *h = dlopen(lib_sonames[which], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        vm_err_format(&exc_ImportError, "pydbg: hashlib needs %s, which cannot be loaded: %s",
                      lib_sonames[which], why ? why : "unknown error");
    }
    return h;
}

int cryptolib_load(void)
{
    static bool loaded;
    /* Handles stay open for the life of the process: the digest objects
     * hold pointers into libcrypto. */
    static void *handles[NLIBS];
    if (loaded) return 0;
    for (int i = 0; i < NLIBS; i++)
        if (!handles[i] && !(handles[i] = lib_open(i))) return -1;
#define CRYPTOLIB_RESOLVE(lib, fn)                                                             \
    if (!(*(void **)&cryptolib.fn = dlsym(handles[LIB_##lib], #fn))) {                        \
        vm_err_format(&exc_ImportError, "pydbg: %s has no function %s", lib_sonames[LIB_##lib], \
                      #fn);                                                                   \
        return -1;                                                                            \
    }
    CRYPTOLIB_FUNCTIONS(CRYPTOLIB_RESOLVE)
#undef CRYPTOLIB_RESOLVE
    loaded = true;
    return 0;
}
