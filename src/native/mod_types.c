/* mod_types.c — the `types` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_types_register(void) {}
