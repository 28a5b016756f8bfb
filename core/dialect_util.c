/* core/dialect_util.c - the loader's toolkit: error recording (every error, with code, allowed
 * values and did-you-mean), JSON pointers, owned strings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect_impl.h"
#include "panel/dialect.h"

static const char *const errcode_names[] = {
#define XX(name, str, msg) str,
    PANEL_DIALECT_ERR_MAP(XX)
#undef XX
};

static const char *const errcode_messages[] = {
#define XX(name, str, msg) msg,
    PANEL_DIALECT_ERR_MAP(XX)
#undef XX
};

/* The stable name of code; "?" when out of range. */
const char *panel_dialect_errcode_name(panel_dialect_errcode code)
{
    if ((int)code < 0 || code >= PANEL_DERR__COUNT)
        return "?";
    return errcode_names[code];
}

/* The meaning of code; "?" when out of range. */
const char *panel_dialect_errcode_message(panel_dialect_errcode code)
{
    if ((int)code < 0 || code >= PANEL_DERR__COUNT)
        return "?";
    return errcode_messages[code];
}

/* Appends e to c's list (counting it as dropped past the cap) and copies the first to c->first. */
static void record(dialect_ctx *c, const panel_dialect_error *e)
{
    if (c->count == 0 && c->first != NULL)
        *c->first = *e;
    c->count++;
    panel_dialect_errors *l = c->list;
    if (l == NULL)
        return;
    if (l->count >= PANEL_DIALECT_ERRORS_MAX) {
        l->dropped++;
        return;
    }
    if (l->items == NULL) {
        l->items = calloc(PANEL_DIALECT_ERRORS_MAX, sizeof *l->items);
        if (l->items == NULL) {
            c->nomem = 1; /* not a dropped error: the list is incomplete for want of memory */
            return;
        }
    }
    l->items[l->count++] = *e;
}

/* Records one error; see dialect_impl.h. */
static panel_err vfail(dialect_ctx *c, panel_dialect_errcode code, const char *ptr,
                       const char *allowed, const char *suggest, const char *fmt, va_list ap)
{
    panel_dialect_error e;
    memset(&e, 0, sizeof e);
    snprintf(e.file, sizeof e.file, "%s", c->file);
    snprintf(e.pointer, sizeof e.pointer, "%s", ptr ? ptr : "");
    vsnprintf(e.reason, sizeof e.reason, fmt, ap);
    snprintf(e.allowed, sizeof e.allowed, "%s", allowed ? allowed : "");
    snprintf(e.suggest, sizeof e.suggest, "%s", suggest ? suggest : "");
    e.code = code;
    record(c, &e);
    return PANEL_E_DIALECT;
}

/* Records an error with allowed values and a suggestion. */
panel_err dialect_failx(dialect_ctx *c, panel_dialect_errcode code, const char *ptr,
                        const char *allowed, const char *suggest, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panel_err rc = vfail(c, code, ptr, allowed, suggest, fmt, ap);
    va_end(ap);
    return rc;
}

/* Records an error. */
panel_err dialect_fail(dialect_ctx *c, panel_dialect_errcode code, const char *ptr, const char *fmt,
                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    panel_err rc = vfail(c, code, ptr, NULL, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

/* Levenshtein distance of a and b, both at most 63 bytes (longer: a large number). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    size_t row[64];
    if (n > 63 || m > 63)
        return 1000;
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* The closest candidate within max(1, len/3) edits (case-insensitive equality counts as 0). */
const char *dialect_suggest(const char *s, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, len = s ? strlen(s) : 0;
    size_t limit = len / 3 > 1 ? len / 3 : 1;
    if (s == NULL || candidates == NULL)
        return NULL;
    for (const char *const *k = candidates; *k != NULL; k++) {
        size_t d = strcasecmp(*k, s) == 0 ? 0 : edit_distance(s, *k);
        if (d < best_d) {
            best_d = d;
            best = *k;
        }
    }
    return best_d <= limit ? best : NULL;
}

/* Writes "a, b, c" into out. */
void dialect_join(char *out, size_t n, const char *const *candidates)
{
    size_t used = 0;
    if (n == 0)
        return;
    out[0] = '\0';
    for (const char *const *k = candidates; k != NULL && *k != NULL && used + 1 < n; k++) {
        int w = snprintf(out + used, n - used, "%s%s", used ? ", " : "", *k);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (used >= n)
        out[n - 1] = '\0';
}

/* Frees the list's items and empties it. */
void panel_dialect_errors_free(panel_dialect_errors *errs)
{
    if (errs == NULL)
        return;
    free(errs->items);
    memset(errs, 0, sizeof *errs);
}

/* Writes parent + "/" + key (RFC 6901 escaped) into out. */
void dialect_ptr_join(char *out, size_t outsz, const char *parent, const char *key)
{
    char tmp[PTR_MAX];
    snprintf(tmp, sizeof tmp, "%s", parent); /* parent may alias out */
    size_t n = (size_t)snprintf(out, outsz, "%s/", tmp);
    if (n >= outsz)
        return;
    for (const char *k = key; *k != '\0' && n + 3 < outsz; k++) {
        if (*k == '~') {
            out[n++] = '~';
            out[n++] = '0';
        } else if (*k == '/') {
            out[n++] = '~';
            out[n++] = '1';
        } else {
            out[n++] = *k;
        }
    }
    if (n < outsz)
        out[n] = '\0';
}

/* Writes parent + "/" + index into out, cut to outsz (pointers in errors are capped). */
void dialect_ptr_index(char *out, size_t outsz, const char *parent, size_t i)
{
    int w = snprintf(out, outsz, "%s/%zu", parent, i);
    if (w < 0 && outsz > 0)
        out[0] = '\0';
}

/* A new copy of s, or NULL when out of memory. */
char *dialect_dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

/* Copies a JSON string into *out (owned); fails unless v is a non-empty string. */
panel_err dialect_take_str(dialect_ctx *c, const char *ptr, json_t *v, char **out)
{
    if (!json_is_string(v))
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, ptr, "expected a string");
    if (json_string_length(v) == 0)
        return dialect_fail(c, PANEL_DERR_EMPTY, ptr, "empty string");
    if (strlen(json_string_value(v)) != json_string_length(v))
        return dialect_fail(c, PANEL_DERR_EMPTY, ptr, "string contains NUL");
    *out = dialect_dupstr(json_string_value(v));
    return *out ? PANEL_E_OK : PANEL_E_NOMEM;
}
