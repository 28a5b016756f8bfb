/* core/dialect_formats.c - the format-2 helpers the mock and the runner call: id formats and
 * generators, parameter checks and value generators, message templates, result outcomes,
 * transport and lookups. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "panel/dialect.h"

#define NAME3(name, str, meaning) str,
static const char *const success_names[] = {PANEL_SUCCESS_MAP(NAME3) NULL};
static const char *const valgen_names[] = {PANEL_VALGEN_MAP(NAME3) NULL};
static const char *const idgen_names[] = {PANEL_IDGEN_MAP(NAME3) NULL};
static const char *const keyloc_names[] = {PANEL_KEYLOC_MAP(NAME3) NULL};
#undef NAME3

/* names[i] when i is in range of the NULL-terminated list of n names, else "?". */
static const char *name_at(const char *const *names, size_t n, int i)
{
    return i >= 0 && (size_t)i < n ? names[i] : "?";
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]) - 1)

/* Table names. */
const char *panel_success_name(panel_success s)
{
    return name_at(success_names, N_OF(success_names), (int)s);
}
const char *panel_valgen_name(panel_valgen g)
{
    return name_at(valgen_names, N_OF(valgen_names), (int)g);
}
const char *panel_idgen_name(panel_idgen g)
{
    return name_at(idgen_names, N_OF(idgen_names), (int)g);
}
const char *panel_keyloc_name(panel_keyloc k)
{
    return name_at(keyloc_names, N_OF(keyloc_names), (int)k);
}

/* splitmix64: the n-th pseudo-random word (deterministic ids). */
static unsigned long long mix(unsigned long long n)
{
    unsigned long long z = n + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Parses a decimal id of 1..20 digits without a leading zero into *v; 0 when it is not one. */
static int parse_u64(const char *s, unsigned long long *v)
{
    size_t n = strlen(s);
    unsigned long long x = 0;
    if (n == 0 || n > 20 || (s[0] == '0' && n > 1))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        unsigned d = (unsigned)(s[i] - '0');
        if (x > (18446744073709551615ULL - d) / 10)
            return 0;
        x = x * 10 + d;
    }
    *v = x;
    return 1;
}

/* 1 when id is in the format of spec. */
int panel_id_spec_ok(const panel_id_spec *spec, const char *id)
{
    unsigned long long v = 0;
    if (spec == NULL || id == NULL)
        return 0;
    if (spec->kind == PANEL_KIND_INT)
        return parse_u64(id, &v) && v >= spec->min && v <= spec->max;
    if (spec->kind == PANEL_KIND_OID && spec->re == NULL)
        return panel_id_ok(PANEL_KIND_OID, id);
    if (spec->re == NULL)
        return 0;
    return strlen(id) <= 256 && regexec(spec->re, id, 0, NULL, 0) == 0;
}

/* Writes n in Crockford base32 as `digits` characters, most significant first. */
static void base32(char *out, unsigned long long n, int digits)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (int i = digits - 1; i >= 0; i--) {
        out[i] = alphabet[n & 31];
        n >>= 5;
    }
}

/* Writes the n-th id of spec into out. */
panel_err panel_id_generate(const panel_id_spec *spec, unsigned long long n, char *out,
                            size_t outsz)
{
    char buf[160];
    const char *prefix = spec && spec->prefix ? spec->prefix : "";
    if (spec == NULL || out == NULL || outsz == 0 || strlen(prefix) > 64)
        return PANEL_E_INVALID;
    switch (spec->gen) {
    case PANEL_IDGEN_DIGITS: {
        unsigned long long span = spec->max - spec->min;
        unsigned long long v =
            span == 18446744073709551615ULL ? spec->min + n : spec->min + n % (span + 1);
        snprintf(buf, sizeof buf, "%llu", v);
        break;
    }
    case PANEL_IDGEN_PREFIX_DIGITS:
        snprintf(buf, sizeof buf, "%s%0*llu", prefix, (int)(spec->width > 40 ? 40 : spec->width),
                 n + 1);
        break;
    case PANEL_IDGEN_HEX: {
        unsigned w = spec->width ? (spec->width > 64 ? 64 : spec->width) : 24;
        char hex[80];
        int k = snprintf(hex, sizeof hex, "%016llx%016llx%016llx%016llx", mix(n), mix(n + 1),
                         mix(n + 2), n + 1);
        snprintf(buf, sizeof buf, "%s%s", prefix, hex + (k - (int)w));
        break;
    }
    case PANEL_IDGEN_ULID: {
        char u[27];
        base32(u, 1700000000000ULL + n, 10);             /* 48-bit time part */
        base32(u + 10, mix(n) & 0xFFFFFFFFFFULL, 8);     /* 40 random bits */
        base32(u + 18, mix(n + 7) & 0xFFFFFFFFFFULL, 8); /* 40 more */
        u[26] = '\0';
        snprintf(buf, sizeof buf, "%s%s", prefix, u);
        break;
    }
    case PANEL_IDGEN_UUID: {
        unsigned long long a = mix(n), b = mix(n ^ 0x5bd1e995ULL);
        snprintf(buf, sizeof buf, "%s%08llx-%04llx-4%03llx-%04llx-%012llx", prefix, a >> 32,
                 (a >> 16) & 0xFFFF, a & 0xFFF, 0x8000 | ((b >> 48) & 0x3FFF),
                 b & 0xFFFFFFFFFFFFULL);
        break;
    }
    default:
        return PANEL_E_INVALID;
    }
    if (strlen(buf) >= outsz)
        return PANEL_E_TOO_LARGE;
    memcpy(out, buf, strlen(buf) + 1);
    return PANEL_E_OK;
}

/* 1 when s has exactly the digits and literals of a date format. */
static int date_ok(const char *fmt, const char *s)
{
    static const struct {
        const char *name, *shape; /* shape: 9 = a digit, other characters literal */
    } formats[] = {{"d/m/Y", "99/99/9999"},
                   {"Y-m-d", "9999-99-99"},
                   {"Y-m-d H:i:s", "9999-99-99 99:99:99"},
                   {"iso8601", "9999-99-99T99:99:99"}};
    if (strcmp(fmt, "unix") == 0) {
        unsigned long long v;
        return parse_u64(s, &v);
    }
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(formats[i].name, fmt) != 0)
            continue;
        const char *shape = formats[i].shape;
        size_t n = strlen(shape);
        if (strncmp(fmt, "iso8601", 7) == 0 && strlen(s) > n) /* Z or +hh:mm may follow */
            return strncmp(s + n, "Z", 2) == 0 || (strlen(s + n) == 6 && strchr("+-", s[n]));
        if (strlen(s) != n)
            return 0;
        for (size_t k = 0; k < n; k++)
            if (shape[k] == '9' ? !isdigit((unsigned char)s[k]) : s[k] != shape[k])
                return 0;
        return 1;
    }
    return 0;
}

/* The number of UTF-8 characters of s. */
static long long utf8_len(const char *s)
{
    long long n = 0;
    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* 1 when one item satisfies ps. */
static int item_ok(const panel_param_spec *ps, const char *v)
{
    if (ps->integer || ps->has_range) {
        char *end = NULL;
        long long x = strtoll(v, &end, 10);
        if (*v == '\0' || end == NULL || *end != '\0' || !(isdigit((unsigned char)*v) || *v == '-'))
            return 0;
        if (ps->has_range && (x < ps->min || x > ps->max))
            return 0;
    }
    if (ps->n_enum > 0) {
        size_t i = 0;
        while (i < ps->n_enum && strcmp(ps->enumv[i], v) != 0)
            i++;
        if (i == ps->n_enum)
            return 0;
    }
    if (ps->date_format != NULL && !date_ok(ps->date_format, v))
        return 0;
    long long len = utf8_len(v);
    if ((ps->min_length >= 0 && len < ps->min_length) ||
        (ps->max_length >= 0 && len > ps->max_length))
        return 0;
    return ps->re == NULL || regexec(ps->re, v, 0, NULL, 0) == 0;
}

/* 1 when value satisfies ps (each item of a list parameter). */
int panel_param_value_ok(const panel_param_spec *ps, const char *value)
{
    if (ps == NULL)
        return 1;
    if (value == NULL)
        return 0;
    if (ps->list_sep == NULL)
        return item_ok(ps, value);
    size_t seplen = strlen(ps->list_sep), n = strlen(value);
    char *copy = malloc(n + 1);
    int ok = 1, items = 0;
    if (copy == NULL || seplen == 0) {
        free(copy);
        return 0;
    }
    memcpy(copy, value, n + 1);
    for (char *p = copy; ok && p != NULL;) {
        char *next = strstr(p, ps->list_sep);
        if (next != NULL) {
            *next = '\0';
            next += seplen;
        }
        if (*p != '\0') { /* empty items (a trailing separator) are not counted */
            ok = item_ok(ps, p);
            items++;
        }
        p = next;
    }
    free(copy);
    return ok && items > 0;
}

/* Writes the n-th generated value of ps. */
int panel_param_generate(const panel_param_spec *ps, unsigned long long n, char *out, size_t outsz)
{
    if (ps == NULL || out == NULL || outsz == 0)
        return 0;
    switch (ps->gen) {
    case PANEL_VALGEN_CONSTANT:
        snprintf(out, outsz, "%s", ps->gen_value ? ps->gen_value : "");
        return 1;
    case PANEL_VALGEN_COUNTER:
        snprintf(out, outsz, "%s%llu", ps->gen_value ? ps->gen_value : "", n + 1);
        return 1;
    case PANEL_VALGEN_UUID: {
        panel_id_spec u = {.gen = PANEL_IDGEN_UUID};
        return panel_id_generate(&u, n, out, outsz) == PANEL_E_OK;
    }
    case PANEL_VALGEN_LINK:
        snprintf(out, outsz, "https://example.com/p/%llu", n + 1);
        return 1;
    case PANEL_VALGEN_NONE:
        break;
    }
    return 0;
}

/* The end of the {name} hole starting at t, or NULL when t does not start one. */
static const char *hole_end(const char *t)
{
    if (*t != '{')
        return NULL;
    const char *e = t + 1;
    while (*e != '\0' && *e != '}' && *e != '{' && (isalnum((unsigned char)*e) || *e == '_'))
        e++;
    return *e == '}' && e > t + 1 ? e + 1 : NULL;
}

/* Template match: each hole takes one or more characters (the wildcard algorithm, O(n*m)). */
int panel_message_match(const char *tmpl, const char *msg)
{
    const char *t = tmpl, *m = msg, *star_t = NULL, *star_m = NULL;
    if (tmpl == NULL || msg == NULL)
        return 0;
    while (*m != '\0') {
        const char *h = hole_end(t);
        if (h != NULL) {
            m++; /* the hole's first character */
            star_t = t = h;
            star_m = m;
        } else if (*t != '\0' && *t == *m) {
            t++;
            m++;
        } else if (star_t != NULL) {
            m = ++star_m;
            t = star_t;
        } else {
            return 0;
        }
    }
    return *t == '\0';
}

/* Writes tmpl with every hole replaced by value. */
char *panel_message_render(const char *tmpl, const char *value, char *out, size_t outsz)
{
    size_t n = 0;
    if (out == NULL || outsz == 0)
        return out;
    for (const char *t = tmpl ? tmpl : ""; *t != '\0' && n + 1 < outsz;) {
        const char *h = hole_end(t);
        if (h != NULL) {
            for (const char *v = value ? value : ""; *v != '\0' && n + 1 < outsz; v++)
                out[n++] = *v;
            t = h;
        } else {
            out[n++] = *t++;
        }
    }
    out[n] = '\0';
    return out;
}

/* The error case named name. */
const panel_error_case *panel_dialect_error_case(const panel_dialect *d, const char *name)
{
    if (d == NULL || name == NULL)
        return NULL;
    for (int e = 0; e < PANEL_ERRCASE__COUNT; e++)
        if (strcmp(panel_errcase_name((panel_errcase)e), name) == 0)
            return &d->errors[e];
    for (size_t i = 0; i < d->n_extra_errors; i++)
        if (strcmp(d->extra_errors[i].name, name) == 0)
            return &d->extra_errors[i];
    return NULL;
}

/* The extra action whose action= value is name. */
const panel_extra_action *panel_dialect_extra_action(const panel_dialect *d, const char *name)
{
    for (size_t i = 0; d != NULL && name != NULL && i < d->n_extra_actions; i++)
        if (strcmp(d->extra_actions[i].name, name) == 0)
            return &d->extra_actions[i];
    return NULL;
}

/* 1 when d accepts method. */
int panel_dialect_method_ok(const panel_dialect *d, const char *method)
{
    if (d == NULL || method == NULL)
        return 0;
    if (strcmp(method, "GET") == 0)
        return (d->methods & PANEL_METHOD_GET) != 0;
    if (strcmp(method, "POST") == 0)
        return (d->methods & PANEL_METHOD_POST) != 0;
    return 0;
}

/* 1 when d accepts encoding enc. */
int panel_dialect_encoding_ok(const panel_dialect *d, unsigned enc)
{
    return d != NULL && (d->encodings & enc) != 0;
}

/* 1 when d accepts the key at loc. */
int panel_dialect_key_location_ok(const panel_dialect *d, panel_keyloc loc)
{
    return d != NULL && (int)loc >= 0 && (int)loc < 8 && (d->key_locations & (1u << loc)) != 0;
}

/* 1 when v is truthy: true, a non-zero number, a string other than "", "0" and "false", or a
 * non-empty object or array. */
static int truthy(json_t *v)
{
    if (json_is_true(v))
        return 1;
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    if (json_is_real(v))
        return json_real_value(v) != 0.0;
    if (json_is_string(v))
        return json_string_length(v) > 0 && strcmp(json_string_value(v), "0") != 0 &&
               strcasecmp(json_string_value(v), "false") != 0;
    if (json_is_object(v))
        return json_object_size(v) > 0;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    return 0;
}

/* The outcome of an answer value under r's success rule. */
int panel_response_outcome(const panel_dialect *d, const panel_response_spec *r,
                           const panel_id_spec *id_spec, json_t *value)
{
    char buf[32];
    if (d == NULL || r == NULL || value == NULL)
        return -1;
    switch (r->success) {
    case PANEL_SUCCESS_CONSTANT:
        if (r->success_value != NULL && json_equal(value, r->success_value))
            return 1;
        break;
    case PANEL_SUCCESS_ID: {
        const char *id = json_string_value(value);
        if (json_is_integer(value)) {
            snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(value));
            id = buf;
        }
        if (id != NULL && panel_id_spec_ok(id_spec ? id_spec : &d->order_id, id))
            return 1;
        break;
    }
    case PANEL_SUCCESS_TRUTHY:
        if (truthy(value) &&
            !(json_is_object(value) && d->error_field && json_object_get(value, d->error_field)))
            return 1;
        break;
    case PANEL_SUCCESS_MEMBER: {
        json_t *m = json_is_object(value) && r->success_member
                        ? json_object_get(value, r->success_member)
                        : NULL;
        if (m != NULL && (r->success_value ? json_equal(m, r->success_value) : truthy(m)))
            return 1;
        break;
    }
    }
    if (json_is_object(value) && d->error_field != NULL &&
        json_is_string(json_object_get(value, d->error_field)))
        return 0;
    if (json_is_string(value) && r->error_entry == PANEL_ERRENTRY_STRING)
        return 0;
    return -1;
}

/* The money places of field i of r. */
int panel_field_decimals(const panel_dialect *d, const panel_response_spec *r, size_t i)
{
    if (r != NULL && r->field_decimals != NULL && i < r->n_fields && r->field_decimals[i] >= 0)
        return r->field_decimals[i];
    return d ? d->money_decimals : 2;
}
