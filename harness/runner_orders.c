/* runner_orders.c - the orders a run places: balance reads, valid add parameters, placing,
 * finding and the ledger note of each add. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "runner_internal.h"

/* Fetches and parses the balance. */
int runner_get_balance(runner *rn, panel_money *bal, exchange *ex, panel_result **out)
{
    panel_form f;
    runner_base_params(&f, runner_action_word(rn->d, PANEL_ACTION_BALANCE, 0));
    runner_send(rn, PANEL_ACTION_BALANCE, rn->o->key, &f, 1, ex);
    panel_form_free(&f);
    if (out)
        *out = NULL;
    if (ex->resp.outcome != HTTP_OK)
        return 0;
    panel_result *r = NULL;
    panel_err rc =
        panel_parse(rn->d, PANEL_ACTION_BALANCE, ex->resp.body.data ? ex->resp.body.data : "",
                    ex->resp.body.len, NULL, &r);
    if (rc == PANEL_E_NOMEM && rn->rc == PANEL_E_OK)
        rn->rc = rc; /* not "no balance": the run ends in PANEL_E_NOMEM */
    if (rc != PANEL_E_OK || !r) {
        panel_result_free(r);
        return 0;
    }
    int ok = (r->has & PANEL_HAS_BALANCE) && !r->error;
    if (ok)
        *bal = r->balance;
    rn->bal_fresh = ok && ex->resp.status == 200;
    rn->bal_last = r->balance;
    if (out)
        *out = r;
    else
        panel_result_free(r);
    return ok;
}

/* The balance before a request that may move it (the last read when nothing was sent since). */
int runner_balance_before(runner *rn, panel_money *bal)
{
    if (rn->bal_fresh) {
        *bal = rn->bal_last;
        return 1;
    }
    exchange ex;
    int ok = runner_get_balance(rn, bal, &ex, NULL);
    exchange_free(&ex);
    return ok;
}

/* Writes n list lines ("panelcheck1\npanelcheck2...") into out; past its size, the lines that
 * fit whole. */
static void lines_value(int64_t n, char *out, size_t outsz)
{
    size_t w = 0;
    out[0] = '\0';
    for (int64_t i = 0; i < n; i++) {
        int k = snprintf(out + w, outsz - w, "%spanelcheck%lld", i ? "\n" : "", (long long)i + 1);
        if (k < 0 || (size_t)k >= outsz - w) {
            out[w] = '\0'; /* whole lines only: no cut line */
            break;
        }
        w += (size_t)k;
    }
}

/* A valid value for parameter name. */
void runner_param_value(const panel_dialect *d, const panel_service_type *t,
                        const panel_service *svc, const char *name, int64_t qty, char *out,
                        size_t outsz)
{
    const panel_param_spec *ps = panel_dialect_param(d, name);
    if (t->qty == PANEL_QTY_LINES && t->qty_param && !strcmp(t->qty_param, name)) {
        lines_value(qty, out, outsz);
        return;
    }
    if (ps && panel_param_generate(ps, runner_gen_serial(), out, outsz))
        return; /* the dialect's generator: a counter, a UUID, a link */
    if (!strcmp(name, "quantity") || !strcmp(name, "min") || !strcmp(name, "max")) {
        snprintf(out, outsz, "%lld", (long long)(svc->min > 0 ? svc->min : 1));
        return;
    }
    if (!strcmp(name, "posts")) {
        snprintf(out, outsz, "1");
        return;
    }
    static unsigned long long generated; /* distinct values within and across runs */
    if (!generated)
        generated = (unsigned long long)time(NULL) * 1000u;
    if (ps && panel_param_generate(ps, generated++, out, outsz))
        return;
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
int64_t runner_order_qty(const panel_service_type *t, const panel_service *svc)
{
    int64_t q = svc->min > 0 ? svc->min : 1;
    if (t->qty == PANEL_QTY_LINES && q > 1000)
        q = 1000;
    return q;
}

/* Builds valid add params. */
void runner_add_params(const panel_dialect *d, const panel_service_type *t,
                       const panel_service *svc, const char *skip_param, const char *override,
                       const char *value, panel_form *f)
{
    static char val[16384];
    int64_t qty = runner_order_qty(t, svc);
    runner_base_params(f, runner_action_word(d, PANEL_ACTION_ADD, 0));
    panel_form_add(f, "service", svc->id ? svc->id : "0");
    for (size_t i = 0; i < t->n_required; i++) {
        const char *p = t->required[i];
        if (skip_param && !strcmp(p, skip_param))
            continue;
        if (override && !strcmp(p, override))
            panel_form_add(f, p, value);
        else {
            runner_param_value(d, t, svc, p, qty, val, sizeof(val));
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
        runner_param_value(d, t, svc, c->param, qty, val, sizeof(val));
        panel_form_add(f, c->param, val);
    }
    if (override && !panel_form_get_borrow(f, override))
        panel_form_add(f, override, value);
    runner_idempotency_add(d, skip_param, f);
}

/* The estimated charge of an order of svc/type. */
panel_money runner_order_cost(const panel_service_type *t, const panel_service *svc)
{
    panel_money c = 0;
    if (panel_money_charge(svc->rate, runner_order_qty(t, svc), &c) != PANEL_E_OK)
        return 0;
    return c;
}

/* The first service of the list whose type is t (case-insensitive), or NULL. */
const panel_service *runner_service_of_type(const runner *rn, const panel_service_type *t)
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

/* Compares the balance movement of one add with the expected charge (ledger.charge). */
static void ledger_note(runner *rn, const order *o, panel_money before, panel_money after,
                        const char *repro, double ms)
{
    check_obs_seen(&rn->ledger, ms);
    panel_money moved = before - after;
    if (moved == o->charge)
        return;
    char e[40], a[40], b1[40], b2[40];
    panel_money_format_min(o->charge, 2, e, sizeof(e));
    panel_money_format_min(moved, 2, a, sizeof(a));
    panel_money_format_min(before, 2, b1, sizeof(b1));
    panel_money_format_min(after, 2, b2, sizeof(b2));
    check_obs_add(&rn->ledger, CHECK_FAIL, rn->ledger.basis, "charge differs", "/balance", e, a,
                  repro,
                  "order %s (service %s, quantity %lld): balance %s -> %s moved %s, charge is %s",
                  o->id, o->svc->id, (long long)o->qty, b1, b2, a, e);
}

/* Places an order of svc/type t. */
order *runner_place_order(runner *rn, check_obs *obs, const panel_service_type *t,
                          const panel_service *svc)
{
    char why[256];
    if (rn->n_orders >= MAX_ORDERS || rn->stop)
        return NULL;
    if (!policy_order_allowed(rn->o->pol, runner_order_cost(t, svc), why, sizeof(why))) {
        if (obs)
            check_obs_block(obs, CHECK_SKIP_POLICY, "%s", why);
        return NULL;
    }
    panel_money before = 0, after = 0;
    int have_before = runner_balance_before(rn, &before);
    if (have_before && before < runner_order_cost(t, svc)) {
        if (obs) {
            char b1[40], c1[40];
            panel_money_format_min(before, 2, b1, sizeof(b1));
            panel_money_format_min(runner_order_cost(t, svc), 2, c1, sizeof(c1));
            check_obs_block(obs, CHECK_SKIP_POLICY, "balance %s is below the estimated cost %s", b1,
                            c1);
        }
        return NULL;
    }
    panel_form f;
    runner_add_params(rn->d, t, svc, NULL, NULL, NULL, &f);
    exchange ex;
    int64_t qty = runner_order_qty(t, svc);
    panel_result *r = NULL;
    if (obs) {
        r = runner_positive(rn, obs, PANEL_ACTION_ADD, 0, 0, &f, 0, &ex);
    } else {
        runner_send(rn, PANEL_ACTION_ADD, rn->o->key, &f, 0, &ex);
        if (ex.resp.outcome == HTTP_OK &&
            panel_parse(rn->d, PANEL_ACTION_ADD, ex.resp.body.data ? ex.resp.body.data : "",
                        ex.resp.body.len, NULL, &r) == PANEL_E_NOMEM &&
            rn->rc == PANEL_E_OK)
            rn->rc = PANEL_E_NOMEM; /* not "no order": the run ends in PANEL_E_NOMEM */
    }
    panel_form_free(&f);
    order *o = NULL;
    if (!r)
        goto out;
    double ms = ex.resp.elapsed_ms;
    int failed = obs ? runner_judge_diags(rn, obs, PANEL_ACTION_ADD, 0, &ex, r, NULL) > 0
                     : (ex.resp.status != 200 || panel_result_count(r, PANEL_SEV_ERROR) ||
                        r->error || !r->order);
    check_basis b = basis_shape(rn->d, PANEL_ACTION_ADD, 0);
    if (!failed && (r->error || !r->order)) {
        if (obs)
            check_obs_add(obs, CHECK_FAIL, b, "not accepted", r->error ? "/error" : "/order",
                          "a new order id", r->error ? r->error : "absent", ex.repro,
                          "the order was not accepted%s%s", r->error ? ": " : "",
                          r->error ? r->error : "");
        failed = 1;
    }
    if (!failed && !panel_id_ok(rn->d->order_id_kind, r->order)) {
        if (obs)
            check_obs_add(obs, basis_outcome(b), b, "id format", "/order",
                          panel_kind_name(rn->d->order_id_kind), r->order, ex.repro,
                          "order id not in the documented format");
        failed = 1;
    }
    if (failed)
        goto out;
    char *id = strdup(r->order);
    if (!id) {
        rn->rc = PANEL_E_NOMEM;
        goto out;
    }
    o = &rn->orders[rn->n_orders++];
    memset(o, 0, sizeof(*o));
    o->id = id;
    o->svc = svc;
    o->type = t;
    o->qty = qty;
    o->charge = runner_order_cost(t, svc);
    o->last = PANEL_STATUS_UNKNOWN;
    exchange bx2;
    memset(&bx2, 0, sizeof(bx2));
    if (have_before && runner_get_balance(rn, &after, &bx2, NULL))
        ledger_note(rn, o, before, after, ex.repro, ms);
    exchange_free(&bx2);
out:
    panel_result_free(r);
    exchange_free(&ex);
    return o;
}

/* The first placed order matching the flags (-1: any) whose observed flag equals used. */
order *runner_find_order(runner *rn, int refill, int cancel, int used)
{
    for (size_t i = 0; i < rn->n_orders; i++) {
        order *o = &rn->orders[i];
        if (o->cancelled || o->observed != used)
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
int runner_flag_known(const runner *rn, int which)
{
    for (size_t i = 0; rn->services && i < rn->services->n_services; i++) {
        const panel_service *s = &rn->services->services[i];
        if ((which ? s->refill : s->cancel) >= 0)
            return 1;
    }
    return 0;
}

/* A fresh order of a service with the given flags (-1: any), placed quietly. */
order *runner_fresh_order(runner *rn, int refill, int cancel)
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
            return runner_place_order(rn, NULL, t, s);
        }
    return NULL;
}
