/* results.c - storage of check verdicts, with the API key masked out of every string. */
#include <stdlib.h>
#include <string.h>

#include "results.h"

#define MASK "$PANEL_KEY"

static void sanitize(char *s);

/* Returns a new copy of s with every occurrence of key replaced by $PANEL_KEY. */
char *check_mask_new(const char *s, const char *key)
{
    if (!s)
        return NULL;
    size_t kl = key ? strlen(key) : 0;
    if (kl == 0) {
        char *c = strdup(s);
        sanitize(c);
        return c;
    }
    size_t hits = 0;
    for (const char *p = strstr(s, key); p; p = strstr(p + kl, key))
        hits++;
    size_t ml = strlen(MASK), n = strlen(s) + hits * ml + 1;
    char *out = malloc(n);
    if (!out)
        return NULL;
    char *w = out;
    const char *p = s, *h;
    while ((h = strstr(p, key)) != NULL) {
        memcpy(w, p, (size_t)(h - p));
        w += h - p;
        memcpy(w, MASK, ml);
        w += ml;
        p = h + kl;
    }
    strcpy(w, p);
    sanitize(out);
    return out;
}

/* Replaces every byte that is not part of valid UTF-8 (and every control character but tab
 * and newline) by '?', in place. */
static void sanitize(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (p && *p) {
        size_t n = 0;
        if (*p < 0x80)
            n = 1;
        else if ((*p & 0xE0) == 0xC0 && *p >= 0xC2)
            n = 2;
        else if ((*p & 0xF0) == 0xE0)
            n = 3;
        else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4)
            n = 4;
        int ok = n > 0;
        for (size_t i = 1; ok && i < n; i++)
            ok = (p[i] & 0xC0) == 0x80;
        if (ok && n == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0)))
            ok = 0;
        if (ok && n == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90)))
            ok = 0;
        if (!ok) {
            *p++ = '?';
            continue;
        }
        if (n == 1 && (*p < 0x20 || *p == 0x7f) && *p != '\n' && *p != '\t')
            *p = '?';
        p += n;
    }
}

/* Returns "pass", "fail" or "skip". */
const char *check_status_name(check_status st)
{
    return st == CHECK_PASS ? "pass" : st == CHECK_FAIL ? "fail" : "skip";
}

/* Initialises a suite; the endpoint copy is masked. */
panel_err check_suite_init(check_suite *s, const char *dialect, const char *endpoint,
                           const char *key)
{
    memset(s, 0, sizeof(*s));
    s->dialect = strdup(dialect ? dialect : "");
    s->endpoint = check_mask_new(endpoint ? endpoint : "", key);
    if (!s->dialect || !s->endpoint) {
        check_suite_free(s);
        return PANEL_E_NOMEM;
    }
    return PANEL_E_OK;
}

/* Frees the strings of one verdict. */
static void result_free(check_result *r)
{
    free(r->id);
    free(r->action);
    free(r->dialect);
    free(r->severity);
    free(r->section);
    free(r->message);
    free(r->field);
    free(r->expected);
    free(r->actual);
    free(r->reproduce);
}

/* Frees everything the suite owns. */
void check_suite_free(check_suite *s)
{
    for (size_t i = 0; i < s->n; i++)
        result_free(&s->items[i]);
    free(s->items);
    free(s->dialect);
    free(s->endpoint);
    memset(s, 0, sizeof(*s));
}

/* Appends a masked copy of r. */
panel_err check_suite_add(check_suite *s, const char *key, const check_result *r)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        check_result *ni = realloc(s->items, nc * sizeof(*ni));
        if (!ni)
            return PANEL_E_NOMEM;
        s->items = ni;
        s->cap = nc;
    }
    check_result c = *r;
    c.id = check_mask_new(r->id, key);
    c.action = check_mask_new(r->action, key);
    c.dialect = check_mask_new(r->dialect ? r->dialect : s->dialect, key);
    c.severity = check_mask_new(r->severity, key);
    c.section = check_mask_new(r->section, key);
    c.message = check_mask_new(r->message ? r->message : "", key);
    c.field = check_mask_new(r->field, key);
    c.expected = check_mask_new(r->expected, key);
    c.actual = check_mask_new(r->actual, key);
    c.reproduce = check_mask_new(r->reproduce, key);
    if (!c.id || !c.action || !c.dialect || !c.message) {
        result_free(&c);
        return PANEL_E_NOMEM;
    }
    s->items[s->n++] = c;
    if (c.status == CHECK_PASS)
        s->passed++;
    else if (c.status == CHECK_FAIL)
        s->failed++;
    else
        s->skipped++;
    return PANEL_E_OK;
}

/* Appends an empty (zeroed) suite. */
check_suite *check_report_add_suite(check_report *rep)
{
    check_suite *ns = realloc(rep->suites, (rep->n + 1) * sizeof(*ns));
    if (!ns)
        return NULL;
    rep->suites = ns;
    memset(&ns[rep->n], 0, sizeof(ns[0]));
    return &ns[rep->n++];
}

/* Frees every suite and the endpoint. */
void check_report_free(check_report *rep)
{
    for (size_t i = 0; i < rep->n; i++)
        check_suite_free(&rep->suites[i]);
    free(rep->suites);
    free(rep->endpoint);
    memset(rep, 0, sizeof(*rep));
}

/* Sums the counters of every suite. */
void check_report_totals(const check_report *rep, size_t *passed, size_t *failed, size_t *skipped)
{
    size_t p = 0, f = 0, s = 0;
    for (size_t i = 0; i < rep->n; i++) {
        p += rep->suites[i].passed;
        f += rep->suites[i].failed;
        s += rep->suites[i].skipped;
    }
    *passed = p;
    *failed = f;
    *skipped = s;
}
