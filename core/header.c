/* core/header.c - one HTTP header line: name match and trimmed value. */
#include "panel/header.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Matches "name:" at the start of the line and copies the trimmed value. */
int panel_header_value(const char *line, size_t n, const char *name, char *out, size_t outsz)
{
    size_t nl = strlen(name);
    if (outsz == 0 || n <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
        return 0;
    const char *v = line + nl + 1;
    const char *e = line + n;
    while (v < e && (*v == ' ' || *v == '\t'))
        v++;
    while (e > v && isspace((unsigned char)e[-1]))
        e--;
    size_t l = (size_t)(e - v);
    if (l >= outsz)
        l = outsz - 1;
    memcpy(out, v, l);
    out[l] = '\0';
    return 1;
}
