/* test_harness_request.c - panelcheck's request building for each transport a dialect can
 * declare (POST form, POST JSON, multipart, GET query, a header key with a scheme) and its
 * reproduce commands; then end to end: the runner against panelmock serving dialects with
 * each transport is green, and a provider taking the method or the key elsewhere than its
 * dialect documents fails. No traffic but 127.0.0.1. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "panel/dialect.h"
#include "panel/parse.h"
#include "panelmock.h"
#include "request.h"
#include "testutil.h"

static char tmpdir[256];
static const char *KEY = "0123456789abcdef0123456789abcdef";

/* The transports the tests write into a copy of dripfeedpanel. */
typedef enum { T_GET_QUERY, T_GET_HEADER, T_POST_BEARER, T_POST_MULTIPART, T__COUNT } transport;
static const char *const T_NAMES[T__COUNT] = {"get-query", "get-header", "post-bearer",
                                              "post-multipart"};

/* A new transport object for t. */
static json_t *transport_json(transport t)
{
    switch (t) {
    case T_GET_QUERY:
        return json_pack("{s[s]s{ss}ss}", "methods", "GET", "key", "in", "query", "assumed",
                         "test transport: GET with the key in the query string");
    case T_GET_HEADER:
        return json_pack("{s[s]s{ssssss}ss}", "methods", "GET", "key", "in", "header", "name",
                         "Authorization", "scheme", "Bearer", "assumed",
                         "test transport: GET with Authorization: Bearer KEY");
    case T_POST_BEARER:
        return json_pack("{s[s]s{ssssss}ss}", "methods", "POST", "key", "in", "header", "name",
                         "Authorization", "scheme", "Bearer", "assumed",
                         "test transport: POST form with Authorization: Bearer KEY");
    case T_POST_MULTIPART:
        return json_pack("{s[s]s[s]s{ss}ss}", "methods", "POST", "encodings", "multipart", "key",
                         "in", "body", "assumed", "test transport: multipart/form-data bodies");
    case T__COUNT:
        break;
    }
    return NULL;
}

/* Writes dripfeedpanel with transport t into <tmpdir>/<name>/dripfeedpanel.json; returns the
 * directory (static per t). */
static const char *write_variant(transport t)
{
    static char dirs[T__COUNT][512];
    char src[600], dst[700];
    snprintf(dirs[t], sizeof(dirs[t]), "%s/%s", tmpdir, T_NAMES[t]);
    mkdir(dirs[t], 0700);
    snprintf(src, sizeof(src), "%s/dialects/dripfeedpanel.json", PANEL_SOURCE_DIR);
    snprintf(dst, sizeof(dst), "%s/dripfeedpanel.json", dirs[t]);
    json_error_t e;
    json_t *d = json_load_file(src, JSON_PRESERVE_ORDER, &e);
    ck_assert_ptr_nonnull(d);
    int get = t == T_GET_QUERY || t == T_GET_HEADER;
    json_object_set_new(
        d, "method",
        json_pack("{ssss}", "value", get ? "GET" : "POST", "assumed", "test transport"));
    json_object_set_new(d, "transport", transport_json(t));
    ck_assert_int_eq(json_dump_file(d, dst, JSON_PRESERVE_ORDER | JSON_INDENT(1)), 0);
    json_decref(d);
    return dirs[t];
}

/* Loads dialects/<name>.json, or the variant t when name is NULL. */
static panel_dialect *load(const char *name, transport t)
{
    char path[800];
    if (name)
        snprintf(path, sizeof(path), "%s/dialects/%s.json", PANEL_SOURCE_DIR, name);
    else
        snprintf(path, sizeof(path), "%s/dripfeedpanel.json", write_variant(t));
    panel_dialect *d = NULL;
    panel_dialect_error err;
    if (panel_dialect_load_file(path, &d, &err) != PANEL_E_OK)
        ck_abort_msg("%s: %s %s", path, err.pointer, err.reason);
    return d;
}

/* action=balance (and a value that needs encoding). */
static void params(panel_form *f)
{
    panel_form_init(f, 0);
    panel_form_add(f, "action", "balance");
    panel_form_add(f, "link", "https://x.com/a b");
}

START_TEST(test_post_form)
{
    panel_dialect *d = load("dripfeedpanel", 0);
    panel_form f;
    params(&f);
    request_how h = request_how_default(d);
    ck_assert_uint_eq(h.method, PANEL_METHOD_POST);
    ck_assert_uint_eq(h.encoding, PANEL_ENC_FORM);
    request_wire w;
    ck_assert_int_eq(request_build(d, &h, "http://h/api/v2", KEY, &f, &w), PANEL_E_OK);
    ck_assert_str_eq(w.method, "POST");
    ck_assert_str_eq(w.url, "http://h/api/v2");
    ck_assert_str_eq(w.content_type, "application/x-www-form-urlencoded");
    ck_assert_ptr_null(w.header);
    ck_assert_str_eq(w.body.data, "key=0123456789abcdef0123456789abcdef&action=balance&link="
                                  "https%3A%2F%2Fx.com%2Fa+b");
    request_wire_free(&w);
    panel_form_free(&f);
    panel_dialect_free(d);
}
END_TEST

START_TEST(test_post_json)
{
    panel_dialect *d = load("smmpanelus", 0);
    panel_form f;
    params(&f);
    request_how h = request_how_default(d);
    ck_assert_uint_eq(h.encoding, PANEL_ENC_JSON);
    request_wire w;
    ck_assert_int_eq(request_build(d, &h, "http://h/api/v2", KEY, &f, &w), PANEL_E_OK);
    ck_assert_str_eq(w.content_type, "application/json");
    ck_assert_str_eq(w.body.data, "{\"key\":\"0123456789abcdef0123456789abcdef\",\"action\":"
                                  "\"balance\",\"link\":\"https://x.com/a b\"}");
    request_wire_free(&w);
    char *c = request_reproduce_new(d, "http://h/api/v2", KEY, KEY, &f);
    ck_assert_ptr_null(strstr(c, KEY));
    ck_assert_ptr_nonnull(strstr(c, "\"$PANEL_KEY\""));
    free(c);
    panel_form_free(&f);
    panel_dialect_free(d);
}
END_TEST

START_TEST(test_multipart)
{
    panel_dialect *d = load(NULL, T_POST_MULTIPART);
    panel_form f;
    params(&f);
    request_how h = request_how_default(d);
    ck_assert_uint_eq(h.encoding, PANEL_ENC_MULTIPART);
    request_wire w;
    ck_assert_int_eq(request_build(d, &h, "http://h/api/v2", KEY, &f, &w), PANEL_E_OK);
    ck_assert_ptr_nonnull(strstr(w.content_type, "multipart/form-data; boundary="));
    const char *b = strstr(w.content_type, "boundary=") + 9;
    char part[256];
    snprintf(part, sizeof(part),
             "--%s\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n%s\r\n", b, KEY);
    ck_assert_ptr_eq(strstr(w.body.data, part), w.body.data); /* the key first */
    ck_assert_ptr_nonnull(strstr(w.body.data, "name=\"link\"\r\n\r\nhttps://x.com/a b\r\n"));
    snprintf(part, sizeof(part), "--%s--\r\n", b);
    ck_assert_str_eq(w.body.data + w.body.len - strlen(part), part);
    request_wire_free(&w);
    char *c = request_reproduce_new(d, "http://h/", KEY, KEY, &f);
    ck_assert_str_eq(c, "curl -sS -X POST \"$PANEL_URL\" -F \"key=$PANEL_KEY\" --form-string "
                        "'action=balance' --form-string 'link=https://x.com/a b'");
    free(c);
    /* a value carrying the boundary cannot be sent */
    panel_form_add(&f, "comments", b);
    ck_assert_int_eq(request_build(d, &h, "http://h/", KEY, &f, &w), PANEL_E_INVALID);
    request_wire_free(&w);
    panel_form_free(&f);
    panel_dialect_free(d);
}
END_TEST

START_TEST(test_get_query)
{
    panel_dialect *d = load(NULL, T_GET_QUERY);
    panel_form f;
    params(&f);
    request_how h = request_how_default(d);
    ck_assert_uint_eq(h.method, PANEL_METHOD_GET);
    ck_assert_int_eq(h.key_at, PANEL_KEYLOC_QUERY);
    request_wire w;
    ck_assert_int_eq(request_build(d, &h, "http://h/api/v2", KEY, &f, &w), PANEL_E_OK);
    ck_assert_str_eq(w.method, "GET");
    ck_assert_str_eq(w.url, "http://h/api/v2?key=0123456789abcdef0123456789abcdef&action=balance"
                            "&link=https%3A%2F%2Fx.com%2Fa+b");
    ck_assert_ptr_null(w.content_type);
    ck_assert_uint_eq(w.body.len, 0);
    request_wire_free(&w);
    /* a URL with a query already: joined with & */
    ck_assert_int_eq(request_build(d, &h, "http://h/api?v=2", NULL, &f, &w), PANEL_E_OK);
    ck_assert_str_eq(w.url, "http://h/api?v=2&action=balance&link=https%3A%2F%2Fx.com%2Fa+b");
    request_wire_free(&w);
    char *c = request_reproduce_new(d, "http://h/api/v2", KEY, KEY, &f);
    ck_assert_str_eq(c, "curl -sS -G \"$PANEL_URL\" --data-urlencode \"key=$PANEL_KEY\" -d "
                        "'action=balance&link=https%3A%2F%2Fx.com%2Fa+b'");
    free(c);
    c = request_reproduce_new(d, "http://h/api/v2", "bogus", KEY, &f);
    ck_assert_ptr_nonnull(strstr(c, "-d 'key=bogus&action=balance"));
    free(c);
    /* a POST with the key in the query (a negative check's deviation) */
    h.method = PANEL_METHOD_POST;
    c = request_reproduce_how_new(d, &h, "http://h/api/v2", KEY, KEY, &f);
    ck_assert_ptr_eq(strstr(c, "curl -sS -X POST \"$PANEL_URL?key=$PANEL_KEY\" -H"), c);
    free(c);
    panel_form_free(&f);
    panel_dialect_free(d);
}
END_TEST

START_TEST(test_header_scheme)
{
    panel_dialect *d = load(NULL, T_POST_BEARER);
    panel_form f;
    params(&f);
    request_how h = request_how_default(d);
    ck_assert_int_eq(h.key_at, PANEL_KEYLOC_HEADER);
    request_wire w;
    ck_assert_int_eq(request_build(d, &h, "http://h/api/v2", KEY, &f, &w), PANEL_E_OK);
    ck_assert_str_eq(w.header, "Authorization: Bearer 0123456789abcdef0123456789abcdef");
    ck_assert_ptr_null(strstr(w.body.data, KEY));
    ck_assert_str_eq(w.body.data, "action=balance&link=https%3A%2F%2Fx.com%2Fa+b");
    request_wire_free(&w);
    char *c = request_reproduce_new(d, "http://h/", KEY, KEY, &f);
    ck_assert_str_eq(c, "curl -sS -X POST \"$PANEL_URL\" -H \"Authorization: Bearer $PANEL_KEY\" "
                        "-H 'Content-Type: application/x-www-form-urlencoded' -d "
                        "'action=balance&link=https%3A%2F%2Fx.com%2Fa+b'");
    free(c);
    c = request_reproduce_new(d, "http://h/", "bogus", KEY, &f);
    ck_assert_ptr_nonnull(strstr(c, "-H 'Authorization: Bearer bogus'"));
    free(c);
    /* no key: no header */
    ck_assert_int_eq(request_build(d, &h, "http://h/", NULL, &f, &w), PANEL_E_OK);
    ck_assert_ptr_null(w.header);
    request_wire_free(&w);
    panel_form_free(&f);
    panel_dialect_free(d);
}
END_TEST

/* A cancel answer carrying the order id is success where the form's rule says "id". */
START_TEST(test_cancel_id_is_success)
{
    panel_dialect *d = load("notpanel", 0);
    char id[64], body[128];
    ck_assert_int_eq(panel_id_generate(&d->order_id, 7, id, sizeof(id)), PANEL_E_OK);
    snprintf(body, sizeof(body), "{\"cancel\": \"%s\"}", id);
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_CANCEL, body, strlen(body), NULL, &r), PANEL_E_OK);
    ck_assert_uint_eq(r->n_entries, 1);
    ck_assert_int_eq(r->entries[0].ok, 1);
    panel_result_free(r);
    panel_dialect_free(d);
}
END_TEST

/* Runs `panelcheck run ARGS...` in a child (output to files); returns the exit code. */
static int run_cli(const char *const *args)
{
    char out[600], err[600];
    snprintf(out, sizeof(out), "%s/out", tmpdir);
    snprintf(err, sizeof(err), "%s/err", tmpdir);
    return tu_run_panelcheck("run", args, out, err);
}

/* Runs `panelcheck run ARGS...` in this process (each Check test has its own), output to
 * files; returns the exit code. */
static int run_cli_here(const char *const *args)
{
    char out[600];
    snprintf(out, sizeof(out), "%s/out-here", tmpdir);
    fflush(stdout);
    ck_assert_ptr_nonnull(freopen(out, "w", stdout));
    char *argv[32];
    int argc = 0;
    argv[argc++] = "run";
    for (size_t i = 0; args[i] && argc < 31; i++)
        argv[argc++] = (char *)args[i];
    argv[argc] = NULL;
    int code = cmd_run(argc, argv);
    fflush(stdout);
    return code;
}

/* The runner against the embedded mock serving the variant: green. */
START_TEST(test_runner_green_per_transport)
{
    const char *dir = write_variant((transport)_i);
    const char *args[] = {"--dialect", "dripfeedpanel", "--dialect-dir", dir, "--no-color", NULL};
    int code = run_cli(args);
    if (code != 0) {
        char p[600];
        snprintf(p, sizeof(p), "%s/out", tmpdir);
        char *o = tu_slurp(p, NULL);
        fprintf(stderr, "%s:\n%s", T_NAMES[_i], o ? o : "");
        free(o);
    }
    ck_assert_int_eq(code, 0);
}
END_TEST

/* A provider (the mock) that takes the method / the key elsewhere than the dialect the runner
 * is given documents: the run fails (exit 1). */
START_TEST(test_runner_fails_wrong_transport)
{
    /* _i 0: the runner's dialect says GET + query key, the provider takes POST + body key;
     * _i 1: the runner's says a Bearer header, the provider reads the key from the body */
    const char *runner_dir = write_variant(_i == 0 ? T_GET_QUERY : T_POST_BEARER);
    mock_config cfg = {0};
    cfg.listen = "127.0.0.1:0";
    cfg.dialect = "dripfeedpanel";
    cfg.seed = 5;
    cfg.quiet = 1;
    mock_server *m = NULL;
    char base[256], err[256] = "", url[512], key[128];
    ck_assert_int_eq(mock_server_start(&cfg, &m, base, sizeof(base), err, sizeof(err)), PANEL_E_OK);
    snprintf(url, sizeof(url), "%s/dripfeedpanel/api/v2", base);
    snprintf(key, sizeof(key), "%s",
             mock_state_key_borrow(mock_server_state_borrow(m), "dripfeedpanel"));
    const char *args[] = {"--url",
                          url,
                          "--key",
                          key,
                          "--dialect",
                          "dripfeedpanel",
                          "--dialect-dir",
                          runner_dir,
                          "--no-color",
                          "--poll-interval",
                          "0",
                          "--only",
                          "services,balance",
                          NULL};
    int code = run_cli_here(args); /* no fork while the mock's threads run */
    mock_server_stop(m);
    ck_assert_int_eq(code, 1);
}
END_TEST

/* An extra action whose answer lacks the member its declared response requires fails
 * extra.<action> (the mock serves the dialect's static answer as given). */
START_TEST(test_extra_action_shape)
{
    char dir[600], src[700], dst[700];
    snprintf(dir, sizeof(dir), "%s/extra", tmpdir);
    mkdir(dir, 0700);
    snprintf(src, sizeof(src), "%s/dialects/notpanel.json", PANEL_SOURCE_DIR);
    snprintf(dst, sizeof(dst), "%s/notpanel.json", dir);
    json_error_t e;
    json_t *d = json_load_file(src, JSON_PRESERVE_ORDER, &e);
    ck_assert_ptr_nonnull(d);
    json_t *x = json_object_get(json_object_get(d, "extra_actions"), "webhook_add");
    ck_assert_ptr_nonnull(x);
    json_object_set_new(x, "answer", json_pack("{ss}", "token", "whsec_panelmock"));
    json_t *r = json_object_get(x, "response");
    json_object_set_new(r, "required", json_pack("[s]", "secret"));
    json_object_del(r, "assumed"); /* a documented shape: breaking it fails */
    json_object_set_new(r, "src", json_string("test: the secret is documented"));
    ck_assert_int_eq(json_dump_file(d, dst, JSON_PRESERVE_ORDER), 0);
    json_decref(d);
    char rj[700];
    snprintf(rj, sizeof(rj), "json:%s/extra.json", tmpdir);
    const char *args[] = {"--dialect", "notpanel", "--dialect-dir", dir, "--no-color", "--report",
                          rj,          NULL};
    ck_assert_int_eq(run_cli(args), 1);
    snprintf(rj, sizeof(rj), "%s/extra.json", tmpdir);
    json_t *j = json_load_file(rj, 0, &e);
    ck_assert_ptr_nonnull(j);
    size_t i;
    json_t *c;
    int seen = 0;
    json_array_foreach(json_object_get(j, "checks"), i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        const char *st = json_string_value(json_object_get(c, "status"));
        if (id && !strcmp(id, "extra.webhook_add")) {
            seen = 1;
            ck_assert_str_eq(st, "fail");
        } else if (st && !strcmp(st, "fail")) {
            ck_abort_msg("%s failed too", id);
        }
    }
    ck_assert_int_eq(seen, 1);
    json_decref(j);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("harness_request");
    TCase *t = tcase_create("build");
    tcase_add_test(t, test_post_form);
    tcase_add_test(t, test_post_json);
    tcase_add_test(t, test_multipart);
    tcase_add_test(t, test_get_query);
    tcase_add_test(t, test_header_scheme);
    tcase_add_test(t, test_cancel_id_is_success);
    suite_add_tcase(s, t);
    TCase *e = tcase_create("e2e");
    tcase_set_timeout(e, 120);
    tcase_add_loop_test(e, test_runner_green_per_transport, 0, T__COUNT);
    tcase_add_loop_test(e, test_runner_fails_wrong_transport, 0, 2);
    tcase_add_test(e, test_extra_action_shape);
    suite_add_tcase(s, e);
    return s;
}

int main(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/panel-request-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 2;
    int rc = tu_run(suite());
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
