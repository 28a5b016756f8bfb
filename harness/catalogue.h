/* catalogue.h - the catalogue of panelcheck's checks (what `panelcheck checks` lists). */
#ifndef PANELCHECK_CATALOGUE_H
#define PANELCHECK_CATALOGUE_H

#include <stddef.h>

typedef struct {
    const char *id;       /* stable id; "<type>" and "<param>" mark templated parts */
    const char *severity; /* "critical" | "major" | "minor" */
    const char *action;   /* the action it exercises ("*" for every action) */
    const char *section;  /* the document section it is based on (family-wide name) */
    const char *desc;     /* one line */
} check_def;

/* The static table of checks (n entries). */
const check_def *check_catalogue(size_t *n);

/* The definition of a concrete check id (templates match "add.custom_comments"); NULL if none. */
const check_def *check_catalogue_find(const char *id);

#endif
