/* fuzz/fuzz_parse.c - one response-parser target per action (built with -DFUZZ_ACTION=...):
 * byte 0 selects dialect and single/multi form, the rest is the response body. Oracles:
 * determinism, invariants of the result, and parse -> render -> parse round trip. */
#include "fuzz.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/money.h"
#include "panel/parse.h"
#include "panel/result.h"

#ifndef FUZZ_ACTION
#define FUZZ_ACTION PANEL_ACTION_STATUS
#endif

#define STR_(x) #x
#define STR(x) STR_(x)
#define TARGET "fuzz_parse " STR(FUZZ_ACTION)
#define RENDER_MAX (16u << 20)

static int no_round_trip; /* FUZZ_NO_ROUNDTRIP=1: skip oracle 3 (while known findings wait) */

/* Loads the dialects before the first input so their allocations are not counted as leaks. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_dialects_borrow();
    no_round_trip = getenv("FUZZ_NO_ROUNDTRIP") != NULL && getenv("FUZZ_NO_ROUNDTRIP")[0] == '1';
    return 0;
}

/* Checks that both results carry the same diagnostics (code, severity, pointer) in order. */
static void check_same_diags(const panel_result *a, const panel_result *b, const char *what)
{
    size_t i;

    if (a->n_diags != b->n_diags)
        fuzz_fail(TARGET, "%s: %zu diagnostics, then %zu", what, a->n_diags, b->n_diags);
    for (i = 0; i < a->n_diags; i++) {
        const panel_diag *x = &a->diags[i], *y = &b->diags[i];
        if (x->code != y->code || x->severity != y->severity ||
            strcmp(x->pointer ? x->pointer : "", y->pointer ? y->pointer : "") != 0)
            fuzz_fail(TARGET, "%s: diagnostic %zu is %s at '%s', then %s at '%s'", what, i,
                      panel_diag_code_name(x->code), x->pointer ? x->pointer : "",
                      panel_diag_code_name(y->code), y->pointer ? y->pointer : "");
    }
}

/* Checks that m survives formatting with 8 places and parsing back exactly. */
static void check_money(panel_money m, const char *what)
{
    char text[64];
    panel_money back = 0;

    if (panel_money_format(m, PANEL_MONEY_DECIMALS, text, sizeof(text)) != PANEL_E_OK)
        fuzz_fail(TARGET, "%s: money %lld cannot be formatted", what, (long long)m);
    if (panel_money_parse(text, strlen(text), &back, NULL) != PANEL_E_OK || back != m)
        fuzz_fail(TARGET, "%s: money %s does not parse back", what, text);
}

/* Checks the invariants every result must keep, whatever the input. */
static void check_invariants(const panel_result *r)
{
    size_t i;

    if (r->action != FUZZ_ACTION)
        fuzz_fail(TARGET, "result action %d, asked for %d", (int)r->action, (int)FUZZ_ACTION);
    for (i = 0; i < r->n_diags; i++) {
        const panel_diag *g = &r->diags[i];
        if ((unsigned)g->code >= PANEL_DIAG__COUNT)
            fuzz_fail(TARGET, "diagnostic %zu has code %d", i, (int)g->code);
        if ((unsigned)g->severity > PANEL_SEV_ERROR)
            fuzz_fail(TARGET, "diagnostic %zu has severity %d", i, (int)g->severity);
        if (!fuzz_pointer_valid(g->pointer))
            fuzz_fail(TARGET, "diagnostic %zu (%s) has pointer '%s'", i,
                      panel_diag_code_name(g->code), g->pointer ? g->pointer : "(null)");
        if (g->actual && strlen(g->actual) > 64 * 6 + 8)
            fuzz_fail(TARGET, "diagnostic %zu has a %zu-byte actual", i, strlen(g->actual));
    }
    if (r->has & PANEL_HAS_BALANCE)
        check_money(r->balance, "balance");
    for (i = 0; i < r->n_services; i++)
        check_money(r->services[i].rate, "service rate");
    for (i = 0; i < r->n_entries; i++) {
        const panel_entry *e = &r->entries[i];
        if (e->has & PANEL_HAS_CHARGE)
            check_money(e->charge, "entry charge");
        if ((e->has & PANEL_HAS_REMAINS) && e->remains < 0 &&
            !panel_result_find(r, PANEL_DIAG_REMAINS_NEGATIVE))
            fuzz_fail(TARGET, "entry %zu: remains %lld without remains_negative", i,
                      (long long)e->remains);
        if ((e->has & PANEL_HAS_STATUS) && (unsigned)e->status >= PANEL_STATUS__COUNT)
            fuzz_fail(TARGET, "entry %zu: status %d", i, (int)e->status);
    }
}

/* Returns 1 when s is a canonical 8-place money string ("-12.34567890"). */
static int is_money8(const char *s)
{
    size_t i = 0, digits = 0, places = 0;

    if (s[i] == '-')
        i++;
    for (; s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (digits == 0 || s[i] != '.')
        return 0;
    for (i++; s[i] >= '0' && s[i] <= '9'; i++)
        places++;
    return places == PANEL_MONEY_DECIMALS && s[i] == '\0';
}

/* Rounds every money string of the value tree j to the dialect's places, in place: the
 * renderer writes money with d->money_decimals places, so finer digits cannot survive. */
static void round_money(json_t *j, int decimals)
{
    const char *key;
    json_t *v;
    size_t i;

    if (json_is_object(j)) {
        json_object_foreach(j, key, v)
        {
            if (json_is_string(v) && is_money8(json_string_value(v))) {
                const char *s = json_string_value(v);
                panel_money m;
                char text[64];
                if (panel_money_parse(s, strlen(s), &m, NULL) == PANEL_E_OK &&
                    panel_money_format(m, decimals, text, sizeof(text)) == PANEL_E_OK)
                    json_object_set_new(j, key, json_string(text));
            } else {
                round_money(v, decimals);
            }
        }
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v) round_money(v, decimals);
    }
}

/* Removes the ids of the entries of a single-form value: the documented single shapes carry
 * no id, so an id recovered from a quirk (a one-entry map keyed by the id) cannot survive. */
static void drop_single_ids(json_t *value)
{
    json_t *entries = json_object_get(value, "entries"), *e;
    size_t i;

    json_array_foreach(entries, i, e) json_object_del(e, "id");
}

/* Parses body for the target's action; aborts on an API failure (only NOMEM is allowed). */
static panel_result *parse_new(const panel_dialect *d, const char *body, size_t n, int multi)
{
    panel_parse_opts opts;
    panel_result *r = NULL;
    panel_err rc;

    memset(&opts, 0, sizeof(opts));
    opts.multi = multi;
    rc = panel_parse(d, FUZZ_ACTION, body, n, &opts, &r);
    if (rc != PANEL_E_OK || !r)
        fuzz_fail(TARGET, "panel_parse returned %s", panel_err_name(rc));
    return r;
}

/* Returns 1 when both strings are NULL or both equal. */
static int same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Returns 1 when a and b are the same money once rounded to the dialect's places (what the
 * renderer can carry); exact comparison when a value cannot be formatted that way. */
static int same_money(panel_money a, panel_money b, int decimals)
{
    char ta[64], tb[64];

    if (a == b)
        return 1;
    if (panel_money_format(a, decimals, ta, sizeof(ta)) != PANEL_E_OK ||
        panel_money_format(b, decimals, tb, sizeof(tb)) != PANEL_E_OK)
        return 0;
    return strcmp(ta, tb) == 0;
}

/* Maps a -1/0/1 tri-state as panel_result_value_json_new shows it (absent, false, true). */
static int tri(int v)
{
    return v < 0 ? -1 : v != 0;
}

/* Returns 1 when two services have the same normalized value. */
static int same_service(const panel_service *a, const panel_service *b, int decimals)
{
    return same_str(a->id, b->id) && same_str(a->name, b->name) && same_str(a->type, b->type) &&
           same_str(a->category, b->category) && same_money(a->rate, b->rate, decimals) &&
           a->min == b->min && a->max == b->max && tri(a->refill) == tri(b->refill) &&
           tri(a->cancel) == tri(b->cancel) && tri(a->dripfeed) == tri(b->dripfeed) &&
           same_str(a->desc, b->desc);
}

/* Returns 1 when two entries have the same normalized value (ids only when with_id). */
static int same_entry(const panel_entry *a, const panel_entry *b, int decimals, int with_id)
{
    const unsigned bits = PANEL_HAS_STATUS | PANEL_HAS_CHARGE | PANEL_HAS_START_COUNT |
                          PANEL_HAS_REMAINS | PANEL_HAS_OK;

    if ((a->has & bits) != (b->has & bits))
        return 0;
    if ((with_id && !same_str(a->id, b->id)) || !same_str(a->error, b->error) ||
        !same_str(a->currency, b->currency) || !same_str(a->refill_id, b->refill_id))
        return 0;
    if ((a->has & PANEL_HAS_STATUS) &&
        (a->status != b->status || !same_str(a->status_word, b->status_word)))
        return 0;
    if ((a->has & PANEL_HAS_CHARGE) && !same_money(a->charge, b->charge, decimals))
        return 0;
    if ((a->has & PANEL_HAS_START_COUNT) && a->start_count != b->start_count)
        return 0;
    if ((a->has & PANEL_HAS_REMAINS) && a->remains != b->remains)
        return 0;
    return !(a->has & PANEL_HAS_OK) || (a->ok != 0) == (b->ok != 0);
}

/* Compares the normalized values of a and b field by field, without allocating: what
 * panel_result_value_json_new + round_money + drop_single_ids + json_equal decide, with
 * strings compared exactly. Returns 1 when equal. */
static int fuzz_result_equal(const panel_result *a, const panel_result *b, int decimals)
{
    size_t i;

    if (!same_str(a->error, b->error) || !same_str(a->order, b->order) ||
        !same_str(a->currency, b->currency) ||
        (a->has & PANEL_HAS_BALANCE) != (b->has & PANEL_HAS_BALANCE) ||
        ((a->has & PANEL_HAS_BALANCE) && !same_money(a->balance, b->balance, decimals)) ||
        a->n_services != b->n_services || a->n_entries != b->n_entries)
        return 0;
    for (i = 0; i < a->n_services; i++)
        if (!same_service(&a->services[i], &b->services[i], decimals))
            return 0;
    for (i = 0; i < a->n_entries; i++)
        if (!same_entry(&a->entries[i], &b->entries[i], decimals, a->multi))
            return 0;
    return 1;
}

/* Prints both normalized values (as JSON, normalized like the comparison) and aborts. */
static void fail_value_differs(const panel_dialect *d, const panel_result *r,
                               const panel_result *again, const char *rendered)
{
    json_t *v1 = panel_result_value_json_new(r), *v2 = panel_result_value_json_new(again);
    char *a = NULL, *b = NULL;

    if (v1 && v2) {
        round_money(v1, d->money_decimals);
        round_money(v2, d->money_decimals);
        if (!r->multi) {
            drop_single_ids(v1);
            drop_single_ids(v2);
        }
        a = json_dumps(v1, JSON_COMPACT | JSON_ENCODE_ANY);
        b = json_dumps(v2, JSON_COMPACT | JSON_ENCODE_ANY);
    }
    fuzz_fail(TARGET,
              "round trip (%s) changed the value:\n  first  %.600s\n  render %.600s\n"
              "  second %.600s",
              d->name, a ? a : "?", rendered, b ? b : "?");
}

/* Renders r back into the dialect's JSON, parses that again and compares the values. */
static void check_round_trip(const panel_dialect *d, const panel_result *r)
{
    json_t *rendered = NULL;
    panel_result *again = NULL;
    panel_buf out;
    size_t i;

    panel_buf_init(&out, RENDER_MAX);
    /* the mock's byte path first (no tree); the tree path when it declines */
    if (panel_render_bytes(d, r, &out) != PANEL_E_OK) {
        panel_buf_free(&out);
        panel_buf_init(&out, RENDER_MAX);
        rendered = panel_render_new(d, r);
        if (!rendered)
            fuzz_fail(TARGET, "panel_render_new gave NULL for an error-free result (%s)", d->name);
        if (panel_json_dump(rendered, &out) != PANEL_E_OK)
            fuzz_fail(TARGET, "panel_json_dump failed");
    }
    again = parse_new(d, out.data, out.len, r->multi);
    for (i = 0; i < again->n_diags; i++) {
        if (again->diags[i].severity == PANEL_SEV_ERROR)
            fuzz_fail(TARGET, "round trip (%s): rendered %.200s gives new error %s at '%s'",
                      d->name, out.data, panel_diag_code_name(again->diags[i].code),
                      again->diags[i].pointer ? again->diags[i].pointer : "");
    }
    if (!fuzz_result_equal(r, again, d->money_decimals))
        fail_value_differs(d, r, again, out.data);
    json_decref(rendered);
    panel_result_free(again);
    panel_buf_free(&out);
}

/* Runs one input through the parser and every oracle. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const panel_dialect *d;
    const char *body;
    panel_result *r1, *r2;
    size_t n;
    int multi;

    if (size < 1)
        return 0;
    d = fuzz_select_dialect(data[0], &multi);
    body = (const char *)data + 1;
    n = size - 1;
    r1 = parse_new(d, body, n, multi);
    r2 = parse_new(d, body, n, multi);
    check_same_diags(r1, r2, "determinism");
    check_invariants(r1);
    if (!no_round_trip && panel_result_count(r1, PANEL_SEV_ERROR) == 0)
        check_round_trip(d, r1);
    panel_result_free(r1);
    panel_result_free(r2);
    return 0;
}
