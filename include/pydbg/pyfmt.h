/* pyfmt.h — Python's textual forms of numbers and strings, byte-exact.
 *
 * Shared by the disassembler (constants) and, later, the VM's repr/str.
 * Nothing here depends on loaded objects: inputs are C values and UTF-8.
 */
#ifndef PYDBG_PYFMT_H
#define PYDBG_PYFMT_H

#include "pydbg/base.h"

/* repr(float) of Python ≥ 2.7: shortest round-tripping digits, exponent form
 * when exp < -4 or exp >= 16 ('1e+16', '1e-05'), 'inf', '-inf', 'nan',
 * '-0.0', a '.0' added to integral values.  Appends to out. */
void pyfmt_float_repr(SBuf *out, double x);

/* repr(complex) of Python 3 ('1j', '(1+2j)', '(-0-0j)', 'infj', '(nan+nanj)'). */
void pyfmt_complex_repr(SBuf *out, double re, double im);

/* repr(str) of Python 3 for UTF-8 text (lone surrogates as 3-byte
 * sequences): quote choice, \\ \' \n \r \t, \xNN / \uNNNN / \UNNNNNNNN for
 * characters that str.isprintable() rejects in
 * the Unicode database of Python 3.<pyminor> (isprintable differs by version). */
void pyfmt_str_repr(SBuf *out, const char *utf8, size_t n, int pyminor);

/* repr(bytes) of Python 3 (b'...') and of a Python 2 str ('...'). */
void pyfmt_bytes_repr(SBuf *out, const unsigned char *s, size_t n, int prefix_b);

/* repr(unicode) of Python 2 (u'...', every non-ASCII char escaped). */
void pyfmt_unicode2_repr(SBuf *out, const char *utf8, size_t n);

/* Is code point cp printable per str.isprintable() of Python 3.<pyminor>? */
int pyfmt_isprintable(uint32_t cp, int pyminor);

/* Decode one UTF-8 sequence (surrogates allowed) at s (n bytes left).
 * Returns the length consumed (≥1) and stores the code point; invalid bytes
 * decode as themselves with length 1. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Append cp as UTF-8 (surrogates encoded as 3 bytes). */
void utf8_encode(SBuf *out, uint32_t cp);

#endif
