/* tests/unit/test_cov_mock_config.c - panelmock's configuration and outputs the suites never
 * took (found with `make coverage`): every refusal of a configuration by mock_state_new and
 * what an accepted one sets; --config files (config.c); webhook bodies in each field kind
 * (webhook.c); the request log lines (log.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"
#include "mock_settings.h"

/* ---- mock_state_new: every refusal of a configuration, with its message ---- */

/* Creating the state with cfg fails with rc and a message containing want; nothing leaks. */
static void refused(const mock_config *cfg, panel_err rc, const char *want)
{
    mock_state *s = (mock_state *)1;
    char err[512] = "";
    ck_assert_int_eq(mock_state_new(cfg, &s, err, sizeof err), rc);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(err, want) != NULL, "want '%s' in '%s'", want, err);
}

START_TEST(state_config_refusals)
{
    mock_config c = {.seed = 1, .dialect = "smpanelim"};
    c.accounts = MOCK_MAX_ACCOUNTS + 1;
    refused(&c, PANEL_E_USAGE, "--accounts must be 1..16");
    c.accounts = 0;
    c.balance = "12,5";
    refused(&c, PANEL_E_USAGE, "--balance is not a decimal amount");
    c.balance = NULL;
    c.dialect = "no-such-dialect";
    refused(&c, PANEL_E_USAGE, "unknown dialect: no-such-dialect");
    c.dialect = "smpanelim";
    c.dialect_dir = "/nonexistent/panelkit-dialects";
    refused(&c, PANEL_E_IO, "cannot load dialects");
    c.dialect_dir = NULL;
    c.faults = "no_such_fault=1";
    refused(&c, PANEL_E_USAGE, "no_such_fault");
    c.faults = NULL;
    c.quirks = "no_such_quirk";
    refused(&c, PANEL_E_USAGE, "no_such_quirk");
    c.quirks = NULL;
    c.deviate = "no_such_deviation";
    refused(&c, PANEL_E_USAGE, "no_such_deviation");
    c.deviate = NULL;
    c.webhook = "ftp://example.com/hook";
    refused(&c, PANEL_E_USAGE, "webhook URL must start with http:// or https://");
    c.webhook = NULL;

    /* Per-dialect settings. */
    mock_dialect_config per = {.dialect = "nope"};
    c.per = &per;
    c.n_per = 1;
    refused(&c, PANEL_E_USAGE, "unknown dialect in a per-dialect setting: nope");
    per = (mock_dialect_config){.dialect = "smpanelim", .key = ""};
    refused(&c, PANEL_E_USAGE, "must be 1 to 127 bytes");
    char longkey[200];
    memset(longkey, 'a', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    per.key = longkey;
    refused(&c, PANEL_E_USAGE, "must be 1 to 127 bytes");
    per = (mock_dialect_config){.dialect = "smpanelim", .balance = "lots"};
    refused(&c, PANEL_E_USAGE, "the balance for dialect smpanelim is not a decimal amount: lots");
    per = (mock_dialect_config){.dialect = "smpanelim", .faults = "bogus"};
    refused(&c, PANEL_E_USAGE, "faults for dialect smpanelim:");
    per = (mock_dialect_config){.dialect = "smpanelim", .quirks = "bogus"};
    refused(&c, PANEL_E_USAGE, "quirks for dialect smpanelim:");
}
END_TEST

/* What a configuration sets: accounts with their own keys, a per-dialect key breaking the
 * assumed format (accepted, with a warning), balance and own switch sets; unknown settings
 * and bad specs are refused at run time and change nothing. */
START_TEST(state_config_applied)
{
    mock_dialect_config per = {
        .dialect = "smpanelim", .key = "my-own-key", .balance = "12.5", .faults = "", .quirks = ""};
    mock_config c = {.seed = 1, .dialect = "smpanelim", .accounts = 3, .per = &per, .n_per = 1};
    mock_state *s = NULL;
    char err[512] = "";
    ck_assert_msg(mock_state_new(&c, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    ck_assert_uint_eq(s->n_acc, 3);
    ck_assert_str_eq(mock_state_key_borrow(s, "smpanelim"), "my-own-key");
    ck_assert_str_eq(mock_state_account_key_borrow(s, "smpanelim", 0), "my-own-key");
    const char *k1 = mock_state_account_key_borrow(s, "smpanelim", 1);
    const char *k2 = mock_state_account_key_borrow(s, "smpanelim", 2);
    ck_assert_ptr_nonnull(k1);
    ck_assert_ptr_nonnull(k2);
    ck_assert_str_ne(k1, k2);
    ck_assert_ptr_null(mock_state_account_key_borrow(s, "smpanelim", 3));
    ck_assert_ptr_null(mock_state_key_borrow(s, "dripfeedpanel"));
    const char *w = mock_state_warnings_borrow(s);
    ck_assert_msg(w && strstr(w, "breaks its assumed key format"), "warnings: %s", w ? w : "");
    for (size_t i = 0; i < s->n_acc; i++) {
        ck_assert_int_eq(s->acc[i].balance, 1250000000);
        ck_assert_int_eq(s->acc[i].own_faults, 1);
        ck_assert_int_eq(s->acc[i].own_quirks, 1);
    }
    ck_assert_int_eq(mock_state_configure(s, "colour", "red", err, sizeof err), PANEL_E_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "unknown setting colour"));
    ck_assert_int_eq(mock_state_configure(s, "webhook", "http://127.0.0.1:9/h", err, sizeof err),
                     PANEL_E_OK);
    ck_assert_str_eq(s->webhook_url, "http://127.0.0.1:9/h");
    ck_assert_int_eq(mock_state_configure(s, "webhook", "mailto:x", err, sizeof err),
                     PANEL_E_USAGE);
    ck_assert_str_eq(s->webhook_url, "http://127.0.0.1:9/h");
    ck_assert_int_eq(mock_state_configure(s, "webhook", NULL, err, sizeof err), PANEL_E_OK);
    ck_assert_str_eq(s->webhook_url, "");
    ck_assert_int_eq(mock_state_configure(s, "faults", "bogus", err, sizeof err), PANEL_E_USAGE);
    ck_assert_int_eq(mock_state_configure(s, "quirks", NULL, err, sizeof err), PANEL_E_OK);
    mock_state_free(s);
}
END_TEST

/* ---- config.c: --config files ---- */

/* Every malformed config document is refused with a message naming the member, and leaves
 * the settings as they were; a good one sets every member it names. */
START_TEST(config_files)
{
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"[1]", "the config must be a JSON object"},
        {"{\"colour\":1}", "unknown member \"colour\" (known: listen, dialect"},
        {"{\"listen\":5}", "\"listen\" must be a string"},
        {"{\"seed\":-1}", "\"seed\" must be an integer 0.."},
        {"{\"seed\":\"7\"}", "\"seed\" must be an integer"},
        {"{\"accounts\":17}", "\"accounts\" must be an integer 1..16"},
        {"{\"ids\":\"huge\"}", "\"ids\" must be \"small\" or \"big\""},
        {"{\"log\":\"xml\"}", "\"log\" must be \"text\", \"json\" or \"none\""},
        {"{\"quiet\":1}", "\"quiet\" must be true or false"},
        {"{\"dialects\":[]}", "\"dialects\" must be an object of dialect name -> settings"},
        {"{\"dialects\":{\"smpanelim\":1}}", "dialects.smpanelim must be an object"},
        {"{\"dialects\":{\"smpanelim\":{\"pin\":\"1\"}}}",
         "dialects.smpanelim: unknown member \"pin\" (known: key, balance, faults, quirks)"},
        {"{\"dialects\":{\"smpanelim\":{\"balance\":5}}}", "\"balance\" must be a string"},
        {"{\"seed\":1,\"seed\":2}", "invalid JSON"},
        {"{", "invalid JSON"},
    };
    char path[64], err[512];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mock_settings st;
        mock_settings_init(&st);
        tu_temp_file(path, bad[i].text);
        err[0] = '\0';
        ck_assert_int_eq(mock_settings_load_file(&st, path, err, sizeof err), PANEL_E_USAGE);
        ck_assert_msg(strstr(err, bad[i].want) != NULL, "%s: want '%s' in '%s'", bad[i].text,
                      bad[i].want, err);
        ck_assert_msg(strstr(err, path) != NULL, "%s: the message names the file: %s", bad[i].text,
                      err);
        ck_assert_uint_eq(st.n_per, 0);
        ck_assert_uint_eq(st.n_docs, 0);
        ck_assert_int_eq(st.cfg.seed, 1);
        ck_assert_ptr_eq(st.cfg.per, st.per);
        mock_settings_free(&st);
        unlink(path);
    }
    mock_settings st;
    mock_settings_init(&st);
    ck_assert_int_eq(mock_settings_load_file(&st, "/nonexistent/panel.json", err, sizeof err),
                     PANEL_E_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/panel.json"));
    tu_temp_file(path, "{\"listen\":\"127.0.0.1:0\",\"dialect\":\"smpanelim\",\"seed\":9,"
                       "\"accounts\":2,\"ids\":\"big\",\"log\":\"json\",\"quiet\":true,"
                       "\"balance\":\"50\",\"deviate\":\"\",\"webhook\":\"\","
                       "\"dialects\":{\"smpanelim\":{\"key\":\"k-1\",\"balance\":\"7\","
                       "\"faults\":\"\",\"quirks\":\"\"}}}");
    ck_assert_msg(mock_settings_load_file(&st, path, err, sizeof err) == PANEL_E_OK, "%s", err);
    unlink(path);
    ck_assert_int_eq(st.cfg.seed, 9);
    ck_assert_uint_eq(st.cfg.accounts, 2);
    ck_assert_int_eq(st.cfg.ids_big, 1);
    ck_assert_int_eq(st.cfg.log, MOCK_LOG_JSON);
    ck_assert_int_eq(st.cfg.quiet, 1);
    ck_assert_str_eq(st.cfg.dialect, "smpanelim");
    ck_assert_uint_eq(st.cfg.n_per, 1);
    ck_assert_str_eq(st.per[0].key, "k-1");
    /* The settings build a state: the per-dialect balance wins over the global one. */
    mock_state *s = NULL;
    ck_assert_msg(mock_state_new(&st.cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    ck_assert_str_eq(mock_state_key_borrow(s, "smpanelim"), "k-1");
    ck_assert_int_eq(s->acc[0].balance, 700000000);
    mock_state_free(s);
    /* A later file adds to the earlier one; past the per-dialect table it is refused. */
    char big[8192] = "{\"dialects\":{";
    for (int i = 0; i < MOCK_SETTINGS_MAX_PER + 1; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "%s\"d%d\":{}", i ? "," : "", i);
    strcat(big, "}}");
    tu_temp_file(path, big);
    ck_assert_int_eq(mock_settings_load_file(&st, path, err, sizeof err), PANEL_E_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "too many per-dialect settings"));
    ck_assert_uint_eq(st.n_per, 1); /* unchanged */
    unlink(path);
    for (int i = (int)st.n_docs; i < MOCK_SETTINGS_MAX_DOCS; i++) {
        tu_temp_file(path, "{}");
        ck_assert_int_eq(mock_settings_load_file(&st, path, err, sizeof err), PANEL_E_OK);
        unlink(path);
    }
    ck_assert_int_eq(mock_settings_load_file(&st, "/dev/null", err, sizeof err), PANEL_E_USAGE);
    ck_assert_str_eq(err, "too many --config files");
    mock_settings_free(&st);

    mock_log_format lf;
    ck_assert_int_eq(mock_settings_log_format("none", &lf), 1);
    ck_assert_int_eq(lf, MOCK_LOG_NONE);
    ck_assert_int_eq(mock_settings_log_format("TEXT", &lf), 0);
    int bigids = 1;
    ck_assert_int_eq(mock_settings_ids("small", &bigids), 1);
    ck_assert_int_eq(bigids, 0);
    ck_assert_int_eq(mock_settings_ids("", &bigids), 0);
}
END_TEST

/* ---- webhook.c: the notification body in the dialect's field kinds ---- */

/* panel-v2's webhook with its fields replaced by fields (a JSON object text). */
static panel_dialect *webhook_dialect(const char *fields)
{
    json_error_t jerr;
    json_t *doc = json_load_file(PANEL_SOURCE_DIR "/dialects/panel-v2.json", 0, &jerr);
    ck_assert_msg(doc != NULL, "%s", jerr.text);
    json_t *wh = json_object_get(doc, "webhook");
    json_object_set_new(wh, "fields", json_loads(fields, 0, NULL));
    json_object_set_new(wh, "required", json_array());
    char *text = json_dumps(doc, 0);
    panel_dialect *d = NULL;
    panel_dialect_error de;
    panel_err rc = panel_dialect_load_bytes(text, strlen(text), "webhook", &d, &de);
    ck_assert_msg(rc == PANEL_E_OK, "%s: %s", de.pointer, de.reason);
    free(text);
    json_decref(doc);
    return d;
}

/* The body of one order's notification, byte for byte, for the shipped kinds (numbers) and for
 * strings, with a currency and a field the mock has no value for (null). */
START_TEST(webhook_bodies)
{
    mock_order o;
    memset(&o, 0, sizeof o);
    snprintf(o.id, sizeof o.id, "23501");
    o.status = PANEL_STATUS_PARTIAL;
    o.remains = 157;
    o.start_count = 3572;
    o.charge = 27819000;
    o.refunded = 819000;
    static const struct {
        const char *fields, *want;
    } rows[] = {
        {"{\"order_id\":\"int\",\"status\":\"status\",\"remains\":\"int\",\"start_count\":\"int\","
         "\"charge\":\"number\"}",
         "{\"order_id\":23501,\"status\":\"Partial\",\"remains\":157,\"start_count\":3572,"
         "\"charge\":0.27}"},
        {"{\"order\":\"intstr\",\"status\":\"status\",\"remains\":\"intstr\","
         "\"start_count\":\"intstr\",\"charge\":\"money\",\"currency\":\"string\","
         "\"note\":\"string\"}",
         "{\"order\":\"23501\",\"status\":\"Partial\",\"remains\":\"157\",\"start_count\":\"3572\","
         "\"charge\":\"0.27\",\"currency\":\"USD\",\"note\":null}"},
        {"{\"id\":\"string\"}", "{\"id\":\"23501\"}"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_dialect *d = webhook_dialect(rows[i].fields);
        mock_account a;
        memset(&a, 0, sizeof a);
        a.d = d;
        panel_buf b;
        panel_buf_init(&b, 4096);
        ck_assert_int_eq(mock_webhook_body(NULL, &a, &o, &b), PANEL_E_OK);
        ck_assert_str_eq(b.data, rows[i].want);
        /* What the mock sends reads back under the dialect's own webhook form. */
        json_t *j = json_loads(b.data, 0, NULL);
        ck_assert_ptr_nonnull(j);
        json_decref(j);
        panel_buf_free(&b);
        panel_dialect_free(d);
    }
}
END_TEST

static Suite *cov_mock_config_suite(void)
{
    Suite *s = suite_create("cov_mock_config");
    TCase *tc0 = tcase_create("state");
    tcase_set_timeout(tc0, 60);
    tcase_add_test(tc0, state_config_refusals);
    tcase_add_test(tc0, state_config_applied);
    tcase_add_test(tc0, config_files);
    suite_add_tcase(s, tc0);
    TCase *tc1 = tcase_create("outputs");
    tcase_set_timeout(tc1, 60);
    tcase_add_test(tc1, webhook_bodies);
    suite_add_tcase(s, tc1);
    return s;
}

int main(void)
{
    return tu_run(cov_mock_config_suite());
}
