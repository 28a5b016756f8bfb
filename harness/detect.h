/* detect.h - panelcheck detect: read-only probes of an unknown endpoint, every known dialect
 * ranked by fit with per-feature evidence, and a draft dialect file. */
#ifndef PANELCHECK_DETECT_H
#define PANELCHECK_DETECT_H

#include <jansson.h>

#include "panel/dialect.h"
#include "request.h"

#define DETECT_MAX_PROBES 160
#define DETECT_MAX_DIALECTS 64

/* The probes, defined once: kind, feature name, weight. None adds, refills or cancels. */
#define DETECT_PROBE_MAP(XX)                                                                       \
    XX(SERVICES, "services", 3)                                                                    \
    XX(BALANCE, "balance", 2)                                                                      \
    XX(STATUS, "status of a bogus id", 2)                                                          \
    XX(STATUS_MULTI, "multi-status of bogus ids", 2)                                               \
    XX(REFILL_STATUS, "refill_status of a bogus id", 1)                                            \
    XX(BAD_KEY, "error: bad key", 2)                                                               \
    XX(MISSING_ACTION, "error: missing action", 1)                                                 \
    XX(UNKNOWN_ACTION, "error: unknown action", 1)

typedef enum {
#define DETECT_PROBE_ENUM(name, feature, weight) DETECT_##name,
    DETECT_PROBE_MAP(DETECT_PROBE_ENUM)
#undef DETECT_PROBE_ENUM
        DETECT__COUNT
} detect_kind;

typedef enum {
    DETECT_FIT,
    DETECT_WARN,
    DETECT_CONFLICT,
    DETECT_NO_ANSWER,
    DETECT_NOT_PROBED
} detect_verdict;

/* One feature of one dialect, judged on one exchange. */
typedef struct {
    detect_verdict v;
    int probe;          /* index of the exchange (its HAR entry with --record), -1 none */
    char evidence[256]; /* what was seen, key masked */
} detect_feature;

/* One dialect's fit. */
typedef struct {
    const panel_dialect *d;
    detect_feature f[DETECT__COUNT];
    double score; /* 0..1: weighted share of fitting features */
    int conflicts;
} detect_fit;

/* Every exchange sent and every dialect's fit, best first after detect_rank. */
typedef struct {
    exchange ex[DETECT_MAX_PROBES];
    char *sig[DETECT_MAX_PROBES]; /* content type + body sent, to send each request once */
    size_t n_ex;
    int of[DETECT_MAX_DIALECTS][DETECT__COUNT]; /* exchange of a dialect's probe, -1 none */
    detect_fit fit[DETECT_MAX_DIALECTS];
    size_t n_fit;
} detect_run;

/* Sends every dialect's read-only probes to url (each distinct request once) into r. */
panel_err detect_probe(detect_run *r, http_client *http, const panel_dialect_set *set,
                       const char *url, const char *key);

/* Judges every dialect on the exchanges and sorts r->fit best first. */
void detect_rank(detect_run *r);

/* The name and weight of a feature; the name of a verdict. */
const char *detect_feature_name(detect_kind k);
int detect_feature_weight(detect_kind k);
const char *detect_verdict_name(detect_verdict v);

/* Writes a draft dialect file named after path's base name: the nearest dialect (r->fit[0])
 * with every rule `assumed` (copied from it), and every rule a fitting probe saw `observed`
 * with that exchange. err says why not. */
panel_err detect_draft_write(const detect_run *r, const char *path, char *err, size_t errsz);

/* Frees the exchanges. */
void detect_run_free(detect_run *r);

#endif
