/* test_fuzz_mutate.c - the public mutator (panel/fuzz.h): deterministic, bounded, every kind
 * reachable, names from the table, nothing foreign in its output. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/fuzz.h"
#include "testutil.h"

static const char *const answers[] = {
    "{\"order\":23501}",
    "{\"charge\":\"0.27819\",\"start_count\":\"3572\",\"status\":\"Partial\",\"remains\":\"157\","
    "\"currency\":\"USD\"}",
    "[{\"service\":1,\"name\":\"Followers\",\"type\":\"Default\",\"category\":\"First\","
    "\"rate\":\"0.90\",\"min\":\"50\",\"max\":\"10000\",\"refill\":true,\"cancel\":true}]",
    "{\"balance\":\"100.84292\",\"currency\":\"USD\"}",
    "{\"error\":\"Incorrect request\"}",
};
#define N_ANSWERS (sizeof answers / sizeof answers[0])

/* The same inputs and seed give the same bytes and the same kind. */
START_TEST(deterministic)
{
    for (uint64_t seed = 0; seed < 500; seed++) {
        const char *in = answers[seed % N_ANSWERS];
        uint8_t a[4096], b[4096];
        size_t n = strlen(in);
        memcpy(a, in, n);
        memcpy(b, in, n);
        panel_fuzz_mutation ka, kb;
        size_t na = panel_fuzz_mutate_named(NULL, PANEL_ACTION_STATUS, a, n, sizeof a, seed, &ka);
        size_t nb = panel_fuzz_mutate_named(NULL, PANEL_ACTION_STATUS, b, n, sizeof b, seed, &kb);
        ck_assert_uint_eq(na, nb);
        ck_assert_int_eq(ka, kb);
        ck_assert(memcmp(a, b, na) == 0);
    }
}
END_TEST

/* The output never passes max_size, however small, and no byte past it is written. */
START_TEST(bounded)
{
    for (uint64_t seed = 0; seed < 2000; seed++) {
        const char *in = answers[seed % N_ANSWERS];
        size_t n = strlen(in), max = n + (size_t)(seed % 40);
        uint8_t *buf = malloc(max); /* exactly max: ASan sees any write past it */
        ck_assert_ptr_nonnull(buf);
        memcpy(buf, in, n);
        size_t out = panel_fuzz_mutate(NULL, PANEL_ACTION__COUNT, buf, n, max, seed);
        ck_assert_uint_le(out, max);
        free(buf);
    }
}
END_TEST

/* Over many seeds every kind of edit is made at least once, with the dialects' words. */
START_TEST(every_kind)
{
    panel_dialect_set set;
    tu_load_dialects(&set);
    unsigned seen[PANEL_FUZZ__COUNT] = {0};
    for (uint64_t seed = 0; seed < 20000; seed++) {
        const char *in = answers[seed % N_ANSWERS];
        uint8_t buf[8192];
        size_t n = strlen(in);
        memcpy(buf, in, n);
        panel_fuzz_mutation k;
        panel_fuzz_mutate_named(set.items[seed % set.count], PANEL_ACTION_STATUS, buf, n,
                                sizeof buf, seed, &k);
        seen[k]++;
    }
    uint8_t junk[8] = "not json";
    panel_fuzz_mutation k;
    panel_fuzz_mutate_named(NULL, PANEL_ACTION_ERROR, junk, 8, sizeof junk, 7, &k);
    seen[k]++;
    for (int i = 1; i < PANEL_FUZZ__COUNT; i++)
        ck_assert_msg(seen[i] > 0, "mutation %s never made", panel_fuzz_mutation_name(i));
    panel_dialect_set_free(&set);
}
END_TEST

/* Ids in exponent form appear (the 1.234567e+06 a client's printf writes). */
START_TEST(exponent_ids)
{
    int found = 0;
    for (uint64_t seed = 0; seed < 5000 && !found; seed++) {
        const char *in = "{\"order\":1234567}";
        uint8_t buf[256];
        size_t n = strlen(in);
        memcpy(buf, in, n);
        n = panel_fuzz_mutate(NULL, PANEL_ACTION_ADD, buf, n, sizeof buf - 1, seed);
        buf[n] = '\0';
        found = strstr((char *)buf, "1.234567e+06") != NULL;
    }
    ck_assert(found);
}
END_TEST

/* Output holds no byte sequence of a secret the input did not hold. */
START_TEST(no_foreign_secret)
{
    const char *key = "9f3c1a77e0b24d5c8e6a1b2c3d4e5f60";
    for (uint64_t seed = 0; seed < 3000; seed++) {
        const char *in = answers[seed % N_ANSWERS];
        uint8_t buf[8192];
        size_t n = strlen(in);
        memcpy(buf, in, n);
        n = panel_fuzz_mutate(NULL, PANEL_ACTION__COUNT, buf, n, sizeof buf - 1, seed);
        buf[n] = '\0';
        ck_assert_ptr_null(strstr((char *)buf, key));
    }
}
END_TEST

/* Names and descriptions come from the table; out of range is "unknown". */
START_TEST(names)
{
    ck_assert_str_eq(panel_fuzz_mutation_name(PANEL_FUZZ_RETYPE), "retype");
    ck_assert_str_eq(panel_fuzz_mutation_name(PANEL_FUZZ_ID_FORMAT), "id_format");
    ck_assert_str_eq(panel_fuzz_mutation_name(PANEL_FUZZ__COUNT), "unknown");
    for (int i = 0; i < PANEL_FUZZ__COUNT; i++)
        ck_assert(panel_fuzz_mutation_what(i)[0] != '\0');
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fuzz_mutate");
    TCase *t = tcase_create("core");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, deterministic);
    tcase_add_test(t, bounded);
    tcase_add_test(t, every_kind);
    tcase_add_test(t, exponent_ids);
    tcase_add_test(t, no_foreign_secret);
    tcase_add_test(t, names);
    suite_add_tcase(s, t);
    return tu_run(s);
}
