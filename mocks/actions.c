/* actions.c - the API actions: each builds a normalized panel_result (rendered later by
 * panel_render_new) or names a documented error case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

#define MOCK_ID_CAP 1000 /* distinct ids answered from one request */

#define ID_SET_SLOTS 2048 /* power of two, more than twice MOCK_ID_CAP */

/* The ids of one request: NUL-terminated copies in one owned buffer, never truncated. */
typedef struct {
    char *buf; /* owned: the list with separators replaced by NULs */
    const char *id[MOCK_ID_CAP];
    size_t n;    /* distinct ids kept (<= MOCK_ID_CAP) */
    size_t sent; /* every id sent, duplicates included */
} id_list;

/* Looks id up among the kept ids through the open-addressing set (slot = kept index + 1);
 * adds it when absent. Returns 1 when it is a duplicate. */
static int id_seen(uint16_t *set, id_list *l, const char *id)
{
    size_t i = (size_t)mock_hash(id, strlen(id)) & (ID_SET_SLOTS - 1);
    for (; set[i]; i = (i + 1) & (ID_SET_SLOTS - 1))
        if (strcmp(l->id[set[i] - 1], id) == 0)
            return 1;
    if (l->n < MOCK_ID_CAP)
        set[i] = (uint16_t)(l->n + 1);
    return 0;
}

/* Splits a comma-separated id list into l: every id counted in l->sent, the first
 * MOCK_ID_CAP distinct ones kept whole (a hash set drops duplicates in linear time). */
static panel_err split_ids(const char *list, id_list *l)
{
    static uint16_t set[ID_SET_SLOTS]; /* the state lock is held: one caller at a time */
    memset(set, 0, sizeof set);
    l->n = l->sent = 0;
    if (!(l->buf = strdup(list)))
        return PANEL_E_NOMEM;
    for (char *p = l->buf; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t len = strcspn(p, ",");
        char *next = p[len] ? p + len + 1 : p + len;
        size_t e = len;
        while (e > 0 && p[e - 1] == ' ')
            e--;
        p[e] = '\0';
        if (e > 0) {
            l->sent++;
            if (l->n < MOCK_ID_CAP && !id_seen(set, l, p))
                l->id[l->n++] = p;
        }
        p = next;
    }
    return PANEL_E_OK;
}

/* The kind of new refill ids: integers when the refill answer's result field is an
 * integer (the answer shows the refill id there), else the dialect's refill id kind. */
static panel_kind refill_kind(const panel_dialect *d)
{
    const panel_action_spec *sp = &d->actions[PANEL_ACTION_REFILL];
    const panel_response_spec *rs[2] = {&sp->single, &sp->multi};
    for (int i = 0; i < 2; i++) {
        for (size_t k = 0; rs[i]->present && rs[i]->result_field && k < rs[i]->n_fields; k++) {
            const panel_field *f = &rs[i]->fields[k];
            if (strcmp(f->name, rs[i]->result_field) == 0 && !rs[i]->ok_value &&
                (f->kind == PANEL_KIND_INT || f->kind == PANEL_KIND_INTSTR))
                return PANEL_KIND_INT;
        }
    }
    return d->refill_id_kind;
}

/* 1 when order o may be refilled: its service refills; its status is one the dialect allows
 * (undeclared: delivered, i.e. completed or partial, since a refill restores a drop after
 * delivery); it is under the dialect's refill limit; no earlier refill of it is still open. */
static int refill_allowed(const mock_account *a, const panel_catalogue_item *it,
                          const mock_order *o)
{
    const panel_dialect *d = a->d;
    if (it->refill == 0)
        return 0;
    unsigned allowed = d->refill_statuses
                           ? d->refill_statuses
                           : (1u << PANEL_STATUS_COMPLETED) | (1u << PANEL_STATUS_PARTIAL);
    if (!(allowed & (1u << o->status)))
        return 0;
    if (d->refill_max_per_order && o->n_refills >= d->refill_max_per_order)
        return 0;
    if (o->last_refill == 0)
        return 1;
    const mock_refill *rf = &a->store.refills[o->last_refill - 1];
    return panel_status_is_terminal((panel_status)rf->status);
}

/* Makes room for n entries in r. */
static panel_err alloc_entries(panel_result *r, size_t n)
{
    r->entries = calloc(n ? n : 1, sizeof *r->entries);
    return r->entries ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* Fills e as an error entry for id with the message of case c. */
static panel_err error_entry(mock_req *q, panel_entry *e, const char *id, int c)
{
    memset(e, 0, sizeof *e);
    e->id = strdup(id);
    const char *m = q->d->errors[c].message;
    e->error = strdup(m ? m : "error");
    return e->id && e->error ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* services: the catalogue. */
static panel_err act_services(mock_req *q, panel_result *r)
{
    const panel_dialect *d = q->d;
    r->services = calloc(d->n_catalogue ? d->n_catalogue : 1, sizeof *r->services);
    if (!r->services)
        return PANEL_E_NOMEM;
    for (size_t i = 0; i < d->n_catalogue; i++) {
        const panel_catalogue_item *it = &d->catalogue[i];
        panel_service *sv = &r->services[r->n_services++];
        sv->id = strdup(it->service);
        sv->name = strdup(it->name ? it->name : "");
        sv->type = strdup(it->type ? it->type : "Default");
        sv->category = strdup(it->category ? it->category : "");
        sv->rate = it->rate;
        sv->min = it->min;
        sv->max = it->max;
        sv->refill = it->refill;
        sv->cancel = it->cancel;
        sv->dripfeed = it->dripfeed;
        sv->desc = it->desc ? strdup(it->desc) : NULL;
        if (!sv->id || !sv->name || !sv->type || !sv->category || (it->desc && !sv->desc))
            return PANEL_E_NOMEM;
    }
    return PANEL_E_OK;
}

/* The idempotency value of an add as an index key (values too long are hashed). */
static void idem_key(const char *v, char *out, size_t outsz)
{
    if (strlen(v) < outsz)
        snprintf(out, outsz, "%s", v);
    else
        snprintf(out, outsz, "#%016llx:%zu", (unsigned long long)mock_hash(v, strlen(v)),
                 strlen(v));
}

/* A hash of the add's parameters but the key and the idempotency value, in order. */
static uint64_t add_body_hash(const mock_req *q, const char *ip)
{
    uint64_t h = 1469598103934665603ULL;
    const char *kp = q->d->key_param ? q->d->key_param : "key";
    for (size_t i = 0; i < q->form.count; i++) {
        const panel_form_pair *p = &q->form.pairs[i];
        if (strcmp(p->name, kp) == 0 || strcmp(p->name, ip) == 0)
            continue;
        h = (h ^ mock_hash(p->name, strlen(p->name))) * 1099511628211ULL;
        h = (h ^ mock_hash(p->value, strlen(p->value))) * 1099511628211ULL;
    }
    return h;
}

/* add: validates, debits and creates an order; a repeated idempotency value answers the
 * order it placed, charging nothing (with another body: refused as an invalid parameter). */
static panel_err act_add(mock_req *q, panel_result *r, int *c)
{
    mock_account *a = q->a;
    const char *ip = q->d->idempotency_param;
    const char *iv = ip ? panel_form_get_borrow(&q->form, ip) : NULL;
    char ikey[sizeof(((mock_idem *)0)->id)] = "";
    if (iv && *iv) {
        idem_key(iv, ikey, sizeof ikey);
        const mock_idem *seen =
            q->s->dev[MOCK_DEV_ADD_IDEMPOTENCY_IGNORED] ? NULL : mock_store_idem(&a->store, ikey);
        if (seen && seen->body != add_body_hash(q, ip)) {
            *c = PANEL_ERRCASE_INVALID_PARAM;
            return PANEL_E_OK;
        }
        if (seen) {
            r->order = strdup(a->store.orders[seen->order].id);
            return r->order ? PANEL_E_OK : PANEL_E_NOMEM;
        }
    }
    size_t svc = 0;
    int64_t qty = 0;
    panel_money charge = 0;
    if ((*c = mock_validate_add(q, &svc, &qty, &charge)) >= 0)
        return PANEL_E_OK;
    if (ip && q->d->idempotency_required && !ikey[0] && !q->s->lenient_idempotency) {
        q->err_param = ip;
        *c = PANEL_ERRCASE_MISSING_PARAM;
        return PANEL_E_OK;
    }
    mock_order o;
    memset(&o, 0, sizeof o);
    mock_new_id(q->s, a, q->d->order_id_kind, 0, o.id);
    o.svc = (uint16_t)svc;
    o.quantity = qty;
    o.remains = qty;
    o.charge = charge;
    o.start_count = (int64_t)mock_rng_below(&a->rng, 5000);
    o.status = (uint8_t)a->path[0];
    o.outcome =
        (uint8_t)(a->has_partial && mock_rng_below(&a->rng, 3) == 0 ? PANEL_STATUS_PARTIAL
                                                                    : PANEL_STATUS_COMPLETED);
    q->s->version++;
    size_t oix = 0;
    panel_err rc = mock_store_add_order(&a->store, &o, &oix);
    if (rc != PANEL_E_OK)
        return rc;
    if (ikey[0] && !q->s->dev[MOCK_DEV_ADD_IDEMPOTENCY_IGNORED]) {
        mock_idem rec;
        memset(&rec, 0, sizeof rec);
        snprintf(rec.id, sizeof rec.id, "%s", ikey);
        rec.order = (uint32_t)oix;
        rec.body = add_body_hash(q, ip);
        if ((rc = mock_store_add_idem(&a->store, &rec)) != PANEL_E_OK)
            return rc;
    }
    panel_money debit = q->s->dev[MOCK_DEV_ADD_CHARGES_DOUBLE] ? charge * 2 : charge;
    a->balance -= debit;
    a->charges += charge;
    r->order = strdup(q->s->dev[MOCK_DEV_ADD_ORDER_ID_ZERO] ? "0" : o.id);
    return r->order ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* The ids of this request: single (one id) or multi (list); sets q->multi. The id cap is
 * counted on the ids sent, duplicates included. Returns -1 or the error case. */
static int request_ids(mock_req *q, id_list *l, panel_err *rc)
{
    const panel_action_spec *sp = &q->d->actions[q->action];
    const char *mv = sp->multi_param ? panel_form_get_borrow(&q->form, sp->multi_param) : NULL;
    const char *sv = sp->single_param ? panel_form_get_borrow(&q->form, sp->single_param) : NULL;
    if (q->multi == -1)
        q->multi = (mv && *mv && sp->multi.present) || !sp->single.present ? 1 : 0;
    const char *v = q->multi ? mv : sv;
    if (!v || !*v)
        return PANEL_ERRCASE_MISSING_PARAM;
    if (!q->multi) {
        if (!(l->buf = strdup(v))) {
            *rc = PANEL_E_NOMEM;
            return -1;
        }
        l->id[0] = l->buf;
        l->n = l->sent = 1;
        q->single_id = v;
        return -1;
    }
    if ((*rc = split_ids(v, l)) != PANEL_E_OK)
        return -1;
    if (l->n == 0)
        return PANEL_ERRCASE_MISSING_PARAM;
    size_t max = q->d->max_ids ? q->d->max_ids : 100;
    if (l->sent > max && !q->s->dev[MOCK_DEV_MULTI_OVER_LIMIT_ACCEPTED])
        return PANEL_ERRCASE_TOO_MANY_IDS;
    return -1;
}

/* The response spec of this request's form. */
static const panel_response_spec *form_spec(mock_req *q)
{
    const panel_action_spec *sp = &q->d->actions[q->action];
    return q->multi ? &sp->multi : &sp->single;
}

/* What status entries must carry for spec's fields (MOCK_ENTRY_*): the word when a field
 * renders statuses against the refill vocabulary (the renderer could not derive an order's
 * word from its status alone), the currency when a field shows it. */
static unsigned entry_needs(const panel_response_spec *spec)
{
    unsigned need = 0;
    for (size_t i = 0; i < spec->n_fields; i++) {
        const panel_field *f = &spec->fields[i];
        if (f->kind == PANEL_KIND_REFILL_STATUS)
            need |= MOCK_ENTRY_WORD;
        if (strcmp(f->name, "currency") == 0) /* the family's name, as the parser maps it */
            need |= MOCK_ENTRY_CURRENCY;
    }
    return need;
}

static panel_err run_ids(mock_req *q, panel_result *r, const id_list *l, int *c);

/* Runs a per-id action (status, refill, refill_status, cancel) over the request's ids. */
static panel_err act_ids(mock_req *q, panel_result *r, int *c)
{
    static id_list ids; /* the state lock is held: one caller at a time */
    ids.buf = NULL;
    panel_err rc = PANEL_E_OK;
    *c = request_ids(q, &ids, &rc);
    if (*c < 0 && rc == PANEL_E_OK)
        rc = run_ids(q, r, &ids, c);
    free(ids.buf);
    ids.buf = NULL;
    return rc;
}

/* The multi_status_disagrees deviation: a multi-form entry shows the lifecycle's first
 * status, whatever the order's status is. */
static panel_err disagree(mock_req *q, panel_entry *e)
{
    if (!q->multi || !q->s->dev[MOCK_DEV_MULTI_STATUS_DISAGREES] || e->status == q->a->path[0])
        return PANEL_E_OK;
    e->status = q->a->path[0];
    if (!e->status_word)
        return PANEL_E_OK;
    const char *w = panel_vocab_word(&q->d->order_status, e->status);
    free(e->status_word);
    e->status_word = strdup(w ? w : panel_status_name(e->status));
    return e->status_word ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* Runs a per-id action over the ids in l (the body of act_ids). */
static panel_err run_ids(mock_req *q, panel_result *r, const id_list *l, int *c)
{
    size_t n = l->n;
    panel_err rc = PANEL_E_OK;
    r->multi = q->multi;
    const panel_response_spec *spec = form_spec(q);
    if ((rc = alloc_entries(r, n)) != PANEL_E_OK)
        return rc;
    mock_account *a = q->a;
    unsigned need = q->action == PANEL_ACTION_STATUS ? entry_needs(spec) : 0;
    for (size_t i = 0; i < n && rc == PANEL_E_OK; i++) {
        panel_entry *e = &r->entries[r->n_entries];
        int ec = -1;
        if (q->action == PANEL_ACTION_REFILL_STATUS) {
            mock_refill *rf = mock_store_refill(&a->store, l->id[i]);
            if (!rf) {
                ec = PANEL_ERRCASE_BAD_REFILL_ID;
            } else {
                memset(e, 0, sizeof *e);
                e->id = strdup(rf->id);
                e->status = (panel_status)rf->status; /* shown, then one step on */
                if (mock_refill_advance(a, rf))
                    q->s->version++;
                const char *w = panel_vocab_word(&q->d->refill_status, e->status);
                if (q->s->dev[MOCK_DEV_REFILL_STATUS_UNKNOWN_WORD]) {
                    w = "Queued";
                    e->status = PANEL_STATUS_UNKNOWN;
                }
                e->status_word = strdup(w ? w : panel_status_name(e->status));
                e->has = PANEL_HAS_STATUS;
                rc = e->id && e->status_word ? PANEL_E_OK : PANEL_E_NOMEM;
            }
        } else {
            mock_order *o = mock_store_order(&a->store, l->id[i]);
            const panel_catalogue_item *it = o ? &q->d->catalogue[o->svc] : NULL;
            int bogus_ok =
                !o && q->action == PANEL_ACTION_REFILL && q->s->dev[MOCK_DEV_REFILL_ACCEPTS_BOGUS];
            if (!o && !bogus_ok) {
                ec = PANEL_ERRCASE_BAD_ORDER_ID;
            } else if (q->action == PANEL_ACTION_STATUS) {
                rc = mock_order_entry(q->s, a, o, e, need); /* shown, then one step on */
                if (rc == PANEL_E_OK)
                    rc = disagree(q, e);
                mock_order_advance(q->s, a, o);
            } else if (q->action == PANEL_ACTION_CANCEL) {
                int cancellable =
                    it->cancel != 0 || q->s->dev[MOCK_DEV_CANCEL_NONCANCELLABLE_ACCEPTED];
                int terminal = panel_status_is_terminal((panel_status)o->status) &&
                               !q->s->dev[MOCK_DEV_CANCEL_NONCANCELLABLE_ACCEPTED];
                if (!cancellable || terminal) {
                    ec = PANEL_ERRCASE_NOT_CANCELLABLE;
                } else {
                    if (!q->s->dev[MOCK_DEV_CANCEL_IGNORED])
                        mock_order_cancel(q->s, a, o, q->s->dev[MOCK_DEV_CANCEL_NO_REFUND]);
                    memset(e, 0, sizeof *e);
                    e->id = strdup(o->id);
                    e->ok = 1;
                    e->has = PANEL_HAS_OK;
                    rc = e->id ? PANEL_E_OK : PANEL_E_NOMEM;
                }
            } else { /* refill */
                if (o && !refill_allowed(a, it, o)) {
                    ec = PANEL_ERRCASE_NOT_REFILLABLE;
                } else {
                    mock_refill rf;
                    memset(&rf, 0, sizeof rf);
                    mock_new_id(q->s, a, refill_kind(q->d), 1, rf.id);
                    rf.status = (uint8_t)a->rpath[0];
                    rf.order = o ? (uint32_t)(o - a->store.orders) : UINT32_MAX;
                    q->s->version++;
                    size_t rix = 0;
                    rc = mock_store_add_refill(&a->store, &rf, &rix);
                    if (rc == PANEL_E_OK && o) {
                        o->last_refill = (uint32_t)rix + 1;
                        o->n_refills++;
                    }
                    memset(e, 0, sizeof *e);
                    e->id = strdup(l->id[i]);
                    e->refill_id = strdup(rf.id);
                    e->ok = 1;
                    e->has = PANEL_HAS_OK;
                    if (rc == PANEL_E_OK && (!e->id || !e->refill_id))
                        rc = PANEL_E_NOMEM;
                }
            }
        }
        if (ec >= 0) {
            if (!q->multi && spec->error_entry == PANEL_ERRENTRY_NONE) {
                *c = ec;
                return PANEL_E_OK;
            }
            if (q->multi && q->action == PANEL_ACTION_STATUS &&
                q->s->dev[MOCK_DEV_MULTI_DROPS_UNKNOWN_ID])
                continue;
            rc = error_entry(q, e, l->id[i], ec);
        }
        r->n_entries++;
    }
    if (q->action == PANEL_ACTION_STATUS && !q->multi && r->n_entries == 1) {
        r->currency = strdup(q->d->currency ? q->d->currency : "USD");
        if (!r->currency)
            rc = PANEL_E_NOMEM;
    }
    return rc;
}

/* balance: the account's balance and currency. */
static panel_err act_balance(mock_req *q, panel_result *r)
{
    r->has |= PANEL_HAS_BALANCE;
    r->balance = q->a->balance;
    r->currency = strdup(q->d->currency ? q->d->currency : "USD");
    return r->currency ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* Runs q->action; *res receives a new result unless *errcase names an error. */
panel_err mock_action_run(mock_req *q, panel_result **res, int *errcase)
{
    *errcase = -1;
    *res = NULL;
    panel_result *r = panel_result_new(q->action, q->multi > 0);
    if (!r)
        return PANEL_E_NOMEM;
    panel_err rc = PANEL_E_OK;
    switch (q->action) {
    case PANEL_ACTION_SERVICES:
        q->multi = 0;
        rc = act_services(q, r);
        break;
    case PANEL_ACTION_ADD:
        q->multi = 0;
        rc = act_add(q, r, errcase);
        break;
    case PANEL_ACTION_BALANCE:
        q->multi = 0;
        rc = act_balance(q, r);
        break;
    default:
        rc = act_ids(q, r, errcase);
        break;
    }
    if (rc != PANEL_E_OK || *errcase >= 0) {
        panel_result_free(r);
        return rc;
    }
    *res = r;
    return rc;
}
