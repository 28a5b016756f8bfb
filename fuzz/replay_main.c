/* fuzz/replay_main.c - a main for builds without libFuzzer (gcc, coverage builds): runs
 * every file argument, and every file of every directory argument, through
 * LLVMFuzzerTestOneInput once. Options: -mutate=N also runs N structure-aware mutations of
 * each input when the target has a custom mutator; other -flags are ignored (libFuzzer's). */
#include "fuzz.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_INPUT (16u << 20)
#define MUTATE_ROOM 4096

extern int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
extern size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                                      unsigned int seed) __attribute__((weak));

extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static unsigned long replayed;
static char current[4096]; /* the input being run, named when it crashes */
static unsigned long mutate_rounds;

/* Names the input that crashed on stderr (async-signal-safe). */
static void name_current(void)
{
    static const char pre[] = "\nreplay: crashed on input ";

    if (write(2, pre, sizeof(pre) - 1) < 0 || write(2, current, strlen(current)) < 0 ||
        write(2, "\n", 1) < 0)
        return;
}

/* SIGABRT / SIGSEGV handler: names the input, then lets the signal kill the process. */
static void on_signal(int sig)
{
    name_current();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A stand-in for libFuzzer's byte mutator: flips, inserts or truncates a few bytes. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
{
    static unsigned long long s = 88172645463325252ULL;

    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    if (size == 0)
        return 0;
    switch (s % 3) {
    case 0:
        data[s % size] ^= (uint8_t)(1u << (s >> 8) % 8);
        return size;
    case 1:
        if (size < max_size) {
            size_t at = (s >> 16) % size;
            memmove(data + at + 1, data + at, size - at);
            data[at] = (uint8_t)(s >> 24);
            return size + 1;
        }
        return size;
    default:
        return size > 1 ? size - 1 : size;
    }
}

/* Runs one input, then mutate_rounds mutations of it; the buffer is ours to change. */
static void run_one(uint8_t *buf, size_t n, size_t room)
{
    unsigned long k;

    LLVMFuzzerTestOneInput(buf, n);
    replayed++;
    if (!LLVMFuzzerCustomMutator)
        return;
    for (k = 0; k < mutate_rounds; k++) {
        n = LLVMFuzzerCustomMutator(buf, n, room, (unsigned)(k * 2654435761u + n));
        LLVMFuzzerTestOneInput(buf, n);
        replayed++;
    }
}

/* Reads a whole file (at most MAX_INPUT bytes) into a buffer of exactly its size (plus room
 * to mutate), so ASan sees any read past the input, and runs it; returns 0 on success. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, extra = mutate_rounds ? MUTATE_ROOM : 0;
    struct stat st;
    int rc = 1;

    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    snprintf(current, sizeof(current), "%s", path);
    if (fstat(fileno(f), &st) != 0 || st.st_size < 0 || (size_t)st.st_size > MAX_INPUT) {
        fprintf(stderr, "replay: %s: unreadable or over %u bytes\n", path, MAX_INPUT);
        goto out;
    }
    buf = malloc((size_t)st.st_size + extra + 1);
    if (!buf)
        goto out;
    n = fread(buf, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        goto out;
    }
    run_one(buf, n, n + extra);
    rc = 0;
out:
    free(buf);
    fclose(f);
    return rc;
}

/* Compares two directory entry names for qsort. */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir, in name order (not recursive; dot-files and README*
 * skipped); returns the number of failures. */
static int run_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    char **names = NULL, path[4096];
    size_t n = 0, cap = 0, i;
    int failures = 0;
    struct stat st;

    if (!dp) {
        fprintf(stderr, "replay: cannot open directory %s\n", dir);
        return 1;
    }
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.' || strncmp(e->d_name, "README", 6) == 0)
            continue;
        if (n == cap) {
            char **p = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*names));
            if (!p)
                break;
            names = p;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof(*names), cmp_names);
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            failures += run_file(path);
        free(names[i]);
    }
    free(names);
    return failures;
}

/* Replays every argument; exits 0 unless a file could not be read (a crash aborts). */
int main(int argc, char **argv)
{
    struct stat st;
    int i, failures = 0;

    signal(SIGABRT, on_signal);
    signal(SIGSEGV, on_signal);
    if (__sanitizer_set_death_callback)
        __sanitizer_set_death_callback(name_current);
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "-mutate=", 8) == 0) {
            mutate_rounds = strtoul(argv[i] + 8, NULL, 10);
            continue;
        }
        if (argv[i][0] == '-')
            continue;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
            failures++;
        } else if (S_ISDIR(st.st_mode)) {
            failures += run_dir(argv[i]);
        } else {
            failures += run_file(argv[i]);
        }
    }
    printf("replayed %lu inputs\n", replayed);
    return failures ? 1 : 0;
}
