/* mod_zoneinfo.c — the `zoneinfo` module of CPython 3.12 (ZoneInfo over the
 * system's TZif files), natively.
 *
 * ZoneInfo is a tzinfo subclass (a static type named zoneinfo.ZoneInfo, as
 * CPython's C implementation).  A zone is read once from the first
 * TZPATH directory holding its key (keys validated with posixpath as
 * _tzpath.py does); the data are kept as CPython's _zoneinfo.py keeps
 * them — transition times in UTC and as local wall times for fold 0 and
 * 1, one ttinfo (UTC offset, DST offset inferred as _utcoff_to_dstoff
 * does, abbreviation) per transition, the ttinfo before the first
 * transition, and after the last one either a fixed ttinfo or the POSIX
 * TZ string's rule — and utcoffset/dst/tzname/fromutc follow that file's
 * algorithms (bisection over the local transition list of the datetime's
 * fold; fold detection in fromutc).  Instances are cached per class and
 * key (ZoneInfo(k) is ZoneInfo(k)); no_cache, clear_cache, from_file,
 * available_timezones and reset_tzpath are provided.  There is no tzdata
 * package fallback: a key missing from TZPATH raises
 * ZoneInfoNotFoundError as CPython does without tzdata installed.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/native/modhelp.h"

typedef struct TTInfo {
    int64_t utcoff, dstoff;       /* seconds */
    Obj *utcoff_td, *dstoff_td;   /* timedeltas (owned) */
    Obj *tzname;                  /* str (owned) */
} TTInfo;

/* a POSIX TZ rule date: Mm.w.d, Jn or n, with a transition time */
typedef struct TZRule {
    bool calendar;                /* Mm.w.d */
    int m, w, d;                  /* calendar rule */
    int day;                      /* Jn / n */
    bool julian;
    int64_t offset;               /* seconds after local midnight */
} TZRule;

typedef struct TZStr {
    TTInfo std, dst;
    TZRule start, end;
    int64_t dst_diff;
} TZStr;

typedef struct ZoneObj {
    Obj base;
    Obj *key;                     /* str or None */
    Obj *file_repr;               /* from_file: repr(fobj), else NULL */
    bool from_cache;
    Ssize ntrans;
    int64_t *trans_utc;
    int64_t *trans_local[2];
    Ssize *trans_tti;             /* index into ttinfos per transition */
    Ssize ntypes;
    TTInfo *ttinfos;
    Ssize tti_before;             /* index, -1: none */
    TTInfo *after_fixed;          /* points into ttinfos or to tzstr->std; NULL when tzstr */
    TZStr *tzstr;
    TTInfo own_after;             /* storage for a static TZ-string ttinfo */
    bool has_own_after;
    bool fixed_offset;
    Obj *weakreflist;
} ZoneObj;

#define ZI(o) ((ZoneObj *)(o))

static TypeObj zoneinfo_type;
static Obj *notfound_cls;         /* ZoneInfoNotFoundError */
static Obj *tzpath;               /* tuple of str */
static Obj *zone_cache;           /* {(cls, key): instance} */
static Obj *timedelta_cls, *datetime_cls;

static const int64_t EPOCHORDINAL = 719163;

static bool is_leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

/* days between 1970-01-01 and YEAR-01-01, minus one (_post_epoch_days_before_year) */
static int64_t post_epoch_days_before_year(int64_t year)
{
    int64_t y = year - 1;
    int64_t q4 = y >= 0 ? y / 4 : -((-y + 3) / 4), q100 = y >= 0 ? y / 100 : -((-y + 99) / 100);
    int64_t q400 = y >= 0 ? y / 400 : -((-y + 399) / 400);
    return y * 365 + q4 - q100 + q400 - EPOCHORDINAL;
}

static Obj *timedelta_seconds(int64_t s)
{
    Obj *v = int_from_i64(s);
    if (!v) return NULL;
    Obj *kn = tuple_pack(1, id_str("seconds"));
    Obj *r = kn ? obj_call(timedelta_cls, &v, 0, kn) : NULL;
    XDECREF(kn);
    DECREF(v);
    return r;
}

static int tti_init(TTInfo *t, int64_t utcoff, int64_t dstoff, Obj *name)
{
    t->utcoff = utcoff;
    t->dstoff = dstoff;
    t->utcoff_td = timedelta_seconds(utcoff);
    t->dstoff_td = t->utcoff_td ? timedelta_seconds(dstoff) : NULL;
    t->tzname = xincref(name);
    return t->dstoff_td ? 0 : -1;
}

static void tti_clear(TTInfo *t)
{
    CLEAR(t->utcoff_td);
    CLEAR(t->dstoff_td);
    CLEAR(t->tzname);
}

static bool tti_eq(const TTInfo *a, const TTInfo *b)
{
    return a->utcoff == b->utcoff && a->dstoff == b->dstoff && str_eq(a->tzname, b->tzname);
}

static void zone_dealloc(Obj *o)
{
    ZoneObj *z = ZI(o);
    weakref_on_dealloc(o);
    XDECREF(z->key);
    XDECREF(z->file_repr);
    free(z->trans_utc);
    free(z->trans_local[0]);
    free(z->trans_local[1]);
    free(z->trans_tti);
    for (Ssize i = 0; i < z->ntypes; i++) tti_clear(&z->ttinfos[i]);
    free(z->ttinfos);
    if (z->tzstr) {
        tti_clear(&z->tzstr->std);
        tti_clear(&z->tzstr->dst);
        free(z->tzstr);
    }
    if (z->has_own_after) tti_clear(&z->own_after);
    obj_free(o);
}

/* ---- POSIX TZ strings (_parse_tz_str) ---------------------------------------------------------- */

/* an abbreviation: <[A-Za-z0-9+-]+> or a run of characters other than the excluded ones */
static const char *parse_abbr(const char *p, const char *excluded, const char **s, size_t *n)
{
    if (*p == '<') {
        const char *q = p + 1;
        while ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '+' ||
               *q == '-')
            q++;
        if (q == p + 1 || *q != '>') return NULL;
        *s = p + 1;
        *n = (size_t)(q - p - 1);
        return q + 1;
    }
    const char *q = p;
    while (*q && !strchr(excluded, *q) && !(*q >= '0' && *q <= '9')) q++;
    if (q == p) return NULL;
    *s = p;
    *n = (size_t)(q - p);
    return q;
}

/* [+-]?h{1,3}(:mm(:ss)?)? ; *h gets the hours for range checks */
static const char *parse_hms(const char *p, int *sign, int64_t *h, int64_t *m, int64_t *s)
{
    *sign = 1;
    if (*p == '+' || *p == '-') *sign = *p++ == '-' ? -1 : 1;
    int nd = 0;
    *h = *m = *s = 0;
    while (*p >= '0' && *p <= '9' && nd < 3) *h = *h * 10 + (*p++ - '0'), nd++;
    if (!nd) return NULL;
    if (p[0] == ':' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9') {
        *m = (p[1] - '0') * 10 + (p[2] - '0');
        p += 3;
        if (p[0] == ':' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9') {
            *s = (p[1] - '0') * 10 + (p[2] - '0');
            p += 3;
        }
    }
    return p;
}

/* one start/end rule with its /time; 0, or -1 (ValueError text irrelevant: caller rewords) */
static int parse_rule(const char *p, const char *end, TZRule *r)
{
    r->offset = 2 * 3600;
    const char *slash = memchr(p, '/', (size_t)(end - p));
    const char *dend = slash ? slash : end;
    if (*p == 'M') {
        /* M(\d{1,2})\.(\d).(\d) */
        const char *q = p + 1;
        int m = 0, nd = 0;
        while (q < dend && *q >= '0' && *q <= '9' && nd < 2) m = m * 10 + (*q++ - '0'), nd++;
        if (!nd || q + 4 != dend || q[0] != '.' || q[1] < '0' || q[1] > '9' || q[3] < '0' || q[3] > '9') return -1;
        r->calendar = true;
        r->m = m;
        r->w = q[1] - '0';
        r->d = q[3] - '0';
        if (m < 1 || m > 12 || r->w < 1 || r->w > 5 || r->d < 0 || r->d > 6) return -1;
    } else {
        const char *q = p;
        r->julian = *q == 'J';
        if (r->julian) q++;
        /* int(date): optional sign and surrounding blanks are accepted by int() */
        char buf[32];
        size_t n = (size_t)(dend - q);
        if (n == 0 || n >= sizeof buf) return -1;
        memcpy(buf, q, n);
        buf[n] = '\0';
        char *e;
        errno = 0;
        long v = strtol(buf, &e, 10);
        while (*e == ' ') e++;
        if (*e || errno) return -1;
        int min_day = r->julian ? 1 : 0;
        if (v < min_day || v > 365) return -1;
        r->calendar = false;
        r->day = (int)v;
    }
    if (slash) {
        int sign;
        int64_t h, m, s;
        const char *q = parse_hms(slash + 1, &sign, &h, &m, &s);
        if (!q || q != end || h > 167) return -1;
        r->offset = sign * (h * 3600 + m * 60 + s);
    }
    return 0;
}

static int64_t rule_year_to_epoch(const TZRule *r, int64_t year)
{
    int64_t dby = post_epoch_days_before_year(year);
    if (!r->calendar) {
        int64_t d = r->day;
        if (r->julian && d >= 59 && is_leap(year)) d += 1;
        return (dby + d) * 86400 + r->offset;
    }
    static const int dbm[13] = {-1, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    static const int dim[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    /* weekday of the 1st (Monday = 0) */
    int64_t ord1 = dby + EPOCHORDINAL + dbm[r->m] + (r->m > 2 && is_leap(year)) + 1;
    int64_t first_day = ((ord1 + 6) % 7 + 7) % 7;
    int64_t ndays = dim[r->m] + (r->m == 2 && is_leap(year));
    int64_t month_day = ((r->d - (first_day + 1)) % 7 + 7) % 7 + 1;
    month_day += (r->w - 1) * 7;
    if (month_day > ndays) month_day -= 7;
    int64_t ordinal = dby + dbm[r->m] + (r->m > 2 && is_leap(year)) + month_day;
    return ordinal * 86400 + r->offset;
}

static Obj *str_n(const char *s, size_t n) { return str_from_utf8(s, (Ssize)n); }

/* parse the footer; sets z->tzstr or z->own_after; -1 with ValueError */
static int parse_tz_str(ZoneObj *z, const char *tz)
{
    const char *comma = strchr(tz, ',');
    const char *oend = comma ? comma : tz + strlen(tz);
    const char *std_s, *dst_s = NULL;
    size_t std_n, dst_n = 0;
    const char *p = parse_abbr(tz, "<:.+-,", &std_s, &std_n);
    int64_t std_off = 0, dst_off = 0;
    bool have_dst = false, std_bad = false, dst_bad = false, dst_given = false;
    if (p && p < oend) {
        int sign;
        int64_t h, m, s;
        const char *q = parse_hms(p, &sign, &h, &m, &s);
        if (!q) {
            p = NULL;
        } else {
            if (h > 24) std_bad = true;
            std_off = h * 3600 + m * 60 + s;
            if (sign != -1) std_off = -std_off;
            p = q;
            if (p < oend) {
                p = parse_abbr(p, ":.+-,", &dst_s, &dst_n);
                have_dst = p != NULL;
                if (p && p < oend) {
                    q = parse_hms(p, &sign, &h, &m, &s);
                    if (!q) {
                        p = NULL;
                    } else {
                        if (h > 24) dst_bad = true;
                        dst_off = h * 3600 + m * 60 + s;
                        if (sign != -1) dst_off = -dst_off;
                        dst_given = true;
                        p = q;
                    }
                }
            }
        }
    }
    if (!p || p != oend) {
        vm_err_format(&exc_ValueError, "%s is not a valid TZ string", tz);
        return -1;
    }
    if (std_bad) {
        vm_err_format(&exc_ValueError, "Invalid STD offset in %s", tz);
        return -1;
    }
    if (have_dst) {
        if (dst_bad) {
            vm_err_format(&exc_ValueError, "Invalid DST offset in %s", tz);
            return -1;
        }
        if (!dst_given) dst_off = std_off + 3600;
        if (!comma) {
            vm_err_format(&exc_ValueError, "Missing transition rules: %s", tz);
            return -1;
        }
        const char *r1 = comma + 1, *c2 = strchr(r1, ',');
        TZStr *t = calloc(1, sizeof *t);
        if (!t) {
            vm_err_no_memory();
            return -1;
        }
        if (!c2 || parse_rule(r1, c2, &t->start) < 0 || parse_rule(c2 + 1, c2 + 1 + strlen(c2 + 1), &t->end) < 0) {
            free(t);
            vm_err_format(&exc_ValueError, "Invalid TZ string: %s", tz);
            return -1;
        }
        Obj *sn = str_n(std_s, std_n), *dn = sn ? str_n(dst_s, dst_n) : NULL;
        t->dst_diff = dst_off - std_off;
        int rc = dn && tti_init(&t->std, std_off, 0, sn) == 0 && tti_init(&t->dst, dst_off, t->dst_diff, dn) == 0 ? 0 : -1;
        XDECREF(sn);
        XDECREF(dn);
        z->tzstr = t;
        return rc;
    }
    if (comma) {
        vm_err_format(&exc_ValueError, "Transition rule present without DST: %s", tz);
        return -1;
    }
    Obj *sn = str_n(std_s, std_n);
    if (!sn) return -1;
    int rc = tti_init(&z->own_after, std_off, 0, sn);
    DECREF(sn);
    z->has_own_after = true;
    z->after_fixed = &z->own_after;
    return rc;
}

/* ---- TZif files (_common.load_data) ---------------------------------------------------------- */

typedef struct Reader { const unsigned char *p; size_t n, pos; } Reader;

static bool rd_need(Reader *r, size_t k) { return r->pos + k <= r->n; }
static int64_t rd_be(Reader *r, int size)
{
    uint64_t v = 0;
    for (int i = 0; i < size; i++) v = v << 8 | r->p[r->pos++];
    if (size == 4) return (int32_t)(uint32_t)v;
    return (int64_t)v;
}

static int read_header(Reader *r, int *version, int64_t cnt[6])
{
    if (!rd_need(r, 4) || memcmp(r->p + r->pos, "TZif", 4) != 0) {
        vm_err_set_str(&exc_ValueError, "Invalid TZif file: magic not found");
        return -1;
    }
    r->pos += 4;
    if (!rd_need(r, 1 + 15 + 24)) goto short_file;
    unsigned char v = r->p[r->pos++];
    if (v == 0) {
        *version = 1;
    } else if (v >= '0' && v <= '9') {
        *version = v - '0';
    } else {
        Obj *b = bytes_from(&v, 1);
        if (b) vm_err_format(&exc_ValueError, "invalid literal for int() with base 10: %R", b);
        XDECREF(b);
        return -1;
    }
    r->pos += 15;
    for (int i = 0; i < 6; i++) {
        cnt[i] = rd_be(r, 4);
        if (cnt[i] < 0) goto short_file;
    }
    return 0;
short_file:
    vm_err_set_str(&exc_ValueError, "Invalid TZif file: truncated");
    return -1;
}

static int load_data(ZoneObj *z, const unsigned char *data, size_t n)
{
    Reader r = {data, n, 0};
    int version;
    int64_t c[6];   /* isutcnt isstdcnt leapcnt timecnt typecnt charcnt */
    if (read_header(&r, &version, c) < 0) return -1;
    int tsize = 4;
    if (version >= 2) {
        size_t skip = (size_t)(c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
        if (!rd_need(&r, skip)) goto truncated;
        r.pos += skip;
        if (read_header(&r, &version, c) < 0) return -1;
        tsize = 8;
    }
    int64_t timecnt = c[3], typecnt = c[4], charcnt = c[5];
    if (!rd_need(&r, (size_t)(timecnt * (tsize + 1) + typecnt * 6 + charcnt))) goto truncated;
    z->ntrans = (Ssize)timecnt;
    z->trans_utc = xmalloc(sizeof(int64_t) * (size_t)(timecnt + 1));
    z->trans_local[0] = xmalloc(sizeof(int64_t) * (size_t)(timecnt + 1));
    z->trans_local[1] = xmalloc(sizeof(int64_t) * (size_t)(timecnt + 1));
    z->trans_tti = xmalloc(sizeof(Ssize) * (size_t)(timecnt + 1));
    for (int64_t i = 0; i < timecnt; i++) z->trans_utc[i] = rd_be(&r, tsize);
    for (int64_t i = 0; i < timecnt; i++) {
        z->trans_tti[i] = r.p[r.pos++];
        if (z->trans_tti[i] >= typecnt) {
            vm_err_set_str(&exc_ValueError, "Invalid TZif file: transition type out of range");
            return -1;
        }
    }
    int64_t *utcoff = xmalloc(sizeof(int64_t) * (size_t)(typecnt + 1));
    int *isdst = xmalloc(sizeof(int) * (size_t)(typecnt + 1));
    int *abbrind = xmalloc(sizeof(int) * (size_t)(typecnt + 1));
    for (int64_t i = 0; i < typecnt; i++) {
        utcoff[i] = rd_be(&r, 4);
        isdst[i] = (signed char)r.p[r.pos++];
        abbrind[i] = (signed char)r.p[r.pos++];
    }
    const unsigned char *chars = r.p + r.pos;
    r.pos += (size_t)charcnt;
    int rc = -1;
    /* DST offsets inferred as _utcoff_to_dstoff does */
    int64_t *dstoffs = calloc((size_t)typecnt + 1, sizeof(int64_t));
    int64_t dst_cnt = 0, dst_found = 0;
    for (int64_t i = 0; i < typecnt; i++) dst_cnt += isdst[i] != 0;
    bool broke = false;
    for (int64_t i = 1; i < timecnt; i++) {
        if (dst_cnt == dst_found) {
            broke = true;
            break;
        }
        Ssize idx = z->trans_tti[i];
        if (!isdst[idx] || dstoffs[idx] != 0) continue;
        int64_t dstoff = 0, uo = utcoff[idx];
        Ssize comp = z->trans_tti[i - 1];
        if (!isdst[comp]) dstoff = uo - utcoff[comp];
        if (!dstoff && idx < typecnt - 1) {
            if (i + 1 >= timecnt) {
                vm_err_set_str(&exc_IndexError, "tuple index out of range");
                goto out;
            }
            comp = z->trans_tti[i + 1];
            if (isdst[comp]) continue;
            dstoff = uo - utcoff[comp];
        }
        if (dstoff) {
            dst_found++;
            dstoffs[idx] = dstoff;
        }
    }
    if (!broke)
        for (int64_t i = 0; i < typecnt; i++)
            if (!dstoffs[i] && isdst[i]) dstoffs[i] = 3600;
    /* transition times as local wall times, fold 0 and 1 (_ts_to_local) */
    if (timecnt) {
        int64_t o0, o1;
        if (typecnt > 1) {
            o0 = utcoff[0];
            o1 = utcoff[z->trans_tti[0]];
            if (o1 > o0) {
                int64_t t = o0;
                o0 = o1;
                o1 = t;
            }
        } else {
            o0 = o1 = typecnt ? utcoff[0] : 0;
        }
        z->trans_local[0][0] = z->trans_utc[0] + o0;
        z->trans_local[1][0] = z->trans_utc[0] + o1;
        for (int64_t i = 1; i < timecnt; i++) {
            o0 = utcoff[z->trans_tti[i - 1]];
            o1 = utcoff[z->trans_tti[i]];
            if (o1 > o0) {
                int64_t t = o0;
                o0 = o1;
                o1 = t;
            }
            z->trans_local[0][i] = z->trans_utc[i] + o0;
            z->trans_local[1][i] = z->trans_utc[i] + o1;
        }
    }
    z->ttinfos = calloc((size_t)typecnt + 1, sizeof(TTInfo));
    z->ntypes = (Ssize)typecnt;
    for (int64_t i = 0; i < typecnt; i++) {
        int ai = abbrind[i];
        if (ai < 0 || ai > charcnt) {
            vm_err_set_str(&exc_ValueError, "Invalid TZif file: abbreviation index out of range");
            goto out;
        }
        const unsigned char *s = chars + ai, *e = memchr(s, 0, (size_t)(charcnt - ai));
        Obj *name = str_decode(s, e ? (Ssize)(e - s) : (Ssize)(charcnt - ai - 1), "utf-8", "strict");
        if (!name) goto out;
        int r2 = tti_init(&z->ttinfos[i], utcoff[i], dstoffs[i], name);
        DECREF(name);
        if (r2 < 0) goto out;
    }
    z->tti_before = -1;
    for (int64_t i = 0; i < typecnt; i++)
        if (!isdst[i]) {
            z->tti_before = (Ssize)i;
            break;
        }
    if (z->tti_before < 0 && timecnt) z->tti_before = z->trans_tti[0];
    /* the TZ string footer of version 2+ files */
    char *footer = NULL;
    if (version >= 2) {
        size_t skip = (size_t)(c[0] + c[1] + c[2] * 12);
        if (!rd_need(&r, skip + 1)) goto truncated_out;
        r.pos += skip;
        if (r.p[r.pos++] != '\n') {
            vm_err_set_str(&exc_ValueError, "Invalid TZif file: no newline before the TZ string");
            goto out;
        }
        const unsigned char *s = r.p + r.pos, *e = memchr(s, '\n', r.n - r.pos);
        if (!e) goto truncated_out;
        footer = xmalloc((size_t)(e - s) + 1);
        memcpy(footer, s, (size_t)(e - s));
        footer[e - s] = '\0';
    }
    if (footer && *footer) {
        int pr = parse_tz_str(z, footer);
        free(footer);
        if (pr < 0) goto out;
    } else {
        free(footer);
        if (!timecnt && !typecnt) {
            vm_err_set_str(&exc_ValueError, "No time zone information found.");
            goto out;
        }
        z->after_fixed = timecnt ? &z->ttinfos[z->trans_tti[timecnt - 1]] : &z->ttinfos[typecnt - 1];
    }
    if (typecnt > 1 || z->tzstr) z->fixed_offset = false;
    else if (!typecnt) z->fixed_offset = true;
    else z->fixed_offset = tti_eq(&z->ttinfos[0], z->after_fixed);
    rc = 0;
    goto out;
truncated_out:
    vm_err_set_str(&exc_ValueError, "Invalid TZif file: truncated");
out:
    free(utcoff);
    free(isdst);
    free(abbrind);
    free(dstoffs);
    return rc;
truncated:
    vm_err_set_str(&exc_ValueError, "Invalid TZif file: truncated");
    return -1;
}

/* ---- lookups (_find_trans, fromutc) --------------------------------------------------------------- */

/* index of the first element > x (bisect_right) */
static Ssize bisect_right(const int64_t *a, Ssize n, int64_t x)
{
    Ssize lo = 0, hi = n;
    while (lo < hi) {
        Ssize mid = lo + (hi - lo) / 2;
        if (x < a[mid]) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

static int attr_i64(Obj *o, const char *name, int64_t *out)
{
    Obj *v = obj_getattr_str(o, name);
    if (!v) return -1;
    int r = int_as_i64(v, out);
    DECREF(v);
    return r;
}

/* (dt.toordinal() - EPOCHORDINAL) * 86400 + dt.hour * 3600 + dt.minute * 60 + dt.second */
static int local_timestamp(Obj *dt, int64_t *out)
{
    Obj *o = obj_call_method(dt, "toordinal", NULL, 0);
    if (!o) return -1;
    int64_t ord, h, m, s;
    int r = int_as_i64(o, &ord);
    DECREF(o);
    if (r < 0 || attr_i64(dt, "hour", &h) < 0 || attr_i64(dt, "minute", &m) < 0 || attr_i64(dt, "second", &s) < 0)
        return -1;
    *out = (ord - EPOCHORDINAL) * 86400 + h * 3600 + m * 60 + s;
    return 0;
}

static const TTInfo *tzstr_trans_info(const TZStr *t, int64_t ts, int64_t year, int64_t fold)
{
    int64_t start = rule_year_to_epoch(&t->start, year), end = rule_year_to_epoch(&t->end, year);
    if (fold == (t->dst_diff >= 0)) end -= t->dst_diff;
    else start += t->dst_diff;
    bool isdst = start < end ? (start <= ts && ts < end) : !(end <= ts && ts < start);
    return isdst ? &t->dst : &t->std;
}

/* the ttinfo for dt (not None); NULL with an exception */
static const TTInfo *find_trans(ZoneObj *z, Obj *dt)
{
    int64_t ts, fold;
    if (local_timestamp(dt, &ts) < 0 || attr_i64(dt, "fold", &fold) < 0) return NULL;
    const int64_t *lt = z->trans_local[fold ? 1 : 0];
    Ssize n = z->ntrans;
    if (n && ts < lt[0]) {
        if (z->tti_before < 0) {
            vm_err_set_str(&exc_AttributeError, "'NoneType' object has no attribute 'utcoff'");
            return NULL;
        }
        return &z->ttinfos[z->tti_before];
    }
    if (!n || ts > lt[n - 1]) {
        if (z->tzstr) {
            int64_t year;
            if (attr_i64(dt, "year", &year) < 0) return NULL;
            return tzstr_trans_info(z->tzstr, ts, year, fold);
        }
        return z->after_fixed;
    }
    Ssize idx = bisect_right(lt, n, ts) - 1;
    return &z->ttinfos[z->trans_tti[idx]];
}

enum { F_UTCOFF, F_DSTOFF, F_TZNAME };

static Obj *zone_field(Obj *self, Obj *dt, int field)
{
    ZoneObj *z = ZI(self);
    const TTInfo *t;
    if (dt == NONE) {
        if (!z->fixed_offset) return INCREF(NONE);
        t = z->after_fixed;
    } else {
        t = find_trans(z, dt);
        if (!t) return NULL;
    }
    Obj *v = field == F_UTCOFF ? t->utcoff_td : field == F_DSTOFF ? t->dstoff_td : t->tzname;
    return INCREF(v);
}

static Obj *zi_utcoffset(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("utcoffset", n, kw) < 0) return NULL;
    return zone_field(s, a[0], F_UTCOFF);
}

static Obj *zi_dst(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("dst", n, kw) < 0) return NULL;
    return zone_field(s, a[0], F_DSTOFF);
}

static Obj *zi_tzname(Obj *s, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("tzname", n, kw) < 0) return NULL;
    return zone_field(s, a[0], F_TZNAME);
}

static Obj *zi_fromutc(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    if (mh_one_arg("fromutc", n, kw) < 0) return NULL;
    Obj *dt = a[0];
    int isdt = obj_isinstance(dt, datetime_cls);
    if (isdt < 0) return NULL;
    if (!isdt) {
        vm_err_set_str(&exc_TypeError, "fromutc: argument must be a datetime");
        return NULL;
    }
    Obj *tz = obj_getattr_str(dt, "tzinfo");
    if (!tz) return NULL;
    DECREF(tz);
    if (tz != self) {
        vm_err_set_str(&exc_ValueError, "fromutc: dt.tzinfo is not self");
        return NULL;
    }
    ZoneObj *z = ZI(self);
    int64_t ts;
    if (local_timestamp(dt, &ts) < 0) return NULL;
    Ssize nt = z->ntrans;
    const TTInfo *tti;
    bool fold = false;
    if (nt >= 1 && ts < z->trans_utc[0]) {
        tti = z->tti_before >= 0 ? &z->ttinfos[z->tti_before] : NULL;
    } else if ((nt == 0 || ts > z->trans_utc[nt - 1]) && z->tzstr) {
        int64_t year;
        if (attr_i64(dt, "year", &year) < 0) return NULL;
        const TZStr *t = z->tzstr;
        int64_t start = rule_year_to_epoch(&t->start, year) - t->std.utcoff;
        int64_t end = rule_year_to_epoch(&t->end, year) - t->dst.utcoff;
        bool isdst = start < end ? (start <= ts && ts < end) : !(end <= ts && ts < start);
        int64_t as, ae;
        if (t->dst_diff > 0) {
            as = end;
            ae = end + t->dst_diff;
        } else {
            as = start;
            ae = start - t->dst_diff;
        }
        fold = as <= ts && ts < ae;
        tti = isdst ? &t->dst : &t->std;
    } else if (nt == 0) {
        tti = z->after_fixed;
    } else {
        Ssize idx = bisect_right(z->trans_utc, nt, ts);
        const TTInfo *prev;
        if (nt > 1 && ts >= z->trans_utc[1]) {
            prev = &z->ttinfos[z->trans_tti[idx - 2]];
            tti = &z->ttinfos[z->trans_tti[idx - 1]];
        } else if (ts > z->trans_utc[nt - 1]) {
            prev = &z->ttinfos[z->trans_tti[nt - 1]];
            tti = z->after_fixed;
        } else {
            prev = z->tti_before >= 0 ? &z->ttinfos[z->tti_before] : &z->ttinfos[z->trans_tti[0]];
            tti = &z->ttinfos[z->trans_tti[0]];
        }
        fold = prev->utcoff - tti->utcoff > ts - z->trans_utc[idx - 1];
    }
    if (!tti) {
        vm_err_set_str(&exc_AttributeError, "'NoneType' object has no attribute 'utcoff'");
        return NULL;
    }
    Obj *r = num_binary(dt, tti->utcoff_td, NB_ADD);
    if (!r || !fold) return r;
    Obj *one = int_from_i64(1), *kn = tuple_pack(1, id_str("fold"));
    Obj *rep = one && kn ? obj_getattr_str(r, "replace") : NULL;
    Obj *f = rep ? obj_call(rep, &one, 0, kn) : NULL;
    XDECREF(rep);
    XDECREF(one);
    XDECREF(kn);
    DECREF(r);
    return f;
}

/* ---- construction ------------------------------------------------------------------------------------ */

static Obj *posixpath_call(const char *fn, Obj *const *args, Ssize n)
{
    Obj *m = import_name(id_str("posixpath"), NULL, NULL, 0);
    if (!m) {
        vm_err_clear();
        Obj *os = import_name(id_str("os"), NULL, NULL, 0);
        m = os ? obj_getattr_str(os, "path") : NULL;
        XDECREF(os);
        if (!m) return NULL;
    }
    Obj *f = obj_getattr_str(m, fn);
    DECREF(m);
    Obj *r = f ? obj_call(f, args, n, NULL) : NULL;
    XDECREF(f);
    return r;
}

/* _tzpath._validate_tzfile_path */
static int validate_key(Obj *key)
{
    Obj *abs = posixpath_call("isabs", &key, 1);
    if (!abs) return -1;
    int t = obj_is_true(abs);
    DECREF(abs);
    if (t < 0) return -1;
    if (t) {
        vm_err_format(&exc_ValueError, "ZoneInfo keys may not be absolute paths, got: %S", key);
        return -1;
    }
    Obj *np = posixpath_call("normpath", &key, 1);
    if (!np) return -1;
    Ssize l1 = obj_length(np), l2 = obj_length(key);
    if (l1 < 0 || l2 < 0 || l1 != l2) {
        DECREF(np);
        if (l1 >= 0 && l2 >= 0)
            vm_err_format(&exc_ValueError, "ZoneInfo keys must be normalized relative paths, got: %S", key);
        return -1;
    }
    Obj *base = str_from_cstr("_/");
    Obj *a[2] = {base, np};
    Obj *joined = base ? posixpath_call("join", a, 2) : NULL;
    DECREF(np);
    Obj *resolved = joined ? posixpath_call("normpath", &joined, 1) : NULL;
    XDECREF(joined);
    Obj *sw = resolved ? obj_call_method(resolved, "startswith", &base, 1) : NULL;
    XDECREF(resolved);
    XDECREF(base);
    if (!sw) return -1;
    t = obj_is_true(sw);
    DECREF(sw);
    if (t < 0) return -1;
    if (!t) {
        vm_err_format(&exc_ValueError, "ZoneInfo keys must refer to subdirectories of TZPATH, got: %S", key);
        return -1;
    }
    return 0;
}

static int read_whole(const char *path, unsigned char **data, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, len = 0;
    unsigned char *buf = xmalloc(cap);
    size_t k;
    while ((k = fread(buf + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) buf = xrealloc(buf, cap *= 2);
    }
    fclose(f);
    *data = buf;
    *n = len;
    return 0;
}

static void raise_not_found(Obj *key)
{
    Obj *msg = str_from_fmt("No time zone found with key %S", key);
    Obj *e = msg ? obj_call(notfound_cls, &msg, 1, NULL) : NULL;
    XDECREF(msg);
    if (e) vm_err_restore(e);
}

static Obj *zone_alloc(TypeObj *t, Obj *key)
{
    Obj *o = obj_alloc(t, 0);
    if (!o) return NULL;
    ZI(o)->key = INCREF(key);
    ZI(o)->tti_before = -1;
    return o;
}

/* _new_instance: read the key's TZif file */
static Obj *zone_new_instance(TypeObj *t, Obj *key)
{
    if (!STR_CHECK(key)) {
        vm_err_format(&exc_TypeError, "expected str, bytes or os.PathLike object, not %s", type_name(OBJ_TYPE(key)));
        return NULL;
    }
    if (validate_key(key) < 0) return NULL;
    Ssize kl;
    const char *k = str_utf8(key, &kl);
    if (!k) {
        vm_err_clear();
        raise_not_found(key);
        return NULL;
    }
    for (Ssize i = 0; tzpath && i < TUPLE_LEN(tzpath); i++) {
        Ssize dl;
        const char *dir = STR_CHECK(TUPLE_ITEMS(tzpath)[i]) ? str_utf8(TUPLE_ITEMS(tzpath)[i], &dl) : NULL;
        if (!dir) {
            vm_err_clear();
            continue;
        }
        SBuf p = SBUF_INIT;
        sbuf_puts(&p, dir);
        if (dl && dir[dl - 1] != '/') sbuf_putc(&p, '/');
        sbuf_put(&p, k, (size_t)kl);
        struct stat st;
        if (stat(sbuf_cstr(&p), &st) == 0 && S_ISREG(st.st_mode)) {
            unsigned char *data;
            size_t n;
            if (read_whole(sbuf_cstr(&p), &data, &n) < 0) {
                vm_err_format(&exc_OSError, "[Errno %d] %s: '%s'", errno, strerror(errno), sbuf_cstr(&p));
                sbuf_free(&p);
                return NULL;
            }
            sbuf_free(&p);
            Obj *o = zone_alloc(t, key);
            if (o && load_data(ZI(o), data, n) < 0) CLEAR(o);
            free(data);
            return o;
        }
        sbuf_free(&p);
    }
    raise_not_found(key);
    return NULL;
}

/* the one `key` argument, worded as PyArg_ParseTupleAndKeywords words it (fn: "function" or "NAME()") */
static int key_arg(const char *fn, Obj *const *args, Ssize nargs, Obj *kw, Obj **out)
{
    Ssize nkw = mh_nkw(kw);
    if (nargs + nkw > 1) {
        vm_err_format(&exc_TypeError, "%s takes at most 1 argument (%zd given)", fn, nargs + nkw);
        return -1;
    }
    *out = nargs ? args[0] : nkw && str_eq_cstr(TUPLE_ITEMS(kw)[0], "key") ? args[0] : NULL;
    if (!*out) {
        vm_err_format(&exc_TypeError, "%s missing required argument 'key' (pos 1)", fn);
        return -1;
    }
    return 0;
}

static Obj *zone_new(TypeObj *t, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[1];
    if (key_arg("function", args, nargs, kw, v) < 0) return NULL;
    Obj *ck = tuple_pack(2, (Obj *)t, v[0]);
    if (!ck) return NULL;
    Obj *hit = dict_get_borrow(zone_cache, ck);
    if (hit) {
        DECREF(ck);
        return INCREF(hit);
    }
    if (vm_err_occurred()) {
        DECREF(ck);
        return NULL;
    }
    Obj *o = zone_new_instance(t, v[0]);
    if (o) {
        ZI(o)->from_cache = true;
        if (dict_set(zone_cache, ck, o) < 0) CLEAR(o);
    }
    DECREF(ck);
    return o;
}

static Obj *zi_no_cache(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[1];
    if (key_arg("no_cache()", args, nargs, kw, v) < 0) return NULL;
    Obj *o = zone_new_instance((TypeObj *)cls, v[0]);
    if (o) ZI(o)->from_cache = false;
    return o;
}

static Obj *zi_from_file(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"fobj", "key"};
    Obj *v[2];
    if (args_parse("from_file", args, nargs, kw, names, 2, 1, 1, v) < 0) return NULL;
    Obj *data = obj_call_method(v[0], "read", NULL, 0);
    if (!data) return NULL;
    if (!BYTES_CHECK(data)) {
        vm_err_format(&exc_TypeError, "a bytes-like object is required, not '%s'", type_name(OBJ_TYPE(data)));
        DECREF(data);
        return NULL;
    }
    Obj *o = zone_alloc((TypeObj *)cls, v[1] ? v[1] : NONE);
    if (o && load_data(ZI(o), BYTES_DATA(data), (size_t)VAR_SIZE(data)) < 0) CLEAR(o);
    DECREF(data);
    if (o) {
        ZI(o)->file_repr = obj_repr(v[0]);
        if (!ZI(o)->file_repr) CLEAR(o);
    }
    return o;
}

static Obj *zi_clear_cache(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"only_keys"};
    Obj *v[1] = {NULL};
    if (nargs) {
        vm_err_format(&exc_TypeError, "clear_cache() takes no positional arguments");
        return NULL;
    }
    if (args_parse("clear_cache", args, nargs, kw, names, 1, 0, 0, v) < 0) return NULL;
    if (!v[0] || v[0] == NONE) {
        /* drop this class's entries */
        Obj *keys = dict_keys_list(zone_cache);
        for (Ssize i = 0; keys && i < LIST_LEN(keys); i++)
            if (TUPLE_ITEMS(LIST_ITEMS(keys)[i])[0] == cls && dict_del(zone_cache, LIST_ITEMS(keys)[i]) < 0) {
                DECREF(keys);
                return NULL;
            }
        XDECREF(keys);
        return keys ? INCREF(NONE) : NULL;
    }
    Obj *it = obj_getiter(v[0]);
    if (!it) return NULL;
    Obj *k;
    while ((k = obj_iternext(it))) {
        Obj *ck = tuple_pack(2, cls, k);
        DECREF(k);
        if (!ck) break;
        Obj *old = NULL;
        int r = dict_pop_opt(zone_cache, ck, &old);
        XDECREF(old);
        DECREF(ck);
        if (r < 0) break;
    }
    DECREF(it);
    return vm_err_occurred() ? NULL : INCREF(NONE);
}

static Obj *zi_unpickle(Obj *cls, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_pos_args("ZoneInfo._unpickle", "_unpickle", nargs, kw, 2, 2) < 0) return NULL;
    int fc = obj_is_true(args[1]);
    if (fc < 0) return NULL;
    if (fc) return obj_call(cls, args, 1, NULL);
    return zi_no_cache(cls, args, 1, NULL);
}

static Obj *zi_reduce(Obj *self, Obj *const *a, Ssize n, Obj *kw)
{
    (void)a;
    if (mh_no_args("ZoneInfo.__reduce__", n, kw) < 0) return NULL;
    if (ZI(self)->file_repr) {
        vm_err_set_str(&exc_TypeError, "Cannot pickle a ZoneInfo file created from a file stream.");
        return NULL;
    }
    Obj *f = obj_getattr_str((Obj *)OBJ_TYPE(self), "_unpickle");
    Obj *fc = int_from_i64(ZI(self)->from_cache ? 1 : 0);
    Obj *args = f && fc ? tuple_pack(2, ZI(self)->key, fc) : NULL;
    Obj *r = args ? tuple_pack(2, f, args) : NULL;
    XDECREF(f);
    XDECREF(fc);
    XDECREF(args);
    return r;
}

static Obj *zone_repr(Obj *self)
{
    ZoneObj *z = ZI(self);
    if (z->key != NONE) return str_from_fmt("%s(key=%R)", OBJ_TYPE(self)->name, z->key);
    return str_from_fmt("%s.from_file(%S)", OBJ_TYPE(self)->name, z->file_repr ? z->file_repr : NONE);
}

static Obj *zone_str(Obj *self)
{
    if (ZI(self)->key != NONE) return obj_str(ZI(self)->key);
    return obj_repr(self);
}

static Obj *zi_get_key(Obj *self, void *c)
{
    (void)c;
    return INCREF(ZI(self)->key);
}

static MethodDef zone_methods[] = {
    {"utcoffset", zi_utcoffset, METH_FAST, "Retrieve a timedelta representing the UTC offset in a zone at the given datetime."},
    {"dst", zi_dst, METH_FAST, "Retrieve a timedelta representing the amount of DST applied in a zone at the given datetime."},
    {"tzname", zi_tzname, METH_FAST, "Retrieve a string containing the abbreviation for the time zone that applies in a zone at a given datetime."},
    {"fromutc", zi_fromutc, METH_FAST, "Given a datetime with local time in UTC, retrieve an adjusted datetime in local time."},
    {"__reduce__", zi_reduce, METH_FAST, "Function for serialization with the pickle protocol."},
    {"no_cache", zi_no_cache, METH_FAST | METH_CLASS, "Get a new instance of ZoneInfo, bypassing the cache."},
    {"from_file", zi_from_file, METH_FAST | METH_CLASS, "Create a ZoneInfo file from a file object."},
    {"clear_cache", zi_clear_cache, METH_FAST | METH_CLASS, "Clear the ZoneInfo cache."},
    {"_unpickle", zi_unpickle, METH_FAST | METH_CLASS, "Private method used in unpickling."},
    {NULL, NULL, 0, NULL},
};

static GetSetDef zone_getset[] = {
    {"key", zi_get_key, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static TypeObj zoneinfo_type = {
    .base = TYPE_HEAD_INIT, .name = "zoneinfo.ZoneInfo", .basicsize = sizeof(ZoneObj),
    .flags = TPF_BASETYPE, .dealloc = zone_dealloc, .repr = zone_repr, .str = zone_str,
    .getattro = obj_generic_getattr, .new_ = zone_new, .methods = zone_methods, .getset = zone_getset,
    .weaklistoffset = offsetof(ZoneObj, weakreflist),
};

/* ---- TZPATH and available_timezones ------------------------------------------------------------------- */

static Obj *module_dict;   /* zoneinfo's namespace (owned), for TZPATH */
static Obj *invalid_path_warning;

static const char DEFAULT_TZPATH[] = "/usr/share/zoneinfo:/usr/lib/zoneinfo:/usr/share/lib/zoneinfo:/etc/zoneinfo";

static Obj *invalid_paths_message(Obj *paths)
{
    SBuf b = SBUF_INIT;
    sbuf_puts(&b, "Paths should be absolute but found the following relative paths:");
    Obj *it = obj_getiter(paths), *p;
    while (it && (p = obj_iternext(it))) {
        Obj *abs = posixpath_call("isabs", &p, 1);
        int t = abs ? obj_is_true(abs) : -1;
        XDECREF(abs);
        if (t == 0) {
            Obj *s = obj_str(p);
            Ssize n;
            const char *u = s ? str_utf8_lossy(s, &n) : "";
            sbuf_puts(&b, "\n    ");
            sbuf_put(&b, u, s ? (size_t)n : 0);
            XDECREF(s);
        }
        DECREF(p);
        if (t < 0) break;
    }
    XDECREF(it);
    Obj *r = vm_err_occurred() ? NULL : str_from_utf8(b.data ? b.data : "", (Ssize)b.len);
    sbuf_free(&b);
    return r;
}

static int set_tzpath(Obj *t)   /* steals t */
{
    if (!t) return -1;
    obj_setref(&tzpath, t);
    return module_dict ? dict_set_str(module_dict, "TZPATH", tzpath) : 0;
}

/* _parse_python_tzpath: the absolute entries of a ':'-separated list */
static Obj *parse_tzpath(const char *s, bool warn)
{
    Obj *all = list_new(0), *abs_l = list_new(0);
    const char *p = s;
    while (all && abs_l && *s) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        Obj *item = str_decode(p, (Ssize)n, "utf-8", "surrogateescape");
        if (!item || list_append(all, item) < 0) CLEAR(all);
        if (item && n && *p == '/' && abs_l && list_append(abs_l, item) < 0) CLEAR(abs_l);
        XDECREF(item);
        if (!e) break;
        p = e + 1;
    }
    if (all && abs_l && warn && LIST_LEN(all) != LIST_LEN(abs_l)) {
        Obj *msg = invalid_paths_message(all);
        Obj *full = msg ? str_from_fmt("Invalid paths specified in PYTHONTZPATH environment variable. %S", msg) : NULL;
        XDECREF(msg);
        if (!full || warnings_warn((TypeObj *)invalid_path_warning, full, 1) < 0) CLEAR(abs_l);
        XDECREF(full);
    }
    XDECREF(all);
    Obj *r = abs_l ? list_as_tuple(abs_l) : NULL;
    XDECREF(abs_l);
    return r;
}

static Obj *zi_reset_tzpath(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"to"};
    Obj *v[1];
    if (mh_bind("reset_tzpath", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    Obj *to = v[0];
    if (to && to != NONE) {
        if (STR_CHECK(to) || BYTES_CHECK(to)) {
            Obj *tr = obj_repr((Obj *)OBJ_TYPE(to));
            if (tr) vm_err_format(&exc_TypeError, "tzpaths must be a list or tuple, not %S: %R", tr, to);
            XDECREF(tr);
            return NULL;
        }
        Obj *t = seq_to_tuple(to);
        if (!t) return NULL;
        for (Ssize i = 0; i < TUPLE_LEN(t); i++) {
            Obj *abs = posixpath_call("isabs", &TUPLE_ITEMS(t)[i], 1);
            int ok = abs ? obj_is_true(abs) : -1;
            XDECREF(abs);
            if (ok <= 0) {
                if (ok == 0) {
                    Obj *msg = invalid_paths_message(t);
                    if (msg) vm_err_set_obj(&exc_ValueError, msg);
                    XDECREF(msg);
                }
                DECREF(t);
                return NULL;
            }
        }
        return set_tzpath(t) < 0 ? NULL : INCREF(NONE);
    }
    const char *env = getenv("PYTHONTZPATH");
    return set_tzpath(parse_tzpath(env ? env : DEFAULT_TZPATH, env != NULL)) < 0 ? NULL : INCREF(NONE);
}

static bool has_tzif_magic(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char m[4];
    bool ok = fread(m, 1, 4, f) == 4 && memcmp(m, "TZif", 4) == 0;
    fclose(f);
    return ok;
}

/* os.walk(root) order: a directory's files in listing order, then its subdirectories */
static int walk_zones(Obj *set, const char *root, const char *rel, bool top)
{
    SBuf dirp = SBUF_INIT;
    sbuf_puts(&dirp, root);
    if (*rel) {
        sbuf_putc(&dirp, '/');
        sbuf_puts(&dirp, rel);
    }
    DIR *d = opendir(sbuf_cstr(&dirp));
    if (!d) {
        sbuf_free(&dirp);
        return 0;
    }
    char **subdirs = NULL;
    size_t nsub = 0;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        SBuf full = SBUF_INIT;
        sbuf_printf(&full, "%s/%s", sbuf_cstr(&dirp), e->d_name);
        struct stat st, lst;
        bool isdir = stat(sbuf_cstr(&full), &st) == 0 && S_ISDIR(st.st_mode);
        if (isdir) {
            bool link = lstat(sbuf_cstr(&full), &lst) == 0 && S_ISLNK(lst.st_mode);
            if (!link && !(top && (!strcmp(e->d_name, "right") || !strcmp(e->d_name, "posix")))) {
                subdirs = xrealloc(subdirs, (nsub + 1) * sizeof *subdirs);
                subdirs[nsub++] = xstrdup(e->d_name);
            }
        } else {
            SBuf key = SBUF_INIT;
            if (*rel) sbuf_printf(&key, "%s/", rel);
            sbuf_puts(&key, e->d_name);
            Obj *k = str_decode(key.data, (Ssize)key.len, "utf-8", "surrogateescape");
            int in = k ? set_contains(set, k) : -1;
            if (in == 0 && has_tzif_magic(sbuf_cstr(&full))) in = set_add(set, k) < 0 ? -1 : 0;
            if (in < 0) rc = -1;
            XDECREF(k);
            sbuf_free(&key);
        }
        sbuf_free(&full);
    }
    closedir(d);
    for (size_t i = 0; i < nsub; i++) {
        if (rc == 0) {
            SBuf r = SBUF_INIT;
            if (*rel) sbuf_printf(&r, "%s/", rel);
            sbuf_puts(&r, subdirs[i]);
            rc = walk_zones(set, root, sbuf_cstr(&r), false);
            sbuf_free(&r);
        }
        free(subdirs[i]);
    }
    free(subdirs);
    sbuf_free(&dirp);
    return rc;
}

static Obj *zi_available_timezones(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    (void)args;
    if (mh_bind("available_timezones", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *set = set_new(NULL);
    for (Ssize i = 0; set && tzpath && i < TUPLE_LEN(tzpath); i++) {
        Ssize n;
        const char *root = STR_CHECK(TUPLE_ITEMS(tzpath)[i]) ? str_utf8(TUPLE_ITEMS(tzpath)[i], &n) : NULL;
        if (!root) {
            vm_err_clear();
            continue;
        }
        if (walk_zones(set, root, "", true) < 0) CLEAR(set);
    }
    if (set) {
        Obj *pr = str_from_cstr("posixrules");
        if (!pr || set_discard(set, pr) < 0) CLEAR(set);
        XDECREF(pr);
    }
    return set;
}

static const MethodDef zoneinfo_functions[] = {
    {"reset_tzpath", zi_reset_tzpath, METH_FAST, NULL},
    {"available_timezones", zi_available_timezones, METH_FAST, "Returns a set containing all available time zones."},
    {NULL, NULL, 0, NULL},
};

static Obj *zoneinfo_init(void)
{
    Obj *dtm = import_name(id_str("datetime"), NULL, NULL, 0);
    if (!dtm) return NULL;
    obj_setref(&timedelta_cls, obj_getattr_str(dtm, "timedelta"));
    obj_setref(&datetime_cls, timedelta_cls ? obj_getattr_str(dtm, "datetime") : NULL);
    Obj *tzinfo = datetime_cls ? obj_getattr_str(dtm, "tzinfo") : NULL;
    DECREF(dtm);
    if (!tzinfo) return NULL;
    if (!(zoneinfo_type.flags & TPF_READY)) {
        zoneinfo_type.tp_base = (TypeObj *)tzinfo;
        if (type_ready(&zoneinfo_type) < 0) {
            DECREF(tzinfo);
            return NULL;
        }
    }
    DECREF(tzinfo);
    if (!zone_cache && !(zone_cache = dict_new())) return NULL;
    Obj *m = mh_module("zoneinfo", zoneinfo_functions);
    if (!m) return NULL;
    obj_setref(&module_dict, INCREF(module_dict_borrow(m)));
    if (!notfound_cls) {
        Obj *b = tuple_pack(1, (Obj *)&exc_KeyError);
        notfound_cls = b ? mh_class("zoneinfo._common", "ZoneInfoNotFoundError", b, NULL, NULL, NULL) : NULL;
        XDECREF(b);
        Obj *doc = notfound_cls ? str_from_cstr("Exception raised when a ZoneInfo key is not found.") : NULL;
        if (!doc || obj_setattr(notfound_cls, id_str("__doc__"), doc) < 0) CLEAR(notfound_cls);
        XDECREF(doc);
        b = notfound_cls ? tuple_pack(1, (Obj *)&exc_RuntimeWarning) : NULL;
        invalid_path_warning = b ? mh_class("zoneinfo._tzpath", "InvalidTZPathWarning", b, NULL, NULL, NULL) : NULL;
        XDECREF(b);
        if (!invalid_path_warning) goto fail;
    }
    if (mh_add_obj(m, "ZoneInfo", (Obj *)&zoneinfo_type) < 0 ||
        mh_add_obj(m, "ZoneInfoNotFoundError", notfound_cls) < 0 ||
        mh_add_obj(m, "InvalidTZPathWarning", invalid_path_warning) < 0)
        goto fail;
    if (tzpath) {
        if (dict_set_str(module_dict, "TZPATH", tzpath) < 0) goto fail;
    } else {
        Obj *r = zi_reset_tzpath(NULL, NULL, 0, NULL);
        if (!r) goto fail;
        DECREF(r);
    }
    static const char *const all[] = {"ZoneInfo", "reset_tzpath", "available_timezones", "TZPATH",
                                      "ZoneInfoNotFoundError", "InvalidTZPathWarning"};
    Obj *al = list_new(6);
    if (!al) goto fail;
    for (int i = 0; i < 6; i++) LIST_ITEMS(al)[i] = str_from_cstr(all[i]);
    if (module_add(m, "__all__", al) < 0) goto fail;
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_zoneinfo_register(void) { import_register_native("zoneinfo", zoneinfo_init); }
