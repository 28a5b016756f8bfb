/* tests/unit/test_cov_m_tree.c - the mock's transformations of an answer, one table row per
 * corner (found with `make coverage`): every quirk on members of each JSON type
 * (mock_quirks_rewrite), every tree deviation on members of each type (mock_dev_apply,
 * mock_dev_apply_text, mock_dev_parse) and the key masks of text, answers and JSON
 * (mask.c). Each row gives the input and the exact output. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "mock_internal.h"

/* A mock serving smpanelim with two accounts (keys set by the caller where it matters). */
static mock_state *new_state(void)
{
    mock_config cfg = {.seed = 5, .dialect = "smpanelim", .accounts = 2};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

/* ---- quirks.c through mock_quirks_rewrite ---- */

START_TEST(quirk_rows)
{
    static const struct {
        const char *spec;
        panel_action action;
        int multi;
        const char *single_id;
        const char *in, *want;
    } rows[] = {
        /* ids: every id name, integers only */
        {"ids_as_strings", PANEL_ACTION_STATUS, 0, NULL,
         "{\"order_id\":5,\"id\":6,\"x\":7,\"order\":\"8\",\"refill\":9}",
         "{\"order_id\":\"5\",\"id\":\"6\",\"x\":7,\"order\":\"8\",\"refill\":\"9\"}"},
        /* money: strings only */
        {"money_as_numbers", PANEL_ACTION_BALANCE, 0, NULL, "{\"balance\":1.5,\"rate\":\"2.25\"}",
         "{\"balance\":1.5,\"rate\":2.25}"},
        /* booleans: true, false and other types */
        {"bool_as_1", PANEL_ACTION_SERVICES, 0, NULL,
         "[{\"refill\":true,\"cancel\":false,\"dripfeed\":0,\"x\":null}]",
         "[{\"refill\":\"1\",\"cancel\":\"0\",\"dripfeed\":0,\"x\":null}]"},
        {"bool_as_int", PANEL_ACTION_SERVICES, 0, NULL,
         "[{\"refill\":true,\"cancel\":false,\"dripfeed\":\"1\"}]",
         "[{\"refill\":1,\"cancel\":0,\"dripfeed\":\"1\"}]"},
        /* status words: strings only; a word with no misspelling stays */
        {"status_lower", PANEL_ACTION_STATUS, 0, NULL,
         "{\"status\":5,\"x\":{\"status\":\"Pending\"}}",
         "{\"status\":5,\"x\":{\"status\":\"pending\"}}"},
        {"status_misspell", PANEL_ACTION_STATUS, 1, NULL,
         "{\"1\":{\"status\":\"Partial\"},\"2\":{\"status\":7},\"3\":{\"status\":\"Canceled\"}}",
         "{\"1\":{\"status\":\"Partial\"},\"2\":{\"status\":7},\"3\":{\"status\":\"Cancelled\"}}"},
        /* optional members: refill/cancel only as booleans */
        {"missing_optional", PANEL_ACTION_SERVICES, 0, NULL,
         "[{\"currency\":\"USD\",\"dripfeed\":false,\"refill\":true,\"cancel\":false},"
         "{\"refill\":\"yes\",\"cancel\":1,\"desc\":\"d\"}]",
         "[{},{\"refill\":\"yes\",\"cancel\":1,\"desc\":\"d\"}]"},
        /* comma decimals: strings with a dot only */
        {"comma_decimal", PANEL_ACTION_BALANCE, 0, NULL,
         "{\"balance\":\"100\",\"charge\":1.5,\"rate\":\"0.90\"}",
         "{\"balance\":\"100\",\"charge\":1.5,\"rate\":\"0,90\"}"},
        /* string error entries: only a one-member object whose error is a string */
        {"string_error_entries", PANEL_ACTION_STATUS, 1, NULL,
         "{\"1\":{\"error\":\"Incorrect order ID\"},\"2\":{\"error\":5},\"3\":{\"error\":\"a\","
         "\"x\":1},\"4\":{\"status\":\"Pending\"},\"5\":\"s\"}",
         "{\"1\":\"Incorrect order ID\",\"2\":{\"error\":5},\"3\":{\"error\":\"a\",\"x\":1},"
         "\"4\":{\"status\":\"Pending\"},\"5\":\"s\"}"},
        /* extra fields: the top object, each entry of a top array, nothing on a scalar */
        {"extra_fields", PANEL_ACTION_SERVICES, 0, NULL, "[{\"a\":1},2]",
         "[{\"a\":1,\"desc\":\"\",\"refund\":\"0\"},2]"},
        {"extra_fields", PANEL_ACTION_BALANCE, 0, NULL, "\"text\"", "\"text\""},
        /* wrappers: an array, or an object with its own status, goes under data */
        {"success_wrapper", PANEL_ACTION_SERVICES, 0, NULL, "[1]",
         "{\"status\":\"success\",\"data\":[1]}"},
        {"success_wrapper", PANEL_ACTION_STATUS, 0, NULL, "{\"status\":\"Pending\"}",
         "{\"status\":\"success\",\"data\":{\"status\":\"Pending\"}}"},
        /* single as map: only a single status object not already keyed by its id */
        {"single_as_map", PANEL_ACTION_STATUS, 0, "7", "{\"status\":\"Pending\"}",
         "{\"7\":{\"status\":\"Pending\"}}"},
        {"single_as_map", PANEL_ACTION_STATUS, 0, "7", "{\"7\":{\"status\":\"Pending\"}}",
         "{\"7\":{\"status\":\"Pending\"}}"},
        {"single_as_map", PANEL_ACTION_STATUS, 0, "7", "[1]", "[1]"},
        {"single_as_map", PANEL_ACTION_STATUS, 0, NULL, "{\"status\":\"Pending\"}",
         "{\"status\":\"Pending\"}"},
        {"single_as_map", PANEL_ACTION_STATUS, 1, "7", "{\"status\":\"Pending\"}",
         "{\"status\":\"Pending\"}"},
        {"single_as_map", PANEL_ACTION_BALANCE, 0, "7", "{\"status\":\"Pending\"}",
         "{\"status\":\"Pending\"}"},
        /* a body that is not JSON is left as it is */
        {"status_upper", PANEL_ACTION_STATUS, 0, NULL, "<html>502</html>", "<html>502</html>"},
        {"status_upper", PANEL_ACTION_STATUS, 0, NULL, "", ""},
    };
    panel_dialect_set set;
    tu_load_dialects(&set);
    const panel_dialect *d = panel_dialect_set_find(&set, "smpanelim");
    ck_assert_ptr_nonnull(d);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_buf b;
        panel_buf_init(&b, 1 << 16);
        if (*rows[i].in)
            ck_assert_int_eq(panel_buf_puts(&b, rows[i].in), PANEL_E_OK);
        char err[256] = "";
        panel_err rc = mock_quirks_rewrite(d, rows[i].action, rows[i].multi, rows[i].single_id,
                                           rows[i].spec, &b, err, sizeof err);
        ck_assert_msg(rc == PANEL_E_OK, "row %zu %s: %s %s", i, rows[i].spec, panel_err_name(rc),
                      err);
        const char *got = b.data ? b.data : "";
        ck_assert_msg(b.len == strlen(rows[i].want) && strcmp(got, rows[i].want) == 0,
                      "row %zu %s: %s\n want %s", i, rows[i].spec, got, rows[i].want);
        panel_buf_free(&b);
    }
    /* A status word longer than the recase buffer is cut to 127 bytes. */
    char in[300], want[300];
    char word[201];
    memset(word, 'a', 200);
    word[200] = '\0';
    snprintf(in, sizeof in, "{\"status\":\"%s\"}", word);
    memset(word, 'A', 127);
    word[127] = '\0';
    snprintf(want, sizeof want, "{\"status\":\"%s\"}", word);
    panel_buf b;
    panel_buf_init(&b, 1 << 16);
    panel_buf_puts(&b, in);
    char err[256] = "";
    ck_assert_int_eq(
        mock_quirks_rewrite(d, PANEL_ACTION_STATUS, 0, NULL, "status_upper", &b, err, sizeof err),
        PANEL_E_OK);
    ck_assert_str_eq(b.data, want);
    /* No body or no dialect: the spec is only checked; an unknown quirk is refused. */
    ck_assert_int_eq(
        mock_quirks_rewrite(d, PANEL_ACTION_STATUS, 0, NULL, "status_upper", NULL, err, sizeof err),
        PANEL_E_OK);
    ck_assert_int_eq(mock_quirks_rewrite(NULL, PANEL_ACTION_STATUS, 0, NULL, "status_upper", &b,
                                         err, sizeof err),
                     PANEL_E_OK);
    ck_assert_str_eq(b.data, want); /* untouched */
    ck_assert_int_eq(
        mock_quirks_rewrite(d, PANEL_ACTION_STATUS, 0, NULL, "no_such_quirk", &b, err, sizeof err),
        PANEL_E_USAGE);
    ck_assert_msg(strstr(err, "no_such_quirk") != NULL, "%s", err);
    panel_buf_free(&b);
    panel_dialect_set_free(&set);
}
END_TEST

/* ---- deviations.c: the tree and text deviations, one member type per row ---- */

START_TEST(deviation_rows)
{
    static const struct {
        const char *dev;
        panel_action action;
        int multi;
        const char *in, *want;
    } rows[] = {
        /* rate flipped both ways; other types stay */
        {"services_rate_number", PANEL_ACTION_SERVICES, 0,
         "[{\"rate\":\"1.5\"},{\"rate\":2},{\"rate\":0.25},{\"rate\":null}]",
         "[{\"rate\":1.5},{\"rate\":\"2.00000000\"},{\"rate\":\"0.25000000\"},{\"rate\":null}]"},
        /* min over max: numbers and strings; an object without both stays */
        {"services_min_over_max", PANEL_ACTION_SERVICES, 0,
         "[{\"min\":1,\"max\":10},{\"min\":\"1\",\"max\":\"20\"},{\"min\":5},{\"max\":5},"
         "{\"min\":\"2\",\"max\":30}]",
         "[{\"min\":11,\"max\":10},{\"min\":\"21\",\"max\":\"20\"},{\"min\":5},{\"max\":5},"
         "{\"min\":\"31\",\"max\":30}]"},
        {"services_unknown_type", PANEL_ACTION_SERVICES, 0,
         "[{\"type\":\"Default\"},{\"name\":\"x\"}]",
         "[{\"type\":\"Mystery Type\"},{\"name\":\"x\"}]"},
        /* negative rates: strings, integers, reals; a negative string and null stay */
        {"services_rate_negative", PANEL_ACTION_SERVICES, 0,
         "[{\"rate\":\"1.20\"},{\"rate\":\"-3\"},{\"rate\":4},{\"rate\":0.5},{\"rate\":null}]",
         "[{\"rate\":\"-1.20\"},{\"rate\":\"-3\"},{\"rate\":-4},{\"rate\":-0.5},{\"rate\":null}]"},
        /* balance as a number: only a string balance flips */
        {"balance_number", PANEL_ACTION_BALANCE, 0, "{\"balance\":5,\"currency\":\"USD\"}",
         "{\"balance\":5,\"currency\":\"USD\"}"},
        {"balance_number", PANEL_ACTION_BALANCE, 0, "{\"balance\":\"5.5\",\"currency\":\"USD\"}",
         "{\"balance\":5.5,\"currency\":\"USD\"}"},
        /* multi error entries swapped both ways; other entries stay */
        {"multi_error_wrong_shape", PANEL_ACTION_STATUS, 1,
         "{\"1\":{\"error\":\"Incorrect order ID\"},\"2\":\"Incorrect order ID\",\"3\":{\"status\":"
         "\"Pending\"},\"4\":5,\"5\":{\"error\":\"a\",\"x\":1}}",
         "{\"1\":\"Incorrect order ID\",\"2\":{\"error\":\"Incorrect order ID\"},\"3\":{\"status\":"
         "\"Pending\"},\"4\":5,\"5\":{\"error\":\"a\",\"x\":1}}"},
        /* ... but not in a single answer, nor in a multi answer that is a list */
        {"multi_error_wrong_shape", PANEL_ACTION_STATUS, 0, "{\"1\":\"Incorrect order ID\"}",
         "{\"1\":\"Incorrect order ID\"}"},
        {"multi_error_wrong_shape", PANEL_ACTION_STATUS, 1, "[\"Incorrect order ID\"]",
         "[\"Incorrect order ID\"]"},
        /* a deviation of another action changes nothing */
        {"services_rate_negative", PANEL_ACTION_ADD, 0, "{\"order\":1,\"rate\":\"1\"}",
         "{\"order\":1,\"rate\":\"1\"}"},
    };
    mock_state *s = new_state();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char err[256] = "";
        ck_assert_int_eq(mock_dev_parse(rows[i].dev, s->dev, err, sizeof err), PANEL_E_OK);
        mock_req q;
        memset(&q, 0, sizeof q);
        q.s = s;
        q.a = &s->acc[0];
        q.d = s->acc[0].d;
        q.action = rows[i].action;
        q.multi = rows[i].multi;
        json_t *j = json_loads(rows[i].in, JSON_DECODE_ANY, NULL);
        ck_assert_ptr_nonnull(j);
        j = mock_dev_apply(&q, j);
        json_t *w = json_loads(rows[i].want, JSON_DECODE_ANY, NULL);
        char *got = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        ck_assert_msg(json_equal(j, w), "row %zu %s: %s\n want %s", i, rows[i].dev, got,
                      rows[i].want);
        free(got);
        json_decref(j);
        json_decref(w);
    }
    /* The text deviation: an empty answer and one without a type stay as they are. */
    char err[256];
    ck_assert_int_eq(mock_dev_parse("services_invalid_json", s->dev, err, sizeof err), PANEL_E_OK);
    mock_req q;
    memset(&q, 0, sizeof q);
    q.s = s;
    q.d = s->acc[0].d;
    q.action = PANEL_ACTION_SERVICES;
    panel_buf b;
    panel_buf_init(&b, 1 << 16);
    mock_dev_apply_text(&q, &b); /* no data */
    ck_assert_ptr_null(b.data);
    panel_buf_puts(&b, "");
    mock_dev_apply_text(&q, &b);
    ck_assert_str_eq(b.data, "");
    panel_buf_reset(&b);
    panel_buf_puts(&b, "[{\"service\":1,\"type\":\"Default\"},{\"service\":2}]");
    mock_dev_apply_text(&q, &b);
    ck_assert_str_eq(b.data, "[{\"service\":1\n\"type\": Default},{\"service\":2}]");
    q.action = PANEL_ACTION_BALANCE; /* another action: untouched */
    panel_buf_reset(&b);
    panel_buf_puts(&b, "{\"x\":1,\"type\":\"a\"}");
    mock_dev_apply_text(&q, &b);
    ck_assert_str_eq(b.data, "{\"x\":1,\"type\":\"a\"}");
    panel_buf_free(&b);
    /* The name list: NULL and "none" are no deviation; an unknown name is refused. */
    memset(s->dev, 1, sizeof s->dev);
    ck_assert_int_eq(mock_dev_parse(NULL, s->dev, err, sizeof err), PANEL_E_OK);
    for (size_t i = 0; i < MOCK_DEV__COUNT; i++)
        ck_assert_int_eq(s->dev[i], 0);
    ck_assert_int_eq(mock_dev_parse("none, balance_missing", s->dev, err, sizeof err), PANEL_E_OK);
    ck_assert_int_eq(s->dev[MOCK_DEV_BALANCE_MISSING], 1);
    ck_assert_int_eq(mock_dev_parse("balance_missing,nope", s->dev, err, sizeof err),
                     PANEL_E_USAGE);
    ck_assert_str_eq(err, "unknown deviation nope (see --list-deviations)");
    mock_state_free(s);
}
END_TEST

/* ---- mask.c: keys masked by value ---- */

enum { M_TEXT, M_ANSWER, M_BUF };

START_TEST(mask_rows)
{
    static const struct {
        int fn;
        const char *in, *want;
    } rows[] = {
        /* text: every occurrence, short keys too */
        {M_TEXT, "LONGKEY123 and k1", "*** and ***"},
        {M_TEXT, "k", "k"}, /* shorter than any key */
        /* the first key found earlier than the other account's: both masked in order */
        {M_TEXT, "k1 then LONGKEY123", "*** then ***"},
        {M_TEXT, "LONGKEY123 then k1 then LONGKEY123", "*** then *** then ***"},
        /* an answer that is not JSON: long keys anywhere, short ones only as "KEY" */
        {M_ANSWER, "k1 LONGKEY123 \"k1\" xk1", "k1 *** \"***\" xk1"},
        {M_ANSWER, "  \t\r\n", "  \t\r\n"},
        {M_ANSWER, "k1\"", "k1\""},
        /* JSON: inside strings only, never over an escape; short keys as a whole string */
        {M_ANSWER, " \n{\"a\":\"k1\",\"b\":\"xk1\",\"c\":\"LONGKEY123!\"}",
         " \n{\"a\":\"***\",\"b\":\"xk1\",\"c\":\"***!\"}"},
        {M_ANSWER, "[\"\\nLONGKEY123\",\"\\u0041LONGKEY123\",\"LONGKEY\\u0031\\u00323\"]",
         "[\"\\n***\",\"\\u0041***\",\"LONGKEY\\u0031\\u00323\"]"},
        {M_ANSWER, "\"k1\"", "\"***\""},
        {M_ANSWER, "[\"LONGKEY123\\", "[\"***\\"}, /* an escape cut by the end */
        {M_BUF, "\t[\"LONGKEY123\", 1]", "\t[\"***\", 1]"},
        {M_BUF, "{\"a\":1}", "{\"a\":1}"}, /* no key: unchanged */
        {M_BUF, "", ""},
    };
    mock_state *s = new_state();
    ck_assert_uint_eq(s->n_acc, 2);
    snprintf(s->acc[0].key, sizeof s->acc[0].key, "LONGKEY123");
    snprintf(s->acc[1].key, sizeof s->acc[1].key, "k1");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *in = rows[i].in;
        char *got = NULL;
        if (rows[i].fn == M_TEXT) {
            got = mock_mask_new(s, in, strlen(in));
            ck_assert_int_eq(mock_mask_needed(s, in, strlen(in)), strcmp(in, rows[i].want) != 0);
        } else if (rows[i].fn == M_ANSWER) {
            got = mock_mask_answer_new(s, in, strlen(in));
        } else {
            panel_buf b;
            panel_buf_init(&b, 1 << 16);
            if (*in)
                panel_buf_puts(&b, in);
            ck_assert_int_eq(mock_mask_buf(s, &b), PANEL_E_OK);
            got = strdup(b.data ? b.data : "");
            panel_buf_free(&b);
        }
        ck_assert_ptr_nonnull(got);
        ck_assert_msg(strcmp(got, rows[i].want) == 0, "row %zu: '%s'\n want '%s'", i, got,
                      rows[i].want);
        free(got);
    }
    /* An account with no key masks nothing. */
    s->acc[1].key[0] = '\0';
    char *k = mock_mask_new(s, "k1", 2);
    ck_assert_str_eq(k, "k1");
    free(k);
    /* NULL input: empty copies, nothing needed. */
    char *e = mock_mask_new(s, NULL, 4);
    ck_assert_str_eq(e, "");
    free(e);
    e = mock_mask_answer_new(s, NULL, 4);
    ck_assert_str_eq(e, "");
    free(e);
    ck_assert_int_eq(mock_mask_needed(s, NULL, 4), 0);
    mock_state_free(s);
}
END_TEST

/* mock_dump into a buffer capped below the dump fails with PANEL_E_TOO_LARGE and leaves no
 * partial answer; the RNG's edges: below 0 is 0, a chance of 0 never comes and still draws
 * (the sequence stays aligned), a chance of 1e6 always comes. */
START_TEST(dump_cap_and_rng)
{
    json_t *j = json_pack("{ss}", "balance", "100.84292");
    for (size_t cap = 1; cap < 26; cap++) {
        panel_buf b;
        panel_buf_init(&b, cap);
        panel_err rc = mock_dump(j, &b);
        if (rc == PANEL_E_OK) {
            ck_assert_str_eq(b.data, "{\"balance\":\"100.84292\"}");
        } else {
            ck_assert_int_eq(rc, PANEL_E_TOO_LARGE);
            ck_assert_uint_eq(b.len, 0);
        }
        panel_buf_free(&b);
    }
    json_decref(j);
    mock_rng a, b;
    mock_rng_seed(&a, 77);
    mock_rng_seed(&b, 77);
    ck_assert_uint_eq(mock_rng_below(&a, 0), 0);
    int hits = 0;
    for (int i = 0; i < 100; i++)
        hits += mock_rng_chance(&a, 0);
    ck_assert_int_eq(hits, 0);
    for (int i = 0; i < 100; i++)
        hits += mock_rng_chance(&a, 1000000);
    ck_assert_int_eq(hits, 100);
    for (int i = 0; i < 200; i++)
        (void)mock_rng_next(&b);
    ck_assert_uint_eq(mock_rng_next(&a), mock_rng_next(&b)); /* one draw per chance */
}
END_TEST

static Suite *cov_m_tree_suite(void)
{
    Suite *s = suite_create("cov_m_tree");
    TCase *tc = tcase_create("rows");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, quirk_rows);
    tcase_add_test(tc, deviation_rows);
    tcase_add_test(tc, mask_rows);
    tcase_add_test(tc, dump_cap_and_rng);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(cov_m_tree_suite());
}
