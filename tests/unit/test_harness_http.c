/* test_harness_http.c - panelcheck's libcurl client against an in-process panelmock on
 * 127.0.0.1: a plain answer, retries on 429 (capped backoff), no retry of a non-idempotent
 * request on 5xx, an unreachable port, and the response cap (against a one-shot loopback
 * server). */
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil.h"
#include "http.h"
#include "panelmock.h"

/* Starts a mock serving dripfeedpanel with the given faults; writes the endpoint and key. */
static mock_server *start(const char *faults, char *url, size_t urlsz, char *key, size_t keysz)
{
    mock_config cfg = {0};
    cfg.listen = "127.0.0.1:0";
    cfg.dialect = "dripfeedpanel";
    cfg.seed = 3;
    cfg.faults = faults;
    cfg.quiet = 1;
    mock_server *m = NULL;
    char base[256], err[256] = "";
    ck_assert_int_eq(mock_server_start(&cfg, &m, base, sizeof(base), err, sizeof(err)), PANEL_E_OK);
    snprintf(url, urlsz, "%s/dripfeedpanel/api/v2", base);
    snprintf(key, keysz, "%s", mock_state_key_borrow(mock_server_state_borrow(m), "dripfeedpanel"));
    return m;
}

/* POSTs action=balance with key; returns the response (caller frees). */
static http_response post(http_client *c, const char *url, const char *key, int idempotent)
{
    char body[256];
    snprintf(body, sizeof(body), "key=%s&action=balance", key);
    http_response r;
    ck_assert_int_eq(http_post(c, url, "application/x-www-form-urlencoded", body, strlen(body),
                               idempotent, -1, &r),
                     PANEL_E_OK);
    return r;
}

START_TEST(test_plain_answer_and_reuse)
{
    char url[512], key[128];
    mock_server *m = start(NULL, url, sizeof(url), key, sizeof(key));
    http_opts o = {.timeout_ms = 5000, .max_retries = 2, .backoff_cap_ms = 1};
    http_client *c = NULL;
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    for (int i = 0; i < 3; i++) {
        http_response r = post(c, url, key, 1);
        ck_assert_int_eq(r.outcome, HTTP_OK);
        ck_assert_int_eq(r.status, 200);
        ck_assert_int_eq(r.attempts, 1);
        ck_assert_ptr_nonnull(strstr(r.content_type, "application/json"));
        ck_assert_ptr_nonnull(strstr(r.body.data, "\"balance\""));
        http_response_free(&r);
    }
    http_free(c);
    mock_server_stop(m);
}
END_TEST

START_TEST(test_retries_on_429_and_5xx)
{
    char url[512], key[128];
    mock_server *m = start("429=1", url, sizeof(url), key, sizeof(key));
    http_opts o = {.timeout_ms = 5000, .max_retries = 2, .backoff_cap_ms = 1};
    http_client *c = NULL;
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    http_response r = post(c, url, key, 0); /* 429 is retried even for an add */
    ck_assert_int_eq(r.outcome, HTTP_OK);
    ck_assert_int_eq(r.status, 429);
    ck_assert_int_eq(r.attempts, 3);
    http_response_free(&r);
    http_free(c);
    mock_server_stop(m);

    m = start("503=1", url, sizeof(url), key, sizeof(key));
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    r = post(c, url, key, 0); /* a state-changing request is not repeated on 5xx */
    ck_assert_int_eq(r.status, 503);
    ck_assert_int_eq(r.attempts, 1);
    http_response_free(&r);
    r = post(c, url, key, 1);
    ck_assert_int_eq(r.status, 503);
    ck_assert_int_eq(r.attempts, 3);
    http_response_free(&r);
    http_free(c);
    mock_server_stop(m);
}
END_TEST

START_TEST(test_unreachable)
{
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v2", tu_dead_port());
    http_opts o = {.timeout_ms = 2000, .max_retries = 2, .backoff_cap_ms = 1};
    http_client *c = NULL;
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    http_response r = post(c, url, "k", 1);
    ck_assert_int_eq(r.outcome, HTTP_UNREACHABLE);
    ck_assert_str_eq(http_outcome_name(r.outcome), "unreachable");
    ck_assert_int_eq(r.attempts, 1);
    http_response_free(&r);
    http_free(c);
}
END_TEST

/* A one-shot loopback server: answers one request with a 200 declaring `declared` bytes
 * (0: no Content-Length, close-delimited) and then sending `send` bytes of body. */
typedef struct {
    int fd;
    size_t declared, send;
} big_server;

/* Thread body of big_server: accept once, read the request, write the answer, close. */
static void *big_serve(void *ud)
{
    big_server *b = ud;
    int c = accept(b->fd, NULL, NULL);
    if (c < 0)
        return NULL;
    char req[4096];
    (void)recv(c, req, sizeof(req), 0);
    char head[256];
    int n = b->declared ? snprintf(head, sizeof(head),
                                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Content-Length: %zu\r\n\r\n",
                                   b->declared)
                        : snprintf(head, sizeof(head),
                                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Connection: close\r\n\r\n");
    int ok = send(c, head, (size_t)n, MSG_NOSIGNAL) == n;
    static char chunk[65536];
    memset(chunk, ' ', sizeof(chunk));
    for (size_t left = b->send; ok && left > 0;) {
        size_t k = left < sizeof(chunk) ? left : sizeof(chunk);
        ssize_t w = send(c, chunk, k, MSG_NOSIGNAL);
        ok = w > 0;
        left -= ok ? (size_t)w : 0;
    }
    close(c);
    return NULL;
}

static const struct {
    size_t declared, send;
} BIG_CASES[] = {
    {HTTP_MAX_BODY + 1, 0},      /* Content-Length beyond the cap: refused up front */
    {0, HTTP_MAX_BODY + 70000u}, /* no length, the body itself runs past the cap */
};

START_TEST(test_response_cap)
{
    big_server b = {socket(AF_INET, SOCK_STREAM, 0), BIG_CASES[_i].declared, BIG_CASES[_i].send};
    ck_assert_int_ge(b.fd, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(b.fd, (struct sockaddr *)&a, sizeof(a)), 0);
    socklen_t l = sizeof(a);
    ck_assert_int_eq(getsockname(b.fd, (struct sockaddr *)&a, &l), 0);
    ck_assert_int_eq(listen(b.fd, 1), 0);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, big_serve, &b), 0);
    char url[128], cap[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v2", ntohs(a.sin_port));
    http_opts o = {.timeout_ms = 10000, .max_retries = 2, .backoff_cap_ms = 1};
    http_client *c = NULL;
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    http_response r = post(c, url, "k", 1);
    ck_assert_int_eq(r.outcome, HTTP_TOO_LARGE);
    ck_assert_int_eq(r.attempts, 1);
    snprintf(cap, sizeof(cap), "over %u bytes", HTTP_MAX_BODY);
    ck_assert_ptr_nonnull(strstr(r.error, cap));
    ck_assert_uint_le(r.body.len, HTTP_MAX_BODY);
    http_response_free(&r);
    http_free(c);
    pthread_join(th, NULL);
    close(b.fd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("harness_http");
    TCase *t = tcase_create("all");
    tcase_add_test(t, test_plain_answer_and_reuse);
    tcase_add_test(t, test_retries_on_429_and_5xx);
    tcase_add_test(t, test_unreachable);
    tcase_add_loop_test(t, test_response_cap, 0, sizeof(BIG_CASES) / sizeof(BIG_CASES[0]));
    suite_add_tcase(s, t);
    return tu_run(s);
}
