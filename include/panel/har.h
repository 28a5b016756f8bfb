/* panel/har.h - recorded exchanges (HAR 1.2): a bounded, strict reader and the matcher that
 * finds the recorded answer for a request (panelcheck run --replay, panelmock --replay). */
#ifndef PANEL_HAR_H
#define PANEL_HAR_H

#include <stddef.h>

#include "panel/error.h"

#define PANEL_HAR_MAX_FILE (64u << 20) /* a recording larger than this is refused */
#define PANEL_HAR_MAX_ENTRIES 100000u
#define PANEL_HAR_MAX_PARAMS 256u
#define PANEL_HAR_MAX_BODY (8u << 20)   /* one response body */
#define PANEL_HAR_KEY_MASK "$PANEL_KEY" /* what a recording holds in place of the key */

/* One request parameter (from the query string or the body), both strings owned. */
typedef struct {
    char *name;
    char *value;
} panel_har_param;

/* The parameters of one request. */
typedef struct {
    panel_har_param *items;
    size_t n;
} panel_har_params;

/* One recorded exchange: the request's identity and the recorded answer (strings owned). */
typedef struct {
    char *method;
    char *path; /* the URL's path, without scheme, host and query */
    char *url;  /* as recorded (masked) */
    panel_har_params params;
    long status;
    char *status_text;
    char *content_type;
    char *retry_after; /* NULL: none */
    char *body;        /* NUL-terminated; body_len bytes */
    size_t body_len;
    int used; /* answered already (replay order) */
} panel_har_entry;

/* A loaded recording. */
typedef struct panel_har {
    panel_har_entry *entries;
    size_t n;
} panel_har;

/* Loads the HAR file at path into h (initialised by the callee; caller frees with
 * panel_har_free). Refuses a file over PANEL_HAR_MAX_FILE, invalid JSON, a member of the wrong
 * type, more than PANEL_HAR_MAX_ENTRIES entries; err then says where ("entries[3].response.
 * status: want an integer"). */
panel_err panel_har_load(const char *path, panel_har *h, char *err, size_t errsz);

/* Loads a recording from memory (as panel_har_load). */
panel_err panel_har_load_mem(const char *text, size_t n, panel_har *h, char *err, size_t errsz);
void panel_har_free(panel_har *h);

/* Extracts the parameters of a request: the URL's query string, then the body (form-encoded,
 * or a JSON object whose scalar members become text). out is initialised by the callee; caller
 * frees with panel_har_params_free. Occurrences of key (when non-NULL and non-empty) in any
 * value are replaced by PANEL_HAR_KEY_MASK. */
panel_err panel_har_params_new(const char *url, const char *content_type, const char *body,
                               size_t n, const char *key, panel_har_params *out);
void panel_har_params_free(panel_har_params *p);

/* The path of url ("/api/v2" of "http://h:1/api/v2?x=1") into out. */
void panel_har_url_path(const char *url, char *out, size_t outsz);

/* Finds the recorded answer for a request and marks it used: same method, path, action and
 * parameter names; among those, the most equal values first (ids and keys differ by value only),
 * unused ones in recorded order, and once every exact match is used the last of them again (a
 * poll that outlasts the recording). NULL when nothing fits; why then names the closest
 * recorded request. The key must already be masked in params. Not thread-safe. */
const panel_har_entry *panel_har_match(panel_har *h, const char *method, const char *path,
                                       const panel_har_params *params, char *why, size_t whysz);

#endif
