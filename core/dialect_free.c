/* core/dialect_free.c - frees a dialect and everything it owns. */
#include <stdlib.h>

#include "dialect_impl.h"
#include "panel/dialect.h"

/* Frees a NULL-terminated-or-counted string list. */
static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

/* Frees what a response spec owns. */
void dialect_response_free(panel_response_spec *r)
{
    for (size_t i = 0; i < r->n_fields; i++)
        free(r->fields[i].name);
    free(r->fields);
    json_decref(r->wrapper);
    json_decref(r->ok_value);
    free(r->key_field);
    free(r->result_field);
    free(r->src);
    free(r->assumed);
    free(r->field_decimals);
    free(r->success_member);
    json_decref(r->success_value);
}

/* Frees a dialect and everything it owns; NULL is fine. */
void panel_dialect_free(panel_dialect *d)
{
    if (d == NULL)
        return;
    dialect_bases_free(d);
    dialect_ext_free(d);
    free(d->name);
    free(d->title);
    free(d->document);
    free(d->base_path);
    free(d->method);
    free(d->currency);
    free(d->key_param);
    free(d->key_pattern);
    for (int a = 0; a < PANEL_ACTION__COUNT; a++) {
        panel_action_spec *s = &d->actions[a];
        free(s->name);
        free(s->multi_name);
        free(s->single_param);
        free(s->multi_param);
        dialect_response_free(&s->single);
        dialect_response_free(&s->multi);
        free(s->src);
        free(s->assumed);
    }
    for (size_t i = 0; i < d->order_status.n_words; i++)
        free(d->order_status.words[i].word);
    free(d->order_status.words);
    for (size_t i = 0; i < d->refill_status.n_words; i++)
        free(d->refill_status.words[i].word);
    free(d->refill_status.words);
    for (size_t i = 0; i < d->n_types; i++) {
        panel_service_type *t = &d->types[i];
        free(t->name);
        free_list(t->required, t->n_required);
        free_list(t->optional, t->n_optional);
        for (size_t j = 0; j < t->n_cond; j++) {
            free(t->cond[j].param);
            free(t->cond[j].when);
            free(t->cond[j].equals);
        }
        free(t->cond);
        free(t->qty_param);
        free(t->runs_param);
        free(t->src);
        free(t->assumed);
    }
    free(d->types);
    for (size_t i = 0; i < d->n_params; i++) {
        free(d->params[i].name);
        free_list(d->params[i].enumv, d->params[i].n_enum);
        free(d->params[i].date_format);
    }
    free(d->params);
    free(d->error_field);
    for (int e = 0; e < PANEL_ERRCASE__COUNT; e++) {
        free(d->errors[e].message);
        free(d->errors[e].src);
        free(d->errors[e].assumed);
    }
    dialect_response_free(&d->webhook);
    for (size_t i = 0; i < d->n_catalogue; i++) {
        free(d->catalogue[i].service);
        free(d->catalogue[i].name);
        free(d->catalogue[i].type);
        free(d->catalogue[i].category);
        free(d->catalogue[i].desc);
    }
    free(d->catalogue);
    json_decref(d->root);
    free(d);
}

/* Frees every dialect of s and empties it. */
void panel_dialect_set_free(panel_dialect_set *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->count; i++)
        panel_dialect_free(s->items[i]);
    free(s->items);
    s->items = NULL;
    s->count = 0;
}
