/* fuzz/fuzz_dialect_load.c - bytes -> panel_dialect_load_bytes: never crashes or leaks; a
 * rejection names the file, a valid JSON pointer and a reason; an accepted dialect is
 * complete enough to be looked up. */
#include "fuzz.h"

#include <string.h>

#define TARGET "fuzz_dialect_load"
#define FILE_NAME "fuzz.json"

/* Checks the error report of a rejected dialect. */
static void check_error(const panel_dialect_error *err, panel_err rc)
{
    if (rc == PANEL_E_IO || rc == PANEL_E_NET || rc == PANEL_E_USAGE)
        fuzz_fail(TARGET, "panel_dialect_load_bytes returned %s", panel_err_name(rc));
    if (memchr(err->file, '\0', sizeof(err->file)) == NULL ||
        memchr(err->pointer, '\0', sizeof(err->pointer)) == NULL ||
        memchr(err->reason, '\0', sizeof(err->reason)) == NULL)
        fuzz_fail(TARGET, "an error field is not NUL-terminated");
    if (strcmp(err->file, FILE_NAME) != 0)
        fuzz_fail(TARGET, "error names file '%s', not '%s'", err->file, FILE_NAME);
    if (err->reason[0] == '\0')
        fuzz_fail(TARGET, "error at '%s' has no reason", err->pointer);
    if (!fuzz_pointer_valid(err->pointer))
        fuzz_fail(TARGET, "error pointer '%s' is not an RFC 6901 pointer", err->pointer);
}

/* Exercises an accepted dialect's tables a little. */
static void check_dialect(const panel_dialect *d)
{
    int a;

    if (!d->name || !d->name[0])
        fuzz_fail(TARGET, "accepted dialect has no name");
    for (a = 0; a < PANEL_ACTION__COUNT; a++) {
        const panel_action_spec *s = &d->actions[a];
        if (s->documented && !s->name)
            fuzz_fail(TARGET, "documented action %s has no name", panel_action_name(a));
    }
    (void)panel_vocab_lookup(&d->order_status, "Completed", NULL);
    (void)panel_vocab_lookup(&d->refill_status, "in progress", NULL);
    (void)panel_dialect_type(d, "Default");
    /* Format 2: the mock's ids must be valid ids of the dialect. */
    for (unsigned long long n = 0; n < 3; n++) {
        char id[160];
        if (panel_id_generate(&d->order_id, n, id, sizeof id) == PANEL_E_OK &&
            !panel_id_spec_ok(&d->order_id, id))
            fuzz_fail(TARGET, "generated order id '%s' is not an order id", id);
    }
    for (size_t i = 0; i < d->n_params; i++) {
        char v[160];
        (void)panel_param_value_ok(&d->params[i], "1");
        if (panel_param_generate(&d->params[i], 1, v, sizeof v))
            (void)panel_param_value_ok(&d->params[i], v);
    }
    for (size_t i = 0; i < d->n_extra_errors; i++)
        (void)panel_message_match(d->extra_errors[i].message, "Account suspended");
    (void)panel_message_match(d->errors[PANEL_ERRCASE_MISSING_PARAM].message,
                              "Missing required parameter: link");
}

/* Loads the input again keeping every error: the first must be the single-error API's. */
static void check_all_errors(const uint8_t *data, size_t size, const panel_dialect_error *first)
{
    panel_dialect *d = NULL;
    panel_dialect_errors errs;
    panel_err rc = panel_dialect_load_bytes_all((const char *)data, size, FILE_NAME, &d, &errs);
    if (rc == PANEL_E_OK)
        fuzz_fail(TARGET, "the all-errors load accepted what the first-error load refused");
    if (errs.count == 0 && rc == PANEL_E_DIALECT)
        fuzz_fail(TARGET, "refused without an error listed");
    if (errs.count > 0 &&
        (strcmp(errs.items[0].pointer, first->pointer) != 0 || errs.items[0].code != first->code))
        fuzz_fail(TARGET, "the first listed error differs from the single-error API's");
    for (size_t i = 0; i < errs.count; i++)
        check_error(&errs.items[i], rc);
    panel_dialect_errors_free(&errs);
    panel_dialect_free(d);
}

/* Loads the input as a dialect file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    panel_dialect *d = NULL;
    panel_dialect_error err;
    panel_err rc;

    memset(&err, 0x5a, sizeof(err));
    rc = panel_dialect_load_bytes((const char *)data, size, FILE_NAME, &d, &err);
    if (rc == PANEL_E_OK) {
        if (!d)
            fuzz_fail(TARGET, "success without a dialect");
        check_dialect(d);
    } else {
        if (d)
            fuzz_fail(TARGET, "failure (%s) with a dialect", panel_err_name(rc));
        check_error(&err, rc);
        check_all_errors(data, size, &err);
    }
    panel_dialect_free(d);
    return 0;
}
