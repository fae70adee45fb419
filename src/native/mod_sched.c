/* mod_sched.c — the `sched` module of CPython 3.12, natively.
 *
 * scheduler keeps sched.py's state as instance attributes (_queue, a heap
 * of Event namedtuples ordered by time, priority and a sequence number;
 * timefunc; delayfunc) and its methods take the same steps: enterabs
 * pushes with heapq, enter adds timefunc() to the delay, cancel removes
 * and re-heapifies (ValueError from list.remove when absent), run() pops
 * due events and calls action(*argument, **kwargs) then delayfunc(0), or
 * sleeps with delayfunc(time - now) — or with blocking=False returns that
 * delay.  The default timefunc is time.monotonic, delayfunc time.sleep.
 */
#include "config.h"

#include <stdlib.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static Obj *event_cls, *sched_cls;

static Obj *heapq_fn(const char *name)
{
    Obj *h = import_name(id_str("heapq"), NULL, NULL, 0);
    Obj *f = h ? obj_getattr_str(h, name) : NULL;
    XDECREF(h);
    return f;
}

static Obj *time_fn(const char *name)
{
    Obj *t = import_name(id_str("time"), NULL, NULL, 0);
    Obj *f = t ? obj_getattr_str(t, name) : NULL;
    XDECREF(t);
    return f;
}

static Obj *call_heapq(const char *name, Obj *const *args, Ssize n)
{
    Obj *f = heapq_fn(name);
    Obj *r = f ? obj_call(f, args, n, NULL) : NULL;
    XDECREF(f);
    return r;
}

static Obj *s_init(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"timefunc", "delayfunc"};
    Obj *v[2];
    if (mh_bind_m("scheduler.__init__", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *tf = v[0] ? INCREF(v[0]) : time_fn("monotonic"), *df = v[1] ? INCREF(v[1]) : time_fn("sleep");
    Obj *q = list_new(0), *zero = int_from_i64(0);
    int ok = tf && df && q && zero && obj_setattr_str(self, "_queue", q) == 0 &&
             obj_setattr_str(self, "timefunc", tf) == 0 && obj_setattr_str(self, "delayfunc", df) == 0 &&
             obj_setattr_str(self, "_sequence", zero) == 0;
    XDECREF(tf);
    XDECREF(df);
    XDECREF(q);
    XDECREF(zero);
    return ok ? INCREF(NONE) : NULL;
}

static const char *const enter_names[] = {"time", "priority", "action", "argument", "kwargs"};

static Obj *enter_at(Obj *self, Obj *time, Obj *priority, Obj *action, Obj *argument, Obj *kwargs)
{
    Obj *seq = obj_getattr_str(self, "_sequence");
    if (!seq) return NULL;
    Obj *one = int_from_i64(1);
    Obj *next = one ? num_binary(seq, one, NB_ADD) : NULL;
    XDECREF(one);
    if (!next || obj_setattr_str(self, "_sequence", next) < 0) {
        XDECREF(next);
        DECREF(seq);
        return NULL;
    }
    DECREF(next);
    Obj *empty_args = argument ? NULL : tuple_new(0), *empty_kw = kwargs ? NULL : dict_new();
    Obj *fields[6] = {time, priority, seq, action, argument ? argument : empty_args, kwargs ? kwargs : empty_kw};
    Obj *ev = fields[4] && fields[5] ? obj_call(event_cls, fields, 6, NULL) : NULL;
    XDECREF(empty_args);
    XDECREF(empty_kw);
    DECREF(seq);
    Obj *q = ev ? obj_getattr_str(self, "_queue") : NULL;
    Obj *r = q ? call_heapq("heappush", (Obj *[]){q, ev}, 2) : NULL;
    XDECREF(q);
    if (!r) {
        XDECREF(ev);
        return NULL;
    }
    DECREF(r);
    return ev;
}

static Obj *s_enterabs(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    Obj *v[5];
    if (mh_bind_m("scheduler.enterabs", args, nargs, kw, enter_names, 5, 5, 0, 3, 0, v) < 0) return NULL;
    return enter_at(self, v[0], v[1], v[2], v[3], v[4]);
}

static Obj *s_enter(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"delay", "priority", "action", "argument", "kwargs"};
    Obj *v[5];
    if (mh_bind_m("scheduler.enter", args, nargs, kw, names, 5, 5, 0, 3, 0, v) < 0) return NULL;
    Obj *tf = obj_getattr_str(self, "timefunc");
    Obj *now = tf ? obj_call(tf, NULL, 0, NULL) : NULL;
    XDECREF(tf);
    Obj *t = now ? num_binary(now, v[0], NB_ADD) : NULL;
    XDECREF(now);
    Obj *r = t ? enter_at(self, t, v[1], v[2], v[3], v[4]) : NULL;
    XDECREF(t);
    return r;
}

static Obj *s_cancel(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"event"};
    Obj *v[1];
    if (mh_bind_m("scheduler.cancel", args, nargs, kw, names, 1, 1, 0, 1, 0, v) < 0) return NULL;
    Obj *q = obj_getattr_str(self, "_queue");
    Obj *r = q ? obj_call_method(q, "remove", v, 1) : NULL;
    XDECREF(r);
    Obj *h = r ? call_heapq("heapify", &q, 1) : NULL;
    XDECREF(q);
    if (!h) return NULL;
    DECREF(h);
    return INCREF(NONE);
}

static Obj *s_empty(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    if (mh_bind_m("scheduler.empty", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    Obj *q = obj_getattr_str(self, "_queue");
    if (!q) return NULL;
    int t = obj_is_true(q);
    DECREF(q);
    return t < 0 ? NULL : bool_from(!t);
}

static Obj *s_run(Obj *self, Obj *const *args, Ssize nargs, Obj *kw)
{
    static const char *const names[] = {"blocking"};
    Obj *v[1];
    if (mh_bind_m("scheduler.run", args, nargs, kw, names, 1, 1, 0, 0, 0, v) < 0) return NULL;
    int blocking = v[0] ? obj_is_true(v[0]) : 1;
    if (blocking < 0) return NULL;
    Obj *q = obj_getattr_str(self, "_queue"), *delayfunc = q ? obj_getattr_str(self, "delayfunc") : NULL;
    Obj *timefunc = delayfunc ? obj_getattr_str(self, "timefunc") : NULL, *result = NULL;
    if (!timefunc) goto done;
    for (;;) {
        int t = obj_is_true(q);
        if (t < 0) goto done;
        if (!t) break;
        Obj *zero = int_from_i64(0);
        Obj *first = zero ? obj_getitem(q, zero) : NULL;
        XDECREF(zero);
        Obj *f[6];
        if (!first || !TUPLE_CHECK(first) || TUPLE_LEN(first) != 6) {
            if (first && !vm_err_occurred()) vm_err_set_str(&exc_ValueError, "malformed event in the queue");
            XDECREF(first);
            goto done;
        }
        for (int i = 0; i < 6; i++) f[i] = INCREF(TUPLE_ITEMS(first)[i]);
        DECREF(first);
        Obj *now = obj_call(timefunc, NULL, 0, NULL);
        int later = now ? obj_richcompare_bool(f[0], now, CMP_GT) : -1;
        Obj *step = NULL;
        if (later == 0) step = call_heapq("heappop", &q, 1);
        if (later > 0) {
            Obj *delay = num_binary(f[0], now, NB_SUBTRACT);
            if (delay && !blocking) {
                result = delay;
            } else {
                step = delay ? obj_call(delayfunc, &delay, 1, NULL) : NULL;
                XDECREF(delay);
            }
        } else if (step) {
            Obj *pos = seq_to_tuple(f[4]);
            Obj *kwd = pos ? dict_new() : NULL;
            Obj *r = NULL;
            if (kwd && dict_update(kwd, f[5]) == 0) {
                Ssize nk = dict_len(kwd), i = 0, k = 0;
                Obj *kn = tuple_new(nk), **all = malloc(sizeof(Obj *) * (size_t)(TUPLE_LEN(pos) + nk + 1));
                for (Ssize j = 0; all && j < TUPLE_LEN(pos); j++) all[j] = TUPLE_ITEMS(pos)[j];
                Obj *key, *val;
                while (kn && all && dict_next(kwd, &i, &key, &val)) {
                    TUPLE_ITEMS(kn)[k] = INCREF(key);
                    all[TUPLE_LEN(pos) + k++] = val;
                }
                if (kn && all) r = obj_call(f[3], all, TUPLE_LEN(pos), nk ? kn : NULL);
                else if (!vm_err_occurred()) vm_err_no_memory();
                free(all);
                XDECREF(kn);
            }
            XDECREF(pos);
            XDECREF(kwd);
            XDECREF(step);
            step = NULL;
            if (r) {
                DECREF(r);
                Obj *z = int_from_i64(0);
                step = z ? obj_call(delayfunc, &z, 1, NULL) : NULL;
                XDECREF(z);
            }
        }
        XDECREF(now);
        for (int i = 0; i < 6; i++) DECREF(f[i]);
        if (result) goto done;
        if (!step) goto done;
        DECREF(step);
    }
    result = INCREF(NONE);
done:
    XDECREF(q);
    XDECREF(delayfunc);
    XDECREF(timefunc);
    return result;
}

static Obj *s_queue(Obj *self, void *closure)
{
    (void)closure;
    Obj *q = obj_getattr_str(self, "_queue");
    Obj *events = q ? seq_to_list(q) : NULL;
    XDECREF(q);
    Obj *out = events ? list_new(0) : NULL;
    while (out && LIST_LEN(events)) {
        Obj *e = call_heapq("heappop", &events, 1);
        if (!e || list_append(out, e) < 0) CLEAR(out);
        XDECREF(e);
    }
    XDECREF(events);
    return out;
}

static const MethodDef sched_methods[] = {
    {"__init__", s_init, METH_FAST, NULL},
    {"enterabs", s_enterabs, METH_FAST, "Enter a new event in the queue at an absolute time."},
    {"enter", s_enter, METH_FAST, "A variant that specifies the time as a relative time."},
    {"cancel", s_cancel, METH_FAST, "Remove an event from the queue."},
    {"empty", s_empty, METH_FAST, "Check whether the queue is empty."},
    {"run", s_run, METH_FAST, "Execute events until the queue is empty."},
    {NULL, NULL, 0, NULL},
};

static const GetSetDef sched_getsets[] = {{"queue", s_queue, NULL, NULL, NULL}, {NULL, NULL, NULL, NULL, NULL}};

static Obj *sched_init(void)
{
    Obj *m = mh_module("sched", NULL);
    if (!m) return NULL;
    if (!event_cls && !(event_cls = smallmods_namedtuple("Event", "time, priority, sequence, action, argument, kwargs", "sched")))
        goto fail;
    if (!sched_cls && !(sched_cls = mh_class("sched", "scheduler", NULL, sched_methods, sched_getsets, NULL))) goto fail;
    if (mh_add_obj(m, "Event", event_cls) < 0 || mh_add_obj(m, "scheduler", sched_cls) < 0) goto fail;
    if (m && smallmods_set_all(m, "scheduler", false) < 0) CLEAR(m);
    return m;
fail:
    DECREF(m);
    return NULL;
}

void native_sched_register(void)
{
    vm_static_roots(&event_cls, 1);
    vm_static_roots(&sched_cls, 1);
    import_register_native("sched", sched_init);
}
