/* mod_colorsys.c — the `colorsys` module of CPython 3.12, natively.
 *
 * The six conversions compute in doubles with colorsys.py's exact
 * expressions and evaluation order (so every float is CPython's), and
 * return the argument objects themselves where colorsys.py returns them
 * (v of hsv_to_rgb, max(r, g, b) as rgb_to_hsv's v, l or v when the
 * saturation is 0), so ints stay ints as they do there.
 */
#include "config.h"

#include <math.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static const double one_third = 1.0 / 3.0, one_sixth = 1.0 / 6.0, two_third = 2.0 / 3.0;

/* Python's float % */
static double py_mod(double x, double m)
{
    double r = fmod(x, m);
    if (r != 0.0) {
        if ((m < 0) != (r < 0)) r += m;
    } else {
        r = copysign(0.0, m);
    }
    return r;
}

static int three_args(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, const char *const *names,
                      Obj **o, double *d)
{
    if (mh_bind(fname, args, nargs, kw, names, 3, 3, 0, 3, 0, o) < 0) return -1;
    for (int i = 0; i < 3; i++) {
        d[i] = float_as_double(o[i]);
        if (d[i] == -1.0 && vm_err_occurred()) return -1;
    }
    return 0;
}

/* a 3-tuple where NULL items are floats from d[] and others the given objects */
static Obj *triple(Obj *o0, double d0, Obj *o1, double d1, Obj *o2, double d2)
{
    Obj *v[3] = {o0 ? INCREF(o0) : float_from_double(d0), o1 ? INCREF(o1) : float_from_double(d1),
                 o2 ? INCREF(o2) : float_from_double(d2)};
    Obj *t = v[0] && v[1] && v[2] ? tuple_from_array(v, 3) : NULL;
    for (int i = 0; i < 3; i++) XDECREF(v[i]);
    return t;
}

static const char *const rgb_names[] = {"r", "g", "b"};

static Obj *c_rgb_to_yiq(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *o[3];
    double d[3];
    if (three_args("rgb_to_yiq", args, nargs, kw, rgb_names, o, d) < 0) return NULL;
    double r = d[0], g = d[1], b = d[2];
    double y = 0.30 * r + 0.59 * g + 0.11 * b;
    double i = 0.74 * (r - y) - 0.27 * (b - y);
    double q = 0.48 * (r - y) + 0.41 * (b - y);
    return triple(NULL, y, NULL, i, NULL, q);
}

static double clamp01(double x) { return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x; }

static Obj *c_yiq_to_rgb(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"y", "i", "q"};
    Obj *o[3];
    double d[3];
    if (three_args("yiq_to_rgb", args, nargs, kw, names, o, d) < 0) return NULL;
    double y = d[0], i = d[1], q = d[2];
    double r = y + 0.9468822170900693 * i + 0.6235565819861433 * q;
    double g = y - 0.27478764629897834 * i - 0.6356910791873801 * q;
    double b = y - 1.1085450346420322 * i + 1.7090069284064666 * q;
    return triple(NULL, clamp01(r), NULL, clamp01(g), NULL, clamp01(b));
}

/* max(r, g, b) as the builtin picks it: the first largest */
static int max_index(const double *d)
{
    int m = 0;
    for (int i = 1; i < 3; i++)
        if (d[i] > d[m]) m = i;
    return m;
}

static double min3(const double *d)
{
    double m = d[0];
    for (int i = 1; i < 3; i++)
        if (d[i] < m) m = d[i];
    return m;
}

/* the hue shared by rgb_to_hls and rgb_to_hsv */
static double hue_of(const double *d, double maxc, double rangec)
{
    double rc = (maxc - d[0]) / rangec, gc = (maxc - d[1]) / rangec, bc = (maxc - d[2]) / rangec, h;
    if (d[0] == maxc) h = bc - gc;
    else if (d[1] == maxc) h = 2.0 + rc - bc;
    else h = 4.0 + gc - rc;
    return py_mod(h / 6.0, 1.0);
}

static Obj *c_rgb_to_hls(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *o[3];
    double d[3];
    if (three_args("rgb_to_hls", args, nargs, kw, rgb_names, o, d) < 0) return NULL;
    double maxc = d[max_index(d)], minc = min3(d);
    double sumc = maxc + minc, rangec = maxc - minc, l = sumc / 2.0, sat;
    if (minc == maxc) return triple(NULL, 0.0, NULL, l, NULL, 0.0);
    if (l <= 0.5) sat = rangec / sumc;
    else sat = rangec / (2.0 - maxc - minc);
    return triple(NULL, hue_of(d, maxc, rangec), NULL, l, NULL, sat);
}

static double v_of(double m1, double m2, double hue)
{
    hue = py_mod(hue, 1.0);
    if (hue < one_sixth) return m1 + (m2 - m1) * hue * 6.0;
    if (hue < 0.5) return m2;
    if (hue < two_third) return m1 + (m2 - m1) * (two_third - hue) * 6.0;
    return m1;
}

static Obj *c_hls_to_rgb(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"h", "l", "s"};
    Obj *o[3];
    double d[3];
    if (three_args("hls_to_rgb", args, nargs, kw, names, o, d) < 0) return NULL;
    double h = d[0], l = d[1], sat = d[2], m2;
    if (sat == 0.0) return triple(o[1], 0, o[1], 0, o[1], 0);
    if (l <= 0.5) m2 = l * (1.0 + sat);
    else m2 = l + sat - (l * sat);
    double m1 = 2.0 * l - m2;
    return triple(NULL, v_of(m1, m2, h + one_third), NULL, v_of(m1, m2, h), NULL, v_of(m1, m2, h - one_third));
}

static Obj *c_rgb_to_hsv(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    Obj *o[3];
    double d[3];
    if (three_args("rgb_to_hsv", args, nargs, kw, rgb_names, o, d) < 0) return NULL;
    int mi = max_index(d);
    double maxc = d[mi], minc = min3(d), rangec = maxc - minc;
    if (minc == maxc) return triple(NULL, 0.0, NULL, 0.0, o[mi], 0);
    return triple(NULL, hue_of(d, maxc, rangec), NULL, rangec / maxc, o[mi], 0);
}

static Obj *c_hsv_to_rgb(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"h", "s", "v"};
    Obj *o[3];
    double d[3];
    if (three_args("hsv_to_rgb", args, nargs, kw, names, o, d) < 0) return NULL;
    double h = d[0], sat = d[1], v = d[2];
    Obj *vo = o[2];
    if (sat == 0.0) return triple(vo, 0, vo, 0, vo, 0);
    if (!isfinite(h * 6.0)) {
        vm_err_set_str(isnan(h) ? &exc_ValueError : &exc_OverflowError,
                       isnan(h) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
        return NULL;
    }
    double it = trunc(h * 6.0);
    double f = (h * 6.0) - it;
    double p = v * (1.0 - sat), q = v * (1.0 - sat * f), t = v * (1.0 - sat * (1.0 - f));
    int i = (int)py_mod(it, 6.0);
    switch (i) {
    case 0: return triple(vo, 0, NULL, t, NULL, p);
    case 1: return triple(NULL, q, vo, 0, NULL, p);
    case 2: return triple(NULL, p, vo, 0, NULL, t);
    case 3: return triple(NULL, p, NULL, q, vo, 0);
    case 4: return triple(NULL, t, NULL, p, vo, 0);
    default: return triple(vo, 0, NULL, p, NULL, q);
    }
}

static const MethodDef colorsys_methods[] = {
    {"rgb_to_yiq", c_rgb_to_yiq, METH_FAST, NULL},
    {"yiq_to_rgb", c_yiq_to_rgb, METH_FAST, NULL},
    {"rgb_to_hls", c_rgb_to_hls, METH_FAST, NULL},
    {"hls_to_rgb", c_hls_to_rgb, METH_FAST, NULL},
    {"rgb_to_hsv", c_rgb_to_hsv, METH_FAST, NULL},
    {"hsv_to_rgb", c_hsv_to_rgb, METH_FAST, NULL},
    {NULL, NULL, 0, NULL},
};

static Obj *colorsys_init(void)
{
    Obj *m = mh_module("colorsys", colorsys_methods);
    if (!m) return NULL;
    if (module_add(m, "ONE_THIRD", float_from_double(one_third)) < 0 ||
        module_add(m, "ONE_SIXTH", float_from_double(one_sixth)) < 0 ||
        module_add(m, "TWO_THIRD", float_from_double(two_third)) < 0) {
        DECREF(m);
        return NULL;
    }
    if (m && smallmods_set_all(m,
                               "rgb_to_yiq yiq_to_rgb rgb_to_hls hls_to_rgb rgb_to_hsv hsv_to_rgb",
                               false) < 0)
        CLEAR(m);
    return m;
}

void native_colorsys_register(void) { import_register_native("colorsys", colorsys_init); }
