/* tests/unit/test_cov_parse.c - parser, renderer and result paths no other suite reached
 * (found with `make coverage`): rendering in every field kind and error-entry shape, read back
 * to the same value (core/render.c); every JSON type in every field kind (parse_fields.c);
 * diagnostics at their length limits and the writer's U+FFFD for bytes that are not UTF-8
 * (result.c, result_write.c); the fuzz cross-over (fuzz_mutate.c). */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "panel/dialect.h"
#include "panel/fuzz.h"
#include "panel/parse.h"

/* ---- core/render.c: field kinds and error-entry shapes ---- */

/* dialects/smpanelim.json with the kinds of services' refill and min and of status' remains
 * replaced, and the multi status error entry shape set to errentry. */
static panel_dialect *render_dialect(const char *refill, const char *min, const char *remains,
                                     const char *errentry)
{
    json_error_t jerr;
    json_t *doc = json_load_file(PANEL_SOURCE_DIR "/dialects/smpanelim.json", 0, &jerr);
    ck_assert_msg(doc != NULL, "%s", jerr.text);
    json_t *acts = json_object_get(doc, "actions");
    json_t *sf =
        json_object_get(json_object_get(json_object_get(acts, "services"), "single"), "fields");
    json_object_set_new(sf, "refill", json_string(refill));
    json_object_set_new(sf, "min", json_string(min));
    json_t *st = json_object_get(acts, "status");
    json_object_set_new(json_object_get(json_object_get(st, "single"), "fields"), "remains",
                        json_string(remains));
    json_t *multi = json_object_get(st, "multi");
    json_object_set_new(multi, "error_entry", json_string(errentry));
    if (strcmp(errentry, "nested") == 0 || strcmp(errentry, "sibling") == 0) {
        json_object_set_new(json_object_get(multi, "fields"), "order", json_string("int"));
        json_object_set_new(multi, "key_field", json_string("order"));
        json_object_set_new(multi, "shape", json_string("array"));
    }
    char *text = json_dumps(doc, 0);
    panel_dialect *d = NULL;
    panel_dialect_error de;
    panel_err rc = panel_dialect_load_bytes(text, strlen(text), "render", &d, &de);
    ck_assert_msg(rc == PANEL_E_OK, "%s %s: %s", errentry, de.pointer, de.reason);
    free(text);
    json_decref(doc);
    return d;
}

/* Parses body (form multi) under d with no error; a new result. */
static panel_result *parse_clean(const panel_dialect *d, panel_action a, int multi,
                                 const char *body)
{
    panel_parse_opts o = {.multi = multi};
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(d, a, body, strlen(body), &o, &r), PANEL_E_OK);
    for (size_t i = 0; i < r->n_diags; i++)
        ck_assert_msg(r->diags[i].severity != PANEL_SEV_ERROR, "%s: %s at '%s': %s", body,
                      panel_diag_code_name(r->diags[i].code), r->diags[i].pointer,
                      r->diags[i].message);
    return r;
}

/* Renders r under d (tree path) and requires the byte renderer to give the same bytes or to
 * decline with its buffer as it was; returns the tree's text (caller frees). */
static char *render_agree(const panel_dialect *d, const panel_result *r)
{
    json_t *j = panel_render_new(d, r);
    ck_assert_ptr_nonnull(j);
    panel_buf b;
    panel_buf_init(&b, 1 << 16);
    ck_assert_int_eq(panel_json_dump(j, &b), PANEL_E_OK);
    json_decref(j);
    panel_buf direct;
    panel_buf_init(&direct, 1 << 16);
    panel_err brc = panel_render_bytes(d, r, &direct);
    if (brc == PANEL_E_OK)
        ck_assert_msg(direct.len == b.len && memcmp(direct.data, b.data, b.len) == 0,
                      "byte renderer differs:\n  tree  %s\n  bytes %.*s", b.data, (int)direct.len,
                      direct.data);
    else
        ck_assert_msg(brc == PANEL_E_UNSUPPORTED && direct.len == 0, "%s, %zu bytes left",
                      panel_err_name(brc), direct.len);
    panel_buf_free(&direct);
    char *text = panel_buf_take(&b, NULL);
    panel_buf_free(&b);
    return text;
}

/* render_agree, then parses the text back and requires the same value; returns the text. */
static char *round_trip(const panel_dialect *d, const panel_result *r)
{
    char *text = render_agree(d, r);
    panel_result *back = parse_clean(d, r->action, r->multi, text);
    json_t *v1 = panel_result_value_json_new(r), *v2 = panel_result_value_json_new(back);
    char *t1 = json_dumps(v1, JSON_COMPACT), *t2 = json_dumps(v2, JSON_COMPACT);
    ck_assert_msg(json_equal(v1, v2), "rendered %s\n  first  %s\n  second %s", text, t1, t2);
    free(t1);
    free(t2);
    json_decref(v1);
    json_decref(v2);
    panel_result_free(back);
    return text;
}

/* Services' flags and counts and status counts in each kind a dialect may give them: the
 * rendered JSON has that kind, and reads back to the same value. */
START_TEST(render_field_kinds)
{
    static const struct {
        const char *refill, *min, *remains;
        const char *want_svc, *want_status; /* substrings of the rendered text */
    } rows[] = {
        {"bool", "intstr", "intstr", "\"min\":\"10\"", "\"remains\":\"157\""},
        {"int", "int", "int", "\"refill\":1", "\"remains\":157"},
        {"intstr", "string", "string", "\"refill\":\"1\"", "\"remains\":\"157\""},
        {"string", "money", "int", "\"min\":\"10\"", "\"remains\":157"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_dialect *d = render_dialect(rows[i].refill, rows[i].min, rows[i].remains, "object");
        char svc[512];
        snprintf(svc, sizeof svc,
                 "[{\"service\":1,\"name\":\"n\",\"type\":\"Default\",\"category\":\"c\","
                 "\"rate\":\"0.9\",\"min\":%s,\"max\":\"900\",\"refill\":%s}]",
                 !strcmp(rows[i].min, "int") ? "10" : "\"10\"",
                 !strcmp(rows[i].refill, "bool")  ? "true"
                 : !strcmp(rows[i].refill, "int") ? "1"
                                                  : "\"1\"");
        panel_result *r = parse_clean(d, PANEL_ACTION_SERVICES, 0, svc);
        ck_assert_uint_eq(r->n_services, 1);
        ck_assert_int_eq(r->services[0].refill, 1);
        ck_assert_int_eq(r->services[0].min, 10);
        char *text = round_trip(d, r);
        ck_assert_msg(strstr(text, rows[i].want_svc) != NULL, "%s: %s", rows[i].want_svc, text);
        free(text);
        panel_result_free(r);

        char st[512];
        snprintf(st, sizeof st,
                 "{\"charge\":\"0.27819\",\"start_count\":\"3572\",\"status\":\"In progress\","
                 "\"remains\":%s,\"currency\":\"USD\"}",
                 !strcmp(rows[i].remains, "int") ? "157" : "\"157\"");
        r = parse_clean(d, PANEL_ACTION_STATUS, 0, st);
        text = round_trip(d, r);
        ck_assert_msg(strstr(text, rows[i].want_status) != NULL, "%s", text);
        ck_assert_ptr_nonnull(strstr(text, "\"status\":\"In progress\""));
        free(text);
        panel_result_free(r);
        panel_dialect_free(d);
    }
}
END_TEST

/* A multi status with an error entry, rendered in each documented error-entry shape and read
 * back: {"error": ...}, a bare string, nested under the result field, beside the key. */
START_TEST(render_error_entries)
{
    static const struct {
        const char *shape, *body, *want;
    } rows[] = {
        {"object",
         "{\"1\":{\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\",\"remains\":"
         "\"1\","
         "\"currency\":\"USD\"},\"2\":{\"error\":\"Incorrect order ID\"}}",
         "\"2\":{\"error\":\"Incorrect order ID\"}"},
        {"string",
         "{\"1\":{\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\",\"remains\":"
         "\"1\","
         "\"currency\":\"USD\"},\"2\":\"Incorrect order ID\"}",
         "\"2\":\"Incorrect order ID\""},
        {"sibling",
         "[{\"order\":1,\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\","
         "\"remains\":\"1\",\"currency\":\"USD\"},{\"order\":2,\"error\":\"Incorrect order ID\"}]",
         "{\"order\":2,\"error\":\"Incorrect order ID\"}"},
        {"nested",
         "[{\"order\":1,\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\","
         "\"remains\":\"1\",\"currency\":\"USD\"},{\"order\":2,\"status\":{\"error\":"
         "\"Incorrect order ID\"}}]",
         "{\"order\":2,\"status\":{\"error\":\"Incorrect order ID\"}}"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_dialect *d = render_dialect("bool", "intstr", "intstr", rows[i].shape);
        panel_result *r = parse_clean(d, PANEL_ACTION_STATUS, 1, rows[i].body);
        ck_assert_uint_eq(r->n_entries, 2);
        ck_assert_ptr_nonnull(r->entries[1].error);
        ck_assert_str_eq(r->entries[1].error, "Incorrect order ID");
        char *text = round_trip(d, r);
        ck_assert_msg(strstr(text, rows[i].want) != NULL, "%s: want %s in %s", rows[i].shape,
                      rows[i].want, text);
        free(text);
        panel_result_free(r);
        panel_dialect_free(d);
    }
}
END_TEST

/* A new status entry of r (malloc'd strings, as the mock fills them). */
static panel_entry *add_entry(panel_result *r, const char *id, panel_status st, const char *word)
{
    panel_entry *e = realloc(r->entries, (r->n_entries + 1) * sizeof *e);
    ck_assert_ptr_nonnull(e);
    r->entries = e;
    e = &r->entries[r->n_entries++];
    memset(e, 0, sizeof *e);
    e->id = id ? strdup(id) : NULL;
    e->status = st;
    e->status_word = word ? strdup(word) : NULL;
    e->has = PANEL_HAS_STATUS | PANEL_HAS_CHARGE;
    e->charge = 27819000;
    return e;
}

/* Results the mock builds rather than the parser: status words kept when they mean the
 * status, the vocabulary's word otherwise, the canonical name when the dialect has none;
 * keyed entries without an id or sharing one (the byte renderer declines); texts to escape;
 * cancel outcomes with and without a read result. Each rendered both ways. */
START_TEST(render_built_results)
{
    panel_dialect_set set;
    tu_load_dialects(&set);
    const panel_dialect *smp = panel_dialect_set_find(&set, "smpanelim");
    const panel_dialect *dfp = panel_dialect_set_find(&set, "dripfeedpanel");
    static const struct {
        panel_status st;
        const char *word, *want;
    } words[] = {
        {PANEL_STATUS_IN_PROGRESS, "in progress", "\"status\":\"in progress\""},
        {PANEL_STATUS_PARTIAL, "Completed", "\"status\":\"Partial\""},
        {PANEL_STATUS_PARTIAL, NULL, "\"status\":\"Partial\""},
        {PANEL_STATUS_FAILED, NULL, "\"status\":\"failed\""},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        panel_result *r = panel_result_new(PANEL_ACTION_STATUS, 0);
        add_entry(r, NULL, words[i].st, words[i].word);
        char *text = render_agree(smp, r);
        ck_assert_msg(strstr(text, words[i].want) != NULL, "%s", text);
        free(text);
        panel_result_free(r);
    }
    panel_result *r = panel_result_new(PANEL_ACTION_STATUS, 1);
    add_entry(r, "7", PANEL_STATUS_PENDING, NULL);
    add_entry(r, NULL, PANEL_STATUS_PENDING, NULL);
    char *text = render_agree(smp, r);
    ck_assert_msg(strstr(text, "\"7\":{") && strstr(text, "\"1\":{"), "%s", text); /* index */
    free(text);
    panel_result_free(r);
    r = panel_result_new(PANEL_ACTION_STATUS, 1);
    add_entry(r, "7", PANEL_STATUS_PENDING, NULL);
    add_entry(r, "7", PANEL_STATUS_PARTIAL, NULL);
    panel_buf b;
    panel_buf_init(&b, 4096);
    ck_assert_int_eq(panel_render_bytes(smp, r, &b), PANEL_E_UNSUPPORTED);
    panel_buf_free(&b);
    text = render_agree(smp, r);
    ck_assert_msg(strstr(text, "Partial") && !strstr(text, "Pending"), "%s", text);
    free(text);
    panel_result_free(r);

    r = panel_result_new(PANEL_ACTION_SERVICES, 0);
    r->services = calloc(1, sizeof *r->services);
    r->n_services = 1;
    r->services[0] = (panel_service){.id = strdup("1"),
                                     .name = strdup("Likes \"fast\" caf\xc3\xa9"),
                                     .type = strdup("Default"),
                                     .category = strdup("c\n1"),
                                     .rate = 90000000,
                                     .min = 10,
                                     .max = 100,
                                     .refill = 1,
                                     .cancel = -1,
                                     .dripfeed = -1};
    text = round_trip(smp, r);
    ck_assert_ptr_nonnull(strstr(text, "\"name\":\"Likes \\\"fast\\\" caf\xc3\xa9\""));
    ck_assert_ptr_nonnull(strstr(text, "\"category\":\"c\\n1\""));
    free(text);
    panel_result_free(r);

    r = panel_result_new(PANEL_ACTION_CANCEL, 1);
    panel_entry *e = add_entry(r, "11", PANEL_STATUS_UNKNOWN, NULL);
    e->has = PANEL_HAS_OK;
    e->ok = 1;
    e = add_entry(r, "12", PANEL_STATUS_UNKNOWN, NULL);
    e->has = PANEL_HAS_OK;
    e->ok = 0;
    e = add_entry(r, "13", PANEL_STATUS_UNKNOWN, NULL);
    e->has = 0;
    e = add_entry(r, "14", PANEL_STATUS_UNKNOWN, NULL);
    e->has = 0;
    e->error = strdup("Incorrect order ID");
    text = render_agree(dfp, r);
    ck_assert_msg(strstr(text, "{\"order\":11,\"cancel\":1}") &&
                      strstr(text, "{\"order\":12,\"cancel\":0}") &&
                      strstr(text, "{\"order\":13}") &&
                      strstr(text, "{\"order\":14,\"cancel\":{\"error\":\"Incorrect order ID\"}}"),
                  "%s", text);
    free(text);
    panel_result_free(r);

    r = panel_result_new(PANEL_ACTION_BALANCE, 0);
    r->has = PANEL_HAS_BALANCE;
    r->balance = 12345;
    text = render_agree(smp, r);
    ck_assert_str_eq(text, "{\"balance\":\"0.00012345\"}"); /* finer than 5 places: kept */
    free(text);
    r->error = strdup("Invalid API key");
    text = render_agree(smp, r);
    ck_assert_str_eq(text, "{\"error\":\"Invalid API key\"}");
    free(text);
    panel_result_free(r);
    panel_dialect_set_free(&set);
}
END_TEST

/* The body-level parse at its edges: bad arguments, an undocumented action, the error
 * member beside keyed entries, more than 100 duplicate keys (summarised), and the validator. */
START_TEST(parse_edges)
{
    panel_dialect_set set;
    tu_load_dialects(&set);
    const panel_dialect *d = panel_dialect_set_find(&set, "smpanelim");
    panel_result *r = NULL;
    ck_assert_int_eq(panel_parse(NULL, PANEL_ACTION_BALANCE, "{}", 2, NULL, &r), PANEL_E_INVALID);
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_BALANCE, "{}", 2, NULL, NULL), PANEL_E_INVALID);
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION__COUNT, "{}", 2, NULL, &r), PANEL_E_INVALID);
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_BALANCE, NULL, 2, NULL, &r), PANEL_E_INVALID);
    ck_assert_ptr_null(r);

    /* smpanelim documents no cancel: parsed generically, with one not_documented error. */
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_CANCEL, "{\"cancel\":1}", 12, NULL, &r),
                     PANEL_E_OK);
    const panel_diag *dg = panel_result_find(r, PANEL_DIAG_NOT_DOCUMENTED);
    ck_assert_ptr_nonnull(dg);
    ck_assert_int_eq(dg->severity, PANEL_SEV_ERROR);
    panel_result_free(r);

    /* An error member beside keyed entries is the error envelope (no payload member). */
    const char *body = "{\"1\":{\"charge\":\"0.2\",\"start_count\":\"1\",\"status\":\"Pending\","
                       "\"remains\":\"1\",\"currency\":\"USD\"},\"error\":\"x\"}";
    panel_parse_opts multi = {.multi = 1};
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_STATUS, body, strlen(body), &multi, &r),
                     PANEL_E_OK);
    ck_assert_str_eq(r->error, "x");
    ck_assert_uint_eq(r->n_entries, 0);
    ck_assert_ptr_nonnull(panel_result_find(r, PANEL_DIAG_API_ERROR));
    panel_result_free(r);

    /* 150 repeats of one key: 100 diagnostics and one summary of the 50 left out. */
    char text[4096] = "{\"balance\":\"1\",\"currency\":\"USD\"";
    for (int i = 0; i < 150; i++)
        strcat(text, ",\"currency\":\"USD\"");
    strcat(text, "}");
    ck_assert_int_eq(panel_parse(d, PANEL_ACTION_BALANCE, text, strlen(text), NULL, &r),
                     PANEL_E_OK);
    size_t dups = 0;
    const panel_diag *summary = NULL;
    for (size_t i = 0; i < r->n_diags; i++)
        if (r->diags[i].code == PANEL_DIAG_DUPLICATE_KEY) {
            dups++;
            summary = &r->diags[i];
        }
    ck_assert_uint_eq(dups, 101);
    ck_assert_ptr_nonnull(strstr(summary->message, "50 more duplicate_key"));
    ck_assert(r->has & PANEL_HAS_BALANCE);
    panel_result_free(r);

    char why[128];
    ck_assert_int_eq(panel_json_validate("[1,{}]", 6, why, sizeof why), PANEL_E_OK);
    ck_assert_int_eq(panel_json_validate(" \n", 2, why, sizeof why), PANEL_E_PARSE);
    ck_assert_str_eq(why, "empty body");
    ck_assert_int_eq(panel_json_validate("[1,", 3, why, sizeof why), PANEL_E_PARSE);
    ck_assert_ptr_nonnull(strstr(why, "(line 1, column"));
    ck_assert_int_eq(panel_json_validate("[1,", 3, NULL, 0), PANEL_E_PARSE);
    ck_assert_int_eq(panel_json_validate(NULL, 3, why, sizeof why), PANEL_E_INVALID);
    panel_dialect_set_free(&set);
}
END_TEST

/* ---- core/parse_fields.c: every JSON type in every field kind ---- */

/* One services entry of smpanelim (name string, min intstr, refill bool, rate money) with
 * member field set to the JSON text value: the first diagnostic at /0/<field> has code and
 * severity (PANEL_DIAG__COUNT: none at all), and, when read, the entry holds want. */
START_TEST(parse_value_kinds)
{
    static const struct {
        const char *field, *value;
        panel_diag_code code;
        const char *want; /* the value read, as text; NULL: none */
    } rows[] = {
        /* string */
        {"name", "\"Likes\"", PANEL_DIAG__COUNT, "Likes"},
        {"name", "42", PANEL_DIAG_WRONG_TYPE, "42"},
        {"name", "true", PANEL_DIAG_WRONG_TYPE, "true"},
        {"name", "[1]", PANEL_DIAG_BAD_VALUE, NULL},
        {"name", "null", PANEL_DIAG_MISSING_FIELD, NULL},
        /* intstr */
        {"min", "\"10\"", PANEL_DIAG__COUNT, "10"},
        {"min", "10", PANEL_DIAG_WRONG_TYPE, "10"},
        {"min", "1e1", PANEL_DIAG_WRONG_TYPE, "10"},
        {"min", "1.5", PANEL_DIAG_BAD_VALUE, NULL},
        {"min", "\"1.5\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"min", "\"99999999999999999999\"", PANEL_DIAG_NUMBER_RANGE, NULL},
        {"min", "99999999999999999999", PANEL_DIAG_NUMBER_RANGE, NULL},
        {"min", "{}", PANEL_DIAG_BAD_VALUE, NULL},
        /* bool */
        {"refill", "1", PANEL_DIAG_WRONG_TYPE, "1"},
        {"refill", "0", PANEL_DIAG_WRONG_TYPE, "0"},
        {"refill", "\"true\"", PANEL_DIAG_WRONG_TYPE, "1"},
        {"refill", "\"0\"", PANEL_DIAG_WRONG_TYPE, "0"},
        {"refill", "\"yes\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"refill", "2", PANEL_DIAG_BAD_VALUE, NULL},
        {"refill", "[]", PANEL_DIAG_BAD_VALUE, NULL},
        /* money */
        {"rate", "\"1.5\"", PANEL_DIAG__COUNT, "150000000"},
        {"rate", "\" 1.5 \"", PANEL_DIAG_MONEY_FORMAT, "150000000"},
        {"rate", "\"$1.5\"", PANEL_DIAG_MONEY_FORMAT, "150000000"},
        {"rate", "\"1.5 USD\"", PANEL_DIAG_MONEY_FORMAT, "150000000"},
        {"rate", "\"1,5\"", PANEL_DIAG_MONEY_FORMAT, "150000000"},
        {"rate", "\"1,500\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"1,2,3\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"1.000,5\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"1.5 zzz\"", PANEL_DIAG_MONEY_FORMAT, "150000000"}, /* any 3-letter code */
        {"rate", "\"1.5 zzzz\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"zz 1.5\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"1a5\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"$\"", PANEL_DIAG_BAD_VALUE, NULL},
        {"rate", "\"99999999999999\"", PANEL_DIAG_NUMBER_RANGE, NULL},
        {"rate", "\"0.000000005\"", PANEL_DIAG_MONEY_PRECISION, "0"},
        {"rate",
         "\"\xe2\x88\x92"
         "1.5\"",
         PANEL_DIAG_BAD_VALUE, NULL}, /* U+2212 minus sign */
        {"rate", "true", PANEL_DIAG_BAD_VALUE, NULL},
    };
    panel_dialect_set set;
    tu_load_dialects(&set);
    const panel_dialect *d = panel_dialect_set_find(&set, "smpanelim");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *f = rows[i].field, *val = rows[i].value;
        char body[512];
        snprintf(body, sizeof body,
                 "[{\"service\":1,\"name\":%s,\"type\":\"Default\",\"category\":\"c\","
                 "\"rate\":%s,\"min\":%s,\"max\":\"900\",\"refill\":%s}]",
                 !strcmp(f, "name") ? val : "\"n\"", !strcmp(f, "rate") ? val : "\"0.9\"",
                 !strcmp(f, "min") ? val : "\"1\"", !strcmp(f, "refill") ? val : "true");
        panel_parse_opts o = {.multi = 0};
        panel_result *r = NULL;
        ck_assert_int_eq(panel_parse(d, PANEL_ACTION_SERVICES, body, strlen(body), &o, &r),
                         PANEL_E_OK);
        char ptr[32];
        snprintf(ptr, sizeof ptr, "/0/%s", rows[i].field);
        const panel_diag *dg = NULL;
        for (size_t k = 0; k < r->n_diags && !dg; k++)
            if (strcmp(r->diags[k].pointer, ptr) == 0)
                dg = &r->diags[k];
        if (rows[i].code == PANEL_DIAG__COUNT)
            ck_assert_msg(r->n_diags == 0, "%s=%s: %s", rows[i].field, rows[i].value,
                          r->n_diags ? r->diags[0].message : "");
        else
            ck_assert_msg(dg && dg->code == rows[i].code, "%s=%s: want %s, got %s (%s)",
                          rows[i].field, rows[i].value, panel_diag_code_name(rows[i].code),
                          dg ? panel_diag_code_name(dg->code) : "none", dg ? dg->message : body);
        ck_assert_uint_eq(r->n_services, 1);
        const panel_service *sv = &r->services[0];
        char got[64] = "";
        int have = 0;
        if (!strcmp(rows[i].field, "name")) {
            have = sv->name != NULL;
            snprintf(got, sizeof got, "%s", sv->name ? sv->name : "");
        } else if (!strcmp(rows[i].field, "min")) {
            have = sv->min != 0;
            snprintf(got, sizeof got, "%lld", (long long)sv->min);
        } else if (!strcmp(rows[i].field, "refill")) {
            have = sv->refill >= 0;
            snprintf(got, sizeof got, "%d", sv->refill);
        } else {
            have = rows[i].want != NULL;
            snprintf(got, sizeof got, "%lld", (long long)sv->rate);
        }
        if (rows[i].want)
            ck_assert_msg(have && strcmp(got, rows[i].want) == 0, "%s=%s: read '%s', want '%s'",
                          rows[i].field, rows[i].value, got, rows[i].want);
        else if (strcmp(rows[i].field, "rate") != 0)
            ck_assert_msg(!have, "%s=%s: read '%s', want nothing", rows[i].field, rows[i].value,
                          got);
        else
            ck_assert_int_eq(sv->rate, 0);
        panel_result_free(r);
    }
    panel_dialect_set_free(&set);
}
END_TEST

/* ---- core/result.c and result_write.c: diagnostics at their limits ---- */

/* Diagnostic texts: the message cut to 511 bytes on a character boundary with CR and LF
 * blanked, actual cut to 64 bytes, expected to 256; bad arguments refused; names out of
 * range; the indented writer turns each byte that is not UTF-8 into U+FFFD. */
START_TEST(diagnostics_at_limits)
{
    panel_result *r = panel_result_new(PANEL_ACTION_BALANCE, 0);
    ck_assert_ptr_nonnull(r);
    char longmsg[1200] = "";
    for (int i = 0; i < 300; i++)
        strcat(longmsg, "\xe2\x82\xac"); /* 900 bytes of 3-byte characters */
    char longact[300] = "";
    for (int i = 0; i < 50; i++)
        strcat(longact, "\xc3\xa9"); /* 100 bytes */
    char longexp[400];
    memset(longexp, 'e', sizeof longexp - 1);
    longexp[sizeof longexp - 1] = '\0';
    ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG_BAD_VALUE, NULL, longexp, longact,
                                       "line one\r\nline two %s", longmsg),
                     PANEL_E_OK);
    const panel_diag *dg = &r->diags[0];
    ck_assert_str_eq(dg->pointer, "");
    ck_assert_uint_eq(strlen(dg->expected), 256);
    ck_assert_uint_eq(strlen(dg->actual), 64);
    ck_assert_uint_le(strlen(dg->message), 511);
    ck_assert_uint_ge(strlen(dg->message), 509);
    ck_assert_int_eq(strncmp(dg->message, "line one  line two ", 19), 0);
    ck_assert_uint_eq((strlen(dg->message) - 19) % 3, 0); /* whole euro signs only */
    ck_assert_int_eq(dg->severity, PANEL_SEV_ERROR);
    ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG__COUNT, "", NULL, NULL, "x"), PANEL_E_INVALID);
    ck_assert_int_eq(panel_result_diag(NULL, PANEL_DIAG_BAD_VALUE, "", NULL, NULL, "x"),
                     PANEL_E_INVALID);
    ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG_WRONG_TYPE, "/b", NULL, NULL, NULL),
                     PANEL_E_OK);
    ck_assert_str_eq(r->diags[1].message, "");
    ck_assert_uint_eq(panel_result_count(r, PANEL_SEV_WARNING), 2);
    ck_assert_uint_eq(panel_result_count(r, PANEL_SEV_ERROR), 1);
    ck_assert_uint_eq(panel_result_count(NULL, PANEL_SEV_INFO), 0);
    ck_assert_ptr_null(panel_result_find(r, PANEL_DIAG_TOO_DEEP));
    ck_assert_ptr_null(panel_result_find(NULL, PANEL_DIAG_TOO_DEEP));
    ck_assert_str_eq(panel_diag_code_name(PANEL_DIAG__COUNT), "unknown");
    ck_assert_int_eq(panel_diag_code_severity(PANEL_DIAG__COUNT), PANEL_SEV_ERROR);
    ck_assert_int_eq(panel_diag_code_severity(PANEL_DIAG_DUPLICATE_KEY), PANEL_SEV_WARNING);
    ck_assert_str_eq(panel_severity_name(PANEL_SEV_INFO), "info");
    ck_assert_str_eq(panel_severity_name((panel_severity)7), "unknown");
    panel_result_free(r);

    /* Bytes that are not UTF-8 in a diagnostic: one U+FFFD each in the written JSON. */
    static const struct {
        const char *in, *out;
    } bad[] = {
        {"ok \xf0\x9f\x98\x80", "ok \xf0\x9f\x98\x80"},           /* a valid 4-byte character */
        {"\xe0\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* overlong */
        {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* a surrogate */
        {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* > U+10FFFF */
        {"a\xc3", "a\xef\xbf\xbd"},                                               /* cut short */
        {"\xc3(", "\xef\xbf\xbd("}, /* no continuation */
        {"\xff", "\xef\xbf\xbd"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = panel_result_new(PANEL_ACTION_BALANCE, 0);
        ck_assert_int_eq(panel_result_diag(r, PANEL_DIAG_BAD_VALUE, "", NULL, bad[i].in, "m"),
                         PANEL_E_OK);
        panel_buf b;
        panel_buf_init(&b, 1 << 16);
        ck_assert_int_eq(panel_result_write_json(r, &b), PANEL_E_OK);
        json_error_t jerr;
        json_t *j = json_loads(b.data, 0, &jerr);
        ck_assert_msg(j != NULL, "row %zu: not JSON (%s): %s", i, jerr.text, b.data);
        const char *act = json_string_value(
            json_object_get(json_array_get(json_object_get(j, "diagnostics"), 0), "actual"));
        ck_assert_msg(act && strcmp(act, bad[i].out) == 0, "row %zu: actual '%s'", i,
                      act ? act : "(none)");
        json_decref(j);
        panel_buf_free(&b);
        panel_result_free(r);
    }
    panel_buf b;
    panel_buf_init(&b, 64);
    ck_assert_int_eq(panel_result_write_json(NULL, &b), PANEL_E_INVALID);
    panel_buf_free(&b);
}
END_TEST

/* ---- core/fuzz_mutate.c: panel_fuzz_crossover ---- */

/* 1 when out[0..n) is a head of a and a tail of b (the byte splice). */
static int is_splice(const char *a, size_t na, const char *b, size_t nb, const char *out, size_t n)
{
    for (size_t c1 = 0; c1 <= na && c1 <= n; c1++)
        if (memcmp(out, a, c1) == 0 && n - c1 <= nb &&
            memcmp(out + c1, b + nb - (n - c1), n - c1) == 0)
            return 1;
    return 0;
}

/* Over 200 seeds: deterministic, bounded by max_out_size, each output either a byte splice of
 * the two inputs or valid JSON (a subtree of the second grafted into the first), both kinds
 * seen; inputs that are not JSON are only spliced. */
START_TEST(fuzz_crossover)
{
    const char *a = "{\"order\":23501,\"charge\":\"0.27819\"}";
    const char *b = "[{\"status\":\"Partial\",\"remains\":\"157\"}]";
    size_t na = strlen(a), nb = strlen(b);
    uint8_t out[256], again[256];
    int grafts = 0, splices = 0;
    for (uint64_t seed = 0; seed < 200; seed++) {
        size_t n = panel_fuzz_crossover((const uint8_t *)a, na, (const uint8_t *)b, nb, out,
                                        sizeof out, seed);
        ck_assert_uint_le(n, sizeof out);
        size_t m = panel_fuzz_crossover((const uint8_t *)a, na, (const uint8_t *)b, nb, again,
                                        sizeof again, seed);
        ck_assert_uint_eq(n, m);
        ck_assert_int_eq(memcmp(out, again, n), 0);
        if (is_splice(a, na, b, nb, (const char *)out, n)) {
            splices++;
            continue;
        }
        json_t *j = json_loadb((const char *)out, n, JSON_DECODE_ANY, NULL);
        ck_assert_msg(j != NULL, "seed %llu: neither a splice nor JSON: %.*s",
                      (unsigned long long)seed, (int)n, out);
        json_decref(j);
        grafts++;
    }
    ck_assert_int_gt(grafts, 0);
    ck_assert_int_gt(splices, 0);
    /* Not JSON, an empty side, or a small room: splices only, within the room. */
    const char *t1 = "not json at all", *t2 = "{broken";
    for (uint64_t seed = 0; seed < 50; seed++) {
        size_t n = panel_fuzz_crossover((const uint8_t *)t1, strlen(t1), (const uint8_t *)t2,
                                        strlen(t2), out, sizeof out, seed);
        ck_assert(is_splice(t1, strlen(t1), t2, strlen(t2), (const char *)out, n));
        n = panel_fuzz_crossover((const uint8_t *)a, na, (const uint8_t *)b, 0, out, sizeof out,
                                 seed);
        ck_assert(is_splice(a, na, b, 0, (const char *)out, n));
        n = panel_fuzz_crossover((const uint8_t *)a, na, (const uint8_t *)b, nb, out, 8, seed);
        ck_assert_uint_le(n, 8);
    }
}
END_TEST

static Suite *cov_parse_suite(void)
{
    Suite *s = suite_create("cov_parse");
    TCase *tc0 = tcase_create("render");
    tcase_add_test(tc0, render_field_kinds);
    tcase_add_test(tc0, render_error_entries);
    tcase_add_test(tc0, render_built_results);
    tcase_add_test(tc0, parse_edges);
    tcase_add_test(tc0, parse_value_kinds);
    suite_add_tcase(s, tc0);
    TCase *tc1 = tcase_create("result");
    tcase_add_test(tc1, diagnostics_at_limits);
    tcase_add_test(tc1, fuzz_crossover);
    suite_add_tcase(s, tc1);
    return s;
}

int main(void)
{
    return tu_run(cov_parse_suite());
}
