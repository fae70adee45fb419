/* binasciiint.h — what mod_base64.c uses of mod_binascii.c: the codecs on
 * raw bytes and binascii.Error, so base64's functions raise exactly what
 * binascii raises without a Python-level call in between.
 */
#ifndef PYDBG_NATIVE_BINASCIIINT_H
#define PYDBG_NATIVE_BINASCIIINT_H

#include "pydbg/vm.h"

/* binascii.Error (a ValueError subclass), BORROWED; NULL with an exception. */
Obj *binascii_error_class(void);
/* Raise binascii.Error(msg). */
void binascii_raise(const char *msg);
/* b2a_base64 / a2b_base64 on bytes p[0..n). */
Obj *binascii_b64encode(const unsigned char *p, Ssize n, bool newline);
Obj *binascii_b64decode(const unsigned char *p, Ssize n, bool strict);
/* unhexlify of ASCII text p[0..n). */
Obj *binascii_unhex(const unsigned char *p, Ssize n);
/* The bytes of a bytes-like object or ASCII str, as binascii's
 * "ascii_buffer" arguments take them; a new bytes object. */
Obj *binascii_ascii_data(Obj *o);
/* The bytes of a bytes-like object (bytes, bytearray, memoryview, array);
 * TypeError "a bytes-like object is required, not 'T'"; new bytes. */
Obj *binascii_bytes_data(Obj *o);

#endif
