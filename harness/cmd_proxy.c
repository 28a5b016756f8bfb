/* cmd_proxy.c - `panelcheck proxy`: a validation proxy between a backend and its provider.
 * Every request is forwarded unchanged (libmicrohttpd server, libcurl client), every answer
 * parsed with the one parser against the dialect, one log line per exchange with its findings
 * (key masked); on SIGINT/SIGTERM the JSON report and the HAR recording are written. */
#ifdef PANEL_HAVE_MOCK /* libmicrohttpd comes with panelmock */
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "har.h"
#include "panel/parse.h"
#include "panelmock.h"
#include "results.h"

#define PROXY_MAX_REQUEST (1u << 20)
#define PROXY_MAX_LOG 100000u /* exchanges kept for the report */

typedef struct {
    const char *listen, *upstream, *dialect, *record, *report, *key, *dialect_dir, *quirks;
    long timeout_ms;
} proxy_args;

typedef struct {
    proxy_args a;
    const panel_dialect *d;
    har_log *rec;
    json_t *log; /* the report's exchanges */
    pthread_mutex_t mu;
    size_t n;
} proxy;

typedef struct {
    panel_buf body;
    int too_large;
    int started; /* the request's first call of on_request has been answered */
    char *query; /* "?..." of the raw request URI as sent (NULL: none) */
} conn;

static volatile sig_atomic_t stop_sig;

/* Notes the signal; the main loop then writes the reports. */
static void on_signal(int sig)
{
    stop_sig = sig;
}

/* Prints the usage of `panelcheck proxy`. */
static void proxy_usage(FILE *f)
{
    fputs("usage: panelcheck proxy --listen HOST:PORT --upstream URL --dialect NAME\n"
          "                        [--record FILE] [--report json:PATH] [--key KEY]\n"
          "                        [--quirks NAME,...] [--timeout MS] [--dialect-dir DIR]\n"
          "Forwards every request unchanged to URL, parses every answer against the dialect\n"
          "and logs one line per exchange with its findings (the key masked: the dialect's key\n"
          "parameter of each request, and --key); SIGINT/SIGTERM writes the reports, exit 0.\n"
          "--quirks applies panelmock's quirks (panelmock --list-quirks) to every forwarded\n"
          "answer; the findings, the log and the recording are of the answer as forwarded.\n",
          f);
}

/* Parses the options; 0, -1 (help) or 2. */
static int parse_args(int argc, char **argv, proxy_args *a)
{
    memset(a, 0, sizeof(*a));
    a->timeout_ms = 30000;
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
            proxy_usage(stdout);
            return -1;
        }
        if (!v) {
            fprintf(stderr, "panelcheck proxy: %s needs a value (or is unknown)\n", o);
            return 2;
        }
        if (!strcmp(o, "--listen"))
            a->listen = v;
        else if (!strcmp(o, "--upstream"))
            a->upstream = v;
        else if (!strcmp(o, "--dialect"))
            a->dialect = v;
        else if (!strcmp(o, "--record"))
            a->record = v;
        else if (!strcmp(o, "--key"))
            a->key = v;
        else if (!strcmp(o, "--dialect-dir"))
            a->dialect_dir = v;
        else if (!strcmp(o, "--quirks"))
            a->quirks = v;
        else if (!strcmp(o, "--report") && !strncmp(v, "json:", 5) && v[5])
            a->report = v + 5;
        else if (!strcmp(o, "--timeout")) {
            char *end;
            a->timeout_ms = strtol(v, &end, 10);
            if (*end || a->timeout_ms <= 0 || a->timeout_ms > 600000) {
                fprintf(stderr, "panelcheck proxy: bad --timeout '%s'\n", v);
                return 2;
            }
        } else {
            fprintf(stderr, "panelcheck proxy: bad option '%s %s'\n", o, v);
            proxy_usage(stderr);
            return 2;
        }
    }
    if (!a->listen || !a->upstream || !a->dialect ||
        (strncmp(a->upstream, "http://", 7) && strncmp(a->upstream, "https://", 8))) {
        fprintf(stderr, "panelcheck proxy: --listen, --upstream http(s)://... and --dialect are "
                        "required\n");
        return 2;
    }
    return 0;
}

/* The action (and form) a request asks for, from its action parameter; PANEL_ACTION_ERROR
 * when none matches. */
static panel_action request_action(const panel_dialect *d, const panel_har_params *p, int *multi)
{
    const char *w = NULL;
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->items[i].name, "action"))
            w = p->items[i].value;
    *multi = 0;
    for (int a = 0; w && a < PANEL_ACTION__COUNT; a++) {
        const panel_action_spec *sp = &d->actions[a];
        if (sp->multi_name && !strcmp(sp->multi_name, w) && sp->multi.present) {
            for (size_t i = 0; i < p->n && sp->multi_param; i++)
                *multi |= !strcmp(p->items[i].name, sp->multi_param);
            if (*multi || !sp->name || strcmp(sp->name, w))
                return (panel_action)a;
        }
        if (sp->name && !strcmp(sp->name, w)) {
            for (size_t i = 0; i < p->n && sp->multi_param && sp->multi.present; i++)
                *multi |= !strcmp(p->items[i].name, sp->multi_param);
            return (panel_action)a;
        }
    }
    return PANEL_ACTION_ERROR;
}

/* Appends the upstream's body (the buffer's cap ends an oversized answer). */
static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    panel_buf *b = ud;
    return panel_buf_append(b, ptr, size * nmemb) == PANEL_E_OK ? size * nmemb : 0;
}

/* Appends the upstream's header lines. */
static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    panel_buf *b = ud;
    panel_buf_append(b, ptr, size * nmemb);
    return size * nmemb;
}

/* Forwards one request; out holds the answer (outcome, status, content type, body). */
static void forward(const proxy *px, const char *method, const char *url, const char *ct,
                    const char *body, size_t n, panel_buf *hdrs, http_response *out)
{
    CURL *h = curl_easy_init();
    out->outcome = HTTP_FAILED;
    if (!h) {
        snprintf(out->error, sizeof(out->error), "out of memory");
        return;
    }
    char cth[200], err[CURL_ERROR_SIZE] = "";
    snprintf(cth, sizeof(cth), "Content-Type: %s", ct);
    struct curl_slist *hl = ct[0] ? curl_slist_append(NULL, cth) : NULL;
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (!strcmp(method, "HEAD")) /* else libcurl waits for the body the headers announce */
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    else if (strcmp(method, "GET")) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)n);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out->body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, hdrs);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, px->a.timeout_ms);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)HTTP_MAX_BODY);
    CURLcode cc = curl_easy_perform(h);
    double t = 0;
    curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &t);
    out->elapsed_ms = t * 1000.0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    char *rct = NULL;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &rct);
    snprintf(out->content_type, sizeof(out->content_type), "%s", rct ? rct : "");
    if (cc == CURLE_OK)
        out->outcome = HTTP_OK;
    else
        snprintf(out->error, sizeof(out->error), "%s", err[0] ? err : curl_easy_strerror(cc));
    curl_slist_free_all(hl);
    curl_easy_cleanup(h);
}

/* Parses the answer against the dialect, writes the log line into line and adds the exchange
 * with its findings to the report. */
static void judge(proxy *px, const panel_har_params *p, const http_response *r, char *line,
                  size_t linesz)
{
    int multi = 0;
    panel_action a = request_action(px->d, p, &multi);
    json_t *e = json_object(), *fs = json_array();
    panel_result *res = NULL;
    panel_parse_opts po = {0};
    po.multi = multi;
    int w = snprintf(line, linesz, "%s%s HTTP %ld %.1fms:", panel_action_name(a),
                     multi ? " (multi)" : "", r->status, r->elapsed_ms);
    if (r->outcome != HTTP_OK) {
        w += snprintf(line + w, linesz - (size_t)w, " transport: %s", r->error);
    } else if (panel_parse(px->d, a, r->body.data ? r->body.data : "", r->body.len, &po, &res) ==
                   PANEL_E_OK &&
               res) {
        for (size_t i = 0; i < res->n_diags; i++) {
            const panel_diag *g = &res->diags[i];
            json_t *o = json_object();
            json_object_set_new(o, "code", json_string(panel_diag_code_name(g->code)));
            json_object_set_new(o, "severity",
                                json_string(g->severity >= PANEL_SEV_ERROR     ? "error"
                                            : g->severity == PANEL_SEV_WARNING ? "warning"
                                                                               : "info"));
            json_object_set_new(o, "pointer", json_string(g->pointer ? g->pointer : ""));
            json_object_set_new(o, "message", json_string(g->message ? g->message : ""));
            json_array_append_new(fs, o);
            if (w > 0 && (size_t)w < linesz)
                w += snprintf(line + w, linesz - (size_t)w, " %s@%s", panel_diag_code_name(g->code),
                              g->pointer ? g->pointer : "");
        }
        if (!res->n_diags && w > 0 && (size_t)w < linesz)
            snprintf(line + w, linesz - (size_t)w, " no findings");
    }
    panel_result_free(res);
    pthread_mutex_lock(&px->mu);
    size_t idx = px->n++;
    json_object_set_new(e, "exchange", json_integer((json_int_t)idx));
    json_object_set_new(e, "action", json_string(panel_action_name(a)));
    json_object_set_new(e, "multi", json_boolean(multi));
    json_object_set_new(e, "status", json_integer(r->outcome == HTTP_OK ? r->status : 0));
    json_object_set_new(e, "ms", json_real(r->elapsed_ms));
    json_object_set_new(e, "findings", fs);
    if (json_array_size(px->log) < PROXY_MAX_LOG)
        json_array_append_new(px->log, e);
    else
        json_decref(e);
    pthread_mutex_unlock(&px->mu);
}

/* Rewrites the answer with the --quirks (as panelmock would send it). */
static void apply_quirks(const proxy *px, const panel_har_params *p, http_response *r)
{
    int multi = 0;
    panel_action a = request_action(px->d, p, &multi);
    const char *sp = px->d->actions[a].single_param, *sid = NULL;
    for (size_t i = 0; sp && !multi && i < p->n; i++)
        if (!strcmp(p->items[i].name, sp))
            sid = p->items[i].value;
    char err[128];
    mock_quirks_rewrite(px->d, a, multi, sid, px->a.quirks, &r->body, err, sizeof(err));
}

/* Masks the request's key (the dialect's key parameter) and --key in text, in place. */
static void mask_line(const proxy *px, const char *key, char *line, size_t linesz)
{
    const char *ks[2] = {key, px->a.key};
    for (int i = 0; i < 2; i++) {
        if (!ks[i] || !ks[i][0])
            continue;
        char *m = check_mask_new(line, ks[i]);
        snprintf(line, linesz, "%s", m ? m : "(masked)");
        free(m);
    }
}

/* Forwards one complete request and answers the client. */
static enum MHD_Result serve(proxy *px, struct MHD_Connection *c, const char *url,
                             const char *method, conn *cx)
{
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    (void)url; /* libmicrohttpd's url has no query: it comes from the raw URI (on_uri) */
    const char *q = cx->query;
    char target[2048];
    snprintf(target, sizeof(target), "%s%s", px->a.upstream, q ? q : "");
    http_response r;
    memset(&r, 0, sizeof(r));
    panel_buf_init(&r.body, HTTP_MAX_BODY);
    panel_buf hdrs;
    panel_buf_init(&hdrs, 1u << 16);
    const char *body = cx->body.data ? cx->body.data : "";
    panel_har_params p;
    memset(&p, 0, sizeof(p));
    panel_har_params_new(target, ct, body, cx->body.len, NULL, &p);
    const char *key = NULL;
    const char *kp = px->d->key_param ? px->d->key_param : "key";
    for (size_t i = 0; i < p.n; i++)
        if (!strcmp(p.items[i].name, kp))
            key = p.items[i].value;
    double started = har_now_ms();
    forward(px, method, target, ct ? ct : "", body, cx->body.len, &hdrs, &r);
    if (px->a.quirks && r.outcome == HTTP_OK)
        apply_quirks(px, &p, &r);
    /* an exchange whose key cannot be masked (past HAR_MAX_SECRETS distinct keys) is not
     * recorded: nothing is recorded unmasked */
    if (px->rec && har_log_add_key(px->rec, key) == PANEL_E_OK) {
        char rq[300];
        snprintf(rq, sizeof(rq), "Content-Type: %s\r\n", ct ? ct : "");
        har_log_add(px->rec, method, target, rq, ct ? ct : "", body, cx->body.len, &r, hdrs.data,
                    started);
    }
    char line[1024];
    judge(px, &p, &r, line, sizeof(line));
    mask_line(px, key, line, sizeof(line));
    printf("panelcheck: proxy: %s %s\n", method, line);
    fflush(stdout);
    panel_har_params_free(&p);
    struct MHD_Response *resp;
    unsigned code;
    if (r.outcome == HTTP_OK) {
        resp = MHD_create_response_from_buffer(r.body.len, r.body.data ? r.body.data : "",
                                               MHD_RESPMEM_MUST_COPY);
        code = (unsigned)r.status;
        if (resp && r.content_type[0])
            MHD_add_response_header(resp, "Content-Type", r.content_type);
    } else {
        static const char bad[] = "{\"error\":\"panelcheck proxy: the upstream did not answer\"}";
        resp =
            MHD_create_response_from_buffer(sizeof(bad) - 1, (void *)bad, MHD_RESPMEM_PERSISTENT);
        code = 502;
        if (resp)
            MHD_add_response_header(resp, "Content-Type", "application/json");
    }
    panel_buf_free(&hdrs);
    panel_buf_free(&r.body);
    if (!resp)
        return MHD_NO;
    enum MHD_Result ret = MHD_queue_response(c, code, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The libmicrohttpd URI callback: a request's state, with the query of its raw URI (the
 * access callback gets the path only); NULL on NOMEM (the request is then dropped). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    conn *cx = calloc(1, sizeof(*cx));
    if (!cx)
        return NULL;
    panel_buf_init(&cx->body, PROXY_MAX_REQUEST);
    const char *q = uri ? strchr(uri, '?') : NULL;
    cx->query = q ? strdup(q) : NULL;
    if (q && !cx->query) {
        free(cx);
        return NULL;
    }
    return cx;
}

/* The libmicrohttpd request callback: collects the body (capped), then serves. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    proxy *px = cls;
    conn *cx = *con_cls;
    if (!cx)
        return MHD_NO;
    if (!cx->started) {
        cx->started = 1;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (panel_buf_append(&cx->body, upload, *upload_size) != PANEL_E_OK)
            cx->too_large = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    if (cx->too_large) {
        static const char big[] = "{\"error\":\"panelcheck proxy: request body too large\"}";
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(sizeof(big) - 1, (void *)big, MHD_RESPMEM_PERSISTENT);
        if (!resp)
            return MHD_NO;
        enum MHD_Result ret = MHD_queue_response(c, 413, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    return serve(px, c, url, method, cx);
}

/* Frees a request's body once it is answered (or the client went away). */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn *cx = *con_cls;
    if (cx) {
        panel_buf_free(&cx->body);
        free(cx->query);
        free(cx);
        *con_cls = NULL;
    }
}

/* Writes the JSON report atomically; 0 or 2. */
static int write_report(proxy *px)
{
    json_t *root = json_object();
    char *up = check_mask_url_new(px->a.upstream);
    json_object_set_new(root, "dialect", json_string(px->d->name));
    json_object_set_new(root, "upstream", json_string(up ? up : "(masked)"));
    free(up);
    json_object_set_new(root, "exchanges", json_integer((json_int_t)px->n));
    json_object_set(root, "log", px->log);
    char tmp[1100];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", px->a.report, (long)getpid());
    struct stat st; /* a device or a pipe is written in place, never renamed over */
    int special = stat(px->a.report, &st) == 0 && !S_ISREG(st.st_mode);
    FILE *f = fopen(special ? px->a.report : tmp, "w");
    int bad = !f;
    if (f) {
        bad = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0;
        bad = fputc('\n', f) == EOF || bad;
        bad = fclose(f) != 0 || bad;
        bad = bad || (!special && rename(tmp, px->a.report) != 0);
        if (bad && !special)
            unlink(tmp);
    }
    json_decref(root);
    if (bad)
        fprintf(stderr, "panelcheck proxy: writing %s failed\n", px->a.report);
    return bad ? 2 : 0;
}

/* Parses HOST:PORT (IPv4) into sa. */
static int parse_listen(const char *s, struct sockaddr_in *sa)
{
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    const char *colon = strrchr(s, ':');
    char host[64];
    if (!colon || (size_t)(colon - s) >= sizeof(host))
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -1;
    if (!strcmp(host, "localhost"))
        snprintf(host, sizeof(host), "127.0.0.1");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return -1;
    sa->sin_port = htons((uint16_t)port);
    return 0;
}

/* panelcheck proxy. */
int cmd_proxy(int argc, char **argv)
{
    proxy px;
    memset(&px, 0, sizeof(px));
    int code = parse_args(argc, argv, &px.a);
    if (code)
        return code < 0 ? 0 : code;
    panel_dialect_set set = {0};
    panel_dialect_error derr;
    memset(&derr, 0, sizeof(derr));
    struct MHD_Daemon *md = NULL;
    pthread_mutex_init(&px.mu, NULL);
    px.log = json_array();
    const char *dir = px.a.dialect_dir ? px.a.dialect_dir : panel_dialect_default_dir();
    struct sockaddr_in sa;
    code = 2;
    if (panel_dialect_load_dir(dir, &set, &derr) != PANEL_E_OK) {
        fprintf(stderr, "panelcheck proxy: dialect %s: %s: %s\n", derr.file, derr.pointer,
                derr.reason);
        goto out;
    }
    px.d = panel_dialect_set_find(&set, px.a.dialect);
    if (!px.d) {
        fprintf(stderr, "panelcheck proxy: unknown dialect '%s'\n", px.a.dialect);
        goto out;
    }
    char qerr[256];
    if (px.a.quirks && mock_quirks_rewrite(NULL, PANEL_ACTION_ERROR, 0, NULL, px.a.quirks, NULL,
                                           qerr, sizeof(qerr)) != PANEL_E_OK) {
        fprintf(stderr, "panelcheck proxy: --quirks: %s\n", qerr);
        goto out;
    }
    if (parse_listen(px.a.listen, &sa)) {
        fprintf(stderr, "panelcheck proxy: bad --listen '%s' (want IPv4:PORT)\n", px.a.listen);
        goto out;
    }
    if (px.a.record && (har_log_new(&px.rec) != PANEL_E_OK || har_log_add_key(px.rec, px.a.key)))
        goto out;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct sigaction sg;
    memset(&sg, 0, sizeof(sg));
    sg.sa_handler = on_signal;
    sigemptyset(&sg.sa_mask);
    sigaction(SIGINT, &sg, NULL);
    sigaction(SIGTERM, &sg, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* SIGINT/SIGTERM stay blocked (the daemon's threads inherit it) but in sigsuspend below:
     * a signal between the test of stop_sig and the wait can no longer be lost */
    sigset_t stop_set, wait_set;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGINT);
    sigaddset(&stop_set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_set, &wait_set);
    sigdelset(&wait_set, SIGINT);
    sigdelset(&wait_set, SIGTERM);
    md = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, &px,
                          MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                          MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT,
                          (unsigned)256, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &px,
                          MHD_OPTION_URI_LOG_CALLBACK, on_uri, &px, MHD_OPTION_END);
    if (!md) {
        fprintf(stderr, "panelcheck proxy: cannot listen on %s: %s\n", px.a.listen,
                strerror(errno));
        pthread_sigmask(SIG_UNBLOCK, &stop_set, NULL);
        goto out;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(md, MHD_DAEMON_INFO_BIND_PORT);
    char host[64];
    inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
    printf("panelcheck: proxy listening on http://%s:%u\n", host,
           di ? (unsigned)di->port : (unsigned)ntohs(sa.sin_port));
    fflush(stdout);
    while (!stop_sig)
        sigsuspend(&wait_set);
    pthread_sigmask(SIG_UNBLOCK, &stop_set, NULL);
    MHD_stop_daemon(md);
    md = NULL;
    code = 0;
    if (px.a.report && write_report(&px))
        code = 2;
    if (px.rec && har_log_write(px.rec, px.a.record, "panelcheck proxy") != PANEL_E_OK) {
        fprintf(stderr, "panelcheck proxy: writing %s failed\n", px.a.record);
        code = 2;
    }
    printf("panelcheck: proxy stopped by %s after %zu exchanges\n",
           stop_sig == SIGINT ? "SIGINT" : "SIGTERM", px.n);
out:
    if (md)
        MHD_stop_daemon(md);
    har_log_free(px.rec);
    json_decref(px.log);
    pthread_mutex_destroy(&px.mu);
    panel_dialect_set_free(&set);
    return code;
}
#else
#include <stdio.h>

#include "commands.h"

/* panelcheck proxy without libmicrohttpd. */
int cmd_proxy(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "panelcheck proxy: built without libmicrohttpd (panelmock)\n");
    return 2;
}
#endif
