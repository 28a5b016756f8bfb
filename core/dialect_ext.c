/* core/dialect_ext.c - loads the format-2 members of a dialect (their structure was checked by
 * the member table): transport, id specs, parameter formats, result meanings, open errors and
 * actions, services without a type, idempotency, refill rules and rate-limit headers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dialect_impl.h"

#define PATTERN_MAX 256

/* Copies the optional string member key of o into *out (owned; NULL when absent). */
static panel_err opt_str(json_t *o, const char *key, char **out)
{
    const char *s = json_string_value(json_object_get(o, key));
    *out = NULL;
    if (s == NULL)
        return PANEL_E_OK;
    *out = dialect_dupstr(s);
    return *out ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* The index of s in the NULL-terminated names, or -1. */
static int index_of(const char *s, const char *const *names)
{
    for (int i = 0; s != NULL && names[i] != NULL; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

#define NAME3(name, str, meaning) str,
static const char *const idgen_names[] = {PANEL_IDGEN_MAP(NAME3) NULL};
static const char *const valgen_names[] = {PANEL_VALGEN_MAP(NAME3) NULL};
static const char *const success_names[] = {PANEL_SUCCESS_MAP(NAME3) NULL};
static const char *const keyloc_names[] = {PANEL_KEYLOC_MAP(NAME3) NULL};
#undef NAME3

/* Compiles pattern as a whole-string POSIX ERE. */
panel_err dialect_compile(dialect_ctx *c, const char *ptr, const char *pattern, regex_t **out)
{
    char anchored[PATTERN_MAX + 8];
    *out = NULL;
    if (strlen(pattern) > PATTERN_MAX)
        return dialect_fail(c, PANEL_DERR_BAD_PATTERN, ptr, "pattern longer than %d bytes",
                            PATTERN_MAX);
    snprintf(anchored, sizeof anchored, "^(%s)$", pattern);
    regex_t *re = malloc(sizeof *re);
    if (re == NULL)
        return PANEL_E_NOMEM;
    int e = regcomp(re, anchored, REG_EXTENDED | REG_NOSUB);
    if (e != 0) {
        char msg[128];
        regerror(e, re, msg, sizeof msg);
        free(re);
        return dialect_fail(c, PANEL_DERR_BAD_PATTERN, ptr, "not a POSIX extended regex: %s", msg);
    }
    *out = re;
    return PANEL_E_OK;
}

/* Reads one id spec: "int" / "objectid" or {kind, min, max, pattern, json, generator}. */
static panel_err load_id(dialect_ctx *c, const char *ptr, json_t *v, panel_id_spec *s)
{
    char p[PTR_MAX];
    panel_err rc = PANEL_E_OK;
    const char *kind =
        json_is_string(v) ? json_string_value(v) : json_string_value(json_object_get(v, "kind"));
    s->min = 1;
    s->max = 999999999999999999ULL;
    s->gen = PANEL_IDGEN_DIGITS;
    if (kind != NULL && strcmp(kind, "objectid") == 0) {
        s->kind = PANEL_KIND_OID;
        s->json_string = 1;
        s->gen = PANEL_IDGEN_HEX;
        s->width = 24;
    } else if (kind != NULL && strcmp(kind, "pattern") == 0) {
        s->kind = PANEL_KIND_STRING;
        s->json_string = 1;
    } else {
        s->kind = PANEL_KIND_INT;
    }
    if (!json_is_object(v))
        return PANEL_E_OK;
    json_t *x = json_object_get(v, "min");
    if (x != NULL)
        s->min = (unsigned long long)json_integer_value(x);
    if ((x = json_object_get(v, "max")) != NULL)
        s->max = (unsigned long long)json_integer_value(x);
    if (s->min > s->max) {
        dialect_ptr_join(p, sizeof p, ptr, "min");
        return dialect_fail(c, PANEL_DERR_CONFLICT, p, "min %llu > max %llu", s->min, s->max);
    }
    if ((x = json_object_get(v, "json")) != NULL)
        s->json_string = strcmp(json_string_value(x), "string") == 0;
    if ((rc = opt_str(v, "pattern", &s->pattern)) != PANEL_E_OK)
        return rc;
    if (s->kind == PANEL_KIND_STRING && s->pattern == NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "pattern");
        return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, p, "a pattern id needs \"pattern\"");
    }
    if (s->pattern != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "pattern");
        if ((rc = dialect_compile(c, p, s->pattern, &s->re)) != PANEL_E_OK)
            return rc;
    }
    json_t *g = json_object_get(v, "generator");
    if (g != NULL) {
        s->gen = (panel_idgen)index_of(json_string_value(json_object_get(g, "kind")), idgen_names);
        if ((rc = opt_str(g, "prefix", &s->prefix)) != PANEL_E_OK)
            return rc;
        if ((x = json_object_get(g, "width")) != NULL)
            s->width = (unsigned)json_integer_value(x);
    } else if (s->kind == PANEL_KIND_STRING) {
        dialect_ptr_join(p, sizeof p, ptr, "generator");
        return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, p,
                            "a pattern id needs a \"generator\" the mock issues ids with");
    }
    /* The mock's ids must be valid ids: generate two and check them. */
    for (unsigned long long n = 0; n < 2 && s->kind == PANEL_KIND_STRING; n++) {
        char id[128];
        if (panel_id_generate(s, n, id, sizeof id) != PANEL_E_OK || !panel_id_spec_ok(s, id)) {
            dialect_ptr_join(p, sizeof p, ptr, "generator");
            return dialect_fail(c, PANEL_DERR_CONFLICT, p,
                                "the generator's id \"%s\" does not match the pattern", id);
        }
    }
    return PANEL_E_OK;
}

/* Reads the id specs and cross-checks the add answer's order field against the order ids. */
static panel_err load_ids(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    json_t *ids = json_object_get(root, "ids");
    panel_err rc = load_id(c, "/ids/order", json_object_get(ids, "order"), &d->order_id);
    if (rc == PANEL_E_OK)
        rc = load_id(c, "/ids/refill", json_object_get(ids, "refill"), &d->refill_id);
    if (rc != PANEL_E_OK)
        return rc;
    const panel_response_spec *add = &d->actions[PANEL_ACTION_ADD].single;
    for (size_t i = 0; add->present && i < add->n_fields; i++) {
        panel_kind k = add->fields[i].kind;
        if (strcmp(add->fields[i].name, "order") != 0 || k == PANEL_KIND_ANY)
            continue;
        int ok = d->order_id.kind == PANEL_KIND_INT
                     ? (k == PANEL_KIND_INT || k == PANEL_KIND_INTSTR)
                     : (k == PANEL_KIND_STRING ||
                        (k == PANEL_KIND_OID && d->order_id.kind == PANEL_KIND_OID));
        if (!ok)
            return dialect_fail(c, PANEL_DERR_CONFLICT, "/actions/add/single/fields/order",
                                "the add answer's order field is %s but order ids are %s",
                                panel_kind_name(k), panel_kind_name(d->order_id.kind));
    }
    return PANEL_E_OK;
}

/* Reads "transport" (defaults from method, request_encoding and key.param). */
static panel_err load_transport(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    json_t *t = json_object_get(root, "transport"), *v;
    size_t i;
    d->methods =
        strcmp(d->method ? d->method : "POST", "GET") == 0 ? PANEL_METHOD_GET : PANEL_METHOD_POST;
    d->encodings = d->json_requests ? PANEL_ENC_JSON : PANEL_ENC_FORM;
    d->key_in = PANEL_KEYLOC_BODY;
    d->key_locations = 1u << PANEL_KEYLOC_BODY;
    if (t == NULL)
        return (d->content_type = dialect_dupstr("application/json")) ? PANEL_E_OK : PANEL_E_NOMEM;
    if ((v = json_object_get(t, "methods")) != NULL) {
        d->methods = 0;
        json_t *m;
        json_array_foreach(v, i, m) d->methods |=
            strcmp(json_string_value(m), "GET") == 0 ? PANEL_METHOD_GET : PANEL_METHOD_POST;
    }
    if ((v = json_object_get(t, "encodings")) != NULL) {
        d->encodings = 0;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            const char *s = json_string_value(e);
            d->encodings |= strcmp(s, "json") == 0        ? PANEL_ENC_JSON
                            : strcmp(s, "multipart") == 0 ? PANEL_ENC_MULTIPART
                                                          : PANEL_ENC_FORM;
        }
    }
    json_t *key = json_object_get(t, "key");
    if (key != NULL) {
        d->key_in =
            (panel_keyloc)index_of(json_string_value(json_object_get(key, "in")), keyloc_names);
        panel_err rc = opt_str(key, "name", &d->key_header);
        if (rc == PANEL_E_OK)
            rc = opt_str(key, "scheme", &d->key_scheme);
        if (rc != PANEL_E_OK)
            return rc;
        if (d->key_in == PANEL_KEYLOC_HEADER && d->key_header == NULL)
            return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, "/transport/key/name",
                                "a header key needs the header \"name\"");
        d->key_locations = 1u << d->key_in;
        json_t *also = json_object_get(key, "also"), *alt;
        json_array_foreach(also, i, alt)
        {
            int loc = index_of(json_string_value(json_object_get(alt, "in")), keyloc_names);
            char p[PTR_MAX];
            d->key_locations |= 1u << loc;
            if (loc != PANEL_KEYLOC_HEADER)
                continue;
            snprintf(p, sizeof p, "/transport/key/also/%zu/name", i);
            if (d->key_in == PANEL_KEYLOC_HEADER || d->key_alt_header != NULL)
                return dialect_fail(c, PANEL_DERR_DUPLICATE, p, "a second header for the key");
            rc = opt_str(alt, "name", &d->key_alt_header);
            if (rc == PANEL_E_OK)
                rc = opt_str(alt, "scheme", &d->key_alt_scheme);
            if (rc != PANEL_E_OK)
                return rc;
            if (d->key_alt_header == NULL)
                return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, p,
                                    "a header key needs the header \"name\"");
        }
    }
    const char *ct = json_string_value(json_object_get(t, "response_content_type"));
    d->content_type = dialect_dupstr(ct ? ct : "application/json");
    return d->content_type ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* Reads the format-2 members of one parameter. */
static panel_err load_param_ext(dialect_ctx *c, const char *ptr, json_t *o, panel_param_spec *ps)
{
    char p[PTR_MAX];
    json_t *v;
    panel_err rc = opt_str(o, "pattern", &ps->pattern);
    ps->min_length = ps->max_length = -1;
    if (rc == PANEL_E_OK && ps->pattern != NULL) {
        dialect_ptr_join(p, sizeof p, ptr, "pattern");
        rc = dialect_compile(c, p, ps->pattern, &ps->re);
    }
    if (rc != PANEL_E_OK)
        return rc;
    if ((v = json_object_get(o, "min_length")) != NULL)
        ps->min_length = json_integer_value(v);
    if ((v = json_object_get(o, "max_length")) != NULL)
        ps->max_length = json_integer_value(v);
    if (ps->min_length >= 0 && ps->max_length >= 0 && ps->min_length > ps->max_length) {
        dialect_ptr_join(p, sizeof p, ptr, "min_length");
        return dialect_fail(c, PANEL_DERR_CONFLICT, p, "min_length > max_length");
    }
    json_t *lo = json_object_get(o, "min"), *hi = json_object_get(o, "max");
    if (lo != NULL || hi != NULL) {
        ps->has_range = 1;
        ps->min = lo ? json_integer_value(lo) : -9223372036854775807LL;
        ps->max = hi ? json_integer_value(hi) : 9223372036854775807LL;
        if (ps->min > ps->max) {
            dialect_ptr_join(p, sizeof p, ptr, "min");
            return dialect_fail(c, PANEL_DERR_CONFLICT, p, "min > max");
        }
    }
    if ((rc = opt_str(o, "list", &ps->list_sep)) != PANEL_E_OK)
        return rc;
    json_t *g = json_object_get(o, "generator");
    if (g != NULL) {
        ps->gen =
            (panel_valgen)index_of(json_string_value(json_object_get(g, "kind")), valgen_names);
        if ((rc = opt_str(g, "value", &ps->gen_value)) != PANEL_E_OK)
            return rc;
        if (ps->gen == PANEL_VALGEN_CONSTANT && ps->gen_value == NULL)
            return dialect_fail(c, PANEL_DERR_MISSING_MEMBER, ptr,
                                "a constant generator needs \"value\"");
    }
    return PANEL_E_OK;
}

/* Reads the "success" rule of a response form (default: ok_value as a constant, else an id). */
static panel_err load_success(json_t *o, panel_response_spec *r)
{
    json_t *s = json_object_get(o, "success");
    if (s == NULL) {
        r->success = r->ok_value ? PANEL_SUCCESS_CONSTANT : PANEL_SUCCESS_ID;
        r->success_value = r->ok_value ? json_incref(r->ok_value) : NULL;
        return PANEL_E_OK;
    }
    r->success =
        (panel_success)index_of(json_string_value(json_object_get(s, "kind")), success_names);
    json_t *v = json_object_get(s, "value");
    r->success_value = v ? json_incref(v) : NULL;
    return opt_str(s, "member", &r->success_member);
}

/* Refuses a field kind that cannot occur in action a's answer: order statuses belong to the
 * status action, refill statuses to refill_status (webhooks and extra actions take both). */
static panel_err check_kinds(dialect_ctx *c, panel_action a, const panel_response_spec *r,
                             const char *form)
{
    char p[PTR_MAX];
    for (size_t i = 0; i < r->n_fields; i++) {
        panel_kind k = r->fields[i].kind;
        int bad = (k == PANEL_KIND_STATUS && a != PANEL_ACTION_STATUS) ||
                  (k == PANEL_KIND_REFILL_STATUS && a != PANEL_ACTION_REFILL_STATUS);
        if (!bad)
            continue;
        snprintf(p, sizeof p, "/actions/%s/%s/fields", panel_action_name(a), form);
        dialect_ptr_join(p, sizeof p, p, r->fields[i].name);
        return dialect_failx(c, PANEL_DERR_BAD_VALUE, p,
                             k == PANEL_KIND_STATUS ? "status action" : "refill_status action",
                             NULL, "field kind %s is not valid in a %s answer", panel_kind_name(k),
                             panel_action_name(a));
    }
    return PANEL_E_OK;
}

/* Reads every format-2 member of the parameters and response forms. */
static panel_err load_forms(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *params = json_object_get(root, "params"), *actions = json_object_get(root, "actions");
    panel_err rc = PANEL_E_OK;
    for (size_t i = 0; i < d->n_params && rc == PANEL_E_OK; i++) {
        dialect_ptr_join(p, sizeof p, "/params", d->params[i].name);
        rc = load_param_ext(c, p, json_object_get(params, d->params[i].name), &d->params[i]);
    }
    for (int a = 0; a < PANEL_ACTION_ERROR && rc == PANEL_E_OK; a++) {
        json_t *spec = json_object_get(actions, panel_action_name((panel_action)a));
        panel_action_spec *as = &d->actions[a];
        if (as->single.present)
            rc = check_kinds(c, (panel_action)a, &as->single, "single");
        if (rc == PANEL_E_OK && as->multi.present)
            rc = check_kinds(c, (panel_action)a, &as->multi, "multi");
        if (rc == PANEL_E_OK && as->single.present)
            rc = load_success(json_object_get(spec, "single"), &as->single);
        if (rc == PANEL_E_OK && as->multi.present)
            rc = load_success(json_object_get(spec, "multi"), &as->multi);
    }
    return rc;
}

/* Reads the "optional" flags of the cases, marks templates, and loads errors.extra. */
static panel_err load_open_errors(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX];
    json_t *errors = json_object_get(root, "errors"), *cases = json_object_get(errors, "cases");
    json_t *extra = json_object_get(errors, "extra"), *v;
    const char *k;
    for (int e = 0; e < PANEL_ERRCASE__COUNT; e++) {
        panel_error_case *ec = &d->errors[e];
        ec->optional = json_is_true(
            json_object_get(json_object_get(cases, panel_errcase_name(e)), "optional"));
        ec->is_template = ec->message && strchr(ec->message, '{') && strchr(ec->message, '}');
    }
    if (extra == NULL)
        return PANEL_E_OK;
    d->extra_errors = calloc(json_object_size(extra) + 1, sizeof *d->extra_errors);
    if (d->extra_errors == NULL)
        return PANEL_E_NOMEM;
    json_object_foreach(extra, k, v)
    {
        panel_error_case *ec = &d->extra_errors[d->n_extra_errors++];
        dialect_ptr_join(p, sizeof p, "/errors/extra", k);
        int standard = 0;
        for (int e = 0; e < PANEL_ERRCASE__COUNT; e++)
            standard = standard || strcmp(panel_errcase_name((panel_errcase)e), k) == 0;
        if (standard)
            return dialect_fail(c, PANEL_DERR_DUPLICATE, p,
                                "\"%s\" is a standard case: put it in /errors/cases", k);
        ec->http = (int)json_integer_value(json_object_get(v, "http"));
        ec->optional = json_is_true(json_object_get(v, "optional"));
        panel_err rc = opt_str(v, "message", &ec->message);
        if (rc == PANEL_E_OK)
            ec->name = dialect_dupstr(k);
        if (rc != PANEL_E_OK || ec->name == NULL)
            return PANEL_E_NOMEM;
        ec->is_template = strchr(ec->message, '{') && strchr(ec->message, '}');
        rc = dialect_basis_of(c, p, v, "http", &ec->http_basis);
        if (rc == PANEL_E_OK)
            rc = dialect_basis_of(c, p, v, "message", &ec->message_basis);
        if (rc != PANEL_E_OK)
            return rc;
    }
    return PANEL_E_OK;
}

/* Reads a string list member into *out / *n (owned). */
static panel_err take_list(json_t *arr, char ***out, size_t *n)
{
    size_t i;
    json_t *e;
    *n = 0;
    *out = calloc(json_array_size(arr) + 1, sizeof **out);
    if (*out == NULL)
        return PANEL_E_NOMEM;
    json_array_foreach(arr, i, e)
    {
        if (((*out)[i] = dialect_dupstr(json_string_value(e))) == NULL)
            return PANEL_E_NOMEM;
        (*n)++;
    }
    return PANEL_E_OK;
}

/* Reads "extra_actions": actions beyond the seven. */
static panel_err load_extra_actions(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    char p[PTR_MAX], q[PTR_MAX];
    json_t *xa = json_object_get(root, "extra_actions"), *v;
    const char *k;
    if (xa == NULL)
        return PANEL_E_OK;
    d->extra_actions = calloc(json_object_size(xa) + 1, sizeof *d->extra_actions);
    if (d->extra_actions == NULL)
        return PANEL_E_NOMEM;
    json_object_foreach(xa, k, v)
    {
        panel_extra_action *a = &d->extra_actions[d->n_extra_actions++];
        dialect_ptr_join(p, sizeof p, "/extra_actions", k);
        panel_err rc = PANEL_E_OK;
        if ((a->key = dialect_dupstr(k)) == NULL ||
            (rc = opt_str(v, "name", &a->name)) != PANEL_E_OK)
            return PANEL_E_NOMEM;
        for (int s = 0; s < PANEL_ACTION_ERROR; s++)
            if (d->actions[s].name != NULL && strcmp(d->actions[s].name, a->name) == 0) {
                dialect_ptr_join(q, sizeof q, p, "name");
                return dialect_fail(c, PANEL_DERR_DUPLICATE, q,
                                    "action= \"%s\" is already the %s action", a->name,
                                    panel_action_name((panel_action)s));
            }
        json_t *l = json_object_get(v, "params");
        if (l != NULL && (rc = take_list(l, &a->params, &a->n_params)) != PANEL_E_OK)
            return rc;
        if ((l = json_object_get(v, "optional")) != NULL &&
            (rc = take_list(l, &a->optional, &a->n_optional)) != PANEL_E_OK)
            return rc;
        dialect_ptr_join(q, sizeof q, p, "response");
        if ((rc = dialect_load_response(c, q, json_object_get(v, "response"), &a->response)) !=
            PANEL_E_OK)
            return rc;
        if ((rc = load_success(json_object_get(v, "response"), &a->response)) != PANEL_E_OK)
            return rc;
        if ((l = json_object_get(v, "answer")) != NULL)
            a->answer = json_incref(l);
        if ((rc = dialect_basis_of(c, p, v, NULL, &a->basis)) != PANEL_E_OK)
            return rc;
    }
    return PANEL_E_OK;
}

/* Reads default_type, idempotency, refill_rules and limits.rate_headers. */
static panel_err load_rules(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    json_t *v = json_object_get(root, "default_type");
    panel_err rc = PANEL_E_OK;
    if (v != NULL) {
        if ((rc = opt_str(v, "value", &d->default_type)) != PANEL_E_OK)
            return rc;
        if (panel_dialect_type(d, d->default_type) == NULL)
            return dialect_fail(c, PANEL_DERR_BAD_REFERENCE, "/default_type/value",
                                "service type \"%s\" is not declared in /service_types",
                                d->default_type);
        rc = dialect_basis_of(c, "/default_type", v, NULL, &d->default_type_basis);
    }
    if (rc == PANEL_E_OK && (v = json_object_get(root, "idempotency")) != NULL) {
        d->idempotency_required = json_is_true(json_object_get(v, "required"));
        rc = opt_str(v, "param", &d->idempotency_param);
        if (rc == PANEL_E_OK)
            rc = dialect_basis_of(c, "/idempotency", v, NULL, &d->idempotency_basis);
    }
    if (rc == PANEL_E_OK && (v = json_object_get(root, "refill_rules")) != NULL) {
        json_t *st = json_object_get(v, "statuses"), *e;
        size_t i;
        d->refill_max_per_order = (unsigned)json_integer_value(json_object_get(v, "max_per_order"));
        d->refill_one_pending = json_is_true(json_object_get(v, "one_pending"));
        json_array_foreach(st, i, e)
        {
            for (int s = 0; s < PANEL_STATUS__COUNT; s++)
                if (strcmp(panel_status_name((panel_status)s), json_string_value(e)) == 0)
                    d->refill_statuses |= 1u << s;
        }
        rc = dialect_basis_of(c, "/refill_rules", v, NULL, &d->refill_rules_basis);
    }
    v = json_object_get(json_object_get(root, "limits"), "rate_headers");
    if (rc == PANEL_E_OK && v != NULL) {
        if ((rc = opt_str(v, "retry_after", &d->retry_after_header)) != PANEL_E_OK ||
            (rc = opt_str(v, "limit", &d->ratelimit_limit_header)) != PANEL_E_OK ||
            (rc = opt_str(v, "remaining", &d->ratelimit_remaining_header)) != PANEL_E_OK ||
            (rc = opt_str(v, "reset", &d->ratelimit_reset_header)) != PANEL_E_OK)
            return rc;
        rc = dialect_basis_of(c, "/limits/rate_headers", v, NULL, &d->rate_headers_basis);
    }
    return rc;
}

/* Loads every format-2 member. */
panel_err dialect_load_ext(dialect_ctx *c, json_t *root, panel_dialect *d)
{
    panel_err rc = load_ids(c, root, d);
    if (rc == PANEL_E_OK)
        rc = load_transport(c, root, d);
    if (rc == PANEL_E_OK)
        rc = dialect_basis_of(c, "/transport", json_object_get(root, "transport"), NULL,
                              &d->transport_basis);
    if (rc == PANEL_E_OK) {
        json_t *t = json_object_get(root, "transport");
        rc = dialect_basis_of(c, "/transport", t, "key", &d->key_location_basis);
    }
    if (rc == PANEL_E_OK)
        rc = load_forms(c, root, d);
    if (rc == PANEL_E_OK)
        rc = load_open_errors(c, root, d);
    if (rc == PANEL_E_OK)
        rc = load_extra_actions(c, root, d);
    if (rc == PANEL_E_OK)
        rc = load_rules(c, root, d);
    return rc;
}

/* Frees one id spec. */
static void id_free(panel_id_spec *s)
{
    free(s->pattern);
    free(s->prefix);
    if (s->re != NULL)
        regfree(s->re);
    free(s->re);
}

/* Frees a counted string list. */
static void list_free(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

/* Frees what dialect_load_ext allocated. */
void dialect_ext_free(panel_dialect *d)
{
    id_free(&d->order_id);
    id_free(&d->refill_id);
    free(d->key_header);
    free(d->key_scheme);
    free(d->key_alt_header);
    free(d->key_alt_scheme);
    free(d->content_type);
    free(d->default_type);
    free(d->idempotency_param);
    free(d->retry_after_header);
    free(d->ratelimit_limit_header);
    free(d->ratelimit_remaining_header);
    free(d->ratelimit_reset_header);
    for (size_t i = 0; i < d->n_params; i++) {
        panel_param_spec *ps = &d->params[i];
        free(ps->pattern);
        if (ps->re != NULL)
            regfree(ps->re);
        free(ps->re);
        free(ps->list_sep);
        free(ps->gen_value);
    }
    for (size_t i = 0; i < d->n_extra_errors; i++) {
        free(d->extra_errors[i].name);
        free(d->extra_errors[i].message);
        free(d->extra_errors[i].src);
        free(d->extra_errors[i].assumed);
    }
    free(d->extra_errors);
    for (size_t i = 0; i < d->n_extra_actions; i++) {
        panel_extra_action *a = &d->extra_actions[i];
        free(a->key);
        free(a->name);
        list_free(a->params, a->n_params);
        list_free(a->optional, a->n_optional);
        dialect_response_free(&a->response);
        json_decref(a->answer);
    }
    free(d->extra_actions);
}
