/* client.h - a small third-party-style client of an SMM panel's add answer, written for the
 * example harness: what a backend team might have written before fuzzing it. */
#ifndef FUZZ_CLIENT_H
#define FUZZ_CLIENT_H

#include <stddef.h>

/* The add answer as the client keeps it. */
typedef struct {
    int order;       /* the new order's id */
    char error[128]; /* the provider's error text, or "" */
} fc_add;

/* Reads {"order":23501} or {"error":"..."} from body[0..n); 0 on success, -1 when the body
 * is not an add answer (no order, or one not starting with a digit). Planted bug: the order id is
 * read with atoi into an int and then asserted to round-trip, which aborts on ObjectIds, ids past
 * 2^31 and 1.234567e+06. */
int fc_parse_add(const char *body, size_t n, fc_add *out);

#endif
