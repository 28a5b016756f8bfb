/* request.h - one request of a check: method, key placement and encoding per dialect, sending,
 * reproduce command. */
#ifndef PANELCHECK_REQUEST_H
#define PANELCHECK_REQUEST_H

#include "http.h"
#include "panel/dialect.h"
#include "panel/form.h"

/* One request and its answer. */
typedef struct {
    http_response resp;
    char *repro; /* owned curl command; the real key appears as $PANEL_KEY */
    int nomem;   /* an allocation failed building, sending or answering it (the run's NOMEM) */
} exchange;

/* How a request travels: the dialect's choice (request_how_default) or a deliberate
 * deviation of a negative check. */
typedef struct {
    unsigned method;     /* PANEL_METHOD_POST or PANEL_METHOD_GET */
    unsigned encoding;   /* PANEL_ENC_FORM, _JSON or _MULTIPART (POST bodies) */
    panel_keyloc key_at; /* where the key goes (BODY under GET means the query string) */
    const char *header;  /* PANEL_KEYLOC_HEADER: header name; NULL: the dialect's */
    const char *scheme;  /* its scheme ("Bearer"); used only when header is set */
} request_how;

/* The request as sent: all owned but method and content_type (static). */
typedef struct {
    const char *method;       /* "POST" / "GET" */
    char *url;                /* url plus the query string, if any */
    const char *content_type; /* of the body, or NULL (GET) */
    panel_buf body;
    char *header; /* "Name: [scheme ]KEY" when the key travels in a header, else NULL */
} request_wire;

/* The dialect's way: POST when accepted (else GET), its request encoding when accepted (else
 * the first accepted), the key where transport.key.in says. */
request_how request_how_default(const panel_dialect *d);

/* Encodes key + params in d's request encoding (form, or a JSON object of strings) into
 * body; *content_type is a static string. */
panel_err request_encode(const panel_dialect *d, const char *key, const panel_form *params,
                         panel_buf *body, const char **content_type);

/* Builds the request for url (key NULL: no key) as how says into w (always initialised;
 * free with request_wire_free). PANEL_E_INVALID for a multipart name or value it cannot
 * carry. */
panel_err request_build(const panel_dialect *d, const request_how *how, const char *url,
                        const char *key, const panel_form *params, request_wire *w);
void request_wire_free(request_wire *w);

/* Returns a new curl command reproducing the request against "$PANEL_URL" (url is not
 * written but whether it has a query). When key_sent equals real_key it is written as
 * $PANEL_KEY; key_sent NULL means the request carries no key. */
char *request_reproduce_new(const panel_dialect *d, const char *url, const char *key_sent,
                            const char *real_key, const panel_form *params);
char *request_reproduce_how_new(const panel_dialect *d, const request_how *how, const char *url,
                                const char *key_sent, const char *real_key,
                                const panel_form *params);

/* Sends the request (key_sent NULL: no key) and fills ex (always initialised; caller frees
 * with exchange_free). how NULL: the dialect's way. */
void request_send(http_client *c, const panel_dialect *d, const char *url, const char *key_sent,
                  const char *real_key, const panel_form *params, int idempotent, exchange *ex);
void request_send_how(http_client *c, const panel_dialect *d, const request_how *how,
                      const char *url, const char *key_sent, const char *real_key,
                      const panel_form *params, int idempotent, exchange *ex);
void exchange_free(exchange *ex);

/* Appends s to b quoted for a POSIX shell ('...' with '\'' for quotes). */
panel_err request_shell_quote(panel_buf *b, const char *s);

#endif
