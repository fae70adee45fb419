/* unicode_printable.c — placeholder: being written. */
#include "config.h"
