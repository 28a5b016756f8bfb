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
    panel_err rc =
        panel_result_vdiag(c->r, code, c->ptr.s ? c->ptr.s : "", expected, actual, fmt, ap);
    if (rc != PANEL_E_OK)
        c->rc = rc;
    else if (warn)
        c->r->diags[c->r->n_diags - 1].severity = PANEL_SEV_WARNING;
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

/* 1 when the real x came from an integer token too big for int64. */
static int real_is_huge_int(double x)
{
    return x >= 9223372036854775807.0 || x < -9223372036854775808.0;
}

/* Reports a value of the wrong type that is still readable. */
static void wrong_type(parse_ctx *c, const json_t *v, const char *expected)
{
    char b[80];
    json_util_brief(v, b, sizeof b);
    parse_diag(c, PANEL_DIAG_WRONG_TYPE, expected, b, "expected %s, got %s (read anyway)", expected,
               json_util_type_name(v));
}

/* Reports an unreadable value. */
static void bad_value(parse_ctx *c, const json_t *v, const char *expected)
{
    char b[80];
    json_util_brief(v, b, sizeof b);
    parse_diag(c, PANEL_DIAG_BAD_VALUE, expected, b, "expected %s, got %s '%s'", expected,
               json_util_type_name(v), b);
}

/* Reports a null in place of a value: absent, with a warning. */
static void null_value(parse_ctx *c, const char *expected)
{
    parse_diag(c, PANEL_DIAG_WRONG_TYPE, expected, "null",
               "expected %s, got null (treated as absent)", expected);
}

/* Reads an integer of kind INT (JSON integer) or INTSTR (string of digits). */
int parse_read_int(parse_ctx *c, const json_t *v, panel_kind kind, int64_t *out)
{
    const char *want = kind == PANEL_KIND_INTSTR ? "string of an integer" : "integer";
    int strict = kind != PANEL_KIND_ANY;
    switch (json_typeof(v)) {
    case JSON_INTEGER:
        if (strict && kind != PANEL_KIND_INT && kind != PANEL_KIND_NUMBER)
            wrong_type(c, v, want);
        *out = json_integer_value(v);
        return 1;
    case JSON_STRING: {
        panel_err rc = json_util_parse_int(json_string_value(v), json_string_length(v), out);
        if (rc == PANEL_E_RANGE) {
            char b[80];
            json_util_brief(v, b, sizeof b);
            parse_diag(c, PANEL_DIAG_NUMBER_RANGE, "integer within int64", b,
                       "integer does not fit 64 bits");
            return 0;
        }
        if (rc != PANEL_E_OK) {
            bad_value(c, v, want);
            return 0;
        }
        if (strict && kind != PANEL_KIND_INTSTR && kind != PANEL_KIND_STRING)
            wrong_type(c, v, want);
        return 1;
    }
    case JSON_REAL: {
        double x = json_real_value(v);
        if (real_is_huge_int(x)) {
            char b[80];
            json_util_brief(v, b, sizeof b);
            parse_diag(c, PANEL_DIAG_NUMBER_RANGE, "integer within int64", b,
                       "integer does not fit 64 bits");
            return 0;
        }
        if ((double)(int64_t)x != x) {
            bad_value(c, v, want);
            return 0;
        }
        wrong_type(c, v, want);
        *out = (int64_t)x;
        return 1;
    }
    case JSON_NULL:
        null_value(c, want);
        return 0;
    default:
        bad_value(c, v, want);
        return 0;
    }
}

/* Writes the shortest decimal text that reads back as x (no exponent when avoidable). */
static void real_text(double x, char *out, size_t outsz)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, outsz, "%.*g", prec, x);
        if (strtod(out, NULL) == x)
            break;
    }
    if (strpbrk(out, "eE"))
        snprintf(out, outsz, "%.10f", x);
}

/* Parses a money text, stripping a currency symbol and accepting a comma decimal. */
static int money_from_text(parse_ctx *c, const json_t *v, const char *s, size_t n, panel_money *out)
{
    size_t a = 0, b = n;
    int stripped = 0;
    while (a < b && isspace((unsigned char)s[a]))
        a++, stripped = 1;
    while (b > a && isspace((unsigned char)s[b - 1]))
        b--, stripped = 1;
    /* leading or trailing non-numeric bytes: currency symbols or codes ($, €, ₽, USD) */
    size_t a0 = a, b0 = b;
    while (
        a < b && !isdigit((unsigned char)s[a]) && s[a] != '-' && s[a] != '.' && s[a] != ',' &&
        (s[a] == '$' || (unsigned char)s[a] >= 0x80 || isalpha((unsigned char)s[a]) || s[a] == ' '))
        a++;
    while (b > a && !isdigit((unsigned char)s[b - 1]) && s[b - 1] != '.' &&
           ((unsigned char)s[b - 1] >= 0x80 || isalpha((unsigned char)s[b - 1]) ||
            s[b - 1] == '$' || s[b - 1] == ' '))
        b--;
    if (a != a0 || b != b0)
        stripped = 1;
    int rounded = 0, lenient = 0;
    panel_err rc = panel_money_parse_lenient(s + a, b - a, out, &rounded, &lenient);
    if (rc == PANEL_E_OK && b != a && !stripped && !lenient && !rounded)
        return 1; /* the common case: no brief text needed */
    char bt[80];
    json_util_brief(v, bt, sizeof bt);
    if (rc == PANEL_E_RANGE) {
        parse_diag(c, PANEL_DIAG_NUMBER_RANGE, "amount within int64 1e-8 units", bt,
                   "amount does not fit");
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

/* Reads money of kind MONEY (decimal string) or NUMBER (JSON number). Reals are read from the
 * shortest decimal text that round-trips the double jansson holds. */
int parse_read_money(parse_ctx *c, const json_t *v, panel_kind kind, panel_money *out)
{
    int strict = kind != PANEL_KIND_ANY;
    char tmp[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (strict && kind == PANEL_KIND_NUMBER)
            wrong_type(c, v, "number");
        return money_from_text(c, v, json_string_value(v), json_string_length(v), out);
    case JSON_INTEGER:
        if (strict && kind != PANEL_KIND_NUMBER)
            wrong_type(c, v, "string of a decimal amount");
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return money_from_text(c, v, tmp, strlen(tmp), out);
    case JSON_REAL: {
        double x = json_real_value(v);
        if (!(x < 92233720368.0 && x > -92233720368.0)) {
            char b[80];
            json_util_brief(v, b, sizeof b);
            parse_diag(c, PANEL_DIAG_NUMBER_RANGE, "amount within int64 1e-8 units", b,
                       "amount does not fit");
            return 0;
        }
        if (strict && kind != PANEL_KIND_NUMBER)
            wrong_type(c, v, "string of a decimal amount");
        real_text(x, tmp, sizeof tmp);
        return money_from_text(c, v, tmp, strlen(tmp), out);
    }
    case JSON_NULL:
        null_value(c, "decimal amount");
        return 0;
    default:
        bad_value(c, v, "decimal amount");
        return 0;
    }
}

/* Reads a boolean; 1/0, "1"/"0", "true"/"false" are readable with a warning. */
int parse_read_bool(parse_ctx *c, const json_t *v, panel_kind kind, int *out)
{
    int strict = kind != PANEL_KIND_ANY;
    switch (json_typeof(v)) {
    case JSON_TRUE:
    case JSON_FALSE:
        *out = json_is_true(v);
        return 1;
    case JSON_INTEGER:
        if (json_integer_value(v) == 0 || json_integer_value(v) == 1) {
            if (strict && kind != PANEL_KIND_INT && kind != PANEL_KIND_NUMBER)
                wrong_type(c, v, "boolean");
            *out = (int)json_integer_value(v);
            return 1;
        }
        break;
    case JSON_STRING: {
        const char *s = json_string_value(v);
        int val = -1;
        if (!strcmp(s, "1") || !strcmp(s, "true"))
            val = 1;
        else if (!strcmp(s, "0") || !strcmp(s, "false"))
            val = 0;
        if (val >= 0) {
            if (strict && kind != PANEL_KIND_INTSTR && kind != PANEL_KIND_STRING)
                wrong_type(c, v, "boolean");
            *out = val;
            return 1;
        }
        break;
    }
    case JSON_NULL:
        null_value(c, "boolean");
        return 0;
    default:
        break;
    }
    bad_value(c, v, "boolean");
    return 0;
}

/* Reads a string; numbers and booleans are readable with a warning. */
int parse_read_string(parse_ctx *c, const json_t *v, panel_kind kind, char **out)
{
    int strict = kind != PANEL_KIND_ANY;
    char tmp[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        *out = dupn(c, json_string_value(v), json_string_length(v));
        return *out != NULL;
    case JSON_INTEGER:
    case JSON_REAL:
    case JSON_TRUE:
    case JSON_FALSE:
        if (strict)
            wrong_type(c, v, "string");
        json_util_brief(v, tmp, sizeof tmp);
        *out = dupn(c, tmp, strlen(tmp));
        return *out != NULL;
    case JSON_NULL:
        null_value(c, "string");
        return 0;
    default:
        bad_value(c, v, "string");
        return 0;
    }
}

/* Reads an id: its text, then checks it against the dialect's id format. */
int parse_read_id(parse_ctx *c, const json_t *v, panel_kind kind, panel_kind idkind, char **out)
{
    char tmp[64];
    const char *want = kind == PANEL_KIND_INT ? "integer id" : "string id";
    const char *s = NULL;
    size_t n = 0;
    switch (json_typeof(v)) {
    case JSON_INTEGER:
        if (kind != PANEL_KIND_INT && kind != PANEL_KIND_ANY)
            wrong_type(c, v, want);
        n = json_util_int_text(json_integer_value(v), tmp);
        tmp[n] = '\0';
        s = tmp;
        break;
    case JSON_STRING:
        if (kind == PANEL_KIND_INT)
            wrong_type(c, v, want);
        s = json_string_value(v);
        n = json_string_length(v);
        break;
    case JSON_REAL:
        if (real_is_huge_int(json_real_value(v))) {
            json_util_brief(v, tmp, sizeof tmp);
            parse_diag(c, PANEL_DIAG_NUMBER_RANGE, "integer within int64", tmp,
                       "id does not fit 64 bits");
            return 0;
        }
        wrong_type(c, v, want);
        json_util_brief(v, tmp, sizeof tmp);
        s = tmp;
        n = strlen(tmp);
        break;
    case JSON_NULL:
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
        json_util_brief(v, b, sizeof b);
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
int parse_read_status(parse_ctx *c, const json_t *v, const panel_vocab *voc, panel_status *st,
                      char **word)
{
    if (json_is_null(v)) {
        null_value(c, "status word");
        return 0;
    }
    if (!json_is_string(v)) {
        bad_value(c, v, "status word");
        return 0;
    }
    *word = dupn(c, json_string_value(v), json_string_length(v));
    if (!*word)
        return 0;
    int how = 0;
    *st = parse_status_resolve(voc, *word, &how);
    char b[80];
    json_util_brief(v, b, sizeof b);
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

/* Reports TOO_DEEP when v, found at depth `depth`, nests beyond the cap. */
int parse_check_depth(parse_ctx *c, const json_t *v, size_t depth)
{
    if (!json_is_object(v) && !json_is_array(v))
        return 1;
    size_t room = c->max_depth > depth ? c->max_depth - depth + 1 : 1;
    size_t dd = json_util_depth(v, room + 1);
    if (depth + dd - 1 > c->max_depth) {
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
