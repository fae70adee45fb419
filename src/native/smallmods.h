/* smallmods.h — registration functions of the small standard modules
 * (cmath, difflib, html, urllib.parse, uuid, contextvars, …); each is
 * called by native_smallmods_register (smallmods.c), which vm_init calls. */
#ifndef PYDBG_NATIVE_SMALLMODS_H
#define PYDBG_NATIVE_SMALLMODS_H

void native_cmath_register(void);
void native_difflib_register(void);
void native_html_register(void);
void native_urlparse_register(void);
void native_uuid_register(void);
void native_contextvars_register(void);
void native_colorsys_register(void);
void native_secrets_register(void);
void native_this_register(void);
void native_signal_register(void);
void native_platform_register(void);
void native_getpass_register(void);
void native_sched_register(void);
void native_gettext_register(void);
void native_locale_register(void);
void native_codecs_register(void);

#include <stddef.h>

/* n bytes from /dev/urandom (os.urandom's source); -1 with OSError. */
int smallmods_random_bytes(unsigned char *out, size_t n);

#include "pydbg/vm.h"

/* collections.namedtuple(name, fields, module=module) */
Obj *smallmods_namedtuple(const char *name, const char *fields, const char *module);

/* contextvars for asyncio (mod_contextvars.c): a new Context copying the
 * current one (NULL + exception on failure); make ctx (may be NULL: no
 * change) the current context, returning what leave() needs to restore
 * the previous one. */
Obj *contextvars_copy_current(void);
Obj *contextvars_enter(Obj *ctx);
void contextvars_leave(Obj *token);

/* m.__all__ = the space-separated names (a list, or a tuple with as_tuple) */
int smallmods_set_all(Obj *m, const char *names, bool as_tuple);

#endif
