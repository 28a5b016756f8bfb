/* test_cov_h2_detect.c - the detect module's tables and refusals in process: every feature's
 * name and weight and every verdict's name from one table, "?" and 0 past the ends, and a draft
 * refused when no dialect was ranked (nothing written). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "detect.h"

START_TEST(test_names_and_weights)
{
    static const struct {
        detect_kind k;
        const char *name;
        int weight;
    } kinds[] = {
        {DETECT_SERVICES, "services", 3},
        {DETECT_BALANCE, "balance", 2},
        {DETECT_STATUS, "status of a bogus id", 2},
        {DETECT_STATUS_MULTI, "multi-status of bogus ids", 2},
        {DETECT_REFILL_STATUS, "refill_status of a bogus id", 1},
        {DETECT_BAD_KEY, "error: bad key", 2},
        {DETECT_MISSING_ACTION, "error: missing action", 1},
        {DETECT_UNKNOWN_ACTION, "error: unknown action", 1},
        {DETECT__COUNT, "?", 0}, /* past the end */
    };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        ck_assert_str_eq(detect_feature_name(kinds[i].k), kinds[i].name);
        ck_assert_int_eq(detect_feature_weight(kinds[i].k), kinds[i].weight);
    }
    static const struct {
        detect_verdict v;
        const char *name;
    } verdicts[] = {{DETECT_FIT, "fit"},
                    {DETECT_WARN, "warn"},
                    {DETECT_CONFLICT, "conflict"},
                    {DETECT_NO_ANSWER, "no_answer"},
                    {DETECT_NOT_PROBED, "not_probed"},
                    {(detect_verdict)(DETECT_NOT_PROBED + 1), "?"}};
    for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
        ck_assert_str_eq(detect_verdict_name(verdicts[i].v), verdicts[i].name);
}
END_TEST

/* A draft needs a ranked dialect to start from. */
START_TEST(test_draft_without_a_fit)
{
    detect_run *r = calloc(1, sizeof(*r));
    ck_assert_ptr_nonnull(r);
    char path[128], err[256] = "";
    snprintf(path, sizeof(path), "/tmp/test_cov_h2_detect.%ld.json", (long)getpid());
    ck_assert_int_eq(detect_draft_write(r, path, err, sizeof(err)), PANEL_E_INVALID);
    ck_assert_str_eq(err, "no dialect to start from");
    ck_assert_int_ne(access(path, F_OK), 0);
    detect_run_free(r);
    free(r);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cov_h2_detect");
    TCase *tc = tcase_create("detect");
    tcase_add_test(tc, test_names_and_weights);
    tcase_add_test(tc, test_draft_without_a_fit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
