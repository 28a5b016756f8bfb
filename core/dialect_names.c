/* core/dialect_names.c - name tables, vocabularies, key and id formats, dialect lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "panel/dialect.h"

static const char *const action_names[] = {
#define XX(name, str) str,
    PANEL_ACTION_MAP(XX)
#undef XX
};

static const char *const status_names[] = {
#define XX(name, str, terminal) str,
    PANEL_STATUS_MAP(XX)
#undef XX
};

static const unsigned char status_terminal[] = {
#define XX(name, str, terminal) terminal,
    PANEL_STATUS_MAP(XX)
#undef XX
};

static const char *const kind_names[] = {
#define XX(name, str) str,
    PANEL_KIND_MAP(XX)
#undef XX
};

static const char *const errcase_names[] = {
#define XX(name, str) str,
    PANEL_ERRCASE_MAP(XX)
#undef XX
};

static const char *const prov_names[] = {
#define XX(name, str) str,
    PANEL_PROV_MAP(XX)
#undef XX
};

static const char *const shape_names[] = {
#define XX(name, str, meaning) str,
    PANEL_SHAPE_MAP(XX)
#undef XX
};

static const char *const errentry_names[] = {
#define XX(name, str, meaning) str,
    PANEL_ERRENTRY_MAP(XX)
#undef XX
};

/* The dialect-file name of shape s ("keyed"); "?" when out of range. */
const char *panel_shape_name(panel_shape s)
{
    if ((int)s < 0 || (int)s >= (int)PANEL_SHAPE__COUNT)
        return "?";
    return shape_names[s];
}

/* The dialect-file name of error-entry style e ("sibling"); "?" when out of range. */
const char *panel_errentry_name(panel_errentry e)
{
    if ((int)e < 0 || (int)e >= (int)PANEL_ERRENTRY__COUNT)
        return "?";
    return errentry_names[e];
}

/* The dialect-file name of provenance p ("documented"); "?" when out of range. */
const char *panel_prov_name(panel_prov p)
{
    if ((int)p < 0 || p >= PANEL_PROV__COUNT)
        return "?";
    return prov_names[p];
}

/* 1 when b is documented. */
int panel_basis_documented(const panel_basis *b)
{
    return b != NULL && b->prov == PANEL_PROV_DOCUMENTED;
}

/* The basis of the HTTP code or message of error case c; a static assumed basis when out of
 * range. */
const panel_basis *panel_error_case_basis(const panel_dialect *d, panel_errcase c,
                                          panel_errcase_part part)
{
    static const panel_basis none = {PANEL_PROV_ASSUMED, NULL, NULL};
    if (d == NULL || (int)c < 0 || c >= PANEL_ERRCASE__COUNT)
        return &none;
    if (part == PANEL_BASIS_HTTP)
        return &d->errors[c].http_basis;
    if (part == PANEL_BASIS_MESSAGE)
        return &d->errors[c].message_basis;
    return &none;
}

/* The basis of field i of r, falling back to the form's own. */
const panel_basis *panel_field_basis(const panel_response_spec *r, size_t i)
{
    static const panel_basis none = {PANEL_PROV_ASSUMED, NULL, NULL};
    if (r == NULL)
        return &none;
    if (r->field_basis == NULL || i >= r->n_fields)
        return &r->basis;
    return &r->field_basis[i];
}

/* Formats b as "<prov> <src>" plus ": <why>" when there is a reason. */
char *panel_basis_format(const panel_basis *b, char *out, size_t n)
{
    if (out == NULL || n == 0)
        return out;
    if (b == NULL) {
        snprintf(out, n, "assumed");
        return out;
    }
    snprintf(out, n, "%s%s%s%s%s", panel_prov_name(b->prov), b->src ? " " : "",
             b->src ? b->src : "", b->why ? ": " : "", b->why ? b->why : "");
    return out;
}

/* The name of action a ("status"); "?" when out of range. */
const char *panel_action_name(panel_action a)
{
    if ((int)a < 0 || a >= PANEL_ACTION__COUNT)
        return "?";
    return action_names[a];
}

/* The action named s, or -1. */
int panel_action_from_name(const char *s)
{
    if (s == NULL)
        return -1;
    for (int i = 0; i < PANEL_ACTION__COUNT; i++)
        if (strcmp(action_names[i], s) == 0)
            return i;
    return -1;
}

/* The canonical name of status s ("in_progress"); "unknown" when out of range. */
const char *panel_status_name(panel_status s)
{
    if ((int)s < 0 || s >= PANEL_STATUS__COUNT)
        return status_names[PANEL_STATUS_UNKNOWN];
    return status_names[s];
}

/* 1 when s is a final status of the lifecycle. */
int panel_status_is_terminal(panel_status s)
{
    if ((int)s < 0 || s >= PANEL_STATUS__COUNT)
        return 0;
    return status_terminal[s];
}

/* The dialect-file name of kind k ("intstr"); "?" when out of range. */
const char *panel_kind_name(panel_kind k)
{
    if ((int)k < 0 || k >= PANEL_KIND__COUNT)
        return "?";
    return kind_names[k];
}

/* The dialect-file name of error case c ("bad_key"); "?" when out of range. */
const char *panel_errcase_name(panel_errcase c)
{
    if ((int)c < 0 || c >= PANEL_ERRCASE__COUNT)
        return "?";
    return errcase_names[c];
}

/* 1 for the separators a loose status comparison ignores. */
static int is_sep(char c)
{
    return c == '_' || c == ' ' || c == '-';
}

/* Compares a and b ignoring case and '_', ' ', '-'. */
static int loose_eq(const char *a, const char *b)
{
    for (;;) {
        while (is_sep(*a))
            a++;
        while (is_sep(*b))
            b++;
        if (*a == '\0' || *b == '\0')
            return *a == *b;
        char ca = *a, cb = *b;
        if (ca >= 'A' && ca <= 'Z')
            ca = (char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z')
            cb = (char)(cb - 'A' + 'a');
        if (ca != cb)
            return 0;
        a++;
        b++;
    }
}

/* Exact match first, then loose; PANEL_STATUS_UNKNOWN when none. */
panel_status panel_vocab_lookup(const panel_vocab *v, const char *word, int *exact)
{
    if (exact)
        *exact = 0;
    if (v == NULL || word == NULL)
        return PANEL_STATUS_UNKNOWN;
    for (size_t i = 0; i < v->n_words; i++)
        if (strcmp(v->words[i].word, word) == 0) {
            if (exact)
                *exact = 1;
            return v->words[i].status;
        }
    for (size_t i = 0; i < v->n_words; i++)
        if (loose_eq(v->words[i].word, word))
            return v->words[i].status;
    return PANEL_STATUS_UNKNOWN;
}

/* The first word listed for s; borrowed, or NULL. */
const char *panel_vocab_word(const panel_vocab *v, panel_status s)
{
    if (v == NULL)
        return NULL;
    for (size_t i = 0; i < v->n_words; i++)
        if (v->words[i].status == s)
            return v->words[i].word;
    return NULL;
}

/* The service type named name (case-insensitive); borrowed, or NULL. */
const panel_service_type *panel_dialect_type(const panel_dialect *d, const char *name)
{
    if (d == NULL || name == NULL)
        return NULL;
    for (size_t i = 0; i < d->n_types; i++)
        if (d->types[i].name != NULL && strcasecmp(d->types[i].name, name) == 0)
            return &d->types[i];
    return NULL;
}

/* The parameter constraint named name; borrowed, or NULL. */
const panel_param_spec *panel_dialect_param(const panel_dialect *d, const char *name)
{
    if (d == NULL || name == NULL)
        return NULL;
    for (size_t i = 0; i < d->n_params; i++)
        if (strcmp(d->params[i].name, name) == 0)
            return &d->params[i];
    return NULL;
}

/* Ten to the number of places d leaves out of the 8 of panel_money. */
panel_money panel_dialect_money_unit(const panel_dialect *d)
{
    panel_money unit = 1;
    for (int i = d->money_decimals; i >= 0 && i < PANEL_MONEY_DECIMALS; i++)
        unit *= 10;
    return unit;
}

/* 1 when c is an ASCII letter or digit. */
static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* 1 when c is a lowercase hex digit. */
static int is_lhex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* 1 when key matches the dialect's key pattern as a whole. */
int panel_dialect_key_ok(const panel_dialect *d, const char *key)
{
    if (d == NULL || d->key_pattern == NULL || key == NULL)
        return 0;
    const char *p = d->key_pattern;
    for (; *p != '\0'; p++, key++) {
        if (*key == '\0')
            return 0;
        if (*p == 'X') {
            if (!is_alnum(*key))
                return 0;
        } else if (*p == 'H') {
            if (!is_lhex(*key))
                return 0;
        } else if (*p != *key) {
            return 0;
        }
    }
    return *key == '\0';
}

/* 1 when id is a valid id of kind: INT 1-18 digits >= 1 without leading zero, OID 24 hex. */
int panel_id_ok(panel_kind kind, const char *id)
{
    if (id == NULL)
        return 0;
    size_t n = strlen(id);
    if (kind == PANEL_KIND_INT || kind == PANEL_KIND_INTSTR) {
        if (n < 1 || n > 18 || id[0] == '0')
            return 0;
        for (size_t i = 0; i < n; i++)
            if (id[i] < '0' || id[i] > '9')
                return 0;
        return 1;
    }
    if (kind == PANEL_KIND_OID) {
        if (n != 24)
            return 0;
        for (size_t i = 0; i < n; i++) {
            char c = id[i];
            if (!is_lhex(c) && !(c >= 'A' && c <= 'F'))
                return 0;
        }
        return 1;
    }
    if (kind == PANEL_KIND_STRING) { /* a pattern id: its shape is panel_id_spec_ok's */
        if (n < 1 || n > 256)
            return 0;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)id[i] <= ' ' || id[i] == ',')
                return 0;
        return 1;
    }
    return 0;
}

/* The dialect directory: $PANEL_DIALECT_DIR, else the build-time path. Borrowed. */
const char *panel_dialect_default_dir(void)
{
    const char *e = getenv("PANEL_DIALECT_DIR");
    if (e != NULL && *e != '\0')
        return e;
#ifdef PANEL_DIALECT_DIR
    return PANEL_DIALECT_DIR;
#else
    return "dialects";
#endif
}

/* The dialect named name in s; borrowed, or NULL. */
const panel_dialect *panel_dialect_set_find(const panel_dialect_set *s, const char *name)
{
    if (s == NULL || name == NULL)
        return NULL;
    for (size_t i = 0; i < s->count; i++)
        if (s->items[i] && strcmp(s->items[i]->name, name) == 0)
            return s->items[i];
    return NULL;
}
