/* journal.c - a capped ring of the requests seen (key masked), for GET /__panelmock/journal. */
#include <string.h>

#include "mock_internal.h"

/* Records one request: dialect, action, params (key masked as ***), encoding, HTTP status. */
void mock_journal_add(mock_state *s, const char *dialect, const char *action, const panel_form *f,
                      const char *key_param, int json, int status)
{
    json_t *params = json_object();
    for (size_t i = 0; f && i < f->count; i++) {
        const char *n = f->pairs[i].name;
        int secret = strcmp(n, key_param) == 0 || strcmp(n, "key") == 0;
        json_t *v = json_string(secret ? "***" : f->pairs[i].value);
        json_object_set_new(params, n, v ? v : json_string("(not utf-8)"));
    }
    json_t *e = json_object();
    if (!e) {
        json_decref(params);
        return;
    }
    json_object_set_new(e, "seq", json_integer((json_int_t)++s->seq));
    json_object_set_new(e, "dialect", json_string(dialect));
    json_t *av = action ? json_string(action) : NULL;
    json_object_set_new(e, "action", av ? av : json_null());
    json_object_set_new(e, "encoding", json_string(json ? "json" : "form"));
    json_object_set_new(e, "params", params);
    json_object_set_new(e, "status", json_integer(status));
    size_t slot = (s->jhead + s->jcount) % MOCK_JOURNAL_MAX;
    if (s->jcount == MOCK_JOURNAL_MAX) {
        json_decref(s->jring[s->jhead]);
        s->jring[s->jhead] = NULL;
        s->jhead = (s->jhead + 1) % MOCK_JOURNAL_MAX;
        s->jcount--;
        slot = (s->jhead + s->jcount) % MOCK_JOURNAL_MAX;
    }
    s->jring[slot] = e;
    s->jcount++;
}

/* The journal as a new JSON array, oldest first. */
json_t *mock_journal_json_new(mock_state *s)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < s->jcount; i++)
        json_array_append(arr, s->jring[(s->jhead + i) % MOCK_JOURNAL_MAX]);
    return arr;
}

/* Drops every journal entry and restarts the sequence. */
void mock_journal_clear(mock_state *s)
{
    for (size_t i = 0; i < s->jcount; i++) {
        size_t k = (s->jhead + i) % MOCK_JOURNAL_MAX;
        json_decref(s->jring[k]);
        s->jring[k] = NULL;
    }
    s->jhead = s->jcount = 0;
    s->seq = 0;
}
