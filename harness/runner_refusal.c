/* runner_refusal.c - judging a refusal on every layer: error present in the documented shape,
 * HTTP code, text, and no side effect on the balance. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "runner_internal.h"

/* 1 when a and b are equal ignoring case and surrounding blanks. */
static int same_text(const char *a, const char *b)
{
    while (isspace((unsigned char)*a))
        a++;
    while (isspace((unsigned char)*b))
        b++;
    size_t la = strlen(a), lb = strlen(b);
    while (la && isspace((unsigned char)a[la - 1]))
        la--;
    while (lb && isspace((unsigned char)b[lb - 1]))
        lb--;
    return la == lb && strncasecmp(a, b, la) == 0;
}

/* The dialect's extra error case (errors.extra) whose message msg is, or NULL. */
static const panel_error_case *extra_case_of(const panel_dialect *d, const char *msg)
{
    for (size_t i = 0; i < d->n_extra_errors; i++) {
        const panel_error_case *x = &d->extra_errors[i];
        if (x->name && x->message &&
            (same_text(msg, x->message) || panel_message_match(x->message, msg)))
            return x;
    }
    return NULL;
}

/* Judges every layer of a refusal. */
void runner_judge_refusal(runner *rn, check_obs *o, panel_action a, const exchange *ex,
                          panel_errcase c, const char *entry_id, int multi,
                          const panel_money *before)
{
    const panel_error_case *ec = &rn->d->errors[c];
    const char *ef = rn->d->error_field ? rn->d->error_field : "error";
    const char *want_msg = ec->message ? ec->message : "";
    const char *cname = panel_errcase_name(c);
    double ms = ex->resp.elapsed_ms;
    char exp[320], act[320], ptr[160];
    panel_result *r = NULL;
    if (runner_transport_failed(rn, o, ex))
        return;
    check_obs_seen(o, ms);
    const char *body = ex->resp.body.data ? ex->resp.body.data : "";
    const char *got = NULL;
    int in_entry = 0; /* the error sits in an entry of a 200 answer: no HTTP code applies */
    snprintf(ptr, sizeof(ptr), "/%s", ef);
    panel_parse_opts po = {0};
    po.multi = multi;
    /* The one parser reads the error envelope as the action's answer: a top-level error
     * member, or an error entry (no second, laxer JSON reader here). */
    if (panel_parse(rn->d, a, body, ex->resp.body.len, &po, &r) == PANEL_E_NOMEM) {
        o->nomem = 1; /* no verdict on the answer: the run ends in PANEL_E_NOMEM */
        panel_result_free(r);
        return;
    }
    const panel_entry *en = entry_id ? runner_entry_for(r, entry_id) : NULL;
    if (en && en->error) {
        const panel_diag *g = panel_result_find(r, PANEL_DIAG_ERROR_ENTRY_SHAPE);
        check_basis sb = basis_shape(rn->d, a, multi);
        if (g)
            check_obs_add(o, basis_outcome(sb), sb, "error entry shape",
                          g->pointer ? g->pointer : "", g->expected, g->actual, ex->repro, "%s: %s",
                          panel_diag_code_name(g->code), g->message ? g->message : "");
        got = en->error;
        in_entry = 1;
        snprintf(ptr, sizeof(ptr), "/%s/%s", entry_id, ef);
    } else if (r && r->error) {
        got = r->error;
    }
    if (!got) {
        char brief[80];
        runner_body_brief(ex, brief, sizeof(brief));
        snprintf(exp, sizeof(exp), "HTTP %d {\"%s\": \"%s\"}", ec->http, ef, want_msg);
        snprintf(act, sizeof(act), "HTTP %ld %s", ex->resp.status, brief);
        check_obs_add(o, CHECK_FAIL, o->basis, "no error", "", exp, act, ex->repro,
                      "expected the documented %s refusal, got no error", cname);
    } else {
        check_basis hb = basis_error_http(rn->d, c);
        /* a refusal in the words of a declared extra case is named as that case */
        const panel_error_case *xc = same_text(got, want_msg) || panel_message_match(want_msg, got)
                                         ? NULL
                                         : extra_case_of(rn->d, got);
        char xname[96] = "";
        if (xc)
            snprintf(xname, sizeof(xname), " (the dialect's extra case %s, HTTP %d)", xc->name,
                     xc->http);
        if (ec->http && !in_entry && ex->resp.status != ec->http) {
            snprintf(exp, sizeof(exp), "%d", ec->http);
            snprintf(act, sizeof(act), "%ld", ex->resp.status);
            check_obs_add(o, basis_outcome(hb), hb, "http status", "http.status", exp, act,
                          ex->repro, "refused with HTTP %ld, the dialect gives %d for %s (%s)%s",
                          ex->resp.status, ec->http, cname, basis_name(hb), xname);
        }
        if (!same_text(got, want_msg) && !panel_message_match(want_msg, got)) {
            check_basis mb = basis_error_message(rn->d, c);
            char cause[128];
            snprintf(cause, sizeof(cause), "extra case %s", xc ? xc->name : "");
            check_obs_add(o, CHECK_WARN, mb, xc ? cause : "message", ptr, want_msg, got, ex->repro,
                          "error message differs from the dialect's %s text (%s)%s", cname,
                          basis_name(mb), xname);
        }
    }
    if (before) {
        panel_money after = 0;
        exchange bx;
        int ok = runner_get_balance(rn, &after, &bx, NULL);
        exchange_free(&bx);
        if (ok && after != *before) {
            char b1[40], b2[40];
            panel_money_format_min(*before, 2, b1, sizeof(b1));
            panel_money_format_min(after, 2, b2, sizeof(b2));
            check_obs_add(o, CHECK_FAIL, basis_invariant("a refused request charges nothing"),
                          "balance moved", "/balance", b1, b2, ex->repro,
                          "refused, but the balance moved from %s to %s", b1, b2);
        }
    }
    panel_result_free(r);
}

/* One refusal check from start to verdict. */
void runner_expect_refusal(runner *rn, check_id id, const char *suffix, panel_action a,
                           const exchange *ex, panel_errcase c, const char *entry_id, int multi,
                           const panel_money *before)
{
    check_obs o;
    check_obs_init(&o, id, suffix, panel_action_name(a), basis_action(rn->d, a));
    (void)c;
    runner_judge_refusal(rn, &o, a, ex, c, entry_id, multi, before);
    check_obs_finish(rn, &o, "refused as documented");
}
