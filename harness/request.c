/* request.c - request encoding (form or JSON), sending and curl reproduce commands. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "panel/parse.h"
#include "request.h"

#define BODY_MAX (1u << 20)

/* Encodes key and params as the dialect's request body. */
panel_err request_encode(const panel_dialect *d, const char *key, const panel_form *params,
                         panel_buf *body, const char **content_type)
{
    panel_err rc = PANEL_E_OK;
    const char *kp = d->key_param ? d->key_param : "key";
    if (d->json_requests) {
        *content_type = "application/json";
        json_t *o = json_object();
        if (!o)
            return PANEL_E_NOMEM;
        if (key)
            json_object_set_new(o, kp, json_string(key));
        for (size_t i = 0; i < params->count; i++)
            json_object_set_new(o, params->pairs[i].name, json_string(params->pairs[i].value));
        rc = panel_json_dump(o, body);
        json_decref(o);
        return rc;
    }
    *content_type = "application/x-www-form-urlencoded";
    panel_form f;
    panel_form_init(&f, params->count + 2);
    if (key && (rc = panel_form_add(&f, kp, key)) != PANEL_E_OK)
        goto out;
    for (size_t i = 0; i < params->count; i++)
        if ((rc = panel_form_add(&f, params->pairs[i].name, params->pairs[i].value)) != PANEL_E_OK)
            goto out;
    rc = panel_form_encode(&f, body);
out:
    panel_form_free(&f);
    return rc;
}

/* Appends s single-quoted for a shell. */
panel_err request_shell_quote(panel_buf *b, const char *s)
{
    panel_err rc = panel_buf_puts(b, "'");
    for (const char *p = s; rc == PANEL_E_OK && *p; p++)
        rc = *p == '\'' ? panel_buf_puts(b, "'\\''") : panel_buf_append(b, p, 1);
    return rc == PANEL_E_OK ? panel_buf_puts(b, "'") : rc;
}

/* Returns a curl command for the request, the endpoint written as $PANEL_URL and the real key
 * as $PANEL_KEY. */
char *request_reproduce_new(const panel_dialect *d, const char *url, const char *key_sent,
                            const char *real_key, const panel_form *params)
{
    panel_buf b, body;
    panel_buf_init(&b, BODY_MAX);
    panel_buf_init(&body, BODY_MAX);
    const char *kp = d->key_param ? d->key_param : "key";
    int real = key_sent && real_key && !strcmp(key_sent, real_key);
    const char *ct = NULL;
    (void)url; /* the endpoint is $PANEL_URL: a URL may carry userinfo or a key */
    panel_err rc = panel_buf_puts(&b, "curl -sS -X POST \"$PANEL_URL\"");
    if (rc == PANEL_E_OK)
        rc = request_encode(d, real ? NULL : key_sent, params, &body, &ct);
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(&b, " -H 'Content-Type: %s'", ct);
    if (rc != PANEL_E_OK)
        goto out;
    if (d->json_requests) {
        /* {"key":"'"$PANEL_KEY"'", + the rest of the object */
        const char *rest = body.data ? body.data : "{}";
        rc = panel_buf_puts(&b, " --data-raw ");
        if (rc == PANEL_E_OK && real) {
            panel_buf pre;
            panel_buf_init(&pre, BODY_MAX);
            rc = panel_buf_puts(&pre, "{");
            if (rc == PANEL_E_OK)
                rc = panel_buf_json_string(&pre, kp, strlen(kp));
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&pre, ":\"");
            if (rc == PANEL_E_OK)
                rc = request_shell_quote(&b, pre.data);
            panel_buf_free(&pre);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&b, "\"$PANEL_KEY\"");
            panel_buf tail;
            panel_buf_init(&tail, BODY_MAX);
            if (rc == PANEL_E_OK)
                rc = strcmp(rest, "{}") ? panel_buf_printf(&tail, "\",%s", rest + 1)
                                        : panel_buf_puts(&tail, "\"}");
            if (rc == PANEL_E_OK)
                rc = request_shell_quote(&b, tail.data);
            panel_buf_free(&tail);
            goto out;
        }
        if (rc == PANEL_E_OK)
            rc = request_shell_quote(&b, rest);
    } else {
        if (real)
            rc = panel_buf_printf(&b, " --data-urlencode \"%s=$PANEL_KEY\"", kp);
        if (rc == PANEL_E_OK && body.len) {
            rc = panel_buf_puts(&b, " -d ");
            if (rc == PANEL_E_OK)
                rc = request_shell_quote(&b, body.data);
        }
    }
out:
    panel_buf_free(&body);
    if (rc != PANEL_E_OK) {
        panel_buf_free(&b);
        return NULL;
    }
    return panel_buf_take(&b, NULL);
}

/* Sends one request; the exchange holds the answer and the reproduce command. */
void request_send(http_client *c, const panel_dialect *d, const char *url, const char *key_sent,
                  const char *real_key, const panel_form *params, int idempotent, exchange *ex)
{
    memset(ex, 0, sizeof(*ex));
    panel_buf body;
    panel_buf_init(&body, BODY_MAX);
    const char *ct = NULL;
    ex->repro = request_reproduce_new(d, url, key_sent, real_key, params);
    if (request_encode(d, key_sent, params, &body, &ct) != PANEL_E_OK) {
        panel_buf_init(&ex->resp.body, HTTP_MAX_BODY);
        ex->resp.outcome = HTTP_FAILED;
        snprintf(ex->resp.error, sizeof(ex->resp.error), "could not encode the request");
        goto out;
    }
    if (http_post(c, url, ct, body.data ? body.data : "", body.len, idempotent, -1, &ex->resp) !=
        PANEL_E_OK) {
        ex->resp.outcome = HTTP_FAILED;
        snprintf(ex->resp.error, sizeof(ex->resp.error), "out of memory");
    }
out:
    panel_buf_free(&body);
}

/* Frees the answer and the command. */
void exchange_free(exchange *ex)
{
    http_response_free(&ex->resp);
    free(ex->repro);
    ex->repro = NULL;
}
