/* journal.c - a capped ring of the requests seen (keys masked by value and by parameter
 * name), for GET /__panelmock/journal. Entries are kept as packed text (one allocation
 * each) and turned into JSON only when the journal is read, so recording stays cheap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mock_internal.h"
#include "panel/parse.h"

/* Field order of the packed strings of an entry. */
enum { J_DIALECT, J_ACTION, J_METHOD, J_PATH, J_ENCODING, J_APPLIED, J_BODY, J__COUNT };

/* One recorded request: J__COUNT strings, then (name, value) pairs, each NUL-terminated and
 * masked. */
struct mock_jentry {
    uint64_t seq, time_ms;
    int status, has_dialect, has_action, body_cut;
    unsigned account, ms;
    size_t n_params;
    char text[];
};

/* Writes t (ms since the epoch) as an ISO 8601 UTC time with milliseconds. */
void mock_time_iso(uint64_t t, char *out, size_t outsz)
{
    time_t sec = (time_t)(t / 1000);
    struct tm tm;
    gmtime_r(&sec, &tm);
    char day[24];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, outsz, "%s.%03uZ", day, (unsigned)(t % 1000));
}

/* 1 when parameter name holds a key by its name. */
static int secret_name(const char *name, const char *key_param)
{
    return (key_param && strcmp(name, key_param) == 0) || strcmp(name, "key") == 0;
}

/* Records one request (masked copies of everything) in the ring, dropping the oldest. */
void mock_journal_add(mock_state *s, const mock_jinfo *ji)
{
    size_t n_params = ji->form ? ji->form->count : 0;
    size_t n_str = J__COUNT + 2 * n_params;
    char **str = calloc(n_str, sizeof *str);
    if (!str)
        return;
    size_t body_n = ji->body_len < MOCK_JOURNAL_BODY ? ji->body_len : MOCK_JOURNAL_BODY;
    const char *src[J__COUNT] = {ji->dialect,  ji->action,  ji->method, ji->path,
                                 ji->encoding, ji->applied, ji->body};
    size_t len[J__COUNT];
    for (int i = 0; i < J__COUNT; i++)
        len[i] = i == J_BODY ? (src[i] ? body_n : 0) : (src[i] ? strlen(src[i]) : 0);
    size_t size = sizeof(struct mock_jentry);
    int ok = 1;
    for (size_t i = 0; i < n_str && ok; i++) {
        if (i < J__COUNT) {
            str[i] = mock_mask_new(s, src[i], len[i]);
        } else {
            const panel_form_pair *pr = &ji->form->pairs[(i - J__COUNT) / 2];
            int value = (i - J__COUNT) % 2;
            const char *t = value ? pr->value : pr->name;
            str[i] = value && secret_name(pr->name, ji->key_param) ? strdup("***")
                                                                   : mock_mask_new(s, t, strlen(t));
        }
        ok = str[i] != NULL;
        size += ok ? strlen(str[i]) + 1 : 0;
    }
    struct mock_jentry *e = ok ? malloc(size) : NULL;
    if (e) {
        e->seq = ++s->seq;
        e->time_ms = ji->time_ms;
        e->status = ji->status;
        e->has_dialect = ji->dialect != NULL;
        e->has_action = ji->action != NULL;
        e->body_cut = ji->body_len > body_n;
        e->account = ji->account;
        e->ms = ji->ms;
        e->n_params = n_params;
        char *p = e->text;
        for (size_t i = 0; i < n_str; i++) {
            size_t k = strlen(str[i]) + 1;
            memcpy(p, str[i], k);
            p += k;
        }
        if (s->jcount == MOCK_JOURNAL_MAX) {
            free(s->jring[s->jhead]);
            s->jring[s->jhead] = NULL;
            s->jhead = (s->jhead + 1) % MOCK_JOURNAL_MAX;
            s->jcount--;
        }
        s->jring[(s->jhead + s->jcount) % MOCK_JOURNAL_MAX] = e;
        s->jcount++;
    }
    for (size_t i = 0; i < n_str; i++)
        free(str[i]);
    free(str);
}

/* A JSON string of t, or "(not utf-8)" when t is not valid UTF-8; NULL on NOMEM. */
static json_t *text_json(const char *t)
{
    return json_string(panel_utf8_valid(t, strlen(t)) ? t : "(not utf-8)");
}

/* The applied list "fault=reset quirk=x" as a JSON array of its words; NULL on NOMEM. */
static json_t *applied_json(const char *t)
{
    json_t *arr = json_array();
    while (arr && *t) {
        size_t n = strcspn(t, " ");
        if (n > 0 && json_array_append_new(arr, json_stringn(t, n)) != 0) {
            json_decref(arr);
            return NULL;
        }
        t += n;
        t += *t == ' ';
    }
    return arr;
}

/* One entry as a new JSON object (NULL on NOMEM). */
static json_t *entry_json_new(const struct mock_jentry *je)
{
    const char *f[J__COUNT];
    const char *p = je->text;
    for (int i = 0; i < J__COUNT; i++) {
        f[i] = p;
        p += strlen(p) + 1;
    }
    int bad = 0;
    json_t *params = json_object();
    for (size_t i = 0; params && i < je->n_params; i++) {
        const char *n = p;
        p += strlen(p) + 1;
        panel_json_put(params, n, text_json(p), &bad);
        p += strlen(p) + 1;
    }
    json_t *e = json_object();
    if (!e || !params || bad) {
        json_decref(params);
        json_decref(e);
        return NULL;
    }
    char iso[40];
    mock_time_iso(je->time_ms, iso, sizeof iso);
    panel_json_put(e, "seq", json_integer((json_int_t)je->seq), &bad);
    panel_json_put(e, "time", json_string(iso), &bad);
    panel_json_put(e, "dialect", je->has_dialect ? text_json(f[J_DIALECT]) : json_null(), &bad);
    panel_json_put(e, "account", json_integer((json_int_t)je->account + 1), &bad);
    panel_json_put(e, "method", text_json(f[J_METHOD]), &bad);
    panel_json_put(e, "path", text_json(f[J_PATH]), &bad);
    panel_json_put(e, "action", je->has_action ? text_json(f[J_ACTION]) : json_null(), &bad);
    panel_json_put(e, "encoding", text_json(*f[J_ENCODING] ? f[J_ENCODING] : "form"), &bad);
    panel_json_put(e, "params", params, &bad);
    panel_json_put(e, "status", json_integer(je->status), &bad);
    panel_json_put(e, "ms", json_integer((json_int_t)je->ms), &bad);
    panel_json_put(e, "applied", applied_json(f[J_APPLIED]), &bad);
    panel_json_put(e, "body", text_json(f[J_BODY]), &bad);
    panel_json_put(e, "body_truncated", json_boolean(je->body_cut), &bad);
    if (bad) {
        json_decref(e);
        return NULL;
    }
    return e;
}

/* 1 when entry je passes the dialect and action filters. */
static int entry_matches(const struct mock_jentry *je, const mock_journal_filter *flt)
{
    const char *dialect = je->text;
    const char *action = dialect + strlen(dialect) + 1;
    if (je->seq <= flt->since)
        return 0;
    if (flt->dialect && (!je->has_dialect || strcmp(flt->dialect, dialect) != 0))
        return 0;
    return !flt->action || (je->has_action && strcmp(flt->action, action) == 0);
}

/* The filtered journal as a new JSON array, oldest first. */
json_t *mock_journal_json_new(mock_state *s, const mock_journal_filter *flt)
{
    static const mock_journal_filter none = {0, 0, NULL, NULL};
    if (!flt)
        flt = &none;
    size_t skip = 0;
    if (flt->limit > 0 && flt->since == 0) { /* the newest limit entries */
        size_t match = 0;
        for (size_t i = 0; i < s->jcount; i++)
            match += (size_t)entry_matches(s->jring[(s->jhead + i) % MOCK_JOURNAL_MAX], flt);
        skip = match > flt->limit ? match - flt->limit : 0;
    }
    json_t *arr = json_array();
    size_t kept = 0;
    for (size_t i = 0; arr && i < s->jcount; i++) {
        const struct mock_jentry *je = s->jring[(s->jhead + i) % MOCK_JOURNAL_MAX];
        if (!entry_matches(je, flt))
            continue;
        if (skip > 0) {
            skip--;
            continue;
        }
        if (flt->limit > 0 && kept >= flt->limit)
            break;
        if (json_array_append_new(arr, entry_json_new(je)) != 0) {
            json_decref(arr); /* an entry could not be built: no journal with holes */
            return NULL;
        }
        kept++;
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
