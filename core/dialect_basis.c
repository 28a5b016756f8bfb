/* core/dialect_basis.c - reads the provenance of every rule of a dialect file into the
 * panel_basis members of the model: a rule object's own src / example / observed / assumed,
 * and per-part overrides <prov>_<part> (e.g. "assumed_message" on an error case). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect_impl.h"

/* The citing members, in precedence order, and the provenance each one gives. */
static const struct {
    const char *key;
    panel_prov prov;
} cite_keys[] = {
    {"src", PANEL_PROV_DOCUMENTED},
    {"example", PANEL_PROV_EXAMPLE},
    {"observed", PANEL_PROV_OBSERVED},
};

/* Frees the strings of b and clears it. */
static void basis_clear(panel_basis *b)
{
    free(b->src);
    free(b->why);
    memset(b, 0, sizeof *b);
}

/* Copies from into *to (owned strings). */
static panel_err basis_copy(panel_basis *to, const panel_basis *from)
{
    to->prov = from->prov;
    to->src = from->src ? dialect_dupstr(from->src) : NULL;
    to->why = from->why ? dialect_dupstr(from->why) : NULL;
    if ((from->src && !to->src) || (from->why && !to->why))
        return PANEL_E_NOMEM;
    return PANEL_E_OK;
}

/* Writes key or key_part into out. */
static void part_key(char *out, size_t n, const char *key, const char *part)
{
    if (part == NULL)
        snprintf(out, n, "%s", key);
    else
        snprintf(out, n, "%s_%s", key, part);
}

/* Reads the basis of rule object o (part NULL) or of one of its parts into *b. A part without
 * its own members inherits rule; a rule object without any citation is refused. */
static panel_err basis_read(dialect_ctx *c, const char *ptr, json_t *o, const char *part,
                            const panel_basis *rule, panel_basis *b)
{
    char key[96], p[PTR_MAX];
    panel_err rc = PANEL_E_OK;
    int found = 0;
    if (!json_is_object(o))
        return rule ? basis_copy(b, rule)
                    : dialect_fail(c, PANEL_DERR_WRONG_TYPE, ptr, "expected an object");
    for (size_t i = 0; i < sizeof cite_keys / sizeof cite_keys[0] && !found; i++) {
        part_key(key, sizeof key, cite_keys[i].key, part);
        json_t *v = json_object_get(o, key);
        if (v == NULL)
            continue;
        dialect_ptr_join(p, sizeof p, ptr, key);
        if ((rc = dialect_take_str(c, p, v, &b->src)) != PANEL_E_OK)
            return rc;
        b->prov = cite_keys[i].prov;
        found = 1;
    }
    part_key(key, sizeof key, "assumed", part);
    json_t *v = json_object_get(o, key);
    if (v != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, key);
        if ((rc = dialect_take_str(c, p, v, &b->why)) != PANEL_E_OK)
            return rc;
        if (!found)
            b->prov = PANEL_PROV_ASSUMED;
        found = 1;
    }
    if (found)
        return PANEL_E_OK;
    if (rule != NULL)
        return basis_copy(b, rule);
    return dialect_fail(c, PANEL_DERR_NO_CITATION, ptr, "rule has neither \"src\" nor \"assumed\"");
}

/* Reads the basis of rule object o or of its part (inheriting the object's); a NULL o leaves
 * *b empty (assumed, no reason) for dialect_bases_load to default. */
panel_err dialect_basis_of(dialect_ctx *c, const char *ptr, json_t *o, const char *part,
                           panel_basis *b)
{
    panel_basis rule = {PANEL_PROV_ASSUMED, NULL, NULL};
    panel_err rc = PANEL_E_OK;
    if (o == NULL)
        return PANEL_E_OK;
    rc = basis_read(c, ptr, o, NULL, NULL, part ? &rule : b);
    if (rc == PANEL_E_OK && part != NULL)
        rc = basis_read(c, ptr, o, part, &rule, b);
    basis_clear(&rule);
    return rc;
}

/* Copies from into an empty *to (a member the file does not give inherits a related rule's). */
static panel_err basis_default(panel_basis *to, const panel_basis *from)
{
    if (to->src != NULL || to->why != NULL)
        return PANEL_E_OK;
    return basis_copy(to, from);
}

/* Reads the basis of the rule object at obj[key] (which must exist). */
static panel_err basis_member(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                              panel_basis *b)
{
    char p[PTR_MAX];
    dialect_ptr_join(p, sizeof p, ptr, key);
    return basis_read(c, p, json_object_get(obj, key), NULL, NULL, b);
}

/* Reads the bases of one response form and of its fields (a field given as an object may carry
 * its own citation; a field given as a kind name inherits the form's). */
static panel_err response_bases(dialect_ctx *c, const char *ptr, json_t *o, panel_response_spec *r)
{
    char p[PTR_MAX], q[PTR_MAX];
    panel_err rc = basis_read(c, ptr, o, NULL, NULL, &r->basis);
    json_t *fields = json_object_get(o, "fields");
    dialect_ptr_join(p, sizeof p, ptr, "fields");
    if (rc == PANEL_E_OK && r->n_fields > 0) {
        r->field_basis = calloc(r->n_fields, sizeof *r->field_basis);
        if (r->field_basis == NULL)
            return PANEL_E_NOMEM;
    }
    for (size_t i = 0; i < r->n_fields && rc == PANEL_E_OK; i++) {
        dialect_ptr_join(q, sizeof q, p, r->fields[i].name);
        json_t *f = json_object_get(fields, r->fields[i].name);
        rc = basis_read(c, q, f, NULL, json_is_object(f) ? NULL : &r->basis, &r->field_basis[i]);
    }
    return rc;
}

/* Reads the bases of the actions and their response forms. */
static panel_err action_bases(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX], q[PTR_MAX];
    json_t *actions = json_object_get(root, "actions"), *v;
    const char *k;
    panel_err rc = PANEL_E_OK;
    json_object_foreach(actions, k, v)
    {
        int a = panel_action_from_name(k);
        if (a < 0 || a >= PANEL_ACTION__COUNT)
            continue;
        panel_action_spec *s = &d->actions[a];
        dialect_ptr_join(p, sizeof p, "/actions", k);
        if ((rc = basis_read(c, p, v, NULL, NULL, &s->basis)) != PANEL_E_OK)
            return rc;
        if (s->single.present) {
            dialect_ptr_join(q, sizeof q, p, "single");
            rc = response_bases(c, q, json_object_get(v, "single"), &s->single);
        }
        if (rc == PANEL_E_OK && s->multi.present) {
            dialect_ptr_join(q, sizeof q, p, "multi");
            rc = response_bases(c, q, json_object_get(v, "multi"), &s->multi);
        }
        if (rc != PANEL_E_OK)
            return rc;
    }
    return PANEL_E_OK;
}

/* Reads the bases of the error section and of each case's HTTP code and message. */
static panel_err error_bases(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *errors = json_object_get(root, "errors");
    json_t *cases = json_object_get(errors, "cases");
    panel_err rc = basis_read(c, "/errors", errors, NULL, NULL, &d->errors_basis);
    for (int e = 0; e < PANEL_ERRCASE__COUNT && rc == PANEL_E_OK; e++) {
        const char *name = panel_errcase_name((panel_errcase)e);
        json_t *o = json_object_get(cases, name);
        panel_basis rule = {PANEL_PROV_ASSUMED, NULL, NULL};
        if (o == NULL)
            continue;
        dialect_ptr_join(p, sizeof p, "/errors/cases", name);
        rc = basis_read(c, p, o, NULL, NULL, &rule);
        if (rc == PANEL_E_OK)
            rc = basis_read(c, p, o, "http", &rule, &d->errors[e].http_basis);
        if (rc == PANEL_E_OK)
            rc = basis_read(c, p, o, "message", &rule, &d->errors[e].message_basis);
        basis_clear(&rule);
    }
    return rc;
}

/* Reads the bases of the vocabularies, service types and parameters. */
static panel_err rule_list_bases(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *st = json_object_get(root, "statuses"), *v;
    const char *k;
    panel_err rc = basis_read(c, "/statuses/order", json_object_get(st, "order"), NULL, NULL,
                              &d->order_status.basis);
    if (rc == PANEL_E_OK)
        rc = basis_read(c, "/statuses/order", json_object_get(st, "order"), "lifecycle",
                        &d->order_status.basis, &d->order_status.lifecycle_basis);
    if (rc == PANEL_E_OK && d->refill_status.n_words > 0) {
        v = json_object_get(st, "refill");
        rc = basis_read(c, "/statuses/refill", v, NULL, NULL, &d->refill_status.basis);
        if (rc == PANEL_E_OK)
            rc = basis_read(c, "/statuses/refill", v, "lifecycle", &d->refill_status.basis,
                            &d->refill_status.lifecycle_basis);
    }
    json_t *types = json_object_get(root, "service_types");
    for (size_t i = 0; i < d->n_types && rc == PANEL_E_OK; i++) {
        panel_service_type *t = &d->types[i];
        dialect_ptr_index(p, sizeof p, "/service_types", i);
        v = json_array_get(types, i);
        rc = basis_read(c, p, v, NULL, NULL, &t->basis);
        if (rc == PANEL_E_OK)
            rc = basis_read(c, p, v, "name", &t->basis, &t->name_basis);
        if (rc == PANEL_E_OK)
            rc = basis_read(c, p, v, "quantity", &t->basis, &t->qty_basis);
        if (rc == PANEL_E_OK && t->runs_param != NULL)
            rc = basis_read(c, p, v, "runs", &t->basis, &t->runs_basis);
    }
    json_t *params = json_object_get(root, "params");
    json_object_foreach(params, k, v)
    {
        if (rc != PANEL_E_OK)
            break;
        for (size_t i = 0; i < d->n_params; i++)
            if (strcmp(d->params[i].name, k) == 0 && d->params[i].basis.src == NULL &&
                d->params[i].basis.why == NULL) {
                dialect_ptr_join(p, sizeof p, "/params", k);
                rc = basis_read(c, p, v, NULL, NULL, &d->params[i].basis);
            }
    }
    return rc;
}

/* Reads the bases of the top-level scalar rules, key, ids and limits. */
static panel_err scalar_bases(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    json_t *key = json_object_get(root, "key"), *ids = json_object_get(root, "ids");
    json_t *limits = json_object_get(root, "limits");
    panel_err rc = basis_member(c, "", root, "base_path", &d->base_path_basis);
    if (rc == PANEL_E_OK)
        rc = basis_member(c, "", root, "method", &d->method_basis);
    if (rc == PANEL_E_OK)
        rc = basis_member(c, "", root, "request_encoding", &d->encoding_basis);
    if (rc == PANEL_E_OK)
        rc = basis_member(c, "", root, "currency", &d->currency_basis);
    if (rc == PANEL_E_OK)
        rc = basis_member(c, "", root, "money_decimals", &d->money_decimals_basis);
    if (rc == PANEL_E_OK)
        rc = basis_read(c, "/key", key, NULL, NULL, &d->key_basis);
    if (rc == PANEL_E_OK)
        rc = basis_read(c, "/key", key, "pattern", &d->key_basis, &d->key_format_basis);
    if (rc == PANEL_E_OK) {
        panel_basis rule = {PANEL_PROV_ASSUMED, NULL, NULL};
        rc = basis_read(c, "/ids", ids, NULL, NULL, &rule);
        if (rc == PANEL_E_OK)
            rc = basis_read(c, "/ids", ids, "order", &rule, &d->order_id_basis);
        if (rc == PANEL_E_OK)
            rc = basis_read(c, "/ids", ids, "refill", &rule, &d->refill_id_basis);
        basis_clear(&rule);
    }
    if (rc == PANEL_E_OK)
        rc = basis_member(c, "/limits", limits, "max_ids", &d->max_ids_basis);
    if (rc == PANEL_E_OK)
        rc = basis_member(c, "/limits", limits, "requests_per_minute",
                          &d->requests_per_minute_basis);
    if (rc == PANEL_E_OK)
        rc = basis_member(c, "/limits", limits, "failed_key_attempts", &d->failed_key_basis);
    return rc;
}

/* Fills every panel_basis of d from root. */
panel_err dialect_bases_load(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    panel_err rc = scalar_bases(c, root, d);
    if (rc == PANEL_E_OK)
        rc = rule_list_bases(c, root, d);
    if (rc == PANEL_E_OK)
        rc = action_bases(c, root, d);
    if (rc == PANEL_E_OK)
        rc = error_bases(c, root, d);
    if (rc == PANEL_E_OK && d->webhook.present)
        rc = response_bases(c, "/webhook", json_object_get(root, "webhook"), &d->webhook);
    json_t *xa = json_object_get(root, "extra_actions");
    for (size_t i = 0; i < d->n_extra_actions && rc == PANEL_E_OK; i++) {
        char p[PTR_MAX];
        dialect_ptr_join(p, sizeof p, "/extra_actions", d->extra_actions[i].key);
        dialect_ptr_join(p, sizeof p, p, "response");
        rc = response_bases(
            c, p, json_object_get(json_object_get(xa, d->extra_actions[i].key), "response"),
            &d->extra_actions[i].response);
    }
    /* Without a transport section, transport is what method and key say. */
    if (rc == PANEL_E_OK)
        rc = basis_default(&d->transport_basis, &d->method_basis);
    if (rc == PANEL_E_OK)
        rc = basis_default(&d->key_location_basis, &d->key_basis);
    return rc;
}

/* Frees the bases of one response form and its fields. */
static void response_bases_free(panel_response_spec *r)
{
    basis_clear(&r->basis);
    for (size_t i = 0; i < r->n_fields && r->field_basis != NULL; i++)
        basis_clear(&r->field_basis[i]);
    free(r->field_basis);
    r->field_basis = NULL;
}

/* Frees the strings of every panel_basis of d. */
void dialect_bases_free(panel_dialect *d)
{
    panel_basis *top[] = {&d->base_path_basis,
                          &d->method_basis,
                          &d->encoding_basis,
                          &d->currency_basis,
                          &d->money_decimals_basis,
                          &d->key_basis,
                          &d->key_format_basis,
                          &d->order_id_basis,
                          &d->refill_id_basis,
                          &d->max_ids_basis,
                          &d->requests_per_minute_basis,
                          &d->failed_key_basis,
                          &d->errors_basis};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        basis_clear(top[i]);
    panel_basis *ext[] = {&d->transport_basis,   &d->key_location_basis, &d->default_type_basis,
                          &d->idempotency_basis, &d->refill_rules_basis, &d->rate_headers_basis};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        basis_clear(ext[i]);
    for (size_t i = 0; i < d->n_extra_errors; i++) {
        basis_clear(&d->extra_errors[i].http_basis);
        basis_clear(&d->extra_errors[i].message_basis);
    }
    for (size_t i = 0; i < d->n_extra_actions; i++) {
        basis_clear(&d->extra_actions[i].basis);
        response_bases_free(&d->extra_actions[i].response);
    }
    for (int a = 0; a < PANEL_ACTION__COUNT; a++) {
        basis_clear(&d->actions[a].basis);
        response_bases_free(&d->actions[a].single);
        response_bases_free(&d->actions[a].multi);
    }
    response_bases_free(&d->webhook);
    basis_clear(&d->order_status.basis);
    basis_clear(&d->order_status.lifecycle_basis);
    basis_clear(&d->refill_status.basis);
    basis_clear(&d->refill_status.lifecycle_basis);
    for (size_t i = 0; i < d->n_types; i++) {
        basis_clear(&d->types[i].basis);
        basis_clear(&d->types[i].name_basis);
        basis_clear(&d->types[i].qty_basis);
        basis_clear(&d->types[i].runs_basis);
    }
    for (size_t i = 0; i < d->n_params; i++)
        basis_clear(&d->params[i].basis);
    for (int e = 0; e < PANEL_ERRCASE__COUNT; e++) {
        basis_clear(&d->errors[e].http_basis);
        basis_clear(&d->errors[e].message_basis);
    }
}
