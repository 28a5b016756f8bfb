/* validate.c - add-order validation per service type: required and conditional parameters,
 * parameter constraints, link, quantity rule and range, funds. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mock_internal.h"

/* 1 when s is a decimal integer of 1-18 digits (optionally negative) and stores it. */
static int parse_int(const char *s, int64_t *out)
{
    const char *p = s;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    size_t n = strlen(p);
    if (n == 0 || n > 18)
        return 0;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)p[i]))
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = neg ? -v : v;
    return 1;
}

/* 1 when s matches a date format of "d/m/Y" or "Y-m-d" style (letters d, m, Y). */
static int date_ok(const char *fmt, const char *s)
{
    int d = 0, m = 0, y = 0;
    for (; *fmt; fmt++) {
        int *dst = *fmt == 'd' ? &d : *fmt == 'm' ? &m : *fmt == 'Y' ? &y : NULL;
        if (!dst) {
            if (*s++ != *fmt)
                return 0;
            continue;
        }
        size_t want = *fmt == 'Y' ? 4 : 2, got = 0;
        while (isdigit((unsigned char)*s) && got < want) {
            *dst = *dst * 10 + (*s++ - '0');
            got++;
        }
        if (got == 0 || (*fmt == 'Y' && got != 4))
            return 0;
    }
    return *s == '\0' && d >= 1 && d <= 31 && m >= 1 && m <= 12 && y >= 1970;
}

/* 1 when link looks like http(s)://host[/...]. */
static int link_ok(const char *link)
{
    const char *p = NULL;
    if (strncasecmp(link, "https://", 8) == 0)
        p = link + 8;
    else if (strncasecmp(link, "http://", 7) == 0)
        p = link + 7;
    if (!p)
        return 0;
    size_t host = 0;
    while (isalnum((unsigned char)p[host]) || p[host] == '.' || p[host] == '-' || p[host] == ':')
        host++;
    if (host == 0 || !strchr(p, '.') || (p[host] != '\0' && p[host] != '/' && p[host] != '?'))
        return 0;
    for (const char *c = p; *c; c++)
        if ((unsigned char)*c <= ' ')
            return 0;
    return 1;
}

/* Counts the non-empty lines of s. */
static int64_t count_lines(const char *s)
{
    int64_t n = 0;
    while (*s) {
        size_t len = strcspn(s, "\n");
        size_t k = 0;
        while (k < len && (s[k] == '\r' || s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k < len)
            n++;
        s += len;
        if (*s)
            s++;
    }
    return n;
}

/* Checks every given parameter against its constraints (integer, range, enum, pattern,
 * lengths, date, list items); -1 or the case. The link has its own rule (link_acceptable). */
static int check_params(mock_req *q)
{
    for (size_t i = 0; i < q->form.count; i++) {
        const panel_param_spec *ps = panel_dialect_param(q->d, q->form.pairs[i].name);
        const char *v = q->form.pairs[i].value;
        if (!ps || !*v || strcmp(q->form.pairs[i].name, "link") == 0)
            continue; /* an empty optional parameter is absent (runs=&interval=) */
        q->err_param = q->form.pairs[i].name;
        if (!panel_param_value_ok(ps, v))
            return PANEL_ERRCASE_INVALID_PARAM;
        if (ps->date_format && !date_ok(ps->date_format, v))
            return PANEL_ERRCASE_INVALID_PARAM;
    }
    return -1;
}

/* 1 when link is acceptable as strictly as the dialect documents links: its declared pattern;
 * else, when the invalid-link error is documented, an http(s) URL with a host; else (an
 * assumed rule, lenient) any text without spaces or control bytes. */
static int link_acceptable(const mock_req *q, const char *link)
{
    const panel_param_spec *ps = panel_dialect_param(q->d, "link");
    if (ps && ps->pattern)
        return panel_param_value_ok(ps, link);
    if (panel_basis_documented(
            panel_error_case_basis(q->d, PANEL_ERRCASE_INVALID_LINK, PANEL_BASIS_MESSAGE)))
        return link_ok(link);
    for (const char *c = link; *c; c++)
        if ((unsigned char)*c <= ' ' || *c == 0x7f)
            return 0;
    return 1;
}

/* 1 when parameter name is present and non-empty. */
static int has(mock_req *q, const char *name)
{
    const char *v = panel_form_get_borrow(&q->form, name);
    return v && *v;
}

/* Checks required and conditional parameters of type t; -1 or the case. */
static int check_required(mock_req *q, const panel_service_type *t)
{
    static const char *const dflt[] = {"link", "quantity"};
    if (!t) {
        for (size_t i = 0; i < 2; i++)
            if (!has(q, dflt[i])) {
                q->err_param = dflt[i];
                return PANEL_ERRCASE_MISSING_PARAM;
            }
        return -1;
    }
    for (size_t i = 0; i < t->n_required; i++)
        if (!has(q, t->required[i])) {
            q->err_param = t->required[i];
            return PANEL_ERRCASE_MISSING_PARAM;
        }
    for (size_t i = 0; i < t->n_cond; i++) {
        const char *w = panel_form_get_borrow(&q->form, t->cond[i].when);
        if (w && t->cond[i].equals && strcmp(w, t->cond[i].equals) == 0 &&
            !has(q, t->cond[i].param)) {
            q->err_param = t->cond[i].param;
            return PANEL_ERRCASE_MISSING_PARAM;
        }
    }
    return -1;
}

/* Computes the order quantity per the type's rule; -1 or the case. */
static int quantity(mock_req *q, const panel_service_type *t, const panel_catalogue_item *it,
                    int64_t *qty)
{
    panel_qty_rule rule = t ? t->qty : PANEL_QTY_PARAM;
    const char *qp = t && t->qty_param ? t->qty_param : "quantity";
    const char *v;
    int64_t posts = 1, max = 0, min = 0;
    switch (rule) {
    case PANEL_QTY_LINES:
        v = panel_form_get_borrow(&q->form, qp);
        *qty = v ? count_lines(v) : 0;
        break;
    case PANEL_QTY_FIXED:
        *qty = it->min;
        return -1;
    case PANEL_QTY_POSTS_X_MAX:
        v = panel_form_get_borrow(&q->form, "posts");
        if (v && *v && (!parse_int(v, &posts) || posts < 1 || posts > 1000000))
            return PANEL_ERRCASE_INVALID_PARAM;
        v = panel_form_get_borrow(&q->form, "max");
        if (!v || !parse_int(v, &max))
            return PANEL_ERRCASE_INVALID_PARAM;
        v = panel_form_get_borrow(&q->form, "min");
        if (v && *v && !parse_int(v, &min))
            return PANEL_ERRCASE_INVALID_PARAM;
        if (max < it->min || max > it->max || min > max || min < 0) {
            if (!(q->s->dev[MOCK_DEV_ADD_IGNORES_MIN] && max > 0 && max < it->min))
                return PANEL_ERRCASE_QUANTITY_RANGE;
        }
        *qty = posts * max;
        return -1;
    default:
        v = panel_form_get_borrow(&q->form, qp);
        if (!v || !parse_int(v, qty))
            return PANEL_ERRCASE_INVALID_PARAM;
        break;
    }
    if (*qty > it->max || *qty <= 0)
        return PANEL_ERRCASE_QUANTITY_RANGE;
    if (*qty < it->min && !q->s->dev[MOCK_DEV_ADD_IGNORES_MIN])
        return PANEL_ERRCASE_QUANTITY_RANGE;
    return -1;
}

#define MOCK_RUNS_MAX 1000 /* drip-feed runs one add may ask for */

/* The drip-feed runs of an add (1 without the type's runs parameter); -1 or the case. */
static int runs_of(mock_req *q, const panel_service_type *t, int64_t *runs)
{
    const char *v = t && t->runs_param ? panel_form_get_borrow(&q->form, t->runs_param) : NULL;
    *runs = 1;
    if (!v || !*v)
        return -1;
    q->err_param = t->runs_param;
    if (!parse_int(v, runs) || *runs < 1 || *runs > MOCK_RUNS_MAX)
        return PANEL_ERRCASE_INVALID_PARAM;
    if (q->s->dev[MOCK_DEV_ADD_DRIP_ONE_RUN])
        *runs = 1;
    return -1;
}

/* Validates an add request; -1 when fine (svc, qty, charge filled) or the error case. */
int mock_validate_add(mock_req *q, size_t *svc, int64_t *qty, panel_money *charge)
{
    const char *sid = panel_form_get_borrow(&q->form, "service");
    q->err_param = "service";
    if (!sid || !*sid)
        return PANEL_ERRCASE_MISSING_PARAM;
    const panel_catalogue_item *it = NULL;
    for (size_t i = 0; i < q->d->n_catalogue; i++)
        if (strcmp(q->d->catalogue[i].service, sid) == 0) {
            it = &q->d->catalogue[i];
            *svc = i;
        }
    if (!it)
        return PANEL_ERRCASE_INVALID_SERVICE;
    const panel_service_type *t = panel_dialect_type(q->d, it->type);
    if (t && t->add_refused)
        return PANEL_ERRCASE_SUBSCRIPTION_REFUSED;
    int c;
    if ((c = check_required(q, t)) >= 0 || (c = check_params(q)) >= 0)
        return c;
    const char *link = panel_form_get_borrow(&q->form, "link");
    if (link && *link && !link_acceptable(q, link))
        return PANEL_ERRCASE_INVALID_LINK;
    q->err_param = t && t->qty_param ? t->qty_param : "quantity";
    if ((c = quantity(q, t, it, qty)) >= 0)
        return c;
    int64_t runs = 1;
    if ((c = runs_of(q, t, &runs)) >= 0)
        return c;
    /* a drip-feed order delivers (and is billed for) quantity in each of its runs */
    if (*qty > INT64_MAX / runs || panel_money_charge(it->rate, *qty * runs, charge) != PANEL_E_OK)
        return PANEL_ERRCASE_QUANTITY_RANGE;
    panel_money debit = q->s->dev[MOCK_DEV_ADD_CHARGES_DOUBLE] ? *charge * 2 : *charge;
    if (debit > q->a->balance && !q->s->dev[MOCK_DEV_ADD_NO_FUNDS_CHECK])
        return PANEL_ERRCASE_NOT_ENOUGH_FUNDS;
    return -1;
}
