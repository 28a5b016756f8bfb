/* runner_internal.h - what the runner's files share: the run state, the verdict API (check_obs)
 * and the request helpers. Only harness/runner*.c and harness/checks_*.c include it. */
#ifndef PANELCHECK_RUNNER_INTERNAL_H
#define PANELCHECK_RUNNER_INTERNAL_H

#include <stdint.h>

#include "catalogue.h"
#include "panel/form.h"
#include "panel/parse.h"
#include "request.h"
#include "runner.h"

#define MAX_ORDERS 64

/* ---- basis: which rule decided a verdict (checks_basis.c) ------------------------------- */

/* A rule's provenance and its citation (or the assumption's reason); src is borrowed from the
 * dialect (panel_basis of issue #8). */
typedef struct {
    panel_prov prov;
    const char *src;
    int invariant; /* a rule no document can lift (min <= max, the ledger): fails always */
} check_basis;

/* The check_basis of a dialect rule's panel_basis. */
check_basis basis_of(const panel_basis *b);
/* The basis of an invariant (why: the rule, static text): breaking it fails. */
check_basis basis_invariant(const char *why);
/* The basis of a cited rule: documented when src is set and nothing is assumed. */
check_basis basis_rule(const char *src, const char *assumed);
/* The basis of order status a -> b transitions (the lifecycle). */
check_basis basis_lifecycle(const panel_dialect *d);
/* The basis of action a's response shape (single or multi form). */
check_basis basis_shape(const panel_dialect *d, panel_action a, int multi);
/* The basis of action a itself (that it exists and behaves as described). */
check_basis basis_action(const panel_dialect *d, panel_action a);
/* The basis of error case c's HTTP code and of its message text. */
check_basis basis_error_http(const panel_dialect *d, panel_errcase c);
check_basis basis_error_message(const panel_dialect *d, panel_errcase c);
/* The outcome of breaking a rule: fail when documented, warn when example-only or assumed. */
check_status basis_outcome(check_basis b);
/* "documented" | "example" | "assumed" | "observed", or "invariant" for b.invariant. */
const char *basis_name(check_basis b);

/* ---- the run state ----------------------------------------------------------------------- */

/* An order the run placed. */
typedef struct {
    char *id;
    const panel_service *svc;
    const panel_service_type *type;
    int64_t qty;
    panel_money charge;
    panel_status last; /* last observed status, UNKNOWN before the first */
    int cancelled;
    int observed;
    int settled;             /* 0 unknown, 1 terminal reached, -1 the poll window ran out */
    unsigned last_has;       /* PANEL_HAS_* of the last status entry */
    panel_money last_charge; /* of the last status entry, when last_has says so */
    int64_t last_remains;    /* of the last status entry, when last_has says so */
    char *last_repro;        /* reproduce command of the last status query (owned) */
} order;

/* The observations behind one check: evidence seen, findings grouped by cause, or why it
 * could not be judged. A check passes only on evidence with no finding. */
typedef struct {
    check_id id;
    char name[192];     /* the concrete id ("add.custom_comments") */
    const char *action; /* borrowed */
    check_basis basis;  /* the rule a pass rests on */
    size_t seen;        /* pieces of evidence judged */
    double ms;
    check_finding *groups; /* owned */
    size_t n_groups, n_findings;
    check_skip_kind skip_kind; /* set by check_obs_block: the input could not be obtained */
    char skip_why[256];
    int keep_kind; /* a no_data skip stays no_data even when the services list is blocked */
    int nomem;
} check_obs;

typedef struct {
    const runner_opts *o;
    const panel_dialect *d;
    check_suite *s;
    int stop;                  /* no more requests */
    check_skip_kind stop_kind; /* why (INTERRUPTED, or BLOCKED when the peer died) */
    char stop_why[160];
    int dead_streak; /* consecutive exchanges that got no HTTP answer */
    panel_err rc;    /* the first failure to record a verdict */
    panel_result *services;
    char services_blocked[256]; /* why the services list is unusable, "" when usable */
    order orders[MAX_ORDERS];
    size_t n_orders;
    check_obs tr_ct[PANEL_ACTION__COUNT];   /* transport.content_type_json per action */
    check_obs tr_json[PANEL_ACTION__COUNT]; /* transport.valid_json per action */
    check_obs trans;                        /* status.transitions_legal */
    check_obs remains;                      /* status.remains_le_quantity */
    check_obs ledger;                       /* ledger.charge */
    int bal_fresh;        /* the last request was a balance read that gave bal_last */
    panel_money bal_last; /* with bal_fresh */
} runner;

/* ---- the verdict API (runner.c) ---------------------------------------------------------- */

/* Starts observations of check id (suffix: the templated part, "custom_comments" or
 * "web_traffic.link"; action NULL: the catalogue's). */
void check_obs_init(check_obs *o, check_id id, const char *suffix, const char *action,
                    check_basis basis);
/* Notes one piece of evidence judged (ms: its time). */
void check_obs_seen(check_obs *o, double ms);
/* Adds a finding (st CHECK_FAIL or CHECK_WARN) breaking rule b; findings with the same cause
 * (NULL: the message) are grouped. */
void check_obs_add(check_obs *o, check_status st, check_basis b, const char *cause,
                   const char *field, const char *expected, const char *actual, const char *repro,
                   const char *fmt, ...) __attribute__((format(printf, 9, 10)));
/* Marks the check's input as unobtainable (first reason wins). */
void check_obs_block(check_obs *o, check_skip_kind k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records the verdict (the worst finding; else skip when blocked or without evidence; else
 * pass with the message) and frees o. Filtered by --only. */
panel_err check_obs_finish(runner *rn, check_obs *o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Frees o without a verdict. */
void check_obs_free(check_obs *o);
/* Frees a scratch o whose findings are not a verdict; a NOMEM it saw is the run's (rn->rc). */
void check_obs_drop(runner *rn, check_obs *o);
/* Records a skip of kind k. */
panel_err check_skip(runner *rn, check_id id, const char *suffix, const char *action,
                     check_skip_kind k, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* 1 when checks of action a are wanted (--only). */
int runner_want(const runner *rn, panel_action a);

/* ---- requests and answers (runner_exchange.c) -------------------------------------------- */

/* Sends params with key (NULL: none) for action a and fills ex; notes transport conformance,
 * masks echoes of the real key in the answer, stops the run when the peer stops answering or
 * the run is interrupted. */
void runner_send(runner *rn, panel_action a, const char *key, const panel_form *params,
                 int idempotent, exchange *ex);
/* runner_send with a deliberate deviation of how the request travels (how NULL: as
 * runner_send). */
void runner_send_how(runner *rn, panel_action a, const char *key, const request_how *how,
                     const panel_form *params, int idempotent, exchange *ex);
/* Adds a transport finding to o when ex got no HTTP answer; returns 1 then. */
int runner_transport_failed(runner *rn, check_obs *o, const exchange *ex);
/* Sends a positive request of action a and parses the answer (multi: the multi form; qty: the
 * ordered quantity); returns the result (caller frees) or NULL after adding a finding. */
panel_result *runner_positive(runner *rn, check_obs *o, panel_action a, int multi, int64_t qty,
                              const panel_form *params, int idempotent, exchange *ex);
/* Judges a positive answer: HTTP 200 and the parser's diagnostics (those filter accepts, NULL:
 * all) become findings on o; returns how many were failures. */
size_t runner_judge_diags(runner *rn, check_obs *o, panel_action a, int multi, const exchange *ex,
                          const panel_result *r, int (*filter)(const panel_diag *));
/* Short printable text of the answer's body (64 bytes at most). */
void runner_body_brief(const exchange *ex, char *out, size_t outsz);
/* Builds the base params of an action: action=<name> (NULL: none). */
void runner_base_params(panel_form *f, const char *action_name);
/* The action= value of the single or multi form. */
const char *runner_action_word(const panel_dialect *d, panel_action a, int multi);
/* runner_values.c: a number new for every generated value of the process (seeded from the
 * clock); the add's idempotency parameter (the dialect's generator or panelcheck-<serial>). */
unsigned long long runner_gen_serial(void);
void runner_idempotency_add(const panel_dialect *d, const char *skip_param, panel_form *f);
/* Writes the i-th bogus id of spec (well-formed, never issued). */
void runner_bogus_id(const panel_id_spec *spec, unsigned i, char *out, size_t outsz);
/* The entry for id (or the only entry when id is NULL); borrowed or NULL. */
const panel_entry *runner_entry_for(const panel_result *r, const char *id);
/* Sends action a (single or multi form) for one id; parsed (positive) or not (refusals). */
panel_result *runner_id_query(runner *rn, check_obs *o, panel_action a, const char *id, int multi,
                              exchange *ex);
void runner_id_send(runner *rn, panel_action a, const char *id, int multi, exchange *ex);
/* The form action a's ids travel in: 0 single, 1 multi (the single one when both carry an id
 * parameter), -1 when no documented form names one (a single form without single_param). */
int runner_id_form(const panel_dialect *d, panel_action a);

/* ---- refusals (runner_refusal.c) --------------------------------------------------------- */

/* Judges ex as the documented refusal of case c on every layer: an error is present (with
 * entry_id: as that id's error entry), its HTTP code, its text, and with before non-NULL an
 * unchanged balance (re-read). Findings go to o. */
void runner_judge_refusal(runner *rn, check_obs *o, panel_action a, const exchange *ex,
                          panel_errcase c, const char *entry_id, int multi,
                          const panel_money *before);
/* check_obs for id around runner_judge_refusal, then the verdict. */
void runner_expect_refusal(runner *rn, check_id id, const char *suffix, panel_action a,
                           const exchange *ex, panel_errcase c, const char *entry_id, int multi,
                           const panel_money *before);

/* ---- orders (runner_orders.c) ------------------------------------------------------------ */

/* Reads the balance into *bal; returns 1 on success. ex is the caller's to free; *out (may be
 * NULL) receives the parsed answer. */
int runner_get_balance(runner *rn, panel_money *bal, exchange *ex, panel_result **out);
/* The balance before a request that may move it: the last read when nothing was sent since
 * (no request to spare against a rate limit), else read now; returns 1 when known. */
int runner_balance_before(runner *rn, panel_money *bal);
/* Valid add params for svc of type t (skip_param left out, override set to value). */
void runner_add_params(const panel_dialect *d, const panel_service_type *t,
                       const panel_service *svc, const char *skip_param, const char *override,
                       const char *value, panel_form *f);
/* A valid value for parameter name of an order of svc with quantity qty. */
void runner_param_value(const panel_dialect *d, const panel_service_type *t,
                        const panel_service *svc, const char *name, int64_t qty, char *out,
                        size_t outsz);
int64_t runner_order_qty(const panel_service_type *t, const panel_service *svc);
panel_money runner_order_cost(const panel_service_type *t, const panel_service *svc);
/* The first service of the list whose type is t, or NULL. */
const panel_service *runner_service_of_type(const runner *rn, const panel_service_type *t);
/* Places an order (o non-NULL: findings of the add.<type> check go there); returns the stored
 * order (borrowed) or NULL. */
order *runner_place_order(runner *rn, check_obs *o, const panel_service_type *t,
                          const panel_service *svc);
/* The first placed order with the flags (-1: any) and observed == used, not cancelled. */
order *runner_find_order(runner *rn, int refill, int cancel, int used);
/* A fresh order of a service with the flags (-1: any), placed quietly. */
order *runner_fresh_order(runner *rn, int refill, int cancel);
/* 1 when some service carries the refill (which=1) or cancel (which=0) flag. */
int runner_flag_known(const runner *rn, int which);
/* Polls o with status until terminal or the poll window closes; sets o->settled. */
void runner_poll_terminal(runner *rn, check_obs *obs, order *o);

/* ---- the check groups -------------------------------------------------------------------- */

void checks_services(runner *rn);        /* checks_services.c: services.*, balance.shape */
void checks_adds(runner *rn);            /* checks_add.c: add.<type> */
void checks_ledger(runner *rn);          /* checks_add.c: ledger.charge */
void checks_ledger_dripfeed(runner *rn); /* checks_add.c: ledger.dripfeed */
void checks_idempotency(runner *rn);     /* checks_add.c: idempotency.repeat */
void checks_status(runner *rn, order *p, order *q);         /* checks_status.c */
void checks_refill(runner *rn, order *p, char rids[2][64]); /* calls checks_refill_status */
void checks_refill_status(runner *rn, char rids[2][64]);
void checks_cancel(runner *rn, order *p);                     /* checks_refill_cancel.c */
void checks_isolation(runner *rn, order *p, const char *rid); /* checks_isolation.c */
void checks_neg_basic(runner *rn);                            /* checks_neg.c */
void checks_neg_key_placement(runner *rn);                    /* checks_neg.c */
void checks_extra(runner *rn);                                /* checks_extra.c: extra.<action> */
void checks_neg_add(runner *rn);
void checks_neg_status(runner *rn);
void checks_transport_note(runner *rn, panel_action a, const exchange *ex); /* checks_transport.c */
void checks_transport(runner *rn);

#endif
