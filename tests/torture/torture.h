/* torture.h - the allocation-torture cases and the list the driver (torture.c) runs. A case is
 * a function that runs the code under test once and writes a canonical text of what it got
 * into out; the driver runs it clean, then once per k failing the k-th allocation, and
 * compares. Everything a case needs is prepared when it is registered (no allocation is
 * counted then); `before` puts shared state back before every run. */
#ifndef TORTURE_H
#define TORTURE_H

#include <stddef.h>

#include "panel/buf.h"
#include "panel/dialect.h"
#include "panel/error.h"

typedef struct {
    char name[160];
    void *ctx;                                   /* owned: freed with free_ctx */
    void (*before)(void *ctx);                   /* unarmed, before each run; may be NULL */
    panel_err (*run)(void *ctx, panel_buf *out); /* armed: the code under test */
    void (*free_ctx)(void *ctx);                 /* may be NULL: free() */
} torture_case;

typedef struct {
    torture_case *items;
    size_t n, cap;
    const char *src;            /* the source tree (dialects/, tests/) */
    panel_dialect_set dialects; /* every dialect of dialects/, loaded once, unarmed */
} torture_list;

/* Appends a case (name printf-formatted); takes ctx. Exits on NOMEM (never armed here). */
void torture_add(torture_list *l, void *ctx, void (*before)(void *),
                 panel_err (*run)(void *, panel_buf *), void (*free_ctx)(void *), const char *fmt,
                 ...) __attribute__((format(printf, 6, 7)));

/* Reads a whole file into a new NUL-terminated buffer (*n its length); exits on failure. */
char *torture_slurp(const char *path, size_t *n);

/* Registers the cases of each area. */
void torture_cases_core(torture_list *l);    /* dialect load, parse, render, form */
void torture_cases_mock(torture_list *l);    /* mock_handle, every action of every dialect */
void torture_cases_report(torture_list *l);  /* results set and every report writer */
void torture_cases_request(torture_list *l); /* the runner's requests, recordings (HAR) */
void torture_cases_harness(torture_list *l); /* panelcheck run (replay, embedded), detect draft */

/* Frees what the areas hold beyond their cases (the mock state). */
void torture_cases_mock_done(void);

#endif
