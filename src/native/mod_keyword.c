/* mod_keyword.c — the `keyword` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_keyword_register(void) {}
