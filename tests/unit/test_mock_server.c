/* test_mock_server.c - panelmock over loopback with libcurl: one action per dialect, admin
 * endpoints, every fault's client-visible effect, 413 on an oversized body. */
#include <check.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mock_internal.h"

static mock_server *srv;
static char base[128];

typedef struct {
    CURLcode rc;
    long status;
    panel_buf body;
    char ctype[128];
    int retry_after;
} reply;

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    reply *r = ud;
    return panel_buf_append(&r->body, p, sz * n) == PANEL_E_OK ? sz * n : 0;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    reply *r = ud;
    if (sz * n > 12 && strncasecmp(p, "Retry-After:", 12) == 0)
        r->retry_after = 1;
    return sz * n;
}

/* Performs one request; method NULL = POST with body (may be NULL for GET). */
static reply request(const char *path, const char *body, size_t n, const char *hdr)
{
    reply r;
    memset(&r, 0, sizeof r);
    panel_buf_init(&r.body, 1u << 22);
    panel_buf_puts(&r.body, "");
    char url[512];
    snprintf(url, sizeof url, "%s%s", base, path);
    CURL *c = curl_easy_init();
    struct curl_slist *h = hdr ? curl_slist_append(NULL, hdr) : NULL;
    curl_easy_setopt(c, CURLOPT_URL, url);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)n);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    r.rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    char *ct = NULL;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    snprintf(r.ctype, sizeof r.ctype, "%s", ct ? ct : "");
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return r;
}

static void setup(void)
{
    mock_config cfg = {.listen = "127.0.0.1:0", .seed = 3, .quiet = 1};
    char err[256];
    ck_assert_msg(mock_server_start(&cfg, &srv, base, sizeof base, err, sizeof err) == PANEL_E_OK,
                  "%s", err);
}

static void teardown(void)
{
    mock_server_stop(srv);
    srv = NULL;
}

/* A balance request body for account a. */
static void balance_body(const mock_account *a, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s=%s&action=%s", a->d->key_param, a->key,
             a->d->actions[PANEL_ACTION_BALANCE].name);
}

START_TEST(one_action_per_dialect)
{
    mock_state *s = mock_server_state_borrow(srv);
    for (size_t i = 0; i < s->n_acc; i++) {
        char body[256];
        balance_body(&s->acc[i], body, sizeof body);
        reply r = request(s->acc[i].prefix, body, strlen(body), NULL);
        ck_assert_int_eq(r.rc, CURLE_OK);
        ck_assert_int_eq(r.status, 200);
        ck_assert_ptr_nonnull(strstr(r.body.data, "balance"));
        ck_assert_ptr_nonnull(strstr(r.ctype, "application/json"));
        panel_buf_free(&r.body);
    }
}
END_TEST

START_TEST(admin_endpoints)
{
    static const struct {
        const char *path;
        int post;
        long status;
    } cases[] = {
        {"/__panelmock/state", 0, 200},
        {"/__panelmock/journal", 0, 200},
        {"/__panelmock/advance?steps=2", 1, 200},
        {"/__panelmock/faults?spec=reset%3D0", 1, 200},
        {"/__panelmock/quirks?spec=nosuch", 1, 400},
        {"/__panelmock/deviate?names=balance_number", 1, 200},
        {"/__panelmock/deviate?names=", 1, 200},
        {"/__panelmock/webhook?url=http%3A%2F%2F127.0.0.1%3A9%2F", 1, 200},
        {"/__panelmock/webhook?url=", 1, 200},
        {"/__panelmock/reset", 1, 200},
        {"/__panelmock/reset", 0, 405},
        {"/__panelmock/nosuch", 0, 404},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        reply r = request(cases[i].path, cases[i].post ? "" : NULL, 0, NULL);
        ck_assert_int_eq(r.rc, CURLE_OK);
        ck_assert_msg(r.status == cases[i].status, "%s: %ld want %ld", cases[i].path, r.status,
                      cases[i].status);
        panel_buf_free(&r.body);
    }
}
END_TEST

START_TEST(every_fault)
{
    static const struct {
        const char *fault;
        CURLcode rc; /* CURLE_OK, or -1 for "any transport error" */
        long status;
        int retry_after;
        const char *ctype_has;
    } cases[] = {
        {"latency=30", CURLE_OK, 200, 0, "json"}, {"jitter=30", CURLE_OK, 200, 0, "json"},
        {"drip", CURLE_OK, 200, 0, "json"},       {"reset", (CURLcode)-1, 0, 0, NULL},
        {"empty", CURLE_OK, 200, 0, "json"},      {"truncate", (CURLcode)-1, 0, 0, NULL},
        {"badchunk", (CURLcode)-1, 0, 0, NULL},   {"garbage", (CURLcode)-1, 0, 0, NULL},
        {"429", CURLE_OK, 429, 1, NULL},          {"429bare", CURLE_OK, 429, 0, NULL},
        {"500", CURLE_OK, 500, 0, NULL},          {"502", CURLE_OK, 502, 0, NULL},
        {"503", CURLE_OK, 503, 0, NULL},          {"html", CURLE_OK, 502, 0, "text/html"},
        {"ctype", CURLE_OK, 200, 0, "text/html"},
    };
    mock_state *s = mock_server_state_borrow(srv);
    char body[256];
    balance_body(&s->acc[0], body, sizeof body);
    reply clean = request(s->acc[0].prefix, body, strlen(body), NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char hdr[128];
        snprintf(hdr, sizeof hdr, "X-Panelmock-Fault: %s", cases[i].fault);
        reply r = request(s->acc[0].prefix, body, strlen(body), hdr);
        if (cases[i].rc == (CURLcode)-1) {
            ck_assert_msg(r.rc != CURLE_OK, "%s: transfer succeeded", cases[i].fault);
        } else {
            ck_assert_msg(r.rc == CURLE_OK, "%s: %s", cases[i].fault, curl_easy_strerror(r.rc));
            ck_assert_int_eq(r.status, cases[i].status);
            ck_assert_int_eq(r.retry_after, cases[i].retry_after);
            if (cases[i].ctype_has)
                ck_assert_ptr_nonnull(strstr(r.ctype, cases[i].ctype_has));
            if (strcmp(cases[i].fault, "empty") == 0)
                ck_assert_uint_eq(r.body.len, 0);
            if (strcmp(cases[i].fault, "drip") == 0 || strncmp(cases[i].fault, "latency", 7) == 0)
                ck_assert_str_eq(r.body.data, clean.body.data);
        }
        panel_buf_free(&r.body);
    }
    panel_buf_free(&clean.body);
    /* the server still answers after every fault */
    reply r = request(s->acc[0].prefix, body, strlen(body), NULL);
    ck_assert_int_eq(r.rc, CURLE_OK);
    ck_assert_int_eq(r.status, 200);
    panel_buf_free(&r.body);
}
END_TEST

START_TEST(oversized_body_413)
{
    mock_state *s = mock_server_state_borrow(srv);
    size_t n = MOCK_MAX_BODY + 4096;
    char *big = malloc(n);
    memset(big, 'a', n);
    reply r = request(s->acc[0].prefix, big, n, NULL);
    ck_assert_int_eq(r.rc, CURLE_OK);
    ck_assert_int_eq(r.status, 413);
    panel_buf_free(&r.body);
    free(big);
}
END_TEST

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    Suite *su = suite_create("mock_server");
    TCase *tc = tcase_create("loopback");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, one_action_per_dialect);
    tcase_add_test(tc, admin_endpoints);
    tcase_add_test(tc, every_fault);
    tcase_add_test(tc, oversized_body_413);
    suite_add_tcase(su, tc);
    SRunner *sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
