/* cases_core.c - torture cases of libpanel: the load of every dialect file (dialects/NAME.json),
 * the parse of every documented example (tests/cases/<dialect>/<case>/), the render of each parsed
 * value (tree, direct bytes, canonical JSON) and the form codec; beyond them, an edited dialect
 * (default_type, per-field decimals), panel_dialect_load_dir on a small folder and parses of
 * long answers that are not clean (diagnostics, error entries, a long JSON pointer). */
#define _DEFAULT_SOURCE /* realpath, mkdtemp, symlink */
#include "torture.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "panel/form.h"
#include "panel/parse.h"
#include "panel/result.h"

#define TEXT_MAX (16u << 20)

typedef struct {
    char file[256];
    char *bytes;
    size_t n;
} load_ctx;

typedef struct {
    const panel_dialect *d; /* borrowed from the list's set */
    panel_action action;
    panel_parse_opts opts;
    char *body;
    size_t n;
    panel_result *r; /* render cases: the clean parse, prepared unarmed */
    int has_tree;    /* render cases: panel_render_new gives a tree (NULL then means NOMEM) */
} parse_ctx;

/* Writes what identifies a loaded dialect: its scalars, actions, vocabularies, types,
 * parameters, errors and catalogue. */
static panel_err fingerprint(const panel_dialect *d, panel_buf *out)
{
    panel_err rc = panel_buf_printf(out, "%s|%s|%s|%s|%s|%d|%zu|%zu|%zu|%zu|%zu\n", d->name,
                                    d->title ? d->title : "", d->base_path ? d->base_path : "",
                                    d->key_param ? d->key_param : "", d->currency,
                                    d->money_decimals, d->max_ids, d->n_types, d->n_params,
                                    d->n_extra_errors, d->n_extra_actions);
    for (int a = 0; rc == PANEL_E_OK && a < PANEL_ACTION__COUNT; a++) {
        const panel_action_spec *s = &d->actions[a];
        rc = panel_buf_printf(out, "a %d %s %s %s\n", s->documented, s->name ? s->name : "-",
                              s->single_param ? s->single_param : "-",
                              s->multi_param ? s->multi_param : "-");
    }
    for (size_t i = 0; rc == PANEL_E_OK && i < d->order_status.n_words; i++)
        rc = panel_buf_printf(out, "s %s %d\n", d->order_status.words[i].word,
                              (int)d->order_status.words[i].status);
    for (int e = 0; rc == PANEL_E_OK && e < PANEL_ERRCASE__COUNT; e++)
        rc = panel_buf_printf(out, "e %s\n", d->errors[e].message ? d->errors[e].message : "-");
    for (size_t i = 0; rc == PANEL_E_OK && i < d->n_params; i++)
        rc = panel_buf_printf(out, "p %s\n", d->params[i].name);
    for (size_t i = 0; rc == PANEL_E_OK && i < d->n_catalogue; i++) {
        const panel_catalogue_item *it = &d->catalogue[i];
        rc = panel_buf_printf(out, "c %s %s %s %lld %lld\n", it->service, it->name,
                              it->type ? it->type : "-", it->min, it->max);
    }
    return rc;
}

/* Loads one dialect file from memory; the output is its fingerprint or its error. */
static panel_err run_load(void *vctx, panel_buf *out)
{
    load_ctx *c = vctx;
    panel_dialect *d = NULL;
    panel_dialect_error err;
    memset(&err, 0, sizeof err);
    panel_err rc = panel_dialect_load_bytes(c->bytes, c->n, c->file, &d, &err);
    if (rc == PANEL_E_OK) {
        rc = fingerprint(d, out);
        panel_dialect_free(d);
        return rc;
    }
    panel_err wr = panel_buf_printf(out, "%s %s %s %s\n", panel_err_name(rc), err.file, err.pointer,
                                    err.reason);
    return wr == PANEL_E_OK ? rc : wr;
}

/* Loads one dialect keeping every error; the output is the fingerprint or every error (code,
 * pointer, reason, allowed values, did-you-mean). */
static panel_err run_load_all(void *vctx, panel_buf *out)
{
    load_ctx *c = vctx;
    panel_dialect *d = NULL;
    panel_dialect_errors errs;
    memset(&errs, 0, sizeof errs);
    panel_err rc = panel_dialect_load_bytes_all(c->bytes, c->n, c->file, &d, &errs);
    panel_err wr = PANEL_E_OK;
    if (rc == PANEL_E_OK)
        wr = fingerprint(d, out);
    for (size_t i = 0; wr == PANEL_E_OK && rc != PANEL_E_NOMEM && i < errs.count; i++) {
        const panel_dialect_error *e = &errs.items[i];
        wr = panel_buf_printf(out, "%d %s %s [%s] (%s)\n", (int)e->code, e->pointer, e->reason,
                              e->allowed, e->suggest);
    }
    if (wr == PANEL_E_OK && rc != PANEL_E_NOMEM)
        wr = panel_buf_printf(out, "%s, %zu errors, %zu dropped\n", panel_err_name(rc), errs.count,
                              errs.dropped);
    panel_dialect_errors_free(&errs);
    panel_dialect_free(d);
    return wr == PANEL_E_OK ? rc : wr;
}

/* Loads one dialect file from disk (read, then as from bytes). */
static panel_err run_load_file(void *vctx, panel_buf *out)
{
    load_ctx *c = vctx;
    panel_dialect *d = NULL;
    panel_dialect_error err;
    memset(&err, 0, sizeof err);
    panel_err rc = panel_dialect_load_file(c->bytes, &d, &err);
    if (rc == PANEL_E_OK)
        rc = fingerprint(d, out);
    panel_dialect_free(d);
    return rc;
}

/* Frees a load case. */
static void free_load(void *vctx)
{
    load_ctx *c = vctx;
    free(c->bytes);
    free(c);
}

/* Parses the body and writes the result as `panelcheck parse` prints it. */
static panel_err run_parse(void *vctx, panel_buf *out)
{
    parse_ctx *c = vctx;
    panel_result *r = NULL;
    panel_err rc = panel_parse(c->d, c->action, c->body, c->n, &c->opts, &r);
    if (rc == PANEL_E_OK)
        rc = panel_result_write_json(r, out);
    panel_result_free(r);
    return rc;
}

/* Renders the parsed value: the tree dumped, the direct bytes, the canonical JSON. */
static panel_err run_render(void *vctx, panel_buf *out)
{
    parse_ctx *c = vctx;
    panel_err rc = PANEL_E_OK;
    json_t *j = panel_render_new(c->d, c->r);
    if (j)
        rc = panel_json_dump(j, out);
    else
        rc = c->has_tree ? PANEL_E_NOMEM : panel_buf_puts(out, "(no tree)");
    json_decref(j);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(out, "\n");
    if (rc == PANEL_E_OK) {
        panel_err br = panel_render_bytes(c->d, c->r, out);
        if (br == PANEL_E_UNSUPPORTED)
            rc = panel_buf_puts(out, "(tree only)");
        else
            rc = br;
    }
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(out, "\n");
    json_t *cj = rc == PANEL_E_OK ? panel_result_to_json_new(c->r) : NULL;
    if (rc == PANEL_E_OK && !cj)
        rc = PANEL_E_NOMEM;
    if (rc == PANEL_E_OK)
        rc = panel_json_dump(cj, out);
    json_decref(cj);
    return rc;
}

/* Frees a parse or render case. */
static void free_parse(void *vctx)
{
    parse_ctx *c = vctx;
    panel_result_free(c->r);
    free(c->body);
    free(c);
}

/* Registers one load case per dialect file in dialects/ (the schema left out). */
static void add_loads(torture_list *l)
{
    char dir[4096], path[8192];
    snprintf(dir, sizeof dir, "%s/dialects", l->src);
    DIR *dh = opendir(dir);
    struct dirent *e;
    if (!dh) {
        fprintf(stderr, "torture: cannot open %s\n", dir);
        exit(2);
    }
    while ((e = readdir(dh)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || strstr(e->d_name, ".schema."))
            continue;
        load_ctx *c = calloc(1, sizeof *c);
        if (!c)
            exit(2);
        snprintf(c->file, sizeof c->file, "%s", e->d_name);
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        c->bytes = torture_slurp(path, &c->n);
        torture_add(l, c, NULL, run_load, free_load, "load/%s", e->d_name);
    }
    closedir(dh);
}

/* Registers loads of broken variants of smpanelim.json, made here with jansson (every error
 * kept: wrong types, unknown members with a did-you-mean, a missing member, bad values), and a
 * load of the file from disk. */
static void add_bad_loads(torture_list *l)
{
    static const char *const edits[][2] = {
        {"title", "5"},          {"tilte", "\"x\""}, {"money_decimals", "\"two\""},
        {"method", "\"FETCH\""}, {"name", NULL},     {"catalogue", "{\"services\": 3}"},
    };
    char path[8192];
    snprintf(path, sizeof path, "%s/dialects/smpanelim.json", l->src);
    for (int v = 0; v < 2; v++) {
        json_error_t je;
        json_t *root = json_load_file(path, 0, &je);
        if (!root)
            exit(2);
        for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
            if (v == 0 && i >= 2)
                break; /* variant 0: two errors; variant 1: all of them */
            if (!edits[i][1]) {
                json_object_del(root, edits[i][0]);
                continue;
            }
            json_object_set_new(root, edits[i][0], json_loads(edits[i][1], JSON_DECODE_ANY, &je));
        }
        load_ctx *c = calloc(1, sizeof *c);
        if (!c)
            exit(2);
        snprintf(c->file, sizeof c->file, "smpanelim-bad%d.json", v);
        c->bytes = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        json_decref(root);
        if (!c->bytes)
            exit(2);
        c->n = strlen(c->bytes);
        torture_add(l, c, NULL, run_load_all, free_load, "load-all/%s", c->file);
    }
    load_ctx *c = calloc(1, sizeof *c);
    if (!c || !(c->bytes = strdup(path)))
        exit(2);
    torture_add(l, c, NULL, run_load_file, free_load, "load-file/smpanelim.json");
}

/* Registers a load of smpanelim.json edited to use what no shipped dialect does: a
 * default_type (a catalogue service without a type takes it) and a money field with its own
 * decimals. The edit must load cleanly (exits otherwise). */
static void add_edited_load(torture_list *l)
{
    char path[8192];
    json_error_t je;
    snprintf(path, sizeof path, "%s/dialects/smpanelim.json", l->src);
    json_t *root = json_load_file(path, 0, &je);
    json_t *svc =
        json_array_get(json_object_get(json_object_get(root, "catalogue"), "services"), 0);
    json_t *fields = json_object_get(
        json_object_get(json_object_get(json_object_get(root, "actions"), "status"), "single"),
        "fields");
    if (!svc || !fields)
        exit(2);
    json_object_del(svc, "type");
    json_object_set_new(root, "default_type",
                        json_pack("{s:s, s:s}", "value", "Default", "assumed",
                                  "torture: a service without a type"));
    json_object_set_new(fields, "charge",
                        json_pack("{s:s, s:i, s:s}", "kind", "money", "decimals", 2, "assumed",
                                  "torture: a field with its own places"));
    load_ctx *c = calloc(1, sizeof *c);
    if (!c)
        exit(2);
    snprintf(c->file, sizeof c->file, "smpanelim-edited.json");
    c->bytes = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!c->bytes)
        exit(2);
    c->n = strlen(c->bytes);
    panel_dialect *d = NULL;
    panel_dialect_error err;
    if (panel_dialect_load_bytes(c->bytes, c->n, c->file, &d, &err) != PANEL_E_OK) {
        fprintf(stderr, "torture: %s: %s %s\n", c->file, err.pointer, err.reason);
        exit(2);
    }
    panel_dialect_free(d);
    torture_add(l, c, NULL, run_load, free_load, "load/%s", c->file);
}

typedef struct {
    char dir[256]; /* a temporary folder: two dialects, a schema and a README (both skipped) */
} dir_ctx;

/* Loads the folder as a set; the output is every dialect's fingerprint. */
static panel_err run_load_dir(void *vctx, panel_buf *out)
{
    dir_ctx *c = vctx;
    panel_dialect_set set;
    panel_dialect_error err;
    memset(&err, 0, sizeof err);
    panel_err rc = panel_dialect_load_dir(c->dir, &set, &err);
    if (rc != PANEL_E_OK)
        return rc;
    for (size_t i = 0; rc == PANEL_E_OK && i < set.count; i++)
        rc = fingerprint(set.items[i], out);
    panel_dialect_set_free(&set);
    return rc;
}

/* Removes the temporary folder and frees the case. */
static void free_load_dir(void *vctx)
{
    dir_ctx *c = vctx;
    static const char *const names[] = {"smpanelim.json", "subnoc.json", "dialect.schema.json",
                                        "README.md"};
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", c->dir, names[i]);
        unlink(path);
    }
    rmdir(c->dir);
    free(c);
}

/* Registers panel_dialect_load_dir on a temporary folder of symbolic links to two dialects
 * of dialects/ plus two files the loader skips. */
static void add_load_dir(torture_list *l)
{
    static const char *const names[] = {"smpanelim.json", "subnoc.json", "dialect.schema.json",
                                        "README.md"};
    char from[8192], to[512], src[4096];
    dir_ctx *c = calloc(1, sizeof *c);
    if (!c || !realpath(l->src, src))
        exit(2);
    snprintf(c->dir, sizeof c->dir, "/tmp/panel-torture-XXXXXX");
    if (!mkdtemp(c->dir))
        exit(2);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(from, sizeof from, "%s/dialects/%s", src, names[i]);
        snprintf(to, sizeof to, "%s/%s", c->dir, names[i]);
        if (symlink(from, to) != 0)
            exit(2);
    }
    panel_dialect_set set;
    panel_dialect_error err;
    if (panel_dialect_load_dir(c->dir, &set, &err) != PANEL_E_OK || set.count != 2) {
        fprintf(stderr, "torture: cannot load %s as a set\n", c->dir);
        exit(2);
    }
    panel_dialect_set_free(&set);
    torture_add(l, c, NULL, run_load_dir, free_load_dir, "load-dir/two-dialects");
}

/* Writes n copies of ch into a new string; exits on failure. */
static char *repeat_new(char ch, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        exit(2);
    memset(s, ch, n);
    s[n] = '\0';
    return s;
}

/* Registers the parse of body (taken) as action of dialect dname (must exist). */
static void add_body_parse(torture_list *l, const char *dname, panel_action action, int multi,
                           char *body, const char *what)
{
    parse_ctx *c = calloc(1, sizeof *c);
    if (!c || !body || !(c->d = panel_dialect_set_find(&l->dialects, dname)))
        exit(2);
    c->action = action;
    c->opts.multi = multi;
    c->body = body;
    c->n = strlen(body);
    torture_add(l, c, NULL, run_parse, free_parse, "parse-hostile/%s/%s", dname, what);
}

/* Registers parses of answers that are not clean, made long enough that the result's inline
 * arena (2048 bytes), its inline diagnostics (8) and the inline JSON pointer (128 bytes) must
 * grow: a 3000-byte error envelope, a single answer whose only entry is a 1500-byte error, a
 * status whose currency is 3000 bytes, and
 * a services list of 40 entries with long names, wrong types and an unknown 200-byte key. */
static void add_hostile_parses(torture_list *l)
{
    panel_buf b;
    char *e3000 = repeat_new('E', 3000), *e1500 = repeat_new('e', 1500);
    char *name = repeat_new('N', 60), *key = repeat_new('K', 200);
    panel_buf_init(&b, 1u << 20);
    if (panel_buf_printf(&b, "{\"error\": \"%s\"}", e3000) != PANEL_E_OK)
        exit(2);
    add_body_parse(l, "smpanelim", PANEL_ACTION_ADD, 0, strdup(b.data), "long-error-envelope");
    panel_buf_free(&b);
    panel_buf_init(&b, 1u << 20);
    if (panel_buf_printf(&b, "{\"507f1f77bcf86cd799439011\": {\"error\": \"%s\"}}", e1500) !=
        PANEL_E_OK)
        exit(2);
    add_body_parse(l, "smm-objectid", PANEL_ACTION_STATUS, 0, strdup(b.data),
                   "long-single-error-entry");
    panel_buf_free(&b);
    panel_buf_init(&b, 1u << 20);
    if (panel_buf_printf(&b,
                         "{\"charge\": \"0.27819\", \"start_count\": \"3572\", \"status\": "
                         "\"Partial\", \"remains\": \"157\", \"currency\": \"%s\"}",
                         e3000) != PANEL_E_OK)
        exit(2);
    add_body_parse(l, "smpanelim", PANEL_ACTION_STATUS, 0, strdup(b.data), "long-currency");
    panel_buf_free(&b);
    panel_buf_init(&b, 1u << 20);
    panel_err rc = panel_buf_puts(&b, "[");
    for (int i = 0; rc == PANEL_E_OK && i < 40; i++)
        rc = panel_buf_printf(&b,
                              "%s{\"service\": %d, \"name\": \"%s%d\", \"type\": \"Default\", "
                              "\"category\": \"C\", \"rate\": %s, \"min\": \"x%d\", "
                              "\"max\": 1000, \"%s\": 1}",
                              i ? "," : "", i + 1, name, i, i % 2 ? "true" : "\"0.5\"", i, key);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(&b, "]");
    if (rc != PANEL_E_OK)
        exit(2);
    add_body_parse(l, "smpanelim", PANEL_ACTION_SERVICES, 0, strdup(b.data),
                   "services-many-diagnostics");
    panel_buf_free(&b);
    free(e3000);
    free(e1500);
    free(name);
    free(key);
}

/* Registers the parse and render cases of one tests/cases/<dialect>/<case>/ folder. */
static void add_parse_case(torture_list *l, const char *dname, const char *cname)
{
    char path[8192];
    const panel_dialect *d = panel_dialect_set_find(&l->dialects, dname);
    if (!d)
        return;
    snprintf(path, sizeof path, "%s/tests/cases/%s/%s/case.json", l->src, dname, cname);
    json_error_t je;
    json_t *cs = json_load_file(path, 0, &je);
    if (!cs)
        return;
    int action = panel_action_from_name(json_string_value(json_object_get(cs, "action")));
    json_t *jm = json_object_get(cs, "multi");
    panel_parse_opts opts = {.multi = jm ? (int)json_integer_value(jm) : -1,
                             .quantity = json_integer_value(json_object_get(cs, "quantity"))};
    json_decref(cs);
    if (action < 0)
        return;
    for (int render = 0; render < 2; render++) {
        parse_ctx *c = calloc(1, sizeof *c);
        if (!c)
            exit(2);
        c->d = d;
        c->action = (panel_action)action;
        c->opts = opts;
        snprintf(path, sizeof path, "%s/tests/cases/%s/%s/body.json", l->src, dname, cname);
        c->body = torture_slurp(path, &c->n);
        if (render && panel_parse(d, c->action, c->body, c->n, &c->opts, &c->r) != PANEL_E_OK)
            exit(2);
        if (render) {
            json_t *j = panel_render_new(d, c->r);
            c->has_tree = j != NULL;
            json_decref(j);
        }
        torture_add(l, c, NULL, render ? run_render : run_parse, free_parse, "%s/%s/%s",
                    render ? "render" : "parse", dname, cname);
    }
}

/* Registers the parse and render cases of every documented example, in name order. */
static void add_parses(torture_list *l)
{
    char dir[4096];
    for (size_t i = 0; i < l->dialects.count; i++) {
        const char *dname = l->dialects.items[i]->name;
        struct dirent **names = NULL;
        snprintf(dir, sizeof dir, "%s/tests/cases/%s", l->src, dname);
        int n = scandir(dir, &names, NULL, alphasort);
        for (int k = 0; k < n; k++) {
            if (names[k]->d_name[0] != '.')
                add_parse_case(l, dname, names[k]->d_name);
            free(names[k]);
        }
        free(names);
    }
}

/* The form codec's inputs: a request, escapes, repeats, an ambiguous repeat, a bad escape,
 * one parameter too many (65). */
static const char *const forms[] = {
    "key=abcdef0123456789&action=add&service=1&link=https%3A%2F%2Fexample.com%2Fp%3Fa%3D1"
    "&quantity=100&comments=one%0Atwo+three",
    "a=1&&b=2&a=1&c&d=&%E2%82%AC=%7E",
    "key=a&key=b",
    "x=%G1",
    "p0=0&p1=1&p2=2&p3=3&p4=4&p5=5&p6=6&p7=7&p8=8&p9=9&p10=0&p11=1&p12=2&p13=3&p14=4&p15=5"
    "&p16=6&p17=7&p18=8&p19=9&p20=0&p21=1&p22=2&p23=3&p24=4&p25=5&p26=6&p27=7&p28=8&p29=9"
    "&p30=0&p31=1&p32=2&p33=3&p34=4&p35=5&p36=6&p37=7&p38=8&p39=9&p40=0&p41=1&p42=2&p43=3"
    "&p44=4&p45=5&p46=6&p47=7&p48=8&p49=9&p50=0&p51=1&p52=2&p53=3&p54=4&p55=5&p56=6&p57=7"
    "&p58=8&p59=9&p60=0&p61=1&p62=2&p63=3&p64=4",
};

/* Decodes, adds a pair, encodes and escapes; the output is every step's result. */
static panel_err run_form(void *vctx, panel_buf *out)
{
    const char *body = vctx;
    panel_form f;
    panel_form_init(&f, 0);
    panel_err rc = panel_form_decode(&f, body, strlen(body));
    panel_err wr = panel_buf_printf(out, "%s %zu %d\n", panel_err_name(rc), f.count, f.duplicates);
    if (rc == PANEL_E_PARSE || rc == PANEL_E_TOO_LARGE)
        rc = PANEL_E_OK; /* the verdict on the text is in the output */
    if (rc == PANEL_E_OK)
        rc = wr;
    if (rc == PANEL_E_OK)
        rc = panel_form_add(&f, "extra", "v a&l=u%e");
    if (rc == PANEL_E_OK)
        rc = panel_form_encode(&f, out);
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(out, "\n");
    if (rc == PANEL_E_OK)
        rc = panel_form_escape(out, body, strlen(body));
    panel_form_free(&f);
    return rc;
}

/* Does nothing: the form cases borrow static strings. */
static void free_nothing(void *vctx)
{
    (void)vctx;
}

/* Registers the libpanel cases. */
void torture_cases_core(torture_list *l)
{
    add_loads(l);
    add_bad_loads(l);
    add_edited_load(l);
    add_load_dir(l);
    add_parses(l);
    add_hostile_parses(l);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        torture_add(l, (void *)forms[i], NULL, run_form, free_nothing, "form/%zu", i);
}
