/* mod_heapq.c — the `heapq` module (placeholder until implemented). */
#include "config.h"

#include "src/native/modhelp.h"

void native_heapq_register(void) {}
