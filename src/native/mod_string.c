/* mod_string.c — the `string` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_string_register(void) {}
