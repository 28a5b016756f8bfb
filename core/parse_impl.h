/* core/parse_impl.h - private parser state and helpers shared by parse*.c and render.c. */
#ifndef PANEL_PARSE_IMPL_H
#define PANEL_PARSE_IMPL_H

#include <jansson.h>

#include "jdoc.h"
#include "json_util.h"
#include "panel/parse.h"

/* What a response field means in the normalized model, from its name and the action. */
typedef enum {
    SLOT_NONE,
    SLOT_SVC_ID,
    SLOT_SVC_NAME,
    SLOT_SVC_TYPE,
    SLOT_SVC_CATEGORY,
    SLOT_SVC_RATE,
    SLOT_SVC_MIN,
    SLOT_SVC_MAX,
    SLOT_SVC_REFILL,
    SLOT_SVC_CANCEL,
    SLOT_SVC_DRIPFEED,
    SLOT_SVC_DESC,
    SLOT_ORDER,    /* add: the new order id */
    SLOT_BALANCE,  /* balance */
    SLOT_CURRENCY, /* balance currency */
    SLOT_E_ID,     /* entry id (key field, or "order" in an entry) */
    SLOT_E_CHARGE,
    SLOT_E_START,
    SLOT_E_STATUS,
    SLOT_E_REMAINS,
    SLOT_E_CURRENCY,
    SLOT_E_RESULT, /* refill/cancel outcome */
    SLOT_E_ERROR
} parse_slot;

#define PARSE_DIAG_CAP 100 /* diagnostics listed per code per parse; the rest are counted */

/* Parser state for one call. */
typedef struct {
    const panel_dialect *d;
    panel_action action;
    const panel_response_spec *spec;
    panel_result *r;
    json_util_ptr ptr;
    size_t max_depth;
    size_t max_ids;
    int64_t quantity;
    int generic;                         /* no documented spec: tolerate unknown members */
    size_t ent_cap, svc_cap;             /* allocated entries / services in r */
    panel_err rc;                        /* sticky NOMEM */
    uint32_t diag_n[PANEL_DIAG__COUNT];  /* diagnostics asked for, per code */
    size_t left_out[PANEL_DIAG__COUNT];  /* of those, beyond PARSE_DIAG_CAP */
    uint8_t left_sev[PANEL_DIAG__COUNT]; /* highest severity left out */
} parse_ctx;

/* Copies n bytes of s plus a NUL into r's string arena, freed with r by panel_result_free
 * (which frees only the strings that are not arena-owned); NULL on NOMEM. Parser-made
 * strings all live there: never free() them. */
char *result_arena_dup(panel_result *r, const char *s, size_t n);

/* The slot of field `name` for action a under spec s. */
parse_slot parse_slot_of(panel_action a, const panel_response_spec *s, const char *name);

/* Adds a diagnostic at the current pointer (or at ptr when non-NULL); records NOMEM. */
void parse_diag(parse_ctx *c, panel_diag_code code, const char *expected, const char *actual,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Adds the "N more CODE diagnostics left out" summaries (call once, at the end). */
void parse_diag_summaries(parse_ctx *c);

/* Like parse_diag but with the severity lowered to a warning. */
void parse_warn(parse_ctx *c, panel_diag_code code, const char *expected, const char *actual,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Readers: each reads v (at the current pointer) as `kind`, reports type/value problems and
 * returns 1 with *out set when a value could be recovered. */
int parse_read_int(parse_ctx *c, const jdoc_val *v, panel_kind kind, int64_t *out);
int parse_read_money(parse_ctx *c, const jdoc_val *v, panel_kind kind, panel_money *out);
int parse_read_bool(parse_ctx *c, const jdoc_val *v, panel_kind kind, int *out);
int parse_read_string(parse_ctx *c, const jdoc_val *v, panel_kind kind, char **out);
/* Reads an id of kind (field kind) in format idkind (INT or OID); *out is a new string. */
int parse_read_id(parse_ctx *c, const jdoc_val *v, panel_kind kind, panel_kind idkind, char **out);
int parse_read_status(parse_ctx *c, const jdoc_val *v, const panel_vocab *voc, panel_status *st,
                      char **word);

/* Resolves a status word: exact vocabulary word (*how = 0), case/spacing variant (1), built-in
 * alias of a status the vocabulary has (2); PANEL_STATUS_UNKNOWN when none (*how = 3, or 4
 * when an alias names a status the vocabulary lacks). */
panel_status parse_status_resolve(const panel_vocab *voc, const char *word, int *how);

/* Checks the depth of a value not walked structurally (depth = its own depth in the body). */
int parse_check_depth(parse_ctx *c, const jdoc_val *v, size_t depth);

/* The response spec used for action/multi in d, or NULL when neither form is documented. */
const panel_response_spec *parse_spec_for(const panel_dialect *d, panel_action a, int multi);

/* Built-in fallback spec for an undocumented action (shapes of the common family). */
const panel_response_spec *parse_generic_spec(panel_action a, int multi);

/* The id format of entries of action a in d. */
panel_kind parse_id_kind(const panel_dialect *d, panel_action a);

#endif
