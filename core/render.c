/* core/render.c - normalized value -> the dialect's documented JSON (what the mock sends). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_impl.h"

/* A JSON string of the text s (NULL only on NOMEM): bytes that are not UTF-8 (an id a client
 * sent as raw bytes) become U+FFFD each, as JSON cannot carry them; json_string alone would
 * return NULL for them, which the render would take for an allocation failure. */
static json_t *text_json(const char *s)
{
    size_t n = strlen(s);
    if (panel_utf8_valid(s, n))
        return json_stringn_nocheck(s, n);
    char *t = malloc(3 * n + 1);
    if (!t)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len && i + len <= n && panel_utf8_valid(s + i, len)) {
            memcpy(t + k, s + i, len);
            k += len;
            i += len;
        } else {
            memcpy(t + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        }
    }
    json_t *j = json_stringn_nocheck(t, k);
    free(t);
    return j;
}

/* An id as JSON in the field's kind: integers for INT when the text is canonical. */
static json_t *id_json(panel_kind kind, const char *id)
{
    if (!id)
        return NULL;
    if (kind == PANEL_KIND_INT || kind == PANEL_KIND_NUMBER) {
        int64_t v;
        char back[32];
        if (json_util_parse_int(id, strlen(id), &v) == PANEL_E_OK) {
            snprintf(back, sizeof back, "%lld", (long long)v);
            if (!strcmp(back, id))
                return json_integer(v);
        }
    }
    return text_json(id);
}

/* Money as text: the dialect's places, or more (at least 2) when m has finer digits. */
static panel_err money_text(const panel_dialect *d, panel_money m, char *tmp, size_t tmpsz)
{
    int dec = d->money_decimals;
    if (dec < 0 || dec > PANEL_MONEY_DECIMALS)
        dec = PANEL_MONEY_DECIMALS;
    return (m % panel_dialect_money_unit(d) == 0) ? panel_money_format(m, dec, tmp, tmpsz)
                                                  : panel_money_format_min(m, 2, tmp, tmpsz);
}

/* Money in the field's kind: strings with the dialect's places, or more when needed. */
static json_t *money_json(const panel_dialect *d, panel_kind kind, panel_money m)
{
    char tmp[48];
    if (kind == PANEL_KIND_NUMBER || kind == PANEL_KIND_INT) {
        if (m % PANEL_MONEY_SCALE == 0)
            return json_integer(m / PANEL_MONEY_SCALE);
        if (panel_money_format_min(m, 1, tmp, sizeof tmp) != PANEL_E_OK)
            return NULL;
        return json_real(strtod(tmp, NULL));
    }
    if (money_text(d, m, tmp, sizeof tmp) != PANEL_E_OK)
        return NULL;
    return text_json(tmp);
}

/* An integer in the field's kind. */
static json_t *int_json(panel_kind kind, int64_t v)
{
    if (kind == PANEL_KIND_INTSTR || kind == PANEL_KIND_STRING || kind == PANEL_KIND_MONEY) {
        char tmp[JSON_UTIL_INT_TEXT];
        return json_stringn(tmp, json_util_int_text(v, tmp));
    }
    return json_integer(v);
}

/* A tri-state flag in the field's kind; NULL when absent (-1). */
static json_t *bool_json(panel_kind kind, int v)
{
    if (v < 0)
        return NULL;
    if (kind == PANEL_KIND_INT)
        return json_integer(v);
    if (kind == PANEL_KIND_INTSTR || kind == PANEL_KIND_STRING)
        return text_json(v ? "1" : "0");
    return json_boolean(v);
}

/* The word to send for an entry's status: its own word when it means the same status. */
static json_t *status_json(const panel_dialect *d, panel_action a, panel_kind kind,
                           const panel_entry *e)
{
    const panel_vocab *voc = (kind == PANEL_KIND_REFILL_STATUS ||
                              (kind != PANEL_KIND_STATUS && a == PANEL_ACTION_REFILL_STATUS))
                                 ? &d->refill_status
                                 : &d->order_status;
    if (e->status_word) {
        int how = 0;
        panel_status st = parse_status_resolve(voc, e->status_word, &how);
        if (st == e->status)
            return text_json(e->status_word);
    }
    const char *w = panel_vocab_word(voc, e->status);
    return text_json(w ? w : panel_status_name(e->status));
}

#define RENDER_MAX_FIELDS 64

/* NULL for a field the value does not have (*absent set): a NULL without it is NOMEM. */
#define ABSENT (*absent = 1, (json_t *)NULL)

/* The JSON for one field (whose slot is known) from the normalized value; NULL with *absent
 * set when absent, NULL alone on NOMEM. */
static json_t *field_json_slot(const panel_dialect *d, const panel_response_spec *spec,
                               const panel_field *f, parse_slot slot, const panel_result *r,
                               const panel_entry *e, const panel_service *s, int *absent)
{
    switch (slot) {
    case SLOT_SVC_ID:
        return s && s->id ? id_json(f->kind, s->id) : ABSENT;
    case SLOT_SVC_NAME:
        return s && s->name ? text_json(s->name) : ABSENT;
    case SLOT_SVC_TYPE:
        return s && s->type ? text_json(s->type) : ABSENT;
    case SLOT_SVC_CATEGORY:
        return s && s->category ? text_json(s->category) : ABSENT;
    case SLOT_SVC_DESC:
        return s && s->desc ? text_json(s->desc) : ABSENT;
    case SLOT_SVC_RATE:
        return s ? money_json(d, f->kind, s->rate) : ABSENT;
    case SLOT_SVC_MIN:
        return s ? int_json(f->kind, s->min) : ABSENT;
    case SLOT_SVC_MAX:
        return s ? int_json(f->kind, s->max) : ABSENT;
    case SLOT_SVC_REFILL:
        return s && s->refill >= 0 ? bool_json(f->kind, s->refill) : ABSENT;
    case SLOT_SVC_CANCEL:
        return s && s->cancel >= 0 ? bool_json(f->kind, s->cancel) : ABSENT;
    case SLOT_SVC_DRIPFEED:
        return s && s->dripfeed >= 0 ? bool_json(f->kind, s->dripfeed) : ABSENT;
    case SLOT_ORDER:
        return r->order ? id_json(f->kind, r->order) : ABSENT;
    case SLOT_BALANCE:
        return (r->has & PANEL_HAS_BALANCE) ? money_json(d, f->kind, r->balance) : ABSENT;
    case SLOT_CURRENCY:
        return r->currency ? text_json(r->currency) : ABSENT;
    default:
        break;
    }
    if (!e)
        return ABSENT;
    switch (slot) {
    case SLOT_E_ID:
        return e->id ? id_json(f->kind, e->id) : ABSENT;
    case SLOT_E_CHARGE:
        return (e->has & PANEL_HAS_CHARGE) ? money_json(d, f->kind, e->charge) : ABSENT;
    case SLOT_E_START:
        return (e->has & PANEL_HAS_START_COUNT) ? int_json(f->kind, e->start_count) : ABSENT;
    case SLOT_E_REMAINS:
        return (e->has & PANEL_HAS_REMAINS) ? int_json(f->kind, e->remains) : ABSENT;
    case SLOT_E_STATUS:
        return (e->has & PANEL_HAS_STATUS) ? status_json(d, r->action, f->kind, e) : ABSENT;
    case SLOT_E_CURRENCY:
        return e->currency ? text_json(e->currency) : ABSENT;
    case SLOT_E_ERROR:
        return e->error ? text_json(e->error) : ABSENT;
    case SLOT_E_RESULT:
        if ((spec->ok_value || r->action == PANEL_ACTION_CANCEL) && !(e->has & PANEL_HAS_OK))
            return ABSENT; /* no outcome was read: render none rather than a failure */
        if (spec->ok_value)
            return e->ok ? json_deep_copy(spec->ok_value) : json_integer(0);
        if (r->action == PANEL_ACTION_CANCEL)
            return json_integer(e->ok);
        return e->refill_id ? id_json(f->kind, e->refill_id) : ABSENT;
    default:
        return ABSENT;
    }
}

/* The JSON for one field from the normalized value; as field_json_slot. */
static json_t *field_json(const panel_dialect *d, const panel_response_spec *spec,
                          const panel_field *f, const panel_result *r, const panel_entry *e,
                          const panel_service *s, int *absent)
{
    return field_json_slot(d, spec, f, parse_slot_of(r->action, spec, f->name), r, e, s, absent);
}

/* Copies the spec's wrapper members into o; 0 on NOMEM. */
static int add_wrapper(json_t *o, const panel_response_spec *spec)
{
    if (!spec->wrapper || !json_is_object(spec->wrapper))
        return 1;
    const char *k;
    json_t *v;
    json_object_foreach(spec->wrapper, k, v)
    {
        if (json_object_set_new(o, k, json_deep_copy(v)))
            return 0;
    }
    return 1;
}

/* Adds every present field of the spec, in spec order, to o; 0 on NOMEM. */
static int add_fields(json_t *o, const panel_dialect *d, const panel_response_spec *spec,
                      const panel_result *r, const panel_entry *e, const panel_service *s)
{
    for (size_t i = 0; i < spec->n_fields; i++) {
        const panel_field *f = &spec->fields[i];
        if (json_object_get(o, f->name))
            continue;
        int absent = 0;
        json_t *v = field_json(d, spec, f, r, e, s, &absent);
        if (!v && !absent)
            return 0;
        if (v && json_object_set_new(o, f->name, v))
            return 0;
    }
    return 1;
}

/* The key field's JSON for an entry (or NULL). */
static json_t *key_json(const panel_response_spec *spec, const panel_entry *e)
{
    if (!spec->key_field || !e->id)
        return NULL;
    for (size_t i = 0; i < spec->n_fields; i++)
        if (!strcmp(spec->fields[i].name, spec->key_field))
            return id_json(spec->fields[i].kind, e->id);
    return text_json(e->id);
}

/* An error entry in the dialect's documented error-entry shape. */
static json_t *error_entry_json(const panel_dialect *d, const panel_response_spec *spec,
                                const panel_entry *e)
{
    const char *ef = d->error_field ? d->error_field : "error";
    if (spec->error_entry == PANEL_ERRENTRY_STRING)
        return text_json(e->error);
    json_t *o = json_object();
    json_t *err = json_object();
    if (!o || !err)
        goto fail;
    if (json_object_set_new(err, ef, text_json(e->error)))
        goto fail;
    if (spec->error_entry == PANEL_ERRENTRY_NESTED) {
        json_t *k = key_json(spec, e);
        if (!k && spec->key_field && e->id)
            goto fail;
        if (k && json_object_set_new(o, spec->key_field, k))
            goto fail;
        const char *rf = spec->result_field ? spec->result_field : "status";
        if (json_object_set_new(o, rf, err))
            goto fail_o;
        return o;
    }
    if (spec->error_entry == PANEL_ERRENTRY_SIBLING) {
        json_t *k = key_json(spec, e);
        if (!k && spec->key_field && e->id)
            goto fail;
        if (k && json_object_set_new(o, spec->key_field, k))
            goto fail;
        if (json_object_set_new(o, ef, text_json(e->error)))
            goto fail;
        json_decref(err);
        return o;
    }
    json_decref(o);
    return err;
fail:
    json_decref(err);
fail_o:
    json_decref(o);
    return NULL;
}

/* One entry (or service) object, or an error entry. */
static json_t *item_json(const panel_dialect *d, const panel_response_spec *spec,
                         const panel_result *r, const panel_entry *e, const panel_service *s)
{
    if (e && e->error)
        return error_entry_json(d, spec, e);
    json_t *o = json_object();
    if (!o || !add_fields(o, d, spec, r, e, s)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Renders the top-level error envelope. */
json_t *panel_render_error_new(const panel_dialect *d, const char *message)
{
    if (!d)
        return NULL;
    json_t *o = json_object();
    if (!o || json_object_set_new(o, d->error_field ? d->error_field : "error",
                                  text_json(message ? message : ""))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Renders r in d's documented shape; NULL on NOMEM or an undocumented action/form. */
json_t *panel_render_new(const panel_dialect *d, const panel_result *r)
{
    if (!d || !r || (unsigned)r->action >= PANEL_ACTION__COUNT)
        return NULL;
    if (r->error || r->action == PANEL_ACTION_ERROR)
        return panel_render_error_new(d, r->error);
    const panel_response_spec *spec = parse_spec_for(d, r->action, r->multi);
    if (!spec)
        return NULL;
    int svc = r->action == PANEL_ACTION_SERVICES;
    json_t *out = NULL;
    switch (spec->shape) {
    case PANEL_SHAPE_OBJECT: {
        const panel_entry *e = r->n_entries ? &r->entries[0] : NULL;
        if (e && e->error)
            return panel_render_error_new(d, e->error);
        out = json_object();
        if (!out || !add_wrapper(out, spec) ||
            !add_fields(out, d, spec, r, e, svc && r->n_services ? &r->services[0] : NULL))
            goto fail;
        return out;
    }
    case PANEL_SHAPE_KEYED:
        out = json_object();
        if (!out || !add_wrapper(out, spec))
            goto fail;
        for (size_t i = 0; i < r->n_entries; i++) {
            const panel_entry *e = &r->entries[i];
            char idx[32];
            snprintf(idx, sizeof idx, "%zu", i);
            json_t *v = item_json(d, spec, r, e, NULL);
            json_t *key = v ? text_json(e->id ? e->id : idx) : NULL; /* not UTF-8: U+FFFD */
            int bad = !key || json_object_set_new(out, json_string_value(key), v);
            if (!key)
                json_decref(v);
            json_decref(key);
            if (bad)
                goto fail;
        }
        return out;
    case PANEL_SHAPE_ARRAY:
        out = json_array();
        if (!out)
            goto fail;
        for (size_t i = 0; i < (svc ? r->n_services : r->n_entries); i++) {
            json_t *v = svc ? item_json(d, spec, r, NULL, &r->services[i])
                            : item_json(d, spec, r, &r->entries[i], NULL);
            if (!v || json_array_append_new(out, v))
                goto fail;
        }
        return out;
    }
fail:
    json_decref(out);
    return NULL;
}

/* Serialises JSON compactly in insertion order into out. */
panel_err panel_json_dump(const json_t *j, panel_buf *out)
{
    return json_util_dump(j, out);
}

/* Sets o[key] to v (stolen; NULL counts as a failure); sets *bad on failure. */
void panel_json_put(json_t *o, const char *key, json_t *v, int *bad)
{
    if (json_object_set_new(o, key, v) != 0)
        *bad = 1;
}

/* Appends v (stolen; NULL counts as a failure) to a; sets *bad on failure. */
void panel_json_push(json_t *a, json_t *v, int *bad)
{
    if (json_array_append_new(a, v) != 0)
        *bad = 1;
}

/* Returns o, or NULL (o released) when bad. */
json_t *panel_json_whole(json_t *o, int bad)
{
    if (!bad)
        return o;
    json_decref(o);
    return NULL;
}

/* Appends a plain-ASCII string literal (no byte jansson would escape); 0 when s needs escaping
 * or on an append failure (*rc set). */
static int put_plain_string(panel_buf *out, const char *s, size_t n, panel_err *rc)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
            return 0;
    }
    if ((*rc = panel_buf_append(out, "\"", 1)) == PANEL_E_OK &&
        (*rc = panel_buf_append(out, s, n)) == PANEL_E_OK)
        *rc = panel_buf_append(out, "\"", 1);
    return *rc == PANEL_E_OK;
}

/* Appends a scalar as jansson's compact dump writes it; PANEL_E_INVALID for what the direct
 * path does not write itself (reals, containers, strings needing escapes). v is borrowed. */
static panel_err put_scalar(panel_buf *out, const json_t *v)
{
    panel_err rc = PANEL_E_OK;
    char tmp[JSON_UTIL_INT_TEXT];
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (!put_plain_string(out, json_string_value(v), json_string_length(v), &rc))
            return rc != PANEL_E_OK ? rc : PANEL_E_INVALID;
        return PANEL_E_OK;
    case JSON_INTEGER:
        return panel_buf_append(out, tmp, json_util_int_text(json_integer_value(v), tmp));
    case JSON_TRUE:
        return panel_buf_append(out, "true", 4);
    case JSON_FALSE:
        return panel_buf_append(out, "false", 5);
    case JSON_NULL:
        return panel_buf_append(out, "null", 4);
    default:
        return PANEL_E_INVALID;
    }
}

/* Appends "key": (a plain key) after a comma when *first is 0, in one append. */
static panel_err put_key(panel_buf *out, const char *key, int *first)
{
    char tmp[128];
    size_t n = strlen(key), k = 0;
    if (n + 4 > sizeof tmp)
        return PANEL_E_INVALID;
    if (!*first)
        tmp[k++] = ',';
    tmp[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)key[i];
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
            return PANEL_E_INVALID;
        tmp[k++] = key[i];
    }
    tmp[k++] = '"';
    tmp[k++] = ':';
    *first = 0;
    return panel_buf_append(out, tmp, k);
}

/* Appends member key: v (v owned, released here) unless v is NULL (absent). */
static panel_err put_member(panel_buf *out, const char *key, json_t *v, int *first)
{
    if (!v)
        return PANEL_E_OK;
    panel_err rc = put_key(out, key, first);
    if (rc == PANEL_E_OK)
        rc = put_scalar(out, v);
    json_decref(v);
    return rc;
}

/* Appends "key":"s" (quoted) or "key":s (raw) in one append; 0 when s needs escaping or
 * the member does not fit the stack buffer (the caller then takes the jansson path). */
static int put_text_member(panel_buf *out, const char *key, const char *sv, size_t n, int quote,
                           int *first, panel_err *rc)
{
    char tmp[256];
    size_t kl = strlen(key), k = 0;
    if (kl + n + 6 > sizeof tmp)
        return 0;
    for (size_t i = 0; i < kl; i++) {
        unsigned char ch = (unsigned char)key[i];
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
            return 0;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)sv[i];
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
            return 0;
    }
    if (!*first)
        tmp[k++] = ',';
    tmp[k++] = '"';
    memcpy(tmp + k, key, kl);
    k += kl;
    tmp[k++] = '"';
    tmp[k++] = ':';
    if (quote)
        tmp[k++] = '"';
    memcpy(tmp + k, sv, n);
    k += n;
    if (quote)
        tmp[k++] = '"';
    *first = 0;
    *rc = panel_buf_append(out, tmp, k);
    return 1;
}

/* Writes the common entry fields (id, charge, start_count, remains, status, currency) straight
 * to bytes -- the same bytes field_json_slot + put_scalar give -- without a jansson value.
 * Returns 1 when handled (*rc set), 0 when the caller must take the jansson path. */
static int put_field_direct(panel_buf *out, const panel_dialect *d, const panel_field *f,
                            parse_slot slot, const panel_result *r, const panel_entry *e,
                            int *first, panel_err *rc)
{
    char tmp[48];
    int quote_int =
        f->kind == PANEL_KIND_INTSTR || f->kind == PANEL_KIND_STRING || f->kind == PANEL_KIND_MONEY;
    *rc = PANEL_E_OK;
    if (!e)
        return 0;
    switch (slot) {
    case SLOT_E_ID: {
        if (!e->id)
            return 1;
        size_t n = strlen(e->id);
        if (f->kind == PANEL_KIND_INT || f->kind == PANEL_KIND_NUMBER) {
            int64_t v;
            if (json_util_parse_int(e->id, n, &v) == PANEL_E_OK) {
                size_t k = json_util_int_text(v, tmp);
                if (k == n && !memcmp(tmp, e->id, n))
                    return put_text_member(out, f->name, tmp, k, 0, first, rc);
            }
        }
        return put_text_member(out, f->name, e->id, n, 1, first, rc);
    }
    case SLOT_E_CHARGE: {
        if (!(e->has & PANEL_HAS_CHARGE))
            return 1;
        if (f->kind == PANEL_KIND_NUMBER || f->kind == PANEL_KIND_INT)
            return 0;
        if (money_text(d, e->charge, tmp, sizeof tmp) != PANEL_E_OK)
            return 0;
        return put_text_member(out, f->name, tmp, strlen(tmp), 1, first, rc);
    }
    case SLOT_E_START:
    case SLOT_E_REMAINS: {
        int has = slot == SLOT_E_START ? PANEL_HAS_START_COUNT : PANEL_HAS_REMAINS;
        if (!(e->has & has))
            return 1;
        size_t k = json_util_int_text(slot == SLOT_E_START ? e->start_count : e->remains, tmp);
        return put_text_member(out, f->name, tmp, k, quote_int, first, rc);
    }
    case SLOT_E_STATUS: {
        if (!(e->has & PANEL_HAS_STATUS))
            return 1;
        const panel_vocab *voc =
            (f->kind == PANEL_KIND_REFILL_STATUS ||
             (f->kind != PANEL_KIND_STATUS && r->action == PANEL_ACTION_REFILL_STATUS))
                ? &d->refill_status
                : &d->order_status;
        const char *w = NULL;
        if (e->status_word) {
            int how = 0;
            if (parse_status_resolve(voc, e->status_word, &how) == e->status)
                w = e->status_word;
        }
        if (!w)
            w = panel_vocab_word(voc, e->status);
        if (!w)
            w = panel_status_name(e->status);
        return put_text_member(out, f->name, w, strlen(w), 1, first, rc);
    }
    case SLOT_E_CURRENCY:
        if (!e->currency)
            return 1;
        return put_text_member(out, f->name, e->currency, strlen(e->currency), 1, first, rc);
    default:
        return 0;
    }
}

/* Writes one item like item_json + a compact dump would. */
static panel_err put_item(panel_buf *out, const panel_dialect *d, const panel_response_spec *spec,
                          const parse_slot *slots, const panel_result *r, const panel_entry *e,
                          const panel_service *s)
{
    panel_err rc = PANEL_E_OK;
    int first = 1;
    if (e && e->error) {
        const char *ef = d->error_field ? d->error_field : "error";
        json_t *msg = text_json(e->error);
        if (!msg)
            return PANEL_E_NOMEM;
        if (spec->error_entry == PANEL_ERRENTRY_STRING) {
            rc = put_scalar(out, msg);
            json_decref(msg);
            return rc;
        }
        if ((rc = panel_buf_append(out, "{", 1)) != PANEL_E_OK) {
            json_decref(msg);
            return rc;
        }
        if (spec->error_entry == PANEL_ERRENTRY_NESTED ||
            spec->error_entry == PANEL_ERRENTRY_SIBLING) {
            json_t *k = key_json(spec, e);
            rc = !k && spec->key_field && e->id ? PANEL_E_NOMEM
                                                : put_member(out, spec->key_field, k, &first);
            if (rc == PANEL_E_OK && spec->error_entry == PANEL_ERRENTRY_NESTED) {
                const char *rf = spec->result_field ? spec->result_field : "status";
                int inner = 1;
                if ((rc = put_key(out, rf, &first)) == PANEL_E_OK &&
                    (rc = panel_buf_append(out, "{", 1)) == PANEL_E_OK &&
                    (rc = put_member(out, ef, json_incref(msg), &inner)) == PANEL_E_OK)
                    rc = panel_buf_append(out, "}", 1);
            } else if (rc == PANEL_E_OK) {
                rc = put_member(out, ef, json_incref(msg), &first);
            }
        } else {
            rc = put_member(out, ef, json_incref(msg), &first);
        }
        json_decref(msg);
        return rc == PANEL_E_OK ? panel_buf_append(out, "}", 1) : rc;
    }
    if ((rc = panel_buf_append(out, "{", 1)) != PANEL_E_OK)
        return rc;
    for (size_t i = 0; i < spec->n_fields && rc == PANEL_E_OK; i++) {
        if (put_field_direct(out, d, &spec->fields[i], slots[i], r, e, &first, &rc))
            continue;
        int absent = 0;
        json_t *v = field_json_slot(d, spec, &spec->fields[i], slots[i], r, e, s, &absent);
        rc = v || absent ? put_member(out, spec->fields[i].name, v, &first) : PANEL_E_NOMEM;
    }
    return rc == PANEL_E_OK ? panel_buf_append(out, "}", 1) : rc;
}

/* 1 when the direct writer cannot promise the tree's bytes for spec (falls back). */
static int direct_unsupported(const panel_response_spec *spec)
{
    if (spec->n_fields > RENDER_MAX_FIELDS)
        return 1;
    if (spec->wrapper && (!json_is_object(spec->wrapper) || json_object_size(spec->wrapper)))
        return 1;
    for (size_t i = 0; i < spec->n_fields; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(spec->fields[i].name, spec->fields[k].name))
                return 1;
    return 0;
}

/* 1 when two entries share an id (a keyed map would merge them); a hash set, linear time. */
static int duplicate_ids(const panel_result *r)
{
    enum { SLOTS = 2048 }; /* more than twice the 1024 entries allowed */
    uint16_t set[SLOTS];
    if (r->n_entries > 1024)
        return 1;
    memset(set, 0, sizeof set);
    for (size_t i = 0; i < r->n_entries; i++) {
        const char *id = r->entries[i].id;
        if (!id)
            return 1;
        uint64_t h = 0xcbf29ce484222325ULL;
        for (const char *p = id; *p; p++)
            h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
        size_t j = (size_t)h & (SLOTS - 1);
        for (; set[j]; j = (j + 1) & (SLOTS - 1))
            if (!strcmp(r->entries[set[j] - 1].id, id))
                return 1;
        set[j] = (uint16_t)(i + 1);
    }
    return 0;
}

/* Appends r rendered as compact JSON, byte for byte what render_new + a compact dump give,
 * without building the tree; PANEL_E_INVALID (out unchanged) when the caller must take the
 * tree path (reals, escapes, wrappers, merged keys, undocumented forms). */
static panel_err render_direct(const panel_dialect *d, const panel_result *r, panel_buf *out)
{
    if (!d || !r || !out || (unsigned)r->action >= PANEL_ACTION__COUNT || r->error ||
        r->action == PANEL_ACTION_ERROR)
        return PANEL_E_INVALID;
    const panel_response_spec *spec = parse_spec_for(d, r->action, r->multi);
    if (!spec || direct_unsupported(spec))
        return PANEL_E_INVALID;
    parse_slot slots[RENDER_MAX_FIELDS];
    for (size_t i = 0; i < spec->n_fields; i++)
        slots[i] = parse_slot_of(r->action, spec, spec->fields[i].name);
    int svc = r->action == PANEL_ACTION_SERVICES;
    size_t mark = out->len;
    panel_err rc = PANEL_E_OK;
    switch (spec->shape) {
    case PANEL_SHAPE_OBJECT: {
        const panel_entry *e = r->n_entries ? &r->entries[0] : NULL;
        if (e && e->error)
            return PANEL_E_INVALID;
        rc = put_item(out, d, spec, slots, r, e, svc && r->n_services ? &r->services[0] : NULL);
        break;
    }
    case PANEL_SHAPE_KEYED:
        if (duplicate_ids(r))
            return PANEL_E_INVALID;
        rc = panel_buf_append(out, "{", 1);
        for (size_t i = 0; i < r->n_entries && rc == PANEL_E_OK; i++) {
            int first = i == 0;
            if ((rc = put_key(out, r->entries[i].id, &first)) == PANEL_E_OK)
                rc = put_item(out, d, spec, slots, r, &r->entries[i], NULL);
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_append(out, "}", 1);
        break;
    case PANEL_SHAPE_ARRAY:
        rc = panel_buf_append(out, "[", 1);
        for (size_t i = 0; i < (svc ? r->n_services : r->n_entries) && rc == PANEL_E_OK; i++) {
            if (i)
                rc = panel_buf_append(out, ",", 1);
            if (rc == PANEL_E_OK)
                rc = svc ? put_item(out, d, spec, slots, r, NULL, &r->services[i])
                         : put_item(out, d, spec, slots, r, &r->entries[i], NULL);
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_append(out, "]", 1);
        break;
    }
    if (rc != PANEL_E_OK && out->data) {
        out->len = mark;
        out->data[mark] = '\0';
    }
    return rc;
}

/* Appends r as compact JSON without a tree; see parse.h. */
panel_err panel_render_bytes(const panel_dialect *d, const panel_result *r, panel_buf *out)
{
    if (!d || !r || !out)
        return PANEL_E_INVALID;
    panel_err rc = render_direct(d, r, out);
    return rc == PANEL_E_INVALID ? PANEL_E_UNSUPPORTED : rc;
}
