/* cryptolib.h — OpenSSL's libcrypto and libb2, opened on first use.
 *
 * hashlib (and through it hmac) and uuid.uuid3/uuid5 are their only users, and
 * they are large once mapped: libcrypto alone is ~1.4 MB resident, libb2
 * pulls in libgomp.  Linking them would charge every run — also the ones that
 * never hash anything — with that footprint, so they are opened with dlopen
 * when hashlib is first imported and their functions are called through the
 * table below.  The prototypes come from the libraries' own headers
 * (__typeof__), so a mismatch is a compile error, not a crash.
 */
#ifndef PYDBG_NATIVE_CRYPTOLIB_H
#define PYDBG_NATIVE_CRYPTOLIB_H

#include <blake2.h>
#include <openssl/err.h>
#include <openssl/evp.h>

/* X(library, function): every function hashlib (and uuid's uuid3/uuid5) calls. */
#define CRYPTOLIB_FUNCTIONS(X)                                                       \
    X(crypto, ERR_clear_error) X(crypto, ERR_lib_error_string)                       \
    X(crypto, ERR_peek_last_error) X(crypto, ERR_reason_error_string)                \
    X(crypto, EVP_DigestFinalXOF) X(crypto, EVP_DigestFinal_ex)                      \
    X(crypto, EVP_DigestInit_ex) X(crypto, EVP_DigestUpdate)                         \
    X(crypto, EVP_MD_CTX_copy_ex) X(crypto, EVP_MD_CTX_free)                         \
    X(crypto, EVP_MD_CTX_get0_md) X(crypto, EVP_MD_CTX_new) X(crypto, EVP_MD_fetch)  \
    X(crypto, EVP_MD_free) X(crypto, EVP_MD_get0_name) X(crypto, EVP_MD_get_block_size) \
    X(crypto, EVP_MD_get_flags) X(crypto, EVP_MD_get_size) X(crypto, EVP_MD_get_type) \
    X(crypto, EVP_PBE_scrypt) X(crypto, PKCS5_PBKDF2_HMAC)                           \
    X(crypto, EVP_Digest) X(crypto, EVP_md5) X(crypto, EVP_sha1)                     \
    X(b2, blake2b_init_param) X(b2, blake2b_update) X(b2, blake2b_final)             \
    X(b2, blake2s_init_param) X(b2, blake2s_update) X(b2, blake2s_final)

typedef struct {
#define CRYPTOLIB_FIELD(lib, fn) __typeof__(&fn) fn;
    CRYPTOLIB_FUNCTIONS(CRYPTOLIB_FIELD)
#undef CRYPTOLIB_FIELD
} CryptoLib;

/* Filled by cryptolib_load; only valid after it returned 0. */
extern CryptoLib cryptolib;

/* Opens both libraries and resolves every function (once; later calls are
 * free).  0 on success; -1 with ImportError set naming the library and what
 * the dynamic loader said. */
int cryptolib_load(void);

#endif
