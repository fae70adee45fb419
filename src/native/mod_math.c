/* mod_math.c — the `math` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_math_register(void) {}
