/* mod_future.c — the `future` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_future_register(void) {}
