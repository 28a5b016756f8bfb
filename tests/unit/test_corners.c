/* tests/unit/test_corners.c - corners no other suite reached (issue 16): money sent as a JSON
 * integer, null or 1e20; money fields of kind "number" rendered; the parser's choice of the
 * single or multi form (detect_multi); the loader's duplicate dialect
 * names, oversize file, duplicate service types and date parameters; the mock's order-index
 * rehash past 32 orders and the journal ring's wrap-around. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "mock_internal.h"
#include "panel/dialect.h"
#include "panel/parse.h"

#define DIALECT_DIR PANEL_SOURCE_DIR "/dialects"
#define ONE_MIB (1024 * 1024) /* the loader's file cap (dialect_io.c FILE_MAX) */

/* dialects/smpanelim.json as a new JSON document. */
static json_t *smpanelim_doc(void)
{
    json_error_t jerr;
    json_t *doc = json_load_file(DIALECT_DIR "/smpanelim.json", 0, &jerr);
    ck_assert_msg(doc != NULL, "smpanelim.json: %s", jerr.text);
    return doc;
}

/* Loads doc as a dialect; the new dialect, or NULL with every error in *errs. */
static panel_dialect *load_doc(const json_t *doc, panel_dialect_errors *errs)
{
    char *text = json_dumps(doc, 0);
    ck_assert_ptr_nonnull(text);
    panel_dialect *d = NULL;
    panel_err rc = panel_dialect_load_bytes_all(text, strlen(text), "corners", &d, errs);
    free(text);
    ck_assert_int_eq(rc == PANEL_E_OK, d != NULL);
    return d;
}

/* Loads doc and fails the test, printing the errors, when it does not load. */
static panel_dialect *load_doc_ok(const json_t *doc)
{
    panel_dialect_errors errs = {0};
    panel_dialect *d = load_doc(doc, &errs);
    for (size_t k = 0; d == NULL && k < errs.count; k++)
        fprintf(stderr, "corners: %s %s: %s\n", errs.items[k].pointer,
                panel_dialect_errcode_name(errs.items[k].code), errs.items[k].reason);
    panel_dialect_errors_free(&errs);
    ck_assert_ptr_nonnull(d);
    return d;
}

/* Sets the kind of field name of the single form of action to kind in doc. */
static void set_field_kind(json_t *doc, const char *action, const char *name, const char *kind)
{
    json_t *fields = json_object_get(
        json_object_get(json_object_get(json_object_get(doc, "actions"), action), "single"),
        "fields");
    ck_assert_ptr_nonnull(json_object_get(fields, name));
    json_object_set_new(fields, name, json_string(kind));
}

/* Parses body as the single form of action; a new result. */
static panel_result *parse_single(const panel_dialect *d, panel_action a, const char *body)
{
    panel_parse_opts o = {.multi = 0};
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, a, body, strlen(body), &o, &r), PANEL_E_OK);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* The one diagnostic of code at pointer; fails unless there is exactly one. */
static const panel_diag *one_diag(const panel_result *r, panel_diag_code code, const char *ptr)
{
    const panel_diag *hit = NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->n_diags; i++)
        if (r->diags[i].code == code && strcmp(r->diags[i].pointer, ptr) == 0) {
            hit = &r->diags[i];
            n++;
        }
    for (size_t i = 0; n != 1 && i < r->n_diags; i++)
        fprintf(stderr, "corners: have %s at '%s': %s\n", panel_diag_code_name(r->diags[i].code),
                r->diags[i].pointer, r->diags[i].message);
    ck_assert_msg(n == 1, "%zu %s diagnostics at %s, want 1", n, panel_diag_code_name(code), ptr);
    return hit;
}

/* Fails the test, printing them, when r has diagnostics. */
static void no_diags(const panel_result *r)
{
    for (size_t i = 0; i < r->n_diags; i++)
        fprintf(stderr, "corners: unexpected %s at '%s': %s\n",
                panel_diag_code_name(r->diags[i].code), r->diags[i].pointer, r->diags[i].message);
    ck_assert_uint_eq(r->n_diags, 0);
}

/* ---- money corners: smpanelim's balance is a decimal string ("money") ---- */

static panel_dialect_set g_set;

static void setup_set(void)
{
    tu_load_dialects(&g_set);
}

static void teardown_set(void)
{
    panel_dialect_set_free(&g_set);
}

/* A JSON integer where a decimal string is documented: read exactly, with a type warning. */
START_TEST(money_as_json_integer)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "smpanelim");
    ck_assert_ptr_nonnull(d);
    panel_result *r =
        parse_single(d, PANEL_ACTION_BALANCE, "{\"balance\":100,\"currency\":\"USD\"}");
    ck_assert(r->has & PANEL_HAS_BALANCE);
    ck_assert_int_eq(r->balance, 100 * PANEL_MONEY_SCALE);
    const panel_diag *dg = one_diag(r, PANEL_DIAG_WRONG_TYPE, "/balance");
    ck_assert_int_eq(dg->severity, PANEL_SEV_WARNING);
    ck_assert_str_eq(dg->actual, "100");
    ck_assert_uint_eq(r->n_diags, 1);
    panel_result_free(r);
    /* The number's text is read, not a double: 0.1 + 8 places stays exact. */
    r = parse_single(d, PANEL_ACTION_BALANCE,
                     "{\"balance\":12345678901.12345678,\"currency\":\"USD\"}");
    ck_assert_int_eq(r->balance, 1234567890112345678LL);
    ck_assert_uint_eq(r->n_diags, 1);
    panel_result_free(r);
}
END_TEST

/* null where money is documented: a required member is missing (an error), no value. An
 * optional money member (a service's rate made optional) that is null is absent, with a
 * wrong_type warning that says so. */
START_TEST(money_null)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "smpanelim");
    panel_result *r =
        parse_single(d, PANEL_ACTION_BALANCE, "{\"balance\":null,\"currency\":\"USD\"}");
    ck_assert(!(r->has & PANEL_HAS_BALANCE));
    ck_assert_int_eq(r->balance, 0);
    const panel_diag *dg = one_diag(r, PANEL_DIAG_MISSING_FIELD, "/balance");
    ck_assert_int_eq(dg->severity, PANEL_SEV_ERROR);
    ck_assert_ptr_nonnull(strstr(dg->message, "null"));
    ck_assert_ptr_null(panel_result_find(r, PANEL_DIAG_WRONG_TYPE));
    panel_result_free(r);

    json_t *doc = smpanelim_doc();
    json_t *req = json_object_get(
        json_object_get(json_object_get(json_object_get(doc, "actions"), "services"), "single"),
        "required");
    for (size_t i = 0; i < json_array_size(req); i++)
        if (strcmp(json_string_value(json_array_get(req, i)), "rate") == 0)
            json_array_remove(req, i);
    panel_dialect *opt = load_doc_ok(doc);
    json_decref(doc);
    r = parse_single(opt, PANEL_ACTION_SERVICES,
                     "[{\"service\":1,\"name\":\"n\",\"type\":\"Default\",\"category\":\"c\","
                     "\"rate\":null,\"min\":\"1\",\"max\":\"9\",\"refill\":false}]");
    ck_assert_uint_eq(r->n_services, 1);
    ck_assert_int_eq(r->services[0].rate, 0);
    dg = one_diag(r, PANEL_DIAG_WRONG_TYPE, "/0/rate");
    ck_assert_str_eq(dg->actual, "null");
    ck_assert_ptr_nonnull(strstr(dg->message, "treated as absent"));
    ck_assert_uint_eq(r->n_diags, 1);
    panel_result_free(r);
    panel_dialect_free(opt);
}
END_TEST

/* 1e20 does not fit int64 counts of 1e-8: number_range (an error), no value; the input text
 * is the actual. A small exponent is read exactly; too many places round half-even. */
START_TEST(money_1e20_and_exponents)
{
    const panel_dialect *d = panel_dialect_set_find(&g_set, "smpanelim");
    panel_result *r =
        parse_single(d, PANEL_ACTION_BALANCE, "{\"balance\":1e20,\"currency\":\"USD\"}");
    ck_assert(!(r->has & PANEL_HAS_BALANCE));
    const panel_diag *dg = one_diag(r, PANEL_DIAG_NUMBER_RANGE, "/balance");
    ck_assert_int_eq(dg->severity, PANEL_SEV_ERROR);
    ck_assert_str_eq(dg->actual, "1e20");
    ck_assert_ptr_null(panel_result_find(r, PANEL_DIAG_WRONG_TYPE)); /* range wins, no type */
    panel_result_free(r);

    r = parse_single(d, PANEL_ACTION_BALANCE, "{\"balance\":1.5E2,\"currency\":\"USD\"}");
    ck_assert(r->has & PANEL_HAS_BALANCE);
    ck_assert_int_eq(r->balance, 150 * PANEL_MONEY_SCALE);
    one_diag(r, PANEL_DIAG_WRONG_TYPE, "/balance");
    panel_result_free(r);

    r = parse_single(d, PANEL_ACTION_BALANCE, "{\"balance\":2.5e-8,\"currency\":\"USD\"}");
    ck_assert_int_eq(r->balance, 2); /* 2.5 units of 1e-8, half-even */
    one_diag(r, PANEL_DIAG_MONEY_PRECISION, "/balance");
    panel_result_free(r);

    /* In a services list: the rate of the one entry is out of range, the entry is kept. */
    r = parse_single(d, PANEL_ACTION_SERVICES,
                     "[{\"service\":1,\"name\":\"n\",\"type\":\"Default\",\"category\":\"c\","
                     "\"rate\":-1e20,\"min\":\"1\",\"max\":\"9\",\"refill\":false}]");
    one_diag(r, PANEL_DIAG_NUMBER_RANGE, "/0/rate");
    ck_assert_uint_eq(r->n_services, 1);
    ck_assert_int_eq(r->services[0].rate, 0);
    panel_result_free(r);
}
END_TEST

/* ---- money fields of kind "number" (a JSON number, as panel-v2's webhook charge) ---- */

/* Balance and status charge as JSON numbers: parsed without diagnostics, rendered as a JSON
 * integer when whole and a real otherwise, read back to the same value; a string is a type
 * warning there. The byte renderer leaves a numeric charge to the tree renderer. */
START_TEST(numeric_money_rendered)
{
    json_t *doc = smpanelim_doc();
    set_field_kind(doc, "balance", "balance", "number");
    set_field_kind(doc, "status", "charge", "number");
    panel_dialect *d = load_doc_ok(doc);
    json_decref(doc);

    panel_result *r =
        parse_single(d, PANEL_ACTION_BALANCE, "{\"balance\":12.5,\"currency\":\"USD\"}");
    ck_assert_uint_eq(r->n_diags, 0);
    ck_assert_int_eq(r->balance, 1250000000);
    json_t *j = panel_render_new(d, r);
    ck_assert_ptr_nonnull(j);
    json_t *b = json_object_get(j, "balance");
    ck_assert(json_is_real(b));
    ck_assert(json_real_value(b) == 12.5);
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    panel_result *back = parse_single(d, PANEL_ACTION_BALANCE, text);
    no_diags(back);
    ck_assert_int_eq(back->balance, r->balance);
    panel_result_free(back);
    free(text);
    json_decref(j);
    panel_result_free(r);

    r = parse_single(d, PANEL_ACTION_BALANCE, "{\"balance\":100,\"currency\":\"USD\"}");
    j = panel_render_new(d, r);
    b = json_object_get(j, "balance");
    ck_assert(json_is_integer(b));
    ck_assert_int_eq(json_integer_value(b), 100);
    json_decref(j);
    panel_result_free(r);

    r = parse_single(d, PANEL_ACTION_BALANCE, "{\"balance\":\"7.25\",\"currency\":\"USD\"}");
    ck_assert_int_eq(r->balance, 725000000);
    ck_assert_str_eq(one_diag(r, PANEL_DIAG_WRONG_TYPE, "/balance")->expected, "number");
    panel_result_free(r);

    const char *st = "{\"charge\":0.27819,\"start_count\":\"3572\",\"status\":\"Partial\","
                     "\"remains\":\"157\",\"currency\":\"USD\"}";
    r = parse_single(d, PANEL_ACTION_STATUS, st);
    ck_assert_uint_eq(r->n_diags, 0);
    ck_assert_uint_eq(r->n_entries, 1);
    ck_assert_int_eq(r->entries[0].charge, 27819000);
    j = panel_render_new(d, r);
    ck_assert(json_is_real(json_object_get(j, "charge")));
    panel_buf tree = {0}, bytes = {0};
    panel_buf_init(&tree, 1 << 16);
    panel_buf_init(&bytes, 1 << 16);
    ck_assert_int_eq(panel_json_dump(j, &tree), PANEL_E_OK);
    ck_assert_msg(strstr(tree.data, "\"charge\":0.27819,") != NULL, "%s", tree.data);
    ck_assert_int_eq(panel_render_bytes(d, r, &bytes), PANEL_E_UNSUPPORTED);
    ck_assert_uint_eq(bytes.len, 0); /* out unchanged */
    back = parse_single(d, PANEL_ACTION_STATUS, tree.data);
    no_diags(back);
    ck_assert_int_eq(back->entries[0].charge, 27819000);
    panel_result_free(back);
    panel_buf_free(&tree);
    panel_buf_free(&bytes);
    json_decref(j);
    panel_result_free(r);
    panel_dialect_free(d);
}
END_TEST

/* ---- detect_multi: single or multi form from the body (opts.multi = -1) ---- */

/* One status entry with smpanelim's fields. */
#define ST_ENTRY                                                                                   \
    "{\"charge\":\"0.27819\",\"start_count\":\"3572\",\"status\":\"Partial\",\"remains\":\"157\"," \
    "\"currency\":\"USD\"}"
#define ST_ENTRY_ORDER(id)                                                                         \
    "{\"order\":" id ",\"charge\":\"0.27819\",\"start_count\":\"3572\",\"status\":\"Partial\","    \
    "\"remains\":\"157\",\"currency\":\"USD\"}"

/* Sets the shape of status's form ("single" or "multi") in doc; an array form gets the key
 * field "order". shape NULL removes the form. */
static void set_status_form(json_t *doc, const char *form, const char *shape)
{
    json_t *st = json_object_get(json_object_get(doc, "actions"), "status");
    if (!shape) {
        ck_assert_int_eq(json_object_del(st, form), 0);
        if (strcmp(form, "multi") == 0)
            json_object_del(st, "multi_param");
        else
            json_object_del(st, "single_param");
        return;
    }
    json_t *f = json_object_get(st, form);
    json_object_set_new(f, "shape", json_string(shape));
    json_object_del(f, "error_entry");
    json_object_del(f, "key_field");
    json_object_del(json_object_get(f, "fields"), "order");
    if (strcmp(shape, "array") == 0) {
        json_object_set_new(json_object_get(f, "fields"), "order", json_string("int"));
        json_object_set_new(f, "key_field", json_string("order"));
    }
}

/* Which form the parser chose for body, with no error diagnostic. */
static int detected(const panel_dialect *d, const char *body)
{
    panel_parse_opts o = {.multi = -1};
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_STATUS, body, strlen(body), &o, &r), PANEL_E_OK);
    for (size_t i = 0; i < r->n_diags; i++)
        ck_assert_msg(r->diags[i].severity != PANEL_SEV_ERROR, "%s: %s at '%s': %s", body,
                      panel_diag_code_name(r->diags[i].code), r->diags[i].pointer,
                      r->diags[i].message);
    int multi = r->multi;
    ck_assert_uint_ge(r->n_entries, 1);
    panel_result_free(r);
    return multi;
}

/* Every branch of the choice: forms of different shapes (array against keyed or object,
 * keyed against object, either way round), forms of the same shape (array and keyed by
 * count, object always single) and a dialect documenting one form only. */
START_TEST(detect_multi_fallbacks)
{
    static const struct {
        const char *single, *multi; /* shapes; NULL = form absent */
        const char *body;
        int want_multi;
    } rows[] = {
        /* the shipped pair: object single, keyed multi */
        {"object", "keyed", ST_ENTRY, 0},
        {"object", "keyed", "{\"1\":" ST_ENTRY "}", 1},
        /* different shapes, an array among them: the array form for an array body */
        {"object", "array", "[" ST_ENTRY_ORDER("1") "]", 1},
        {"object", "array", ST_ENTRY, 0},
        {"array", "keyed", "[" ST_ENTRY_ORDER("1") "]", 0},
        {"array", "keyed", "{\"1\":" ST_ENTRY ",\"2\":" ST_ENTRY "}", 1},
        /* keyed against object: whether the body looks keyed */
        {"keyed", "object", "{\"1\":" ST_ENTRY "}", 0},
        {"keyed", "object", ST_ENTRY, 1},
        /* the same shape: more than one entry is multi */
        {"array", "array", "[" ST_ENTRY_ORDER("1") "]", 0},
        {"array", "array", "[" ST_ENTRY_ORDER("1") "," ST_ENTRY_ORDER("2") "]", 1},
        {"keyed", "keyed", "{\"1\":" ST_ENTRY "}", 0},
        {"keyed", "keyed", "{\"1\":" ST_ENTRY ",\"2\":" ST_ENTRY "}", 1},
        {"object", "object", ST_ENTRY, 0},
        /* one form documented */
        {"object", NULL, ST_ENTRY, 0},
        {NULL, "keyed", "{\"1\":" ST_ENTRY "}", 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        json_t *doc = smpanelim_doc();
        set_status_form(doc, "single", rows[i].single);
        set_status_form(doc, "multi", rows[i].multi);
        panel_dialect *d = load_doc_ok(doc);
        json_decref(doc);
        int got = detected(d, rows[i].body);
        ck_assert_msg(got == rows[i].want_multi, "single %s, multi %s, body %s: multi %d",
                      rows[i].single ? rows[i].single : "-", rows[i].multi ? rows[i].multi : "-",
                      rows[i].body, got);
        panel_dialect_free(d);
    }
}
END_TEST

/* ---- the loader ---- */

/* Writes len bytes of text to path. */
static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* Two files of one directory naming the same dialect: the directory is refused, at /name,
 * with the name in the reason, and nothing is kept. */
START_TEST(loader_duplicate_dialect_names)
{
    char dir[] = "/tmp/panel-corners-XXXXXX", a[96], b[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    json_t *doc = smpanelim_doc();
    char *text = json_dumps(doc, 0);
    snprintf(a, sizeof a, "%s/first.json", dir);
    snprintf(b, sizeof b, "%s/second.json", dir);
    write_file(a, text, strlen(text));
    write_file(b, text, strlen(text));
    panel_dialect_set set = {0};
    panel_dialect_error err;
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(panel_dialect_load_dir(dir, &set, &err), PANEL_E_DIALECT);
    ck_assert_int_eq(err.code, PANEL_DERR_DUPLICATE);
    ck_assert_str_eq(err.pointer, "/name");
    ck_assert_ptr_nonnull(strstr(err.reason, "\"smpanelim\""));
    ck_assert_uint_eq(set.count, 0);
    ck_assert_ptr_null(set.items);
    /* A second name makes the directory load: both, sorted by name. */
    json_object_set_new(doc, "name", json_string("smpanelim-b"));
    free(text);
    text = json_dumps(doc, 0);
    write_file(a, text, strlen(text));
    ck_assert_int_eq(panel_dialect_load_dir(dir, &set, &err), PANEL_E_OK);
    ck_assert_uint_eq(set.count, 2);
    ck_assert_str_eq(set.items[0]->name, "smpanelim");
    ck_assert_str_eq(set.items[1]->name, "smpanelim-b");
    panel_dialect_set_free(&set);
    free(text);
    json_decref(doc);
    unlink(a);
    unlink(b);
    rmdir(dir);
}
END_TEST

/* A file of exactly 1 MiB (a dialect padded with blanks) loads; one byte more is refused
 * (PANEL_E_TOO_LARGE, code too_large) whatever it holds, and the error names the whole file. */
START_TEST(loader_oversize_file)
{
    char dir[] = "/tmp/panel-corners-XXXXXX", path[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/big.json", dir);
    json_t *doc = smpanelim_doc();
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    size_t n = strlen(text);
    ck_assert_uint_lt(n, ONE_MIB);
    char *big = malloc(ONE_MIB + 1);
    ck_assert_ptr_nonnull(big);
    memcpy(big, text, n);
    memset(big + n, ' ', ONE_MIB + 1 - n);
    free(text);

    panel_dialect *d = NULL;
    panel_dialect_error err;
    write_file(path, big, ONE_MIB);
    ck_assert_int_eq(panel_dialect_load_file(path, &d, &err), PANEL_E_OK);
    ck_assert_str_eq(d->name, "smpanelim");
    panel_dialect_free(d);
    d = NULL;

    write_file(path, big, ONE_MIB + 1);
    memset(&err, 0, sizeof err);
    ck_assert_int_eq(panel_dialect_load_file(path, &d, &err), PANEL_E_TOO_LARGE);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(err.code, PANEL_DERR_TOO_LARGE);
    ck_assert_str_eq(err.pointer, "");
    ck_assert_ptr_nonnull(strstr(err.reason, "1048576"));
    ck_assert_ptr_nonnull(strstr(err.file, "big.json"));

    /* The directory loader stops at it too. */
    panel_dialect_set set = {0};
    ck_assert_int_eq(panel_dialect_load_dir(dir, &set, &err), PANEL_E_TOO_LARGE);
    ck_assert_int_eq(err.code, PANEL_DERR_TOO_LARGE);
    /* The same bytes from memory: the same cap. */
    ck_assert_int_eq(panel_dialect_load_bytes(big, ONE_MIB + 1, "big", &d, &err),
                     PANEL_E_TOO_LARGE);
    ck_assert_ptr_null(d);
    ck_assert_uint_eq(set.count, 0);
    free(big);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* Two service types whose names differ only in case: duplicate, at the second one's name. */
START_TEST(loader_duplicate_service_types)
{
    json_t *doc = smpanelim_doc();
    json_t *types = json_object_get(doc, "service_types");
    json_t *copy = json_deep_copy(json_array_get(types, 0));
    json_object_set_new(copy, "name", json_string("DEFAULT"));
    json_array_append_new(types, copy);
    panel_dialect_errors errs = {0};
    ck_assert_ptr_null(load_doc(doc, &errs));
    size_t k = 0;
    while (k < errs.count && errs.items[k].code != PANEL_DERR_DUPLICATE)
        k++;
    ck_assert_msg(k < errs.count, "no duplicate error among %zu", errs.count);
    ck_assert_str_eq(errs.items[k].pointer, "/service_types/2/name");
    ck_assert_ptr_nonnull(strstr(errs.items[k].reason, "\"DEFAULT\""));
    panel_dialect_errors_free(&errs);
    json_decref(doc);
}
END_TEST

/* Adds parameter expiry with date format fmt to doc's params. */
static void set_expiry(json_t *doc, const char *fmt)
{
    json_t *p = json_pack("{s:s, s:s}", "date", fmt, "assumed", "a corner test");
    ck_assert_ptr_nonnull(p);
    json_object_set_new(json_object_get(doc, "params"), "expiry", p);
}

/* Date parameters: each format the loader takes is kept and judges values by its shape; a
 * word outside the format's list is refused by the member table, with the allowed list. */
START_TEST(loader_date_params)
{
    static const struct {
        const char *fmt, *good, *bad1, *bad2;
    } rows[] = {
        {"d/m/Y", "31/12/2030", "2030-12-31", "31/12/30"},
        {"Y-m-d", "2030-12-31", "31/12/2030", "2030-12-3x"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        json_t *doc = smpanelim_doc();
        set_expiry(doc, rows[i].fmt);
        panel_dialect *d = load_doc_ok(doc);
        const panel_param_spec *ps = panel_dialect_param(d, "expiry");
        ck_assert_ptr_nonnull(ps);
        ck_assert_str_eq(ps->date_format, rows[i].fmt);
        ck_assert_int_eq(panel_param_value_ok(ps, rows[i].good), 1);
        ck_assert_int_eq(panel_param_value_ok(ps, rows[i].bad1), 0);
        ck_assert_int_eq(panel_param_value_ok(ps, rows[i].bad2), 0);
        ck_assert_int_eq(panel_param_value_ok(ps, ""), 0);
        /* What the generator makes for it is a value of the format. */
        char gen[64];
        if (panel_param_generate(ps, 1, gen, sizeof gen))
            ck_assert_msg(panel_param_value_ok(ps, gen), "%s generated %s", rows[i].fmt, gen);
        ck_assert_ptr_null(panel_dialect_param(d, "no-such-param"));
        panel_dialect_free(d);
        json_decref(doc);
    }
    json_t *doc = smpanelim_doc();
    set_expiry(doc, "dd.mm.yyyy");
    panel_dialect_errors errs = {0};
    ck_assert_ptr_null(load_doc(doc, &errs));
    ck_assert_uint_ge(errs.count, 1);
    ck_assert_str_eq(errs.items[0].pointer, "/params/expiry/date");
    ck_assert_int_eq(errs.items[0].code, PANEL_DERR_BAD_VALUE);
    ck_assert_ptr_nonnull(strstr(errs.items[0].allowed, "d/m/Y"));
    panel_dialect_errors_free(&errs);
    json_decref(doc);
}
END_TEST

/* ---- the mock ---- */

/* A mock serving one dialect with balance enough for many orders. */
static mock_state *one_dialect_state(const char *dialect)
{
    mock_config cfg = {.seed = 7, .balance = "100000", .dialect = dialect};
    mock_state *s = NULL;
    char err[256];
    ck_assert_msg(mock_state_new(&cfg, &s, err, sizeof err) == PANEL_E_OK, "%s", err);
    return s;
}

/* POSTs form body to d's endpoint; the answer's status and a new copy of its body. */
static int post(mock_state *s, const panel_dialect *d, const char *body, char **out)
{
    char path[256];
    snprintf(path, sizeof path, "/%s%s", d->name, d->base_path);
    mock_response r;
    ck_assert_int_eq(mock_handle(s, "POST", path, NULL, body, strlen(body), "127.0.0.1", &r),
                     PANEL_E_OK);
    int status = r.status;
    *out = strdup(r.body.data ? r.body.data : "");
    mock_response_free(&r);
    return status;
}

#define N_ORDERS 100 /* past 32 (the first rehash, at 50 % of 64 slots) and 64 (the second) */

/* 100 orders of one account through mock_handle: the order index grows twice (64 -> 128 ->
 * 256 slots) and every order is still found by id, by the store and by the status action;
 * an id never issued is not found. */
START_TEST(mock_order_index_rehash)
{
    mock_state *s = one_dialect_state("smpanelim");
    ck_assert_uint_eq(s->n_acc, 1);
    mock_account *acc = &s->acc[0];
    const panel_dialect *d = acc->d;
    const panel_catalogue_item *it = tu_simple_item(d, 0, 0);
    ck_assert_ptr_nonnull(it);
    char *ids[N_ORDERS];
    char body[512];
    for (int i = 0; i < N_ORDERS; i++) {
        snprintf(body, sizeof body,
                 "key=%s&action=add&service=%s&link=https://example.com/p%d&quantity=%lld",
                 acc->key, it->service, i, (long long)it->min);
        char *ans = NULL;
        ck_assert_int_eq(post(s, d, body, &ans), 200);
        panel_result *r = parse_single(d, PANEL_ACTION_ADD, ans);
        ck_assert_msg(r->order != NULL, "add %d: %s", i, ans);
        ids[i] = strdup(r->order);
        panel_result_free(r);
        free(ans);
        if (i == 31)
            ck_assert_uint_eq(acc->store.order_ix.cap, 64); /* 32 orders: no rehash yet */
        if (i == 32)
            ck_assert_uint_eq(acc->store.order_ix.cap, 128);
    }
    ck_assert_uint_eq(acc->store.n_orders, N_ORDERS);
    ck_assert_uint_eq(acc->store.order_ix.n, N_ORDERS);
    ck_assert_uint_eq(acc->store.order_ix.cap, 256);
    for (int i = 0; i < N_ORDERS; i++) {
        mock_order *o = mock_store_order(&acc->store, ids[i]);
        ck_assert_msg(o != NULL, "order %s lost after the rehash", ids[i]);
        ck_assert_str_eq(o->id, ids[i]);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(ids[j], ids[i]);
    }
    static const int probe[] = {0, 31, 32, 63, 64, N_ORDERS - 1};
    for (size_t k = 0; k < sizeof probe / sizeof probe[0]; k++) {
        snprintf(body, sizeof body, "key=%s&action=status&order=%s", acc->key, ids[probe[k]]);
        char *ans = NULL;
        ck_assert_int_eq(post(s, d, body, &ans), 200);
        panel_result *r = parse_single(d, PANEL_ACTION_STATUS, ans);
        ck_assert_msg(r->error == NULL && r->n_entries == 1, "status of %s: %s", ids[probe[k]],
                      ans);
        ck_assert(r->entries[0].has & PANEL_HAS_STATUS);
        panel_result_free(r);
        free(ans);
    }
    ck_assert_ptr_null(mock_store_order(&acc->store, "999999999"));
    snprintf(body, sizeof body, "key=%s&action=status&order=999999999", acc->key);
    char *ans = NULL;
    post(s, d, body, &ans);
    panel_result *r = parse_single(d, PANEL_ACTION_STATUS, ans);
    ck_assert_ptr_nonnull(r->error);
    panel_result_free(r);
    free(ans);
    for (int i = 0; i < N_ORDERS; i++)
        free(ids[i]);
    mock_state_free(s);
}
END_TEST

/* The store on its own, past several rehashes of both the order and the refill index. */
START_TEST(mock_store_many_records)
{
    enum { N = 5000 };
    mock_store st;
    mock_store_init(&st);
    for (int i = 0; i < N; i++) {
        mock_order o;
        memset(&o, 0, sizeof o);
        snprintf(o.id, sizeof o.id, "%d", 1000 + i * 7);
        size_t ix = 0;
        ck_assert_int_eq(mock_store_add_order(&st, &o, &ix), PANEL_E_OK);
        ck_assert_uint_eq(ix, (size_t)i);
        mock_refill rf;
        memset(&rf, 0, sizeof rf);
        snprintf(rf.id, sizeof rf.id, "r%d", i);
        ck_assert_int_eq(mock_store_add_refill(&st, &rf, NULL), PANEL_E_OK);
    }
    ck_assert_uint_ge(st.order_ix.cap, 2 * N);
    ck_assert_uint_eq(st.order_ix.n, N);
    char id[32];
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof id, "%d", 1000 + i * 7);
        mock_order *o = mock_store_order(&st, id);
        ck_assert_ptr_nonnull(o);
        ck_assert_ptr_eq(o, &st.orders[i]);
        snprintf(id, sizeof id, "r%d", i);
        mock_refill *rf = mock_store_refill(&st, id);
        ck_assert_ptr_nonnull(rf);
        ck_assert_str_eq(rf->id, id);
    }
    ck_assert_ptr_null(mock_store_order(&st, "1001")); /* between two ids */
    ck_assert_ptr_null(mock_store_refill(&st, "r5000"));
    mock_store_free(&st);
    ck_assert_ptr_null(mock_store_order(&st, "1000")); /* a freed store finds nothing */
}
END_TEST

/* Records request i of the journal test (path /p/<i>, dialect a or b by parity). */
static void journal_one(mock_state *s, int i)
{
    char path[32];
    snprintf(path, sizeof path, "/p/%d", i);
    mock_jinfo ji = {.dialect = i % 2 ? "b" : "a",
                     .method = "POST",
                     .path = path,
                     .action = "status",
                     .encoding = "form",
                     .status = 200,
                     .body = "{}",
                     .body_len = 2,
                     .applied = "",
                     .time_ms = 1000u + (uint64_t)i};
    mock_journal_add(s, &ji);
}

/* The path of element i of a journal array. */
static const char *jpath(const json_t *arr, size_t i)
{
    return json_string_value(json_object_get(json_array_get(arr, i), "path"));
}

/* The seq of element i of a journal array. */
static json_int_t jseq(const json_t *arr, size_t i)
{
    return json_integer_value(json_object_get(json_array_get(arr, i), "seq"));
}

#define EXTRA 7 /* entries past the ring's size */

/* MOCK_JOURNAL_MAX + 7 requests: the 7 oldest are dropped, the rest kept oldest first with
 * their sequence numbers; limit, since and dialect filters work across the wrap; a clear
 * empties it and restarts the sequence. */
START_TEST(mock_journal_wraps)
{
    mock_state *s = one_dialect_state("smpanelim");
    mock_journal_clear(s);
    for (int i = 0; i < MOCK_JOURNAL_MAX + EXTRA; i++)
        journal_one(s, i);
    ck_assert_uint_eq(s->jcount, MOCK_JOURNAL_MAX);
    ck_assert_uint_eq(s->jhead, EXTRA);
    json_t *all = mock_journal_json_new(s, NULL);
    ck_assert_uint_eq(json_array_size(all), MOCK_JOURNAL_MAX);
    ck_assert_int_eq(jseq(all, 0), EXTRA + 1);
    ck_assert_str_eq(jpath(all, 0), "/p/7");
    ck_assert_int_eq(jseq(all, MOCK_JOURNAL_MAX - 1), MOCK_JOURNAL_MAX + EXTRA);
    ck_assert_str_eq(jpath(all, MOCK_JOURNAL_MAX - 1), "/p/10006");
    for (size_t i = 1; i < MOCK_JOURNAL_MAX; i++)
        ck_assert_int_eq(jseq(all, i), jseq(all, i - 1) + 1);
    json_decref(all);

    mock_journal_filter newest = {.limit = 3};
    json_t *arr = mock_journal_json_new(s, &newest);
    ck_assert_uint_eq(json_array_size(arr), 3);
    ck_assert_int_eq(jseq(arr, 0), MOCK_JOURNAL_MAX + EXTRA - 2);
    ck_assert_str_eq(jpath(arr, 2), "/p/10006");
    json_decref(arr);

    mock_journal_filter since = {.since = MOCK_JOURNAL_MAX + EXTRA - 2, .limit = 1};
    arr = mock_journal_json_new(s, &since);
    ck_assert_uint_eq(json_array_size(arr), 1);
    ck_assert_int_eq(jseq(arr, 0), MOCK_JOURNAL_MAX + EXTRA - 1);
    json_decref(arr);

    mock_journal_filter only_b = {.dialect = "b", .limit = 2};
    arr = mock_journal_json_new(s, &only_b);
    ck_assert_uint_eq(json_array_size(arr), 2);
    ck_assert_str_eq(jpath(arr, 0), "/p/10003");
    ck_assert_str_eq(jpath(arr, 1), "/p/10005");
    json_decref(arr);

    mock_journal_filter none = {.action = "add"};
    arr = mock_journal_json_new(s, &none);
    ck_assert_uint_eq(json_array_size(arr), 0);
    json_decref(arr);

    mock_journal_clear(s);
    ck_assert_uint_eq(s->jcount, 0);
    journal_one(s, 42);
    arr = mock_journal_json_new(s, NULL);
    ck_assert_uint_eq(json_array_size(arr), 1);
    ck_assert_int_eq(jseq(arr, 0), 1);
    json_decref(arr);
    mock_state_free(s);
}
END_TEST

static Suite *corners_suite(void)
{
    Suite *s = suite_create("corners");
    TCase *money = tcase_create("money");
    tcase_add_checked_fixture(money, setup_set, teardown_set);
    tcase_add_test(money, money_as_json_integer);
    tcase_add_test(money, money_null);
    tcase_add_test(money, money_1e20_and_exponents);
    tcase_add_test(money, numeric_money_rendered);
    suite_add_tcase(s, money);
    TCase *detect = tcase_create("detect_multi");
    tcase_add_test(detect, detect_multi_fallbacks);
    suite_add_tcase(s, detect);
    TCase *loader = tcase_create("loader");
    tcase_add_test(loader, loader_duplicate_dialect_names);
    tcase_add_test(loader, loader_oversize_file);
    tcase_add_test(loader, loader_duplicate_service_types);
    tcase_add_test(loader, loader_date_params);
    suite_add_tcase(s, loader);
    TCase *mock = tcase_create("mock");
    tcase_set_timeout(mock, 60);
    tcase_add_test(mock, mock_order_index_rehash);
    tcase_add_test(mock, mock_store_many_records);
    tcase_add_test(mock, mock_journal_wraps);
    suite_add_tcase(s, mock);
    return s;
}

int main(void)
{
    return tu_run(corners_suite());
}
