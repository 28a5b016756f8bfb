/* runner.h - runs the check catalogue for one dialect against one endpoint. */
#ifndef PANELCHECK_RUNNER_H
#define PANELCHECK_RUNNER_H

#include "results.h"
#include "http.h"
#include "panel/dialect.h"
#include "policy.h"

typedef struct {
    const panel_dialect *d;
    const char *url; /* the full endpoint URL */
    const char *key; /* never written anywhere; results are masked */
    http_client *http;
    policy *pol;
    unsigned only;         /* bit (1u << panel_action) per wanted action; 0: every action */
    int max_polls;         /* status polls to reach a terminal state at most; 0: 12 */
    long poll_interval_ms; /* wait between status polls (0: back to back, the embedded mock) */
    long poll_timeout_ms;  /* window for an order to settle; 0: unbounded by time */
    double deadline_ms;    /* monotonic time (runner_now_ms) the run must end by; 0: none */
    const volatile sig_atomic_t *interrupted; /* non-zero once SIGINT/SIGTERM arrived; or NULL */
    /* Called after every verdict (progress display); may be NULL. */
    void (*on_result)(const check_suite *s, const check_result *r, void *ud);
    void *ud;
} runner_opts;

/* Runs every check for o->d into out (initialised by the callee; caller frees with
 * check_suite_free). out->unreachable is set when the endpoint never answered. */
panel_err runner_run(const runner_opts *o, check_suite *out);

/* Milliseconds of a monotonic clock. */
double runner_now_ms(void);

/* Builds the slug of a service type name: "Custom Comments" -> "custom_comments". */
void runner_slug(const char *name, char *out, size_t outsz);

/* Parses "--only" text ("status,add") into an action mask; PANEL_E_USAGE on an unknown name. */
panel_err runner_only_mask(const char *text, unsigned *mask, char *bad, size_t badsz);

#endif
