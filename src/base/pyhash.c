/* pyhash.c — CPython's hash functions (see pyhash.h for the contract).
 *
 * Facts used (measured against the interpreters; tests in test_num.c and
 * test_repr.c):
 *   - the 24-byte hash secret: zero for PYTHONHASHSEED=0 (and 2.7 without
 *     -R); for a seed N, byte i is bits 16..23 of x_i where x_0 = N and
 *     x_{i+1} = x_i * 214013 + 2531011 (mod 2**32); SipHash's key is bytes
 *     0-7 and 8-15 (little-endian), FNV's and 2.7's prefix/suffix are the
 *     first two Py_hash_t-sized words;
 *   - bytes/str: empty → 0; 3.x hashes the PEP 393 storage bytes;
 *   - numbers (3.x): value modulo P = 2**61-1 (2**31-1 on 32 bits), with
 *     2**-1 as the inverse of 2, negated for negative values;
 *   - -1 is never a hash: it becomes -2 (tuples and frozensets have their
 *     own replacement constants).
 * Nothing here allocates without bound: big integers are reduced digit by
 * digit from a bounded export buffer.
 */
#include "config.h"
#include "pydbg/pyhash.h"

#include <math.h>     /* classification macros only: base needs no libm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

PyHashCfg pyhash_vm = {64, PYHASH_SIP13, false, true, {0}};

/* ---- configuration -------------------------------------------------------- */

void pyhash_cfg_init(PyHashCfg *c, PyVer ver)
{
    memset(c, 0, sizeof *c);
    c->bits = 64;
    c->str = PYHASH_SIP24;
    if (PYV_MAJOR(ver) < 3) {
        c->str = PYHASH_PY2;
        c->py2 = true;
        return;
    }
    int minor = PYV_MINOR(ver);
    c->tuple_xx = minor >= 8;
    if (minor >= 11)
        c->str = PYHASH_SIP13;
    if (minor >= 14) {       /* the reference 3.14 is the wasm32 pyodide build */
        c->bits = 32;
        c->str = PYHASH_FNV;
    }
}

void pyhash_cfg_seed_u32(PyHashCfg *c, uint32_t seed)
{
    memset(c->secret, 0, sizeof c->secret);
    if (seed == 0)
        return;              /* 0 disables randomisation: zero secret */
    uint32_t x = seed;
    for (size_t i = 0; i < sizeof c->secret; i++) {
        x = x * 214013u + 2531011u;
        c->secret[i] = (unsigned char)(x >> 16);
    }
}

static void random_secret(PyHashCfg *c)
{
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = 0;
    if (f) {
        got = fread(c->secret, 1, sizeof c->secret, f);
        fclose(f);
    }
    if (got != sizeof c->secret) {      /* no urandom: still vary per run */
        uint64_t x = (uint64_t)time(NULL) ^ ((uint64_t)(uintptr_t)c << 16) ^ (uint64_t)clock();
        for (size_t i = 0; i < sizeof c->secret; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            c->secret[i] = (unsigned char)(x >> 56);
        }
    }
}

int pyhash_cfg_seed(PyHashCfg *c, const char *env)
{
    if (!env || !*env || strcmp(env, "random") == 0) {
        if (c->py2)
            memset(c->secret, 0, sizeof c->secret);
        else
            random_secret(c);
        return 0;
    }
    /* CPython accepts decimal digits only, up to 2**32-1 */
    uint64_t v = 0;
    for (const char *p = env; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > 0xFFFFFFFFu)
            return -1;
    }
    pyhash_cfg_seed_u32(c, (uint32_t)v);
    return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static uint64_t wmask(const PyHashCfg *c)
{
    return c->bits == 64 ? ~(uint64_t)0 : 0xFFFFFFFFu;
}

/* Masked to the width; -1 becomes -2. */
static uint64_t fix(const PyHashCfg *c, uint64_t h)
{
    uint64_t m = wmask(c);
    h &= m;
    return h == m ? m - 1 : h;
}

static uint64_t neg(const PyHashCfg *c, uint64_t h)
{
    return (~h + 1) & wmask(c);
}

static uint64_t le_word(const unsigned char *p, size_t n)
{
    uint64_t w = 0;
    for (size_t k = n; k-- > 0;)
        w = (w << 8) | p[k];
    return w;
}

static uint64_t rotl64(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

/* ---- bytes and str ------------------------------------------------------------ */

uint64_t pyhash_siphash(uint64_t k0, uint64_t k1, const void *src, size_t n,
                        int crounds, int drounds)
{
    const unsigned char *p = src;
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
#define SIPROUND                                                             \
    do {                                                                     \
        v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);        \
        v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;                             \
        v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;                             \
        v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);        \
    } while (0)
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t m = le_word(p + i, 8);
        v3 ^= m;
        for (int r = 0; r < crounds; r++)
            SIPROUND;
        v0 ^= m;
    }
    uint64_t last = ((uint64_t)(n & 0xFF) << 56) | le_word(p + i, n - i);
    v3 ^= last;
    for (int r = 0; r < crounds; r++)
        SIPROUND;
    v0 ^= last;
    v2 ^= 0xFF;
    for (int r = 0; r < drounds; r++)
        SIPROUND;
#undef SIPROUND
    return v0 ^ v1 ^ v2 ^ v3;
}

/* CPython's FNV variant: prefix/suffix from the secret, word-sized
 * little-endian blocks, then the rest byte by byte — at least one whole
 * word's worth goes byte by byte when the length is a multiple of it. */
static uint64_t fnv(const PyHashCfg *c, const unsigned char *p, size_t n)
{
    size_t w = (size_t)c->bits / 8;
    uint64_t m = wmask(c);
    size_t rest = n % w ? n % w : w;
    size_t blocks = n >= rest ? (n - rest) / w : 0;
    uint64_t x = le_word(c->secret, w);
    x = (x ^ ((uint64_t)p[0] << 7)) & m;
    size_t i = 0;
    for (size_t b = 0; b < blocks; b++, i += w)
        x = ((1000003 * x) ^ le_word(p + i, w)) & m;
    for (; i < n; i++)
        x = ((1000003 * x) ^ p[i]) & m;
    x ^= (uint64_t)n;
    x ^= le_word(c->secret + w, w);
    return x & m;
}

/* 2.7: x = prefix ^ (u0 << 7); x = x*1000003 ^ u for every unit; ^ len ^ suffix. */
static uint64_t py2_units(const PyHashCfg *c, const void *data, int kind, size_t n)
{
    if (n == 0)
        return 0;
    const unsigned char *b = data;
    uint64_t u0 = kind == 1 ? b[0] : kind == 2 ? ((const uint16_t *)data)[0]
                                               : ((const uint32_t *)data)[0];
    uint64_t x = le_word(c->secret, 8) ^ (u0 << 7);
    for (size_t i = 0; i < n; i++) {
        uint64_t u = kind == 1 ? b[i] : kind == 2 ? ((const uint16_t *)data)[i]
                                                  : ((const uint32_t *)data)[i];
        x = (1000003 * x) ^ u;
    }
    x ^= (uint64_t)n;
    x ^= le_word(c->secret + 8, 8);
    return fix(c, x);
}

uint64_t pyhash_bytes(const PyHashCfg *c, const void *p, size_t n)
{
    if (n == 0)
        return 0;
    uint64_t h;
    switch (c->str) {
    case PYHASH_PY2: return py2_units(c, p, 1, n);
    case PYHASH_FNV: h = fnv(c, p, n); break;
    case PYHASH_SIP13:
        h = pyhash_siphash(le_word(c->secret, 8), le_word(c->secret + 8, 8), p, n, 1, 3);
        break;
    default:
        h = pyhash_siphash(le_word(c->secret, 8), le_word(c->secret + 8, 8), p, n, 2, 4);
        break;
    }
    return fix(c, h);
}

static bool host_little_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

uint64_t pyhash_str(const PyHashCfg *c, const void *data, int kind, size_t n)
{
    if (c->str == PYHASH_PY2)
        return py2_units(c, data, kind, n);
    if (kind == 1 || host_little_endian())
        return pyhash_bytes(c, data, n * (size_t)kind);
    /* Big-endian host: hash the little-endian storage the references have. */
    size_t len = n * (size_t)kind;
    unsigned char *buf = malloc(len ? len : 1);
    if (!buf)
        abort();
    for (size_t i = 0; i < n; i++) {
        uint32_t u = kind == 2 ? ((const uint16_t *)data)[i] : ((const uint32_t *)data)[i];
        for (int k = 0; k < kind; k++)
            buf[i * (size_t)kind + (size_t)k] = (unsigned char)(u >> (8 * k));
    }
    uint64_t h = pyhash_bytes(c, buf, len);
    free(buf);
    return h;
}

/* ---- numbers ------------------------------------------------------------------ */

static int mod_bits(const PyHashCfg *c)
{
    return c->bits == 64 ? 61 : 31;
}

/* x * 2**k mod P (x < P, 0 <= k < B): a rotation within B bits. */
static uint64_t mod_shift(uint64_t x, int k, int B)
{
    uint64_t P = ((uint64_t)1 << B) - 1;
    if (k == 0)
        return x;
    return ((x << k) & P) | (x >> (B - k));
}

uint64_t pyhash_i64(const PyHashCfg *c, int64_t v)
{
    if (c->py2)              /* 2.x int: the value itself */
        return fix(c, (uint64_t)v);
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    a %= ((uint64_t)1 << mod_bits(c)) - 1;
    return fix(c, v < 0 ? neg(c, a) : a);
}

uint64_t pyhash_mpz(const PyHashCfg *c, const mpz_t z)
{
    int sign = mpz_sgn(z);
    if (sign == 0)
        return 0;
    size_t nbits = mpz_sizeinbase(z, 2);
    uint64_t x = 0;
    if (c->py2) {
        /* 2.7 long_hash: 30-bit digits of |z| folded with a 64-bit rotation
         * and end-around carry (congruent to |z| mod 2**64-1). */
        size_t nd = (nbits + 29) / 30, got = 0;
        uint32_t *dig = malloc(nd * sizeof *dig);
        if (!dig)
            abort();
        mpz_export(dig, &got, -1, sizeof *dig, 0, 2, z);   /* exports |z| */
        for (size_t i = got; i-- > 0;) {
            x = rotl64(x, 30) + dig[i];
            if (x < dig[i])
                x++;
        }
        free(dig);
    } else {
        int B = mod_bits(c);
        uint64_t P = ((uint64_t)1 << B) - 1;
        if ((unsigned long)-1 >= P) {
            x = mpz_tdiv_ui(z, (unsigned long)P);        /* |z| mod P */
        } else {
            /* 16-bit digits of |z|: x = x * 2**16 + d (mod P) */
            size_t nd = (nbits + 15) / 16, got = 0;
            uint16_t *dig = malloc(nd * sizeof *dig);
            if (!dig)
                abort();
            mpz_export(dig, &got, -1, sizeof *dig, 0, 0, z);
            for (size_t i = got; i-- > 0;) {
                x = mod_shift(x, 16, B) + dig[i];
                if (x >= P)
                    x -= P;
            }
            free(dig);
        }
    }
    if (sign < 0)
        x = neg(c, x);
    return fix(c, x);
}

/* |x| = m * 2**e with m a 53-bit integer (x finite, non-zero). */
static void split_double(double x, uint64_t *m, int *e)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    int be = (int)((u >> 52) & 0x7FF);
    uint64_t frac = u & (((uint64_t)1 << 52) - 1);
    if (be == 0) {        /* subnormal */
        *m = frac;
        *e = -1074;
    } else {
        *m = frac | ((uint64_t)1 << 52);
        *e = be - 1075;
    }
}

uint64_t pyhash_double(const PyHashCfg *c, double x)
{
    if (isnan(x))
        return 0;
    if (isinf(x)) {
        if (x > 0)
            return 314159;
        return neg(c, c->py2 ? 271828 : 314159);
    }
    if (x == 0)
        return 0;
    uint64_t m;
    int e;
    split_double(x, &m, &e);
    if (c->py2) {
        /* integral values hash as the int/long; others: two 31-bit pieces
         * of the frexp mantissa plus the exponent */
        int integral = e >= 0 || (e > -64 && (m & ((((uint64_t)1) << -e) - 1)) == 0);
        if (integral) {
            double lim = 4611686018427387903.0;   /* LONG_MAX / 2 */
            if (x > lim || -x > lim) {
                mpz_t z;
                mpz_init(z);
                mpz_set_d(z, x);
                uint64_t h = pyhash_mpz(c, z);
                mpz_clear(z);
                return h;
            }
            return fix(c, (uint64_t)(int64_t)x);
        }
        /* frexp: |x| = f * 2**expo with f in [0.5, 1) */
        int nbits = 0;
        for (uint64_t t = m; t; t >>= 1)
            nbits++;
        int expo = e + nbits;
        double v = x < 0 ? -(double)m : (double)m;      /* f * 2**31, scaled exactly */
        for (int k = nbits; k > 31; k--)
            v /= 2;
        for (int k = nbits; k < 31; k++)
            v *= 2;
        int64_t hipart = (int64_t)v;
        v = (v - (double)hipart) * 2147483648.0;
        uint64_t h = (uint64_t)hipart + (uint64_t)(int64_t)v + ((uint64_t)(int64_t)expo << 15);
        return fix(c, h);
    }
    int B = mod_bits(c);
    uint64_t P = ((uint64_t)1 << B) - 1;
    uint64_t h = mod_shift(m % P, ((e % B) + B) % B, B);
    if (x < 0)
        h = neg(c, h);
    return fix(c, h);
}

uint64_t pyhash_complex(const PyHashCfg *c, double re, double im)
{
    uint64_t h = pyhash_double(c, re) + 1000003 * pyhash_double(c, im);
    return fix(c, h);
}

/* ---- containers ------------------------------------------------------------------ */

uint64_t pyhash_tuple(const PyHashCfg *c, const uint64_t *hs, size_t n)
{
    uint64_t m = wmask(c);
    if (c->tuple_xx) {
        /* 3.8+: one xxHash lane per item */
        uint64_t P1, P2, P5;
        int rot, W = c->bits;
        if (W == 64) {
            P1 = 11400714785074694791ULL;
            P2 = 14029467366897019727ULL;
            P5 = 2870177450012600261ULL;
            rot = 31;
        } else {
            P1 = 2654435761U;
            P2 = 2246822519U;
            P5 = 374761393U;
            rot = 13;
        }
        uint64_t acc = P5;
        for (size_t i = 0; i < n; i++) {
            acc = (acc + hs[i] * P2) & m;
            acc = ((acc << rot) | (acc >> (W - rot))) & m;
            acc = (acc * P1) & m;
        }
        acc = (acc + ((uint64_t)n ^ (P5 ^ 3527539UL))) & m;
        return acc == m ? 1546275796 : acc;
    }
    /* 2.7-3.7: the multiplier grows with the items left */
    uint64_t x = 0x345678, mult = 1000003;
    for (size_t i = 0; i < n; i++) {
        size_t left = n - 1 - i;
        x = (x ^ hs[i]) * mult;
        mult += 82520 + 2 * (uint64_t)left;
    }
    return fix(c, x + 97531);
}

uint64_t pyhash_frozenset(const PyHashCfg *c, const uint64_t *hs, size_t n)
{
    uint64_t m = wmask(c), h;
    if (c->py2) {
        h = 1927868237ULL * ((uint64_t)n + 1);
        for (size_t i = 0; i < n; i++)
            h ^= (hs[i] ^ (hs[i] << 16) ^ 89869747ULL) * 3644798167ULL;
        h = h * 69069 + 907133923ULL;
    } else {
        h = 0;
        for (size_t i = 0; i < n; i++)
            h ^= (((hs[i] ^ 89869747ULL) ^ (hs[i] << 16)) * 3644798167ULL) & m;
        h ^= (((uint64_t)n + 1) * 1927868237ULL) & m;
        h &= m;
        h ^= (h >> 11) ^ (h >> 25);
        h = (h * 69069U + 907133923ULL) & m;
    }
    h &= m;
    return h == m ? 590923713 : h;
}

uint64_t pyhash_pointer(const PyHashCfg *c, uint64_t addr)
{
    int W = c->bits;
    uint64_t m = wmask(c);
    addr &= m;
    return fix(c, ((addr >> 4) | (addr << (W - 4))) & m);
}
