/* quirk_rewrite.c - panelmock's quirks applied to an answer that did not come from the mock
 * (panelcheck proxy --quirks): the same transformations of the JSON tree as mock answers get. */
#include <jansson.h>
#include <string.h>

#include "mock_internal.h"

/* Applies the quirks named in spec to body (a JSON answer of action a of d). */
panel_err mock_quirks_rewrite(const panel_dialect *d, panel_action a, int multi,
                              const char *single_id, const char *spec, panel_buf *body, char *err,
                              size_t errsz)
{
    size_t nn;
    const char *const *names = mock_quirk_names(&nn);
    mock_switches sw;
    panel_err rc = mock_switches_parse(spec, names, nn, &sw, err, errsz);
    if (rc != PANEL_E_OK || !body || !d)
        return rc;
    json_error_t je;
    json_t *j = json_loadb(body->data ? body->data : "", body->len, JSON_DECODE_ANY, &je);
    if (!j && json_error_code(&je) == json_error_out_of_memory)
        return PANEL_E_NOMEM;
    if (!j)
        return PANEL_E_OK; /* not JSON: nothing a quirk could change */
    mock_req q;
    memset(&q, 0, sizeof q);
    q.d = d;
    q.action = a;
    q.multi = multi;
    q.single_id = single_id;
    q.errcase = -1;
    for (size_t i = 0; i < MOCK_QUIRK__COUNT && i < 32; i++)
        q.quirk[i] = sw.rate[i] > 0; /* a rate counts as on: every answer gets it */
    j = mock_quirks_apply(&q, j);
    if (j) {
        panel_buf_reset(body);
        rc = mock_dump(j, body);
    } else {
        rc = PANEL_E_NOMEM; /* an edit could not be made: not the body with it left out */
    }
    json_decref(j);
    return rc;
}
