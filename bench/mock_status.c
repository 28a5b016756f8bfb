/* mock_status.c - times mock_handle on a 100-id multi status of orders that are not terminal
 * (so every answer is rendered: the answer cache cannot hit) and on the same query once the
 * orders are settled (cache hits). Prints answers/s for both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "panelmock.h"

#define N_IDS 100

/* Seconds on the monotonic clock. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs body n times through mock_handle; returns answers/s, or -1 on a failed answer. */
static double run(mock_state *s, const char *body, long n, size_t *len)
{
    double t0 = now();
    for (long i = 0; i < n; i++) {
        mock_response r;
        if (mock_handle(s, "POST", "/dripfeedpanel/api/v2", NULL, body, strlen(body), "127.0.0.1",
                        &r) != PANEL_E_OK ||
            r.status != 200) {
            mock_response_free(&r);
            return -1;
        }
        *len = r.body.len;
        mock_response_free(&r);
    }
    return (double)n / (now() - t0);
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    mock_config cfg = {.seed = 1, .dialect = "dripfeedpanel", .balance = "10000000000"};
    mock_state *s = NULL;
    char err[256];
    if (mock_state_new(&cfg, &s, err, sizeof err) != PANEL_E_OK) {
        fprintf(stderr, "mock_status: %s\n", err);
        return 2;
    }
    const char *key = mock_state_key_borrow(s, "dripfeedpanel");
    static char body[8192];
    int off = snprintf(body, sizeof body, "key=%s&action=status&orders=", key);
    for (int i = 0; i < N_IDS; i++) {
        char add[256];
        int len = snprintf(add, sizeof add,
                           "key=%s&action=add&service=1&link=https://example.com/p%d&quantity=100",
                           key, i);
        mock_response r;
        if (mock_handle(s, "POST", "/dripfeedpanel/api/v2", NULL, add, (size_t)len, "127.0.0.1",
                        &r) != PANEL_E_OK ||
            !r.body.data) {
            fprintf(stderr, "mock_status: add failed\n");
            return 2;
        }
        const char *p = r.body.data;
        while (*p && (*p < '0' || *p > '9'))
            p++;
        size_t k = strspn(p, "0123456789");
        off += snprintf(body + off, sizeof body - (size_t)off, "%s%.*s", i ? "," : "", (int)k, p);
        mock_response_free(&r);
    }
    size_t len = 0;
    /* rendered: the orders advance with each query, so the first ones are all renders */
    double rendered = run(s, body, 1, &len);
    setenv("PANELMOCK_NO_CACHE", "1", 1);
    rendered = run(s, body, n, &len);
    printf("mock_status: 100-id multi status, %zu B answer\n", len);
    printf("rendered (cache off)  %10.0f answers/s  (%.1f us each)\n", rendered, 1e6 / rendered);
    unsetenv("PANELMOCK_NO_CACHE");
    double cached = run(s, body, n, &len);
    printf("cached (settled)      %10.0f answers/s  (%.1f us each)\n", cached, 1e6 / cached);
    mock_state_free(s);
    return rendered > 0 && cached > 0 ? 0 : 1;
}
