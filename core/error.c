/* core/error.c - names and messages of panel_err, generated from PANEL_ERRNO_MAP. */
#include "panel/error.h"

static const char *const err_names[] = {
#define XX(name, msg) "PANEL_E_" #name,
    PANEL_ERRNO_MAP(XX)
#undef XX
};

static const char *const err_msgs[] = {
#define XX(name, msg) msg,
    PANEL_ERRNO_MAP(XX)
#undef XX
};

/* Tells whether rc is one of the values of the table. */
static int in_range(panel_err rc)
{
    return (int)rc >= 0 && (int)rc < (int)PANEL_E__COUNT;
}

/* Returns the symbolic name of rc, or "PANEL_E_UNKNOWN" for a value outside the table. */
const char *panel_err_name(panel_err rc)
{
    return in_range(rc) ? err_names[rc] : "PANEL_E_UNKNOWN";
}

/* Returns the message of rc, or "unknown error" for a value outside the table. */
const char *panel_strerror(panel_err rc)
{
    return in_range(rc) ? err_msgs[rc] : "unknown error";
}
