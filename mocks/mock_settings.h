/* mock_settings.h - panelmock's settings as the command line and --config files build them. */
#ifndef MOCK_SETTINGS_H
#define MOCK_SETTINGS_H

#include <jansson.h>

#include "panelmock.h"

#define MOCK_SETTINGS_MAX_PER 64 /* per-dialect entries (--key NAME=KEY, config dialects) */
#define MOCK_SETTINGS_MAX_DOCS 4 /* --config files */

typedef struct {
    mock_config cfg;
    mock_dialect_config per[MOCK_SETTINGS_MAX_PER];
    size_t n_per;
    json_t *docs[MOCK_SETTINGS_MAX_DOCS]; /* owned: the config documents cfg borrows from */
    size_t n_docs;
    /* --fuzz values a config file gave as numbers or a list (cfg.fuzz* point here) */
    char fuzz_seed[24], fuzz_rate[32], fuzz_actions[256];
    const char *fuzz_replay; /* --fuzz-replay TOKEN / "fuzz_replay", or NULL */
} mock_settings;

/* Defaults: 127.0.0.1:0, every dialect, seed 1, text log. */
void mock_settings_init(mock_settings *st);
void mock_settings_free(mock_settings *st);
/* A new per-dialect entry (borrowed, zeroed but for the name) or NULL when full. */
mock_dialect_config *mock_settings_per(mock_settings *st, const char *dialect);
/* Loads a --config JSON file; PANEL_E_USAGE with a reason in err (st unchanged). */
panel_err mock_settings_load_file(mock_settings *st, const char *file, char *err, size_t errsz);
/* "none" | "text" | "json" -> *out; 0 when unknown. */
int mock_settings_log_format(const char *v, mock_log_format *out);
/* "small" | "big" -> *big; 0 when unknown. */
int mock_settings_ids(const char *v, int *big);

#endif
