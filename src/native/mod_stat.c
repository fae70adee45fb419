/* mod_stat.c — the `stat` module of CPython 3.12 (its _stat half): the
 * S_IS*() tests and S_IMODE / S_IFMT on st_mode values, filemode()
 * ('-rw-r--r--'), and the constants (S_IF*, permission bits, ST_* tuple
 * indexes, and the BSD / Windows flag values stat.py defines everywhere).
 */
#include "config.h"

#include <sys/stat.h>

#include "src/native/modhelp.h"

/* mode_t of an int argument (the C module's "O&" mode converter). */
static int mode_arg(Obj *o, unsigned long *out)
{
    if (!INT_CHECK(o)) {
        vm_err_set_str(&exc_TypeError, "an integer is required");
        return -1;
    }
    int64_t v;
    if (int_as_i64(o, &v) < 0) return -1;
    if (v < 0 || v > 0xffffffffLL) {
        vm_err_set_str(&exc_OverflowError, "mode out of range");
        return -1;
    }
    *out = (unsigned long)v;
    return 0;
}

#define S_TEST(fname, fmt)                                                \
    static Obj *stat_##fname(Obj *self, Obj *const *args, Ssize n, Obj *k) \
    {                                                                     \
        (void)self; (void)n; (void)k;                                     \
        unsigned long m;                                                  \
        if (mode_arg(args[0], &m) < 0) return NULL;                       \
        return bool_from((m & S_IFMT) == (fmt));                          \
    }
S_TEST(S_ISDIR, S_IFDIR)
S_TEST(S_ISREG, S_IFREG)
S_TEST(S_ISLNK, S_IFLNK)
S_TEST(S_ISCHR, S_IFCHR)
S_TEST(S_ISBLK, S_IFBLK)
S_TEST(S_ISFIFO, S_IFIFO)
S_TEST(S_ISSOCK, S_IFSOCK)
#undef S_TEST

/* Solaris doors, event ports and BSD whiteouts never exist here. */
static Obj *stat_never(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)self; (void)n; (void)k;
    unsigned long m;
    return mode_arg(args[0], &m) < 0 ? NULL : bool_from(false);
}

static Obj *stat_S_IMODE(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)self; (void)n; (void)k;
    unsigned long m;
    return mode_arg(args[0], &m) < 0 ? NULL : int_from_i64((int64_t)(m & 07777));
}

static Obj *stat_S_IFMT(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)self; (void)n; (void)k;
    unsigned long m;
    return mode_arg(args[0], &m) < 0 ? NULL : int_from_i64((int64_t)(m & S_IFMT));
}

static Obj *stat_filemode(Obj *self, Obj *const *args, Ssize n, Obj *k)
{
    (void)self; (void)n; (void)k;
    unsigned long m;
    if (mode_arg(args[0], &m) < 0) return NULL;
    char s[11];
    unsigned long f = m & S_IFMT;
    s[0] = f == S_IFDIR ? 'd' : f == S_IFREG ? '-' : f == S_IFLNK ? 'l' : f == S_IFCHR ? 'c'
         : f == S_IFBLK ? 'b' : f == S_IFIFO ? 'p' : f == S_IFSOCK ? 's' : '?';
    static const char rwx[] = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) s[1 + i] = (m >> (8 - i)) & 1 ? rwx[i] : '-';
    /* set-id and sticky bits replace x (lower case) or - (upper case) */
    if (m & S_ISUID) s[3] = s[3] == 'x' ? 's' : 'S';
    if (m & S_ISGID) s[6] = s[6] == 'x' ? 's' : 'S';
    if (m & S_ISVTX) s[9] = s[9] == 'x' ? 't' : 'T';
    s[10] = 0;
    return str_from_cstr(s);
}

static const MethodDef stat_functions[] = {
    {"S_ISDIR", stat_S_ISDIR, METH_O, NULL},
    {"S_ISREG", stat_S_ISREG, METH_O, NULL},
    {"S_ISLNK", stat_S_ISLNK, METH_O, NULL},
    {"S_ISCHR", stat_S_ISCHR, METH_O, NULL},
    {"S_ISBLK", stat_S_ISBLK, METH_O, NULL},
    {"S_ISFIFO", stat_S_ISFIFO, METH_O, NULL},
    {"S_ISSOCK", stat_S_ISSOCK, METH_O, NULL},
    {"S_ISDOOR", stat_never, METH_O, NULL},
    {"S_ISPORT", stat_never, METH_O, NULL},
    {"S_ISWHT", stat_never, METH_O, NULL},
    {"S_IMODE", stat_S_IMODE, METH_O, NULL},
    {"S_IFMT", stat_S_IFMT, METH_O, NULL},
    {"filemode", stat_filemode, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static const struct { const char *name; long value; } stat_consts[] = {
    {"ST_MODE", 0}, {"ST_INO", 1}, {"ST_DEV", 2}, {"ST_NLINK", 3}, {"ST_UID", 4}, {"ST_GID", 5},
    {"ST_SIZE", 6}, {"ST_ATIME", 7}, {"ST_MTIME", 8}, {"ST_CTIME", 9},
    {"S_IFDIR", S_IFDIR}, {"S_IFCHR", S_IFCHR}, {"S_IFBLK", S_IFBLK}, {"S_IFREG", S_IFREG},
    {"S_IFIFO", S_IFIFO}, {"S_IFLNK", S_IFLNK}, {"S_IFSOCK", S_IFSOCK}, {"S_IFDOOR", 0},
    {"S_IFPORT", 0}, {"S_IFWHT", 0},
    {"S_ISUID", S_ISUID}, {"S_ISGID", S_ISGID}, {"S_ENFMT", S_ISGID}, {"S_ISVTX", S_ISVTX},
    {"S_IREAD", 0400}, {"S_IWRITE", 0200}, {"S_IEXEC", 0100},
    {"S_IRWXU", 0700}, {"S_IRUSR", 0400}, {"S_IWUSR", 0200}, {"S_IXUSR", 0100},
    {"S_IRWXG", 070}, {"S_IRGRP", 040}, {"S_IWGRP", 020}, {"S_IXGRP", 010},
    {"S_IRWXO", 07}, {"S_IROTH", 04}, {"S_IWOTH", 02}, {"S_IXOTH", 01},
    {"UF_NODUMP", 1}, {"UF_IMMUTABLE", 2}, {"UF_APPEND", 4}, {"UF_OPAQUE", 8},
    {"UF_NOUNLINK", 16}, {"UF_COMPRESSED", 32}, {"UF_HIDDEN", 32768},
    {"SF_ARCHIVED", 65536}, {"SF_IMMUTABLE", 131072}, {"SF_APPEND", 262144},
    {"SF_NOUNLINK", 1048576}, {"SF_SNAPSHOT", 2097152},
    {"FILE_ATTRIBUTE_ARCHIVE", 32}, {"FILE_ATTRIBUTE_COMPRESSED", 2048},
    {"FILE_ATTRIBUTE_DEVICE", 64}, {"FILE_ATTRIBUTE_DIRECTORY", 16},
    {"FILE_ATTRIBUTE_ENCRYPTED", 16384}, {"FILE_ATTRIBUTE_HIDDEN", 2},
    {"FILE_ATTRIBUTE_INTEGRITY_STREAM", 32768}, {"FILE_ATTRIBUTE_NORMAL", 128},
    {"FILE_ATTRIBUTE_NOT_CONTENT_INDEXED", 8192}, {"FILE_ATTRIBUTE_NO_SCRUB_DATA", 131072},
    {"FILE_ATTRIBUTE_OFFLINE", 4096}, {"FILE_ATTRIBUTE_READONLY", 1},
    {"FILE_ATTRIBUTE_REPARSE_POINT", 1024}, {"FILE_ATTRIBUTE_SPARSE_FILE", 512},
    {"FILE_ATTRIBUTE_SYSTEM", 4}, {"FILE_ATTRIBUTE_TEMPORARY", 256},
    {"FILE_ATTRIBUTE_VIRTUAL", 65536},
};

static Obj *stat_init(void)
{
    Obj *m = mh_module("stat", stat_functions);
    if (!m) return NULL;
    for (size_t i = 0; i < sizeof stat_consts / sizeof stat_consts[0]; i++)
        if (module_add(m, stat_consts[i].name, int_from_i64(stat_consts[i].value)) < 0) {
            DECREF(m);
            return NULL;
        }
    return m;
}

void native_stat_register(void)
{
    import_register_native("stat", stat_init);
}
