/* failalloc.h - the torture tests' failing allocator: every malloc, calloc, realloc, strdup and
 * strndup of the code linked with -Wl,--wrap=... (tests/torture.cmake), every allocation of
 * jansson (json_set_alloc_funcs) and every pthread_create is counted while armed, and the k-th
 * one fails. Only the thread that armed it counts: other threads are never failed. */
#ifndef TORTURE_FAILALLOC_H
#define TORTURE_FAILALLOC_H

#include <stddef.h>

/* Routes jansson's allocations through the counter; call once before any JSON exists. */
void failalloc_install(void);

/* Starts counting the calling thread's allocations from zero; the k-th from now fails (k = 0:
 * none fails). */
void failalloc_arm(unsigned long k);

/* Stops counting (call from the arming thread); returns the number of allocations seen since
 * failalloc_arm (the failed one included) and sets *fired to 1 when the k-th allocation was reached
 * and failed. */
unsigned long failalloc_disarm(int *fired);

#endif
