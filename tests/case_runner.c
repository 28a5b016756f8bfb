/* case_runner.c - runs one data-driven parse case: tests/cases/<dialect>/<case>/ holds
 * body.json (exact bytes), case.json {"action","multi","quantity"} and expected.json (as
 * `panelcheck parse` prints it). The value must match exactly; diagnostics by code, pointer
 * and severity, in order (and line/column/position when expected.json gives them).
 * Usage: case_runner [--print] DIALECT_DIR CASE_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panel/dialect.h"
#include "panel/parse.h"
#include "panel/result.h"

/* Reads a whole file into a new buffer; NULL on failure. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *b = malloc(cap);
    size_t k;
    while (b && (k = fread(b + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    *n = len;
    return b;
}

/* Compares one diagnostic member; prints a mismatch. Returns 0 when different. */
static int same_member(size_t i, const char *name, json_t *want, json_t *got)
{
    json_t *w = json_object_get(want, name), *g = json_object_get(got, name);
    if (!w)
        return 1;
    if (g && json_equal(w, g))
        return 1;
    char *ws = json_dumps(w, JSON_ENCODE_ANY), *gs = g ? json_dumps(g, JSON_ENCODE_ANY) : NULL;
    fprintf(stderr, "diagnostic %zu: %s expected %s, got %s\n", i, name, ws, gs ? gs : "absent");
    free(ws);
    free(gs);
    return 0;
}

/* Runs the case; returns the process exit code. */
static int run(const char *dir, const char *cdir, int print)
{
    int code = 1;
    char path[4096];
    size_t n = 0;
    char *body = NULL;
    json_t *cs = NULL, *exp = NULL, *got = NULL;
    panel_dialect_set set = {0};
    panel_result *r = NULL;
    panel_dialect_error derr;
    if (panel_dialect_load_dir(dir, &set, &derr) != PANEL_E_OK) {
        fprintf(stderr, "dialects: %s %s %s\n", derr.file, derr.pointer, derr.reason);
        goto out;
    }
    const char *slash = NULL;
    char dname[256];
    (void)slash;
    size_t clen = strlen(cdir);
    while (clen > 0 && cdir[clen - 1] == '/')
        clen--;
    snprintf(path, sizeof path, "%.*s", (int)clen, cdir);
    slash = strrchr(path, '/');
    if (!slash)
        goto out;
    path[slash - path] = '\0';
    const char *ds = strrchr(path, '/');
    snprintf(dname, sizeof dname, "%.200s", ds ? ds + 1 : path);
    const panel_dialect *d = panel_dialect_set_find(&set, dname);
    if (!d) {
        fprintf(stderr, "unknown dialect %s\n", dname);
        goto out;
    }
    snprintf(path, sizeof path, "%s/case.json", cdir);
    json_error_t e;
    cs = json_load_file(path, 0, &e);
    snprintf(path, sizeof path, "%s/body.json", cdir);
    body = slurp(path, &n);
    if (!cs || !body) {
        fprintf(stderr, "cannot read case.json or body.json in %s\n", cdir);
        goto out;
    }
    int action = panel_action_from_name(json_string_value(json_object_get(cs, "action")));
    if (action < 0) {
        fprintf(stderr, "bad action in case.json\n");
        goto out;
    }
    json_t *jm = json_object_get(cs, "multi");
    panel_parse_opts o = {.multi = jm ? (int)json_integer_value(jm) : -1,
                          .quantity = json_integer_value(json_object_get(cs, "quantity"))};
    if (panel_parse(d, (panel_action)action, body, n, &o, &r) != PANEL_E_OK)
        goto out;
    got = panel_result_to_json_new(r);
    if (print) {
        json_dumpf(got, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        code = 0;
        goto out;
    }
    snprintf(path, sizeof path, "%s/expected.json", cdir);
    exp = json_load_file(path, 0, &e);
    if (!exp) {
        fprintf(stderr, "cannot read %s: %s\n", path, e.text);
        goto out;
    }
    int ok = 1;
    if (!json_equal(json_object_get(exp, "value"), json_object_get(got, "value"))) {
        char *a = json_dumps(json_object_get(exp, "value"), JSON_INDENT(1));
        char *b = json_dumps(json_object_get(got, "value"), JSON_INDENT(1));
        fprintf(stderr, "value differs\nexpected: %s\ngot:      %s\n", a, b);
        free(a);
        free(b);
        ok = 0;
    }
    if (!json_equal(json_object_get(exp, "multi"), json_object_get(got, "multi"))) {
        fprintf(stderr, "multi differs\n");
        ok = 0;
    }
    json_t *ed = json_object_get(exp, "diagnostics"), *gd = json_object_get(got, "diagnostics");
    if (json_array_size(ed) != json_array_size(gd)) {
        fprintf(stderr, "expected %zu diagnostics, got %zu\n", json_array_size(ed),
                json_array_size(gd));
        ok = 0;
    }
    for (size_t i = 0; i < json_array_size(ed) && i < json_array_size(gd); i++) {
        json_t *w = json_array_get(ed, i), *g = json_array_get(gd, i);
        static const char *keys[] = {"code", "pointer", "severity", "line", "column", "position"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            ok &= same_member(i, keys[k], w, g);
    }
    if (!ok) {
        char *b = json_dumps(got, JSON_INDENT(2));
        fprintf(stderr, "actual output:\n%s\n", b);
        free(b);
    }
    code = ok ? 0 : 1;
out:
    json_decref(cs);
    json_decref(exp);
    json_decref(got);
    panel_result_free(r);
    free(body);
    panel_dialect_set_free(&set);
    return code;
}

int main(int argc, char **argv)
{
    int print = argc > 1 && !strcmp(argv[1], "--print");
    if (argc != 3 + print) {
        fprintf(stderr, "usage: case_runner [--print] DIALECT_DIR CASE_DIR\n");
        return 2;
    }
    return run(argv[1 + print], argv[2 + print], print);
}
