/* smallmods.c — registers the batch of small standard modules (one entry
 * point for vm_init, so adding one of them touches only this file). */
#include "config.h"

#include <fcntl.h>
#include <string.h>
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
    native_signal_register();
    native_platform_register();
    native_getpass_register();
    native_sched_register();
    native_gettext_register();
    native_locale_register();
    native_codecs_register();
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

Obj *smallmods_namedtuple(const char *name, const char *fields, const char *module)
{
    Obj *coll = import_name(id_str("collections"), NULL, NULL, 0);
    Obj *nt = coll ? obj_getattr_str(coll, "namedtuple") : NULL;
    XDECREF(coll);
    Obj *args[3] = {str_from_cstr(name), str_from_cstr(fields), str_from_cstr(module)};
    Obj *kwn = tuple_pack(1, id_str("module"));
    Obj *r = nt && args[0] && args[1] && args[2] && kwn ? obj_call(nt, args, 2, kwn) : NULL;
    for (int i = 0; i < 3; i++) XDECREF(args[i]);
    XDECREF(kwn);
    XDECREF(nt);
    return r;
}

int smallmods_set_all(Obj *m, const char *names, bool as_tuple)
{
    Obj *l = list_new(0);
    for (const char *p = names; l && *p;) {
        size_t n = strcspn(p, " ");
        Obj *nm = str_from_utf8(p, (Ssize)n);
        if (!nm || list_append(l, nm) < 0) CLEAR(l);
        XDECREF(nm);
        p += n;
        while (*p == ' ') p++;
    }
    if (l && as_tuple) obj_setref(&l, list_as_tuple(l));
    return l ? module_add(m, "__all__", l) : -1;
}
