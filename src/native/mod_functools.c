/* mod_functools.c — the `functools` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_functools_register(void) {}
