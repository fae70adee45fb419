/* mod_abc.c — the `abc` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_abc_register(void) {}
