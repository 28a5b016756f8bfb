/* test_cov_h2_http.c - panelcheck's HTTP client (harness/http.c) against a canned loopback
 * server, one table row per exchange: a GET with an extra header (recorded), Retry-After
 * values the backoff must refuse or cap (the waits measured), no retry with retries 0 or an
 * abort flag, a 5xx retried only when idempotent, bytes that are not HTTP, a connection
 * closed without an answer, a stall before and after the status line, the deadline cutting
 * the next attempt; replay answers (a recorded 429 retried without sleeping); defaults and
 * outcome names. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "har.h"
#include "http.h"

#define MAX_CANNED 4

/* A loopback server answering its i-th connection with canned[i] after delay_ms (then, with
 * stall_ms, holding the connection open that long), and closing it. */
typedef struct {
    int fd, port;
    const char *canned[MAX_CANNED];
    long delay_ms, stall_ms;
    int served;
    pthread_t th;
} canned_server;

/* Sleeps ms milliseconds. */
static void nap(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Reads one request (headers and a Content-Length body) from fd, bounded. */
static void read_request(int fd)
{
    char buf[8192];
    size_t n = 0;
    while (n < sizeof(buf) - 1) {
        ssize_t k = read(fd, buf + n, sizeof(buf) - 1 - n);
        if (k <= 0)
            return;
        n += (size_t)k;
        buf[n] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (!end)
            continue;
        const char *cl = strstr(buf, "Content-Length: ");
        size_t want = cl ? (size_t)atol(cl + 16) : 0;
        if (n - (size_t)(end + 4 - buf) >= want)
            return;
    }
}

/* The server thread: one connection per canned answer. */
static void *serve(void *ud)
{
    canned_server *s = ud;
    for (int i = 0; i < MAX_CANNED && s->canned[i]; i++) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0)
            break;
        read_request(c);
        if (s->delay_ms)
            nap(s->delay_ms);
        ssize_t w = send(c, s->canned[i], strlen(s->canned[i]), MSG_NOSIGNAL);
        (void)w;
        if (s->stall_ms)
            nap(s->stall_ms);
        close(c);
        s->served++;
    }
    return NULL;
}

/* Starts s (canned answers already set) on 127.0.0.1 and writes its URL. */
static void server_start(canned_server *s, char *url, size_t n)
{
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(s->fd, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(s->fd, 8), 0);
    socklen_t sl = sizeof(sa);
    getsockname(s->fd, (struct sockaddr *)&sa, &sl);
    s->port = ntohs(sa.sin_port);
    snprintf(url, n, "http://127.0.0.1:%d/api/v2", s->port);
    ck_assert_int_eq(pthread_create(&s->th, NULL, serve, s), 0);
}

/* Stops s: unblocks a pending accept and joins the thread. */
static void server_stop(canned_server *s)
{
    shutdown(s->fd, SHUT_RDWR);
    pthread_join(s->th, NULL);
    close(s->fd);
}

/* every answer closes its connection: the next attempt is a new connection, served in turn */
#define OK200                                                                                      \
    "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"                   \
    "Content-Length: 2\r\n\r\n{}"
#define R429(ra)                                                                                   \
    "HTTP/1.1 429 Too Many\r\nConnection: close\r\nRetry-After: " ra "\r\nContent-Length: "        \
    "0\r\n\r\n"
#define R503 "HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"

/* One exchange and what the client must make of it. */
typedef struct {
    const char *what;
    const char *canned[MAX_CANNED];
    long delay_ms, stall_ms;
    const char *method; /* NULL: POST */
    const char *ct;     /* NULL: no Content-Type */
    const char *header; /* one more header line, or NULL */
    int idempotent, retries;
    long timeout_ms;     /* 0: 3000 */
    int abort_set;       /* the abort flag is set before the request */
    long deadline_in_ms; /* > 0: the deadline that far ahead */
    http_outcome want;
    long want_status;
    int want_attempts;
    const char *want_error; /* substring of out.error; NULL: empty */
    long want_wait_ms;      /* 100: the default backoff, 500: the cap; -1: unchecked */
} http_row;

static const http_row ROWS[] = {
    {"GET with a header",
     {OK200},
     0,
     0,
     "GET",
     NULL,
     "X-Test: 1",
     1,
     -1,
     0,
     0,
     0,
     HTTP_OK,
     200,
     1,
     NULL,
     -1},
    {"Retry-After not a number",
     {R429("soon"), OK200},
     0,
     0,
     NULL,
     "application/json",
     NULL,
     0,
     2,
     0,
     0,
     0,
     HTTP_OK,
     200,
     2,
     NULL,
     100},
    {"Retry-After with a unit",
     {R429("3s"), OK200},
     0,
     0,
     NULL,
     NULL,
     NULL,
     0,
     2,
     0,
     0,
     0,
     HTTP_OK,
     200,
     2,
     NULL,
     100},
    {"Retry-After negative",
     {R429("-1"), OK200},
     0,
     0,
     NULL,
     NULL,
     NULL,
     0,
     2,
     0,
     0,
     0,
     HTTP_OK,
     200,
     2,
     NULL,
     100},
    {"Retry-After too long",
     {R429("86400"), OK200},
     0,
     0,
     NULL,
     NULL,
     NULL,
     0,
     2,
     0,
     0,
     0,
     HTTP_OK,
     200,
     2,
     NULL,
     100},
    {"Retry-After 3 s, capped",
     {R429("3"), OK200},
     0,
     0,
     NULL,
     NULL,
     NULL,
     0,
     2,
     0,
     0,
     0,
     HTTP_OK,
     200,
     2,
     NULL,
     500},
    {"no retry with retries 0",
     {R429("0")},
     0,
     0,
     NULL,
     NULL,
     NULL,
     1,
     0,
     0,
     0,
     0,
     HTTP_OK,
     429,
     1,
     NULL,
     -1},
    {"no request once aborted",
     {R429("0")},
     0,
     0,
     NULL,
     NULL,
     NULL,
     1,
     2,
     0,
     1,
     0,
     HTTP_TIMEOUT,
     0,
     1,
     "aborted",
     -1},
    {"5xx retried when idempotent",
     {R503, OK200},
     0,
     0,
     NULL,
     NULL,
     NULL,
     1,
     2,
     0,
     0,
     0,
     HTTP_OK,
     200,
     2,
     NULL,
     100},
    {"5xx not retried otherwise",
     {R503},
     0,
     0,
     NULL,
     NULL,
     NULL,
     0,
     2,
     0,
     0,
     0,
     HTTP_OK,
     503,
     1,
     NULL,
     -1},
    {"bytes that are not HTTP",
     {"SPLORK\r\n\r\n"},
     0,
     0,
     NULL,
     NULL,
     NULL,
     1,
     0,
     0,
     0,
     0,
     HTTP_FAILED,
     0,
     1,
     "",
     -1},
    {"closed without an answer",
     {""},
     0,
     0,
     NULL,
     NULL,
     NULL,
     1,
     0,
     0,
     0,
     0,
     HTTP_FAILED,
     0,
     1,
     "",
     -1},
    {"stall before the status line",
     {""},
     0,
     800,
     NULL,
     NULL,
     NULL,
     1,
     0,
     300,
     0,
     0,
     HTTP_UNREACHABLE,
     0,
     1,
     "timed out",
     -1},
    {"stall after the status line",
     {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"},
     0,
     800,
     NULL,
     NULL,
     NULL,
     1,
     0,
     300,
     0,
     0,
     HTTP_TIMEOUT,
     200,
     1,
     "timed out",
     -1},
    /* the server holds the first connection 1.5 s after its answer, so the second attempt
     * waits unanswered until the deadline */
    {"the deadline cuts the retry short",
     {R429("0"), OK200},
     0,
     1500,
     NULL,
     NULL,
     NULL,
     1,
     2,
     0,
     0,
     800,
     HTTP_UNREACHABLE,
     0,
     2,
     "timed out",
     -1},
};

START_TEST(test_exchange_rows)
{
    const http_row *w = &ROWS[_i];
    canned_server s = {0};
    memcpy(s.canned, w->canned, sizeof(s.canned));
    s.delay_ms = w->delay_ms;
    s.stall_ms = w->stall_ms;
    char url[128];
    server_start(&s, url, sizeof(url));
    volatile sig_atomic_t abort_flag = w->abort_set;
    har_log *rec = NULL;
    ck_assert_int_eq(har_log_new(&rec), PANEL_E_OK);
    http_opts o = {.timeout_ms = w->timeout_ms ? w->timeout_ms : 3000,
                   .max_retries = 2,
                   .backoff_cap_ms = 500,
                   .abort_flag = &abort_flag,
                   .record = rec};
    if (w->deadline_in_ms) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        o.deadline_ms = (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6 + w->deadline_in_ms;
        o.backoff_cap_ms = 100;
    }
    http_client *c = NULL;
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    http_req rq = {w->method, url, w->ct, "action=balance", 14, w->header};
    http_response r;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(http_send(c, &rq, w->idempotent, w->retries, &r), PANEL_E_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    if (w->want_wait_ms == 100) /* Retry-After refused: 100 ms, under the cap */
        ck_assert_msg(ms >= 95 && ms < 450, "%s: %ld ms", w->what, ms);
    else if (w->want_wait_ms == 500) /* Retry-After taken, then capped */
        ck_assert_msg(ms >= 495, "%s: %ld ms", w->what, ms);
    ck_assert_msg(r.outcome == w->want, "%s: outcome %s (%s)", w->what,
                  http_outcome_name(r.outcome), r.error);
    ck_assert_msg(r.status == w->want_status, "%s: status %ld", w->what, r.status);
    ck_assert_msg(r.attempts == w->want_attempts, "%s: %d attempts", w->what, r.attempts);
    if (w->want_error)
        ck_assert_msg(r.error[0] && strstr(r.error, w->want_error), "%s: error '%s'", w->what,
                      r.error);
    else
        ck_assert_str_eq(r.error, "");
    ck_assert_uint_eq(har_log_count(rec), (size_t)w->want_attempts);
    http_response_free(&r);
    http_free(c);
    server_stop(&s);
    har_log_free(rec);
}
END_TEST

/* A recording answers in place of the network; a recorded 429 is retried at once. */
START_TEST(test_replay_retries_without_sleeping)
{
    static const char har[] =
        "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"t\", \"version\": \"1\"},"
        " \"entries\": ["
        "{\"startedDateTime\": \"2025-12-01T00:00:00.000Z\", \"time\": 1, \"request\": "
        "{\"method\": \"POST\", \"url\": \"http://127.0.0.1:9/api/v2\", \"httpVersion\": "
        "\"HTTP/1.1\", \"cookies\": [], \"headers\": [], \"queryString\": [], \"postData\": "
        "{\"mimeType\": \"application/x-www-form-urlencoded\", \"text\": \"action=balance\", "
        "\"params\": []}, \"headersSize\": -1, \"bodySize\": 14}, \"response\": {\"status\": 429, "
        "\"statusText\": \"\", \"httpVersion\": \"HTTP/1.1\", \"cookies\": [], \"headers\": "
        "[{\"name\": \"Retry-After\", \"value\": \"30\"}], \"content\": {\"size\": 0, "
        "\"mimeType\": \"\", \"text\": \"\"}, \"redirectURL\": \"\", \"headersSize\": -1, "
        "\"bodySize\": 0}, \"cache\": {}, \"timings\": {\"send\": 0, \"wait\": 1, \"receive\": 0}},"
        "{\"startedDateTime\": \"2025-12-01T00:00:00.000Z\", \"time\": 1, \"request\": "
        "{\"method\": \"POST\", \"url\": \"http://127.0.0.1:9/api/v2\", \"httpVersion\": "
        "\"HTTP/1.1\", \"cookies\": [], \"headers\": [], \"queryString\": [], \"postData\": "
        "{\"mimeType\": \"application/x-www-form-urlencoded\", \"text\": \"action=balance\", "
        "\"params\": []}, \"headersSize\": -1, \"bodySize\": 14}, \"response\": {\"status\": 200, "
        "\"statusText\": \"OK\", \"httpVersion\": \"HTTP/1.1\", \"cookies\": [], \"headers\": [], "
        "\"content\": {\"size\": 2, \"mimeType\": \"application/json\", \"text\": \"{}\"}, "
        "\"redirectURL\": \"\", \"headersSize\": -1, \"bodySize\": 2}, \"cache\": {}, "
        "\"timings\": {\"send\": 0, \"wait\": 1, \"receive\": 0}}]}}";
    panel_har h;
    char err[256] = "";
    ck_assert_msg(panel_har_load_mem(har, strlen(har), &h, err, sizeof(err)) == PANEL_E_OK, "%s",
                  err);
    http_opts o = {.max_retries = 2, .backoff_cap_ms = 60000, .replay = &h};
    http_client *c = NULL;
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    http_response r;
    ck_assert_int_eq(http_post(c, "http://127.0.0.1:9/api/v2", "application/x-www-form-urlencoded",
                               "action=balance", 14, 1, -1, &r),
                     PANEL_E_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_int_eq(r.outcome, HTTP_OK);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(r.attempts, 2);
    ck_assert_str_eq(r.content_type, "application/json");
    ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 5); /* not the recorded 30 s Retry-After */
    http_response_free(&r);
    http_free(c);
    panel_har_free(&h);
}
END_TEST

/* max_retries < 0 is the default, 2: three answers of 429 and the third is the result. */
START_TEST(test_default_retries)
{
    canned_server s = {0};
    s.canned[0] = s.canned[1] = s.canned[2] = R429("0");
    s.canned[3] = OK200;
    char url[128];
    server_start(&s, url, sizeof(url));
    http_opts o = {.timeout_ms = 3000, .max_retries = -1, .backoff_cap_ms = 1};
    http_client *c = NULL;
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    http_response r;
    ck_assert_int_eq(http_post(c, url, NULL, "action=balance", 14, 1, -1, &r), PANEL_E_OK);
    ck_assert_int_eq(r.outcome, HTTP_OK);
    ck_assert_int_eq(r.status, 429);
    ck_assert_int_eq(r.attempts, 3);
    http_response_free(&r);
    http_free(c);
    server_stop(&s);
    ck_assert_int_eq(s.served, 3);
}
END_TEST

/* Defaults of a client made without options, and the outcome names. */
START_TEST(test_defaults_and_names)
{
    http_client *c = NULL;
    ck_assert_int_eq(http_new(NULL, &c), PANEL_E_OK);
    http_free(c);
    http_opts o = {.timeout_ms = 2000, .connect_ms = 100, .max_retries = 0};
    ck_assert_int_eq(http_new(&o, &c), PANEL_E_OK);
    http_free(c);
    http_free(NULL);
    static const struct {
        http_outcome o;
        const char *name;
    } names[] = {{HTTP_OK, "ok"},           {HTTP_UNREACHABLE, "unreachable"},
                 {HTTP_TIMEOUT, "timeout"}, {HTTP_TOO_LARGE, "too large"},
                 {HTTP_FAILED, "failed"},   {(http_outcome)99, "failed"}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        ck_assert_str_eq(http_outcome_name(names[i].o), names[i].name);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cov_h2_http");
    TCase *tc = tcase_create("http");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_exchange_rows, 0, sizeof(ROWS) / sizeof(ROWS[0]));
    tcase_add_test(tc, test_replay_retries_without_sleeping);
    tcase_add_test(tc, test_default_retries);
    tcase_add_test(tc, test_defaults_and_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
