/* tree.c - small JSON tree edits shared by the answer transformations (deviations, quirks). */
#include <string.h>

#include "tree.h"

/* Renames member from of obj to `to` in place, keeping the member order; no-op when absent.
 * Returns 0, or -1 when the copy cannot be made (NOMEM; obj is then left as it was, or, when
 * refilling it failed midway, incomplete: the caller drops it). */
int mock_tree_rename(json_t *obj, const char *from, const char *to)
{
    if (!json_object_get(obj, from))
        return 0;
    json_t *copy = json_object();
    int bad = copy == NULL;
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        if (!bad && json_object_set(copy, strcmp(k, from) == 0 ? to : k, v) != 0)
            bad = 1;
    }
    if (!bad) {
        json_object_clear(obj);
        bad = json_object_update(obj, copy) != 0;
    }
    json_decref(copy);
    return bad ? -1 : 0;
}
