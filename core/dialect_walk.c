/* core/dialect_walk.c - checks a dialect file against the member table (dialect_schema.c):
 * JSON types, required and unknown members, allowed values, ranges, formats and citations.
 * Every error is recorded, each with the allowed members or values and a did-you-mean. */
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "dialect_impl.h"
#include "panel/money.h"

#define NAMES_MAX 64

static size_t walk(dialect_ctx *c, const dialect_node *n, json_t *v, const char *ptr);

/* 1 when v has the JSON type node n takes. */
static int type_fits(const dialect_node *n, json_t *v)
{
    switch (n->type) {
    case DN_OBJECT:
    case DN_MAP:
        return json_is_object(v);
    case DN_ARRAY:
    case DN_TUPLE:
        return json_is_array(v);
    case DN_STRING:
    case DN_ENUM:
    case DN_MONEY:
        return json_is_string(v);
    case DN_INT:
        return json_is_integer(v);
    case DN_BOOL:
        return json_is_boolean(v);
    case DN_ANY:
        return 1;
    case DN_ONEOF:
        for (const dialect_node *const *a = n->alts; *a != NULL; a++)
            if (type_fits(*a, v))
                return 1;
        return 0;
    }
    return 0;
}

/* The JSON type node n takes, as words for an error message. */
static const char *type_words(const dialect_node *n)
{
    switch (n->type) {
    case DN_OBJECT:
    case DN_MAP:
        return "an object";
    case DN_ARRAY:
    case DN_TUPLE:
        return "an array";
    case DN_STRING:
    case DN_ENUM:
        return "a string";
    case DN_MONEY:
        return "a decimal string";
    case DN_INT:
        return "an integer";
    case DN_BOOL:
        return "true or false";
    case DN_ONEOF:
        return n->alts[0]->type == DN_INT ? "an integer or a string" : "a string or an object";
    case DN_ANY:
        break;
    }
    return "any value";
}

/* 1 when s is one of the NULL-terminated list. */
static int in_values(const char *s, const char *const *values)
{
    for (const char *const *k = values; *k != NULL; k++)
        if (strcmp(*k, s) == 0)
            return 1;
    return 0;
}

/* Checks a string leaf: non-empty, no NUL, length cap, pattern. */
static size_t walk_string(dialect_ctx *c, const dialect_node *n, json_t *v, const char *ptr)
{
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (len == 0 || strlen(s) != len) {
        dialect_fail(c, PANEL_DERR_EMPTY, ptr, len == 0 ? "empty string" : "string contains NUL");
        return 1;
    }
    if (n->hi > 0 && len > (size_t)n->hi) {
        dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, ptr, "longer than %lld bytes", n->hi);
        return 1;
    }
    if (n->pattern == NULL)
        return 0;
    regex_t re;
    if (regcomp(&re, n->pattern, REG_EXTENDED | REG_NOSUB) != 0) {
        dialect_fail(c, PANEL_DERR_NOMEM, ptr, "cannot compile the format %s", n->pattern);
        return 1;
    }
    int ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    if (ok)
        return 0;
    dialect_failx(c, PANEL_DERR_BAD_FORMAT, ptr, n->pattern, NULL, "\"%.64s\" must match %s%s%s%s",
                  s, n->pattern, n->meaning ? " (" : "", n->meaning ? n->meaning : "",
                  n->meaning ? ")" : "");
    return 1;
}

/* Checks a string from a value list. */
static size_t walk_enum(dialect_ctx *c, const dialect_node *n, const char *s, const char *ptr,
                        const char *what)
{
    char allowed[512];
    if (in_values(s, n->values))
        return 0;
    dialect_join(allowed, sizeof allowed, n->values);
    dialect_failx(c, PANEL_DERR_BAD_VALUE, ptr, allowed, dialect_suggest(s, n->values),
                  "unknown %s \"%.64s\"", what ? what : "value", s);
    return 1;
}

/* 1 when key is a provenance member or <prov>_<part> of a rule object. */
static int is_prov_key(const char *key)
{
    for (const char *const *p = dialect_prov_members; *p != NULL; p++) {
        size_t n = strlen(*p);
        if (strncmp(key, *p, n) == 0 && (key[n] == '\0' || (key[n] == '_' && key[n + 1] != '\0')))
            return 1;
    }
    return 0;
}

/* Checks an object against its member table. */
static size_t walk_object(dialect_ctx *c, const dialect_node *n, json_t *v, const char *ptr)
{
    const char *names[NAMES_MAX + 5];
    char p[PTR_MAX], allowed[512];
    size_t errs = 0, k = 0;
    const char *key;
    json_t *m;
    int cited = (n->flags & (DN_CITED | DN_CITE_OK)) != 0;
    for (const dialect_member *dm = n->members; dm->name != NULL && k < NAMES_MAX; dm++)
        names[k++] = dm->name;
    for (const char *const *pv = dialect_prov_members; cited && *pv != NULL; pv++)
        names[k++] = *pv;
    names[k] = NULL;
    for (const dialect_member *dm = n->members; dm->name != NULL; dm++) {
        if (dm->required && json_object_get(v, dm->name) == NULL) {
            dialect_ptr_join(p, sizeof p, ptr, dm->name);
            dialect_fail(c, PANEL_DERR_MISSING_MEMBER, p, "missing required member \"%s\"",
                         dm->name);
            errs++;
        }
    }
    json_object_foreach(v, key, m)
    {
        const dialect_member *dm = n->members;
        while (dm->name != NULL && strcmp(dm->name, key) != 0)
            dm++;
        dialect_ptr_join(p, sizeof p, ptr, key);
        if (dm->name != NULL) {
            errs += walk(c, dm->node, m, p);
            continue;
        }
        int note = strncmp(key, "assumed_", 8) == 0 || strncmp(key, "x-", 2) == 0;
        if (note || (cited && is_prov_key(key))) {
            if (strncmp(key, "x-", 2) != 0 && !json_is_string(m)) {
                dialect_fail(c, PANEL_DERR_WRONG_TYPE, p, "expected a string");
                errs++;
            } else if (strncmp(key, "x-", 2) != 0) {
                errs += walk_string(c, &(dialect_node){.type = DN_STRING, .hi = 4096}, m, p);
            }
            continue;
        }
        dialect_join(allowed, sizeof allowed, names);
        dialect_failx(c, PANEL_DERR_UNKNOWN_MEMBER, p, allowed, dialect_suggest(key, names),
                      "unknown member \"%.64s\"", key);
        errs++;
    }
    if ((n->flags & DN_CITED) != 0) {
        int any = 0;
        for (const char *const *pv = dialect_prov_members; *pv != NULL; pv++)
            any = any || json_object_get(v, *pv) != NULL;
        if (!any) {
            dialect_failx(c, PANEL_DERR_NO_CITATION, ptr, "src, example, observed, assumed", NULL,
                          "rule has neither \"src\" nor \"assumed\" (nor \"example\" or "
                          "\"observed\")");
            errs++;
        }
    }
    return errs;
}

/* Checks a map: the key constraint and each value. */
static size_t walk_map(dialect_ctx *c, const dialect_node *n, json_t *v, const char *ptr)
{
    char p[PTR_MAX];
    size_t errs = 0;
    const char *key;
    json_t *m;
    if (n->hi > 0 && json_object_size(v) > (size_t)n->hi) {
        dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, ptr, "more than %lld members", n->hi);
        return 1;
    }
    json_object_foreach(v, key, m)
    {
        dialect_ptr_join(p, sizeof p, ptr, key);
        if (n->keys != NULL && n->keys->type == DN_ENUM &&
            walk_enum(c, n->keys, key, p, n->keys->meaning ? n->keys->meaning : "name") > 0) {
            errs++;
            continue;
        }
        errs += walk(c, n->items, m, p);
    }
    return errs;
}

/* Checks v against n at ptr; returns the number of errors recorded. */
static size_t walk(dialect_ctx *c, const dialect_node *n, json_t *v, const char *ptr)
{
    char p[PTR_MAX];
    size_t errs = 0;
    if (!type_fits(n, v)) {
        dialect_fail(c, PANEL_DERR_WRONG_TYPE, ptr, "expected %s", type_words(n));
        return 1;
    }
    switch (n->type) {
    case DN_OBJECT:
        return walk_object(c, n, v, ptr);
    case DN_MAP:
        return walk_map(c, n, v, ptr);
    case DN_ARRAY: {
        size_t len = json_array_size(v);
        if ((long long)len < n->lo || (n->hi > 0 && (long long)len > n->hi)) {
            dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, ptr, "%zu entries, expected %lld..%lld", len,
                         n->lo, n->hi);
            return 1;
        }
        for (size_t i = 0; i < len; i++) {
            dialect_ptr_index(p, sizeof p, ptr, i);
            errs += walk(c, n->items, json_array_get(v, i), p);
        }
        return errs;
    }
    case DN_TUPLE: {
        size_t want = 0;
        while (n->alts[want] != NULL)
            want++;
        if (json_array_size(v) != want) {
            dialect_fail(c, PANEL_DERR_WRONG_TYPE, ptr, "expected %s (%zu entries)",
                         n->meaning ? n->meaning : "a fixed-length array", want);
            return 1;
        }
        for (size_t i = 0; i < want; i++) {
            dialect_ptr_index(p, sizeof p, ptr, i);
            errs += walk(c, n->alts[i], json_array_get(v, i), p);
        }
        return errs;
    }
    case DN_STRING:
        return walk_string(c, n, v, ptr);
    case DN_ENUM:
        return walk_enum(c, n, json_string_value(v), ptr, n->meaning);
    case DN_INT: {
        long long x = json_integer_value(v);
        if (x < n->lo || x > n->hi) {
            dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, ptr, "%lld out of range %lld..%lld", x, n->lo,
                         n->hi);
            return 1;
        }
        return 0;
    }
    case DN_MONEY: {
        panel_money m = 0;
        if (panel_money_parse(json_string_value(v), json_string_length(v), &m, NULL) !=
            PANEL_E_OK) {
            dialect_fail(c, PANEL_DERR_BAD_FORMAT, ptr, "not a decimal amount: \"%.64s\"",
                         json_string_value(v));
            return 1;
        }
        if (m < 0) {
            dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, ptr, "negative amount");
            return 1;
        }
        return 0;
    }
    case DN_ONEOF:
        for (const dialect_node *const *a = n->alts; *a != NULL; a++)
            if (type_fits(*a, v))
                return walk(c, *a, v, ptr);
        return 0;
    case DN_BOOL:
    case DN_ANY:
        return 0;
    }
    return 0;
}

/* Checks v against node n at ptr. */
size_t dialect_walk(dialect_ctx *c, const dialect_node *n, json_t *v, const char *ptr)
{
    return walk(c, n, v, ptr);
}
