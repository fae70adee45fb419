/* ncoro.h — coroutines written natively: what a library's `async def`
 * method returns (contextlib's __aenter__/__aexit__ …).  The body is a C
 * step function run as a small state machine: each step either returns
 * the coroutine's result, raises, or starts awaiting another awaitable
 * (ncoro_await) and names the phase to resume at with that awaitable's
 * result or exception.  The object is awaitable and drives its inner
 * awaitable exactly as `await` does (send, throw and close are passed
 * down; what it yields goes up to the event loop).  Ownership as obj.h.
 */
#ifndef PYDBG_NATIVE_NCORO_H
#define PYDBG_NATIVE_NCORO_H

#include "pydbg/vm.h"

#define NCORO_SLOTS 4

typedef struct NCoro NCoro;
/* One step: value (the awaited result, or None at the start) or exc (the
 * exception the awaited call raised, or one thrown in) is BORROWED; the
 * step returns the result (new reference), NULL with an exception, or
 * NCORO_PENDING after ncoro_await. */
typedef Obj *(*NCoroStep)(NCoro *co, Obj *value, Obj *exc);

struct NCoro {
    Obj base;
    NCoroStep step;
    Obj *state;                    /* what the coroutine was called with (referenced) */
    Obj *slot[NCORO_SLOTS];        /* the body's own variables (references or NULL) */
    int phase;                     /* where the next step resumes (0 at the start) */
    unsigned flags;                /* the body's own booleans */
    Obj *inner;                    /* iterator of the awaitable being awaited */
    const char *qualname;
    bool done, running;
};

extern Obj ncoro_pending_obj;
#define NCORO_PENDING (&ncoro_pending_obj)

/* A coroutine running step from phase 0 with state (may be NULL). */
Obj *ncoro_new(NCoroStep step, Obj *state, const char *qualname);
/* Await aw next (borrowed) and resume at phase `next`: NCORO_PENDING, or
 * NULL with an exception when aw cannot be awaited. */
Obj *ncoro_await(NCoro *co, Obj *aw, int next);
/* Replace slot i (steals v, may be NULL). */
void ncoro_set(NCoro *co, int i, Obj *v);

#endif
