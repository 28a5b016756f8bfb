/* tests/unit/test_buf.c - capped growable buffers. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "panel/buf.h"

START_TEST(test_cap_exactly_reached)
{
    panel_buf b;

    panel_buf_init(&b, 8);
    ck_assert_int_eq(panel_buf_append(&b, "abcd", 4), PANEL_E_OK);
    ck_assert_int_eq(panel_buf_puts(&b, "efgh"), PANEL_E_OK);
    ck_assert_uint_eq(b.len, 8);
    ck_assert_str_eq(b.data, "abcdefgh");
    ck_assert_uint_le(b.cap, 9);
    ck_assert_int_eq(panel_buf_append(&b, "", 0), PANEL_E_OK);
    ck_assert_int_eq(panel_buf_append(&b, "x", 1), PANEL_E_TOO_LARGE);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(b.max, 8);
    ck_assert_int_eq(panel_buf_puts(&b, "again"), PANEL_E_OK);
    ck_assert_str_eq(b.data, "again");
    panel_buf_free(&b);
}
END_TEST

START_TEST(test_one_past_cap_frees)
{
    panel_buf b;

    panel_buf_init(&b, 5);
    ck_assert_int_eq(panel_buf_puts(&b, "abc"), PANEL_E_OK);
    ck_assert_int_eq(panel_buf_puts(&b, "def"), PANEL_E_TOO_LARGE);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(b.cap, 0);
    panel_buf_init(&b, 5);
    ck_assert_int_eq(panel_buf_printf(&b, "%d", 123456), PANEL_E_TOO_LARGE);
    ck_assert_ptr_null(b.data);
    panel_buf_init(&b, 3);
    ck_assert_int_eq(panel_buf_json_string(&b, "ab", 2), PANEL_E_TOO_LARGE);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_printf_growth)
{
    panel_buf b;
    char want[64];
    int i;

    panel_buf_init(&b, 100000);
    for (i = 0; i < 1000; i++) {
        ck_assert_int_eq(panel_buf_printf(&b, "%04d,", i), PANEL_E_OK);
        ck_assert_uint_le(b.len, b.max);
        ck_assert_uint_gt(b.cap, b.len);
        ck_assert_int_eq(b.data[b.len], '\0');
    }
    ck_assert_uint_eq(b.len, 5000);
    ck_assert_int_eq(strncmp(b.data, "0000,0001,", 10), 0);
    snprintf(want, sizeof(want), "%04d,", 999);
    ck_assert_str_eq(b.data + 4995, want);
    ck_assert_uint_lt(b.cap, 2 * 5000 + 64);
    panel_buf_free(&b);
}
END_TEST

START_TEST(test_reset_keeps_memory)
{
    panel_buf b;
    char *before;

    panel_buf_init(&b, 64);
    ck_assert_int_eq(panel_buf_puts(&b, "hello"), PANEL_E_OK);
    before = b.data;
    panel_buf_reset(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_ptr_eq(b.data, before);
    ck_assert_str_eq(b.data, "");
    panel_buf_free(&b);
}
END_TEST

static const struct {
    const char *in;
    size_t n;
    const char *want;
} json_cases[] = {
    {"", 0, "\"\""},
    {"plain", 5, "\"plain\""},
    {"\"\\\n\x01", 4, "\"\\\"\\\\\\n\\u0001\""},
    {"\b\f\r\t", 4, "\"\\b\\f\\r\\t\""},
    {"\x1f\x7f", 2, "\"\\u001f\x7f\""},
    {"a\0b", 3, "\"a\\u0000b\""},
    {"caf\xc3\xa9 \xe2\x82\xac", 9, "\"caf\xc3\xa9 \xe2\x82\xac\""},
    {"\xff\xfe", 2, "\"\xff\xfe\""},
    {"/</", 3, "\"/</\""},
};

START_TEST(test_json_string)
{
    panel_buf b;

    panel_buf_init(&b, 1024);
    ck_assert_int_eq(panel_buf_json_string(&b, json_cases[_i].in, json_cases[_i].n), PANEL_E_OK);
    ck_assert_str_eq(b.data, json_cases[_i].want);
    ck_assert_uint_eq(b.len, strlen(json_cases[_i].want));
    panel_buf_free(&b);
}
END_TEST

START_TEST(test_take)
{
    panel_buf b;
    size_t len = 99;
    char *p;

    panel_buf_init(&b, 64);
    p = panel_buf_take(&b, &len);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p, "");
    ck_assert_uint_eq(len, 0);
    free(p);
    ck_assert_int_eq(panel_buf_puts(&b, "owned"), PANEL_E_OK);
    p = panel_buf_take(&b, &len);
    ck_assert_str_eq(p, "owned");
    ck_assert_uint_eq(len, 5);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(b.cap, 0);
    free(p);
    panel_buf_free(&b);
}
END_TEST

/* Builds the buffer suite. */
static Suite *buf_suite(void)
{
    Suite *s = suite_create("buf");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_cap_exactly_reached);
    tcase_add_test(tc, test_one_past_cap_frees);
    tcase_add_test(tc, test_printf_growth);
    tcase_add_test(tc, test_reset_keeps_memory);
    tcase_add_loop_test(tc, test_json_string, 0, (int)(sizeof(json_cases) / sizeof(json_cases[0])));
    tcase_add_test(tc, test_take);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(buf_suite());
}
