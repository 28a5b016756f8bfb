/* checks_status.c - status.*: single, multi, bogus entry, over limit, lifecycle polling,
 * remains, single/multi agreement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runner_internal.h"

/* 1 when status b can follow a in the documented lifecycle, directly or through statuses an
 * observer polling now and then may not have seen. */
static int reachable(const panel_vocab *v, panel_status a, panel_status b)
{
    unsigned char seen[PANEL_STATUS__COUNT] = {0};
    panel_status queue[PANEL_STATUS__COUNT];
    size_t head = 0, tail = 0;
    queue[tail++] = a;
    seen[a] = 1;
    while (head < tail) {
        panel_status s = queue[head++];
        for (int n = 0; n < PANEL_STATUS__COUNT; n++) {
            if (!v->next[s][n] || seen[n])
                continue;
            if (n == (int)b)
                return 1;
            seen[n] = 1;
            queue[tail++] = (panel_status)n;
        }
    }
    return 0;
}

/* Notes one observed status entry of order o (lifecycle and remains). */
static void observe_status(runner *rn, order *o, const panel_entry *en, const char *repro,
                           double ms)
{
    if (!en || en->error)
        return;
    o->last_has = en->has;
    o->last_charge = en->charge;
    o->last_remains = en->remains;
    if (repro) {
        char *r = strdup(repro);
        if (r) {
            free(o->last_repro);
            o->last_repro = r;
        }
    }
    if (en->has & PANEL_HAS_STATUS) {
        check_obs_seen(&rn->trans, ms);
        panel_status cur = en->status;
        if (o->last != PANEL_STATUS_UNKNOWN && cur != PANEL_STATUS_UNKNOWN && cur != o->last &&
            !reachable(&rn->d->order_status, o->last, cur)) {
            char a[96];
            snprintf(a, sizeof(a), "%s -> %s", panel_status_name(o->last), panel_status_name(cur));
            check_obs_add(&rn->trans, basis_outcome(rn->trans.basis), rn->trans.basis, a, "/status",
                          "a transition of the documented lifecycle", a, repro,
                          "illegal transition: order %s went %s", o->id, a);
        }
        if (cur != PANEL_STATUS_UNKNOWN)
            o->last = cur;
    }
    if (en->has & PANEL_HAS_REMAINS) {
        check_obs_seen(&rn->remains, ms);
        if (en->remains > o->qty || en->remains < 0) {
            char a[64], e[64];
            snprintf(a, sizeof(a), "%lld", (long long)en->remains);
            snprintf(e, sizeof(e), "0 <= remains <= %lld", (long long)o->qty);
            check_obs_add(&rn->remains, CHECK_FAIL, rn->remains.basis, "remains out of range",
                          "/remains", e, a, repro, "order %s: remains %lld, quantity %lld", o->id,
                          (long long)en->remains, (long long)o->qty);
        }
    }
}

/* Sends a status request for ids (multi form when multi) and parses it. */
static panel_result *status_query(runner *rn, check_obs *obs, order **os, size_t n,
                                  const char *extra_id, int multi, exchange *ex)
{
    const panel_action_spec *sp = &rn->d->actions[PANEL_ACTION_STATUS];
    const char *ids[4];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 3; i++)
        ids[k++] = os[i]->id;
    if (extra_id)
        ids[k++] = extra_id;
    char list[512] = "";
    size_t w = 0;
    for (size_t i = 0; i < k; i++) {
        int m = snprintf(list + w, sizeof(list) - w, "%s%s", i ? "," : "", ids[i]);
        if (m < 0 || (size_t)m >= sizeof(list) - w)
            break;
        w += (size_t)m;
    }
    panel_form f;
    runner_base_params(&f, runner_action_word(rn->d, PANEL_ACTION_STATUS, multi));
    panel_form_add(&f, multi ? sp->multi_param : sp->single_param, list);
    panel_result *r = runner_positive(rn, obs, PANEL_ACTION_STATUS, multi,
                                      (!multi && n == 1) ? os[0]->qty : 0, &f, 1, ex);
    panel_form_free(&f);
    if (!r)
        return NULL;
    for (size_t i = 0; i < n; i++)
        observe_status(rn, os[i],
                       runner_entry_for(r, (multi || r->n_entries != 1) ? os[i]->id : NULL),
                       ex->repro, ex->resp.elapsed_ms);
    return r;
}

/* Sleeps ms milliseconds (a signal ends the sleep early). */
static void sleep_ms(long ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Polls o until terminal, within max_polls and the poll window. */
void runner_poll_terminal(runner *rn, check_obs *obs, order *o)
{
    const panel_action_spec *sp = &rn->d->actions[PANEL_ACTION_STATUS];
    int multi = sp->single_param == NULL;
    if (!sp->documented || (!sp->single_param && !sp->multi_param)) {
        o->settled = 0; /* no status action to poll with: the status stays unknown */
        return;
    }
    const runner_opts *op = rn->o;
    int max = op->max_polls > 0 ? op->max_polls : op->poll_timeout_ms > 0 ? 10000 : 12;
    double t0 = runner_now_ms();
    for (int i = 0; i < max && !rn->stop; i++) {
        if (o->last != PANEL_STATUS_UNKNOWN && panel_status_is_terminal(o->last))
            break;
        if (op->poll_timeout_ms > 0 && runner_now_ms() - t0 >= (double)op->poll_timeout_ms)
            break;
        if (i > 0)
            sleep_ms(op->poll_interval_ms);
        exchange ex;
        order *one[1] = {o};
        check_obs scratch;
        check_obs_init(&scratch, obs->id, NULL, obs->action, obs->basis);
        panel_result *r = status_query(rn, &scratch, one, 1, NULL, multi, &ex);
        check_obs_drop(rn, &scratch);
        exchange_free(&ex);
        const panel_entry *en =
            r ? runner_entry_for(r, (multi || r->n_entries != 1) ? o->id : NULL) : NULL;
        int bad = !r || r->error || !en || en->error || !(en->has & PANEL_HAS_STATUS) ||
                  en->status == PANEL_STATUS_UNKNOWN; /* nothing to wait for */
        panel_result_free(r);
        if (bad)
            break;
    }
    o->settled = o->last != PANEL_STATUS_UNKNOWN && panel_status_is_terminal(o->last) ? 1 : -1;
}

/* 1 when a and b differ by less than one unit of the dialect's last money decimal. */
static int money_close(const panel_dialect *d, panel_money a, panel_money b)
{
    panel_money diff = a > b ? a - b : b - a;
    return diff < panel_dialect_money_unit(d);
}

/* Judges the entry of order o in r into obs. */
static void judge_entry(runner *rn, check_obs *obs, const exchange *ex, const panel_result *r,
                        const order *o, int multi)
{
    check_basis b = basis_shape(rn->d, PANEL_ACTION_STATUS, multi);
    runner_judge_diags(rn, obs, PANEL_ACTION_STATUS, multi, ex, r, NULL);
    const panel_entry *en = runner_entry_for(r, (multi || r->n_entries != 1) ? o->id : NULL);
    if (r->error || !en || en->error) {
        const char *msg = r->error ? r->error : en ? en->error : "no entry for the order";
        check_obs_add(obs, CHECK_FAIL, b, "no status", r->error ? "/error" : "",
                      "the status of the order", msg, ex->repro, "no status for order %s: %s",
                      o->id, msg);
        return;
    }
    if (!(en->has & PANEL_HAS_STATUS) || en->status == PANEL_STATUS_UNKNOWN) {
        check_obs_add(obs, CHECK_FAIL, b, "unknown status", "/status", "a documented status word",
                      en->status_word ? en->status_word : "absent", ex->repro,
                      "order %s has no known status", o->id);
        return;
    }
    if ((en->has & PANEL_HAS_CHARGE) && en->status != PANEL_STATUS_PARTIAL &&
        en->status != PANEL_STATUS_CANCELED && !money_close(rn->d, en->charge, o->charge)) {
        char e[40], a[40];
        panel_money_format_min(o->charge, 2, e, sizeof(e));
        panel_money_format_min(en->charge, 2, a, sizeof(a));
        check_obs_add(obs, CHECK_FAIL, b, "charge", "/charge", e, a, ex->repro,
                      "order %s: charge %s, rate x quantity / 1000 is %s", o->id, a, e);
    }
}

/* Compares the entries of o in a single and a multi answer. */
static void agree(check_obs *obs, order *o, const panel_result *one, const panel_result *many,
                  const exchange *ex)
{
    const panel_entry *a = runner_entry_for(one, one->n_entries == 1 ? NULL : o->id);
    const panel_entry *b = runner_entry_for(many, o->id);
    char ea[64] = "", eb[64] = "", ptr[128];
    const char *what[4] = {NULL, NULL, NULL, NULL};
    size_t n = 0;
    if (!a || !b) {
        what[n++] = "entry";
    } else {
        if (a->status != b->status)
            what[n++] = "status";
        if ((a->has & b->has & PANEL_HAS_CHARGE) && a->charge != b->charge)
            what[n++] = "charge";
        if ((a->has & b->has & PANEL_HAS_REMAINS) && a->remains != b->remains)
            what[n++] = "remains";
        if ((a->has & b->has & PANEL_HAS_START_COUNT) && a->start_count != b->start_count)
            what[n++] = "start_count";
    }
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(what[i], "status")) {
            snprintf(ea, sizeof(ea), "%s", panel_status_name(a->status));
            snprintf(eb, sizeof(eb), "%s", panel_status_name(b->status));
        } else if (!strcmp(what[i], "charge")) {
            panel_money_format_min(a->charge, 2, ea, sizeof(ea));
            panel_money_format_min(b->charge, 2, eb, sizeof(eb));
        } else if (!strcmp(what[i], "remains")) {
            snprintf(ea, sizeof(ea), "%lld", (long long)a->remains);
            snprintf(eb, sizeof(eb), "%lld", (long long)b->remains);
        } else if (!strcmp(what[i], "start_count")) {
            snprintf(ea, sizeof(ea), "%lld", (long long)a->start_count);
            snprintf(eb, sizeof(eb), "%lld", (long long)b->start_count);
        }
        snprintf(ptr, sizeof(ptr), "/%s/%s", o->id, what[i]);
        check_obs_add(obs, CHECK_FAIL, obs->basis, what[i], ptr, ea, eb, ex->repro,
                      "single and multi status disagree on %s of order %s", what[i], o->id);
    }
}

/* status.multi_over_limit: max_ids + 1 ids are refused. */
static void over_limit(runner *rn)
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_STATUS];
    if (d->max_ids == 0 || d->max_ids > 10000) {
        check_skip(rn, CHECK_STATUS_MULTI_OVER_LIMIT, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "no id limit documented");
        return;
    }
    size_t n_ids = d->max_ids + 1;
    panel_buf list;
    panel_buf_init(&list, 1u << 20);
    for (size_t i = 0; i < n_ids; i++) {
        char b[40];
        runner_bogus_id(&d->order_id, (unsigned)(100 + i), b, sizeof(b));
        panel_buf_printf(&list, "%s%s", i ? "," : "", b);
    }
    panel_form f;
    runner_base_params(&f, runner_action_word(d, PANEL_ACTION_STATUS, 1));
    panel_form_add(&f, sp->multi_param, list.data ? list.data : "");
    panel_buf_free(&list);
    exchange ex;
    runner_send(rn, PANEL_ACTION_STATUS, rn->o->key, &f, 1, &ex);
    panel_form_free(&f);
    runner_expect_refusal(rn, CHECK_STATUS_MULTI_OVER_LIMIT, NULL, PANEL_ACTION_STATUS, &ex,
                          PANEL_ERRCASE_TOO_MANY_IDS, NULL, 1, NULL);
    exchange_free(&ex);
}

/* status.multi, multi_bogus_entry, multi_over_limit. */
static void multi_checks(runner *rn, order *p, order *q)
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_STATUS];
    exchange ex;
    check_obs o;
    check_obs_init(&o, CHECK_STATUS_MULTI, NULL, NULL, basis_shape(d, PANEL_ACTION_STATUS, 1));
    order *two[2] = {p, q ? q : p};
    size_t n = q && q != p ? 2 : 1;
    panel_result *r = status_query(rn, &o, two, n, NULL, 1, &ex);
    for (size_t i = 0; r && i < n; i++)
        judge_entry(rn, &o, &ex, r, two[i], 1);
    check_obs_finish(rn, &o, "multi status read for %zu orders", n);
    panel_result_free(r);
    exchange_free(&ex);
    if (sp->multi.error_entry == PANEL_ERRENTRY_NONE) {
        check_skip(rn, CHECK_STATUS_MULTI_BOGUS_ENTRY, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "no per-entry errors documented");
    } else {
        char bogus[40];
        runner_bogus_id(&d->order_id, 1, bogus, sizeof(bogus));
        check_obs_init(&o, CHECK_STATUS_MULTI_BOGUS_ENTRY, NULL, NULL,
                       basis_shape(d, PANEL_ACTION_STATUS, 1));
        order *one[1] = {p};
        r = status_query(rn, &o, one, 1, bogus, 1, &ex);
        if (r) {
            judge_entry(rn, &o, &ex, r, p, 1);
            runner_judge_refusal(rn, &o, PANEL_ACTION_STATUS, &ex, PANEL_ERRCASE_BAD_ORDER_ID,
                                 bogus, 1, NULL);
        }
        check_obs_finish(rn, &o, "the bogus id came back as an error entry");
        panel_result_free(r);
        exchange_free(&ex);
    }
    over_limit(rn);
}

/* status.transitions_legal and status.remains_le_quantity from every observation. */
static void lifecycle_checks(runner *rn, order *p)
{
    check_obs scratch;
    check_obs_init(&scratch, CHECK_STATUS_TRANSITIONS_LEGAL, NULL, NULL, rn->trans.basis);
    runner_poll_terminal(rn, &scratch, p);
    check_obs_drop(rn, &scratch);
    if (p->settled < 0 && !rn->trans.n_groups)
        check_obs_block(&rn->trans, CHECK_SKIP_TIMEOUT,
                        "order %s did not reach a terminal status in the poll window (last: %s)",
                        p->id, panel_status_name(p->last));
    size_t seen = rn->trans.seen;
    check_obs_finish(rn, &rn->trans, "%zu observations, every transition legal", seen);
    seen = rn->remains.seen;
    check_obs_finish(rn, &rn->remains, "%zu observations, remains within quantity", seen);
}

/* status.*. */
void checks_status(runner *rn, order *p, order *q)
{
    const panel_dialect *d = rn->d;
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_STATUS];
    static const check_id ids[] = {CHECK_STATUS_SINGLE,
                                   CHECK_STATUS_MULTI,
                                   CHECK_STATUS_MULTI_BOGUS_ENTRY,
                                   CHECK_STATUS_MULTI_OVER_LIMIT,
                                   CHECK_STATUS_REMAINS_LE_QUANTITY,
                                   CHECK_STATUS_TRANSITIONS_LEGAL,
                                   CHECK_STATUS_SINGLE_MULTI_AGREE};
    if (!sp->documented || !p) {
        for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
            if (!sp->documented)
                check_skip(rn, ids[i], NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                           "the document has no status action");
            else if (rn->stop)
                check_skip(rn, ids[i], NULL, NULL, rn->stop_kind, "%s", rn->stop_why);
            else
                check_skip(rn, ids[i], NULL, NULL,
                           rn->services_blocked[0] ? CHECK_SKIP_BLOCKED : CHECK_SKIP_NO_DATA, "%s",
                           rn->services_blocked[0] ? rn->services_blocked
                                                   : "no order could be placed to query");
        }
        check_obs_free(&rn->trans);
        check_obs_free(&rn->remains);
        return;
    }
    int has_single = sp->single.present && sp->single_param;
    int has_multi = sp->multi.present && sp->multi_param;
    exchange ex;
    panel_result *r;
    if (has_single) {
        check_obs o;
        check_obs_init(&o, CHECK_STATUS_SINGLE, NULL, NULL, basis_shape(d, PANEL_ACTION_STATUS, 0));
        order *one[1] = {p};
        r = status_query(rn, &o, one, 1, NULL, 0, &ex);
        if (r)
            judge_entry(rn, &o, &ex, r, p, 0);
        check_obs_finish(rn, &o, "single status read");
        panel_result_free(r);
        exchange_free(&ex);
    } else {
        check_skip(rn, CHECK_STATUS_SINGLE, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "the document has no single status form");
    }
    if (has_multi) {
        multi_checks(rn, p, q);
    } else {
        static const check_id m[] = {CHECK_STATUS_MULTI, CHECK_STATUS_MULTI_BOGUS_ENTRY,
                                     CHECK_STATUS_MULTI_OVER_LIMIT};
        for (size_t i = 0; i < 3; i++)
            check_skip(rn, m[i], NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                       "the document has no multi status form");
    }
    lifecycle_checks(rn, p);
    if (!has_single || !has_multi) {
        check_skip(rn, CHECK_STATUS_SINGLE_MULTI_AGREE, NULL, NULL, CHECK_SKIP_NOT_DOCUMENTED,
                   "single and multi forms are not both documented");
        return;
    }
    if (p->settled < 0) {
        check_skip(rn, CHECK_STATUS_SINGLE_MULTI_AGREE, NULL, NULL,
                   rn->stop ? rn->stop_kind : CHECK_SKIP_TIMEOUT, "%s",
                   rn->stop ? rn->stop_why : "no settled order to compare");
        return;
    }
    check_obs o;
    check_obs_init(&o, CHECK_STATUS_SINGLE_MULTI_AGREE, NULL, NULL,
                   basis_invariant("one order has one state, whichever form reads it"));
    exchange ex2;
    order *one[1] = {p};
    panel_result *a = status_query(rn, &o, one, 1, NULL, 0, &ex);
    panel_result *b = a ? status_query(rn, &o, one, 1, NULL, 1, &ex2) : NULL;
    if (a && b) {
        check_obs_seen(&o, ex.resp.elapsed_ms + ex2.resp.elapsed_ms);
        agree(&o, p, a, b, &ex2);
    }
    check_obs_finish(rn, &o, "single and multi agree");
    panel_result_free(a);
    panel_result_free(b);
    exchange_free(&ex);
    if (a)
        exchange_free(&ex2);
}
