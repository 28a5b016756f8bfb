/* panel/buf.h - growable byte buffers with a hard cap (after curl's dynbuf). */
#ifndef PANEL_BUF_H
#define PANEL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "panel/error.h"

typedef struct {
    char *data; /* owned; always NUL-terminated when non-NULL */
    size_t len; /* bytes used, excluding the terminating NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* hard cap on len; growing past it fails */
} panel_buf;

/* Initialises an empty buffer that may hold at most max bytes. Allocates nothing. */
void panel_buf_init(panel_buf *b, size_t max);

/* Frees the buffer's memory and leaves it empty (re-usable, same max). */
void panel_buf_free(panel_buf *b);

/* Empties the buffer, keeping its memory. */
void panel_buf_reset(panel_buf *b);

/* Appends n bytes. On PANEL_E_TOO_LARGE or PANEL_E_NOMEM the buffer is freed. */
panel_err panel_buf_append(panel_buf *b, const void *mem, size_t n);

/* Appends a NUL-terminated string; same failure contract as panel_buf_append. */
panel_err panel_buf_puts(panel_buf *b, const char *s);

/* Appends printf-formatted text; same failure contract as panel_buf_append. */
panel_err panel_buf_printf(panel_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
panel_err panel_buf_vprintf(panel_buf *b, const char *fmt, va_list ap);

/* Appends s as a JSON string literal, quotes included, escaping as RFC 8259 requires. */
panel_err panel_buf_json_string(panel_buf *b, const char *s, size_t n);

/* Hands the data to the caller (who frees it) and leaves the buffer empty.
 * Returns an empty allocated string when the buffer is empty; NULL on NOMEM. */
char *panel_buf_take(panel_buf *b, size_t *len_out);

#endif
