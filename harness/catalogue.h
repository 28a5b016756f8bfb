/* catalogue.h - the check catalogue: one X-macro row per check (what `panelcheck checks` lists).
 * Each row is XX(ENUM, id, severity, action, section, description); the check's code lives in
 * the harness/checks_<group>.c file named in the group comment. Adding a check is adding one
 * row here and its code there; ids are stable (tests and users depend on them). */
#ifndef PANELCHECK_CATALOGUE_H
#define PANELCHECK_CATALOGUE_H

#include <stddef.h>

/* clang-format off */
#define CHECK_MAP(XX)                                                                              \
    /* checks_transport.c */                                                                      \
    XX(TRANSPORT_REACHABLE, "transport.reachable", "critical", "*", "API Base Information",       \
       "the endpoint answers HTTP at all")                                                         \
    XX(TRANSPORT_CONTENT_TYPE_JSON, "transport.content_type_json", "minor", "*",                  \
       "API Base Information",                                                                     \
       "every answer of the action (error answers too) carries Content-Type: application/json")   \
    XX(TRANSPORT_VALID_JSON, "transport.valid_json", "critical", "*", "API Base Information",     \
       "every answer of the action (error answers too) is well-formed, non-empty JSON")           \
    /* checks_services.c */                                                                       \
    XX(SERVICES_SHAPE, "services.shape", "critical", "services", "Services",                      \
       "the list has the documented shape")                                                        \
    XX(SERVICES_FIELDS, "services.fields", "major", "services", "Services",                       \
       "every service has the documented fields with the documented types")                       \
    XX(SERVICES_MIN_LE_MAX, "services.min_le_max", "major", "services", "Services",               \
       "every service has min <= max")                                                             \
    XX(SERVICES_RATE_DECIMAL, "services.rate_decimal", "major", "services", "Services",           \
       "every rate is an exact decimal amount")                                                    \
    XX(SERVICES_TYPES_KNOWN, "services.types_known", "minor", "services", "Services",             \
       "every service type is one the document describes")                                        \
    XX(BALANCE_SHAPE, "balance.shape", "critical", "balance", "Balance",                          \
       "the balance answer has the documented fields")                                             \
    /* checks_add.c */                                                                            \
    XX(ADD_TYPE, "add.<type>", "critical", "add", "Add order",                                    \
       "an order of the type with valid parameters is accepted with a well-formed id")            \
    XX(LEDGER_CHARGE, "ledger.charge", "critical", "add", "Add order / Balance",                  \
       "the balance falls by exactly rate x quantity / 1000 under the type's quantity rule")      \
    XX(LEDGER_DRIPFEED, "ledger.dripfeed", "critical", "add", "Add order / Balance",            \
       "a drip-feed order (runs x quantity) is charged runs x quantity x rate / 1000")            \
    XX(IDEMPOTENCY_REPEAT, "idempotency.repeat", "major", "add", "Add order",                     \
       "an add repeated with the same idempotency value gives the same order and charges once; "  \
       "a new value gives a new order")                                                            \
    /* checks_status.c */                                                                         \
    XX(STATUS_SINGLE, "status.single", "critical", "status", "Order status",                      \
       "single status has the documented shape")                                                   \
    XX(STATUS_MULTI, "status.multi", "major", "status", "Order status",                           \
       "multi status answers every id in the documented shape")                                    \
    XX(STATUS_MULTI_BOGUS_ENTRY, "status.multi_bogus_entry", "major", "status", "Order status",    \
       "a bogus id in a multi status comes back as an error entry in the documented shape")       \
    XX(STATUS_MULTI_OVER_LIMIT, "status.multi_over_limit", "minor", "status", "Order status",     \
       "a multi status with max_ids + 1 ids is refused")                                           \
    XX(STATUS_REMAINS_LE_QUANTITY, "status.remains_le_quantity", "major", "status",               \
       "Order status", "remains never exceeds the ordered quantity")                              \
    XX(STATUS_TRANSITIONS_LEGAL, "status.transitions_legal", "major", "status",                   \
       "Order lifecycle",                                                                          \
       "polled to a terminal state, every transition is legal in the documented lifecycle")       \
    XX(STATUS_SINGLE_MULTI_AGREE, "status.single_multi_agree", "minor", "status", "Order status", \
       "single and multi status agree on a settled order")                                        \
    /* checks_refill_cancel.c */                                                                  \
    XX(REFILL_SINGLE, "refill.single", "major", "refill", "Refill",                               \
       "a refill of a refillable order is accepted")                                               \
    XX(REFILL_MULTI, "refill.multi", "major", "refill", "Refill",                                 \
       "a multi refill answers in the documented shape")                                           \
    XX(REFILL_ONLY_WHERE_REFILL, "refill.only_where_refill", "major", "refill", "Refill",         \
       "a refill of an order whose service has refill=false is refused")                          \
    XX(REFILL_CANCELLED_REFUSED, "refill.cancelled_refused", "major", "refill", "Refill",         \
       "a refill of a cancelled order is refused")                                                 \
    XX(REFILL_STATUS_REFUSED, "refill.status_refused", "major", "refill", "Refill",               \
       "a refill of an order in a status the dialect does not allow refill in is refused")        \
    XX(REFILL_STATUS_SINGLE, "refill_status.single", "major", "refill_status", "Refill status",   \
       "single refill status has the documented shape")                                            \
    XX(REFILL_STATUS_MULTI, "refill_status.multi", "minor", "refill_status", "Refill status",     \
       "multi refill status answers every id in the documented shape")                            \
    XX(CANCEL_SINGLE, "cancel.single", "major", "cancel", "Cancel",                               \
       "a single cancel of a cancellable order succeeds")                                          \
    XX(CANCEL_MULTI, "cancel.multi", "major", "cancel", "Cancel",                                 \
       "a multi cancel answers in the documented shape")                                           \
    XX(CANCEL_TERMINAL_REFUSED, "cancel.terminal_refused", "major", "cancel", "Cancel",           \
       "a cancel of an order in a terminal status is refused")                                     \
    XX(LEDGER_REFUND, "ledger.refund", "critical", "cancel", "Cancel / Balance",                  \
       "a cancelled order's charge is refunded exactly")                                          \
    XX(CANCEL_STATUS_AFTER, "cancel.status_after", "major", "cancel", "Cancel / Order status",     \
       "a cancelled order then reads canceled (or partial), charge 0 and remains = quantity")     \
    XX(CANCEL_NONCANCELLABLE_REFUSED, "cancel.noncancellable_refused", "major", "cancel",         \
       "Cancel", "a cancel of an order whose service has cancel=false is refused")                \
    /* checks_isolation.c */                                                                      \
    XX(ISOLATION_STATUS, "isolation.status", "critical", "status", "Order status / Errors",       \
       "a second account (--key2) cannot read the status of the first account's order")          \
    XX(ISOLATION_REFILL, "isolation.refill", "critical", "refill", "Refill / Errors",             \
       "a second account (--key2) cannot refill the first account's order")                      \
    XX(ISOLATION_REFILL_STATUS, "isolation.refill_status", "critical", "refill_status",          \
       "Refill status / Errors",                                                                   \
       "a second account (--key2) cannot read the status of the first account's refill")         \
    XX(ISOLATION_CANCEL, "isolation.cancel", "critical", "cancel", "Cancel / Errors",             \
       "a second account (--key2) cannot cancel the first account's order")                      \
    /* checks_extra.c */                                                                          \
    XX(EXTRA_ACTION, "extra.<action>", "minor", "*", "Extra actions",                             \
       "an extra action the dialect declares answers in its declared shape")                      \
    /* checks_neg.c */                                                                            \
    XX(NEG_NOT_ENOUGH_FUNDS, "neg.not_enough_funds", "major", "add", "Add order / Errors",        \
       "an order costing more than the balance is refused and charges nothing")                   \
    XX(NEG_REFILL_BOGUS_ORDER_ID, "neg.refill_bogus_order_id", "minor", "refill",                 \
       "Refill / Errors",                                                                          \
       "a refill of an order id that does not exist is refused with the documented message")      \
    XX(NEG_BAD_KEY, "neg.bad_key", "critical", "error", "Authentication / Errors",                \
       "a wrong key is refused with the documented code and message")                             \
    XX(NEG_MALFORMED_KEY, "neg.malformed_key", "major", "error", "Authentication / Errors",       \
       "a malformed key is refused with the documented code and message")                         \
    XX(NEG_KEY_PLACEMENT, "neg.key_placement", "major", "error", "Authentication / Errors",       \
       "the key sent only where the document does not allow it (the body for a header key, a "   \
       "header for a body key) is refused")                                                        \
    XX(NEG_MISSING_ACTION, "neg.missing_action", "major", "error", "Errors",                      \
       "a request without action is refused in the documented error style")                       \
    XX(NEG_UNKNOWN_ACTION, "neg.unknown_action", "major", "error", "Errors",                      \
       "an unknown action is refused in the documented error style")                              \
    XX(NEG_MISSING_PARAM, "neg.missing_param.<type>.<param>", "major", "add",                     \
       "Add order / Errors", "an add without a required parameter is refused and charges nothing")\
    XX(NEG_INVALID_SERVICE, "neg.invalid_service", "major", "add", "Add order / Errors",          \
       "an add for a service that does not exist is refused and charges nothing")                 \
    XX(NEG_QUANTITY_BELOW_MIN, "neg.quantity_below_min", "major", "add", "Add order / Errors",    \
       "an add below the service's min is refused and charges nothing")                           \
    XX(NEG_QUANTITY_ABOVE_MAX, "neg.quantity_above_max", "major", "add", "Add order / Errors",    \
       "an add above the service's max is refused and charges nothing")                           \
    XX(NEG_INVALID_LINK, "neg.invalid_link", "major", "add", "Add order / Errors",                \
       "an add with an invalid link is refused and charges nothing")                              \
    XX(NEG_BOGUS_ORDER_ID, "neg.bogus_order_id", "major", "status", "Order status / Errors",       \
       "status of an id that does not exist is refused with the documented message")              \
    XX(NEG_BOGUS_REFILL_ID, "neg.bogus_refill_id", "minor", "refill_status",                      \
       "Refill status / Errors",                                                                   \
       "refill status of an id that does not exist is refused with the documented message")
/* clang-format on */

typedef enum {
#define CHECK_ENUM(e, id, sev, action, section, desc) CHECK_##e,
    CHECK_MAP(CHECK_ENUM)
#undef CHECK_ENUM
        CHECK__COUNT
} check_id;

typedef struct {
    check_id num;
    const char *id;       /* stable id; "<type>" and "<param>" mark templated parts */
    const char *severity; /* "critical" | "major" | "minor" */
    const char *action;   /* the action it exercises ("*" for every action) */
    const char *section;  /* the document section it is based on (family-wide name) */
    const char *desc;     /* one line */
} check_def;

/* The static table of checks (n entries), in CHECK_MAP order. */
const check_def *check_catalogue(size_t *n);

/* The row of check id (never NULL for a valid id). */
const check_def *check_catalogue_get(check_id id);

/* The definition of a concrete check id (templates match "add.custom_comments"); NULL if none. */
const check_def *check_catalogue_find(const char *id);

#endif
