/* test_cov_h2_cmd.c - panelcheck's run, checks, parse, dialects and detect commands driven by
 * one table (a row: the argv, the environment, the exit code and a fragment stdout or stderr
 * must hold), each in a child process, against an embedded panelmock on 127.0.0.1 where a
 * row needs an endpoint: the options' edges (overflowing numbers, empty keys, https), report
 * paths that cannot be written (a directory, /dev/full, a missing directory), a replay that
 * answers for another URL, the embedded mock's recreating command, the deadline, and detect's
 * report, draft and recording on every kind of path. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "panelmock.h"
#include "testutil.h"

#define MAXARGS 48

/* One command line and what it must give. In argv, "@URL@" is the embedded mock's
 * dripfeedpanel endpoint, "@KEY@" its key, "@DEAD@" a loopback URL nothing listens on,
 * "@SDEAD@" the same over https and "@T@" the test's temporary directory (one per argument). */
typedef struct {
    const char *what;
    const char *argv[MAXARGS]; /* argv[0] first; NULL-terminated */
    const char *env[4];        /* NAME, VALUE pairs set in the child */
    int to_full;               /* stdout is /dev/full */
    int want;                  /* exit code */
    const char *want_out;      /* in stdout; NULL: not checked */
    const char *want_err;      /* in stderr; NULL: not checked */
} cmd_row;

static char T[256], URL[512], KEY[128], DEAD[128], SDEAD[128], URLDEV[512], KEYDEV[128];

static mock_server *M, *MDEV;
static char BASE[256];
static panel_dialect_set SET;

/* a with its first placeholder (anywhere in it) replaced, into out; "@U:NAME@" and
 * "@K:NAME@" are the embedded mock's endpoint and key of dialect NAME. */
static const char *expand(const char *a, char *out, size_t n)
{
    const char *uk = strstr(a, "@U:") ? strstr(a, "@U:") : strstr(a, "@K:");
    if (uk) {
        char name[64];
        const char *e = strchr(uk + 3, '@');
        ck_assert_ptr_nonnull(e);
        snprintf(name, sizeof(name), "%.*s", (int)(e - uk - 3), uk + 3);
        const panel_dialect *d = panel_dialect_set_find(&SET, name);
        ck_assert_ptr_nonnull(d);
        if (uk[1] == 'U')
            snprintf(out, n, "%.*s%s/%s%s%s", (int)(uk - a), a, BASE, name,
                     d->base_path ? d->base_path : "", e + 1);
        else
            snprintf(out, n, "%.*s%s%s", (int)(uk - a), a,
                     mock_state_key_borrow(mock_server_state_borrow(M), name), e + 1);
        return out;
    }
    static const struct {
        const char *ph;
        const char *val;
    } ph[] = {{"@URLDEV@", URLDEV}, {"@KEYDEV@", KEYDEV}, {"@URL@", URL}, {"@KEY@", KEY},
              {"@DEAD@", DEAD},     {"@SDEAD@", SDEAD},   {"@T@", T}};
    for (size_t i = 0; i < sizeof(ph) / sizeof(ph[0]); i++) {
        const char *at = strstr(a, ph[i].ph);
        if (at) {
            snprintf(out, n, "%.*s%s%s", (int)(at - a), a, ph[i].val, at + strlen(ph[i].ph));
            return out;
        }
    }
    return a;
}

/* Runs the row in a child, the built panelcheck (this process runs the embedded mocks'
 * threads, which a fork could leave holding a lock), cwd the temporary directory; its stdout
 * and stderr into new strings *out and *err (caller frees); returns its exit code. */
static int run_row(const cmd_row *r, char **out, char **err)
{
    char argbuf[MAXARGS][600];
    const char *argv[MAXARGS + 1];
    int argc = 0;
    for (; r->argv[argc] && argc < MAXARGS; argc++)
        argv[argc] = expand(r->argv[argc], argbuf[argc], sizeof(argbuf[argc]));
    argv[argc] = NULL;
    char po[300], pe[300];
    snprintf(po, sizeof(po), "%s/stdout", T);
    snprintf(pe, sizeof(pe), "%s/stderr", T);
    pid_t pid = tu_spawn_panelcheck(argv, r->env, r->to_full ? "/dev/full" : po, pe, T);
    int code = tu_wait_child(pid);
    ck_assert_msg(code >= 0, "%s: the child did not exit", r->what);
    *out = r->to_full ? strdup("") : tu_slurp(po, NULL);
    *err = tu_slurp(pe, NULL);
    return code;
}

/* Runs every row of a table and checks its exit code and output. */
static void run_table(const cmd_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const cmd_row *r = &rows[i];
        char *out, *err;
        int code = run_row(r, &out, &err);
        ck_assert_msg(code == r->want, "%s: exit %d (want %d); stderr: %.400s", r->what, code,
                      r->want, err);
        ck_assert_msg(!r->want_out || strstr(out, r->want_out), "%s: no '%s' in stdout: %.1500s",
                      r->what, r->want_out, out);
        ck_assert_msg(!r->want_err || strstr(err, r->want_err), "%s: no '%s' in stderr: %.600s",
                      r->what, r->want_err, err);
        ck_assert_msg(!strstr(out, KEY[0] ? KEY : "\x01") && !strstr(err, KEY[0] ? KEY : "\x01"),
                      "%s: the key is in the output", r->what);
        free(out);
        free(err);
    }
}

/* Writes text to the file name in the temporary directory. */
static void put(const char *name, const char *text)
{
    char p[400];
    snprintf(p, sizeof(p), "%s/%s", T, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* A temporary directory, fixtures, and an embedded mock of every dialect. */
static void setup(void)
{
    snprintf(T, sizeof(T), "/tmp/test_cov_h2_cmd.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(T));
    char p[400];
    snprintf(p, sizeof(p), "%s/adir", T);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof(p), "%s/baddialects", T);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    put("baddialects/broken.json", "{\"name\": \"broken\",\n  \"base_path\": \n");
    put("notadir", "x");
    snprintf(p, sizeof(p), "%s/renamed", T);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    char *dfp = tu_slurp(PANEL_SOURCE_DIR "/dialects/dripfeedpanel.json", NULL);
    put("renamed/another-name.json", dfp); /* the dialect's file is not NAME.json */
    free(dfp);
    snprintf(p, sizeof(p), "%s/wrongdialects", T);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    put("wrongdialects/wrong.json", "{\"name\": 5}\n");
    put("balance.json", "{\"balance\": \"1.50\", \"currency\": \"USD\"}");
    /* a recording whose one entry is of another path than the dialect's base path */
    put("other.har",
        "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"t\", \"version\": \"1\"},"
        " \"entries\": [{\"startedDateTime\": \"2025-12-01T00:00:00.000Z\", \"time\": 1,"
        " \"request\": {\"method\": \"POST\", \"url\": \"http://127.0.0.1:9/elsewhere\","
        " \"httpVersion\": \"HTTP/1.1\", \"cookies\": [], \"headers\": [], \"queryString\": [],"
        " \"postData\": {\"mimeType\": \"application/x-www-form-urlencoded\","
        " \"text\": \"key=$PANEL_KEY&action=balance\", \"params\": []},"
        " \"headersSize\": -1, \"bodySize\": 30},"
        " \"response\": {\"status\": 200, \"statusText\": \"OK\", \"httpVersion\": \"HTTP/1.1\","
        " \"cookies\": [], \"headers\": [], \"content\": {\"size\": 37,"
        " \"mimeType\": \"application/json\","
        " \"text\": \"{\\\"balance\\\":\\\"1.50\\\",\\\"currency\\\":\\\"USD\\\"}\"},"
        " \"redirectURL\": \"\", \"headersSize\": -1, \"bodySize\": 37},"
        " \"cache\": {}, \"timings\": {\"send\": 0, \"wait\": 1, \"receive\": 0}}]}}\n");
    mock_config cfg = {0};
    cfg.listen = "127.0.0.1:0";
    cfg.seed = 7;
    cfg.quiet = 1;
    char base[256], err[256] = "";
    ck_assert_int_eq(mock_server_start(&cfg, &M, base, sizeof(base), err, sizeof(err)), PANEL_E_OK);
    snprintf(BASE, sizeof(BASE), "%s", base);
    snprintf(URL, sizeof(URL), "%s/dripfeedpanel/api/v2", base);
    snprintf(KEY, sizeof(KEY), "%s",
             mock_state_key_borrow(mock_server_state_borrow(M), "dripfeedpanel"));
    cfg.dialect = "dripfeedpanel";
    cfg.deviate = "balance_missing,status_missing_field,bad_key_accepted,error_wrong_message,"
                  "error_wrong_http_code";
    ck_assert_int_eq(mock_server_start(&cfg, &MDEV, base, sizeof(base), err, sizeof(err)),
                     PANEL_E_OK);
    snprintf(URLDEV, sizeof(URLDEV), "%s/dripfeedpanel/api/v2", base);
    snprintf(KEYDEV, sizeof(KEYDEV), "%s",
             mock_state_key_borrow(mock_server_state_borrow(MDEV), "dripfeedpanel"));
    tu_load_dialects(&SET);
    int port = tu_dead_port();
    snprintf(DEAD, sizeof(DEAD), "http://127.0.0.1:%d/api/v2", port);
    snprintf(SDEAD, sizeof(SDEAD), "https://127.0.0.1:%d/api/v2", port);
}

static void teardown(void)
{
    mock_server_stop(M);
    mock_server_stop(MDEV);
    M = MDEV = NULL;
    panel_dialect_set_free(&SET);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", T);
    ck_assert_int_eq(system(cmd), 0);
}

#define DFP "--dialect", "dripfeedpanel"
#define FAST "--timeout", "1000"
#define R17                                                                                        \
    "--report", "json:a", "--report", "json:a", "--report", "json:a", "--report", "json:a",        \
        "--report", "json:a", "--report", "json:a", "--report", "json:a", "--report", "json:a",    \
        "--report", "json:a", "--report", "json:a", "--report", "json:a", "--report", "json:a",    \
        "--report", "json:a", "--report", "json:a", "--report", "json:a", "--report", "json:a",    \
        "--report", "json:a"

static const cmd_row RUN_ROWS[] = {
    {"run: a 17th --report", {"run", R17, DFP}, {0}, 0, 2, NULL, "bad --report 'json:a'"},
    {"run: --poll-interval overflows",
     {"run", "--poll-interval", "99999999999999999999", DFP},
     {0},
     0,
     2,
     NULL,
     "bad --poll-interval '99999999999999999999'"},
    {"run: --mock-seed overflows",
     {"run", "--mock-seed", "999999999999999999999999", DFP},
     {0},
     0,
     2,
     NULL,
     "bad --mock-seed"},
    {"run: $PANEL_KEY empty",
     {"run", "--url", "@DEAD@", DFP},
     {"PANEL_KEY", ""},
     0,
     2,
     NULL,
     "--url needs --key (or $PANEL_KEY)"},
    {"run: --key empty",
     {"run", "--url", "@DEAD@", "--key", "", DFP},
     {0},
     0,
     2,
     NULL,
     "--url needs --key"},
    {"run: --key2 without --key (no --url)",
     {"run", "--key2", "other-key", "--dialect", "nosuch"},
     {0},
     0,
     2,
     NULL,
     "unknown dialect 'nosuch'"},
    {"run: $PANEL_KEY2 empty, https unreachable",
     {"run", "--url", "@SDEAD@", "--key", "@KEY@", FAST, DFP},
     {"PANEL_KEY2", ""},
     0,
     3,
     "could not be reached",
     NULL},
    {"run: reports on a directory, /dev/full, stdout, a bare name",
     {"run", "--url", "@DEAD@", "--key", "@KEY@", FAST, DFP, "--report", "json:@T@/adir",
      "--report", "md:/dev/full", "--report", "html:-", "--report", "json:bare.json"},
     {0},
     0,
     3, /* unreachable outranks the write failures */
     "<!DOCTYPE html>",
     "panelcheck run: writing /dev/full failed"},
    {"run: a report whose directory cannot be made",
     {"run", "--url", "@DEAD@", "--key", "@KEY@", FAST, DFP, "--report",
      "junit:@T@/notadir/x/r.xml"},
     {0},
     0,
     2,
     NULL,
     "cannot write "},
    {"run: --replay of another URL, no --url",
     {"run", "--replay", "@T@/other.har", "--only", "balance", "--report", "json:@T@/rp.json", DFP},
     {0},
     0,
     0,
     NULL,
     NULL},
    {"run: --replay with a non-loopback --url (nothing is sent)",
     {"run", "--replay", "@T@/other.har", "--url", "http://203.0.113.7/elsewhere", "--only",
      "balance", DFP},
     {0},
     0,
     0,
     NULL,
     NULL},
    {"run: embedded with --mock-deviate and --mock-faults, recreating command in the report",
     {"run", "--mock-deviate", "balance_number", "--mock-faults", "latency=1ms", "--only",
      "balance", "--report", "json:-", DFP},
     {0},
     0,
     1,
     "--deviate balance_number",
     NULL},
    {"run: the deadline stops the run",
     {"run", "--mock-faults", "latency=300ms", "--deadline", "1", DFP},
     {0},
     0,
     3,
     "interrupted (deadline)",
     NULL},
    {"run --strict: warnings fail the run",
     {"run", "--mock-deviate", "error_wrong_message", "--only", "error", "--strict", DFP},
     {0},
     0,
     1,
     "0 failed, 5 warned",
     NULL},
    {"run: warnings alone pass without --strict",
     {"run", "--mock-deviate", "error_wrong_message", "--only", "error", DFP},
     {0},
     0,
     0,
     "0 failed, 5 warned",
     NULL},
    {"run: a dialect whose file is not NAME.json has no hash",
     {"run", "--dialect-dir", "@T@/renamed", "--only", "balance", "--report", "json:-", DFP},
     {0},
     0,
     0,
     "\"dialect_hash\": \"\"",
     NULL},
    {"checks --json on a full stdout",
     {"checks", "--json"},
     {0},
     1,
     2,
     NULL,
     "cannot write to stdout"},
};

START_TEST(test_run_rows)
{
    run_table(RUN_ROWS, sizeof(RUN_ROWS) / sizeof(RUN_ROWS[0]));
    char p[400];
    snprintf(p, sizeof(p), "%s/bare.json", T);
    ck_assert_int_eq(access(p, F_OK), 0); /* a report without a directory goes to the cwd */
    snprintf(p, sizeof(p), "%s/rp.json", T);
    json_t *j = json_load_file(p, 0, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(json_object_get(j, "endpoint")),
                     "http://127.0.0.1:9/elsewhere");
    json_decref(j);
}
END_TEST

static const cmd_row PARSE_ROWS[] = {
    {"parse -h", {"parse", "-h"}, {0}, 0, 0, "usage: panelcheck parse", NULL},
    {"parse --dialect=NAME",
     {"parse", "--dialect=dripfeedpanel", "balance", "@T@/balance.json"},
     {0},
     0,
     0,
     "\"balance\"",
     NULL},
    {"parse --dialect-dir without its value",
     {"parse", DFP, "balance", "--dialect-dir"},
     {0},
     0,
     2,
     NULL,
     "unknown or incomplete option '--dialect-dir'"},
    {"parse --quantity empty",
     {"parse", "--quantity", "", DFP, "add"},
     {0},
     0,
     2,
     NULL,
     "--quantity needs a non-negative integer"},
    {"parse --quantity overflows",
     {"parse", "--quantity", "99999999999999999999", DFP, "add"},
     {0},
     0,
     2,
     NULL,
     "--quantity needs a non-negative integer"},
    {"parse unknown action", {"parse", DFP, "refund"}, {0}, 0, 2, NULL, "unknown action 'refund'"},
    {"parse a directory",
     {"parse", DFP, "balance", "@T@/adir"},
     {0},
     0,
     2,
     NULL,
     "panelcheck parse: cannot read "},
    {"parse a missing file",
     {"parse", DFP, "balance", "@T@/none.json"},
     {0},
     0,
     2,
     NULL,
     "panelcheck parse: cannot open "},
    {"parse with a broken dialect",
     {"parse", "--dialect-dir", "@T@/baddialects", DFP, "balance"},
     {0},
     0,
     2,
     NULL,
     "(line "},
    {"parse with a dialect of a wrong member type",
     {"parse", "--dialect-dir", "@T@/wrongdialects", DFP, "balance"},
     {0},
     0,
     2,
     NULL,
     "wrong.json: at /"},
    {"dialects of a file, not a directory",
     {"dialects", "--dialect-dir", "@T@/notadir"},
     {0},
     0,
     2,
     NULL,
     "panelcheck: dialect "},
};

START_TEST(test_parse_rows)
{
    run_table(PARSE_ROWS, sizeof(PARSE_ROWS) / sizeof(PARSE_ROWS[0]));
}
END_TEST

static const cmd_row DETECT_ROWS[] = {
    {"detect -h", {"detect", "-h"}, {0}, 0, 0, "usage: panelcheck detect", NULL},
    {"detect --report json: without a path",
     {"detect", "--report", "json:"},
     {0},
     0,
     2,
     NULL,
     "bad --report 'json:'"},
    {"detect --timeout not a number",
     {"detect", "--timeout", "5s"},
     {0},
     0,
     2,
     NULL,
     "bad --timeout '5s'"},
    {"detect --timeout too long",
     {"detect", "--timeout", "600001"},
     {0},
     0,
     2,
     NULL,
     "bad --timeout '600001'"},
    {"detect --key empty",
     {"detect", "--url", "@DEAD@", "--key", ""},
     {0},
     0,
     2,
     NULL,
     "--key KEY (or $PANEL_KEY) is required"},
    {"detect https unreachable",
     {"detect", "--url", "@SDEAD@", "--key", "@KEY@", FAST},
     {0},
     0,
     3,
     "0 answered",
     NULL},
    {"detect with a key equal to the bogus hex key", /* the probe's bad key must differ */
     {"detect", "--url", "@DEAD@", "--key", "00000000000000000000000000000000", FAST, "--record",
      "@T@/bk0.har"},
     {0},
     0,
     3,
     "0 answered",
     NULL},
    {"detect with a key equal to the bogus letter key",
     {"detect", "--url", "@DEAD@", "--key", "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", FAST, "--record",
      "@T@/bkq.har"},
     {0},
     0,
     3,
     "0 answered",
     NULL},
    {"detect, the report on stdout",
     {"detect", "--url", "@URL@", "--key", "@KEY@", "--report", "json:-"},
     {0},
     0,
     0,
     "\"best\": \"dripfeedpanel\"",
     NULL},
    {"detect, the report on a full stdout",
     {"detect", "--url", "@URL@", "--key", "@KEY@", "--report", "json:-"},
     {0},
     1,
     2,
     NULL,
     "panelcheck detect: writing - failed"},
    {"detect, the report on /dev/full",
     {"detect", "--url", "@URL@", "--key", "@KEY@", "--report", "json:/dev/full"},
     {0},
     0,
     2,
     "1. dripfeedpanel",
     "panelcheck detect: writing /dev/full failed"},
    {"detect, the report on a directory",
     {"detect", "--url", "@URL@", "--key", "@KEY@", "--report", "json:@T@/adir"},
     {0},
     0,
     2,
     NULL,
     "panelcheck detect: cannot write "},
    {"detect, the report, draft and recording in a missing directory",
     {"detect", "--url", "@URL@", "--key", "@KEY@", "--report", "json:@T@/nodir/r.json", "--draft",
      "@T@/nodir/d.json", "--record", "@T@/nodir/r.har"},
     {0},
     0,
     2,
     NULL,
     "--draft: "},
    {"detect panel-v2, a draft of an odd name",
     {"detect", "--url", "@U:panel-v2@", "--key", "@K:panel-v2@", "--draft", "@T@/My_Draft 2.json"},
     {0},
     0,
     0,
     "1. panel-v2",
     NULL},
    {"detect smm-objectid, a draft without a directory",
     {"detect", "--url", "@U:smm-objectid@", "--key", "@K:smm-objectid@", "--draft", "d.json"},
     {0},
     0,
     0,
     "1. smm-objectid",
     NULL},
    {"detect smmpanel-ru, a draft of no usable name",
     {"detect", "--url", "@U:smmpanel-ru@", "--key", "@K:smmpanel-ru@", "--draft", "@T@/__.json"},
     {0},
     0,
     0,
     "1. smmpanel-ru",
     NULL},
    {"detect subnoc, the draft on /dev/full",
     {"detect", "--url", "@U:subnoc@", "--key", "@K:subnoc@", "--draft", "/dev/full"},
     {0},
     0,
     2,
     "confidence 1.00  fits" /* subnoc answers as dripfeedpanel does */,
     "--draft: writing /dev/full failed"},
    {"detect a deviating dripfeedpanel (no balance, no status field, errors wrong)",
     {"detect", "--url", "@URLDEV@", "--key", "@KEYDEV@", "--draft", "@T@/dev.json"},
     {0},
     0,
     1,
     "conflicts",
     NULL},
    {"detect, a draft and a recording written",
     {"detect", "--url", "@URL@", "--key", "@KEY@", "--draft", "@T@/draft.json", "--record",
      "@T@/d.har"},
     {0},
     0,
     0,
     "panelcheck: draft dialect written to ",
     NULL},
};

START_TEST(test_detect_rows)
{
    run_table(DETECT_ROWS, sizeof(DETECT_ROWS) / sizeof(DETECT_ROWS[0]));
    char p[400];
    snprintf(p, sizeof(p), "%s/draft.json", T);
    json_t *j = json_load_file(p, 0, NULL);
    ck_assert_ptr_nonnull(j);
    json_decref(j);
    static const char *const drafts[][2] = {{"My_Draft 2.json", "mydraft2"},
                                            {"d.json", "d"},
                                            {"__.json", "draft"},
                                            {"dev.json", "dev"}};
    for (size_t i = 0; i < sizeof(drafts) / sizeof(drafts[0]); i++) {
        snprintf(p, sizeof(p), "%s/%s", T, drafts[i][0]);
        j = json_load_file(p, 0, NULL);
        ck_assert_msg(j != NULL, "%s", p);
        ck_assert_str_eq(json_string_value(json_object_get(j, "name")), drafts[i][1]);
        json_decref(j);
    }
    /* the bad-key probe sent a key other than the real one (recorded unmasked) */
    static const char *const bogus[][2] = {{"bk0.har", "key=10000000000000000000000000000000"},
                                           {"bkq.har", "key=0qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"}};
    for (size_t i = 0; i < 2; i++) {
        snprintf(p, sizeof(p), "%s/%s", T, bogus[i][0]);
        char *bk = tu_slurp(p, NULL);
        ck_assert_msg(strstr(bk, bogus[i][1]) != NULL, "%s: no %s", bogus[i][0], bogus[i][1]);
        free(bk);
    }
    snprintf(p, sizeof(p), "%s/d.har", T);
    char *h = tu_slurp(p, NULL);
    ck_assert_ptr_null(strstr(h, KEY));
    ck_assert_ptr_nonnull(strstr(h, "$PANEL_KEY"));
    free(h);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cov_h2_cmd");
    TCase *tc = tcase_create("cmd");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_run_rows);
    tcase_add_test(tc, test_parse_rows);
    tcase_add_test(tc, test_detect_rows);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
