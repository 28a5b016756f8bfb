/* test_mock_format2.c - panelmock honours the dialect format 2 members: methods (GET), the key
 * in a header with a scheme, encodings, idempotency, refill rules, rate-limit headers, id
 * generators; and the request-reading rules: query parameters, multipart, empty optionals,
 * the id cap on ids sent, keys masked by value, --accounts. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mock_internal.h"
#include "testutil.h"

typedef struct {
    int status;
    char *body;
    mock_response r;
} answer;

static char dir[256];

/* Writes dripfeedpanel.json with patch (a JSON object merged at the top) into a new dir. */
static void write_dialect(const char *patch)
{
    snprintf(dir, sizeof dir, "/tmp/panelmock-f2-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char src[512], dst[512];
    snprintf(src, sizeof src, "%s/dialects/dripfeedpanel.json", PANEL_SOURCE_DIR);
    snprintf(dst, sizeof dst, "%s/dripfeedpanel.json", dir);
    json_error_t je;
    json_t *d = json_load_file(src, 0, &je);
    ck_assert_ptr_nonnull(d);
    json_t *p = json_loads(patch, 0, &je);
    ck_assert_msg(p != NULL, "patch: %s", je.text);
    json_object_update(d, p);
    ck_assert_int_eq(json_dump_file(d, dst, JSON_INDENT(1)), 0);
    json_decref(p);
    json_decref(d);
}

/* Removes the dialect dir. */
static void drop_dialect(void)
{
    char f[512];
    snprintf(f, sizeof f, "%s/dripfeedpanel.json", dir);
    unlink(f);
    rmdir(dir);
}

static mock_state *state(const char *patch, unsigned accounts)
{
    mock_config cfg = {.seed = 4, .dialect = "dripfeedpanel", .accounts = accounts};
    if (patch) {
        write_dialect(patch);
        cfg.dialect_dir = dir;
    }
    mock_state *s = NULL;
    char err[512] = "";
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    if (patch)
        drop_dialect();
    return s;
}

/* One request; the answer's body is a new string. */
static answer call(mock_state *s, const char *method, const char *path, const char *hdr,
                   const char *body)
{
    answer a;
    ck_assert_int_eq(
        mock_handle(s, method, path, hdr, body, body ? strlen(body) : 0, "127.0.0.1", &a.r),
        PANEL_E_OK);
    a.status = a.r.status;
    a.body = strdup(a.r.body.data ? a.r.body.data : "");
    return a;
}

static void done(answer *a)
{
    mock_response_free(&a->r);
    free(a->body);
}

#define EP "/dripfeedpanel/api/v2"

START_TEST(get_where_methods_allow)
{
    mock_state *s = state(NULL, 1);
    char path[512];
    snprintf(path, sizeof path, EP "?key=%s&action=balance", s->acc[0].key);
    answer a = call(s, "GET", path, NULL, NULL);
    ck_assert_msg(strstr(a.body, "balance") == NULL, "GET refused without methods: %s", a.body);
    done(&a);
    mock_state_free(s);
    s = state("{\"transport\": {\"methods\": [\"POST\", \"GET\"], \"assumed\": \"test\"}}", 1);
    snprintf(path, sizeof path, EP "?key=%s&action=balance", s->acc[0].key);
    a = call(s, "GET", path, NULL, NULL);
    ck_assert_msg(a.status == 200 && strstr(a.body, "\"balance\""), "GET allowed: %s", a.body);
    done(&a);
    mock_state_free(s);
}
END_TEST

START_TEST(key_in_a_header)
{
    mock_state *s = state("{\"transport\": {\"key\": {\"in\": \"header\", \"name\": "
                          "\"Authorization\", \"scheme\": \"Bearer\"}, \"assumed\": \"test\"}}",
                          1);
    char hdr[256];
    snprintf(hdr, sizeof hdr, "Authorization: Bearer %s", s->acc[0].key);
    answer a = call(s, "POST", EP, hdr, "action=balance");
    ck_assert_msg(strstr(a.body, "\"balance\""), "header key: %s", a.body);
    done(&a);
    snprintf(hdr, sizeof hdr, "Authorization: Basic %s", s->acc[0].key);
    a = call(s, "POST", EP, hdr, "action=balance");
    ck_assert_msg(strstr(a.body, "error"), "another scheme is no key: %s", a.body);
    done(&a);
    /* the dialect takes the key only in the header: a key parameter in the body is none */
    char body[256];
    snprintf(body, sizeof body, "%s=%s&action=balance", s->acc[0].d->key_param, s->acc[0].key);
    a = call(s, "POST", EP, NULL, body);
    ck_assert_msg(!strstr(a.body, "\"balance\""), "body key of a header dialect: %s", a.body);
    done(&a);
    mock_response r;
    mock_handle(s, "GET", "/__panelmock/journal", NULL, NULL, 0, "127.0.0.1", &r);
    ck_assert_ptr_null(strstr(r.body.data, s->acc[0].key));
    mock_response_free(&r);
    mock_state_free(s);
}
END_TEST

START_TEST(idempotency_and_refill_rules)
{
    mock_state *s = state("{\"idempotency\": {\"param\": \"request_id\", \"assumed\": \"test\"},"
                          " \"refill_rules\": {\"max_per_order\": 1, \"statuses\": [\"completed\", "
                          "\"partial\"], \"assumed\": \"test\"}}",
                          1);
    mock_account *a = &s->acc[0];
    const panel_catalogue_item *it = tu_simple_item(a->d, 1, 0);
    ck_assert_ptr_nonnull(it);
    char body[512];
    snprintf(body, sizeof body,
             "key=%s&action=add&service=%s&link=https://e.com/x&quantity=%lld&request_id=r1",
             a->key, it->service, it->min);
    answer a1 = call(s, "POST", EP, NULL, body);
    panel_money after_one = a->balance;
    answer a2 = call(s, "POST", EP, NULL, body);
    ck_assert_msg(strcmp(a1.body, a2.body) == 0 && strstr(a1.body, "\"order\""), "%s vs %s",
                  a1.body, a2.body);
    ck_assert_int_eq(a->balance, after_one);
    ck_assert_uint_eq(a->store.n_orders, 1);
    done(&a2);
    snprintf(body, sizeof body,
             "key=%s&action=add&service=%s&link=https://e.com/other&quantity=%lld&request_id=r1",
             a->key, it->service, it->min);
    a2 = call(s, "POST", EP, NULL, body);
    ck_assert_msg(strstr(a2.body, "error"), "same value, another body: %s", a2.body);
    done(&a2);
    /* refill: not before delivery, once after it, never twice */
    const char *id = a->store.orders[0].id;
    snprintf(body, sizeof body, "key=%s&action=refill&order=%s", a->key, id);
    answer r = call(s, "POST", EP, NULL, body);
    ck_assert_msg(strstr(r.body, "error"), "refill before delivery: %s", r.body);
    done(&r);
    for (int k = 0; k < MOCK_MAX_PATH + 2; k++)
        mock_order_advance(s, a, &a->store.orders[0]);
    r = call(s, "POST", EP, NULL, body);
    ck_assert_msg(!strstr(r.body, "error"), "refill after delivery: %s", r.body);
    done(&r);
    mock_advance_all(s, MOCK_MAX_PATH + 2);
    r = call(s, "POST", EP, NULL, body);
    ck_assert_msg(strstr(r.body, "error"), "max_per_order 1: %s", r.body);
    done(&r);
    done(&a1);
    mock_state_free(s);
}
END_TEST

START_TEST(one_refill_open_at_a_time)
{
    mock_state *s = state(NULL, 1);
    mock_account *a = &s->acc[0];
    const panel_catalogue_item *it = tu_simple_item(a->d, 1, 0);
    char body[512];
    snprintf(body, sizeof body, "key=%s&action=add&service=%s&link=https://e.com/x&quantity=%lld",
             a->key, it->service, it->min);
    answer o = call(s, "POST", EP, NULL, body);
    done(&o);
    for (int k = 0; k < MOCK_MAX_PATH + 2; k++)
        mock_order_advance(s, a, &a->store.orders[0]);
    snprintf(body, sizeof body, "key=%s&action=refill&order=%s", a->key, a->store.orders[0].id);
    answer r1 = call(s, "POST", EP, NULL, body), r2 = call(s, "POST", EP, NULL, body);
    ck_assert_msg(!strstr(r1.body, "error") && strstr(r2.body, "error"), "%s / %s", r1.body,
                  r2.body);
    done(&r1);
    done(&r2);
    mock_advance_all(s, MOCK_MAX_PATH + 2); /* the refill completes */
    r1 = call(s, "POST", EP, NULL, body);
    ck_assert_msg(!strstr(r1.body, "error"), "a new refill once the last one closed: %s", r1.body);
    done(&r1);
    mock_state_free(s);
}
END_TEST

START_TEST(rate_headers_sent)
{
    mock_state *s = state("{\"limits\": {\"max_ids\": {\"value\": 100, \"src\": \"t\"}, "
                          "\"requests_per_minute\": {\"value\": 2, \"src\": \"t\"}, "
                          "\"failed_key_attempts\": {\"value\": 0, \"window_s\": 0, \"src\": "
                          "\"t\"}, \"rate_headers\": {\"retry_after\": \"Retry-After\", "
                          "\"limit\": \"X-RateLimit-Limit\", \"assumed\": \"test\"}}}",
                          1);
    char body[256];
    snprintf(body, sizeof body, "key=%s&action=balance", s->acc[0].key);
    answer a = call(s, "POST", EP, NULL, body);
    done(&a);
    a = call(s, "POST", EP, NULL, body);
    done(&a);
    a = call(s, "POST", EP, NULL, body);
    int found = 0;
    for (int i = 0; i < a.r.n_headers; i++)
        found += strcmp(a.r.header_name[i], "X-RateLimit-Limit") == 0 &&
                 strcmp(a.r.header_value[i], "2") == 0;
    ck_assert_msg(found == 1, "the third request is limited with X-RateLimit-Limit: %s", a.body);
    done(&a);
    mock_state_free(s);
}
END_TEST

START_TEST(reading_requests)
{
    mock_state *s = state(NULL, 2);
    const char *k1 = mock_state_account_key_borrow(s, "dripfeedpanel", 0);
    const char *k2 = mock_state_account_key_borrow(s, "dripfeedpanel", 1);
    ck_assert_ptr_nonnull(k2);
    ck_assert_str_ne(k1, k2);
    char path[512], body[2048];
    /* query parameters of a POST, a body parameter winning over the query */
    snprintf(path, sizeof path, EP "?key=%s&action=services", k1);
    answer a = call(s, "POST", path, NULL, "action=balance");
    ck_assert_msg(strstr(a.body, "\"balance\""), "%s", a.body);
    done(&a);
    /* multipart, malformed multipart */
    snprintf(
        body, sizeof body,
        "--XyZ\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n%s\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nbalance\r\n--XyZ--\r\n",
        k2);
    a = call(s, "POST", EP, "Content-Type: multipart/form-data; boundary=XyZ", body);
    ck_assert_msg(strstr(a.body, "\"balance\""), "%s", a.body);
    done(&a);
    static const char *const bad[] = {"--XyZ\r\nno headers end",
                                      "--XyZ\r\nContent-Disposition: "
                                      "form-data\r\n\r\nv\r\n--XyZ--",
                                      "", "--other\r\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        a = call(s, "POST", EP, "Content-Type: multipart/form-data; boundary=XyZ", bad[i]);
        ck_assert_msg(a.status < 500 && strstr(a.body, "error"), "bad multipart %zu: %s", i,
                      a.body);
        done(&a);
    }
    /* empty optional parameters are absent */
    const panel_catalogue_item *it = tu_simple_item(s->acc[0].d, 0, 0);
    snprintf(body, sizeof body,
             "key=%s&action=add&service=%s&link=https://e.com/x&quantity=%lld&runs=&interval=", k2,
             it->service, it->min);
    a = call(s, "POST", EP, NULL, body);
    ck_assert_msg(strstr(a.body, "\"order\""), "%s", a.body);
    done(&a);
    ck_assert_uint_eq(s->acc[1].store.n_orders, 1); /* account 2 got it */
    ck_assert_uint_eq(s->acc[0].store.n_orders, 0);
    ck_assert_int_eq(s->acc[0].balance, s->acc[0].balance_start);
    /* the id cap counts the ids sent; ids echoed whole; the key masked when echoed */
    char *many = malloc(64 * 1024);
    strcpy(many, "key=");
    strcat(many, k1);
    strcat(many, "&action=status&orders=");
    for (int i = 0; i < 101; i++)
        strcat(many, i ? ",5" : "5");
    a = call(s, "POST", EP, NULL, many);
    ck_assert_msg(strstr(a.body, "error") && !strstr(a.body, "\"5\""), "101 x one id: %s", a.body);
    done(&a);
    snprintf(many, 64 * 1024, "key=%s&action=status&orders=1,%s,", k1, k2);
    size_t at = strlen(many);
    memset(many + at, '7', 5000);
    many[at + 5000] = '\0';
    a = call(s, "POST", EP, NULL, many);
    ck_assert_ptr_nonnull(strstr(a.body, many + at));
    ck_assert_ptr_null(strstr(a.body, k2));
    ck_assert_ptr_nonnull(strstr(a.body, "\"***\""));
    done(&a);
    free(many);
    mock_state_free(s);
}
END_TEST

START_TEST(big_ids)
{
    mock_config cfg = {.seed = 4, .dialect = "all", .ids_big = 1};
    mock_state *s = NULL;
    ck_assert_int_eq(mock_state_new(&cfg, &s, NULL, 0), PANEL_E_OK);
    for (size_t i = 0; i < s->n_acc; i++) {
        mock_account *a = &s->acc[i];
        char id[MOCK_ID_LEN];
        mock_new_id(s, a, PANEL_KIND_INT, 0, id);
        ck_assert_msg(strtoull(id, NULL, 10) > (1ULL << 53), "%s: %s", a->d->name, id);
        mock_new_id(s, a, PANEL_KIND_INT, 1, id);
        ck_assert_msg(strtoull(id, NULL, 10) > (1ULL << 31), "%s: %s", a->d->name, id);
    }
    mock_state_free(s);
}
END_TEST

int main(void)
{
    Suite *su = suite_create("mock_format2");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, get_where_methods_allow);
    tcase_add_test(tc, key_in_a_header);
    tcase_add_test(tc, idempotency_and_refill_rules);
    tcase_add_test(tc, one_refill_open_at_a_time);
    tcase_add_test(tc, rate_headers_sent);
    tcase_add_test(tc, reading_requests);
    tcase_add_test(tc, big_ids);
    suite_add_tcase(su, tc);
    return tu_run(su);
}
