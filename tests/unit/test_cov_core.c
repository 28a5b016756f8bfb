/* tests/unit/test_cov_core.c - core helpers the suites only met on their common paths (found
 * with `make coverage`): JSON pointers past the inline buffer, type names, depth, brief texts,
 * value comparison, UTF-8 cuts, integer texts and the compact dumper (core/json_util.c); the
 * reader's refusals and duplicate keys at scale (jdoc.c);
 * parameter values, generators, message templates and answer outcomes (dialect_formats.c);
 * the HAR reader's refusals and what it reads (har.c); rendering in every field kind and
 * error-entry shape, read back to the same value (render.c); every JSON type in every field
 * kind (parse_fields.c); name tables at their edges; diagnostics at their length limits and
 * the writer's U+FFFD for bytes that are not UTF-8 (result.c, result_write.c); the loader's
 * and the member table's refusals; the fuzz cross-over (fuzz_mutate.c). */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "jdoc.h"
#include "json_util.h"
#include "panel/dialect.h"
#include "panel/fuzz.h"
#include "panel/har.h"
#include "panel/parse.h"

/* Reads text with the parser's reader into d; fails the test when it is not JSON. */
static const jdoc_val *read_text(jdoc *d, const char *text)
{
    jdoc_error err;
    memset(d, 0, sizeof *d);
    ck_assert_msg(jdoc_read(d, text, strlen(text), 64, NULL, NULL, &err) == PANEL_E_OK, "%s: %s",
                  text, err.text);
    return &d->root;
}

/* A pointer longer than the inline buffer moves to the heap and keeps its text; keys are
 * escaped (~0, ~1), indexes written in decimal, pops go back to any earlier length. */
START_TEST(ptr_grows_and_escapes)
{
    json_util_ptr p;
    json_util_ptr_init(&p);
    ck_assert_str_eq(p.s, "");
    size_t m0 = json_util_ptr_push_key(&p, "a/b~c");
    ck_assert_uint_eq(m0, 0);
    ck_assert_str_eq(p.s, "/a~1b~0c");
    size_t m1 = json_util_ptr_push_index(&p, 0);
    json_util_ptr_push_index(&p, 1234567890);
    ck_assert_str_eq(p.s, "/a~1b~0c/0/1234567890");
    ck_assert_ptr_eq(p.s, p.inline_buf);
    char key[300], want[4096];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    snprintf(want, sizeof want, "%s", p.s);
    for (int i = 0; i < 10; i++) {
        json_util_ptr_push_key(&p, key);
        size_t len = strlen(want);
        snprintf(want + len, sizeof want - len, "/%s", key);
    }
    ck_assert_ptr_ne(p.s, p.inline_buf); /* on the heap now */
    ck_assert_uint_ge(p.cap, p.len + 1);
    ck_assert_str_eq(p.s, want);
    ck_assert_int_eq(json_util_ptr_failed(&p), 0);
    json_util_ptr_pop(&p, m1);
    ck_assert_str_eq(p.s, "/a~1b~0c");
    json_util_ptr_pop(&p, 9999); /* past the end: unchanged */
    ck_assert_str_eq(p.s, "/a~1b~0c");
    json_util_ptr_pop(&p, m0);
    ck_assert_str_eq(p.s, "");
    json_util_ptr_free(&p);
    ck_assert_ptr_null(p.s);
    ck_assert_int_eq(json_util_ptr_failed(&p), 1); /* a freed pointer cannot be used */
}
END_TEST

/* Every jansson type has its name; depth counts containers and stops past the limit. */
START_TEST(type_names_and_depth)
{
    json_t *v = json_loads("{\"o\":{},\"a\":[1,[2,[3]]],\"s\":\"x\",\"i\":1,\"r\":1.5,\"t\":true,"
                           "\"f\":false,\"n\":null}",
                           JSON_DECODE_ANY, NULL);
    ck_assert_ptr_nonnull(v);
    static const struct {
        const char *key, *name;
    } rows[] = {{"o", "object"}, {"a", "array"},   {"s", "string"},  {"i", "integer"},
                {"r", "real"},   {"t", "boolean"}, {"f", "boolean"}, {"n", "null"}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ck_assert_str_eq(json_util_type_name(json_object_get(v, rows[i].key)), rows[i].name);
    ck_assert_str_eq(json_util_type_name(NULL), "absent");
    ck_assert_uint_eq(json_util_depth(json_object_get(v, "i"), 10), 1);
    ck_assert_uint_eq(json_util_depth(json_object_get(v, "a"), 10), 4); /* scalars count 1 */
    ck_assert_uint_eq(json_util_depth(v, 10), 5);
    ck_assert_uint_eq(json_util_depth(v, 0), 1);
    ck_assert_uint_le(json_util_depth(v, 2), 3); /* stops counting past the limit */
    ck_assert_uint_gt(json_util_depth(v, 2), 2);
    json_decref(v);
}
END_TEST

/* Brief texts of jansson values: strings bare and cut at 64 bytes on a character boundary,
 * integers and shortest reals, containers compact and cut. */
START_TEST(brief_of_jansson_values)
{
    char out[80];
    json_util_brief(NULL, out, sizeof out);
    ck_assert_str_eq(out, "absent");
    json_t *s = json_string("plain");
    json_util_brief(s, out, sizeof out);
    ck_assert_str_eq(out, "plain");
    json_decref(s);
    char longs[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(longs, "\xc3\xa9"); /* 80 bytes of two-byte characters */
    s = json_string(longs);
    json_util_brief(s, out, sizeof out);
    ck_assert_uint_eq(strlen(out), 64);
    ck_assert_int_eq(memcmp(out, longs, 64), 0);
    json_decref(s);
    s = json_string("\xe2\x82\xac\xe2\x82\xac");
    json_util_brief(s, out, 5); /* room for 4: the second euro sign does not fit */
    ck_assert_str_eq(out, "\xe2\x82\xac");
    json_decref(s);
    json_t *i = json_integer(-42);
    json_util_brief(i, out, sizeof out);
    ck_assert_str_eq(out, "-42");
    json_decref(i);
    json_t *r = json_real(0.27819);
    json_util_brief(r, out, sizeof out);
    ck_assert_str_eq(out, "0.27819");
    json_decref(r);
    json_t *o = json_pack("{s:[i,b,n], s:s}", "a", 1, 1, "k", "v\"");
    json_util_brief(o, out, sizeof out);
    ck_assert_str_eq(out, "{\"a\":[1,true,null],\"k\":\"v\\\"\"}");
    json_decref(o);
    json_t *big = json_array();
    for (int k = 0; k < 100; k++)
        json_array_append_new(big, json_integer(k));
    json_util_brief(big, out, sizeof out);
    ck_assert_uint_eq(strlen(out), 64);
    ck_assert_int_eq(strncmp(out, "[0,1,2,3", 8), 0);
    json_decref(big);
    out[0] = 'x';
    json_util_brief(i, out, 0); /* no room: nothing written */
    ck_assert_int_eq(out[0], 'x');
}
END_TEST

/* Brief texts of read values: strings bare, numbers as their input text, containers with
 * every escape jansson writes, cut at 64 bytes without splitting a character. */
START_TEST(brief_of_read_values)
{
    char out[80];
    jdoc d;
    json_util_vbrief(NULL, out, sizeof out);
    ck_assert_str_eq(out, "absent");
    json_util_vbrief(read_text(&d, "1.50E+3"), out, sizeof out);
    ck_assert_str_eq(out, "1.50E+3");
    jdoc_free(&d);
    json_util_vbrief(read_text(&d, "\"bare\""), out, sizeof out);
    ck_assert_str_eq(out, "bare");
    jdoc_free(&d);
    json_util_vbrief(
        read_text(&d, "[null,true,false,\"q\\\"\\\\\\n\\r\\t\\b\\f\\u0001\",{\"k\":[]}]"), out,
        sizeof out);
    ck_assert_str_eq(out, "[null,true,false,\"q\\\"\\\\\\n\\r\\t\\b\\f\\u0001\",{\"k\":[]}]");
    jdoc_free(&d);
    char text[400] = "[\"";
    for (int i = 0; i < 50; i++)
        strcat(text, "\xe2\x82\xac"); /* 150 bytes of euro signs */
    strcat(text, "\"]");
    json_util_vbrief(read_text(&d, text), out, sizeof out);
    ck_assert_uint_le(strlen(out), 64);
    ck_assert_uint_eq((strlen(out) - 2) % 3, 0); /* "[\"" then whole characters */
    jdoc_free(&d);
    json_util_vbrief(read_text(&d, "{\"a\":1}"), out, 4);
    ck_assert_str_eq(out, "{\"a");
    jdoc_free(&d);
}
END_TEST

/* A read value against a jansson one: json_equal's rules (an integer never equals a real,
 * objects by members whatever their order, arrays in order). */
START_TEST(read_value_equals_jansson)
{
    static const struct {
        const char *read, *jansson;
        int equal;
    } rows[] = {
        {"null", "null", 1},
        {"true", "true", 1},
        {"false", "false", 1},
        {"true", "false", 0},
        {"\"a\"", "\"a\"", 1},
        {"\"a\"", "\"ab\"", 0},
        {"\"1\"", "1", 0},
        {"7", "7", 1},
        {"7", "8", 0},
        {"7", "7.0", 0},
        {"7.0", "7", 0},
        {"2.5", "2.5", 1},
        {"2.5e0", "2.5", 1},
        {"2.5", "2.25", 0},
        {"99999999999999999999", "1", 0},
        {"[1,\"x\"]", "[1,\"x\"]", 1},
        {"[1,\"x\"]", "[\"x\",1]", 0},
        {"[1]", "[1,2]", 0},
        {"[1]", "{}", 0},
        {"{\"a\":1,\"b\":[true]}", "{\"b\":[true],\"a\":1}", 1},
        {"{\"a\":1}", "{\"a\":2}", 0},
        {"{\"a\":1}", "{\"b\":1}", 0},
        {"{\"a\":1}", "{\"a\":1,\"b\":1}", 0},
        {"{}", "[]", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        jdoc d;
        const jdoc_val *a = read_text(&d, rows[i].read);
        json_t *b = json_loads(rows[i].jansson, JSON_DECODE_ANY, NULL);
        ck_assert_ptr_nonnull(b);
        ck_assert_msg(json_util_vequal(a, b) == rows[i].equal, "%s vs %s", rows[i].read,
                      rows[i].jansson);
        json_decref(b);
        jdoc_free(&d);
    }
    json_t *n = json_null();
    ck_assert_int_eq(json_util_vequal(NULL, n), 0);
    jdoc d;
    ck_assert_int_eq(json_util_vequal(read_text(&d, "null"), NULL), 0);
    jdoc_free(&d);
}
END_TEST

/* UTF-8 cuts never split a character; a truncated tail is dropped whole. */
START_TEST(utf8_cut_and_whole)
{
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"; /* a é € 😀: 1+2+3+4 bytes */
    ck_assert_uint_eq(json_util_utf8_cut(s, 1), 1);
    ck_assert_uint_eq(json_util_utf8_cut(s, 2), 1);
    ck_assert_uint_eq(json_util_utf8_cut(s, 3), 3);
    ck_assert_uint_eq(json_util_utf8_cut(s, 5), 3);
    ck_assert_uint_eq(json_util_utf8_cut(s, 8), 6);
    ck_assert_uint_eq(json_util_utf8_whole(s, 10), 10);
    ck_assert_uint_eq(json_util_utf8_whole(s, 9), 6);
    ck_assert_uint_eq(json_util_utf8_whole(s, 8), 6);
    ck_assert_uint_eq(json_util_utf8_whole(s, 7), 6);
    ck_assert_uint_eq(json_util_utf8_whole(s, 5), 3);
    ck_assert_uint_eq(json_util_utf8_whole(s, 2), 1);
    ck_assert_uint_eq(json_util_utf8_whole(s, 1), 1);
    ck_assert_uint_eq(json_util_utf8_whole("\x80\x80", 2), 2); /* no lead byte: kept */
    ck_assert_uint_eq(json_util_utf8_whole("", 0), 0);
}
END_TEST

/* Integer texts: exact over the whole int64 range, refused past it or when not digits. */
START_TEST(int_parse_and_text)
{
    static const struct {
        const char *s;
        panel_err rc;
        int64_t v;
    } rows[] = {
        {"0", PANEL_E_OK, 0},
        {"-0", PANEL_E_OK, 0},
        {"42", PANEL_E_OK, 42},
        {"9223372036854775807", PANEL_E_OK, INT64_MAX},
        {"-9223372036854775808", PANEL_E_OK, INT64_MIN},
        {"9223372036854775808", PANEL_E_RANGE, 0},
        {"-9223372036854775809", PANEL_E_RANGE, 0},
        {"123456789012345678901234567890", PANEL_E_RANGE, 0},
        {"", PANEL_E_PARSE, 0},
        {"-", PANEL_E_PARSE, 0},
        {"1x", PANEL_E_PARSE, 0},
        {"+1", PANEL_E_PARSE, 0},
        {"1.0", PANEL_E_PARSE, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t v = 12345;
        panel_err rc = json_util_parse_int(rows[i].s, strlen(rows[i].s), &v);
        ck_assert_msg(rc == rows[i].rc, "%s: %s", rows[i].s, panel_err_name(rc));
        if (rc == PANEL_E_OK) {
            ck_assert_int_eq(v, rows[i].v);
            char tmp[JSON_UTIL_INT_TEXT + 1];
            size_t n = json_util_int_text(v, tmp);
            tmp[n] = '\0';
            ck_assert_str_eq(tmp, rows[i].s[0] == '-' && v == 0 ? "0" : rows[i].s);
        }
    }
}
END_TEST

/* The compact dump: every type in insertion order, reals in their shortest exact form with a
 * ".0" when whole, escapes as jansson writes them; a missing value or buffer is refused, and
 * nesting past 4096 levels is too large. */
START_TEST(dump_every_type)
{
    panel_buf b;
    panel_buf_init(&b, 1 << 20);
    json_t *o = json_object();
    json_object_set_new(o, "z", json_integer(-1));
    json_object_set_new(o, "a", json_pack("[f,f,f,f,b,b,n]", 0.27819, 2.0, 0.1, 1e300, 1, 0));
    json_object_set_new(o, "s", json_string("tab\there \"q\" \x01"));
    json_object_set_new(o, "e", json_object());
    ck_assert_int_eq(json_util_dump(o, &b), PANEL_E_OK);
    ck_assert_str_eq(b.data, "{\"z\":-1,\"a\":[0.27819,2.0,0.1,1e+300,true,false,null],"
                             "\"s\":\"tab\\there \\\"q\\\" \\u0001\",\"e\":{}}");
    /* Each real reads back as the same double. */
    json_t *back = json_loads(b.data, 0, NULL);
    ck_assert_ptr_nonnull(back);
    ck_assert(json_equal(back, o));
    json_decref(back);
    json_decref(o);
    ck_assert_int_eq(json_util_dump(NULL, &b), PANEL_E_INVALID);
    json_t *one = json_integer(1);
    ck_assert_int_eq(json_util_dump(one, NULL), PANEL_E_INVALID);
    json_decref(one);

    json_t *deep = json_array();
    json_t *cur = deep;
    for (int i = 0; i < 5000; i++) {
        json_t *next = json_array();
        json_array_append_new(cur, next);
        cur = next;
    }
    panel_buf_reset(&b);
    ck_assert_int_eq(json_util_dump(deep, &b), PANEL_E_TOO_LARGE);
    json_decref(deep);
    panel_buf_free(&b);
}
END_TEST

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

/* ---- core/har.c: the strict HAR reader and the parameter extraction ---- */

#define REQ_OK                                                                                     \
    "\"request\":{\"method\":\"POST\",\"url\":\"http://127.0.0.1:1/api/v2\",\"headers\":[]}"
#define RESP_OK                                                                                    \
    "\"response\":{\"status\":200,\"headers\":[],\"content\":{\"text\":\"{}\",\"mimeType\":"       \
    "\"application/json\"}}"

/* Every malformed recording is refused with an error naming the member. */
START_TEST(har_refusals)
{
    static const struct {
        const char *entry; /* one entry; NULL: the whole text is in doc */
        const char *doc;
        panel_err rc;
        const char *want;
    } rows[] = {
        {NULL, "{", PANEL_E_PARSE, "not JSON: line"},
        {NULL, "{\"log\":1}", PANEL_E_PARSE, "(top).log: want an object"},
        {NULL, "{\"log\":{}}", PANEL_E_PARSE, "log.version: want a string"},
        {NULL, "{\"log\":{\"version\":\"1.2\",\"entries\":{}}}", PANEL_E_PARSE,
         "log.entries: want an array"},
        {"1", NULL, PANEL_E_PARSE, "log.entries[0]: want an object"},
        {"{\"request\":1}", NULL, PANEL_E_PARSE, "log.entries[0].request: want an object"},
        {"{" REQ_OK "}", NULL, PANEL_E_PARSE, "log.entries[0].response: want an object"},
        {"{\"request\":{\"method\":\"POST\",\"url\":\"/\",\"headers\":{}}," RESP_OK "}", NULL,
         PANEL_E_PARSE, "log.entries[0].request.headers: want an array"},
        {"{\"request\":{\"method\":\"POST\",\"url\":\"/\",\"headers\":[{\"name\":1}]}," RESP_OK "}",
         NULL, PANEL_E_PARSE, "log.entries[0].request.headers[0]: want {\"name\": string"},
        {"{\"request\":{\"url\":\"/\",\"headers\":[]}," RESP_OK "}", NULL, PANEL_E_PARSE,
         "log.entries[0].request.method: want a string"},
        {"{\"request\":{\"method\":\"POST\",\"headers\":[]}," RESP_OK "}", NULL, PANEL_E_PARSE,
         "log.entries[0].request.url: want a string"},
        {"{\"request\":{\"method\":\"POST\",\"url\":\"/\",\"headers\":[],\"postData\":[]}," RESP_OK
         "}",
         NULL, PANEL_E_PARSE, "log.entries[0].request.postData: want an object"},
        {"{\"request\":{\"method\":\"POST\",\"url\":\"/\",\"headers\":[],\"postData\":{}}," RESP_OK
         "}",
         NULL, PANEL_E_PARSE, "postData.mimeType: want a string"},
        {"{\"request\":{\"method\":\"POST\",\"url\":\"/\",\"headers\":[],\"postData\":"
         "{\"mimeType\":\"x\",\"text\":7}}," RESP_OK "}",
         NULL, PANEL_E_PARSE, "postData.text: want a string"},
        {"{" REQ_OK ",\"response\":{\"status\":1000,\"headers\":[],\"content\":{}}}", NULL,
         PANEL_E_PARSE, "log.entries[0].response.status: want an integer 0-999"},
        {"{" REQ_OK ",\"response\":{\"status\":\"200\",\"headers\":[],\"content\":{}}}", NULL,
         PANEL_E_PARSE, "response.status: want an integer 0-999"},
        {"{" REQ_OK ",\"response\":{\"status\":200,\"headers\":[]}}", NULL, PANEL_E_PARSE,
         "log.entries[0].response.content: want an object"},
        {"{" REQ_OK ",\"response\":{\"status\":200,\"headers\":[],\"content\":{\"text\":1}}}", NULL,
         PANEL_E_PARSE, "response.content.text: want a string"},
        {"{" REQ_OK ",\"response\":{\"status\":200,\"headers\":[],\"content\":{\"encoding\":[]}}}",
         NULL, PANEL_E_PARSE, "response.content.encoding: want a string"},
        {"{" REQ_OK
         ",\"response\":{\"status\":200,\"headers\":[],\"statusText\":0,\"content\":{}}}",
         NULL, PANEL_E_PARSE, "response.statusText: want a string"},
        {"{" REQ_OK ",\"response\":{\"status\":200,\"headers\":[],\"content\":{\"text\":\"e30!\","
         "\"encoding\":\"base64\"}}}",
         NULL, PANEL_E_PARSE, "response.content.text: not base64"},
        {"{" REQ_OK ",\"response\":{\"status\":200,\"headers\":[],\"content\":{\"text\":\"x\","
         "\"encoding\":\"gzip\"}}}",
         NULL, PANEL_E_PARSE, "response.content.encoding: unknown 'gzip'"},
        {"{" REQ_OK "," RESP_OK "},2", NULL, PANEL_E_PARSE, "log.entries[1]: want an object"},
    };
    char text[2048], err[256];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i].entry)
            snprintf(text, sizeof text, "{\"log\":{\"version\":\"1.2\",\"entries\":[%s]}}",
                     rows[i].entry);
        else
            snprintf(text, sizeof text, "%s", rows[i].doc);
        panel_har h;
        panel_err rc = panel_har_load_mem(text, strlen(text), &h, err, sizeof err);
        ck_assert_msg(rc == rows[i].rc, "row %zu: %s (%s)", i, panel_err_name(rc), err);
        ck_assert_msg(strstr(err, rows[i].want) != NULL, "row %zu: want '%s' in '%s'", i,
                      rows[i].want, err);
        ck_assert_uint_eq(h.n, 0);
        ck_assert_ptr_null(h.entries);
    }
    panel_har h;
    ck_assert_int_eq(panel_har_load("/nonexistent/rec.har", &h, err, sizeof err), PANEL_E_IO);
    ck_assert_str_eq(err, "cannot open");
}
END_TEST

/* A well-formed recording: base64 bodies, the content type from the headers over the
 * content's mimeType, Retry-After, JSON and form request bodies as parameters (non-string JSON
 * members as compact JSON, an undecodable text as one unnamed parameter), query and fragment. */
START_TEST(har_entries_read)
{
    const char *text =
        "{\"log\":{\"version\":\"1.2\",\"entries\":["
        "{\"request\":{\"method\":\"POST\",\"url\":\"http://127.0.0.1:1/api/v2?a=1#frag\","
        "\"headers\":[],\"postData\":{\"mimeType\":\"application/json\","
        "\"text\":\"{\\\"action\\\":\\\"add\\\",\\\"quantity\\\":100,\\\"ids\\\":[1,2]}\"}},"
        "\"response\":{\"status\":429,\"statusText\":\"Too Many\",\"headers\":["
        "{\"name\":\"content-type\",\"value\":\"text/plain\"},{\"name\":\"Retry-After\","
        "\"value\":\"3\"}],\"content\":{\"text\":\"eyJvcmRlciI6MX0=\",\"encoding\":\"base64\","
        "\"mimeType\":\"application/json\"}}},"
        "{\"request\":{\"method\":\"GET\",\"url\":\"http://host\",\"headers\":[],"
        "\"postData\":{\"mimeType\":\"application/x-www-form-urlencoded\",\"text\":\"%zz\"}},"
        "\"response\":{\"status\":200,\"headers\":[],\"content\":{\"mimeType\":\"text/html\"}}}"
        "]}}";
    panel_har h;
    char err[256];
    ck_assert_msg(panel_har_load_mem(text, strlen(text), &h, err, sizeof err) == PANEL_E_OK, "%s",
                  err);
    ck_assert_uint_eq(h.n, 2);
    const panel_har_entry *e = &h.entries[0];
    ck_assert_str_eq(e->method, "POST");
    ck_assert_str_eq(e->path, "/api/v2");
    ck_assert_int_eq(e->status, 429);
    ck_assert_str_eq(e->status_text, "Too Many");
    ck_assert_str_eq(e->content_type, "text/plain");
    ck_assert_str_eq(e->retry_after, "3");
    ck_assert_str_eq(e->body, "{\"order\":1}");
    ck_assert_uint_eq(e->body_len, 11);
    ck_assert_uint_eq(e->params.n, 4);
    ck_assert_str_eq(e->params.items[0].name, "a");
    ck_assert_str_eq(e->params.items[0].value, "1");
    ck_assert_str_eq(e->params.items[1].name, "action");
    ck_assert_str_eq(e->params.items[2].value, "100");
    ck_assert_str_eq(e->params.items[3].value, "[1,2]");
    e = &h.entries[1];
    ck_assert_str_eq(e->path, "/");
    ck_assert_str_eq(e->content_type, "text/html");
    ck_assert_ptr_null(e->retry_after);
    ck_assert_str_eq(e->body, "");
    ck_assert_uint_eq(e->params.n, 1);
    ck_assert_str_eq(e->params.items[0].name, "");
    ck_assert_str_eq(e->params.items[0].value, "%zz");
    panel_har_free(&h);

    /* Parameters straight from a request: the key masked in every value. */
    panel_har_params ps;
    const char *body = "[\"not an object\", \"k3y\"]";
    ck_assert_int_eq(panel_har_params_new("/x?key=k3y&x=ak3yb", "application/json", body,
                                          strlen(body), "k3y", &ps),
                     PANEL_E_OK);
    ck_assert_uint_eq(ps.n, 3);
    ck_assert_str_eq(ps.items[0].value, PANEL_HAR_KEY_MASK);
    ck_assert_str_eq(ps.items[1].value, "a" PANEL_HAR_KEY_MASK "b");
    ck_assert_str_eq(ps.items[2].name, "");
    ck_assert_ptr_nonnull(strstr(ps.items[2].value, PANEL_HAR_KEY_MASK));
    panel_har_params_free(&ps);
    ck_assert_uint_eq(ps.n, 0);

    char path[8];
    panel_har_url_path("https://h:1/a/b/c/d/e?q", path, sizeof path);
    ck_assert_str_eq(path, "/a/b/c/");
    panel_har_url_path("/only?x=1", path, sizeof path);
    ck_assert_str_eq(path, "/only");
    panel_har_url_path("http://h#f", path, sizeof path);
    ck_assert_str_eq(path, "/");
    panel_har_url_path("?x", path, sizeof path);
    ck_assert_str_eq(path, "/");
}
END_TEST

/* ---- core/render.c: field kinds and error-entry shapes ---- */

/* dialects/smpanelim.json with the kinds of services' refill and min and of status' remains
 * replaced, and the multi status error entry shape set to errentry. */
static panel_dialect *render_dialect(const char *refill, const char *min, const char *remains,
                                     const char *errentry)
{
    json_error_t jerr;
    json_t *doc = json_load_file(PANEL_SOURCE_DIR "/dialects/smpanelim.json", 0, &jerr);
    ck_assert_msg(doc != NULL, "%s", jerr.text);
    json_t *acts = json_object_get(doc, "actions");
    json_t *sf =
        json_object_get(json_object_get(json_object_get(acts, "services"), "single"), "fields");
    json_object_set_new(sf, "refill", json_string(refill));
    json_object_set_new(sf, "min", json_string(min));
    json_t *st = json_object_get(acts, "status");
    json_object_set_new(json_object_get(json_object_get(st, "single"), "fields"), "remains",
                        json_string(remains));
    json_t *multi = json_object_get(st, "multi");
    json_object_set_new(multi, "error_entry", json_string(errentry));
    if (strcmp(errentry, "nested") == 0 || strcmp(errentry, "sibling") == 0) {
        json_object_set_new(json_object_get(multi, "fields"), "order", json_string("int"));
        json_object_set_new(multi, "key_field", json_string("order"));
        json_object_set_new(multi, "shape", json_string("array"));
    }
    char *text = json_dumps(doc, 0);
    panel_dialect *d = NULL;
    panel_dialect_error de;
    panel_err rc = panel_dialect_load_bytes(text, strlen(text), "render", &d, &de);
    ck_assert_msg(rc == PANEL_E_OK, "%s %s: %s", errentry, de.pointer, de.reason);
    free(text);
    json_decref(doc);
    return d;
}

/* Parses body (form multi) under d with no error; a new result. */
static panel_result *parse_clean(const panel_dialect *d, panel_action a, int multi,
                                 const char *body)
{
    panel_parse_opts o = {.multi = multi};
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, a, body, strlen(body), &o, &r), PANEL_E_OK);
    for (size_t i = 0; i < r->n_diags; i++)
        ck_assert_msg(r->diags[i].severity != PANEL_SEV_ERROR, "%s: %s at '%s': %s", body,
                      panel_diag_code_name(r->diags[i].code), r->diags[i].pointer,
                      r->diags[i].message);
    return r;
}

/* Renders r under d (tree path), parses the text back and requires the same value; returns
 * the rendered text (caller frees). */
static char *round_trip(const panel_dialect *d, const panel_result *r)
{
    json_t *j = panel_render_new(d, r);
    ck_assert_ptr_nonnull(j);
    panel_buf b;
    panel_buf_init(&b, 1 << 16);
    ck_assert_int_eq(panel_json_dump(j, &b), PANEL_E_OK);
    json_decref(j);
    panel_result *back = parse_clean(d, r->action, r->multi, b.data);
    json_t *v1 = panel_result_value_json_new(r), *v2 = panel_result_value_json_new(back);
    char *t1 = json_dumps(v1, JSON_COMPACT), *t2 = json_dumps(v2, JSON_COMPACT);
    ck_assert_msg(json_equal(v1, v2), "rendered %s\n  first  %s\n  second %s", b.data, t1, t2);
    free(t1);
    free(t2);
    json_decref(v1);
    json_decref(v2);
    panel_result_free(back);
    char *text = panel_buf_take(&b, NULL);
    panel_buf_free(&b);
    return text;
}

/* Services' flags and counts and status counts in each kind a dialect may give them: the
 * rendered JSON has that kind, and reads back to the same value. */
START_TEST(render_field_kinds)
{
    static const struct {
        const char *refill, *min, *remains;
        const char *want_svc, *want_status; /* substrings of the rendered text */
    } rows[] = {
        {"bool", "intstr", "intstr", "\"min\":\"10\"", "\"remains\":\"157\""},
        {"int", "int", "int", "\"refill\":1", "\"remains\":157"},
        {"intstr", "string", "string", "\"refill\":\"1\"", "\"remains\":\"157\""},
        {"string", "money", "int", "\"min\":\"10\"", "\"remains\":157"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_dialect *d = render_dialect(rows[i].refill, rows[i].min, rows[i].remains, "object");
        char svc[512];
        snprintf(svc, sizeof svc,
                 "[{\"service\":1,\"name\":\"n\",\"type\":\"Default\",\"category\":\"c\","
                 "\"rate\":\"0.9\",\"min\":%s,\"max\":\"900\",\"refill\":%s}]",
                 !strcmp(rows[i].min, "int") ? "10" : "\"10\"",
                 !strcmp(rows[i].refill, "bool")  ? "true"
                 : !strcmp(rows[i].refill, "int") ? "1"
                                                  : "\"1\"");
        panel_result *r = parse_clean(d, PANEL_ACTION_SERVICES, 0, svc);
        ck_assert_uint_eq(r->n_services, 1);
        ck_assert_int_eq(r->services[0].refill, 1);
        ck_assert_int_eq(r->services[0].min, 10);
        char *text = round_trip(d, r);
        ck_assert_msg(strstr(text, rows[i].want_svc) != NULL, "%s: %s", rows[i].want_svc, text);
        free(text);
        panel_result_free(r);

        char st[512];
        snprintf(st, sizeof st,
                 "{\"charge\":\"0.27819\",\"start_count\":\"3572\",\"status\":\"In progress\","
                 "\"remains\":%s,\"currency\":\"USD\"}",
                 !strcmp(rows[i].remains, "int") ? "157" : "\"157\"");
        r = parse_clean(d, PANEL_ACTION_STATUS, 0, st);
        text = round_trip(d, r);
        ck_assert_msg(strstr(text, rows[i].want_status) != NULL, "%s", text);
        ck_assert_ptr_nonnull(strstr(text, "\"status\":\"In progress\""));
        free(text);
        panel_result_free(r);
        panel_dialect_free(d);
    }
}
END_TEST

/* A multi status with an error entry, rendered in each documented error-entry shape and read
 * back: {"error": ...}, a bare string, nested under the result field, beside the key. */
START_TEST(render_error_entries)
{
    static const struct {
        const char *shape, *body, *want;
    } rows[] = {
        {"object",
         "{\"1\":{\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\",\"remains\":"
         "\"1\","
         "\"currency\":\"USD\"},\"2\":{\"error\":\"Incorrect order ID\"}}",
         "\"2\":{\"error\":\"Incorrect order ID\"}"},
        {"string",
         "{\"1\":{\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\",\"remains\":"
         "\"1\","
         "\"currency\":\"USD\"},\"2\":\"Incorrect order ID\"}",
         "\"2\":\"Incorrect order ID\""},
        {"sibling",
         "[{\"order\":1,\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\","
         "\"remains\":\"1\",\"currency\":\"USD\"},{\"order\":2,\"error\":\"Incorrect order ID\"}]",
         "{\"order\":2,\"error\":\"Incorrect order ID\"}"},
        {"nested",
         "[{\"order\":1,\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\","
         "\"remains\":\"1\",\"currency\":\"USD\"},{\"order\":2,\"status\":{\"error\":"
         "\"Incorrect order ID\"}}]",
         "{\"order\":2,\"status\":{\"error\":\"Incorrect order ID\"}}"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_dialect *d = render_dialect("bool", "intstr", "intstr", rows[i].shape);
        panel_result *r = parse_clean(d, PANEL_ACTION_STATUS, 1, rows[i].body);
        ck_assert_uint_eq(r->n_entries, 2);
        ck_assert_ptr_nonnull(r->entries[1].error);
        ck_assert_str_eq(r->entries[1].error, "Incorrect order ID");
        char *text = round_trip(d, r);
        ck_assert_msg(strstr(text, rows[i].want) != NULL, "%s: want %s in %s", rows[i].shape,
                      rows[i].want, text);
        free(text);
        panel_result_free(r);
        panel_dialect_free(d);
    }
}
END_TEST

/* ---- core/parse_fields.c: every JSON type in every field kind ---- */

/* One services entry of smpanelim (name string, min intstr, refill bool, rate money) with
 * member field set to the JSON text value: the first diagnostic at /0/<field> has code and
 * severity (PANEL_DIAG__COUNT: none at all), and, when read, the entry holds want. */
START_TEST(parse_value_kinds)
{
    static const struct {
        const char *field, *value;
        panel_diag_code code;
        const char *want; /* the value read, as text; NULL: none */
    } rows[] = {
        /* string */
        {"name", "\"Likes\"", PANEL_DIAG__COUNT, "Likes"},
        {"name", "42", PANEL_DIAG_WRONG_TYPE, "42"},
        {"name", "true", PANEL_DIAG_WRONG_TYPE, "true"},
        {"name", "[1]", PANEL_DIAG_BAD_VALUE, NULL},
        {"name", "null", PANEL_DIAG_MISSING_FIELD, NULL},
        /* intstr */
        {"min", "\"10\"", PANEL_DIAG__COUNT, "10"},
        {"min", "10", PANEL_DIAG_WRONG_TYPE, "10"},
        {"min", "1e1", PANEL_DIAG_WRONG_TYPE, "10"},
        {"min", "1.5", PANEL_DIAG_BAD_VALUE, NULL},
        {"min", "\"1.5\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"min", "\"99999999999999999999\"", PANEL_DIAG_NUMBER_RANGE, NULL},
        {"min", "99999999999999999999", PANEL_DIAG_NUMBER_RANGE, NULL},
        {"min", "{}", PANEL_DIAG_BAD_VALUE, NULL},
        /* bool */
        {"refill", "1", PANEL_DIAG_WRONG_TYPE, "1"},
        {"refill", "0", PANEL_DIAG_WRONG_TYPE, "0"},
        {"refill", "\"true\"", PANEL_DIAG_WRONG_TYPE, "1"},
        {"refill", "\"0\"", PANEL_DIAG_WRONG_TYPE, "0"},
        {"refill", "\"yes\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"refill", "2", PANEL_DIAG_BAD_VALUE, NULL},
        {"refill", "[]", PANEL_DIAG_BAD_VALUE, NULL},
        /* money */
        {"rate", "\"1.5\"", PANEL_DIAG__COUNT, "150000000"},
        {"rate", "\" 1.5 \"", PANEL_DIAG_MONEY_FORMAT, "150000000"},
        {"rate", "\"$1.5\"", PANEL_DIAG_MONEY_FORMAT, "150000000"},
        {"rate", "\"1.5 USD\"", PANEL_DIAG_MONEY_FORMAT, "150000000"},
        {"rate", "\"1,5\"", PANEL_DIAG_MONEY_FORMAT, "150000000"},
        {"rate", "\"1,500\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"1,2,3\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"1.000,5\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"1.5 zzz\"", PANEL_DIAG_MONEY_FORMAT, "150000000"}, /* any 3-letter code */
        {"rate", "\"1.5 zzzz\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"zz 1.5\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"1a5\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"$\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"99999999999999\"", PANEL_DIAG_NUMBER_RANGE, NULL},
        {"rate", "\"0.000000005\"", PANEL_DIAG_MONEY_PRECISION, "0"},
        {"rate",
         "\"\xe2\x88\x92"
         "1.5\"",
         PANEL_DIAG_BAD_VALUE, NULL}, /* U+2212 minus sign */
        {"rate", "true", PANEL_DIAG_BAD_VALUE, NULL},
    };
    panel_dialect_set set;
    tu_load_dialects(&set);
    const panel_dialect *d = panel_dialect_set_find(&set, "smpanelim");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *f = rows[i].field, *val = rows[i].value;
        char body[512];
        snprintf(body, sizeof body,
                 "[{\"service\":1,\"name\":%s,\"type\":\"Default\",\"category\":\"c\","
                 "\"rate\":%s,\"min\":%s,\"max\":\"900\",\"refill\":%s}]",
                 !strcmp(f, "name") ? val : "\"n\"", !strcmp(f, "rate") ? val : "\"0.9\"",
                 !strcmp(f, "min") ? val : "\"1\"", !strcmp(f, "refill") ? val : "true");
        panel_parse_opts o = {.multi = 0};
        panel_result *r = NULL;
        ck_assert_int_eq(panel_parse(d, PANEL_ACTION_SERVICES, body, strlen(body), &o, &r),
                         PANEL_E_OK);
        char ptr[32];
        snprintf(ptr, sizeof ptr, "/0/%s", rows[i].field);
        const panel_diag *dg = NULL;
        for (size_t k = 0; k < r->n_diags && !dg; k++)
            if (strcmp(r->diags[k].pointer, ptr) == 0)
                dg = &r->diags[k];
        if (rows[i].code == PANEL_DIAG__COUNT)
            ck_assert_msg(r->n_diags == 0, "%s=%s: %s", rows[i].field, rows[i].value,
                          r->n_diags ? r->diags[0].message : "");
        else
            ck_assert_msg(dg && dg->code == rows[i].code, "%s=%s: want %s, got %s (%s)",
                          rows[i].field, rows[i].value, panel_diag_code_name(rows[i].code),
                          dg ? panel_diag_code_name(dg->code) : "none", dg ? dg->message : body);
        ck_assert_uint_eq(r->n_services, 1);
        const panel_service *sv = &r->services[0];
        char got[64] = "";
        int have = 0;
        if (!strcmp(rows[i].field, "name")) {
            have = sv->name != NULL;
            snprintf(got, sizeof got, "%s", sv->name ? sv->name : "");
        } else if (!strcmp(rows[i].field, "min")) {
            have = sv->min != 0;
            snprintf(got, sizeof got, "%lld", (long long)sv->min);
        } else if (!strcmp(rows[i].field, "refill")) {
            have = sv->refill >= 0;
            snprintf(got, sizeof got, "%d", sv->refill);
        } else {
            have = rows[i].want != NULL;
            snprintf(got, sizeof got, "%lld", (long long)sv->rate);
        }
        if (rows[i].want)
            ck_assert_msg(have && strcmp(got, rows[i].want) == 0, "%s=%s: read '%s', want '%s'",
                          rows[i].field, rows[i].value, got, rows[i].want);
        else if (strcmp(rows[i].field, "rate") != 0)
            ck_assert_msg(!have, "%s=%s: read '%s', want nothing", rows[i].field, rows[i].value,
                          got);
        else
            ck_assert_int_eq(sv->rate, 0);
        panel_result_free(r);
    }
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

/* ---- core/result.c and result_write.c: diagnostics at their limits ---- */

/* Diagnostic texts: the message cut to 511 bytes on a character boundary with CR and LF
 * blanked, actual cut to 64 bytes, expected to 256; bad arguments refused; names out of
 * range; the indented writer turns each byte that is not UTF-8 into U+FFFD. */
START_TEST(diagnostics_at_limits)
{
    panel_result *r = panel_result_new(PANEL_ACTION_BALANCE, 0);
    ck_assert_ptr_nonnull(r);
    char longmsg[1200] = "";
    for (int i = 0; i < 300; i++)
        strcat(longmsg, "\xe2\x82\xac"); /* 900 bytes of 3-byte characters */
    char longact[300] = "";
    for (int i = 0; i < 50; i++)
        strcat(longact, "\xc3\xa9"); /* 100 bytes */
    char longexp[400];
    memset(longexp, 'e', sizeof longexp - 1);
    longexp[sizeof longexp - 1] = '\0';
    ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG_BAD_VALUE, NULL, longexp, longact,
                                       "line one\r\nline two %s", longmsg),
                     PANEL_E_OK);
    const panel_diag *dg = &r->diags[0];
    ck_assert_str_eq(dg->pointer, "");
    ck_assert_uint_eq(strlen(dg->expected), 256);
    ck_assert_uint_eq(strlen(dg->actual), 64);
    ck_assert_uint_le(strlen(dg->message), 511);
    ck_assert_uint_ge(strlen(dg->message), 509);
    ck_assert_int_eq(strncmp(dg->message, "line one  line two ", 19), 0);
    ck_assert_uint_eq((strlen(dg->message) - 19) % 3, 0); /* whole euro signs only */
    ck_assert_int_eq(dg->severity, PANEL_SEV_ERROR);
    ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG__COUNT, "", NULL, NULL, "x"), PANEL_E_INVALID);
    ck_assert_int_eq(panel_result_diag(NULL, PANEL_DIAG_BAD_VALUE, "", NULL, NULL, "x"),
                     PANEL_E_INVALID);
    ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG_WRONG_TYPE, "/b", NULL, NULL, NULL),
                     PANEL_E_OK);
    ck_assert_str_eq(r->diags[1].message, "");
    ck_assert_uint_eq(panel_result_count(r, PANEL_SEV_WARNING), 2);
    ck_assert_uint_eq(panel_result_count(r, PANEL_SEV_ERROR), 1);
    ck_assert_uint_eq(panel_result_count(NULL, PANEL_SEV_INFO), 0);
    ck_assert_ptr_null(panel_result_find(r, PANEL_DIAG_TOO_DEEP));
    ck_assert_ptr_null(panel_result_find(NULL, PANEL_DIAG_TOO_DEEP));
    ck_assert_str_eq(panel_diag_code_name(PANEL_DIAG__COUNT), "unknown");
    ck_assert_int_eq(panel_diag_code_severity(PANEL_DIAG__COUNT), PANEL_SEV_ERROR);
    ck_assert_int_eq(panel_diag_code_severity(PANEL_DIAG_DUPLICATE_KEY), PANEL_SEV_WARNING);
    ck_assert_str_eq(panel_severity_name(PANEL_SEV_INFO), "info");
    ck_assert_str_eq(panel_severity_name((panel_severity)7), "unknown");
    panel_result_free(r);

    /* Bytes that are not UTF-8 in a diagnostic: one U+FFFD each in the written JSON. */
    static const struct {
        const char *in, *out;
    } bad[] = {
        {"ok \xf0\x9f\x98\x80", "ok \xf0\x9f\x98\x80"},           /* a valid 4-byte character */
        {"\xe0\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* overlong */
        {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* a surrogate */
        {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* > U+10FFFF */
        {"a\xc3", "a\xef\xbf\xbd"},                                               /* cut short */
        {"\xc3(", "\xef\xbf\xbd("}, /* no continuation */
        {"\xff", "\xef\xbf\xbd"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = panel_result_new(PANEL_ACTION_BALANCE, 0);
        ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG_BAD_VALUE, "", NULL, bad[i].in, "m"),
                         PANEL_E_OK);
        panel_buf b;
        panel_buf_init(&b, 1 << 16);
        ck_assert_int_eq(panel_result_write_json(r, &b), PANEL_E_OK);
        json_error_t jerr;
        json_t *j = json_loads(b.data, 0, &jerr);
        ck_assert_msg(j != NULL, "row %zu: not JSON (%s): %s", i, jerr.text, b.data);
        const char *act = json_string_value(
            json_object_get(json_array_get(json_object_get(j, "diagnostics"), 0), "actual"));
        ck_assert_msg(act && strcmp(act, bad[i].out) == 0, "row %zu: actual '%s'", i,
                      act ? act : "(none)");
        json_decref(j);
        panel_buf_free(&b);
        panel_result_free(r);
    }
    panel_buf b;
    panel_buf_init(&b, 64);
    ck_assert_int_eq(panel_result_write_json(NULL, &b), PANEL_E_INVALID);
    panel_buf_free(&b);
}
END_TEST

/* ---- core/jdoc.c: the reader's refusals and duplicate keys at scale ---- */

/* Counts duplicate-key callbacks. */
static void count_dup(void *ctx, const jdoc_error *where)
{
    (void)where;
    (*(int *)ctx)++;
}

/* Syntax errors with their reason; overlong and surrogate UTF-8 refused; duplicates merged
 * (first place, last value) in small and large objects, the callback capped; type names. */
START_TEST(reader_corners)
{
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"", "no JSON text"},
        {"[1,", "premature end of input"},
        {"1 2", "end of file expected"},
        {"{\"a\" 1}", "':' expected"},
        {"{1:2}", "string or '}' expected"},
        {"[1 2]", "']' expected"},
        {"{\"a\":1 \"b\":2}", "'}' expected"},
        {"\"\xe0\x80\x80\"", ""},
        {"\"\xed\xa0\x80\"", ""},
        {"\"\xf0\x80\x80\x80\"", ""},
        {"\"\xc3\"", ""},
    };
    jdoc d;
    jdoc_error err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(jdoc_read(&d, bad[i].text, strlen(bad[i].text), 64, NULL, NULL, &err),
                         PANEL_E_PARSE);
        ck_assert_int_eq(err.status, JDOC_SYNTAX);
        ck_assert_msg(strstr(err.text, bad[i].why) != NULL, "%s: '%s'", bad[i].text, err.text);
        ck_assert_int_ge(err.line, 1);
        jdoc_free(&d);
    }
    /* 300 members, 150 of them repeats: merged, the callback called at most 100 times. */
    char text[16384] = "{";
    for (int i = 0; i < 300; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s\"k%d\":%d", i ? "," : "",
                 i % 150, i);
    strcat(text, "}");
    int calls = 0;
    ck_assert_int_eq(jdoc_read(&d, text, strlen(text), 64, count_dup, &calls, &err), PANEL_E_OK);
    ck_assert_uint_eq(d.root.n, 150);
    ck_assert_uint_eq(d.n_dups, 150);
    ck_assert_int_eq(calls, JDOC_MAX_DUP_CALLS);
    const jdoc_val *k7 = jdoc_get(&d.root, "k7");
    ck_assert_ptr_nonnull(k7);
    ck_assert_int_eq(strncmp(k7->u.s, "157", k7->n), 0); /* the last value */
    ck_assert_str_eq(d.root.u.members[7].key.u.s, "k7"); /* the first place */
    ck_assert_ptr_null(jdoc_get(&d.root, "k150"));
    ck_assert_ptr_null(jdoc_get(k7, "k7")); /* not an object */
    jdoc_free(&d);
    jdoc_free(&d); /* twice is fine */
    ck_assert_int_eq(jdoc_read(&d, "[1,1.5,\"s\",true,null,{},[]]", 27, 64, NULL, NULL, &err),
                     PANEL_E_OK);
    static const char *const names[] = {"integer", "real",   "string", "boolean",
                                        "null",    "object", "array"};
    for (size_t i = 0; i < 7; i++)
        ck_assert_str_eq(jdoc_type_name(&d.root.u.items[i]), names[i]);
    ck_assert_str_eq(jdoc_type_name(NULL), "absent");
    jdoc_free(&d);
}
END_TEST

/* ---- core/dialect_load.c: what only the loader (not the member table) refuses ---- */

/* smpanelim with the JSON value text at pointer-ish path (object keys and array indexes,
 * created when missing) loads with its first error at want_ptr with want_code, or loads when
 * want_ptr is NULL. */
static void loader_row_why(const char *const *path, const char *value, const char *want_ptr,
                           panel_dialect_errcode want_code, const char *want_why)
{
    json_error_t jerr;
    json_t *doc = json_load_file(PANEL_SOURCE_DIR "/dialects/smpanelim.json", 0, &jerr);
    ck_assert_ptr_nonnull(doc);
    json_t *node = doc;
    size_t k = 0;
    for (; path[k + 1]; k++)
        node = json_is_array(node) ? json_array_get(node, strtoul(path[k], NULL, 10))
                                   : json_object_get(node, path[k]);
    ck_assert_msg(node != NULL, "no %s", path[k]);
    json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
    ck_assert_ptr_nonnull(v);
    if (json_is_array(node))
        json_array_set_new(node, strtoul(path[k], NULL, 10), v);
    else
        json_object_set_new(node, path[k], v);
    char *text = json_dumps(doc, 0);
    panel_dialect *d = NULL;
    panel_dialect_errors errs = {0};
    panel_dialect_load_bytes_all(text, strlen(text), "loader", &d, &errs);
    int as_wanted =
        want_ptr ? errs.count > 0 && strcmp(errs.items[0].pointer, want_ptr) == 0 : d != NULL;
    for (size_t i = 0; !as_wanted && i < errs.count; i++)
        fprintf(stderr, "loader_row %s: %s %s: %s\n", path[k], errs.items[i].pointer,
                panel_dialect_errcode_name(errs.items[i].code), errs.items[i].reason);
    if (want_ptr) {
        ck_assert_ptr_null(d);
        ck_assert_uint_ge(errs.count, 1);
        ck_assert_str_eq(errs.items[0].pointer, want_ptr);
        ck_assert_str_eq(panel_dialect_errcode_name(errs.items[0].code),
                         panel_dialect_errcode_name(want_code));
        if (want_why)
            ck_assert_msg(strstr(errs.items[0].reason, want_why) != NULL, "want '%s' in '%s'",
                          want_why, errs.items[0].reason);
    } else {
        ck_assert_ptr_nonnull(d);
    }
    panel_dialect_free(d);
    panel_dialect_errors_free(&errs);
    free(text);
    json_decref(doc);
}

/* loader_row_why without a reason to check. */
static void loader_row(const char *const *path, const char *value, const char *want_ptr,
                       panel_dialect_errcode want_code)
{
    loader_row_why(path, value, want_ptr, want_code, NULL);
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
    loader_row_why(order_id, "{\"kind\":\"int\",\"min\":10,\"max\":5}", "/ids/order/min",
                   PANEL_DERR_CONFLICT, "min 10 > max 5");
    loader_row_why(order_id, "{\"kind\":\"pattern\",\"generator\":{\"kind\":\"digits\"}}",
                   "/ids/order/pattern", PANEL_DERR_MISSING_MEMBER, "needs \"pattern\"");
    loader_row_why(order_id, "{\"kind\":\"pattern\",\"pattern\":\"[0-9]+\"}",
                   "/ids/order/generator", PANEL_DERR_MISSING_MEMBER, "needs a \"generator\"");
    loader_row_why(order_id, "{\"kind\":\"int\",\"min\":100,\"max\":999999}", NULL, PANEL_DERR_NONE,
                   NULL);
    loader_row_why(newp, "{\"min_length\":5,\"max_length\":2,\"assumed\":\"t\"}",
                   "/params/ref/min_length", PANEL_DERR_CONFLICT, "min_length > max_length");
    loader_row_why(newp, "{\"integer\":true,\"min\":10,\"max\":5,\"assumed\":\"t\"}",
                   "/params/ref/min", PANEL_DERR_CONFLICT, "min > max");
    loader_row_why(newp, "{\"generator\":{\"kind\":\"constant\"},\"assumed\":\"t\"}", "/params/ref",
                   PANEL_DERR_MISSING_MEMBER, "needs \"value\"");
    loader_row_why(newp, "{\"pattern\":\"([a-z\",\"assumed\":\"t\"}", "/params/ref/pattern",
                   PANEL_DERR_BAD_PATTERN, NULL);
    loader_row_why(newp,
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
    loader_row_why(bal, "5", "/catalogue/balance", PANEL_DERR_WRONG_TYPE,
                   "expected a decimal string");
    loader_row_why(bal, "\"5,5\"", "/catalogue/balance", PANEL_DERR_BAD_FORMAT,
                   "not a decimal amount");
    loader_row_why(refill, "\"yes\"", "/catalogue/services/0/refill", PANEL_DERR_WRONG_TYPE,
                   "expected true or false");
    loader_row_why(svc, "[1]", "/catalogue/services/0/service", PANEL_DERR_WRONG_TYPE,
                   "expected an integer or a string");
    loader_row_why(title, "\"\"", "/title", PANEL_DERR_EMPTY, "empty string");
    loader_row_why(word0, "[\"Pending\"]", "/statuses/order/words/0", PANEL_DERR_WRONG_TYPE,
                   "(2 entries)");
    loader_row_why(words, "[]", "/statuses/order/words", PANEL_DERR_OUT_OF_RANGE, "0 entries");
    loader_row_why(words, "{}", "/statuses/order/words", PANEL_DERR_WRONG_TYPE,
                   "expected an array");
    loader_row_why(maxids, "0", "/limits/max_ids/value", PANEL_DERR_OUT_OF_RANGE, "out of range");
    loader_row_why(types, "\"Default\"", "/service_types", PANEL_DERR_WRONG_TYPE,
                   "expected an array");
    loader_row_why(lifecycle, "[]", "/statuses/order/lifecycle", PANEL_DERR_WRONG_TYPE,
                   "expected an object");
    char longtitle[4200];
    memset(longtitle, 't', sizeof longtitle - 1);
    longtitle[0] = longtitle[sizeof longtitle - 2] = '"';
    longtitle[sizeof longtitle - 1] = '\0';
    loader_row_why(title, longtitle, "/title", PANEL_DERR_OUT_OF_RANGE, "longer than");
}
END_TEST

/* ---- core/fuzz_mutate.c: panel_fuzz_crossover ---- */

/* 1 when out[0..n) is a head of a and a tail of b (the byte splice). */
static int is_splice(const char *a, size_t na, const char *b, size_t nb, const char *out, size_t n)
{
    for (size_t c1 = 0; c1 <= na && c1 <= n; c1++)
        if (memcmp(out, a, c1) == 0 && n - c1 <= nb &&
            memcmp(out + c1, b + nb - (n - c1), n - c1) == 0)
            return 1;
    return 0;
}

/* Over 200 seeds: deterministic, bounded by max_out_size, each output either a byte splice of
 * the two inputs or valid JSON (a subtree of the second grafted into the first), both kinds
 * seen; inputs that are not JSON are only spliced. */
START_TEST(fuzz_crossover)
{
    const char *a = "{\"order\":23501,\"charge\":\"0.27819\"}";
    const char *b = "[{\"status\":\"Partial\",\"remains\":\"157\"}]";
    size_t na = strlen(a), nb = strlen(b);
    uint8_t out[256], again[256];
    int grafts = 0, splices = 0;
    for (uint64_t seed = 0; seed < 200; seed++) {
        size_t n = panel_fuzz_crossover((const uint8_t *)a, na, (const uint8_t *)b, nb, out,
                                        sizeof out, seed);
        ck_assert_uint_le(n, sizeof out);
        size_t m = panel_fuzz_crossover((const uint8_t *)a, na, (const uint8_t *)b, nb, again,
                                        sizeof again, seed);
        ck_assert_uint_eq(n, m);
        ck_assert_int_eq(memcmp(out, again, n), 0);
        if (is_splice(a, na, b, nb, (const char *)out, n)) {
            splices++;
            continue;
        }
        json_t *j = json_loadb((const char *)out, n, JSON_DECODE_ANY, NULL);
        ck_assert_msg(j != NULL, "seed %llu: neither a splice nor JSON: %.*s",
                      (unsigned long long)seed, (int)n, out);
        json_decref(j);
        grafts++;
    }
    ck_assert_int_gt(grafts, 0);
    ck_assert_int_gt(splices, 0);
    /* Not JSON, an empty side, or a small room: splices only, within the room. */
    const char *t1 = "not json at all", *t2 = "{broken";
    for (uint64_t seed = 0; seed < 50; seed++) {
        size_t n = panel_fuzz_crossover((const uint8_t *)t1, strlen(t1), (const uint8_t *)t2,
                                        strlen(t2), out, sizeof out, seed);
        ck_assert(is_splice(t1, strlen(t1), t2, strlen(t2), (const char *)out, n));
        n = panel_fuzz_crossover((const uint8_t *)a, na, (const uint8_t *)b, 0, out, sizeof out,
                                 seed);
        ck_assert(is_splice(a, na, b, 0, (const char *)out, n));
        n = panel_fuzz_crossover((const uint8_t *)a, na, (const uint8_t *)b, nb, out, 8, seed);
        ck_assert_uint_le(n, 8);
    }
}
END_TEST

static Suite *cov_core_suite(void)
{
    Suite *s = suite_create("cov_core");
    TCase *tc = tcase_create("json_util");
    tcase_add_test(tc, ptr_grows_and_escapes);
    tcase_add_test(tc, type_names_and_depth);
    tcase_add_test(tc, brief_of_jansson_values);
    tcase_add_test(tc, brief_of_read_values);
    tcase_add_test(tc, read_value_equals_jansson);
    tcase_add_test(tc, utf8_cut_and_whole);
    tcase_add_test(tc, int_parse_and_text);
    tcase_add_test(tc, dump_every_type);
    tcase_add_test(tc, reader_corners);
    suite_add_tcase(s, tc);
    TCase *fm = tcase_create("dialect_formats");
    tcase_add_test(fm, param_dates_every_format);
    tcase_add_test(fm, param_rules_and_lists);
    tcase_add_test(fm, param_generators);
    tcase_add_test(fm, message_templates);
    tcase_add_test(fm, response_outcomes);
    suite_add_tcase(s, fm);
    TCase *har = tcase_create("har");
    tcase_add_test(har, har_refusals);
    tcase_add_test(har, har_entries_read);
    suite_add_tcase(s, har);
    TCase *rn = tcase_create("render");
    tcase_add_test(rn, render_field_kinds);
    tcase_add_test(rn, render_error_entries);
    tcase_add_test(rn, parse_value_kinds);
    tcase_add_test(rn, names_at_the_edges);
    tcase_add_test(rn, diagnostics_at_limits);
    tcase_add_test(rn, loader_only_refusals);
    tcase_add_test(rn, walk_refusals);
    tcase_add_test(rn, fuzz_crossover);
    suite_add_tcase(s, rn);
    return s;
}

int main(void)
{
    return tu_run(cov_core_suite());
}
