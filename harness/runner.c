/* runner.c - the checks: positive, stateful and negative, for one dialect and endpoint. */
#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalogue.h"
#include "panel/form.h"
#include "panel/parse.h"
#include "request.h"
#include "runner.h"

#define MAX_ORDERS 64

/* An order the run placed. */
typedef struct {
    char *id;
    const panel_service *svc;
    const panel_service_type *type;
    int64_t qty;
    panel_money charge;
    panel_status last; /* last observed status, UNKNOWN before the first */
    int cancelled;
    int observed;
} order;

/* Per-action transport observations, reported as transport.* checks at the end. */
typedef struct {
    int seen;
    double ms;
    char ct_bad[128];
    char *ct_repro;
    char json_bad[256];
    char *json_repro;
} transport_obs;

typedef struct {
    const runner_opts *o;
    const panel_dialect *d;
    check_suite *s;
    int stop; /* unreachable: no more requests */
    panel_result *services;
    order orders[MAX_ORDERS];
    size_t n_orders;
    transport_obs tr[PANEL_ACTION__COUNT];
    /* aggregated stateful observations */
    char illegal[256];
    char *illegal_repro;
    double trans_ms;
    int trans_seen;
    char remains_bad[256];
    char *remains_repro;
    int remains_seen;
    char ledger_bad[320];
    char *ledger_repro;
    int ledger_seen;
    double ledger_ms;
} runner;

/* ---- verdicts ---------------------------------------------------------------------------- */

/* 1 when checks of action a are wanted. */
static int want(const runner *rn, panel_action a)
{
    return rn->o->only == 0 || (rn->o->only & (1u << a));
}

/* Records a verdict for check id on action a (filtered by --only). */
static void verdict(runner *rn, const char *id, const char *action, check_status st, double ms,
                    const char *field, const char *expected, const char *actual, const char *repro,
                    const char *fmt, ...) __attribute__((format(printf, 10, 11)));
static void verdict(runner *rn, const char *id, const char *action, check_status st, double ms,
                    const char *field, const char *expected, const char *actual, const char *repro,
                    const char *fmt, ...)
{
    int a = panel_action_from_name(action);
    if (a >= 0 && !want(rn, (panel_action)a))
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    const check_def *def = check_catalogue_find(id);
    const char *section = NULL;
    if (a >= 0 && a < PANEL_ACTION__COUNT && rn->d->actions[a].src)
        section = rn->d->actions[a].src;
    check_result r = {0};
    r.id = (char *)id;
    r.action = (char *)action;
    r.dialect = rn->d->name;
    r.status = st;
    r.severity = (char *)(def ? def->severity : "major");
    r.section = (char *)(section ? section : def ? def->section : NULL);
    r.message = msg;
    if (st == CHECK_FAIL) {
        r.field = (char *)(field ? field : "");
        r.expected = (char *)expected;
        r.actual = (char *)actual;
        r.reproduce = (char *)repro;
    }
    r.elapsed_ms = ms;
    if (check_suite_add(rn->s, rn->o->key, &r) != PANEL_E_OK)
        return;
    if (rn->o->on_result)
        rn->o->on_result(rn->s, &rn->s->items[rn->s->n - 1], rn->o->ud);
}

/* Records a pass. */
static void pass(runner *rn, const char *id, const char *action, double ms, const char *msg)
{
    verdict(rn, id, action, CHECK_PASS, ms, NULL, NULL, NULL, NULL, "%s", msg ? msg : "ok");
}

/* Records a skip with its reason. */
static void skip(runner *rn, const char *id, const char *action, const char *why)
{
    verdict(rn, id, action, CHECK_SKIP, 0, NULL, NULL, NULL, NULL, "%s", why);
}

/* ---- requests ---------------------------------------------------------------------------- */

/* Sends params (key added) and fills ex; records transport observations for positive a. */
static void send_req(runner *rn, panel_action a, const char *key, const panel_form *params,
                     int idempotent, exchange *ex)
{
    request_send(rn->o->http, rn->d, rn->o->url, key, rn->o->key, params, idempotent, ex);
    if (ex->resp.outcome == HTTP_UNREACHABLE && !rn->s->n)
        rn->stop = 1;
    (void)a;
}

/* Notes transport conformance of one positive answer of action a. */
static void observe_transport(runner *rn, panel_action a, const exchange *ex)
{
    transport_obs *t = &rn->tr[a];
    if (ex->resp.outcome != HTTP_OK)
        return;
    t->seen++;
    t->ms += ex->resp.elapsed_ms;
    const char *ct = ex->resp.content_type;
    if (!t->ct_repro && strncasecmp(ct, "application/json", 16) != 0) {
        snprintf(t->ct_bad, sizeof(t->ct_bad), "%s", ct[0] ? ct : "(none)");
        t->ct_repro = strdup(ex->repro ? ex->repro : "");
    }
    if (!t->json_repro) {
        json_error_t je;
        json_t *j = json_loadb(ex->resp.body.data ? ex->resp.body.data : "", ex->resp.body.len,
                               JSON_DECODE_ANY, &je);
        if (!j) {
            snprintf(t->json_bad, sizeof(t->json_bad), "%.160s (line %d, column %d)",
                     ex->resp.body.len ? je.text : "empty body", je.line, je.column);
            t->json_repro = strdup(ex->repro ? ex->repro : "");
        }
        json_decref(j);
    }
}

/* Builds the action's base params: action=<name>. */
static void base_params(panel_form *f, const char *action_name)
{
    panel_form_init(f, 0);
    if (action_name)
        panel_form_add(f, "action", action_name);
}

/* The action= value of the single or multi form. */
static const char *action_word(const panel_dialect *d, panel_action a, int multi)
{
    const panel_action_spec *sp = &d->actions[a];
    if (multi && sp->multi_name)
        return sp->multi_name;
    return sp->name ? sp->name : panel_action_name(a);
}

/* Short text of a body for "actual" (64 bytes at most). */
static void body_brief(const exchange *ex, char *out, size_t outsz)
{
    size_t n = ex->resp.body.len < 64 ? ex->resp.body.len : 64;
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < outsz; i++) {
        unsigned char c = (unsigned char)ex->resp.body.data[i];
        out[w++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    out[w] = '\0';
    if (ex->resp.body.len == 0)
        snprintf(out, outsz, "(empty body)");
}

/* Records a transport failure of check id; returns 1 when ex failed at transport level. */
static int transport_failed(runner *rn, const char *id, const char *action, const exchange *ex)
{
    if (ex->resp.outcome == HTTP_OK)
        return 0;
    verdict(rn, id, action, CHECK_FAIL, ex->resp.elapsed_ms, "transport", "an HTTP answer",
            http_outcome_name(ex->resp.outcome), ex->repro, "transport: %s", ex->resp.error);
    return 1;
}

/* Sends a positive request and parses it; returns the result (caller frees) or NULL when the
 * check already failed at transport level. multi: parse form; qty: ordered quantity. */
static panel_result *positive(runner *rn, const char *id, panel_action a, int multi, int64_t qty,
                              const panel_form *params, int idempotent, exchange *ex)
{
    send_req(rn, a, rn->o->key, params, idempotent, ex);
    if (transport_failed(rn, id, panel_action_name(a), ex))
        return NULL;
    observe_transport(rn, a, ex);
    panel_parse_opts po = {0};
    po.multi = multi;
    po.quantity = qty;
    panel_result *r = NULL;
    if (panel_parse(rn->d, a, ex->resp.body.data ? ex->resp.body.data : "", ex->resp.body.len, &po,
                    &r) != PANEL_E_OK ||
        !r) {
        verdict(rn, id, panel_action_name(a), CHECK_FAIL, ex->resp.elapsed_ms, "transport", NULL,
                NULL, ex->repro, "could not parse the answer (out of memory)");
        return NULL;
    }
    return r;
}

/* 1 when a diagnostic fails a positive check: every error, and the warnings that mean the
 * answer breaks the documented types or shapes. */
static int diag_fails(const panel_diag *g)
{
    return g->severity >= PANEL_SEV_ERROR || g->code == PANEL_DIAG_WRONG_TYPE ||
           g->code == PANEL_DIAG_WRAPPER_MISSING || g->code == PANEL_DIAG_WRAPPER_UNEXPECTED ||
           g->code == PANEL_DIAG_ERROR_ENTRY_SHAPE;
}

/* Fails check id when the exchange is not HTTP 200 or r has an error diagnostic (optionally
 * only those accepted by filter); returns 1 when it recorded a failure. */
static int fail_on_diags(runner *rn, const char *id, panel_action a, const exchange *ex,
                         const panel_result *r, int (*filter)(const panel_diag *))
{
    if (ex->resp.status != 200) {
        char act[32];
        snprintf(act, sizeof(act), "%ld", ex->resp.status);
        char brief[80];
        body_brief(ex, brief, sizeof(brief));
        verdict(rn, id, panel_action_name(a), CHECK_FAIL, ex->resp.elapsed_ms, "http.status", "200",
                act, ex->repro, "HTTP %ld (body: %s)", ex->resp.status, brief);
        return 1;
    }
    for (size_t i = 0; i < r->n_diags; i++) {
        const panel_diag *g = &r->diags[i];
        if (!diag_fails(g) || (filter && !filter(g)))
            continue;
        verdict(rn, id, panel_action_name(a), CHECK_FAIL, ex->resp.elapsed_ms,
                g->pointer ? g->pointer : "", g->expected, g->actual, ex->repro, "%s: %s",
                panel_diag_code_name(g->code), g->message ? g->message : "");
        return 1;
    }
    return 0;
}

/* ---- id helpers -------------------------------------------------------------------------- */

/* Writes the i-th bogus id of kind (well-formed, never issued). */
static void bogus_id(panel_kind kind, unsigned i, char *out, size_t outsz)
{
    if (kind == PANEL_KIND_OID)
        snprintf(out, outsz, "ffffffffffffffff%08x", 0xfff00000u + i);
    else
        snprintf(out, outsz, "%u", 987654000u + i);
}

/* Joins ids with commas into out (capped). */
static void join_ids(const char *const *ids, size_t n, char *out, size_t outsz)
{
    size_t w = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(out + w, outsz - w, "%s%s", i ? "," : "", ids[i]);
        if (k < 0 || (size_t)k >= outsz - w)
            break;
        w += (size_t)k;
    }
}

/* ---- services and balance ---------------------------------------------------------------- */

/* Diagnostic routing for the services checks. */
static int diag_shape(const panel_diag *g)
{
    return g->code == PANEL_DIAG_WRONG_SHAPE || g->code == PANEL_DIAG_INVALID_JSON ||
           g->code == PANEL_DIAG_EMPTY_BODY || g->code == PANEL_DIAG_TOO_LARGE ||
           g->code == PANEL_DIAG_TOO_DEEP || g->code == PANEL_DIAG_API_ERROR;
}

/* 1 when the diagnostic points at a rate field. */
static int diag_rate(const panel_diag *g)
{
    size_t l = g->pointer ? strlen(g->pointer) : 0;
    return l >= 5 && !strcmp(g->pointer + l - 5, "/rate");
}

/* Diagnostics for min/max. */
static int diag_minmax(const panel_diag *g)
{
    return g->code == PANEL_DIAG_MIN_OVER_MAX;
}

/* Diagnostics for service types. */
static int diag_type(const panel_diag *g)
{
    return g->code == PANEL_DIAG_UNKNOWN_SERVICE_TYPE;
}

/* Every other error-severity diagnostic. */
static int diag_fields(const panel_diag *g)
{
    return !diag_shape(g) && !diag_rate(g) && !diag_minmax(g) && !diag_type(g);
}

/* services.*: fetches and checks the services list; keeps it in rn->services. */
static void run_services(runner *rn)
{
    const char *A = "services";
    panel_form f;
    base_params(&f, action_word(rn->d, PANEL_ACTION_SERVICES, 0));
    exchange ex;
    panel_result *r = positive(rn, "services.shape", PANEL_ACTION_SERVICES, 0, 0, &f, 1, &ex);
    panel_form_free(&f);
    if (!r) {
        exchange_free(&ex);
        return;
    }
    double ms = ex.resp.elapsed_ms;
    if (!fail_on_diags(rn, "services.shape", PANEL_ACTION_SERVICES, &ex, r, diag_shape)) {
        if (r->error || r->n_services == 0)
            verdict(rn, "services.shape", A, CHECK_FAIL, ms, "", "a non-empty service list",
                    r->error ? r->error : "[]", ex.repro, "%s",
                    r->error ? "the services answer is an error" : "the services list is empty");
        else
            pass(rn, "services.shape", A, ms, "the list has the documented shape");
    }
    if (ex.resp.status == 200) {
        if (!fail_on_diags(rn, "services.fields", PANEL_ACTION_SERVICES, &ex, r, diag_fields))
            pass(rn, "services.fields", A, ms, "every service has the documented fields");
        int bad =
            fail_on_diags(rn, "services.min_le_max", PANEL_ACTION_SERVICES, &ex, r, diag_minmax);
        for (size_t i = 0; !bad && i < r->n_services; i++)
            if (r->services[i].min > r->services[i].max) {
                char p[64], e[64], a[64];
                snprintf(p, sizeof(p), "/%zu/min", i);
                snprintf(e, sizeof(e), "<= %lld", (long long)r->services[i].max);
                snprintf(a, sizeof(a), "%lld", (long long)r->services[i].min);
                verdict(rn, "services.min_le_max", A, CHECK_FAIL, ms, p, e, a, ex.repro,
                        "service %s has min over max", r->services[i].id ? r->services[i].id : "?");
                bad = 1;
            }
        if (!bad)
            pass(rn, "services.min_le_max", A, ms, "every service has min <= max");
        bad = fail_on_diags(rn, "services.rate_decimal", PANEL_ACTION_SERVICES, &ex, r, diag_rate);
        for (size_t i = 0; !bad && i < r->n_services; i++)
            if (r->services[i].rate < 0) {
                char p[64];
                snprintf(p, sizeof(p), "/%zu/rate", i);
                verdict(rn, "services.rate_decimal", A, CHECK_FAIL, ms, p, ">= 0", "negative",
                        ex.repro, "service %s has a negative rate",
                        r->services[i].id ? r->services[i].id : "?");
                bad = 1;
            }
        if (!bad)
            pass(rn, "services.rate_decimal", A, ms, "every rate is an exact decimal");
        bad = 0;
        for (size_t i = 0; i < r->n_services; i++) {
            const char *t = r->services[i].type;
            if (t && !panel_dialect_type(rn->d, t)) {
                char p[64];
                snprintf(p, sizeof(p), "/%zu/type", i);
                verdict(rn, "services.types_known", A, CHECK_FAIL, ms, p,
                        "a service type the document describes", t, ex.repro,
                        "service %s has undocumented type '%s'",
                        r->services[i].id ? r->services[i].id : "?", t);
                bad = 1;
                break;
            }
        }
        if (!bad &&
            !fail_on_diags(rn, "services.types_known", PANEL_ACTION_SERVICES, &ex, r, diag_type))
            pass(rn, "services.types_known", A, ms, "every type is documented");
    }
    exchange_free(&ex);
    rn->services = r;
}

/* Fetches the balance; returns 1 and sets *bal on success. ex is kept for the caller. */
static int get_balance(runner *rn, panel_money *bal, exchange *ex, panel_result **out)
{
    panel_form f;
    base_params(&f, action_word(rn->d, PANEL_ACTION_BALANCE, 0));
    send_req(rn, PANEL_ACTION_BALANCE, rn->o->key, &f, 1, ex);
    panel_form_free(&f);
    if (ex->resp.outcome != HTTP_OK)
        return 0;
    observe_transport(rn, PANEL_ACTION_BALANCE, ex);
    panel_result *r = NULL;
    if (panel_parse(rn->d, PANEL_ACTION_BALANCE, ex->resp.body.data ? ex->resp.body.data : "",
                    ex->resp.body.len, NULL, &r) != PANEL_E_OK ||
        !r)
        return 0;
    int ok = (r->has & PANEL_HAS_BALANCE) && !r->error;
    if (ok)
        *bal = r->balance;
    if (out)
        *out = r;
    else
        panel_result_free(r);
    return ok;
}

/* balance.shape. */
static void run_balance(runner *rn)
{
    exchange ex;
    panel_result *r = NULL;
    panel_money b = 0;
    int ok = get_balance(rn, &b, &ex, &r);
    if (!transport_failed(rn, "balance.shape", "balance", &ex) && r &&
        !fail_on_diags(rn, "balance.shape", PANEL_ACTION_BALANCE, &ex, r, NULL)) {
        if (!ok)
            verdict(rn, "balance.shape", "balance", CHECK_FAIL, ex.resp.elapsed_ms, "/balance",
                    "a balance amount", "absent", ex.repro, "no balance in the answer");
        else
            pass(rn, "balance.shape", "balance", ex.resp.elapsed_ms, "balance read");
    }
    panel_result_free(r);
    exchange_free(&ex);
}

/* ---- add parameters ---------------------------------------------------------------------- */

/* Writes n list lines ("panelcheck1\npanelcheck2...") into out (capped). */
static void lines_value(int64_t n, char *out, size_t outsz)
{
    size_t w = 0;
    out[0] = '\0';
    for (int64_t i = 0; i < n; i++) {
        int k = snprintf(out + w, outsz - w, "%spanelcheck%lld", i ? "\n" : "", (long long)i + 1);
        if (k < 0 || (size_t)k >= outsz - w)
            break;
        w += (size_t)k;
    }
}

/* A valid value for parameter name of an order of svc with quantity qty. */
static void param_value(const panel_dialect *d, const panel_service_type *t,
                        const panel_service *svc, const char *name, int64_t qty, char *out,
                        size_t outsz)
{
    const panel_param_spec *ps = panel_dialect_param(d, name);
    if (t->qty == PANEL_QTY_LINES && t->qty_param && !strcmp(t->qty_param, name)) {
        lines_value(qty, out, outsz);
        return;
    }
    if (!strcmp(name, "quantity") || !strcmp(name, "min") || !strcmp(name, "max")) {
        snprintf(out, outsz, "%lld", (long long)(svc->min > 0 ? svc->min : 1));
        return;
    }
    if (!strcmp(name, "posts")) {
        snprintf(out, outsz, "1");
        return;
    }
    if (ps && ps->n_enum) {
        snprintf(out, outsz, "%s", ps->enumv[0]);
        return;
    }
    if (ps && ps->date_format) {
        snprintf(out, outsz, "%s", !strcmp(ps->date_format, "Y-m-d") ? "2030-12-31" : "31/12/2030");
        return;
    }
    if (ps && ps->integer) {
        snprintf(out, outsz, "1");
        return;
    }
    if (!strcmp(name, "link") || !strcmp(name, "media") || strstr(name, "url"))
        snprintf(out, outsz, "https://example.com/panelcheck");
    else if (!strcmp(name, "country"))
        snprintf(out, outsz, "US");
    else if (!strcmp(name, "comments") || !strcmp(name, "usernames") || !strcmp(name, "keywords") ||
             !strcmp(name, "hashtags"))
        lines_value(1, out, outsz);
    else
        snprintf(out, outsz, "panelcheck");
}

/* The quantity an order of svc/type will be charged for with the params we send. */
static int64_t order_qty(const panel_service_type *t, const panel_service *svc)
{
    int64_t q = svc->min > 0 ? svc->min : 1;
    if (t->qty == PANEL_QTY_LINES && q > 1000)
        q = 1000;
    return q;
}

/* Builds valid add params for svc of type t into f; skip_param (may be NULL) is left out
 * and override/override_value replace one parameter's value. */
static void add_params(const panel_dialect *d, const panel_service_type *t,
                       const panel_service *svc, const char *skip_param, const char *override,
                       const char *override_value, panel_form *f)
{
    static char val[16384];
    int64_t qty = order_qty(t, svc);
    base_params(f, action_word(d, PANEL_ACTION_ADD, 0));
    panel_form_add(f, "service", svc->id ? svc->id : "0");
    for (size_t i = 0; i < t->n_required; i++) {
        const char *p = t->required[i];
        if (skip_param && !strcmp(p, skip_param))
            continue;
        if (override && !strcmp(p, override))
            panel_form_add(f, p, override_value);
        else {
            param_value(d, t, svc, p, qty, val, sizeof(val));
            panel_form_add(f, p, val);
        }
    }
    for (size_t i = 0; i < t->n_cond; i++) {
        const panel_cond *c = &t->cond[i];
        const char *v = panel_form_get_borrow(f, c->when);
        if (!v || strcmp(v, c->equals) || panel_form_get_borrow(f, c->param))
            continue;
        if (skip_param && !strcmp(c->param, skip_param))
            continue;
        param_value(d, t, svc, c->param, qty, val, sizeof(val));
        panel_form_add(f, c->param, val);
    }
    if (override && !panel_form_get_borrow(f, override))
        panel_form_add(f, override, override_value);
}

/* The estimated charge of an order of svc/type. */
static panel_money order_cost(const panel_service_type *t, const panel_service *svc)
{
    panel_money c = 0;
    if (panel_money_charge(svc->rate, order_qty(t, svc), &c) != PANEL_E_OK)
        return 0;
    return c;
}

/* The first service of the list whose type is t (case-insensitive), or NULL. */
static const panel_service *service_of_type(const runner *rn, const panel_service_type *t)
{
    if (!rn->services)
        return NULL;
    for (size_t i = 0; i < rn->services->n_services; i++) {
        const panel_service *s = &rn->services->services[i];
        if (s->type && s->id && !strcasecmp(s->type, t->name))
            return s;
    }
    return NULL;
}

/* ---- orders ------------------------------------------------------------------------------ */

/* Compares the balance movement of one add with the expected charge (ledger.charge). */
static void ledger_note(runner *rn, const order *o, panel_money before, panel_money after,
                        const char *repro, double ms)
{
    rn->ledger_seen++;
    rn->ledger_ms += ms;
    panel_money moved = before - after;
    if (moved == o->charge || rn->ledger_repro)
        return;
    char e[40], a[40], b1[40], b2[40];
    panel_money_format_min(o->charge, 2, e, sizeof(e));
    panel_money_format_min(moved, 2, a, sizeof(a));
    panel_money_format_min(before, 2, b1, sizeof(b1));
    panel_money_format_min(after, 2, b2, sizeof(b2));
    snprintf(rn->ledger_bad, sizeof(rn->ledger_bad),
             "order %s (service %s, quantity %lld): balance %s -> %s moved %s, charge is %s", o->id,
             o->svc->id, (long long)o->qty, b1, b2, a, e);
    rn->ledger_repro = strdup(repro ? repro : "");
}

/* Places an order of svc/type t. check_id non-NULL: the add.<type> verdict is recorded.
 * Returns the stored order (borrowed) or NULL. */
static order *place_order(runner *rn, const char *check_id, const panel_service_type *t,
                          const panel_service *svc)
{
    char why[256];
    if (rn->n_orders >= MAX_ORDERS)
        return NULL;
    if (!policy_order_allowed(rn->o->pol, order_cost(t, svc), why, sizeof(why))) {
        if (check_id)
            skip(rn, check_id, "add", why);
        return NULL;
    }
    panel_money before = 0, after = 0;
    exchange bx;
    int have_before = get_balance(rn, &before, &bx, NULL);
    exchange_free(&bx);
    if (have_before && before < order_cost(t, svc)) {
        if (check_id) {
            char b1[40], c1[40];
            panel_money_format_min(before, 2, b1, sizeof(b1));
            panel_money_format_min(order_cost(t, svc), 2, c1, sizeof(c1));
            snprintf(why, sizeof(why), "balance %s is below the estimated cost %s", b1, c1);
            skip(rn, check_id, "add", why);
        }
        return NULL;
    }
    panel_form f;
    add_params(rn->d, t, svc, NULL, NULL, NULL, &f);
    exchange ex;
    int64_t qty = order_qty(t, svc);
    panel_result *r = check_id ? positive(rn, check_id, PANEL_ACTION_ADD, 0, 0, &f, 0, &ex) : NULL;
    if (!check_id) {
        send_req(rn, PANEL_ACTION_ADD, rn->o->key, &f, 0, &ex);
        if (ex.resp.outcome == HTTP_OK) {
            observe_transport(rn, PANEL_ACTION_ADD, &ex);
            panel_parse(rn->d, PANEL_ACTION_ADD, ex.resp.body.data ? ex.resp.body.data : "",
                        ex.resp.body.len, NULL, &r);
        }
    }
    panel_form_free(&f);
    order *o = NULL;
    if (!r)
        goto out;
    double ms = ex.resp.elapsed_ms;
    int failed = check_id ? fail_on_diags(rn, check_id, PANEL_ACTION_ADD, &ex, r, NULL)
                          : (ex.resp.status != 200 || panel_result_count(r, PANEL_SEV_ERROR) ||
                             r->error || !r->order);
    if (!failed && (r->error || !r->order)) {
        if (check_id)
            verdict(rn, check_id, "add", CHECK_FAIL, ms, r->error ? "/error" : "/order",
                    "a new order id", r->error ? r->error : "absent", ex.repro,
                    "the order was not accepted%s%s", r->error ? ": " : "",
                    r->error ? r->error : "");
        failed = 1;
    }
    if (!failed && !panel_id_ok(rn->d->order_id_kind, r->order)) {
        if (check_id)
            verdict(rn, check_id, "add", CHECK_FAIL, ms, "/order",
                    panel_kind_name(rn->d->order_id_kind), r->order, ex.repro,
                    "order id not in the documented format");
        failed = 1;
    }
    if (failed)
        goto out;
    o = &rn->orders[rn->n_orders++];
    memset(o, 0, sizeof(*o));
    o->id = strdup(r->order);
    o->svc = svc;
    o->type = t;
    o->qty = qty;
    o->charge = order_cost(t, svc);
    o->last = PANEL_STATUS_UNKNOWN;
    if (check_id) {
        char msg[160];
        snprintf(msg, sizeof(msg), "order %s placed (quantity %lld)", o->id, (long long)qty);
        pass(rn, check_id, "add", ms, msg);
    }
    exchange bx2;
    memset(&bx2, 0, sizeof(bx2));
    if (have_before && get_balance(rn, &after, &bx2, NULL))
        ledger_note(rn, o, before, after, ex.repro, ms);
    exchange_free(&bx2);
out:
    panel_result_free(r);
    exchange_free(&ex);
    return o;
}

/* add.<type> for every documented type; refused types must be refused as documented. */
static void expect_error(runner *rn, const char *id, panel_action a, const exchange *ex,
                         panel_errcase c, const char *entry_id, int multi);

static void run_adds(runner *rn)
{
    const panel_dialect *d = rn->d;
    for (size_t i = 0; i < d->n_types && !rn->stop; i++) {
        const panel_service_type *t = &d->types[i];
        char slug[96], id[128], why[256];
        runner_slug(t->name, slug, sizeof(slug));
        snprintf(id, sizeof(id), "add.%s", slug);
        const panel_service *svc = service_of_type(rn, t);
        if (!svc) {
            snprintf(why, sizeof(why), "the services list offers no '%s' service", t->name);
            skip(rn, id, "add", why);
            continue;
        }
        if (t->add_refused) {
            if (!policy_order_allowed(rn->o->pol, 0, why, sizeof(why))) {
                skip(rn, id, "add", why);
                continue;
            }
            panel_form f;
            add_params(d, t, svc, NULL, NULL, NULL, &f);
            exchange ex;
            send_req(rn, PANEL_ACTION_ADD, rn->o->key, &f, 0, &ex);
            panel_form_free(&f);
            expect_error(rn, id, PANEL_ACTION_ADD, &ex, PANEL_ERRCASE_SUBSCRIPTION_REFUSED, NULL,
                         0);
            exchange_free(&ex);
            continue;
        }
        place_order(rn, id, t, svc);
    }
}

/* The first placed order matching the predicate flags (-1: any), not yet used. */
static order *find_order(runner *rn, int refill, int cancel, int used_mask_skip)
{
    for (size_t i = 0; i < rn->n_orders; i++) {
        order *o = &rn->orders[i];
        if (o->cancelled || o->observed != used_mask_skip)
            continue;
        if (refill >= 0 && o->svc->refill != refill)
            continue;
        if (cancel >= 0 && o->svc->cancel != cancel)
            continue;
        return o;
    }
    return NULL;
}

/* 1 when some service of the list carries the refill (which=1) or cancel (which=0) flag. */
static int flag_known(const runner *rn, int which)
{
    for (size_t i = 0; rn->services && i < rn->services->n_services; i++) {
        const panel_service *s = &rn->services->services[i];
        if ((which ? s->refill : s->cancel) >= 0)
            return 1;
    }
    return 0;
}

/* A fresh order of a service with the given flags (-1: any), placed quietly. */
static order *fresh_order(runner *rn, int refill, int cancel)
{
    const panel_dialect *d = rn->d;
    if (!rn->services)
        return NULL;
    for (int pass_no = 0; pass_no < 2; pass_no++)
        for (size_t i = 0; i < rn->services->n_services; i++) {
            const panel_service *s = &rn->services->services[i];
            if (!s->type || !s->id)
                continue;
            const panel_service_type *t = panel_dialect_type(d, s->type);
            if (!t || t->add_refused)
                continue;
            if (pass_no == 0 && t->qty != PANEL_QTY_PARAM)
                continue; /* prefer plain quantity types */
            if (refill >= 0 && s->refill != refill)
                continue;
            if (cancel >= 0 && s->cancel != cancel)
                continue;
            return place_order(rn, NULL, t, s);
        }
    return NULL;
}

/* ---- errors ------------------------------------------------------------------------------ */

/* 1 when a and b are equal ignoring case and surrounding blanks. */
static int same_text(const char *a, const char *b)
{
    while (isspace((unsigned char)*a))
        a++;
    while (isspace((unsigned char)*b))
        b++;
    size_t la = strlen(a), lb = strlen(b);
    while (la && isspace((unsigned char)a[la - 1]))
        la--;
    while (lb && isspace((unsigned char)b[lb - 1]))
        lb--;
    return la == lb && strncasecmp(a, b, la) == 0;
}

/* Finds the entry for id (or the only entry when id is NULL); borrowed or NULL. */
static const panel_entry *entry_for(const panel_result *r, const char *id)
{
    if (!r)
        return NULL;
    for (size_t i = 0; i < r->n_entries; i++)
        if (id && r->entries[i].id && !strcmp(r->entries[i].id, id))
            return &r->entries[i];
    if (r->n_entries == 1 && (!id || !r->entries[0].id))
        return &r->entries[0];
    return NULL;
}

/* Checks that ex is the dialect's documented refusal for case c (a top-level error with the
 * documented HTTP code and message, or, with entry_id, an error entry for that id); with
 * before non-NULL the balance must not have moved. Records the verdict of check id. */
static void expect_error_ex(runner *rn, const char *id, panel_action a, const exchange *ex,
                            panel_errcase c, const char *entry_id, int multi,
                            const panel_money *before)
{
    const char *A = panel_action_name(a);
    const panel_error_case *ec = &rn->d->errors[c];
    const char *ef = rn->d->error_field ? rn->d->error_field : "error";
    const char *want_msg = ec->message ? ec->message : "";
    double ms = ex->resp.elapsed_ms;
    char exp[320], act[320], ptr[128];
    panel_result *r = NULL;
    if (transport_failed(rn, id, A, ex))
        return;
    json_t *j = json_loadb(ex->resp.body.data ? ex->resp.body.data : "", ex->resp.body.len,
                           JSON_DECODE_ANY, NULL);
    json_t *e = json_is_object(j) ? json_object_get(j, ef) : NULL;
    const char *got = NULL;
    snprintf(ptr, sizeof(ptr), "/%s", ef);
    if (e && json_is_string(e)) {
        got = json_string_value(e);
        if (ec->http && ex->resp.status != ec->http) {
            snprintf(exp, sizeof(exp), "%d", ec->http);
            snprintf(act, sizeof(act), "%ld", ex->resp.status);
            verdict(rn, id, A, CHECK_FAIL, ms, "http.status", exp, act, ex->repro,
                    "refused with HTTP %ld, the document says %d for %s", ex->resp.status, ec->http,
                    panel_errcase_name(c));
            goto out;
        }
    } else if (entry_id) {
        panel_parse_opts po = {0};
        po.multi = multi;
        panel_parse(rn->d, a, ex->resp.body.data ? ex->resp.body.data : "", ex->resp.body.len, &po,
                    &r);
        const panel_entry *en = entry_for(r, entry_id);
        if (en && en->error) {
            const panel_diag *g = panel_result_find(r, PANEL_DIAG_ERROR_ENTRY_SHAPE);
            if (g) {
                verdict(rn, id, A, CHECK_FAIL, ms, g->pointer ? g->pointer : "", g->expected,
                        g->actual, ex->repro, "%s: %s", panel_diag_code_name(g->code),
                        g->message ? g->message : "");
                goto out;
            }
            got = en->error;
            snprintf(ptr, sizeof(ptr), "/%s/%s", entry_id, ef);
        }
    }
    if (!got) {
        char brief[80];
        body_brief(ex, brief, sizeof(brief));
        snprintf(exp, sizeof(exp), "HTTP %d {\"%s\": \"%s\"}", ec->http, ef, want_msg);
        snprintf(act, sizeof(act), "HTTP %ld %s", ex->resp.status, brief);
        verdict(rn, id, A, CHECK_FAIL, ms, "", exp, act, ex->repro,
                "expected the documented %s error, got no error", panel_errcase_name(c));
        goto out;
    }
    if (!same_text(got, want_msg)) {
        verdict(rn, id, A, CHECK_FAIL, ms, ptr, want_msg, got, ex->repro,
                "error message differs from the document (%s)", panel_errcase_name(c));
        goto out;
    }
    if (before) {
        panel_money after = 0;
        exchange bx;
        int ok = get_balance(rn, &after, &bx, NULL);
        exchange_free(&bx);
        if (ok && after != *before) {
            char b1[40], b2[40];
            panel_money_format_min(*before, 2, b1, sizeof(b1));
            panel_money_format_min(after, 2, b2, sizeof(b2));
            verdict(rn, id, A, CHECK_FAIL, ms, "/balance", b1, b2, ex->repro,
                    "refused, but the balance moved from %s to %s", b1, b2);
            goto out;
        }
    }
    pass(rn, id, A, ms, "refused as documented");
out:
    json_decref(j);
    panel_result_free(r);
}

/* expect_error_ex without the balance check. */
static void expect_error(runner *rn, const char *id, panel_action a, const exchange *ex,
                         panel_errcase c, const char *entry_id, int multi)
{
    expect_error_ex(rn, id, a, ex, c, entry_id, multi, NULL);
}

/* ---- status ------------------------------------------------------------------------------ */

/* Notes one observed status entry of order o (lifecycle and remains). */
static void observe_status(runner *rn, order *o, const panel_entry *en, const char *repro,
                           double ms)
{
    if (!en || en->error)
        return;
    rn->trans_ms += ms;
    if (en->has & PANEL_HAS_STATUS) {
        rn->trans_seen++;
        panel_status cur = en->status;
        if (o->last != PANEL_STATUS_UNKNOWN && cur != o->last &&
            !rn->d->order_status.next[o->last][cur] && !rn->illegal_repro) {
            snprintf(rn->illegal, sizeof(rn->illegal), "order %s went %s -> %s", o->id,
                     panel_status_name(o->last), panel_status_name(cur));
            rn->illegal_repro = strdup(repro ? repro : "");
        }
        if (cur != PANEL_STATUS_UNKNOWN)
            o->last = cur;
    }
    if (en->has & PANEL_HAS_REMAINS) {
        rn->remains_seen++;
        if ((en->remains > o->qty || en->remains < 0) && !rn->remains_repro) {
            snprintf(rn->remains_bad, sizeof(rn->remains_bad),
                     "order %s: remains %lld, quantity %lld", o->id, (long long)en->remains,
                     (long long)o->qty);
            rn->remains_repro = strdup(repro ? repro : "");
        }
    }
}

/* Sends a status request for ids (multi form when multi) and parses it. */
static panel_result *status_query(runner *rn, const char *check_id, order **os, size_t n,
                                  const char *extra_id, int multi, exchange *ex)
{
    const panel_action_spec *sp = &rn->d->actions[PANEL_ACTION_STATUS];
    const char *ids[4];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 3; i++)
        ids[k++] = os[i]->id;
    if (extra_id)
        ids[k++] = extra_id;
    char list[512];
    join_ids(ids, k, list, sizeof(list));
    panel_form f;
    base_params(&f, action_word(rn->d, PANEL_ACTION_STATUS, multi));
    panel_form_add(&f, multi ? sp->multi_param : sp->single_param, list);
    panel_result *r = positive(rn, check_id, PANEL_ACTION_STATUS, multi,
                               (!multi && n == 1) ? os[0]->qty : 0, &f, 1, ex);
    panel_form_free(&f);
    if (!r)
        return NULL;
    for (size_t i = 0; i < n; i++)
        observe_status(rn, os[i], entry_for(r, (multi || r->n_entries != 1) ? os[i]->id : NULL),
                       ex->repro, ex->resp.elapsed_ms);
    return r;
}

/* Polls o with single status until a terminal state (at most max polls). */
static void poll_terminal(runner *rn, const char *check_id, order *o, int max)
{
    const panel_action_spec *sp = &rn->d->actions[PANEL_ACTION_STATUS];
    int multi = sp->single_param == NULL;
    for (int i = 0; i < max && !rn->stop; i++) {
        if (o->last != PANEL_STATUS_UNKNOWN && panel_status_is_terminal(o->last))
            return;
        exchange ex;
        order *one[1] = {o};
        panel_result *r = status_query(rn, check_id, one, 1, NULL, multi, &ex);
        exchange_free(&ex);
        int bad = !r || r->error;
        panel_result_free(r);
        if (bad)
            return;
    }
}

/* 1 when a and b differ by less than one unit of the dialect's last money decimal. */
static int money_close(const panel_dialect *d, panel_money a, panel_money b)
{
    panel_money diff = a > b ? a - b : b - a;
    return diff < panel_dialect_money_unit(d);
}

/* Checks a status entry for order o in r; returns 1 when a verdict (failure) was recorded. */
static int status_entry_bad(runner *rn, const char *id, const exchange *ex, const panel_result *r,
                            const order *o, int multi)
{
    if (fail_on_diags(rn, id, PANEL_ACTION_STATUS, ex, r, NULL))
        return 1;
    const panel_entry *en = entry_for(r, (multi || r->n_entries != 1) ? o->id : NULL);
    if (r->error || !en || en->error) {
        const char *msg = r->error ? r->error : en ? en->error : "no entry for the order";
        verdict(rn, id, "status", CHECK_FAIL, ex->resp.elapsed_ms, r->error ? "/error" : "",
                "the status of order", msg, ex->repro, "no status for order %s: %s", o->id, msg);
        return 1;
    }
    if (!(en->has & PANEL_HAS_STATUS) || en->status == PANEL_STATUS_UNKNOWN) {
        verdict(rn, id, "status", CHECK_FAIL, ex->resp.elapsed_ms, "/status",
                "a documented status word", en->status_word ? en->status_word : "absent", ex->repro,
                "order %s has no known status", o->id);
        return 1;
    }
    if ((en->has & PANEL_HAS_CHARGE) && en->status != PANEL_STATUS_PARTIAL &&
        en->status != PANEL_STATUS_CANCELED && !money_close(rn->d, en->charge, o->charge)) {
        char e[40], a[40];
        panel_money_format_min(o->charge, 2, e, sizeof(e));
        panel_money_format_min(en->charge, 2, a, sizeof(a));
        verdict(rn, id, "status", CHECK_FAIL, ex->resp.elapsed_ms, "/charge", e, a, ex->repro,
                "order %s: charge %s, rate x quantity / 1000 is %s", o->id, a, e);
        return 1;
    }
    return 0;
}

/* Compares the entries of o in a single and a multi answer. */
static void agree(runner *rn, order *o, const panel_result *one, const panel_result *many,
                  const exchange *ex, double ms)
{
    const panel_entry *a = entry_for(one, one->n_entries == 1 ? NULL : o->id);
    const panel_entry *b = entry_for(many, o->id);
    const char *what = NULL;
    char ea[64] = "", eb[64] = "";
    if (!a || !b)
        what = "entry";
    else if (a->status != b->status) {
        what = "status";
        snprintf(ea, sizeof(ea), "%s", panel_status_name(a->status));
        snprintf(eb, sizeof(eb), "%s", panel_status_name(b->status));
    } else if ((a->has & b->has & PANEL_HAS_CHARGE) && a->charge != b->charge) {
        what = "charge";
        panel_money_format_min(a->charge, 2, ea, sizeof(ea));
        panel_money_format_min(b->charge, 2, eb, sizeof(eb));
    } else if ((a->has & b->has & PANEL_HAS_REMAINS) && a->remains != b->remains) {
        what = "remains";
        snprintf(ea, sizeof(ea), "%lld", (long long)a->remains);
        snprintf(eb, sizeof(eb), "%lld", (long long)b->remains);
    } else if ((a->has & b->has & PANEL_HAS_START_COUNT) && a->start_count != b->start_count) {
        what = "start_count";
        snprintf(ea, sizeof(ea), "%lld", (long long)a->start_count);
        snprintf(eb, sizeof(eb), "%lld", (long long)b->start_count);
    }
    if (!what) {
        pass(rn, "status.single_multi_agree", "status", ms, "single and multi agree");
        return;
    }
    char ptr[128];
    snprintf(ptr, sizeof(ptr), "/%s/%s", o->id, what);
    verdict(rn, "status.single_multi_agree", "status", CHECK_FAIL, ms, ptr, ea, eb, ex->repro,
            "single and multi status disagree on %s of order %s", what, o->id);
}

/* status.*: single, multi, bogus entry, over limit, lifecycle, remains, agreement. */
static void run_status(runner *rn, order *p, order *q)
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_STATUS];
    static const char *const ids[] = {"status.single",
                                      "status.multi",
                                      "status.multi_bogus_entry",
                                      "status.multi_over_limit",
                                      "status.remains_le_quantity",
                                      "status.transitions_legal",
                                      "status.single_multi_agree"};
    if (!sp->documented || !p) {
        for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
            skip(rn, ids[i], "status",
                 !sp->documented ? "the document has no status action"
                                 : "no order could be placed to query");
        return;
    }
    int has_single = sp->single.present && sp->single_param;
    int has_multi = sp->multi.present && sp->multi_param;
    exchange ex;
    panel_result *r;
    if (has_single) {
        order *one[1] = {p};
        r = status_query(rn, "status.single", one, 1, NULL, 0, &ex);
        if (r && !status_entry_bad(rn, "status.single", &ex, r, p, 0))
            pass(rn, "status.single", "status", ex.resp.elapsed_ms, "single status read");
        panel_result_free(r);
        exchange_free(&ex);
    } else {
        skip(rn, "status.single", "status", "the document has no single status form");
    }
    if (has_multi) {
        order *two[2] = {p, q ? q : p};
        size_t n = q && q != p ? 2 : 1;
        r = status_query(rn, "status.multi", two, n, NULL, 1, &ex);
        if (r) {
            int bad = 0;
            for (size_t i = 0; i < n && !bad; i++)
                bad = status_entry_bad(rn, "status.multi", &ex, r, two[i], 1);
            if (!bad)
                pass(rn, "status.multi", "status", ex.resp.elapsed_ms, "multi status read");
        }
        panel_result_free(r);
        exchange_free(&ex);
        char bogus[40];
        bogus_id(d->order_id_kind, 1, bogus, sizeof(bogus));
        if (sp->multi.error_entry == PANEL_ERRENTRY_NONE) {
            skip(rn, "status.multi_bogus_entry", "status", "no per-entry errors documented");
        } else {
            order *one[1] = {p};
            r = status_query(rn, "status.multi_bogus_entry", one, 1, bogus, 1, &ex);
            if (r && !status_entry_bad(rn, "status.multi_bogus_entry", &ex, r, p, 1))
                expect_error(rn, "status.multi_bogus_entry", PANEL_ACTION_STATUS, &ex,
                             PANEL_ERRCASE_BAD_ORDER_ID, bogus, 1);
            panel_result_free(r);
            exchange_free(&ex);
        }
        if (d->max_ids == 0 || d->max_ids > 10000) {
            skip(rn, "status.multi_over_limit", "status", "no id limit documented");
        } else {
            size_t n_ids = d->max_ids + 1;
            panel_buf list;
            panel_buf_init(&list, 1u << 20);
            for (size_t i = 0; i < n_ids; i++) {
                char b[40];
                bogus_id(d->order_id_kind, (unsigned)(100 + i), b, sizeof(b));
                panel_buf_printf(&list, "%s%s", i ? "," : "", b);
            }
            panel_form f;
            base_params(&f, action_word(d, PANEL_ACTION_STATUS, 1));
            panel_form_add(&f, sp->multi_param, list.data ? list.data : "");
            panel_buf_free(&list);
            send_req(rn, PANEL_ACTION_STATUS, rn->o->key, &f, 1, &ex);
            panel_form_free(&f);
            expect_error(rn, "status.multi_over_limit", PANEL_ACTION_STATUS, &ex,
                         PANEL_ERRCASE_TOO_MANY_IDS, NULL, 1);
            exchange_free(&ex);
        }
    } else {
        skip(rn, "status.multi", "status", "the document has no multi status form");
        skip(rn, "status.multi_bogus_entry", "status", "the document has no multi status form");
        skip(rn, "status.multi_over_limit", "status", "the document has no multi status form");
    }
    int max = rn->o->max_polls > 0 ? rn->o->max_polls : 12;
    poll_terminal(rn, "status.transitions_legal", p, max);
    int terminal = p->last != PANEL_STATUS_UNKNOWN && panel_status_is_terminal(p->last);
    if (rn->illegal_repro)
        verdict(rn, "status.transitions_legal", "status", CHECK_FAIL, rn->trans_ms, "/status",
                "a transition of the documented lifecycle", rn->illegal, rn->illegal_repro,
                "illegal transition: %s", rn->illegal);
    else if (!terminal && rn->o->pol->loopback)
        verdict(rn, "status.transitions_legal", "status", CHECK_FAIL, rn->trans_ms, "/status",
                "a terminal status", panel_status_name(p->last), NULL,
                "order %s did not reach a terminal status in %d polls", p->id, max);
    else if (!rn->trans_seen)
        skip(rn, "status.transitions_legal", "status", "no status could be observed");
    else {
        char msg[160];
        snprintf(msg, sizeof(msg), "%d observations, every transition legal%s", rn->trans_seen,
                 terminal ? "" : " (no terminal status reached)");
        pass(rn, "status.transitions_legal", "status", rn->trans_ms, msg);
    }
    if (rn->remains_repro)
        verdict(rn, "status.remains_le_quantity", "status", CHECK_FAIL, rn->trans_ms, "/remains",
                "remains <= quantity", rn->remains_bad, rn->remains_repro, "%s", rn->remains_bad);
    else if (!rn->remains_seen)
        skip(rn, "status.remains_le_quantity", "status", "no remains observed");
    else
        pass(rn, "status.remains_le_quantity", "status", rn->trans_ms, "remains within quantity");
    if (!has_single || !has_multi || !terminal) {
        skip(rn, "status.single_multi_agree", "status",
             terminal ? "single and multi forms are not both documented"
                      : "no settled order to compare");
        return;
    }
    exchange ex2;
    order *one[1] = {p};
    panel_result *a = status_query(rn, "status.single_multi_agree", one, 1, NULL, 0, &ex);
    panel_result *b =
        a ? status_query(rn, "status.single_multi_agree", one, 1, NULL, 1, &ex2) : NULL;
    if (a && b)
        agree(rn, p, a, b, &ex2, ex.resp.elapsed_ms + ex2.resp.elapsed_ms);
    panel_result_free(a);
    panel_result_free(b);
    exchange_free(&ex);
    if (a)
        exchange_free(&ex2);
}

/* ---- refill, refill_status, cancel ------------------------------------------------------- */

/* Sends action a (single or multi form) for one id and parses the answer. */
static panel_result *id_query(runner *rn, const char *check_id, panel_action a, const char *id,
                              int multi, exchange *ex)
{
    const panel_action_spec *sp = &rn->d->actions[a];
    panel_form f;
    base_params(&f, action_word(rn->d, a, multi));
    panel_form_add(&f, multi ? sp->multi_param : sp->single_param, id);
    panel_result *r = positive(rn, check_id, a, multi, 0, &f, a == PANEL_ACTION_REFILL_STATUS, ex);
    panel_form_free(&f);
    return r;
}

/* Sends action a for one id without parsing (for refusals). */
static void id_send(runner *rn, panel_action a, const char *id, int multi, exchange *ex)
{
    const panel_action_spec *sp = &rn->d->actions[a];
    panel_form f;
    base_params(&f, action_word(rn->d, a, multi));
    panel_form_add(&f, multi ? sp->multi_param : sp->single_param, id);
    send_req(rn, a, rn->o->key, &f, 0, ex);
    panel_form_free(&f);
}

/* Sends action a for bogus id number i of kind and expects error case ec (check id). */
static void expect_bogus_refused(runner *rn, const char *id, panel_action a, panel_kind kind,
                                 unsigned i, panel_errcase ec, int multi)
{
    exchange ex;
    char bogus[40];
    bogus_id(kind, i, bogus, sizeof(bogus));
    id_send(rn, a, bogus, multi, &ex);
    expect_error(rn, id, a, &ex, ec, bogus, multi);
    exchange_free(&ex);
}

/* Checks an accepted refill or cancel of id in r; copies a new refill id into rid (may be
 * NULL). Records the verdict. */
static void accepted(runner *rn, const char *check_id, panel_action a, const exchange *ex,
                     const panel_result *r, const char *id, int multi, char *rid, size_t ridsz)
{
    const char *A = panel_action_name(a);
    if (fail_on_diags(rn, check_id, a, ex, r, NULL))
        return;
    const panel_entry *en = entry_for(r, multi ? id : NULL);
    if (!en && !multi && r->n_entries == 0 && !r->error && a == PANEL_ACTION_REFILL && rid)
        en = NULL;
    if (r->error || !en || en->error) {
        const char *msg = r->error ? r->error : en ? en->error : "no entry for the order";
        verdict(rn, check_id, A, CHECK_FAIL, ex->resp.elapsed_ms, r->error ? "/error" : "",
                "accepted", msg, ex->repro, "order %s: %s", id, msg);
        return;
    }
    if (a == PANEL_ACTION_CANCEL && !en->ok) {
        verdict(rn, check_id, A, CHECK_FAIL, ex->resp.elapsed_ms, "", "a successful cancel",
                "not ok", ex->repro, "cancel of order %s not reported as successful", id);
        return;
    }
    if (a == PANEL_ACTION_REFILL) {
        if (!en->refill_id && !en->ok) {
            verdict(rn, check_id, A, CHECK_FAIL, ex->resp.elapsed_ms, "/refill", "a refill id",
                    "absent", ex->repro, "refill of order %s returned no refill id", id);
            return;
        }
        if (rid && en->refill_id)
            snprintf(rid, ridsz, "%s", en->refill_id);
    }
    pass(rn, check_id, A, ex->resp.elapsed_ms, "accepted");
}

/* refill.single / refill.multi / refill.only_where_refill; fills the refill ids made. */
static void run_refill(runner *rn, order *p, char rids[2][64])
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_REFILL];
    char why[256];
    static const char *const ids[] = {"refill.single", "refill.multi", "refill.only_where_refill",
                                      "neg.refill_bogus_order_id"};
    if (!sp->documented || !policy_change_allowed(rn->o->pol, why, sizeof(why))) {
        for (size_t i = 0; i < 4; i++)
            skip(rn, ids[i], "refill", !sp->documented ? "the document has no refill action" : why);
        return;
    }
    int has_single = sp->single.present && sp->single_param;
    int has_multi = sp->multi.present && sp->multi_param;
    int max = rn->o->max_polls > 0 ? rn->o->max_polls : 12;
    exchange ex;
    expect_bogus_refused(rn, "neg.refill_bogus_order_id", PANEL_ACTION_REFILL, d->order_id_kind, 5,
                         PANEL_ERRCASE_BAD_ORDER_ID, !has_single);
    if (!has_single)
        skip(rn, "refill.single", "refill", "the document has no single refill form");
    else if (!p || p->svc->refill != 1 || p->last == PANEL_STATUS_CANCELED)
        skip(rn, "refill.single", "refill", "no completed order of a refillable service");
    else {
        panel_result *r = id_query(rn, "refill.single", PANEL_ACTION_REFILL, p->id, 0, &ex);
        if (r)
            accepted(rn, "refill.single", PANEL_ACTION_REFILL, &ex, r, p->id, 0, rids[0], 64);
        panel_result_free(r);
        exchange_free(&ex);
    }
    if (has_multi) {
        order *q = fresh_order(rn, 1, -1);
        if (q)
            poll_terminal(rn, "refill.multi", q, max);
        if (!q || q->last == PANEL_STATUS_CANCELED)
            skip(rn, "refill.multi", "refill", "no completed order of a refillable service");
        else {
            q->observed = 1;
            panel_result *r = id_query(rn, "refill.multi", PANEL_ACTION_REFILL, q->id, 1, &ex);
            if (r)
                accepted(rn, "refill.multi", PANEL_ACTION_REFILL, &ex, r, q->id, 1, rids[1], 64);
            panel_result_free(r);
            exchange_free(&ex);
        }
    } else {
        skip(rn, "refill.multi", "refill", "the document has no multi refill form");
    }
    order *n = find_order(rn, 0, -1, 0);
    if (!n)
        n = fresh_order(rn, 0, -1);
    if (!n) {
        skip(rn, "refill.only_where_refill", "refill", "no order of a service with refill=false");
        return;
    }
    n->observed = 1;
    poll_terminal(rn, "refill.only_where_refill", n, max);
    id_send(rn, PANEL_ACTION_REFILL, n->id, !has_single, &ex);
    expect_error(rn, "refill.only_where_refill", PANEL_ACTION_REFILL, &ex,
                 PANEL_ERRCASE_NOT_REFILLABLE, n->id, !has_single);
    exchange_free(&ex);
}

/* refill_status.single / refill_status.multi / neg.bogus_refill_id. */
static void run_refill_status(runner *rn, char rids[2][64])
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_REFILL_STATUS];
    static const char *const ids[] = {"refill_status.single", "refill_status.multi",
                                      "neg.bogus_refill_id"};
    if (!sp->documented) {
        for (size_t i = 0; i < 3; i++)
            skip(rn, ids[i], "refill_status", "the document has no refill_status action");
        return;
    }
    int has_single = sp->single.present && sp->single_param;
    int has_multi = sp->multi.present && sp->multi_param;
    const char *any = rids[0][0] ? rids[0] : rids[1][0] ? rids[1] : NULL;
    exchange ex;
    for (int multi = 0; multi < 2; multi++) {
        const char *id = ids[multi];
        if (!(multi ? has_multi : has_single)) {
            skip(rn, id, "refill_status",
                 multi ? "the document has no multi form" : "the document has no single form");
            continue;
        }
        if (!any) {
            skip(rn, id, "refill_status", "no refill was created to query");
            continue;
        }
        panel_result *r = id_query(rn, id, PANEL_ACTION_REFILL_STATUS, any, multi, &ex);
        if (r && !fail_on_diags(rn, id, PANEL_ACTION_REFILL_STATUS, &ex, r, NULL)) {
            const panel_entry *en = entry_for(r, multi ? any : NULL);
            if (r->error || !en || en->error || !(en->has & PANEL_HAS_STATUS) ||
                en->status == PANEL_STATUS_UNKNOWN) {
                const char *msg = r->error    ? r->error
                                  : !en       ? "no entry for the refill"
                                  : en->error ? en->error
                                              : "no known status";
                verdict(rn, id, "refill_status", CHECK_FAIL, ex.resp.elapsed_ms,
                        r->error ? "/error" : "/status", "a refill status", msg, ex.repro,
                        "refill %s: %s", any, msg);
            } else {
                pass(rn, id, "refill_status", ex.resp.elapsed_ms, "refill status read");
            }
        }
        panel_result_free(r);
        exchange_free(&ex);
    }
    expect_bogus_refused(rn, "neg.bogus_refill_id", PANEL_ACTION_REFILL_STATUS, d->refill_id_kind,
                         7, PANEL_ERRCASE_BAD_REFILL_ID, !has_single);
}

/* cancel.single / cancel.multi / cancel.noncancellable_refused / refill.cancelled_refused. */
static void run_cancel(runner *rn, order *p)
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_CANCEL];
    const panel_action_spec *rf = &d->actions[PANEL_ACTION_REFILL];
    char why[256];
    static const char *const ids[] = {"cancel.single", "cancel.multi",
                                      "cancel.noncancellable_refused", "cancel.terminal_refused",
                                      "ledger.refund"};
    int allowed = policy_change_allowed(rn->o->pol, why, sizeof(why));
    if (!sp->documented || !allowed) {
        for (size_t i = 0; i < 5; i++)
            skip(rn, ids[i], "cancel", !sp->documented ? "the document has no cancel action" : why);
        skip(rn, "refill.cancelled_refused", "refill",
             !rf->documented ? "the document has no refill action"
             : !allowed      ? why
                             : "the document has no cancel action");
        return;
    }
    int has_single = sp->single.present && sp->single_param;
    int has_multi = sp->multi.present && sp->multi_param;
    order *cancelled = NULL;
    char refund_bad[256] = "", refund_exp[48] = "", refund_act[48] = "";
    char *refund_repro = NULL;
    int refunds = 0;
    double refund_ms = 0;
    exchange ex;
    for (int multi = 0; multi < 2; multi++) {
        const char *id = ids[multi];
        if (!(multi ? has_multi : has_single)) {
            skip(rn, id, "cancel",
                 multi ? "the document has no multi cancel form"
                       : "the document has no single cancel form");
            continue;
        }
        order *c = fresh_order(rn, 1, 1);
        if (!c)
            c = fresh_order(rn, -1, 1);
        if (!c && !flag_known(rn, 0))
            c = fresh_order(rn, -1, -1);
        if (!c) {
            skip(rn, id, "cancel", "no order of a cancellable service could be placed");
            continue;
        }
        c->observed = 1;
        panel_money b0 = 0, b1 = 0;
        exchange bx;
        int have = get_balance(rn, &b0, &bx, NULL);
        exchange_free(&bx);
        panel_result *r = id_query(rn, id, PANEL_ACTION_CANCEL, c->id, multi, &ex);
        size_t before = rn->s->failed;
        if (r)
            accepted(rn, id, PANEL_ACTION_CANCEL, &ex, r, c->id, multi, NULL, 0);
        if (r && rn->s->failed == before) {
            c->cancelled = 1;
            if (!cancelled)
                cancelled = c;
            if (have && get_balance(rn, &b1, &bx, NULL)) {
                refunds++;
                refund_ms += ex.resp.elapsed_ms + bx.resp.elapsed_ms;
                if (b1 - b0 != c->charge && !refund_bad[0]) {
                    char e[40], a[40];
                    panel_money_format_min(c->charge, 2, e, sizeof(e));
                    panel_money_format_min(b1 - b0, 2, a, sizeof(a));
                    snprintf(refund_bad, sizeof(refund_bad),
                             "cancel of order %s (charge %s) moved the balance by %s", c->id, e, a);
                    snprintf(refund_exp, sizeof(refund_exp), "+%s", e);
                    snprintf(refund_act, sizeof(refund_act), "%s", a);
                    free(refund_repro);
                    refund_repro = strdup(ex.repro ? ex.repro : "");
                }
            }
            exchange_free(&bx);
        }
        panel_result_free(r);
        exchange_free(&ex);
    }
    if (refund_bad[0])
        verdict(rn, "ledger.refund", "cancel", CHECK_FAIL, refund_ms, "/balance", refund_exp,
                refund_act, refund_repro, "%s", refund_bad);
    else if (refunds)
        pass(rn, "ledger.refund", "cancel", refund_ms, "cancelled orders refunded exactly");
    else
        skip(rn, "ledger.refund", "cancel", "no order was cancelled with a readable balance");
    free(refund_repro);
    if (!p || !panel_status_is_terminal(p->last) || p->last == PANEL_STATUS_UNKNOWN)
        skip(rn, "cancel.terminal_refused", "cancel", "no order reached a terminal status");
    else {
        id_send(rn, PANEL_ACTION_CANCEL, p->id, !has_single, &ex);
        expect_error(rn, "cancel.terminal_refused", PANEL_ACTION_CANCEL, &ex,
                     PANEL_ERRCASE_NOT_CANCELLABLE, p->id, !has_single);
        exchange_free(&ex);
    }
    order *n = find_order(rn, -1, 0, 0);
    if (!n)
        n = fresh_order(rn, -1, 0);
    if (!n)
        skip(rn, "cancel.noncancellable_refused", "cancel",
             "no order of a service with cancel=false");
    else {
        n->observed = 1;
        id_send(rn, PANEL_ACTION_CANCEL, n->id, !has_single, &ex);
        expect_error(rn, "cancel.noncancellable_refused", PANEL_ACTION_CANCEL, &ex,
                     PANEL_ERRCASE_NOT_CANCELLABLE, n->id, !has_single);
        exchange_free(&ex);
    }
    int rf_single = rf->single.present && rf->single_param;
    if (!rf->documented)
        skip(rn, "refill.cancelled_refused", "refill", "the document has no refill action");
    else if (!cancelled)
        skip(rn, "refill.cancelled_refused", "refill", "no order was cancelled");
    else {
        id_send(rn, PANEL_ACTION_REFILL, cancelled->id, !rf_single, &ex);
        expect_error(rn, "refill.cancelled_refused", PANEL_ACTION_REFILL, &ex,
                     PANEL_ERRCASE_NOT_REFILLABLE, cancelled->id, !rf_single);
        exchange_free(&ex);
    }
}

/* ---- negatives --------------------------------------------------------------------------- */

/* Writes a key that fits the dialect's key pattern but is not real_key. */
static void wrong_key(const panel_dialect *d, const char *real_key, char *out, size_t outsz)
{
    const char *pat = d->key_pattern ? d->key_pattern : "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    size_t i = 0;
    for (; pat[i] && i + 1 < outsz; i++)
        out[i] = pat[i] == 'X' ? 'Z' : pat[i] == 'H' ? 'e' : pat[i];
    out[i] = '\0';
    if (real_key && !strcmp(out, real_key) && i)
        out[0] = out[0] == '0' ? '1' : '0';
}

/* A request without action, an unknown action, a wrong and a malformed key. */
static void run_neg_basic(runner *rn)
{
    const panel_dialect *d = rn->d;
    exchange ex;
    panel_form f;
    char key[128];
    wrong_key(d, rn->o->key, key, sizeof(key));
    base_params(&f, action_word(d, PANEL_ACTION_BALANCE, 0));
    request_send(rn->o->http, d, rn->o->url, key, rn->o->key, &f, 0, &ex);
    expect_error(rn, "neg.bad_key", PANEL_ACTION_ERROR, &ex, PANEL_ERRCASE_BAD_KEY, NULL, 0);
    exchange_free(&ex);
    request_send(rn->o->http, d, rn->o->url, "panelcheck-malformed!", rn->o->key, &f, 0, &ex);
    expect_error(rn, "neg.malformed_key", PANEL_ACTION_ERROR, &ex, PANEL_ERRCASE_MALFORMED_KEY,
                 NULL, 0);
    exchange_free(&ex);
    panel_form_free(&f);
    base_params(&f, NULL);
    send_req(rn, PANEL_ACTION_ERROR, rn->o->key, &f, 0, &ex);
    expect_error(rn, "neg.missing_action", PANEL_ACTION_ERROR, &ex, PANEL_ERRCASE_MISSING_ACTION,
                 NULL, 0);
    exchange_free(&ex);
    panel_form_free(&f);
    base_params(&f, "panelcheck_no_such_action");
    send_req(rn, PANEL_ACTION_ERROR, rn->o->key, &f, 0, &ex);
    expect_error(rn, "neg.unknown_action", PANEL_ACTION_ERROR, &ex, PANEL_ERRCASE_UNKNOWN_ACTION,
                 NULL, 0);
    exchange_free(&ex);
    panel_form_free(&f);
}

/* Sends an add that must be refused for case c without moving the balance. */
static void neg_add(runner *rn, const char *id, const panel_service_type *t,
                    const panel_service *svc, const char *skip_param, const char *override,
                    const char *value, panel_errcase c)
{
    char why[256];
    if (!policy_order_allowed(rn->o->pol, order_cost(t, svc), why, sizeof(why))) {
        skip(rn, id, "add", why);
        return;
    }
    panel_money before = 0;
    exchange ex;
    int have = get_balance(rn, &before, &ex, NULL);
    exchange_free(&ex);
    panel_form f;
    add_params(rn->d, t, svc, skip_param, override, value, &f);
    send_req(rn, PANEL_ACTION_ADD, rn->o->key, &f, 0, &ex);
    panel_form_free(&f);
    expect_error_ex(rn, id, PANEL_ACTION_ADD, &ex, c, NULL, 0, have ? &before : NULL);
    exchange_free(&ex);
}

/* neg.not_enough_funds: an order costing more than the balance must be refused. */
static void neg_funds(runner *rn)
{
    const char *id = "neg.not_enough_funds";
    panel_money bal = 0;
    exchange ex;
    int have = get_balance(rn, &bal, &ex, NULL);
    exchange_free(&ex);
    if (!have) {
        skip(rn, id, "add", "the balance could not be read");
        return;
    }
    for (size_t i = 0; rn->services && i < rn->services->n_services; i++) {
        const panel_service *s = &rn->services->services[i];
        const panel_service_type *t = s->type ? panel_dialect_type(rn->d, s->type) : NULL;
        if (!t || t->add_refused || t->qty != PANEL_QTY_PARAM || s->rate <= 0 || !s->id)
            continue;
        /* the smallest quantity whose charge exceeds the balance */
        panel_money q = 0;
        if (panel_money_muldiv(bal, 1000, s->rate, &q) != PANEL_E_OK)
            continue;
        int64_t qty = (int64_t)q + 1; /* muldiv of two amounts gives a plain count */
        if (qty < s->min)
            qty = s->min;
        panel_money cost = 0;
        if (qty > s->max || panel_money_charge(s->rate, qty, &cost) != PANEL_E_OK || cost <= bal)
            continue;
        char qs[32];
        snprintf(qs, sizeof(qs), "%lld", (long long)qty);
        neg_add(rn, id, t, s, NULL, "quantity", qs, PANEL_ERRCASE_NOT_ENOUGH_FUNDS);
        return;
    }
    skip(rn, id, "add", "no service can cost more than the balance");
}

/* The add negatives: missing params per type, bad service, quantity range, bad link. */
static void run_neg_add(runner *rn)
{
    const panel_dialect *d = rn->d;
    static const char *const ids[] = {"neg.invalid_service", "neg.quantity_below_min",
                                      "neg.quantity_above_max", "neg.invalid_link"};
    if (!d->actions[PANEL_ACTION_ADD].documented) {
        for (size_t i = 0; i < 4; i++)
            skip(rn, ids[i], "add", "the document has no add action");
        return;
    }
    const panel_service_type *qt = NULL, *lt = NULL;
    const panel_service *qs = NULL, *ls = NULL;
    for (size_t i = 0; i < d->n_types && !rn->stop; i++) {
        const panel_service_type *t = &d->types[i];
        const panel_service *svc = service_of_type(rn, t);
        if (!svc || t->add_refused)
            continue;
        char slug[96], id[256];
        runner_slug(t->name, slug, sizeof(slug));
        for (size_t k = 0; k < t->n_required; k++) {
            char pslug[96];
            runner_slug(t->required[k], pslug, sizeof(pslug));
            snprintf(id, sizeof(id), "neg.missing_param.%s.%s", slug, pslug);
            neg_add(rn, id, t, svc, t->required[k], NULL, NULL, PANEL_ERRCASE_MISSING_PARAM);
        }
        for (size_t k = 0; k < t->n_cond; k++) { /* conditional params our values trigger */
            const panel_cond *c = &t->cond[k];
            char v[256], pslug[96];
            param_value(d, t, svc, c->when, order_qty(t, svc), v, sizeof(v));
            if (strcmp(v, c->equals))
                continue;
            runner_slug(c->param, pslug, sizeof(pslug));
            snprintf(id, sizeof(id), "neg.missing_param.%s.%s", slug, pslug);
            neg_add(rn, id, t, svc, c->param, NULL, NULL, PANEL_ERRCASE_MISSING_PARAM);
        }
        if (!qt && t->qty == PANEL_QTY_PARAM && t->n_cond == 0) {
            qt = t;
            qs = svc;
        }
        for (size_t k = 0; !lt && k < t->n_required; k++)
            if (!strcmp(t->required[k], "link") && t->n_cond == 0) {
                lt = t;
                ls = svc;
            }
    }
    if (rn->stop)
        return;
    if (!qt) {
        for (size_t i = 0; i < 3; i++)
            skip(rn, ids[i], "add", "no service with a plain quantity parameter");
    } else {
        panel_service bogus = *qs;
        char sid[32];
        long long maxid = 0;
        for (size_t i = 0; i < rn->services->n_services; i++) {
            const char *s = rn->services->services[i].id;
            long long v = s ? atoll(s) : 0;
            if (v > maxid)
                maxid = v;
        }
        snprintf(sid, sizeof(sid), "%lld", maxid + 900000);
        bogus.id = sid;
        neg_add(rn, "neg.invalid_service", qt, &bogus, NULL, NULL, NULL,
                PANEL_ERRCASE_INVALID_SERVICE);
        char q[32];
        if (qs->min <= 0) {
            skip(rn, "neg.quantity_below_min", "add", "the service's min is 0");
        } else {
            snprintf(q, sizeof(q), "%lld", (long long)qs->min - 1);
            neg_add(rn, "neg.quantity_below_min", qt, qs, NULL, "quantity", q,
                    PANEL_ERRCASE_QUANTITY_RANGE);
        }
        snprintf(q, sizeof(q), "%lld", (long long)qs->max + 1);
        neg_add(rn, "neg.quantity_above_max", qt, qs, NULL, "quantity", q,
                PANEL_ERRCASE_QUANTITY_RANGE);
    }
    neg_funds(rn);
    if (!lt)
        skip(rn, "neg.invalid_link", "add", "no service type takes a link");
    else
        neg_add(rn, "neg.invalid_link", lt, ls, NULL, "link", "not a link",
                PANEL_ERRCASE_INVALID_LINK);
}

/* neg.bogus_order_id: status of an id that does not exist. */
static void run_neg_status(runner *rn)
{
    const panel_action_spec *sp = &rn->d->actions[PANEL_ACTION_STATUS];
    if (!sp->documented) {
        skip(rn, "neg.bogus_order_id", "status", "the document has no status action");
        return;
    }
    int multi = !(sp->single.present && sp->single_param);
    char bogus[40];
    bogus_id(rn->d->order_id_kind, 3, bogus, sizeof(bogus));
    exchange ex;
    id_send(rn, PANEL_ACTION_STATUS, bogus, multi, &ex);
    expect_error(rn, "neg.bogus_order_id", PANEL_ACTION_STATUS, &ex, PANEL_ERRCASE_BAD_ORDER_ID,
                 bogus, multi);
    exchange_free(&ex);
}

/* transport.*: one verdict pair per action that was exercised. */
static void run_transport(runner *rn)
{
    for (int a = 0; a < PANEL_ACTION__COUNT; a++) {
        transport_obs *t = &rn->tr[a];
        if (!t->seen)
            continue;
        const char *A = panel_action_name((panel_action)a);
        if (t->ct_repro)
            verdict(rn, "transport.content_type_json", A, CHECK_FAIL, t->ms,
                    "http.header.Content-Type", "application/json", t->ct_bad, t->ct_repro,
                    "answer of %s has Content-Type %s", A, t->ct_bad);
        else
            pass(rn, "transport.content_type_json", A, t->ms, "application/json");
        if (t->json_repro)
            verdict(rn, "transport.valid_json", A, CHECK_FAIL, t->ms, "transport", "valid JSON",
                    t->json_bad, t->json_repro, "answer of %s is not JSON: %s", A, t->json_bad);
        else
            pass(rn, "transport.valid_json", A, t->ms, "valid JSON");
    }
}

/* ---- the run ----------------------------------------------------------------------------- */

/* Frees the runner's state. */
static void runner_free(runner *rn)
{
    panel_result_free(rn->services);
    for (size_t i = 0; i < rn->n_orders; i++)
        free(rn->orders[i].id);
    for (int a = 0; a < PANEL_ACTION__COUNT; a++) {
        free(rn->tr[a].ct_repro);
        free(rn->tr[a].json_repro);
    }
    free(rn->illegal_repro);
    free(rn->remains_repro);
    free(rn->ledger_repro);
}

/* ledger.charge verdict. */
static void run_ledger(runner *rn)
{
    if (rn->ledger_repro)
        verdict(rn, "ledger.charge", "add", CHECK_FAIL, rn->ledger_ms, "/balance",
                "balance falls by the charge", rn->ledger_bad, rn->ledger_repro, "%s",
                rn->ledger_bad);
    else if (!rn->ledger_seen)
        skip(rn, "ledger.charge", "add", "no order was placed with a readable balance");
    else {
        char msg[96];
        snprintf(msg, sizeof(msg), "%d orders charged exactly", rn->ledger_seen);
        pass(rn, "ledger.charge", "add", rn->ledger_ms, msg);
    }
}

/* Runs the whole catalogue for one dialect. */
panel_err runner_run(const runner_opts *o, check_suite *out)
{
    runner rn;
    memset(&rn, 0, sizeof(rn));
    rn.o = o;
    rn.d = o->d;
    rn.s = out;
    panel_err rc = check_suite_init(out, o->d->name, o->url, o->key);
    if (rc != PANEL_E_OK)
        return rc;
    unsigned only = o->only;
    unsigned orders_needed = (1u << PANEL_ACTION_ADD) | (1u << PANEL_ACTION_STATUS) |
                             (1u << PANEL_ACTION_REFILL) | (1u << PANEL_ACTION_REFILL_STATUS) |
                             (1u << PANEL_ACTION_CANCEL);
    run_services(&rn);
    if (rn.stop) {
        out->unreachable = 1;
        verdict(&rn, "transport.reachable", "services", CHECK_FAIL, 0, "transport",
                "an HTTP answer", "no connection", NULL, "the endpoint %s could not be reached",
                o->url);
        goto out;
    }
    if (!only || (only & (1u << PANEL_ACTION_BALANCE)))
        run_balance(&rn);
    if (!only || (only & orders_needed)) {
        run_adds(&rn);
        order *p = find_order(&rn, 1, -1, 0);
        if (!p)
            p = fresh_order(&rn, 1, -1);
        if (!p)
            p = find_order(&rn, -1, -1, 0);
        if (p)
            p->observed = 1;
        order *q = find_order(&rn, -1, -1, 0);
        if (q)
            q->observed = 1;
        char rids[2][64] = {"", ""};
        if (!rn.stop)
            run_status(&rn, p, q);
        if (!rn.stop)
            run_refill(&rn, p, rids);
        if (!rn.stop)
            run_refill_status(&rn, rids);
        if (!rn.stop)
            run_cancel(&rn, p);
        run_ledger(&rn);
    }
    if (!rn.stop && want(&rn, PANEL_ACTION_ERROR))
        run_neg_basic(&rn); /* checks of the error envelope (action "error") */
    if (!rn.stop && (!only || (only & (1u << PANEL_ACTION_ADD))))
        run_neg_add(&rn);
    if (!rn.stop && (!only || (only & (1u << PANEL_ACTION_STATUS))))
        run_neg_status(&rn);
    run_transport(&rn);
out:
    runner_free(&rn);
    return PANEL_E_OK;
}

/* Lower-case slug of a type or parameter name. */
void runner_slug(const char *name, char *out, size_t outsz)
{
    size_t w = 0;
    int sep = 0;
    for (const char *p = name; *p && w + 1 < outsz; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c)) {
            if (sep && w)
                out[w++] = '_';
            if (w + 1 < outsz)
                out[w++] = (char)tolower(c);
            sep = 0;
        } else {
            sep = 1;
        }
    }
    out[w] = '\0';
}

/* Parses a comma-separated list of action names into a mask. */
panel_err runner_only_mask(const char *text, unsigned *mask, char *bad, size_t badsz)
{
    *mask = 0;
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, ",");
        char name[64];
        if (n == 0 || n >= sizeof(name)) {
            snprintf(bad, badsz, "%.*s", (int)(n < 60 ? n : 60), p);
            return PANEL_E_USAGE;
        }
        memcpy(name, p, n);
        name[n] = '\0';
        int a = panel_action_from_name(name);
        if (a < 0) {
            snprintf(bad, badsz, "%s", name);
            return PANEL_E_USAGE;
        }
        *mask |= 1u << a;
        p += n;
        if (*p == ',')
            p++;
    }
    return *mask ? PANEL_E_OK : PANEL_E_USAGE;
}
