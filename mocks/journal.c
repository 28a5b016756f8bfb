/* journal.c - a capped ring of the requests seen (key masked), for GET /__panelmock/journal.
 * Entries are kept as packed text (one allocation each) and turned into JSON only when the
 * journal is read, so recording a request stays cheap. */
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

/* One recorded request; text holds dialect, action and the (name, value) pairs, each
 * NUL-terminated, values of secret params already masked. */
struct mock_jentry {
    uint64_t seq;
    int json, status, has_dialect, has_action;
    size_t n_params;
    char text[];
};

/* Appends s and its NUL at *p, advancing it. */
static void pack(char **p, const char *s)
{
    size_t n = strlen(s) + 1;
    memcpy(*p, s, n);
    *p += n;
}

/* Records one request: dialect, action, params (key masked as ***), encoding, HTTP status. */
void mock_journal_add(mock_state *s, const char *dialect, const char *action, const panel_form *f,
                      const char *key_param, int json, int status)
{
    size_t n_params = f ? f->count : 0, size = sizeof(struct mock_jentry) + 2;
    size += dialect ? strlen(dialect) : 0;
    size += action ? strlen(action) : 0;
    for (size_t i = 0; i < n_params; i++) {
        const char *n = f->pairs[i].name;
        int secret = strcmp(n, key_param) == 0 || strcmp(n, "key") == 0;
        size += strlen(n) + strlen(secret ? "***" : f->pairs[i].value) + 2;
    }
    struct mock_jentry *e = malloc(size);
    if (!e)
        return;
    e->seq = ++s->seq;
    e->json = json;
    e->status = status;
    e->has_dialect = dialect != NULL;
    e->has_action = action != NULL;
    e->n_params = n_params;
    char *p = e->text;
    pack(&p, dialect ? dialect : "");
    pack(&p, action ? action : "");
    for (size_t i = 0; i < n_params; i++) {
        const char *n = f->pairs[i].name;
        int secret = strcmp(n, key_param) == 0 || strcmp(n, "key") == 0;
        pack(&p, n);
        pack(&p, secret ? "***" : f->pairs[i].value);
    }
    size_t slot = (s->jhead + s->jcount) % MOCK_JOURNAL_MAX;
    if (s->jcount == MOCK_JOURNAL_MAX) {
        free(s->jring[s->jhead]);
        s->jring[s->jhead] = NULL;
        s->jhead = (s->jhead + 1) % MOCK_JOURNAL_MAX;
        s->jcount--;
        slot = (s->jhead + s->jcount) % MOCK_JOURNAL_MAX;
    }
    s->jring[slot] = e;
    s->jcount++;
}

/* One entry as a new JSON object (NULL on NOMEM): seq, dialect, action, encoding, params,
 * status. */
static json_t *entry_json_new(const struct mock_jentry *je)
{
    const char *p = je->text;
    const char *dialect = p;
    p += strlen(p) + 1;
    const char *action = p;
    p += strlen(p) + 1;
    json_t *params = json_object();
    for (size_t i = 0; i < je->n_params; i++) {
        const char *n = p;
        p += strlen(p) + 1;
        json_t *v = json_string(p);
        p += strlen(p) + 1;
        json_object_set_new(params, n, v ? v : json_string("(not utf-8)"));
    }
    json_t *e = json_object();
    if (!e) {
        json_decref(params);
        return NULL;
    }
    json_object_set_new(e, "seq", json_integer((json_int_t)je->seq));
    json_object_set_new(e, "dialect", je->has_dialect ? json_string(dialect) : NULL);
    json_t *av = je->has_action ? json_string(action) : NULL;
    json_object_set_new(e, "action", av ? av : json_null());
    json_object_set_new(e, "encoding", json_string(je->json ? "json" : "form"));
    json_object_set_new(e, "params", params);
    json_object_set_new(e, "status", json_integer(je->status));
    return e;
}

/* The journal as a new JSON array, oldest first. */
json_t *mock_journal_json_new(mock_state *s)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < s->jcount; i++) {
        json_t *e = entry_json_new(s->jring[(s->jhead + i) % MOCK_JOURNAL_MAX]);
        if (e)
            json_array_append_new(arr, e);
    }
    return arr;
}

/* Drops every journal entry and restarts the sequence. */
void mock_journal_clear(mock_state *s)
{
    for (size_t i = 0; i < s->jcount; i++) {
        size_t k = (s->jhead + i) % MOCK_JOURNAL_MAX;
        free(s->jring[k]);
        s->jring[k] = NULL;
    }
    s->jhead = s->jcount = 0;
    s->seq = 0;
}
