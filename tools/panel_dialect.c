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
#define MAN_BEGIN_MARK ".\\\" BEGIN GENERATED MEMBERS (panel-dialect write; do not edit)"
#define MAN_END_MARK ".\\\" END GENERATED MEMBERS"
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

/* old with the text between the markers b_mark and e_mark replaced by gen (which it frees);
 * free() the result; NULL when the markers are missing or gen is NULL. */
static char *splice(const char *old, const char *b_mark, const char *e_mark, char *gen,
                    const char *gap)
{
    const char *b = strstr(old, b_mark), *e = b ? strstr(b, e_mark) : NULL;
    char *out = NULL;
    if (b != NULL && e != NULL && gen != NULL) {
        size_t head = (size_t)(b - old) + strlen(b_mark);
        size_t n = head + strlen(gap) + strlen(gen) + strlen(e) + 1;
        out = malloc(n);
        if (out != NULL)
            snprintf(out, n, "%.*s%s%s%s", (int)head, old, gap, gen, e);
    }
    free(gen);
    return out;
}

/* README text with the reference between the markers replaced; free() it; NULL when the
 * markers are missing. */
static char *readme_text(const char *old)
{
    return splice(old, BEGIN_MARK, END_MARK, panel_dialect_reference_new(), "\n\n");
}

/* The man page with its member list between the roff markers replaced; free() it; NULL when
 * the markers are missing. */
static char *man_text(const char *old)
{
    return splice(old, MAN_BEGIN_MARK, MAN_END_MARK, panel_dialect_man_members_new(), "\n");
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

/* Compares have with want for path, or writes want there (write); returns 0, 1 stale, 2 error. */
static int one_file(const char *path, const char *have, const char *want, int write,
                    const char *what)
{
    if (write) {
        if (spit(path, want) != 0) {
            fprintf(stderr, "panel-dialect: cannot write %s\n", path);
            return 2;
        }
        return 0;
    }
    if (have == NULL || strcmp(have, want) != 0) {
        fprintf(stderr, "panel-dialect: %s%s is stale: run panel-dialect write with it\n", what,
                path);
        return 1;
    }
    return 0;
}

/* Writes (write) or compares (check) the generated files: the schema, the README member
 * reference and, when man is not NULL, the man page's member list; returns the exit code. */
static int generated(const char *schema, const char *readme, const char *man, int write)
{
    int rc = 0, r;
    char *want_schema = schema_text(), *old_readme = slurp(readme), *have_schema = slurp(schema);
    char *want_readme = old_readme ? readme_text(old_readme) : NULL;
    char *old_man = man ? slurp(man) : NULL, *want_man = old_man ? man_text(old_man) : NULL;
    if (want_schema == NULL || want_readme == NULL || (man != NULL && want_man == NULL)) {
        fprintf(stderr,
                "panel-dialect: cannot build the generated text (markers missing in %s%s%s?)\n",
                readme, man ? " or " : "", man ? man : "");
        rc = 2;
        goto out;
    }
    rc = one_file(schema, have_schema, want_schema, write, "");
    r = one_file(readme, old_readme, want_readme, write, "the member reference in ");
    rc = r > rc ? r : rc;
    if (man != NULL) {
        r = one_file(man, old_man, want_man, write, "the member list in ");
        rc = r > rc ? r : rc;
    }
out:
    free(want_schema);
    free(old_readme);
    free(have_schema);
    free(want_readme);
    free(old_man);
    free(want_man);
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
    if ((argc == 4 || argc == 5) &&
        (strcmp(argv[1], "write") == 0 || strcmp(argv[1], "check") == 0))
        return generated(argv[2], argv[3], argc == 5 ? argv[4] : NULL,
                         strcmp(argv[1], "write") == 0);
    fprintf(stderr,
            "usage: panel-dialect lint FILE... | schema | reference | write SCHEMA README [MAN5] "
            "| check SCHEMA README [MAN5]\n");
    return 2;
}
