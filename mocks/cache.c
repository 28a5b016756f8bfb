/* cache.c - a small cache of rendered answers to read-only requests (services, balance,
 * status of settled orders): valid while the state's version is unchanged. */
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

#define CACHE_SLOTS 16

typedef struct {
    int used;
    size_t acc;
    uint64_t version, hash;
    char *req; /* the request body */
    size_t req_len;
    mock_response resp; /* body owned */
} slot;

struct mock_cache {
    slot slots[CACHE_SLOTS];
};

/* Frees the cache; NULL is fine. */
void mock_cache_free(mock_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        free(c->slots[i].req);
        panel_buf_free(&c->slots[i].resp.body);
    }
    free(c);
}

/* Copies the cached answer for (acc, body) into out; 1 on a hit at the current version. */
int mock_cache_get(mock_state *s, size_t acc, const char *body, size_t n, mock_response *out)
{
    if (!s->cache)
        return 0;
    slot *sl = &s->cache->slots[mock_hash(body, n) % CACHE_SLOTS];
    if (!sl->used || sl->acc != acc || sl->version != s->version || sl->req_len != n ||
        memcmp(sl->req, body, n) != 0)
        return 0;
    panel_buf keep = out->body;
    *out = sl->resp;
    out->body = keep;
    panel_buf_reset(&out->body);
    if (panel_buf_append(&out->body, sl->resp.body.data ? sl->resp.body.data : "",
                         sl->resp.body.len) != PANEL_E_OK)
        return 0;
    return 1;
}

/* Remembers out as the answer for (acc, body) at the current version. */
void mock_cache_put(mock_state *s, size_t acc, const char *body, size_t n, const mock_response *out)
{
    if (!s->cache && !(s->cache = calloc(1, sizeof *s->cache)))
        return;
    uint64_t h = mock_hash(body, n);
    slot *sl = &s->cache->slots[h % CACHE_SLOTS];
    char *req = malloc(n ? n : 1);
    if (!req)
        return;
    memcpy(req, body, n);
    free(sl->req);
    panel_buf_free(&sl->resp.body);
    sl->resp = *out;
    panel_buf_init(&sl->resp.body, MOCK_MAX_RESPONSE);
    if (panel_buf_append(&sl->resp.body, out->body.data ? out->body.data : "", out->body.len)) {
        free(req);
        sl->req = NULL;
        sl->used = 0;
        return;
    }
    sl->used = 1;
    sl->acc = acc;
    sl->version = s->version;
    sl->hash = h;
    sl->req = req;
    sl->req_len = n;
}
