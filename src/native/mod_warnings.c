/* mod_warnings.c — the `warnings` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_warnings_register(void) {}
