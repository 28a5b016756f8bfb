/* test_parse.c - table-driven quirks of the one parser (dripfeedpanel and smm-objectid). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "panel/dialect.h"
#include "panel/parse.h"

static panel_dialect_set g_set;

/* Loads the repository's dialects once. */
static void setup(void)
{
    tu_load_dialects(&g_set);
}

static void teardown(void)
{
    panel_dialect_set_free(&g_set);
}

typedef struct {
    const char *dialect;
    panel_action action;
    int multi;
    const char *body;
    panel_diag_code code; /* expected diagnostic (first of its code) */
    const char *pointer;
    panel_severity sev;
} quirk_row;

static const quirk_row quirks[] = {
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "{\"order\":\"23501\"}", PANEL_DIAG_WRONG_TYPE, "/order",
     PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "{\"order\":0}", PANEL_DIAG_BAD_ID, "/order",
     PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "{\"order\":123456789012345678901234}",
     PANEL_DIAG_NUMBER_RANGE, "/order", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "", PANEL_DIAG_EMPTY_BODY, "", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "<html>502 Bad Gateway</html>", PANEL_DIAG_INVALID_JSON,
     "", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "{\"order\":1,\"order\":2}", PANEL_DIAG_DUPLICATE_KEY,
     "", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "{\"error\":\"Not enough funds\"}", PANEL_DIAG_API_ERROR,
     "/error", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "{\"status\":{\"error\":\"Invalid service\"}}",
     PANEL_DIAG_API_ERROR, "/status/error", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_ADD, 0, "{\"status\":\"success\",\"order\":151}",
     PANEL_DIAG_WRAPPER_UNEXPECTED, "/status", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_BALANCE, 0,
     "{\"status\":true,\"data\":{\"balance\":\"1\","
     "\"currency\":\"USD\"}}",
     PANEL_DIAG_WRAPPER_UNEXPECTED, "", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_BALANCE, 0, "{\"balance\":\"1,20\",\"currency\":\"USD\"}",
     PANEL_DIAG_MONEY_FORMAT, "/balance", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_BALANCE, 0, "{\"balance\":1.2,\"currency\":\"USD\"}",
     PANEL_DIAG_WRONG_TYPE, "/balance", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_BALANCE, 0, "{\"balance\":\"0.123456785\",\"currency\":\"USD\"}",
     PANEL_DIAG_MONEY_PRECISION, "/balance", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_BALANCE, 0,
     "{\"balance\":\"99999999999999\",\"currency\":\"USD\"}", PANEL_DIAG_NUMBER_RANGE, "/balance",
     PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_BALANCE, 0, "[]", PANEL_DIAG_WRONG_SHAPE, "", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_BALANCE, 0, "{\"currency\":\"USD\"}", PANEL_DIAG_MISSING_FIELD,
     "", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_BALANCE, 0, "{\"balance\":\"1\",\"currency\":\"USD\",\"x/y\":1}",
     PANEL_DIAG_UNKNOWN_FIELD, "/x~1y", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_STATUS, 0,
     "{\"charge\":\"1\",\"start_count\":\"1\",\"status\":\"COMPLETED\",\"remains\":\"0\","
     "\"currency\":\"USD\"}",
     PANEL_DIAG_STATUS_SPELLING, "/status", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_STATUS, 0,
     "{\"charge\":\"1\",\"start_count\":\"1\",\"status\":\"Inprogress\",\"remains\":\"0\","
     "\"currency\":\"USD\"}",
     PANEL_DIAG_STATUS_SPELLING, "/status", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_STATUS, 0,
     "{\"charge\":\"1\",\"start_count\":\"1\",\"status\":\"Exploded\",\"remains\":\"0\","
     "\"currency\":\"USD\"}",
     PANEL_DIAG_UNKNOWN_STATUS, "/status", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_STATUS, 0,
     "{\"charge\":\"1\",\"start_count\":null,\"status\":\"Pending\",\"remains\":\"Unknown\","
     "\"currency\":\"USD\"}",
     PANEL_DIAG_BAD_VALUE, "/remains", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_STATUS, 0,
     "{\"charge\":\"1\",\"start_count\":\"1\",\"status\":\"Pending\",\"remains\":\"-1\","
     "\"currency\":\"USD\"}",
     PANEL_DIAG_REMAINS_NEGATIVE, "/remains", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_STATUS, 1, "{\"1\":\"Incorrect order ID\"}",
     PANEL_DIAG_ERROR_ENTRY_SHAPE, "/1", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_CANCEL, 1, "[{\"order\":2,\"error\":\"Incorrect order ID\"}]",
     PANEL_DIAG_ERROR_ENTRY_SHAPE, "/0", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_SERVICES, 0,
     "[{\"service\":1,\"name\":\"a\",\"type\":\"Default\",\"category\":\"c\",\"rate\":\"1\","
     "\"min\":\"10\",\"max\":\"5\",\"refill\":\"true\",\"cancel\":1}]",
     PANEL_DIAG_MIN_OVER_MAX, "/0", PANEL_SEV_ERROR},
    {"dripfeedpanel", PANEL_ACTION_SERVICES, 0,
     "[{\"service\":1,\"name\":\"a\",\"type\":\"Nope\",\"category\":\"c\",\"rate\":\"1\","
     "\"min\":\"1\",\"max\":\"5\",\"refill\":true,\"cancel\":true}]",
     PANEL_DIAG_UNKNOWN_SERVICE_TYPE, "/0/type", PANEL_SEV_WARNING},
    {"dripfeedpanel", PANEL_ACTION_SERVICES, 0,
     "[{\"service\":1,\"name\":\"a\",\"type\":\"Default\",\"category\":\"c\",\"rate\":\"1\","
     "\"min\":\"1\",\"max\":\"5\",\"refill\":\"yes\",\"cancel\":true}]",
     PANEL_DIAG_BAD_VALUE, "/0/refill", PANEL_SEV_ERROR},
    {"smm-objectid", PANEL_ACTION_ADD, 0, "{\"order\":\"507f1f77bcf86cd79943901\"}",
     PANEL_DIAG_BAD_ID, "/order", PANEL_SEV_ERROR},
    {"smm-objectid", PANEL_ACTION_STATUS, 1, "{\"507f1f77bcf86cd799439011\":[]}",
     PANEL_DIAG_WRONG_SHAPE, "/507f1f77bcf86cd799439011", PANEL_SEV_ERROR},
    {"smpanelim", PANEL_ACTION_CANCEL, 1, "[{\"order\":1,\"cancel\":1}]", PANEL_DIAG_NOT_DOCUMENTED,
     "", PANEL_SEV_ERROR},
    {"smpanelim", PANEL_ACTION_ERROR, 0, "{\"balance\":\"1\"}", PANEL_DIAG_WRONG_SHAPE, "",
     PANEL_SEV_ERROR},
};

/* Each quirk row yields its diagnostic at its pointer with its severity. */
START_TEST(test_quirk)
{
    const quirk_row *q = &quirks[_i];
    const panel_dialect *d = panel_dialect_set_find(&g_set, q->dialect);
    ck_assert_ptr_nonnull(d);
    panel_parse_opts o = {.multi = q->multi};
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, q->action, q->body, strlen(q->body), &o, &r), PANEL_E_OK);
    const panel_diag *dg = panel_result_find(r, q->code);
    if (!dg) {
        for (size_t i = 0; i < r->n_diags; i++)
            fprintf(stderr, "row %d has: %s %s\n", _i, panel_diag_code_name(r->diags[i].code),
                    r->diags[i].pointer);
    }
    ck_assert_ptr_nonnull(dg);
    ck_assert_str_eq(dg->pointer, q->pointer);
    ck_assert_int_eq(dg->severity, q->sev);
    panel_result_free(r);
}
END_TEST

/* The size and depth caps apply before anything is recovered. */
START_TEST(test_caps)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "dripfeedpanel");
    panel_result *r = NULL;
    const char *body = "{\"balance\":\"1\",\"currency\":\"USD\"}";
    panel_parse_opts o = {.multi = 0, .max_body = 10};
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_BALANCE, body, strlen(body), &o, &r), PANEL_E_OK);
    ck_assert_ptr_nonnull(panel_result_find(r, PANEL_DIAG_TOO_LARGE));
    ck_assert_int_eq(r->has & PANEL_HAS_BALANCE, 0);
    panel_result_free(r);
    char deep[5000];
    memset(deep, '[', 2500);
    memset(deep + 2500, ']', 2500);
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_SERVICES, deep, sizeof deep, NULL, &r),
                     PANEL_E_OK);
    ck_assert_ptr_nonnull(panel_result_find(r, PANEL_DIAG_TOO_DEEP));
    panel_result_free(r);
    const char *d40 =
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]";
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_SERVICES, d40, strlen(d40), NULL, &r), PANEL_E_OK);
    ck_assert_ptr_nonnull(panel_result_find(r, PANEL_DIAG_TOO_DEEP));
    panel_result_free(r);
}
END_TEST

/* Values recovered from mixed types are exact. */
START_TEST(test_values)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "dripfeedpanel");
    panel_result *r = NULL;
    const char *body = "{\"charge\":0.08011655652,\"start_count\":\"3572\",\"status\":"
                       "\"Cancelled\",\"remains\":157,\"currency\":\"USD\"}";
    panel_parse_opts o = {.multi = -1, .quantity = 100};
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_STATUS, body, strlen(body), &o, &r), PANEL_E_OK);
    ck_assert_int_eq(r->multi, 0);
    ck_assert_uint_eq(r->n_entries, 1);
    ck_assert_int_eq(r->entries[0].charge, 8011656);
    ck_assert_int_eq(r->entries[0].status, PANEL_STATUS_CANCELED);
    ck_assert_str_eq(r->entries[0].status_word, "Cancelled");
    ck_assert_int_eq(r->entries[0].remains, 157);
    ck_assert_ptr_nonnull(panel_result_find(r, PANEL_DIAG_REMAINS_OVER_QUANTITY));
    panel_result_free(r);
    const char *multi = "{\"1\":{\"status\":\"Completed\"},\"2\":{\"status\":\"Rejected\"}}";
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_REFILL_STATUS, multi, strlen(multi), NULL, &r),
                     PANEL_E_OK);
    ck_assert_int_eq(r->multi, 1);
    ck_assert_uint_eq(r->n_entries, 2);
    ck_assert_str_eq(r->entries[1].id, "2");
    ck_assert_int_eq(r->entries[1].status, PANEL_STATUS_REJECTED);
    ck_assert_uint_eq(panel_result_count(r, PANEL_SEV_INFO), 0);
    panel_result_free(r);
}
END_TEST

/* Garbage never crashes: every prefix of a documented body parses to some result. */
START_TEST(test_prefixes)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "dripfeedpanel");
    const char *body = "[{\"order\":1,\"refill\":1},{\"order\":3,\"refill\":{\"error\":\"x\"}}]";
    for (size_t n = 0; n <= strlen(body); n++) {
        panel_result *r = NULL;
        ck_assert_int_eq(panel_parse(d, PANEL_ACTION_REFILL, body, n, NULL, &r), PANEL_E_OK);
        ck_assert_int_eq(panel_result_count(r, PANEL_SEV_ERROR) > 0, n < strlen(body));
        panel_result_free(r);
    }
}
END_TEST

/* Returns 1 when s is valid UTF-8 (jansson refuses to make a string of anything else). */
static int utf8_ok(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    int ok = j != NULL;
    json_decref(j);
    return ok;
}

/* Texts cut for diagnostics (64-byte briefs, error members that are not strings, long
 * messages) never split a multi-byte character, at whatever offset the character falls:
 * the error result still renders (a fuzz finding: the cut left invalid UTF-8). */
START_TEST(test_utf8_cuts)
{
    static const char *chars[] = {"\xca\x97", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    for (size_t c = 0; c < sizeof chars / sizeof chars[0]; c++) {
        for (size_t pad = 50; pad < 70; pad++) {
            char body[512], fill[128];
            memset(fill, 'a', pad);
            fill[pad] = '\0';
            snprintf(body, sizeof body, "{\"error\":[\"%s%s%s%s\"]}", fill, chars[c], chars[c],
                     chars[c]);
            for (size_t i = 0; i < g_set.count; i++) {
                const panel_dialect *d = g_set.items[i];
                panel_result *r = NULL;
                ck_assert_int_eq(panel_parse(d, PANEL_ACTION_ERROR, body, strlen(body), NULL, &r),
                                 PANEL_E_OK);
                ck_assert_msg(utf8_ok(r->error), "%s pad %zu: error text", d->name, pad);
                for (size_t k = 0; k < r->n_diags; k++)
                    ck_assert_msg(utf8_ok(r->diags[k].actual) && utf8_ok(r->diags[k].message),
                                  "%s pad %zu: diagnostic %zu", d->name, pad, k);
                json_t *j = panel_render_new(d, r);
                ck_assert_msg(j != NULL, "%s pad %zu: render gave NULL", d->name, pad);
                json_decref(j);
                panel_result_free(r);
            }
        }
    }
}
END_TEST

static Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("quirks");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_quirk, 0, (int)(sizeof quirks / sizeof quirks[0]));
    tcase_add_test(tc, test_caps);
    tcase_add_test(tc, test_values);
    tcase_add_test(tc, test_prefixes);
    tcase_add_test(tc, test_utf8_cuts);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(parse_suite());
}
