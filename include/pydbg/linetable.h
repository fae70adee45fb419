/* linetable.h — offsets ↔ source positions, for every line-table format.
 *
 * Three formats: co_lnotab (2.7–3.9), the 3.10 co_linetable, and the 3.11+
 * location table.  linetable_decode() turns any of them into one LineTable:
 * a position per code unit plus the two derived views that `dis`, tracing
 * and breakpoints need, each computed exactly as that version computes it.
 *
 * A code unit is 1 byte on 2.7 and 2 bytes on 3.6+; all offsets in this API
 * are byte offsets.  -1 stands for Python's None.
 */
#ifndef PYDBG_LINETABLE_H
#define PYDBG_LINETABLE_H

#include "pydbg/pyc.h"

typedef struct SrcPos { int32_t line, end_line, col, end_col; } SrcPos;
typedef struct LineRange { uint32_t start, end; int32_t line; } LineRange;
typedef struct LineStart { uint32_t offset; int32_t line; } LineStart;

typedef struct LineTable {
    uint32_t unit;          /* bytes per code unit: 1 (2.7) or 2 */
    uint32_t nunits;        /* codelen / unit */
    SrcPos *pos;            /* nunits entries: what co_positions() yields
                               (≤3.10: line only, columns -1) */
    LineRange *ranges;      /* co_lines() as this version yields it; for
                               ≤3.9 synthesised from the lnotab line starts */
    uint32_t nranges;
    LineStart *starts;      /* dis.findlinestarts(): offsets where dis prints a
                               line number (3.13+: line -1 prints "--") */
    uint32_t nstarts;
} LineTable;

/* Decode co's line table into arena a.  Malformed tables (overruns,
 * impossible values) fail with d set; offsets past the code are clipped as
 * CPython clips them. */
int linetable_decode(const CodeObj *co, Arena *a, LineTable *out, Diag *d);

/* Position of the instruction at byte offset off (start line is what
 * tracebacks and line events use).  All -1 when out of range. */
SrcPos linetable_pos_at(const LineTable *lt, uint32_t off);
static inline int32_t linetable_line_at(const LineTable *lt, uint32_t off) {
    return linetable_pos_at(lt, off).line;
}

/* Byte offsets of the ranges that start line `line` (where a breakpoint on
 * that line stops): the start of each co_lines() range with that line whose
 * predecessor range has a different line.  Returns the count; writes at most
 * max offsets to out. */
uint32_t linetable_offsets_for_line(const LineTable *lt, int32_t line,
                                    uint32_t *out, uint32_t max);

/* Smallest line >= line that has code in this table, or -1. */
int32_t linetable_next_line_with_code(const LineTable *lt, int32_t line);

/* `--dump-lines`: for every code object of the file in pre-order, its
 * decoded tables in the text format of tests/data/README.md (the same text
 * tools/gen_fixtures.py records from the real interpreters). */
int linedump_file(SBuf *out, PycFile *f, Diag *d);

#endif
