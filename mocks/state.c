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
    a->balance_start = a->balance = a->balance_cfg;
    a->charges = a->refunds = 0;
    uint64_t order_base = s->ids_big ? (1ULL << 53) + 1 : 10000;
    uint64_t refill_base = s->ids_big ? (1ULL << 31) + 1 : 1000;
    a->next_int_id = order_base + mock_rng_below(&a->rng, 90000);
    a->next_refill_int_id = refill_base + mock_rng_below(&a->rng, 9000);
    memset(a->ips, 0, sizeof a->ips);
    memset(a->locks, 0, sizeof a->locks);
}

/* Resets every account and clears the journal. */
void mock_state_reset(mock_state *s)
{
    for (size_t i = 0; i < s->n_acc; i++)
        account_reset(s, &s->acc[i], i);
    mock_rng_seed(&s->rng, s->seed ^ 0x5eedf00dULL);
    mock_journal_clear(s);
    mock_fuzz_reset(s->fuzz);
    s->clock_s = 0;
    s->version++;
}

/* 1 when d's key format is documented (its basis says so): the one place that decides whether
 * a key format is enforced; an assumed or example-only format is a hint. */
int mock_key_format_enforced(const panel_dialect *d)
{
    return d->key_pattern && panel_basis_documented(&d->key_format_basis);
}

/* Appends one warning line to the state's warnings (silently cut when full). */
static void warn(mock_state *s, const char *fmt, const char *a1, const char *a2)
{
    size_t len = strlen(s->warnings);
    if (len + 1 >= sizeof s->warnings)
        return;
    char line[300];
    snprintf(line, sizeof line, fmt, a1, a2);
    snprintf(s->warnings + len, sizeof s->warnings - len, "%s\n", line);
}

/* The per-dialect settings for d (the last matching entry wins per member). */
static mock_dialect_config per_dialect(const mock_config *cfg, const panel_dialect *d)
{
    mock_dialect_config pd = {d->name, NULL, NULL, NULL, NULL};
    for (size_t i = 0; cfg->per && i < cfg->n_per; i++) {
        const mock_dialect_config *p = &cfg->per[i];
        if (!p->dialect || strcmp(p->dialect, d->name) != 0)
            continue;
        pd.key = p->key ? p->key : pd.key;
        pd.balance = p->balance ? p->balance : pd.balance;
        pd.faults = p->faults ? p->faults : pd.faults;
        pd.quirks = p->quirks ? p->quirks : pd.quirks;
    }
    return pd;
}

/* The default starting balance of d: the document's example balance, raised to cover 100
 * orders of the minimum quantity of every catalogue service (rounded up to a whole unit). */
static panel_money default_balance(const panel_dialect *d)
{
    panel_money need = 0, one = 0;
    for (size_t i = 0; i < d->n_catalogue; i++) {
        const panel_catalogue_item *it = &d->catalogue[i];
        if (panel_money_charge(it->rate, it->min > 0 ? it->min : 1, &one) != PANEL_E_OK ||
            panel_money_add(need, one, &need) != PANEL_E_OK)
            return d->mock_balance;
    }
    panel_money hundred = 0;
    if (panel_money_muldiv(need, 100, 1, &hundred) != PANEL_E_OK)
        return d->mock_balance;
    const panel_money unit = 100000000; /* 1.00 in 1e-8 */
    hundred = (hundred + unit - 1) / unit * unit;
    return hundred > d->mock_balance ? hundred : d->mock_balance;
}

/* Checks key for dialect d: a documented format is enforced (PANEL_E_USAGE with err), an
 * assumed one only warns. what names the flag in messages. */
static panel_err key_check(mock_state *s, const panel_dialect *d, const char *key, const char *what,
                           char *err, size_t errsz)
{
    if (!*key || strlen(key) >= sizeof((mock_account *)0)->key) {
        snprintf(err, errsz, "%s for dialect %s must be 1 to 127 bytes", what, d->name);
        return PANEL_E_USAGE;
    }
    if (panel_dialect_key_ok(d, key))
        return PANEL_E_OK;
    if (mock_key_format_enforced(d)) {
        snprintf(err, errsz,
                 "%s does not fit the documented key format of dialect %s (%s); give that "
                 "dialect its own key with --key %s=KEY",
                 what, d->name, d->key_pattern, d->name);
        return PANEL_E_USAGE;
    }
    warn(s, "warning: the key for %s breaks its assumed key format (%s); accepted", d->name,
         d->key_pattern ? d->key_pattern : "?");
    return PANEL_E_OK;
}

/* Sets up account a (number no of dialect d, group = index of the dialect's first account):
 * key, balance, prefix, lifecycle paths, own switch sets. */
static panel_err account_init(mock_state *s, mock_account *a, const panel_dialect *d,
                              const mock_config *cfg, unsigned no, size_t group, char *err,
                              size_t errsz)
{
    memset(a, 0, sizeof *a);
    a->d = d;
    a->acc_no = no;
    a->group = group;
    mock_dialect_config pd = per_dialect(cfg, d);
    mock_rng kr;
    mock_rng_seed(&kr, s->seed ^ mock_hash(d->name, strlen(d->name)) ^ 0x6b6579ULL ^
                           ((uint64_t)no << 40));
    const char *key = no == 0 ? (pd.key ? pd.key : cfg->key) : NULL;
    if (key) {
        panel_err rc = key_check(s, d, key, pd.key ? "--key NAME=KEY" : "--key", err, errsz);
        if (rc != PANEL_E_OK)
            return rc;
        snprintf(a->key, sizeof a->key, "%s", key);
    } else {
        key_from_pattern(&kr, d->key_pattern, a->key, sizeof a->key);
    }
    const char *bal = pd.balance ? pd.balance : cfg->balance;
    a->balance_cfg = default_balance(d);
    if (bal && panel_money_parse(bal, strlen(bal), &a->balance_cfg, NULL) != PANEL_E_OK) {
        snprintf(err, errsz, "the balance for dialect %s is not a decimal amount: %s", d->name,
                 bal);
        return PANEL_E_USAGE;
    }
    char serr[600] = "";
    size_t nn;
    const char *const *fnames = mock_fault_names(&nn);
    if (pd.faults) {
        if (mock_switches_parse(pd.faults, fnames, nn, &a->faults, serr, sizeof serr) !=
            PANEL_E_OK) {
            snprintf(err, errsz, "faults for dialect %s: %s", d->name, serr);
            return PANEL_E_USAGE;
        }
        a->own_faults = 1;
    }
    const char *const *qnames = mock_quirk_names(&nn);
    if (pd.quirks) {
        if (mock_switches_parse(pd.quirks, qnames, nn, &a->quirks, serr, sizeof serr) !=
            PANEL_E_OK) {
            snprintf(err, errsz, "quirks for dialect %s: %s", d->name, serr);
            return PANEL_E_USAGE;
        }
        a->own_quirks = 1;
    }
    snprintf(a->prefix, sizeof a->prefix, "/%s%s", d->name, d->base_path ? d->base_path : "");
    a->path_len = build_path(&d->order_status, a->path);
    a->rpath_len = build_path(&d->refill_status, a->rpath);
    a->r_terminal = PANEL_STATUS_COMPLETED;
    a->has_partial = panel_vocab_word(&d->order_status, PANEL_STATUS_PARTIAL) != NULL;
    mock_store_init(&a->store);
    return PANEL_E_OK;
}

/* Checks that every per-dialect setting names a loaded dialect; PANEL_E_USAGE otherwise. */
static panel_err check_per(const mock_state *s, const mock_config *cfg, char *err, size_t errsz)
{
    for (size_t i = 0; cfg->per && i < cfg->n_per; i++) {
        const char *name = cfg->per[i].dialect ? cfg->per[i].dialect : "";
        if (!panel_dialect_set_find(&s->set, name)) {
            snprintf(err, errsz, "unknown dialect in a per-dialect setting: %s", name);
            return PANEL_E_USAGE;
        }
    }
    return PANEL_E_OK;
}

/* Loads the dialects and builds the accounts of every served dialect. */
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
    s->ids_big = cfg->ids_big;
    s->lenient_idempotency = cfg->lenient_idempotency;
    s->log = cfg->log;
    unsigned per = cfg->accounts ? cfg->accounts : 1;
    const char *dir = cfg->dialect_dir ? cfg->dialect_dir : panel_dialect_default_dir();
    panel_dialect_error de;
    memset(&de, 0, sizeof de);
    rc = panel_dialect_load_dir(dir, &s->set, &de);
    if (rc != PANEL_E_OK) {
        snprintf(err, errsz, "cannot load dialects: %s: %s: %s", de.file, de.pointer, de.reason);
        goto out;
    }
    if (per > MOCK_MAX_ACCOUNTS) {
        snprintf(err, errsz, "--accounts must be 1..%d", MOCK_MAX_ACCOUNTS);
        rc = PANEL_E_USAGE;
        goto out;
    }
    if ((rc = check_per(s, cfg, err, errsz)) != PANEL_E_OK)
        goto out;
    const char *want = cfg->dialect && strcmp(cfg->dialect, "all") != 0 ? cfg->dialect : NULL;
    s->acc = calloc((s->set.count ? s->set.count : 1) * per, sizeof *s->acc);
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
    size_t served = 0;
    for (size_t i = 0; i < s->set.count; i++) {
        const panel_dialect *d = s->set.items[i];
        if (want && strcmp(want, d->name) != 0)
            continue;
        size_t group = s->n_acc;
        for (unsigned k = 0; k < per; k++) {
            rc = account_init(s, &s->acc[s->n_acc], d, cfg, k, group, err, errsz);
            if (rc != PANEL_E_OK)
                goto out;
            s->n_acc++;
        }
        served++;
    }
    if (s->n_acc == 0) {
        snprintf(err, errsz, "unknown dialect: %s", want ? want : "(none loaded)");
        rc = PANEL_E_USAGE;
        goto out;
    }
    for (size_t i = 0; served == 1 && i < s->n_acc; i++)
        snprintf(s->acc[i].alias, sizeof s->acc[i].alias, "%s",
                 s->acc[i].d->base_path ? s->acc[i].d->base_path : "");
    mock_state_reset(s);
    if (cfg->faults && (rc = mock_state_configure(s, "faults", cfg->faults, err, errsz)))
        goto out;
    if (cfg->quirks && (rc = mock_state_configure(s, "quirks", cfg->quirks, err, errsz)))
        goto out;
    if (cfg->deviate && (rc = mock_state_configure(s, "deviate", cfg->deviate, err, errsz)))
        goto out;
    if (cfg->webhook && (rc = mock_state_configure(s, "webhook", cfg->webhook, err, errsz)))
        goto out;
    if ((rc = mock_replay_open(s, cfg, err, errsz)) != PANEL_E_OK)
        goto out;
    if ((rc = mock_fuzz_new(cfg, &s->fuzz, err, errsz)) != PANEL_E_OK)
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
    mock_replay_close(s);
    mock_webhook_free(s->wh);
    mock_cache_free(s->cache);
    mock_fuzz_free(s->fuzz);
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

/* The key of a served dialect's first account (borrowed) or NULL. */
const char *mock_state_key_borrow(const mock_state *s, const char *dialect)
{
    return mock_state_account_key_borrow(s, dialect, 0);
}

/* The key of account idx of a served dialect (borrowed) or NULL. */
const char *mock_state_account_key_borrow(const mock_state *s, const char *dialect, size_t idx)
{
    for (size_t i = 0; s && dialect && i < s->n_acc; i++)
        if (strcmp(s->acc[i].d->name, dialect) == 0 && s->acc[i].acc_no == idx)
            return s->acc[i].key;
    return NULL;
}

/* The warnings collected while building the state (borrowed). */
const char *mock_state_warnings_borrow(const mock_state *s)
{
    return s ? s->warnings : "";
}

/* Registers the shutdown hook. */
void mock_state_on_shutdown(mock_state *s, void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&s->mu);
    s->on_shutdown = fn;
    s->shutdown_arg = arg;
    pthread_mutex_unlock(&s->mu);
}

/* 1 when path (query ignored) is p or p + "/". */
static int path_is(const char *path, size_t plen, const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || plen < n || strncmp(path, p, n) != 0)
        return 0;
    return plen == n || (plen == n + 1 && path[n] == '/');
}

/* Finds the first account serving path (its prefix, or the documented path when one dialect
 * is served; query ignored); borrowed or NULL. */
mock_account *mock_state_account(mock_state *s, const char *path)
{
    size_t plen = strcspn(path, "?");
    for (size_t i = 0; i < s->n_acc; i++)
        if (path_is(path, plen, s->acc[i].prefix) || path_is(path, plen, s->acc[i].alias))
            return &s->acc[i];
    return NULL;
}

/* The account of a's dialect whose key is key, else a. */
mock_account *mock_state_account_by_key(mock_state *s, mock_account *a, const char *key)
{
    for (size_t i = a->group; key && i < s->n_acc && s->acc[i].d == a->d; i++)
        if (strcmp(s->acc[i].key, key) == 0)
            return &s->acc[i];
    return a;
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
        if (rc == PANEL_E_OK) {
            s->faults = sw;
            snprintf(s->faults_spec, sizeof s->faults_spec, "%s", spec);
        }
    } else if (strcmp(what, "quirks") == 0) {
        const char *const *names = mock_quirk_names(&n);
        mock_switches sw;
        rc = mock_switches_parse(spec, names, n, &sw, err, errsz);
        if (rc == PANEL_E_OK) {
            s->quirks = sw;
            snprintf(s->quirks_spec, sizeof s->quirks_spec, "%s", spec);
        }
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
