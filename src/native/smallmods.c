/* smallmods.c — registers the batch of small standard modules (one entry
 * point for vm_init, so adding one of them touches only this file). */
#include "config.h"

#include "pydbg/vm.h"
#include "src/native/smallmods.h"

void native_smallmods_register(void)
{
    native_cmath_register();
    native_difflib_register();
    native_html_register();
    native_urlparse_register();
    native_uuid_register();
    native_contextvars_register();
}
