/* panel/version.h - the panelkit version. The one place it is written: CMakeLists.txt reads
 * PANEL_VERSION_STRING from here for project(VERSION), the package and the man pages. */
#ifndef PANEL_VERSION_H
#define PANEL_VERSION_H

#define PANEL_VERSION_STRING "0.2.0"

/* The version libpanel was built as ("0.2.0"); static storage. */
const char *panel_version(void);

#endif
