/* mod_operator.c — the `operator` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_operator_register(void) {}
