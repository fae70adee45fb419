/* mod_copy.c — the `copy` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_copy_register(void) {}
