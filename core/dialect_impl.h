/* core/dialect_impl.h - internals shared by the dialect loader's files (not public API). */
#ifndef PANEL_DIALECT_IMPL_H
#define PANEL_DIALECT_IMPL_H

#include <jansson.h>
#include <stddef.h>

#include "panel/dialect.h"

#define LIST_MAX 256
#define PTR_MAX 256

/* Loader state: where errors go. */
typedef struct {
    panel_dialect_error *err;
} dialect_ctx;

/* Records pointer and reason (printf-style) in c->err; returns PANEL_E_DIALECT. */
panel_err dialect_fail(dialect_ctx *c, const char *ptr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes parent + "/" + key (RFC 6901 escaped) into out, cut to outsz; parent may alias out. */
void dialect_ptr_join(char *out, size_t outsz, const char *parent, const char *key);

/* Writes parent + "/" + index into out, cut to outsz. */
void dialect_ptr_index(char *out, size_t outsz, const char *parent, size_t i);

/* A new copy of s the caller frees, or NULL when out of memory. */
char *dialect_dupstr(const char *s);

/* Copies a JSON string into *out (owned); fails unless v is a non-empty string without NUL. */
panel_err dialect_take_str(dialect_ctx *c, const char *ptr, json_t *v, char **out);

/* Fills every panel_basis of d from root (already validated by the section loaders). */
panel_err dialect_bases_load(dialect_ctx *c, json_t *root, panel_dialect *d);

/* Frees the strings of every panel_basis of d. */
void dialect_bases_free(panel_dialect *d);

#endif
