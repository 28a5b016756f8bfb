/* admin.c - the admin API under /__panelmock/ (loopback clients only): index, health,
 * state, journal, reset, advance, webhook, faults, quirks, deviate, deviations, shutdown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mock_internal.h"

/* 1 when ip is a loopback address. */
static int loopback(const char *ip)
{
    return ip && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
                  strncmp(ip, "::ffff:127.", 11) == 0);
}

/* A money amount as a JSON decimal string with 8 places. */
static json_t *money_json(panel_money m)
{
    char tmp[40];
    panel_money_format(m, 8, tmp, sizeof tmp);
    return json_string(tmp);
}

/* The active switches of sw as a JSON object name -> rate (0..1), latency/jitter as "Nms";
 * quirks selects the quirk table. An empty object when !on. */
static json_t *switches_json(const mock_switches *sw, int quirks, int on)
{
    size_t n;
    const char *const *names = quirks ? mock_quirk_names(&n) : mock_fault_names(&n);
    json_t *o = json_object();
    char ms[24];
    int bad = 0;
    for (size_t i = 0; o && on && i < n && i < 32; i++) {
        if (!quirks && (i == MOCK_FAULT_LATENCY || i == MOCK_FAULT_JITTER)) {
            unsigned v = i == MOCK_FAULT_LATENCY ? sw->latency_ms : sw->jitter_ms;
            snprintf(ms, sizeof ms, "%ums", v);
            if (v)
                panel_json_put(o, names[i], json_string(ms), &bad);
        } else if (sw->rate[i]) {
            panel_json_put(o, names[i], json_real(sw->rate[i] / 1e6), &bad);
        }
    }
    return panel_json_whole(o, bad);
}

/* The state summary: per dialect key fingerprint, balance, counts and ledger totals. */
static json_t *state_json(mock_state *s)
{
    int bad = 0;
    json_t *ds = json_array();
    for (size_t i = 0; i < s->n_acc; i++) {
        mock_account *a = &s->acc[i];
        char fp[32];
        snprintf(fp, sizeof fp, "fnv1a:%016llx",
                 (unsigned long long)mock_hash(a->key, strlen(a->key)));
        size_t terminal = 0;
        for (size_t k = 0; k < a->store.n_orders; k++)
            terminal += (size_t)panel_status_is_terminal((panel_status)a->store.orders[k].status);
        panel_money expect = a->balance_start - a->charges + a->refunds;
        json_t *d = json_object();
        panel_json_put(d, "name", json_string(a->d->name), &bad);
        panel_json_put(d, "account", json_integer((json_int_t)a->acc_no + 1), &bad);
        panel_json_put(d, "path", json_string(a->prefix), &bad);
        if (a->alias[0])
            panel_json_put(d, "documented_path", json_string(a->alias), &bad);
        if (a->own_faults || a->own_quirks) {
            const mock_account *g = &s->acc[a->group];
            panel_json_put(d, "faults", switches_json(&g->faults, 0, g->own_faults), &bad);
            panel_json_put(d, "quirks", switches_json(&g->quirks, 1, g->own_quirks), &bad);
        }
        panel_json_put(d, "key_fingerprint", json_string(fp), &bad);
        panel_json_put(d, "balance_start", money_json(a->balance_start), &bad);
        panel_json_put(d, "balance", money_json(a->balance), &bad);
        panel_json_put(d, "charges", money_json(a->charges), &bad);
        panel_json_put(d, "refunds", money_json(a->refunds), &bad);
        panel_json_put(d, "ledger_ok", json_boolean(expect == a->balance), &bad);
        panel_json_put(d, "orders", json_integer((json_int_t)a->store.n_orders), &bad);
        panel_json_put(d, "orders_terminal", json_integer((json_int_t)terminal), &bad);
        panel_json_put(d, "refills", json_integer((json_int_t)a->store.n_refills), &bad);
        panel_json_push(ds, panel_json_whole(d, bad), &bad);
    }
    json_t *devs = json_array();
    size_t n;
    const mock_deviation_info *t = mock_deviations(&n);
    for (size_t i = 0; i < n; i++)
        if (s->dev[i])
            panel_json_push(devs, json_string(t[i].name), &bad);
    if (bad) {
        json_decref(ds);
        json_decref(devs);
        return NULL;
    }
    return json_pack("{sIsIsIsososososssbso}", "seed", (json_int_t)s->seed, "requests",
                     (json_int_t)s->seq, "clock_s", (json_int_t)s->clock_s, "dialects", ds,
                     "faults", switches_json(&s->faults, 0, 1), "quirks",
                     switches_json(&s->quirks, 1, 1), "deviations", devs, "webhook", s->webhook_url,
                     "ids_big", s->ids_big, "ok", json_true());
}

/* The deviation table as JSON. */
static json_t *deviations_json(void)
{
    size_t n;
    const mock_deviation_info *t = mock_deviations(&n);
    json_t *arr = json_array();
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        panel_json_push(
            arr, json_pack("{ssssss}", "name", t[i].name, "action", t[i].action, "what", t[i].what),
            &bad);
    return panel_json_whole(arr, bad);
}

#define QUERY_NOMEM (-2) /* query_get / query_uint: out of memory, not the client's fault */

/* Reads query parameter name of path into out; 1 when present, 0 when absent, -1 when the
 * query string is malformed or the value does not fit out, QUERY_NOMEM on NOMEM. */
static int query_get(const char *path, const char *name, char *out, size_t outsz)
{
    const char *q = strchr(path, '?');
    if (!q)
        return 0;
    panel_form f;
    panel_form_init(&f, PANEL_FORM_MAX_PARAMS);
    int found = -1;
    panel_err rc = panel_form_decode(&f, q + 1, strlen(q + 1));
    if (rc == PANEL_E_NOMEM)
        found = QUERY_NOMEM;
    if (rc == PANEL_E_OK) {
        const char *v = panel_form_get_borrow(&f, name);
        found = 0;
        if (v)
            found = strlen(v) < outsz ? 1 : -1;
        if (found == 1)
            snprintf(out, outsz, "%s", v);
    }
    panel_form_free(&f);
    return found;
}

/* Reads an unsigned decimal query parameter in 0..max; 1 present, 0 absent, -1 bad. */
static int query_uint(const char *path, const char *name, unsigned long long max,
                      unsigned long long *out)
{
    char v[32];
    int got = query_get(path, name, v, sizeof v);
    if (got <= 0)
        return got;
    char *end;
    if (v[0] < '0' || v[0] > '9')
        return -1;
    unsigned long long x = strtoull(v, &end, 10);
    if (*end || x > max)
        return -1;
    *out = x;
    return 1;
}

/* Answers {"ok":true} or {"ok":false,"error":msg} with a status. */
static panel_err ok_json(mock_response *out, int status, const char *errmsg)
{
    json_t *j = errmsg ? json_pack("{sbss}", "ok", 0, "error", errmsg) : json_pack("{sb}", "ok", 1);
    if (!j && errmsg) { /* the message quotes bytes that are not UTF-8: they are shown as '?' */
        char safe[1024];
        size_t i = 0;
        for (; errmsg[i] != '\0' && i + 1 < sizeof safe; i++)
            safe[i] = (unsigned char)errmsg[i] < 0x80 ? errmsg[i] : '?';
        safe[i] = '\0';
        j = json_pack("{sbss}", "ok", 0, "error", safe);
    }
    panel_err rc = mock_respond_json(out, status, j);
    json_decref(j);
    return rc;
}

/* Handles a POST setting (webhook, faults, quirks, deviate) from its query parameter; the
 * state is unchanged when the value is refused. */
static panel_err setting(mock_state *s, const char *path, const char *what, const char *param,
                         mock_response *out)
{
    char v[1024], err[1024] = "";
    int got = query_get(path, param, v, sizeof v);
    if (got == QUERY_NOMEM)
        return PANEL_E_NOMEM;
    if (got < 0)
        return ok_json(out, 400, "malformed query string or value too long");
    if (got == 0)
        v[0] = '\0';
    panel_err rc = mock_state_configure_locked(s, what, v, err, sizeof err);
    return ok_json(out, rc == PANEL_E_OK ? 200 : 400, rc == PANEL_E_OK ? NULL : err);
}

/* One admin endpoint: name, method, what it does. */
typedef struct {
    const char *name, *method, *what;
} endpoint;

static const endpoint endpoints[] = {
    {"", "GET", "this list"},
    {"health", "GET", "200 while the mock answers"},
    {"state", "GET", "dialects, accounts, balances, ledger, faults, quirks, deviations, webhook"},
    {"journal", "GET", "requests seen; ?limit=N&since=SEQ&dialect=NAME&action=NAME"},
    {"deviations", "GET", "the planted deviations"},
    {"reset", "POST",
     "orders, balances, journal, limits and clock to the start; ?all=1 also "
     "clears faults, quirks, deviations and the webhook"},
    {"advance", "POST",
     "?steps=N moves every order N lifecycle steps (0..1000); ?seconds=S "
     "moves the logical clock (lockout windows)"},
    {"webhook", "POST", "?url=URL sets the status webhook (empty: off)"},
    {"faults", "POST", "?spec=SPEC sets the global faults (as --faults)"},
    {"quirks", "POST", "?spec=SPEC sets the global quirks (as --quirks)"},
    {"deviate", "POST", "?names=A,B sets the planted deviations (as --deviate)"},
    {"shutdown", "POST", "stops panelmock (exit 0)"},
    {"fuzz", "GET", "--fuzz report: per action and mutation, served, retried, no follow-up"},
    {"fuzz/replay", "GET", "?token=TOKEN serves a --fuzz answer again, byte for byte"},
};

/* The endpoint list as a new JSON object. */
static json_t *index_json(void)
{
    int bad = 0;
    json_t *arr = json_array();
    for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++) {
        char p[64];
        snprintf(p, sizeof p, "/__panelmock/%s", endpoints[i].name);
        panel_json_push(arr,
                        json_pack("{ssssss}", "path", p, "method", endpoints[i].method, "what",
                                  endpoints[i].what),
                        &bad);
    }
    return json_pack("{sbso}", "ok", 1, "endpoints", panel_json_whole(arr, bad));
}

/* The journal filters from the query; 400 text in err when one is malformed. */
static int journal_filter(const char *path, mock_journal_filter *f, char *dialect, char *action,
                          size_t sz, const char **err)
{
    unsigned long long v = 0;
    memset(f, 0, sizeof *f);
    int got = query_uint(path, "limit", MOCK_JOURNAL_MAX, &v);
    if (got < 0) {
        *err = "limit must be a number 0..10000";
        return -1;
    }
    f->limit = got ? (size_t)v : 0;
    got = query_uint(path, "since", UINT64_MAX, &v);
    if (got < 0) {
        *err = "since must be a sequence number";
        return -1;
    }
    f->since = got ? v : 0;
    got = query_get(path, "dialect", dialect, sz);
    if (got < 0 || (got && !*dialect)) {
        *err = "dialect must be a dialect name";
        return -1;
    }
    f->dialect = got ? dialect : NULL;
    got = query_get(path, "action", action, sz);
    if (got < 0 || (got && !*action)) {
        *err = "action must be an action name";
        return -1;
    }
    f->action = got ? action : NULL;
    return 0;
}

/* Clears faults, quirks, deviations and the webhook (reset?all=1). */
static void clear_switches(mock_state *s)
{
    char err[64];
    mock_state_configure_locked(s, "faults", "", err, sizeof err);
    mock_state_configure_locked(s, "quirks", "", err, sizeof err);
    mock_state_configure_locked(s, "deviate", "", err, sizeof err);
    mock_state_configure_locked(s, "webhook", "", err, sizeof err);
    for (size_t i = 0; i < s->n_acc; i++) {
        s->acc[i].own_faults = s->acc[i].own_quirks = 0;
        memset(&s->acc[i].faults, 0, sizeof s->acc[i].faults);
        memset(&s->acc[i].quirks, 0, sizeof s->acc[i].quirks);
    }
}

/* Handles one admin request (the state lock is held). */
panel_err mock_admin_handle(mock_state *s, const char *method, const char *path,
                            const char *client_ip, mock_response *out)
{
    if (!loopback(client_ip))
        return ok_json(out, 403, "admin endpoints answer on loopback only");
    const char *ep = path[12] == '/' ? path + 13 : path + 12;
    size_t len = strcspn(ep, "?");
    int get = strcasecmp(method, "GET") == 0, post = strcasecmp(method, "POST") == 0;
#define EP(name) (len == sizeof(name) - 1 && strncmp(ep, name, len) == 0)
    json_t *j = NULL;
    panel_err rc;
    if (EP("") && get) {
        j = index_json();
    } else if (EP("health") && get) {
        return ok_json(out, 200, NULL);
    } else if (EP("state") && get) {
        j = state_json(s);
    } else if (EP("journal") && get) {
        mock_journal_filter f;
        char dialect[128], action[128];
        const char *err = NULL;
        if (journal_filter(path, &f, dialect, action, sizeof dialect, &err) < 0)
            return ok_json(out, 400, err);
        j = mock_journal_json_new(s, &f);
    } else if (EP("deviations") && get) {
        j = deviations_json();
    } else if (EP("reset") && post) {
        unsigned long long all = 0;
        int ga = query_uint(path, "all", 1, &all);
        if (ga == QUERY_NOMEM)
            return PANEL_E_NOMEM;
        if (ga < 0)
            return ok_json(out, 400, "all must be 0 or 1");
        if (all)
            clear_switches(s);
        mock_state_reset(s);
        return ok_json(out, 200, NULL);
    } else if (EP("advance") && post) {
        unsigned long long steps = 1, secs = 0;
        int gs = query_uint(path, "steps", 1000, &steps);
        int gt = query_uint(path, "seconds", 100000000ULL, &secs);
        if (gs == QUERY_NOMEM || gt == QUERY_NOMEM)
            return PANEL_E_NOMEM;
        if (gs < 0)
            return ok_json(out, 400, "steps must be a number 0..1000");
        if (gt < 0)
            return ok_json(out, 400, "seconds must be a number 0..100000000");
        if (gs == 0 && gt == 1)
            steps = 0;
        s->clock_s += secs;
        mock_advance_all(s, (unsigned)steps);
        return ok_json(out, 200, NULL);
    } else if (EP("webhook") && post) {
        return setting(s, path, "webhook", "url", out);
    } else if (EP("faults") && post) {
        return setting(s, path, "faults", "spec", out);
    } else if (EP("quirks") && post) {
        return setting(s, path, "quirks", "spec", out);
    } else if (EP("deviate") && post) {
        return setting(s, path, "deviate", "names", out);
    } else if (EP("fuzz") && get) {
        j = mock_fuzz_report_json_new(s);
    } else if (EP("fuzz/replay") && get) {
        char tok[64];
        int gk = query_get(path, "token", tok, sizeof tok);
        if (gk == QUERY_NOMEM)
            return PANEL_E_NOMEM;
        if (gk <= 0)
            return ok_json(out, 400, "token=TOKEN needed");
        return mock_fuzz_replay(s, tok, out);
    } else if (EP("shutdown") && post) {
        if (!s->on_shutdown)
            return ok_json(out, 501, "this mock has no shutdown hook (embedded)");
        s->on_shutdown(s->shutdown_arg);
        return ok_json(out, 200, NULL);
    } else {
        for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++)
            if (len == strlen(endpoints[i].name) && strncmp(ep, endpoints[i].name, len) == 0) {
                char msg[96];
                snprintf(msg, sizeof msg, "method not allowed: use %s", endpoints[i].method);
                out->n_headers = 1;
                snprintf(out->header_name[0], sizeof out->header_name[0], "Allow");
                snprintf(out->header_value[0], sizeof out->header_value[0], "%s",
                         endpoints[i].method);
                return ok_json(out, 405, msg);
            }
        int bad = 0;
        json_t *e = index_json();
        panel_json_put(e, "ok", json_false(), &bad);
        panel_json_put(e, "error", json_string("no such admin endpoint"), &bad);
        e = panel_json_whole(e, bad);
        rc = e ? mock_respond_json(out, 404, e) : PANEL_E_NOMEM;
        json_decref(e);
        return rc;
    }
#undef EP
    rc = j ? mock_respond_json(out, 200, j) : PANEL_E_NOMEM;
    json_decref(j);
    return rc;
}
