/* request.c - request building from the dialect's transport (method, key placement, form /
 * JSON / multipart bodies), sending and curl reproduce commands. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "panel/parse.h"
#include "request.h"

#define BODY_MAX (1u << 20)
#define URL_MAX (64u << 10)
/* The multipart boundary; a name or value containing it cannot be sent. */
#define MP_BOUNDARY "panelcheck-7d3f9a1c5e2b"

/* The first word of transport.<member> in the file ("GET", "json"), or NULL when the file
 * lists none (then method / request_encoding decide). */
static const char *first_listed(const panel_dialect *d, const char *member)
{
    json_t *t = d->root ? json_object_get(d->root, "transport") : NULL;
    return json_string_value(json_array_get(json_object_get(t, member), 0));
}

/* The dialect's way of sending: the first method and encoding transport lists (else method
 * and request_encoding), the key where transport.key.in says. */
request_how request_how_default(const panel_dialect *d)
{
    request_how h = {PANEL_METHOD_POST, PANEL_ENC_FORM, PANEL_KEYLOC_BODY, NULL, NULL};
    const char *m = first_listed(d, "methods");
    if (m ? !strcmp(m, "GET")
          : (d->methods && !(d->methods & PANEL_METHOD_POST) && (d->methods & PANEL_METHOD_GET)))
        h.method = PANEL_METHOD_GET;
    const char *e = first_listed(d, "encodings");
    if (e)
        h.encoding = !strcmp(e, "json")        ? PANEL_ENC_JSON
                     : !strcmp(e, "multipart") ? PANEL_ENC_MULTIPART
                                               : PANEL_ENC_FORM;
    else
        h.encoding = d->json_requests ? PANEL_ENC_JSON : PANEL_ENC_FORM;
    h.key_at = d->key_in;
    return h;
}

/* The key parameter's name. */
static const char *key_name(const panel_dialect *d)
{
    return d->key_param ? d->key_param : "key";
}

/* Form-encodes key (when not NULL) and params into out. */
static panel_err encode_form(const char *kp, const char *key, const panel_form *params,
                             panel_buf *out)
{
    panel_form f;
    panel_form_init(&f, params->count + 2);
    panel_err rc = PANEL_E_OK;
    if (key)
        rc = panel_form_add(&f, kp, key);
    for (size_t i = 0; rc == PANEL_E_OK && i < params->count; i++)
        rc = panel_form_add(&f, params->pairs[i].name, params->pairs[i].value);
    if (rc == PANEL_E_OK)
        rc = panel_form_encode(&f, out);
    panel_form_free(&f);
    return rc;
}

/* A JSON object of strings: key (when not NULL) then params. */
static panel_err encode_json(const char *kp, const char *key, const panel_form *params,
                             panel_buf *out)
{
    json_t *o = json_object();
    if (!o)
        return PANEL_E_NOMEM;
    panel_err rc = PANEL_E_OK;
    /* A member whose value is not UTF-8 is left out, as before; any other failure is NOMEM. */
    if (key && json_object_set_new(o, kp, json_string(key)) != 0 &&
        panel_utf8_valid(key, strlen(key)))
        rc = PANEL_E_NOMEM;
    for (size_t i = 0; rc == PANEL_E_OK && i < params->count; i++) {
        const char *v = params->pairs[i].value;
        if (json_object_set_new(o, params->pairs[i].name, json_string(v)) != 0 &&
            panel_utf8_valid(v, strlen(v)))
            rc = PANEL_E_NOMEM;
    }
    if (rc == PANEL_E_OK)
        rc = panel_json_dump(o, out);
    json_decref(o);
    return rc;
}

/* Appends one multipart part; PANEL_E_INVALID when name or value cannot be carried. */
static panel_err mp_part(panel_buf *out, const char *name, const char *value)
{
    if (strpbrk(name, "\"\r\n") || strstr(value, MP_BOUNDARY))
        return PANEL_E_INVALID;
    panel_err rc = panel_buf_printf(
        out, "--" MP_BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n", name);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(out, value);
    return rc == PANEL_E_OK ? panel_buf_puts(out, "\r\n") : rc;
}

/* A multipart/form-data body: key (when not NULL) then params. */
static panel_err encode_multipart(const char *kp, const char *key, const panel_form *params,
                                  panel_buf *out)
{
    panel_err rc = key ? mp_part(out, kp, key) : PANEL_E_OK;
    for (size_t i = 0; rc == PANEL_E_OK && i < params->count; i++)
        rc = mp_part(out, params->pairs[i].name, params->pairs[i].value);
    return rc == PANEL_E_OK ? panel_buf_puts(out, "--" MP_BOUNDARY "--\r\n") : rc;
}

/* Encodes a body in encoding enc; *ct is its static Content-Type. */
static panel_err encode_body(unsigned enc, const char *kp, const char *key,
                             const panel_form *params, panel_buf *out, const char **ct)
{
    if (enc == PANEL_ENC_JSON) {
        *ct = "application/json";
        return encode_json(kp, key, params, out);
    }
    if (enc == PANEL_ENC_MULTIPART) {
        *ct = "multipart/form-data; boundary=" MP_BOUNDARY;
        return encode_multipart(kp, key, params, out);
    }
    *ct = "application/x-www-form-urlencoded";
    return encode_form(kp, key, params, out);
}

/* Encodes key and params as the dialect's request body. */
panel_err request_encode(const panel_dialect *d, const char *key, const panel_form *params,
                         panel_buf *body, const char **content_type)
{
    request_how h = request_how_default(d);
    return encode_body(h.encoding, key_name(d), key, params, body, content_type);
}

/* The header name and scheme the key travels in under how. */
static void key_header(const panel_dialect *d, const request_how *how, const char **name,
                       const char **scheme)
{
    *name = how->header ? how->header : (d->key_header ? d->key_header : "Authorization");
    *scheme = how->header ? how->scheme : d->key_scheme;
}

/* Builds method, URL, headers and body of one request. */
panel_err request_build(const panel_dialect *d, const request_how *how, const char *url,
                        const char *key, const panel_form *params, request_wire *w)
{
    memset(w, 0, sizeof(*w));
    panel_buf_init(&w->body, BODY_MAX);
    if (params->nomem) /* a pair the caller added is missing */
        return PANEL_E_NOMEM;
    int get = how->method == PANEL_METHOD_GET;
    const char *kp = key_name(d);
    const char *kbody = key && how->key_at == PANEL_KEYLOC_BODY && !get ? key : NULL;
    const char *kquery =
        key && (how->key_at == PANEL_KEYLOC_QUERY || (how->key_at == PANEL_KEYLOC_BODY && get))
            ? key
            : NULL;
    panel_form none;
    panel_form_init(&none, 0);
    panel_buf q, u;
    panel_buf_init(&q, URL_MAX);
    panel_buf_init(&u, URL_MAX);
    w->method = get ? "GET" : "POST";
    panel_err rc = encode_form(kp, kquery, get ? params : &none, &q);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&u, url);
    if (rc == PANEL_E_OK && q.len)
        rc = panel_buf_printf(&u, "%s%s", strchr(url, '?') ? "&" : "?", q.data);
    if (rc == PANEL_E_OK) /* u holds at least the URL's NUL: the take cannot allocate or fail */
        w->url = panel_buf_take(&u, NULL);
    if (rc == PANEL_E_OK && !get)
        rc = encode_body(how->encoding, kp, kbody, params, &w->body, &w->content_type);
    if (rc == PANEL_E_OK && key && how->key_at == PANEL_KEYLOC_HEADER) {
        const char *hn, *hs;
        key_header(d, how, &hn, &hs);
        size_t n = strlen(hn) + (hs ? strlen(hs) : 0) + strlen(key) + 4;
        w->header = malloc(n);
        if (!w->header)
            rc = PANEL_E_NOMEM;
        else
            snprintf(w->header, n, "%s: %s%s%s", hn, hs ? hs : "", hs ? " " : "", key);
    }
    panel_buf_free(&q);
    panel_buf_free(&u);
    panel_form_free(&none);
    return rc;
}

/* Frees what request_build made. */
void request_wire_free(request_wire *w)
{
    free(w->url);
    free(w->header);
    panel_buf_free(&w->body);
    memset(w, 0, sizeof(*w));
}

/* Appends s single-quoted for a shell. */
panel_err request_shell_quote(panel_buf *b, const char *s)
{
    panel_err rc = panel_buf_puts(b, "'");
    for (const char *p = s; rc == PANEL_E_OK && *p; p++)
        rc = *p == '\'' ? panel_buf_puts(b, "'\\''") : panel_buf_append(b, p, 1);
    return rc == PANEL_E_OK ? panel_buf_puts(b, "'") : rc;
}

/* Appends --data-raw with a JSON body whose key member is "$PANEL_KEY" (rest: the object
 * without the key). */
static panel_err repro_json_key(panel_buf *b, const char *kp, const char *rest)
{
    panel_buf pre, tail;
    panel_buf_init(&pre, BODY_MAX);
    panel_buf_init(&tail, BODY_MAX);
    panel_err rc = panel_buf_puts(b, " --data-raw ");
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&pre, "{");
    if (rc == PANEL_E_OK)
        rc = panel_buf_json_string(&pre, kp, strlen(kp));
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&pre, ":\"");
    if (rc == PANEL_E_OK)
        rc = request_shell_quote(b, pre.data);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(b, "\"$PANEL_KEY\"");
    if (rc == PANEL_E_OK)
        rc = strcmp(rest, "{}") ? panel_buf_printf(&tail, "\",%s", rest + 1)
                                : panel_buf_puts(&tail, "\"}");
    if (rc == PANEL_E_OK)
        rc = request_shell_quote(b, tail.data);
    panel_buf_free(&pre);
    panel_buf_free(&tail);
    return rc;
}

/* Appends the body options of a POST: the key (real: as $PANEL_KEY) and params. */
static panel_err repro_body(panel_buf *b, const request_how *how, const char *kp, const char *key,
                            int real, const panel_form *params)
{
    panel_buf body;
    panel_buf_init(&body, BODY_MAX);
    const char *ct = NULL;
    panel_err rc = PANEL_E_OK;
    if (how->encoding == PANEL_ENC_MULTIPART) { /* curl writes the boundary */
        if (key && real)
            rc = panel_buf_printf(b, " -F \"%s=$PANEL_KEY\"", kp);
        for (size_t i = 0; rc == PANEL_E_OK && i < params->count + (key && !real); i++) {
            int k = key && !real && i == 0;
            const panel_form_pair *p = k ? NULL : &params->pairs[i - (key && !real)];
            panel_buf part;
            panel_buf_init(&part, BODY_MAX);
            rc = panel_buf_printf(&part, "%s=%s", k ? kp : p->name, k ? key : p->value);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(b, " --form-string ");
            if (rc == PANEL_E_OK)
                rc = request_shell_quote(b, part.data);
            panel_buf_free(&part);
        }
        goto out;
    }
    rc = encode_body(how->encoding, kp, real ? NULL : key, params, &body, &ct);
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(b, " -H 'Content-Type: %s'", ct);
    if (rc != PANEL_E_OK)
        goto out;
    if (how->encoding == PANEL_ENC_JSON) {
        const char *rest = body.data ? body.data : "{}";
        if (key && real) {
            rc = repro_json_key(b, kp, rest);
        } else {
            rc = panel_buf_puts(b, " --data-raw ");
            if (rc == PANEL_E_OK)
                rc = request_shell_quote(b, rest);
        }
        goto out;
    }
    if (key && real)
        rc = panel_buf_printf(b, " --data-urlencode \"%s=$PANEL_KEY\"", kp);
    if (rc == PANEL_E_OK && body.len) {
        rc = panel_buf_puts(b, " -d ");
        if (rc == PANEL_E_OK)
            rc = request_shell_quote(b, body.data);
    }
out:
    panel_buf_free(&body);
    return rc;
}

/* Returns a curl command for the request, the endpoint written as $PANEL_URL and the real key
 * as $PANEL_KEY. */
char *request_reproduce_how_new(const panel_dialect *d, const request_how *how, const char *url,
                                const char *key_sent, const char *real_key,
                                const panel_form *params)
{
    panel_buf b, q;
    panel_buf_init(&b, BODY_MAX);
    panel_buf_init(&q, BODY_MAX);
    const char *kp = key_name(d);
    int real = key_sent && real_key && !strcmp(key_sent, real_key);
    int get = how->method == PANEL_METHOD_GET;
    int at_query = key_sent &&
                   (how->key_at == PANEL_KEYLOC_QUERY || (how->key_at == PANEL_KEYLOC_BODY && get));
    const char *kbody = key_sent && how->key_at == PANEL_KEYLOC_BODY && !get ? key_sent : NULL;
    const char *sep = url && strchr(url, '?') ? "&" : "?";
    panel_form none;
    panel_form_init(&none, 0);
    /* the endpoint is $PANEL_URL: a URL may carry userinfo or a key */
    panel_err rc =
        panel_buf_puts(&b, get ? "curl -sS -G \"$PANEL_URL" : "curl -sS -X POST \"$PANEL_URL");
    if (rc == PANEL_E_OK && at_query && !get && real)
        rc = panel_buf_printf(&b, "%s%s=$PANEL_KEY", sep, kp);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "\"");
    if (rc == PANEL_E_OK && at_query && !get && !real) {
        rc = encode_form(kp, key_sent, &none, &q);
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(&b, sep);
        if (rc == PANEL_E_OK)
            rc = request_shell_quote(&b, q.data);
    }
    if (rc == PANEL_E_OK && key_sent && how->key_at == PANEL_KEYLOC_HEADER) {
        const char *hn, *hs;
        key_header(d, how, &hn, &hs);
        if (real) {
            rc =
                panel_buf_printf(&b, " -H \"%s: %s%s$PANEL_KEY\"", hn, hs ? hs : "", hs ? " " : "");
        } else {
            panel_buf h;
            panel_buf_init(&h, BODY_MAX);
            rc = panel_buf_printf(&h, "%s: %s%s%s", hn, hs ? hs : "", hs ? " " : "", key_sent);
            if (rc == PANEL_E_OK)
                rc = panel_buf_puts(&b, " -H ");
            if (rc == PANEL_E_OK)
                rc = request_shell_quote(&b, h.data);
            panel_buf_free(&h);
        }
    }
    if (rc == PANEL_E_OK && get) {
        if (at_query && real)
            rc = panel_buf_printf(&b, " --data-urlencode \"%s=$PANEL_KEY\"", kp);
        panel_buf_reset(&q);
        if (rc == PANEL_E_OK)
            rc = encode_form(kp, at_query && !real ? key_sent : NULL, params, &q);
        if (rc == PANEL_E_OK && q.len) {
            rc = panel_buf_puts(&b, " -d ");
            if (rc == PANEL_E_OK)
                rc = request_shell_quote(&b, q.data);
        }
    } else if (rc == PANEL_E_OK) {
        rc = repro_body(&b, how, kp, kbody, real, params);
    }
    panel_buf_free(&q);
    panel_form_free(&none);
    if (rc != PANEL_E_OK) {
        panel_buf_free(&b);
        return NULL;
    }
    return panel_buf_take(&b, NULL);
}

/* The reproduce command of the dialect's way. */
char *request_reproduce_new(const panel_dialect *d, const char *url, const char *key_sent,
                            const char *real_key, const panel_form *params)
{
    request_how h = request_how_default(d);
    return request_reproduce_how_new(d, &h, url, key_sent, real_key, params);
}

/* Sends one request as how says; the exchange holds the answer and the reproduce command. */
void request_send_how(http_client *c, const panel_dialect *d, const request_how *how,
                      const char *url, const char *key_sent, const char *real_key,
                      const panel_form *params, int idempotent, exchange *ex)
{
    memset(ex, 0, sizeof(*ex));
    request_how def = request_how_default(d);
    if (!how)
        how = &def;
    request_wire w;
    ex->repro = request_reproduce_how_new(d, how, url, key_sent, real_key, params);
    panel_err rc = request_build(d, how, url, key_sent, params, &w);
    ex->nomem = !ex->repro || rc == PANEL_E_NOMEM;
    if (rc != PANEL_E_OK) {
        panel_buf_init(&ex->resp.body, HTTP_MAX_BODY);
        ex->resp.outcome = HTTP_FAILED;
        snprintf(ex->resp.error, sizeof(ex->resp.error), "could not encode the request");
        goto out;
    }
    http_req rq = {w.method,   w.url,   w.content_type, w.body.data ? w.body.data : "",
                   w.body.len, w.header};
    if (http_send(c, &rq, idempotent, -1, &ex->resp) != PANEL_E_OK) {
        ex->nomem = 1;
        ex->resp.outcome = HTTP_FAILED;
        snprintf(ex->resp.error, sizeof(ex->resp.error), "out of memory");
    }
out:
    request_wire_free(&w);
}

/* Sends one request the dialect's way. */
void request_send(http_client *c, const panel_dialect *d, const char *url, const char *key_sent,
                  const char *real_key, const panel_form *params, int idempotent, exchange *ex)
{
    request_send_how(c, d, NULL, url, key_sent, real_key, params, idempotent, ex);
}

/* Frees the answer and the command. */
void exchange_free(exchange *ex)
{
    http_response_free(&ex->resp);
    free(ex->repro);
    ex->repro = NULL;
}
