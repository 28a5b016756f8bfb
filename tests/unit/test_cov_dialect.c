/* tests/unit/test_cov_dialect.c - dialect helpers and loader paths no other suite reached
 * (found with `make coverage`): parameter values, generators, message templates and answer
 * outcomes (core/dialect_formats.c); name tables and lookups at their edges (dialect_names.c);
 * what only the loader refuses and the member table's refusals per kind of node
 * (dialect_load.c, dialect_ext.c, dialect_walk.c). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "panel/dialect.h"

/* ---- core/dialect_formats.c: parameter values, generators, templates, outcomes ---- */

/* A parameter spec with no constraint but the ones a row sets. */
static panel_param_spec bare_param(void)
{
    panel_param_spec ps;
    memset(&ps, 0, sizeof ps);
    ps.name = "p";
    ps.min_length = ps.max_length = -1;
    return ps;
}

/* Every date format the format helper knows, by shape: d/m/Y, Y-m-d, Y-m-d H:i:s, unix seconds
 * and ISO 8601 with Z or an offset; a format it does not know accepts nothing. */
START_TEST(param_dates_every_format)
{
    static const struct {
        const char *fmt, *value;
        int ok;
    } rows[] = {
        {"d/m/Y", "31/12/2030", 1},
        {"d/m/Y", "31-12-2030", 0},
        {"d/m/Y", "3/12/2030", 0},
        {"Y-m-d", "2030-12-31", 1},
        {"Y-m-d", "2030-12-31 ", 0},
        {"Y-m-d H:i:s", "2030-12-31 23:59:59", 1},
        {"Y-m-d H:i:s", "2030-12-31T23:59:59", 0},
        {"unix", "1924991999", 1},
        {"unix", "-1", 0},
        {"unix", "", 0},
        {"unix", "12a", 0},
        {"iso8601", "2030-12-31T23:59:59", 1},
        {"iso8601", "2030-12-31T23:59:59Z", 1},
        {"iso8601", "2030-12-31T23:59:59+02:00", 1},
        {"iso8601", "2030-12-31T23:59:59X", 0},
        {"iso8601", "2030-12-31 23:59:59", 0},
        {"Ymd", "20301231", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_param_spec ps = bare_param();
        ps.date_format = (char *)rows[i].fmt;
        ck_assert_msg(panel_param_value_ok(&ps, rows[i].value) == rows[i].ok, "%s '%s'",
                      rows[i].fmt, rows[i].value);
    }
    ck_assert_int_eq(panel_param_value_ok(NULL, "anything"), 1);
}
END_TEST

/* Integer, range, enum, length (in characters) and list rules, each alone and per list item. */
START_TEST(param_rules_and_lists)
{
    panel_param_spec ps = bare_param();
    ps.integer = 1;
    ck_assert_int_eq(panel_param_value_ok(&ps, "-12"), 1);
    ck_assert_int_eq(panel_param_value_ok(&ps, "12x"), 0);
    ck_assert_int_eq(panel_param_value_ok(&ps, ""), 0);
    ck_assert_int_eq(panel_param_value_ok(&ps, "+1"), 0);
    ps.has_range = 1;
    ps.min = 10;
    ps.max = 20;
    ck_assert_int_eq(panel_param_value_ok(&ps, "10"), 1);
    ck_assert_int_eq(panel_param_value_ok(&ps, "21"), 0);
    ck_assert_int_eq(panel_param_value_ok(&ps, "9"), 0);

    ps = bare_param();
    char *enumv[] = {"a", "b"};
    ps.enumv = enumv;
    ps.n_enum = 2;
    ck_assert_int_eq(panel_param_value_ok(&ps, "b"), 1);
    ck_assert_int_eq(panel_param_value_ok(&ps, "c"), 0);

    ps = bare_param();
    ps.min_length = 2;
    ps.max_length = 3;
    ck_assert_int_eq(panel_param_value_ok(&ps, "\xc3\xa9\xc3\xa9\xc3\xa9"), 1); /* 3 characters */
    ck_assert_int_eq(panel_param_value_ok(&ps, "abcd"), 0);
    ck_assert_int_eq(panel_param_value_ok(&ps, "a"), 0);

    ps = bare_param();
    ps.integer = 1;
    ps.list_sep = ",";
    ck_assert_int_eq(panel_param_value_ok(&ps, "1,2,3"), 1);
    ck_assert_int_eq(panel_param_value_ok(&ps, "1,2,"), 1); /* a trailing separator */
    ck_assert_int_eq(panel_param_value_ok(&ps, "1,x,3"), 0);
    ck_assert_int_eq(panel_param_value_ok(&ps, ","), 0); /* no item */
    ps.list_sep = "\r\n";
    ck_assert_int_eq(panel_param_value_ok(&ps, "1\r\n2"), 1);
    ck_assert_int_eq(panel_param_value_ok(&ps, "1\n2"), 0);
}
END_TEST

/* Each generator writes its value; none leaves the caller's default; bad arguments write
 * nothing. */
START_TEST(param_generators)
{
    char out[64];
    panel_param_spec ps = bare_param();
    ck_assert_int_eq(panel_param_generate(&ps, 0, out, sizeof out), 0);
    ps.gen = PANEL_VALGEN_CONSTANT;
    ps.gen_value = "fixed";
    ck_assert_int_eq(panel_param_generate(&ps, 5, out, sizeof out), 1);
    ck_assert_str_eq(out, "fixed");
    ps.gen_value = NULL;
    ck_assert_int_eq(panel_param_generate(&ps, 5, out, sizeof out), 1);
    ck_assert_str_eq(out, "");
    ps.gen = PANEL_VALGEN_COUNTER;
    ps.gen_value = "req-";
    ck_assert_int_eq(panel_param_generate(&ps, 41, out, sizeof out), 1);
    ck_assert_str_eq(out, "req-42");
    ps.gen = PANEL_VALGEN_LINK;
    ck_assert_int_eq(panel_param_generate(&ps, 0, out, sizeof out), 1);
    ck_assert_str_eq(out, "https://example.com/p/1");
    ps.gen = PANEL_VALGEN_UUID;
    char other[64];
    ck_assert_int_eq(panel_param_generate(&ps, 1, out, sizeof out), 1);
    ck_assert_int_eq(panel_param_generate(&ps, 2, other, sizeof other), 1);
    ck_assert_uint_eq(strlen(out), 36);
    ck_assert_int_eq(out[14], '4'); /* version 4 */
    ck_assert_str_ne(out, other);
    ck_assert_int_eq(panel_param_generate(NULL, 0, out, sizeof out), 0);
    ck_assert_int_eq(panel_param_generate(&ps, 0, NULL, 8), 0);
    ck_assert_int_eq(panel_param_generate(&ps, 0, out, 0), 0);
}
END_TEST

/* Message templates: holes take one or more characters; render fills every hole and cuts. */
START_TEST(message_templates)
{
    static const struct {
        const char *tmpl, *msg;
        int match;
    } rows[] = {
        {"Invalid API key", "Invalid API key", 1},
        {"Invalid API key", "Invalid API key!", 0},
        {"Order {id} not found", "Order 42 not found", 1},
        {"Order {id} not found", "Order  not found", 0},
        {"Order {id}", "Order 4 2", 1},
        {"{a}-{b}", "x-y-z", 1},
        {"{a}-{b}", "xyz", 0},
        {"{not a hole}", "{not a hole}", 1},
        {"{}", "{}", 1},
        {"", "", 1},
        {"abc", "", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ck_assert_msg(panel_message_match(rows[i].tmpl, rows[i].msg) == rows[i].match, "%s ~ %s",
                      rows[i].tmpl, rows[i].msg);
    ck_assert_int_eq(panel_message_match(NULL, "x"), 0);
    ck_assert_int_eq(panel_message_match("x", NULL), 0);
    char out[16];
    ck_assert_str_eq(panel_message_render("Order {id} of {id}", "7", out, sizeof out),
                     "Order 7 of 7");
    ck_assert_str_eq(panel_message_render("Order {id} not found", "123456789", out, sizeof out),
                     "Order 123456789");
    ck_assert_str_eq(panel_message_render(NULL, "x", out, sizeof out), "");
    ck_assert_str_eq(panel_message_render("a{id}b", NULL, out, sizeof out), "ab");
    ck_assert_ptr_null(panel_message_render("x", "y", NULL, 4));
}
END_TEST

/* The outcome of an answer under each success rule, truthiness of every JSON type, error
 * entries (an object with the error field, a string where entries are strings) and what no
 * rule classifies. */
START_TEST(response_outcomes)
{
    panel_dialect_set set;
    tu_load_dialects(&set);
    const panel_dialect *d = panel_dialect_set_find(&set, "smpanelim");
    ck_assert_ptr_nonnull(d);
    panel_response_spec r;
    memset(&r, 0, sizeof r);
    struct {
        panel_success rule;
        const char *member, *value; /* success member, success value (JSON) */
        const char *answer;
        int want;
    } rows[] = {
        {PANEL_SUCCESS_CONSTANT, NULL, "1", "1", 1},
        {PANEL_SUCCESS_CONSTANT, NULL, "1", "\"1\"", -1},
        {PANEL_SUCCESS_CONSTANT, NULL, "{\"status\":\"success\"}", "{\"status\":\"success\"}", 1},
        {PANEL_SUCCESS_CONSTANT, NULL, "1", "{\"error\":\"Incorrect order ID\"}", 0},
        {PANEL_SUCCESS_CONSTANT, NULL, NULL, "1", -1},
        {PANEL_SUCCESS_ID, NULL, NULL, "23501", 1},
        {PANEL_SUCCESS_ID, NULL, NULL, "\"23501\"", 1},
        {PANEL_SUCCESS_ID, NULL, NULL, "\"x1\"", -1},
        {PANEL_SUCCESS_ID, NULL, NULL, "true", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "true", 1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "false", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "2", 1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "0", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "0.5", 1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "0.0", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "\"yes\"", 1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "\"0\"", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "\"FALSE\"", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "\"\"", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "{\"a\":1}", 1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "{}", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "[0]", 1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "[]", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "null", -1},
        {PANEL_SUCCESS_TRUTHY, NULL, NULL, "{\"error\":\"no\"}", 0},
        {PANEL_SUCCESS_MEMBER, "status", "\"success\"", "{\"status\":\"success\"}", 1},
        {PANEL_SUCCESS_MEMBER, "status", "\"success\"", "{\"status\":\"fail\"}", -1},
        {PANEL_SUCCESS_MEMBER, "ok", NULL, "{\"ok\":1}", 1},
        {PANEL_SUCCESS_MEMBER, "ok", NULL, "{\"ok\":0}", -1},
        {PANEL_SUCCESS_MEMBER, "ok", NULL, "[1]", -1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        r.success = rows[i].rule;
        r.success_member = (char *)rows[i].member;
        r.success_value = rows[i].value ? json_loads(rows[i].value, JSON_DECODE_ANY, NULL) : NULL;
        json_t *v = json_loads(rows[i].answer, JSON_DECODE_ANY, NULL);
        ck_assert_ptr_nonnull(v);
        ck_assert_msg(panel_response_outcome(d, &r, NULL, v) == rows[i].want, "rule %d on %s",
                      (int)rows[i].rule, rows[i].answer);
        json_decref(v);
        json_decref(r.success_value);
    }
    r.success = PANEL_SUCCESS_CONSTANT;
    r.success_value = NULL;
    json_t *str = json_string("Incorrect order ID");
    ck_assert_int_eq(panel_response_outcome(d, &r, NULL, str), -1);
    r.error_entry = PANEL_ERRENTRY_STRING;
    ck_assert_int_eq(panel_response_outcome(d, &r, NULL, str), 0);
    ck_assert_int_eq(panel_response_outcome(NULL, &r, NULL, str), -1);
    ck_assert_int_eq(panel_response_outcome(d, NULL, NULL, str), -1);
    ck_assert_int_eq(panel_response_outcome(d, &r, NULL, NULL), -1);
    json_decref(str);

    /* Money places: a field's own, else the dialect's, else 2 without a dialect. */
    int places[2] = {2, -1};
    r.field_decimals = places;
    r.n_fields = 2;
    ck_assert_int_eq(panel_field_decimals(d, &r, 0), 2);
    ck_assert_int_eq(panel_field_decimals(d, &r, 1), d->money_decimals);
    ck_assert_int_eq(panel_field_decimals(d, &r, 5), d->money_decimals);
    ck_assert_int_eq(panel_field_decimals(d, NULL, 0), d->money_decimals);
    ck_assert_int_eq(panel_field_decimals(NULL, NULL, 0), 2);
    panel_dialect_set_free(&set);
}
END_TEST

/* ---- core/dialect_names.c: name tables and lookups at their edges ---- */

START_TEST(names_at_the_edges)
{
    ck_assert_str_eq(panel_shape_name(PANEL_SHAPE_KEYED), "keyed");
    ck_assert_str_eq(panel_shape_name((panel_shape)-1), "?");
    ck_assert_str_eq(panel_shape_name((panel_shape)PANEL_SHAPE__COUNT), "?");
    ck_assert_str_eq(panel_errentry_name(PANEL_ERRENTRY_SIBLING), "sibling");
    ck_assert_str_eq(panel_errentry_name((panel_errentry)99), "?");
    ck_assert_str_eq(panel_prov_name(PANEL_PROV_DOCUMENTED), "documented");
    ck_assert_str_eq(panel_prov_name((panel_prov)-3), "?");
    ck_assert_int_eq(panel_basis_documented(NULL), 0);

    char out[128];
    ck_assert_str_eq(panel_basis_format(NULL, out, sizeof out), "assumed");
    panel_basis b = {PANEL_PROV_DOCUMENTED, "000 §2", NULL};
    ck_assert_str_eq(panel_basis_format(&b, out, sizeof out), "documented 000 §2");
    b = (panel_basis){PANEL_PROV_ASSUMED, NULL, "silent"};
    ck_assert_str_eq(panel_basis_format(&b, out, sizeof out), "assumed: silent");
    ck_assert_ptr_null(panel_basis_format(&b, NULL, 8));

    panel_dialect_set set;
    tu_load_dialects(&set);
    const panel_dialect *d = panel_dialect_set_find(&set, "smpanelim");
    const panel_basis *none = panel_error_case_basis(NULL, PANEL_ERRCASE_BAD_KEY, PANEL_BASIS_HTTP);
    ck_assert_int_eq(none->prov, PANEL_PROV_ASSUMED);
    ck_assert_ptr_eq(panel_error_case_basis(d, PANEL_ERRCASE__COUNT, PANEL_BASIS_HTTP), none);
    ck_assert_ptr_eq(panel_error_case_basis(d, PANEL_ERRCASE_BAD_KEY, PANEL_BASIS_HTTP),
                     &d->errors[PANEL_ERRCASE_BAD_KEY].http_basis);
    ck_assert_ptr_eq(panel_error_case_basis(d, PANEL_ERRCASE_BAD_KEY, PANEL_BASIS_MESSAGE),
                     &d->errors[PANEL_ERRCASE_BAD_KEY].message_basis);
    ck_assert_ptr_eq(panel_error_case_basis(d, PANEL_ERRCASE_BAD_KEY, (panel_errcase_part)9), none);
    const panel_response_spec *bal = &d->actions[PANEL_ACTION_BALANCE].single;
    ck_assert_int_eq(panel_field_basis(NULL, 0)->prov, PANEL_PROV_ASSUMED);
    ck_assert_ptr_eq(panel_field_basis(bal, 99), &bal->basis);

    int exact = -1;
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, "In progress", &exact),
                     PANEL_STATUS_IN_PROGRESS);
    ck_assert_int_eq(exact, 1);
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, "in_PROGRESS", &exact),
                     PANEL_STATUS_IN_PROGRESS);
    ck_assert_int_eq(exact, 0);
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, "Shipped", NULL), PANEL_STATUS_UNKNOWN);
    ck_assert_int_eq(panel_vocab_lookup(NULL, "Pending", &exact), PANEL_STATUS_UNKNOWN);
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, NULL, NULL), PANEL_STATUS_UNKNOWN);
    ck_assert_str_eq(panel_vocab_word(&d->order_status, PANEL_STATUS_PARTIAL), "Partial");
    ck_assert_ptr_null(panel_vocab_word(&d->order_status, PANEL_STATUS_FAILED));
    ck_assert_ptr_null(panel_vocab_word(NULL, PANEL_STATUS_PARTIAL));
    ck_assert_ptr_null(panel_dialect_type(NULL, "Default"));
    ck_assert_ptr_null(panel_dialect_type(d, NULL));
    ck_assert_ptr_nonnull(panel_dialect_type(d, "custom COMMENTS"));
    ck_assert_ptr_null(panel_dialect_param(d, NULL));
    ck_assert_ptr_null(panel_dialect_param(NULL, "quantity"));
    panel_dialect_set_free(&set);
}
END_TEST

/* ---- core/dialect_load.c: what only the loader (not the member table) refuses ---- */

/* tu_dialect_edit_row without a reason to check. */
static void loader_row(const char *const *path, const char *value, const char *want_ptr,
                       panel_dialect_errcode want_code)
{
    tu_dialect_edit_row(path, value, want_ptr, want_code, NULL);
}

START_TEST(loader_only_refusals)
{
    static const char *const svc0[] = {"catalogue", "services", "1", "service", NULL};
    static const char *const bal[] = {"catalogue", "balance", NULL};
    static const char *const life[] = {"statuses", "order", "lifecycle", "pending", NULL};
    static const char *const name[] = {"name", NULL};
    loader_row(svc0, "1", "/catalogue/services/1/service", PANEL_DERR_DUPLICATE);
    loader_row(svc0, "\"1\"", "/catalogue/services/1/service", PANEL_DERR_DUPLICATE);
    loader_row(svc0, "\"svc-b\"", NULL, PANEL_DERR_NONE); /* a string id of its own */
    loader_row(bal, "\"-1.5\"", "/catalogue/balance", PANEL_DERR_OUT_OF_RANGE);
    loader_row(life, "[\"completed\",\"shipped\"]", "/statuses/order/lifecycle/pending/1",
               PANEL_DERR_BAD_VALUE);
    loader_row(name, "\"Sm-Panel\"", "/name", PANEL_DERR_BAD_FORMAT);
    loader_row(name, "\"-smp\"", "/name", PANEL_DERR_BAD_FORMAT);
    loader_row(name, "\"smp-2\"", NULL, PANEL_DERR_NONE);

    /* Format-2 members the loader cross-checks. */
    static const char *const order_id[] = {"ids", "order", NULL};
    static const char *const newp[] = {"params", "ref", NULL};
    tu_dialect_edit_row(order_id, "{\"kind\":\"int\",\"min\":10,\"max\":5}", "/ids/order/min",
                        PANEL_DERR_CONFLICT, "min 10 > max 5");
    tu_dialect_edit_row(order_id, "{\"kind\":\"pattern\",\"generator\":{\"kind\":\"digits\"}}",
                        "/ids/order/pattern", PANEL_DERR_MISSING_MEMBER, "needs \"pattern\"");
    tu_dialect_edit_row(order_id, "{\"kind\":\"pattern\",\"pattern\":\"[0-9]+\"}",
                        "/ids/order/generator", PANEL_DERR_MISSING_MEMBER, "needs a \"generator\"");
    tu_dialect_edit_row(order_id, "{\"kind\":\"int\",\"min\":100,\"max\":999999}", NULL,
                        PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(newp, "{\"min_length\":5,\"max_length\":2,\"assumed\":\"t\"}",
                        "/params/ref/min_length", PANEL_DERR_CONFLICT, "min_length > max_length");
    tu_dialect_edit_row(newp, "{\"integer\":true,\"min\":10,\"max\":5,\"assumed\":\"t\"}",
                        "/params/ref/min", PANEL_DERR_CONFLICT, "min > max");
    tu_dialect_edit_row(newp, "{\"generator\":{\"kind\":\"constant\"},\"assumed\":\"t\"}",
                        "/params/ref", PANEL_DERR_MISSING_MEMBER, "needs \"value\"");
    tu_dialect_edit_row(newp, "{\"pattern\":\"([a-z\",\"assumed\":\"t\"}", "/params/ref/pattern",
                        PANEL_DERR_BAD_PATTERN, NULL);
    tu_dialect_edit_row(newp,
                        "{\"max\":7,\"pattern\":\"[0-9]+\",\"list\":\",\",\"generator\":{\"kind\":"
                        "\"counter\",\"value\":\"r-\"},\"assumed\":\"t\"}",
                        NULL, PANEL_DERR_NONE, NULL);
}
END_TEST

/* The member table's refusals, one per kind of node: the type words of each, strings with a
 * too long or empty, arrays and fixed-length tuples of the wrong size, integers and money out of
 * range or format. */
START_TEST(walk_refusals)
{
    static const char *const bal[] = {"catalogue", "balance", NULL};
    static const char *const refill[] = {"catalogue", "services", "0", "refill", NULL};
    static const char *const svc[] = {"catalogue", "services", "0", "service", NULL};
    static const char *const title[] = {"title", NULL};
    static const char *const word0[] = {"statuses", "order", "words", "0", NULL};
    static const char *const words[] = {"statuses", "order", "words", NULL};
    static const char *const maxids[] = {"limits", "max_ids", "value", NULL};
    static const char *const types[] = {"service_types", NULL};
    static const char *const lifecycle[] = {"statuses", "order", "lifecycle", NULL};
    tu_dialect_edit_row(bal, "5", "/catalogue/balance", PANEL_DERR_WRONG_TYPE,
                        "expected a decimal string");
    tu_dialect_edit_row(bal, "\"5,5\"", "/catalogue/balance", PANEL_DERR_BAD_FORMAT,
                        "not a decimal amount");
    tu_dialect_edit_row(refill, "\"yes\"", "/catalogue/services/0/refill", PANEL_DERR_WRONG_TYPE,
                        "expected true or false");
    tu_dialect_edit_row(svc, "[1]", "/catalogue/services/0/service", PANEL_DERR_WRONG_TYPE,
                        "expected an integer or a string");
    tu_dialect_edit_row(title, "\"\"", "/title", PANEL_DERR_EMPTY, "empty string");
    tu_dialect_edit_row(word0, "[\"Pending\"]", "/statuses/order/words/0", PANEL_DERR_WRONG_TYPE,
                        "(2 entries)");
    tu_dialect_edit_row(words, "[]", "/statuses/order/words", PANEL_DERR_OUT_OF_RANGE, "0 entries");
    tu_dialect_edit_row(words, "{}", "/statuses/order/words", PANEL_DERR_WRONG_TYPE,
                        "expected an array");
    tu_dialect_edit_row(maxids, "0", "/limits/max_ids/value", PANEL_DERR_OUT_OF_RANGE,
                        "out of range");
    tu_dialect_edit_row(types, "\"Default\"", "/service_types", PANEL_DERR_WRONG_TYPE,
                        "expected an array");
    tu_dialect_edit_row(lifecycle, "[]", "/statuses/order/lifecycle", PANEL_DERR_WRONG_TYPE,
                        "expected an object");
    char longtitle[4200];
    memset(longtitle, 't', sizeof longtitle - 1);
    longtitle[0] = longtitle[sizeof longtitle - 2] = '"';
    longtitle[sizeof longtitle - 1] = '\0';
    tu_dialect_edit_row(title, longtitle, "/title", PANEL_DERR_OUT_OF_RANGE, "longer than");
}
END_TEST

static Suite *cov_dialect_suite(void)
{
    Suite *s = suite_create("cov_dialect");
    TCase *tc0 = tcase_create("dialect_formats");
    tcase_add_test(tc0, param_dates_every_format);
    tcase_add_test(tc0, param_rules_and_lists);
    tcase_add_test(tc0, param_generators);
    tcase_add_test(tc0, message_templates);
    tcase_add_test(tc0, response_outcomes);
    tcase_add_test(tc0, names_at_the_edges);
    suite_add_tcase(s, tc0);
    TCase *tc1 = tcase_create("loader");
    tcase_add_test(tc1, loader_only_refusals);
    tcase_add_test(tc1, walk_refusals);
    suite_add_tcase(s, tc1);
    return s;
}

int main(void)
{
    return tu_run(cov_dialect_suite());
}
