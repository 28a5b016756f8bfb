/* tests/unit/testutil.c - helpers the Check suites share. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include "testutil.h"

#include <jansson.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <spawn.h>
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

/* Runs panelcheck in a child; see testutil.h. */
int tu_run_panelcheck(const char *first, const char *const *args, const char *out, const char *err)
{
    const char *argv[64];
    int argc = 0;
    argv[argc++] = first;
    for (size_t i = 0; args[i] && argc < 63; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    int code = tu_wait_child(tu_spawn_panelcheck(argv, NULL, out, err, NULL));
    ck_assert_int_ge(code, 0);
    return code;
}

/* A new temporary file holding text; see testutil.h. */
void tu_temp_file(char *path, const char *text)
{
    snprintf(path, 64, "/tmp/panel-test-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* Error-case match; see testutil.h. */
int tu_is_error_case(const panel_dialect *d, panel_errcase c, const char *msg)
{
    const panel_error_case *ec = &d->errors[c];
    if (!msg || !ec->message)
        return 0;
    return ec->is_template ? panel_message_match(ec->message, msg) : strcmp(ec->message, msg) == 0;
}

/* stderr capture; see testutil.h. */
void tu_capture_stderr(void (*fn)(void *), void *arg, char *out, size_t outsz)
{
    char path[] = "/tmp/panel-test-stderr-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    int saved = dup(2);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_ge(dup2(fd, 2), 0);
    fn(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(fd, out, outsz - 1, 0);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
}

extern char **environ;

/* Starts panelcheck by posix_spawn; see testutil.h. */
pid_t tu_spawn_panelcheck(const char *const *argv, const char *const *env, const char *out,
                          const char *err, const char *dir)
{
    char *args[64];
    int argc = 0;
    args[argc++] = PANELCHECK_BIN;
    for (size_t i = 0; argv[i] && argc < 63; i++)
        args[argc++] = (char *)argv[i];
    args[argc] = NULL;
    size_t n_env = 0;
    while (environ[n_env])
        n_env++;
    char **envp = calloc(n_env + 9, sizeof(*envp));
    char pairs[4][700];
    ck_assert_ptr_nonnull(envp);
    size_t k = 0;
    for (size_t i = 0; env && env[i] && env[i + 1] && i < 8; i += 2, k++)
        snprintf(pairs[k], sizeof(pairs[k]), "%s=%s", env[i], env[i + 1]);
    size_t m = 0;
    for (size_t i = 0; i < n_env; i++) {
        int replaced = 0;
        for (size_t j = 0; j < k; j++) {
            size_t len = strcspn(pairs[j], "=");
            if (!strncmp(environ[i], pairs[j], len) && environ[i][len] == '=')
                replaced = 1;
        }
        if (!replaced)
            envp[m++] = environ[i];
    }
    for (size_t j = 0; j < k; j++)
        envp[m++] = pairs[j];
    envp[m] = NULL;
    posix_spawn_file_actions_t fa;
    ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
    ck_assert_int_eq(
        posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
    ck_assert_int_eq(
        posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
    if (dir)
        ck_assert_int_eq(posix_spawn_file_actions_addchdir_np(&fa, dir), 0);
    pid_t pid = -1;
    int rc = posix_spawn(&pid, PANELCHECK_BIN, &fa, NULL, args, envp);
    posix_spawn_file_actions_destroy(&fa);
    free(envp);
    ck_assert_msg(rc == 0, "cannot start %s: %s", PANELCHECK_BIN, strerror(rc));
    return pid;
}

/* Waits for a child; see testutil.h. */
int tu_wait_child(pid_t pid)
{
    int st = 0;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
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
