/* pyhash.h — CPython's hash() functions, for every version pydbg reads.
 *
 * One PyHashCfg describes how a given interpreter hashes: the width of
 * Py_hash_t (64, or 32 for the wasm32 3.14 reference build), the bytes/str
 * algorithm (SipHash-2-4 for 3.4-3.10, SipHash-1-3 for 3.11+, FNV on the
 * wasm build, the multiply-xor scheme of 2.7), the number/tuple/frozenset
 * schemes, and the 24-byte hash secret that PYTHONHASHSEED controls.
 *
 * Every hash is returned as an unsigned value of `bits` bits (the two's
 * complement pattern of CPython's Py_hash_t); like CPython, no function
 * ever returns the pattern of -1 (it becomes -2).  pyhash_signed() gives
 * the Py_hash_t value.  The repr module uses zero-secret configurations to
 * replay set order; the VM hashes with `pyhash_vm`.
 */
#ifndef PYDBG_PYHASH_H
#define PYDBG_PYHASH_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pydbg/pyc.h"

typedef enum PyHashStr {
    PYHASH_SIP24,      /* 3.4-3.10 */
    PYHASH_SIP13,      /* 3.11+ */
    PYHASH_FNV,        /* builds without SipHash (the wasm32 3.14 one) */
    PYHASH_PY2         /* 2.7: multiply-xor over bytes / code points */
} PyHashStr;

typedef struct PyHashCfg {
    int bits;                   /* 64 or 32 */
    PyHashStr str;
    bool py2;                   /* 2.x ints, longs, floats, tuples, frozensets */
    bool tuple_xx;              /* 3.8+: xxHash-based tuple hash */
    unsigned char secret[24];   /* _Py_HashSecret: SipHash k0,k1 / FNV and 2.7 prefix,suffix */
} PyHashCfg;

/* The configuration of version ver with a zero secret (what PYTHONHASHSEED=0
 * gives, and 2.7's default). */
void pyhash_cfg_init(PyHashCfg *c, PyVer ver);

/* Set the secret as CPython does for PYTHONHASHSEED=env: NULL, "" or
 * "random" → random bytes from the OS on 3.x (2.7: zero, randomisation is
 * off by default); "0" → zero; N in [1, 4294967295] → bytes from the
 * linear congruential generator CPython seeds with N.  Returns 0, or -1
 * when env is not "random" or such a number (CPython's fatal error:
 * PYTHONHASHSEED must be "random" or an integer in range [0; 4294967295]). */
int pyhash_cfg_seed(PyHashCfg *c, const char *env);
void pyhash_cfg_seed_u32(PyHashCfg *c, uint32_t seed);

/* The VM's configuration (3.12, zero secret until vm_init seeds it). */
extern PyHashCfg pyhash_vm;

/* Py_hash_t value of an unsigned hash of c->bits bits. */
static inline int64_t pyhash_signed(const PyHashCfg *c, uint64_t h)
{
    if (c->bits == 32)
        return (int64_t)(int32_t)(uint32_t)h;
    return (int64_t)h;
}

/* Raw SipHash-c-d of n bytes with key (k0, k1) (no -1 fix-up). */
uint64_t pyhash_siphash(uint64_t k0, uint64_t k1, const void *p, size_t n,
                        int crounds, int drounds);

/* hash(bytes): the configured algorithm; empty → 0. */
uint64_t pyhash_bytes(const PyHashCfg *c, const void *p, size_t n);
/* hash(str) of n code points stored kind (1, 2, 4) bytes each as PEP 393
 * stores them (3.x hashes that storage, little-endian; 2.7 hashes the
 * code points). */
uint64_t pyhash_str(const PyHashCfg *c, const void *data, int kind, size_t n);

/* Numbers: 3.x reduce modulo 2**61-1 (2**31-1 on 32 bits) so that equal
 * int, float and complex values hash equally; 2.7 has its own schemes. */
uint64_t pyhash_i64(const PyHashCfg *c, int64_t v);
/* Any integer (2.7: `long`'s scheme, which agrees with `int`'s in range). */
uint64_t pyhash_mpz(const PyHashCfg *c, const mpz_t z);
/* hash(float).  NaN gives 0, as before 3.10; 3.10+ hash a NaN by identity
 * (pyhash_pointer of the object), which the caller must do. */
uint64_t pyhash_double(const PyHashCfg *c, double x);
uint64_t pyhash_complex(const PyHashCfg *c, double re, double im);

/* Containers, from the hashes of the items (iteration order for frozenset,
 * although the result does not depend on it). */
uint64_t pyhash_tuple(const PyHashCfg *c, const uint64_t *hs, size_t n);
uint64_t pyhash_frozenset(const PyHashCfg *c, const uint64_t *hs, size_t n);

/* Default object hash: the address rotated right by 4 bits. */
uint64_t pyhash_pointer(const PyHashCfg *c, uint64_t addr);

#endif
