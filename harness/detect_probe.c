/* detect_probe.c - the read-only probes of panelcheck detect: services, balance, status and
 * refill_status of bogus ids (single and multi), a bad key, a missing and an unknown action,
 * in each known dialect's encoding and parameter names; each distinct request is sent once.
 * No probe adds, refills or cancels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "runner_internal.h"

/* Writes a key that fits d's key pattern and is not key (X: a letter, H: a hex digit). */
static void bogus_key(const panel_dialect *d, const char *key, char *out, size_t outsz)
{
    const char *pat = d->key_pattern ? d->key_pattern : "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
    size_t i = 0;
    for (; pat[i] && i + 1 < outsz; i++)
        out[i] = pat[i] == 'X' ? 'q' : pat[i] == 'H' ? '0' : pat[i];
    out[i] = '\0';
    if (key && !strcmp(out, key) && i)
        out[0] = out[0] == '0' ? '1' : '0';
}

/* Sends (or finds the identical earlier) request and returns its exchange index, -1 on
 * failure. */
static int send_once(detect_run *r, http_client *http, const panel_dialect *d, const char *url,
                     const char *key_sent, const char *key, const panel_form *f)
{
    panel_buf body;
    panel_buf_init(&body, 1u << 20);
    const char *ct = NULL;
    int idx = -1;
    if (request_encode(d, key_sent, f, &body, &ct) != PANEL_E_OK)
        goto out;
    panel_buf sig;
    panel_buf_init(&sig, 1u << 20);
    if (panel_buf_printf(&sig, "%s\n%s", ct ? ct : "", body.data ? body.data : "") != PANEL_E_OK) {
        panel_buf_free(&sig);
        goto out;
    }
    for (size_t i = 0; i < r->n_ex; i++)
        if (!strcmp(r->sig[i], sig.data)) {
            idx = (int)i;
            panel_buf_free(&sig);
            goto out;
        }
    if (r->n_ex >= DETECT_MAX_PROBES) {
        panel_buf_free(&sig);
        goto out;
    }
    r->sig[r->n_ex] = panel_buf_take(&sig, NULL);
    request_send(http, d, url, key_sent, key, f, 1, &r->ex[r->n_ex]);
    idx = (int)r->n_ex++;
out:
    panel_buf_free(&body);
    return idx;
}

/* Sends action a of d (multi form when multi) for bogus ids of kind; -1 when d lacks it. */
static int probe_ids(detect_run *r, http_client *http, const panel_dialect *d, const char *url,
                     const char *key, panel_action a, int multi, const panel_id_spec *spec)
{
    const panel_action_spec *sp = &d->actions[a];
    const char *param = multi ? sp->multi_param : sp->single_param;
    if (!sp->documented || !param || (multi && !sp->multi.present))
        return -1;
    char id[64], id2[64], ids[140];
    runner_bogus_id(spec, 0, id, sizeof(id));
    runner_bogus_id(spec, 1, id2, sizeof(id2));
    snprintf(ids, sizeof(ids), "%s,%s", id, id2);
    panel_form f;
    runner_base_params(&f, runner_action_word(d, a, multi));
    panel_form_add(&f, param, multi ? ids : id);
    int i = send_once(r, http, d, url, key, key, &f);
    panel_form_free(&f);
    return i;
}

/* Sends d's probes and notes which exchange answers each. */
static void probe_dialect(detect_run *r, size_t di, http_client *http, const panel_dialect *d,
                          const char *url, const char *key)
{
    int *of = r->of[di];
    panel_form f;
    runner_base_params(&f, runner_action_word(d, PANEL_ACTION_SERVICES, 0));
    of[DETECT_SERVICES] = send_once(r, http, d, url, key, key, &f);
    panel_form_free(&f);
    runner_base_params(&f, runner_action_word(d, PANEL_ACTION_BALANCE, 0));
    of[DETECT_BALANCE] = send_once(r, http, d, url, key, key, &f);
    char bad[128];
    bogus_key(d, key, bad, sizeof(bad));
    of[DETECT_BAD_KEY] = send_once(r, http, d, url, bad, key, &f);
    panel_form_free(&f);
    of[DETECT_STATUS] = probe_ids(r, http, d, url, key, PANEL_ACTION_STATUS, 0, &d->order_id);
    of[DETECT_STATUS_MULTI] = probe_ids(r, http, d, url, key, PANEL_ACTION_STATUS, 1, &d->order_id);
    of[DETECT_REFILL_STATUS] =
        probe_ids(r, http, d, url, key, PANEL_ACTION_REFILL_STATUS, 0, &d->refill_id);
    runner_base_params(&f, NULL);
    of[DETECT_MISSING_ACTION] = send_once(r, http, d, url, key, key, &f);
    panel_form_free(&f);
    runner_base_params(&f, "panelcheck_no_such_action");
    of[DETECT_UNKNOWN_ACTION] = send_once(r, http, d, url, key, key, &f);
    panel_form_free(&f);
}

/* Sends every dialect's probes. */
panel_err detect_probe(detect_run *r, http_client *http, const panel_dialect_set *set,
                       const char *url, const char *key)
{
    memset(r, 0, sizeof(*r));
    for (size_t i = 0; i < set->count && i < DETECT_MAX_DIALECTS; i++) {
        r->fit[i].d = set->items[i];
        for (int k = 0; k < DETECT__COUNT; k++)
            r->of[i][k] = -1;
        probe_dialect(r, i, http, set->items[i], url, key);
        r->n_fit++;
    }
    return r->n_ex ? PANEL_E_OK : PANEL_E_NOMEM;
}

/* Frees the exchanges. */
void detect_run_free(detect_run *r)
{
    for (size_t i = 0; i < r->n_ex; i++) {
        exchange_free(&r->ex[i]);
        free(r->sig[i]);
    }
    r->n_ex = 0;
}
