/* detect_score.c - judges every known dialect on the probes' answers (the one parser, the
 * documented HTTP codes and error texts) and ranks them best first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "panel/parse.h"

static const struct {
    const char *feature;
    int weight;
} probe_info[] = {
#define DETECT_PROBE_INFO(name, feature, weight) {feature, weight},
    DETECT_PROBE_MAP(DETECT_PROBE_INFO)
#undef DETECT_PROBE_INFO
};

/* The feature's name. */
const char *detect_feature_name(detect_kind k)
{
    return k < DETECT__COUNT ? probe_info[k].feature : "?";
}

/* The feature's weight in the score. */
int detect_feature_weight(detect_kind k)
{
    return k < DETECT__COUNT ? probe_info[k].weight : 0;
}

/* The verdict's name. */
const char *detect_verdict_name(detect_verdict v)
{
    static const char *const n[] = {"fit", "warn", "conflict", "no_answer", "not_probed"};
    return v <= DETECT_NOT_PROBED ? n[v] : "?";
}

/* What each probe expects: the action it is parsed as, the error case of its refusal
 * (-1: a positive answer is expected), the multi form. */
static void expects(detect_kind k, panel_action *a, int *ec, int *multi)
{
    static const struct {
        panel_action a;
        int ec, multi;
    } t[DETECT__COUNT] = {
        [DETECT_SERVICES] = {PANEL_ACTION_SERVICES, -1, 0},
        [DETECT_BALANCE] = {PANEL_ACTION_BALANCE, -1, 0},
        [DETECT_STATUS] = {PANEL_ACTION_STATUS, PANEL_ERRCASE_BAD_ORDER_ID, 0},
        [DETECT_STATUS_MULTI] = {PANEL_ACTION_STATUS, PANEL_ERRCASE_BAD_ORDER_ID, 1},
        [DETECT_REFILL_STATUS] = {PANEL_ACTION_REFILL_STATUS, PANEL_ERRCASE_BAD_REFILL_ID, 0},
        [DETECT_BAD_KEY] = {PANEL_ACTION_ERROR, PANEL_ERRCASE_BAD_KEY, 0},
        [DETECT_MISSING_ACTION] = {PANEL_ACTION_ERROR, PANEL_ERRCASE_MISSING_ACTION, 0},
        [DETECT_UNKNOWN_ACTION] = {PANEL_ACTION_ERROR, PANEL_ERRCASE_UNKNOWN_ACTION, 0},
    };
    *a = t[k].a;
    *ec = t[k].ec;
    *multi = t[k].multi;
}

/* 1 when msg is the documented text of case c (a template matches its holes). */
static int message_fits(const panel_error_case *c, const char *msg)
{
    if (!c->message || !msg)
        return 1;
    return c->is_template ? panel_message_match(c->message, msg) : !strcmp(c->message, msg);
}

/* Judges feature k of d on exchange ex into f. */
static void judge(const panel_dialect *d, detect_kind k, const exchange *ex, detect_feature *f)
{
    panel_action a;
    int ec, multi;
    expects(k, &a, &ec, &multi);
    if (ex->resp.outcome != HTTP_OK) {
        f->v = DETECT_NO_ANSWER;
        snprintf(f->evidence, sizeof(f->evidence), "no answer: %.200s", ex->resp.error);
        return;
    }
    panel_parse_opts po = {0};
    po.multi = multi;
    panel_result *r = NULL;
    if (panel_parse(d, a, ex->resp.body.data ? ex->resp.body.data : "", ex->resp.body.len, &po,
                    &r) != PANEL_E_OK ||
        !r) {
        panel_result_free(r);
        f->v = DETECT_NO_ANSWER;
        snprintf(f->evidence, sizeof(f->evidence), "out of memory");
        return;
    }
    const panel_diag *first_err = NULL;
    size_t warns = 0;
    for (size_t i = 0; i < r->n_diags; i++) {
        const panel_diag *g = &r->diags[i];
        int tolerated = ec >= 0 && g->code == PANEL_DIAG_API_ERROR;
        if (g->severity >= PANEL_SEV_ERROR && !tolerated && !first_err)
            first_err = g;
        else if (g->severity == PANEL_SEV_WARNING)
            warns++;
    }
    const panel_error_case *c = ec >= 0 ? &d->errors[ec] : NULL;
    const char *msg = r->error;
    for (size_t i = 0; !msg && ec >= 0 && i < r->n_entries; i++)
        msg = r->entries[i].error;
    long want = c && r->error && c->http ? c->http : 200;
    if (ec >= 0 && a == PANEL_ACTION_ERROR && !r->error && !first_err) {
        f->v = DETECT_CONFLICT;
        snprintf(f->evidence, sizeof(f->evidence),
                 "HTTP %ld without an error envelope (field '%s')", ex->resp.status,
                 d->error_field ? d->error_field : "error");
    } else if (first_err) {
        f->v = DETECT_CONFLICT;
        snprintf(f->evidence, sizeof(f->evidence), "HTTP %ld; %s at '%s': %.120s", ex->resp.status,
                 panel_diag_code_name(first_err->code),
                 first_err->pointer ? first_err->pointer : "",
                 first_err->message ? first_err->message : "");
    } else if (ex->resp.status != want && !(a != PANEL_ACTION_ERROR && ex->resp.status == 200)) {
        /* an id refusal may come as an entry in a 200 answer whatever the case's code */
        /* a code the dialect only assumes (the document is silent) is a difference, not a
         * conflict */
        int assumed = c && c->http_basis.prov == PANEL_PROV_ASSUMED;
        f->v = assumed ? DETECT_WARN : DETECT_CONFLICT;
        snprintf(f->evidence, sizeof(f->evidence), "HTTP %ld, the dialect answers %ld%s",
                 ex->resp.status, want, assumed ? " (assumed)" : "");
    } else if (c && msg && !message_fits(c, msg)) {
        f->v = DETECT_WARN;
        snprintf(f->evidence, sizeof(f->evidence),
                 "HTTP %ld; error text \"%.60s\", the dialect's \"%.60s\"", ex->resp.status, msg,
                 c->message);
    } else {
        f->v = warns ? DETECT_WARN : DETECT_FIT;
        snprintf(f->evidence, sizeof(f->evidence), "HTTP %ld, %s%s%s; %zu warning(s)",
                 ex->resp.status, ec >= 0 ? "refused" : "parsed", msg ? ": " : "", msg ? msg : "",
                 warns);
    }
    panel_result_free(r);
}

/* Orders fits by score, then fewer conflicts. */
static int by_score(const void *pa, const void *pb)
{
    const detect_fit *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score < b->score ? 1 : -1;
    return a->conflicts - b->conflicts;
}

/* Judges every dialect and sorts best first. */
void detect_rank(detect_run *r)
{
    for (size_t i = 0; i < r->n_fit; i++) {
        detect_fit *ft = &r->fit[i];
        double got = 0, total = 0;
        ft->conflicts = 0;
        for (int k = 0; k < DETECT__COUNT; k++) {
            detect_feature *f = &ft->f[k];
            f->probe = r->of[i][k];
            if (f->probe < 0) {
                f->v = DETECT_NOT_PROBED;
                snprintf(f->evidence, sizeof(f->evidence), "the dialect has no such request");
                continue;
            }
            judge(ft->d, (detect_kind)k, &r->ex[f->probe], f);
            double w = detect_feature_weight((detect_kind)k);
            total += w;
            got += f->v == DETECT_FIT ? w : f->v == DETECT_WARN ? w * 0.75 : 0;
            ft->conflicts += f->v == DETECT_CONFLICT;
        }
        ft->score = total > 0 ? got / total : 0;
    }
    /* the dialects' probe indexes move with the fits: keep them in the features */
    qsort(r->fit, r->n_fit, sizeof(r->fit[0]), by_score);
}
