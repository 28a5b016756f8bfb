/* runner_values.c - values the runner generates: a serial new for every generated value of
 * the process, and the idempotency parameter of each add. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runner_internal.h"

/* A number new for every call, seeded once from the clock and the process id so that values
 * of two runs against one provider differ too (a real provider remembers request ids). */
unsigned long long runner_gen_serial(void)
{
    static unsigned long long next;
    if (next == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        next = ((unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec) ^
               ((unsigned long long)getpid() << 40);
        if (next == 0)
            next = 1;
    }
    return next++;
}

/* Adds the dialect's idempotency parameter to add params f (unless skipped or present): the
 * parameter's generator, else "panelcheck-<serial>", new for every add. */
void runner_idempotency_add(const panel_dialect *d, const char *skip_param, panel_form *f)
{
    const char *p = d->idempotency_param;
    if (!p || (skip_param && !strcmp(p, skip_param)) || panel_form_get_borrow(f, p))
        return;
    char v[128];
    unsigned long long n = runner_gen_serial();
    if (!panel_param_generate(panel_dialect_param(d, p), n, v, sizeof(v)))
        snprintf(v, sizeof(v), "panelcheck-%llx", n);
    panel_form_add(f, p, v);
}
