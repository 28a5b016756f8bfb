/* store.c - orders and refills in growable vectors, found by id through open-addressing
 * hash indexes (O(1) lookup, memory linear in the number of records). */
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

/* Frees an index's slots. */
static void index_free(mock_index *ix)
{
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

/* Finds the slot for id: the matching slot or the first empty one. get(i) returns the id of
 * record i from base/stride. */
static size_t index_probe(const mock_index *ix, const char *id, const char *base, size_t stride)
{
    size_t mask = ix->cap - 1;
    size_t i = (size_t)mock_hash(id, strlen(id)) & mask;
    for (;;) {
        uint32_t v = ix->slots[i];
        if (v == 0)
            return i;
        if (strcmp(base + (size_t)(v - 1) * stride, id) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

/* Inserts record rec (whose id is at base + rec*stride), growing the table at 50% load. */
static panel_err index_put(mock_index *ix, size_t rec, const char *base, size_t stride)
{
    if ((ix->n + 1) * 2 > ix->cap) {
        size_t ncap = ix->cap ? ix->cap * 2 : 64;
        uint32_t *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return PANEL_E_NOMEM;
        mock_index nx = {ns, ncap, 0};
        for (size_t i = 0; i < ix->cap; i++) {
            uint32_t v = ix->slots[i];
            if (v) {
                size_t j = index_probe(&nx, base + (size_t)(v - 1) * stride, base, stride);
                nx.slots[j] = v;
                nx.n++;
            }
        }
        free(ix->slots);
        *ix = nx;
    }
    size_t j = index_probe(ix, base + rec * stride, base, stride);
    if (ix->slots[j] == 0)
        ix->n++;
    ix->slots[j] = (uint32_t)(rec + 1);
    return PANEL_E_OK;
}

/* Looks id up; returns the record index or -1. */
static long index_get(const mock_index *ix, const char *id, const char *base, size_t stride)
{
    if (ix->cap == 0)
        return -1;
    size_t j = index_probe(ix, id, base, stride);
    return ix->slots[j] ? (long)ix->slots[j] - 1 : -1;
}

/* Initialises an empty store. */
void mock_store_init(mock_store *st)
{
    memset(st, 0, sizeof *st);
}

/* Frees every order, refill and index of the store. */
void mock_store_free(mock_store *st)
{
    free(st->orders);
    free(st->refills);
    free(st->idems);
    index_free(&st->order_ix);
    index_free(&st->refill_ix);
    index_free(&st->idem_ix);
    memset(st, 0, sizeof *st);
}

/* Grows a vector of elements of size sz to hold one more. */
static panel_err grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return PANEL_E_OK;
    if (n >= UINT32_MAX - 1)
        return PANEL_E_TOO_LARGE;
    size_t ncap = *cap ? *cap + *cap / 2 : 256;
    void *nv = realloc(*v, ncap * sz);
    if (!nv)
        return PANEL_E_NOMEM;
    *v = nv;
    *cap = ncap;
    return PANEL_E_OK;
}

/* Appends a copy of o and indexes it by id. */
panel_err mock_store_add_order(mock_store *st, const mock_order *o, size_t *out_ix)
{
    panel_err rc = grow((void **)&st->orders, &st->cap_orders, st->n_orders, sizeof *o);
    if (rc != PANEL_E_OK)
        return rc;
    st->orders[st->n_orders] = *o;
    rc = index_put(&st->order_ix, st->n_orders, (const char *)st->orders, sizeof *o);
    if (rc != PANEL_E_OK)
        return rc;
    if (out_ix)
        *out_ix = st->n_orders;
    st->n_orders++;
    return PANEL_E_OK;
}

/* Appends a copy of r and indexes it by id. */
panel_err mock_store_add_refill(mock_store *st, const mock_refill *r, size_t *out_ix)
{
    panel_err rc = grow((void **)&st->refills, &st->cap_refills, st->n_refills, sizeof *r);
    if (rc != PANEL_E_OK)
        return rc;
    st->refills[st->n_refills] = *r;
    rc = index_put(&st->refill_ix, st->n_refills, (const char *)st->refills, sizeof *r);
    if (rc != PANEL_E_OK)
        return rc;
    if (out_ix)
        *out_ix = st->n_refills;
    st->n_refills++;
    return PANEL_E_OK;
}

/* Appends an idempotency record and indexes it by value. */
panel_err mock_store_add_idem(mock_store *st, const mock_idem *r)
{
    panel_err rc = grow((void **)&st->idems, &st->cap_idems, st->n_idems, sizeof *r);
    if (rc != PANEL_E_OK)
        return rc;
    st->idems[st->n_idems] = *r;
    rc = index_put(&st->idem_ix, st->n_idems, (const char *)st->idems, sizeof *r);
    if (rc != PANEL_E_OK)
        return rc;
    st->n_idems++;
    return PANEL_E_OK;
}

/* Finds an idempotency record by value (borrowed) or NULL. */
mock_idem *mock_store_idem(mock_store *st, const char *id)
{
    long i = index_get(&st->idem_ix, id, (const char *)st->idems, sizeof(mock_idem));
    return i < 0 ? NULL : &st->idems[i];
}

/* Finds an order by id (borrowed) or NULL. */
mock_order *mock_store_order(mock_store *st, const char *id)
{
    long i = index_get(&st->order_ix, id, (const char *)st->orders, sizeof(mock_order));
    return i < 0 ? NULL : &st->orders[i];
}

/* Finds a refill by id (borrowed) or NULL. */
mock_refill *mock_store_refill(mock_store *st, const char *id)
{
    long i = index_get(&st->refill_ix, id, (const char *)st->refills, sizeof(mock_refill));
    return i < 0 ? NULL : &st->refills[i];
}
