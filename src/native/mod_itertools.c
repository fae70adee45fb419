/* mod_itertools.c — the `itertools` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_itertools_register(void) {}
