/* core/dialect_load.c - the section loaders: turn a dialect file whose structure the member
 * table accepted (dialect_walk.c) into panel_dialect, checking what a table cannot (references
 * between members, duplicates, cross-checks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect_impl.h"
#include "panel/dialect.h"

/* Gets member key of obj; fails when required and absent. *out may be NULL when optional. */
static panel_err member(dialect_ctx *c, const char *ptr, json_t *obj, const char *key, int required,
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
static panel_err member_str(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                            int required, char **out)
{
    json_t *v;
    panel_err rc = member(c, ptr, obj, key, required, &v);
    if (rc != PANEL_E_OK || v == NULL)
        return rc;
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, key);
    return dialect_take_str(c, p, v, out);
}

/* Reads integer member key of obj into *out within [lo, hi]. */
static panel_err member_int(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                            int required, long long lo, long long hi, long long *out)
{
    json_t *v;
    panel_err rc = member(c, ptr, obj, key, required, &v);
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
static panel_err need_object(dialect_ctx *c, const char *ptr, json_t *obj)
{
    return json_is_object(obj) ? PANEL_E_OK
                               : dialect_fail(c, PANEL_DERR_WRONG_TYPE, ptr, "expected an object");
}

/* Reads the citation of a rule object: src or assumed, at least one non-empty. */
static panel_err cite(dialect_ctx *c, const char *ptr, json_t *obj, char **src, char **assumed)
{
    panel_err rc = member_str(c, ptr, obj, "src", 0, src);
    if (rc == PANEL_E_OK)
        rc = member_str(c, ptr, obj, "assumed", 0, assumed);
    if (rc == PANEL_E_OK && *src == NULL && *assumed == NULL &&
        json_object_get(obj, "example") == NULL && json_object_get(obj, "observed") == NULL)
        rc = dialect_fail(c, PANEL_DERR_NO_CITATION, ptr,
                          "rule has neither \"src\" nor \"assumed\" (nor \"example\" or "
                          "\"observed\")");
    return rc;
}

/* Checks a cited rule object without keeping the citation. */
static panel_err cite_only(dialect_ctx *c, const char *ptr, json_t *obj)
{
    char *s = NULL, *a = NULL;
    panel_err rc = cite(c, ptr, obj, &s, &a);
    free(s);
    free(a);
    return rc;
}

/* Checks a rule object's citation (its members were checked by the member table), kept in
 * *src and *assumed (owned) when src is non-NULL. */
static panel_err rule_object(dialect_ctx *c, const char *ptr, json_t *o, char **src, char **assumed)
{
    panel_err rc = need_object(c, ptr, o);
    if (rc == PANEL_E_OK)
        rc = src != NULL ? cite(c, ptr, o, src, assumed) : cite_only(c, ptr, o);
    return rc;
}

/* Gets the required top-level object member key into *o (borrowed), checking its citation
 * when cited. */
static panel_err section(dialect_ctx *c, json_t *root, const char *key, int cited, json_t **o)
{
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, "", key);
    panel_err rc = member(c, "", root, key, 1, o);
    if (rc == PANEL_E_OK)
        rc = need_object(c, p, *o);
    if (rc == PANEL_E_OK && cited)
        rc = cite_only(c, p, *o);
    return rc;
}

/* Reads an optional boolean member as 0/1, or -1 when absent. */
static panel_err member_tristate(dialect_ctx *c, const char *ptr, json_t *o, const char *key,
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
static panel_err value_rule(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                            json_t **v)
{
    char p[PTR_MAX];
    json_t *o;
    panel_err rc = member(c, ptr, obj, key, 1, &o);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, key);
    if ((rc = rule_object(c, p, o, NULL, NULL)) != PANEL_E_OK)
        return rc;
    return member(c, p, o, "value", 1, v);
}

/* Like value_rule for a string value; *out owned. */
static panel_err value_str(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                           char **out)
{
    json_t *v;
    panel_err rc = value_rule(c, ptr, obj, key, &v);
    if (rc != PANEL_E_OK)
        return rc;
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, key);
    dialect_ptr_join(p, sizeof p, p, "value");
    return dialect_take_str(c, p, v, out);
}

/* Like value_rule for an integer value in [lo, hi]. */
static panel_err value_int(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                           long long lo, long long hi, long long *out)
{
    json_t *v;
    panel_err rc = value_rule(c, ptr, obj, key, &v);
    if (rc != PANEL_E_OK)
        return rc;
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, key);
    return member_int(c, p, json_object_get(obj, key), "value", 1, lo, hi, out);
}

/* Reads an array of non-empty strings (at most LIST_MAX) into *out and *n (owned). */
static panel_err str_list(dialect_ctx *c, const char *ptr, json_t *arr, char ***out, size_t *n)
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
static int in_list(char **list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* The kind named s, or -1. */
static int kind_from_name(const char *s)
{
    for (int k = 0; k < PANEL_KIND__COUNT; k++)
        if (strcmp(panel_kind_name((panel_kind)k), s) == 0)
            return k;
    return -1;
}

/* The canonical status named s, or -1. */
static int status_from_name(const char *s)
{
    for (int k = 0; k < PANEL_STATUS__COUNT; k++)
        if (strcmp(panel_status_name((panel_status)k), s) == 0)
            return k;
    return -1;
}

/* 1 when the response spec has a field named name. */
static int has_field(const panel_response_spec *r, const char *name)
{
    for (size_t i = 0; i < r->n_fields; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return 1;
    return 0;
}

/* Reads the "fields" object and "required" list of a response spec. */
static panel_err load_fields(dialect_ctx *c, const char *ptr, json_t *o, panel_response_spec *r)
{
    char p[PTR_MAX], q[PTR_MAX];
    json_t *f, *req;
    panel_err rc = member(c, ptr, o, "fields", 1, &f);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "fields");
    if ((rc = need_object(c, p, f)) != PANEL_E_OK)
        return rc;
    if (json_object_size(f) > LIST_MAX)
        return dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, p, "too many fields");
    r->fields = calloc(json_object_size(f) + 1, sizeof *r->fields);
    if (r->fields == NULL)
        return PANEL_E_NOMEM;
    const char *k;
    json_t *v;
    json_object_foreach(f, k, v)
    {
        dialect_ptr_join(q, sizeof q, p, k);
        json_t *kv = v;
        if (json_is_object(v)) { /* {"kind": K, "src" | "example" | "assumed": ...} */
            rc = cite_only(c, q, v);
            if (rc != PANEL_E_OK)
                return rc;
            kv = json_object_get(v, "kind");
            json_t *dec = json_object_get(v, "decimals");
            if (dec != NULL && r->field_decimals == NULL) {
                size_t nf = json_object_size(f);
                if ((r->field_decimals = malloc((nf + 1) * sizeof *r->field_decimals)) == NULL)
                    return PANEL_E_NOMEM;
                for (size_t i = 0; i <= nf; i++)
                    r->field_decimals[i] = -1;
            }
            if (dec != NULL)
                r->field_decimals[r->n_fields] = (int)json_integer_value(dec);
        }
        int kind = json_is_string(kv) ? kind_from_name(json_string_value(kv)) : -1;
        if (kind < 0)
            return dialect_fail(c, PANEL_DERR_BAD_VALUE, q,
                                "unknown field kind (expected int, intstr, money, number, string, "
                                "bool, objectid, status, refill_status or any)");
        if ((r->fields[r->n_fields].name = dialect_dupstr(k)) == NULL)
            return PANEL_E_NOMEM;
        r->fields[r->n_fields++].kind = (panel_kind)kind;
    }
    if ((rc = member(c, ptr, o, "required", 0, &req)) != PANEL_E_OK || req == NULL)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "required");
    if (!json_is_array(req))
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, p, "expected an array of field names");
    for (size_t i = 0; i < json_array_size(req); i++) {
        json_t *e = json_array_get(req, i);
        dialect_ptr_index(q, sizeof q, p, i);
        if (!json_is_string(e))
            return dialect_fail(c, PANEL_DERR_WRONG_TYPE, q, "expected a field name");
        size_t j = 0;
        while (j < r->n_fields && strcmp(r->fields[j].name, json_string_value(e)) != 0)
            j++;
        if (j == r->n_fields)
            return dialect_fail(c, PANEL_DERR_BAD_REFERENCE, q,
                                "required \"%s\" is not one of the fields", json_string_value(e));
        r->fields[j].required = 1;
    }
    return PANEL_E_OK;
}

/* Reads an optional string member naming one of r's fields. */
static panel_err field_ref(dialect_ctx *c, const char *ptr, json_t *o, const char *key,
                           panel_response_spec *r, char **out)
{
    panel_err rc = member_str(c, ptr, o, key, 0, out);
    if (rc == PANEL_E_OK && *out != NULL && !has_field(r, *out)) {
        char p[PTR_MAX];
        dialect_ptr_join(p, sizeof p, ptr, key);
        rc = dialect_fail(c, PANEL_DERR_BAD_REFERENCE, p, "\"%s\" is not one of the fields", *out);
    }
    return rc;
}

/* Reads one response spec (single, multi or webhook) at ptr. */
panel_err dialect_load_response(dialect_ctx *c, const char *ptr, json_t *o, panel_response_spec *r)
{
    static const char *const shapes[] = {"object", "keyed", "array", NULL};
    static const char *const entries[] = {"none", "object", "string", "nested", "sibling", NULL};
    char p[PTR_MAX];
    char *s = NULL;
    json_t *v;
    panel_err rc = rule_object(c, ptr, o, &r->src, &r->assumed);
    if (rc == PANEL_E_OK)
        rc = member_str(c, ptr, o, "shape", 1, &s);
    if (rc != PANEL_E_OK)
        goto out;
    r->present = 1;
    int i = 0;
    while (shapes[i] != NULL && strcmp(shapes[i], s) != 0)
        i++;
    dialect_ptr_join(p, sizeof p, ptr, "shape");
    if (shapes[i] == NULL) {
        rc = dialect_fail(c, PANEL_DERR_BAD_VALUE, p,
                          "unknown shape \"%s\" (expected object, keyed or array)", s);
        goto out;
    }
    r->shape = (panel_shape)i;
    free(s);
    s = NULL;
    if ((rc = load_fields(c, ptr, o, r)) != PANEL_E_OK)
        goto out;
    if ((rc = member(c, ptr, o, "wrapper", 0, &v)) != PANEL_E_OK)
        goto out;
    if (v != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "wrapper");
        if ((rc = need_object(c, p, v)) != PANEL_E_OK)
            goto out;
        r->wrapper = json_incref(v);
    }
    if ((rc = field_ref(c, ptr, o, "key_field", r, &r->key_field)) != PANEL_E_OK)
        goto out;
    if ((rc = field_ref(c, ptr, o, "result_field", r, &r->result_field)) != PANEL_E_OK)
        goto out;
    if ((v = json_object_get(o, "ok_value")) != NULL)
        r->ok_value = json_incref(v);
    if ((rc = member_str(c, ptr, o, "error_entry", 0, &s)) != PANEL_E_OK || s == NULL)
        goto out;
    for (i = 0; entries[i] != NULL && strcmp(entries[i], s) != 0; i++)
        ;
    if (entries[i] == NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "error_entry");
        rc = dialect_fail(c, PANEL_DERR_BAD_VALUE, p,
                          "unknown error_entry \"%s\" (expected none, object, string, nested or "
                          "sibling)",
                          s);
        goto out;
    }
    r->error_entry = (panel_errentry)i;
out:
    free(s);
    return rc;
}

/* Reads one action object. */
static panel_err load_action(dialect_ctx *c, const char *ptr, json_t *o, panel_action_spec *a)
{
    char p[PTR_MAX];
    json_t *v;
    panel_err rc = rule_object(c, ptr, o, &a->src, &a->assumed);
    if (rc != PANEL_E_OK)
        return rc;
    if ((rc = member_tristate(c, ptr, o, "documented", &a->documented)) != PANEL_E_OK)
        return rc;
    a->documented = a->documented != 0; /* absent: documented */
    if (!a->documented)
        return PANEL_E_OK;
    if ((rc = member_str(c, ptr, o, "name", 1, &a->name)) != PANEL_E_OK ||
        (rc = member_str(c, ptr, o, "multi_name", 0, &a->multi_name)) != PANEL_E_OK ||
        (rc = member_str(c, ptr, o, "single_param", 0, &a->single_param)) != PANEL_E_OK ||
        (rc = member_str(c, ptr, o, "multi_param", 0, &a->multi_param)) != PANEL_E_OK)
        return rc;
    if ((v = json_object_get(o, "single")) != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "single");
        if ((rc = dialect_load_response(c, p, v, &a->single)) != PANEL_E_OK)
            return rc;
    }
    if ((v = json_object_get(o, "multi")) != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "multi");
        if ((rc = dialect_load_response(c, p, v, &a->multi)) != PANEL_E_OK)
            return rc;
        if (a->multi_param == NULL) {
            dialect_ptr_join(p, sizeof p, ptr, "multi_param");
            return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, p,
                                "a multi form needs \"multi_param\"");
        }
    }
    if (!a->single.present && !a->multi.present)
        return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, ptr,
                            "a documented action needs \"single\" or \"multi\"");
    return PANEL_E_OK;
}

/* Reads the "actions" object. */
static panel_err load_actions(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *o, *v;
    const char *k;
    panel_err rc = section(c, root, "actions", 0, &o);
    if (rc != PANEL_E_OK)
        return rc;
    json_object_foreach(o, k, v)
    {
        int a = panel_action_from_name(k);
        dialect_ptr_join(p, sizeof p, "/actions", k);
        if (a < 0 || a == PANEL_ACTION_ERROR)
            return dialect_fail(c, PANEL_DERR_BAD_VALUE, p, "unknown action \"%s\"", k);
        if ((rc = load_action(c, p, v, &d->actions[a])) != PANEL_E_OK)
            return rc;
    }
    return PANEL_E_OK;
}

/* Reads one vocabulary (words + lifecycle) at ptr. */
static panel_err load_vocab(dialect_ctx *c, const char *ptr, json_t *o, panel_vocab *vb)
{
    char p[PTR_MAX], q[PTR_MAX], r[PTR_MAX];
    json_t *w, *lc, *v;
    const char *k;
    panel_err rc = rule_object(c, ptr, o, NULL, NULL);
    if (rc == PANEL_E_OK)
        rc = member(c, ptr, o, "words", 1, &w);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "words");
    if (!json_is_array(w) || json_array_size(w) == 0 || json_array_size(w) > LIST_MAX)
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, p,
                            "expected a non-empty array of [word, status] pairs");
    vb->words = calloc(json_array_size(w), sizeof *vb->words);
    if (vb->words == NULL)
        return PANEL_E_NOMEM;
    for (size_t i = 0; i < json_array_size(w); i++) {
        json_t *e = json_array_get(w, i);
        dialect_ptr_index(q, sizeof q, p, i);
        if (!json_is_array(e) || json_array_size(e) != 2 || !json_is_string(json_array_get(e, 0)) ||
            !json_is_string(json_array_get(e, 1)))
            return dialect_fail(c, PANEL_DERR_WRONG_TYPE, q,
                                "expected a [word, status] pair of strings");
        int st = status_from_name(json_string_value(json_array_get(e, 1)));
        if (st < 0) {
            dialect_ptr_index(r, sizeof r, q, 1);
            return dialect_fail(c, PANEL_DERR_BAD_VALUE, r, "unknown canonical status \"%s\"",
                                json_string_value(json_array_get(e, 1)));
        }
        dialect_ptr_index(r, sizeof r, q, 0);
        if ((rc = dialect_take_str(c, r, json_array_get(e, 0), &vb->words[i].word)) != PANEL_E_OK)
            return rc;
        vb->words[i].status = (panel_status)st;
        vb->n_words++;
    }
    if ((rc = member(c, ptr, o, "lifecycle", 0, &lc)) != PANEL_E_OK || lc == NULL)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "lifecycle");
    if ((rc = need_object(c, p, lc)) != PANEL_E_OK)
        return rc;
    json_object_foreach(lc, k, v)
    {
        dialect_ptr_join(q, sizeof q, p, k);
        int from = status_from_name(k);
        if (from < 0)
            return dialect_fail(c, PANEL_DERR_BAD_VALUE, q, "unknown lifecycle state \"%s\"", k);
        if (!json_is_array(v))
            return dialect_fail(c, PANEL_DERR_WRONG_TYPE, q, "expected an array of states");
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *e = json_array_get(v, i);
            int to = json_is_string(e) ? status_from_name(json_string_value(e)) : -1;
            dialect_ptr_index(r, sizeof r, q, i);
            if (to < 0)
                return dialect_fail(c, PANEL_DERR_BAD_VALUE, r, "unknown lifecycle state");
            vb->next[from][to] = 1;
        }
    }
    return PANEL_E_OK;
}

/* Reads "statuses": order (required) and refill (optional) vocabularies. */
static panel_err load_statuses(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    json_t *o, *v;
    panel_err rc = section(c, root, "statuses", 0, &o);
    if (rc == PANEL_E_OK)
        rc = member(c, "/statuses", o, "order", 1, &v);
    if (rc == PANEL_E_OK)
        rc = load_vocab(c, "/statuses/order", v, &d->order_status);
    if (rc == PANEL_E_OK && (v = json_object_get(o, "refill")) != NULL)
        rc = load_vocab(c, "/statuses/refill", v, &d->refill_status);
    return rc;
}

/* Reads the quantity rule of a service type. */
static panel_err load_qty(dialect_ctx *c, const char *ptr, json_t *o, panel_service_type *t)
{
    char p[PTR_MAX];
    char *q = NULL;
    panel_err rc = member_str(c, ptr, o, "quantity", 1, &q);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "quantity");
    if (strcmp(q, "param") == 0) {
        t->qty = PANEL_QTY_PARAM;
    } else if (strcmp(q, "fixed") == 0) {
        t->qty = PANEL_QTY_FIXED;
    } else if (strcmp(q, "posts_x_max") == 0) {
        t->qty = PANEL_QTY_POSTS_X_MAX;
    } else if (strncmp(q, "lines:", 6) == 0) {
        t->qty = PANEL_QTY_LINES;
        if (!in_list(t->required, t->n_required, q + 6))
            rc = dialect_fail(c, PANEL_DERR_BAD_REFERENCE, p,
                              "\"%s\" is not a required parameter of the type", q + 6);
        else if ((t->qty_param = dialect_dupstr(q + 6)) == NULL)
            rc = PANEL_E_NOMEM;
    } else {
        rc = dialect_fail(c, PANEL_DERR_BAD_VALUE, p,
                          "unknown quantity rule \"%s\" (expected param, fixed, posts_x_max or "
                          "lines:<param>)",
                          q);
    }
    free(q);
    return rc;
}

/* Reads the "conditional" list of a service type. */
static panel_err load_cond(dialect_ctx *c, const char *ptr, json_t *arr, panel_service_type *t)
{
    char p[PTR_MAX], q[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, "conditional");
    if (!json_is_array(arr) || json_array_size(arr) > LIST_MAX)
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, p,
                            "expected an array of {param, when, equals}");
    t->cond = calloc(json_array_size(arr) + 1, sizeof *t->cond);
    if (t->cond == NULL)
        return PANEL_E_NOMEM;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *e = json_array_get(arr, i);
        panel_cond *cd = &t->cond[t->n_cond++];
        dialect_ptr_index(q, sizeof q, p, i);
        panel_err rc = need_object(c, q, e);
        if (rc == PANEL_E_OK)
            rc = member_str(c, q, e, "param", 1, &cd->param);
        if (rc == PANEL_E_OK)
            rc = member_str(c, q, e, "when", 1, &cd->when);
        if (rc == PANEL_E_OK)
            rc = member_str(c, q, e, "equals", 1, &cd->equals);
        if (rc != PANEL_E_OK)
            return rc;
        if (!in_list(t->required, t->n_required, cd->when) &&
            !in_list(t->optional, t->n_optional, cd->when)) {
            dialect_ptr_join(q, sizeof q, q, "when");
            return dialect_fail(c, PANEL_DERR_BAD_REFERENCE, q,
                                "\"%s\" is not a parameter of the type", cd->when);
        }
    }
    return PANEL_E_OK;
}

/* Reads one service type. */
static panel_err load_type(dialect_ctx *c, const char *ptr, json_t *o, panel_service_type *t)
{
    char p[PTR_MAX];
    json_t *v;
    panel_err rc = rule_object(c, ptr, o, &t->src, &t->assumed);
    if (rc == PANEL_E_OK)
        rc = member_str(c, ptr, o, "name", 1, &t->name);
    if (rc == PANEL_E_OK)
        rc = member(c, ptr, o, "required", 1, &v);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "required");
    if ((rc = str_list(c, p, v, &t->required, &t->n_required)) != PANEL_E_OK)
        return rc;
    if ((v = json_object_get(o, "optional")) != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "optional");
        if ((rc = str_list(c, p, v, &t->optional, &t->n_optional)) != PANEL_E_OK)
            return rc;
    }
    if ((v = json_object_get(o, "conditional")) != NULL &&
        (rc = load_cond(c, ptr, v, t)) != PANEL_E_OK)
        return rc;
    if ((rc = load_qty(c, ptr, o, t)) != PANEL_E_OK)
        return rc;
    if ((v = json_object_get(o, "add")) != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "add");
        if (!json_is_string(v) || (strcmp(json_string_value(v), "refused") != 0 &&
                                   strcmp(json_string_value(v), "accepted") != 0))
            return dialect_fail(c, PANEL_DERR_BAD_VALUE, p, "expected \"refused\" or \"accepted\"");
        t->add_refused = strcmp(json_string_value(v), "refused") == 0;
    }
    return PANEL_E_OK;
}

/* Reads "service_types". */
static panel_err load_types(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *a;
    panel_err rc = member(c, "", root, "service_types", 1, &a);
    if (rc != PANEL_E_OK)
        return rc;
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > LIST_MAX)
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, "/service_types",
                            "expected a non-empty array of service types");
    d->types = calloc(json_array_size(a), sizeof *d->types);
    if (d->types == NULL)
        return PANEL_E_NOMEM;
    for (size_t i = 0; i < json_array_size(a); i++) {
        dialect_ptr_index(p, sizeof p, "/service_types", i);
        rc = load_type(c, p, json_array_get(a, i), &d->types[d->n_types++]);
        if (rc != PANEL_E_OK)
            return rc;
        for (size_t j = 0; j + 1 < d->n_types; j++)
            if (strcasecmp(d->types[j].name, d->types[i].name) == 0) {
                dialect_ptr_join(p, sizeof p, p, "name");
                return dialect_fail(c, PANEL_DERR_DUPLICATE, p, "duplicate service type \"%s\"",
                                    d->types[i].name);
            }
    }
    return PANEL_E_OK;
}

/* Reads one parameter constraint. */
static panel_err load_param(dialect_ctx *c, const char *ptr, const char *name, json_t *o,
                            panel_param_spec *ps)
{
    char p[PTR_MAX];
    json_t *v;
    panel_err rc = rule_object(c, ptr, o, NULL, NULL);
    if (rc != PANEL_E_OK)
        return rc;
    if ((ps->name = dialect_dupstr(name)) == NULL)
        return PANEL_E_NOMEM;
    int integer;
    if ((rc = member_tristate(c, ptr, o, "integer", &integer)) != PANEL_E_OK)
        return rc;
    ps->integer = integer == 1;
    if ((v = json_object_get(o, "enum")) != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "enum");
        if ((rc = str_list(c, p, v, &ps->enumv, &ps->n_enum)) != PANEL_E_OK)
            return rc;
    }
    if ((rc = member_str(c, ptr, o, "date", 0, &ps->date_format)) != PANEL_E_OK)
        return rc;
    if (ps->date_format != NULL && strcmp(ps->date_format, "d/m/Y") != 0 &&
        strcmp(ps->date_format, "Y-m-d") != 0) {
        dialect_ptr_join(p, sizeof p, ptr, "date");
        return dialect_fail(c, PANEL_DERR_BAD_VALUE, p,
                            "unknown date format (expected d/m/Y or Y-m-d)");
    }
    return PANEL_E_OK;
}

/* Reads "params". */
static panel_err load_params(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *o, *v;
    const char *k;
    panel_err rc = section(c, root, "params", 0, &o);
    if (rc != PANEL_E_OK)
        return rc;
    if (json_object_size(o) > LIST_MAX)
        return dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, "/params", "too many parameters");
    d->params = calloc(json_object_size(o) + 1, sizeof *d->params);
    if (d->params == NULL)
        return PANEL_E_NOMEM;
    json_object_foreach(o, k, v)
    {
        dialect_ptr_join(p, sizeof p, "/params", k);
        if ((rc = load_param(c, p, k, v, &d->params[d->n_params++])) != PANEL_E_OK)
            return rc;
    }
    return PANEL_E_OK;
}

/* Reads "errors": field, style and all error cases. */
static panel_err load_errors(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *o, *cases, *v;
    const char *k;
    panel_err rc = section(c, root, "errors", 1, &o);
    if (rc == PANEL_E_OK)
        rc = member_str(c, "/errors", o, "field", 1, &d->error_field);
    if (rc == PANEL_E_OK)
        rc = member(c, "/errors", o, "style", 0, &v);
    if (rc == PANEL_E_OK && v != NULL &&
        (!json_is_string(v) ||
         (strcmp(json_string_value(v), "body") != 0 && strcmp(json_string_value(v), "http") != 0)))
        rc =
            dialect_fail(c, PANEL_DERR_BAD_VALUE, "/errors/style", "expected \"body\" or \"http\"");
    if (rc == PANEL_E_OK)
        rc = member(c, "/errors", o, "cases", 1, &cases);
    if (rc == PANEL_E_OK)
        rc = need_object(c, "/errors/cases", cases);
    if (rc != PANEL_E_OK)
        return rc;
    json_object_foreach(cases, k, v)
    {
        int e = 0;
        while (e < PANEL_ERRCASE__COUNT && strcmp(panel_errcase_name((panel_errcase)e), k) != 0)
            e++;
        dialect_ptr_join(p, sizeof p, "/errors/cases", k);
        if (e == PANEL_ERRCASE__COUNT)
            return dialect_fail(c, PANEL_DERR_BAD_VALUE, p, "unknown error case \"%s\"", k);
        panel_error_case *ec = &d->errors[e];
        long long http = 0;
        rc = rule_object(c, p, v, &ec->src, &ec->assumed);
        if (rc == PANEL_E_OK)
            rc = member_int(c, p, v, "http", 1, 100, 599, &http);
        if (rc == PANEL_E_OK)
            rc = member_str(c, p, v, "message", 1, &ec->message);
        if (rc != PANEL_E_OK)
            return rc;
        ec->http = (int)http;
    }
    for (int e = 0; e < PANEL_ERRCASE__COUNT; e++)
        if (d->errors[e].message == NULL) {
            dialect_ptr_join(p, sizeof p, "/errors/cases", panel_errcase_name((panel_errcase)e));
            return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, p, "missing error case \"%s\"",
                                panel_errcase_name((panel_errcase)e));
        }
    return PANEL_E_OK;
}

/* Reads a money string member into *out. */
static panel_err member_money(dialect_ctx *c, const char *ptr, json_t *o, const char *key,
                              panel_money *out)
{
    char p[PTR_MAX];
    json_t *v;
    panel_err rc = member(c, ptr, o, key, 1, &v);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, key);
    if (!json_is_string(v))
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, p, "expected a decimal string");
    if (panel_money_parse(json_string_value(v), json_string_length(v), out, NULL) != PANEL_E_OK)
        return dialect_fail(c, PANEL_DERR_BAD_FORMAT, p, "not a decimal amount: \"%s\"",
                            json_string_value(v));
    if (*out < 0)
        return dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, p, "negative amount");
    return PANEL_E_OK;
}

/* Reads one catalogue service. */
static panel_err load_item(dialect_ctx *c, const char *ptr, json_t *o, panel_dialect *d,
                           panel_catalogue_item *it)
{
    char p[PTR_MAX], buf[32];
    json_t *v;
    panel_err rc = need_object(c, ptr, o);
    if (rc == PANEL_E_OK)
        rc = member(c, ptr, o, "service", 1, &v);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "service");
    if (json_is_integer(v) && json_integer_value(v) >= 1) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        if ((it->service = dialect_dupstr(buf)) == NULL)
            return PANEL_E_NOMEM;
    } else if (json_is_string(v)) {
        if ((rc = dialect_take_str(c, p, v, &it->service)) != PANEL_E_OK)
            return rc;
    } else {
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, p, "expected a positive integer or a string");
    }
    if ((rc = member_str(c, ptr, o, "name", 1, &it->name)) != PANEL_E_OK ||
        (rc = member_str(c, ptr, o, "type", d->default_type == NULL, &it->type)) != PANEL_E_OK ||
        (rc = member_str(c, ptr, o, "category", 1, &it->category)) != PANEL_E_OK)
        return rc;
    if (it->type == NULL && (it->type = dialect_dupstr(d->default_type)) == NULL)
        return PANEL_E_NOMEM;
    if (panel_dialect_type(d, it->type) == NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "type");
        return dialect_fail(c, PANEL_DERR_BAD_REFERENCE, p,
                            "service type \"%s\" is not declared in /service_types", it->type);
    }
    if ((rc = member_money(c, ptr, o, "rate", &it->rate)) != PANEL_E_OK ||
        (rc = member_int(c, ptr, o, "min", 1, 1, 1000000000000LL, &it->min)) != PANEL_E_OK ||
        (rc = member_int(c, ptr, o, "max", 1, 1, 1000000000000LL, &it->max)) != PANEL_E_OK)
        return rc;
    if (it->min > it->max) {
        dialect_ptr_join(p, sizeof p, ptr, "min");
        return dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, p, "min %lld > max %lld", it->min, it->max);
    }
    if ((rc = member_tristate(c, ptr, o, "refill", &it->refill)) != PANEL_E_OK ||
        (rc = member_tristate(c, ptr, o, "dripfeed", &it->dripfeed)) != PANEL_E_OK ||
        (rc = member_str(c, ptr, o, "desc", 0, &it->desc)) != PANEL_E_OK)
        return rc;
    return member_tristate(c, ptr, o, "cancel", &it->cancel);
}

/* Reads "catalogue": the mock's balance and services. */
static panel_err load_catalogue(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *o, *a;
    panel_err rc = section(c, root, "catalogue", 0, &o);
    if (rc == PANEL_E_OK)
        rc = member_money(c, "/catalogue", o, "balance", &d->mock_balance);
    if (rc == PANEL_E_OK)
        rc = member(c, "/catalogue", o, "services", 1, &a);
    if (rc != PANEL_E_OK)
        return rc;
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 1000)
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, "/catalogue/services",
                            "expected a non-empty array of services");
    d->catalogue = calloc(json_array_size(a), sizeof *d->catalogue);
    if (d->catalogue == NULL)
        return PANEL_E_NOMEM;
    for (size_t i = 0; i < json_array_size(a); i++) {
        dialect_ptr_index(p, sizeof p, "/catalogue/services", i);
        rc = load_item(c, p, json_array_get(a, i), d, &d->catalogue[d->n_catalogue++]);
        if (rc != PANEL_E_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(d->catalogue[j].service, d->catalogue[i].service) == 0) {
                dialect_ptr_join(p, sizeof p, p, "service");
                return dialect_fail(c, PANEL_DERR_DUPLICATE, p, "duplicate service id %s",
                                    d->catalogue[i].service);
            }
    }
    return PANEL_E_OK;
}

/* Reads an id kind ("int" or "objectid") member of /ids. */
static panel_err id_kind(dialect_ctx *c, json_t *ids, const char *key, panel_kind *out)
{
    char *s = NULL;
    json_t *spec = json_object_get(ids, key);
    if (json_is_object(spec)) { /* {"kind": ...}: the full spec is read by dialect_ext.c */
        const char *k = json_string_value(json_object_get(spec, "kind"));
        *out = k != NULL && strcmp(k, "objectid") == 0 ? PANEL_KIND_OID
               : k != NULL && strcmp(k, "int") == 0    ? PANEL_KIND_INT
                                                       : PANEL_KIND_STRING;
        return PANEL_E_OK;
    }
    panel_err rc = member_str(c, "/ids", ids, key, 1, &s);
    if (rc != PANEL_E_OK)
        return rc;
    if (strcmp(s, "int") == 0) {
        *out = PANEL_KIND_INT;
    } else if (strcmp(s, "objectid") == 0) {
        *out = PANEL_KIND_OID;
    } else {
        char p[PTR_MAX];
        dialect_ptr_join(p, sizeof p, "/ids", key);
        rc = dialect_fail(c, PANEL_DERR_BAD_VALUE, p,
                          "unknown id kind \"%s\" (expected int or objectid)", s);
    }
    free(s);
    return rc;
}

/* 1 when s matches ^[a-z0-9][a-z0-9-]*$. */
static int name_ok(const char *s)
{
    for (const char *p = s; *p != '\0'; p++) {
        int alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (!alnum && (p == s || *p != '-'))
            return 0;
    }
    return *s != '\0';
}

/* Reads the header: version, name, paths, encoding, money and key. */
static panel_err load_header(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    json_t *o;
    char *enc = NULL;
    long long x = 0;
    panel_err rc = PANEL_E_OK; /* the version is checked before the walk (dialect_io.c) */
    if ((rc = member_str(c, "", root, "name", 1, &d->name)) != PANEL_E_OK)
        return rc;
    if (!name_ok(d->name))
        return dialect_fail(c, PANEL_DERR_BAD_FORMAT, "/name",
                            "name must match ^[a-z0-9][a-z0-9-]*$");
    if ((rc = member_str(c, "", root, "title", 1, &d->title)) != PANEL_E_OK ||
        (rc = member_str(c, "", root, "document", 1, &d->document)) != PANEL_E_OK ||
        (rc = value_str(c, "", root, "base_path", &d->base_path)) != PANEL_E_OK)
        return rc;
    if (d->base_path[0] != '/')
        return dialect_fail(c, PANEL_DERR_BAD_FORMAT, "/base_path/value",
                            "base_path must start with '/'");
    if ((rc = value_str(c, "", root, "method", &d->method)) != PANEL_E_OK ||
        (rc = value_str(c, "", root, "request_encoding", &enc)) != PANEL_E_OK)
        goto out;
    if (strcmp(enc, "json") != 0 && strcmp(enc, "form") != 0) {
        rc = dialect_fail(c, PANEL_DERR_BAD_VALUE, "/request_encoding/value",
                          "expected \"form\" or \"json\"");
        goto out;
    }
    d->json_requests = strcmp(enc, "json") == 0;
    if ((rc = value_str(c, "", root, "currency", &d->currency)) != PANEL_E_OK ||
        (rc = value_int(c, "", root, "money_decimals", 0, 8, &x)) != PANEL_E_OK)
        goto out;
    d->money_decimals = (int)x;
    if ((rc = section(c, root, "key", 1, &o)) != PANEL_E_OK ||
        (rc = member_str(c, "/key", o, "param", 1, &d->key_param)) != PANEL_E_OK ||
        (rc = member_str(c, "/key", o, "pattern", 1, &d->key_pattern)) != PANEL_E_OK)
        goto out;
    if ((rc = section(c, root, "ids", 1, &o)) != PANEL_E_OK ||
        (rc = id_kind(c, o, "order", &d->order_id_kind)) != PANEL_E_OK ||
        (rc = id_kind(c, o, "refill", &d->refill_id_kind)) != PANEL_E_OK)
        goto out;
out:
    free(enc);
    return rc;
}

/* Reads "limits". */
static panel_err load_limits(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    json_t *o;
    long long x = 0;
    panel_err rc = section(c, root, "limits", 0, &o);
    if (rc == PANEL_E_OK)
        rc = value_int(c, "/limits", o, "max_ids", 1, 1000, &x);
    if (rc != PANEL_E_OK)
        return rc;
    d->max_ids = (size_t)x;
    if ((rc = value_int(c, "/limits", o, "requests_per_minute", 0, 1000000, &x)) != PANEL_E_OK)
        return rc;
    d->requests_per_minute = (unsigned)x;
    if ((rc = value_int(c, "/limits", o, "failed_key_attempts", 0, 1000000, &x)) != PANEL_E_OK)
        return rc;
    d->failed_key_attempts = (unsigned)x;
    x = 0;
    rc = member_int(c, "/limits/failed_key_attempts", json_object_get(o, "failed_key_attempts"),
                    "window_s", d->failed_key_attempts > 0, 0, 86400 * 7, &x);
    d->failed_key_window_s = (unsigned)x;
    return rc;
}

/* Reads the optional "webhook" response spec and the "assumptions" notes. */
static panel_err load_extras(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    json_t *v = json_object_get(root, "webhook");
    panel_err rc = PANEL_E_OK;
    if (v != NULL && (rc = dialect_load_response(c, "/webhook", v, &d->webhook)) != PANEL_E_OK)
        return rc;
    if ((v = json_object_get(root, "assumptions")) != NULL && !json_is_array(v))
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, "/assumptions", "expected an array");
    return PANEL_E_OK;
}

/* One section loader. */
typedef panel_err (*section_fn)(dialect_ctx *c, json_t *root, panel_dialect *d);

/* Loads every section of root into d, recording the first error of each section; the
 * catalogue needs the service types and the bases need everything, so they wait for them. */
panel_err dialect_load_root(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    static const section_fn sections[] = {
        load_header,  load_limits, load_statuses,    load_params,    load_types,
        load_actions, load_errors, dialect_load_ext, load_catalogue, load_extras};
    panel_err rc = PANEL_E_OK;
    int types_ok = 1;
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        if (sections[i] == load_catalogue && !types_ok)
            continue;
        panel_err r = sections[i](c, root, d);
        if (r == PANEL_E_NOMEM)
            return r;
        if (r != PANEL_E_OK) {
            rc = r;
            types_ok = types_ok && sections[i] != load_types;
        }
    }
    if (rc == PANEL_E_OK)
        rc = dialect_bases_load(c, root, d);
    return rc;
}
