/* test_harness_report.c - the report writers against hostile strings: XML, HTML and Markdown
 * escaping, JSON round trip, JUnit counts, the "all" layout. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "report.h"
#include "results.h"

#define HOSTILE "<script>alert('x')</script> & \"q\" ]]> | `tick` \x01\x1f end"

/* Builds a report of two suites with a pass, a skip and a hostile failure each. */
static void build(check_report *rep, int all)
{
    memset(rep, 0, sizeof(*rep));
    rep->all = all;
    rep->endpoint = strdup("http://127.0.0.1:1/<base>");
    const char *names[] = {"dialect-a", "dialect<b>"};
    for (int i = 0; i < (all ? 2 : 1); i++) {
        check_suite *s = check_report_add_suite(rep);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_eq(check_suite_init(s, names[i], "http://127.0.0.1:1/x?a=1&b=<2>", NULL),
                         PANEL_E_OK);
        check_result r = {0};
        r.id = "services.shape";
        r.action = "services";
        r.status = CHECK_PASS;
        r.message = "ok";
        r.elapsed_ms = 1.5;
        ck_assert_int_eq(check_suite_add(s, NULL, &r), PANEL_E_OK);
        r.id = "refill.single";
        r.action = "refill";
        r.status = CHECK_SKIP;
        r.message = "skip <because> & so";
        ck_assert_int_eq(check_suite_add(s, NULL, &r), PANEL_E_OK);
        r.id = "status.single";
        r.action = "status";
        r.status = CHECK_FAIL;
        r.message = HOSTILE;
        r.field = "/a~1b/<c>";
        r.expected = "\"Completed\"";
        r.actual = HOSTILE;
        r.reproduce = "curl -d 'a=<b>&c=`d`'";
        ck_assert_int_eq(check_suite_add(s, NULL, &r), PANEL_E_OK);
    }
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

START_TEST(test_xml_escape)
{
    panel_buf b;
    panel_buf_init(&b, 4096);
    ck_assert_int_eq(report_xml_escape(&b, "a<b>&\"c'\x01\n"), PANEL_E_OK);
    ck_assert_str_eq(b.data, "a&lt;b&gt;&amp;&quot;c&apos;?&#10;");
    panel_buf_free(&b);
    panel_buf_init(&b, 4096);
    ck_assert_int_eq(report_html_escape(&b, "<img src=x onerror='y'>&"), PANEL_E_OK);
    ck_assert_str_eq(b.data, "&lt;img src=x onerror=&#39;y&#39;&gt;&amp;");
    panel_buf_free(&b);
    panel_buf_init(&b, 4096);
    ck_assert_int_eq(report_md_escape(&b, "a|b\n<c>`d`*e*"), PANEL_E_OK);
    ck_assert_str_eq(b.data, "a\\|b &lt;c&gt;'d'\\*e\\*");
    panel_buf_free(&b);
}
END_TEST

START_TEST(test_junit_hostile)
{
    check_report rep;
    build(&rep, 1);
    char *x = render(report_junit_write, &rep);
    ck_assert_ptr_null(strstr(x, "<script>"));
    ck_assert_ptr_null(strstr(x, "]]>"));
    ck_assert_ptr_null(strstr(x, "\x01"));
    ck_assert_ptr_null(strstr(x, "dialect<b>"));
    ck_assert_ptr_nonnull(strstr(x, "&lt;script&gt;alert(&apos;x&apos;)"));
    ck_assert_ptr_nonnull(strstr(x, "<testsuites name=\"panelcheck\" tests=\"6\" failures=\"2\" "
                                    "errors=\"0\" skipped=\"2\""));
    ck_assert_ptr_nonnull(strstr(x, "<testsuite name=\"dialect&lt;b&gt;.status\" tests=\"1\" "
                                    "failures=\"1\""));
    ck_assert_ptr_nonnull(strstr(x, "<skipped message=\"skip &lt;because&gt; &amp; so\"/>"));
    ck_assert_ptr_nonnull(strstr(x, "<failure message=\""));
    ck_assert_ptr_nonnull(strstr(x, "type=\"/a~1b/&lt;c&gt;\""));
    /* every opened element is closed */
    size_t open = 0, close = 0;
    for (const char *p = x; (p = strstr(p, "<testcase ")); p++)
        open++;
    for (const char *p = x; (p = strstr(p, "</testcase>")); p++)
        close++;
    ck_assert_uint_eq(open, 6);
    ck_assert_uint_eq(close, 4); /* passes are self-closing */
    free(x);
    check_report_free(&rep);
}
END_TEST

START_TEST(test_html_hostile)
{
    check_report rep;
    build(&rep, 1);
    char *h = render(report_html_write, &rep);
    ck_assert_ptr_null(strstr(h, "<script>"));
    ck_assert_ptr_null(strstr(h, "dialect<b>"));
    ck_assert_ptr_null(strstr(h, "http://127.0.0.1:1/x?a=1&b=<2>"));
    ck_assert_ptr_nonnull(strstr(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(h, "<!DOCTYPE html>"));
    ck_assert_ptr_nonnull(strstr(h, "Overview"));
    /* self-contained: no external references */
    ck_assert_ptr_null(strstr(h, "<link"));
    ck_assert_ptr_null(strstr(h, "src=\"http"));
    ck_assert_ptr_null(strstr(h, "@import"));
    free(h);
    check_report_free(&rep);
}
END_TEST

START_TEST(test_md_hostile)
{
    check_report rep;
    build(&rep, 1);
    char *m = render(report_md_write, &rep);
    /* raw HTML only inside code spans, where Markdown shows it literally */
    for (const char *p = strstr(m, "<script>"); p; p = strstr(p + 1, "<script>"))
        ck_assert_int_eq(p[-1] == '`' || (p[-1] == ' ' && p[-2] == '`'), 1);
    ck_assert_ptr_nonnull(strstr(m, "&lt;script&gt;")); /* the message, escaped */
    ck_assert_ptr_nonnull(strstr(m, "| dialect-a | 1 | 1 | 1 |"));
    ck_assert_ptr_nonnull(strstr(m, "### Failures"));
    ck_assert_ptr_nonnull(strstr(m, "a=<b>&c=%60d%60")); /* inside the sh code block */
    free(m);
    check_report_free(&rep);
}
END_TEST

START_TEST(test_json_single_and_all)
{
    check_report rep;
    build(&rep, 0);
    json_t *j = report_json_new(&rep);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(json_object_get(j, "dialect")), "dialect-a");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "summary"), "failed")),
                     1);
    json_t *checks = json_object_get(j, "checks");
    ck_assert_uint_eq(json_array_size(checks), 3);
    json_t *f = json_array_get(checks, 2);
    ck_assert_str_eq(json_string_value(json_object_get(f, "status")), "fail");
    ck_assert_str_eq(json_string_value(json_object_get(f, "field")), "/a~1b/<c>");
    ck_assert_ptr_nonnull(json_object_get(f, "reproduce"));
    ck_assert_ptr_null(json_object_get(json_array_get(checks, 0), "reproduce"));
    /* the control characters were replaced when stored */
    ck_assert_ptr_null(strchr(json_string_value(json_object_get(f, "message")), '\x01'));
    json_decref(j);
    check_report_free(&rep);

    build(&rep, 1);
    j = report_json_new(&rep);
    ck_assert_str_eq(json_string_value(json_object_get(j, "dialect")), "all");
    ck_assert_uint_eq(json_array_size(json_object_get(j, "dialects")), 2);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "checks")), 6);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "summary"), "skipped")),
                     2);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(j, "checks"), 5), "dialect")),
                     "dialect<b>");
    json_decref(j);
    char *s = render(report_json_write, &rep);
    json_error_t e;
    j = json_loads(s, 0, &e);
    ck_assert_ptr_nonnull(j);
    json_decref(j);
    free(s);
    check_report_free(&rep);
}
END_TEST

/* elapsed_ms is written rounded to microseconds, without float noise. */
static const struct {
    double ms;
    const char *text;
} MS_CASES[] = {
    {0.38699999999999996, "\"elapsed_ms\": 0.387\n"},
    {12.3456789, "\"elapsed_ms\": 12.346\n"},
    {1500.0004, "\"elapsed_ms\": 1500.0\n"},
};

START_TEST(test_json_elapsed_rounded)
{
    check_report rep;
    build(&rep, 0);
    rep.suites[0].items[0].elapsed_ms = MS_CASES[_i].ms;
    char *s = render(report_json_write, &rep);
    ck_assert_ptr_nonnull(strstr(s, MS_CASES[_i].text));
    ck_assert_ptr_null(strstr(s, "99999"));
    ck_assert_ptr_null(strstr(s, "00001"));
    free(s);
    check_report_free(&rep);
}
END_TEST

/* A warning shows in the HTML page as a warning card with its basis and source, counted in the
 * badges and marked in the matrix (issue 9: warn verdicts shown with their basis). */
START_TEST(test_html_warn_basis)
{
    check_report rep;
    build(&rep, 0);
    check_result r = {0};
    r.id = "neg.bad_key";
    r.action = "error";
    r.status = CHECK_WARN;
    r.message = "error message differs from the dialect's bad_key text (assumed)";
    r.provenance = "assumed";
    r.src = "no document states <this> text";
    r.field = "/error";
    r.expected = "Invalid API key";
    r.actual = "bad key";
    ck_assert_int_eq(check_suite_add(&rep.suites[0], NULL, &r), PANEL_E_OK);
    char *h = render(report_html_write, &rep);
    ck_assert_ptr_nonnull(strstr(h, "<h3>Warnings (1)</h3>"));
    ck_assert_ptr_nonnull(strstr(h, "<div class=\"fail-card warn\"><div class=\"id\">neg.bad_key"));
    ck_assert_ptr_nonnull(strstr(h, "<span class=\"k\">basis</span><code>assumed</code>"));
    ck_assert_ptr_nonnull(
        strstr(h, "<span class=\"k\">source</span><code>no document states &lt;this&gt; text"));
    ck_assert_ptr_nonnull(strstr(h, "<span class=\"badge b-warn big\">1 warned</span>"));
    ck_assert_ptr_nonnull(strstr(h, "<span class=\"chip warn\""));
    ck_assert_ptr_nonnull(strstr(h, "<td class=\"st-warn\">warn</td>"));
    ck_assert_ptr_nonnull(strstr(h, "<td class=\"c warn\">1/1 +warn</td>"));
    ck_assert_ptr_null(strstr(h, "<script>"));
    free(h);
    check_report_free(&rep);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("harness_report");
    TCase *t = tcase_create("all");
    tcase_add_test(t, test_xml_escape);
    tcase_add_test(t, test_junit_hostile);
    tcase_add_test(t, test_html_hostile);
    tcase_add_test(t, test_html_warn_basis);
    tcase_add_test(t, test_md_hostile);
    tcase_add_test(t, test_json_single_and_all);
    tcase_add_loop_test(t, test_json_elapsed_rounded, 0, sizeof(MS_CASES) / sizeof(MS_CASES[0]));
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
