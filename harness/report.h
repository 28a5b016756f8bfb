/* report.h - the report writers and the console summary of a check_report. */
#ifndef PANELCHECK_REPORT_H
#define PANELCHECK_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "results.h"
#include "panel/buf.h"

/* The JSON report (DESIGN.md contract) as a new reference; NULL on NOMEM. */
json_t *report_json_new(const check_report *rep);

/* Writers: each writes the whole report to f. PANEL_E_IO on a write error. */
panel_err report_json_write(const check_report *rep, FILE *f);
panel_err report_junit_write(const check_report *rep, FILE *f);
panel_err report_html_write(const check_report *rep, FILE *f);
panel_err report_md_write(const check_report *rep, FILE *f);

/* Appends s escaped for XML text and attributes (&<>"' and control characters). */
panel_err report_xml_escape(panel_buf *b, const char *s);

/* Appends s escaped for HTML text and attributes. */
panel_err report_html_escape(panel_buf *b, const char *s);

/* Appends s escaped for a Markdown table cell (pipes, backticks, newlines, HTML). */
panel_err report_md_escape(panel_buf *b, const char *s);

/* Writes b to f when rc is OK, then frees b; returns rc, or PANEL_E_IO on a short write. */
panel_err report_buf_flush(panel_buf *b, panel_err rc, FILE *f);

/* Console output: progress on a TTY, one line per failure, the final counts line. */
typedef struct {
    FILE *out;
    int tty;     /* progress line and colours */
    int color;   /* colours (tty && !--no-color) */
    int verbose; /* -v: reproduce commands of failures */
    size_t done;
    char last_action[32]; /* progress without a TTY: the action of the last line */
    char last_dialect[64];
} console;

void console_init(console *c, FILE *out, int no_color);
/* Progress callback for runner_opts.on_result (ud is the console). */
void console_progress(const check_suite *s, const check_result *r, void *ud);
/* Prints the failures and the final "N passed, N failed, N skipped" line. */
void console_summary(console *c, const check_report *rep);

/* The actions in report order and the result of one action of a suite:
 * 0 none, 1 all pass, 2 some skipped none failed, 3 failed. */
int report_action_state(const check_suite *s, const char *action, size_t *pass, size_t *fail,
                        size_t *skip);
extern const char *const report_actions[];
extern const size_t report_n_actions;

#endif
