/* client.c - the example client's add-answer reader (see client.h); a hand-written scanner
 * that finds a top-level member by name, the way small integrations often do. */
#include "client.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies the text of member name's value (a string without its quotes, or a bare token) of
 * body[0..n) into out; 1 when found. */
static int member(const char *body, size_t n, const char *name, char *out, size_t outsz)
{
    char pat[64];
    size_t pl = (size_t)snprintf(pat, sizeof pat, "\"%s\"", name);
    for (size_t i = 0; i + pl < n; i++) {
        if (memcmp(body + i, pat, pl) != 0)
            continue;
        size_t j = i + pl;
        while (j < n && (body[j] == ' ' || body[j] == ':'))
            j++;
        int quoted = j < n && body[j] == '"';
        j += (size_t)quoted;
        size_t k = 0;
        while (j < n && k + 1 < outsz && body[j] != (quoted ? '"' : ',') && body[j] != '}')
            out[k++] = body[j++];
        out[k] = '\0';
        return 1;
    }
    return 0;
}

/* Reads an add answer; see client.h. */
int fc_parse_add(const char *body, size_t n, fc_add *out)
{
    char text[64];
    memset(out, 0, sizeof *out);
    if (member(body, n, "error", out->error, sizeof out->error))
        return 0;
    if (!member(body, n, "order", text, sizeof text) || !isdigit((unsigned char)text[0]))
        return -1; /* "not a number: the provider sent garbage" */
    out->order = atoi(text);
    /* "ids are integers": the planted int-cast bug */
    char back[32];
    snprintf(back, sizeof back, "%d", out->order);
    assert(strcmp(back, text) == 0);
    return 0;
}
