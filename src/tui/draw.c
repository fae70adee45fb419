/* draw.c — styles, rows of styled UTF-8 text, and painting them with curses.
 *
 * Every pane builds TRows and paints them with tui_draw_row, so wide
 * characters, clipping, horizontal scrolling and the mark for text that
 * goes on past the pane's edge are handled here once.  Text is decoded
 * from UTF-8 by hand (invalid bytes show as U+FFFD), widths come from
 * wcwidth under the UTF-8 LC_CTYPE the TUI selects at start.
 *
 * Styles: each TStyle is a colour pair plus attributes; without colours
 * (a monochrome terminal, or NO_COLOR set) only attributes are used, chosen
 * so that every distinction stays visible (reverse for the current line,
 * bold + underline for what changed, dim for secondary text).
 */
#include "config.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "src/tui/tuiint.h"

static attr_t st_attr[TS__COUNT];
static short st_pair[TS__COUNT];

typedef struct StyleDef {
    short fg, bg;        /* -2: no pair (attributes only) */
    attr_t color_attr;   /* with colours */
    attr_t mono_attr;    /* without */
} StyleDef;

static const StyleDef style_defs[TS__COUNT] = {
    [TS_NORMAL] = {-2, -2, A_NORMAL, A_NORMAL},
    [TS_TITLE] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
    [TS_TITLE_FOCUS] = {COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD},
    [TS_STATUS] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
    [TS_CURRENT] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE},
    [TS_COLUMNS] = {-2, -2, A_UNDERLINE | A_BOLD, A_UNDERLINE | A_BOLD},
    [TS_BREAK] = {COLOR_RED, -1, A_BOLD, A_BOLD},
    [TS_BREAK_OFF] = {COLOR_YELLOW, -1, A_NORMAL, A_DIM},
    [TS_SHADE] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_BOLD},
    [TS_CHANGED] = {COLOR_BLACK, COLOR_GREEN, A_BOLD, A_BOLD | A_UNDERLINE},
    [TS_PUSHED] = {COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_BOLD | A_UNDERLINE},
    [TS_DIM] = {COLOR_CYAN, -1, A_NORMAL, A_DIM},
    [TS_MARK] = {-2, -2, A_BOLD, A_BOLD},
    [TS_ERROR] = {COLOR_RED, -1, A_NORMAL, A_BOLD},
    [TS_CURSOR] = {-2, -2, A_REVERSE, A_REVERSE},
    [TS_GROUP] = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [TS_HELP] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
    [TS_PROMPT] = {-2, -2, A_BOLD, A_BOLD},
};

void tui_styles_init(bool color)
{
    short next = 1;
    for (int i = 0; i < TS__COUNT; i++) {
        const StyleDef *d = &style_defs[i];
        st_pair[i] = 0;
        if (color && d->fg != -2) {
            init_pair(next, d->fg, d->bg);
            st_pair[i] = next++;
        }
        st_attr[i] = color ? d->color_attr : d->mono_attr;
    }
}

attr_t tui_style_attr(int style) { return style >= 0 && style < TS__COUNT ? st_attr[style] : 0; }
short tui_style_pair(int style) { return style >= 0 && style < TS__COUNT ? st_pair[style] : 0; }

bool tui_utf8_locale(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* ---- UTF-8 ------------------------------------------------------------------ */

/* Decode one character at s (n > 0 bytes left): its code point, *len bytes. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    uint32_t cp;
    size_t need;
    if (c < 0x80) {
        *len = 1;
        return c;
    } else if ((c & 0xe0) == 0xc0) {
        cp = c & 0x1f;
        need = 1;
    } else if ((c & 0xf0) == 0xe0) {
        cp = c & 0x0f;
        need = 2;
    } else if ((c & 0xf8) == 0xf0) {
        cp = c & 0x07;
        need = 3;
    } else {
        *len = 1;
        return 0xfffd;
    }
    if (need >= n) {
        *len = 1;
        return 0xfffd;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            *len = 1;
            return 0xfffd;
        }
        cp = cp << 6 | (s[i] & 0x3f);
    }
    *len = need + 1;
    /* surrogates (Python's surrogatepass/surrogateescape) cannot be shown */
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
        return 0xfffd;
    return cp;
}

static int cp_width(uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7f)
        return 1;
    if (cp < 0x7f)
        return 1;
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

int tui_text_width(const char *s, size_t len)
{
    int w = 0;
    for (size_t i = 0; i < len;) {
        size_t l;
        uint32_t cp = utf8_next((const unsigned char *)s + i, len - i, &l);
        w += cp_width(cp);
        i += l;
    }
    return w;
}

size_t tui_text_fit(const char *s, size_t len, int cols)
{
    int w = 0;
    size_t i = 0;
    while (i < len) {
        size_t l;
        uint32_t cp = utf8_next((const unsigned char *)s + i, len - i, &l);
        int cw = cp_width(cp);
        if (w + cw > cols)
            break;
        w += cw;
        i += l;
    }
    return i;
}

/* ---- rows --------------------------------------------------------------------- */

void trows_clear(TRows *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].text);
    r->n = 0;
}

void trows_free(TRows *r)
{
    trows_clear(r);
    free(r->v);
    r->v = NULL;
    r->cap = 0;
}

TRow *trows_add(TRows *r, const char *text, size_t len, int style, int32_t key)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->v = xrealloc(r->v, r->cap * sizeof *r->v);
    }
    SBuf b = SBUF_INIT;
    size_t col = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\t') {
            size_t n = 8 - col % 8;
            sbuf_pad(&b, ' ', n);
            col += n;
        } else if (c < 0x20 || c == 0x7f) {
            sbuf_putc(&b, '?');
            col++;
        } else {
            sbuf_putc(&b, (char)c);
            if ((c & 0xc0) != 0x80)
                col++;
        }
    }
    TRow *row = &r->v[r->n++];
    memset(row, 0, sizeof *row);
    row->text = b.data ? b.data : xstrdup("");
    row->style = (uint8_t)style;
    row->key = key;
    return row;
}

TRow *trows_addf(TRows *r, int style, int32_t key, const char *fmt, ...)
{
    SBuf b = SBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    TRow *row = trows_add(r, sbuf_cstr(&b), b.len, style, key);
    sbuf_free(&b);
    return row;
}

void trow_span(TRow *row, size_t start, size_t end, int style)
{
    if (row->nspans >= TROW_MAX_SPANS || end <= start)
        return;
    size_t len = strlen(row->text);
    if (start >= len)
        return;
    if (end > len)
        end = len;
    row->spans[row->nspans++] = (TSpan){(uint32_t)start, (uint32_t)end, (uint8_t)style};
}

/* ---- painting ----------------------------------------------------------------- */

/* One cell: a character and up to 4 combining marks after it. */
static void put_cell_marks(int y, int x, uint32_t cp, const uint32_t *marks, int nmarks, attr_t a,
                           short pair)
{
    wchar_t wc[6];
    int n = 0;
    bool utf8 = tui_utf8_locale();
    wc[n++] = cp >= 0x80 && !utf8 ? '?' : (wchar_t)cp;
    for (int i = 0; i < nmarks && i < 4 && utf8; i++)
        wc[n++] = (wchar_t)marks[i];
    wc[n] = 0;
    cchar_t cc;
    setcchar(&cc, wc, a, pair, NULL);
    mvadd_wch(y, x, &cc);
}

static void put_cell(int y, int x, uint32_t cp, attr_t a, short pair)
{
    put_cell_marks(y, x, cp, NULL, 0, a, pair);
}

static void style_at(const TRow *row, size_t byte, attr_t *a, short *pair)
{
    *a = tui_style_attr(row->style);
    *pair = tui_style_pair(row->style);
    for (int i = 0; i < row->nspans; i++) {
        const TSpan *sp = &row->spans[i];
        if (byte >= sp->start && byte < sp->end) {
            short p = tui_style_pair(sp->style);
            if (p)
                *pair = p;
            *a |= tui_style_attr(sp->style);
        }
    }
}

void tui_draw_row(int y, int x, int w, const TRow *row, int skip, attr_t extra)
{
    if (w <= 0)
        return;
    const unsigned char *s = (const unsigned char *)row->text;
    size_t len = strlen(row->text);
    int col = 0;          /* cells of text consumed, scrolled part included */
    int out = 0;          /* cells painted */
    size_t i = 0;
    attr_t a;
    short pair;
    while (i < len && out < w) {
        size_t l;
        uint32_t cp = utf8_next(s + i, len - i, &l);
        int cw = cp_width(cp);
        /* combining marks that follow go into the same cell */
        uint32_t marks[4];
        int nmarks = 0;
        size_t j = i + l;
        while (j < len) {
            size_t ml;
            uint32_t m = utf8_next(s + j, len - j, &ml);
            if (m < 0x300 || cp_width(m) != 0)
                break;
            if (nmarks < 4)
                marks[nmarks++] = m;
            j += ml;
        }
        if (cw == 0) {   /* a mark with nothing before it in this row */
            i = j;
            continue;
        }
        style_at(row, i, &a, &pair);
        a |= extra;
        if (col < skip) {
            if (col + cw > skip) {       /* a wide character cut by the scroll */
                for (int k = 0; k < col + cw - skip && out < w; k++)
                    put_cell(y, x + out++, ' ', a, pair);
            }
        } else if (out + cw > w) {
            break;
        } else {
            put_cell_marks(y, x + out, cp, marks, nmarks, a, pair);
            out += cw;
        }
        col += cw;
        i = j;
    }
    attr_t base = tui_style_attr(row->style) | extra;
    short bpair = tui_style_pair(row->style);
    bool more = i < len;
    while (out < w)
        put_cell(y, x + out++, ' ', base, bpair);
    if (more) {
        /* the text goes on past the pane: say so in the last cell */
        put_cell(y, x + w - 1, tui_utf8_locale() ? 0x2026 : '>', base | A_BOLD, bpair);
    }
}

void tui_draw_text(int y, int x, int w, const char *s, int style)
{
    TRow row;
    memset(&row, 0, sizeof row);
    row.text = (char *)s;
    row.style = (uint8_t)style;
    tui_draw_row(y, x, w, &row, 0, 0);
}
