/* core/parse_fields.c - reading one JSON value as a field kind, tolerantly, with diagnostics. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_impl.h"

/* Adds a diagnostic at the current pointer with an optional severity override. */
static void vdiag(parse_ctx *c, panel_diag_code code, int warn, const char *expected,
                  const char *actual, const char *fmt, va_list ap)
{
    panel_severity sev = warn ? PANEL_SEV_WARNING : panel_diag_code_severity(code);
    if ((unsigned)code < PANEL_DIAG__COUNT && ++c->diag_n[code] > PARSE_DIAG_CAP) {
        c->left_out[code]++; /* counted, summarised once at the end of the parse */
        if (sev > c->left_sev[code])
            c->left_sev[code] = (uint8_t)sev;
        return;
    }
    panel_err rc =
        panel_result_vdiag(c->r, code, c->ptr.s ? c->ptr.s : "", expected, actual, fmt, ap);
    if (rc != PANEL_E_OK)
        c->rc = rc;
    else if (warn)
        c->r->diags[c->r->n_diags - 1].severity = PANEL_SEV_WARNING;
}

/* Adds one summary diagnostic per code that went past the cap: the count left out. */
void parse_diag_summaries(parse_ctx *c)
{
    for (unsigned k = 0; k < PANEL_DIAG__COUNT && c->rc == PANEL_E_OK; k++) {
        if (!c->left_out[k])
            continue;
        char n[32];
        snprintf(n, sizeof n, "%zu", c->left_out[k]);
        panel_err rc = panel_result_diag(
            c->r, (panel_diag_code)k, "", NULL, n,
            "%zu more %s diagnostics left out (at most %d of a code are listed)", c->left_out[k],
            panel_diag_code_name((panel_diag_code)k), PARSE_DIAG_CAP);
        if (rc != PANEL_E_OK)
            c->rc = rc;
        else
            c->r->diags[c->r->n_diags - 1].severity = (panel_severity)c->left_sev[k];
    }
}

/* Adds a diagnostic with the code's default severity at the current pointer. */
void parse_diag(parse_ctx *c, panel_diag_code code, const char *expected, const char *actual,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(c, code, 0, expected, actual, fmt, ap);
    va_end(ap);
}

/* Adds a diagnostic lowered to a warning at the current pointer. */
void parse_warn(parse_ctx *c, panel_diag_code code, const char *expected, const char *actual,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(c, code, 1, expected, actual, fmt, ap);
    va_end(ap);
}

/* Copies n bytes into a new arena string of the result; records NOMEM. */
static char *dupn(parse_ctx *c, const char *s, size_t n)
{
    char *p = result_arena_dup(c->r, s, n);
    if (!p)
        c->rc = PANEL_E_NOMEM;
    return p;
}

/* Reports a value of the wrong type that is still readable. */
static void wrong_type(parse_ctx *c, const jdoc_val *v, const char *expected)
{
    char b[80];
    json_util_vbrief(v, b, sizeof b);
    parse_diag(c, PANEL_DIAG_WRONG_TYPE, expected, b, "expected %s, got %s (read anyway)", expected,
               jdoc_type_name(v));
}

/* Reports an unreadable value. */
static void bad_value(parse_ctx *c, const jdoc_val *v, const char *expected)
{
    char b[80];
    json_util_vbrief(v, b, sizeof b);
    parse_diag(c, PANEL_DIAG_BAD_VALUE, expected, b, "expected %s, got %s '%s'", expected,
               jdoc_type_name(v), b);
}

/* Reports a value that is readable but does not fit; actual is the input text. */
static void out_of_range(parse_ctx *c, const jdoc_val *v, const char *expected, const char *what)
{
    char b[80];
    json_util_vbrief(v, b, sizeof b);
    parse_diag(c, PANEL_DIAG_NUMBER_RANGE, expected, b, "%s does not fit", what);
}

/* Reports a null in place of a value: absent, with a warning. */
static void null_value(parse_ctx *c, const char *expected)
{
    parse_diag(c, PANEL_DIAG_WRONG_TYPE, expected, "null",
               "expected %s, got null (treated as absent)", expected);
}

/* Reads an integer of kind INT (JSON integer) or INTSTR (string of digits), exactly. */
int parse_read_int(parse_ctx *c, const jdoc_val *v, panel_kind kind, int64_t *out)
{
    const char *want = kind == PANEL_KIND_INTSTR ? "string of an integer" : "integer";
    int strict = kind != PANEL_KIND_ANY;
    int rounded = 0;
    panel_err rc;
    switch ((jdoc_type)v->type) {
    case JDOC_NUMBER:
        rc = panel_decimal_parse(v->u.s, v->n, 0, out, &rounded);
        if (rc == PANEL_E_RANGE) {
            out_of_range(c, v, "integer within int64", "integer");
            return 0;
        }
        if (rc != PANEL_E_OK || rounded) {
            bad_value(c, v, want);
            return 0;
        }
        if (!jdoc_is_int(v))
            wrong_type(c, v, want);
        else if (strict && kind != PANEL_KIND_INT && kind != PANEL_KIND_NUMBER)
            wrong_type(c, v, want);
        return 1;
    case JDOC_STRING:
        rc = json_util_parse_int(v->u.s, v->n, out);
        if (rc == PANEL_E_RANGE) {
            out_of_range(c, v, "integer within int64", "integer");
            return 0;
        }
        if (rc != PANEL_E_OK) {
            bad_value(c, v, want);
            return 0;
        }
        if (strict && kind != PANEL_KIND_INTSTR && kind != PANEL_KIND_STRING)
            wrong_type(c, v, want);
        return 1;
    case JDOC_NULL:
        null_value(c, want);
        return 0;
    default:
        bad_value(c, v, want);
        return 0;
    }
}

/* Currency symbols a money text may carry before or after its digits (UTF-8). */
static const char *const currency_symbols[] = {"$",
                                               "\xe2\x82\xac",
                                               "\xe2\x82\xbd",
                                               "\xc2\xa3",
                                               "\xc2\xa5",
                                               "\xe2\x82\xba",
                                               "\xe2\x82\xb9",
                                               "\xe2\x82\xb4",
                                               "\xe2\x82\xb8",
                                               "\xe2\x82\xa9"};

/* Length of a currency symbol or a 3-letter code at s[0..n) (all of it), else 0. */
static size_t currency_len(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof currency_symbols / sizeof currency_symbols[0]; i++) {
        size_t k = strlen(currency_symbols[i]);
        if (n == k && !memcmp(s, currency_symbols[i], k))
            return k;
    }
    if (n == 3 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
        isalpha((unsigned char)s[2]))
        return 3;
    return 0;
}

/* 1 when s[0..n) holds a sign that is not ASCII (U+2212 minus, U+2012..2015 dashes, U+FE63,
 * U+FF0B, U+FF0D). */
static int has_foreign_sign(const char *s, size_t n)
{
    static const char *const signs[] = {"\xe2\x88\x92", "\xe2\x80\x92", "\xe2\x80\x93",
                                        "\xe2\x80\x94", "\xe2\x80\x95", "\xef\xb9\xa3",
                                        "\xef\xbc\x8b", "\xef\xbc\x8d"};
    for (size_t i = 0; i + 3 <= n; i++)
        for (size_t k = 0; k < sizeof signs / sizeof signs[0]; k++)
            if (!memcmp(s + i, signs[k], 3))
                return 1;
    return 0;
}

/* Why the core of a money text (symbols and blanks stripped) reads two ways, or NULL. */
static const char *ambiguous_money(const char *s, size_t n)
{
    const char *comma = memchr(s, ',', n), *dot = memchr(s, '.', n);
    if (comma && dot)
        return "both ',' and '.' in one amount";
    if (comma && memchr(comma + 1, ',', n - (size_t)(comma + 1 - s)))
        return "more than one ',' in one amount";
    if (comma) {
        size_t k = 0;
        while (comma + 1 + k < s + n && isdigit((unsigned char)comma[1 + k]))
            k++;
        if (k == 3 && comma + 4 == s + n)
            return "',' followed by exactly three digits (a thousands separator or a decimal "
                   "comma)";
    }
    for (size_t i = 0; i < n; i++)
        if (isalpha((unsigned char)s[i]))
            return "letters inside the amount";
    return NULL;
}

/* Reports a money text that cannot be read one way only: an error, no value. */
static void ambiguous(parse_ctx *c, const jdoc_val *v, const char *why)
{
    char b[80];
    json_util_vbrief(v, b, sizeof b);
    parse_diag(c, PANEL_DIAG_BAD_VALUE, "an unambiguous decimal amount", b,
               "amount '%s' is ambiguous: %s", b, why);
}

/* Parses a money text: blanks and one currency symbol or code around it are stripped (with
 * a warning), a decimal comma is read (with a warning); ambiguous forms are errors. */
static int money_from_text(parse_ctx *c, const jdoc_val *v, const char *s, size_t n,
                           panel_money *out)
{
    size_t a = 0, b = n;
    int stripped = 0;
    while (a < b && isspace((unsigned char)s[a]))
        a++, stripped = 1;
    while (b > a && isspace((unsigned char)s[b - 1]))
        b--, stripped = 1;
    if (has_foreign_sign(s + a, b - a)) {
        ambiguous(c, v, "a sign that is not ASCII '-'");
        return 0;
    }
    /* a leading or trailing run that is neither digit nor sign nor separator */
    size_t p = a;
    while (p < b && !isdigit((unsigned char)s[p]) && s[p] != '-' && s[p] != '.' && s[p] != ',' &&
           !isspace((unsigned char)s[p]))
        p++;
    if (p > a) {
        if (!currency_len(s + a, p - a)) {
            bad_value(c, v, "decimal amount");
            return 0;
        }
        a = p;
        stripped = 1;
    }
    size_t q = b;
    while (q > a && !isdigit((unsigned char)s[q - 1]) && s[q - 1] != '.' && s[q - 1] != ',' &&
           !isspace((unsigned char)s[q - 1]))
        q--;
    if (q < b) {
        if (!currency_len(s + q, b - q)) {
            bad_value(c, v, "decimal amount");
            return 0;
        }
        b = q;
        stripped = 1;
    }
    while (a < b && isspace((unsigned char)s[a]))
        a++;
    while (b > a && isspace((unsigned char)s[b - 1]))
        b--;
    int rounded = 0, lenient = 0;
    panel_err rc = panel_money_parse_lenient(s + a, b - a, out, &rounded, &lenient);
    if (rc == PANEL_E_OK && b != a && !stripped && !lenient && !rounded)
        return 1; /* the common case: no brief text needed */
    const char *why = ambiguous_money(s + a, b - a);
    if (why) {
        ambiguous(c, v, why);
        return 0;
    }
    char bt[80];
    json_util_vbrief(v, bt, sizeof bt);
    if (rc == PANEL_E_RANGE) {
        out_of_range(c, v, "amount within int64 1e-8 units", "amount");
        return 0;
    }
    if (rc != PANEL_E_OK || b == a) {
        bad_value(c, v, "decimal amount");
        return 0;
    }
    if (stripped)
        parse_diag(c, PANEL_DIAG_MONEY_FORMAT, "plain decimal", bt,
                   "currency symbol or spaces stripped from amount");
    if (lenient)
        parse_diag(c, PANEL_DIAG_MONEY_FORMAT, "'.' decimal separator", bt,
                   "comma used as decimal separator");
    if (rounded)
        parse_diag(c, PANEL_DIAG_MONEY_PRECISION, "at most 8 decimals", bt,
                   "more than 8 decimals, rounded half-even");
    return 1;
}

/* Reads money of kind MONEY (decimal string) or NUMBER (JSON number). A number is read from
 * its input text, exactly (exponent included), rounded half-even to 8 places. */
int parse_read_money(parse_ctx *c, const jdoc_val *v, panel_kind kind, panel_money *out)
{
    int strict = kind != PANEL_KIND_ANY;
    switch ((jdoc_type)v->type) {
    case JDOC_STRING:
        if (strict && kind == PANEL_KIND_NUMBER)
            wrong_type(c, v, "number");
        return money_from_text(c, v, v->u.s, v->n, out);
    case JDOC_NUMBER: {
        int rounded = 0;
        panel_err rc = panel_decimal_parse(v->u.s, v->n, PANEL_MONEY_DECIMALS, out, &rounded);
        if (rc != PANEL_E_OK) {
            out_of_range(c, v, "amount within int64 1e-8 units", "amount");
            return 0;
        }
        if (strict && kind != PANEL_KIND_NUMBER)
            wrong_type(c, v, "string of a decimal amount");
        if (rounded) {
            char bt[80];
            json_util_vbrief(v, bt, sizeof bt);
            parse_diag(c, PANEL_DIAG_MONEY_PRECISION, "at most 8 decimals", bt,
                       "more than 8 decimals, rounded half-even");
        }
        return 1;
    }
    case JDOC_NULL:
        null_value(c, "decimal amount");
        return 0;
    default:
        bad_value(c, v, "decimal amount");
        return 0;
    }
}

/* 1 when v is the JSON integer 0 or 1 (*out set). */
static int zero_or_one(const jdoc_val *v, int *out)
{
    if (jdoc_is_int(v) && v->n == 1 && (v->u.s[0] == '0' || v->u.s[0] == '1')) {
        *out = v->u.s[0] == '1';
        return 1;
    }
    return 0;
}

/* Reads a boolean; 1/0, "1"/"0", "true"/"false" are readable with a warning. */
int parse_read_bool(parse_ctx *c, const jdoc_val *v, panel_kind kind, int *out)
{
    int strict = kind != PANEL_KIND_ANY;
    int val = -1;
    switch ((jdoc_type)v->type) {
    case JDOC_TRUE:
    case JDOC_FALSE:
        *out = v->type == JDOC_TRUE;
        return 1;
    case JDOC_NUMBER:
        if (zero_or_one(v, &val)) {
            if (strict && kind != PANEL_KIND_INT && kind != PANEL_KIND_NUMBER)
                wrong_type(c, v, "boolean");
            *out = val;
            return 1;
        }
        break;
    case JDOC_STRING: {
        const char *s = v->u.s;
        if (!strcmp(s, "1") || !strcmp(s, "true"))
            val = 1;
        else if (!strcmp(s, "0") || !strcmp(s, "false"))
            val = 0;
        if (val >= 0 && strlen(s) == v->n) {
            if (strict && kind != PANEL_KIND_INTSTR && kind != PANEL_KIND_STRING)
                wrong_type(c, v, "boolean");
            *out = val;
            return 1;
        }
        break;
    }
    case JDOC_NULL:
        null_value(c, "boolean");
        return 0;
    default:
        break;
    }
    bad_value(c, v, "boolean");
    return 0;
}

/* Reads a string; numbers and booleans are readable (as their text) with a warning. */
int parse_read_string(parse_ctx *c, const jdoc_val *v, panel_kind kind, char **out)
{
    int strict = kind != PANEL_KIND_ANY;
    char tmp[80];
    switch ((jdoc_type)v->type) {
    case JDOC_STRING:
        *out = dupn(c, v->u.s, v->n);
        return *out != NULL;
    case JDOC_NUMBER:
    case JDOC_TRUE:
    case JDOC_FALSE:
        if (strict)
            wrong_type(c, v, "string");
        json_util_vbrief(v, tmp, sizeof tmp);
        *out = dupn(c, tmp, strlen(tmp));
        return *out != NULL;
    case JDOC_NULL:
        null_value(c, "string");
        return 0;
    default:
        bad_value(c, v, "string");
        return 0;
    }
}

/* Reads an id: its text, then checks it against the dialect's id format. */
int parse_read_id(parse_ctx *c, const jdoc_val *v, panel_kind kind, panel_kind idkind, char **out)
{
    char tmp[80];
    const char *want = kind == PANEL_KIND_INT ? "integer id" : "string id";
    const char *s = NULL;
    size_t n = 0;
    int64_t iv;
    switch ((jdoc_type)v->type) {
    case JDOC_NUMBER:
        if (jdoc_is_int(v)) {
            if (json_util_parse_int(v->u.s, v->n, &iv) != PANEL_E_OK) {
                out_of_range(c, v, "integer within int64", "id");
                return 0;
            }
            if (kind != PANEL_KIND_INT && kind != PANEL_KIND_ANY)
                wrong_type(c, v, want);
            n = json_util_int_text(iv, tmp);
            tmp[n] = '\0';
            s = tmp;
            break;
        }
        wrong_type(c, v, want);
        json_util_vbrief(v, tmp, sizeof tmp);
        s = tmp;
        n = strlen(tmp);
        break;
    case JDOC_STRING:
        if (kind == PANEL_KIND_INT)
            wrong_type(c, v, want);
        s = v->u.s;
        n = v->n;
        break;
    case JDOC_NULL:
        null_value(c, want);
        return 0;
    default:
        bad_value(c, v, want);
        return 0;
    }
    *out = dupn(c, s, n);
    if (!*out)
        return 0;
    /* an explicit field kind names the id format; otherwise the dialect's id kind applies */
    if (kind == PANEL_KIND_INT || kind == PANEL_KIND_INTSTR)
        idkind = PANEL_KIND_INT;
    else if (kind == PANEL_KIND_OID)
        idkind = PANEL_KIND_OID;
    if (strlen(*out) != n || !panel_id_ok(idkind, *out)) {
        char b[80];
        json_util_vbrief(v, b, sizeof b);
        parse_diag(c, PANEL_DIAG_BAD_ID,
                   idkind == PANEL_KIND_OID ? "24 hex digits" : "1-18 digits, no leading zero", b,
                   "id '%s' is not in the dialect's %s format", b, panel_kind_name(idkind));
    }
    return 1;
}

static const struct {
    const char *word; /* lower case, without spaces, '_' and '-' */
    panel_status status;
} aliases[] = {
    {"awaiting", PANEL_STATUS_AWAITING},     {"pending", PANEL_STATUS_PENDING},
    {"processing", PANEL_STATUS_PROCESSING}, {"inprogress", PANEL_STATUS_IN_PROGRESS},
    {"completed", PANEL_STATUS_COMPLETED},   {"complete", PANEL_STATUS_COMPLETED},
    {"done", PANEL_STATUS_COMPLETED},        {"partial", PANEL_STATUS_PARTIAL},
    {"canceled", PANEL_STATUS_CANCELED},     {"cancelled", PANEL_STATUS_CANCELED},
    {"refunded", PANEL_STATUS_CANCELED},     {"failed", PANEL_STATUS_FAILED},
    {"fail", PANEL_STATUS_FAILED},           {"error", PANEL_STATUS_ERROR},
    {"rejected", PANEL_STATUS_REJECTED},
};

/* Resolves a status word against a vocabulary and the built-in alias table. */
panel_status parse_status_resolve(const panel_vocab *voc, const char *word, int *how)
{
    int exact = 0;
    panel_status st = panel_vocab_lookup(voc, word, &exact);
    if (st != PANEL_STATUS_UNKNOWN || (exact && word)) {
        *how = exact ? 0 : 1;
        return st;
    }
    char norm[32];
    size_t k = 0;
    for (const char *p = word; *p; p++) {
        if (*p == ' ' || *p == '_' || *p == '-')
            continue;
        if (k + 1 >= sizeof norm) {
            *how = 3;
            return PANEL_STATUS_UNKNOWN;
        }
        norm[k++] = (char)tolower((unsigned char)*p);
    }
    norm[k] = '\0';
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (!strcmp(norm, aliases[i].word)) {
            if (panel_vocab_word(voc, aliases[i].status)) {
                *how = 2;
                return aliases[i].status;
            }
            *how = 4;
            return PANEL_STATUS_UNKNOWN;
        }
    }
    *how = 3;
    return PANEL_STATUS_UNKNOWN;
}

/* Reads a status word from a vocabulary. */
int parse_read_status(parse_ctx *c, const jdoc_val *v, const panel_vocab *voc, panel_status *st,
                      char **word)
{
    if (jdoc_is_null(v)) {
        null_value(c, "status word");
        return 0;
    }
    if (!jdoc_is_string(v)) {
        bad_value(c, v, "status word");
        return 0;
    }
    *word = dupn(c, v->u.s, v->n);
    if (!*word)
        return 0;
    int how = 0;
    *st = parse_status_resolve(voc, *word, &how);
    char b[80];
    json_util_vbrief(v, b, sizeof b);
    if (how == 1 || how == 2) {
        const char *w = panel_vocab_word(voc, *st);
        parse_diag(c, PANEL_DIAG_STATUS_SPELLING, w, b, "status '%s' read as '%s'", b,
                   w ? w : panel_status_name(*st));
    } else if (how >= 3) {
        parse_diag(c, PANEL_DIAG_UNKNOWN_STATUS, "a word of the dialect's vocabulary", b,
                   "status '%s' is not in the vocabulary", b);
    }
    return 1;
}

/* Reports TOO_DEEP when v, found at depth `depth`, nests beyond the cap (the reader keeps
 * each container's height, so this costs nothing). */
int parse_check_depth(parse_ctx *c, const jdoc_val *v, size_t depth)
{
    if (!jdoc_is_object(v) && !jdoc_is_array(v))
        return 1;
    if (depth + v->height - 1 > c->max_depth) {
        char exp[32];
        snprintf(exp, sizeof exp, "depth <= %zu", c->max_depth);
        parse_diag(c, PANEL_DIAG_TOO_DEEP, exp, NULL, "JSON nests deeper than %zu levels",
                   c->max_depth);
        return 0;
    }
    return 1;
}

/* The slot of a field name for an action. */
parse_slot parse_slot_of(panel_action a, const panel_response_spec *s, const char *name)
{
    static const struct {
        const char *name;
        parse_slot slot;
    } svc[] = {{"service", SLOT_SVC_ID},    {"name", SLOT_SVC_NAME},
               {"type", SLOT_SVC_TYPE},     {"category", SLOT_SVC_CATEGORY},
               {"rate", SLOT_SVC_RATE},     {"min", SLOT_SVC_MIN},
               {"max", SLOT_SVC_MAX},       {"refill", SLOT_SVC_REFILL},
               {"cancel", SLOT_SVC_CANCEL}, {"dripfeed", SLOT_SVC_DRIPFEED},
               {"desc", SLOT_SVC_DESC}},
      ent[] = {{"order", SLOT_E_ID},          {"charge", SLOT_E_CHARGE},
               {"start_count", SLOT_E_START}, {"status", SLOT_E_STATUS},
               {"remains", SLOT_E_REMAINS},   {"currency", SLOT_E_CURRENCY},
               {"error", SLOT_E_ERROR}};
    if (s && s->result_field && !strcmp(name, s->result_field))
        return SLOT_E_RESULT;
    if (s && s->key_field && !strcmp(name, s->key_field))
        return SLOT_E_ID;
    switch (a) {
    case PANEL_ACTION_SERVICES:
        for (size_t i = 0; i < sizeof svc / sizeof svc[0]; i++)
            if (!strcmp(name, svc[i].name))
                return svc[i].slot;
        return SLOT_NONE;
    case PANEL_ACTION_ADD:
        return !strcmp(name, "order") ? SLOT_ORDER : SLOT_NONE;
    case PANEL_ACTION_BALANCE:
        if (!strcmp(name, "balance"))
            return SLOT_BALANCE;
        return !strcmp(name, "currency") ? SLOT_CURRENCY : SLOT_NONE;
    case PANEL_ACTION_STATUS:
    case PANEL_ACTION_REFILL:
    case PANEL_ACTION_REFILL_STATUS:
    case PANEL_ACTION_CANCEL:
        for (size_t i = 0; i < sizeof ent / sizeof ent[0]; i++)
            if (!strcmp(name, ent[i].name))
                return ent[i].slot;
        return SLOT_NONE;
    default:
        return SLOT_NONE;
    }
}

/* The spec of a documented form, or NULL. */
const panel_response_spec *parse_spec_for(const panel_dialect *d, panel_action a, int multi)
{
    if ((unsigned)a >= PANEL_ACTION__COUNT)
        return NULL;
    const panel_action_spec *as = &d->actions[a];
    if (!as->documented)
        return NULL;
    const panel_response_spec *s = multi ? &as->multi : &as->single;
    return s->present ? s : NULL;
}

/* The id format for entries of action a. */
panel_kind parse_id_kind(const panel_dialect *d, panel_action a)
{
    return a == PANEL_ACTION_REFILL_STATUS ? d->refill_id_kind : d->order_id_kind;
}

#define F(n, k)                                                                                    \
    {                                                                                              \
        (char *)n, PANEL_KIND_##k, 0                                                               \
    }
static panel_field g_services[] = {F("service", ANY),  F("name", ANY),   F("type", ANY),
                                   F("category", ANY), F("rate", ANY),   F("min", ANY),
                                   F("max", ANY),      F("refill", ANY), F("cancel", ANY),
                                   F("dripfeed", ANY), F("desc", ANY)};
static panel_field g_add[] = {F("order", ANY)};
static panel_field g_status[] = {F("order", ANY),     F("charge", ANY),  F("start_count", ANY),
                                 F("status", STATUS), F("remains", ANY), F("currency", ANY)};
static panel_field g_refill[] = {F("order", ANY), F("refill", ANY)};
static panel_field g_rstatus[] = {F("status", REFILL_STATUS)};
static panel_field g_cancel[] = {F("order", ANY), F("cancel", ANY)};
static panel_field g_balance[] = {F("balance", ANY), F("currency", ANY)};
#undef F

#define NF(a) (sizeof(a) / sizeof((a)[0]))
static const panel_response_spec g_specs[PANEL_ACTION__COUNT][2] = {
    [PANEL_ACTION_SERVICES] = {{.present = 1,
                                .shape = PANEL_SHAPE_ARRAY,
                                .fields = g_services,
                                .n_fields = NF(g_services)},
                               {0}},
    [PANEL_ACTION_ADD] = {{.present = 1, .fields = g_add, .n_fields = NF(g_add)}, {0}},
    [PANEL_ACTION_STATUS] = {{.present = 1, .fields = g_status, .n_fields = NF(g_status)},
                             {.present = 1,
                              .shape = PANEL_SHAPE_KEYED,
                              .fields = g_status,
                              .n_fields = NF(g_status),
                              .error_entry = PANEL_ERRENTRY_OBJECT}},
    [PANEL_ACTION_REFILL] =
        {{.present = 1, .fields = g_refill + 1, .n_fields = 1, .result_field = (char *)"refill"},
         {.present = 1,
          .shape = PANEL_SHAPE_ARRAY,
          .fields = g_refill,
          .n_fields = NF(g_refill),
          .key_field = (char *)"order",
          .result_field = (char *)"refill",
          .error_entry = PANEL_ERRENTRY_NESTED}},
    [PANEL_ACTION_REFILL_STATUS] = {{.present = 1, .fields = g_rstatus, .n_fields = 1},
                                    {.present = 1,
                                     .shape = PANEL_SHAPE_KEYED,
                                     .fields = g_rstatus,
                                     .n_fields = 1,
                                     .error_entry = PANEL_ERRENTRY_OBJECT}},
    [PANEL_ACTION_CANCEL] =
        {{.present = 1, .fields = g_cancel + 1, .n_fields = 1, .result_field = (char *)"cancel"},
         {.present = 1,
          .shape = PANEL_SHAPE_ARRAY,
          .fields = g_cancel,
          .n_fields = NF(g_cancel),
          .key_field = (char *)"order",
          .result_field = (char *)"cancel",
          .error_entry = PANEL_ERRENTRY_NESTED}},
    [PANEL_ACTION_BALANCE] = {{.present = 1, .fields = g_balance, .n_fields = NF(g_balance)}, {0}},
};

/* Built-in permissive spec for an undocumented action. */
const panel_response_spec *parse_generic_spec(panel_action a, int multi)
{
    if ((unsigned)a >= PANEL_ACTION__COUNT)
        return NULL;
    const panel_response_spec *s = &g_specs[a][multi ? 1 : 0];
    if (!s->present)
        s = &g_specs[a][0];
    return s->present ? s : NULL;
}
