/* core/form.c - application/x-www-form-urlencoded codec with a parameter cap and one rule for
 * repeated parameters (dialects/README.md "Repeated parameters"): a name decoded twice with
 * different values makes the form ambiguous and is refused; the same value again is harmless.
 * The rule holds within one decoded text (a query string, a body): across two decodes into one
 * form (a server reading the query and then the body) the later pair wins. */
#include "panel/form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FORM_MIN_SLOTS 4

/* Initialises an empty form accepting at most max_params pairs (0 means the default). */
void panel_form_init(panel_form *f, size_t max_params)
{
    f->pairs = NULL;
    f->count = 0;
    f->max_params = max_params ? max_params : PANEL_FORM_MAX_PARAMS;
    f->duplicates = 0;
    f->nomem = 0;
}

/* Frees every pair and the array; the form stays usable with the same cap. */
void panel_form_free(panel_form *f)
{
    size_t i;

    for (i = 0; i < f->count; i++) {
        free(f->pairs[i].name);
        free(f->pairs[i].value);
    }
    free(f->pairs);
    f->pairs = NULL;
    f->count = 0;
    f->duplicates = 0;
    f->nomem = 0;
}

/* Makes room for one more pair; the array doubles when count reaches a power of two. */
static panel_err grow(panel_form *f)
{
    size_t n = f->count, slots;
    panel_form_pair *p;

    if (n != 0 && (n < FORM_MIN_SLOTS || (n & (n - 1)) != 0))
        return PANEL_E_OK;
    slots = n == 0 ? FORM_MIN_SLOTS : n * 2;
    p = slots <= SIZE_MAX / sizeof(*p) ? realloc(f->pairs, slots * sizeof(*p)) : NULL;
    if (!p)
        return PANEL_E_NOMEM; /* realloc failed, or the size would overflow */
    f->pairs = p;
    return PANEL_E_OK;
}

/* Appends a pair, taking ownership of name and value (freed on failure). */
static panel_err push(panel_form *f, char *name, char *value)
{
    panel_err rc = grow(f);

    if (rc != PANEL_E_OK) {
        free(name);
        free(value);
        return rc;
    }
    if (panel_form_count(f, name) > 0)
        f->duplicates = 1;
    f->pairs[f->count].name = name;
    f->pairs[f->count].value = value;
    f->count++;
    return PANEL_E_OK;
}

/* Returns the value of hex digit c, or -1. */
static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) into a new NUL-terminated string in *out (caller frees). */
static panel_err unescape(const char *s, size_t n, char **out)
{
    char *d = malloc(n + 1);
    size_t i, j = 0;

    if (!d)
        return PANEL_E_NOMEM;
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
            int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
            if (lo < 0) {
                free(d);
                return PANEL_E_PARSE;
            }
            c = hi * 16 + lo;
            i += 2;
        }
        if (c == 0) {
            free(d);
            return PANEL_E_PARSE;
        }
        d[j++] = (char)c;
    }
    d[j] = '\0';
    *out = d;
    return PANEL_E_OK;
}

/* 1 when f holds, from pair from on, a pair named name with a value other than value. */
static int conflicts(const panel_form *f, size_t from, const char *name, const char *value)
{
    for (size_t i = from; i < f->count; i++)
        if (strcmp(f->pairs[i].name, name) == 0 && strcmp(f->pairs[i].value, value) != 0)
            return 1;
    return 0;
}

/* Decodes one non-empty name[=value] segment and appends it; PANEL_E_PARSE when the name is
 * already there (from pair from on: this decode's) with another value. */
static panel_err decode_pair(panel_form *f, size_t from, const char *seg, size_t n)
{
    const char *eq = memchr(seg, '=', n);
    size_t nn = eq ? (size_t)(eq - seg) : n;
    char *name = NULL, *value = NULL;
    panel_err rc;

    rc = unescape(seg, nn, &name);
    if (rc != PANEL_E_OK)
        goto out;
    rc = eq ? unescape(eq + 1, n - nn - 1, &value) : unescape("", 0, &value);
    if (rc != PANEL_E_OK)
        goto out;
    if (conflicts(f, from, name, value)) {
        rc = PANEL_E_PARSE;
        goto out;
    }
    rc = push(f, name, value); /* takes both */
    name = value = NULL;
out:
    free(name);
    free(value);
    return rc;
}

/* Decodes body[0..n) into f, appending; stops at the first error. A name repeated with another
 * value within body is refused; against pairs f held before, the later one wins on get. */
panel_err panel_form_decode(panel_form *f, const char *body, size_t n)
{
    size_t i = 0, from = f->count;

    if (!body && n)
        return PANEL_E_INVALID;
    while (i < n) {
        const char *amp = memchr(body + i, '&', n - i);
        size_t seg = amp ? (size_t)(amp - (body + i)) : n - i;
        panel_err rc;

        if (seg > 0) {
            if (f->count >= f->max_params)
                return PANEL_E_TOO_LARGE;
            rc = decode_pair(f, from, body + i, seg);
            if (rc != PANEL_E_OK)
                return rc;
        }
        i += seg + 1;
    }
    return PANEL_E_OK;
}

/* Appends a copy of the pair name=value. */
panel_err panel_form_add(panel_form *f, const char *name, const char *value)
{
    char *n = strdup(name);
    char *v = strdup(value);

    panel_err rc = n && v ? push(f, n, v) : PANEL_E_NOMEM;

    if (!n || !v) {
        free(n);
        free(v);
    }
    if (rc == PANEL_E_NOMEM)
        f->nomem = 1;
    return rc;
}

/* Returns the value of the last pair named name, borrowed from f; NULL when absent (a decoded
 * form holds one value per name, so "last" matters only for pairs added by hand). */
const char *panel_form_get_borrow(const panel_form *f, const char *name)
{
    size_t i = f->count;

    while (i-- > 0)
        if (strcmp(f->pairs[i].name, name) == 0)
            return f->pairs[i].value;
    return NULL;
}

/* Counts the pairs named name. */
size_t panel_form_count(const panel_form *f, const char *name)
{
    size_t i, c = 0;

    for (i = 0; i < f->count; i++)
        c += strcmp(f->pairs[i].name, name) == 0;
    return c;
}

/* Tells whether byte c is unreserved (RFC 3986). */
static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* Percent-encodes s[0..n) into out, space as '+'. */
panel_err panel_form_escape(panel_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    panel_err rc = PANEL_E_OK;
    size_t i, run = 0;

    for (i = 0; rc == PANEL_E_OK && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[3] = {'%', hex[c >> 4], hex[c & 0xf]};
        if (unreserved(c))
            continue;
        rc = panel_buf_append(out, s + run, i - run);
        if (rc == PANEL_E_OK)
            rc = c == ' ' ? panel_buf_append(out, "+", 1) : panel_buf_append(out, esc, 3);
        run = i + 1;
    }
    if (rc == PANEL_E_OK)
        rc = panel_buf_append(out, s + run, n - run);
    return rc;
}

/* Encodes every pair as name=value joined by '&' into out. */
panel_err panel_form_encode(const panel_form *f, panel_buf *out)
{
    panel_err rc = PANEL_E_OK;
    size_t i;

    for (i = 0; rc == PANEL_E_OK && i < f->count; i++) {
        const panel_form_pair *p = &f->pairs[i];
        if (i > 0)
            rc = panel_buf_append(out, "&", 1);
        if (rc == PANEL_E_OK)
            rc = panel_form_escape(out, p->name, strlen(p->name));
        if (rc == PANEL_E_OK)
            rc = panel_buf_append(out, "=", 1);
        if (rc == PANEL_E_OK)
            rc = panel_form_escape(out, p->value, strlen(p->value));
    }
    return rc;
}
