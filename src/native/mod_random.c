/* mod_random.c — the `random` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_random_register(void) {}
