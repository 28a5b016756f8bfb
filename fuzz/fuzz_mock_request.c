/* fuzz/fuzz_mock_request.c - raw bytes -> one request for panelmock's socket-free handler.
 * Byte 0 picks the dialect ((byte % (n + 1)), n = no dialect: an admin or unknown path),
 * byte 1 the method (bits 0-1), the path variant (bits 2-4) and the headers (bits 5-7); the
 * rest is the body, in which every "@KEY@" is replaced by the dialect's key (so seeds hold
 * no key). One mock_state with seed 1 serves every input and is reset through the admin API
 * after each one, so an input replays alone and libFuzzer's leak check sees no growth; it is
 * recreated every RECREATE_EVERY inputs. Path variant 4 goes to a twin state with --fuzz 1
 * (mutated answers: every check but the JSON one). FUZZ_VERBOSE=1 prints each exchange on stderr.
 */
#include "fuzz.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panelmock.h"

#define TARGET "fuzz_mock_request"
#define RECREATE_EVERY 4096
#define KEY_TOKEN "@KEY@"
#define MAX_BODY (1u << 20)

static mock_state *state;
static mock_state *fstate; /* the same with --fuzz 1 (path variant 4) */
static unsigned long inputs;

static const char *const methods[] = {"POST", "POST", "GET", "PUT"};
static const char *const admin_paths[] = {
    "/__panelmock/state",
    "/__panelmock/journal",
    "/__panelmock/reset",
    "/__panelmock/advance",
    "/__panelmock/",
    "/__panelmock/faults",
    "/",
    "/__panelmock/../etc",
};
static const char *const header_sets[] = {
    "Content-Type: application/x-www-form-urlencoded",
    "Content-Type: application/x-www-form-urlencoded; charset=UTF-8",
    "Content-Type: application/x-www-form-urlencoded\r\nUser-Agent: panelkit-fuzz",
    NULL,
    "Content-Type: application/json",
    "",
    "Content-Type: text/plain\r\nX-Forwarded-For: 10.0.0.1",
    "Content-Type: multipart/form-data; boundary=x\r\nX-Very-Long: "
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

/* Creates the process's mock state (seed 1, every dialect, no faults); aborts on failure. */
static void state_create(void)
{
    mock_config cfg;
    char err[256] = "";

    memset(&cfg, 0, sizeof(cfg));
    cfg.listen = "127.0.0.1:0";
    cfg.dialect = "all";
    cfg.seed = 1;
    cfg.quiet = 1;
    cfg.dialect_dir = fuzz_dialect_dir_borrow(); /* beside the executable on ClusterFuzz */
    if (mock_state_new(&cfg, &state, err, sizeof(err)) != PANEL_E_OK || !state)
        fuzz_fail(TARGET, "mock_state_new failed: %s", err);
    cfg.fuzz = "1";
    if (mock_state_new(&cfg, &fstate, err, sizeof(err)) != PANEL_E_OK || !fstate)
        fuzz_fail(TARGET, "mock_state_new --fuzz failed: %s", err);
}

/* Creates the state before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_dialects_borrow();
    state_create();
    return 0;
}

/* Copies body into out replacing every KEY_TOKEN by key; returns the new length. */
static size_t substitute_key(const char *body, size_t n, const char *key, char *out)
{
    size_t i = 0, len = 0, tl = strlen(KEY_TOKEN), kl = key ? strlen(key) : 0;

    while (i < n) {
        if (key && n - i >= tl && memcmp(body + i, KEY_TOKEN, tl) == 0) {
            memcpy(out + len, key, kl);
            len += kl;
            i += tl;
        } else {
            out[len++] = body[i++];
        }
    }
    out[len] = '\0';
    return len;
}

/* Counts the occurrences of needle in s[0..n). */
static size_t count_in(const char *s, size_t n, const char *needle)
{
    size_t c = 0, nl = strlen(needle), i;

    for (i = 0; nl && i + nl <= n; i++)
        if (memcmp(s + i, needle, nl) == 0)
            c++;
    return c;
}

/* Prints at most 300 bytes of s with every occurrence of key masked as "***". */
static void print_masked(const char *s, size_t n, const char *key)
{
    size_t kl = key ? strlen(key) : 0, i;

    for (i = 0; i < n && i < 300; i++) {
        if (kl && n - i >= kl && memcmp(s + i, key, kl) == 0) {
            fputs("***", stderr);
            i += kl - 1;
        } else {
            fputc(s[i], stderr);
        }
    }
    fputc('\n', stderr);
}

/* Checks the shape of a handler response; the key must not be echoed unless the request
 * carried it somewhere besides the key parameter (then an echoed id may hold it). */
static void check_response(const mock_response *r, const char *key, int key_once, int dialect_path)
{
    if (r->status < 100 || r->status > 599)
        fuzz_fail(TARGET, "HTTP status %d", r->status);
    if (!memchr(r->content_type, '\0', sizeof(r->content_type)))
        fuzz_fail(TARGET, "content type not NUL-terminated");
    if (r->n_headers < 0 || r->n_headers > MOCK_MAX_HEADERS)
        fuzz_fail(TARGET, "%d headers", r->n_headers);
    if (r->body.len && (!r->body.data || r->body.data[r->body.len] != '\0'))
        fuzz_fail(TARGET, "body of %zu bytes is not NUL-terminated", r->body.len);
    if (key_once && strlen(key) >= 8 && r->body.data && strstr(r->body.data, key))
        fuzz_fail(TARGET, "the response body echoes the API key (HTTP %d)", r->status);
    if (dialect_path && r->status == 200 && r->body.len &&
        strstr(r->content_type, "json") != NULL) {
        json_error_t err;
        json_t *j = json_loadb(r->body.data, r->body.len, JSON_DECODE_ANY, &err);
        if (!j)
            fuzz_fail(TARGET, "200 %s body is not JSON: %s: %.200s", r->content_type, err.text,
                      r->body.data);
        json_decref(j);
    }
}

/* Sends one admin reset to s so the order store and journal stay small. */
static void reset_state(mock_state *s)
{
    mock_response r;

    memset(&r, 0, sizeof(r));
    if (mock_handle(s, "POST", "/__panelmock/reset", NULL, "", 0, "127.0.0.1", &r) == PANEL_E_OK)
        mock_response_free(&r);
}

/* Builds the request from the input and runs it through mock_handle. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const panel_dialect_set *set = fuzz_dialects_borrow();
    const panel_dialect *d = NULL;
    const char *key, *headers;
    char path[512];
    char *body = NULL;
    size_t n, idx;
    mock_response r;
    int variant, dialect_path = 0;
    mock_state *s;

    if (size < 2 || size - 2 > MAX_BODY)
        return 0;
    if (!state)
        state_create();
    if (++inputs % RECREATE_EVERY == 0) {
        mock_state_free(state);
        mock_state_free(fstate);
        state_create();
    }
    idx = data[0] % (set->count + 1);
    d = idx < set->count ? set->items[idx] : NULL;
    variant = (data[1] >> 2) & 7;
    s = d && variant == 4 ? fstate : state; /* mutated answers: no JSON check below */
    headers = header_sets[(data[1] >> 5) & 7];
    key = mock_state_key_borrow(s, d ? d->name : set->items[0]->name);
    if (!d || variant == 6) {
        snprintf(path, sizeof(path), "%s", admin_paths[(data[1] >> 5) & 7]);
    } else if (variant == 5) {
        snprintf(path, sizeof(path), "/%s%s/", d->name, d->base_path ? d->base_path : "");
    } else if (variant == 7) {
        snprintf(path, sizeof(path), "/%s/api/v9?key=%s", d->name, KEY_TOKEN);
    } else {
        snprintf(path, sizeof(path), "/%s%s", d->name, d->base_path ? d->base_path : "");
        dialect_path = s == state;
    }
    /* Every token may grow to the key's length: size the copy for the worst case. */
    body = malloc((size - 2) * (key ? strlen(key) + 1 : 1) + 1);
    if (!body)
        return 0;
    n = substitute_key((const char *)data + 2, size - 2, key, body);
    memset(&r, 0, sizeof(r));
    if (mock_handle(s, methods[data[1] & 3], path, headers, body, n, "127.0.0.1", &r) ==
        PANEL_E_OK) {
        if (getenv("FUZZ_VERBOSE")) {
            fprintf(stderr, "%s %s [%s] ", methods[data[1] & 3], path, headers ? headers : "");
            print_masked(body, n, key);
            fprintf(stderr, "-> %d %s ", r.status, r.content_type);
            print_masked(r.body.data ? r.body.data : "", r.body.len, key);
        }
        check_response(&r, key,
                       key && count_in(body, n, key) + count_in(path, strlen(path), key) == 1,
                       dialect_path);
    }
    mock_response_free(&r); /* a failed mock_handle may leave a body too (server.c answers 500) */
    reset_state(s);
    free(body);
    return 0;
}
