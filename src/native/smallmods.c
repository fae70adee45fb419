/* smallmods.c — registers the batch of small standard modules (one entry
 * point for vm_init, so adding one of them touches only this file). */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

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
    native_colorsys_register();
    native_secrets_register();
    native_this_register();
}

int smallmods_random_bytes(unsigned char *out, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    size_t got = 0;
    while (fd >= 0 && got < n) {
        ssize_t r = read(fd, out + got, n - got);
        if (r <= 0) break;
        got += (size_t)r;
    }
    if (fd >= 0) close(fd);
    if (got < n) {
        vm_err_set_str(&exc_OSError, "cannot read /dev/urandom");
        return -1;
    }
    return 0;
}
