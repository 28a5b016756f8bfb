/* test_cov_h2_proxy.c - panelcheck proxy in a child process between a client (libcurl) and an
 * embedded panelmock, both on 127.0.0.1: a GET with a query, a JSON body, single and multi
 * status, no action, an empty key, --quirks on a single status, an upload over the cap (413),
 * more distinct keys than a recording can mask, clients gone mid-request, a HEAD request, a
 * log line cut at its cap, a report that cannot be written;
 * the log lines, the report and the recording of each; and the options refused (a port in
 * use among them). */
#include <check.h>
#include <curl/curl.h>
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "har.h"
#include "panelmock.h"
#include "testutil.h"

static char T[256];

/* Path of name in the temporary directory (a static buffer per slot). */
static const char *tp(int slot, const char *name)
{
    static char p[6][400];
    snprintf(p[slot], sizeof(p[slot]), "%s/%s", T, name);
    return p[slot];
}

/* Starts a mock of dripfeedpanel with faults and deviations (each may be NULL); writes its
 * endpoint and key. */
static mock_server *upstream(const char *faults, const char *deviate, char *url, size_t urlsz,
                             char *key, size_t ksz)
{
    mock_config cfg = {0};
    cfg.listen = "127.0.0.1:0";
    cfg.dialect = "dripfeedpanel";
    cfg.seed = 5;
    cfg.quiet = 1;
    cfg.faults = faults;
    cfg.deviate = deviate;
    mock_server *m = NULL;
    char base[256], err[256] = "";
    ck_assert_int_eq(mock_server_start(&cfg, &m, base, sizeof(base), err, sizeof(err)), PANEL_E_OK);
    snprintf(url, urlsz, "%s/dripfeedpanel/api/v2", base);
    snprintf(key, ksz, "%s", mock_state_key_borrow(mock_server_state_borrow(m), "dripfeedpanel"));
    return m;
}

/* Runs panelcheck proxy args in a child (the built program: this process has the mock's
 * threads, which a fork could leave holding a lock) with stdout/stderr to files in T; waits (at
 * most 10 s) for its listening line and writes its URL into purl. Returns the child's pid. */
static pid_t start_proxy(const char *const *args, char *purl, size_t n)
{
    const char *argv[32];
    int argc = 0;
    argv[argc++] = "proxy";
    for (size_t i = 0; args[i] && argc < 31; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    pid_t pid = tu_spawn_panelcheck(argv, NULL, tp(0, "p.out"), tp(1, "p.err"), NULL);
    purl[0] = '\0';
    for (int i = 0; i < 1000 && !purl[0]; i++) {
        FILE *f = fopen(tp(0, "p.out"), "r");
        char line[256];
        int found = f && fgets(line, sizeof(line), f) &&
                    sscanf(line, "panelcheck: proxy listening on %200s", purl) == 1;
        if (f)
            fclose(f);
        if (found)
            break;
        purl[0] = '\0';
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    ck_assert_msg(purl[0], "the proxy did not start");
    (void)n;
    return pid;
}

/* Stops the proxy with SIGTERM; returns its exit code. */
static int stop_proxy(pid_t pid)
{
    kill(pid, SIGTERM);
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_int_eq(WIFEXITED(st), 1);
    return WEXITSTATUS(st);
}

/* One request through the proxy; returns the HTTP status (body into *body when non-NULL). */
static long send_one(const char *url, const char *method, const char *ct, const char *data,
                     size_t n, panel_buf *body)
{
    CURL *h = curl_easy_init();
    ck_assert_ptr_nonnull(h);
    panel_buf sink;
    panel_buf_init(&sink, 1u << 22);
    struct curl_slist *hl = NULL;
    char cth[128];
    if (ct) {
        snprintf(cth, sizeof(cth), "Content-Type: %s", ct);
        hl = curl_slist_append(hl, cth);
    }
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, tu_curl_to_buf);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, body ? body : &sink);
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (!strcmp(method, "POST")) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, data);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
    }
    ck_assert_int_eq(curl_easy_perform(h), CURLE_OK);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
    panel_buf_free(&sink);
    return code;
}

static void setup(void)
{
    snprintf(T, sizeof(T), "/tmp/test_cov_h2_proxy.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(T));
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", T);
    ck_assert_int_eq(system(cmd), 0);
}

/* One request of the traffic table and what the proxy must answer and log. */
typedef struct {
    const char *what;
    const char *method;
    const char *query; /* appended to the proxy URL; "@KEY@" is the key */
    const char *ct;
    const char *body; /* "@KEY@" is the key */
    long want_status;
    const char *want_log;  /* in the proxy's log line of it */
    const char *want_body; /* in the answer the client gets; NULL: not checked */
} px_row;

static const px_row TRAFFIC[] = {
    {"GET with a query (the mock allows POST only)", "GET", "?key=@KEY@&action=balance", NULL, NULL,
     405, "GET balance HTTP 405", NULL},
    {"POST with the action in the query", "POST", "?action=balance",
     "application/x-www-form-urlencoded", "key=@KEY@", 200, "POST balance HTTP 200 ",
     "\"currency\""},
    {"JSON body", "POST", "", "application/json", "{\"key\": \"@KEY@\", \"action\": \"balance\"}",
     200, "POST balance HTTP 200", NULL},
    {"single status", "POST", "", "application/x-www-form-urlencoded",
     "key=@KEY@&action=status&order=1", 200, "POST status HTTP 200", NULL},
    {"multi status", "POST", "", "application/x-www-form-urlencoded",
     "key=@KEY@&action=status&orders=1,2", 200, "POST status (multi) HTTP 200", NULL},
    {"no action", "POST", "", "application/x-www-form-urlencoded", "key=@KEY@", 200,
     "POST error HTTP 200", NULL},
    {"an empty key", "POST", "", "application/x-www-form-urlencoded", "key=&action=balance", 200,
     "POST balance HTTP 200", NULL},
    {"no content type", "POST", "", NULL, "key=@KEY@&action=balance", 200, "POST balance HTTP 200",
     NULL},
};

/* text with every "@KEY@" replaced by key, into out. */
static void with_key(const char *text, const char *key, char *out, size_t n)
{
    const char *at = strstr(text, "@KEY@");
    if (at)
        snprintf(out, n, "%.*s%s%s", (int)(at - text), text, key, at + 5);
    else
        snprintf(out, n, "%s", text);
}

START_TEST(test_traffic_log_report_recording)
{
    char url[512], key[128], purl[256];
    mock_server *m = upstream(NULL, NULL, url, sizeof(url), key, sizeof(key));
    char rep_arg[420];
    snprintf(rep_arg, sizeof(rep_arg), "json:%s", tp(2, "rep.json"));
    const char *args[] = {"--listen",  "localhost:0",   "--upstream", url,
                          "--dialect", "dripfeedpanel", "--key",      "extra-secret-9",
                          "--quirks",  "single_as_map", "--report",   rep_arg,
                          "--record",  tp(3, "p.har"),  NULL};
    pid_t pid = start_proxy(args, purl, sizeof(purl));
    size_t n_rows = sizeof(TRAFFIC) / sizeof(TRAFFIC[0]);
    for (size_t i = 0; i < n_rows; i++) {
        const px_row *r = &TRAFFIC[i];
        char q[512], target[800], body[512];
        with_key(r->query, key, q, sizeof(q));
        snprintf(target, sizeof(target), "%s%s", purl, q);
        with_key(r->body ? r->body : "", key, body, sizeof(body));
        long st = send_one(target, r->method, r->ct, body, strlen(body), NULL);
        ck_assert_msg(st == r->want_status, "%s: HTTP %ld (want %ld)", r->what, st, r->want_status);
    }
    /* an upload over the proxy's cap is refused before it is forwarded */
    size_t big_n = (1u << 20) + 100;
    char *big = malloc(big_n);
    ck_assert_ptr_nonnull(big);
    memset(big, 'a', big_n);
    memcpy(big, "action=balance&x=", 17);
    panel_buf b413;
    panel_buf_init(&b413, 4096);
    ck_assert_int_eq(send_one(purl, "POST", "application/x-www-form-urlencoded", big, big_n, &b413),
                     413);
    ck_assert_ptr_nonnull(strstr(b413.data, "request body too large"));
    panel_buf_free(&b413);
    free(big);
    /* clients gone after the request line, and after the headers: nothing forwarded, and
     * nothing leaks (the proxy's exit code under LeakSanitizer) */
    int port = atoi(strrchr(purl, ':') + 1);
    static const char *const cut[] = {"POST /x?action=balance HTTP/1.1\r\n",
                                      "POST /x?action=balance HTTP/1.1\r\nHost: x\r\n"
                                      "Content-Length: 50\r\n\r\nkey="};
    for (size_t i = 0; i < 2; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
        ck_assert_int_eq(write(fd, cut[i], strlen(cut[i])), (ssize_t)strlen(cut[i]));
        close(fd);
    }
    /* an answer after those: the proxy is still there */
    ck_assert_int_eq(
        send_one(purl, "POST", "application/x-www-form-urlencoded", "action=balance", 14, NULL),
        200);
    ck_assert_int_eq(stop_proxy(pid), 0);
    mock_server_stop(m);
    char *out = tu_slurp(tp(0, "p.out"), NULL);
    ck_assert_ptr_null(strstr(out, key));
    for (size_t i = 0; i < n_rows; i++)
        ck_assert_msg(strstr(out, TRAFFIC[i].want_log) != NULL, "%s: no '%s' in the log:\n%.1500s",
                      TRAFFIC[i].what, TRAFFIC[i].want_log, out);
    ck_assert_ptr_nonnull(strstr(out, "proxy stopped by SIGTERM after 9 exchanges"));
    free(out);
    json_t *rep = json_load_file(tp(2, "rep.json"), 0, NULL);
    ck_assert_ptr_nonnull(rep);
    ck_assert_int_eq(json_integer_value(json_object_get(rep, "exchanges")), 9);
    json_t *log = json_object_get(rep, "log");
    ck_assert_uint_eq(json_array_size(log), 9);
    ck_assert(json_is_true(json_object_get(json_array_get(log, 4), "multi")));
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(log, 5), "action")), "error");
    json_decref(rep);
    char *har = tu_slurp(tp(3, "p.har"), NULL);
    ck_assert_ptr_null(strstr(har, key));
    ck_assert_ptr_null(strstr(har, "extra-secret-9"));
    free(har);
    panel_har h;
    char err[256] = "";
    ck_assert_msg(panel_har_load(tp(3, "p.har"), &h, err, sizeof(err)) == PANEL_E_OK, "%s", err);
    ck_assert_uint_eq(h.n, 9);
    panel_har_free(&h);
}
END_TEST

/* Past HAR_MAX_SECRETS distinct keys an exchange is forwarded and logged but not recorded
 * (the upstream answers every request with an empty body). */
START_TEST(test_too_many_keys)
{
    char url[512], key[128], purl[256];
    mock_server *m = upstream("empty=1", NULL, url, sizeof(url), key, sizeof(key));
    const char *args[] = {"--listen",      "127.0.0.1:0", "--upstream",   url, "--dialect",
                          "dripfeedpanel", "--record",    tp(3, "k.har"), NULL};
    pid_t pid = start_proxy(args, purl, sizeof(purl));
    size_t n = HAR_MAX_SECRETS + 2;
    for (size_t i = 0; i < n; i++) {
        char body[128];
        snprintf(body, sizeof(body), "key=distinct-key-%03zu&action=balance", i);
        ck_assert_int_eq(
            send_one(purl, "POST", "application/x-www-form-urlencoded", body, strlen(body), NULL),
            200);
    }
    ck_assert_int_eq(stop_proxy(pid), 0);
    mock_server_stop(m);
    char *out = tu_slurp(tp(0, "p.out"), NULL);
    ck_assert_ptr_nonnull(strstr(out, "after 66 exchanges"));
    ck_assert_ptr_null(strstr(out, "distinct-key-"));
    free(out);
    panel_har h;
    char err[256] = "";
    ck_assert_msg(panel_har_load(tp(3, "k.har"), &h, err, sizeof(err)) == PANEL_E_OK, "%s", err);
    ck_assert_uint_eq(h.n, HAR_MAX_SECRETS);
    ck_assert_uint_eq(h.entries[0].body_len, 0); /* the empty answers, recorded as such */
    panel_har_free(&h);
    char *har = tu_slurp(tp(3, "k.har"), NULL);
    ck_assert_ptr_null(strstr(har, "distinct-key-"));
    free(har);
}
END_TEST

/* An answer with more findings than a log line holds (the line is cut, the report keeps them
 * all), a HEAD request, and a report that cannot be written (exit 2, said). */
START_TEST(test_long_lines_head_and_report_failure)
{
    char url[512], key[128], purl[256], rep_arg[420];
    mock_server *m =
        upstream(NULL, "services_missing_type,services_rate_number,services_min_over_max", url,
                 sizeof(url), key, sizeof(key));
    snprintf(rep_arg, sizeof(rep_arg), "json:%s", tp(2, "nodir/rep.json"));
    const char *args[] = {"--listen",   "127.0.0.1:0",
                          "--upstream", url,
                          "--dialect",  "dripfeedpanel",
                          "--report",   rep_arg,
                          "--quirks",   "bool_as_1,ids_as_strings,extra_fields",
                          NULL};
    pid_t pid = start_proxy(args, purl, sizeof(purl));
    char body[256];
    snprintf(body, sizeof(body), "key=%s&action=services", key);
    ck_assert_int_eq(
        send_one(purl, "POST", "application/x-www-form-urlencoded", body, strlen(body), NULL), 200);
    char q[600];
    snprintf(q, sizeof(q), "%s?key=%s&action=balance", purl, key);
    ck_assert_int_eq(send_one(q, "HEAD", NULL, NULL, 0, NULL), 405);
    ck_assert_int_eq(stop_proxy(pid), 2);
    mock_server_stop(m);
    char *out = tu_slurp(tp(0, "p.out"), NULL);
    const char *line = strstr(out, "panelcheck: proxy: POST services HTTP 200");
    ck_assert_ptr_nonnull(line);
    size_t len = strcspn(line, "\n");
    ck_assert_msg(len >= 1000 && len < 1100, "a log line of %zu bytes: %.300s", len, line);
    ck_assert_ptr_nonnull(strstr(out, "panelcheck: proxy: HEAD balance HTTP 405"));
    ck_assert_ptr_null(strstr(out, key));
    free(out);
    char *err = tu_slurp(tp(1, "p.err"), NULL);
    ck_assert_ptr_nonnull(strstr(err, "panelcheck proxy: writing "));
    ck_assert_ptr_nonnull(strstr(err, "nodir/rep.json failed"));
    free(err);
}
END_TEST

/* Option values the proxy refuses before it listens. */
START_TEST(test_refused_options)
{
    static const struct {
        const char *opt, *val, *want;
    } rows[] = {
        {"--timeout", "5s", "bad --timeout '5s'"},
        {"--timeout", "600001", "bad --timeout '600001'"},
        {"--listen", "127.0.0.1:70000", "bad --listen '127.0.0.1:70000'"},
        {"--listen", "127.0.0.1:8x", "bad --listen"},
        {"--listen", "a-host-name-far-too-long-for-the-listen-buffer-of-sixty-four-bytes:1",
         "bad --listen"},
        {"--listen", "no-colon", "bad --listen 'no-colon'"},
        {"--listen", "127.0.0.1:-1", "bad --listen '127.0.0.1:-1'"},
        {"--listen", "300.0.0.1:0", "bad --listen '300.0.0.1:0'"},
        {"--report", "json:", "bad option '--report json:'"},
        {"--upstream", "https://127.0.0.1:9/", "cannot listen on 127.0.0.1:"}, /* port in use */
    };
    int busy = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(busy, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(busy, 1), 0);
    socklen_t sl = sizeof(sa);
    getsockname(busy, (struct sockaddr *)&sa, &sl);
    char busy_listen[64];
    snprintf(busy_listen, sizeof(busy_listen), "127.0.0.1:%d", ntohs(sa.sin_port));
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *args[] = {"--listen",  busy_listen,     "--upstream", "http://127.0.0.1:9/",
                              "--dialect", "dripfeedpanel", rows[i].opt,  rows[i].val,
                              NULL};
        int code = tu_run_panelcheck("proxy", args, tp(0, "o"), tp(1, "e"));
        char *err = tu_slurp(tp(1, "e"), NULL);
        ck_assert_msg(code == 2 && strstr(err, rows[i].want), "%s %s: exit %d, %s", rows[i].opt,
                      rows[i].val, code, err);
        free(err);
    }
    close(busy);
    const char *no_dialect[] = {"--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:9/",
                                NULL};
    ck_assert_int_eq(tu_run_panelcheck("proxy", no_dialect, tp(0, "o"), tp(1, "e")), 2);
    char *e2 = tu_slurp(tp(1, "e"), NULL);
    ck_assert_ptr_nonnull(strstr(e2, "and --dialect are required"));
    free(e2);
    const char *help[] = {"-h", NULL};
    ck_assert_int_eq(tu_run_panelcheck("proxy", help, tp(0, "o"), tp(1, "e")), 0);
    char *out = tu_slurp(tp(0, "o"), NULL);
    ck_assert_ptr_nonnull(strstr(out, "usage: panelcheck proxy"));
    free(out);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cov_h2_proxy");
    TCase *tc = tcase_create("proxy");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_traffic_log_report_recording);
    tcase_add_test(tc, test_too_many_keys);
    tcase_add_test(tc, test_long_lines_head_and_report_failure);
    tcase_add_test(tc, test_refused_options);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
