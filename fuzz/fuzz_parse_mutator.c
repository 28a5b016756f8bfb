/* fuzz/fuzz_parse_mutator.c - libFuzzer's custom mutator for the parse targets, a thin
 * wrapper over the public mutator (panel/fuzz.h): the selector byte is kept and the body is
 * mutated for the selected dialect and the target's action. Inputs that are not JSON, and
 * one mutation in two, go to libFuzzer's own LLVMFuzzerMutate (tree edits cost a jansson
 * load and dump, so they are kept to half the mutations for throughput). */
#include "fuzz.h"

#include <string.h>

#include "panel/fuzz.h"

#ifndef FUZZ_ACTION
#define FUZZ_ACTION PANEL_ACTION__COUNT
#endif

/* libFuzzer's custom mutator: a structure-aware edit of the body, keeping the selector. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    panel_fuzz_mutation kind = PANEL_FUZZ_NONE;
    const panel_dialect *d;
    int multi;
    size_t n;

    if (size < 2 || max_size < 2 || (seed & 1u) == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    d = fuzz_select_dialect(data[0], &multi);
    n = panel_fuzz_mutate_named(d, FUZZ_ACTION, data + 1, size - 1, max_size - 1, seed >> 1, &kind);
    if (kind == PANEL_FUZZ_NONE || kind == PANEL_FUZZ_BYTES)
        return LLVMFuzzerMutate(data, size, max_size);
    return n + 1;
}

/* libFuzzer's custom cross-over: the selector of data1, then panel_fuzz_crossover of the
 * bodies. */
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size, unsigned int seed)
{
    if (size1 < 2 || size2 < 2 || max_out_size < 2) {
        size_t n = size1 < max_out_size ? size1 : max_out_size;
        memcpy(out, data1, n);
        return n;
    }
    out[0] = data1[0];
    return 1 + panel_fuzz_crossover(data1 + 1, size1 - 1, data2 + 1, size2 - 1, out + 1,
                                    max_out_size - 1, seed);
}
