/* panel/form.h - application/x-www-form-urlencoded codec with caps. */
#ifndef PANEL_FORM_H
#define PANEL_FORM_H

#include <stddef.h>

#include "panel/buf.h"
#include "panel/error.h"

#define PANEL_FORM_MAX_PARAMS 64 /* default parameter-count cap */

typedef struct {
    char *name;  /* owned, decoded, NUL-terminated (embedded NULs are rejected) */
    char *value; /* owned, decoded, NUL-terminated; "" for `a=` and for a bare `a` */
} panel_form_pair;

typedef struct {
    panel_form_pair *pairs; /* owned array, in input order; duplicates kept */
    size_t count;
    size_t max_params; /* cap used when decoding */
    int duplicates;    /* set when a name occurs more than once */
    int nomem;         /* set when panel_form_add failed for want of memory: a pair is missing */
} panel_form;

/* Initialises an empty form that will accept at most max_params pairs (0 = default). */
void panel_form_init(panel_form *f, size_t max_params);

/* Frees every pair. */
void panel_form_free(panel_form *f);

/* Decodes body[0..n) into f (appending). '+' is a space, %XX is a byte; an invalid escape
 * (%G1, a trailing %, %4) fails with PANEL_E_PARSE, a decoded NUL with PANEL_E_PARSE,
 * more than max_params pairs with PANEL_E_TOO_LARGE. Empty segments (`a=1&&b=2`) are
 * skipped. Repeated parameters (dialects/README.md): a name given again with the same value
 * is kept (and sets duplicates); given again with another value (`key=a&key=b`) the text is
 * ambiguous and decoding fails with PANEL_E_PARSE. The rule holds within one call: pairs f held
 * before it (say a query string decoded before the body) may differ, and the later wins on
 * get. On error f holds what was decoded before it. */
panel_err panel_form_decode(panel_form *f, const char *body, size_t n);

/* Appends a pair (copies both strings); PANEL_E_NOMEM also sets f->nomem, so that code building
 * a request from f can refuse it rather than send it short of the pair. */
panel_err panel_form_add(panel_form *f, const char *name, const char *value);

/* Returns the value of the LAST pair named name, borrowed from f; NULL when absent. One decoded
 * text holds one value per name; among several decodes or pairs added by hand the last wins. */
const char *panel_form_get_borrow(const panel_form *f, const char *name);

/* Counts the pairs named name. */
size_t panel_form_count(const panel_form *f, const char *name);

/* Percent-encodes s into out: unreserved bytes (A-Z a-z 0-9 - . _ ~) as is, space as '+',
 * everything else %XX (upper-case hex). */
panel_err panel_form_escape(panel_buf *out, const char *s, size_t n);

/* Encodes every pair as name=value&name=value into out. */
panel_err panel_form_encode(const panel_form *f, panel_buf *out);

#endif
