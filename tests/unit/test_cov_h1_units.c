/* test_cov_h1_units.c - the runner's small units on the inputs no run gives them (issue #16):
 * key masking and UTF-8 sanitising of verdict texts (results.c), request building and the
 * reproduce command for each key place, method and encoding (request.c), the loopback policy
 * (policy.c), the catalogue lookups, the basis of a verdict (checks_basis.c), bogus ids and
 * answer helpers (runner_exchange.c), the --only parser and slugs (runner.c). Table-driven:
 * one row per case, each asserting the exact output. */
#include <check.h>
#include <jansson.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalogue.h"
#include "panel/dialect.h"
#include "policy.h"
#include "request.h"
#include "results.h"
#include "runner.h"
#include "runner_internal.h"
#include "testutil.h"

/* ---- results.c: masking and sanitising ---------------------------------------------------- */

/* check_mask_new(s, key) must give want (NULL: NULL). */
typedef struct {
    const char *s, *key, *want;
} mask_row;

/* clang-format off */
static const mask_row MASK[] = {
    {NULL, "k", NULL},
    {"a\001b\177c\td\ne", NULL, "a?b?c\td\ne"},          /* no key: sanitised copy */
    {"x", "", "x"},
    {"ok \xF0\x9F\x98\x80 \xC3\xA9", NULL, "ok \xF0\x9F\x98\x80 \xC3\xA9"}, /* 4- and 2-byte kept */
    {"\xE0\x80\x80", NULL, "???"},                       /* overlong 3-byte */
    {"\xED\xA0\x80", NULL, "???"},                       /* UTF-16 surrogate */
    {"\xF0\x80\x80\x80", NULL, "????"},                  /* overlong 4-byte */
    {"\xF4\x90\x80\x80", NULL, "????"},                  /* past U+10FFFF */
    {"\xF5\x80", NULL, "??"},                            /* no such lead byte */
    {"\xC1\x81", NULL, "??"},                            /* overlong 2-byte */
    {"\xF0\x9F\x98", NULL, "???"},                       /* cut short */
    {"key=SECRETKEY1&x", "SECRETKEY1", "key=$PANEL_KEY&x"},
    {"a SECRET KEY b a+SECRET+KEY", "SECRET KEY", "a $PANEL_KEY b a+$PANEL_KEY"},
    {"a%20b, a%2fb a%2Fb", "a/b", "a%20b, $PANEL_KEY $PANEL_KEY"},
};
/* clang-format on */

START_TEST(test_mask)
{
    const mask_row *w = &MASK[_i];
    char *got = check_mask_new(w->s, w->key);
    if (!w->want) {
        ck_assert_ptr_null(got);
        return;
    }
    ck_assert_ptr_nonnull(got);
    ck_assert_msg(!strcmp(got, w->want), "row %d: '%s', want '%s'", _i, got, w->want);
    free(got);
}
END_TEST

/* check_key_occurs(buf, strlen(buf), key) must be want. */
typedef struct {
    const char *buf, *key;
    int want;
} occurs_row;

static const occurs_row OCCURS[] = {
    {NULL, "k", 0},      {"a k b", NULL, 0},    {"a k b", "", 0},       {"a k b", "k", 1},
    {"ak b", "k", 0},    {"a k_b", "k", 0},     {"x=a%2Bb", "a+b", 1},  {"x=a%2bb", "a+b", 1},
    {"x=a+b", "a b", 1}, {"x=a%20b", "a b", 1}, {"x=a%2bbc", "a+b", 0},
};

START_TEST(test_occurs)
{
    const occurs_row *w = &OCCURS[_i];
    int got = check_key_occurs(w->buf, w->buf ? strlen(w->buf) : 0, w->key);
    ck_assert_msg(got == w->want, "row %d: %d, want %d", _i, got, w->want);
}
END_TEST

/* A key of 200 spaces: its encoded forms do not fit (3 bytes each), only the raw one counts. */
START_TEST(test_occurs_long_key)
{
    char key[201], buf[260];
    memset(key, ' ', 200);
    key[200] = '\0';
    snprintf(buf, sizeof(buf), "k=%s.", key);
    ck_assert_int_eq(check_key_occurs(buf, strlen(buf), key), 1);
    char enc[610] = "k=";
    for (size_t i = 0; i < 200; i++)
        strcat(enc, "%20");
    ck_assert_int_eq(check_key_occurs(enc, strlen(enc), key), 0);
}
END_TEST

/* check_mask_url_new(url) must give want. */
typedef struct {
    const char *url, *want;
} url_row;

static const url_row URLS[] = {
    {NULL, NULL},
    {"host.example/api", "host.example/api"},
    {"u:pw@host.example/api", "$PANEL_USERINFO@host.example/api"},
    {"https://u:pw@h.example/a@b?c@d", "https://$PANEL_USERINFO@h.example/a@b?c@d"},
    {"https://h.example/x@y", "https://h.example/x@y"},
};

START_TEST(test_mask_url)
{
    const url_row *w = &URLS[_i];
    char *got = check_mask_url_new(w->url);
    if (!w->want) {
        ck_assert_ptr_null(got);
        return;
    }
    ck_assert_str_eq(got, w->want);
    free(got);
}
END_TEST

/* Names out of range, a suite of NULL texts, a verdict with what a caller may leave out. */
START_TEST(test_suite_edges)
{
    ck_assert_str_eq(check_skip_kind_name(CHECK_SKIP__COUNT), "");
    ck_assert_str_eq(check_skip_kind_name(CHECK_SKIP_TIMEOUT), "timeout");
    ck_assert_str_eq(check_status_name((check_status)42), "skip");
    check_suite s;
    ck_assert_int_eq(check_suite_init(&s, NULL, NULL, NULL), PANEL_E_OK);
    ck_assert_str_eq(s.dialect, "");
    ck_assert_str_eq(s.endpoint, "");
    check_suite_free(&s);
    const char *key = "0123456789abcdefXYZ";
    ck_assert_int_eq(
        check_suite_init(&s, "d", "http://u:p@127.0.0.1/api?key=0123456789abcdefXYZ", key),
        PANEL_E_OK);
    ck_assert_str_eq(s.endpoint, "http://$PANEL_USERINFO@127.0.0.1/api?key=$PANEL_KEY");
    check_finding f = {0};
    f.status = CHECK_FAIL;
    f.count = 5;
    f.cause = "echo 0123456789abcdefXYZ";
    f.examples[0] = "one";
    f.examples[1] = "two";
    f.examples[2] = "three";
    f.n_examples = 5; /* more than kept: only CHECK_EXAMPLES are read */
    check_result r = {0};
    r.id = "x.y";
    r.action = "status";
    r.status = CHECK_SKIP;
    r.skip_kind = (check_skip_kind)99; /* out of range: counted as NONE */
    r.findings = &f;
    r.n_findings = 1;
    ck_assert_int_eq(check_suite_add(&s, key, &r), PANEL_E_OK);
    ck_assert_str_eq(s.items[0].dialect, "d");
    ck_assert_str_eq(s.items[0].message, "");
    ck_assert_str_eq(s.items[0].findings[0].cause, "echo $PANEL_KEY");
    ck_assert_uint_eq(s.items[0].findings[0].n_examples, CHECK_EXAMPLES);
    ck_assert_uint_eq(s.skipped, 1);
    ck_assert_uint_eq(s.skips[CHECK_SKIP_NONE], 1);
    check_suite_free(&s);
}
END_TEST

/* ---- policy.c ------------------------------------------------------------------------------ */

typedef struct {
    const char *url;
    int loopback;
} loop_row;

static const loop_row LOOP[] = {
    {NULL, 0},
    {"127.0.0.1:8080/api", 1}, /* no scheme */
    {"http://localhost./api", 1},
    {"http://LOCALHOST:1/", 1},
    {"http://[0:0:0:0:0:0:0:1]:80/", 1},
    {"http://[::1]/", 1},
    {"http://127.300.0.1/", 0},
    {"http://127.0.0.1x/", 0},
    {"http://user@127.0.0.9/", 1},
    {"http://10.0.0.1/", 0},
};

START_TEST(test_loopback)
{
    const loop_row *w = &LOOP[_i];
    ck_assert_msg(policy_is_loopback(w->url) == w->loopback, "row %d: %s", _i,
                  w->url ? w->url : "NULL");
}
END_TEST

/* A host longer than the buffer is cut (and is no loopback); a spend that overflows is
 * refused with its reason. */
START_TEST(test_policy_edges)
{
    char url[400] = "http://127.0.0.1";
    for (size_t i = strlen(url); i < 350; i++)
        url[i] = 'a';
    url[350] = '\0';
    ck_assert_int_eq(policy_is_loopback(url), 0);
    policy p;
    policy_init(&p, "https://panel.example.com/api", 1, 1, INT64_MAX);
    char why[160] = "";
    p.spent = INT64_MAX - 1;
    ck_assert_int_eq(policy_order_allowed(&p, INT64_MAX - 1, why, sizeof(why)), 0);
    ck_assert_str_eq(why, "estimated cost out of range");
    ck_assert_int_eq(policy_change_allowed(&p, why, sizeof(why)), 1);
}
END_TEST

/* ---- catalogue.c, checks_basis.c, runner.c helpers ----------------------------------------- */

START_TEST(test_catalogue_and_basis)
{
    ck_assert_ptr_eq(check_catalogue_get(CHECK__COUNT), check_catalogue_get((check_id)0));
    ck_assert_ptr_null(check_catalogue_find("add."));
    ck_assert_ptr_null(check_catalogue_find("no.such.check"));
    ck_assert_ptr_nonnull(check_catalogue_find("add.custom_comments"));
    check_basis b = basis_of(NULL);
    ck_assert_int_eq(b.prov, PANEL_PROV_ASSUMED);
    ck_assert_ptr_null(b.src);
    panel_basis pb = {0};
    pb.prov = PANEL_PROV_ASSUMED;
    pb.why = "a reason";
    b = basis_of(&pb);
    ck_assert_str_eq(b.src, "a reason");
    ck_assert_int_eq(basis_outcome(b), CHECK_WARN);
    b = basis_rule(NULL, NULL);
    ck_assert_int_eq(b.prov, PANEL_PROV_ASSUMED);
    b = basis_rule("§1", NULL);
    ck_assert_int_eq(b.prov, PANEL_PROV_DOCUMENTED);
    ck_assert_int_eq(basis_outcome(b), CHECK_FAIL);
    b = basis_invariant("min <= max");
    ck_assert_str_eq(basis_name(b), "invariant");
    ck_assert_int_eq(basis_outcome(b), CHECK_FAIL);
}
END_TEST

/* basis_shape of a form that is not documented falls back on the action's basis; the multi
 * form of an action without one is the single form's. */
START_TEST(test_basis_shape)
{
    panel_dialect_set set;
    tu_load_dialects(&set);
    panel_dialect *d = (panel_dialect *)panel_dialect_set_find(&set, "dripfeedpanel");
    ck_assert_ptr_nonnull(d);
    check_basis s1 = basis_shape(d, PANEL_ACTION_BALANCE, 1);
    check_basis s0 = basis_shape(d, PANEL_ACTION_BALANCE, 0);
    ck_assert_int_eq(s1.prov, s0.prov);
    ck_assert_ptr_eq(s1.src, s0.src);
    d->actions[PANEL_ACTION_BALANCE].single.present = 0;
    check_basis a = basis_action(d, PANEL_ACTION_BALANCE);
    check_basis s = basis_shape(d, PANEL_ACTION_BALANCE, 0);
    ck_assert_ptr_eq(s.src, a.src);
    panel_dialect_set_free(&set);
}
END_TEST

typedef struct {
    const char *text;
    panel_err rc;
    unsigned mask;
    const char *bad;
} only_row;

static const only_row ONLY[] = {
    {"status,add", PANEL_E_OK, (1u << PANEL_ACTION_STATUS) | (1u << PANEL_ACTION_ADD), ""},
    {"status,", PANEL_E_OK, 1u << PANEL_ACTION_STATUS, ""},
    {"", PANEL_E_USAGE, 0, ""},
    {"status,,add", PANEL_E_USAGE, 1u << PANEL_ACTION_STATUS, ""},
    {"statuz", PANEL_E_USAGE, 0, "statuz"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", PANEL_E_USAGE, 0,
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
};

START_TEST(test_only_mask)
{
    const only_row *w = &ONLY[_i];
    unsigned mask = 0;
    char bad[80] = "";
    ck_assert_int_eq(runner_only_mask(w->text, &mask, bad, sizeof(bad)), w->rc);
    ck_assert_uint_eq(mask, w->mask);
    ck_assert_str_eq(bad, w->bad);
}
END_TEST

/* Slugs, cut to the buffer. */
START_TEST(test_slug)
{
    char out[8];
    runner_slug("Custom Comments", out, sizeof(out));
    ck_assert_str_eq(out, "custom_");
    runner_slug("  A--b  ", out, sizeof(out));
    ck_assert_str_eq(out, "a_b");
    runner_slug("abcdef G", out, sizeof(out));
    ck_assert_str_eq(out, "abcdef_");
}
END_TEST

/* ---- runner_exchange.c: bogus ids and answer helpers --------------------------------------- */

typedef struct {
    panel_kind kind;
    unsigned long long min, max;
    const char *pattern;
    unsigned i;
    const char *want;
} bogus_row;

static const bogus_row BOGUS[] = {
    {PANEL_KIND_OID, 0, 0, NULL, 1, "ffffffffffffffffFFF00001"},
    {PANEL_KIND_INT, 1, 1000000000000ULL, NULL, 3, "987654003"},
    {PANEL_KIND_INT, 1, 1000, NULL, 3, "997"},       /* outside the range: from its top */
    {PANEL_KIND_INT, 10, 11, NULL, 3, "987654003"},  /* a range too narrow: as is */
    {PANEL_KIND_STRING, 1, 9, "^[0-9]+$", 2, "3"},   /* a pattern id from the generator */
    {PANEL_KIND_STRING, 1, 9, NULL, 2, "987654002"}, /* none it accepts: the plain number */
    {PANEL_KIND_STRING, 1, 9, "^x[0-9]+$", 2, "987654002"},
};

START_TEST(test_bogus_id)
{
    const bogus_row *w = &BOGUS[_i];
    panel_id_spec spec = {0};
    spec.kind = w->kind;
    spec.min = w->min;
    spec.max = w->max;
    spec.gen = PANEL_IDGEN_DIGITS;
    regex_t re;
    if (w->pattern) {
        ck_assert_int_eq(regcomp(&re, w->pattern, REG_EXTENDED | REG_NOSUB), 0);
        spec.re = &re;
    }
    char out[64];
    runner_bogus_id(&spec, w->i, out, sizeof(out));
    if (w->pattern)
        regfree(&re);
    ck_assert_msg(!strcasecmp(out, w->want), "row %d: %s, want %s", _i, out, w->want);
}
END_TEST

START_TEST(test_answer_helpers)
{
    exchange ex;
    memset(&ex, 0, sizeof(ex));
    panel_buf_init(&ex.resp.body, 1024);
    char out[80];
    runner_body_brief(&ex, out, sizeof(out));
    ck_assert_str_eq(out, "(empty body)");
    panel_buf_puts(&ex.resp.body, "a\tb\177c");
    runner_body_brief(&ex, out, sizeof(out));
    ck_assert_str_eq(out, "a b c");
    char small[3];
    runner_body_brief(&ex, small, sizeof(small));
    ck_assert_str_eq(small, "a ");
    panel_buf_free(&ex.resp.body);
    ck_assert_ptr_null(runner_entry_for(NULL, "1"));
}
END_TEST

/* ---- request.c: building and reproducing each way a request may travel ------------------- */

#define RK "0123456789abcdef0123456789abcdef" /* the run's key */

/* A dialect member cleared or set before the request (dripfeedpanel as loaded otherwise). */
typedef enum { D_AS_IS, D_NO_ROOT_GET, D_NO_KEY_NAMES } dialect_edit;

/* One request: how (method, encoding, key place, header, scheme) of the edited dialect to url
 * with key_sent (the run's key is RK) and the params action=status&order=<order> (order NULL:
 * no parameters); build must
 * give rc and, when given, the URL and body; the reproduce command must be repro. */
typedef struct {
    dialect_edit edit;
    request_how how;
    const char *url, *key_sent, *order;
    panel_err rc;
    const char *wire_url, *body, *header;
    const char *repro;
} req_row;

#define POST PANEL_METHOD_POST
#define GET PANEL_METHOD_GET
#define FORM PANEL_ENC_FORM
#define MP PANEL_ENC_MULTIPART
#define JSON PANEL_ENC_JSON

/* clang-format off */
static const req_row REQ[] = {
    /* 0 no transport member read (root NULL), GET the only method: a GET, key in the query */
    {D_NO_ROOT_GET, {0, 0, 0, NULL, NULL}, "http://h/api?x=1", RK, "7", PANEL_E_OK,
     "http://h/api?x=1&key=" RK "&action=status&order=7", "", NULL,
     "curl -sS -G \"$PANEL_URL\" --data-urlencode \"key=$PANEL_KEY\" -d 'action=status&order=7'"},
    /* 1 a POST with the key in the query string, another key than the run's */
    {D_AS_IS, {POST, FORM, PANEL_KEYLOC_QUERY, NULL, NULL}, "http://h/api", "other", "7", PANEL_E_OK,
     "http://h/api?key=other", "action=status&order=7", NULL,
     "curl -sS -X POST \"$PANEL_URL\"?'key=other' -H 'Content-Type: "
     "application/x-www-form-urlencoded' -d 'action=status&order=7'"},
    /* 2 the same with the run's key, the URL with a query already */
    {D_AS_IS, {POST, FORM, PANEL_KEYLOC_QUERY, NULL, NULL}, "http://h/api?a=b", RK, "7", PANEL_E_OK,
     "http://h/api?a=b&key=" RK, "action=status&order=7", NULL,
     "curl -sS -X POST \"$PANEL_URL&key=$PANEL_KEY\" -H 'Content-Type: "
     "application/x-www-form-urlencoded' -d 'action=status&order=7'"},
    /* 3 a header key without the dialect naming one: Authorization, no scheme; not the run's */
    {D_NO_KEY_NAMES, {POST, FORM, PANEL_KEYLOC_HEADER, NULL, NULL}, "http://h/", "other", "7",
     PANEL_E_OK, "http://h/", "action=status&order=7", "Authorization: other",
     "curl -sS -X POST \"$PANEL_URL\" -H 'Authorization: other' -H 'Content-Type: "
     "application/x-www-form-urlencoded' -d 'action=status&order=7'"},
    /* 4 a header the check names, with its scheme */
    {D_AS_IS, {POST, FORM, PANEL_KEYLOC_HEADER, "X-Api-Key", "Token"}, "http://h/", RK, "7",
     PANEL_E_OK, "http://h/", "action=status&order=7", "X-Api-Key: Token " RK,
     "curl -sS -X POST \"$PANEL_URL\" -H \"X-Api-Key: Token $PANEL_KEY\" -H 'Content-Type: "
     "application/x-www-form-urlencoded' -d 'action=status&order=7'"},
    /* 5 a body key named by default ("key") and no parameters: no -d */
    {D_NO_KEY_NAMES, {POST, FORM, PANEL_KEYLOC_BODY, NULL, NULL}, "http://h/", RK, NULL, PANEL_E_OK,
     "http://h/", "key=" RK, NULL,
     "curl -sS -X POST \"$PANEL_URL\" -H 'Content-Type: application/x-www-form-urlencoded' "
     "--data-urlencode \"key=$PANEL_KEY\""},
    /* 6 multipart with a key that is not the run's: written as a part */
    {D_AS_IS, {POST, MP, PANEL_KEYLOC_BODY, NULL, NULL}, "http://h/", "other", "7", PANEL_E_OK,
     "http://h/", NULL, NULL,
     "curl -sS -X POST \"$PANEL_URL\" --form-string 'key=other' --form-string 'action=status' "
     "--form-string 'order=7'"},
    /* 7 a multipart value with a quote is carried as it is (only names and the boundary are not) */
    {D_AS_IS, {POST, MP, PANEL_KEYLOC_BODY, NULL, NULL}, "http://h/", RK, "7\"", PANEL_E_OK,
     "http://h/", NULL, NULL,
     "curl -sS -X POST \"$PANEL_URL\" -F \"key=$PANEL_KEY\" --form-string 'action=status' "
     "--form-string 'order=7\"'"},
    /* 8 JSON with the run's key and a value that is not UTF-8: the member is left out */
    {D_AS_IS, {POST, JSON, PANEL_KEYLOC_BODY, NULL, NULL}, "http://h/", RK, "\xff", PANEL_E_OK,
     "http://h/", "{\"key\":\"" RK "\",\"action\":\"status\"}", NULL,
     "curl -sS -X POST \"$PANEL_URL\" -H 'Content-Type: application/json' --data-raw "
     "'{\"key\":\"'\"$PANEL_KEY\"'\",\"action\":\"status\"}'"},
    /* 9 JSON with a key that is not UTF-8 (left out) and no URL known */
    {D_AS_IS, {POST, JSON, PANEL_KEYLOC_BODY, NULL, NULL}, NULL, "\xfe", "7", PANEL_E_OK, NULL, NULL,
     NULL,
     "curl -sS -X POST \"$PANEL_URL\" -H 'Content-Type: application/json' --data-raw "
     "'{\"action\":\"status\",\"order\":\"7\"}'"},
    /* 10 GET with the key in a header and no key at all */
    {D_AS_IS, {GET, FORM, PANEL_KEYLOC_HEADER, NULL, NULL}, "http://h/", NULL, "7", PANEL_E_OK,
     "http://h/?action=status&order=7", "", NULL,
     "curl -sS -G \"$PANEL_URL\" -d 'action=status&order=7'"},
};
/* clang-format on */

/* Applies edit e to d (restored by unedit). */
static void edit_dialect(panel_dialect *d, dialect_edit e, json_t **root, char **kp)
{
    *root = d->root;
    *kp = d->key_param;
    if (e == D_NO_ROOT_GET) {
        d->root = NULL;
        d->methods = PANEL_METHOD_GET;
    } else if (e == D_NO_KEY_NAMES) {
        d->key_param = NULL;
        d->key_header = NULL;
    }
}

START_TEST(test_request)
{
    const req_row *w = &REQ[_i];
    panel_dialect_set set;
    tu_load_dialects(&set);
    panel_dialect *d = (panel_dialect *)panel_dialect_set_find(&set, "dripfeedpanel");
    ck_assert_ptr_nonnull(d);
    json_t *root;
    char *kp, *kh = d->key_header;
    unsigned methods = d->methods;
    edit_dialect(d, w->edit, &root, &kp);
    request_how how = w->how;
    if (w->edit == D_NO_ROOT_GET) {
        how = request_how_default(d);
        ck_assert_uint_eq(how.method, PANEL_METHOD_GET);
        ck_assert_uint_eq(how.encoding, PANEL_ENC_FORM);
    }
    panel_form f;
    panel_form_init(&f, 0);
    if (w->order) {
        panel_form_add(&f, "action", "status");
        panel_form_add(&f, "order", w->order);
    }
    if (w->url) {
        request_wire rw;
        ck_assert_int_eq(request_build(d, &how, w->url, w->key_sent, &f, &rw), w->rc);
        ck_assert_str_eq(rw.url, w->wire_url);
        if (w->body)
            ck_assert_str_eq(rw.body.data ? rw.body.data : "", w->body);
        if (w->header)
            ck_assert_str_eq(rw.header, w->header);
        else
            ck_assert_ptr_null(rw.header);
        request_wire_free(&rw);
    }
    char *c = request_reproduce_how_new(d, &how, w->url, w->key_sent, RK, &f);
    ck_assert_ptr_nonnull(c);
    ck_assert_msg(!strcmp(c, w->repro), "row %d:\n%s\nwant\n%s", _i, c, w->repro);
    free(c);
    panel_form_free(&f);
    d->root = root;
    d->key_param = kp;
    d->key_header = kh;
    d->methods = methods;
    panel_dialect_set_free(&set);
}
END_TEST

/* A multipart request that cannot be encoded is not sent: the exchange says why. */
START_TEST(test_request_not_encodable)
{
    panel_dialect_set set;
    tu_load_dialects(&set);
    const panel_dialect *d = panel_dialect_set_find(&set, "dripfeedpanel");
    http_client *c = NULL;
    http_opts ho = {0};
    ho.timeout_ms = 1000;
    ck_assert_int_eq(http_new(&ho, &c), PANEL_E_OK);
    request_how how = {PANEL_METHOD_POST, PANEL_ENC_MULTIPART, PANEL_KEYLOC_BODY, NULL, NULL};
    panel_form f;
    panel_form_init(&f, 0);
    panel_form_add(&f, "bad\"name", "v");
    exchange ex;
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/", tu_dead_port());
    request_send_how(c, d, &how, url, RK, RK, &f, 0, &ex);
    ck_assert_int_eq(ex.resp.outcome, HTTP_FAILED);
    ck_assert_str_eq(ex.resp.error, "could not encode the request");
    ck_assert_ptr_nonnull(ex.repro);
    exchange_free(&ex);
    panel_form_free(&f);
    http_free(c);
    panel_dialect_set_free(&set);
}
END_TEST

/* ---- runner_orders.c: the values the runner sends for a parameter --------------------------- */

/* runner_param_value for name under the spec given (spec_set: a parameter spec of the dialect
 * named name with integer / one enum value / date format), an order of quantity qty of a type
 * whose list parameter is "comments"; the value must be want. */
typedef struct {
    const char *name;
    int spec_set, integer;
    const char *enum1, *date_format;
    int64_t qty;
    const char *want;
} value_row;

static const value_row VALUES[] = {
    {"posts", 0, 0, NULL, NULL, 1, "1"},
    {"quantity", 0, 0, NULL, NULL, 1, "50"},
    {"country", 0, 0, NULL, NULL, 1, "US"},
    {"media", 0, 0, NULL, NULL, 1, "https://example.com/panelcheck"},
    {"hook_url", 0, 0, NULL, NULL, 1, "https://example.com/panelcheck"},
    {"usernames", 0, 0, NULL, NULL, 1, "panelcheck1"},
    {"whatever", 0, 0, NULL, NULL, 1, "panelcheck"},
    {"comments", 0, 0, NULL, NULL, 3, "panelcheck1\npanelcheck2\npanelcheck3"},
    {"comments", 0, 0, NULL, NULL, 100,
     "panelcheck1\npanelcheck2\npanelcheck3\npanelcheck4\npanelcheck5"}, /* cut to whole lines */
    {"x_int", 1, 1, NULL, NULL, 1, "1"},
    {"x_enum", 1, 0, "fast", NULL, 1, "fast"},
    {"x_ymd", 1, 0, NULL, "Y-m-d", 1, "2030-12-31"},
    {"x_dmy", 1, 0, NULL, "d/m/Y", 1, "31/12/2030"},
};

START_TEST(test_param_value)
{
    const value_row *w = &VALUES[_i];
    panel_dialect_set set;
    tu_load_dialects(&set);
    panel_dialect *d = (panel_dialect *)panel_dialect_set_find(&set, "dripfeedpanel");
    ck_assert_ptr_nonnull(d);
    if (w->spec_set) { /* one more parameter spec, owned by the dialect like the others */
        panel_param_spec *np = realloc(d->params, (d->n_params + 1) * sizeof(*np));
        ck_assert_ptr_nonnull(np);
        d->params = np;
        panel_param_spec *ps = &np[d->n_params++];
        memset(ps, 0, sizeof(*ps));
        ps->name = strdup(w->name);
        ps->integer = w->integer;
        ps->min_length = ps->max_length = -1;
        if (w->enum1) {
            ps->enumv = calloc(1, sizeof(char *));
            ck_assert_ptr_nonnull(ps->enumv);
            ps->enumv[0] = strdup(w->enum1);
            ps->n_enum = 1;
        }
        if (w->date_format)
            ps->date_format = strdup(w->date_format);
    }
    if (w->spec_set)
        ck_assert_ptr_nonnull(panel_dialect_param(d, w->name));
    panel_service_type t = {0};
    t.qty = PANEL_QTY_LINES;
    t.qty_param = "comments";
    panel_service svc = {0};
    svc.min = 50;
    char out[64];
    runner_param_value(d, &t, &svc, w->name, w->qty, out, sizeof(out));
    ck_assert_msg(!strcmp(out, w->want), "row %d: '%s', want '%s'", _i, out, w->want);
    panel_dialect_set_free(&set);
}
END_TEST

/* ---- runner.c verdict API and runner_values.c ---------------------------------------------- */

/* Names with a suffix (templated or not), a finding without a field, the first block reason. */
START_TEST(test_obs_api)
{
    check_obs o;
    check_obs_init(&o, CHECK_ADD_TYPE, "custom_comments", NULL, basis_rule("§2", NULL));
    ck_assert_str_eq(o.name, "add.custom_comments");
    ck_assert_str_eq(o.action, "add");
    check_obs_free(&o);
    check_obs_init(&o, CHECK_STATUS_SINGLE, ".x", "status", basis_rule(NULL, "why"));
    ck_assert_str_eq(o.name, "status.single.x");
    check_obs_add(&o, CHECK_WARN, o.basis, "cause", NULL, "e", "a", NULL, "m %d", 1);
    ck_assert_uint_eq(o.n_groups, 1);
    ck_assert_str_eq(o.groups[0].field, "");
    ck_assert_str_eq(o.groups[0].examples[0], "m 1");
    check_obs_block(&o, CHECK_SKIP_TIMEOUT, "first %s", "reason");
    check_obs_block(&o, CHECK_SKIP_BLOCKED, "second");
    ck_assert_int_eq(o.skip_kind, CHECK_SKIP_TIMEOUT);
    ck_assert_str_eq(o.skip_why, "first reason");
    check_obs_free(&o);
}
END_TEST

/* The idempotency parameter: added once with a value new for every add ("panelcheck-<hex>"
 * without a generator), never when skipped or present already, nothing without one. */
START_TEST(test_idempotency_add)
{
    panel_dialect_set set;
    tu_load_dialects(&set);
    panel_dialect *d = (panel_dialect *)panel_dialect_set_find(&set, "dripfeedpanel");
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_null(d->idempotency_param);
    panel_form f;
    panel_form_init(&f, 0);
    runner_idempotency_add(d, NULL, &f);
    ck_assert_uint_eq(f.count, 0);
    d->idempotency_param = strdup("request_id");
    ck_assert_ptr_null(panel_dialect_param(d, "request_id"));
    runner_idempotency_add(d, "request_id", &f);
    ck_assert_uint_eq(f.count, 0);
    runner_idempotency_add(d, "other", &f);
    ck_assert_uint_eq(f.count, 1);
    const char *v1 = panel_form_get_borrow(&f, "request_id");
    ck_assert_ptr_nonnull(v1);
    ck_assert_int_eq(strncmp(v1, "panelcheck-", 11), 0);
    char first[64];
    snprintf(first, sizeof(first), "%s", v1);
    runner_idempotency_add(d, NULL, &f);
    ck_assert_uint_eq(f.count, 1);
    ck_assert_str_eq(panel_form_get_borrow(&f, "request_id"), first);
    panel_form_free(&f);
    panel_form_init(&f, 0);
    runner_idempotency_add(d, NULL, &f);
    ck_assert_str_ne(panel_form_get_borrow(&f, "request_id"), first);
    panel_form_free(&f);
    panel_dialect_set_free(&set);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cov_h1_units");
    TCase *t = tcase_create("units");
    tcase_add_loop_test(t, test_mask, 0, (int)(sizeof(MASK) / sizeof(MASK[0])));
    tcase_add_loop_test(t, test_occurs, 0, (int)(sizeof(OCCURS) / sizeof(OCCURS[0])));
    tcase_add_test(t, test_occurs_long_key);
    tcase_add_loop_test(t, test_mask_url, 0, (int)(sizeof(URLS) / sizeof(URLS[0])));
    tcase_add_test(t, test_suite_edges);
    tcase_add_loop_test(t, test_loopback, 0, (int)(sizeof(LOOP) / sizeof(LOOP[0])));
    tcase_add_test(t, test_policy_edges);
    tcase_add_test(t, test_catalogue_and_basis);
    tcase_add_test(t, test_basis_shape);
    tcase_add_loop_test(t, test_only_mask, 0, (int)(sizeof(ONLY) / sizeof(ONLY[0])));
    tcase_add_test(t, test_slug);
    tcase_add_loop_test(t, test_bogus_id, 0, (int)(sizeof(BOGUS) / sizeof(BOGUS[0])));
    tcase_add_test(t, test_answer_helpers);
    tcase_add_loop_test(t, test_request, 0, (int)(sizeof(REQ) / sizeof(REQ[0])));
    tcase_add_test(t, test_request_not_encodable);
    tcase_add_test(t, test_obs_api);
    tcase_add_test(t, test_idempotency_add);
    tcase_add_loop_test(t, test_param_value, 0, (int)(sizeof(VALUES) / sizeof(VALUES[0])));
    suite_add_tcase(s, t);
    return tu_run(s) ? 1 : 0;
}
