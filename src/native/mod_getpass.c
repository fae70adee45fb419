/* mod_getpass.c — the `getpass` module of CPython 3.12, natively.
 *
 * getuser() looks at LOGNAME, USER, LNAME and USERNAME, then the password
 * database, as getpass.py does.  getpass() reads a line from /dev/tty with
 * echo turned off, prompting there; without a terminal it falls back as
 * getpass.py does: a GetPassWarning, "Warning: Password input may be
 * echoed." and the prompt on stderr, the line read from sys.stdin.
 */
#include "config.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "src/native/modhelp.h"
#include "src/native/smallmods.h"

static Obj *getpass_warning;

static Obj *g_getuser(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    if (mh_bind("getuser", args, nargs, kw, NULL, 0, 0, 0, 0, 0, NULL) < 0) return NULL;
    static const char *const vars[] = {"LOGNAME", "USER", "LNAME", "USERNAME"};
    for (int i = 0; i < 4; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return str_from_cstr(v);
    }
    struct passwd *pw = getpwuid(getuid());
    if (!pw) {
        vm_err_format(&exc_KeyError, "getpwuid(): uid not found: %d", (int)getuid());
        return NULL;
    }
    return str_from_cstr(pw->pw_name);
}

/* a line from the terminal with echo off; NULL + errno-less failure when
 * there is no terminal (*no_tty set) */
static Obj *tty_read(const char *prompt, bool *no_tty)
{
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    struct termios old, quiet;
    if (fd < 0 || tcgetattr(fd, &old) < 0) {
        if (fd >= 0) close(fd);
        *no_tty = true;
        return NULL;
    }
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(fd, TCSAFLUSH, &quiet);
    if (write(fd, prompt, strlen(prompt)) < 0) { /* the prompt is best effort */
    }
    SBuf line = SBUF_INIT;
    char c;
    while (read(fd, &c, 1) == 1 && c != '\n') sbuf_putc(&line, c);
    tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) {
    }
    close(fd);
    Obj *r = str_from_utf8(sbuf_cstr(&line), (Ssize)line.len);
    sbuf_free(&line);
    return r;
}

static int write_stderr(const char *text)
{
    Obj *sys = import_name(id_str("sys"), NULL, NULL, 0);
    Obj *err = sys ? obj_getattr_str(sys, "stderr") : NULL;
    Obj *t = err ? str_from_cstr(text) : NULL;
    Obj *r = t ? obj_call_method(err, "write", &t, 1) : NULL;
    Obj *f = r ? obj_call_method(err, "flush", NULL, 0) : NULL;
    XDECREF(sys);
    XDECREF(err);
    XDECREF(t);
    XDECREF(r);
    XDECREF(f);
    return f ? 0 : -1;
}

static Obj *g_getpass(Obj *s, Obj *const *args, Ssize nargs, Obj *kw)
{
    (void)s;
    static const char *const names[] = {"prompt", "stream"};
    Obj *v[2];
    if (mh_bind("getpass", args, nargs, kw, names, 2, 2, 0, 0, 0, v) < 0) return NULL;
    Obj *prompt = v[0] ? obj_str(v[0]) : str_from_cstr("Password: ");
    if (!prompt) return NULL;
    Ssize plen;
    const char *p = str_utf8(prompt, &plen);
    bool no_tty = false;
    Obj *r = p ? tty_read(p, &no_tty) : NULL;
    if (r || !no_tty) {
        DECREF(prompt);
        return r;
    }
    Obj *msg = str_from_cstr("Can not control echo on the terminal.");
    int w = msg ? warnings_warn((TypeObj *)getpass_warning, msg, 2) : -1;
    XDECREF(msg);
    if (w < 0 || write_stderr("Warning: Password input may be echoed.\n") < 0 || write_stderr(p) < 0) {
        DECREF(prompt);
        return NULL;
    }
    DECREF(prompt);
    Obj *sys = import_name(id_str("sys"), NULL, NULL, 0);
    Obj *in = sys ? obj_getattr_str(sys, "stdin") : NULL;
    Obj *line = in ? obj_call_method(in, "readline", NULL, 0) : NULL;
    XDECREF(sys);
    XDECREF(in);
    if (!line) return NULL;
    if (!STR_CHECK(line) || VAR_SIZE(line) == 0) {
        DECREF(line);
        vm_err_set_obj(&exc_EOFError, NULL);
        return NULL;
    }
    if (str_char(line, VAR_SIZE(line) - 1) == '\n') obj_setref(&line, str_substr(line, 0, VAR_SIZE(line) - 1));
    if (line && write_stderr("\n") < 0) CLEAR(line);
    return line;
}

static const MethodDef getpass_methods[] = {
    {"getuser", g_getuser, METH_FAST, "Get the username from the environment or password database."},
    {"getpass", g_getpass, METH_FAST, "Prompt for a password, with echo turned off."},
    {NULL, NULL, 0, NULL},
};

static Obj *getpass_init(void)
{
    Obj *m = mh_module("getpass", getpass_methods);
    if (!m) return NULL;
    if (!getpass_warning) {
        Obj *bases = tuple_pack(1, (Obj *)&exc_UserWarning);
        getpass_warning = bases ? mh_class("getpass", "GetPassWarning", bases, NULL, NULL, NULL) : NULL;
        XDECREF(bases);
    }
    if (!getpass_warning || mh_add_obj(m, "GetPassWarning", getpass_warning) < 0) {
        DECREF(m);
        return NULL;
    }
    if (m && smallmods_set_all(m, "getpass getuser GetPassWarning", false) < 0) CLEAR(m);
    return m;
}

void native_getpass_register(void)
{
    vm_static_roots(&getpass_warning, 1);
    import_register_native("getpass", getpass_init);
}
