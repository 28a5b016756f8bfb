/* results.h - panelcheck's check results: one suite per dialect, one report per run. */
#ifndef PANELCHECK_RESULTS_H
#define PANELCHECK_RESULTS_H

#include <stddef.h>

#include "panel/error.h"

typedef enum { CHECK_PASS, CHECK_FAIL, CHECK_SKIP } check_status;

/* One verdict. Every string is owned and already masked (no API key inside). */
typedef struct {
    char *id;      /* "status.multi_bogus_entry" */
    char *action;  /* "status" */
    char *dialect; /* the suite's dialect */
    check_status status;
    char *severity;  /* "critical" | "major" | "minor" */
    char *section;   /* the document section the check is based on, or NULL */
    char *message;   /* one line; the skip reason for skips */
    char *field;     /* failures: JSON pointer, http.status, http.header.NAME or transport */
    char *expected;  /* failures, may be NULL */
    char *actual;    /* failures, may be NULL */
    char *reproduce; /* failures: a curl command with $PANEL_KEY; may be NULL */
    double elapsed_ms;
} check_result;

/* The results of one dialect. */
typedef struct {
    char *dialect;
    char *endpoint; /* masked */
    check_result *items;
    size_t n, cap;
    size_t passed, failed, skipped;
    int unreachable; /* the endpoint could not be reached */
    double elapsed_ms;
} check_suite;

/* The results of one run: one suite, or every dialect for --dialect all. */
typedef struct {
    int all;        /* --dialect all */
    char *endpoint; /* masked; the base URL for all */
    check_suite *suites;
    size_t n;
    double elapsed_ms;
} check_report;

/* Initialises a suite (copies dialect and endpoint, masking key inside the endpoint). */
panel_err check_suite_init(check_suite *s, const char *dialect, const char *endpoint,
                           const char *key);
void check_suite_free(check_suite *s);

/* Appends a verdict; copies every string, replacing key by $PANEL_KEY in each. */
panel_err check_suite_add(check_suite *s, const char *key, const check_result *r);

/* Appends an empty suite to rep and returns it (borrowed), or NULL on NOMEM. */
check_suite *check_report_add_suite(check_report *rep);
void check_report_free(check_report *rep);

/* Totals across every suite of rep. */
void check_report_totals(const check_report *rep, size_t *passed, size_t *failed, size_t *skipped);

/* Returns a new copy of s with every occurrence of key replaced by $PANEL_KEY (s NULL: NULL). */
char *check_mask_new(const char *s, const char *key);

const char *check_status_name(check_status st); /* "pass" | "fail" | "skip" */

#endif
