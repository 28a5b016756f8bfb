/* policy.h - what panelcheck may do to an endpoint: loopback detection and the spend rule. */
#ifndef PANELCHECK_POLICY_H
#define PANELCHECK_POLICY_H

#include "panel/money.h"

/* 1 when url's host is a loopback address (127.0.0.0/8, ::1, localhost); never connects. */
int policy_is_loopback(const char *url);

typedef struct {
    int loopback;      /* the endpoint is a loopback address */
    int allow_orders;  /* --allow-orders */
    int has_limit;     /* --spend-limit given */
    panel_money limit; /* --spend-limit */
    panel_money spent; /* estimated cost of the orders placed so far */
} policy;

/* Initialises p for url. */
void policy_init(policy *p, const char *url, int allow_orders, int has_limit, panel_money limit);

/* Decides whether an order costing `cost` (estimated before ordering) may be placed. Returns 1
 * (and adds cost to p->spent) when allowed; 0 with a reason in why otherwise. Loopback
 * endpoints are always allowed; others need --allow-orders and spent + cost < limit (no
 * limit given: zero, i.e. nothing that costs money). */
int policy_order_allowed(policy *p, panel_money cost, char *why, size_t whysz);

/* Decides whether a refill or cancel (no cost) may be sent. */
int policy_change_allowed(const policy *p, char *why, size_t whysz);

#endif
