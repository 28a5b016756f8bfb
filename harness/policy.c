/* policy.c - loopback detection from a URL string and the orders/spend decision. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "policy.h"

/* Copies the host part of url (without brackets and port) into host. */
static void url_host(const char *url, char *host, size_t hsz)
{
    host[0] = '\0';
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *at = p;
    const char *end = p + strcspn(p, "/?#");
    for (const char *q = p; q < end; q++)
        if (*q == '@')
            at = q + 1;
    p = at;
    size_t n;
    if (*p == '[') {
        p++;
        n = strcspn(p, "]");
    } else {
        n = strcspn(p, ":/?#");
    }
    if (n >= hsz)
        n = hsz - 1;
    memcpy(host, p, n);
    host[n] = '\0';
}

/* 1 when text is a dotted IPv4 address inside 127.0.0.0/8. */
static int ipv4_loopback(const char *h)
{
    unsigned a, b, c, d;
    char tail;
    if (sscanf(h, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4)
        return 0;
    return a == 127 && b < 256 && c < 256 && d < 256;
}

/* 1 when url's host is loopback. */
int policy_is_loopback(const char *url)
{
    char host[256];
    if (!url)
        return 0;
    url_host(url, host, sizeof(host));
    if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost."))
        return 1;
    if (!strcmp(host, "::1") || !strcasecmp(host, "0:0:0:0:0:0:0:1"))
        return 1;
    return ipv4_loopback(host);
}

/* Initialises the policy for url. */
void policy_init(policy *p, const char *url, int allow_orders, int has_limit, panel_money limit)
{
    memset(p, 0, sizeof(*p));
    p->loopback = policy_is_loopback(url);
    p->allow_orders = allow_orders;
    p->has_limit = has_limit;
    p->limit = limit;
}

/* Decides whether an order of the estimated cost may be placed. */
int policy_order_allowed(policy *p, panel_money cost, char *why, size_t whysz)
{
    if (p->loopback) {
        p->spent += cost;
        return 1;
    }
    if (!p->allow_orders) {
        snprintf(why, whysz, "not a loopback endpoint: orders need --allow-orders");
        return 0;
    }
    panel_money total;
    if (panel_money_add(p->spent, cost, &total) != PANEL_E_OK) {
        snprintf(why, whysz, "estimated cost out of range");
        return 0;
    }
    panel_money limit = p->has_limit ? p->limit : 0;
    if (total >= limit) {
        char c[40], l[40], s[40];
        panel_money_format_min(cost, 2, c, sizeof(c));
        panel_money_format_min(limit, 2, l, sizeof(l));
        panel_money_format_min(p->spent, 2, s, sizeof(s));
        snprintf(why, whysz, "estimated cost %s (spent %s) would reach --spend-limit %s", c, s, l);
        return 0;
    }
    p->spent = total;
    return 1;
}

/* Decides whether a refill or cancel may be sent. */
int policy_change_allowed(const policy *p, char *why, size_t whysz)
{
    if (p->loopback || p->allow_orders)
        return 1;
    snprintf(why, whysz, "not a loopback endpoint: refill/cancel need --allow-orders");
    return 0;
}
