/* tests/unit/test_cov_m_add.c - add validation and per-id actions of the mock the suites never
 * reached (found with `make coverage`): one table row per add (dialect, deviations, balance,
 * parameters -> placed with its charge, or the documented error case) over integers, dates,
 * links in each dialect's link rule, drip-feed runs, posts x max and funds (validate.c,
 * actions.c); and status, refill and cancel sequences under the deviations that change them. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"
#include "panel/parse.h"

#define PLACED (-1)

/* A mock of dialect with deviations dev (or NULL) and balance (or NULL: the catalogue's);
 * an add without an idempotency value passes. */
static mock_state *new_state(const char *dialect, const char *dev, const char *balance)
{
    mock_config cfg = {.seed = 21,
                       .dialect = dialect,
                       .deviate = dev,
                       .balance = balance,
                       .lenient_idempotency = 1};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

/* POSTs "KEYPARAM=KEY&" params to s's first account; the answer parsed as action a (multi
 * form when multi), the raw answer into raw when given. */
static panel_result *post(mock_state *s, panel_action a, int multi, const char *params, char *raw,
                          size_t rawsz)
{
    const panel_dialect *d = s->acc[0].d;
    static char body[16384]; /* a list of 1001 ids fits */
    snprintf(body, sizeof body, "%s=%s&%s", d->key_param, s->acc[0].key, params);
    mock_response r;
    ck_assert_int_eq(
        mock_handle(s, "POST", s->acc[0].prefix, NULL, body, strlen(body), "127.0.0.1", &r),
        PANEL_E_OK);
    panel_parse_opts o = {.multi = multi};
    panel_result *res = NULL;
    ck_assert_int_eq(panel_parse(d, a, r.body.data ? r.body.data : "", r.body.len, &o, &res),
                     PANEL_E_OK);
    if (raw)
        snprintf(raw, rawsz, "%s", r.body.data ? r.body.data : "");
    mock_response_free(&r);
    return res;
}

START_TEST(add_rows)
{
    static const struct {
        const char *dialect, *dev, *balance;
        const char *params; /* after key and action=add */
        int want;           /* PLACED or the error case */
        long long qty;      /* the order's quantity when placed (0: not checked) */
    } rows[] = {
        /* integers: a sign alone, a digit that is not one */
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://example.com/x&quantity=-",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://example.com/x&quantity=5a0",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://example.com/x&quantity=0",
         PANEL_ERRCASE_QUANTITY_RANGE, 0},
        {"dripfeedpanel", NULL, NULL, "service=&link=https://example.com/x&quantity=50",
         PANEL_ERRCASE_MISSING_PARAM, 0},
        /* documented links: hosts with ports and dashes, a bare host, a query after the host */
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://ex-ample.com:8080/x&quantity=50",
         PLACED, 50},
        {"dripfeedpanel", NULL, NULL, "service=1&link=HTTP://example.com&quantity=50", PLACED, 50},
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://example.com?x=1&quantity=50", PLACED,
         50},
        {"dripfeedpanel", NULL, NULL, "service=1&link=https:///x&quantity=50",
         PANEL_ERRCASE_INVALID_LINK, 0},
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://example.com/a%01b&quantity=50",
         PANEL_ERRCASE_INVALID_LINK, 0},
        {"dripfeedpanel", NULL, NULL, "service=1&link=&quantity=50", PANEL_ERRCASE_MISSING_PARAM,
         0},
        /* drip-feed runs: empty is none; out of range refused; billed per run */
        {"dripfeedpanel", NULL, NULL,
         "service=1&link=https://example.com/x&quantity=50&runs=", PLACED, 50},
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://example.com/x&quantity=50&runs=3",
         PLACED, 50},
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://example.com/x&quantity=50&runs=0",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=1&link=https://example.com/x&quantity=50&runs=1001",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", "add_drip_one_run", NULL,
         "service=1&link=https://example.com/x&quantity=50&runs=3", PLACED, 50},
        /* subscriptions: posts, max and min as integers; the dates of expiry */
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&posts=", PLACED, 100},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&posts=x",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=1x",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=5x&max=100",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=&max=100",
         PANEL_ERRCASE_MISSING_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&expiry=3/12/2030",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&expiry=311/12/2030",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&expiry=31/12/20301",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&expiry=31/12/203",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&expiry=/12/2030",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&expiry=32/12/2030",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        {"dripfeedpanel", NULL, NULL, "service=8&username=u&min=50&max=100&expiry=31/00/2030",
         PANEL_ERRCASE_INVALID_PARAM, 0},
        /* add_ignores_min: a max (or a quantity) under the service's minimum passes */
        {"dripfeedpanel", "add_ignores_min", NULL, "service=8&username=u&min=1&max=10", PLACED, 10},
        {"dripfeedpanel", "add_ignores_min", NULL, "service=8&username=u&min=0&max=0",
         PANEL_ERRCASE_QUANTITY_RANGE, 0},
        {"dripfeedpanel", "add_ignores_min", NULL,
         "service=1&link=https://example.com/x&quantity=7", PLACED, 7},
        /* funds: refused, unless the deviation skips the check; double charges count */
        {"smpanelim", NULL, "0.0001", "service=1&link=https://example.com/x&quantity=1000",
         PANEL_ERRCASE_NOT_ENOUGH_FUNDS, 0},
        {"smpanelim", "add_no_funds_check", "0.0001",
         "service=1&link=https://example.com/x&quantity=1000", PLACED, 1000},
        {"smpanelim", "add_charges_double", "100",
         "service=1&link=https://example.com/x&quantity=50", PLACED, 50},
        /* an assumed link rule: anything without spaces or control bytes */
        {"smmpanel-ru", NULL, NULL, "service=5&link=not-a-url&quantity=500", PLACED, 500},
        {"smmpanel-ru", NULL, NULL, "service=5&link=a%7Fb&quantity=500", PANEL_ERRCASE_INVALID_LINK,
         0},
        {"smmpanel-ru", NULL, NULL, "service=5&link=a%20b&quantity=500", PANEL_ERRCASE_INVALID_LINK,
         0},
        /* a fixed quantity: the service's own */
        {"smmpanel-ru", NULL, NULL, "service=11&link=https://example.com/x", PLACED, 1000},
        /* a declared link pattern */
        {"notpanel", NULL, NULL, "service=1&link=https://x&quantity=50", PLACED, 50},
        {"notpanel", NULL, NULL, "service=1&link=ftp://x.com&quantity=50",
         PANEL_ERRCASE_INVALID_LINK, 0},
        /* an empty idempotency value is none */
        {"notpanel", NULL, NULL, "service=1&link=https://x&quantity=50&request_id=", PLACED, 50},
        /* a type whose add is refused */
        {"panel-v2", NULL, NULL, "service=4&username=u&min=5&max=10&delay=0",
         PANEL_ERRCASE_SUBSCRIPTION_REFUSED, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        mock_state *s = new_state(rows[i].dialect, rows[i].dev, rows[i].balance);
        const panel_dialect *d = s->acc[0].d;
        char params[1024];
        snprintf(params, sizeof params, "action=%s&%s", d->actions[PANEL_ACTION_ADD].name,
                 rows[i].params);
        panel_money before = s->acc[0].balance;
        panel_result *r = post(s, PANEL_ACTION_ADD, 0, params, NULL, 0);
        if (rows[i].want == PLACED) {
            ck_assert_msg(r->order != NULL && r->error == NULL, "row %zu %s: refused (%s)", i,
                          rows[i].params, r->error ? r->error : "no order");
            ck_assert_uint_eq(s->acc[0].store.n_orders, 1);
            const mock_order *o = &s->acc[0].store.orders[0];
            if (rows[i].qty)
                ck_assert_int_eq(o->quantity, rows[i].qty);
            /* the balance goes down by the charge (twice it with add_charges_double) */
            int twice = rows[i].dev && strcmp(rows[i].dev, "add_charges_double") == 0;
            ck_assert_int_eq(before - s->acc[0].balance, twice ? 2 * o->charge : o->charge);
            ck_assert_int_eq(s->acc[0].charges, o->charge);
        } else {
            ck_assert_msg(tu_is_error_case(d, (panel_errcase)rows[i].want, r->error),
                          "row %zu %s: want %s, got '%s'", i, rows[i].params,
                          panel_errcase_name((panel_errcase)rows[i].want),
                          r->error ? r->error : "(no error)");
            ck_assert_uint_eq(s->acc[0].store.n_orders, 0);
            ck_assert_int_eq(s->acc[0].balance, before);
        }
        panel_result_free(r);
        mock_state_free(s);
    }
}
END_TEST

/* Drip-feed runs bill the quantity once per run; add_drip_one_run bills one run. */
START_TEST(add_runs_charge)
{
    static const char *const devs[] = {NULL, "add_drip_one_run"};
    panel_money charge[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        mock_state *s = new_state("dripfeedpanel", devs[i], NULL);
        panel_result *r =
            post(s, PANEL_ACTION_ADD, 0,
                 "action=add&service=1&link=https://example.com/x&quantity=100&runs=4", NULL, 0);
        ck_assert_ptr_nonnull(r->order);
        charge[i] = s->acc[0].store.orders[0].charge;
        panel_result_free(r);
        mock_state_free(s);
    }
    ck_assert_int_gt(charge[1], 0);
    ck_assert_int_eq(charge[0], 4 * charge[1]);
}
END_TEST

/* Places one simple order on s; its id into id[64]. */
static void place(mock_state *s, char *id)
{
    const panel_dialect *d = s->acc[0].d;
    const panel_catalogue_item *it = tu_simple_item(d, 1, 0);
    ck_assert_ptr_nonnull(it);
    char params[512];
    snprintf(params, sizeof params, "action=%s&service=%s&link=https://example.com/p&quantity=%lld",
             d->actions[PANEL_ACTION_ADD].name, it->service, (long long)it->min);
    panel_result *r = post(s, PANEL_ACTION_ADD, 0, params, NULL, 0);
    ck_assert_msg(r->order != NULL, "%s", r->error ? r->error : "no order");
    snprintf(id, 64, "%s", r->order);
    panel_result_free(r);
}

/* multi_status_disagrees with status words in the answer: the multi form shows the
 * lifecycle's first word while the single form moves on. An empty single id is missing. */
START_TEST(status_sequences)
{
    mock_state *s = new_state("dripfeedpanel", "multi_status_disagrees,status_unknown_word", NULL);
    const panel_dialect *d = s->acc[0].d;
    char id[64], params[256], raw[4096];
    place(s, id);
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_STATUS];
    for (int i = 0; i < 3; i++) { /* single queries move the order on */
        snprintf(params, sizeof params, "action=%s&%s=%s", sp->name, sp->single_param, id);
        panel_result_free(post(s, PANEL_ACTION_STATUS, 0, params, NULL, 0));
    }
    ck_assert_int_ne(s->acc[0].store.orders[0].status, s->acc[0].path[0]);
    snprintf(params, sizeof params, "action=%s&%s=%s", sp->multi_name ? sp->multi_name : sp->name,
             sp->multi_param, id);
    panel_result *r = post(s, PANEL_ACTION_STATUS, 1, params, raw, sizeof raw);
    ck_assert_msg(r->n_entries == 1, "%s", raw);
    ck_assert_int_eq(r->entries[0].status, (panel_status)s->acc[0].path[0]);
    panel_result_free(r);
    snprintf(params, sizeof params, "action=%s&%s=", sp->name, sp->single_param);
    r = post(s, PANEL_ACTION_STATUS, 0, params, NULL, 0);
    ck_assert_msg(tu_is_error_case(d, PANEL_ERRCASE_MISSING_PARAM, r->error), "%s",
                  r->error ? r->error : "(none)");
    panel_result_free(r);
    mock_state_free(s);
}
END_TEST

/* A refill's status read until its lifecycle ends, then again (no step left); with
 * refill_status_unknown_word the word is "Queued". A bogus order refilled under
 * refill_accepts_bogus gets a refill id. */
START_TEST(refill_sequences)
{
    static const char *const devs[] = {"refill_status_unknown_word", NULL};
    for (int v = 0; v < 2; v++) {
        mock_state *s = new_state("dripfeedpanel", devs[v], NULL);
        const panel_dialect *d = s->acc[0].d;
        char id[64], params[256], raw[4096];
        place(s, id);
        mock_advance_all(s, 20); /* delivered: refillable */
        const panel_action_spec *rp = &d->actions[PANEL_ACTION_REFILL];
        snprintf(params, sizeof params, "action=%s&%s=%s", rp->name, rp->single_param, id);
        panel_result *r = post(s, PANEL_ACTION_REFILL, 0, params, raw, sizeof raw);
        ck_assert_msg(r->n_entries == 1 && r->entries[0].refill_id != NULL, "%s", raw);
        char rid[64];
        snprintf(rid, sizeof rid, "%s", r->entries[0].refill_id);
        panel_result_free(r);
        const panel_action_spec *sp = &d->actions[PANEL_ACTION_REFILL_STATUS];
        snprintf(params, sizeof params, "action=%s&%s=%s", sp->name, sp->single_param, rid);
        panel_status last = PANEL_STATUS_UNKNOWN;
        for (int i = 0; i < 12; i++) {
            r = post(s, PANEL_ACTION_REFILL_STATUS, 0, params, raw, sizeof raw);
            ck_assert_msg(r->n_entries == 1, "%s", raw);
            last = r->entries[0].status;
            if (v == 0)
                ck_assert_msg(strstr(raw, "\"Queued\"") != NULL, "%s", raw);
            panel_result_free(r);
        }
        if (v == 1)
            ck_assert_int_eq(last, PANEL_STATUS_COMPLETED); /* the end of a refill's path */
        mock_state_free(s);
    }
    mock_state *s = new_state("dripfeedpanel", "refill_accepts_bogus", NULL);
    const panel_action_spec *rp = &s->acc[0].d->actions[PANEL_ACTION_REFILL];
    char params[256];
    snprintf(params, sizeof params, "action=%s&%s=99999999", rp->name, rp->single_param);
    panel_result *r = post(s, PANEL_ACTION_REFILL, 0, params, NULL, 0);
    ck_assert(r->n_entries == 1 && r->entries[0].refill_id != NULL);
    ck_assert_uint_eq(s->acc[0].store.n_refills, 1);
    panel_result_free(r);
    mock_state_free(s);
}
END_TEST

/* Which form answers a request naming ids: an empty multi list beside a single id is the
 * single form; a multi list to an action without a multi form is ignored (its single id is
 * answered); past the id cap (multi_over_limit_accepted) the first 1000 distinct ids are
 * answered. */
START_TEST(id_list_forms)
{
    mock_state *s = new_state("dripfeedpanel", "multi_over_limit_accepted", NULL);
    char id[64], raw[8192];
    place(s, id);
    char params[256];
    snprintf(params, sizeof params, "action=status&order=%s&orders=", id);
    panel_result *r = post(s, PANEL_ACTION_STATUS, 0, params, raw, sizeof raw);
    ck_assert_msg(r->error == NULL && r->n_entries == 1, "%s", raw);
    ck_assert_ptr_null(strchr(raw, '['));
    ck_assert_msg(strstr(raw, id) == NULL, "a single answer is not keyed by id: %s", raw);
    panel_result_free(r);
    static char many[16384];
    int n = snprintf(many, sizeof many, "action=status&orders=");
    for (int i = 0; i < 1001; i++)
        n += snprintf(many + n, sizeof many - (size_t)n, "%s%d", i ? "," : "", 500000 + i);
    static char big[1 << 18];
    r = post(s, PANEL_ACTION_STATUS, 1, many, big, sizeof big);
    panel_result_free(r);
    json_t *j = json_loads(big, 0, NULL);
    ck_assert_msg(j != NULL, "%.200s", big);
    ck_assert_uint_eq(json_object_size(j), 1000);
    ck_assert_ptr_nonnull(json_object_get(j, "500999"));
    ck_assert_ptr_null(json_object_get(j, "501000"));
    json_decref(j);
    mock_state_free(s);

    s = new_state("smpanelim", NULL, NULL);
    place(s, id);
    mock_advance_all(s, 20);
    snprintf(params, sizeof params, "action=refill&order=%s&orders=%s,%s", id, id, id);
    r = post(s, PANEL_ACTION_REFILL, 0, params, raw, sizeof raw);
    ck_assert_msg(r->n_entries == 1 && r->entries[0].refill_id != NULL, "%s", raw);
    ck_assert_uint_eq(s->acc[0].store.n_refills, 1);
    panel_result_free(r);
    mock_state_free(s);
}
END_TEST

/* Writes smpanelim.json with its order ids set to the id spec text into a new folder
 * dir[64] (the caller removes it). */
static void ranged_dialect(char *dir, const char *spec)
{
    snprintf(dir, 64, "/tmp/panel-cov-m-ids-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    json_error_t jerr;
    json_t *doc = json_load_file(PANEL_SOURCE_DIR "/dialects/smpanelim.json", 0, &jerr);
    ck_assert_msg(doc != NULL, "%s", jerr.text);
    json_object_set_new(json_object_get(doc, "ids"), "order", json_loads(spec, 0, NULL));
    char path[128];
    snprintf(path, sizeof path, "%s/smpanelim.json", dir);
    ck_assert_int_eq(json_dump_file(doc, path, 0), 0);
    json_decref(doc);
}

/* Order ids of a declared integer range stay inside it (an id under the minimum wraps into
 * the range), with a minimum alone or a maximum alone too; --ids big leaves the range. */
START_TEST(ranged_order_ids)
{
    static const struct {
        const char *spec;
        int big;
        unsigned long long lo, hi;
    } rows[] = {
        {"{\"kind\":\"int\",\"min\":1000,\"max\":1002}", 0, 1000, 1002},
        {"{\"kind\":\"int\",\"min\":500}", 0, 500, 999999999999999999ULL},
        {"{\"kind\":\"int\",\"max\":3}", 0, 1, 3},
        {"{\"kind\":\"int\",\"min\":1000,\"max\":1002}", 1, 1003, UINT64_MAX},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char dir[64], path[128];
        ranged_dialect(dir, rows[i].spec);
        mock_config cfg = {
            .seed = 21, .dialect = "smpanelim", .dialect_dir = dir, .ids_big = rows[i].big};
        mock_state *s = NULL;
        char err[256];
        ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s: %s",
                      rows[i].spec, err);
        for (int k = 0; k < 3; k++) {
            char id[64];
            mock_new_id(s, &s->acc[0], s->acc[0].d->order_id_kind, 0, id);
            unsigned long long v = strtoull(id, NULL, 10);
            ck_assert_msg(v >= rows[i].lo && v <= rows[i].hi, "%s (big %d): id %s", rows[i].spec,
                          rows[i].big, id);
        }
        mock_state_free(s);
        snprintf(path, sizeof path, "%s/smpanelim.json", dir);
        unlink(path);
        rmdir(dir);
    }
}
END_TEST

static Suite *cov_m_add_suite(void)
{
    Suite *s = suite_create("cov_m_add");
    TCase *tc = tcase_create("add");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, add_rows);
    tcase_add_test(tc, add_runs_charge);
    tcase_add_test(tc, status_sequences);
    tcase_add_test(tc, refill_sequences);
    tcase_add_test(tc, ranged_order_ids);
    tcase_add_test(tc, id_list_forms);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(cov_m_add_suite());
}
