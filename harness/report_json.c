/* report_json.c - the JSON report of DESIGN.md (one dialect, or every dialect for "all"). */
#include <stdlib.h>

#include "report.h"

/* ms rounded to microseconds as a JSON real (printed without float noise by the writer). */
static json_t *ms_new(double ms)
{
    double us = ms >= 0 ? (double)(long long)(ms * 1000.0 + 0.5) : 0.0;
    return json_real(us / 1000.0);
}

/* A summary object {passed, failed, skipped, total}. */
static json_t *summary_new(size_t p, size_t f, size_t s, double ms)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:o}", "passed", (json_int_t)p, "failed", (json_int_t)f,
                     "skipped", (json_int_t)s, "total", (json_int_t)(p + f + s), "elapsed_ms",
                     ms_new(ms));
}

/* Sets key to a string when s is non-NULL. */
static void set_str(json_t *o, const char *key, const char *s)
{
    if (s)
        json_object_set_new(o, key, json_string(s));
}

/* One check as JSON. */
static json_t *check_new(const check_result *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    set_str(o, "id", r->id);
    set_str(o, "action", r->action);
    set_str(o, "dialect", r->dialect);
    set_str(o, "status", check_status_name(r->status));
    set_str(o, "severity", r->severity);
    set_str(o, "section", r->section);
    set_str(o, "message", r->message ? r->message : "");
    json_object_set_new(o, "elapsed_ms", ms_new(r->elapsed_ms));
    if (r->status == CHECK_FAIL) {
        set_str(o, "field", r->field ? r->field : "");
        set_str(o, "expected", r->expected);
        set_str(o, "actual", r->actual);
        set_str(o, "reproduce", r->reproduce ? r->reproduce : "");
    }
    return o;
}

/* One suite as a report object {dialect, endpoint, summary, checks}. */
static json_t *suite_new(const check_suite *s)
{
    json_t *checks = json_array();
    for (size_t i = 0; checks && i < s->n; i++)
        json_array_append_new(checks, check_new(&s->items[i]));
    return json_pack("{s:s, s:s, s:b, s:o, s:o}", "dialect", s->dialect, "endpoint", s->endpoint,
                     "unreachable", s->unreachable, "summary",
                     summary_new(s->passed, s->failed, s->skipped, s->elapsed_ms), "checks",
                     checks);
}

/* The whole report. */
json_t *report_json_new(const check_report *rep)
{
    if (!rep->all && rep->n == 1) {
        json_t *o = suite_new(&rep->suites[0]);
        if (o)
            json_object_set_new(o, "tool", json_string("panelcheck"));
        return o;
    }
    size_t p, f, k;
    check_report_totals(rep, &p, &f, &k);
    json_t *dialects = json_array(), *checks = json_array();
    for (size_t i = 0; i < rep->n; i++) {
        json_array_append_new(dialects, suite_new(&rep->suites[i]));
        for (size_t j = 0; j < rep->suites[i].n; j++)
            json_array_append_new(checks, check_new(&rep->suites[i].items[j]));
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "tool", "panelcheck", "dialect", "all",
                     "endpoint", rep->endpoint ? rep->endpoint : "", "summary",
                     summary_new(p, f, k, rep->elapsed_ms), "dialects", dialects, "checks", checks);
}

/* Writes the report, indented; reals with 15 significant digits so that elapsed_ms, already
 * rounded to microseconds, prints as e.g. 0.387 rather than 0.38700000000000001. */
panel_err report_json_write(const check_report *rep, FILE *f)
{
    json_t *j = report_json_new(rep);
    if (!j)
        return PANEL_E_NOMEM;
    int rc = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(j);
    if (rc != 0 || fputc('\n', f) == EOF)
        return PANEL_E_IO;
    return PANEL_E_OK;
}
