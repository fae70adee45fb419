/* dict.c — the `dict` type, its views and iterators.
 *
 * Layout: CPython 3.12's compact dict.  A DictKeys block holds an index
 * table of 2**log2size slots (int8/16/32/64 by size; -1 empty, -2 deleted)
 * followed by the entries array, in insertion order.  Deleting leaves a
 * hole in the entries (key and value NULL) and a -2 in the index; new keys
 * are always appended, and when no appendable entry is left (`usable` 0)
 * the table is rebuilt at the size CPython picks (used*3 rounded by its
 * bit trick), squeezing the holes out.  An empty dict has no block at all
 * (CPython's shared empty keys).  The sizes, the `unicode` kind (all keys
 * exact str) and therefore __sizeof__ and the "changed during iteration"
 * checks behave as CPython's.
 *
 * Lookups compare stored key == probe (stored key on the left).  Such a
 * comparison may run Python code that mutates the dict: the lookup then
 * starts over (the block generation or the entry's key changed), and every
 * caller re-reads the table after any call out.  Values and keys leave the
 * table before their references are dropped.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/pyhash.h"
#include "pydbg/vm.h"

#define LOG_MINSIZE 3
#define MINSIZE 8
#define PERTURB_SHIFT 5
#define DKIX_EMPTY (-1)
#define DKIX_DUMMY (-2)
#define DKIX_ERROR (-3)
#define USABLE_FRACTION(n) (((n) << 1) / 3)

typedef struct DictEntry {
    Hash hash;
    Obj *key;          /* NULL: deleted */
    Obj *value;        /* NULL: deleted */
} DictEntry;

typedef struct DictKeys {
    uint8_t log2size;
    uint8_t log2_index_bytes;
    bool unicode;      /* every key an exact str (CPython's unicode kind) */
    Ssize usable;      /* entries that can still be appended */
    Ssize nentries;    /* entries used, holes included */
    int64_t indices[]; /* (1 << log2_index_bytes) bytes, then the entries */
} DictKeys;

typedef struct DictObj {
    Obj base;
    Ssize used;
    uint64_t gen;      /* bumped whenever `keys` is replaced */
    DictKeys *keys;    /* NULL: empty (CPython's shared empty keys) */
    void *unused;      /* CPython's ma_values: the object is 48 bytes as there */
} DictObj;

#define D(o) ((DictObj *)(o))

static inline Ssize dk_size(const DictKeys *k) { return (Ssize)1 << k->log2size; }

static inline DictEntry *dk_entries(DictKeys *k)
{
    return (DictEntry *)((char *)k->indices + ((size_t)1 << k->log2_index_bytes));
}

static inline Ssize get_index(const DictKeys *k, size_t i)
{
    uint8_t s = k->log2size;
    if (s < 8)
        return ((const int8_t *)k->indices)[i];
    if (s < 16)
        return ((const int16_t *)k->indices)[i];
    if (s < 32)
        return ((const int32_t *)k->indices)[i];
    return (Ssize)((const int64_t *)k->indices)[i];
}

static inline void set_index(DictKeys *k, size_t i, Ssize ix)
{
    uint8_t s = k->log2size;
    if (s < 8)
        ((int8_t *)k->indices)[i] = (int8_t)ix;
    else if (s < 16)
        ((int16_t *)k->indices)[i] = (int16_t)ix;
    else if (s < 32)
        ((int32_t *)k->indices)[i] = (int32_t)ix;
    else
        ((int64_t *)k->indices)[i] = ix;
}

static inline bool exact_str(Obj *o) { return IS_TYPE(o, str_type); }

/* CPython's calculate_log2_keysize: bit_length(((minsize | 8) - 1) | 7). */
static uint8_t log2_keysize(Ssize minsize)
{
    uint64_t v = ((uint64_t)((size_t)minsize | MINSIZE) - 1) | (MINSIZE - 1);
    uint8_t n = 0;
    while (v) {
        n++;
        v >>= 1;
    }
    return n;
}

/* Size for n items added at once (dict_merge, fromkeys, presized). */
static uint8_t estimate_log2_keysize(Ssize n)
{
    return log2_keysize((n * 3 + 1) / 2);
}

static DictKeys *new_keys(uint8_t log2size, bool unicode)
{
    if (log2size >= 48) {
        vm_err_no_memory();
        return NULL;
    }
    uint8_t lib = (uint8_t)(log2size + (log2size < 8 ? 0 : log2size < 16 ? 1 : log2size < 32 ? 2 : 3));
    Ssize usable = USABLE_FRACTION((Ssize)1 << log2size);
    size_t bytes = sizeof(DictKeys) + ((size_t)1 << lib) + (size_t)usable * sizeof(DictEntry);
    DictKeys *k = malloc(bytes);
    if (!k) {
        vm_err_no_memory();
        return NULL;
    }
    k->log2size = log2size;
    k->log2_index_bytes = lib;
    k->unicode = unicode;
    k->usable = usable;
    k->nentries = 0;
    memset(k->indices, 0xff, (size_t)1 << lib);
    memset(dk_entries(k), 0, (size_t)usable * sizeof(DictEntry));
    return k;
}

/* Release a block that is no longer reachable from its dict: every key
 * and value, in entry order. */
static void free_keys(DictKeys *k)
{
    if (!k)
        return;
    DictEntry *ep = dk_entries(k);
    for (Ssize i = 0, n = k->nentries; i < n; i++) {
        XDECREF(ep[i].key);
        XDECREF(ep[i].value);
    }
    free(k);
}

/* Slot of the index table holding entry ix (whose hash is h). */
static size_t lookdict_index(DictKeys *k, Hash h, Ssize ix)
{
    size_t mask = (size_t)dk_size(k) - 1, perturb = (size_t)h, i = (size_t)h & mask;
    for (;;) {
        Ssize x = get_index(k, i);
        if (x == ix)
            return i;
        if (x == DKIX_EMPTY)
            return (size_t)-1;    /* cannot happen for a consistent table */
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* First free (empty or deleted) slot on h's probe sequence. */
static size_t find_empty_slot(DictKeys *k, Hash h)
{
    size_t mask = (size_t)dk_size(k) - 1, perturb = (size_t)h, i = (size_t)h & mask;
    while (get_index(k, i) >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* Rebuild the table at 2**log2size, keeping the live entries in order. */
static int dictresize(DictObj *mp, uint8_t log2size, bool unicode)
{
    DictKeys *old = mp->keys;
    if (old && !old->unicode)
        unicode = false;
    DictKeys *nk = new_keys(log2size, unicode);
    if (!nk)
        return -1;
    Ssize n = mp->used;
    if (n > nk->usable) {
        free(nk);
        vm_err_set_str(&exc_SystemError, "dict resize below its size");
        return -1;
    }
    DictEntry *dst = dk_entries(nk);
    if (old) {
        DictEntry *src = dk_entries(old);
        Ssize j = 0;
        for (Ssize i = 0; i < old->nentries && j < n; i++)
            if (src[i].value)
                dst[j++] = src[i];
        n = j;
    }
    size_t mask = (size_t)dk_size(nk) - 1;
    for (Ssize ix = 0; ix < n; ix++) {
        Hash h = dst[ix].hash;
        size_t perturb = (size_t)h, i = (size_t)h & mask;
        while (get_index(nk, i) != DKIX_EMPTY) {
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + perturb + 1) & mask;
        }
        set_index(nk, i, ix);
    }
    nk->usable -= n;
    nk->nentries = n;
    mp->keys = nk;
    mp->gen++;
    free(old);   /* the references moved to the new block */
    return 0;
}

static int insertion_resize(DictObj *mp, bool unicode)
{
    return dictresize(mp, log2_keysize(mp->used * 3), unicode);
}

/* Find key: the entry index (value in *value, borrowed) or DKIX_EMPTY
 * (*value NULL) or DKIX_ERROR. */
static Ssize lookup(DictObj *mp, Obj *key, Hash hash, Obj **value)
{
restart:;
    DictKeys *dk = mp->keys;
    *value = NULL;
    if (!dk)
        return DKIX_EMPTY;
    uint64_t gen = mp->gen;
    size_t mask = (size_t)dk_size(dk) - 1, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        Ssize ix = get_index(dk, i);
        if (ix >= 0) {
            DictEntry *ep = &dk_entries(dk)[ix];
            if (ep->key == key) {
                *value = ep->value;
                return ix;
            }
            if (ep->hash == hash) {
                Obj *startkey = ep->key;
                if (exact_str(startkey) && exact_str(key)) {
                    if (str_eq(startkey, key)) {
                        *value = ep->value;
                        return ix;
                    }
                } else {
                    INCREF(startkey);
                    int cmp = obj_richcompare_bool(startkey, key, CMP_EQ);
                    DECREF(startkey);
                    if (cmp < 0)
                        return DKIX_ERROR;
                    if (mp->gen != gen || ep->key != startkey)
                        goto restart;   /* the comparison changed the dict */
                    if (cmp > 0) {
                        *value = ep->value;
                        return ix;
                    }
                }
            }
        } else if (ix == DKIX_EMPTY) {
            return DKIX_EMPTY;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static Hash hash_of(Obj *key)
{
    if (exact_str(key) && ((StrObj *)key)->hash != -1)
        return ((StrObj *)key)->hash;
    return obj_hash(key);
}

/* Store (key, value) in a dict with no block. */
static int insert_to_empty(DictObj *mp, Obj *key, Hash hash, Obj *value)
{
    DictKeys *nk = new_keys(LOG_MINSIZE, exact_str(key));
    if (!nk)
        return -1;
    size_t i = (size_t)hash & (MINSIZE - 1);
    set_index(nk, i, 0);
    DictEntry *ep = dk_entries(nk);
    ep->hash = hash;
    ep->key = INCREF(key);
    ep->value = INCREF(value);
    nk->usable--;
    nk->nentries = 1;
    mp->keys = nk;
    mp->gen++;
    mp->used = 1;
    return 0;
}

/* d[key] = value with a known hash; when only_new, an existing key keeps
 * its value.  *result (if not NULL) receives the value now stored
 * (borrowed). */
static int insert(DictObj *mp, Obj *key, Hash hash, Obj *value, bool only_new, Obj **result)
{
    if (!mp->keys) {
        if (insert_to_empty(mp, key, hash, value) < 0)
            return -1;
        if (result)
            *result = value;
        return 0;
    }
    if (mp->keys->unicode && !exact_str(key) && insertion_resize(mp, false) < 0)
        return -1;
    Obj *old;
    Ssize ix = lookup(mp, key, hash, &old);
    if (ix == DKIX_ERROR)
        return -1;
    if (ix == DKIX_EMPTY) {
        /* the comparisons may have emptied the dict back to no block */
        if (!mp->keys) {
            if (insert_to_empty(mp, key, hash, value) < 0)
                return -1;
            if (result)
                *result = value;
            return 0;
        }
        if (mp->keys->usable <= 0 && insertion_resize(mp, true) < 0)
            return -1;
        DictKeys *k = mp->keys;
        if (k->unicode && !exact_str(key))
            k->unicode = false;
        size_t slot = find_empty_slot(k, hash);
        set_index(k, slot, k->nentries);
        DictEntry *ep = &dk_entries(k)[k->nentries];
        ep->hash = hash;
        ep->key = INCREF(key);
        ep->value = INCREF(value);
        mp->used++;
        k->usable--;
        k->nentries++;
        if (result)
            *result = value;
        return 0;
    }
    if (only_new) {
        if (result)
            *result = old;
        return 0;
    }
    if (old != value) {
        dk_entries(mp->keys)[ix].value = INCREF(value);
        DECREF(old);    /* may run code; the table is consistent */
    }
    if (result)
        *result = value;
    return 0;
}

/* Remove entry ix (found for hash); the dict's references are released
 * after the table is consistent. */
static void delitem_at(DictObj *mp, Hash hash, Ssize ix)
{
    DictKeys *k = mp->keys;
    size_t slot = lookdict_index(k, hash, ix);
    DictEntry *ep = &dk_entries(k)[ix];
    Obj *old_key = ep->key, *old_value = ep->value;
    mp->used--;
    if (slot != (size_t)-1)
        set_index(k, slot, DKIX_DUMMY);
    ep->key = NULL;
    ep->value = NULL;
    DECREF(old_key);
    DECREF(old_value);
}

/* ---- public API ------------------------------------------------------------------ */

Obj *dict_new(void)
{
    return obj_alloc(&dict_type, 0);
}

Obj *dict_new_presized(Ssize n, bool unicode)
{
    Obj *d = dict_new();
    if (!d || n <= USABLE_FRACTION(MINSIZE))
        return d;
    DictKeys *k = new_keys(estimate_log2_keysize(n), unicode);
    if (!k) {
        DECREF(d);
        return NULL;
    }
    D(d)->keys = k;
    D(d)->gen++;
    return d;
}

Obj *dict_from_items(Obj *const *keys, Ssize kstride, Obj *const *values, Ssize vstride, Ssize n)
{
    bool unicode = true;
    for (Ssize i = 0; i < n; i++)
        if (!exact_str(keys[i * kstride])) {
            unicode = false;
            break;
        }
    Obj *d = dict_new_presized(n, unicode);
    if (!d)
        return NULL;
    for (Ssize i = 0; i < n; i++)
        if (dict_set(d, keys[i * kstride], values[i * vstride]) < 0) {
            DECREF(d);
            return NULL;
        }
    return d;
}

void dict_key_error(Obj *key)
{
    Obj *exc = obj_call((Obj *)&exc_KeyError, &key, 1, NULL);
    if (exc) {
        vm_err_set_obj(&exc_KeyError, exc);
        DECREF(exc);
    }
}

Obj *dict_get_known_hash_borrow(Obj *d, Obj *key, Hash h)
{
    Obj *v;
    if (lookup(D(d), key, h, &v) == DKIX_ERROR)
        return NULL;
    return v;
}

Obj *dict_get_borrow(Obj *d, Obj *key)
{
    Hash h = hash_of(key);
    if (h == -1)
        return NULL;
    return dict_get_known_hash_borrow(d, key, h);
}

static inline Obj *cached_entry(DictKeys *dk, Ssize ix, Obj *name)
{
    if (!dk || ix >= dk->nentries)
        return NULL;
    DictEntry *e = &dk_entries(dk)[ix];
    return e->key == name ? e->value : NULL;
}

Obj *dict_load_global(Obj *globals, Obj *builtins, Obj *name, GlobalCache *c)
{
    DictObj *g = D(globals), *b = D(builtins);
    if (c->globals == g) {
        Obj *v = NULL;
        if (!c->in_builtins)
            v = cached_entry(g->keys, c->ix, name);
        else if (c->builtins == b && c->gkeys == g->keys && c->ggen == g->gen &&
                 (g->keys ? g->keys->nentries : 0) == c->gnentries)
            v = cached_entry(b->keys, c->ix, name);   /* no key added to globals since */
        if (v)
            return v;
    }
    Hash h = hash_of(name);
    if (h == -1)
        return NULL;
    Obj *v;
    Ssize ix = lookup(g, name, h, &v);
    if (ix == DKIX_ERROR)
        return NULL;
    if (v) {
        *c = (GlobalCache){.globals = g, .ix = ix, .in_builtins = false};
        return v;
    }
    ix = lookup(b, name, h, &v);
    if (ix == DKIX_ERROR || !v)
        return NULL;
    *c = (GlobalCache){.globals = g, .gkeys = g->keys, .builtins = b, .ggen = g->gen,
                       .gnentries = g->keys ? g->keys->nentries : 0, .ix = ix, .in_builtins = true};
    return v;
}

Obj *dict_get_str_borrow(Obj *d, const char *key)
{
    /* ASCII keys are looked up without making a str: their hash is the
     * hash of their bytes (PEP 393 kind 1), and only exact str keys with
     * the same hash can be equal (no Python code runs). */
    size_t n = 0;
    bool ascii = true;
    for (; key[n]; n++)
        if ((unsigned char)key[n] >= 0x80)
            ascii = false;
    DictKeys *dk = D(d)->keys;
    if (ascii && dk && IS_TYPE(d, dict_type)) {
        Hash h = (Hash)pyhash_signed(&pyhash_vm, pyhash_str(&pyhash_vm, key, 1, n));
        if (h == -1)
            h = -2;
        size_t mask = (size_t)dk_size(dk) - 1, perturb = (size_t)h, i = (size_t)h & mask;
        for (;;) {
            Ssize ix = get_index(dk, i);
            if (ix == DKIX_EMPTY)
                return NULL;
            if (ix >= 0) {
                DictEntry *ep = &dk_entries(dk)[ix];
                if (ep->hash == h && exact_str(ep->key) && str_eq_cstr(ep->key, key))
                    return ep->value;
                if (ep->hash == h && !exact_str(ep->key))
                    break;   /* a str subclass or other key: the general path */
            }
            perturb >>= PERTURB_SHIFT;
            i = (i * 5 + perturb + 1) & mask;
        }
    }
    Obj *k = str_from_cstr(key);
    if (!k)
        return NULL;
    Obj *v = dict_get_borrow(d, k);
    DECREF(k);
    return v;
}

int dict_contains(Obj *d, Obj *key)
{
    Hash h = hash_of(key);
    if (h == -1)
        return -1;
    Obj *v;
    Ssize ix = lookup(D(d), key, h, &v);
    if (ix == DKIX_ERROR)
        return -1;
    return v != NULL;
}

int dict_contains_known_hash(Obj *d, Obj *key, Hash h)
{
    Obj *v;
    Ssize ix = lookup(D(d), key, h, &v);
    if (ix == DKIX_ERROR)
        return -1;
    return v != NULL;
}

int dict_set_known_hash(Obj *d, Obj *key, Hash h, Obj *value)
{
    return insert(D(d), key, h, value, false, NULL);
}

int dict_set(Obj *d, Obj *key, Obj *value)
{
    Hash h = hash_of(key);
    if (h == -1)
        return -1;
    return insert(D(d), key, h, value, false, NULL);
}

int dict_set_str(Obj *d, const char *key, Obj *value)
{
    Obj *k = str_intern_cstr(key);
    if (!k)
        return -1;
    int r = dict_set(d, k, value);
    DECREF(k);
    return r;
}

Obj *dict_setdefault(Obj *d, Obj *key, Obj *dflt)
{
    Hash h = hash_of(key);
    if (h == -1)
        return NULL;
    Obj *r;
    if (insert(D(d), key, h, dflt, true, &r) < 0)
        return NULL;
    return INCREF(r);
}

int dict_del(Obj *d, Obj *key)
{
    Hash h = hash_of(key);
    if (h == -1)
        return -1;
    Obj *old;
    Ssize ix = lookup(D(d), key, h, &old);
    if (ix == DKIX_ERROR)
        return -1;
    if (ix == DKIX_EMPTY || !old) {
        dict_key_error(key);
        return -1;
    }
    delitem_at(D(d), h, ix);
    return 0;
}

/* dict.pop(key[, deflt]); deflt NULL raises KeyError. */
static Obj *dict_pop_impl(Obj *d, Obj *key, Obj *deflt)
{
    DictObj *mp = D(d);
    if (mp->used == 0) {
        if (deflt)
            return INCREF(deflt);
        dict_key_error(key);
        return NULL;
    }
    Hash h = hash_of(key);
    if (h == -1)
        return NULL;
    Obj *old;
    Ssize ix = lookup(mp, key, h, &old);
    if (ix == DKIX_ERROR)
        return NULL;
    if (ix == DKIX_EMPTY || !old) {
        if (deflt)
            return INCREF(deflt);
        dict_key_error(key);
        return NULL;
    }
    INCREF(old);
    delitem_at(mp, h, ix);
    return old;
}

int dict_pop_opt(Obj *d, Obj *key, Obj **out)
{
    *out = NULL;
    if (D(d)->used == 0)
        return 0;
    Hash h = hash_of(key);
    if (h == -1)
        return -1;
    Obj *old;
    Ssize ix = lookup(D(d), key, h, &old);
    if (ix == DKIX_ERROR)
        return -1;
    if (ix == DKIX_EMPTY || !old)
        return 0;
    *out = INCREF(old);
    delitem_at(D(d), h, ix);
    return 1;
}

Ssize dict_len(Obj *d) { return D(d)->used; }

int dict_next_hash(Obj *d, Ssize *pos, Obj **key, Obj **value, Hash *hash)
{
    DictKeys *k = D(d)->keys;
    Ssize i = *pos;
    if (!k || i < 0)
        return 0;
    DictEntry *ep = dk_entries(k);
    Ssize n = k->nentries;
    while (i < n && !ep[i].value)
        i++;
    *pos = i + 1;
    if (i >= n)
        return 0;
    if (key)
        *key = ep[i].key;
    if (value)
        *value = ep[i].value;
    if (hash)
        *hash = ep[i].hash;
    return 1;
}

int dict_next(Obj *d, Ssize *pos, Obj **key, Obj **value)
{
    return dict_next_hash(d, pos, key, value, NULL);
}

void dict_clear(Obj *d)
{
    DictObj *mp = D(d);
    DictKeys *old = mp->keys;
    if (!old)
        return;
    mp->keys = NULL;
    mp->used = 0;
    mp->gen++;
    free_keys(old);
}

/* A copy of the block (same size and holes); the new block owns new
 * references to every key and value. */
static DictKeys *clone_keys(DictKeys *k)
{
    size_t bytes = sizeof(DictKeys) + ((size_t)1 << k->log2_index_bytes) +
                   (size_t)USABLE_FRACTION(dk_size(k)) * sizeof(DictEntry);
    DictKeys *nk = malloc(bytes);
    if (!nk) {
        vm_err_no_memory();
        return NULL;
    }
    memcpy(nk, k, bytes);
    DictEntry *ep = dk_entries(nk);
    for (Ssize i = 0; i < nk->nentries; i++)
        if (ep[i].value) {
            INCREF(ep[i].key);
            INCREF(ep[i].value);
        }
    return nk;
}

static Obj *dict_iter(Obj *d);

/* Is o a dict whose iteration is dict's own (CPython checks tp_iter)? */
static bool plain_dict_iter(Obj *o)
{
    return DICT_CHECK(o) && OBJ_TYPE(o)->iter == dict_iter;
}

/* PyDict_Merge: on_dup 0 overwrite, 1 keep the old value, 2 KeyError(key). */
int dict_merge(Obj *a, Obj *b, int on_dup)
{
    DictObj *mp = D(a);
    if (plain_dict_iter(b)) {
        DictObj *other = D(b);
        if (other == mp || other->used == 0)
            return 0;
        int override = on_dup == 0 ? 1 : on_dup == 1 ? 0 : 2;
        if (mp->used == 0) {
            override = 1;
            DictKeys *ok = other->keys;
            /* a clean, not over-sized block is cloned as it is */
            if (ok && other->used == ok->nentries &&
                (ok->log2size == LOG_MINSIZE || USABLE_FRACTION(dk_size(ok) / 2) < other->used)) {
                DictKeys *nk = clone_keys(ok);
                if (!nk)
                    return -1;
                DictKeys *old = mp->keys;
                mp->keys = nk;
                mp->used = other->used;
                mp->gen++;
                free_keys(old);
                return 0;
            }
        }
        /* One big resize first when the other dict would not fit (CPython's
         * shared empty table counts as size 1, so an empty target always
         * resizes). */
        Ssize cur = mp->keys ? dk_size(mp->keys) : 1;
        if (USABLE_FRACTION(cur) < other->used) {
            bool unicode = other->keys ? other->keys->unicode : true;
            if (dictresize(mp, estimate_log2_keysize(mp->used + other->used), unicode) < 0)
                return -1;
        }
        Ssize orig_size = other->keys ? other->keys->nentries : 0;
        Ssize pos = 0;
        Obj *key, *value;
        Hash hash;
        while (dict_next_hash(b, &pos, &key, &value, &hash)) {
            int err = 0;
            INCREF(key);
            INCREF(value);
            if (override == 1) {
                err = insert(mp, key, hash, value, false, NULL);
            } else {
                err = dict_contains_known_hash(a, key, hash);
                if (err == 0) {
                    err = insert(mp, key, hash, value, false, NULL);
                } else if (err > 0) {
                    if (override != 0) {
                        dict_key_error(key);
                        DECREF(value);
                        DECREF(key);
                        return -1;
                    }
                    err = 0;
                }
            }
            DECREF(value);
            DECREF(key);
            if (err != 0)
                return -1;
            if (orig_size != (other->keys ? other->keys->nentries : 0)) {
                vm_err_set_str(&exc_RuntimeError, "dict mutated during update");
                return -1;
            }
        }
        return 0;
    }
    /* A generic mapping: b.keys(), then b[key] for each. */
    Obj *keys = obj_call_method(b, "keys", NULL, 0);
    if (!keys)
        return -1;
    Obj *it = obj_getiter(keys);
    if (!it) {
        if (vm_err_matches(&exc_TypeError))
            vm_err_format(&exc_TypeError, "%s.keys() returned a non-iterable (type %s)",
                          OBJ_TYPE(b)->name, OBJ_TYPE(keys)->name);
        DECREF(keys);
        return -1;
    }
    Obj *list = seq_to_list(it);
    DECREF(it);
    DECREF(keys);
    if (!list)
        return -1;
    int status = 0;
    for (Ssize i = 0; i < LIST_LEN(list); i++) {
        Obj *key = INCREF(LIST_ITEMS(list)[i]);
        if (on_dup != 0) {
            int c = dict_contains(a, key);
            if (c != 0) {
                if (c > 0 && on_dup == 1) {
                    DECREF(key);
                    continue;
                }
                if (c > 0)
                    dict_key_error(key);
                DECREF(key);
                status = -1;
                break;
            }
        }
        Obj *value = obj_getitem(b, key);
        if (!value) {
            DECREF(key);
            status = -1;
            break;
        }
        status = dict_set(a, key, value);
        DECREF(key);
        DECREF(value);
        if (status < 0)
            break;
    }
    DECREF(list);
    return status;
}

/* dict.update(seq2) for an iterable of pairs (PyDict_MergeFromSeq2). */
static int merge_from_seq2(Obj *d, Obj *seq2, bool override)
{
    Obj *it = obj_getiter(seq2);
    if (!it)
        return -1;
    int status = 0;
    for (Ssize i = 0;; i++) {
        Obj *item = obj_iternext(it);
        if (!item) {
            if (vm_err_occurred())
                status = -1;
            break;
        }
        Obj *fast = seq_fast(item, "");
        DECREF(item);
        if (!fast) {
            if (vm_err_matches(&exc_TypeError))
                vm_err_format(&exc_TypeError,
                              "cannot convert dictionary update sequence element #%zd to a sequence",
                              i);
            status = -1;
            break;
        }
        Ssize n = IS_TYPE(fast, tuple_type) ? TUPLE_LEN(fast) : LIST_LEN(fast);
        if (n != 2) {
            vm_err_format(&exc_ValueError,
                          "dictionary update sequence element #%zd has length %zd; 2 is required",
                          i, n);
            DECREF(fast);
            status = -1;
            break;
        }
        Obj **items = IS_TYPE(fast, tuple_type) ? TUPLE_ITEMS(fast) : LIST_ITEMS(fast);
        Obj *key = INCREF(items[0]), *value = INCREF(items[1]);
        DECREF(fast);
        int r;
        if (override) {
            r = dict_set(d, key, value);
        } else {
            Obj *x = dict_setdefault(d, key, value);
            r = x ? 0 : -1;
            XDECREF(x);
        }
        DECREF(key);
        DECREF(value);
        if (r < 0) {
            status = -1;
            break;
        }
    }
    DECREF(it);
    return status;
}

/* dict.update(arg): a dict, anything with keys(), or pairs. */
int dict_update(Obj *d, Obj *arg)
{
    if (IS_TYPE(arg, dict_type))
        return dict_merge(d, arg, 0);
    Obj *keys;
    int r = obj_lookup_attr(arg, id_str("keys"), &keys);
    if (r < 0)
        return -1;
    if (r > 0) {
        DECREF(keys);
        return dict_merge(d, arg, 0);
    }
    return merge_from_seq2(d, arg, true);
}

Obj *dict_copy(Obj *o)
{
    DictObj *mp = D(o);
    if (mp->used == 0)
        return dict_new();
    if (plain_dict_iter(o) && mp->keys && mp->used >= (mp->keys->nentries * 2) / 3) {
        /* mostly holes-free: clone the block */
        DictKeys *nk = clone_keys(mp->keys);
        if (!nk)
            return NULL;
        Obj *c = dict_new();
        if (!c) {
            free_keys(nk);
            return NULL;
        }
        D(c)->keys = nk;
        D(c)->used = mp->used;
        D(c)->gen++;
        return c;
    }
    Obj *c = dict_new();
    if (c && dict_merge(c, o, 0) < 0)
        CLEAR(c);
    return c;
}

/* A list of the keys, values or (key, value) tuples (0, 1, 2). */
static Obj *dict_list(Obj *d, int what)
{
    for (;;) {
        Ssize n = D(d)->used;
        Obj *l = list_new(n);
        if (!l)
            return NULL;
        if (what == 2)
            for (Ssize j = 0; j < n; j++) {
                Obj *t = tuple_new(2);
                if (!t) {
                    /* fill the rest so the list can be freed */
                    for (; j < n; j++)
                        LIST_ITEMS(l)[j] = INCREF(NONE);
                    DECREF(l);
                    return NULL;
                }
                TUPLE_ITEMS(t)[0] = INCREF(NONE);
                TUPLE_ITEMS(t)[1] = INCREF(NONE);
                LIST_ITEMS(l)[j] = t;
            }
        /* allocating may have run code (a collection) that changed d */
        if (n != D(d)->used) {
            if (what != 2)
                for (Ssize j = 0; j < n; j++)
                    LIST_ITEMS(l)[j] = INCREF(NONE);
            DECREF(l);
            continue;
        }
        Ssize pos = 0, j = 0;
        Obj *k, *v;
        while (dict_next(d, &pos, &k, &v)) {
            if (what == 2) {
                Obj *t = LIST_ITEMS(l)[j++];
                obj_setref(&TUPLE_ITEMS(t)[0], INCREF(k));
                obj_setref(&TUPLE_ITEMS(t)[1], INCREF(v));
            } else {
                LIST_ITEMS(l)[j++] = INCREF(what == 0 ? k : v);
            }
        }
        return l;
    }
}

Obj *dict_keys_list(Obj *d) { return dict_list(d, 0); }
Obj *dict_values_list(Obj *d) { return dict_list(d, 1); }
Obj *dict_items_list(Obj *d) { return dict_list(d, 2); }

/* ---- slots ------------------------------------------------------------------------ */

static void dict_dealloc(Obj *o)
{
    gc_untrack(o);
    int trash = trash_begin(o, dict_dealloc);
    if (trash > 0)
        return;
    DictKeys *k = D(o)->keys;
    D(o)->keys = NULL;
    D(o)->used = 0;
    free_keys(k);
    obj_free(o);
    if (trash == 0)
        trash_end();
}

static int dict_traverse(Obj *o, VisitFn visit, void *arg)
{
    DictKeys *k = D(o)->keys;
    if (!k)
        return 0;
    DictEntry *ep = dk_entries(k);
    for (Ssize i = 0; i < k->nentries; i++) {
        if (!ep[i].value)
            continue;
        /* 3.12's order: the value, then the key. */
        int r = visit(ep[i].value, arg);
        if (r)
            return r;
        r = visit(ep[i].key, arg);
        if (r)
            return r;
    }
    return 0;
}

static int dict_gc_clear(Obj *o)
{
    dict_clear(o);
    return 0;
}

static Obj *dict_repr(Obj *o)
{
    int r = repr_enter(o);
    if (r != 0)
        return r > 0 ? str_from_cstr("{...}") : NULL;
    if (D(o)->used == 0) {
        repr_leave(o);
        return str_from_cstr("{}");
    }
    SBuf b = SBUF_INIT;
    sbuf_putc(&b, '{');
    Ssize pos = 0;
    Obj *key, *value;
    bool first = true;
    /* dict_next re-reads the table: the reprs may change the dict */
    while (dict_next(o, &pos, &key, &value)) {
        INCREF(key);
        INCREF(value);
        if (!first)
            sbuf_puts(&b, ", ");
        first = false;
        Obj *s = obj_repr(key);
        Ssize len;
        if (s) {
            const char *u = str_utf8_lossy(s, &len);
            sbuf_put(&b, u, (size_t)len);
            DECREF(s);
            sbuf_puts(&b, ": ");
            s = obj_repr(value);
        }
        DECREF(key);
        DECREF(value);
        if (!s) {
            sbuf_free(&b);
            repr_leave(o);
            return NULL;
        }
        const char *u = str_utf8_lossy(s, &len);
        sbuf_put(&b, u, (size_t)len);
        DECREF(s);
    }
    sbuf_putc(&b, '}');
    repr_leave(o);
    Obj *res = str_from_utf8(b.data, (Ssize)b.len);
    sbuf_free(&b);
    return res;
}

static Ssize dict_length(Obj *o) { return D(o)->used; }

/* The special method `name` of type(o), bound to o; NULL (no exception)
 * when the type has none. */
static Obj *special_method(Obj *o, const char *name)
{
    Obj *f = type_lookup(OBJ_TYPE(o), id_str(name));
    if (!f)
        return NULL;
    DescrGetFn get = OBJ_TYPE(f)->descr_get;
    if (get)
        return get(f, o, (Obj *)OBJ_TYPE(o));
    return INCREF(f);
}

static Obj *dict_subscript(Obj *o, Obj *key)
{
    Hash h = hash_of(key);
    if (h == -1)
        return NULL;
    Obj *v;
    Ssize ix = lookup(D(o), key, h, &v);
    if (ix == DKIX_ERROR)
        return NULL;
    if (ix == DKIX_EMPTY || !v) {
        if (!IS_TYPE(o, dict_type)) {
            /* subclasses: __missing__ */
            Obj *missing = special_method(o, "__missing__");
            if (missing) {
                Obj *res = obj_call(missing, &key, 1, NULL);
                DECREF(missing);
                return res;
            }
            if (vm_err_occurred())
                return NULL;
        }
        dict_key_error(key);
        return NULL;
    }
    return INCREF(v);
}

static int dict_ass_subscript(Obj *o, Obj *key, Obj *value)
{
    if (!value)
        return dict_del(o, key);
    return dict_set(o, key, value);
}

static int dict_sq_contains(Obj *o, Obj *key)
{
    return dict_contains(o, key);
}

/* a == b for two dicts: same size, every key of a in b with an equal value. */
static int dict_equal(DictObj *a, DictObj *b)
{
    if (a->used != b->used)
        return 0;
    for (Ssize i = 0; a->keys && i < a->keys->nentries; i++) {
        DictEntry *ep = &dk_entries(a->keys)[i];
        Obj *aval = ep->value;
        if (!aval)
            continue;
        Obj *key = INCREF(ep->key);
        INCREF(aval);
        Obj *bval;
        Ssize ix = lookup(b, key, ep->hash, &bval);
        if (ix == DKIX_ERROR || !bval) {
            DECREF(key);
            DECREF(aval);
            return ix == DKIX_ERROR ? -1 : 0;
        }
        INCREF(bval);
        int cmp = obj_richcompare_bool(aval, bval, CMP_EQ);
        DECREF(key);
        DECREF(aval);
        DECREF(bval);
        if (cmp <= 0)
            return cmp;
    }
    return 1;
}

static Obj *dict_richcompare(Obj *v, Obj *w, int op)
{
    if (!DICT_CHECK(v) || !DICT_CHECK(w) || (op != CMP_EQ && op != CMP_NE))
        return INCREF(NOTIMPL);
    int cmp = dict_equal(D(v), D(w));
    if (cmp < 0)
        return NULL;
    return bool_from((cmp != 0) == (op == CMP_EQ));
}

static Obj *dict_or(Obj *self, Obj *other)
{
    if (!DICT_CHECK(self) || !DICT_CHECK(other))
        return INCREF(NOTIMPL);
    Obj *n = dict_copy(self);
    if (n && dict_update(n, other) < 0)
        CLEAR(n);
    return n;
}

static Obj *dict_ior(Obj *self, Obj *other)
{
    if (dict_update(self, other) < 0)
        return NULL;
    return INCREF(self);
}

static Obj *dict_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs; (void)kwnames;
    return obj_alloc(t, 0);
}

/* dict(...).__init__ / dict.update: one optional positional, keywords. */
static int update_common(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames, const char *name)
{
    if (args_count(name, nargs, 0, 1) < 0)
        return -1;
    if (nargs == 1 && dict_update(self, args[0]) < 0)
        return -1;
    Ssize nkw = kwnames ? TUPLE_LEN(kwnames) : 0;
    for (Ssize i = 0; i < nkw; i++)
        if (dict_set(self, TUPLE_ITEMS(kwnames)[i], args[nargs + i]) < 0)
            return -1;
    return 0;
}

static int dict_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    return update_common(self, args, nargs, kwnames, "dict");
}

/* ---- methods ------------------------------------------------------------------------- */

static Obj *meth_get(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("dict.get", kw) < 0 || args_count("get", nargs, 1, 2) < 0)
        return NULL;
    Hash h = hash_of(args[0]);
    if (h == -1)
        return NULL;
    Obj *v;
    if (lookup(D(self), args[0], h, &v) == DKIX_ERROR)
        return NULL;
    if (!v)
        v = nargs > 1 ? args[1] : NONE;
    return INCREF(v);
}

static Obj *meth_setdefault(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("dict.setdefault", kw) < 0 || args_count("setdefault", nargs, 1, 2) < 0)
        return NULL;
    return dict_setdefault(self, args[0], nargs > 1 ? args[1] : NONE);
}

static Obj *meth_pop(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("dict.pop", kw) < 0 || args_count("pop", nargs, 1, 2) < 0)
        return NULL;
    return dict_pop_impl(self, args[0], nargs > 1 ? args[1] : NULL);
}

static Obj *meth_popitem(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    DictObj *mp = D(self);
    Obj *res = tuple_new(2);
    if (!res)
        return NULL;
    if (mp->used == 0) {
        DECREF(res);
        Obj *msg = str_from_cstr("popitem(): dictionary is empty");
        if (msg) {
            dict_key_error(msg);
            DECREF(msg);
        }
        return NULL;
    }
    DictKeys *k = mp->keys;
    DictEntry *ep = dk_entries(k);
    Ssize i = k->nentries - 1;
    while (i >= 0 && !ep[i].value)
        i--;
    Obj *key = ep[i].key, *value = ep[i].value;
    Hash h = ep[i].hash;
    size_t slot = lookdict_index(k, h, i);
    if (slot != (size_t)-1)
        set_index(k, slot, DKIX_DUMMY);
    ep[i].key = NULL;
    ep[i].value = NULL;
    /* the slot is a dummy: usable stays as it is */
    k->nentries = i;
    mp->used--;
    TUPLE_ITEMS(res)[0] = key;
    TUPLE_ITEMS(res)[1] = value;
    return res;
}

static Obj *meth_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (update_common(self, args, nargs, kw, "update") < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *meth_fromkeys(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("dict.fromkeys", kw) < 0 || args_count("fromkeys", nargs, 1, 2) < 0)
        return NULL;
    Obj *iterable = args[0], *value = nargs > 1 ? args[1] : NONE;
    Obj *d = obj_call(cls, NULL, 0, NULL);
    if (!d)
        return NULL;
    if (IS_TYPE(d, dict_type)) {
        DictObj *mp = D(d);
        if (IS_TYPE(iterable, dict_type)) {
            bool unicode = D(iterable)->keys ? D(iterable)->keys->unicode : true;
            if (dictresize(mp, estimate_log2_keysize(D(iterable)->used), unicode) < 0)
                goto fail;
            Ssize pos = 0;
            Obj *key;
            Hash h;
            while (dict_next_hash(iterable, &pos, &key, NULL, &h))
                if (insert(mp, key, h, value, false, NULL) < 0)
                    goto fail;
            return d;
        }
        if (IS_TYPE(iterable, set_type) || IS_TYPE(iterable, frozenset_type)) {
            if (dictresize(mp, estimate_log2_keysize(set_len(iterable)), false) < 0)
                goto fail;
            Ssize pos = 0;
            Obj *key;
            Hash h;
            while (set_next_hash(iterable, &pos, &key, &h))
                if (insert(mp, key, h, value, false, NULL) < 0)
                    goto fail;
            return d;
        }
    }
    Obj *it = obj_getiter(iterable);
    if (!it)
        goto fail;
    bool exact = IS_TYPE(d, dict_type);
    for (;;) {
        Obj *key = obj_iternext(it);
        if (!key) {
            if (vm_err_occurred()) {
                DECREF(it);
                goto fail;
            }
            break;
        }
        int r = exact ? dict_set(d, key, value) : obj_setitem(d, key, value);
        DECREF(key);
        if (r < 0) {
            DECREF(it);
            goto fail;
        }
    }
    DECREF(it);
    return d;
fail:
    DECREF(d);
    return NULL;
}

static Obj *meth_clear(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    dict_clear(self);
    return INCREF(NONE);
}

static Obj *meth_copy(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    return dict_copy(self);
}

static Obj *meth_sizeof(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args; (void)nargs; (void)kw;
    /* CPython: the 48-byte object + keys block (32-byte header, index
     * bytes, entries of 16 bytes for str-only keys, else 24) */
    Ssize size = OBJ_TYPE(self)->basicsize;
    DictKeys *k = D(self)->keys;
    if (k)
        size += 32 + ((Ssize)1 << k->log2_index_bytes) +
                USABLE_FRACTION(dk_size(k)) * (k->unicode ? 16 : 24);
    return int_from_i64(size);
}

static Obj *make_view(Obj *d, TypeObj *t);
static Obj *make_iter(Obj *d, TypeObj *t);

static Obj *meth_keys(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return make_view(self, &dict_keys_type);
}
static Obj *meth_values(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return make_view(self, &dict_values_type);
}
static Obj *meth_items(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return make_view(self, &dict_items_type);
}
static Obj *meth_reversed(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return make_iter(self, &dict_revkeyiter_type);
}

/* list[int] and friends: types.GenericAlias (PEP 585). */
static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return generic_alias_new(cls, args[0]);
}

static MethodDef dict_methods[] = {
    {"__sizeof__", meth_sizeof, METH_NOARGS, "D.__sizeof__() -> size of D in memory, in bytes"},
    {"get", meth_get, METH_FAST, "Return the value for key if key is in the dictionary, else default."},
    {"setdefault", meth_setdefault, METH_FAST,
     "Insert key with a value of default if key is not in the dictionary.\n\n"
     "Return the value for key if key is in the dictionary, else default."},
    {"pop", meth_pop, METH_FAST,
     "D.pop(k[,d]) -> v, remove specified key and return the corresponding value.\n\n"
     "If the key is not found, return the default if given; otherwise,\n"
     "raise a KeyError."},
    {"popitem", meth_popitem, METH_NOARGS,
     "Remove and return a (key, value) pair as a 2-tuple.\n\n"
     "Pairs are returned in LIFO (last-in, first-out) order.\n"
     "Raises KeyError if the dict is empty."},
    {"keys", meth_keys, METH_NOARGS, "D.keys() -> a set-like object providing a view on D's keys"},
    {"items", meth_items, METH_NOARGS, "D.items() -> a set-like object providing a view on D's items"},
    {"values", meth_values, METH_NOARGS, "D.values() -> an object providing a view on D's values"},
    {"update", meth_update, METH_FAST,
     "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F.\n"
     "If E is present and has a .keys() method, then does:  for k in E: D[k] = E[k]\n"
     "If E is present and lacks a .keys() method, then does:  for k, v in E: D[k] = v\n"
     "In either case, this is followed by: for k in F:  D[k] = F[k]"},
    {"fromkeys", meth_fromkeys, METH_FAST | METH_CLASS,
     "Create a new dictionary with keys from iterable and values set to value."},
    {"clear", meth_clear, METH_NOARGS, "D.clear() -> None.  Remove all items from D."},
    {"copy", meth_copy, METH_NOARGS, "D.copy() -> a shallow copy of D"},
    {"__reversed__", meth_reversed, METH_NOARGS, "Return a reverse iterator over the dict keys."},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static NumberMethods dict_as_number = {
    .or_ = dict_or,
    .inplace_or = dict_ior,
};

static SequenceMethods dict_as_sequence = {
    .contains = dict_sq_contains,
};

static MappingMethods dict_as_mapping = {
    .length = dict_length,
    .subscript = dict_subscript,
    .ass_subscript = dict_ass_subscript,
};

/* ---- iterators ---------------------------------------------------------------------------- */

typedef struct DictIter {
    Obj base;
    Obj *dict;          /* NULL once exhausted */
    Ssize used;         /* dict size when created; -1 after a size error */
    Ssize pos;
    Obj *result;        /* item iterators: (key, value) tuple reused while
                           nobody else holds it, as CPython's */
    Ssize len;          /* items left to produce */
} DictIter;

static Obj *make_iter(Obj *d, TypeObj *t)
{
    DictIter *di = (DictIter *)obj_alloc(t, 0);
    if (!di)
        return NULL;
    di->dict = INCREF(d);
    di->used = D(d)->used;
    di->len = D(d)->used;
    if (t == &dict_revkeyiter_type || t == &dict_revvalueiter_type || t == &dict_revitemiter_type)
        di->pos = D(d)->keys ? D(d)->keys->nentries - 1 : -1;
    else
        di->pos = 0;
    if (t == &dict_itemiter_type || t == &dict_revitemiter_type) {
        di->result = tuple_pack(2, NONE, NONE);
        if (!di->result) {
            DECREF(di);
            return NULL;
        }
    }
    return (Obj *)di;
}

static Obj *dict_iter(Obj *d) { return make_iter(d, &dict_keyiter_type); }

static void dictiter_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((DictIter *)o)->dict);
    CLEAR(((DictIter *)o)->result);
    obj_free(o);
}

static int dictiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    DictIter *di = (DictIter *)o;
    int r;
    if (di->dict && (r = visit(di->dict, arg)))
        return r;
    if (di->result && (r = visit(di->result, arg)))
        return r;
    return 0;
}

/* The next entry of a forward iterator, or NULL (exhausted or error). */
static DictEntry *iter_step(DictIter *di)
{
    Obj *d = di->dict;
    if (!d)
        return NULL;
    if (di->used != D(d)->used) {
        vm_err_set_str(&exc_RuntimeError, "dictionary changed size during iteration");
        di->used = -1;   /* sticky */
        return NULL;
    }
    DictKeys *k = D(d)->keys;
    Ssize i = di->pos;
    if (k) {
        DictEntry *ep = dk_entries(k);
        Ssize n = k->nentries;
        while (i < n && !ep[i].value)
            i++;
        if (i < n) {
            if (di->len == 0) {
                vm_err_set_str(&exc_RuntimeError, "dictionary keys changed during iteration");
                CLEAR(di->dict);
                return NULL;
            }
            di->pos = i + 1;
            di->len--;
            return &ep[i];
        }
    }
    CLEAR(di->dict);
    return NULL;
}

static DictEntry *reviter_step(DictIter *di)
{
    Obj *d = di->dict;
    if (!d)
        return NULL;
    if (di->used != D(d)->used) {
        vm_err_set_str(&exc_RuntimeError, "dictionary changed size during iteration");
        di->used = -1;
        return NULL;
    }
    DictKeys *k = D(d)->keys;
    Ssize i = di->pos;
    if (k && i >= 0 && i < k->nentries) {
        DictEntry *ep = dk_entries(k);
        while (i >= 0 && !ep[i].value)
            i--;
        if (i >= 0) {
            di->pos = i - 1;
            di->len--;
            return &ep[i];
        }
    }
    di->pos = -1;
    CLEAR(di->dict);
    return NULL;
}

/* The (key, value) tuple, recycling the iterator's own when unshared. */
static Obj *entry_item(DictIter *di, DictEntry *ep)
{
    Obj *result = di->result;
    if (result && result->refcnt == 1) {
        Obj *oldkey = TUPLE_ITEMS(result)[0], *oldvalue = TUPLE_ITEMS(result)[1];
        TUPLE_ITEMS(result)[0] = INCREF(ep->key);
        TUPLE_ITEMS(result)[1] = INCREF(ep->value);
        INCREF(result);
        DECREF(oldkey);
        DECREF(oldvalue);
        /* the collector may have untracked it */
        if (!gc_is_tracked(result))
            gc_track(result);
        return result;
    }
    return tuple_pack(2, ep->key, ep->value);
}

static Obj *keyiter_next(Obj *o)
{
    DictEntry *ep = iter_step((DictIter *)o);
    return ep ? INCREF(ep->key) : NULL;
}
static Obj *valueiter_next(Obj *o)
{
    DictEntry *ep = iter_step((DictIter *)o);
    return ep ? INCREF(ep->value) : NULL;
}
static Obj *itemiter_next(Obj *o)
{
    DictEntry *ep = iter_step((DictIter *)o);
    return ep ? entry_item((DictIter *)o, ep) : NULL;
}
static Obj *revkeyiter_next(Obj *o)
{
    DictEntry *ep = reviter_step((DictIter *)o);
    return ep ? INCREF(ep->key) : NULL;
}
static Obj *revvalueiter_next(Obj *o)
{
    DictEntry *ep = reviter_step((DictIter *)o);
    return ep ? INCREF(ep->value) : NULL;
}
static Obj *revitemiter_next(Obj *o)
{
    DictEntry *ep = reviter_step((DictIter *)o);
    return ep ? entry_item((DictIter *)o, ep) : NULL;
}

static Obj *dictiter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    DictIter *di = (DictIter *)o;
    Ssize len = 0;
    if (di->dict && di->used == D(di->dict)->used)
        len = di->len;
    return int_from_i64(len);
}

static Obj *dictiter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    /* (iter, (list of what a copy of the iterator would still give),) */
    DictIter *di = (DictIter *)o;
    DictIter *copy = (DictIter *)obj_alloc(OBJ_TYPE(o), 0);
    if (!copy)
        return NULL;
    copy->dict = di->dict ? INCREF(di->dict) : NULL;
    copy->used = di->used;
    copy->pos = di->pos;
    copy->len = di->len;
    Obj *list = seq_to_list((Obj *)copy);
    DECREF(copy);
    if (!list)
        return NULL;
    Obj *r = iter_reduce_builtin("iter", NULL, 0, list);
    DECREF(list);
    return r;
}

static MethodDef dictiter_methods[] = {
    {"__length_hint__", dictiter_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", dictiter_reduce, METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

/* (CPython's reverse iterators have no tp_getattro of their own, so no
 * __getattribute__ in their dict: getattro is a parameter.) */
#define DICTITER_TYPE(var, tpname, next, getattr)   \
    TypeObj var = {                              \
        .base = TYPE_HEAD_INIT,                  \
        .name = tpname,                          \
        .getattro = getattr,                     \
        .basicsize = sizeof(DictIter),           \
        .flags = TPF_GC,                         \
        .dealloc = dictiter_dealloc,             \
        .traverse = dictiter_traverse,           \
        .iter = iter_self,                       \
        .iternext = next,                        \
        .methods = dictiter_methods,             \
    }

DICTITER_TYPE(dict_keyiter_type, "dict_keyiterator", keyiter_next, obj_generic_getattr);
DICTITER_TYPE(dict_valueiter_type, "dict_valueiterator", valueiter_next, obj_generic_getattr);
DICTITER_TYPE(dict_itemiter_type, "dict_itemiterator", itemiter_next, obj_generic_getattr);
DICTITER_TYPE(dict_revkeyiter_type, "dict_reversekeyiterator", revkeyiter_next, NULL);
DICTITER_TYPE(dict_revvalueiter_type, "dict_reversevalueiterator", revvalueiter_next, NULL);
DICTITER_TYPE(dict_revitemiter_type, "dict_reverseitemiterator", revitemiter_next, NULL);

/* ---- views ------------------------------------------------------------------------------- */

typedef struct DictView {
    Obj base;
    Obj *dict;
} DictView;

#define VIEW_DICT(o) (((DictView *)(o))->dict)

static Obj *make_view(Obj *d, TypeObj *t)
{
    DictView *v = (DictView *)obj_alloc(t, 0);
    if (!v)
        return NULL;
    v->dict = INCREF(d);
    return (Obj *)v;
}

static void view_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((DictView *)o)->dict);
    obj_free(o);
}

static int view_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *d = VIEW_DICT(o);
    return d ? visit(d, arg) : 0;
}

static Ssize view_len(Obj *o) { return D(VIEW_DICT(o))->used; }

static Obj *view_repr(Obj *o)
{
    int r = repr_enter(o);
    if (r != 0)
        return r > 0 ? str_from_cstr("...") : NULL;
    Obj *seq = seq_to_list(o);
    Obj *res = NULL;
    if (seq) {
        res = str_from_fmt("%s(%R)", OBJ_TYPE(o)->name, seq);
        DECREF(seq);
    }
    repr_leave(o);
    return res;
}

static Obj *keys_iter(Obj *o) { return make_iter(VIEW_DICT(o), &dict_keyiter_type); }
static Obj *values_iter(Obj *o) { return make_iter(VIEW_DICT(o), &dict_valueiter_type); }
static Obj *items_iter(Obj *o) { return make_iter(VIEW_DICT(o), &dict_itemiter_type); }

static Obj *keys_reversed(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return make_iter(VIEW_DICT(o), &dict_revkeyiter_type);
}
static Obj *values_reversed(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return make_iter(VIEW_DICT(o), &dict_revvalueiter_type);
}
static Obj *items_reversed(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return make_iter(VIEW_DICT(o), &dict_revitemiter_type);
}

static int keys_contains(Obj *o, Obj *key)
{
    return dict_contains(VIEW_DICT(o), key);
}

static int items_contains(Obj *o, Obj *obj)
{
    if (!TUPLE_CHECK(obj) || TUPLE_LEN(obj) != 2)
        return 0;
    Obj *key = TUPLE_ITEMS(obj)[0], *value = TUPLE_ITEMS(obj)[1];
    Obj *found = dict_get_borrow(VIEW_DICT(o), key);
    if (!found)
        return vm_err_occurred() ? -1 : 0;
    INCREF(found);
    int r = obj_richcompare_bool(found, value, CMP_EQ);
    DECREF(found);
    return r;
}

static bool is_setlike_view(Obj *o)
{
    return IS_TYPE(o, dict_keys_type) || IS_TYPE(o, dict_items_type);
}

static bool is_anyset(Obj *o)
{
    return type_is_subtype(OBJ_TYPE(o), &set_type) || type_is_subtype(OBJ_TYPE(o), &frozenset_type);
}

/* Every item of self in other? 1/0/-1 */
static int all_contained_in(Obj *self, Obj *other)
{
    Obj *it = obj_getiter(self);
    if (!it)
        return -1;
    int ok = 1;
    for (;;) {
        Obj *next = obj_iternext(it);
        if (!next) {
            if (vm_err_occurred())
                ok = -1;
            break;
        }
        ok = obj_contains(other, next);
        DECREF(next);
        if (ok <= 0)
            break;
    }
    DECREF(it);
    return ok;
}

static Obj *view_richcompare(Obj *self, Obj *other, int op)
{
    if (!is_anyset(other) && !is_setlike_view(other))
        return INCREF(NOTIMPL);
    Ssize ls = obj_length(self);
    if (ls < 0)
        return NULL;
    Ssize lo = obj_length(other);
    if (lo < 0)
        return NULL;
    int ok = 0;
    switch (op) {
    case CMP_NE:
    case CMP_EQ:
        if (ls == lo)
            ok = all_contained_in(self, other);
        if (op == CMP_NE && ok >= 0)
            ok = !ok;
        break;
    case CMP_LT:
        if (ls < lo)
            ok = all_contained_in(self, other);
        break;
    case CMP_LE:
        if (ls <= lo)
            ok = all_contained_in(self, other);
        break;
    case CMP_GT:
        if (ls > lo)
            ok = all_contained_in(other, self);
        break;
    case CMP_GE:
        if (ls >= lo)
            ok = all_contained_in(other, self);
        break;
    }
    if (ok < 0)
        return NULL;
    return bool_from(ok != 0);
}

/* set(self), taking the dict fast path for a keys view of an exact dict. */
static Obj *view_to_set(Obj *self)
{
    Obj *left = self;
    if (IS_TYPE(self, dict_keys_type) && IS_TYPE(VIEW_DICT(self), dict_type))
        left = VIEW_DICT(self);
    return set_new(left);
}

static Obj *call_method_on(Obj *result, const char *name, Obj *arg)
{
    Obj *tmp = obj_call_method(result, name, &arg, 1);
    if (!tmp) {
        DECREF(result);
        return NULL;
    }
    DECREF(tmp);
    return result;
}

static Obj *views_sub(Obj *self, Obj *other)
{
    Obj *result = view_to_set(self);
    return result ? call_method_on(result, "difference_update", other) : NULL;
}

static Obj *views_or(Obj *self, Obj *other)
{
    Obj *result = view_to_set(self);
    if (result && set_update(result, other) < 0)
        CLEAR(result);
    return result;
}

static Obj *views_and(Obj *self, Obj *other)
{
    /* the interpreter swaps the operands when the view is on the right */
    if (!is_setlike_view(self)) {
        Obj *t = self;
        self = other;
        other = t;
    }
    Ssize len_self = view_len(self);
    if (IS_TYPE(other, set_type)) {
        Ssize lo = set_len(other);
        if (len_self <= lo)
            return obj_call_method(other, "intersection", &self, 1);
    }
    if (is_setlike_view(other) && view_len(other) > len_self) {
        Obj *t = self;
        self = other;
        other = t;
    }
    Obj *result = set_new(NULL);
    if (!result)
        return NULL;
    Obj *it = obj_getiter(other);
    if (!it) {
        DECREF(result);
        return NULL;
    }
    bool keys = IS_TYPE(self, dict_keys_type);
    for (;;) {
        Obj *key = obj_iternext(it);
        if (!key) {
            if (vm_err_occurred())
                CLEAR(result);
            break;
        }
        int rv = keys ? keys_contains(self, key) : items_contains(self, key);
        if (rv > 0)
            rv = set_add(result, key);
        DECREF(key);
        if (rv < 0) {
            CLEAR(result);
            break;
        }
    }
    DECREF(it);
    return result;
}

/* items ^ items: pairs in exactly one of the two dicts. */
static Obj *items_xor(Obj *self, Obj *other)
{
    Obj *d1 = VIEW_DICT(self), *d2 = VIEW_DICT(other);
    Obj *temp = dict_copy(d1);
    if (!temp)
        return NULL;
    Obj *result = set_new(NULL);
    if (!result) {
        DECREF(temp);
        return NULL;
    }
    Ssize pos = 0;
    Obj *key, *val2;
    Hash h;
    while (dict_next_hash(d2, &pos, &key, &val2, &h)) {
        INCREF(key);
        INCREF(val2);
        Obj *val1 = dict_get_known_hash_borrow(temp, key, h);
        int to_delete = 0;
        if (val1) {
            INCREF(val1);
            to_delete = obj_richcompare_bool(val1, val2, CMP_EQ);
            DECREF(val1);
        } else if (vm_err_occurred()) {
            to_delete = -1;
        }
        int r = 0;
        if (to_delete < 0) {
            r = -1;
        } else if (to_delete) {
            Obj *v;
            Ssize ix = lookup(D(temp), key, h, &v);
            if (ix == DKIX_ERROR)
                r = -1;
            else if (v)
                delitem_at(D(temp), h, ix);
        } else {
            Obj *pair = tuple_pack(2, key, val2);
            r = pair ? set_add(result, pair) : -1;
            XDECREF(pair);
        }
        DECREF(key);
        DECREF(val2);
        if (r < 0) {
            DECREF(temp);
            DECREF(result);
            return NULL;
        }
    }
    Obj *rest = make_view(temp, &dict_items_type);
    DECREF(temp);
    if (!rest || set_update(result, rest) < 0)
        CLEAR(result);
    XDECREF(rest);
    return result;
}

static Obj *views_xor(Obj *self, Obj *other)
{
    if (IS_TYPE(self, dict_items_type) && IS_TYPE(other, dict_items_type))
        return items_xor(self, other);
    Obj *result = view_to_set(self);
    return result ? call_method_on(result, "symmetric_difference_update", other) : NULL;
}

static Obj *views_isdisjoint(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    Obj *other = args[0];
    if (self == other)
        return bool_from(view_len(self) == 0);
    if (is_anyset(other) || is_setlike_view(other)) {
        Ssize ls = view_len(self);
        Ssize lo = obj_length(other);
        if (lo == -1)
            return NULL;
        if (lo > ls) {
            Obj *t = other;
            other = self;
            self = t;
        }
    }
    Obj *it = obj_getiter(other);
    if (!it)
        return NULL;
    for (;;) {
        Obj *item = obj_iternext(it);
        if (!item) {
            DECREF(it);
            if (vm_err_occurred())
                return NULL;
            return bool_from(true);
        }
        int c = obj_contains(self, item);
        DECREF(item);
        if (c != 0) {
            DECREF(it);
            return c < 0 ? NULL : bool_from(false);
        }
    }
}

static NumberMethods view_as_number = {
    .subtract = views_sub,
    .and_ = views_and,
    .xor_ = views_xor,
    .or_ = views_or,
};

static SequenceMethods keys_as_sequence = {.length = view_len, .contains = keys_contains};
static SequenceMethods items_as_sequence = {.length = view_len, .contains = items_contains};
static SequenceMethods values_as_sequence = {.length = view_len};

static Obj *view_mapping(Obj *o, void *c)
{
    (void)c;
    return mappingproxy_new(VIEW_DICT(o));
}

static GetSetDef view_getset[] = {
    {"mapping", view_mapping, NULL, "dictionary that this view refers to", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static MethodDef keys_methods[] = {
    {"isdisjoint", views_isdisjoint, METH_O,
     "Return True if the view and the given iterable have a null intersection."},
    {"__reversed__", keys_reversed, METH_NOARGS,
     "Return a reverse iterator over the dict keys."},
    {NULL, NULL, 0, NULL},
};
static MethodDef items_methods[] = {
    {"isdisjoint", views_isdisjoint, METH_O,
     "Return True if the view and the given iterable have a null intersection."},
    {"__reversed__", items_reversed, METH_NOARGS,
     "Return a reverse iterator over the dict items."},
    {NULL, NULL, 0, NULL},
};
static MethodDef values_methods[] = {
    {"__reversed__", values_reversed, METH_NOARGS,
     "Return a reverse iterator over the dict values."},
    {NULL, NULL, 0, NULL},
};

TypeObj dict_keys_type = {
    .base = TYPE_HEAD_INIT,
    .name = "dict_keys",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(DictView),
    .flags = TPF_GC,
    .dealloc = view_dealloc,
    .repr = view_repr,
    .hash = hash_not_implemented,
    .richcompare = view_richcompare,
    .iter = keys_iter,
    .traverse = view_traverse,
    .as_number = &view_as_number,
    .as_sequence = &keys_as_sequence,
    .methods = keys_methods,
    .getset = view_getset,
};

TypeObj dict_items_type = {
    .base = TYPE_HEAD_INIT,
    .name = "dict_items",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(DictView),
    .flags = TPF_GC,
    .dealloc = view_dealloc,
    .repr = view_repr,
    .hash = hash_not_implemented,
    .richcompare = view_richcompare,
    .iter = items_iter,
    .traverse = view_traverse,
    .as_number = &view_as_number,
    .as_sequence = &items_as_sequence,
    .methods = items_methods,
    .getset = view_getset,
};

TypeObj dict_values_type = {
    .base = TYPE_HEAD_INIT,
    .name = "dict_values",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(DictView),
    .flags = TPF_GC,
    .dealloc = view_dealloc,
    .repr = view_repr,
    .iter = values_iter,
    .traverse = view_traverse,
    .as_sequence = &values_as_sequence,
    .methods = values_methods,
    .getset = view_getset,
};

TypeObj dict_type = {
    .base = TYPE_HEAD_INIT,
    .name = "dict",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(DictObj),
    .flags = TPF_BASETYPE | TPF_GC | TPF_DICT_SUBCLASS | TPF_MAPPING,
    .dealloc = dict_dealloc,
    .repr = dict_repr,
    .hash = hash_not_implemented,
    .richcompare = dict_richcompare,
    .iter = dict_iter,
    .new_ = dict_tp_new,
    .init = dict_tp_init,
    .traverse = dict_traverse,
    .clear = dict_gc_clear,
    .as_number = &dict_as_number,
    .as_sequence = &dict_as_sequence,
    .as_mapping = &dict_as_mapping,
    .methods = dict_methods,
    .doc = "dict() -> new empty dictionary\n"
           "dict(mapping) -> new dictionary initialized from a mapping object's\n"
           "    (key, value) pairs\n"
           "dict(iterable) -> new dictionary initialized as if via:\n"
           "    d = {}\n"
           "    for k, v in iterable:\n"
           "        d[k] = v\n"
           "dict(**kwargs) -> new dictionary initialized with the name=value pairs\n"
           "    in the keyword argument list.  For example:  dict(one=1, two=2)",
};
