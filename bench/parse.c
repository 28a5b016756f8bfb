/* bench/parse.c - MB/s of the full normalized parse (panel_parse + panel_result_free) of a
 * 20,000-service catalogue against raw jansson on the same bytes, measured two ways:
 * json_loadb alone (the tree is never freed: a lower bound no reader can reach) and
 * json_loadb + json_decref (what any jansson user pays to read a document). Prints both
 * ratios; the target (>= 1.0) applies to the load+free one. `bench_parse --write FILE` only
 * writes the catalogue to FILE (bench/parse.sh times whole processes on it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "panel/buf.h"
#include "panel/dialect.h"
#include "panel/parse.h"

#define N_SERVICES 20000
#define REPS 21

/* Seconds on the monotonic clock. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Builds the dripfeedpanel-shaped catalogue (all fields) into b. */
static panel_err make_catalogue(panel_buf *b)
{
    static const char *types[] = {"Default",       "Custom Comments", "Mentions",
                                  "Subscriptions", "Web Traffic",     "Poll",
                                  "Keywords",      "Groups"};
    panel_err rc = panel_buf_puts(b, "[");
    for (int i = 1; i <= N_SERVICES && rc == PANEL_E_OK; i++) {
        rc = panel_buf_printf(b,
                              "%s{\"service\":%d,\"name\":\"Instagram Followers %d [Refill 30d]"
                              "\",\"type\":\"%s\",\"category\":\"Instagram - Followers %d\","
                              "\"rate\":\"%d.%02d\",\"min\":\"%d\",\"max\":\"%d\",\"refill\":%s,"
                              "\"cancel\":%s}",
                              i > 1 ? "," : "", i, i, types[i % 8], i % 50, i % 17, i % 100,
                              10 * (i % 9 + 1), 10000 + i, i % 2 ? "true" : "false",
                              i % 3 ? "true" : "false");
    }
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(b, "]");
    return rc;
}

/* Sorts doubles ascending (tiny n). */
static void sort(double *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

int main(int argc, char **argv)
{
    panel_dialect *d = NULL;
    panel_dialect_error err;
    char path[1024];
    snprintf(path, sizeof path, "%s/dripfeedpanel.json", panel_dialect_default_dir());
    if (panel_dialect_load_file(path, &d, &err) != PANEL_E_OK) {
        fprintf(stderr, "bench_parse: %s %s %s\n", err.file, err.pointer, err.reason);
        return 2;
    }
    panel_buf b;
    panel_buf_init(&b, 64u << 20);
    if (make_catalogue(&b) != PANEL_E_OK) {
        fprintf(stderr, "bench_parse: cannot build the catalogue\n");
        return 2;
    }
    if (argc == 3 && !strcmp(argv[1], "--write")) {
        FILE *f = fopen(argv[2], "wb");
        int ok = f && fwrite(b.data, 1, b.len, f) == b.len;
        if (f && fclose(f))
            ok = 0;
        panel_buf_free(&b);
        panel_dialect_free(d);
        if (!ok)
            fprintf(stderr, "bench_parse: cannot write %s\n", argv[2]);
        return ok ? 0 : 2;
    }
    double t_load[REPS], t_loadfree[REPS], t_parse[REPS];
    size_t n_services = 0, n_diags = 0;
    for (int rep = 0; rep < REPS; rep++) {
        json_error_t e;
        double t0 = now();
        json_t *j = json_loadb(b.data, b.len, 0, &e);
        double t1 = now();
        json_decref(j);
        double t2 = now();
        panel_result *r = NULL;
        panel_parse_opts o = {.multi = 0};
        double t3 = now();
        if (panel_parse(d, PANEL_ACTION_SERVICES, b.data, b.len, &o, &r) != PANEL_E_OK) {
            fprintf(stderr, "bench_parse: parse failed\n");
            return 2;
        }
        n_services = r->n_services;
        n_diags = r->n_diags;
        panel_result_free(r);
        double t4 = now();
        t_load[rep] = t1 - t0;
        t_loadfree[rep] = t2 - t0;
        t_parse[rep] = t4 - t3;
    }
    sort(t_load, REPS);
    sort(t_loadfree, REPS);
    sort(t_parse, REPS);
    double mb = (double)b.len / 1e6;
    double load_med = t_load[REPS / 2], lf_med = t_loadfree[REPS / 2],
           parse_med = t_parse[REPS / 2];
    printf("bench_parse: %zu services, %.2f MB, %d interleaved repetitions (median; best in "
           "brackets)\n",
           n_services, mb, REPS);
    printf("json_loadb only           %8.1f MB/s  [%8.1f]  (tree never freed)\n", mb / load_med,
           mb / t_load[0]);
    printf("json_loadb + json_decref  %8.1f MB/s  [%8.1f]  (baseline for the target)\n",
           mb / lf_med, mb / t_loadfree[0]);
    printf("panel_parse + result_free %8.1f MB/s  [%8.1f]  (%zu diagnostics)\n", mb / parse_med,
           mb / t_parse[0], n_diags);
    printf("ratio vs loadb only       %8.2f       [%8.2f]  (for information)\n",
           load_med / parse_med, t_load[0] / t_parse[0]);
    printf("ratio vs loadb + decref   %8.2f       [%8.2f]  (target >= 1.00: %s)\n",
           lf_med / parse_med, t_loadfree[0] / t_parse[0],
           lf_med / parse_med >= 1.0 ? "met" : "NOT met");
    panel_buf_free(&b);
    panel_dialect_free(d);
    return 0;
}
