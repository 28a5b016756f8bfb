/* test_harness_e2e.c - `panelcheck run` end to end against the embedded panelmock: a clean
 * run of every dialect passes, exit codes 1/2/3, the key never leaks into any output, and
 * (with --deviation NAME) a planted deviation fails a check of the action it breaks. */
#include <check.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil.h"
#include "commands.h"
#include "panel/dialect.h"
#include "panelmock.h"

static char tmpdir[256];
static const char *only_deviation; /* --deviation NAME|all */

/* Runs `panelcheck run ARGS...` in a child process, stdout/stderr into files; exit code. */
static int run_cli(const char *const *args, const char *out, const char *err)
{
    return tu_run_panelcheck("run", args, out, err);
}

/* Path of a file in the test's temporary directory (static buffer per slot). */
static const char *tmp(int slot, const char *name)
{
    static char paths[8][512];
    snprintf(paths[slot], sizeof(paths[slot]), "%s/%s", tmpdir, name);
    return paths[slot];
}

START_TEST(test_clean_all)
{
    char rep[600];
    snprintf(rep, sizeof(rep), "json:%s", tmp(2, "clean.json"));
    const char *args[] = {"--dialect", "all", "--report", rep, "--no-color", NULL};
    int code = run_cli(args, tmp(0, "out"), tmp(1, "err"));
    char *out = tu_slurp(tmp(0, "out"), NULL);
    if (code != 0)
        fprintf(stderr, "%s", out);
    ck_assert_int_eq(code, 0);
    ck_assert_ptr_nonnull(strstr(out, " 0 failed, "));
    free(out);
    json_error_t e;
    json_t *j = json_load_file(tmp(2, "clean.json"), 0, &e);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(json_object_get(j, "dialect")), "all");
    json_t *sum = json_object_get(j, "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "failed")), 0);
    ck_assert_int_gt(json_integer_value(json_object_get(sum, "passed")), 100);
    panel_dialect_set set = {0};
    panel_dialect_error derr;
    ck_assert_int_eq(panel_dialect_load_dir(panel_dialect_default_dir(), &set, &derr), PANEL_E_OK);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "dialects")), set.count);
    panel_dialect_set_free(&set);
    json_decref(j);
}
END_TEST

/* Exit-code cases; "@DEAD" is replaced by a URL on a port nothing listens on. */
static const struct {
    const char *args[10];
    int code;
} EXIT_CASES[] = {
    {{"--dialect", "dripfeedpanel", "--bogus-flag"}, 2},
    {{"--dialect", "no-such-dialect"}, 2},
    {{"--dialect", "dripfeedpanel", "--report", "xml:/tmp/x.xml"}, 2},
    {{"--dialect", "dripfeedpanel", "--report", "json"}, 2},
    {{"--dialect", "dripfeedpanel", "--only", "status,bogus"}, 2},
    {{"--dialect", "dripfeedpanel", "--spend-limit", "lots"}, 2},
    {{"--dialect", "dripfeedpanel", "--mock-deviate", "no_such_deviation"}, 2},
    {{"--url", "http://127.0.0.1:1/api/v2", "--dialect", "dripfeedpanel"}, 2},
    {{"--url", "http://127.0.0.1:1/api/v2", "--key", "k", "--dialect", "all"}, 2},
    {{"--dialect"}, 2},
    {{"--url", "@DEAD", "--key", "0123456789abcdef0123456789abcdef", "--dialect", "dripfeedpanel"},
     3},
    {{"--dialect", "dripfeedpanel", "--mock-deviate", "bad_key_accepted"}, 1},
    {{"--dialect", "smpanelim", "--only", "balance,services"}, 0},
    {{"--dialect", "dripfeedpanel", "--only", "error"}, 0},
    {{"--dialect", "dripfeedpanel", "--only", "error", "--mock-deviate", "bad_key_accepted"}, 1},
    {{"--dialect", "dripfeedpanel", "--only", "services", "--mock-deviate", "bad_key_accepted"}, 0},
};

/* --only error runs exactly the error-envelope checks (plus the transport ones); --help
 * says so. */
static const struct {
    const char *only;
    const char *id;
    int present;
} ONLY_CASES[] = {
    {"error", "neg.bad_key", 1},        {"error", "neg.malformed_key", 1},
    {"error", "neg.missing_action", 1}, {"error", "neg.unknown_action", 1},
    {"error", "services.shape", 0},     {"services", "neg.bad_key", 0},
    {"services", "services.shape", 1},  {"services,error", "neg.unknown_action", 1},
};

START_TEST(test_only_error)
{
    char rep[600];
    snprintf(rep, sizeof(rep), "json:%s", tmp(2, "only.json"));
    const char *args[] = {
        "--dialect", "dripfeedpanel", "--only", ONLY_CASES[_i].only, "--report", rep, NULL};
    ck_assert_int_eq(run_cli(args, tmp(0, "out"), tmp(1, "err")), 0);
    json_error_t e;
    json_t *j = json_load_file(tmp(2, "only.json"), 0, &e);
    ck_assert_ptr_nonnull(j);
    size_t i;
    int present = 0;
    json_t *c;
    json_array_foreach(json_object_get(j, "checks"), i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        present |= id && !strcmp(id, ONLY_CASES[_i].id);
    }
    json_decref(j);
    ck_assert_int_eq(present, ONLY_CASES[_i].present);
}
END_TEST

START_TEST(test_help_mentions_only_error)
{
    const char *args[] = {"--help", NULL};
    ck_assert_int_eq(run_cli(args, tmp(0, "out"), tmp(1, "err")), 0);
    char *out = tu_slurp(tmp(0, "out"), NULL);
    ck_assert_ptr_nonnull(strstr(out, "neg.bad_key"));
    ck_assert_ptr_nonnull(strstr(out, "run only when 'error' is listed"));
    free(out);
}
END_TEST

START_TEST(test_exit_codes)
{
    const char *args[12];
    char dead[128];
    snprintf(dead, sizeof(dead), "http://127.0.0.1:%d/dripfeedpanel/api/v2", tu_dead_port());
    size_t n = 0;
    for (; EXIT_CASES[_i].args[n]; n++)
        args[n] = !strcmp(EXIT_CASES[_i].args[n], "@DEAD") ? dead : EXIT_CASES[_i].args[n];
    args[n] = NULL;
    int code = run_cli(args, tmp(0, "out"), tmp(1, "err"));
    ck_assert_int_eq(code, EXIT_CASES[_i].code);
    if (code == 2) {
        char *err = tu_slurp(tmp(1, "err"), NULL);
        ck_assert_ptr_nonnull(strstr(err, "panelcheck"));
        free(err);
    }
}
END_TEST

/* Runs one dialect against an in-process mock with the key given, all four reports. */
static void leak_case(mock_server *m, const char *base, const char *dialect)
{
    const char *key = mock_state_key_borrow(mock_server_state_borrow(m), dialect);
    ck_assert_ptr_nonnull(key);
    panel_dialect_set set = {0};
    panel_dialect_error derr;
    ck_assert_int_eq(panel_dialect_load_dir(panel_dialect_default_dir(), &set, &derr), PANEL_E_OK);
    const panel_dialect *d = panel_dialect_set_find(&set, dialect);
    ck_assert_ptr_nonnull(d);
    char url[512], r[4][600];
    snprintf(url, sizeof(url), "%s/%s%s", base, dialect, d->base_path);
    panel_dialect_set_free(&set);
    const char *files[4] = {"leak.xml", "leak.json", "leak.html", "leak.md"};
    const char *fmts[4] = {"junit", "json", "html", "md"};
    for (int i = 0; i < 4; i++)
        snprintf(r[i], sizeof(r[i]), "%s:%s/%s", fmts[i], tmpdir, files[i]);
    const char *args[] = {"--url",    url,        "--key",    key,        "--dialect",
                          dialect,    "--report", r[0],       "--report", r[1],
                          "--report", r[2],       "--report", r[3],       NULL};
    int code = run_cli(args, tmp(0, "out"), tmp(1, "err"));
    ck_assert_int_eq(code, 1); /* the planted deviations fail checks */
    const char *all[6] = {tmp(0, "out"), tmp(1, "err")};
    for (int i = 0; i < 4; i++)
        all[2 + i] = tmp(2 + i, files[i]);
    for (int i = 0; i < 6; i++) {
        char *s = tu_slurp(all[i], NULL);
        if (strstr(s, key))
            ck_abort_msg("the key of %s appears in %s", dialect, all[i]);
        free(s);
    }
    char *j = tu_slurp(tmp(3, "leak.json"), NULL);
    ck_assert_ptr_nonnull(strstr(j, "$PANEL_KEY"));
    ck_assert_ptr_nonnull(strstr(j, "\"reproduce\""));
    free(j);
}

START_TEST(test_key_never_leaks)
{
    mock_config cfg = {0};
    cfg.listen = "127.0.0.1:0";
    cfg.dialect = "all";
    cfg.seed = 7;
    cfg.balance = "10";
    cfg.deviate = "error_wrong_message,status_charge_wrong,cancel_wrong_shape";
    cfg.quiet = 1;
    mock_server *m = NULL;
    char base[256], err[256] = "";
    ck_assert_int_eq(mock_server_start(&cfg, &m, base, sizeof(base), err, sizeof(err)), PANEL_E_OK);
    leak_case(m, base, "dripfeedpanel");
    leak_case(m, base, "smm-objectid");
    mock_server_stop(m);
}
END_TEST

/* Counts the checks of action with status st in the JSON report at path. */
static size_t count_status(const char *path, const char *action, const char *want)
{
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    ck_assert_ptr_nonnull(j);
    size_t i, hits = 0;
    json_t *c;
    json_array_foreach(json_object_get(j, "checks"), i, c)
    {
        const char *st = json_string_value(json_object_get(c, "status"));
        const char *ac = json_string_value(json_object_get(c, "action"));
        if (st && ac && !strcmp(st, want) && !strcmp(ac, action))
            hits++;
    }
    json_decref(j);
    return hits;
}

/* Runs --dialect all with one deviation: a failed check must carry its action, or, for a
 * deviation that breaks only an assumed or example rule (or bends a type), a warned check
 * must, and then --strict must turn the run red. */
static void deviation_case(const mock_deviation_info *dv)
{
    char rep[600];
    snprintf(rep, sizeof(rep), "json:%s", tmp(2, "dev.json"));
    const char *args[] = {"--dialect", "all", "--mock-deviate", dv->name, "--report", rep, NULL};
    int code = run_cli(args, tmp(0, "out"), tmp(1, "err"));
    if (code == 1 && count_status(tmp(2, "dev.json"), dv->action, "fail"))
        return;
    ck_assert_int_eq(code, 0);
    if (!count_status(tmp(2, "dev.json"), dv->action, "warn"))
        ck_abort_msg("deviation %s (%s): no failed or warned check of action %s", dv->name,
                     dv->what, dv->action);
    const char *strict[] = {"--dialect", "all", "--mock-deviate", dv->name,
                            "--report",  rep,   "--strict",       NULL};
    ck_assert_int_eq(run_cli(strict, tmp(0, "out"), tmp(1, "err")), 1);
}

START_TEST(test_deviation)
{
    size_t n = 0, ran = 0;
    const mock_deviation_info *t = mock_deviations(&n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(only_deviation, "all") || !strcmp(only_deviation, t[i].name)) {
            deviation_case(&t[i]);
            ran++;
        }
    if (!ran)
        ck_abort_msg("no deviation named %s", only_deviation);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--deviation"))
        only_deviation = argv[2];
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/panelcheck-e2e-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 2;
    Suite *s = suite_create("harness_e2e");
    TCase *t = tcase_create("run");
    tcase_set_timeout(t, 120);
    if (only_deviation) {
        tcase_add_test(t, test_deviation);
    } else {
        tcase_add_test(t, test_clean_all);
        tcase_add_loop_test(t, test_exit_codes, 0, sizeof(EXIT_CASES) / sizeof(EXIT_CASES[0]));
        tcase_add_test(t, test_key_never_leaks);
        tcase_add_loop_test(t, test_only_error, 0, sizeof(ONLY_CASES) / sizeof(ONLY_CASES[0]));
        tcase_add_test(t, test_help_mentions_only_error);
    }
    suite_add_tcase(s, t);
    int failed = tu_run(s);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return failed ? 1 : 0;
}
