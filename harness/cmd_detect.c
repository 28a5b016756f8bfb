/* cmd_detect.c - `panelcheck detect`: options, the ranking on the console, the JSON report,
 * --draft and --record. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "detect.h"
#include "har.h"
#include "panel/version.h"
#include "policy.h"
#include "results.h"

typedef struct {
    const char *url, *key, *report, *draft, *record, *dialect_dir;
    long timeout_ms;
} detect_args;

/* Prints the usage of `panelcheck detect`. */
static void detect_usage(FILE *f)
{
    fputs("usage: panelcheck detect --url URL --key KEY [--report json:PATH] [--draft FILE]\n"
          "                         [--record FILE] [--timeout MS] [--dialect-dir DIR]\n"
          "Probes the endpoint with read-only requests (services, balance, status and\n"
          "refill_status of bogus ids, a bad key, a missing and an unknown action, in every\n"
          "known dialect's encoding; never add, refill or cancel) and ranks the dialects.\n"
          "exit: 0 the best dialect fits without a conflict, 1 the best fit has conflicts,\n"
          "      2 usage/configuration error, 3 the endpoint could not be reached\n",
          f);
}

/* Parses the options; returns 0, -1 (help printed) or 2 after printing the problem. */
static int parse_args(int argc, char **argv, detect_args *a)
{
    memset(a, 0, sizeof(*a));
    a->timeout_ms = 10000;
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            detect_usage(stdout);
            return -1;
        }
        if (!v) {
            fprintf(stderr, "panelcheck detect: %s needs a value (or is unknown)\n", o);
            return 2;
        }
        if (!strcmp(o, "--url"))
            a->url = v;
        else if (!strcmp(o, "--key"))
            a->key = v;
        else if (!strcmp(o, "--draft"))
            a->draft = v;
        else if (!strcmp(o, "--record"))
            a->record = v;
        else if (!strcmp(o, "--dialect-dir"))
            a->dialect_dir = v;
        else if (!strcmp(o, "--report")) {
            if (strncmp(v, "json:", 5) || !v[5]) {
                fprintf(stderr, "panelcheck detect: bad --report '%s' (want json:PATH)\n", v);
                return 2;
            }
            a->report = v + 5;
        } else if (!strcmp(o, "--timeout")) {
            char *end;
            a->timeout_ms = strtol(v, &end, 10);
            if (*end || a->timeout_ms <= 0 || a->timeout_ms > 600000) {
                fprintf(stderr, "panelcheck detect: bad --timeout '%s'\n", v);
                return 2;
            }
        } else {
            fprintf(stderr, "panelcheck detect: unknown option '%s'\n", o);
            detect_usage(stderr);
            return 2;
        }
    }
    if (!a->key)
        a->key = getenv("PANEL_KEY");
    if (!a->url || strncmp(a->url, "http://", 7) ? strncmp(a->url ? a->url : "", "https://", 8)
                                                 : 0) {
        fprintf(stderr, "panelcheck detect: --url http(s)://... is required\n");
        return 2;
    }
    if (!a->key || !a->key[0]) {
        fprintf(stderr, "panelcheck detect: --key KEY (or $PANEL_KEY) is required\n");
        return 2;
    }
    return 0;
}

/* Adds one dialect's fit to the report array. */
static json_t *fit_json(const detect_fit *ft, const char *key)
{
    json_t *o = json_object(), *fs = json_array();
    json_object_set_new(o, "dialect", json_string(ft->d->name));
    json_object_set_new(o, "confidence", json_real((double)(int)(ft->score * 1000 + 0.5) / 1000));
    json_object_set_new(o, "conflicts", json_integer(ft->conflicts));
    json_object_set_new(o, "encoding", json_string(ft->d->json_requests ? "json" : "form"));
    json_object_set_new(o, "key_param", json_string(ft->d->key_param ? ft->d->key_param : "key"));
    json_object_set_new(o, "order_ids",
                        json_string(ft->d->order_id_kind == PANEL_KIND_OID ? "objectid" : "int"));
    for (int k = 0; k < DETECT__COUNT; k++) {
        const detect_feature *f = &ft->f[k];
        json_t *e = json_object();
        char *ev = check_mask_new(f->evidence, key);
        json_object_set_new(e, "feature", json_string(detect_feature_name((detect_kind)k)));
        json_object_set_new(e, "verdict", json_string(detect_verdict_name(f->v)));
        json_object_set_new(e, "weight", json_integer(detect_feature_weight((detect_kind)k)));
        json_object_set_new(e, "exchange", f->probe >= 0 ? json_integer(f->probe) : json_null());
        json_object_set_new(e, "evidence", json_string(ev ? ev : "(masked)"));
        free(ev);
        json_array_append_new(fs, e);
    }
    json_object_set_new(o, "features", fs);
    return o;
}

/* Writes the JSON report atomically; 0 or 2. */
static int write_report(const detect_args *a, const detect_run *r, int code)
{
    json_t *root = json_object(), *rank = json_array();
    char *ep = check_mask_url_new(a->url);
    char *ep2 = ep ? check_mask_new(ep, a->key) : NULL;
    json_object_set_new(root, "panelcheck", json_string(panel_version()));
    json_object_set_new(root, "endpoint", json_string(ep2 ? ep2 : "(masked)"));
    json_object_set_new(root, "exchanges", json_integer((json_int_t)r->n_ex));
    json_object_set_new(root, "best", r->n_fit ? json_string(r->fit[0].d->name) : json_null());
    json_object_set_new(root, "exit", json_integer(code));
    for (size_t i = 0; i < r->n_fit; i++)
        json_array_append_new(rank, fit_json(&r->fit[i], a->key));
    json_object_set_new(root, "ranking", rank);
    free(ep);
    free(ep2);
    char tmp[1100];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", a->report, (long)getpid());
    int rc = 0;
    struct stat st; /* a device or a pipe is written in place, never renamed over */
    int special = strcmp(a->report, "-") && stat(a->report, &st) == 0 && !S_ISREG(st.st_mode);
    FILE *f = !strcmp(a->report, "-") ? stdout : fopen(special ? a->report : tmp, "w");
    if (!f) {
        fprintf(stderr, "panelcheck detect: cannot write %s: %s\n", a->report, strerror(errno));
        rc = 2;
    } else {
        int bad = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0;
        bad = fputc('\n', f) == EOF || bad;
        if (f == stdout) {
            bad = fflush(f) != 0 || bad;
        } else if (special) {
            bad = fclose(f) != 0 || bad;
        } else {
            bad = fclose(f) != 0 || bad;
            if (bad || rename(tmp, a->report) != 0) {
                unlink(tmp);
                bad = 1;
            }
        }
        if (bad) {
            fprintf(stderr, "panelcheck detect: writing %s failed\n", a->report);
            rc = 2;
        }
    }
    json_decref(root);
    return rc;
}

/* Prints the ranking, the best with its evidence. */
static void print_ranking(FILE *out, const detect_run *r, const char *key)
{
    for (size_t i = 0; i < r->n_fit; i++) {
        const detect_fit *ft = &r->fit[i];
        fprintf(out, "%2zu. %-16s confidence %.2f  %s\n", i + 1, ft->d->name, ft->score,
                ft->conflicts ? "conflicts" : "fits");
        for (int k = 0; i == 0 && k < DETECT__COUNT; k++) {
            char *ev = check_mask_new(ft->f[k].evidence, key);
            fprintf(out, "      %-10s %-28s %s\n", detect_verdict_name(ft->f[k].v),
                    detect_feature_name((detect_kind)k), ev ? ev : "(masked)");
            free(ev);
        }
    }
}

/* panelcheck detect. */
int cmd_detect(int argc, char **argv)
{
    detect_args a;
    int code = parse_args(argc, argv, &a);
    if (code)
        return code < 0 ? 0 : code;
    panel_dialect_set set = {0};
    panel_dialect_error derr;
    memset(&derr, 0, sizeof(derr));
    http_client *http = NULL;
    har_log *rec = NULL;
    detect_run *r = calloc(1, sizeof(*r));
    const char *dir = a.dialect_dir ? a.dialect_dir : panel_dialect_default_dir();
    if (!r) {
        code = 2;
        goto out;
    }
    if (panel_dialect_load_dir(dir, &set, &derr) != PANEL_E_OK) {
        fprintf(stderr, "panelcheck detect: dialect %s: %s: %s\n", derr.file, derr.pointer,
                derr.reason);
        code = 2;
        goto out;
    }
    if (a.record && (har_log_new(&rec) != PANEL_E_OK || har_log_add_key(rec, a.key))) {
        code = 2;
        goto out;
    }
    http_opts ho = {0};
    ho.timeout_ms = a.timeout_ms;
    ho.max_retries = 1;
    ho.backoff_cap_ms = policy_is_loopback(a.url) ? 50 : 2000;
    ho.record = rec;
    if (http_new(&ho, &http) != PANEL_E_OK || detect_probe(r, http, &set, a.url, a.key)) {
        code = 2;
        goto out;
    }
    size_t answered = 0;
    for (size_t i = 0; i < r->n_ex; i++)
        answered += r->ex[i].resp.outcome == HTTP_OK;
    detect_rank(r);
    code = !answered ? 3 : r->fit[0].conflicts ? 1 : 0;
    char *ep = check_mask_url_new(a.url);
    printf("panelcheck: detect %s: %zu read-only exchanges, %zu answered\n", ep ? ep : "", r->n_ex,
           answered);
    free(ep);
    if (answered)
        print_ranking(stdout, r, a.key);
    if (a.report && write_report(&a, r, code))
        code = 2;
    char err[256];
    if (a.draft && answered && detect_draft_write(r, a.draft, err, sizeof(err)) != PANEL_E_OK) {
        fprintf(stderr, "panelcheck detect: --draft: %s\n", err);
        code = 2;
    } else if (a.draft && answered) {
        printf("panelcheck: draft dialect written to %s (nearest: %s)\n", a.draft,
               r->fit[0].d->name);
    }
    if (rec && har_log_write(rec, a.record, "panelcheck detect") != PANEL_E_OK) {
        fprintf(stderr, "panelcheck detect: writing %s failed\n", a.record);
        code = 2;
    }
out:
    if (r)
        detect_run_free(r);
    free(r);
    http_free(http);
    har_log_free(rec);
    panel_dialect_set_free(&set);
    return code;
}
