/* panel/money.h - exact decimal money: int64 counts of 1e-8 units. No floating point. */
#ifndef PANEL_MONEY_H
#define PANEL_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "panel/error.h"

typedef int64_t panel_money; /* 1 unit = 0.00000001 */
#define PANEL_MONEY_SCALE 100000000LL
#define PANEL_MONEY_DECIMALS 8

/* Rounding applied when input has more than 8 decimals or a division is inexact:
 * round half to even ("banker's rounding"), the rule of IEEE 754 decimal and most ledgers. */

/* Parses a decimal text: optional '-', digits, optional '.' and digits; no exponent, no
 * spaces, no thousands separators, no currency symbol. More than 8 decimals are rounded
 * half-even and *rounded is set to 1 (may be NULL). Errors: PANEL_E_PARSE (not a decimal),
 * PANEL_E_RANGE (does not fit int64 units). The text need not be NUL-terminated. */
panel_err panel_money_parse(const char *s, size_t n, panel_money *out, int *rounded);

/* Parses a decimal the way tolerant readers must: also accepts one ',' as the decimal
 * separator and an exponent-free JSON number text. *lenient is set to 1 when a comma was
 * used (may be NULL). A comma followed by exactly three digits ("1,000") reads two ways and
 * is PANEL_E_PARSE. Same errors as panel_money_parse. */
panel_err panel_money_parse_lenient(const char *s, size_t n, panel_money *out, int *rounded,
                                    int *lenient);

/* Parses a JSON number text (RFC 8259: '-'?, digits without a leading zero, optional
 * fraction, optional exponent) as value * 10^places (places 0..18), exactly and without
 * floating point, rounded half-even to an integer; *rounded (may be NULL) is set when nonzero
 * digits were dropped. panel_decimal_parse(s, n, PANEL_MONEY_DECIMALS, ...) reads money.
 * Errors: PANEL_E_PARSE (not a JSON number), PANEL_E_RANGE (does not fit int64). */
panel_err panel_decimal_parse(const char *s, size_t n, int places, int64_t *out, int *rounded);

/* Writes m with exactly `decimals` places (0..8; rounded half-even if fewer than 8) into
 * out (size outsz, at least 32 bytes is always enough). Returns PANEL_E_INVALID on a bad
 * decimals or short buffer. */
panel_err panel_money_format(panel_money m, int decimals, char *out, size_t outsz);

/* Writes m with the fewest places that represent it exactly, at least min_decimals. */
panel_err panel_money_format_min(panel_money m, int min_decimals, char *out, size_t outsz);

/* a + b, a - b with overflow checks: PANEL_E_RANGE on overflow, *out untouched. */
panel_err panel_money_add(panel_money a, panel_money b, panel_money *out);
panel_err panel_money_sub(panel_money a, panel_money b, panel_money *out);

/* m * num / den, exact intermediate (128-bit), rounded half-even. PANEL_E_RANGE on
 * overflow, PANEL_E_INVALID on den == 0. */
panel_err panel_money_muldiv(panel_money m, int64_t num, int64_t den, panel_money *out);

/* The price of an order: rate (per 1000) * quantity / 1000, rounded half-even. */
panel_err panel_money_charge(panel_money rate, int64_t quantity, panel_money *out);

#endif
