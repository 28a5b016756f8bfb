/* report_md.c - Markdown report for a PR comment: summary, overview matrix, failures. */
#include <string.h>

#include "report.h"

/* Appends s inside an inline code span, longer fence when s holds backticks. */
static panel_err code_span(panel_buf *b, const char *s)
{
    const char *fence = strchr(s, '`') ? "`` " : "`";
    const char *end = strchr(s, '`') ? " ``" : "`";
    panel_err rc = panel_buf_puts(b, fence);
    for (const char *p = s; rc == PANEL_E_OK && *p; p++)
        rc = panel_buf_append(b, *p == '\n' || *p == '|' ? " " : p, 1);
    return rc == PANEL_E_OK ? panel_buf_puts(b, end) : rc;
}

/* Appends a table row's first cell: "| " + the escaped dialect name + post. */
static panel_err dialect_cell(panel_buf *b, const char *dialect, const char *post)
{
    panel_err rc = panel_buf_puts(b, "| ");
    if (rc == PANEL_E_OK)
        rc = report_md_escape(b, dialect);
    return rc == PANEL_E_OK ? panel_buf_puts(b, post) : rc;
}

/* Writes the Markdown document. */
panel_err report_md_write(const check_report *rep, FILE *f)
{
    panel_buf b;
    panel_buf_init(&b, 64u << 20);
    size_t p, fl, k;
    check_report_totals(rep, &p, &fl, &k);
    panel_err rc = panel_buf_printf(&b, "## panelcheck %s %s\n\n", fl ? "❌" : "✅",
                                    fl ? "conformance failures" : "all checks passed");
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(&b, "**%zu passed, %zu failed, %zu skipped** in %.0f ms against ", p,
                              fl, k, rep->elapsed_ms);
    if (rc == PANEL_E_OK)
        rc = code_span(&b, rep->endpoint ? rep->endpoint : "");
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "\n\n| dialect | passed | failed | skipped | time |\n"
                                "|---|---:|---:|---:|---:|\n");
    for (size_t i = 0; rc == PANEL_E_OK && i < rep->n; i++) {
        const check_suite *s = &rep->suites[i];
        rc = dialect_cell(&b, s->dialect, "");
        if (rc == PANEL_E_OK)
            rc = panel_buf_printf(&b, "%s | %zu | %zu | %zu | %.0f ms |\n",
                                  s->unreachable ? " (unreachable)" : "", s->passed, s->failed,
                                  s->skipped, s->elapsed_ms);
    }
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "\n### Overview\n\n| dialect |");
    for (size_t a = 0; rc == PANEL_E_OK && a < report_n_actions; a++)
        rc = panel_buf_printf(&b, " %s |", report_actions[a]);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "\n|---|");
    for (size_t a = 0; rc == PANEL_E_OK && a < report_n_actions; a++)
        rc = panel_buf_puts(&b, ":---:|");
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "\n");
    for (size_t i = 0; rc == PANEL_E_OK && i < rep->n; i++) {
        const check_suite *s = &rep->suites[i];
        rc = dialect_cell(&b, s->dialect, " |");
        for (size_t a = 0; rc == PANEL_E_OK && a < report_n_actions; a++) {
            size_t ps, fs, ks;
            int st = report_action_state(s, report_actions[a], &ps, &fs, &ks);
            if (st == 0)
                rc = panel_buf_puts(&b, " — |");
            else if (st == 3)
                rc = panel_buf_printf(&b, " ❌ %zu/%zu |", fs, ps + fs);
            else if (st == 2)
                rc = panel_buf_puts(&b, " ⏭️ |");
            else
                rc = panel_buf_printf(&b, " ✅ %zu |", ps);
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(&b, "\n");
    }
    size_t wl = 0;
    for (size_t i = 0; i < rep->n; i++)
        wl += rep->suites[i].warned;
    if (rc == PANEL_E_OK && (fl || wl))
        rc = panel_buf_puts(&b, "\n### Failures and warnings\n\n");
    for (size_t i = 0; rc == PANEL_E_OK && i < rep->n; i++) {
        const check_suite *s = &rep->suites[i];
        for (size_t j = 0; rc == PANEL_E_OK && j < s->n; j++) {
            const check_result *r = &s->items[j];
            if (r->status != CHECK_FAIL && r->status != CHECK_WARN)
                continue;
            rc = panel_buf_puts(&b, r->status == CHECK_FAIL ? "- FAIL **" : "- WARN **");
            if (rc == PANEL_E_OK)
                rc = report_md_escape(&b, s->dialect);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&b, "** ");
            if (rc == PANEL_E_OK)
                rc = code_span(&b, r->id);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&b, " at ");
            if (rc == PANEL_E_OK)
                rc = code_span(&b, r->field && r->field[0] ? r->field : "(body)");
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&b, ": ");
            if (rc == PANEL_E_OK)
                rc = report_md_escape(&b, r->message);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&b, " (basis: ");
            if (rc == PANEL_E_OK)
                rc = report_md_escape(&b, r->provenance ? r->provenance : "assumed");
            if (rc == PANEL_E_OK && r->src && r->src[0]) {
                rc = panel_buf_puts(&b, ", ");
                if (rc == PANEL_E_OK)
                    rc = report_md_escape(&b, r->src);
            }
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&b, ")");
            if (rc == PANEL_E_OK && (r->expected || r->actual)) {
                rc = panel_buf_puts(&b, "  \n  expected ");
                if (rc == PANEL_E_OK)
                    rc = code_span(&b, r->expected ? r->expected : "?");
                if (rc == PANEL_E_OK)
                    rc = panel_buf_puts(&b, ", got ");
                if (rc == PANEL_E_OK)
                    rc = code_span(&b, r->actual ? r->actual : "?");
            }
            if (rc == PANEL_E_OK && r->reproduce && r->reproduce[0]) {
                rc = panel_buf_puts(&b, "\n  <details><summary>reproduce</summary>\n\n"
                                        "  ```sh\n  ");
                for (const char *q = r->reproduce; rc == PANEL_E_OK && *q; q++)
                    rc = *q == '`'    ? panel_buf_puts(&b, "%60")
                         : *q == '\n' ? panel_buf_puts(&b, " ")
                                      : panel_buf_append(&b, q, 1);
                if (rc == PANEL_E_OK)
                    rc = panel_buf_puts(&b, "\n  ```\n  </details>");
            }
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&b, "\n");
        }
    }
    return report_buf_flush(&b, rc, f);
}
