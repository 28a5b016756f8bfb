/* checks_extra.c - extra.<name>: each extra action the dialect declares (transport.extra_actions:
 * order history, webhook registration, ...) answers in its declared shape: the response form's
 * fields and types, else the members of the static answer the document shows. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "runner_internal.h"

/* 1 when v is of kind k (the JSON type the dialect promises). */
static int kind_ok(panel_kind k, const json_t *v)
{
    const char *s = json_string_value(v);
    switch (k) {
    case PANEL_KIND_INT:
        return json_is_integer(v);
    case PANEL_KIND_INTSTR:
        if (!s || !*s)
            return 0;
        for (const char *p = s; *p; p++)
            if (!isdigit((unsigned char)*p))
                return 0;
        return 1;
    case PANEL_KIND_NUMBER:
        return json_is_number(v);
    case PANEL_KIND_BOOL:
        return json_is_boolean(v);
    case PANEL_KIND_OID:
        return panel_id_ok(PANEL_KIND_OID, s ? s : "") && s != NULL;
    case PANEL_KIND_MONEY:
    case PANEL_KIND_STRING:
    case PANEL_KIND_STATUS:
    case PANEL_KIND_REFILL_STATUS:
        return s != NULL;
    case PANEL_KIND_ANY:
    case PANEL_KIND__COUNT:
        break;
    }
    return 1;
}

/* A value for required parameter name of an extra action: the parameter's generator, else a
 * link for url-like names, else a word. */
static void extra_value(const panel_dialect *d, const char *name, char *out, size_t outsz)
{
    if (panel_param_generate(panel_dialect_param(d, name), runner_gen_serial(), out, outsz))
        return;
    if (strstr(name, "url") || strstr(name, "link"))
        snprintf(out, outsz, "https://example.com/panelcheck");
    else
        snprintf(out, outsz, "panelcheck");
}

/* Judges one object entry against the form's fields. */
static void judge_fields(check_obs *o, check_basis b, const panel_response_spec *r,
                         const json_t *obj, const char *at, const char *repro)
{
    for (size_t i = 0; i < r->n_fields; i++) {
        const panel_field *f = &r->fields[i];
        json_t *v = json_object_get(obj, f->name);
        char ptr[160];
        snprintf(ptr, sizeof(ptr), "%s/%s", at, f->name);
        if (!v) {
            if (f->required)
                check_obs_add(o, basis_outcome(b), b, "missing field", ptr, f->name, "absent",
                              repro, "required member '%s' is missing", f->name);
            continue;
        }
        check_basis fb = basis_of(panel_field_basis(r, i));
        if (!kind_ok(f->kind, v))
            check_obs_add(o, basis_outcome(fb), fb, "wrong type", ptr, panel_kind_name(f->kind),
                          json_is_string(v) ? "string" : "another JSON type", repro,
                          "member '%s' is not %s", f->name, panel_kind_name(f->kind));
    }
}

/* Judges the answer of extra action x. */
static void judge_extra(const panel_dialect *d, check_obs *o, const panel_extra_action *x,
                        const exchange *ex, const json_t *j)
{
    const panel_response_spec *r = &x->response;
    check_basis b = basis_of(r->present ? &r->basis : &x->basis);
    const char *err = d->error_field && json_is_object(j)
                          ? json_string_value(json_object_get(j, d->error_field))
                          : NULL;
    if (err) {
        check_obs_add(o, basis_outcome(b), b, "refused", d->error_field, "an answer", err,
                      ex->repro, "the action was refused: %s", err);
        return;
    }
    if (r->present) {
        int arr = r->shape == PANEL_SHAPE_ARRAY;
        if (arr ? !json_is_array(j) : !json_is_object(j)) {
            check_obs_add(o, basis_outcome(b), b, "shape", "", panel_shape_name(r->shape),
                          json_is_array(j) ? "array" : "not an object", ex->repro,
                          "the answer is not the documented %s", panel_shape_name(r->shape));
            return;
        }
        if (r->shape == PANEL_SHAPE_OBJECT) {
            judge_fields(o, b, r, j, "", ex->repro);
        } else {
            size_t i;
            const char *k;
            json_t *e;
            char at[96];
            if (arr)
                json_array_foreach(j, i, e)
                {
                    snprintf(at, sizeof(at), "/%zu", i);
                    judge_fields(o, b, r, e, at, ex->repro);
                }
            else
                json_object_foreach((json_t *)j, k, e)
                {
                    snprintf(at, sizeof(at), "/%.80s", k);
                    judge_fields(o, b, r, e, at, ex->repro);
                }
        }
        return;
    }
    if (x->answer && json_is_object(x->answer)) { /* no form: the document's answer's members */
        const char *k;
        json_t *v;
        json_object_foreach(x->answer, k, v)
        {
            if (!json_object_get(j, k))
                check_obs_add(o, basis_outcome(b), b, "missing field", k, k, "absent", ex->repro,
                              "member '%s' of the documented answer is missing", k);
        }
    }
}

/* extra.<name> for every extra action of the dialect (state-changing: loopback or
 * --allow-orders only). */
void checks_extra(runner *rn)
{
    const panel_dialect *d = rn->d;
    for (size_t i = 0; i < d->n_extra_actions; i++) {
        const panel_extra_action *x = &d->extra_actions[i];
        char slug[96], why[160], val[512];
        runner_slug(x->key ? x->key : x->name, slug, sizeof(slug));
        if (!policy_change_allowed(rn->o->pol, why, sizeof(why))) {
            check_skip(rn, CHECK_EXTRA_ACTION, slug, NULL, CHECK_SKIP_POLICY, "%s", why);
            continue;
        }
        check_obs o;
        check_obs_init(&o, CHECK_EXTRA_ACTION, slug, NULL, basis_of(&x->basis));
        panel_form f;
        runner_base_params(&f, x->name);
        for (size_t k = 0; k < x->n_params; k++) {
            extra_value(d, x->params[k], val, sizeof(val));
            panel_form_add(&f, x->params[k], val);
        }
        exchange ex;
        runner_send(rn, PANEL_ACTION__COUNT, rn->o->key, &f, 0, &ex);
        panel_form_free(&f);
        if (!runner_transport_failed(rn, &o, &ex)) {
            check_obs_seen(&o, ex.resp.elapsed_ms);
            json_error_t je;
            json_t *j = json_loadb(ex.resp.body.data ? ex.resp.body.data : "", ex.resp.body.len,
                                   JSON_DECODE_ANY, &je);
            check_basis b = basis_of(&x->basis);
            if (ex.resp.status != 200 || !j)
                check_obs_add(&o, basis_outcome(b), b, "answer", "", "HTTP 200 with JSON",
                              j ? "another HTTP status" : "not JSON", ex.repro, "HTTP %ld%s",
                              ex.resp.status, j ? "" : ", not JSON");
            else
                judge_extra(d, &o, x, &ex, j);
            json_decref(j);
        }
        check_obs_finish(rn, &o, "%s answers in its declared shape", x->name);
        exchange_free(&ex);
    }
}
