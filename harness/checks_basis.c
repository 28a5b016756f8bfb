/* checks_basis.c - the provenance of the rules verdicts rest on, read from the dialect model's
 * panel_basis (one per rule). The one place the checks turn a rule into fail-or-warn. */
#include <string.h>

#include "runner_internal.h"

/* The check_basis of a panel_basis: src, or for an assumption its reason. */
check_basis basis_of(const panel_basis *b)
{
    check_basis r;
    r.prov = b ? b->prov : PANEL_PROV_ASSUMED;
    r.src = !b ? NULL : b->src ? b->src : b->why;
    return r;
}

/* The basis of a rule cited by src (documented) or assumed for a reason. */
check_basis basis_rule(const char *src, const char *assumed)
{
    check_basis b;
    b.prov = src && !assumed ? PANEL_PROV_DOCUMENTED : PANEL_PROV_ASSUMED;
    b.src = assumed ? assumed : src;
    return b;
}

/* The basis of the order lifecycle. */
check_basis basis_lifecycle(const panel_dialect *d)
{
    return basis_of(&d->order_status.lifecycle_basis);
}

/* The basis of a response shape. */
check_basis basis_shape(const panel_dialect *d, panel_action a, int multi)
{
    const panel_action_spec *sp = &d->actions[a];
    const panel_response_spec *r = multi && sp->multi.present ? &sp->multi : &sp->single;
    if (a == PANEL_ACTION_ERROR || !r->present)
        return basis_action(d, a);
    return basis_of(&r->basis);
}

/* The basis of an action (the error envelope: the errors section). */
check_basis basis_action(const panel_dialect *d, panel_action a)
{
    if (a == PANEL_ACTION_ERROR)
        return basis_of(&d->errors_basis);
    return basis_of(&d->actions[a].basis);
}

/* The basis of error case c's HTTP code. */
check_basis basis_error_http(const panel_dialect *d, panel_errcase c)
{
    return basis_of(panel_error_case_basis(d, c, PANEL_BASIS_HTTP));
}

/* The basis of error case c's message. */
check_basis basis_error_message(const panel_dialect *d, panel_errcase c)
{
    return basis_of(panel_error_case_basis(d, c, PANEL_BASIS_MESSAGE));
}

/* Fail when documented, else warn. */
check_status basis_outcome(check_basis b)
{
    return b.prov == PANEL_PROV_DOCUMENTED ? CHECK_FAIL : CHECK_WARN;
}

/* The provenance's name. */
const char *basis_prov_name(panel_prov p)
{
    return panel_prov_name(p);
}
