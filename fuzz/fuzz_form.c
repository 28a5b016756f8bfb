/* fuzz/fuzz_form.c - bytes -> panel_form_decode; a decoded form must survive
 * encode -> decode with the same pairs in the same order (round trip oracle). */
#include "fuzz.h"

#include <string.h>

#include "panel/form.h"

#define TARGET "fuzz_form"

/* Checks that a and b hold the same pairs in the same order. */
static void check_same_pairs(const panel_form *a, const panel_form *b)
{
    size_t i;

    if (a->count != b->count)
        fuzz_fail(TARGET, "%zu pairs, %zu after the round trip", a->count, b->count);
    for (i = 0; i < a->count; i++) {
        if (strcmp(a->pairs[i].name, b->pairs[i].name) != 0 ||
            strcmp(a->pairs[i].value, b->pairs[i].value) != 0)
            fuzz_fail(TARGET, "pair %zu changed: '%s'='%s' -> '%s'='%s'", i, a->pairs[i].name,
                      a->pairs[i].value, b->pairs[i].name, b->pairs[i].value);
    }
    if (a->duplicates != b->duplicates)
        fuzz_fail(TARGET, "duplicates flag %d, %d after the round trip", a->duplicates,
                  b->duplicates);
}

/* Decodes the input; when it decodes, encodes and decodes again and compares. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    panel_form f, g;
    panel_buf enc;
    panel_err rc;
    size_t i;

    panel_form_init(&f, 0);
    panel_form_init(&g, 0);
    panel_buf_init(&enc, size * 3 + 64);
    rc = panel_form_decode(&f, (const char *)data, size);
    if (rc != PANEL_E_OK && rc != PANEL_E_PARSE && rc != PANEL_E_TOO_LARGE)
        fuzz_fail(TARGET, "panel_form_decode returned %s", panel_err_name(rc));
    if (f.count > f.max_params)
        fuzz_fail(TARGET, "%zu pairs over the cap of %zu", f.count, f.max_params);
    for (i = 0; i < f.count; i++) {
        if (!f.pairs[i].name || !f.pairs[i].value)
            fuzz_fail(TARGET, "pair %zu has a NULL name or value", i);
        if (panel_form_get_borrow(&f, f.pairs[i].name) == NULL)
            fuzz_fail(TARGET, "pair %zu ('%s') cannot be found by name", i, f.pairs[i].name);
    }
    if (rc == PANEL_E_OK) {
        rc = panel_form_encode(&f, &enc);
        if (rc != PANEL_E_OK)
            fuzz_fail(TARGET, "panel_form_encode returned %s", panel_err_name(rc));
        rc = panel_form_decode(&g, enc.data ? enc.data : "", enc.len);
        if (rc != PANEL_E_OK)
            fuzz_fail(TARGET, "re-decoding '%.200s' returned %s", enc.data ? enc.data : "",
                      panel_err_name(rc));
        check_same_pairs(&f, &g);
    }
    panel_form_free(&f);
    panel_form_free(&g);
    panel_buf_free(&enc);
    return 0;
}
