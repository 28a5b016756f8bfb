/* test_harness_units.c - panelcheck's small units: spend/allow-orders policy, key masking,
 * reproduce commands, catalogue lookup, slugs and --only parsing. No network. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "catalogue.h"
#include "panel/dialect.h"
#include "policy.h"
#include "request.h"
#include "results.h"
#include "runner.h"

static const struct {
    const char *url;
    int loopback;
} LOOPBACK[] = {
    {"http://127.0.0.1:8080/api/v2", 1},
    {"http://127.1.2.3/api", 1},
    {"https://localhost/api/v2", 1},
    {"http://LOCALHOST:99", 1},
    {"http://[::1]:8080/x", 1},
    {"http://user:pw@127.0.0.1/x", 1},
    {"https://panel.example.com/api/v2", 0},
    {"https://127.0.0.1.example.com/api", 0},
    {"http://128.0.0.1/", 0},
    {"http://10.0.0.1/api", 0},
    {"https://localhost.evil.com/", 0},
    {"http://[::2]/", 0},
    {"https://example.com/?u=http://127.0.0.1/", 0},
    {"https://127.0.0.1@example.com/api", 0},
};

START_TEST(test_loopback_table)
{
    ck_assert_int_eq(policy_is_loopback(LOOPBACK[_i].url), LOOPBACK[_i].loopback);
}
END_TEST

/* Amount helper: "1.50" -> money. */
static panel_money M(const char *s)
{
    panel_money m = 0;
    ck_assert_int_eq(panel_money_parse(s, strlen(s), &m, NULL), PANEL_E_OK);
    return m;
}

START_TEST(test_policy_remote_without_allow)
{
    policy p;
    char why[256] = "";
    policy_init(&p, "https://panel.example.com/api/v2", 0, 1, M("100"));
    ck_assert_int_eq(p.loopback, 0);
    ck_assert_int_eq(policy_order_allowed(&p, M("0.01"), why, sizeof(why)), 0);
    ck_assert_ptr_nonnull(strstr(why, "--allow-orders"));
    ck_assert_int_eq(policy_order_allowed(&p, 0, why, sizeof(why)), 0);
    ck_assert_int_eq(policy_change_allowed(&p, why, sizeof(why)), 0);
}
END_TEST

START_TEST(test_policy_remote_spend_limit)
{
    policy p;
    char why[256] = "";
    policy_init(&p, "https://panel.example.com/api/v2", 1, 1, M("1.00"));
    ck_assert_int_eq(policy_change_allowed(&p, why, sizeof(why)), 1);
    ck_assert_int_eq(policy_order_allowed(&p, M("0.50"), why, sizeof(why)), 1);
    ck_assert_int_eq(policy_order_allowed(&p, M("0.40"), why, sizeof(why)), 1);
    ck_assert_int_eq(p.spent, M("0.90"));
    /* 0.90 + 0.20 would reach the limit: refused, nothing added */
    ck_assert_int_eq(policy_order_allowed(&p, M("0.20"), why, sizeof(why)), 0);
    ck_assert_ptr_nonnull(strstr(why, "--spend-limit"));
    ck_assert_int_eq(p.spent, M("0.90"));
    /* exactly reaching the limit is refused too ("stays under") */
    ck_assert_int_eq(policy_order_allowed(&p, M("0.10"), why, sizeof(why)), 0);
    ck_assert_int_eq(policy_order_allowed(&p, M("0.09"), why, sizeof(why)), 1);
}
END_TEST

START_TEST(test_policy_remote_no_limit)
{
    policy p;
    char why[256] = "";
    policy_init(&p, "https://panel.example.com/api/v2", 1, 0, 0);
    ck_assert_int_eq(policy_order_allowed(&p, M("0.00000001"), why, sizeof(why)), 0);
}
END_TEST

START_TEST(test_policy_loopback_always)
{
    policy p;
    char why[256] = "";
    policy_init(&p, "http://127.0.0.1:1234/x/api/v2", 0, 0, 0);
    ck_assert_int_eq(policy_order_allowed(&p, M("1000000"), why, sizeof(why)), 1);
    ck_assert_int_eq(policy_change_allowed(&p, why, sizeof(why)), 1);
}
END_TEST

START_TEST(test_mask)
{
    const char *key = "abcd1234.efgh5678-ijkl9012";
    char *m = check_mask_new("key=abcd1234.efgh5678-ijkl9012&x=abcd1234.efgh5678-ijkl9012!", key);
    ck_assert_str_eq(m, "key=$PANEL_KEY&x=$PANEL_KEY!");
    free(m);
    m = check_mask_new("no key here", key);
    ck_assert_str_eq(m, "no key here");
    free(m);
    m = check_mask_new("ctl\x01 and bad \xff utf8 \xc3\xa9", NULL);
    ck_assert_str_eq(m, "ctl? and bad ? utf8 \xc3\xa9");
    free(m);
    ck_assert_ptr_null(check_mask_new(NULL, key));
}
END_TEST

START_TEST(test_suite_masks_every_field)
{
    const char *key = "0123456789abcdef0123456789abcdef";
    check_suite s;
    ck_assert_int_eq(check_suite_init(&s, "d", "http://h/?k=0123456789abcdef0123456789abcdef", key),
                     PANEL_E_OK);
    check_result r = {0};
    r.id = "x.y";
    r.action = "status";
    r.status = CHECK_FAIL;
    r.message = "echo 0123456789abcdef0123456789abcdef";
    r.field = "/0123456789abcdef0123456789abcdef";
    r.expected = "0123456789abcdef0123456789abcdef";
    r.actual = "[0123456789abcdef0123456789abcdef]";
    r.reproduce = "curl -d key=0123456789abcdef0123456789abcdef";
    ck_assert_int_eq(check_suite_add(&s, key, &r), PANEL_E_OK);
    const check_result *c = &s.items[0];
    const char *all[] = {s.endpoint, c->message, c->field, c->expected, c->actual, c->reproduce};
    for (size_t i = 0; i < 6; i++) {
        ck_assert_ptr_null(strstr(all[i], key));
        ck_assert_ptr_nonnull(strstr(all[i], "$PANEL_KEY"));
    }
    ck_assert_uint_eq(s.failed, 1);
    check_suite_free(&s);
}
END_TEST

/* Loads a dialect of the source tree. */
static panel_dialect *load(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/dialects/%s.json", PANEL_SOURCE_DIR, name);
    panel_dialect *d = NULL;
    panel_dialect_error err;
    ck_assert_int_eq(panel_dialect_load_file(path, &d, &err), PANEL_E_OK);
    return d;
}

START_TEST(test_reproduce_form)
{
    panel_dialect *d = load("dripfeedpanel");
    const char *key = "0123456789abcdef0123456789abcdef";
    panel_form f;
    panel_form_init(&f, 0);
    panel_form_add(&f, "action", "add");
    panel_form_add(&f, "link", "https://x.com/it's");
    char *c = request_reproduce_new(d, "http://127.0.0.1:1/a'b", key, key, &f);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(strstr(c, key));
    ck_assert_str_eq(c, "curl -sS -X POST \"$PANEL_URL\" -H 'Content-Type: "
                        "application/x-www-form-urlencoded' --data-urlencode "
                        "\"key=$PANEL_KEY\" -d 'action=add&link=https%3A%2F%2Fx.com%2Fit%27s'");
    free(c);
    /* a bogus key the run chose is shown as is; no key at all is omitted */
    c = request_reproduce_new(d, "http://h/", "bogus", key, &f);
    ck_assert_ptr_nonnull(strstr(c, "key=bogus&action=add"));
    free(c);
    c = request_reproduce_new(d, "http://h/", NULL, key, &f);
    ck_assert_ptr_null(strstr(c, "key"));
    free(c);
    panel_form_free(&f);
    panel_dialect_free(d);
}
END_TEST

START_TEST(test_reproduce_json)
{
    panel_dialect *d = load("smm-objectid");
    ck_assert_int_eq(d->json_requests, 1);
    const char *key = "abcd1234.efgh5678-ijkl9012";
    panel_form f;
    panel_form_init(&f, 0);
    panel_form_add(&f, "action", "status");
    panel_form_add(&f, "order", "507f1f77bcf86cd799439011");
    char *c = request_reproduce_new(d, "http://h/api/v2", key, key, &f);
    ck_assert_ptr_null(strstr(c, key));
    ck_assert_str_eq(c, "curl -sS -X POST \"$PANEL_URL\" -H 'Content-Type: application/json' "
                        "--data-raw '{\"key\":\"'\"$PANEL_KEY\"'\",\"action\":\"status\","
                        "\"order\":\"507f1f77bcf86cd799439011\"}'");
    free(c);
    panel_buf b;
    panel_buf_init(&b, 4096);
    const char *ct;
    ck_assert_int_eq(request_encode(d, key, &f, &b, &ct), PANEL_E_OK);
    ck_assert_str_eq(ct, "application/json");
    ck_assert_str_eq(b.data, "{\"key\":\"abcd1234.efgh5678-ijkl9012\",\"action\":\"status\","
                             "\"order\":\"507f1f77bcf86cd799439011\"}");
    panel_buf_free(&b);
    panel_form_free(&f);
    panel_dialect_free(d);
}
END_TEST

static const struct {
    const char *id;
    const char *def; /* NULL: unknown */
} CATALOGUE[] = {
    {"services.shape", "services.shape"},
    {"add.custom_comments", "add.<type>"},
    {"add.default", "add.<type>"},
    {"neg.missing_param.web_traffic.type_of_traffic", "neg.missing_param.<type>.<param>"},
    {"neg.missing_param.default", NULL},
    {"add.", NULL},
    {"nope", NULL},
    {"ledger.charge", "ledger.charge"},
};

START_TEST(test_catalogue_find)
{
    const check_def *d = check_catalogue_find(CATALOGUE[_i].id);
    if (!CATALOGUE[_i].def)
        ck_assert_ptr_null(d);
    else {
        ck_assert_ptr_nonnull(d);
        ck_assert_str_eq(d->id, CATALOGUE[_i].def);
    }
}
END_TEST

START_TEST(test_catalogue_unique)
{
    size_t n;
    const check_def *t = check_catalogue(&n);
    ck_assert_uint_gt(n, 30);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            ck_assert_str_ne(t[i].id, t[j].id);
}
END_TEST

START_TEST(test_slug_and_only)
{
    char s[64];
    runner_slug("Custom Comments", s, sizeof(s));
    ck_assert_str_eq(s, "custom_comments");
    runner_slug("  Mentions  with -- Hashtag ", s, sizeof(s));
    ck_assert_str_eq(s, "mentions_with_hashtag");
    unsigned m = 0;
    char bad[64] = "";
    ck_assert_int_eq(runner_only_mask("status,add", &m, bad, sizeof(bad)), PANEL_E_OK);
    ck_assert_uint_eq(m, (1u << PANEL_ACTION_STATUS) | (1u << PANEL_ACTION_ADD));
    ck_assert_int_eq(runner_only_mask("status,bogus", &m, bad, sizeof(bad)), PANEL_E_USAGE);
    ck_assert_str_eq(bad, "bogus");
    ck_assert_int_eq(runner_only_mask("", &m, bad, sizeof(bad)), PANEL_E_USAGE);
    ck_assert_int_eq(runner_only_mask("error", &m, bad, sizeof(bad)), PANEL_E_OK);
    ck_assert_uint_eq(m, 1u << PANEL_ACTION_ERROR);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("harness_units");
    TCase *t = tcase_create("all");
    tcase_add_loop_test(t, test_loopback_table, 0, sizeof(LOOPBACK) / sizeof(LOOPBACK[0]));
    tcase_add_test(t, test_policy_remote_without_allow);
    tcase_add_test(t, test_policy_remote_spend_limit);
    tcase_add_test(t, test_policy_remote_no_limit);
    tcase_add_test(t, test_policy_loopback_always);
    tcase_add_test(t, test_mask);
    tcase_add_test(t, test_suite_masks_every_field);
    tcase_add_test(t, test_reproduce_form);
    tcase_add_test(t, test_reproduce_json);
    tcase_add_loop_test(t, test_catalogue_find, 0, sizeof(CATALOGUE) / sizeof(CATALOGUE[0]));
    tcase_add_test(t, test_catalogue_unique);
    tcase_add_test(t, test_slug_and_only);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
