/* handler.c - one request without sockets: routing, body decoding (form or JSON), key and
 * limit checks, action selection; answers through respond.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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
    if (!root && json_error_code(&je) == json_error_out_of_memory)
        rc = PANEL_E_NOMEM; /* not the client's fault */
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
    if (!panel_dialect_encoding_ok(d, PANEL_ENC_JSON))
        return 0;
    char ct[128];
    if (mock_header_get(headers, "Content-Type", ct, sizeof ct) && strstr(ct, "json"))
        return 1;
    size_t i = 0;
    while (i < n && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t'))
        i++;
    return i < n && body[i] == '{';
}

/* The slot of identity who (client IP, or IP and user agent) in table tab. */
static mock_ipslot *limit_slot(mock_ipslot *tab, const char *ip, const char *ua)
{
    char id[256];
    snprintf(id, sizeof id, "%s\n%s", ip ? ip : "", ua ? ua : "");
    uint64_t h = mock_hash(id, strlen(id));
    h = h ? h : 1;
    mock_ipslot *free_sl = NULL;
    for (size_t k = 0; k < 8; k++) { /* a short probe; the home slot is evicted when full */
        mock_ipslot *sl = &tab[(h + k) % MOCK_MAX_IPS];
        if (sl->who == h)
            return sl;
        if (!free_sl && sl->who == 0)
            free_sl = sl;
    }
    mock_ipslot *sl = free_sl ? free_sl : &tab[h % MOCK_MAX_IPS];
    memset(sl, 0, sizeof *sl);
    sl->who = h;
    return sl;
}

/* Checks the key, the rate limit (per IP, wall clock) and the failed-key lockout (per IP
 * and user agent, on the logical clock; a valid key is never locked out); picks the account
 * whose key was sent. Returns -1 when fine or the error case. */
static int check_access(mock_req *q)
{
    const panel_dialect *d = q->d;
    mock_account *g = &q->s->acc[q->a->group];
    const char *key = panel_form_get_borrow(&q->form, d->key_param ? d->key_param : "key");
    int c = -1;
    if (!key || !*key) {
        c = PANEL_ERRCASE_BAD_KEY;
    } else {
        mock_account *a = mock_state_account_by_key(q->s, q->a, key);
        if (strcmp(a->key, key) == 0)
            q->a = a;
        else if (mock_key_format_enforced(d) && !panel_dialect_key_ok(d, key))
            c = PANEL_ERRCASE_MALFORMED_KEY;
        else if (!q->s->dev[MOCK_DEV_BAD_KEY_ACCEPTED])
            c = PANEL_ERRCASE_BAD_KEY;
    }
    if (d->requests_per_minute > 0) {
        mock_ipslot *sl = limit_slot(g->ips, q->client_ip, NULL);
        uint64_t now = mock_now_ms();
        if (sl->requests == 0 || now - sl->window_start_ms >= 60000) {
            sl->window_start_ms = now;
            sl->requests = 0;
        }
        if (++sl->requests > d->requests_per_minute)
            return PANEL_ERRCASE_RATE_LIMITED;
    }
    if (c >= 0 && d->failed_key_attempts > 0) {
        char ua[200] = "";
        mock_header_get(q->headers, "User-Agent", ua, sizeof ua);
        mock_ipslot *sl = limit_slot(g->locks, q->client_ip, ua);
        uint64_t now = q->s->clock_s;
        if (sl->failures > 0 && now - sl->fail_start_s >= d->failed_key_window_s)
            sl->failures = 0;
        if (sl->failures >= d->failed_key_attempts)
            return PANEL_ERRCASE_KEY_LOCKED;
        if (sl->failures == 0)
            sl->fail_start_s = now;
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
            /* with its own multi action name, this name is the single form only */
            q->multi = sp->multi_name && strcmp(sp->multi_name, sp->name) != 0 ? 0 : -1;
            return -1;
        }
    }
    return PANEL_ERRCASE_UNKNOWN_ACTION;
}

/* The quirk set in force for q's dialect: its own, else the global one. */
static const mock_switches *quirk_set(const mock_req *q)
{
    const mock_account *g = &q->s->acc[q->a->group];
    return g->own_quirks ? &g->quirks : &q->s->quirks;
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
    const mock_switches *sw = quirk_set(q);
    for (size_t i = 0; i < n; i++)
        if (sw->rate[i])
            q->quirk[i] = (unsigned char)mock_rng_chance(&q->s->rng, sw->rate[i]);
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
        if (q->quirk[i] || quirk_set(q)->rate[i])
            return 1;
    return 0;
}

/* 1 when d reads multipart bodies: declared in its encodings or, when it declares no list,
 * as it reads form bodies (a PHP panel reads both into $_POST; the form fallback below is as
 * lenient). */
static int multipart_ok(const panel_dialect *d)
{
    if (panel_dialect_encoding_ok(d, PANEL_ENC_MULTIPART))
        return 1;
    json_t *t = d->root ? json_object_get(d->root, "transport") : NULL;
    return !json_object_get(t, "encodings");
}

/* Decodes the request's parameters into q->form: the query string first, then the body
 * (multipart, JSON where the dialect takes JSON, else a form), so a body parameter wins. */
static panel_err decode(mock_req *q, const char *path, const char *headers, const char *body,
                        size_t n)
{
    panel_err rc = PANEL_E_OK;
    const char *qs = strchr(path, '?');
    if (qs)
        rc = panel_form_decode(&q->form, qs + 1, strlen(qs + 1));
    char ct[256] = "";
    mock_header_get(headers, "Content-Type", ct, sizeof ct);
    q->encoding = "form";
    if (rc != PANEL_E_OK || n == 0)
        return rc;
    if (mock_multipart_is(ct) && multipart_ok(q->d)) {
        q->encoding = "multipart";
        return mock_multipart_decode(&q->form, ct, body, n);
    }
    q->json = body_is_json(q->d, headers, body, n);
    if (q->json) {
        q->encoding = "json";
        return decode_json(&q->form, body, n);
    }
    return panel_form_decode(&q->form, body, n);
}

/* Reads the key from header name with scheme (e.g. "Bearer", NULL for none) into out; 1 when
 * the header is there with that scheme. */
static int header_key(const char *headers, const char *name, const char *scheme, char *out,
                      size_t outsz)
{
    char v[256];
    if (!name || !mock_header_get(headers, name, v, sizeof v))
        return 0;
    const char *k = v;
    size_t sl = scheme ? strlen(scheme) : 0;
    if (sl && strncasecmp(v, scheme, sl) == 0 && v[sl] == ' ')
        k = v + sl + 1;
    else if (sl)
        return 0; /* another scheme: no key */
    snprintf(out, outsz, "%s", k);
    return 1;
}

/* Where the dialect takes the key in a header (Authorization: Bearer KEY, as its primary place
 * or one named in key.also), adds it to the parameters under the key parameter's name, after
 * the others (so it wins). A key parameter in the body or query of a dialect that takes the
 * key in neither is no key: its name is blanked. */
static panel_err key_from_header(mock_req *q, const char *headers)
{
    const panel_dialect *d = q->d;
    char k[256];
    int got = 0;
    const char *kp = d->key_param ? d->key_param : "key";
    if (!panel_dialect_key_location_ok(d, PANEL_KEYLOC_BODY) &&
        !panel_dialect_key_location_ok(d, PANEL_KEYLOC_QUERY))
        for (size_t i = 0; i < q->form.count; i++)
            if (strcmp(q->form.pairs[i].name, kp) == 0)
                q->form.pairs[i].name[0] = '\0';
    if (d->key_in == PANEL_KEYLOC_HEADER)
        got = header_key(headers, d->key_header, d->key_scheme, k, sizeof k);
    if (!got && panel_dialect_key_location_ok(d, PANEL_KEYLOC_HEADER))
        got = header_key(headers, d->key_alt_header, d->key_alt_scheme, k, sizeof k);
    if (!got)
        return PANEL_E_OK;
    return panel_form_add(&q->form, kp, k);
}

/* Answers an extra action the dialect gives a static answer for (webhook registration...):
 * its required parameters, then the answer; *c set to an error case instead when one is
 * missing. */
static panel_err extra_action(mock_req *q, const panel_extra_action *xa, mock_response *out, int *c)
{
    for (size_t i = 0; i < xa->n_params; i++) {
        const char *v = panel_form_get_borrow(&q->form, xa->params[i]);
        if (!v || !*v) {
            q->err_param = xa->params[i];
            *c = PANEL_ERRCASE_MISSING_PARAM;
            return PANEL_E_OK;
        }
    }
    *c = -1;
    panel_err rc = mock_respond_json(out, 200, xa->answer);
    if (q->d->content_type)
        snprintf(out->content_type, sizeof out->content_type, "%s", q->d->content_type);
    return rc;
}

/* Handles an API request for account a (the lock is held). */
static panel_err handle_api(mock_req *q, const char *method, const char *path, const char *headers,
                            const char *body, size_t n, mock_response *out)
{
    panel_err rc = PANEL_E_OK;
    int c = -1;
    const panel_dialect *d = q->d;
    char um[8];
    snprintf(um, sizeof um, "%s", method);
    for (char *p = um; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    if (!panel_dialect_method_ok(d, um)) {
        c = PANEL_ERRCASE_BAD_METHOD;
        goto answer;
    }
    rc = decode(q, path, headers, body, n);
    if (rc == PANEL_E_OK)
        rc = key_from_header(q, headers);
    if (rc == PANEL_E_TOO_LARGE) {
        rc = mock_respond_text(out, 413, "application/json", "{\"error\":\"Too many parameters\"}",
                               30);
        goto out;
    }
    if (rc == PANEL_E_NOMEM)
        goto out; /* not the client's fault: no "invalid parameter" answer */
    if (rc != PANEL_E_OK) {
        rc = PANEL_E_OK;
        c = PANEL_ERRCASE_INVALID_PARAM;
        goto answer;
    }
    if ((c = check_access(q)) >= 0)
        goto answer;
    const panel_extra_action *xa =
        panel_dialect_extra_action(d, panel_form_get_borrow(&q->form, "action"));
    if (xa && xa->answer) {
        rc = extra_action(q, xa, out, &c);
        if (rc != PANEL_E_OK || c < 0)
            goto out;
        goto answer;
    }
    if ((c = pick_action(q)) >= 0)
        goto answer;
    pick_quirks(q, headers);
    int cacheable = (q->action == PANEL_ACTION_SERVICES || q->action == PANEL_ACTION_BALANCE ||
                     q->action == PANEL_ACTION_STATUS) &&
                    !any_quirk(q) && !cache_disabled() && !strchr(path, '?');
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
    q->errcase = c;
    rc = mock_respond_error(q, c, out);
out:
    return rc;
}

/* Appends " word" (or "word" at the start) to the applied list (cut when full). */
static void applied_add(char *buf, size_t bufsz, const char *kind, const char *name)
{
    size_t len = strlen(buf);
    if (len + 1 < bufsz)
        snprintf(buf + len, bufsz - len, "%s%s=%s", len ? " " : "", kind, name);
}

/* Lists what was applied to this request: the fault, the latency, the quirks drawn and the
 * active deviations of its action (or of "error" when an error was answered). */
static void applied_list(const mock_req *q, const mock_fault_pick *fp, char *buf, size_t bufsz)
{
    size_t n;
    buf[0] = '\0';
    const char *const *fnames = mock_fault_names(&n);
    if (fp->fault != MOCK_FAULT_NONE && fp->fault < (int)n)
        applied_add(buf, bufsz, "fault", fnames[fp->fault]);
    if (fp->latency_ms) {
        char ms[24];
        snprintf(ms, sizeof ms, "%ums", fp->latency_ms);
        applied_add(buf, bufsz, "latency", ms);
    }
    if (!q)
        return;
    if (q->fuzz_kind) {
        applied_add(buf, bufsz, "fuzz", q->fuzz_kind);
        applied_add(buf, bufsz, "token", q->fuzz_token);
    }
    const char *const *qnames = mock_quirk_names(&n);
    for (size_t i = 0; i < n; i++)
        if (q->quirk[i])
            applied_add(buf, bufsz, "quirk", qnames[i]);
    const mock_deviation_info *t = mock_deviations(&n);
    const char *act =
        q->errcase >= 0 || q->action == PANEL_ACTION_ERROR ? "error" : panel_action_name(q->action);
    for (size_t i = 0; i < n; i++)
        if (q->s->dev[i] && strcmp(t[i].action, act) == 0)
            applied_add(buf, bufsz, "deviation", t[i].name);
}

/* Wall-clock milliseconds since the epoch (journal and log times only). */
static uint64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Journals and logs one answered request (the lock is held). */
static void record(mock_state *s, const mock_req *q, const mock_account *a,
                   const mock_fault_pick *fp, const char *method, const char *path, uint64_t t0,
                   const mock_response *out)
{
    char applied[512];
    applied_list(q, fp, applied, sizeof applied);
    char bare[1024];
    snprintf(bare, sizeof bare, "%.*s", (int)strcspn(path, "?"), path);
    mock_jinfo ji = {
        .dialect = a ? a->d->name : NULL,
        .account = q && q->a ? q->a->acc_no : 0,
        .method = method,
        .path = bare,
        .action = q ? panel_form_get_borrow(&q->form, "action") : NULL,
        .form = q ? &q->form : NULL,
        .key_param = a && a->d->key_param ? a->d->key_param : "key",
        .encoding = q && q->encoding ? q->encoding : "form",
        .status = out->status,
        .body = out->body.data,
        .body_len = out->body.data ? out->body.len : 0,
        .applied = applied,
        .ms = (unsigned)(mock_now_ms() - t0),
        .time_ms = wall_ms(),
    };
    if (a)
        mock_journal_add(s, &ji);
    mock_log_request(s, &ji);
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
    uint64_t t0 = mock_now_ms();
    panel_err rc = PANEL_E_OK;
    pthread_mutex_lock(&s->mu);
    if (strncmp(path, "/__panelmock/", 13) == 0 || strcmp(path, "/__panelmock") == 0) {
        rc = mock_admin_handle(s, method, path, client_ip, out);
        mock_fault_pick none = {MOCK_FAULT_NONE, 0};
        record(s, NULL, NULL, &none, method, path, t0, out);
        goto out;
    }
    char hv[64];
    mock_fault_pick fp;
    mock_account *a = mock_state_account(s, path);
    int has = mock_header_get(headers, "X-Panelmock-Fault", hv, sizeof hv);
    const mock_account *g = a ? &s->acc[a->group] : NULL;
    mock_faults_pick(s, g && g->own_faults ? &g->faults : NULL, has ? hv : NULL, &fp);
    mock_req q;
    memset(&q, 0, sizeof q);
    q.s = s;
    q.a = a;
    q.d = a ? a->d : NULL;
    q.client_ip = client_ip;
    q.headers = headers;
    q.action = PANEL_ACTION_ERROR;
    q.errcase = -1;
    panel_form_init(&q.form, PANEL_FORM_MAX_PARAMS);
    if (s->replay) {
        rc = mock_replay_handle(s, method, path, headers, body ? body : "", n, out);
    } else if (!a) {
        fp.fault = MOCK_FAULT_NONE;
        fp.latency_ms = 0;
        rc = mock_respond_text(out, 404, "application/json", "{\"error\":\"Not found\"}", 21);
    } else if (mock_fault_replaces(fp.fault)) {
        /* answered by the fault alone: nothing is decoded or changed */
    } else if (n > MOCK_MAX_BODY) {
        rc = mock_respond_text(out, 413, "application/json",
                               "{\"error\":\"Request body too large\"}", 34);
    } else {
        rc = handle_api(&q, method, path, headers, body ? body : "", n, out);
        if (rc == PANEL_E_OK)
            rc = mock_fuzz_apply(s, &q, path, body ? body : "", n, out);
    }
    if (rc == PANEL_E_OK)
        mock_faults_apply(&fp, out);
    if (rc == PANEL_E_OK)
        rc = mock_mask_buf(s, &out->body);
    record(s, a ? &q : NULL, a, &fp, method, path, t0, out);
    panel_form_free(&q.form);
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
