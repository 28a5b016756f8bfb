/* console.c - the console: progress (a line per action without a TTY), one line per failure
 * and warning with expected and actual, skips grouped by kind, and the final counts. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"

#define BOLD "\033[1m"
#define RESET "\033[0m"

/* Sets up console output on out; colours only on a TTY without --no-color or $NO_COLOR. */
void console_init(console *c, FILE *out, int no_color)
{
    memset(c, 0, sizeof(*c));
    c->out = out;
    c->tty = isatty(fileno(out));
    const char *nc = getenv("NO_COLOR");
    c->color = c->tty && !no_color && !(nc && nc[0]);
}

/* Returns the escape sequence when colours are on, else "". */
static const char *col(const console *c, const char *seq)
{
    return c->color ? seq : "";
}

/* Rewrites the progress line after each verdict on a TTY; otherwise prints a line whenever
 * the run moves on to another action. */
void console_progress(const check_suite *s, const check_result *r, void *ud)
{
    console *c = ud;
    c->done++;
    if (!c->tty) {
        if (strcmp(c->last_action, r->action) || strcmp(c->last_dialect, s->dialect)) {
            snprintf(c->last_action, sizeof(c->last_action), "%s", r->action);
            snprintf(c->last_dialect, sizeof(c->last_dialect), "%s", s->dialect);
            fprintf(c->out, "... %s %s\n", s->dialect, r->action);
            fflush(c->out);
        }
        return;
    }
    fprintf(c->out, "\r\033[K%s%-16s%s %4zu checks  %s%zu failed%s  %s", col(c, BOLD), s->dialect,
            col(c, RESET), c->done, s->failed ? col(c, RED) : "", s->failed, col(c, RESET), r->id);
    fflush(c->out);
}

/* Prints one failure or warning with expected/actual and its other findings. */
static void finding_lines(console *c, const check_suite *s, const check_result *r)
{
    int fail = r->status == CHECK_FAIL;
    fprintf(c->out, "%s%s%s %s %s [%s] %s\n", col(c, fail ? RED : YELLOW), fail ? "FAIL" : "WARN",
            col(c, RESET), s->dialect, r->id, r->field && r->field[0] ? r->field : "body",
            r->message);
    if (r->expected || r->actual)
        fprintf(c->out, "     expected: %s\n     actual:   %s\n", r->expected ? r->expected : "-",
                r->actual ? r->actual : "-");
    fprintf(c->out, "     basis:    %s%s%s\n", r->provenance ? r->provenance : "assumed",
            r->src && r->src[0] ? " " : "", r->src ? r->src : "");
    for (size_t g = 1; g < r->n_findings; g++) {
        const check_finding *f = &r->findings[g];
        fprintf(c->out, "     also %s: %zu x %s (e.g. %s)\n", check_status_name(f->status),
                f->count, f->cause, f->n_examples ? f->examples[0] : "");
    }
    if (r->n_findings && r->findings[0].count > 1)
        fprintf(c->out, "     %zu findings like it\n", r->findings[0].count);
    if (c->verbose && r->reproduce && r->reproduce[0])
        fprintf(c->out, "     reproduce: %s\n", r->reproduce);
}

/* Prints the skips grouped by kind and reason (reason counted once per kind). */
static void skip_lines(console *c, const check_report *rep)
{
    for (int k = 1; k < CHECK_SKIP__COUNT; k++) {
        size_t shown = 0;
        for (size_t i = 0; i < rep->n; i++) {
            const check_suite *s = &rep->suites[i];
            for (size_t j = 0; j < s->n; j++) {
                const check_result *r = &s->items[j];
                if (r->status != CHECK_SKIP || (int)r->skip_kind != k)
                    continue;
                int seen = 0; /* an earlier skip of this kind with the same reason */
                for (size_t jj = 0; jj < j && !seen; jj++)
                    seen = s->items[jj].status == CHECK_SKIP && (int)s->items[jj].skip_kind == k &&
                           !strcmp(s->items[jj].message, r->message);
                if (seen)
                    continue;
                size_t same = 0;
                for (size_t jj = j; jj < s->n; jj++)
                    same += s->items[jj].status == CHECK_SKIP && (int)s->items[jj].skip_kind == k &&
                            !strcmp(s->items[jj].message, r->message);
                if (shown++ < 8)
                    fprintf(c->out, "SKIP %s %s: %zu check%s (%s...): %s\n",
                            check_skip_kind_name((check_skip_kind)k), s->dialect, same,
                            same == 1 ? "" : "s", r->id, r->message);
            }
        }
        if (shown > 8)
            fprintf(c->out, "SKIP %s: %zu more reasons (see the reports)\n",
                    check_skip_kind_name((check_skip_kind)k), shown - 8);
    }
}

/* Prints the per-dialect counts, failures, warnings, skips and the final lines. */
void console_summary(console *c, const check_report *rep)
{
    if (c->tty)
        fputs("\r\033[K", c->out);
    for (size_t i = 0; i < rep->n; i++) {
        const check_suite *s = &rep->suites[i];
        fprintf(c->out,
                "%s%-16s%s %s%3zu passed%s, %s%3zu failed%s, %3zu warned, %3zu skipped  (%.0f "
                "ms)%s\n",
                col(c, BOLD), s->dialect, col(c, RESET), col(c, GREEN), s->passed, col(c, RESET),
                s->failed ? col(c, RED) : "", s->failed, col(c, RESET), s->warned, s->skipped,
                s->elapsed_ms, s->unreachable ? "  UNREACHABLE" : "");
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rep->n; i++) {
            const check_suite *s = &rep->suites[i];
            for (size_t j = 0; j < s->n; j++)
                if (s->items[j].status == (pass ? CHECK_WARN : CHECK_FAIL))
                    finding_lines(c, s, &s->items[j]);
        }
    skip_lines(c, rep);
    size_t p, f, k, w, kinds[CHECK_SKIP__COUNT];
    check_report_totals(rep, &p, &f, &k);
    check_report_totals2(rep, &w, kinds);
    if (c->verbose)
        fprintf(c->out,
                "reproduce commands read the endpoint from $PANEL_URL (%s) and the key "
                "from $PANEL_KEY\n",
                rep->endpoint ? rep->endpoint : "");
    if (rep->interrupted)
        fprintf(c->out, "%sinterrupted (%s): the reports hold what ran%s\n", col(c, RED),
                rep->interrupted_by ? rep->interrupted_by : "?", col(c, RESET));
    fprintf(c->out, "skipped by kind:");
    for (int i = 1; i < CHECK_SKIP__COUNT; i++)
        fprintf(c->out, " %s %zu%s", check_skip_kind_name((check_skip_kind)i), kinds[i],
                i + 1 < CHECK_SKIP__COUNT ? "," : "\n");
    fprintf(c->out, "%s%zu passed, %zu failed, %zu warned, %zu skipped%s\n",
            col(c, f   ? RED
                   : w ? YELLOW
                       : GREEN),
            p, f, w, k, col(c, RESET));
    fflush(c->out);
}
