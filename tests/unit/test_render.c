/* test_render.c - parse -> render -> parse is the identity on normalized values and adds no
 * diagnostic, for every data-driven case body (all documented examples) in every dialect. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "panel/dialect.h"
#include "panel/parse.h"

static panel_dialect_set g_set;
static size_t g_direct; /* round trips the tree-free renderer wrote itself */

static void setup(void)
{
    tu_load_dialects(&g_set);
}

static void teardown(void)
{
    panel_dialect_set_free(&g_set);
}

/* Round-trips one body; returns 1 when it was checked (no error diagnostics at first). */
static int round_trip(const panel_dialect *d, panel_action a, int multi, const char *body, size_t n,
                      const char *name)
{
    panel_parse_opts o = {.multi = multi};
    panel_result *r1 = NULL, *r2 = NULL;
    ck_assert_int_eq(panel_parse(d, a, body, n, &o, &r1), PANEL_E_OK);
    if (panel_result_count(r1, PANEL_SEV_ERROR)) {
        panel_result_free(r1);
        return 0;
    }
    json_t *j = panel_render_new(d, r1);
    ck_assert_msg(j != NULL, "%s: render failed", name);
    panel_buf out;
    panel_buf_init(&out, 1 << 22);
    ck_assert_int_eq(panel_json_dump(j, &out), PANEL_E_OK);
    /* the tree-free renderer writes the same bytes, or declines */
    char *compact = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12));
    panel_buf direct;
    panel_buf_init(&direct, 1 << 22);
    panel_err drc = panel_render_bytes(d, r1, &direct);
    ck_assert_msg(drc == PANEL_E_OK || drc == PANEL_E_UNSUPPORTED, "%s: render_bytes %d", name,
                  drc);
    if (drc == PANEL_E_OK)
        ck_assert_str_eq(direct.data, compact);
    else
        ck_assert_uint_eq(direct.len, 0);
    g_direct += drc == PANEL_E_OK;
    free(compact);
    panel_buf_free(&direct);
    panel_parse_opts o2 = {.multi = r1->multi};
    ck_assert_int_eq(panel_parse(d, a, out.data, out.len, &o2, &r2), PANEL_E_OK);
    json_t *v1 = panel_result_value_json_new(r1), *v2 = panel_result_value_json_new(r2);
    char *s1 = json_dumps(v1, JSON_SORT_KEYS), *s2 = json_dumps(v2, JSON_SORT_KEYS);
    ck_assert_msg(json_equal(v1, v2), "%s: value changed\n%s\n%s\nrendered %s", name, s1, s2,
                  out.data);
    for (size_t i = 0; i < r2->n_diags; i++) {
        int known = 0;
        for (size_t k = 0; k < r1->n_diags && !known; k++)
            known = r1->diags[k].code == r2->diags[i].code &&
                    !strcmp(r1->diags[k].pointer, r2->diags[i].pointer);
        ck_assert_msg(known, "%s: rendering added %s at '%s': %s", name,
                      panel_diag_code_name(r2->diags[i].code), r2->diags[i].pointer, out.data);
    }
    free(s1);
    free(s2);
    json_decref(v1);
    json_decref(v2);
    json_decref(j);
    panel_buf_free(&out);
    panel_result_free(r1);
    panel_result_free(r2);
    return 1;
}

/* Every case body of every dialect round-trips. */
START_TEST(test_cases_round_trip)
{
    size_t checked = 0;
    for (size_t i = 0; i < g_set.count; i++) {
        const panel_dialect *d = g_set.items[i];
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/tests/cases/%s", PANEL_SOURCE_DIR, d->name);
        DIR *dh = opendir(dir);
        if (!dh)
            continue;
        struct dirent *de;
        while ((de = readdir(dh))) {
            if (de->d_name[0] == '.')
                continue;
            char path[2048];
            size_t n = 0, cn = 0;
            snprintf(path, sizeof path, "%s/%s/case.json", dir, de->d_name);
            char *cs = tu_slurp(path, &cn);
            snprintf(path, sizeof path, "%s/%s/body.json", dir, de->d_name);
            char *body = tu_slurp(path, &n);
            json_t *c = json_loadb(cs, cn, 0, NULL);
            int a = panel_action_from_name(json_string_value(json_object_get(c, "action")));
            int multi = (int)json_integer_value(json_object_get(c, "multi"));
            if (a >= 0 && a != PANEL_ACTION_ERROR)
                checked += (size_t)round_trip(d, (panel_action)a, multi, body, n, path);
            json_decref(c);
            free(cs);
            free(body);
        }
        closedir(dh);
    }
    ck_assert_uint_ge(checked, 40);
    ck_assert_uint_ge(g_direct, 20);
}
END_TEST

/* The error envelope and compact dump. */
START_TEST(test_error_envelope)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "dripfeedpanel");
    json_t *j = panel_render_error_new(d, "Incorrect order ID");
    panel_buf out;
    panel_buf_init(&out, 1024);
    ck_assert_int_eq(panel_json_dump(j, &out), PANEL_E_OK);
    ck_assert_str_eq(out.data, "{\"error\":\"Incorrect order ID\"}");
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_ERROR, out.data, out.len, NULL, &r), PANEL_E_OK);
    ck_assert_str_eq(r->error, "Incorrect order ID");
    ck_assert_uint_eq(r->n_diags, 0);
    panel_result_free(r);
    panel_buf_free(&out);
    json_decref(j);
}
END_TEST

/* A result built by hand renders in the dialect's kinds and key order. */
START_TEST(test_render_kinds)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "dripfeedpanel");
    panel_result *r = panel_result_new(PANEL_ACTION_STATUS, 0);
    r->entries = calloc(1, sizeof *r->entries);
    r->n_entries = 1;
    panel_entry *e = &r->entries[0];
    e->has = PANEL_HAS_CHARGE | PANEL_HAS_START_COUNT | PANEL_HAS_REMAINS | PANEL_HAS_STATUS;
    e->charge = 27819000;
    e->start_count = 3572;
    e->remains = 157;
    e->status = PANEL_STATUS_PARTIAL;
    e->currency = strdup("USD");
    json_t *j = panel_render_new(d, r);
    panel_buf out;
    panel_buf_init(&out, 4096);
    ck_assert_int_eq(panel_json_dump(j, &out), PANEL_E_OK);
    ck_assert_str_eq(out.data, "{\"charge\":\"0.27819\",\"start_count\":\"3572\",\"status\":"
                               "\"Partial\",\"remains\":\"157\",\"currency\":\"USD\"}");
    panel_buf_free(&out);
    json_decref(j);
    panel_result_free(r);
}
END_TEST

/* Per-order error entries render in each dialect's documented error-entry shape, key included. */
static const struct {
    const char *dialect;
    panel_action action;
    const char *id, *error;
    const char *want;
} errentry_rows[] = {
    /* panel-v2 cancel: error_entry sibling -> { "order": 2, "error": "Incorrect order ID" } */
    {"panel-v2", PANEL_ACTION_CANCEL, "2", "Incorrect order ID",
     "[{\"order\":2,\"error\":\"Incorrect order ID\"}]"},
    /* dripfeedpanel cancel: nested -> { "order": 3, "cancel": { "error": "..." } } */
    {"dripfeedpanel", PANEL_ACTION_CANCEL, "3", "Incorrect order ID",
     "[{\"order\":3,\"cancel\":{\"error\":\"Incorrect order ID\"}}]"},
    /* smmpanel-ru multi status: string -> { "2": "Incorrect order ID" } */
    {"smmpanel-ru", PANEL_ACTION_STATUS, "2", "Incorrect order ID",
     "{\"2\":\"Incorrect order ID\"}"},
};

START_TEST(test_render_error_entry)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, errentry_rows[_i].dialect);
    ck_assert_ptr_nonnull(d);
    panel_result *r = panel_result_new(errentry_rows[_i].action, 1);
    r->entries = calloc(1, sizeof *r->entries);
    r->n_entries = 1;
    r->entries[0].id = strdup(errentry_rows[_i].id);
    r->entries[0].error = strdup(errentry_rows[_i].error);
    json_t *j = panel_render_new(d, r);
    ck_assert_ptr_nonnull(j);
    panel_buf out;
    panel_buf_init(&out, 4096);
    ck_assert_int_eq(panel_json_dump(j, &out), PANEL_E_OK);
    ck_assert_str_eq(out.data, errentry_rows[_i].want);
    panel_buf direct;
    panel_buf_init(&direct, 4096);
    ck_assert_int_eq(panel_render_bytes(d, r, &direct), PANEL_E_OK);
    ck_assert_str_eq(direct.data, errentry_rows[_i].want);
    panel_buf_free(&direct);
    /* and it reads back as the same error entry, without a shape complaint */
    panel_result *r2 = NULL;
    panel_parse_opts o = {.multi = 1};
    ck_assert_int_eq(panel_parse(d, errentry_rows[_i].action, out.data, out.len, &o, &r2),
                     PANEL_E_OK);
    ck_assert_uint_eq(r2->n_entries, 1);
    ck_assert_str_eq(r2->entries[0].id, errentry_rows[_i].id);
    ck_assert_str_eq(r2->entries[0].error, errentry_rows[_i].error);
    ck_assert_ptr_null(panel_result_find(r2, PANEL_DIAG_ERROR_ENTRY_SHAPE));
    panel_result_free(r2);
    panel_buf_free(&out);
    json_decref(j);
    panel_result_free(r);
}
END_TEST

static Suite *render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("round_trip");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cases_round_trip);
    tcase_add_test(tc, test_error_envelope);
    tcase_add_test(tc, test_render_kinds);
    tcase_add_loop_test(tc, test_render_error_entry, 0,
                        (int)(sizeof errentry_rows / sizeof errentry_rows[0]));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(render_suite());
}
