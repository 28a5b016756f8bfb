/* tests/unit/test_cov_mock.c - panelmock request paths the suites never took (found with `make
 * coverage`): add-order validation of every service type rule (dates, subscriptions' posts x
 * max, conditional parameters, links, lines, quantity texts); JSON and multipart/form-data
 * request bodies; id lists and idempotency values; the admin API's refusals; fault switch
 * specs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "mock_internal.h"
#include "panel/parse.h"

/* A mock serving dialect with a balance enough for every order here. */
static mock_state *new_state(const char *dialect)
{
    mock_config cfg = {.seed = 11, .balance = "100000", .dialect = dialect};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

/* POSTs the form body to the first account of s; returns the parsed answer to action a. */
static panel_result *post(mock_state *s, panel_action a, const char *body, int *status)
{
    const panel_dialect *d = s->acc[0].d;
    char path[256];
    snprintf(path, sizeof path, "/%s%s", d->name, d->base_path);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "POST", path, NULL, body, strlen(body), "127.0.0.1", &r),
                     PANEL_E_OK);
    panel_parse_opts o = {.multi = 0};
    panel_result *res = NULL;
    ck_assert_int_eq(panel_parse(d, a, r.body.data ? r.body.data : "", r.body.len, &o, &res),
                     PANEL_E_OK);
    if (status)
        *status = r.status;
    mock_response_free(&r);
    return res;
}

#define PLACED (-1)

/* Add requests of dripfeedpanel (its types carry every quantity rule and parameter kind), each

 * placed or refused with the documented error case. */
START_TEST(add_validation_rules)
{
    static const struct {
        const char *params; /* after key and action */
        int want;           /* PLACED or the error case */
    } rows[] = {
        /* Subscriptions: posts x max, dates d/m/Y, enums */
        {"service=8&username=u&min=50&max=100&posts=3&expiry=31/12/2030", PLACED},
        {"service=8&username=u&min=50&max=100&old_posts=1&delay=30", PLACED},
        {"service=8&username=u&min=50&max=100&expiry=31/13/2030", PANEL_ERRCASE_INVALID_PARAM},
        {"service=8&username=u&min=50&max=100&expiry=00/12/2030", PANEL_ERRCASE_INVALID_PARAM},
        {"service=8&username=u&min=50&max=100&expiry=31/12/1969", PANEL_ERRCASE_INVALID_PARAM},
        {"service=8&username=u&min=50&max=100&expiry=2030-12-31", PANEL_ERRCASE_INVALID_PARAM},
        {"service=8&username=u&min=50&max=100&delay=7", PANEL_ERRCASE_INVALID_PARAM},
        {"service=8&username=u&min=50&max=100&posts=0", PANEL_ERRCASE_INVALID_PARAM},
        {"service=8&username=u&min=50&max=100&posts=1000001", PANEL_ERRCASE_INVALID_PARAM},
        {"service=8&username=u&min=50", PANEL_ERRCASE_MISSING_PARAM},
        {"service=8&username=u&min=60&max=55", PANEL_ERRCASE_QUANTITY_RANGE},
        {"service=8&username=u&min=1&max=10", PANEL_ERRCASE_QUANTITY_RANGE},
        {"service=8&username=u&min=1&max=6000", PANEL_ERRCASE_QUANTITY_RANGE},
        {"service=8&username=u&min=-1&max=100", PANEL_ERRCASE_QUANTITY_RANGE},
        /* Web Traffic: conditional parameters */
        {"service=9&link=https://example.com/x&quantity=100&country=US&device=1&type_of_traffic=1",
         PANEL_ERRCASE_MISSING_PARAM},
        {"service=9&link=https://example.com/x&quantity=100&country=US&device=1&type_of_traffic=1"
         "&google_keyword=k",
         PLACED},
        {"service=9&link=https://example.com/x&quantity=100&country=US&device=1&type_of_traffic=2",
         PANEL_ERRCASE_MISSING_PARAM},
        {"service=9&link=https://example.com/x&quantity=100&country=US&device=1&type_of_traffic=3",
         PLACED},
        {"service=9&link=https://example.com/x&quantity=100&country=US&device=9&type_of_traffic=3",
         PANEL_ERRCASE_INVALID_PARAM},
        /* Default: links and quantity texts */
        {"service=1&link=http://example.com?x=1&quantity=50", PLACED},
        {"service=1&link=ftp://example.com/x&quantity=50", PANEL_ERRCASE_INVALID_LINK},
        {"service=1&link=https://localhost/x&quantity=50", PANEL_ERRCASE_INVALID_LINK},
        {"service=1&link=https://exa_mple.com/x&quantity=50", PANEL_ERRCASE_INVALID_LINK},
        {"service=1&link=https://example.com/a%20b&quantity=50", PANEL_ERRCASE_INVALID_LINK},
        {"service=1&link=https://example.com/x&quantity=12345678901234567890",
         PANEL_ERRCASE_INVALID_PARAM},
        {"service=1&link=https://example.com/x&quantity=49", PANEL_ERRCASE_QUANTITY_RANGE},
        {"service=1&link=https://example.com/x&quantity=10001", PANEL_ERRCASE_QUANTITY_RANGE},
        {"service=1&link=https://example.com/x", PANEL_ERRCASE_MISSING_PARAM},
        {"service=99&link=https://example.com/x&quantity=50", PANEL_ERRCASE_INVALID_SERVICE},
        {"link=https://example.com/x&quantity=50", PANEL_ERRCASE_MISSING_PARAM},
        /* Custom Comments: quantity = non-empty lines (blank and whitespace lines skipped) */
        {"service=3&link=https://example.com/x&comments=a%0A%0A%20%09%0D%0Ab%0D%0A", PLACED},
        {"service=3&link=https://example.com/x&comments=%20%0A%09", PANEL_ERRCASE_QUANTITY_RANGE},
    };
    mock_state *s = new_state("dripfeedpanel");
    const panel_dialect *d = s->acc[0].d;
    ck_assert_str_eq(d->name, "dripfeedpanel");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char body[1024];
        snprintf(body, sizeof body, "%s=%s&action=%s&%s", d->key_param, s->acc[0].key,
                 d->actions[PANEL_ACTION_ADD].name, rows[i].params);
        size_t before = s->acc[0].store.n_orders;
        panel_result *r = post(s, PANEL_ACTION_ADD, body, NULL);
        if (rows[i].want == PLACED) {
            ck_assert_msg(r->order != NULL && r->error == NULL, "%s: refused (%s)", rows[i].params,
                          r->error ? r->error : "no order");
            ck_assert_uint_eq(s->acc[0].store.n_orders, before + 1);
        } else {
            ck_assert_msg(tu_is_error_case(d, (panel_errcase)rows[i].want, r->error),
                          "%s: want %s, got '%s'", rows[i].params,
                          panel_errcase_name((panel_errcase)rows[i].want),
                          r->error ? r->error : "(no error)");
            ck_assert_uint_eq(s->acc[0].store.n_orders, before);
        }
        panel_result_free(r);
    }
    /* The subscription's quantity is posts x max: 3 x 100 at 0.75 per 1000 = 0.225. */
    const mock_order *o = &s->acc[0].store.orders[0];
    ck_assert_int_eq(o->quantity, 300);
    ck_assert_int_eq(o->charge, 22500000);
    mock_state_free(s);
}
END_TEST

/* ---- handler.c: JSON request bodies ---- */

/* POSTs body (with header hdr) to s's first account; the status, the parsed answer to a. */
static panel_result *post_h(mock_state *s, panel_action a, int multi, const char *hdr,
                            const char *body, int *status)
{
    const panel_dialect *d = s->acc[0].d;
    char path[256];
    snprintf(path, sizeof path, "/%s%s", d->name, d->base_path);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "POST", path, hdr, body, strlen(body), "127.0.0.1", &r),
                     PANEL_E_OK);
    panel_parse_opts o = {.multi = multi};
    panel_result *res = NULL;
    ck_assert_int_eq(panel_parse(d, a, r.body.data ? r.body.data : "", r.body.len, &o, &res),
                     PANEL_E_OK);
    *status = r.status;
    mock_response_free(&r);
    return res;
}

/* A dialect that takes JSON bodies: integers, reals and booleans become parameter text, an
 * array of ids the comma list of a multi status, nested objects are ignored; a body that is
 * not one JSON object (or repeats a key) is an invalid parameter, more members than the cap
 * a 413. */
START_TEST(json_request_bodies)
{
    mock_state *s = new_state("smmpanelus");
    const panel_dialect *d = s->acc[0].d;
    ck_assert(panel_dialect_encoding_ok(d, PANEL_ENC_JSON));
    const char *key = s->acc[0].key;
    const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
    ck_assert_ptr_nonnull(it);
    const char *idem = d->idempotency_param;
    char body[2048], ids[2][64];
    int st = 0;
    for (int i = 0; i < 2; i++) {
        /* the quantity once as an integer, once as a real with no fraction */
        char extra[128] = "";
        if (idem)
            snprintf(extra, sizeof extra, ",\"%s\":\"json-%d\"", idem, i);
        snprintf(body, sizeof body,
                 "{\"%s\":\"%s\",\"action\":\"%s\",\"service\":%s,\"link\":\"https://example.com/"
                 "p\",\"quantity\":%lld%s,\"opts\":{\"x\":1}%s}",
                 d->key_param, key, d->actions[PANEL_ACTION_ADD].name, it->service,
                 (long long)it->min, i ? ".0" : "", extra);
        panel_result *r = post_h(s, PANEL_ACTION_ADD, 0, NULL, body, &st);
        ck_assert_msg(r->order != NULL, "%s -> %d %s", body, st, r->error ? r->error : "");
        snprintf(ids[i], sizeof ids[i], "%s", r->order);
        panel_result_free(r);
    }
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_STATUS];
    snprintf(body, sizeof body, "{\"%s\":\"%s\",\"action\":\"%s\",\"%s\":[%s,%s],\"flag\":true}",
             d->key_param, key, sp->multi_name ? sp->multi_name : sp->name, sp->multi_param, ids[0],
             ids[1]);
    panel_result *r =
        post_h(s, PANEL_ACTION_STATUS, 1, "Content-Type: application/json", body, &st);
    ck_assert_int_eq(st, 200);
    ck_assert_msg(r->n_entries == 2 && r->entries[0].error == NULL, "%s", body);
    panel_result_free(r);

    static const char *const bad[] = {"[1,2]", "{\"action\":\"balance\",\"action\":\"balance\"}",
                                      "{\"action\":"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = post_h(s, PANEL_ACTION_BALANCE, 0, "Content-Type: application/json", bad[i], &st);
        ck_assert_msg(tu_is_error_case(d, PANEL_ERRCASE_INVALID_PARAM, r->error), "%s: %s", bad[i],
                      r->error ? r->error : "(no error)");
        panel_result_free(r);
    }
    char big[4096] = "{";
    for (int i = 0; i < PANEL_FORM_MAX_PARAMS + 1; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "%s\"p%d\":%d", i ? "," : "", i, i);
    strcat(big, "}");
    const panel_dialect *dd = s->acc[0].d;
    char path[256];
    snprintf(path, sizeof path, "/%s%s", dd->name, dd->base_path);
    mock_response resp;
    ck_assert_int_eq(mock_handle(s, "POST", path, NULL, big, strlen(big), "127.0.0.1", &resp),
                     PANEL_E_OK);
    ck_assert_int_eq(resp.status, 413);
    mock_response_free(&resp);
    mock_state_free(s);
}
END_TEST

/* ---- actions.c: id lists and idempotency values ---- */

/* A multi status list with blanks, empty items and repeats answers each id once; a list of
 * nothing is a missing parameter, one past max_ids too many ids. A long idempotency value
 * (hashed into the index) replays the first order; the same value with another body is
 * refused. */
START_TEST(id_lists_and_idempotency)
{
    mock_state *s = new_state("smpanelim");
    const panel_dialect *d = s->acc[0].d;
    const char *key = s->acc[0].key;
    const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
    char body[4096], ids[2][64];
    int st = 0;
    for (int i = 0; i < 2; i++) {
        snprintf(body, sizeof body,
                 "key=%s&action=add&service=%s&link=https://example.com/%d"
                 "&quantity=%lld",
                 key, it->service, i, (long long)it->min);
        panel_result *r = post(s, PANEL_ACTION_ADD, body, &st);
        ck_assert_ptr_nonnull(r->order);
        snprintf(ids[i], sizeof ids[i], "%s", r->order);
        panel_result_free(r);
    }
    panel_parse_opts multi = {.multi = 1};
    snprintf(body, sizeof body, "key=%s&action=status&orders=%%20%s%%20,,%s,%s,%%20,", key, ids[0],
             ids[1], ids[0]);
    const char *path = "/smpanelim/api/v2";
    mock_response resp;
    ck_assert_int_eq(mock_handle(s, "POST", path, NULL, body, strlen(body), "127.0.0.1", &resp),
                     PANEL_E_OK);
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_STATUS, resp.body.data, resp.body.len, &multi, &r),
                     PANEL_E_OK);
    ck_assert_msg(r->n_entries == 2, "%s", resp.body.data);
    ck_assert_str_eq(r->entries[0].id, ids[0]);
    ck_assert_str_eq(r->entries[1].id, ids[1]);
    panel_result_free(r);
    mock_response_free(&resp);
    snprintf(body, sizeof body, "key=%s&action=status&orders=,%%20,", key);
    r = post(s, PANEL_ACTION_STATUS, body, &st);
    ck_assert_msg(tu_is_error_case(d, PANEL_ERRCASE_MISSING_PARAM, r->error), "%s",
                  r->error ? r->error : "(none)");
    panel_result_free(r);
    int n = snprintf(body, sizeof body, "key=%s&action=status&orders=", key);
    for (size_t i = 0; i <= d->max_ids; i++)
        n += snprintf(body + n, sizeof body - (size_t)n, "%s%zu", i ? "," : "", 1000 + i);
    r = post(s, PANEL_ACTION_STATUS, body, &st);
    ck_assert_msg(tu_is_error_case(d, PANEL_ERRCASE_TOO_MANY_IDS, r->error), "%s",
                  r->error ? r->error : "(none)");
    panel_result_free(r);
    mock_state_free(s);

    s = new_state("notpanel");
    d = s->acc[0].d;
    ck_assert_ptr_nonnull(d->idempotency_param);
    it = tu_simple_item(d, 0, 0);
    char idem[101]; /* past the 79 bytes an index slot holds, within the 128 allowed */
    memset(idem, 'r', sizeof idem - 1);
    idem[sizeof idem - 1] = '\0';
    char first[64] = "";
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof body,
                 "%s=%s&action=%s&service=%s&link=https://example.com/x"
                 "&quantity=%lld&%s=%s",
                 d->key_param, s->acc[0].key, d->actions[PANEL_ACTION_ADD].name, it->service,
                 (long long)it->min + (i == 2), d->idempotency_param, idem);
        r = post(s, PANEL_ACTION_ADD, body, &st);
        if (i < 2) {
            ck_assert_msg(r->order != NULL, "add %d: %s", i, r->error ? r->error : "");
            if (i == 0)
                snprintf(first, sizeof first, "%s", r->order);
            else
                ck_assert_str_eq(r->order, first); /* replayed, not placed again */
        } else {
            ck_assert_msg(r->order == NULL || strcmp(r->order, first) != 0,
                          "another body under the same value placed as the first");
        }
        panel_result_free(r);
    }
    ck_assert_uint_eq(s->acc[0].store.n_orders, 1);
    mock_state_free(s);
}
END_TEST

/* ---- multipart.c: multipart/form-data bodies ---- */

#define CT "multipart/form-data; boundary=XyZ"
#define PART(name, value) "--XyZ\r\nContent-Disposition: form-data; " name "\r\n\r\n" value "\r\n"

/* Decodes body under ctype with a cap of max pairs; the return code, and the pairs as
 * "name=value;" into got. */
static panel_err decode_mp(const char *ctype, const char *body, size_t n, size_t max, char *got,
                           size_t gotsz)
{
    panel_form f;
    panel_form_init(&f, max);
    panel_err rc = mock_multipart_decode(&f, ctype, body, n);
    got[0] = '\0';
    for (size_t i = 0; i < f.count; i++)
        snprintf(got + strlen(got), gotsz - strlen(got), "%s=%s;", f.pairs[i].name,
                 f.pairs[i].value);
    panel_form_free(&f);
    return rc;
}

/* Parts with quoted and bare boundaries, file parts (the name, not the filename), empty
 * values; every malformed body refused with PANEL_E_PARSE; the parameter cap. */
START_TEST(multipart_bodies)
{
    static const struct {
        const char *ctype, *body;
        panel_err rc;
        const char *pairs;
    } rows[] = {
        {CT, PART("name=\"key\"", "k1") PART("name=\"action\"", "add") "--XyZ--\r\n", PANEL_E_OK,
         "key=k1;action=add;"},
        {"multipart/form-data; boundary=\"XyZ\"; charset=utf-8", PART("name=\"a\"", "") "--XyZ--",
         PANEL_E_OK, "a=;"},
        {CT, PART("filename=\"f.txt\"; name=\"comments\"", "line1\nline2") "--XyZ--", PANEL_E_OK,
         "comments=line1\nline2;"},
        {CT,
         "--XyZ\r\ncontent-type: text/plain\r\nContent-Disposition: form-data; name=\"x\"\r\n"
         "\r\n1\r\n--XyZ--",
         PANEL_E_OK, "x=1;"},
        {"multipart/form-data", PART("name=\"a\"", "1") "--XyZ--", PANEL_E_PARSE, ""},
        {"multipart/form-data; boundary=", PART("name=\"a\"", "1") "--XyZ--", PANEL_E_PARSE, ""},
        {"multipart/form-data; boundary=\"\"", PART("name=\"a\"", "1") "--XyZ--", PANEL_E_PARSE,
         ""},
        {CT, "no delimiter at all", PANEL_E_PARSE, ""},
        {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n--XyZ--", PANEL_E_PARSE,
         ""},
        {CT, PART("name=\"a\"", "1") "--XyZ--" PART("name=\"b\"", "2"), PANEL_E_OK, "a=1;"},
        {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1--XyZ--", PANEL_E_PARSE,
         ""},
        {CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", PANEL_E_PARSE, ""},
        {CT, PART("filename=\"f\"", "1") "--XyZ--", PANEL_E_PARSE, ""},
        {CT, PART("name=\"unterminated", "1") "--XyZ--", PANEL_E_PARSE, ""},
        {CT, "--XyZ\r\nX-Other: 1\r\n\r\n1\r\n--XyZ--", PANEL_E_PARSE, ""},
    };
    char got[512];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_err rc =
            decode_mp(rows[i].ctype, rows[i].body, strlen(rows[i].body), 0, got, sizeof got);
        ck_assert_msg(rc == rows[i].rc, "row %zu: %s", i, panel_err_name(rc));
        if (rc == PANEL_E_OK)
            ck_assert_str_eq(got, rows[i].pairs);
    }
    /* A NUL inside a value is refused. */
    const char nul[] =
        "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\0002\r\n--XyZ--";
    ck_assert_int_eq(decode_mp(CT, nul, sizeof nul - 1, 0, got, sizeof got), PANEL_E_PARSE);
    /* A name longer than 255 bytes is refused. */
    char longname[600];
    char name[300];
    memset(name, 'n', 299);
    name[299] = '\0';
    snprintf(longname, sizeof longname,
             "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n1\r\n--XyZ--", name);
    ck_assert_int_eq(decode_mp(CT, longname, strlen(longname), 0, got, sizeof got), PANEL_E_PARSE);
    /* The parameter cap: two parts fit a cap of two, three do not. */
    const char three[] =
        PART("name=\"a\"", "1") PART("name=\"b\"", "2") PART("name=\"c\"", "3") "--XyZ--";
    ck_assert_int_eq(decode_mp(CT, three, sizeof three - 1, 2, got, sizeof got), PANEL_E_TOO_LARGE);
    ck_assert_int_eq(decode_mp(CT, three, sizeof three - 1, 3, got, sizeof got), PANEL_E_OK);
    ck_assert_str_eq(got, "a=1;b=2;c=3;");
    ck_assert_int_eq(mock_multipart_is("Multipart/Form-Data; boundary=x"), 1);
    ck_assert_int_eq(mock_multipart_is("application/x-www-form-urlencoded"), 0);
    ck_assert_int_eq(mock_multipart_is(NULL), 0);
}
END_TEST

/* ---- admin.c: the /__panelmock/ endpoints' refusals and rarer answers ---- */

/* Sends method path to the admin API from ip; the status, the body into body (size 8192). */
static int admin(mock_state *s, const char *method, const char *path, const char *ip, char *body,
                 mock_response *keep)
{
    mock_response r;
    ck_assert_int_eq(mock_handle(s, method, path, NULL, "", 0, ip, &r), PANEL_E_OK);
    snprintf(body, 8192, "%s", r.body.data ? r.body.data : "");
    int st = r.status;
    if (keep)
        *keep = r;
    else
        mock_response_free(&r);
    return st;
}

START_TEST(admin_endpoints)
{
    static const struct {
        const char *method, *path, *ip;
        int status;
        const char *body; /* a substring of the answer */
    } rows[] = {
        {"GET", "/__panelmock/health", "10.0.0.1", 403, "loopback only"},
        {"GET", "/__panelmock/journal?limit=10001", "127.0.0.1", 400, "limit must be a number"},
        {"GET", "/__panelmock/journal?since=x", "127.0.0.1", 400, "since must be a sequence"},
        {"GET", "/__panelmock/journal?dialect=", "127.0.0.1", 400,
         "dialect must be a dialect name"},
        {"GET", "/__panelmock/journal?action=", "127.0.0.1", 400, "action must be an action name"},
        {"GET", "/__panelmock/journal?dialect=smpanelim&action=balance", "127.0.0.1", 200, "["},
        {"POST", "/__panelmock/reset?all=2", "127.0.0.1", 400, "all must be 0 or 1"},
        {"POST", "/__panelmock/advance?steps=1001", "127.0.0.1", 400, "steps must be a number"},
        {"POST", "/__panelmock/advance?seconds=x", "127.0.0.1", 400, "seconds must be a number"},
        {"POST", "/__panelmock/webhook?url=ftp://x", "127.0.0.1", 400, "http:// or https://"},
        {"POST", "/__panelmock/webhook?url=%zz", "127.0.0.1", 400, "malformed query string"},
        {"POST", "/__panelmock/faults", "127.0.0.1", 200, "{\"ok\":true}"},
        {"GET", "/__panelmock/fuzz/replay", "127.0.0.1", 400, "token=TOKEN needed"},
        {"GET", "/__panelmock/fuzz/replay?token=fz-1-1", "127.0.0.1", 404, "without --fuzz"},
        {"GET", "/__panelmock/fuzz", "127.0.0.1", 200, "without --fuzz"},
        {"POST", "/__panelmock/shutdown", "127.0.0.1", 501, "no shutdown hook"},
        {"POST", "/__panelmock/journal", "127.0.0.1", 405, "method not allowed: use GET"},
        {"GET", "/__panelmock/nothing-here", "127.0.0.1", 404, "no such admin endpoint"},
        {"GET", "/__panelmock/", "127.0.0.1", 200, "/__panelmock/fuzz/replay"},
    };
    mock_state *s = new_state("smpanelim");
    char body[8192];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int st = admin(s, rows[i].method, rows[i].path, rows[i].ip, body, NULL);
        ck_assert_msg(st == rows[i].status, "%s %s: %d %s", rows[i].method, rows[i].path, st, body);
        ck_assert_msg(strstr(body, rows[i].body) != NULL, "%s %s: want '%s' in %s", rows[i].method,
                      rows[i].path, rows[i].body, body);
    }
    /* 405 names the allowed method in an Allow header. */
    mock_response r;
    admin(s, "GET", "/__panelmock/reset", "127.0.0.1", body, &r);
    ck_assert_int_eq(r.status, 405);
    ck_assert_int_eq(r.n_headers, 1);
    ck_assert_str_eq(r.header_name[0], "Allow");
    ck_assert_str_eq(r.header_value[0], "POST");
    mock_response_free(&r);

    /* The deviation list is the table, row for row. */
    ck_assert_int_eq(admin(s, "GET", "/__panelmock/deviations", "127.0.0.1", body, NULL), 200);
    json_t *arr = json_loads(body, 0, NULL);
    size_t n = 0;
    const mock_deviation_info *t = mock_deviations(&n);
    ck_assert_uint_eq(json_array_size(arr), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(arr, i), "name")),
                         t[i].name);
    json_decref(arr);

    /* advance?seconds= alone moves the clock, not the orders. */
    uint64_t clock = s->clock_s;
    ck_assert_int_eq(admin(s, "POST", "/__panelmock/advance?seconds=30", "127.0.0.1", body, NULL),
                     200);
    ck_assert_int_eq(s->clock_s, clock + 30);
    mock_state_free(s);
}
END_TEST

/* ---- faults.c: switch specs ---- */

/* Rates as fractions or percentages, latency and jitter in milliseconds, "none" and empty
 * items skipped; every malformed item refused with its reason. */
START_TEST(switch_specs)
{
    size_t n;
    const char *const *names = mock_fault_names(&n);
    mock_switches sw;
    char err[1024];
    ck_assert_int_eq(mock_switches_parse("reset=0.25,500=50%,,none,empty,latency=20ms,jitter=5",
                                         names, n, &sw, err, sizeof err),
                     PANEL_E_OK);
    ck_assert_uint_eq(sw.rate[MOCK_FAULT_RESET], 250000);
    ck_assert_uint_eq(sw.rate[MOCK_FAULT_E500], 500000);
    ck_assert_uint_eq(sw.rate[MOCK_FAULT_EMPTY], 1000000); /* a bare name: always */
    ck_assert_uint_eq(sw.latency_ms, 20);
    ck_assert_uint_eq(sw.jitter_ms, 5);
    ck_assert_int_eq(mock_switches_parse(NULL, names, n, &sw, err, sizeof err), PANEL_E_OK);
    ck_assert_uint_eq(sw.rate[MOCK_FAULT_RESET], 0);
    static const struct {
        const char *spec, *want;
    } bad[] = {
        {"reset=1.5", "bad rate for reset: 1.5 (want 0..1)"},
        {"reset=-0.1", "bad rate for reset"},
        {"reset=x", "bad rate for reset: x"},
        {"reset=0.5x", "bad rate for reset"},
        {"reset=150%", "bad rate for reset"},
        {"latency", "latency needs milliseconds, e.g. latency=20ms"},
        {"latency=20s", "latency needs milliseconds"},
        {"jitter=60001", "jitter needs milliseconds"},
        {"jitter=-1", "jitter needs milliseconds"},
        {"bogus=1", "unknown switch bogus; valid: "},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        ck_assert_int_eq(mock_switches_parse(bad[i].spec, names, n, &sw, err, sizeof err),
                         PANEL_E_USAGE);
        ck_assert_msg(strstr(err, bad[i].want) != NULL, "%s: '%s'", bad[i].spec, err);
    }
    ck_assert_ptr_nonnull(strstr(err, " reset")); /* the valid names are listed */
}
END_TEST

static Suite *cov_mock_suite(void)
{
    Suite *s = suite_create("cov_mock");
    TCase *tc0 = tcase_create("requests");
    tcase_set_timeout(tc0, 60);
    tcase_add_test(tc0, add_validation_rules);
    tcase_add_test(tc0, json_request_bodies);
    tcase_add_test(tc0, id_lists_and_idempotency);
    suite_add_tcase(s, tc0);
    TCase *tc1 = tcase_create("bodies");
    tcase_set_timeout(tc1, 60);
    tcase_add_test(tc1, multipart_bodies);
    tcase_add_test(tc1, admin_endpoints);
    tcase_add_test(tc1, switch_specs);
    suite_add_tcase(s, tc1);
    return s;
}

int main(void)
{
    return tu_run(cov_mock_suite());
}
