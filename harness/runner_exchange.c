/* runner_exchange.c - sending a check's request, masking echoes of the key, judging a positive
 * answer's HTTP code and parser diagnostics, and the small request builders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner_internal.h"

/* Stops the run: no more requests; checks without evidence are skipped with kind k. */
static void stop_run(runner *rn, check_skip_kind k, const char *why)
{
    if (rn->stop)
        return;
    rn->stop = 1;
    rn->stop_kind = k;
    snprintf(rn->stop_why, sizeof(rn->stop_why), "%s", why);
}

/* Replaces the answer's body by a copy with key masked, when the peer echoed it. */
static void mask_echo(const char *key, exchange *ex)
{
    panel_buf *b = &ex->resp.body;
    if (key && key[0] && check_key_occurs(ex->resp.error, strlen(ex->resp.error), key)) {
        char *m = check_mask_new(ex->resp.error, key);
        snprintf(ex->resp.error, sizeof(ex->resp.error), "%s", m ? m : "(masked)");
        ex->nomem |= !m;
        free(m);
    }
    if (!key || !key[0] || !b->data || !check_key_occurs(b->data, b->len, key))
        return;
    char *t = malloc(b->len + 1);
    if (!t) {
        panel_buf_reset(b); /* better no body than the key */
        ex->nomem = 1;
        return;
    }
    for (size_t i = 0; i < b->len; i++)
        t[i] = b->data[i] ? b->data[i] : '?';
    t[b->len] = '\0';
    char *m = check_mask_new(t, key);
    free(t);
    panel_buf_reset(b);
    if (!m || panel_buf_puts(b, m) != PANEL_E_OK)
        ex->nomem = 1;
    free(m);
}

/* Sends one request of the run (how NULL: the dialect's way). */
void runner_send_how(runner *rn, panel_action a, const char *key, const request_how *how,
                     const panel_form *params, int idempotent, exchange *ex)
{
    if (!rn->stop && rn->o->interrupted && *rn->o->interrupted)
        stop_run(rn, CHECK_SKIP_INTERRUPTED, "the run was interrupted");
    if (!rn->stop && rn->o->deadline_ms > 0 && runner_now_ms() >= rn->o->deadline_ms)
        stop_run(rn, CHECK_SKIP_INTERRUPTED, "the run's --deadline passed");
    if (rn->stop) {
        memset(ex, 0, sizeof(*ex));
        panel_buf_init(&ex->resp.body, HTTP_MAX_BODY);
        ex->resp.outcome = HTTP_FAILED;
        snprintf(ex->resp.error, sizeof(ex->resp.error), "not sent: %s", rn->stop_why);
        return;
    }
    int second = key && rn->o->key2 && !strcmp(key, rn->o->key2);
    rn->bal_fresh = 0; /* any request may move the balance */
    request_send_how(rn->o->http, rn->d, how, rn->o->url, key, second ? key : rn->o->key, params,
                     idempotent, ex);
    if (second && ex->repro) { /* the second key is $PANEL_KEY2 */
        char *r = NULL;
        size_t n = strlen(ex->repro) + 64;
        const char *at = strstr(ex->repro, "$PANEL_KEY");
        if (at)
            r = malloc(n);
        if (r) {
            snprintf(r, n, "%.*s$PANEL_KEY2%s", (int)(at - ex->repro), ex->repro, at + 10);
            free(ex->repro);
            ex->repro = r;
        }
        ex->nomem |= at && !r;
    }
    mask_echo(rn->o->key, ex);
    mask_echo(rn->o->key2, ex);
    if (ex->nomem && rn->rc == PANEL_E_OK)
        rn->rc = PANEL_E_NOMEM; /* the run ends in PANEL_E_NOMEM: its verdicts are not given */
    http_outcome oc = ex->resp.outcome;
    if (oc == HTTP_OK) {
        rn->dead_streak = 0;
    } else if (oc == HTTP_UNREACHABLE || oc == HTTP_TIMEOUT) {
        rn->dead_streak++;
        if (rn->o->interrupted && *rn->o->interrupted)
            stop_run(rn, CHECK_SKIP_INTERRUPTED, "the run was interrupted");
        else if (rn->o->deadline_ms > 0 && runner_now_ms() >= rn->o->deadline_ms)
            stop_run(rn, CHECK_SKIP_INTERRUPTED, "the run's --deadline passed");
        else if (!rn->s->n || rn->dead_streak >= 2) {
            rn->s->unreachable = 1;
            stop_run(rn, CHECK_SKIP_BLOCKED,
                     rn->s->n ? "blocked: the endpoint stopped answering"
                              : "blocked: the endpoint is unreachable");
        }
    }
    checks_transport_note(rn, a, ex);
}

/* Sends one request of the run the dialect's way. */
void runner_send(runner *rn, panel_action a, const char *key, const panel_form *params,
                 int idempotent, exchange *ex)
{
    runner_send_how(rn, a, key, NULL, params, idempotent, ex);
}

/* Adds a transport finding (or, for a request the stopped run never sent, a block). */
int runner_transport_failed(runner *rn, check_obs *o, const exchange *ex)
{
    if (ex->resp.outcome == HTTP_OK)
        return 0;
    /* a request a signal or the --deadline cut short is skipped as the run's stop, too */
    if (rn->stop && (ex->resp.attempts == 0 || rn->stop_kind == CHECK_SKIP_INTERRUPTED)) {
        check_obs_block(o, rn->stop_kind, "%s", rn->stop_why);
        return 1;
    }
    check_obs_add(o, CHECK_FAIL, basis_of(&rn->d->base_path_basis), "transport", "transport",
                  "an HTTP answer", http_outcome_name(ex->resp.outcome), ex->repro, "transport: %s",
                  ex->resp.error);
    return 1;
}

/* Sends a positive request and parses it. */
panel_result *runner_positive(runner *rn, check_obs *o, panel_action a, int multi, int64_t qty,
                              const panel_form *params, int idempotent, exchange *ex)
{
    runner_send(rn, a, rn->o->key, params, idempotent, ex);
    if (runner_transport_failed(rn, o, ex))
        return NULL;
    panel_parse_opts po = {0};
    po.multi = multi;
    po.quantity = qty;
    panel_result *r = NULL;
    if (panel_parse(rn->d, a, ex->resp.body.data ? ex->resp.body.data : "", ex->resp.body.len, &po,
                    &r) != PANEL_E_OK ||
        !r) {
        panel_result_free(r);
        o->nomem = 1;
        return NULL;
    }
    return r;
}

/* 1 for the warning diagnostics that mean the answer bends the dialect's types or shapes. */
static int diag_warns(const panel_diag *g)
{
    return g->code == PANEL_DIAG_WRONG_TYPE || g->code == PANEL_DIAG_MONEY_FORMAT ||
           g->code == PANEL_DIAG_WRAPPER_MISSING || g->code == PANEL_DIAG_WRAPPER_UNEXPECTED ||
           g->code == PANEL_DIAG_ERROR_ENTRY_SHAPE;
}

/* The basis of the rule a diagnostic at pointer breaks: the kind of the field named by the
 * pointer's last segment when the form lists it, else the form's shape. */
static check_basis diag_basis(const panel_dialect *d, panel_action a, int multi, const char *ptr)
{
    const panel_action_spec *sp = &d->actions[a];
    const panel_response_spec *r = multi && sp->multi.present ? &sp->multi : &sp->single;
    const char *last = ptr ? strrchr(ptr, '/') : NULL;
    if (!r->present || !last)
        return basis_shape(d, a, multi);
    for (size_t i = 0; i < r->n_fields; i++)
        if (r->fields[i].name && !strcmp(r->fields[i].name, last + 1))
            return basis_of(panel_field_basis(r, i));
    return basis_shape(d, a, multi);
}

/* Judges HTTP code and diagnostics of a positive answer. */
size_t runner_judge_diags(runner *rn, check_obs *o, panel_action a, int multi, const exchange *ex,
                          const panel_result *r, int (*filter)(const panel_diag *))
{
    size_t fails = 0;
    check_basis b = basis_shape(rn->d, a, multi);
    double ms = ex->resp.elapsed_ms;
    check_obs_seen(o, ms);
    if (ex->resp.status != 200) {
        char act[32], brief[80];
        snprintf(act, sizeof(act), "%ld", ex->resp.status);
        runner_body_brief(ex, brief, sizeof(brief));
        check_status st = basis_outcome(b);
        check_obs_add(o, st, b, "http status", "http.status", "200", act, ex->repro,
                      "HTTP %ld (body: %s)", ex->resp.status, brief);
        fails += st == CHECK_FAIL;
    }
    for (size_t i = 0; r && i < r->n_diags; i++) {
        const panel_diag *g = &r->diags[i];
        if (filter && !filter(g))
            continue;
        /* an error-severity diagnostic breaks the form's rule; a type or shape warning breaks
         * the field's (or form's) rule and fails only where that rule is documented; every
         * other warning is tolerated reading */
        check_basis gb =
            g->severity >= PANEL_SEV_ERROR ? b : diag_basis(rn->d, a, multi, g->pointer);
        if (g->severity < PANEL_SEV_ERROR && !diag_warns(g))
            continue;
        check_status st = basis_outcome(gb);
        check_obs_add(o, st, gb, panel_diag_code_name(g->code), g->pointer ? g->pointer : "",
                      g->expected, g->actual, ex->repro, "%s: %s", panel_diag_code_name(g->code),
                      g->message ? g->message : "");
        fails += st == CHECK_FAIL;
    }
    return fails;
}

/* Short text of a body for "actual" (64 bytes at most; the body is masked already). */
void runner_body_brief(const exchange *ex, char *out, size_t outsz)
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

/* Builds the action's base params: action=<name>. */
void runner_base_params(panel_form *f, const char *action_name)
{
    panel_form_init(f, 0);
    if (action_name)
        panel_form_add(f, "action", action_name);
}

/* The action= value of the single or multi form. */
const char *runner_action_word(const panel_dialect *d, panel_action a, int multi)
{
    const panel_action_spec *sp = &d->actions[a];
    if (multi && sp->multi_name)
        return sp->multi_name;
    return sp->name ? sp->name : panel_action_name(a);
}

/* Writes the i-th bogus id of spec: in the spec's format (objectid, int range, pattern),
 * never issued by a sane provider (far from where issuing starts). */
void runner_bogus_id(const panel_id_spec *spec, unsigned i, char *out, size_t outsz)
{
    if (spec->kind == PANEL_KIND_OID) {
        snprintf(out, outsz, "ffffffffffffffff%08x", 0xfff00000u + i);
        return;
    }
    if (spec->kind == PANEL_KIND_INT) {
        unsigned long long v = 987654000ULL + i;
        if ((v < spec->min || v > spec->max) && spec->max >= spec->min + i)
            v = spec->max - i;
        snprintf(out, outsz, "%llu", v);
        return;
    }
    if (panel_id_generate(spec, 900000000ULL + i, out, outsz) == PANEL_E_OK &&
        panel_id_spec_ok(spec, out))
        return;
    snprintf(out, outsz, "%u", 987654000u + i);
}

/* Finds the entry for id (or the only entry when id is NULL). */
const panel_entry *runner_entry_for(const panel_result *r, const char *id)
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

/* Sends action a for one id and parses the answer. */
panel_result *runner_id_query(runner *rn, check_obs *o, panel_action a, const char *id, int multi,
                              exchange *ex)
{
    const panel_action_spec *sp = &rn->d->actions[a];
    panel_form f;
    runner_base_params(&f, runner_action_word(rn->d, a, multi));
    panel_form_add(&f, multi ? sp->multi_param : sp->single_param, id);
    panel_result *r = runner_positive(rn, o, a, multi, 0, &f, a == PANEL_ACTION_REFILL_STATUS, ex);
    panel_form_free(&f);
    return r;
}

/* The form of action a that carries ids. */
int runner_id_form(const panel_dialect *d, panel_action a)
{
    const panel_action_spec *sp = &d->actions[a];
    if (sp->single.present && sp->single_param)
        return 0;
    return sp->multi.present && sp->multi_param ? 1 : -1;
}

/* Sends action a for one id without parsing (for refusals). */
void runner_id_send(runner *rn, panel_action a, const char *id, int multi, exchange *ex)
{
    const panel_action_spec *sp = &rn->d->actions[a];
    panel_form f;
    runner_base_params(&f, runner_action_word(rn->d, a, multi));
    panel_form_add(&f, multi ? sp->multi_param : sp->single_param, id);
    runner_send(rn, a, rn->o->key, &f, 0, ex);
    panel_form_free(&f);
}
