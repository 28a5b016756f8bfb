/* fuzz/fuzz.h - the libFuzzer entry points and the helpers the fuzz targets share. */
#ifndef PANEL_FUZZ_H
#define PANEL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "panel/dialect.h"

/* libFuzzer's entry points (defined by the targets) and its mutator (defined by libFuzzer,
 * or by replay_main.c in builds without it). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed);

/* The dialects of panel_dialect_default_dir() (or, when that fails, of the directory
 * `dialects/` beside the executable, as OSS-Fuzz ships them), loaded once and sorted by
 * name; borrowed, lives until exit. Aborts when no dialect can be loaded. */
const panel_dialect_set *fuzz_dialects_borrow(void);
/* The directory those dialects came from (borrowed), for code that loads them again. */
const char *fuzz_dialect_dir_borrow(void);

/* Decodes the selector byte: *dialect gets (byte / 2) % n, *multi gets byte & 1. */
const panel_dialect *fuzz_select_dialect(uint8_t selector, int *multi);

/* Prints "fuzz oracle failed: <what>" and the input's selector to stderr, then aborts. */
void fuzz_fail(const char *target, const char *fmt, ...) __attribute__((format(printf, 2, 3)))
__attribute__((noreturn));

/* Returns 1 when p is a valid RFC 6901 pointer: "" or '/'-led, '~' only as ~0 or ~1. */
int fuzz_pointer_valid(const char *p);

#endif
