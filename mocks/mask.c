/* mask.c - the API keys masked by value wherever the mock writes client-supplied text
 * (journal, log lines, echoed ids, response bodies): every occurrence of any account's key
 * becomes "***", whatever parameter or field carried it. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

/* The first occurrence of any account key in in[0..n) at or after from: its offset (n when
 * none) and, in *klen, the length of the key found. */
static size_t find_key(const mock_state *s, const char *in, size_t n, size_t from, size_t *klen)
{
    size_t best = n;
    for (size_t i = 0; i < s->n_acc; i++) {
        size_t k = strlen(s->acc[i].key);
        if (k == 0 || k > n - from)
            continue;
        const char *hit = memmem(in + from, n - from, s->acc[i].key, k);
        if (hit && (size_t)(hit - in) < best) {
            best = (size_t)(hit - in);
            *klen = k;
        }
    }
    return best;
}

/* 1 when in[0..n) holds any account key. */
int mock_mask_needed(const mock_state *s, const char *in, size_t n)
{
    size_t k = 0;
    return in && find_key(s, in, n, 0, &k) < n;
}

/* Writes in[0..n) with every key replaced by "***" into out (appending). */
static panel_err mask_append(const mock_state *s, const char *in, size_t n, panel_buf *out)
{
    panel_err rc = PANEL_E_OK;
    size_t at = 0;
    while (rc == PANEL_E_OK && at < n) {
        size_t k = 0, hit = find_key(s, in, n, at, &k);
        rc = panel_buf_append(out, in + at, hit - at);
        if (rc == PANEL_E_OK && hit < n)
            rc = panel_buf_append(out, "***", 3);
        at = hit < n ? hit + k : n;
    }
    return rc;
}

/* A new NUL-terminated copy of in[0..n) with every key replaced by "***" (caller frees);
 * NULL on NOMEM. */
char *mock_mask_new(const mock_state *s, const char *in, size_t n)
{
    panel_buf b;
    panel_buf_init(&b, 3 * n + 16);
    char *r = NULL;
    if (mask_append(s, in ? in : "", in ? n : 0, &b) == PANEL_E_OK &&
        panel_buf_puts(&b, "") == PANEL_E_OK)
        r = panel_buf_take(&b, NULL);
    panel_buf_free(&b);
    return r;
}

/* Masks every key in b in place (b keeps its cap; unchanged when none is found). */
panel_err mock_mask_buf(const mock_state *s, panel_buf *b)
{
    if (!b->data || !mock_mask_needed(s, b->data, b->len))
        return PANEL_E_OK;
    panel_buf m;
    panel_buf_init(&m, MOCK_MAX_RESPONSE);
    panel_err rc = mask_append(s, b->data, b->len, &m);
    if (rc == PANEL_E_OK) {
        panel_buf_reset(b);
        rc = panel_buf_append(b, m.data ? m.data : "", m.len);
    }
    panel_buf_free(&m);
    return rc;
}
