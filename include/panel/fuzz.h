/* panel/fuzz.h - the structure-aware mutator of provider answers, for anyone's fuzz harness
 * (panelkit's own fuzz targets, panelmock --fuzz, a libFuzzer harness of a client's parser). */
#ifndef PANEL_PUBLIC_FUZZ_H
#define PANEL_PUBLIC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "panel/dialect.h"

/* The kinds of mutation: enum tag, name (journals, reports), what it does. */
#define PANEL_FUZZ_MUTATION_MAP(XX)                                                                \
    XX(NONE, "none", "nothing changed")                                                            \
    XX(RETYPE, "retype", "a member's JSON type changed (number/string/bool/null/object/array)")    \
    XX(DROP, "drop", "a member or an array element dropped")                                       \
    XX(DUPLICATE, "duplicate", "a member copied under its own or another known key")               \
    XX(STATUS_WORD, "status_word", "a value replaced by a quirk spelling of a status word")        \
    XX(ID_FORMAT, "id_format",                                                                     \
       "an id as int, string, ObjectId, 0, negative, past 2^53 or 1.234567e+06-style")             \
    XX(WRAPPER, "wrapper", "the answer wrapped in or unwrapped from a success/data envelope")      \
    XX(RAW_NUMBER, "raw_number", "a value replaced by a huge, tiny, -0 or deeply nested token")    \
    XX(MONEY_TEXT, "money_text", "a value replaced by a money spelling (1,20 $1.20 NaN)")          \
    XX(EXTRA_MEMBER, "extra_member", "a known or unknown member added")                            \
    XX(SINGLE_AS_MAP, "single_as_map", "the answer keyed by an id, or a one-member map unwrapped") \
    XX(NEST, "nest", "a value nested in a one-element array")                                      \
    XX(EXTRA_ENTRY, "extra_entry", "an array entry or map member repeated")                        \
    XX(TEXT_DUPLICATE, "text_duplicate", "the first member duplicated in the text")                \
    XX(TRUNCATE, "truncate", "the text cut short (invalid JSON)")                                  \
    XX(INVALID_JSON, "invalid_json", "a structural byte of the text broken (invalid JSON)")        \
    XX(BYTES, "bytes", "input that is not JSON: bytes flipped, inserted or cut")

typedef enum {
#define PANEL_FUZZ_MUTATION_ENUM(n, s, w) PANEL_FUZZ_##n,
    PANEL_FUZZ_MUTATION_MAP(PANEL_FUZZ_MUTATION_ENUM)
#undef PANEL_FUZZ_MUTATION_ENUM
        PANEL_FUZZ__COUNT
} panel_fuzz_mutation;

/* The name of a mutation kind ("retype"), or "unknown" out of range. */
const char *panel_fuzz_mutation_name(panel_fuzz_mutation m);
/* One line on what a mutation kind does, or "" out of range. */
const char *panel_fuzz_mutation_what(panel_fuzz_mutation m);

/* Mutates the answer data[0..size) in place into at most max_size bytes and returns the new
 * size. The contract:
 *  - deterministic: the same (dialect, action, bytes, max_size, seed) give the same output;
 *  - bounded: the output never exceeds max_size (when a tree edit would not fit, the input
 *    is cut short instead); an input already over max_size or over 16 MiB, or NULL data,
 *    is left alone and size returned;
 *  - no secrets: the output holds only bytes of the input and of fixed tables (status
 *    words, ids, money spellings, raw numbers), so it never contains a key it is not given;
 *  - JSON input gets 1 to 3 tree edits of the kinds above, and at a low rate (one in
 *    sixteen each) a truncation or a broken byte; other input gets byte edits.
 * dialect (may be NULL) adds its own status words and id kind to the tables; action (or
 * PANEL_ACTION__COUNT for any) steers which members the edits prefer. */
size_t panel_fuzz_mutate(const panel_dialect *dialect, panel_action action, uint8_t *data,
                         size_t size, size_t max_size, uint64_t seed);

/* panel_fuzz_mutate that also reports, in *applied (may be NULL), the first kind of edit
 * made (PANEL_FUZZ_NONE when the output equals the input). */
size_t panel_fuzz_mutate_named(const panel_dialect *dialect, panel_action action, uint8_t *data,
                               size_t size, size_t max_size, uint64_t seed,
                               panel_fuzz_mutation *applied);

/* A cross-over of two answers into out (at most max_out_size bytes), returning its length:
 * one time in four (both under 4096 bytes and JSON) data1's tree with a subtree of data2
 * grafted in place of one of its nodes, otherwise a byte splice of data1's head and data2's
 * tail. Deterministic in its inputs. */
size_t panel_fuzz_crossover(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                            uint8_t *out, size_t max_out_size, uint64_t seed);

#endif
