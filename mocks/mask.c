/* mask.c - the API keys masked by value wherever the mock writes client-supplied text
 * (journal, log lines, echoed ids, response bodies): every occurrence of any account's key
 * becomes "***", whatever parameter or field carried it. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

#define MASK_ANYWHERE_MIN                                                                          \
    8 /* answers: keys this long are masked anywhere, shorter ones only                            \
         as a whole JSON string ("KEY"), so a key like "x" leaves the                              \
         rest of an answer intact */

/* The first occurrence of an account key in in[0..n) at or after from: its offset (n when
 * none) and, in *klen, the length of the key found. With json, a key shorter than
 * MASK_ANYWHERE_MIN only counts as a whole JSON string. */
static size_t find_key_in(const mock_state *s, const char *in, size_t n, size_t from, size_t *klen,
                          int json)
{
    size_t best = n;
    for (size_t i = 0; i < s->n_acc; i++) {
        const char *key = s->acc[i].key;
        size_t k = strlen(key);
        if (k == 0 || k > n - from)
            continue;
        for (size_t at = from; at + k <= n;) {
            const char *hit = memmem(in + at, n - at, key, k);
            if (!hit)
                break;
            size_t off = (size_t)(hit - in);
            int whole = off > 0 && off + k < n && in[off - 1] == '"' && in[off + k] == '"';
            if (!json || k >= MASK_ANYWHERE_MIN || whole) {
                if (off < best) {
                    best = off;
                    *klen = k;
                }
                break;
            }
            at = off + 1;
        }
    }
    return best;
}

/* find_key_in for text written by the mock (journal, log): every occurrence counts. */
static size_t find_key(const mock_state *s, const char *in, size_t n, size_t from, size_t *klen)
{
    return find_key_in(s, in, n, from, klen, 0);
}

/* 1 when in[0..n) holds any account key. */
int mock_mask_needed(const mock_state *s, const char *in, size_t n)
{
    size_t k = 0;
    return in && find_key(s, in, n, 0, &k) < n;
}

/* Writes in[0..n) with every key replaced by "***" into out (appending); json as in
 * find_key_in. */
static panel_err mask_append(const mock_state *s, const char *in, size_t n, panel_buf *out,
                             int json)
{
    panel_err rc = PANEL_E_OK;
    size_t at = 0;
    while (rc == PANEL_E_OK && at < n) {
        size_t k = 0, hit = find_key_in(s, in, n, at, &k, json);
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
    if (mask_append(s, in ? in : "", in ? n : 0, &b, 0) == PANEL_E_OK &&
        panel_buf_puts(&b, "") == PANEL_E_OK)
        r = panel_buf_take(&b, NULL);
    panel_buf_free(&b);
    return r;
}

/* Masks the keys in an answer b in place (b keeps its cap; unchanged when none is found):
 * long keys anywhere, short ones as whole JSON strings. */
panel_err mock_mask_buf(const mock_state *s, panel_buf *b)
{
    size_t k = 0;
    if (!b->data || find_key_in(s, b->data, b->len, 0, &k, 1) >= b->len)
        return PANEL_E_OK;
    panel_buf m;
    panel_buf_init(&m, MOCK_MAX_RESPONSE);
    panel_err rc = mask_append(s, b->data, b->len, &m, 1);
    if (rc == PANEL_E_OK) {
        panel_buf_reset(b);
        rc = panel_buf_append(b, m.data ? m.data : "", m.len);
    }
    panel_buf_free(&m);
    return rc;
}
