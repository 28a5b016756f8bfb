/* tests/unit/test_error.c - names and messages of panel_err. */
#include <check.h>
#include <stdlib.h>

#include "testutil.h"
#include "panel/error.h"

static const struct {
    panel_err rc;
    const char *name;
    const char *msg;
} cases[] = {
    {PANEL_E_OK, "PANEL_E_OK", "success"},
    {PANEL_E_NOMEM, "PANEL_E_NOMEM", "out of memory"},
    {PANEL_E_TOO_LARGE, "PANEL_E_TOO_LARGE", "input or buffer exceeds its cap"},
    {PANEL_E_INVALID, "PANEL_E_INVALID", "invalid argument"},
    {PANEL_E_PARSE, "PANEL_E_PARSE", "malformed input"},
    {PANEL_E_RANGE, "PANEL_E_RANGE", "number out of range"},
    {PANEL_E_NOT_FOUND, "PANEL_E_NOT_FOUND", "not found"},
    {PANEL_E_IO, "PANEL_E_IO", "input/output error"},
    {PANEL_E_DIALECT, "PANEL_E_DIALECT", "invalid dialect file"},
    {PANEL_E_UNSUPPORTED, "PANEL_E_UNSUPPORTED", "not supported by this dialect"},
    {PANEL_E_NET, "PANEL_E_NET", "network error"},
    {PANEL_E_USAGE, "PANEL_E_USAGE", "usage error"},
    {PANEL_E__COUNT, "PANEL_E_UNKNOWN", "unknown error"},
    {(panel_err)-1, "PANEL_E_UNKNOWN", "unknown error"},
    {(panel_err)1000, "PANEL_E_UNKNOWN", "unknown error"},
};

START_TEST(test_names)
{
    ck_assert_str_eq(panel_err_name(cases[_i].rc), cases[_i].name);
    ck_assert_str_eq(panel_strerror(cases[_i].rc), cases[_i].msg);
}
END_TEST

START_TEST(test_every_value_named)
{
    int i;

    for (i = 0; i < (int)PANEL_E__COUNT; i++) {
        ck_assert_ptr_nonnull(panel_err_name((panel_err)i));
        ck_assert_str_ne(panel_err_name((panel_err)i), "PANEL_E_UNKNOWN");
        ck_assert_str_ne(panel_strerror((panel_err)i), "unknown error");
    }
}
END_TEST

/* Builds the error suite. */
static Suite *error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_names, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, test_every_value_named);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(error_suite());
}
