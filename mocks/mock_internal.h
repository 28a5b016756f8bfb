/* mock_internal.h - panelmock's private types shared between its modules. */
#ifndef MOCK_INTERNAL_H
#define MOCK_INTERNAL_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "panel/dialect.h"
#include "panel/form.h"
#include "panel/money.h"
#include "panel/parse.h"
#include "panel/result.h"
#include "panelmock.h"

#define MOCK_MAX_BODY (64u * 1024u)   /* request body cap; 413 beyond */
#define MOCK_MAX_RESPONSE (16u << 20) /* rendered response cap */
#define MOCK_JOURNAL_MAX 10000        /* journal entries kept (oldest dropped) */
#define MOCK_MAX_PATH 12              /* lifecycle path length cap */
#define MOCK_MAX_IPS 64               /* per-dialect client IP slots for limits */

/* ---- rng.c: seeded xoshiro256** (splitmix64 seeding) ---- */
typedef struct {
    uint64_t s[4];
} mock_rng;

void mock_rng_seed(mock_rng *r, uint64_t seed);
uint64_t mock_rng_next(mock_rng *r);
/* Uniform in [0, n) (n > 0). */
uint64_t mock_rng_below(mock_rng *r, uint64_t n);
/* 1 with probability rate_ppm / 1e6. */
int mock_rng_chance(mock_rng *r, uint32_t rate_ppm);
/* 64-bit FNV-1a of n bytes. */
uint64_t mock_hash(const char *s, size_t n);

/* ---- store.c: orders and refills with an open-addressing id index ---- */
#define MOCK_ID_LEN 48 /* id buffer: ObjectIds, UUIDs, prefixed ids, integers past 2^53 */

typedef struct {
    char id[MOCK_ID_LEN];
    uint8_t status;  /* panel_status */
    uint8_t step;    /* position in the dialect's lifecycle path */
    uint8_t outcome; /* terminal status chosen at creation */
    uint8_t refunded_full;
    uint16_t svc;         /* catalogue index */
    uint32_t last_refill; /* index + 1 of the order's latest refill, 0 when none */
    uint16_t n_refills;   /* refills accepted for the order */
    int64_t quantity, start_count, remains;
    panel_money charge, refunded;
} mock_order;

typedef struct {
    char id[MOCK_ID_LEN];
    uint8_t status;
    uint8_t step;
    uint32_t order; /* index into the order vector */
} mock_refill;

/* An idempotency value of an add and the order it placed. */
typedef struct {
    char id[80]; /* the value (longer values are hashed into it) */
    uint32_t order;
    uint64_t body; /* hash of the add's other parameters: another body is refused */
} mock_idem;

typedef struct {
    uint32_t *slots; /* record index + 1; 0 = empty */
    size_t cap;      /* power of two */
    size_t n;
} mock_index;

typedef struct {
    mock_order *orders;
    size_t n_orders, cap_orders;
    mock_index order_ix;
    mock_refill *refills;
    size_t n_refills, cap_refills;
    mock_index refill_ix;
    mock_idem *idems;
    size_t n_idems, cap_idems;
    mock_index idem_ix;
} mock_store;

void mock_store_init(mock_store *st);
void mock_store_free(mock_store *st);
/* Appends an order (copied) and indexes it; *out_ix receives its index. */
panel_err mock_store_add_order(mock_store *st, const mock_order *o, size_t *out_ix);
panel_err mock_store_add_refill(mock_store *st, const mock_refill *r, size_t *out_ix);
panel_err mock_store_add_idem(mock_store *st, const mock_idem *r);
/* Finds by id; borrowed or NULL. */
mock_order *mock_store_order(mock_store *st, const char *id);
mock_idem *mock_store_idem(mock_store *st, const char *id);
mock_refill *mock_store_refill(mock_store *st, const char *id);

/* ---- quirks.c / faults.c switch sets ---- */
#define MOCK_QUIRK_MAP(XX)                                                                         \
    XX(IDS_AS_STRINGS, "ids_as_strings", "integer ids sent as JSON strings (\"23501\")")           \
    XX(MONEY_AS_NUMBERS, "money_as_numbers", "money sent as JSON numbers instead of strings")      \
    XX(BOOL_AS_1, "bool_as_1", "booleans sent as the strings \"1\" / \"0\"")                       \
    XX(BOOL_AS_INT, "bool_as_int", "booleans sent as the integers 1 / 0")                          \
    XX(STATUS_LOWER, "status_lower", "status words in lower case (\"completed\")")                 \
    XX(STATUS_UPPER, "status_upper", "status words in upper case (\"COMPLETED\")")                 \
    XX(STATUS_MISSPELL, "status_misspell", "status words misspelled (Cancelled, Inprogress)")      \
    XX(SUCCESS_WRAPPER, "success_wrapper", "answers wrapped in {\"status\":\"success\", ...}")     \
    XX(DATA_WRAPPER, "data_wrapper", "answers wrapped in {\"status\":true,\"data\":...}")          \
    XX(STRING_ERROR_ENTRIES, "string_error_entries",                                               \
       "multi error entries as plain strings instead of {\"error\":...}")                          \
    XX(MISSING_OPTIONAL, "missing_optional",                                                       \
       "currency, dripfeed, refill and cancel fields dropped")                                     \
    XX(EXTRA_FIELDS, "extra_fields", "unknown extra fields (desc, refund) added")                  \
    XX(REMAINS_UNKNOWN, "remains_unknown", "remains sent as \"Unknown\"")                          \
    XX(START_COUNT_NULL, "start_count_null", "start_count sent as null")                           \
    XX(ORDER_ID_FIELD, "order_id_field", "the order field renamed order_id")                       \
    XX(COMMA_DECIMAL, "comma_decimal", "money with a comma decimal separator (\"1,20\")")          \
    XX(SINGLE_AS_MAP, "single_as_map", "single status answered as a one-entry map keyed by the id")

typedef enum {
#define MOCK_QUIRK_ENUM(n, s, w) MOCK_QUIRK_##n,
    MOCK_QUIRK_MAP(MOCK_QUIRK_ENUM)
#undef MOCK_QUIRK_ENUM
        MOCK_QUIRK__COUNT
} mock_quirk;

#define MOCK_FAULT_MAP(XX)                                                                         \
    XX(NONE, "none", "no fault")                                                                   \
    XX(LATENCY, "latency", "every answer delayed by N ms (latency=20ms)")                          \
    XX(JITTER, "jitter", "answers delayed by a random 0..N ms (jitter=50ms)")                      \
    XX(DRIP, "drip", "the answer sent a few bytes at a time")                                      \
    XX(RESET, "reset", "the connection reset before any answer")                                   \
    XX(EMPTY, "empty", "HTTP 200 with an empty body")                                              \
    XX(TRUNCATE, "truncate", "the body cut short and the connection closed")                       \
    XX(BADCHUNK, "badchunk", "a malformed chunked transfer encoding")                              \
    XX(GARBAGE, "garbage", "bytes that are not HTTP")                                              \
    XX(E429, "429", "HTTP 429 Too many requests with Retry-After")                                 \
    XX(E429BARE, "429bare", "HTTP 429 without Retry-After")                                        \
    XX(E500, "500", "HTTP 500 with a plain-text body")                                             \
    XX(E502, "502", "HTTP 502 with a plain-text body")                                             \
    XX(E503, "503", "HTTP 503 with a plain-text body")                                             \
    XX(HTML, "html", "an HTML 502 page (a CDN's error page)")                                      \
    XX(CTYPE, "ctype", "the right body with Content-Type text/html")

typedef enum {
#define MOCK_FAULT_ENUM(n, s, w) MOCK_FAULT_##n,
    MOCK_FAULT_MAP(MOCK_FAULT_ENUM)
#undef MOCK_FAULT_ENUM
        MOCK_FAULT__COUNT
} mock_fault;

/* A parsed switch spec: rate per switch in ppm (0 = off), plus values for latency/jitter. */
typedef struct {
    uint32_t rate[32];
    unsigned latency_ms, jitter_ms;
} mock_switches;

/* Parses "name,name=0.5,latency=20ms" against the names table; PANEL_E_USAGE with err. */
panel_err mock_switches_parse(const char *spec, const char *const *names, size_t n_names,
                              mock_switches *out, char *err, size_t errsz);
const char *const *mock_quirk_names(size_t *n);
const char *const *mock_fault_names(size_t *n);

/* ---- deviations.c ---- */
#define MOCK_DEV_MAP(XX)                                                                           \
    XX(SERVICES_RATE_NUMBER, "services_rate_number", "services",                                   \
       "rate sent as the wrong JSON type (number for string, string for number)")                  \
    XX(SERVICES_MIN_OVER_MAX, "services_min_over_max", "services",                                 \
       "every service's min is larger than its max")                                               \
    XX(SERVICES_MISSING_TYPE, "services_missing_type", "services",                                 \
       "the required type field is dropped from every service")                                    \
    XX(SERVICES_INVALID_JSON, "services_invalid_json", "services",                                 \
       "the services list is not valid JSON (commas missing, bare words)")                         \
    XX(ADD_IGNORES_MIN, "add_ignores_min", "add",                                                  \
       "quantity below the service's min is accepted instead of refused")                          \
    XX(ADD_ORDER_ID_ZERO, "add_order_id_zero", "add", "the new order's id is 0 (all zeros)")       \
    XX(ADD_CHARGES_DOUBLE, "add_charges_double", "add",                                            \
       "the balance is debited twice the order's charge (ledger broken)")                          \
    XX(ADD_NO_FUNDS_CHECK, "add_no_funds_check", "add",                                            \
       "orders beyond the balance are accepted; the balance goes negative")                        \
    XX(STATUS_UNKNOWN_WORD, "status_unknown_word", "status",                                       \
       "status words outside the documented vocabulary (\"Queued\")")                              \
    XX(STATUS_REMAINS_NEGATIVE, "status_remains_negative", "status", "remains is negative")        \
    XX(STATUS_CHARGE_WRONG, "status_charge_wrong", "status",                                       \
       "charge is ten times rate x quantity / 1000")                                               \
    XX(STATUS_MISSING_FIELD, "status_missing_field", "status",                                     \
       "the required status field is dropped from single and multi answers")                       \
    XX(MULTI_DROPS_UNKNOWN_ID, "multi_drops_unknown_id", "status",                                 \
       "multi status silently omits unknown ids instead of an error entry")                        \
    XX(MULTI_ERROR_WRONG_SHAPE, "multi_error_wrong_shape", "status",                               \
       "multi status error entries in the wrong shape (string vs object)")                         \
    XX(MULTI_OVER_LIMIT_ACCEPTED, "multi_over_limit_accepted", "status",                           \
       "more than max_ids ids are answered instead of refused")                                    \
    XX(REFILL_WRONG_SHAPE, "refill_wrong_shape", "refill",                                         \
       "the refill answer carries refill_id instead of the documented field")                      \
    XX(REFILL_ACCEPTS_BOGUS, "refill_accepts_bogus", "refill",                                     \
       "refill of an unknown order id succeeds")                                                   \
    XX(REFILL_STATUS_UNKNOWN_WORD, "refill_status_unknown_word", "refill_status",                  \
       "refill status words outside the documented vocabulary (\"Queued\")")                       \
    XX(CANCEL_WRONG_SHAPE, "cancel_wrong_shape", "cancel",                                         \
       "the cancel answer carries cancelled instead of the documented field")                      \
    XX(CANCEL_NO_REFUND, "cancel_no_refund", "cancel",                                             \
       "a canceled order's charge is not refunded (ledger broken)")                                \
    XX(CANCEL_NONCANCELLABLE_ACCEPTED, "cancel_noncancellable_accepted", "cancel",                 \
       "orders that cannot be canceled (cancel=false, or terminal) are canceled")                  \
    XX(BALANCE_NO_CURRENCY, "balance_no_currency", "balance", "currency is dropped")               \
    XX(BALANCE_NUMBER, "balance_number", "balance",                                                \
       "balance sent as the wrong JSON type (number for string)")                                  \
    XX(BAD_KEY_ACCEPTED, "bad_key_accepted", "error", "any well-formed key is accepted")           \
    XX(ERROR_WRONG_HTTP_CODE, "error_wrong_http_code", "error",                                    \
       "errors answered with an HTTP status other than the documented one")                        \
    XX(ERROR_WRONG_MESSAGE, "error_wrong_message", "error",                                        \
       "errors carry a message other than the documented text")                                    \
    XX(SERVICES_UNKNOWN_TYPE, "services_unknown_type", "services",                                 \
       "every service's type is one the document does not describe (\"Mystery Type\")")            \
    XX(SERVICES_RATE_NEGATIVE, "services_rate_negative", "services", "every rate is negative")     \
    XX(BALANCE_MISSING, "balance_missing", "balance",                                              \
       "the balance field is dropped from the balance answer")                                     \
    XX(STATUS_GOES_BACK, "status_goes_back", "status",                                             \
       "a settled order reads as its lifecycle's first status again (Completed -> Pending)")       \
    XX(MULTI_STATUS_DISAGREES, "multi_status_disagrees", "status",                                 \
       "multi status shows every order in its lifecycle's first status; single is right")          \
    XX(SERVICES_MISSING_RATE, "services_missing_rate", "services",                                 \
       "the required rate field is dropped from every service")                                    \
    XX(CANCEL_IGNORED, "cancel_ignored", "cancel",                                                 \
       "a cancel is answered as done but the order goes on (not canceled, nothing refunded)")      \
    XX(ADD_DRIP_ONE_RUN, "add_drip_one_run", "add",                                                \
       "a drip-feed order (runs) is charged for one run only")                                     \
    XX(ADD_IDEMPOTENCY_IGNORED, "add_idempotency_ignored", "add",                                  \
       "an add repeated with the same idempotency value places a new order and charges again")

typedef enum {
#define MOCK_DEV_ENUM(n, s, a, w) MOCK_DEV_##n,
    MOCK_DEV_MAP(MOCK_DEV_ENUM)
#undef MOCK_DEV_ENUM
        MOCK_DEV__COUNT
} mock_dev;

/* Parses "name,name" into flags[MOCK_DEV__COUNT]; PANEL_E_USAGE with err on unknown names. */
panel_err mock_dev_parse(const char *names, unsigned char *flags, char *err, size_t errsz);

/* ---- state.c ---- */
/* A limit slot: requests per minute (per client IP) or failed keys (per IP and user agent). */
typedef struct {
    uint64_t who;             /* hash of the identity (IP, or IP + user agent); 0 = free */
    uint64_t window_start_ms; /* requests_per_minute window (wall clock) */
    unsigned requests;
    uint64_t fail_start_s; /* failed key window, on the logical clock */
    unsigned failures;
} mock_ipslot;

typedef struct {
    const panel_dialect *d; /* borrowed from the state's set */
    size_t group;           /* index of the dialect's first account (holds the limit slots) */
    unsigned acc_no;        /* 0-based account number within the dialect */
    char key[128];
    char prefix[160]; /* "/<name><base_path>" */
    char alias[160];  /* the documented base path when one dialect is served, else "" */
    mock_rng rng;
    panel_money balance_cfg; /* the starting balance (flag, config or the computed default) */
    panel_money balance_start, balance, charges, refunds;
    uint64_t next_int_id, next_refill_int_id;
    mock_store store;
    panel_status path[MOCK_MAX_PATH]; /* order lifecycle: non-terminal steps */
    size_t path_len;
    panel_status rpath[MOCK_MAX_PATH]; /* refill lifecycle */
    size_t rpath_len;
    panel_status r_terminal;
    int has_partial;
    int own_faults, own_quirks; /* this dialect's own switch sets replace the global ones */
    mock_switches faults, quirks;
    mock_ipslot ips[MOCK_MAX_IPS];   /* rate-limit slots (first account of a group only) */
    mock_ipslot locks[MOCK_MAX_IPS]; /* failed-key slots (first account of a group only) */
} mock_account;

typedef struct mock_webhook mock_webhook;
typedef struct mock_cache mock_cache;
typedef struct mock_fuzz mock_fuzz;

/* ---- cache.c: answers of read-only requests, valid while the state version holds ---- */
/* Copies a cached answer for (account, body) into out; 1 on a hit. */
int mock_cache_get(mock_state *s, size_t acc, const char *body, size_t n, mock_response *out);
/* Remembers out as the answer for (account, body) at the current version. */
void mock_cache_put(mock_state *s, size_t acc, const char *body, size_t n,
                    const mock_response *out);
void mock_cache_free(mock_cache *c);

struct mock_state {
    pthread_mutex_t mu;
    panel_dialect_set set;
    mock_account *acc;
    size_t n_acc;
    uint64_t seed;
    char *balance_text;   /* --balance or NULL */
    mock_rng rng;         /* faults and quirk draws */
    mock_switches faults; /* global faults */
    mock_switches quirks; /* global quirks */
    unsigned char dev[MOCK_DEV__COUNT];
    char webhook_url[512];
    mock_webhook *wh;
    uint64_t version; /* bumped on every state change; keys the answer cache */
    mock_cache *cache;
    struct mock_jentry **jring; /* journal ring of MOCK_JOURNAL_MAX entries (journal.c) */
    size_t jhead, jcount;
    uint64_t seq;
    int ids_big;             /* --ids big */
    int lenient_idempotency; /* mock_config.lenient_idempotency */
    mock_log_format log;     /* request log lines on stderr */
    uint64_t clock_s;        /* the logical clock (seconds), moved by advance?seconds=N */
    char warnings[1024];     /* mock_state_warnings_borrow */
    void (*on_shutdown)(void *);
    void *shutdown_arg;
    char quirks_spec[256], faults_spec[256]; /* the active specs as given, for state */
    struct panel_har *replay; /* --replay: every API request is answered from it (replay.c) */
    mock_fuzz *fuzz;          /* --fuzz layer (fuzzserve.c) or NULL */
};

/* Loads cfg->replay (when set) into s->replay; err says why not. */
panel_err mock_replay_open(mock_state *s, const mock_config *cfg, char *err, size_t errsz);
/* Frees s->replay. */
void mock_replay_close(mock_state *s);
/* Answers an API request from s->replay (the state lock held); out as mock_handle. */
panel_err mock_replay_handle(mock_state *s, const char *method, const char *path,
                             const char *headers, const char *body, size_t n, mock_response *out);

/* Resets every account to its start (balance, orders, ids, rng); journal cleared. */
void mock_state_reset(mock_state *s);
/* mock_state_configure with the state lock already held. */
panel_err mock_state_configure_locked(mock_state *s, const char *what, const char *spec, char *err,
                                      size_t errsz);
/* Finds the account whose prefix matches path; borrowed or NULL. */
mock_account *mock_state_account(mock_state *s, const char *path);
/* Monotonic milliseconds (only for rate-limit windows and timings, never in responses). */
uint64_t mock_now_ms(void);
/* 1 when d's key format is documented (then enforced); an assumed format is only a hint. */
int mock_key_format_enforced(const panel_dialect *d);
/* The account of a's dialect whose key is key (a itself when none matches). */
mock_account *mock_state_account_by_key(mock_state *s, mock_account *a, const char *key);

/* ---- orders.c: lifecycle and ledger ---- */
/* Advances an order one lifecycle step; returns 1 when its status changed. */
int mock_order_advance(mock_state *s, mock_account *a, mock_order *o);
int mock_refill_advance(mock_account *a, mock_refill *r);
/* Cancels an order and refunds its charge (unless no_refund). */
void mock_order_cancel(mock_state *s, mock_account *a, mock_order *o, int no_refund);
/* Writes a new order / refill id of the dialect's kind into id[MOCK_ID_LEN]. */
void mock_new_id(mock_state *s, mock_account *a, panel_kind kind, int refill, char *id);
/* What of a status entry the answer's fields use beyond the always-set values. */
#define MOCK_ENTRY_WORD 1u     /* a field renders the status against another vocabulary */
#define MOCK_ENTRY_CURRENCY 2u /* a field shows the entry's currency */
/* Fills a status entry for an order (charge net of refunds, start_count, remains...). The
 * status word is only set with MOCK_ENTRY_WORD in need or when a deviation changes it
 * (otherwise the renderer derives the same word from the status); the currency only with
 * MOCK_ENTRY_CURRENCY. */
panel_err mock_order_entry(mock_state *s, mock_account *a, const mock_order *o, panel_entry *e,
                           unsigned need);
/* Advances every order and refill of every account n steps. */
void mock_advance_all(mock_state *s, unsigned steps);

/* ---- handler.c / actions.c ---- */
/* One decoded API request. */
typedef struct {
    mock_state *s;
    mock_account *a;
    const panel_dialect *d;
    panel_form form;
    int json; /* body was JSON */
    const char *client_ip;
    panel_action action;
    int multi;
    unsigned char quirk[MOCK_QUIRK__COUNT];
    const char *single_id; /* id of a single-form request (quirk single_as_map) */
    const char *headers;   /* the request's header lines (borrowed) */
    const char *encoding;  /* "form", "json" or "multipart" */
    int errcase;           /* the error case answered, or -1 */
    const char *err_param; /* the parameter an error names ({param} in a message), or NULL */
    const char *fuzz_kind; /* --fuzz: the mutation served (static name), or NULL */
    char fuzz_token[48];   /* --fuzz: the answer's replay token, or "" */
} mock_req;

/* Runs an API action; fills *res (new result) or sets *errcase to an error case. */
panel_err mock_action_run(mock_req *q, panel_result **res, int *errcase);
/* Validates an add request; returns -1 when fine or the error case. On success fills
 * *svc (catalogue index), *qty and *charge. */
int mock_validate_add(mock_req *q, size_t *svc, int64_t *qty, panel_money *charge);

/* ---- respond.c ---- */
/* Renders res (or an error case) into out, applying deviations and quirks. */
panel_err mock_respond_result(mock_req *q, panel_result *res, mock_response *out);
panel_err mock_respond_error(mock_req *q, int errcase, mock_response *out);
/* A plain JSON (or text) answer with a status code. */
panel_err mock_respond_text(mock_response *out, int status, const char *ctype, const char *body,
                            size_t n);
panel_err mock_respond_json(mock_response *out, int status, json_t *j);
/* Compact dump with stable key order and short reals. */
panel_err mock_dump(const json_t *j, panel_buf *out);

/* ---- deviations.c / quirks.c transformations of the rendered tree ---- */
json_t *mock_dev_apply(mock_req *q, json_t *j);
json_t *mock_quirks_apply(mock_req *q, json_t *j);
/* Text-level deviation (services_invalid_json). */
void mock_dev_apply_text(mock_req *q, panel_buf *body);

/* ---- faults.c ---- */
/* Decides the fault for this request (header or global rate) and applies status-level
 * faults to out; transport faults are left in out->fault for the server. */
typedef struct {
    int fault; /* mock_fault */
    unsigned latency_ms;
} mock_fault_pick;
/* sw: the switch set in force (a dialect's own, or NULL for the global one). */
void mock_faults_pick(mock_state *s, const mock_switches *sw, const char *header_fault,
                      mock_fault_pick *p);
int mock_fault_replaces(int fault);
void mock_faults_apply(const mock_fault_pick *p, mock_response *out);

/* ---- journal.c ---- */
#define MOCK_JOURNAL_BODY 2048 /* response bytes kept per journal entry */

/* What one request was and how it was answered, for the journal and the log line. Every
 * string is borrowed; the journal masks the keys by value when it copies them. */
typedef struct {
    const char *dialect; /* NULL when no dialect matched */
    unsigned account;    /* 0-based account number */
    const char *method;
    const char *path;       /* the path, query string included */
    const char *action;     /* action= or NULL */
    const panel_form *form; /* decoded parameters or NULL */
    const char *key_param;  /* the dialect's key parameter (also masked by name) */
    const char *encoding;   /* "form", "json", "multipart" or NULL */
    int status;
    const char *body; /* response body */
    size_t body_len;
    const char *applied; /* "fault=reset quirk=ids_as_strings ..." or "" */
    unsigned ms;
    uint64_t time_ms; /* wall clock, ms since the epoch */
} mock_jinfo;

/* Records one API request (masked) in the ring. */
void mock_journal_add(mock_state *s, const mock_jinfo *ji);
/* Journal filters: entries with seq > since, of dialect and action when non-NULL; at most
 * limit of them (0 = all): the first after since when since > 0, else the newest. */
typedef struct {
    uint64_t since;
    size_t limit;
    const char *dialect, *action;
} mock_journal_filter;
/* The filtered journal as a new JSON array, oldest first. */
json_t *mock_journal_json_new(mock_state *s, const mock_journal_filter *flt);
void mock_journal_clear(mock_state *s);
/* Writes t (ms since the epoch) as "2026-12-01T08:00:00.123Z" into out[32]. */
void mock_time_iso(uint64_t t, char *out, size_t outsz);

/* ---- mask.c: the keys masked by value ---- */
int mock_mask_needed(const mock_state *s, const char *in, size_t n);
/* A new copy of in[0..n) with every account key replaced by "***"; NULL on NOMEM. */
char *mock_mask_new(const mock_state *s, const char *in, size_t n);
/* Masks an answer in place; in a JSON answer inside strings only, so it stays JSON. */
panel_err mock_mask_buf(const mock_state *s, panel_buf *b);
/* A new copy of the answer in[0..n) masked as mock_mask_buf does; NULL on NOMEM. */
char *mock_mask_answer_new(const mock_state *s, const char *in, size_t n);

/* ---- multipart.c ---- */
int mock_multipart_is(const char *ctype);
panel_err mock_multipart_decode(panel_form *f, const char *ctype, const char *body, size_t n);

/* ---- log.c: one line per request on stderr ---- */
void mock_log_request(const mock_state *s, const mock_jinfo *ji);

/* ---- admin.c ---- */
panel_err mock_admin_handle(mock_state *s, const char *method, const char *path,
                            const char *client_ip, mock_response *out);

/* ---- fuzzserve.c: --fuzz ---- */
/* Creates the fuzz layer of cfg (*out NULL without --fuzz); PANEL_E_USAGE with err. */
panel_err mock_fuzz_new(const mock_config *cfg, mock_fuzz **out, char *err, size_t errsz);
void mock_fuzz_free(mock_fuzz *f);
/* Starts the fuzz session over (request numbers, counts, kept answers); NULL is fine. */
void mock_fuzz_reset(mock_fuzz *f);
/* Sees every API request (after it was answered, before faults and masking); replaces the
 * answer in out by its mutation when the request's action is fuzzed and drawn, setting
 * q->fuzz_kind and q->fuzz_token. The state is not touched. */
panel_err mock_fuzz_apply(mock_state *s, mock_req *q, const char *path, const char *body, size_t n,
                          mock_response *out);
/* Why a fuzzed answer did not reach the client whole: libmicrohttpd's request-completed
 * codes as server.c maps them (sending failed, the client never read it in time, reading the
 * connection failed, the client closed its side before the answer was out). */
typedef enum {
    MOCK_FUZZ_DROP_SEND,
    MOCK_FUZZ_DROP_TIMEOUT,
    MOCK_FUZZ_DROP_READ,
    MOCK_FUZZ_DROP_CLOSED,
    MOCK_FUZZ_DROP__COUNT
} mock_fuzz_drop;
/* Counts the fuzzed answer n of session (mock_response.fuzz_n, .fuzz_session) as dropped for
 * why; takes the state lock. A session that was reset since, or an answer no longer kept, is
 * ignored. */
void mock_fuzz_dropped(mock_state *s, uint64_t session, uint64_t n, mock_fuzz_drop why);
/* 1 when v is a valid value of a fuzz option: opt 's' the seed (a decimal number), 'r' the
 * rate (a fraction 0..1), 'a' the action list ("all" or names). */
int mock_fuzz_option_ok(char opt, const char *v);
/* Serves the answer of a replay token again, byte for byte (404 JSON when unknown). */
panel_err mock_fuzz_replay(mock_state *s, const char *token, mock_response *out);
/* The report (GET /__panelmock/fuzz) as a new JSON object. */
json_t *mock_fuzz_report_json_new(mock_state *s);
/* Writes --fuzz-report PATH (JSON, with the answers kept for replay) and PATH.md;
 * PANEL_E_OK without --fuzz-report. */
panel_err mock_fuzz_write_report(mock_state *s);
/* panelmock --fuzz-replay TOKEN --fuzz-report PATH: the answer of token (the same bytes the
 * mock served) from the kept answers of a report file into out, its HTTP status in *status;
 * PANEL_E_NOT_FOUND / PANEL_E_IO with a reason in err. */
panel_err mock_fuzz_replay_file(const char *report, const char *token, const char *dialect_dir,
                                panel_buf *out, int *status, char *err, size_t errsz);

/* ---- webhook.c ---- */
/* Queues a status-change notification for an order (no-op when no URL or not documented). */
void mock_webhook_notify(mock_state *s, mock_account *a, const mock_order *o);
void mock_webhook_free(mock_webhook *w);
/* Renders the webhook body for an order into out. */
panel_err mock_webhook_body(mock_state *s, mock_account *a, const mock_order *o, panel_buf *out);

/* ---- headers helper (handler.c) ---- */
/* Copies the value of header name from "Name: value\r\n" lines into out; 1 when found. */
int mock_header_get(const char *headers, const char *name, char *out, size_t outsz);

#endif
