/* state.c - the mock's state: dialects, one account per served dialect (key, balance,
 * lifecycle paths, orders), reset and configuration switches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mock_internal.h"

/* Monotonic milliseconds; used only for rate-limit windows. */
uint64_t mock_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Writes a key fitting pattern (X alnum, H lower hex, else literal) from rng into out. */
static void key_from_pattern(mock_rng *r, const char *pattern, char *out, size_t outsz)
{
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static const char hex[] = "0123456789abcdef";
    size_t i = 0;
    for (; pattern && pattern[i] && i + 1 < outsz; i++) {
        char c = pattern[i];
        if (c == 'X')
            out[i] = alnum[mock_rng_below(r, sizeof alnum - 1)];
        else if (c == 'H')
            out[i] = hex[mock_rng_below(r, 16)];
        else
            out[i] = c;
    }
    out[i] = '\0';
}

/* Builds the non-terminal lifecycle path of vocab v: canonical order, following the
 * documented transitions when there are any. Returns the path length. */
static size_t build_path(const panel_vocab *v, panel_status *path)
{
    static const panel_status order[] = {PANEL_STATUS_AWAITING, PANEL_STATUS_PENDING,
                                         PANEL_STATUS_PROCESSING, PANEL_STATUS_IN_PROGRESS};
    int any = 0;
    for (int a = 0; a < PANEL_STATUS__COUNT; a++)
        for (int b = 0; b < PANEL_STATUS__COUNT; b++)
            any |= v->next[a][b];
    size_t n = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (!panel_vocab_word(v, order[i]))
            continue;
        if (n > 0 && any && !v->next[path[n - 1]][order[i]])
            continue;
        path[n++] = order[i];
    }
    if (n == 0)
        path[n++] = PANEL_STATUS_PENDING;
    return n;
}

/* Sets an account back to its start: balance, ids, rng, empty store, limits. */
static void account_reset(mock_state *s, mock_account *a, size_t idx)
{
    mock_store_free(&a->store);
    mock_store_init(&a->store);
    mock_rng_seed(&a->rng, s->seed ^ mock_hash(a->d->name, strlen(a->d->name)) ^ idx);
    panel_money bal = a->d->mock_balance;
    if (s->balance_text)
        panel_money_parse(s->balance_text, strlen(s->balance_text), &bal, NULL);
    a->balance_start = a->balance = bal;
    a->charges = a->refunds = 0;
    a->next_int_id = 10000 + mock_rng_below(&a->rng, 90000);
    a->next_refill_int_id = 1000 + mock_rng_below(&a->rng, 9000);
    memset(a->ips, 0, sizeof a->ips);
}

/* Resets every account and clears the journal. */
void mock_state_reset(mock_state *s)
{
    for (size_t i = 0; i < s->n_acc; i++)
        account_reset(s, &s->acc[i], i);
    mock_rng_seed(&s->rng, s->seed ^ 0x5eedf00dULL);
    mock_journal_clear(s);
    s->version++;
}

/* Sets up account a for dialect d: key, prefix, lifecycle paths. */
static panel_err account_init(mock_state *s, mock_account *a, const panel_dialect *d,
                              const char *key, char *err, size_t errsz)
{
    memset(a, 0, sizeof *a);
    a->d = d;
    mock_rng kr;
    mock_rng_seed(&kr, s->seed ^ mock_hash(d->name, strlen(d->name)) ^ 0x6b6579ULL);
    if (key) {
        if (!panel_dialect_key_ok(d, key) || strlen(key) >= sizeof a->key) {
            snprintf(err, errsz, "--key does not fit the key format of dialect %s (%s)", d->name,
                     d->key_pattern ? d->key_pattern : "?");
            return PANEL_E_USAGE;
        }
        snprintf(a->key, sizeof a->key, "%s", key);
    } else {
        key_from_pattern(&kr, d->key_pattern, a->key, sizeof a->key);
    }
    snprintf(a->prefix, sizeof a->prefix, "/%s%s", d->name, d->base_path ? d->base_path : "");
    a->path_len = build_path(&d->order_status, a->path);
    a->rpath_len = build_path(&d->refill_status, a->rpath);
    a->r_terminal = panel_vocab_word(&d->refill_status, PANEL_STATUS_COMPLETED)
                        ? PANEL_STATUS_COMPLETED
                        : PANEL_STATUS_COMPLETED;
    a->has_partial = panel_vocab_word(&d->order_status, PANEL_STATUS_PARTIAL) != NULL;
    mock_store_init(&a->store);
    return PANEL_E_OK;
}

/* Loads the dialects and builds one account per served dialect. */
panel_err mock_state_new(const mock_config *cfg, mock_state **out, char *err, size_t errsz)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        errsz = sizeof dummy;
    }
    err[0] = '\0';
    panel_err rc = PANEL_E_OK;
    mock_state *s = calloc(1, sizeof *s);
    if (!s)
        return PANEL_E_NOMEM;
    pthread_mutex_init(&s->mu, NULL);
    s->jring = calloc(MOCK_JOURNAL_MAX, sizeof *s->jring);
    if (!s->jring) {
        free(s);
        return PANEL_E_NOMEM;
    }
    s->seed = cfg->seed;
    const char *dir = cfg->dialect_dir ? cfg->dialect_dir : panel_dialect_default_dir();
    panel_dialect_error de;
    memset(&de, 0, sizeof de);
    rc = panel_dialect_load_dir(dir, &s->set, &de);
    if (rc != PANEL_E_OK) {
        snprintf(err, errsz, "cannot load dialects: %s: %s: %s", de.file, de.pointer, de.reason);
        goto out;
    }
    const char *want = cfg->dialect && strcmp(cfg->dialect, "all") != 0 ? cfg->dialect : NULL;
    s->acc = calloc(s->set.count ? s->set.count : 1, sizeof *s->acc);
    if (!s->acc) {
        rc = PANEL_E_NOMEM;
        goto out;
    }
    if (cfg->balance) {
        panel_money m;
        if (panel_money_parse(cfg->balance, strlen(cfg->balance), &m, NULL) != PANEL_E_OK) {
            snprintf(err, errsz, "--balance is not a decimal amount");
            rc = PANEL_E_USAGE;
            goto out;
        }
        s->balance_text = strdup(cfg->balance);
    }
    for (size_t i = 0; i < s->set.count; i++) {
        const panel_dialect *d = s->set.items[i];
        if (want && strcmp(want, d->name) != 0)
            continue;
        rc = account_init(s, &s->acc[s->n_acc], d, cfg->key, err, errsz);
        if (rc != PANEL_E_OK)
            goto out;
        s->n_acc++;
    }
    if (s->n_acc == 0) {
        snprintf(err, errsz, "unknown dialect: %s", want ? want : "(none loaded)");
        rc = PANEL_E_USAGE;
        goto out;
    }
    mock_state_reset(s);
    if (cfg->faults && (rc = mock_state_configure(s, "faults", cfg->faults, err, errsz)))
        goto out;
    if (cfg->deviate && (rc = mock_state_configure(s, "deviate", cfg->deviate, err, errsz)))
        goto out;
    if (cfg->webhook && (rc = mock_state_configure(s, "webhook", cfg->webhook, err, errsz)))
        goto out;
out:
    if (rc != PANEL_E_OK) {
        mock_state_free(s);
        s = NULL;
    }
    *out = s;
    return rc;
}

/* Frees the state and everything it owns; NULL is fine. */
void mock_state_free(mock_state *s)
{
    if (!s)
        return;
    mock_webhook_free(s->wh);
    mock_cache_free(s->cache);
    for (size_t i = 0; i < s->n_acc; i++)
        mock_store_free(&s->acc[i].store);
    free(s->acc);
    free(s->balance_text);
    mock_journal_clear(s);
    free(s->jring);
    panel_dialect_set_free(&s->set);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

/* The key of a served dialect (borrowed) or NULL. */
const char *mock_state_key_borrow(const mock_state *s, const char *dialect)
{
    for (size_t i = 0; s && dialect && i < s->n_acc; i++)
        if (strcmp(s->acc[i].d->name, dialect) == 0)
            return s->acc[i].key;
    return NULL;
}

/* Finds the account serving path (exact prefix match, query ignored); borrowed or NULL. */
mock_account *mock_state_account(mock_state *s, const char *path)
{
    size_t plen = strcspn(path, "?");
    for (size_t i = 0; i < s->n_acc; i++) {
        size_t n = strlen(s->acc[i].prefix);
        if (plen == n && strncmp(path, s->acc[i].prefix, n) == 0)
            return &s->acc[i];
        if (plen == n + 1 && strncmp(path, s->acc[i].prefix, n) == 0 && path[n] == '/')
            return &s->acc[i];
    }
    return NULL;
}

/* Changes a switch set at run time (caller must not hold the lock). */
panel_err mock_state_configure(mock_state *s, const char *what, const char *spec, char *err,
                               size_t errsz)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        errsz = sizeof dummy;
    }
    pthread_mutex_lock(&s->mu);
    panel_err rc = mock_state_configure_locked(s, what, spec, err, errsz);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* Changes a switch set; the caller holds the lock. */
panel_err mock_state_configure_locked(mock_state *s, const char *what, const char *spec, char *err,
                                      size_t errsz)
{
    panel_err rc = PANEL_E_USAGE;
    size_t n;
    s->version++;
    if (!spec)
        spec = "";
    if (strcmp(what, "faults") == 0) {
        const char *const *names = mock_fault_names(&n);
        mock_switches sw;
        rc = mock_switches_parse(spec, names, n, &sw, err, errsz);
        if (rc == PANEL_E_OK)
            s->faults = sw;
    } else if (strcmp(what, "quirks") == 0) {
        const char *const *names = mock_quirk_names(&n);
        mock_switches sw;
        rc = mock_switches_parse(spec, names, n, &sw, err, errsz);
        if (rc == PANEL_E_OK)
            s->quirks = sw;
    } else if (strcmp(what, "deviate") == 0) {
        unsigned char flags[MOCK_DEV__COUNT];
        rc = mock_dev_parse(spec, flags, err, errsz);
        if (rc == PANEL_E_OK)
            memcpy(s->dev, flags, sizeof flags);
    } else if (strcmp(what, "webhook") == 0) {
        if (spec && strlen(spec) < sizeof s->webhook_url &&
            (strncmp(spec, "http://", 7) == 0 || strncmp(spec, "https://", 8) == 0 ||
             spec[0] == '\0')) {
            snprintf(s->webhook_url, sizeof s->webhook_url, "%s", spec);
            rc = PANEL_E_OK;
        } else {
            snprintf(err, errsz, "webhook URL must start with http:// or https://");
        }
    } else {
        snprintf(err, errsz, "unknown setting %s", what);
    }
    return rc;
}
