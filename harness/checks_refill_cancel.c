/* checks_refill_cancel.c - refill.*, refill_status.*, cancel.*, ledger.refund and the refusals
 * of refill and cancel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner_internal.h"

/* Judges an accepted refill or cancel of id in r into o; copies a new refill id into rid
 * (may be NULL). Returns 1 when accepted without failure. */
static int accepted(runner *rn, check_obs *o, panel_action a, const exchange *ex,
                    const panel_result *r, const char *id, int multi, char *rid, size_t ridsz)
{
    check_basis b = basis_shape(rn->d, a, multi);
    if (runner_judge_diags(rn, o, a, multi, ex, r, NULL))
        return 0;
    const panel_entry *en = runner_entry_for(r, multi ? id : NULL);
    if (r->error || !en || en->error) {
        const char *msg = r->error ? r->error : en ? en->error : "no entry for the order";
        check_obs_add(o, CHECK_FAIL, b, "not accepted", r->error ? "/error" : "", "accepted", msg,
                      ex->repro, "order %s: %s", id, msg);
        return 0;
    }
    if (a == PANEL_ACTION_CANCEL && !en->ok) {
        check_obs_add(o, CHECK_FAIL, b, "not ok", "", "a successful cancel", "not ok", ex->repro,
                      "cancel of order %s not reported as successful", id);
        return 0;
    }
    if (a == PANEL_ACTION_REFILL) {
        if (!en->refill_id && !en->ok) {
            check_obs_add(o, CHECK_FAIL, b, "no refill id", "/refill", "a refill id", "absent",
                          ex->repro, "refill of order %s returned no refill id", id);
            return 0;
        }
        if (rid && en->refill_id)
            snprintf(rid, ridsz, "%s", en->refill_id);
    }
    return 1;
}

/* 1 when status s is one the dialect allows refill in (no rule: completed or partial). */
static int refill_status_ok(const panel_dialect *d, panel_status s)
{
    if (d->refill_statuses)
        return (d->refill_statuses & (1u << s)) != 0;
    return s == PANEL_STATUS_COMPLETED || s == PANEL_STATUS_PARTIAL;
}

/* 1 when o settled in a status a refill may be asked for. */
static int refillable_now(const panel_dialect *d, const order *o)
{
    return o->settled > 0 && refill_status_ok(d, o->last);
}

/* refill.status_refused: a fresh order of a refillable service, not yet in a status the
 * dialect's refill rules allow, is refused. */
static void refill_too_early(runner *rn, int multi)
{
    const panel_dialect *d = rn->d;
    if (!d->refill_statuses) {
        check_skip(rn, CHECK_REFILL_STATUS_REFUSED, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the dialect has no refill rules on statuses");
        return;
    }
    order *o = runner_fresh_order(rn, 1, -1);
    if (!o) {
        check_skip(rn, CHECK_REFILL_STATUS_REFUSED, NULL, NULL,
                   rn->stop ? rn->stop_kind : CHECK_SKIP_NO_DATA, "%s",
                   rn->stop ? rn->stop_why : "no order of a refillable service could be placed");
        return;
    }
    o->observed = 1;
    exchange ex;
    runner_id_send(rn, PANEL_ACTION_REFILL, o->id, multi, &ex);
    check_obs c;
    check_obs_init(&c, CHECK_REFILL_STATUS_REFUSED, NULL, NULL, basis_of(&d->refill_rules_basis));
    runner_judge_refusal(rn, &c, PANEL_ACTION_REFILL, &ex, PANEL_ERRCASE_NOT_REFILLABLE, o->id,
                         multi, NULL);
    check_obs_finish(rn, &c, "a refill of new order %s was refused", o->id);
    exchange_free(&ex);
}

/* Skips check id because order o (may be NULL) cannot be refilled now. */
static void skip_not_refillable(runner *rn, check_id id, const order *o)
{
    if (rn->stop)
        check_skip(rn, id, NULL, NULL, rn->stop_kind, "%s", rn->stop_why);
    else if (o && o->settled < 0)
        check_skip(rn, id, NULL, NULL, CHECK_SKIP_TIMEOUT,
                   "order %s did not settle in the poll window (last: %s)", o->id,
                   panel_status_name(o->last));
    else
        check_skip(rn, id, NULL, NULL, CHECK_SKIP_NO_DATA,
                   "no completed order of a refillable service");
}

/* Why action a cannot be sent for an id, written into buf ("the document has no refill action",
 * or a documented single form without its id parameter); NULL when it can. */
static const char *id_missing(const panel_dialect *d, panel_action a, char *buf, size_t n)
{
    if (!d->actions[a].documented)
        snprintf(buf, n, "the document has no %s action", panel_action_name(a));
    else if (runner_id_form(d, a) < 0)
        snprintf(buf, n, "the document names no id parameter for %s", panel_action_name(a));
    else
        return NULL;
    return buf;
}

/* refill.single, refill.multi, refill.only_where_refill, neg.refill_bogus_order_id, and the
 * refill_status checks as soon as a refill exists (a refill's early statuses are short). */
void checks_refill(runner *rn, order *p, char rids[2][64])
{
    int status_done = 0;
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_REFILL];
    char why[256], nb[96];
    static const check_id ids[] = {CHECK_REFILL_SINGLE, CHECK_REFILL_MULTI,
                                   CHECK_REFILL_ONLY_WHERE_REFILL, CHECK_NEG_REFILL_BOGUS_ORDER_ID,
                                   CHECK_REFILL_STATUS_REFUSED};
    const char *nodoc = id_missing(d, PANEL_ACTION_REFILL, nb, sizeof(nb));
    if (nodoc || !policy_change_allowed(rn->o->pol, why, sizeof(why))) {
        for (size_t i = 0; i < 5; i++)
            check_skip(rn, ids[i], NULL, NULL,
                       nodoc ? CHECK_SKIP_NOT_DOCUMENTED : CHECK_SKIP_POLICY, "%s",
                       nodoc ? nodoc : why);
        checks_refill_status(rn, rids);
        return;
    }
    int has_single = sp->single.present && sp->single_param;
    int has_multi = sp->multi.present && sp->multi_param;
    exchange ex;
    char bogus[40];
    runner_bogus_id(&d->order_id, 5, bogus, sizeof(bogus));
    runner_id_send(rn, PANEL_ACTION_REFILL, bogus, !has_single, &ex);
    runner_expect_refusal(rn, CHECK_NEG_REFILL_BOGUS_ORDER_ID, NULL, PANEL_ACTION_REFILL, &ex,
                          PANEL_ERRCASE_BAD_ORDER_ID, bogus, !has_single, NULL);
    exchange_free(&ex);
    check_obs o;
    if (!has_single)
        check_skip(rn, CHECK_REFILL_SINGLE, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the document has no single refill form");
    else if (!p || p->svc->refill != 1 || !refillable_now(d, p))
        skip_not_refillable(rn, CHECK_REFILL_SINGLE, p && p->svc->refill == 1 ? p : NULL);
    else {
        check_obs_init(&o, CHECK_REFILL_SINGLE, NULL, NULL, basis_shape(d, PANEL_ACTION_REFILL, 0));
        panel_result *r = runner_id_query(rn, &o, PANEL_ACTION_REFILL, p->id, 0, &ex);
        if (r)
            accepted(rn, &o, PANEL_ACTION_REFILL, &ex, r, p->id, 0, rids[0], 64);
        check_obs_finish(rn, &o, "refill of order %s accepted", p->id);
        panel_result_free(r);
        exchange_free(&ex);
    }
    if (rids[0][0]) {
        checks_refill_status(rn, rids);
        status_done = 1;
    }
    if (has_multi) {
        order *q = runner_fresh_order(rn, 1, -1);
        if (q) {
            q->observed = 1;
            check_obs scratch;
            check_obs_init(&scratch, CHECK_REFILL_MULTI, NULL, NULL,
                           basis_action(d, PANEL_ACTION_STATUS));
            runner_poll_terminal(rn, &scratch, q);
            check_obs_drop(rn, &scratch);
        }
        if (!q || !refillable_now(d, q))
            skip_not_refillable(rn, CHECK_REFILL_MULTI, q);
        else {
            check_obs_init(&o, CHECK_REFILL_MULTI, NULL, NULL,
                           basis_shape(d, PANEL_ACTION_REFILL, 1));
            panel_result *r = runner_id_query(rn, &o, PANEL_ACTION_REFILL, q->id, 1, &ex);
            if (r)
                accepted(rn, &o, PANEL_ACTION_REFILL, &ex, r, q->id, 1, rids[1], 64);
            check_obs_finish(rn, &o, "multi refill of order %s accepted", q->id);
            panel_result_free(r);
            exchange_free(&ex);
        }
    } else {
        check_skip(rn, CHECK_REFILL_MULTI, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the document has no multi refill form");
    }
    if (!status_done)
        checks_refill_status(rn, rids);
    refill_too_early(rn, !has_single);
    order *n = runner_find_order(rn, 0, -1, 0);
    if (!n)
        n = runner_fresh_order(rn, 0, -1);
    if (!n) {
        check_skip(rn, CHECK_REFILL_ONLY_WHERE_REFILL, NULL, NULL,
                   rn->stop ? rn->stop_kind : CHECK_SKIP_NO_DATA, "%s",
                   rn->stop ? rn->stop_why : "no order of a service with refill=false");
        return;
    }
    n->observed = 1;
    check_obs scratch;
    check_obs_init(&scratch, CHECK_REFILL_ONLY_WHERE_REFILL, NULL, NULL,
                   basis_action(d, PANEL_ACTION_STATUS));
    runner_poll_terminal(rn, &scratch, n);
    check_obs_drop(rn, &scratch);
    runner_id_send(rn, PANEL_ACTION_REFILL, n->id, !has_single, &ex);
    runner_expect_refusal(rn, CHECK_REFILL_ONLY_WHERE_REFILL, NULL, PANEL_ACTION_REFILL, &ex,
                          PANEL_ERRCASE_NOT_REFILLABLE, n->id, !has_single, NULL);
    exchange_free(&ex);
}

/* refill_status.single, refill_status.multi, neg.bogus_refill_id. */
void checks_refill_status(runner *rn, char rids[2][64])
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_REFILL_STATUS];
    static const check_id ids[] = {CHECK_REFILL_STATUS_SINGLE, CHECK_REFILL_STATUS_MULTI,
                                   CHECK_NEG_BOGUS_REFILL_ID};
    char nb[96];
    const char *nodoc = id_missing(d, PANEL_ACTION_REFILL_STATUS, nb, sizeof(nb));
    if (nodoc) {
        for (size_t i = 0; i < 3; i++)
            check_skip(rn, ids[i], NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED, "%s", nodoc);
        return;
    }
    int has_single = sp->single.present && sp->single_param;
    int has_multi = sp->multi.present && sp->multi_param;
    const char *any = rids[0][0] ? rids[0] : rids[1][0] ? rids[1] : NULL;
    exchange ex;
    for (int multi = 0; multi < 2; multi++) {
        check_id id = ids[multi];
        if (!(multi ? has_multi : has_single)) {
            check_skip(rn, id, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED, "%s",
                       multi ? "the document has no multi form"
                             : "the document has no single form");
            continue;
        }
        if (!any) {
            check_skip(rn, id, NULL, NULL, rn->stop ? rn->stop_kind : CHECK_SKIP_NO_DATA, "%s",
                       rn->stop ? rn->stop_why : "no refill was created to query");
            continue;
        }
        check_obs o;
        check_obs_init(&o, id, NULL, NULL, basis_shape(d, PANEL_ACTION_REFILL_STATUS, multi));
        panel_result *r = runner_id_query(rn, &o, PANEL_ACTION_REFILL_STATUS, any, multi, &ex);
        if (r && !runner_judge_diags(rn, &o, PANEL_ACTION_REFILL_STATUS, multi, &ex, r, NULL)) {
            const panel_entry *en = runner_entry_for(r, multi ? any : NULL);
            if (r->error || !en || en->error || !(en->has & PANEL_HAS_STATUS) ||
                en->status == PANEL_STATUS_UNKNOWN) {
                const char *msg = r->error    ? r->error
                                  : !en       ? "no entry for the refill"
                                  : en->error ? en->error
                                              : "no known status";
                check_obs_add(&o, CHECK_FAIL, o.basis, "no refill status",
                              r->error ? "/error" : "/status", "a refill status", msg, ex.repro,
                              "refill %s: %s", any, msg);
            }
        }
        check_obs_finish(rn, &o, "refill status read");
        panel_result_free(r);
        exchange_free(&ex);
    }
    char bogus[40];
    runner_bogus_id(&d->refill_id, 7, bogus, sizeof(bogus));
    runner_id_send(rn, PANEL_ACTION_REFILL_STATUS, bogus, !has_single, &ex);
    runner_expect_refusal(rn, CHECK_NEG_BOGUS_REFILL_ID, NULL, PANEL_ACTION_REFILL_STATUS, &ex,
                          PANEL_ERRCASE_BAD_REFILL_ID, bogus, !has_single, NULL);
    exchange_free(&ex);
}

/* Re-reads cancelled order c until it settles and judges what it reads into after. */
static void status_after(runner *rn, check_obs *after, order *c)
{
    if (!rn->d->actions[PANEL_ACTION_STATUS].documented)
        return;
    check_obs scratch;
    check_obs_init(&scratch, CHECK_CANCEL_STATUS_AFTER, NULL, NULL, after->basis);
    c->settled = 0;
    runner_poll_terminal(rn, &scratch, c);
    check_obs_drop(rn, &scratch);
    if (c->settled < 0) {
        check_obs_block(after, rn->stop ? rn->stop_kind : CHECK_SKIP_TIMEOUT,
                        "order %s did not settle after its cancel (last: %s)", c->id,
                        panel_status_name(c->last));
        return;
    }
    check_obs_seen(after, 0);
    const char *repro = c->last_repro;
    if (c->last != PANEL_STATUS_CANCELED && c->last != PANEL_STATUS_PARTIAL) {
        check_obs_add(after, CHECK_FAIL, after->basis, "status after cancel", "/status",
                      "canceled (or partial)", panel_status_name(c->last), repro,
                      "order %s reads %s after an accepted cancel", c->id,
                      panel_status_name(c->last));
        return;
    }
    check_basis assumed = basis_rule(NULL, "a fully cancelled order has charged nothing and "
                                           "delivered nothing");
    if (c->last == PANEL_STATUS_CANCELED && (c->last_has & PANEL_HAS_CHARGE) && c->last_charge) {
        char a[40];
        panel_money_format_min(c->last_charge, 2, a, sizeof(a));
        check_obs_add(after, basis_outcome(assumed), assumed, "charge after cancel", "/charge", "0",
                      a, repro, "cancelled order %s still reads charge %s", c->id, a);
    }
    if (c->last == PANEL_STATUS_CANCELED && (c->last_has & PANEL_HAS_REMAINS) &&
        c->last_remains != c->qty) {
        char a[32], e[32];
        snprintf(a, sizeof(a), "%lld", (long long)c->last_remains);
        snprintf(e, sizeof(e), "%lld", (long long)c->qty);
        check_obs_add(after, basis_outcome(assumed), assumed, "remains after cancel", "/remains", e,
                      a, repro, "cancelled order %s reads remains %s of %s", c->id, a, e);
    }
}

/* One cancel (single or multi) of a fresh cancellable order; refunds go to refund. Returns the
 * cancelled order or NULL. */
static order *cancel_one(runner *rn, check_id id, int multi, check_obs *refund)
{
    order *c = runner_fresh_order(rn, 1, 1);
    if (!c)
        c = runner_fresh_order(rn, -1, 1);
    if (!c && !runner_flag_known(rn, 0))
        c = runner_fresh_order(rn, -1, -1);
    if (!c) {
        check_skip(rn, id, NULL, NULL, rn->stop ? rn->stop_kind : CHECK_SKIP_NO_DATA, "%s",
                   rn->stop ? rn->stop_why : "no order of a cancellable service could be placed");
        return NULL;
    }
    c->observed = 1;
    check_obs o;
    check_obs_init(&o, id, NULL, NULL, basis_shape(rn->d, PANEL_ACTION_CANCEL, multi));
    panel_money b0 = 0, b1 = 0;
    exchange bx, ex;
    int have = runner_get_balance(rn, &b0, &bx, NULL);
    exchange_free(&bx);
    panel_result *r = runner_id_query(rn, &o, PANEL_ACTION_CANCEL, c->id, multi, &ex);
    int ok = r && accepted(rn, &o, PANEL_ACTION_CANCEL, &ex, r, c->id, multi, NULL, 0);
    check_obs_finish(rn, &o, "cancel of order %s accepted", c->id);
    if (ok) {
        c->cancelled = 1;
        if (have && runner_get_balance(rn, &b1, &bx, NULL)) {
            check_obs_seen(refund, ex.resp.elapsed_ms + bx.resp.elapsed_ms);
            if (b1 - b0 != c->charge) {
                char e[40], a[40];
                panel_money_format_min(c->charge, 2, e, sizeof(e));
                panel_money_format_min(b1 - b0, 2, a, sizeof(a));
                char ee[48];
                snprintf(ee, sizeof(ee), "+%s", e);
                check_obs_add(refund, CHECK_FAIL, refund->basis, "refund differs", "/balance", ee,
                              a, ex.repro, "cancel of order %s (charge %s) moved the balance by %s",
                              c->id, e, a);
            }
        }
        exchange_free(&bx);
    }
    panel_result_free(r);
    exchange_free(&ex);
    return ok ? c : NULL;
}

/* cancel.single, cancel.multi, ledger.refund, cancel.terminal_refused,
 * cancel.noncancellable_refused, refill.cancelled_refused. */
void checks_cancel(runner *rn, order *p)
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_CANCEL];
    const panel_action_spec *rf = &d->actions[PANEL_ACTION_REFILL];
    char why[256];
    static const check_id ids[] = {
        CHECK_CANCEL_SINGLE,           CHECK_CANCEL_MULTI,  CHECK_CANCEL_NONCANCELLABLE_REFUSED,
        CHECK_CANCEL_TERMINAL_REFUSED, CHECK_LEDGER_REFUND, CHECK_CANCEL_STATUS_AFTER};
    int allowed = policy_change_allowed(rn->o->pol, why, sizeof(why));
    char nb[96], rb[96];
    const char *nodoc = id_missing(d, PANEL_ACTION_CANCEL, nb, sizeof(nb));
    const char *rf_nodoc = id_missing(d, PANEL_ACTION_REFILL, rb, sizeof(rb));
    if (nodoc || !allowed) {
        check_skip_kind k = nodoc ? CHECK_SKIP_NOT_DOCUMENTED : CHECK_SKIP_POLICY;
        for (size_t i = 0; i < 6; i++)
            check_skip(rn, ids[i], NULL, NULL, k, "%s", nodoc ? nodoc : why);
        check_skip(rn, CHECK_REFILL_CANCELLED_REFUSED, NULL, NULL,
                   rf_nodoc ? CHECK_SKIP_NOT_DOCUMENTED : k, "%s",
                   rf_nodoc   ? rf_nodoc
                   : !allowed ? why
                              : nodoc);
        return;
    }
    int has_single = sp->single.present && sp->single_param;
    int has_multi = sp->multi.present && sp->multi_param;
    order *cancelled = NULL;
    check_obs refund;
    check_obs_init(&refund, CHECK_LEDGER_REFUND, NULL, NULL,
                   basis_invariant("a cancelled order's charge comes back to the unit"));
    exchange ex;
    for (int multi = 0; multi < 2; multi++) {
        check_id id = ids[multi];
        if (!(multi ? has_multi : has_single)) {
            check_skip(rn, id, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED, "%s",
                       multi ? "the document has no multi cancel form"
                             : "the document has no single cancel form");
            continue;
        }
        order *c = cancel_one(rn, id, multi, &refund);
        if (c && !cancelled)
            cancelled = c;
    }
    check_obs after;
    check_obs_init(&after, CHECK_CANCEL_STATUS_AFTER, NULL, NULL,
                   basis_action(d, PANEL_ACTION_CANCEL));
    if (!d->actions[PANEL_ACTION_STATUS].documented)
        check_obs_block(&after, CHECK_SKIP_NOT_DOCUMENTED, "the document has no status action");
    else if (runner_id_form(d, PANEL_ACTION_STATUS) < 0)
        check_obs_block(&after, CHECK_SKIP_NOT_DOCUMENTED,
                        "the document names no id parameter for status");
    else if (!cancelled)
        check_obs_block(&after, rn->stop ? rn->stop_kind : CHECK_SKIP_NO_DATA, "%s",
                        rn->stop ? rn->stop_why : "no order was cancelled");
    else
        status_after(rn, &after, cancelled);
    check_obs_finish(rn, &after, "order %s reads %s after its cancel",
                     cancelled ? cancelled->id : "?",
                     cancelled ? panel_status_name(cancelled->last) : "?");
    if (!refund.seen)
        check_obs_block(&refund, CHECK_SKIP_NO_DATA,
                        "no order was cancelled with a readable balance");
    check_obs_finish(rn, &refund, "cancelled orders refunded exactly");
    if (!p || p->settled <= 0)
        check_skip(rn, CHECK_CANCEL_TERMINAL_REFUSED, NULL, NULL,
                   p && p->settled < 0 ? CHECK_SKIP_TIMEOUT : CHECK_SKIP_NO_DATA,
                   "no order reached a terminal status");
    else {
        runner_id_send(rn, PANEL_ACTION_CANCEL, p->id, !has_single, &ex);
        runner_expect_refusal(rn, CHECK_CANCEL_TERMINAL_REFUSED, NULL, PANEL_ACTION_CANCEL, &ex,
                              PANEL_ERRCASE_NOT_CANCELLABLE, p->id, !has_single, NULL);
        exchange_free(&ex);
    }
    /* a fresh order, so that a refusal can only be for the service's cancel=false (an older
     * order may have settled, and a settled order is refused anyway) */
    order *n = runner_fresh_order(rn, -1, 0);
    if (!n)
        n = runner_find_order(rn, -1, 0, 0);
    if (!n)
        check_skip(rn, CHECK_CANCEL_NONCANCELLABLE_REFUSED, NULL, NULL,
                   rn->stop ? rn->stop_kind : CHECK_SKIP_NO_DATA, "%s",
                   rn->stop ? rn->stop_why : "no order of a service with cancel=false");
    else {
        n->observed = 1;
        runner_id_send(rn, PANEL_ACTION_CANCEL, n->id, !has_single, &ex);
        runner_expect_refusal(rn, CHECK_CANCEL_NONCANCELLABLE_REFUSED, NULL, PANEL_ACTION_CANCEL,
                              &ex, PANEL_ERRCASE_NOT_CANCELLABLE, n->id, !has_single, NULL);
        exchange_free(&ex);
    }
    int rf_single = rf->single.present && rf->single_param;
    if (rf_nodoc)
        check_skip(rn, CHECK_REFILL_CANCELLED_REFUSED, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED, "%s",
                   rf_nodoc);
    else if (!cancelled)
        check_skip(rn, CHECK_REFILL_CANCELLED_REFUSED, NULL, NULL,
                   rn->stop ? rn->stop_kind : CHECK_SKIP_NO_DATA, "%s",
                   rn->stop ? rn->stop_why : "no order was cancelled");
    else {
        runner_id_send(rn, PANEL_ACTION_REFILL, cancelled->id, !rf_single, &ex);
        runner_expect_refusal(rn, CHECK_REFILL_CANCELLED_REFUSED, NULL, PANEL_ACTION_REFILL, &ex,
                              PANEL_ERRCASE_NOT_REFILLABLE, cancelled->id, !rf_single, NULL);
        exchange_free(&ex);
    }
}
