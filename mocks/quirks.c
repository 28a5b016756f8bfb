/* quirks.c - shape-level quirks seen in the field (shared/QUIRKS.md), applied to the
 * rendered answer as tree transformations. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"
#include "tree.h"

static const char *const quirk_names[] = {
#define MOCK_QUIRK_NAME(n, s, w) s,
    MOCK_QUIRK_MAP(MOCK_QUIRK_NAME)
#undef MOCK_QUIRK_NAME
};

static const mock_switch_info quirk_infos[] = {
#define MOCK_QUIRK_INFO(n, s, w) {s, w},
    MOCK_QUIRK_MAP(MOCK_QUIRK_INFO)
#undef MOCK_QUIRK_INFO
};

/* The quirk table: name and what it does, indexed by mock_quirk. */
const mock_switch_info *mock_quirk_infos(size_t *n)
{
    *n = MOCK_QUIRK__COUNT;
    return quirk_infos;
}

/* The quirk names, indexed by mock_quirk. */
const char *const *mock_quirk_names(size_t *n)
{
    *n = MOCK_QUIRK__COUNT;
    return quirk_names;
}

typedef struct {
    mock_req *q;
    int which;
    int failed; /* an edit could not be made (NOMEM): the answer is dropped whole */
} qctx;

/* Sets member k of o to v (taken); records a failure (v NULL: its allocation failed). */
static void put(qctx *c, json_t *o, const char *k, json_t *v)
{
    if (json_object_set_new(o, k, v) != 0)
        c->failed = 1;
}

static int is_money_name(const char *k)
{
    return strcmp(k, "charge") == 0 || strcmp(k, "balance") == 0 || strcmp(k, "rate") == 0;
}

static int is_id_name(const char *k)
{
    return strcmp(k, "order") == 0 || strcmp(k, "service") == 0 || strcmp(k, "refill") == 0 ||
           strcmp(k, "order_id") == 0 || strcmp(k, "id") == 0;
}

/* Changes the case of s (upper when up) into a new JSON string. */
static json_t *recase(const char *s, int up)
{
    char tmp[128];
    size_t i = 0;
    for (; s[i] && i + 1 < sizeof tmp; i++)
        tmp[i] = (char)(up ? toupper((unsigned char)s[i]) : tolower((unsigned char)s[i]));
    tmp[i] = '\0';
    return json_string(tmp);
}

/* The misspelling of a status word, or NULL when it has none. */
static const char *misspell(mock_req *q, const char *w)
{
    panel_status st = panel_vocab_lookup(&q->d->order_status, w, NULL);
    if (st == PANEL_STATUS_CANCELED)
        return "Cancelled";
    if (st == PANEL_STATUS_IN_PROGRESS)
        return "Inprogress";
    if (st == PANEL_STATUS_COMPLETED)
        return "Complete";
    if (st == PANEL_STATUS_PENDING)
        return "Pendding";
    if (st == PANEL_STATUS_PROCESSING)
        return "Procesing";
    return NULL;
}

/* Applies the member-level quirk c->which to one object. */
static void member_quirk(json_t *o, qctx *c)
{
    const char *k;
    json_t *v;
    void *tmp;
    char buf[64];
    json_object_foreach_safe(o, tmp, k, v)
    {
        switch (c->which) {
        case MOCK_QUIRK_IDS_AS_STRINGS:
            if (is_id_name(k) && json_is_integer(v)) {
                snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
                put(c, o, k, json_string(buf));
            }
            break;
        case MOCK_QUIRK_MONEY_AS_NUMBERS:
            if (is_money_name(k) && json_is_string(v))
                put(c, o, k, json_real(strtod(json_string_value(v), NULL)));
            break;
        case MOCK_QUIRK_BOOL_AS_1:
            if (json_is_boolean(v))
                put(c, o, k, json_string(json_is_true(v) ? "1" : "0"));
            break;
        case MOCK_QUIRK_BOOL_AS_INT:
            if (json_is_boolean(v))
                put(c, o, k, json_integer(json_is_true(v) ? 1 : 0));
            break;
        case MOCK_QUIRK_STATUS_LOWER:
        case MOCK_QUIRK_STATUS_UPPER:
            if (strcmp(k, "status") == 0 && json_is_string(v))
                put(c, o, k, recase(json_string_value(v), c->which == MOCK_QUIRK_STATUS_UPPER));
            break;
        case MOCK_QUIRK_STATUS_MISSPELL:
            if (strcmp(k, "status") == 0 && json_is_string(v)) {
                const char *m = misspell(c->q, json_string_value(v));
                if (m)
                    put(c, o, k, json_string(m));
            }
            break;
        case MOCK_QUIRK_MISSING_OPTIONAL:
            if (strcmp(k, "currency") == 0 || strcmp(k, "dripfeed") == 0 ||
                ((strcmp(k, "refill") == 0 || strcmp(k, "cancel") == 0) && json_is_boolean(v)))
                json_object_del(o, k);
            break;
        case MOCK_QUIRK_REMAINS_UNKNOWN:
            if (strcmp(k, "remains") == 0)
                put(c, o, k, json_string("Unknown"));
            break;
        case MOCK_QUIRK_START_COUNT_NULL:
            if (strcmp(k, "start_count") == 0)
                put(c, o, k, json_null());
            break;
        case MOCK_QUIRK_COMMA_DECIMAL:
            if (is_money_name(k) && json_is_string(v)) {
                snprintf(buf, sizeof buf, "%s", json_string_value(v));
                char *dot = strchr(buf, '.');
                if (dot)
                    *dot = ',';
                put(c, o, k, json_string(buf));
            }
            break;
        case MOCK_QUIRK_STRING_ERROR_ENTRIES:
            if (json_is_object(v) && json_object_size(v) == 1 &&
                json_is_string(json_object_get(v, "error")))
                json_object_set(o, k, json_object_get(v, "error"));
            break;
        default:
            break;
        }
    }
    if (c->which == MOCK_QUIRK_ORDER_ID_FIELD)
        if (mock_tree_rename(o, "order", "order_id") != 0)
            c->failed = 1;
}

/* Applies a member-level quirk to every object of the tree (c->failed says if it failed). */
static void walk(json_t *j, qctx *c)
{
    if (json_is_object(j)) {
        member_quirk(j, c);
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) walk(v, c);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) walk(v, c);
    }
}

/* Adds desc and refund to the top-level object or to each entry of a top-level array. */
static void extra_fields(json_t *j, qctx *c)
{
    if (json_is_object(j)) {
        put(c, j, "desc", json_string(""));
        put(c, j, "refund", json_string("0"));
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) extra_fields(v, c);
    }
}

/* Wraps j (taken): {"status":"success", ...members} for objects, else {"status":..,"data":j};
 * NULL when it cannot be built whole (NOMEM). */
static json_t *wrap(json_t *j, json_t *status, int data)
{
    json_t *w = json_object();
    int bad = json_object_set_new(w, "status", status) != 0;
    if (!data && json_is_object(j) && !json_object_get(j, "status")) {
        bad |= json_object_update(w, j) != 0;
    } else {
        bad |= json_object_set(w, "data", j) != 0;
    }
    json_decref(j);
    if (bad) {
        json_decref(w);
        return NULL;
    }
    return w;
}

/* Applies the request's quirks to the rendered tree (taken); returns the (possibly new) tree,
 * or NULL when an edit could not be made (NOMEM): never a tree with an edit left out. */
json_t *mock_quirks_apply(mock_req *q, json_t *j)
{
    for (int i = 0; i < MOCK_QUIRK__COUNT && j; i++) {
        if (!q->quirk[i])
            continue;
        qctx c = {q, i, 0};
        switch (i) {
        case MOCK_QUIRK_SUCCESS_WRAPPER:
            j = wrap(j, json_string("success"), 0);
            break;
        case MOCK_QUIRK_DATA_WRAPPER:
            j = wrap(j, json_true(), 1);
            break;
        case MOCK_QUIRK_EXTRA_FIELDS:
            extra_fields(j, &c);
            break;
        case MOCK_QUIRK_SINGLE_AS_MAP:
            if (q->action == PANEL_ACTION_STATUS && !q->multi && q->single_id &&
                json_is_object(j) && !json_object_get(j, q->single_id)) {
                json_t *m = json_object();
                if (json_object_set_new(m, q->single_id, j) != 0) { /* j is freed then */
                    json_decref(m);
                    m = NULL;
                }
                j = m;
            }
            break;
        default:
            walk(j, &c);
            break;
        }
        if (c.failed) {
            json_decref(j);
            j = NULL;
        }
    }
    return j;
}
