/* test_mock_handler.c - panelmock's request handler without sockets: every action of every
 * dialect parses cleanly, documented errors, ledger, determinism, deviations, quirks. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "mock_internal.h"
#include "panel/parse.h"

#include <jansson.h>

typedef struct {
    int status;
    char *body;
} answer;

/* Appends a fresh idempotency value to an add body when d declares the parameter (clients
 * of such a dialect send one with every order). */
static void add_idempotency(const panel_dialect *d, char *body, size_t sz)
{
    static unsigned long long n;
    char want[96], have[96];
    const char *add = d->actions[PANEL_ACTION_ADD].name;
    if (!d->idempotency_param || !add)
        return;
    snprintf(want, sizeof want, "action=%s&", add);
    snprintf(have, sizeof have, "%s=", d->idempotency_param);
    if (!strstr(body, want) || strstr(body, have))
        return;
    size_t len = strlen(body);
    snprintf(body + len, sz - len, "&%s=req-%llu", d->idempotency_param, ++n);
}

/* Sends body to dialect d's endpoint (POST unless method given); returns a new answer. */
static answer call_m(mock_state *s, const panel_dialect *d, const char *method, const char *hdr,
                     const char *fmt, ...)
{
    char body[8192], path[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    add_idempotency(d, body, sizeof body);
    snprintf(path, sizeof path, "/%s%s", d->name, d->base_path);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, method, path, hdr, body, strlen(body), "127.0.0.1", &r),
                     PANEL_E_OK);
    answer a = {r.status, strdup(r.body.data ? r.body.data : "")};
    mock_response_free(&r);
    return a;
}

#define CALL(s, d, ...) call_m(s, d, "POST", NULL, __VA_ARGS__)

/* Moves order id of account a to its terminal status (delivered: refill may follow). */
static void deliver(mock_state *s, mock_account *a, const char *id)
{
    mock_order *o = mock_store_order(&a->store, id);
    ck_assert_ptr_nonnull(o);
    for (int k = 0; k < MOCK_MAX_PATH + 2; k++)
        mock_order_advance(s, a, o);
}

static mock_state *new_state(uint64_t seed, const char *balance)
{
    mock_config cfg = {.seed = seed, .balance = balance, .dialect = "all"};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

/* Parses a with the dialect and requires no error diagnostic; returns the result. */
static panel_result *parse_ok(const panel_dialect *d, panel_action act, int multi, const answer *a)
{
    panel_parse_opts o = {.multi = multi};
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, act, a->body, strlen(a->body), &o, &r), PANEL_E_OK);
    for (size_t i = 0; i < r->n_diags; i++)
        if (r->diags[i].severity == PANEL_SEV_ERROR)
            ck_abort_msg("%s %s: %s at %s (%s): %s", d->name, panel_action_name(act),
                         panel_diag_code_name(r->diags[i].code), r->diags[i].pointer,
                         r->diags[i].message ? r->diags[i].message : "", a->body);
    return r;
}

/* Adds an order of item it; returns its id (new string) or NULL. */
static char *add_order(mock_state *s, const panel_dialect *d, const panel_catalogue_item *it,
                       long long qty)
{
    const char *key = mock_state_key_borrow(s, d->name);
    answer a = CALL(s, d, "%s=%s&action=%s&service=%s&link=https://example.com/p&quantity=%lld",
                    d->key_param, key, d->actions[PANEL_ACTION_ADD].name, it->service, qty);
    panel_result *r = parse_ok(d, PANEL_ACTION_ADD, 0, &a);
    char *id = r->order ? strdup(r->order) : NULL;
    ck_assert_msg(id != NULL, "%s add: %s", d->name, a.body);
    panel_result_free(r);
    free(a.body);
    return id;
}

/* Calls a per-id action in single or multi form. */
static answer id_call(mock_state *s, const panel_dialect *d, panel_action act, int multi,
                      const char *ids, const char *hdr)
{
    const panel_action_spec *sp = &d->actions[act];
    const char *name = multi && sp->multi_name ? sp->multi_name : sp->name;
    const char *param = multi ? sp->multi_param : sp->single_param;
    return call_m(s, d, "POST", hdr, "%s=%s&action=%s&%s=%s", d->key_param,
                  mock_state_key_borrow(s, d->name), name, param, ids);
}

START_TEST(every_action_every_dialect)
{
    mock_state *s = new_state(3, "1000");
    ck_assert_uint_ge(s->n_acc, 1);
    for (size_t i = 0; i < s->n_acc; i++) {
        const panel_dialect *d = s->acc[i].d;
        const char *key = s->acc[i].key;
        answer a = CALL(s, d, "%s=%s&action=services", d->key_param, key);
        panel_result_free(parse_ok(d, PANEL_ACTION_SERVICES, 0, &a));
        free(a.body);
        a = CALL(s, d, "%s=%s&action=%s", d->key_param, key, d->actions[PANEL_ACTION_BALANCE].name);
        panel_result_free(parse_ok(d, PANEL_ACTION_BALANCE, 0, &a));
        free(a.body);
        const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
        ck_assert_msg(it != NULL, "%s has no simple service", d->name);
        char *id = add_order(s, d, it, it->min);
        const panel_catalogue_item *ri = tu_simple_item(d, 1, 0);
        char *delivered = add_order(s, d, ri ? ri : it, (ri ? ri : it)->min);
        deliver(s, &s->acc[i], delivered); /* refill wants a delivered order */
        const char *bogus =
            d->order_id_kind == PANEL_KIND_OID ? "0123456789abcdef01234567" : "999999999";
        for (int act = PANEL_ACTION_STATUS; act <= PANEL_ACTION_CANCEL; act++) {
            const panel_action_spec *sp = &d->actions[act];
            if (!sp->documented)
                continue;
            const char *one = act == PANEL_ACTION_REFILL ? delivered : id;
            char ids[256];
            snprintf(ids, sizeof ids, "%s,%s", one, bogus);
            const char *rid = NULL;
            if (act == PANEL_ACTION_REFILL_STATUS) {
                if (s->acc[i].store.n_refills == 0)
                    continue;
                rid = s->acc[i].store.refills[0].id;
                one = rid;
            }
            for (int multi = 0; multi < 2; multi++) {
                if (!(multi ? sp->multi.present : sp->single.present))
                    continue;
                char list[256];
                snprintf(list, sizeof list, "%s", multi && !rid ? ids : one);
                answer b = id_call(s, d, (panel_action)act, multi, list, NULL);
                ck_assert_msg(b.status == 200, "%s %s: %d %s", d->name, sp->name, b.status, b.body);
                panel_result *r = parse_ok(d, (panel_action)act, multi, &b);
                if (act != PANEL_ACTION_CANCEL && act != PANEL_ACTION_REFILL)
                    ck_assert_msg(r->error == NULL, "%s %s: %s", d->name, sp->name, b.body);
                panel_result_free(r);
                free(b.body);
            }
        }
        free(id);
        free(delivered);
    }
    mock_state_free(s);
}
END_TEST

/* Requires that answer a is documented error case c of d. */
static void expect_error(const panel_dialect *d, answer a, panel_errcase c)
{
    ck_assert_msg(a.status == d->errors[c].http, "%s %s: http %d want %d (%s)", d->name,
                  panel_errcase_name(c), a.status, d->errors[c].http, a.body);
    json_t *j = json_loads(a.body, 0, NULL);
    ck_assert_msg(j != NULL, "%s: not JSON: %s", d->name, a.body);
    const char *m = json_string_value(json_object_get(j, d->error_field));
    ck_assert_msg(m != NULL, "%s %s: no %s in %s", d->name, panel_errcase_name(c), d->error_field,
                  a.body);
    if (d->errors[c].is_template)
        ck_assert_msg(panel_message_match(d->errors[c].message, m), "%s: %s is not %s", d->name, m,
                      d->errors[c].message);
    else
        ck_assert_str_eq(m, d->errors[c].message);
    json_decref(j);
    free(a.body);
}

START_TEST(documented_errors)
{
    mock_state *s = new_state(5, "1.00");
    for (size_t i = 0; i < s->n_acc; i++) {
        const panel_dialect *d = s->acc[i].d;
        const char *key = s->acc[i].key, *kp = d->key_param;
        const char *bal = d->actions[PANEL_ACTION_BALANCE].name;
        char wrong[128];
        snprintf(wrong, sizeof wrong, "%s", key);
        wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
        expect_error(d, CALL(s, d, "%s=%s&action=%s", kp, wrong, bal), PANEL_ERRCASE_BAD_KEY);
        expect_error(d, CALL(s, d, "action=%s", bal), PANEL_ERRCASE_BAD_KEY);
        expect_error(d, CALL(s, d, "%s=short&action=%s", kp, bal), PANEL_ERRCASE_MALFORMED_KEY);
        expect_error(d, CALL(s, d, "%s=%s", kp, key), PANEL_ERRCASE_MISSING_ACTION);
        expect_error(d, CALL(s, d, "%s=%s&action=nosuch", kp, key), PANEL_ERRCASE_UNKNOWN_ACTION);
        expect_error(d, call_m(s, d, "GET", NULL, ""), PANEL_ERRCASE_BAD_METHOD);
        const char *add = d->actions[PANEL_ACTION_ADD].name;
        const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
        expect_error(d,
                     CALL(s, d, "%s=%s&action=%s&service=987654&link=https://a.com/&quantity=5", kp,
                          key, add),
                     PANEL_ERRCASE_INVALID_SERVICE);
        expect_error(d,
                     CALL(s, d, "%s=%s&action=%s&service=%s&quantity=%lld", kp, key, add,
                          it->service, it->min),
                     PANEL_ERRCASE_MISSING_PARAM);
        expect_error(d,
                     CALL(s, d, "%s=%s&action=%s&service=%s&link=not+a+link&quantity=%lld", kp, key,
                          add, it->service, it->min),
                     PANEL_ERRCASE_INVALID_LINK);
        /* a link rule the document does not state is lenient: no scheme is fine then */
        answer nl = CALL(s, d, "%s=%s&action=%s&service=%s&link=notalink&quantity=%lld", kp, key,
                         add, it->service, it->min);
        const panel_param_spec *lp = panel_dialect_param(d, "link");
        int documented =
            (lp && lp->pattern) || panel_basis_documented(panel_error_case_basis(
                                       d, PANEL_ERRCASE_INVALID_LINK, PANEL_BASIS_MESSAGE));
        if (documented)
            expect_error(d, nl, PANEL_ERRCASE_INVALID_LINK);
        else {
            ck_assert_msg(strstr(nl.body, "rror") == NULL, "%s: lenient link: %s", d->name,
                          nl.body);
            free(nl.body);
        }
        expect_error(d,
                     CALL(s, d, "%s=%s&action=%s&service=%s&link=https://a.com/&quantity=%lld", kp,
                          key, add, it->service, it->max + 1),
                     PANEL_ERRCASE_QUANTITY_RANGE);
        if (panel_dialect_param(d, "quantity") && panel_dialect_param(d, "quantity")->integer)
            expect_error(d,
                         CALL(s, d, "%s=%s&action=%s&service=%s&link=https://a.com/&quantity=x", kp,
                              key, add, it->service),
                         PANEL_ERRCASE_INVALID_PARAM);
        /* the most expensive order the catalogue allows exceeds a balance of 1.00 */
        const panel_catalogue_item *big = it;
        panel_money c1 = 0, c2 = 0;
        for (size_t k = 0; k < d->n_catalogue; k++) {
            if (tu_simple_item(d, 0, 0) && d->catalogue[k].type && it->type &&
                strcmp(d->catalogue[k].type, it->type) == 0) {
                panel_money_charge(d->catalogue[k].rate, d->catalogue[k].max, &c1);
                panel_money_charge(big->rate, big->max, &c2);
                if (c1 > c2)
                    big = &d->catalogue[k];
            }
        }
        panel_money_charge(big->rate, big->max, &c2);
        if (c2 > PANEL_MONEY_SCALE)
            expect_error(d,
                         CALL(s, d, "%s=%s&action=%s&service=%s&link=https://a.com/&quantity=%lld",
                              kp, key, add, big->service, big->max),
                         PANEL_ERRCASE_NOT_ENOUGH_FUNDS);
        const panel_action_spec *st = &d->actions[PANEL_ACTION_STATUS];
        if (st->single.present && st->single.error_entry == PANEL_ERRENTRY_NONE)
            expect_error(d, id_call(s, d, PANEL_ACTION_STATUS, 0, "424242", NULL),
                         PANEL_ERRCASE_BAD_ORDER_ID);
        if (st->multi.present) {
            char ids[4096] = "";
            for (int k = 0; k < 101; k++)
                snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%d", k ? "," : "",
                         100 + k);
            expect_error(d, id_call(s, d, PANEL_ACTION_STATUS, 1, ids, NULL),
                         PANEL_ERRCASE_TOO_MANY_IDS);
        }
        for (size_t k = 0; k < d->n_catalogue; k++) {
            const panel_service_type *t = panel_dialect_type(d, d->catalogue[k].type);
            if (t && t->add_refused)
                expect_error(d,
                             CALL(s, d,
                                  "%s=%s&action=%s&service=%s&link=https://a.com/"
                                  "&username=x&min=1&max=10&delay=0",
                                  kp, key, add, d->catalogue[k].service),
                             PANEL_ERRCASE_SUBSCRIPTION_REFUSED);
        }
    }
    mock_state_free(s);
}
END_TEST

START_TEST(limits_lockout_and_rate)
{
    mock_state *s = new_state(9, NULL);
    for (size_t i = 0; i < s->n_acc; i++) {
        const panel_dialect *d = s->acc[i].d;
        const char *bal = d->actions[PANEL_ACTION_BALANCE].name;
        if (d->failed_key_attempts > 0) {
            char wrong[128];
            snprintf(wrong, sizeof wrong, "%s", s->acc[i].key);
            wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
            for (unsigned k = 0; k < d->failed_key_attempts; k++)
                free(CALL(s, d, "%s=%s&action=%s", d->key_param, wrong, bal).body);
            /* locked for this IP and user agent; the valid key is never locked out */
            expect_error(d, CALL(s, d, "%s=%s&action=%s", d->key_param, wrong, bal),
                         PANEL_ERRCASE_KEY_LOCKED);
            answer ok = CALL(s, d, "%s=%s&action=%s", d->key_param, s->acc[i].key, bal);
            ck_assert_msg(ok.status == 200 && !strstr(ok.body, "error"), "%s: %s", d->name,
                          ok.body);
            free(ok.body);
            /* another user agent from the same IP has its own count */
            answer other = call_m(s, d, "POST", "User-Agent: other-client/1.0", "%s=%s&action=%s",
                                  d->key_param, wrong, bal);
            expect_error(d, other, PANEL_ERRCASE_BAD_KEY);
            /* the window runs on the logical clock */
            mock_response r;
            ck_assert_int_eq(mock_handle(s, "POST", "/__panelmock/advance?steps=0&seconds=899",
                                         NULL, "", 0, "127.0.0.1", &r),
                             PANEL_E_OK);
            mock_response_free(&r);
            expect_error(d, CALL(s, d, "%s=%s&action=%s", d->key_param, wrong, bal),
                         PANEL_ERRCASE_KEY_LOCKED);
            char adv[96];
            snprintf(adv, sizeof adv, "/__panelmock/advance?steps=0&seconds=%u",
                     d->failed_key_window_s);
            ck_assert_int_eq(mock_handle(s, "POST", adv, NULL, "", 0, "127.0.0.1", &r), PANEL_E_OK);
            mock_response_free(&r);
            expect_error(d, CALL(s, d, "%s=%s&action=%s", d->key_param, wrong, bal),
                         PANEL_ERRCASE_BAD_KEY);
            /* reset clears the count */
            for (unsigned k = 0; k < d->failed_key_attempts; k++)
                free(CALL(s, d, "%s=%s&action=%s", d->key_param, wrong, bal).body);
            mock_state_reset(s);
            expect_error(d, CALL(s, d, "%s=%s&action=%s", d->key_param, wrong, bal),
                         PANEL_ERRCASE_BAD_KEY);
        }
        if (d->requests_per_minute > 0) {
            mock_state_reset(s);
            for (unsigned k = 0; k < d->requests_per_minute; k++)
                free(CALL(s, d, "%s=%s&action=%s", d->key_param, s->acc[i].key, bal).body);
            expect_error(d, CALL(s, d, "%s=%s&action=%s", d->key_param, s->acc[i].key, bal),
                         PANEL_ERRCASE_RATE_LIMITED);
        }
    }
    mock_state_free(s);
}
END_TEST

START_TEST(ledger_add_partial_cancel)
{
    mock_state *s = new_state(11, "1000");
    for (size_t i = 0; i < s->n_acc; i++) {
        mock_account *a = &s->acc[i];
        const panel_dialect *d = a->d;
        const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
        for (int k = 0; k < 12; k++)
            free(add_order(s, d, it, it->min + k * 7));
        const panel_catalogue_item *ci = tu_simple_item(d, 0, 1);
        char *cid = ci ? add_order(s, d, ci, ci->min) : NULL;
        if (cid && d->actions[PANEL_ACTION_CANCEL].documented) {
            const panel_action_spec *sp = &d->actions[PANEL_ACTION_CANCEL];
            answer b = id_call(s, d, PANEL_ACTION_CANCEL, !sp->single.present, cid, NULL);
            free(b.body);
            mock_order *o = mock_store_order(&a->store, cid);
            ck_assert_int_eq(o->status, PANEL_STATUS_CANCELED);
            ck_assert_int_eq(o->refunded, o->charge);
        }
        free(cid);
        mock_advance_all(s, 10);
        size_t partial = 0;
        for (size_t k = 0; k < a->store.n_orders; k++) {
            mock_order *o = &a->store.orders[k];
            ck_assert(panel_status_is_terminal((panel_status)o->status));
            ck_assert_int_ge(o->remains, 0);
            ck_assert_int_le(o->remains, o->quantity);
            if (o->status == PANEL_STATUS_PARTIAL) {
                panel_money want = 0;
                panel_money_muldiv(o->charge, o->remains, o->quantity, &want);
                ck_assert_int_eq(o->refunded, want);
                partial++;
            }
        }
        if (a->has_partial)
            ck_assert_uint_gt(partial, 0);
        ck_assert_int_eq(a->balance, a->balance_start - a->charges + a->refunds);
        /* the balance action tells the same figure */
        answer b = CALL(s, d, "%s=%s&action=%s", d->key_param, a->key,
                        d->actions[PANEL_ACTION_BALANCE].name);
        panel_result *r = parse_ok(d, PANEL_ACTION_BALANCE, 0, &b);
        panel_money unit = 1;
        for (int k = d->money_decimals; k < PANEL_MONEY_DECIMALS; k++)
            unit *= 10;
        ck_assert_int_le(llabs(r->balance - a->balance), unit);
        panel_result_free(r);
        free(b.body);
    }
    mock_state_free(s);
}
END_TEST

/* Faults that answer in place of the request (429, 5xx, HTML) must leave the state alone,
 * so a client's retry is never charged twice; transport faults after processing do not. */
START_TEST(replacing_faults_change_nothing)
{
    static const struct {
        const char *fault;
        int status;
        int placed;
    } rows[] = {
        {"429", 429, 0}, {"429bare", 429, 0}, {"500", 500, 0},   {"502", 502, 0},
        {"503", 503, 0}, {"html", 502, 0},    {"empty", 200, 1}, {"ctype", 200, 1},
    };
    mock_state *s = new_state(5, "1000");
    mock_account *a = &s->acc[0];
    const panel_dialect *d = a->d;
    const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char hdr[64];
        snprintf(hdr, sizeof hdr, "X-Panelmock-Fault: %s", rows[i].fault);
        size_t orders = a->store.n_orders;
        panel_money balance = a->balance;
        answer b =
            call_m(s, d, "POST", hdr,
                   "%s=%s&action=%s&service=%s&link=https://example.com/p&quantity=%lld",
                   d->key_param, a->key, d->actions[PANEL_ACTION_ADD].name, it->service, it->min);
        ck_assert_msg(b.status == rows[i].status, "%s: status %d, want %d", rows[i].fault, b.status,
                      rows[i].status);
        ck_assert_msg(a->store.n_orders == orders + (size_t)rows[i].placed, "%s: %zu orders",
                      rows[i].fault, a->store.n_orders);
        if (!rows[i].placed)
            ck_assert_int_eq(a->balance, balance);
        free(b.body);
    }
    mock_state_free(s);
}
END_TEST

/* Runs a fixed scenario on every dialect and appends status + body of every answer to out;
 * hdr is sent with each request. */
/* The first catalogue item whose type has a drip-feed runs parameter, or NULL. */
static const panel_catalogue_item *drip_item(const panel_dialect *d)
{
    for (size_t i = 0; i < d->n_catalogue; i++) {
        const panel_service_type *t = panel_dialect_type(d, d->catalogue[i].type);
        if (t && t->runs_param && !t->add_refused)
            return &d->catalogue[i];
    }
    return NULL;
}

static void scenario(mock_state *s, const char *hdr, panel_buf *out)
{
    for (size_t i = 0; i < s->n_acc; i++) {
        mock_account *a = &s->acc[i];
        const panel_dialect *d = a->d;
        const char *kp = d->key_param, *key = a->key;
        const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
        const panel_catalogue_item *ri = tu_simple_item(d, 1, 0);
        const panel_catalogue_item *ci = tu_simple_item(d, 0, 1);
        const panel_catalogue_item *nci = tu_simple_item(d, 0, -1);
        answer as[48];
        size_t n = 0;
        as[n++] = call_m(s, d, "POST", hdr, "%s=%s&action=services", kp, key);
        as[n++] = call_m(s, d, "POST", hdr, "%s=%s&action=%s", kp, key,
                         d->actions[PANEL_ACTION_BALANCE].name);
        const char *add = d->actions[PANEL_ACTION_ADD].name;
        const panel_catalogue_item *items[4] = {it, ri ? ri : it, ci ? ci : it, nci ? nci : it};
        char ids[4][MOCK_ID_LEN];
        for (int k = 0; k < 4; k++) {
            as[n++] = call_m(s, d, "POST", hdr,
                             "%s=%s&action=%s&service=%s&link=https://a.com/p&quantity=%lld", kp,
                             key, add, items[k]->service, items[k]->min);
            snprintf(ids[k], sizeof ids[k], "%s",
                     a->store.n_orders ? a->store.orders[a->store.n_orders - 1].id : "1");
        }
        if (a->store.n_orders > 1)
            deliver(s, a, ids[1]); /* refill wants a delivered order */
        as[n++] = call_m(s, d, "POST", hdr,
                         "%s=%s&action=%s&service=%s&link=https://a.com/p&quantity=%lld", kp, key,
                         add, it->service, it->min > 1 ? it->min - 1 : 0);
        panel_money saved = a->balance; /* an account with nothing left refuses the add */
        a->balance = 0;
        as[n++] = call_m(s, d, "POST", hdr,
                         "%s=%s&action=%s&service=%s&link=https://a.com/p&quantity=%lld", kp, key,
                         add, it->service, it->max);
        a->balance += saved;
        const panel_catalogue_item *di = drip_item(d); /* a drip-feed order, then the balance */
        if (di) {
            as[n++] =
                call_m(s, d, "POST", hdr,
                       "%s=%s&action=%s&service=%s&link=https://a.com/p&quantity=%lld&%s=3", kp,
                       key, add, di->service, di->min, panel_dialect_type(d, di->type)->runs_param);
            as[n++] = call_m(s, d, "POST", hdr, "%s=%s&action=%s", kp, key,
                             d->actions[PANEL_ACTION_BALANCE].name);
        }
        for (int k = 0; d->idempotency_param && k < 2; k++) /* the same add twice */
            as[n++] =
                call_m(s, d, "POST", hdr,
                       "%s=%s&action=%s&service=%s&link=https://a.com/p&quantity=%lld&%s=rq-1", kp,
                       key, add, it->service, it->min, d->idempotency_param);
        const char *bogus = d->order_id_kind == PANEL_KIND_OID ? "0123456789abcdef01234567" : "77";
        char list[4096];
        snprintf(list, sizeof list, "%s,%s,%s", ids[0], bogus, ids[1]);
        for (int act = PANEL_ACTION_STATUS; act <= PANEL_ACTION_CANCEL; act++) {
            const panel_action_spec *sp = &d->actions[act];
            if (!sp->documented)
                continue;
            for (int multi = 0; multi < 2; multi++) {
                if (!(multi ? sp->multi.present : sp->single.present))
                    continue;
                if (act == PANEL_ACTION_REFILL_STATUS) {
                    const char *rid = a->store.n_refills ? a->store.refills[0].id : "5";
                    as[n++] = id_call(s, d, (panel_action)act, multi, rid, hdr);
                    continue;
                }
                if (act == PANEL_ACTION_CANCEL) {
                    as[n++] = id_call(s, d, (panel_action)act, multi, ids[2 + multi], hdr);
                    as[n++] = id_call(s, d, (panel_action)act, multi, ids[3], hdr);
                    as[n++] = id_call(s, d, (panel_action)act, multi, ids[3], hdr);
                    continue;
                }
                as[n++] = id_call(s, d, (panel_action)act, multi,
                                  multi                        ? list
                                  : act == PANEL_ACTION_REFILL ? ids[1]
                                                               : ids[0],
                                  hdr);
                if (act == PANEL_ACTION_REFILL)
                    as[n++] = id_call(s, d, (panel_action)act, multi, bogus, hdr);
            }
        }
        if (d->actions[PANEL_ACTION_STATUS].multi.present) {
            char many[4096] = "";
            for (int k = 0; k < 101; k++)
                if (k == 0)
                    snprintf(many, sizeof many, "%s", ids[0]);
                else
                    snprintf(many + strlen(many), sizeof many - strlen(many),
                             d->order_id_kind == PANEL_KIND_OID ? ",%024d" : ",%d", 500 + k);
            as[n++] = id_call(s, d, PANEL_ACTION_STATUS, 1, many, hdr);
        }
        mock_advance_all(s, 10);
        for (int k = 0; k < 4; k++)
            if (d->actions[PANEL_ACTION_STATUS].single.present)
                as[n++] = id_call(s, d, PANEL_ACTION_STATUS, 0, ids[k], hdr);
        as[n++] = call_m(s, d, "POST", hdr, "%s=%s&action=%s", kp, key,
                         d->actions[PANEL_ACTION_BALANCE].name);
        char wrong[128];
        snprintf(wrong, sizeof wrong, "%s", key);
        wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
        as[n++] = call_m(s, d, "POST", hdr, "%s=%s&action=%s", kp, wrong,
                         d->actions[PANEL_ACTION_BALANCE].name);
        for (size_t k = 0; k < n; k++) {
            panel_buf_printf(out, "%s %zu %d %s\n", d->name, k, as[k].status, as[k].body);
            free(as[k].body);
        }
    }
}

START_TEST(deterministic_bytes)
{
    panel_buf b1, b2;
    panel_buf_init(&b1, 1u << 24);
    panel_buf_init(&b2, 1u << 24);
    mock_state *s1 = new_state(42, NULL), *s2 = new_state(42, NULL);
    scenario(s1, NULL, &b1);
    scenario(s2, NULL, &b2);
    ck_assert_uint_eq(b1.len, b2.len);
    ck_assert_int_eq(memcmp(b1.data, b2.data, b1.len), 0);
    /* a reset replays the same bytes too */
    panel_buf_reset(&b2);
    mock_state_reset(s1);
    scenario(s1, NULL, &b2);
    ck_assert_int_eq(memcmp(b1.data, b2.data, b1.len), 0);
    mock_state_free(s1);
    mock_state_free(s2);
    panel_buf_free(&b1);
    panel_buf_free(&b2);
}
END_TEST

/* The scenario transcript of one dialect (lines starting with its name). */
static char *dialect_part(const char *all, const char *name)
{
    panel_buf b;
    panel_buf_init(&b, 1u << 24);
    panel_buf_puts(&b, "");
    size_t nl = strlen(name);
    for (const char *p = all; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) + 1 : strlen(p);
        if (strncmp(p, name, nl) == 0 && p[nl] == ' ')
            panel_buf_append(&b, p, len);
        p += len;
    }
    return panel_buf_take(&b, NULL);
}

START_TEST(each_deviation_changes_answers)
{
    size_t n;
    const mock_deviation_info *t = mock_deviations(&n);
    ck_assert_uint_ge(n, 22);
    panel_buf base;
    panel_buf_init(&base, 1u << 24);
    mock_state *s0 = new_state(7, "1.00");
    scenario(s0, NULL, &base);
    for (size_t i = 0; i < n; i++) {
        mock_state *s = new_state(7, "1.00");
        ck_assert_int_eq(mock_state_configure(s, "deviate", t[i].name, NULL, 0), PANEL_E_OK);
        panel_buf b;
        panel_buf_init(&b, 1u << 24);
        scenario(s, NULL, &b);
        for (size_t k = 0; k < s->n_acc; k++) {
            const panel_dialect *d = s->acc[k].d;
            int act = panel_action_from_name(t[i].action);
            if (act >= 0 && act != PANEL_ACTION_ERROR && !d->actions[act].documented)
                continue;
            /* deviations of a rule the dialect lacks (drip-feed runs, idempotency) */
            if ((!strcmp(t[i].name, "add_drip_one_run") && !drip_item(d)) ||
                (!strcmp(t[i].name, "add_idempotency_ignored") && !d->idempotency_param))
                continue;
            char *p0 = dialect_part(base.data, d->name), *p1 = dialect_part(b.data, d->name);
            ck_assert_msg(strcmp(p0, p1) != 0, "deviation %s is inert on %s", t[i].name, d->name);
            free(p0);
            free(p1);
        }
        panel_buf_free(&b);
        mock_state_free(s);
    }
    panel_buf_free(&base);
    mock_state_free(s0);
}
END_TEST

START_TEST(each_quirk_changes_answers)
{
    size_t n;
    const char *const *names = mock_quirk_names(&n);
    panel_buf base;
    panel_buf_init(&base, 1u << 24);
    mock_state *s0 = new_state(7, NULL);
    scenario(s0, NULL, &base);
    for (size_t i = 0; i < n; i++) {
        mock_state *s = new_state(7, NULL);
        char hdr[128];
        snprintf(hdr, sizeof hdr, "X-Panelmock-Quirk: %s\r\n", names[i]);
        panel_buf b;
        panel_buf_init(&b, 1u << 24);
        scenario(s, hdr, &b);
        ck_assert_msg(strcmp(base.data, b.data) != 0, "quirk %s changes nothing", names[i]);
        panel_buf_free(&b);
        mock_state_free(s);
    }
    panel_buf_free(&base);
    mock_state_free(s0);
}
END_TEST

/* Masking the key echoed in an id keeps the answer JSON (found by fuzz_mock_request): an id
 * "%1" + KEY decodes to byte 0x1K and the rest of the key, written "\u001K..."; the key then
 * starts inside the escape, and masking it there wrote "\u001***". */
/* 1 when a string or member name anywhere in j holds needle (as decoded text). */
static int json_holds(const json_t *j, const char *needle)
{
    const char *name;
    json_t *v;
    size_t i;
    if (json_is_string(j))
        return strstr(json_string_value(j), needle) != NULL;
    json_object_foreach((json_t *)j, name,
                        v) if (strstr(name, needle) || json_holds(v, needle)) return 1;
    json_array_foreach(j, i, v) if (json_holds(v, needle)) return 1;
    return 0;
}

START_TEST(masked_echo_stays_json)
{
    mock_state *s = new_state(1, NULL);
    for (size_t i = 0; i < s->n_acc; i++) {
        const panel_dialect *d = s->acc[i].d;
        const panel_action_spec *st = &d->actions[PANEL_ACTION_STATUS];
        const char *key = s->acc[i].key;
        const char *multi = st->multi_name ? st->multi_name : st->name;
        char *forms[2] = {NULL, NULL};
        if (st->single_param)
            forms[0] = CALL(s, d, "%s=%s&action=%s&%s=%%1%s%%5C%%22%s", d->key_param, key, st->name,
                            st->single_param, key, key)
                           .body;
        if (st->multi_param)
            forms[1] = CALL(s, d, "%s=%s&action=%s&%s=1,%%1%s,%%01%s%%5C", d->key_param, key, multi,
                            st->multi_param, key, key)
                           .body;
        for (int f = 0; f < 2; f++) {
            if (!forms[f])
                continue;
            json_error_t e;
            json_t *j = json_loads(forms[f], JSON_DECODE_ANY, &e);
            ck_assert_msg(j != NULL, "%s form %d: %s: %s", d->name, f, e.text, forms[f]);
            ck_assert_msg(!json_holds(j, key), "%s: key echoed: %s", d->name, forms[f]);
            json_decref(j);
            free(forms[f]);
        }
    }
    mock_state_free(s);
}
END_TEST

START_TEST(admin_and_journal)
{
    mock_state *s = new_state(1, NULL);
    const panel_dialect *d = s->acc[0].d;
    free(CALL(s, d, "%s=%s&action=balance", d->key_param, s->acc[0].key).body);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "GET", "/__panelmock/journal", NULL, NULL, 0, "127.0.0.1", &r),
                     PANEL_E_OK);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body.data, "\"***\""));
    ck_assert_ptr_null(strstr(r.body.data, s->acc[0].key));
    mock_response_free(&r);
    ck_assert_int_eq(mock_handle(s, "GET", "/__panelmock/state", NULL, NULL, 0, "127.0.0.1", &r),
                     PANEL_E_OK);
    ck_assert_ptr_nonnull(strstr(r.body.data, "key_fingerprint"));
    ck_assert_ptr_null(strstr(r.body.data, s->acc[0].key));
    mock_response_free(&r);
    ck_assert_int_eq(mock_handle(s, "GET", "/__panelmock/state", NULL, NULL, 0, "10.0.0.1", &r),
                     PANEL_E_OK);
    ck_assert_int_eq(r.status, 403);
    mock_response_free(&r);
    mock_handle(s, "POST", "/__panelmock/deviate?names=nosuch", NULL, NULL, 0, "127.0.0.1", &r);
    ck_assert_int_eq(r.status, 400);
    mock_response_free(&r);
    mock_handle(s, "POST", "/__panelmock/advance?steps=3", NULL, NULL, 0, "127.0.0.1", &r);
    ck_assert_int_eq(r.status, 200);
    mock_response_free(&r);
    mock_handle(s, "POST", "/__panelmock/reset", NULL, NULL, 0, "127.0.0.1", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_uint_eq(s->jcount, 0);
    mock_response_free(&r);
    /* body and parameter caps */
    char *big = malloc(MOCK_MAX_BODY + 10);
    memset(big, 'a', MOCK_MAX_BODY + 9);
    big[MOCK_MAX_BODY + 9] = '\0';
    char path[128];
    snprintf(path, sizeof path, "/%s%s", d->name, d->base_path);
    mock_handle(s, "POST", path, NULL, big, MOCK_MAX_BODY + 9, "127.0.0.1", &r);
    ck_assert_int_eq(r.status, 413);
    mock_response_free(&r);
    free(big);
    mock_state_free(s);
}
END_TEST

START_TEST(bad_key_flag_rejected)
{
    mock_config cfg = {.seed = 1, .key = "not-a-valid-key"};
    mock_state *s = NULL;
    char err[256] = "";
    ck_assert_int_eq(mock_state_new(&cfg, &s, err, sizeof err), PANEL_E_USAGE);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(err, "key"));
}
END_TEST

int main(void)
{
    Suite *su = suite_create("mock_handler");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_action_every_dialect);
    tcase_add_test(tc, documented_errors);
    tcase_add_test(tc, limits_lockout_and_rate);
    tcase_add_test(tc, ledger_add_partial_cancel);
    tcase_add_test(tc, replacing_faults_change_nothing);
    tcase_add_test(tc, deterministic_bytes);
    tcase_add_test(tc, each_deviation_changes_answers);
    tcase_add_test(tc, each_quirk_changes_answers);
    tcase_add_test(tc, admin_and_journal);
    tcase_add_test(tc, masked_echo_stays_json);
    tcase_add_test(tc, bad_key_flag_rejected);
    suite_add_tcase(su, tc);
    return tu_run(su);
}
