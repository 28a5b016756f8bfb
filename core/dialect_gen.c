/* core/dialect_gen.c - generates the JSON Schema (2020-12) of the dialect format and the member
 * reference of dialects/README.md from the member table (dialect_schema.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect_impl.h"
#include "panel/buf.h"

#define REF_MAX (256 * 1024)
#define DEFS_MAX 64

static json_t *node_schema(const dialect_node *n, json_t *defs);

/* A JSON array of the NULL-terminated strings. */
static json_t *str_array(const char *const *values)
{
    json_t *a = json_array();
    for (const char *const *k = values; a != NULL && *k != NULL; k++)
        json_array_append_new(a, json_string(*k));
    return a;
}

/* The schema of an object node from its member table. */
static json_t *object_schema(const dialect_node *n, json_t *defs)
{
    json_t *o = json_object(), *props = json_object(), *req = json_array();
    json_t *pat = json_object();
    for (const dialect_member *m = n->members; m->name != NULL; m++) {
        json_t *s = node_schema(m->node, defs);
        char desc[1024];
        snprintf(desc, sizeof desc, "%s%s%s%s", m->meaning ? m->meaning : "",
                 m->dflt ? " (default: " : "", m->dflt ? m->dflt : "", m->dflt ? ")" : "");
        json_object_set_new(s, "description", json_string(desc));
        json_object_set_new(props, m->name, s);
        if (m->required)
            json_array_append_new(req, json_string(m->name));
    }
    json_object_set_new(pat, "^assumed_.+",
                        json_pack("{s:s, s:i}", "type", "string", "minLength", 1));
    json_object_set_new(pat, "^x-", json_true());
    if (n->flags & (DN_CITED | DN_CITE_OK)) {
        for (const char *const *p = dialect_prov_members; *p != NULL; p++)
            json_object_set_new(props, *p,
                                json_pack("{s:s, s:i, s:s}", "type", "string", "minLength", 1,
                                          "description",
                                          "provenance: src = documented (a citation), example = "
                                          "only in an example response, observed = seen live, "
                                          "assumed = the reason"));
        json_object_set_new(pat, "^(src|example|observed)_.+",
                            json_pack("{s:s, s:i}", "type", "string", "minLength", 1));
    }
    json_object_set_new(o, "type", json_string("object"));
    if (n->meaning != NULL)
        json_object_set_new(o, "description", json_string(n->meaning));
    json_object_set_new(o, "properties", props);
    json_object_set_new(o, "patternProperties", pat);
    json_object_set_new(o, "additionalProperties", json_false());
    if (json_array_size(req) > 0)
        json_object_set_new(o, "required", req);
    else
        json_decref(req);
    if (n->flags & DN_CITED) {
        json_t *any = json_array();
        for (const char *const *p = dialect_prov_members; *p != NULL; p++)
            json_array_append_new(any, json_pack("{s:[s]}", "required", *p));
        json_object_set_new(o, "anyOf", any);
    }
    return o;
}

/* The schema of n itself (never a $ref). */
static json_t *node_body(const dialect_node *n, json_t *defs)
{
    json_t *o = NULL;
    switch (n->type) {
    case DN_OBJECT:
        return object_schema(n, defs);
    case DN_MAP:
        o = json_pack("{s:s, s:o}", "type", "object", "additionalProperties",
                      node_schema(n->items, defs));
        if (n->keys != NULL && n->keys->type == DN_ENUM)
            json_object_set_new(o, "propertyNames",
                                json_pack("{s:o}", "enum", str_array(n->keys->values)));
        if (n->hi > 0)
            json_object_set_new(o, "maxProperties", json_integer(n->hi));
        break;
    case DN_ARRAY:
        o = json_pack("{s:s, s:o}", "type", "array", "items", node_schema(n->items, defs));
        if (n->lo > 0)
            json_object_set_new(o, "minItems", json_integer(n->lo));
        if (n->hi > 0)
            json_object_set_new(o, "maxItems", json_integer(n->hi));
        break;
    case DN_TUPLE: {
        json_t *pre = json_array();
        size_t k = 0;
        for (; n->alts[k] != NULL; k++)
            json_array_append_new(pre, node_schema(n->alts[k], defs));
        o = json_pack("{s:s, s:o, s:b, s:I, s:I}", "type", "array", "prefixItems", pre, "items", 0,
                      "minItems", (json_int_t)k, "maxItems", (json_int_t)k);
        break;
    }
    case DN_STRING:
        o = json_pack("{s:s, s:i}", "type", "string", "minLength", 1);
        if (n->hi > 0)
            json_object_set_new(o, "maxLength", json_integer(n->hi));
        if (n->pattern != NULL)
            json_object_set_new(o, "pattern", json_string(n->pattern));
        break;
    case DN_INT:
        o = json_pack("{s:s, s:I, s:I}", "type", "integer", "minimum", (json_int_t)n->lo, "maximum",
                      (json_int_t)n->hi);
        break;
    case DN_BOOL:
        o = json_pack("{s:s}", "type", "boolean");
        break;
    case DN_ENUM:
        o = json_pack("{s:s, s:o}", "type", "string", "enum", str_array(n->values));
        break;
    case DN_MONEY:
        o = json_pack("{s:s, s:s}", "type", "string", "pattern", "^[0-9]+(\\.[0-9]+)?$");
        break;
    case DN_ANY:
        o = json_object();
        break;
    case DN_ONEOF: {
        json_t *alts = json_array();
        for (const dialect_node *const *a = n->alts; *a != NULL; a++)
            json_array_append_new(alts, node_schema(*a, defs));
        o = json_pack("{s:o}", "oneOf", alts);
        break;
    }
    }
    if (o != NULL && n->meaning != NULL && n->type != DN_OBJECT)
        json_object_set_new(o, "title", json_string(n->meaning));
    return o;
}

/* The schema of n: a $ref into defs for named nodes (defined on first use), else inline. */
static json_t *node_schema(const dialect_node *n, json_t *defs)
{
    char ref[128];
    if (n->def == NULL)
        return node_body(n, defs);
    if (json_object_get(defs, n->def) == NULL) {
        json_object_set_new(defs, n->def, json_object()); /* placeholder against recursion */
        json_object_set_new(defs, n->def, node_body(n, defs));
    }
    snprintf(ref, sizeof ref, "#/$defs/%s", n->def);
    return json_pack("{s:s}", "$ref", ref);
}

/* A new JSON Schema (Draft 2020-12) of the dialect file format; the caller decrefs it. */
json_t *panel_dialect_schema_new(void)
{
    json_t *defs = json_object();
    json_t *ref = node_schema(dialect_schema_root(), defs);
    json_t *s =
        json_pack("{s:s, s:s, s:s, s:s}", "$schema", "https://json-schema.org/draft/2020-12/schema",
                  "$id", "https://panelkit.invalid/dialect.schema.json", "title",
                  "panelkit dialect file", "description",
                  "Generated from the loader's member table (core/dialect_schema.c) by "
                  "panel-dialect schema; do not edit.");
    json_object_set(s, "$ref", json_object_get(ref, "$ref"));
    json_decref(ref);
    json_object_set_new(s, "$defs", defs);
    return s;
}

/* --- the Markdown reference -------------------------------------------------------------- */

/* Appends the type of n as reference text. */
static void type_text(panel_buf *b, const dialect_node *n, int top)
{
    if (n->def != NULL && !top) {
        panel_buf_printf(b, "[`%s`](#%s)", n->def, n->def);
        return;
    }
    switch (n->type) {
    case DN_OBJECT:
        panel_buf_printf(b, "{");
        for (const dialect_member *m = n->members; m->name != NULL; m++) {
            panel_buf_printf(b, "%s`%s`%s: ", m == n->members ? "" : ", ", m->name,
                             m->required ? "" : "?");
            type_text(b, m->node, 0);
        }
        panel_buf_printf(b, "}%s", n->flags & DN_CITED ? " cited" : "");
        break;
    case DN_MAP:
        panel_buf_printf(b, "object of ");
        if (n->keys != NULL && n->keys->meaning != NULL)
            panel_buf_printf(b, "%s", n->keys->meaning);
        else
            panel_buf_printf(b, "name");
        panel_buf_printf(b, " → ");
        type_text(b, n->items, 0);
        break;
    case DN_ARRAY:
        panel_buf_printf(b, "array (%lld..%lld) of ", n->lo, n->hi);
        type_text(b, n->items, 0);
        break;
    case DN_TUPLE:
        panel_buf_printf(b, "[");
        for (size_t k = 0; n->alts[k] != NULL; k++) {
            panel_buf_printf(b, "%s", k ? ", " : "");
            type_text(b, n->alts[k], 0);
        }
        panel_buf_printf(b, "]");
        break;
    case DN_STRING:
        panel_buf_printf(b, "string");
        if (n->pattern != NULL)
            panel_buf_printf(b, " `%s`", n->pattern);
        break;
    case DN_INT:
        panel_buf_printf(b, "integer %lld..%lld", n->lo, n->hi);
        break;
    case DN_BOOL:
        panel_buf_printf(b, "boolean");
        break;
    case DN_ENUM: {
        size_t k = 0;
        while (n->values[k] != NULL)
            k++;
        if (k > 24) {
            panel_buf_printf(b, "%s (%zu values)", n->meaning ? n->meaning : "string", k);
            break;
        }
        for (size_t i = 0; i < k; i++)
            panel_buf_printf(b, "%s`%s`", i ? " | " : "", n->values[i]);
        break;
    }
    case DN_MONEY:
        panel_buf_printf(b, "decimal string");
        break;
    case DN_ANY:
        panel_buf_printf(b, "any JSON");
        break;
    case DN_ONEOF:
        for (size_t k = 0; n->alts[k] != NULL; k++) {
            panel_buf_printf(b, "%s", k ? " or " : "");
            type_text(b, n->alts[k], 0);
        }
        break;
    }
}

/* Adds the named nodes reachable from n to list (breadth of the table, first use first). */
static void collect(const dialect_node *n, const dialect_node **list, size_t *count)
{
    if (n == NULL)
        return;
    if (n->def != NULL) {
        for (size_t i = 0; i < *count; i++)
            if (list[i] == n)
                return;
        if (*count >= DEFS_MAX)
            return;
        list[(*count)++] = n;
    }
    if (n->type == DN_OBJECT)
        for (const dialect_member *m = n->members; m->name != NULL; m++)
            collect(m->node, list, count);
    collect(n->items, list, count);
    collect(n->keys, list, count);
    for (const dialect_node *const *a = n->alts; a != NULL && *a != NULL; a++)
        collect(*a, list, count);
}

/* Writes text into a Markdown table cell (| escaped, newlines as spaces). */
static void cell(panel_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p != '\0'; p++) {
        if (*p == '|')
            panel_buf_printf(b, "\\|");
        else
            panel_buf_printf(b, "%c", *p == '\n' ? ' ' : *p);
    }
}

/* A new NUL-terminated Markdown member reference (one section per named node); free() it. */
char *panel_dialect_reference_new(void)
{
    const dialect_node *list[DEFS_MAX];
    size_t count = 0;
    panel_buf b;
    panel_buf_init(&b, REF_MAX);
    collect(dialect_schema_root(), list, &count);
    for (size_t i = 0; i < count; i++) {
        const dialect_node *n = list[i];
        panel_buf_printf(&b, "### `%s`\n\n%s.", n->def, n->meaning ? n->meaning : "");
        if (n->flags & DN_CITED)
            panel_buf_printf(&b, " A rule object: it needs `src`, `example`, `observed` or "
                                 "`assumed`.");
        panel_buf_printf(&b, "\n\n");
        if (n->type != DN_OBJECT) {
            panel_buf_printf(&b, "Type: ");
            type_text(&b, n, 1);
            panel_buf_printf(&b, "\n\n");
            continue;
        }
        panel_buf_printf(&b, "| member | type | required | default | meaning |\n");
        panel_buf_printf(&b, "|---|---|---|---|---|\n");
        for (const dialect_member *m = n->members; m->name != NULL; m++) {
            panel_buf_printf(&b, "| `%s` | ", m->name);
            panel_buf t;
            panel_buf_init(&t, 8192);
            type_text(&t, m->node, 0);
            cell(&b, t.data);
            panel_buf_free(&t);
            panel_buf_printf(&b, " | %s | ", m->required ? "yes" : "no");
            cell(&b, m->dflt ? m->dflt : (m->required ? "" : "—"));
            panel_buf_printf(&b, " | ");
            cell(&b, m->meaning);
            panel_buf_printf(&b, " |\n");
        }
        panel_buf_printf(&b, "\n");
    }
    return panel_buf_take(&b, NULL);
}
