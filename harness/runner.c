/* runner.c - the run loop over the check groups, and the verdict API (check_obs). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runner_internal.h"

/* ---- verdicts ---------------------------------------------------------------------------- */

/* 1 when checks of action a are wanted. */
int runner_want(const runner *rn, panel_action a)
{
    return rn->o->only == 0 || (rn->o->only & (1u << a));
}

/* Starts observations of a check. */
void check_obs_init(check_obs *o, check_id id, const char *suffix, const char *action,
                    check_basis basis)
{
    memset(o, 0, sizeof(*o));
    const check_def *def = check_catalogue_get(id);
    o->id = id;
    o->action = action ? action : def->action;
    o->basis = basis;
    if (!suffix) {
        snprintf(o->name, sizeof(o->name), "%s", def->id);
        return;
    }
    const char *lt = strchr(def->id, '<');
    int prefix = lt ? (int)(lt - def->id) : (int)strlen(def->id);
    snprintf(o->name, sizeof(o->name), "%.*s%s", prefix, def->id, suffix);
}

/* Notes evidence. */
void check_obs_seen(check_obs *o, double ms)
{
    o->seen++;
    o->ms += ms;
}

/* A copy of s, or NULL (setting *bad) when s is non-NULL and memory ran out. */
static char *dup_or(const char *s, int *bad)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        *bad = 1;
    return c;
}

/* Adds a finding to its group. */
void check_obs_add(check_obs *o, check_status st, check_basis b, const char *cause,
                   const char *field, const char *expected, const char *actual, const char *repro,
                   const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!cause)
        cause = msg;
    o->n_findings++;
    for (size_t i = 0; i < o->n_groups; i++) {
        check_finding *g = &o->groups[i];
        if (g->status != st || !g->cause || strcmp(g->cause, cause)) /* NULL: a failed dup */
            continue;
        g->count++;
        if (g->n_examples < CHECK_EXAMPLES) {
            int bad = 0;
            g->examples[g->n_examples] = dup_or(msg, &bad);
            if (!bad)
                g->n_examples++;
            o->nomem |= bad;
        }
        return;
    }
    check_finding *ng = realloc(o->groups, (o->n_groups + 1) * sizeof(*ng));
    if (!ng) {
        o->nomem = 1;
        return;
    }
    o->groups = ng;
    check_finding *g = &ng[o->n_groups++];
    memset(g, 0, sizeof(*g));
    int bad = 0;
    g->status = st;
    g->count = 1;
    g->provenance = dup_or(basis_name(b), &bad);
    g->src = dup_or(b.src, &bad);
    g->cause = dup_or(cause, &bad);
    g->field = dup_or(field ? field : "", &bad);
    g->expected = dup_or(expected, &bad);
    g->actual = dup_or(actual, &bad);
    g->reproduce = dup_or(repro, &bad);
    g->examples[0] = dup_or(msg, &bad);
    g->n_examples = g->examples[0] ? 1 : 0;
    o->nomem |= bad;
}

/* Marks the input as unobtainable. */
void check_obs_block(check_obs *o, check_skip_kind k, const char *fmt, ...)
{
    if (o->skip_kind != CHECK_SKIP_NONE)
        return;
    o->skip_kind = k;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->skip_why, sizeof(o->skip_why), fmt, ap);
    va_end(ap);
}

/* Frees scratch o; its NOMEM becomes the run's. */
void check_obs_drop(runner *rn, check_obs *o)
{
    if (o->nomem && rn->rc == PANEL_E_OK)
        rn->rc = PANEL_E_NOMEM;
    check_obs_free(o);
}

/* Frees the groups of o. */
void check_obs_free(check_obs *o)
{
    for (size_t i = 0; i < o->n_groups; i++) {
        check_finding *g = &o->groups[i];
        free(g->provenance);
        free(g->src);
        free(g->cause);
        free(g->field);
        free(g->expected);
        free(g->actual);
        free(g->reproduce);
        for (size_t k = 0; k < g->n_examples; k++)
            free(g->examples[k]);
    }
    free(o->groups);
    o->groups = NULL;
    o->n_groups = o->n_findings = 0;
}

/* Appends r to the suite and tells the progress callback; keeps the first failure in rn->rc. */
static panel_err record(runner *rn, const check_result *r)
{
    panel_err rc = check_suite_add(rn->s, rn->o->key, r);
    if (rc != PANEL_E_OK) {
        if (rn->rc == PANEL_E_OK)
            rn->rc = rc;
        return rc;
    }
    if (rn->o->on_result)
        rn->o->on_result(rn->s, &rn->s->items[rn->s->n - 1], rn->o->ud);
    return PANEL_E_OK;
}

/* Fills the common members of a result for check o. */
static void result_base(const runner *rn, const check_obs *o, check_result *r)
{
    const check_def *def = check_catalogue_get(o->id);
    int a = panel_action_from_name(o->action);
    memset(r, 0, sizeof(*r));
    r->id = (char *)o->name;
    r->action = (char *)o->action;
    r->dialect = rn->d->name;
    r->severity = (char *)def->severity;
    r->section = (char *)def->section;
    if (a >= 0 && a < PANEL_ACTION__COUNT && rn->d->actions[a].src)
        r->section = rn->d->actions[a].src;
    r->provenance = (char *)basis_name(o->basis);
    r->src = (char *)o->basis.src;
    r->elapsed_ms = o->ms;
}

/* Records the verdict of o and frees it. */
panel_err check_obs_finish(runner *rn, check_obs *o, const char *fmt, ...)
{
    panel_err rc = PANEL_E_OK;
    int a = panel_action_from_name(o->action);
    if (o->nomem) { /* even for a check not wanted: what it saw feeds the wanted ones */
        rc = PANEL_E_NOMEM;
        if (rn->rc == PANEL_E_OK)
            rn->rc = rc;
        goto out;
    }
    if (a >= 0 && !runner_want(rn, (panel_action)a))
        goto out;
    check_result r;
    result_base(rn, o, &r);
    char msg[1200];
    const check_finding *head = NULL;
    for (size_t i = 0; i < o->n_groups; i++)
        if (!head || o->groups[i].status > head->status)
            head = &o->groups[i];
    if (head) {
        r.status = head->status;
        r.provenance = head->provenance;
        r.src = head->src;
        r.field = head->field;
        r.expected = head->expected;
        r.actual = head->actual;
        r.reproduce = head->reproduce;
        /* the headline group first, the others in the order they were found */
        check_finding *sorted = malloc(o->n_groups * sizeof(*sorted));
        if (!sorted) {
            rc = PANEL_E_NOMEM;
            if (rn->rc == PANEL_E_OK)
                rn->rc = rc;
            goto out;
        }
        size_t k = 0;
        sorted[k++] = *head;
        for (size_t i = 0; i < o->n_groups; i++)
            if (&o->groups[i] != head)
                sorted[k++] = o->groups[i];
        r.findings = sorted;
        r.n_findings = k;
        size_t more = o->n_findings - 1;
        if (more)
            snprintf(msg, sizeof(msg), "%s (and %zu more finding%s)", head->examples[0], more,
                     more == 1 ? "" : "s");
        else
            snprintf(msg, sizeof(msg), "%s", head->examples[0] ? head->examples[0] : "");
        r.message = msg;
        rc = record(rn, &r);
        free(sorted);
        goto out;
    }
    if (o->skip_kind == CHECK_SKIP_NONE && !o->seen && rn->stop)
        check_obs_block(o, rn->stop_kind, "%s", rn->stop_why);
    if (o->skip_kind == CHECK_SKIP_NONE && !o->seen)
        check_obs_block(o, CHECK_SKIP_NO_DATA, "nothing could be observed to judge");
    if (o->skip_kind == CHECK_SKIP_NO_DATA && rn->services_blocked[0] && !o->keep_kind) {
        /* nothing to judge because nothing could be ordered from an unusable services list */
        char why[512];
        snprintf(why, sizeof(why), "%.200s (%.160s)", rn->services_blocked, o->skip_why);
        snprintf(o->skip_why, sizeof(o->skip_why), "%.255s", why);
        o->skip_kind = CHECK_SKIP_BLOCKED;
    }
    if (o->skip_kind != CHECK_SKIP_NONE) {
        r.status = CHECK_SKIP;
        r.skip_kind = o->skip_kind;
        r.message = o->skip_why;
        rc = record(rn, &r);
        goto out;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    r.status = CHECK_PASS;
    r.message = msg;
    rc = record(rn, &r);
out:
    check_obs_free(o);
    return rc;
}

/* Records a skip. */
panel_err check_skip(runner *rn, check_id id, const char *suffix, const char *action,
                     check_skip_kind k, const char *fmt, ...)
{
    check_obs o;
    check_obs_init(&o, id, suffix, action, basis_rule(NULL, NULL));
    o.skip_kind = k;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o.skip_why, sizeof(o.skip_why), fmt, ap);
    va_end(ap);
    return check_obs_finish(rn, &o, "skipped");
}

/* ---- the run ----------------------------------------------------------------------------- */

/* Milliseconds of a monotonic clock. */
double runner_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Frees the runner's state (observations not finished are dropped). */
static void runner_free(runner *rn)
{
    panel_result_free(rn->services);
    for (size_t i = 0; i < rn->n_orders; i++) {
        free(rn->orders[i].id);
        free(rn->orders[i].last_repro);
    }
    for (int a = 0; a < PANEL_ACTION__COUNT; a++) {
        check_obs_free(&rn->tr_ct[a]);
        check_obs_free(&rn->tr_json[a]);
    }
    check_obs_free(&rn->trans);
    check_obs_free(&rn->remains);
    check_obs_free(&rn->ledger);
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
    for (int a = 0; a < PANEL_ACTION__COUNT; a++) {
        check_obs_init(&rn.tr_ct[a], CHECK_TRANSPORT_CONTENT_TYPE_JSON, NULL,
                       panel_action_name((panel_action)a), basis_action(o->d, (panel_action)a));
        check_obs_init(&rn.tr_json[a], CHECK_TRANSPORT_VALID_JSON, NULL,
                       panel_action_name((panel_action)a), basis_action(o->d, (panel_action)a));
    }
    check_obs_init(&rn.ledger, CHECK_LEDGER_CHARGE, NULL, NULL,
                   basis_invariant("balance before - charge = balance after, to the unit"));
    check_obs_init(&rn.trans, CHECK_STATUS_TRANSITIONS_LEGAL, NULL, NULL, basis_lifecycle(o->d));
    check_obs_init(&rn.remains, CHECK_STATUS_REMAINS_LE_QUANTITY, NULL, NULL,
                   basis_invariant("0 <= remains <= the ordered quantity"));
    unsigned only = o->only;
    unsigned orders_needed = (1u << PANEL_ACTION_ADD) | (1u << PANEL_ACTION_STATUS) |
                             (1u << PANEL_ACTION_REFILL) | (1u << PANEL_ACTION_REFILL_STATUS) |
                             (1u << PANEL_ACTION_CANCEL);
    checks_services(&rn);
    if (rn.stop && out->unreachable && !rn.s->n) {
        check_obs t;
        check_obs_init(&t, CHECK_TRANSPORT_REACHABLE, NULL, "services",
                       basis_of(&o->d->base_path_basis));
        panel_form f;
        runner_base_params(&f, runner_action_word(o->d, PANEL_ACTION_SERVICES, 0));
        char *repro = request_reproduce_new(o->d, o->url, o->key, o->key, &f);
        panel_form_free(&f);
        check_obs_add(&t, CHECK_FAIL, t.basis, NULL, "transport", "an HTTP answer", "no connection",
                      repro, "the endpoint %s could not be reached", out->endpoint);
        free(repro);
        check_obs_finish(&rn, &t, "reachable");
        goto out;
    }
    if (!only || (only & orders_needed)) {
        checks_adds(&rn);
        order *p = runner_find_order(&rn, 1, -1, 0);
        if (!p)
            p = runner_fresh_order(&rn, 1, -1);
        if (!p)
            p = runner_find_order(&rn, -1, -1, 0);
        if (p)
            p->observed = 1;
        order *q = runner_find_order(&rn, -1, -1, 0);
        if (q)
            q->observed = 1;
        char rids[2][64] = {"", ""};
        checks_status(&rn, p, q);
        checks_refill(&rn, p, rids); /* and the refill_status checks */
        checks_isolation(&rn, p, rids[0][0] ? rids[0] : rids[1][0] ? rids[1] : NULL);
        checks_cancel(&rn, p);
        checks_ledger(&rn);
        if (runner_want(&rn, PANEL_ACTION_ADD)) {
            checks_ledger_dripfeed(&rn);
            checks_idempotency(&rn);
        }
    }
    if (runner_want(&rn, PANEL_ACTION_ERROR))
        checks_neg_basic(&rn); /* checks of the error envelope (action "error") */
    if (runner_want(&rn, PANEL_ACTION_ERROR))
        checks_neg_key_placement(&rn);
    if (!only || (only & (1u << PANEL_ACTION_ADD)))
        checks_neg_add(&rn);
    if (!only || (only & (1u << PANEL_ACTION_STATUS)))
        checks_neg_status(&rn);
    if (!only)
        checks_extra(&rn); /* the dialect's extra actions */
    checks_transport(&rn);
out:
    runner_free(&rn);
    return rn.rc;
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
