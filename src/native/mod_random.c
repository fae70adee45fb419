/* mod_random.c — the `random` module (and `_random`) of CPython 3.12.
 *
 * The generator is MT19937 seeded exactly as CPython seeds it: an int seed
 * is taken by absolute value and split into 32-bit words, least significant
 * first, for init_by_array; a float (or other hashable) by its hash as an
 * unsigned word; a str/bytes/bytearray (version 2) as the big-endian int of
 * its bytes followed by their SHA-512 digest; version 1 with CPython's old
 * string hash; None from /dev/urandom.  random() is (a*2**26+b)/2**53 from
 * two words, getrandbits fills 32-bit words least significant first.  Every
 * method of random.py is written with random.py's arithmetic and call
 * order (randrange/randint/choice/shuffle/sample through _randbelow =
 * getrandbits(n.bit_length()) with rejection; choices with floor(random()*n)
 * or bisect over cumulative weights; the set-based or pool-based sample as
 * setsize decides; gauss with its cached second value; binomialvariate's
 * BG and BTRS methods), so seeded programs print the same numbers.
 * Subclasses are honoured: overridden random()/getrandbits()/_randbelow are
 * called, and __init_subclass__ picks _randbelow as random.py does.
 *
 * SHA-512 (FIPS 180-4) is implemented here, its round constants derived at
 * start-up from their definition (fractional parts of cube and square roots
 * of the first primes, computed exactly with GMP), rather than adding a
 * crypto library dependency for one hash.
 *
 * Types: _random.Random (the generator) <- random.Random (the methods of
 * random.py, instances with a __dict__) <- random.SystemRandom (os entropy,
 * no state).
 */
#include "config.h"

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "src/native/modhelp.h"
#include "src/native/tbframes_gen.h"

/* ---- SHA-512 ------------------------------------------------------------------------------ */

static uint64_t sha_k[80], sha_h0[8];

static void sha512_constants(void)
{
    if (sha_k[0]) return;
    int primes[80], np = 0;
    for (int n = 2; np < 80; n++) {
        bool prime = true;
        for (int i = 0; i < np && primes[i] * primes[i] <= n; i++)
            if (n % primes[i] == 0) prime = false;
        if (prime) primes[np++] = n;
    }
    mpz_t z, r, mask;
    mpz_inits(z, r, mask, NULL);
    mpz_set_ui(mask, 1);
    mpz_mul_2exp(mask, mask, 64);
    mpz_sub_ui(mask, mask, 1);
    for (int i = 0; i < 80; i++) {
        /* floor(frac(cbrt(p)) * 2**64) = floor(cbrt(p * 2**192)) mod 2**64 */
        mpz_set_ui(z, (unsigned long)primes[i]);
        mpz_mul_2exp(z, z, 192);
        mpz_root(r, z, 3);
        mpz_and(r, r, mask);
        sha_k[i] = (uint64_t)mpz_get_ui(r);
    }
    for (int i = 0; i < 8; i++) {
        mpz_set_ui(z, (unsigned long)primes[i]);
        mpz_mul_2exp(z, z, 128);
        mpz_sqrt(r, z);
        mpz_and(r, r, mask);
        sha_h0[i] = (uint64_t)mpz_get_ui(r);
    }
    mpz_clears(z, r, mask, NULL);
}

static uint64_t rotr(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

static void sha512_block(uint64_t h[8], const unsigned char *p)
{
    uint64_t w[80];
    for (int t = 0; t < 16; t++) {
        uint64_t v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | p[8 * t + i];
        w[t] = v;
    }
    for (int t = 16; t < 80; t++) {
        uint64_t s0 = rotr(w[t - 15], 1) ^ rotr(w[t - 15], 8) ^ (w[t - 15] >> 7);
        uint64_t s1 = rotr(w[t - 2], 19) ^ rotr(w[t - 2], 61) ^ (w[t - 2] >> 6);
        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    uint64_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int t = 0; t < 80; t++) {
        uint64_t t1 = hh + (rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41)) + ((e & f) ^ (~e & g)) + sha_k[t] + w[t];
        uint64_t t2 = (rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha512(const unsigned char *msg, size_t len, unsigned char out[64])
{
    sha512_constants();
    uint64_t h[8];
    memcpy(h, sha_h0, sizeof h);
    size_t full = len / 128;
    for (size_t i = 0; i < full; i++) sha512_block(h, msg + 128 * i);
    unsigned char tail[256];
    size_t rest = len - 128 * full;
    memset(tail, 0, sizeof tail);
    memcpy(tail, msg + 128 * full, rest);
    tail[rest] = 0x80;
    size_t tl = rest + 1 + 16 <= 128 ? 128 : 256;
    uint64_t bits = (uint64_t)len * 8;   /* lengths below 2**61 bytes */
    for (int i = 0; i < 8; i++) tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
    tail[tl - 9] = (unsigned char)((uint64_t)len >> 61);
    for (size_t i = 0; i < tl; i += 128) sha512_block(h, tail + i);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) out[8 * i + j] = (unsigned char)(h[i] >> (56 - 8 * j));
}

/* ---- MT19937 ------------------------------------------------------------------------------ */

#define MT_N 624
#define MT_M 397

typedef struct RandomObj {
    Obj base;
    Obj *dict;           /* random.Random instances have a __dict__ */
    Obj *gauss_next;     /* random.Random: the cached second normal value, NULL = None */
    int index;
    uint32_t state[MT_N];
} RandomObj;

static void init_genrand(RandomObj *r, uint32_t s)
{
    uint32_t *mt = r->state;
    mt[0] = s;
    for (int i = 1; i < MT_N; i++) mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
    r->index = MT_N;
}

static void init_by_array(RandomObj *r, const uint32_t *key, size_t klen)
{
    uint32_t *mt = r->state;
    init_genrand(r, 19650218u);
    size_t i = 1, j = 0;
    for (size_t k = MT_N > klen ? MT_N : klen; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
        if (j >= klen) j = 0;
    }
    for (size_t k = MT_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000u;
    r->index = MT_N;
}

static uint32_t genrand_uint32(RandomObj *r)
{
    static const uint32_t mag01[2] = {0x0u, 0x9908b0dfu};
    uint32_t *mt = r->state, y;
    if (r->index >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
            mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1u];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
            mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1u];
        }
        y = (mt[MT_N - 1] & 0x80000000u) | (mt[0] & 0x7fffffffu);
        mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1u];
        r->index = 0;
    }
    y = mt[r->index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

static double genrand_res53(RandomObj *r)
{
    uint32_t a = genrand_uint32(r) >> 5, b = genrand_uint32(r) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* k random bits as an int, 32-bit words least significant first */
static Obj *getrandbits_obj(RandomObj *r, int64_t k)
{
    if (k <= 32) return int_from_u64(k ? genrand_uint32(r) >> (32 - k) : 0);
    size_t words = (size_t)((k - 1) / 32 + 1);
    uint32_t *w = xmalloc(words * sizeof(uint32_t));
    for (size_t i = 0; i < words; i++, k -= 32) {
        uint32_t v = genrand_uint32(r);
        if (k < 32) v >>= 32 - k;
        w[i] = v;
    }
    mpz_t z;
    mpz_init(z);
    mpz_import(z, words, -1, sizeof(uint32_t), 0, 0, w);
    free(w);
    Obj *o = int_from_mpz(z);
    mpz_clear(z);
    return o;
}

/* Seed from a non-negative mpz (the words of its absolute value). */
static void seed_mpz(RandomObj *r, mpz_t n)
{
    size_t count = 0;
    size_t bits = mpz_sgn(n) ? mpz_sizeinbase(n, 2) : 0;
    size_t words = bits ? (bits - 1) / 32 + 1 : 1;
    uint32_t *key = xcalloc(words, sizeof(uint32_t));
    if (bits) mpz_export(key, &count, -1, sizeof(uint32_t), 0, 0, n);
    init_by_array(r, key, words);
    free(key);
}

static int seed_urandom(RandomObj *r)
{
    uint32_t key[MT_N];
    int fd = open("/dev/urandom", O_RDONLY);
    size_t got = 0;
    if (fd >= 0) {
        while (got < sizeof key) {
            ssize_t n = read(fd, (char *)key + got, sizeof key - got);
            if (n <= 0) break;
            got += (size_t)n;
        }
        close(fd);
    }
    if (got < sizeof key) {
        /* no entropy source: time and pid, as CPython's fallback */
        struct timeval tv;
        gettimeofday(&tv, NULL);
        uint32_t k2[4] = {(uint32_t)tv.tv_sec, (uint32_t)tv.tv_usec, (uint32_t)getpid(), 0};
        init_by_array(r, k2, 4);
        return 0;
    }
    init_by_array(r, key, MT_N);
    return 0;
}

/* _random.Random.seed(n): the C-level part */
static int c_seed(RandomObj *r, Obj *arg)
{
    if (!arg || arg == NONE) return seed_urandom(r);
    mpz_t n;
    mpz_init(n);
    if (INT_CHECK(arg)) {
        int_to_mpz(arg, n);
        mpz_abs(n, n);
    } else {
        Hash h = obj_hash(arg);
        if (h == -1) {
            mpz_clear(n);
            return -1;
        }
        mpz_set_ui(n, (unsigned long)(size_t)h);
    }
    seed_mpz(r, n);
    mpz_clear(n);
    return 0;
}

/* ---- _random.Random ------------------------------------------------------------------------ */

static TypeObj c_random_type, random_type, sysrandom_type;

static Obj *r_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    RandomObj *r = (RandomObj *)obj_alloc(t, 0);
    if (r) init_genrand(r, 19650218u);
    return (Obj *)r;
}

static void r_dealloc(Obj *o)
{
    RandomObj *r = (RandomObj *)o;
    XDECREF(r->dict);
    XDECREF(r->gauss_next);
    obj_free(o);
}

static int r_traverse(Obj *o, VisitFn visit, void *arg)
{
    RandomObj *r = (RandomObj *)o;
    int rc = 0;
    if (r->dict && (rc = visit(r->dict, arg))) return rc;
    if (r->gauss_next && (rc = visit(r->gauss_next, arg))) return rc;
    return 0;
}

static int r_clear(Obj *o)
{
    RandomObj *r = (RandomObj *)o;
    CLEAR(r->dict);
    CLEAR(r->gauss_next);
    return 0;
}

/* _random.Random.__init__(seed=None) */
static int c_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("Random", kw) < 0) return -1;
    if (nargs > 1) {
        vm_err_set_str(&exc_TypeError, "Random() requires 0 or 1 argument");
        return -1;
    }
    return c_seed((RandomObj *)self, nargs ? args[0] : NULL);
}

static Obj *c_random_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return float_from_double(genrand_res53((RandomObj *)self));
}

static Obj *c_getrandbits_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int64_t k;
    Obj *i = num_index(a[0]);
    if (!i) return NULL;
    if (int_as_i64(i, &k) < 0) {
        DECREF(i);
        vm_err_clear();
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C int");
        return NULL;
    }
    DECREF(i);
    if (k < 0) {
        vm_err_set_str(&exc_ValueError, "number of bits must be non-negative");
        return NULL;
    }
    if (k > INT32_MAX) {
        vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C int");
        return NULL;
    }
    return getrandbits_obj((RandomObj *)self, k);
}

static Obj *c_seed_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_pos_args("Random.seed", "seed", n, kw, 0, 1) < 0) return NULL;
    if (c_seed((RandomObj *)self, n ? a[0] : NULL) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *c_getstate_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    RandomObj *r = (RandomObj *)self;
    Obj *t = tuple_new(MT_N + 1);
    if (!t) return NULL;
    for (int i = 0; i < MT_N; i++) TUPLE_ITEMS(t)[i] = int_from_u64(r->state[i]);
    TUPLE_ITEMS(t)[MT_N] = int_from_i64(r->index);
    for (int i = 0; i <= MT_N; i++)
        if (!TUPLE_ITEMS(t)[i]) {
            for (int j = 0; j <= MT_N; j++)
                if (!TUPLE_ITEMS(t)[j]) TUPLE_ITEMS(t)[j] = INCREF(NONE);
            DECREF(t);
            return NULL;
        }
    return t;
}

static int c_setstate(RandomObj *r, Obj *state)
{
    if (!TUPLE_CHECK(state)) {
        vm_err_set_str(&exc_TypeError, "state vector must be a tuple");
        return -1;
    }
    if (TUPLE_LEN(state) != MT_N + 1) {
        vm_err_set_str(&exc_ValueError, "state vector is the wrong size");
        return -1;
    }
    uint32_t s[MT_N];
    for (int i = 0; i < MT_N; i++) {
        Obj *v = TUPLE_ITEMS(state)[i];
        if (!INT_CHECK(v)) {
            vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(OBJ_TYPE(v)));
            return -1;
        }
        if (int_sign(v) < 0) {
            vm_err_set_str(&exc_OverflowError, "can't convert negative int to unsigned");
            return -1;
        }
        mpz_t z;
        mpz_init(z);
        int_to_mpz(v, z);
        if (!mpz_fits_ulong_p(z)) {
            mpz_clear(z);
            vm_err_set_str(&exc_OverflowError, "Python int too large to convert to C unsigned long");
            return -1;
        }
        s[i] = (uint32_t)mpz_get_ui(z);   /* CPython keeps the low 32 bits */
        mpz_clear(z);
    }
    Obj *iv = TUPLE_ITEMS(state)[MT_N];
    int64_t index;
    if (!INT_CHECK(iv)) {
        vm_err_format(&exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      type_name(OBJ_TYPE(iv)));
        return -1;
    }
    if (int_as_i64(iv, &index) < 0) return -1;
    if (index < 0 || index > MT_N) {
        vm_err_set_str(&exc_ValueError, "invalid state");
        return -1;
    }
    memcpy(r->state, s, sizeof s);
    r->index = (int)index;
    return 0;
}

static Obj *c_setstate_m(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    if (c_setstate((RandomObj *)self, a[0]) < 0) return NULL;
    return INCREF(NONE);
}

static MethodDef c_random_methods[] = {
    {"random", c_random_m, METH_NOARGS, "random() -> x in the interval [0, 1)."},
    {"seed", c_seed_m, METH_FAST, "seed([n]) -> None.\n\nDefaults to use urandom and falls back to a combination\nof the current time and the process identifier."},
    {"getstate", c_getstate_m, METH_NOARGS, "getstate() -> tuple containing the current state."},
    {"setstate", c_setstate_m, METH_O, "setstate(state) -> None.  Restores generator state."},
    {"getrandbits", c_getrandbits_m, METH_O, "getrandbits(k) -> x.  Generates an int with k random bits."},
    {NULL, NULL, 0, NULL},
};

static TypeObj c_random_type = {
    .base = TYPE_HEAD_INIT, .name = "_random.Random", .basicsize = sizeof(RandomObj),
    .flags = TPF_BASETYPE | TPF_GC, .dealloc = r_dealloc, .getattro = obj_generic_getattr,
    .traverse = r_traverse, .clear = r_clear, .new_ = r_new, .init = c_init,
    .methods = c_random_methods, .doc = "Random() -> create a random number generator with its own internal state.",
};

/* ---- dispatch to overridable methods ----------------------------------------------------- */

static bool is_exact(Obj *self) { return IS_TYPE(self, random_type); }

/* self.random() as a double */
static int call_random(Obj *self, double *out)
{
    if (is_exact(self)) {
        *out = genrand_res53((RandomObj *)self);
        return 0;
    }
    Obj *r = obj_call_method(self, "random", NULL, 0);
    if (!r) return -1;
    double d = float_as_double(r);
    DECREF(r);
    if (d == -1.0 && vm_err_occurred()) return -1;
    *out = d;
    return 0;
}

static Obj *call_random_obj(Obj *self)
{
    if (is_exact(self)) return float_from_double(genrand_res53((RandomObj *)self));
    return obj_call_method(self, "random", NULL, 0);
}

static Obj *call_getrandbits(Obj *self, int64_t k)
{
    if (is_exact(self)) return getrandbits_obj((RandomObj *)self, k);
    Obj *ko = int_from_i64(k);
    if (!ko) return NULL;
    Obj *r = obj_call_method(self, "getrandbits", &ko, 1);
    DECREF(ko);
    return r;
}

static int64_t bit_length(Obj *n)
{
    if (int_fits_i64(n)) {
        int64_t v;
        int_as_i64(n, &v);
        uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        int64_t b = 0;
        while (u) {
            b++;
            u >>= 1;
        }
        return b;
    }
    mpz_t z;
    mpz_init(z);
    int_to_mpz(n, z);
    int64_t b = (int64_t)mpz_sizeinbase(z, 2);
    mpz_clear(z);
    return b;
}

/* _randbelow_with_getrandbits */
static Obj *randbelow_bits(Obj *self, Obj *n)
{
    int64_t k = bit_length(n);
    if (is_exact(self) && k <= 32) {
        int64_t nv;
        int_as_i64(n, &nv);
        RandomObj *r = (RandomObj *)self;
        uint64_t v = k ? genrand_uint32(r) >> (32 - k) : 0;
        while ((int64_t)v >= nv) v = k ? genrand_uint32(r) >> (32 - k) : 0;
        return int_from_u64(v);
    }
    for (;;) {
        Obj *r = call_getrandbits(self, k);
        if (!r) return NULL;
        int ge = obj_richcompare_bool(r, n, CMP_GE);
        if (ge < 0) {
            DECREF(r);
            return NULL;
        }
        if (!ge) return r;
        DECREF(r);
    }
}

static int warn_user(const char *msg)
{
    Obj *w = import_name(id_str("warnings"), NULL, NULL, 0);
    if (!w) return -1;
    Obj *m = str_from_cstr(msg);
    Obj *r = m ? obj_call_method(w, "warn", &m, 1) : NULL;
    XDECREF(m);
    DECREF(w);
    if (!r) return -1;
    DECREF(r);
    return 0;
}

/* _randbelow_without_getrandbits(n, maxsize=1<<53) */
static Obj *randbelow_float(Obj *self, Obj *n)
{
    Obj *maxsize = int_from_i64((int64_t)1 << 53);
    if (!maxsize) return NULL;
    int big = obj_richcompare_bool(n, maxsize, CMP_GE);
    Obj *res = NULL;
    if (big < 0) goto out;
    if (big) {
        if (warn_user("Underlying random() generator does not supply \n"
                      "enough bits to choose from a population range this large.\n"
                      "To remove the range limitation, add a getrandbits() method.") < 0)
            goto out;
        double u;
        if (call_random(self, &u) < 0) goto out;
        Obj *uo = float_from_double(u);
        Obj *prod = uo ? num_binary(uo, n, NB_MULTIPLY) : NULL;
        XDECREF(uo);
        if (prod) res = int_from_double(floor(float_value(prod)));
        XDECREF(prod);
        goto out;
    }
    {
        int64_t nv, ms = (int64_t)1 << 53;
        int_as_i64(n, &nv);
        int64_t rem = ms % nv;
        double limit = (double)(ms - rem) / (double)ms;
        double r;
        if (call_random(self, &r) < 0) goto out;
        while (r >= limit)
            if (call_random(self, &r) < 0) goto out;
        res = int_from_i64((int64_t)floor(r * (double)ms) % nv);
    }
out:
    DECREF(maxsize);
    return res;
}

/* self._randbelow(n) */
static Obj *randbelow(Obj *self, Obj *n)
{
    if (is_exact(self)) return randbelow_bits(self, n);
    return obj_call_method(self, "_randbelow", &n, 1);
}

static Obj *randbelow_ssize(Obj *self, Ssize n)
{
    Obj *no = int_from_i64(n);
    if (!no) return NULL;
    Obj *r = randbelow(self, no);
    DECREF(no);
    return r;
}

/* ---- random.Random: seeding and state ------------------------------------------------------ */

static int py_seed(Obj *self, Obj *a, Obj *version)
{
    RandomObj *r = (RandomObj *)self;
    int64_t ver = 2;
    if (version) {
        /* `version == 1` / `version == 2` as random.py compares them */
        ver = -1;
        for (int64_t cand = 1; cand <= 2; cand++) {
            Obj *c = int_from_i64(cand);
            int eq = c ? obj_richcompare_bool(version, c, CMP_EQ) : -1;
            XDECREF(c);
            if (eq < 0) return -1;
            if (eq) ver = cand;
        }
    }
    Obj *owned = NULL;
    if (ver == 1 && a && (STR_CHECK(a) || BYTES_CHECK(a))) {
        Obj *s = STR_CHECK(a) ? INCREF(a) : str_decode(BYTES_DATA(a), VAR_SIZE(a), "latin-1", NULL);
        if (!s) return -1;
        Ssize n = VAR_SIZE(s);
        mpz_t x, t;
        mpz_inits(x, t, NULL);
        if (n) mpz_set_ui(x, (unsigned long)str_char(s, 0) << 7);
        for (Ssize i = 0; i < n; i++) {
            mpz_mul_ui(x, x, 1000003);
            mpz_set_ui(t, str_char(s, i));
            mpz_xor(x, x, t);
            mpz_fdiv_r_2exp(x, x, 64);
        }
        mpz_set_ui(t, (unsigned long)n);
        mpz_xor(x, x, t);
        DECREF(s);
        owned = int_from_mpz(x);   /* x == -1 cannot happen for a non-negative value */
        mpz_clears(x, t, NULL);
        if (!owned) return -1;
        a = owned;
    } else if (ver == 2 && a && (STR_CHECK(a) || BYTES_CHECK(a) || type_is_subtype(OBJ_TYPE(a), &bytearray_type))) {
        const unsigned char *p;
        Ssize n;
        Obj *enc = NULL;
        if (STR_CHECK(a)) {
            enc = str_encode(a, "utf-8", NULL);
            if (!enc) return -1;
            p = BYTES_DATA(enc);
            n = VAR_SIZE(enc);
        } else if (BYTES_CHECK(a)) {
            p = BYTES_DATA(a);
            n = VAR_SIZE(a);
        } else {
            p = ((ByteArrayObj *)a)->data;
            n = VAR_SIZE(a);
        }
        unsigned char *buf = xmalloc((size_t)n + 64);
        if (n) memcpy(buf, p, (size_t)n);
        sha512(buf, (size_t)n, buf + n);
        XDECREF(enc);
        mpz_t x;
        mpz_init(x);
        mpz_import(x, (size_t)n + 64, 1, 1, 0, 0, buf);   /* int.from_bytes(..., 'big') */
        free(buf);
        seed_mpz(r, x);
        mpz_clear(x);
        CLEAR(r->gauss_next);
        return 0;
    } else if (a && a != NONE && !INT_CHECK(a) && !type_is_subtype(OBJ_TYPE(a), &float_type) &&
               !STR_CHECK(a) && !BYTES_CHECK(a) && !type_is_subtype(OBJ_TYPE(a), &bytearray_type)) {
        vm_err_set_str(&exc_TypeError, "The only supported seed types are: None,\n"
                                       "int, float, str, bytes, and bytearray.");
        tbframe_push(&tbgen_random, TBG_RANDOM_SEED_TYPE);
        return -1;
    }
    int rc = c_seed(r, a);
    XDECREF(owned);
    if (rc == 0) CLEAR(r->gauss_next);
    return rc;
}

static Obj *m_seed(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"a", "version"};
    Obj *v[2];
    if (mh_bind_m("Random.seed", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    if (py_seed(self, v[0], v[1]) < 0) return NULL;
    return INCREF(NONE);
}

static int r_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"x"};
    Obj *v[1];
    if (mh_bind_m("Random.__init__", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return -1;
    int rc;
    if (is_exact(self) || OBJ_TYPE(self) == &sysrandom_type) {
        rc = py_seed(self, v[0], NULL);
    } else {
        Obj *x = v[0] ? v[0] : NONE;
        Obj *r = obj_call_method(self, "seed", &x, 1);
        rc = r ? 0 : -1;
        XDECREF(r);
    }
    if (rc < 0) {
        /* random.py's __init__ calls self.seed(x) */
        tbframe_push(&tbgen_random, TBG_RANDOM_INIT_SEED);
        return -1;
    }
    CLEAR(((RandomObj *)self)->gauss_next);
    return 0;
}

static Obj *m_getstate(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    RandomObj *r = (RandomObj *)self;
    Obj *inner = c_getstate_m(self, NULL, 0, NULL);
    if (!inner) return NULL;
    Obj *three = int_from_i64(3);
    Obj *t = three ? tuple_pack(3, three, inner, r->gauss_next ? r->gauss_next : NONE) : NULL;
    XDECREF(three);
    DECREF(inner);
    return t;
}

static Obj *m_setstate(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    RandomObj *r = (RandomObj *)self;
    Obj *state = a[0];
    Obj *zero = int_from_i64(0);
    Obj *version = zero ? obj_getitem(state, zero) : NULL;
    XDECREF(zero);
    if (!version) return NULL;
    int64_t v = 0;
    bool known = INT_CHECK(version) && int_fits_i64(version) && int_as_i64(version, &v) == 0 &&
                 (v == 2 || v == 3);
    if (!known) {
        if (vm_err_occurred()) vm_err_clear();
        vm_err_format(&exc_ValueError, "state with version %S passed to Random.setstate() of version 3",
                      version);
        DECREF(version);
        return NULL;
    }
    DECREF(version);
    Obj *t = seq_to_tuple(state);
    if (!t) return NULL;
    if (TUPLE_LEN(t) != 3) {
        vm_err_format(&exc_ValueError, TUPLE_LEN(t) > 3 ? "too many values to unpack (expected 3)"
                                                        : "not enough values to unpack (expected 3, got %zd)",
                      TUPLE_LEN(t));
        DECREF(t);
        return NULL;
    }
    Obj *internal = INCREF(TUPLE_ITEMS(t)[1]);
    obj_setref(&r->gauss_next, TUPLE_ITEMS(t)[2] == NONE ? NULL : INCREF(TUPLE_ITEMS(t)[2]));
    DECREF(t);
    if (v == 2) {
        /* version 2 saved signed ints: reduce them mod 2**32 */
        Obj *l = seq_to_list(internal);
        Obj *mod = int_from_u64((uint64_t)1 << 32);
        for (Ssize i = 0; l && mod && i < LIST_LEN(l); i++) {
            Obj *m = num_binary(LIST_ITEMS(l)[i], mod, NB_REMAINDER);
            if (!m) CLEAR(l);
            else obj_setref(&LIST_ITEMS(l)[i], m);
        }
        XDECREF(mod);
        DECREF(internal);
        if (!l) return NULL;
        internal = list_as_tuple(l);
        DECREF(l);
        if (!internal) return NULL;
    }
    int rc = c_setstate(r, internal);
    DECREF(internal);
    if (rc < 0) return NULL;
    return INCREF(NONE);
}

static Obj *m_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *st = obj_call_method(self, "getstate", NULL, 0);
    if (!st) return NULL;
    Obj *empty = tuple_new(0);
    Obj *r = empty ? tuple_pack(3, (Obj *)OBJ_TYPE(self), empty, st) : NULL;
    XDECREF(empty);
    DECREF(st);
    return r;
}

static Obj *m_dunder_getstate(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return obj_call_method(self, "getstate", NULL, 0);
}

static Obj *m_dunder_setstate(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return obj_call_method(self, "setstate", (Obj **)a, 1);
}

/* ---- integer methods ------------------------------------------------------------------------- */

static Obj *m_randbelow_bits(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (mh_bind_m("Random._randbelow_with_getrandbits", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (!INT_CHECK(v[0])) {
        vm_err_format(&exc_AttributeError, "'%s' object has no attribute 'bit_length'", type_name(OBJ_TYPE(v[0])));
        return NULL;
    }
    return randbelow_bits(self, v[0]);
}

static Obj *m_randbelow_float(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"n", "maxsize"};
    Obj *v[2];
    if (mh_bind_m("Random._randbelow_without_getrandbits", a, n, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    return randbelow_float(self, v[0]);
}

static Obj *fmt_err(const char *fmt, Obj *a, Obj *b, Obj *c)
{
    Obj *sa = obj_str(a);
    Obj *sb = sa && b ? obj_str(b) : NULL;
    Obj *sc = sb && c ? obj_str(c) : NULL;
    if (sa && (!b || sb) && (!c || sc)) {
        if (c) vm_err_format(&exc_ValueError, fmt, sa, sb, sc);
        else if (b) vm_err_format(&exc_ValueError, fmt, sa, sb);
        else vm_err_format(&exc_ValueError, fmt, sa);
    }
    XDECREF(sa);
    XDECREF(sb);
    XDECREF(sc);
    return NULL;
}

/* random.py's frames in tracebacks (tbframes_gen.h) */
static Obj *tb_fail(int which) { return tbframe_fail(&tbgen_random, which); }

static Obj *randrange(Obj *self, Obj *start, Obj *stop, Obj *step)
{
    Obj *istart = num_index(start);
    if (!istart) return tb_fail(TBG_RANDOM_RANDRANGE_INDEX_START);
    Obj *res = NULL, *istop = NULL, *width = NULL, *istep = NULL, *cnt = NULL, *t = NULL;
    if (!stop || stop == NONE) {
        /* random.py: `step is not _ONE` — only the cached int 1 passes */
        Obj *one = int_from_i64(1);
        bool is_one = step == one;
        XDECREF(one);
        if (step && !is_one) {
            vm_err_set_str(&exc_TypeError, "Missing a non-None stop argument");
            tb_fail(TBG_RANDOM_RANDRANGE_MISSING_STOP);
            goto out;
        }
        if (int_sign(istart) > 0) res = randbelow(self, istart);
        else {
            vm_err_set_str(&exc_ValueError, "empty range for randrange()");
            tb_fail(TBG_RANDOM_RANDRANGE_EMPTY_ONE);
        }
        goto out;
    }
    if (!(istop = num_index(stop))) {
        tb_fail(TBG_RANDOM_RANDRANGE_INDEX_STOP);
        goto out;
    }
    if (!(width = num_binary(istop, istart, NB_SUBTRACT))) goto out;
    if (!step) istep = int_from_i64(1);
    else istep = num_index(step);
    if (!istep) {
        tb_fail(TBG_RANDOM_RANDRANGE_INDEX_STEP);
        goto out;
    }
    int64_t sv = 0;
    bool small = int_fits_i64(istep) && int_as_i64(istep, &sv) == 0;
    if (small && sv == 1) {
        if (int_sign(width) > 0) {
            Obj *r = randbelow(self, width);
            if (r) {
                res = num_binary(istart, r, NB_ADD);
                DECREF(r);
            }
        } else {
            fmt_err("empty range in randrange(%U, %U)", start, stop, NULL);
            tb_fail(TBG_RANDOM_RANDRANGE_EMPTY_RANGE);
        }
        goto out;
    }
    int sgn = int_sign(istep);
    if (sgn == 0) {
        vm_err_set_str(&exc_ValueError, "zero step for randrange()");
        tb_fail(TBG_RANDOM_RANDRANGE_ZERO_STEP);
        goto out;
    }
    /* n = (width + istep -+ 1) // istep */
    Obj *one = int_from_i64(sgn > 0 ? -1 : 1);
    t = one ? num_binary(width, istep, NB_ADD) : NULL;
    Obj *t2 = t ? num_binary(t, one, NB_ADD) : NULL;
    XDECREF(one);
    if (!t2) goto out;
    cnt = num_binary(t2, istep, NB_FLOOR_DIVIDE);
    DECREF(t2);
    if (!cnt) goto out;
    if (int_sign(cnt) <= 0) {
        fmt_err("empty range in randrange(%U, %U, %U)", start, stop, step);
        tb_fail(TBG_RANDOM_RANDRANGE_EMPTY_STEP);
        goto out;
    }
    Obj *r = randbelow(self, cnt);
    if (!r) goto out;
    Obj *m = num_binary(istep, r, NB_MULTIPLY);
    DECREF(r);
    if (!m) goto out;
    res = num_binary(istart, m, NB_ADD);
    DECREF(m);
out:
    DECREF(istart);
    XDECREF(istop);
    XDECREF(width);
    XDECREF(istep);
    XDECREF(cnt);
    XDECREF(t);
    return res;
}

static Obj *m_randrange(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"start", "stop", "step"};
    Obj *v[3];
    if (mh_bind_m("Random.randrange", a, n, kw, names, 3, 3, 0, 1, 0, v) < 0) return NULL;
    return randrange(self, v[0], v[1], v[2]);
}

static Obj *m_randint(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"a", "b"};
    Obj *v[2];
    if (mh_bind_m("Random.randint", a, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *one = int_from_i64(1);
    Obj *b1 = one ? num_binary(v[1], one, NB_ADD) : NULL;
    XDECREF(one);
    if (!b1) return tb_fail(TBG_RANDOM_RANDINT_ADD);
    Obj *r;
    if (is_exact(self)) {
        r = randrange(self, v[0], b1, NULL);
    } else {
        Obj *args[2] = {v[0], b1};
        Obj *f = obj_getattr(self, id_str("randrange"));
        r = f ? obj_call(f, args, 2, NULL) : NULL;
        XDECREF(f);
    }
    DECREF(b1);
    return r ? r : tb_fail(TBG_RANDOM_RANDINT_CALL);
}

static Obj *m_randbytes(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (mh_bind_m("Random.randbytes", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *eight = int_from_i64(8);
    Obj *bits = eight ? num_binary(v[0], eight, NB_MULTIPLY) : NULL;
    XDECREF(eight);
    if (!bits) return NULL;
    Obj *r = obj_call_method(self, "getrandbits", &bits, 1);
    DECREF(bits);
    if (!r) return NULL;
    Obj *kwn = tuple_pack(1, id_str("byteorder"));
    Obj *args[2] = {v[0], id_str("little")};
    Obj *tb = kwn ? obj_getattr(r, id_str("to_bytes")) : NULL;
    Obj *out = tb ? obj_call(tb, args, 1, kwn) : NULL;
    XDECREF(tb);
    XDECREF(kwn);
    DECREF(r);
    return out;
}

/* ---- sequence methods ------------------------------------------------------------------------ */

static Obj *m_choice(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"seq"};
    Obj *v[1];
    if (mh_bind_m("Random.choice", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    /* random.py asks len(seq) twice: for the emptiness test and for the
     * index range (a __len__ that changes to 0 in between, on which
     * CPython would spin for ever, gets the IndexError); the library frame
     * pushed is that of the first test (tbframes_gen.c) */
    Ssize len = 0;
    for (int k = 0; k < 2; k++) {
        len = obj_length(v[0]);
        if (len < 0) return k == 0 ? tb_fail(TBG_RANDOM_CHOICE_LEN) : NULL;
        if (len == 0) {
            vm_err_set_str(&exc_IndexError, "Cannot choose from an empty sequence");
            return k == 0 ? tb_fail(TBG_RANDOM_CHOICE_EMPTY) : NULL;
        }
    }
    Obj *i = randbelow_ssize(self, len);
    if (!i) return NULL;
    Obj *r = obj_getitem(v[0], i);
    DECREF(i);
    return r ? r : tb_fail(TBG_RANDOM_CHOICE_GETITEM);
}

static Obj *m_shuffle(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"x"};
    Obj *v[1];
    if (mh_bind_m("Random.shuffle", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *x = v[0];
    Ssize len = obj_length(x);
    if (len < 0) return tb_fail(TBG_RANDOM_SHUFFLE_LEN);
    for (Ssize i = len - 1; i >= 1; i--) {
        Obj *jo = randbelow_ssize(self, i + 1);
        if (!jo) return NULL;
        if (IS_TYPE(x, list_type) && INT_CHECK(jo) && int_fits_i64(jo)) {
            int64_t j;
            int_as_i64(jo, &j);
            if (j >= 0 && j < LIST_LEN(x) && i < LIST_LEN(x)) {
                DECREF(jo);
                Obj *tmp = LIST_ITEMS(x)[i];
                LIST_ITEMS(x)[i] = LIST_ITEMS(x)[j];
                LIST_ITEMS(x)[j] = tmp;
                continue;
            }
        }
        /* x[i], x[j] = x[j], x[i] */
        Obj *io = int_from_i64(i);
        Obj *xj = io ? obj_getitem(x, jo) : NULL;
        Obj *xi = xj ? obj_getitem(x, io) : NULL;
        int rc = xi ? obj_setitem(x, io, xj) : -1;
        if (rc == 0) rc = obj_setitem(x, jo, xi);
        XDECREF(io);
        XDECREF(xj);
        XDECREF(xi);
        DECREF(jo);
        if (rc < 0) return NULL;
    }
    return INCREF(NONE);
}

/* isinstance(population, collections.abc.Sequence) */
static int is_sequence(Obj *pop)
{
    Obj *abc = import_name(id_str("collections.abc"), NULL, NULL, 0);
    if (abc) {
        /* import_name returns the top package: walk to collections.abc */
        Obj *sub = NULL;
        if (obj_lookup_attr(abc, id_str("abc"), &sub) > 0 && sub) {
            DECREF(abc);
            abc = sub;
        }
        Obj *seq = NULL;
        if (obj_lookup_attr(abc, id_str("Sequence"), &seq) > 0 && seq) {
            DECREF(abc);
            int r = obj_isinstance(pop, seq);
            DECREF(seq);
            return r;
        }
        DECREF(abc);
    }
    vm_err_clear();
    TypeObj *t = OBJ_TYPE(pop);
    return LIST_CHECK(pop) || TUPLE_CHECK(pop) || STR_CHECK(pop) || BYTES_CHECK(pop) ||
           type_is_subtype(t, &range_type) || type_is_subtype(t, &bytearray_type) ||
           type_is_subtype(t, &memoryview_type);
}

static Obj *sample(Obj *self, Obj *population, Obj *kobj, Obj *counts)
{
    int isseq = is_sequence(population);
    if (isseq < 0) return NULL;
    if (!isseq) {
        vm_err_set_str(&exc_TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).");
        return tb_fail(TBG_RANDOM_SAMPLE_POPULATION);
    }
    Ssize n = obj_length(population);
    if (n < 0) return NULL;
    if (counts && counts != NONE) {
        /* cum_counts = list(accumulate(counts)) */
        Obj *cum = list_new(0);
        Obj *it = cum ? obj_getiter(counts) : NULL;
        Obj *total = NULL, *item;
        while (it && (item = obj_iternext(it))) {
            Obj *nt = total ? num_binary(total, item, NB_ADD) : INCREF(item);
            DECREF(item);
            XDECREF(total);
            total = nt;
            if (!total || list_append(cum, total) < 0) {
                CLEAR(it);
                break;
            }
        }
        XDECREF(total);
        if (!it || vm_err_occurred()) {
            XDECREF(it);
            XDECREF(cum);
            return NULL;
        }
        DECREF(it);
        if (LIST_LEN(cum) != n) {
            DECREF(cum);
            vm_err_set_str(&exc_ValueError, "The number of counts does not match the population");
            return tb_fail(TBG_RANDOM_SAMPLE_COUNTS_LEN);
        }
        if (n == 0) {
            DECREF(cum);
            vm_err_set_str(&exc_IndexError, "pop from empty list");
            return NULL;
        }
        Obj *tot = INCREF(LIST_ITEMS(cum)[n - 1]);
        list_set_slice(cum, n - 1, n, NULL);
        if (!INT_CHECK(tot)) {
            DECREF(tot);
            DECREF(cum);
            vm_err_set_str(&exc_TypeError, "Counts must be integers");
            return NULL;
        }
        if (int_sign(tot) <= 0) {
            DECREF(tot);
            DECREF(cum);
            vm_err_set_str(&exc_ValueError, "Total of counts must be greater than zero");
            return tb_fail(TBG_RANDOM_SAMPLE_COUNTS_TOTAL);
        }
        Obj *rng = range_new(NULL, tot, NULL);
        DECREF(tot);
        Obj *sel = rng ? sample(self, rng, kobj, NULL) : NULL;
        XDECREF(rng);
        if (!sel) {
            DECREF(cum);
            return NULL;
        }
        Obj *out = list_new(0);
        for (Ssize i = 0; out && i < LIST_LEN(sel); i++) {
            Obj *s = LIST_ITEMS(sel)[i];
            Ssize lo = 0, hi = LIST_LEN(cum);
            while (lo < hi) {
                Ssize mid = (lo + hi) / 2;
                int lt = obj_richcompare_bool(s, LIST_ITEMS(cum)[mid], CMP_LT);
                if (lt < 0) {
                    CLEAR(out);
                    break;
                }
                if (lt) hi = mid;
                else lo = mid + 1;
            }
            if (!out) break;
            Obj *idx = int_from_i64(lo);
            Obj *v = idx ? obj_getitem(population, idx) : NULL;
            XDECREF(idx);
            if (!v || list_append(out, v) < 0) CLEAR(out);
            XDECREF(v);
        }
        DECREF(sel);
        DECREF(cum);
        return out;
    }
    Ssize k = mh_as_ssize(kobj);
    if (k == -1 && vm_err_occurred()) {
        if (!INT_CHECK(kobj)) return NULL;
        vm_err_clear();
        k = int_sign(kobj) < 0 ? -1 : INTPTR_MAX;
    }
    if (!(0 <= k && k <= n)) {
        vm_err_set_str(&exc_ValueError, "Sample larger than population or is negative");
        return tb_fail(TBG_RANDOM_SAMPLE_K);
    }
    Obj *result = list_new(k);
    if (!result) return NULL;
    for (Ssize i = 0; i < k; i++) LIST_ITEMS(result)[i] = INCREF(NONE);
    Ssize setsize = 21;
    if (k > 5) setsize += (Ssize)pow(4.0, ceil(log((double)(k * 3)) / log(4.0)));
    if (n <= setsize) {
        Obj *pool = seq_to_list(population);
        if (!pool) goto fail;
        for (Ssize i = 0; i < k; i++) {
            Obj *jo = randbelow_ssize(self, n - i);
            int64_t j;
            if (!jo || !INT_CHECK(jo) || int_as_i64(jo, &j) < 0 || j < 0 || j >= LIST_LEN(pool)) {
                if (jo && !vm_err_occurred()) vm_err_set_str(&exc_IndexError, "list index out of range");
                XDECREF(jo);
                DECREF(pool);
                goto fail;
            }
            DECREF(jo);
            obj_setref(&LIST_ITEMS(result)[i], INCREF(LIST_ITEMS(pool)[j]));
            obj_setref(&LIST_ITEMS(pool)[j], INCREF(LIST_ITEMS(pool)[n - i - 1]));
        }
        DECREF(pool);
    } else {
        Obj *selected = set_new(NULL);
        if (!selected) goto fail;
        for (Ssize i = 0; i < k; i++) {
            Obj *jo = randbelow_ssize(self, n);
            int in;
            while (jo && (in = set_contains(selected, jo)) != 0) {
                DECREF(jo);
                jo = in < 0 ? NULL : randbelow_ssize(self, n);
            }
            Obj *v = jo && set_add(selected, jo) == 0 ? obj_getitem(population, jo) : NULL;
            XDECREF(jo);
            if (!v) {
                DECREF(selected);
                goto fail;
            }
            obj_setref(&LIST_ITEMS(result)[i], v);
        }
        DECREF(selected);
    }
    return result;
fail:
    DECREF(result);
    return NULL;
}

static Obj *m_sample(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    static const char *const names[] = {"population", "k", "counts"};
    Obj *v[3];
    if (mh_bind_m("Random.sample", a, n, kw, names, 3, 2, 0, 2, 0, v) < 0) return NULL;
    return sample(self, v[0], v[1], v[2]);
}

static Obj *m_choices(Obj *self, Obj *const *a, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"population", "weights", "cum_weights", "k"};
    Obj *v[4];
    if (mh_bind_m("Random.choices", a, nargs, kw, names, 4, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *population = v[0], *weights = v[1] == NONE ? NULL : v[1];
    Obj *cum = v[2] == NONE ? NULL : v[2];
    Obj *kobj = v[3];
    Ssize n = obj_length(population);
    if (n < 0) return NULL;
    Obj *result = NULL, *cumlist = NULL;
    if (!cum) {
        if (!weights) {
            Ssize k = kobj ? mh_as_ssize(kobj) : 1;
            if (k == -1 && vm_err_occurred()) return NULL;
            result = list_new(0);
            double nf = (double)n;
            for (Ssize i = 0; result && i < k; i++) {
                double r;
                if (call_random(self, &r) < 0) {
                    CLEAR(result);
                    break;
                }
                Obj *idx = int_from_double(floor(r * nf));
                Obj *item = idx ? obj_getitem(population, idx) : NULL;
                XDECREF(idx);
                if (!item && n == 0) tb_fail(TBG_RANDOM_CHOICES_EMPTY);
                if (!item || list_append(result, item) < 0) CLEAR(result);
                XDECREF(item);
            }
            return result;
        }
        /* cum_weights = list(accumulate(weights)) */
        cumlist = list_new(0);
        Obj *it = cumlist ? obj_getiter(weights) : NULL;
        if (!it) {
            if (cumlist && vm_err_matches(&exc_TypeError) && INT_CHECK(weights)) {
                vm_err_clear();
                vm_err_format(&exc_TypeError, "The number of choices must be a keyword argument: k=%R", weights);
            }
            XDECREF(cumlist);
            return NULL;
        }
        Obj *total = NULL, *item;
        while ((item = obj_iternext(it))) {
            Obj *nt = total ? num_binary(total, item, NB_ADD) : INCREF(item);
            DECREF(item);
            XDECREF(total);
            total = nt;
            if (!total || list_append(cumlist, total) < 0) break;
        }
        XDECREF(total);
        DECREF(it);
        if (vm_err_occurred()) {
            DECREF(cumlist);
            return NULL;
        }
        cum = cumlist;
    } else if (weights) {
        vm_err_set_str(&exc_TypeError, "Cannot specify both weights and cumulative weights");
        return tb_fail(TBG_RANDOM_CHOICES_BOTH);
    }
    Ssize clen = obj_length(cum);
    if (clen < 0) goto out;
    if (clen != n) {
        vm_err_set_str(&exc_ValueError, "The number of weights does not match the population");
        tb_fail(TBG_RANDOM_CHOICES_WEIGHTS_LEN);
        goto out;
    }
    {
        Obj *m1 = int_from_i64(-1);
        Obj *last = m1 ? obj_getitem(cum, m1) : NULL;
        XDECREF(m1);
        Obj *zero = float_from_double(0.0);
        Obj *total = last && zero ? num_binary(last, zero, NB_ADD) : NULL;
        XDECREF(last);
        if (!total) {
            XDECREF(zero);
            goto out;
        }
        int le = obj_richcompare_bool(total, zero, CMP_LE);
        DECREF(zero);
        if (le) {
            if (le > 0) {
                vm_err_set_str(&exc_ValueError, "Total of weights must be greater than zero");
                tb_fail(TBG_RANDOM_CHOICES_ZERO_TOTAL);
            }
            DECREF(total);
            goto out;
        }
        double tf = float_as_double(total);
        if (tf == -1.0 && vm_err_occurred()) {
            DECREF(total);
            goto out;
        }
        if (!isfinite(tf)) {
            DECREF(total);
            vm_err_set_str(&exc_ValueError, "Total of weights must be finite");
            goto out;
        }
        Ssize k = kobj ? mh_as_ssize(kobj) : 1;
        if (k == -1 && vm_err_occurred()) {
            DECREF(total);
            goto out;
        }
        Ssize hi = n - 1;
        result = list_new(0);
        for (Ssize i = 0; result && i < k; i++) {
            Obj *r = call_random_obj(self);
            Obj *x = r ? num_binary(r, total, NB_MULTIPLY) : NULL;
            XDECREF(r);
            if (!x) {
                CLEAR(result);
                break;
            }
            Ssize lo = 0, h = hi;
            while (lo < h) {
                Ssize mid = (lo + h) / 2;
                Obj *mo = int_from_i64(mid);
                Obj *cv = mo ? obj_getitem(cum, mo) : NULL;
                XDECREF(mo);
                int lt = cv ? obj_richcompare_bool(x, cv, CMP_LT) : -1;
                XDECREF(cv);
                if (lt < 0) {
                    CLEAR(result);
                    break;
                }
                if (lt) h = mid;
                else lo = mid + 1;
            }
            DECREF(x);
            if (!result) break;
            Obj *idx = int_from_i64(lo);
            Obj *item = idx ? obj_getitem(population, idx) : NULL;
            XDECREF(idx);
            if (!item || list_append(result, item) < 0) CLEAR(result);
            XDECREF(item);
        }
        DECREF(total);
    }
out:
    XDECREF(cumlist);
    return result;
}

/* ---- real-valued distributions --------------------------------------------------------------- */

#define TWOPI (2.0 * M_PI)
static double nv_magic, sg_magic, log4;

/* a + b * c with objects (b, c may be NULL for a plain float value) */
static Obj *fma_obj(Obj *a, Obj *b, Obj *c)
{
    Obj *p = num_binary(b, c, NB_MULTIPLY);
    if (!p) return NULL;
    Obj *r = num_binary(a, p, NB_ADD);
    DECREF(p);
    return r;
}

static Obj *m_uniform(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"a", "b"};
    Obj *v[2];
    if (mh_bind_m("Random.uniform", args, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *d = num_binary(v[1], v[0], NB_SUBTRACT);
    if (!d) return tb_fail(TBG_RANDOM_UNIFORM_ARITH);
    Obj *r = call_random_obj(self);
    Obj *res = r ? fma_obj(v[0], d, r) : NULL;
    XDECREF(r);
    DECREF(d);
    return res;
}

static Obj *m_triangular(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"low", "high", "mode"};
    Obj *v[3];
    if (mh_bind_m("Random.triangular", args, n, kw, names, 3, 3, 0, 0, 0, v) < 0) return NULL;
    Obj *low = v[0], *high = v[1], *mode = v[2] && v[2] != NONE ? v[2] : NULL;
    Obj *zero = NULL, *one = NULL;
    if (!low) low = zero = float_from_double(0.0);
    if (!high) high = one = float_from_double(1.0);
    Obj *res = NULL, *c = NULL, *uo = NULL;
    double u;
    if (!low || !high || call_random(self, &u) < 0) goto out;
    if (!mode) {
        c = float_from_double(0.5);
    } else {
        Obj *num = num_binary(mode, low, NB_SUBTRACT);
        Obj *den = num ? num_binary(high, low, NB_SUBTRACT) : NULL;
        c = den ? num_binary(num, den, NB_TRUE_DIVIDE) : NULL;
        XDECREF(num);
        XDECREF(den);
        if (!c && vm_err_matches(&exc_ZeroDivisionError)) {
            vm_err_clear();
            res = INCREF(low);
            goto out;
        }
    }
    if (!c) goto out;
    uo = float_from_double(u);
    int gt = uo ? obj_richcompare_bool(uo, c, CMP_GT) : -1;
    if (gt < 0) goto out;
    Obj *lo = low, *hi = high;
    if (gt) {
        u = 1.0 - u;
        Obj *onef = float_from_double(1.0);
        Obj *nc = onef ? num_binary(onef, c, NB_SUBTRACT) : NULL;
        XDECREF(onef);
        if (!nc) goto out;
        obj_setref(&c, nc);
        lo = high;
        hi = low;
    }
    obj_setref(&uo, float_from_double(u));
    Obj *uc = uo ? num_binary(uo, c, NB_MULTIPLY) : NULL;
    if (!uc) goto out;
    double ucd = float_as_double(uc);
    DECREF(uc);
    if (ucd == -1.0 && vm_err_occurred()) goto out;
    Obj *sq = float_from_double(sqrt(ucd));
    Obj *diff = sq ? num_binary(hi, lo, NB_SUBTRACT) : NULL;
    res = diff ? fma_obj(lo, diff, sq) : NULL;
    XDECREF(sq);
    XDECREF(diff);
out:
    XDECREF(zero);
    XDECREF(one);
    XDECREF(c);
    XDECREF(uo);
    return res;
}

/* mu and sigma defaulting to 0.0 and 1.0; returns mu + z * sigma */
static Obj *mu_sigma(Obj *mu, Obj *sigma, double z)
{
    Obj *m0 = mu ? INCREF(mu) : float_from_double(0.0);
    Obj *s1 = sigma ? INCREF(sigma) : float_from_double(1.0);
    Obj *zo = float_from_double(z);
    Obj *r = m0 && s1 && zo ? fma_obj(m0, zo, s1) : NULL;
    XDECREF(m0);
    XDECREF(s1);
    XDECREF(zo);
    return r;
}

static int normal_z(Obj *self, double *z)
{
    for (;;) {
        double u1, u2;
        if (call_random(self, &u1) < 0 || call_random(self, &u2) < 0) return -1;
        u2 = 1.0 - u2;
        *z = nv_magic * (u1 - 0.5) / u2;
        double zz = *z * *z / 4.0;
        if (zz <= -log(u2)) return 0;
    }
}

static Obj *m_normalvariate(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"mu", "sigma"};
    Obj *v[2];
    if (mh_bind_m("Random.normalvariate", args, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    double z;
    if (normal_z(self, &z) < 0) return NULL;
    return mu_sigma(v[0], v[1], z);
}

static Obj *m_gauss(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"mu", "sigma"};
    Obj *v[2];
    if (mh_bind_m("Random.gauss", args, n, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    RandomObj *r = (RandomObj *)self;
    Obj *zo = r->gauss_next;
    r->gauss_next = NULL;
    if (!zo) {
        double a, b;
        if (call_random(self, &a) < 0 || call_random(self, &b) < 0) return NULL;
        double x2pi = a * TWOPI;
        double g2rad = sqrt(-2.0 * log(1.0 - b));
        zo = float_from_double(cos(x2pi) * g2rad);
        if (!zo) return NULL;
        obj_setref(&r->gauss_next, float_from_double(sin(x2pi) * g2rad));
    }
    Obj *m0 = v[0] ? INCREF(v[0]) : float_from_double(0.0);
    Obj *s1 = v[1] ? INCREF(v[1]) : float_from_double(1.0);
    Obj *res = NULL;
    if (m0 && s1) {
        /* mu + z * sigma, each operation with its own carets */
        Obj *p = num_binary(zo, s1, NB_MULTIPLY);
        res = p ? num_binary(m0, p, NB_ADD) : NULL;
        if (!res) tbframe_push(&tbgen_random, p ? TBG_RANDOM_GAUSS_ARITH : TBG_RANDOM_GAUSS_MUL);
        XDECREF(p);
    }
    XDECREF(m0);
    XDECREF(s1);
    DECREF(zo);
    return res;
}

static int dbl(Obj *o, double *out)
{
    double d = float_as_double(o);
    if (d == -1.0 && vm_err_occurred()) return -1;
    *out = d;
    return 0;
}

static Obj *m_lognormvariate(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"mu", "sigma"};
    Obj *v[2];
    if (mh_bind_m("Random.lognormvariate", args, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    double z;
    if (normal_z(self, &z) < 0) return NULL;
    Obj *x = mu_sigma(v[0], v[1], z);
    double d;
    if (!x) return NULL;
    int rc = dbl(x, &d);
    DECREF(x);
    if (rc < 0) return NULL;
    double r = exp(d);
    if (isinf(r)) {
        vm_err_set_str(&exc_OverflowError, "math range error");
        return NULL;
    }
    return float_from_double(r);
}

static Obj *m_expovariate(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"lambd"};
    Obj *v[1];
    if (mh_bind_m("Random.expovariate", args, n, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    double u;
    if (call_random(self, &u) < 0) return NULL;
    Obj *num = float_from_double(-log(1.0 - u));
    Obj *lam = v[0] ? INCREF(v[0]) : float_from_double(1.0);
    Obj *r = num && lam ? num_binary(num, lam, NB_TRUE_DIVIDE) : NULL;
    XDECREF(num);
    XDECREF(lam);
    return r;
}

static Obj *m_vonmisesvariate(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"mu", "kappa"};
    Obj *v[2];
    double mu, kappa, u1, u2, u3, z;
    if (mh_bind_m("Random.vonmisesvariate", args, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (dbl(v[0], &mu) < 0 || dbl(v[1], &kappa) < 0) return NULL;
    if (kappa <= 1e-6) {
        if (call_random(self, &u1) < 0) return NULL;
        return float_from_double(TWOPI * u1);
    }
    double s = 0.5 / kappa, r = s + sqrt(1.0 + s * s);
    for (;;) {
        if (call_random(self, &u1) < 0) return NULL;
        z = cos(M_PI * u1);
        double d = z / (r + z);
        if (call_random(self, &u2) < 0) return NULL;
        if (u2 < 1.0 - d * d || u2 <= (1.0 - d) * exp(d)) break;
    }
    double q = 1.0 / r, f = (q + z) / (1.0 + q * z);
    if (call_random(self, &u3) < 0) return NULL;
    double theta = u3 > 0.5 ? mu + acos(f) : mu - acos(f);
    double m = fmod(theta, TWOPI);   /* Python's % : sign of the divisor */
    if (m != 0.0 && m < 0.0) m += TWOPI;
    return float_from_double(m);
}

static int gamma_d(Obj *self, double alpha, double beta, double *out)
{
    if (alpha <= 0.0 || beta <= 0.0) {
        vm_err_set_str(&exc_ValueError, "gammavariate: alpha and beta must be > 0.0");
        return -1;
    }
    double u, u1, u2;
    if (alpha > 1.0) {
        double ainv = sqrt(2.0 * alpha - 1.0), bbb = alpha - log4, ccc = alpha + ainv;
        for (;;) {
            if (call_random(self, &u1) < 0) return -1;
            if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
            if (call_random(self, &u2) < 0) return -1;
            u2 = 1.0 - u2;
            double v = log(u1 / (1.0 - u1)) / ainv;
            double x = alpha * exp(v);
            double z = u1 * u1 * u2;
            double r = bbb + ccc * v - x;
            if (r + sg_magic - 4.5 * z >= 0.0 || r >= log(z)) {
                *out = x * beta;
                return 0;
            }
        }
    }
    if (alpha == 1.0) {
        if (call_random(self, &u) < 0) return -1;
        *out = -log(1.0 - u) * beta;
        return 0;
    }
    double x;
    for (;;) {
        if (call_random(self, &u) < 0) return -1;
        double b = (M_E + alpha) / M_E, p = b * u;
        if (p <= 1.0) x = pow(p, 1.0 / alpha);
        else x = -log((b - p) / alpha);
        if (call_random(self, &u1) < 0) return -1;
        if (p > 1.0) {
            if (u1 <= pow(x, alpha - 1.0)) break;
        } else if (u1 <= exp(-x)) {
            break;
        }
    }
    *out = x * beta;
    return 0;
}

static Obj *m_gammavariate(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"alpha", "beta"};
    Obj *v[2];
    double alpha, beta, r;
    if (mh_bind_m("Random.gammavariate", args, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (dbl(v[0], &alpha) < 0 || dbl(v[1], &beta) < 0 || gamma_d(self, alpha, beta, &r) < 0) return NULL;
    return float_from_double(r);
}

static Obj *m_betavariate(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"alpha", "beta"};
    Obj *v[2];
    double alpha, beta, y, z;
    if (mh_bind_m("Random.betavariate", args, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (dbl(v[0], &alpha) < 0 || dbl(v[1], &beta) < 0 || gamma_d(self, alpha, 1.0, &y) < 0) return NULL;
    if (y == 0.0) return float_from_double(0.0);
    if (gamma_d(self, beta, 1.0, &z) < 0) return NULL;
    return float_from_double(y / (y + z));
}

static Obj *m_paretovariate(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"alpha"};
    Obj *v[1];
    double alpha, u;
    if (mh_bind_m("Random.paretovariate", args, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    if (call_random(self, &u) < 0) return NULL;
    u = 1.0 - u;
    if (dbl(v[0], &alpha) < 0) return NULL;
    if (alpha == 0.0) {
        vm_err_set_str(&exc_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    Obj *uo = float_from_double(u), *e = float_from_double(-1.0 / alpha);
    Obj *r = uo && e ? num_binary(uo, e, NB_POWER) : NULL;
    XDECREF(uo);
    XDECREF(e);
    return r;
}

static Obj *m_weibullvariate(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    static const char *const names[] = {"alpha", "beta"};
    Obj *v[2];
    double alpha, beta, u;
    if (mh_bind_m("Random.weibullvariate", args, n, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    if (call_random(self, &u) < 0) return NULL;
    u = 1.0 - u;
    if (dbl(v[0], &alpha) < 0 || dbl(v[1], &beta) < 0) return NULL;
    if (beta == 0.0) {
        vm_err_set_str(&exc_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    Obj *b = float_from_double(-log(u)), *e = float_from_double(1.0 / beta);
    Obj *p = b && e ? num_binary(b, e, NB_POWER) : NULL;
    XDECREF(b);
    XDECREF(e);
    if (!p) return NULL;
    Obj *a = float_from_double(alpha);
    Obj *r = a ? num_binary(a, p, NB_MULTIPLY) : NULL;
    XDECREF(a);
    DECREF(p);
    return r;
}

static double lgamma_math(double x, int *err)
{
    Obj *math = import_name(id_str("math"), NULL, NULL, 0);
    Obj *f = math ? obj_getattr(math, id_str("lgamma")) : NULL;
    XDECREF(math);
    Obj *xo = f ? float_from_double(x) : NULL;
    Obj *r = xo ? obj_call(f, &xo, 1, NULL) : NULL;
    XDECREF(xo);
    XDECREF(f);
    if (!r) {
        *err = 1;
        return 0.0;
    }
    double d = float_value(r);
    DECREF(r);
    return d;
}

static Obj *m_binomialvariate(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"n", "p"};
    Obj *v[2];
    if (mh_bind_m("Random.binomialvariate", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *nobj = v[0] ? INCREF(v[0]) : int_from_i64(1);
    if (!nobj) return NULL;
    double p = 0.5;
    if (v[1] && dbl(v[1], &p) < 0) goto fail;
    {
        Obj *zero = int_from_i64(0);
        int neg = zero ? obj_richcompare_bool(nobj, zero, CMP_LT) : -1;
        XDECREF(zero);
        if (neg < 0) goto fail;
        if (neg) {
            vm_err_set_str(&exc_ValueError, "n must be non-negative");
            goto fail;
        }
    }
    if (p <= 0.0 || p >= 1.0) {
        if (p == 0.0) {
            DECREF(nobj);
            return int_from_i64(0);
        }
        if (p == 1.0) return nobj;
        vm_err_set_str(&exc_ValueError, "p must be in the range 0.0 <= p <= 1.0");
        goto fail;
    }
    double n = float_as_double(nobj);
    if (n == -1.0 && vm_err_occurred()) goto fail;
    Obj *one = int_from_i64(1);
    int is1 = one ? obj_richcompare_bool(nobj, one, CMP_EQ) : -1;
    XDECREF(one);
    if (is1 < 0) goto fail;
    if (is1) {
        double u;
        if (call_random(self, &u) < 0) goto fail;
        DECREF(nobj);
        return int_from_i64(u < p);
    }
    if (p > 0.5) {
        /* n - self.binomialvariate(n, 1.0 - p) */
        Obj *q = float_from_double(1.0 - p);
        Obj *a2[2] = {nobj, q};
        Obj *r = q ? m_binomialvariate(self, a2, 2, NULL) : NULL;
        XDECREF(q);
        Obj *res = r ? num_binary(nobj, r, NB_SUBTRACT) : NULL;
        XDECREF(r);
        DECREF(nobj);
        return res;
    }
    if (n * p < 10.0) {
        /* BG: geometric method */
        int64_t x = 0;
        double y = 0;
        double c = log2(1.0 - p);
        if (c == 0.0) {
            DECREF(nobj);
            return int_from_i64(x);
        }
        for (;;) {
            double u;
            if (call_random(self, &u) < 0) goto fail;
            if (u == 0.0) {
                vm_err_set_str(&exc_ValueError, "math domain error");
                goto fail;
            }
            y += floor(log2(u) / c) + 1;
            if (y > n) {
                DECREF(nobj);
                return int_from_i64(x);
            }
            x++;
        }
    }
    if (!(n * p >= 10.0 && p <= 0.5)) {   /* random.py's assert: a NaN n gets here */
        Obj *e = obj_call((Obj *)&exc_AssertionError, NULL, 0, NULL);
        if (e) vm_err_restore(e);
        goto fail;
    }
    {
        /* BTRS: transformed rejection with squeeze */
        bool setup = false;
        double spq = sqrt(n * p * (1.0 - p));
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double alpha = 0, lpq = 0, m = 0, h = 0;
        for (;;) {
            double u, vv;
            if (call_random(self, &u) < 0) goto fail;
            u -= 0.5;
            double us = 0.5 - fabs(u);
            double k = floor((2.0 * a / us + b) * u + c);
            if (k < 0 || k > n) continue;
            if (call_random(self, &vv) < 0) goto fail;
            if (us >= 0.07 && vv <= vr) {
                DECREF(nobj);
                return int_from_double(k);
            }
            int err = 0;
            if (!setup) {
                alpha = (2.83 + 5.1 / b) * spq;
                lpq = log(p / (1.0 - p));
                m = floor((n + 1) * p);
                h = lgamma_math(m + 1, &err) + lgamma_math(n - m + 1, &err);
                if (err) goto fail;
                setup = true;
            }
            vv *= alpha / (a / (us * us) + b);
            double rhs = h - lgamma_math(k + 1, &err) - lgamma_math(n - k + 1, &err) + (k - m) * lpq;
            if (err) goto fail;
            if (vv <= 0.0) {
                vm_err_set_str(&exc_ValueError, "math domain error");
                goto fail;
            }
            if (log(vv) <= rhs) {
                DECREF(nobj);
                return int_from_double(k);
            }
        }
    }
fail:
    DECREF(nobj);
    return NULL;
}

/* ---- __init_subclass__: pick _randbelow as random.py does ------------------------------------- */

static Obj *m_init_subclass(Obj *cls, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (n) {
        vm_err_format(&exc_TypeError, "Random.__init_subclass__() takes 1 positional argument but %zd were given", n + 1);
        return NULL;
    }
    if (mh_nkw(kw)) {
        args_err_unexpected_kw("Random.__init_subclass__", TUPLE_ITEMS(kw)[0]);
        return NULL;
    }
    Obj *mro = ((TypeObj *)cls)->mro;
    for (Ssize i = 0; mro && i < TUPLE_LEN(mro); i++) {
        TypeObj *c = (TypeObj *)TUPLE_ITEMS(mro)[i];
        Obj *d = c->dict;
        if (!d) continue;
        if (dict_get_borrow(d, id_str("_randbelow"))) break;
        const char *pick = NULL;
        if (dict_get_borrow(d, id_str("getrandbits"))) pick = "_randbelow_with_getrandbits";
        else if (dict_get_borrow(d, id_str("random"))) pick = "_randbelow_without_getrandbits";
        if (pick) {
            Obj *f = dict_get_borrow(random_type.dict, id_str(pick));
            if (f && obj_setattr(cls, id_str("_randbelow"), f) < 0) return NULL;
            break;
        }
    }
    return INCREF(NONE);
}

/* ---- random.Random ------------------------------------------------------------------------------ */

static Obj *get_gauss_next(Obj *o, void *c)
{
    (void)c;
    Obj *g = ((RandomObj *)o)->gauss_next;
    return INCREF(g ? g : NONE);
}

static int set_gauss_next(Obj *o, Obj *v, void *c)
{
    (void)c;
    obj_setref(&((RandomObj *)o)->gauss_next, v && v != NONE ? INCREF(v) : NULL);
    return 0;
}

static Obj *get_dict(Obj *o, void *c)
{
    (void)c;
    Obj **dp = obj_dict_ptr(o);
    if (!*dp && !(*dp = dict_new())) return NULL;
    return INCREF(*dp);
}

static MethodDef random_methods[] = {
    {"seed", m_seed, METH_FAST, "Initialize internal state from a seed."},
    {"getstate", m_getstate, METH_NOARGS, "Return internal state; can be passed to setstate() later."},
    {"setstate", m_setstate, METH_O, "Restore internal state from object returned by getstate()."},
    {"__getstate__", m_dunder_getstate, METH_NOARGS, NULL},
    {"__setstate__", m_dunder_setstate, METH_O, NULL},
    {"__reduce__", m_reduce, METH_NOARGS, NULL},
    {"__init_subclass__", m_init_subclass, METH_FAST | METH_CLASS,
     "Control how subclasses generate random integers."},
    {"_randbelow", m_randbelow_bits, METH_FAST, "Return a random int in the range [0,n).  Defined for n > 0."},
    {"_randbelow_with_getrandbits", m_randbelow_bits, METH_FAST, "Return a random int in the range [0,n).  Defined for n > 0."},
    {"_randbelow_without_getrandbits", m_randbelow_float, METH_FAST, "Return a random int in the range [0,n).  Defined for n > 0."},
    {"randbytes", m_randbytes, METH_FAST, "Generate n random bytes."},
    {"randrange", m_randrange, METH_FAST, "Choose a random item from range(stop) or range(start, stop[, step])."},
    {"randint", m_randint, METH_FAST, "Return random integer in range [a, b], including both end points.\n        "},
    {"choice", m_choice, METH_FAST, "Choose a random element from a non-empty sequence."},
    {"shuffle", m_shuffle, METH_FAST, "Shuffle list x in place, and return None."},
    {"sample", m_sample, METH_FAST, "Chooses k unique random elements from a population sequence."},
    {"choices", m_choices, METH_FAST, "Return a k sized list of population elements chosen with replacement."},
    {"uniform", m_uniform, METH_FAST, "Get a random number in the range [a, b) or [a, b] depending on rounding."},
    {"triangular", m_triangular, METH_FAST, "Triangular distribution."},
    {"normalvariate", m_normalvariate, METH_FAST, "Normal distribution."},
    {"gauss", m_gauss, METH_FAST, "Gaussian distribution."},
    {"lognormvariate", m_lognormvariate, METH_FAST, "Log normal distribution."},
    {"expovariate", m_expovariate, METH_FAST, "Exponential distribution."},
    {"vonmisesvariate", m_vonmisesvariate, METH_FAST, "Circular data distribution."},
    {"gammavariate", m_gammavariate, METH_FAST, "Gamma distribution.  Not the gamma function!"},
    {"betavariate", m_betavariate, METH_FAST, "Beta distribution."},
    {"paretovariate", m_paretovariate, METH_FAST, "Pareto distribution.  alpha is the shape parameter."},
    {"weibullvariate", m_weibullvariate, METH_FAST, "Weibull distribution."},
    {"binomialvariate", m_binomialvariate, METH_FAST, "Binomial random variable."},
    {NULL, NULL, 0, NULL},
};
static GetSetDef random_getset[] = {
    {"gauss_next", get_gauss_next, set_gauss_next, NULL, NULL},
    {"__dict__", get_dict, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj random_type = {
    .base = TYPE_HEAD_INIT, .name = "random.Random", .basicsize = sizeof(RandomObj),
    .flags = TPF_BASETYPE | TPF_GC, .tp_base = &c_random_type, .dealloc = r_dealloc,
    .getattro = obj_generic_getattr, .setattro = obj_generic_setattr, .traverse = r_traverse,
    .clear = r_clear, .new_ = r_new, .init = r_init, .methods = random_methods,
    .getset = random_getset, .dictoffset = offsetof(RandomObj, dict),
    .doc = "Random number generator base class used by bound module functions.\n\n"
           "    Used to instantiate instances of Random to get generators that don't\n"
           "    share state.\n",
};

/* ---- SystemRandom ---------------------------------------------------------------------------- */

static int urandom_bytes(unsigned char *buf, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY);
    size_t got = 0;
    if (fd >= 0) {
        while (got < n) {
            ssize_t r = read(fd, buf + got, n - got);
            if (r <= 0) break;
            got += (size_t)r;
        }
        close(fd);
    }
    if (got < n) {
        vm_err_set_str(&exc_OSError, "no entropy source");
        return -1;
    }
    return 0;
}

static Obj *sr_random(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a;
    if (mh_no_args("SystemRandom.random", n, kw) < 0) return NULL;
    unsigned char b[7];
    if (urandom_bytes(b, 7) < 0) return NULL;
    uint64_t v = 0;
    for (int i = 0; i < 7; i++) v = (v << 8) | b[i];
    return float_from_double((double)(v >> 3) * (1.0 / 9007199254740992.0));
}

static Obj *sr_getrandbits(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"k"};
    Obj *v[1];
    if (mh_bind_m("SystemRandom.getrandbits", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Ssize k = mh_as_ssize(v[0]);
    if (k == -1 && vm_err_occurred()) return NULL;
    if (k < 0) {
        vm_err_set_str(&exc_ValueError, "number of bits must be non-negative");
        return NULL;
    }
    size_t nb = (size_t)(k + 7) / 8;
    unsigned char *buf = xmalloc(nb ? nb : 1);
    if (nb && urandom_bytes(buf, nb) < 0) {
        free(buf);
        return NULL;
    }
    mpz_t z;
    mpz_init(z);
    if (nb) mpz_import(z, nb, 1, 1, 0, 0, buf);
    free(buf);
    mpz_tdiv_q_2exp(z, z, (mp_bitcnt_t)(nb * 8 - (size_t)k));
    Obj *r = int_from_mpz(z);
    mpz_clear(z);
    return r;
}

static Obj *sr_seed(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    return INCREF(NONE);
}

static Obj *sr_notimpl(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self; (void)a; (void)n; (void)kw;
    vm_err_set_str(&exc_NotImplementedError, "System entropy source does not have state.");
    return NULL;
}

static Obj *sr_randbytes(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)self;
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (mh_bind_m("SystemRandom.randbytes", a, n, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Ssize len = mh_as_ssize(v[0]);
    if (len == -1 && vm_err_occurred()) return NULL;
    if (len < 0) {
        vm_err_set_str(&exc_ValueError, "negative argument not allowed");
        return NULL;
    }
    unsigned char *buf = xmalloc((size_t)len + 1);
    Obj *r = urandom_bytes(buf, (size_t)len) == 0 ? bytes_from(buf, len) : NULL;
    free(buf);
    return r;
}

static MethodDef sysrandom_methods[] = {
    {"random", sr_random, METH_FAST, "Get the next random number in the range 0.0 <= X < 1.0."},
    {"getrandbits", sr_getrandbits, METH_FAST, "getrandbits(k) -> x.  Generates an int with k random bits."},
    {"randbytes", sr_randbytes, METH_FAST, "Generate n random bytes."},
    {"seed", sr_seed, METH_FAST, "Stub method.  Not used for a system random number generator."},
    {"getstate", sr_notimpl, METH_FAST, "Method should not be called for a system random number generator."},
    {"setstate", sr_notimpl, METH_FAST, "Method should not be called for a system random number generator."},
    {"_randbelow", m_randbelow_bits, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static TypeObj sysrandom_type = {
    .base = TYPE_HEAD_INIT, .name = "random.SystemRandom", .basicsize = sizeof(RandomObj),
    .flags = TPF_BASETYPE | TPF_GC, .tp_base = &random_type, .methods = sysrandom_methods,
    .new_ = r_new, .init = r_init,
    .doc = "Alternate random number generator using sources provided\n"
           "    by the operating system (such as /dev/urandom on Unix or\n"
           "    CryptGenRandom on Windows).\n\n     Not available on all systems (see os.urandom() for details).\n",
};

/* ---- the modules ------------------------------------------------------------------------------ */

static int add_float(Obj *m, const char *name, double v) { return module_add(m, name, float_from_double(v)); }

static Obj *random_c_init(void)
{
    if (type_ready(&c_random_type) < 0) return NULL;
    Obj *m = mh_module("_random", NULL);
    if (!m) return NULL;
    if (mh_add_obj(m, "Random", (Obj *)&c_random_type) < 0) {
        DECREF(m);
        return NULL;
    }
    return m;
}

static Obj *random_init(void)
{
    nv_magic = 4 * exp(-0.5) / sqrt(2.0);
    sg_magic = 1.0 + log(4.5);
    log4 = log(4.0);
    sha512_constants();
    if (type_ready(&c_random_type) < 0 || type_ready(&random_type) < 0 || type_ready(&sysrandom_type) < 0)
        return NULL;
    if (!dict_get_borrow(random_type.dict, id_str("VERSION")) &&
        dict_set_str(random_type.dict, "VERSION", int_from_i64(3)) < 0)
        return NULL;
    Obj *m = mh_module("random", NULL);
    if (!m) return NULL;
    Obj *inst = obj_call((Obj *)&random_type, NULL, 0, NULL);
    if (!inst) goto fail;
    if (module_add(m, "_inst", INCREF(inst)) < 0) goto fail_inst;
    static const char *const bound[] = {
        "seed", "random", "uniform", "triangular", "randint", "choice", "randrange", "sample",
        "shuffle", "choices", "normalvariate", "lognormvariate", "expovariate", "vonmisesvariate",
        "gammavariate", "gauss", "betavariate", "binomialvariate", "paretovariate",
        "weibullvariate", "getstate", "setstate", "getrandbits", "randbytes",
    };
    for (size_t i = 0; i < sizeof bound / sizeof *bound; i++) {
        Obj *f = obj_getattr(inst, id_str(bound[i]));
        if (!f || module_add(m, bound[i], f) < 0) goto fail_inst;
    }
    DECREF(inst);
    if (mh_add_obj(m, "Random", (Obj *)&random_type) < 0 ||
        mh_add_obj(m, "SystemRandom", (Obj *)&sysrandom_type) < 0 ||
        add_float(m, "NV_MAGICCONST", nv_magic) < 0 || add_float(m, "TWOPI", TWOPI) < 0 ||
        add_float(m, "LOG4", log4) < 0 || add_float(m, "SG_MAGICCONST", sg_magic) < 0 ||
        module_add(m, "BPF", int_from_i64(53)) < 0 ||
        add_float(m, "RECIP_BPF", ldexp(1.0, -53)) < 0)
        goto fail;
    static const char *const all[] = {
        "Random", "SystemRandom", "betavariate", "binomialvariate", "choice", "choices",
        "expovariate", "gammavariate", "gauss", "getrandbits", "getstate", "lognormvariate",
        "normalvariate", "paretovariate", "randbytes", "randint", "random", "randrange", "sample",
        "seed", "setstate", "shuffle", "triangular", "uniform", "vonmisesvariate", "weibullvariate",
    };
    Obj *l = list_new(0);
    for (size_t i = 0; l && i < sizeof all / sizeof *all; i++) {
        Obj *s = str_from_cstr(all[i]);
        if (!s || list_append(l, s) < 0) CLEAR(l);
        XDECREF(s);
    }
    if (!l || module_add(m, "__all__", l) < 0) goto fail;
    return m;
fail_inst:
    DECREF(inst);
fail:
    DECREF(m);
    return NULL;
}

void native_random_register(void)
{
    import_register_native("random", random_init);
    import_register_native("_random", random_c_init);
}
