/* report_matrix.c - the action x result matrix shared by the HTML and Markdown reports. */
#include <string.h>

#include "report.h"

const char *const report_actions[] = {"services", "balance",       "add",    "status",
                                      "refill",   "refill_status", "cancel", "error"};
const size_t report_n_actions = sizeof(report_actions) / sizeof(report_actions[0]);

/* Counts the verdicts of one action in s and returns its state (0 none .. 3 failed). */
int report_action_state(const check_suite *s, const char *action, size_t *pass, size_t *fail,
                        size_t *skip)
{
    size_t p = 0, f = 0, k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->items[i].action, action))
            continue;
        if (s->items[i].status == CHECK_PASS || s->items[i].status == CHECK_WARN)
            p++;
        else if (s->items[i].status == CHECK_FAIL)
            f++;
        else
            k++;
    }
    if (pass)
        *pass = p;
    if (fail)
        *fail = f;
    if (skip)
        *skip = k;
    if (f)
        return 3;
    if (!p && !k)
        return 0;
    return k && !p ? 2 : 1;
}
