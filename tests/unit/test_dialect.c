/* tests/unit/test_dialect.c - the dialect loader, its validation and the name tables. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "panel/dialect.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define DIALECT_DIR PANEL_SOURCE_DIR "/dialects"
#define BAD_DIR PANEL_SOURCE_DIR "/tests/dialects_bad"

static panel_dialect_set set;

/* Loads every shipped dialect once per test. */
static void setup(void)
{
    tu_load_dialects(&set);
}

/* Frees the set. */
static void teardown(void)
{
    panel_dialect_set_free(&set);
}

/* The dialect named name; fails the test when absent. */
static const panel_dialect *get(const char *name)
{
    const panel_dialect *d = panel_dialect_set_find(&set, name);
    ck_assert_msg(d != NULL, "dialect %s not loaded", name);
    return d;
}

START_TEST(all_five_load)
{
    static const char *const names[] = {"dripfeedpanel", "notpanel",   "panel-v2",  "smm-objectid",
                                        "smmpanel-ru",   "smmpanelus", "smpanelim", "subnoc"};
    ck_assert_uint_eq(set.count, N_OF(names));
    for (int i = 0; i < N_OF(names); i++) {
        ck_assert_str_eq(set.items[i]->name, names[i]); /* sorted by name */
        ck_assert_ptr_nonnull(set.items[i]->root);
        ck_assert_uint_gt(set.items[i]->n_catalogue, 0);
        /* Every declared type has a catalogue service. */
        const panel_dialect *d = set.items[i];
        for (size_t t = 0; t < d->n_types; t++) {
            size_t k = 0;
            while (k < d->n_catalogue &&
                   panel_dialect_type(d, d->catalogue[k].type) != &d->types[t])
                k++;
            ck_assert_msg(k < d->n_catalogue, "%s: type %s has no service", d->name,
                          d->types[t].name);
        }
    }
    ck_assert_ptr_null(panel_dialect_set_find(&set, "nope"));
}
END_TEST

START_TEST(dripfeedpanel_spots)
{
    const panel_dialect *d = get("dripfeedpanel");
    ck_assert_str_eq(d->base_path, "/api/v2");
    ck_assert_int_eq(d->json_requests, 0);
    ck_assert_int_eq(d->order_id_kind, PANEL_KIND_INT);
    ck_assert_uint_eq(d->max_ids, 100);
    ck_assert_int_eq(d->money_decimals, 5);
    const panel_action_spec *c = &d->actions[PANEL_ACTION_CANCEL];
    ck_assert_int_eq(c->documented, 1);
    ck_assert_int_eq(c->single.present, 0);
    ck_assert_int_eq(c->multi.shape, PANEL_SHAPE_ARRAY);
    ck_assert_str_eq(c->multi.key_field, "order");
    ck_assert_int_eq(c->multi.error_entry, PANEL_ERRENTRY_NESTED);
    ck_assert_int_eq(json_integer_value(c->multi.ok_value), 1);
    const panel_service_type *t = panel_dialect_type(d, "custom comments");
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(t->qty, PANEL_QTY_LINES);
    ck_assert_str_eq(t->qty_param, "comments");
    t = panel_dialect_type(d, "Web Traffic");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->n_cond, 2);
    ck_assert_str_eq(t->cond[1].param, "referring_url");
    const panel_param_spec *p = panel_dialect_param(d, "expiry");
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(p->date_format, "d/m/Y");
    ck_assert_uint_eq(panel_dialect_param(d, "delay")->n_enum, 22);
    ck_assert_int_eq(d->order_status.next[PANEL_STATUS_PENDING][PANEL_STATUS_PROCESSING], 1);
    ck_assert_int_eq(d->order_status.next[PANEL_STATUS_COMPLETED][PANEL_STATUS_PENDING], 0);
    ck_assert_int_eq(d->errors[PANEL_ERRCASE_BAD_KEY].http, 200);
    ck_assert_str_eq(d->errors[PANEL_ERRCASE_BAD_ORDER_ID].message, "Incorrect order ID");
    ck_assert_int_eq(d->catalogue[0].refill, 1);
    ck_assert_int_eq(d->catalogue[0].rate, 90000000);
    ck_assert_int_eq(d->mock_balance, 10084292000LL);
}
END_TEST

START_TEST(smm_objectid_spots)
{
    const panel_dialect *d = get("smm-objectid");
    ck_assert_int_eq(d->json_requests, 1);
    ck_assert_int_eq(d->order_id_kind, PANEL_KIND_OID);
    ck_assert_int_eq(d->refill_id_kind, PANEL_KIND_OID);
    ck_assert_int_eq(d->money_decimals, 8);
    ck_assert_str_eq(d->key_pattern, "XXXXXXXX.XXXXXXXX-XXXXXXXX");
    ck_assert_int_eq(panel_dialect_key_ok(d, "abcd1234.efgh5678-ijkl9012"), 1);
    ck_assert_int_eq(panel_dialect_key_ok(d, "abcd1234.efgh5678-ijkl901"), 0);
    ck_assert_int_eq(panel_dialect_key_ok(d, "abcd1234-efgh5678-ijkl9012"), 0);
    const panel_action_spec *s = &d->actions[PANEL_ACTION_STATUS];
    ck_assert_int_eq(s->single.shape, PANEL_SHAPE_KEYED);
    ck_assert_int_eq(s->multi.shape, PANEL_SHAPE_KEYED);
    ck_assert_int_eq(s->single.error_entry, PANEL_ERRENTRY_OBJECT);
    ck_assert_str_eq(d->actions[PANEL_ACTION_REFILL].single_param, "refill");
    ck_assert_ptr_null(d->actions[PANEL_ACTION_REFILL].multi_param);
    ck_assert_int_eq(d->actions[PANEL_ACTION_REFILL].multi.present, 0);
    ck_assert_str_eq(d->actions[PANEL_ACTION_CANCEL].single_param, "order");
    ck_assert_str_eq(d->actions[PANEL_ACTION_CANCEL].single.result_field, "cancel");
    ck_assert_int_eq(d->errors[PANEL_ERRCASE_BAD_KEY].http, 401);
    ck_assert_str_eq(d->errors[PANEL_ERRCASE_MALFORMED_KEY].message, "Invalid API key format");
    ck_assert_int_eq(d->errors[PANEL_ERRCASE_KEY_LOCKED].http, 429);
    ck_assert_uint_eq(d->failed_key_attempts, 10);
    ck_assert_uint_eq(d->failed_key_window_s, 900);
    ck_assert_uint_eq(d->n_types, 14);
    const panel_service_type *t = panel_dialect_type(d, "Subscriptions");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->n_required, 4);
    ck_assert_str_eq(t->required[3], "delay");
    int exact = -1;
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, "FAIL", &exact), PANEL_STATUS_FAILED);
    ck_assert_int_eq(exact, 1);
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, "in progress", &exact),
                     PANEL_STATUS_IN_PROGRESS);
    ck_assert_int_eq(exact, 0);
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, "Processing", NULL),
                     PANEL_STATUS_PROCESSING);
}
END_TEST

START_TEST(panel_v2_spots)
{
    const panel_dialect *d = get("panel-v2");
    const panel_action_spec *s = &d->actions[PANEL_ACTION_STATUS];
    ck_assert_str_eq(s->name, "status");
    ck_assert_str_eq(s->multi_name, "multiStatus");
    ck_assert_str_eq(s->multi_param, "orders");
    ck_assert_int_eq(d->actions[PANEL_ACTION_REFILL].documented, 0);
    ck_assert_int_eq(d->actions[PANEL_ACTION_REFILL_STATUS].documented, 0);
    const panel_action_spec *c = &d->actions[PANEL_ACTION_CANCEL];
    ck_assert_int_eq(c->multi.error_entry, PANEL_ERRENTRY_SIBLING);
    ck_assert_str_eq(json_string_value(json_object_get(c->multi.ok_value, "status")), "success");
    ck_assert_uint_eq(d->requests_per_minute, 1000);
    ck_assert_int_eq(d->errors[PANEL_ERRCASE_NOT_ENOUGH_FUNDS].http, 402);
    ck_assert_int_eq(d->errors[PANEL_ERRCASE_SUBSCRIPTION_REFUSED].http, 400);
    const panel_service_type *t = panel_dialect_type(d, "subscriptions");
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(t->add_refused, 1);
    ck_assert_int_eq(t->qty, PANEL_QTY_POSTS_X_MAX);
    ck_assert_int_eq(panel_dialect_type(d, "Package")->qty, PANEL_QTY_FIXED);
    ck_assert_str_eq(panel_dialect_param(d, "expiry")->date_format, "Y-m-d");
    ck_assert_int_eq(d->webhook.present, 1);
    ck_assert_uint_eq(d->webhook.n_fields, 5);
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, "Done", NULL), PANEL_STATUS_COMPLETED);
    ck_assert_str_eq(panel_vocab_word(&d->order_status, PANEL_STATUS_COMPLETED), "Completed");
    ck_assert_int_eq(d->catalogue[0].refill, -1);
    ck_assert_int_eq(d->refill_status.n_words, 0);
}
END_TEST

START_TEST(smmpanel_ru_spots)
{
    const panel_dialect *d = get("smmpanel-ru");
    ck_assert_str_eq(d->base_path, "/api/v1");
    const panel_response_spec *a = &d->actions[PANEL_ACTION_ADD].single;
    ck_assert_ptr_nonnull(a->wrapper);
    ck_assert_str_eq(json_string_value(json_object_get(a->wrapper, "status")), "success");
    ck_assert_ptr_nonnull(d->actions[PANEL_ACTION_BALANCE].single.wrapper);
    ck_assert_ptr_null(d->actions[PANEL_ACTION_STATUS].single.wrapper);
    ck_assert_int_eq(d->actions[PANEL_ACTION_STATUS].multi.error_entry, PANEL_ERRENTRY_STRING);
    ck_assert_int_eq(d->actions[PANEL_ACTION_CANCEL].documented, 0);
    ck_assert_int_eq(d->money_decimals, 4);
    ck_assert_uint_eq(d->n_types, 11);
    ck_assert_uint_eq(panel_dialect_param(d, "delay")->n_enum, 7);
    ck_assert_ptr_nonnull(panel_dialect_type(d, "default"));
    ck_assert_int_eq(panel_vocab_lookup(&d->order_status, "IN_PROGRESS", NULL),
                     PANEL_STATUS_IN_PROGRESS);
    ck_assert_str_eq(d->catalogue[0].service, "5");
}
END_TEST

START_TEST(smpanelim_spots)
{
    const panel_dialect *d = get("smpanelim");
    ck_assert_uint_eq(d->n_types, 2);
    ck_assert_int_eq(panel_dialect_type(d, "Custom Comments")->qty, PANEL_QTY_LINES);
    ck_assert_int_eq(d->actions[PANEL_ACTION_CANCEL].documented, 0);
    ck_assert_int_eq(d->actions[PANEL_ACTION_REFILL].single.fields[0].kind, PANEL_KIND_INTSTR);
    ck_assert_int_eq(d->actions[PANEL_ACTION_REFILL].multi.present, 0);
    ck_assert_int_eq(d->actions[PANEL_ACTION_STATUS].multi.error_entry, PANEL_ERRENTRY_OBJECT);
    ck_assert_int_eq(d->catalogue[0].cancel, -1);
}
END_TEST

static const struct {
    const char *word;
    panel_status want;
    int exact;
} vocab_cases[] = {
    {"In progress", PANEL_STATUS_IN_PROGRESS, 1}, {"IN_PROGRESS", PANEL_STATUS_IN_PROGRESS, 0},
    {"in progress", PANEL_STATUS_IN_PROGRESS, 0}, {"inprogress", PANEL_STATUS_IN_PROGRESS, 0},
    {"COMPLETED", PANEL_STATUS_COMPLETED, 0},     {"Completed", PANEL_STATUS_COMPLETED, 1},
    {"Complete", PANEL_STATUS_UNKNOWN, 0},        {"", PANEL_STATUS_UNKNOWN, 0},
    {"Refunded", PANEL_STATUS_UNKNOWN, 0},
};

START_TEST(vocab_lookup)
{
    const panel_dialect *d = get("dripfeedpanel");
    int exact = -1;
    panel_status got = panel_vocab_lookup(&d->order_status, vocab_cases[_i].word, &exact);
    ck_assert_str_eq(panel_status_name(got), panel_status_name(vocab_cases[_i].want));
    ck_assert_int_eq(exact, vocab_cases[_i].exact);
}
END_TEST

START_TEST(name_tables)
{
    for (int a = 0; a < PANEL_ACTION__COUNT; a++)
        ck_assert_int_eq(panel_action_from_name(panel_action_name((panel_action)a)), a);
    ck_assert_int_eq(panel_action_from_name("refil"), -1);
    ck_assert_int_eq(panel_action_from_name(NULL), -1);
    ck_assert_str_eq(panel_action_name(PANEL_ACTION_REFILL_STATUS), "refill_status");
    ck_assert_str_eq(panel_action_name(PANEL_ACTION__COUNT), "?");
    ck_assert_str_eq(panel_status_name(PANEL_STATUS_IN_PROGRESS), "in_progress");
    ck_assert_str_eq(panel_status_name((panel_status)99), "unknown");
    ck_assert_int_eq(panel_status_is_terminal(PANEL_STATUS_PARTIAL), 1);
    ck_assert_int_eq(panel_status_is_terminal(PANEL_STATUS_PENDING), 0);
    ck_assert_int_eq(panel_status_is_terminal((panel_status)-1), 0);
    ck_assert_str_eq(panel_kind_name(PANEL_KIND_OID), "objectid");
    ck_assert_str_eq(panel_kind_name(PANEL_KIND__COUNT), "?");
    ck_assert_str_eq(panel_errcase_name(PANEL_ERRCASE_BAD_METHOD), "bad_method");
    ck_assert_str_eq(panel_errcase_name(PANEL_ERRCASE__COUNT), "?");
}
END_TEST

static const struct {
    panel_kind kind;
    const char *id;
    int ok;
} id_cases[] = {
    {PANEL_KIND_INT, "1", 1},
    {PANEL_KIND_INT, "23501", 1},
    {PANEL_KIND_INT, "123456789012345678", 1},
    {PANEL_KIND_INT, "1234567890123456789", 0},
    {PANEL_KIND_INT, "0", 0},
    {PANEL_KIND_INT, "012", 0},
    {PANEL_KIND_INT, "", 0},
    {PANEL_KIND_INT, "-1", 0},
    {PANEL_KIND_INT, "12a", 0},
    {PANEL_KIND_INT, " 12", 0},
    {PANEL_KIND_OID, "507f1f77bcf86cd799439011", 1},
    {PANEL_KIND_OID, "507F1F77BCF86CD799439011", 1},
    {PANEL_KIND_OID, "507f1f77bcf86cd79943901", 0},
    {PANEL_KIND_OID, "507f1f77bcf86cd7994390111", 0},
    {PANEL_KIND_OID, "507f1f77bcf86cd79943901g", 0},
    {PANEL_KIND_STRING, "ord_01HG9X7KJP4N", 1}, /* pattern ids: any token */
    {PANEL_KIND_STRING, "a b", 0},
    {PANEL_KIND_ANY, "abc", 0},
};

START_TEST(id_formats)
{
    ck_assert_int_eq(panel_id_ok(id_cases[_i].kind, id_cases[_i].id), id_cases[_i].ok);
}
END_TEST

START_TEST(key_patterns)
{
    const panel_dialect *d = get("dripfeedpanel");
    ck_assert_int_eq(panel_dialect_key_ok(d, "0123456789abcdef0123456789abcdef"), 1);
    ck_assert_int_eq(panel_dialect_key_ok(d, "0123456789ABCDEF0123456789abcdef"), 0);
    ck_assert_int_eq(panel_dialect_key_ok(d, "0123456789abcdef0123456789abcde"), 0);
    ck_assert_int_eq(panel_dialect_key_ok(d, "0123456789abcdef0123456789abcdef0"), 0);
    ck_assert_int_eq(panel_dialect_key_ok(d, NULL), 0);
    ck_assert_int_eq(panel_dialect_key_ok(NULL, "x"), 0);
}
END_TEST

START_TEST(default_dir)
{
    setenv("PANEL_DIALECT_DIR", "/tmp/some-dialects", 1);
    ck_assert_str_eq(panel_dialect_default_dir(), "/tmp/some-dialects");
    unsetenv("PANEL_DIALECT_DIR");
    ck_assert_str_eq(panel_dialect_default_dir(), PANEL_DIALECT_DIR);
}
END_TEST

/* The broken fixtures: folders of tests/dialects_bad/, each a patch.json (RFC 6902 add / remove /
 * replace operations on dialects/smpanelim.json) or a raw.json, and an expected.json listing
 * every error the loader must report (pointer, code, optionally the suggestion). */
#define BAD_MAX 128
static char *bad_names[BAD_MAX];
static int n_bad;

/* qsort comparator for names. */
static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the fixture folders into bad_names. */
static void list_bad(void)
{
    DIR *dh = opendir(BAD_DIR);
    struct dirent *de;
    if (dh == NULL)
        return;
    while ((de = readdir(dh)) != NULL && n_bad < BAD_MAX)
        if (de->d_name[0] != '.')
            bad_names[n_bad++] = strdup(de->d_name);
    closedir(dh);
    qsort(bad_names, (size_t)n_bad, sizeof *bad_names, by_str);
}

/* Unescapes one RFC 6901 token in place. */
static void unescape(char *t)
{
    char *w = t;
    for (const char *r = t; *r != '\0'; r++) {
        if (r[0] == '~' && r[1] == '1') {
            *w++ = '/';
            r++;
        } else if (r[0] == '~' && r[1] == '0') {
            *w++ = '~';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Applies one add / remove / replace operation to doc. */
static void apply_op(json_t *doc, json_t *op)
{
    const char *kind = json_string_value(json_object_get(op, "op"));
    char path[512], *last = NULL;
    json_t *node = doc;
    ck_assert_ptr_nonnull(kind);
    snprintf(path, sizeof path, "%s", json_string_value(json_object_get(op, "path")));
    char *p = path + 1;
    for (char *slash = strchr(p, '/'); slash != NULL; slash = strchr(p, '/')) {
        *slash = '\0';
        unescape(p);
        node = json_is_array(node) ? json_array_get(node, strtoul(p, NULL, 10))
                                   : json_object_get(node, p);
        ck_assert_msg(node != NULL, "patch path %s not found", path);
        p = slash + 1;
    }
    last = p;
    unescape(last);
    json_t *value = json_object_get(op, "value");
    if (json_is_array(node)) {
        size_t i = strtoul(last, NULL, 10);
        if (strcmp(kind, "remove") == 0)
            json_array_remove(node, i);
        else
            json_array_set(node, i, value);
    } else if (strcmp(kind, "remove") == 0) {
        ck_assert_int_eq(json_object_del(node, last), 0);
    } else {
        json_object_set(node, last, value);
    }
}

START_TEST(bad_fixture)
{
    char dir[512], path[600];
    json_error_t jerr;
    panel_dialect *d = NULL;
    panel_dialect_errors errs;
    panel_err rc;
    snprintf(dir, sizeof dir, "%s/%s", BAD_DIR, bad_names[_i]);
    snprintf(path, sizeof path, "%s/raw.json", dir);
    if (access(path, R_OK) == 0) {
        rc = panel_dialect_load_file_all(path, &d, &errs);
    } else {
        json_t *doc = json_load_file(DIALECT_DIR "/smpanelim.json", 0, &jerr);
        snprintf(path, sizeof path, "%s/patch.json", dir);
        json_t *ops = json_load_file(path, 0, &jerr);
        ck_assert_msg(doc != NULL && json_is_array(ops), "%s: %s", path, jerr.text);
        for (size_t i = 0; i < json_array_size(ops); i++)
            apply_op(doc, json_array_get(ops, i));
        char *text = json_dumps(doc, 0);
        rc = panel_dialect_load_bytes_all(text, strlen(text), bad_names[_i], &d, &errs);
        free(text);
        json_decref(doc);
        json_decref(ops);
    }
    ck_assert_str_eq(panel_err_name(rc), panel_err_name(PANEL_E_DIALECT));
    ck_assert_ptr_null(d);
    snprintf(path, sizeof path, "%s/expected.json", dir);
    json_t *expected = json_load_file(path, 0, &jerr);
    json_t *want = json_object_get(expected, "errors");
    ck_assert_msg(want != NULL, "%s: %s", path, jerr.text);
    for (size_t k = 0; k < errs.count; k++)
        fprintf(stderr, "%s: got %s %s: %s\n", bad_names[_i], errs.items[k].pointer,
                panel_dialect_errcode_name(errs.items[k].code), errs.items[k].reason);
    ck_assert_uint_eq(errs.count, json_array_size(want));
    for (size_t k = 0; k < errs.count; k++) {
        json_t *w = json_array_get(want, k);
        const panel_dialect_error *e = &errs.items[k];
        ck_assert_str_eq(e->pointer, json_string_value(json_object_get(w, "pointer")));
        ck_assert_str_eq(panel_dialect_errcode_name(e->code),
                         json_string_value(json_object_get(w, "code")));
        if (json_object_get(w, "suggest") != NULL)
            ck_assert_str_eq(e->suggest, json_string_value(json_object_get(w, "suggest")));
        ck_assert(e->reason[0] != '\0');
    }
    json_decref(expected);
    panel_dialect_errors_free(&errs);
}
END_TEST

START_TEST(first_error_api)
{
    panel_dialect *d = NULL;
    panel_dialect_error err;
    panel_err rc =
        panel_dialect_load_bytes("{\"panelkit_dialect\": 1, \"title\": 5}", 35, "x", &d, &err);
    ck_assert_int_eq(rc, PANEL_E_DIALECT);
    ck_assert_str_eq(err.file, "x");
    ck_assert_str_eq(panel_dialect_errcode_name(err.code), "missing_member");
    ck_assert_str_eq(err.pointer, "/name"); /* the first of several */
    ck_assert_str_eq(panel_dialect_errcode_name(PANEL_DERR__COUNT), "?");
    ck_assert_str_eq(panel_dialect_errcode_message(PANEL_DERR_NO_CITATION),
                     "a rule without src, example, observed or assumed");
}
END_TEST

START_TEST(invalid_json_position)
{
    panel_dialect *d = NULL;
    panel_dialect_error err;
    panel_err rc = panel_dialect_load_file(BAD_DIR "/invalid-json/raw.json", &d, &err);
    ck_assert_int_eq(rc, PANEL_E_DIALECT);
    ck_assert_int_eq(err.line, 3);
    ck_assert_int_gt(err.column, 0);
    ck_assert_str_eq(panel_dialect_errcode_name(err.code), "invalid_json");
    rc = panel_dialect_load_bytes("", 0, "empty", &d, &err);
    ck_assert_int_eq(rc, PANEL_E_DIALECT);
    ck_assert_str_eq(err.pointer, "");
    rc = panel_dialect_load_bytes("[1]", 3, "array", &d, &err);
    ck_assert_int_eq(rc, PANEL_E_DIALECT);
    ck_assert_str_eq(err.reason, "expected an object");
}
END_TEST

START_TEST(too_large_and_missing)
{
    size_t n = 1024 * 1024 + 1;
    char *big = malloc(n);
    ck_assert_ptr_nonnull(big);
    memset(big, ' ', n);
    panel_dialect *d = NULL;
    panel_dialect_error err;
    ck_assert_int_eq(panel_dialect_load_bytes(big, n, "big", &d, &err), PANEL_E_TOO_LARGE);
    ck_assert_ptr_null(d);
    free(big);
    ck_assert_int_eq(panel_dialect_load_file(BAD_DIR "/no-such-file.json", &d, &err), PANEL_E_IO);
    panel_dialect_set s;
    ck_assert_int_eq(panel_dialect_load_dir(BAD_DIR "/invalid-json", &s, &err), PANEL_E_DIALECT);
    ck_assert_uint_eq(s.count, 0);
    ck_assert_int_eq(panel_dialect_load_dir("/nonexistent-dir", &s, &err), PANEL_E_IO);
}
END_TEST

/* Optional top-level members: deleting them keeps the file valid. */
static int optional_member(const char *k)
{
    /* The generated schema says which top-level members are required (the loader's table). */
    json_t *schema = panel_dialect_schema_new();
    json_t *req =
        json_object_get(json_object_get(json_object_get(schema, "$defs"), "dialect"), "required");
    int optional = 1;
    for (size_t i = 0; i < json_array_size(req); i++)
        optional = optional && strcmp(json_string_value(json_array_get(req, i)), k) != 0;
    json_decref(schema);
    return optional;
}

START_TEST(delete_each_member)
{
    static const char *const files[] = {"dripfeedpanel", "panel-v2", "smm-objectid", "smmpanel-ru",
                                        "smpanelim",     "notpanel", "smmpanelus",   "subnoc"};
    char path[512];
    snprintf(path, sizeof path, "%s/%s.json", DIALECT_DIR, files[_i]);
    json_error_t jerr;
    json_t *good = json_load_file(path, 0, &jerr);
    ck_assert_ptr_nonnull(good);
    const char *key;
    json_t *val;
    int rejected = 0;
    json_object_foreach(good, key, val)
    {
        json_t *copy = json_deep_copy(good);
        json_object_del(copy, key);
        char *text = json_dumps(copy, 0);
        panel_dialect *d = NULL;
        panel_dialect_error err;
        panel_err rc = panel_dialect_load_bytes(text, strlen(text), "mutated", &d, &err);
        if (optional_member(key)) {
            ck_assert_msg(rc == PANEL_E_OK, "deleting %s: %s", key, err.reason);
            panel_dialect_free(d);
        } else {
            char want[300];
            snprintf(want, sizeof want, "/%s", key);
            ck_assert_msg(rc == PANEL_E_DIALECT, "deleting %s was accepted", key);
            ck_assert_ptr_null(d);
            ck_assert_str_eq(err.pointer, want);
            ck_assert_ptr_nonnull(strstr(err.reason, "missing required member"));
            rejected++;
        }
        free(text);
        json_decref(copy);
    }
    ck_assert_int_ge(rejected, 18);
    json_decref(good);
}
END_TEST

/* Deleting any one member anywhere in the tree either loads or fails cleanly. */
static void delete_everywhere(json_t *root, json_t *node, int *runs)
{
    if (json_is_object(node)) {
        /* Re-inserting moves a key to the end, so iterate over a snapshot of the keys. */
        size_t n = json_object_size(node), i = 0;
        char **keys = calloc(n + 1, sizeof *keys);
        const char *k;
        json_t *v;
        ck_assert_ptr_nonnull(keys);
        json_object_foreach(node, k, v) keys[i++] = strdup(k);
        for (i = 0; i < n; i++) {
            json_t *keep = json_incref(json_object_get(node, keys[i]));
            json_object_del(node, keys[i]);
            char *text = json_dumps(root, 0);
            panel_dialect *d = NULL;
            panel_dialect_error err;
            panel_err rc = panel_dialect_load_bytes(text, strlen(text), "mutated", &d, &err);
            ck_assert(rc == PANEL_E_OK || rc == PANEL_E_DIALECT);
            panel_dialect_free(d);
            free(text);
            json_object_set_new(node, keys[i], keep);
            (*runs)++;
            delete_everywhere(root, keep, runs);
            free(keys[i]);
        }
        free(keys);
    } else if (json_is_array(node)) {
        for (size_t i = 0; i < json_array_size(node) && i < 3; i++)
            delete_everywhere(root, json_array_get(node, i), runs);
    }
}

START_TEST(delete_nested_members)
{
    json_error_t jerr;
    json_t *good = json_load_file(DIALECT_DIR "/smpanelim.json", 0, &jerr);
    ck_assert_ptr_nonnull(good);
    int runs = 0;
    delete_everywhere(good, good, &runs);
    ck_assert_int_gt(runs, 100);
    json_decref(good);
}
END_TEST

/* 1 when b cites something or gives a reason. */
static int basis_filled(const panel_basis *b)
{
    return b->src != NULL || b->why != NULL;
}

START_TEST(provenance_panel_v2)
{
    const panel_dialect *d = get("panel-v2");
    const panel_basis *h = panel_error_case_basis(d, PANEL_ERRCASE_BAD_KEY, PANEL_BASIS_HTTP);
    const panel_basis *m = panel_error_case_basis(d, PANEL_ERRCASE_BAD_KEY, PANEL_BASIS_MESSAGE);
    ck_assert_str_eq(panel_prov_name(h->prov), "documented");
    ck_assert_str_eq(h->src, "002 §errors (401 Missing or wrong key)");
    ck_assert_str_eq(panel_prov_name(m->prov), "assumed");
    ck_assert_ptr_null(m->src);
    ck_assert_str_eq(m->why, "no body text documented; dripfeedpanel's text");
    ck_assert_int_eq(panel_basis_documented(h), 1);
    ck_assert_int_eq(panel_basis_documented(m), 0);
    h = panel_error_case_basis(d, PANEL_ERRCASE_KEY_LOCKED, PANEL_BASIS_HTTP);
    ck_assert_str_eq(panel_prov_name(h->prov), "assumed");
    ck_assert_str_eq(panel_prov_name(d->order_id_basis.prov), "example"); /* 002 §add example */
    ck_assert_str_eq(panel_prov_name(d->refill_id_basis.prov), "assumed");
    ck_assert_str_eq(d->refill_id_basis.why, "no refill actions; int like order ids");
    ck_assert_str_eq(panel_prov_name(d->order_status.basis.prov), "documented");
    ck_assert_str_eq(panel_prov_name(d->order_status.lifecycle_basis.prov), "assumed");
    ck_assert_str_eq(panel_prov_name(d->types[1].basis.prov), "documented");
    ck_assert_str_eq(panel_prov_name(d->types[1].name_basis.prov), "assumed");
    ck_assert_str_eq(panel_prov_name(d->key_format_basis.prov), "assumed");
    ck_assert_str_eq(panel_prov_name(d->method_basis.prov), "documented");
    ck_assert_str_eq(d->method_basis.src, "002 §header table (HTTP Method POST)");
    const panel_response_spec *r = &d->actions[PANEL_ACTION_ADD].single;
    ck_assert_str_eq(panel_field_basis(r, 0)->src, "002 §add Example response");
    char buf[128];
    ck_assert_str_eq(panel_basis_format(h, buf, sizeof buf), "assumed: no lockout documented");
    ck_assert_str_eq(panel_prov_name(panel_error_case_basis(NULL, 0, PANEL_BASIS_HTTP)->prov),
                     "assumed");
}
END_TEST

START_TEST(provenance_filled_everywhere)
{
    for (size_t i = 0; i < set.count; i++) {
        const panel_dialect *d = set.items[i];
        const panel_basis *top[] = {&d->base_path_basis,
                                    &d->method_basis,
                                    &d->encoding_basis,
                                    &d->currency_basis,
                                    &d->money_decimals_basis,
                                    &d->key_basis,
                                    &d->key_format_basis,
                                    &d->order_id_basis,
                                    &d->refill_id_basis,
                                    &d->max_ids_basis,
                                    &d->requests_per_minute_basis,
                                    &d->failed_key_basis,
                                    &d->errors_basis,
                                    &d->order_status.basis,
                                    &d->order_status.lifecycle_basis};
        for (int k = 0; k < N_OF(top); k++)
            ck_assert_msg(basis_filled(top[k]), "%s: top basis %d empty", d->name, k);
        for (int e = 0; e < PANEL_ERRCASE__COUNT; e++) {
            ck_assert(basis_filled(panel_error_case_basis(d, e, PANEL_BASIS_HTTP)));
            ck_assert(basis_filled(panel_error_case_basis(d, e, PANEL_BASIS_MESSAGE)));
        }
        for (int a = 0; a < PANEL_ACTION_ERROR; a++) {
            const panel_action_spec *s = &d->actions[a];
            const panel_response_spec *forms[] = {&s->single, &s->multi};
            for (int f = 0; f < 2; f++) {
                if (!forms[f]->present)
                    continue;
                ck_assert(basis_filled(&forms[f]->basis));
                for (size_t j = 0; j < forms[f]->n_fields; j++)
                    ck_assert(basis_filled(panel_field_basis(forms[f], j)));
            }
        }
        for (size_t t = 0; t < d->n_types; t++)
            ck_assert(basis_filled(&d->types[t].basis) && basis_filled(&d->types[t].name_basis) &&
                      basis_filled(&d->types[t].qty_basis));
        for (size_t p = 0; p < d->n_params; p++)
            ck_assert_msg(basis_filled(&d->params[p].basis), "%s: param %s", d->name,
                          d->params[p].name);
    }
}
END_TEST

/* Loads panel-v2 with one member of one object replaced by the JSON text value. */
static panel_err load_patched(const char *ptr_parent, const char *key, const char *value,
                              panel_dialect **d, panel_dialect_error *err)
{
    json_error_t jerr;
    json_t *root = json_load_file(DIALECT_DIR "/panel-v2.json", 0, &jerr);
    ck_assert_ptr_nonnull(root);
    json_t *node = root;
    char path[256];
    snprintf(path, sizeof path, "%s", ptr_parent);
    for (char *tok = strtok(path, "/"); tok != NULL; tok = strtok(NULL, "/"))
        node = json_object_get(node, tok);
    ck_assert_ptr_nonnull(node);
    json_object_set_new(node, key, json_loads(value, JSON_DECODE_ANY, &jerr));
    char *text = json_dumps(root, 0);
    panel_err rc = panel_dialect_load_bytes(text, strlen(text), "patched", d, err);
    free(text);
    json_decref(root);
    return rc;
}

START_TEST(provenance_per_field_and_part)
{
    panel_dialect *d = NULL;
    panel_dialect_error err;
    panel_err rc =
        load_patched("/actions/add/single/fields", "order",
                     "{\"kind\": \"int\", \"example\": \"002 §add Example response\"}", &d, &err);
    ck_assert_msg(rc == PANEL_E_OK, "%s: %s", err.pointer, err.reason);
    const panel_response_spec *r = &d->actions[PANEL_ACTION_ADD].single;
    ck_assert_int_eq(r->fields[0].kind, PANEL_KIND_INT);
    ck_assert_str_eq(panel_prov_name(panel_field_basis(r, 0)->prov), "example");
    ck_assert_str_eq(panel_prov_name(r->basis.prov), "example"); /* 002 §add Example response */
    panel_dialect_free(d);
    d = NULL;
    rc = load_patched("/errors/cases", "key_locked",
                      "{\"http\": 401, \"message\": \"Invalid API key\", \"assumed\": \"x\", "
                      "\"observed_message\": \"live panel 2026-11\"}",
                      &d, &err);
    ck_assert_msg(rc == PANEL_E_OK, "%s: %s", err.pointer, err.reason);
    ck_assert_str_eq(
        panel_prov_name(
            panel_error_case_basis(d, PANEL_ERRCASE_KEY_LOCKED, PANEL_BASIS_MESSAGE)->prov),
        "observed");
    ck_assert_str_eq(
        panel_prov_name(
            panel_error_case_basis(d, PANEL_ERRCASE_KEY_LOCKED, PANEL_BASIS_HTTP)->prov),
        "assumed");
    panel_dialect_free(d);
    d = NULL;
    rc = load_patched("/errors/cases", "key_locked",
                      "{\"http\": 401, \"message\": \"m\", \"src_http\": 5, \"assumed\": \"x\"}",
                      &d, &err);
    ck_assert_int_eq(rc, PANEL_E_DIALECT);
    ck_assert_str_eq(err.pointer, "/errors/cases/key_locked/src_http");
    ck_assert_ptr_null(d);
}
END_TEST

/* Loads panel-v2 with each {parent pointer, key, JSON value} of ops set (NULL-terminated). */
static panel_err load_ops(const char *const ops[][3], panel_dialect **d, panel_dialect_errors *errs)
{
    json_error_t jerr;
    json_t *root = json_load_file(DIALECT_DIR "/panel-v2.json", 0, &jerr);
    ck_assert_ptr_nonnull(root);
    for (size_t i = 0; ops[i][0] != NULL; i++) {
        json_t *node = root;
        char path[256];
        snprintf(path, sizeof path, "%s", ops[i][0]);
        for (char *tok = strtok(path, "/"); tok != NULL; tok = strtok(NULL, "/"))
            node = json_object_get(node, tok);
        ck_assert_msg(node != NULL, "%s", ops[i][0]);
        json_t *v = json_loads(ops[i][2], JSON_DECODE_ANY, &jerr);
        ck_assert_msg(v != NULL, "%s: %s", ops[i][2], jerr.text);
        json_object_set_new(node, ops[i][1], v);
    }
    char *text = json_dumps(root, 0);
    panel_err rc = panel_dialect_load_bytes_all(text, strlen(text), "ops", d, errs);
    free(text);
    json_decref(root);
    for (size_t k = 0; k < errs->count; k++)
        fprintf(stderr, "ops: %s %s: %s\n", errs->items[k].pointer,
                panel_dialect_errcode_name(errs->items[k].code), errs->items[k].reason);
    return rc;
}

START_TEST(format2_members)
{
    static const char *const ops[][3] = {
        {"/ids", "order",
         "{\"kind\": \"pattern\", \"pattern\": \"ord_[0-9]{8}\", \"generator\": {\"kind\": "
         "\"prefix_digits\", \"prefix\": \"ord_\", \"width\": 8}}"},
        {"/ids", "refill",
         "{\"kind\": \"int\", \"min\": 9007199254740993, \"max\": 9007199254799999}"},
        {"/actions/add/single/fields", "order", "\"string\""},
        {"", "transport",
         "{\"methods\": [\"GET\", \"POST\"], \"encodings\": [\"form\", \"json\"], \"key\": "
         "{\"in\": "
         "\"header\", \"name\": \"Authorization\", \"scheme\": \"Bearer\"}, \"src\": \"x §1\"}"},
        {"/params", "request_id",
         "{\"pattern\": \"[A-Za-z0-9-]+\", \"min_length\": 8, \"max_length\": 64, \"generator\": "
         "{\"kind\": \"uuid\"}, \"src\": \"x §2\"}"},
        {"/params", "quantity",
         "{\"integer\": true, \"min\": 10, \"max\": 5000, \"src\": \"x §3\"}"},
        {"/params", "usernames",
         "{\"list\": \"\\n\", \"pattern\": \"@?[a-z0-9_.]+\", \"assumed\": \"y\"}"},
        {"", "idempotency", "{\"param\": \"request_id\", \"required\": true, \"src\": \"x §4\"}"},
        {"", "refill_rules",
         "{\"max_per_order\": 3, \"one_pending\": true, \"statuses\": [\"completed\", "
         "\"partial\"], \"src\": \"x §5\"}"},
        {"/limits", "rate_headers", "{\"retry_after\": \"Retry-After\", \"src\": \"x §6\"}"},
        {"/errors", "extra",
         "{\"account_suspended\": {\"http\": 403, \"message\": \"Account {name} suspended\", "
         "\"src\": \"x §7\"}}"},
        {"/errors/cases", "missing_param",
         "{\"http\": 400, \"message\": \"Missing required parameter: {param}\", \"optional\": "
         "true, "
         "\"src\": \"x §7\"}"},
        {"", "extra_actions",
         "{\"orders_history\": {\"name\": \"orders\", \"params\": [\"limit\"], \"response\": "
         "{\"shape\": \"array\", \"fields\": {\"order\": \"string\"}, \"example\": \"x §8\"}, "
         "\"answer\": [], \"src\": \"x §8\"}}"},
        {"", "default_type", "{\"value\": \"Default\", \"src\": \"x §9\"}"},
        {"/actions/cancel/multi", "success",
         "{\"kind\": \"member\", \"member\": \"status\", \"value\": \"success\"}"},
        {NULL, NULL, NULL}};
    panel_dialect *d = NULL;
    panel_dialect_errors errs;
    char id[64];
    ck_assert_int_eq(load_ops(ops, &d, &errs), PANEL_E_OK);
    /* ids */
    ck_assert_int_eq(d->order_id.kind, PANEL_KIND_STRING);
    ck_assert_int_eq(panel_id_generate(&d->order_id, 0, id, sizeof id), PANEL_E_OK);
    ck_assert_str_eq(id, "ord_00000001");
    ck_assert_int_eq(panel_id_spec_ok(&d->order_id, id), 1);
    ck_assert_int_eq(panel_id_spec_ok(&d->order_id, "ord_1"), 0);
    ck_assert_int_eq(panel_id_spec_ok(&d->order_id, "xord_00000001"), 0);
    ck_assert_int_eq(panel_id_generate(&d->refill_id, 0, id, sizeof id), PANEL_E_OK);
    ck_assert_str_eq(id, "9007199254740993"); /* 2^53 + 1: not exact in a double */
    ck_assert_int_eq(panel_id_spec_ok(&d->refill_id, "9007199254740992"), 0);
    ck_assert_int_eq(panel_id_generate(&d->order_id, 0, id, 5), PANEL_E_TOO_LARGE);
    /* transport */
    ck_assert_int_eq(panel_dialect_method_ok(d, "GET"), 1);
    ck_assert_int_eq(panel_dialect_method_ok(d, "PUT"), 0);
    ck_assert_int_eq(panel_dialect_encoding_ok(d, PANEL_ENC_JSON), 1);
    ck_assert_int_eq(panel_dialect_encoding_ok(d, PANEL_ENC_MULTIPART), 0);
    ck_assert_str_eq(panel_keyloc_name(d->key_in), "header");
    ck_assert_str_eq(d->key_header, "Authorization");
    ck_assert_str_eq(d->key_scheme, "Bearer");
    ck_assert_str_eq(d->content_type, "application/json");
    ck_assert_str_eq(d->transport_basis.src, "x §1");
    /* params */
    const panel_param_spec *rid = panel_dialect_param(d, "request_id");
    ck_assert_int_eq(panel_param_generate(rid, 0, id, sizeof id), 1);
    ck_assert_int_eq(strlen(id), 36);
    ck_assert_int_eq(panel_param_value_ok(rid, id), 1);
    ck_assert_int_eq(panel_param_value_ok(rid, "short"), 0);
    ck_assert_int_eq(panel_param_value_ok(rid, "has space here"), 0);
    const panel_param_spec *q = panel_dialect_param(d, "quantity");
    ck_assert_int_eq(panel_param_value_ok(q, "10"), 1);
    ck_assert_int_eq(panel_param_value_ok(q, "9"), 0);
    ck_assert_int_eq(panel_param_value_ok(q, "5001"), 0);
    ck_assert_int_eq(panel_param_value_ok(q, "1e3"), 0);
    ck_assert_int_eq(panel_param_generate(q, 0, id, sizeof id), 0);
    const panel_param_spec *u = panel_dialect_param(d, "usernames");
    ck_assert_int_eq(panel_param_value_ok(u, "@a\nb_c\n"), 1);
    ck_assert_int_eq(panel_param_value_ok(u, "@a\nB C"), 0);
    ck_assert_int_eq(panel_param_value_ok(u, "\n"), 0);
    ck_assert_int_eq(panel_param_value_ok(panel_dialect_param(d, "expiry"), "2026-12-01"), 1);
    ck_assert_int_eq(panel_param_value_ok(panel_dialect_param(d, "expiry"), "01/12/2026"), 0);
    /* rules */
    ck_assert_str_eq(d->idempotency_param, "request_id");
    ck_assert_int_eq(d->idempotency_required, 1);
    ck_assert_uint_eq(d->refill_max_per_order, 3);
    ck_assert_int_eq(d->refill_one_pending, 1);
    ck_assert_uint_eq(d->refill_statuses,
                      (1u << PANEL_STATUS_COMPLETED) | (1u << PANEL_STATUS_PARTIAL));
    ck_assert_str_eq(d->retry_after_header, "Retry-After");
    ck_assert_ptr_null(d->ratelimit_limit_header);
    ck_assert_str_eq(d->default_type, "Default");
    /* errors */
    const panel_error_case *ec = panel_dialect_error_case(d, "account_suspended");
    ck_assert_ptr_nonnull(ec);
    ck_assert_int_eq(ec->http, 403);
    ck_assert_int_eq(ec->is_template, 1);
    ck_assert_str_eq(ec->http_basis.src, "x §7");
    ec = panel_dialect_error_case(d, "missing_param");
    ck_assert_int_eq(ec->optional, 1);
    ck_assert_int_eq(panel_message_match(ec->message, "Missing required parameter: link"), 1);
    ck_assert_int_eq(panel_message_match(ec->message, "Missing required parameter: "), 0);
    ck_assert_int_eq(panel_message_match(ec->message, "Missing parameter: link"), 0);
    ck_assert_int_eq(panel_message_match("a{x}b{y}c", "aXXbYc"), 1);
    ck_assert_int_eq(panel_message_match("a{x}b{y}c", "abYc"), 0);
    ck_assert_int_eq(panel_message_match("plain", "plain"), 1);
    ck_assert_int_eq(panel_message_match("{x} literal {", "v literal {"), 1);
    char msg[64];
    ck_assert_str_eq(panel_message_render(ec->message, "link", msg, sizeof msg),
                     "Missing required parameter: link");
    ck_assert_ptr_null(panel_dialect_error_case(d, "nope"));
    /* extra actions */
    const panel_extra_action *xa = panel_dialect_extra_action(d, "orders");
    ck_assert_ptr_nonnull(xa);
    ck_assert_str_eq(xa->key, "orders_history");
    ck_assert_uint_eq(xa->n_params, 1);
    ck_assert_ptr_nonnull(xa->answer);
    ck_assert_str_eq(panel_prov_name(panel_field_basis(&xa->response, 0)->prov), "example");
    /* result meanings */
    const panel_response_spec *cm = &d->actions[PANEL_ACTION_CANCEL].multi;
    json_t *ok = json_pack("{s:s}", "status", "success"), *bad = json_pack("{s:s}", "error", "x");
    json_t *other = json_integer(23501);
    ck_assert_int_eq(panel_response_outcome(d, cm, NULL, ok), 1);
    ck_assert_int_eq(panel_response_outcome(d, cm, NULL, bad), 0);
    ck_assert_int_eq(panel_response_outcome(d, cm, NULL, other), -1);
    const panel_response_spec *add = &d->actions[PANEL_ACTION_ADD].single;
    ck_assert_str_eq(panel_success_name(add->success), "id");
    json_t *sid = json_string("ord_00000042");
    ck_assert_int_eq(panel_response_outcome(d, add, &d->order_id, sid), 1);
    ck_assert_int_eq(panel_response_outcome(d, add, &d->order_id, other), -1);
    json_decref(ok);
    json_decref(bad);
    json_decref(other);
    json_decref(sid);
    panel_dialect_errors_free(&errs);
    panel_dialect_free(d);
}
END_TEST

START_TEST(key_locations)
{
    const panel_dialect *d = get("subnoc");
    ck_assert_str_eq(panel_keyloc_name(d->key_in), "body");
    ck_assert_int_eq(panel_dialect_key_location_ok(d, PANEL_KEYLOC_BODY), 1);
    ck_assert_int_eq(panel_dialect_key_location_ok(d, PANEL_KEYLOC_QUERY), 1);
    ck_assert_int_eq(panel_dialect_key_location_ok(d, PANEL_KEYLOC_HEADER), 1);
    ck_assert_str_eq(d->key_alt_header, "X-Api-Key");
    d = get("notpanel");
    ck_assert_int_eq(panel_dialect_key_location_ok(d, PANEL_KEYLOC_BODY), 1);
    ck_assert_int_eq(panel_dialect_key_location_ok(d, PANEL_KEYLOC_HEADER), 0);
    ck_assert_str_eq(panel_prov_name(d->transport_basis.prov), "documented");
    d = get("smpanelim"); /* no transport section: the format-1 defaults */
    ck_assert_int_eq(panel_dialect_key_location_ok(d, PANEL_KEYLOC_BODY), 1);
    ck_assert_int_eq(panel_dialect_method_ok(d, "POST"), 1);
    ck_assert_int_eq(panel_dialect_method_ok(d, "GET"), 0);
    ck_assert_str_eq(d->transport_basis.src, d->method_basis.src);
}
END_TEST

START_TEST(id_generators)
{
    char id[64];
    panel_id_spec s = {.gen = PANEL_IDGEN_UUID};
    ck_assert_int_eq(panel_id_generate(&s, 7, id, sizeof id), PANEL_E_OK);
    ck_assert_int_eq(strlen(id), 36);
    ck_assert_int_eq(id[14], '4');
    ck_assert(strchr("89ab", id[19]) != NULL);
    s.gen = PANEL_IDGEN_ULID;
    ck_assert_int_eq(panel_id_generate(&s, 7, id, sizeof id), PANEL_E_OK);
    ck_assert_int_eq(strlen(id), 26);
    ck_assert(strspn(id, "0123456789ABCDEFGHJKMNPQRSTVWXYZ") == 26);
    s.gen = PANEL_IDGEN_HEX;
    ck_assert_int_eq(panel_id_generate(&s, 7, id, sizeof id), PANEL_E_OK);
    ck_assert_int_eq(panel_id_ok(PANEL_KIND_OID, id), 1);
    char id2[64];
    ck_assert_int_eq(panel_id_generate(&s, 8, id2, sizeof id2), PANEL_E_OK);
    ck_assert_str_ne(id, id2);
    s.gen = PANEL_IDGEN_DIGITS;
    s.min = 2147483648ULL; /* past int32 */
    s.max = 2147483649ULL;
    ck_assert_int_eq(panel_id_generate(&s, 2, id, sizeof id), PANEL_E_OK);
    ck_assert_str_eq(id, "2147483648"); /* wraps inside the range */
    ck_assert_str_eq(panel_idgen_name(PANEL_IDGEN_ULID), "ulid");
    ck_assert_str_eq(panel_valgen_name(PANEL_VALGEN_COUNTER), "counter");
    ck_assert_str_eq(panel_idgen_name((panel_idgen)99), "?");
}
END_TEST

START_TEST(format2_refused)
{
    static const char *const bad_pattern[][3] = {
        {"/ids", "order",
         "{\"kind\": \"pattern\", \"pattern\": \"ord_[0-9\", \"generator\": {\"kind\": \"uuid\"}}"},
        {NULL, NULL, NULL}};
    static const char *const gen_mismatch[][3] = {
        {"/ids", "order",
         "{\"kind\": \"pattern\", \"pattern\": \"ord_[0-9]{8}\", \"generator\": {\"kind\": "
         "\"uuid\"}}"},
        {"/actions/add/single/fields", "order", "\"string\""},
        {NULL, NULL, NULL}};
    static const char *const add_conflict[][3] = {{"/ids", "order", "\"objectid\""},
                                                  {NULL, NULL, NULL}};
    static const char *const header_no_name[][3] = {
        {"", "transport", "{\"key\": {\"in\": \"header\"}, \"src\": \"x\"}"}, {NULL, NULL, NULL}};
    static const struct {
        const char *const (*ops)[3];
        const char *pointer, *code;
    } cases[] = {{bad_pattern, "/ids/order/pattern", "bad_pattern"},
                 {gen_mismatch, "/ids/order/generator", "conflict"},
                 {add_conflict, "/actions/add/single/fields/order", "conflict"},
                 {header_no_name, "/transport/key/name", "missing_member"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        panel_dialect *d = NULL;
        panel_dialect_errors errs;
        ck_assert_int_eq(load_ops(cases[i].ops, &d, &errs), PANEL_E_DIALECT);
        ck_assert_ptr_null(d);
        ck_assert_uint_ge(errs.count, 1);
        ck_assert_str_eq(errs.items[0].pointer, cases[i].pointer);
        ck_assert_str_eq(panel_dialect_errcode_name(errs.items[0].code), cases[i].code);
        panel_dialect_errors_free(&errs);
    }
}
END_TEST

/* All dialect tests. */
static Suite *dialect_suite(void)
{
    Suite *s = suite_create("dialect");
    TCase *tc = tcase_create("shipped");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, all_five_load);
    tcase_add_test(tc, dripfeedpanel_spots);
    tcase_add_test(tc, smm_objectid_spots);
    tcase_add_test(tc, panel_v2_spots);
    tcase_add_test(tc, smmpanel_ru_spots);
    tcase_add_test(tc, smpanelim_spots);
    tcase_add_loop_test(tc, vocab_lookup, 0, N_OF(vocab_cases));
    tcase_add_test(tc, key_patterns);
    tcase_add_test(tc, provenance_panel_v2);
    tcase_add_test(tc, provenance_filled_everywhere);
    tcase_add_test(tc, provenance_per_field_and_part);
    tcase_add_test(tc, format2_members);
    tcase_add_test(tc, key_locations);
    tcase_add_test(tc, format2_refused);
    suite_add_tcase(s, tc);
    tc = tcase_create("tables");
    tcase_add_test(tc, name_tables);
    tcase_add_loop_test(tc, id_formats, 0, N_OF(id_cases));
    tcase_add_test(tc, default_dir);
    tcase_add_test(tc, id_generators);
    suite_add_tcase(s, tc);
    tc = tcase_create("rejects");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, bad_fixture, 0, n_bad);
    tcase_add_test(tc, first_error_api);
    tcase_add_test(tc, invalid_json_position);
    tcase_add_test(tc, too_large_and_missing);
    tcase_add_loop_test(tc, delete_each_member, 0, 8);
    tcase_add_test(tc, delete_nested_members);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    list_bad();
    int rc = tu_run(dialect_suite());
    for (int i = 0; i < n_bad; i++)
        free(bad_names[i]);
    return rc;
}
