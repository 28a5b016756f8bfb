/* deviations.c - the planted deviations: a table, a parser, and the transformations of the
 * rendered answer that break the documented contract in one named way each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"
#include "tree.h"

static const mock_deviation_info table[] = {
#define MOCK_DEV_ROW(n, s, a, w) {s, a, w},
    MOCK_DEV_MAP(MOCK_DEV_ROW)
#undef MOCK_DEV_ROW
};

/* The table of planted deviations (static). */
const mock_deviation_info *mock_deviations(size_t *n)
{
    *n = sizeof table / sizeof table[0];
    return table;
}

/* Parses a comma-separated list of deviation names into flags. */
panel_err mock_dev_parse(const char *names, unsigned char *flags, char *err, size_t errsz)
{
    memset(flags, 0, MOCK_DEV__COUNT);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", names ? names : "");
    for (char *save = NULL, *t = strtok_r(buf, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
        int found = 0;
        for (size_t i = 0; i < MOCK_DEV__COUNT; i++)
            if (strcmp(table[i].name, t) == 0) {
                flags[i] = 1;
                found = 1;
            }
        if (strcmp(t, "none") == 0)
            found = 1;
        if (!found) {
            snprintf(err, errsz, "unknown deviation %s (see --list-deviations)", t);
            return PANEL_E_USAGE;
        }
    }
    return PANEL_E_OK;
}

/* An edit of one object: 0, or -1 when it could not be made (NOMEM). */
typedef int (*obj_fn)(json_t *obj, void *ctx);

/* Calls fn on every object in the tree (parents before children); -1 when an edit failed. */
static int walk(json_t *j, obj_fn fn, void *ctx)
{
    int bad = 0;
    if (json_is_object(j)) {
        bad |= fn(j, ctx);
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) bad |= walk(v, fn, ctx);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) bad |= walk(v, fn, ctx);
    }
    return bad ? -1 : 0;
}

/* Flips a member between JSON string and JSON number. */
static int flip_type(json_t *obj, const char *name)
{
    json_t *v = json_object_get(obj, name);
    char tmp[64];
    if (json_is_string(v))
        return json_object_set_new(obj, name, json_real(strtod(json_string_value(v), NULL)));
    if (json_is_number(v)) {
        snprintf(tmp, sizeof tmp, "%.8f", json_number_value(v));
        return json_object_set_new(obj, name, json_string(tmp));
    }
    return 0;
}

/* Integer value of a string or number member, 0 when neither. */
static long long num_of(json_t *v)
{
    return json_is_string(v) ? atoll(json_string_value(v)) : (long long)json_number_value(v);
}

static int f_rate(json_t *o, void *c)
{
    (void)c;
    return flip_type(o, "rate");
}

static int f_minmax(json_t *o, void *c)
{
    (void)c;
    json_t *mn = json_object_get(o, "min"), *mx = json_object_get(o, "max");
    if (!mn || !mx)
        return 0;
    long long v = num_of(mx) + 1;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", v);
    return json_object_set_new(o, "min", json_is_string(mn) ? json_string(tmp) : json_integer(v));
}

static int f_notype(json_t *o, void *c)
{
    (void)c;
    json_object_del(o, "type");
    return 0;
}

static int f_nostatus(json_t *o, void *c)
{
    (void)c;
    json_object_del(o, "status");
    return 0;
}

static int f_rename(json_t *o, void *c)
{
    const char *const *names = c;
    return mock_tree_rename(o, names[0], names[1]);
}

static int f_nocurrency(json_t *o, void *c)
{
    (void)c;
    json_object_del(o, "currency");
    return 0;
}

static int f_balnum(json_t *o, void *c)
{
    (void)c;
    if (json_is_string(json_object_get(o, "balance")))
        return flip_type(o, "balance");
    return 0;
}

/* Renames a service's type to one no document describes. */
static int f_unknown_type(json_t *o, void *c)
{
    (void)c;
    if (json_object_get(o, "type"))
        return json_object_set_new(o, "type", json_string("Mystery Type"));
    return 0;
}

/* Negates a rate member (string "1.20" -> "-1.20", number 1.2 -> -1.2). */
static int f_rate_negative(json_t *o, void *c)
{
    (void)c;
    json_t *v = json_object_get(o, "rate");
    char tmp[96];
    if (json_is_string(v) && json_string_value(v)[0] != '-') {
        snprintf(tmp, sizeof tmp, "-%.80s", json_string_value(v));
        return json_object_set_new(o, "rate", json_string(tmp));
    } else if (json_is_integer(v)) {
        return json_object_set_new(o, "rate", json_integer(-json_integer_value(v)));
    } else if (json_is_real(v)) {
        return json_object_set_new(o, "rate", json_real(-json_real_value(v)));
    }
    return 0;
}

/* Drops a service's rate. */
static int f_norate(json_t *o, void *c)
{
    (void)c;
    json_object_del(o, "rate");
    return 0;
}

/* Drops the balance member. */
static int f_nobalance(json_t *o, void *c)
{
    (void)c;
    json_object_del(o, "balance");
    return 0;
}

/* Swaps the shape of multi-status error entries: {"error":m} <-> "m"; -1 on NOMEM. */
static int swap_error_entries(mock_req *q, json_t *j)
{
    const char *ef = q->d->error_field ? q->d->error_field : "error";
    const char *k;
    json_t *v;
    void *tmp;
    int bad = 0;
    json_object_foreach_safe(j, tmp, k, v)
    {
        if (json_is_object(v) && json_object_size(v) == 1 && json_object_get(v, ef)) {
            bad |= json_object_set(j, k, json_object_get(v, ef)) != 0;
        } else if (json_is_string(v)) {
            json_t *o = json_object();
            bad |= json_object_set(o, ef, v) != 0;
            bad |= json_object_set_new(j, k, o) != 0;
        }
    }
    return bad ? -1 : 0;
}

/* Applies the active deviations for q's action to the rendered tree (taken); returns the tree,
 * or NULL when an edit could not be made (NOMEM): never a tree with an edit left out. */
json_t *mock_dev_apply(mock_req *q, json_t *j)
{
    const unsigned char *dv = q->s->dev;
    const panel_action_spec *sp = &q->d->actions[q->action];
    int bad = 0;
    switch (q->action) {
    case PANEL_ACTION_SERVICES:
        if (dv[MOCK_DEV_SERVICES_RATE_NUMBER])
            bad |= walk(j, f_rate, NULL);
        if (dv[MOCK_DEV_SERVICES_MIN_OVER_MAX])
            bad |= walk(j, f_minmax, NULL);
        if (dv[MOCK_DEV_SERVICES_MISSING_TYPE])
            bad |= walk(j, f_notype, NULL);
        if (dv[MOCK_DEV_SERVICES_UNKNOWN_TYPE])
            bad |= walk(j, f_unknown_type, NULL);
        if (dv[MOCK_DEV_SERVICES_RATE_NEGATIVE])
            bad |= walk(j, f_rate_negative, NULL);
        if (dv[MOCK_DEV_SERVICES_MISSING_RATE])
            bad |= walk(j, f_norate, NULL);
        break;
    case PANEL_ACTION_STATUS:
        if (dv[MOCK_DEV_STATUS_MISSING_FIELD])
            bad |= walk(j, f_nostatus, NULL);
        if (dv[MOCK_DEV_MULTI_ERROR_WRONG_SHAPE] && q->multi && json_is_object(j))
            bad |= swap_error_entries(q, j);
        break;
    case PANEL_ACTION_REFILL:
        if (dv[MOCK_DEV_REFILL_WRONG_SHAPE]) {
            const char *rf = (q->multi ? sp->multi.result_field : sp->single.result_field);
            const char *names[2] = {rf ? rf : "refill", "refill_id"};
            bad |= walk(j, f_rename, names);
        }
        break;
    case PANEL_ACTION_CANCEL:
        if (dv[MOCK_DEV_CANCEL_WRONG_SHAPE]) {
            const char *rf = (q->multi ? sp->multi.result_field : sp->single.result_field);
            const char *names[2] = {rf ? rf : "cancel", "cancelled"};
            bad |= walk(j, f_rename, names);
        }
        break;
    case PANEL_ACTION_BALANCE:
        if (dv[MOCK_DEV_BALANCE_NO_CURRENCY])
            bad |= walk(j, f_nocurrency, NULL);
        if (dv[MOCK_DEV_BALANCE_NUMBER])
            bad |= walk(j, f_balnum, NULL);
        if (dv[MOCK_DEV_BALANCE_MISSING])
            bad |= walk(j, f_nobalance, NULL);
        break;
    default:
        break;
    }
    if (bad) {
        json_decref(j);
        return NULL;
    }
    return j;
}

/* Breaks the services answer's JSON syntax the way the smmpanel-ru document does: the comma
 * before "type" goes and its value becomes a bare word. */
void mock_dev_apply_text(mock_req *q, panel_buf *body)
{
    if (q->action != PANEL_ACTION_SERVICES || !q->s->dev[MOCK_DEV_SERVICES_INVALID_JSON] ||
        !body->data)
        return;
    panel_buf nb;
    panel_buf_init(&nb, body->max);
    const char *p = body->data;
    static const char pat[] = ",\"type\":\"";
    while (*p) {
        const char *m = strstr(p, pat);
        if (!m) {
            panel_buf_puts(&nb, p);
            break;
        }
        panel_buf_append(&nb, p, (size_t)(m - p));
        panel_buf_puts(&nb, "\n\"type\": ");
        const char *v = m + sizeof pat - 1;
        size_t len = strcspn(v, "\"");
        panel_buf_append(&nb, v, len);
        p = v + len + (v[len] == '"');
    }
    if (nb.data) {
        panel_buf_free(body);
        *body = nb;
    }
}
