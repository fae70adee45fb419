/* timeint.h — what the time module (mod_time.c) shares with datetime
 * (mod_datetime.c): its _strptime implementation, with the fields
 * time.strptime drops (microseconds of %f, the fraction of a %z offset),
 * which datetime.strptime needs.
 */
#ifndef PYDBG_NATIVE_TIMEINT_H
#define PYDBG_NATIVE_TIMEINT_H

#include "pydbg/vm.h"

typedef struct TimeStrptime {
    int64_t year;
    int month, day, hour, minute, second;
    int fraction;              /* microseconds (%f) */
    bool has_gmtoff;           /* %z matched */
    int64_t gmtoff;            /* seconds east of UTC */
    int gmtoff_fraction;       /* microseconds of the offset, its sign */
    Obj *tzname;               /* new reference: the %Z text, or None */
} TimeStrptime;

/* _strptime._strptime(data, format) with time.strptime's errors; data and
 * format are str.  0, or -1 with an exception. */
int time_strptime_parse(Obj *data, Obj *format, TimeStrptime *out);

#endif
