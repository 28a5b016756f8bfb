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
