/* test_mock_server.c - panelmock over loopback with libcurl: one action per dialect, admin
 * endpoints, every fault's client-visible effect, 413 on an oversized body; thousands of
 * concurrent connections, a stalled client closed by the idle timeout, and a latency fault
 * that does not hold up other connections. */
#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil.h"
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
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, tu_curl_to_buf);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
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

/* The port of the running server (from base "http://127.0.0.1:PORT"). */
static int server_port(void)
{
    const char *colon = strrchr(base, ':');
    return colon ? atoi(colon + 1) : 0;
}

/* A blocking TCP connection to the server, or -1. */
static int connect_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)server_port());
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A raw HTTP/1.1 POST of body to path with an optional extra header line. */
static void raw_request(char *out, size_t outsz, const char *path, const char *body,
                        const char *hdr)
{
    snprintf(out, outsz,
             "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n%s%sConnection: "
             "close\r\n\r\n%s",
             path, strlen(body), hdr ? hdr : "", hdr ? "\r\n" : "", body);
}

/* An account whose dialect takes form bodies and has no request rate limit. */
static const mock_account *unlimited_account(mock_state *s)
{
    for (size_t i = 0; i < s->n_acc; i++)
        if (s->acc[i].d->requests_per_minute == 0 && !s->acc[i].d->json_requests)
            return &s->acc[i];
    return NULL;
}

/* Reads what is available on fd into b; 1 at end of stream (or error), 0 otherwise. */
static int drain(int fd, panel_buf *b)
{
    char tmp[4096];
    for (;;) {
        ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        if (n > 0) {
            if (panel_buf_append(b, tmp, (size_t)n) != PANEL_E_OK)
                return 1;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return 0;
        return 1;
    }
}

/* The status code of a raw HTTP answer, 0 when there is none. */
static int raw_status(const panel_buf *b)
{
    if (!b->data || b->len < 12 || strncmp(b->data, "HTTP/1.", 7) != 0)
        return 0;
    return atoi(b->data + 9);
}

/* The body of a raw HTTP answer (after the blank line), or "". */
static const char *raw_body(const panel_buf *b)
{
    const char *p = b->data ? strstr(b->data, "\r\n\r\n") : NULL;
    return p ? p + 4 : "";
}

#define MANY 2000

START_TEST(many_connections)
{
    struct rlimit rl;
    rlim_t need = 2 * MANY + 256; /* client and server ends live in this process */
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < need && (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need)) {
        rl.rlim_cur = need;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur < need) {
        printf("SKIP many_connections: RLIMIT_NOFILE %llu < %llu\n",
               (unsigned long long)rl.rlim_cur, (unsigned long long)need);
        return;
    }
    mock_state *s = mock_server_state_borrow(srv);
    const mock_account *a = unlimited_account(s);
    ck_assert_ptr_nonnull(a);
    char body[256], req[1024];
    balance_body(a, body, sizeof body);
    reply want = request(a->prefix, body, strlen(body), NULL);
    ck_assert_int_eq(want.status, 200);
    raw_request(req, sizeof req, a->prefix, body, NULL);
    int *fds = calloc(MANY, sizeof *fds);
    panel_buf *got = calloc(MANY, sizeof *got);
    struct pollfd *p = calloc(MANY, sizeof *p);
    /* every connection is open before any request is sent: MANY at once on the server */
    for (int i = 0; i < MANY; i++) {
        fds[i] = connect_server();
        ck_assert_msg(fds[i] >= 0, "connect %d: %s", i, strerror(errno));
        panel_buf_init(&got[i], 4096);
    }
    for (int i = 0; i < MANY; i++) {
        ck_assert_int_eq(send(fds[i], req, strlen(req), MSG_NOSIGNAL), (ssize_t)strlen(req));
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
    }
    int open_n = MANY;
    uint64_t deadline = mock_now_ms() + 30000; /* a bound against hanging, not a timing */
    while (open_n > 0 && mock_now_ms() < deadline) {
        int np = 0;
        for (int i = 0; i < MANY; i++)
            if (fds[i] >= 0)
                p[np++] = (struct pollfd){fds[i], POLLIN, 0};
        poll(p, (nfds_t)np, 100);
        for (int k = 0; k < np; k++) {
            if (!p[k].revents)
                continue;
            for (int i = 0; i < MANY; i++) {
                if (fds[i] == p[k].fd && drain(fds[i], &got[i])) {
                    close(fds[i]);
                    fds[i] = -1;
                    open_n--;
                    break;
                }
            }
        }
    }
    int ok = 0;
    for (int i = 0; i < MANY; i++) {
        if (fds[i] >= 0)
            close(fds[i]);
        if (raw_status(&got[i]) == 200 && strcmp(raw_body(&got[i]), want.body.data) == 0)
            ok++;
        panel_buf_free(&got[i]);
    }
    ck_assert_int_eq(open_n, 0);
    ck_assert_int_eq(ok, MANY);
    free(fds);
    free(got);
    free(p);
    panel_buf_free(&want.body);
}
END_TEST

START_TEST(latency_does_not_block)
{
    enum { SLOW = 8 }; /* more than the pool threads: blocking sleeps would stall every one */
    mock_state *s = mock_server_state_borrow(srv);
    char body[256], req[1024];
    balance_body(&s->acc[0], body, sizeof body);
    reply want = request(s->acc[0].prefix, body, strlen(body), NULL);
    ck_assert_int_eq(want.status, 200);
    raw_request(req, sizeof req, s->acc[0].prefix, body, "X-Panelmock-Fault: latency=300ms");
    int fds[SLOW];
    panel_buf got[SLOW];
    for (int i = 0; i < SLOW; i++) {
        fds[i] = connect_server();
        ck_assert_int_ge(fds[i], 0);
        ck_assert_int_eq(send(fds[i], req, strlen(req), MSG_NOSIGNAL), (ssize_t)strlen(req));
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        panel_buf_init(&got[i], 4096);
    }
    reply plain = request(s->acc[0].prefix, body, strlen(body), NULL);
    ck_assert_int_eq(plain.rc, CURLE_OK);
    ck_assert_int_eq(plain.status, 200);
    /* the plain request finished first: no delayed answer has begun yet */
    for (int i = 0; i < SLOW; i++) {
        struct pollfd p = {fds[i], POLLIN, 0};
        ck_assert_int_eq(poll(&p, 1, 0), 0);
    }
    uint64_t deadline = mock_now_ms() + 10000;
    for (int i = 0; i < SLOW; i++) {
        struct pollfd p = {fds[i], POLLIN, 0};
        while (mock_now_ms() < deadline && !(poll(&p, 1, 50) > 0 && drain(fds[i], &got[i])))
            ;
        ck_assert_int_eq(raw_status(&got[i]), 200);
        ck_assert_str_eq(raw_body(&got[i]), want.body.data);
        close(fds[i]);
        panel_buf_free(&got[i]);
    }
    panel_buf_free(&plain.body);
    panel_buf_free(&want.body);
}
END_TEST

static void setup_short_timeout(void)
{
    setenv("PANELMOCK_CONN_TIMEOUT_S", "1", 1);
    setup();
    unsetenv("PANELMOCK_CONN_TIMEOUT_S");
}

START_TEST(stalled_client_closed)
{
    mock_state *s = mock_server_state_borrow(srv);
    int fd = connect_server();
    ck_assert_int_ge(fd, 0);
    char half[256];
    snprintf(half, sizeof half, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le",
             s->acc[0].prefix);
    ck_assert_int_eq(send(fd, half, strlen(half), MSG_NOSIGNAL), (ssize_t)strlen(half));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    /* others are served while it stalls */
    char body[256];
    balance_body(&s->acc[0], body, sizeof body);
    reply r = request(s->acc[0].prefix, body, strlen(body), NULL);
    ck_assert_int_eq(r.status, 200);
    panel_buf_free(&r.body);
    panel_buf got;
    panel_buf_init(&got, 4096);
    int closed = 0;
    uint64_t deadline = mock_now_ms() + 5000; /* timeout 1 s, checked about once a second */
    while (!closed && mock_now_ms() < deadline) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 50) > 0)
            closed = drain(fd, &got);
    }
    ck_assert_msg(closed, "the stalled connection is still open");
    close(fd);
    panel_buf_free(&got);
    r = request(s->acc[0].prefix, body, strlen(body), NULL);
    ck_assert_int_eq(r.status, 200);
    panel_buf_free(&r.body);
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
    tcase_add_test(tc, many_connections);
    tcase_add_test(tc, latency_does_not_block);
    suite_add_tcase(su, tc);
    TCase *slow = tcase_create("slow_client");
    tcase_add_checked_fixture(slow, setup_short_timeout, teardown);
    tcase_set_timeout(slow, 30);
    tcase_add_test(slow, stalled_client_closed);
    suite_add_tcase(su, slow);
    int failed = tu_run(su);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
