/* tools/panel_dialect.c - panel-dialect: lint dialect files with every error listed, and write
 * or check the files generated from the loader's member table (dialects/dialect.schema.json and
 * the member reference between the markers of dialects/README.md).
 *
 *   panel-dialect lint FILE...          every error of every file; exit 1 when one has any
 *   panel-dialect schema                the JSON Schema on stdout
 *   panel-dialect reference             the Markdown reference on stdout
 *   panel-dialect write SCHEMA README   regenerate both files
 *   panel-dialect check SCHEMA README   exit 1 (naming the file) when either is stale */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/dialect.h"

#define BEGIN_MARK "<!-- BEGIN GENERATED MEMBER REFERENCE (panel-dialect write; do not edit) -->"
#define END_MARK "<!-- END GENERATED MEMBER REFERENCE -->"
#define TEXT_MAX (4 * 1024 * 1024)

/* Reads a whole file into a new NUL-terminated string, or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0;
    if (f == NULL)
        return NULL;
    buf = malloc(TEXT_MAX + 1);
    if (buf != NULL) {
        n = fread(buf, 1, TEXT_MAX, f);
        buf[n] = '\0';
    }
    fclose(f);
    return buf;
}

/* Writes text to path; 0 on success. */
static int spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    int bad = fputs(text, f) < 0;
    bad |= fclose(f) != 0;
    return bad ? -1 : 0;
}

/* The schema as the file holds it (2-space indent, newline at the end); free() it. */
static char *schema_text(void)
{
    json_t *s = panel_dialect_schema_new();
    char *t = json_dumps(s, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(s);
    if (t == NULL)
        return NULL;
    size_t n = strlen(t);
    char *out = malloc(n + 2);
    if (out != NULL) {
        memcpy(out, t, n);
        out[n] = '\n';
        out[n + 1] = '\0';
    }
    free(t);
    return out;
}

/* README text with the reference between the markers replaced; free() it; NULL when the
 * markers are missing. */
static char *readme_text(const char *old)
{
    const char *b = strstr(old, BEGIN_MARK), *e = b ? strstr(b, END_MARK) : NULL;
    char *ref = panel_dialect_reference_new();
    char *out = NULL;
    if (b != NULL && e != NULL && ref != NULL) {
        size_t head = (size_t)(b - old) + strlen(BEGIN_MARK);
        size_t n = head + 2 + strlen(ref) + strlen(e) + 1;
        out = malloc(n);
        if (out != NULL)
            snprintf(out, n, "%.*s\n\n%s%s", (int)head, old, ref, e);
    }
    free(ref);
    return out;
}

/* Prints every error of each file; returns 1 when a file has one. */
static int lint(int argc, char **argv)
{
    int bad = 0;
    for (int i = 0; i < argc; i++) {
        panel_dialect *d = NULL;
        panel_dialect_errors errs;
        panel_err rc = panel_dialect_load_file_all(argv[i], &d, &errs);
        if (rc == PANEL_E_OK) {
            printf("%s: ok (%s)\n", argv[i], d->name);
        } else {
            bad = 1;
            for (size_t k = 0; k < errs.count; k++) {
                const panel_dialect_error *e = &errs.items[k];
                printf("%s: %s: %s: %s", e->file, e->pointer[0] ? e->pointer : "(file)",
                       panel_dialect_errcode_name(e->code), e->reason);
                if (e->suggest[0] != '\0')
                    printf(" (did you mean \"%s\"?)", e->suggest);
                if (e->allowed[0] != '\0')
                    printf(" [allowed: %s]", e->allowed);
                printf("\n");
            }
            if (errs.dropped > 0)
                printf("%s: ... and %zu more errors\n", argv[i], errs.dropped);
            if (errs.count == 0)
                printf("%s: %s\n", argv[i], panel_err_name(rc));
        }
        panel_dialect_errors_free(&errs);
        panel_dialect_free(d);
    }
    return bad;
}

/* Writes (write) or compares (check) the two generated files; returns the exit code. */
static int generated(const char *schema, const char *readme, int write)
{
    int rc = 0;
    char *want_schema = schema_text(), *old_readme = slurp(readme), *have_schema = slurp(schema);
    char *want_readme = old_readme ? readme_text(old_readme) : NULL;
    if (want_schema == NULL || want_readme == NULL) {
        fprintf(stderr, "panel-dialect: cannot build the generated text (markers missing in %s?)\n",
                readme);
        rc = 2;
        goto out;
    }
    if (write) {
        if (spit(schema, want_schema) != 0 || spit(readme, want_readme) != 0) {
            fprintf(stderr, "panel-dialect: cannot write\n");
            rc = 2;
        }
        goto out;
    }
    if (have_schema == NULL || strcmp(have_schema, want_schema) != 0) {
        fprintf(stderr, "panel-dialect: %s is stale: run panel-dialect write %s %s\n", schema,
                schema, readme);
        rc = 1;
    }
    if (strcmp(old_readme, want_readme) != 0) {
        fprintf(stderr,
                "panel-dialect: the member reference in %s is stale: run panel-dialect "
                "write %s %s\n",
                readme, schema, readme);
        rc = 1;
    }
out:
    free(want_schema);
    free(old_readme);
    free(have_schema);
    free(want_readme);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "lint") == 0)
        return lint(argc - 2, argv + 2);
    if (argc == 2 && strcmp(argv[1], "schema") == 0) {
        char *t = schema_text();
        fputs(t ? t : "", stdout);
        free(t);
        return t ? 0 : 2;
    }
    if (argc == 2 && strcmp(argv[1], "reference") == 0) {
        char *t = panel_dialect_reference_new();
        fputs(t ? t : "", stdout);
        free(t);
        return t ? 0 : 2;
    }
    if (argc == 4 && (strcmp(argv[1], "write") == 0 || strcmp(argv[1], "check") == 0))
        return generated(argv[2], argv[3], strcmp(argv[1], "write") == 0);
    fprintf(stderr, "usage: panel-dialect lint FILE... | schema | reference | write SCHEMA README "
                    "| check SCHEMA README\n");
    return 2;
}
