/* main.c - the panelmock command line. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mock_internal.h"
#include "mock_settings.h"
#include "panel/version.h"

static int stop_pipe[2] = {-1, -1};

/* SIGINT/SIGTERM and POST /__panelmock/shutdown: wakes main through the self-pipe. */
static void on_signal(int sig)
{
    (void)sig;
    ssize_t w = write(stop_pipe[1], "x", 1);
    (void)w;
}

/* The shutdown hook of the admin API. */
static void on_shutdown(void *arg)
{
    (void)arg;
    ssize_t w = write(stop_pipe[1], "s", 1);
    (void)w;
}

/* The options, defined once: getopt's table, --help and the unknown-option message. */
#define MOCK_OPTION_MAP(XX)                                                                        \
    XX('l', "listen", "HOST:PORT", "where to listen (default 127.0.0.1:0: a free port)")           \
    XX('d', "dialect", "NAME|all",                                                                 \
       "the dialect(s) to serve (default all); one NAME also "                                     \
       "serves its documented path, e.g. /api/v2")                                                 \
    XX('s', "seed", "N", "seed of ids, outcomes, faults and quirks (default 1)")                   \
    XX('k', "key", "[NAME=]KEY", "the key of every dialect, or of dialect NAME (repeatable)")      \
    XX('b', "balance", "AMOUNT",                                                                   \
       "starting balance of every account (default: 100 minimum "                                  \
       "orders of every service)")                                                                 \
    XX('a', "accounts", "N",                                                                       \
       "accounts per dialect, each with its own key, balance, orders "                             \
       "(1..16, default 1)")                                                                       \
    XX('i', "ids", "small|big", "big: integer ids past 2^53 (orders) and 2^31 (refills)")          \
    XX('f', "faults", "SPEC", "transport faults, e.g. reset=0.05,latency=20ms (--list-faults)")    \
    XX('q', "quirks", "SPEC", "field quirks, e.g. ids_as_strings=0.5 (--list-quirks)")             \
    XX('v', "deviate", "NAME,...", "planted deviations (--list-deviations)")                       \
    XX('w', "webhook", "URL", "POST status changes to URL")                                        \
    XX('c', "config", "FILE",                                                                      \
       "JSON settings: every flag, per dialect keys, balances, faults, "                           \
       "quirks (README: panelmock in CI)")                                                         \
    XX('R', "replay", "FILE.har", "answer every API request from a HAR recording (README)")        \
    XX('g', "log", "text|json|none", "one line per request on stderr (default text)")              \
    XX('Q', "quiet", NULL, "no key lines on stdout and no request log")                            \
    XX('D', "dialect-dir", "DIR", "read dialects from DIR")                                        \
    XX('z', "fuzz", "SEED", "serve mutated answers, deterministic in SEED (README: fuzzing)")      \
    XX('Z', "fuzz-rate", "P", "--fuzz: the fraction of answers mutated (default 1)")               \
    XX('A', "fuzz-actions", "LIST", "--fuzz: the actions mutated, e.g. add,status (default all)")  \
    XX('T', "fuzz-report", "PATH", "--fuzz: write the report to PATH (JSON) and PATH.md on exit")  \
    XX('P', "fuzz-replay", "TOKEN", "print the answer of TOKEN from --fuzz-report PATH and exit")  \
    XX('L', "list-deviations", NULL, "print the planted deviations and exit")                      \
    XX('F', "list-faults", NULL, "print the faults and exit")                                      \
    XX('U', "list-quirks", NULL, "print the quirks and exit")                                      \
    XX('V', "version", NULL, "print the version and exit")                                         \
    XX('h', "help", NULL, "print this help and exit")

typedef struct {
    int val;
    const char *name, *arg, *help;
} option_info;

static const option_info infos[] = {
#define MOCK_OPTION_INFO(v, n, a, h) {v, n, a, h},
    MOCK_OPTION_MAP(MOCK_OPTION_INFO)
#undef MOCK_OPTION_INFO
};

#define N_OPTIONS (sizeof infos / sizeof infos[0])

/* --fuzz-replay TOKEN: writes the answer from the --fuzz-report file to stdout (its HTTP
 * status on stderr); the exit code. */
static int fuzz_replay(const mock_config *cfg, const char *replay_token)
{
    char err[1024] = "";
    int status = 0;
    panel_buf b;
    panel_buf_init(&b, MOCK_MAX_RESPONSE);
    if (!cfg->fuzz_report) {
        fprintf(stderr, "panelmock: --fuzz-replay needs --fuzz-report PATH (the report "
                        "written by the session)\n");
        return 2;
    }
    panel_err rc = mock_fuzz_replay_file(cfg->fuzz_report, replay_token, cfg->dialect_dir, &b,
                                         &status, err, sizeof err);
    if (rc == PANEL_E_OK) {
        fprintf(stderr, "panelmock: %s: HTTP %d, %zu bytes\n", replay_token, status, b.len);
        if (b.len)
            fwrite(b.data, 1, b.len, stdout);
    } else {
        fprintf(stderr, "panelmock: --fuzz-replay: %s\n", err[0] ? err : panel_strerror(rc));
    }
    panel_buf_free(&b);
    return rc == PANEL_E_OK ? 0 : 1;
}

/* Prints the usage text with one line per option to f. */
static void usage(FILE *f)
{
    fputs("usage: panelmock [OPTION]...\n"
          "A stateful mock of the SMM panel API v2 dialects; admin API under /__panelmock/.\n\n",
          f);
    for (size_t i = 0; i < N_OPTIONS; i++) {
        char left[48];
        snprintf(left, sizeof left, "--%s%s%s", infos[i].name, infos[i].arg ? " " : "",
                 infos[i].arg ? infos[i].arg : "");
        fprintf(f, "  %-28s %s\n", left, infos[i].help);
    }
}

/* Prints every option name, for an unknown switch. */
static void valid_options(FILE *f)
{
    fputs("panelmock: valid options:", f);
    for (size_t i = 0; i < N_OPTIONS; i++)
        fprintf(f, " --%s", infos[i].name);
    fputs("\n", f);
}

/* Flushes what an informational option printed: code, or 1 (with a message) when stdout
 * cannot be written (a full disk, a closed pipe). */
static int stdout_done(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "panelmock: cannot write to stdout: %s\n", strerror(errno));
        return 1;
    }
    return code;
}

/* Prints the planted deviations, one per line: NAME<TAB>ACTION<TAB>what. */
static int list_deviations(void)
{
    size_t n;
    const mock_deviation_info *t = mock_deviations(&n);
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\n", t[i].name, t[i].action, t[i].what);
    return 0;
}

/* Prints a switch table, one per line: NAME<TAB>what ("none" is left out). */
static int list_switches(const mock_switch_info *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, "none") != 0)
            printf("%s\t%s\n", t[i].name, t[i].what);
    return 0;
}

/* 1 when s looks like a dialect name ([a-z0-9-]+). */
static int dialect_like(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* Applies --key: NAME=KEY sets one dialect's key, KEY every dialect's. -1 on a full table. */
static int key_option(mock_settings *st, char *v)
{
    char *eq = strchr(v, '=');
    if (!eq || !dialect_like(v, (size_t)(eq - v))) {
        st->cfg.key = v;
        return 0;
    }
    *eq = '\0';
    mock_dialect_config *p = mock_settings_per(st, v);
    if (!p)
        return -1;
    p->key = eq + 1;
    return 0;
}

/* Parses an unsigned number in 0..max; 0 when malformed or out of range. */
static int parse_count(const char *v, unsigned long long max, unsigned long long *out)
{
    char *end;
    if (!v[0] || v[0] < '0' || v[0] > '9')
        return 0;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (*end || errno == ERANGE || x > max)
        return 0;
    *out = x;
    return 1;
}

/* Applies one parsed option; returns -1 to go on, else the exit code. */
static int apply_option(mock_settings *st, int c, char *arg, const char *prog_opt)
{
    mock_config *cfg = &st->cfg;
    unsigned long long n = 0;
    char err[1024] = "";
    switch (c) {
    case 'l':
        cfg->listen = arg;
        break;
    case 'd':
        cfg->dialect = arg;
        break;
    case 's':
        if (!parse_count(arg, UINT64_MAX, &n)) {
            fprintf(stderr, "panelmock: --seed wants a number\n");
            return 2;
        }
        cfg->seed = n;
        break;
    case 'k':
        if (key_option(st, arg) < 0) {
            fprintf(stderr, "panelmock: too many --key NAME=KEY\n");
            return 2;
        }
        break;
    case 'b':
        cfg->balance = arg;
        break;
    case 'a':
        if (!parse_count(arg, MOCK_MAX_ACCOUNTS, &n) || n == 0) {
            fprintf(stderr, "panelmock: --accounts wants a number 1..%d\n", MOCK_MAX_ACCOUNTS);
            return 2;
        }
        cfg->accounts = (unsigned)n;
        break;
    case 'i':
        if (!mock_settings_ids(arg, &cfg->ids_big)) {
            fprintf(stderr, "panelmock: --ids wants small or big\n");
            return 2;
        }
        break;
    case 'f':
        cfg->faults = arg;
        break;
    case 'q':
        cfg->quirks = arg;
        break;
    case 'v':
        cfg->deviate = arg;
        break;
    case 'w':
        cfg->webhook = arg;
        break;
    case 'c':
        if (mock_settings_load_file(st, arg, err, sizeof err) != PANEL_E_OK) {
            fprintf(stderr, "panelmock: --config: %s\n", err);
            return 2;
        }
        break;
    case 'g':
        if (!mock_settings_log_format(arg, &cfg->log)) {
            fprintf(stderr, "panelmock: --log wants text, json or none\n");
            return 2;
        }
        break;
    case 'R':
        cfg->replay = arg;
        break;
    case 'Q':
        cfg->quiet = 1;
        break;
    case 'D':
        cfg->dialect_dir = arg;
        break;
    case 'z':
        cfg->fuzz = arg;
        break;
    case 'Z':
        cfg->fuzz_rate = arg;
        break;
    case 'A':
        cfg->fuzz_actions = arg;
        break;
    case 'T':
        cfg->fuzz_report = arg;
        break;
    case 'P':
        st->fuzz_replay = arg;
        break;
    case 'L':
        return stdout_done(list_deviations());
    case 'F': {
        size_t k;
        const mock_switch_info *t = mock_fault_infos(&k);
        return stdout_done(list_switches(t, k));
    }
    case 'U': {
        size_t k;
        const mock_switch_info *t = mock_quirk_infos(&k);
        return stdout_done(list_switches(t, k));
    }
    case 'V':
        printf("panelmock %s\n", panel_version());
        return stdout_done(0);
    case 'h':
        usage(stdout);
        return stdout_done(0);
    case ':':
        fprintf(stderr, "panelmock: %s needs a value\n", prog_opt);
        return 2;
    default:
        fprintf(stderr, "panelmock: unknown option %s\n", prog_opt);
        valid_options(stderr);
        return 2;
    }
    return -1;
}

/* Parses argv into st; -1 to go on, else the exit code. */
static int parse_args(mock_settings *st, int argc, char **argv)
{
    struct option opts[N_OPTIONS + 1];
    for (size_t i = 0; i < N_OPTIONS; i++) {
        opts[i].name = infos[i].name;
        opts[i].has_arg = infos[i].arg ? required_argument : no_argument;
        opts[i].flag = NULL;
        opts[i].val = infos[i].val;
    }
    memset(&opts[N_OPTIONS], 0, sizeof opts[N_OPTIONS]);
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        const char *seen = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
        int code = apply_option(st, c, optarg, seen);
        if (code >= 0)
            return code;
    }
    if (optind < argc) {
        fprintf(stderr, "panelmock: unexpected argument %s\n", argv[optind]);
        valid_options(stderr);
        return 2;
    }
    if (st->cfg.quiet)
        st->cfg.log = MOCK_LOG_NONE;
    return -1;
}

/* Prints the listening line, the warnings and (unless quiet) every account's key. */
static void announce(const mock_state *s, const mock_config *cfg, const char *url)
{
    printf("panelmock: listening on %s\n", url);
    const char *w = mock_state_warnings_borrow(s);
    while (*w) {
        size_t n = strcspn(w, "\n");
        fprintf(stderr, "panelmock: %.*s\n", (int)n, w);
        w += n + (w[n] == '\n');
    }
    for (size_t i = 0; !cfg->quiet && i < s->n_acc; i++) {
        const mock_account *a = &s->acc[i];
        if (a->acc_no == 0)
            printf("panelmock: %s at %s%s key %s\n", a->d->name, url, a->prefix, a->key);
        else
            printf("panelmock: %s account %u at %s%s key %s\n", a->d->name, a->acc_no + 1, url,
                   a->prefix, a->key);
        if (a->acc_no == 0 && a->alias[0])
            printf("panelmock: %s also at %s%s\n", a->d->name, url, a->alias);
    }
    fflush(stdout);
}

int main(int argc, char **argv)
{
    static mock_settings st;
    mock_settings_init(&st);
    int code = parse_args(&st, argc, argv);
    if (code >= 0) {
        mock_settings_free(&st);
        return code;
    }
    if (st.fuzz_replay) {
        code = fuzz_replay(&st.cfg, st.fuzz_replay);
        mock_settings_free(&st);
        return code;
    }
    if (pipe(stop_pipe) != 0) {
        perror("panelmock: pipe");
        mock_settings_free(&st);
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    mock_server *m = NULL;
    char url[128], err[512] = "";
    panel_err rc = mock_server_start(&st.cfg, &m, url, sizeof url, err, sizeof err);
    if (rc != PANEL_E_OK) {
        fprintf(stderr, "panelmock: %s\n", err[0] ? err : panel_strerror(rc));
        mock_settings_free(&st);
        return rc == PANEL_E_USAGE ? 2 : 1;
    }
    mock_state *s = mock_server_state_borrow(m);
    mock_state_on_shutdown(s, on_shutdown, NULL);
    announce(s, &st.cfg, url);
    char byte = 0;
    while (read(stop_pipe[0], &byte, 1) < 0 && errno == EINTR)
        ;
    if (byte == 's')
        nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL); /* lets its answer go out */
    code = 0;
    if (mock_fuzz_write_report(s) != PANEL_E_OK) {
        fprintf(stderr, "panelmock: cannot write the --fuzz-report files\n");
        code = 1;
    }
    mock_server_stop(m);
    mock_settings_free(&st);
    return code;
}
