/* tests/unit/test_cov_m_req.c - requests through mock_handle that the suites never sent (found
 * with `make coverage`), one table row each: JSON members of every type and bodies that only
 * look like JSON (handler.c), keys from headers, empty keys, extra actions, query-only posts,
 * per-dialect switch sets, the admin API on every endpoint with the wrong method and from
 * IPv6 loopback; each row asserts the status, the answer and, where the request carried
 * parameters, what the journal recorded of them. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"
#include "panel/har.h"
#include "panel/parse.h"

/* One request and what it must give. */
typedef struct {
    const char *dialect;
    const char *quirks, *faults, *deviate; /* global switch specs, or NULL */
    const char *per_faults, *per_quirks;   /* the dialect's own switch specs, or NULL */
    const char *method;
    const char *path; /* appended to the dialect's prefix; absolute when it starts with "/" */
    const char *headers, *body; /* $K: the first account's key, $P: the key parameter */
    const char *ip;
    int status;          /* 0: the error case's documented code */
    int errcase;         /* the documented error case of the answer, or -1 */
    const char *want;    /* a substring of the answer (with errcase -1), or NULL */
    const char *journal; /* "name=value&!name..." the journal's last entry holds, or NULL */
} req_row;

#define ANY NULL, NULL, NULL, NULL, NULL
#define OK200(w) 200, -1, w

/* Copies t into out with $K and $P replaced by key and key parameter. */
static void expand(const char *t, const char *key, const char *kp, char *out, size_t outsz)
{
    size_t o = 0;
    for (; t && *t && o + 1 < outsz; t++) {
        const char *rep = NULL;
        if (t[0] == '$' && t[1] == 'K')
            rep = key;
        else if (t[0] == '$' && t[1] == 'P')
            rep = kp;
        if (rep) {
            o += (size_t)snprintf(out + o, outsz - o, "%s", rep);
            t++;
        } else {
            out[o++] = *t;
        }
    }
    out[o < outsz ? o : outsz - 1] = '\0';
}

/* Checks the journal's last entry against "name=value&!absent&...". */
static void check_journal(mock_state *s, const char *spec, size_t row)
{
    json_t *arr = mock_journal_json_new(s, NULL);
    ck_assert_uint_gt(json_array_size(arr), 0);
    json_t *params = json_object_get(json_array_get(arr, json_array_size(arr) - 1), "params");
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *save = NULL, *t = strtok_r(buf, "&", &save); t; t = strtok_r(NULL, "&", &save)) {
        if (*t == '!') {
            ck_assert_msg(json_object_get(params, t + 1) == NULL, "row %zu: %s recorded", row,
                          t + 1);
            continue;
        }
        char *eq = strchr(t, '=');
        ck_assert_ptr_nonnull(eq);
        *eq = '\0';
        const char *got = json_string_value(json_object_get(params, t));
        ck_assert_msg(got && strcmp(got, eq + 1) == 0, "row %zu: %s = '%s', want '%s'", row, t,
                      got ? got : "(absent)", eq + 1);
    }
    json_decref(arr);
}

/* Runs one row on a new state. */
static void run_row(const req_row *r, size_t row)
{
    mock_dialect_config per = {
        .dialect = r->dialect, .faults = r->per_faults, .quirks = r->per_quirks};
    mock_config cfg = {.seed = 3,
                       .dialect = r->dialect,
                       .quirks = r->quirks,
                       .faults = r->faults,
                       .deviate = r->deviate,
                       .per = &per,
                       .n_per = 1};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "row %zu: %s", row, err);
    const panel_dialect *d = s->acc[0].d;
    const char *kp = d->key_param ? d->key_param : "key";
    char path[1400], headers[512], body[2048];
    char p[1024];
    expand(r->path, s->acc[0].key, kp, p, sizeof p);
    if (p[0] == '/')
        snprintf(path, sizeof path, "%s", p);
    else
        snprintf(path, sizeof path, "%s%s", s->acc[0].prefix, p);
    expand(r->headers, s->acc[0].key, kp, headers, sizeof headers);
    expand(r->body, s->acc[0].key, kp, body, sizeof body);
    mock_response out;
    ck_assert_int_eq(mock_handle(s, r->method, path, r->headers ? headers : NULL, body,
                                 strlen(body), r->ip, &out),
                     PANEL_E_OK);
    const char *got = out.body.data ? out.body.data : "";
    int want_status = r->status;
    if (!want_status && r->errcase >= 0)
        want_status = d->errors[r->errcase].http ? d->errors[r->errcase].http : 200;
    ck_assert_msg(out.status == want_status, "row %zu %s %s: %d %s", row, r->method, path,
                  out.status, got);
    if (r->errcase >= 0) {
        panel_parse_opts o = {.multi = 0};
        panel_result *res = NULL;
        ck_assert_int_eq(panel_parse(d, PANEL_ACTION_BALANCE, got, out.body.len, &o, &res),
                         PANEL_E_OK);
        ck_assert_msg(tu_is_error_case(d, (panel_errcase)r->errcase, res->error),
                      "row %zu: want %s, got %s", row,
                      panel_errcase_name((panel_errcase)r->errcase), got);
        panel_result_free(res);
    }
    if (r->want)
        ck_assert_msg(strstr(got, r->want) != NULL, "row %zu: want '%s' in %s", row, r->want, got);
    ck_assert_msg(strstr(got, s->acc[0].key) == NULL, "row %zu: the key in the answer", row);
    if (r->journal)
        check_journal(s, r->journal, row);
    mock_response_free(&out);
    mock_state_free(s);
}

#define LO "127.0.0.1"
#define L40 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define LONG L40 L40 L40 L40 /* longer than an admin filter value may be */

START_TEST(request_rows)
{
    static const req_row rows[] = {
        /* JSON members of each type; a body that only starts with white space is JSON */
        {"smmpanelus", ANY, "POST", "", NULL,
         " \n\t\r{\"$P\":\"$K\",\"action\":\"balance\",\"f\":false,\"t\":true,\"n\":null,"
         "\"r\":1.5,\"z\":[1,\"a\",2.5,null,\"b\"]}",
         LO, OK200("\"balance\""), "f=0&t=1&r=1.5&z=1,a,,,b&!n"},
        /* white space only, or text that is not an object: a form without a key */
        {"smmpanelus", ANY, "POST", "", NULL, "  \r\n", LO, 0, PANEL_ERRCASE_BAD_KEY, NULL, NULL},
        {"smmpanelus", ANY, "POST", "", NULL, " x=1", LO, 0, PANEL_ERRCASE_BAD_KEY, NULL, NULL},
        /* an empty key */
        {"smmpanelus", ANY, "POST", "", NULL, "{\"$P\":\"\",\"action\":\"balance\"}", LO, 0,
         PANEL_ERRCASE_BAD_KEY, NULL, NULL},
        /* a rate-limited dialect with no client address */
        {"panel-v2", ANY, "POST", "", NULL, "$P=$K&action=balance", NULL, OK200("\"balance\""),
         NULL},
        /* the key in the dialect's alternative header (no scheme) */
        {"subnoc", ANY, "POST", "", "X-Api-Key: $K", "action=balance", LO, OK200("\"balance\""),
         NULL},
        /* an extra action: its required parameter empty, then given */
        {"notpanel", ANY, "POST", "", NULL, "$P=$K&action=webhook.add&url=", LO, 0,
         PANEL_ERRCASE_MISSING_PARAM, NULL, NULL},
        {"notpanel", ANY, "POST", "", NULL, "$P=$K&action=webhook.add&url=https://example.com/h",
         LO, OK200("whsec_panelmock"), "url=https://example.com/h"},
        /* the parameters in the query string of a POST with no body (not cached) */
        {"smpanelim", ANY, "POST", "?$P=$K&action=balance", NULL, "", LO, OK200("\"balance\""),
         "action=balance"},
        {"smpanelim", ANY, "POST", "?action=%zz", NULL, "", LO, 0, PANEL_ERRCASE_INVALID_PARAM,
         NULL, NULL},
        /* a quirk that may be drawn (a rate) makes the answer uncacheable, not different */
        {"smpanelim", "status_lower=0.000001", NULL, NULL, NULL, NULL, "POST", "", NULL,
         "$P=$K&action=balance", LO, OK200("\"currency\""), NULL},
        /* the dialect's own faults */
        {"smpanelim", NULL, NULL, NULL, "500=1", NULL, "POST", "", NULL, "$P=$K&action=balance", LO,
         500, -1, NULL, NULL},
        /* admin: the bare prefix, IPv6 loopback, no address, wrong methods */
        {"smpanelim", ANY, "GET", "/__panelmock", NULL, "", LO, OK200("/__panelmock/health"), NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/health", NULL, "", "::1", OK200("{\"ok\":true}"),
         NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/health", NULL, "", "::ffff:127.0.0.1",
         OK200("{\"ok\":true}"), NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/health", NULL, "", "::ffff:10.0.0.1", 403, -1,
         "loopback only", NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/health", NULL, "", NULL, 403, -1, "loopback only",
         NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/", NULL, "", LO, 405, -1, "use GET", NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/health", NULL, "", LO, 405, -1, "use GET", NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/state", NULL, "", LO, 405, -1, "use GET", NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/deviations", NULL, "", LO, 405, -1, "use GET",
         NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/advance", NULL, "", LO, 405, -1, "use POST", NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/webhook", NULL, "", LO, 405, -1, "use POST", NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/faults", NULL, "", LO, 405, -1, "use POST", NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/quirks", NULL, "", LO, 405, -1, "use POST", NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/deviate", NULL, "", LO, 405, -1, "use POST", NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/fuzz", NULL, "", LO, 405, -1, "use GET", NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/fuzz/replay", NULL, "", LO, 405, -1, "use GET",
         NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/shutdown", NULL, "", LO, 405, -1, "use POST", NULL},
        /* admin: numbers with a tail or that do not decode, filters too long, refused specs */
        {"smpanelim", ANY, "POST", "/__panelmock/advance?steps=12x", NULL, "", LO, 400, -1,
         "steps must be a number", NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/advance?steps=%zz", NULL, "", LO, 400, -1,
         "steps must be a number", NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/journal?dialect=" LONG, NULL, "", LO, 400, -1,
         "dialect must be a dialect name", NULL},
        {"smpanelim", ANY, "GET", "/__panelmock/journal?action=" LONG, NULL, "", LO, 400, -1,
         "action must be an action name", NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/quirks?spec=nope", NULL, "", LO, 400, -1, "nope",
         NULL},
        {"smpanelim", ANY, "POST", "/__panelmock/deviate?names=nope", NULL, "", LO, 400, -1,
         "unknown deviation nope", NULL},
        /* a refused spec quoting bytes that are not UTF-8: shown as '?' */
        {"smpanelim", ANY, "POST", "/__panelmock/faults?spec=%ff%fe", NULL, "", LO, 400, -1, "??",
         NULL},
        /* the state of a dialect with its own switch sets shows them */
        {"smpanelim", NULL, NULL, NULL, "latency=5ms,500=0.5", "status_lower=1", "GET",
         "/__panelmock/state", NULL, "", LO,
         OK200("\"faults\":{\"latency\":\"5ms\",\"500\":0.5},\"quirks\":{\"status_lower\":1"),
         NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        run_row(&rows[i], i);
}
END_TEST

/* mock_handle's refusals of missing arguments, and a response freed twice or NULL. */
START_TEST(handle_arguments)
{
    mock_config cfg = {.seed = 3, .dialect = "smpanelim"};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    mock_response r;
    ck_assert_int_eq(mock_handle(NULL, "POST", "/x", NULL, "", 0, LO, &r), PANEL_E_INVALID);
    mock_response_free(&r);
    ck_assert_int_eq(mock_handle(s, NULL, "/x", NULL, "", 0, LO, &r), PANEL_E_INVALID);
    mock_response_free(&r);
    ck_assert_int_eq(mock_handle(s, "POST", NULL, NULL, "", 0, LO, &r), PANEL_E_INVALID);
    mock_response_free(&r);
    mock_response_free(NULL);
    /* A NULL body with a length is no body. */
    ck_assert_int_eq(mock_handle(s, "POST", "/smpanelim/api/v2", NULL, NULL, 99, LO, &r),
                     PANEL_E_OK);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body.data, s->acc[0].d->errors[PANEL_ERRCASE_BAD_KEY].message));
    mock_response_free(&r);
    mock_state_free(s);
}
END_TEST

/* Whether a balance answer was cached, with PANELMOCK_NO_CACHE set to env (NULL: unset). */
static int balance_cached(const char *env)
{
    if (env)
        setenv("PANELMOCK_NO_CACHE", env, 1);
    else
        unsetenv("PANELMOCK_NO_CACHE");
    mock_config cfg = {.seed = 3, .dialect = "smpanelim"};
    mock_state *s = NULL;
    char err[256], body[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    snprintf(body, sizeof body, "key=%s&action=balance", s->acc[0].key);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "POST", "/smpanelim/api/v2", NULL, body, strlen(body), LO, &r),
                     PANEL_E_OK);
    ck_assert_int_eq(r.status, 200);
    mock_response_free(&r);
    memset(&r, 0, sizeof r);
    panel_buf_init(&r.body, 1 << 16);
    int hit = mock_cache_get(s, 0, body, strlen(body), &r);
    if (hit)
        ck_assert_ptr_nonnull(strstr(r.body.data, "\"balance\""));
    mock_response_free(&r);
    mock_state_free(s);
    unsetenv("PANELMOCK_NO_CACHE");
    return hit;
}

/* PANELMOCK_NO_CACHE: any value but "" and "0" turns the answer cache off. A cached answer is
 * only found for its own account, version and request bytes (another request in the same
 * slot misses); an empty answer is cached as empty. */
START_TEST(answer_cache)
{
    ck_assert_int_eq(balance_cached(NULL), 1);
    ck_assert_int_eq(balance_cached(""), 1);
    ck_assert_int_eq(balance_cached("0"), 1);
    ck_assert_int_eq(balance_cached("1"), 0);

    mock_config cfg = {.seed = 3, .dialect = "smpanelim"};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    mock_response put, got;
    memset(&put, 0, sizeof put);
    panel_buf_init(&put.body, 1 << 16);
    put.status = 201;
    mock_cache_put(s, 0, "req-a", 5, &put); /* an empty body */
    memset(&got, 0, sizeof got);
    panel_buf_init(&got.body, 1 << 16);
    ck_assert_int_eq(mock_cache_get(s, 0, "req-a", 5, &got), 1);
    ck_assert_int_eq(got.status, 201);
    ck_assert_uint_eq(got.body.len, 0);
    ck_assert_int_eq(mock_cache_get(s, 1, "req-a", 5, &got), 0); /* another account */
    /* requests that share req-a's slot: one of another length, one of the same length */
    char other[16] = "", same[16] = "";
    uint64_t slot = mock_hash("req-a", 5) % 16;
    for (int i = 0; i < 100000 && (!other[0] || !same[0]); i++) {
        char t[16];
        int n = snprintf(t, sizeof t, "r%d", i);
        if (mock_hash(t, (size_t)n) % 16 != slot)
            continue;
        if (n == 5 && !same[0])
            snprintf(same, sizeof same, "%s", t);
        else if (n != 5 && !other[0])
            snprintf(other, sizeof other, "%s", t);
    }
    ck_assert_msg(other[0] && same[0], "no colliding requests found");
    ck_assert_int_eq(mock_cache_get(s, 0, other, strlen(other), &got), 0);
    ck_assert_int_eq(mock_cache_get(s, 0, same, strlen(same), &got), 0);
    s->version++; /* any state change */
    ck_assert_int_eq(mock_cache_get(s, 0, "req-a", 5, &got), 0);
    mock_response_free(&got);
    mock_response_free(&put);
    mock_state_free(s);
}
END_TEST

/* Writes a HAR recording of smpanelim requests (the key masked as recordings mask it) with
 * entries (a JSON array text) to a new temporary file named in path[64]. */
static void write_har(char *path, const char *entries)
{
    snprintf(path, 64, "/tmp/panel-cov-m-har-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "{\"log\":{\"version\":\"1.2\",\"entries\":%s}}", entries);
    ck_assert_int_eq(fclose(f), 0);
}

#define HAR_ENTRY(params, status, headers, text)                                                   \
    "{\"request\":{\"method\":\"POST\",\"url\":\"http://127.0.0.1:1/smpanelim/api/v2\","           \
    "\"headers\":[],\"postData\":{\"mimeType\":\"application/x-www-form-urlencoded\","             \
    "\"text\":\"key=" PANEL_HAR_KEY_MASK "&" params "\"}},\"response\":{\"status\":" status        \
    ",\"statusText\":\"\",\"headers\":[" headers "],\"content\":{\"mimeType\":"                    \
    "\"application/json\",\"text\":\"" text "\"}}}"

/* --replay: a recorded answer with its Retry-After, one recorded without an answer (502), a
 * request the recording does not hold and one to no dialect (404 naming the closest; the key
 * on no output), a request of too many parameters (400); an empty or missing recording is refused
 * at start. */
START_TEST(replay_answers)
{
    char har[64];
    write_har(har,
              "[" HAR_ENTRY("action=balance", "429", "{\"name\":\"Retry-After\",\"value\":\"7\"}",
                            "{\\\"error\\\":\\\"slow down\\\"}") "," HAR_ENTRY("action=services",
                                                                               "0", "", "") "]");
    mock_config cfg = {.seed = 3, .dialect = "smpanelim", .replay = har};
    mock_state *s = NULL;
    char err[512];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    static const struct {
        const char *path, *headers, *body;
        int status;
        const char *want;
    } rows[] = {
        {"/smpanelim/api/v2", NULL, "key=$K&action=balance", 429, "slow down"},
        {"/smpanelim/api/v2", NULL, "key=$K&action=services", 502, "recorded without an answer"},
        {"/smpanelim/api/v2", NULL, "key=$K&action=status&order=1", 404,
         "no recorded exchange matches"},
        {"/elsewhere", NULL, "key=$K&action=balance", 404, "closest recorded request"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char body[512];
        expand(rows[i].body, s->acc[0].key, "key", body, sizeof body);
        mock_response r;
        char log[] = "/tmp/panel-cov-m-stderr-XXXXXX";
        int fd = mkstemp(log), saved = dup(2);
        ck_assert(fd >= 0 && saved >= 0);
        fflush(stderr);
        dup2(fd, 2);
        ck_assert_int_eq(
            mock_handle(s, "POST", rows[i].path, rows[i].headers, body, strlen(body), LO, &r),
            PANEL_E_OK);
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        char said[4096];
        ssize_t n = pread(fd, said, sizeof said - 1, 0);
        said[n > 0 ? n : 0] = '\0';
        close(fd);
        unlink(log);
        /* also for a path of no dialect, whose key nothing else masks */
        ck_assert_msg(strstr(said, s->acc[0].key) == NULL, "row %zu: the key on stderr: %s", i,
                      said);
        ck_assert_msg(strstr(r.body.data ? r.body.data : "", s->acc[0].key) == NULL,
                      "row %zu: the key in the answer", i);
        const char *got = r.body.data ? r.body.data : "";
        ck_assert_msg(r.status == rows[i].status && strstr(got, rows[i].want) != NULL,
                      "row %zu: %d %s", i, r.status, got);
        if (i == 0) {
            ck_assert_int_eq(r.n_headers, 1);
            ck_assert_str_eq(r.header_name[0], "Retry-After");
            ck_assert_str_eq(r.header_value[0], "7");
        }
        mock_response_free(&r);
    }
    /* more parameters than a recording's request may hold: unreadable */
    char many[4096] = "action=balance";
    for (int i = 0; i < (int)PANEL_HAR_MAX_PARAMS; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "&p%d=1", i);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "POST", "/smpanelim/api/v2", NULL, many, strlen(many), LO, &r),
                     PANEL_E_OK);
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body.data, "panelmock replay: unreadable request"));
    mock_response_free(&r);
    mock_state_free(s);
    unlink(har);
    write_har(har, "[]");
    cfg.replay = har;
    ck_assert_int_eq(mock_state_new(&cfg, &s, err, sizeof err), PANEL_E_USAGE);
    ck_assert_msg(strstr(err, "the recording has no entries") != NULL, "%s", err);
    unlink(har);
    cfg.replay = "/nonexistent/panel.har";
    ck_assert_int_eq(mock_state_new(&cfg, &s, err, sizeof err), PANEL_E_USAGE);
    ck_assert_str_eq(err, "--replay /nonexistent/panel.har: cannot open");
}
END_TEST

#define MP_PART(disp, value)                                                                       \
    "--XyZ\r\nContent-Disposition: form-data; " disp "\r\n\r\n" value "\r\n"

/* multipart/form-data bodies: a boundary past 70 bytes, names after other name-like
 * parameters, a body that ends at a delimiter, a value running into the next delimiter. */
START_TEST(multipart_rows)
{
    static const struct {
        const char *ctype, *body;
        panel_err rc;
        const char *pairs;
    } rows[] = {
        {"multipart/form-data; boundary=" L40 L40, MP_PART("name=\"a\"", "1") "--XyZ--",
         PANEL_E_PARSE, ""},
        {"multipart/form-data; boundary=XyZ", MP_PART("xname=\"no\"; name=\"a\"", "1") "--XyZ--",
         PANEL_E_OK, "a=1;"},
        {"multipart/form-data; boundary=XyZ", MP_PART("xname=\"no\"", "1") "--XyZ--", PANEL_E_PARSE,
         ""},
        {"multipart/form-data; boundary=XyZ", "--XyZ", PANEL_E_PARSE, ""},
        {"multipart/form-data; boundary=XyZ", MP_PART("name=\"a\"", "1") "--XyZ", PANEL_E_PARSE,
         ""},
        {"multipart/form-data; boundary=XyZ",
         "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n--XyZ--", PANEL_E_PARSE, ""},
        {"multipart/form-data; boundary=XyZ",
         "--XyZ\r\nContent-Disposition: form-data; name=\"" L40 L40 L40 L40 L40 L40 L40
         "\"\r\n\r\n1\r\n--XyZ--",
         PANEL_E_PARSE, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_form f;
        panel_form_init(&f, 8);
        panel_err rc = mock_multipart_decode(&f, rows[i].ctype, rows[i].body, strlen(rows[i].body));
        char got[256] = "";
        for (size_t k = 0; k < f.count; k++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s=%s;", f.pairs[k].name,
                     f.pairs[k].value);
        panel_form_free(&f);
        ck_assert_msg(rc == rows[i].rc, "row %zu: %s", i, panel_err_name(rc));
        if (rc == PANEL_E_OK)
            ck_assert_str_eq(got, rows[i].pairs);
    }
}
END_TEST

static Suite *cov_m_req_suite(void)
{
    Suite *s = suite_create("cov_m_req");
    TCase *tc = tcase_create("requests");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, request_rows);
    tcase_add_test(tc, handle_arguments);
    tcase_add_test(tc, answer_cache);
    tcase_add_test(tc, replay_answers);
    tcase_add_test(tc, multipart_rows);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(cov_m_req_suite());
}
