/* handler.c - one request without sockets: routing, body decoding (form or JSON), key and
 * limit checks, action selection; answers through respond.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mock_internal.h"
#include "panel/header.h"

/* Copies header name's value from "Name: value\r\n" lines into out; 1 when found. */
int mock_header_get(const char *headers, const char *name, char *out, size_t outsz)
{
    for (const char *p = headers; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (panel_header_value(p, len, name, out, outsz))
            return 1;
        p = eol ? eol + 1 : p + len;
    }
    return 0;
}

/* Adds one JSON member to the form as text; arrays are joined with commas. */
static panel_err json_member_to_form(panel_form *f, const char *name, json_t *v)
{
    char tmp[64];
    if (json_is_string(v))
        return panel_form_add(f, name, json_string_value(v));
    if (json_is_integer(v)) {
        snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
        return panel_form_add(f, name, tmp);
    }
    if (json_is_real(v)) {
        snprintf(tmp, sizeof tmp, "%.10g", json_real_value(v));
        return panel_form_add(f, name, tmp);
    }
    if (json_is_boolean(v))
        return panel_form_add(f, name, json_is_true(v) ? "1" : "0");
    if (json_is_array(v)) {
        panel_buf b;
        panel_buf_init(&b, MOCK_MAX_BODY);
        size_t i;
        json_t *e;
        panel_err rc = panel_buf_puts(&b, "");
        json_array_foreach(v, i, e)
        {
            if (rc == PANEL_E_OK && i > 0)
                rc = panel_buf_puts(&b, ",");
            if (rc == PANEL_E_OK && json_is_string(e))
                rc = panel_buf_puts(&b, json_string_value(e));
            else if (rc == PANEL_E_OK && json_is_integer(e))
                rc = panel_buf_printf(&b, "%lld", (long long)json_integer_value(e));
        }
        if (rc == PANEL_E_OK)
            rc = panel_form_add(f, name, b.data ? b.data : "");
        panel_buf_free(&b);
        return rc;
    }
    return PANEL_E_OK;
}

/* Decodes a JSON object body into form pairs. */
static panel_err decode_json(panel_form *f, const char *body, size_t n)
{
    json_error_t je;
    json_t *root = json_loadb(body, n, JSON_REJECT_DUPLICATES, &je);
    panel_err rc = PANEL_E_PARSE;
    if (!root || !json_is_object(root))
        goto out;
    if (json_object_size(root) > f->max_params) {
        rc = PANEL_E_TOO_LARGE;
        goto out;
    }
    const char *k;
    json_t *v;
    rc = PANEL_E_OK;
    json_object_foreach(root, k, v)
    {
        rc = json_member_to_form(f, k, v);
        if (rc != PANEL_E_OK)
            break;
    }
out:
    json_decref(root);
    return rc;
}

/* 1 when the body should be read as JSON: the dialect takes JSON and the body is one. */
static int body_is_json(const panel_dialect *d, const char *headers, const char *body, size_t n)
{
    if (!d->json_requests)
        return 0;
    char ct[128];
    if (mock_header_get(headers, "Content-Type", ct, sizeof ct) && strstr(ct, "json"))
        return 1;
    size_t i = 0;
    while (i < n && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
        i++;
    return i < n && body[i] == '{';
}

/* The limit slot of a client IP in account a. */
static mock_ipslot *ip_slot(mock_account *a, const char *ip)
{
    if (!ip)
        ip = "";
    size_t h = (size_t)(mock_hash(ip, strlen(ip)) % MOCK_MAX_IPS);
    mock_ipslot *sl = &a->ips[h];
    if (strcmp(sl->ip, ip) != 0) {
        memset(sl, 0, sizeof *sl);
        snprintf(sl->ip, sizeof sl->ip, "%s", ip);
    }
    return sl;
}

/* Checks rate limit, lockout and key; returns -1 when fine or the error case. */
static int check_access(mock_req *q)
{
    const panel_dialect *d = q->d;
    mock_ipslot *sl = ip_slot(q->a, q->client_ip);
    uint64_t now = mock_now_ms();
    if (d->requests_per_minute > 0) {
        if (sl->requests == 0 || now - sl->window_start_ms >= 60000) {
            sl->window_start_ms = now;
            sl->requests = 0;
        }
        if (++sl->requests > d->requests_per_minute)
            return PANEL_ERRCASE_RATE_LIMITED;
    }
    if (d->failed_key_attempts > 0) {
        if (sl->failures > 0 && now - sl->fail_start_ms >= (uint64_t)d->failed_key_window_s * 1000)
            sl->failures = 0;
        if (sl->failures >= d->failed_key_attempts)
            return PANEL_ERRCASE_KEY_LOCKED;
    }
    const char *key = panel_form_get_borrow(&q->form, d->key_param ? d->key_param : "key");
    int c = -1;
    if (!key || !*key)
        c = PANEL_ERRCASE_BAD_KEY;
    else if (!panel_dialect_key_ok(d, key))
        c = PANEL_ERRCASE_MALFORMED_KEY;
    else if (strcmp(key, q->a->key) != 0 && !q->s->dev[MOCK_DEV_BAD_KEY_ACCEPTED])
        c = PANEL_ERRCASE_BAD_KEY;
    if (c >= 0 && d->failed_key_attempts > 0) {
        if (sl->failures == 0)
            sl->fail_start_ms = now;
        sl->failures++;
    }
    return c;
}

/* Chooses the action from action=; returns -1 when fine or the error case. */
static int pick_action(mock_req *q)
{
    const char *act = panel_form_get_borrow(&q->form, "action");
    if (!act || !*act)
        return PANEL_ERRCASE_MISSING_ACTION;
    for (int i = 0; i < PANEL_ACTION_ERROR; i++) {
        const panel_action_spec *sp = &q->d->actions[i];
        if (!sp->documented)
            continue;
        if (sp->multi_name && strcmp(act, sp->multi_name) == 0 &&
            (!sp->name || strcmp(sp->multi_name, sp->name) != 0)) {
            q->action = (panel_action)i;
            q->multi = 1;
            return -1;
        }
        if (sp->name && strcmp(act, sp->name) == 0) {
            q->action = (panel_action)i;
            q->multi = -1; /* decided by the parameters */
            return -1;
        }
    }
    return PANEL_ERRCASE_UNKNOWN_ACTION;
}

/* Reads the per-request quirk header and the global quirk rates into q->quirk. */
static void pick_quirks(mock_req *q, const char *headers)
{
    char hv[256];
    size_t n;
    const char *const *names = mock_quirk_names(&n);
    memset(q->quirk, 0, sizeof q->quirk);
    if (mock_header_get(headers, "X-Panelmock-Quirk", hv, sizeof hv)) {
        for (char *save = NULL, *t = strtok_r(hv, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
            for (size_t i = 0; i < n; i++)
                if (strcmp(t, names[i]) == 0)
                    q->quirk[i] = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (q->s->quirks.rate[i])
            q->quirk[i] = (unsigned char)mock_rng_chance(&q->s->rng, q->s->quirks.rate[i]);
}

/* 1 when PANELMOCK_NO_CACHE is set to a non-empty value other than "0": every answer is then
 * rendered (benchmarks use it to show the uncached figure). */
static int cache_disabled(void)
{
    const char *v = getenv("PANELMOCK_NO_CACHE");
    return v && *v && strcmp(v, "0") != 0;
}

/* 1 when any quirk is active for this request or may be drawn for later ones. */
static int any_quirk(const mock_req *q)
{
    for (int i = 0; i < MOCK_QUIRK__COUNT; i++)
        if (q->quirk[i] || q->s->quirks.rate[i])
            return 1;
    return 0;
}

/* Handles an API request for account a (the lock is held). */
static panel_err handle_api(mock_req *q, const char *method, const char *headers, const char *body,
                            size_t n, mock_response *out)
{
    panel_err rc = PANEL_E_OK;
    int c = -1;
    const panel_dialect *d = q->d;
    if (strcasecmp(method, d->method ? d->method : "POST") != 0) {
        c = PANEL_ERRCASE_BAD_METHOD;
        goto answer;
    }
    q->json = body_is_json(d, headers, body, n);
    rc = q->json ? decode_json(&q->form, body, n) : panel_form_decode(&q->form, body, n);
    if (rc == PANEL_E_TOO_LARGE) {
        rc = mock_respond_text(out, 413, "application/json", "{\"error\":\"Too many parameters\"}",
                               30);
        goto out;
    }
    if (rc != PANEL_E_OK) {
        rc = PANEL_E_OK;
        c = PANEL_ERRCASE_INVALID_PARAM;
        goto answer;
    }
    if ((c = check_access(q)) >= 0)
        goto answer;
    if ((c = pick_action(q)) >= 0)
        goto answer;
    pick_quirks(q, headers);
    int cacheable = (q->action == PANEL_ACTION_SERVICES || q->action == PANEL_ACTION_BALANCE ||
                     q->action == PANEL_ACTION_STATUS) &&
                    !any_quirk(q) && !cache_disabled();
    size_t acc = (size_t)(q->a - q->s->acc);
    if (cacheable && mock_cache_get(q->s, acc, body, n, out))
        goto out;
    uint64_t version = q->s->version;
    panel_result *res = NULL;
    rc = mock_action_run(q, &res, &c);
    if (rc == PANEL_E_OK && c < 0 && res)
        rc = mock_respond_result(q, res, out);
    panel_result_free(res);
    if (rc == PANEL_E_OK && c < 0 && cacheable && version == q->s->version)
        mock_cache_put(q->s, acc, body, n, out);
    if (rc != PANEL_E_OK || c < 0)
        goto out;
answer:
    rc = mock_respond_error(q, c, out);
out:
    return rc;
}

/* Decodes, runs and answers one API request for account a, and journals it. */
static panel_err handle_account(mock_state *s, mock_account *a, const char *method,
                                const char *headers, const char *body, size_t n,
                                const char *client_ip, mock_response *out)
{
    mock_req q;
    memset(&q, 0, sizeof q);
    q.s = s;
    q.a = a;
    q.d = a->d;
    q.client_ip = client_ip;
    q.action = PANEL_ACTION_ERROR;
    panel_form_init(&q.form, PANEL_FORM_MAX_PARAMS);
    panel_err rc = handle_api(&q, method, headers, body ? body : "", n, out);
    mock_journal_add(s, a->d->name, panel_form_get_borrow(&q.form, "action"), &q.form,
                     a->d->key_param ? a->d->key_param : "key", q.json, out->status);
    panel_form_free(&q.form);
    return rc;
}

/* Handles one request without sockets; see panelmock.h. */
panel_err mock_handle(mock_state *s, const char *method, const char *path, const char *headers,
                      const char *body, size_t n, const char *client_ip, mock_response *out)
{
    memset(out, 0, sizeof *out);
    panel_buf_init(&out->body, MOCK_MAX_RESPONSE);
    out->status = 200;
    snprintf(out->content_type, sizeof out->content_type, "application/json");
    if (!s || !method || !path)
        return PANEL_E_INVALID;
    if (!body)
        n = 0;
    panel_err rc = PANEL_E_OK;
    pthread_mutex_lock(&s->mu);
    if (strncmp(path, "/__panelmock/", 13) == 0) {
        rc = mock_admin_handle(s, method, path, client_ip, out);
        goto out;
    }
    char hv[64];
    int replaced = 0;
    mock_fault_pick fp;
    int has = mock_header_get(headers, "X-Panelmock-Fault", hv, sizeof hv);
    mock_faults_pick(s, has ? hv : NULL, &fp);
    mock_account *a = mock_state_account(s, path);
    if (!a) {
        rc = mock_respond_text(out, 404, "application/json", "{\"error\":\"Not found\"}", 21);
    } else if (mock_fault_replaces(fp.fault)) {
        replaced = 1; /* answered by the fault alone: nothing is decoded or changed */
    } else if (n > MOCK_MAX_BODY) {
        rc = mock_respond_text(out, 413, "application/json",
                               "{\"error\":\"Request body too large\"}", 34);
    } else {
        rc = handle_account(s, a, method, headers, body, n, client_ip, out);
    }
    if (rc == PANEL_E_OK)
        mock_faults_apply(&fp, out);
    if (replaced)
        mock_journal_add(s, a->d->name, NULL, NULL, a->d->key_param ? a->d->key_param : "key", 0,
                         out->status);
out:
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* Frees a response's body; the struct may be reused after mock_handle. */
void mock_response_free(mock_response *r)
{
    if (r)
        panel_buf_free(&r->body);
}
