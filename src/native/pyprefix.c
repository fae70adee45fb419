/* pyprefix.c — sys.prefix as the machine's own CPython 3.12 has it.
 *
 * CPython's tracebacks through its Python-coded library name files under
 * sys.prefix + "/lib/python3.12/" (json/decoder.py, queue.py …), and pydbg's
 * native modules reproduce those entries (tbframe.h).  For the output to be
 * the one `python3.12` prints on this machine, the prefix must be that
 * interpreter's: the first python3.12 on PATH that is a real binary (pyenv's
 * shims are scripts), else pyenv's newest 3.12.x, else the usual install
 * places.  A directory counts only if it holds lib/python3.12/os.py.
 * PYDBG_PYTHON_PREFIX overrides the search; with no CPython at all the
 * answer is /usr/local, CPython's default.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/native/pyprefix.h"

static bool is_prefix(const char *dir)
{
    char path[PATH_MAX];
    struct stat st;
    int n = snprintf(path, sizeof path, "%s/lib/python3.12/os.py", dir);
    return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/python3.12 when it is an executable binary: its prefix into out. */
static bool prefix_of_binary(const char *dir, size_t dirlen, char *out, size_t outsz)
{
    char exe[PATH_MAX], real[PATH_MAX];
    int n = snprintf(exe, sizeof exe, "%.*s/python3.12", (int)dirlen, dir);
    if (n <= 0 || (size_t)n >= sizeof exe || access(exe, X_OK) != 0) return false;
    FILE *fp = fopen(exe, "rb");
    if (!fp) return false;
    char magic[2] = {0, 0};
    size_t got = fread(magic, 1, 2, fp);
    fclose(fp);
    if (got == 2 && magic[0] == '#' && magic[1] == '!') return false;   /* a shim */
    if (!realpath(exe, real)) return false;
    char *slash = strrchr(real, '/');              /* PREFIX/bin/python3.12 */
    if (!slash) return false;
    *slash = '\0';
    slash = strrchr(real, '/');
    if (!slash) return false;
    *slash = '\0';
    if (!is_prefix(real[0] ? real : "/") || strlen(real) >= outsz) return false;
    strcpy(out, real);
    return true;
}

static bool from_path(char *out, size_t outsz)
{
    const char *p = getenv("PATH");
    while (p && *p) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len && prefix_of_binary(p, len, out, outsz)) return true;
        if (!end) break;
        p = end + 1;
    }
    return false;
}

/* "3.12.N" with the largest N among pyenv's versions. */
static bool from_pyenv(char *out, size_t outsz)
{
    char root[PATH_MAX];
    const char *env = getenv("PYENV_ROOT"), *home = getenv("HOME");
    int n = env && *env ? snprintf(root, sizeof root, "%s/versions", env)
                        : snprintf(root, sizeof root, "%s/.pyenv/versions", home ? home : "");
    if (n <= 0 || (size_t)n >= sizeof root) return false;
    DIR *d = opendir(root);
    if (!d) return false;
    long best = -1;
    char cand[PATH_MAX];
    struct dirent *e;
    while ((e = readdir(d))) {
        char *tail;
        if (strncmp(e->d_name, "3.12.", 5) != 0) continue;
        long micro = strtol(e->d_name + 5, &tail, 10);
        if (*tail || micro <= best) continue;
        n = snprintf(cand, sizeof cand, "%s/%s", root, e->d_name);
        if (n <= 0 || (size_t)n >= sizeof cand || (size_t)n >= outsz || !is_prefix(cand)) continue;
        best = micro;
        strcpy(out, cand);
    }
    closedir(d);
    return best >= 0;
}

const char *pyprefix_find(void)
{
    static char found[PATH_MAX];
    static bool done;
    if (done) return found;
    done = true;
    const char *forced = getenv("PYDBG_PYTHON_PREFIX");
    if (forced && *forced && strlen(forced) < sizeof found) {
        strcpy(found, forced);
        return found;
    }
    if (from_path(found, sizeof found) || from_pyenv(found, sizeof found)) return found;
    if (is_prefix("/usr/local")) strcpy(found, "/usr/local");
    else if (is_prefix("/usr")) strcpy(found, "/usr");
    else strcpy(found, "/usr/local");
    return found;
}

bool pyprefix_has_library(void)
{
    return is_prefix(pyprefix_find());
}
