/* test_mock_webhook.c - panelmock's status-change webhooks over loopback: a tiny receiver
 * records each POST; the documented fields, JSON content type, lifecycle order and order id
 * are checked, and a dialect without documented webhooks sends none. */
#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"

#define MAX_HOOKS 64

/* One received request. */
typedef struct {
    char method[8], path[64], ctype[64];
    char body[2048];
} hook;

/* The receiver: a listening socket served by one thread. */
static struct {
    int fd, port, stop;
    pthread_t thread;
    pthread_mutex_t mu;
    hook got[MAX_HOOKS];
    int n;
} rx;

/* Finds header line name ("\r\nName:") in the header text h, case-insensitively. */
static const char *find_header(const char *h, const char *name)
{
    size_t n = strlen(name);
    for (; *h; h++)
        if (strncasecmp(h, name, n) == 0)
            return h;
    return NULL;
}

/* Reads one request from c (headers, then Content-Length bytes), records it, answers 200. */
static void serve_one(int c)
{
    char buf[8192];
    size_t len = 0;
    long want = -1;
    char *hdr_end = NULL;
    while (len < sizeof buf - 1) {
        struct pollfd p = {c, POLLIN, 0};
        if (poll(&p, 1, 2000) <= 0)
            break;
        ssize_t n = recv(c, buf + len, sizeof buf - 1 - len, 0);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = '\0';
        if (!hdr_end && (hdr_end = strstr(buf, "\r\n\r\n"))) {
            const char *cl = find_header(buf, "\r\nContent-Length:");
            want = cl ? strtol(cl + 17, NULL, 10) : 0;
        }
        if (hdr_end && (long)(len - (size_t)(hdr_end + 4 - buf)) >= want)
            break;
    }
    if (!hdr_end)
        return;
    *hdr_end = '\0';
    hook h;
    memset(&h, 0, sizeof h);
    sscanf(buf, "%7s %63s", h.method, h.path);
    const char *ct = find_header(buf, "\r\nContent-Type:");
    if (ct)
        sscanf(ct + 15, " %63[^\r\n]", h.ctype);
    snprintf(h.body, sizeof h.body, "%s", hdr_end + 4);
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    send(c, ok, sizeof ok - 1, MSG_NOSIGNAL);
    pthread_mutex_lock(&rx.mu);
    if (rx.n < MAX_HOOKS)
        rx.got[rx.n++] = h;
    pthread_mutex_unlock(&rx.mu);
}

/* The receiver thread: accepts until told to stop. */
static void *rx_main(void *arg)
{
    (void)arg;
    while (!__atomic_load_n(&rx.stop, __ATOMIC_SEQ_CST)) {
        struct pollfd p = {rx.fd, POLLIN, 0};
        if (poll(&p, 1, 20) <= 0)
            continue;
        int c = accept(rx.fd, NULL, NULL);
        if (c < 0)
            continue;
        serve_one(c);
        close(c);
    }
    return NULL;
}

static mock_server *srv;
static char base[128];

static void setup(void)
{
    memset(&rx, 0, sizeof rx);
    pthread_mutex_init(&rx.mu, NULL);
    rx.fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(rx.fd, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(listen(rx.fd, 16), 0);
    socklen_t sl = sizeof sa;
    getsockname(rx.fd, (struct sockaddr *)&sa, &sl);
    rx.port = ntohs(sa.sin_port);
    ck_assert_int_eq(pthread_create(&rx.thread, NULL, rx_main, NULL), 0);
    mock_config cfg = {.listen = "127.0.0.1:0", .seed = 5, .quiet = 1};
    char err[256];
    ck_assert_msg(mock_server_start(&cfg, &srv, base, sizeof base, err, sizeof err) == PANEL_E_OK,
                  "%s", err);
}

static void teardown(void)
{
    mock_server_stop(srv);
    srv = NULL;
    __atomic_store_n(&rx.stop, 1, __ATOMIC_SEQ_CST);
    pthread_join(rx.thread, NULL);
    close(rx.fd);
    pthread_mutex_destroy(&rx.mu);
}

/* POSTs body to path; returns the HTTP status, the answer in out (caller frees). */
static long post(const char *path, const char *body, panel_buf *out)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", base, path);
    panel_buf_init(out, 1u << 20);
    panel_buf_puts(out, "");
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, tu_curl_to_buf);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    return status;
}

/* Places an order on account a (form or JSON body); returns its id as text in id. */
static void add_order(const mock_account *a, char *id, size_t idsz)
{
    const panel_dialect *d = a->d;
    const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
    ck_assert_ptr_nonnull(it);
    char body[1024];
    if (d->json_requests)
        snprintf(body, sizeof body,
                 "{\"%s\":\"%s\",\"action\":\"%s\",\"service\":\"%s\",\"link\":"
                 "\"https://example.com/p\",\"quantity\":\"%lld\"}",
                 d->key_param, a->key, d->actions[PANEL_ACTION_ADD].name, it->service, it->min);
    else
        snprintf(body, sizeof body,
                 "%s=%s&action=%s&service=%s&link=https://example.com/p&quantity=%lld",
                 d->key_param, a->key, d->actions[PANEL_ACTION_ADD].name, it->service, it->min);
    panel_buf out;
    ck_assert_int_eq(post(a->prefix, body, &out), 200);
    json_t *j = json_loads(out.data, 0, NULL);
    ck_assert_msg(j != NULL, "%s add: not JSON", d->name);
    /* the id is the answer's only integer or string member (wrappers aside) */
    const char *k;
    json_t *v;
    id[0] = '\0';
    json_object_foreach(j, k, v)
    {
        if (json_is_integer(v))
            snprintf(id, idsz, "%lld", (long long)json_integer_value(v));
        else if (json_is_string(v) && strcmp(k, "status") != 0)
            snprintf(id, idsz, "%s", json_string_value(v));
    }
    ck_assert_msg(id[0] != '\0', "%s add answer has no id", d->name);
    json_decref(j);
    panel_buf_free(&out);
}

/* Waits (≤ 5 s) until a webhook for order id with a terminal status has arrived; returns
 * the count received so far. */
static int wait_terminal(const mock_account *a, const char *id)
{
    uint64_t deadline = mock_now_ms() + 5000;
    for (;;) {
        int n, done = 0;
        pthread_mutex_lock(&rx.mu);
        n = rx.n;
        for (int i = 0; i < n && !done; i++) {
            json_t *j = json_loads(rx.got[i].body, 0, NULL);
            json_t *st = j ? json_object_get(j, "status") : NULL;
            json_t *oid = j ? json_object_get(j, "order_id") : NULL;
            char idtxt[32] = "";
            if (json_is_integer(oid))
                snprintf(idtxt, sizeof idtxt, "%lld", (long long)json_integer_value(oid));
            else if (json_is_string(oid))
                snprintf(idtxt, sizeof idtxt, "%s", json_string_value(oid));
            if (json_is_string(st) && strcmp(idtxt, id) == 0) {
                int exact;
                panel_status s =
                    panel_vocab_lookup(&a->d->order_status, json_string_value(st), &exact);
                done = panel_status_is_terminal(s);
            }
            json_decref(j);
        }
        pthread_mutex_unlock(&rx.mu);
        if (done || mock_now_ms() >= deadline)
            return done ? n : -1;
        struct timespec ts = {0, 2000000L};
        nanosleep(&ts, NULL);
    }
}

START_TEST(webhooks_follow_lifecycle)
{
    mock_state *s = mock_server_state_borrow(srv);
    const mock_account *hooked = NULL, *quiet = NULL;
    for (size_t i = 0; i < s->n_acc; i++) {
        if (s->acc[i].d->webhook.present && !hooked)
            hooked = &s->acc[i];
        if (!s->acc[i].d->webhook.present && !quiet)
            quiet = &s->acc[i];
    }
    ck_assert_ptr_nonnull(hooked);
    ck_assert_ptr_nonnull(quiet);
    const panel_response_spec *spec = &hooked->d->webhook;
    static const char *const documented[] = {"order_id", "status", "remains", "start_count",
                                             "charge"};
    for (size_t k = 0; k < sizeof documented / sizeof documented[0]; k++) {
        size_t f = 0;
        while (f < spec->n_fields && strcmp(spec->fields[f].name, documented[k]) != 0)
            f++;
        ck_assert_msg(f < spec->n_fields, "%s not in the dialect's webhook", documented[k]);
    }
    char path[256], id[32], quiet_id[32], id2[32];
    panel_buf out;
    snprintf(path, sizeof path, "/__panelmock/webhook?url=http%%3A%%2F%%2F127.0.0.1%%3A%d%%2Fhook",
             rx.port);
    ck_assert_int_eq(post(path, "", &out), 200);
    panel_buf_free(&out);
    add_order(hooked, id, sizeof id);
    add_order(quiet, quiet_id, sizeof quiet_id);
    ck_assert_int_eq(post("/__panelmock/advance?steps=20", "", &out), 200);
    panel_buf_free(&out);
    ck_assert_msg(wait_terminal(hooked, id) > 0, "no terminal webhook for order %s", id);
    /* a second order's webhook arrives after everything the advance queued (one FIFO worker) */
    add_order(hooked, id2, sizeof id2);
    ck_assert_int_eq(post("/__panelmock/advance?steps=20", "", &out), 200);
    panel_buf_free(&out);
    ck_assert_msg(wait_terminal(hooked, id2) > 0, "no terminal webhook for order %s", id2);

    pthread_mutex_lock(&rx.mu);
    int n = rx.n;
    hook *got = malloc(sizeof(hook) * (size_t)n);
    memcpy(got, rx.got, sizeof(hook) * (size_t)n);
    pthread_mutex_unlock(&rx.mu);
    panel_status prev = hooked->path[0];
    int first_order = 0;
    for (int i = 0; i < n; i++) {
        ck_assert_str_eq(got[i].method, "POST");
        ck_assert_str_eq(got[i].path, "/hook");
        ck_assert_ptr_nonnull(strstr(got[i].ctype, "application/json"));
        json_error_t je;
        json_t *j = json_loads(got[i].body, 0, &je);
        ck_assert_msg(j != NULL, "webhook body not JSON: %s (%s)", got[i].body, je.text);
        for (size_t f = 0; f < spec->n_fields; f++)
            ck_assert_msg(json_object_get(j, spec->fields[f].name) != NULL, "%s missing in %s",
                          spec->fields[f].name, got[i].body);
        json_t *oid = json_object_get(j, "order_id");
        char idtxt[32];
        if (json_is_integer(oid))
            snprintf(idtxt, sizeof idtxt, "%lld", (long long)json_integer_value(oid));
        else
            snprintf(idtxt, sizeof idtxt, "%s", json_is_string(oid) ? json_string_value(oid) : "");
        ck_assert_msg(strcmp(idtxt, id) == 0 || strcmp(idtxt, id2) == 0,
                      "webhook for unknown order %s (quiet dialect's order is %s)", idtxt,
                      quiet_id);
        if (strcmp(idtxt, id) == 0) {
            int exact = 0;
            panel_status st = panel_vocab_lookup(
                &hooked->d->order_status, json_string_value(json_object_get(j, "status")), &exact);
            ck_assert_msg(exact, "status word not in the vocabulary: %s", got[i].body);
            ck_assert_msg(hooked->d->order_status.next[prev][st], "%s -> %s is not a transition",
                          panel_status_name(prev), panel_status_name(st));
            json_t *rem = json_object_get(j, "remains");
            ck_assert_msg(json_is_integer(rem) && json_integer_value(rem) >= 0, "remains: %s",
                          got[i].body);
            prev = st;
            first_order++;
        }
        json_decref(j);
    }
    ck_assert_int_ge(first_order, 1);
    ck_assert_msg(panel_status_is_terminal(prev), "last status %s", panel_status_name(prev));
    free(got);
}
END_TEST

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    Suite *su = suite_create("mock_webhook");
    TCase *tc = tcase_create("loopback");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, webhooks_follow_lifecycle);
    suite_add_tcase(su, tc);
    int failed = tu_run(su);
    curl_global_cleanup();
    return failed ? 1 : 0;
}
