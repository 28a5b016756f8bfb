/* torture.c - the allocation-torture driver (issue #16 item 1; after curl's `runtests.pl -t`).
 * Each case runs once clean (k = 0), counting its allocations, then with k = 1, 1 + every,
 * 1 + 2 * every, ... failing the k-th allocation, until a run reaches no k-th allocation. A run
 * with a failure must end in PANEL_E_NOMEM, or in the clean run's code and output (the failure
 * was absorbed): anything else is a wrong verdict. After each case LeakSanitizer looks for
 * leaks; a crash or an ASan report names the case and k (a death callback), a hang is cut by
 * an alarm. Usage: torture [--every N] [--only SUBSTR,...] [--skip SUBSTR,...] [--k K] [--list]
 * [-v] SRC_DIR */
#include "torture.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "failalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define TORTURE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TORTURE_ASAN 1
#endif
#endif
#ifdef TORTURE_ASAN
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#endif

#define RUN_ALARM_S 20      /* one run longer than this is a hang */
#define MAX_K 10000000UL    /* bound on k per case */
#define OUT_MAX (64u << 20) /* cap of a case's output text */

static const char *cur_name = "(none)";
static unsigned long cur_k;

/* Says which case and k were running (death callback and alarm). */
static void say_where(void)
{
    char line[256];
    int len =
        snprintf(line, sizeof line, "torture: while running case %s with k=%lu\n", cur_name, cur_k);
    if (len > 0 && write(2, line, (size_t)len) < 0)
        return;
}

/* SIGALRM: a run hung. */
static void on_alarm(int sig)
{
    (void)sig;
    say_where();
    _exit(3);
}

/* Appends a case; exits when the list cannot grow. */
void torture_add(torture_list *l, void *ctx, void (*before)(void *),
                 panel_err (*run)(void *, panel_buf *), void (*free_ctx)(void *), const char *fmt,
                 ...)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        torture_case *items = realloc(l->items, cap * sizeof *items);
        if (!items) {
            fprintf(stderr, "torture: out of memory registering cases\n");
            exit(2);
        }
        l->items = items;
        l->cap = cap;
    }
    torture_case *c = &l->items[l->n++];
    memset(c, 0, sizeof *c);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->name, sizeof c->name, fmt, ap);
    va_end(ap);
    c->ctx = ctx;
    c->before = before;
    c->run = run;
    c->free_ctx = free_ctx;
}

/* Reads a whole file; exits on failure. */
char *torture_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    long len;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto fail;
    b = malloc((size_t)len + 1);
    if (!b || fread(b, 1, (size_t)len, f) != (size_t)len)
        goto fail;
    b[len] = '\0';
    *n = (size_t)len;
    fclose(f);
    return b;
fail:
    fprintf(stderr, "torture: cannot read %s\n", path);
    exit(2);
}

typedef struct {
    unsigned long every, only_k;
    const char *only, *skip;
    int verbose, list;
} options;

typedef struct {
    size_t cases, failed_cases;
    unsigned long runs, injected, absorbed, allocs_clean;
} totals;

/* Runs c once with k (0 = clean); returns its code, *n the allocations seen, *fired. */
static panel_err run_once(torture_case *c, unsigned long k, panel_buf *out, unsigned long *n,
                          int *fired)
{
    panel_buf_free(out);
    if (c->before)
        c->before(c->ctx);
    cur_k = k;
    alarm(RUN_ALARM_S);
    failalloc_arm(k);
    panel_err rc = c->run(c->ctx, out);
    *n = failalloc_disarm(fired);
    alarm(0);
    return rc;
}

/* Tortures one case; returns 0 when every run ended cleanly. */
static int torture_one(torture_case *c, const options *o, totals *t)
{
    panel_buf ref, out;
    unsigned long n = 0, k;
    int fired = 0, bad = 0;
    cur_name = c->name;
    panel_buf_init(&ref, OUT_MAX);
    panel_buf_init(&out, OUT_MAX);
    panel_err rc0 = run_once(c, 0, &ref, &n, &fired);
    if (rc0 == PANEL_E_NOMEM) {
        fprintf(stderr, "FAIL %s: the clean run returned PANEL_E_NOMEM\n", c->name);
        bad = 1;
        goto out;
    }
    t->allocs_clean += n;
    if (o->verbose)
        fprintf(stderr, "case %s: %s, %lu allocations, %zu bytes out\n", c->name,
                panel_err_name(rc0), n, ref.len);
    for (k = o->only_k ? o->only_k : 1; k <= MAX_K; k += o->every) {
        unsigned long m = 0;
        panel_err rc = run_once(c, k, &out, &m, &fired);
        t->runs++;
        if (!fired) {
            if (rc != rc0 || out.len != ref.len ||
                (ref.len && memcmp(out.data, ref.data, ref.len))) {
                fprintf(stderr,
                        "FAIL %s: k=%lu, no allocation failed, yet %s and %zu bytes "
                        "(clean %s, %zu bytes)\n",
                        c->name, k, panel_err_name(rc), out.len, panel_err_name(rc0), ref.len);
                bad = 1;
            }
            break;
        }
        t->injected++;
        if (rc == PANEL_E_NOMEM) {
            /* the clean error */
        } else if (rc == rc0 && out.len == ref.len &&
                   (!ref.len || memcmp(out.data, ref.data, ref.len) == 0)) {
            t->absorbed++;
        } else {
            fprintf(stderr,
                    "FAIL %s: k=%lu of %lu failed, returned %s (clean %s); output:\n"
                    "%.600s\n-- clean output:\n%.600s\n",
                    c->name, k, n, panel_err_name(rc), panel_err_name(rc0),
                    out.data ? out.data : "", ref.data ? ref.data : "");
            bad = 1;
        }
        if (o->only_k)
            break;
    }
out:
    panel_buf_free(&ref);
    panel_buf_free(&out);
#ifdef TORTURE_ASAN
    if (__lsan_do_recoverable_leak_check()) {
        fprintf(stderr, "FAIL %s: leaks (rerun with --only '%s' --k K to find the k)\n", c->name,
                c->name);
        bad = 1;
    }
#endif
    cur_name = "(none)";
    return bad;
}

/* 1 when name contains one of the comma-separated substrings of only. */
static int selected(const char *only, const char *name)
{
    while (*only) {
        size_t len = strcspn(only, ",");
        for (const char *p = name; len && *p; p++)
            if (strncmp(p, only, len) == 0)
                return 1;
        only += len;
        if (*only == ',')
            only++;
    }
    return 0;
}

/* Parses the command line; exits 2 on a usage error. */
static const char *parse_args(int argc, char **argv, options *o)
{
    const char *src = NULL;
    memset(o, 0, sizeof *o);
    o->every = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--every") == 0 && i + 1 < argc) {
            o->every = strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            o->only = argv[++i];
        } else if (strcmp(argv[i], "--skip") == 0 && i + 1 < argc) {
            o->skip = argv[++i];
        } else if (strcmp(argv[i], "--k") == 0 && i + 1 < argc) {
            o->only_k = strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--list") == 0) {
            o->list = 1;
        } else if (strcmp(argv[i], "-v") == 0) {
            o->verbose = 1;
        } else if (argv[i][0] != '-' && !src) {
            src = argv[i];
        } else {
            src = NULL;
            break;
        }
    }
    if (!src || o->every == 0) {
        fprintf(stderr, "usage: torture [--every N] [--only SUBSTR,...] [--skip SUBSTR,...] [--k "
                        "K] [--list] [-v] "
                        "SRC_DIR\n");
        exit(2);
    }
    return src;
}

int main(int argc, char **argv)
{
    options o;
    totals t;
    torture_list l;
    panel_dialect_error derr;
    char dir[4096];
    struct timespec t0, t1;

    failalloc_install();
    memset(&t, 0, sizeof t);
    memset(&l, 0, sizeof l);
    l.src = parse_args(argc, argv, &o);
    signal(SIGALRM, on_alarm);
#ifdef TORTURE_ASAN
    __sanitizer_set_death_callback(say_where);
#endif
    snprintf(dir, sizeof dir, "%s/dialects", l.src);
    if (panel_dialect_load_dir(dir, &l.dialects, &derr) != PANEL_E_OK) {
        fprintf(stderr, "torture: %s: %s %s\n", derr.file, derr.pointer, derr.reason);
        return 2;
    }
    torture_cases_core(&l);
    torture_cases_mock(&l);
    torture_cases_report(&l);
    torture_cases_request(&l);
    torture_cases_harness(&l);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t i = 0; i < l.n; i++) {
        torture_case *c = &l.items[i];
        if ((o.only && !selected(o.only, c->name)) || (o.skip && selected(o.skip, c->name)))
            continue;
        if (o.list) {
            printf("%s\n", c->name);
            continue;
        }
        t.cases++;
        t.failed_cases += (size_t)torture_one(c, &o, &t);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (size_t i = 0; i < l.n; i++)
        (l.items[i].free_ctx ? l.items[i].free_ctx : free)(l.items[i].ctx);
    free(l.items);
    torture_cases_mock_done();
    panel_dialect_set_free(&l.dialects);
    if (o.list)
        return 0;
    printf("torture: %zu cases, %lu allocations in the clean runs, %lu runs with an injected "
           "failure (every %lu; %lu absorbed), %zu failed, %.1f s\n",
           t.cases, t.allocs_clean, t.injected, o.every, t.absorbed, t.failed_cases,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return t.failed_cases ? 1 : 0;
}
