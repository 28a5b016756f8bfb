/* panel/result.h - the normalized value of a provider response, with diagnostics. */
#ifndef PANEL_RESULT_H
#define PANEL_RESULT_H

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "panel/buf.h"
#include "panel/dialect.h"
#include "panel/money.h"

typedef enum { PANEL_SEV_INFO, PANEL_SEV_WARNING, PANEL_SEV_ERROR } panel_severity;

/* XX(NAME, "code", severity). Codes are stable: reports and tests key on them. */
#define PANEL_DIAG_MAP(XX)                                                                         \
    XX(INVALID_JSON, "invalid_json", PANEL_SEV_ERROR)                                              \
    XX(EMPTY_BODY, "empty_body", PANEL_SEV_ERROR)                                                  \
    XX(TOO_LARGE, "too_large", PANEL_SEV_ERROR)                                                    \
    XX(TOO_DEEP, "too_deep", PANEL_SEV_ERROR)                                                      \
    XX(DUPLICATE_KEY, "duplicate_key", PANEL_SEV_WARNING)                                          \
    XX(WRONG_SHAPE, "wrong_shape", PANEL_SEV_ERROR)                                                \
    XX(WRONG_TYPE, "wrong_type", PANEL_SEV_WARNING)                                                \
    XX(BAD_VALUE, "bad_value", PANEL_SEV_ERROR)                                                    \
    XX(MISSING_FIELD, "missing_field", PANEL_SEV_ERROR)                                            \
    XX(UNKNOWN_FIELD, "unknown_field", PANEL_SEV_WARNING)                                          \
    XX(NUMBER_RANGE, "number_range", PANEL_SEV_ERROR)                                              \
    XX(MONEY_PRECISION, "money_precision", PANEL_SEV_WARNING)                                      \
    XX(MONEY_FORMAT, "money_format", PANEL_SEV_WARNING)                                            \
    XX(BAD_ID, "bad_id", PANEL_SEV_ERROR)                                                          \
    XX(UNKNOWN_STATUS, "unknown_status", PANEL_SEV_ERROR)                                          \
    XX(STATUS_SPELLING, "status_spelling", PANEL_SEV_WARNING)                                      \
    XX(REMAINS_NEGATIVE, "remains_negative", PANEL_SEV_ERROR)                                      \
    XX(REMAINS_OVER_QUANTITY, "remains_over_quantity", PANEL_SEV_ERROR)                            \
    XX(MIN_OVER_MAX, "min_over_max", PANEL_SEV_ERROR)                                              \
    XX(UNKNOWN_SERVICE_TYPE, "unknown_service_type", PANEL_SEV_WARNING)                            \
    XX(WRAPPER_MISSING, "wrapper_missing", PANEL_SEV_WARNING)                                      \
    XX(WRAPPER_UNEXPECTED, "wrapper_unexpected", PANEL_SEV_WARNING)                                \
    XX(ERROR_ENTRY_SHAPE, "error_entry_shape", PANEL_SEV_WARNING)                                  \
    XX(TOO_MANY_ENTRIES, "too_many_entries", PANEL_SEV_ERROR)                                      \
    XX(API_ERROR, "api_error", PANEL_SEV_ERROR)                                                    \
    XX(NOT_DOCUMENTED, "not_documented", PANEL_SEV_ERROR)                                          \
    XX(UNCLASSIFIED_ANSWER, "unclassified_answer", PANEL_SEV_ERROR)

typedef enum {
#define PANEL_DIAG_ENUM(name, code, sev) PANEL_DIAG_##name,
    PANEL_DIAG_MAP(PANEL_DIAG_ENUM)
#undef PANEL_DIAG_ENUM
        PANEL_DIAG__COUNT
} panel_diag_code;

typedef struct {
    panel_diag_code code;
    panel_severity severity;
    char *pointer;    /* RFC 6901 JSON pointer into the body ("" = whole body); owned */
    char *expected;   /* owned, may be NULL */
    char *actual;     /* owned, may be NULL; at most 64 bytes of the offending value */
    char *message;    /* owned, one line */
    int line, column; /* for invalid_json, else 0 */
    size_t position;  /* byte offset for invalid_json, else 0 */
} panel_diag;

/* Bits of panel_entry.has / panel_result.has: which optional values were present. */
enum {
    PANEL_HAS_CHARGE = 1u << 0,
    PANEL_HAS_START_COUNT = 1u << 1,
    PANEL_HAS_REMAINS = 1u << 2,
    PANEL_HAS_STATUS = 1u << 3,
    PANEL_HAS_BALANCE = 1u << 4,
    PANEL_HAS_OK = 1u << 5
};

/* One entry of a status, refill, refill_status or cancel answer (single answers too). */
typedef struct {
    char *id;          /* order id (or refill id for refill_status); owned, may be NULL */
    char *error;       /* the entry's error text when it is an error entry; owned or NULL */
    unsigned has;      /* PANEL_HAS_* */
    char *status_word; /* as sent; owned */
    panel_status status;
    panel_money charge;
    int64_t start_count;
    int64_t remains;
    char *currency;  /* owned or NULL */
    char *refill_id; /* refill: the new refill's id; owned or NULL */
    int ok;          /* cancel/refill: the operation succeeded */
} panel_entry;

typedef struct {
    char *id; /* owned, as text */
    char *name;
    char *type;
    char *category;
    panel_money rate;
    int64_t min, max;
    int refill, cancel, dripfeed; /* -1 when absent */
    char *desc;
} panel_service;

typedef struct {
    panel_action action;
    int multi;   /* parsed as the multi form */
    char *error; /* top-level error envelope message; owned or NULL */
    panel_service *services;
    size_t n_services;
    char *order;  /* add: the new order's id; owned or NULL */
    unsigned has; /* PANEL_HAS_BALANCE */
    panel_money balance;
    char *currency; /* balance (and status single) currency; owned or NULL */
    panel_entry *entries;
    size_t n_entries;
    panel_diag *diags;
    size_t n_diags;
} panel_result;

/* Creates an empty result for action; caller frees with panel_result_free. NULL on NOMEM. */
panel_result *panel_result_new(panel_action action, int multi);
void panel_result_free(panel_result *r);

/* Appends a diagnostic with the code's default severity; strings are copied (may be NULL).
 * `actual` is cut to 64 bytes. */
panel_err panel_result_diag(panel_result *r, panel_diag_code code, const char *pointer,
                            const char *expected, const char *actual, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The same with the message's arguments as a va_list (for callers that take their own). */
panel_err panel_result_vdiag(panel_result *r, panel_diag_code code, const char *pointer,
                             const char *expected, const char *actual, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* Counts the diagnostics of severity >= sev. */
size_t panel_result_count(const panel_result *r, panel_severity sev);

/* Finds the first diagnostic with code, or NULL (borrowed). */
const panel_diag *panel_result_find(const panel_result *r, panel_diag_code code);

const char *panel_diag_code_name(panel_diag_code c);        /* "invalid_json" */
panel_severity panel_diag_code_severity(panel_diag_code c); /* the code's default */
const char *panel_severity_name(panel_severity s);          /* "info" | "warning" | "error" */

/* The normalized value as JSON (new reference): {"action","multi","value":{...},
 * "diagnostics":[{"code","severity","pointer","expected","actual","message",...}]}.
 * Money as decimal strings with 8 places. */
json_t *panel_result_to_json_new(const panel_result *r);

/* Appends what panel_result_to_json_new gives, dumped with jansson's JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER, byte for byte, without building a tree (panelcheck parse's output).
 * Strings that are not valid UTF-8 have each bad byte written as U+FFFD. */
panel_err panel_result_write_json(const panel_result *r, panel_buf *out);

/* Just the value part (no diagnostics), canonical: equal values give equal JSON. */
json_t *panel_result_value_json_new(const panel_result *r);

#endif
