/* core/dialect_members.c - the section loaders' toolkit: reading members of a validated file
 * into owned C values, citations, string lists and name lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect_impl.h"
#include "panel/dialect.h"

/* Gets member key of obj; fails when required and absent. *out may be NULL when optional. */
panel_err dialect_get(dialect_ctx *c, const char *ptr, json_t *obj, const char *key, int required,
                      json_t **out)
{
    *out = json_object_get(obj, key);
    if (*out == NULL && required) {
        char p[PTR_MAX];
        dialect_ptr_join(p, sizeof p, ptr, key);
        return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, p, "missing required member \"%s\"", key);
    }
    return PANEL_E_OK;
}

/* Copies string member key of obj into *out (owned); optional members may be absent. */
panel_err dialect_get_str(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                          int required, char **out)
{
    json_t *v;
    panel_err rc = dialect_get(c, ptr, obj, key, required, &v);
    if (rc != PANEL_E_OK || v == NULL)
        return rc;
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, key);
    return dialect_take_str(c, p, v, out);
}

/* Reads integer member key of obj into *out within [lo, hi]. */
panel_err dialect_get_int(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                          int required, long long lo, long long hi, long long *out)
{
    json_t *v;
    panel_err rc = dialect_get(c, ptr, obj, key, required, &v);
    if (rc != PANEL_E_OK || v == NULL)
        return rc;
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, key);
    if (!json_is_integer(v))
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, p, "expected an integer");
    long long x = json_integer_value(v);
    if (x < lo || x > hi)
        return dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, p, "%lld out of range %lld..%lld", x, lo,
                            hi);
    *out = x;
    return PANEL_E_OK;
}

/* Fails when obj is not an object. */
panel_err dialect_need_object(dialect_ctx *c, const char *ptr, json_t *obj)
{
    return json_is_object(obj) ? PANEL_E_OK
                               : dialect_fail(c, PANEL_DERR_WRONG_TYPE, ptr, "expected an object");
}

/* Reads the citation of a rule object: src or assumed, at least one non-empty. */
panel_err dialect_cite(dialect_ctx *c, const char *ptr, json_t *obj, char **src, char **assumed)
{
    panel_err rc = dialect_get_str(c, ptr, obj, "src", 0, src);
    if (rc == PANEL_E_OK)
        rc = dialect_get_str(c, ptr, obj, "assumed", 0, assumed);
    if (rc == PANEL_E_OK && *src == NULL && *assumed == NULL &&
        json_object_get(obj, "example") == NULL && json_object_get(obj, "observed") == NULL)
        rc = dialect_fail(c, PANEL_DERR_NO_CITATION, ptr,
                          "rule has neither \"src\" nor \"assumed\" (nor \"example\" or "
                          "\"observed\")");
    return rc;
}

/* Checks a cited rule object without keeping the citation. */
panel_err dialect_cite_only(dialect_ctx *c, const char *ptr, json_t *obj)
{
    char *s = NULL, *a = NULL;
    panel_err rc = dialect_cite(c, ptr, obj, &s, &a);
    free(s);
    free(a);
    return rc;
}

/* Checks a rule object's citation (its members were checked by the member table), kept in
 * *src and *assumed (owned) when src is non-NULL. */
panel_err dialect_rule_object(dialect_ctx *c, const char *ptr, json_t *o, char **src,
                              char **assumed)
{
    panel_err rc = dialect_need_object(c, ptr, o);
    if (rc == PANEL_E_OK)
        rc = src != NULL ? dialect_cite(c, ptr, o, src, assumed) : dialect_cite_only(c, ptr, o);
    return rc;
}

/* Gets the required top-level object member key into *o (borrowed), checking its citation
 * when cited. */
panel_err dialect_section(dialect_ctx *c, json_t *root, const char *key, int cited, json_t **o)
{
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, "", key);
    panel_err rc = dialect_get(c, "", root, key, 1, o);
    if (rc == PANEL_E_OK)
        rc = dialect_need_object(c, p, *o);
    if (rc == PANEL_E_OK && cited)
        rc = dialect_cite_only(c, p, *o);
    return rc;
}

/* Reads an optional boolean member as 0/1, or -1 when absent. */
panel_err dialect_get_tristate(dialect_ctx *c, const char *ptr, json_t *o, const char *key,
                               int *out)
{
    json_t *v = json_object_get(o, key);
    *out = -1;
    if (v == NULL)
        return PANEL_E_OK;
    if (!json_is_boolean(v)) {
        char p[PTR_MAX];
        dialect_ptr_join(p, sizeof p, ptr, key);
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, p, "expected true or false");
    }
    *out = json_is_true(v);
    return PANEL_E_OK;
}

/* Reads a top-level {"value": ..., "src"|"assumed"} scalar; *v is borrowed. */
panel_err dialect_value_rule(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                             json_t **v)
{
    char p[PTR_MAX];
    json_t *o;
    panel_err rc = dialect_get(c, ptr, obj, key, 1, &o);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, key);
    if ((rc = dialect_rule_object(c, p, o, NULL, NULL)) != PANEL_E_OK)
        return rc;
    return dialect_get(c, p, o, "value", 1, v);
}

/* Like value_rule for a string value; *out owned. */
panel_err dialect_value_str(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                            char **out)
{
    json_t *v;
    panel_err rc = dialect_value_rule(c, ptr, obj, key, &v);
    if (rc != PANEL_E_OK)
        return rc;
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, key);
    dialect_ptr_join(p, sizeof p, p, "value");
    return dialect_take_str(c, p, v, out);
}

/* Like value_rule for an integer value in [lo, hi]. */
panel_err dialect_value_int(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                            long long lo, long long hi, long long *out)
{
    json_t *v;
    panel_err rc = dialect_value_rule(c, ptr, obj, key, &v);
    if (rc != PANEL_E_OK)
        return rc;
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, key);
    return dialect_get_int(c, p, json_object_get(obj, key), "value", 1, lo, hi, out);
}

/* Reads an array of non-empty strings (at most LIST_MAX) into *out and *n (owned). */
panel_err dialect_str_list(dialect_ctx *c, const char *ptr, json_t *arr, char ***out, size_t *n)
{
    if (!json_is_array(arr))
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, ptr, "expected an array of strings");
    size_t len = json_array_size(arr);
    if (len > LIST_MAX)
        return dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, ptr, "more than %d entries", LIST_MAX);
    *out = calloc(len + 1, sizeof **out);
    if (*out == NULL)
        return PANEL_E_NOMEM;
    for (size_t i = 0; i < len; i++) {
        char p[PTR_MAX];
        dialect_ptr_index(p, sizeof p, ptr, i);
        panel_err rc = dialect_take_str(c, p, json_array_get(arr, i), &(*out)[i]);
        if (rc != PANEL_E_OK)
            return rc;
        (*n)++;
    }
    return PANEL_E_OK;
}

/* 1 when name is in list. */
int dialect_in_list(char **list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* The kind named s, or -1. */
int dialect_kind_from_name(const char *s)
{
    for (int k = 0; k < PANEL_KIND__COUNT; k++)
        if (strcmp(panel_kind_name((panel_kind)k), s) == 0)
            return k;
    return -1;
}

/* The canonical status named s, or -1. */
int dialect_status_from_name(const char *s)
{
    for (int k = 0; k < PANEL_STATUS__COUNT; k++)
        if (strcmp(panel_status_name((panel_status)k), s) == 0)
            return k;
    return -1;
}

/* 1 when the response spec has a field named name. */
int dialect_has_field(const panel_response_spec *r, const char *name)
{
    for (size_t i = 0; i < r->n_fields; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return 1;
    return 0;
}
