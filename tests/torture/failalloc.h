/* failalloc.h - the torture tests' failing allocator: every malloc, calloc, realloc, strdup and
 * strndup of the code linked with -Wl,--wrap=... (tests/torture.cmake) and every allocation of
 * jansson (json_set_alloc_funcs) is counted while armed, and the k-th one fails. */
#ifndef TORTURE_FAILALLOC_H
#define TORTURE_FAILALLOC_H

#include <stddef.h>

/* Routes jansson's allocations through the counter; call once before any JSON exists. */
void failalloc_install(void);

/* Starts counting from zero; the k-th allocation from now fails (k = 0: none fails). */
void failalloc_arm(unsigned long k);

/* Stops counting; returns the number of allocations seen since failalloc_arm (the failed one
 * included) and sets *fired to 1 when the k-th allocation was reached and failed. */
unsigned long failalloc_disarm(int *fired);

#endif
