/* tests/unit/test_cov_m_server.c - panelmock's server corners the suites never reached (found
 * with `make coverage`), over loopback with raw sockets: --listen values refused or taken, a
 * port in use, framing and length headers, a header too big to keep beside a later one, a
 * query argument without a value, the garbage fault, many answers waiting on the timer at
 * once (its heap grows and orders them), a drip answer in flight when the server stops, and
 * the descriptor and per-address limits taken from the environment. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"

/* Starts a mock of smpanelim on a free loopback port with faults (or NULL); port set. */
static mock_server *start(const char *faults, int *port)
{
    mock_config cfg = {
        .listen = "127.0.0.1:0", .seed = 4, .dialect = "smpanelim", .faults = faults, .quiet = 1};
    mock_server *m = NULL;
    char url[128], err[256];
    ck_assert_msg(mock_server_start(&cfg, &m, url, sizeof url, err, sizeof err) == PANEL_E_OK, "%s",
                  err);
    const char *colon = strrchr(url, ':');
    *port = atoi(colon + 1);
    return m;
}

/* A blocking TCP connection to 127.0.0.1:port. */
static int dial(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

/* Sends all of the n bytes of req on fd. */
static void send_all(int fd, const char *req, size_t n)
{
    for (size_t off = 0; off < n;) {
        ssize_t w = send(fd, req + off, n - off, MSG_NOSIGNAL);
        ck_assert_int_gt(w, 0);
        off += (size_t)w;
    }
}

/* Reads from fd into out (NUL-terminated) until the peer closes, the answer's announced
 * length is in, or ms pass; returns the bytes read. */
static size_t read_answer(int fd, char *out, size_t outsz, int ms)
{
    size_t n = 0;
    uint64_t end = mock_now_ms() + (uint64_t)ms;
    while (n + 1 < outsz && mock_now_ms() < end) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0)
            continue;
        ssize_t r = recv(fd, out + n, outsz - 1 - n, 0);
        if (r <= 0)
            break;
        n += (size_t)r;
        out[n] = '\0';
        const char *cl = strstr(out, "Content-Length: ");
        const char *hb = strstr(out, "\r\n\r\n");
        if (cl && hb && n >= (size_t)(hb + 4 - out) + strtoul(cl + 16, NULL, 10))
            break;
    }
    out[n] = '\0';
    return n;
}

/* Sends req on a new connection and reads the answer into out. */
static size_t exchange(int port, const char *req, size_t n, char *out, size_t outsz)
{
    int fd = dial(port);
    send_all(fd, req, n);
    size_t got = read_answer(fd, out, outsz, 5000);
    close(fd);
    return got;
}

/* --listen values: refused with the usage message, or taken ("localhost", the default). */
START_TEST(listen_values)
{
    static const char *const bad[] = {
        "nocolon",
        ":80",
        "127.0.0.1:",
        "127.0.0.1:abc",
        "127.0.0.1:70000",
        "127.0.0.1:-1",
        "example.com:80",
        "::1:80",
        "a-very-long-host-name-that-does-not-fit-the-host-buffer-of-sixty-four-bytes:80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mock_config cfg = {.listen = bad[i], .dialect = "smpanelim", .quiet = 1};
        mock_server *m = (mock_server *)1;
        char url[128] = "", err[256] = "";
        ck_assert_int_eq(mock_server_start(&cfg, &m, url, sizeof url, err, sizeof err),
                         PANEL_E_USAGE);
        ck_assert_ptr_null(m);
        ck_assert_msg(strcmp(err, "--listen wants HOST:PORT with an IPv4 host") == 0, "%s: %s",
                      bad[i], err);
    }
    static const char *const good[] = {"localhost:0", NULL};
    for (size_t i = 0; i < 2; i++) {
        mock_config cfg = {.listen = good[i], .dialect = "smpanelim", .quiet = 1};
        mock_server *m = NULL;
        char url[128], err[256];
        ck_assert_msg(mock_server_start(&cfg, &m, url, sizeof url, err, sizeof err) == PANEL_E_OK,
                      "%s", err);
        ck_assert_msg(strncmp(url, "http://127.0.0.1:", 17) == 0, "%s", url);
        ck_assert_ptr_nonnull(mock_server_state_borrow(m));
        mock_server_stop(m);
    }
    /* No error buffer: refused all the same. */
    mock_config nb = {.listen = "nocolon", .dialect = "smpanelim", .quiet = 1};
    mock_server *none = NULL;
    char u[128];
    ck_assert_int_eq(mock_server_start(&nb, &none, u, sizeof u, NULL, 0), PANEL_E_USAGE);
    ck_assert_ptr_null(none);
    /* A state that cannot be built, a port in use; NULLs are fine. */
    mock_config cfg = {.listen = "127.0.0.1:0", .dialect = "no-such-dialect", .quiet = 1};
    mock_server *m = NULL;
    char url[128], err[256] = "";
    ck_assert_int_eq(mock_server_start(&cfg, &m, url, sizeof url, err, sizeof err), PANEL_E_USAGE);
    ck_assert_ptr_nonnull(strstr(err, "unknown dialect: no-such-dialect"));
    int port = 0;
    mock_server *a = start(NULL, &port);
    char busy[64];
    snprintf(busy, sizeof busy, "127.0.0.1:%d", port);
    cfg = (mock_config){.listen = busy, .dialect = "smpanelim", .quiet = 1};
    ck_assert_int_eq(mock_server_start(&cfg, &m, url, sizeof url, err, sizeof err), PANEL_E_NET);
    ck_assert_ptr_null(m);
    char want[96];
    snprintf(want, sizeof want, "cannot listen on %s: ", busy);
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);
    mock_server_stop(a);
    ck_assert_ptr_null(mock_server_state_borrow(NULL));
    mock_server_stop(NULL);
}
END_TEST

/* Odd requests on the wire: two Transfer-Encodings (400), a Content-Length past any number
 * (413, from libmicrohttpd), a header too big for the copy kept beside a later one that still
 * counts, a query argument without a value, and the garbage fault's bytes. */
START_TEST(wire_requests)
{
    int port = 0;
    mock_server *m = start(NULL, &port);
    mock_state *s = mock_server_state_borrow(m);
    char out[16384], req[16384];
    exchange(port,
             "POST /smpanelim/api/v2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
             "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
             strlen("POST /smpanelim/api/v2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
             out, sizeof out);
    ck_assert_msg(strncmp(out, "HTTP/1.1 400", 12) == 0 && strstr(out, "Ambiguous request framing"),
                  "%s", out);
    const char *huge = "POST /smpanelim/api/v2 HTTP/1.1\r\nHost: x\r\n"
                       "Content-Length: 999999999999999999999999\r\n\r\n";
    exchange(port, huge, strlen(huge), out, sizeof out);
    ck_assert_msg(strncmp(out, "HTTP/1.1 413", 12) == 0, "%s", out); /* MHD's own refusal */
    /* a 9000-byte header is left out of the copy; the fault header after it still counts */
    char big[9001];
    memset(big, 'b', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char body[256];
    int bn = snprintf(body, sizeof body, "key=%s&action=balance", s->acc[0].key);
    int n = snprintf(req, sizeof req,
                     "POST /smpanelim/api/v2 HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n"
                     "X-Panelmock-Fault: 503\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
                     big, bn, body);
    exchange(port, req, (size_t)n, out, sizeof out);
    ck_assert_msg(strncmp(out, "HTTP/1.1 503", 12) == 0, "%.200s", out);
    /* a query argument without a value reaches the parameters as an empty one */
    n = snprintf(req, sizeof req,
                 "POST /smpanelim/api/v2?flag&key=%s&action=balance HTTP/1.1\r\nHost: x\r\n"
                 "Content-Length: 0\r\nConnection: close\r\n\r\n",
                 s->acc[0].key);
    exchange(port, req, (size_t)n, out, sizeof out);
    ck_assert_msg(strncmp(out, "HTTP/1.1 200", 12) == 0 && strstr(out, "\"balance\""), "%s", out);
    pthread_mutex_lock(&s->mu);
    json_t *j = mock_journal_json_new(s, NULL);
    pthread_mutex_unlock(&s->mu);
    json_t *params = json_object_get(json_array_get(j, json_array_size(j) - 1), "params");
    ck_assert_str_eq(json_string_value(json_object_get(params, "flag")), "");
    ck_assert_str_eq(json_string_value(json_object_get(params, "action")), "balance");
    json_decref(j);
    /* an empty query string: the bare path */
    n = snprintf(req, sizeof req,
                 "POST /smpanelim/api/v2? HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
                 "Connection: close\r\n\r\n%s",
                 bn, body);
    exchange(port, req, (size_t)n, out, sizeof out);
    ck_assert_msg(strncmp(out, "HTTP/1.1 200", 12) == 0 && strstr(out, "\"balance\""), "%s", out);
    /* garbage: bytes that are not HTTP, then the connection closes */
    n = snprintf(req, sizeof req,
                 "POST /smpanelim/api/v2 HTTP/1.1\r\nHost: x\r\nX-Panelmock-Fault: garbage\r\n"
                 "Content-Length: %d\r\n\r\n%s",
                 bn, body);
    size_t got = exchange(port, req, (size_t)n, out, sizeof out);
    ck_assert_uint_eq(got, 512);
    ck_assert_int_eq(out[0], '\x01');
    mock_server_stop(m);
}
END_TEST

#define WAITERS 72 /* more answers waiting on the timer at once than its first heap holds */

/* Answers delayed by jitter wait on the timer's heap together (past its first 64 slots) and
 * all arrive; a drip answer still going out when the server stops does not hold it up. */
START_TEST(timer_heap)
{
    int port = 0;
    setenv("PANELMOCK_PER_IP_LIMIT", "0", 1); /* none: 72 connections from one address */
    mock_server *m = start("jitter=300ms", &port);
    unsetenv("PANELMOCK_PER_IP_LIMIT");
    mock_state *s = mock_server_state_borrow(m);
    char req[512];
    int n = snprintf(req, sizeof req,
                     "POST /smpanelim/api/v2 HTTP/1.1\r\nHost: x\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\nkey=%s&action=balance",
                     strlen(s->acc[0].key) + 19, s->acc[0].key);
    int fds[WAITERS];
    for (int i = 0; i < WAITERS; i++) {
        fds[i] = dial(port);
        send_all(fds[i], req, (size_t)n);
    }
    int ok = 0;
    for (int i = 0; i < WAITERS; i++) {
        char out[4096];
        read_answer(fds[i], out, sizeof out, 10000);
        ok += strncmp(out, "HTTP/1.1 200", 12) == 0 && strstr(out, "\"balance\"") != NULL;
        close(fds[i]);
    }
    ck_assert_int_eq(ok, WAITERS);
    mock_server_stop(m);

    m = start(NULL, &port);
    s = mock_server_state_borrow(m);
    n = snprintf(req, sizeof req,
                 "POST /smpanelim/api/v2 HTTP/1.1\r\nHost: x\r\nX-Panelmock-Fault: drip\r\n"
                 "Content-Length: %zu\r\n\r\nkey=%s&action=services",
                 strlen(s->acc[0].key) + 20, s->acc[0].key);
    int fd = dial(port);
    send_all(fd, req, (size_t)n);
    char first[64];
    ck_assert_int_gt(read_answer(fd, first, 13, 5000), 0); /* the drip has started */
    uint64_t t0 = mock_now_ms();
    mock_server_stop(m);
    ck_assert_uint_lt(mock_now_ms() - t0, 5000);
    close(fd);
}
END_TEST

/* How many of 3 connections held open at once from one address get an answer, with
 * PANELMOCK_PER_IP_LIMIT set to v (NULL: unset). */
static int served_of_three(const char *v)
{
    if (v)
        setenv("PANELMOCK_PER_IP_LIMIT", v, 1);
    else
        unsetenv("PANELMOCK_PER_IP_LIMIT");
    int port = 0;
    mock_server *m = start(NULL, &port);
    unsetenv("PANELMOCK_PER_IP_LIMIT");
    int fds[3];
    for (int i = 0; i < 3; i++)
        fds[i] = dial(port);
    int served = 0;
    const char *req = "GET /__panelmock/health HTTP/1.1\r\nHost: x\r\n\r\n";
    for (int i = 0; i < 3; i++) {
        send(fds[i], req, strlen(req), MSG_NOSIGNAL);
        char out[1024];
        read_answer(fds[i], out, sizeof out, 3000);
        served += strncmp(out, "HTTP/1.1 200", 12) == 0;
    }
    for (int i = 0; i < 3; i++)
        close(fds[i]);
    mock_server_stop(m);
    return served;
}

/* The per-address limit from the environment: a valid number is taken, anything else (not a
 * number, a tail, out of range) leaves the default. */
START_TEST(per_ip_limit_env)
{
    static const struct {
        const char *v;
        int served;
    } rows[] = {{"2", 2}, {NULL, 3}, {"x", 3}, {"", 3}, {"2x", 3}, {"-1", 3}, {"2000000", 3}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ck_assert_msg(served_of_three(rows[i].v) == rows[i].served, "PANELMOCK_PER_IP_LIMIT=%s",
                      rows[i].v ? rows[i].v : "(unset)");
}
END_TEST

/* The descriptor limit: a soft limit under the hard one is raised to it; with both at 100
 * the connection limit is its floor of 64, so one address gets 16 connections. */
START_TEST(descriptor_limits)
{
    struct rlimit rl;
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max > 300) {
        struct rlimit low = {200, rl.rlim_max};
        ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
        int port = 0;
        mock_server *m = start(NULL, &port);
        struct rlimit now;
        ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &now), 0);
        ck_assert_uint_eq(now.rlim_cur, rl.rlim_max);
        mock_server_stop(m);
    }
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 100)
        return;                      /* cannot be set to 100 here */
    struct rlimit tiny = {100, 100}; /* this test's own process only (Check forks) */
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &tiny), 0);
    int port = 0;
    mock_server *m = start(NULL, &port);
    int fds[17], served = 0;
    for (int i = 0; i < 17; i++)
        fds[i] = dial(port);
    const char *req = "GET /__panelmock/health HTTP/1.1\r\nHost: x\r\n\r\n";
    for (int i = 0; i < 17; i++) {
        send(fds[i], req, strlen(req), MSG_NOSIGNAL);
        char out[1024];
        read_answer(fds[i], out, sizeof out, 2000);
        served += strncmp(out, "HTTP/1.1 200", 12) == 0;
    }
    for (int i = 0; i < 17; i++)
        close(fds[i]);
    mock_server_stop(m);
    ck_assert_int_eq(served, 16);
}
END_TEST

static Suite *cov_m_server_suite(void)
{
    Suite *s = suite_create("cov_m_server");
    TCase *tc = tcase_create("server");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, listen_values);
    tcase_add_test(tc, wire_requests);
    tcase_add_test(tc, timer_heap);
    tcase_add_test(tc, per_ip_limit_env);
    tcase_add_test(tc, descriptor_limits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(cov_m_server_suite());
}
