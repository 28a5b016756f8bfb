/* core/dialect_impl.h - internals shared by the dialect loader's files (not public API). */
#ifndef PANEL_DIALECT_IMPL_H
#define PANEL_DIALECT_IMPL_H

#include <jansson.h>
#include <stddef.h>

#include "panel/dialect.h"

#define LIST_MAX 256
#define PTR_MAX 256

/* Loader state: where errors go. The first error is also copied to `first` (old API). */
typedef struct {
    panel_dialect_error *first; /* may be NULL */
    panel_dialect_errors *list; /* may be NULL */
    char file[256];
    size_t count; /* errors recorded so far */
    int nomem;    /* the error list could not be allocated: the load is PANEL_E_NOMEM */
} dialect_ctx;

/* Records an error with code, pointer, the allowed values (or NULL), a did-you-mean
 * suggestion (or NULL) and a printf-style reason; returns PANEL_E_DIALECT. */
panel_err dialect_failx(dialect_ctx *c, panel_dialect_errcode code, const char *ptr,
                        const char *allowed, const char *suggest, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* dialect_failx without allowed values or suggestion. */
panel_err dialect_fail(dialect_ctx *c, panel_dialect_errcode code, const char *ptr, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));

/* The candidate closest to s by edit distance when it is close enough to be a likely typo,
 * else NULL; candidates is NULL-terminated. Borrowed. */
const char *dialect_suggest(const char *s, const char *const *candidates);

/* Writes the candidates as "a, b, c" into out (cut to n). */
void dialect_join(char *out, size_t n, const char *const *candidates);

/* --- the member table (dialect_schema.c), walked by dialect_walk.c ------------------------- */

typedef enum {
    DN_OBJECT, /* members from a table; others refused (but assumed_* notes and x-*) */
    DN_MAP,    /* any (or enumerated) keys, each value of one node */
    DN_ARRAY,  /* items of one node, count lo..hi */
    DN_TUPLE,  /* fixed-length array, item i of alts[i] */
    DN_STRING, /* non-empty string, at most hi bytes when hi > 0, matching pattern */
    DN_INT,    /* integer lo..hi */
    DN_BOOL,
    DN_ENUM,  /* string from values */
    DN_MONEY, /* decimal string, non-negative */
    DN_ANY,
    DN_ONEOF /* the first of alts whose JSON type fits */
} dialect_node_type;

#define DN_CITED 1u   /* a rule object: needs src / example / observed / assumed */
#define DN_CITE_OK 2u /* takes a provenance without needing one */

typedef struct dialect_node dialect_node;

typedef struct {
    const char *name;
    const dialect_node *node;
    int required;
    const char *dflt;    /* the default when absent, as the reference shows it, or NULL */
    const char *meaning; /* what it means and what the mock and the runner do with it */
} dialect_member;

struct dialect_node {
    dialect_node_type type;
    const char *def;     /* schema $defs name and reference section, or NULL when inline */
    const char *meaning; /* description */
    unsigned flags;
    const dialect_member *members;   /* DN_OBJECT: terminated by a NULL name */
    const dialect_node *items;       /* DN_ARRAY, DN_MAP values */
    const dialect_node *keys;        /* DN_MAP: node the keys satisfy (DN_ENUM/DN_STRING) */
    const dialect_node *const *alts; /* DN_ONEOF, DN_TUPLE: NULL-terminated */
    const char *const *values;       /* DN_ENUM: NULL-terminated */
    long long lo, hi;                /* DN_INT range; DN_ARRAY count; DN_STRING hi = max bytes */
    const char *pattern;             /* DN_STRING: POSIX ERE (also valid ECMA-262), or NULL */
};

/* The root of the dialect file format. */
const dialect_node *dialect_schema_root(void);

/* The provenance members of a rule object, NULL-terminated: src example observed assumed. */
extern const char *const dialect_prov_members[];

/* Checks v against node n at ptr, recording every error in c; returns the number found. */
size_t dialect_walk(dialect_ctx *c, const dialect_node *n, json_t *v, const char *ptr);

/* Writes parent + "/" + key (RFC 6901 escaped) into out, cut to outsz; parent may alias out. */
void dialect_ptr_join(char *out, size_t outsz, const char *parent, const char *key);

/* Writes parent + "/" + index into out, cut to outsz. */
void dialect_ptr_index(char *out, size_t outsz, const char *parent, size_t i);

/* A new copy of s the caller frees, or NULL when out of memory. */
char *dialect_dupstr(const char *s);

/* Copies a JSON string into *out (owned); fails unless v is a non-empty string without NUL. */
panel_err dialect_take_str(dialect_ctx *c, const char *ptr, json_t *v, char **out);

/* Loads every section of root (accepted by the member table) into d, recording every error. */
panel_err dialect_load_root(dialect_ctx *c, json_t *root, panel_dialect *d);

/* --- the section loaders' toolkit (dialect_members.c) --------------------------------- */

/* Gets member key of obj; fails when required and absent. *out may be NULL when optional. */
panel_err dialect_get(dialect_ctx *c, const char *ptr, json_t *obj, const char *key, int required,
                      json_t **out);

/* Copies string member key of obj into *out (owned); optional members may be absent. */
panel_err dialect_get_str(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                          int required, char **out);

/* Reads integer member key of obj into *out within [lo, hi]. */
panel_err dialect_get_int(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                          int required, long long lo, long long hi, long long *out);

/* Fails when obj is not an object. */
panel_err dialect_need_object(dialect_ctx *c, const char *ptr, json_t *obj);

/* Reads the citation of a rule object: src or assumed, at least one non-empty. */
panel_err dialect_cite(dialect_ctx *c, const char *ptr, json_t *obj, char **src, char **assumed);

/* Checks a cited rule object without keeping the citation. */
panel_err dialect_cite_only(dialect_ctx *c, const char *ptr, json_t *obj);

/* Checks a rule object's citation (its members were checked by the member table), kept in
 * *src and *assumed (owned) when src is non-NULL. */
panel_err dialect_rule_object(dialect_ctx *c, const char *ptr, json_t *o, char **src,
                              char **assumed);

/* Gets the required top-level object member key into *o (borrowed), checking its citation
 * when cited. */
panel_err dialect_section(dialect_ctx *c, json_t *root, const char *key, int cited, json_t **o);

/* Reads an optional boolean member as 0/1, or -1 when absent. */
panel_err dialect_get_tristate(dialect_ctx *c, const char *ptr, json_t *o, const char *key,
                               int *out);

/* Reads a top-level {"value": ..., "src"|"assumed"} scalar; *v is borrowed. */
panel_err dialect_value_rule(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                             json_t **v);

/* Like value_rule for a string value; *out owned. */
panel_err dialect_value_str(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                            char **out);

/* Like value_rule for an integer value in [lo, hi]. */
panel_err dialect_value_int(dialect_ctx *c, const char *ptr, json_t *obj, const char *key,
                            long long lo, long long hi, long long *out);

/* Reads an array of non-empty strings (at most LIST_MAX) into *out and *n (owned). */
panel_err dialect_str_list(dialect_ctx *c, const char *ptr, json_t *arr, char ***out, size_t *n);

/* 1 when name is in list. */
int dialect_in_list(char **list, size_t n, const char *name);

/* The kind named s, or -1. */
int dialect_kind_from_name(const char *s);

/* The canonical status named s, or -1. */
int dialect_status_from_name(const char *s);

/* 1 when the response spec has a field named name. */
int dialect_has_field(const panel_response_spec *r, const char *name);

/* Loads "actions" (each action and its response forms) and "errors" (dialect_actions.c). */
panel_err dialect_load_actions(dialect_ctx *c, json_t *root, panel_dialect *d);
panel_err dialect_load_errors(dialect_ctx *c, json_t *root, panel_dialect *d);

/* Reads one response form (single, multi, webhook or an extra action's) at ptr into *r. */
panel_err dialect_load_response(dialect_ctx *c, const char *ptr, json_t *o, panel_response_spec *r);

/* Frees what a response form owns (not r itself). */
void dialect_response_free(panel_response_spec *r);

/* Loads the format-2 members (transport, id specs, parameter formats, result meanings, open
 * errors and actions, default_type, idempotency, refill rules, rate headers) into d. */
panel_err dialect_load_ext(dialect_ctx *c, json_t *root, panel_dialect *d);

/* Frees what dialect_load_ext allocated. */
void dialect_ext_free(panel_dialect *d);

/* Compiles pattern as a whole-string POSIX ERE into a new regex_t (*out, owned); the error
 * (BAD_PATTERN) is recorded at ptr. */
panel_err dialect_compile(dialect_ctx *c, const char *ptr, const char *pattern, regex_t **out);

/* Reads the basis of rule object o (part NULL) or of one of its parts into *b (owned). */
panel_err dialect_basis_of(dialect_ctx *c, const char *ptr, json_t *o, const char *part,
                           panel_basis *b);

/* Fills every panel_basis of d from root (already validated by the section loaders). */
panel_err dialect_bases_load(dialect_ctx *c, json_t *root, panel_dialect *d);

/* Frees the strings of every panel_basis of d. */
void dialect_bases_free(panel_dialect *d);

#endif
