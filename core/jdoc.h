/* core/jdoc.h - the project's strict JSON reader (RFC 8259): one body -> a read-only tree in
 * two allocations' worth of arena, every number kept as its text. Private to libpanel. */
#ifndef PANEL_JDOC_H
#define PANEL_JDOC_H

#include <stddef.h>
#include <stdint.h>

#include "panel/error.h"

typedef enum {
    JDOC_NULL,
    JDOC_FALSE,
    JDOC_TRUE,
    JDOC_NUMBER,
    JDOC_STRING,
    JDOC_ARRAY,
    JDOC_OBJECT
} jdoc_type;

/* Bits of jdoc_val.num for a number: what its text holds besides integer digits. */
enum { JDOC_NUM_FRAC = 1u << 0, JDOC_NUM_EXP = 1u << 1, JDOC_NUM_NEG = 1u << 2 };

typedef struct jdoc_val jdoc_val;
typedef struct jdoc_member jdoc_member;

/* One value. Strings are decoded UTF-8, NUL-terminated (and may hold NULs: use n); a
 * number's text is exactly the input's, not NUL-terminated. */
struct jdoc_val {
    union {
        const char *s;              /* JDOC_STRING, JDOC_NUMBER */
        const jdoc_val *items;      /* JDOC_ARRAY */
        const jdoc_member *members; /* JDOC_OBJECT */
    } u;
    uint32_t n;      /* string bytes, number text bytes, items or members */
    uint8_t type;    /* jdoc_type */
    uint8_t num;     /* JDOC_NUM_* for numbers */
    uint16_t height; /* containers: nesting height ([] is 1), saturating; scalars 1 */
};

/* One object member, in input order; duplicate keys are merged (first place, last value). */
struct jdoc_member {
    jdoc_val key; /* a JDOC_STRING */
    jdoc_val val;
};

/* Why a read failed. */
typedef enum { JDOC_OK, JDOC_SYNTAX, JDOC_DEPTH, JDOC_NOMEM } jdoc_status;

/* Where and why a read failed, or where a duplicate key was (jansson's conventions: line
 * and column of the offending token's last character, position = bytes up to its end). */
typedef struct {
    jdoc_status status;
    int line, column;
    size_t position;
    char text[160]; /* ASCII only, one line: what went wrong near which token */
} jdoc_error;

/* Called once per merged duplicate key (at most JDOC_MAX_DUP_CALLS times per read). */
typedef void (*jdoc_dup_fn)(void *ctx, const jdoc_error *where);
#define JDOC_MAX_DUP_CALLS 100

/* A read document; owns its memory. */
typedef struct {
    jdoc_val root;
    void *blocks;  /* arena blocks; the first also holds the copy of the body (strings are
                      decoded into it in place) */
    size_t n_dups; /* duplicate keys merged */
} jdoc;

/* Reads body[0..n) as one JSON text into d (freed with jdoc_free, also on failure).
 * Containers nested deeper than max_depth make the read fail with JDOC_DEPTH, but only when
 * the text is otherwise valid JSON (a syntax error wins). dup may be NULL. Returns
 * PANEL_E_OK, PANEL_E_PARSE (err says why) or PANEL_E_NOMEM. */
panel_err jdoc_read(jdoc *d, const char *body, size_t n, size_t max_depth, jdoc_dup_fn dup,
                    void *dup_ctx, jdoc_error *err);

/* Frees what d holds; d may be zeroed or already freed. */
void jdoc_free(jdoc *d);

/* The member named key (NUL-terminated) of object o, or NULL (also when o is not an object). */
const jdoc_val *jdoc_get(const jdoc_val *o, const char *key);

/* The type name used in diagnostics: "object", "array", "string", "integer", "real",
 * "boolean", "null"; "absent" for NULL. */
const char *jdoc_type_name(const jdoc_val *v);

/* Type tests, NULL-safe. */
static inline int jdoc_is(const jdoc_val *v, jdoc_type t)
{
    return v && v->type == (uint8_t)t;
}
#define jdoc_is_object(v) jdoc_is((v), JDOC_OBJECT)
#define jdoc_is_array(v) jdoc_is((v), JDOC_ARRAY)
#define jdoc_is_string(v) jdoc_is((v), JDOC_STRING)
#define jdoc_is_null(v) jdoc_is((v), JDOC_NULL)
#define jdoc_is_true(v) jdoc_is((v), JDOC_TRUE)
#define jdoc_is_number(v) jdoc_is((v), JDOC_NUMBER)

/* 1 when v is a number written without fraction or exponent. */
static inline int jdoc_is_int(const jdoc_val *v)
{
    return v->type == JDOC_NUMBER && !(v->num & (JDOC_NUM_FRAC | JDOC_NUM_EXP));
}

#endif
