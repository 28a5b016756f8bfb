/* tests/unit/test_money.c - exact decimal money. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "panel/money.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
    const char *in;
    panel_err rc;
    panel_money want;
    int rounded;
} parse_cases[] = {
    {"0", PANEL_E_OK, 0, 0},
    {"-0", PANEL_E_OK, 0, 0},
    {"12", PANEL_E_OK, 1200000000, 0},
    {"007", PANEL_E_OK, 700000000, 0},
    {"1.2", PANEL_E_OK, 120000000, 0},
    {"1.23", PANEL_E_OK, 123000000, 0},
    {"1.234", PANEL_E_OK, 123400000, 0},
    {"0.0001", PANEL_E_OK, 10000, 0},
    {"0.00005", PANEL_E_OK, 5000, 0},
    {"0.000007", PANEL_E_OK, 700, 0},
    {"0.0000008", PANEL_E_OK, 80, 0},
    {"0.00000001", PANEL_E_OK, 1, 0},
    {"12.34567890", PANEL_E_OK, 1234567890, 0},
    {"-0.5", PANEL_E_OK, -50000000, 0},
    {"-12.00000001", PANEL_E_OK, -1200000001, 0},
    {"0.90", PANEL_E_OK, 90000000, 0},
    {"0.000000000", PANEL_E_OK, 0, 0},
    {"0.000000005", PANEL_E_OK, 0, 1},
    {"0.000000015", PANEL_E_OK, 2, 1},
    {"0.000000025", PANEL_E_OK, 2, 1},
    {"0.000000035", PANEL_E_OK, 4, 1},
    {"0.0000000251", PANEL_E_OK, 3, 1},
    {"0.0000000249999", PANEL_E_OK, 2, 1},
    {"0.000000014", PANEL_E_OK, 1, 1},
    {"0.000000016", PANEL_E_OK, 2, 1},
    {"0.0000000050000000000001", PANEL_E_OK, 1, 1},
    {"-0.000000015", PANEL_E_OK, -2, 1},
    {"-0.000000025", PANEL_E_OK, -2, 1},
    {"-0.000000005", PANEL_E_OK, 0, 1},
    {"1.999999995", PANEL_E_OK, 200000000, 1},
    {"92233720368.54775807", PANEL_E_OK, INT64_MAX, 0},
    {"-92233720368.54775808", PANEL_E_OK, INT64_MIN, 0},
    {"92233720368.547758074", PANEL_E_OK, INT64_MAX, 1},
    {"92233720368.54775808", PANEL_E_RANGE, 0, 0},
    {"92233720368.547758075", PANEL_E_RANGE, 0, 0},
    {"-92233720368.54775809", PANEL_E_RANGE, 0, 0},
    {"-92233720368.547758085", PANEL_E_OK, INT64_MIN, 1},
    {"-92233720368.5477580851", PANEL_E_RANGE, 0, 0},
    {"92233720369", PANEL_E_RANGE, 0, 0},
    {"9223372036854775807", PANEL_E_RANGE, 0, 0},
    {"9223372036854775808", PANEL_E_RANGE, 0, 0},
    {"18446744073709551616", PANEL_E_RANGE, 0, 0},
    {"99999999999999999999999999999999", PANEL_E_RANGE, 0, 0},
    {"", PANEL_E_PARSE, 0, 0},
    {"-", PANEL_E_PARSE, 0, 0},
    {".", PANEL_E_PARSE, 0, 0},
    {".5", PANEL_E_PARSE, 0, 0},
    {"12.", PANEL_E_PARSE, 0, 0},
    {"-.5", PANEL_E_PARSE, 0, 0},
    {"+1", PANEL_E_PARSE, 0, 0},
    {" 1", PANEL_E_PARSE, 0, 0},
    {"1 ", PANEL_E_PARSE, 0, 0},
    {"1e3", PANEL_E_PARSE, 0, 0},
    {"1E3", PANEL_E_PARSE, 0, 0},
    {"1.5e2", PANEL_E_PARSE, 0, 0},
    {"abc", PANEL_E_PARSE, 0, 0},
    {"0x10", PANEL_E_PARSE, 0, 0},
    {"1,20", PANEL_E_PARSE, 0, 0},
    {"1,000.00", PANEL_E_PARSE, 0, 0},
    {"1.2.3", PANEL_E_PARSE, 0, 0},
    {"--1", PANEL_E_PARSE, 0, 0},
    {"$1", PANEL_E_PARSE, 0, 0},
    {"NaN", PANEL_E_PARSE, 0, 0},
    {"99999999999999999999999x", PANEL_E_PARSE, 0, 0},
};

START_TEST(test_parse)
{
    const char *in = parse_cases[_i].in;
    panel_money m = 777;
    int rounded = 7;
    panel_err rc = panel_money_parse(in, strlen(in), &m, &rounded);

    ck_assert_msg(rc == parse_cases[_i].rc, "parse \"%s\": got %d want %d", in, rc,
                  parse_cases[_i].rc);
    if (rc == PANEL_E_OK) {
        ck_assert_int_eq(m, parse_cases[_i].want);
        ck_assert_int_eq(rounded, parse_cases[_i].rounded);
    } else {
        ck_assert_int_eq(m, 777);
    }
}
END_TEST

START_TEST(test_parse_not_nul_terminated)
{
    const char text[] = {'1', '.', '5', '9', '9'};
    panel_money m = 0;

    ck_assert_int_eq(panel_money_parse(text, 3, &m, NULL), PANEL_E_OK);
    ck_assert_int_eq(m, 150000000);
    ck_assert_int_eq(panel_money_parse("12abc", 2, &m, NULL), PANEL_E_OK);
    ck_assert_int_eq(m, 1200000000);
    ck_assert_int_eq(panel_money_parse("1\0002", 3, &m, NULL), PANEL_E_PARSE);
}
END_TEST

static const struct {
    const char *in;
    panel_err rc;
    panel_money want;
    int lenient;
} lenient_cases[] = {
    {"1,20", PANEL_E_OK, 120000000, 1},
    {"1.20", PANEL_E_OK, 120000000, 0},
    {"-0,5", PANEL_E_OK, -50000000, 1},
    {"7", PANEL_E_OK, 700000000, 0},
    {"0,000000015", PANEL_E_OK, 2, 1},
    {"1,000.00", PANEL_E_PARSE, 0, 0},
    {"1,2,3", PANEL_E_PARSE, 0, 0},
    {"1.2,3", PANEL_E_PARSE, 0, 0},
    {",5", PANEL_E_PARSE, 0, 0},
    {"1,", PANEL_E_PARSE, 0, 0},
    {"1e5", PANEL_E_PARSE, 0, 0},
    {" 1,2", PANEL_E_PARSE, 0, 0},
    {"92233720368,54775808", PANEL_E_RANGE, 0, 0},
    {"1,000", PANEL_E_PARSE, 0, 0},       /* thousands separator or decimal comma: refused */
    {"12,345", PANEL_E_PARSE, 0, 0},      /* the same */
    {"1,2345", PANEL_E_OK, 123450000, 1}, /* four places: a decimal comma */
};

START_TEST(test_parse_lenient)
{
    const char *in = lenient_cases[_i].in;
    panel_money m = 0;
    int rounded = 0, lenient = 7;
    panel_err rc = panel_money_parse_lenient(in, strlen(in), &m, &rounded, &lenient);

    ck_assert_msg(rc == lenient_cases[_i].rc, "lenient \"%s\": got %d want %d", in, rc,
                  lenient_cases[_i].rc);
    if (rc == PANEL_E_OK) {
        ck_assert_int_eq(m, lenient_cases[_i].want);
        ck_assert_int_eq(lenient, lenient_cases[_i].lenient);
    }
}
END_TEST

static const struct {
    panel_money a, b;
    panel_err add_rc, sub_rc;
    panel_money sum, diff;
} arith_cases[] = {
    {1, 2, PANEL_E_OK, PANEL_E_OK, 3, -1},
    {INT64_MAX, 0, PANEL_E_OK, PANEL_E_OK, INT64_MAX, INT64_MAX},
    {INT64_MAX, 1, PANEL_E_RANGE, PANEL_E_OK, 0, INT64_MAX - 1},
    {INT64_MAX, -1, PANEL_E_OK, PANEL_E_RANGE, INT64_MAX - 1, 0},
    {INT64_MIN, -1, PANEL_E_RANGE, PANEL_E_OK, 0, INT64_MIN + 1},
    {INT64_MIN, 1, PANEL_E_OK, PANEL_E_RANGE, INT64_MIN + 1, 0},
    {0, INT64_MIN, PANEL_E_OK, PANEL_E_RANGE, INT64_MIN, 0},
    {-1, INT64_MIN, PANEL_E_RANGE, PANEL_E_OK, 0, INT64_MAX},
    {INT64_MIN, INT64_MIN, PANEL_E_RANGE, PANEL_E_OK, 0, 0},
    {INT64_MAX, INT64_MAX, PANEL_E_RANGE, PANEL_E_OK, 0, 0},
    {INT64_MAX, INT64_MIN, PANEL_E_OK, PANEL_E_RANGE, -1, 0},
};

START_TEST(test_add_sub)
{
    panel_money out = 42;

    ck_assert_int_eq(panel_money_add(arith_cases[_i].a, arith_cases[_i].b, &out),
                     arith_cases[_i].add_rc);
    ck_assert_int_eq(out, arith_cases[_i].add_rc == PANEL_E_OK ? arith_cases[_i].sum : 42);
    out = 42;
    ck_assert_int_eq(panel_money_sub(arith_cases[_i].a, arith_cases[_i].b, &out),
                     arith_cases[_i].sub_rc);
    ck_assert_int_eq(out, arith_cases[_i].sub_rc == PANEL_E_OK ? arith_cases[_i].diff : 42);
}
END_TEST

static const struct {
    panel_money m;
    int64_t num, den;
    panel_err rc;
    panel_money want;
} muldiv_cases[] = {
    {90000000, 1000, 1000, PANEL_E_OK, 90000000},
    {100000000, 1, 3, PANEL_E_OK, 33333333},
    {200000000, 1, 3, PANEL_E_OK, 66666667},
    {-100000000, 1, 3, PANEL_E_OK, -33333333},
    {-200000000, 1, 3, PANEL_E_OK, -66666667},
    {100000000, -2, 3, PANEL_E_OK, -66666667},
    {5, 1, 10, PANEL_E_OK, 0},
    {15, 1, 10, PANEL_E_OK, 2},
    {25, 1, 10, PANEL_E_OK, 2},
    {35, 1, 10, PANEL_E_OK, 4},
    {-15, 1, 10, PANEL_E_OK, -2},
    {-25, 1, 10, PANEL_E_OK, -2},
    {25, -1, 10, PANEL_E_OK, -2},
    {25, 1, -10, PANEL_E_OK, -2},
    {-25, 1, -10, PANEL_E_OK, 2},
    {1, 1, 2, PANEL_E_OK, 0},
    {3, 1, 2, PANEL_E_OK, 2},
    {INT64_MAX, INT64_MAX, INT64_MAX, PANEL_E_OK, INT64_MAX},
    {INT64_MIN, INT64_MIN, INT64_MIN, PANEL_E_OK, INT64_MIN},
    {INT64_MIN, -1, 1, PANEL_E_RANGE, 0},
    {INT64_MIN, 1, -1, PANEL_E_RANGE, 0},
    {INT64_MAX, 2, 1, PANEL_E_RANGE, 0},
    {INT64_MAX, 2, 2, PANEL_E_OK, INT64_MAX},
    {1, 1, 0, PANEL_E_INVALID, 0},
    {0, 5, 7, PANEL_E_OK, 0},
};

START_TEST(test_muldiv)
{
    panel_money out = 42;
    panel_err rc =
        panel_money_muldiv(muldiv_cases[_i].m, muldiv_cases[_i].num, muldiv_cases[_i].den, &out);

    ck_assert_int_eq(rc, muldiv_cases[_i].rc);
    ck_assert_int_eq(out, rc == PANEL_E_OK ? muldiv_cases[_i].want : 42);
}
END_TEST

static const struct {
    const char *rate;
    int64_t qty;
    const char *want; /* format_min(charge, 0) */
} charge_cases[] = {
    {"0.90", 1000, "0.9"},
    {"8", 3, "0.024"},
    {"0.00100000", 100, "0.0001"},
    {"1", 1, "0.001"},
    {"0.01", 1, "0.00001"},
    {"0.001", 1, "0.000001"},
    {"0.000005", 1, "0"},
    {"0.000015", 1, "0.00000002"},
    {"0.000025", 1, "0.00000002"},
    {"0.000035", 1, "0.00000004"},
    {"0.00000333", 100, "0.00000033"},
    {"0.00000667", 100, "0.00000067"},
    {"1.5", 1000000, "1500"},
    {"92233720368", 1000, "92233720368"},
};

START_TEST(test_charge)
{
    const char *r = charge_cases[_i].rate;
    panel_money rate, out;
    char text[32];

    ck_assert_int_eq(panel_money_parse(r, strlen(r), &rate, NULL), PANEL_E_OK);
    ck_assert_int_eq(panel_money_charge(rate, charge_cases[_i].qty, &out), PANEL_E_OK);
    ck_assert_int_eq(panel_money_format_min(out, 0, text, sizeof(text)), PANEL_E_OK);
    ck_assert_str_eq(text, charge_cases[_i].want);
}
END_TEST

START_TEST(test_charge_overflow)
{
    panel_money out = 42;

    ck_assert_int_eq(panel_money_charge(INT64_MAX, 1001, &out), PANEL_E_RANGE);
    ck_assert_int_eq(out, 42);
    ck_assert_int_eq(panel_money_charge(INT64_MAX, 1000, &out), PANEL_E_OK);
    ck_assert_int_eq(out, INT64_MAX);
}
END_TEST

static const struct {
    panel_money m;
    int decimals;
    const char *want;
} format_cases[] = {
    {0, 0, "0"},
    {0, 2, "0.00"},
    {0, 8, "0.00000000"},
    {123456789, 0, "1"},
    {123456789, 1, "1.2"},
    {123456789, 2, "1.23"},
    {123456789, 3, "1.235"},
    {123456789, 4, "1.2346"},
    {123456789, 5, "1.23457"},
    {123456789, 6, "1.234568"},
    {123456789, 7, "1.2345679"},
    {123456789, 8, "1.23456789"},
    {-123456789, 2, "-1.23"},
    {-123456789, 8, "-1.23456789"},
    {-50000000, 1, "-0.5"},
    {50000000, 0, "0"},
    {150000000, 0, "2"},
    {250000000, 0, "2"},
    {-250000000, 0, "-2"},
    {-50000000, 0, "0"},
    {1, 7, "0.0000000"},
    {15, 7, "0.0000002"},
    {-1, 8, "-0.00000001"},
    {99999999, 2, "1.00"},
    {INT64_MAX, 8, "92233720368.54775807"},
    {INT64_MIN, 8, "-92233720368.54775808"},
    {INT64_MIN, 0, "-92233720369"},
    {INT64_MAX, 2, "92233720368.55"},
};

START_TEST(test_format)
{
    char text[32];

    ck_assert_int_eq(
        panel_money_format(format_cases[_i].m, format_cases[_i].decimals, text, sizeof(text)),
        PANEL_E_OK);
    ck_assert_str_eq(text, format_cases[_i].want);
}
END_TEST

START_TEST(test_format_invalid)
{
    char text[32], small[4];

    ck_assert_int_eq(panel_money_format(1, -1, text, sizeof(text)), PANEL_E_INVALID);
    ck_assert_int_eq(panel_money_format(1, 9, text, sizeof(text)), PANEL_E_INVALID);
    ck_assert_int_eq(panel_money_format(100000000, 2, small, sizeof(small)), PANEL_E_INVALID);
    ck_assert_int_eq(panel_money_format(100000000, 1, small, sizeof(small)), PANEL_E_OK);
    ck_assert_str_eq(small, "1.0");
    ck_assert_int_eq(panel_money_format_min(1, 9, text, sizeof(text)), PANEL_E_INVALID);
}
END_TEST

static const struct {
    panel_money m;
    int min;
    const char *want;
} format_min_cases[] = {
    {0, 0, "0"},
    {0, 2, "0.00"},
    {90000000, 0, "0.9"},
    {90000000, 2, "0.90"},
    {1200000000, 0, "12"},
    {1200000000, 2, "12.00"},
    {2400000, 0, "0.024"},
    {1, 0, "0.00000001"},
    {-10000, 0, "-0.0001"},
    {123456789, 2, "1.23456789"},
    {120000000, 8, "1.20000000"},
};

START_TEST(test_format_min)
{
    char text[32];

    ck_assert_int_eq(panel_money_format_min(format_min_cases[_i].m, format_min_cases[_i].min, text,
                                            sizeof(text)),
                     PANEL_E_OK);
    ck_assert_str_eq(text, format_min_cases[_i].want);
}
END_TEST

START_TEST(test_round_trip)
{
    static const char *texts[] = {"0",
                                  "1",
                                  "-1",
                                  "0.5",
                                  "-0.00000001",
                                  "12.3456789",
                                  "92233720368.54775807",
                                  "-92233720368.54775808"};
    panel_money m;
    char text[32];
    size_t i;

    for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        ck_assert_int_eq(panel_money_parse(texts[i], strlen(texts[i]), &m, NULL), PANEL_E_OK);
        ck_assert_int_eq(panel_money_format_min(m, 0, text, sizeof(text)), PANEL_E_OK);
        ck_assert_str_eq(text, texts[i]);
    }
}
END_TEST

/* Builds the money suite. */
static Suite *money_suite(void)
{
    Suite *s = suite_create("money");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_parse, 0, N_OF(parse_cases));
    tcase_add_test(tc, test_parse_not_nul_terminated);
    tcase_add_loop_test(tc, test_parse_lenient, 0, N_OF(lenient_cases));
    tcase_add_loop_test(tc, test_add_sub, 0, N_OF(arith_cases));
    tcase_add_loop_test(tc, test_muldiv, 0, N_OF(muldiv_cases));
    tcase_add_loop_test(tc, test_charge, 0, N_OF(charge_cases));
    tcase_add_test(tc, test_charge_overflow);
    tcase_add_loop_test(tc, test_format, 0, N_OF(format_cases));
    tcase_add_test(tc, test_format_invalid);
    tcase_add_loop_test(tc, test_format_min, 0, N_OF(format_min_cases));
    tcase_add_test(tc, test_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(money_suite());
}
