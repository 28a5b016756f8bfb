/* report_json.c - the JSON report of DESIGN.md (one dialect, or every dialect for "all"). */
#include <stdlib.h>

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
    json_t *by = json_object();
    for (int k = 1; by && k < CHECK_SKIP__COUNT; k++)
        json_object_set_new(by, check_skip_kind_name((check_skip_kind)k),
                            json_integer((json_int_t)kinds[k]));
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "passed", (json_int_t)p, "failed",
                     (json_int_t)f, "warned", (json_int_t)w, "skipped", (json_int_t)s, "total",
                     (json_int_t)(p + f + w + s), "skipped_by_kind", by, "elapsed_ms", ms_new(ms));
}

/* Sets key to a string when s is non-NULL. */
static void set_str(json_t *o, const char *key, const char *s)
{
    if (s)
        json_object_set_new(o, key, json_string(s));
}

/* One group of findings as JSON. */
static json_t *finding_new(const check_finding *g)
{
    json_t *o = json_object(), *ex = json_array();
    if (!o || !ex) {
        json_decref(o);
        json_decref(ex);
        return NULL;
    }
    set_str(o, "status", check_status_name(g->status));
    set_str(o, "cause", g->cause);
    json_object_set_new(o, "count", json_integer((json_int_t)g->count));
    json_object_set_new(o, "basis",
                        json_pack("{s:s, s:s?}", "provenance",
                                  g->provenance ? g->provenance : "assumed", "src", g->src));
    set_str(o, "field", g->field);
    set_str(o, "expected", g->expected);
    set_str(o, "actual", g->actual);
    set_str(o, "reproduce", g->reproduce);
    for (size_t i = 0; i < g->n_examples; i++)
        json_array_append_new(ex, json_string(g->examples[i]));
    json_object_set_new(o, "examples", ex);
    return o;
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
    json_object_set_new(o, "basis",
                        json_pack("{s:s, s:s?}", "provenance",
                                  r->provenance ? r->provenance : "assumed", "src", r->src));
    if (r->status == CHECK_SKIP)
        set_str(o, "skip_kind", check_skip_kind_name(r->skip_kind));
    json_object_set_new(o, "elapsed_ms", ms_new(r->elapsed_ms));
    if (r->status == CHECK_FAIL || r->status == CHECK_WARN) {
        set_str(o, "field", r->field ? r->field : "");
        set_str(o, "expected", r->expected);
        set_str(o, "actual", r->actual);
        set_str(o, "reproduce", r->reproduce ? r->reproduce : "");
        json_t *fs = json_array();
        for (size_t i = 0; fs && i < r->n_findings; i++)
            json_array_append_new(fs, finding_new(&r->findings[i]));
        json_object_set_new(o, "findings", fs);
    }
    return o;
}

/* One suite as a report object {dialect, endpoint, summary, checks}. */
static json_t *suite_new(const check_suite *s)
{
    json_t *checks = json_array();
    for (size_t i = 0; checks && i < s->n; i++)
        json_array_append_new(checks, check_new(&s->items[i]));
    return json_pack(
        "{s:s, s:s, s:s?, s:s?, s:b, s:o, s:o}", "dialect", s->dialect, "endpoint", s->endpoint,
        "dialect_file", s->dialect_file, "dialect_hash", s->dialect_hash, "unreachable",
        s->unreachable, "summary",
        summary_new(s->passed, s->failed, s->warned, s->skipped, s->skips, s->elapsed_ms), "checks",
        checks);
}

/* Adds what recreates the run and whether it was interrupted to the report object o. */
static void run_members(const check_report *rep, json_t *o)
{
    if (!o)
        return;
    const check_meta *m = &rep->meta;
    json_object_set_new(o, "interrupted", json_boolean(rep->interrupted));
    if (rep->interrupted_by)
        json_object_set_new(o, "interrupted_by", json_string(rep->interrupted_by));
    json_t *run =
        json_pack("{s:s?, s:s?, s:I, s:b, s:b}", "version", m->version, "started", m->started,
                  "seed", (json_int_t)m->seed, "embedded", m->embedded, "strict", m->strict);
    if (run && m->embedded) {
        set_str(run, "mock_command", m->mock_command);
        set_str(run, "mock_deviate", m->mock_deviate);
        set_str(run, "mock_faults", m->mock_faults);
    }
    json_object_set_new(o, "run", run);
}

/* The whole report. */
json_t *report_json_new(const check_report *rep)
{
    if (!rep->all && rep->n == 1) {
        json_t *o = suite_new(&rep->suites[0]);
        if (o)
            json_object_set_new(o, "tool", json_string("panelcheck"));
        run_members(rep, o);
        return o;
    }
    size_t p, f, k, w, kinds[CHECK_SKIP__COUNT];
    check_report_totals(rep, &p, &f, &k);
    check_report_totals2(rep, &w, kinds);
    json_t *dialects = json_array(), *checks = json_array();
    for (size_t i = 0; i < rep->n; i++) {
        json_array_append_new(dialects, suite_new(&rep->suites[i]));
        for (size_t j = 0; j < rep->suites[i].n; j++)
            json_array_append_new(checks, check_new(&rep->suites[i].items[j]));
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "tool", "panelcheck", "dialect", "all",
                          "endpoint", rep->endpoint ? rep->endpoint : "", "summary",
                          summary_new(p, f, w, k, kinds, rep->elapsed_ms), "dialects", dialects,
                          "checks", checks);
    run_members(rep, o);
    return o;
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
