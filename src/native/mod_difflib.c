/* mod_difflib.c — the `difflib` module of CPython 3.12, natively.
 *
 * SequenceMatcher is a heap class whose state lives in ordinary instance
 * attributes named as in difflib.py (a, b, b2j, bjunk, bpopular,
 * fullbcount, matching_blocks, opcodes), so programs that read them see
 * CPython's values.  The matching follows difflib's algorithm step for
 * step: b2j built from b with the isjunk elements removed and, with
 * autojunk on and len(b) >= 200, every element seen more than
 * len(b)//100 + 1 times dropped as "popular"; find_longest_match extends
 * the longest non-junk match by equal non-junk, then junk, neighbours;
 * get_matching_blocks recurses on both sides (a LIFO queue), sorts and
 * merges adjacent blocks.  The same blocks give the same opcodes, groups,
 * ratios and therefore the same diffs, line for line.
 *
 * Differ/ndiff (with _fancy_replace's best-ratio synchronisation and the
 * "?" guide lines), unified_diff, context_diff, restore and
 * get_close_matches are built on it.  The functions CPython writes as
 * generators return iterators over the finished list of lines.  HtmlDiff
 * and diff_bytes are not provided.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static Obj *sm_cls, *differ_cls, *match_cls, *charjunk_fn;

static Obj *ga(Obj *o, const char *name) { return obj_getattr_str(o, name); }
static int sa(Obj *o, const char *name, Obj *v) { return obj_setattr_str(o, name, v); }   /* borrows v */

static Obj *iter_over(Obj *list)   /* steals list; iter(list) */
{
    if (!list) return NULL;
    Obj *it = obj_getiter(list);
    DECREF(list);
    return it;
}

/* list.append(x) stealing x */
static int append_steal(Obj *list, Obj *x)
{
    if (!x) return -1;
    int r = list_append(list, x);
    DECREF(x);
    return r;
}

static Obj *str_add(Obj *a, Obj *b) { return num_binary(a, b, NB_ADD); }

static Obj *cstr_add(const char *prefix, Obj *b)
{
    Obj *p = str_from_cstr(prefix);
    Obj *r = p ? str_add(p, b) : NULL;
    XDECREF(p);
    return r;
}

static double calc_ratio(Ssize matches, Ssize length)
{
    return length ? 2.0 * (double)matches / (double)length : 1.0;
}

/* ---- SequenceMatcher state ---------------------------------------------------------------- */

/* b2j, bjunk, bpopular from self.b and self.isjunk / self.autojunk */
static int sm_chain_b(Obj *self)
{
    Obj *b = ga(self, "b");
    if (!b) return -1;
    Obj *b2j = dict_new(), *junk = set_new(NULL), *popular = set_new(NULL);
    Obj *isjunk = NULL, *autojunk = NULL, *it = NULL, *keys = NULL;
    int rc = -1;
    if (!b2j || !junk || !popular || sa(self, "b2j", b2j) < 0) goto done;
    if (!(it = obj_getiter(b))) goto done;
    Ssize n = 0;
    for (Obj *elt; (elt = obj_iternext(it)); n++) {
        Obj *idx = int_from_i64(n);
        Obj *lst = list_new(0);
        Obj *got = idx && lst ? dict_setdefault(b2j, elt, lst) : NULL;
        DECREF(elt);
        XDECREF(lst);
        int r = got ? list_append(got, idx) : -1;
        XDECREF(got);
        XDECREF(idx);
        if (r < 0) goto done;
    }
    if (vm_err_occurred()) goto done;
    if (!(isjunk = ga(self, "isjunk"))) goto done;
    if (obj_is_true(isjunk) > 0) {
        if (!(keys = dict_keys_list(b2j))) goto done;
        for (Ssize i = 0; i < LIST_LEN(keys); i++) {
            Obj *r = obj_call(isjunk, &LIST_ITEMS(keys)[i], 1, NULL);
            int t = r ? obj_is_true(r) : -1;
            XDECREF(r);
            if (t < 0 || (t && set_add(junk, LIST_ITEMS(keys)[i]) < 0)) goto done;
        }
        for (Ssize i = 0; i < LIST_LEN(keys); i++) {
            int t = set_contains(junk, LIST_ITEMS(keys)[i]);
            if (t < 0 || (t && dict_del(b2j, LIST_ITEMS(keys)[i]) < 0)) goto done;
        }
        CLEAR(keys);
    }
    if (!(autojunk = ga(self, "autojunk"))) goto done;
    int aj = obj_is_true(autojunk);
    if (aj < 0) goto done;
    if (aj && n >= 200) {
        Ssize ntest = n / 100 + 1;
        if (!(keys = dict_keys_list(b2j))) goto done;
        for (Ssize i = 0; i < LIST_LEN(keys); i++) {
            Obj *idxs = dict_get_borrow(b2j, LIST_ITEMS(keys)[i]);
            if (idxs && LIST_LEN(idxs) > ntest) {
                if (set_add(popular, LIST_ITEMS(keys)[i]) < 0 || dict_del(b2j, LIST_ITEMS(keys)[i]) < 0) goto done;
            }
        }
    }
    rc = sa(self, "bjunk", junk) < 0 || sa(self, "bpopular", popular) < 0 ? -1 : 0;
done:
    XDECREF(b);
    XDECREF(b2j);
    XDECREF(junk);
    XDECREF(popular);
    XDECREF(isjunk);
    XDECREF(autojunk);
    XDECREF(it);
    XDECREF(keys);
    return rc;
}

static int sm_set_seq(Obj *self, Obj *seq, bool second)
{
    Obj *cur = ga(self, second ? "b" : "a");
    if (!cur) return -1;
    DECREF(cur);
    if (cur == seq) return 0;
    if (sa(self, second ? "b" : "a", seq) < 0 || sa(self, "matching_blocks", NONE) < 0 ||
        sa(self, "opcodes", NONE) < 0)
        return -1;
    if (!second) return 0;
    if (sa(self, "fullbcount", NONE) < 0) return -1;
    return sm_chain_b(self);
}

/* The sequences and tables find_longest_match works on, read once. */
typedef struct {
    Obj *a, *b;          /* lists of the items of self.a and self.b */
    Obj *b2j, *bjunk;
    Ssize *prev, *cur;   /* j2len tables indexed by j + 1 */
    Ssize *touched_prev, *touched_cur;
    Ssize nprev, ncur;
} Matcher;

static void matcher_free(Matcher *m)
{
    XDECREF(m->a);
    XDECREF(m->b);
    XDECREF(m->b2j);
    XDECREF(m->bjunk);
    free(m->prev);
    free(m->cur);
    free(m->touched_prev);
    free(m->touched_cur);
}

static int matcher_init(Matcher *m, Obj *self)
{
    memset(m, 0, sizeof *m);
    Obj *a = ga(self, "a"), *b = a ? ga(self, "b") : NULL;
    if (b && obj_length(a) >= 0 && obj_length(b) >= 0) {   /* len(a), len(b) come first */
        m->a = seq_fast(a, "object is not iterable");
        m->b = m->a ? seq_fast(b, "object is not iterable") : NULL;
    }
    XDECREF(a);
    XDECREF(b);
    if (!m->b || !(m->b2j = ga(self, "b2j")) || !(m->bjunk = ga(self, "bjunk"))) {
        matcher_free(m);
        return -1;
    }
    Ssize lb = VAR_SIZE(m->b) + 2;
    m->prev = calloc((size_t)lb, sizeof(Ssize));
    m->cur = calloc((size_t)lb, sizeof(Ssize));
    m->touched_prev = malloc((size_t)lb * sizeof(Ssize));
    m->touched_cur = malloc((size_t)lb * sizeof(Ssize));
    if (!m->prev || !m->cur || !m->touched_prev || !m->touched_cur) {
        matcher_free(m);
        vm_err_no_memory();
        return -1;
    }
    return 0;
}

static Obj *item_of(Obj *seq, Ssize i) { return (TUPLE_CHECK(seq) ? TUPLE_ITEMS(seq) : LIST_ITEMS(seq))[i]; }

/* a[ai] == b[bj] and the junk state of b[bj] is `junk` */
static int match_at(Matcher *m, Ssize ai, Ssize bj, bool junk)
{
    Obj *be = item_of(m->b, bj);
    int isj = set_contains(m->bjunk, be);
    if (isj < 0) return -1;
    if ((isj != 0) != junk) return 0;
    return obj_richcompare_bool(item_of(m->a, ai), be, CMP_EQ);
}

static int matcher_longest(Matcher *m, Ssize alo, Ssize ahi, Ssize blo, Ssize bhi, Ssize out[3])
{
    Ssize besti = alo, bestj = blo, bestsize = 0;
    m->nprev = 0;
    for (Ssize i = alo; i < ahi; i++) {
        Obj *js = dict_get_borrow(m->b2j, item_of(m->a, i));
        if (!js && vm_err_occurred()) return -1;
        if (js && !LIST_CHECK(js)) {
            vm_err_set_str(&exc_TypeError, "SequenceMatcher.b2j values must be lists");
            return -1;
        }
        m->ncur = 0;
        for (Ssize t = 0; js && t < LIST_LEN(js); t++) {
            Ssize j = num_as_ssize(LIST_ITEMS(js)[t], &exc_OverflowError);
            if (j == -1 && vm_err_occurred()) return -1;
            if (j < blo) continue;
            if (j >= bhi) break;
            Ssize k = m->prev[j] + 1;   /* j2len[j-1] lives at index j */
            m->cur[j + 1] = k;
            m->touched_cur[m->ncur++] = j + 1;
            if (k > bestsize) {
                besti = i - k + 1;
                bestj = j - k + 1;
                bestsize = k;
            }
        }
        for (Ssize t = 0; t < m->nprev; t++) m->prev[m->touched_prev[t]] = 0;
        Ssize *sw = m->prev;
        m->prev = m->cur;
        m->cur = sw;
        sw = m->touched_prev;
        m->touched_prev = m->touched_cur;
        m->touched_cur = sw;
        m->nprev = m->ncur;
    }
    for (Ssize t = 0; t < m->nprev; t++) m->prev[m->touched_prev[t]] = 0;
    m->nprev = 0;
    for (int junk = 0; junk < 2; junk++) {
        int r;
        while (besti > alo && bestj > blo && (r = match_at(m, besti - 1, bestj - 1, junk)) != 0) {
            if (r < 0) return -1;
            besti--;
            bestj--;
            bestsize++;
        }
        while (besti + bestsize < ahi && bestj + bestsize < bhi &&
               (r = match_at(m, besti + bestsize, bestj + bestsize, junk)) != 0) {
            if (r < 0) return -1;
            bestsize++;
        }
    }
    out[0] = besti;
    out[1] = bestj;
    out[2] = bestsize;
    return 0;
}

static Obj *make_match(Ssize i, Ssize j, Ssize k)
{
    Obj *v[3] = {int_from_i64(i), int_from_i64(j), int_from_i64(k)};
    Obj *r = v[0] && v[1] && v[2] ? obj_call(match_cls, v, 3, NULL) : NULL;
    for (int t = 0; t < 3; t++) XDECREF(v[t]);
    return r;
}

static int cmp_blocks(const void *x, const void *y)
{
    const Ssize *p = x, *q = y;
    for (int t = 0; t < 3; t++)
        if (p[t] != q[t]) return p[t] < q[t] ? -1 : 1;
    return 0;
}

/* self.get_matching_blocks() as difflib computes it (cached in the instance) */
static Obj *sm_matching_blocks(Obj *self)
{
    Obj *cached = ga(self, "matching_blocks");
    if (!cached || cached != NONE) return cached;
    DECREF(cached);
    Matcher m;
    if (matcher_init(&m, self) < 0) return NULL;
    Ssize la = VAR_SIZE(m.a), lb = VAR_SIZE(m.b);
    Ssize cap = 16, nq = 1, nb = 0, bcap = 16;
    Ssize (*queue)[4] = malloc((size_t)cap * sizeof *queue);
    Ssize (*blocks)[3] = malloc((size_t)bcap * sizeof *blocks);
    Obj *result = NULL;
    if (!queue || !blocks) {
        vm_err_no_memory();
        goto done;
    }
    queue[0][0] = 0, queue[0][1] = la, queue[0][2] = 0, queue[0][3] = lb;
    while (nq) {
        Ssize *q = queue[--nq], alo = q[0], ahi = q[1], blo = q[2], bhi = q[3], x[3];
        if (matcher_longest(&m, alo, ahi, blo, bhi, x) < 0) goto done;
        Ssize i = x[0], j = x[1], k = x[2];
        if (!k) continue;
        if (nb == bcap) {
            void *nbuf = realloc(blocks, (size_t)(bcap *= 2) * sizeof *blocks);
            if (!nbuf) {
                vm_err_no_memory();
                goto done;
            }
            blocks = nbuf;
        }
        blocks[nb][0] = i, blocks[nb][1] = j, blocks[nb][2] = k, nb++;
        if (nq + 2 > cap) {
            void *nbuf = realloc(queue, (size_t)(cap *= 2) * sizeof *queue);
            if (!nbuf) {
                vm_err_no_memory();
                goto done;
            }
            queue = nbuf;
        }
        if (alo < i && blo < j) queue[nq][0] = alo, queue[nq][1] = i, queue[nq][2] = blo, queue[nq][3] = j, nq++;
        if (i + k < ahi && j + k < bhi)
            queue[nq][0] = i + k, queue[nq][1] = ahi, queue[nq][2] = j + k, queue[nq][3] = bhi, nq++;
    }
    qsort(blocks, (size_t)nb, sizeof *blocks, cmp_blocks);
    if (!(result = list_new(0))) goto done;
    Ssize i1 = 0, j1 = 0, k1 = 0;
    for (Ssize t = 0; t <= nb; t++) {
        if (t < nb && i1 + k1 == blocks[t][0] && j1 + k1 == blocks[t][1]) {
            k1 += blocks[t][2];
            continue;
        }
        if (k1 && append_steal(result, make_match(i1, j1, k1)) < 0) goto fail;
        if (t < nb) i1 = blocks[t][0], j1 = blocks[t][1], k1 = blocks[t][2];
    }
    if (append_steal(result, make_match(la, lb, 0)) < 0 || sa(self, "matching_blocks", result) < 0) goto fail;
    goto done;
fail:
    CLEAR(result);
done:
    free(queue);
    free(blocks);
    matcher_free(&m);
    return result;
}

static int triple(Obj *blk, Ssize out[3])
{
    Obj *t = seq_fast(blk, "cannot unpack non-iterable object");
    if (!t) return -1;
    int rc = 0;
    if (VAR_SIZE(t) != 3) {
        vm_err_format(&exc_ValueError, "not enough values to unpack (expected 3, got %zd)", VAR_SIZE(t));
        rc = -1;
    }
    for (int i = 0; rc == 0 && i < 3; i++) {
        out[i] = num_as_ssize(item_of(t, i), &exc_OverflowError);
        if (out[i] == -1 && vm_err_occurred()) rc = -1;
    }
    DECREF(t);
    return rc;
}

static Obj *opcode_new(const char *tag, Ssize i1, Ssize i2, Ssize j1, Ssize j2)
{
    Obj *v[5] = {str_from_cstr(tag), int_from_i64(i1), int_from_i64(i2), int_from_i64(j1), int_from_i64(j2)};
    Obj *r = v[0] && v[1] && v[2] && v[3] && v[4] ? tuple_from_array(v, 5) : NULL;
    for (int t = 0; t < 5; t++) XDECREF(v[t]);
    return r;
}

static Obj *sm_opcodes(Obj *self)
{
    Obj *cached = ga(self, "opcodes");
    if (!cached || cached != NONE) return cached;
    DECREF(cached);
    Obj *blocks = obj_call_method(self, "get_matching_blocks", NULL, 0);
    if (!blocks) return NULL;
    Obj *it = obj_getiter(blocks), *answer = list_new(0);
    DECREF(blocks);
    if (!it || !answer) goto fail;
    Ssize i = 0, j = 0;
    for (Obj *blk; (blk = obj_iternext(it));) {
        Ssize x[3];
        int r = triple(blk, x);
        DECREF(blk);
        if (r < 0) goto fail;
        Ssize ai = x[0], bj = x[1], size = x[2];
        const char *tag = i < ai && j < bj ? "replace" : i < ai ? "delete" : j < bj ? "insert" : NULL;
        if (tag && append_steal(answer, opcode_new(tag, i, ai, j, bj)) < 0) goto fail;
        i = ai + size;
        j = bj + size;
        if (size && append_steal(answer, opcode_new("equal", ai, i, bj, j)) < 0) goto fail;
    }
    if (vm_err_occurred() || sa(self, "opcodes", answer) < 0) goto fail;
    DECREF(it);
    return answer;
fail:
    XDECREF(it);
    XDECREF(answer);
    return NULL;
}

/* One opcode tuple as C values; tag compared by its text. */
typedef struct {
    char tag;            /* 'r', 'd', 'i', 'e' */
    Ssize i1, i2, j1, j2;
} Op;

static int op_read(Obj *t, Op *op)
{
    Obj *f = seq_fast(t, "cannot unpack non-iterable object");
    if (!f) return -1;
    int rc = 0;
    if (VAR_SIZE(f) != 5) {
        vm_err_format(&exc_ValueError, "not enough values to unpack (expected 5, got %zd)", VAR_SIZE(f));
        rc = -1;
    } else {
        Obj *tag = item_of(f, 0);
        op->tag = STR_CHECK(tag) && VAR_SIZE(tag) > 0 ? (char)str_char(tag, 0) : '?';
        Ssize *dst[4] = {&op->i1, &op->i2, &op->j1, &op->j2};
        for (int i = 0; rc == 0 && i < 4; i++) {
            *dst[i] = num_as_ssize(item_of(f, i + 1), &exc_OverflowError);
            if (*dst[i] == -1 && vm_err_occurred()) rc = -1;
        }
    }
    DECREF(f);
    return rc;
}

static Obj *op_tuple(const Op *op)
{
    const char *tag = op->tag == 'r' ? "replace" : op->tag == 'd' ? "delete" : op->tag == 'i' ? "insert" : "equal";
    return opcode_new(tag, op->i1, op->i2, op->j1, op->j2);
}

static Ssize min_s(Ssize a, Ssize b) { return a < b ? a : b; }
static Ssize max_s(Ssize a, Ssize b) { return a > b ? a : b; }

/* get_grouped_opcodes(n): a list of groups (lists of opcode tuples).  As in
 * difflib, the first and last opcodes of the cached list are trimmed in
 * place. */
static Obj *sm_grouped(Obj *self, Ssize n)
{
    Obj *codes = obj_call_method(self, "get_opcodes", NULL, 0);
    if (!codes) return NULL;
    Obj *groups = list_new(0), *group = list_new(0);
    if (!groups || !group) goto fail;
    if (!LIST_CHECK(codes)) {
        Obj *l = seq_to_list(codes);
        DECREF(codes);
        if (!(codes = l)) goto fail;
    }
    if (LIST_LEN(codes) == 0) {   /* a new list: the cached one stays empty */
        Op op = {'e', 0, 1, 0, 1};
        obj_setref(&codes, list_new(0));
        if (!codes || append_steal(codes, op_tuple(&op)) < 0) goto fail;
    }
    Ssize nc = LIST_LEN(codes);
    Op first, last;
    if (op_read(LIST_ITEMS(codes)[0], &first) < 0) goto fail;
    if (first.tag == 'e') {
        first.i1 = max_s(first.i1, first.i2 - n);
        first.j1 = max_s(first.j1, first.j2 - n);
        Obj *t = op_tuple(&first);
        if (!t) goto fail;
        obj_setref(&LIST_ITEMS(codes)[0], t);
    }
    if (op_read(LIST_ITEMS(codes)[nc - 1], &last) < 0) goto fail;
    if (last.tag == 'e') {
        last.i2 = min_s(last.i2, last.i1 + n);
        last.j2 = min_s(last.j2, last.j1 + n);
        Obj *t = op_tuple(&last);
        if (!t) goto fail;
        obj_setref(&LIST_ITEMS(codes)[nc - 1], t);
    }
    Ssize nn = n + n;
    for (Ssize c = 0; c < LIST_LEN(codes); c++) {
        Op op;
        if (op_read(LIST_ITEMS(codes)[c], &op) < 0) goto fail;
        if (op.tag == 'e' && op.i2 - op.i1 > nn) {
            Op head = {'e', op.i1, min_s(op.i2, op.i1 + n), op.j1, min_s(op.j2, op.j1 + n)};
            if (append_steal(group, op_tuple(&head)) < 0 || list_append(groups, group) < 0) goto fail;
            obj_setref(&group, list_new(0));
            if (!group) goto fail;
            op.i1 = max_s(op.i1, op.i2 - n);
            op.j1 = max_s(op.j1, op.j2 - n);
        }
        if (append_steal(group, op_tuple(&op)) < 0) goto fail;
    }
    if (LIST_LEN(group)) {
        Op only;
        bool lone_equal = LIST_LEN(group) == 1 && op_read(LIST_ITEMS(group)[0], &only) == 0 && only.tag == 'e';
        if (vm_err_occurred() || (!lone_equal && list_append(groups, group) < 0)) goto fail;
    }
    DECREF(codes);
    DECREF(group);
    return groups;
fail:
    XDECREF(codes);
    XDECREF(groups);
    XDECREF(group);
    return NULL;
}

static Ssize attr_len(Obj *self, const char *name)
{
    Obj *v = ga(self, name);
    if (!v) return -1;
    Ssize n = obj_length(v);
    DECREF(v);
    return n;
}

static int sm_ratio(Obj *self, double *out)
{
    Obj *blocks = obj_call_method(self, "get_matching_blocks", NULL, 0);
    if (!blocks) return -1;
    Obj *it = obj_getiter(blocks);
    DECREF(blocks);
    if (!it) return -1;
    Ssize matches = 0;
    for (Obj *blk; (blk = obj_iternext(it));) {
        Ssize x[3];
        int r = triple(blk, x);
        DECREF(blk);
        if (r < 0) {
            DECREF(it);
            return -1;
        }
        matches += x[2];
    }
    DECREF(it);
    if (vm_err_occurred()) return -1;
    Ssize la = attr_len(self, "a"), lb = la < 0 ? -1 : attr_len(self, "b");
    if (lb < 0) return -1;
    *out = calc_ratio(matches, la + lb);
    return 0;
}

static int sm_quick_ratio(Obj *self, double *out)
{
    Obj *full = ga(self, "fullbcount");
    if (!full) return -1;
    int rc = -1;
    Obj *a = NULL, *avail = NULL, *it = NULL;
    if (full == NONE) {
        Obj *b = ga(self, "b");
        if (!b) goto done;
        obj_setref(&full, dict_new());
        it = full ? obj_getiter(b) : NULL;
        DECREF(b);
        if (!it) goto done;
        for (Obj *elt; (elt = obj_iternext(it));) {
            Obj *old = dict_get_borrow(full, elt);
            int64_t c = 0;
            if (old && int_as_i64(old, &c) < 0) {
                DECREF(elt);
                goto done;
            }
            Obj *nv = int_from_i64(c + 1);
            int r = nv ? dict_set(full, elt, nv) : -1;
            XDECREF(nv);
            DECREF(elt);
            if (r < 0) goto done;
        }
        CLEAR(it);
        if (vm_err_occurred() || sa(self, "fullbcount", full) < 0) goto done;
    }
    if (!(a = ga(self, "a")) || !(avail = dict_new()) || !(it = obj_getiter(a))) goto done;
    Ssize matches = 0;
    for (Obj *elt; (elt = obj_iternext(it));) {
        Obj *have = dict_get_borrow(avail, elt);
        int64_t numb = 0;
        if (have) {
            int_as_i64(have, &numb);
        } else {
            Obj *c = dict_get_borrow(full, elt);
            if (c) int_as_i64(c, &numb);
        }
        Obj *nv = int_from_i64(numb - 1);
        int r = nv ? dict_set(avail, elt, nv) : -1;
        XDECREF(nv);
        DECREF(elt);
        if (r < 0) goto done;
        if (numb > 0) matches++;
    }
    if (vm_err_occurred()) goto done;
    Ssize la = obj_length(a), lb = la < 0 ? -1 : attr_len(self, "b");
    if (lb < 0) goto done;
    *out = calc_ratio(matches, la + lb);
    rc = 0;
done:
    XDECREF(full);
    XDECREF(a);
    XDECREF(avail);
    XDECREF(it);
    return rc;
}

static int sm_real_quick_ratio(Obj *self, double *out)
{
    Ssize la = attr_len(self, "a"), lb = la < 0 ? -1 : attr_len(self, "b");
    if (lb < 0) return -1;
    *out = calc_ratio(min_s(la, lb), la + lb);
    return 0;
}

/* ---- SequenceMatcher methods ---------------------------------------------------------------- */

static Obj *sm_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"isjunk", "a", "b", "autojunk"};
    Obj *v[4];
    if (mh_bind_m("SequenceMatcher.__init__", args, nargs, kw, names, 4, 4, 0, 0, 0, v) < 0) return NULL;
    Obj *empty = str_from_cstr("");
    if (!empty) return NULL;
    Obj *a = v[1] ? v[1] : empty, *b = v[2] ? v[2] : empty;
    int rc = sa(self, "isjunk", v[0] ? v[0] : NONE) < 0 || sa(self, "a", NONE) < 0 || sa(self, "b", NONE) < 0 ||
             sa(self, "autojunk", v[3] ? v[3] : TRUE_) < 0;
    Obj *r = rc ? NULL : obj_call_method(self, "set_seqs", (Obj *[]){a, b}, 2);
    DECREF(empty);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *sm_m_set_seqs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"a", "b"};
    Obj *v[2];
    if (mh_bind_m("SequenceMatcher.set_seqs", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *r = obj_call_method(self, "set_seq1", &v[0], 1);
    if (!r) return NULL;
    DECREF(r);
    r = obj_call_method(self, "set_seq2", &v[1], 1);
    if (!r) return NULL;
    DECREF(r);
    return INCREF(NONE);
}

static Obj *sm_set_seq_m(const char *fname, const char *pname, Obj *self, Obj *const *args, Ssize nargs,
                         Obj *kw, bool second)
{
    Obj *v[1];
    const char *names[] = {pname};
    if (mh_bind_m(fname, args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    return sm_set_seq(self, v[0], second) < 0 ? NULL : INCREF(NONE);
}

static Obj *sm_m_set_seq1(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return sm_set_seq_m("SequenceMatcher.set_seq1", "a", self, args, nargs, kw, false);
}

static Obj *sm_m_set_seq2(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return sm_set_seq_m("SequenceMatcher.set_seq2", "b", self, args, nargs, kw, true);
}

static Obj *sm_m_find_longest_match(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"alo", "ahi", "blo", "bhi"};
    Obj *v[4];
    if (mh_bind_m("SequenceMatcher.find_longest_match", args, nargs, kw, names, 4, 4, 0, 0, 0, v) < 0)
        return NULL;
    Matcher m;
    if (matcher_init(&m, self) < 0) return NULL;
    Ssize lim[4] = {0, VAR_SIZE(m.a), 0, VAR_SIZE(m.b)}, x[3];
    for (int i = 0; i < 4; i++)
        if (v[i] && v[i] != NONE) {
            lim[i] = num_as_ssize(v[i], &exc_OverflowError);
            if (lim[i] == -1 && vm_err_occurred()) {
                matcher_free(&m);
                return NULL;
            }
        }
    /* clamp to the sequences: CPython would raise IndexError beyond them */
    lim[1] = min_s(lim[1], VAR_SIZE(m.a));
    lim[3] = min_s(lim[3], VAR_SIZE(m.b));
    lim[0] = max_s(lim[0], 0);
    lim[2] = max_s(lim[2], 0);
    int r = matcher_longest(&m, lim[0], lim[1], lim[2], lim[3], x);
    matcher_free(&m);
    return r < 0 ? NULL : make_match(x[0], x[1], x[2]);
}

static Obj *sm_m_get_matching_blocks(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)args;
    if (mh_bind_m("SequenceMatcher.get_matching_blocks", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0)
        return NULL;
    return sm_matching_blocks(self);
}

static Obj *sm_m_get_opcodes(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("SequenceMatcher.get_opcodes", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    return sm_opcodes(self);
}

static Obj *sm_m_get_grouped_opcodes(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"n"};
    Obj *v[1];
    if (mh_bind_m("SequenceMatcher.get_grouped_opcodes", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0)
        return NULL;
    Ssize n = 3;
    if (v[0] && (n = num_as_ssize(v[0], &exc_OverflowError)) == -1 && vm_err_occurred()) return NULL;
    return iter_over(sm_grouped(self, n));
}

typedef int (*RatioFn)(Obj *, double *);

static Obj *ratio_method(const char *fname, Obj *self, Obj *const *args, Ssize nargs, Obj *kw, RatioFn f)
{
    double r;
    if (mh_bind_m(fname, args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0 || f(self, &r) < 0) return NULL;
    return float_from_double(r);
}

static Obj *sm_m_ratio(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return ratio_method("SequenceMatcher.ratio", self, args, nargs, kw, sm_ratio);
}

static Obj *sm_m_quick_ratio(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return ratio_method("SequenceMatcher.quick_ratio", self, args, nargs, kw, sm_quick_ratio);
}

static Obj *sm_m_real_quick_ratio(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    return ratio_method("SequenceMatcher.real_quick_ratio", self, args, nargs, kw, sm_real_quick_ratio);
}

static const MethodDef sm_methods[] = {
    {"__init__", sm_init, METH_FAST, NULL},
    {"set_seqs", sm_m_set_seqs, METH_FAST, "Set the two sequences to be compared."},
    {"set_seq1", sm_m_set_seq1, METH_FAST, "Set the first sequence to be compared."},
    {"set_seq2", sm_m_set_seq2, METH_FAST, "Set the second sequence to be compared."},
    {"find_longest_match", sm_m_find_longest_match, METH_FAST, "Find longest matching block in a[alo:ahi] and b[blo:bhi]."},
    {"get_matching_blocks", sm_m_get_matching_blocks, METH_FAST, "Return list of triples describing matching subsequences."},
    {"get_opcodes", sm_m_get_opcodes, METH_FAST, "Return list of 5-tuples describing how to turn a into b."},
    {"get_grouped_opcodes", sm_m_get_grouped_opcodes, METH_FAST, "Isolate change clusters by eliminating ranges with no changes."},
    {"ratio", sm_m_ratio, METH_FAST, "Return a measure of the sequences' similarity (float in [0,1])."},
    {"quick_ratio", sm_m_quick_ratio, METH_FAST, "Return an upper bound on ratio() relatively quickly."},
    {"real_quick_ratio", sm_m_real_quick_ratio, METH_FAST, "Return an upper bound on ratio() very quickly."},
    {NULL, NULL, 0, NULL},
};

/* SequenceMatcher(isjunk, a, b) */
static Obj *sm_make(Obj *isjunk, Obj *a, Obj *b)
{
    Obj *empty = str_from_cstr("");
    if (!empty) return NULL;
    Obj *args[3] = {isjunk, a ? a : empty, b ? b : empty};
    Obj *r = obj_call(sm_cls, args, 3, NULL);
    DECREF(empty);
    return r;
}

/* ---- Differ ------------------------------------------------------------------------------ */

static Obj *seq_item_at(Obj *x, Ssize i)
{
    Obj *idx = int_from_i64(i);
    Obj *r = idx ? obj_getitem(x, idx) : NULL;
    XDECREF(idx);
    return r;
}

/* out += ['%s %s' % (tag, x[i]) for i in range(lo, hi)] */
static int dump(Obj *out, const char *tag, Obj *x, Ssize lo, Ssize hi)
{
    for (Ssize i = lo; i < hi; i++) {
        Obj *it = seq_item_at(x, i);
        if (!it) return -1;
        Obj *s = str_from_fmt("%s %S", tag, it);
        DECREF(it);
        if (append_steal(out, s) < 0) return -1;
    }
    return 0;
}

static int plain_replace(Obj *out, Obj *a, Ssize alo, Ssize ahi, Obj *b, Ssize blo, Ssize bhi)
{
    if (bhi - blo < ahi - alo) return dump(out, "+", b, blo, bhi) < 0 ? -1 : dump(out, "-", a, alo, ahi);
    return dump(out, "-", a, alo, ahi) < 0 ? -1 : dump(out, "+", b, blo, bhi);
}

static int fancy_replace(Obj *self, Obj *out, Obj *a, Ssize alo, Ssize ahi, Obj *b, Ssize blo, Ssize bhi);

static int fancy_helper(Obj *self, Obj *out, Obj *a, Ssize alo, Ssize ahi, Obj *b, Ssize blo, Ssize bhi)
{
    if (alo < ahi) {
        if (blo < bhi) return fancy_replace(self, out, a, alo, ahi, b, blo, bhi);
        return dump(out, "-", a, alo, ahi);
    }
    if (blo < bhi) return dump(out, "+", b, blo, bhi);
    return 0;
}

/* _keep_original_ws(s, tags).rstrip() */
static Obj *keep_ws(Obj *s, SBuf *tags)
{
    Ssize n = VAR_SIZE(s) < (Ssize)tags->len ? VAR_SIZE(s) : (Ssize)tags->len;
    uint32_t *cps = malloc(((size_t)n + 1) * sizeof(uint32_t));
    if (!cps) {
        vm_err_no_memory();
        return NULL;
    }
    for (Ssize i = 0; i < n; i++) {
        uint32_t c = str_char(s, i), t = (unsigned char)tags->data[i];
        cps[i] = t == ' ' && (ucd_flags(c) & UCD_SPACE) ? c : t;
    }
    while (n > 0 && (ucd_flags(cps[n - 1]) & UCD_SPACE)) n--;
    Obj *r = str_from_ucs4(cps, n);
    free(cps);
    return r;
}

static int qformat(Obj *out, Obj *aline, Obj *bline, SBuf *atags, SBuf *btags)
{
    Obj *lines[2] = {aline, bline};
    SBuf *tags[2] = {atags, btags};
    for (int k = 0; k < 2; k++) {
        if (!STR_CHECK(lines[k])) {
            vm_err_format(&exc_TypeError, "'%s' object is not iterable", OBJ_TYPE(lines[k])->name);
            return -1;
        }
        Obj *t = keep_ws(lines[k], tags[k]);
        if (!t) return -1;
        int r = append_steal(out, cstr_add(k ? "+ " : "- ", lines[k]));
        if (r == 0 && VAR_SIZE(t)) r = append_steal(out, str_from_fmt("? %S\n", t));
        DECREF(t);
        if (r < 0) return -1;
    }
    return 0;
}

static int intraline_tags(Obj *cruncher, Obj *aelt, Obj *belt, SBuf *atags, SBuf *btags)
{
    if (sm_set_seq(cruncher, aelt, false) < 0 || sm_set_seq(cruncher, belt, true) < 0) return -1;
    Obj *codes = sm_opcodes(cruncher);
    if (!codes) return -1;
    for (Ssize c = 0; c < LIST_LEN(codes); c++) {
        Op op;
        if (op_read(LIST_ITEMS(codes)[c], &op) < 0) {
            DECREF(codes);
            return -1;
        }
        Ssize la = op.i2 - op.i1, lb = op.j2 - op.j1;
        char ta = op.tag == 'r' ? '^' : op.tag == 'd' ? '-' : op.tag == 'e' ? ' ' : 0;
        char tb = op.tag == 'r' ? '^' : op.tag == 'i' ? '+' : op.tag == 'e' ? ' ' : 0;
        if (ta) sbuf_pad(atags, ta, (size_t)la);
        if (tb) sbuf_pad(btags, tb, (size_t)lb);
    }
    DECREF(codes);
    return 0;
}

static int fancy_replace(Obj *self, Obj *out, Obj *a, Ssize alo, Ssize ahi, Obj *b, Ssize blo, Ssize bhi)
{
    double best_ratio = 0.74, cutoff = 0.75;
    Obj *charjunk = ga(self, "charjunk");
    if (!charjunk) return -1;
    Obj *cruncher = sm_make(charjunk, NULL, NULL);
    DECREF(charjunk);
    if (!cruncher) return -1;
    Ssize eqi = -1, eqj = -1, best_i = -1, best_j = -1;
    int rc = -1;
    Obj *aelt = NULL, *belt = NULL;
    for (Ssize j = blo; j < bhi; j++) {
        Obj *bj = seq_item_at(b, j);
        if (!bj) goto done;
        if (sm_set_seq(cruncher, bj, true) < 0) {
            DECREF(bj);
            goto done;
        }
        for (Ssize i = alo; i < ahi; i++) {
            Obj *ai = seq_item_at(a, i);
            int eq = ai ? obj_richcompare_bool(ai, bj, CMP_EQ) : -1;
            if (eq > 0) {
                if (eqi < 0) eqi = i, eqj = j;
                DECREF(ai);
                continue;
            }
            double r1, r2, r3;
            int bad = eq < 0 || sm_set_seq(cruncher, ai, false) < 0 || sm_real_quick_ratio(cruncher, &r1) < 0;
            XDECREF(ai);
            if (!bad && r1 > best_ratio) {
                bad = sm_quick_ratio(cruncher, &r2) < 0;
                if (!bad && r2 > best_ratio) {
                    bad = sm_ratio(cruncher, &r3) < 0;
                    if (!bad && r3 > best_ratio) best_ratio = r3, best_i = i, best_j = j;
                }
            }
            if (bad) {
                DECREF(bj);
                goto done;
            }
        }
        DECREF(bj);
    }
    bool synced_equal = false;
    if (best_ratio < cutoff) {
        if (eqi < 0) {
            rc = plain_replace(out, a, alo, ahi, b, blo, bhi);
            goto done;
        }
        best_i = eqi, best_j = eqj, synced_equal = true;
    }
    if (fancy_helper(self, out, a, alo, best_i, b, blo, best_j) < 0) goto done;
    if (!(aelt = seq_item_at(a, best_i)) || !(belt = seq_item_at(b, best_j))) goto done;
    if (!synced_equal) {
        SBuf at = SBUF_INIT, bt = SBUF_INIT;
        int r = intraline_tags(cruncher, aelt, belt, &at, &bt);
        if (r == 0) r = qformat(out, aelt, belt, &at, &bt);
        sbuf_free(&at);
        sbuf_free(&bt);
        if (r < 0) goto done;
    } else if (append_steal(out, cstr_add("  ", aelt)) < 0) {
        goto done;
    }
    rc = fancy_helper(self, out, a, best_i + 1, ahi, b, best_j + 1, bhi);
done:
    XDECREF(aelt);
    XDECREF(belt);
    DECREF(cruncher);
    return rc;
}

static Obj *differ_compare_list(Obj *self, Obj *a, Obj *b)
{
    Obj *linejunk = ga(self, "linejunk");
    if (!linejunk) return NULL;
    Obj *cruncher = sm_make(linejunk, a, b);
    DECREF(linejunk);
    if (!cruncher) return NULL;
    Obj *codes = sm_opcodes(cruncher), *out = codes ? list_new(0) : NULL;
    DECREF(cruncher);
    if (!out) {
        XDECREF(codes);
        return NULL;
    }
    for (Ssize c = 0; c < LIST_LEN(codes); c++) {
        Op op;
        int r = op_read(LIST_ITEMS(codes)[c], &op);
        if (r == 0) {
            if (op.tag == 'r') r = fancy_replace(self, out, a, op.i1, op.i2, b, op.j1, op.j2);
            else if (op.tag == 'd') r = dump(out, "-", a, op.i1, op.i2);
            else if (op.tag == 'i') r = dump(out, "+", b, op.j1, op.j2);
            else r = dump(out, " ", a, op.i1, op.i2);
        }
        if (r < 0) {
            DECREF(codes);
            DECREF(out);
            return NULL;
        }
    }
    DECREF(codes);
    return out;
}

static Obj *differ_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"linejunk", "charjunk"};
    Obj *v[2];
    if (mh_bind_m("Differ.__init__", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    if (sa(self, "linejunk", v[0] ? v[0] : NONE) < 0 || sa(self, "charjunk", v[1] ? v[1] : NONE) < 0) return NULL;
    return INCREF(NONE);
}

static Obj *differ_compare(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"a", "b"};
    Obj *v[2];
    if (mh_bind_m("Differ.compare", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    return iter_over(differ_compare_list(self, v[0], v[1]));
}

static const MethodDef differ_methods[] = {
    {"__init__", differ_init, METH_FAST, NULL},
    {"compare", differ_compare, METH_FAST, "Compare two sequences of lines; generate the resulting delta."},
    {NULL, NULL, 0, NULL},
};

/* ---- module functions -------------------------------------------------------------------- */

static Obj *d_ndiff(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"a", "b", "linejunk", "charjunk"};
    Obj *v[4];
    if (mh_bind("ndiff", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    Obj *dargs[2] = {v[2] ? v[2] : NONE, v[3] ? v[3] : charjunk_fn};
    Obj *d = obj_call(differ_cls, dargs, 2, NULL);
    if (!d) return NULL;
    Obj *r = obj_call_method(d, "compare", v, 2);
    DECREF(d);
    return r;
}

/* _check_types(a, b, *strings) */
static int check_types(Obj *a, Obj *b, Obj *const *strs, int n)
{
    Obj *seqs[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        int t = obj_is_true(seqs[k]);
        if (t < 0) return -1;
        if (!t) continue;
        Obj *first = seq_item_at(seqs[k], 0);
        if (!first) return -1;
        if (!STR_CHECK(first)) {
            vm_err_format(&exc_TypeError, "lines to compare must be str, not %s (%R)", type_name(OBJ_TYPE(first)), first);
            DECREF(first);
            return -1;
        }
        DECREF(first);
    }
    for (int i = 0; i < n; i++)
        if (!STR_CHECK(strs[i])) {
            vm_err_format(&exc_TypeError, "all arguments must be str, not: %R", strs[i]);
            return -1;
        }
    return 0;
}

/* Arguments of unified_diff/context_diff: a, b, then six optional ones. */
typedef struct {
    Obj *a, *b, *strs[5];   /* fromfile, tofile, fromfiledate, tofiledate, lineterm */
    Ssize n;
    Obj *own[5];
} DiffArgs;

static void diffargs_free(DiffArgs *d)
{
    for (int i = 0; i < 5; i++) XDECREF(d->own[i]);
}

static int diffargs_bind(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, DiffArgs *d)
{
    static const char *const names[] = {"a", "b", "fromfile", "tofile", "fromfiledate", "tofiledate", "n", "lineterm"};
    Obj *v[8];
    memset(d, 0, sizeof *d);
    if (mh_bind(fname, args, nargs, kw, names, 8, 8, 0, 2, 0, v) < 0) return -1;
    d->a = v[0];
    d->b = v[1];
    Obj *given[5] = {v[2], v[3], v[4], v[5], v[7]};
    for (int i = 0; i < 5; i++) {
        if (given[i]) d->strs[i] = given[i];
        else if (!(d->strs[i] = d->own[i] = str_from_cstr(i == 4 ? "\n" : ""))) return -1;
    }
    d->n = 3;
    if (v[6] && (d->n = num_as_ssize(v[6], &exc_OverflowError)) == -1 && vm_err_occurred()) return -1;
    return check_types(d->a, d->b, d->strs, 5);
}

/* Both headers: "MARK FILE[\tDATE]LINETERM" */
static int file_header(Obj *out, const char *mark, Obj *file, Obj *date, Obj *term)
{
    if (VAR_SIZE(date)) return append_steal(out, str_from_fmt("%s %S\t%S%S", mark, file, date, term));
    return append_steal(out, str_from_fmt("%s %S%S", mark, file, term));
}

static int prefixed_lines(Obj *out, const char *prefix, Obj *seq, Ssize lo, Ssize hi)
{
    for (Ssize i = lo; i < hi; i++) {
        Obj *line = seq_item_at(seq, i);
        if (!line) return -1;
        int r = append_steal(out, cstr_add(prefix, line));
        DECREF(line);
        if (r < 0) return -1;
    }
    return 0;
}

static Obj *range_unified(Ssize start, Ssize stop)
{
    Ssize beginning = start + 1, length = stop - start;
    if (length == 1) return str_from_fmt("%zd", beginning);
    if (!length) beginning--;
    return str_from_fmt("%zd,%zd", beginning, length);
}

static Obj *range_context(Ssize start, Ssize stop)
{
    Ssize beginning = start + 1, length = stop - start;
    if (!length) beginning--;
    if (length <= 1) return str_from_fmt("%zd", beginning);
    return str_from_fmt("%zd,%zd", beginning, beginning + length - 1);
}

/* The groups of SequenceMatcher(None, a, b) and the groups' opcodes read
 * into C; calls emit(out, d, ops, nops) per group. */
typedef int (*GroupFn)(Obj *out, DiffArgs *d, const Op *ops, Ssize nops, bool first);

static Obj *diff_groups(DiffArgs *d, GroupFn emit)
{
    Obj *sm = sm_make(NONE, d->a, d->b);
    Obj *groups = sm ? sm_grouped(sm, d->n) : NULL, *out = groups ? list_new(0) : NULL;
    XDECREF(sm);
    if (!out) {
        XDECREF(groups);
        return NULL;
    }
    for (Ssize g = 0; g < LIST_LEN(groups); g++) {
        Obj *grp = LIST_ITEMS(groups)[g];
        Ssize n = LIST_LEN(grp);
        Op *ops = malloc((size_t)n * sizeof(Op));
        int r = ops ? 0 : -1;
        for (Ssize k = 0; r == 0 && k < n; k++) r = op_read(LIST_ITEMS(grp)[k], &ops[k]);
        if (r == 0) r = emit(out, d, ops, n, g == 0);
        free(ops);
        if (r < 0) {
            DECREF(groups);
            DECREF(out);
            return NULL;
        }
    }
    DECREF(groups);
    return out;
}

static int emit_unified(Obj *out, DiffArgs *d, const Op *ops, Ssize n, bool first)
{
    Obj *term = d->strs[4];
    if (first && (file_header(out, "---", d->strs[0], d->strs[2], term) < 0 ||
                  file_header(out, "+++", d->strs[1], d->strs[3], term) < 0))
        return -1;
    Obj *r1 = range_unified(ops[0].i1, ops[n - 1].i2), *r2 = range_unified(ops[0].j1, ops[n - 1].j2);
    int r = r1 && r2 ? append_steal(out, str_from_fmt("@@ -%S +%S @@%S", r1, r2, term)) : -1;
    XDECREF(r1);
    XDECREF(r2);
    for (Ssize k = 0; r == 0 && k < n; k++) {
        const Op *op = &ops[k];
        if (op->tag == 'e') {
            r = prefixed_lines(out, " ", d->a, op->i1, op->i2);
            continue;
        }
        if (op->tag == 'r' || op->tag == 'd') r = prefixed_lines(out, "-", d->a, op->i1, op->i2);
        if (r == 0 && (op->tag == 'r' || op->tag == 'i')) r = prefixed_lines(out, "+", d->b, op->j1, op->j2);
    }
    return r;
}

static const char *context_prefix(char tag)
{
    return tag == 'i' ? "+ " : tag == 'd' ? "- " : tag == 'r' ? "! " : "  ";
}

static int emit_context(Obj *out, DiffArgs *d, const Op *ops, Ssize n, bool first)
{
    Obj *term = d->strs[4];
    if (first && (file_header(out, "***", d->strs[0], d->strs[2], term) < 0 ||
                  file_header(out, "---", d->strs[1], d->strs[3], term) < 0))
        return -1;
    if (append_steal(out, str_from_fmt("***************%S", term)) < 0) return -1;
    Obj *r1 = range_context(ops[0].i1, ops[n - 1].i2);
    int r = r1 ? append_steal(out, str_from_fmt("*** %S ****%S", r1, term)) : -1;
    XDECREF(r1);
    bool any = false;
    for (Ssize k = 0; k < n; k++) any |= ops[k].tag == 'r' || ops[k].tag == 'd';
    for (Ssize k = 0; r == 0 && any && k < n; k++)
        if (ops[k].tag != 'i') r = prefixed_lines(out, context_prefix(ops[k].tag), d->a, ops[k].i1, ops[k].i2);
    Obj *r2 = r == 0 ? range_context(ops[0].j1, ops[n - 1].j2) : NULL;
    r = r2 ? append_steal(out, str_from_fmt("--- %S ----%S", r2, term)) : -1;
    XDECREF(r2);
    any = false;
    for (Ssize k = 0; k < n; k++) any |= ops[k].tag == 'r' || ops[k].tag == 'i';
    for (Ssize k = 0; r == 0 && any && k < n; k++)
        if (ops[k].tag != 'd') r = prefixed_lines(out, context_prefix(ops[k].tag), d->b, ops[k].j1, ops[k].j2);
    return r;
}

static Obj *diff_function(const char *fname, Obj *const *args, Ssize nargs, Obj *kw, GroupFn emit)
{
    DiffArgs d;
    Obj *r = diffargs_bind(fname, args, nargs, kw, &d) < 0 ? NULL : iter_over(diff_groups(&d, emit));
    diffargs_free(&d);
    return r;
}

static Obj *d_unified_diff(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return diff_function("unified_diff", args, nargs, kw, emit_unified);
}

static Obj *d_context_diff(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    return diff_function("context_diff", args, nargs, kw, emit_context);
}

static Obj *d_get_close_matches(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"word", "possibilities", "n", "cutoff"};
    Obj *v[4];
    if (mh_bind("get_close_matches", args, nargs, kw, names, 4, 4, 0, 2, 0, v) < 0) return NULL;
    Obj *n = v[2] ? INCREF(v[2]) : int_from_i64(3);
    Obj *cutoff = v[3] ? INCREF(v[3]) : float_from_double(0.6);
    Obj *zero = float_from_double(0.0), *one = float_from_double(1.0), *izero = int_from_i64(0);
    Obj *sm = NULL, *it = NULL, *result = NULL, *best = NULL;
    if (!n || !cutoff || !zero || !one || !izero) goto done;
    int t = obj_richcompare_bool(n, izero, CMP_GT);
    if (t < 0) goto done;
    if (!t) {
        vm_err_format(&exc_ValueError, "n must be > 0: %R", n);
        goto done;
    }
    int lo = obj_richcompare_bool(zero, cutoff, CMP_LE), hi = lo > 0 ? obj_richcompare_bool(cutoff, one, CMP_LE) : 0;
    if (lo < 0 || hi < 0) goto done;
    if (!lo || !hi) {
        vm_err_format(&exc_ValueError, "cutoff must be in [0.0, 1.0]: %R", cutoff);
        goto done;
    }
    double cut = float_as_double(cutoff);
    if (cut == -1.0 && vm_err_occurred()) goto done;
    if (!(sm = sm_make(NONE, NULL, NULL)) || sm_set_seq(sm, v[0], true) < 0) goto done;
    if (!(result = list_new(0)) || !(it = obj_getiter(v[1]))) goto done;
    for (Obj *x; (x = obj_iternext(it));) {
        double r1, r2, r3 = 0;
        int bad = sm_set_seq(sm, x, false) < 0 || sm_real_quick_ratio(sm, &r1) < 0;
        if (!bad && r1 >= cut) {
            bad = sm_quick_ratio(sm, &r2) < 0;
            if (!bad && r2 >= cut) {
                bad = sm_ratio(sm, &r3) < 0;
                if (!bad && r3 >= cut) {
                    Obj *score = float_from_double(r3);
                    bad = append_steal(result, score ? tuple_pack(2, score, x) : NULL) < 0;
                    XDECREF(score);
                }
            }
        }
        DECREF(x);
        if (bad) goto done;
    }
    if (vm_err_occurred()) goto done;
    Obj *heapq = import_name(id_str("heapq"), NULL, NULL, 0);
    Obj *nl = heapq ? ga(heapq, "nlargest") : NULL;
    XDECREF(heapq);
    Obj *largest = nl ? obj_call(nl, (Obj *[]){n, result}, 2, NULL) : NULL;
    XDECREF(nl);
    if (!largest || !(best = list_new(0))) {
        XDECREF(largest);
        goto done;
    }
    for (Ssize i = 0; i < LIST_LEN(largest); i++)
        if (list_append(best, TUPLE_ITEMS(LIST_ITEMS(largest)[i])[1]) < 0) {
            CLEAR(best);
            break;
        }
    DECREF(largest);
done:
    XDECREF(n);
    XDECREF(cutoff);
    XDECREF(zero);
    XDECREF(one);
    XDECREF(izero);
    XDECREF(sm);
    XDECREF(it);
    XDECREF(result);
    return best;
}

static Obj *d_restore(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"delta", "which"};
    Obj *v[2];
    if (mh_bind("restore", args, nargs, kw, names, 2, 2, 0, 2, 0, v) < 0) return NULL;
    Obj *w = obj_call((Obj *)&int_type, &v[1], 1, NULL);
    if (!w) return NULL;
    int64_t which = 0;
    bool ok = int_fits_i64(w) && int_as_i64(w, &which) == 0 && (which == 1 || which == 2);
    DECREF(w);
    if (!ok) {
        vm_err_format(&exc_ValueError, "unknown delta choice (must be 1 or 2): %R", v[1]);
        return NULL;
    }
    Obj *it = obj_getiter(v[0]), *out = it ? list_new(0) : NULL;
    if (!out) {
        XDECREF(it);
        return NULL;
    }
    const char *tag = which == 1 ? "- " : "+ ";
    for (Obj *line; (line = obj_iternext(it));) {
        int r = 0;
        if (!STR_CHECK(line)) {
            vm_err_format(&exc_TypeError, "'%s' object is not subscriptable", OBJ_TYPE(line)->name);
            r = -1;
        } else {
            Obj *head = str_substr(line, 0, 2);
            if (head && (str_eq_cstr(head, "  ") || str_eq_cstr(head, tag)))
                r = append_steal(out, str_substr(line, 2, VAR_SIZE(line)));
            else if (!head) r = -1;
            XDECREF(head);
        }
        DECREF(line);
        if (r < 0) {
            DECREF(it);
            DECREF(out);
            return NULL;
        }
    }
    DECREF(it);
    if (vm_err_occurred()) {
        DECREF(out);
        return NULL;
    }
    return iter_over(out);
}

static Obj *d_is_character_junk(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"ch", "ws"};
    Obj *v[2];
    if (mh_bind("IS_CHARACTER_JUNK", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    Obj *ws = v[1] ? INCREF(v[1]) : str_from_cstr(" \t");
    int r = ws ? obj_contains(ws, v[0]) : -1;
    XDECREF(ws);
    return r < 0 ? NULL : bool_from(r);
}

static Obj *d_is_line_junk(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"line", "pat"};
    Obj *v[2];
    if (mh_bind("IS_LINE_JUNK", args, nargs, kw, names, 2, 2, 0, 1, 0, v) < 0) return NULL;
    if (v[1]) {
        Obj *m = obj_call(v[1], &v[0], 1, NULL);
        if (!m) return NULL;
        DECREF(m);
        return bool_from(m != NONE);
    }
    if (!STR_CHECK(v[0])) {
        vm_err_format(&exc_TypeError, "expected string or bytes-like object, got '%s'", OBJ_TYPE(v[0])->name);
        return NULL;
    }
    /* \s*(?:#\s*)?$ */
    Ssize i = 0, n = VAR_SIZE(v[0]);
    while (i < n && (ucd_flags(str_char(v[0], i)) & UCD_SPACE)) i++;
    if (i < n && str_char(v[0], i) == '#') {
        i++;
        while (i < n && (ucd_flags(str_char(v[0], i)) & UCD_SPACE)) i++;
    }
    return bool_from(i == n);
}

static const MethodDef difflib_methods[] = {
    {"get_close_matches", d_get_close_matches, METH_FAST, "Use SequenceMatcher to return list of the best \"good enough\" matches."},
    {"ndiff", d_ndiff, METH_FAST, "Compare a and b (lists of strings); return a Differ-style delta."},
    {"unified_diff", d_unified_diff, METH_FAST, "Compare two sequences of lines; generate the delta as a unified diff."},
    {"context_diff", d_context_diff, METH_FAST, "Compare two sequences of lines; generate the delta as a context diff."},
    {"restore", d_restore, METH_FAST, "Generate one of the two sequences that generated a delta."},
    {"IS_CHARACTER_JUNK", d_is_character_junk, METH_FAST, "Return True for ignorable character: iff `ch` is a space or tab."},
    {"IS_LINE_JUNK", d_is_line_junk, METH_FAST, "Return True for ignorable line: iff `line` is blank or contains a single '#'."},
    {NULL, NULL, 0, NULL},
};

static Obj *difflib_init(void)
{
    Obj *m = mh_module("difflib", difflib_methods);
    if (!m) return NULL;
    if (!sm_cls && !(sm_cls = mh_class("difflib", "SequenceMatcher", NULL, sm_methods, NULL, NULL))) goto fail;
    if (!differ_cls && !(differ_cls = mh_class("difflib", "Differ", NULL, differ_methods, NULL, NULL))) goto fail;
    if (!match_cls && !(match_cls = smallmods_namedtuple("Match", "a b size", "difflib"))) goto fail;
    if (!charjunk_fn) charjunk_fn = xincref(dict_get_str_borrow(module_dict_borrow(m), "IS_CHARACTER_JUNK"));
    if (mh_add_obj(m, "SequenceMatcher", sm_cls) < 0 || mh_add_obj(m, "Differ", differ_cls) < 0 ||
        mh_add_obj(m, "Match", match_cls) < 0)
        goto fail;
    if (m && smallmods_set_all(m,
                               "get_close_matches ndiff restore SequenceMatcher Differ IS_CHARACTER_JUNK IS_LINE_JUNK context_diff unified_diff Match",
                               false) < 0)
        CLEAR(m);
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_difflib_register(void)
{
    vm_static_roots(&sm_cls, 1);
    vm_static_roots(&differ_cls, 1);
    vm_static_roots(&match_cls, 1);
    vm_static_roots(&charjunk_fn, 1);
    import_register_native("difflib", difflib_init);
}
