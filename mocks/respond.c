/* respond.c - renders results and error cases through the core renderer, then applies the
 * planted deviations and the quirks to the rendered tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

/* Where json_dump_callback writes: the buffer and the first append error. */
typedef struct {
    panel_buf *out;
    panel_err rc;
} dump_sink_ctx;

/* json_dump_callback sink: appends to the buffer, remembering the first failure. The failure
 * sticks: jansson 2.14 ignores the sink's answer for an object key and writes on (a failed
 * append frees the buffer, so the next one would start the answer over from its middle). */
static int dump_sink(const char *buf, size_t size, void *data)
{
    dump_sink_ctx *k = data;
    if (k->rc != PANEL_E_OK)
        return -1;
    k->rc = panel_buf_append(k->out, buf, size);
    return k->rc == PANEL_E_OK ? 0 : -1;
}

/* Compact dump in insertion order with short reals into out (appending), in one pass
 * straight into the buffer; on failure out is left as it was. A failure that is not the
 * sink's is jansson's own allocation (our trees have no cycles). */
panel_err mock_dump(const json_t *j, panel_buf *out)
{
    size_t mark = out->len;
    dump_sink_ctx k = {out, PANEL_E_OK};
    if (json_dump_callback(j, dump_sink, &k,
                           JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(12)) == 0 &&
        k.rc == PANEL_E_OK)
        return PANEL_E_OK;
    if (out->data) { /* a failed append past the cap frees the buffer (len 0) */
        out->len = mark;
        out->data[mark] = '\0';
    }
    return k.rc != PANEL_E_OK ? k.rc : PANEL_E_NOMEM; /* jansson's own allocation failed */
}

/* Sets a plain answer: status, content type and a copy of body. */
panel_err mock_respond_text(mock_response *out, int status, const char *ctype, const char *body,
                            size_t n)
{
    out->status = status;
    snprintf(out->content_type, sizeof out->content_type, "%s", ctype);
    panel_buf_reset(&out->body);
    return panel_buf_append(&out->body, body, n);
}

/* Sets a JSON answer (j is borrowed). */
panel_err mock_respond_json(mock_response *out, int status, json_t *j)
{
    out->status = status;
    snprintf(out->content_type, sizeof out->content_type, "application/json");
    panel_buf_reset(&out->body);
    return mock_dump(j, &out->body);
}

/* Adds a response header. */
static void add_header(mock_response *out, const char *name, const char *value)
{
    if (out->n_headers >= MOCK_MAX_HEADERS)
        return;
    snprintf(out->header_name[out->n_headers], sizeof out->header_name[0], "%s", name);
    snprintf(out->header_value[out->n_headers], sizeof out->header_value[0], "%s", value);
    out->n_headers++;
}

/* Sets the dialect's response Content-Type on an API answer. */
static void set_ctype(const mock_req *q, mock_response *out)
{
    if (q->d->content_type)
        snprintf(out->content_type, sizeof out->content_type, "%s", q->d->content_type);
}

/* 1 when a deviation or quirk may edit the rendered tree or text: the tree is then built. */
static int tree_needed(const mock_req *q)
{
    for (int i = 0; i < MOCK_DEV__COUNT; i++)
        if (q->s->dev[i])
            return 1;
    for (int i = 0; i < MOCK_QUIRK__COUNT; i++)
        if (q->quirk[i])
            return 1;
    return 0;
}

/* Renders res in the dialect's shape, with deviations and quirks applied; without any, the
 * bytes are written directly (the same bytes the tree would dump to). */
panel_err mock_respond_result(mock_req *q, panel_result *res, mock_response *out)
{
    if (!tree_needed(q)) {
        out->status = 200;
        snprintf(out->content_type, sizeof out->content_type, "application/json");
        panel_buf_reset(&out->body);
        panel_err rc = panel_render_bytes(q->d, res, &out->body);
        set_ctype(q, out);
        if (rc != PANEL_E_UNSUPPORTED)
            return rc;
    }
    json_t *j = panel_render_new(q->d, res);
    if (!j)
        return mock_respond_text(out, 500, "application/json",
                                 "{\"error\":\"panelmock: cannot render\"}", 35);
    j = mock_dev_apply(q, j);
    j = mock_quirks_apply(q, j);
    panel_err rc = j ? mock_respond_json(out, 200, j) : PANEL_E_NOMEM;
    json_decref(j);
    set_ctype(q, out);
    if (rc == PANEL_E_OK)
        mock_dev_apply_text(q, &out->body);
    return rc;
}

/* Renders the documented error c: its HTTP code and message in the dialect's envelope. */
panel_err mock_respond_error(mock_req *q, int c, mock_response *out)
{
    const panel_error_case *ec = &q->d->errors[c];
    const char *msg = ec->message ? ec->message : "Error";
    int http = ec->http ? ec->http : 200;
    if (q->s->dev[MOCK_DEV_ERROR_WRONG_MESSAGE])
        msg = "Something went wrong";
    if (q->s->dev[MOCK_DEV_ERROR_WRONG_HTTP_CODE])
        http = http == 200 ? 500 : 200;
    char filled[512];
    if (ec->is_template && !q->s->dev[MOCK_DEV_ERROR_WRONG_MESSAGE])
        msg = panel_message_render(msg, q->err_param ? q->err_param : "parameter", filled,
                                   sizeof filled);
    json_t *j = panel_render_error_new(q->d, msg);
    panel_err rc = j ? mock_respond_json(out, http, j) : PANEL_E_NOMEM;
    json_decref(j);
    set_ctype(q, out);
    if (c == PANEL_ERRCASE_RATE_LIMITED || c == PANEL_ERRCASE_KEY_LOCKED) {
        add_header(out, q->d->retry_after_header ? q->d->retry_after_header : "Retry-After", "60");
        if (c == PANEL_ERRCASE_RATE_LIMITED && q->d->ratelimit_limit_header) {
            char lim[24];
            snprintf(lim, sizeof lim, "%u", q->d->requests_per_minute);
            add_header(out, q->d->ratelimit_limit_header, lim);
        }
        if (c == PANEL_ERRCASE_RATE_LIMITED && q->d->ratelimit_remaining_header)
            add_header(out, q->d->ratelimit_remaining_header, "0");
        if (c == PANEL_ERRCASE_RATE_LIMITED && q->d->ratelimit_reset_header)
            add_header(out, q->d->ratelimit_reset_header, "60");
    }
    if (c == PANEL_ERRCASE_BAD_METHOD)
        add_header(out, "Allow", q->d->method ? q->d->method : "POST");
    return rc;
}
