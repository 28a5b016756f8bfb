/* tree.c - small JSON tree edits shared by the answer transformations (deviations, quirks). */
#include <string.h>

#include "tree.h"

/* Renames member from of obj to `to` in place, keeping the member order; no-op when absent. */
void mock_tree_rename(json_t *obj, const char *from, const char *to)
{
    if (!json_object_get(obj, from))
        return;
    json_t *copy = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) json_object_set(copy, strcmp(k, from) == 0 ? to : k, v);
    json_object_clear(obj);
    json_object_update(obj, copy);
    json_decref(copy);
}
