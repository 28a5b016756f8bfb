/* core/dialect_actions.c - loads the actions, their response forms and the error cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect_impl.h"
#include "panel/dialect.h"

/* Reads the "fields" object and "required" list of a response spec. */
static panel_err load_fields(dialect_ctx *c, const char *ptr, json_t *o, panel_response_spec *r)
{
    char p[PTR_MAX], q[PTR_MAX];
    json_t *f, *req;
    panel_err rc = dialect_get(c, ptr, o, "fields", 1, &f);
    if (rc != PANEL_E_OK)
        return rc;
    dialect_ptr_join(p, sizeof p, ptr, "fields");
    if ((rc = dialect_need_object(c, p, f)) != PANEL_E_OK)
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
            rc = dialect_cite_only(c, q, v);
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
        int kind = json_is_string(kv) ? dialect_kind_from_name(json_string_value(kv)) : -1;
        if (kind < 0)
            return dialect_fail(c, PANEL_DERR_BAD_VALUE, q,
                                "unknown field kind (expected int, intstr, money, number, string, "
                                "bool, objectid, status, refill_status or any)");
        if ((r->fields[r->n_fields].name = dialect_dupstr(k)) == NULL)
            return PANEL_E_NOMEM;
        r->fields[r->n_fields++].kind = (panel_kind)kind;
    }
    if ((rc = dialect_get(c, ptr, o, "required", 0, &req)) != PANEL_E_OK || req == NULL)
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
    panel_err rc = dialect_get_str(c, ptr, o, key, 0, out);
    if (rc == PANEL_E_OK && *out != NULL && !dialect_has_field(r, *out)) {
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
    panel_err rc = dialect_rule_object(c, ptr, o, &r->src, &r->assumed);
    if (rc == PANEL_E_OK)
        rc = dialect_get_str(c, ptr, o, "shape", 1, &s);
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
    if ((rc = dialect_get(c, ptr, o, "wrapper", 0, &v)) != PANEL_E_OK)
        goto out;
    if (v != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "wrapper");
        if ((rc = dialect_need_object(c, p, v)) != PANEL_E_OK)
            goto out;
        r->wrapper = json_incref(v);
    }
    if ((rc = field_ref(c, ptr, o, "key_field", r, &r->key_field)) != PANEL_E_OK)
        goto out;
    if ((rc = field_ref(c, ptr, o, "result_field", r, &r->result_field)) != PANEL_E_OK)
        goto out;
    if ((v = json_object_get(o, "ok_value")) != NULL)
        r->ok_value = json_incref(v);
    if ((rc = dialect_get_str(c, ptr, o, "error_entry", 0, &s)) != PANEL_E_OK || s == NULL)
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
    panel_err rc = dialect_rule_object(c, ptr, o, &a->src, &a->assumed);
    if (rc != PANEL_E_OK)
        return rc;
    if ((rc = dialect_get_tristate(c, ptr, o, "documented", &a->documented)) != PANEL_E_OK)
        return rc;
    a->documented = a->documented != 0; /* absent: documented */
    if (!a->documented)
        return PANEL_E_OK;
    if ((rc = dialect_get_str(c, ptr, o, "name", 1, &a->name)) != PANEL_E_OK ||
        (rc = dialect_get_str(c, ptr, o, "multi_name", 0, &a->multi_name)) != PANEL_E_OK ||
        (rc = dialect_get_str(c, ptr, o, "single_param", 0, &a->single_param)) != PANEL_E_OK ||
        (rc = dialect_get_str(c, ptr, o, "multi_param", 0, &a->multi_param)) != PANEL_E_OK)
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
panel_err dialect_load_actions(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *o, *v;
    const char *k;
    panel_err rc = dialect_section(c, root, "actions", 0, &o);
    if (rc != PANEL_E_OK)
        return rc;
    panel_err first = PANEL_E_OK; /* every action is read: all their errors are reported */
    json_object_foreach(o, k, v)
    {
        int a = panel_action_from_name(k);
        dialect_ptr_join(p, sizeof p, "/actions", k);
        if (a < 0 || a == PANEL_ACTION_ERROR)
            rc = dialect_fail(c, PANEL_DERR_BAD_VALUE, p, "unknown action \"%s\"", k);
        else
            rc = load_action(c, p, v, &d->actions[a]);
        if (rc == PANEL_E_NOMEM)
            return rc;
        if (first == PANEL_E_OK)
            first = rc;
    }
    return first;
}

/* Reads "errors": field, style and all error cases. */
panel_err dialect_load_errors(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *o, *cases, *v;
    const char *k;
    panel_err rc = dialect_section(c, root, "errors", 1, &o);
    if (rc == PANEL_E_OK)
        rc = dialect_get_str(c, "/errors", o, "field", 1, &d->error_field);
    if (rc == PANEL_E_OK)
        rc = dialect_get(c, "/errors", o, "style", 0, &v);
    if (rc == PANEL_E_OK && v != NULL &&
        (!json_is_string(v) ||
         (strcmp(json_string_value(v), "body") != 0 && strcmp(json_string_value(v), "http") != 0)))
        rc =
            dialect_fail(c, PANEL_DERR_BAD_VALUE, "/errors/style", "expected \"body\" or \"http\"");
    if (rc == PANEL_E_OK)
        rc = dialect_get(c, "/errors", o, "cases", 1, &cases);
    if (rc == PANEL_E_OK)
        rc = dialect_need_object(c, "/errors/cases", cases);
    if (rc != PANEL_E_OK)
        return rc;
    panel_err first = PANEL_E_OK; /* every case is read: all their errors are reported */
    json_object_foreach(cases, k, v)
    {
        int e = 0;
        while (e < PANEL_ERRCASE__COUNT && strcmp(panel_errcase_name((panel_errcase)e), k) != 0)
            e++;
        dialect_ptr_join(p, sizeof p, "/errors/cases", k);
        if (e == PANEL_ERRCASE__COUNT) {
            rc = dialect_fail(c, PANEL_DERR_BAD_VALUE, p, "unknown error case \"%s\"", k);
        } else {
            panel_error_case *ec = &d->errors[e];
            long long http = 0;
            rc = dialect_rule_object(c, p, v, &ec->src, &ec->assumed);
            if (rc == PANEL_E_OK)
                rc = dialect_get_int(c, p, v, "http", 1, 100, 599, &http);
            if (rc == PANEL_E_OK)
                rc = dialect_get_str(c, p, v, "message", 1, &ec->message);
            ec->http = (int)http;
        }
        if (rc == PANEL_E_NOMEM)
            return rc;
        if (first == PANEL_E_OK)
            first = rc;
    }
    for (int e = 0; e < PANEL_ERRCASE__COUNT; e++)
        if (d->errors[e].message == NULL &&
            json_object_get(cases, panel_errcase_name((panel_errcase)e)) == NULL) {
            dialect_ptr_join(p, sizeof p, "/errors/cases", panel_errcase_name((panel_errcase)e));
            rc = dialect_fail(c, PANEL_DERR_MISSING_MEMBER, p, "missing error case \"%s\"",
                              panel_errcase_name((panel_errcase)e));
            if (first == PANEL_E_OK)
                first = rc;
        }
    return first;
}
