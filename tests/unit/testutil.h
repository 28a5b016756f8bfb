/* tests/unit/testutil.h - helpers the Check suites share (linked into every test_*). */
#ifndef PANEL_TESTUTIL_H
#define PANEL_TESTUTIL_H

#include <check.h>
#include <sys/types.h>
#include <stddef.h>

#include "panel/dialect.h"

/* Loads every shipped dialect (PANEL_SOURCE_DIR/dialects) into set; on failure prints the
 * loader's file, pointer and reason and fails the test. */
void tu_load_dialects(panel_dialect_set *set);

/* Reads the whole file at path into a new NUL-terminated buffer (caller frees); its length
 * goes to *n when n is not NULL. Fails the test when the file cannot be read. */
char *tu_slurp(const char *path, size_t *n);

/* A loopback TCP port nothing listens on (bound, then closed). */
int tu_dead_port(void);

/* libcurl write callback: appends the bytes to the panel_buf passed as user data. */
size_t tu_curl_to_buf(char *p, size_t sz, size_t n, void *buf);

/* The first catalogue item of d whose type needs only link and quantity; with want_refill
 * (want_cancel) 1 it must allow refill (cancel), with want_cancel -1 it must not allow
 * cancel. NULL when there is none. Borrowed. */
const panel_catalogue_item *tu_simple_item(const panel_dialect *d, int want_refill,
                                           int want_cancel);

/* Runs every test of s and frees it; returns the exit status (0 when all passed). */
int tu_run(Suite *s);

/* Runs `panelcheck first args...` (the built program, args NULL-terminated, at most 62) in a
 * child process whose stdout and stderr go to the files out and err; returns its exit code
 * (and fails the test when the child did not exit). Started by tu_spawn_panelcheck, so it is
 * safe beside the embedded mock's threads. */
int tu_run_panelcheck(const char *first, const char *const *args, const char *out, const char *err);

/* Starts the built panelcheck program with argv (argv[0] the subcommand, NULL-terminated, at
 * most 62) by posix_spawn, stdout to the file out, stderr to the file err, in directory dir
 * (NULL: this one), with the NAME, VALUE pairs of env (NULL-terminated, may be NULL) added to
 * the environment. No code of this process runs in the child, so a lock another thread held
 * (the embedded mock's threads, the sanitizer's allocator) cannot hang it as a fork could.
 * Returns the child's pid; the test fails when it cannot start. */
pid_t tu_spawn_panelcheck(const char *const *argv, const char *const *env, const char *out,
                          const char *err, const char *dir);

/* Waits for the child pid; returns its exit code, or -1 when it did not exit. */
int tu_wait_child(pid_t pid);

/* Writes text to a new temporary file under /tmp; its path goes to path (at least 64 bytes).
 * The caller unlinks it. */
void tu_temp_file(char *path, const char *text);

/* 1 when msg is the documented message of error case c of d (a template matched as one). */
int tu_is_error_case(const panel_dialect *d, panel_errcase c, const char *msg);

/* Runs fn(arg) with stderr going to a temporary file and copies what it wrote into out (at
 * most outsz - 1 bytes, NUL-terminated). */
void tu_capture_stderr(void (*fn)(void *), void *arg, char *out, size_t outsz);

/* Loads smpanelim.json with the JSON value text set at path (object keys and array indexes,
 * NULL-terminated; the last one is created when missing) and asserts: with want_ptr, the load
 * fails and its first error is at want_ptr with want_code (and want_why in its reason when
 * given); without, the load succeeds with no error. */
void tu_dialect_edit_row(const char *const *path, const char *value, const char *want_ptr,
                         panel_dialect_errcode want_code, const char *want_why);

#endif
