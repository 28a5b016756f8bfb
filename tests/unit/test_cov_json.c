/* tests/unit/test_cov_json.c - JSON and recording helpers the suites only met on their common
 * paths (found with `make coverage`): JSON pointers past the inline buffer, type names, depth,
 * brief texts, value comparison, UTF-8 cuts, integer texts and the compact dumper
 * (core/json_util.c); the reader's refusals and duplicate keys at scale (jdoc.c); the HAR
 * reader's refusals and what it reads (har.c). */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "jdoc.h"
#include "json_util.h"
#include "panel/har.h"

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

static Suite *cov_json_suite(void)
{
    Suite *s = suite_create("cov_json");
    TCase *tc0 = tcase_create("json_util");
    tcase_add_test(tc0, ptr_grows_and_escapes);
    tcase_add_test(tc0, type_names_and_depth);
    tcase_add_test(tc0, brief_of_jansson_values);
    tcase_add_test(tc0, brief_of_read_values);
    tcase_add_test(tc0, read_value_equals_jansson);
    tcase_add_test(tc0, utf8_cut_and_whole);
    tcase_add_test(tc0, int_parse_and_text);
    tcase_add_test(tc0, dump_every_type);
    tcase_add_test(tc0, reader_corners);
    suite_add_tcase(s, tc0);
    TCase *tc1 = tcase_create("har");
    tcase_add_test(tc1, har_refusals);
    tcase_add_test(tc1, har_entries_read);
    suite_add_tcase(s, tc1);
    return s;
}

int main(void)
{
    return tu_run(cov_json_suite());
}
