/* checks_isolation.c - account isolation: with --key2, a second account must not read, refill,
 * cancel or see the refill status of the first account's orders. */
#include <stdio.h>
#include <string.h>

#include "runner_internal.h"

/* Sends action a for id with the second key and judges the refusal of case c as check id. */
static void foreign(runner *rn, check_id id, panel_action a, const char *oid, panel_errcase c)
{
    const panel_action_spec *sp = &rn->d->actions[a];
    int multi = runner_id_form(rn->d, a);
    if (multi < 0) {
        check_skip(rn, id, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the document names no id parameter for %s", panel_action_name(a));
        return;
    }
    panel_form f;
    runner_base_params(&f, runner_action_word(rn->d, a, multi));
    panel_form_add(&f, multi ? sp->multi_param : sp->single_param, oid);
    exchange ex;
    runner_send(rn, a, rn->o->key2, &f, 0, &ex);
    panel_form_free(&f);
    runner_expect_refusal(rn, id, NULL, a, &ex, c, oid, multi, NULL);
    exchange_free(&ex);
}

/* Skips id for the reason of kind k. */
static void skip_all(runner *rn, const check_id *ids, size_t n, check_skip_kind k, const char *why)
{
    for (size_t i = 0; i < n; i++)
        check_skip(rn, ids[i], NULL, NULL, k, "%s", why);
}

/* isolation.*: p is an order of the first account, rid one of its refills (may be NULL). */
void checks_isolation(runner *rn, order *p, const char *rid)
{
    const panel_dialect *d = rn->d;
    static const check_id ids[] = {CHECK_ISOLATION_STATUS, CHECK_ISOLATION_REFILL,
                                   CHECK_ISOLATION_REFILL_STATUS, CHECK_ISOLATION_CANCEL};
    char why[256];
    if (!rn->o->key2) {
        for (size_t i = 0; i < 4; i++) {
            check_obs o;
            check_obs_init(&o, ids[i], NULL, NULL, basis_action(d, PANEL_ACTION_STATUS));
            check_obs_block(&o, CHECK_SKIP_NO_DATA, "no second account (give --key2 KEY)");
            o.keep_kind = 1;
            check_obs_finish(rn, &o, "skipped");
        }
        return;
    }
    if (rn->stop) {
        skip_all(rn, ids, 4, rn->stop_kind, rn->stop_why);
        return;
    }
    if (!p) {
        skip_all(rn, ids, 4, rn->services_blocked[0] ? CHECK_SKIP_BLOCKED : CHECK_SKIP_NO_DATA,
                 rn->services_blocked[0] ? rn->services_blocked : "no order was placed");
        return;
    }
    if (d->actions[PANEL_ACTION_STATUS].documented)
        foreign(rn, CHECK_ISOLATION_STATUS, PANEL_ACTION_STATUS, p->id, PANEL_ERRCASE_BAD_ORDER_ID);
    else
        check_skip(rn, CHECK_ISOLATION_STATUS, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the document has no status action");
    if (!d->actions[PANEL_ACTION_REFILL_STATUS].documented)
        check_skip(rn, CHECK_ISOLATION_REFILL_STATUS, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the document has no refill_status action");
    else if (!rid)
        check_skip(rn, CHECK_ISOLATION_REFILL_STATUS, NULL, NULL, CHECK_SKIP_NO_DATA,
                   "no refill was created to query");
    else
        foreign(rn, CHECK_ISOLATION_REFILL_STATUS, PANEL_ACTION_REFILL_STATUS, rid,
                PANEL_ERRCASE_BAD_REFILL_ID);
    int allowed = policy_change_allowed(rn->o->pol, why, sizeof(why));
    if (!d->actions[PANEL_ACTION_REFILL].documented || !allowed)
        check_skip(rn, CHECK_ISOLATION_REFILL, NULL, NULL,
                   !allowed ? CHECK_SKIP_POLICY : CHECK_SKIP_NOT_DOCUMENTED, "%s",
                   !allowed ? why : "the document has no refill action");
    else
        foreign(rn, CHECK_ISOLATION_REFILL, PANEL_ACTION_REFILL, p->id, PANEL_ERRCASE_BAD_ORDER_ID);
    order *c = NULL;
    if (d->actions[PANEL_ACTION_CANCEL].documented && allowed) {
        c = runner_fresh_order(rn, -1, 1);
        if (!c && !runner_flag_known(rn, 0))
            c = runner_fresh_order(rn, -1, -1);
        if (c)
            c->observed = 1;
    }
    if (!d->actions[PANEL_ACTION_CANCEL].documented || !allowed)
        check_skip(rn, CHECK_ISOLATION_CANCEL, NULL, NULL,
                   !allowed ? CHECK_SKIP_POLICY : CHECK_SKIP_NOT_DOCUMENTED, "%s",
                   !allowed ? why : "the document has no cancel action");
    else if (!c)
        check_skip(rn, CHECK_ISOLATION_CANCEL, NULL, NULL, CHECK_SKIP_NO_DATA,
                   "no order of a cancellable service could be placed");
    else
        foreign(rn, CHECK_ISOLATION_CANCEL, PANEL_ACTION_CANCEL, c->id, PANEL_ERRCASE_BAD_ORDER_ID);
}
