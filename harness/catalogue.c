/* catalogue.c - the check catalogue table generated from CHECK_MAP, and id lookup. */
#include <string.h>

#include "catalogue.h"

static const check_def CHECKS[] = {
#define CHECK_ROW(e, id, sev, action, section, desc) {CHECK_##e, id, sev, action, section, desc},
    CHECK_MAP(CHECK_ROW)
#undef CHECK_ROW
};

/* Returns the table. */
const check_def *check_catalogue(size_t *n)
{
    *n = sizeof(CHECKS) / sizeof(CHECKS[0]);
    return CHECKS;
}

/* Returns the row of id. */
const check_def *check_catalogue_get(check_id id)
{
    return &CHECKS[id < CHECK__COUNT ? id : 0];
}

/* 1 when id matches pattern, where "<...>" matches one or more characters up to the next
 * literal character of the pattern. */
static int match(const char *pat, const char *id)
{
    while (*pat) {
        if (*pat == '<') {
            const char *e = strchr(pat, '>');
            if (!e)
                return 0;
            pat = e + 1;
            if (!*id)
                return 0;
            if (!*pat)
                return strchr(id, '.') == NULL;
            const char *next = strchr(id + 1, *pat);
            if (!next)
                return 0;
            id = next;
            continue;
        }
        if (*pat++ != *id++)
            return 0;
    }
    return *id == '\0';
}

/* Finds the definition of a concrete id. */
const check_def *check_catalogue_find(const char *id)
{
    size_t n;
    const check_def *t = check_catalogue(&n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].id, id))
            return &t[i];
    for (size_t i = 0; i < n; i++)
        if (strchr(t[i].id, '<') && match(t[i].id, id))
            return &t[i];
    return NULL;
}
