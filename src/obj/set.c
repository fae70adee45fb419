/* set.c — `set`, `frozenset` and their iterator.
 *
 * The table is CPython 3.12's open-addressing table, reproduced exactly so
 * that, given the same hashes, iteration order (and pop()) equals CPython's:
 *   - size a power of two, at least 8 (an inline `smalltable`);
 *   - probing: from hash & mask look at that slot and the next 9
 *     (LINEAR_PROBES) when they fit before the end of the table, then jump
 *     i = (i*5 + 1 + perturb) & mask with perturb >>= 5 first;
 *   - a deleted slot holds the dummy key with hash -1; an insertion reuses
 *     the last dummy seen on the probe path, else takes the empty slot;
 *   - after filling an empty slot, grow when fill*5 >= mask*3 to the
 *     smallest power of two above used*4 (used*2 past 50000), re-inserting
 *     live entries in table order;
 *   - merging a set (update, copy, |) resizes once up front and copies the
 *     table verbatim when sizes match; a dict argument is merged with its
 *     stored hashes; difference_update drops dummies when over 1/4 of
 *     the table; pop() scans from a moving finger.
 * (src/pyc/repr.c replays the same rules for constants of every version on
 * loaded objects; it keeps its own copy because it must not depend on the
 * VM's objects.)
 *
 * Comparisons of stored keys with probes may run Python code: the probe
 * restarts when the table changed under it.  The set operations follow
 * CPython's choice of which operand to iterate (it decides which of two
 * equal objects ends up in the result) and of the result type (the exact
 * base type of the left operand).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pydbg/pyhash.h"
#include "pydbg/vm.h"

#define SET_MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

typedef struct SetEntry {
    Obj *key;          /* NULL: empty; DUMMY: deleted */
    Hash hash;         /* -1 for a deleted slot */
} SetEntry;

typedef struct SetObj {
    Obj base;
    Ssize fill;        /* live + deleted slots */
    Ssize used;        /* live slots */
    Ssize mask;        /* table size - 1 */
    SetEntry *table;   /* smalltable or malloc'ed */
    Hash hash;         /* frozenset: -1 until computed */
    Ssize finger;      /* where pop() starts looking */
    uint64_t gen;      /* bumped when `table` is replaced */
    SetEntry smalltable[SET_MINSIZE];
    Obj *weakreflist;
} SetObj;

#define S(o) ((SetObj *)(o))

/* The deleted-slot marker: never handed out. */
static Obj dummy_obj = {.refcnt = (Ssize)1 << 40, .type = &object_type};
#define DUMMY (&dummy_obj)

static inline bool is_anyset(Obj *o)
{
    TypeObj *t = OBJ_TYPE(o);
    return t == &set_type || t == &frozenset_type || type_is_subtype(t, &set_type) ||
           type_is_subtype(t, &frozenset_type);
}
static inline bool is_set(Obj *o)
{
    return IS_TYPE(o, set_type) || type_is_subtype(OBJ_TYPE(o), &set_type);
}
static inline bool is_frozenset(Obj *o)
{
    return IS_TYPE(o, frozenset_type) || type_is_subtype(OBJ_TYPE(o), &frozenset_type);
}
static inline bool exact_str(Obj *o) { return IS_TYPE(o, str_type); }

static Hash hash_of(Obj *key)
{
    if (exact_str(key) && ((StrObj *)key)->hash != -1)
        return ((StrObj *)key)->hash;
    return obj_hash(key);
}

/* ---- the table --------------------------------------------------------------- */

/* Index of key's slot or of the empty slot ending its probe; -1 on error. */
static Ssize lookkey(SetObj *so, Obj *key, Hash hash)
{
restart:;
    SetEntry *table = so->table;
    uint64_t gen = so->gen;
    size_t mask = (size_t)so->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        SetEntry *entry = &table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                return entry - table;
            if (entry->hash == hash) {
                Obj *startkey = entry->key;
                if (startkey == key)
                    return entry - table;
                if (exact_str(startkey) && exact_str(key) && str_eq(startkey, key))
                    return entry - table;
                INCREF(startkey);
                int cmp = obj_richcompare_bool(startkey, key, CMP_EQ);
                DECREF(startkey);
                if (cmp < 0)
                    return -1;
                if (so->gen != gen || so->table != table || entry->key != startkey)
                    goto restart;
                if (cmp > 0)
                    return entry - table;
                mask = (size_t)so->mask;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

static void insert_clean(SetEntry *table, size_t mask, Obj *key, Hash hash)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        SetEntry *entry = &table[i];
        if (!entry->key)
            goto found;
        if (i + LINEAR_PROBES <= mask)
            for (int j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (!entry->key)
                    goto found;
            }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        entry->key = key;
        entry->hash = hash;
        return;
    }
}

static int table_resize(SetObj *so, Ssize minused)
{
    size_t newsize = SET_MINSIZE;
    while (newsize <= (size_t)minused)
        newsize <<= 1;
    SetEntry *oldtable = so->table, *newtable;
    size_t oldmask = (size_t)so->mask;
    bool old_malloced = oldtable != so->smalltable;
    SetEntry small_copy[SET_MINSIZE];
    if (newsize == SET_MINSIZE) {
        newtable = so->smalltable;
        if (newtable == oldtable) {
            if (so->fill == so->used)
                return 0;   /* no dummies: nothing to do */
            memcpy(small_copy, oldtable, sizeof small_copy);
            oldtable = small_copy;
        }
    } else {
        if (newsize > (size_t)INTPTR_MAX / sizeof(SetEntry)) {
            vm_err_no_memory();
            return -1;
        }
        newtable = malloc(newsize * sizeof(SetEntry));
        if (!newtable) {
            vm_err_no_memory();
            return -1;
        }
    }
    memset(newtable, 0, newsize * sizeof(SetEntry));
    so->mask = (Ssize)newsize - 1;
    so->table = newtable;
    so->gen++;
    bool no_dummies = so->fill == so->used;
    so->fill = so->used;
    for (SetEntry *e = oldtable; e <= oldtable + oldmask; e++)
        if (e->key && (no_dummies || e->key != DUMMY))
            insert_clean(newtable, newsize - 1, e->key, e->hash);
    if (old_malloced)
        free(oldtable);
    return 0;
}

/* Add key (a new reference is taken) with its hash. */
static int add_entry(SetObj *so, Obj *key, Hash hash)
{
    INCREF(key);   /* the comparisons must not free it under us */
restart:;
    SetEntry *table = so->table;
    uint64_t gen = so->gen;
    size_t mask = (size_t)so->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    SetEntry *freeslot = NULL;
    for (;;) {
        SetEntry *entry = &table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL) {
                if (freeslot) {
                    so->used++;
                    freeslot->key = key;
                    freeslot->hash = hash;
                    return 0;
                }
                so->fill++;
                so->used++;
                entry->key = key;
                entry->hash = hash;
                if ((size_t)so->fill * 5 < mask * 3)
                    return 0;
                return table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
            }
            if (entry->hash == hash) {
                Obj *startkey = entry->key;
                if (startkey == key)
                    goto found_active;
                if (exact_str(startkey) && exact_str(key) && str_eq(startkey, key))
                    goto found_active;
                INCREF(startkey);
                int cmp = obj_richcompare_bool(startkey, key, CMP_EQ);
                DECREF(startkey);
                if (cmp > 0)
                    goto found_active;
                if (cmp < 0) {
                    DECREF(key);
                    return -1;
                }
                if (so->gen != gen || so->table != table || entry->key != startkey)
                    goto restart;
                mask = (size_t)so->mask;
            } else if (entry->hash == -1) {
                freeslot = entry;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_active:
    DECREF(key);
    return 0;
}

static int contains_entry(SetObj *so, Obj *key, Hash hash)
{
    Ssize ix = lookkey(so, key, hash);
    if (ix < 0)
        return -1;
    return so->table[ix].key != NULL;
}

/* 1 removed, 0 not there, -1 error. */
static int discard_entry(SetObj *so, Obj *key, Hash hash)
{
    Ssize ix = lookkey(so, key, hash);
    if (ix < 0)
        return -1;
    SetEntry *entry = &so->table[ix];
    if (!entry->key)
        return 0;
    Obj *old = entry->key;
    entry->key = DUMMY;
    entry->hash = -1;
    so->used--;
    DECREF(old);
    return 1;
}

static int add_key(SetObj *so, Obj *key)
{
    Hash h = hash_of(key);
    if (h == -1)
        return -1;
    return add_entry(so, key, h);
}

static int contains_key(SetObj *so, Obj *key)
{
    Hash h = hash_of(key);
    if (h == -1)
        return -1;
    return contains_entry(so, key, h);
}

static int discard_key(SetObj *so, Obj *key)
{
    Hash h = hash_of(key);
    if (h == -1)
        return -1;
    return discard_entry(so, key, h);
}

/* Next live entry at or after *pos (table order). */
static SetEntry *next_entry(SetObj *so, Ssize *pos)
{
    Ssize i = *pos, mask = so->mask;
    SetEntry *e = &so->table[i < 0 ? 0 : i];
    if (i < 0)
        i = 0;
    while (i <= mask && (!e->key || e->key == DUMMY)) {
        i++;
        e++;
    }
    *pos = i + 1;
    return i > mask ? NULL : e;
}

static void empty_to_minsize(SetObj *so)
{
    memset(so->smalltable, 0, sizeof so->smalltable);
    so->fill = 0;
    so->used = 0;
    so->mask = SET_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
    so->gen++;
}

static void clear_internal(SetObj *so)
{
    SetEntry *table = so->table;
    Ssize used = so->used;
    bool malloced = table != so->smalltable;
    SetEntry small_copy[SET_MINSIZE];
    /* Empty the set first: releasing keys may run code that uses it. */
    if (malloced) {
        empty_to_minsize(so);
    } else if (so->fill > 0) {
        memcpy(small_copy, table, sizeof small_copy);
        table = small_copy;
        empty_to_minsize(so);
    } else {
        return;
    }
    for (SetEntry *e = table; used > 0; e++)
        if (e->key && e->key != DUMMY) {
            used--;
            DECREF(e->key);
        }
    if (malloced)
        free(table);
}

static int merge(SetObj *so, SetObj *other)
{
    if (other == so || other->used == 0)
        return 0;
    /* One resize up front, expecting few duplicates. */
    if ((so->fill + other->used) * 5 >= so->mask * 3 &&
        table_resize(so, (so->used + other->used) * 2) < 0)
        return -1;
    SetEntry *se = so->table, *oe = other->table;
    /* Same size, empty, no dummies over there: copy the table. */
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        for (Ssize i = 0; i <= other->mask; i++, se++, oe++)
            if (oe->key) {
                se->key = INCREF(oe->key);
                se->hash = oe->hash;
            }
        so->fill = other->fill;
        so->used = other->used;
        return 0;
    }
    /* Empty here: no duplicates can arise. */
    if (so->fill == 0) {
        so->fill = other->used;
        so->used = other->used;
        for (Ssize i = other->mask + 1; i > 0; i--, oe++)
            if (oe->key && oe->key != DUMMY)
                insert_clean(so->table, (size_t)so->mask, INCREF(oe->key), oe->hash);
        return 0;
    }
    for (Ssize i = 0; i <= other->mask; i++) {
        oe = &other->table[i];
        Obj *key = oe->key;
        if (key && key != DUMMY) {
            INCREF(key);
            int r = add_entry(so, key, oe->hash);
            DECREF(key);
            if (r < 0)
                return -1;
        }
    }
    return 0;
}

static int update_internal(SetObj *so, Obj *other)
{
    if (is_anyset(other))
        return merge(so, S(other));
    if (IS_TYPE(other, dict_type)) {
        Ssize dictsize = dict_len(other);
        if ((so->fill + dictsize) * 5 >= so->mask * 3 &&
            table_resize(so, (so->used + dictsize) * 2) < 0)
            return -1;
        Ssize pos = 0;
        Obj *key;
        Hash h;
        while (dict_next_hash(other, &pos, &key, NULL, &h)) {
            INCREF(key);
            int r = add_entry(so, key, h);
            DECREF(key);
            if (r < 0)
                return -1;
        }
        return 0;
    }
    Obj *it = obj_getiter(other);
    if (!it)
        return -1;
    for (;;) {
        Obj *key = obj_iternext(it);
        if (!key) {
            DECREF(it);
            return vm_err_occurred() ? -1 : 0;
        }
        int r = add_key(so, key);
        DECREF(key);
        if (r < 0) {
            DECREF(it);
            return -1;
        }
    }
}

static Obj *make_new_set(TypeObj *t, Obj *iterable)
{
    SetObj *so = (SetObj *)obj_alloc(t, 0);
    if (!so)
        return NULL;
    so->mask = SET_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
    if (iterable && update_internal(so, iterable) < 0) {
        DECREF(so);
        return NULL;
    }
    return (Obj *)so;
}

/* set or frozenset, whichever exact type t derives from. */
static Obj *make_new_set_basetype(TypeObj *t, Obj *iterable)
{
    if (t != &set_type && t != &frozenset_type)
        t = type_is_subtype(t, &set_type) ? &set_type : &frozenset_type;
    return make_new_set(t, iterable);
}

static Obj *set_copy_obj(Obj *so)
{
    return make_new_set_basetype(OBJ_TYPE(so), so);
}

/* Exchange the contents of two sets (hashes only between frozensets). */
static void swap_bodies(SetObj *a, SetObj *b)
{
    SetEntry tab[SET_MINSIZE];
    Ssize t;
    t = a->fill; a->fill = b->fill; b->fill = t;
    t = a->used; a->used = b->used; b->used = t;
    t = a->mask; a->mask = b->mask; b->mask = t;
    SetEntry *u = a->table;
    if (a->table == a->smalltable)
        u = b->smalltable;
    a->table = b->table;
    if (a->table == b->smalltable)
        a->table = a->smalltable;
    b->table = u;
    if (a->table == a->smalltable || b->table == b->smalltable) {
        memcpy(tab, a->smalltable, sizeof tab);
        memcpy(a->smalltable, b->smalltable, sizeof tab);
        memcpy(b->smalltable, tab, sizeof tab);
    }
    if (is_frozenset((Obj *)a) && is_frozenset((Obj *)b)) {
        Hash h = a->hash;
        a->hash = b->hash;
        b->hash = h;
    } else {
        a->hash = -1;
        b->hash = -1;
    }
    a->gen++;
    b->gen++;
}

/* ---- public API ------------------------------------------------------------------- */

Obj *set_new(Obj *iterable) { return make_new_set(&set_type, iterable); }
Obj *frozenset_new(Obj *iterable) { return make_new_set(&frozenset_type, iterable); }

int set_add(Obj *set, Obj *key) { return add_key(S(set), key); }

int set_contains(Obj *set, Obj *key) { return contains_key(S(set), key); }

int set_discard(Obj *set, Obj *key) { return discard_key(S(set), key); }

Ssize set_len(Obj *set) { return S(set)->used; }

int set_next_hash(Obj *set, Ssize *pos, Obj **key, Hash *hash)
{
    SetEntry *e = next_entry(S(set), pos);
    if (!e)
        return 0;
    *key = e->key;
    if (hash)
        *hash = e->hash;
    return 1;
}

int set_next(Obj *set, Ssize *pos, Obj **key) { return set_next_hash(set, pos, key, NULL); }

int set_update(Obj *set, Obj *iterable) { return update_internal(S(set), iterable); }

int set_clear(Obj *set)
{
    clear_internal(S(set));
    return 0;
}

Obj *set_pop(Obj *set)
{
    SetObj *so = S(set);
    if (so->used == 0) {
        vm_err_set_str(&exc_KeyError, "pop from an empty set");
        return NULL;
    }
    SetEntry *entry = so->table + (so->finger & so->mask);
    SetEntry *limit = so->table + so->mask;
    while (!entry->key || entry->key == DUMMY) {
        entry++;
        if (entry > limit)
            entry = so->table;
    }
    Obj *key = entry->key;
    entry->key = DUMMY;
    entry->hash = -1;
    so->used--;
    so->finger = entry - so->table + 1;
    return key;
}

/* ---- set algebra ---------------------------------------------------------------------- */

static Obj *set_intersection(Obj *so_, Obj *other)
{
    if (so_ == other)
        return set_copy_obj(so_);
    Obj *result = make_new_set_basetype(OBJ_TYPE(so_), NULL);
    if (!result)
        return NULL;
    SetObj *so = S(so_);
    if (is_anyset(other)) {
        /* iterate over the smaller one */
        if (S(other)->used > so->used) {
            Obj *t = (Obj *)so;
            so = S(other);
            other = t;
        }
        Ssize pos = 0;
        SetEntry *e;
        while ((e = next_entry(S(other), &pos))) {
            Obj *key = INCREF(e->key);
            Hash h = e->hash;
            int rv = contains_entry(so, key, h);
            if (rv > 0)
                rv = add_entry(S(result), key, h);
            DECREF(key);
            if (rv < 0) {
                DECREF(result);
                return NULL;
            }
        }
        return result;
    }
    Obj *it = obj_getiter(other);
    if (!it) {
        DECREF(result);
        return NULL;
    }
    for (;;) {
        Obj *key = obj_iternext(it);
        if (!key) {
            if (vm_err_occurred())
                CLEAR(result);
            break;
        }
        Hash h = hash_of(key);
        int rv = h == -1 ? -1 : contains_entry(so, key, h);
        if (rv > 0)
            rv = add_entry(S(result), key, h);
        DECREF(key);
        if (rv < 0) {
            CLEAR(result);
            break;
        }
        /* nothing more can be found */
        if (rv > 0 && S(result)->used >= so->used)
            break;
    }
    DECREF(it);
    return result;
}

static int difference_update_internal(SetObj *so, Obj *other)
{
    if ((Obj *)so == other) {
        clear_internal(so);
        return 0;
    }
    if (is_anyset(other)) {
        Ssize pos = 0;
        SetEntry *e;
        while ((e = next_entry(S(other), &pos))) {
            Obj *key = INCREF(e->key);
            int r = discard_entry(so, key, e->hash);
            DECREF(key);
            if (r < 0)
                return -1;
        }
    } else {
        Obj *it = obj_getiter(other);
        if (!it)
            return -1;
        for (;;) {
            Obj *key = obj_iternext(it);
            if (!key) {
                if (vm_err_occurred()) {
                    DECREF(it);
                    return -1;
                }
                break;
            }
            int r = discard_key(so, key);
            DECREF(key);
            if (r < 0) {
                DECREF(it);
                return -1;
            }
        }
        DECREF(it);
    }
    /* Rebuild when more than a quarter of the table is dummies. */
    if ((size_t)(so->fill - so->used) <= (size_t)so->mask / 4)
        return 0;
    return table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
}

static Obj *copy_and_difference(Obj *so, Obj *other)
{
    Obj *result = set_copy_obj(so);
    if (result && difference_update_internal(S(result), other) < 0)
        CLEAR(result);
    return result;
}

static Obj *set_difference(Obj *so_, Obj *other)
{
    Ssize other_size;
    if (is_anyset(other))
        other_size = S(other)->used;
    else if (IS_TYPE(other, dict_type))
        other_size = dict_len(other);
    else
        return copy_and_difference(so_, other);
    SetObj *so = S(so_);
    /* much bigger than other: copy, then remove other's items */
    if ((so->used >> 2) > other_size)
        return copy_and_difference(so_, other);
    Obj *result = make_new_set_basetype(OBJ_TYPE(so_), NULL);
    if (!result)
        return NULL;
    bool dict = IS_TYPE(other, dict_type);
    Ssize pos = 0;
    SetEntry *e;
    while ((e = next_entry(so, &pos))) {
        Obj *key = INCREF(e->key);
        Hash h = e->hash;
        int rv = dict ? dict_contains_known_hash(other, key, h) : contains_entry(S(other), key, h);
        if (rv == 0)
            rv = add_entry(S(result), key, h);
        else if (rv > 0)
            rv = 0;
        DECREF(key);
        if (rv < 0) {
            DECREF(result);
            return NULL;
        }
    }
    return result;
}

static int symmetric_difference_update(SetObj *so, Obj *other)
{
    if ((Obj *)so == other) {
        clear_internal(so);
        return 0;
    }
    if (IS_TYPE(other, dict_type)) {
        Ssize pos = 0;
        Obj *key, *value;
        Hash h;
        while (dict_next_hash(other, &pos, &key, &value, &h)) {
            INCREF(key);
            int rv = discard_entry(so, key, h);
            if (rv == 0)
                rv = add_entry(so, key, h);
            DECREF(key);
            if (rv < 0)
                return -1;
        }
        return 0;
    }
    Obj *otherset;
    if (is_anyset(other))
        otherset = INCREF(other);
    else if (!(otherset = make_new_set_basetype(OBJ_TYPE(so), other)))
        return -1;
    Ssize pos = 0;
    SetEntry *e;
    while ((e = next_entry(S(otherset), &pos))) {
        Obj *key = INCREF(e->key);
        Hash h = e->hash;
        int rv = discard_entry(so, key, h);
        if (rv == 0)
            rv = add_entry(so, key, h);
        DECREF(key);
        if (rv < 0) {
            DECREF(otherset);
            return -1;
        }
    }
    DECREF(otherset);
    return 0;
}

static Obj *set_symmetric_difference(Obj *so, Obj *other)
{
    Obj *otherset = make_new_set_basetype(OBJ_TYPE(so), other);
    if (otherset && symmetric_difference_update(S(otherset), so) < 0)
        CLEAR(otherset);
    return otherset;
}

static int issubset(Obj *so, Obj *other);

/* 1/0/-1 */
static int issubset(Obj *so, Obj *other)
{
    if (!is_anyset(other)) {
        Obj *tmp = make_new_set(&set_type, other);
        if (!tmp)
            return -1;
        int r = issubset(so, tmp);
        DECREF(tmp);
        return r;
    }
    if (S(so)->used > S(other)->used)
        return 0;
    Ssize pos = 0;
    SetEntry *e;
    while ((e = next_entry(S(so), &pos))) {
        Obj *key = INCREF(e->key);
        int rv = contains_entry(S(other), key, e->hash);
        DECREF(key);
        if (rv <= 0)
            return rv;
    }
    return 1;
}

static int issuperset(Obj *so, Obj *other)
{
    if (is_anyset(other))
        return issubset(other, so);
    Obj *it = obj_getiter(other);
    if (!it)
        return -1;
    for (;;) {
        Obj *key = obj_iternext(it);
        if (!key)
            break;
        int rv = contains_key(S(so), key);
        DECREF(key);
        if (rv <= 0) {
            DECREF(it);
            return rv;
        }
    }
    DECREF(it);
    return vm_err_occurred() ? -1 : 1;
}

/* ---- slots ---------------------------------------------------------------------- */

static void set_dealloc(Obj *o)
{
    SetObj *so = S(o);
    gc_untrack(o);
    int trash = trash_begin(o, set_dealloc);
    if (trash > 0)
        return;
    if (so->weakreflist)
        weakref_clear_refs(o);
    Ssize used = so->used;
    for (SetEntry *e = so->table; used > 0; e++)
        if (e->key && e->key != DUMMY) {
            used--;
            DECREF(e->key);
        }
    if (so->table != so->smalltable)
        free(so->table);
    obj_free(o);
    if (trash == 0)
        trash_end();
}

static int set_traverse(Obj *o, VisitFn visit, void *arg)
{
    Ssize pos = 0;
    SetEntry *e;
    while ((e = next_entry(S(o), &pos))) {
        int r = visit(e->key, arg);
        if (r)
            return r;
    }
    return 0;
}

static int set_gc_clear(Obj *o)
{
    clear_internal(S(o));
    return 0;
}

static Obj *set_repr(Obj *o)
{
    const char *tn = OBJ_TYPE(o)->name;
    int r = repr_enter(o);
    if (r != 0)
        return r > 0 ? str_from_fmt("%s(...)", tn) : NULL;
    Obj *res = NULL;
    if (S(o)->used == 0) {
        res = str_from_fmt("%s()", tn);
        repr_leave(o);
        return res;
    }
    Obj *keys = seq_to_list(o);
    Obj *lr = keys ? obj_repr(keys) : NULL;
    if (lr) {
        Ssize n;
        const char *u = str_utf8_lossy(lr, &n);
        /* strip the list's brackets */
        Obj *inner = str_from_utf8(u + 1, n >= 2 ? n - 2 : 0);
        if (inner) {
            if (IS_TYPE(o, set_type))
                res = str_from_fmt("{%U}", inner);
            else
                res = str_from_fmt("%s({%U})", tn, inner);
            DECREF(inner);
        }
    }
    XDECREF(lr);
    XDECREF(keys);
    repr_leave(o);
    return res;
}

static Ssize set_length(Obj *o) { return S(o)->used; }

static int set_sq_contains(Obj *o, Obj *key)
{
    int rv = contains_key(S(o), key);
    if (rv < 0 && is_set(key) && vm_err_matches(&exc_TypeError)) {
        /* an unhashable set is looked for as a frozenset */
        vm_err_clear();
        Obj *tmp = make_new_set(&frozenset_type, key);
        if (!tmp)
            return -1;
        rv = contains_key(S(o), tmp);
        DECREF(tmp);
    }
    return rv;
}

static Hash frozenset_hash(Obj *o)
{
    SetObj *so = S(o);
    if (so->hash != -1)
        return so->hash;
    uint64_t small[16] = {0};
    uint64_t *hs = small;
    if (so->used > 16) {
        hs = malloc((size_t)so->used * sizeof *hs);
        if (!hs) {
            vm_err_no_memory();
            return -1;
        }
    }
    Ssize pos = 0, n = 0;
    SetEntry *e;
    while ((e = next_entry(so, &pos)) && n < so->used)
        hs[n++] = (uint64_t)e->hash;
    uint64_t h = pyhash_frozenset(&pyhash_vm, hs, (size_t)n);
    if (hs != small)
        free(hs);
    so->hash = (Hash)pyhash_signed(&pyhash_vm, h);
    return so->hash;
}

static Obj *set_richcompare(Obj *v, Obj *w, int op)
{
    if (!is_anyset(w))
        return INCREF(NOTIMPL);
    int r;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (S(v)->used != S(w)->used)
            r = 0;
        else if (S(v)->hash != -1 && S(w)->hash != -1 && S(v)->hash != S(w)->hash)
            r = 0;
        else
            r = issubset(v, w);
        if (r < 0)
            return NULL;
        return bool_from((r != 0) == (op == CMP_EQ));
    case CMP_LE:
        r = issubset(v, w);
        break;
    case CMP_GE:
        r = issuperset(v, w);
        break;
    case CMP_LT:
        r = S(v)->used >= S(w)->used ? 0 : issubset(v, w);
        break;
    default: /* CMP_GT */
        r = S(v)->used <= S(w)->used ? 0 : issuperset(v, w);
        break;
    }
    if (r < 0)
        return NULL;
    return bool_from(r != 0);
}

static Obj *set_iter(Obj *o);

/* operators: both operands must be sets or frozensets */
static Obj *set_sub(Obj *a, Obj *b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return INCREF(NOTIMPL);
    return set_difference(a, b);
}

static Obj *set_and(Obj *a, Obj *b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return INCREF(NOTIMPL);
    return set_intersection(a, b);
}

static Obj *set_xor(Obj *a, Obj *b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return INCREF(NOTIMPL);
    return set_symmetric_difference(a, b);
}

static Obj *set_or(Obj *a, Obj *b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return INCREF(NOTIMPL);
    Obj *result = set_copy_obj(a);
    if (!result || a == b)
        return result;
    if (update_internal(S(result), b) < 0)
        CLEAR(result);
    return result;
}

static Obj *set_isub(Obj *a, Obj *b)
{
    if (!is_anyset(b))
        return INCREF(NOTIMPL);
    if (difference_update_internal(S(a), b) < 0)
        return NULL;
    return INCREF(a);
}

static Obj *set_iand(Obj *a, Obj *b)
{
    if (!is_anyset(b))
        return INCREF(NOTIMPL);
    Obj *tmp = set_intersection(a, b);
    if (!tmp)
        return NULL;
    swap_bodies(S(a), S(tmp));
    DECREF(tmp);
    return INCREF(a);
}

static Obj *set_ixor(Obj *a, Obj *b)
{
    if (!is_anyset(b))
        return INCREF(NOTIMPL);
    if (symmetric_difference_update(S(a), b) < 0)
        return NULL;
    return INCREF(a);
}

static Obj *set_ior(Obj *a, Obj *b)
{
    if (!is_anyset(b))
        return INCREF(NOTIMPL);
    if (update_internal(S(a), b) < 0)
        return NULL;
    return INCREF(a);
}

static Obj *set_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    (void)args; (void)nargs;
    if (t == &set_type && args_no_kw("set", kwnames) < 0)
        return NULL;
    return make_new_set(t, NULL);
}

static int set_tp_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if (args_no_kw("set", kwnames) < 0 || args_count(OBJ_TYPE(self)->name, nargs, 0, 1) < 0)
        return -1;
    SetObj *so = S(self);
    if (so->fill)
        clear_internal(so);
    so->hash = -1;
    if (nargs == 0)
        return 0;
    return update_internal(so, args[0]);
}

static Obj *frozenset_tp_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kwnames)
{
    if ((t == &frozenset_type || t->init == frozenset_type.init) &&
        args_no_kw("frozenset", kwnames) < 0)
        return NULL;
    if (args_count(t->name, nargs, 0, 1) < 0)
        return NULL;
    Obj *iterable = nargs ? args[0] : NULL;
    if (t == &frozenset_type && iterable && IS_TYPE(iterable, frozenset_type))
        return INCREF(iterable);
    return make_new_set(t, iterable);
}

/* ---- methods -------------------------------------------------------------------------- */

static Obj *meth_add(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    if (add_key(S(self), args[0]) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *meth_clear(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    clear_internal(S(self));
    return INCREF(NONE);
}

static Obj *meth_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return set_copy_obj(self);
}

static Obj *frozenset_copy(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    if (IS_TYPE(self, frozenset_type))
        return INCREF(self);
    return set_copy_obj(self);
}

/* discard/remove: an unhashable set key is retried as a frozenset. */
static int discard_maybe_frozen(Obj *self, Obj *key)
{
    int rv = discard_key(S(self), key);
    if (rv < 0 && is_set(key) && vm_err_matches(&exc_TypeError)) {
        vm_err_clear();
        Obj *tmp = make_new_set(&frozenset_type, key);
        if (!tmp)
            return -1;
        rv = discard_key(S(self), tmp);
        DECREF(tmp);
    }
    return rv;
}

static Obj *meth_discard(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    if (discard_maybe_frozen(self, args[0]) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *meth_remove(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int rv = discard_maybe_frozen(self, args[0]);
    if (rv < 0)
        return NULL;
    if (rv == 0) {
        dict_key_error(args[0]);
        return NULL;
    }
    return INCREF(NONE);
}

static Obj *meth_pop(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    return set_pop(self);
}

static Obj *meth_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("set.update", kw) < 0)
        return NULL;
    for (Ssize i = 0; i < nargs; i++)
        if (update_internal(S(self), args[i]) < 0)
            return NULL;
    return INCREF(NONE);
}

static Obj *meth_union(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw(is_set(self) ? "set.union" : "frozenset.union", kw) < 0)
        return NULL;
    Obj *result = set_copy_obj(self);
    if (!result)
        return NULL;
    for (Ssize i = 0; i < nargs; i++) {
        if (args[i] == self)
            continue;
        if (update_internal(S(result), args[i]) < 0) {
            DECREF(result);
            return NULL;
        }
    }
    return result;
}

static Obj *intersection_multi(Obj *self, Obj *const *args, Ssize nargs)
{
    if (nargs == 0)
        return set_copy_obj(self);
    Obj *result = INCREF(self);
    for (Ssize i = 0; i < nargs; i++) {
        Obj *nr = set_intersection(result, args[i]);
        DECREF(result);
        if (!nr)
            return NULL;
        result = nr;
    }
    return result;
}

static Obj *meth_intersection(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw(is_set(self) ? "set.intersection" : "frozenset.intersection", kw) < 0)
        return NULL;
    return intersection_multi(self, args, nargs);
}

static Obj *meth_intersection_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("set.intersection_update", kw) < 0)
        return NULL;
    Obj *tmp = intersection_multi(self, args, nargs);
    if (!tmp)
        return NULL;
    swap_bodies(S(self), S(tmp));
    DECREF(tmp);
    return INCREF(NONE);
}

static Obj *meth_difference(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw(is_set(self) ? "set.difference" : "frozenset.difference", kw) < 0)
        return NULL;
    if (nargs == 0)
        return set_copy_obj(self);
    Obj *result = set_difference(self, args[0]);
    for (Ssize i = 1; result && i < nargs; i++)
        if (difference_update_internal(S(result), args[i]) < 0)
            CLEAR(result);
    return result;
}

static Obj *meth_difference_update(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (args_no_kw("set.difference_update", kw) < 0)
        return NULL;
    for (Ssize i = 0; i < nargs; i++)
        if (difference_update_internal(S(self), args[i]) < 0)
            return NULL;
    return INCREF(NONE);
}

static Obj *meth_symmetric_difference(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    return set_symmetric_difference(self, args[0]);
}

static Obj *meth_symmetric_difference_update(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    if (symmetric_difference_update(S(self), args[0]) < 0)
        return NULL;
    return INCREF(NONE);
}

static Obj *meth_issubset(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int r = issubset(self, args[0]);
    return r < 0 ? NULL : bool_from(r != 0);
}

static Obj *meth_issuperset(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    int r = issuperset(self, args[0]);
    return r < 0 ? NULL : bool_from(r != 0);
}

static Obj *meth_isdisjoint(Obj *self, Obj *const *args, Ssize n, Obj *kw)
{
    (void)n; (void)kw;
    Obj *other = args[0];
    SetObj *so = S(self);
    if (self == other)
        return bool_from(so->used == 0);
    if (is_anyset(other)) {
        if (S(other)->used > so->used) {
            Obj *t = self;
            so = S(other);
            other = t;
        }
        Ssize pos = 0;
        SetEntry *e;
        while ((e = next_entry(S(other), &pos))) {
            Obj *key = INCREF(e->key);
            int rv = contains_entry(so, key, e->hash);
            DECREF(key);
            if (rv < 0)
                return NULL;
            if (rv)
                return bool_from(false);
        }
        return bool_from(true);
    }
    Obj *it = obj_getiter(other);
    if (!it)
        return NULL;
    for (;;) {
        Obj *key = obj_iternext(it);
        if (!key)
            break;
        int rv = contains_key(so, key);
        DECREF(key);
        if (rv != 0) {
            DECREF(it);
            return rv < 0 ? NULL : bool_from(false);
        }
    }
    DECREF(it);
    if (vm_err_occurred())
        return NULL;
    return bool_from(true);
}

static Obj *meth_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    Obj *keys = seq_to_list(self);
    if (!keys)
        return NULL;
    Obj *args = tuple_pack(1, keys);
    DECREF(keys);
    if (!args)
        return NULL;
    Obj *state = NULL;
    if (obj_lookup_attr(self, id_str("__dict__"), &state) < 0) {
        DECREF(args);
        return NULL;
    }
    if (state && (!DICT_CHECK(state) || dict_len(state) == 0))
        CLEAR(state);
    Obj *res = tuple_pack(3, (Obj *)OBJ_TYPE(self), args, state ? state : NONE);
    XDECREF(state);
    DECREF(args);
    return res;
}

static Obj *meth_sizeof(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    /* CPython: a 200-byte object (small table inline) + 16 per slot of an
     * allocated table */
    SetObj *so = S(self);
    Ssize res = 200 + OBJ_TYPE(self)->basicsize - (Ssize)sizeof(SetObj);
    if (so->table != so->smalltable)
        res += (so->mask + 1) * 16;
    return int_from_i64(res);
}

/* list[int] and friends: types.GenericAlias (PEP 585). */
static Obj *class_getitem(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)nargs; (void)kw;
    return generic_alias_new(cls, args[0]);
}

static MethodDef set_methods[] = {
    {"add", meth_add, METH_O, "Add an element to a set.\n\nThis has no effect if the element is already present."},
    {"clear", meth_clear, METH_NOARGS, "Remove all elements from this set."},
    {"copy", meth_copy, METH_NOARGS, "Return a shallow copy of a set."},
    {"discard", meth_discard, METH_O,
     "Remove an element from a set if it is a member.\n\n"
     "Unlike set.remove(), the discard() method does not raise\n"
     "an exception when an element is missing from the set."},
    {"difference", meth_difference, METH_FAST,
     "Return the difference of two or more sets as a new set.\n\n"
     "(i.e. all elements that are in this set but not the others.)"},
    {"difference_update", meth_difference_update, METH_FAST,
     "Remove all elements of another set from this set."},
    {"intersection", meth_intersection, METH_FAST,
     "Return the intersection of two sets as a new set.\n\n"
     "(i.e. all elements that are in both sets.)"},
    {"intersection_update", meth_intersection_update, METH_FAST,
     "Update a set with the intersection of itself and another."},
    {"isdisjoint", meth_isdisjoint, METH_O, "Return True if two sets have a null intersection."},
    {"issubset", meth_issubset, METH_O, "Report whether another set contains this set."},
    {"issuperset", meth_issuperset, METH_O, "Report whether this set contains another set."},
    {"pop", meth_pop, METH_NOARGS,
     "Remove and return an arbitrary set element.\nRaises KeyError if the set is empty."},
    {"__reduce__", meth_reduce, METH_NOARGS, "Return state information for pickling."},
    {"remove", meth_remove, METH_O,
     "Remove an element from a set; it must be a member.\n\n"
     "If the element is not a member, raise a KeyError."},
    {"__sizeof__", meth_sizeof, METH_NOARGS, "S.__sizeof__() -> size of S in memory, in bytes"},
    {"symmetric_difference", meth_symmetric_difference, METH_O,
     "Return the symmetric difference of two sets as a new set.\n\n"
     "(i.e. all elements that are in exactly one of the sets.)"},
    {"symmetric_difference_update", meth_symmetric_difference_update, METH_O,
     "Update a set with the symmetric difference of itself and another."},
    {"union", meth_union, METH_FAST,
     "Return the union of sets as a new set.\n\n"
     "(i.e. all elements that are in either set.)"},
    {"update", meth_update, METH_FAST, "Update a set with the union of itself and others."},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static MethodDef frozenset_methods[] = {
    {"copy", frozenset_copy, METH_NOARGS, "Return a shallow copy of a set."},
    {"difference", meth_difference, METH_FAST,
     "Return the difference of two or more sets as a new set.\n\n"
     "(i.e. all elements that are in this set but not the others.)"},
    {"intersection", meth_intersection, METH_FAST,
     "Return the intersection of two sets as a new set.\n\n"
     "(i.e. all elements that are in both sets.)"},
    {"isdisjoint", meth_isdisjoint, METH_O, "Return True if two sets have a null intersection."},
    {"issubset", meth_issubset, METH_O, "Report whether another set contains this set."},
    {"issuperset", meth_issuperset, METH_O, "Report whether this set contains another set."},
    {"__reduce__", meth_reduce, METH_NOARGS, "Return state information for pickling."},
    {"__sizeof__", meth_sizeof, METH_NOARGS, "S.__sizeof__() -> size of S in memory, in bytes"},
    {"symmetric_difference", meth_symmetric_difference, METH_O,
     "Return the symmetric difference of two sets as a new set.\n\n"
     "(i.e. all elements that are in exactly one of the sets.)"},
    {"union", meth_union, METH_FAST,
     "Return the union of sets as a new set.\n\n"
     "(i.e. all elements that are in either set.)"},
    {"__class_getitem__", class_getitem, METH_O | METH_CLASS, "See PEP 585"},
    {NULL, NULL, 0, NULL},
};

static NumberMethods set_as_number = {
    .subtract = set_sub,
    .and_ = set_and,
    .xor_ = set_xor,
    .or_ = set_or,
    .inplace_subtract = set_isub,
    .inplace_and = set_iand,
    .inplace_xor = set_ixor,
    .inplace_or = set_ior,
};

static NumberMethods frozenset_as_number = {
    .subtract = set_sub,
    .and_ = set_and,
    .xor_ = set_xor,
    .or_ = set_or,
};

static SequenceMethods set_as_sequence = {
    .length = set_length,
    .contains = set_sq_contains,
};

/* ---- set_iterator ------------------------------------------------------------------- */

typedef struct SetIter {
    Obj base;
    Obj *set;          /* NULL once exhausted */
    Ssize used;        /* size when created; -1 after a size error */
    Ssize pos;
    Ssize len;
} SetIter;

static Obj *set_iter(Obj *o)
{
    SetIter *si = (SetIter *)obj_alloc(&set_iter_type, 0);
    if (!si)
        return NULL;
    si->set = INCREF(o);
    si->used = S(o)->used;
    si->pos = 0;
    si->len = S(o)->used;
    return (Obj *)si;
}

static void setiter_dealloc(Obj *o)
{
    gc_untrack(o);
    CLEAR(((SetIter *)o)->set);
    obj_free(o);
}

static int setiter_traverse(Obj *o, VisitFn visit, void *arg)
{
    Obj *s = ((SetIter *)o)->set;
    return s ? visit(s, arg) : 0;
}

static Obj *setiter_next(Obj *o)
{
    SetIter *si = (SetIter *)o;
    if (!si->set)
        return NULL;
    SetObj *so = S(si->set);
    if (si->used != so->used) {
        vm_err_set_str(&exc_RuntimeError, "Set changed size during iteration");
        si->used = -1;   /* sticky */
        return NULL;
    }
    Ssize i = si->pos, mask = so->mask;
    SetEntry *entry = so->table;
    while (i <= mask && (!entry[i].key || entry[i].key == DUMMY))
        i++;
    si->pos = i + 1;
    if (i > mask) {
        CLEAR(si->set);
        return NULL;
    }
    si->len--;
    return INCREF(entry[i].key);
}

static Obj *setiter_length_hint(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    SetIter *si = (SetIter *)o;
    Ssize len = 0;
    if (si->set && si->used == S(si->set)->used)
        len = si->len;
    return int_from_i64(len);
}

static Obj *setiter_reduce(Obj *o, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a; (void)n; (void)kw;
    SetIter *si = (SetIter *)o;
    SetIter *copy = (SetIter *)obj_alloc(&set_iter_type, 0);
    if (!copy)
        return NULL;
    copy->set = si->set ? INCREF(si->set) : NULL;
    copy->used = si->used;
    copy->pos = si->pos;
    copy->len = si->len;
    Obj *list = seq_to_list((Obj *)copy);
    DECREF(copy);
    if (!list)
        return NULL;
    Obj *r = iter_reduce_builtin("iter", NULL, 0, list);
    DECREF(list);
    return r;
}

static MethodDef setiter_methods[] = {
    {"__length_hint__", setiter_length_hint, METH_NOARGS,
     "Private method returning an estimate of len(list(it))."},
    {"__reduce__", setiter_reduce, METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

TypeObj set_iter_type = {
    .base = TYPE_HEAD_INIT,
    .name = "set_iterator",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(SetIter),
    .flags = TPF_GC,
    .dealloc = setiter_dealloc,
    .traverse = setiter_traverse,
    .iter = iter_self,
    .iternext = setiter_next,
    .methods = setiter_methods,
};

TypeObj set_type = {
    .base = TYPE_HEAD_INIT,
    .name = "set",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(SetObj),
    .flags = TPF_BASETYPE | TPF_GC,
    .dealloc = set_dealloc,
    .weaklistoffset = offsetof(SetObj, weakreflist),
    .repr = set_repr,
    .hash = hash_not_implemented,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .new_ = set_tp_new,
    .init = set_tp_init,
    .traverse = set_traverse,
    .clear = set_gc_clear,
    .as_number = &set_as_number,
    .as_sequence = &set_as_sequence,
    .methods = set_methods,
    .doc = "set() -> new empty set object\n"
           "set(iterable) -> new set object\n\n"
           "Build an unordered collection of unique elements.",
};

TypeObj frozenset_type = {
    .base = TYPE_HEAD_INIT,
    .name = "frozenset",
    .getattro = obj_generic_getattr,
    .basicsize = sizeof(SetObj),
    .flags = TPF_BASETYPE | TPF_GC,
    .dealloc = set_dealloc,
    .weaklistoffset = offsetof(SetObj, weakreflist),
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .new_ = frozenset_tp_new,
    .traverse = set_traverse,
    .clear = set_gc_clear,
    .as_number = &frozenset_as_number,
    .as_sequence = &set_as_sequence,
    .methods = frozenset_methods,
    .doc = "frozenset() -> empty frozenset object\n"
           "frozenset(iterable) -> frozenset object\n\n"
           "Build an immutable unordered collection of unique elements.",
};
