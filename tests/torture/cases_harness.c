/* cases_harness.c - torture cases of panelcheck's own paths (harness/): `panelcheck run` in
 * this process (cmd_run) over a recording made once at registration by a clean run against
 * the embedded mock, replayed with --record and --report (runner, checks, HTTP client in
 * replay mode, HAR writer, report writer); the embedded path up to the mock refusing a
 * planted deviation it does not know (fill_meta; no mock thread runs while armed); and the
 * detect draft writer. libcurl gets the counted allocator (curl_global_init_mem, before
 * http.c's curl_global_init), so curl_easy_init and curl_slist_append fail in their turn.
 *
 * A run's output is its exit code, its stderr, the JSON report and the recording it wrote,
 * with the wall-clock fields ("elapsed_ms", "started", "startedDateTime") blanked. A run that
 * exits 2 saying "out of memory" on stderr returns PANEL_E_NOMEM (the tool's clean error);
 * any other run returns PANEL_E_OK and its output must equal the clean run's. */
#include "torture.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "detect.h"

#define RUN_DIALECT "panel-v2"           /* every action, so every check group runs */
#define RUN_KEY "panelcheck-torture-key" /* the replay's keys, as tests/checks/run_case.py */
#define RUN_KEY2 "panelcheck-torture-key2"
#define MAX_ARGS 32

/* The scratch directory of every case, made at registration, removed with the last case. */
static struct {
    char dir[256], dialects[300], report[300], har[300], err[300], draft[300];
    char recs[16][400]; /* the recordings made */
    size_t n_rec;
    FILE *devnull, *errf; /* the runs' stdout and stderr */
    int users;            /* cases holding it */
} tmp;

typedef struct {
    char *argv[MAX_ARGS];
    int argc;
    char store[MAX_ARGS][320];
} run_ctx;

/* libcurl's malloc: the counted one (the calls below are wrapped like all of the torture's). */
static void *curl_m(size_t n)
{
    return malloc(n);
}

/* libcurl's free. */
static void curl_f(void *p)
{
    free(p);
}

/* libcurl's realloc, counted. */
static void *curl_r(void *p, size_t n)
{
    return realloc(p, n);
}

/* libcurl's strdup, counted. */
static char *curl_s(const char *s)
{
    return strdup(s);
}

/* libcurl's calloc, counted. */
static void *curl_c(size_t m, size_t n)
{
    return calloc(m, n);
}

/* Exits after saying what the registration could not do. */
static void die(const char *what)
{
    fprintf(stderr, "torture: cases_harness: %s\n", what);
    exit(2);
}

/* Copies src to dst; exits on failure. */
static void copy_file(const char *src, const char *dst)
{
    size_t n;
    char *b = torture_slurp(src, &n);
    FILE *f = fopen(dst, "wb");
    if (!f || fwrite(b, 1, n, f) != n || fclose(f) != 0)
        die(dst);
    free(b);
}

/* Runs `panelcheck run` with argv[0..argc), stdout and stderr to the scratch files. */
static int run_quiet(int argc, char **argv)
{
    FILE *so = stdout, *se = stderr;
    stdout = tmp.devnull;
    stderr = tmp.errf;
    int code = cmd_run(argc, argv);
    fflush(stdout);
    fflush(stderr);
    stdout = so;
    stderr = se;
    return code;
}

/* Makes the scratch directory, its one-dialect directory and the runs' stdout and stderr. */
static void tmp_setup(torture_list *l)
{
    const char *t = getenv("TMPDIR");
    snprintf(tmp.dir, sizeof tmp.dir, "%s/torture-harness-XXXXXX", t && t[0] ? t : "/tmp");
    if (!mkdtemp(tmp.dir))
        die("mkdtemp");
    snprintf(tmp.dialects, sizeof tmp.dialects, "%s/dialects", tmp.dir);
    snprintf(tmp.report, sizeof tmp.report, "%s/report.json", tmp.dir);
    snprintf(tmp.har, sizeof tmp.har, "%s/out.har", tmp.dir);
    snprintf(tmp.err, sizeof tmp.err, "%s/stderr.txt", tmp.dir);
    snprintf(tmp.draft, sizeof tmp.draft, "%s/draft.json", tmp.dir);
    if (mkdir(tmp.dialects, 0700) != 0)
        die("mkdir");
    char src[4200], dst[400];
    snprintf(src, sizeof src, "%s/dialects/" RUN_DIALECT ".json", l->src);
    snprintf(dst, sizeof dst, "%s/" RUN_DIALECT ".json", tmp.dialects);
    copy_file(src, dst);
    tmp.devnull = fopen("/dev/null", "w");
    tmp.errf = fopen(tmp.err, "w+");
    if (!tmp.devnull || !tmp.errf)
        die("scratch files");
}

/* Records a clean run of the checks of only against the embedded mock into path, with the
 * planted deviations deviate (or none: NULL); the mock's threads run then, never armed. */
static void record(const char *path, const char *only, const char *deviate)
{
    char *argv[] = {"run",      "--dialect",  RUN_DIALECT, "--dialect-dir", tmp.dialects,
                    "--record", (char *)path, "--only",    (char *)only,    "--no-color",
                    NULL,       NULL,         NULL};
    if (deviate) {
        argv[10] = "--mock-deviate";
        argv[11] = (char *)deviate;
    }
    if (run_quiet(deviate ? 12 : 10, argv) > 1)
        die("a recording run failed");
    if (tmp.n_rec < sizeof tmp.recs / sizeof tmp.recs[0])
        snprintf(tmp.recs[tmp.n_rec++], sizeof tmp.recs[0], "%s", path);
}

/* Removes the scratch directory once no case holds it. */
static void tmp_release(void)
{
    if (--tmp.users > 0)
        return;
    char p[400];
    snprintf(p, sizeof p, "%s/" RUN_DIALECT ".json", tmp.dialects);
    unlink(p);
    rmdir(tmp.dialects);
    const char *files[] = {tmp.report, tmp.har, tmp.err, tmp.draft};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        unlink(files[i]);
    for (size_t i = 0; i < tmp.n_rec; i++)
        unlink(tmp.recs[i]);
    fclose(tmp.devnull);
    fclose(tmp.errf);
    rmdir(tmp.dir);
}

/* Puts the scratch outputs back to nothing before a run (unarmed). */
static void before_run(void *vctx)
{
    (void)vctx;
    fflush(tmp.errf);
    if (ftruncate(fileno(tmp.errf), 0) != 0)
        die("ftruncate");
    rewind(tmp.errf);
    unlink(tmp.report);
    unlink(tmp.har);
    unlink(tmp.draft);
}

/* Appends the file at path to out, the wall-clock values blanked; "(none)" when absent. */
static panel_err append_file(panel_buf *out, const char *label, const char *path)
{
    static const char *const keys[] = {"\"elapsed_ms\": ", "\"started\": \"",
                                       "\"startedDateTime\": \""};
    panel_err rc = panel_buf_printf(out, "-- %s\n", label);
    FILE *f = fopen(path, "r");
    if (!f)
        return rc == PANEL_E_OK ? panel_buf_puts(out, "(none)\n") : rc;
    char *line = NULL; /* getline's buffer: the C library's own allocation, never counted */
    size_t cap = 0;
    while (rc == PANEL_E_OK && getline(&line, &cap, f) >= 0) {
        char *v = NULL;
        size_t k;
        for (k = 0; k < sizeof keys / sizeof keys[0] && !v; k++)
            v = strstr(line, keys[k]);
        if (!v) {
            rc = panel_buf_puts(out, line);
            continue;
        }
        v += strlen(keys[k - 1]);
        char *end = v;
        if (v[-1] == '"')
            end = strchr(v, '"') ? strchr(v, '"') : v;
        else
            end += strspn(v, "0123456789.eE+-");
        rc = panel_buf_printf(out, "%.*s#%s", (int)(v - line), line, end);
    }
    free(line);
    fclose(f);
    return rc;
}

/* Runs `panelcheck run` of c; see the file comment for the output and the code. */
static panel_err run_cmd(void *vctx, panel_buf *out)
{
    run_ctx *c = vctx;
    int code = run_quiet(c->argc, c->argv);
    char err[4096];
    size_t n = 0;
    rewind(tmp.errf);
    n = fread(err, 1, sizeof err - 1, tmp.errf);
    err[n] = '\0';
    if (code == 2 && strstr(err, "out of memory"))
        return PANEL_E_NOMEM;
    panel_err rc = panel_buf_printf(out, "exit %d\n-- stderr\n%s", code, err);
    if (rc == PANEL_E_OK)
        rc = append_file(out, "report", tmp.report);
    if (rc == PANEL_E_OK)
        rc = append_file(out, "recording", tmp.har);
    return rc;
}

/* Frees a run case and lets go of the scratch directory. */
static void free_run(void *vctx)
{
    free(vctx);
    tmp_release();
}

/* Registers `panelcheck run ARGS...` (NULL-terminated) as case name. */
static void add_run(torture_list *l, const char *name, const char *const *args)
{
    run_ctx *c = calloc(1, sizeof *c);
    if (!c)
        die("calloc");
    c->argv[c->argc++] = "run";
    for (size_t i = 0; args[i]; i++) {
        if (c->argc + 1 >= MAX_ARGS)
            die("too many arguments");
        snprintf(c->store[c->argc], sizeof c->store[0], "%s", args[i]);
        c->argv[c->argc] = c->store[c->argc];
        c->argc++;
    }
    c->argv[c->argc] = NULL;
    tmp.users++;
    torture_add(l, c, before_run, run_cmd, free_run, "%s", name);
}

typedef struct {
    detect_run *r; /* owned; its fit borrows a dialect of the list */
} draft_ctx;

/* Writes the draft of c's detect run; the output is the file written. */
static panel_err run_draft(void *vctx, panel_buf *out)
{
    draft_ctx *c = vctx;
    char err[256] = "";
    panel_err rc = detect_draft_write(c->r, tmp.draft, err, sizeof err);
    if (rc != PANEL_E_OK)
        return rc == PANEL_E_NOMEM ? rc : (panel_buf_printf(out, "refused: %s", err), rc);
    return append_file(out, "draft", tmp.draft);
}

/* Frees a draft case. */
static void free_draft(void *vctx)
{
    draft_ctx *c = vctx;
    free(c->r);
    free(c);
    tmp_release();
}

/* Registers the draft case: the nearest dialect with every feature fitting on exchange k. */
static void add_draft(torture_list *l)
{
    const panel_dialect *d = panel_dialect_set_find(&l->dialects, RUN_DIALECT);
    draft_ctx *c = calloc(1, sizeof *c);
    if (!d || !c)
        die("draft case");
    c->r = calloc(1, sizeof *c->r);
    if (!c->r)
        die("draft case");
    c->r->n_fit = 1;
    c->r->fit[0].d = d;
    for (int k = 0; k < DETECT__COUNT; k++) {
        c->r->fit[0].f[k].v = DETECT_FIT;
        c->r->fit[0].f[k].probe = k;
    }
    tmp.users++;
    torture_add(l, c, before_run, run_draft, free_draft, "detect/draft");
}

/* The check groups (--only), a replay case each over a recording of its own, made clean.
 * record: the case also records (--record, the HAR writer; a few hundred allocations per
 * exchange), so only the light groups do. full: thousands of allocations, for `make torture`
 * only (ctest's sample skips "run-full/"). */
static const struct {
    const char *only, *deviate; /* deviate: the recording's planted deviations (a red run) */
    int record, full;
} GROUPS[] = {
    {"services", NULL, 1, 0}, {"services", "services_min_over_max,services_rate_number", 0, 0},
    {"balance", NULL, 1, 0},  {"error", NULL, 1, 0},
    {"cancel", NULL, 0, 0},   {"add", NULL, 0, 1},
    {"status", NULL, 0, 1},   {"refill,refill_status", NULL, 0, 1}};
#define N_GROUPS (sizeof GROUPS / sizeof GROUPS[0])

/* Registers the harness cases. */
void torture_cases_harness(torture_list *l)
{
    if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, curl_m, curl_f, curl_r, curl_s, curl_c) !=
        CURLE_OK)
        die("curl_global_init_mem");
    tmp_setup(l);
    char rep[400];
    snprintf(rep, sizeof rep, "json:%s", tmp.report);
    for (size_t g = 0; g < N_GROUPS; g++) {
        char rec[400], name[160];
        snprintf(rec, sizeof rec, "%s/rec-%zu.har", tmp.dir, g);
        record(rec, GROUPS[g].only, GROUPS[g].deviate);
        const char *args[] = {"--replay",
                              rec,
                              "--dialect",
                              RUN_DIALECT,
                              "--dialect-dir",
                              tmp.dialects,
                              "--key",
                              RUN_KEY,
                              "--key2",
                              RUN_KEY2,
                              "--only",
                              GROUPS[g].only,
                              "--report",
                              rep,
                              "--no-color",
                              NULL,
                              NULL,
                              NULL};
        if (GROUPS[g].record) {
            args[15] = "--record";
            args[16] = tmp.har;
        }
        snprintf(name, sizeof name, "%s/" RUN_DIALECT "/replay%s/%s",
                 GROUPS[g].full ? "run-full" : "run",
                 GROUPS[g].record    ? "-record"
                 : GROUPS[g].deviate ? "-red"
                                     : "",
                 GROUPS[g].only);
        add_run(l, name, args);
    }
    const char *embedded[] = {"--dialect",      RUN_DIALECT,         "--dialect-dir", tmp.dialects,
                              "--mock-deviate", "no-such-deviation", "--no-color",    NULL};
    add_run(l, "run/" RUN_DIALECT "/embedded-refused", embedded);
    add_draft(l);
}
