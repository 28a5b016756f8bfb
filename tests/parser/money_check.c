/* tests/parser/money_check.c - reads "VALUE<TAB>EXPECTED<TAB>ROUNDED" lines (VALUE a JSON value
 * text, EXPECTED an 8-place decimal, "range" or "error"), parses {"balance":VALUE,...} as the
 * dripfeedpanel balance answer and checks the value and the diagnostics against them.
 * Usage: money_check DIALECT_DIR < cases.tsv; exit 0 when every line matches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/dialect.h"
#include "panel/parse.h"
#include "panel/result.h"

/* Checks one case; prints a mismatch and returns 0 when it differs. */
static int check(const panel_dialect *d, const char *value, const char *want, int want_rounded)
{
    char body[4096];
    int k = snprintf(body, sizeof body, "{\"balance\":%s,\"currency\":\"USD\"}", value);
    if (k < 0 || (size_t)k >= sizeof body)
        return 0;
    panel_result *r = NULL;
    if (panel_parse(d, PANEL_ACTION_BALANCE, body, (size_t)k, NULL, &r) != PANEL_E_OK)
        return 0;
    char got[64] = "none";
    const panel_diag *range = panel_result_find(r, PANEL_DIAG_NUMBER_RANGE);
    const panel_diag *bad = panel_result_find(r, PANEL_DIAG_BAD_VALUE);
    int rounded = panel_result_find(r, PANEL_DIAG_MONEY_PRECISION) != NULL;
    if (r->has & PANEL_HAS_BALANCE)
        panel_money_format(r->balance, 8, got, sizeof got);
    else if (range)
        snprintf(got, sizeof got, "range");
    else if (bad)
        snprintf(got, sizeof got, "error");
    int ok = !strcmp(got, want) &&
             (strcmp(want, "range") && strcmp(want, "error") ? rounded == want_rounded
                                                             : !(r->has & PANEL_HAS_BALANCE));
    if (ok && range && strcmp(range->actual ? range->actual : "", value) && strlen(value) <= 64)
        ok = 0; /* number_range must quote the input text */
    if (!ok)
        fprintf(stderr, "MISMATCH %s: got %s%s, want %s%s\n", value, got,
                rounded ? " (rounded)" : "", want, want_rounded ? " (rounded)" : "");
    panel_result_free(r);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: money_check DIALECT_DIR < cases.tsv\n");
        return 2;
    }
    panel_dialect_set set = {0};
    panel_dialect_error err;
    memset(&err, 0, sizeof err);
    if (panel_dialect_load_dir(argv[1], &set, &err) != PANEL_E_OK) {
        fprintf(stderr, "money_check: cannot load dialects from %s\n", argv[1]);
        return 2;
    }
    const panel_dialect *d = panel_dialect_set_find(&set, "dripfeedpanel");
    char line[8192];
    size_t n = 0, bad = 0;
    while (d && fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2)
            continue;
        *t1 = *t2 = '\0';
        n++;
        if (!check(d, line, t1 + 1, atoi(t2 + 1)) && ++bad > 50)
            break;
    }
    printf("%zu cases, %zu mismatches\n", n, bad);
    panel_dialect_set_free(&set);
    return d && n && !bad ? 0 : 1;
}
