/* tests/unit/test_header.c - one header line: name match, trimming, cap. */
#include <check.h>
#include <string.h>

#include "testutil.h"
#include "panel/header.h"

static const struct {
    const char *line;
    const char *name;
    size_t outsz;
    int found;
    const char *value;
} cases[] = {
    {"Content-Type: application/json\r\n", "Content-Type", 64, 1, "application/json"},
    {"content-type:text/html; charset=UTF-8", "Content-Type", 64, 1, "text/html; charset=UTF-8"},
    {"Retry-After: \t 30 \t\r\n", "Retry-After", 64, 1, "30"},
    {"Retry-After:\r\n", "Retry-After", 64, 1, ""},
    {"Retry-After-Ms: 5\r\n", "Retry-After", 64, 0, NULL},
    {"Retry-After", "Retry-After", 64, 0, NULL},
    {"X-Retry-After: 5", "Retry-After", 64, 0, NULL},
    {"X-Panelmock-Fault: reset,latency=20ms", "X-Panelmock-Fault", 6, 1, "reset"},
    {"A: b", "A", 0, 0, NULL},
};

START_TEST(test_lines)
{
    char out[64] = "untouched";
    int found = panel_header_value(cases[_i].line, strlen(cases[_i].line), cases[_i].name, out,
                                   cases[_i].outsz);
    ck_assert_int_eq(found, cases[_i].found);
    ck_assert_str_eq(out, found ? cases[_i].value : "untouched");
}
END_TEST

/* The line's length bounds the read: a line that is not NUL-terminated is cut at n. */
START_TEST(test_length_bounds)
{
    const char line[] = "Content-Type: text/plainGARBAGE";
    char out[64];
    ck_assert_int_eq(panel_header_value(line, strlen("Content-Type: text/plain"), "Content-Type",
                                        out, sizeof out),
                     1);
    ck_assert_str_eq(out, "text/plain");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("header");
    TCase *tc = tcase_create("lines");
    tcase_add_loop_test(tc, test_lines, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_length_bounds);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
