/* test_fuzzserve.c - panelmock --fuzz without sockets: the same seed gives the same answers,
 * 10,000 fuzzed requests keep the ledger exact (and equal to an unfuzzed twin's), every
 * replay token gives its answer back byte for byte, no key in a mutated answer, the report
 * and the admin endpoints, bad options refused. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"
#include "panel/buf.h"
#include "testutil.h"

/* A state of every dialect; fuzz NULL for none. */
static mock_state *new_state(const char *fuzz, const char *rate, const char *actions)
{
    mock_config cfg = {.seed = 5, .balance = "100000", .dialect = "all"};
    cfg.fuzz = fuzz;
    cfg.fuzz_rate = rate;
    cfg.fuzz_actions = actions;
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

/* Sends request i of the scripted session to account acc: adds, status and cancel of the
 * latest order, balance, and services now and then; the answer's body goes to out (when
 * not NULL) and its status is returned. Each request comes from its own client address (no
 * rate limit is reached). */
static int scripted(mock_state *s, size_t acc, unsigned i, panel_buf *out)
{
    mock_account *a = &s->acc[acc];
    const panel_dialect *d = a->d;
    const panel_catalogue_item *it = tu_simple_item(d, 0, 1);
    if (!it)
        it = tu_simple_item(d, 0, 0);
    char body[1024], path[256], ip[32];
    const char *last = a->store.n_orders ? a->store.orders[a->store.n_orders - 1].id : "1";
    int op = (int)(i % 5);
    if (i % 50 == 49)
        op = 5;
    panel_action act = op == 0   ? PANEL_ACTION_ADD
                       : op == 1 ? PANEL_ACTION_STATUS
                       : op == 2 ? PANEL_ACTION_BALANCE
                       : op == 3 ? PANEL_ACTION_CANCEL
                       : op == 4 ? PANEL_ACTION_STATUS
                                 : PANEL_ACTION_SERVICES;
    const panel_action_spec *sp = &d->actions[act];
    if (!sp->documented) {
        act = PANEL_ACTION_BALANCE;
        sp = &d->actions[act];
    }
    int n = snprintf(body, sizeof body, "%s=%s&action=%s", d->key_param, a->key,
                     sp->name ? sp->name : sp->multi_name);
    if (act == PANEL_ACTION_ADD) {
        n += snprintf(body + n, sizeof body - (size_t)n,
                      "&service=%s&link=https://example.com/p&quantity=%lld", it->service,
                      (long long)it->min);
        if (d->idempotency_param)
            n += snprintf(body + n, sizeof body - (size_t)n, "&%s=fz-%zu-%u", d->idempotency_param,
                          acc, i);
    } else if (act == PANEL_ACTION_STATUS || act == PANEL_ACTION_CANCEL) {
        int multi = !sp->single.present;
        const char *name = multi && sp->multi_name ? sp->multi_name : sp->name;
        n = snprintf(body, sizeof body, "%s=%s&action=%s&%s=%s", d->key_param, a->key, name,
                     multi ? sp->multi_param : sp->single_param, last);
    }
    snprintf(path, sizeof path, "/%s%s", d->name, d->base_path);
    snprintf(ip, sizeof ip, "10.%u.%u.%u", (i >> 16) & 255, (i >> 8) & 255, i & 255);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "POST", path, NULL, body, strlen(body), ip, &r), PANEL_E_OK);
    if (out) {
        panel_buf_printf(out, "%d ", r.status);
        if (r.body.data)
            panel_buf_append(out, r.body.data, r.body.len);
        panel_buf_puts(out, "\n");
    }
    int st = r.status;
    mock_response_free(&r);
    return st;
}

/* Runs k scripted requests over every account; returns the transcript (new string). */
static char *session(mock_state *s, unsigned k)
{
    panel_buf b;
    panel_buf_init(&b, 1u << 26);
    panel_buf_puts(&b, "");
    for (unsigned i = 0; i < k; i++)
        scripted(s, i % s->n_acc, i / (unsigned)s->n_acc, &b);
    return panel_buf_take(&b, NULL);
}

START_TEST(same_seed_same_answers)
{
    mock_state *s1 = new_state("7", NULL, NULL), *s2 = new_state("7", NULL, NULL);
    mock_state *s3 = new_state("8", NULL, NULL), *s0 = new_state(NULL, NULL, NULL);
    char *t1 = session(s1, 400), *t2 = session(s2, 400), *t3 = session(s3, 400);
    char *t0 = session(s0, 400);
    ck_assert_str_eq(t1, t2);
    ck_assert_str_ne(t1, t3);
    ck_assert_str_ne(t1, t0);
    free(t0);
    free(t1);
    free(t2);
    free(t3);
    mock_state_free(s0);
    mock_state_free(s1);
    mock_state_free(s2);
    mock_state_free(s3);
}
END_TEST

/* Sums of the orders' charges and refunds equal the account's ledger. */
static void ledger_exact(const mock_account *a)
{
    panel_money charges = 0, refunds = 0;
    for (size_t k = 0; k < a->store.n_orders; k++) {
        charges += a->store.orders[k].charge;
        refunds += a->store.orders[k].refunded;
    }
    ck_assert_int_eq(charges, a->charges);
    ck_assert_int_eq(refunds, a->refunds);
    ck_assert_int_eq(a->balance, a->balance_start - a->charges + a->refunds);
}

START_TEST(ten_thousand_keep_the_ledger)
{
    mock_state *f = new_state("3", NULL, NULL), *plain = new_state(NULL, NULL, NULL);
    unsigned per = 10000 / (unsigned)f->n_acc + 1;
    for (unsigned i = 0; i < per; i++)
        for (size_t acc = 0; acc < f->n_acc; acc++) {
            scripted(f, acc, i, NULL);
            scripted(plain, acc, i, NULL);
            if (i % 100 == 99) {
                mock_advance_all(f, 1);
                mock_advance_all(plain, 1);
            }
        }
    ck_assert_uint_ge(f->seq, 10000);
    for (size_t acc = 0; acc < f->n_acc; acc++) {
        const mock_account *a = &f->acc[acc], *b = &plain->acc[acc];
        ledger_exact(a);
        ck_assert_uint_gt(a->store.n_orders, 0);
        ck_assert_uint_eq(a->store.n_orders, b->store.n_orders);
        ck_assert_int_eq(a->balance, b->balance);
        ck_assert_int_eq(a->charges, b->charges);
        ck_assert_int_eq(a->refunds, b->refunds);
    }
    json_t *rep = mock_fuzz_report_json_new(f);
    ck_assert_int_ge(json_integer_value(json_object_get(rep, "mutated")), 9000);
    ck_assert_uint_gt(json_array_size(json_object_get(rep, "rows")), 10);
    json_decref(rep);
    mock_state_free(f);
    mock_state_free(plain);
}
END_TEST

/* The token of the journal's latest entry ("" when its answer was not mutated). */
static void latest_token(mock_state *s, char *tok, size_t sz)
{
    mock_journal_filter flt = {.limit = 1};
    json_t *j = mock_journal_json_new(s, &flt);
    json_t *applied = json_object_get(json_array_get(j, 0), "applied");
    size_t i;
    json_t *w;
    tok[0] = '\0';
    json_array_foreach(applied, i, w)
    {
        const char *t = json_string_value(w);
        if (t && strncmp(t, "token=", 6) == 0)
            snprintf(tok, sz, "%s", t + 6);
    }
    json_decref(j);
}

START_TEST(replay_tokens_byte_for_byte)
{
    mock_state *s = new_state("11", "0.5", NULL);
    unsigned mutated = 0;
    for (unsigned i = 0; i < 300; i++) {
        panel_buf b;
        panel_buf_init(&b, 1u << 24);
        size_t acc = i % s->n_acc;
        int st = scripted(s, acc, i / (unsigned)s->n_acc, &b);
        char tok[64];
        latest_token(s, tok, sizeof tok);
        for (size_t k = 0; k < s->n_acc; k++)
            ck_assert_msg(!strstr(b.data, s->acc[k].key), "key in a mutated answer");
        if (!tok[0]) {
            panel_buf_free(&b);
            continue;
        }
        mutated++;
        mock_response r;
        char path[128];
        snprintf(path, sizeof path, "/__panelmock/fuzz/replay?token=%s", tok);
        ck_assert_int_eq(mock_handle(s, "GET", path, NULL, NULL, 0, "127.0.0.1", &r), PANEL_E_OK);
        panel_buf again;
        panel_buf_init(&again, 1u << 24);
        panel_buf_printf(&again, "%d ", r.status);
        if (r.body.data)
            panel_buf_append(&again, r.body.data, r.body.len);
        panel_buf_puts(&again, "\n");
        ck_assert_int_eq(r.status, st);
        ck_assert_uint_eq(again.len, b.len);
        ck_assert_msg(memcmp(again.data, b.data, b.len) == 0, "replay %s differs", tok);
        mock_response_free(&r);
        panel_buf_free(&again);
        panel_buf_free(&b);
    }
    ck_assert_uint_gt(mutated, 100);
    ck_assert_uint_lt(mutated, 200);
    /* an unknown token is a 404 */
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "GET", "/__panelmock/fuzz/replay?token=fz-11-999999", NULL,
                                 NULL, 0, "127.0.0.1", &r),
                     PANEL_E_OK);
    ck_assert_int_eq(r.status, 404);
    mock_response_free(&r);
    mock_state_free(s);
}
END_TEST

START_TEST(only_chosen_actions_and_report)
{
    mock_state *s = new_state("2", NULL, "balance");
    for (unsigned i = 0; i < 100; i++)
        scripted(s, i % s->n_acc, i / (unsigned)s->n_acc, NULL);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "GET", "/__panelmock/fuzz", NULL, NULL, 0, "127.0.0.1", &r),
                     PANEL_E_OK);
    ck_assert_int_eq(r.status, 200);
    json_t *j = json_loads(r.body.data, 0, NULL);
    ck_assert_ptr_nonnull(j);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(j, "rows"), i, row)
        ck_assert_str_eq(json_string_value(json_object_get(row, "action")), "balance");
    ck_assert_uint_gt(json_array_size(json_object_get(j, "rows")), 0);
    json_decref(j);
    mock_response_free(&r);
    mock_state_free(s);
}
END_TEST

/* A request repeated right after a fuzzed answer counts as a retry; an add whose order is
 * never asked about counts as no follow-up. */
START_TEST(retries_and_no_followup)
{
    mock_state *s = new_state("4", NULL, "add");
    for (unsigned k = 0; k < 3; k++)
        scripted(s, 0, 0, NULL); /* the same add three times: two retries */
    json_t *j = mock_fuzz_report_json_new(s);
    json_int_t retried = 0, nofollow = 0, served = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(j, "rows"), i, row)
    {
        served += json_integer_value(json_object_get(row, "served"));
        retried += json_integer_value(json_object_get(row, "retried"));
        nofollow += json_integer_value(json_object_get(row, "no_followup"));
    }
    ck_assert_int_eq(served, 3);
    ck_assert_int_eq(retried, 2);
    ck_assert_int_ge(nofollow, 1);
    json_decref(j);
    mock_state_free(s);
}
END_TEST

START_TEST(bad_options)
{
    mock_config cfg = {.seed = 1, .dialect = "all", .fuzz = "x"};
    mock_state *s = NULL;
    char err[256];
    ck_assert_int_eq(mock_state_new(&cfg, &s, err, sizeof err), PANEL_E_USAGE);
    cfg.fuzz = "1";
    cfg.fuzz_rate = "2";
    ck_assert_int_eq(mock_state_new(&cfg, &s, err, sizeof err), PANEL_E_USAGE);
    cfg.fuzz_rate = NULL;
    cfg.fuzz_actions = "add,bogus";
    ck_assert_int_eq(mock_state_new(&cfg, &s, err, sizeof err), PANEL_E_USAGE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fuzzserve");
    TCase *t = tcase_create("mock");
    tcase_set_timeout(t, 280);
    tcase_add_test(t, same_seed_same_answers);
    tcase_add_test(t, ten_thousand_keep_the_ledger);
    tcase_add_test(t, replay_tokens_byte_for_byte);
    tcase_add_test(t, only_chosen_actions_and_report);
    tcase_add_test(t, retries_and_no_followup);
    tcase_add_test(t, bad_options);
    suite_add_tcase(s, t);
    return tu_run(s);
}
