/* test_harness_cli.c - panelcheck run's outcomes and command line end to end: short keys never
 * corrupt any output, SIGTERM/SIGINT leave complete reports and exit 143/130, --deadline,
 * proxy variables ignored for loopback, a blocked services list skips (never passes) what
 * depends on it, --strict, --version, unknown options, --report json:-. */
#include <arpa/inet.h>
#include <check.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "commands.h"
#include "panel/dialect.h"
#include "panel/version.h"
#include "testutil.h"

static char tmpdir[256];

/* Path of a file in the test's temporary directory (static buffer per slot). */
static const char *tmp(int slot, const char *name)
{
    static char paths[8][512];
    snprintf(paths[slot], sizeof(paths[slot]), "%s/%s", tmpdir, name);
    return paths[slot];
}

/* Runs `panelcheck run ARGS...` in a child (stdout/stderr to files, env NAME=VALUE pairs set
 * first); with sig, sends it after after_ms. Returns the exit code. */
static int run_cli_env(const char *const *args, const char *const *env, int sig, long after_ms)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (!freopen(tmp(0, "out"), "w", stdout) || !freopen(tmp(1, "err"), "w", stderr))
            _exit(99);
        for (size_t i = 0; env && env[i]; i += 2)
            setenv(env[i], env[i + 1], 1);
        char *argv[64];
        int argc = 0;
        argv[argc++] = "run";
        for (size_t i = 0; args[i] && argc < 63; i++)
            argv[argc++] = (char *)args[i];
        argv[argc] = NULL;
        int code = cmd_run(argc, argv);
        fflush(stdout);
        fflush(stderr);
        exit(code);
    }
    if (sig) {
        struct timespec ts = {after_ms / 1000, (after_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, sig);
    }
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_int_eq(WIFEXITED(st), 1);
    return WEXITSTATUS(st);
}

/* Loads a JSON report (asserting it parses). */
static json_t *load(const char *path)
{
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    if (!j)
        ck_abort_msg("%s is not a valid JSON report: %s", path, e.text);
    return j;
}

/* Starts the reference provider of dripfeedpanel (tests/providers/, written from document 000
 * alone) with key on a free port; writes its endpoint into url; returns its pid. */
static pid_t start_provider(const char *key, char *url, size_t urlsz)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        char script[600];
        snprintf(script, sizeof(script), "%s/tests/providers/dripfeedpanel.py", PANEL_SOURCE_DIR);
        execl("/usr/bin/python3", "python3", script, "--port", "0", "--key", key, "--key2",
              "second-account", "--seed", "1", (char *)NULL);
        _exit(99);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    char line[512];
    url[0] = '\0';
    for (int i = 0; i < 2 && f && fgets(line, sizeof(line), f); i++)
        if (!strncmp(line, "endpoint ", 9)) {
            line[strcspn(line, "\r\n")] = '\0';
            snprintf(url, urlsz, "%s", line + 9);
        }
    if (f)
        fclose(f);
    if (!url[0]) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        ck_abort_msg("the reference provider did not start");
    }
    return pid;
}

static const char *const SHORT_KEYS[] = {"x", "127", "api", "services"};

/* Keys that are substrings of ordinary text leave ids, endpoints and the outputs intact, against
 * a reference provider (the mock's own masking is the mock's business). */
START_TEST(test_short_keys)
{
    const char *key = SHORT_KEYS[_i];
    char url[512], rj[600], rx[600], rm[600];
    pid_t prov = start_provider(key, url, sizeof(url));
    snprintf(rj, sizeof(rj), "json:%s", tmp(2, "short.json"));
    snprintf(rx, sizeof(rx), "junit:%s", tmp(3, "short.xml"));
    snprintf(rm, sizeof(rm), "md:%s", tmp(4, "short.md"));
    const char *args[] = {"--url",    url, "--dialect",  "dripfeedpanel",
                          "--key",    key, "--key2",     "second-account",
                          "--report", rj,  "--report",   rx,
                          "--report", rm,  "--no-color", NULL};
    int code = run_cli_env(args, NULL, 0, 0);
    kill(prov, SIGTERM);
    waitpid(prov, NULL, 0);
    char *out = tu_slurp(tmp(0, "out"), NULL);
    if (code != 0)
        fprintf(stderr, "key %s:\n%s", key, out);
    ck_assert_int_eq(code, 0);
    ck_assert_ptr_null(strstr(out, "$PANEL_KEY")); /* nothing of ours was masked */
    free(out);
    json_t *j = load(tmp(2, "short.json"));
    ck_assert_ptr_nonnull(
        strstr(json_string_value(json_object_get(j, "endpoint")), "http://127.0.0.1:"));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(j, "checks"), i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        if (!check_catalogue_find(id))
            ck_abort_msg("key %s: check id '%s' is not in the catalogue", key, id);
        const char *msg = json_string_value(json_object_get(c, "message"));
        if (strstr(msg, "$PANEL_KEY"))
            ck_abort_msg("key %s corrupted the message of %s: %s", key, id, msg);
    }
    json_decref(j);
    for (int f = 3; f <= 4; f++) { /* $PANEL_KEY only where reproduce commands send it */
        char *s = tu_slurp(tmp(f, f == 3 ? "short.xml" : "short.md"), NULL);
        size_t all = 0, sent = 0;
        for (const char *p = strstr(s, "$PANEL_KEY"); p; p = strstr(p + 1, "$PANEL_KEY"))
            all++;
        for (const char *p = strstr(s, "key=$PANEL_KEY"); p; p = strstr(p + 1, "key=$PANEL_KEY"))
            sent++;
        ck_assert_uint_eq(all, sent);
        free(s);
    }
}
END_TEST

/* A signal mid-run leaves complete reports marked interrupted and exits 128 + signal. */
START_TEST(test_interrupted)
{
    int sig = _i ? SIGINT : SIGTERM;
    char rj[600], rx[600];
    snprintf(rj, sizeof(rj), "json:%s", tmp(2, "int.json"));
    snprintf(rx, sizeof(rx), "junit:%s", tmp(3, "int.xml"));
    const char *args[] = {
        "--dialect", "all", "--mock-faults", "latency=40ms", "--report", rj, "--report", rx, NULL};
    int code = run_cli_env(args, NULL, sig, 700);
    ck_assert_int_eq(code, 128 + sig);
    json_t *j = load(tmp(2, "int.json"));
    ck_assert(json_is_true(json_object_get(j, "interrupted")));
    ck_assert_str_eq(json_string_value(json_object_get(j, "interrupted_by")),
                     sig == SIGINT ? "SIGINT" : "SIGTERM");
    ck_assert_int_gt(json_array_size(json_object_get(j, "checks")), 0);
    json_decref(j);
    char *x = tu_slurp(tmp(3, "int.xml"), NULL);
    ck_assert_ptr_nonnull(strstr(x, "</testsuites>"));
    free(x);
    ck_assert_int_ne(access(tmp(4, "int.json.tmp"), F_OK), 0);
}
END_TEST

/* --deadline ends the run on time, writes the reports and exits 3. */
START_TEST(test_deadline)
{
    char rj[600];
    snprintf(rj, sizeof(rj), "json:%s", tmp(2, "dl.json"));
    const char *args[] = {"--dialect",    "all",        "--mock-faults",
                          "latency=40ms", "--deadline", "1",
                          "--report",     rj,           NULL};
    time_t t0 = time(NULL);
    int code = run_cli_env(args, NULL, 0, 0);
    ck_assert_int_le(time(NULL) - t0, 4);
    ck_assert_int_eq(code, 3);
    json_t *j = load(tmp(2, "dl.json"));
    ck_assert_str_eq(json_string_value(json_object_get(j, "interrupted_by")), "deadline");
    ck_assert_int_gt(
        json_integer_value(json_object_get(
            json_object_get(json_object_get(j, "summary"), "skipped_by_kind"), "interrupted")),
        0);
    json_decref(j);
}
END_TEST

/* Proxy variables never apply to a loopback URL (with or without --proxy). */
START_TEST(test_proxy_ignored_for_loopback)
{
    char proxy[64];
    snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%d", tu_dead_port());
    const char *env[] = {"http_proxy", proxy, "HTTP_PROXY", proxy, "https_proxy", proxy,
                         "ALL_PROXY",  proxy, "all_proxy",  proxy, NULL};
    const char *plain[] = {"--dialect", "smpanelim", NULL};
    ck_assert_int_eq(run_cli_env(plain, env, 0, 0), 0);
    const char *with[] = {"--dialect", "smpanelim", "--proxy", NULL};
    ck_assert_int_eq(run_cli_env(with, env, 0, 0), 0);
}
END_TEST

/* With the services list unreadable, the checks that read it are skipped as blocked by
 * services.shape, never passed; --strict then fails the run. */
START_TEST(test_blocked_never_passes)
{
    char rj[600];
    snprintf(rj, sizeof(rj), "json:%s", tmp(2, "blk.json"));
    const char *args[] = {
        "--dialect", "dripfeedpanel", "--mock-deviate", "services_invalid_json", "--report", rj,
        NULL};
    ck_assert_int_eq(run_cli_env(args, NULL, 0, 0), 1);
    json_t *j = load(tmp(2, "blk.json"));
    size_t i, blocked = 0;
    json_t *c;
    json_array_foreach(json_object_get(j, "checks"), i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        const char *st = json_string_value(json_object_get(c, "status"));
        if (!strcmp(id, "services.fields") || !strcmp(id, "services.min_le_max") ||
            !strcmp(id, "services.rate_decimal") || !strcmp(id, "services.types_known") ||
            !strncmp(id, "add.", 4)) {
            ck_assert_str_eq(st, "skip");
            ck_assert_str_eq(json_string_value(json_object_get(c, "skip_kind")), "blocked");
            ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(c, "message")),
                                         "blocked by services.shape"));
            blocked++;
        }
    }
    ck_assert_uint_ge(blocked, 5);
    json_decref(j);
}
END_TEST

/* A warning alone exits 0; --strict makes it exit 1. */
START_TEST(test_strict)
{
    const char *args[] = {"--dialect", "dripfeedpanel", "--mock-deviate", "error_wrong_message",
                          NULL};
    ck_assert_int_eq(run_cli_env(args, NULL, 0, 0), 0);
    char *out = tu_slurp(tmp(0, "out"), NULL);
    ck_assert_ptr_nonnull(strstr(out, "WARN "));
    ck_assert_ptr_nonnull(strstr(out, "skipped by kind:"));
    free(out);
    const char *strict[] = {"--dialect",           "dripfeedpanel", "--mock-deviate",
                            "error_wrong_message", "--strict",      NULL};
    ck_assert_int_eq(run_cli_env(strict, NULL, 0, 0), 1);
}
END_TEST

/* --version, unknown options listing the valid ones, --report json:- on stdout. */
START_TEST(test_command_line)
{
    const char *v[] = {"--version", NULL};
    ck_assert_int_eq(run_cli_env(v, NULL, 0, 0), 0);
    char *out = tu_slurp(tmp(0, "out"), NULL);
    ck_assert_ptr_nonnull(strstr(out, "panelcheck "));
    free(out);
    const char *bad[] = {"--dialect", "smpanelim", "--stirct", NULL};
    ck_assert_int_eq(run_cli_env(bad, NULL, 0, 0), 2);
    char *err = tu_slurp(tmp(1, "err"), NULL);
    ck_assert_ptr_nonnull(strstr(err, "unknown option '--stirct'"));
    ck_assert_ptr_nonnull(strstr(err, "--strict"));
    free(err);
    const char *js[] = {"--dialect", "smpanelim", "--report", "json:-", NULL};
    ck_assert_int_eq(run_cli_env(js, NULL, 0, 0), 0);
    json_t *j = load(tmp(0, "out"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "run"), "version")),
                     panel_version());
    ck_assert_ptr_nonnull(json_object_get(j, "dialect_hash"));
    json_decref(j);
}
END_TEST

/* A provider that answers its first request (the services list) and then never again: it
 * accepts and holds every later connection without answering, for at most 10 s. */
typedef struct {
    int fd;
    int held[64];
    int n_held;
} silent_peer;

/* Serves one answer, then holds connections silently. */
static void *silent_main(void *ud)
{
    silent_peer *p = ud;
    static const char body[] = "[{\"service\":1,\"name\":\"F\",\"type\":\"Default\","
                               "\"category\":\"c\",\"rate\":\"0.90\",\"min\":\"50\","
                               "\"max\":\"100\",\"refill\":true}]";
    time_t t0 = time(NULL);
    for (int i = 0; i < 64 && time(NULL) - t0 < 10; i++) {
        int c = accept(p->fd, NULL, NULL);
        if (c < 0)
            break;
        if (i == 0) {
            char buf[4096];
            (void)!read(c, buf, sizeof(buf));
            char head[256];
            int n = snprintf(head, sizeof(head),
                             "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                             sizeof(body) - 1);
            (void)!write(c, head, (size_t)n);
            (void)!write(c, body, sizeof(body) - 1);
            close(c);
            continue;
        }
        p->held[p->n_held++] = c;
    }
    return NULL;
}

/* An endpoint that stops answering mid-run ends the run quickly with exit 3. */
START_TEST(test_peer_dies_mid_run)
{
    silent_peer p = {0};
    p.fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(p.fd, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(p.fd, (struct sockaddr *)&a, sizeof(a)), 0);
    socklen_t al = sizeof(a);
    ck_assert_int_eq(getsockname(p.fd, (struct sockaddr *)&a, &al), 0);
    ck_assert_int_eq(listen(p.fd, 64), 0);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, silent_main, &p), 0);
    char url[128], rj[600];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v2", ntohs(a.sin_port));
    snprintf(rj, sizeof(rj), "json:%s", tmp(2, "dead.json"));
    const char *args[] = {"--url",     url,         "--key",     "0123456789abcdef0123456789abcdef",
                          "--dialect", "smpanelim", "--timeout", "400",
                          "--report",  rj,          NULL};
    time_t t0 = time(NULL);
    int code = run_cli_env(args, NULL, 0, 0);
    time_t took = time(NULL) - t0;
    shutdown(p.fd, SHUT_RDWR);
    close(p.fd);
    pthread_join(th, NULL);
    for (int i = 0; i < p.n_held; i++)
        close(p.held[i]);
    ck_assert_int_eq(code, 3);
    ck_assert_int_le(took, 4); /* two timeouts, not one per remaining request */
    json_t *j = load(tmp(2, "dead.json"));
    ck_assert(json_is_true(json_object_get(j, "unreachable")));
    json_decref(j);
}
END_TEST

int main(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/panelcheck-cli-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 2;
    Suite *s = suite_create("harness_cli");
    TCase *t = tcase_create("run");
    tcase_set_timeout(t, 120);
    tcase_add_loop_test(t, test_short_keys, 0, sizeof(SHORT_KEYS) / sizeof(SHORT_KEYS[0]));
    tcase_add_loop_test(t, test_interrupted, 0, 2);
    tcase_add_test(t, test_deadline);
    tcase_add_test(t, test_proxy_ignored_for_loopback);
    tcase_add_test(t, test_blocked_never_passes);
    tcase_add_test(t, test_strict);
    tcase_add_test(t, test_command_line);
    tcase_add_test(t, test_peer_dies_mid_run);
    suite_add_tcase(s, t);
    int failed = tu_run(s);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return failed ? 1 : 0;
}
