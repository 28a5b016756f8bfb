/* core/dialect_load.c - the section loaders: turn a dialect file whose structure the member
 * table accepted (dialect_walk.c) into panel_dialect, checking what a table cannot (references
 * between members, duplicates, cross-checks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect_impl.h"
#include "panel/dialect.h"

/* Reads one vocabulary (words + lifecycle) at ptr. */
static panel_err load_vocab(dialect_ctx *c, const char *ptr, json_t *o, panel_vocab *vb)
{
    char p[PTR_MAX], q[PTR_MAX], r[PTR_MAX];
    json_t *w, *lc, *v;
    const char *k;
    panel_err rc = dialect_rule_object(c, ptr, o, NULL, NULL);
    if (rc == PANEL_E_OK)
        rc = dialect_get(c, ptr, o, "words", 1, &w);
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
        int st = dialect_status_from_name(json_string_value(json_array_get(e, 1)));
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
    if ((rc = dialect_get(c, ptr, o, "lifecycle", 0, &lc)) != PANEL_E_OK || lc == NULL)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "lifecycle");
    if ((rc = dialect_need_object(c, p, lc)) != PANEL_E_OK)
        return rc;
    json_object_foreach(lc, k, v)
    {
        dialect_ptr_join(q, sizeof q, p, k);
        int from = dialect_status_from_name(k);
        if (from < 0)
            return dialect_fail(c, PANEL_DERR_BAD_VALUE, q, "unknown lifecycle state \"%s\"", k);
        if (!json_is_array(v))
            return dialect_fail(c, PANEL_DERR_WRONG_TYPE, q, "expected an array of states");
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *e = json_array_get(v, i);
            int to = json_is_string(e) ? dialect_status_from_name(json_string_value(e)) : -1;
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
    panel_err rc = dialect_section(c, root, "statuses", 0, &o);
    if (rc == PANEL_E_OK)
        rc = dialect_get(c, "/statuses", o, "order", 1, &v);
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
    panel_err rc = dialect_get_str(c, ptr, o, "quantity", 1, &q);
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
        if (!dialect_in_list(t->required, t->n_required, q + 6))
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
        panel_err rc = dialect_need_object(c, q, e);
        if (rc == PANEL_E_OK)
            rc = dialect_get_str(c, q, e, "param", 1, &cd->param);
        if (rc == PANEL_E_OK)
            rc = dialect_get_str(c, q, e, "when", 1, &cd->when);
        if (rc == PANEL_E_OK)
            rc = dialect_get_str(c, q, e, "equals", 1, &cd->equals);
        if (rc != PANEL_E_OK)
            return rc;
        if (!dialect_in_list(t->required, t->n_required, cd->when) &&
            !dialect_in_list(t->optional, t->n_optional, cd->when)) {
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
    panel_err rc = dialect_rule_object(c, ptr, o, &t->src, &t->assumed);
    if (rc == PANEL_E_OK)
        rc = dialect_get_str(c, ptr, o, "name", 1, &t->name);
    if (rc == PANEL_E_OK)
        rc = dialect_get(c, ptr, o, "required", 1, &v);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "required");
    if ((rc = dialect_str_list(c, p, v, &t->required, &t->n_required)) != PANEL_E_OK)
        return rc;
    if ((v = json_object_get(o, "optional")) != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "optional");
        if ((rc = dialect_str_list(c, p, v, &t->optional, &t->n_optional)) != PANEL_E_OK)
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
    if (json_object_get(o, "runs") != NULL) {
        if ((rc = dialect_get_str(c, ptr, o, "runs", 1, &t->runs_param)) != PANEL_E_OK)
            return rc;
        dialect_ptr_join(p, sizeof p, ptr, "runs");
        if (!dialect_in_list(t->required, t->n_required, t->runs_param) &&
            !dialect_in_list(t->optional, t->n_optional, t->runs_param))
            return dialect_fail(c, PANEL_DERR_BAD_REFERENCE, p,
                                "\"%s\" is not a parameter of the type", t->runs_param);
    }
    return PANEL_E_OK;
}

/* Reads "service_types". */
static panel_err load_types(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *a;
    panel_err rc = dialect_get(c, "", root, "service_types", 1, &a);
    if (rc != PANEL_E_OK)
        return rc;
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > LIST_MAX)
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, "/service_types",
                            "expected a non-empty array of service types");
    d->types = calloc(json_array_size(a), sizeof *d->types);
    if (d->types == NULL)
        return PANEL_E_NOMEM;
    panel_err first = PANEL_E_OK; /* every type is read: all their errors are reported */
    for (size_t i = 0; i < json_array_size(a); i++) {
        dialect_ptr_index(p, sizeof p, "/service_types", i);
        rc = load_type(c, p, json_array_get(a, i), &d->types[d->n_types++]);
        if (rc == PANEL_E_NOMEM)
            return rc;
        for (size_t j = 0; rc == PANEL_E_OK && j + 1 < d->n_types; j++)
            if (d->types[j].name && strcasecmp(d->types[j].name, d->types[i].name) == 0) {
                dialect_ptr_join(p, sizeof p, p, "name");
                rc = dialect_fail(c, PANEL_DERR_DUPLICATE, p, "duplicate service type \"%s\"",
                                  d->types[i].name);
            }
        if (first == PANEL_E_OK)
            first = rc;
    }
    return first;
}

/* Reads one parameter constraint. */
static panel_err load_param(dialect_ctx *c, const char *ptr, const char *name, json_t *o,
                            panel_param_spec *ps)
{
    char p[PTR_MAX];
    json_t *v;
    panel_err rc = dialect_rule_object(c, ptr, o, NULL, NULL);
    if (rc != PANEL_E_OK)
        return rc;
    if ((ps->name = dialect_dupstr(name)) == NULL)
        return PANEL_E_NOMEM;
    int integer;
    if ((rc = dialect_get_tristate(c, ptr, o, "integer", &integer)) != PANEL_E_OK)
        return rc;
    ps->integer = integer == 1;
    if ((v = json_object_get(o, "enum")) != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "enum");
        if ((rc = dialect_str_list(c, p, v, &ps->enumv, &ps->n_enum)) != PANEL_E_OK)
            return rc;
    }
    if ((rc = dialect_get_str(c, ptr, o, "date", 0, &ps->date_format)) != PANEL_E_OK)
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
    panel_err rc = dialect_section(c, root, "params", 0, &o);
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

/* Reads a money string member into *out. */
static panel_err member_money(dialect_ctx *c, const char *ptr, json_t *o, const char *key,
                              panel_money *out)
{
    char p[PTR_MAX];
    json_t *v;
    panel_err rc = dialect_get(c, ptr, o, key, 1, &v);
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
    panel_err rc = dialect_need_object(c, ptr, o);
    if (rc == PANEL_E_OK)
        rc = dialect_get(c, ptr, o, "service", 1, &v);
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
    if ((rc = dialect_get_str(c, ptr, o, "name", 1, &it->name)) != PANEL_E_OK ||
        (rc = dialect_get_str(c, ptr, o, "type", d->default_type == NULL, &it->type)) !=
            PANEL_E_OK ||
        (rc = dialect_get_str(c, ptr, o, "category", 1, &it->category)) != PANEL_E_OK)
        return rc;
    if (it->type == NULL && (it->type = dialect_dupstr(d->default_type)) == NULL)
        return PANEL_E_NOMEM;
    if (panel_dialect_type(d, it->type) == NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "type");
        return dialect_fail(c, PANEL_DERR_BAD_REFERENCE, p,
                            "service type \"%s\" is not declared in /service_types", it->type);
    }
    if ((rc = member_money(c, ptr, o, "rate", &it->rate)) != PANEL_E_OK ||
        (rc = dialect_get_int(c, ptr, o, "min", 1, 1, 1000000000000LL, &it->min)) != PANEL_E_OK ||
        (rc = dialect_get_int(c, ptr, o, "max", 1, 1, 1000000000000LL, &it->max)) != PANEL_E_OK)
        return rc;
    if (it->min > it->max) {
        dialect_ptr_join(p, sizeof p, ptr, "min");
        return dialect_fail(c, PANEL_DERR_OUT_OF_RANGE, p, "min %lld > max %lld", it->min, it->max);
    }
    if ((rc = dialect_get_tristate(c, ptr, o, "refill", &it->refill)) != PANEL_E_OK ||
        (rc = dialect_get_tristate(c, ptr, o, "dripfeed", &it->dripfeed)) != PANEL_E_OK ||
        (rc = dialect_get_str(c, ptr, o, "desc", 0, &it->desc)) != PANEL_E_OK)
        return rc;
    return dialect_get_tristate(c, ptr, o, "cancel", &it->cancel);
}

/* Reads "catalogue": the mock's balance and services. */
static panel_err load_catalogue(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *o, *a;
    panel_err rc = dialect_section(c, root, "catalogue", 0, &o);
    if (rc == PANEL_E_OK)
        rc = member_money(c, "/catalogue", o, "balance", &d->mock_balance);
    if (rc == PANEL_E_OK)
        rc = dialect_get(c, "/catalogue", o, "services", 1, &a);
    if (rc != PANEL_E_OK)
        return rc;
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 1000)
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, "/catalogue/services",
                            "expected a non-empty array of services");
    d->catalogue = calloc(json_array_size(a), sizeof *d->catalogue);
    if (d->catalogue == NULL)
        return PANEL_E_NOMEM;
    panel_err first = PANEL_E_OK; /* every service is read: all their errors are reported */
    for (size_t i = 0; i < json_array_size(a); i++) {
        dialect_ptr_index(p, sizeof p, "/catalogue/services", i);
        rc = load_item(c, p, json_array_get(a, i), d, &d->catalogue[d->n_catalogue++]);
        if (rc == PANEL_E_NOMEM)
            return rc;
        for (size_t j = 0; rc == PANEL_E_OK && j < i; j++)
            if (d->catalogue[j].service &&
                strcmp(d->catalogue[j].service, d->catalogue[i].service) == 0) {
                dialect_ptr_join(p, sizeof p, p, "service");
                rc = dialect_fail(c, PANEL_DERR_DUPLICATE, p, "duplicate service id %s",
                                  d->catalogue[i].service);
            }
        if (first == PANEL_E_OK)
            first = rc;
    }
    return first;
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
    panel_err rc = dialect_get_str(c, "/ids", ids, key, 1, &s);
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
    if ((rc = dialect_get_str(c, "", root, "name", 1, &d->name)) != PANEL_E_OK)
        return rc;
    if (!name_ok(d->name))
        return dialect_fail(c, PANEL_DERR_BAD_FORMAT, "/name",
                            "name must match ^[a-z0-9][a-z0-9-]*$");
    if ((rc = dialect_get_str(c, "", root, "title", 1, &d->title)) != PANEL_E_OK ||
        (rc = dialect_get_str(c, "", root, "document", 1, &d->document)) != PANEL_E_OK ||
        (rc = dialect_value_str(c, "", root, "base_path", &d->base_path)) != PANEL_E_OK)
        return rc;
    if (d->base_path[0] != '/')
        return dialect_fail(c, PANEL_DERR_BAD_FORMAT, "/base_path/value",
                            "base_path must start with '/'");
    if ((rc = dialect_value_str(c, "", root, "method", &d->method)) != PANEL_E_OK ||
        (rc = dialect_value_str(c, "", root, "request_encoding", &enc)) != PANEL_E_OK)
        goto out;
    if (strcmp(enc, "json") != 0 && strcmp(enc, "form") != 0) {
        rc = dialect_fail(c, PANEL_DERR_BAD_VALUE, "/request_encoding/value",
                          "expected \"form\" or \"json\"");
        goto out;
    }
    d->json_requests = strcmp(enc, "json") == 0;
    if ((rc = dialect_value_str(c, "", root, "currency", &d->currency)) != PANEL_E_OK ||
        (rc = dialect_value_int(c, "", root, "money_decimals", 0, 8, &x)) != PANEL_E_OK)
        goto out;
    d->money_decimals = (int)x;
    if ((rc = dialect_section(c, root, "key", 1, &o)) != PANEL_E_OK ||
        (rc = dialect_get_str(c, "/key", o, "param", 1, &d->key_param)) != PANEL_E_OK ||
        (rc = dialect_get_str(c, "/key", o, "pattern", 1, &d->key_pattern)) != PANEL_E_OK)
        goto out;
    if ((rc = dialect_section(c, root, "ids", 1, &o)) != PANEL_E_OK ||
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
    panel_err rc = dialect_section(c, root, "limits", 0, &o);
    if (rc == PANEL_E_OK)
        rc = dialect_value_int(c, "/limits", o, "max_ids", 1, 1000, &x);
    if (rc != PANEL_E_OK)
        return rc;
    d->max_ids = (size_t)x;
    if ((rc = dialect_value_int(c, "/limits", o, "requests_per_minute", 0, 1000000, &x)) !=
        PANEL_E_OK)
        return rc;
    d->requests_per_minute = (unsigned)x;
    if ((rc = dialect_value_int(c, "/limits", o, "failed_key_attempts", 0, 1000000, &x)) !=
        PANEL_E_OK)
        return rc;
    d->failed_key_attempts = (unsigned)x;
    x = 0;
    rc =
        dialect_get_int(c, "/limits/failed_key_attempts", json_object_get(o, "failed_key_attempts"),
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
        load_header,          load_limits,         load_statuses,    load_params,    load_types,
        dialect_load_actions, dialect_load_errors, dialect_load_ext, load_catalogue, load_extras};
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
