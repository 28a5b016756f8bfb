/* mask.c - the API keys masked by value wherever the mock writes client-supplied text
 * (journal, log lines, echoed ids, response bodies): every occurrence of any account's key
 * becomes "***", whatever parameter or field carried it. In a JSON answer a key is only
 * masked inside a string and never across a quote or an escape, so the answer stays JSON
 * ("\u0019KEY" becomes "\u0019***", not "\u001***"). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

#define MASK_ANYWHERE_MIN                                                                          \
    8 /* answers: keys this long are masked anywhere, shorter ones only                            \
         as a whole JSON string ("KEY"), so a key like "x" leaves the                              \
         rest of an answer intact */

enum { MASK_TEXT, MASK_ANSWER, MASK_JSON };

/* Marks in plain[0..n) the bytes of the JSON text in[0..n) that are ordinary characters of a
 * string (1): not a quote, not part of an escape sequence, not outside a string (0). */
static void json_plain_bytes(const char *in, size_t n, unsigned char *plain)
{
    int str = 0;
    memset(plain, 0, n);
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '"')
            str = !str;
        else if (str && in[i] == '\\')
            i += (i + 1 < n && in[i + 1] == 'u') ? 5 : 1; /* the escape's bytes stay 0 */
        else if (str)
            plain[i] = 1;
    }
}

/* 1 when a key of length k found at off in in[0..n) may be masked: in MASK_TEXT anywhere; in
 * MASK_ANSWER when k >= MASK_ANYWHERE_MIN or it is a whole "KEY"; in MASK_JSON (plain as
 * json_plain_bytes) only over ordinary string bytes, and a short key only as a whole string. */
static int maskable(const char *in, size_t n, const unsigned char *plain, size_t off, size_t k,
                    int mode)
{
    int whole = off > 0 && off + k < n && in[off - 1] == '"' && in[off + k] == '"';
    if (mode == MASK_TEXT)
        return 1;
    if (mode == MASK_JSON)
        for (size_t i = off; i < off + k; i++)
            if (!plain[i])
                return 0;
    return k >= MASK_ANYWHERE_MIN || whole;
}

/* The first maskable occurrence of an account key in in[0..n) at or after from: its offset
 * (n when none) and, in *klen, the length of the key found. */
static size_t find_key_in(const mock_state *s, const char *in, size_t n, size_t from, size_t *klen,
                          const unsigned char *plain, int mode)
{
    size_t best = n;
    for (size_t i = 0; i < s->n_acc; i++) {
        const char *key = s->acc[i].key;
        size_t k = strlen(key);
        if (k == 0 || k > n - from)
            continue;
        for (size_t at = from; at + k <= n && at < best;) {
            const char *hit = memmem(in + at, n - at, key, k);
            if (!hit)
                break;
            size_t off = (size_t)(hit - in);
            if (maskable(in, n, plain, off, k, mode)) {
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

/* 1 when in[0..n) holds any account key. */
int mock_mask_needed(const mock_state *s, const char *in, size_t n)
{
    size_t k = 0;
    return in && find_key_in(s, in, n, 0, &k, NULL, MASK_TEXT) < n;
}

/* Writes in[0..n) with every maskable key replaced by "***" into out (appending). */
static panel_err mask_append(const mock_state *s, const char *in, size_t n, panel_buf *out,
                             const unsigned char *plain, int mode)
{
    panel_err rc = PANEL_E_OK;
    size_t at = 0;
    while (rc == PANEL_E_OK && at < n) {
        size_t k = 0, hit = find_key_in(s, in, n, at, &k, plain, mode);
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
    if (mask_append(s, in ? in : "", in ? n : 0, &b, NULL, MASK_TEXT) == PANEL_E_OK &&
        panel_buf_puts(&b, "") == PANEL_E_OK)
        r = panel_buf_take(&b, NULL);
    panel_buf_free(&b);
    return r;
}

/* 1 when an answer looks like JSON: its first byte after white space opens an object, an
 * array or a string. */
static int looks_json(const char *in, size_t n)
{
    size_t i = 0;
    while (i < n && (in[i] == ' ' || in[i] == '\t' || in[i] == '\r' || in[i] == '\n'))
        i++;
    return i < n && (in[i] == '{' || in[i] == '[' || in[i] == '"');
}

/* Masks the keys of the answer in[0..n) into out (appending): in a JSON answer inside strings
 * only (json_plain_bytes), otherwise long keys anywhere and short ones as "KEY". */
static panel_err mask_answer(const mock_state *s, const char *in, size_t n, panel_buf *out)
{
    if (!looks_json(in, n))
        return mask_append(s, in, n, out, NULL, MASK_ANSWER);
    unsigned char *plain = malloc(n ? n : 1);
    if (!plain)
        return PANEL_E_NOMEM;
    json_plain_bytes(in, n, plain);
    panel_err rc = mask_append(s, in, n, out, plain, MASK_JSON);
    free(plain);
    return rc;
}

/* A new NUL-terminated copy of the answer in[0..n) masked as mock_mask_buf does (caller
 * frees); NULL on NOMEM. */
char *mock_mask_answer_new(const mock_state *s, const char *in, size_t n)
{
    panel_buf b;
    panel_buf_init(&b, MOCK_MAX_RESPONSE);
    char *r = NULL;
    if (mask_answer(s, in ? in : "", in ? n : 0, &b) == PANEL_E_OK &&
        panel_buf_puts(&b, "") == PANEL_E_OK)
        r = panel_buf_take(&b, NULL);
    panel_buf_free(&b);
    return r;
}

/* Masks the keys in an answer b in place (b keeps its cap; unchanged when none is found): in
 * a JSON answer inside strings only, never across a quote or an escape; otherwise long keys
 * anywhere, short ones as whole JSON strings. */
panel_err mock_mask_buf(const mock_state *s, panel_buf *b)
{
    size_t k = 0;
    if (!b->data || find_key_in(s, b->data, b->len, 0, &k, NULL, MASK_TEXT) >= b->len)
        return PANEL_E_OK;
    panel_buf m;
    panel_buf_init(&m, MOCK_MAX_RESPONSE);
    panel_err rc = mask_answer(s, b->data, b->len, &m);
    if (rc == PANEL_E_OK) {
        panel_buf_reset(b);
        rc = panel_buf_append(b, m.data ? m.data : "", m.len);
    }
    panel_buf_free(&m);
    return rc;
}
