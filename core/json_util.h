/* core/json_util.h - private JSON helpers shared by the parser and the renderer. */
#ifndef PANEL_JSON_UTIL_H
#define PANEL_JSON_UTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "panel/buf.h"
#include "jdoc.h"
#include "panel/error.h"

/* A growable JSON pointer under construction ("/a/0/b"), with RFC 6901 escaping. */
#define JSON_UTIL_PTR_INLINE 128 /* pointers up to this long need no malloc */
typedef struct {
    char *s;    /* NUL-terminated; the inline buffer, or owned memory when longer */
    size_t len; /* current length */
    size_t cap;
    char inline_buf[JSON_UTIL_PTR_INLINE];
} json_util_ptr;

/* Initialises an empty pointer (""); frees nothing. */
void json_util_ptr_init(json_util_ptr *p);

/* Frees the pointer's memory. */
void json_util_ptr_free(json_util_ptr *p);

/* Appends "/" + key (escaping ~ and /); returns the previous length to pop back to. */
size_t json_util_ptr_push_key(json_util_ptr *p, const char *key);

/* Appends "/" + index; returns the previous length to pop back to. */
size_t json_util_ptr_push_index(json_util_ptr *p, size_t index);

/* Pops back to a length returned by a push. */
void json_util_ptr_pop(json_util_ptr *p, size_t len);

/* 1 when the pointer could not grow (out of memory); its text is then truncated. */
int json_util_ptr_failed(const json_util_ptr *p);

/* Name of a JSON value's type ("string", "integer", ...); "absent" for NULL. */
const char *json_util_type_name(const json_t *j);

/* Depth of j counting itself as 1 (scalars 1); stops counting once limit is exceeded. */
size_t json_util_depth(const json_t *j, size_t limit);

/* Short text of a value for diagnostics (at most 64 bytes, cut at a UTF-8 character
 * boundary so the text stays valid UTF-8): strings without quotes, other values compactly
 * serialised. Writes into out (size >= 80). */
void json_util_brief(const json_t *j, char *out, size_t outsz);

/* The same for a value of the parser's own tree: strings without quotes, numbers as their
 * input text, containers compactly (stops once 64 bytes are written). */
void json_util_vbrief(const jdoc_val *v, char *out, size_t outsz);

/* 1 when the read value a equals the jansson value b (json_equal's rules: an integer never
 * equals a real; objects by members, arrays in order). */
int json_util_vequal(const jdoc_val *a, const json_t *b);

/* Length to keep when cutting s (valid UTF-8, longer than n bytes) to at most n bytes
 * without splitting a character: n, less the continuation bytes that start at s[n]. */
size_t json_util_utf8_cut(const char *s, size_t n);

/* Length of s[0..n) without a trailing incomplete UTF-8 sequence (what a truncating
 * snprintf may leave); n when the text ends on a whole character. */
size_t json_util_utf8_whole(const char *s, size_t n);

/* Parses a decimal integer text exactly (optional '-', digits). Returns PANEL_E_PARSE when
 * not an integer, PANEL_E_RANGE when it does not fit int64. */
panel_err json_util_parse_int(const char *s, size_t n, int64_t *out);

#define JSON_UTIL_INT_TEXT 21 /* bytes json_util_int_text may write: sign + 20 digits */

/* Writes v's decimal digits (sign included, no NUL) at out, which must hold
 * JSON_UTIL_INT_TEXT bytes; returns the length. No printf: it sits on hot paths. */
size_t json_util_int_text(int64_t v, char *out);

/* Serialises j compactly in key insertion order into out. */
panel_err json_util_dump(const json_t *j, panel_buf *out);

#endif
