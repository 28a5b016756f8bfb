/* server.c - the libmicrohttpd daemon around a mock_state: request bodies with a cap,
 * headers and query re-assembled for mock_handle, transport faults on the raw socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mock_internal.h"

struct mock_server {
    struct MHD_Daemon *d;
    mock_state *s;
};

typedef struct {
    panel_buf body;
    int too_large;
} conn_ctx;

typedef struct {
    char *data;
    size_t len;
} drip_ctx;

/* Sleeps ms milliseconds. */
static void sleep_ms(unsigned ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Appends one query argument to the path buffer. */
static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    panel_buf *b = cls;
    panel_buf_puts(b, b->data && strchr(b->data, '?') ? "&" : "?");
    panel_form_escape(b, key, strlen(key));
    if (value) {
        panel_buf_puts(b, "=");
        panel_form_escape(b, value, strlen(value));
    }
    return MHD_YES;
}

/* Writes all of buf to a non-blocking fd, waiting up to a second. */
static void write_all(int fd, const char *buf, size_t n)
{
    size_t off = 0;
    int tries = 0;
    while (off < n && tries < 100) {
        ssize_t w = send(fd, buf + off, n - off, MSG_NOSIGNAL);
        if (w > 0) {
            off += (size_t)w;
            continue;
        }
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return;
        struct pollfd p = {fd, POLLOUT, 0};
        poll(&p, 1, 10);
        tries++;
    }
}

/* Applies a transport fault on the raw socket; the caller then closes the connection. */
static void raw_fault(struct MHD_Connection *c, const mock_response *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci)
        return;
    int fd = ci->connect_fd;
    char head[256];
    size_t n = r->body.len;
    const char *body = r->body.data ? r->body.data : "";
    if (r->fault == MOCK_FAULT_RESET) {
        struct linger lg = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        /* connect(AF_UNSPEC) aborts an established TCP connection with an RST at once; MHD
         * still owns (and later closes) the descriptor. */
        struct sockaddr unspec;
        memset(&unspec, 0, sizeof unspec);
        unspec.sa_family = AF_UNSPEC;
        connect(fd, &unspec, sizeof unspec);
    } else if (r->fault == MOCK_FAULT_TRUNCATE) {
        int hl = snprintf(head, sizeof head,
                          "HTTP/1.1 %d OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n\r\n",
                          r->status, r->content_type, n + 16);
        write_all(fd, head, (size_t)hl);
        write_all(fd, body, n / 2);
    } else if (r->fault == MOCK_FAULT_BADCHUNK) {
        int hl = snprintf(head, sizeof head,
                          "HTTP/1.1 %d OK\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n"
                          "Connection: close\r\n\r\nZZ;\r\n",
                          r->status, r->content_type);
        write_all(fd, head, (size_t)hl);
        write_all(fd, body, n);
        write_all(fd, "\r\nxyz\r\n", 7);
    } else if (r->fault == MOCK_FAULT_GARBAGE) {
        char junk[512];
        uint64_t x = mock_hash(body, n) | 1;
        for (size_t i = 0; i < sizeof junk; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            junk[i] = (char)(x & 0xff);
        }
        junk[0] = '\x01'; /* never a valid status line */
        write_all(fd, junk, sizeof junk);
    }
}

/* Drip callback: a few bytes per call with a pause. */
static ssize_t drip_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    drip_ctx *d = cls;
    if (pos >= d->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t step = d->len / 20 + 1;
    size_t n = d->len - (size_t)pos;
    n = n < step ? n : step;
    n = n < max ? n : max;
    sleep_ms(10);
    memcpy(buf, d->data + pos, n);
    return (ssize_t)n;
}

/* Frees a drip context. */
static void drip_free(void *cls)
{
    drip_ctx *d = cls;
    free(d->data);
    free(d);
}

/* Builds the MHD response for r (NULL on failure). */
static struct MHD_Response *make_response(mock_response *r)
{
    struct MHD_Response *resp;
    if (r->fault == MOCK_FAULT_DRIP) {
        drip_ctx *d = calloc(1, sizeof *d);
        if (!d)
            return NULL;
        d->data = panel_buf_take(&r->body, &d->len);
        resp = MHD_create_response_from_callback(d->len, 64, drip_read, d, drip_free);
        if (!resp)
            drip_free(d);
    } else {
        size_t len = 0;
        char *data = panel_buf_take(&r->body, &len);
        resp = MHD_create_response_from_buffer(
            len, data ? data : (char *)"", data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    }
    if (!resp)
        return NULL;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    for (int i = 0; i < r->n_headers; i++)
        MHD_add_response_header(resp, r->header_name[i], r->header_value[i]);
    return resp;
}

/* Collects the request headers the handler reads into "Name: value\r\n" lines. */
static void collect_headers(struct MHD_Connection *c, char *out, size_t outsz)
{
    static const char *const names[] = {"Content-Type", "X-Panelmock-Fault", "X-Panelmock-Quirk"};
    size_t off = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, names[i]);
        if (v && off < outsz) {
            int w = snprintf(out + off, outsz - off, "%s: %s\r\n", names[i], v);
            if (w > 0)
                off += (size_t)w;
        }
    }
}

/* The client's address as text. */
static void client_ip(struct MHD_Connection *c, char *out, size_t outsz)
{
    snprintf(out, outsz, "?");
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)outsz);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)outsz);
}

/* The MHD access handler: gathers the body, then answers through mock_handle. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    mock_server *m = cls;
    conn_ctx *ctx = *con_cls;
    if (!ctx) {
        ctx = calloc(1, sizeof *ctx);
        if (!ctx)
            return MHD_NO;
        panel_buf_init(&ctx->body, MOCK_MAX_BODY);
        *con_cls = ctx;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!ctx->too_large &&
            panel_buf_append(&ctx->body, upload_data, *upload_size) != PANEL_E_OK)
            ctx->too_large = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    panel_buf path;
    panel_buf_init(&path, 8192);
    panel_buf_puts(&path, url);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &path);
    char headers[1024], ip[64];
    collect_headers(c, headers, sizeof headers);
    client_ip(c, ip, sizeof ip);
    mock_response r;
    panel_err rc;
    if (ctx->too_large) {
        memset(&r, 0, sizeof r);
        panel_buf_init(&r.body, 256);
        rc = mock_respond_text(&r, 413, "application/json",
                               "{\"error\":\"Request body too large\"}", 34);
    } else {
        rc = mock_handle(m->s, method, path.data ? path.data : url, headers,
                         ctx->body.data ? ctx->body.data : "", ctx->body.len, ip, &r);
    }
    panel_buf_free(&path);
    enum MHD_Result ret = MHD_NO;
    if (rc != PANEL_E_OK) {
        mock_respond_text(&r, 500, "application/json", "{\"error\":\"panelmock error\"}", 27);
    }
    if (r.latency_ms)
        sleep_ms(r.latency_ms);
    if (r.fault && r.fault != MOCK_FAULT_DRIP) {
        raw_fault(c, &r);
        mock_response_free(&r);
        return MHD_NO;
    }
    struct MHD_Response *resp = make_response(&r);
    if (resp) {
        ret = MHD_queue_response(c, (unsigned)r.status, resp);
        MHD_destroy_response(resp);
    }
    mock_response_free(&r);
    return ret;
}

/* Frees the per-connection body buffer when a request completes. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_ctx *ctx = *con_cls;
    if (ctx) {
        panel_buf_free(&ctx->body);
        free(ctx);
        *con_cls = NULL;
    }
}

/* Parses "HOST:PORT" into an IPv4 address. */
static panel_err parse_listen(const char *listen, struct sockaddr_in *sa, char *host, size_t hostsz)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= hostsz)
        return PANEL_E_USAGE;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (strcmp(host, "localhost") == 0)
        snprintf(host, hostsz, "127.0.0.1");
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || end == colon + 1)
        return PANEL_E_USAGE;
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return PANEL_E_USAGE;
    sa->sin_port = htons((uint16_t)port);
    return PANEL_E_OK;
}

/* The port the daemon is bound to. */
static unsigned bound_port(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
    if (!di)
        return 0;
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    if (getsockname(di->listen_fd, (struct sockaddr *)&sa, &sl) != 0)
        return 0;
    return ntohs(sa.sin_port);
}

/* Starts the daemon on cfg->listen with a state built from cfg. */
panel_err mock_server_start(const mock_config *cfg, mock_server **out, char *url, size_t urlsz,
                            char *err, size_t errsz)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        errsz = sizeof dummy;
    }
    *out = NULL;
    struct sockaddr_in sa;
    char host[64];
    if (parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:0", &sa, host, sizeof host)) {
        snprintf(err, errsz, "--listen wants HOST:PORT with an IPv4 host");
        return PANEL_E_USAGE;
    }
    mock_server *m = calloc(1, sizeof *m);
    if (!m)
        return PANEL_E_NOMEM;
    panel_err rc = mock_state_new(cfg, &m->s, err, errsz);
    if (rc != PANEL_E_OK) {
        free(m);
        return rc;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned pool = cores > 0 ? (unsigned)cores : 1;
    m->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL,
                            on_request, m, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_THREAD_POOL_SIZE, pool, MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned)10, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
                            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, m, MHD_OPTION_END);
    if (!m->d) {
        snprintf(err, errsz, "cannot listen on %s: %s", cfg->listen ? cfg->listen : "?",
                 strerror(errno));
        mock_state_free(m->s);
        free(m);
        return PANEL_E_NET;
    }
    snprintf(url, urlsz, "http://%s:%u", host, bound_port(m->d));
    *out = m;
    return PANEL_E_OK;
}

/* The running server's state (borrowed). */
mock_state *mock_server_state_borrow(mock_server *m)
{
    return m ? m->s : NULL;
}

/* Stops the daemon and frees the state; NULL is fine. */
void mock_server_stop(mock_server *m)
{
    if (!m)
        return;
    MHD_stop_daemon(m->d);
    mock_state_free(m->s);
    free(m);
}
