/* panel/dialect.h - a provider dialect, loaded from dialects/<name>.json (format:
 * dialects/README.md). Everything that differs between providers lives here; no code
 * branches on a dialect's name. All strings and arrays are owned by the dialect. */
#ifndef PANEL_DIALECT_H
#define PANEL_DIALECT_H

#include <jansson.h>
#include <regex.h>
#include <stddef.h>

#include "panel/error.h"
#include "panel/money.h"

/* Where a rule comes from (DESIGN.md principle 6). Only a documented rule may fail a provider;
 * an example-only, observed or assumed one warns. ASSUMED is zero so that a basis the loader
 * did not fill never reads as documented. */
#define PANEL_PROV_MAP(XX)                                                                         \
    XX(ASSUMED, "assumed")       /* the document is silent; why says the reason */                 \
    XX(EXAMPLE, "example")       /* only seen in a documented example response; src cites it */    \
    XX(DOCUMENTED, "documented") /* stated by the document; src cites the section */               \
    XX(OBSERVED, "observed") /* seen from a live provider, not in the document; src says where */

typedef enum {
#define PANEL_PROV_ENUM(name, str) PANEL_PROV_##name,
    PANEL_PROV_MAP(PANEL_PROV_ENUM)
#undef PANEL_PROV_ENUM
        PANEL_PROV__COUNT
} panel_prov;

/* The provenance of one rule. Strings are owned by the dialect. */
typedef struct {
    panel_prov prov;
    char *src; /* citation "002 §errors table", or NULL (always NULL-able for ASSUMED) */
    char *why; /* the reason when ASSUMED; a note otherwise; or NULL */
} panel_basis;

/* The actions of the API family; PANEL_ACTION_ERROR is the error envelope. */
#define PANEL_ACTION_MAP(XX)                                                                       \
    XX(SERVICES, "services")                                                                       \
    XX(ADD, "add")                                                                                 \
    XX(STATUS, "status")                                                                           \
    XX(REFILL, "refill")                                                                           \
    XX(REFILL_STATUS, "refill_status")                                                             \
    XX(CANCEL, "cancel")                                                                           \
    XX(BALANCE, "balance")                                                                         \
    XX(ERROR, "error")

typedef enum {
#define PANEL_ACTION_ENUM(name, str) PANEL_ACTION_##name,
    PANEL_ACTION_MAP(PANEL_ACTION_ENUM)
#undef PANEL_ACTION_ENUM
        PANEL_ACTION__COUNT
} panel_action;

/* Canonical order and refill statuses; dialect words map onto these. */
#define PANEL_STATUS_MAP(XX)                                                                       \
    XX(UNKNOWN, "unknown", 0)                                                                      \
    XX(AWAITING, "awaiting", 0)                                                                    \
    XX(PENDING, "pending", 0)                                                                      \
    XX(PROCESSING, "processing", 0)                                                                \
    XX(IN_PROGRESS, "in_progress", 0)                                                              \
    XX(COMPLETED, "completed", 1)                                                                  \
    XX(PARTIAL, "partial", 1)                                                                      \
    XX(CANCELED, "canceled", 1)                                                                    \
    XX(FAILED, "failed", 1)                                                                        \
    XX(ERROR, "error", 1)                                                                          \
    XX(REJECTED, "rejected", 1)

typedef enum {
#define PANEL_STATUS_ENUM(name, str, terminal) PANEL_STATUS_##name,
    PANEL_STATUS_MAP(PANEL_STATUS_ENUM)
#undef PANEL_STATUS_ENUM
        PANEL_STATUS__COUNT
} panel_status;

/* The JSON type and reading a dialect promises for one response field. */
#define PANEL_KIND_MAP(XX)                                                                         \
    XX(INT, "int")                     /* JSON integer */                                          \
    XX(INTSTR, "intstr")               /* JSON string of a decimal integer */                      \
    XX(MONEY, "money")                 /* JSON string of a decimal amount */                       \
    XX(NUMBER, "number")               /* JSON number (integer or real), read as exact money */    \
    XX(STRING, "string")               /* JSON string */                                           \
    XX(BOOL, "bool")                   /* JSON true/false */                                       \
    XX(OID, "objectid")                /* JSON string of 24 hex digits */                          \
    XX(STATUS, "status")               /* JSON string from the order status vocabulary */          \
    XX(REFILL_STATUS, "refill_status") /* JSON string from the refill status vocabulary */         \
    XX(ANY, "any")

typedef enum {
#define PANEL_KIND_ENUM(name, str) PANEL_KIND_##name,
    PANEL_KIND_MAP(PANEL_KIND_ENUM)
#undef PANEL_KIND_ENUM
        PANEL_KIND__COUNT
} panel_kind;

typedef struct {
    char *name;
    panel_kind kind;
    int required;
} panel_field;

/* How a response form is shaped (name in the file, meaning). */
#define PANEL_SHAPE_MAP(XX)                                                                        \
    XX(OBJECT, "object", "one object with the fields")                                             \
    XX(KEYED, "keyed", "an object mapping each id to an entry object")                             \
    XX(ARRAY, "array", "an array of entry objects")

typedef enum {
#define PANEL_SHAPE_ENUM(name, str, meaning) PANEL_SHAPE_##name,
    PANEL_SHAPE_MAP(PANEL_SHAPE_ENUM)
#undef PANEL_SHAPE_ENUM
} panel_shape;

/* How many there are (not an enumerator, so switches over panel_shape stay exhaustive). */
enum {
#define PANEL_SHAPE_ONE(name, str, meaning) +1
    PANEL_SHAPE__COUNT = 0 PANEL_SHAPE_MAP(PANEL_SHAPE_ONE)
#undef PANEL_SHAPE_ONE
};

/* What a successful add / refill / cancel answer (or its result field) is. */
#define PANEL_SUCCESS_MAP(XX)                                                                      \
    XX(ID, "id", "an id of the declared kind")                                                     \
    XX(CONSTANT, "constant", "exactly the value (1, \"success\", {\"status\": \"success\"})")      \
    XX(TRUTHY, "truthy", "any true, non-zero, non-empty value")                                    \
    XX(MEMBER, "member", "an object whose member has the value")

typedef enum {
#define PANEL_SUCCESS_ENUM(name, str, meaning) PANEL_SUCCESS_##name,
    PANEL_SUCCESS_MAP(PANEL_SUCCESS_ENUM)
#undef PANEL_SUCCESS_ENUM
} panel_success;

/* How a per-entry error of a multi form is written (name in the file, meaning). */
#define PANEL_ERRENTRY_MAP(XX)                                                                     \
    XX(NONE, "none", "no per-entry errors documented")                                             \
    XX(OBJECT, "object", "the entry is {\"error\": \"...\"}")                                      \
    XX(STRING, "string", "the entry is a plain string \"...\"")                                    \
    XX(NESTED, "nested", "the result field holds {\"error\": \"...\"}")                            \
    XX(SIBLING, "sibling", "the entry has \"error\": \"...\" beside its key field")

typedef enum {
#define PANEL_ERRENTRY_ENUM(name, str, meaning) PANEL_ERRENTRY_##name,
    PANEL_ERRENTRY_MAP(PANEL_ERRENTRY_ENUM)
#undef PANEL_ERRENTRY_ENUM
} panel_errentry;

/* How many there are (not an enumerator, so switches over panel_errentry stay exhaustive). */
enum {
#define PANEL_ERRENTRY_ONE(name, str, meaning) +1
    PANEL_ERRENTRY__COUNT = 0 PANEL_ERRENTRY_MAP(PANEL_ERRENTRY_ONE)
#undef PANEL_ERRENTRY_ONE
};

/* How one response (single or multi form of an action) is shaped. */
typedef struct {
    int present; /* 0: this form is not documented */
    panel_shape shape;
    json_t *wrapper;     /* object of constant members wrapped around the payload, or NULL */
    panel_field *fields; /* fields of the object / of each entry */
    size_t n_fields;
    char *key_field;    /* array entries: the field that carries the id */
    char *result_field; /* refill/cancel entries: the field that carries the outcome */
    json_t *ok_value;   /* value of result_field meaning success, or NULL (then: an id) */
    panel_errentry error_entry;
    char *src;         /* "000 §3" citation, or NULL when assumed */
    char *assumed;     /* reason when the shape is assumed, else NULL */
    panel_basis basis; /* of the shape, wrapper, required list and result meaning */
    /* field_basis[i]: of fields[i]'s kind (type rule); the form's unless the field says. */
    panel_basis *field_basis;
    /* field_decimals[i]: money places of fields[i] ({"kind": "money", "decimals": 2}), -1 for
     * the dialect's money_decimals; NULL when no field says. */
    int *field_decimals;
    /* What the answer means (add / refill / cancel): see PANEL_SUCCESS_MAP. */
    panel_success success;
    char *success_member;  /* PANEL_SUCCESS_MEMBER: the member that must hold success_value */
    json_t *success_value; /* PANEL_SUCCESS_CONSTANT / _MEMBER: the value meaning success */
} panel_response_spec;

typedef struct {
    int documented;     /* 0: the document has no such action */
    char *name;         /* value of action= for the single form (and multi by default) */
    char *multi_name;   /* value of action= for the multi form */
    char *single_param; /* id parameter of the single form ("order"), or NULL */
    char *multi_param;  /* id list parameter of the multi form ("orders"), or NULL */
    panel_response_spec single;
    panel_response_spec multi;
    char *src;
    char *assumed;
    panel_basis basis; /* of the action's existence, names and id parameters */
} panel_action_spec;

typedef struct {
    char *word;          /* as the provider spells it: "In progress" */
    panel_status status; /* canonical */
} panel_status_word;

typedef struct {
    panel_status_word *words; /* first word for a status is the one the mock sends */
    size_t n_words;
    /* next[a][b] != 0: a -> b is a legal transition of the documented lifecycle. */
    unsigned char next[PANEL_STATUS__COUNT][PANEL_STATUS__COUNT];
    panel_basis basis;           /* of the words */
    panel_basis lifecycle_basis; /* of the transitions (part "lifecycle") */
} panel_vocab;

typedef enum {
    PANEL_QTY_PARAM,      /* quantity parameter */
    PANEL_QTY_LINES,      /* non-empty lines of qty_param (comments, usernames...) */
    PANEL_QTY_FIXED,      /* the service's own fixed quantity (min) */
    PANEL_QTY_POSTS_X_MAX /* posts (default 1) x max */
} panel_qty_rule;

typedef struct {
    char *param;  /* required ... */
    char *when;   /* ... when this parameter ... */
    char *equals; /* ... has this value */
} panel_cond;

typedef struct {
    char *name; /* catalogue `type` value, e.g. "Custom Comments" */
    char **required;
    size_t n_required;
    char **optional;
    size_t n_optional;
    panel_cond *cond;
    size_t n_cond;
    panel_qty_rule qty;
    char *qty_param; /* PANEL_QTY_LINES: the list parameter */
    int add_refused; /* documented: add with this type is refused */
    char *src;
    char *assumed;
    panel_basis basis;      /* of the parameter sets and add_refused */
    panel_basis name_basis; /* of the type name (part "name") */
    panel_basis qty_basis;  /* of the quantity rule (part "quantity") */
    char *runs_param; /* drip-feed: the parameter whose value multiplies the charge, or NULL */
    panel_basis runs_basis; /* of the drip-feed billing rule (part "runs") */
} panel_service_type;

/* How a value the runner must send is made (parameters) or the mock issues (ids). */
#define PANEL_VALGEN_MAP(XX)                                                                       \
    XX(NONE, "none", "no generator: the runner's default value")                                   \
    XX(CONSTANT, "constant", "always the given value")                                             \
    XX(COUNTER, "counter", "prefix + a number new for every request")                              \
    XX(UUID, "uuid", "a new RFC 4122 version-4-shaped UUID for every request")                     \
    XX(LINK, "link", "a URL https://example.com/p/<n>")

typedef enum {
#define PANEL_VALGEN_ENUM(name, str, meaning) PANEL_VALGEN_##name,
    PANEL_VALGEN_MAP(PANEL_VALGEN_ENUM)
#undef PANEL_VALGEN_ENUM
} panel_valgen;

typedef struct {
    char *name;
    int integer;  /* must be a decimal integer */
    char **enumv; /* allowed values, or NULL */
    size_t n_enum;
    char *date_format; /* "d/m/Y" or "Y-m-d", or NULL */
    panel_basis basis;
    /* Format 2 (all optional). */
    char *pattern;        /* POSIX ERE the whole value must match, or NULL */
    regex_t *re;          /* pattern compiled at load (owned), or NULL */
    long long min_length; /* -1: none */
    long long max_length; /* -1: none */
    int has_range;        /* integer range given */
    long long min, max;   /* with has_range */
    char *list_sep;       /* the value is a list separated by "\n", "\r\n" or ",", or NULL */
    panel_valgen gen;     /* how the runner fills it when it must send it */
    char *gen_value;      /* PANEL_VALGEN_CONSTANT: the value; _COUNTER: the prefix */
} panel_param_spec;

/* Documented error situations; each dialect gives an HTTP code and a message for each. */
#define PANEL_ERRCASE_MAP(XX)                                                                      \
    XX(BAD_KEY, "bad_key")                                                                         \
    XX(MALFORMED_KEY, "malformed_key")                                                             \
    XX(KEY_LOCKED, "key_locked")                                                                   \
    XX(RATE_LIMITED, "rate_limited")                                                               \
    XX(MISSING_ACTION, "missing_action")                                                           \
    XX(UNKNOWN_ACTION, "unknown_action")                                                           \
    XX(MISSING_PARAM, "missing_param")                                                             \
    XX(INVALID_PARAM, "invalid_param")                                                             \
    XX(INVALID_SERVICE, "invalid_service")                                                         \
    XX(QUANTITY_RANGE, "quantity_range")                                                           \
    XX(INVALID_LINK, "invalid_link")                                                               \
    XX(NOT_ENOUGH_FUNDS, "not_enough_funds")                                                       \
    XX(BAD_ORDER_ID, "bad_order_id")                                                               \
    XX(BAD_REFILL_ID, "bad_refill_id")                                                             \
    XX(TOO_MANY_IDS, "too_many_ids")                                                               \
    XX(SUBSCRIPTION_REFUSED, "subscription_refused")                                               \
    XX(NOT_CANCELLABLE, "not_cancellable")                                                         \
    XX(NOT_REFILLABLE, "not_refillable")                                                           \
    XX(BAD_METHOD, "bad_method")

typedef enum {
#define PANEL_ERRCASE_ENUM(name, str) PANEL_ERRCASE_##name,
    PANEL_ERRCASE_MAP(PANEL_ERRCASE_ENUM)
#undef PANEL_ERRCASE_ENUM
        PANEL_ERRCASE__COUNT
} panel_errcase;

typedef struct {
    int http;      /* HTTP status code the provider answers with (200 for body-style) */
    char *message; /* documented message text */
    char *src;
    char *assumed;
    panel_basis http_basis;    /* of the HTTP code (part "http") */
    panel_basis message_basis; /* of the message text (part "message") */
    int optional;              /* the provider may not have this case (the runner skips it) */
    int is_template;           /* message has {param} holes: match with panel_message_match */
    char *name;                /* extra cases: the case name ("account_suspended"), else NULL */
} panel_error_case;

/* The two rules of an error case, for panel_error_case_basis(). */
typedef enum {
    PANEL_BASIS_HTTP,   /* the HTTP status code */
    PANEL_BASIS_MESSAGE /* the message text */
} panel_errcase_part;

typedef struct {
    char *service; /* id as text */
    char *name;
    char *type;
    char *category;
    panel_money rate;
    long long min, max;
    int refill, cancel; /* -1 when the dialect has no such field */
    char *desc;         /* services answer "desc", or NULL */
    int dripfeed;       /* services answer "dripfeed": 0/1, -1 when absent */
} panel_catalogue_item;

/* Ids: a kind (int / objectid / pattern), the range of int ids and how the mock issues them. */
#define PANEL_IDGEN_MAP(XX)                                                                        \
    XX(DIGITS, "digits", "decimal numbers from min to max")                                        \
    XX(PREFIX_DIGITS, "prefix_digits", "prefix + zero-padded decimal digits")                      \
    XX(HEX, "hex", "prefix + lowercase hex digits")                                                \
    XX(ULID, "ulid", "26 Crockford base32 characters (ULID)")                                      \
    XX(UUID, "uuid", "RFC 4122 UUID, lowercase, 8-4-4-4-12")

typedef enum {
#define PANEL_IDGEN_ENUM(name, str, meaning) PANEL_IDGEN_##name,
    PANEL_IDGEN_MAP(PANEL_IDGEN_ENUM)
#undef PANEL_IDGEN_ENUM
} panel_idgen;

typedef struct {
    panel_kind kind;             /* PANEL_KIND_INT, PANEL_KIND_OID or PANEL_KIND_STRING */
    int json_string;             /* ids travel as JSON strings */
    unsigned long long min, max; /* INT: the range ids fall in (default 1..10^18-1) */
    char *pattern;               /* STRING: POSIX ERE the whole id matches; else NULL */
    regex_t *re;                 /* compiled pattern (owned) */
    panel_idgen gen;             /* how the mock issues ids */
    char *prefix;                /* PREFIX_DIGITS / HEX: prefix, or NULL */
    unsigned width;              /* PREFIX_DIGITS / HEX: digits (0 = as needed) */
} panel_id_spec;

/* Where the API key travels. */
#define PANEL_KEYLOC_MAP(XX)                                                                       \
    XX(BODY, "body", "a parameter of the request body")                                            \
    XX(QUERY, "query", "a query-string parameter")                                                 \
    XX(HEADER, "header", "a request header, optionally with a scheme (Authorization: Bearer)")

typedef enum {
#define PANEL_KEYLOC_ENUM(name, str, meaning) PANEL_KEYLOC_##name,
    PANEL_KEYLOC_MAP(PANEL_KEYLOC_ENUM)
#undef PANEL_KEYLOC_ENUM
} panel_keyloc;

/* Request encodings as a bit set (transport.encodings). */
#define PANEL_ENC_FORM 1u
#define PANEL_ENC_JSON 2u
#define PANEL_ENC_MULTIPART 4u
/* Methods as a bit set (transport.methods). */
#define PANEL_METHOD_POST 1u
#define PANEL_METHOD_GET 2u

/* An action beyond the seven (order history, webhook registration, ...). */
typedef struct {
    char *key;     /* its name in the file ("orders_history") */
    char *name;    /* the action= value */
    char **params; /* parameters it requires */
    size_t n_params;
    char **optional; /* parameters it also takes */
    size_t n_optional;
    panel_response_spec response; /* the answer's shape */
    json_t *answer;               /* a static answer the mock serves, or NULL (from its state) */
    panel_basis basis;
} panel_extra_action;

typedef struct panel_dialect {
    char *name; /* "dripfeedpanel" */
    char *title;
    char *document; /* seed file name */
    char *base_path;
    char *method;
    int json_requests; /* request bodies are JSON objects, not forms */
    char *currency;
    int money_decimals; /* places the provider writes money with */
    char *key_param;
    char *key_pattern;        /* X = [A-Za-z0-9], H = [0-9a-f], other characters literal */
    panel_kind order_id_kind; /* PANEL_KIND_INT or PANEL_KIND_OID */
    panel_kind refill_id_kind;
    size_t max_ids;
    unsigned requests_per_minute; /* 0: none documented */
    unsigned failed_key_attempts; /* 0: none documented */
    unsigned failed_key_window_s;
    panel_action_spec actions[PANEL_ACTION__COUNT];
    panel_vocab order_status;
    panel_vocab refill_status;
    panel_service_type *types;
    size_t n_types;
    panel_param_spec *params;
    size_t n_params;
    char *error_field; /* "error" */
    panel_error_case errors[PANEL_ERRCASE__COUNT];
    panel_response_spec webhook;     /* present when status-change webhooks are documented */
    panel_catalogue_item *catalogue; /* the mock's services */
    size_t n_catalogue;
    panel_money mock_balance;
    json_t *root; /* the parsed file, owned */
    /* Provenance of the scalar rules (panel_basis). */
    panel_basis base_path_basis;
    panel_basis method_basis;
    panel_basis encoding_basis; /* request_encoding */
    panel_basis currency_basis;
    panel_basis money_decimals_basis;
    panel_basis key_basis;        /* the key parameter's name */
    panel_basis key_format_basis; /* the key pattern (part "pattern") */
    panel_basis order_id_basis;   /* ids, part "order" */
    panel_basis refill_id_basis;  /* ids, part "refill" */
    panel_basis max_ids_basis;
    panel_basis requests_per_minute_basis;
    panel_basis failed_key_basis; /* failed_key_attempts and its window */
    panel_basis errors_basis;     /* error field and style */

    /* Format 2 members (all optional in the file; the loader fills the defaults). */
    panel_id_spec order_id; /* order ids; order_id_kind is its legacy kind */
    panel_id_spec refill_id;
    /* transport */
    unsigned methods;       /* PANEL_METHOD_* accepted; default from method */
    unsigned encodings;     /* PANEL_ENC_* accepted; default from request_encoding */
    panel_keyloc key_in;    /* default PANEL_KEYLOC_BODY */
    char *key_header;       /* PANEL_KEYLOC_HEADER: the header ("Authorization") */
    char *key_scheme;       /* its scheme ("Bearer"), or NULL: the bare key */
    char *content_type;     /* response Content-Type, default "application/json" */
    unsigned key_locations; /* bit (1u << panel_keyloc) per accepted place: key_in + key.also */
    char *key_alt_header;   /* a header named in key.also ("X-Api-Key"), or NULL */
    char *key_alt_scheme;   /* its scheme, or NULL */
    panel_basis transport_basis;
    panel_basis key_location_basis; /* transport part "key" */
    /* services without a type */
    char *default_type; /* the service type of catalogue entries without `type`, or NULL */
    panel_basis default_type_basis;
    /* idempotency */
    char *idempotency_param; /* add parameter making a retry safe ("request_id"), or NULL */
    int idempotency_required;
    panel_basis idempotency_basis;
    /* refill rules */
    unsigned refill_max_per_order; /* 0: no limit documented */
    int refill_one_pending;        /* at most one refill pending per order */
    unsigned refill_statuses; /* bit (1u << panel_status) per order status refill allows; 0: any */
    panel_basis refill_rules_basis;
    /* rate-limit headers (NULL: none documented) */
    char *retry_after_header;
    char *ratelimit_limit_header;
    char *ratelimit_remaining_header;
    char *ratelimit_reset_header;
    panel_basis rate_headers_basis;
    /* open errors and actions */
    panel_error_case *extra_errors; /* named cases beyond PANEL_ERRCASE_MAP */
    size_t n_extra_errors;
    panel_extra_action *extra_actions;
    size_t n_extra_actions;
} panel_dialect;

/* Why a dialect file was rejected: a stable code (name and meaning from the table). */
#define PANEL_DIALECT_ERR_MAP(XX)                                                                  \
    XX(NONE, "none", "no error")                                                                   \
    XX(IO, "io", "the file or directory cannot be read")                                           \
    XX(TOO_LARGE, "too_large", "the file is larger than 1 MiB")                                    \
    XX(INVALID_JSON, "invalid_json", "not valid JSON, or a duplicate key")                         \
    XX(VERSION, "unsupported_version", "panelkit_dialect is not a supported format version")       \
    XX(UNKNOWN_MEMBER, "unknown_member", "a member the format does not have (a typo?)")            \
    XX(MISSING_MEMBER, "missing_member", "a required member is absent")                            \
    XX(WRONG_TYPE, "wrong_type", "the JSON type is not the one the member takes")                  \
    XX(BAD_VALUE, "bad_value", "the value is not one of the allowed values")                       \
    XX(OUT_OF_RANGE, "out_of_range", "a number, length or count outside its range")                \
    XX(EMPTY, "empty", "an empty string, or a string with NUL")                                    \
    XX(BAD_FORMAT, "bad_format", "a string not in the member's format")                            \
    XX(NO_CITATION, "no_citation", "a rule without src, example, observed or assumed")             \
    XX(BAD_REFERENCE, "bad_reference", "names a field, parameter or type that is not declared")    \
    XX(DUPLICATE, "duplicate", "declared twice")                                                   \
    XX(CONFLICT, "conflict", "members that must agree do not")                                     \
    XX(BAD_PATTERN, "bad_pattern", "a pattern that does not compile or is too long")               \
    XX(NOMEM, "nomem", "out of memory")

typedef enum {
#define PANEL_DIALECT_ERR_ENUM(name, str, msg) PANEL_DERR_##name,
    PANEL_DIALECT_ERR_MAP(PANEL_DIALECT_ERR_ENUM)
#undef PANEL_DIALECT_ERR_ENUM
        PANEL_DERR__COUNT
} panel_dialect_errcode;

/* Where and why a dialect file was rejected. */
typedef struct {
    char file[256];
    char pointer[256]; /* JSON pointer into the file, "" for the whole file */
    char reason[256];
    int line, column; /* for invalid JSON, else 0 */
    panel_dialect_errcode code;
    char allowed[512]; /* the allowed members or values, "a, b, c", or "" */
    char suggest[64];  /* did you mean: the closest allowed one, or "" */
} panel_dialect_error;

/* Every error found in one file (at most PANEL_DIALECT_ERRORS_MAX; `dropped` counts the rest).
 * Owned by the caller: panel_dialect_errors_free(). */
#define PANEL_DIALECT_ERRORS_MAX 64
typedef struct {
    panel_dialect_error *items;
    size_t count;
    size_t dropped;
} panel_dialect_errors;

/* A set of loaded dialects, sorted by name. */
typedef struct {
    panel_dialect **items; /* owned */
    size_t count;
} panel_dialect_set;

/* Loads and validates one dialect file. On success *out is a new dialect the caller frees
 * with panel_dialect_free(); on failure err says file, pointer and reason. */
panel_err panel_dialect_load_file(const char *path, panel_dialect **out, panel_dialect_error *err);

/* Same, from bytes in memory; `file` is only used in error messages. */
panel_err panel_dialect_load_bytes(const char *buf, size_t n, const char *file, panel_dialect **out,
                                   panel_dialect_error *err);

/* Like panel_dialect_load_bytes, recording every error of the file in *errs (emptied first;
 * free with panel_dialect_errors_free). errs may be NULL. */
panel_err panel_dialect_load_bytes_all(const char *buf, size_t n, const char *file,
                                       panel_dialect **out, panel_dialect_errors *errs);

/* Like panel_dialect_load_file, recording every error of the file in *errs. */
panel_err panel_dialect_load_file_all(const char *path, panel_dialect **out,
                                      panel_dialect_errors *errs);

/* Frees the list's items and empties it; NULL is fine. */
void panel_dialect_errors_free(panel_dialect_errors *errs);

/* The stable name of code ("unknown_member") and its meaning; "?" when out of range. */
const char *panel_dialect_errcode_name(panel_dialect_errcode code);
const char *panel_dialect_errcode_message(panel_dialect_errcode code);

/* A new JSON Schema (Draft 2020-12) of the dialect file format, generated from the loader's
 * member table; the caller json_decref()s it. */
json_t *panel_dialect_schema_new(void);

/* A new Markdown member reference of the format (from the same table); the caller free()s it.
 * NULL when out of memory. */
char *panel_dialect_reference_new(void);

/* A new NUL-terminated roff list of the top-level members, generated from the same table for
 * the panelkit-dialect(5) man page; free() it. */
char *panel_dialect_man_members_new(void);

/* Loads every *.json in dir but *.schema.json. Fails (with err) on the first bad file. */
panel_err panel_dialect_load_dir(const char *dir, panel_dialect_set *out, panel_dialect_error *err);

/* Frees a dialect and everything it owns; NULL is fine. */
void panel_dialect_free(panel_dialect *d);
void panel_dialect_set_free(panel_dialect_set *s);

/* Finds a dialect by name in s; borrowed; NULL when absent. */
const panel_dialect *panel_dialect_set_find(const panel_dialect_set *s, const char *name);

/* The default dialect directory: $PANEL_DIALECT_DIR, else the build-time source path. */
const char *panel_dialect_default_dir(void);

/* Name tables. *_name() never return NULL; *_from_name() return -1 when unknown. */
const char *panel_action_name(panel_action a);
int panel_action_from_name(const char *s);
const char *panel_status_name(panel_status s);
int panel_status_is_terminal(panel_status s);
const char *panel_kind_name(panel_kind k);
const char *panel_errcase_name(panel_errcase c);
const char *panel_prov_name(panel_prov p);
const char *panel_shape_name(panel_shape s);
const char *panel_errentry_name(panel_errentry e);

/* 1 when b is documented: the only provenance that may fail a provider. NULL is 0. */
int panel_basis_documented(const panel_basis *b);

/* The basis of one rule of error case c of d (its HTTP code or its message); borrowed, never
 * NULL (a static assumed basis for bad arguments). */
const panel_basis *panel_error_case_basis(const panel_dialect *d, panel_errcase c,
                                          panel_errcase_part part);

/* Format 2 helpers. */

/* 1 when id is in the format of spec (int range, objectid, or the whole-id pattern). */
int panel_id_spec_ok(const panel_id_spec *spec, const char *id);

/* Writes the n-th id (n >= 0, deterministic) of spec into out (NUL-terminated, cut to outsz);
 * for the mock. PANEL_E_INVALID on bad arguments, PANEL_E_TOO_LARGE when out is too small. */
panel_err panel_id_generate(const panel_id_spec *spec, unsigned long long n, char *out,
                            size_t outsz);

/* 1 when value satisfies every constraint of ps (integer, range, enum, pattern, lengths, date,
 * each list item for a list parameter). NULL ps: 1. */
int panel_param_value_ok(const panel_param_spec *ps, const char *value);

/* Writes the n-th generated value of ps into out (cut to outsz); returns 0 when ps has no
 * generator (the caller uses its default), 1 when it wrote one. */
int panel_param_generate(const panel_param_spec *ps, unsigned long long n, char *out, size_t outsz);

/* 1 when msg is what template tmpl gives: literal text equal, each {name} one or more
 * characters (greedy up to the next literal). A template without holes matches exactly. */
int panel_message_match(const char *tmpl, const char *msg);

/* Writes tmpl with every {name} replaced by value into out (cut to outsz); returns out. */
char *panel_message_render(const char *tmpl, const char *value, char *out, size_t outsz);

/* The error case named name: one of PANEL_ERRCASE_MAP or an extra case; borrowed or NULL. */
const panel_error_case *panel_dialect_error_case(const panel_dialect *d, const char *name);

/* The extra action whose action= value is name; borrowed or NULL. */
const panel_extra_action *panel_dialect_extra_action(const panel_dialect *d, const char *name);

/* 1 when d accepts the HTTP method ("GET", "POST") / the encoding (PANEL_ENC_*). */
int panel_dialect_method_ok(const panel_dialect *d, const char *method);
int panel_dialect_encoding_ok(const panel_dialect *d, unsigned enc);

/* 1 when d accepts the key at loc (the primary place or one of transport.key.also). */
int panel_dialect_key_location_ok(const panel_dialect *d, panel_keyloc loc);

/* The outcome of an add / refill / cancel answer value under r's success rule: 1 success,
 * 0 a failure (an error entry: an object or string carrying d's error field / text), -1 the
 * rule cannot classify it (the caller reports a diagnostic). id_spec: the ids' format. */
int panel_response_outcome(const panel_dialect *d, const panel_response_spec *r,
                           const panel_id_spec *id_spec, json_t *value);

/* The money places of field i of r (its own decimals or d->money_decimals). */
int panel_field_decimals(const panel_dialect *d, const panel_response_spec *r, size_t i);

/* Names of the format-2 tables; "?" when out of range. */
const char *panel_success_name(panel_success s);
const char *panel_valgen_name(panel_valgen g);
const char *panel_idgen_name(panel_idgen g);
const char *panel_keyloc_name(panel_keyloc k);

/* The basis of the kind of field i of r (r->basis when there is none); borrowed, never NULL. */
const panel_basis *panel_field_basis(const panel_response_spec *r, size_t i);

/* Writes "documented 002 §errors" / "assumed: reason" for b into out (cut to n); returns out. */
char *panel_basis_format(const panel_basis *b, char *out, size_t n);

/* Looks a word up in a vocabulary: exact match first, then case-insensitively (and with
 * '_' / ' ' treated alike); *exact says which (may be NULL). PANEL_STATUS_UNKNOWN if none. */
panel_status panel_vocab_lookup(const panel_vocab *v, const char *word, int *exact);

/* The word the provider uses for s (the first listed), or NULL. Borrowed. */
const char *panel_vocab_word(const panel_vocab *v, panel_status s);

/* Finds a service type by catalogue name (case-insensitive); borrowed or NULL. */
const panel_service_type *panel_dialect_type(const panel_dialect *d, const char *name);

/* Finds a parameter constraint; borrowed or NULL. */
const panel_param_spec *panel_dialect_param(const panel_dialect *d, const char *name);

/* The smallest amount d writes money in, in 1e-8 units: 10^(8 - money_decimals); 1 when
 * money_decimals is outside 0..8. */
panel_money panel_dialect_money_unit(const panel_dialect *d);

/* 1 when key matches the dialect's key pattern. */
int panel_dialect_key_ok(const panel_dialect *d, const char *key);

/* 1 when id is in the dialect's format for kind (INT: 1-18 digits, no leading zero;
 * OID: 24 hex digits; STRING, the legacy kind of pattern ids: 1-256 bytes without space or
 * comma; panel_id_spec_ok checks the pattern). */
int panel_id_ok(panel_kind kind, const char *id);

#endif
