/* version.c - the library's version, for --version and the reports. */
#include "panel/version.h"

/* The version libpanel was built as; static storage. */
const char *panel_version(void)
{
    return PANEL_VERSION_STRING;
}
