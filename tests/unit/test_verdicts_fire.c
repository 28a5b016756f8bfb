/* test_verdicts_fire.c - every fail/warn site and every skip reason of the runner, made to
 * fire (issue #16 item 2). Part A is a table run through `panelcheck run` and its embedded
 * mock (planted deviations, --mock-faults, --mock-balance): each row names the check id, the
 * verdict and the finding's cause or the skip's kind it must produce. Part B drives
 * runner_run in-process against a started mock for what a command line cannot reach without
 * traffic off loopback or a signal: the non-loopback policy (nothing placed: the mock's
 * journal has no add), the spend limit, an interrupt, the deadline and a peer that dies.
 *
 * The list of sites (the comment above FIRE[]) was measured with a gcc --coverage build of
 * this file's runs, one FIRE row at a time. */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "mock_internal.h"
#include "panel/dialect.h"
#include "panelmock.h"
#include "policy.h"
#include "runner.h"
#include "testutil.h"

static char tmpdir[256];

/* Path of a file in the test's temporary directory (static buffer per slot). */
static const char *tmp(int slot, const char *name)
{
    static char paths[4][512];
    snprintf(paths[slot], sizeof(paths[slot]), "%s/%s", tmpdir, name);
    return paths[slot];
}

/* One verdict to provoke: `panelcheck run --dialect D ARGS...` must record check id (of
 * action, NULL: the only one of that id) with status, and detail: the skip kind of a skip,
 * or the cause of one of the findings of a fail or warn. */
typedef struct {
    const char *dialect;
    const char *args[8];
    const char *id;
    const char *action;
    const char *status;
    const char *detail;
} fire_row;

/* Every fail/warn site (check_obs_add) and every skip site (check_skip, check_obs_block,
 * stop_run) of harness/runner*.c and harness/checks_*.c, at this file's commit, with what
 * reaches it: "row N" = FIRE[N], "doc N" = DOC[N], or a part B test by name.
 *
 * runner.c   234 skip <stop kind> (no evidence, run stopped) ... test_interrupted
 *            236 skip no_data "nothing could be observed" ........ row 35
 *            339 fail transport.reachable ........................ row 5
 * runner_exchange.c  51 / 82 skip interrupted (flag before / during a request) ..
 *                        test_interrupted / test_interrupt_mid_request
 *            53 / 84 skip interrupted (--deadline before / during) test_deadline /
 *                        test_deadline_mid_request
 *            87 skip blocked (peer unreachable or died) .......... row 5, test_peer_dies
 *            101 skip <stop kind> (request not sent) ............. test_interrupted
 *            104 fail "transport" ................................ rows 2, 3 (reset, truncate)
 *            166 fail/warn "http status" (positive answer) ....... rows 4, 6
 *            182 fail/warn <parser diagnostic> ................... rows 25, 28
 * runner_orders.c  179 fail "charge differs" ..................... row 29
 *            194 skip policy (not loopback, spend limit) ......... test_policy_non_loopback,
 *                                                                  test_policy_spend_limit
 *            206 skip policy (balance below the cost) ............ row 14
 *            235 fail "not accepted" ............................. row 51
 *            243 fail/warn "id format" ........................... row 28
 * runner_refusal.c  55 "error entry shape" 36; 69 "no error" 31, 37, 47; 76 "http status" 48;
 *            82 warn "message" 49; 96 fail "balance moved" 30
 * checks_transport.c  21 fail content type 0; 30 fail "empty body" 1, "invalid JSON" 27
 * checks_services.c  45 "error answer" 6; 48 "empty" 26; 106 "min over max" 24;
 *            111 "negative rate" 7; 117 warn "undocumented type" 8; 123 skip blocked 19;
 *            147 "no balance" 9; 183 skip blocked 10
 * checks_add.c  18 skip blocked 11; 21 skip no_data 12; 27 skip policy (refused type)
 *            test_policy_refused_and_extra; 57 skip no_data (ledger) 13
 * checks_status.c  56 "a -> b" illegal transition 15 (fail), 16 (warn); 69 "remains out of
 *            range" 33; 172 "no status" 35; 178 "unknown status" 32; 188 "charge" 34;
 *            229 single/multi disagree 18; 281 skip not_documented doc 7; 310 skip timeout
 *            32; 334 skip not_documented doc 3; 337 skip <stop kind> test_interrupted;
 *            339 skip blocked/no_data 11, 12; 363 doc 2; 372 doc 0; 377 doc 1;
 *            382 skip timeout 17
 *            240 skip not_documented "no id limit documented": the loader requires
 *            limits/max_ids in 1..1000, so only a dialect edited in memory after loading
 *            reaches it (max_ids 0 or past 10000): test_cov_h1_runs rows 0, 1
 * checks_refill_cancel.c  20 "not accepted" 42; 25 "not ok" 43; 31 "no refill id" 39;
 *            61 skip not_documented 11; 67 skip no_data 52; 87 skip <stop kind>
 *            test_interrupted, test_peer_dies; 89 skip timeout 23; 93 skip no_data 12;
 *            110 skip not_documented/policy 20, test_policy_non_loopback; 127 doc 8;
 *            167, 214 skip not_documented 22; 177 skip no_data 11; 203 not_documented 20;
 *            220 no_data 12; 235 "no refill status" 40; 263 skip timeout 22;
 *            271 "status after cancel" 20; 282 warn "charge after cancel" 45;
 *            290 warn "remains after cancel" 46; 305 no_data 12; 329 "refund differs" 21;
 *            356, 358 skip not_documented 40, policy test_policy_non_loopback;
 *            375 not_documented 11; 388 doc 6; 390, 398 no_data 12; 402 timeout 22; 417 no_data 12;
 *            429 not_documented 20; 432 no_data 12
 * checks_isolation.c  27 skip all (blocked/no_data) 11, 12; 41 no key2 test_no_key2;
 *            59 doc 4; 62 not_documented 20; 65 no_data 15; 72 not_documented 20;
 *            86 not_documented 40; 90 no_data 51. The policy kind of 72 and 86 is
 *            UNREACHABLE by construction: they need a placed order, and an order is placed
 *            only where policy_change_allowed holds too (loopback or --allow-orders)
 * checks_neg.c  56 skip policy test_policy_non_loopback; 79 skip blocked 11; 106 no_data 12;
 *            173 doc 9; 198, 206 blocked/no_data 11, 12; 218 doc 5
 *            213 skip no_data "the service's min is 0": a provider answering min 0 (the
 *            mock's loader refuses a catalogue min below 1): ctest checks/neg-quantity-min-zero
 *            (a canned services answer, tests/checks/)
 * checks_extra.c  65 "missing field" doc 10; 71 "wrong type" doc 11; 87 "refused" doc 12;
 *            94 "shape" doc 13; 143 skip policy test_policy_refused_and_extra;
 *            164 "answer" (no JSON) row 50
 *            127 "missing field" of a form-less answer: the loader requires a response form
 *            for every extra action, so only a dialect edited in memory after loading reaches
 *            it: test_cov_h1_runs row 2 (and rows 5-22: every field kind, array and keyed forms)
 * Skip kinds: not_documented, policy, no_data, blocked, timeout, interrupted all reached. */
/* clang-format off */
static const fire_row FIRE[] = {
    /* 0-1 transport.* (checks_transport.c) */
    {"dripfeedpanel", {"--mock-faults", "ctype=1", "--only", "services"},
     "transport.content_type_json", "services", "fail", "text/html; charset=UTF-8"},
    {"dripfeedpanel", {"--mock-faults", "empty=1", "--only", "services"},
     "transport.valid_json", "services", "fail", "empty body"},
    /* 2-4 transport faults on a positive answer (runner_exchange.c) */
    {"dripfeedpanel", {"--mock-faults", "reset=1", "--only", "services"},
     "services.shape", NULL, "fail", "transport"},
    {"dripfeedpanel", {"--mock-faults", "truncate=1", "--only", "services"},
     "services.shape", NULL, "fail", "transport"},
    {"dripfeedpanel", {"--mock-faults", "500=1", "--only", "services"},
     "services.shape", NULL, "fail", "http status"},
    /* 5 a timeout on every request: unreachable (runner.c transport.reachable) */
    {"dripfeedpanel", {"--mock-faults", "latency=1500ms", "--timeout", "150"},
     "transport.reachable", NULL, "fail", "transport"},
    /* 6-8 services.* (checks_services.c) */
    {"dripfeedpanel", {"--mock-faults", "429=1", "--only", "services"},
     "services.shape", NULL, "fail", "error answer"},
    {"dripfeedpanel", {"--mock-deviate", "services_rate_negative", "--only", "services"},
     "services.rate_decimal", NULL, "fail", "negative rate"},
    {"dripfeedpanel", {"--mock-deviate", "services_unknown_type", "--only", "services"},
     "services.types_known", NULL, "warn", "undocumented type"},
    /* 9 balance.shape */
    {"dripfeedpanel", {"--mock-deviate", "balance_missing", "--only", "balance"},
     "balance.shape", NULL, "fail", "no balance"},
    /* 10-11 blocked by an unusable services list */
    {"dripfeedpanel", {"--mock-faults", "reset=1", "--only", "services"},
     "services.types_known", NULL, "skip", "blocked"},
    {"dripfeedpanel", {"--mock-faults", "reset=1"}, "add.default", NULL, "skip", "blocked"},
    /* 12-14 no service of the type (checks_add.c), nothing placed */
    {"dripfeedpanel", {"--mock-deviate", "services_unknown_type", "--only", "add"},
     "add.default", NULL, "skip", "no_data"},
    {"dripfeedpanel", {"--mock-deviate", "services_unknown_type", "--only", "add"},
     "ledger.charge", NULL, "skip", "no_data"},
    {"dripfeedpanel", {"--mock-balance", "0.001", "--only", "add"},
     "add.default", NULL, "skip", "policy"},
    /* 15-17 status.* (checks_status.c) */
    {"dripfeedpanel", {"--mock-deviate", "status_goes_back", "--only", "status"},
     "status.transitions_legal", NULL, "fail", "in_progress -> pending"},
    {"smm-objectid", {"--mock-deviate", "status_goes_back", "--only", "status"},
     "status.transitions_legal", NULL, "warn", "in_progress -> awaiting"},
    {"smm-objectid", {"--mock-deviate", "status_goes_back", "--only", "status"},
     "status.single_multi_agree", NULL, "skip", "timeout"},
    {"dripfeedpanel", {"--mock-deviate", "multi_status_disagrees", "--only", "status"},
     "status.single_multi_agree", NULL, "fail", "status"},
    /* 19 no service carries a rate: rate_decimal blocked by services.fields */
    {"dripfeedpanel", {"--mock-deviate", "services_missing_rate", "--only", "services"},
     "services.rate_decimal", NULL, "skip", "blocked"},
    /* 20-21 a cancel answered ok that cancels nothing (checks_refill_cancel.c) */
    {"panel-v2", {"--mock-deviate", "cancel_ignored", "--only", "cancel"},
     "cancel.status_after", NULL, "fail", "status after cancel"},
    {"panel-v2", {"--mock-deviate", "cancel_ignored", "--only", "cancel"},
     "ledger.refund", NULL, "fail", "refund differs"},
    /* 22-23 a settled order that never settles: timeouts downstream */
    {"smm-objectid", {"--mock-deviate", "status_goes_back"},
     "cancel.terminal_refused", NULL, "skip", "timeout"},
    {"smm-objectid", {"--mock-deviate", "status_goes_back"},
     "refill.single", NULL, "skip", "timeout"},
    /* 24-26 services (the deviations of earlier waves, pinned to their site) */
    {"dripfeedpanel", {"--mock-deviate", "services_min_over_max", "--only", "services"},
     "services.min_le_max", NULL, "fail", "min over max"},
    {"dripfeedpanel", {"--mock-deviate", "services_rate_number", "--only", "services"},
     "services.rate_decimal", NULL, "fail", "wrong_type"},
    {"dripfeedpanel", {"--mock-deviate", "services_invalid_json", "--only", "services"},
     "services.shape", NULL, "fail", "empty"},
    /* 27 transport.valid_json on invalid JSON */
    {"dripfeedpanel", {"--mock-deviate", "services_invalid_json", "--only", "services"},
     "transport.valid_json", NULL, "fail", "invalid JSON"},
    /* 28-31 add and the ledger (runner_orders.c) */
    {"panel-v2", {"--mock-deviate", "add_order_id_zero", "--only", "add"},
     "add.default", NULL, "warn", "id format"},
    {"dripfeedpanel", {"--mock-deviate", "add_charges_double", "--only", "add"},
     "ledger.charge", NULL, "fail", "charge differs"},
    {"dripfeedpanel", {"--mock-deviate", "add_no_funds_check", "--only", "add"},
     "neg.not_enough_funds", NULL, "fail", "balance moved"},
    {"dripfeedpanel", {"--mock-deviate", "add_ignores_min", "--only", "add"},
     "neg.quantity_below_min", NULL, "fail", "no error"},
    /* 32-38 status (checks_status.c, runner_refusal.c) */
    {"dripfeedpanel", {"--mock-deviate", "status_unknown_word", "--only", "status"},
     "status.single", NULL, "fail", "unknown status"},
    {"dripfeedpanel", {"--mock-deviate", "status_remains_negative", "--only", "status"},
     "status.remains_le_quantity", NULL, "fail", "remains out of range"},
    {"dripfeedpanel", {"--mock-deviate", "status_charge_wrong", "--only", "status"},
     "status.single", NULL, "fail", "charge"},
    {"notpanel", {"--mock-deviate", "add_order_id_zero", "--only", "status"},
     "status.single", NULL, "fail", "no status"},
    {"dripfeedpanel", {"--mock-deviate", "multi_error_wrong_shape", "--only", "status"},
     "status.multi_bogus_entry", NULL, "fail", "error entry shape"},
    {"dripfeedpanel", {"--mock-deviate", "multi_drops_unknown_id", "--only", "status"},
     "status.multi_bogus_entry", NULL, "fail", "no error"},
    {"dripfeedpanel", {"--mock-deviate", "multi_over_limit_accepted", "--only", "status"},
     "status.multi_over_limit", NULL, "fail", "no error"},
    /* 39-41 refill and refill_status (checks_refill_cancel.c) */
    {"notpanel", {"--mock-deviate", "refill_wrong_shape", "--only", "refill"},
     "refill.single", NULL, "fail", "no refill id"},
    {"smpanelim", {"--mock-deviate", "refill_status_unknown_word", "--only", "refill_status"},
     "refill_status.single", NULL, "fail", "no refill status"},
    {"dripfeedpanel", {"--mock-deviate", "refill_accepts_bogus", "--only", "refill"},
     "isolation.refill", NULL, "fail", "no error"},
    /* 42-46 cancel */
    {"notpanel", {"--mock-deviate", "add_order_id_zero", "--only", "cancel"},
     "cancel.single", NULL, "fail", "not accepted"},
    {"panel-v2", {"--mock-deviate", "cancel_wrong_shape", "--only", "cancel"},
     "cancel.multi", NULL, "fail", "not ok"},
    {"dripfeedpanel", {"--mock-deviate", "cancel_noncancellable_accepted", "--only", "cancel"},
     "cancel.noncancellable_refused", NULL, "fail", "no error"},
    {"dripfeedpanel", {"--mock-deviate", "status_charge_wrong", "--only", "cancel"},
     "cancel.status_after", NULL, "warn", "charge after cancel"},
    {"dripfeedpanel", {"--mock-deviate", "status_remains_negative", "--only", "cancel"},
     "cancel.status_after", NULL, "warn", "remains after cancel"},
    /* 47-49 the error envelope (runner_refusal.c) */
    {"dripfeedpanel", {"--mock-deviate", "bad_key_accepted", "--only", "error"},
     "neg.bad_key", NULL, "fail", "no error"},
    {"dripfeedpanel", {"--mock-deviate", "error_wrong_http_code", "--only", "error"},
     "neg.bad_key", NULL, "warn", "http status"},
    {"dripfeedpanel", {"--mock-deviate", "error_wrong_message", "--only", "error"},
     "neg.bad_key", NULL, "warn", "message"},
    /* 50-52 an extra action answered with no JSON, an add refused in an answer the parser
     * only warns about, no refillable order for the refill status rules */
    {"notpanel", {"--mock-faults", "empty=1"}, "extra.webhook_add", NULL, "fail", "answer"},
    {"notpanel", {"--mock-deviate", "services_min_over_max", "--only", "add"},
     "add.default", NULL, "fail", "not accepted"},
    {"notpanel", {"--mock-deviate", "services_unknown_type", "--only", "refill"},
     "refill.status_refused", NULL, "skip", "no_data"},
};
/* clang-format on */

#define N_FIRE (sizeof(FIRE) / sizeof(FIRE[0]))

/* The check of id (and action when given) in the JSON report j; borrowed or NULL. */
static json_t *find_check(json_t *j, const char *id, const char *action)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(j, "checks"), i, c)
    {
        const char *cid = json_string_value(json_object_get(c, "id"));
        const char *ca = json_string_value(json_object_get(c, "action"));
        if (cid && !strcmp(cid, id) && (!action || (ca && !strcmp(ca, action))))
            return c;
    }
    return NULL;
}

/* 1 when check c (a fail or warn) has a finding whose cause (or, for a finding without
 * one, field) is cause. */
static int has_cause(json_t *c, const char *cause)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(c, "findings"), i, f)
    {
        const char *fc = json_string_value(json_object_get(f, "cause"));
        const char *ff = json_string_value(json_object_get(f, "field"));
        if ((fc && !strcmp(fc, cause)) || (ff && !strcmp(ff, cause)))
            return 1;
    }
    return 0;
}

/* Asserts the verdict of row w in the report j. */
static void assert_verdict(json_t *j, const fire_row *w, size_t row)
{
    json_t *c = find_check(j, w->id, w->action);
    if (!c)
        ck_abort_msg("row %zu: no check %s (%s) in the report", row, w->id,
                     w->action ? w->action : "any");
    const char *st = json_string_value(json_object_get(c, "status"));
    const char *msg = json_string_value(json_object_get(c, "message"));
    if (!st || strcmp(st, w->status))
        ck_abort_msg("row %zu: %s is %s, want %s (%s)", row, w->id, st ? st : "?", w->status,
                     msg ? msg : "");
    if (!strcmp(w->status, "skip")) {
        const char *k = json_string_value(json_object_get(c, "skip_kind"));
        if (!k || strcmp(k, w->detail))
            ck_abort_msg("row %zu: %s skipped as %s, want %s (%s)", row, w->id, k ? k : "?",
                         w->detail, msg ? msg : "");
    } else if (!has_cause(c, w->detail)) {
        ck_abort_msg("row %zu: %s %s without a finding of cause '%s' (%s)", row, w->id, st,
                     w->detail, msg ? msg : "");
    }
}

/* One FIRE row through `panelcheck run` in a child process. */
START_TEST(test_fire_row)
{
    const fire_row *w = &FIRE[_i];
    char rep[600];
    snprintf(rep, sizeof(rep), "json:%s", tmp(2, "fire.json"));
    const char *args[16];
    size_t n = 0;
    args[n++] = "--dialect";
    args[n++] = w->dialect;
    for (size_t k = 0; k < 8 && w->args[k]; k++)
        args[n++] = w->args[k];
    args[n++] = "--report";
    args[n++] = rep;
    args[n] = NULL;
    unlink(tmp(2, "fire.json"));
    int code = tu_run_panelcheck("run", args, tmp(0, "out"), tmp(1, "err"));
    if (code != 0 && code != 1 && code != 3)
        ck_abort_msg("row %zu: exit %d", (size_t)_i, code);
    json_error_t e;
    json_t *j = json_load_file(tmp(2, "fire.json"), 0, &e);
    if (!j)
        ck_abort_msg("row %zu: no JSON report: %s", (size_t)_i, e.text);
    assert_verdict(j, w, (size_t)_i);
    json_decref(j);
}
END_TEST

/* ---- part B: runner_run in-process against a started mock ---------------------------------- */

/* A mock of one dialect (two accounts), the loaded dialect and a client. */
typedef struct {
    mock_server *m;
    panel_dialect_set set;
    const panel_dialect *d;
    char url[600];
    char key[256], key2[256]; /* copies: the mock may be stopped mid-run */
    http_client *http;
    policy pol;
    runner_opts o;
    check_suite s;
    size_t verdicts; /* seen by on_result */
    size_t stop_at;  /* on_result stops the mock (kill) or sets the flag (flag) after this many */
    int kill;        /* 1: stop the mock at stop_at; 0: raise the interrupt flag */
    volatile sig_atomic_t flag;
} rig;

/* Starts the mock of dialect (its document from mock_dir, NULL: the shipped one) and fills
 * the runner options (the runner's document from runner_dir, NULL: the shipped one; loopback
 * policy, no limit). */
static void rig_start_dirs(rig *g, const char *dialect, const char *runner_dir,
                           const char *mock_dir)
{
    memset(g, 0, sizeof(*g));
    mock_config cfg = {0};
    cfg.listen = "127.0.0.1:0";
    cfg.dialect = dialect;
    cfg.dialect_dir = mock_dir;
    cfg.seed = 1;
    cfg.balance = "10";
    cfg.quiet = 1;
    cfg.accounts = 2;
    char base[256], err[256] = "";
    ck_assert_int_eq(mock_server_start(&cfg, &g->m, base, sizeof(base), err, sizeof(err)),
                     PANEL_E_OK);
    if (runner_dir) {
        panel_dialect_error derr;
        if (panel_dialect_load_dir(runner_dir, &g->set, &derr) != PANEL_E_OK)
            ck_abort_msg("%s: %s at %s: %s", runner_dir, derr.file, derr.pointer, derr.reason);
    } else {
        tu_load_dialects(&g->set);
    }
    g->d = panel_dialect_set_find(&g->set, dialect);
    ck_assert_ptr_nonnull(g->d);
    snprintf(g->url, sizeof(g->url), "%s/%s%s", base, dialect, g->d->base_path);
    mock_state *st = mock_server_state_borrow(g->m);
    const char *k1 = mock_state_account_key_borrow(st, dialect, 0);
    const char *k2 = mock_state_account_key_borrow(st, dialect, 1);
    ck_assert_ptr_nonnull(k1);
    ck_assert_ptr_nonnull(k2);
    snprintf(g->key, sizeof(g->key), "%s", k1);
    snprintf(g->key2, sizeof(g->key2), "%s", k2);
    http_opts ho = {0};
    ho.timeout_ms = 5000;
    ck_assert_int_eq(http_new(&ho, &g->http), PANEL_E_OK);
    policy_init(&g->pol, g->url, 0, 0, 0);
    g->o.d = g->d;
    g->o.url = g->url;
    g->o.key = g->key;
    g->o.key2 = g->key2;
    g->o.http = g->http;
    g->o.pol = &g->pol;
    g->o.interrupted = &g->flag;
}

/* rig_start_dirs with the shipped documents on both sides. */
static void rig_start(rig *g, const char *dialect)
{
    rig_start_dirs(g, dialect, NULL, NULL);
}

/* on_result: counts verdicts; at stop_at stops the mock or raises the interrupt flag. */
static void rig_progress(const check_suite *s, const check_result *r, void *ud)
{
    (void)s;
    (void)r;
    rig *g = ud;
    if (++g->verdicts != g->stop_at)
        return;
    if (g->kill) {
        mock_server_stop(g->m);
        g->m = NULL;
    } else {
        g->flag = 1;
    }
}

/* Runs the catalogue into g->s. */
static void rig_run(rig *g)
{
    g->o.on_result = rig_progress;
    g->o.ud = g;
    ck_assert_int_eq(runner_run(&g->o, &g->s), PANEL_E_OK);
}

/* Frees the suite, the client, the dialects and stops the mock (unless stopped already). */
static void rig_stop(rig *g)
{
    check_suite_free(&g->s);
    http_free(g->http);
    if (g->m)
        mock_server_stop(g->m);
    panel_dialect_set_free(&g->set);
}

/* The verdict of id in g's suite; fails the test when absent. */
static const check_result *verdict(const rig *g, const char *id)
{
    for (size_t i = 0; i < g->s.n; i++)
        if (!strcmp(g->s.items[i].id, id))
            return &g->s.items[i];
    ck_abort_msg("no verdict %s", id);
    return NULL;
}

/* Asserts id was skipped with kind k (and, when want is given, a message containing it). */
static void want_skip(const rig *g, const char *id, check_skip_kind k, const char *want)
{
    const check_result *r = verdict(g, id);
    if (r->status != CHECK_SKIP || r->skip_kind != k)
        ck_abort_msg("%s: %s/%s (%s), want skip/%s", id, check_status_name(r->status),
                     check_skip_kind_name(r->skip_kind), r->message ? r->message : "",
                     check_skip_kind_name(k));
    if (want && (!r->message || !strstr(r->message, want)))
        ck_abort_msg("%s: message '%s' lacks '%s'", id, r->message ? r->message : "", want);
}

/* Requests of action the mock journaled (every API request it saw, answered or refused). */
static size_t journaled(rig *g, const char *action)
{
    mock_journal_filter f = {0};
    f.action = action;
    json_t *j = mock_journal_json_new(mock_server_state_borrow(g->m), &f);
    ck_assert_ptr_nonnull(j);
    size_t n = json_array_size(j);
    json_decref(j);
    return n;
}

/* Non-loopback endpoint without --allow-orders: the policy of a URL that is not loopback
 * ("panel.example.com": never resolved, never connected to) drives a run whose requests go
 * to the mock on 127.0.0.1. Nothing costing money or changing an order is sent. */
START_TEST(test_policy_non_loopback)
{
    rig g;
    rig_start(&g, "dripfeedpanel");
    policy_init(&g.pol, "https://panel.example.com/api/v2", 0, 0, 0);
    ck_assert_int_eq(g.pol.loopback, 0);
    rig_run(&g);
    want_skip(&g, "add.default", CHECK_SKIP_POLICY, "--allow-orders");
    want_skip(&g, "neg.invalid_service", CHECK_SKIP_POLICY, "--allow-orders");
    want_skip(&g, "cancel.multi", CHECK_SKIP_POLICY, "--allow-orders");
    ck_assert_uint_gt(journaled(&g, "services"), 0);
    ck_assert_uint_eq(journaled(&g, "add"), 0);
    ck_assert_uint_eq(journaled(&g, "refill"), 0);
    ck_assert_uint_eq(journaled(&g, "cancel"), 0);
    rig_stop(&g);
}
END_TEST

/* --allow-orders with a --spend-limit below the cheapest order: still nothing placed. */
START_TEST(test_policy_spend_limit)
{
    rig g;
    rig_start(&g, "dripfeedpanel");
    panel_money limit = 0;
    ck_assert_int_eq(panel_money_parse("0.0001", 6, &limit, NULL), PANEL_E_OK);
    policy_init(&g.pol, "https://panel.example.com/api/v2", 1, 1, limit);
    rig_run(&g);
    want_skip(&g, "add.default", CHECK_SKIP_POLICY, "--spend-limit");
    ck_assert_uint_eq(journaled(&g, "add"), 0);
    rig_stop(&g);
}
END_TEST

/* SIGINT/SIGTERM (the flag) after the first verdict: the rest is skipped as interrupted. */
START_TEST(test_interrupted)
{
    rig g;
    rig_start(&g, "dripfeedpanel");
    g.stop_at = 1;
    rig_run(&g);
    want_skip(&g, "balance.shape", CHECK_SKIP_INTERRUPTED, "interrupted");
    want_skip(&g, "add.default", CHECK_SKIP_INTERRUPTED, "interrupted");
    want_skip(&g, "status.single", CHECK_SKIP_INTERRUPTED, "interrupted");
    rig_stop(&g);
}
END_TEST

/* A --deadline already past: not one request is sent. */
START_TEST(test_deadline)
{
    rig g;
    rig_start(&g, "dripfeedpanel");
    g.o.deadline_ms = runner_now_ms() - 1;
    rig_run(&g);
    want_skip(&g, "services.shape", CHECK_SKIP_INTERRUPTED, "--deadline");
    ck_assert_uint_eq(journaled(&g, NULL), 0);
    rig_stop(&g);
}
END_TEST

/* The peer dies mid-run (the mock stopped after some verdicts): the run stops, the rest is
 * blocked, the suite is marked unreachable. */
START_TEST(test_peer_dies)
{
    rig g;
    rig_start(&g, "dripfeedpanel");
    g.stop_at = 8;
    g.kill = 1;
    rig_run(&g);
    ck_assert_int_eq(g.s.unreachable, 1);
    want_skip(&g, "neg.bogus_order_id", CHECK_SKIP_BLOCKED, "stopped answering");
    rig_stop(&g);
}
END_TEST

/* The non-loopback policy on the two dialects with a refused add type (panel-v2) and an
 * extra action (notpanel): those are skipped for the policy too, nothing sent. */
START_TEST(test_policy_refused_and_extra)
{
    rig g;
    rig_start(&g, "panel-v2");
    policy_init(&g.pol, "https://panel.example.com/api/v2", 0, 0, 0);
    rig_run(&g);
    want_skip(&g, "add.subscriptions", CHECK_SKIP_POLICY, "--allow-orders");
    ck_assert_uint_eq(journaled(&g, "add"), 0);
    rig_stop(&g);
    rig_start(&g, "notpanel");
    policy_init(&g.pol, "https://panel.example.com/api/v2", 0, 0, 0);
    rig_run(&g);
    want_skip(&g, "extra.webhook_add", CHECK_SKIP_POLICY, "--allow-orders");
    ck_assert_uint_eq(journaled(&g, "webhook.add"), 0);
    rig_stop(&g);
}
END_TEST

static volatile sig_atomic_t alarm_flag;

/* Raises alarm_flag after 50 ms (what the SIGINT handler of `panelcheck run` does). */
static void *raise_later(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 50000000L};
    nanosleep(&ts, NULL);
    alarm_flag = 1;
    return NULL;
}

/* A request that times out (latency fault over --timeout) while the interrupt arrives
 * (a thread raises the flag mid-request) or the deadline passes: the run stops as interrupted
 * right after that request, not as a dead peer. */
static void mid_request(int by_deadline)
{
    rig g;
    rig_start(&g, "dripfeedpanel");
    ck_assert_int_eq(
        mock_state_configure(mock_server_state_borrow(g.m), "faults", "latency=400ms", NULL, 0),
        PANEL_E_OK);
    http_free(g.http);
    http_opts ho = {0};
    ho.timeout_ms = 150;
    ck_assert_int_eq(http_new(&ho, &g.http), PANEL_E_OK);
    g.o.http = g.http;
    alarm_flag = 0;
    g.o.interrupted = &alarm_flag;
    pthread_t th;
    if (by_deadline)
        g.o.deadline_ms = runner_now_ms() + 50;
    else
        ck_assert_int_eq(pthread_create(&th, NULL, raise_later, NULL), 0);
    ck_assert_int_eq(runner_run(&g.o, &g.s), PANEL_E_OK);
    if (!by_deadline)
        pthread_join(th, NULL);
    ck_assert_int_eq(g.s.unreachable, 0);
    want_skip(&g, "balance.shape", CHECK_SKIP_INTERRUPTED,
              by_deadline ? "--deadline" : "interrupted");
    rig_stop(&g);
}

/* The interrupt arrives during a timed-out request. */
START_TEST(test_interrupt_mid_request)
{
    mid_request(0);
}
END_TEST

/* The deadline passes during a timed-out request. */
START_TEST(test_deadline_mid_request)
{
    mid_request(1);
}
END_TEST

/* No second account: the isolation checks have no key to try. */
START_TEST(test_no_key2)
{
    rig g;
    rig_start(&g, "dripfeedpanel");
    g.o.key2 = NULL;
    rig_run(&g);
    want_skip(&g, "isolation.status", CHECK_SKIP_NO_DATA, "--key2");
    rig_stop(&g);
}
END_TEST

/* ---- part C: one side reads another document ---------------------------------------------- */

/* The runner (who "runner") or the mock (who "mock") reads a copy of the shipped dialect
 * with the member at path removed (json NULL) or set to json, and a second path likewise
 * (path2 NULL: none); the other side reads the shipped document. "*" in a path stands for
 * every element of an array. The run must record id with status and detail as in FIRE. */
typedef struct {
    const char *dialect;
    const char *who;
    const char *path, *json;
    const char *path2, *json2;
    const char *id;
    const char *status;
    const char *detail;
} doc_row;

/* clang-format off */
static const doc_row DOC[] = {
    /* 0-1 status without a multi form (checks_status.c) */
    {"dripfeedpanel", "runner", "actions/status/multi", NULL, "actions/status/multi_param", NULL,
     "status.multi", "skip", "not_documented"},
    {"dripfeedpanel", "runner", "actions/status/multi", NULL, "actions/status/multi_param", NULL,
     "status.single_multi_agree", "skip", "not_documented"},
    /* 2 status without a single form */
    {"dripfeedpanel", "runner", "actions/status/single", NULL, "actions/status/single_param", NULL,
     "status.single", "skip", "not_documented"},
    /* 3-6 no status action at all */
    {"dripfeedpanel", "runner", "actions/status", NULL, NULL, NULL,
     "status.transitions_legal", "skip", "not_documented"},
    {"dripfeedpanel", "runner", "actions/status", NULL, NULL, NULL,
     "isolation.status", "skip", "not_documented"},
    {"dripfeedpanel", "runner", "actions/status", NULL, NULL, NULL,
     "neg.bogus_order_id", "skip", "not_documented"},
    {"dripfeedpanel", "runner", "actions/status", NULL, NULL, NULL,
     "cancel.status_after", "skip", "not_documented"},
    /* 7 no per-entry errors in multi status */
    {"dripfeedpanel", "runner", "actions/status/multi/error_entry", NULL, NULL, NULL,
     "status.multi_bogus_entry", "skip", "not_documented"},
    /* 8 no single refill form (checks_refill_cancel.c) */
    {"dripfeedpanel", "runner", "actions/refill/single", NULL, "actions/refill/single_param", NULL,
     "refill.single", "skip", "not_documented"},
    /* 9 no add action (checks_neg.c) */
    {"dripfeedpanel", "runner", "actions/add", NULL, NULL, NULL,
     "neg.invalid_link", "skip", "not_documented"},
    /* 10-13 the extra action's answer breaks its form (checks_extra.c) */
    {"notpanel", "runner", "extra_actions/webhook_add/response/fields",
     "{\"secret\": \"string\", \"id\": \"int\"}", "extra_actions/webhook_add/response/required",
     "[\"id\"]", "extra.webhook_add", "warn", "missing field"},
    {"notpanel", "mock", "extra_actions/webhook_add/answer", "{\"secret\": 5}", NULL, NULL,
     "extra.webhook_add", "warn", "wrong type"},
    {"notpanel", "mock", "extra_actions/webhook_add/answer", "{\"error\": \"nope\"}", NULL, NULL,
     "extra.webhook_add", "warn", "refused"},
    {"notpanel", "mock", "extra_actions/webhook_add/answer", "[]", NULL, NULL,
     "extra.webhook_add", "warn", "shape"},
};
/* clang-format on */

/* Applies one edit (path, json) to j: sets or, json NULL, removes the member. */
static void edit(json_t *j, const char *path, const char *json)
{
    char seg[128];
    const char *slash = strchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : strlen(path);
    ck_assert_uint_lt(n, sizeof(seg));
    memcpy(seg, path, n);
    seg[n] = '\0';
    if (!strcmp(seg, "*")) {
        size_t i;
        json_t *v;
        ck_assert_msg(json_is_array(j) && slash, "'*' needs an array and a rest: %s", path);
        json_array_foreach(j, i, v) edit(v, slash + 1, json);
        return;
    }
    ck_assert_msg(json_is_object(j), "no object at %s", path);
    if (slash) {
        json_t *v = json_object_get(j, seg);
        ck_assert_msg(v != NULL, "no member %s", seg);
        edit(v, slash + 1, json);
    } else if (!json) {
        ck_assert_int_eq(json_object_del(j, seg), 0);
    } else {
        json_error_t e;
        json_t *v = json_loads(json, JSON_DECODE_ANY, &e);
        ck_assert_ptr_nonnull(v);
        json_object_set_new(j, seg, v);
    }
}

/* Writes the edited copy of w's dialect into a new directory under tmpdir; returns it. */
static const char *edited_dir(const doc_row *w, size_t row)
{
    static char dir[600];
    char src[600], dst[700];
    snprintf(dir, sizeof(dir), "%s/doc%zu", tmpdir, row);
    ck_assert_int_eq(mkdir(dir, 0700) == 0 || errno == EEXIST, 1);
    snprintf(src, sizeof(src), "%s/%s.json", panel_dialect_default_dir(), w->dialect);
    snprintf(dst, sizeof(dst), "%s/%s.json", dir, w->dialect);
    json_error_t e;
    json_t *j = json_load_file(src, 0, &e);
    ck_assert_ptr_nonnull(j);
    edit(j, w->path, w->json);
    if (w->path2)
        edit(j, w->path2, w->json2);
    ck_assert_int_eq(json_dump_file(j, dst, JSON_INDENT(1)), 0);
    json_decref(j);
    return dir;
}

/* One DOC row: runner_run against a mock, one side reading the edited document. */
START_TEST(test_doc_row)
{
    const doc_row *w = &DOC[_i];
    const char *dir = edited_dir(w, (size_t)_i);
    int to_runner = !strcmp(w->who, "runner");
    rig g;
    rig_start_dirs(&g, w->dialect, to_runner ? dir : NULL, to_runner ? NULL : dir);
    rig_run(&g);
    const check_result *r = verdict(&g, w->id);
    const char *st = check_status_name(r->status);
    if (strcmp(st, w->status))
        ck_abort_msg("doc row %d: %s is %s, want %s (%s)", _i, w->id, st, w->status,
                     r->message ? r->message : "");
    if (r->status == CHECK_SKIP) {
        if (strcmp(check_skip_kind_name(r->skip_kind), w->detail))
            ck_abort_msg("doc row %d: %s skipped as %s, want %s (%s)", _i, w->id,
                         check_skip_kind_name(r->skip_kind), w->detail,
                         r->message ? r->message : "");
    } else {
        int hit = 0;
        for (size_t i = 0; i < r->n_findings; i++)
            hit |= r->findings[i].cause && !strcmp(r->findings[i].cause, w->detail);
        if (!hit)
            ck_abort_msg("doc row %d: %s %s without a finding of cause '%s' (%s)", _i, w->id, st,
                         w->detail, r->message ? r->message : "");
    }
    rig_stop(&g);
}
END_TEST

int main(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/panelcheck-fire-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 2;
    Suite *s = suite_create("verdicts_fire");
    TCase *t = tcase_create("table");
    tcase_set_timeout(t, 60);
    tcase_add_loop_test(t, test_fire_row, 0, (int)N_FIRE);
    suite_add_tcase(s, t);
    TCase *b = tcase_create("runner");
    tcase_set_timeout(b, 60);
    tcase_add_test(b, test_policy_non_loopback);
    tcase_add_test(b, test_policy_spend_limit);
    tcase_add_test(b, test_interrupted);
    tcase_add_test(b, test_deadline);
    tcase_add_test(b, test_peer_dies);
    tcase_add_test(b, test_no_key2);
    tcase_add_test(b, test_policy_refused_and_extra);
    tcase_add_test(b, test_interrupt_mid_request);
    tcase_add_test(b, test_deadline_mid_request);
    suite_add_tcase(s, b);
    TCase *c = tcase_create("documents");
    tcase_set_timeout(c, 60);
    tcase_add_loop_test(c, test_doc_row, 0, (int)(sizeof(DOC) / sizeof(DOC[0])));
    suite_add_tcase(s, c);
    int failed = tu_run(s);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return failed ? 1 : 0;
}
