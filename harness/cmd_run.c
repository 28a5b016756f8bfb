/* cmd_run.c - `panelcheck run` (options, embedded mock, reports) and `panelcheck checks`. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "commands.h"
#include "har.h"
#include "http.h"
#include "panel/dialect.h"
#include "panel/version.h"
#include "policy.h"
#include "report.h"
#include "runner.h"

#ifdef PANEL_HAVE_MOCK
#include "panelmock.h"
#endif

#define MAX_REPORTS 16

typedef enum { FMT_JUNIT, FMT_JSON, FMT_HTML, FMT_MD } report_fmt;

typedef struct {
    const char *url, *key, *key2, *dialect, *dialect_dir;
    const char *mock_deviate, *mock_faults, *mock_balance;
    unsigned long long mock_seed;
    int allow_orders, has_limit, no_color, strict, verbose, proxy_env;
    panel_money limit;
    long timeout_ms;
    long poll_interval_ms, poll_timeout_ms; /* -1: the default for the endpoint */
    long deadline_s;                        /* 0: none */
    unsigned only;
    size_t n_reports;
    report_fmt fmt[MAX_REPORTS];
    const char *path[MAX_REPORTS];
    const char *record, *replay; /* --record FILE, --replay FILE */
    har_log *rec;                /* the recording being made, or NULL */
} run_args;

/* Prints the usage of `panelcheck run`. */
static void run_usage(FILE *f)
{
    fputs("usage: panelcheck run --url URL --key KEY --dialect NAME [options]\n"
          "       panelcheck run --dialect NAME|all [options]   (embedded panelmock)\n"
          "\n"
          "  --url URL            endpoint to check (the provider's full API URL)\n"
          "  --key KEY            API key (or $PANEL_KEY); never printed, masked in reports\n"
          "  --key2 KEY           a second account's key (or $PANEL_KEY2): the isolation.*\n"
          "                       checks; never printed ($PANEL_KEY2 in reproduce commands)\n"
          "  --dialect NAME|all   dialect from dialects/*.json; 'all' only without --url\n"
          "  --report FMT:PATH    write a report; FMT is junit, json, html or md (repeatable);\n"
          "                       PATH - writes to stdout (the console then goes to stderr)\n"
          "  --allow-orders       against a non-loopback URL, allow add/refill/cancel\n"
          "  --spend-limit AMOUNT with --allow-orders: stop ordering before the estimated\n"
          "                       cost (rate x quantity / 1000) reaches AMOUNT\n"
          "  --only ACTION,...    only checks of these actions (services, balance, add,\n"
          "                       status, refill, refill_status, cancel, error); the\n"
          "                       error-envelope checks (neg.bad_key, neg.malformed_key,\n"
          "                       neg.missing_action, neg.unknown_action) are filed under\n"
          "                       'error' and run only when 'error' is listed\n"
          "  --timeout MS         per-request timeout in milliseconds (default 10000)\n"
          "  --strict             warnings and blocked skips fail the run (exit 1)\n"
          "  --poll-interval MS   wait between status polls (default 2000; 0 for the\n"
          "                       embedded mock, whose orders move one step per poll)\n"
          "  --poll-timeout MS    window for an order to settle (default 60000); an order\n"
          "                       that does not settle skips its checks (kind timeout)\n"
          "  --deadline S         end the whole run after S seconds (reports still written,\n"
          "                       the checks not run skipped as interrupted; exit 3)\n"
          "  --record FILE        write every exchange to FILE as HAR 1.2 (the key masked)\n"
          "  --replay FILE        answer every request from the HAR recording FILE, offline;\n"
          "                       --url and --key are then optional\n"
          "  --proxy              use http_proxy/https_proxy for a non-loopback URL (proxy\n"
          "                       variables are ignored otherwise, always for loopback)\n"
          "  -v, --verbose        print the reproduce command of every failure\n"
          "  --version            print the version\n"
          "  --no-color           no colours on the console (also $NO_COLOR)\n"
          "  --dialect-dir DIR    dialect directory (default $PANEL_DIALECT_DIR or built-in)\n"
          "embedded mock only:\n"
          "  --mock-seed N        the mock's seed (default 1)\n"
          "  --mock-deviate NAME,...  plant deviations (see panelmock --list-deviations)\n"
          "  --mock-faults SPEC   transport faults, e.g. latency=5ms\n"
          "  --mock-balance AMOUNT  every account's starting balance (default 10)\n"
          "\n"
          "outcomes: pass; fail (a documented rule broken); warn (an assumed or example-only\n"
          "          rule broken, or an error text differing from the document's); skip (with\n"
          "          a kind: not_documented, policy, no_data, blocked, timeout, interrupted)\n"
          "exit: 0 no check failed (warnings allowed), 1 a check failed (with --strict: or\n"
          "      warned or was blocked), 2 usage/configuration error or a report that could\n"
          "      not be written (the others are still written), 3 the endpoint could not be\n"
          "      reached or stopped answering, 130/143 interrupted by SIGINT/SIGTERM\n",
          f);
}

/* The options that take a value. */
static const char *const VALUE_OPTIONS[] = {"--url",
                                            "--key",
                                            "--key2",
                                            "--dialect",
                                            "--record",
                                            "--replay",
                                            "--dialect-dir",
                                            "--report",
                                            "--spend-limit",
                                            "--only",
                                            "--timeout",
                                            "--poll-interval",
                                            "--poll-timeout",
                                            "--deadline",
                                            "--mock-seed",
                                            "--mock-deviate",
                                            "--mock-balance",
                                            "--mock-faults",
                                            NULL};

/* 1 when o is an option that takes a value. */
static int known_option(const char *o)
{
    for (const char *const *p = VALUE_OPTIONS; *p; p++)
        if (!strcmp(*p, o))
            return 1;
    return 0;
}

/* Lists the valid options (after an unknown one). */
static void valid_options(FILE *f)
{
    fputs(
        "valid options: --url --key --key2 --dialect --report --allow-orders --spend-limit --only\n"
        "  --record --replay\n"
        "  --timeout --strict --poll-interval --poll-timeout --deadline --proxy -v --verbose\n"
        "  --version --no-color --dialect-dir --mock-seed --mock-deviate --mock-faults\n"
        "  --mock-balance --help (see panelcheck run --help)\n",
        f);
}

/* Parses "FMT:PATH" into the next report slot. */
static int parse_report(run_args *a, const char *v)
{
    static const char *const names[] = {"junit", "json", "html", "md"};
    const char *colon = strchr(v, ':');
    if (!colon || !colon[1] || a->n_reports >= MAX_REPORTS)
        return -1;
    for (int i = 0; i < 4; i++)
        if (strlen(names[i]) == (size_t)(colon - v) && !strncmp(v, names[i], (size_t)(colon - v))) {
            a->fmt[a->n_reports] = (report_fmt)i;
            a->path[a->n_reports++] = colon + 1;
            return 0;
        }
    return -1;
}

/* Parses the options; returns 0, or 2 after printing the problem. */
static int parse_args(int argc, char **argv, run_args *a)
{
    memset(a, 0, sizeof(*a));
    a->mock_seed = 1;
    a->timeout_ms = 10000;
    a->mock_balance = "10";
    a->poll_interval_ms = -1;
    a->poll_timeout_ms = -1;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            run_usage(stdout);
            return -1;
        } else if (!strcmp(o, "--allow-orders")) {
            a->allow_orders = 1;
            takes = 0;
        } else if (!strcmp(o, "--no-color")) {
            a->no_color = 1;
            takes = 0;
        } else if (!strcmp(o, "--strict")) {
            a->strict = 1;
            takes = 0;
        } else if (!strcmp(o, "--proxy")) {
            a->proxy_env = 1;
            takes = 0;
        } else if (!strcmp(o, "-v") || !strcmp(o, "--verbose")) {
            a->verbose = 1;
            takes = 0;
        } else if (!strcmp(o, "--version")) {
            printf("panelcheck %s\n", panel_version());
            return -1;
        } else if (!known_option(o)) {
            fprintf(stderr, "panelcheck run: unknown option '%s'\n", o);
            valid_options(stderr);
            return 2;
        } else if (!v) {
            fprintf(stderr, "panelcheck run: %s needs a value\n", o);
            return 2;
        } else if (!strcmp(o, "--url")) {
            a->url = v;
        } else if (!strcmp(o, "--key")) {
            a->key = v;
        } else if (!strcmp(o, "--key2")) {
            a->key2 = v;
        } else if (!strcmp(o, "--dialect")) {
            a->dialect = v;
        } else if (!strcmp(o, "--record")) {
            a->record = v;
        } else if (!strcmp(o, "--replay")) {
            a->replay = v;
        } else if (!strcmp(o, "--dialect-dir")) {
            a->dialect_dir = v;
        } else if (!strcmp(o, "--report")) {
            if (parse_report(a, v)) {
                fprintf(stderr,
                        "panelcheck run: bad --report '%s' (want junit|json|html|md:PATH)\n", v);
                return 2;
            }
        } else if (!strcmp(o, "--spend-limit")) {
            if (panel_money_parse(v, strlen(v), &a->limit, NULL) != PANEL_E_OK || a->limit < 0) {
                fprintf(stderr, "panelcheck run: bad --spend-limit '%s'\n", v);
                return 2;
            }
            a->has_limit = 1;
        } else if (!strcmp(o, "--only")) {
            char bad[64];
            if (runner_only_mask(v, &a->only, bad, sizeof(bad)) != PANEL_E_OK) {
                fprintf(stderr, "panelcheck run: unknown action '%s' in --only\n", bad);
                return 2;
            }
        } else if (!strcmp(o, "--timeout")) {
            char *end;
            a->timeout_ms = strtol(v, &end, 10);
            if (*end || a->timeout_ms <= 0 || a->timeout_ms > 600000) {
                fprintf(stderr, "panelcheck run: bad --timeout '%s'\n", v);
                return 2;
            }
        } else if (!strcmp(o, "--poll-interval") || !strcmp(o, "--poll-timeout") ||
                   !strcmp(o, "--deadline")) {
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (*end || errno || n < 0 || n > 86400000) {
                fprintf(stderr, "panelcheck run: bad %s '%s'\n", o, v);
                return 2;
            }
            if (!strcmp(o, "--poll-interval"))
                a->poll_interval_ms = n;
            else if (!strcmp(o, "--poll-timeout"))
                a->poll_timeout_ms = n;
            else
                a->deadline_s = n;
        } else if (!strcmp(o, "--mock-seed")) {
            char *end;
            errno = 0;
            a->mock_seed = strtoull(v, &end, 10);
            if (*end || errno || v[0] == '-') {
                fprintf(stderr, "panelcheck run: bad --mock-seed '%s'\n", v);
                return 2;
            }
        } else if (!strcmp(o, "--mock-deviate")) {
            a->mock_deviate = v;
        } else if (!strcmp(o, "--mock-balance")) {
            panel_money m;
            if (panel_money_parse(v, strlen(v), &m, NULL) != PANEL_E_OK || m < 0) {
                fprintf(stderr, "panelcheck run: bad --mock-balance '%s'\n", v);
                return 2;
            }
            a->mock_balance = v;
        } else if (!strcmp(o, "--mock-faults")) {
            a->mock_faults = v;
        } else {
            fprintf(stderr, "panelcheck run: unknown option '%s'\n", o);
            valid_options(stderr);
            return 2;
        }
        i += takes;
    }
    if (!a->key && a->url) {
        const char *k = getenv("PANEL_KEY");
        if (k && k[0])
            a->key = k;
    }
    if (!a->key2 && a->url) {
        const char *k = getenv("PANEL_KEY2");
        if (k && k[0])
            a->key2 = k;
    }
    if (a->key2 && a->key && !strcmp(a->key, a->key2)) {
        fprintf(stderr, "panelcheck run: --key2 must be another account's key\n");
        return 2;
    }
    if (!a->dialect) {
        fprintf(stderr, "panelcheck run: --dialect is required\n");
        return 2;
    }
    if (a->replay && !strcmp(a->dialect, "all")) {
        fprintf(stderr, "panelcheck run: --replay needs one --dialect NAME\n");
        return 2;
    }
    if (a->replay && !a->key)
        a->key = PANEL_HAR_KEY_MASK; /* what the recording holds in place of the key */
    if (a->url && (!a->key || !a->key[0])) {
        fprintf(stderr, "panelcheck run: --url needs --key (or $PANEL_KEY)\n");
        return 2;
    }
    if (a->url && !strcmp(a->dialect, "all")) {
        fprintf(stderr, "panelcheck run: --dialect all runs the embedded mock (no --url)\n");
        return 2;
    }
    if (a->url && strncmp(a->url, "http://", 7) && strncmp(a->url, "https://", 8)) {
        fprintf(stderr, "panelcheck run: --url must start with http:// or https://\n");
        return 2;
    }
    if (a->url && (a->mock_deviate || a->mock_faults)) {
        fprintf(stderr, "panelcheck run: --mock-* options need the embedded mock (no --url)\n");
        return 2;
    }
    return 0;
}

static volatile sig_atomic_t interrupted; /* the signal number that stopped the run, or 0 */

/* Notes SIGINT/SIGTERM; the run stops at its next request and writes its reports. */
static void on_signal(int sig)
{
    interrupted = sig;
}

/* Installs on_signal for SIGINT and SIGTERM (no SA_RESTART: a sleep or poll wakes up). */
static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* The FNV-1a 64 hash of the file at path as 16 hex digits into out; "" when unreadable. */
static void file_hash(const char *path, char *out, size_t outsz)
{
    out[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    uint64_t h = 14695981039346656037ull;
    int c;
    while ((c = fgetc(f)) != EOF) {
        h ^= (uint64_t)(unsigned char)c;
        h *= 1099511628211ull;
    }
    fclose(f);
    snprintf(out, outsz, "%016llx", (unsigned long long)h);
}

/* Runs one dialect into a new suite of rep. */
static panel_err run_one(const run_args *a, const panel_dialect *d, const char *dir,
                         const char *url, const char *key, const char *key2, http_client *http,
                         console *con, double deadline, int embedded, check_report *rep)
{
    policy pol;
    policy_init(&pol, url, a->allow_orders, a->has_limit, a->limit);
    runner_opts o = {0};
    o.d = d;
    o.url = url;
    o.key = key;
    o.key2 = key2;
    o.http = http;
    if (a->rec && (har_log_add_key(a->rec, key) != PANEL_E_OK ||
                   (key2 && har_log_add_key(a->rec, key2) != PANEL_E_OK)))
        return PANEL_E_NOMEM;
    o.pol = &pol;
    o.only = a->only;
    o.on_result = console_progress;
    o.ud = con;
    o.poll_interval_ms = a->poll_interval_ms >= 0 ? a->poll_interval_ms : embedded ? 0 : 2000;
    o.poll_timeout_ms = a->poll_timeout_ms >= 0 ? a->poll_timeout_ms : embedded ? 0 : 60000;
    o.deadline_ms = deadline;
    o.interrupted = &interrupted;
    check_suite *s = check_report_add_suite(rep);
    if (!s)
        return PANEL_E_NOMEM;
    double t0 = runner_now_ms();
    panel_err rc = runner_run(&o, s);
    s->elapsed_ms = runner_now_ms() - t0;
    char path[1200], hash[32];
    snprintf(path, sizeof(path), "%s/%s.json", dir, d->name);
    file_hash(path, hash, sizeof(hash));
    snprintf(path, sizeof(path), "%s.json", d->name);
    s->dialect_file = strdup(path);
    s->dialect_hash = strdup(hash);
    if (rc == PANEL_E_OK && (!s->dialect_file || !s->dialect_hash))
        rc = PANEL_E_NOMEM;
    return rc;
}

/* Creates the parent directory of path when missing. */
static void make_parent(const char *path)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = '\0';
    mkdir(dir, 0777);
}

/* Writes one report of format fmt to f. */
static panel_err write_fmt(report_fmt fmt, const check_report *rep, FILE *f)
{
    return fmt == FMT_JUNIT  ? report_junit_write(rep, f)
           : fmt == FMT_JSON ? report_json_write(rep, f)
           : fmt == FMT_HTML ? report_html_write(rep, f)
                             : report_md_write(rep, f);
}

/* Writes every requested report, each to a temporary file renamed over its path when
 * complete (a reader never sees an empty or cut report); "-" is stdout. Returns 0 or 2. */
static int write_reports(const run_args *a, const check_report *rep)
{
    int code = 0;
    for (size_t i = 0; i < a->n_reports; i++) {
        struct stat st;
        if (!strcmp(a->path[i], "-") ||
            (stat(a->path[i], &st) == 0 && !S_ISREG(st.st_mode))) { /* stdout, a pipe, a tty */
            FILE *f = !strcmp(a->path[i], "-") ? stdout : fopen(a->path[i], "w");
            panel_err rc = f ? write_fmt(a->fmt[i], rep, f) : PANEL_E_IO;
            int bad = rc != PANEL_E_OK || !f || fflush(f) != 0;
            if (f && f != stdout)
                bad = fclose(f) != 0 || bad;
            if (bad) {
                fprintf(stderr, "panelcheck run: writing %s failed: %s\n", a->path[i],
                        rc == PANEL_E_NOMEM ? panel_strerror(rc) : strerror(errno));
                code = 2;
            }
            continue;
        }
        char tmp[1100];
        snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", a->path[i], (long)getpid());
        make_parent(a->path[i]);
        FILE *f = fopen(tmp, "w");
        if (!f) {
            fprintf(stderr, "panelcheck run: cannot write %s: %s\n", a->path[i], strerror(errno));
            code = 2;
            continue;
        }
        panel_err rc = write_fmt(a->fmt[i], rep, f);
        int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
        bad = fclose(f) != 0 || bad;
        if (bad || rc != PANEL_E_OK || rename(tmp, a->path[i]) != 0) {
            fprintf(stderr, "panelcheck run: writing %s failed: %s\n", a->path[i],
                    rc == PANEL_E_NOMEM ? panel_strerror(rc) : strerror(errno));
            unlink(tmp);
            code = 2;
        }
    }
    return code;
}

/* Checks that every report path can be written before the run, without touching the path
 * itself (configuration errors exit 2 before any request). */
static int probe_reports(const run_args *a)
{
    for (size_t i = 0; i < a->n_reports; i++) {
        struct stat st;
        if (!strcmp(a->path[i], "-") || (stat(a->path[i], &st) == 0 && !S_ISREG(st.st_mode)))
            continue;
        char tmp[1100];
        snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", a->path[i], (long)getpid());
        make_parent(a->path[i]);
        FILE *f = fopen(tmp, "w");
        if (!f) {
            fprintf(stderr, "panelcheck run: cannot write %s: %s\n", a->path[i], strerror(errno));
            return 2;
        }
        fclose(f);
        unlink(tmp);
    }
    return 0;
}

/* The exit code of a finished run. */
static int exit_code(const check_report *rep, int strict)
{
    size_t p, f, k, w, kinds[CHECK_SKIP__COUNT];
    if (rep->interrupted_by && !strcmp(rep->interrupted_by, "SIGINT"))
        return 130;
    if (rep->interrupted_by && !strcmp(rep->interrupted_by, "SIGTERM"))
        return 143;
    for (size_t i = 0; i < rep->n; i++)
        if (rep->suites[i].unreachable)
            return 3;
    if (rep->interrupted_by && !strcmp(rep->interrupted_by, "deadline"))
        return 3; /* the endpoint could not be checked in time */
    check_report_totals(rep, &p, &f, &k);
    check_report_totals2(rep, &w, kinds);
    if (f)
        return 1;
    if (strict && (w || kinds[CHECK_SKIP_BLOCKED] || kinds[CHECK_SKIP_TIMEOUT]))
        return 1;
    return 0;
}

/* The current UTC time as ISO 8601 into out. */
static void utc_now(char *out, size_t outsz)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, outsz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Fills the run's metadata (what recreates it). */
static panel_err fill_meta(const run_args *a, check_report *rep)
{
    char when[32], cmd[1024];
    utc_now(when, sizeof(when));
    check_meta *m = &rep->meta;
    m->version = strdup(panel_version());
    m->started = strdup(when);
    m->seed = a->mock_seed;
    m->embedded = a->url == NULL;
    m->strict = a->strict;
    if (m->embedded) {
        snprintf(cmd, sizeof(cmd),
                 "panelmock --listen 127.0.0.1:0 --dialect %s --seed %llu --accounts 2%s%s%s%s%s%s",
                 a->dialect, a->mock_seed, a->mock_balance ? " --balance " : "",
                 a->mock_balance ? a->mock_balance : "", a->mock_deviate ? " --deviate " : "",
                 a->mock_deviate ? a->mock_deviate : "", a->mock_faults ? " --faults " : "",
                 a->mock_faults ? a->mock_faults : "");
        m->mock_command = strdup(cmd);
        m->mock_deviate = a->mock_deviate ? strdup(a->mock_deviate) : NULL;
        m->mock_faults = a->mock_faults ? strdup(a->mock_faults) : NULL;
        if (!m->mock_command || (a->mock_deviate && !m->mock_deviate) ||
            (a->mock_faults && !m->mock_faults))
            return PANEL_E_NOMEM;
    }
    return m->version && m->started ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* Loads the --replay recording into har and points the client and, without --url, the run at
 * it (the first recorded URL of the dialect's path); returns 0 or 2 after saying why. */
static int replay_open(run_args *a, panel_har *har, const panel_dialect_set *set, http_opts *ho)
{
    char err[256];
    panel_err rc = panel_har_load(a->replay, har, err, sizeof(err));
    if (rc != PANEL_E_OK) {
        fprintf(stderr, "panelcheck run: --replay %s: %s\n", a->replay,
                rc == PANEL_E_NOMEM ? panel_strerror(rc) : err);
        return 2;
    }
    if (!har->n) {
        fprintf(stderr, "panelcheck run: --replay %s: the recording has no entries\n", a->replay);
        return 2;
    }
    ho->replay = har;
    ho->replay_key = a->key;
    const panel_dialect *d = panel_dialect_set_find(set, a->dialect);
    const char *bp = d && d->base_path ? d->base_path : "";
    for (size_t i = 0; !a->url && i < har->n; i++) {
        size_t pl = strlen(har->entries[i].path), bl = strlen(bp);
        if (pl >= bl && !strcmp(har->entries[i].path + pl - bl, bp))
            a->url = har->entries[i].url;
    }
    if (!a->url)
        a->url = har->entries[0].url;
    return 0;
}

/* 1 when some report goes to stdout. */
static int report_on_stdout(const run_args *a)
{
    for (size_t i = 0; i < a->n_reports; i++)
        if (!strcmp(a->path[i], "-"))
            return 1;
    return 0;
}

/* panelcheck run. */
int cmd_run(int argc, char **argv)
{
    run_args a;
    int code = parse_args(argc, argv, &a);
    if (code)
        return code < 0 ? 0 : code;
    panel_dialect_set set = {0};
    panel_dialect_error derr;
    memset(&derr, 0, sizeof(derr));
    check_report rep;
    memset(&rep, 0, sizeof(rep));
    http_client *http = NULL;
    panel_har har = {0};
    const char *dir = a.dialect_dir ? a.dialect_dir : panel_dialect_default_dir();
    int all = !strcmp(a.dialect, "all");
    interrupted = 0;
#ifdef PANEL_HAVE_MOCK
    mock_server *mock = NULL;
#endif
    panel_err rc = panel_dialect_load_dir(dir, &set, &derr);
    if (rc == PANEL_E_NOMEM) {
        fprintf(stderr, "panelcheck run: dialect %s: %s\n", dir, panel_strerror(rc));
        code = 2;
        goto out;
    }
    if (rc != PANEL_E_OK) {
        fprintf(stderr, "panelcheck run: dialect %s: %s: %s\n", derr.file, derr.pointer,
                derr.reason);
        code = 2;
        goto out;
    }
    if (!all && !panel_dialect_set_find(&set, a.dialect)) {
        fprintf(stderr, "panelcheck run: unknown dialect '%s' (see panelcheck dialects)\n",
                a.dialect);
        code = 2;
        goto out;
    }
    if ((code = probe_reports(&a)) != 0)
        goto out;
    double t0 = runner_now_ms();
    double deadline = a.deadline_s > 0 ? t0 + (double)a.deadline_s * 1000.0 : 0;
    http_opts ho = {0};
    if (a.replay && (code = replay_open(&a, &har, &set, &ho)) != 0)
        goto out;
    if (a.record && har_log_new(&a.rec) != PANEL_E_OK) {
        fprintf(stderr, "panelcheck run: --record: %s\n", panel_strerror(PANEL_E_NOMEM));
        code = 2;
        goto out;
    }
    ho.record = a.rec;
    ho.timeout_ms = a.timeout_ms;
    ho.max_retries = 2;
    ho.backoff_cap_ms = (!a.url || policy_is_loopback(a.url)) ? 50 : 5000;
    ho.deadline_ms = deadline;
    ho.abort_flag = &interrupted;
    ho.proxy_env = a.proxy_env;
    if (http_new(&ho, &http) != PANEL_E_OK || fill_meta(&a, &rep) != PANEL_E_OK) {
        fprintf(stderr, "panelcheck run: %s\n", panel_strerror(PANEL_E_NOMEM));
        code = 2;
        goto out;
    }
    console con;
    console_init(&con, report_on_stdout(&a) ? stderr : stdout, a.no_color);
    con.verbose = a.verbose;
    rep.all = all;
    catch_signals();
    if (a.url) {
        rep.endpoint = check_mask_url_new(a.url);
        rc = run_one(&a, panel_dialect_set_find(&set, a.dialect), dir, a.url, a.key, a.key2, http,
                     &con, deadline, a.replay != NULL, &rep);
        code = rc == PANEL_E_OK ? 0 : 2;
    } else {
#ifdef PANEL_HAVE_MOCK
        mock_config cfg = {0};
        char base[256], err[256] = "";
        cfg.listen = "127.0.0.1:0";
        cfg.dialect = a.dialect;
        cfg.dialect_dir = dir;
        cfg.seed = a.mock_seed;
        cfg.key = a.key;
        cfg.faults = a.mock_faults;
        cfg.balance = a.mock_balance;
        cfg.deviate = a.mock_deviate;
        cfg.quiet = 1;
        cfg.accounts = 2; /* the second account for the isolation.* checks */
        rc = mock_server_start(&cfg, &mock, base, sizeof(base), err, sizeof(err));
        if (rc != PANEL_E_OK) {
            fprintf(stderr, "panelcheck run: embedded panelmock: %s\n",
                    rc == PANEL_E_NOMEM ? panel_strerror(rc) : err);
            code = 2;
            goto out;
        }
        rep.endpoint = strdup(base);
        fprintf(con.out, "panelcheck: embedded endpoint, recreate it with: %s\n",
                rep.meta.mock_command);
        mock_state *st = mock_server_state_borrow(mock);
        for (size_t i = 0; i < set.count && code == 0 && !interrupted; i++) {
            const panel_dialect *d = set.items[i];
            if (!all && strcmp(d->name, a.dialect))
                continue;
            char url[512];
            snprintf(url, sizeof(url), "%s/%s%s", base, d->name, d->base_path ? d->base_path : "");
            const char *key = mock_state_key_borrow(st, d->name);
            if (!key) {
                fprintf(stderr, "panelcheck run: the embedded mock serves no '%s'\n", d->name);
                code = 2;
                break;
            }
            const char *key2 = mock_state_account_key_borrow(st, d->name, 1);
            rc = run_one(&a, d, dir, url, key, key2, http, &con, deadline, 1, &rep);
            code = rc == PANEL_E_OK ? 0 : 2;
        }
#else
        fprintf(stderr, "panelcheck run: built without panelmock; give --url\n");
        code = 2;
        goto out;
#endif
    }
    rep.elapsed_ms = runner_now_ms() - t0;
    if (interrupted) {
        rep.interrupted = 1;
        rep.interrupted_by = interrupted == SIGINT ? "SIGINT" : "SIGTERM";
    } else if (deadline > 0 && runner_now_ms() >= deadline) {
        rep.interrupted = 1;
        rep.interrupted_by = "deadline";
    }
    if (code && rc != PANEL_E_OK)
        fprintf(stderr, "panelcheck run: the run stopped: %s\n", panel_strerror(rc));
    panel_err wrc = a.rec ? har_log_write(a.rec, a.record, "panelcheck") : PANEL_E_OK;
    if (wrc != PANEL_E_OK) {
        fprintf(stderr, "panelcheck run: writing %s failed%s%s\n", a.record,
                wrc == PANEL_E_NOMEM ? ": " : "", wrc == PANEL_E_NOMEM ? panel_strerror(wrc) : "");
        code = 2;
    }
    if (code)
        goto out;
    console_summary(&con, &rep);
    code = write_reports(&a, &rep);
    if (!code || exit_code(&rep, a.strict) >= 3)
        code = exit_code(&rep, a.strict);
out:
#ifdef PANEL_HAVE_MOCK
    if (mock)
        mock_server_stop(mock);
#endif
    http_free(http);
    har_log_free(a.rec);
    panel_har_free(&har);
    check_report_free(&rep);
    panel_dialect_set_free(&set);
    return code;
}

/* panelcheck checks: lists the catalogue; 2 when stdout cannot be written. */
int cmd_checks(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else {
            fprintf(stderr, "usage: panelcheck checks [--json]\n");
            return 2;
        }
    }
    size_t n;
    const check_def *t = check_catalogue(&n);
    if (json)
        fputs("[\n", stdout);
    else
        printf("%-34s %-8s %-13s %-24s %s\n", "ID", "SEVERITY", "ACTION", "SECTION", "DESCRIPTION");
    for (size_t i = 0; i < n; i++) {
        if (json)
            printf("  {\"id\": \"%s\", \"severity\": \"%s\", \"action\": \"%s\", "
                   "\"section\": \"%s\", \"description\": \"%s\"}%s\n",
                   t[i].id, t[i].severity, t[i].action, t[i].section, t[i].desc,
                   i + 1 < n ? "," : "");
        else
            printf("%-34s %-8s %-13s %-24s %s\n", t[i].id, t[i].severity, t[i].action, t[i].section,
                   t[i].desc);
    }
    if (json)
        fputs("]\n", stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "panelcheck checks: cannot write to stdout: %s\n", strerror(errno));
        return 2;
    }
    return 0;
}
