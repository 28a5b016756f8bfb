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
    }
    panel_dialect_free(d);
    return 0;
}
