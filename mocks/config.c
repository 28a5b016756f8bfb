/* config.c - panelmock's settings from the command line and from a --config JSON file:
 * everything the flags set, globally and per dialect (keys, balances, faults, quirks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"
#include "mock_settings.h"

/* Appends an empty per-dialect entry for dialect (borrowed); NULL when the table is full. */
mock_dialect_config *mock_settings_per(mock_settings *st, const char *dialect)
{
    if (st->n_per >= MOCK_SETTINGS_MAX_PER)
        return NULL;
    mock_dialect_config *p = &st->per[st->n_per++];
    memset(p, 0, sizeof *p);
    p->dialect = dialect;
    st->cfg.per = st->per;
    st->cfg.n_per = st->n_per;
    return p;
}

/* Parses "text", "json" or "none" into *out; 0 when unknown. */
int mock_settings_log_format(const char *v, mock_log_format *out)
{
    static const char *const names[] = {"none", "text", "json"};
    for (int i = 0; i < 3; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = (mock_log_format)i;
            return 1;
        }
    return 0;
}

/* Parses "small" or "big" into *big; 0 when unknown. */
int mock_settings_ids(const char *v, int *big)
{
    if (strcmp(v, "small") != 0 && strcmp(v, "big") != 0)
        return 0;
    *big = strcmp(v, "big") == 0;
    return 1;
}

/* Reads member name of o as a string into *out (borrowed from the document); -1 with err
 * when it is not a string. */
static int str_member(json_t *o, const char *name, const char *where, const char **out, char *err,
                      size_t errsz)
{
    json_t *v = json_object_get(o, name);
    if (!v)
        return 0;
    if (!json_is_string(v)) {
        snprintf(err, errsz, "%s: \"%s\" must be a string", where, name);
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* Checks that o has only the members in allowed (NULL-terminated); -1 with err otherwise. */
static int only_members(json_t *o, const char *const *allowed, const char *where, char *err,
                        size_t errsz)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], k) != 0)
            i++;
        if (!allowed[i]) {
            char list[512] = "";
            for (size_t j = 0; allowed[j]; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         allowed[j]);
            snprintf(err, errsz, "%s: unknown member \"%s\" (known: %s)", where, k, list);
            return -1;
        }
    }
    return 0;
}

/* Reads the "dialects" object: per dialect key, balance, faults, quirks. */
static int load_dialects(mock_settings *st, json_t *ds, const char *file, char *err, size_t errsz)
{
    static const char *const allowed[] = {"key", "balance", "faults", "quirks", NULL};
    if (!json_is_object(ds)) {
        snprintf(err, errsz, "%s: \"dialects\" must be an object of dialect name -> settings",
                 file);
        return -1;
    }
    const char *name;
    json_t *o;
    json_object_foreach(ds, name, o)
    {
        char where[300];
        snprintf(where, sizeof where, "%s: dialects.%s", file, name);
        if (!json_is_object(o)) {
            snprintf(err, errsz, "%s must be an object", where);
            return -1;
        }
        if (only_members(o, allowed, where, err, errsz) < 0)
            return -1;
        mock_dialect_config *p = mock_settings_per(st, name);
        if (!p) {
            snprintf(err, errsz, "%s: too many per-dialect settings", file);
            return -1;
        }
        if (str_member(o, "key", where, &p->key, err, errsz) < 0 ||
            str_member(o, "balance", where, &p->balance, err, errsz) < 0 ||
            str_member(o, "faults", where, &p->faults, err, errsz) < 0 ||
            str_member(o, "quirks", where, &p->quirks, err, errsz) < 0)
            return -1;
    }
    return 0;
}

/* Reads an integer member in lo..hi into *out; -1 with err when it is another type or out of
 * range. */
static int int_member(json_t *o, const char *name, const char *file, long long lo, long long hi,
                      long long *out, char *err, size_t errsz)
{
    json_t *v = json_object_get(o, name);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        snprintf(err, errsz, "%s: \"%s\" must be an integer %lld..%lld", file, name, lo, hi);
        return -1;
    }
    *out = json_integer_value(v);
    return 1;
}

/* Reads member name of o, a number or a string, as text into buf (or borrows the string);
 * *out points at the text. 0 when absent or read, -1 with err when another type. */
static int num_member(json_t *o, const char *name, const char *file, char *buf, size_t bufsz,
                      const char **out, char *err, size_t errsz)
{
    json_t *v = json_object_get(o, name);
    if (!v)
        return 0;
    if (json_is_string(v)) {
        *out = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(buf, bufsz, "%lld", (long long)json_integer_value(v));
        *out = buf;
    } else if (json_is_real(v)) {
        snprintf(buf, bufsz, "%.17g", json_real_value(v));
        *out = buf;
    } else {
        snprintf(err, errsz, "%s: \"%s\" must be a number or a string", file, name);
        return -1;
    }
    return 0;
}

/* Reads "fuzz_actions", a string or an array of action names, into st; -1 with err when it
 * is another type or names an unknown action. */
static int fuzz_actions_member(mock_settings *st, json_t *root, const char *file, char *err,
                               size_t errsz)
{
    json_t *v = json_object_get(root, "fuzz_actions");
    const char *bad = "%s: \"fuzz_actions\" must be \"all\" or action names (a comma list or "
                      "an array of strings)";
    if (!v)
        return 0;
    if (json_is_string(v)) {
        snprintf(st->fuzz_actions, sizeof st->fuzz_actions, "%s", json_string_value(v));
    } else if (json_is_array(v) && json_array_size(v) > 0) {
        size_t i;
        json_t *it;
        st->fuzz_actions[0] = '\0';
        json_array_foreach(v, i, it)
        {
            size_t len = strlen(st->fuzz_actions);
            if (!json_is_string(it) || strchr(json_string_value(it), ',') ||
                len + json_string_length(it) + 2 > sizeof st->fuzz_actions) {
                snprintf(err, errsz, bad, file);
                return -1;
            }
            snprintf(st->fuzz_actions + len, sizeof st->fuzz_actions - len, "%s%s", i ? "," : "",
                     json_string_value(it));
        }
    } else {
        snprintf(err, errsz, bad, file);
        return -1;
    }
    if (!mock_fuzz_option_ok('a', st->fuzz_actions)) {
        snprintf(err, errsz, bad, file);
        return -1;
    }
    st->cfg.fuzz_actions = st->fuzz_actions;
    return 0;
}

/* Applies the --fuzz members (fuzz, fuzz_rate, fuzz_actions, fuzz_report, fuzz_replay), each
 * checked as the command line checks it; -1 with err on a bad one. */
static int apply_fuzz(mock_settings *st, json_t *root, const char *file, char *err, size_t errsz)
{
    mock_config *c = &st->cfg;
    const char *seed = NULL, *rate = NULL;
    if (num_member(root, "fuzz", file, st->fuzz_seed, sizeof st->fuzz_seed, &seed, err, errsz) <
            0 ||
        num_member(root, "fuzz_rate", file, st->fuzz_rate, sizeof st->fuzz_rate, &rate, err,
                   errsz) < 0 ||
        str_member(root, "fuzz_report", file, &c->fuzz_report, err, errsz) < 0 ||
        str_member(root, "fuzz_replay", file, &st->fuzz_replay, err, errsz) < 0)
        return -1;
    if (seed && !mock_fuzz_option_ok('s', seed)) {
        snprintf(err, errsz, "%s: \"fuzz\" must be a seed (an integer >= 0)", file);
        return -1;
    }
    if (rate && !mock_fuzz_option_ok('r', rate)) {
        snprintf(err, errsz, "%s: \"fuzz_rate\" must be a fraction 0..1", file);
        return -1;
    }
    if (seed)
        c->fuzz = seed;
    if (rate)
        c->fuzz_rate = rate;
    return fuzz_actions_member(st, root, file, err, errsz);
}

/* Applies the members of a parsed config document to st; -1 with err on a bad member. */
static int apply_doc(mock_settings *st, json_t *root, const char *file, char *err, size_t errsz)
{
    static const char *const allowed[] = {
        "listen", "dialect", "dialect_dir", "seed", "key", "balance", "faults", "quirks", "deviate",
        "webhook", "accounts", "ids", "log", "quiet", "dialects",
        /* the --fuzz options (apply_fuzz) */
        "fuzz", "fuzz_rate", "fuzz_actions", "fuzz_report", "fuzz_replay", NULL};
    mock_config *c = &st->cfg;
    if (!json_is_object(root)) {
        snprintf(err, errsz, "%s: the config must be a JSON object", file);
        return -1;
    }
    if (only_members(root, allowed, file, err, errsz) < 0)
        return -1;
    const char *ids = NULL, *log = NULL;
    if (str_member(root, "listen", file, &c->listen, err, errsz) < 0 ||
        str_member(root, "dialect", file, &c->dialect, err, errsz) < 0 ||
        str_member(root, "dialect_dir", file, &c->dialect_dir, err, errsz) < 0 ||
        str_member(root, "key", file, &c->key, err, errsz) < 0 ||
        str_member(root, "balance", file, &c->balance, err, errsz) < 0 ||
        str_member(root, "faults", file, &c->faults, err, errsz) < 0 ||
        str_member(root, "quirks", file, &c->quirks, err, errsz) < 0 ||
        str_member(root, "deviate", file, &c->deviate, err, errsz) < 0 ||
        str_member(root, "webhook", file, &c->webhook, err, errsz) < 0 ||
        str_member(root, "ids", file, &ids, err, errsz) < 0 ||
        str_member(root, "log", file, &log, err, errsz) < 0)
        return -1;
    long long v = 0;
    int got = int_member(root, "seed", file, 0, INT64_MAX, &v, err, errsz);
    if (got < 0)
        return -1;
    if (got)
        c->seed = (uint64_t)v;
    got = int_member(root, "accounts", file, 1, MOCK_MAX_ACCOUNTS, &v, err, errsz);
    if (got < 0)
        return -1;
    if (got)
        c->accounts = (unsigned)v;
    if (ids && !mock_settings_ids(ids, &c->ids_big)) {
        snprintf(err, errsz, "%s: \"ids\" must be \"small\" or \"big\"", file);
        return -1;
    }
    if (log && !mock_settings_log_format(log, &c->log)) {
        snprintf(err, errsz, "%s: \"log\" must be \"text\", \"json\" or \"none\"", file);
        return -1;
    }
    json_t *q = json_object_get(root, "quiet");
    if (q && !json_is_boolean(q)) {
        snprintf(err, errsz, "%s: \"quiet\" must be true or false", file);
        return -1;
    }
    if (q)
        c->quiet = json_is_true(q);
    if (apply_fuzz(st, root, file, err, errsz) < 0)
        return -1;
    json_t *ds = json_object_get(root, "dialects");
    return ds ? load_dialects(st, ds, file, err, errsz) : 0;
}

/* Loads a --config file into st (the document is kept until mock_settings_free, since st
 * borrows its strings). PANEL_E_USAGE with a one-line reason on a malformed file; st is
 * unchanged then. */
panel_err mock_settings_load_file(mock_settings *st, const char *file, char *err, size_t errsz)
{
    if (st->n_docs >= MOCK_SETTINGS_MAX_DOCS) {
        snprintf(err, errsz, "too many --config files");
        return PANEL_E_USAGE;
    }
    json_error_t je;
    json_t *root = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (je.line > 0)
            snprintf(err, errsz, "%s:%d:%d: invalid JSON: %s", file, je.line, je.column, je.text);
        else
            snprintf(err, errsz, "%s: %s", file, je.text);
        return PANEL_E_USAGE;
    }
    mock_settings save = *st;
    if (apply_doc(st, root, file, err, errsz) < 0) {
        *st = save;
        st->cfg.per = st->per;
        json_decref(root);
        return PANEL_E_USAGE;
    }
    st->docs[st->n_docs++] = root;
    return PANEL_E_OK;
}

/* Initialises st with panelmock's defaults. */
void mock_settings_init(mock_settings *st)
{
    memset(st, 0, sizeof *st);
    st->cfg.listen = "127.0.0.1:0";
    st->cfg.dialect = "all";
    st->cfg.seed = 1;
    st->cfg.log = MOCK_LOG_TEXT;
    st->cfg.per = st->per;
}

/* Frees the config documents st keeps. */
void mock_settings_free(mock_settings *st)
{
    for (size_t i = 0; i < st->n_docs; i++)
        json_decref(st->docs[i]);
    st->n_docs = 0;
}
