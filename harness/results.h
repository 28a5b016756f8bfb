/* results.h - panelcheck's check results: one suite per dialect, one report per run. */
#ifndef PANELCHECK_RESULTS_H
#define PANELCHECK_RESULTS_H

#include <stddef.h>

#include "panel/error.h"

/* Outcomes, in increasing severity of the finding (a skip is no finding). */
typedef enum { CHECK_PASS, CHECK_SKIP, CHECK_WARN, CHECK_FAIL } check_status;

/* Why a check was skipped. */
#define CHECK_SKIP_MAP(XX)                                                                         \
    XX(NONE, "")                                                                                   \
    XX(NOT_DOCUMENTED, "not_documented") /* the dialect lacks what the check needs */              \
    XX(POLICY, "policy")                 /* not loopback without --allow-orders, spend limit */    \
    XX(NO_DATA, "no_data")               /* no service or order of the kind needed */              \
    XX(BLOCKED, "blocked")               /* an earlier failure left no input to judge */           \
    XX(TIMEOUT, "timeout")               /* the order did not settle in the window */              \
    XX(INTERRUPTED, "interrupted")       /* the run was stopped (signal, deadline, dead peer) */

typedef enum {
#define CHECK_SKIP_ENUM(e, name) CHECK_SKIP_##e,
    CHECK_SKIP_MAP(CHECK_SKIP_ENUM)
#undef CHECK_SKIP_ENUM
        CHECK_SKIP__COUNT
} check_skip_kind;

#define CHECK_EXAMPLES 3 /* examples kept per group of findings */

/* A group of findings of one check sharing a cause: a count and the first examples. */
typedef struct {
    check_status status; /* CHECK_FAIL or CHECK_WARN */
    char *provenance;    /* of the rule broken: "documented" | "example" | "assumed" */
    char *src;           /* its citation or the assumption's reason; may be NULL */
    char *cause;         /* what the findings share ("min over max") */
    size_t count;
    char *field, *expected, *actual, *reproduce; /* of the first finding; may be NULL */
    char *examples[CHECK_EXAMPLES];              /* messages of the first findings */
    size_t n_examples;
} check_finding;

/* One verdict. Every string is owned; no string holds the API key. */
typedef struct {
    char *id;      /* "status.multi_bogus_entry" */
    char *action;  /* "status" */
    char *dialect; /* the suite's dialect */
    check_status status;
    check_skip_kind skip_kind; /* skips only */
    char *severity;            /* "critical" | "major" | "minor" */
    char *section;             /* the document section the check is based on, or NULL */
    char *provenance;          /* basis of the verdict: "documented" | "example" | "assumed" */
    char *src;                 /* the basis' citation or assumption, may be NULL */
    char *message;             /* one line: the headline finding, or the skip reason */
    char *field;     /* fail/warn: JSON pointer, http.status, http.header.NAME or transport */
    char *expected;  /* fail/warn, may be NULL */
    char *actual;    /* fail/warn, may be NULL */
    char *reproduce; /* fail/warn: a curl command with $PANEL_URL and $PANEL_KEY; may be NULL */
    check_finding *findings; /* every finding, grouped, headline group first */
    size_t n_findings;
    double elapsed_ms;
} check_result;

/* The results of one dialect. */
typedef struct {
    char *dialect;
    char *endpoint;     /* masked */
    char *dialect_file; /* "dripfeedpanel.json" */
    char *dialect_hash; /* FNV-1a 64 of the file, 16 hex digits ("" unreadable) */
    check_result *items;
    size_t n, cap;
    size_t passed, failed, warned, skipped;
    size_t skips[CHECK_SKIP__COUNT]; /* skipped, by kind */
    int unreachable;                 /* the endpoint could not be reached (or died mid-run) */
    double elapsed_ms;
} check_suite;

/* What recreates a run (recorded in every report). */
typedef struct {
    char *version;      /* panelcheck's version */
    char *started;      /* UTC time the run started, ISO 8601 */
    char *mock_command; /* embedded runs: the panelmock command recreating the endpoint */
    char *mock_deviate; /* embedded runs: planted deviations, may be NULL */
    char *mock_faults;  /* embedded runs: faults, may be NULL */
    unsigned long long seed;
    int embedded;
    int strict;
} check_meta;

/* The results of one run: one suite, or every dialect for --dialect all. */
typedef struct {
    int all;        /* --dialect all */
    char *endpoint; /* masked; the base URL for all */
    check_suite *suites;
    size_t n;
    double elapsed_ms;
    int interrupted;            /* stopped by a signal or the deadline: the report holds what ran */
    const char *interrupted_by; /* "SIGINT", "SIGTERM", "deadline" or NULL */
    check_meta meta;
} check_report;

/* Initialises a suite (copies dialect, and endpoint with userinfo masked). */
panel_err check_suite_init(check_suite *s, const char *dialect, const char *endpoint,
                           const char *key);
void check_suite_free(check_suite *s);

/* Appends a verdict; copies every string (control bytes and bad UTF-8 replaced; a long key
 * that still occurs as a whole token is replaced by $PANEL_KEY). */
panel_err check_suite_add(check_suite *s, const char *key, const check_result *r);

/* Appends an empty suite to rep and returns it (borrowed), or NULL on NOMEM. */
check_suite *check_report_add_suite(check_report *rep);
void check_report_free(check_report *rep);

/* Totals across every suite of rep. */
void check_report_totals(const check_report *rep, size_t *passed, size_t *failed, size_t *skipped);
/* Warned and blocked-skip totals across every suite of rep. */
void check_report_totals2(const check_report *rep, size_t *warned, size_t *skips_by_kind);

/* Returns a new copy of s with every whole-token occurrence of key, raw or percent-encoded,
 * replaced by $PANEL_KEY (s NULL: NULL). A token is not preceded or followed by a letter,
 * digit or '_'; so key "x" leaves "max" alone. */
char *check_mask_new(const char *s, const char *key);

/* 1 when key occurs in the n bytes of buf as a whole token, raw or percent-encoded. */
int check_key_occurs(const char *buf, size_t n, const char *key);

/* Returns a new copy of url with the userinfo (user:password@) replaced by "$PANEL_USERINFO@". */
char *check_mask_url_new(const char *url);

const char *check_status_name(check_status st);      /* "pass" | "fail" | "warn" | "skip" */
const char *check_skip_kind_name(check_skip_kind k); /* "not_documented" ... ("" for NONE) */

#endif
