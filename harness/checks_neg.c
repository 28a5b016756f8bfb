/* checks_neg.c - the negatives: error envelope (bad and malformed key, the key out of place,
 * missing and unknown action), refused adds that must not charge, status of an id that does
 * not exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner_internal.h"

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

/* Sends f with key and judges the refusal of case c as check id (action "error"). */
static void envelope(runner *rn, check_id id, const char *key, const panel_form *f, panel_errcase c)
{
    exchange ex;
    runner_send(rn, PANEL_ACTION_ERROR, key, f, 0, &ex);
    runner_expect_refusal(rn, id, NULL, PANEL_ACTION_ERROR, &ex, c, NULL, 0, NULL);
    exchange_free(&ex);
}

/* neg.bad_key, neg.malformed_key, neg.missing_action, neg.unknown_action. */
void checks_neg_basic(runner *rn)
{
    const panel_dialect *d = rn->d;
    panel_form f;
    char key[128];
    wrong_key(d, rn->o->key, key, sizeof(key));
    runner_base_params(&f, runner_action_word(d, PANEL_ACTION_BALANCE, 0));
    envelope(rn, CHECK_NEG_BAD_KEY, key, &f, PANEL_ERRCASE_BAD_KEY);
    envelope(rn, CHECK_NEG_MALFORMED_KEY, "panelcheck-malformed!", &f, PANEL_ERRCASE_MALFORMED_KEY);
    panel_form_free(&f);
    runner_base_params(&f, NULL);
    envelope(rn, CHECK_NEG_MISSING_ACTION, rn->o->key, &f, PANEL_ERRCASE_MISSING_ACTION);
    panel_form_free(&f);
    runner_base_params(&f, "panelcheck_no_such_action");
    envelope(rn, CHECK_NEG_UNKNOWN_ACTION, rn->o->key, &f, PANEL_ERRCASE_UNKNOWN_ACTION);
    panel_form_free(&f);
}

/* Where neg.key_placement sends the key: a place the dialect does not accept it in (the body
 * for a header or query key, an Authorization: Bearer header for a body or query key), with
 * its name in *where; 0 when the dialect accepts the key everywhere the check could try. */
static int key_elsewhere(const panel_dialect *d, request_how *how, const char **where)
{
    *how = request_how_default(d);
    int get = how->method == PANEL_METHOD_GET;
    if (d->key_in != PANEL_KEYLOC_BODY && !get &&
        !panel_dialect_key_location_ok(d, PANEL_KEYLOC_BODY)) {
        how->key_at = PANEL_KEYLOC_BODY;
        *where = "the request body";
        return 1;
    }
    if (d->key_in != PANEL_KEYLOC_HEADER &&
        !panel_dialect_key_location_ok(d, PANEL_KEYLOC_HEADER)) {
        how->key_at = PANEL_KEYLOC_HEADER;
        how->header = "Authorization";
        how->scheme = "Bearer";
        *where = "an Authorization: Bearer header";
        return 1;
    }
    return 0;
}

/* neg.key_placement: the real key, sent only where the document does not allow it, must not
 * authenticate; the basis is the key location rule's (an assumed one warns). */
void checks_neg_key_placement(runner *rn)
{
    const panel_dialect *d = rn->d;
    request_how how;
    const char *where = NULL;
    if (!key_elsewhere(d, &how, &where)) {
        check_skip(rn, CHECK_NEG_KEY_PLACEMENT, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the dialect accepts the key in every place the check can send it");
        return;
    }
    check_basis kb = basis_of(&d->key_location_basis);
    check_obs o;
    check_obs_init(&o, CHECK_NEG_KEY_PLACEMENT, NULL, NULL, kb);
    panel_form f;
    runner_base_params(&f, runner_action_word(d, PANEL_ACTION_BALANCE, 0));
    exchange ex;
    runner_send_how(rn, PANEL_ACTION_ERROR, rn->o->key, &how, &f, 0, &ex);
    panel_form_free(&f);
    panel_result *r = NULL;
    if (ex.resp.outcome == HTTP_OK &&
        panel_parse(d, PANEL_ACTION_BALANCE, ex.resp.body.data ? ex.resp.body.data : "",
                    ex.resp.body.len, NULL, &r) == PANEL_E_NOMEM)
        o.nomem = 1; /* no verdict: the run ends in PANEL_E_NOMEM */
    if (r && (r->has & PANEL_HAS_BALANCE) && !r->error) {
        check_obs_seen(&o, ex.resp.elapsed_ms);
        check_obs_add(&o, basis_outcome(kb), kb, "key accepted elsewhere", "transport",
                      "a refusal (the key is not where the dialect reads it)", "the balance",
                      ex.repro, "the key sent only in %s was accepted: the balance was answered",
                      where);
    } else {
        runner_judge_refusal(rn, &o, PANEL_ACTION_ERROR, &ex, PANEL_ERRCASE_BAD_KEY, NULL, 0, NULL);
    }
    panel_result_free(r);
    exchange_free(&ex);
    check_obs_finish(rn, &o, "the key sent only in %s was refused", where);
}

/* Sends an add that must be refused for case c without moving the balance. */
static void neg_add(runner *rn, check_id id, const char *suffix, const panel_service_type *t,
                    const panel_service *svc, const char *skip_param, const char *override,
                    const char *value, panel_errcase c)
{
    char why[256];
    if (!policy_order_allowed(rn->o->pol, runner_order_cost(t, svc), why, sizeof(why))) {
        check_skip(rn, id, suffix, NULL, CHECK_SKIP_POLICY, "%s", why);
        return;
    }
    panel_money before = 0;
    exchange ex;
    int have = runner_balance_before(rn, &before);
    panel_form f;
    runner_add_params(rn->d, t, svc, skip_param, override, value, &f);
    runner_send(rn, PANEL_ACTION_ADD, rn->o->key, &f, 0, &ex);
    panel_form_free(&f);
    runner_expect_refusal(rn, id, suffix, PANEL_ACTION_ADD, &ex, c, NULL, 0, have ? &before : NULL);
    exchange_free(&ex);
}

/* neg.not_enough_funds: an order costing more than the balance must be refused. */
static void neg_funds(runner *rn)
{
    panel_money bal = 0;
    int have = runner_balance_before(rn, &bal);
    if (!have) {
        check_skip(rn, CHECK_NEG_NOT_ENOUGH_FUNDS, NULL, NULL,
                   rn->stop ? rn->stop_kind : CHECK_SKIP_BLOCKED, "%s",
                   rn->stop ? rn->stop_why
                            : "blocked by balance.shape: the balance could not be read");
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
        neg_add(rn, CHECK_NEG_NOT_ENOUGH_FUNDS, NULL, t, s, NULL, "quantity", qs,
                PANEL_ERRCASE_NOT_ENOUGH_FUNDS);
        return;
    }
    check_skip(rn, CHECK_NEG_NOT_ENOUGH_FUNDS, NULL, NULL, CHECK_SKIP_NO_DATA,
               "no service can cost more than the balance");
}

/* neg.missing_param.<type>.<param> for one type. */
static void missing_params(runner *rn, const panel_service_type *t, const panel_service *svc)
{
    const panel_dialect *d = rn->d;
    char slug[96], suffix[200], pslug[96];
    runner_slug(t->name, slug, sizeof(slug));
    for (size_t k = 0; k < t->n_required; k++) {
        runner_slug(t->required[k], pslug, sizeof(pslug));
        snprintf(suffix, sizeof(suffix), "%s.%s", slug, pslug);
        neg_add(rn, CHECK_NEG_MISSING_PARAM, suffix, t, svc, t->required[k], NULL, NULL,
                PANEL_ERRCASE_MISSING_PARAM);
    }
    for (size_t k = 0; k < t->n_cond; k++) { /* conditional params our values trigger */
        const panel_cond *c = &t->cond[k];
        char v[256];
        runner_param_value(d, t, svc, c->when, runner_order_qty(t, svc), v, sizeof(v));
        if (strcmp(v, c->equals))
            continue;
        runner_slug(c->param, pslug, sizeof(pslug));
        snprintf(suffix, sizeof(suffix), "%s.%s", slug, pslug);
        neg_add(rn, CHECK_NEG_MISSING_PARAM, suffix, t, svc, c->param, NULL, NULL,
                PANEL_ERRCASE_MISSING_PARAM);
    }
}

/* neg.invalid_service and the quantity range of a plain-quantity service. */
static void quantity_range(runner *rn, const panel_service_type *qt, const panel_service *qs)
{
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
    neg_add(rn, CHECK_NEG_INVALID_SERVICE, NULL, qt, &bogus, NULL, NULL, NULL,
            PANEL_ERRCASE_INVALID_SERVICE);
    char q[32];
    if (qs->min <= 0) {
        check_skip(rn, CHECK_NEG_QUANTITY_BELOW_MIN, NULL, NULL, CHECK_SKIP_NO_DATA,
                   "the service's min is 0");
    } else {
        snprintf(q, sizeof(q), "%lld", (long long)qs->min - 1);
        neg_add(rn, CHECK_NEG_QUANTITY_BELOW_MIN, NULL, qt, qs, NULL, "quantity", q,
                PANEL_ERRCASE_QUANTITY_RANGE);
    }
    snprintf(q, sizeof(q), "%lld", (long long)qs->max + 1);
    neg_add(rn, CHECK_NEG_QUANTITY_ABOVE_MAX, NULL, qt, qs, NULL, "quantity", q,
            PANEL_ERRCASE_QUANTITY_RANGE);
}

/* The add negatives. */
void checks_neg_add(runner *rn)
{
    const panel_dialect *d = rn->d;
    static const check_id ids[] = {CHECK_NEG_INVALID_SERVICE, CHECK_NEG_QUANTITY_BELOW_MIN,
                                   CHECK_NEG_QUANTITY_ABOVE_MAX, CHECK_NEG_INVALID_LINK};
    if (!d->actions[PANEL_ACTION_ADD].documented) {
        for (size_t i = 0; i < 4; i++)
            check_skip(rn, ids[i], NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                       "the document has no add action");
        return;
    }
    const panel_service_type *qt = NULL, *lt = NULL;
    const panel_service *qs = NULL, *ls = NULL;
    for (size_t i = 0; i < d->n_types; i++) {
        const panel_service_type *t = &d->types[i];
        const panel_service *svc = runner_service_of_type(rn, t);
        if (!svc || t->add_refused)
            continue;
        missing_params(rn, t, svc);
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
    check_skip_kind none = rn->services_blocked[0] ? CHECK_SKIP_BLOCKED : CHECK_SKIP_NO_DATA;
    if (!qt) {
        for (size_t i = 0; i < 3; i++)
            check_skip(rn, ids[i], NULL, NULL, none, "%s",
                       rn->services_blocked[0] ? rn->services_blocked
                                               : "no service with a plain quantity parameter");
    } else {
        quantity_range(rn, qt, qs);
    }
    neg_funds(rn);
    if (!lt)
        check_skip(rn, CHECK_NEG_INVALID_LINK, NULL, NULL, none, "%s",
                   rn->services_blocked[0] ? rn->services_blocked : "no service type takes a link");
    else
        neg_add(rn, CHECK_NEG_INVALID_LINK, NULL, lt, ls, NULL, "link", "not a link",
                PANEL_ERRCASE_INVALID_LINK);
}

/* neg.bogus_order_id: status of an id that does not exist. */
void checks_neg_status(runner *rn)
{
    const panel_action_spec *sp = &rn->d->actions[PANEL_ACTION_STATUS];
    if (!sp->documented) {
        check_skip(rn, CHECK_NEG_BOGUS_ORDER_ID, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the document has no status action");
        return;
    }
    int multi = runner_id_form(rn->d, PANEL_ACTION_STATUS);
    if (multi < 0) {
        check_skip(rn, CHECK_NEG_BOGUS_ORDER_ID, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the document names no id parameter for status");
        return;
    }
    char bogus[40];
    runner_bogus_id(&rn->d->order_id, 3, bogus, sizeof(bogus));
    exchange ex;
    runner_id_send(rn, PANEL_ACTION_STATUS, bogus, multi, &ex);
    runner_expect_refusal(rn, CHECK_NEG_BOGUS_ORDER_ID, NULL, PANEL_ACTION_STATUS, &ex,
                          PANEL_ERRCASE_BAD_ORDER_ID, bogus, multi, NULL);
    exchange_free(&ex);
}
