/* tests/unit/test_cov_m_config.c - panelmock's --config members and --fuzz option values the
 * suites never gave (found with `make coverage`): each member of the wrong type refused with
 * its message (config.c), the fuzz members as numbers, strings and lists, and every
 * --fuzz/--fuzz-rate/--fuzz-actions value accepted or refused (mock_fuzz_option_ok). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"
#include "mock_settings.h"

/* Loads text as a --config file into st; returns the result, the message in err. */
static panel_err load_text(mock_settings *st, const char *text, char *err, size_t errsz)
{
    char path[64];
    tu_temp_file(path, text);
    err[0] = '\0';
    panel_err rc = mock_settings_load_file(st, path, err, errsz);
    unlink(path);
    return rc;
}

/* Every string member of the document and of a dialect's settings, given a number, is
 * refused with its name; the fuzz members of other types and bad values too. */
START_TEST(config_member_types)
{
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"{\"dialect\":1}", "\"dialect\" must be a string"},
        {"{\"dialect_dir\":true}", "\"dialect_dir\" must be a string"},
        {"{\"key\":2}", "\"key\" must be a string"},
        {"{\"balance\":3}", "\"balance\" must be a string"},
        {"{\"faults\":[]}", "\"faults\" must be a string"},
        {"{\"quirks\":{}}", "\"quirks\" must be a string"},
        {"{\"deviate\":null}", "\"deviate\" must be a string"},
        {"{\"webhook\":4}", "\"webhook\" must be a string"},
        {"{\"ids\":5}", "\"ids\" must be a string"},
        {"{\"log\":6}", "\"log\" must be a string"},
        {"{\"accounts\":\"2\"}", "\"accounts\" must be an integer 1..16"},
        {"{\"accounts\":0}", "\"accounts\" must be an integer 1..16"},
        {"{\"dialects\":{\"smpanelim\":{\"key\":1}}}",
         "dialects.smpanelim: \"key\" must be a string"},
        {"{\"dialects\":{\"smpanelim\":{\"faults\":1}}}",
         "dialects.smpanelim: \"faults\" must be a string"},
        {"{\"dialects\":{\"smpanelim\":{\"quirks\":1}}}",
         "dialects.smpanelim: \"quirks\" must be a string"},
        {"{\"fuzz\":[1]}", "\"fuzz\" must be a number or a string"},
        {"{\"fuzz_rate\":{}}", "\"fuzz_rate\" must be a number or a string"},
        {"{\"fuzz_report\":1}", "\"fuzz_report\" must be a string"},
        {"{\"fuzz_replay\":1}", "\"fuzz_replay\" must be a string"},
        {"{\"fuzz\":\"x1\"}", "\"fuzz\" must be a seed (an integer >= 0)"},
        {"{\"fuzz\":-3}", "\"fuzz\" must be a seed (an integer >= 0)"},
        {"{\"fuzz_rate\":1.5}", "\"fuzz_rate\" must be a fraction 0..1"},
        {"{\"fuzz_rate\":\"half\"}", "\"fuzz_rate\" must be a fraction 0..1"},
        {"{\"fuzz_actions\":5}", "\"fuzz_actions\" must be \"all\" or action names"},
        {"{\"fuzz_actions\":[]}", "\"fuzz_actions\" must be \"all\" or action names"},
        {"{\"fuzz_actions\":[\"add\",3]}", "\"fuzz_actions\" must be \"all\" or action names"},
        {"{\"fuzz_actions\":[\"add,status\"]}", "\"fuzz_actions\" must be \"all\" or action names"},
        {"{\"fuzz_actions\":[\"add\",\"bogus\"]}",
         "\"fuzz_actions\" must be \"all\" or action names"},
        {"{\"fuzz_actions\":\"add,bogus\"}", "\"fuzz_actions\" must be \"all\" or action names"},
    };
    char err[512];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mock_settings st;
        mock_settings_init(&st);
        ck_assert_int_eq(load_text(&st, bad[i].text, err, sizeof err), PANEL_E_USAGE);
        ck_assert_msg(strstr(err, bad[i].want) != NULL, "%s: want '%s' in '%s'", bad[i].text,
                      bad[i].want, err);
        ck_assert_ptr_null(st.cfg.fuzz);
        ck_assert_uint_eq(st.n_docs, 0);
        mock_settings_free(&st);
    }
    /* An action list longer than the settings' buffer is refused, not cut. */
    char longlist[1024] = "{\"fuzz_actions\":[";
    for (int i = 0; i < 60; i++)
        strcat(longlist, i ? ",\"status\"" : "\"status\"");
    strcat(longlist, "]}");
    mock_settings st;
    mock_settings_init(&st);
    ck_assert_int_eq(load_text(&st, longlist, err, sizeof err), PANEL_E_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "\"fuzz_actions\" must be"));
    mock_settings_free(&st);
}
END_TEST

/* The fuzz members as numbers, strings and lists set the --fuzz options' text; quiet false. */
START_TEST(config_fuzz_members)
{
    static const struct {
        const char *text, *seed, *rate, *actions;
    } rows[] = {
        {"{\"fuzz\":7,\"fuzz_rate\":0.25,\"fuzz_actions\":[\"add\",\"status\"]}", "7", "0.25",
         "add,status"},
        {"{\"fuzz\":\"8\",\"fuzz_rate\":\"1\",\"fuzz_actions\":\"all\"}", "8", "1", "all"},
        {"{\"fuzz\":0,\"fuzz_rate\":1,\"fuzz_actions\":[\"balance\"]}", "0", "1", "balance"},
    };
    char err[512];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        mock_settings st;
        mock_settings_init(&st);
        ck_assert_msg(load_text(&st, rows[i].text, err, sizeof err) == PANEL_E_OK, "%s: %s",
                      rows[i].text, err);
        ck_assert_str_eq(st.cfg.fuzz, rows[i].seed);
        ck_assert_str_eq(st.cfg.fuzz_rate, rows[i].rate);
        ck_assert_str_eq(st.cfg.fuzz_actions, rows[i].actions);
        mock_settings_free(&st);
    }
    mock_settings st;
    mock_settings_init(&st);
    st.cfg.quiet = 1;
    ck_assert_int_eq(
        load_text(&st, "{\"quiet\":false,\"fuzz_report\":\"/tmp/r.json\"}", err, sizeof err),
        PANEL_E_OK);
    ck_assert_int_eq(st.cfg.quiet, 0);
    ck_assert_str_eq(st.cfg.fuzz_report, "/tmp/r.json");
    mock_settings_free(&st);
}
END_TEST

/* Every kind of --fuzz (s), --fuzz-rate (r) and --fuzz-actions (a) value. */
START_TEST(fuzz_option_values)
{
    static const struct {
        char opt;
        const char *v;
        int ok;
    } rows[] = {
        {'s', NULL, 0},        {'s', "", 0},     {'s', "12", 1},
        {'s', "-1", 0},        {'s', "12x", 0},  {'s', "99999999999999999999999", 0},
        {'r', "", 0},          {'r', "0", 1},    {'r', "0.5", 1},
        {'r', "1.5", 0},       {'r', "-0.1", 0}, {'r', "0.5x", 0},
        {'a', "", 1},          {'a', "all", 1},  {'a', "add, status", 1},
        {'a', "add,bogus", 0}, {'x', "all", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ck_assert_msg(mock_fuzz_option_ok(rows[i].opt, rows[i].v) == rows[i].ok, "-%c '%s'",
                      rows[i].opt, rows[i].v ? rows[i].v : "(null)");
}
END_TEST

/* Fault specs the switch tables refuse or skip, the refusal cut to a short error buffer, and
 * what a fault header or two rates pick. */
START_TEST(fault_specs)
{
    static const struct {
        const char *spec;
        panel_err rc;
        const char *want; /* the message, or for OK the latency and jitter "L/J" */
    } rows[] = {
        {"latency=70000ms", PANEL_E_USAGE, "latency needs milliseconds, e.g. latency=20ms"},
        {"latency=-5", PANEL_E_USAGE, "latency needs milliseconds, e.g. latency=20ms"},
        {"jitter=abc", PANEL_E_USAGE, "jitter needs milliseconds, e.g. jitter=20ms"},
        {"latency", PANEL_E_USAGE, "latency needs milliseconds, e.g. latency=20ms"},
        {"latency=20s", PANEL_E_USAGE, "latency needs milliseconds, e.g. latency=20ms"},
        {",,none,latency=60000,jitter=0ms,", PANEL_E_OK, "60000/0"},
        {"=1,latency=7", PANEL_E_OK, "7/0"},
    };
    size_t nn;
    const char *const *names = mock_fault_names(&nn);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        mock_switches sw;
        char err[512] = "";
        ck_assert_int_eq(mock_switches_parse(rows[i].spec, names, nn, &sw, err, sizeof err),
                         rows[i].rc);
        if (rows[i].rc == PANEL_E_OK) {
            char got[32];
            snprintf(got, sizeof got, "%u/%u", sw.latency_ms, sw.jitter_ms);
            ck_assert_str_eq(got, rows[i].want);
        } else {
            ck_assert_str_eq(err, rows[i].want);
        }
    }
    /* an unknown name with a short error buffer: the list of valid names is cut */
    mock_switches sw;
    char small[24];
    ck_assert_int_eq(mock_switches_parse("bogus", names, nn, &sw, small, sizeof small),
                     PANEL_E_USAGE);
    ck_assert_str_eq(small, "unknown switch bogus; v");

    mock_config cfg = {.seed = 2, .dialect = "smpanelim", .faults = "drip=1,reset=1"};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    static const struct {
        const char *header;
        int fault;
        unsigned latency;
    } picks[] = {
        {NULL, MOCK_FAULT_DRIP, 0}, /* two rates of 1: the first in table order */
        {"latency=abc", MOCK_FAULT_LATENCY, 100},
        {"latency", MOCK_FAULT_LATENCY, 100},
        {"latency=30ms", MOCK_FAULT_LATENCY, 30},
        {"jitter=0", MOCK_FAULT_JITTER, 0},
        {"no-such-fault", MOCK_FAULT_NONE, 0},
    };
    for (size_t i = 0; i < sizeof picks / sizeof picks[0]; i++) {
        mock_fault_pick p;
        mock_faults_pick(s, NULL, picks[i].header, &p);
        ck_assert_msg(p.fault == picks[i].fault && p.latency_ms == picks[i].latency,
                      "%s: fault %d latency %u", picks[i].header ? picks[i].header : "(rates)",
                      p.fault, p.latency_ms);
    }
    /* 429 on an answer whose header slots are full: no Retry-After is added */
    mock_response out;
    memset(&out, 0, sizeof out);
    panel_buf_init(&out.body, 1024);
    out.n_headers = MOCK_MAX_HEADERS;
    mock_fault_pick p = {MOCK_FAULT_E429, 0};
    mock_faults_apply(&p, &out);
    ck_assert_int_eq(out.status, 429);
    ck_assert_int_eq(out.n_headers, MOCK_MAX_HEADERS);
    mock_response_free(&out);
    mock_state_free(s);
}
END_TEST

/* The state's lookups: keys of unknown dialects or accounts, NULLs, paths with a trailing
 * slash or a tail, the documented path of a single dialect; run-time settings refused or
 * taken without an error buffer. */
START_TEST(state_lookups)
{
    mock_config cfg = {.seed = 2, .dialect = "smpanelim"};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    ck_assert_ptr_null(mock_state_key_borrow(NULL, "smpanelim"));
    ck_assert_ptr_null(mock_state_key_borrow(s, NULL));
    ck_assert_ptr_null(mock_state_key_borrow(s, "dripfeedpanel"));
    ck_assert_ptr_null(mock_state_account_key_borrow(s, "smpanelim", 1));
    ck_assert_str_eq(mock_state_key_borrow(s, "smpanelim"), s->acc[0].key);
    ck_assert_str_eq(mock_state_warnings_borrow(NULL), "");
    static const struct {
        const char *path;
        int found;
    } paths[] = {
        {"/smpanelim/api/v2", 1},
        {"/smpanelim/api/v2/", 1},
        {"/smpanelim/api/v2?x=1", 1},
        {"/smpanelim/api/v2x", 0},
        {"/smpanelim/api/v2//", 0},
        {"/smpanelim/api", 0},
        {"/api/v2", 1},
        {"/api/v2/", 1},
        {"/api/v2x", 0},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        ck_assert_msg((mock_state_account(s, paths[i].path) == &s->acc[0]) == paths[i].found, "%s",
                      paths[i].path);
    ck_assert_ptr_eq(mock_state_account_by_key(s, &s->acc[0], NULL), &s->acc[0]);
    /* run-time settings */
    char url[700] = "http://127.0.0.1/";
    memset(url + strlen(url), 'u', 600);
    url[sizeof url - 1] = '\0';
    ck_assert_int_eq(mock_state_configure(s, "webhook", url, err, sizeof err), PANEL_E_USAGE);
    ck_assert_str_eq(err, "webhook URL must start with http:// or https://");
    ck_assert_str_eq(s->webhook_url, "");
    ck_assert_int_eq(mock_state_configure(s, "webhook", "https://127.0.0.1/h", NULL, 0),
                     PANEL_E_OK);
    ck_assert_str_eq(s->webhook_url, "https://127.0.0.1/h");
    ck_assert_int_eq(mock_state_configure(s, "webhook", NULL, err, sizeof err), PANEL_E_OK);
    ck_assert_str_eq(s->webhook_url, "");
    ck_assert_int_eq(mock_state_configure(s, "colour", "red", err, sizeof err), PANEL_E_USAGE);
    ck_assert_str_eq(err, "unknown setting colour");
    mock_state_free(s);
}
END_TEST

static Suite *cov_m_config_suite(void)
{
    Suite *s = suite_create("cov_m_config");
    TCase *tc = tcase_create("config");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, config_member_types);
    tcase_add_test(tc, config_fuzz_members);
    tcase_add_test(tc, fuzz_option_values);
    tcase_add_test(tc, fault_specs);
    tcase_add_test(tc, state_lookups);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(cov_m_config_suite());
}
