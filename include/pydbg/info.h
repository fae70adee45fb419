/* info.h — `--info`: the header and every co_* attribute of every code
 * object, one per line, as a teacher projects it.
 */
#ifndef PYDBG_INFO_H
#define PYDBG_INFO_H

#include "pydbg/pyc.h"

/* Header summary (magic, version, flags, timestamp or hash, source size). */
void info_header(SBuf *out, const PycFile *f);
/* Every co_* attribute of one code object; prefix indents nested objects. */
int info_code(SBuf *out, const CodeObj *co, Diag *d);
/* Header, then every code object of the tree in pre-order. */
int info_file(SBuf *out, PycFile *f, Diag *d);

#endif
