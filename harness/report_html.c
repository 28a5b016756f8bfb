/* report_html.c - one self-contained HTML page: badges, matrices, failures, every check. */
#include <string.h>

#include "report.h"

static const char CSS[] =
    ":root{--ok:#1a7f37;--okbg:#dafbe1;--bad:#cf222e;--badbg:#ffebe9;--skip:#6e7781;"
    "--skipbg:#eaeef2;--warn:#9a6700;--warnbg:#fff8c5;--fg:#1f2328;--muted:#59636e;--line:#d0d7de;-"
    "-bg:#f6f8fa}"
    "*{box-sizing:border-box}body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"
    "'Segoe UI',Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}"
    "header{background:#24292f;color:#fff;padding:20px 32px}header h1{margin:0 0 4px;"
    "font-size:22px}header .sub{color:#c9d1d9;font-size:13px;word-break:break-all}"
    "main{max-width:1200px;margin:0 auto;padding:24px 32px}"
    "section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;"
    "margin:0 0 20px}h2{font-size:18px;margin:0 0 12px;display:flex;align-items:center;gap:10px;"
    "flex-wrap:wrap}h3{font-size:15px;margin:18px 0 8px}"
    ".badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;"
    "font-weight:600}.b-ok{background:var(--okbg);color:var(--ok)}.b-bad{background:var(--badbg);"
    "color:var(--bad)}.b-skip{background:var(--skipbg);color:var(--skip)}"
    ".b-warn{background:var(--warnbg);color:var(--warn)}"
    ".big{font-size:15px;padding:4px 14px}"
    "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);"
    "padding:6px 8px;text-align:left;vertical-align:top}th{font-size:12px;color:var(--muted);"
    "text-transform:uppercase;letter-spacing:.03em}"
    "td.c{text-align:center;font-weight:600}td.ok{background:var(--okbg);color:var(--ok)}"
    "td.bad{background:var(--badbg);color:var(--bad)}td.skip{background:var(--skipbg);"
    "color:var(--skip)}td.none{color:#bbb}td.warn{background:var(--warnbg);color:var(--warn)}"
    ".chips{display:flex;flex-wrap:wrap;gap:4px}.chip{font:11px ui-monospace,SFMono-Regular,"
    "Menlo,monospace;padding:1px 6px;border-radius:4px;border:1px solid transparent}"
    ".chip.pass{background:var(--okbg);color:var(--ok)}.chip.fail{background:var(--badbg);"
    "color:var(--bad);border-color:var(--bad)}.chip.skip{background:var(--skipbg);"
    "color:var(--skip)}.chip.warn{background:var(--warnbg);color:var(--warn);"
    "border-color:var(--warn)}"
    ".fail-card{border:1px solid #ffcecb;border-left:4px solid var(--bad);border-radius:6px;"
    "padding:10px 14px;margin:10px 0;background:#fff}"
    ".fail-card.warn{border-color:#eac54f;border-left-color:var(--warn)}"
    ".fail-card .id{font:600 13px ui-monospace,SFMono-Regular,Menlo,monospace}"
    ".fail-card .msg{margin:4px 0 8px}.kv{display:grid;grid-template-columns:90px 1fr;"
    "gap:2px 12px;font-size:13px}.kv .k{color:var(--muted)}"
    "code,pre{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}"
    "pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px 10px;"
    "white-space:pre-wrap;word-break:break-all;margin:6px 0 0}"
    "details summary{cursor:pointer;color:var(--muted);margin:8px 0}"
    ".st-pass{color:var(--ok);font-weight:600}.st-fail{color:var(--bad);font-weight:600}"
    ".st-skip{color:var(--skip)}.muted{color:var(--muted)}footer{color:var(--muted);"
    "font-size:12px;text-align:center;padding:0 0 24px}.st-warn{color:var(--warn);font-weight:600}";

/* Appends text with printf-like literal parts and one escaped value: pre + esc(v) + post. */
static panel_err wrap(panel_buf *b, const char *pre, const char *v, const char *post)
{
    panel_err rc = panel_buf_puts(b, pre);
    if (rc == PANEL_E_OK)
        rc = report_html_escape(b, v);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(b, post);
    return rc;
}

/* Appends the four count badges (p counts the passes without the w warnings). */
static panel_err badges(panel_buf *b, size_t p, size_t f, size_t w, size_t k, int big)
{
    const char *sz = big ? " big" : "";
    return panel_buf_printf(b,
                            "<span class=\"badge b-ok%s\">%zu passed</span>"
                            "<span class=\"badge %s%s\">%zu failed</span>"
                            "<span class=\"badge %s%s\">%zu warned</span>"
                            "<span class=\"badge b-skip%s\">%zu skipped</span>",
                            sz, p, f ? "b-bad" : "b-skip", sz, f, w ? "b-warn" : "b-skip", sz, w,
                            sz, k);
}

/* Warnings among the checks of action in s. */
static size_t action_warned(const check_suite *s, const char *action)
{
    size_t w = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].status == CHECK_WARN && !strcmp(s->items[i].action, action))
            w++;
    return w;
}

/* Appends the dialect x action overview (for several dialects). */
static panel_err overview(panel_buf *b, const check_report *rep)
{
    panel_err rc = panel_buf_puts(b, "<section><h2>Overview</h2><table><tr><th>dialect</th>");
    for (size_t a = 0; rc == PANEL_E_OK && a < report_n_actions; a++)
        rc = panel_buf_printf(b, "<th>%s</th>", report_actions[a]);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(b, "</tr>");
    for (size_t i = 0; rc == PANEL_E_OK && i < rep->n; i++) {
        const check_suite *s = &rep->suites[i];
        rc = wrap(b, "<tr><td><a href=\"#d-", s->dialect, "\">");
        if (rc == PANEL_E_OK)
            rc = wrap(b, "", s->dialect, "</a></td>");
        for (size_t a = 0; rc == PANEL_E_OK && a < report_n_actions; a++) {
            size_t ps, fs, ks;
            int st = report_action_state(s, report_actions[a], &ps, &fs, &ks);
            if (st == 0)
                rc = panel_buf_puts(b, "<td class=\"c none\">·</td>");
            else if (st == 3)
                rc = panel_buf_printf(b, "<td class=\"c bad\">✗ %zu/%zu</td>", fs, ps + fs);
            else if (st == 2)
                rc = panel_buf_printf(b, "<td class=\"c skip\">skip %zu</td>", ks);
            else if (action_warned(s, report_actions[a]))
                rc = panel_buf_printf(b, "<td class=\"c warn\">⚠ %zu/%zu</td>",
                                      action_warned(s, report_actions[a]), ps);
            else
                rc = panel_buf_printf(b, "<td class=\"c ok\">✓ %zu</td>", ps);
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(b, "</tr>");
    }
    return rc == PANEL_E_OK ? panel_buf_puts(b, "</table></section>") : rc;
}

/* Appends the actions x checks matrix of one suite. */
static panel_err matrix(panel_buf *b, const check_suite *s)
{
    panel_err rc = panel_buf_puts(b, "<table><tr><th style=\"width:130px\">action</th>"
                                     "<th style=\"width:110px\">result</th><th>checks</th></tr>");
    for (size_t a = 0; rc == PANEL_E_OK && a < report_n_actions; a++) {
        size_t ps, fs, ks;
        int st = report_action_state(s, report_actions[a], &ps, &fs, &ks);
        if (!st)
            continue;
        size_t ws = action_warned(s, report_actions[a]);
        rc = panel_buf_printf(b,
                              "<tr><td><code>%s</code></td><td class=\"c %s\">%zu/%zu%s%s</td>"
                              "<td><div class=\"chips\">",
                              report_actions[a],
                              st == 3   ? "bad"
                              : st == 2 ? "skip"
                              : ws      ? "warn"
                                        : "ok",
                              ps, ps + fs, ws ? " +warn" : "", ks ? " +skip" : "");
        for (size_t i = 0; rc == PANEL_E_OK && i < s->n; i++) {
            const check_result *r = &s->items[i];
            if (strcmp(r->action, report_actions[a]))
                continue;
            rc = panel_buf_printf(b, "<span class=\"chip %s\" title=\"",
                                  check_status_name(r->status));
            if (rc == PANEL_E_OK)
                rc = wrap(b, "", r->message, "\">");
            if (rc == PANEL_E_OK)
                rc = wrap(b, "", r->id, "</span>");
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(b, "</div></td></tr>");
    }
    return rc == PANEL_E_OK ? panel_buf_puts(b, "</table>") : rc;
}

/* Appends one failure or warning card, with the basis of the rule it broke. */
static panel_err failure(panel_buf *b, const check_result *r)
{
    int warn = r->status == CHECK_WARN;
    panel_err rc = wrap(b,
                        warn ? "<div class=\"fail-card warn\"><div class=\"id\">"
                             : "<div class=\"fail-card\"><div class=\"id\">",
                        r->id, "");
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(b, " <span class=\"badge %s\">%s</span>", warn ? "b-warn" : "b-bad",
                              warn ? "warn" : "fail");
    if (rc == PANEL_E_OK)
        rc = wrap(b, " <span class=\"badge b-skip\">", r->severity ? r->severity : "major",
                  "</span></div>");
    if (rc == PANEL_E_OK)
        rc = wrap(b, "<div class=\"msg\">", r->message, "</div><div class=\"kv\">");
    const char *k[] = {"action", "field", "expected", "actual", "section", "basis", "source"};
    const char *v[] = {r->action,
                       r->field && r->field[0] ? r->field : "(body)",
                       r->expected,
                       r->actual,
                       r->section,
                       r->provenance ? r->provenance : "assumed",
                       r->src && r->src[0] ? r->src : NULL};
    for (size_t i = 0; rc == PANEL_E_OK && i < 7; i++) {
        if (!v[i])
            continue;
        rc = panel_buf_printf(b, "<span class=\"k\">%s</span>", k[i]);
        if (rc == PANEL_E_OK)
            rc = wrap(b, "<code>", v[i], "</code>");
    }
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(b, "</div>");
    if (rc == PANEL_E_OK && r->reproduce && r->reproduce[0])
        rc = wrap(b, "<pre>", r->reproduce, "</pre>");
    return rc == PANEL_E_OK ? panel_buf_puts(b, "</div>") : rc;
}

/* Appends the section of one dialect. */
static panel_err suite_html(panel_buf *b, const check_suite *s)
{
    panel_err rc = wrap(b, "<section id=\"d-", s->dialect, "\"><h2>");
    if (rc == PANEL_E_OK)
        rc = wrap(b, "", s->dialect, " ");
    if (rc == PANEL_E_OK)
        rc = badges(b, s->passed, s->failed, s->warned, s->skipped, 0);
    if (rc == PANEL_E_OK && s->unreachable)
        rc = panel_buf_puts(b, "<span class=\"badge b-bad\">unreachable</span>");
    if (rc == PANEL_E_OK)
        rc = wrap(b, "</h2><div class=\"muted\">endpoint <code>", s->endpoint, "</code>");
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(b, " · %.0f ms</div><h3>Actions × checks</h3>", s->elapsed_ms);
    if (rc == PANEL_E_OK)
        rc = matrix(b, s);
    if (rc == PANEL_E_OK && s->failed)
        rc = panel_buf_printf(b, "<h3>Failures (%zu)</h3>", s->failed);
    for (size_t i = 0; rc == PANEL_E_OK && i < s->n; i++)
        if (s->items[i].status == CHECK_FAIL)
            rc = failure(b, &s->items[i]);
    if (rc == PANEL_E_OK && s->warned)
        rc = panel_buf_printf(b, "<h3>Warnings (%zu)</h3>", s->warned);
    for (size_t i = 0; rc == PANEL_E_OK && i < s->n; i++)
        if (s->items[i].status == CHECK_WARN)
            rc = failure(b, &s->items[i]);
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(b,
                              "<details><summary>All %zu checks</summary><table><tr><th>check"
                              "</th><th>action</th><th>status</th><th>severity</th>"
                              "<th>basis</th><th>ms</th><th>message</th></tr>",
                              s->n);
    for (size_t i = 0; rc == PANEL_E_OK && i < s->n; i++) {
        const check_result *r = &s->items[i];
        rc = wrap(b, "<tr><td><code>", r->id, "</code></td>");
        if (rc == PANEL_E_OK)
            rc = wrap(b, "<td>", r->action, "</td>");
        if (rc == PANEL_E_OK)
            rc = panel_buf_printf(b, "<td class=\"st-%s\">%s</td>", check_status_name(r->status),
                                  check_status_name(r->status));
        if (rc == PANEL_E_OK)
            rc = wrap(b, "<td>", r->severity ? r->severity : "", "</td>");
        if (rc == PANEL_E_OK)
            rc = wrap(b, "<td>", r->provenance ? r->provenance : "", "</td>");
        if (rc == PANEL_E_OK)
            rc = panel_buf_printf(b, "<td>%.1f</td>", r->elapsed_ms);
        if (rc == PANEL_E_OK)
            rc = wrap(b, "<td>", r->message, "</td></tr>");
    }
    return rc == PANEL_E_OK ? panel_buf_puts(b, "</table></details></section>") : rc;
}

/* Writes the page. */
panel_err report_html_write(const check_report *rep, FILE *f)
{
    panel_buf b;
    panel_buf_init(&b, 64u << 20);
    size_t p, fl, k, w, kinds[CHECK_SKIP__COUNT];
    check_report_totals(rep, &p, &fl, &k);
    check_report_totals2(rep, &w, kinds);
    const char *title = rep->all || rep->n != 1 ? "all dialects" : rep->suites[0].dialect;
    panel_err rc = wrap(&b,
                        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                        "<title>panelcheck — ",
                        title, "</title><style>");
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, CSS);
    if (rc == PANEL_E_OK)
        rc = wrap(&b, "</style></head><body><header><h1>panelcheck · ", title, "</h1>");
    if (rc == PANEL_E_OK)
        rc = wrap(&b, "<div class=\"sub\">", rep->endpoint ? rep->endpoint : "", "</div>");
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "</header><main><section><h2>Summary ");
    if (rc == PANEL_E_OK)
        rc = badges(&b, p, fl, w, k, 1);
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(&b,
                              "<span class=\"muted\" style=\"font-weight:400;font-size:13px\">"
                              "%zu dialect%s · %.0f ms</span></h2></section>",
                              rep->n, rep->n == 1 ? "" : "s", rep->elapsed_ms);
    if (rc == PANEL_E_OK && (rep->all || rep->n > 1))
        rc = overview(&b, rep);
    for (size_t i = 0; rc == PANEL_E_OK && i < rep->n; i++)
        rc = suite_html(&b, &rep->suites[i]);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "</main><footer>generated by panelcheck · the API key is shown as "
                                "<code>$PANEL_KEY</code></footer></body></html>\n");
    return report_buf_flush(&b, rc, f);
}
