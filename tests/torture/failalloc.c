/* failalloc.c - the failing allocator behind failalloc.h. The linker turns every reference to
 * malloc (and the others) in the torture executable and the static libraries linked into it
 * into __wrap_malloc, and __real_malloc into the C library's (ASan's interceptor under
 * -fsanitize=address), so ASan still sees every block. Only the k-th allocation fails, as in
 * curl's torture tests: the code must survive one failure, not a famine. Single-threaded.
 *
 * jansson's parser is the exception: its lexer drops a failed allocation (lex_save ignores
 * strbuffer_append_byte's error; akheron/jansson#362, open), so a failure inside json_loadb
 * silently drops a byte of a string ("ObjectId" loads as "ObjctId") or asserts. No caller can
 * defend against that, so json_loadb and json_load_file are wrapped too: each call is one
 * counted event that, when its turn comes, fails as jansson's clean out-of-memory error would
 * (NULL, json_error_out_of_memory), and runs with injection off otherwise. jansson's builders,
 * dumpers and packers are tortured like our own code.
 *
 * Threads: only the thread that called failalloc_arm counts and fails (the armed flag is
 * thread-local, and so is every counter), so the threads a case starts (the mock server's
 * timer and connection guard, libmicrohttpd's) allocate normally and cannot race the count.
 * pthread_create, wrapped like malloc, is one more counted event of the arming thread: when
 * its turn comes it fails with EAGAIN and starts nothing. */
#include "failalloc.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t m, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
json_t *__real_json_loadb(const char *buf, size_t n, size_t flags, json_error_t *error);
json_t *__real_json_load_file(const char *path, size_t flags, json_error_t *error);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t m, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
json_t *__wrap_json_loadb(const char *buf, size_t n, size_t flags, json_error_t *error);
json_t *__wrap_json_load_file(const char *path, size_t flags, json_error_t *error);
int __real_pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);

static _Thread_local int armed; /* set in the arming thread only */
static _Thread_local unsigned long seen, fail_at;
static _Thread_local int fired_flag;

/* Counts one allocation while armed; returns 1 when it is the one to fail. */
static int should_fail(void)
{
    if (!armed)
        return 0;
    seen++;
    if (fail_at && seen == fail_at) {
        fired_flag = 1;
        return 1;
    }
    return 0;
}

/* malloc, failing when its turn comes. */
void *__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

/* calloc, failing when its turn comes. */
void *__wrap_calloc(size_t m, size_t n)
{
    return should_fail() ? NULL : __real_calloc(m, n);
}

/* realloc, failing when its turn comes (p is then left as it was, as realloc does). */
void *__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

/* strdup, failing when its turn comes. */
char *__wrap_strdup(const char *s)
{
    return should_fail() ? NULL : __real_strdup(s);
}

/* strndup, failing when its turn comes. */
char *__wrap_strndup(const char *s, size_t n)
{
    return should_fail() ? NULL : __real_strndup(s, n);
}

/* pthread_create, failing with EAGAIN (no thread started) when its turn comes. */
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
    return should_fail() ? EAGAIN : __real_pthread_create(t, attr, fn, arg);
}

/* Fills error as jansson does when an allocation fails. */
static void oom_error(json_error_t *error)
{
    if (!error)
        return;
    memset(error, 0, sizeof *error);
    error->line = -1;
    error->column = -1;
    snprintf(error->source, sizeof error->source, "<torture>");
    snprintf(error->text, sizeof error->text, "out of memory");
    error->text[JSON_ERROR_TEXT_LENGTH - 1] = (char)json_error_out_of_memory;
}

/* json_loadb as one counted event (see the file comment). */
json_t *__wrap_json_loadb(const char *buf, size_t n, size_t flags, json_error_t *error)
{
    if (should_fail()) {
        oom_error(error);
        return NULL;
    }
    int was = armed;
    armed = 0;
    json_t *j = __real_json_loadb(buf, n, flags, error);
    armed = was;
    return j;
}

/* json_load_file as one counted event (see the file comment). */
json_t *__wrap_json_load_file(const char *path, size_t flags, json_error_t *error)
{
    if (should_fail()) {
        oom_error(error);
        return NULL;
    }
    int was = armed;
    armed = 0;
    json_t *j = __real_json_load_file(path, flags, error);
    armed = was;
    return j;
}

/* jansson's allocator: the counted malloc. */
static void *json_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

/* jansson's deallocator. */
static void json_free(void *p)
{
    free(p);
}

/* Installs the jansson hooks. */
void failalloc_install(void)
{
    json_set_alloc_funcs(json_malloc, json_free);
}

/* Arms the counter for the k-th allocation of the calling thread. */
void failalloc_arm(unsigned long k)
{
    seen = 0;
    fail_at = k;
    fired_flag = 0;
    armed = 1;
}

/* Disarms the counter and reports what it saw. */
unsigned long failalloc_disarm(int *fired)
{
    armed = 0;
    if (fired)
        *fired = fired_flag;
    return seen;
}
