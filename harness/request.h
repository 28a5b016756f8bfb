/* request.h - one request of a check: encoding per dialect, sending, reproduce command. */
#ifndef PANELCHECK_REQUEST_H
#define PANELCHECK_REQUEST_H

#include "http.h"
#include "panel/dialect.h"
#include "panel/form.h"

/* One request and its answer. */
typedef struct {
    http_response resp;
    char *repro; /* owned curl command; the real key appears as $PANEL_KEY */
} exchange;

/* Encodes key + params in d's request encoding (form, or a JSON object of strings) into
 * body; *content_type is a static string. */
panel_err request_encode(const panel_dialect *d, const char *key, const panel_form *params,
                         panel_buf *body, const char **content_type);

/* Returns a new curl command reproducing the request against "$PANEL_URL" (url is not
 * written). When key_sent equals real_key it is written as $PANEL_KEY; key_sent NULL means the
 * request carries no key. */
char *request_reproduce_new(const panel_dialect *d, const char *url, const char *key_sent,
                            const char *real_key, const panel_form *params);

/* Sends the request (key_sent NULL: no key) and fills ex (always initialised; caller frees
 * with exchange_free). */
void request_send(http_client *c, const panel_dialect *d, const char *url, const char *key_sent,
                  const char *real_key, const panel_form *params, int idempotent, exchange *ex);
void exchange_free(exchange *ex);

/* Appends s to b quoted for a POSIX shell ('...' with '\'' for quotes). */
panel_err request_shell_quote(panel_buf *b, const char *s);

#endif
