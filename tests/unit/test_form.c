/* tests/unit/test_form.c - x-www-form-urlencoded codec. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "panel/form.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
    const char *body;
    const char *name;
    const char *want; /* value of the last pair named name; NULL when absent */
    size_t count;     /* pairs in the form */
    int duplicates;
} decode_cases[] = {
    {"key=abc&action=add", "action", "add", 2, 0},
    {"key=abc&action=add", "key", "abc", 2, 0},
    {"link=https%3A%2F%2Fx.test%2Fp%3Fa%3D1%26b%3D2", "link", "https://x.test/p?a=1&b=2", 1, 0},
    {"q=a+b+c", "q", "a b c", 1, 0},
    {"q=a%2Bb", "q", "a+b", 1, 0},
    {"q=%2b%2B", "q", "++", 1, 0},
    {"q=%e2%82%AC", "q", "\xe2\x82\xac", 1, 0},
    {"na+me=v", "na me", "v", 1, 0},
    {"a%3Db=c", "a=b", "c", 1, 0},
    {"a=b=c", "a", "b=c", 1, 0},
    {"a=", "a", "", 1, 0},
    {"a", "a", "", 1, 0},
    {"a&b", "b", "", 2, 0},
    {"a=1&&b=2", "b", "2", 2, 0},
    {"&&a=1&", "a", "1", 1, 0},
    {"", "a", NULL, 0, 0},
    {"&", "a", NULL, 0, 0},
    {"a=1", "b", NULL, 1, 0},
    {"a=1&a=1", "a", "1", 2, 1},                  /* repeated with the same value: kept */
    {"key=k&action=add&key=k", "key", "k", 3, 1}, /* (dialects/README.md "Repeated parameters") */
    {"a&a=", "a", "", 2, 1},
    {"x=%0D%0A", "x", "\r\n", 1, 0},
    {"=v", "", "v", 1, 0},
};

START_TEST(test_decode)
{
    const char *body = decode_cases[_i].body;
    const char *got;
    panel_form f;

    panel_form_init(&f, 0);
    ck_assert_int_eq(panel_form_decode(&f, body, strlen(body)), PANEL_E_OK);
    ck_assert_uint_eq(f.count, decode_cases[_i].count);
    ck_assert_int_eq(f.duplicates, decode_cases[_i].duplicates);
    got = panel_form_get_borrow(&f, decode_cases[_i].name);
    if (decode_cases[_i].want)
        ck_assert_str_eq(got, decode_cases[_i].want);
    else
        ck_assert_ptr_null(got);
    panel_form_free(&f);
}
END_TEST

static const struct {
    const char *body;
    size_t decoded; /* pairs kept before the error */
} bad_cases[] = {
    {"a=%G1", 0},
    {"a=%1G", 0},
    {"a=1&b=%", 1},
    {"a=%4", 0},
    {"%zz=1", 0},
    {"a=%00", 0},
    {"a%00=1", 0},
    {"a=1&b=2&c=x%", 2},
    {"a=%%41", 0},
    {"a=%-1", 0},
    {"a=% 1", 0},
    {"a=ok&b=%2", 1},
    /* repeated with another value: the form is ambiguous (dialects/README.md) */
    {"a=1&a=2", 1},
    {"a=1&b=0&a=3", 2},
    {"a=1&a", 1},
    {"key=wrong&key=REAL", 1},
    {"action=add&action=status", 1},
    {"a=1&a=1&a=2", 2},
    {"a=&a=x", 1},
    {"a+b=1&a%20b=2", 1},
};

START_TEST(test_decode_invalid)
{
    const char *body = bad_cases[_i].body;
    panel_form f;

    panel_form_init(&f, 0);
    ck_assert_int_eq(panel_form_decode(&f, body, strlen(body)), PANEL_E_PARSE);
    ck_assert_uint_eq(f.count, bad_cases[_i].decoded);
    panel_form_free(&f);
}
END_TEST

START_TEST(test_decode_raw_nul)
{
    static const char body[] = {'a', '=', 'x', '\0', 'y'};
    panel_form f;

    panel_form_init(&f, 0);
    ck_assert_int_eq(panel_form_decode(&f, body, sizeof(body)), PANEL_E_PARSE);
    ck_assert_uint_eq(f.count, 0);
    panel_form_free(&f);
}
END_TEST

START_TEST(test_decode_not_nul_terminated)
{
    panel_form f;

    panel_form_init(&f, 0);
    ck_assert_int_eq(panel_form_decode(&f, "a=12&b=3", 3), PANEL_E_OK);
    ck_assert_uint_eq(f.count, 1);
    ck_assert_str_eq(panel_form_get_borrow(&f, "a"), "1");
    ck_assert_int_eq(panel_form_decode(&f, "c=%41%", 5), PANEL_E_OK);
    ck_assert_str_eq(panel_form_get_borrow(&f, "c"), "A");
    panel_form_free(&f);
}
END_TEST

static const struct {
    size_t max;
    size_t pairs;
    panel_err rc;
} cap_cases[] = {
    {3, 3, PANEL_E_OK},
    {3, 4, PANEL_E_TOO_LARGE},
    {1, 1, PANEL_E_OK},
    {1, 2, PANEL_E_TOO_LARGE},
    {0, PANEL_FORM_MAX_PARAMS, PANEL_E_OK},
    {0, PANEL_FORM_MAX_PARAMS + 1, PANEL_E_TOO_LARGE},
    {1000, 1000, PANEL_E_OK},
};

START_TEST(test_param_cap)
{
    size_t i, max = cap_cases[_i].max ? cap_cases[_i].max : PANEL_FORM_MAX_PARAMS;
    panel_buf body;
    panel_form f;

    panel_buf_init(&body, 1 << 20);
    for (i = 0; i < cap_cases[_i].pairs; i++)
        ck_assert_int_eq(panel_buf_printf(&body, "%sp%zu=%zu", i ? "&" : "", i, i), PANEL_E_OK);
    panel_form_init(&f, cap_cases[_i].max);
    ck_assert_uint_eq(f.max_params, max);
    ck_assert_int_eq(panel_form_decode(&f, body.data, body.len), cap_cases[_i].rc);
    ck_assert_uint_eq(f.count, cap_cases[_i].pairs < max ? cap_cases[_i].pairs : max);
    ck_assert_int_eq(f.duplicates, 0);
    panel_form_free(&f);
    panel_buf_free(&body);
}
END_TEST

START_TEST(test_add_get_count)
{
    panel_form f;

    panel_form_init(&f, 2);
    ck_assert_ptr_null(panel_form_get_borrow(&f, "a"));
    ck_assert_uint_eq(panel_form_count(&f, "a"), 0);
    ck_assert_int_eq(panel_form_add(&f, "a", "1"), PANEL_E_OK);
    ck_assert_int_eq(panel_form_add(&f, "b", "2"), PANEL_E_OK);
    ck_assert_int_eq(f.duplicates, 0);
    ck_assert_int_eq(panel_form_add(&f, "a", "3"), PANEL_E_OK);
    ck_assert_int_eq(f.duplicates, 1);
    ck_assert_uint_eq(f.count, 3);
    ck_assert_uint_eq(panel_form_count(&f, "a"), 2);
    ck_assert_uint_eq(panel_form_count(&f, "b"), 1);
    ck_assert_str_eq(panel_form_get_borrow(&f, "a"), "3");
    ck_assert_str_eq(f.pairs[0].value, "1");
    panel_form_free(&f);
    ck_assert_uint_eq(f.count, 0);
    ck_assert_ptr_null(f.pairs);
}
END_TEST

static const struct {
    const char *in;
    size_t n;
    const char *want;
} escape_cases[] = {
    {"", 0, ""},
    {"AZaz09-._~", 10, "AZaz09-._~"},
    {"a b", 3, "a+b"},
    {"a+b", 3, "a%2Bb"},
    {"a&b=c", 5, "a%26b%3Dc"},
    {"100%", 4, "100%25"},
    {"https://x.test/?q=1", 19, "https%3A%2F%2Fx.test%2F%3Fq%3D1"},
    {"\r\n", 2, "%0D%0A"},
    {"\xe2\x82\xac", 3, "%E2%82%AC"},
    {"\xff", 1, "%FF"},
    {"*'()!", 5, "%2A%27%28%29%21"},
    {"a\0b", 3, "a%00b"},
};

START_TEST(test_escape)
{
    panel_buf out;

    panel_buf_init(&out, 1024);
    ck_assert_int_eq(panel_form_escape(&out, escape_cases[_i].in, escape_cases[_i].n), PANEL_E_OK);
    ck_assert_str_eq(out.data ? out.data : "", escape_cases[_i].want);
    panel_buf_free(&out);
}
END_TEST

START_TEST(test_escape_cap)
{
    panel_buf out;

    panel_buf_init(&out, 5);
    ck_assert_int_eq(panel_form_escape(&out, "ab", 2), PANEL_E_OK);
    ck_assert_int_eq(panel_form_escape(&out, "\xff", 1), PANEL_E_OK);
    ck_assert_str_eq(out.data, "ab%FF");
    ck_assert_int_eq(panel_form_escape(&out, " ", 1), PANEL_E_TOO_LARGE);
    ck_assert_ptr_null(out.data);
}
END_TEST

static const struct {
    const char *name;
    const char *value;
} trip_pairs[] = {
    {"key", "0123456789abcdef"},
    {"action", "add"},
    {"link", "https://example.test/p?a=1&b=two words"},
    {"comments", "line one\r\nline two\r\n"},
    {"name", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
    {"plus+sign", "1+1=2 100%"},
    {"empty", ""},
    {"action", "add"},
};

/* Pairs added by hand may conflict (the last wins for get), but their encoding does not decode:
 * the rule for repeated parameters holds on the wire. */
START_TEST(test_conflict_by_hand)
{
    panel_form f, g;
    panel_buf body;

    panel_form_init(&f, 0);
    panel_form_init(&g, 0);
    panel_buf_init(&body, 256);
    ck_assert_int_eq(panel_form_add(&f, "key", "wrong"), PANEL_E_OK);
    ck_assert_int_eq(panel_form_add(&f, "key", "REAL"), PANEL_E_OK);
    ck_assert_str_eq(panel_form_get_borrow(&f, "key"), "REAL");
    ck_assert_int_eq(panel_form_encode(&f, &body), PANEL_E_OK);
    ck_assert_str_eq(body.data, "key=wrong&key=REAL");
    ck_assert_int_eq(panel_form_decode(&g, body.data, body.len), PANEL_E_PARSE);
    ck_assert_uint_eq(g.count, 1);
    ck_assert_str_eq(panel_form_get_borrow(&g, "key"), "wrong");
    panel_buf_free(&body);
    panel_form_free(&f);
    panel_form_free(&g);
}
END_TEST

START_TEST(test_round_trip)
{
    panel_form f, g;
    panel_buf body;
    size_t i;

    panel_form_init(&f, 0);
    panel_form_init(&g, 0);
    panel_buf_init(&body, 4096);
    for (i = 0; i < sizeof(trip_pairs) / sizeof(trip_pairs[0]); i++)
        ck_assert_int_eq(panel_form_add(&f, trip_pairs[i].name, trip_pairs[i].value), PANEL_E_OK);
    ck_assert_int_eq(panel_form_encode(&f, &body), PANEL_E_OK);
    ck_assert_ptr_null(strchr(body.data, ' '));
    ck_assert_ptr_null(strchr(body.data, '\r'));
    ck_assert_int_eq(panel_form_decode(&g, body.data, body.len), PANEL_E_OK);
    ck_assert_uint_eq(g.count, f.count);
    ck_assert_int_eq(g.duplicates, 1);
    for (i = 0; i < f.count; i++) {
        ck_assert_str_eq(g.pairs[i].name, f.pairs[i].name);
        ck_assert_str_eq(g.pairs[i].value, f.pairs[i].value);
    }
    ck_assert_str_eq(panel_form_get_borrow(&g, "action"), "add");
    panel_buf_free(&body);
    panel_form_free(&f);
    panel_form_free(&g);
}
END_TEST

START_TEST(test_encode)
{
    panel_form f;
    panel_buf body;

    panel_form_init(&f, 0);
    panel_buf_init(&body, 256);
    ck_assert_int_eq(panel_form_encode(&f, &body), PANEL_E_OK);
    ck_assert_uint_eq(body.len, 0);
    ck_assert_int_eq(panel_form_add(&f, "key", "k 1"), PANEL_E_OK);
    ck_assert_int_eq(panel_form_add(&f, "a", ""), PANEL_E_OK);
    ck_assert_int_eq(panel_form_add(&f, "x&y", "1=2"), PANEL_E_OK);
    ck_assert_int_eq(panel_form_encode(&f, &body), PANEL_E_OK);
    ck_assert_str_eq(body.data, "key=k+1&a=&x%26y=1%3D2");
    panel_buf_free(&body);
    panel_form_free(&f);
}
END_TEST

/* Builds the form suite. */
static Suite *form_suite(void)
{
    Suite *s = suite_create("form");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_decode, 0, N_OF(decode_cases));
    tcase_add_loop_test(tc, test_decode_invalid, 0, N_OF(bad_cases));
    tcase_add_test(tc, test_decode_raw_nul);
    tcase_add_test(tc, test_decode_not_nul_terminated);
    tcase_add_loop_test(tc, test_param_cap, 0, N_OF(cap_cases));
    tcase_add_test(tc, test_add_get_count);
    tcase_add_loop_test(tc, test_escape, 0, N_OF(escape_cases));
    tcase_add_test(tc, test_escape_cap);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_conflict_by_hand);
    tcase_add_test(tc, test_encode);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(form_suite());
}
