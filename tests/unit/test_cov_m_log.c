/* tests/unit/test_cov_m_log.c - the mock's records of a request the suites never wrote (found
 * with `make coverage`): log lines with missing members and lines past the log buffer's cap
 * (log.c), journal entries with no key parameter name, text that is not UTF-8 and filters on
 * entries without a dialect or action (journal.c), and webhook bodies past their buffer's
 * cap at every byte (webhook.c). */
#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"

/* A mock of dialect with its log format. */
static mock_state *new_state(const char *dialect, mock_log_format log)
{
    mock_config cfg = {.seed = 8, .dialect = dialect, .log = log};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

typedef struct {
    mock_state *s;
    const mock_jinfo *ji;
} log_call;

/* Calls mock_log_request with the arguments of a log_call. */
static void call_log(void *p)
{
    const log_call *c = p;
    mock_log_request(c->s, c->ji);
}

/* Runs mock_log_request(s, ji); what it wrote on stderr, into out. */
static void log_line(mock_state *s, const mock_jinfo *ji, char *out, size_t outsz)
{
    log_call c = {s, ji};
    tu_capture_stderr(call_log, &c, out, outsz);
}

/* The JSON line: every member, the applied words as an array, the account key masked in the
 * path; the text line: one field per value, blanks and control bytes in the path made '_';
 * nothing at all with the log off. */
START_TEST(request_log_lines)
{
    mock_config cfg = {.seed = 3, .dialect = "smpanelim", .log = MOCK_LOG_JSON};
    mock_state *s = NULL;
    char err[256], line[4096], path[400];
    ck_assert_int_eq(mock_state_new(&cfg, &s, err, sizeof err), PANEL_E_OK);
    snprintf(path, sizeof path, "/smpanelim/api/v2/%s x\tz?key=%s", s->acc[0].key, s->acc[0].key);
    mock_jinfo ji = {.dialect = "smpanelim",
                     .account = 0,
                     .method = "POST",
                     .path = path,
                     .action = "balance",
                     .status = 200,
                     .applied = "fault=latency quirk=comma_decimal",
                     .ms = 7,
                     .time_ms = 1796083200123ULL};
    log_line(s, &ji, line, sizeof line);
    json_error_t jerr;
    json_t *j = json_loads(line, 0, &jerr);
    ck_assert_msg(j != NULL, "%s: %s", jerr.text, line);
    ck_assert_str_eq(json_string_value(json_object_get(j, "time")), "2026-12-01T00:00:00.123Z");
    ck_assert_str_eq(json_string_value(json_object_get(j, "dialect")), "smpanelim");
    ck_assert_int_eq(json_integer_value(json_object_get(j, "account")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "ms")), 7);
    const char *p = json_string_value(json_object_get(j, "path"));
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(strstr(p, s->acc[0].key));
    ck_assert_ptr_null(strchr(p, '?')); /* no query string */
    json_t *ap = json_object_get(j, "applied");
    ck_assert_uint_eq(json_array_size(ap), 2);
    ck_assert_str_eq(json_string_value(json_array_get(ap, 1)), "quirk=comma_decimal");
    json_decref(j);
    ck_assert_ptr_null(strstr(line, s->acc[0].key));

    ji.dialect = NULL;
    ji.action = NULL;
    ji.applied = NULL;
    log_line(s, &ji, line, sizeof line);
    j = json_loads(line, 0, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert(json_is_null(json_object_get(j, "dialect")));
    ck_assert(json_is_null(json_object_get(j, "action")));
    ck_assert_uint_eq(json_array_size(json_object_get(j, "applied")), 0);
    json_decref(j);

    s->log = MOCK_LOG_TEXT;
    ji.dialect = "smpanelim";
    ji.action = "bal ance";
    ji.applied = "fault=reset";
    log_line(s, &ji, line, sizeof line);
    ck_assert_ptr_nonnull(strstr(line, " smpanelim#1 POST /smpanelim/api/v2/***_x_z bal_ance 200 "
                                       "7ms fault=reset\n"));
    ck_assert_ptr_null(strstr(line, s->acc[0].key));
    ji.dialect = NULL;
    ji.action = NULL;
    ji.applied = "";
    log_line(s, &ji, line, sizeof line);
    ck_assert_ptr_nonnull(strstr(line, " admin POST "));
    ck_assert_ptr_nonnull(strstr(line, " - 200 7ms\n"));
    s->log = MOCK_LOG_NONE;
    log_line(s, &ji, line, sizeof line);
    ck_assert_str_eq(line, "");
    mock_state_free(s);
}
END_TEST

START_TEST(log_rows)
{
    static const struct {
        mock_log_format log;
        const char *dialect, *method, *path, *action, *applied;
        const char *want; /* the whole line */
    } rows[] = {
        {MOCK_LOG_TEXT, "smpanelim", NULL, NULL, "", NULL,
         "1970-01-01T00:00:00.000Z smpanelim#1 - - - 200 3ms\n"},
        {MOCK_LOG_TEXT, NULL, "GET",
         "/__panelmock/st\x7f"
         "ate?x=1",
         NULL, "fault=latency",
         "1970-01-01T00:00:00.000Z admin GET /__panelmock/st_ate - 200 3ms fault=latency\n"},
        {MOCK_LOG_JSON, NULL, NULL, NULL, NULL, "fault=reset  quirk=bool_as_1 ",
         "{\"time\":\"1970-01-01T00:00:00.000Z\",\"dialect\":null,\"account\":1,\"method\":\"\","
         "\"path\":\"\",\"action\":null,\"status\":200,\"ms\":3,\"applied\":[\"fault=reset\","
         "\"quirk=bool_as_1\"]}\n"},
    };
    mock_state *s = new_state("smpanelim", MOCK_LOG_TEXT);
    char line[16384];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        s->log = rows[i].log;
        mock_jinfo ji = {.dialect = rows[i].dialect,
                         .method = rows[i].method,
                         .path = rows[i].path,
                         .action = rows[i].action,
                         .applied = rows[i].applied,
                         .status = 200,
                         .ms = 3};
        log_line(s, &ji, line, sizeof line);
        ck_assert_msg(strcmp(line, rows[i].want) == 0, "row %zu: '%s'\n want '%s'", i, line,
                      rows[i].want);
    }
    /* A line past the 8 KiB log buffer is not written at all (never a cut line), in either
     * format; one under it is. */
    char path[9001];
    memset(path, 'p', sizeof path - 1);
    path[0] = '/';
    path[sizeof path - 1] = '\0';
    static const mock_log_format fmts[] = {MOCK_LOG_JSON, MOCK_LOG_TEXT};
    for (size_t f = 0; f < 2; f++) {
        s->log = fmts[f];
        mock_jinfo ji = {.dialect = "smpanelim",
                         .method = "POST",
                         .path = path,
                         .action = "balance",
                         .status = 200};
        log_line(s, &ji, line, sizeof line);
        ck_assert_msg(line[0] == '\0', "format %zu: %.80s", f, line);
        path[7000] = '\0';
        log_line(s, &ji, line, sizeof line);
        ck_assert_ptr_nonnull(strstr(line, path));
        path[7000] = 'p';
    }
    mock_state_free(s);
}
END_TEST

/* Journal entries recorded directly: a parameter named "key" is masked by its name when the
 * dialect names none; text that is not UTF-8 is shown as such; the filters skip entries that
 * have no dialect or no action. */
START_TEST(journal_entries)
{
    mock_state *s = new_state("smpanelim", MOCK_LOG_NONE);
    panel_form f;
    panel_form_init(&f, 8);
    ck_assert_int_eq(panel_form_add(&f, "key", "not-an-account-key"), PANEL_E_OK);
    ck_assert_int_eq(panel_form_add(&f, "note", "caf\xc3"), PANEL_E_OK);
    mock_jinfo ji = {.dialect = NULL,
                     .method = "P\xffST",
                     .path = "/x",
                     .action = NULL,
                     .form = &f,
                     .key_param = NULL,
                     .encoding = "",
                     .status = 404,
                     .applied = "fault=reset  quirk=bool_as_1",
                     .body = "{}",
                     .body_len = 2};
    mock_journal_add(s, &ji);
    ji.dialect = "smpanelim";
    ji.action = "balance";
    ji.method = "POST";
    mock_journal_add(s, &ji);
    json_t *all = mock_journal_json_new(s, NULL);
    ck_assert_uint_eq(json_array_size(all), 2);
    json_t *e = json_array_get(all, 0);
    ck_assert_str_eq(json_string_value(json_object_get(e, "method")), "(not utf-8)");
    ck_assert(json_is_null(json_object_get(e, "dialect")));
    ck_assert(json_is_null(json_object_get(e, "action")));
    ck_assert_str_eq(json_string_value(json_object_get(e, "encoding")), "form");
    json_t *ap = json_object_get(e, "applied");
    ck_assert_uint_eq(json_array_size(ap), 2);
    ck_assert_str_eq(json_string_value(json_array_get(ap, 1)), "quirk=bool_as_1");
    json_t *params = json_object_get(e, "params");
    ck_assert_str_eq(json_string_value(json_object_get(params, "key")), "***");
    ck_assert_str_eq(json_string_value(json_object_get(params, "note")), "(not utf-8)");
    json_decref(all);
    mock_journal_filter by_dialect = {.dialect = "smpanelim"}, by_action = {.action = "balance"};
    json_t *d = mock_journal_json_new(s, &by_dialect), *a = mock_journal_json_new(s, &by_action);
    ck_assert_uint_eq(json_array_size(d), 1);
    ck_assert_uint_eq(json_array_size(a), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(d, 0), "seq")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(a, 0), "seq")), 2);
    json_decref(d);
    json_decref(a);
    panel_form_free(&f);
    mock_state_free(s);
}
END_TEST

/* A webhook body into a buffer capped below its length fails (PANEL_E_TOO_LARGE) at every
 * cap, whichever member it stops in; at its length it is written whole. */
START_TEST(webhook_body_caps)
{
    mock_state *s = new_state("panel-v2", MOCK_LOG_NONE);
    mock_account *a = &s->acc[0];
    ck_assert(a->d->webhook.present);
    mock_order o;
    memset(&o, 0, sizeof o);
    snprintf(o.id, sizeof o.id, "777");
    o.status = PANEL_STATUS_IN_PROGRESS;
    o.remains = 12;
    o.start_count = 30;
    o.charge = 150000000;
    panel_buf full;
    panel_buf_init(&full, 4096);
    ck_assert_int_eq(mock_webhook_body(s, a, &o, &full), PANEL_E_OK);
    ck_assert_uint_gt(full.len, 10);
    size_t failed = 0;
    for (size_t cap = 1; cap <= full.len + 1; cap++) {
        panel_buf b;
        panel_buf_init(&b, cap);
        panel_err rc = mock_webhook_body(s, a, &o, &b);
        if (rc == PANEL_E_OK) {
            ck_assert_str_eq(b.data, full.data);
        } else {
            ck_assert_int_eq(rc, PANEL_E_TOO_LARGE);
            failed++;
        }
        panel_buf_free(&b);
    }
    ck_assert_uint_ge(failed, full.len - 1); /* every cap short of the body */
    panel_buf_free(&full);
    mock_state_free(s);
}
END_TEST

/* Notifications to a peer that takes the connection but never answers: the worker waits on
 * the first post, the queue fills (the rest dropped), and freeing the state drops what is
 * queued instead of posting it: it returns within one post's timeout and the peer saw one
 * connection. */
START_TEST(webhook_queue_full)
{
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(lfd, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(listen(lfd, 64), 0);
    socklen_t sl = sizeof sa;
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sa, &sl), 0);
    mock_state *s = new_state("panel-v2", MOCK_LOG_NONE);
    char url[64], err[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/hook", ntohs(sa.sin_port));
    ck_assert_int_eq(mock_state_configure(s, "webhook", url, err, sizeof err), PANEL_E_OK);
    mock_order o;
    memset(&o, 0, sizeof o);
    snprintf(o.id, sizeof o.id, "5");
    o.status = PANEL_STATUS_COMPLETED;
    mock_webhook_notify(s, &s->acc[0], &o);
    struct pollfd p = {lfd, POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 3000), 1); /* the worker's first post has connected */
    for (int i = 0; i < 300; i++)           /* past the 256 the queue holds */
        mock_webhook_notify(s, &s->acc[0], &o);
    uint64_t t0 = mock_now_ms();
    mock_state_free(s);
    ck_assert_uint_lt(mock_now_ms() - t0, 4000);
    fcntl(lfd, F_SETFL, O_NONBLOCK);
    int seen = 0, c;
    while ((c = accept(lfd, NULL, NULL)) >= 0) {
        seen++;
        close(c);
    }
    ck_assert_int_eq(seen, 1);
    close(lfd);
}
END_TEST

static Suite *cov_m_log_suite(void)
{
    Suite *s = suite_create("cov_m_log");
    TCase *tc = tcase_create("records");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, request_log_lines);
    tcase_add_test(tc, log_rows);
    tcase_add_test(tc, journal_entries);
    tcase_add_test(tc, webhook_body_caps);
    tcase_add_test(tc, webhook_queue_full);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(cov_m_log_suite());
}
