/* panel/parse.h - the one parser: provider response bytes + dialect -> normalized value
 * plus diagnostics; and the renderer back from a normalized value to the dialect's JSON. */
#ifndef PANEL_PARSE_H
#define PANEL_PARSE_H

#include <jansson.h>
#include <stddef.h>

#include "panel/buf.h"
#include "panel/dialect.h"
#include "panel/result.h"

#define PANEL_PARSE_MAX_BODY (8u << 20) /* default body cap, bytes */
#define PANEL_PARSE_MAX_DEPTH 32        /* default JSON nesting cap */

typedef struct {
    int multi;        /* 1 multi form, 0 single form, -1 detect from the body */
    int64_t quantity; /* ordered quantity for remains checks; 0 = unknown */
    size_t max_body;  /* 0 = PANEL_PARSE_MAX_BODY */
    size_t max_depth; /* 0 = PANEL_PARSE_MAX_DEPTH */
    size_t max_ids;   /* 0 = the dialect's max_ids */
} panel_parse_opts;

/* Parses body[0..n) as the answer to `action` in dialect d. Never fails on bad input:
 * *out is always a new result (caller frees) holding what could be recovered plus
 * diagnostics. Returns PANEL_E_NOMEM or PANEL_E_INVALID (NULL d/out) only. opts may be
 * NULL. A body that is the dialect's error envelope ({"error":"..."}) sets r->error and
 * adds API_ERROR, unless action is PANEL_ACTION_ERROR. */
panel_err panel_parse(const panel_dialect *d, panel_action action, const char *body, size_t n,
                      const panel_parse_opts *opts, panel_result **out);

/* Checks that body[0..n) is one JSON text as the parser reads it (RFC 8259, strict, UTF-8),
 * without a dialect: for callers that only need "is this JSON?" (the runner's JSON checks) and
 * must not use a second, laxer parser. Returns PANEL_E_OK, PANEL_E_PARSE (text, when non-NULL,
 * gets an ASCII reason with "(line L, column C)"; an empty body is "empty body") or
 * PANEL_E_NOMEM. Nesting deeper than 2,048 counts as invalid. */
panel_err panel_json_validate(const char *body, size_t n, char *text, size_t textsz);

/* 1 when s[0..n) is valid UTF-8 (no overlong form, surrogate or code point past U+10FFFF), the
 * rule the reader applies to JSON strings; allocates nothing. */
int panel_utf8_valid(const char *s, size_t n);

/* Renders a normalized value in dialect d's documented shape (wrappers, id kinds, money as
 * strings with d->money_decimals places, the dialect's status words and error entry shape).
 * Returns a new JSON reference, or NULL on NOMEM or when the action is not documented. */
json_t *panel_render_new(const panel_dialect *d, const panel_result *r);

/* Appends r rendered as compact JSON straight into out: byte for byte what panel_render_new
 * plus panel_json_dump give, without building a tree (the mock's fast path). Returns
 * PANEL_E_UNSUPPORTED, out unchanged, when r needs the tree path (reals, strings to escape,
 * wrappers...): the caller then renders with panel_render_new. */
panel_err panel_render_bytes(const panel_dialect *d, const panel_result *r, panel_buf *out);

/* Renders the dialect's top-level error envelope {"<error_field>": message}. */
json_t *panel_render_error_new(const panel_dialect *d, const char *message);

/* Serialises JSON compactly, in key insertion order, into out (capped). */
panel_err panel_json_dump(const json_t *j, panel_buf *out);

/* Builders that are whole or absent: sets o[key] to v (stolen; a NULL v, a failed allocation,
 * counts as a failure) and sets *bad on any failure. */
void panel_json_put(json_t *o, const char *key, json_t *v, int *bad);
/* Appends v (stolen; NULL counts as a failure) to a; sets *bad on failure. */
void panel_json_push(json_t *a, json_t *v, int *bad);
/* Returns o, or NULL (o released) when bad: what was built is given whole or not at all. */
json_t *panel_json_whole(json_t *o, int bad);

#endif
