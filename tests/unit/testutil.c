/* tests/unit/testutil.c - helpers the Check suites share. */
#include "testutil.h"

#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "panel/buf.h"

/* Loads PANEL_SOURCE_DIR/dialects, saying why when it fails. */
void tu_load_dialects(panel_dialect_set *set)
{
    panel_dialect_error err;
    panel_err rc = panel_dialect_load_dir(PANEL_SOURCE_DIR "/dialects", set, &err);
    if (rc != PANEL_E_OK)
        fprintf(stderr, "%s: %s: %s\n", err.file, err.pointer, err.reason);
    ck_assert_int_eq(rc, PANEL_E_OK);
}

/* Reads a whole file; the test fails when it cannot. */
char *tu_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    ck_assert_int_ge(len, 0);
    ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
    char *s = malloc((size_t)len + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = '\0';
    fclose(f);
    if (n)
        *n = (size_t)len;
    return s;
}

/* Binds port 0 on loopback, reads the port back and closes the socket. */
int tu_dead_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    socklen_t l = sizeof(a);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &l), 0);
    close(fd);
    return ntohs(a.sin_port);
}

/* Appends a libcurl body chunk; a short count (the cap was hit) makes libcurl stop. */
size_t tu_curl_to_buf(char *p, size_t sz, size_t n, void *buf)
{
    return panel_buf_append(buf, p, sz * n) == PANEL_E_OK ? sz * n : 0;
}

/* 1 when every required parameter of t is link or quantity. */
static int needs_link_quantity_only(const panel_service_type *t)
{
    for (size_t k = 0; t && k < t->n_required; k++)
        if (strcmp(t->required[k], "link") != 0 && strcmp(t->required[k], "quantity") != 0)
            return 0;
    return 1;
}

/* Walks the catalogue in order. */
const panel_catalogue_item *tu_simple_item(const panel_dialect *d, int want_refill, int want_cancel)
{
    for (size_t i = 0; i < d->n_catalogue; i++) {
        const panel_catalogue_item *it = &d->catalogue[i];
        const panel_service_type *t = panel_dialect_type(d, it->type);
        if (t && (t->add_refused || t->qty != PANEL_QTY_PARAM))
            continue;
        if (!needs_link_quantity_only(t) || (want_refill && it->refill == 0) ||
            (want_cancel > 0 && it->cancel == 0) || (want_cancel < 0 && it->cancel != 0))
            continue;
        return it;
    }
    return NULL;
}

/* CK_NORMAL output, as every suite printed before. */
int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

/* Runs fn in a child with its output in files; see testutil.h. */
int tu_run_child(int (*fn)(int, char **), const char *first, const char *const *args,
                 const char *out, const char *err)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (!freopen(out, "w", stdout) || !freopen(err, "w", stderr))
            _exit(99);
        char *argv[64];
        int argc = 0;
        argv[argc++] = (char *)first;
        for (size_t i = 0; args[i] && argc < 63; i++)
            argv[argc++] = (char *)args[i];
        argv[argc] = NULL;
        int code = fn(argc, argv);
        fflush(stdout);
        fflush(stderr);
        exit(code);
    }
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_int_eq(WIFEXITED(st), 1);
    return WEXITSTATUS(st);
}

/* smpanelim with the JSON value text set at path (object keys and array indexes; the last
 * one is created when missing) loads with its first error at want_ptr with want_code and
 * want_why in its reason, or loads when want_ptr is NULL. */
void tu_dialect_edit_row(const char *const *path, const char *value, const char *want_ptr,
                         panel_dialect_errcode want_code, const char *want_why)
{
    json_error_t jerr;
    json_t *doc = json_load_file(PANEL_SOURCE_DIR "/dialects/smpanelim.json", 0, &jerr);
    ck_assert_ptr_nonnull(doc);
    json_t *node = doc;
    size_t k = 0;
    for (; path[k + 1]; k++)
        node = json_is_array(node) ? json_array_get(node, strtoul(path[k], NULL, 10))
                                   : json_object_get(node, path[k]);
    ck_assert_msg(node != NULL, "no %s", path[k]);
    json_t *v = json_loads(value, JSON_DECODE_ANY, NULL);
    ck_assert_ptr_nonnull(v);
    if (json_is_array(node))
        json_array_set_new(node, strtoul(path[k], NULL, 10), v);
    else
        json_object_set_new(node, path[k], v);
    char *text = json_dumps(doc, 0);
    panel_dialect *d = NULL;
    panel_dialect_errors errs = {0};
    panel_err rc = panel_dialect_load_bytes_all(text, strlen(text), "edited", &d, &errs);
    int as_wanted = want_ptr ? errs.count > 0 && strcmp(errs.items[0].pointer, want_ptr) == 0 &&
                                   errs.items[0].code == want_code
                             : d != NULL;
    for (size_t i = 0; !as_wanted && i < errs.count; i++)
        fprintf(stderr, "row %s=%s: %s %s: %s\n", path[k], value, errs.items[i].pointer,
                panel_dialect_errcode_name(errs.items[i].code), errs.items[i].reason);
    if (want_ptr) {
        ck_assert_int_ne(rc, PANEL_E_OK);
        ck_assert_ptr_null(d);
        ck_assert_uint_ge(errs.count, 1);
        ck_assert_str_eq(errs.items[0].pointer, want_ptr);
        ck_assert_str_eq(panel_dialect_errcode_name(errs.items[0].code),
                         panel_dialect_errcode_name(want_code));
        if (want_why)
            ck_assert_msg(strstr(errs.items[0].reason, want_why) != NULL, "want '%s' in '%s'",
                          want_why, errs.items[0].reason);
    } else {
        ck_assert_int_eq(rc, PANEL_E_OK);
        ck_assert_ptr_nonnull(d);
        ck_assert_uint_eq(errs.count, 0);
    }
    panel_dialect_free(d);
    panel_dialect_errors_free(&errs);
    free(text);
    json_decref(doc);
}
