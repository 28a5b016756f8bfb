/* replay.c - panelmock --replay FILE.har: every API request is answered from a recording
 * (panel/har.h matches it); an unmatched one gets a 404 naming the closest recorded request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"
#include "panel/har.h"

/* Loads the recording of cfg->replay into s. */
panel_err mock_replay_open(mock_state *s, const mock_config *cfg, char *err, size_t errsz)
{
    if (!cfg->replay)
        return PANEL_E_OK;
    s->replay = calloc(1, sizeof(*s->replay));
    if (!s->replay)
        return PANEL_E_NOMEM;
    char why[256];
    panel_err rc = panel_har_load(cfg->replay, s->replay, why, sizeof(why));
    if (rc == PANEL_E_OK && !s->replay->n) {
        snprintf(why, sizeof why, "the recording has no entries");
        rc = PANEL_E_PARSE;
    }
    if (rc != PANEL_E_OK) {
        snprintf(err, errsz, "--replay %s: %s", cfg->replay, why);
        panel_har_free(s->replay);
        rc = rc == PANEL_E_NOMEM ? rc : PANEL_E_USAGE; /* a configuration error: exit 2 */
        free(s->replay);
        s->replay = NULL;
    }
    return rc;
}

/* Frees the recording. */
void mock_replay_close(mock_state *s)
{
    if (!s->replay)
        return;
    panel_har_free(s->replay);
    free(s->replay);
    s->replay = NULL;
}

/* Answers one API request from the recording (the state lock held). */
panel_err mock_replay_handle(mock_state *s, const char *method, const char *path,
                             const char *headers, const char *body, size_t n, mock_response *out)
{
    char ct[128] = "";
    mock_header_get(headers, "Content-Type", ct, sizeof ct);
    const mock_account *a = mock_state_account(s, path);
    char p[1024];
    panel_har_url_path(path, p, sizeof p);
    panel_har_params q;
    panel_err rc = panel_har_params_new(path, ct, body, n, a ? a->key : NULL, &q);
    if (rc == PANEL_E_PARSE || rc == PANEL_E_TOO_LARGE)
        return mock_respond_text(out, 400, "application/json",
                                 "{\"error\":\"panelmock replay: unreadable request\"}", 47);
    if (rc != PANEL_E_OK)
        return rc;
    char why[900];
    const panel_har_entry *e = panel_har_match(s->replay, method, p, &q, why, sizeof why);
    panel_har_params_free(&q);
    if (!e) {
        panel_buf b;
        panel_buf_init(&b, 4096);
        rc = panel_buf_puts(&b, "{\"error\":");
        if (rc == PANEL_E_OK)
            rc = panel_buf_json_string(&b, why, strlen(why));
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(&b, "}");
        if (rc == PANEL_E_OK)
            rc = mock_respond_text(out, 404, "application/json", b.data, b.len);
        panel_buf_free(&b);
        char *safe = mock_mask_new(s, why, strlen(why)); /* the request may carry any key */
        fprintf(stderr, "panelmock: replay: %s\n", safe ? safe : "(no match)");
        free(safe);
        return rc;
    }
    if (e->status == 0) /* recorded without an answer */
        return mock_respond_text(out, 502, "application/json",
                                 "{\"error\":\"panelmock replay: recorded without an answer\"}",
                                 56);
    rc = mock_respond_text(out, (int)e->status, e->content_type, e->body, e->body_len);
    if (rc == PANEL_E_OK && e->retry_after && out->n_headers < MOCK_MAX_HEADERS) {
        snprintf(out->header_name[out->n_headers], sizeof out->header_name[0], "Retry-After");
        snprintf(out->header_value[out->n_headers], sizeof out->header_value[0], "%s",
                 e->retry_after);
        out->n_headers++;
    }
    return rc;
}
