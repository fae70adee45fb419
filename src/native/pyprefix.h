/* pyprefix.h — the prefix of the machine's CPython 3.12 (pyprefix.c). */
#ifndef PYDBG_NATIVE_PYPREFIX_H
#define PYDBG_NATIVE_PYPREFIX_H

#include <stdbool.h>

/* sys.prefix for the VM: the directory holding lib/python3.12 of the
 * python3.12 this machine would run, found once and cached. */
const char *pyprefix_find(void);
/* Whether that prefix really holds a CPython 3.12 standard library. */
bool pyprefix_has_library(void);

#endif
