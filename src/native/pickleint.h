/* pickleint.h — what mod_pickle.c shares with mod_pickletools.c. */
#ifndef PYDBG_NATIVE_PICKLEINT_H
#define PYDBG_NATIVE_PICKLEINT_H

#include "pydbg/vm.h"

/* codecs.escape_decode of s[0..n) (the STRING opcode's quoted text): new bytes,
 * NULL with ValueError for a bad \x escape. */
Obj *pickle_escape_decode(const char *s, Ssize n);

/* raw-unicode-escape decoding (the UNICODE opcode's line): new str. */
Obj *pickle_raw_unicode_unescape(const char *s, Ssize n);

#endif
