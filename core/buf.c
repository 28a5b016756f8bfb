/* core/buf.c - growable byte buffers with a hard cap (after curl's dynbuf). */
#include "panel/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_MIN_CAP 32

/* Initialises an empty buffer that may hold at most max bytes; allocates nothing. */
void panel_buf_init(panel_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

/* Frees the buffer's memory and leaves it empty with the same max. */
void panel_buf_free(panel_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

/* Empties the buffer, keeping its memory. */
void panel_buf_reset(panel_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Makes room for n more bytes plus the NUL; frees the buffer on failure. */
static panel_err reserve(panel_buf *b, size_t n)
{
    size_t need, ncap;
    char *p;

    if (n > b->max - b->len) {
        panel_buf_free(b);
        return PANEL_E_TOO_LARGE;
    }
    need = b->len + n + 1; /* cannot wrap: len + n <= max < SIZE_MAX unless max is SIZE_MAX */
    if (need == 0) {
        panel_buf_free(b);
        return PANEL_E_TOO_LARGE;
    }
    if (need <= b->cap)
        return PANEL_E_OK;
    ncap = b->cap < BUF_MIN_CAP ? BUF_MIN_CAP : b->cap;
    while (ncap < need && ncap <= SIZE_MAX / 2)
        ncap *= 2;
    if (ncap < need)
        ncap = need;
    if (b->max < SIZE_MAX && ncap > b->max + 1)
        ncap = b->max + 1;
    p = realloc(b->data, ncap);
    if (!p) {
        panel_buf_free(b);
        return PANEL_E_NOMEM;
    }
    b->data = p;
    b->cap = ncap;
    return PANEL_E_OK;
}

/* Appends n bytes of mem; on failure the buffer is freed. */
panel_err panel_buf_append(panel_buf *b, const void *mem, size_t n)
{
    panel_err rc = reserve(b, n);

    if (rc != PANEL_E_OK)
        return rc;
    if (n)
        memcpy(b->data + b->len, mem, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PANEL_E_OK;
}

/* Appends the NUL-terminated string s. */
panel_err panel_buf_puts(panel_buf *b, const char *s)
{
    return panel_buf_append(b, s, strlen(s));
}

/* Appends printf-formatted text. */
panel_err panel_buf_printf(panel_buf *b, const char *fmt, ...)
{
    panel_err rc;
    va_list ap;

    va_start(ap, fmt);
    rc = panel_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

/* Appends vprintf-formatted text, sizing it first with a copy of ap. */
panel_err panel_buf_vprintf(panel_buf *b, const char *fmt, va_list ap)
{
    panel_err rc;
    va_list cp;
    int n;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) {
        panel_buf_free(b);
        return PANEL_E_INVALID;
    }
    rc = reserve(b, (size_t)n);
    if (rc != PANEL_E_OK)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return PANEL_E_OK;
}

/* Returns the short escape for control or special byte c, or NULL when it has none. */
static const char *short_escape(unsigned char c)
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        return NULL;
    }
}

/* Appends the escape sequence of byte c, which must be escaped. */
static panel_err append_escape(panel_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    const char *esc = short_escape(c);
    char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};

    if (esc)
        return panel_buf_append(b, esc, 2);
    return panel_buf_append(b, u, sizeof(u));
}

/* Appends s[0..n) as a JSON string literal; bytes >= 0x80 are copied as they are. */
panel_err panel_buf_json_string(panel_buf *b, const char *s, size_t n)
{
    panel_err rc = panel_buf_append(b, "\"", 1);
    size_t i, run = 0;

    for (i = 0; rc == PANEL_E_OK && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rc = panel_buf_append(b, s + run, i - run);
        if (rc == PANEL_E_OK)
            rc = append_escape(b, c);
        run = i + 1;
    }
    if (rc == PANEL_E_OK)
        rc = panel_buf_append(b, s + run, n - run);
    if (rc == PANEL_E_OK)
        rc = panel_buf_append(b, "\"", 1);
    return rc;
}

/* Hands the data to the caller, who frees it, and leaves the buffer empty. */
char *panel_buf_take(panel_buf *b, size_t *len_out)
{
    char *p = b->data;
    size_t len = b->len;

    if (!p) {
        p = calloc(1, 1);
        len = 0;
    }
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    if (len_out)
        *len_out = p ? len : 0;
    return p;
}
