/* core/parse.c - the one parser: bytes + dialect spec -> normalized result + diagnostics. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse_impl.h"

#define MAX_SPEC_FIELDS 64
#define PARSE_READ_MAX_DEPTH 2048 /* containers the reader builds; deeper is too_deep */

/* Per-object reading target: the top-level result, an entry or a service. */
typedef struct {
    panel_entry *e;
    panel_service *s;
} target;

/* Field lookup prepared once per parse. */
typedef struct {
    const panel_response_spec *spec;
    parse_slot slots[MAX_SPEC_FIELDS];
    size_t n;
    const json_t *wrapper; /* top level: constant members to skip */
    int skip_status;       /* top level: unexpected {"status":"success"} wrapper member */
    int skip_success;      /* top level: unexpected {"success":...} wrapper member */
} field_map;

/* Index of field name in the spec, or -1. */
static int field_index(const field_map *m, const char *name)
{
    const panel_field *f = m->spec->fields;
    for (size_t i = 0; i < m->n; i++)
        if (f[i].name[0] == name[0] && !strcmp(f[i].name, name))
            return (int)i;
    return -1;
}

/* Prepares the slot table of spec for action a. */
static void field_map_init(field_map *m, panel_action a, const panel_response_spec *spec)
{
    memset(m, 0, sizeof *m);
    m->spec = spec;
    m->n = spec->n_fields < MAX_SPEC_FIELDS ? spec->n_fields : MAX_SPEC_FIELDS;
    for (size_t i = 0; i < m->n; i++)
        m->slots[i] = parse_slot_of(a, spec, spec->fields[i].name);
}

/* Duplicates s into *dst in the result's arena (a previous value stays there); records NOMEM. */
static void set_dup(parse_ctx *c, char **dst, const char *s)
{
    char *p = result_arena_dup(c->r, s, strlen(s));
    if (!p) {
        c->rc = PANEL_E_NOMEM;
        return;
    }
    *dst = p;
}

/* Reads an outcome field (refill/cancel): ok value, or the new id. */
static void read_result(parse_ctx *c, const panel_field *f, const jdoc_val *v, panel_entry *e)
{
    const json_t *okv = c->spec->ok_value;
    if (okv) {
        char a[80], b[80];
        e->has |= PANEL_HAS_OK;
        if (json_util_vequal(v, okv)) {
            e->ok = 1;
            return;
        }
        json_util_brief(okv, a, sizeof a);
        json_util_vbrief(v, b, sizeof b);
        if (!jdoc_is_object(v) && !jdoc_is_array(v) && !strcmp(a, b)) {
            parse_diag(c, PANEL_DIAG_WRONG_TYPE, a, b, "outcome has the wrong JSON type");
            e->ok = 1;
            return;
        }
        e->ok = 0;
        parse_diag(c, PANEL_DIAG_BAD_VALUE, a, b, "outcome '%s' is not the success value", b);
        return;
    }
    if (c->action == PANEL_ACTION_CANCEL) {
        e->has |= PANEL_HAS_OK;
        e->ok = jdoc_is_true(v) || (jdoc_is_int(v) && v->n == 1 && v->u.s[0] == '1') ||
                jdoc_is_object(v);
        /* the form's success rule (format 2; "id": a cancel answer carrying the order id) */
        if (!e->ok && c->spec && c->spec->success == PANEL_SUCCESS_ID &&
            (jdoc_is_string(v) || jdoc_is_int(v)) && panel_id_spec_ok(&c->d->order_id, v->u.s))
            e->ok = 1;
        return;
    }
    char *id = NULL;
    if (parse_read_id(c, v, f->kind, c->d->refill_id_kind, &id)) {
        e->refill_id = id;
        e->has |= PANEL_HAS_OK;
        e->ok = 1;
    }
}

/* The vocabulary for a status field. */
static const panel_vocab *vocab_for(const parse_ctx *c, panel_kind k)
{
    if (k == PANEL_KIND_REFILL_STATUS ||
        (k != PANEL_KIND_STATUS && c->action == PANEL_ACTION_REFILL_STATUS))
        return &c->d->refill_status;
    return &c->d->order_status;
}

/* Reads one member value into its slot. */
static void read_slot(parse_ctx *c, parse_slot slot, const panel_field *f, const jdoc_val *v,
                      target *t, size_t depth)
{
    panel_result *r = c->r;
    panel_service *s = t->s;
    panel_entry *e = t->e;
    int64_t iv;
    panel_money mv;
    int bv;
    char *str = NULL;
    switch (slot) {
    case SLOT_SVC_ID:
        if (s && parse_read_id(c, v, f->kind, PANEL_KIND_INT, &str)) {
            s->id = str;
        }
        return;
    case SLOT_SVC_NAME:
    case SLOT_SVC_TYPE:
    case SLOT_SVC_CATEGORY:
    case SLOT_SVC_DESC:
        if (s && parse_read_string(c, v, f->kind, &str)) {
            char **dst = slot == SLOT_SVC_NAME       ? &s->name
                         : slot == SLOT_SVC_TYPE     ? &s->type
                         : slot == SLOT_SVC_CATEGORY ? &s->category
                                                     : &s->desc;
            *dst = str;
        }
        return;
    case SLOT_SVC_RATE:
        if (s && parse_read_money(c, v, f->kind, &mv))
            s->rate = mv;
        return;
    case SLOT_SVC_MIN:
    case SLOT_SVC_MAX:
        if (s && parse_read_int(c, v, f->kind, &iv))
            *(slot == SLOT_SVC_MIN ? &s->min : &s->max) = iv;
        return;
    case SLOT_SVC_REFILL:
    case SLOT_SVC_CANCEL:
    case SLOT_SVC_DRIPFEED:
        if (s && parse_read_bool(c, v, f->kind, &bv))
            *(slot == SLOT_SVC_REFILL   ? &s->refill
              : slot == SLOT_SVC_CANCEL ? &s->cancel
                                        : &s->dripfeed) = bv;
        return;
    case SLOT_ORDER:
        if (parse_read_id(c, v, f->kind, c->d->order_id_kind, &str)) {
            r->order = str;
        }
        return;
    case SLOT_BALANCE:
        if (parse_read_money(c, v, f->kind, &mv)) {
            r->balance = mv;
            r->has |= PANEL_HAS_BALANCE;
        }
        return;
    case SLOT_CURRENCY:
        if (parse_read_string(c, v, f->kind, &str)) {
            r->currency = str;
        }
        return;
    default:
        break;
    }
    if (!e) {
        parse_check_depth(c, v, depth);
        return;
    }
    switch (slot) {
    case SLOT_E_ID:
        if (parse_read_id(c, v, f->kind, parse_id_kind(c->d, c->action), &str)) {
            if (e->id && strcmp(e->id, str))
                parse_diag(c, PANEL_DIAG_BAD_VALUE, e->id, str,
                           "id '%s' differs from the entry's key '%s'", str, e->id);
            if (!e->id)
                e->id = str;
        }
        return;
    case SLOT_E_CHARGE:
        if (parse_read_money(c, v, f->kind, &mv)) {
            e->charge = mv;
            e->has |= PANEL_HAS_CHARGE;
        }
        return;
    case SLOT_E_START:
    case SLOT_E_REMAINS:
        if (parse_read_int(c, v, f->kind, &iv)) {
            if (slot == SLOT_E_START) {
                e->start_count = iv;
                e->has |= PANEL_HAS_START_COUNT;
            } else {
                e->remains = iv;
                e->has |= PANEL_HAS_REMAINS;
            }
        }
        return;
    case SLOT_E_STATUS: {
        panel_status st = PANEL_STATUS_UNKNOWN;
        if (parse_read_status(c, v, vocab_for(c, f->kind), &st, &str)) {
            e->status_word = str;
            e->status = st;
            e->has |= PANEL_HAS_STATUS;
        }
        return;
    }
    case SLOT_E_CURRENCY:
        if (parse_read_string(c, v, f->kind, &str)) {
            e->currency = str;
        }
        return;
    case SLOT_E_RESULT:
        read_result(c, f, v, e);
        return;
    case SLOT_E_ERROR:
        if (parse_read_string(c, v, f->kind, &str)) {
            e->error = str;
        }
        return;
    default:
        parse_check_depth(c, v, depth);
        return;
    }
}

/* 1 when key is a wrapper member to skip at the top level. */
static int skip_key(const field_map *m, const char *key)
{
    if (m->wrapper && json_object_get(m->wrapper, key))
        return 1;
    if (m->skip_status && !strcmp(key, "status"))
        return 1;
    if (m->skip_success && !strcmp(key, "success"))
        return 1;
    return 0;
}

/* Reads the members of obj (at depth) into t per the spec; reports unknown and missing. */
static void read_members(parse_ctx *c, const field_map *m, const jdoc_val *obj, target *t,
                         size_t depth, int top)
{
    uint64_t seen = 0;
    const panel_field *fields = m->spec->fields;
    for (uint32_t mi = 0; mi < obj->n && c->rc == PANEL_E_OK; mi++) {
        const jdoc_member *mm = &obj->u.members[mi];
        const char *key = mm->key.u.s;
        const jdoc_val *v = &mm->val;
        if (top && skip_key(m, key))
            continue;
        size_t mark = json_util_ptr_push_key(&c->ptr, key);
        /* a key with a NUL inside is no field, whatever it starts with */
        int i = strlen(key) == mm->key.n ? field_index(m, key) : -1;
        if (i < 0) {
            if (!c->generic)
                parse_diag(c, PANEL_DIAG_UNKNOWN_FIELD, NULL, key,
                           "member '%s' is not documented for this response", key);
            parse_check_depth(c, v, depth + 1);
        } else if (fields[i].required && jdoc_is_null(v)) {
            /* A null where the document promises a value is a missing value, not a quirk
             * to smooth over: the normalized value cannot carry it. */
            seen |= 1ull << i;
            parse_diag(c, PANEL_DIAG_MISSING_FIELD, fields[i].name, "null",
                       "required member '%s' is null", key);
        } else {
            seen |= 1ull << i;
            read_slot(c, m->slots[i], &fields[i], v, t, depth + 1);
        }
        json_util_ptr_pop(&c->ptr, mark);
    }
    for (size_t i = 0; i < m->n; i++) {
        if (fields[i].required && !(seen & (1ull << i)))
            parse_diag(c, PANEL_DIAG_MISSING_FIELD, fields[i].name, NULL,
                       "required member '%s' is missing", fields[i].name);
    }
}

/* Appends a zeroed entry; NULL on NOMEM. */
static panel_entry *new_entry(parse_ctx *c)
{
    panel_result *r = c->r;
    if (r->n_entries >= c->ent_cap) {
        size_t cap = c->ent_cap ? c->ent_cap * 2 : 4;
        panel_entry *ne = realloc(r->entries, cap * sizeof *ne);
        if (!ne) {
            c->rc = PANEL_E_NOMEM;
            return NULL;
        }
        r->entries = ne;
        c->ent_cap = cap;
    }
    panel_entry *e = &r->entries[r->n_entries++];
    memset(e, 0, sizeof *e);
    return e;
}

/* Appends a service with absent flags; NULL on NOMEM. */
static panel_service *new_service(parse_ctx *c, size_t hint)
{
    panel_result *r = c->r;
    if (r->n_services >= c->svc_cap) {
        size_t cap = c->svc_cap ? c->svc_cap * 2 : (hint > 4 ? hint : 4);
        panel_service *ns = realloc(r->services, cap * sizeof *ns);
        if (!ns) {
            c->rc = PANEL_E_NOMEM;
            return NULL;
        }
        r->services = ns;
        c->svc_cap = cap;
    }
    panel_service *s = &r->services[r->n_services++];
    memset(s, 0, sizeof *s);
    s->refill = s->cancel = s->dripfeed = -1;
    return s;
}

static const char *errentry_names[] = {"none", "object", "string", "nested", "sibling"};

/* Reports an error entry whose shape differs from the dialect's. */
static void check_errentry(parse_ctx *c, panel_errentry got)
{
    panel_errentry want = c->spec->error_entry;
    if (want != got)
        parse_diag(c, PANEL_DIAG_ERROR_ENTRY_SHAPE, errentry_names[want], errentry_names[got],
                   "error entry is %s-shaped, the dialect documents %s", errentry_names[got],
                   errentry_names[want]);
}

/* Sets an entry's error text from v (a string, else its brief with WRONG_TYPE). */
static void set_error_text(parse_ctx *c, panel_entry *e, const jdoc_val *v)
{
    char b[80];
    if (jdoc_is_string(v)) {
        set_dup(c, &e->error, v->u.s);
        return;
    }
    json_util_vbrief(v, b, sizeof b);
    parse_diag(c, PANEL_DIAG_WRONG_TYPE, "string", b, "error text is a %s", jdoc_type_name(v));
    set_dup(c, &e->error, b);
}

/* If obj is an error entry, records it in e and returns 1. */
static int read_error_entry(parse_ctx *c, const field_map *m, const jdoc_val *obj, panel_entry *e,
                            size_t depth)
{
    const char *ef = c->d->error_field ? c->d->error_field : "error";
    const jdoc_val *ev = jdoc_get(obj, ef);
    const char *kf = m->spec->key_field;
    if (ev) {
        int has_key = kf && jdoc_get(obj, kf);
        size_t mark = json_util_ptr_push_key(&c->ptr, ef);
        set_error_text(c, e, ev);
        json_util_ptr_pop(&c->ptr, mark);
        check_errentry(c, has_key ? PANEL_ERRENTRY_SIBLING : PANEL_ERRENTRY_OBJECT);
    } else {
        const char *key = NULL;
        for (uint32_t mi = 0; mi < obj->n; mi++) {
            const jdoc_member *mm = &obj->u.members[mi];
            const jdoc_val *v = &mm->val;
            if (jdoc_is_object(v) && jdoc_get(v, ef)) {
                key = mm->key.u.s;
                ev = jdoc_get(v, ef);
                break;
            }
        }
        if (!key)
            return 0;
        size_t mark = json_util_ptr_push_key(&c->ptr, key);
        json_util_ptr_push_key(&c->ptr, ef);
        set_error_text(c, e, ev);
        json_util_ptr_pop(&c->ptr, mark);
        check_errentry(c, PANEL_ERRENTRY_NESTED);
    }
    if (kf) {
        const jdoc_val *kv = jdoc_get(obj, kf);
        int i = field_index(m, kf);
        if (kv && i >= 0) {
            target t = {e, NULL};
            size_t mark = json_util_ptr_push_key(&c->ptr, kf);
            read_slot(c, SLOT_E_ID, &m->spec->fields[i], kv, &t, depth + 1);
            json_util_ptr_pop(&c->ptr, mark);
        }
    }
    parse_check_depth(c, obj, depth);
    return 1;
}

/* Checks remains against 0 and the ordered quantity. */
static void check_remains(parse_ctx *c, const panel_entry *e)
{
    if (!(e->has & PANEL_HAS_REMAINS))
        return;
    size_t mark = json_util_ptr_push_key(&c->ptr, "remains");
    char b[32];
    snprintf(b, sizeof b, "%lld", (long long)e->remains);
    if (e->remains < 0)
        parse_diag(c, PANEL_DIAG_REMAINS_NEGATIVE, ">= 0", b, "remains is negative");
    else if (c->quantity > 0 && e->remains > c->quantity) {
        char q[32];
        snprintf(q, sizeof q, "<= %lld", (long long)c->quantity);
        parse_diag(c, PANEL_DIAG_REMAINS_OVER_QUANTITY, q, b,
                   "remains %s exceeds the ordered quantity %lld", b, (long long)c->quantity);
    }
    json_util_ptr_pop(&c->ptr, mark);
}

/* Reads one entry value (object, or a plain-string error entry); key is its map key or NULL. */
static void read_entry(parse_ctx *c, const field_map *m, const jdoc_val *v, const char *key,
                       size_t depth, int top)
{
    panel_entry *e = new_entry(c);
    if (!e)
        return;
    if (key)
        set_dup(c, &e->id, key);
    if (jdoc_is_string(v)) {
        set_error_text(c, e, v);
        check_errentry(c, PANEL_ERRENTRY_STRING);
        return;
    }
    if (!jdoc_is_object(v)) {
        char b[80];
        json_util_vbrief(v, b, sizeof b);
        parse_diag(c, PANEL_DIAG_WRONG_SHAPE, "object", jdoc_type_name(v),
                   "entry is a %s, not an object", jdoc_type_name(v));
        parse_check_depth(c, v, depth);
        return;
    }
    if (read_error_entry(c, m, v, e, depth))
        return;
    target t = {e, NULL};
    read_members(c, m, v, &t, depth, top);
    check_remains(c, e);
}

/* Reads one service object. */
static void read_service(parse_ctx *c, const field_map *m, const jdoc_val *v, size_t depth,
                         size_t hint)
{
    if (!jdoc_is_object(v)) {
        parse_diag(c, PANEL_DIAG_WRONG_SHAPE, "object", jdoc_type_name(v),
                   "service is a %s, not an object", jdoc_type_name(v));
        parse_check_depth(c, v, depth);
        return;
    }
    panel_service *s = new_service(c, hint);
    if (!s)
        return;
    target t = {NULL, s};
    read_members(c, m, v, &t, depth, 0);
    if (!s->id && !s->name && !s->type && !s->category && !s->desc && !s->rate && !s->min &&
        !s->max && s->refill < 0 && s->cancel < 0 && s->dripfeed < 0) {
        /* nothing recovered (e.g. {}): the diagnostics say so, the value keeps no husk, and a
         * list of a million {} costs no million services */
        c->r->n_services--;
        return;
    }
    if (s->min > s->max && s->max > 0) {
        char a[64];
        snprintf(a, sizeof a, "min %lld > max %lld", (long long)s->min, (long long)s->max);
        parse_diag(c, PANEL_DIAG_MIN_OVER_MAX, "min <= max", a, "%s", a);
    }
    if (s->type && c->d->n_types && !panel_dialect_type(c->d, s->type)) {
        size_t mark = json_util_ptr_push_key(&c->ptr, "type");
        parse_diag(c, PANEL_DIAG_UNKNOWN_SERVICE_TYPE, "a documented service type", s->type,
                   "service type '%s' is not documented", s->type);
        json_util_ptr_pop(&c->ptr, mark);
    }
}

/* 1 when action a's answer is a list of entries (status, refill, ...). */
static int entry_action(panel_action a)
{
    return a == PANEL_ACTION_STATUS || a == PANEL_ACTION_REFILL ||
           a == PANEL_ACTION_REFILL_STATUS || a == PANEL_ACTION_CANCEL;
}

/* 1 when entry number index (0-based) of a multi form is past max_ids: not read. */
static int past_cap(const parse_ctx *c, size_t index)
{
    return c->r->multi && c->max_ids && index >= c->max_ids;
}

/* Reports TOO_MANY_ENTRIES for multi forms beyond max_ids (only the first max_ids are read:
 * no request asks for more, and a hostile list must not cost its length in output). */
static void check_count(parse_ctx *c, size_t count)
{
    if (!c->r->multi || !c->max_ids || count <= c->max_ids)
        return;
    char a[32], b[32];
    snprintf(a, sizeof a, "<= %zu", c->max_ids);
    snprintf(b, sizeof b, "%zu", count);
    parse_diag(c, PANEL_DIAG_TOO_MANY_ENTRIES, a, b,
               "%zu entries, the limit is %zu (only the first %zu are read)", count, c->max_ids,
               c->max_ids);
}

/* 1 when obj looks like a map keyed by ids rather than an object with the spec's fields. */
static int looks_keyed(const parse_ctx *c, const jdoc_val *obj, const panel_response_spec *flat)
{
    if (!jdoc_is_object(obj) || obj->n == 0)
        return 0;
    field_map m;
    field_map_init(&m, c->action, flat);
    for (uint32_t mi = 0; mi < obj->n; mi++) {
        const jdoc_member *mm = &obj->u.members[mi];
        if (field_index(&m, mm->key.u.s) >= 0)
            return 0;
    }
    return 1;
}

/* Reads an object-shaped answer. */
static void read_object_shape(parse_ctx *c, field_map *m, const jdoc_val *root, size_t depth)
{
    if (!jdoc_is_object(root)) {
        parse_diag(c, PANEL_DIAG_WRONG_SHAPE, "object", jdoc_type_name(root),
                   "expected an object, got %s", jdoc_type_name(root));
        parse_check_depth(c, root, depth);
        return;
    }
    if (!entry_action(c->action)) {
        target t = {NULL, NULL};
        read_members(c, m, root, &t, depth, 1);
        return;
    }
    if (root->n == 1 && looks_keyed(c, root, m->spec) && jdoc_is_object(&root->u.members[0].val)) {
        /* Quirk: a single answer keyed by its id; accepted, reported as a warning. */
        const jdoc_member *mm = &root->u.members[0];
        const char *key = mm->key.u.s;
        parse_warn(c, PANEL_DIAG_WRONG_SHAPE, "object", "map keyed by id",
                   "single answer is a one-entry map keyed by '%s'", key);
        size_t mark = json_util_ptr_push_key(&c->ptr, key);
        /* the id stays in the diagnostic only: the documented single form carries none */
        read_entry(c, m, &mm->val, NULL, depth + 1, 0);
        json_util_ptr_pop(&c->ptr, mark);
        return;
    }
    read_entry(c, m, root, NULL, depth, 1);
}

/* Reads a keyed-map answer. */
static void read_keyed_shape(parse_ctx *c, field_map *m, const jdoc_val *root, size_t depth)
{
    if (!jdoc_is_object(root)) {
        parse_diag(c, PANEL_DIAG_WRONG_SHAPE, "object keyed by id", jdoc_type_name(root),
                   "expected an object keyed by id, got %s", jdoc_type_name(root));
        parse_check_depth(c, root, depth);
        return;
    }
    if (!looks_keyed(c, root, m->spec) && root->n > 0) {
        parse_diag(c, PANEL_DIAG_WRONG_SHAPE, "object keyed by id", "flat object",
                   "expected entries keyed by id, got a flat object (read as one entry)");
        read_entry(c, m, root, NULL, depth, 1);
        return;
    }
    panel_kind idk = parse_id_kind(c->d, c->action);
    const char *ef = c->d->error_field ? c->d->error_field : "error";
    size_t count = 0;
    for (uint32_t mi = 0; mi < root->n && c->rc == PANEL_E_OK; mi++) {
        const jdoc_member *mm = &root->u.members[mi];
        const char *key = mm->key.u.s;
        if (skip_key(m, key))
            continue;
        if (past_cap(c, count++))
            continue;
        size_t mark = json_util_ptr_push_key(&c->ptr, key);
        if (!strcmp(key, ef)) { /* the error member beside entries is never an entry: read as
                                 * one, it would render as the error envelope (fuzz finding) */
            parse_diag(c, PANEL_DIAG_BAD_ID, "an id", key,
                       "member '%s' beside the entries is the error member, not an id", key);
            json_util_ptr_pop(&c->ptr, mark);
            continue;
        }
        if (!panel_id_ok(idk, key))
            parse_diag(c, PANEL_DIAG_BAD_ID,
                       idk == PANEL_KIND_OID ? "24 hex digits" : "1-18 digits, no leading zero",
                       key, "key '%s' is not an id in the dialect's format", key);
        read_entry(c, m, &mm->val, key, depth + 1, 0);
        json_util_ptr_pop(&c->ptr, mark);
    }
    check_count(c, count);
}

/* Reads an array answer (services or entries). */
static void read_array_shape(parse_ctx *c, field_map *m, const jdoc_val *root, size_t depth)
{
    int svc = c->action == PANEL_ACTION_SERVICES;
    if (jdoc_is_object(root)) {
        int entryish = m->spec->key_field && jdoc_get(root, m->spec->key_field);
        parse_diag(c, PANEL_DIAG_WRONG_SHAPE, "array", "object",
                   "expected an array, got an object");
        if (!svc && entryish) {
            read_entry(c, m, root, NULL, depth, 1);
        } else if (svc && looks_keyed(c, root, m->spec)) {
            for (uint32_t mi = 0; mi < root->n && c->rc == PANEL_E_OK; mi++) {
                const jdoc_member *mm = &root->u.members[mi];
                size_t mark = json_util_ptr_push_key(&c->ptr, mm->key.u.s);
                read_service(c, m, &mm->val, depth + 1, root->n);
                json_util_ptr_pop(&c->ptr, mark);
            }
        } else {
            parse_check_depth(c, root, depth);
        }
        return;
    }
    if (!jdoc_is_array(root)) {
        parse_diag(c, PANEL_DIAG_WRONG_SHAPE, "array", jdoc_type_name(root),
                   "expected an array, got %s", jdoc_type_name(root));
        return;
    }
    size_t n = root->n;
    for (size_t i = 0; i < n && c->rc == PANEL_E_OK && (svc || !past_cap(c, i)); i++) {
        size_t mark = json_util_ptr_push_index(&c->ptr, i);
        if (svc)
            read_service(c, m, &root->u.items[i], depth + 1, n);
        else
            read_entry(c, m, &root->u.items[i], NULL, depth + 1, 0);
        json_util_ptr_pop(&c->ptr, mark);
    }
    if (!svc)
        check_count(c, n);
}

/* 1 when some member of obj other than the error and key field names a field of s. */
static int has_payload(const jdoc_val *obj, const char *ef, const panel_response_spec *s)
{
    if (!s)
        return 0;
    for (uint32_t mi = 0; mi < obj->n; mi++) {
        const jdoc_member *mm = &obj->u.members[mi];
        const char *k = mm->key.u.s;
        if (!strcmp(k, ef) || (s->key_field && !strcmp(k, s->key_field)))
            continue;
        for (size_t i = 0; i < s->n_fields; i++)
            if (!strcmp(s->fields[i].name, k))
                return 1;
    }
    return 0;
}

/* Recognises the dialect's error envelope (also nested {"status":{"error":...}}); sets
 * r->error and returns 1 when root is one. */
static int read_envelope(parse_ctx *c, const jdoc_val *root, const panel_response_spec *s1,
                         const panel_response_spec *sm)
{
    const char *ef = c->d->error_field ? c->d->error_field : "error";
    if (!jdoc_is_object(root))
        return 0;
    const jdoc_val *ev = jdoc_get(root, ef);
    const char *outer = NULL;
    if (!ev && root->n == 1) {
        const jdoc_member *mm = &root->u.members[0];
        const jdoc_val *inner = &mm->val;
        outer = mm->key.u.s;
        int is_result = (s1 && s1->result_field && !strcmp(outer, s1->result_field)) ||
                        (sm && sm->result_field && !strcmp(outer, sm->result_field));
        int is_id =
            panel_id_ok(c->d->order_id_kind, outer) || panel_id_ok(c->d->refill_id_kind, outer);
        if (jdoc_is_object(inner) && !is_result && !is_id)
            ev = jdoc_get(inner, ef);
    }
    if (!ev || has_payload(root, ef, s1) || has_payload(root, ef, sm))
        return 0;
    size_t m0 = c->ptr.len;
    if (ev && outer && !jdoc_get(root, ef))
        json_util_ptr_push_key(&c->ptr, outer);
    json_util_ptr_push_key(&c->ptr, ef);
    char b[80];
    json_util_vbrief(ev, b, sizeof b);
    if (!jdoc_is_string(ev))
        parse_diag(c, PANEL_DIAG_WRONG_TYPE, "string", b, "error member is a %s, not a string",
                   jdoc_type_name(ev));
    set_dup(c, &c->r->error, jdoc_is_string(ev) ? ev->u.s : b);
    if (c->action != PANEL_ACTION_ERROR)
        parse_diag(c, PANEL_DIAG_API_ERROR, NULL, b, "provider answered with an error: %s", b);
    json_util_ptr_pop(&c->ptr, m0);
    parse_check_depth(c, root, 1);
    return 1;
}

/* Chooses the single or multi form when the caller asked to detect it. */
static int detect_multi(const parse_ctx *c, const jdoc_val *root, const panel_response_spec *s1,
                        const panel_response_spec *sm)
{
    if (!sm)
        return 0;
    if (!s1)
        return 1;
    if (s1->shape != sm->shape) {
        if (jdoc_is_array(root))
            return sm->shape == PANEL_SHAPE_ARRAY;
        if (sm->shape == PANEL_SHAPE_ARRAY)
            return 0;
        if (s1->shape == PANEL_SHAPE_ARRAY)
            return 1;
        if (sm->shape == PANEL_SHAPE_KEYED)
            return looks_keyed(c, root, s1);
        return !looks_keyed(c, root, sm);
    }
    if (jdoc_is_array(root))
        return root->n > 1;
    if (jdoc_is_object(root) && s1->shape == PANEL_SHAPE_KEYED)
        return root->n > 1;
    return 0;
}

/* Handles wrappers at the top: documented constant members, and unexpected
 * {"status":"success"|true, "data":{...}} / {"success":...} ones. Returns the payload. */
static const jdoc_val *unwrap(parse_ctx *c, field_map *m, const jdoc_val *root)
{
    if (!jdoc_is_object(root))
        return root;
    const panel_response_spec *s = m->spec;
    if (s->wrapper && json_is_object(s->wrapper)) {
        m->wrapper = s->wrapper;
        const char *k;
        json_t *wv;
        json_object_foreach((json_t *)s->wrapper, k, wv)
        {
            const jdoc_val *got = jdoc_get(root, k);
            size_t mark = json_util_ptr_push_key(&c->ptr, k);
            char a[80], b[80];
            json_util_brief(wv, a, sizeof a);
            if (!got) {
                json_util_ptr_pop(&c->ptr, mark);
                parse_diag(c, PANEL_DIAG_WRAPPER_MISSING, a, NULL,
                           "documented wrapper member '%s' is missing", k);
            } else if (!json_util_vequal(got, wv)) {
                json_util_vbrief(got, b, sizeof b);
                parse_diag(c, PANEL_DIAG_BAD_VALUE, a, b, "wrapper member '%s' is '%s'", k, b);
            }
            json_util_ptr_pop(&c->ptr, mark);
        }
        return root;
    }
    /* In a keyed answer whose ids are tokens, "status", "success" and "data" can be entry ids:
     * no undocumented wrapper is guessed there, so a rendered answer reads back the same (fuzz
     * findings on a token-id dialect). */
    if (s->shape == PANEL_SHAPE_KEYED && panel_id_ok(parse_id_kind(c->d, c->action), "success"))
        return root;
    const jdoc_val *st = jdoc_get(root, "status");
    const jdoc_val *su = jdoc_get(root, "success");
    const jdoc_val *data = jdoc_get(root, "data");
    int status_is_field = field_index(m, "status") >= 0;
    int st_wrap = st && !status_is_field &&
                  (jdoc_is_true(st) || (jdoc_is_string(st) && !strcasecmp(st->u.s, "success")));
    if (data && (jdoc_is_object(data) || jdoc_is_array(data)) && field_index(m, "data") < 0 &&
        (st_wrap || su || root->n == 1)) {
        parse_diag(c, PANEL_DIAG_WRAPPER_UNEXPECTED, NULL, "data",
                   "payload wrapped in an undocumented 'data' member (unwrapped)");
        json_util_ptr_push_key(&c->ptr, "data");
        return data;
    }
    if (st_wrap) {
        m->skip_status = 1;
        size_t mark = json_util_ptr_push_key(&c->ptr, "status");
        char b[80];
        json_util_vbrief(st, b, sizeof b);
        parse_diag(c, PANEL_DIAG_WRAPPER_UNEXPECTED, NULL, b,
                   "undocumented wrapper member 'status' (ignored)");
        json_util_ptr_pop(&c->ptr, mark);
    }
    if (su && field_index(m, "success") < 0 && root->n > 1) {
        m->skip_success = 1;
        size_t mark = json_util_ptr_push_key(&c->ptr, "success");
        char b[80];
        json_util_vbrief(su, b, sizeof b);
        parse_diag(c, PANEL_DIAG_WRAPPER_UNEXPECTED, NULL, b,
                   "undocumented wrapper member 'success' (ignored)");
        json_util_ptr_pop(&c->ptr, mark);
    }
    return root;
}

/* Walks a loaded document. */
static void parse_root(parse_ctx *c, const jdoc_val *root, int want_multi)
{
    panel_action a = c->action;
    if (a == PANEL_ACTION_ERROR) {
        if (!read_envelope(c, root, NULL, NULL)) {
            parse_diag(c, PANEL_DIAG_WRONG_SHAPE, "error envelope", jdoc_type_name(root),
                       "expected the dialect's error envelope");
            parse_check_depth(c, root, 1);
        }
        return;
    }
    const panel_response_spec *s1 = parse_spec_for(c->d, a, 0);
    const panel_response_spec *sm = parse_spec_for(c->d, a, 1);
    if (read_envelope(c, root, s1 ? s1 : parse_generic_spec(a, 0),
                      sm ? sm : parse_generic_spec(a, 1)))
        return;
    int multi = want_multi;
    if (multi < 0)
        multi = (s1 || sm)
                    ? detect_multi(c, root, s1, sm)
                    : detect_multi(c, root, parse_generic_spec(a, 0), parse_generic_spec(a, 1));
    c->r->multi = multi;
    const panel_response_spec *spec = multi ? sm : s1;
    if (!spec) {
        parse_diag(c, PANEL_DIAG_NOT_DOCUMENTED, NULL, panel_action_name(a),
                   "the dialect documents no %s form of '%s' (parsed generically)",
                   multi ? "multi" : "single", panel_action_name(a));
        spec = parse_generic_spec(a, multi);
        c->generic = 1;
        if (!spec)
            return;
    }
    c->spec = spec;
    field_map m;
    field_map_init(&m, a, spec);
    size_t mark = c->ptr.len;
    const jdoc_val *payload = unwrap(c, &m, root);
    size_t depth = payload == root ? 1 : 2;
    switch (spec->shape) {
    case PANEL_SHAPE_OBJECT:
        read_object_shape(c, &m, payload, depth);
        break;
    case PANEL_SHAPE_KEYED:
        read_keyed_shape(c, &m, payload, depth);
        break;
    case PANEL_SHAPE_ARRAY:
        read_array_shape(c, &m, payload, depth);
        break;
    }
    json_util_ptr_pop(&c->ptr, mark);
}

/* Records a reader diagnostic (invalid JSON, depth, duplicate key) with its position. */
static void load_diag(parse_ctx *c, panel_diag_code code, const jdoc_error *e, const char *extra)
{
    char exp[16] = "valid JSON";
    panel_err rc =
        panel_result_diag(c->r, code, "", code == PANEL_DIAG_INVALID_JSON ? exp : NULL, NULL,
                          "%s (line %d, column %d)%s", e->text, e->line, e->column, extra);
    if (rc != PANEL_E_OK) {
        c->rc = rc;
        return;
    }
    panel_diag *dg = &c->r->diags[c->r->n_diags - 1];
    dg->line = e->line;
    dg->column = e->column;
    dg->position = e->position;
}

/* The reader's duplicate-key callback: one DUPLICATE_KEY diagnostic per merged key. */
static void on_duplicate(void *ctx, const jdoc_error *where)
{
    parse_ctx *c = ctx;
    if (c->rc == PANEL_E_OK)
        load_diag(c, PANEL_DIAG_DUPLICATE_KEY, where, "");
}

/* 1 when the body starts (after spaces) with '<'. */
static int looks_html(const char *body, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)body[i]))
        i++;
    return i < n && body[i] == '<';
}

/* Reads body into doc, reporting what goes wrong; 0 when nothing is recoverable. Duplicate
 * keys are reported (the last value wins); numbers keep their text and are judged where read. */
static int load(parse_ctx *c, const char *body, size_t n, jdoc *doc)
{
    jdoc_error e;
    panel_err rc = jdoc_read(doc, body, n, PARSE_READ_MAX_DEPTH, on_duplicate, c, &e);
    if (doc->n_dups > JDOC_MAX_DUP_CALLS) {
        c->left_out[PANEL_DIAG_DUPLICATE_KEY] += doc->n_dups - JDOC_MAX_DUP_CALLS;
        c->left_sev[PANEL_DIAG_DUPLICATE_KEY] = PANEL_SEV_WARNING;
        c->any_left_out = 1;
    }
    c->diag_n[PANEL_DIAG_DUPLICATE_KEY] = (uint32_t)doc->n_dups;
    if (rc == PANEL_E_OK)
        return 1;
    if (rc == PANEL_E_NOMEM)
        c->rc = PANEL_E_NOMEM;
    else if (e.status == JDOC_DEPTH)
        load_diag(c, PANEL_DIAG_TOO_DEEP, &e, "");
    else
        load_diag(c, PANEL_DIAG_INVALID_JSON, &e,
                  looks_html(body, n) ? "; the body looks like an HTML page" : "");
    return 0;
}

/* Parses body as the answer to action in d; always returns a result unless NOMEM/INVALID. */
/* A single answer whose only entry is an error entry is the provider refusing the request:
 * the same verdict as the top-level error envelope (API_ERROR), whatever the entry's shape. */
static void single_error_is_api_error(parse_ctx *c)
{
    panel_result *r = c->r;
    if (r->multi || r->n_entries != 1 || !r->entries[0].error || r->error ||
        c->action == PANEL_ACTION_ERROR)
        return;
    r->error = result_arena_dup(r, r->entries[0].error, strlen(r->entries[0].error));
    if (!r->error) {
        c->rc = PANEL_E_NOMEM;
        return;
    }
    parse_diag(c, PANEL_DIAG_API_ERROR, "a successful answer", r->error,
               "the provider answered with an error entry: %s", r->error);
}

/* A single add / refill / cancel answer that is neither a success of the dialect's rule (an
 * order id, a refill id, the success value) nor an error is one unclassified_answer; a member
 * that was read but whose value is broken (an error diagnostic at its pointer) is not. */
static void unclassified_answer(parse_ctx *c, const char *body, size_t n)
{
    panel_result *r = c->r;
    if (r->multi || r->error ||
        (c->action != PANEL_ACTION_ADD && c->action != PANEL_ACTION_REFILL &&
         c->action != PANEL_ACTION_CANCEL))
        return;
    if (c->action == PANEL_ACTION_ADD
            ? r->order != NULL
            : r->n_entries > 0 && (r->entries[0].ok || r->entries[0].error))
        return;
    for (size_t i = 0; i < r->n_diags; i++)
        if (r->diags[i].severity == PANEL_SEV_ERROR && r->diags[i].pointer &&
            r->diags[i].pointer[0])
            return;
    char actual[72];
    size_t k = n < 64 ? n : 64;
    for (size_t i = 0; i < k; i++)
        actual[i] = body[i] >= 0x20 && body[i] < 0x7f                       ? body[i]
                    : body[i] == '\n' || body[i] == '\r' || body[i] == '\t' ? ' '
                                                                            : '?';
    snprintf(actual + k, sizeof actual - k, "%s", n > k ? "..." : "");
    parse_diag(c, PANEL_DIAG_UNCLASSIFIED_ANSWER, "a success or an error answer of the dialect",
               actual, "the %s answer is neither a success nor an error of the dialect",
               panel_action_name(c->action));
}

panel_err panel_parse(const panel_dialect *d, panel_action action, const char *body, size_t n,
                      const panel_parse_opts *opts, panel_result **out)
{
    panel_err rc = PANEL_E_OK;
    jdoc doc;
    memset(&doc, 0, sizeof doc);
    if (!d || !out || (unsigned)action >= PANEL_ACTION__COUNT || (!body && n))
        return PANEL_E_INVALID;
    *out = NULL;
    parse_ctx c;
    memset(&c, 0, sizeof c);
    int want_multi = opts ? opts->multi : -1;
    c.d = d;
    c.action = action;
    c.r = panel_result_new(action, want_multi == 1);
    c.max_depth = opts && opts->max_depth ? opts->max_depth : PANEL_PARSE_MAX_DEPTH;
    c.max_ids = opts && opts->max_ids ? opts->max_ids : d->max_ids;
    c.quantity = opts ? opts->quantity : 0;
    json_util_ptr_init(&c.ptr);
    if (!c.r || json_util_ptr_failed(&c.ptr)) {
        rc = PANEL_E_NOMEM;
        goto out;
    }
    size_t max_body = opts && opts->max_body ? opts->max_body : PANEL_PARSE_MAX_BODY;
    if (n > max_body) {
        char a[32], b[32];
        snprintf(a, sizeof a, "<= %zu bytes", max_body);
        snprintf(b, sizeof b, "%zu bytes", n);
        parse_diag(&c, PANEL_DIAG_TOO_LARGE, a, b, "body of %zu bytes exceeds the cap of %zu", n,
                   max_body);
        goto done;
    }
    size_t i = 0;
    while (i < n && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
        i++;
    if (i == n) {
        parse_diag(&c, PANEL_DIAG_EMPTY_BODY, "a JSON document", n ? "whitespace" : "",
                   "the body is empty");
        goto done;
    }
    int loaded = load(&c, body, n, &doc);
    if (loaded && c.rc == PANEL_E_OK)
        parse_root(&c, &doc.root, want_multi);
    if (c.rc == PANEL_E_OK)
        single_error_is_api_error(&c);
    if (loaded && c.rc == PANEL_E_OK)
        unclassified_answer(&c, body + i, n - i);
done:
    if (c.rc == PANEL_E_OK)
        parse_diag_summaries(&c);
    if (json_util_ptr_failed(&c.ptr) && c.rc == PANEL_E_OK)
        c.rc = PANEL_E_NOMEM;
    rc = c.rc;
out:
    jdoc_free(&doc);
    json_util_ptr_free(&c.ptr);
    if (rc != PANEL_E_OK) {
        panel_result_free(c.r);
        return rc;
    }
    *out = c.r;
    return PANEL_E_OK;
}

/* Validates body with the parser's own reader; see parse.h. */
panel_err panel_json_validate(const char *body, size_t n, char *text, size_t textsz)
{
    if (!body && n)
        return PANEL_E_INVALID;
    size_t i = 0;
    while (i < n && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
        i++;
    if (i == n) {
        if (text && textsz)
            snprintf(text, textsz, "empty body");
        return PANEL_E_PARSE;
    }
    jdoc doc;
    jdoc_error e;
    panel_err rc = jdoc_read(&doc, body, n, PARSE_READ_MAX_DEPTH, NULL, NULL, &e);
    jdoc_free(&doc);
    if (rc == PANEL_E_PARSE && text && textsz)
        snprintf(text, textsz, "%s (line %d, column %d)", e.text, e.line, e.column);
    return rc;
}
