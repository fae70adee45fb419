/* repr.h — Python reprs of loaded constants, as each version prints them.
 *
 * Used by `--dis` (constant operands), `--info` (co_consts and friends) and
 * the debugger before the VM has turned constants into runtime objects.
 */
#ifndef PYDBG_REPR_H
#define PYDBG_REPR_H

#include "pydbg/pyc.h"

/* Append repr(o) as Python `ver` prints it: 2.x `u'x'` and `1L`; 3.x
 * `b'x'`; frozenset elements in the iteration order CPython gives with
 * PYTHONHASHSEED=0; code objects as repr_code(). */
void repr_obj(SBuf *out, const PycObj *o, PyVer ver);

/* `<code object NAME at 0xADDR, file "FILE", line N>`.  ADDR is a stable
 * pseudo-address derived from co->index (nothing run-to-run dependent). */
void repr_code(SBuf *out, const CodeObj *co);

#endif
