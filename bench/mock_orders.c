/* mock_orders.c - creates N orders (default 1,000,000) through mock_handle and prints the
 * resident set size, to show the order store's memory is linear and small. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "panelmock.h"

/* The VmRSS line of /proc/self/status in KiB, or -1. */
static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kib;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    mock_config cfg = {.seed = 1, .dialect = "dripfeedpanel", .balance = "10000000000"};
    mock_state *s = NULL;
    char err[256];
    if (mock_state_new(&cfg, &s, err, sizeof err) != PANEL_E_OK) {
        fprintf(stderr, "mock_orders: %s\n", err);
        return 2;
    }
    const char *key = mock_state_key_borrow(s, "dripfeedpanel");
    long before = rss_kib();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char body[256];
    long ok = 0;
    for (long i = 0; i < n; i++) {
        int len = snprintf(body, sizeof body,
                           "key=%s&action=add&service=1&link=https://example.com/p%ld&quantity=%ld",
                           key, i, 50 + i % 1000);
        mock_response r;
        if (mock_handle(s, "POST", "/dripfeedpanel/api/v2", NULL, body, (size_t)len, "127.0.0.1",
                        &r) == PANEL_E_OK &&
            r.status == 200 && r.body.data && strstr(r.body.data, "\"order\""))
            ok++;
        mock_response_free(&r);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    long after = rss_kib();
    printf("orders created: %ld of %ld in %.2f s (%.0f adds/s)\n", ok, n, secs, (double)n / secs);
    printf("RSS before: %ld KiB, after: %ld KiB (%.1f MiB); %.1f bytes per order\n", before, after,
           (double)after / 1024.0, (double)(after - before) * 1024.0 / (double)(n ? n : 1));
    mock_state_free(s);
    return ok == n ? 0 : 1;
}
