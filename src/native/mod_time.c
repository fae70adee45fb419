/* mod_time.c — the `time` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_time_register(void) {}
