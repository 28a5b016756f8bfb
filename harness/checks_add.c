/* checks_add.c - add.<type> for every documented service type, and ledger.charge. */
#include <stdio.h>
#include <string.h>

#include "runner_internal.h"

/* add.<type>: an order of each type is accepted; a type the document refuses is refused. */
void checks_adds(runner *rn)
{
    const panel_dialect *d = rn->d;
    for (size_t i = 0; i < d->n_types; i++) {
        const panel_service_type *t = &d->types[i];
        char slug[96], why[256];
        runner_slug(t->name, slug, sizeof(slug));
        const panel_service *svc = runner_service_of_type(rn, t);
        if (!svc) {
            if (rn->services_blocked[0])
                check_skip(rn, CHECK_ADD_TYPE, slug, NULL, CHECK_SKIP_BLOCKED, "%s",
                           rn->services_blocked);
            else
                check_skip(rn, CHECK_ADD_TYPE, slug, NULL, CHECK_SKIP_NO_DATA,
                           "the services list offers no '%s' service", t->name);
            continue;
        }
        if (t->add_refused) {
            if (!policy_order_allowed(rn->o->pol, 0, why, sizeof(why))) {
                check_skip(rn, CHECK_ADD_TYPE, slug, NULL, CHECK_SKIP_POLICY, "%s", why);
                continue;
            }
            panel_form f;
            runner_add_params(d, t, svc, NULL, NULL, NULL, &f);
            exchange ex;
            runner_send(rn, PANEL_ACTION_ADD, rn->o->key, &f, 0, &ex);
            panel_form_free(&f);
            check_obs o;
            check_obs_init(&o, CHECK_ADD_TYPE, slug, NULL, basis_of(&t->basis));
            runner_judge_refusal(rn, &o, PANEL_ACTION_ADD, &ex, PANEL_ERRCASE_SUBSCRIPTION_REFUSED,
                                 NULL, 0, NULL);
            check_obs_finish(rn, &o, "refused as documented");
            exchange_free(&ex);
            continue;
        }
        check_obs o;
        check_obs_init(&o, CHECK_ADD_TYPE, slug, NULL, basis_shape(d, PANEL_ACTION_ADD, 0));
        order *od = runner_place_order(rn, &o, t, svc);
        if (od)
            check_obs_finish(rn, &o, "order %s placed (quantity %lld)", od->id, (long long)od->qty);
        else
            check_obs_finish(rn, &o, "no order placed");
    }
}

/* ledger.charge: every add moved the balance by its charge. */
void checks_ledger(runner *rn)
{
    if (!rn->ledger.seen && !rn->ledger.n_groups)
        check_obs_block(&rn->ledger, CHECK_SKIP_NO_DATA,
                        "no order was placed with a readable balance");
    size_t n = rn->ledger.seen;
    check_obs_finish(rn, &rn->ledger, "%zu orders charged exactly", n);
}

#define DRIP_RUNS 3 /* runs of the drip-feed order ledger.dripfeed places */

/* The first service offered for a type add accepts, preferring plain-quantity types; with
 * runs set, only types with a drip-feed runs parameter (and a service not flagged dripfeed 0).
 * Its type in *tp; NULL when none. */
static const panel_service *add_service(const runner *rn, int runs, const panel_service_type **tp)
{
    for (int pass_no = 0; rn->services && pass_no < 2; pass_no++)
        for (size_t i = 0; i < rn->services->n_services; i++) {
            const panel_service *s = &rn->services->services[i];
            const panel_service_type *t = s->type ? panel_dialect_type(rn->d, s->type) : NULL;
            if (!s->id || !t || t->add_refused || (pass_no == 0 && t->qty != PANEL_QTY_PARAM))
                continue;
            if (runs && (!t->runs_param || s->dripfeed == 0))
                continue;
            *tp = t;
            return s;
        }
    return NULL;
}

/* Skips check id because no service fits (blocked when the services list is unusable). */
static void skip_no_service(runner *rn, check_id id, const char *what)
{
    if (rn->services_blocked[0])
        check_skip(rn, id, NULL, NULL, CHECK_SKIP_BLOCKED, "%s", rn->services_blocked);
    else
        check_skip(rn, id, NULL, NULL, CHECK_SKIP_NO_DATA, "the services list offers no %s", what);
}

/* Sends add params f and reads the new order id into id (""), findings to o (a refusal breaks
 * rule nb); with have_after, the balance after into *after (*have_after 0 when unreadable).
 * Returns 1 when an order was accepted. */
static int add_once(runner *rn, check_obs *o, check_basis nb, const panel_form *f, char *id,
                    size_t idsz, panel_money *after, int *have_after, char *repro, size_t reprosz)
{
    exchange ex;
    id[0] = '\0';
    panel_result *r = runner_positive(rn, o, PANEL_ACTION_ADD, 0, 0, f, 0, &ex);
    snprintf(repro, reprosz, "%s", ex.repro ? ex.repro : "");
    int ok = 0;
    if (r && !runner_judge_diags(rn, o, PANEL_ACTION_ADD, 0, &ex, r, NULL)) {
        if (r->error || !r->order)
            check_obs_add(o, basis_outcome(nb), nb, "not accepted", r->error ? "/error" : "/order",
                          "a new order id", r->error ? r->error : "absent", ex.repro,
                          "the add was not accepted%s%s", r->error ? ": " : "",
                          r->error ? r->error : "");
        else
            ok = snprintf(id, idsz, "%s", r->order) > 0;
    }
    panel_result_free(r);
    exchange_free(&ex);
    if (have_after) {
        exchange bx;
        *have_after = runner_get_balance(rn, after, &bx, NULL);
        exchange_free(&bx);
    }
    return ok;
}

/* Formats money m for a message. */
static const char *money_text(panel_money m, char *out, size_t outsz)
{
    panel_money_format_min(m, 2, out, outsz);
    return out;
}

/* ledger.dripfeed: a drip-feed order (runs x quantity) is charged runs x quantity x rate. */
void checks_ledger_dripfeed(runner *rn)
{
    const panel_dialect *d = rn->d;
    const panel_service_type *t = NULL;
    int declared = 0;
    for (size_t i = 0; i < d->n_types; i++)
        declared = declared || (d->types[i].runs_param && !d->types[i].add_refused);
    if (!declared) {
        check_skip(rn, CHECK_LEDGER_DRIPFEED, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the dialect declares no drip-feed runs parameter");
        return;
    }
    const panel_service *svc = add_service(rn, 1, &t);
    if (!svc) {
        skip_no_service(rn, CHECK_LEDGER_DRIPFEED, "drip-feed service");
        return;
    }
    int64_t qty = runner_order_qty(t, svc);
    panel_money cost = 0, before = 0, after = 0;
    char why[256], id[128], repro[2048], e[40], a[40];
    if (panel_money_charge(svc->rate, qty * DRIP_RUNS, &cost) != PANEL_E_OK ||
        !policy_order_allowed(rn->o->pol, cost, why, sizeof(why))) {
        check_skip(rn, CHECK_LEDGER_DRIPFEED, NULL, NULL, CHECK_SKIP_POLICY, "%s",
                   cost ? why : "the order's cost cannot be computed");
        return;
    }
    int have_before = runner_balance_before(rn, &before);
    if (!have_before || before < cost) {
        check_skip(rn, CHECK_LEDGER_DRIPFEED, NULL, NULL,
                   have_before ? CHECK_SKIP_POLICY : CHECK_SKIP_BLOCKED, "%s",
                   have_before ? "the balance is below the drip-feed order's cost"
                               : "the balance cannot be read");
        return;
    }
    check_obs o;
    check_obs_init(&o, CHECK_LEDGER_DRIPFEED, NULL, NULL, basis_of(&t->runs_basis));
    char runs[16];
    snprintf(runs, sizeof(runs), "%d", DRIP_RUNS);
    panel_form f;
    runner_add_params(d, t, svc, NULL, t->runs_param, runs, &f);
    int have_after = 0;
    int ok = add_once(rn, &o, basis_of(&t->basis), &f, id, sizeof(id), &after, &have_after, repro,
                      sizeof(repro));
    panel_form_free(&f);
    if (ok && !have_after)
        check_obs_block(&o, CHECK_SKIP_BLOCKED, "the balance after the order cannot be read");
    if (ok && have_after && before - after != cost) {
        panel_money one_run = 0;
        int single =
            panel_money_charge(svc->rate, qty, &one_run) == PANEL_E_OK && before - after == one_run;
        check_obs_add(&o, basis_outcome(o.basis), o.basis, "charge differs", "/balance",
                      money_text(cost, e, sizeof(e)), money_text(before - after, a, sizeof(a)),
                      repro,
                      "drip-feed order %s (%s=%d, quantity %lld, service %s) moved the balance "
                      "by %s, runs x quantity x rate / 1000 is %s%s",
                      id, t->runs_param, DRIP_RUNS, (long long)qty, svc->id, a, e,
                      single ? " (the charge of one run)" : "");
    }
    if (ok && have_after)
        check_obs_seen(&o, 0);
    check_obs_finish(rn, &o, "drip-feed order %s (%d runs x quantity %lld) charged %s", id,
                     DRIP_RUNS, (long long)qty, money_text(cost, e, sizeof(e)));
}

/* idempotency.repeat: an add sent twice with the same idempotency value gives the same order
 * and charges once; a new value gives a new order. */
void checks_idempotency(runner *rn)
{
    const panel_dialect *d = rn->d;
    const char *ip = d->idempotency_param;
    const panel_service_type *t = NULL;
    if (!ip) {
        check_skip(rn, CHECK_IDEMPOTENCY_REPEAT, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the dialect declares no idempotency parameter");
        return;
    }
    const panel_service *svc = add_service(rn, 0, &t);
    if (!svc) {
        skip_no_service(rn, CHECK_IDEMPOTENCY_REPEAT, "service add accepts");
        return;
    }
    panel_money cost = runner_order_cost(t, svc), before = 0, b2 = 0;
    char why[256], id1[128], id2[128], id3[128], repro[2048], m1[40], m2[40];
    if (!policy_order_allowed(rn->o->pol, 2 * cost, why, sizeof(why))) {
        check_skip(rn, CHECK_IDEMPOTENCY_REPEAT, NULL, NULL, CHECK_SKIP_POLICY, "%s", why);
        return;
    }
    int have = runner_balance_before(rn, &before);
    if (have && before < 2 * cost) {
        check_skip(rn, CHECK_IDEMPOTENCY_REPEAT, NULL, NULL, CHECK_SKIP_POLICY,
                   "the balance is below the cost of two orders");
        return;
    }
    check_obs o;
    check_obs_init(&o, CHECK_IDEMPOTENCY_REPEAT, NULL, NULL, basis_of(&d->idempotency_basis));
    panel_form f;
    runner_add_params(d, t, svc, NULL, NULL, NULL, &f); /* a fresh idempotency value */
    const char *value = panel_form_get_borrow(&f, ip);
    int h2 = 0;
    int ok = add_once(rn, &o, basis_shape(d, PANEL_ACTION_ADD, 0), &f, id1, sizeof(id1), NULL, NULL,
                      repro, sizeof(repro));
    /* the repeat, then one balance read: the two adds must have cost one order */
    if (ok && add_once(rn, &o, o.basis, &f, id2, sizeof(id2), &b2, &h2, repro, sizeof(repro))) {
        check_obs_seen(&o, 0);
        if (strcmp(id1, id2))
            check_obs_add(&o, basis_outcome(o.basis), o.basis, "new order on a repeat", "/order",
                          id1, id2, repro,
                          "the add repeated with %s=%s placed order %s, the first gave %s", ip,
                          value ? value : "", id2, id1);
        if (have && h2 && before - b2 != cost)
            check_obs_add(&o, basis_outcome(o.basis), o.basis, "charged again", "/balance",
                          money_text(cost, m1, sizeof(m1)), money_text(before - b2, m2, sizeof(m2)),
                          repro,
                          "the add and its repeat (%s=%s) moved the balance by %s, one order "
                          "costs %s",
                          ip, value ? value : "", m2, m1);
    }
    panel_form_free(&f);
    if (ok && !rn->stop) {
        panel_form g;
        runner_add_params(d, t, svc, NULL, NULL, NULL, &g); /* another value */
        if (add_once(rn, &o, basis_shape(d, PANEL_ACTION_ADD, 0), &g, id3, sizeof(id3), NULL, NULL,
                     repro, sizeof(repro))) {
            check_obs_seen(&o, 0);
            if (!strcmp(id3, id1))
                check_obs_add(&o, basis_outcome(o.basis), o.basis, "same order for a new value",
                              "/order", "a new order id", id3, repro,
                              "an add with a new %s=%s gave the first order %s again", ip,
                              panel_form_get_borrow(&g, ip) ? panel_form_get_borrow(&g, ip) : "",
                              id3);
        }
        panel_form_free(&g);
    }
    check_obs_finish(
        rn, &o, "the same %s gave order %s again and charged once; a new one a new order", ip, id1);
}
