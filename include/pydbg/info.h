/* info.h — `--info`: the header and every co_* attribute of every code
 * object, one per line, as a teacher projects it.
 */
#ifndef PYDBG_INFO_H
#define PYDBG_INFO_H

#include "pydbg/pyc.h"

/* Header summary (magic, version, flags, timestamp or hash, source size). */
void info_header(SBuf *out, const PycFile *f);
/* Every co_* attribute of one code object, `  co_NAME = REPR` per line (the
 * order and set of tests/data/README.md), with `  # …` explanations and the
 * decoded line and exception tables.  0, or -1 with d set when a table
 * cannot be decoded (the listing is still complete; the error shows inline). */
int info_code(SBuf *out, const CodeObj *co, Diag *d);
/* Header, then a title line and info_code() for every code object of the
 * tree in pre-order.  0, or -1 with d set (first error). */
int info_file(SBuf *out, PycFile *f, Diag *d);

#endif
