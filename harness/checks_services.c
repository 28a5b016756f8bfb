/* checks_services.c - services.* (the list every later check depends on) and balance.shape. */
#include <stdio.h>
#include <string.h>

#include "runner_internal.h"

/* Diagnostics of the list's shape. */
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

/* Diagnostics for min/max (judged by services.min_le_max on the values). */
static int diag_minmax(const panel_diag *g)
{
    return g->code == PANEL_DIAG_MIN_OVER_MAX;
}

/* Diagnostics for service types. */
static int diag_type(const panel_diag *g)
{
    return g->code == PANEL_DIAG_UNKNOWN_SERVICE_TYPE;
}

/* Every other diagnostic. */
static int diag_fields(const panel_diag *g)
{
    return !diag_shape(g) && !diag_rate(g) && !diag_minmax(g) && !diag_type(g);
}

/* Judges services.shape; returns 1 when the list is usable by the other checks. */
static int judge_shape(runner *rn, check_obs *o, const exchange *ex, const panel_result *r)
{
    size_t fails = runner_judge_diags(rn, o, PANEL_ACTION_SERVICES, 0, ex, r, diag_shape);
    if (r->error)
        check_obs_add(o, CHECK_FAIL, o->basis, "error answer", "", "a non-empty service list",
                      r->error, ex->repro, "the services answer is an error: %s", r->error);
    else if (r->n_services == 0)
        check_obs_add(o, CHECK_FAIL, o->basis, "empty", "", "a non-empty service list", "[]",
                      ex->repro, "the services list is empty");
    else
        return fails == 0 || r->n_services > 0;
    return 0;
}

/* The blocked reason of the other checks: "blocked by services.shape: <headline>". */
static void note_blocked(runner *rn, const check_obs *shape)
{
    const char *why = "no answer";
    for (size_t i = 0; i < shape->n_groups; i++)
        if (shape->groups[i].status == CHECK_FAIL && shape->groups[i].examples[0]) {
            why = shape->groups[i].examples[0];
            break;
        }
    if (shape->skip_kind != CHECK_SKIP_NONE)
        why = shape->skip_why;
    snprintf(rn->services_blocked, sizeof(rn->services_blocked),
             "blocked by services.shape: %.200s", why);
}

/* 1 when some service of r carries a rate: a non-zero one, or no rate was reported missing. */
static int any_rate(const panel_result *r)
{
    for (size_t i = 0; i < r->n_services; i++)
        if (r->services[i].rate != 0)
            return 1;
    for (size_t i = 0; i < r->n_diags; i++)
        if (r->diags[i].code == PANEL_DIAG_MISSING_FIELD && r->diags[i].expected &&
            !strcmp(r->diags[i].expected, "rate"))
            return 0;
    return 1; /* every rate is a present zero */
}

/* services.min_le_max, rate_decimal, types_known and fields over a usable list. */
static void judge_list(runner *rn, const exchange *ex, const panel_result *r)
{
    const panel_dialect *d = rn->d;
    check_basis b = basis_shape(d, PANEL_ACTION_SERVICES, 0);
    check_obs fields, mm, rate, types;
    check_obs_init(&fields, CHECK_SERVICES_FIELDS, NULL, NULL, b);
    check_obs_init(&mm, CHECK_SERVICES_MIN_LE_MAX, NULL, NULL,
                   basis_invariant("a service with min over max cannot be ordered"));
    check_obs_init(&rate, CHECK_SERVICES_RATE_DECIMAL, NULL, NULL, b);
    check_obs_init(&types, CHECK_SERVICES_TYPES_KNOWN, NULL, NULL, b);
    runner_judge_diags(rn, &fields, PANEL_ACTION_SERVICES, 0, ex, r, diag_fields);
    check_obs_seen(&mm, ex->resp.elapsed_ms); /* judged on the values, whatever the diags */
    runner_judge_diags(rn, &rate, PANEL_ACTION_SERVICES, 0, ex, r, diag_rate);
    runner_judge_diags(rn, &types, PANEL_ACTION_SERVICES, 0, ex, r, diag_type);
    for (size_t i = 0; i < r->n_services; i++) {
        const panel_service *s = &r->services[i];
        const char *sid = s->id ? s->id : "?";
        char p[64], e[64], a[64];
        if (s->min > s->max) {
            snprintf(p, sizeof(p), "/%zu/min", i);
            snprintf(e, sizeof(e), "<= %lld", (long long)s->max);
            snprintf(a, sizeof(a), "%lld", (long long)s->min);
            check_obs_add(&mm, CHECK_FAIL, mm.basis, "min over max", p, e, a, ex->repro,
                          "service %s has min over max", sid);
        }
        if (s->rate < 0) {
            snprintf(p, sizeof(p), "/%zu/rate", i);
            check_obs_add(&rate, CHECK_FAIL, basis_invariant("a rate is never negative"),
                          "negative rate", p, ">= 0", "negative", ex->repro,
                          "service %s has a negative rate", sid);
        }
        if (s->type && !panel_dialect_type(d, s->type)) {
            snprintf(p, sizeof(p), "/%zu/type", i);
            check_obs_add(&types, CHECK_WARN, b, "undocumented type", p,
                          "a service type the document describes", s->type, ex->repro,
                          "service %s has undocumented type '%s'", sid, s->type);
        }
    }
    if (r->n_services > 0 && !any_rate(r))
        check_obs_block(&rate, CHECK_SKIP_BLOCKED,
                        "blocked by services.fields: no service carries a rate");
    char msg[96];
    snprintf(msg, sizeof(msg), "%zu services", r->n_services);
    check_obs_finish(rn, &fields, "%s have the documented fields", msg);
    check_obs_finish(rn, &mm, "%s have min <= max", msg);
    check_obs_finish(rn, &rate, "%s have exact decimal rates", msg);
    check_obs_finish(rn, &types, "%s have documented types", msg);
}

/* balance.shape. */
static void check_balance(runner *rn)
{
    check_obs o;
    check_obs_init(&o, CHECK_BALANCE_SHAPE, NULL, NULL,
                   basis_shape(rn->d, PANEL_ACTION_BALANCE, 0));
    panel_form f;
    runner_base_params(&f, runner_action_word(rn->d, PANEL_ACTION_BALANCE, 0));
    exchange ex;
    panel_result *r = runner_positive(rn, &o, PANEL_ACTION_BALANCE, 0, 0, &f, 1, &ex);
    panel_form_free(&f);
    if (r) {
        runner_judge_diags(rn, &o, PANEL_ACTION_BALANCE, 0, &ex, r, NULL);
        if (!(r->has & PANEL_HAS_BALANCE) || r->error)
            check_obs_add(&o, CHECK_FAIL, o.basis, "no balance", "/balance", "a balance amount",
                          r->error ? r->error : "absent", ex.repro, "no balance in the answer");
    }
    check_obs_finish(rn, &o, "balance read");
    panel_result_free(r);
    exchange_free(&ex);
}

/* services.* and balance.shape; keeps a usable services list in rn->services. */
void checks_services(runner *rn)
{
    check_obs shape;
    check_obs_init(&shape, CHECK_SERVICES_SHAPE, NULL, NULL,
                   basis_shape(rn->d, PANEL_ACTION_SERVICES, 0));
    panel_form f;
    runner_base_params(&f, runner_action_word(rn->d, PANEL_ACTION_SERVICES, 0));
    exchange ex;
    panel_result *r = runner_positive(rn, &shape, PANEL_ACTION_SERVICES, 0, 0, &f, 1, &ex);
    panel_form_free(&f);
    int usable = r && judge_shape(rn, &shape, &ex, r);
    if (!usable)
        note_blocked(rn, &shape);
    if (rn->stop && rn->s->unreachable && !r) {
        check_obs_free(&shape); /* transport.reachable says it */
        exchange_free(&ex);
        return;
    }
    check_obs_finish(rn, &shape, "the list has the documented shape");
    if (usable) {
        judge_list(rn, &ex, r);
        rn->services = r;
        r = NULL;
    } else {
        static const check_id rest[] = {CHECK_SERVICES_FIELDS, CHECK_SERVICES_MIN_LE_MAX,
                                        CHECK_SERVICES_RATE_DECIMAL, CHECK_SERVICES_TYPES_KNOWN};
        for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
            check_skip(rn, rest[i], NULL, NULL, CHECK_SKIP_BLOCKED, "%s", rn->services_blocked);
    }
    panel_result_free(r);
    exchange_free(&ex);
    if (runner_want(rn, PANEL_ACTION_BALANCE))
        check_balance(rn);
}
