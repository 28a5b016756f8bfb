/* fuzz/fuzz_common.c - dialect loading, the selector byte and oracle helpers of the targets. */
#include "fuzz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static panel_dialect_set dialects;
static int dialects_loaded;
static char dialects_dir[4200]; /* the directory they were loaded from */

/* Loads every dialect of dir into dialects; returns 1 when at least one was loaded. */
static int load_from(const char *dir)
{
    panel_dialect_error err;

    memset(&err, 0, sizeof(err));
    if (panel_dialect_load_dir(dir, &dialects, &err) != PANEL_E_OK) {
        fprintf(stderr, "fuzz: cannot load dialects from %s: %s %s: %s\n", dir, err.file,
                err.pointer, err.reason);
        return 0;
    }
    if (dialects.count == 0) {
        panel_dialect_set_free(&dialects);
        return 0;
    }
    return 1;
}

/* Writes "<directory of this executable>/dialects" into out; returns 0 when unknown. */
static int exe_dialect_dir(char *out, size_t outsz)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if (n <= 0)
        return 0;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    return snprintf(out, outsz, "%s/dialects", exe) < (int)outsz;
}

/* Loads the dialects once (default directory, then the one beside the executable). */
const panel_dialect_set *fuzz_dialects_borrow(void)
{
    char dir[4200];

    if (dialects_loaded)
        return &dialects;
    if (load_from(panel_dialect_default_dir())) {
        snprintf(dialects_dir, sizeof(dialects_dir), "%s", panel_dialect_default_dir());
    } else if (exe_dialect_dir(dir, sizeof(dir)) && load_from(dir)) {
        snprintf(dialects_dir, sizeof(dialects_dir), "%s", dir);
    } else {
        fprintf(stderr, "fuzz: no dialect could be loaded; set PANEL_DIALECT_DIR\n");
        abort();
    }
    dialects_loaded = 1;
    return &dialects;
}

/* The directory fuzz_dialects_borrow loaded the dialects from (borrowed; loads them). */
const char *fuzz_dialect_dir_borrow(void)
{
    fuzz_dialects_borrow();
    return dialects_dir;
}

/* Picks the dialect and the single/multi form named by the selector byte (borrowed). */
const panel_dialect *fuzz_select_dialect(uint8_t selector, int *multi)
{
    const panel_dialect_set *s = fuzz_dialects_borrow();

    *multi = selector & 1;
    return s->items[(size_t)(selector / 2) % s->count];
}

/* Reports an oracle failure on stderr and aborts so the fuzzer saves the input. */
void fuzz_fail(const char *target, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "\n==fuzz oracle failed (%s): ", target);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    abort();
}

/* Checks the RFC 6901 syntax of p: empty, or '/'-separated tokens with ~ only as ~0 / ~1. */
int fuzz_pointer_valid(const char *p)
{
    if (!p)
        return 0;
    if (*p == '\0')
        return 1;
    if (*p != '/')
        return 0;
    for (; *p; p++) {
        if (*p == '~' && p[1] != '0' && p[1] != '1')
            return 0;
    }
    return 1;
}
