/* harness.c - a libFuzzer harness of the example client (client.c), its inputs mutated by
 * panelkit's structure-aware mutator (panel_fuzz_mutate) for the panel-v2 dialect's add
 * answer: ids change kind and size, members go missing or change type, wrappers come and
 * go, as real providers do. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "client.h"
#include "panel/dialect.h"
#include "panel/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

/* The dialect the answers follow (loaded once; NULL when the dialects cannot be read). */
static const panel_dialect *dialect(void)
{
    static panel_dialect_set set;
    static int loaded;
    if (!loaded) {
        panel_dialect_error de;
        loaded = 1;
        if (panel_dialect_load_dir(panel_dialect_default_dir(), &set, &de) != PANEL_E_OK)
            return NULL;
    }
    return panel_dialect_set_find(&set, "panel-v2");
}

/* Feeds one answer to the client. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fc_add a;
    fc_parse_add((const char *)data, size, &a);
    return 0;
}

/* Structure-aware mutation of the answer; libFuzzer's own when the input is not JSON. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    panel_fuzz_mutation kind;
    size_t n =
        panel_fuzz_mutate_named(dialect(), PANEL_ACTION_ADD, data, size, max_size, seed, &kind);
    if (kind == PANEL_FUZZ_BYTES || kind == PANEL_FUZZ_NONE)
        return LLVMFuzzerMutate(data, size, max_size);
    return n;
}
