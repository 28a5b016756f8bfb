/* test_fuzzserve_signals.c - the --fuzz report's signals without sockets: "no_followup" for
 * fuzzed status (of an order not yet final), refill and cancel answers as for add, cleared by
 * a later request naming the order (or the new refill's id) as a whole id; "dropped" counted
 * by mock_fuzz_dropped per action and mutation, listed by token, and ignored for a session
 * that was reset since. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"
#include "testutil.h"

/* A state of every dialect with --fuzz 4 over actions. */
static mock_state *new_state(const char *actions)
{
    mock_config cfg = {.seed = 5, .balance = "100000", .dialect = "all"};
    cfg.fuzz = "4";
    cfg.fuzz_actions = actions;
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

/* The first account whose dialect documents every action in want (and a simple item that
 * allows refill when want_refill); NULL when none. */
static mock_account *account_with(mock_state *s, const panel_action *want, size_t n,
                                  int want_refill)
{
    for (size_t i = 0; i < s->n_acc; i++) {
        mock_account *a = &s->acc[i];
        int ok = a->acc_no == 0 && tu_simple_item(a->d, want_refill, 0) != NULL;
        for (size_t k = 0; ok && k < n; k++)
            ok = a->d->actions[want[k]].documented;
        if (ok)
            return a;
    }
    return NULL;
}

/* Sends action act of a's dialect naming id (NULL: an add of a simple item); returns the
 * response (the caller frees it). */
static mock_response ask(mock_state *s, mock_account *a, panel_action act, const char *id)
{
    const panel_dialect *d = a->d;
    const panel_action_spec *sp = &d->actions[act];
    char body[1024], path[256];
    int multi = !sp->single.present;
    const char *name = multi && sp->multi_name ? sp->multi_name : sp->name;
    int n = snprintf(body, sizeof body, "%s=%s&action=%s", d->key_param, a->key, name);
    if (act == PANEL_ACTION_ADD) {
        const panel_catalogue_item *it = tu_simple_item(d, 1, 0);
        if (!it)
            it = tu_simple_item(d, 0, 0);
        n += snprintf(body + n, sizeof body - (size_t)n,
                      "&service=%s&link=https://example.com/p&quantity=%lld", it->service,
                      (long long)it->min);
        if (d->idempotency_param)
            snprintf(body + n, sizeof body - (size_t)n, "&%s=sig-%llu", d->idempotency_param,
                     (unsigned long long)s->seq);
    } else if (id) {
        snprintf(body + n, sizeof body - (size_t)n, "&%s=%s",
                 multi ? sp->multi_param : sp->single_param, id);
    }
    snprintf(path, sizeof path, "/%s%s", d->name, d->base_path);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "POST", path, NULL, body, strlen(body), "10.0.0.1", &r),
                     PANEL_E_OK);
    return r;
}

/* Sends and frees the answer. */
static void send_free(mock_state *s, mock_account *a, panel_action act, const char *id)
{
    mock_response r = ask(s, a, act, id);
    mock_response_free(&r);
}

/* Places an order on a (unfuzzed unless add is fuzzed); its id into id. */
static void place(mock_state *s, mock_account *a, char *id, size_t idsz)
{
    size_t before = a->store.n_orders;
    send_free(s, a, PANEL_ACTION_ADD, NULL);
    ck_assert_uint_eq(a->store.n_orders, before + 1);
    snprintf(id, idsz, "%s", a->store.orders[before].id);
}

/* The sum of column col over the report rows of action act. */
static json_int_t column(mock_state *s, const char *act, const char *col)
{
    json_t *j = mock_fuzz_report_json_new(s);
    json_int_t sum = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(j, "rows"), i,
                       row) if (strcmp(json_string_value(json_object_get(row, "action")), act) == 0)
        sum += json_integer_value(json_object_get(row, col));
    json_decref(j);
    return sum;
}

/* 1 when the report's findings hold signal for order (NULL: any order). */
static int finding(mock_state *s, const char *signal, const char *order)
{
    json_t *j = mock_fuzz_report_json_new(s);
    int found = 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(j, "findings"), i, f)
    {
        const char *o = json_string_value(json_object_get(f, "order"));
        if (strcmp(json_string_value(json_object_get(f, "signal")), signal) == 0 &&
            (!order || (o && strcmp(o, order) == 0)))
            found = 1;
    }
    json_decref(j);
    return found;
}

START_TEST(status_of_an_open_order_is_watched)
{
    mock_state *s = new_state("status");
    panel_action want[] = {PANEL_ACTION_ADD, PANEL_ACTION_STATUS};
    mock_account *a = account_with(s, want, 2, 0);
    ck_assert_ptr_nonnull(a);
    char id[MOCK_ID_LEN];
    place(s, a, id, sizeof id);
    mock_order *o = mock_store_order(&a->store, id);
    ck_assert(!panel_status_is_terminal((panel_status)o->status));
    send_free(s, a, PANEL_ACTION_STATUS, id);
    ck_assert_int_eq(column(s, "status", "served"), 1);
    ck_assert_int_eq(column(s, "status", "no_followup"), 1);
    ck_assert(finding(s, "no_followup", id));
    /* asked again: the first is followed up, the second watched in turn */
    send_free(s, a, PANEL_ACTION_STATUS, id);
    ck_assert_int_eq(column(s, "status", "served"), 2);
    ck_assert_int_eq(column(s, "status", "no_followup"), 1);
    /* once the order is final its status needs no follow-up */
    for (int k = 0; k < 64 && !panel_status_is_terminal((panel_status)o->status); k++)
        mock_advance_all(s, 1);
    ck_assert(panel_status_is_terminal((panel_status)o->status));
    send_free(s, a, PANEL_ACTION_STATUS, id);
    ck_assert_int_eq(column(s, "status", "no_followup"), 0);
    mock_state_free(s);
}
END_TEST

START_TEST(cancel_is_watched_until_asked_about)
{
    mock_state *s = new_state("cancel");
    panel_action want[] = {PANEL_ACTION_ADD, PANEL_ACTION_STATUS, PANEL_ACTION_CANCEL};
    mock_account *a = account_with(s, want, 3, 0);
    ck_assert_ptr_nonnull(a);
    char id[MOCK_ID_LEN];
    place(s, a, id, sizeof id);
    send_free(s, a, PANEL_ACTION_CANCEL, id);
    ck_assert_int_eq(column(s, "cancel", "served"), 1);
    ck_assert_int_eq(column(s, "cancel", "no_followup"), 1);
    ck_assert(finding(s, "no_followup", id));
    send_free(s, a, PANEL_ACTION_STATUS, id); /* not fuzzed: only follows the cancel up */
    ck_assert_int_eq(column(s, "cancel", "no_followup"), 0);
    mock_state_free(s);
}
END_TEST

START_TEST(refill_is_followed_up_by_its_refill_id)
{
    mock_state *s = new_state("refill");
    panel_action want[] = {PANEL_ACTION_ADD, PANEL_ACTION_REFILL, PANEL_ACTION_REFILL_STATUS};
    mock_account *a = account_with(s, want, 3, 1);
    ck_assert_ptr_nonnull(a);
    char id[MOCK_ID_LEN];
    place(s, a, id, sizeof id);
    mock_order *o = mock_store_order(&a->store, id);
    for (int k = 0; k < 64 && !panel_status_is_terminal((panel_status)o->status); k++)
        mock_advance_all(s, 1);
    size_t refills = a->store.n_refills;
    send_free(s, a, PANEL_ACTION_REFILL, id);
    ck_assert_int_eq(column(s, "refill", "served"), 1);
    ck_assert_uint_eq(a->store.n_refills, refills + 1);
    ck_assert_int_eq(column(s, "refill", "no_followup"), 1);
    char rid[MOCK_ID_LEN];
    snprintf(rid, sizeof rid, "%s", a->store.refills[a->store.n_refills - 1].id);
    send_free(s, a, PANEL_ACTION_REFILL_STATUS, rid);
    ck_assert_int_eq(column(s, "refill", "no_followup"), 0);
    mock_state_free(s);
}
END_TEST

START_TEST(followup_needs_the_whole_id)
{
    mock_state *s = new_state("add");
    panel_action want[] = {PANEL_ACTION_ADD, PANEL_ACTION_STATUS};
    mock_account *a = account_with(s, want, 2, 0);
    ck_assert_ptr_nonnull(a);
    char id[MOCK_ID_LEN], longer[MOCK_ID_LEN + 8];
    place(s, a, id, sizeof id);
    ck_assert_int_eq(column(s, "add", "no_followup"), 1);
    snprintf(longer, sizeof longer, "%s7", id); /* contains the id, but is another one */
    send_free(s, a, PANEL_ACTION_STATUS, longer);
    ck_assert_int_eq(column(s, "add", "no_followup"), 1);
    send_free(s, a, PANEL_ACTION_STATUS, id);
    ck_assert_int_eq(column(s, "add", "no_followup"), 0);
    mock_state_free(s);
}
END_TEST

START_TEST(dropped_answers_counted_once_per_session)
{
    mock_state *s = new_state("balance");
    mock_account *a = &s->acc[0];
    mock_response r1 = ask(s, a, PANEL_ACTION_BALANCE, NULL);
    mock_response r2 = ask(s, a, PANEL_ACTION_BALANCE, NULL);
    ck_assert_uint_eq(r1.fuzz_n, 1);
    ck_assert_uint_eq(r2.fuzz_n, 2);
    mock_fuzz_dropped(s, r2.fuzz_session, r2.fuzz_n, MOCK_FUZZ_DROP_CLOSED);
    mock_fuzz_dropped(s, r2.fuzz_session, 999, MOCK_FUZZ_DROP_SEND);         /* never served */
    mock_fuzz_dropped(s, r2.fuzz_session, r2.fuzz_n, MOCK_FUZZ_DROP__COUNT); /* bad reason */
    ck_assert_int_eq(column(s, "balance", "served"), 2);
    ck_assert_int_eq(column(s, "balance", "dropped"), 1);
    ck_assert(finding(s, "dropped:client_closed", NULL));
    json_t *j = mock_fuzz_report_json_new(s);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(j, "dropped"), "client_closed")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(j, "findings"), 0), "token")),
                     "fz-4-2");
    json_decref(j);
    /* a reset starts a new session: a late report of the old one is ignored */
    mock_response rr;
    ck_assert_int_eq(mock_handle(s, "POST", "/__panelmock/reset", NULL, NULL, 0, "127.0.0.1", &rr),
                     PANEL_E_OK);
    mock_response_free(&rr);
    mock_response r3 = ask(s, a, PANEL_ACTION_BALANCE, NULL);
    ck_assert_uint_eq(r3.fuzz_n, 1);
    ck_assert_uint_ne(r3.fuzz_session, r1.fuzz_session);
    mock_fuzz_dropped(s, r1.fuzz_session, r1.fuzz_n, MOCK_FUZZ_DROP_SEND);
    ck_assert_int_eq(column(s, "balance", "dropped"), 0);
    mock_fuzz_dropped(s, r3.fuzz_session, r3.fuzz_n, MOCK_FUZZ_DROP_TIMEOUT);
    ck_assert_int_eq(column(s, "balance", "dropped"), 1);
    mock_response_free(&r1);
    mock_response_free(&r2);
    mock_response_free(&r3);
    mock_state_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fuzzserve_signals");
    TCase *t = tcase_create("signals");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, status_of_an_open_order_is_watched);
    tcase_add_test(t, cancel_is_watched_until_asked_about);
    tcase_add_test(t, refill_is_followed_up_by_its_refill_id);
    tcase_add_test(t, followup_needs_the_whole_id);
    tcase_add_test(t, dropped_answers_counted_once_per_session);
    suite_add_tcase(s, t);
    return tu_run(s);
}
