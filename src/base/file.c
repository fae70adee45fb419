/* file.c — reading whole input files with one-line diagnostics.
 *
 * Directories, unreadable files and non-regular files are refused with a
 * message; the size is checked before reading so a huge file fails cleanly.
 */
#include "config.h"
#include "pydbg/base.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FILE_MAX_SIZE ((size_t)1 << 30)   /* 1 GiB: no real .pyc is near it */

unsigned char *file_read_all(const char *path, size_t *len, Diag *d)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_set(d, -1, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_set(d, -1, "is a directory");
        return NULL;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_set(d, -1, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096, n = 0;
    if (cap > FILE_MAX_SIZE) {
        fclose(fp);
        diag_set(d, -1, "file too large (%lld bytes)", (long long)st.st_size);
        return NULL;
    }
    unsigned char *buf = xmalloc(cap);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            if (cap >= FILE_MAX_SIZE) {
                free(buf);
                fclose(fp);
                diag_set(d, -1, "file too large");
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    if (ferror(fp)) {
        int e = errno;
        free(buf);
        fclose(fp);
        diag_set(d, -1, "read error: %s", strerror(e));
        return NULL;
    }
    fclose(fp);
    *len = n;
    return buf;
}
