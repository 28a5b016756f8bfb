/* report_json.c - the JSON report of DESIGN.md (one dialect, or every dialect for "all"). Every
 * builder returns NULL when an allocation failed anywhere inside it: a report is whole or
 * absent, never a report with members left out. */
#include <stdlib.h>

#include "panel/parse.h"
#include "report.h"

/* ms rounded to microseconds as a JSON real (printed without float noise by the writer). */
static json_t *ms_new(double ms)
{
    double us = ms >= 0 ? (double)(long long)(ms * 1000.0 + 0.5) : 0.0;
    return json_real(us / 1000.0);
}

/* A summary object {passed, failed, warned, skipped, total, skipped_by_kind, elapsed_ms}. */
static json_t *summary_new(size_t p, size_t f, size_t w, size_t s, const size_t *kinds, double ms)
{
    int bad = 0;
    json_t *by = json_object();
    for (int k = 1; by && k < CHECK_SKIP__COUNT; k++)
        panel_json_put(by, check_skip_kind_name((check_skip_kind)k),
                       json_integer((json_int_t)kinds[k]), &bad);
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "passed", (json_int_t)p, "failed",
                     (json_int_t)f, "warned", (json_int_t)w, "skipped", (json_int_t)s, "total",
                     (json_int_t)(p + f + w + s), "skipped_by_kind", panel_json_whole(by, bad),
                     "elapsed_ms", ms_new(ms));
}

/* Sets key to a string when s is non-NULL. */
static void set_str(json_t *o, const char *key, const char *s, int *bad)
{
    if (s)
        panel_json_put(o, key, json_string(s), bad);
}

/* One group of findings as JSON. */
static json_t *finding_new(const check_finding *g)
{
    int bad = 0;
    json_t *o = json_object(), *ex = json_array();
    if (!o || !ex) {
        json_decref(o);
        json_decref(ex);
        return NULL;
    }
    set_str(o, "status", check_status_name(g->status), &bad);
    set_str(o, "cause", g->cause, &bad);
    panel_json_put(o, "count", json_integer((json_int_t)g->count), &bad);
    panel_json_put(o, "basis",
                   json_pack("{s:s, s:s?}", "provenance", g->provenance ? g->provenance : "assumed",
                             "src", g->src),
                   &bad);
    set_str(o, "field", g->field, &bad);
    set_str(o, "expected", g->expected, &bad);
    set_str(o, "actual", g->actual, &bad);
    set_str(o, "reproduce", g->reproduce, &bad);
    for (size_t i = 0; i < g->n_examples; i++)
        panel_json_push(ex, json_string(g->examples[i]), &bad);
    panel_json_put(o, "examples", ex, &bad);
    return panel_json_whole(o, bad);
}

/* One check as JSON. */
static json_t *check_new(const check_result *r)
{
    int bad = 0;
    json_t *o = json_object();
    if (!o)
        return NULL;
    set_str(o, "id", r->id, &bad);
    set_str(o, "action", r->action, &bad);
    set_str(o, "dialect", r->dialect, &bad);
    set_str(o, "status", check_status_name(r->status), &bad);
    set_str(o, "severity", r->severity, &bad);
    set_str(o, "section", r->section, &bad);
    set_str(o, "message", r->message ? r->message : "", &bad);
    panel_json_put(o, "basis",
                   json_pack("{s:s, s:s?}", "provenance", r->provenance ? r->provenance : "assumed",
                             "src", r->src),
                   &bad);
    if (r->status == CHECK_SKIP)
        set_str(o, "skip_kind", check_skip_kind_name(r->skip_kind), &bad);
    panel_json_put(o, "elapsed_ms", ms_new(r->elapsed_ms), &bad);
    if (r->status == CHECK_FAIL || r->status == CHECK_WARN) {
        set_str(o, "field", r->field ? r->field : "", &bad);
        set_str(o, "expected", r->expected, &bad);
        set_str(o, "actual", r->actual, &bad);
        set_str(o, "reproduce", r->reproduce ? r->reproduce : "", &bad);
        json_t *fs = json_array();
        for (size_t i = 0; fs && i < r->n_findings; i++)
            panel_json_push(fs, finding_new(&r->findings[i]), &bad);
        panel_json_put(o, "findings", fs, &bad);
    }
    return panel_json_whole(o, bad);
}

/* One suite as a report object {dialect, endpoint, summary, checks}. */
static json_t *suite_new(const check_suite *s)
{
    int bad = 0;
    json_t *checks = json_array();
    for (size_t i = 0; checks && i < s->n; i++)
        panel_json_push(checks, check_new(&s->items[i]), &bad);
    return json_pack(
        "{s:s, s:s, s:s?, s:s?, s:b, s:o, s:o}", "dialect", s->dialect, "endpoint", s->endpoint,
        "dialect_file", s->dialect_file, "dialect_hash", s->dialect_hash, "unreachable",
        s->unreachable, "summary",
        summary_new(s->passed, s->failed, s->warned, s->skipped, s->skips, s->elapsed_ms), "checks",
        panel_json_whole(checks, bad));
}

/* Adds what recreates the run and whether it was interrupted to the report object o; returns
 * o, or NULL (o released) on NOMEM. */
static json_t *run_members(const check_report *rep, json_t *o)
{
    int bad = 0;
    if (!o)
        return NULL;
    const check_meta *m = &rep->meta;
    panel_json_put(o, "interrupted", json_boolean(rep->interrupted), &bad);
    if (rep->interrupted_by)
        panel_json_put(o, "interrupted_by", json_string(rep->interrupted_by), &bad);
    json_t *run =
        json_pack("{s:s?, s:s?, s:I, s:b, s:b}", "version", m->version, "started", m->started,
                  "seed", (json_int_t)m->seed, "embedded", m->embedded, "strict", m->strict);
    if (run && m->embedded) {
        set_str(run, "mock_command", m->mock_command, &bad);
        set_str(run, "mock_deviate", m->mock_deviate, &bad);
        set_str(run, "mock_faults", m->mock_faults, &bad);
    }
    panel_json_put(o, "run", run, &bad);
    return panel_json_whole(o, bad);
}

/* The whole report. */
json_t *report_json_new(const check_report *rep)
{
    int bad = 0;
    if (!rep->all && rep->n == 1) {
        json_t *o = suite_new(&rep->suites[0]);
        if (o)
            panel_json_put(o, "tool", json_string("panelcheck"), &bad);
        return run_members(rep, panel_json_whole(o, bad));
    }
    size_t p, f, k, w, kinds[CHECK_SKIP__COUNT];
    check_report_totals(rep, &p, &f, &k);
    check_report_totals2(rep, &w, kinds);
    json_t *dialects = json_array(), *checks = json_array();
    for (size_t i = 0; i < rep->n; i++) {
        panel_json_push(dialects, suite_new(&rep->suites[i]), &bad);
        for (size_t j = 0; j < rep->suites[i].n; j++)
            panel_json_push(checks, check_new(&rep->suites[i].items[j]), &bad);
    }
    if (bad) {
        json_decref(dialects);
        json_decref(checks);
        return NULL;
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "tool", "panelcheck", "dialect", "all",
                          "endpoint", rep->endpoint ? rep->endpoint : "", "summary",
                          summary_new(p, f, w, k, kinds, rep->elapsed_ms), "dialects", dialects,
                          "checks", checks);
    return run_members(rep, o);
}

/* Writes the report, indented; reals with 15 significant digits so that elapsed_ms, already
 * rounded to microseconds, prints as e.g. 0.387 rather than 0.38700000000000001. jansson's
 * dump fails on a write error or on its own allocation: f's error flag tells them apart. */
panel_err report_json_write(const check_report *rep, FILE *f)
{
    json_t *j = report_json_new(rep);
    if (!j)
        return PANEL_E_NOMEM;
    int rc = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    json_decref(j);
    if (rc != 0 && !ferror(f))
        return PANEL_E_NOMEM;
    if (rc != 0 || fputc('\n', f) == EOF)
        return PANEL_E_IO;
    return PANEL_E_OK;
}
