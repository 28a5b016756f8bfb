/* report_junit.c - JUnit XML: a testsuite per dialect and action, a testcase per check. */
#include <string.h>

#include "report.h"

/* Appends the testsuite of one dialect/action. */
static panel_err suite_xml(panel_buf *b, const check_suite *s, const char *action)
{
    size_t p, f, k;
    if (!report_action_state(s, action, &p, &f, &k))
        return PANEL_E_OK;
    double ms = 0;
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->items[i].action, action))
            ms += s->items[i].elapsed_ms;
    panel_err rc = panel_buf_puts(b, "  <testsuite name=\"");
    if (rc == PANEL_E_OK)
        rc = report_xml_escape(b, s->dialect);
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(b,
                              ".%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                              "skipped=\"%zu\" time=\"%.3f\">\n",
                              action, p + f + k, f, k, ms / 1000.0);
    for (size_t i = 0; rc == PANEL_E_OK && i < s->n; i++) {
        const check_result *r = &s->items[i];
        if (strcmp(r->action, action))
            continue;
        rc = panel_buf_puts(b, "    <testcase classname=\"");
        if (rc == PANEL_E_OK)
            rc = report_xml_escape(b, s->dialect);
        if (rc == PANEL_E_OK)
            rc = panel_buf_printf(b, ".%s\" name=\"", action);
        if (rc == PANEL_E_OK)
            rc = report_xml_escape(b, r->id);
        if (rc == PANEL_E_OK)
            rc = panel_buf_printf(b, "\" time=\"%.3f\"", r->elapsed_ms / 1000.0);
        if (rc != PANEL_E_OK)
            break;
        if (r->status == CHECK_PASS) {
            rc = panel_buf_puts(b, "/>\n");
            continue;
        }
        rc = panel_buf_puts(b, ">\n");
        if (r->status == CHECK_WARN) { /* a warning passes; its finding goes to system-out */
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, "      <system-out>warning: ");
            if (rc == PANEL_E_OK)
                rc = report_xml_escape(b, r->message);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, "</system-out>\n");
        } else if (r->status == CHECK_SKIP) {
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, "      <skipped message=\"");
            if (rc == PANEL_E_OK)
                rc = report_xml_escape(b, r->message);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, "\"/>\n");
        } else {
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, "      <failure message=\"");
            if (rc == PANEL_E_OK)
                rc = report_xml_escape(b, r->message);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, "\" type=\"");
            if (rc == PANEL_E_OK)
                rc = report_xml_escape(b, r->field && r->field[0] ? r->field : "body");
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, "\">");
            const char *labels[] = {
                "severity: ", "\nfield: ", "\nexpected: ", "\nactual: ", "\nreproduce: "};
            const char *vals[] = {r->severity, r->field, r->expected, r->actual, r->reproduce};
            for (size_t j = 0; rc == PANEL_E_OK && j < 5; j++) {
                if (!vals[j])
                    continue;
                rc = panel_buf_puts(b, labels[j]);
                if (rc == PANEL_E_OK)
                    rc = report_xml_escape(b, vals[j]);
            }
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, "</failure>\n");
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(b, "    </testcase>\n");
    }
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(b, "  </testsuite>\n");
    return rc;
}

/* Writes the JUnit document. */
panel_err report_junit_write(const check_report *rep, FILE *f)
{
    panel_buf b;
    panel_buf_init(&b, 64u << 20);
    size_t p, fl, k, w, kinds[CHECK_SKIP__COUNT];
    check_report_totals(rep, &p, &fl, &k);
    check_report_totals2(rep, &w, kinds); /* a warning is a testcase that passes */
    panel_err rc = panel_buf_printf(&b,
                                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                    "<testsuites name=\"panelcheck\" tests=\"%zu\" "
                                    "failures=\"%zu\" errors=\"0\" skipped=\"%zu\" "
                                    "time=\"%.3f\">\n",
                                    p + w + fl + k, fl, k, rep->elapsed_ms / 1000.0);
    for (size_t i = 0; rc == PANEL_E_OK && i < rep->n; i++)
        for (size_t a = 0; rc == PANEL_E_OK && a < report_n_actions; a++)
            rc = suite_xml(&b, &rep->suites[i], report_actions[a]);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "</testsuites>\n");
    return report_buf_flush(&b, rc, f);
}
