/* cases_report.c - torture cases of panelcheck's results and reports: building a results set
 * (suites, verdicts with findings, the key masked), the JSON report as a tree, and every
 * writer (JSON, JUnit, HTML, Markdown) on a red run of several dialects and on an all-pass run. */
#include "torture.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/parse.h"
#include "report.h"
#include "results.h"

#define KEY "0123456789abcdef0123456789abcdef"
#define RED_SUITES 3 /* suites of the red report: the first dialects, the last unreachable */

typedef struct {
    check_report rep; /* built unarmed; the build case builds its own */
    int red;          /* the red report of every dialect, else one all-pass suite */
    panel_err (*write)(const check_report *, FILE *);
} report_ctx;

/* Adds the verdicts of one suite: a pass, skips, a warning and a failure with findings. */
static panel_err fill_suite(check_suite *s, int red)
{
    check_finding fd[2];
    memset(fd, 0, sizeof fd);
    fd[0].status = CHECK_FAIL;
    fd[0].provenance = "documented";
    fd[0].src = "002 §Order status";
    fd[0].cause = "status word not documented";
    fd[0].count = 3;
    fd[0].field = "/status";
    fd[0].expected = "\"Completed\"";
    fd[0].actual = "\"Done <" KEY ">\"";
    fd[0].reproduce = "curl -d 'key=" KEY "&action=status&order=1' $PANEL_URL";
    fd[0].examples[0] = "order 1: Done";
    fd[0].examples[1] = "order 2: Done & dusted";
    fd[0].n_examples = 2;
    fd[1] = fd[0];
    fd[1].status = CHECK_WARN;
    fd[1].provenance = "assumed";
    fd[1].cause = "charge rounded";
    fd[1].count = 1;
    fd[1].n_examples = 0;
    check_result r;
    memset(&r, 0, sizeof r);
    r.id = "services.shape";
    r.action = "services";
    r.status = CHECK_PASS;
    r.severity = "critical";
    r.section = "Service list";
    r.provenance = "documented";
    r.src = "002 §Service list";
    r.message = "ok";
    r.elapsed_ms = 1.5;
    panel_err rc = check_suite_add(s, KEY, &r);
    if (rc != PANEL_E_OK || !red)
        return rc;
    r.id = "refill.single";
    r.action = "refill";
    r.status = CHECK_SKIP;
    r.skip_kind = CHECK_SKIP_NOT_DOCUMENTED;
    r.message = "skip <because> & so";
    rc = check_suite_add(s, KEY, &r);
    if (rc != PANEL_E_OK)
        return rc;
    r.id = "add.charge";
    r.action = "add";
    r.status = CHECK_WARN;
    r.skip_kind = CHECK_SKIP_NONE;
    r.message = "charge rounded | `tick`";
    r.findings = &fd[1];
    r.n_findings = 1;
    rc = check_suite_add(s, KEY, &r);
    if (rc != PANEL_E_OK)
        return rc;
    r.id = "status.single";
    r.action = "status";
    r.status = CHECK_FAIL;
    r.severity = "major";
    r.message = "<script>alert('x')</script> key " KEY " \x01 end";
    r.field = "/status";
    r.expected = "\"Completed\"";
    r.actual = "\"Done\"";
    r.reproduce = "curl -d 'key=" KEY "' $PANEL_URL";
    r.findings = fd;
    r.n_findings = 2;
    return check_suite_add(s, KEY, &r);
}

/* Builds a report: red = a suite for each of the first RED_SUITES dialects with every outcome,
 * the last unreachable; else one all-pass suite. */
static panel_err build(check_report *rep, const panel_dialect_set *set, int red)
{
    panel_err rc = PANEL_E_OK;
    memset(rep, 0, sizeof *rep);
    rep->all = red;
    rep->endpoint = strdup("http://user:" KEY "@127.0.0.1:1/<base>");
    rep->meta.version = strdup("0.0.0-torture");
    rep->meta.started = strdup("2026-12-01T00:00:00Z");
    rep->meta.mock_command = strdup("panelmock --seed 1");
    rep->meta.seed = 1;
    rep->meta.embedded = 1;
    rep->elapsed_ms = 12.5;
    if (!rep->endpoint || !rep->meta.version || !rep->meta.started || !rep->meta.mock_command)
        return PANEL_E_NOMEM;
    size_t n = red ? (set->count < RED_SUITES ? set->count : RED_SUITES) : 1;
    for (size_t i = 0; rc == PANEL_E_OK && i < n; i++) {
        check_suite *s = check_report_add_suite(rep);
        if (!s)
            return PANEL_E_NOMEM;
        rc = check_suite_init(s, set->items[i]->name, "http://u:" KEY "@127.0.0.1:1/x?a=1&b=<2>",
                              KEY);
        if (rc == PANEL_E_OK)
            rc = fill_suite(s, red);
        s->unreachable = red && i + 1 == n;
        s->elapsed_ms = 3.25;
    }
    return rc;
}

/* Builds the red report, then writes its JSON tree. */
static panel_err run_build(void *vctx, panel_buf *out)
{
    const panel_dialect_set *set = vctx;
    check_report rep;
    panel_err rc = build(&rep, set, 1);
    json_t *j = rc == PANEL_E_OK ? report_json_new(&rep) : NULL;
    if (rc == PANEL_E_OK && !j)
        rc = PANEL_E_NOMEM;
    if (rc == PANEL_E_OK)
        rc = panel_json_dump(j, out);
    json_decref(j);
    check_report_free(&rep);
    return rc;
}

/* Writes the JSON tree of the prepared report. */
static panel_err run_json_new(void *vctx, panel_buf *out)
{
    report_ctx *c = vctx;
    json_t *j = report_json_new(&c->rep);
    if (!j)
        return PANEL_E_NOMEM;
    panel_err rc = panel_json_dump(j, out);
    json_decref(j);
    return rc;
}

/* Runs one writer into a memory stream; the output is what it wrote. */
static panel_err run_writer(void *vctx, panel_buf *out)
{
    report_ctx *c = vctx;
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    if (!f)
        return PANEL_E_NOMEM;
    panel_err rc = c->write(&c->rep, f);
    if (fclose(f) != 0 && rc == PANEL_E_OK)
        rc = PANEL_E_IO;
    if (rc == PANEL_E_OK)
        rc = panel_buf_append(out, text, n);
    free(text);
    return rc;
}

/* Frees a report case. */
static void free_report(void *vctx)
{
    report_ctx *c = vctx;
    check_report_free(&c->rep);
    free(c);
}

/* Does nothing: the build case borrows the list's dialects. */
static void free_none(void *vctx)
{
    (void)vctx;
}

/* Registers the report cases. */
void torture_cases_report(torture_list *l)
{
    static const struct {
        const char *name;
        panel_err (*write)(const check_report *, FILE *);
    } writers[] = {
        {"json", report_json_write}, {"junit", report_junit_write}, {"html", report_html_write},
        {"md", report_md_write},     {"json-tree", NULL},
    };
    torture_add(l, &l->dialects, NULL, run_build, free_none, "report/build");
    for (int red = 1; red >= 0; red--) {
        for (size_t w = 0; w < sizeof writers / sizeof writers[0]; w++) {
            report_ctx *c = calloc(1, sizeof *c);
            if (!c || build(&c->rep, &l->dialects, red) != PANEL_E_OK)
                exit(2);
            c->red = red;
            c->write = writers[w].write;
            torture_add(l, c, NULL, c->write ? run_writer : run_json_new, free_report,
                        "report/%s/%s", writers[w].name, red ? "red" : "all-pass");
        }
    }
}
