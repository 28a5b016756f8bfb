/* fuzzserve.c - panelmock --fuzz: answers of the chosen actions replaced (all, or a fraction)
 * by a mutation of what the dialect would answer (panel_fuzz_mutate), deterministic in
 * (seed, request sequence); the answers kept for replay by token; the report of what was
 * served and how the client behaved after it (retries, answers not delivered whole, orders
 * never asked about again). The state and ledger are never touched. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"
#include "panel/fuzz.h"

#define FUZZ_KEEP 512              /* answers kept for replay (oldest dropped) */
#define FUZZ_MAX_BASE (128u << 10) /* answers larger than this are served unmutated */
#define FUZZ_MAX_OUT (1u << 20)    /* a mutated answer never exceeds this */
#define FUZZ_RETRY_WINDOW 3        /* a repeat within this many requests is a retry */
#define FUZZ_PENDING 256           /* orders watched for a follow-up request */
#define FUZZ_WATCH_IDS 4           /* orders watched per fuzzed status, refill or cancel */
#define FUZZ_FINDINGS 64           /* latest retried / dropped answers listed by token */

/* One answer kept for replay: the masked base answer and how it was mutated. */
typedef struct {
    uint64_t n; /* request number; 0 = empty slot */
    const panel_dialect *d;
    panel_action action; /* the action the mutator was told */
    int status;
    char content_type[64];
    char *base; /* owned, masked */
    size_t base_len;
    int row, kind; /* the report row: the request's action and the mutation served */
} fuzz_kept;

/* Per action and mutation kind: answers served, followed by a retry, not delivered whole
 * (the orders never asked about again are counted from the watch list). */
typedef struct {
    unsigned long served, retried, dropped;
} fuzz_count;

/* A fuzzed answer awaiting the client's next requests. */
typedef struct {
    size_t acc;
    uint64_t n, hash;
    int action, kind;
    char order[MOCK_ID_LEN]; /* the order watched */
    char alt[MOCK_ID_LEN];   /* another id that follows it up (a new refill's), or "" */
} fuzz_watch;

/* A retried or dropped answer, listed by token in the report. */
typedef struct {
    uint64_t n;
    int action, kind;
    const char *signal; /* "retried" or "dropped:REASON" (static) */
} fuzz_finding;

/* The names of mock_fuzz_drop, as the report spells them. */
static const char *const drop_names[MOCK_FUZZ_DROP__COUNT] = {
    "dropped:send_failed", "dropped:timeout", "dropped:read_error", "dropped:client_closed"};

struct mock_fuzz {
    uint64_t seed;
    uint32_t rate_ppm;
    unsigned char actions[PANEL_ACTION__COUNT];
    char report_path[512];
    uint64_t n;       /* API requests seen */
    uint64_t mutated; /* answers mutated */
    uint64_t too_big; /* answers over FUZZ_MAX_BASE served unmutated */
    fuzz_kept kept[FUZZ_KEEP];
    fuzz_count count[PANEL_ACTION__COUNT][PANEL_FUZZ__COUNT];
    fuzz_watch last;                  /* the latest fuzzed answer (retry detection) */
    fuzz_watch pending[FUZZ_PENDING]; /* fuzzed answers whose order was not asked about yet */
    size_t n_pending;
    uint64_t unwatched; /* orders not watched: the watch list was full */
    uint64_t session;   /* bumped by reset: a late drop report of an older session is ignored */
    uint64_t drops[MOCK_FUZZ_DROP__COUNT];
    fuzz_finding findings[FUZZ_FINDINGS]; /* ring of the latest, n_findings in all */
    uint64_t n_findings;
};

/* splitmix64 of x: the per-request numbers. */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* Parses "all" or "add,status,error" into flags; 0 on an unknown name. */
static int parse_actions(const char *list, unsigned char *flags)
{
    char buf[256];
    memset(flags, 0, PANEL_ACTION__COUNT);
    if (!list || !*list || strcmp(list, "all") == 0) {
        memset(flags, 1, PANEL_ACTION__COUNT);
        return 1;
    }
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        int found = 0;
        for (int i = 0; i < PANEL_ACTION__COUNT; i++)
            if (strcmp(t, panel_action_name((panel_action)i)) == 0)
                flags[i] = (unsigned char)(found = 1);
        if (!found)
            return 0;
    }
    return 1;
}

/* Checks a --fuzz option's value; see mock_internal.h. */
int mock_fuzz_option_ok(char opt, const char *v)
{
    char *end = NULL;
    unsigned char flags[PANEL_ACTION__COUNT];
    if (!v)
        return 0;
    if (opt == 's') {
        if (!(*v >= '0' && *v <= '9'))
            return 0;
        errno = 0;
        (void)strtoull(v, &end, 10);
        return !*end && errno != ERANGE;
    }
    if (opt == 'r') {
        double rate = strtod(v, &end);
        return *v && !*end && rate >= 0.0 && rate <= 1.0;
    }
    return opt == 'a' && parse_actions(v, flags);
}

/* Creates the fuzz layer for cfg; *out stays NULL when --fuzz is not given. */
panel_err mock_fuzz_new(const mock_config *cfg, mock_fuzz **out, char *err, size_t errsz)
{
    *out = NULL;
    if (!cfg->fuzz)
        return PANEL_E_OK;
    if (!mock_fuzz_option_ok('s', cfg->fuzz)) {
        snprintf(err, errsz, "--fuzz needs a seed (a number)");
        return PANEL_E_USAGE;
    }
    unsigned long long seed = strtoull(cfg->fuzz, NULL, 10);
    double rate = 1.0;
    if (cfg->fuzz_rate) {
        if (!mock_fuzz_option_ok('r', cfg->fuzz_rate)) {
            snprintf(err, errsz, "--fuzz-rate needs a fraction 0..1");
            return PANEL_E_USAGE;
        }
        rate = strtod(cfg->fuzz_rate, NULL);
    }
    mock_fuzz *f = calloc(1, sizeof *f);
    if (!f)
        return PANEL_E_NOMEM;
    if (!parse_actions(cfg->fuzz_actions, f->actions)) {
        snprintf(err, errsz, "--fuzz-actions: a comma list of action names or all");
        free(f);
        return PANEL_E_USAGE;
    }
    f->seed = seed;
    f->rate_ppm = (uint32_t)(rate * 1e6 + 0.5);
    snprintf(f->report_path, sizeof f->report_path, "%s", cfg->fuzz_report ? cfg->fuzz_report : "");
    *out = f;
    return PANEL_E_OK;
}

/* Frees the fuzz layer (NULL is fine). */
void mock_fuzz_free(mock_fuzz *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < FUZZ_KEEP; i++)
        free(f->kept[i].base);
    free(f);
}

/* Starts the session over; see mock_internal.h. */
void mock_fuzz_reset(mock_fuzz *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < FUZZ_KEEP; i++) {
        free(f->kept[i].base);
        memset(&f->kept[i], 0, sizeof f->kept[i]);
    }
    memset(f->count, 0, sizeof f->count);
    memset(&f->last, 0, sizeof f->last);
    memset(f->drops, 0, sizeof f->drops);
    f->n = f->mutated = f->too_big = f->unwatched = f->n_findings = 0;
    f->n_pending = 0;
    f->session++;
}

/* The mutated answer of kept entry k into body (the same bytes every time). */
static panel_err render_kept(const fuzz_kept *k, uint64_t seed, panel_buf *body,
                             panel_fuzz_mutation *kind)
{
    size_t max = k->base_len * 2 + 4096;
    if (max > FUZZ_MAX_OUT)
        max = FUZZ_MAX_OUT;
    uint8_t *tmp = malloc(max);
    if (!tmp)
        return PANEL_E_NOMEM;
    memcpy(tmp, k->base, k->base_len);
    size_t n = panel_fuzz_mutate_named(k->d, k->action, tmp, k->base_len, max,
                                       mix(seed ^ mix(k->n)), kind);
    panel_buf_reset(body);
    panel_err rc = panel_buf_append(body, tmp, n);
    free(tmp);
    return rc;
}

/* Writes the token of request n into out ("fz-SEED-N"). */
static void token_of(const mock_fuzz *f, uint64_t n, char *out, size_t outsz)
{
    snprintf(out, outsz, "fz-%llu-%llu", (unsigned long long)f->seed, (unsigned long long)n);
}

/* Hash of a request (account, path, body) for retry detection. */
static uint64_t request_hash(size_t acc, const char *path, const char *body, size_t n)
{
    return mix(acc) ^ mock_hash(path, strlen(path)) ^ mix(mock_hash(body, n));
}

/* 1 when c may be part of an id (so "12" does not name order "1"). */
static int id_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '_';
}

/* 1 when id occurs in hay[0..n) as a whole id: no id character on either side. */
static int has_id(const char *hay, size_t n, const char *id)
{
    size_t nl = strlen(id);
    for (size_t i = 0; nl > 0 && i + nl <= n; i++)
        if (memcmp(hay + i, id, nl) == 0 && (i == 0 || !id_char(hay[i - 1])) &&
            (i + nl == n || !id_char(hay[i + nl])))
            return 1;
    return 0;
}

/* Records a retried or dropped answer in the findings ring. */
static void add_finding(mock_fuzz *f, uint64_t n, int action, int kind, const char *signal)
{
    f->findings[f->n_findings++ % FUZZ_FINDINGS] =
        (fuzz_finding){.n = n, .action = action, .kind = kind, .signal = signal};
}

/* Follows up earlier fuzzed answers with this request: retries and order follow-ups. */
static void observe(mock_fuzz *f, size_t acc, uint64_t h, const char *path, const char *body,
                    size_t n)
{
    if (f->last.n && f->last.hash == h && f->last.acc == acc &&
        f->n - f->last.n <= FUZZ_RETRY_WINDOW) {
        f->count[f->last.action][f->last.kind].retried++;
        add_finding(f, f->last.n, f->last.action, f->last.kind, "retried");
        f->last.n = 0; /* counted once */
    }
    size_t pl = strlen(path);
    for (size_t i = 0; i < f->n_pending;) {
        fuzz_watch *w = &f->pending[i];
        int seen = w->acc == acc && (has_id(path, pl, w->order) || has_id(body, n, w->order) ||
                                     (w->alt[0] && has_id(body, n, w->alt)));
        if (seen)
            *w = f->pending[--f->n_pending];
        else
            i++;
    }
}

/* Watches order id (alt: another id that follows it up, or NULL) after the fuzzed answer w. */
static void watch(mock_fuzz *f, const fuzz_watch *w, const char *id, const char *alt)
{
    if (f->n_pending >= FUZZ_PENDING) {
        f->unwatched++;
        return;
    }
    fuzz_watch *p = &f->pending[f->n_pending++];
    *p = *w;
    snprintf(p->order, sizeof p->order, "%s", id);
    snprintf(p->alt, sizeof p->alt, "%s", alt ? alt : "");
}

/* Watches the orders a fuzzed status, refill or cancel answer was about (the first
 * FUZZ_WATCH_IDS the request names that the account holds): a status of an order not yet
 * final should be asked again, a refill's or a cancel's outcome be looked up. */
static void watch_request_ids(mock_fuzz *f, const mock_req *q, const fuzz_watch *w)
{
    const panel_action_spec *sp = &q->d->actions[q->action];
    const char *param = q->multi == 1 ? sp->multi_param : q->multi == 0 ? sp->single_param : NULL;
    const char *v = param ? panel_form_get_borrow(&q->form, param) : NULL;
    mock_store *st = &q->a->store;
    for (int k = 0; v && *v && k < FUZZ_WATCH_IDS;) {
        size_t len = strcspn(v, ", ");
        char id[MOCK_ID_LEN];
        const mock_order *o = NULL;
        if (len > 0 && len < sizeof id) {
            memcpy(id, v, len);
            id[len] = '\0';
            o = mock_store_order(st, id);
        }
        if (o && !(q->action == PANEL_ACTION_STATUS &&
                   panel_status_is_terminal((panel_status)o->status))) {
            const char *alt = q->action == PANEL_ACTION_REFILL && o->last_refill > 0 &&
                                      o->last_refill <= st->n_refills
                                  ? st->refills[o->last_refill - 1].id
                                  : NULL;
            watch(f, w, id, alt);
            k++;
        }
        v += len;
        v += strspn(v, ", ");
    }
}

/* Mutates q's answer in out when --fuzz is on for its action; see mock_internal.h. */
panel_err mock_fuzz_apply(mock_state *s, mock_req *q, const char *path, const char *body, size_t n,
                          mock_response *out)
{
    mock_fuzz *f = s->fuzz;
    if (!f || !q->a)
        return PANEL_E_OK;
    size_t acc = (size_t)(q->a - s->acc);
    uint64_t h = request_hash(acc, path, body, n);
    f->n++;
    observe(f, acc, h, path, body, n);
    int act = q->action;
    uint64_t r = mix(f->seed ^ mix(f->n) ^ 0x5555ULL);
    if (act < 0 || act >= PANEL_ACTION__COUNT || !f->actions[act] ||
        (r % 1000000u) >= f->rate_ppm || !out->body.data || out->fault)
        return PANEL_E_OK;
    if (out->body.len > FUZZ_MAX_BASE) {
        f->too_big++;
        return PANEL_E_OK;
    }
    fuzz_kept *k = &f->kept[f->n % FUZZ_KEEP];
    char *base = mock_mask_answer_new(s, out->body.data, out->body.len);
    if (!base)
        return PANEL_E_NOMEM;
    free(k->base);
    k->base = base;
    k->base_len = strlen(base);
    k->n = f->n;
    k->d = q->d;
    k->action = q->errcase >= 0 ? PANEL_ACTION_ERROR : q->action;
    k->status = out->status;
    snprintf(k->content_type, sizeof k->content_type, "%s", out->content_type);
    panel_fuzz_mutation kind = PANEL_FUZZ_NONE;
    panel_err rc = render_kept(k, f->seed, &out->body, &kind);
    if (rc != PANEL_E_OK)
        return rc;
    k->row = act;
    k->kind = (int)kind;
    f->mutated++;
    f->count[act][kind].served++;
    q->fuzz_kind = panel_fuzz_mutation_name(kind);
    token_of(f, f->n, q->fuzz_token, sizeof q->fuzz_token);
    out->fuzz_n = f->n;
    out->fuzz_session = f->session;
    f->last = (fuzz_watch){.acc = acc, .n = f->n, .hash = h, .action = act, .kind = (int)kind};
    if (q->errcase >= 0)
        return PANEL_E_OK;
    if (q->action == PANEL_ACTION_ADD && q->a->store.n_orders > 0)
        watch(f, &f->last, q->a->store.orders[q->a->store.n_orders - 1].id, NULL);
    else if (q->action == PANEL_ACTION_STATUS || q->action == PANEL_ACTION_REFILL ||
             q->action == PANEL_ACTION_CANCEL)
        watch_request_ids(f, q, &f->last);
    return PANEL_E_OK;
}

/* Counts a fuzzed answer the client did not take whole; see mock_internal.h. */
void mock_fuzz_dropped(mock_state *s, uint64_t session, uint64_t n, mock_fuzz_drop why)
{
    if (!s || n == 0 || (unsigned)why >= MOCK_FUZZ_DROP__COUNT)
        return;
    pthread_mutex_lock(&s->mu);
    mock_fuzz *f = s->fuzz;
    const fuzz_kept *k = f ? &f->kept[n % FUZZ_KEEP] : NULL;
    if (k && f->session == session && k->n == n) {
        f->count[k->row][k->kind].dropped++;
        f->drops[why]++;
        add_finding(f, n, k->row, k->kind, drop_names[why]);
    }
    pthread_mutex_unlock(&s->mu);
}

/* Serves the answer of token again, byte for byte; 404 when unknown or no longer kept. */
panel_err mock_fuzz_replay(mock_state *s, const char *token, mock_response *out)
{
    mock_fuzz *f = s->fuzz;
    unsigned long long seed = 0, n = 0;
    char tail = 0;
    const char *why = NULL;
    if (!f)
        why = "panelmock runs without --fuzz";
    else if (!token || sscanf(token, "fz-%llu-%llu%c", &seed, &n, &tail) != 2)
        why = "token must look like fz-SEED-N";
    else if (seed != f->seed)
        why = "token of another --fuzz seed";
    else if (n == 0 || f->kept[n % FUZZ_KEEP].n != n)
        why = "token unknown or no longer kept (the last 512 mutated answers are)";
    if (why) {
        json_t *e = json_pack("{sbss}", "ok", 0, "error", why);
        panel_err rc = mock_respond_json(out, 404, e);
        json_decref(e);
        return rc;
    }
    const fuzz_kept *k = &f->kept[n % FUZZ_KEEP];
    out->status = k->status;
    snprintf(out->content_type, sizeof out->content_type, "%s", k->content_type);
    panel_err rc = render_kept(k, f->seed, &out->body, NULL);
    if (rc == PANEL_E_OK)
        rc = mock_mask_buf(s, &out->body);
    return rc;
}

/* One finding as a new JSON object: the answer's token, action, mutation and the signal
 * (order: the order never asked about again, or NULL). */
static json_t *finding_json_new(const mock_fuzz *f, uint64_t n, int action, int kind,
                                const char *signal, const char *order)
{
    char tok[64];
    token_of(f, n, tok, sizeof tok);
    json_t *o = json_pack("{ssssssss}", "token", tok, "action",
                          panel_action_name((panel_action)action), "mutation",
                          panel_fuzz_mutation_name((panel_fuzz_mutation)kind), "signal", signal);
    if (o && order)
        json_object_set_new(o, "order", json_string(order));
    return o;
}

/* The findings as a new JSON array: the latest retried and dropped answers (newest first),
 * then the watched orders never asked about again (so far), FUZZ_FINDINGS of each at most. */
static json_t *findings_json_new(const mock_fuzz *f)
{
    json_t *arr = json_array();
    uint64_t have = f->n_findings < FUZZ_FINDINGS ? f->n_findings : FUZZ_FINDINGS;
    for (uint64_t i = 0; i < have; i++) {
        const fuzz_finding *x = &f->findings[(f->n_findings - 1 - i) % FUZZ_FINDINGS];
        json_array_append_new(arr, finding_json_new(f, x->n, x->action, x->kind, x->signal, NULL));
    }
    for (size_t i = 0; i < f->n_pending && i < FUZZ_FINDINGS; i++) {
        const fuzz_watch *w = &f->pending[i];
        json_array_append_new(
            arr, finding_json_new(f, w->n, w->action, w->kind, "no_followup", w->order));
    }
    return arr;
}

/* The report as a new JSON object: totals and, per action and mutation kind, the answers
 * served, those followed by a retry, those not delivered whole (dropped), and the watched
 * orders the client never asked about again (so far); the findings by token. */
json_t *mock_fuzz_report_json_new(mock_state *s)
{
    mock_fuzz *f = s->fuzz;
    if (!f)
        return json_pack("{sbss}", "ok", 0, "error", "panelmock runs without --fuzz");
    unsigned long nf[PANEL_ACTION__COUNT][PANEL_FUZZ__COUNT];
    memset(nf, 0, sizeof nf);
    for (size_t i = 0; i < f->n_pending; i++)
        nf[f->pending[i].action][f->pending[i].kind]++;
    json_t *rows = json_array();
    for (int a = 0; a < PANEL_ACTION__COUNT; a++)
        for (int m = 0; m < PANEL_FUZZ__COUNT; m++) {
            const fuzz_count *c = &f->count[a][m];
            if (!c->served)
                continue;
            json_array_append_new(
                rows,
                json_pack("{sssssIsIsIsI}", "action", panel_action_name((panel_action)a),
                          "mutation", panel_fuzz_mutation_name((panel_fuzz_mutation)m), "served",
                          (json_int_t)c->served, "retried", (json_int_t)c->retried, "dropped",
                          (json_int_t)c->dropped, "no_followup", (json_int_t)nf[a][m]));
        }
    json_t *drops = json_object();
    for (int i = 0; i < MOCK_FUZZ_DROP__COUNT; i++)
        json_object_set_new(drops, drop_names[i] + 8, json_integer((json_int_t)f->drops[i]));
    json_t *last = json_array();
    for (uint64_t i = 0, n = f->n; i < FUZZ_KEEP && n > 0 && json_array_size(last) < 20; i++, n--) {
        const fuzz_kept *k = &f->kept[n % FUZZ_KEEP];
        if (k->n != n)
            continue;
        char tok[64];
        token_of(f, n, tok, sizeof tok);
        json_array_append_new(last, json_pack("{sssssI}", "token", tok, "dialect", k->d->name,
                                              "status", (json_int_t)k->status));
    }
    return json_pack("{sbsIsfsIsIsIsososIsoso}", "ok", 1, "seed", (json_int_t)f->seed, "rate",
                     f->rate_ppm / 1e6, "requests", (json_int_t)f->n, "mutated",
                     (json_int_t)f->mutated, "too_large", (json_int_t)f->too_big, "rows", rows,
                     "dropped", drops, "unwatched", (json_int_t)f->unwatched, "findings",
                     findings_json_new(f), "recent", last);
}

/* The answers kept for replay, oldest first, as a new JSON array (bases that are not UTF-8
 * are left out). */
static json_t *kept_json_new(const mock_fuzz *f)
{
    json_t *arr = json_array();
    uint64_t first = f->n > FUZZ_KEEP ? f->n - FUZZ_KEEP + 1 : 1;
    for (uint64_t n = first; n <= f->n; n++) {
        const fuzz_kept *k = &f->kept[n % FUZZ_KEEP];
        json_t *base = k->n == n ? json_stringn(k->base, k->base_len) : NULL;
        if (!base)
            continue;
        char tok[64];
        token_of(f, n, tok, sizeof tok);
        json_array_append_new(arr, json_pack("{sssssssIsssO}", "token", tok, "dialect", k->d->name,
                                             "action", panel_action_name(k->action), "status",
                                             (json_int_t)k->status, "content_type", k->content_type,
                                             "base", base));
        json_decref(base);
    }
    return arr;
}

/* Writes the report as PATH (JSON) and PATH.md (Markdown) when --fuzz-report was given;
 * PANEL_E_IO when a file cannot be written. */
panel_err mock_fuzz_write_report(mock_state *s)
{
    mock_fuzz *f = s->fuzz;
    if (!f || !f->report_path[0])
        return PANEL_E_OK;
    json_t *j = mock_fuzz_report_json_new(s);
    panel_err rc = PANEL_E_OK;
    if (j)
        json_object_set_new(j, "kept", kept_json_new(f));
    if (!j || json_dump_file(j, f->report_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        rc = PANEL_E_IO;
    char md[600];
    snprintf(md, sizeof md, "%s.md", f->report_path);
    FILE *o = rc == PANEL_E_OK ? fopen(md, "w") : NULL;
    if (o) {
        fprintf(o,
                "# panelmock fuzz report\n\nseed %llu, rate %.6g: %llu requests, %llu answers "
                "mutated, %llu too large to mutate.\n\n"
                "| action | mutation | served | retried | dropped | no follow-up |\n"
                "|---|---|---|---|---|---|\n",
                (unsigned long long)f->seed, f->rate_ppm / 1e6, (unsigned long long)f->n,
                (unsigned long long)f->mutated, (unsigned long long)f->too_big);
        size_t i;
        json_t *row;
        json_array_foreach(json_object_get(j, "rows"), i, row)
        {
            fprintf(o, "| %s | %s | %lld | %lld | %lld | %lld |\n",
                    json_string_value(json_object_get(row, "action")),
                    json_string_value(json_object_get(row, "mutation")),
                    (long long)json_integer_value(json_object_get(row, "served")),
                    (long long)json_integer_value(json_object_get(row, "retried")),
                    (long long)json_integer_value(json_object_get(row, "dropped")),
                    (long long)json_integer_value(json_object_get(row, "no_followup")));
        }
        json_t *fs = json_object_get(j, "findings");
        if (json_array_size(fs) > 0)
            fputs("\n## Findings\n\n| token | action | mutation | signal |\n|---|---|---|---|\n",
                  o);
        json_array_foreach(fs, i, row)
        {
            const char *order = json_string_value(json_object_get(row, "order"));
            fprintf(o, "| %s | %s | %s | %s%s%s%s |\n",
                    json_string_value(json_object_get(row, "token")),
                    json_string_value(json_object_get(row, "action")),
                    json_string_value(json_object_get(row, "mutation")),
                    json_string_value(json_object_get(row, "signal")), order ? " (order " : "",
                    order ? order : "", order ? ")" : "");
        }
        fputs("\nReplay an answer: `curl 'http://HOST:PORT/__panelmock/fuzz/replay?token=TOKEN'`"
              " (tokens are in the journal, the log and `recent` of the JSON report).\n",
              o);
        if (fclose(o) != 0)
            rc = PANEL_E_IO;
    } else if (rc == PANEL_E_OK) {
        rc = PANEL_E_IO;
    }
    json_decref(j);
    return rc;
}

/* Reproduces the answer of token from a --fuzz-report file; see mock_internal.h. */
panel_err mock_fuzz_replay_file(const char *report, const char *token, const char *dialect_dir,
                                panel_buf *out, int *status, char *err, size_t errsz)
{
    panel_err rc = PANEL_E_NOT_FOUND;
    panel_dialect_set set;
    int have_set = 0;
    json_error_t je;
    json_t *j = json_load_file(report, 0, &je);
    json_t *e = NULL, *it;
    size_t i;
    unsigned long long seed = 0, n = 0;
    char tail = 0;
    memset(&set, 0, sizeof set);
    if (!j) {
        snprintf(err, errsz, "cannot read %s: %s", report, je.text);
        rc = PANEL_E_IO;
        goto out;
    }
    if (sscanf(token, "fz-%llu-%llu%c", &seed, &n, &tail) != 2 ||
        (json_int_t)seed != json_integer_value(json_object_get(j, "seed"))) {
        snprintf(err, errsz, "token %s is not one of this report's (seed %lld)", token,
                 (long long)json_integer_value(json_object_get(j, "seed")));
        goto out;
    }
    json_array_foreach(json_object_get(j, "kept"), i, it)
    {
        const char *t = json_string_value(json_object_get(it, "token"));
        if (t && strcmp(t, token) == 0)
            e = it;
    }
    if (!e) {
        snprintf(err, errsz, "token %s not kept in %s (the last %d mutated answers are)", token,
                 report, FUZZ_KEEP);
        goto out;
    }
    panel_dialect_error de;
    memset(&de, 0, sizeof de);
    rc = panel_dialect_load_dir(dialect_dir ? dialect_dir : panel_dialect_default_dir(), &set, &de);
    if (rc != PANEL_E_OK) {
        snprintf(err, errsz, "cannot load dialects: %s: %s", de.file, de.reason);
        goto out;
    }
    have_set = 1;
    fuzz_kept k;
    memset(&k, 0, sizeof k);
    k.n = n;
    k.d = panel_dialect_set_find(&set, json_string_value(json_object_get(e, "dialect")));
    k.action = PANEL_ACTION__COUNT;
    for (int a = 0; a < PANEL_ACTION__COUNT; a++)
        if (strcmp(panel_action_name((panel_action)a),
                   json_string_value(json_object_get(e, "action"))
                       ? json_string_value(json_object_get(e, "action"))
                       : "") == 0)
            k.action = (panel_action)a;
    json_t *base = json_object_get(e, "base");
    if (!k.d || k.action == PANEL_ACTION__COUNT || !json_is_string(base)) {
        snprintf(err, errsz, "entry of %s names an unknown dialect or action", token);
        rc = PANEL_E_PARSE;
        goto out;
    }
    k.base = (char *)json_string_value(base);
    k.base_len = json_string_length(base);
    *status = (int)json_integer_value(json_object_get(e, "status"));
    rc = render_kept(&k, seed, out, NULL);
out:
    if (have_set)
        panel_dialect_set_free(&set);
    json_decref(j);
    return rc;
}
