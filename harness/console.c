/* console.c - the console summary: progress and colours on a TTY, plain text otherwise. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

#define RED "\033[31m"
#define GREEN "\033[32m"

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

/* Rewrites the progress line after each verdict (TTY only). */
void console_progress(const check_suite *s, const check_result *r, void *ud)
{
    console *c = ud;
    c->done++;
    if (!c->tty)
        return;
    fprintf(c->out, "\r\033[K%s%-16s%s %4zu checks  %s%zu failed%s  %s", col(c, BOLD), s->dialect,
            col(c, RESET), c->done, s->failed ? col(c, RED) : "", s->failed, col(c, RESET), r->id);
    fflush(c->out);
}

/* Prints one line per failed check and the final counts line. */
void console_summary(console *c, const check_report *rep)
{
    if (c->tty)
        fputs("\r\033[K", c->out);
    for (size_t i = 0; i < rep->n; i++) {
        const check_suite *s = &rep->suites[i];
        fprintf(c->out, "%s%-16s%s %s%3zu passed%s, %s%3zu failed%s, %3zu skipped  (%.0f ms)%s\n",
                col(c, BOLD), s->dialect, col(c, RESET), col(c, GREEN), s->passed, col(c, RESET),
                s->failed ? col(c, RED) : "", s->failed, col(c, RESET), s->skipped, s->elapsed_ms,
                s->unreachable ? "  UNREACHABLE" : "");
    }
    for (size_t i = 0; i < rep->n; i++) {
        const check_suite *s = &rep->suites[i];
        for (size_t j = 0; j < s->n; j++) {
            const check_result *r = &s->items[j];
            if (r->status != CHECK_FAIL)
                continue;
            fprintf(c->out, "%sFAIL%s %s %s [%s] %s\n", col(c, RED), col(c, RESET), s->dialect,
                    r->id, r->field && r->field[0] ? r->field : "body", r->message);
        }
    }
    size_t p, f, k;
    check_report_totals(rep, &p, &f, &k);
    fprintf(c->out, "%s%zu passed, %zu failed, %zu skipped%s\n", col(c, f ? RED : GREEN), p, f, k,
            col(c, RESET));
    fflush(c->out);
}
