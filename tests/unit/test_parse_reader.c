/* test_parse_reader.c - the strict JSON reader (core/jdoc.c), exact JSON numbers
 * (panel_decimal_parse), the diagnostic cap, and panel_result_write_json against jansson. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jdoc.h"
#include "panel/dialect.h"
#include "panel/money.h"
#include "panel/parse.h"
#include "testutil.h"

static panel_dialect_set g_set;

/* Loads the repository's dialects once. */
static void setup(void)
{
    tu_load_dialects(&g_set);
}

static void teardown(void)
{
    panel_dialect_set_free(&g_set);
}

/* Reads text (NUL-terminated) and returns jdoc_read's result; d is to be freed. */
static panel_err read_text(jdoc *d, const char *text, size_t n, jdoc_error *e)
{
    return jdoc_read(d, text, n, 0, NULL, NULL, e);
}

START_TEST(reader_keeps_number_text)
{
    jdoc d;
    jdoc_error e;
    const char *t = "{\"a\":6291275577.93436770,\"b\":-0,\"c\":1E+2,\"d\":[]}";
    ck_assert_int_eq(read_text(&d, t, strlen(t), &e), PANEL_E_OK);
    const jdoc_val *a = jdoc_get(&d.root, "a"), *b = jdoc_get(&d.root, "b"),
                   *c = jdoc_get(&d.root, "c"), *dd = jdoc_get(&d.root, "d");
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->n, 19);
    ck_assert(!memcmp(a->u.s, "6291275577.93436770", 19));
    ck_assert_str_eq(jdoc_type_name(a), "real");
    ck_assert_str_eq(jdoc_type_name(b), "integer");
    ck_assert_str_eq(jdoc_type_name(c), "real");
    ck_assert_int_eq(dd->type, JDOC_ARRAY);
    ck_assert_int_eq(dd->n, 0);
    ck_assert_int_eq(d.root.height, 2);
    jdoc_free(&d);
}
END_TEST

START_TEST(reader_nul_in_key_and_value)
{
    jdoc d;
    jdoc_error e;
    const char *t = "{\"foo\\u0000bar\":\"a\\u0000b\"}";
    ck_assert_int_eq(read_text(&d, t, strlen(t), &e), PANEL_E_OK);
    const jdoc_member *m = &d.root.u.members[0];
    ck_assert_int_eq(m->key.n, 7);
    ck_assert(!memcmp(m->key.u.s, "foo\0bar", 7));
    ck_assert_int_eq(m->val.n, 3);
    jdoc_free(&d);
}
END_TEST

/* Texts that must be refused, with the byte position jansson's conventions give. */
static const struct {
    const char *text;
    size_t n;
    size_t position;
} refused[] = {
    {"123\0", 4, 4},
    {"{\"balance\":12\0}", 15, 14},
    {"[\"\\\xf0\x9f\x8c\x80\"]", 8, 3},
    {"{9999E9999:1}", 13, 10},
    {"\xef\xbb\xbf{}", 5, 1},
    {"[\"\\ud800\"]", 10, 3},
    {"[\"\xc0\xaf\"]", 6, 3},
    {"[1,]", 4, 4},
    {"01", 2, 2},
    {"[\"a\x01\"]", 6, 4},
};

START_TEST(reader_refuses)
{
    jdoc d;
    jdoc_error e;
    ck_assert_int_eq(read_text(&d, refused[_i].text, refused[_i].n, &e), PANEL_E_PARSE);
    ck_assert_int_eq(e.status, JDOC_SYNTAX);
    ck_assert_msg(e.position == refused[_i].position, "case %d: position %zu, want %zu", _i,
                  e.position, refused[_i].position);
    for (const char *p = e.text; *p; p++)
        ck_assert_msg(*p >= 0x20 && *p < 0x7F, "case %d: non-ASCII error text", _i);
    jdoc_free(&d);
}
END_TEST

/* Counts duplicate reports. */
static void count_dup(void *ctx, const jdoc_error *where)
{
    (void)where;
    (*(int *)ctx)++;
}

START_TEST(reader_merges_duplicates)
{
    /* 40 members, every key twice: the hashed path; first place, last value */
    char t[2048];
    size_t k = 0;
    t[k++] = '{';
    for (int i = 0; i < 40; i++)
        k += (size_t)snprintf(t + k, sizeof t - k, "%s\"k%d\":%d", i ? "," : "", i % 20, i);
    t[k++] = '}';
    jdoc d;
    jdoc_error e;
    int dups = 0;
    ck_assert_int_eq(jdoc_read(&d, t, k, 0, count_dup, &dups, &e), PANEL_E_OK);
    ck_assert_int_eq(d.root.n, 20);
    ck_assert_int_eq(dups, 20);
    ck_assert_int_eq(d.n_dups, 20);
    const jdoc_val *v = jdoc_get(&d.root, "k3");
    ck_assert(v && v->n == 2 && !memcmp(v->u.s, "23", 2));
    ck_assert(!memcmp(d.root.u.members[0].key.u.s, "k0", 2));
    jdoc_free(&d);
}
END_TEST

START_TEST(reader_depth_versus_syntax)
{
    enum { N = 5000 };
    char *t = malloc(2 * N + 2);
    memset(t, '[', N);
    memset(t + N, ']', N);
    jdoc d;
    jdoc_error e;
    ck_assert_int_eq(jdoc_read(&d, t, 2 * N, 2048, NULL, NULL, &e), PANEL_E_PARSE);
    ck_assert_int_eq(e.status, JDOC_DEPTH); /* valid but too deep */
    jdoc_free(&d);
    ck_assert_int_eq(jdoc_read(&d, t, 2 * N - 1, 2048, NULL, NULL, &e), PANEL_E_PARSE);
    ck_assert_int_eq(e.status, JDOC_SYNTAX); /* a syntax error wins */
    jdoc_free(&d);
    ck_assert_int_eq(jdoc_read(&d, t, 2 * N, N, NULL, NULL, &e), PANEL_E_OK);
    ck_assert_int_eq(d.root.height, N);
    jdoc_free(&d);
    free(t);
}
END_TEST

/* JSON number text, places, expected value, expected rounded (or -1: PANEL_E_RANGE). */
static const struct {
    const char *text;
    int places;
    int64_t want;
    int rounded;
} decimals[] = {
    {"504.63E-11", 8, 1, 1},
    {"1.495010951e-8", 8, 1, 1},
    {"0.000000005", 8, 0, 1},
    {"0.000000015", 8, 2, 1},
    {"-0.000000015", 8, -2, 1},
    {"92233720368.54775807", 8, INT64_MAX, 0},
    {"-92233720368.54775808", 8, INT64_MIN, 0},
    {"92233720368.54775808", 8, 0, -1},
    {"1e400", 8, 0, -1},
    {"1e-400", 8, 0, 1},
    {"0e99999999999999999999", 8, 0, 0},
    {"9223372036854775807", 0, INT64_MAX, 0},
    {"9223372036854775808", 0, 0, -1},
    {"1.5E3", 0, 1500, 0},
    {"2.5", 0, 2, 1},
    {"3.5", 0, 4, 1},
};

START_TEST(decimal_exact)
{
    int64_t v = 0;
    int rounded = 0;
    panel_err rc = panel_decimal_parse(decimals[_i].text, strlen(decimals[_i].text),
                                       decimals[_i].places, &v, &rounded);
    if (decimals[_i].rounded < 0) {
        ck_assert_int_eq(rc, PANEL_E_RANGE);
        return;
    }
    ck_assert_int_eq(rc, PANEL_E_OK);
    ck_assert_msg(v == decimals[_i].want, "%s: %lld, want %lld", decimals[_i].text, (long long)v,
                  (long long)decimals[_i].want);
    ck_assert_int_eq(rounded, decimals[_i].rounded);
}
END_TEST

START_TEST(decimal_refuses_non_json)
{
    const char *bad[] = {"", "-", "01", "1.", ".5", "1e", "+1", "1e+", "0x10", "1,5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v;
        ck_assert_int_eq(panel_decimal_parse(bad[i], strlen(bad[i]), 8, &v, NULL), PANEL_E_PARSE);
    }
}
END_TEST

START_TEST(diagnostics_capped)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "dripfeedpanel");
    size_t n = 5000;
    char *body = malloc(n * 3 + 2);
    size_t k = 0;
    body[k++] = '[';
    for (size_t i = 0; i < n; i++) {
        if (i)
            body[k++] = ',';
        body[k++] = '{';
        body[k++] = '}';
    }
    body[k++] = ']';
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_SERVICES, body, k, NULL, &r), PANEL_E_OK);
    size_t missing = 0;
    const panel_diag *last = NULL;
    for (size_t i = 0; i < r->n_diags; i++)
        if (r->diags[i].code == PANEL_DIAG_MISSING_FIELD) {
            missing++;
            last = &r->diags[i];
        }
    ck_assert_uint_eq(missing, 101);
    ck_assert_ptr_nonnull(strstr(last->message, "left out"));
    ck_assert_int_eq(last->severity, PANEL_SEV_ERROR);
    ck_assert_uint_eq(r->n_services, 0);
    panel_result_free(r);
    free(body);
}
END_TEST

/* Compares panel_result_write_json with jansson's dump of panel_result_to_json_new. */
static void check_writer(const panel_result *r, const char *what)
{
    json_t *j = panel_result_to_json_new(r);
    ck_assert_ptr_nonnull(j);
    char *want = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    panel_buf got;
    panel_buf_init(&got, 64u << 20);
    ck_assert_int_eq(panel_result_write_json(r, &got), PANEL_E_OK);
    ck_assert_msg(!strcmp(want, got.data ? got.data : ""), "%s: writer differs:\n%s\n---\n%s", what,
                  want, got.data);
    free(want);
    json_decref(j);
    panel_buf_free(&got);
}

START_TEST(writer_matches_jansson_on_cases)
{
    char root[1024];
    snprintf(root, sizeof root, "%s/tests/cases", PANEL_SOURCE_DIR);
    DIR *dd = opendir(root);
    ck_assert_ptr_nonnull(dd);
    size_t checked = 0;
    for (struct dirent *de; (de = readdir(dd)) != NULL;) {
        const panel_dialect *d = panel_dialect_set_find(&g_set, de->d_name);
        if (!d)
            continue;
        char sub[1400];
        snprintf(sub, sizeof sub, "%s/%s", root, de->d_name);
        DIR *cd = opendir(sub);
        for (struct dirent *ce; cd && (ce = readdir(cd)) != NULL;) {
            if (ce->d_name[0] == '.')
                continue;
            char path[1800];
            snprintf(path, sizeof path, "%s/%s/body.json", sub, ce->d_name);
            FILE *f = fopen(path, "rb");
            if (!f)
                continue;
            fclose(f);
            size_t n = 0;
            char *body = tu_slurp(path, &n);
            for (int a = 0; a < PANEL_ACTION__COUNT; a++) {
                panel_result *r = NULL;
                ck_assert_int_eq(panel_parse(d, (panel_action)a, body, n, NULL, &r), PANEL_E_OK);
                check_writer(r, path);
                panel_result_free(r);
                checked++;
            }
            free(body);
        }
        if (cd)
            closedir(cd);
    }
    closedir(dd);
    ck_assert_uint_gt(checked, 500);
}
END_TEST

START_TEST(writer_escapes_like_jansson)
{
    panel_result *r = panel_result_new(PANEL_ACTION_STATUS, 1);
    ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG_BAD_VALUE, "/a~1b", "x\"y\\z",
                                       "\x01\x1f\x7f\t\b\f caf\xc3\xa9", "m %s", "\xe2\x82\xac"),
                     PANEL_E_OK);
    check_writer(r, "escapes");
    panel_result_free(r);
}
END_TEST

START_TEST(validate_without_dialect)
{
    char text[200];
    ck_assert_int_eq(panel_json_validate("{\"a\":[1,2]}", 11, text, sizeof text), PANEL_E_OK);
    ck_assert_int_eq(panel_json_validate("  ", 2, text, sizeof text), PANEL_E_PARSE);
    ck_assert_str_eq(text, "empty body");
    ck_assert_int_eq(panel_json_validate("{\"a\":1,}", 8, text, sizeof text), PANEL_E_PARSE);
    ck_assert_ptr_nonnull(strstr(text, "(line 1, column 8)"));
    ck_assert_int_eq(panel_json_validate("123\0", 4, NULL, 0), PANEL_E_PARSE);
}
END_TEST

/* The suite. */
static Suite *reader_suite(void)
{
    Suite *s = suite_create("parse_reader");
    TCase *tc = tcase_create("reader");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, reader_keeps_number_text);
    tcase_add_test(tc, reader_nul_in_key_and_value);
    tcase_add_loop_test(tc, reader_refuses, 0, (int)(sizeof refused / sizeof refused[0]));
    tcase_add_test(tc, reader_merges_duplicates);
    tcase_add_test(tc, reader_depth_versus_syntax);
    tcase_add_loop_test(tc, decimal_exact, 0, (int)(sizeof decimals / sizeof decimals[0]));
    tcase_add_test(tc, decimal_refuses_non_json);
    tcase_add_test(tc, diagnostics_capped);
    tcase_add_test(tc, writer_matches_jansson_on_cases);
    tcase_add_test(tc, writer_escapes_like_jansson);
    tcase_add_test(tc, validate_without_dialect);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(reader_suite());
}
