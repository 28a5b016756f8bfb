/* har.h - recording exchanges as HAR 1.2 (--record) and answering them again (--replay). */
#ifndef PANELCHECK_HAR_H
#define PANELCHECK_HAR_H

#include <stddef.h>

#include "http.h"
#include "panel/har.h"

#define HAR_MAX_SECRETS 64

typedef struct har_log har_log;

/* Creates an empty recording; caller frees with har_log_free. */
panel_err har_log_new(har_log **out);
void har_log_free(har_log *l);

/* Adds a secret (an API key) that is written as $PANEL_KEY wherever it occurs in a later
 * entry, raw, form-encoded or JSON-escaped. Thread-safe. */
panel_err har_log_add_key(har_log *l, const char *key);

/* Appends one exchange, masked: method, url, the request's headers (raw "Name: value" lines,
 * may be NULL), content type and body; the answer (r: status, body, elapsed time), its raw
 * header block (may be NULL); started_ms is the wall-clock start in ms since the epoch.
 * Thread-safe. */
panel_err har_log_add(har_log *l, const char *method, const char *url, const char *req_headers,
                      const char *req_ct, const char *body, size_t n, const http_response *r,
                      const char *resp_headers, double started_ms);

/* The number of entries so far. */
size_t har_log_count(har_log *l);

/* Writes the recording to path atomically (a temporary file renamed over path; a path that
 * exists and is not a regular file, e.g. a device or a pipe, is written in place); creator is
 * the writing program's name. */
panel_err har_log_write(har_log *l, const char *path, const char *creator);

/* Answers a request from the recording h into out (initialised by the callee): the recorded
 * status, headers and body, or outcome HTTP_FAILED with an error naming the closest recorded
 * request. key (may be NULL) is masked in the request before matching. PANEL_E_NOMEM only. */
panel_err har_replay_answer(panel_har *h, const char *key, const char *method, const char *url,
                            const char *ct, const char *body, size_t n, http_response *out);

/* Wall-clock milliseconds since the epoch. */
double har_now_ms(void);

#endif
