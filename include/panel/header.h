/* panel/header.h - one HTTP header line: name match and trimmed value (client and mock). */
#ifndef PANEL_HEADER_H
#define PANEL_HEADER_H

#include <stddef.h>

/* If line[0..n) is header `name` ("Name: value", name matched case-insensitively), copies
 * its value without surrounding blanks (and without the CR LF) into out, cut to outsz - 1
 * bytes, and returns 1; returns 0 and leaves out alone otherwise. line need not end in NUL. */
int panel_header_value(const char *line, size_t n, const char *name, char *out, size_t outsz);

#endif
