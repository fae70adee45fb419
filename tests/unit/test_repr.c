/* test_repr.c — unit tests for the repr module (placeholder: being written). */
#include "unit.h"

START_TEST(placeholder) { ck_assert_int_eq(1 + 1, 2); }
END_TEST

static Suite *repr_suite(void)
{
    Suite *s = suite_create("repr");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, placeholder);
    suite_add_tcase(s, tc);
    return s;
}

UNIT_MAIN(repr_suite)
