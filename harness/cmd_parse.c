/* cmd_parse.c - `panelcheck parse` (one response through the parser) and `panelcheck dialects`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "panel/buf.h"
#include "panel/dialect.h"
#include "panel/parse.h"
#include "panel/result.h"

#define PARSE_INPUT_MAX (64u << 20)    /* read cap; the parser applies its own, smaller cap */
#define PARSE_OUTPUT_MAX (1024u << 20) /* output cap: far above what a capped parse prints */

/* Prints the parse usage to f. */
static void parse_usage(FILE *f)
{
    fputs("usage: panelcheck parse --dialect NAME [--multi|--single] [--quantity N]\n"
          "                        [--dialect-dir DIR] ACTION [FILE|-]\n"
          "ACTION: services add status refill refill_status cancel balance error\n",
          f);
}

/* Reads all of f into out, keeping at most out->max bytes (the rest is read and dropped:
 * the parser then reports the body as too large, an input is never a usage error). */
static panel_err read_all(FILE *f, panel_buf *out)
{
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        size_t room = out->max - out->len;
        panel_err rc = panel_buf_append(out, chunk, k < room ? k : room);
        if (rc != PANEL_E_OK)
            return rc;
    }
    return ferror(f) ? PANEL_E_IO : PANEL_E_OK;
}

/* Loads the dialect set, printing file/pointer/reason on failure; 0 on success. */
static int load_set(const char *dir, panel_dialect_set *set)
{
    panel_dialect_error err;
    memset(&err, 0, sizeof err);
    panel_err rc = panel_dialect_load_dir(dir, set, &err);
    if (rc != PANEL_E_OK) {
        fprintf(stderr, "panelcheck: dialect %s: %s%s%s", err.file[0] ? err.file : dir,
                err.pointer[0] ? "at " : "", err.pointer, err.pointer[0] ? ": " : "");
        fprintf(stderr, "%s", err.reason[0] ? err.reason : panel_strerror(rc));
        if (err.line)
            fprintf(stderr, " (line %d, column %d)", err.line, err.column);
        fputc('\n', stderr);
        return 2;
    }
    return 0;
}

/* Parses a non-negative integer option value; -1 when malformed. */
static long long parse_count(const char *s)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < 0)
        return -1;
    return v;
}

/* panelcheck parse: prints the normalized value and diagnostics; 0/1/2. */
int cmd_parse(int argc, char **argv)
{
    const char *dialect = NULL, *dir = NULL, *action_name = NULL, *file = NULL;
    int multi = -1, code = 2;
    long long quantity = 0;
    panel_dialect_set set = {0};
    panel_buf body;
    panel_result *r = NULL;
    panel_buf_init(&body, PARSE_INPUT_MAX);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--dialect") && i + 1 < argc) {
            dialect = argv[++i];
        } else if (!strncmp(a, "--dialect=", 10)) {
            dialect = a + 10;
        } else if (!strcmp(a, "--dialect-dir") && i + 1 < argc) {
            dir = argv[++i];
        } else if (!strcmp(a, "--multi")) {
            multi = 1;
        } else if (!strcmp(a, "--single")) {
            multi = 0;
        } else if (!strcmp(a, "--quantity") && i + 1 < argc) {
            quantity = parse_count(argv[++i]);
            if (quantity < 0) {
                fprintf(stderr, "panelcheck parse: --quantity needs a non-negative integer\n");
                goto out;
            }
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            parse_usage(stdout);
            code = 0;
            goto out;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "panelcheck parse: unknown or incomplete option '%s'\n", a);
            parse_usage(stderr);
            goto out;
        } else if (!action_name) {
            action_name = a;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "panelcheck parse: unexpected argument '%s'\n", a);
            parse_usage(stderr);
            goto out;
        }
    }
    if (!dialect || !action_name) {
        fprintf(stderr, "panelcheck parse: --dialect and ACTION are required\n");
        parse_usage(stderr);
        goto out;
    }
    int action = panel_action_from_name(action_name);
    if (action < 0) {
        fprintf(stderr, "panelcheck parse: unknown action '%s'\n", action_name);
        parse_usage(stderr);
        goto out;
    }
    if (load_set(dir ? dir : panel_dialect_default_dir(), &set))
        goto out;
    const panel_dialect *d = panel_dialect_set_find(&set, dialect);
    if (!d) {
        fprintf(stderr, "panelcheck parse: unknown dialect '%s' (see: panelcheck dialects)\n",
                dialect);
        goto out;
    }
    FILE *f = stdin;
    if (file && strcmp(file, "-")) {
        f = fopen(file, "rb");
        if (!f) {
            fprintf(stderr, "panelcheck parse: cannot open %s: %s\n", file, strerror(errno));
            goto out;
        }
    }
    panel_err rc = read_all(f, &body);
    if (f != stdin)
        fclose(f);
    if (rc != PANEL_E_OK) {
        fprintf(stderr, "panelcheck parse: cannot read %s: %s\n", file ? file : "stdin",
                panel_strerror(rc));
        goto out;
    }
    panel_parse_opts opts = {.multi = multi, .quantity = quantity};
    rc = panel_parse(d, (panel_action)action, body.data ? body.data : "", body.len, &opts, &r);
    if (rc != PANEL_E_OK) {
        fprintf(stderr, "panelcheck parse: %s\n", panel_strerror(rc));
        goto out;
    }
    /* the whole answer is written into one buffer, then out with one fwrite */
    panel_buf_free(&body);
    panel_buf_init(&body, PARSE_OUTPUT_MAX);
    rc = panel_result_write_json(r, &body);
    if (rc == PANEL_E_OK)
        rc = panel_buf_append(&body, "\n", 1);
    if (rc != PANEL_E_OK) {
        fprintf(stderr, "panelcheck parse: cannot write the result: %s\n", panel_strerror(rc));
        goto out;
    }
    if (fwrite(body.data, 1, body.len, stdout) != body.len || fflush(stdout)) {
        fprintf(stderr, "panelcheck parse: cannot write to stdout\n");
        goto out;
    }
    code = panel_result_count(r, PANEL_SEV_ERROR) ? 1 : 0;
out:
    panel_result_free(r);
    panel_buf_free(&body);
    panel_dialect_set_free(&set);
    return code;
}

/* panelcheck dialects: name, base path and title of every loaded dialect; 2 when stdout
 * cannot be written. */
int cmd_dialects(int argc, char **argv)
{
    const char *dir = NULL;
    panel_dialect_set set = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dialect-dir") && i + 1 < argc) {
            dir = argv[++i];
        } else {
            fprintf(stderr, "usage: panelcheck dialects [--dialect-dir DIR]\n");
            return 2;
        }
    }
    if (load_set(dir ? dir : panel_dialect_default_dir(), &set))
        return 2;
    for (size_t i = 0; i < set.count; i++) {
        const panel_dialect *d = set.items[i];
        printf("%s\t%s\t%s\n", d->name, d->base_path ? d->base_path : "", d->title ? d->title : "");
    }
    panel_dialect_set_free(&set);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "panelcheck dialects: cannot write to stdout: %s\n", strerror(errno));
        return 2;
    }
    return 0;
}
