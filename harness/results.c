/* results.c - storage of check verdicts; key masking by whole token; UTF-8 sanitising. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

#define MASK "$PANEL_KEY"
#define FORMS 5    /* raw, %XX upper/lower hex, with '+' or %20 for space */
#define LONG_KEY 8 /* keys this long are masked wherever they occur as a token */

static void sanitize(char *s);

/* 1 for the bytes that continue a token: letters, digits and '_'. */
static int word(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

/* Writes the percent-encoded form number v (0..3) of key into out; returns its length, or 0
 * when it does not fit or equals the raw key. */
static size_t encoded_form(const char *key, int v, char *out, size_t outsz)
{
    static const char *const hex[2] = {"0123456789ABCDEF", "0123456789abcdef"};
    const char *h = hex[v & 1];
    size_t w = 0;
    int changed = 0;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        int plain = word(*p) || *p == '-' || *p == '.' || *p == '~';
        if (w + 4 >= outsz)
            return 0;
        if (plain) {
            out[w++] = (char)*p;
            continue;
        }
        changed = 1;
        if (*p == ' ' && (v & 2) == 0) {
            out[w++] = '+';
            continue;
        }
        out[w++] = '%';
        out[w++] = h[*p >> 4];
        out[w++] = h[*p & 15];
    }
    out[w] = '\0';
    return changed ? w : 0;
}

/* The forms of key to mask; returns how many (form[i] borrowed from store). */
static size_t key_forms(const char *key, char store[FORMS - 1][512], const char *form[FORMS],
                        size_t len[FORMS])
{
    size_t n = 0;
    form[n] = key;
    len[n++] = strlen(key);
    for (int v = 0; v < FORMS - 1; v++) {
        size_t l = encoded_form(key, v, store[v], sizeof(store[v]));
        int dup = 0;
        for (size_t i = 0; i < n && l; i++)
            dup = dup || (len[i] == l && !memcmp(form[i], store[v], l));
        if (l && !dup) {
            form[n] = store[v];
            len[n++] = l;
        }
    }
    return n;
}

/* Length of the form of key occurring as a whole token at s + i (s holds n bytes), else 0. */
static size_t token_at(const char *s, size_t n, size_t i, const char *const *form,
                       const size_t *len, size_t nf)
{
    if (i > 0 && word((unsigned char)s[i - 1]))
        return 0;
    for (size_t f = 0; f < nf; f++) {
        size_t l = len[f];
        if (l == 0 || i + l > n || memcmp(s + i, form[f], l))
            continue;
        if (i + l < n && word((unsigned char)s[i + l]))
            continue;
        return l;
    }
    return 0;
}

/* 1 when key occurs in buf as a whole token. */
int check_key_occurs(const char *buf, size_t n, const char *key)
{
    if (!buf || !key || !key[0])
        return 0;
    char store[FORMS - 1][512];
    const char *form[FORMS];
    size_t len[FORMS];
    size_t nf = key_forms(key, store, form, len);
    for (size_t i = 0; i < n; i++)
        if (token_at(buf, n, i, form, len, nf))
            return 1;
    return 0;
}

/* Returns a new copy of s with every whole-token occurrence of key masked. */
char *check_mask_new(const char *s, const char *key)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    if (!key || !key[0]) {
        char *c = strdup(s);
        if (c)
            sanitize(c);
        return c;
    }
    char store[FORMS - 1][512];
    const char *form[FORMS];
    size_t len[FORMS];
    size_t nf = key_forms(key, store, form, len);
    size_t ml = strlen(MASK), hits = 0;
    for (size_t i = 0; i < n;) {
        size_t l = token_at(s, n, i, form, len, nf);
        hits += l ? 1 : 0;
        i += l ? l : 1;
    }
    char *out = malloc(n + hits * ml + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        size_t l = token_at(s, n, i, form, len, nf);
        if (l) {
            memcpy(out + w, MASK, ml);
            w += ml;
            i += l;
        } else {
            out[w++] = s[i++];
        }
    }
    out[w] = '\0';
    sanitize(out);
    return out;
}

/* Returns a copy of url with its userinfo masked. */
char *check_mask_url_new(const char *url)
{
    if (!url)
        return NULL;
    const char *p = strstr(url, "://");
    const char *host = p ? p + 3 : url;
    size_t auth = strcspn(host, "/?#");
    const char *at = NULL;
    for (const char *q = host; q < host + auth; q++)
        if (*q == '@')
            at = q;
    if (!at)
        return strdup(url);
    size_t n = strlen(url) + 32;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%.*s$PANEL_USERINFO%s", (int)(host - url), url, at);
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

/* Returns "pass", "fail", "warn" or "skip". */
const char *check_status_name(check_status st)
{
    switch (st) {
    case CHECK_PASS:
        return "pass";
    case CHECK_FAIL:
        return "fail";
    case CHECK_WARN:
        return "warn";
    default:
        return "skip";
    }
}

/* Returns the name of a skip kind. */
const char *check_skip_kind_name(check_skip_kind k)
{
    static const char *const names[] = {
#define CHECK_SKIP_NAME(e, name) name,
        CHECK_SKIP_MAP(CHECK_SKIP_NAME)
#undef CHECK_SKIP_NAME
    };
    return k < CHECK_SKIP__COUNT ? names[k] : "";
}

/* Initialises a suite; the endpoint copy has its userinfo masked. */
panel_err check_suite_init(check_suite *s, const char *dialect, const char *endpoint,
                           const char *key)
{
    memset(s, 0, sizeof(*s));
    s->dialect = strdup(dialect ? dialect : "");
    char *u = check_mask_url_new(endpoint ? endpoint : "");
    s->endpoint = u && key && strlen(key) >= LONG_KEY ? check_mask_new(u, key) : u;
    if (s->endpoint != u)
        free(u);
    if (!s->dialect || !s->endpoint) {
        check_suite_free(s);
        return PANEL_E_NOMEM;
    }
    return PANEL_E_OK;
}

/* Frees the strings of one group of findings. */
static void finding_free(check_finding *f)
{
    free(f->provenance);
    free(f->src);
    free(f->cause);
    free(f->field);
    free(f->expected);
    free(f->actual);
    free(f->reproduce);
    for (size_t i = 0; i < f->n_examples; i++)
        free(f->examples[i]);
}

/* Frees the strings of one verdict. */
static void result_free(check_result *r)
{
    free(r->id);
    free(r->action);
    free(r->dialect);
    free(r->severity);
    free(r->section);
    free(r->provenance);
    free(r->src);
    free(r->message);
    free(r->field);
    free(r->expected);
    free(r->actual);
    free(r->reproduce);
    for (size_t i = 0; i < r->n_findings; i++)
        finding_free(&r->findings[i]);
    free(r->findings);
}

/* Frees everything the suite owns. */
void check_suite_free(check_suite *s)
{
    for (size_t i = 0; i < s->n; i++)
        result_free(&s->items[i]);
    free(s->items);
    free(s->dialect);
    free(s->endpoint);
    free(s->dialect_file);
    free(s->dialect_hash);
    memset(s, 0, sizeof(*s));
}

/* A sanitised copy of s (NULL stays NULL); *bad is set when a non-NULL copy failed. A long key
 * still occurring as a token is masked (short keys are masked by position, upstream). */
static char *copy(const char *s, const char *key, int *bad)
{
    if (!s)
        return NULL;
    char *c = check_mask_new(s, key && strlen(key) >= LONG_KEY ? key : NULL);
    if (!c)
        *bad = 1;
    return c;
}

/* Copies a group of findings. */
static void finding_copy(check_finding *d, const check_finding *f, const char *key, int *bad)
{
    memset(d, 0, sizeof(*d));
    d->status = f->status;
    d->count = f->count;
    d->provenance = copy(f->provenance, NULL, bad);
    d->src = copy(f->src, NULL, bad);
    d->cause = copy(f->cause, key, bad);
    d->field = copy(f->field, key, bad);
    d->expected = copy(f->expected, key, bad);
    d->actual = copy(f->actual, key, bad);
    d->reproduce = copy(f->reproduce, key, bad);
    for (size_t i = 0; i < f->n_examples && i < CHECK_EXAMPLES; i++)
        d->examples[d->n_examples++] = copy(f->examples[i], key, bad);
}

/* Appends a sanitised copy of r. Ids, actions and sections come from the catalogue and the
 * dialect, never from a peer, and are copied as they are. */
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
    int bad = 0;
    check_result c = *r;
    c.id = copy(r->id, NULL, &bad);
    c.action = copy(r->action, NULL, &bad);
    c.dialect = copy(r->dialect ? r->dialect : s->dialect, NULL, &bad);
    c.severity = copy(r->severity, NULL, &bad);
    c.section = copy(r->section, NULL, &bad);
    c.provenance = copy(r->provenance, NULL, &bad);
    c.src = copy(r->src, NULL, &bad);
    c.message = copy(r->message ? r->message : "", key, &bad);
    c.field = copy(r->field, key, &bad);
    c.expected = copy(r->expected, key, &bad);
    c.actual = copy(r->actual, key, &bad);
    c.reproduce = copy(r->reproduce, key, &bad);
    c.findings = NULL;
    c.n_findings = 0;
    if (r->n_findings) {
        c.findings = calloc(r->n_findings, sizeof(*c.findings));
        if (!c.findings)
            bad = 1;
        for (size_t i = 0; c.findings && i < r->n_findings; i++) {
            finding_copy(&c.findings[i], &r->findings[i], key, &bad);
            c.n_findings++;
        }
    }
    if (bad || !c.id || !c.action || !c.dialect || !c.message) {
        result_free(&c);
        return PANEL_E_NOMEM;
    }
    s->items[s->n++] = c;
    if (c.status == CHECK_PASS)
        s->passed++;
    else if (c.status == CHECK_FAIL)
        s->failed++;
    else if (c.status == CHECK_WARN)
        s->warned++;
    else {
        s->skipped++;
        s->skips[c.skip_kind < CHECK_SKIP__COUNT ? c.skip_kind : 0]++;
    }
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

/* Frees every suite, the endpoint and the run's metadata. */
void check_report_free(check_report *rep)
{
    for (size_t i = 0; i < rep->n; i++)
        check_suite_free(&rep->suites[i]);
    free(rep->suites);
    free(rep->endpoint);
    free(rep->meta.version);
    free(rep->meta.started);
    free(rep->meta.mock_command);
    free(rep->meta.mock_deviate);
    free(rep->meta.mock_faults);
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

/* Sums warnings and skips by kind (skips_by_kind has CHECK_SKIP__COUNT slots). */
void check_report_totals2(const check_report *rep, size_t *warned, size_t *skips_by_kind)
{
    size_t w = 0;
    for (size_t k = 0; k < CHECK_SKIP__COUNT; k++)
        skips_by_kind[k] = 0;
    for (size_t i = 0; i < rep->n; i++) {
        w += rep->suites[i].warned;
        for (size_t k = 0; k < CHECK_SKIP__COUNT; k++)
            skips_by_kind[k] += rep->suites[i].skips[k];
    }
    *warned = w;
}
