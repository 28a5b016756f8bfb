/* admin.c - the admin API under /__panelmock/ (loopback clients only): state, journal,
 * reset, advance, webhook, faults, quirks, deviate, deviations. */
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

/* The state summary: per dialect key fingerprint, balance, counts and ledger totals. */
static json_t *state_json(mock_state *s)
{
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
        json_object_set_new(d, "name", json_string(a->d->name));
        json_object_set_new(d, "path", json_string(a->prefix));
        json_object_set_new(d, "key_fingerprint", json_string(fp));
        json_object_set_new(d, "balance_start", money_json(a->balance_start));
        json_object_set_new(d, "balance", money_json(a->balance));
        json_object_set_new(d, "charges", money_json(a->charges));
        json_object_set_new(d, "refunds", money_json(a->refunds));
        json_object_set_new(d, "ledger_ok", json_boolean(expect == a->balance));
        json_object_set_new(d, "orders", json_integer((json_int_t)a->store.n_orders));
        json_object_set_new(d, "orders_terminal", json_integer((json_int_t)terminal));
        json_object_set_new(d, "refills", json_integer((json_int_t)a->store.n_refills));
        json_array_append_new(ds, d);
    }
    json_t *devs = json_array();
    size_t n;
    const mock_deviation_info *t = mock_deviations(&n);
    for (size_t i = 0; i < n; i++)
        if (s->dev[i])
            json_array_append_new(devs, json_string(t[i].name));
    return json_pack("{sIsIsosossso}", "seed", (json_int_t)s->seed, "requests", (json_int_t)s->seq,
                     "dialects", ds, "deviations", devs, "webhook", s->webhook_url, "ok",
                     json_true());
}

/* The deviation table as JSON. */
static json_t *deviations_json(void)
{
    size_t n;
    const mock_deviation_info *t = mock_deviations(&n);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{ssssss}", "name", t[i].name, "action", t[i].action,
                                             "what", t[i].what));
    return arr;
}

/* Reads query parameter name of path into out; 1 when present. */
static int query_get(const char *path, const char *name, char *out, size_t outsz)
{
    const char *q = strchr(path, '?');
    if (!q)
        return 0;
    panel_form f;
    panel_form_init(&f, PANEL_FORM_MAX_PARAMS);
    int found = 0;
    if (panel_form_decode(&f, q + 1, strlen(q + 1)) == PANEL_E_OK) {
        const char *v = panel_form_get_borrow(&f, name);
        if (v) {
            snprintf(out, outsz, "%s", v);
            found = 1;
        }
    }
    panel_form_free(&f);
    return found;
}

/* Answers {"ok":true} or {"ok":false,"error":msg} with a status. */
static panel_err ok_json(mock_response *out, int status, const char *errmsg)
{
    json_t *j = errmsg ? json_pack("{sbss}", "ok", 0, "error", errmsg) : json_pack("{sb}", "ok", 1);
    panel_err rc = mock_respond_json(out, status, j);
    json_decref(j);
    return rc;
}

/* Handles a POST setting (webhook, faults, quirks, deviate) from its query parameter. */
static panel_err setting(mock_state *s, const char *path, const char *what, const char *param,
                         mock_response *out)
{
    char v[1024], err[256] = "";
    if (!query_get(path, param, v, sizeof v))
        v[0] = '\0';
    panel_err rc = mock_state_configure_locked(s, what, v, err, sizeof err);
    return ok_json(out, rc == PANEL_E_OK ? 200 : 400, rc == PANEL_E_OK ? NULL : err);
}

/* Handles one admin request (the state lock is held). */
panel_err mock_admin_handle(mock_state *s, const char *method, const char *path,
                            const char *client_ip, mock_response *out)
{
    if (!loopback(client_ip))
        return ok_json(out, 403, "admin endpoints answer on loopback only");
    const char *ep = path + 13;
    size_t len = strcspn(ep, "?");
    int get = strcasecmp(method, "GET") == 0, post = strcasecmp(method, "POST") == 0;
#define EP(name) (len == sizeof(name) - 1 && strncmp(ep, name, len) == 0)
    json_t *j = NULL;
    panel_err rc;
    if (EP("health") && get) {
        return ok_json(out, 200, NULL);
    } else if (EP("state") && get) {
        j = state_json(s);
    } else if (EP("journal") && get) {
        j = mock_journal_json_new(s);
    } else if (EP("deviations") && get) {
        j = deviations_json();
    } else if (EP("reset") && post) {
        mock_state_reset(s);
        return ok_json(out, 200, NULL);
    } else if (EP("advance") && post) {
        char v[32];
        long steps = query_get(path, "steps", v, sizeof v) ? strtol(v, NULL, 10) : 1;
        if (steps < 0 || steps > 1000)
            return ok_json(out, 400, "steps must be 0..1000");
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
    } else if (EP("health") || EP("state") || EP("journal") || EP("deviations") || EP("reset") || EP("advance") ||
               EP("webhook") || EP("faults") || EP("quirks") || EP("deviate")) {
        return ok_json(out, 405, "method not allowed");
    } else {
        return ok_json(out, 404, "no such admin endpoint");
    }
#undef EP
    rc = j ? mock_respond_json(out, 200, j) : PANEL_E_NOMEM;
    json_decref(j);
    return rc;
}
