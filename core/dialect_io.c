/* core/dialect_io.c - loading dialects from bytes, files and directories: the format version,
 * the member table's walk, then the section loaders; every error of a file is recorded. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect_impl.h"
#include "panel/dialect.h"

#define FILE_MAX (1024 * 1024)

/* Copies src into dst (size n > 0), cut to fit and always terminated. */
static void copy_cut(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Sets up c for file, clearing first (it keeps the file name) and the list. */
static void ctx_init(dialect_ctx *c, const char *file, panel_dialect_error *first,
                     panel_dialect_errors *list)
{
    memset(c, 0, sizeof *c);
    copy_cut(c->file, sizeof c->file, file ? file : "");
    c->first = first;
    c->list = list;
    if (first != NULL) {
        memset(first, 0, sizeof *first);
        snprintf(first->file, sizeof first->file, "%s", c->file);
    }
    if (list != NULL)
        memset(list, 0, sizeof *list);
}

/* Refuses a file whose panelkit_dialect is absent or not a supported version (1 or 2): the rest
 * of the file cannot be read in an unknown format. */
static panel_err check_version(dialect_ctx *c, json_t *root)
{
    json_t *v = json_object_get(root, "panelkit_dialect");
    if (!json_is_object(root))
        return dialect_fail(c, PANEL_DERR_WRONG_TYPE, "", "expected an object");
    if (v == NULL)
        return dialect_failx(c, PANEL_DERR_MISSING_MEMBER, "/panelkit_dialect", "1, 2", NULL,
                             "missing required member \"panelkit_dialect\"");
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 2)
        return dialect_failx(c, PANEL_DERR_VERSION, "/panelkit_dialect", "1, 2", NULL,
                             "unsupported format version (expected 1 or 2)");
    return PANEL_E_OK;
}

/* Parses and validates bytes into a new dialect; errors go to c. */
static panel_err load_bytes(dialect_ctx *c, const char *buf, size_t n, panel_dialect **out)
{
    json_error_t jerr;
    panel_dialect *d = NULL;
    panel_err rc = PANEL_E_OK;
    if (out == NULL || (buf == NULL && n > 0))
        return PANEL_E_INVALID;
    *out = NULL;
    if (n > FILE_MAX) {
        dialect_fail(c, PANEL_DERR_TOO_LARGE, "", "file larger than %d bytes", FILE_MAX);
        return PANEL_E_TOO_LARGE;
    }
    if ((d = calloc(1, sizeof *d)) == NULL)
        return PANEL_E_NOMEM;
    d->root = json_loadb(buf ? buf : "", n, JSON_REJECT_DUPLICATES, &jerr);
    if (d->root == NULL && json_error_code(&jerr) == json_error_out_of_memory) {
        rc = PANEL_E_NOMEM;
        goto out;
    }
    if (d->root == NULL) {
        rc = dialect_fail(c, PANEL_DERR_INVALID_JSON, "", "invalid JSON at line %d column %d: %s",
                          jerr.line, jerr.column, jerr.text);
        if (c->first != NULL) {
            c->first->line = jerr.line;
            c->first->column = jerr.column;
        }
        if (c->list != NULL && c->list->count > 0) {
            c->list->items[0].line = jerr.line;
            c->list->items[0].column = jerr.column;
        }
        goto out;
    }
    rc = check_version(c, d->root);
    if (rc != PANEL_E_OK)
        goto out;
    if (dialect_walk(c, dialect_schema_root(), d->root, "") > 0) {
        rc = PANEL_E_DIALECT;
        goto out;
    }
    rc = dialect_load_root(c, d->root, d);
    if (rc == PANEL_E_OK && c->count > 0)
        rc = PANEL_E_DIALECT;
out:
    if (rc != PANEL_E_OK && c->nomem)
        rc = PANEL_E_NOMEM;
    if (rc != PANEL_E_OK) {
        if (rc == PANEL_E_NOMEM)
            dialect_fail(c, PANEL_DERR_NOMEM, "", "out of memory");
        panel_dialect_free(d);
        return rc;
    }
    *out = d;
    return PANEL_E_OK;
}

/* Parses and validates a dialect from bytes; *out is a new dialect on success. */
panel_err panel_dialect_load_bytes(const char *buf, size_t n, const char *file, panel_dialect **out,
                                   panel_dialect_error *err)
{
    dialect_ctx c;
    ctx_init(&c, file, err, NULL);
    return load_bytes(&c, buf, n, out);
}

/* Like panel_dialect_load_bytes, keeping every error. */
panel_err panel_dialect_load_bytes_all(const char *buf, size_t n, const char *file,
                                       panel_dialect **out, panel_dialect_errors *errs)
{
    dialect_ctx c;
    ctx_init(&c, file, NULL, errs);
    return load_bytes(&c, buf, n, out);
}

/* Reads a file of at most FILE_MAX bytes into *buf (owned) and *n. */
static panel_err read_file(const char *path, char **buf, size_t *n)
{
    panel_err rc = PANEL_E_OK;
    FILE *f = fopen(path, "rb");
    *buf = NULL;
    *n = 0;
    if (f == NULL)
        return PANEL_E_IO;
    if ((*buf = malloc(FILE_MAX + 1)) == NULL) {
        rc = PANEL_E_NOMEM;
        goto out;
    }
    *n = fread(*buf, 1, FILE_MAX + 1, f);
    if (ferror(f))
        rc = PANEL_E_IO;
    else if (*n > FILE_MAX)
        rc = PANEL_E_TOO_LARGE;
out:
    fclose(f);
    if (rc != PANEL_E_OK) {
        free(*buf);
        *buf = NULL;
    }
    return rc;
}

/* Loads one file with c set up for it. */
static panel_err load_file(dialect_ctx *c, const char *path, panel_dialect **out)
{
    char *buf = NULL;
    size_t n = 0;
    if (path == NULL || out == NULL)
        return PANEL_E_INVALID;
    *out = NULL;
    panel_err rc = read_file(path, &buf, &n);
    if (rc == PANEL_E_TOO_LARGE)
        dialect_fail(c, PANEL_DERR_TOO_LARGE, "", "file larger than %d bytes", FILE_MAX);
    else if (rc != PANEL_E_OK)
        dialect_fail(c, PANEL_DERR_IO, "", "cannot read file");
    else
        rc = load_bytes(c, buf, n, out);
    free(buf);
    return rc;
}

/* Loads and validates one dialect file; *out is a new dialect on success. */
panel_err panel_dialect_load_file(const char *path, panel_dialect **out, panel_dialect_error *err)
{
    dialect_ctx c;
    ctx_init(&c, path, err, NULL);
    return load_file(&c, path, out);
}

/* Like panel_dialect_load_file, keeping every error. */
panel_err panel_dialect_load_file_all(const char *path, panel_dialect **out,
                                      panel_dialect_errors *errs)
{
    dialect_ctx c;
    ctx_init(&c, path, NULL, errs);
    return load_file(&c, path, out);
}

/* qsort comparator: dialects by name. */
static int by_name(const void *a, const void *b)
{
    const panel_dialect *x = *(panel_dialect *const *)a, *y = *(panel_dialect *const *)b;
    return strcmp(x->name, y->name);
}

/* Loads every *.json in dir into *out (sorted by name); fails on the first bad file. */
panel_err panel_dialect_load_dir(const char *dir, panel_dialect_set *out, panel_dialect_error *err)
{
    dialect_ctx c;
    panel_err rc = PANEL_E_OK;
    ctx_init(&c, dir, err, NULL);
    if (dir == NULL || out == NULL)
        return PANEL_E_INVALID;
    memset(out, 0, sizeof *out);
    DIR *dh = opendir(dir);
    if (dh == NULL) {
        dialect_fail(&c, PANEL_DERR_IO, "", "cannot open directory");
        return PANEL_E_IO;
    }
    struct dirent *de;
    size_t cap = 0;
    while ((de = readdir(dh)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 6 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        if (len >= 12 && strcmp(de->d_name + len - 12, ".schema.json") == 0)
            continue; /* dialect.schema.json: the format's schema, not a dialect */
        if (out->count == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            panel_dialect **items = realloc(out->items, ncap * sizeof *items);
            if (items == NULL) {
                rc = PANEL_E_NOMEM;
                goto out;
            }
            out->items = items;
            cap = ncap;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if ((rc = panel_dialect_load_file(path, &out->items[out->count], err)) != PANEL_E_OK)
            goto out;
        out->count++;
    }
    if (out->count > 1)
        qsort(out->items, out->count, sizeof *out->items, by_name);
    for (size_t i = 1; i < out->count; i++)
        if (strcmp(out->items[i - 1]->name, out->items[i]->name) == 0) {
            ctx_init(&c, dir, err, NULL);
            rc = dialect_fail(&c, PANEL_DERR_DUPLICATE, "/name", "two files define dialect \"%s\"",
                              out->items[i]->name);
            goto out;
        }
out:
    closedir(dh);
    if (rc != PANEL_E_OK)
        panel_dialect_set_free(out);
    return rc;
}
