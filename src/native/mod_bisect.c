/* mod_bisect.c — the `bisect` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_bisect_register(void) {}
