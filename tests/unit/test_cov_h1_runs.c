/* test_cov_h1_runs.c - runner verdicts on dialects edited in memory after loading (issue #16):
 * what the loader refuses in a file but a hand-built panel_dialect may hold (no id limit, an
 * extra action without a response form, field kinds and shapes no shipped dialect declares),
 * judged by runner_run against the embedded mock, whose own loaded dialect a row may edit too
 * (the static answer of an extra action). Each row asserts the exact check id, its verdict and
 * the skip kind or the cause and field of a finding. No traffic but 127.0.0.1. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"
#include "panel/dialect.h"
#include "panelmock.h"
#include "policy.h"
#include "runner.h"
#include "testutil.h"

/* An edit of the mock's loaded dialect. */
typedef void (*edit_fn)(panel_dialect *d);
/* An edit of the runner's loaded dialect and options (o->key: the run's key). */
typedef void (*run_edit_fn)(panel_dialect *d, runner_opts *o);

/* One run: the runner reads dialect edited by runner_edit, the mock serves it edited by
 * mock_edit (NULL: as loaded); check id must be status with detail: the skip kind of a skip,
 * else the cause of a finding, whose field is field when given; its message must contain msg
 * when given. */
typedef struct {
    const char *dialect;
    run_edit_fn runner_edit;
    edit_fn mock_edit;
    const char *id;
    const char *status;
    const char *detail;
    const char *field;
    const char *msg;
} mem_row;

/* The dialect's first extra action (the row's dialect must declare one). */
static panel_extra_action *extra0(panel_dialect *d)
{
    ck_assert_uint_gt(d->n_extra_actions, 0);
    return &d->extra_actions[0];
}

/* Replaces the static answer of the first extra action by the JSON text json. */
static void set_answer(panel_dialect *d, const char *json)
{
    panel_extra_action *x = extra0(d);
    json_error_t e;
    json_t *v = json_loads(json, JSON_DECODE_ANY, &e);
    ck_assert_msg(v != NULL, "%s: %s", json, e.text);
    json_decref(x->answer);
    x->answer = v;
}

/* Sets the kind of the first field of the first extra action's response form. */
static void set_kind(panel_dialect *d, panel_kind k)
{
    panel_extra_action *x = extra0(d);
    ck_assert_uint_gt(x->response.n_fields, 0);
    x->response.fields[0].kind = k;
}

/* ---- the edits (one per row family) ---- */

static void max_ids_zero(panel_dialect *d, runner_opts *o)
{
    (void)o;
    d->max_ids = 0;
}
static void max_ids_huge(panel_dialect *d, runner_opts *o)
{
    (void)o;
    d->max_ids = 20000;
}
/* No response form: the answer is judged against the members of the documented answer. */
static void formless_more(panel_dialect *d, runner_opts *o)
{
    (void)o;
    extra0(d)->response.present = 0;
    set_answer(d, "{\"secret\": \"whsec_panelmock\", \"id\": 7}");
}
static void formless_same(panel_dialect *d, runner_opts *o)
{
    (void)o;
    extra0(d)->response.present = 0;
}
static void formless_no_answer(panel_dialect *d, runner_opts *o)
{
    (void)o;
    extra0(d)->response.present = 0;
    set_answer(d, "[1]");
}
static void kind_int(panel_dialect *d, runner_opts *o)
{
    (void)o;
    set_kind(d, PANEL_KIND_INT);
}
static void kind_intstr(panel_dialect *d, runner_opts *o)
{
    (void)o;
    set_kind(d, PANEL_KIND_INTSTR);
}
static void kind_number(panel_dialect *d, runner_opts *o)
{
    (void)o;
    set_kind(d, PANEL_KIND_NUMBER);
}
static void kind_bool(panel_dialect *d, runner_opts *o)
{
    (void)o;
    set_kind(d, PANEL_KIND_BOOL);
}
static void kind_oid(panel_dialect *d, runner_opts *o)
{
    (void)o;
    set_kind(d, PANEL_KIND_OID);
}
static void kind_any(panel_dialect *d, runner_opts *o)
{
    (void)o;
    set_kind(d, PANEL_KIND_ANY);
}
static void field_optional(panel_dialect *d, runner_opts *o)
{
    (void)o;
    extra0(d)->response.fields[0].required = 0;
}
static void field_required(panel_dialect *d, runner_opts *o)
{
    (void)o;
    extra0(d)->response.fields[0].required = 1;
}
static void shape_array(panel_dialect *d, runner_opts *o)
{
    (void)o;
    extra0(d)->response.shape = PANEL_SHAPE_ARRAY;
}
static void shape_keyed(panel_dialect *d, runner_opts *o)
{
    (void)o;
    extra0(d)->response.shape = PANEL_SHAPE_KEYED;
}
/* Clears a parameter name of action a (the form stays documented). */
static void clear_param(panel_dialect *d, panel_action a, int multi)
{
    char **p = multi ? &d->actions[a].multi_param : &d->actions[a].single_param;
    free(*p);
    *p = NULL;
}
static void status_no_single(panel_dialect *d, runner_opts *o)
{
    (void)o;
    clear_param(d, PANEL_ACTION_STATUS, 0);
}
static void status_no_multi(panel_dialect *d, runner_opts *o)
{
    (void)o;
    clear_param(d, PANEL_ACTION_STATUS, 1);
}
/* Action a with its single form only and no single_param (a file the loader accepts): no
 * form carries an id. */
static void no_id_form(panel_dialect *d, panel_action a)
{
    clear_param(d, a, 0);
    clear_param(d, a, 1);
    d->actions[a].multi.present = 0;
    ck_assert(d->actions[a].single.present);
}
static void status_no_id(panel_dialect *d, runner_opts *o)
{
    (void)o;
    no_id_form(d, PANEL_ACTION_STATUS);
}
static void refill_no_id(panel_dialect *d, runner_opts *o)
{
    (void)o;
    no_id_form(d, PANEL_ACTION_REFILL);
}
static void rstatus_no_id(panel_dialect *d, runner_opts *o)
{
    (void)o;
    no_id_form(d, PANEL_ACTION_REFILL_STATUS);
}
static void cancel_no_id(panel_dialect *d, runner_opts *o)
{
    (void)o;
    no_id_form(d, PANEL_ACTION_CANCEL);
}
static void refill_no_single(panel_dialect *d, runner_opts *o)
{
    (void)o;
    clear_param(d, PANEL_ACTION_REFILL, 0);
}
static void refill_no_multi(panel_dialect *d, runner_opts *o)
{
    (void)o;
    clear_param(d, PANEL_ACTION_REFILL, 1);
}
static void rstatus_no_single(panel_dialect *d, runner_opts *o)
{
    (void)o;
    clear_param(d, PANEL_ACTION_REFILL_STATUS, 0);
}
static void rstatus_no_multi(panel_dialect *d, runner_opts *o)
{
    (void)o;
    clear_param(d, PANEL_ACTION_REFILL_STATUS, 1);
}
static void cancel_no_single(panel_dialect *d, runner_opts *o)
{
    (void)o;
    clear_param(d, PANEL_ACTION_CANCEL, 0);
}
static void cancel_no_multi(panel_dialect *d, runner_opts *o)
{
    (void)o;
    clear_param(d, PANEL_ACTION_CANCEL, 1);
}
static void one_poll(panel_dialect *d, runner_opts *o)
{
    (void)d;
    o->max_polls = 1;
}
static void poll_window_1ms(panel_dialect *d, runner_opts *o)
{
    (void)d;
    o->poll_timeout_ms = 1;
    o->poll_interval_ms = 2;
}
/* Replaces the owned string *p by a copy of v (NULL: none). */
static void set_str(char **p, const char *v)
{
    free(*p);
    *p = v ? strdup(v) : NULL;
    ck_assert(!v || *p);
}
static void no_key_pattern(panel_dialect *d, runner_opts *o)
{
    (void)o;
    set_str(&d->key_pattern, NULL);
}
/* A key pattern of literal characters spelling the run's key: the wrong key made from it
 * must still differ from the real one. */
static void key_pattern_is_key(panel_dialect *d, runner_opts *o)
{
    ck_assert_msg(strpbrk(o->key, "XH") == NULL, "the mock's key has pattern letters: %s", o->key);
    set_str(&d->key_pattern, o->key);
}
/* The documented bad-key message with blanks around it: compared without them. */
static void bad_key_blanks(panel_dialect *d, runner_opts *o)
{
    (void)o;
    char m[300];
    snprintf(m, sizeof(m), "  %s \t", d->errors[PANEL_ERRCASE_BAD_KEY].message);
    set_str(&d->errors[PANEL_ERRCASE_BAD_KEY].message, m);
}
/* No HTTP code given for a bad key: the code is not judged. */
static void bad_key_no_http(panel_dialect *d, runner_opts *o)
{
    (void)o;
    d->errors[PANEL_ERRCASE_BAD_KEY].http = 0;
}
/* No error field named: "error" is read. */
static void no_error_field(panel_dialect *d, runner_opts *o)
{
    (void)o;
    set_str(&d->error_field, NULL);
}
/* Every type with a drip-feed runs parameter refuses adds. */
static void runs_types_refused(panel_dialect *d, runner_opts *o)
{
    (void)o;
    for (size_t i = 0; i < d->n_types; i++)
        if (d->types[i].runs_param)
            d->types[i].add_refused = 1;
}
/* The mock's catalogue: no service takes drip-feed. */
static void no_dripfeed(panel_dialect *d)
{
    for (size_t i = 0; i < d->n_catalogue; i++)
        d->catalogue[i].dripfeed = 0;
}
/* The mock's catalogue: every rate a present zero. */
static void rates_zero(panel_dialect *d)
{
    for (size_t i = 0; i < d->n_catalogue; i++)
        d->catalogue[i].rate = 0;
}

/* The mock's answers. */
static void answer_int(panel_dialect *d)
{
    set_answer(d, "{\"secret\": 42}");
}
static void answer_digits(panel_dialect *d)
{
    set_answer(d, "{\"secret\": \"123\"}");
}
static void answer_digits_x(panel_dialect *d)
{
    set_answer(d, "{\"secret\": \"12x\"}");
}
static void answer_empty_text(panel_dialect *d)
{
    set_answer(d, "{\"secret\": \"\"}");
}
static void answer_number(panel_dialect *d)
{
    set_answer(d, "{\"secret\": 1.5}");
}
static void answer_bool(panel_dialect *d)
{
    set_answer(d, "{\"secret\": true}");
}
static void answer_oid(panel_dialect *d)
{
    set_answer(d, "{\"secret\": \"5f2b6c1e9a3d4e7f8a1b2c3d\"}");
}
static void answer_none(panel_dialect *d)
{
    set_answer(d, "{\"other\": 1}");
}
static void answer_array(panel_dialect *d)
{
    set_answer(d, "[{\"secret\": \"a\"}, {\"secret\": 5}]");
}
static void answer_keyed(panel_dialect *d)
{
    set_answer(d, "{\"w1\": {\"secret\": \"a\"}, \"w2\": {\"secret\": false}}");
}

/* clang-format off */
#define XA "extra.webhook_add"
#define PASS_MSG "webhook.add answers in its declared shape"
static const mem_row ROWS[] = {
    /* 0-1 status.multi_over_limit without an id limit (checks_status.c over_limit) */
    {"dripfeedpanel", max_ids_zero, NULL, "status.multi_over_limit", "skip", "not_documented", NULL,
     "no id limit documented"},
    {"dripfeedpanel", max_ids_huge, NULL, "status.multi_over_limit", "skip", "not_documented", NULL,
     "no id limit documented"},
    /* 2-4 an extra action without a response form: the documented answer's members */
    {"notpanel", formless_more, NULL, XA, "fail", "missing field", "id",
     "member 'id' of the documented answer is missing"},
    {"notpanel", formless_same, NULL, XA, "pass", NULL, NULL, PASS_MSG},
    {"notpanel", formless_no_answer, NULL, XA, "pass", NULL, NULL, PASS_MSG},
    /* 5-17 each field kind against a fitting and an unfitting value (kind_ok) */
    {"notpanel", kind_int, answer_int, XA, "pass", NULL, NULL, PASS_MSG},
    {"notpanel", kind_int, NULL, XA, "warn", "wrong type", "/secret", "member 'secret' is not int"},
    {"notpanel", kind_intstr, answer_digits, XA, "pass", NULL, NULL, PASS_MSG},
    {"notpanel", kind_intstr, answer_digits_x, XA, "warn", "wrong type", "/secret",
     "member 'secret' is not intstr"},
    {"notpanel", kind_intstr, answer_empty_text, XA, "warn", "wrong type", "/secret",
     "member 'secret' is not intstr"},
    {"notpanel", kind_intstr, answer_int, XA, "warn", "wrong type", "/secret",
     "member 'secret' is not intstr"},
    {"notpanel", kind_number, answer_number, XA, "pass", NULL, NULL, PASS_MSG},
    {"notpanel", kind_number, NULL, XA, "warn", "wrong type", "/secret",
     "member 'secret' is not number"},
    {"notpanel", kind_bool, answer_bool, XA, "pass", NULL, NULL, PASS_MSG},
    {"notpanel", kind_bool, answer_int, XA, "warn", "wrong type", "/secret",
     "member 'secret' is not bool"},
    {"notpanel", kind_oid, answer_oid, XA, "pass", NULL, NULL, PASS_MSG},
    {"notpanel", kind_oid, answer_int, XA, "warn", "wrong type", "/secret",
     "member 'secret' is not objectid"},
    {"notpanel", kind_any, answer_bool, XA, "pass", NULL, NULL, PASS_MSG},
    /* 18-19 a member absent: optional (nothing to judge) or required */
    {"notpanel", field_optional, answer_none, XA, "pass", NULL, NULL, PASS_MSG},
    {"notpanel", field_required, answer_none, XA, "warn", "missing field", "/secret",
     "required member 'secret' is missing"},
    /* 20-22 array and keyed forms: every entry judged, the pointer names it */
    {"notpanel", shape_array, answer_array, XA, "warn", "wrong type", "/1/secret",
     "member 'secret' is not string"},
    {"notpanel", shape_keyed, answer_keyed, XA, "warn", "wrong type", "/w2/secret",
     "member 'secret' is not string"},
    {"notpanel", shape_array, NULL, XA, "warn", "shape", "", "the answer is not the documented array"},
    /* 23-29 a form documented without its id parameter: that form is not usable */
    {"dripfeedpanel", status_no_single, NULL, "status.single", "skip", "not_documented", NULL,
     "the document has no single status form"},
    {"dripfeedpanel", status_no_multi, NULL, "status.multi", "skip", "not_documented", NULL,
     "the document has no multi status form"},
    {"dripfeedpanel", refill_no_single, NULL, "refill.single", "skip", "not_documented", NULL,
     "the document has no single refill form"},
    {"dripfeedpanel", refill_no_multi, NULL, "refill.multi", "skip", "not_documented", NULL,
     "the document has no multi refill form"},
    {"dripfeedpanel", rstatus_no_single, NULL, "refill_status.single", "skip", "not_documented",
     NULL, "the document has no single form"},
    {"dripfeedpanel", rstatus_no_multi, NULL, "refill_status.multi", "skip", "not_documented", NULL,
     "the document has no multi form"},
    {"notpanel", cancel_no_single, NULL, "cancel.single", "skip", "not_documented", NULL,
     "the document has no single cancel form"},
    /* 30-40 no form carries an id (single form, no single_param): every check sending one is
     * not documented (these crashed on a NULL parameter name before) */
    {"dripfeedpanel", status_no_id, NULL, "isolation.status", "skip", "not_documented", NULL,
     "the document names no id parameter for status"},
    {"dripfeedpanel", status_no_id, NULL, "neg.bogus_order_id", "skip", "not_documented", NULL,
     "the document names no id parameter for status"},
    {"dripfeedpanel", status_no_id, NULL, "cancel.status_after", "skip", "not_documented", NULL,
     "the document names no id parameter for status"},
    {"dripfeedpanel", refill_no_id, NULL, "refill.single", "skip", "not_documented", NULL,
     "the document names no id parameter for refill"},
    {"dripfeedpanel", refill_no_id, NULL, "refill.cancelled_refused", "skip", "not_documented",
     NULL, "the document names no id parameter for refill"},
    {"dripfeedpanel", refill_no_id, NULL, "isolation.refill", "skip", "not_documented", NULL,
     "the document names no id parameter for refill"},
    {"dripfeedpanel", rstatus_no_id, NULL, "neg.bogus_refill_id", "skip", "not_documented", NULL,
     "the document names no id parameter for refill_status"},
    {"notpanel", cancel_no_id, NULL, "cancel.single", "skip", "not_documented", NULL,
     "the document names no id parameter for cancel"},
    {"notpanel", cancel_no_id, NULL, "refill.cancelled_refused", "skip", "not_documented", NULL,
     "the document names no id parameter for cancel"},
    {"notpanel", cancel_no_id, NULL, "isolation.cancel", "skip", "not_documented", NULL,
     "the document names no id parameter for cancel"},
    {"dripfeedpanel", cancel_no_multi, NULL, "cancel.multi", "skip", "not_documented", NULL,
     "the document names no id parameter for cancel"},
    /* 41-42 the poll bounds of the options */
    {"dripfeedpanel", one_poll, NULL, "refill.multi", "skip", "timeout", NULL,
     "did not settle in the poll window (last: pending)"},
    {"dripfeedpanel", poll_window_1ms, NULL, "refill.multi", "skip", "timeout", NULL,
     "did not settle in the poll window"},
    /* 43-47 the key and error texts the negatives are built from */
    {"dripfeedpanel", no_key_pattern, NULL, "neg.bad_key", "pass", NULL, NULL, "refused as documented"},
    {"dripfeedpanel", key_pattern_is_key, NULL, "neg.bad_key", "pass", NULL, NULL,
     "refused as documented"},
    {"dripfeedpanel", bad_key_blanks, NULL, "neg.bad_key", "pass", NULL, NULL,
     "refused as documented"},
    {"dripfeedpanel", no_error_field, NULL, "neg.bad_key", "pass", NULL, NULL,
     "refused as documented"},
    {"dripfeedpanel", bad_key_no_http, NULL, "neg.bad_key", "pass", NULL, NULL,
     "refused as documented"},
    /* 48-49 a catalogue whose every rate is a present zero */
    {"dripfeedpanel", NULL, rates_zero, "services.rate_decimal", "pass", NULL, NULL,
     "11 services have exact decimal rates"},
    {"dripfeedpanel", NULL, rates_zero, "neg.not_enough_funds", "skip", "no_data", NULL,
     "no service can cost more than the balance"},
    /* 50-51 ledger.dripfeed without a drip-feed type that takes adds, or a service allowing it */
    {"dripfeedpanel", runs_types_refused, NULL, "ledger.dripfeed", "skip", "not_documented", NULL,
     "the dialect declares no drip-feed runs parameter"},
    {"notpanel", NULL, no_dripfeed, "ledger.dripfeed", "skip", "no_data", NULL,
     "the services list offers no drip-feed service"},
};
/* clang-format on */

#define N_ROWS (sizeof(ROWS) / sizeof(ROWS[0]))

/* The verdict of id in s; fails the test when absent. */
static const check_result *verdict_of(const check_suite *s, const char *id, size_t row)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->items[i].id, id))
            return &s->items[i];
    ck_abort_msg("row %zu: no verdict %s", row, id);
    return NULL;
}

/* Asserts row w's verdict in s. */
static void assert_row(const check_suite *s, const mem_row *w, size_t row)
{
    const check_result *r = verdict_of(s, w->id, row);
    const char *st = check_status_name(r->status);
    if (strcmp(st, w->status))
        ck_abort_msg("row %zu: %s is %s, want %s (%s)", row, w->id, st, w->status,
                     r->message ? r->message : "");
    if (w->msg && (!r->message || !strstr(r->message, w->msg)))
        ck_abort_msg("row %zu: %s's message '%s' lacks '%s'", row, w->id,
                     r->message ? r->message : "", w->msg);
    if (r->status == CHECK_PASS)
        return;
    if (r->status == CHECK_SKIP) {
        if (strcmp(check_skip_kind_name(r->skip_kind), w->detail))
            ck_abort_msg("row %zu: %s skipped as %s, want %s (%s)", row, w->id,
                         check_skip_kind_name(r->skip_kind), w->detail, r->message);
        return;
    }
    for (size_t i = 0; i < r->n_findings; i++) {
        const check_finding *f = &r->findings[i];
        if (f->cause && !strcmp(f->cause, w->detail) &&
            (!w->field || (f->field && !strcmp(f->field, w->field))))
            return;
    }
    ck_abort_msg("row %zu: %s %s without a finding '%s' at '%s' (%s)", row, w->id, st, w->detail,
                 w->field ? w->field : "any", r->message ? r->message : "");
}

/* One row: a mock of the row's dialect (edited in memory before the first request), the
 * runner on its own loaded copy (edited likewise), loopback policy. */
START_TEST(test_mem_row)
{
    const mem_row *w = &ROWS[_i];
    mock_config cfg = {0};
    cfg.listen = "127.0.0.1:0";
    cfg.dialect = w->dialect;
    cfg.seed = 1;
    cfg.balance = "10";
    cfg.quiet = 1;
    cfg.accounts = 2;
    char base[256], err[256] = "", url[600], key[256], key2[256];
    mock_server *m = NULL;
    ck_assert_int_eq(mock_server_start(&cfg, &m, base, sizeof(base), err, sizeof(err)), PANEL_E_OK);
    mock_state *st = mock_server_state_borrow(m);
    if (w->mock_edit) {
        pthread_mutex_lock(&st->mu);
        w->mock_edit((panel_dialect *)panel_dialect_set_find(&st->set, w->dialect));
        pthread_mutex_unlock(&st->mu);
    }
    snprintf(key, sizeof(key), "%s", mock_state_account_key_borrow(st, w->dialect, 0));
    snprintf(key2, sizeof(key2), "%s", mock_state_account_key_borrow(st, w->dialect, 1));
    panel_dialect_set set;
    tu_load_dialects(&set);
    panel_dialect *d = (panel_dialect *)panel_dialect_set_find(&set, w->dialect);
    ck_assert_ptr_nonnull(d);
    snprintf(url, sizeof(url), "%s/%s%s", base, w->dialect, d->base_path);
    http_client *http = NULL;
    http_opts ho = {0};
    ho.timeout_ms = 5000;
    ck_assert_int_eq(http_new(&ho, &http), PANEL_E_OK);
    policy pol;
    policy_init(&pol, url, 0, 0, 0);
    runner_opts o = {0};
    o.d = d;
    o.url = url;
    o.key = key;
    o.key2 = key2;
    o.http = http;
    o.pol = &pol;
    if (w->runner_edit)
        w->runner_edit(d, &o);
    check_suite s;
    ck_assert_int_eq(runner_run(&o, &s), PANEL_E_OK);
    assert_row(&s, w, (size_t)_i);
    check_suite_free(&s);
    http_free(http);
    mock_server_stop(m);
    panel_dialect_set_free(&set);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cov_h1_runs");
    TCase *t = tcase_create("edited_in_memory");
    tcase_set_timeout(t, 60);
    tcase_add_loop_test(t, test_mem_row, 0, (int)N_ROWS);
    suite_add_tcase(s, t);
    return tu_run(s) ? 1 : 0;
}
