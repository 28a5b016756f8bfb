/* tree.h - small JSON tree edits shared by the answer transformations (deviations, quirks). */
#ifndef PANELMOCK_TREE_H
#define PANELMOCK_TREE_H

#include <jansson.h>

/* Renames member from of obj to `to` in place, keeping the member order; no-op when absent.
 * Returns 0, or -1 on NOMEM (obj may then be incomplete: drop it). */
int mock_tree_rename(json_t *obj, const char *from, const char *to);

#endif
