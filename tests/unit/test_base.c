/* test_base.c — unit tests for the base module (placeholder: being written). */
#include "unit.h"

START_TEST(placeholder) { ck_assert_int_eq(1 + 1, 2); }
END_TEST

static Suite *base_suite(void)
{
    Suite *s = suite_create("base");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, placeholder);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(base_suite)
