/* checks_transport.c - transport.content_type_json and transport.valid_json, judged on every
 * exchange of the run (error answers included) and reported per action at the end. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "runner_internal.h"

/* Notes transport conformance of one answer of action a. */
void checks_transport_note(runner *rn, panel_action a, const exchange *ex)
{
    if (ex->resp.outcome != HTTP_OK || a >= PANEL_ACTION__COUNT)
        return;
    check_obs *ct = &rn->tr_ct[a], *js = &rn->tr_json[a];
    double ms = ex->resp.elapsed_ms;
    check_obs_seen(ct, ms);
    check_obs_seen(js, ms);
    const char *c = ex->resp.content_type;
    if (strncasecmp(c, "application/json", 16) != 0)
        check_obs_add(ct, CHECK_FAIL, ct->basis, c[0] ? c : "(none)", "http.header.Content-Type",
                      "application/json", c[0] ? c : "(none)", ex->repro,
                      "answer of %s (HTTP %ld) has Content-Type %s", panel_action_name(a),
                      ex->resp.status, c[0] ? c : "(none)");
    char why[200];
    panel_err rc = panel_json_validate(ex->resp.body.data ? ex->resp.body.data : "",
                                       ex->resp.body.len, why, sizeof why);
    if (rc == PANEL_E_NOMEM)
        js->nomem = 1; /* not a verdict on the answer */
    else if (rc != PANEL_E_OK) {
        char bad[256];
        snprintf(bad, sizeof(bad), "%.200s", why);
        check_obs_add(js, CHECK_FAIL, js->basis, ex->resp.body.len ? "invalid JSON" : "empty body",
                      "transport", "valid JSON", bad, ex->repro,
                      "answer of %s (HTTP %ld) is not JSON: %s", panel_action_name(a),
                      ex->resp.status, bad);
    }
}

/* transport.*: one verdict pair per action that was exercised. */
void checks_transport(runner *rn)
{
    for (int a = 0; a < PANEL_ACTION__COUNT; a++) {
        if (!rn->tr_ct[a].seen) {
            check_obs_free(&rn->tr_ct[a]);
            check_obs_free(&rn->tr_json[a]);
            continue;
        }
        size_t n = rn->tr_ct[a].seen;
        check_obs_finish(rn, &rn->tr_ct[a], "%zu answers with application/json", n);
        check_obs_finish(rn, &rn->tr_json[a], "%zu answers of valid JSON", n);
    }
}
