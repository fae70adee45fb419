/* unit.h — the common main() of every Check suite.
 *
 * Each tests/unit/test_MODULE.c defines `Suite *MODULE_suite(void)` and ends
 * with UNIT_MAIN(MODULE_suite).  Check prints its summary line
 * ("100%: Checks: N, Failures: 0, Errors: 0"); the exit status is non-zero
 * when any test failed.  UNIT_DATA(rel) names a file under tests/ in the
 * source tree (srcdir is exported by the test harness).
 */
#ifndef PYDBG_UNIT_H
#define PYDBG_UNIT_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

static inline const char *unit_srcdir(void)
{
    const char *s = getenv("srcdir");
    return s ? s : ".";
}

static inline const char *unit_path(const char *rel)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/tests/%s", unit_srcdir(), rel);
    return buf[k];
}
#define UNIT_DATA(rel) unit_path(rel)

#define UNIT_MAIN(suite_fn)                                              \
    int main(void)                                                       \
    {                                                                    \
        SRunner *sr = srunner_create(suite_fn());                        \
        srunner_run_all(sr, CK_NORMAL);                                  \
        int failed = srunner_ntests_failed(sr);                          \
        srunner_free(sr);                                                \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS;                     \
    }

#endif
