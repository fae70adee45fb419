/* magic.c — which CPython version wrote a .pyc, judged by its magic number.
 *
 * The table below holds the final-release magic of every version pydbg
 * reads (2.7, 3.0 … 3.14) with its header size and the marshal format its
 * pycs use.  A magic that is not a final-release value is explained, never
 * guessed at: a value from the alpha/beta range of a version is reported as
 * a pre-release of that version; anything else names the two nearest known
 * versions.  Facts: the magic-number history summarised in spec pyc.md §1.
 */
#include "config.h"
#include "pydbg/pyc.h"

#include <stdlib.h>
#include <string.h>

static const PycVersion versions[] = {
    {PYV(2, 7), 62211, 8, 2, "2.7"},
    {PYV(3, 0), 3131, 8, 2, "3.0"},
    {PYV(3, 1), 3151, 8, 2, "3.1"},
    {PYV(3, 2), 3180, 8, 2, "3.2"},
    {PYV(3, 3), 3230, 12, 2, "3.3"},   /* 3.3: the header gains the source size */
    {PYV(3, 4), 3310, 12, 4, "3.4"},   /* 3.4: marshal v4 (refs, short strings) */
    {PYV(3, 5), 3351, 12, 4, "3.5"},   /* 3.5.2+; 3.5.0/3.5.1 wrote 3350 */
    {PYV(3, 6), 3379, 12, 4, "3.6"},
    {PYV(3, 7), 3394, 16, 4, "3.7"},   /* 3.7: PEP 552 flags word */
    {PYV(3, 8), 3413, 16, 4, "3.8"},
    {PYV(3, 9), 3425, 16, 4, "3.9"},
    {PYV(3, 10), 3439, 16, 4, "3.10"},
    {PYV(3, 11), 3495, 16, 4, "3.11"},
    {PYV(3, 12), 3531, 16, 4, "3.12"},
    {PYV(3, 13), 3571, 16, 4, "3.13"},
    {PYV(3, 14), 3627, 16, 5, "3.14"}, /* 3.14: marshal v5 (slices) */
};
#define NVERSIONS (sizeof versions / sizeof versions[0])

/* Magic values CPython assigned while developing each line (inclusive).
 * ver < 0 marks a line pydbg does not read at all (2.0 … 2.6, 3.15). */
typedef struct MagicRange {
    uint16_t lo, hi;
    PyVer ver;
    int supported;   /* 1: a pre-release of a version in versions[] */
} MagicRange;

static const MagicRange ranges[] = {
    {50823, 50823, PYV(2, 0), 0},
    {60202, 60202, PYV(2, 1), 0},
    {60717, 60717, PYV(2, 2), 0},
    {62011, 62021, PYV(2, 3), 0},
    {62041, 62061, PYV(2, 4), 0},
    {62071, 62131, PYV(2, 5), 0},
    {62151, 62161, PYV(2, 6), 0},
    {62171, 62211, PYV(2, 7), 1},
    {3000, 3131, PYV(3, 0), 1},
    {3141, 3151, PYV(3, 1), 1},
    {3160, 3180, PYV(3, 2), 1},
    {3190, 3230, PYV(3, 3), 1},
    {3250, 3310, PYV(3, 4), 1},
    {3320, 3351, PYV(3, 5), 1},
    {3360, 3379, PYV(3, 6), 1},
    {3390, 3399, PYV(3, 7), 1},
    {3400, 3419, PYV(3, 8), 1},
    {3420, 3429, PYV(3, 9), 1},
    {3430, 3449, PYV(3, 10), 1},
    {3450, 3499, PYV(3, 11), 1},
    {3500, 3549, PYV(3, 12), 1},
    {3550, 3599, PYV(3, 13), 1},
    {3600, 3649, PYV(3, 14), 1},
    {3650, 3699, PYV(3, 15), 0},  /* development of 3.15 (2900 + 50 * minor) */
};
#define NRANGES (sizeof ranges / sizeof ranges[0])

const PycVersion *pyc_version_info(PyVer ver)
{
    for (size_t i = 0; i < NVERSIONS; i++)
        if (versions[i].ver == ver)
            return &versions[i];
    return NULL;
}

PyVer pyc_version_from_magic(uint16_t magic)
{
    if (magic == 62212)          /* 2.7 run with -U: same format */
        return PYV(2, 7);
    if (magic == 3350)           /* 3.5.0 and 3.5.1 */
        return PYV(3, 5);
    for (size_t i = 0; i < NVERSIONS; i++)
        if (versions[i].magic == magic)
            return versions[i].ver;
    return 0;
}

/* Strict "X.Y": decimal digits, no sign, no leading zero in a multi-digit
 * number, nothing after. */
static int parse_num(const char **s, int *out)
{
    const char *p = *s;
    int v = 0, n = 0;
    while (*p >= '0' && *p <= '9') {
        if (n == 1 && v == 0)
            return 0;             /* "03" */
        v = v * 10 + (*p - '0');
        if (++n > 3)
            return 0;
        p++;
    }
    if (n == 0)
        return 0;
    *s = p;
    *out = v;
    return 1;
}

PyVer pyc_version_parse(const char *s)
{
    int maj, min;
    if (!s || !parse_num(&s, &maj) || *s++ != '.' || !parse_num(&s, &min) || *s)
        return 0;
    if (min >= 100)
        return 0;
    PyVer v = PYV(maj, min);
    return pyc_version_info(v) ? v : 0;
}

static void ver_name(char *buf, size_t cap, PyVer v)
{
    snprintf(buf, cap, "%d.%d", PYV_MAJOR(v), PYV_MINOR(v));
}

/* The two final-release magics closest to m, in ascending order. */
static void nearest_two(uint16_t m, const PycVersion **a, const PycVersion **b)
{
    const PycVersion *best[2] = {NULL, NULL};
    long dist[2] = {0, 0};
    for (size_t i = 0; i < NVERSIONS; i++) {
        long dd = labs((long)versions[i].magic - (long)m);
        if (!best[0] || dd < dist[0]) {
            best[1] = best[0];
            dist[1] = dist[0];
            best[0] = &versions[i];
            dist[0] = dd;
        } else if (!best[1] || dd < dist[1]) {
            best[1] = &versions[i];
            dist[1] = dd;
        }
    }
    if (best[0]->magic > best[1]->magic) {
        const PycVersion *t = best[0];
        best[0] = best[1];
        best[1] = t;
    }
    *a = best[0];
    *b = best[1];
}

void pyc_magic_diag(uint16_t magic, Diag *d)
{
    char name[16];
    for (size_t i = 0; i < NRANGES; i++) {
        const MagicRange *r = &ranges[i];
        if (magic < r->lo || magic > r->hi)
            continue;
        ver_name(name, sizeof name, r->ver);
        if (r->supported) {
            const PycVersion *v = pyc_version_info(r->ver);
            if (r->ver == PYV(3, 5))
                diag_set(d, -1, "unknown magic number %u (0x%04x): a pre-release of "
                         "Python 3.5 (the final releases use 3350 and 3351); not supported",
                         magic, magic);
            else
                diag_set(d, -1, "unknown magic number %u (0x%04x): a pre-release of "
                         "Python %s (the final release uses %u); not supported",
                         magic, magic, name, v->magic);
        } else if (r->ver > versions[NVERSIONS - 1].ver) {
            diag_set(d, -1, "unknown magic number %u (0x%04x): a development version of "
                     "Python %s; not supported (the newest supported version is %s, magic %u)",
                     magic, magic, name, versions[NVERSIONS - 1].name,
                     versions[NVERSIONS - 1].magic);
        } else {
            diag_set(d, -1, "unsupported magic number %u (0x%04x): Python %s; "
                     "pydbg reads Python 2.7 and 3.0-3.14", magic, magic, name);
        }
        return;
    }
    const PycVersion *a, *b;
    nearest_two(magic, &a, &b);
    diag_set(d, -1, "unknown magic number %u (0x%04x); nearest known versions are "
             "%s (%u) and %s (%u)", magic, magic, a->name, a->magic, b->name, b->magic);
}
