/* mod_atexit.c — the `atexit` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_atexit_register(void) {}
