/* tests/unit/test_cov_core2.c - core/ paths no other suite reached (found with `make coverage`,
 * issue #16): loader refusals of references and response-field kinds (dialect_load.c,
 * dialect_actions.c; where the member table refuses first, its diagnostic is asserted), field
 * kinds and edges of the renderer (render.c), the bounds of recordings and request parameters
 * (har.c) and of the fuzz mutator (fuzz_mutate.c). */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "panel/buf.h"
#include "panel/dialect.h"
#include "panel/fuzz.h"
#include "panel/har.h"
#include "panel/money.h"
#include "panel/parse.h"
#include "panel/result.h"

/* Statuses, service types and parameters: bad references and values, each refused with its
 * pointer and code (by the member table or the loader), and the variants that load. */
START_TEST(statuses_types_params)
{
    static const char *const word0[] = {"statuses", "order", "words", "0", NULL};
    static const char *const life[] = {"statuses", "order", "lifecycle", NULL};
    static const char *const life_p[] = {"statuses", "order", "lifecycle", "pending", NULL};
    static const char *const qty1[] = {"service_types", "1", "quantity", NULL};
    static const char *const qty0[] = {"service_types", "0", "quantity", NULL};
    static const char *const cond0[] = {"service_types", "0", "conditional", NULL};
    static const char *const add0[] = {"service_types", "0", "add", NULL};
    static const char *const runs0[] = {"service_types", "0", "runs", NULL};
    static const char *const name1[] = {"service_types", "1", "name", NULL};
    static const char *const date[] = {"params", "interval", "date", NULL};
    tu_dialect_edit_row(word0, "[\"Pending\",\"shipped\"]", "/statuses/order/words/0/1",
                        PANEL_DERR_BAD_VALUE, "unknown canonical status \"shipped\"");
    tu_dialect_edit_row(life, "{\"shipped\":[\"completed\"]}", "/statuses/order/lifecycle/shipped",
                        PANEL_DERR_BAD_VALUE, "unknown canonical status \"shipped\"");
    tu_dialect_edit_row(life_p, "\"completed\"", "/statuses/order/lifecycle/pending",
                        PANEL_DERR_WRONG_TYPE, NULL);
    tu_dialect_edit_row(qty1, "\"lines:link2\"", "/service_types/1/quantity",
                        PANEL_DERR_BAD_REFERENCE, "\"link2\" is not a required parameter");
    tu_dialect_edit_row(qty0, "\"weekly\"", "/service_types/0/quantity", PANEL_DERR_BAD_FORMAT,
                        "a quantity rule");
    tu_dialect_edit_row(qty0, "\"fixed\"", NULL, PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(cond0, "[{\"param\":\"runs\",\"when\":\"speed\",\"equals\":\"1\"}]",
                        "/service_types/0/conditional/0/when", PANEL_DERR_BAD_REFERENCE,
                        "\"speed\" is not a parameter of the type");
    tu_dialect_edit_row(cond0, "[{\"param\":\"runs\",\"when\":\"interval\",\"equals\":\"1\"}]",
                        NULL, PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(add0, "\"maybe\"", "/service_types/0/add", PANEL_DERR_BAD_VALUE, NULL);
    tu_dialect_edit_row(runs0, "\"speed\"", "/service_types/0/runs", PANEL_DERR_BAD_REFERENCE,
                        "\"speed\" is not a parameter of the type");
    tu_dialect_edit_row(runs0, "\"interval\"", NULL, PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(name1, "\"default\"", "/service_types/1/name", PANEL_DERR_DUPLICATE,
                        "duplicate service type \"default\"");
    tu_dialect_edit_row(date, "\"Y/m/d\"", "/params/interval/date", PANEL_DERR_BAD_VALUE,
                        "unknown date format");
    tu_dialect_edit_row(date, "\"Y-m-d\"", NULL, PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(date, "\"d/m/Y\"", NULL, PANEL_DERR_NONE, NULL);
}
END_TEST

/* The header, ids, catalogue and extras. */
START_TEST(header_catalogue_extras)
{
    static const char *const enc[] = {"request_encoding", "value", NULL};
    static const char *const oid[] = {"ids", "order", NULL};
    static const char *const rid[] = {"ids", "refill", NULL};
    static const char *const type0[] = {"catalogue", "services", "0", "type", NULL};
    static const char *const min0[] = {"catalogue", "services", "0", "min", NULL};
    static const char *const asm_[] = {"assumptions", NULL};
    tu_dialect_edit_row(enc, "\"xml\"", "/request_encoding/value", PANEL_DERR_BAD_VALUE, NULL);
    tu_dialect_edit_row(enc, "\"json\"", NULL, PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(oid, "\"uuid\"", "/ids/order", PANEL_DERR_BAD_VALUE, NULL);
    tu_dialect_edit_row(rid, "\"objectid\"", NULL, PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(rid, "{\"kind\":\"int\"}", NULL, PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(type0, "\"Drip\"", "/catalogue/services/0/type", PANEL_DERR_BAD_REFERENCE,
                        "service type \"Drip\" is not declared");
    tu_dialect_edit_row(min0, "20000", "/catalogue/services/0/min", PANEL_DERR_OUT_OF_RANGE,
                        "min 20000 > max 10000");
    tu_dialect_edit_row(asm_, "{}", "/assumptions", PANEL_DERR_WRONG_TYPE, "expected an array");
}
END_TEST

/* Response fields: kinds as {"kind", "decimals"} objects, unknown kinds, required names. */
START_TEST(action_fields)
{
    static const char *const order[] = {"actions", "add", "single", "fields", "order", NULL};
    static const char *const req[] = {"actions", "add", "single", "required", NULL};
    tu_dialect_edit_row(order, "{\"kind\":\"int\",\"decimals\":2,\"assumed\":\"t\"}", NULL,
                        PANEL_DERR_NONE, NULL);
    tu_dialect_edit_row(order, "{\"kind\":\"float\",\"assumed\":\"t\"}",
                        "/actions/add/single/fields/order/kind", PANEL_DERR_BAD_VALUE,
                        "unknown field kind");
    tu_dialect_edit_row(order, "\"float\"", "/actions/add/single/fields/order",
                        PANEL_DERR_BAD_VALUE, "unknown field kind");
    tu_dialect_edit_row(req, "[1]", "/actions/add/single/required/0", PANEL_DERR_WRONG_TYPE, NULL);
    tu_dialect_edit_row(req, "[\"orders\"]", "/actions/add/single/required/0",
                        PANEL_DERR_BAD_REFERENCE, NULL);
}
END_TEST

/* ---- core/render.c: field kinds the shipped dialects do not use, edges ---- */

/* A dialect of our own (its specs may be changed); freed with panel_dialect_free. */
static panel_dialect *own_dialect(const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/dialects/%s.json", PANEL_SOURCE_DIR, file);
    panel_dialect *d = NULL;
    panel_dialect_error err;
    ck_assert_int_eq(panel_dialect_load_file(path, &d, &err), PANEL_E_OK);
    return d;
}

/* Gives the field name of spec the kind k. */
static void set_kind(panel_response_spec *spec, const char *name, panel_kind k)
{
    for (size_t i = 0; i < spec->n_fields; i++)
        if (strcmp(spec->fields[i].name, name) == 0) {
            spec->fields[i].kind = k;
            return;
        }
    ck_abort_msg("no field %s", name);
}

/* r renders as want through the tree, and through the direct writer unless it declines. */
static void render_is(const panel_dialect *d, const panel_result *r, const char *want)
{
    json_t *j = panel_render_new(d, r);
    ck_assert_ptr_nonnull(j);
    panel_buf out, direct;
    panel_buf_init(&out, 4096);
    panel_buf_init(&direct, 4096);
    ck_assert_int_eq(panel_json_dump(j, &out), PANEL_E_OK);
    ck_assert_str_eq(out.data, want);
    panel_err rc = panel_render_bytes(d, r, &direct);
    ck_assert_msg(rc == PANEL_E_OK || rc == PANEL_E_UNSUPPORTED, "render_bytes %d", rc);
    if (rc == PANEL_E_OK)
        ck_assert_str_eq(direct.data, want);
    panel_buf_free(&out);
    panel_buf_free(&direct);
    json_decref(j);
}

/* A result for action with one zeroed entry. */
static panel_result *one_entry(panel_action a)
{
    panel_result *r = panel_result_new(a, 0);
    ck_assert_ptr_nonnull(r);
    r->entries = calloc(1, sizeof *r->entries);
    ck_assert_ptr_nonnull(r->entries);
    r->n_entries = 1;
    return r;
}

/* Money as a JSON number (whole and fractional), integers as numbers and strings. */
START_TEST(render_numeric_kinds)
{
    panel_dialect *d = own_dialect("smpanelim");
    panel_response_spec *st = &d->actions[PANEL_ACTION_STATUS].single;
    set_kind(st, "charge", PANEL_KIND_NUMBER);
    set_kind(st, "start_count", PANEL_KIND_INT);
    set_kind(st, "remains", PANEL_KIND_STRING);
    panel_result *r = one_entry(PANEL_ACTION_STATUS);
    panel_entry *e = &r->entries[0];
    e->has = PANEL_HAS_CHARGE | PANEL_HAS_START_COUNT | PANEL_HAS_REMAINS | PANEL_HAS_STATUS;
    e->charge = 2 * PANEL_MONEY_SCALE;
    e->start_count = 10;
    e->remains = 5;
    e->status = PANEL_STATUS_PARTIAL;
    render_is(d, r, "{\"charge\":2,\"start_count\":10,\"status\":\"Partial\",\"remains\":\"5\"}");
    e->charge = 3 * PANEL_MONEY_SCALE / 2;
    e->status_word = strdup("In progress"); /* not the entry's status: the dialect's word */
    render_is(d, r, "{\"charge\":1.5,\"start_count\":10,\"status\":\"Partial\",\"remains\":\"5\"}");
    panel_result_free(r);
    panel_dialect_free(d);
}
END_TEST

/* Service flags as integers and "1"/"0" strings, an absent flag and id left out, ids that are
 * not canonical integers kept as strings, and money places beyond the format's. */
START_TEST(render_services_flags)
{
    panel_dialect *d = own_dialect("smpanelim");
    panel_response_spec *sv = &d->actions[PANEL_ACTION_SERVICES].single;
    panel_result *r = panel_result_new(PANEL_ACTION_SERVICES, 0);
    ck_assert_ptr_nonnull(r);
    r->services = calloc(2, sizeof *r->services);
    ck_assert_ptr_nonnull(r->services);
    r->n_services = 2;
    panel_service *a = &r->services[0], *b = &r->services[1];
    a->id = strdup("007");
    a->name = strdup("A");
    a->rate = PANEL_MONEY_SCALE / 4;
    a->min = 1;
    a->max = 9;
    a->refill = 1;
    a->cancel = a->dripfeed = -1;
    b->rate = 123456789; /* 1.23456789: finer than the dialect's 5 places */
    b->min = 2;
    b->max = 3;
    b->refill = -1;
    b->cancel = b->dripfeed = -1;
    set_kind(sv, "refill", PANEL_KIND_INT);
    render_is(d, r,
              "[{\"service\":\"007\",\"name\":\"A\",\"rate\":\"0.25000\",\"min\":\"1\",\"max\":"
              "\"9\",\"refill\":1},{\"rate\":\"1.23456789\",\"min\":\"2\",\"max\":\"3\"}]");
    set_kind(sv, "refill", PANEL_KIND_INTSTR);
    a->refill = 0;
    d->money_decimals = 12; /* out of range: the format's 8 places */
    render_is(d, r,
              "[{\"service\":\"007\",\"name\":\"A\",\"rate\":\"0.25000000\",\"min\":\"1\",\"max\":"
              "\"9\",\"refill\":\"0\"},{\"rate\":\"1.23456789\",\"min\":\"2\",\"max\":\"3\"}]");
    panel_result_free(r);
    panel_dialect_free(d);
}
END_TEST

/* What renders nothing or only the error envelope. */
START_TEST(render_edges)
{
    panel_dialect *d = own_dialect("smpanelim");
    panel_result *r = one_entry(PANEL_ACTION_ADD);
    ck_assert_ptr_null(panel_render_new(NULL, r));
    ck_assert_ptr_null(panel_render_new(d, NULL));
    ck_assert_ptr_null(panel_render_error_new(NULL, "x"));
    r->action = PANEL_ACTION__COUNT;
    ck_assert_ptr_null(panel_render_new(d, r));
    r->action = PANEL_ACTION_ADD;
    r->entries[0].error = strdup("Not enough funds");
    render_is(d, r, "{\"error\":\"Not enough funds\"}");
    free(r->entries[0].error);
    r->entries[0].error = NULL;
    r->order = strdup("12x");
    render_is(d, r, "{\"order\":\"12x\"}");
    panel_result_free(r);
    json_t *j = panel_render_error_new(d, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(json_object_get(j, "error")), "");
    json_decref(j);
    panel_dialect_free(d);
}
END_TEST

/* ---- core/har.c: the recording's and the request's bounds ---- */

/* A recording over the size bound is refused before it is read; one over the entry bound
 * after; a directory opens but cannot be read. */
START_TEST(har_bounds)
{
    panel_har h;
    char err[256];
    ck_assert_int_eq(panel_har_load_mem("{}", (size_t)PANEL_HAR_MAX_FILE + 1, &h, err, sizeof err),
                     PANEL_E_TOO_LARGE);
    ck_assert_str_eq(err, "over 67108864 bytes");
    size_t n = PANEL_HAR_MAX_ENTRIES + 1, len = 0;
    char *text = malloc(64 + 2 * n);
    ck_assert_ptr_nonnull(text);
    len += (size_t)sprintf(text, "{\"log\":{\"version\":\"1.2\",\"entries\":[");
    for (size_t i = 0; i < n; i++) {
        text[len++] = '0';
        text[len++] = i + 1 < n ? ',' : ']';
    }
    len += (size_t)sprintf(text + len, "}}");
    ck_assert_int_eq(panel_har_load_mem(text, len, &h, err, sizeof err), PANEL_E_TOO_LARGE);
    ck_assert_str_eq(err, "log.entries: over 100000 entries");
    free(text);
    ck_assert_int_eq(panel_har_load(PANEL_SOURCE_DIR "/dialects", &h, err, sizeof err), PANEL_E_IO);
    ck_assert_str_eq(err, "read error");
}
END_TEST

/* A JSON body of more members than the parameter bound, and a value over the body bound. */
START_TEST(har_params_bounds)
{
    panel_buf b;
    panel_buf_init(&b, 1u << 20);
    ck_assert_int_eq(panel_buf_puts(&b, "{"), PANEL_E_OK);
    for (unsigned i = 0; i <= PANEL_HAR_MAX_PARAMS; i++) {
        char m[32];
        snprintf(m, sizeof m, "%s\"p%u\":%u", i ? "," : "", i, i);
        ck_assert_int_eq(panel_buf_puts(&b, m), PANEL_E_OK);
    }
    ck_assert_int_eq(panel_buf_puts(&b, "}"), PANEL_E_OK);
    panel_har_params p;
    ck_assert_int_eq(panel_har_params_new("http://127.0.0.1/api/v2", "application/json", b.data,
                                          b.len, NULL, &p),
                     PANEL_E_TOO_LARGE);
    panel_har_params_free(&p);
    panel_buf_free(&b);
    size_t big = (size_t)PANEL_HAR_MAX_BODY + 8;
    char *body = malloc(big + 8);
    ck_assert_ptr_nonnull(body);
    memcpy(body, "key=", 4);
    memset(body + 4, 'a', big - 4);
    body[big] = '\0';
    ck_assert_int_eq(panel_har_params_new("http://127.0.0.1/api/v2",
                                          "application/x-www-form-urlencoded", body, big, "k", &p),
                     PANEL_E_TOO_LARGE);
    panel_har_params_free(&p);
    free(body);
}
END_TEST

/* A services answer given the object shape renders no service member when there is no
 * service; a refill status word comes from the vocabulary its field kind names. */
START_TEST(render_no_service_and_vocab)
{
    panel_dialect *d = own_dialect("smpanelim");
    d->actions[PANEL_ACTION_SERVICES].single.shape = PANEL_SHAPE_OBJECT;
    panel_result *r = panel_result_new(PANEL_ACTION_SERVICES, 0);
    ck_assert_ptr_nonnull(r);
    render_is(d, r, "{}");
    panel_result_free(r);
    panel_response_spec *rs = &d->actions[PANEL_ACTION_REFILL_STATUS].single;
    r = one_entry(PANEL_ACTION_REFILL_STATUS);
    r->entries[0].has = PANEL_HAS_STATUS;
    r->entries[0].status = PANEL_STATUS_REJECTED;
    render_is(d, r, "{\"status\":\"Rejected\"}");
    set_kind(rs, "status", PANEL_KIND_STRING); /* still the refill vocabulary */
    render_is(d, r, "{\"status\":\"Rejected\"}");
    set_kind(rs, "status", PANEL_KIND_STATUS); /* the order vocabulary has no such word */
    render_is(d, r, "{\"status\":\"rejected\"}");
    panel_result_free(r);
    panel_dialect_free(d);
}
END_TEST

/* Error entries without an id: nested and sibling shapes carry no key member. */
START_TEST(render_error_entry_no_id)
{
    static const struct {
        const char *dialect, *want;
    } rows[] = {
        {"dripfeedpanel", "[{\"cancel\":{\"error\":\"Incorrect order ID\"}}]"},
        {"panel-v2", "[{\"error\":\"Incorrect order ID\"}]"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        panel_dialect *d = own_dialect(rows[i].dialect);
        panel_result *r = panel_result_new(PANEL_ACTION_CANCEL, 1);
        ck_assert_ptr_nonnull(r);
        r->entries = calloc(1, sizeof *r->entries);
        ck_assert_ptr_nonnull(r->entries);
        r->n_entries = 1;
        r->entries[0].error = strdup("Incorrect order ID");
        render_is(d, r, rows[i].want);
        panel_result_free(r);
        panel_dialect_free(d);
    }
}
END_TEST

/* ---- core/fuzz_mutate.c: inputs at the mutator's bounds ---- */

/* No buffer or an input over max_size is left alone; an empty input grows to one JSON-ish byte
 * when it may; an edit of a JSON input that does not fit cuts the input instead. */
START_TEST(fuzz_mutate_bounds)
{
    panel_dialect *d = own_dialect("smpanelim");
    panel_fuzz_mutation kind = PANEL_FUZZ_BYTES;
    uint8_t buf[8] = "[0]";
    ck_assert_uint_eq(panel_fuzz_mutate_named(d, PANEL_ACTION_ADD, NULL, 3, 8, 1, &kind), 3);
    ck_assert_int_eq(kind, PANEL_FUZZ_NONE);
    ck_assert_uint_eq(panel_fuzz_mutate_named(d, PANEL_ACTION_ADD, buf, 3, 2, 1, &kind), 3);
    ck_assert_int_eq(kind, PANEL_FUZZ_NONE);
    ck_assert_uint_eq(panel_fuzz_mutate_named(d, PANEL_ACTION_ADD, buf, 0, 0, 1, &kind), 0);
    ck_assert_int_eq(kind, PANEL_FUZZ_BYTES);
    ck_assert_uint_eq(panel_fuzz_mutate_named(d, PANEL_ACTION_ADD, buf, 0, 8, 1, &kind), 1);
    ck_assert_int_eq(kind, PANEL_FUZZ_BYTES);
    ck_assert_ptr_nonnull(memchr("{[\"0", buf[0], 4));
    int cut = 0;
    for (uint64_t seed = 0; seed < 200; seed++) {
        memcpy(buf, "0", 2);
        size_t n = panel_fuzz_mutate_named(d, PANEL_ACTION_ADD, buf, 1, 1, seed, &kind);
        ck_assert_uint_eq(n, 1);
        memcpy(buf, "[0]", 4);
        n = panel_fuzz_mutate_named(d, PANEL_ACTION_ADD, buf, 3, 3, seed, &kind);
        ck_assert_uint_ge(n, 1);
        ck_assert_uint_le(n, 3);
        if (kind == PANEL_FUZZ_TRUNCATE)
            cut++;
    }
    ck_assert_int_gt(cut, 0);
    panel_dialect_free(d);
}
END_TEST

static Suite *cov_core2_suite(void)
{
    Suite *s = suite_create("cov_core2");
    TCase *tc = tcase_create("loader");
    tcase_add_test(tc, statuses_types_params);
    tcase_add_test(tc, header_catalogue_extras);
    tcase_add_test(tc, action_fields);
    suite_add_tcase(s, tc);
    TCase *tr = tcase_create("render");
    tcase_add_test(tr, render_numeric_kinds);
    tcase_add_test(tr, render_services_flags);
    tcase_add_test(tr, render_edges);
    tcase_add_test(tr, render_no_service_and_vocab);
    tcase_add_test(tr, render_error_entry_no_id);
    suite_add_tcase(s, tr);
    TCase *th = tcase_create("har");
    tcase_add_test(th, har_bounds);
    tcase_add_test(th, har_params_bounds);
    suite_add_tcase(s, th);
    TCase *tf = tcase_create("fuzz_mutate");
    tcase_add_test(tf, fuzz_mutate_bounds);
    suite_add_tcase(s, tf);
    return s;
}

int main(void)
{
    return tu_run(cov_core2_suite());
}
