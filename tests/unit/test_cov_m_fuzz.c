/* tests/unit/test_cov_m_fuzz.c - panelmock --fuzz corners the suites never reached (found with
 * `make coverage`), without sockets: dropped answers counted only for their own session and a
 * kept answer, replay tokens of every malformed kind, follow-ups seen in the path, the body or
 * a refill id and ids that only look like them, repeats past the retry window, the report
 * files (written, unwritable) and --fuzz-replay from a report file, edited or not. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"

/* A mock of dripfeedpanel fuzzing actions (NULL: all) at rate 1; report: --fuzz-report. */
static mock_state *new_state(const char *actions, const char *report)
{
    mock_config cfg = {.seed = 9,
                       .dialect = "dripfeedpanel",
                       .balance = "1000",
                       .fuzz = "5",
                       .fuzz_actions = actions,
                       .fuzz_report = report};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

/* POSTs "key=KEY&" params; the response into r (caller frees). */
static void post(mock_state *s, const char *params, mock_response *r)
{
    char body[2048];
    snprintf(body, sizeof body, "key=%s&%s", s->acc[0].key, params);
    ck_assert_int_eq(
        mock_handle(s, "POST", s->acc[0].prefix, NULL, body, strlen(body), "127.0.0.1", r),
        PANEL_E_OK);
}

/* Places an order of a refillable service (its answer fuzzed or not); its id into id[64]. */
static void place(mock_state *s, char *id)
{
    mock_response r;
    size_t before = s->acc[0].store.n_orders;
    const panel_catalogue_item *it = tu_simple_item(s->acc[0].d, 1, 0); /* refills */
    ck_assert_ptr_nonnull(it);
    char params[256];
    snprintf(params, sizeof params,
             "action=add&service=%s&link=https://example.com/p&quantity=%lld", it->service,
             (long long)it->min);
    post(s, params, &r);
    mock_response_free(&r);
    ck_assert_uint_eq(s->acc[0].store.n_orders, before + 1);
    snprintf(id, 64, "%s", s->acc[0].store.orders[before].id);
}

/* The report's total of member name over its rows. */
static long long report_sum(mock_state *s, const char *name)
{
    json_t *j = mock_fuzz_report_json_new(s);
    long long sum = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(j, "rows"), i, row) sum +=
        json_integer_value(json_object_get(row, name));
    json_decref(j);
    return sum;
}

/* The orders the report lists as never followed up, as "id,id," into out. */
static void no_followups(mock_state *s, char *out, size_t outsz)
{
    json_t *j = mock_fuzz_report_json_new(s);
    size_t i;
    json_t *row;
    out[0] = '\0';
    json_array_foreach(json_object_get(j, "findings"), i, row)
    {
        const char *o = json_string_value(json_object_get(row, "order"));
        if (o)
            snprintf(out + strlen(out), outsz - strlen(out), "%s,", o);
    }
    json_decref(j);
}

/* A drop counts only for a kept answer of the current session, with a known reason. */
START_TEST(drops)
{
    mock_state *s = new_state("balance", NULL);
    mock_response r;
    post(s, "action=balance", &r);
    ck_assert_uint_eq(r.fuzz_n, 1);
    uint64_t sess = r.fuzz_session;
    mock_response_free(&r);
    post(s, "action=services", &r); /* not a fuzzed action: served as it is */
    ck_assert_uint_eq(r.fuzz_n, 0);
    mock_response_free(&r);
    mock_fuzz_dropped(NULL, sess, 1, MOCK_FUZZ_DROP_SEND);
    mock_fuzz_dropped(s, sess, 0, MOCK_FUZZ_DROP_SEND);
    mock_fuzz_dropped(s, sess, 1, MOCK_FUZZ_DROP__COUNT);
    mock_fuzz_dropped(s, sess + 1, 1, MOCK_FUZZ_DROP_SEND);
    mock_fuzz_dropped(s, sess, 2, MOCK_FUZZ_DROP_SEND); /* never served */
    ck_assert_int_eq(report_sum(s, "dropped"), 0);
    mock_fuzz_dropped(s, sess, 1, MOCK_FUZZ_DROP_TIMEOUT);
    ck_assert_int_eq(report_sum(s, "dropped"), 1);
    json_t *j = mock_fuzz_report_json_new(s);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(j, "dropped"), "timeout")),
                     1);
    json_t *f0 = json_array_get(json_object_get(j, "findings"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(f0, "signal")), "dropped:timeout");
    ck_assert_str_eq(json_string_value(json_object_get(f0, "token")), "fz-5-1");
    json_decref(j);
    mock_state_free(s);
    /* without --fuzz: nothing to count */
    mock_config cfg = {.seed = 9, .dialect = "dripfeedpanel"};
    char err[256];
    ck_assert_int_eq(mock_state_new(&cfg, &s, err, sizeof err), PANEL_E_OK);
    mock_fuzz_dropped(s, 1, 1, MOCK_FUZZ_DROP_SEND);
    mock_state_free(s);
}
END_TEST

/* Replay tokens: only "fz-SEED-N" of this seed and a kept N gives the answer again. */
START_TEST(replay_token_rows)
{
    static const struct {
        const char *token;
        int status;
        const char *want;
    } rows[] = {
        {"fz-5-1x", 404, "token must look like fz-SEED-N"},
        {"zz-5-1", 404, "token must look like fz-SEED-N"},
        {"fz-6-1", 404, "token of another --fuzz seed"},
        {"fz-5-0", 404, "token unknown or no longer kept"},
        {"fz-5-99", 404, "token unknown or no longer kept"},
    };
    mock_state *s = new_state("balance", NULL);
    mock_response r;
    post(s, "action=balance", &r);
    char served[4096];
    snprintf(served, sizeof served, "%.*s", (int)r.body.len, r.body.data);
    mock_response_free(&r);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        mock_response o;
        memset(&o, 0, sizeof o);
        panel_buf_init(&o.body, 1 << 16);
        ck_assert_int_eq(mock_fuzz_replay(s, rows[i].token, &o), PANEL_E_OK);
        ck_assert_int_eq(o.status, rows[i].status);
        ck_assert_msg(strstr(o.body.data, rows[i].want) != NULL, "%s: %s", rows[i].token,
                      o.body.data);
        mock_response_free(&o);
    }
    mock_response o;
    memset(&o, 0, sizeof o);
    panel_buf_init(&o.body, 1 << 16);
    ck_assert_int_eq(mock_fuzz_replay(s, NULL, &o), PANEL_E_OK);
    ck_assert_int_eq(o.status, 404);
    panel_buf_reset(&o.body);
    ck_assert_int_eq(mock_fuzz_replay(s, "fz-5-1", &o), PANEL_E_OK);
    ck_assert_int_eq(o.status, 200);
    ck_assert_str_eq(o.body.data, served);
    mock_response_free(&o);
    mock_state_free(s);
}
END_TEST

/* Follow-ups: an order a fuzzed add placed is followed up by a later request naming it as a
 * whole id (in the body or the path), never by one where it is part of a longer word; a
 * refill's new id follows up the refilled order; ids a status request names that are empty,
 * too long, unknown or final are not watched. */
START_TEST(followups)
{
    mock_state *s = new_state("add,status,refill", NULL);
    char id1[64], id2[64], id3[64], ids[256], params[512];
    place(s, id1);
    place(s, id2);
    no_followups(s, ids, sizeof ids);
    ck_assert_ptr_nonnull(strstr(ids, id1));
    ck_assert_ptr_nonnull(strstr(ids, id2));
    /* id1 as part of longer words: not a follow-up */
    snprintf(params, sizeof params, "action=balance&note=x%s_%s-%sA", id1, id1, id1);
    mock_response r;
    post(s, params, &r);
    mock_response_free(&r);
    no_followups(s, ids, sizeof ids);
    ck_assert_ptr_nonnull(strstr(ids, id1));
    /* id1 as a whole id at the end of the body, id2 in the path */
    snprintf(params, sizeof params, "action=balance&note=%s", id1);
    post(s, params, &r);
    mock_response_free(&r);
    char path[256], body[256];
    snprintf(path, sizeof path, "%s?o=%s", s->acc[0].prefix, id2);
    snprintf(body, sizeof body, "key=%s&action=balance", s->acc[0].key);
    ck_assert_int_eq(mock_handle(s, "POST", path, NULL, body, strlen(body), "127.0.0.1", &r),
                     PANEL_E_OK);
    mock_response_free(&r);
    no_followups(s, ids, sizeof ids);
    ck_assert_msg(strstr(ids, id1) == NULL && strstr(ids, id2) == NULL, "%s", ids);

    /* a status naming an empty item, a too long id, an unknown one and a final order */
    place(s, id3);
    snprintf(params, sizeof params, "action=status&order=%s", id3); /* its follow-up */
    post(s, params, &r);
    mock_response_free(&r);
    mock_advance_all(s, 50); /* every order final */
    snprintf(params, sizeof params,
             "action=status&orders=,%s,%s,123456789012345678901234567890123456789012345678901234"
             "567890123456789,424242",
             id1, id2);
    size_t pending_before = 0;
    no_followups(s, ids, sizeof ids);
    for (const char *p = ids; *p; p++)
        pending_before += *p == ',';
    post(s, params, &r);
    ck_assert_uint_gt(r.fuzz_n, 0);
    mock_response_free(&r);
    size_t pending_after = 0;
    no_followups(s, ids, sizeof ids);
    for (const char *p = ids; *p; p++)
        pending_after += *p == ',';
    ck_assert_uint_eq(pending_after, pending_before); /* nothing new watched */

    /* a fuzzed refill: the new refill's id follows the order up */
    const panel_action_spec *rp = &s->acc[0].d->actions[PANEL_ACTION_REFILL];
    snprintf(params, sizeof params, "action=%s&%s=%s", rp->name, rp->single_param, id1);
    post(s, params, &r); /* watched with its new refill's id */
    mock_response_free(&r);
    no_followups(s, ids, sizeof ids);
    ck_assert_ptr_nonnull(strstr(ids, id1));
    ck_assert_uint_ge(s->acc[0].store.n_refills, 1);
    const char *rid = s->acc[0].store.refills[0].id;
    const panel_action_spec *sp = &s->acc[0].d->actions[PANEL_ACTION_REFILL_STATUS];
    snprintf(params, sizeof params, "action=%s&%s=%s", sp->name, sp->single_param, rid);
    post(s, params, &r);
    mock_response_free(&r);
    no_followups(s, ids, sizeof ids);
    ck_assert_msg(strstr(ids, id1) == NULL, "%s (refill %s)", ids, rid);
    mock_state_free(s);
}
END_TEST

/* A fuzzed status names five open orders: the first four are watched. */
START_TEST(watch_cap)
{
    mock_state *s = new_state("add,status", NULL);
    char id[5][64], params[512] = "action=status&orders=", ids[512];
    for (int i = 0; i < 5; i++) {
        place(s, id[i]);
        snprintf(params + strlen(params), sizeof params - strlen(params), "%s%s", i ? "," : "",
                 id[i]);
    }
    mock_response r;
    post(s, params, &r);
    ck_assert_uint_gt(r.fuzz_n, 0);
    mock_response_free(&r);
    no_followups(s, ids, sizeof ids);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(strstr(ids, id[i]) != NULL, "%s: %s", id[i], ids);
    ck_assert_msg(strstr(ids, id[4]) == NULL, "%s", ids);
    mock_state_free(s);
}
END_TEST

/* A repeat within the retry window counts once; past the window it is no retry. */
START_TEST(retry_window)
{
    mock_state *s = new_state("balance", NULL);
    mock_response r;
    post(s, "action=balance", &r);
    mock_response_free(&r);
    for (int i = 0; i < 4; i++) {
        char p[64];
        snprintf(p, sizeof p, "action=balance&n=%d", i);
        post(s, p, &r);
        mock_response_free(&r);
    }
    post(s, "action=balance", &r); /* 5 requests later */
    mock_response_free(&r);
    ck_assert_int_eq(report_sum(s, "retried"), 0);
    post(s, "action=balance", &r); /* at once: a retry */
    mock_response_free(&r);
    ck_assert_int_eq(report_sum(s, "retried"), 1);
    ck_assert_int_eq(report_sum(s, "served"), 7);
    for (int i = 0; i < 20; i++) {
        post(s, "action=balance", &r);
        mock_response_free(&r);
    }
    json_t *j = mock_fuzz_report_json_new(s);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "recent")), 20); /* the latest 20 */
    ck_assert_str_eq(json_string_value(
                         json_object_get(json_array_get(json_object_get(j, "recent"), 0), "token")),
                     "fz-5-27");
    json_decref(j);
    mock_state_free(s);
}
END_TEST

/* Reads the file at path into a new buffer (caller frees). */
static char *slurp_file(const char *path)
{
    return tu_slurp(path, NULL);
}

/* The report files: written as JSON and Markdown (with findings); a report path in a missing
 * folder fails with PANEL_E_IO; --fuzz-replay from the file gives the served bytes, and
 * refuses an unreadable file, a foreign token, one not kept, an edited entry and a dialect
 * folder that cannot be read. */
START_TEST(report_files)
{
    char dir[] = "/tmp/panel-cov-m-fuzz-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char rep[256], md[300];
    snprintf(rep, sizeof rep, "%s/r.json", dir);
    snprintf(md, sizeof md, "%s.md", rep);
    mock_state *s = new_state(NULL, rep);
    char id[64];
    place(s, id); /* fuzzed and never followed up: a finding */
    mock_response r;
    post(s, "action=balance", &r);
    char served[8192];
    snprintf(served, sizeof served, "%.*s", (int)r.body.len, r.body.data);
    mock_response_free(&r);
    ck_assert_int_eq(mock_fuzz_write_report(s), PANEL_E_OK);
    char *m = slurp_file(md);
    ck_assert_ptr_nonnull(strstr(m, "# panelmock fuzz report"));
    ck_assert_ptr_nonnull(strstr(m, "## Findings"));
    char order[96];
    snprintf(order, sizeof order, "no_followup (order %s)", id);
    ck_assert_msg(strstr(m, order) != NULL, "%s", m);
    free(m);

    static const struct {
        const char *report, *token;
        panel_err rc;
        const char *want;
    } rows[] = {
        {"/nonexistent/r.json", "fz-5-2", PANEL_E_IO, "cannot read /nonexistent/r.json"},
        {NULL, "fz-6-2", PANEL_E_NOT_FOUND, "is not one of this report's (seed 5)"},
        {NULL, "fz-5-2x", PANEL_E_NOT_FOUND, "is not one of this report's"},
        {NULL, "fz-5-77", PANEL_E_NOT_FOUND, "not kept in"},
    };
    char err[512];
    panel_buf out;
    panel_buf_init(&out, 1 << 20);
    int status = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        err[0] = '\0';
        ck_assert_int_eq(mock_fuzz_replay_file(rows[i].report ? rows[i].report : rep, rows[i].token,
                                               NULL, &out, &status, err, sizeof err),
                         rows[i].rc);
        ck_assert_msg(strstr(err, rows[i].want) != NULL, "%s: %s", rows[i].token, err);
    }
    ck_assert_int_eq(mock_fuzz_replay_file(rep, "fz-5-2", NULL, &out, &status, err, sizeof err),
                     PANEL_E_OK);
    ck_assert_int_eq(status, 200);
    ck_assert_str_eq(out.data, served);
    ck_assert_int_eq(mock_fuzz_replay_file(rep, "fz-5-2", "/nonexistent/dialects", &out, &status,
                                           err, sizeof err),
                     PANEL_E_IO);
    ck_assert_ptr_nonnull(strstr(err, "cannot load dialects"));
    /* the kept entry edited: an unknown dialect, an unknown action, a base that is no text */
    static const char *const edits[][2] = {
        {"dialect", "\"nope\""}, {"action", "\"nope\""}, {"action", "5"}, {"base", "5"}};
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        json_t *j = json_load_file(rep, 0, NULL);
        ck_assert_ptr_nonnull(j);
        json_t *kept = json_object_get(j, "kept");
        size_t k;
        json_t *it;
        json_array_foreach(kept, k, it)
            json_object_set_new(it, edits[i][0], json_loads(edits[i][1], JSON_DECODE_ANY, NULL));
        char ed[300];
        snprintf(ed, sizeof ed, "%s/e.json", dir);
        ck_assert_int_eq(json_dump_file(j, ed, 0), 0);
        json_decref(j);
        ck_assert_int_eq(mock_fuzz_replay_file(ed, "fz-5-2", NULL, &out, &status, err, sizeof err),
                         PANEL_E_PARSE);
        ck_assert_msg(strstr(err, "names an unknown dialect or action") != NULL, "%s", err);
        unlink(ed);
    }
    /* a kept entry without a token is no match */
    json_t *j = json_load_file(rep, 0, NULL);
    size_t k;
    json_t *it;
    json_array_foreach(json_object_get(j, "kept"), k, it)
        json_object_set_new(it, "token", json_integer(5));
    char ed[300];
    snprintf(ed, sizeof ed, "%s/t.json", dir);
    ck_assert_int_eq(json_dump_file(j, ed, 0), 0);
    json_decref(j);
    ck_assert_int_eq(mock_fuzz_replay_file(ed, "fz-5-2", NULL, &out, &status, err, sizeof err),
                     PANEL_E_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(err, "not kept in"));
    unlink(ed);
    panel_buf_free(&out);
    /* the Markdown file cannot be created (a folder of its name): PANEL_E_IO */
    unlink(md);
    ck_assert_int_eq(mkdir(md, 0700), 0);
    ck_assert_int_eq(mock_fuzz_write_report(s), PANEL_E_IO);
    rmdir(md);
    mock_state_free(s);
    unlink(rep);
    /* a report path in a folder that does not exist; no report path at all */
    s = new_state(NULL, "/nonexistent/panel-cov/r.json");
    place(s, id);
    ck_assert_int_eq(mock_fuzz_write_report(s), PANEL_E_IO);
    mock_state_free(s);
    s = new_state(NULL, NULL);
    ck_assert_int_eq(mock_fuzz_write_report(s), PANEL_E_OK);
    mock_state_free(s);
    rmdir(dir);
}
END_TEST

static Suite *cov_m_fuzz_suite(void)
{
    Suite *s = suite_create("cov_m_fuzz");
    TCase *tc = tcase_create("fuzz");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, drops);
    tcase_add_test(tc, replay_token_rows);
    tcase_add_test(tc, followups);
    tcase_add_test(tc, retry_window);
    tcase_add_test(tc, watch_cap);
    tcase_add_test(tc, report_files);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(cov_m_fuzz_suite());
}
