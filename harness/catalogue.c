/* catalogue.c - the check catalogue: ids, severities, actions, sections, descriptions. */
#include <string.h>

#include "catalogue.h"

static const check_def CHECKS[] = {
    {"transport.reachable", "critical", "*", "API Base Information",
     "the endpoint answers HTTP at all"},
    {"transport.content_type_json", "minor", "*", "API Base Information",
     "every answer of the action carries Content-Type: application/json"},
    {"transport.valid_json", "critical", "*", "API Base Information",
     "every answer of the action is well-formed, non-empty JSON"},
    {"services.shape", "critical", "services", "Services", "the list has the documented shape"},
    {"services.fields", "major", "services", "Services",
     "every service has the documented fields with the documented types"},
    {"services.min_le_max", "major", "services", "Services", "every service has min <= max"},
    {"services.rate_decimal", "major", "services", "Services",
     "every rate is an exact decimal amount"},
    {"services.types_known", "minor", "services", "Services",
     "every service type is one the document describes"},
    {"balance.shape", "critical", "balance", "Balance",
     "the balance answer has the documented fields"},
    {"add.<type>", "critical", "add", "Add order",
     "an order of the type with valid parameters is accepted with a well-formed id"},
    {"ledger.charge", "critical", "add", "Add order / Balance",
     "the balance falls by exactly rate x quantity / 1000 under the type's quantity rule"},
    {"status.single", "critical", "status", "Order status",
     "single status has the documented shape"},
    {"status.multi", "major", "status", "Order status",
     "multi status answers every id in the documented shape"},
    {"status.multi_bogus_entry", "major", "status", "Order status",
     "a bogus id in a multi status comes back as an error entry in the documented shape"},
    {"status.multi_over_limit", "minor", "status", "Order status",
     "a multi status with max_ids + 1 ids is refused"},
    {"status.remains_le_quantity", "major", "status", "Order status",
     "remains never exceeds the ordered quantity"},
    {"status.transitions_legal", "major", "status", "Order lifecycle",
     "polled to a terminal state, every transition is legal in the documented lifecycle"},
    {"status.single_multi_agree", "minor", "status", "Order status",
     "single and multi status agree on a settled order"},
    {"refill.single", "major", "refill", "Refill", "a refill of a refillable order is accepted"},
    {"refill.multi", "major", "refill", "Refill", "a multi refill answers in the documented shape"},
    {"refill.only_where_refill", "major", "refill", "Refill",
     "a refill of an order whose service has refill=false is refused"},
    {"refill.cancelled_refused", "major", "refill", "Refill",
     "a refill of a cancelled order is refused"},
    {"refill_status.single", "major", "refill_status", "Refill status",
     "single refill status has the documented shape"},
    {"refill_status.multi", "minor", "refill_status", "Refill status",
     "multi refill status answers every id in the documented shape"},
    {"cancel.single", "major", "cancel", "Cancel",
     "a single cancel of a cancellable order succeeds"},
    {"cancel.multi", "major", "cancel", "Cancel", "a multi cancel answers in the documented shape"},
    {"cancel.terminal_refused", "major", "cancel", "Cancel",
     "a cancel of an order in a terminal status is refused"},
    {"ledger.refund", "critical", "cancel", "Cancel / Balance",
     "a cancelled order's charge is refunded exactly"},
    {"neg.not_enough_funds", "major", "add", "Add order / Errors",
     "an order costing more than the balance is refused and charges nothing"},
    {"neg.refill_bogus_order_id", "minor", "refill", "Refill / Errors",
     "a refill of an order id that does not exist is refused with the documented message"},
    {"cancel.noncancellable_refused", "major", "cancel", "Cancel",
     "a cancel of an order whose service has cancel=false is refused"},
    {"neg.bad_key", "critical", "error", "Authentication / Errors",
     "a wrong key is refused with the documented code and message"},
    {"neg.malformed_key", "major", "error", "Authentication / Errors",
     "a malformed key is refused with the documented code and message"},
    {"neg.missing_action", "major", "error", "Errors",
     "a request without action is refused in the documented error style"},
    {"neg.unknown_action", "major", "error", "Errors",
     "an unknown action is refused in the documented error style"},
    {"neg.missing_param.<type>.<param>", "major", "add", "Add order / Errors",
     "an add without a required parameter is refused and charges nothing"},
    {"neg.invalid_service", "major", "add", "Add order / Errors",
     "an add for a service that does not exist is refused and charges nothing"},
    {"neg.quantity_below_min", "major", "add", "Add order / Errors",
     "an add below the service's min is refused and charges nothing"},
    {"neg.quantity_above_max", "major", "add", "Add order / Errors",
     "an add above the service's max is refused and charges nothing"},
    {"neg.invalid_link", "major", "add", "Add order / Errors",
     "an add with an invalid link is refused and charges nothing"},
    {"neg.bogus_order_id", "major", "status", "Order status / Errors",
     "status of an id that does not exist is refused with the documented message"},
    {"neg.bogus_refill_id", "minor", "refill_status", "Refill status / Errors",
     "refill status of an id that does not exist is refused with the documented message"},
};

/* Returns the table. */
const check_def *check_catalogue(size_t *n)
{
    *n = sizeof(CHECKS) / sizeof(CHECKS[0]);
    return CHECKS;
}

/* 1 when id matches pattern, where "<...>" matches one or more characters up to the next
 * literal character of the pattern. */
static int match(const char *pat, const char *id)
{
    while (*pat) {
        if (*pat == '<') {
            const char *e = strchr(pat, '>');
            if (!e)
                return 0;
            pat = e + 1;
            if (!*id)
                return 0;
            if (!*pat)
                return strchr(id, '.') == NULL;
            const char *next = strchr(id + 1, *pat);
            if (!next)
                return 0;
            id = next;
            continue;
        }
        if (*pat++ != *id++)
            return 0;
    }
    return *id == '\0';
}

/* Finds the definition of a concrete id. */
const check_def *check_catalogue_find(const char *id)
{
    size_t n;
    const check_def *t = check_catalogue(&n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].id, id))
            return &t[i];
    for (size_t i = 0; i < n; i++)
        if (strchr(t[i].id, '<') && match(t[i].id, id))
            return &t[i];
    return NULL;
}
