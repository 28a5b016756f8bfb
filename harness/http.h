/* http.h - panelcheck's HTTP client (libcurl): one reused handle per run. */
#ifndef PANELCHECK_HTTP_H
#define PANELCHECK_HTTP_H

#include <signal.h>
#include <stddef.h>

#include "panel/buf.h"
#include "panel/error.h"

#define HTTP_MAX_BODY (8u << 20) /* response cap; larger answers are a transport failure */

typedef struct http_client http_client;

typedef struct {
    long timeout_ms;     /* total per request; 0: 10000 */
    long connect_ms;     /* 0: min(timeout, 5000) */
    int max_retries;     /* on 429 / 5xx (see http_post); default 2 when < 0 */
    long backoff_cap_ms; /* cap on any wait between retries (Retry-After too) */
    double deadline_ms;  /* CLOCK_MONOTONIC ms no request may outlast; 0: none */
    const volatile sig_atomic_t *abort_flag; /* non-zero: abort the transfer; may be NULL */
    int proxy_env; /* honour http(s)_proxy / no_proxy for non-loopback URLs (--proxy); proxy
                      variables are never used for a loopback URL */
    struct har_log *record;   /* non-NULL: every attempt is appended to it (har.h) */
    struct panel_har *replay; /* non-NULL: answers come from this recording; nothing is sent */
    const char *replay_key;   /* masked in a request before it is matched (may be NULL) */
} http_opts;

typedef enum {
    HTTP_OK = 0,      /* an HTTP answer arrived (any status) */
    HTTP_UNREACHABLE, /* could not resolve or connect */
    HTTP_TIMEOUT,     /* connected but timed out */
    HTTP_TOO_LARGE,   /* body over HTTP_MAX_BODY */
    HTTP_FAILED       /* other transport failure */
} http_outcome;

/* One exchange. body is owned; reset by http_response_free. */
typedef struct {
    http_outcome outcome;
    long status;
    char content_type[128];
    char retry_after[64];
    panel_buf body;
    double elapsed_ms; /* of the last attempt */
    int attempts;
    char error[256]; /* transport error text */
} http_response;

/* Creates a client; caller frees with http_free. */
panel_err http_new(const http_opts *o, http_client **out);
void http_free(http_client *c);

/* One request: method "POST" (body of content_type) or "GET" (url carries the query; body
 * unused); header: one more header line ("Authorization: Bearer KEY"), or NULL. */
typedef struct {
    const char *method;
    const char *url;
    const char *content_type; /* NULL: none */
    const char *body;
    size_t n;
    const char *header;
} http_req;

/* Sends rq with the retry rules of http_post; out is initialised by the callee. */
panel_err http_send(http_client *c, const http_req *rq, int idempotent, int retries,
                    http_response *out);

/* POSTs body (of content_type) to url. Retries with backoff on 429 (always) and on 5xx
 * when idempotent; honours Retry-After up to the cap. out is initialised by the callee;
 * caller frees with http_response_free. Returns PANEL_E_OK whenever out->outcome says what
 * happened; PANEL_E_NOMEM only. */
panel_err http_post(http_client *c, const char *url, const char *content_type, const char *body,
                    size_t n, int idempotent, int retries, http_response *out);
void http_response_free(http_response *r);

/* Name of an outcome ("unreachable"). */
const char *http_outcome_name(http_outcome o);

#endif
