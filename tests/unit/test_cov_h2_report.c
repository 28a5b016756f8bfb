/* test_cov_h2_report.c - the report writers and the console on the rows no run produced
 * before: no endpoint, a verdict with only an actual value, no basis, grouped findings, every
 * skip kind, an interrupted run without a cause; each writer on a device that refuses the
 * bytes (PANEL_E_IO), the JSON one where only its final newline is refused; the matrix state
 * without counts; the console on a terminal (progress line, colours, $NO_COLOR). */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "report.h"
#include "results.h"

/* Adds r to s and fails the test when that fails. */
static void add(check_suite *s, const check_result *r)
{
    ck_assert_int_eq(check_suite_add(s, NULL, r), PANEL_E_OK);
}

/* A report without an endpoint: one suite with a pass, a failure with only an actual value
 * and no basis (three groups of findings), a warning with expected only, a skip of every kind
 * (two with the same reason), interrupted without a cause. */
static void build_odd(check_report *rep)
{
    memset(rep, 0, sizeof(*rep));
    rep->interrupted = 1;
    check_suite *s = check_report_add_suite(rep);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(check_suite_init(s, "odd", "http://127.0.0.1:1/api/v2", NULL), PANEL_E_OK);
    check_result r = {0};
    r.id = "balance.shape";
    r.action = "balance";
    r.status = CHECK_PASS;
    r.message = "ok";
    r.elapsed_ms = -3; /* a clock step: reported as 0 */
    add(s, &r);
    check_finding g[3] = {{0}};
    g[0].status = CHECK_FAIL;
    g[0].cause = "rate not a number";
    g[0].count = 4;
    g[0].examples[0] = "rate \"x\"";
    g[0].n_examples = 1;
    g[1].status = CHECK_WARN;
    g[1].cause = "min over max";
    g[1].count = 2; /* no examples, no basis */
    g[2].status = CHECK_FAIL;
    g[2].cause = "type unknown";
    g[2].count = 1;
    g[2].provenance = "documented";
    g[2].src = "services, Types";
    g[2].examples[0] = "type \"Bogus\"";
    g[2].n_examples = 1;
    memset(&r, 0, sizeof(r));
    r.id = "services.rate_numeric";
    r.action = "services";
    r.status = CHECK_FAIL;
    r.message = "rate is not a number";
    r.actual = "\"x\"";
    r.reproduce = "curl -d 'action=services' $PANEL_URL";
    r.findings = g;
    r.n_findings = 3;
    add(s, &r);
    memset(&r, 0, sizeof(r));
    r.id = "status.single";
    r.action = "status";
    r.status = CHECK_WARN;
    r.message = "status text differs";
    r.expected = "\"Completed\"";
    r.field = "";
    r.src = "000 §3 Order Status";
    r.reproduce = "";
    add(s, &r);
    static char *const why[] = {"",        "not documented", "policy",     "no data",
                                "blocked", "timeout",        "interrupted"};
    for (int k = 1; k < CHECK_SKIP__COUNT; k++) {
        memset(&r, 0, sizeof(r));
        r.id = "refill.single";
        r.action = "refill";
        r.status = CHECK_SKIP;
        r.skip_kind = (check_skip_kind)k;
        r.message = why[k];
        add(s, &r);
    }
    r.id = "refill.multi"; /* a second skip of the last kind for the same reason */
    add(s, &r);
}

/* Runs a writer into a new string (caller frees). */
static char *render(panel_err (*w)(const check_report *, FILE *), const check_report *rep)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(w(rep, f), PANEL_E_OK);
    fclose(f);
    return buf;
}

/* What each format must say about the odd report. */
static const struct {
    const char *fmt;
    panel_err (*w)(const check_report *, FILE *);
    const char *want[6];
} ODD[] = {
    {"md",
     report_md_write,
     {"## panelcheck ❌ conformance failures", "against ``\n",
      "- FAIL **odd** `services.rate_numeric` at `(body)`: rate is not a number (basis: assumed)",
      "expected `?`, got `\"x\"`", "- WARN **odd** `status.single` at `(body)`", "got `?`"}},
    {"html",
     report_html_write,
     {"<div class=\"sub\"></div>", "<!DOCTYPE html>", "services.rate_numeric", "status.single",
      NULL}},
    {"junit",
     report_junit_write,
     {"<testsuites name=\"panelcheck\"", "tests=\"10\"", "failures=\"1\"", "skipped=\"7\"",
      "services.rate_numeric", NULL}},
    {"json",
     report_json_write,
     {"\"dialect_file\": null", "\"interrupted\": true", "\"elapsed_ms\": 0",
      "\"status\": \"warn\"", "\"actual\": \"\\\"x\\\"\"", NULL}},
};

START_TEST(test_odd_rows_every_format)
{
    check_report rep;
    build_odd(&rep);
    for (size_t i = 0; i < sizeof(ODD) / sizeof(ODD[0]); i++) {
        char *t = render(ODD[i].w, &rep);
        for (size_t k = 0; k < 6 && ODD[i].want[k]; k++)
            ck_assert_msg(strstr(t, ODD[i].want[k]) != NULL, "%s: no '%s' in\n%.1500s", ODD[i].fmt,
                          ODD[i].want[k], t);
        free(t);
    }
    check_report_free(&rep);
}
END_TEST

/* An all-pass report without an endpoint: Markdown says so, the HTML has its overview, the
 * JSON an empty endpoint. */
START_TEST(test_all_pass_and_overview)
{
    check_report rep;
    memset(&rep, 0, sizeof(rep));
    for (int i = 0; i < 2; i++) {
        check_suite *s = check_report_add_suite(&rep);
        ck_assert_int_eq(check_suite_init(s, i ? "b" : "a", "http://127.0.0.1:1/x", NULL),
                         PANEL_E_OK);
        check_result r = {0};
        r.id = "balance.shape";
        r.action = "balance";
        r.status = CHECK_PASS;
        r.message = "ok";
        add(s, &r);
    }
    rep.suites[1].unreachable = 1;
    char *md = render(report_md_write, &rep);
    ck_assert_ptr_nonnull(strstr(md, "## panelcheck ✅ all checks passed"));
    ck_assert_ptr_nonnull(strstr(md, "| b (unreachable) | 1 | 0 | 0 |"));
    ck_assert_ptr_null(strstr(md, "### Failures and warnings"));
    free(md);
    char *h = render(report_html_write, &rep);
    ck_assert_ptr_nonnull(strstr(h, "<title>panelcheck — all dialects</title>"));
    ck_assert_ptr_nonnull(strstr(h, "<span class=\"badge b-bad\">unreachable</span>"));
    free(h);
    char *j = render(report_json_write, &rep); /* the "all" layout without an endpoint */
    ck_assert_ptr_nonnull(strstr(j, "\"endpoint\": \"\","));
    free(j);
    check_report_free(&rep);
}
END_TEST

/* Every writer on /dev/full, unbuffered: the short write is PANEL_E_IO. */
START_TEST(test_writers_on_a_full_device)
{
    check_report rep;
    build_odd(&rep);
    panel_err (*const w[])(const check_report *, FILE *) = {report_md_write, report_html_write,
                                                            report_junit_write, report_json_write};
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
        FILE *f = fopen("/dev/full", "w");
        ck_assert_ptr_nonnull(f);
        setvbuf(f, NULL, _IONBF, 0);
        ck_assert_msg(w[i](&rep, f) == PANEL_E_IO, "writer %zu", i);
        fclose(f);
    }
    check_report_free(&rep);
}
END_TEST

/* The JSON writer on a stream with room for the document but not its final newline. */
START_TEST(test_json_newline_refused)
{
    check_report rep;
    build_odd(&rep);
    char *t = render(report_json_write, &rep);
    size_t n = strlen(t) - 1; /* the document without the newline */
    char *room = malloc(n);
    ck_assert_ptr_nonnull(room);
    FILE *f = fmemopen(room, n, "w");
    ck_assert_ptr_nonnull(f);
    setvbuf(f, NULL, _IONBF, 0);
    ck_assert_int_eq(report_json_write(&rep, f), PANEL_E_IO);
    fclose(f);
    ck_assert_int_eq(memcmp(room, t, n - 1), 0); /* the document went out (its last byte may be
                                                  * the NUL fmemopen writes on close) */
    free(room);
    free(t);
    check_report_free(&rep);
}
END_TEST

/* The matrix state of an action without asking for its counts. */
START_TEST(test_action_state_without_counts)
{
    check_report rep;
    build_odd(&rep);
    static const struct {
        const char *action;
        int want;
    } rows[] = {{"balance", 1}, {"services", 3}, {"status", 1}, {"refill", 2}, {"cancel", 0}};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        ck_assert_msg(report_action_state(&rep.suites[0], rows[i].action, NULL, NULL, NULL) ==
                          rows[i].want,
                      "%s", rows[i].action);
    check_report_free(&rep);
}
END_TEST

/* The console's summary of the odd report, verbose, without a terminal. */
START_TEST(test_console_odd_summary)
{
    check_report rep;
    build_odd(&rep);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    console c;
    console_init(&c, f, 0);
    ck_assert_int_eq(c.tty, 0);
    ck_assert_int_eq(c.color, 0);
    c.verbose = 1;
    console_summary(&c, &rep);
    fclose(f);
    static const char *const want[] = {
        "FAIL odd services.rate_numeric [body] rate is not a number\n"
        "     expected: -\n     actual:   \"x\"\n     basis:    assumed\n"
        "     also warn: 2 x min over max (e.g. )\n"
        "     also fail: 1 x type unknown (e.g. type \"Bogus\")\n"
        "     4 findings like it\n"
        "     reproduce: curl -d 'action=services' $PANEL_URL\n",
        "WARN odd status.single [body] status text differs\n"
        "     expected: \"Completed\"\n     actual:   -\n     basis:    assumed 000 §3 Order "
        "Status\nSKIP",
        "SKIP interrupted odd: 2 checks (refill.single...): interrupted\n",
        "reproduce commands read the endpoint from $PANEL_URL () and the key",
        "interrupted (?): the reports hold what ran\n",
        "1 passed, 1 failed, 1 warned, 7 skipped\n",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        ck_assert_msg(strstr(buf, want[i]) != NULL, "no '%s' in\n%.1500s", want[i], buf);
    free(buf);
    check_report_free(&rep);
}
END_TEST

/* Opens a pseudo-terminal's slave as a FILE (its master fd goes to *master). */
static FILE *pty_file(int *master)
{
    *master = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_int_ge(*master, 0);
    ck_assert_int_eq(grantpt(*master), 0);
    ck_assert_int_eq(unlockpt(*master), 0);
    FILE *f = fopen(ptsname(*master), "w");
    ck_assert_ptr_nonnull(f);
    return f;
}

/* On a terminal: colours unless --no-color or $NO_COLOR; one progress line rewritten. */
START_TEST(test_console_on_a_terminal)
{
    int master;
    FILE *f = pty_file(&master);
    static const struct {
        int no_color;
        const char *env; /* $NO_COLOR; NULL: unset */
        int want_color;
    } rows[] = {{0, NULL, 1}, {1, NULL, 0}, {0, "1", 0}, {0, "", 1}};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (rows[i].env)
            setenv("NO_COLOR", rows[i].env, 1);
        else
            unsetenv("NO_COLOR");
        console c;
        console_init(&c, f, rows[i].no_color);
        ck_assert_int_eq(c.tty, 1);
        ck_assert_msg(c.color == rows[i].want_color, "row %zu", i);
    }
    fclose(f);
    close(master);
    /* the progress line and summary with colours, into memory as if on a terminal */
    check_report rep;
    build_odd(&rep);
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    console c;
    console_init(&c, m, 0);
    c.tty = c.color = 1;
    console_progress(&rep.suites[0], &rep.suites[0].items[1], &c);
    console_summary(&c, &rep);
    check_suite *clean = check_report_add_suite(&rep);
    ck_assert_int_eq(check_suite_init(clean, "clean", "http://127.0.0.1:1/", NULL), PANEL_E_OK);
    console_progress(clean, &rep.suites[0].items[0], &c);
    fclose(m);
    ck_assert_ptr_nonnull(strstr(buf, "\r\033[K\033[1mclean           \033[0m    2 checks  0 failed"
                                      "\033[0m  balance.shape"));
    ck_assert_ptr_nonnull(strstr(buf, "\r\033[K\033[1modd             \033[0m    1 checks  "
                                      "\033[31m1 failed\033[0m  services.rate_numeric"));
    ck_assert_ptr_nonnull(strstr(buf, "\033[31mFAIL\033[0m odd services.rate_numeric"));
    ck_assert_ptr_nonnull(strstr(buf, "\033[33mWARN\033[0m odd status.single"));
    ck_assert_ptr_nonnull(strstr(buf, "\033[31minterrupted (?)"));
    ck_assert_ptr_nonnull(strstr(buf, "\033[31m1 passed, 1 failed"));
    free(buf);
    check_report_free(&rep);
}
END_TEST

/* Without a terminal a progress line is printed when the action or the dialect changes. */
START_TEST(test_console_progress_lines)
{
    check_report rep;
    build_odd(&rep);
    check_suite *s2 = check_report_add_suite(&rep);
    ck_assert_int_eq(check_suite_init(s2, "other", "http://127.0.0.1:1/", NULL), PANEL_E_OK);
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    console c;
    console_init(&c, m, 0);
    const check_suite *s = &rep.suites[0];
    console_progress(s, &s->items[3], &c);              /* refill */
    console_progress(s, &s->items[4], &c);              /* refill again: no line */
    console_progress(&rep.suites[1], &s->items[4], &c); /* refill of another dialect */
    fclose(m);
    ck_assert_str_eq(buf, "... odd refill\n... other refill\n");
    ck_assert_uint_eq(c.done, 3);
    free(buf);
    check_report_free(&rep);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cov_h2_report");
    TCase *tc = tcase_create("report");
    tcase_add_test(tc, test_odd_rows_every_format);
    tcase_add_test(tc, test_all_pass_and_overview);
    tcase_add_test(tc, test_writers_on_a_full_device);
    tcase_add_test(tc, test_json_newline_refused);
    tcase_add_test(tc, test_action_state_without_counts);
    tcase_add_test(tc, test_console_odd_summary);
    tcase_add_test(tc, test_console_on_a_terminal);
    tcase_add_test(tc, test_console_progress_lines);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
