/* cases_request.c - torture cases of the runner's request building (harness/request.c: every
 * dialect's own way, GET with the key in the query, a JSON body, a header key, the reproduce
 * command) and of recordings (core/har.c: a HAR read from memory, then matched). */
#include "torture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/har.h"
#include "request.h"

#define KEY "0123456789abcdef0123456789abcdef"

typedef struct {
    const panel_dialect *d; /* borrowed from the list's set */
    request_how how;
    int dialect_way; /* how is request_how_default(d) */
} request_ctx;

/* Builds the add request of c's dialect and its reproduce command; the output is every part. */
static panel_err run_request(void *vctx, panel_buf *out)
{
    request_ctx *c = vctx;
    const panel_dialect *d = c->d;
    panel_form params;
    request_wire w;
    panel_form_init(&params, 0);
    memset(&w, 0, sizeof w);
    panel_err rc = panel_form_add(&params, "action", d->actions[PANEL_ACTION_ADD].name);
    if (rc == PANEL_E_OK)
        rc = panel_form_add(&params, "service", "1");
    if (rc == PANEL_E_OK)
        rc = panel_form_add(&params, "link", "https://example.com/p?a=1&b='2'");
    if (rc == PANEL_E_OK)
        rc = panel_form_add(&params, "quantity", "100");
    if (rc == PANEL_E_OK)
        rc = request_build(d, &c->how, "http://127.0.0.1:1/api?x=1", KEY, &params, &w);
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(out, "%s %s [%s] [%s]\n%s\n", w.method, w.url,
                              w.content_type ? w.content_type : "", w.header ? w.header : "",
                              w.body.data ? w.body.data : "");
    char *repro = NULL;
    if (rc == PANEL_E_OK) {
        repro = c->dialect_way
                    ? request_reproduce_new(d, "http://127.0.0.1:1/api", KEY, KEY, &params)
                    : request_reproduce_how_new(d, &c->how, "http://127.0.0.1:1/api", KEY, KEY,
                                                &params);
        rc = repro ? panel_buf_puts(out, repro) : PANEL_E_NOMEM;
    }
    free(repro);
    request_wire_free(&w);
    panel_form_free(&params);
    return rc;
}

/* A recording of two exchanges: a form POST and a JSON POST. */
static const char har_text[] =
    "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"torture\", \"version\": \"1\"},"
    " \"entries\": ["
    "{\"request\": {\"method\": \"POST\", \"url\": \"http://127.0.0.1:1/api/v2?x=1\","
    "  \"headers\": [], \"queryString\": [],"
    "  \"postData\": {\"mimeType\": \"application/x-www-form-urlencoded\","
    "   \"text\": \"key=%24PANEL_KEY&action=status&order=7\"}},"
    " \"response\": {\"status\": 200, \"statusText\": \"OK\","
    "  \"headers\": [{\"name\": \"Retry-After\", \"value\": \"3\"}],"
    "  \"content\": {\"mimeType\": \"application/json\","
    "   \"text\": \"{\\\"status\\\": \\\"Completed\\\", \\\"charge\\\": \\\"0.1\\\"}\"}}},"
    "{\"request\": {\"method\": \"POST\", \"url\": \"http://127.0.0.1:1/api/v2\","
    "  \"headers\": [], \"queryString\": [],"
    "  \"postData\": {\"mimeType\": \"application/json\","
    "   \"text\": \"{\\\"key\\\": \\\"$PANEL_KEY\\\", \\\"action\\\": \\\"balance\\\"}\"}},"
    " \"response\": {\"status\": 200, \"statusText\": \"OK\", \"headers\": [],"
    "  \"content\": {\"mimeType\": \"application/json\","
    "   \"text\": \"{\\\"balance\\\": \\\"1.5\\\", \\\"currency\\\": \\\"USD\\\"}\"}}}"
    "]}}";

/* The request matched against the recording. */
static const char status_body[] = "key=" KEY "&action=status&order=8";

/* Loads the recording and matches a status request against it; the output is what was read. */
static panel_err run_har(void *vctx, panel_buf *out)
{
    (void)vctx;
    panel_har h;
    panel_har_params p;
    char err[256] = "", why[256] = "";
    memset(&p, 0, sizeof p);
    panel_err rc = panel_har_load_mem(har_text, sizeof har_text - 1, &h, err, sizeof err);
    if (rc != PANEL_E_OK)
        return rc == PANEL_E_NOMEM ? rc : (panel_buf_printf(out, "refused: %s", err), rc);
    for (size_t i = 0; rc == PANEL_E_OK && i < h.n; i++) {
        const panel_har_entry *e = &h.entries[i];
        rc = panel_buf_printf(out, "%s %s %zu params %ld %s [%s] %s\n", e->method, e->path,
                              e->params.n, e->status, e->content_type ? e->content_type : "",
                              e->retry_after ? e->retry_after : "", e->body);
    }
    if (rc == PANEL_E_OK)
        rc = panel_har_params_new("http://127.0.0.1:1/api/v2?x=1",
                                  "application/x-www-form-urlencoded", status_body,
                                  sizeof status_body - 1, KEY, &p);
    if (rc == PANEL_E_OK) {
        const panel_har_entry *m = panel_har_match(&h, "POST", "/api/v2", &p, why, sizeof why);
        rc = panel_buf_printf(out, "match: %s (%s)\n", m ? m->body : "none", why);
    }
    panel_har_params_free(&p);
    panel_har_free(&h);
    return rc;
}

/* Does nothing: the HAR case has no context. */
static void free_nothing(void *vctx)
{
    (void)vctx;
}

/* Registers the request and recording cases. */
void torture_cases_request(torture_list *l)
{
    for (size_t i = 0; i < l->dialects.count; i++) {
        const panel_dialect *d = l->dialects.items[i];
        if (!d->actions[PANEL_ACTION_ADD].name)
            continue;
        for (int v = 0; v < 4; v++) {
            request_ctx *c = calloc(1, sizeof *c);
            if (!c)
                exit(2);
            c->d = d;
            c->how = request_how_default(d);
            c->dialect_way = v == 0;
            if (v == 1) { /* GET, the key in the query string */
                c->how.method = PANEL_METHOD_GET;
                c->how.key_at = PANEL_KEYLOC_BODY;
            } else if (v == 2) { /* a JSON body */
                c->how.method = PANEL_METHOD_POST;
                c->how.encoding = PANEL_ENC_JSON;
            } else if (v == 3) { /* the key in a header */
                c->how.method = PANEL_METHOD_POST;
                c->how.key_at = PANEL_KEYLOC_HEADER;
                c->how.header = "X-Api-Key";
                c->how.scheme = NULL;
            }
            static const char *const ways[] = {"dialect", "get", "json", "header"};
            torture_add(l, c, NULL, run_request, NULL, "request/%s/%s", d->name, ways[v]);
        }
    }
    torture_add(l, NULL, NULL, run_har, free_nothing, "har/load-match");
}
