/* panel/dialect.h - a provider dialect, loaded from dialects/<name>.json (format:
 * dialects/README.md). Everything that differs between providers lives here; no code
 * branches on a dialect's name. All strings and arrays are owned by the dialect. */
#ifndef PANEL_DIALECT_H
#define PANEL_DIALECT_H

#include <jansson.h>
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

typedef enum {
    PANEL_SHAPE_OBJECT, /* one object with the fields */
    PANEL_SHAPE_KEYED,  /* an object mapping each id to an entry object */
    PANEL_SHAPE_ARRAY   /* an array of entry objects */
} panel_shape;

typedef enum {
    PANEL_ERRENTRY_NONE,   /* no per-entry errors documented */
    PANEL_ERRENTRY_OBJECT, /* the entry is {"error": "..."} */
    PANEL_ERRENTRY_STRING, /* the entry is a plain string "..." */
    PANEL_ERRENTRY_NESTED, /* the result field holds {"error": "..."} */
    PANEL_ERRENTRY_SIBLING /* the entry has "error": "..." beside its key field */
} panel_errentry;

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
} panel_service_type;

typedef struct {
    char *name;
    int integer;  /* must be a decimal integer */
    char **enumv; /* allowed values, or NULL */
    size_t n_enum;
    char *date_format; /* "d/m/Y" or "Y-m-d", or NULL */
    panel_basis basis;
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
} panel_catalogue_item;

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
} panel_dialect;

/* Where and why a dialect file was rejected. */
typedef struct {
    char file[256];
    char pointer[256]; /* JSON pointer into the file, "" for the whole file */
    char reason[256];
    int line, column; /* for invalid JSON, else 0 */
} panel_dialect_error;

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

/* Loads every *.json in dir. Fails (with err) on the first bad file. */
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

/* 1 when b is documented: the only provenance that may fail a provider. NULL is 0. */
int panel_basis_documented(const panel_basis *b);

/* The basis of one rule of error case c of d (its HTTP code or its message); borrowed, never
 * NULL (a static assumed basis for bad arguments). */
const panel_basis *panel_error_case_basis(const panel_dialect *d, panel_errcase c,
                                          panel_errcase_part part);

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
 * OID: 24 hex digits). */
int panel_id_ok(panel_kind kind, const char *id);

#endif
