/* core/money.c - exact decimal money in int64 counts of 1e-8 units; no floating point. */
#include "panel/money.h"

#include <stdio.h>
#include <string.h>

__extension__ typedef __int128 i128;

#define MAG_MAX_POS ((uint64_t)INT64_MAX)
#define MAG_MAX_NEG ((uint64_t)INT64_MAX + 1u)

/* The syntax of a decimal text, split into its parts. */
typedef struct {
    int neg;
    const char *ip; /* integer digits */
    size_t ipn;
    const char *fp; /* fraction digits */
    size_t fpn;
    int comma; /* the separator was ',' */
} dec_parts;

/* Tells whether c is an ASCII digit. */
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Counts the digits at the start of s[0..n). */
static size_t digit_run(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

/* Splits s[0..n) into sign, integer and fraction digits; allow_comma accepts ',' as '.'. */
static panel_err split(const char *s, size_t n, int allow_comma, dec_parts *d)
{
    size_t i = 0;

    memset(d, 0, sizeof(*d));
    if (i < n && s[i] == '-') {
        d->neg = 1;
        i++;
    }
    d->ip = s + i;
    d->ipn = digit_run(s + i, n - i);
    i += d->ipn;
    if (d->ipn == 0)
        return PANEL_E_PARSE;
    if (i == n)
        return PANEL_E_OK;
    if (s[i] != '.' && !(allow_comma && s[i] == ','))
        return PANEL_E_PARSE;
    d->comma = s[i] == ',';
    i++;
    d->fp = s + i;
    d->fpn = digit_run(s + i, n - i);
    i += d->fpn;
    if (d->fpn == 0 || i != n)
        return PANEL_E_PARSE;
    if (d->comma && d->fpn == 3)
        return PANEL_E_PARSE; /* "1,000": a thousands separator or a decimal comma? */
    return PANEL_E_OK;
}

/* Converts the integer digits into units, at most limit; PANEL_E_RANGE beyond it. */
static panel_err int_units(const dec_parts *d, uint64_t limit, uint64_t *units)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < d->ipn; i++) {
        uint64_t dig = (uint64_t)(d->ip[i] - '0');
        if (v > (limit - dig) / 10)
            return PANEL_E_RANGE;
        v = v * 10 + dig;
    }
    if (v > limit / (uint64_t)PANEL_MONEY_SCALE)
        return PANEL_E_RANGE;
    *units = v * (uint64_t)PANEL_MONEY_SCALE;
    return PANEL_E_OK;
}

/* Returns the first 8 fraction digits as units, padding with zeros. */
static uint64_t frac_units(const dec_parts *d)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < PANEL_MONEY_DECIMALS; i++)
        v = v * 10 + (i < d->fpn ? (uint64_t)(d->fp[i] - '0') : 0);
    return v;
}

/* Decides whether the digits past the 8th round the magnitude v up (half-even); sets *inexact. */
static int round_up(const dec_parts *d, uint64_t v, int *inexact)
{
    size_t i;
    int first, sticky = 0;

    *inexact = 0;
    if (d->fpn <= PANEL_MONEY_DECIMALS)
        return 0;
    first = d->fp[PANEL_MONEY_DECIMALS] - '0';
    for (i = PANEL_MONEY_DECIMALS + 1; i < d->fpn; i++)
        sticky |= d->fp[i] != '0';
    *inexact = first != 0 || sticky;
    if (first != 5)
        return first > 5;
    return sticky || (v & 1u);
}

/* Turns validated parts into a value; *inexact says digits were rounded away. */
static panel_err to_money(const dec_parts *d, panel_money *out, int *inexact)
{
    uint64_t limit = d->neg ? MAG_MAX_NEG : MAG_MAX_POS;
    uint64_t v, frac;
    panel_err rc = int_units(d, limit, &v);

    if (rc != PANEL_E_OK)
        return rc;
    frac = frac_units(d);
    if (v > limit - frac)
        return PANEL_E_RANGE;
    v += frac;
    if (round_up(d, v, inexact)) {
        if (v == limit)
            return PANEL_E_RANGE;
        v++;
    }
    if (!d->neg)
        *out = (panel_money)v;
    else if (v == MAG_MAX_NEG)
        *out = INT64_MIN;
    else
        *out = -(panel_money)v;
    return PANEL_E_OK;
}

/* Parses s[0..n) with or without the comma separator. */
static panel_err parse(const char *s, size_t n, int allow_comma, panel_money *out, int *rounded,
                       int *lenient)
{
    dec_parts d;
    panel_money m = 0;
    int inexact = 0;
    panel_err rc;

    if (!out || (!s && n))
        return PANEL_E_INVALID;
    rc = split(s, n, allow_comma, &d);
    if (rc == PANEL_E_OK)
        rc = to_money(&d, &m, &inexact);
    if (rc != PANEL_E_OK)
        return rc;
    *out = m;
    if (rounded)
        *rounded = inexact;
    if (lenient)
        *lenient = d.comma;
    return PANEL_E_OK;
}

/* Parses a strict decimal text into units. */
panel_err panel_money_parse(const char *s, size_t n, panel_money *out, int *rounded)
{
    return parse(s, n, 0, out, rounded, NULL);
}

/* Parses a decimal text that may use ',' as its separator. */
panel_err panel_money_parse_lenient(const char *s, size_t n, panel_money *out, int *rounded,
                                    int *lenient)
{
    return parse(s, n, 1, out, rounded, lenient);
}

/* Reads the exponent digits s[0..n) with a sign, saturating far beyond any useful shift. */
static int64_t exponent_of(const char *s, size_t n)
{
    size_t i = 0;
    int neg = 0;
    int64_t e = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    for (; i < n; i++)
        if (e < 1000000000)
            e = e * 10 + (s[i] - '0');
    return neg ? -e : e;
}

/* Splits a JSON number text into sign, digits (integer then fraction) and exponent; 0 when
 * the text is not a JSON number. */
static int json_number_parts(const char *s, size_t n, dec_parts *d, int64_t *exp)
{
    size_t i = 0;
    memset(d, 0, sizeof(*d));
    *exp = 0;
    if (i < n && s[i] == '-') {
        d->neg = 1;
        i++;
    }
    d->ip = s + i;
    d->ipn = digit_run(s + i, n - i);
    if (d->ipn == 0 || (d->ipn > 1 && d->ip[0] == '0'))
        return 0;
    i += d->ipn;
    if (i < n && s[i] == '.') {
        i++;
        d->fp = s + i;
        d->fpn = digit_run(s + i, n - i);
        if (d->fpn == 0)
            return 0;
        i += d->fpn;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e0 = ++i;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t k = digit_run(s + i, n - i);
        if (k == 0)
            return 0;
        i += k;
        *exp = exponent_of(s + e0, i - e0);
    }
    return i == n;
}

/* Digit k of the digits of d, integer part then fraction. */
static int digit_at(const dec_parts *d, size_t k)
{
    return k < d->ipn ? d->ip[k] - '0' : d->fp[k - d->ipn] - '0';
}

/* Parses a JSON number text as value * 10^places, exactly, rounded half-even to an integer. */
panel_err panel_decimal_parse(const char *s, size_t n, int places, int64_t *out, int *rounded)
{
    dec_parts d;
    int64_t exp;
    if (!out || (!s && n) || places < 0 || places > 18)
        return PANEL_E_INVALID;
    if (!json_number_parts(s, n, &d, &exp))
        return PANEL_E_PARSE;
    size_t nd = d.ipn + d.fpn, lead = 0;
    while (lead < nd && digit_at(&d, lead) == 0)
        lead++;
    int inexact = 0;
    uint64_t v = 0, limit = d.neg ? MAG_MAX_NEG : MAG_MAX_POS;
    if (lead < nd) {
        /* the value is digits[lead..nd) * 10^shift */
        int64_t shift = exp - (int64_t)d.fpn + places;
        int64_t sig = (int64_t)(nd - lead);
        if (sig + shift > 19)
            return PANEL_E_RANGE; /* at least 10^19 */
        int64_t keep = sig + shift < 0 ? 0 : (shift < 0 ? sig + shift : sig);
        for (int64_t k = 0; k < keep; k++) {
            uint64_t dig = (uint64_t)digit_at(&d, lead + (size_t)k);
            if (v > (limit - dig) / 10)
                return PANEL_E_RANGE;
            v = v * 10 + dig;
        }
        for (int64_t k = 0; shift > 0 && k < shift; k++) {
            if (v > limit / 10)
                return PANEL_E_RANGE;
            v *= 10;
        }
        if (keep < sig) {
            /* digits dropped: the first decides, the rest are sticky */
            int first = sig + shift < 0 ? 0 : digit_at(&d, lead + (size_t)keep);
            int sticky = sig + shift < 0;
            for (int64_t k = keep + 1; !sticky && k < sig; k++)
                sticky = digit_at(&d, lead + (size_t)k) != 0;
            inexact = first != 0 || sticky;
            if (first > 5 || (first == 5 && (sticky || (v & 1u)))) {
                if (v == limit)
                    return PANEL_E_RANGE;
                v++;
            }
        }
    }
    if (!d.neg)
        *out = (int64_t)v;
    else if (v == MAG_MAX_NEG)
        *out = INT64_MIN;
    else
        *out = -(int64_t)v;
    if (rounded)
        *rounded = inexact;
    return PANEL_E_OK;
}

/* Returns 10 to the power e (0..8). */
static uint64_t pow10u(int e)
{
    uint64_t p = 1;

    while (e-- > 0)
        p *= 10;
    return p;
}

/* Returns the magnitude of m, INT64_MIN included. */
static uint64_t magnitude(panel_money m)
{
    return m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
}

/* Writes m with exactly `decimals` places, rounding the dropped places half-even. */
panel_err panel_money_format(panel_money m, int decimals, char *out, size_t outsz)
{
    uint64_t div, q, r, scale;
    char tmp[40];
    int len;

    if (decimals < 0 || decimals > PANEL_MONEY_DECIMALS || !out)
        return PANEL_E_INVALID;
    div = pow10u(PANEL_MONEY_DECIMALS - decimals);
    q = magnitude(m) / div;
    r = magnitude(m) % div;
    if (r > div - r || (r == div - r && (q & 1u)))
        q++;
    scale = pow10u(decimals);
    /* digits written by hand (this is on the mock's hot path): sign, integer part, '.',
     * exactly decimals zero-padded places -- what "%s%llu.%0*llu" printed */
    uint64_t ip = q / scale, fp = q % scale;
    char rev[24];
    int k = 0;
    len = 0;
    if (m < 0 && q)
        tmp[len++] = '-';
    do {
        rev[k++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (k)
        tmp[len++] = rev[--k];
    if (decimals > 0) {
        tmp[len++] = '.';
        for (int i = decimals - 1; i >= 0; i--) {
            tmp[len + i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        len += decimals;
    }
    tmp[len] = '\0';
    if ((size_t)len >= outsz)
        return PANEL_E_INVALID;
    memcpy(out, tmp, (size_t)len + 1);
    return PANEL_E_OK;
}

/* Writes m with the fewest exact places, at least min_decimals. */
panel_err panel_money_format_min(panel_money m, int min_decimals, char *out, size_t outsz)
{
    int d;

    if (min_decimals < 0 || min_decimals > PANEL_MONEY_DECIMALS)
        return PANEL_E_INVALID;
    for (d = min_decimals; d < PANEL_MONEY_DECIMALS; d++)
        if (magnitude(m) % pow10u(PANEL_MONEY_DECIMALS - d) == 0)
            break;
    return panel_money_format(m, d, out, outsz);
}

/* Computes a + b; PANEL_E_RANGE on overflow, leaving *out untouched. */
panel_err panel_money_add(panel_money a, panel_money b, panel_money *out)
{
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return PANEL_E_RANGE;
    *out = a + b;
    return PANEL_E_OK;
}

/* Computes a - b; PANEL_E_RANGE on overflow, leaving *out untouched. */
panel_err panel_money_sub(panel_money a, panel_money b, panel_money *out)
{
    if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
        return PANEL_E_RANGE;
    *out = a - b;
    return PANEL_E_OK;
}

/* Computes m * num / den exactly in 128 bits, rounding the quotient half-even. */
panel_err panel_money_muldiv(panel_money m, int64_t num, int64_t den, panel_money *out)
{
    i128 p = (i128)m * num, d = den, q, r;

    if (den == 0)
        return PANEL_E_INVALID;
    if (d < 0) {
        p = -p;
        d = -d;
    }
    q = p / d;
    r = p % d;
    if (r < 0)
        r = -r;
    if (r > d - r || (r == d - r && (q & 1)))
        q += p < 0 ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN)
        return PANEL_E_RANGE;
    *out = (panel_money)q;
    return PANEL_E_OK;
}

/* Computes the price of quantity at rate per 1000: rate * quantity / 1000. */
panel_err panel_money_charge(panel_money rate, int64_t quantity, panel_money *out)
{
    return panel_money_muldiv(rate, quantity, 1000, out);
}
