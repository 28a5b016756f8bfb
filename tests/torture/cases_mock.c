/* cases_mock.c - torture cases of panelmock's socket-free handler: for every dialect, a request
 * of every documented action (single and multi forms), the documented errors it answers (bad
 * key, missing parameter, unknown action, quantity under the minimum) and the admin API. One
 * state serves every case; before each run it is reset and the order (delivered, refilled) a
 * request needs is placed again, unarmed, so every run meets the same state. */
#define _DEFAULT_SOURCE /* realpath, mkdtemp, symlink */
#include "torture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mock_internal.h"
#include "panel/parse.h"
#include "testutil.h"

#define BODY_MAX 2048

/* What a request needs in the state before it runs. */
typedef enum { NEED_NONE, NEED_ORDER, NEED_DELIVERED, NEED_REFILL } mock_need;

typedef struct {
    size_t acc;
    mock_need need;
    const char *method;
    const char *headers; /* static, or NULL */
    char path[256];
    char body[BODY_MAX];
} mock_ctx;

static mock_state *state;

/* Sends one request unarmed and parses its answer as action act; returns the result (caller
 * frees) or exits. */
static panel_result *call_parse(size_t acc, const char *body, panel_action act)
{
    const mock_account *a = &state->acc[acc];
    mock_response r;
    panel_result *res = NULL;
    panel_parse_opts o = {.multi = 0};
    if (mock_handle(state, "POST", a->prefix, NULL, body, strlen(body), "127.0.0.1", &r) !=
            PANEL_E_OK ||
        panel_parse(a->d, act, r.body.data ? r.body.data : "", r.body.len, &o, &res) !=
            PANEL_E_OK) {
        fprintf(stderr, "torture: %s: cannot prepare with %s\n", a->d->name, body);
        exit(2);
    }
    mock_response_free(&r);
    return res;
}

/* Writes the add request of account acc into body (sz bytes). */
static void add_body(size_t acc, const panel_catalogue_item *it, long long qty, char *body,
                     size_t sz)
{
    const mock_account *a = &state->acc[acc];
    const panel_dialect *d = a->d;
    int len = snprintf(body, sz,
                       "%s=%s&action=%s&service=%s&link=https://example.com/p"
                       "&quantity=%lld",
                       d->key_param, a->key, d->actions[PANEL_ACTION_ADD].name, it->service, qty);
    if (d->idempotency_param && len > 0 && (size_t)len < sz)
        snprintf(body + len, sz - (size_t)len, "&%s=torture-1", d->idempotency_param);
}

/* Resets the state and places what need asks for; writes the order and refill ids. */
static void prepare(size_t acc, mock_need need, char *order, char *refill, size_t sz)
{
    char body[BODY_MAX];
    mock_state_reset(state);
    if (need == NEED_NONE)
        return;
    mock_account *a = &state->acc[acc];
    const panel_dialect *d = a->d;
    const panel_catalogue_item *it = tu_simple_item(d, need >= NEED_DELIVERED, 0);
    if (!it)
        it = tu_simple_item(d, 0, 0);
    add_body(acc, it, it->min, body, sizeof body);
    panel_result *r = call_parse(acc, body, PANEL_ACTION_ADD);
    snprintf(order, sz, "%s", r->order ? r->order : "");
    panel_result_free(r);
    if (need >= NEED_DELIVERED) {
        mock_order *o = mock_store_order(&a->store, order);
        for (int k = 0; o && k < MOCK_MAX_PATH + 2; k++)
            mock_order_advance(state, a, o);
    }
    if (need == NEED_REFILL && d->actions[PANEL_ACTION_REFILL].documented) {
        const panel_action_spec *sp = &d->actions[PANEL_ACTION_REFILL];
        snprintf(body, sizeof body, "%s=%s&action=%s&%s=%s", d->key_param, a->key, sp->name,
                 sp->single_param, order);
        r = call_parse(acc, body, PANEL_ACTION_REFILL);
        snprintf(refill, sz, "%s",
                 r->n_entries && r->entries[0].refill_id ? r->entries[0].refill_id : "");
        panel_result_free(r);
    }
}

/* Puts the state back as the case's request expects it. */
static void before_mock(void *vctx)
{
    mock_ctx *c = vctx;
    char order[160], refill[160];
    prepare(c->acc, c->need, order, refill, sizeof order);
}

/* Blanks the digits of every `"name":"...` (quoted) or `"name":N` value in s: the journal's
 * wall-clock times and durations, which differ from run to run. */
static void blank_values(char *s, const char *name)
{
    size_t nl = strlen(name);
    for (char *p = strstr(s, name); p; p = strstr(p + nl, name))
        for (char *v = p + nl; *v && *v != ',' && *v != '}'; v++)
            if (*v >= '0' && *v <= '9')
                *v = '0';
}

/* Handles one request on st; writes the whole response into out. */
static panel_err handle_into(mock_state *st, const char *method, const char *path,
                             const char *headers, const char *body, panel_buf *out)
{
    mock_response r;
    panel_err rc = mock_handle(st, method, path, headers, body, strlen(body), "127.0.0.1", &r);
    if (rc == PANEL_E_OK && r.status == 500 && r.body.data &&
        strncmp(r.body.data, "{\"error\":\"panelmock", 19) == 0)
        rc = PANEL_E_NOMEM; /* the mock's "cannot answer" (server.c's answer to a NOMEM too) */
    if (rc == PANEL_E_OK)
        rc = panel_buf_printf(out, "%d %s fault=%d\n", r.status, r.content_type, r.fault);
    for (int i = 0; rc == PANEL_E_OK && i < r.n_headers; i++)
        rc = panel_buf_printf(out, "%s: %s\n", r.header_name[i], r.header_value[i]);
    if (rc == PANEL_E_OK && r.body.len) {
        blank_values(r.body.data, "\"time\":");
        blank_values(r.body.data, "\"ms\":");
        rc = panel_buf_append(out, r.body.data, r.body.len);
    }
    mock_response_free(&r);
    return rc;
}

/* Handles the request; the output is the whole response. */
static panel_err run_mock(void *vctx, panel_buf *out)
{
    mock_ctx *c = vctx;
    return handle_into(state, c->method, c->path, c->headers, c->body, out);
}

/* Registers one request of account acc. */
static void add_case(torture_list *l, size_t acc, mock_need need, const char *what, const char *fmt,
                     ...) __attribute__((format(printf, 5, 6)));
static void add_case(torture_list *l, size_t acc, mock_need need, const char *what, const char *fmt,
                     ...)
{
    mock_ctx *c = calloc(1, sizeof *c);
    if (!c)
        exit(2);
    c->acc = acc;
    c->need = need;
    c->method = "POST";
    snprintf(c->path, sizeof c->path, "%s", state->acc[acc].prefix);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->body, sizeof c->body, fmt, ap);
    va_end(ap);
    torture_add(l, c, before_mock, run_mock, NULL, "mock/%s/%s", state->acc[acc].d->name, what);
}

/* Registers the same balance request as a JSON body (where the dialect takes JSON), as a
 * multipart body, and a multi status whose ids echo the key (the answer is masked). */
static void add_encodings(torture_list *l, size_t acc)
{
    const mock_account *a = &state->acc[acc];
    const panel_dialect *d = a->d;
    const char *bal = d->actions[PANEL_ACTION_BALANCE].name;
    if (bal && panel_dialect_encoding_ok(d, PANEL_ENC_JSON)) {
        add_case(l, acc, NEED_NONE, "balance-json", "{\"%s\": \"%s\", \"action\": \"%s\"}",
                 d->key_param, a->key, bal);
        ((mock_ctx *)l->items[l->n - 1].ctx)->headers = "Content-Type: application/json";
    }
    if (bal) {
        add_case(l, acc, NEED_NONE, "balance-multipart",
                 "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                 "--XyZ\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n%s\r\n"
                 "--XyZ--\r\n",
                 d->key_param, a->key, bal);
        ((mock_ctx *)l->items[l->n - 1].ctx)->headers =
            "Content-Type: multipart/form-data; boundary=XyZ";
    }
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_STATUS];
    if (sp->documented && sp->multi_param)
        add_case(l, acc, NEED_ORDER, "status-multi-key-echo", "%s=%s&action=%s&%s=%s,%s",
                 d->key_param, a->key, sp->multi_name ? sp->multi_name : sp->name, sp->multi_param,
                 a->key, "1");
}

/* Registers the per-id actions of account acc in both forms. */
static void add_id_actions(torture_list *l, size_t acc, const char *order, const char *refill)
{
    const mock_account *a = &state->acc[acc];
    const panel_dialect *d = a->d;
    const char *bogus = d->order_id_kind == PANEL_KIND_OID ? "0123456789abcdef01234567" : "99999";
    for (int act = PANEL_ACTION_STATUS; act <= PANEL_ACTION_CANCEL; act++) {
        const panel_action_spec *sp = &d->actions[act];
        if (!sp->documented || !sp->name)
            continue;
        mock_need need = act == PANEL_ACTION_REFILL ? NEED_DELIVERED : NEED_ORDER;
        const char *id = order;
        if (act == PANEL_ACTION_REFILL_STATUS) {
            need = NEED_REFILL;
            id = refill;
        }
        if (sp->single_param)
            add_case(l, acc, need, panel_action_name(act), "%s=%s&action=%s&%s=%s", d->key_param,
                     a->key, sp->name, sp->single_param, id);
        char what[64];
        snprintf(what, sizeof what, "%s-multi", panel_action_name(act));
        if (sp->multi_param)
            add_case(l, acc, need, what, "%s=%s&action=%s&%s=%s,%s", d->key_param, a->key,
                     sp->multi_name ? sp->multi_name : sp->name, sp->multi_param, id, bogus);
    }
}

/* Registers every case of account acc (the first account of a dialect). */
static void add_account(torture_list *l, size_t acc)
{
    const mock_account *a = &state->acc[acc];
    const panel_dialect *d = a->d;
    char order[160] = "", refill[160] = "", body[BODY_MAX];
    const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
    if (!it)
        return;
    add_case(l, acc, NEED_NONE, "services", "%s=%s&action=%s", d->key_param, a->key,
             d->actions[PANEL_ACTION_SERVICES].name);
    if (d->actions[PANEL_ACTION_BALANCE].documented)
        add_case(l, acc, NEED_NONE, "balance", "%s=%s&action=%s", d->key_param, a->key,
                 d->actions[PANEL_ACTION_BALANCE].name);
    add_body(acc, it, it->min, body, sizeof body);
    add_case(l, acc, NEED_NONE, "add", "%s", body);
    add_body(acc, it, it->min > 1 ? it->min - 1 : 0, body, sizeof body);
    add_case(l, acc, NEED_NONE, "add-under-min", "%s", body);
    add_case(l, acc, NEED_NONE, "add-missing-link", "%s=%s&action=%s&service=%s&quantity=%lld",
             d->key_param, a->key, d->actions[PANEL_ACTION_ADD].name, it->service, it->min);
    add_case(l, acc, NEED_NONE, "bad-key", "%s=%s&action=%s", d->key_param,
             "0000000000000000000000000000000f", d->actions[PANEL_ACTION_SERVICES].name);
    add_case(l, acc, NEED_NONE, "unknown-action", "%s=%s&action=nosuchaction", d->key_param,
             a->key);
    add_case(l, acc, NEED_NONE, "no-action", "%s=%s", d->key_param, a->key);
    prepare(acc, NEED_REFILL, order, refill, sizeof order);
    add_id_actions(l, acc, order, refill);
    add_encodings(l, acc);
}

/* Registers an admin request (GET unless post). */
static void add_admin(torture_list *l, const char *path, int post)
{
    mock_ctx *c = calloc(1, sizeof *c);
    if (!c)
        exit(2);
    c->need = NEED_ORDER; /* something in the journal and the store */
    c->method = post ? "POST" : "GET";
    snprintf(c->path, sizeof c->path, "%s", path);
    torture_add(l, c, before_mock, run_mock, NULL, "mock/admin%s", path + strlen("/__panelmock"));
}

/* A state made and freed inside the run (mock_state_new under the torture), from cfg, then
 * the requests of reqs sent in turn (see expand for the %-names they may use). */
typedef struct {
    const char *method, *path, *body;
    int opaque; /* 1: only the status is compared, not the body (see fuzz_reqs) */
} state_req;

typedef struct {
    mock_config cfg;
    const state_req *reqs;
    size_t n_reqs;
} state_ctx;

static char state_dir[256]; /* a temporary folder holding smpanelim.json (and a HAR) */
static char har_path[300];

/* Writes t into out (sz bytes), %K replaced by the key of account a, %P by its prefix and %O
 * by the id of its first order ("" when it has none). */
static void expand(const char *t, const mock_account *a, char *out, size_t sz)
{
    size_t o = 0;
    for (; *t && o + 1 < sz; t++) {
        const char *v = NULL;
        if (t[0] == '%' && t[1] == 'K')
            v = a->key;
        else if (t[0] == '%' && t[1] == 'P')
            v = a->prefix;
        else if (t[0] == '%' && t[1] == 'O')
            v = a->store.n_orders ? a->store.orders[0].id : "";
        if (!v) {
            out[o++] = *t;
            continue;
        }
        t++;
        size_t n = strlen(v);
        if (o + n >= sz)
            break;
        memcpy(out + o, v, n);
        o += n;
    }
    out[o] = '\0';
}

/* Creates the state, sends every request, frees the state; the output is each response. */
static panel_err run_state(void *vctx, panel_buf *out)
{
    state_ctx *c = vctx;
    mock_state *st = NULL;
    char err[512] = "", path[512], body[BODY_MAX];
    panel_err rc = mock_state_new(&c->cfg, &st, err, sizeof err);
    if (rc != PANEL_E_OK)
        return rc == PANEL_E_NOMEM ? rc : panel_buf_printf(out, "%s %s\n", panel_err_name(rc), err);
    const mock_account *a = &st->acc[0];
    for (size_t i = 0; rc == PANEL_E_OK && i < c->n_reqs; i++) {
        const state_req *q = &c->reqs[i];
        expand(q->path, a, path, sizeof path);
        expand(q->body, a, body, sizeof body);
        rc = panel_buf_printf(out, "> %s %s\n", q->method, path);
        size_t at = out->len;
        if (rc == PANEL_E_OK)
            rc = handle_into(st, q->method, path, NULL, body, out);
        if (rc == PANEL_E_OK && q->opaque) {
            size_t eol = strcspn(out->data + at, "\n");
            out->len = at + eol; /* the status line only */
            out->data[out->len] = '\0';
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(out, "\n");
    }
    mock_state_free(st);
    return rc;
}

/* Options in the configuration that no other case sets, then an order and its status (the
 * deviation makes the status word a copy). */
static const state_req config_reqs[] = {
    {"POST", "%P", "key=%K&action=balance", 0},
    {"POST", "%P", "key=%K&action=add&service=1&link=https://example.com/p&quantity=100", 0},
    {"POST", "%P", "key=%K&action=status&order=%O", 0},
    {"POST", "%P", "key=%K&action=status&orders=%O,2", 0},
};

/* Answers that the planted deviations edit as a tree (services, balance, multi status). */
static const state_req deviation_reqs[] = {
    {"POST", "%P", "key=%K&action=services", 0},
    {"POST", "%P", "key=%K&action=balance", 0},
    {"POST", "%P", "key=%K&action=add&service=1&link=https://example.com/p&quantity=100", 0},
    {"POST", "%P", "key=%K&action=status&orders=%O,2", 0},
};

/* Every setting of the admin API, each then read back from the state, and a full reset. */
static const state_req admin_reqs[] = {
    {"POST", "/__panelmock/webhook?url=http%3A%2F%2F127.0.0.1%3A9%2Fhook", "", 0},
    {"POST", "/__panelmock/faults?spec=latency%3D5ms", "", 0},
    {"POST", "/__panelmock/quirks?spec=ids_as_strings%2Cmoney_as_numbers", "", 0},
    {"POST", "/__panelmock/deviate?names=status_unknown_word", "", 0},
    {"POST", "/__panelmock/deviate?names=no_such_deviation", "", 0},
    {"GET", "/__panelmock/state", "", 0},
    {"POST", "/__panelmock/reset?all=1", "", 0},
    {"GET", "/__panelmock/state", "", 0},
};

/* --fuzz: a mutated answer, replayed by its token, then the fuzz report. The mutated bytes,
 * their replay and the report (which names the mutation) are opaque: panel_fuzz_mutate has
 * no error channel, so an allocation failing inside it makes it fall back to another edit
 * (a byte edit, a cut), not fail; what is compared is that every answer comes, whole. */
static const state_req fuzz_reqs[] = {
    {"POST", "%P", "key=%K&action=services", 1},
    {"POST", "%P", "key=%K&action=balance", 0},
    {"GET", "/__panelmock/fuzz/replay?token=fz-7-1", "", 1},
    {"GET", "/__panelmock/fuzz/replay?token=fz-7-99", "", 0},
    {"GET", "/__panelmock/fuzz", "", 1},
};

/* --replay: a recorded request (one the recording lacks is left out: the mock says so on
 * stderr). */
static const state_req replay_reqs[] = {
    {"POST", "/smpanelim/api/v2", "key=%K&action=balance", 0},
};

/* A recording of one balance exchange of smpanelim. */
static const char replay_har[] =
    "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"torture\", \"version\": \"1\"},"
    " \"entries\": [{\"request\": {\"method\": \"POST\","
    "  \"url\": \"http://127.0.0.1:1/smpanelim/api/v2\", \"headers\": [], \"queryString\": [],"
    "  \"postData\": {\"mimeType\": \"application/x-www-form-urlencoded\","
    "   \"text\": \"key=%24PANEL_KEY&action=balance\"}},"
    " \"response\": {\"status\": 200, \"statusText\": \"OK\", \"headers\": [],"
    "  \"content\": {\"mimeType\": \"application/json\","
    "   \"text\": \"{\\\"balance\\\": \\\"1.5\\\", \\\"currency\\\": \\\"USD\\\"}\"}}}]}}";

/* Registers one state case; exits unless its clean run succeeds. */
static void add_state_case(torture_list *l, const mock_config *cfg, const state_req *reqs, size_t n,
                           const char *what)
{
    state_ctx *c = calloc(1, sizeof *c);
    if (!c)
        exit(2);
    c->cfg = *cfg;
    c->reqs = reqs;
    c->n_reqs = n;
    panel_buf b;
    panel_buf_init(&b, 1u << 20);
    if (run_state(c, &b) != PANEL_E_OK || (b.data && strncmp(b.data, "PANEL_E", 7) == 0)) {
        fprintf(stderr, "torture: mock-state/%s: %s\n", what, b.data ? b.data : "");
        exit(2);
    }
    panel_buf_free(&b);
    torture_add(l, c, NULL, run_state, NULL, "mock-state/%s", what);
}

/* Starts a server (state, timer thread, connection guard, libmicrohttpd on a free loopback
 * port) and stops it, no request sent, so every counted allocation and pthread_create is the
 * calling thread's (failalloc.c counts no other thread). The output is the start's code. */
static panel_err run_server(void *vctx, panel_buf *out)
{
    state_ctx *c = vctx;
    mock_server *m = NULL;
    char url[128], err[512] = "";
    panel_err rc = mock_server_start(&c->cfg, &m, url, sizeof url, err, sizeof err);
    mock_server_stop(m);
    if (rc != PANEL_E_OK)
        return rc == PANEL_E_NOMEM ? rc : panel_buf_printf(out, "%s %s\n", panel_err_name(rc), err);
    return panel_buf_puts(out, strncmp(url, "http://127.0.0.1:", 17) == 0 ? "started\n" : url);
}

/* Applies quirks to an answer that did not come from the mock (panelcheck proxy --quirks):
 * a status answer of smpanelim; the output is the rewritten answer. */
static panel_err run_rewrite(void *vctx, panel_buf *out)
{
    (void)vctx;
    static const char answer[] = "{\"order\": 23501, \"charge\": \"0.27819\", \"status\": "
                                 "\"Partial\", \"remains\": \"157\", \"currency\": \"USD\"}";
    const panel_dialect *d = state->acc[0].d;
    char err[256] = "";
    panel_buf b;
    panel_buf_init(&b, 1u << 20);
    panel_err rc = panel_buf_append(&b, answer, sizeof answer - 1);
    if (rc == PANEL_E_OK)
        rc = mock_quirks_rewrite(d, PANEL_ACTION_STATUS, 0, "23501",
                                 "ids_as_strings,money_as_numbers,status_upper,order_id_field", &b,
                                 err, sizeof err);
    if (rc == PANEL_E_OK)
        rc = panel_buf_append(out, b.data, b.len);
    panel_buf_free(&b);
    return rc;
}

/* Registers the cases that make their own state: configuration options, the admin settings,
 * --fuzz and --replay, a server started and stopped, each on a folder of one dialect
 * (smpanelim) to keep them cheap. */
static void add_state_cases(torture_list *l)
{
    char src[4096], from[8192], to[512];
    snprintf(state_dir, sizeof state_dir, "/tmp/panel-torture-mock-XXXXXX");
    if (!realpath(l->src, src) || !mkdtemp(state_dir))
        exit(2);
    snprintf(from, sizeof from, "%s/dialects/smpanelim.json", src);
    snprintf(to, sizeof to, "%s/smpanelim.json", state_dir);
    snprintf(har_path, sizeof har_path, "%s/replay.har", state_dir);
    FILE *f = fopen(har_path, "w");
    if (symlink(from, to) != 0 || !f ||
        fwrite(replay_har, 1, sizeof replay_har - 1, f) != sizeof replay_har - 1 || fclose(f) != 0)
        exit(2);
    mock_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.dialect_dir = state_dir;
    cfg.dialect = "smpanelim";
    cfg.seed = 3;
    cfg.quiet = 1;
    mock_config base = cfg;
    cfg.accounts = 2;
    cfg.balance = "12.5";
    cfg.faults = "latency=5ms";
    cfg.quirks = "ids_as_strings";
    cfg.deviate = "status_unknown_word";
    cfg.lenient_idempotency = 1;
    add_state_case(l, &cfg, config_reqs, sizeof config_reqs / sizeof config_reqs[0], "config");
    add_state_case(l, &base, admin_reqs, sizeof admin_reqs / sizeof admin_reqs[0],
                   "admin-settings");
    cfg = base;
    cfg.deviate = "services_rate_number,services_min_over_max,services_unknown_type,"
                  "services_rate_negative,multi_error_wrong_shape,balance_number";
    add_state_case(l, &cfg, deviation_reqs, sizeof deviation_reqs / sizeof deviation_reqs[0],
                   "deviations");
    cfg = base;
    cfg.fuzz = "7";
    cfg.fuzz_rate = "1";
    cfg.fuzz_actions = "services";
    add_state_case(l, &cfg, fuzz_reqs, sizeof fuzz_reqs / sizeof fuzz_reqs[0], "fuzz");
    cfg = base;
    cfg.replay = har_path;
    add_state_case(l, &cfg, replay_reqs, sizeof replay_reqs / sizeof replay_reqs[0], "replay");
    state_ctx *c = calloc(1, sizeof *c);
    if (!c)
        exit(2);
    c->cfg = base;
    c->cfg.listen = "127.0.0.1:0";
    torture_add(l, c, NULL, run_server, NULL, "mock-server/start-stop");
    torture_add(l, NULL, NULL, run_rewrite, NULL, "mock-quirks/rewrite");
}

/* Creates the state (every dialect, seed 1) and registers the cases. */
void torture_cases_mock(torture_list *l)
{
    mock_config cfg;
    char err[256] = "";
    memset(&cfg, 0, sizeof cfg);
    cfg.listen = "127.0.0.1:0";
    cfg.dialect = "all";
    cfg.seed = 1;
    cfg.quiet = 1;
    cfg.balance = "1000";
    if (mock_state_new(&cfg, &state, err, sizeof err) != PANEL_E_OK) {
        fprintf(stderr, "torture: mock_state_new: %s\n", err);
        exit(2);
    }
    for (size_t i = 0; i < state->n_acc; i++)
        if (state->acc[i].acc_no == 0)
            add_account(l, i);
    add_admin(l, "/__panelmock/state", 0);
    add_admin(l, "/__panelmock/journal", 0);
    add_admin(l, "/__panelmock/advance?seconds=60", 1);
    add_state_cases(l);
}

/* Frees the state and removes the state cases' folder. */
void torture_cases_mock_done(void)
{
    char path[512];
    mock_state_free(state);
    state = NULL;
    if (!state_dir[0])
        return;
    snprintf(path, sizeof path, "%s/smpanelim.json", state_dir);
    unlink(path);
    unlink(har_path);
    rmdir(state_dir);
}
