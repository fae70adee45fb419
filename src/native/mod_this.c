/* mod_this.c — the `this` module: importing it prints the Zen of Python,
 * decoded from its ROT13 text as this.py does; the module keeps that text
 * (s), the decoding table (d) and the final loop values c and i. */
#include "config.h"

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static const char zen_rot13[] =
    "Gur Mra bs Clguba, ol Gvz Crgref\n\nOrnhgvshy vf orggre guna htyl.\nRkcyvpvg vf orggre guna vzcyvpvg.\nFvzcyr vf orggre guna pbzcyrk.\nPbzcyrk vf orggre guna pbzcyvpngrq.\nSyng vf orggre guna arfgrq.\nFcnefr vf orggre guna qrafr.\nErnqnovyvgl pbhagf.\nFcrpvny pnfrf nera'g fcrpvny rabhtu gb oernx gur ehyrf.\nNygubhtu cenpgvpnyvgl orngf chevgl.\nReebef fubhyq arire cnff fvyragyl.\nHayrff rkcyvpvgyl fvyraprq.\nVa gur snpr bs nzovthvgl, ershfr gur grzcgngvba gb thrff.\nGurer fubhyq or bar-- naq cersrenoyl bayl bar --boivbhf jnl gb qb vg.\nNygubhtu gung jnl znl abg or boivbhf ng svefg hayrff lbh'er Qhgpu.\nAbj vf orggre guna arire.\nNygubhtu arire vf bsgra orggre guna *evtug* abj.\nVs gur vzcyrzragngvba vf uneq gb rkcynva, vg'f n onq vqrn.\nVs gur vzcyrzragngvba vf rnfl gb rkcynva, vg znl or n tbbq vqrn.\nAnzrfcnprf ner bar ubaxvat terng vqrn -- yrg'f qb zber bs gubfr!";

static char rot13(char ch)
{
    if (ch >= 'a' && ch <= 'z') return (char)('a' + (ch - 'a' + 13) % 26);
    if (ch >= 'A' && ch <= 'Z') return (char)('A' + (ch - 'A' + 13) % 26);
    return ch;
}

static Obj *this_init(void)
{
    Obj *m = mh_module("this", NULL);
    Obj *d = m ? dict_new() : NULL;
    if (!d) goto fail;
    for (int c = 'A'; c <= 'z'; c += 'a' - 'A') {   /* for c in (65, 97): for i in range(26) */
        for (int i = 0; i < 26; i++) {
            char k[2] = {(char)(i + c), 0}, v[2] = {(char)((i + 13) % 26 + c), 0};
            Obj *ko = str_from_cstr(k), *vo = str_from_cstr(v);
            int r = ko && vo ? dict_set(d, ko, vo) : -1;
            XDECREF(ko);
            XDECREF(vo);
            if (r < 0) goto fail;
        }
    }
    SBuf text = SBUF_INIT;
    for (const char *p = zen_rot13; *p; p++) sbuf_putc(&text, rot13(*p));
    sbuf_putc(&text, '\n');
    Obj *sys = import_name(id_str("sys"), NULL, NULL, 0);
    Obj *out = sys ? obj_getattr_str(sys, "stdout") : NULL;
    Obj *str = out ? str_from_utf8(sbuf_cstr(&text), (Ssize)text.len) : NULL;
    Obj *r = str ? obj_call_method(out, "write", &str, 1) : NULL;
    sbuf_free(&text);
    XDECREF(sys);
    XDECREF(out);
    XDECREF(str);
    if (!r) goto fail;
    DECREF(r);
    if (mh_add_str(m, "s", zen_rot13) < 0 || module_add(m, "d", d) < 0) {
        d = NULL;
        goto fail;
    }
    d = NULL;
    if (module_add(m, "c", int_from_i64(97)) < 0 || module_add(m, "i", int_from_i64(25)) < 0) goto fail;
    return m;
fail:
    XDECREF(d);
    XDECREF(m);
    return NULL;
}

void native_this_register(void) { import_register_native("this", this_init); }
