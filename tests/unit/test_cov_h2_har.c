/* test_cov_h2_har.c - the HAR writer (harness/har.c) on every kind of exchange, read back as
 * JSON and replayed: secrets masked in each of their three encodings, userinfo, query strings,
 * secret headers, binary bodies as base64 (both paddings), a transport failure with its error,
 * odd exchanges (no scheme, header names as long as the secret ones, a form body that does
 * not decode, status lines without a reason or with a long one), the secrets' cap, write
 * failures (a missing directory, /dev/full, a directory) and the
 * replay's answers (found, recorded without an answer, nothing close, an unreadable request, a
 * body over the caller's cap). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "har.h"
#include "panel/form.h"

#define KEY "k y\"&/z9"
#define KEY_FORM "k+y%22%26%2Fz9" /* KEY form-encoded */
#define URL_BASE "http://127.0.0.1:9/api/v2"
#define FORM_CT "application/x-www-form-urlencoded"

/* One exchange to record and what the HAR must then say about it. */
typedef struct {
    const char *what;
    const char *url;
    const char *req_headers;
    const char *req_ct;
    const char *body; /* NULL: no postData */
    http_outcome outcome;
    long status;
    const char *resp_body;
    size_t resp_len;
    const char *resp_headers;
    const char *want_url;
    const char *want_status_text;
    const char *want_text;     /* response.content.text */
    const char *want_encoding; /* NULL: none */
    const char *want_error;    /* response._error; NULL: none */
    const char *want_post;     /* request.postData.text; NULL: no postData */
} rec_row;

static const rec_row rows[] = {
    {"userinfo and query masked", "http://u:pw@127.0.0.1:9/api/v2?key=" KEY_FORM "&action=status",
     "Authorization: Bearer " KEY "\r\nCookie: c=1\r\nProxy-Authorization: Basic x\r\n"
     "X-Echo:\t " KEY "\r\nno colon here\r\n",
     NULL, NULL, HTTP_OK, 200, "{\"status\":\"ok\"}", 15,
     "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 Quite OK\r\nContent-Type: application/json\r\n",
     "http://$PANEL_USERINFO@127.0.0.1:9/api/v2?key=$PANEL_KEY&action=status", "Quite OK",
     "{\"status\":\"ok\"}", NULL, NULL, NULL},
    {"binary body, one byte over", URL_BASE, NULL, FORM_CT, "action=balance", HTTP_OK, 200,
     "\xff\xfe\x01\x02", 4, "HTTP/1.1 200\r\nRetry-After: 3\r\n", URL_BASE, "",
     "//4BAg==", "base64", NULL, "action=balance"},
    {"binary body, two bytes over", URL_BASE, NULL, FORM_CT, "action=services", HTTP_OK, 200,
     "\xff\xfe\x01\x02\x03", 5, NULL, URL_BASE, "", "//4BAgM=", "base64", NULL, "action=services"},
    {"transport failure", URL_BASE, NULL, "application/json", "{\"action\":\"add\"}", HTTP_TIMEOUT,
     0, "", 0, NULL, URL_BASE, "", "", NULL, "timed out after 5 ms, key " KEY,
     "{\"action\":\"add\"}"},
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

/* A temporary file name for this process (removed by the caller). */
static void tmp_path(char *out, size_t n, const char *tag)
{
    snprintf(out, n, "/tmp/test_cov_h2_har.%ld.%s", (long)getpid(), tag);
}

/* Records every row into a new log with KEY as its secret. */
static har_log *record_rows(void)
{
    har_log *l = NULL;
    ck_assert_int_eq(har_log_new(&l), PANEL_E_OK);
    ck_assert_int_eq(har_log_add_key(l, KEY), PANEL_E_OK);
    for (size_t i = 0; i < N_ROWS; i++) {
        const rec_row *w = &rows[i];
        http_response r = {.outcome = w->outcome, .status = w->status, .elapsed_ms = 1.5};
        panel_buf_init(&r.body, 1024);
        ck_assert_int_eq(panel_buf_append(&r.body, w->resp_body, w->resp_len), PANEL_E_OK);
        snprintf(r.content_type, sizeof(r.content_type), "application/json");
        snprintf(r.error, sizeof(r.error), "%s", w->want_error ? w->want_error : "");
        ck_assert_int_eq(har_log_add(l, "POST", w->url, w->req_headers, w->req_ct, w->body,
                                     w->body ? strlen(w->body) : 0, &r, w->resp_headers,
                                     1764547200123.0),
                         PANEL_E_OK);
        http_response_free(&r);
    }
    ck_assert_uint_eq(har_log_count(l), N_ROWS);
    return l;
}

/* The string member at a.b.c of o (NULL when any is missing). */
static const char *str_at(json_t *o, const char *a, const char *b, const char *c)
{
    json_t *v = json_object_get(o, a);
    v = b ? json_object_get(v, b) : v;
    v = c ? json_object_get(v, c) : v;
    return json_string_value(v);
}

/* The value of the header (or pair) named name in a HAR name/value array (NULL: none). */
static const char *pair_value(json_t *arr, const char *name)
{
    size_t i;
    json_t *h;
    json_array_foreach(arr, i, h)
    {
        if (!strcmp(json_string_value(json_object_get(h, "name")), name))
            return json_string_value(json_object_get(h, "value"));
    }
    return NULL;
}

START_TEST(test_recorded_rows_read_back)
{
    har_log *l = record_rows();
    char path[256];
    tmp_path(path, sizeof(path), "har");
    ck_assert_int_eq(har_log_write(l, path, "test_cov_h2"), PANEL_E_OK);
    har_log_free(l);
    size_t n = 0;
    char *text = tu_slurp(path, &n);
    ck_assert_ptr_null(strstr(text, "k y")); /* the key in no form */
    ck_assert_ptr_null(strstr(text, "Bearer"));
    json_error_t je;
    json_t *root = json_loadb(text, n, 0, &je);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(str_at(root, "log", "version", NULL), "1.2");
    ck_assert_str_eq(str_at(root, "log", "creator", "name"), "test_cov_h2");
    json_t *ents = json_object_get(json_object_get(root, "log"), "entries");
    ck_assert_uint_eq(json_array_size(ents), N_ROWS);
    for (size_t i = 0; i < N_ROWS; i++) {
        const rec_row *w = &rows[i];
        json_t *e = json_array_get(ents, i);
        ck_assert_msg(!strcmp(str_at(e, "request", "url", NULL), w->want_url), "%s: url %s",
                      w->what, str_at(e, "request", "url", NULL));
        ck_assert_str_eq(str_at(e, "startedDateTime", NULL, NULL), "2025-12-01T00:00:00.123Z");
        json_t *rs = json_object_get(e, "response");
        ck_assert_msg(!strcmp(str_at(rs, "statusText", NULL, NULL), w->want_status_text),
                      "%s: statusText '%s'", w->what, str_at(rs, "statusText", NULL, NULL));
        ck_assert_int_eq(json_integer_value(json_object_get(rs, "status")), w->status);
        ck_assert_str_eq(str_at(rs, "content", "text", NULL), w->want_text);
        if (w->want_encoding)
            ck_assert_str_eq(str_at(rs, "content", "encoding", NULL), w->want_encoding);
        else
            ck_assert_ptr_null(json_object_get(json_object_get(rs, "content"), "encoding"));
        ck_assert_int_eq(json_integer_value(json_object_get(rs, "bodySize")), (long)w->resp_len);
        if (w->want_error) {
            ck_assert_ptr_nonnull(strstr(str_at(rs, "_error", NULL, NULL), "timed out"));
            ck_assert_ptr_nonnull(strstr(str_at(rs, "_error", NULL, NULL), PANEL_HAR_KEY_MASK));
        } else {
            ck_assert_ptr_null(json_object_get(rs, "_error"));
        }
        json_t *rq = json_object_get(e, "request");
        if (w->want_post) {
            ck_assert_str_eq(str_at(rq, "postData", "text", NULL), w->want_post);
            ck_assert_int_eq(json_integer_value(json_object_get(rq, "bodySize")),
                             (long)strlen(w->want_post));
        } else {
            ck_assert_ptr_null(json_object_get(rq, "postData"));
            ck_assert_int_eq(json_integer_value(json_object_get(rq, "bodySize")), 0);
        }
    }
    /* the first row: secret headers, masked values, the query string, no colon skipped */
    json_t *rq0 = json_object_get(json_array_get(ents, 0), "request");
    json_t *hs = json_object_get(rq0, "headers");
    ck_assert_uint_eq(json_array_size(hs), 4);
    ck_assert_str_eq(pair_value(hs, "Authorization"), "$PANEL_SECRET");
    ck_assert_str_eq(pair_value(hs, "Cookie"), "$PANEL_SECRET");
    ck_assert_str_eq(pair_value(hs, "Proxy-Authorization"), "$PANEL_SECRET");
    ck_assert_str_eq(pair_value(hs, "X-Echo"), PANEL_HAR_KEY_MASK);
    json_t *qs = json_object_get(rq0, "queryString");
    ck_assert_uint_eq(json_array_size(qs), 2);
    ck_assert_str_eq(pair_value(qs, "key"), PANEL_HAR_KEY_MASK);
    ck_assert_str_eq(pair_value(qs, "action"), "status");
    /* the response headers skip both status lines */
    json_t *rh = json_object_get(json_object_get(json_array_get(ents, 0), "response"), "headers");
    ck_assert_uint_eq(json_array_size(rh), 1);
    ck_assert_str_eq(pair_value(rh, "Content-Type"), "application/json");
    /* a form body's params are decoded */
    json_t *pp = json_object_get(
        json_object_get(json_object_get(json_array_get(ents, 1), "request"), "postData"), "params");
    ck_assert_str_eq(pair_value(pp, "action"), "balance");
    json_decref(root);
    free(text);
    unlink(path);
}
END_TEST

/* The key in its form-encoded and JSON-escaped forms is masked in bodies too. */
START_TEST(test_key_masked_in_every_encoding)
{
    har_log *l = NULL;
    ck_assert_int_eq(har_log_new(&l), PANEL_E_OK);
    ck_assert_int_eq(har_log_add_key(l, KEY), PANEL_E_OK);
    ck_assert_int_eq(har_log_add_key(l, KEY), PANEL_E_OK); /* known: not added twice */
    ck_assert_int_eq(har_log_add_key(l, ""), PANEL_E_OK);
    ck_assert_int_eq(har_log_add_key(l, NULL), PANEL_E_OK);
    panel_buf fe, body;
    panel_buf_init(&fe, 1024);
    panel_buf_init(&body, 4096);
    ck_assert_int_eq(panel_form_escape(&fe, KEY, strlen(KEY)), PANEL_E_OK);
    ck_assert_int_eq(panel_buf_printf(&body, "key=%s&action=balance", fe.data), PANEL_E_OK);
    panel_buf je;
    panel_buf_init(&je, 1024);
    ck_assert_int_eq(panel_buf_json_string(&je, KEY, strlen(KEY)), PANEL_E_OK);
    http_response r = {.outcome = HTTP_OK, .status = 200};
    panel_buf_init(&r.body, 1024);
    ck_assert_int_eq(panel_buf_printf(&r.body, "{\"echo\":%s}", je.data), PANEL_E_OK);
    ck_assert_int_eq(
        har_log_add(l, "POST", URL_BASE, NULL, FORM_CT, body.data, body.len, &r, NULL, 0.0),
        PANEL_E_OK);
    char path[256];
    tmp_path(path, sizeof(path), "mask");
    ck_assert_int_eq(har_log_write(l, path, "t"), PANEL_E_OK);
    char *text = tu_slurp(path, NULL);
    ck_assert_ptr_null(strstr(text, fe.data));
    ck_assert_ptr_null(strstr(text, "z9"));
    json_t *root = json_loads(text, 0, NULL);
    json_t *e = json_array_get(json_object_get(json_object_get(root, "log"), "entries"), 0);
    const char *pt = str_at(json_object_get(e, "request"), "postData", "text", NULL);
    ck_assert_str_eq(pt, "key=" PANEL_HAR_KEY_MASK "&action=balance");
    ck_assert_str_eq(str_at(e, "response", "content", "text"),
                     "{\"echo\":\"" PANEL_HAR_KEY_MASK "\"}");
    json_decref(root);
    free(text);
    unlink(path);
    panel_buf_free(&fe);
    panel_buf_free(&je);
    panel_buf_free(&body);
    http_response_free(&r);
    har_log_free(l);
}
END_TEST

/* One more exchange of an odd shape and what its HAR entry must say. */
typedef struct {
    const char *what;
    const char *url, *req_headers, *req_ct, *body, *resp_headers;
    const char *want_url, *want_status_text;
    size_t want_req_headers, want_params;
    const char *want_mime; /* request.postData.mimeType */
} odd_row;

static const odd_row ODD[] = {
    {"no scheme, names as long as the secret ones", "127.0.0.1:9/api/v2",
     "Authorisation: a\r\nProxy-Authorisation: b\r\nCookies: c\r\n", NULL, "action=balance",
     "HTTP/1.1 200\r\nVia: 1.1 HTTP/1.1 cache\r\n", "127.0.0.1:9/api/v2", "", 3, 0, ""},
    {"a form body that does not decode", URL_BASE, NULL, FORM_CT, "a=%zz&b", "HTTP/1.1\r\n",
     URL_BASE, "", 0, 0, FORM_CT},
    {"a JSON body: no params", URL_BASE, NULL, "application/json", "{\"a\": 1}",
     "HTTP/1.1 200 "
     "A-reason-phrase-longer-than-the-status-text-buffer-of-one-hundred-and-twenty-eight-bytes-"
     "so-it-is-cut-at-the-end-of-the-buffer-xxxxxxxxxxxxxxxxxxx\r\n",
     URL_BASE, NULL, 0, 0, "application/json"},
};

START_TEST(test_odd_exchanges)
{
    har_log *l = NULL;
    ck_assert_int_eq(har_log_new(&l), PANEL_E_OK);
    size_t n = sizeof(ODD) / sizeof(ODD[0]);
    for (size_t i = 0; i < n; i++) {
        http_response r = {.outcome = HTTP_OK, .status = 200};
        panel_buf_init(&r.body, 64);
        ck_assert_int_eq(har_log_add(l, "POST", ODD[i].url, ODD[i].req_headers, ODD[i].req_ct,
                                     ODD[i].body, strlen(ODD[i].body), &r, ODD[i].resp_headers,
                                     0.0),
                         PANEL_E_OK);
        http_response_free(&r);
    }
    char path[256];
    tmp_path(path, sizeof(path), "odd");
    ck_assert_int_eq(har_log_write(l, path, "t"), PANEL_E_OK);
    har_log_free(l);
    json_t *root = json_load_file(path, 0, NULL);
    ck_assert_ptr_nonnull(root);
    unlink(path);
    json_t *ents = json_object_get(json_object_get(root, "log"), "entries");
    ck_assert_uint_eq(json_array_size(ents), n);
    for (size_t i = 0; i < n; i++) {
        const odd_row *w = &ODD[i];
        json_t *e = json_array_get(ents, i), *rq = json_object_get(e, "request");
        ck_assert_str_eq(str_at(rq, "url", NULL, NULL), w->want_url);
        const char *st = str_at(e, "response", "statusText", NULL);
        if (w->want_status_text)
            ck_assert_msg(!strcmp(st, w->want_status_text), "%s: '%s'", w->what, st);
        else
            ck_assert_msg(strlen(st) == 127 && !strncmp(st, "A-reason-phrase", 15), "%s: '%s'",
                          w->what, st);
        json_t *hs = json_object_get(rq, "headers");
        ck_assert_msg(json_array_size(hs) == w->want_req_headers, "%s", w->what);
        for (size_t k = 0; k < json_array_size(hs); k++) /* none of them is a secret one */
            ck_assert_str_ne(str_at(json_array_get(hs, k), "value", NULL, NULL), "$PANEL_SECRET");
        json_t *pd = json_object_get(rq, "postData");
        ck_assert_str_eq(str_at(pd, "mimeType", NULL, NULL), w->want_mime);
        ck_assert_str_eq(str_at(pd, "text", NULL, NULL), w->body);
        ck_assert_uint_eq(json_array_size(json_object_get(pd, "params")), w->want_params);
    }
    json_decref(root);
}
END_TEST

/* At most HAR_MAX_SECRETS secrets; one more is refused, a known one is still fine. */
START_TEST(test_secrets_capped)
{
    har_log *l = NULL;
    ck_assert_int_eq(har_log_new(&l), PANEL_E_OK);
    char k[32];
    for (int i = 0; i < HAR_MAX_SECRETS; i++) {
        snprintf(k, sizeof(k), "secret-%02d", i);
        ck_assert_int_eq(har_log_add_key(l, k), PANEL_E_OK);
    }
    ck_assert_int_eq(har_log_add_key(l, "one-too-many"), PANEL_E_TOO_LARGE);
    ck_assert_int_eq(har_log_add_key(l, "secret-07"), PANEL_E_OK);
    ck_assert_uint_eq(har_log_count(l), 0);
    har_log_free(l);
    har_log_free(NULL);
}
END_TEST

/* Write failures are PANEL_E_IO and leave no temporary file; a device is written in place. */
START_TEST(test_write_failures)
{
    har_log *l = record_rows();
    static const struct {
        const char *path;
        panel_err want;
    } w[] = {
        {"/nonexistent-dir-cov-h2/x.har", PANEL_E_IO}, /* the temporary file cannot be made */
        {"/dev/full", PANEL_E_IO},                     /* in place; the flush fails */
        {"/tmp", PANEL_E_IO},                          /* not a regular file: a directory */
        {"/dev/null", PANEL_E_OK},
    };
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
        ck_assert_msg(har_log_write(l, w[i].path, "t") == w[i].want, "%s", w[i].path);
        char tmp[1100];
        snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", w[i].path, (long)getpid());
        ck_assert_int_ne(access(tmp, F_OK), 0);
    }
    har_log_free(l);
}
END_TEST

/* One replay case: a request and the answer it must get. */
typedef struct {
    const char *what;
    const char *url;
    const char *ct;
    const char *body;
    size_t body_cap; /* of the caller's out->body */
    http_outcome want;
    long want_status;
    const char *want_body; /* NULL: not checked */
    size_t want_len;
    const char *want_error; /* substring of out->error; NULL: empty */
    const char *want_retry;
} replay_row;

START_TEST(test_replay_answers)
{
    har_log *l = record_rows();
    char path[256];
    tmp_path(path, sizeof(path), "replay");
    ck_assert_int_eq(har_log_write(l, path, "t"), PANEL_E_OK);
    har_log_free(l);
    panel_har h;
    char err[256] = "";
    ck_assert_msg(panel_har_load(path, &h, err, sizeof(err)) == PANEL_E_OK, "%s", err);
    unlink(path);
    static char many[257 * 4 + 16];
    if (!many[0]) {
        size_t w = 0;
        for (int i = 0; i < 257; i++)
            w += (size_t)snprintf(many + w, sizeof(many) - w, "%sa=1", i ? "&" : "");
    }
    const replay_row rr[] = {
        {"binary answer round-trips", URL_BASE, FORM_CT, "action=balance", 1024, HTTP_OK, 200,
         "\xff\xfe\x01\x02", 4, NULL, "3"},
        {"query request found", URL_BASE "?key=" KEY_FORM "&action=status", NULL, NULL, 1024,
         HTTP_OK, 200, "{\"status\":\"ok\"}", 15, NULL, ""},
        {"recorded without an answer", URL_BASE, "application/json", "{\"action\":\"add\"}", 1024,
         HTTP_UNREACHABLE, 0, NULL, 0, "recorded without an answer", ""},
        {"nothing close", "http://127.0.0.1:9/elsewhere", FORM_CT, "action=refill", 1024,
         HTTP_FAILED, 0, NULL, 0, "", ""},
        {"unreadable request", URL_BASE, FORM_CT, many, 1024, HTTP_FAILED, 0, NULL, 0,
         "replay: cannot read the request", ""},
        {"body over the cap", URL_BASE, FORM_CT, "action=services", 2, HTTP_TOO_LARGE, 200, NULL, 0,
         "over the cap", ""},
    };
    for (size_t i = 0; i < sizeof(rr) / sizeof(rr[0]); i++) {
        const replay_row *w = &rr[i];
        http_response out = {0};
        panel_buf_init(&out.body, w->body_cap);
        har_replay_answer(&h, KEY, "POST", w->url, w->ct, w->body, w->body ? strlen(w->body) : 0,
                          &out);
        ck_assert_msg(out.outcome == w->want, "%s: outcome %d (%s)", w->what, out.outcome,
                      out.error);
        ck_assert_msg(out.status == w->want_status, "%s: status %ld", w->what, out.status);
        if (w->want_body) {
            ck_assert_uint_eq(out.body.len, w->want_len);
            ck_assert_int_eq(memcmp(out.body.data, w->want_body, w->want_len), 0);
            ck_assert_str_eq(out.content_type, "application/json");
        }
        if (w->want_error)
            ck_assert_msg(out.error[0] && strstr(out.error, w->want_error), "%s: error '%s'",
                          w->what, out.error);
        else
            ck_assert_str_eq(out.error, "");
        ck_assert_str_eq(out.retry_after, w->want_retry);
        http_response_free(&out);
    }
    panel_har_free(&h);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cov_h2_har");
    TCase *tc = tcase_create("har");
    tcase_add_test(tc, test_recorded_rows_read_back);
    tcase_add_test(tc, test_key_masked_in_every_encoding);
    tcase_add_test(tc, test_odd_exchanges);
    tcase_add_test(tc, test_secrets_capped);
    tcase_add_test(tc, test_write_failures);
    tcase_add_test(tc, test_replay_answers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
