/* orders.c - the logical order clock: lifecycle steps, partial and cancel refunds, ids. */
#include <stdio.h>
#include <string.h>

#include "mock_internal.h"

/* Credits a refund to the account's ledger and to the order. */
static void refund(mock_account *a, mock_order *o, panel_money amount)
{
    if (amount <= 0)
        return;
    if (panel_money_add(a->balance, amount, &a->balance) != PANEL_E_OK)
        return;
    panel_money_add(a->refunds, amount, &a->refunds);
    o->refunded += amount;
}

/* The remains of a partial order: deterministic from its id, in [1, cap] where cap is the
 * smaller of quantity - 1 and the remains last shown (remains never rise); 0 when cap < 1. */
static int64_t partial_remains(const mock_order *o)
{
    int64_t cap = o->remains < o->quantity - 1 ? o->remains : o->quantity - 1;
    if (cap < 1)
        return 0;
    return 1 + (int64_t)(mock_hash(o->id, strlen(o->id)) % (uint64_t)cap);
}

/* Moves o to status st, updating remains and refunds; fires the webhook. */
static void set_status(mock_state *s, mock_account *a, mock_order *o, panel_status st)
{
    o->status = (uint8_t)st;
    s->version++;
    switch (st) {
    case PANEL_STATUS_IN_PROGRESS: {
        int64_t half = o->quantity - o->quantity / 2;
        o->remains = half < o->remains ? half : o->remains;
        break;
    }
    case PANEL_STATUS_COMPLETED:
        o->remains = 0;
        break;
    case PANEL_STATUS_PARTIAL: {
        o->remains = partial_remains(o); /* read before the update: <= the remains shown */
        panel_money r = 0;
        if (panel_money_muldiv(o->charge, o->remains, o->quantity, &r) == PANEL_E_OK)
            refund(a, o, r);
        break;
    }
    default: /* the steps before delivery starts: nothing delivered yet */
        break;
    }
    mock_webhook_notify(s, a, o);
}

/* Advances an order one lifecycle step; returns 1 when its status changed. */
int mock_order_advance(mock_state *s, mock_account *a, mock_order *o)
{
    if (panel_status_is_terminal((panel_status)o->status))
        return 0;
    o->step++;
    if (o->step < a->path_len) {
        set_status(s, a, o, a->path[o->step]);
    } else {
        panel_status t = (panel_status)o->outcome;
        if (t == PANEL_STATUS_PARTIAL && partial_remains(o) == 0)
            t = PANEL_STATUS_COMPLETED;
        set_status(s, a, o, t);
    }
    return 1;
}

/* Advances a refill one step along the refill lifecycle; 1 when it changed. */
int mock_refill_advance(mock_account *a, mock_refill *r)
{
    if (panel_status_is_terminal((panel_status)r->status))
        return 0;
    r->step++;
    r->status = (uint8_t)(r->step < a->rpath_len ? a->rpath[r->step] : a->r_terminal);
    return 1;
}

/* Cancels o: status canceled, remains = quantity, the whole charge refunded (unless
 * no_refund). */
void mock_order_cancel(mock_state *s, mock_account *a, mock_order *o, int no_refund)
{
    o->status = PANEL_STATUS_CANCELED;
    o->remains = o->quantity;
    s->version++;
    if (!no_refund)
        refund(a, o, o->charge - o->refunded);
    mock_webhook_notify(s, a, o);
}

/* Writes a fresh id into id[MOCK_ID_LEN]: 24-hex ObjectIds, sequential integers (past 2^53
 * for orders and 2^31 for refills with --ids big; within the dialect's declared range
 * otherwise), or the dialect's own generator (prefixed digits, hex, ULID, UUID). */
void mock_new_id(mock_state *s, mock_account *a, panel_kind kind, int is_refill, char *id)
{
    const panel_id_spec *spec = is_refill ? &a->d->refill_id : &a->d->order_id;
    uint64_t *next = is_refill ? &a->next_refill_int_id : &a->next_int_id;
    if (kind == PANEL_KIND_OID) {
        static const char hex[] = "0123456789abcdef";
        uint64_t x = mock_rng_next(&a->rng), y = mock_rng_next(&a->rng);
        for (int i = 0; i < 24; i++) {
            uint64_t *w = i < 16 ? &x : &y;
            id[i] = hex[*w & 15];
            *w >>= 4;
        }
        id[24] = '\0';
        return;
    }
    /* the dialect's generator, unless the answer wants integers where its ids are not */
    int custom = (spec->kind == PANEL_KIND_STRING && kind != PANEL_KIND_INT) ||
                 (spec->kind == PANEL_KIND_INT && spec->gen != PANEL_IDGEN_DIGITS);
    if (custom && panel_id_generate(spec, (*next)++, id, MOCK_ID_LEN) == PANEL_E_OK)
        return;
    uint64_t v = (*next)++;
    int ranged = spec->kind == PANEL_KIND_INT && !s->ids_big &&
                 (spec->min > 1 || (spec->max && spec->max < 999999999999999999ULL));
    if (ranged && (v < spec->min || v > spec->max)) /* keep inside the declared range */
        v = spec->min + v % (spec->max - spec->min + 1);
    snprintf(id, MOCK_ID_LEN, "%llu", (unsigned long long)v);
}

/* Fills a normalized status entry for o; strings are newly allocated into e. The status word
 * is left NULL (the renderer then sends the order vocabulary's word for the status, the same
 * bytes) unless need has MOCK_ENTRY_WORD or the word deviates; the currency is set only when
 * need has MOCK_ENTRY_CURRENCY (no field would show it otherwise). */
panel_err mock_order_entry(mock_state *s, mock_account *a, const mock_order *o, panel_entry *e,
                           unsigned need)
{
    memset(e, 0, sizeof *e);
    if (!(e->id = strdup(o->id)))
        return PANEL_E_NOMEM;
    e->status = (panel_status)o->status;
    if (s->dev[MOCK_DEV_STATUS_GOES_BACK] && panel_status_is_terminal(e->status))
        e->status = a->path[0];
    const char *w = panel_vocab_word(&a->d->order_status, e->status);
    if (s->dev[MOCK_DEV_STATUS_UNKNOWN_WORD]) {
        w = "Queued";
        e->status = PANEL_STATUS_UNKNOWN;
        need |= MOCK_ENTRY_WORD;
    }
    if ((need & MOCK_ENTRY_WORD) &&
        !(e->status_word = strdup(w ? w : panel_status_name(e->status))))
        return PANEL_E_NOMEM;
    e->charge = o->charge - o->refunded;
    if (s->dev[MOCK_DEV_STATUS_CHARGE_WRONG])
        e->charge = e->charge * 10 + 1000000;
    e->start_count = o->start_count;
    e->remains = s->dev[MOCK_DEV_STATUS_REMAINS_NEGATIVE] ? -5 - o->remains : o->remains;
    e->has = PANEL_HAS_CHARGE | PANEL_HAS_START_COUNT | PANEL_HAS_REMAINS | PANEL_HAS_STATUS;
    if ((need & MOCK_ENTRY_CURRENCY) &&
        !(e->currency = strdup(a->d->currency ? a->d->currency : "USD")))
        return PANEL_E_NOMEM;
    return PANEL_E_OK;
}

/* Advances every order and refill of every account n steps (the admin clock). */
void mock_advance_all(mock_state *s, unsigned steps)
{
    s->version++;
    for (size_t i = 0; i < s->n_acc; i++) {
        mock_account *a = &s->acc[i];
        for (unsigned k = 0; k < steps && k < MOCK_MAX_PATH + 1; k++) {
            for (size_t j = 0; j < a->store.n_orders; j++)
                mock_order_advance(s, a, &a->store.orders[j]);
            for (size_t j = 0; j < a->store.n_refills; j++)
                mock_refill_advance(a, &a->store.refills[j]);
        }
        memset(a->ips, 0, sizeof a->ips);
    }
}
