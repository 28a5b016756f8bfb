/* core/result.c - the normalized result: construction, diagnostics and canonical JSON. */
#include "panel/result.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_impl.h"

#define ARENA_FIRST 4096u
#define ARENA_INLINE 2048u /* the first block comes with the result: one malloc for both */
#define DIAG_INLINE 8      /* diagnostics a result holds before its array is malloc'd */
#define ARENA_MAX_GROW (1u << 20)

/* One block of a result's string arena. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block;

/* A result with its private arena: every panel_result comes from panel_result_new. */
typedef struct {
    panel_result pub;
    arena_block *blocks; /* newest first; the last is `first`, allocated with the box */
    size_t diag_cap;     /* capacity of pub.diags */
    panel_diag diag_inline[DIAG_INLINE];
    arena_block first; /* followed by ARENA_INLINE bytes of data */
} result_box;

static const struct {
    const char *code;
    panel_severity sev;
} diag_table[] = {
#define PANEL_DIAG_ROW(name, code, sev) {code, sev},
    PANEL_DIAG_MAP(PANEL_DIAG_ROW)
#undef PANEL_DIAG_ROW
};

/* Creates an empty result; caller frees. */
panel_result *panel_result_new(panel_action action, int multi)
{
    result_box *b = malloc(sizeof *b + ARENA_INLINE);
    if (!b)
        return NULL;
    memset(b, 0, sizeof *b);
    b->first.cap = ARENA_INLINE;
    b->blocks = &b->first;
    b->pub.diags = b->diag_inline;
    b->diag_cap = DIAG_INLINE;
    b->pub.action = action;
    b->pub.multi = multi;
    return &b->pub;
}

/* Copies n bytes of s plus a NUL into r's arena (freed with r); NULL on NOMEM. */
char *result_arena_dup(panel_result *r, const char *s, size_t n)
{
    result_box *b = (result_box *)r;
    arena_block *a = b->blocks;
    if (n >= SIZE_MAX / 2)
        return NULL;
    if (!a || a->cap - a->used < n + 1) {
        size_t cap =
            a && a != &b->first ? (a->cap < ARENA_MAX_GROW ? a->cap * 2 : a->cap) : ARENA_FIRST;
        if (cap < n + 1)
            cap = n + 1;
        arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->next = a;
        nb->used = 0;
        nb->cap = cap;
        b->blocks = a = nb;
    }
    char *p = a->data + a->used;
    memcpy(p, s, n);
    p[n] = '\0';
    a->used += n + 1;
    return p;
}

/* The arena's block ranges, sorted, so that telling arena strings from malloc'd ones costs
 * a binary search, not a walk of every block for every string. */
typedef struct {
    const result_box *b;
    uintptr_t (*ranges)[2]; /* NULL: walk the list (no memory for the table) */
    size_t n;
} arena_index;

/* Orders ranges by start. */
static int range_cmp(const void *a, const void *b)
{
    uintptr_t x = ((const uintptr_t *)a)[0], y = ((const uintptr_t *)b)[0];
    return x < y ? -1 : x > y;
}

/* Builds the sorted table of b's blocks (falls back to walking them on NOMEM). */
static void arena_index_init(arena_index *ix, const result_box *b)
{
    ix->b = b;
    ix->n = 0;
    for (const arena_block *a = b->blocks; a; a = a->next)
        ix->n++;
    ix->ranges = ix->n > 4 ? malloc(ix->n * sizeof *ix->ranges) : NULL;
    if (!ix->ranges)
        return;
    size_t i = 0;
    for (const arena_block *a = b->blocks; a; a = a->next, i++) {
        ix->ranges[i][0] = (uintptr_t)a->data;
        ix->ranges[i][1] = (uintptr_t)a->data + a->cap;
    }
    qsort(ix->ranges, ix->n, sizeof *ix->ranges, range_cmp);
}

/* 1 when p lies in one of the arena's blocks. */
static int arena_owns(const arena_index *ix, const char *p)
{
    uintptr_t u = (uintptr_t)p;
    if (!ix->ranges) {
        for (const arena_block *a = ix->b->blocks; a; a = a->next)
            if (u >= (uintptr_t)a->data && u < (uintptr_t)a->data + a->cap)
                return 1;
        return 0;
    }
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u < ix->ranges[mid][0])
            hi = mid;
        else if (u >= ix->ranges[mid][1])
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* Frees p unless it lives in the arena (arena strings go with their blocks). */
static void free_str(const arena_index *b, char *p)
{
    if (p && !arena_owns(b, p))
        free(p);
}

/* Frees one entry's strings (not the entry itself). */
static void entry_clear(const arena_index *b, panel_entry *e)
{
    free_str(b, e->id);
    free_str(b, e->error);
    free_str(b, e->status_word);
    free_str(b, e->currency);
    free_str(b, e->refill_id);
}

/* Frees one service's strings. */
static void service_clear(const arena_index *b, panel_service *s)
{
    free_str(b, s->id);
    free_str(b, s->name);
    free_str(b, s->type);
    free_str(b, s->category);
    free_str(b, s->desc);
}

/* Frees r and everything it owns; NULL is fine. */
void panel_result_free(panel_result *r)
{
    if (!r)
        return;
    result_box *box = (result_box *)r;
    arena_index ix;
    arena_index_init(&ix, box);
    const arena_index *b = &ix;
    free_str(b, r->error);
    for (size_t i = 0; i < r->n_services; i++)
        service_clear(b, &r->services[i]);
    free(r->services);
    free_str(b, r->order);
    free_str(b, r->currency);
    for (size_t i = 0; i < r->n_entries; i++)
        entry_clear(b, &r->entries[i]);
    free(r->entries);
    for (size_t i = 0; i < r->n_diags; i++) {
        free_str(b, r->diags[i].pointer);
        free_str(b, r->diags[i].expected);
        free_str(b, r->diags[i].actual);
        free_str(b, r->diags[i].message);
    }
    if (r->diags != box->diag_inline)
        free(r->diags);
    free(ix.ranges);
    for (arena_block *a = box->blocks, *next; a && a != &box->first; a = next) {
        next = a->next;
        free(a);
    }
    free(box);
}

/* Copies at most max bytes of s (cutting at a UTF-8 boundary) into r's arena; NULL stays
 * NULL. Diagnostics are many on hostile input: one arena copy each, no malloc. */
static char *dup_cut(panel_result *r, const char *s, size_t max)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    if (n > max)
        n = json_util_utf8_cut(s, max);
    return result_arena_dup(r, s, n);
}

/* Appends a diagnostic with the code's default severity; strings are copied. */
panel_err panel_result_diag(panel_result *r, panel_diag_code code, const char *pointer,
                            const char *expected, const char *actual, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panel_err rc = panel_result_vdiag(r, code, pointer, expected, actual, fmt, ap);
    va_end(ap);
    return rc;
}

/* The message is formatted once, cut to 511 bytes on a character boundary, CR/LF blanked. */
panel_err panel_result_vdiag(panel_result *r, panel_diag_code code, const char *pointer,
                             const char *expected, const char *actual, const char *fmt, va_list ap)
{
    if (!r || (unsigned)code >= PANEL_DIAG__COUNT)
        return PANEL_E_INVALID;
    result_box *box = (result_box *)r;
    if (r->n_diags == box->diag_cap) {
        size_t cap = box->diag_cap * 2;
        int inl = r->diags == box->diag_inline;
        panel_diag *nd = inl ? malloc(cap * sizeof *nd) : realloc(r->diags, cap * sizeof *nd);
        if (!nd)
            return PANEL_E_NOMEM;
        if (inl)
            memcpy(nd, box->diag_inline, sizeof box->diag_inline);
        r->diags = nd;
        box->diag_cap = cap;
    }
    panel_diag *dg = &r->diags[r->n_diags];
    memset(dg, 0, sizeof *dg);
    dg->code = code;
    dg->severity = diag_table[code].sev;
    dg->pointer = dup_cut(r, pointer ? pointer : "", (size_t)-1 / 2);
    dg->expected = dup_cut(r, expected, 256);
    dg->actual = dup_cut(r, actual, 64);
    char msg[512];
    msg[0] = '\0';
    if (fmt) {
        vsnprintf(msg, sizeof msg, fmt, ap);
        msg[json_util_utf8_whole(msg, strlen(msg))] = '\0';
    }
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    dg->message = dup_cut(r, msg, sizeof msg);
    if (!dg->pointer || !dg->message || (expected && !dg->expected) || (actual && !dg->actual))
        return PANEL_E_NOMEM; /* what was copied stays in the arena, freed with r */
    r->n_diags++;
    return PANEL_E_OK;
}

/* Counts the diagnostics of severity >= sev. */
size_t panel_result_count(const panel_result *r, panel_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; r && i < r->n_diags; i++)
        if (r->diags[i].severity >= sev)
            n++;
    return n;
}

/* Finds the first diagnostic with code (borrowed) or NULL. */
const panel_diag *panel_result_find(const panel_result *r, panel_diag_code code)
{
    for (size_t i = 0; r && i < r->n_diags; i++)
        if (r->diags[i].code == code)
            return &r->diags[i];
    return NULL;
}

/* "invalid_json"; "unknown" out of range. */
const char *panel_diag_code_name(panel_diag_code c)
{
    if ((unsigned)c >= PANEL_DIAG__COUNT)
        return "unknown";
    return diag_table[c].code;
}

/* The code's default severity; PANEL_SEV_ERROR out of range. */
panel_severity panel_diag_code_severity(panel_diag_code c)
{
    if ((unsigned)c >= PANEL_DIAG__COUNT)
        return PANEL_SEV_ERROR;
    return diag_table[c].sev;
}

/* "info" | "warning" | "error". */
const char *panel_severity_name(panel_severity s)
{
    switch (s) {
    case PANEL_SEV_INFO:
        return "info";
    case PANEL_SEV_WARNING:
        return "warning";
    case PANEL_SEV_ERROR:
        return "error";
    }
    return "unknown";
}

/* Sets key to a string copy of s when s is non-NULL; returns 0 on NOMEM. */
static int set_str(json_t *o, const char *key, const char *s)
{
    if (!s)
        return 1;
    return json_object_set_new(o, key, json_string(s)) == 0;
}

/* Sets key to money m with 8 places. */
static int set_money(json_t *o, const char *key, panel_money m)
{
    char tmp[48];
    if (panel_money_format(m, 8, tmp, sizeof tmp) != PANEL_E_OK)
        return 0;
    return json_object_set_new(o, key, json_string(tmp)) == 0;
}

/* Sets key to a boolean when v >= 0. */
static int set_tri(json_t *o, const char *key, int v)
{
    if (v < 0)
        return 1;
    return json_object_set_new(o, key, json_boolean(v)) == 0;
}

/* Canonical JSON of one service; NULL on NOMEM. */
static json_t *service_json(const panel_service *s)
{
    json_t *o = json_object();
    int ok = o && set_str(o, "id", s->id) && set_str(o, "name", s->name) &&
             set_str(o, "type", s->type) && set_str(o, "category", s->category) &&
             set_money(o, "rate", s->rate) &&
             !json_object_set_new(o, "min", json_integer(s->min)) &&
             !json_object_set_new(o, "max", json_integer(s->max)) &&
             set_tri(o, "refill", s->refill) && set_tri(o, "cancel", s->cancel) &&
             set_tri(o, "dripfeed", s->dripfeed) && set_str(o, "desc", s->desc);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Canonical JSON of one entry; NULL on NOMEM. */
static json_t *entry_json(const panel_entry *e)
{
    json_t *o = json_object();
    int ok = o && set_str(o, "id", e->id) && set_str(o, "error", e->error);
    if (ok && (e->has & PANEL_HAS_STATUS)) {
        ok = set_str(o, "status", panel_status_name(e->status)) &&
             set_str(o, "status_word", e->status_word);
    }
    if (ok && (e->has & PANEL_HAS_CHARGE))
        ok = set_money(o, "charge", e->charge);
    if (ok && (e->has & PANEL_HAS_START_COUNT))
        ok = !json_object_set_new(o, "start_count", json_integer(e->start_count));
    if (ok && (e->has & PANEL_HAS_REMAINS))
        ok = !json_object_set_new(o, "remains", json_integer(e->remains));
    if (ok)
        ok = set_str(o, "currency", e->currency) && set_str(o, "refill_id", e->refill_id);
    if (ok && (e->has & PANEL_HAS_OK))
        ok = !json_object_set_new(o, "ok", json_boolean(e->ok));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The canonical value: only what was present. */
json_t *panel_result_value_json_new(const panel_result *r)
{
    if (!r)
        return NULL;
    json_t *v = json_object();
    int ok = v && set_str(v, "error", r->error) && set_str(v, "order", r->order);
    if (ok && (r->has & PANEL_HAS_BALANCE))
        ok = set_money(v, "balance", r->balance);
    if (ok)
        ok = set_str(v, "currency", r->currency);
    if (ok && r->n_services) {
        json_t *a = json_array();
        ok = a && !json_object_set_new(v, "services", a);
        for (size_t i = 0; ok && i < r->n_services; i++)
            ok = !json_array_append_new(a, service_json(&r->services[i]));
    }
    if (ok && r->n_entries) {
        json_t *a = json_array();
        ok = a && !json_object_set_new(v, "entries", a);
        for (size_t i = 0; ok && i < r->n_entries; i++)
            ok = !json_array_append_new(a, entry_json(&r->entries[i]));
    }
    if (!ok) {
        json_decref(v);
        return NULL;
    }
    return v;
}

/* One diagnostic as JSON; NULL on NOMEM. */
static json_t *diag_json(const panel_diag *dg)
{
    json_t *o = json_object();
    int ok = o && set_str(o, "code", panel_diag_code_name(dg->code)) &&
             set_str(o, "severity", panel_severity_name(dg->severity)) &&
             set_str(o, "pointer", dg->pointer ? dg->pointer : "") &&
             set_str(o, "expected", dg->expected) && set_str(o, "actual", dg->actual) &&
             set_str(o, "message", dg->message);
    if (ok && (dg->line || dg->column || dg->position)) {
        ok = !json_object_set_new(o, "line", json_integer(dg->line)) &&
             !json_object_set_new(o, "column", json_integer(dg->column)) &&
             !json_object_set_new(o, "position", json_integer((json_int_t)dg->position));
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* {"action","multi","value","diagnostics"} as a new reference. */
json_t *panel_result_to_json_new(const panel_result *r)
{
    if (!r)
        return NULL;
    json_t *o = json_object();
    json_t *diags = json_array();
    int ok = o && diags &&
             !json_object_set_new(o, "action", json_string(panel_action_name(r->action))) &&
             !json_object_set_new(o, "multi", json_boolean(r->multi)) &&
             !json_object_set_new(o, "value", panel_result_value_json_new(r));
    for (size_t i = 0; ok && i < r->n_diags; i++)
        ok = !json_array_append_new(diags, diag_json(&r->diags[i]));
    if (ok) {
        ok = !json_object_set_new(o, "diagnostics", diags);
        diags = NULL;
    }
    json_decref(diags);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
