/* multipart.c - multipart/form-data request bodies (what PHP's curl sends for an array of
 * fields) decoded into form pairs; file parts are read as plain values. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mock_internal.h"

/* Copies the boundary parameter of a multipart Content-Type into out; 1 when found. */
static int boundary_of(const char *ctype, char *out, size_t outsz)
{
    const char *b = strcasestr(ctype, "boundary=");
    if (!b)
        return 0;
    b += 9;
    size_t n;
    if (*b == '"') {
        b++;
        n = strcspn(b, "\"");
    } else {
        n = strcspn(b, "; \t\r\n");
    }
    if (n == 0 || n + 1 > outsz || n > 70)
        return 0;
    memcpy(out, b, n);
    out[n] = '\0';
    return 1;
}

/* 1 when ctype is multipart/form-data. */
int mock_multipart_is(const char *ctype)
{
    return ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0;
}

/* Reads the name="..." of a part's Content-Disposition header block hdr[0..n) into out. */
static int part_name(const char *hdr, size_t n, char *out, size_t outsz)
{
    const char *end = hdr + n;
    for (const char *p = hdr; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
        if (len > 20 && strncasecmp(p, "Content-Disposition:", 20) == 0) {
            const char *nm = memmem(p, len, "name=\"", 6);
            while (nm && nm > p && nm[-1] != ' ' && nm[-1] != ';') /* skip filename="..." */
                nm = memmem(nm + 6, len - (size_t)(nm + 6 - p), "name=\"", 6);
            if (!nm)
                return 0;
            nm += 6;
            const char *q = memchr(nm, '"', len - (size_t)(nm - p));
            if (!q || (size_t)(q - nm) + 1 > outsz)
                return 0;
            memcpy(out, nm, (size_t)(q - nm));
            out[q - nm] = '\0';
            return 1;
        }
        p = eol ? eol + 1 : end;
    }
    return 0;
}

/* Decodes a multipart/form-data body into f (appending). PANEL_E_PARSE on a malformed body
 * (no boundary, a part without a name, a NUL in a value), PANEL_E_TOO_LARGE past the
 * form's parameter cap. */
panel_err mock_multipart_decode(panel_form *f, const char *ctype, const char *body, size_t n)
{
    char bnd[80], delim[96];
    if (!boundary_of(ctype, bnd, sizeof bnd))
        return PANEL_E_PARSE;
    size_t dl = (size_t)snprintf(delim, sizeof delim, "--%s", bnd);
    const char *end = body + n;
    const char *p = memmem(body, n, delim, dl);
    if (!p)
        return PANEL_E_PARSE;
    for (size_t parts = 0;; parts++) {
        p += dl;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return PANEL_E_OK; /* the closing delimiter */
        if (parts >= f->max_params)
            return PANEL_E_TOO_LARGE;
        const char *hs = memmem(p, (size_t)(end - p), "\r\n", 2);
        const char *he = hs ? memmem(hs, (size_t)(end - hs), "\r\n\r\n", 4) : NULL;
        if (!he)
            return PANEL_E_PARSE;
        const char *v = he + 4;
        const char *next = memmem(v, (size_t)(end - v), delim, dl);
        if (!next || next - v < 2 || next[-2] != '\r' || next[-1] != '\n')
            return PANEL_E_PARSE;
        size_t vlen = (size_t)(next - 2 - v);
        char name[256];
        if (!part_name(hs, (size_t)(he - hs) + 2, name, sizeof name) || memchr(v, '\0', vlen))
            return PANEL_E_PARSE;
        char *val = strndup(v, vlen);
        if (!val)
            return PANEL_E_NOMEM;
        panel_err rc = panel_form_add(f, name, val);
        free(val);
        if (rc != PANEL_E_OK)
            return rc;
        p = next;
    }
}
