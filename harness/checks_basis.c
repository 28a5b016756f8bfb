/* checks_basis.c - the provenance of the rules verdicts rest on. The one place that reads rule
 * provenance from the dialect model: until the model carries a panel_basis per rule (issue #8),
 * it derives it from src/assumed and the dialect file's "assumed_http"/"assumed_message". */
#include <jansson.h>
#include <string.h>

#include "runner_internal.h"

/* The basis of a rule with citation src and assumption assumed. */
check_basis basis_rule(const char *src, const char *assumed)
{
    check_basis b;
    if (src && !assumed) {
        b.prov = BASIS_DOCUMENTED;
        b.src = src;
    } else {
        b.prov = BASIS_ASSUMED;
        b.src = assumed ? assumed : src;
    }
    return b;
}

/* The basis of a response shape. */
check_basis basis_shape(const panel_dialect *d, panel_action a, int multi)
{
    const panel_action_spec *sp = &d->actions[a];
    const panel_response_spec *r = multi && sp->multi.present ? &sp->multi : &sp->single;
    if (!r->present)
        return basis_action(d, a);
    return basis_rule(r->src, r->assumed);
}

/* The basis of an action. */
check_basis basis_action(const panel_dialect *d, panel_action a)
{
    const panel_action_spec *sp = &d->actions[a];
    if (a == PANEL_ACTION_ERROR)
        return basis_rule(d->errors[PANEL_ERRCASE_BAD_KEY].src, NULL);
    return basis_rule(sp->src, sp->assumed);
}

/* The dialect file's string member /errors/cases/<case>/<member>, borrowed, or NULL. */
static const char *case_member(const panel_dialect *d, panel_errcase c, const char *member)
{
    json_t *e = json_object_get(json_object_get(json_object_get(d->root, "errors"), "cases"),
                                panel_errcase_name(c));
    return json_string_value(json_object_get(e, member));
}

/* The basis of error case c's HTTP code. */
check_basis basis_error_http(const panel_dialect *d, panel_errcase c)
{
    const panel_error_case *ec = &d->errors[c];
    const char *a = case_member(d, c, "assumed_http");
    return basis_rule(ec->src, ec->assumed ? ec->assumed : a);
}

/* The basis of error case c's message. */
check_basis basis_error_message(const panel_dialect *d, panel_errcase c)
{
    const panel_error_case *ec = &d->errors[c];
    const char *a = case_member(d, c, "assumed_message");
    return basis_rule(ec->src, ec->assumed ? ec->assumed : a);
}

/* Fail when documented, else warn. */
check_status basis_outcome(check_basis b)
{
    return b.prov == BASIS_DOCUMENTED ? CHECK_FAIL : CHECK_WARN;
}

/* The provenance's name. */
const char *basis_prov_name(check_prov p)
{
    return p == BASIS_DOCUMENTED ? "documented" : p == BASIS_EXAMPLE ? "example" : "assumed";
}
