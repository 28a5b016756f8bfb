/* panelmock.h - the mock server's API, used by panelmock's main, panelcheck's embedded
 * mode, the tests and the fuzz targets. */
#ifndef PANELMOCK_H
#define PANELMOCK_H

#include <stddef.h>
#include <stdint.h>

#include "panel/buf.h"
#include "panel/dialect.h"
#include "panel/error.h"

/* Per-dialect settings (from --key NAME=KEY, --config); NULL members keep the global one. */
typedef struct {
    const char *dialect; /* a dialect name */
    const char *key;     /* the first account's key */
    const char *balance; /* every account's starting balance */
    const char *faults;  /* this dialect's faults, replacing the global spec */
    const char *quirks;  /* this dialect's quirks, replacing the global spec */
} mock_dialect_config;

/* Where panelmock writes one line per request (stderr). */
typedef enum { MOCK_LOG_NONE, MOCK_LOG_TEXT, MOCK_LOG_JSON } mock_log_format;

#define MOCK_MAX_ACCOUNTS 16 /* --accounts cap */

typedef struct {
    const char *listen;             /* "127.0.0.1:0" default */
    const char *dialect;            /* a name or "all" (default) */
    const char *dialect_dir;        /* NULL: panel_dialect_default_dir() */
    uint64_t seed;                  /* default 1 */
    const char *key;                /* NULL: a key per dialect derived from the seed */
    const char *balance;            /* NULL: each dialect's catalogue balance */
    const char *faults;             /* "reset=0.05,latency=20ms,..." or NULL */
    const char *deviate;            /* "name,name" or NULL */
    const char *webhook;            /* URL or NULL */
    int quiet;                      /* no start-up lines on stdout */
    const char *quirks;             /* global quirk spec or NULL */
    const mock_dialect_config *per; /* per-dialect settings, n_per of them (borrowed) */
    size_t n_per;
    unsigned accounts; /* accounts per dialect, each with its own key, balance and orders; 0 = 1 */
    int ids_big;       /* 1: integer ids past 2^53 (orders) and 2^31 (refills) */
    mock_log_format log; /* request log lines on stderr; MOCK_LOG_NONE (default) for none */
    /* 1: an add without a required idempotency parameter passes; 0 (default): refused, as
     * documented. */
    int lenient_idempotency;
    const char *replay;       /* a HAR file every API request is answered from, or NULL */
    const char *fuzz;         /* --fuzz SEED: mutated answers (README: fuzzing), or NULL */
    const char *fuzz_rate;    /* --fuzz-rate P: the fraction mutated (default 1) */
    const char *fuzz_actions; /* --fuzz-actions LIST: actions mutated (default all) */
    const char *fuzz_report;  /* --fuzz-report PATH: JSON + PATH.md written on shutdown */
} mock_config;

typedef struct mock_state mock_state;   /* dialects, accounts, orders, journal; no sockets */
typedef struct mock_server mock_server; /* a running libmicrohttpd daemon around a mock_state */

#define MOCK_MAX_HEADERS 8

/* A response produced by the request handler. */
typedef struct {
    int status; /* HTTP status */
    char content_type[64];
    panel_buf body; /* owned */
    int n_headers;
    char header_name[MOCK_MAX_HEADERS][32];
    char header_value[MOCK_MAX_HEADERS][128];
    int fault; /* transport fault the server must apply (reset, drip, ...), 0 none */
    unsigned latency_ms;
    uint64_t fuzz_n;       /* --fuzz: the request number of a mutated answer (its token), or 0 */
    uint64_t fuzz_session; /* --fuzz: the session it belongs to (bumped by reset) */
} mock_response;

/* Creates the state for cfg (loads dialects, builds catalogues and keys). err receives a
 * one-line reason on failure (may be NULL). Caller frees with mock_state_free. */
panel_err mock_state_new(const mock_config *cfg, mock_state **out, char *err, size_t errsz);
void mock_state_free(mock_state *s);

/* Handles one request without sockets. headers: "Name: value" lines ("\r\n" separated) or
 * NULL. out is initialised by the callee and freed by the caller with mock_response_free. */
panel_err mock_handle(mock_state *s, const char *method, const char *path, const char *headers,
                      const char *body, size_t n, const char *client_ip, mock_response *out);
void mock_response_free(mock_response *r);

/* The key the mock accepts for a dialect (borrowed), or NULL for an unknown dialect. */
const char *mock_state_key_borrow(const mock_state *s, const char *dialect);

/* The key of account idx (0-based, < accounts) of a dialect (borrowed), or NULL. */
const char *mock_state_account_key_borrow(const mock_state *s, const char *dialect, size_t idx);

/* Warnings collected while the state was built (e.g. a key that breaks an assumed key
 * format), one per line; "" when none. Borrowed. */
const char *mock_state_warnings_borrow(const mock_state *s);

/* Registers fn(arg), called (with the state lock held) when POST /__panelmock/shutdown is
 * answered; fn must only signal, never stop the server itself. */
void mock_state_on_shutdown(mock_state *s, void (*fn)(void *), void *arg);

/* Applies the quirks named in spec ("ids_as_strings,status_lower"; any rate counts as on) to
 * body, a JSON answer of action a (multi form when multi; single_id: the id of a single status
 * request, or NULL) of d, rewriting it in place; body NULL only validates spec. A body that is
 * not JSON is left as it is. PANEL_E_USAGE with err on an unknown quirk. */
panel_err mock_quirks_rewrite(const panel_dialect *d, panel_action a, int multi,
                              const char *single_id, const char *spec, panel_buf *body, char *err,
                              size_t errsz);

/* Starts a server on cfg->listen; writes "http://HOST:PORT" into url. */
panel_err mock_server_start(const mock_config *cfg, mock_server **out, char *url, size_t urlsz,
                            char *err, size_t errsz);
mock_state *mock_server_state_borrow(mock_server *m);
void mock_server_stop(mock_server *m);

/* Planted deviations: name, the action it breaks, one line on what it breaks. */
typedef struct {
    const char *name;
    const char *action;
    const char *what;
} mock_deviation_info;

/* The table of planted deviations (static, n entries). */
const mock_deviation_info *mock_deviations(size_t *n);

/* Changes a switch set at run time: what is "faults", "quirks", "deviate" or "webhook";
 * spec as on the command line. PANEL_E_USAGE with a one-line reason in err on a bad spec.
 * (Added by panelmock: the quirks switch has no mock_config field.) */
panel_err mock_state_configure(mock_state *s, const char *what, const char *spec, char *err,
                               size_t errsz);

/* A switch of the quirk or fault tables: name and one line on what it does. */
typedef struct {
    const char *name;
    const char *what;
} mock_switch_info;

/* The quirk table and the fault table (static, n entries each). */
const mock_switch_info *mock_quirk_infos(size_t *n);
const mock_switch_info *mock_fault_infos(size_t *n);

#endif
